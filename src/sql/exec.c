/* exec.c — the executor's driver: cursors (exec.h), instantiation of plan
 * nodes into per-cursor state, dispatch of next()/rescan(), the small
 * operators (result, values, filter, projection, limit, distinct,
 * subquery, virtual tables, generate_series, set operations) and sublinks.
 *
 * Operators with more to them live beside this file: exec_scan.c,
 * exec_join.c, exec_agg.c, exec_sort.c, exec_modify.c.
 */
#include "sql/array.h"
#include "sql/array_int.h"
#include "sql/engine_int.h"
#include "sql/json_int.h"
#include "sql/regns.h"
#include "kv/kv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int eng__scan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
int eng__scan_rescan(struct xnode *x, const struct sql_value *outer, struct err *e);
int eng__join_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
int eng__agg_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
int eng__sort_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
void eng__sort_set_bound(struct xnode *x, int64_t bound);

static void ectx_init(struct ectx *c, struct xnode *x, const struct sql_value *row)
{
    c->rt = x->rt;
    c->row = row;
    c->outer = x->rt->outer;
    c->mem = x->rowctx;
    c->subval = NULL;
}

int eng__xopen(struct xrt *rt, const struct pnode *p, struct mem_ctx *ctx, struct xnode **out,
               struct err *e)
{
    struct xnode *x = mem_alloc0(ctx, sizeof *x);
    x->p = p;
    x->rt = rt;
    x->ctx = mem_ctx_new(ctx, "xnode");
    x->rowctx = mem_ctx_new(x->ctx, "xnode row");
    x->row = mem_alloc0(x->ctx, sizeof *x->row * (size_t)(p->width > 0 ? p->width : 1));
    for (int i = 0; i < p->width; i++)
        x->row[i] = sql_null(SQL_T_UNKNOWN);
    int rc = 0;
    if (p->l != NULL && p->kind != PN_CTESCAN) /* (its query runs once, from the store) */
        rc = eng__xopen(rt, p->l, x->ctx, &x->l, e);
    if (rc == 0 && p->r != NULL)
        rc = eng__xopen(rt, p->r, x->ctx, &x->r, e);
    if (rc != 0)
        return rc;
    if (p->kind == PN_LIMIT)
        x->u.limit.limit = -2; /* not evaluated yet */
    if (rt->instrument) {
        if (rt->nall == rt->capall) {
            int nc = rt->capall ? rt->capall * 2 : 16;
            rt->all = mem_realloc(rt->ctx, rt->all, sizeof *rt->all * (size_t)rt->capall,
                                  sizeof *rt->all * (size_t)nc);
            rt->capall = nc;
        }
        rt->all[rt->nall++] = x;
    }
    *out = x;
    return 0;
}

int eng__xrescan(struct xnode *x, const struct sql_value *outer, struct err *e)
{
    x->param = outer;
    x->started = false;
    x->done = false;
    x->ins_running = false;
    if (x->p->kind == PN_SCAN)
        return eng__scan_rescan(x, outer, e);
    mem_ctx_reset(x->rowctx);
    if (x->p->kind == PN_VALUES)
        x->u.values.i = 0;
    if (x->p->kind == PN_FILTER || x->p->kind == PN_SUBQ || x->p->kind == PN_PROJECT ||
        x->p->kind == PN_LOCKROWS || x->p->kind == PN_PROJSET)
        return eng__xrescan(x->l, outer, e);
    if (x->p->kind == PN_RESULT || x->p->kind == PN_VALUES || x->p->kind == PN_SERIES)
        return 0;
    if (x->p->kind == PN_VTAB) {
        x->u.mat.i = 0;
        return 0;
    }
    if (x->p->kind == PN_WORKTAB) {
        x->u.wtab.i = 0;
        return 0;
    }
    if (x->p->kind == PN_DMLSCAN || x->p->kind == PN_CTESCAN) {
        x->u.mat.i = 0;
        return 0;
    }
    return err_set_state(e, ERR_INTERNAL, "XX000", "rescan of this plan node is not supported");
}

/* ---- small operators ---- */

static int values_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    if (x->u.values.i >= p->u.values.nrows) {
        *has = false;
        return 0;
    }
    mem_ctx_reset(x->rowctx);
    struct ectx c;
    ectx_init(&c, x, x->param);
    struct bx **r = p->u.values.rows[x->u.values.i++];
    for (int i = 0; i < p->u.values.ncols; i++) {
        int rc = eng__eval(&c, r[i], &x->row[p->u.values.off + i], e);
        if (rc != 0)
            return rc;
    }
    *row = x->row;
    *has = true;
    return 0;
}

static int filter_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    if (eng__qual_never_true(x->p->u.filter.qual)) {
        *has = false; /* a constant FALSE/NULL conjunct: the input never runs */
        return 0;
    }
    for (;;) {
        const struct sql_value *r;
        int rc = eng__xnext(x->l, &r, has, e);
        if (rc != 0 || !*has)
            return rc;
        mem_ctx_reset(x->rowctx);
        struct ectx c;
        ectx_init(&c, x, r);
        bool ok;
        if ((rc = eng__eval_qual(&c, x->p->u.filter.qual, &ok, e)) != 0)
            return rc;
        if (ok) {
            *row = r;
            return 0;
        }
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
    }
}

static int project_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct sql_value *r;
    int rc = eng__xnext(x->l, &r, has, e);
    if (rc != 0 || !*has)
        return rc;
    mem_ctx_reset(x->rowctx);
    struct ectx c;
    ectx_init(&c, x, r);
    for (int i = 0; i < x->p->u.project.n; i++)
        if ((rc = eng__eval(&c, x->p->u.project.exprs[i], &x->row[i], e)) != 0)
            return rc;
    *row = x->row;
    return 0;
}

