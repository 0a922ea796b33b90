/* exec_window.c — the WindowAgg node: input arrives sorted on PARTITION BY
 * + ORDER BY; one partition at a time is materialized (as PostgreSQL's
 * tuplestore), every call of the node is computed for each of its rows,
 * and the rows go out with the results appended.
 *
 * Frames (ROWS, RANGE, GROUPS; UNBOUNDED / offset PRECEDING / FOLLOWING /
 * CURRENT ROW; EXCLUDE CURRENT ROW / GROUP / TIES) become an inclusive
 * row range per row; RANGE offsets move monotone pointers with the bound
 * conditions the binder compiled. Aggregates over a frame whose start does
 * not move (the default frame) grow one state; otherwise the state is
 * rebuilt for the frame. Rows of one peer group with equal frames share
 * the result. Semantics follow PostgreSQL's nodeWindowAgg.c and
 * utils/adt/windowfuncs.c.
 */
#include "sql/window_int.h"
#include "sql/array_int.h"

#include <math.h>
#include <string.h>

int sql__fn_window(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)a;
    (void)n;
    (void)out;
    return err_set_state(e, ERR_INVAL, "42809", "window function %s requires an OVER clause",
                         c->match && c->match->def ? c->match->def->name : "?");
}

struct win_state {
    struct mem_ctx *part; /* the partition's rows and results */
    struct mem_ctx *look; /* the first row of the next partition */
    struct mem_ctx *agg;  /* aggregate states */
    struct sql_value **rows;
    size_t n, cap, i;
    struct sql_value *next; /* lookahead row, or NULL */
    bool eof;
    int *grp;              /* peer group of each row */
    size_t *gstart, *gend; /* per peer group */
    size_t ngroups;
    struct sql_value *res; /* n x nfuncs */
};

static bool val_eq(const struct sql_value *a, const struct sql_value *b)
{
    if (a->null || b->null)
        return a->null && b->null;
    return sql_value_cmp(a, b) == 0;
}

static bool same_keys(const struct sql_value *a, const struct sql_value *b, const int *cols, int n)
{
    for (int i = 0; i < n; i++)
        if (!val_eq(&a[cols[i]], &b[cols[i]]))
            return false;
    return true;
}

static struct sql_value *copy_row(struct mem_ctx *ctx, const struct sql_value *r, int w)
{
    struct sql_value *c = mem_alloc(ctx, sizeof *c * (size_t)(w > 0 ? w : 1));
    for (int i = 0; i < w; i++)
        sql_value_copy(ctx, &r[i], &c[i]);
    return c;
}

static void add_row(struct win_state *st, const struct sql_value *r, int w)
{
    if (st->n == st->cap) {
        size_t nc = st->cap ? st->cap * 2 : 64;
        st->rows =
            mem_realloc(st->part, st->rows, sizeof *st->rows * st->cap, sizeof *st->rows * nc);
        st->cap = nc;
    }
    st->rows[st->n++] = copy_row(st->part, r, w);
}

static void ectx_at(struct xnode *x, const struct sql_value *row, struct ectx *c)
{
    c->rt = x->rt;
    c->row = row;
    c->outer = x->rt->outer;
    c->mem = x->rowctx;
    c->subval = NULL;
}

/* Evaluate b on row j of the partition, result copied into the partition memory. */
static int eval_at(struct xnode *x, const struct bx *b, size_t j, struct sql_value *out,
                   struct err *e)
{
    struct win_state *st = x->u.window.st;
    struct ectx c;
    ectx_at(x, st->rows[j], &c);
    struct sql_value v;
    int rc = eng__eval(&c, b, &v, e);
    if (rc != 0)
        return rc;
    sql_value_copy(st->part, &v, out);
    return 0;
}

/* ---- frames ---- */

struct frame_ctx {
    struct xnode *x;
    const struct win_spec *ws;
    int64_t soff, eoff;            /* ROWS / GROUPS offsets */
    struct sql_value soffv, eoffv; /* RANGE offsets */
    size_t sp;                     /* RANGE offset pointers */
    long ep;
};

/* PostgreSQL's in_range support functions for integer, float and numeric
 * keys (in_range_int8_int8, in_range_float8_float8,
 * in_range_numeric_numeric): is val <= (less) / >= base -/+ (sub) offset?
 * An overflowing sum lies beyond every value, NaN sorts after everything
 * and base -/+ offset of infinities that would be NaN takes in every row.
 * Returns -1 for other key types (the compiled condition decides). */
