/* pgcat_trigger.c — the catalog face of user triggers (trigger.h):
 * pg_trigger rows, information_schema.triggers, pg_get_triggerdef (the
 * text of PostgreSQL's ruleutils.c pg_get_triggerdef_worker, which psql's
 * \d "Triggers:" footer prints) and pg_trigger_depth().
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog.h"
#include "sql/deparse.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/sqlfn.h"
#include "sql/trigger.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <stdio.h>
#include <string.h>

static void quote_literal(const char *s, struct sbuf *out)
{
    sbuf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            sbuf_putc(out, '\'');
        sbuf_putc(out, *s);
    }
    sbuf_putc(out, '\'');
}

static bool schema_in_path(struct sql_env *env, const char *schema)
{
    if (strcmp(schema, "pg_catalog") == 0)
        return true;
    for (int i = 0; i < env->nsearch; i++)
        if (strcmp(env->search_path[i], schema) == 0)
            return true;
    return env->nsearch == 0 && strcmp(schema, "public") == 0;
}

void sql__trigger_def(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_trig_desc *g, bool pretty, struct sbuf *out)
{
    sbuf_puts(out, "CREATE TRIGGER ");
    sql_deparse_ident(g->name, out);
    sbuf_putc(out, ' ');
    sbuf_puts(out, (g->type & SQL_TRIG_BEFORE)    ? "BEFORE"
                   : (g->type & SQL_TRIG_INSTEAD) ? "INSTEAD OF"
                                                  : "AFTER");
    bool first = true;
    static const int evs[] = {SQL_TRIG_INSERT, SQL_TRIG_DELETE, SQL_TRIG_UPDATE, SQL_TRIG_TRUNCATE};
    static const char *const words[] = {"INSERT", "DELETE", "UPDATE", "TRUNCATE"};
    for (int k = 0; k < 4; k++) {
        if ((g->type & evs[k]) == 0)
            continue;
        sbuf_puts(out, first ? " " : " OR ");
        first = false;
        sbuf_puts(out, words[k]);
        if (evs[k] == SQL_TRIG_UPDATE && g->ncols > 0) {
            sbuf_puts(out, " OF ");
            for (int j = 0; j < g->ncols; j++) {
                const struct sql_col_desc *c = sql_cat_column_by_id(t, g->col_ids[j]);
                if (j > 0)
                    sbuf_puts(out, ", ");
                sql_deparse_ident(c != NULL ? c->name : "?", out);
            }
        }
    }
    sbuf_puts(out, " ON ");
    bool vis = false;
    struct err e2 = {0};
    if (pretty && sql__pgcat_visible(env, t, t->name, &vis, &e2) != 0)
        vis = false;
    if (!vis) {
        sql_deparse_ident(t->schema, out);
        sbuf_putc(out, '.');
    }
    sql_deparse_ident(t->name, out);
    sbuf_puts(out, (g->type & SQL_TRIG_ROW) ? " FOR EACH ROW" : " FOR EACH STATEMENT");
    if (g->when_sql != NULL) {
        sbuf_puts(out, " WHEN (");
        sql__pgcat_expr(g->when_sql, t, pretty, out);
        sbuf_putc(out, ')');
    }
    sbuf_puts(out, " EXECUTE FUNCTION ");
    const struct sql_fn_desc *f = NULL;
    if (sql__fn_load(env, g->fn_oid, env->stmt_ctx, &f, &e2) != 0)
        f = NULL;
    if (f != NULL) {
        if (!schema_in_path(env, f->schema)) {
            sql_deparse_ident(f->schema, out);
            sbuf_putc(out, '.');
        }
        sql_deparse_ident(f->name, out);
    } else {
        sbuf_printf(out, "%u", g->fn_oid);
    }
    sbuf_putc(out, '(');
    for (int j = 0; j < g->nargs; j++) {
        if (j > 0)
            sbuf_puts(out, ", ");
        quote_literal(g->args[j], out);
    }
    sbuf_putc(out, ')');
}

static void put_raw(struct sql__vrows *r, const char *name, uint32_t type, const char *p, size_t n)
{
    for (int i = 0; i < r->desc->ncols; i++) {
        if (strcmp(r->desc->cols[i].name, name) != 0)
            continue;
        char *q = mem_alloc(r->ctx, n + 1);
        memcpy(q, p, n);
        q[n] = 0;
        r->cur[i].type = type;
        r->cur[i].null = false;
        r->cur[i].u.s.p = q;
        r->cur[i].u.s.len = n;
    }
}

int sql__pgcat_trigger(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_trigger")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->ntrigs; k++) {
            const struct sql_trig_desc *g = &t->trigs[k];
            sql__vr_row(&r);
            sql__vr_int(&r, "oid", g->oid);
            sql__vr_int(&r, "tgrelid", t->oid);
            sql__vr_int(&r, "tgparentid", 0);
            sql__vr_str(&r, "tgname", g->name);
            sql__vr_int(&r, "tgfoid", g->fn_oid);
            sql__vr_int(&r, "tgtype", g->type);
            sql__vr_char(&r, "tgenabled", g->enabled);
            sql__vr_bool(&r, "tgisinternal", false);
            sql__vr_int(&r, "tgconstrrelid", 0);
            sql__vr_int(&r, "tgconstrindid", 0);
            sql__vr_int(&r, "tgconstraint", 0);
            sql__vr_bool(&r, "tgdeferrable", false);
            sql__vr_bool(&r, "tginitdeferred", false);
            sql__vr_int(&r, "tgnargs", g->nargs);
            struct sbuf b;
            sbuf_init(&b);
            for (int j = 0; j < g->ncols; j++) {
                const struct sql_col_desc *c = sql_cat_column_by_id(t, g->col_ids[j]);
                sbuf_printf(&b, "%s%d", j > 0 ? " " : "", c != NULL ? c->attnum : 0);
            }
            sql__vr_str(&r, "tgattr", b.data != NULL ? b.data : "");
            sbuf_reset(&b);
            for (int j = 0; j < g->nargs; j++) {
                sbuf_puts(&b, g->args[j]);
                sbuf_putc(&b, '\0');
            }
            put_raw(&r, "tgargs", SQL_T_BYTEA, b.data != NULL ? b.data : "", b.len);
            sbuf_free(&b);
            sql__vr_str(&r, "tgqual", g->when_sql);
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_is_triggers(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                           size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "triggers")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    static const int evs[] = {SQL_TRIG_INSERT, SQL_TRIG_DELETE, SQL_TRIG_UPDATE};
    static const char *const words[] = {"INSERT", "DELETE", "UPDATE"};
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->ntrigs; k++) {
            const struct sql_trig_desc *g = &t->trigs[k];
            for (int v = 0; v < 3; v++) {
                if ((g->type & evs[v]) == 0)
                    continue;
                /* action_order: rank among the table's triggers of the same
                 * event, timing and level, in name order (PostgreSQL's) */
                int order = 1;
                for (int j = 0; j < t->ntrigs; j++) {
                    const struct sql_trig_desc *o = &t->trigs[j];
                    if (j != k && (o->type & evs[v]) &&
                        (o->type & (SQL_TRIG_ROW | SQL_TRIG_BEFORE | SQL_TRIG_INSTEAD)) ==
                            (g->type & (SQL_TRIG_ROW | SQL_TRIG_BEFORE | SQL_TRIG_INSTEAD)) &&
                        strcmp(o->name, g->name) < 0)
                        order++;
                }
                sql__vr_row(&r);
                sql__vr_str(&r, "trigger_catalog", env->database);
                sql__vr_str(&r, "trigger_schema", t->schema);
                sql__vr_str(&r, "trigger_name", g->name);
                sql__vr_str(&r, "event_manipulation", words[v]);
                sql__vr_str(&r, "event_object_catalog", env->database);
                sql__vr_str(&r, "event_object_schema", t->schema);
                sql__vr_str(&r, "event_object_table", t->name);
                sql__vr_int(&r, "action_order", order);
                if (g->when_sql != NULL) {
                    struct sbuf w;
                    sbuf_init(&w);
                    sql__pgcat_expr(g->when_sql, t, false, &w);
                    sql__vr_str(&r, "action_condition", w.data);
                    sbuf_free(&w);
                }
                struct sbuf d;
                sbuf_init(&d);
                sql__trigger_def(env, t, g, false, &d);
                const char *ex = strstr(d.data, " EXECUTE FUNCTION ");
                sql__vr_str(&r, "action_statement", ex != NULL ? ex + 1 : d.data);
                sbuf_free(&d);
                sql__vr_str(&r, "action_orientation",
                            (g->type & SQL_TRIG_ROW) ? "ROW" : "STATEMENT");
                sql__vr_str(&r, "action_timing",
                            (g->type & SQL_TRIG_BEFORE)    ? "BEFORE"
                            : (g->type & SQL_TRIG_INSTEAD) ? "INSTEAD OF"
                                                           : "AFTER");
            }
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static const struct sql_table_desc *find_trigger(struct sql_env *env, uint32_t oid,
                                                 const struct sql_trig_desc **g, struct err *e)
{
    const struct sql_table_desc **all;
    size_t n;
    if (sql_cat_list_tables(env, &all, &n, e) != 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < all[i]->ntrigs; k++)
            if (all[i]->trigs[k].oid == oid) {
                *g = &all[i]->trigs[k];
                return all[i];
            }
    return NULL;
}

int sql__fn_triggerdef(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    const struct sql_trig_desc *g = NULL;
    const struct sql_table_desc *t = find_trigger(c->env, (uint32_t)a[0].u.i, &g, e);
    if (e->code != 0)
        return e->code;
    if (t == NULL) {
        *out = sql_null(SQL_T_TEXT);
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    sql__trigger_def(c->env, t, g, n > 1 && !a[1].null && a[1].u.b, &b);
    char *p = mem_alloc(c->ctx, b.len + 1);
    memcpy(p, b.data, b.len + 1);
    *out = sql_text(p, b.len);
    sbuf_free(&b);
    return 0;
}

int sql__fn_pg_trigger_depth(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    *out = sql_int4(sql__trig_depth(c->env));
    return 0;
}
