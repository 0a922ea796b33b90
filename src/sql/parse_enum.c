/* parse_enum.c — CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE, RENAME
 * VALUE, RENAME TO) and DROP TYPE into SQL_STMT_TYPE_DDL (ast.h). Other
 * forms of CREATE TYPE / ALTER TYPE stay unconverted (0A000 from the
 * caller's fallback). */
#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"

#include <string.h>

static int cv_drop_type(struct sql__cv *cv, const PgQuery__DropStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_TYPE_DDL;
    st->u.type_ddl.op = 'd';
    st->u.type_ddl.if_exists = s->missing_ok;
    st->u.type_ddl.behavior = sql__cv_drop_behavior(s->behavior);
    return sql__cv_drop_type_names(cv, s, "TYPE", &st->u.type_ddl.names);
}

/* CREATE TYPE name AS (field type, ...): op 'C' (ctype.h). */
static int cv_composite(struct sql__cv *cv, const PgQuery__CompositeTypeStmt *s,
                        struct sql_stmt *st)
{
    st->kind = SQL_STMT_TYPE_DDL;
    st->u.type_ddl.op = 'C';
    const PgQuery__RangeVar *rv = s->typevar;
    if (rv == NULL || rv->relname == NULL)
        return sql__malformed(cv, "CREATE TYPE name");
    if (rv->catalogname != NULL && rv->catalogname[0] != '\0')
        return sql__unsupported(cv, "cross-database references");
    struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
    q->schema = sql__strdup(cv, rv->schemaname);
    q->name = mem_strdup(cv->ctx, rv->relname);
    sql__list_init(cv, &st->u.type_ddl.names, 1);
    st->u.type_ddl.names.items[0] = q;
    sql__list_init(cv, &st->u.type_ddl.labels, s->n_coldeflist);
    sql__list_init(cv, &st->u.type_ddl.fieldtypes, s->n_coldeflist);
    for (size_t i = 0; i < s->n_coldeflist; i++) {
        const pq_node *c = s->coldeflist[i];
        if (c->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF || c->column_def->type_name == NULL)
            return sql__malformed(cv, "CREATE TYPE column");
        const PgQuery__ColumnDef *cd = c->column_def;
        if (cd->coll_clause != NULL)
            return sql__unsupported(cv, "COLLATE in CREATE TYPE");
        st->u.type_ddl.labels.items[i] = mem_strdup(cv->ctx, cd->colname ? cd->colname : "");
        struct sql_typename *tn;
        int rc = sql__cv_typename(cv, cd->type_name, &tn);
        if (rc != 0)
            return rc;
        st->u.type_ddl.fieldtypes.items[i] = tn;
    }
    return 0;
}

/* ALTER TYPE name ADD/DROP/ALTER ATTRIBUTE ...: op 'L' (ctype_alter.c). */
static int cv_alter_attrs(struct sql__cv *cv, const PgQuery__AlterTableStmt *s, struct sql_stmt *st)
{
    const PgQuery__RangeVar *rv = s->relation;
    if (rv == NULL || rv->relname == NULL)
        return sql__malformed(cv, "ALTER TYPE name");
    if (rv->catalogname != NULL && rv->catalogname[0] != '\0')
        return sql__unsupported(cv, "cross-database references");
    st->kind = SQL_STMT_TYPE_DDL;
    st->u.type_ddl.op = 'L';
    struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
    q->schema = sql__strdup(cv, rv->schemaname);
    q->name = mem_strdup(cv->ctx, rv->relname);
    sql__list_init(cv, &st->u.type_ddl.names, 1);
    st->u.type_ddl.names.items[0] = q;
    sql__list_init(cv, &st->u.type_ddl.attrs, s->n_cmds);
    for (size_t i = 0; i < s->n_cmds; i++) {
        if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
            return sql__malformed(cv, "ALTER TYPE command");
        const PgQuery__AlterTableCmd *c = s->cmds[i]->alter_table_cmd;
        struct sql_type_attr_cmd *a = mem_alloc0(cv->ctx, sizeof(*a));
        a->behavior = sql__cv_drop_behavior(c->behavior);
        a->if_exists = c->missing_ok;
        const PgQuery__ColumnDef *cd = NULL;
        switch (c->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
            a->op = 'A';
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
            a->op = 'D';
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
            a->op = 'T';
            break;
        default:
            return sql__unsupported(cv, "this form of ALTER TYPE");
        }
        if (a->op != 'D') {
            if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF ||
                c->def->column_def->type_name == NULL)
                return sql__malformed(cv, "ALTER TYPE attribute");
            cd = c->def->column_def;
            int rc = sql__cv_typename(cv, cd->type_name, &a->type);
            if (rc != 0)
                return rc;
            if (cd->coll_clause != NULL) {
                a->collation = mem_alloc0(cv->ctx, sizeof(*a->collation));
                rc = sql__cv_qname(cv, cd->coll_clause->collname, cd->coll_clause->n_collname,
                                   a->collation);
                if (rc != 0)
                    return rc;
            }
        }
        const char *nm = a->op == 'A' && cd != NULL ? cd->colname : c->name;
        a->name = mem_strdup(cv->ctx, nm != NULL ? nm : "");
        st->u.type_ddl.attrs.items[i] = a;
    }
    return 0;
}

