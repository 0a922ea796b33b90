/* view_def.c — pg_get_viewdef: a view's stored query (deparse.h storage
 * form, references qualified and * expanded by CREATE VIEW) laid out as
 * PostgreSQL's ruleutils.c prints a view with PRETTYFLAG_INDENT:
 *
 *    SELECT t.a,
 *       t.b AS c
 *      FROM t
 *        JOIN u ON t.a = u.x
 *     WHERE t.a > 0;
 *
 * pretty keeps only the parentheses PostgreSQL's pretty mode keeps;
 * otherwise every operator is parenthesized, as pg_get_viewdef(oid) shows.
 * Expressions come from deparse.c, so what the raw tree cannot tell
 * (implicit casts PostgreSQL's analysis adds) is not shown.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/deparse.h"
#include "sql/env.h"
#include "sql/parse.h"
#include "sql/view.h"

#include <string.h>

struct vd {
    struct sbuf *out;
    int flags;
    struct sql_env *env;
    const struct sql_table_desc *view;
    struct sql_deparse_coltypes cols;
};

/* The type of a column the view's query names: looked up in the relations
 * it depends on (what the binder resolved when the view was created). */
static uint32_t col_type(void *arg, const char *name)
{
    struct vd *d = arg;
    struct err e = {0};
    for (int i = 0; i < d->view->ndeps; i++) {
        if (d->view->deps[i].attnum != 0)
            continue;
        const struct sql_table_desc *t;
        if (sql_cat_table_by_oid(d->env, d->view->deps[i].oid, &t, &e) != 0) {
            err_clear(&e);
            return 0;
        }
        const struct sql_col_desc *c = t != NULL ? sql_cat_column(t, name) : NULL;
        if (c != NULL)
            return c->type;
    }
    return 0;
}

static void vexpr(struct vd *d, const struct sql_expr *x)
{
    sql_deparse_check(x, d->flags, &d->cols, d->out);
}

static void spaces(struct sbuf *out, int n)
{
    for (int i = 0; i < n; i++)
        sbuf_putc(out, ' ');
}

static void newline(struct vd *d, int indent)
{
    while (d->out->len > 0 && d->out->data[d->out->len - 1] == ' ')
        d->out->len--;
    sbuf_putc(d->out, '\n');
    spaces(d->out, indent);
}

static void put_select(struct vd *d, const struct sql_select *s, int ind,
                       const struct sql_table_desc *v);

static void put_alias(struct vd *d, const struct sql_alias *a)
{
    if (a == NULL)
        return;
    sbuf_putc(d->out, ' ');
    sql_deparse_ident(a->name, d->out);
    if (a->colnames.n > 0) {
        sbuf_putc(d->out, '(');
        for (int i = 0; i < a->colnames.n; i++) {
            if (i > 0)
                sbuf_puts(d->out, ", ");
            sql_deparse_ident(a->colnames.items[i], d->out);
        }
        sbuf_putc(d->out, ')');
    }
}

/* A relation's schema is shown unless it is on the search path (the
 * stored text names every relation with its schema). */
static bool schema_visible(struct vd *d, const char *schema)
{
    if (d->env->nsearch == 0)
        return strcmp(schema, "public") == 0;
    for (int i = 0; i < d->env->nsearch; i++)
        if (strcmp(d->env->search_path[i], schema) == 0)
            return true;
    return false;
}

static void put_qname(struct vd *d, const struct sql_qname *q)
{
    if (q->schema != NULL && !schema_visible(d, q->schema)) {
        sql_deparse_ident(q->schema, d->out);
        sbuf_putc(d->out, '.');
    }
    sql_deparse_ident(q->name, d->out);
}

