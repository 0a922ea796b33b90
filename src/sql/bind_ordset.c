/* bind_ordset.c — ordered-set aggregates: percentile_cont, percentile_disc
 * (a fraction or an array of fractions) and mode(), all written
 * agg(direct args) WITHIN GROUP (ORDER BY x), as PostgreSQL 15's
 * orderedsetaggs.c.
 *
 * They ride on the aggregate ORDER BY machinery (exec_agg_order.c): the
 * aggref's argument is the sort value x (NULLs are skipped, as the
 * aggregates are strict), its second argument the direct argument, and its
 * one sort key x with the direction written. The transition collects the
 * sorted values; the final function picks the result. Hypothetical-set
 * aggregates rank / dense_rank / percent_rank / cume_dist (args) WITHIN
 * GROUP (ORDER BY keys) compare each row with the hypothetical one (below).
 */
#include "sql/array.h"
#include "sql/datetime.h"
#include "sql/engine_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- execution ---- */

struct os_state {
    struct sql_value *vals;
    int64_t n, cap;
    struct sql_value direct; /* the direct argument of the first row */
    bool seen;
};

static int os_step(void *state, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)e;
    struct os_state *s = state;
    if (!s->seen) { /* rows with a NULL value still carry the direct argument */
        sql_value_copy(ctx, &v[1], &s->direct);
        s->seen = true;
    }
    if (v[0].null)
        return 0;
    if (s->n == s->cap) {
        int64_t nc = s->cap ? s->cap * 2 : 16;
        s->vals = mem_realloc(ctx, s->vals, sizeof *s->vals * (size_t)s->cap,
                              sizeof *s->vals * (size_t)nc);
        s->cap = nc;
    }
    sql_value_copy(ctx, &v[0], &s->vals[s->n]);
    s->n++;
    return 0;
}

static int bad_fraction(double p, struct err *e)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%g", p);
    return err_set_state(e, ERR_INVAL, "22003", "percentile value %s is not between 0 and 1", buf);
}

static int lerp(const struct sql_value *lo, const struct sql_value *hi, double pct,
                struct sql_value *out, struct err *e)
{
    if (lo->type != SQL_T_INTERVAL) {
        *out = sql_float8(lo->u.f + (hi->u.f - lo->u.f) * pct);
        return 0;
    }
    struct sql_interval d, m;
    int rc = sql_interval_mi(&hi->u.iv, &lo->u.iv, &d, e);
    if (rc == 0)
        rc = sql_interval_mul(&d, pct, &m, e);
    if (rc == 0)
        rc = sql_interval_pl(&m, &lo->u.iv, &out->u.iv, e);
    out->type = SQL_T_INTERVAL;
    out->null = false;
    return rc;
}

/* One fraction: cont interpolates between the neighbouring rows, disc takes
 * the first row whose position reaches it. */
static int pick(const struct os_state *s, bool cont, double p, struct sql_value *out, struct err *e)
{
    if (p < 0 || p > 1 || isnan(p))
        return bad_fraction(p, e);
    if (!cont) {
        int64_t row = (int64_t)ceil(p * (double)s->n);
        *out = s->vals[row > 1 ? row - 1 : 0];
        return 0;
    }
    double pos = p * (double)(s->n - 1);
    int64_t first = (int64_t)floor(pos), second = (int64_t)ceil(pos);
    if (first == second) {
        *out = s->vals[first];
        return 0;
    }
    return lerp(&s->vals[first], &s->vals[second], pos - (double)first, out, e);
}

