/* exec_scan.c — table scans: evaluate the key span (equality prefix and
 * range bound, possibly parameterized by an outer row for an index nested
 * loop), open sql_tbl_scan over it, place each row at its slots of the
 * full-width row and apply the filter.
 *
 * Span values are converted to the index column's type here; a value that
 * cannot be represented in it (NULL, an int8 beyond an int4 column) makes
 * an equality span empty, as no row can match.
 */
#include "sql/engine_int.h"

#include <stdlib.h>
#include <string.h>

int eng__scan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
int eng__scan_rescan(struct xnode *x, const struct sql_value *outer, struct err *e);

/* Convert v to the column type; *empty when nothing can match. */
int eng__key_value(const struct sql_value *v, uint32_t coltype, struct sql_value *out, bool *empty);
int eng__key_value(const struct sql_value *v, uint32_t coltype, struct sql_value *out, bool *empty)
{
    *empty = false;
    *out = *v;
    if (v->null) {
        *empty = true;
        return 0;
    }
    if (v->type == coltype)
        return 0;
    switch (coltype) {
    case SQL_T_INT2:
        if (v->u.i < INT16_MIN || v->u.i > INT16_MAX)
            *empty = true;
        break;
    case SQL_T_INT4:
        if (v->u.i < INT32_MIN || v->u.i > INT32_MAX)
            *empty = true;
        break;
    default:
        break;
    }
    out->type = coltype;
    return 0;
}

static int open_scan(struct xnode *x, struct err *e)
{
    const struct pnode *p = x->p;
    const struct sql_table_desc *t = p->u.scan.t;
    int lrc = sql_table_read_lock(x->rt->env, t, e);
    if (lrc != 0)
        return lrc;
    if (x->u.scan.scanctx == NULL)
        x->u.scan.scanctx = mem_ctx_new(x->ctx, "scan");
    if (x->u.scan.tmp == NULL)
        x->u.scan.tmp = mem_alloc0(x->ctx, sizeof *x->u.scan.tmp * (size_t)(t->ncols + 1));
    x->u.scan.empty = false;
    struct sql_tbl_span span;
    struct sql_tbl_span *sp = NULL;
    if (p->u.scan.idx_pos >= 0) {
        const struct sql_idx_desc *ix = &t->idx[p->u.scan.idx_pos];
        struct mem_ctx *m = x->u.scan.scanctx;
        struct sql_value *eq = mem_alloc(m, sizeof *eq * (size_t)(p->u.scan.neq + 2));
        struct sql_value *bounds = mem_alloc(m, sizeof *bounds * 2);
        struct ectx c = {.rt = x->rt, .row = x->param, .outer = x->rt->outer, .mem = m};
        for (int i = 0; i < p->u.scan.neq; i++) {
            struct sql_value v;
            int rc = eng__eval(&c, p->u.scan.eq[i], &v, e);
            if (rc != 0)
                return rc;
            const struct sql_col_desc *col = sql_cat_column_by_id(t, ix->col_ids[i]);
            bool empty;
            eng__key_value(&v, col ? col->type : v.type, &eq[i], &empty);
            if (empty)
                x->u.scan.empty = true;
        }
        memset(&span, 0, sizeof span);
        span.idx_pos = p->u.scan.idx_pos;
        span.eq = eq;
        span.neq = p->u.scan.neq;
        if (p->u.scan.has_in) { /* one span per value of the IN list (plan_inlist.c) */
            int k = p->u.scan.neq;
            if (x->u.scan.in_keys == NULL) {
                const struct sql_col_desc *col = sql_cat_column_by_id(t, ix->col_ids[k]);
                int rc = eng__inlist_keys(&c, p, col ? col->type : 0, ix->desc[k],
                                          &x->u.scan.in_keys, &x->u.scan.in_n, e);
                if (rc != 0)
                    return rc;
                x->u.scan.in_i = 0;
            }
            if (x->u.scan.in_i >= x->u.scan.in_n)
                x->u.scan.empty = true;
            else
                eq[k] = x->u.scan.in_keys[x->u.scan.in_i];
            span.neq = k + 1;
        }
        const struct sql_col_desc *rc_col =
            p->u.scan.neq < ix->ncols ? sql_cat_column_by_id(t, ix->col_ids[p->u.scan.neq]) : NULL;
        const struct bx *bx2[2] = {p->u.scan.lo, p->u.scan.hi};
        for (int k = 0; k < 2; k++) {
            if (bx2[k] == NULL)
                continue;
            struct sql_value v;
            int rc = eng__eval(&c, bx2[k], &v, e);
            if (rc != 0)
                return rc;
            bool empty;
            eng__key_value(&v, rc_col ? rc_col->type : v.type, &bounds[k], &empty);
            if (v.null)
                x->u.scan.empty = true;
            if (k == 0) {
                span.lo = &bounds[0];
                span.lo_incl = p->u.scan.lo_incl;
            } else {
                span.hi = &bounds[1];
                span.hi_incl = p->u.scan.hi_incl;
            }
        }
        span.reverse = p->u.scan.reverse;
        span.index_only = p->u.scan.index_only;
        sp = &span;
    }
    if (x->u.scan.empty)
        return 0;
    int rc = sql_tbl_scan_open(x->rt->env, t, sp, x->u.scan.scanctx, &x->u.scan.scan, e);
    if (rc == 0 && p->u.scan.need != NULL)
        sql_tbl_scan_need(x->u.scan.scan, p->u.scan.need);
    return rc;
}

