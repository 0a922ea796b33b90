/* plan_qualcost.c — the order a scan evaluates its filter conjuncts in.
 * PostgreSQL sorts a relation's quals by their estimated per-row cost
 * (order_qual_clauses over cost_qual_eval: cpu_operator_cost per operator
 * or function call, half the list length for `x IN (list)`, nothing for
 * AND/OR/NOT, CASE, COALESCE, IS NULL, columns and constants), keeping the
 * written order among equal costs.  The order is visible: a cheap conjunct
 * that is false spares the evaluation of a later one that would raise an
 * error (division by zero), and EXPLAIN prints the Filter in that order.
 * This mirrors the model roughly, with every function at cost 1.
 */
#include "sql/engine_int.h"

#include <string.h>

void eng__order_quals(struct mem_ctx *ctx, struct bx **q, int n);

/* A node that may vary per row (eng__bx_walk stops there): anything but
 * constants and the operators over them. */
static bool varying_node(struct bx *x, void *arg)
{
    (void)arg;
    switch (x->kind) {
    case BX_CONST:
    case BX_FUNC:
    case BX_AND:
    case BX_OR:
    case BX_NOT:
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
    case BX_ROW:
    case BX_NULLTEST:
    case BX_BOOLTEST:
    case BX_FIELD:
    case BX_DISTINCT:
    case BX_NULLIF:
    case BX_CASE:
    case BX_CAST:
        return false;
    default:
        return true;
    }
}

/* Does x read anything that varies per row?  Constant subtrees cost
 * nothing (PostgreSQL folds them before costing). */
static bool varies(const struct bx *x)
{
    return eng__bx_walk((struct bx *)x, varying_node, NULL);
}

static double cost(struct mem_ctx *ctx, struct bx *x)
{
    if (x == NULL || !varies(x))
        return 0;
    double c = 0;
    switch (x->kind) {
    case BX_FUNC:
        c = 1;
        for (int i = 0; i < x->u.fn.nargs; i++)
            c += cost(ctx, x->u.fn.args[i]);
        return c;
    case BX_OR: {
        struct bx *key, **vals, *arr;
        int nvals;
        if (eng__inlist_split(ctx, x, &key, &vals, &nvals, &arr) && arr == NULL)
            return 0.5 * nvals + cost(ctx, key); /* x IN (list): one ScalarArrayOpExpr */
        for (int i = 0; i < x->u.list.n; i++)
            c += cost(ctx, x->u.list.args[i]);
        return c;
    }
    case BX_AND:
    case BX_NOT:
    case BX_COALESCE:
    case BX_ROW:
        for (int i = 0; i < x->u.list.n; i++)
            c += cost(ctx, x->u.list.args[i]);
        return c;
    case BX_GREATEST:
    case BX_LEAST:
        c = 1;
        for (int i = 0; i < x->u.list.n; i++)
            c += cost(ctx, x->u.list.args[i]);
        return c;
    case BX_NULLTEST:
    case BX_BOOLTEST:
    case BX_FIELD:
        return cost(ctx, x->u.test.arg);
    case BX_DISTINCT:
    case BX_NULLIF:
        return 1 + cost(ctx, x->u.cmp.l) + cost(ctx, x->u.cmp.r);
    case BX_CASE:
        for (int i = 0; i < x->u.cs.n; i++)
            c += cost(ctx, x->u.cs.conds[i]) + cost(ctx, x->u.cs.results[i]);
        return c + cost(ctx, x->u.cs.def);
    case BX_CAST:
        return (x->u.cast.arg != NULL && x->u.cast.arg->type != x->type ? 1 : 0) +
               cost(ctx, x->u.cast.arg);
    case BX_ARRAYCMP:
        return 1 + (x->u.arr.cmp != NULL && x->u.arr.cmp->kind == BX_FUNC &&
                            x->u.arr.cmp->u.fn.nargs > 0
                        ? cost(ctx, x->u.arr.cmp->u.fn.args[0])
                        : 0);
    case BX_SUBLINK:
        if (x->u.sub.correlated)
            return 1e6; /* a SubPlan run per row */
        if (x->u.sub.kind == SQL_SUBLINK_ANY || x->u.sub.kind == SQL_SUBLINK_ALL)
            return 1 + (x->u.sub.cmp != NULL && x->u.sub.cmp->kind == BX_FUNC &&
                                x->u.sub.cmp->u.fn.nargs > 0
                            ? cost(ctx, x->u.sub.cmp->u.fn.args[0])
                            : 0);
        return 0; /* an InitPlan: its value is a parameter */
    default:
        return 0;
    }
}

/* Inside AND / OR (through NOT), the arms that are constant first:
 * PostgreSQL folds them before the scan runs (`x / 0 > 1 OR 1 IS NOT NULL`
 * is true without dividing), so they must decide before any other arm. */
static void const_arms_first(struct mem_ctx *ctx, struct bx *x)
{
    if (x == NULL || (x->kind != BX_AND && x->kind != BX_OR && x->kind != BX_NOT))
        return;
    int n = x->u.list.n, k = 0;
    for (int i = 0; i < n; i++)
        const_arms_first(ctx, x->u.list.args[i]);
    if (x->kind == BX_NOT || n < 2)
        return;
    struct bx **tmp = mem_alloc(ctx, sizeof *tmp * (size_t)n);
    for (int i = 0; i < n; i++)
        if (!varies(x->u.list.args[i]))
            tmp[k++] = x->u.list.args[i];
    if (k == 0 || k == n)
        return;
    for (int i = 0; i < n; i++)
        if (varies(x->u.list.args[i]))
            tmp[k++] = x->u.list.args[i];
    memcpy(x->u.list.args, tmp, sizeof *tmp * (size_t)n);
}

void eng__order_quals(struct mem_ctx *ctx, struct bx **q, int n)
{
    for (int i = 0; i < n; i++)
        const_arms_first(ctx, q[i]);
    if (n < 2)
        return;
    double *c = mem_alloc(ctx, sizeof *c * (size_t)n);
    for (int i = 0; i < n; i++)
        c[i] = cost(ctx, q[i]);
    for (int i = 1; i < n; i++) { /* insertion sort: stable, as PostgreSQL's */
        struct bx *x = q[i];
        double xc = c[i];
        int j = i;
        while (j > 0 && c[j - 1] > xc) {
            q[j] = q[j - 1];
            c[j] = c[j - 1];
            j--;
        }
        q[j] = x;
        c[j] = xc;
    }
}