static int eval_count(struct xnode *x, const struct bx *b, const char *what, int64_t *out,
                      struct err *e)
{
    *out = -1;
    if (b == NULL)
        return 0;
    struct ectx c;
    ectx_init(&c, x, NULL);
    c.mem = x->ctx;
    struct sql_value v;
    int rc = eng__eval(&c, b, &v, e);
    if (rc != 0)
        return rc;
    if (v.null)
        return 0;
    if (v.u.i < 0)
        return err_set_state(e, ERR_INVAL, strcmp(what, "LIMIT") == 0 ? "2201W" : "2201X",
                             "%s must not be negative", what);
    *out = v.u.i;
    return 0;
}

static int limit_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    int rc;
    if (x->p->u.limit.ties != NULL)
        return eng__limit_ties_next(x, row, has, e);
    if (x->u.limit.limit == -2) {
        int64_t off;
        if ((rc = eval_count(x, x->p->u.limit.limit, "LIMIT", &x->u.limit.limit, e)) != 0 ||
            (rc = eval_count(x, x->p->u.limit.offset, "OFFSET", &off, e)) != 0)
            return rc;
        x->u.limit.offset = off < 0 ? 0 : off;
        x->u.limit.seen = 0;
        if (x->u.limit.limit >= 0 && x->p->l->kind == PN_SORT)
            eng__sort_set_bound(x->l, x->u.limit.limit + x->u.limit.offset);
    }
    for (;;) {
        if (x->u.limit.limit >= 0 && x->u.limit.seen >= x->u.limit.offset + x->u.limit.limit) {
            *has = false;
            return 0;
        }
        const struct sql_value *r;
        if ((rc = eng__xnext(x->l, &r, has, e)) != 0 || !*has)
            return rc;
        x->u.limit.seen++;
        if (x->u.limit.seen > x->u.limit.offset) {
            *row = r;
            return 0;
        }
    }
}

static int distinct_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    int n = x->p->u.distinct.ndistinct;
    if (!x->started) {
        eng__vh_init(&x->u.distinct.h, x->ctx, n);
        x->started = true;
    }
    for (;;) {
        const struct sql_value *r;
        int rc = eng__xnext(x->l, &r, has, e);
        if (rc != 0 || !*has)
            return rc;
        const struct sql_value *k = r;
        const int *cols = x->p->u.distinct.cols;
        if (cols != NULL) { /* DISTINCT ON over sorted input: the first row of each group */
            if (x->u.distinct.keys == NULL)
                x->u.distinct.keys = mem_alloc(x->ctx, sizeof *k * (size_t)(n > 0 ? n : 1));
            for (int i = 0; i < n; i++)
                x->u.distinct.keys[i] = r[cols[i]];
            k = x->u.distinct.keys;
        }
        uint64_t hv = eng__vh_hash(k, n);
        if (eng__vh_find(&x->u.distinct.h, k, hv, NULL) != NULL) {
            if ((rc = eng__tick(x->rt, e)) != 0)
                return rc;
            continue;
        }
        eng__vh_add(&x->u.distinct.h, k, hv);
        *row = r;
        return 0;
    }
}

static int subq_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct sql_value *r;
    int rc = eng__xnext(x->l, &r, has, e);
    if (rc != 0 || !*has)
        return rc;
    memcpy(&x->row[x->p->u.subq.off], r, sizeof *r * (size_t)x->p->u.subq.ncols);
    *row = x->row;
    return 0;
}

static int vtab_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int ncols = p->u.vtab.vt->desc->ncols;
    if (!x->started) {
        x->started = true;
        int rc = p->u.vtab.vt->rows(x->rt->env, x->ctx, &x->u.mat.rows, &x->u.mat.n, e);
        if (rc != 0)
            return rc;
        x->u.mat.i = 0;
    }
    while (x->u.mat.i < x->u.mat.n) {
        memcpy(&x->row[p->u.vtab.off], x->u.mat.rows[x->u.mat.i++], sizeof *x->row * (size_t)ncols);
        mem_ctx_reset(x->rowctx);
        struct ectx c;
        ectx_init(&c, x, x->row);
        bool ok;
        int rc = eng__eval_qual(&c, p->u.vtab.filter, &ok, e);
        if (rc != 0)
            return rc;
        if (!ok)
            x->ins_removed++;
        if (ok) {
            *row = x->row;
            *has = true;
            return 0;
        }
    }
    *has = false;
    return 0;
}

/* A json set-returning function: all rows made at the first call. */
static int json_srf_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    int nc = p->u.series.ncols;
    if (!x->started) {
        x->started = true;
        /* rows live in rowctx: a rescan (lateral join) resets it */
        struct ectx c;
        ectx_init(&c, x, x->param);
        struct sql_value a, js;
        if ((rc = eng__eval(&c, p->u.series.args[0], &a, e)) != 0)
            return rc;
        struct sql_value *rows;
        size_t n;
        int jfn = p->u.series.jfn;
        if (jfn >= SQL_JSRF_JSON_POPULATE) { /* (base, from_json) */
            if ((rc = eng__eval(&c, p->u.series.args[1], &js, e)) != 0)
                return rc;
            rc = sql__json_populate_rows(x->rowctx, x->rt->env, jfn, &a, &js,
                                         p->u.series.args[0]->typmod, p->u.series.coltypmods, &rows,
                                         &n, e);
        } else {
            rc = sql__json_srf_rows(x->rowctx, jfn, &a, &rows, &n, e);
        }
        if (rc != 0)
            return rc;
        x->u.mat.rows = (struct sql_value **)(void *)rows;
        x->u.mat.n = n;
        x->u.mat.i = 0;
    }
    if (x->u.mat.i >= x->u.mat.n) {
        *has = false;
        return 0;
    }
    const struct sql_value *rows = (const struct sql_value *)(void *)x->u.mat.rows;
    int nd = nc - (p->u.series.ordinality ? 1 : 0); /* the rows' width */
    for (int i = 0; i < nd; i++)
        x->row[p->u.series.off + i] = rows[x->u.mat.i * (size_t)nd + (size_t)i];
    if (nd < nc) /* WITH ORDINALITY */
        x->row[p->u.series.off + nd] = sql_int8((int64_t)x->u.mat.i + 1);
    x->u.mat.i++;
    if ((rc = eng__tick(x->rt, e)) != 0)
        return rc;
    *row = x->row;
    *has = true;
    return 0;
}