int eng__scan_rescan(struct xnode *x, const struct sql_value *outer, struct err *e)
{
    (void)e;
    if (x->u.scan.scan != NULL) {
        sql_tbl_scan_close(x->u.scan.scan);
        x->u.scan.scan = NULL;
    }
    if (x->u.scan.scanctx != NULL)
        mem_ctx_reset(x->u.scan.scanctx);
    x->u.scan.in_keys = NULL;
    if (x->u.scan.bufctx != NULL)
        mem_ctx_reset(x->u.scan.bufctx);
    x->u.scan.buffered = false;
    x->u.scan.buf = NULL;
    x->u.scan.nbuf = x->u.scan.ibuf = 0;
    x->param = outer;
    x->started = false;
    x->done = false;
    return 0;
}

/* The next row of the span(s) into x->u.scan.tmp, before the filter. */
static int raw_next(struct xnode *x, bool *h, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    *h = false;
    for (;;) {
        if (x->u.scan.scan == NULL)
            return 0;
        if ((rc = sql_tbl_scan_next(x->u.scan.scan, x->u.scan.tmp, h, e)) != 0)
            return rc;
        if (*h)
            return 0;
        sql_tbl_scan_close(x->u.scan.scan);
        x->u.scan.scan = NULL;
        while (p->u.scan.has_in && ++x->u.scan.in_i < x->u.scan.in_n) {
            if ((rc = open_scan(x, e)) != 0) /* the next value's span */
                return rc;
            if (!x->u.scan.empty && x->u.scan.scan != NULL)
                break;
        }
    }
}

static int cmp_pk(const void *pa, const void *pb, void *arg)
{
    const struct sql_table_desc *t = arg;
    const struct sql_idx_desc *pk = &t->idx[0];
    const struct sql_value *a = *(const struct sql_value *const *)pa;
    const struct sql_value *b = *(const struct sql_value *const *)pb;
    for (int j = 0; j < pk->ncols; j++) {
        int pos = sql_cat_column_pos(t, pk->col_ids[j]);
        if (pos < 0)
            continue;
        const struct sql_value *x = &a[pos], *y = &b[pos];
        int c;
        if (x->null || y->null)
            c = x->null == y->null ? 0 : x->null ? 1 : -1;
        else
            c = sql_value_cmp(x, y);
        if (c != 0)
            return pk->desc[j] ? -c : c;
    }
    return 0;
}

