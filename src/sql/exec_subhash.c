/* exec_subhash.c — `x IN (SELECT ...)` / `x NOT IN (SELECT ...)` over an
 * uncorrelated subquery that stays a SubPlan (under OR, NOT, in a target
 * list): PostgreSQL runs it once as a "hashed SubPlan" and probes it per
 * row.  exec.c caches the subquery's values; here they are sorted once and
 * each row does a binary search instead of comparing with every value, so
 * such a query no longer costs rows × subquery rows.
 *
 * Rows of several columns ((a, b) IN / NOT IN): multi_lookup below.
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

static bool multi_lookup(const struct ectx *x, const struct bx *b, struct subcache *c,
                         struct sql_value *out, int *rc, struct err *e);

bool eng__sub_lookup(const struct ectx *x, const struct bx *b, struct subcache *c,
                     struct sql_value *out, int *rc, struct err *e)
{
    *rc = 0;
    if (b->u.sub.ncols > 1)
        return multi_lookup(x, b, c, out, rc, e);
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

/* ---- the hashed alternative of a correlated EXISTS (plan_exhash.c) ---- */

struct hrow {
    const struct sql_value *v;
    int k;
};

static int cmp_rows(const void *pa, const void *pb)
{
    const struct hrow *a = pa, *b = pb;
    for (int i = 0; i < a->k; i++) {
        int c = sql_value_cmp(&a->v[i], &b->v[i]);
        if (c != 0)
            return c;
    }
    return 0;
}

/* Does the correlated plan find its rows through an index span (then each
 * run is cheap and the hashed form pays off only after many runs)? */
static bool plan_indexed(const struct pnode *p)
{
    if (p == NULL)
        return false;
    if (p->kind == PN_SCAN && p->u.scan.idx_pos >= 0 &&
        (p->u.scan.neq > 0 || p->u.scan.lo != NULL || p->u.scan.hi != NULL || p->u.scan.has_in))
        return true;
    return plan_indexed(p->l) || plan_indexed(p->r);
}

/* Run the alternative's query once: its rows without NULL keys, sorted. */
static int build_rows(const struct ectx *x, const struct bx *a, struct subcache *c, struct err *e)
{
    struct xrt *rt = x->rt;
    int k = a->u.sub.nhkeys;
    struct mem_ctx *tmp = mem_ctx_new(rt->ctx, "exists hash");
    struct xrt *sub = mem_alloc(tmp, sizeof *sub);
    *sub = *rt;
    sub->instrument = false;
    sub->outer = x;
    sub->ctx = tmp;
    struct xnode *root;
    int rc = eng__xopen(sub, a->u.sub.plan, tmp, &root, e);
    struct sql_value *vals = NULL;
    size_t n = 0, cap = 0;
    while (rc == 0) {
        const struct sql_value *r;
        bool has;
        rc = eng__xnext(root, &r, &has, e);
        if (rc != 0 || !has)
            break;
        bool skip = false;
        for (int i = 0; i < k; i++) {
            if (r[i].null) {
                skip = true; /* matches no outer key */
            } else if (!eng__exhash_compat(r[i].type, a->u.sub.hkeys[i]->type)) {
                c->fast = -1; /* not comparable by sql_value_cmp: run q itself */
                break;
            }
        }
        if (c->fast < 0)
            break;
        if (skip)
            continue;
        if (n + (size_t)k > cap) {
            size_t nc = cap ? cap * 2 : (size_t)k * 64;
            vals = mem_realloc(rt->ctx, vals, sizeof *vals * cap, sizeof *vals * nc);
            cap = nc;
        }
        for (int i = 0; i < k; i++)
            sql_value_copy(rt->ctx, &r[i], &vals[n++]);
    }
    mem_ctx_free(tmp);
    if (rc != 0 || c->fast < 0)
        return rc;
    size_t nrows = n / (size_t)k;
    struct hrow *idx = mem_alloc(rt->ctx, sizeof *idx * (nrows > 0 ? nrows : 1));
    for (size_t i = 0; i < nrows; i++)
        idx[i] = (struct hrow){.v = &vals[i * (size_t)k], .k = k};
    qsort(idx, nrows, sizeof *idx, cmp_rows);
    c->hrows = idx;
    c->nrows = nrows;
    c->done = true;
    return 0;
}

