/* func_agg.c — the built-in aggregates: count, sum, avg, min, max, bool_and,
 * bool_or, every, string_agg, with PostgreSQL 15's argument and result
 * types:
 *   sum(int2|int4) -> int8, sum(int8|numeric) -> numeric (exact, through
 *   sql_num_agg), sum(float4) -> float4, sum(float8) -> float8,
 *   sum(interval) -> interval; avg(int2|int4|int8|numeric) -> numeric,
 *   avg(float4|float8) -> float8, avg(interval) -> interval.
 * State is a fixed struct zeroed by the caller and living in the group's
 * context; values kept across rows (min/max, string_agg) are copied there.
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/func_int.h"

#include <math.h>
#include <string.h>

/* ---- count ---- */

struct st_count {
    int64_t n;
};

static void count_init(void *st, struct mem_ctx *ctx)
{
}

static int count_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    ((struct st_count *)st)->n++;
    return 0;
}

static int count_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    *out = sql_int8(((struct st_count *)st)->n);
    return 0;
}

/* ---- sum / avg of integers into int8 (sum(int2), sum(int4)) ---- */

struct st_isum {
    bool any;
    int64_t sum;
    int64_t n;
};

static int isum_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_isum *s = st;
    if (__builtin_add_overflow(s->sum, v->u.i, &s->sum))
        return err_set_state(e, ERR_INVAL, "22003", "bigint out of range");
    s->any = true;
    s->n++;
    return 0;
}

static int isum_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_isum *s = st;
    *out = s->any ? sql_int8(s->sum) : sql_null(SQL_T_INT8);
    return 0;
}

/* ---- exact sums and averages (sql_num_agg) ---- */

struct st_num {
    struct sql_num_agg *agg;
};

static void num_init(void *st, struct mem_ctx *ctx)
{
    ((struct st_num *)st)->agg = sql_num_agg_new(ctx);
}

static int num_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_num *s = st;
    if (v->type == SQL_T_NUMERIC)
        sql_num_agg_add(s->agg, &v->u.n);
    else
        sql_num_agg_add_int64(s->agg, v->u.i);
    return 0;
}

static int num_final_common(void *st, struct mem_ctx *ctx, struct sql_value *out, bool avg,
                            struct err *e)
{
    struct st_num *s = st;
    bool is_null = false;
    struct sql_num r;
    int rc = avg ? sql_num_agg_avg(s->agg, ctx, &r, &is_null, e)
                 : sql_num_agg_sum(s->agg, ctx, &r, &is_null, e);
    if (rc < 0)
        return rc;
    *out = sql_null(SQL_T_NUMERIC);
    if (!is_null) {
        out->null = false;
        out->u.n = r;
    }
    return 0;
}

static int num_sum_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return num_final_common(st, ctx, out, false, e);
}

static int num_avg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return num_final_common(st, ctx, out, true, e);
}

/* ---- float sums and averages ---- */

struct st_flt {
    bool any;
    double sum;
    int64_t n;
};

static int flt_add(struct st_flt *s, double x, bool single, struct err *e)
{
    double r = single ? (double)((float)s->sum + (float)x) : s->sum + x;
    if (isinf(r) && !isinf(s->sum) && !isinf(x))
        return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
    s->sum = r;
    s->any = true;
    s->n++;
    return 0;
}

static int f4sum_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return flt_add(st, v->u.f, true, e);
}

static int f8sum_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return flt_add(st, v->u.f, false, e);
}

static int f4sum_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_flt *s = st;
    *out = sql_null(SQL_T_FLOAT4);
    if (s->any) {
        out->null = false;
        out->u.f = (double)(float)s->sum;
    }
    return 0;
}

static int f8sum_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_flt *s = st;
    *out = s->any ? sql_float8(s->sum) : sql_null(SQL_T_FLOAT8);
    return 0;
}

static int favg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_flt *s = st;
    *out = s->any ? sql_float8(s->sum / (double)s->n) : sql_null(SQL_T_FLOAT8);
    return 0;
}

/* ---- interval sum / avg ---- */

struct st_iv {
    bool any;
    struct sql_interval sum;
    int64_t n;
};

static int iv_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_iv *s = st;
    struct sql_interval r;
    int rc = sql_interval_pl(&s->sum, &v->u.iv, &r, e);
    if (rc < 0)
        return rc;
    s->sum = r;
    s->any = true;
    s->n++;
    return 0;
}