static int os_percentile(void *state, struct mem_ctx *ctx, bool cont, struct sql_value *out,
                         struct err *e)
{
    struct os_state *s = state;
    if (!s->seen || s->direct.null) {
        out->null = true;
        return 0;
    }
    if (sql_array_elemtype(s->direct.type) == 0) {
        double p = s->direct.u.f;
        if (p < 0 || p > 1 || isnan(p))
            return bad_fraction(p, e);
        if (s->n == 0) {
            out->null = true;
            return 0;
        }
        return pick(s, cont, p, out, e);
    }
    for (int i = 0; i < s->direct.u.arr->nitems; i++) {
        const struct sql_value *f = &s->direct.u.arr->items[i];
        if (!f->null && (f->u.f < 0 || f->u.f > 1 || isnan(f->u.f)))
            return bad_fraction(f->u.f, e);
    }
    if (s->n == 0) {
        out->null = true;
        return 0;
    }
    const struct sql_array *fr = s->direct.u.arr;
    uint32_t et = s->vals[0].type;
    struct sql_array *r = sql_array_new(ctx, et, fr->nitems);
    r->ndim = fr->ndim;
    memcpy(r->dims, fr->dims, sizeof r->dims);
    memcpy(r->lbs, fr->lbs, sizeof r->lbs);
    for (int i = 0; i < fr->nitems; i++) {
        if (fr->items[i].null) {
            r->items[i] = sql_null(et);
            continue;
        }
        int rc = pick(s, cont, fr->items[i].u.f, &r->items[i], e);
        if (rc != 0)
            return rc;
        r->items[i].type = et;
    }
    *out = sql_array_value(r);
    out->type = sql_array_of(et);
    return 0;
}

static int os_cont_final(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return os_percentile(state, ctx, true, out, e);
}

static int os_disc_final(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return os_percentile(state, ctx, false, out, e);
}

/* The most frequent value; among equally frequent ones the first in sort
 * order. */
static int os_mode_final(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)ctx;
    (void)e;
    struct os_state *s = state;
    if (s->n == 0) {
        out->null = true;
        return 0;
    }
    int64_t best = 0, best_freq = 0;
    for (int64_t i = 0; i < s->n;) {
        int64_t j = i + 1;
        while (j < s->n && sql_value_cmp(&s->vals[i], &s->vals[j]) == 0)
            j++;
        if (j - i > best_freq) {
            best_freq = j - i;
            best = i;
        }
        i = j;
    }
    *out = s->vals[best];
    return 0;
}

#define OS_DEF(nm, fin, ret_, arg2_)                                                      \
    {                                                                                     \
        .name = nm, .arg = SQL_T_ANY, .ret = ret_, .state_size = sizeof(struct os_state), \
        .step = os_step, .final = fin, .arg2 = arg2_                                      \
    }

/* [0] cont float8, [1] cont interval, [2] disc, [3] mode; [4..6] the same
 * with an array of fractions */
static const struct sql_agg_def os_defs[] = {
    OS_DEF("percentile_cont", os_cont_final, SQL_T_FLOAT8, SQL_T_FLOAT8),
    OS_DEF("percentile_cont", os_cont_final, SQL_T_INTERVAL, SQL_T_FLOAT8),
    OS_DEF("percentile_disc", os_disc_final, SQL_T_ANY, SQL_T_FLOAT8),
    OS_DEF("mode", os_mode_final, SQL_T_ANY, SQL_T_BOOL),
    OS_DEF("percentile_cont", os_cont_final, SQL_T_ANY, SQL_T_ANY),
    OS_DEF("percentile_cont", os_cont_final, SQL_T_ANY, SQL_T_ANY),
    OS_DEF("percentile_disc", os_disc_final, SQL_T_ANY, SQL_T_ANY),
};

/* ---- hypothetical-set aggregates ---- */

/* rank(d1, ...) WITHIN GROUP (ORDER BY k1, ...): arg is ROW(k1, ...),
 * arg2 ROW(d1, ..., flags) with per key k bit 2k DESC and bit 2k + 1 NULLS
 * FIRST. Each row is compared with the hypothetical one as the sort would:
 * no sorting needed, only counts (and, for dense_rank, the distinct rows
 * sorting before it). */
struct hypo_state {
    int64_t n, before, peers;
    struct sql_value *less; /* dense_rank: the rows before, to count distinct */
    int64_t nless, capless;
};

