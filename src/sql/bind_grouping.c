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

static bool gset_has(const struct sql_gset *gs, int idx, struct bx **groups)
{
    for (int j = 0; j < gs->n; j++)
        if (gs->idx[j] == idx || eng__bx_equal(groups[gs->idx[j]], groups[idx]))
            return true;
    return false;
}

static bool gset_subset(const struct sql_gset *small, const struct sql_gset *big,
                        struct bx **groups)
{
    for (int j = 0; j < small->n; j++)
        if (!gset_has(big, small->idx[j], groups))
            return false;
    return true;
}

/* PostgreSQL aggregates the sets in sorted passes, one per chain of sets
 * (each a subset of the next larger, as ROLLUP's), and its rows come out in
 * that order: a chain's groups in key order, each followed by the groups of
 * the smaller sets it ends; chain after chain. The chains here are taken
 * greedily, largest set first. chain[k] / rank[k]: set k's chain and its
 * place in it from the largest; returns the number of chains. */
static int gsets_chains(struct binder *b, const struct sql_list *gsets, struct bx **groups,
                        int *chain, int *rank)
{
    int n = gsets->n;
    int *ord = mem_alloc(b->ctx, sizeof *ord * (size_t)n);
    for (int k = 0; k < n; k++) {
        ord[k] = k;
        chain[k] = -1;
    }
    for (int i = 1; i < n; i++) /* stable, by size descending */
        for (int j = i; j > 0; j--) {
            const struct sql_gset *x = gsets->items[ord[j - 1]], *y = gsets->items[ord[j]];
            if (x->n >= y->n)
                break;
            int t = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = t;
        }
    int nc = 0;
    for (int i = 0; i < n; i++) {
        if (chain[ord[i]] >= 0)
            continue;
        int last = ord[i], r = 0;
        chain[last] = nc;
        rank[last] = r++;
        for (int j = i + 1; j < n; j++) {
            int k = ord[j];
            if (chain[k] < 0 && gset_subset(gsets->items[k], gsets->items[last], groups)) {
                chain[k] = nc;
                rank[k] = r++;
                last = k;
            }
        }
        nc++;
    }
    return nc;
}

/* The sort keys of chain c: from its smallest set's keys outwards, then the
 * set's rank (column ng + naggs), the finer set first. */
static int chain_keys(struct binder *b, const struct sql_list *gsets, struct bx **groups, int ng,
                      const int *chain, const int *rank, int c, int rankcol, struct sort_key **keys)
{
    struct sort_key *sk = mem_alloc0(b->ctx, sizeof *sk * (size_t)(ng + 1));
    int nk = 0, maxr = -1;
    bool *used = mem_alloc0(b->ctx, sizeof *used * (size_t)(ng > 0 ? ng : 1));
    for (int k = 0; k < gsets->n; k++)
        if (chain[k] == c && rank[k] > maxr)
            maxr = rank[k];
    for (int r = maxr; r >= 0; r--)
        for (int k = 0; k < gsets->n; k++) {
            if (chain[k] != c || rank[k] != r)
                continue;
            const struct sql_gset *gs = gsets->items[k];
            for (int j = 0; j < gs->n; j++) {
                int col = gs->idx[j];
                bool seen = used[col];
                for (int i = 0; i < ng && !seen; i++)
                    seen = used[i] && eng__bx_equal(groups[i], groups[col]);
                if (!seen) {
                    used[col] = true;
                    sk[nk++].col = col;
                }
            }
        }
    sk[nk++].col = rankcol;
    *keys = sk;
    return nk;
}

static struct pnode *union_all(struct binder *b, struct pnode *acc, struct pnode *r, int w)
{
    if (acc == NULL)
        return r;
    struct pnode *u = gs_node(b->ctx, PN_SETOP, w);
    u->l = acc;
    u->r = r;
    u->u.setop.op = SQL_SETOP_UNION;
    u->u.setop.all = true;
    u->est_rows = acc->est_rows + r->est_rows;
    return u;
}

/* Whether group keys i and j are one key (PostgreSQL: the same sortgroupref). */
static bool same_key(struct bx **groups, const int *grefs, int i, int j)
{
    return i == j || (eng__bx_equal(groups[i], groups[j]) &&
                      (grefs[i] == grefs[j] || grefs[i] < 0 || grefs[j] < 0));
}

