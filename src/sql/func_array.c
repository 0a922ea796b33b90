/* func_array.c — array functions and operators (PostgreSQL's
 * arrayfuncs.c / array_userfuncs.c behaviour): ARRAY[...] construction,
 * subscripts and slices, comparison, containment, concatenation, the
 * array_* functions, string_to_array / array_to_string, array_agg, and the
 * rows of unnest / generate_subscripts in FROM.
 *
 * Arguments arrive cast to the types the binder chose (bind_array.c):
 * arrays of the call's element type, elements of that type.
 */
#include "sql/array_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/func_int.h"

#include <stdio.h>
#include <string.h>

static struct sql_array *arr_alloc(struct mem_ctx *ctx, uint32_t et, int ndim, const int *dims,
                                   const int *lbs)
{
    struct sql_array *a = mem_alloc0(ctx, sizeof *a);
    a->elemtype = et;
    a->ndim = ndim;
    int64_t n = ndim > 0 ? 1 : 0;
    for (int i = 0; i < ndim; i++) {
        a->dims[i] = dims[i];
        a->lbs[i] = lbs ? lbs[i] : 1;
        n *= dims[i];
    }
    a->nitems = (int)n;
    if (n == 0)
        a->ndim = 0;
    if (n > 0)
        a->items = mem_alloc0(ctx, sizeof(struct sql_value) * (size_t)n);
    return a;
}

static void ret_arr(struct sql_fcall *c, struct sql_array *a, struct sql_value *out)
{
    *out = sql_array_value(a);
    out->type = sql__fn_ret(c);
}

static uint32_t ret_elem(struct sql_fcall *c)
{
    uint32_t t = sql_array_elemtype(sql__fn_ret(c));
    return t;
}

static int too_big(int64_t n, struct err *e)
{
    if (n > 134217727)
        return err_set_state(e, ERR_INVAL, "54000",
                             "array size exceeds the maximum allowed (134217727)");
    return 0;
}

/* ---- ARRAY[...] ---- */

int sql__fn_array_ctor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    uint32_t rt = sql__fn_ret(c);
    uint32_t et = sql_array_elemtype(rt);
    if (n > 0 && sql_array_elemtype(c->match->argtypes[0]) != 0) {
        /* sub-arrays: one more dimension */
        const struct sql_array *first = NULL;
        for (int i = 0; i < n; i++) {
            if (a[i].null)
                continue;
            const struct sql_array *s = a[i].u.arr;
            if (first == NULL) {
                first = s;
                continue;
            }
            bool same = s->ndim == first->ndim;
            for (int d = 0; same && d < s->ndim; d++)
                same = s->dims[d] == first->dims[d] && s->lbs[d] == first->lbs[d];
            if (!same)
                return err_set_state(
                    e, ERR_INVAL, "2202E",
                    "multidimensional arrays must have array expressions with matching dimensions");
        }
        bool anynull = false;
        for (int i = 0; i < n; i++)
            anynull = anynull || a[i].null;
        if (first == NULL || first->nitems == 0) {
            if (first != NULL && anynull)
                return err_set_state(
                    e, ERR_INVAL, "2202E",
                    "multidimensional arrays must have array expressions with matching dimensions");
            ret_arr(c, arr_alloc(c->ctx, et, 0, NULL, NULL), out);
            return 0;
        }
        if (anynull)
            return err_set_state(
                e, ERR_INVAL, "2202E",
                "multidimensional arrays must have array expressions with matching dimensions");
        if (first->ndim + 1 > SQL_ARRAY_MAXDIM)
            return err_set_state(e, ERR_INVAL, "54000",
                                 "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                                 first->ndim + 1, SQL_ARRAY_MAXDIM);
        int dims[SQL_ARRAY_MAXDIM], lbs[SQL_ARRAY_MAXDIM];
        dims[0] = n;
        lbs[0] = 1;
        for (int d = 0; d < first->ndim; d++) {
            dims[d + 1] = first->dims[d];
            lbs[d + 1] = first->lbs[d];
        }
        int rc = too_big((int64_t)n * first->nitems, e);
        if (rc != 0)
            return rc;
        struct sql_array *r = arr_alloc(c->ctx, et, first->ndim + 1, dims, lbs);
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < a[i].u.arr->nitems; j++)
                r->items[k++] = a[i].u.arr->items[j];
        ret_arr(c, r, out);
        return 0;
    }
    struct sql_array *r = sql_array_new(c->ctx, et, n);
    for (int i = 0; i < n; i++) {
        r->items[i] = a[i];
        r->items[i].type = et;
    }
    ret_arr(c, r, out);
    return 0;
}