static int iv_sum_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_iv *s = st;
    *out = sql_null(SQL_T_INTERVAL);
    if (s->any) {
        out->null = false;
        out->u.iv = s->sum;
    }
    return 0;
}

static int iv_avg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_iv *s = st;
    *out = sql_null(SQL_T_INTERVAL);
    if (!s->any)
        return 0;
    struct sql_interval r;
    int rc = sql_interval_div(&s->sum, (double)s->n, &r, e);
    if (rc < 0)
        return rc;
    out->null = false;
    out->u.iv = r;
    return 0;
}

/* ---- min / max ---- */

struct st_minmax {
    bool any;
    struct sql_value v;
};

static int minmax_step(struct st_minmax *s, struct mem_ctx *ctx, const struct sql_value *v,
                       bool want_max)
{
    if (s->any) {
        /* Ties take the new value, as PostgreSQL's *_larger / *_smaller
         * do (min(1.50, 1.5) is 1.5). */
        int r = sql_value_cmp(v, &s->v);
        if (want_max ? r < 0 : r > 0)
            return 0;
    }
    sql_value_copy(ctx, v, &s->v);
    s->any = true;
    return 0;
}

static int min_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return minmax_step(st, ctx, v, false);
}

static int max_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return minmax_step(st, ctx, v, true);
}

/* The result type is the aggregate's: the state remembers the input's. */
static int minmax_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_minmax *s = st;
    if (!s->any) {
        *out = sql_null(SQL_T_INVALID);
        return 0;
    }
    *out = s->v;
    return 0;
}

const struct sql_agg_def sql__array_minmax_defs[2] = {
    {.name = "min",
     .arg = SQL_T_ANY,
     .ret = SQL_T_ANY,
     .state_size = sizeof(struct st_minmax),
     .init = count_init,
     .step = min_step,
     .final = minmax_final},
    {.name = "max",
     .arg = SQL_T_ANY,
     .ret = SQL_T_ANY,
     .state_size = sizeof(struct st_minmax),
     .init = count_init,
     .step = max_step,
     .final = minmax_final},
};

bool sql_agg_is_array_minmax(const struct sql_agg_def *d)
{
    return d == &sql__array_minmax_defs[0] || d == &sql__array_minmax_defs[1];
}

/* ---- bool_and / bool_or ---- */

struct st_bool {
    bool any;
    bool v;
};

static int band_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_bool *s = st;
    s->v = s->any ? (s->v && v->u.b) : v->u.b;
    s->any = true;
    return 0;
}

static int bor_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_bool *s = st;
    s->v = s->any ? (s->v || v->u.b) : v->u.b;
    s->any = true;
    return 0;
}

static int bool_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_bool *s = st;
    *out = s->any ? sql_bool(s->v) : sql_null(SQL_T_BOOL);
    return 0;
}

/* ---- string_agg ---- */

struct st_str {
    bool any;
    bool bytea;
    char *p;
    size_t len, cap;
};

static int str_append(struct st_str *s, struct mem_ctx *ctx, const char *p, size_t n, struct err *e)
{
    if (n == 0)
        return 0;
    if (s->len + n > SQL_MAX_ALLOC)
        return sql_enlarge_error(e, s->len, n);
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (cap < s->len + n)
            cap *= 2;
        s->p = mem_realloc(ctx, s->p, s->cap, cap);
        s->cap = cap;
    }
    memcpy(s->p + s->len, p, n);
    s->len += n;
    return 0;
}

static int str_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_str *s = st;
    int rc = 0;
    if (s->any && !v[1].null)
        rc = str_append(s, ctx, v[1].u.s.p, v[1].u.s.len, e);
    if (rc == 0)
        rc = str_append(s, ctx, v[0].u.s.p, v[0].u.s.len, e);
    s->any = true;
    s->bytea = v[0].type == SQL_T_BYTEA;
    return rc;
}

static int str_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct st_str *s = st;
    if (!s->any) {
        *out = sql_null(s->bytea ? SQL_T_BYTEA : SQL_T_TEXT);
        return 0;
    }
    *out = sql_text(s->p ? s->p : "", s->len);
    if (s->bytea)
        out->type = SQL_T_BYTEA;
    return 0;
}

/* ---- variance and standard deviation ----
 * numeric (int2/int4/int8/numeric inputs): PostgreSQL's
 * numeric_stddev_internal over exact sums of x and x*x (numeric.c
 * sql_num_agg_variance):
 *   var = (N * sumX2 - sumX * sumX) / (N * (N - 1))   (N * N for _pop)
 * divided at select_div_scale, stddev its square root at the same scale. float (float4/float8
 * inputs): float8_accum's Youngs-Cramer running sum of squared deviations. */

