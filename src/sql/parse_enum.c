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

int sql__cv_enum(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    switch (n->node_case) {
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
    case PG_QUERY__NODE__NODE_DROP_STMT:
        if (n->drop_stmt->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return 1;
        return cv_drop_type(cv, n->drop_stmt, st);
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
        const PgQuery__RenameStmt *s = n->rename_stmt;
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