static int series_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    if (p->u.series.jfn != 0)
        return json_srf_next(x, row, has, e);
    if (p->u.series.srf == 4 || p->u.series.srf == 5)
        return eng__fromfunc_next(x, row, has, e);
    if (p->u.series.srf != 0)
        return eng__array_srf_next(x, row, has, e);
    if (!x->started) {
        x->started = true;
        struct ectx c;
        ectx_init(&c, x, x->param);
        c.mem = x->ctx;
        struct sql_value a[3];
        for (int i = 0; i < p->u.series.nargs; i++)
            if ((rc = eng__eval(&c, p->u.series.args[i], &a[i], e)) != 0)
                return rc;
        for (int i = 0; i < p->u.series.nargs; i++)
            if (a[i].null) {
                x->done = true;
                break;
            }
        if (p->u.series.nargs < 3) {
            a[2] = sql_int8(1);
        }
        if (!x->done) {
            if (p->u.series.type == SQL_T_TIMESTAMP || p->u.series.type == SQL_T_TIMESTAMPTZ) {
                const struct sql_interval *iv = &a[2].u.iv;
                if (iv->month == 0 && iv->day == 0 && iv->time == 0)
                    return err_set_state(e, ERR_INVAL, "22023", "step size cannot equal zero");
                x->u.series.desc = iv->month < 0 || (iv->month == 0 && iv->day < 0) ||
                                   (iv->month == 0 && iv->day == 0 && iv->time < 0);
            } else {
                if (a[2].u.i == 0)
                    return err_set_state(e, ERR_INVAL, "22023", "step size cannot equal zero");
                x->u.series.desc = a[2].u.i < 0;
            }
            x->u.series.cur = a[0];
            x->u.series.stop = a[1];
            x->u.series.step = a[2];
        }
    }
    if (x->done) {
        *has = false;
        return 0;
    }
    struct sql_value *cur = &x->u.series.cur;
    bool ts = p->u.series.type == SQL_T_TIMESTAMP || p->u.series.type == SQL_T_TIMESTAMPTZ;
    int64_t cv = ts ? cur->u.ts : cur->u.i, sv = ts ? x->u.series.stop.u.ts : x->u.series.stop.u.i;
    if (x->u.series.desc ? cv < sv : cv > sv) {
        x->done = true;
        *has = false;
        return 0;
    }
    x->row[p->u.series.off] = *cur;
    x->row[p->u.series.off].type = p->u.series.type;
    if (ts) {
        int64_t nx;
        if (p->u.series.type == SQL_T_TIMESTAMPTZ)
            rc = sql_tstz_pl_interval(cv, &x->u.series.step.u.iv, &x->rt->env->fmt.dt, &nx, e);
        else
            rc = sql_ts_pl_interval(cv, &x->u.series.step.u.iv, &nx, e);
        if (rc != 0)
            x->done = true; /* past the representable range: stop */
        cur->u.ts = nx;
    } else {
        int64_t lim = p->u.series.type == SQL_T_INT4 ? INT32_MAX : INT64_MAX;
        int64_t mn = p->u.series.type == SQL_T_INT4 ? INT32_MIN : INT64_MIN;
        int64_t st = x->u.series.step.u.i;
        if ((st > 0 && cv > lim - st) || (st < 0 && cv < mn - st))
            x->done = true;
        else
            cur->u.i = cv + st;
    }
    if ((rc = eng__tick(x->rt, e)) != 0)
        return rc;
    *row = x->row;
    *has = true;
    return 0;
}

static int setop_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int n = p->width;
    int rc;
    if (p->u.setop.op == SQL_SETOP_UNION) {
        if (!x->started) {
            x->started = true;
            eng__vh_init(&x->u.setop.h, x->ctx, n);
        }
        for (;;) {
            const struct sql_value *r;
            struct xnode *src = x->u.setop.phase == 0 ? x->l : x->r;
            if ((rc = eng__xnext(src, &r, has, e)) != 0)
                return rc;
            if (!*has) {
                if (x->u.setop.phase == 0) {
                    x->u.setop.phase = 1;
                    continue;
                }
                return 0;
            }
            if (!p->u.setop.all) {
                uint64_t hv = eng__vh_hash(r, n);
                if (eng__vh_find(&x->u.setop.h, r, hv, NULL) != NULL)
                    continue;
                eng__vh_add(&x->u.setop.h, r, hv);
            }
            *row = r;
            return 0;
        }
    }
    if (!x->started) {
        x->started = true;
        eng__vh_init(&x->u.setop.h, x->ctx, n);
        for (int side = 0; side < 2; side++) {
            for (;;) {
                const struct sql_value *r;
                bool h;
                if ((rc = eng__xnext(side == 0 ? x->l : x->r, &r, &h, e)) != 0)
                    return rc;
                if (!h)
                    break;
                uint64_t hv = eng__vh_hash(r, n);
                struct vh_entry *en = eng__vh_find(&x->u.setop.h, r, hv, NULL);
                if (en == NULL) {
                    if (side == 1)
                        continue;
                    en = eng__vh_add(&x->u.setop.h, r, hv);
                }
                if (side == 0)
                    en->count++;
                else
                    en->count2++;
                if ((rc = eng__tick(x->rt, e)) != 0)
                    return rc;
            }
        }
        x->u.setop.it = x->u.setop.h.first;
    }
    while (x->u.setop.it != NULL) {
        struct vh_entry *en = x->u.setop.it;
        int64_t emit;
        if (p->u.setop.op == SQL_SETOP_INTERSECT)
            emit = p->u.setop.all ? (en->count < en->count2 ? en->count : en->count2)
                                  : (en->count > 0 && en->count2 > 0);
        else
            emit = p->u.setop.all ? (en->count > en->count2 ? en->count - en->count2 : 0)
                                  : (en->count > 0 && en->count2 == 0);
        /* payload counts the copies of this row already emitted */
        if (emit > 0 && (int64_t)(intptr_t)en->payload < emit) {
            en->payload = (void *)((intptr_t)en->payload + 1);
            memcpy(x->row, en->keys, sizeof *x->row * (size_t)n);
            *row = x->row;
            *has = true;
            return 0;
        }
        x->u.setop.it = en->inext;
    }
    *has = false;
    return 0;
}

