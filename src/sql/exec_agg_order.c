/* exec_agg_order.c — ORDER BY inside an aggregate call:
 * string_agg(x, ',' ORDER BY y DESC, z), array_agg(x ORDER BY a NULLS FIRST)...
 *
 * Binding (bind_expr.c bind_agg) binds the sort keys into the aggref. At run
 * time (exec_agg.c) every row that passes FILTER, strictness and DISTINCT is
 * copied, with its sort keys, into a per-group, per-aggregate list instead of
 * being fed to the transition function; once the input is consumed each list
 * is sorted (ties keep the input order) and fed to the transition function in
 * that order. Window aggregates refuse ORDER BY (bind_window.c), like
 * PostgreSQL.
 */
#include "sql/engine_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- binding ---- */

int eng__bind_agg_order(struct binder *b, struct scope *s, const struct sql_list *order,
                        struct bx_aggref *ref, struct err *e)
{
    int n = order->n;
    ref->okeys = mem_alloc0(b->ctx, sizeof *ref->okeys * (size_t)n);
    ref->odesc = mem_alloc0(b->ctx, sizeof *ref->odesc * (size_t)n);
    ref->onf = mem_alloc0(b->ctx, sizeof *ref->onf * (size_t)n);
    for (int i = 0; i < n; i++) {
        const struct sql_sortby *sb = order->items[i];
        struct bx *k;
        int rc = eng__bind_expr(b, s, sb->expr, &k, e);
        if (rc == 0)
            rc = eng__resolve_unknown(b, k, &k, e);
        if (rc != 0)
            return rc;
        bool desc = sb->dir == SQL_SORT_DESC ||
                    (sb->dir == SQL_SORT_USING && strcmp(sb->using_op, ">") == 0);
        ref->okeys[i] = k;
        ref->odesc[i] = desc;
        ref->onf[i] = sb->nulls == SQL_NULLS_DEFAULT ? desc : sb->nulls == SQL_NULLS_FIRST;
    }
    ref->nokeys = n;
    return 0;
}

/* ORDER BY k USING < / USING > are ASC / DESC; other operators are refused. */
bool eng__agg_order_using_ok(const struct sql_sortby *sb)
{
    return sb->dir != SQL_SORT_USING || (sb->using_op != NULL && (strcmp(sb->using_op, "<") == 0 ||
                                                                  strcmp(sb->using_op, ">") == 0));
}

/* agg(DISTINCT x) without ORDER BY: PostgreSQL sorts the input to remove
 * duplicates, so the aggregate sees the values in ascending order. */
void eng__agg_order_distinct_sort(struct binder *b, struct bx_aggref *ref)
{
    ref->okeys = mem_alloc0(b->ctx, sizeof *ref->okeys);
    ref->odesc = mem_alloc0(b->ctx, sizeof *ref->odesc);
    ref->onf = mem_alloc0(b->ctx, sizeof *ref->onf);
    ref->okeys[0] = ref->arg;
    ref->nokeys = 1;
}

static bool leftmost_fn(struct bx *x, void *arg)
{
    int *loc = arg;
    if (x->location >= 0 && (*loc < 0 || x->location < *loc))
        *loc = x->location;
    return false;
}

int eng__agg_order_distinct_check(const struct sql_list *order, const struct bx_aggref *ref,
                                  const struct bx *arg, const struct bx *arg2, struct err *e)
{
    for (int i = 0; i < ref->nokeys; i++) {
        const struct bx *k = ref->okeys[i];
        if (eng__bx_equal(k, arg) || (arg2 != NULL && eng__bx_equal(k, arg2)))
            continue;
        const struct sql_sortby *sb = order->items[i];
        err_set(e, ERR_INVAL,
                "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument "
                "list");
        if (e != NULL)
            snprintf(e->sqlstate, sizeof e->sqlstate, "%s", "42P10");
        int loc = sb->expr->location; /* PostgreSQL's exprLocation: the leftmost */
        eng__bx_walk((struct bx *)k, leftmost_fn, &loc);
        eng__set_error_location(loc);
        return ERR_INVAL;
    }
    return 0;
}

bool eng__agg_order_equal(const struct bx_aggref *x, const struct bx_aggref *y)
{
    if (x->nokeys != y->nokeys)
        return false;
    for (int i = 0; i < x->nokeys; i++)
        if (x->odesc[i] != y->odesc[i] || x->onf[i] != y->onf[i] ||
            !eng__bx_equal(x->okeys[i], y->okeys[i]))
            return false;
    return true;
}

bool eng__agg_order_walk(const struct bx_aggref *ref, bool (*fn)(struct bx *x, void *arg),
                         void *arg)
{
    for (int i = 0; i < ref->nokeys; i++)
        if (eng__bx_walk(ref->okeys[i], fn, arg))
            return true;
    return false;
}

/* ---- execution ---- */

struct orow {
    size_t seq;
    struct sql_value *v; /* [arg, arg2, keys...] */
};

struct agg_ordbuf {
    struct orow *rows;
    size_t n, cap;
};

int eng__agg_order_add(struct mem_ctx *ctx, struct agg_ordbuf **bufp, const struct bx_aggref *a,
                       const struct ectx *c, const struct sql_value *vv, struct err *e)
{
    if (*bufp == NULL)
        *bufp = mem_alloc0(ctx, sizeof **bufp);
    struct agg_ordbuf *ob = *bufp;
    if (ob->n == ob->cap) {
        size_t nc = ob->cap ? ob->cap * 2 : 16;
        ob->rows = mem_realloc(ctx, ob->rows, sizeof *ob->rows * ob->cap, sizeof *ob->rows * nc);
        ob->cap = nc;
    }
    int w = 2 + a->nokeys;
    struct sql_value *v = mem_alloc0(ctx, sizeof *v * (size_t)w);
    for (int i = 0; i < 2; i++)
        sql_value_copy(ctx, &vv[i], &v[i]);
    for (int i = 0; i < a->nokeys; i++) {
        struct sql_value k;
        int rc = eng__eval(c, a->okeys[i], &k, e);
        if (rc != 0)
            return rc;
        sql_value_copy(ctx, &k, &v[2 + i]);
    }
    ob->rows[ob->n].seq = ob->n;
    ob->rows[ob->n].v = v;
    ob->n++;
    return 0;
}

static int cmp_orows(const void *pa, const void *pb, void *arg)
{
    const struct bx_aggref *a = arg;
    const struct orow *x = pa, *y = pb;
    for (int k = 0; k < a->nokeys; k++) {
        const struct sql_value *p = &x->v[2 + k], *q = &y->v[2 + k];
        int c;
        if (p->null || q->null) {
            if (p->null && q->null)
                continue;
            c = p->null ? 1 : -1; /* NULL is larger */
            return a->onf[k] ? -c : c;
        }
        c = sql_value_cmp(p, q);
        if (c != 0)
            return a->odesc[k] ? -c : c;
    }
    return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

int eng__agg_order_feed(struct mem_ctx *ctx, const struct bx_aggref *a, struct agg_ordbuf *ob,
                        void *state, struct err *e)
{
    if (ob == NULL || ob->n == 0)
        return 0;
    qsort_r(ob->rows, ob->n, sizeof *ob->rows, cmp_orows, (void *)a);
    for (size_t i = 0; i < ob->n; i++) {
        int rc = a->def->step(state, ctx, ob->rows[i].v, e);
        if (rc != 0)
            return rc;
    }
    ob->n = 0;
    return 0;
}
