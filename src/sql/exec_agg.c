/* exec_agg.c — hash aggregation: groups keyed by the GROUP BY values (NULLs
 * group together), one state per aggregate per group (func.h's
 * init/step/final), DISTINCT aggregates through a per-group set of seen
 * values, FILTER (WHERE ...) per aggregate. Without GROUP BY there is
 * exactly one group, even over no rows (count(*) = 0, sum = NULL).
 *
 * Output rows are [group keys..., aggregate results...], groups in the order
 * they were first seen, or in key order when the plan says sorted (as
 * PostgreSQL's GroupAggregate for aggregates with DISTINCT / ORDER BY).
 */
#include "sql/array_int.h"
#include "sql/engine_int.h"

#include <stdlib.h>
#include <string.h>

int eng__agg_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);

struct grp {
    void **states;
    struct vhash *seen;      /* per aggregate, DISTINCT only */
    struct agg_ordbuf **ord; /* per aggregate, agg(... ORDER BY ...) only */
};

static struct grp *new_group(struct xnode *x, struct vh_entry *en)
{
    const struct pnode *p = x->p;
    int na = p->u.agg.naggs;
    struct grp *g = mem_alloc0(x->ctx, sizeof *g);
    g->states = mem_alloc0(x->ctx, sizeof *g->states * (size_t)(na > 0 ? na : 1));
    g->seen = mem_alloc0(x->ctx, sizeof *g->seen * (size_t)(na > 0 ? na : 1));
    g->ord = mem_alloc0(x->ctx, sizeof *g->ord * (size_t)(na > 0 ? na : 1));
    for (int i = 0; i < na; i++) {
        const struct bx_aggref *a = p->u.agg.aggs[i];
        g->states[i] = mem_alloc0(x->ctx, a->def->state_size > 0 ? a->def->state_size : 1);
        if (a->def->init)
            a->def->init(g->states[i], x->ctx);
        if (a->distinct)
            eng__vh_init(&g->seen[i], x->ctx, 1);
    }
    en->payload = g;
    return g;
}

static int cmp_groups(const void *pa, const void *pb, void *arg)
{
    int ng = *(const int *)arg;
    const struct vh_entry *a = *(const struct vh_entry *const *)pa;
    const struct vh_entry *b = *(const struct vh_entry *const *)pb;
    for (int k = 0; k < ng; k++) {
        const struct sql_value *x = &a->keys[k], *y = &b->keys[k];
        if (x->null || y->null) {
            if (x->null && y->null)
                continue;
            return x->null ? 1 : -1; /* NULLS LAST */
        }
        int c = sql_value_cmp(x, y);
        if (c != 0)
            return c;
    }
    return 0;
}

/* The groups relinked in key order (pnode sorted). */
static void sort_groups(struct xnode *x)
{
    size_t n = 0;
    for (struct vh_entry *en = x->u.agg.h.first; en != NULL; en = en->inext)
        n++;
    if (n < 2)
        return;
    struct vh_entry **v = mem_alloc(x->ctx, sizeof *v * n);
    n = 0;
    for (struct vh_entry *en = x->u.agg.h.first; en != NULL; en = en->inext)
        v[n++] = en;
    int ng = x->p->u.agg.ngroups;
    qsort_r(v, n, sizeof *v, cmp_groups, &ng);
    for (size_t i = 0; i + 1 < n; i++)
        v[i]->inext = v[i + 1];
    v[n - 1]->inext = NULL;
    x->u.agg.h.first = v[0];
    x->u.agg.h.last = v[n - 1];
}