static int result_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    (void)e;
    if (x->done) {
        *has = false;
        return 0;
    }
    x->done = true;
    *row = x->row;
    *has = true;
    return 0;
}

static int xnext_raw(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* EXPLAIN ANALYZE: count loops and rows (and time) around every node. */
int eng__xnext(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    if (!x->rt->instrument)
        return xnext_raw(x, row, has, e);
    if (!x->ins_running) {
        x->ins_running = true;
        x->ins_loops++;
    }
    int64_t t0 = x->rt->timing ? mono_ns() : 0;
    int rc = xnext_raw(x, row, has, e);
    if (x->rt->timing) {
        x->ins_ns += mono_ns() - t0;
        if (!x->ins_first_seen) {
            x->ins_first_seen = true;
            x->ins_first_ns = x->ins_ns;
        }
    }
    if (rc == 0 && *has)
        x->ins_rows++;
    return rc;
}

static int xnext_raw(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    *has = false;
    switch (x->p->kind) {
    case PN_RESULT:
        return result_next(x, row, has, e);
    case PN_VALUES:
        return values_next(x, row, has, e);
    case PN_SCAN:
        return eng__scan_next(x, row, has, e);
    case PN_VTAB:
        return vtab_next(x, row, has, e);
    case PN_SERIES:
        return series_next(x, row, has, e);
    case PN_SUBQ:
        return subq_next(x, row, has, e);
    case PN_FILTER:
        return filter_next(x, row, has, e);
    case PN_JOIN:
        if (x->p->u.join.alg == JOIN_MERGE)
            return eng__merge_next(x, row, has, e);
        return eng__join_next(x, row, has, e);
    case PN_AGG:
        return eng__agg_next(x, row, has, e);
    case PN_PROJECT:
        return project_next(x, row, has, e);
    case PN_SORT:
        return eng__sort_next(x, row, has, e);
    case PN_DISTINCT:
        return distinct_next(x, row, has, e);
    case PN_LIMIT:
        return limit_next(x, row, has, e);
    case PN_SETOP:
        return setop_next(x, row, has, e);
    case PN_MODIFY:
        break;
    case PN_WINDOW:
        return eng__window_next(x, row, has, e);
    case PN_LOCKROWS:
        return eng__lockrows_next(x, row, has, e);
    case PN_WORKTAB:
        return eng__wtab_next(x, row, has, e);
    case PN_RECUNION:
        return eng__rec_next(x, row, has, e);
    case PN_DMLSCAN:
        return eng__dmlscan_next(x, row, has, e);
    case PN_PROJSET:
        return eng__projset_next(x, row, has, e);
    case PN_CTESCAN:
        return eng__ctescan_next(x, row, has, e);
    }
    return err_set_state(e, ERR_INTERNAL, "XX000", "plan node cannot produce rows");
}

/* ---- sublinks ---- */

static int any_all(const struct ectx *x, const struct bx *b, const struct sql_value *vals, size_t n,
                   struct sql_value *out, struct err *e)
{
    bool is_any = b->u.sub.kind == SQL_SUBLINK_ANY;
    bool any_null = false;
    size_t w = b->u.sub.ncols > 1 ? (size_t)b->u.sub.ncols : 1; /* values per row */
    if (b->u.sub.kind == SQL_SUBLINK_ROWCOMPARE) {
        /* (a, b) op (q): q's only row, NULL when it has none */
        if (n > 1)
            return err_set_state(e, ERR_INVAL, "21000",
                                 "more than one row returned by a subquery used as an expression");
        if (n == 0) {
            *out = sql_null(SQL_T_BOOL);
            return 0;
        }
        struct ectx c = *x;
        c.subval = vals;
        return eng__eval(&c, b->u.sub.cmp, out, e);
    }
    for (size_t i = 0; i < n; i++) {
        struct ectx c = *x;
        c.subval = &vals[i * w];
        struct sql_value r;
        int rc = eng__eval(&c, b->u.sub.cmp, &r, e);
        if (rc != 0)
            return rc;
        if (r.null) {
            any_null = true;
            continue;
        }
        if (r.u.b == is_any) {
            *out = sql_bool(is_any);
            return 0;
        }
    }
    *out = any_null ? sql_null(SQL_T_BOOL) : sql_bool(!is_any);
    return 0;
}

static bool needs_quotes(const char *p, size_t n)
{
    if (n == 0 || (n == 4 && strncasecmp(p, "null", 4) == 0))
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || c == ' ' || c == '\t' ||
            c == '\n' || c == '\r')
            return true;
    }
    return false;
}