/* ---- subscripts ---- */

/* a[i][j]...: args arr, i1..in; NULL when out of range. */
int sql__fn_array_subscript(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)e;
    *out = sql_null(sql__fn_ret(c));
    if (a[0].null)
        return 0;
    const struct sql_array *x = a[0].u.arr;
    int nsub = n - 1;
    if (x->ndim != nsub || x->nitems == 0)
        return 0;
    int64_t off = 0;
    for (int d = 0; d < nsub; d++) {
        if (a[d + 1].null)
            return 0;
        int64_t i = a[d + 1].u.i - x->lbs[d];
        if (i < 0 || i >= x->dims[d])
            return 0;
        off = off * x->dims[d] + i;
    }
    *out = x->items[off];
    return 0;
}

/* a[l:u]...: args mask (bit 2d: lower given, 2d+1: upper given), arr, then
 * lower/upper pairs. */
int sql__fn_array_slice(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)e;
    uint32_t rt = sql__fn_ret(c);
    *out = sql_null(rt);
    if (a[1].null)
        return 0;
    const struct sql_array *x = a[1].u.arr;
    int64_t mask = a[0].u.i;
    int nsub = (n - 2) / 2;
    int64_t lo[SQL_ARRAY_MAXDIM], hi[SQL_ARRAY_MAXDIM];
    for (int d = 0; d < nsub; d++) {
        const struct sql_value *l = &a[2 + 2 * d], *u = &a[3 + 2 * d];
        if (((mask >> (2 * d)) & 1) && l->null)
            return 0;
        if (((mask >> (2 * d + 1)) & 1) && u->null)
            return 0;
    }
    uint32_t et = x->elemtype;
    if (x->ndim == 0 || nsub > x->ndim || nsub > SQL_ARRAY_MAXDIM) {
        ret_arr(c, arr_alloc(c->ctx, et, 0, NULL, NULL), out);
        return 0;
    }
    int dims[SQL_ARRAY_MAXDIM];
    for (int d = 0; d < x->ndim; d++) {
        int64_t lb = x->lbs[d], ub = x->lbs[d] + x->dims[d] - 1;
        lo[d] = lb;
        hi[d] = ub;
        if (d < nsub) {
            if ((mask >> (2 * d)) & 1)
                lo[d] = a[2 + 2 * d].u.i;
            if ((mask >> (2 * d + 1)) & 1)
                hi[d] = a[3 + 2 * d].u.i;
        }
        if (lo[d] < lb)
            lo[d] = lb;
        if (hi[d] > ub)
            hi[d] = ub;
        if (lo[d] > hi[d]) {
            ret_arr(c, arr_alloc(c->ctx, et, 0, NULL, NULL), out);
            return 0;
        }
        dims[d] = (int)(hi[d] - lo[d] + 1);
    }
    struct sql_array *r = arr_alloc(c->ctx, et, x->ndim, dims, NULL);
    int idx[SQL_ARRAY_MAXDIM] = {0};
    for (int k = 0; k < r->nitems; k++) {
        int64_t off = 0;
        for (int d = 0; d < x->ndim; d++)
            off = off * x->dims[d] + (lo[d] - x->lbs[d] + idx[d]);
        r->items[k] = x->items[off];
        for (int d = x->ndim - 1; d >= 0; d--) {
            if (++idx[d] < dims[d])
                break;
            idx[d] = 0;
        }
    }
    ret_arr(c, r, out);
    return 0;
}

/* ---- comparison ---- */

static bool same_shape(const struct sql_array *a, const struct sql_array *b)
{
    if (a->ndim != b->ndim)
        return false;
    for (int d = 0; d < a->ndim; d++)
        if (a->dims[d] != b->dims[d] || a->lbs[d] != b->lbs[d])
            return false;
    return true;
}