static int hypo_cmp(const struct sql_value *row, const struct sql_value *h)
{
    const struct sql_array *r = row->u.arr, *d = h->u.arr;
    int nk = r->nitems;
    int64_t flags = d->items[d->nitems - 1].u.i;
    for (int k = 0; k < nk; k++) {
        const struct sql_value *a = &r->items[k], *b = &d->items[k];
        bool desc = (flags >> (2 * k) & 1) != 0, nf = (flags >> (2 * k + 1) & 1) != 0;
        int c;
        if (a->null || b->null) {
            if (a->null && b->null)
                continue;
            c = a->null ? (nf ? -1 : 1) : (nf ? 1 : -1);
            return c;
        }
        c = sql_value_cmp(a, b);
        if (desc)
            c = -c;
        if (c != 0)
            return c < 0 ? -1 : 1;
    }
    return 0;
}

static int hypo_step(void *state, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)e;
    struct hypo_state *s = state;
    s->n++;
    int c = hypo_cmp(&v[0], &v[1]);
    if (c < 0) {
        s->before++;
        if (s->nless == s->capless) {
            int64_t nc = s->capless ? s->capless * 2 : 16;
            s->less = mem_realloc(ctx, s->less, sizeof *s->less * (size_t)s->capless,
                                  sizeof *s->less * (size_t)nc);
            s->capless = nc;
        }
        sql_value_copy(ctx, &v[0], &s->less[s->nless++]);
    } else if (c == 0) {
        s->peers++;
    }
    return 0;
}

static int hypo_rank(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)ctx;
    (void)e;
    struct hypo_state *s = state;
    *out = sql_int8(s->before + 1);
    return 0;
}

static int less_cmp(const void *a, const void *b)
{
    return sql_value_cmp(a, b);
}

static int hypo_dense(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)ctx;
    (void)e;
    struct hypo_state *s = state;
    if (s->nless > 1)
        qsort(s->less, (size_t)s->nless, sizeof *s->less, less_cmp);
    int64_t distinct = 0;
    for (int64_t i = 0; i < s->nless; i++)
        if (i == 0 || sql_value_cmp(&s->less[i - 1], &s->less[i]) != 0)
            distinct++;
    *out = sql_int8(distinct + 1);
    return 0;
}

static int hypo_percent(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)ctx;
    (void)e;
    struct hypo_state *s = state;
    *out = sql_float8(s->n == 0 ? 0.0 : (double)s->before / (double)s->n);
    return 0;
}

static int hypo_cume(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)ctx;
    (void)e;
    struct hypo_state *s = state;
    *out = sql_float8((double)(s->before + s->peers + 1) / (double)(s->n + 1));
    return 0;
}

#define HYPO_DEF(nm, fin, ret_)                                                             \
    {                                                                                       \
        .name = nm, .arg = SQL_T_ANY, .ret = ret_, .state_size = sizeof(struct hypo_state), \
        .step = hypo_step, .final = fin, .arg2 = SQL_T_ANY, .nonstrict = true               \
    }

static const struct sql_agg_def hypo_defs[] = {
    HYPO_DEF("rank", hypo_rank, SQL_T_INT8),
    HYPO_DEF("dense_rank", hypo_dense, SQL_T_INT8),
    HYPO_DEF("percent_rank", hypo_percent, SQL_T_FLOAT8),
    HYPO_DEF("cume_dist", hypo_cume, SQL_T_FLOAT8),
};

/* ---- binding ---- */

static bool is_ordset(const char *name)
{
    return strcmp(name, "percentile_cont") == 0 || strcmp(name, "percentile_disc") == 0 ||
           strcmp(name, "mode") == 0;
}

static bool is_hypothetical(const char *name)
{
    return strcmp(name, "rank") == 0 || strcmp(name, "dense_rank") == 0 ||
           strcmp(name, "percent_rank") == 0 || strcmp(name, "cume_dist") == 0;
}

bool eng__ordset_call(const struct sql_expr *x)
{
    return x->u.func.within_group || is_ordset(x->u.func.name.name);
}

static bool col_walk(struct bx *x, void *arg)
{
    (void)arg;
    return x->kind == BX_COL && x->u.col.level == 0;
}

