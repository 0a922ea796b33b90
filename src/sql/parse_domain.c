/* parse_domain.c — CREATE DOMAIN, ALTER DOMAIN (SET/DROP DEFAULT, SET/DROP
 * NOT NULL, ADD/DROP/VALIDATE CONSTRAINT, RENAME TO, RENAME CONSTRAINT) and
 * DROP DOMAIN into SQL_STMT_DOMAIN_DDL (ast.h, domain.h). */
#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"

#include <string.h>

static int cv_constraints(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, (int)n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return sql__malformed(cv, "domain constraint");
        struct sql_constraint *k;
        int rc = sql__cv_constraint(cv, items[i]->constraint, &k);
        if (rc != 0)
            return rc;
        out->items[i] = k;
    }
    return 0;
}

static int cv_create(struct sql__cv *cv, const PgQuery__CreateDomainStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_DOMAIN_DDL;
    st->u.domain_ddl.op = 'c';
    int rc = sql__cv_qname_list1(cv, s->domainname, s->n_domainname, &st->u.domain_ddl.names);
    if (rc == 0 && s->type_name != NULL)
        rc = sql__cv_typename(cv, s->type_name, &st->u.domain_ddl.type);
    if (rc == 0 && s->coll_clause != NULL) {
        st->u.domain_ddl.collation = mem_alloc0(cv->ctx, sizeof(struct sql_qname));
        rc = sql__cv_qname(cv, s->coll_clause->collname, s->coll_clause->n_collname,
                           st->u.domain_ddl.collation);
    }
    if (rc == 0)
        rc = cv_constraints(cv, s->constraints, s->n_constraints, &st->u.domain_ddl.constraints);
    return rc;
}

static int cv_alter(struct sql__cv *cv, const PgQuery__AlterDomainStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_DOMAIN_DDL;
    char op = s->subtype != NULL ? s->subtype[0] : '\0';
    if (strchr("TNOCXV", op) == NULL || op == '\0')
        return sql__unsupported(cv, "this form of ALTER DOMAIN");
    st->u.domain_ddl.op = op;
    st->u.domain_ddl.if_exists = s->missing_ok;
    st->u.domain_ddl.behavior = sql__cv_drop_behavior(s->behavior);
    st->u.domain_ddl.name = sql__strdup(cv, s->name);
    int rc = sql__cv_qname_list1(cv, s->type_name, s->n_type_name, &st->u.domain_ddl.names);
    if (rc != 0)
        return rc;
    if (op == 'T')
        return sql__cv_expr_opt(cv, s->def, &st->u.domain_ddl.def);
    if (op == 'C') {
        if (s->def == NULL)
            return sql__malformed(cv, "ALTER DOMAIN ADD");
        return cv_constraints(cv, (pq_node **)&s->def, 1, &st->u.domain_ddl.constraints);
    }
    return 0;
}

static int cv_drop(struct sql__cv *cv, const PgQuery__DropStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_DOMAIN_DDL;
    st->u.domain_ddl.op = 'd';
    st->u.domain_ddl.if_exists = s->missing_ok;
    st->u.domain_ddl.behavior = sql__cv_drop_behavior(s->behavior);
    return sql__cv_drop_type_names(cv, s, "DOMAIN", &st->u.domain_ddl.names);
}

static int cv_rename(struct sql__cv *cv, const PgQuery__RenameStmt *s, struct sql_stmt *st)
{
    const pq_node *o = s->object;
    if (o == NULL)
        return sql__malformed(cv, "ALTER DOMAIN RENAME object");
    st->kind = SQL_STMT_DOMAIN_DDL;
    st->u.domain_ddl.op = s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN ? 'n' : 'r';
    st->u.domain_ddl.newname = mem_strdup(cv->ctx, s->newname ? s->newname : "");
    st->u.domain_ddl.name = sql__strdup(cv, s->subname);
    if (o->node_case == PG_QUERY__NODE__NODE_LIST)
        return sql__cv_qname_list1(cv, o->list->items, o->list->n_items, &st->u.domain_ddl.names);
    if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        return sql__cv_qname_list1(cv, o->type_name->names, o->type_name->n_names,
                                   &st->u.domain_ddl.names);
    return sql__malformed(cv, "ALTER DOMAIN RENAME object");
}

int sql__cv_domain(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        return cv_create(cv, n->create_domain_stmt, st);
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
        return cv_alter(cv, n->alter_domain_stmt, st);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        if (n->drop_stmt->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
            return 1;
        return cv_drop(cv, n->drop_stmt, st);
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: { /* ALTER DOMAIN SET SCHEMA: 'S' */
        const PgQuery__AlterObjectSchemaStmt *s = n->alter_object_schema_stmt;
        const pq_node *o = s->object;
        if (s->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
            return 1;
        if (o == NULL || o->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "ALTER DOMAIN SET SCHEMA");
        st->kind = SQL_STMT_DOMAIN_DDL;
        st->u.domain_ddl.op = 'S';
        st->u.domain_ddl.newname = mem_strdup(cv->ctx, s->newschema ? s->newschema : "");
        return sql__cv_qname_list1(cv, o->list->items, o->list->n_items, &st->u.domain_ddl.names);
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        if (n->rename_stmt->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN &&
            n->rename_stmt->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT)
            return 1;
        return cv_rename(cv, n->rename_stmt, st);
    default:
        return 1;
    }
}
