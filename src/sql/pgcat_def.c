/* pgcat_def.c — definitions as text: pg_get_indexdef, pg_get_constraintdef,
 * pg_get_expr and pg_attrdef.adbin, worded as PostgreSQL 15's ruleutils.c.
 *
 * Stored DEFAULT and CHECK texts (catalog.h default_sql, expr_sql) are the
 * deparser's storage form; they are parsed again and printed in the style
 * asked for (deparse.h): pretty for psql's \d, with ruleutils' parentheses
 * otherwise. A text that no longer parses is shown as stored.
 */
#include "sql/catalog.h"
#include "sql/deparse.h"
#include "sql/parse.h"
#include "sql/regtype.h"
#include "sql/vtab.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>

/* Parse "SELECT <sql>" into its one expression, NULL when it is not one. */
static const struct sql_expr *parse_one(struct mem_ctx *ctx, const char *sql)
{
    struct sbuf q;
    sbuf_init(&q);
    sbuf_puts(&q, "SELECT ");
    sbuf_puts(&q, sql);
    struct sql_parse_result r;
    struct err e = {0};
    int rc = sql_parse(q.data, q.len, NULL, ctx, &r, &e);
    sbuf_free(&q);
    if (rc != 0 || r.n != 1 || r.stmts[0]->kind != SQL_STMT_SELECT)
        return NULL;
    const struct sql_select *s = r.stmts[0]->u.select;
    if (s->op != SQL_SETOP_NONE || s->targets.n != 1 || s->from.n != 0 || s->where != NULL)
        return NULL;
    const struct sql_target *t = s->targets.items[0];
    return t->name == NULL ? t->val : NULL;
}

/* Column types of the table for sql_deparse_check. */
static uint32_t col_type(void *arg, const char *column)
{
    const struct sql_table_desc *t = arg;
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden && strcmp(t->cols[i].name, column) == 0)
            return t->cols[i].type;
    return 0;
}

void sql__pgcat_expr(const char *sql, const struct sql_table_desc *t, bool pretty, struct sbuf *out)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "pgcat_expr");
    const struct sql_expr *x = parse_one(ctx, sql);
    int flags = pretty ? SQL_DEPARSE_PRETTY : SQL_DEPARSE_INDENT | SQL_DEPARSE_TYPED;
    if (x == NULL) {
        sbuf_puts(out, sql);
    } else if (t != NULL) {
        struct sql_deparse_coltypes cols = {col_type, (void *)t};
        sql_deparse_check(x, flags, &cols, out);
    } else {
        sql_deparse_expr_flags(x, flags, out);
    }
    mem_ctx_free(ctx);
}

const char *sql__pgcat_adbin(struct sql_env *env, struct mem_ctx *ctx, const struct sql_col_desc *c)
{
    if (c->default_sql == NULL)
        return NULL;
    /* a user type's name labels a string constant ('new'::mood), as
     * ruleutils prints the coerced Const */
    const char *label = NULL;
    struct err le = {0};
    if (env != NULL && c->type >= SQL_FIRST_USER_OID &&
        sql__type_name_env(env, ctx, c->type, -1, &label, &le) != 0)
        label = NULL;
    struct mem_ctx *tmp = mem_ctx_new(NULL, "pgcat_adbin");
    const struct sql_expr *x = parse_one(tmp, c->default_sql);
    const char *res;
    if (x == NULL) {
        res = mem_strdup(ctx, c->default_sql);
    } else {
        struct sbuf b;
        sbuf_init(&b);
        sql_deparse_default_label(x, c->type, c->typmod, label,
                                  SQL_DEPARSE_INDENT | SQL_DEPARSE_TYPED, &b);
        res = mem_strdup(ctx, b.data);
        sbuf_free(&b);
    }
    mem_ctx_free(tmp);
    return res;
}

/* One index column as ruleutils prints it: name [DESC] [NULLS FIRST|LAST]
 * (only what differs from the default order). */
static void index_column(const struct sql_table_desc *t, const struct sql_idx_desc *ix, int k,
                         bool with_order, bool pretty, struct sbuf *out)
{
    const char *x = ix->exprs[k];
    if (x != NULL) {
        /* stored as the pretty form, an expression other than a function
         * call in parentheses; printed with the casts analysis adds
         * (lower((v)::text) for a varchar v), and ruleutils' parentheses */
        bool paren = x[0] == '(';
        if (paren)
            sbuf_putc(out, '(');
        sql__pgcat_expr(x, t, pretty, out);
        if (paren)
            sbuf_putc(out, ')');
    } else {
        const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[k]);
        sql_deparse_ident(c != NULL ? c->name : "?", out);
    }
    if (!with_order)
        return;
    if (sql_opclass_name(ix->opclass[k]) != NULL)
        sbuf_printf(out, " %s", sql_opclass_name(ix->opclass[k]));
    if (ix->desc[k]) {
        sbuf_puts(out, " DESC");
        if (!ix->nulls_first[k])
            sbuf_puts(out, " NULLS LAST");
    } else if (ix->nulls_first[k]) {
        sbuf_puts(out, " NULLS FIRST");
    }
}