static void put_from(struct vd *d, const struct sql_from *f, int ind, bool top)
{
    switch (f->kind) {
    case SQL_FROM_TABLE:
        if (f->u.table->only)
            sbuf_puts(d->out, "ONLY ");
        put_qname(d, &f->u.table->name);
        put_alias(d, f->u.table->alias);
        break;
    case SQL_FROM_SUBQUERY:
        if (f->u.sub.lateral)
            sbuf_puts(d->out, "LATERAL ");
        sbuf_putc(d->out, '(');
        put_select(d, f->u.sub.query, ind + 8, NULL);
        sbuf_putc(d->out, ')');
        put_alias(d, f->u.sub.alias);
        break;
    case SQL_FROM_FUNCTION: {
        const struct sql_list *defs0 = f->u.func.coldefs.n > 0 ? f->u.func.coldefs.items[0] : NULL;
        if (f->u.func.rowsfrom) {
            sbuf_puts(d->out, "ROWS FROM(");
            for (int k = 0; k < f->u.func.calls.n; k++) {
                const struct sql_list *dk =
                    f->u.func.coldefs.n > k ? f->u.func.coldefs.items[k] : NULL;
                if (k > 0)
                    sbuf_puts(d->out, ", ");
                vexpr(d, f->u.func.calls.items[k]);
                if (dk != NULL) {
                    sbuf_puts(d->out, " AS ");
                    sql_deparse_coldefs(dk, d->out);
                }
            }
            sbuf_putc(d->out, ')');
            defs0 = NULL;
        } else {
            vexpr(d, f->u.func.call);
        }
        if (f->u.func.ordinality)
            sbuf_puts(d->out, " WITH ORDINALITY");
        if (defs0 != NULL) {
            sbuf_puts(d->out, " AS ");
            if (f->u.func.alias != NULL)
                sql_deparse_ident(f->u.func.alias->name, d->out);
            sql_deparse_coldefs(defs0, d->out);
        } else {
            put_alias(d, f->u.func.alias);
        }
        break;
    }
    case SQL_FROM_JOIN: {
        static const char *const jt[] = {"JOIN ", "LEFT JOIN ", "RIGHT JOIN ", "FULL JOIN ",
                                         "CROSS JOIN "};
        bool paren = !(d->flags & SQL_DEPARSE_PAREN) || f->u.join.alias != NULL || !top;
        if (paren)
            sbuf_putc(d->out, '(');
        put_from(d, f->u.join.l, ind, !paren);
        newline(d, ind + 5);
        if (f->u.join.natural)
            sbuf_puts(d->out, "NATURAL ");
        sbuf_puts(d->out, jt[f->u.join.type]);
        put_from(d, f->u.join.r, ind + 4, false);
        if (f->u.join.using_cols.n > 0) {
            sbuf_puts(d->out, " USING (");
            for (int i = 0; i < f->u.join.using_cols.n; i++) {
                if (i > 0)
                    sbuf_puts(d->out, ", ");
                sql_deparse_ident(f->u.join.using_cols.items[i], d->out);
            }
            sbuf_putc(d->out, ')');
        } else if (f->u.join.on != NULL) {
            bool p = !(d->flags & SQL_DEPARSE_PAREN);
            sbuf_puts(d->out, p ? " ON (" : " ON ");
            vexpr(d, f->u.join.on);
            if (p)
                sbuf_putc(d->out, ')');
        } else if (f->u.join.type != SQL_JOIN_CROSS && !f->u.join.natural) {
            sbuf_puts(d->out, " ON true");
        }
        if (paren)
            sbuf_putc(d->out, ')');
        put_alias(d, f->u.join.alias);
        break;
    }
    }
}

static bool plain_col(const struct sql_expr *x, const char *name)
{
    return x->kind == SQL_EXPR_COLUMN && !x->u.column.star && x->u.column.fields.n > 0 &&
           strcmp(x->u.column.fields.items[x->u.column.fields.n - 1], name) == 0;
}

static void put_exprs(struct vd *d, const struct sql_list *l)
{
    for (int i = 0; i < l->n; i++) {
        if (i > 0)
            sbuf_puts(d->out, ", ");
        vexpr(d, l->items[i]);
    }
}

/* ORDER BY / GROUP BY naming an output column: the target's expression,
 * as PostgreSQL shows the sort/group clause it resolved to. */
static const struct sql_expr *output_ref(const struct sql_select *s, const struct sql_expr *x)
{
    if (x->kind == SQL_EXPR_CONST && x->u.c.kind == SQL_CONST_INT4) {
        int64_t k = x->u.c.ival;
        if (k >= 1 && k <= s->targets.n)
            return ((const struct sql_target *)s->targets.items[k - 1])->val;
        return x;
    }
    if (x->kind != SQL_EXPR_COLUMN || x->u.column.star || x->u.column.fields.n != 1)
        return x;
    const char *name = x->u.column.fields.items[0];
    for (int i = 0; i < s->targets.n; i++) {
        const struct sql_target *t = s->targets.items[i];
        if (t->name != NULL ? strcmp(t->name, name) == 0 : plain_col(t->val, name))
            return t->val;
    }
    return x;
}