#define CMP_FN(nm, expr)                                                                           \
    int sql__fn_##nm(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out, \
                     struct err *e)                                                                \
    {                                                                                              \
        (void)c;                                                                                   \
        (void)n;                                                                                   \
        (void)e;                                                                                   \
        int r = sql__array_cmp(&a[0], &a[1]);                                                      \
        *out = sql_bool(expr);                                                                     \
        return 0;                                                                                  \
    }
CMP_FN(array_eq, r == 0 && same_shape(a[0].u.arr, a[1].u.arr))
CMP_FN(array_ne, !(r == 0 && same_shape(a[0].u.arr, a[1].u.arr)))
CMP_FN(array_lt, r < 0)
CMP_FN(array_gt, r > 0)
CMP_FN(array_le, r <= 0)
CMP_FN(array_ge, r >= 0)
#undef CMP_FN

/* Every non-NULL element of a is equal to some element of b (NULLs match
 * nothing): array_contain_compare. */
static bool contained_in(const struct sql_array *a, const struct sql_array *b, bool any)
{
    for (int i = 0; i < a->nitems; i++) {
        const struct sql_value *x = &a->items[i];
        bool found = false;
        if (!x->null)
            for (int j = 0; j < b->nitems && !found; j++)
                found = !b->items[j].null && sql_value_cmp(x, &b->items[j]) == 0;
        if (any && found)
            return true;
        if (!any && !found)
            return false;
    }
    return !any;
}

int sql__fn_array_contains(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = sql_bool(contained_in(a[1].u.arr, a[0].u.arr, false));
    return 0;
}

int sql__fn_array_contained(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = sql_bool(contained_in(a[0].u.arr, a[1].u.arr, false));
    return 0;
}

int sql__fn_array_overlap(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = sql_bool(contained_in(a[0].u.arr, a[1].u.arr, true));
    return 0;
}

/* ---- concatenation ---- */

static int cat_incompatible(struct err *e, const char *detail)
{
    return err_set_state(e, ERR_INVAL, "2202E", "cannot concatenate incompatible arrays%s%s",
                         SQL_NUM_DETAIL_SEP, detail);
}

int sql__fn_array_cat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)n;
    if (a[0].null && a[1].null) {
        *out = sql_null(sql__fn_ret(c));
        return 0;
    }
    if (a[0].null || a[0].u.arr->nitems == 0) {
        *out = a[1].null ? a[0] : a[1];
        out->type = sql__fn_ret(c);
        return 0;
    }
    if (a[1].null || a[1].u.arr->nitems == 0) {
        *out = a[0];
        out->type = sql__fn_ret(c);
        return 0;
    }
    const struct sql_array *x = a[0].u.arr, *y = a[1].u.arr;
    int dims[SQL_ARRAY_MAXDIM], lbs[SQL_ARRAY_MAXDIM], nd;
    if (x->ndim == y->ndim) {
        for (int d = 1; d < x->ndim; d++)
            if (x->dims[d] != y->dims[d] || x->lbs[d] != y->lbs[d])
                return cat_incompatible(e, "Arrays with differing element dimensions are not "
                                           "compatible for concatenation.");
        nd = x->ndim;
        memcpy(dims, x->dims, sizeof dims);
        memcpy(lbs, x->lbs, sizeof lbs);
        dims[0] = x->dims[0] + y->dims[0];
    } else if (x->ndim == y->ndim + 1) {
        for (int d = 0; d < y->ndim; d++)
            if (x->dims[d + 1] != y->dims[d] || x->lbs[d + 1] != y->lbs[d])
                return cat_incompatible(e, "Arrays with differing dimensions are not compatible "
                                           "for concatenation.");
        nd = x->ndim;
        memcpy(dims, x->dims, sizeof dims);
        memcpy(lbs, x->lbs, sizeof lbs);
        dims[0] = x->dims[0] + 1;
    } else if (x->ndim + 1 == y->ndim) {
        for (int d = 0; d < x->ndim; d++)
            if (y->dims[d + 1] != x->dims[d] || y->lbs[d + 1] != x->lbs[d])
                return cat_incompatible(e, "Arrays with differing dimensions are not compatible "
                                           "for concatenation.");
        nd = y->ndim;
        memcpy(dims, y->dims, sizeof dims);
        memcpy(lbs, y->lbs, sizeof lbs);
        dims[0] = y->dims[0] + 1;
    } else {
        char d[128];
        snprintf(d, sizeof d,
                 "Arrays of %d and %d dimensions are not compatible for concatenation.", x->ndim,
                 y->ndim);
        return cat_incompatible(e, d);
    }
    int rc = too_big((int64_t)x->nitems + y->nitems, e);
    if (rc != 0)
        return rc;
    struct sql_array *r = arr_alloc(c->ctx, ret_elem(c), nd, dims, lbs);
    memcpy(r->items, x->items, sizeof(struct sql_value) * (size_t)x->nitems);
    memcpy(r->items + x->nitems, y->items, sizeof(struct sql_value) * (size_t)y->nitems);
    ret_arr(c, r, out);
    return 0;
}

