/* parse_owner.c — ALTER SCHEMA / DOMAIN / DATABASE ... OWNER TO into
 * SQL_STMT_ALTER_OWNER (ast.h; run by ddl_owner.c). ALTER TYPE ... OWNER
 * TO is parse_enum.c's, ALTER FUNCTION's parse_function.c's, and the
 * relation forms are ALTER TABLE commands. */
#include "sql/parse_int.h"

#include "common/mem.h"

char *sql__cv_owner_spec(struct sql__cv *cv, const PgQuery__RoleSpec *rs)
{
    switch (rs->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
        return mem_strdup(cv->ctx, rs->rolename ? rs->rolename : "");
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
        return NULL;
    default:
        return mem_strdup(cv->ctx, "PUBLIC"); /* 42704 role "public" at run time */
    }
}

int sql__cv_alter_owner(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_OWNER_STMT)
        return 1;
    const PgQuery__AlterOwnerStmt *s = n->alter_owner_stmt;
    char objtype;
    switch (s->object_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        objtype = 'n';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        objtype = 'D';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        objtype = 'd';
        break;
    default:
        return 1;
    }
    const pq_node *o = s->object;
    if (o == NULL || s->newowner == NULL)
        return sql__malformed(cv, "ALTER OWNER");
    st->kind = SQL_STMT_ALTER_OWNER;
    st->u.alter_owner.objtype = objtype;
    st->u.alter_owner.newowner = sql__cv_owner_spec(cv, s->newowner);
    if (objtype == 'D') {
        if (o->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "ALTER DOMAIN OWNER TO");
        return sql__cv_qname(cv, o->list->items, o->list->n_items, &st->u.alter_owner.name);
    }
    if (o->node_case != PG_QUERY__NODE__NODE_STRING || o->string->sval == NULL)
        return sql__malformed(cv, "ALTER OWNER");
    st->u.alter_owner.name.name = mem_strdup(cv->ctx, o->string->sval);
    return 0;
}
