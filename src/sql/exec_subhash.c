/* exec_subhash.c — `x IN (SELECT ...)` / `x NOT IN (SELECT ...)` over an
 * uncorrelated subquery that stays a SubPlan (under OR, NOT, in a target
 * list): PostgreSQL runs it once as a "hashed SubPlan" and probes it per
 * row.  exec.c caches the subquery's values; here they are sorted once and
 * each row does a binary search instead of comparing with every value, so
 * such a query no longer costs rows × subquery rows.
 *
 * Only for `=` ANY / `<>` ALL between two values of one built-in type whose
 * sql_value_cmp order agrees with its equality operator; anything else
 * answers false and goes through the general per-element loop.  Results
 * keep the SQL rules: an empty set gives false (IN) / true (NOT IN) even
 * for a NULL left side; a miss is NULL when the left side or a set member
 * is NULL.
 */
#include "sql/engine_int.h"

#include <stdlib.h>
#include <string.h>

bool eng__sub_lookup(const struct ectx *x, const struct bx *b, struct subcache *c,
                     struct sql_value *out, int *rc, struct err *e);

static bool sortable_type(uint32_t t)
{
    switch (t) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_NUMERIC:
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
        return true;
    default:
        return false;
    }
}

/* The comparison is `lhs = SUBVAL` (ANY) or `lhs <> SUBVAL` (ALL). */
static bool simple_cmp(const struct bx *b)
{
    const struct bx *q = b->u.sub.cmp;
    if (b->u.sub.ncols != 1 || q == NULL || q->kind != BX_FUNC || !q->u.fn.op ||
        q->u.fn.nargs != 2 || q->u.fn.name == NULL || q->type != SQL_T_BOOL)
        return false;
    const char *want = b->u.sub.kind == SQL_SUBLINK_ANY ? "=" : "<>";
    if (strcmp(q->u.fn.name, want) != 0)
        return false;
    const struct bx *l = q->u.fn.args[0], *r = q->u.fn.args[1];
    return r->kind == BX_SUBVAL && l->kind != BX_SUBVAL && l->type == r->type &&
           sortable_type(l->type);
}

static int cmp_vals(const void *pa, const void *pb)
{
    return sql_value_cmp((const struct sql_value *)pa, (const struct sql_value *)pb);
}

/* Sort the cached values once: c->sorted (non-NULL ones), c->sub_null. */
static bool build(const struct bx *b, struct subcache *c, struct mem_ctx *ctx)
{
    uint32_t t = b->u.sub.cmp->u.fn.args[1]->type;
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!c->vals[i].null && c->vals[i].type != t)
            return false;
    c->sorted = mem_alloc(ctx, sizeof *c->sorted * (c->n > 0 ? c->n : 1));
    for (size_t i = 0; i < c->n; i++) {
        if (c->vals[i].null)
            c->sub_null = true;
        else
            c->sorted[k++] = c->vals[i];
    }
    qsort(c->sorted, k, sizeof *c->sorted, cmp_vals);
    c->nsorted = k;
    return true;
}

bool eng__sub_lookup(const struct ectx *x, const struct bx *b, struct subcache *c,
                     struct sql_value *out, int *rc, struct err *e)
{
    *rc = 0;
    if (c->fast < 0)
        return false;
    if (c->fast == 0) {
        bool ok = (b->u.sub.kind == SQL_SUBLINK_ANY || b->u.sub.kind == SQL_SUBLINK_ALL) &&
                  simple_cmp(b) && build(b, c, x->rt->ctx);
        c->fast = ok ? 1 : -1;
        if (!ok)
            return false;
    }
    bool is_any = b->u.sub.kind == SQL_SUBLINK_ANY;
    if (c->n == 0) {
        *out = sql_bool(!is_any);
        return true;
    }
    struct sql_value v;
    if ((*rc = eng__eval(x, b->u.sub.cmp->u.fn.args[0], &v, e)) != 0)
        return true;
    if (v.null) {
        *out = sql_null(SQL_T_BOOL);
        return true;
    }
    bool found =
        c->nsorted > 0 && bsearch(&v, c->sorted, c->nsorted, sizeof *c->sorted, cmp_vals) != NULL;
    if (found)
        *out = sql_bool(is_any);
    else
        *out = c->sub_null ? sql_null(SQL_T_BOOL) : sql_bool(!is_any);
    return true;
}
