/* exec_projset.c — PN_PROJSET: the set-returning functions of a select
 * list (bind_srf.c) over each input row. Every function (a PN_SERIES node
 * whose arguments read the input row as its rescan parameter) is run to
 * completion for the row and its values kept; then as many rows go out as
 * the longest set has, each the input row with the functions' columns of
 * that position, NULL where a set is shorter. An input row whose sets are
 * all empty yields nothing.
 */
#include "sql/engine_int.h"

#include <string.h>

static int series_cols(const struct pnode *s)
{
    return s->u.series.jfn != 0 || s->u.series.srf != 0 ? s->u.series.ncols : 1;
}

/* Run every function for input row in; keep their values in setctx. */
static int fill_sets(struct xnode *x, const struct sql_value *in, struct err *e)
{
    const struct pnode *p = x->p;
    mem_ctx_reset(x->u.projset.setctx);
    x->u.projset.nmax = 0;
    x->u.projset.k = 0;
    for (int i = 0; i < p->u.projset.nsrfs; i++) {
        struct xnode *sx = x->u.projset.srfs[i];
        const struct pnode *sp = sx->p;
        int nc = series_cols(sp), off = sp->u.series.off;
        int rc = eng__xrescan(sx, in, e);
        if (rc != 0)
            return rc;
        size_t n = 0, cap = 0;
        struct sql_value *vals = NULL;
        for (;;) {
            const struct sql_value *r;
            bool has;
            if ((rc = eng__xnext(sx, &r, &has, e)) != 0)
                return rc;
            if (!has)
                break;
            if ((n + 1) * (size_t)nc > cap) {
                size_t ncap = cap ? cap * 2 : (size_t)nc * 8;
                vals =
                    mem_realloc(x->u.projset.setctx, vals, sizeof *vals * cap, sizeof *vals * ncap);
                cap = ncap;
            }
            for (int c = 0; c < nc; c++)
                sql_value_copy(x->u.projset.setctx, &r[off + c], &vals[n * (size_t)nc + c]);
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

int eng__projset_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc, ns = p->u.projset.nsrfs;
    *has = false;
    if (!x->started) {
        x->started = true;
        if (x->u.projset.srfs == NULL) {
            x->u.projset.srfs = mem_alloc0(x->ctx, sizeof(struct xnode *) * (size_t)ns);
            for (int i = 0; i < ns; i++)
                if ((rc = eng__xopen(x->rt, p->u.projset.srfs[i], x->ctx, &x->u.projset.srfs[i],
                                     e)) != 0)
                    return rc;
            x->u.projset.vals = mem_alloc0(x->ctx, sizeof(struct sql_value *) * (size_t)ns);
            x->u.projset.n = mem_alloc0(x->ctx, sizeof(size_t) * (size_t)ns);
            x->u.projset.setctx = mem_ctx_new(x->ctx, "projset");
        }
        x->u.projset.k = 0;
        x->u.projset.nmax = 0;
    }
    while (x->u.projset.k >= x->u.projset.nmax) {
        const struct sql_value *in;
        bool h;
        if ((rc = eng__xnext(x->l, &in, &h, e)) != 0 || !h)
            return rc;
        int lw = x->l->p->width < p->width ? x->l->p->width : p->width;
        memcpy(x->row, in, sizeof *x->row * (size_t)lw);
        for (int i = lw; i < p->width; i++)
            x->row[i] = sql_null(SQL_T_UNKNOWN); /* SRF slots above a grouped row */
        if ((rc = fill_sets(x, x->row, e)) != 0)
            return rc;
    }
    size_t k = x->u.projset.k++;
    for (int i = 0; i < ns; i++) {
        const struct pnode *sp = p->u.projset.srfs[i];
        int nc = series_cols(sp), off = sp->u.series.off;
        for (int c = 0; c < nc; c++) {
            uint32_t t = p->u.projset.types[off + c];
            if (k < x->u.projset.n[i]) {
                x->row[off + c] = x->u.projset.vals[i][k * (size_t)nc + (size_t)c];
                if (!x->row[off + c].null && t == SQL_T_INT4 && x->row[off + c].type == SQL_T_INT8)
                    x->row[off + c].type = t; /* _pg_expandarray's n */
            } else {
                x->row[off + c] = sql_null(t != 0 ? t : SQL_T_UNKNOWN);
            }
        }
    }
    *row = x->row;
    *has = true;
    return 0;
}