/* ARRAY(q) as the text of PostgreSQL's array literal, or joined by sep. */
static int array_text(const struct ectx *x, const struct bx *b, const struct sql_value *vals,
                      size_t n, struct mem_ctx *keep, struct sql_value *out, struct err *e)
{
    if (b->u.sub.sep == NULL && sql_array_elemtype(b->type) != 0) {
        /* ARRAY(q): an array of the column's type (of one more dimension
         * when the column is an array), as ARRAY[...] builds it */
        bool sub_arrays = false;
        for (size_t i = 0; i < n; i++)
            if (sql_array_elemtype(vals[i].type) != 0)
                sub_arrays = true;
        struct sql_func_match m;
        memset(&m, 0, sizeof m);
        m.ret = b->type;
        m.argtypes[0] = sub_arrays ? b->type : sql_array_elemtype(b->type);
        struct sql_fcall fc = {.env = x->rt->env, .ctx = keep, .match = &m, .cache = NULL};
        if (n > (size_t)INT32_MAX)
            return err_set_state(e, ERR_INVAL, "54000", "array size exceeds the maximum allowed");
        return sql__fn_array_ctor(&fc, vals, (int)n, out, e);
    }
    struct sql_value sepv = sql_null(SQL_T_TEXT);
    if (b->u.sub.sep != NULL) {
        int rc = eng__eval(x, b->u.sub.sep, &sepv, e);
        if (rc != 0)
            return rc;
        if (sepv.null) {
            *out = sql_null(SQL_T_TEXT);
            return 0;
        }
    }
    struct sbuf sb, el;
    sbuf_init(&sb);
    sbuf_init(&el);
    const struct sql_fmt *f = &x->rt->env->fmt;
    bool first = true;
    if (b->u.sub.sep == NULL)
        sbuf_putc(&sb, '{');
    for (size_t i = 0; i < n; i++) {
        if (vals[i].null && b->u.sub.sep != NULL)
            continue;
        if (!first) {
            if (b->u.sub.sep != NULL)
                sbuf_append(&sb, sepv.u.s.p, sepv.u.s.len);
            else
                sbuf_putc(&sb, ',');
        }
        first = false;
        if (vals[i].null) {
            sbuf_puts(&sb, "NULL");
            continue;
        }
        sbuf_reset(&el);
        int rc = sql_value_out(&vals[i], f, &el, e);
        if (rc != 0) {
            sbuf_free(&sb);
            sbuf_free(&el);
            return rc;
        }
        if (b->u.sub.sep == NULL && needs_quotes(el.data ? el.data : "", el.len)) {
            sbuf_putc(&sb, '"');
            for (size_t k = 0; k < el.len; k++) {
                if (el.data[k] == '"' || el.data[k] == '\\')
                    sbuf_putc(&sb, '\\');
                sbuf_putc(&sb, el.data[k]);
            }
            sbuf_putc(&sb, '"');
        } else {
            sbuf_append(&sb, el.data ? el.data : "", el.len);
        }
    }
    if (b->u.sub.sep == NULL)
        sbuf_putc(&sb, '}');
    char *p = mem_strndup(keep, sb.data ? sb.data : "", sb.len);
    *out = sql_text(p, sb.len);
    sbuf_free(&sb);
    sbuf_free(&el);
    return 0;
}

int eng__run_sublink(const struct ectx *x, const struct bx *b, struct sql_value *out, struct err *e)
{
    struct xrt *rt = x->rt;
    struct subcache *cache = NULL;
    if (b->u.sub.alt != NULL) {
        int arc;
        if (eng__exists_hashed(x, b, out, &arc, e))
            return arc;
    }
    if (!b->u.sub.correlated && rt->caches != NULL && b->u.sub.id < rt->ncaches)
        cache = &rt->caches[b->u.sub.id];
    if (cache != NULL && cache->done) {
        int rc;
        if (eng__sub_lookup(x, b, cache, out, &rc, e)) /* hashed SubPlan */
            return rc;
        if (b->u.sub.kind == SQL_SUBLINK_ANY || b->u.sub.kind == SQL_SUBLINK_ALL ||
            b->u.sub.kind == SQL_SUBLINK_ROWCOMPARE)
            return any_all(x, b, cache->vals, cache->n, out, e);
        *out = cache->v;
        return 0;
    }
    for (int i = 0; i < b->u.sub.nmat_reset; i++) /* its WITH queries run again */
        eng__mats_reset(rt->mats, b->u.sub.mat_reset[i]);
    struct mem_ctx *keep = cache != NULL ? rt->ctx : x->mem;
    struct mem_ctx *tmp = mem_ctx_new(rt->ctx, "sublink");
    struct xrt *sub = mem_alloc(tmp, sizeof *sub);
    *sub = *rt;
    sub->instrument = false; /* EXPLAIN ANALYZE does not show subplans */
    sub->outer = x;
    if (b->u.sub.gsrc != NULL) {
        /* in a grouped level: its query reads the level's row rebuilt from
         * the grouped one (bind_upref.c) */
        struct ectx *gx = mem_alloc(tmp, sizeof *gx);
        struct sql_value *grow = mem_alloc(tmp, sizeof *grow * (size_t)b->u.sub.gwidth);
        for (int i = 0; i < b->u.sub.gwidth; i++)
            grow[i] = sql_null(SQL_T_TEXT);
        for (int i = 0; i < b->u.sub.nuprefs; i++)
            grow[b->u.sub.uprefs[i].slot] = x->row[b->u.sub.gsrc[i]];
        *gx = *x;
        gx->row = grow;
        sub->outer = gx;
    }
    sub->ctx = tmp;
    struct xnode *root;
    int rc = eng__xopen(sub, b->u.sub.plan, tmp, &root, e);
    const struct sql_value *r;
    bool has = false;
    struct sql_value res = sql_null(b->type);
    struct sql_value *vals = NULL;
    size_t n = 0, cap = 0;
    if (rc == 0) {
        switch (b->u.sub.kind) {
        case SQL_SUBLINK_EXISTS:
            rc = eng__xnext(root, &r, &has, e);
            res = sql_bool(has);
            break;
        case SQL_SUBLINK_EXPR:
            rc = eng__xnext(root, &r, &has, e);
            if (rc == 0 && has) {
                sql_value_copy(keep, &r[0], &res);
                rc = eng__xnext(root, &r, &has, e);
                if (rc == 0 && has)
                    rc = err_set_state(e, ERR_INVAL, "21000",
                                       "more than one row returned by a subquery used as an "
                                       "expression");
            }
            break;
        default:
            for (;;) {
                rc = eng__xnext(root, &r, &has, e);
                if (rc != 0 || !has)
                    break;
                /* ANY/ALL/ROWCOMPARE of a row: every column of the row */
                int w =
                    b->u.sub.kind != SQL_SUBLINK_ARRAY && b->u.sub.ncols > 1 ? b->u.sub.ncols : 1;
                if (n + (size_t)w > cap) {
                    size_t nc = cap ? cap * 2 : 16;
                    while (nc < n + (size_t)w)
                        nc *= 2;
                    vals = mem_realloc(keep, vals, sizeof *vals * cap, sizeof *vals * nc);
                    cap = nc;
                }
                for (int k = 0; k < w; k++)
                    sql_value_copy(keep, &r[k], &vals[n++]);
            }
            if (b->u.sub.kind != SQL_SUBLINK_ARRAY && b->u.sub.ncols > 1)
                n /= (size_t)b->u.sub.ncols;
            break;
        }
    }
    mem_ctx_free(tmp);
    for (int i = 0; i < b->u.sub.nmat_reset; i++) /* (its rows and runtime are gone) */
        eng__mats_reset(rt->mats, b->u.sub.mat_reset[i]);
    if (rc != 0)
        return rc;
    if (b->u.sub.kind == SQL_SUBLINK_ARRAY) {
        rc = array_text(x, b, vals, n, keep, &res, e);
        if (rc != 0)
            return rc;
    } else if (b->u.sub.kind == SQL_SUBLINK_ANY || b->u.sub.kind == SQL_SUBLINK_ALL ||
               b->u.sub.kind == SQL_SUBLINK_ROWCOMPARE) {
        if (cache != NULL) {
            cache->vals = vals;
            cache->n = n;
            cache->done = true;
        }
        return any_all(x, b, vals, n, out, e);
    }
    if (res.null)
        res.type = b->type;
    if (cache != NULL) {
        cache->v = res;
        cache->done = true;
    }
    *out = res;
    return 0;
}