static int in_range_native(struct xnode *x, uint32_t t, const struct sql_value *val,
                           const struct sql_value *base, const struct sql_value *off, bool sub,
                           bool less, bool *ok, struct err *e)
{
    switch (t) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8: {
        int64_t o = sub ? -off->u.i : off->u.i, sum; /* off >= 0: cannot overflow */
        if (__builtin_add_overflow(base->u.i, o, &sum))
            *ok = sub ? !less : less;
        else
            *ok = less ? val->u.i <= sum : val->u.i >= sum;
        return 0;
    }
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8: {
        double v = val->u.f, b = base->u.f, o = off->u.f;
        if (isnan(v))
            *ok = isnan(b) ? true : !less;
        else if (isnan(b))
            *ok = less;
        else if (isinf(o) && isinf(b) && (sub ? b > 0 : b < 0))
            *ok = true;
        else {
            double sum = sub ? b - o : b + o;
            *ok = less ? v <= sum : v >= sum;
        }
        return 0;
    }
    case SQL_T_NUMERIC: {
        const struct sql_num *v = &val->u.n, *b = &base->u.n, *o = &off->u.n;
        if (sql_num_is_nan(v)) {
            *ok = sql_num_is_nan(b) ? true : !less;
            return 0;
        }
        if (sql_num_is_nan(b)) {
            *ok = less;
            return 0;
        }
        if (sql_num_is_inf(o) && sql_num_is_inf(b) &&
            (sub ? b->sign == SQL_NUM_PINF : b->sign == SQL_NUM_NINF)) {
            *ok = true;
            return 0;
        }
        struct sql_num sum;
        int rc =
            sub ? sql_num_sub(x->rowctx, b, o, &sum, e) : sql_num_add(x->rowctx, b, o, &sum, e);
        if (rc != 0)
            return rc;
        int c = sql_num_cmp(v, &sum);
        *ok = less ? c <= 0 : c >= 0;
        return 0;
    }
    case SQL_T_TIME: {
        /* in_range_time_interval: only the offset's time part, no wrap
         * around at midnight */
        int64_t sum = sub ? base->u.i - off->u.iv.time : base->u.i + off->u.iv.time;
        *ok = less ? val->u.i <= sum : val->u.i >= sum;
        return 0;
    }
    case SQL_T_TIMETZ: {
        int64_t sum = sub ? base->u.ttz.time - off->u.iv.time : base->u.ttz.time + off->u.iv.time;
        int c = sql_timetz_cmp(val->u.ttz.time, val->u.ttz.zone, sum, base->u.ttz.zone);
        *ok = less ? c <= 0 : c >= 0;
        return 0;
    }
    default:
        return -1;
    }
}

static int range_test(struct frame_ctx *f, const struct bx *cond, size_t j, size_t i, bool start,
                      bool *ok, struct err *e)
{
    const struct pn_window *pw = f->x->p->u.window;
    struct win_state *st = f->x->u.window.st;
    int oc = pw->ocols[0];
    const struct sql_value *v = &st->rows[j][oc], *base = &st->rows[i][oc];
    bool nf = pw->onulls_first[0];
    if (v->null || base->null) {
        if (v->null && base->null)
            *ok = true;
        else if (base->null) /* is the non-null row j after (start) / before (end) the nulls? */
            *ok = start ? nf : !nf;
        else /* null row j: before everything (nulls first) or after */
            *ok = start ? !nf : nf;
        return 0;
    }
    bool preceding = (f->ws->frame & (start ? SQL_FRAME_START_OFFSET_PRECEDING
                                            : SQL_FRAME_END_OFFSET_PRECEDING)) != 0;
    bool desc = f->ws->desc[0];
    int nrc = in_range_native(f->x, f->ws->ord[0]->type, v, base, start ? &f->soffv : &f->eoffv,
                              preceding != desc, start ? desc : !desc, ok, e);
    if (nrc >= 0)
        return nrc;
    struct sql_value pair[2] = {*v, *base};
    struct ectx c;
    ectx_at(f->x, pair, &c);
    return eng__eval_qual(&c, cond, ok, e);
}

