/* plan_join_order.c — the order of a group of INNER-joined base tables
 * (a FROM list and/or INNER JOIN ... ON, no outer joins, USING, aliases or
 * LATERAL inside), chosen from ANALYZE statistics: the left-deep order with
 * the least sum of intermediate row estimates, by dynamic programming over
 * subsets up to JO_DP_MAX relations and greedily beyond. Relations are only
 * joined to what a join qual links them to, unless nothing does (a cross
 * product then comes last). bind_select.c builds the join tree in that order;
 * without statistics on every relation the FROM order is kept.
 */
#include "sql/plan_cost.h"

#include <string.h>

#define JO_DP_MAX 8
#define JO_MAX    32

struct joq {
    uint32_t mask; /* relations the qual's slot range touches */
    double sel;
};

uint32_t eng__jo_mask(const struct eng_jo_rel *rels, int n, const struct bx *q, bool *ok)
{
    int lo, hi;
    bool outer;
    eng__bx_slots(q, &lo, &hi, &outer);
    *ok = !outer;
    uint32_t m = 0;
    if (hi < 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (rels[i].off <= hi && rels[i].off + rels[i].ncols > lo)
            m |= 1u << i;
    return m;
}

static double qual_sel(struct binder *b, struct scope *s, struct bx *q)
{
    if (q->kind == BX_FUNC && q->u.fn.op && q->u.fn.nargs == 2 && strcmp(q->u.fn.name, "=") == 0) {
        double sel;
        if (eng__join_sel(b, s, &q->u.fn.args[0], &q->u.fn.args[1], 1, &sel))
            return sel;
        return 0.005;
    }
    return 0.3333333333333333;
}

static double set_rows(const double *rows, const struct joq *qs, int nq, uint32_t set, int n)
{
    double r = 1.0;
    for (int i = 0; i < n; i++)
        if (set & (1u << i))
            r *= rows[i];
    for (int k = 0; k < nq; k++)
        if (qs[k].mask != 0 && (qs[k].mask & ~set) == 0)
            r *= qs[k].sel;
    return r < 1.0 ? 1.0 : r;
}

static bool linked(const struct joq *qs, int nq, uint32_t set, int r)
{
    uint32_t with = set | (1u << r);
    for (int k = 0; k < nq; k++)
        if ((qs[k].mask & ~with) == 0 && (qs[k].mask & (1u << r)) && (qs[k].mask & set))
            return true;
    return false;
}

bool eng__join_order(struct binder *b, struct scope *s, const struct eng_jo_rel *rels, int n,
                     struct bx **pool, int npool, int *order)
{
    if (n < 3 || n > JO_MAX)
        return false;
    double rows[JO_MAX];
    for (int i = 0; i < n; i++)
        if (!eng__scan_rows(b, rels[i].t, rels[i].off, rels[i].quals, rels[i].nquals, &rows[i]))
            return false;
    struct joq *qs = mem_alloc0(b->ctx, sizeof(*qs) * (size_t)(npool + 1));
    for (int k = 0; k < npool; k++) {
        bool ok;
        qs[k].mask = eng__jo_mask(rels, n, pool[k], &ok);
        if (!ok)
            return false;
        qs[k].sel = qual_sel(b, s, pool[k]);
    }
    if (n <= JO_DP_MAX) {
        uint32_t full = (1u << n) - 1;
        double *cost = mem_alloc(b->ctx, sizeof(double) * ((size_t)full + 1));
        int8_t *last = mem_alloc(b->ctx, sizeof(int8_t) * ((size_t)full + 1));
        for (uint32_t set = 1; set <= full; set++) {
            cost[set] = -1;
            last[set] = -1;
            if ((set & (set - 1)) == 0) {
                cost[set] = 0;
                last[set] = (int8_t)__builtin_ctz(set);
                continue;
            }
            double rs = set_rows(rows, qs, npool, set, n);
            bool any_link = false;
            for (int pass = 0; pass < 2 && last[set] < 0; pass++) {
                for (int r = 0; r < n; r++) {
                    if (!(set & (1u << r)))
                        continue;
                    uint32_t rest = set & ~(1u << r);
                    if (cost[rest] < 0)
                        continue;
                    bool lk = linked(qs, npool, rest, r);
                    any_link = any_link || lk;
                    if (pass == 0 && !lk)
                        continue;
                    /* a cross product costs its full size twice over */
                    double c = cost[rest] + rs * (lk ? 1.0 : 2.0);
                    if (cost[set] < 0 || c < cost[set]) {
                        cost[set] = c;
                        last[set] = (int8_t)r;
                    }
                }
                if (any_link)
                    break;
            }
        }
        uint32_t set = full;
        for (int k = n - 1; k >= 0; k--) {
            int r = last[set];
            if (r < 0)
                return false;
            order[k] = r;
            set &= ~(1u << r);
        }
        return true;
    }
    /* greedy: the smallest relation first, then the cheapest linked next step */
    uint32_t set = 0;
    for (int k = 0; k < n; k++) {
        int best = -1;
        double bc = 0;
        bool blink = false;
        for (int r = 0; r < n; r++) {
            if (set & (1u << r))
                continue;
            bool lk = k == 0 || linked(qs, npool, set, r);
            double c = k == 0 ? rows[r] : set_rows(rows, qs, npool, set | (1u << r), n);
            if (best < 0 || (lk && !blink) || (lk == blink && c < bc)) {
                best = r;
                bc = c;
                blink = lk;
            }
        }
        order[k] = best;
        set |= 1u << best;
    }
    return true;
}