static int one_dim(const struct sql_value *v, struct err *e)
{
    if (!v->null && v->u.arr->nitems > 0 && v->u.arr->ndim != 1)
        return err_set_state(e, ERR_INVAL, "2202E",
                             "argument must be empty or one-dimensional array");
    return 0;
}

static int push(struct sql_fcall *c, const struct sql_value *arr, const struct sql_value *el,
                bool front, struct sql_value *out, struct err *e)
{
    int rc = one_dim(arr, e);
    if (rc != 0)
        return rc;
    uint32_t et = ret_elem(c);
    int n = arr->null ? 0 : arr->u.arr->nitems;
    int lb = n > 0 ? arr->u.arr->lbs[0] : 1;
    int dims[1] = {n + 1}, lbs[1] = {lb};
    struct sql_array *r = arr_alloc(c->ctx, et, 1, dims, lbs);
    if (n > 0)
        memcpy(r->items + (front ? 1 : 0), arr->u.arr->items, sizeof(struct sql_value) * (size_t)n);
    r->items[front ? 0 : n] = *el;
    r->items[front ? 0 : n].type = et;
    ret_arr(c, r, out);
    return 0;
}

int sql__fn_array_append(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    return push(c, &a[0], &a[1], false, out, e);
}

int sql__fn_array_prepend(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    return push(c, &a[1], &a[0], true, out, e);
}

/* ---- dimensions ---- */

static bool dim_arg(const struct sql_value *a, int64_t *d)
{
    const struct sql_array *x = a[0].u.arr;
    *d = a[1].u.i;
    return x->nitems > 0 && *d >= 1 && *d <= x->ndim;
}

int sql__fn_array_length(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    int64_t d;
    *out = dim_arg(a, &d) ? sql_int4(a[0].u.arr->dims[d - 1]) : sql_null(SQL_T_INT4);
    return 0;
}

int sql__fn_array_lower(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    int64_t d;
    *out = dim_arg(a, &d) ? sql_int4(a[0].u.arr->lbs[d - 1]) : sql_null(SQL_T_INT4);
    return 0;
}

int sql__fn_array_upper(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    int64_t d;
    const struct sql_array *x = a[0].u.arr;
    *out = dim_arg(a, &d) ? sql_int4(x->lbs[d - 1] + x->dims[d - 1] - 1) : sql_null(SQL_T_INT4);
    return 0;
}

int sql__fn_cardinality(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = sql_int4(a[0].u.arr->nitems);
    return 0;
}

int sql__fn_array_ndims(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    const struct sql_array *x = a[0].u.arr;
    *out = x->nitems > 0 ? sql_int4(x->ndim) : sql_null(SQL_T_INT4);
    return 0;
}

int sql__fn_array_dims(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)n, (void)e;
    const struct sql_array *x = a[0].u.arr;
    if (x->nitems == 0) {
        *out = sql_null(SQL_T_TEXT);
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    for (int d = 0; d < x->ndim; d++)
        sbuf_printf(&b, "[%d:%d]", x->lbs[d], x->lbs[d] + x->dims[d] - 1);
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

/* ---- search, remove, replace ---- */

static bool not_distinct(const struct sql_value *x, const struct sql_value *y)
{
    if (x->null || y->null)
        return x->null && y->null;
    return sql_value_cmp(x, y) == 0;
}

int sql__fn_array_position(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)c;
    *out = sql_null(SQL_T_INT4);
    if (a[0].null)
        return 0;
    const struct sql_array *x = a[0].u.arr;
    if (x->nitems > 0 && x->ndim != 1)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "searching for elements in multidimensional arrays is not supported");
    if (x->nitems == 0)
        return 0;
    int64_t start = 0;
    if (n > 2) {
        if (a[2].null)
            return err_set_state(e, ERR_INVAL, "22004", "initial position must not be null");
        start = a[2].u.i - x->lbs[0];
        if (start < 0)
            start = 0;
    }
    for (int64_t i = start; i < x->nitems; i++)
        if (not_distinct(&x->items[i], &a[1])) {
            *out = sql_int4((int32_t)(i + x->lbs[0]));
            return 0;
        }
    return 0;
}