static int no_function(const char *name, struct bx **xs, int n, int location, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < n; i++) {
        if (i)
            sbuf_puts(&b, ", ");
        sql_type_format(xs[i]->type, -1, &b);
    }
    int rc = eng__err(e, location, ERR_NOTFOUND, "42883",
                      "function %s(%.*s) does not exist" ENG_HINT_SEP
                      "No function matches the given name and argument types. You might need "
                      "to add explicit type casts.",
                      name, (int)b.len, b.data ? b.data : "");
    sbuf_free(&b);
    return rc;
}

/* Implicit coercion or false (e untouched). */
static bool try_coerce(struct binder *b, struct bx *x, uint32_t type, struct bx **out)
{
    struct err e2 = {0};
    return eng__coerce(b, x, type, -1, COERCE_IMPLICIT, out, &e2) == 0;
}

static struct bx *record_of(struct binder *b, struct bx **xs, int n, int location)
{
    struct bx *r = mem_alloc0(b->ctx, sizeof *r);
    r->kind = BX_ROW;
    r->type = SQL_T_RECORD;
    r->typmod = -1;
    r->location = location;
    r->u.list.args = xs;
    r->u.list.n = n;
    return r;
}

static int add_agg(struct binder *b, struct scope *s, struct bx_aggref *ref, uint32_t rettype,
                   int loc, struct bx **out)
{
    if (s->naggs == s->aggcap) {
        int nc = s->aggcap ? s->aggcap * 2 : 8;
        s->aggs = mem_realloc(b->ctx, s->aggs, sizeof *s->aggs * (size_t)s->aggcap,
                              sizeof *s->aggs * (size_t)nc);
        s->aggcap = nc;
    }
    struct bx *r = mem_alloc0(b->ctx, sizeof *r);
    r->kind = BX_AGG;
    r->type = rettype;
    r->typmod = -1;
    r->location = loc;
    r->u.agg.idx = s->naggs;
    r->u.agg.ref = ref;
    s->aggs[s->naggs++] = ref;
    *out = r;
    return 0;
}

/* rank / dense_rank / percent_rank / cume_dist (d...) WITHIN GROUP (ORDER BY k...) */
static int bind_hypo(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **xs,
                     int nd, int no, struct bx **out, struct err *e)
{
    const char *name = x->u.func.name.name;
    int loc = x->location, rc;
    if (nd != no) {
        struct sbuf t;
        sbuf_init(&t);
        for (int i = 0; i < nd + no; i++) {
            if (i)
                sbuf_puts(&t, ", ");
            sql_type_format(xs[i]->type == SQL_T_UNKNOWN ? SQL_T_TEXT : xs[i]->type, -1, &t);
        }
        rc = eng__err(e, loc, ERR_NOTFOUND, "42883",
                      "function %s(%.*s) does not exist" ENG_HINT_SEP
                      "To use the hypothetical-set aggregate %s, the number of hypothetical "
                      "direct arguments (here %d) must match the number of ordering columns "
                      "(here %d).",
                      name, (int)t.len, t.data ? t.data : "", name, nd, no);
        sbuf_free(&t);
        return rc;
    }
    if (x->u.func.over != NULL)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "OVER is not supported for ordered-set aggregate %s", name);
    if (s->in_agg_arg)
        return eng__err(e, loc, ERR_INVAL, "42803", "aggregate function calls cannot be nested");
    if (!s->allow_aggs)
        return eng__err(e, loc, ERR_INVAL, "42803", "aggregate functions are not allowed in %s",
                        s->agg_forbidden ? s->agg_forbidden : "this context");
    if (nd > 31)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "hypothetical-set aggregates of more than 31 columns are not supported");
    struct bx **keys = mem_alloc0(b->ctx, sizeof *keys * (size_t)(no + 1));
    struct bx **dir = mem_alloc0(b->ctx, sizeof *dir * (size_t)(nd + 2));
    int64_t flags = 0;
    for (int i = 0; i < nd; i++) {
        struct bx *pair[2] = {xs[nd + i], xs[i]};
        uint32_t t;
        if ((rc = eng__common_type(pair, 2, "WITHIN GROUP", &t, e)) != 0)
            return rc;
        if ((rc = eng__coerce(b, xs[nd + i], t, -1, COERCE_IMPLICIT, &keys[i], e)) != 0 ||
            (rc = eng__coerce(b, xs[i], t, -1, COERCE_IMPLICIT, &dir[i], e)) != 0)
            return rc;
        const struct sql_sortby *sb = x->u.func.order.items[i];
        if (sb->dir == SQL_SORT_USING && !eng__agg_order_using_ok(sb))
            return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                            "ORDER BY ... USING in aggregate calls is not supported");
        bool desc = sb->dir == SQL_SORT_DESC ||
                    (sb->dir == SQL_SORT_USING && strcmp(sb->using_op, ">") == 0);
        bool nf = sb->nulls == SQL_NULLS_DEFAULT ? desc : sb->nulls == SQL_NULLS_FIRST;
        flags |= (int64_t)(desc ? 1 : 0) << (2 * i);
        flags |= (int64_t)(nf ? 1 : 0) << (2 * i + 1);
    }
    struct sql_value fv = sql_int8(flags);
    dir[nd] = eng__const(b->ctx, &fv, -1);
    const struct sql_agg_def *def = NULL;
    for (size_t i = 0; i < sizeof hypo_defs / sizeof hypo_defs[0]; i++)
        if (strcmp(hypo_defs[i].name, name) == 0)
            def = &hypo_defs[i];
    struct bx_aggref *ref = mem_alloc0(b->ctx, sizeof *ref);
    ref->def = def;
    ref->name = name;
    ref->arg = record_of(b, keys, no, loc);
    ref->arg2 = record_of(b, dir, nd + 1, loc);
    if (x->u.func.filter != NULL) {
        const char *wf = s->win_forbidden;
        bool saved = s->in_agg_arg;
        s->win_forbidden = "FILTER";
        s->in_agg_arg = true;
        rc = eng__bind_bool(b, s, x->u.func.filter, "FILTER", &ref->filter, e);
        s->in_agg_arg = saved;
        s->win_forbidden = wf;
        if (rc != 0)
            return rc;
    }
    return add_agg(b, s, ref, def->ret, loc, out);
}