struct pnode *eng__plan_gsets(struct binder *b, struct pnode *in, const struct sql_list *gsets,
                              struct bx **groups, const int *grefs, int ng, struct bx_aggref **aggs,
                              int naggs)
{
    int n = gsets->n;
    int *chain = mem_alloc(b->ctx, sizeof *chain * (size_t)(n > 0 ? n : 1));
    int *rank = mem_alloc(b->ctx, sizeof *rank * (size_t)(n > 0 ? n : 1));
    int nchains = n >= 2 ? gsets_chains(b, gsets, groups, chain, rank) : 0;
    bool sorted = nchains > 0;
    int w = ng + naggs + (sorted ? 1 : 0); /* + the set's rank in its chain */
    struct pnode **sets = mem_alloc(b->ctx, sizeof *sets * (size_t)(n > 0 ? n : 1));
    for (int k = 0; k < n; k++) {
        const struct sql_gset *gs = gsets->items[k];
        int nk = gs->n;
        struct bx **sg = mem_alloc(b->ctx, sizeof *sg * (size_t)(nk > 0 ? nk : 1));
        for (int j = 0; j < nk; j++)
            sg[j] = groups[gs->idx[j]];
        struct bx **nullg = mem_alloc(b->ctx, sizeof *nullg * (size_t)(ng > 0 ? ng : 1));
        int nnullg = 0;
        int *pos = mem_alloc(b->ctx, sizeof *pos * (size_t)(ng > 0 ? ng : 1));
        for (int i = 0; i < ng; i++) {
            pos[i] = -1;
            for (int j = 0; j < nk && pos[i] < 0; j++)
                if (same_key(groups, grefs, i, gs->idx[j]))
                    pos[i] = j;
            bool in_set = false; /* for direct arguments: the expression is */
            for (int j = 0; j < nk && !in_set; j++)
                in_set = eng__bx_equal(groups[i], sg[j]);
            if (!in_set)
                nullg[nnullg++] = groups[i];
        }
        struct pnode *a = gs_node(b->ctx, PN_AGG, nk + naggs);
        a->l = in;
        a->u.agg.groups = sg;
        a->u.agg.ngroups = nk;
        a->u.agg.aggs = eng__ordset_for_set(b, aggs, naggs, nullg, nnullg);
        a->u.agg.naggs = naggs;
        a->est_rows = nk > 0 ? in->est_rows / 10 + 1 : 1;
        struct bx **ex = mem_alloc(b->ctx, sizeof *ex * (size_t)(w > 0 ? w : 1));
        for (int i = 0; i < ng; i++)
            ex[i] = pos[i] >= 0 ? gs_col(b, groups[i]->type, groups[i]->typmod, pos[i])
                                : gs_null(b, groups[i]);
        for (int t = 0; t < naggs; t++) {
            if (aggs[t]->def == &eng__grouping_def) {
                struct sql_value m = sql_int4(grouping_mask(aggs[t], sg, nk));
                ex[ng + t] = eng__const(b->ctx, &m, -1);
                continue;
            }
            ex[ng + t] = gs_col(b, aggs[t]->def->ret, -1, nk + t);
        }
        if (sorted) {
            struct sql_value r = sql_int4(rank[k]);
            ex[ng + naggs] = eng__const(b->ctx, &r, -1);
        }
        struct pnode *pr = gs_node(b->ctx, PN_PROJECT, w);
        pr->l = a;
        pr->u.project.exprs = ex;
        pr->u.project.n = w;
        pr->est_rows = a->est_rows;
        sets[k] = pr;
    }
    struct pnode *acc = NULL;
    if (!sorted) {
        for (int k = 0; k < n; k++)
            acc = union_all(b, acc, sets[k], w);
        return acc;
    }
    for (int c = 0; c < nchains; c++) {
        struct pnode *cu = NULL;
        for (int k = 0; k < n; k++)
            if (chain[k] == c)
                cu = union_all(b, cu, sets[k], w);
        struct pnode *so = gs_node(b->ctx, PN_SORT, w);
        so->l = cu;
        so->u.sort.nkeys =
            chain_keys(b, gsets, groups, ng, chain, rank, c, ng + naggs, &so->u.sort.keys);
        so->est_rows = cu->est_rows;
        acc = union_all(b, acc, so, w);
    }
    struct bx **ex = mem_alloc(b->ctx, sizeof *ex * (size_t)(w - 1 > 0 ? w - 1 : 1));
    for (int i = 0; i < ng; i++)
        ex[i] = gs_col(b, groups[i]->type, groups[i]->typmod, i);
    for (int t = 0; t < naggs; t++)
        ex[ng + t] = gs_col(b, aggs[t]->def == &eng__grouping_def ? SQL_T_INT4 : aggs[t]->def->ret,
                            -1, ng + t);
    struct pnode *pr = gs_node(b->ctx, PN_PROJECT, w - 1);
    pr->l = acc;
    pr->u.project.exprs = ex;
    pr->u.project.n = w - 1;
    pr->est_rows = acc->est_rows;
    return pr;
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