int sql__fn_array_positions(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)n;
    *out = sql_null(sql__fn_ret(c));
    if (a[0].null)
        return 0;
    const struct sql_array *x = a[0].u.arr;
    if (x->nitems > 0 && x->ndim != 1)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "searching for elements in multidimensional arrays is not supported");
    int k = 0;
    for (int i = 0; i < x->nitems; i++)
        k += not_distinct(&x->items[i], &a[1]);
    struct sql_array *r = sql_array_new(c->ctx, SQL_T_INT4, k);
    k = 0;
    for (int i = 0; i < x->nitems; i++)
        if (not_distinct(&x->items[i], &a[1]))
            r->items[k++] = sql_int4(i + x->lbs[0]);
    ret_arr(c, r, out);
    return 0;
}

int sql__fn_array_remove(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    if (a[0].null) {
        *out = sql_null(sql__fn_ret(c));
        return 0;
    }
    const struct sql_array *x = a[0].u.arr;
    if (x->nitems > 0 && x->ndim != 1)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "removing elements from multidimensional arrays is not supported");
    int k = 0;
    for (int i = 0; i < x->nitems; i++)
        k += !not_distinct(&x->items[i], &a[1]);
    if (k == x->nitems) {
        *out = a[0];
        return 0;
    }
    int dims[1] = {k}, lbs[1] = {x->nitems > 0 ? x->lbs[0] : 1};
    struct sql_array *r = arr_alloc(c->ctx, x->elemtype, 1, dims, lbs);
    k = 0;
    for (int i = 0; i < x->nitems; i++)
        if (!not_distinct(&x->items[i], &a[1]))
            r->items[k++] = x->items[i];
    ret_arr(c, r, out);
    return 0;
}

int sql__fn_array_replace(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n, (void)e;
    if (a[0].null) {
        *out = sql_null(sql__fn_ret(c));
        return 0;
    }
    const struct sql_array *x = a[0].u.arr;
    struct sql_array *r = mem_alloc(c->ctx, sizeof *r);
    *r = *x;
    if (x->nitems > 0) {
        r->items = mem_alloc(c->ctx, sizeof(struct sql_value) * (size_t)x->nitems);
        for (int i = 0; i < x->nitems; i++) {
            r->items[i] = not_distinct(&x->items[i], &a[1]) ? a[2] : x->items[i];
            r->items[i].type = x->elemtype;
        }
    }
    ret_arr(c, r, out);
    return 0;
}

/* ---- text ---- */

int sql__fn_array_to_string(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    if (a[0].null || a[1].null) {
        *out = sql_null(SQL_T_TEXT);
        return 0;
    }
    bool has_nullstr = n > 2 && !a[2].null;
    const struct sql_array *x = a[0].u.arr;
    struct sbuf b;
    sbuf_init(&b);
    bool first = true;
    for (int i = 0; i < x->nitems; i++) {
        if (x->items[i].null && !has_nullstr)
            continue;
        if (!first)
            sbuf_append(&b, a[1].u.s.p, a[1].u.s.len);
        first = false;
        if (x->items[i].null) {
            sbuf_append(&b, a[2].u.s.p, a[2].u.s.len);
            continue;
        }
        int rc = sql_value_out(&x->items[i], sql__fn_fmt(c), &b, e);
        if (rc != 0) {
            sbuf_free(&b);
            return rc;
        }
    }
    sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    out->type = SQL_T_TEXT;
    sbuf_free(&b);
    return 0;
}

int sql__fn_string_to_array(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)e;
    if (a[0].null) {
        *out = sql_null(sql__fn_ret(c));
        return 0;
    }
    const char *s = a[0].u.s.p;
    size_t len = a[0].u.s.len;
    bool has_null = n > 2 && !a[2].null;
    int cap = 8, k = 0;
    const char **ps = mem_alloc(c->ctx, sizeof(char *) * (size_t)cap);
    size_t *ls = mem_alloc(c->ctx, sizeof(size_t) * (size_t)cap);