bool eng__exists_hashed(const struct ectx *x, const struct bx *b, struct sql_value *out, int *rc,
                        struct err *e)
{
    const struct bx *a = b->u.sub.alt;
    struct xrt *rt = x->rt;
    *rc = 0;
    if (rt->caches == NULL || a->u.sub.id >= rt->ncaches)
        return false;
    struct subcache *c = &rt->caches[a->u.sub.id];
    if (c->fast < 0)
        return false;
    if (!c->done) {
        if (c->runs == 0) {
            /* a full scan per run: hash at once; an index lookup per run:
             * after as many runs as would cost about one pass over q */
            double est = a->u.sub.plan->est_rows;
            c->limit = plan_indexed(b->u.sub.plan) ? (long)(est / 16 > 64 ? est / 16 : 64) : 0;
        }
        if (c->runs++ < c->limit)
            return false;
        if ((*rc = build_rows(x, a, c, e)) != 0)
            return true;
        if (c->fast < 0)
            return false;
    }
    int k = a->u.sub.nhkeys;
    struct sql_value key[8];
    for (int i = 0; i < k; i++) {
        if ((*rc = eng__eval(x, a->u.sub.hkeys[i], &key[i], e)) != 0)
            return true;
        if (key[i].null) {
            *out = sql_bool(false);
            return true;
        }
        if (!eng__exhash_compat(key[i].type, a->u.sub.hkeys[i]->type))
            return false; /* (not expected) run q itself */
    }
    const struct hrow *rows = c->hrows;
    struct hrow probe = {.v = key, .k = k};
    size_t lo = 0, hi = c->nrows;
    bool found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = cmp_rows(&probe, &rows[mid]);
        if (cmp == 0) {
            found = true;
            break;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *out = sql_bool(found);
    return true;
}

/* ---- (l1, ..., lk) = ANY (q) / (l1, ..., lk) <> ALL (q), k > 1 ---- */

/* The comparison is the AND of lj = SUBVAL(j) (ANY) or the OR of
 * lj <> SUBVAL(j) (ALL), each column once, of types sql_value_cmp compares
 * as their = does; lhs[j]: lj. */
static bool row_cmp_ok(const struct bx *b, const struct bx **lhs)
{
    const struct bx *q = b->u.sub.cmp;
    int k = b->u.sub.ncols;
    bool any = b->u.sub.kind == SQL_SUBLINK_ANY;
    if ((!any && b->u.sub.kind != SQL_SUBLINK_ALL) || k > 8 || q == NULL ||
        q->kind != (any ? BX_AND : BX_OR) || q->u.list.n != k)
        return false;
    bool seen[8] = {false};
    for (int i = 0; i < k; i++) {
        const struct bx *f = q->u.list.args[i];
        if (f->kind != BX_FUNC || !f->u.fn.op || f->u.fn.nargs != 2 || f->u.fn.name == NULL ||
            strcmp(f->u.fn.name, any ? "=" : "<>") != 0 || f->type != SQL_T_BOOL)
            return false;
        const struct bx *l = f->u.fn.args[0], *r = f->u.fn.args[1];
        if (r->kind != BX_SUBVAL || l->kind == BX_SUBVAL || r->u.subcol < 0 || r->u.subcol >= k ||
            seen[r->u.subcol] || !eng__exhash_compat(l->type, r->type))
            return false;
        seen[r->u.subcol] = true;
        lhs[r->u.subcol] = l;
    }
    return true;
}

/* The cached rows split: without NULLs sorted (hrows), with some (prows). */
static bool build_multi(const struct bx **lhs, int k, struct subcache *c, struct mem_ctx *ctx)
{
    size_t nfull = 0, npart = 0;
    struct hrow *full = mem_alloc(ctx, sizeof *full * (c->n > 0 ? c->n : 1));
    struct hrow *part = mem_alloc(ctx, sizeof *part * (c->n > 0 ? c->n : 1));
    for (size_t i = 0; i < c->n; i++) {
        const struct sql_value *r = &c->vals[i * (size_t)k];
        bool has_null = false;
        for (int j = 0; j < k; j++) {
            if (r[j].null)
                has_null = true;
            else if (!eng__exhash_compat(r[j].type, lhs[j]->type))
                return false;
        }
        if (has_null)
            part[npart++] = (struct hrow){.v = r, .k = k};
        else
            full[nfull++] = (struct hrow){.v = r, .k = k};
    }
    qsort(full, nfull, sizeof *full, cmp_rows);
    c->hrows = full;
    c->nrows = nfull;
    c->prows = part;
    c->nprows = npart;
    c->lhs = lhs;
    return true;
}

/* Row r is not provably unequal to key: every column where both are not
 * NULL is equal. */
static bool maybe_equal(const struct sql_value *r, const struct sql_value *key, int k)
{
    for (int j = 0; j < k; j++)
        if (!r[j].null && !key[j].null && sql_value_cmp(&r[j], &key[j]) != 0)
            return false;
    return true;
}

static bool multi_lookup(const struct ectx *x, const struct bx *b, struct subcache *c,
                         struct sql_value *out, int *rc, struct err *e)
{
    int k = b->u.sub.ncols;
    if (c->fast < 0)
        return false;
    if (c->fast == 0) {
        const struct bx **lhs = mem_alloc(x->rt->ctx, sizeof *lhs * (size_t)k);
        bool ok = row_cmp_ok(b, lhs) && build_multi(lhs, k, c, x->rt->ctx);
        c->fast = ok ? 1 : -1;
        if (!ok)
            return false;
    }
    bool is_any = b->u.sub.kind == SQL_SUBLINK_ANY;
    if (c->n == 0) {
        *out = sql_bool(!is_any);
        return true;
    }
    struct sql_value key[8];
    bool some_null = false, all_null = true;
    for (int j = 0; j < k; j++) {
        if ((*rc = eng__eval(x, c->lhs[j], &key[j], e)) != 0)
            return true;
        if (key[j].null) {
            some_null = true;
        } else {
            all_null = false;
            if (!eng__exhash_compat(key[j].type, c->lhs[j]->type))
                return false; /* (not expected) the general loop */
        }
    }
    const struct hrow *full = c->hrows, *part = c->prows;
    int res = 0; /* of = ANY: 1 true, 0 false, -1 NULL */
    if (!some_null) {
        struct hrow probe = {.v = key, .k = k};
        if (c->nrows > 0 && bsearch(&probe, full, c->nrows, sizeof *full, cmp_rows) != NULL)
            res = 1;
        for (size_t i = 0; res == 0 && i < c->nprows; i++)
            if (maybe_equal(part[i].v, key, k))
                res = -1;
    } else if (all_null) {
        res = -1;
    } else {
        for (size_t i = 0; res == 0 && i < c->nrows; i++)
            if (maybe_equal(full[i].v, key, k))
                res = -1;
        for (size_t i = 0; res == 0 && i < c->nprows; i++)
            if (maybe_equal(part[i].v, key, k))
                res = -1;
    }
    if (res < 0)
        *out = sql_null(SQL_T_BOOL);
    else
        *out = sql_bool(is_any ? res == 1 : res == 0);
    return true;
}