int eng__bind_ordset(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                     struct err *e)
{
    const char *name = x->u.func.name.name;
    int loc = x->location;
    int nd = x->u.func.args.n;
    int no = x->u.func.within_group ? x->u.func.order.n : 0;
    struct bx **xs = mem_alloc0(b->ctx, sizeof *xs * (size_t)(nd + no + 1));
    bool saved = s->in_agg_arg;
    s->in_agg_arg = true;
    int rc = 0;
    for (int i = 0; i < nd && rc == 0; i++)
        rc = eng__bind_expr(b, s, x->u.func.args.items[i], &xs[i], e);
    for (int i = 0; i < no && rc == 0; i++) {
        const struct sql_sortby *sb = x->u.func.order.items[i];
        rc = eng__bind_expr(b, s, sb->expr, &xs[nd + i], e);
    }
    s->in_agg_arg = saved;
    if (rc != 0)
        return rc;
    if (!x->u.func.within_group) {
        bool full =
            (strcmp(name, "mode") == 0 && nd == 1) || (strcmp(name, "mode") != 0 && nd == 2);
        if (full && x->u.func.over == NULL)
            return eng__err(e, loc, ERR_INVAL, "42809",
                            "WITHIN GROUP is required for ordered-set aggregate %s", name);
        return no_function(name, xs, nd, loc, e);
    }
    if (!is_ordset(name)) {
        if (is_hypothetical(name))
            return bind_hypo(b, s, x, xs, nd, no, out, e);
        if (!sql_agg_exists(name))
            return no_function(name, xs, nd + no, loc, e);
        if (nd + no <= 2) {
            uint32_t types[2];
            const struct sql_agg_def *d;
            uint32_t cast_to;
            for (int i = 0; i < nd + no; i++)
                types[i] = xs[i]->type;
            rc = sql_agg_lookup(name, types, nd + no, false, &d, &cast_to, e);
            if (rc != 0) {
                eng__set_error_location(loc);
                return rc;
            }
            return eng__err(e, loc, ERR_INVAL, "42809",
                            "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP",
                            name);
        }
        return no_function(name, xs, nd + no, loc, e);
    }
    if (x->u.func.over != NULL)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "OVER is not supported for ordered-set aggregate %s", name);
    bool mode = strcmp(name, "mode") == 0;
    bool cont = strcmp(name, "percentile_cont") == 0;
    if (no != 1 || nd != (mode ? 0 : 1))
        return no_function(name, xs, nd + no, loc, e);
    if (s->in_agg_arg)
        return eng__err(e, loc, ERR_INVAL, "42803", "aggregate function calls cannot be nested");
    if (!s->allow_aggs)
        return eng__err(e, loc, ERR_INVAL, "42803", "aggregate functions are not allowed in %s",
                        s->agg_forbidden ? s->agg_forbidden : "this context");
    struct bx *direct = NULL, *arg = xs[nd];
    uint32_t rettype;
    const struct sql_agg_def *def;
    bool arr = false;
    if (!mode) {
        direct = xs[0];
        uint32_t f8a = sql_array_of(SQL_T_FLOAT8);
        /* a literal is float8 (the only candidate): its input error stands */
        if (direct->type == SQL_T_UNKNOWN &&
            (rc = eng__coerce(b, direct, SQL_T_FLOAT8, -1, COERCE_IMPLICIT, &direct, e)) != 0)
            return rc;
        arr = sql_array_elemtype(direct->type) != 0;
        if (!try_coerce(b, direct, arr ? f8a : SQL_T_FLOAT8, &direct))
            return no_function(name, xs, 2, loc, e);
    }
    if (cont) {
        if (arg->type == SQL_T_INTERVAL) {
            def = &os_defs[arr ? 5 : 1];
            rettype = SQL_T_INTERVAL;
        } else if (try_coerce(b, arg, SQL_T_FLOAT8, &arg)) {
            def = &os_defs[arr ? 4 : 0];
            rettype = SQL_T_FLOAT8;
        } else {
            return no_function(name, xs, 2, loc, e);
        }
    } else {
        if ((rc = eng__resolve_unknown(b, arg, &arg, e)) != 0)
            return rc;
        def = &os_defs[mode ? 3 : arr ? 6 : 2];
        rettype = arg->type;
    }
    if (arr) {
        rettype = sql_array_of(rettype);
        if (rettype == 0)
            return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                            "%s of an array of type %s is not supported", name, "this type");
    }
    if (mode) {
        struct sql_value t = sql_bool(true);
        direct = eng__const(b->ctx, &t, -1);
    }
    struct bx_aggref *ref = mem_alloc0(b->ctx, sizeof *ref);
    ref->def = def;
    ref->name = name;
    ref->arg = arg;
    ref->arg2 = direct;
    ref->okeys = mem_alloc0(b->ctx, sizeof *ref->okeys);
    ref->odesc = mem_alloc0(b->ctx, sizeof *ref->odesc);
    ref->onf = mem_alloc0(b->ctx, sizeof *ref->onf);
    const struct sql_sortby *sb = x->u.func.order.items[0];
    if (sb->dir == SQL_SORT_USING && !eng__agg_order_using_ok(sb))
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "ORDER BY ... USING in aggregate calls is not supported");
    bool desc =
        sb->dir == SQL_SORT_DESC || (sb->dir == SQL_SORT_USING && strcmp(sb->using_op, ">") == 0);
    ref->okeys[0] = arg;
    ref->odesc[0] = desc;
    ref->onf[0] = sb->nulls == SQL_NULLS_DEFAULT ? desc : sb->nulls == SQL_NULLS_FIRST;
    ref->nokeys = 1;
    if (x->u.func.filter != NULL) {
        const char *wf = s->win_forbidden;
        s->win_forbidden = "FILTER";
        s->in_agg_arg = true;
        rc = eng__bind_bool(b, s, x->u.func.filter, "FILTER", &ref->filter, e);
        s->in_agg_arg = saved;
        s->win_forbidden = wf;
        if (rc != 0)
            return rc;
    }
    if (s->naggs == s->aggcap) {
        int nc = s->aggcap ? s->aggcap * 2 : 8;
        s->aggs = mem_realloc(b->ctx, s->aggs, sizeof *s->aggs * (size_t)s->aggcap,
                              sizeof *s->aggs * (size_t)nc);
        s->aggcap = nc;
    }
    struct bx *r = mem_alloc0(b->ctx, sizeof *r);
    r->kind = BX_AGG;
    r->type = rettype;
    r->typmod = -1;
    r->location = loc;
    r->u.agg.idx = s->naggs;
    r->u.agg.ref = ref;
    s->aggs[s->naggs++] = ref;
    *out = r;
    return 0;
}

