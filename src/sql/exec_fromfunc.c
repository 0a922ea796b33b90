/* exec_fromfunc.c — functions in FROM without a scan of their own
 * (bind_fromfunc.c) and ROWS FROM (PostgreSQL's FunctionScan).
 *
 * srf 4: the expression sargs[0] evaluated once per scan (a rescan of a
 * LATERAL leaf evaluates it again over the new left row): one row, a
 * record value spread over its columns, NULL in each for a NULL record.
 *
 * srf 5: the kids (function scans whose columns sit side by side in this
 * node's row) are each run to completion over the scan's parameter row and
 * their values kept; then as many rows go out as the longest kid has, the
 * shorter ones padded with NULL, and WITH ORDINALITY numbers them from 1 in
 * the last column. The state is the xnode's projset part (exec_projset.c
 * does the same over a select list's set-returning functions).
 */
#include "sql/engine_int.h"
#include "sql/array.h"

#include <string.h>

static int kid_cols(const struct pnode *s)
{
    return s->u.series.jfn != 0 || s->u.series.srf != 0 ? s->u.series.ncols : 1;
}

/* Put v (the value, or a record of the ncols columns) into the row. */
static int put_value(struct xnode *x, const struct sql_value *pv, struct err *e)
{
    const struct pnode *p = x->p;
    struct sql_value v = *pv;
    int off = p->u.series.off, n = p->u.series.ncols;
    if (!p->u.series.record) {
        x->row[off] = v;
    } else if (v.null) {
        for (int i = 0; i < n; i++)
            x->row[off + i] = sql_null(p->u.series.coltypes[i]);
    } else {
        const struct sql_array *r = v.u.arr;
        if (r->nitems != n)
            return err_set_state(e, ERR_INVAL, "42804",
                                 "function return row and query-specified return row do not "
                                 "match" ENG_DETAIL_SEP
                                 "Returned row contains %d attribute%s, but query expects %d.",
                                 r->nitems, r->nitems == 1 ? "" : "s", n);
        for (int i = 0; i < n; i++) {
            uint32_t want = p->u.series.coltypes[i];
            x->row[off + i] = r->items[i];
            if (r->items[i].null) {
                x->row[off + i] = sql_null(want);
            } else if (!eng__binary_coercible(r->items[i].type, want)) {
                struct sbuf a, w;
                sbuf_init(&a);
                sbuf_init(&w);
                sql_type_format(r->items[i].type, -1, &a);
                sql_type_format(want, -1, &w);
                err_set_state(e, ERR_INVAL, "42804",
                              "function return row and query-specified return row do not "
                              "match" ENG_DETAIL_SEP
                              "Returned type %s at ordinal position %d, but query expects %s.",
                              a.data ? a.data : "", i + 1, w.data ? w.data : "");
                sbuf_free(&a);
                sbuf_free(&w);
                return e->code;
            }
        }
    }
    return 0;
}

static int call_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    if (!x->started) {
        x->started = true;
        struct ectx c = {
            .rt = x->rt, .row = x->param, .outer = x->rt->outer, .mem = x->rowctx, .subval = NULL};
        struct sql_value v;
        if ((rc = eng__eval(&c, p->u.series.sargs[0], &v, e)) != 0)
            return rc;
        if (!p->u.series.setof) {
            if ((rc = put_value(x, &v, e)) != 0)
                return rc;
            *row = x->row;
            *has = true;
            return 0;
        }
        /* a set-returning function: the array's items are the rows */
        x->u.mat.i = 0;
        x->u.mat.n = v.null || v.u.arr == NULL ? 0 : (size_t)v.u.arr->nitems;
        x->u.mat.rows = x->u.mat.n > 0 ? (struct sql_value **)(void *)v.u.arr->items : NULL;
    }
    if (!p->u.series.setof || x->u.mat.i >= x->u.mat.n) {
        *has = false;
        return 0;
    }
    const struct sql_value *items = (const struct sql_value *)(void *)x->u.mat.rows;
    if ((rc = put_value(x, &items[x->u.mat.i++], e)) != 0)
        return rc;
    if ((rc = eng__tick(x->rt, e)) != 0)
        return rc;
    *row = x->row;
    *has = true;
    return 0;
}