/* Frame of row i: [*fs, *fe] (empty when *fs > *fe). */
static int frame_of(struct frame_ctx *f, size_t i, long *fs, long *fe, struct err *e)
{
    struct win_state *st = f->x->u.window.st;
    int fr = f->ws->frame;
    long n = (long)st->n, li = (long)i;
    int g = st->grp[i];
    long ng = (long)st->ngroups;
    /* start */
    if (fr & SQL_FRAME_START_UNBOUNDED_PRECEDING) {
        *fs = 0;
    } else if (fr & SQL_FRAME_START_CURRENT_ROW) {
        *fs = (fr & SQL_FRAME_ROWS) ? li : (long)st->gstart[g];
    } else if (fr & SQL_FRAME_RANGE) {
        while ((long)f->sp < n) {
            bool ok;
            int rc = range_test(f, f->ws->scond, f->sp, i, true, &ok, e);
            if (rc != 0)
                return rc;
            if (ok)
                break;
            f->sp++;
        }
        *fs = (long)f->sp;
    } else {
        bool prec = (fr & SQL_FRAME_START_OFFSET_PRECEDING) != 0;
        int64_t o = f->soff;
        if (fr & SQL_FRAME_ROWS) {
            if (prec)
                *fs = o > li ? 0 : li - (long)o;
            else
                *fs = o >= n - li ? n : li + (long)o;
        } else {
            if (prec)
                *fs = o > g ? 0 : (long)st->gstart[g - o];
            else
                *fs = o >= ng - g ? n : (long)st->gstart[g + o];
        }
    }
    /* end */
    if (fr & SQL_FRAME_END_UNBOUNDED_FOLLOWING) {
        *fe = n - 1;
    } else if (fr & SQL_FRAME_END_CURRENT_ROW) {
        *fe = (fr & SQL_FRAME_ROWS) ? li : (long)st->gend[g];
    } else if (fr & SQL_FRAME_RANGE) {
        while (f->ep + 1 < n) {
            bool ok;
            int rc = range_test(f, f->ws->econd, (size_t)(f->ep + 1), i, false, &ok, e);
            if (rc != 0)
                return rc;
            if (!ok)
                break;
            f->ep++;
        }
        *fe = f->ep;
    } else {
        bool prec = (fr & SQL_FRAME_END_OFFSET_PRECEDING) != 0;
        int64_t o = f->eoff;
        if (fr & SQL_FRAME_ROWS) {
            if (prec)
                *fe = o > li ? -1 : li - (long)o;
            else
                *fe = o >= n - 1 - li ? n - 1 : li + (long)o;
        } else {
            if (prec)
                *fe = o > g ? -1 : (long)st->gend[g - o];
            else
                *fe = o >= ng - 1 - g ? n - 1 : (long)st->gend[g + o];
        }
    }
    return 0;
}

static bool excluded(const struct win_state *st, int fr, size_t j, size_t i)
{
    if (fr & SQL_FRAME_EXCLUDE_CURRENT_ROW)
        return j == i;
    if (fr & SQL_FRAME_EXCLUDE_GROUP)
        return st->grp[j] == st->grp[i];
    if (fr & SQL_FRAME_EXCLUDE_TIES)
        return st->grp[j] == st->grp[i] && j != i;
    return false;
}

static int offset_value(struct xnode *x, const struct bx *b, bool range, bool start,
                        const struct bx *neg, int64_t *out, struct sql_value *rangev,
                        uint32_t keytype, struct err *e)
{
    struct sql_value v;
    int rc = eval_at(x, b, 0, &v, e);
    if (rc != 0)
        return rc;
    if (v.null)
        return err_set_state(e, ERR_INVAL, "22004", "frame %s offset must not be null",
                             start ? "starting" : "ending");
    if (range) {
        bool isneg;
        struct ectx c;
        ectx_at(x, x->u.window.st->rows[0], &c);
        if (keytype == SQL_T_TIME || keytype == SQL_T_TIMETZ)
            isneg = v.u.iv.time < 0; /* month and day are disregarded */
        else if ((rc = eng__eval_qual(&c, neg, &isneg, e)) != 0)
            return rc;
        if (isneg || (v.type == SQL_T_FLOAT8 && isnan(v.u.f)) ||
            (v.type == SQL_T_NUMERIC && sql_num_is_nan(&v.u.n)))
            return err_set_state(e, ERR_INVAL, "22013",
                                 "invalid preceding or following size in window function");
        *rangev = v;
        *out = 0;
        return 0;
    }
    if (v.u.i < 0)
        return err_set_state(e, ERR_INVAL, "22013", "frame %s offset must not be negative",
                             start ? "starting" : "ending");
    *out = v.u.i;
    return 0;
}

/* ---- one partition ---- */

struct fvals {
    struct sql_value *arg; /* args[0] per row */
    struct sql_value *arg2;
    bool *pass; /* FILTER */
};