/* Without GROUP BY there is always one group, so a constant fraction out of
 * range fails even over no rows, as PostgreSQL's final function checks it
 * first. */
int eng__ordset_check_const(struct scope *s, struct err *e)
{
    for (int t = 0; t < s->naggs; t++) {
        const struct bx_aggref *a = s->aggs[t];
        if (a->def < &os_defs[0] || a->def >= &os_defs[sizeof os_defs / sizeof os_defs[0]] ||
            a->arg2 == NULL || a->arg2->kind != BX_CONST || a->arg2->u.c.null ||
            a->def->final == os_mode_final)
            continue;
        const struct sql_value *v = &a->arg2->u.c;
        if (sql_array_elemtype(v->type) == 0) {
            if (v->u.f < 0 || v->u.f > 1 || isnan(v->u.f))
                return bad_fraction(v->u.f, e);
            continue;
        }
        for (int i = 0; i < v->u.arr->nitems; i++) {
            const struct sql_value *f = &v->u.arr->items[i];
            if (!f->null && (f->u.f < 0 || f->u.f > 1 || isnan(f->u.f)))
                return bad_fraction(f->u.f, e);
        }
    }
    return 0;
}

static bool is_direct_def(const struct sql_agg_def *d)
{
    return (d >= &os_defs[0] && d < &os_defs[sizeof os_defs / sizeof os_defs[0]]) ||
           (d >= &hypo_defs[0] && d < &hypo_defs[sizeof hypo_defs / sizeof hypo_defs[0]]);
}