#define ADD(p_, l_)                                                    \
    do {                                                               \
        if (k == cap) {                                                \
            ps = mem_realloc(c->ctx, ps, sizeof(char *) * (size_t)cap, \
                             sizeof(char *) * (size_t)cap * 2);        \
            ls = mem_realloc(c->ctx, ls, sizeof(size_t) * (size_t)cap, \
                             sizeof(size_t) * (size_t)cap * 2);        \
            cap *= 2;                                                  \
        }                                                              \
        ps[k] = (p_);                                                  \
        ls[k] = (l_);                                                  \
        k++;                                                           \
    } while (0)
    if (len == 0) {
        /* empty input: empty array */
    } else if (a[1].null) {
        for (size_t i = 0; i < len;) {
            int cl = sql__utf8_clen(s + i, len - i);
            ADD(s + i, (size_t)cl);
            i += (size_t)cl;
        }
    } else if (a[1].u.s.len == 0) {
        ADD(s, len);
    } else {
        const char *d = a[1].u.s.p;
        size_t dl = a[1].u.s.len;
        size_t start = 0;
        for (size_t i = 0; i + dl <= len;) {
            if (memcmp(s + i, d, dl) == 0) {
                ADD(s + start, i - start);
                i += dl;
                start = i;
            } else {
                i += (size_t)sql__utf8_clen(s + i, len - i);
            }
        }
        ADD(s + start, len - start);
    }
#undef ADD
    struct sql_array *r = sql_array_new(c->ctx, SQL_T_TEXT, k);
    for (int i = 0; i < k; i++) {
        if (has_null && ls[i] == a[2].u.s.len && memcmp(ps[i], a[2].u.s.p, ls[i]) == 0) {
            r->items[i] = sql_null(SQL_T_TEXT);
            continue;
        }
        char *p = mem_strndup(c->ctx, ps[i], ls[i]);
        r->items[i] = sql_text(p, ls[i]);
    }
    ret_arr(c, r, out);
    return 0;
}

/* ---- array_agg ---- */

struct agg_state {
    uint32_t type; /* the input's type (0 until the first row) */
    struct sql_value *vals;
    struct sql_value *keys; /* array_agg(x ORDER BY k): k of each value */
    int n, cap;
    int mode; /* 0 no ORDER BY, else 1 + (desc) + 2 * (nulls first) */
};

static void agg_init(void *state, struct mem_ctx *ctx)
{
    (void)ctx;
    memset(state, 0, sizeof(struct agg_state));
}

static int agg_step(void *state, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)e;
    struct agg_state *s = state;
    if (s->n == s->cap) {
        int nc = s->cap ? s->cap * 2 : 16;
        s->vals = mem_realloc(ctx, s->vals, sizeof(struct sql_value) * (size_t)s->cap,
                              sizeof(struct sql_value) * (size_t)nc);
        if (s->mode != 0)
            s->keys = mem_realloc(ctx, s->keys, sizeof(struct sql_value) * (size_t)s->cap,
                                  sizeof(struct sql_value) * (size_t)nc);
        s->cap = nc;
    }
    if (!v->null)
        s->type = v->type;
    if (s->mode != 0)
        sql_value_copy(ctx, &v[1], &s->keys[s->n]);
    sql_value_copy(ctx, v, &s->vals[s->n++]);
    return 0;
}

#define ORDER_STEP(m)                                                                    \
    static int agg_step_##m(void *state, struct mem_ctx *ctx, const struct sql_value *v, \
                            struct err *e)                                               \
    {                                                                                    \
        ((struct agg_state *)state)->mode = m;                                           \
        return agg_step(state, ctx, v, e);                                               \
    }
ORDER_STEP(1)
ORDER_STEP(2)
ORDER_STEP(3)
ORDER_STEP(4)
#undef ORDER_STEP

/* Stable sort of s->vals by s->keys (insertion into a merge buffer). */
static int key_cmp(const struct agg_state *s, const struct sql_value *a, const struct sql_value *b)
{
    bool desc = ((s->mode - 1) & 1) != 0, nulls_first = ((s->mode - 1) & 2) != 0;
    if (a->null || b->null) {
        if (a->null && b->null)
            return 0;
        return (a->null == nulls_first) ? -1 : 1;
    }
    int c = sql_value_cmp(a, b);
    return desc ? -c : c;
}