/* ---- cursors ---- */

struct sql_cursor {
    struct sql_env *env;
    const struct sql_plan *p;
    struct mem_ctx *ctx;
    struct xrt rt;
    struct xnode *root;
    uint64_t count;
    bool dml_done;
    struct sql_value **ret;
    size_t nret, iret;
    int explain_i;
    struct sql_value line;
    bool has_regclass;     /* a regclass column: printed by name (regclassout) */
    struct sql_value *out; /* the row with regclass values as names */
    struct mem_ctx *row_ctx;
    /* EXPLAIN ANALYZE: the text once the statement ran */
    char **an_lines;
    int an_n;
    bool an_done;
    int64_t an_start_ns;
    /* data-modifying WITH: the statement's snapshot (kv read cap), and
     * whether its sub-statements ran */
    uint64_t read_cap;
    bool dml_ctes_done;
    struct sql_value **buf; /* SELECT with queries run after it: its rows, read first */
    size_t nbuf, ibuf;
    bool buffered;
};

/* regclass values leave as the relation's name: value.c has no catalog. */
/* A result type printed by name through the catalog: regclass,
 * regnamespace, regrole, and arrays of them. */
static bool named_oid_type(uint32_t t)
{
    uint32_t el = sql_array_elemtype(t);
    if (el != 0)
        t = el;
    return t == SQL_T_REGCLASS || sql__regns_type(t);
}

static int named_oid_text(struct sql_cursor *c, const struct sql_value *v, struct sql_value *out,
                          struct err *e)
{
    if (v->type == SQL_T_REGCLASS)
        return eng__regclass_text(c->env, c->row_ctx, v, out, e);
    return sql__regns_text(c->env, c->row_ctx, v, out, e);
}

/* An array of regclass / regnamespace / regrole: the same array with the
 * elements' names as text, which array_out quotes as PostgreSQL does. */
static int named_oid_array(struct sql_cursor *c, const struct sql_value *v, struct sql_value *out,
                           struct err *e)
{
    const struct sql_array *a = v->u.arr;
    struct sql_array *t = sql_array_new(c->row_ctx, SQL_T_TEXT, a->nitems);
    t->ndim = a->ndim;
    memcpy(t->dims, a->dims, sizeof t->dims);
    memcpy(t->lbs, a->lbs, sizeof t->lbs);
    for (int i = 0; i < a->nitems; i++) {
        if (a->items[i].null) {
            t->items[i] = sql_null(SQL_T_TEXT);
            continue;
        }
        int rc = named_oid_text(c, &a->items[i], &t->items[i], e);
        if (rc != 0)
            return rc;
    }
    *out = sql_array_value(t);
    return 0;
}

static int regclass_row(struct sql_cursor *c, const struct sql_value **row, struct err *e)
{
    const struct sql_plan *p = c->p;
    if (c->out == NULL) {
        c->out = mem_alloc0(c->ctx, sizeof *c->out * (p->ncols > 0 ? p->ncols : 1));
        c->row_ctx = mem_ctx_new(c->ctx, "regclass out");
    }
    mem_ctx_reset(c->row_ctx);
    for (size_t i = 0; i < p->ncols; i++) {
        c->out[i] = (*row)[i];
        if (c->out[i].null || !named_oid_type(c->out[i].type))
            continue;
        int rc = sql_array_elemtype(c->out[i].type) != 0
                     ? named_oid_array(c, &(*row)[i], &c->out[i], e)
                     : named_oid_text(c, &(*row)[i], &c->out[i], e);
        if (rc != 0)
            return rc;
    }
    *row = c->out;
    return 0;
}

static int params_check(const struct sql_plan *p, size_t nparams, struct err *e)
{
    if ((int)nparams < p->nparams)
        return err_set_state(e, ERR_INVAL, "08P01",
                             "bind message supplies %zu parameters, but prepared statement "
                             "requires %d",
                             nparams, p->nparams);
    return 0;
}