struct st_var {
    int64_t n;
    struct sql_num_agg *sx, *sx2;
    double fn, fsx, fsxx;
};

static void var_init(void *st, struct mem_ctx *ctx)
{
    struct st_var *s = st;
    s->sx = sql_num_agg_new(ctx);
    s->sx2 = sql_num_agg_new(ctx);
}

static int nvar_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)e;
    struct st_var *s = st;
    struct sql_num x;
    if (v->type == SQL_T_NUMERIC)
        x = v->u.n;
    else
        sql_num_from_int64(ctx, v->u.i, &x);
    sql_num_agg_add(s->sx, &x);
    sql_num_agg_add_square(s->sx2, &x);
    s->n++;
    return 0;
}

static int nvar_final(struct st_var *s, struct mem_ctx *ctx, bool sample, bool sd,
                      struct sql_value *out, struct err *e)
{
    *out = sql_null(SQL_T_NUMERIC);
    bool isnull = true;
    struct sql_num r;
    int rc = sql_num_agg_variance(s->sx, s->sx2, sample, sd, ctx, &r, &isnull, e);
    if (rc < 0 || isnull)
        return rc;
    out->null = false;
    out->u.n = r;
    return 0;
}

static int fvar_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_var *s = st;
    double x = v->u.f;
    double n0 = s->fn;
    double n = n0 + 1.0;
    double sx = s->fsx + x;
    double sxx = s->fsxx;
    if (n0 > 0.0) {
        double tmp = x * n - sx;
        sxx += tmp * tmp / (n * n0);
        if (isinf(sx) || isinf(sxx)) {
            if (!isinf(s->fsx) && !isinf(x))
                return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
            sxx = NAN;
        }
    } else if (isnan(x) || isinf(x)) {
        sxx = NAN;
    }
    s->fn = n;
    s->fsx = sx;
    s->fsxx = sxx;
    return 0;
}

static int fvar_final(struct st_var *s, bool sample, bool sd, struct sql_value *out)
{
    *out = sql_null(SQL_T_FLOAT8);
    if (s->fn == 0.0 || (sample && s->fn <= 1.0))
        return 0;
    double r = s->fsxx / (sample ? s->fn - 1.0 : s->fn);
    *out = sql_float8(sd ? sqrt(r) : r);
    return 0;
}

#define VAR_FINALS(nm, sample, sd)                                                              \
    static int nm##_nfinal(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e) \
    {                                                                                           \
        return nvar_final(st, ctx, (sample), (sd), out, e);                                     \
    }                                                                                           \
    static int nm##_ffinal(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e) \
    {                                                                                           \
        return fvar_final(st, (sample), (sd), out);                                             \
    }

VAR_FINALS(var_samp, true, false)
VAR_FINALS(var_pop, false, false)
VAR_FINALS(stddev_samp, true, true)
VAR_FINALS(stddev_pop, false, true)