static int agg_value(struct xnode *x, const struct bx_winref *r, const struct fvals *fv, long fs,
                     long fe, size_t i, bool incremental, void **state, long *cs, long *ce,
                     struct sql_value *out, struct err *e)
{
    struct win_state *st = x->u.window.st;
    const struct sql_agg_def *d = r->agg;
    int fr = r->spec->frame;
    bool excl =
        (fr & (SQL_FRAME_EXCLUDE_CURRENT_ROW | SQL_FRAME_EXCLUDE_GROUP | SQL_FRAME_EXCLUDE_TIES)) !=
        0;
    long from;
    if (*state == NULL || !incremental || excl || fs != *cs || fe < *ce) {
        mem_ctx_reset(st->agg);
        *state = mem_alloc0(st->agg, d->state_size > 0 ? d->state_size : 1);
        if (d->init)
            d->init(*state, st->agg);
        *cs = fs;
        *ce = fs - 1;
    }
    from = *ce + 1;
    for (long j = from; j <= fe; j++) {
        if (excl && excluded(st, fr, (size_t)j, i))
            continue;
        if (fv->pass != NULL && !fv->pass[j])
            continue;
        struct sql_value vv[2];
        vv[0] = sql_bool(true);
        vv[1] = sql_null(SQL_T_TEXT);
        if (r->nargs >= 1) {
            vv[0] = fv->arg[j];
            /* strict transition functions skip NULL inputs (nodeWindowAgg's
             * advance_windowaggregate); json_agg, array_agg... take them */
            if (vv[0].null && !d->nonstrict && !sql__agg_keeps_nulls(d))
                continue;
        }
        if (r->nargs >= 2)
            vv[1] = fv->arg2[j];
        int rc = eng__tick(x->rt, e);
        if (rc == 0)
            rc = d->step(*state, st->agg, vv, e);
        if (rc != 0)
            return rc;
    }
    if (fe >= *ce)
        *ce = fe;
    struct sql_value v;
    memset(&v, 0, sizeof v);
    v.type = d->ret;
    int rc = d->final(*state, st->agg, &v, e);
    if (excl)
        *state = NULL; /* rebuilt for every row */
    if (rc != 0)
        return rc;
    if (v.null)
        v.type = r->node != NULL ? r->node->type : d->ret;
    sql_value_copy(st->part, &v, out);
    return 0;
}