void sql__pgcat_indexdef(struct sql_env *env, const struct sql_table_desc *t, int idx_pos, int col,
                         bool pretty, struct sbuf *out)
{
    const struct sql_idx_desc *ix = &t->idx[idx_pos];
    if (col > 0) {
        if (col <= ix->ncols)
            index_column(t, ix, col - 1, false, pretty, out);
        return;
    }
    sbuf_puts(out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    sql_deparse_ident(ix->name, out);
    sbuf_puts(out, " ON ");
    bool qualify = true;
    if (pretty) {
        bool vis = false;
        struct err e = {0};
        if (sql__pgcat_visible(env, t, t->name, &vis, &e) == 0 && vis)
            qualify = false;
    }
    if (qualify) {
        sql_deparse_ident(t->schema, out);
        sbuf_putc(out, '.');
    }
    sql_deparse_ident(t->name, out);
    sbuf_puts(out, " USING btree (");
    for (int k = 0; k < ix->ncols; k++) {
        if (k > 0)
            sbuf_puts(out, ", ");
        index_column(t, ix, k, true, pretty, out);
    }
    sbuf_putc(out, ')');
    if (ix->options != NULL) { /* WITH (...): PostgreSQL's flatten_reloptions */
        sbuf_puts(out, " WITH (");
        const char *p = ix->options;
        bool first = true;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            const char *eq = memchr(p, '=', len);
            if (!first)
                sbuf_puts(out, ", ");
            first = false;
            if (eq == NULL) {
                sbuf_append(out, p, len);
            } else {
                sbuf_append(out, p, (size_t)(eq - p) + 1);
                char val[256];
                snprintf(val, sizeof(val), "%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
                struct sbuf q;
                sbuf_init(&q);
                sql_deparse_ident(val, &q);
                if (strcmp(q.data, val) == 0) {
                    sbuf_puts(out, val);
                } else {
                    sbuf_putc(out, '\'');
                    for (const char *v = val; *v; v++) {
                        if (*v == '\'')
                            sbuf_putc(out, '\'');
                        sbuf_putc(out, *v);
                    }
                    sbuf_putc(out, '\'');
                }
                sbuf_free(&q);
            }
            p += len + (comma ? 1 : 0);
        }
        sbuf_putc(out, ')');
    }
    if (ix->pred != NULL) { /* a partial index */
        sbuf_puts(out, " WHERE ");
        sql__pgcat_expr(ix->pred, t, pretty, out);
    }
}

void sql__pgcat_constraintdef(const struct sql__pgcat_obj *o, bool pretty, struct sbuf *out)
{
    const struct sql_table_desc *t = o->table;
    if (t == NULL)
        return;
    if (o->check_pos >= 0) {
        sbuf_puts(out, "CHECK (");
        sql__pgcat_expr(t->checks[o->check_pos].expr_sql, t, pretty, out);
        sbuf_putc(out, ')');
        if (t->checks[o->check_pos].not_valid)
            sbuf_puts(out, " NOT VALID");
        return;
    }
    if (o->idx_pos < 0)
        return;
    const struct sql_idx_desc *ix = &t->idx[o->idx_pos];
    sbuf_puts(out, ix->primary ? "PRIMARY KEY (" : "UNIQUE (");
    for (int k = 0; k < ix->ncols; k++) {
        if (k > 0)
            sbuf_puts(out, ", ");
        index_column(t, ix, k, false, pretty, out);
    }
    sbuf_putc(out, ')');
}

int sql_pgcat_regclass_out(struct sql_env *env, uint32_t oid, struct sbuf *out, struct err *e)
{
    if (oid == 0) { /* InvalidOid prints as "-" */
        sbuf_putc(out, '-');
        return 0;
    }
    const struct sql_vtab *vt = sql_vtab_by_oid(oid);
    if (vt != NULL) {
        if (vt->desc->schema_oid != SQL_NS_PG_CATALOG) {
            sql_deparse_ident(vt->desc->schema, out);
            sbuf_putc(out, '.');
        }
        sql_deparse_ident(vt->desc->name, out);
        return 0;
    }
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(env, oid, &o, e);
    if (rc != 0)
        return rc;
    if (o.table == NULL || o.is_constraint || o.check_pos >= 0) {
        sbuf_printf(out, "%u", oid);
        return 0;
    }
    const char *name = o.idx_pos >= 0 ? o.table->idx[o.idx_pos].name : o.table->name;
    bool vis = false;
    rc = sql__pgcat_visible(env, o.table, name, &vis, e);
    if (rc != 0)
        return rc;
    if (!vis) {
        sql_deparse_ident(o.table->schema, out);
        sbuf_putc(out, '.');
    }
    sql_deparse_ident(name, out);
    return 0;
}