/* Run every kid over the scan's parameter row; keep their values. */
static int fill_kids(struct xnode *x, struct err *e)
{
    const struct pnode *p = x->p;
    mem_ctx_reset(x->u.projset.setctx);
    x->u.projset.nmax = 0;
    x->u.projset.k = 0;
    for (int i = 0; i < p->u.series.nkids; i++) {
        struct xnode *kx = x->u.projset.srfs[i];
        const struct pnode *kp = kx->p;
        int nc = kid_cols(kp), off = kp->u.series.off;
        int rc = eng__xrescan(kx, x->param, e);
        if (rc != 0)
            return rc;
        size_t n = 0, cap = 0;
        struct sql_value *vals = NULL;
        for (;;) {
            const struct sql_value *r;
            bool has;
            if ((rc = eng__xnext(kx, &r, &has, e)) != 0)
                return rc;
            if (!has)
                break;
            if ((n + 1) * (size_t)nc > cap) {
                size_t ncap = cap ? cap * 2 : (size_t)nc * 8;
                vals =
                    mem_realloc(x->u.projset.setctx, vals, sizeof *vals * cap, sizeof *vals * ncap);
                cap = ncap;
            }
            for (int k = 0; k < nc; k++)
                sql_value_copy(x->u.projset.setctx, &r[off + k], &vals[n * (size_t)nc + k]);
            n++;
            if ((rc = eng__tick(x->rt, e)) != 0)
                return rc;
        }
        x->u.projset.vals[i] = vals;
        x->u.projset.n[i] = n;
        if (n > x->u.projset.nmax)
            x->u.projset.nmax = n;
    }
    return 0;
}

static int rowsfrom_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc, nk = p->u.series.nkids;
    *has = false;
    if (!x->started) {
        x->started = true;
        if (x->u.projset.srfs == NULL) {
            x->u.projset.srfs = mem_alloc0(x->ctx, sizeof(struct xnode *) * (size_t)nk);
            for (int i = 0; i < nk; i++)
                if ((rc = eng__xopen(x->rt, p->u.series.kids[i], x->ctx, &x->u.projset.srfs[i],
                                     e)) != 0)
                    return rc;
            x->u.projset.vals = mem_alloc0(x->ctx, sizeof(struct sql_value *) * (size_t)nk);
            x->u.projset.n = mem_alloc0(x->ctx, sizeof(size_t) * (size_t)nk);
            x->u.projset.setctx = mem_ctx_new(x->ctx, "rows from");
        }
        if ((rc = fill_kids(x, e)) != 0)
            return rc;
    }
    if (x->u.projset.k >= x->u.projset.nmax)
        return 0;
    size_t k = x->u.projset.k++;
    int col = 0;
    for (int i = 0; i < nk; i++) {
        const struct pnode *kp = p->u.series.kids[i];
        int nc = kid_cols(kp), off = kp->u.series.off;
        for (int c = 0; c < nc; c++, col++) {
            if (k < x->u.projset.n[i])
                x->row[off + c] = x->u.projset.vals[i][k * (size_t)nc + (size_t)c];
            else
                x->row[off + c] = sql_null(p->u.series.coltypes[col]);
        }
    }
    if (p->u.series.ordinality)
        x->row[p->u.series.off + p->u.series.ncols - 1] = sql_int8((int64_t)k + 1);
    if ((rc = eng__tick(x->rt, e)) != 0)
        return rc;
    *row = x->row;
    *has = true;
    return 0;
}

int eng__fromfunc_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    if (x->p->u.series.srf == 4)
        return call_next(x, row, has, e);
    return rowsfrom_next(x, row, has, e);
}