static int compute(struct xnode *x, struct err *e)
{
    const struct pn_window *pw = x->p->u.window;
    struct win_state *st = x->u.window.st;
    size_t n = st->n;
    int nf = pw->nfuncs;
    /* peer groups */
    st->grp = mem_alloc(st->part, sizeof *st->grp * (n + 1));
    st->gstart = mem_alloc(st->part, sizeof *st->gstart * (n + 1));
    st->gend = mem_alloc(st->part, sizeof *st->gend * (n + 1));
    st->ngroups = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || !same_keys(st->rows[i - 1], st->rows[i], pw->ocols, pw->nord)) {
            st->gstart[st->ngroups] = i;
            st->ngroups++;
        }
        st->grp[i] = (int)st->ngroups - 1;
        st->gend[st->ngroups - 1] = i;
    }
    st->res = mem_alloc0(st->part, sizeof *st->res * (n * (size_t)nf + 1));
    const struct win_spec *ws = pw->spec;
    struct frame_ctx f = {.x = x, .ws = ws};
    int rc;
    bool range = (ws->frame & SQL_FRAME_RANGE) != 0;
    if (ws->soff != NULL &&
        (rc = offset_value(x, ws->soff, range, true, ws->sneg, &f.soff, &f.soffv,
                           ws->nord > 0 ? ws->ord[0]->type : 0, e)) != 0)
        return rc;
    if (ws->eoff != NULL &&
        (rc = offset_value(x, ws->eoff, range, false, ws->eneg, &f.eoff, &f.eoffv,
                           ws->nord > 0 ? ws->ord[0]->type : 0, e)) != 0)
        return rc;
    /* frames, computed once when a call needs them */
    long *fs = NULL, *fe = NULL;
    for (int k = 0; k < nf; k++) {
        enum win_fn fn = pw->funcs[k]->fn;
        if (fn == WF_AGG || fn == WF_FIRST_VALUE || fn == WF_LAST_VALUE || fn == WF_NTH_VALUE) {
            fs = mem_alloc(st->part, sizeof *fs * (n + 1));
            fe = mem_alloc(st->part, sizeof *fe * (n + 1));
            f.ep = -1;
            for (size_t i = 0; i < n; i++)
                if ((rc = frame_of(&f, i, &fs[i], &fe[i], e)) != 0)
                    return rc;
            break;
        }
    }
    for (int k = 0; k < nf; k++) {
        const struct bx_winref *r = pw->funcs[k];
        struct fvals fv = {0};
        bool per_row_arg = r->fn == WF_AGG || r->fn == WF_LAG || r->fn == WF_LEAD ||
                           r->fn == WF_FIRST_VALUE || r->fn == WF_LAST_VALUE ||
                           r->fn == WF_NTH_VALUE;
        if (per_row_arg && r->nargs >= 1) {
            fv.arg = mem_alloc(st->part, sizeof *fv.arg * (n + 1));
            for (size_t j = 0; j < n; j++) {
                mem_ctx_reset(x->rowctx);
                if ((rc = eval_at(x, r->args[0], j, &fv.arg[j], e)) != 0)
                    return rc;
            }
        }
        if (r->fn == WF_AGG && r->nargs >= 2) {
            fv.arg2 = mem_alloc(st->part, sizeof *fv.arg2 * (n + 1));
            for (size_t j = 0; j < n; j++)
                if ((rc = eval_at(x, r->args[1], j, &fv.arg2[j], e)) != 0)
                    return rc;
        }
        if (r->filter != NULL) {
            fv.pass = mem_alloc(st->part, sizeof *fv.pass * (n + 1));
            for (size_t j = 0; j < n; j++) {
                struct ectx c;
                mem_ctx_reset(x->rowctx);
                ectx_at(x, st->rows[j], &c);
                if ((rc = eng__eval_qual(&c, r->filter, &fv.pass[j], e)) != 0)
                    return rc;
            }
        }
        void *state = NULL;
        long cs = 0, ce = -1;
        int64_t nt_buckets = 0, nt_boundary = 0, nt_rem = 0, nt_rows = 0, nt_cur = 0;
        for (size_t i = 0; i < n; i++) {
            struct sql_value *out = &st->res[i * (size_t)nf + (size_t)k];
            int g = st->grp[i];
            if ((rc = eng__tick(x->rt, e)) != 0)
                return rc;
            mem_ctx_reset(x->rowctx);
            switch (r->fn) {
            case WF_ROW_NUMBER:
                *out = sql_int8((int64_t)i + 1);
                break;
            case WF_RANK:
                *out = sql_int8((int64_t)st->gstart[g] + 1);
                break;
            case WF_DENSE_RANK:
                *out = sql_int8((int64_t)g + 1);
                break;
            case WF_PERCENT_RANK:
                *out = sql_float8(n > 1 ? (double)st->gstart[g] / (double)(n - 1) : 0.0);
                break;
            case WF_CUME_DIST:
                *out = sql_float8((double)(st->gend[g] + 1) / (double)n);
                break;
            case WF_NTILE: {
                if (nt_buckets == 0) {
                    struct sql_value v;
                    if ((rc = eval_at(x, r->args[0], i, &v, e)) != 0)
                        return rc;
                    if (v.null) {
                        *out = sql_null(SQL_T_INT4);
                        break;
                    }
                    if (v.u.i <= 0)
                        return err_set_state(e, ERR_INVAL, "22014",
                                             "argument of ntile must be greater than zero");
                    nt_buckets = v.u.i;
                    nt_cur = 1;
                    nt_rows = 0;
                    nt_boundary = (int64_t)n / nt_buckets;
                    if (nt_boundary <= 0) {
                        nt_boundary = 1;
                    } else {
                        nt_rem = (int64_t)n % nt_buckets;
                        if (nt_rem != 0)
                            nt_boundary++;
                    }
                }
                nt_rows++;
                if (nt_boundary < nt_rows) {
                    if (nt_rem != 0 && nt_cur == nt_rem) {
                        nt_rem = 0;
                        nt_boundary -= 1;
                    }
                    nt_cur++;
                    nt_rows = 1;
                }
                *out = sql_int4((int32_t)nt_cur);
                break;
            }
            case WF_LAG:
            case WF_LEAD: {
                int64_t off = 1;
                if (r->nargs >= 2) {
                    struct sql_value v;
                    if ((rc = eval_at(x, r->args[1], i, &v, e)) != 0)
                        return rc;
                    if (v.null) {
                        *out = sql_null(r->node->type);
                        break;
                    }
                    off = v.u.i;
                }
                int64_t t = r->fn == WF_LAG ? (int64_t)i - off : (int64_t)i + off;
                if (t >= 0 && t < (int64_t)n) {
                    *out = fv.arg[t];
                } else if (r->nargs >= 3) {
                    if ((rc = eval_at(x, r->args[2], i, out, e)) != 0)
                        return rc;
                } else {
                    *out = sql_null(r->node->type);
                }
                break;
            }
            case WF_FIRST_VALUE:
            case WF_LAST_VALUE:
            case WF_NTH_VALUE: {
                int64_t want = 1;
                *out = sql_null(r->node->type);
                if (r->fn == WF_NTH_VALUE) {
                    struct sql_value v;
                    if ((rc = eval_at(x, r->args[1], i, &v, e)) != 0)
                        return rc;
                    if (v.null)
                        break;
                    if (v.u.i <= 0)
                        return err_set_state(e, ERR_INVAL, "22016",
                                             "argument of nth_value must be greater than zero");
                    want = v.u.i;
                }
                int fr = ws->frame;
                int64_t seen = 0;
                if (r->fn == WF_LAST_VALUE) {
                    for (long j = fe[i]; j >= fs[i]; j--)
                        if (!excluded(st, fr, (size_t)j, i)) {
                            *out = fv.arg[j];
                            break;
                        }
                } else {
                    for (long j = fs[i]; j <= fe[i]; j++)
                        if (!excluded(st, fr, (size_t)j, i) && ++seen == want) {
                            *out = fv.arg[j];
                            break;
                        }
                }
                break;
            }
            case WF_AGG: {
                bool excl = (ws->frame & (SQL_FRAME_EXCLUDE_CURRENT_ROW | SQL_FRAME_EXCLUDE_GROUP |
                                          SQL_FRAME_EXCLUDE_TIES)) != 0;
                if (i > 0 && !excl && fs[i] == fs[i - 1] && fe[i] == fe[i - 1]) {
                    *out = st->res[(i - 1) * (size_t)nf + (size_t)k];
                    break;
                }
                if ((rc = agg_value(x, r, &fv, fs[i], fe[i], i, true, &state, &cs, &ce, out, e)) !=
                    0)
                    return rc;
                break;
            }
            }
            if (out->null && out->type == 0)
                out->type = r->node->type;
        }
    }
    return 0;
}