int sql_plan_lock(struct sql_env *env, const struct sql_plan *p, struct err *e)
{
    for (int i = 0; i < p->nrel_locks && env->txn != NULL; i++) {
        const struct eng_rel_lock *l = &p->rel_locks[i];
        if (l->mode == KV_TLOCK_ACCESS_SHARE && /* as sql_table_read_lock */
            kv_txn_table_locks_held(env->txn, l->oid, kv_txn_stmt_mark(env->txn)) != 0)
            continue;
        int rc = sql_table_lock(env, l->oid, "", l->mode, false, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int sql_cursor_open(struct sql_env *env, const struct sql_plan *p, const struct sql_value *params,
                    size_t nparams, struct mem_ctx *ctx, struct sql_cursor **out, struct err *e)
{
    int rc = params_check(p, nparams, e);
    if (rc == 0)
        rc = sql_plan_check_perms(env, p, e); /* bind_acl.c: as ExecCheckRTPerms */
    if (rc != 0)
        return rc;
    if (p->analyze && p->an_kind != SQL_STMT_SELECT && env->read_only)
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             p->an_kind == SQL_STMT_INSERT   ? "INSERT"
                             : p->an_kind == SQL_STMT_UPDATE ? "UPDATE"
                                                             : "DELETE");
    if (p->writes && env->read_only) {
        const char *what = p->kind == SQL_STMT_SELECT   ? "SELECT"
                           : p->kind == SQL_STMT_INSERT ? "INSERT"
                           : p->kind == SQL_STMT_UPDATE ? "UPDATE"
                                                        : "DELETE";
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             what);
    }
    if (p->temp_writes && env->read_only && env->txn != NULL)
        kv_txn_allow_private_writes(env->txn); /* only temporary tables: PostgreSQL allows */
    /* The binder's table locks first (answered from the transaction's list
     * once held): a cached plan run in a later transaction waits here, where
     * the caller can still plan again (session.c), not in a scan's open. */
    rc = sql_plan_lock(env, p, e);
    if (rc != 0)
        return rc;
    struct sql_cursor *c = mem_alloc0(ctx, sizeof *c);
    c->env = env;
    c->p = p;
    c->ctx = mem_ctx_new(ctx, "cursor");
    for (size_t i = 0; i < p->ncols; i++)
        if (named_oid_type(p->cols[i].type_oid))
            c->has_regclass = true;
    c->rt.env = env;
    c->rt.params = params;
    c->rt.nparams = nparams;
    c->rt.ctx = c->ctx;
    c->rt.ncaches = p->nsublinks;
    c->rt.caches = mem_alloc0(c->ctx, sizeof *c->rt.caches * (size_t)(p->nsublinks + 1));
    c->rt.nfcache = p->nfcache;
    c->rt.fcache = mem_alloc0(c->ctx, sizeof *c->rt.fcache * (size_t)(p->nfcache + 1));
    if (p->ndml > 0) {
        c->rt.dml_rows = mem_alloc0(c->ctx, sizeof *c->rt.dml_rows * (size_t)p->ndml);
        c->rt.dml_n = mem_alloc0(c->ctx, sizeof *c->rt.dml_n * (size_t)p->ndml);
        c->read_cap = kv_txn_read_mark(env->txn);
    }
    c->rt.mats = eng__mats_new(&c->rt, p->nmat, c->ctx);
    enum sql_stmt_kind kind = p->kind;
    if (p->analyze) {
        kind = p->an_kind;
        c->rt.instrument = true;
        c->rt.timing = p->an_timing;
        c->an_start_ns = mono_ns();
    }
    if (kind == SQL_STMT_SELECT) {
        rc = eng__xopen(&c->rt, p->root, c->ctx, &c->root, e);
    } else if (kind == SQL_STMT_INSERT || kind == SQL_STMT_UPDATE || kind == SQL_STMT_DELETE) {
        /* ROW EXCLUSIVE before the source's scans ask for ACCESS SHARE */
        const struct sql_table_desc *mt = p->root->kind == PN_MODIFY ? p->root->u.modify.t : NULL;
        if (mt != NULL && mt->kind == 'r')
            rc = sql_table_lock(c->env, mt->oid, mt->name, KV_TLOCK_ROW_EXCLUSIVE, false, e);
        if (rc == 0 && p->root->l != NULL)
            rc = eng__xopen(&c->rt, p->root->l, c->ctx, &c->root, e);
    }
    if (rc != 0) {
        mem_ctx_free(c->ctx);
        return rc;
    }
    *out = c;
    return 0;
}

/* EXPLAIN ANALYZE: run the statement to its end (rows are discarded,
 * DML really writes), then make the text. */
static int analyze_run(struct sql_cursor *c, struct err *e)
{
    const struct sql_plan *p = c->p;
    int rc = sql_env_check_interrupts(c->env, e);
    if (rc != 0)
        return rc;
    uint64_t modified = 0;
    if (p->an_kind == SQL_STMT_SELECT) {
        for (;;) {
            const struct sql_value *r;
            bool has = false;
            if ((rc = eng__xnext(c->root, &r, &has, e)) != 0)
                return rc;
            if (!has)
                break;
        }
    } else {
        struct sql_value **ret = NULL;
        size_t nret = 0;
        rc = eng__modify_run(&c->rt, p->root, c->root, c->ctx, &modified, &ret, &nret, e);
        if (rc != 0)
            return rc;
        modified = nret; /* the rows the ModifyTable node returned */
    }
    double exec_ms = (double)(mono_ns() - c->an_start_ns) / 1e6;
    return eng__explain_analyze(c->ctx, c->rt.env != NULL ? &c->rt.env->fmt : NULL, p, c->rt.all,
                                c->rt.nall, c->rt.params, c->rt.nparams, modified, exec_ms,
                                &c->an_lines, &c->an_n);
}

static int cursor_next(struct sql_cursor *c, const struct sql_value **row, bool *has_row,
                       struct err *e);

int sql_cursor_scan_row(struct sql_cursor *c, uint32_t table_oid, const struct sql_value **row)
{
    if (c->buffered || c->root == NULL)
        return 1;
    for (struct xnode *x = c->root; x != NULL; x = x->l) {
        switch (x->p->kind) {
        case PN_PROJECT:
        case PN_FILTER:
        case PN_LIMIT:
            continue;
        case PN_LOCKROWS: {
            /* FOR UPDATE/SHARE: the locked row of the table (PostgreSQL's
             * rowmark), below any join or sort */
            int hit = -1, nhit = 0;
            for (int i = 0; i < x->p->u.lockrows.nrels; i++)
                if (x->p->u.lockrows.rels[i].t->oid == table_oid) {
                    hit = i;
                    nhit++;
                }
            if (nhit != 1 || x->row == NULL)
                return nhit == 0 ? 2 : 3;
            *row = &x->row[x->p->u.lockrows.junk + x->p->u.lockrows.rels[hit].off];
            return 0;
        }
        case PN_SCAN:
            if (x->p->u.scan.t->oid != table_oid || x->row == NULL || x->u.scan.buffered)
                return 1;
            *row = &x->row[x->p->u.scan.off];
            return 0;
        default:
            return 1;
        }
    }
    return 1;
}

int sql_cursor_next(struct sql_cursor *c, const struct sql_value **row, bool *has_row,
                    struct err *e)
{
    if (c->p->ndml == 0)
        return cursor_next(c, row, has_row, e);
    /* data-modifying WITH: sub-statements first, all under one snapshot */
    *has_row = false;
    const struct sql_plan *p = c->p;
    uint64_t old = kv_txn_set_read_cap(c->env->txn, c->read_cap);
    int rc = 0;
    if (!c->dml_ctes_done) {
        c->dml_ctes_done = true;
        bool after = false;
        for (int i = 0; i < p->ndml; i++)
            after = after || p->dml_after[i];
        rc = sql_env_check_interrupts(c->env, e);
        if (rc == 0)
            rc = eng__dml_ctes_run(&c->rt, p, false, c->ctx, e);
        /* the queries the main query does not read run after it, as
         * PostgreSQL's ExecPostprocessPlan: finish the main query first */
        if (rc == 0 && after && p->kind == SQL_STMT_SELECT) {
            size_t cap = 0;
            for (;;) {
                const struct sql_value *r;
                bool h = false;
                if ((rc = cursor_next(c, &r, &h, e)) != 0 || !h)
                    break;
                if (c->nbuf == cap) {
                    size_t nc = cap ? cap * 2 : 64;
                    c->buf = mem_realloc(c->ctx, c->buf, sizeof *c->buf * cap, sizeof *c->buf * nc);
                    cap = nc;
                }
                struct sql_value *cp = mem_alloc(c->ctx, sizeof *cp * (p->ncols + 1));
                for (size_t i = 0; i < p->ncols; i++)
                    sql_value_copy(c->ctx, &r[i], &cp[i]);
                c->buf[c->nbuf++] = cp;
            }
            c->buffered = true;
        } else if (rc == 0 && after && !c->dml_done) {
            c->dml_done = true;
            rc = eng__modify_run(&c->rt, p->root, c->root, c->ctx, &c->count, &c->ret, &c->nret, e);
        }
        if (rc == 0 && after)
            rc = eng__dml_ctes_run(&c->rt, p, true, c->ctx, e);
    }
    if (rc == 0 && c->buffered) {
        if (c->ibuf < c->nbuf) {
            *row = c->buf[c->ibuf++];
            *has_row = true;
        }
    } else if (rc == 0) {
        rc = cursor_next(c, row, has_row, e);
    }
    kv_txn_set_read_cap(c->env->txn, old);
    return rc;
}

static int cursor_next(struct sql_cursor *c, const struct sql_value **row, bool *has_row,
                       struct err *e)
{
    *has_row = false;
    int rc;
    const struct sql_plan *p = c->p;
    if (p->kind == SQL_STMT_EXPLAIN && p->analyze && !c->an_done) {
        c->an_done = true;
        if ((rc = analyze_run(c, e)) != 0)
            return rc;
    }
    if (p->kind == SQL_STMT_EXPLAIN && !p->analyze && c->rt.nparams > 0 && c->an_lines == NULL &&
        (rc = eng__explain_params(c->ctx, c->rt.env != NULL ? &c->rt.env->fmt : NULL, p,
                                  c->rt.params, c->rt.nparams, &c->an_lines, &c->an_n)) != 0)
        return rc;
    if (p->kind == SQL_STMT_EXPLAIN) {
        bool run = c->an_lines != NULL; /* lines of this run, not the plan's */
        int nl = run ? c->an_n : p->nexplain;
        if (c->explain_i >= nl)
            return 0;
        const char *s = run ? c->an_lines[c->explain_i++] : p->explain_lines[c->explain_i++];
        c->line = sql_text(s, strlen(s));
        *row = &c->line;
        *has_row = true;
        c->count++;
        return 0;
    }
    if (p->kind == SQL_STMT_SELECT) {
        /* operators check every ENG_INTERRUPT_EVERY rows; here once per batch */
        if (c->count == 0 && (rc = sql_env_check_interrupts(c->env, e)) != 0)
            return rc;
        rc = eng__xnext(c->root, row, has_row, e);
        if (rc == 0 && *has_row) {
            c->count++;
            if (c->has_regclass)
                rc = regclass_row(c, row, e);
        }
        return rc;
    }
    if (!c->dml_done) {
        c->dml_done = true;
        if ((rc = sql_env_check_interrupts(c->env, e)) != 0)
            return rc;
        rc = eng__modify_run(&c->rt, p->root, c->root, c->ctx, &c->count, &c->ret, &c->nret, e);
        if (rc != 0)
            return rc;
    }
    if (c->iret < c->nret) {
        *row = c->ret[c->iret++];
        *has_row = true;
        if (c->has_regclass)
            return regclass_row(c, row, e);
    }
    return 0;
}

void sql_cursor_tag(const struct sql_cursor *c, struct sbuf *tag)
{
    switch (c->p->kind) {
    case SQL_STMT_INSERT:
        sbuf_printf(tag, "INSERT 0 %llu", (unsigned long long)c->count);
        break;
    case SQL_STMT_UPDATE:
        sbuf_printf(tag, "UPDATE %llu", (unsigned long long)c->count);
        break;
    case SQL_STMT_DELETE:
        sbuf_printf(tag, "DELETE %llu", (unsigned long long)c->count);
        break;
    case SQL_STMT_EXPLAIN:
        sbuf_puts(tag, "EXPLAIN");
        break;
    default:
        sbuf_printf(tag, "SELECT %llu", (unsigned long long)c->count);
        break;
    }
}

void sql_cursor_close(struct sql_cursor *c)
{
    if (c == NULL)
        return;
    mem_ctx_free(c->ctx);
    c->ctx = NULL;
}