static int consume(struct xnode *x, struct err *e)
{
    const struct pnode *p = x->p;
    int ng = p->u.agg.ngroups, na = p->u.agg.naggs;
    eng__vh_init(&x->u.agg.h, x->ctx, ng);
    struct sql_value *keys = mem_alloc(x->ctx, sizeof *keys * (size_t)(ng > 0 ? ng : 1));
    if (ng == 0) {
        struct vh_entry *en = eng__vh_add(&x->u.agg.h, keys, 0);
        new_group(x, en);
    }
    for (;;) {
        const struct sql_value *r;
        bool h;
        int rc = eng__xnext(x->l, &r, &h, e);
        if (rc != 0)
            return rc;
        if (!h)
            break;
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        mem_ctx_reset(x->rowctx);
        struct ectx c = {.rt = x->rt, .row = r, .outer = x->rt->outer, .mem = x->rowctx};
        for (int i = 0; i < ng; i++)
            if ((rc = eng__eval(&c, p->u.agg.groups[i], &keys[i], e)) != 0)
                return rc;
        uint64_t hv = eng__vh_hash(keys, ng);
        struct vh_entry *en =
            ng == 0 ? x->u.agg.h.first : eng__vh_find(&x->u.agg.h, keys, hv, NULL);
        struct grp *g;
        if (en == NULL) {
            en = eng__vh_add(&x->u.agg.h, keys, hv);
            g = new_group(x, en);
        } else {
            g = en->payload;
        }
        for (int i = 0; i < na; i++) {
            const struct bx_aggref *a = p->u.agg.aggs[i];
            if (a->filter != NULL) {
                bool ok;
                if ((rc = eng__eval_qual(&c, a->filter, &ok, e)) != 0)
                    return rc;
                if (!ok)
                    continue;
            }
            struct sql_value vv[2];
            vv[0] = sql_bool(true);
            vv[1] = sql_null(SQL_T_TEXT);
            struct sql_value v = vv[0];
            if (a->arg != NULL) {
                if ((rc = eng__eval(&c, a->arg, &vv[0], e)) != 0)
                    return rc;
                if (vv[0].null && !a->def->nonstrict && !sql__agg_keeps_nulls(a->def))
                    continue;
                v = vv[0];
            }
            if (a->arg2 != NULL && (rc = eng__eval(&c, a->arg2, &vv[1], e)) != 0)
                return rc;
            if (a->distinct) {
                uint64_t vh = eng__vh_hash(&v, 1);
                if (eng__vh_find(&g->seen[i], &v, vh, NULL) != NULL)
                    continue;
                eng__vh_add(&g->seen[i], &v, vh);
            }
            if (a->nokeys > 0) {
                if ((rc = eng__agg_order_add(x->ctx, &g->ord[i], a, &c, vv, e)) != 0)
                    return rc;
                continue;
            }
            if ((rc = a->def->step(g->states[i], x->ctx, vv, e)) != 0)
                return rc;
        }
    }
    for (struct vh_entry *en = x->u.agg.h.first; en != NULL; en = en->inext) {
        struct grp *g = en->payload;
        for (int i = 0; i < na; i++) {
            const struct bx_aggref *a = p->u.agg.aggs[i];
            if (a->nokeys == 0)
                continue;
            int rc = eng__agg_order_feed(x->ctx, a, g->ord[i], g->states[i], e);
            if (rc != 0)
                return rc;
        }
    }
    if (p->u.agg.sorted)
        sort_groups(x);
    x->u.agg.it = x->u.agg.h.first;
    return 0;
}

int eng__agg_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    *has = false;
    if (!x->started) {
        x->started = true;
        if ((rc = consume(x, e)) != 0)
            return rc;
    }
    struct vh_entry *en = x->u.agg.it;
    if (en == NULL)
        return 0;
    x->u.agg.it = en->inext;
    int ng = p->u.agg.ngroups;
    mem_ctx_reset(x->rowctx);
    for (int i = 0; i < ng; i++)
        x->row[i] = en->keys[i];
    struct grp *g = en->payload;
    for (int i = 0; i < p->u.agg.naggs; i++) {
        const struct bx_aggref *a = p->u.agg.aggs[i];
        struct sql_value v;
        memset(&v, 0, sizeof v);
        v.type = a->def->ret;
        if ((rc = a->def->final(g->states[i], x->rowctx, &v, e)) != 0)
            return rc;
        if (v.null)
            v.type = a->def->ret;
        x->row[ng + i] = v;
    }
    *row = x->row;
    *has = true;
    return 0;
}
