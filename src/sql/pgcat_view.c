/* pgcat_view.c — the catalog views of user views: pg_views, pg_matviews and
 * information_schema.views (definitions from pg_get_viewdef, view_def.c).
 * The built-in views (pg_catalog / information_schema) have no stored
 * query and are not listed.
 */
#include "sql/catalog.h"
#include "sql/trigger.h"
#include "sql/env.h"
#include "sql/view.h"
#include "sql/vtab.h"

#include "common/mem.h"
#include "common/str.h"

#include <string.h>

int sql__pgcat_views(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_views")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'v')
            continue;
        char *def;
        rc = sql_view_def(env, t, false, ctx, &def, e);
        if (rc != 0)
            return rc;
        sql__vr_row(&r);
        sql__vr_str(&r, "schemaname", t->schema);
        sql__vr_str(&r, "viewname", t->name);
        sql__vr_str(&r, "viewowner", t->owner);
        sql__vr_str(&r, "definition", def);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_matviews(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_matviews")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (!t->matview)
            continue;
        char *def;
        rc = sql_view_def(env, t, false, ctx, &def, e);
        if (rc != 0)
            return rc;
        bool idx = false;
        for (int k = 0; k < t->nidx; k++)
            idx = idx || t->idx[k].oid != 0;
        sql__vr_row(&r);
        sql__vr_str(&r, "schemaname", t->schema);
        sql__vr_str(&r, "matviewname", t->name);
        sql__vr_str(&r, "matviewowner", t->owner);
        sql__vr_bool(&r, "hasindexes", idx);
        sql__vr_bool(&r, "ispopulated", t->populated);
        sql__vr_str(&r, "definition", def);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_is_views(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "views")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'v')
            continue;
        char *def;
        rc = sql_view_def(env, t, false, ctx, &def, e);
        if (rc != 0)
            return rc;
        sql__vr_row(&r);
        sql__vr_str(&r, "table_catalog", env->database != NULL ? env->database : SQL_DEFAULT_NAME);
        sql__vr_str(&r, "table_schema", t->schema);
        sql__vr_str(&r, "table_name", t->name);
        sql__vr_str(&r, "view_definition", def);
        const char *co = t->options ? strstr(t->options, "check_option=") : NULL;
        sql__vr_str(&r, "check_option",
                    co == NULL                          ? "NONE"
                    : strncmp(co + 13, "local", 5) == 0 ? "LOCAL"
                                                        : "CASCADED");
        bool upd;
        sql_view_updatable(env, t, ctx, &upd, NULL);
        sql__vr_str(&r, "is_updatable", upd ? "YES" : "NO");
        bool ti = sql__trig_instead(t, SQL_TRIG_INSERT); /* INSTEAD OF triggers (trigger.h) */
        sql__vr_str(&r, "is_insertable_into", upd || ti ? "YES" : "NO");
        sql__vr_str(&r, "is_trigger_updatable",
                    sql__trig_instead(t, SQL_TRIG_UPDATE) ? "YES" : "NO");
        sql__vr_str(&r, "is_trigger_deletable",
                    sql__trig_instead(t, SQL_TRIG_DELETE) ? "YES" : "NO");
        sql__vr_str(&r, "is_trigger_insertable_into", ti ? "YES" : "NO");
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}
