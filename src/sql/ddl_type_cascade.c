/* ddl_type_cascade.c — DROP DOMAIN / DROP TYPE <enum> ... CASCADE: the
 * table columns of the type are dropped first (ALTER TABLE t DROP COLUMN c
 * CASCADE each), announced as PostgreSQL's "drop cascades to column c of
 * table t" NOTICE. Views and materialized views with a column of the type
 * are not handled here (the callers answer 0A000).
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/ddl_int.h"
#include "sql/env.h"

#include <stdio.h>
#include <string.h>

static bool col_uses(const struct sql_col_desc *c, uint32_t oid)
{
    return c->domain == oid || c->ctype == oid || (c->domain == 0 && c->type == oid);
}

int sql__type_cascade_columns(struct sql_env *env, const uint32_t *oids, int noids, bool *handled,
                              struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    *handled = false;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    struct sbuf lines;
    sbuf_init(&lines);
    int n = 0;
    for (int k = 0; k < noids; k++)
        for (size_t i = 0; i < nt; i++)
            for (int j = 0; j < tabs[i]->ncols; j++) {
                const struct sql_col_desc *c = &tabs[i]->cols[j];
                if (!col_uses(c, oids[k]))
                    continue;
                if (tabs[i]->kind != 'r' || tabs[i]->matview) {
                    sbuf_free(&lines);
                    return 0; /* a view's column: not handled */
                }
                sbuf_printf(&lines, "%sdrop cascades to column %s of table %s", n ? "\n" : "",
                            c->name, tabs[i]->name);
                n++;
            }
    *handled = true;
    if (n > 0 && env->notice != NULL) {
        char msg[64];
        struct sql_notice nt1 = {.severity = "NOTICE", .sqlstate = "00000", .message = msg};
        if (n == 1) {
            nt1.message = lines.data;
        } else {
            snprintf(msg, sizeof msg, "drop cascades to %d other objects", n);
            nt1.detail = lines.data;
        }
        rc = env->notice(env->notice_arg, &nt1);
    }
    sbuf_free(&lines);
    for (int k = 0; rc == 0 && k < noids; k++)
        for (size_t i = 0; rc == 0 && i < nt; i++)
            for (int j = 0; rc == 0 && j < tabs[i]->ncols; j++) {
                const struct sql_col_desc *c = &tabs[i]->cols[j];
                if (!col_uses(c, oids[k]))
                    continue;
                struct sql_rangevar rv;
                memset(&rv, 0, sizeof rv);
                rv.name.schema = (char *)tabs[i]->schema;
                rv.name.name = (char *)tabs[i]->name;
                rv.location = -1;
                rv.persistence = 'p';
                struct sql_alter_cmd cmd;
                memset(&cmd, 0, sizeof cmd);
                cmd.kind = SQL_ALTER_DROP_COLUMN;
                cmd.name = mem_strdup(env->stmt_ctx, c->name);
                cmd.behavior = SQL_DROP_CASCADE;
                void *items[1] = {&cmd};
                struct sql_stmt st;
                memset(&st, 0, sizeof st);
                st.kind = SQL_STMT_ALTER_TABLE;
                st.location = -1;
                st.u.alter_table.table = &rv;
                st.u.alter_table.cmds.n = 1;
                st.u.alter_table.cmds.items = items;
                rc = sql__alter_table(env, &st, e);
            }
    return rc;
}