static void agg_sort(struct agg_state *s, struct mem_ctx *ctx)
{
    int n = s->n;
    struct sql_value *tv = mem_alloc(ctx, sizeof *tv * (size_t)n);
    struct sql_value *tk = mem_alloc(ctx, sizeof *tk * (size_t)n);
    for (int w = 1; w < n; w *= 2) {
        for (int lo = 0; lo < n; lo += 2 * w) {
            int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int i = lo, j = mid, k = lo;
            while (i < mid || j < hi) {
                bool left = j >= hi || (i < mid && key_cmp(s, &s->keys[i], &s->keys[j]) <= 0);
                int f = left ? i++ : j++;
                tv[k] = s->vals[f];
                tk[k++] = s->keys[f];
            }
        }
        memcpy(s->vals, tv, sizeof *tv * (size_t)n);
        memcpy(s->keys, tk, sizeof *tk * (size_t)n);
    }
}

static int agg_final(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct agg_state *s = state;
    if (s->n == 0) {
        *out = sql_null(0);
        return 0;
    }
    if (s->mode != 0)
        agg_sort(s, ctx);
    uint32_t t = s->type;
    for (int i = 0; i < s->n && t == 0; i++)
        t = s->vals[i].type;
    if (sql_array_elemtype(t) != 0) {
        /* array_agg(anyarray): one more dimension */
        const struct sql_array *first = NULL;
        for (int i = 0; i < s->n; i++) {
            if (s->vals[i].null)
                return err_set_state(e, ERR_INVAL, "22004", "cannot accumulate null arrays");
            const struct sql_array *x = s->vals[i].u.arr;
            if (x->nitems == 0)
                return err_set_state(e, ERR_INVAL, "2202E", "cannot accumulate empty arrays");
            if (first == NULL)
                first = x;
            else if (!same_shape(first, x))
                return err_set_state(e, ERR_INVAL, "2202E",
                                     "cannot accumulate arrays of different dimensionality");
        }
        if (first->ndim + 1 > SQL_ARRAY_MAXDIM)
            return err_set_state(e, ERR_INVAL, "54000",
                                 "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                                 first->ndim + 1, SQL_ARRAY_MAXDIM);
        int dims[SQL_ARRAY_MAXDIM], lbs[SQL_ARRAY_MAXDIM];
        dims[0] = s->n;
        lbs[0] = 1;
        for (int d = 0; d < first->ndim; d++) {
            dims[d + 1] = first->dims[d];
            lbs[d + 1] = first->lbs[d];
        }
        struct sql_array *r = arr_alloc(ctx, first->elemtype, first->ndim + 1, dims, lbs);
        int k = 0;
        for (int i = 0; i < s->n; i++)
            for (int j = 0; j < s->vals[i].u.arr->nitems; j++)
                r->items[k++] = s->vals[i].u.arr->items[j];
        *out = sql_array_value(r);
        out->type = t;
        return 0;
    }
    struct sql_array *r = sql_array_new(ctx, t, s->n);
    for (int i = 0; i < s->n; i++) {
        r->items[i] = s->vals[i];
        r->items[i].type = t;
    }
    *out = sql_array_value(r);
    return 0;
}

const struct sql_agg_def sql__array_agg_def = {
    .name = "array_agg",
    .arg = SQL_T_ANY,
    .ret = SQL_T_ANY,
    .state_size = sizeof(struct agg_state),
    .init = agg_init,
    .step = agg_step,
    .final = agg_final,
};

#define ORDER_DEF(m)                                                                    \
    {                                                                                   \
        .name = "array_agg", .arg = SQL_T_ANY, .ret = SQL_T_ANY,                        \
        .state_size = sizeof(struct agg_state), .init = agg_init, .step = agg_step_##m, \
        .final = agg_final, .arg2 = SQL_T_ANY                                           \
    }
const struct sql_agg_def sql__array_agg_order_defs[4] = {ORDER_DEF(1), ORDER_DEF(2), ORDER_DEF(3),
                                                         ORDER_DEF(4)};
#undef ORDER_DEF

bool sql__agg_keeps_nulls(const struct sql_agg_def *d)
{
    return d->final == agg_final;
}