static void put_select(struct vd *d, const struct sql_select *s, int ind,
                       const struct sql_table_desc *v)
{
    if (s->op != SQL_SETOP_NONE) {
        static const char *const ops[] = {"", "UNION", "INTERSECT", "EXCEPT"};
        put_select(d, s->larg, ind, v);
        newline(d, ind);
        sbuf_puts(d->out, ops[s->op]);
        if (s->all)
            sbuf_puts(d->out, " ALL");
        newline(d, ind);
        put_select(d, s->rarg, ind, v);
    } else if (s->values.n > 0) {
        sbuf_puts(d->out, " VALUES ");
        for (int i = 0; i < s->values.n; i++) {
            if (i > 0)
                sbuf_puts(d->out, ", ");
            sbuf_putc(d->out, '(');
            put_exprs(d, s->values.items[i]);
            sbuf_putc(d->out, ')');
        }
    } else {
        sbuf_puts(d->out, " SELECT");
        if (s->distinct) {
            sbuf_puts(d->out, " DISTINCT");
            if (s->distinct_on.n > 0) {
                sbuf_puts(d->out, " ON (");
                put_exprs(d, &s->distinct_on);
                sbuf_putc(d->out, ')');
            }
        }
        int vi = 0;
        for (int i = 0; i < s->targets.n; i++) {
            const struct sql_target *t = s->targets.items[i];
            if (i > 0) {
                sbuf_putc(d->out, ',');
                newline(d, ind + 4);
            } else {
                sbuf_putc(d->out, ' ');
            }
            const struct sql_expr *tv = t->val;
            if (tv->kind == SQL_EXPR_CONST && tv->u.c.kind == SQL_CONST_STRING) {
                sql_deparse_literal(tv->u.c.str, d->out);
                sbuf_puts(d->out, "::text");
            } else if (tv->kind == SQL_EXPR_CONST && tv->u.c.kind == SQL_CONST_NULL) {
                sbuf_puts(d->out, "NULL::text");
            } else {
                vexpr(d, tv);
            }
            const char *name = t->name;
            if (v != NULL) {
                while (vi < v->ncols && v->cols[vi].hidden)
                    vi++;
                if (vi < v->ncols)
                    name = v->cols[vi++].name;
            }
            if (name != NULL && !plain_col(t->val, name)) {
                sbuf_puts(d->out, " AS ");
                sql_deparse_ident(name, d->out);
            }
        }
        for (int i = 0; i < s->from.n; i++) {
            if (i == 0) {
                newline(d, ind + 3);
                sbuf_puts(d->out, "FROM ");
            } else {
                sbuf_putc(d->out, ',');
                newline(d, ind + 4);
            }
            put_from(d, s->from.items[i], ind, true);
        }
        if (s->where != NULL) {
            newline(d, ind + 2);
            sbuf_puts(d->out, "WHERE ");
            vexpr(d, s->where);
        }
        if (s->group_by.n > 0) {
            newline(d, ind + 2);
            sbuf_puts(d->out, "GROUP BY ");
            for (int i = 0; i < s->group_by.n; i++) {
                if (i > 0)
                    sbuf_puts(d->out, ", ");
                vexpr(d, output_ref(s, s->group_by.items[i]));
            }
        }
        if (s->having != NULL) {
            newline(d, ind + 1);
            sbuf_puts(d->out, "HAVING ");
            vexpr(d, s->having);
        }
    }
    if (s->order_by.n > 0) {
        newline(d, ind + 2);
        sbuf_puts(d->out, "ORDER BY ");
        for (int i = 0; i < s->order_by.n; i++) {
            const struct sql_sortby *o = s->order_by.items[i];
            if (i > 0)
                sbuf_puts(d->out, ", ");
            vexpr(d, output_ref(s, o->expr));
            if (o->dir == SQL_SORT_DESC)
                sbuf_puts(d->out, " DESC");
            if (o->nulls == SQL_NULLS_FIRST && o->dir != SQL_SORT_DESC)
                sbuf_puts(d->out, " NULLS FIRST");
            else if (o->nulls == SQL_NULLS_LAST && o->dir == SQL_SORT_DESC)
                sbuf_puts(d->out, " NULLS LAST");
        }
    }
    if (s->offset != NULL) {
        newline(d, ind + 1);
        sbuf_puts(d->out, "OFFSET ");
        vexpr(d, s->offset);
    }
    if (s->limit != NULL) {
        newline(d, ind + 1);
        if (s->with_ties) { /* ruleutils adds the parentheses (casts) */
            sbuf_puts(d->out, "FETCH FIRST (");
            vexpr(d, s->limit);
            sbuf_puts(d->out, ") ROWS WITH TIES");
            return;
        }
        sbuf_puts(d->out, "LIMIT ");
        if (s->limit->kind == SQL_EXPR_CONST && s->limit->u.c.kind == SQL_CONST_NULL)
            sbuf_puts(d->out, "ALL");
        else
            vexpr(d, s->limit);
    }
}

int sql_view_def(struct sql_env *env, const struct sql_table_desc *v, bool pretty,
                 struct mem_ctx *ctx, char **out, struct err *e)
{
    struct sql_parse_result pr;
    int rc = sql_parse(v->view_sql, strlen(v->view_sql), NULL, ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT)
        return err_set_state(e, ERR_CORRUPT, "XX001", "view \"%s\" has a bad stored query",
                             v->name);
    struct sbuf b;
    sbuf_init(&b);
    struct vd d = {.out = &b,
                   .flags = pretty ? SQL_DEPARSE_PRETTY : SQL_DEPARSE_INDENT,
                   .env = env,
                   .view = v};
    d.cols.type_of = col_type;
    d.cols.arg = &d;
    const struct sql_select *s = pr.stmts[0]->u.select;
    if (s->with != NULL) {
        /* WITH: the storage form on one line (not laid out). */
        sbuf_putc(&b, ' ');
        sql_deparse_select(s, d.flags, &b);
    } else {
        put_select(&d, s, 0, v);
    }
    sbuf_putc(&b, ';');
    *out = mem_strdup(ctx, b.data);
    sbuf_free(&b);
    return 0;
}