/* Read the next partition; false when the input is done. */
static int load(struct xnode *x, bool *got, struct err *e)
{
    const struct pn_window *pw = x->p->u.window;
    struct win_state *st = x->u.window.st;
    int w = pw->in_width;
    *got = false;
    mem_ctx_reset(st->part);
    st->rows = NULL;
    st->n = st->cap = st->i = 0;
    if (st->next != NULL) {
        add_row(st, st->next, w);
        st->next = NULL;
        mem_ctx_reset(st->look);
    } else if (st->eof) {
        return 0;
    }
    for (;;) {
        const struct sql_value *r;
        bool h;
        int rc = eng__xnext(x->l, &r, &h, e);
        if (rc != 0)
            return rc;
        if (!h) {
            st->eof = true;
            break;
        }
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        if (st->n > 0 && !same_keys(st->rows[0], r, pw->pcols, pw->npart)) {
            st->next = copy_row(st->look, r, w);
            break;
        }
        add_row(st, r, w);
    }
    if (st->n == 0)
        return 0;
    *got = true;
    return compute(x, e);
}

int eng__window_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pn_window *pw = x->p->u.window;
    *has = false;
    if (x->u.window.st == NULL) {
        struct win_state *st = mem_alloc0(x->ctx, sizeof *st);
        st->part = mem_ctx_new(x->ctx, "window partition");
        st->look = mem_ctx_new(x->ctx, "window lookahead");
        st->agg = mem_ctx_new(x->ctx, "window aggregate");
        x->u.window.st = st;
    }
    struct win_state *st = x->u.window.st;
    if (st->i >= st->n) {
        bool got;
        int rc = load(x, &got, e);
        if (rc != 0 || !got)
            return rc;
    }
    size_t i = st->i++;
    int w = pw->in_width;
    memcpy(x->row, st->rows[i], sizeof *x->row * (size_t)w);
    for (int k = 0; k < pw->nfuncs; k++)
        x->row[w + k] = st->res[i * (size_t)pw->nfuncs + (size_t)k];
    *row = x->row;
    *has = true;
    return 0;
}