#define VAR_AGGS(name, fin)                                                                 \
    AGG(name, SQL_T_INT2, SQL_T_NUMERIC, st_var, var_init, nvar_step, fin##_nfinal),        \
        AGG(name, SQL_T_INT4, SQL_T_NUMERIC, st_var, var_init, nvar_step, fin##_nfinal),    \
        AGG(name, SQL_T_INT8, SQL_T_NUMERIC, st_var, var_init, nvar_step, fin##_nfinal),    \
        AGG(name, SQL_T_NUMERIC, SQL_T_NUMERIC, st_var, var_init, nvar_step, fin##_nfinal), \
        AGG(name, SQL_T_FLOAT4, SQL_T_FLOAT8, st_var, var_init, fvar_step, fin##_ffinal),   \
        AGG(name, SQL_T_FLOAT8, SQL_T_FLOAT8, st_var, var_init, fvar_step, fin##_ffinal)

/* ---- the table ---- */

#define AGG(nm, a, r, st, ini, stp, fin)                                                      \
    {                                                                                         \
        .name = (nm), .arg = (a), .ret = (r), .state_size = sizeof(struct st), .init = (ini), \
        .step = (stp), .final = (fin)                                                         \
    }
#define MINMAX(t)                                                        \
    AGG("min", (t), (t), st_minmax, count_init, min_step, minmax_final), \
        AGG("max", (t), (t), st_minmax, count_init, max_step, minmax_final)

const struct sql_agg_def sql__aggs[] = {
    AGG("count", 0, SQL_T_INT8, st_count, count_init, count_step, count_final),
    AGG("count", SQL_T_ANY, SQL_T_INT8, st_count, count_init, count_step, count_final),

    AGG("sum", SQL_T_INT2, SQL_T_INT8, st_isum, count_init, isum_step, isum_final),
    AGG("sum", SQL_T_INT4, SQL_T_INT8, st_isum, count_init, isum_step, isum_final),
    AGG("sum", SQL_T_INT8, SQL_T_NUMERIC, st_num, num_init, num_step, num_sum_final),
    AGG("sum", SQL_T_NUMERIC, SQL_T_NUMERIC, st_num, num_init, num_step, num_sum_final),
    AGG("sum", SQL_T_FLOAT4, SQL_T_FLOAT4, st_flt, count_init, f4sum_step, f4sum_final),
    AGG("sum", SQL_T_FLOAT8, SQL_T_FLOAT8, st_flt, count_init, f8sum_step, f8sum_final),
    AGG("sum", SQL_T_INTERVAL, SQL_T_INTERVAL, st_iv, count_init, iv_step, iv_sum_final),

    AGG("avg", SQL_T_INT2, SQL_T_NUMERIC, st_num, num_init, num_step, num_avg_final),
    AGG("avg", SQL_T_INT4, SQL_T_NUMERIC, st_num, num_init, num_step, num_avg_final),
    AGG("avg", SQL_T_INT8, SQL_T_NUMERIC, st_num, num_init, num_step, num_avg_final),
    AGG("avg", SQL_T_NUMERIC, SQL_T_NUMERIC, st_num, num_init, num_step, num_avg_final),
    AGG("avg", SQL_T_FLOAT4, SQL_T_FLOAT8, st_flt, count_init, f8sum_step, favg_final),
    AGG("avg", SQL_T_FLOAT8, SQL_T_FLOAT8, st_flt, count_init, f8sum_step, favg_final),
    AGG("avg", SQL_T_INTERVAL, SQL_T_INTERVAL, st_iv, count_init, iv_step, iv_avg_final),

    MINMAX(SQL_T_INT2),
    MINMAX(SQL_T_INT4),
    MINMAX(SQL_T_INT8),
    MINMAX(SQL_T_OID),
    MINMAX(SQL_T_FLOAT4),
    MINMAX(SQL_T_FLOAT8),
    MINMAX(SQL_T_NUMERIC),
    MINMAX(SQL_T_TEXT),
    MINMAX(SQL_T_BPCHAR),
    MINMAX(SQL_T_DATE),
    MINMAX(SQL_T_TIME),
    MINMAX(SQL_T_TIMESTAMP),
    MINMAX(SQL_T_TIMESTAMPTZ),
    MINMAX(SQL_T_INTERVAL),
    MINMAX(SQL_T_TIMETZ),
    MINMAX(SQL_T_INET),

    VAR_AGGS("variance", var_samp),
    VAR_AGGS("var_samp", var_samp),
    VAR_AGGS("var_pop", var_pop),
    VAR_AGGS("stddev", stddev_samp),
    VAR_AGGS("stddev_samp", stddev_samp),
    VAR_AGGS("stddev_pop", stddev_pop),

    AGG("bool_and", SQL_T_BOOL, SQL_T_BOOL, st_bool, count_init, band_step, bool_final),
    AGG("bool_or", SQL_T_BOOL, SQL_T_BOOL, st_bool, count_init, bor_step, bool_final),
    AGG("every", SQL_T_BOOL, SQL_T_BOOL, st_bool, count_init, band_step, bool_final),

    {.name = "string_agg",
     .arg = SQL_T_TEXT,
     .arg2 = SQL_T_TEXT,
     .ret = SQL_T_TEXT,
     .state_size = sizeof(struct st_str),
     .init = count_init,
     .step = str_step,
     .final = str_final},
    {.name = "string_agg",
     .arg = SQL_T_BYTEA,
     .arg2 = SQL_T_BYTEA,
     .ret = SQL_T_BYTEA,
     .state_size = sizeof(struct st_str),
     .init = count_init,
     .step = str_step,
     .final = str_final},
};

const size_t sql__naggs = sizeof(sql__aggs) / sizeof(sql__aggs[0]);

int sql__fn_booland_statefunc(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    *out = sql_bool(a[0].u.b && a[1].u.b);
    return 0;
}

int sql__fn_boolor_statefunc(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    *out = sql_bool(a[0].u.b || a[1].u.b);
    return 0;
}
