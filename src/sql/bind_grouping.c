/* bind_grouping.c — GROUPING SETS / ROLLUP / CUBE: one PN_AGG per grouping set
 * over the same input, each projected to the query's grouped layout
 * [all group keys, aggregates] (NULL for the keys outside its set), the sets
 * appended with UNION ALL. The rest of eng__plan_select (HAVING, windows,
 * projection, ORDER BY) works on that layout unchanged.
 */
#include "sql/engine_int.h"

#include <string.h>

static int32_t grouping_mask(const struct bx_aggref *a, struct bx **sg, int nk);

static struct pnode *gs_node(struct mem_ctx *ctx, enum pn_kind k, int width)
{
    struct pnode *p = mem_alloc0(ctx, sizeof *p);
    p->kind = k;
    p->width = width;
    p->est_rows = 1000;
    return p;
}

static struct bx *gs_col(struct binder *b, uint32_t type, int32_t typmod, int idx)
{
    struct bx *c = mem_alloc0(b->ctx, sizeof *c);
    c->kind = BX_COL;
    c->type = type;
    c->typmod = typmod;
    c->location = -1;
    c->u.col.idx = idx;
    return c;
}

static struct bx *gs_null(struct binder *b, const struct bx *like)
{
    struct bx *c = mem_alloc0(b->ctx, sizeof *c);
    c->kind = BX_CONST;
    c->type = like->type;
    c->typmod = like->typmod;
    c->location = -1;
    c->u.c.type = like->type;
    c->u.c.null = true;
    return c;
}

struct pnode *eng__plan_gsets(struct binder *b, struct pnode *in, const struct sql_list *gsets,
                              struct bx **groups, int ng, struct bx_aggref **aggs, int naggs)
{
    struct pnode *acc = NULL;
    for (int k = 0; k < gsets->n; k++) {
        const struct sql_gset *gs = gsets->items[k];
        int nk = gs->n;
        struct bx **sg = mem_alloc(b->ctx, sizeof *sg * (size_t)(nk > 0 ? nk : 1));
        for (int j = 0; j < nk; j++)
            sg[j] = groups[gs->idx[j]];
        struct pnode *a = gs_node(b->ctx, PN_AGG, nk + naggs);
        a->l = in;
        a->u.agg.groups = sg;
        a->u.agg.ngroups = nk;
        a->u.agg.aggs = aggs;
        a->u.agg.naggs = naggs;
        a->est_rows = nk > 0 ? in->est_rows / 10 + 1 : 1;
        struct bx **ex = mem_alloc(b->ctx, sizeof *ex * (size_t)(ng + naggs > 0 ? ng + naggs : 1));
        for (int i = 0; i < ng; i++) {
            ex[i] = NULL;
            for (int j = 0; j < nk && ex[i] == NULL; j++)
                if (eng__bx_equal(groups[i], sg[j]))
                    ex[i] = gs_col(b, groups[i]->type, groups[i]->typmod, j);
            if (ex[i] == NULL)
                ex[i] = gs_null(b, groups[i]);
        }
        for (int t = 0; t < naggs; t++) {
            if (aggs[t]->def == &eng__grouping_def) {
                struct sql_value m = sql_int4(grouping_mask(aggs[t], sg, nk));
                ex[ng + t] = eng__const(b->ctx, &m, -1);
                continue;
            }
            ex[ng + t] = gs_col(b, aggs[t]->def->ret, -1, nk + t);
        }
        struct pnode *pr = gs_node(b->ctx, PN_PROJECT, ng + naggs);
        pr->l = a;
        pr->u.project.exprs = ex;
        pr->u.project.n = ng + naggs;
        pr->est_rows = a->est_rows;
        if (acc == NULL) {
            acc = pr;
            continue;
        }
        struct pnode *u = gs_node(b->ctx, PN_SETOP, ng + naggs);
        u->l = acc;
        u->r = pr;
        u->u.setop.op = SQL_SETOP_UNION;
        u->u.setop.all = true;
        u->est_rows = acc->est_rows + pr->est_rows;
        acc = u;
    }
    return acc;
}

/* ---- GROUPING(a, b) ---- */

static int grouping_step(void *state, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)state;
    (void)ctx;
    (void)v;
    (void)e;
    return 0;
}

static int grouping_final(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)state;
    (void)ctx;
    (void)e;
    *out = sql_int4(0); /* a plain GROUP BY groups every argument */
    return 0;
}

const struct sql_agg_def eng__grouping_def = {
    .name = "grouping",
    .arg = 0,
    .ret = SQL_T_INT4,
    .state_size = 1,
    .step = grouping_step,
    .final = grouping_final,
};