int eng__ordset_check_direct(struct binder *b, struct scope *s, struct bx **groups, int ng,
                             struct err *e)
{
    for (int t = 0; t < s->naggs; t++) {
        const struct bx_aggref *a = s->aggs[t];
        if (!is_direct_def(a->def) || a->arg2 == NULL || !eng__bx_walk(a->arg2, col_walk, NULL))
            continue;
        struct bx *tmp;
        int rc = eng__regroup_expr(b, groups, ng, a->arg2, &tmp, e);
        if (rc != 0) {
            size_t len = strlen(e->msg);
            snprintf(e->msg + len, sizeof e->msg - len,
                     ENG_DETAIL_SEP
                     "Direct arguments of an ordered-set aggregate must use only grouped "
                     "columns.");
            return rc;
        }
    }
    return 0;
}

struct bx_aggref **eng__ordset_for_set(struct binder *b, struct bx_aggref **aggs, int naggs,
                                       struct bx **nullg, int nnullg)
{
    struct bx_aggref **out = aggs;
    for (int t = 0; t < naggs && nnullg > 0; t++) {
        const struct bx_aggref *a = aggs[t];
        if (!is_direct_def(a->def) || a->arg2 == NULL || !eng__bx_walk(a->arg2, col_walk, NULL))
            continue;
        struct bx *d;
        struct err e2 = {0};
        if (eng__regroup_nullify(b, nullg, nnullg, a->arg2, &d, &e2) != 0 || d == a->arg2)
            continue;
        if (out == aggs) {
            out = mem_alloc(b->ctx, sizeof *out * (size_t)naggs);
            memcpy(out, aggs, sizeof *out * (size_t)naggs);
        }
        struct bx_aggref *c = mem_alloc(b->ctx, sizeof *c);
        *c = *a;
        c->arg2 = d;
        out[t] = c;
    }
    return out;
}