int sql__cv_enum(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        if (n->alter_table_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return 1;
        return cv_alter_attrs(cv, n->alter_table_stmt, st);
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        return cv_composite(cv, n->composite_type_stmt, st);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
        const PgQuery__CreateEnumStmt *s = n->create_enum_stmt;
        st->kind = SQL_STMT_TYPE_DDL;
        st->u.type_ddl.op = 'c';
        int rc = sql__cv_qname_list1(cv, s->type_name, s->n_type_name, &st->u.type_ddl.names);
        if (rc != 0)
            return rc;
        return sql__cv_names(cv, s->vals, s->n_vals, &st->u.type_ddl.labels);
    }
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: {
        const PgQuery__AlterEnumStmt *s = n->alter_enum_stmt;
        st->kind = SQL_STMT_TYPE_DDL;
        int rc = sql__cv_qname_list1(cv, s->type_name, s->n_type_name, &st->u.type_ddl.names);
        if (rc != 0)
            return rc;
        if (s->old_val != NULL && s->old_val[0] != '\0') {
            st->u.type_ddl.op = 'v';
            st->u.type_ddl.value = mem_strdup(cv->ctx, s->old_val);
            st->u.type_ddl.newname = mem_strdup(cv->ctx, s->new_val ? s->new_val : "");
            return 0;
        }
        st->u.type_ddl.op = 'a';
        st->u.type_ddl.value = mem_strdup(cv->ctx, s->new_val ? s->new_val : "");
        st->u.type_ddl.neighbor = sql__strdup(cv, s->new_val_neighbor);
        st->u.type_ddl.after = s->new_val_is_after;
        st->u.type_ddl.if_exists = s->skip_if_new_val_exists;
        return 0;
    }
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: { /* ALTER TYPE name OWNER TO: op 'O' */
        const PgQuery__AlterOwnerStmt *s = n->alter_owner_stmt;
        const pq_node *o = s->object;
        if (s->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return 1;
        if (o == NULL || o->node_case != PG_QUERY__NODE__NODE_LIST || s->newowner == NULL)
            return sql__malformed(cv, "ALTER TYPE OWNER TO");
        st->kind = SQL_STMT_TYPE_DDL;
        st->u.type_ddl.op = 'O';
        st->u.type_ddl.newname = sql__cv_owner_spec(cv, s->newowner);
        return sql__cv_qname_list1(cv, o->list->items, o->list->n_items, &st->u.type_ddl.names);
    }
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: { /* ALTER TYPE name SET SCHEMA: 'S' */
        const PgQuery__AlterObjectSchemaStmt *s = n->alter_object_schema_stmt;
        const pq_node *o = s->object;
        if (s->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return 1;
        if (o == NULL || o->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "ALTER TYPE SET SCHEMA");
        st->kind = SQL_STMT_TYPE_DDL;
        st->u.type_ddl.op = 'S';
        st->u.type_ddl.newname = mem_strdup(cv->ctx, s->newschema ? s->newschema : "");
        return sql__cv_qname_list1(cv, o->list->items, o->list->n_items, &st->u.type_ddl.names);
    }
    case PG_QUERY__NODE__NODE_DROP_STMT:
        if (n->drop_stmt->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return 1;
        return cv_drop_type(cv, n->drop_stmt, st);
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
        const PgQuery__RenameStmt *s = n->rename_stmt;
        if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE &&
            s->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
            const PgQuery__RangeVar *rv = s->relation; /* ALTER TYPE RENAME ATTRIBUTE */
            if (rv == NULL || rv->relname == NULL)
                return sql__malformed(cv, "ALTER TYPE name");
            st->kind = SQL_STMT_TYPE_DDL;
            st->u.type_ddl.op = 'R';
            struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
            q->schema = sql__strdup(cv, rv->schemaname);
            q->name = mem_strdup(cv->ctx, rv->relname);
            sql__list_init(cv, &st->u.type_ddl.names, 1);
            st->u.type_ddl.names.items[0] = q;
            st->u.type_ddl.value = mem_strdup(cv->ctx, s->subname ? s->subname : "");
            st->u.type_ddl.newname = mem_strdup(cv->ctx, s->newname ? s->newname : "");
            st->u.type_ddl.behavior = sql__cv_drop_behavior(s->behavior);
            return 0;
        }
        if (s->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return 1;
        const pq_node *o = s->object;
        if (o == NULL || o->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "ALTER TYPE RENAME object");
        st->kind = SQL_STMT_TYPE_DDL;
        st->u.type_ddl.op = 'n';
        st->u.type_ddl.newname = mem_strdup(cv->ctx, s->newname ? s->newname : "");
        return sql__cv_qname_list1(cv, o->list->items, o->list->n_items, &st->u.type_ddl.names);
    }
    default:
        return 1;
    }
}