int eng__bind_grouping(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                       struct err *e)
{
    int n = x->u.func.args.n;
    if (n > 31)
        return eng__err(e, x->location, ERR_INVAL, "54023",
                        "GROUPING must have fewer than 32 arguments");
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * (size_t)(n > 0 ? n : 1));
    bool saved = s->in_agg_arg;
    s->in_agg_arg = true;
    for (int i = 0; i < n; i++) {
        int rc = eng__bind_expr(b, s, x->u.func.args.items[i], &args[i], e);
        if (rc != 0) {
            s->in_agg_arg = saved;
            return rc;
        }
    }
    s->in_agg_arg = saved;
    if (s->in_agg_arg)
        return eng__err(e, x->location, ERR_INVAL, "42803",
                        "aggregate function calls cannot be nested");
    if (!s->allow_aggs)
        return eng__err(e, x->location, ERR_INVAL, "42803",
                        "grouping operations are not allowed in %s",
                        s->agg_forbidden ? s->agg_forbidden : "this context");
    struct bx_aggref *ref = mem_alloc0(b->ctx, sizeof *ref);
    ref->def = &eng__grouping_def;
    ref->name = "grouping";
    ref->star = true;
    ref->gargs = args;
    ref->ngargs = n;
    if (s->naggs == s->aggcap) {
        int nc = s->aggcap ? s->aggcap * 2 : 8;
        s->aggs = mem_realloc(b->ctx, s->aggs, sizeof *s->aggs * (size_t)s->aggcap,
                              sizeof *s->aggs * (size_t)nc);
        s->aggcap = nc;
    }
    struct bx *r = mem_alloc0(b->ctx, sizeof *r);
    r->kind = BX_AGG;
    r->type = SQL_T_INT4;
    r->typmod = -1;
    r->location = x->location;
    r->u.agg.idx = s->naggs;
    r->u.agg.ref = ref;
    s->aggs[s->naggs++] = ref;
    *out = r;
    return 0;
}

int eng__check_grouping(struct scope *s, struct bx **groups, int ng, struct err *e)
{
    if (ng == 0) {
        int rc = eng__ordset_check_const(s, e);
        if (rc != 0)
            return rc;
    }
    for (int t = 0; t < s->naggs; t++) {
        const struct bx_aggref *a = s->aggs[t];
        if (a->def != &eng__grouping_def)
            continue;
        for (int j = 0; j < a->ngargs; j++) {
            bool found = false;
            for (int i = 0; i < ng && !found; i++)
                found = eng__bx_equal(a->gargs[j], groups[i]);
            if (!found)
                return eng__err(e, a->gargs[j]->location, ERR_INVAL, "42803",
                                "arguments to GROUPING must be grouping expressions of the "
                                "associated query level");
        }
    }
    return 0;
}

bool eng__grouping_args_equal(const struct bx_aggref *x, const struct bx_aggref *y)
{
    if (x->ngargs != y->ngargs)
        return false;
    for (int i = 0; i < x->ngargs; i++)
        if (!eng__bx_equal(x->gargs[i], y->gargs[i]))
            return false;
    return true;
}

/* The bit mask of GROUPING(args) in the set sg: bit set for an argument
 * the set does not group, the first argument the most significant. */
static int32_t grouping_mask(const struct bx_aggref *a, struct bx **sg, int nk)
{
    int32_t m = 0;
    for (int j = 0; j < a->ngargs; j++) {
        bool in = false;
        for (int i = 0; i < nk && !in; i++)
            in = eng__bx_equal(a->gargs[j], sg[i]);
        m = (int32_t)((uint32_t)m << 1) | (in ? 0 : 1);
    }
    return m;
}

/* GROUP BY DISTINCT: each set as the sorted set of its distinct
 * expressions (equal expressions written twice count once); the later
 * duplicates of a set are dropped. */
const struct sql_list *eng__gsets_distinct(struct binder *b, const struct sql_list *gsets,
                                           struct bx **groups, int ng)
{
    int *canon = mem_alloc(b->ctx, sizeof *canon * (size_t)(ng > 0 ? ng : 1));
    for (int i = 0; i < ng; i++) {
        canon[i] = i;
        for (int j = 0; j < i; j++)
            if (eng__bx_equal(groups[i], groups[j])) {
                canon[i] = canon[j];
                break;
            }
    }
    struct sql_list *out = mem_alloc0(b->ctx, sizeof *out);
    out->items = mem_alloc0(b->ctx, sizeof *out->items * (size_t)(gsets->n > 0 ? gsets->n : 1));
    char *mark = mem_alloc(b->ctx, (size_t)(ng > 0 ? ng : 1));
    struct sql_gset **norm =
        mem_alloc0(b->ctx, sizeof *norm * (size_t)(gsets->n > 0 ? gsets->n : 1));
    for (int k = 0; k < gsets->n; k++) {
        const struct sql_gset *gs = gsets->items[k];
        memset(mark, 0, (size_t)(ng > 0 ? ng : 1));
        for (int j = 0; j < gs->n; j++)
            mark[canon[gs->idx[j]]] = 1;
        struct sql_gset *c = mem_alloc0(b->ctx, sizeof *c);
        c->idx = mem_alloc(b->ctx, sizeof *c->idx * (size_t)(ng > 0 ? ng : 1));
        for (int i = 0; i < ng; i++)
            if (mark[i])
                c->idx[c->n++] = i;
        norm[k] = c;
        bool dup = false;
        for (int p = 0; p < k && !dup; p++) {
            if (norm[p] == NULL || norm[p]->n != c->n)
                continue;
            dup = c->n == 0 || memcmp(norm[p]->idx, c->idx, sizeof *c->idx * (size_t)c->n) == 0;
        }
        if (dup) {
            norm[k] = NULL;
            continue;
        }
        out->items[out->n++] = (void *)gs;
    }
    return out;
}