/* Read every row of the scan, sorted by primary key. */
static int fill_pk_order(struct xnode *x, struct err *e)
{
    const struct sql_table_desc *t = x->p->u.scan.t;
    int ncols = t->ncols;
    if (x->u.scan.bufctx == NULL)
        x->u.scan.bufctx = mem_ctx_new(x->ctx, "scan pk order");
    struct mem_ctx *m = x->u.scan.bufctx;
    size_t cap = 64;
    x->u.scan.buf = mem_alloc(m, sizeof *x->u.scan.buf * cap);
    x->u.scan.nbuf = x->u.scan.ibuf = 0;
    for (;;) {
        bool h;
        int rc = raw_next(x, &h, e);
        if (rc != 0)
            return rc;
        if (!h)
            break;
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        if (x->u.scan.nbuf == cap) {
            x->u.scan.buf = mem_realloc(m, x->u.scan.buf, sizeof *x->u.scan.buf * cap,
                                        sizeof *x->u.scan.buf * cap * 2);
            cap *= 2;
        }
        struct sql_value *r = mem_alloc(m, sizeof *r * (size_t)(ncols > 0 ? ncols : 1));
        for (int i = 0; i < ncols; i++)
            sql_value_copy(m, &x->u.scan.tmp[i], &r[i]);
        x->u.scan.buf[x->u.scan.nbuf++] = r;
    }
    qsort_r(x->u.scan.buf, x->u.scan.nbuf, sizeof *x->u.scan.buf, cmp_pk, (void *)t);
    x->u.scan.buffered = true;
    return 0;
}

int eng__scan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    *has = false;
    if (!x->started) {
        x->started = true;
        if (eng__qual_never_true(p->u.scan.filter)) {
            x->done = true; /* PostgreSQL's One-Time Filter: the scan never runs */
            return 0;
        }
        if ((rc = open_scan(x, e)) != 0)
            return rc;
    }
    if (x->done || x->u.scan.empty || (x->u.scan.scan == NULL && !x->u.scan.buffered))
        return 0;
    int ncols = p->u.scan.t->ncols;
    if (x->u.scan.pk_order && !x->u.scan.buffered && (rc = fill_pk_order(x, e)) != 0)
        return rc;
    for (;;) {
        bool h;
        if (x->u.scan.buffered) {
            if (x->u.scan.ibuf >= x->u.scan.nbuf) {
                x->done = true;
                return 0;
            }
            memcpy(x->u.scan.tmp, x->u.scan.buf[x->u.scan.ibuf++],
                   sizeof *x->u.scan.tmp * (size_t)ncols);
        } else {
            if ((rc = raw_next(x, &h, e)) != 0)
                return rc;
            if (!h) {
                x->done = true;
                return 0;
            }
        }
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        memcpy(&x->row[p->u.scan.off], x->u.scan.tmp, sizeof *x->row * (size_t)ncols);
        if (p->u.scan.filter != NULL) {
            if (x->param != NULL && x->param != x->row) {
                /* index nested loop: the filter may name the outer row's columns */
                int off = p->u.scan.off, end = off + ncols;
                if (off > 0)
                    memcpy(x->row, x->param, sizeof *x->row * (size_t)off);
                if (p->width > end)
                    memcpy(&x->row[end], &x->param[end], sizeof *x->row * (size_t)(p->width - end));
            }
            mem_ctx_reset(x->rowctx);
            struct ectx c = {.rt = x->rt, .row = x->row, .outer = x->rt->outer, .mem = x->rowctx};
            bool ok;
            if ((rc = eng__eval_qual(&c, p->u.scan.filter, &ok, e)) != 0)
                return rc;
            if (!ok) {
                x->ins_removed++;
                continue;
            }
        }
        *row = x->row;
        *has = true;
        return 0;
    }
}
