/* plan_inlist.c — IN lists and `= ANY (array)` as index keys.
 *
 * `k IN (v1, v2, ...)` (bound as an OR of equalities, bind_expr.c) and
 * `k = ANY (array)` (BX_ARRAYCMP) on an index key column right after the
 * span's equality prefix make the scan one key span per distinct value
 * (plan_scan.c chooses them; exec_scan.c walks the spans). At run time the
 * values are evaluated (constants, parameters, outer columns), converted to
 * the key column's type (values no row can hold and NULL elements are
 * skipped), sorted in index order (reversed for a DESC key column or a
 * backward walk) and deduplicated, so the rows come out in index order as
 * from a single span. EXPLAIN shows the condition as PostgreSQL does:
 * `Index Cond: (k = ANY ('{1,5,9}'::integer[]))`.
 */
#include "sql/engine_int.h"

#include "sql/array.h"

#include <stdlib.h>
#include <string.h>

static bool is_eq(const struct bx *q)
{
    return q->kind == BX_FUNC && q->u.fn.op && q->u.fn.nargs == 2 && q->u.fn.name != NULL &&
           strcmp(q->u.fn.name, "=") == 0 && q->type == SQL_T_BOOL;
}

/* The OR arms, all `key = value` with the same key on side `side`. */
static bool or_list(const struct bx *q, int side, struct bx **key)
{
    *key = q->u.list.args[0]->u.fn.args[side];
    for (int i = 0; i < q->u.list.n; i++) {
        const struct bx *a = q->u.list.args[i];
        if (!is_eq(a) || !eng__bx_equal(a->u.fn.args[side], *key))
            return false;
    }
    return true;
}

bool eng__inlist_split(struct mem_ctx *ctx, struct bx *q, struct bx **key, struct bx ***vals,
                       int *nvals, struct bx **arr)
{
    *vals = NULL;
    *nvals = 0;
    *arr = NULL;
    if (q->kind == BX_ARRAYCMP) {
        const struct bx *c = q->u.arr.cmp;
        if (q->u.arr.all || c == NULL || !is_eq(c) || c->u.fn.args[1]->kind != BX_SUBVAL ||
            sql_array_elemtype(q->u.arr.arr->type) == 0)
            return false;
        *key = c->u.fn.args[0];
        *arr = q->u.arr.arr;
        return true;
    }
    if (q->kind != BX_OR || q->u.list.n < 2 || !is_eq(q->u.list.args[0]))
        return false;
    int side = 0;
    if (!or_list(q, 0, key)) {
        side = 1;
        if (!or_list(q, 1, key))
            return false;
    }
    *nvals = q->u.list.n;
    *vals = mem_alloc(ctx, sizeof(struct bx *) * (size_t)*nvals);
    for (int i = 0; i < *nvals; i++)
        (*vals)[i] = q->u.list.args[i]->u.fn.args[1 - side];
    return true;
}

struct bx *eng__inlist_disp(struct mem_ctx *ctx, struct bx *q, struct bx *key, struct bx **vals,
                            int nvals)
{
    if (q->kind == BX_ARRAYCMP)
        return q;
    /* constants of one type: PostgreSQL's `key = ANY ('{...}'::type[])` */
    uint32_t et = vals[0]->type;
    uint32_t at = sql_array_of(et);
    for (int i = 0; i < nvals; i++)
        if (vals[i]->kind != BX_CONST || vals[i]->type != et)
            return q;
    if (at == 0)
        return q;
    struct sql_array *a = sql_array_new(ctx, et, nvals);
    for (int i = 0; i < nvals; i++)
        a->items[i] = vals[i]->u.c;
    struct sql_value av = sql_array_value(a);
    struct bx *sv = mem_alloc0(ctx, sizeof *sv);
    sv->kind = BX_SUBVAL;
    sv->type = et;
    sv->typmod = -1;
    sv->location = -1;
    struct bx *cmp = mem_alloc(ctx, sizeof *cmp);
    *cmp = *q->u.list.args[0];
    cmp->u.fn.args = mem_alloc(ctx, sizeof(struct bx *) * 2);
    cmp->u.fn.args[0] = key;
    cmp->u.fn.args[1] = sv;
    struct bx *d = mem_alloc0(ctx, sizeof *d);
    d->kind = BX_ARRAYCMP;
    d->type = SQL_T_BOOL;
    d->typmod = -1;
    d->location = q->location;
    d->u.arr.arr = eng__const(ctx, &av, -1);
    d->u.arr.cmp = cmp;
    d->u.arr.all = false;
    d->u.arr.elemtype = et;
    return d;
}

static int cmp_asc(const void *a, const void *b)
{
    return sql_value_cmp(a, b);
}

int eng__key_value(const struct sql_value *v, uint32_t coltype, struct sql_value *out, bool *empty);

int eng__inlist_keys(const struct ectx *c, const struct pnode *p, uint32_t coltype, bool desc,
                     struct sql_value **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    const struct sql_value *src;
    struct sql_value *tmp = NULL;
    int ns;
    if (p->u.scan.in_arr != NULL) {
        struct sql_value av;
        int rc = eng__eval(c, p->u.scan.in_arr, &av, e);
        if (rc != 0)
            return rc;
        if (av.null || av.u.arr == NULL)
            return 0;
        src = av.u.arr->items;
        ns = av.u.arr->nitems;
    } else {
        ns = p->u.scan.nin;
        tmp = mem_alloc(c->mem, sizeof *tmp * (size_t)(ns + 1));
        for (int i = 0; i < ns; i++) {
            int rc = eng__eval(c, p->u.scan.in_vals[i], &tmp[i], e);
            if (rc != 0)
                return rc;
        }
        src = tmp;
    }
    struct sql_value *k = mem_alloc(c->mem, sizeof *k * (size_t)(ns + 1));
    int nk = 0;
    for (int i = 0; i < ns; i++) {
        bool empty;
        eng__key_value(&src[i], coltype, &k[nk], &empty);
        if (!empty)
            nk++;
    }
    if (nk > 1)
        qsort(k, (size_t)nk, sizeof *k, cmp_asc);
    int m = 0;
    for (int i = 0; i < nk; i++)
        if (m == 0 || sql_value_cmp(&k[m - 1], &k[i]) != 0)
            k[m++] = k[i];
    if (desc != p->u.scan.reverse)
        for (int i = 0; i < m / 2; i++) {
            struct sql_value t = k[i];
            k[i] = k[m - 1 - i];
            k[m - 1 - i] = t;
        }
    *out = k;
    *n = m;
    return 0;
}
