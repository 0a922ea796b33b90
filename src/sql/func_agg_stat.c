/* func_agg_stat.c — more built-in aggregates, consulted by sql_agg_lookup
 * after the core table:
 *   bit_and / bit_or / bit_xor (int2|int4|int8) -> the input type;
 *   the two-argument statistics of PostgreSQL 15 over (float8 Y, float8 X):
 *   corr, covar_pop, covar_samp, regr_avgx, regr_avgy, regr_count (int8),
 *   regr_intercept, regr_r2, regr_slope, regr_sxx, regr_sxy, regr_syy.
 * The statistics accumulate as PostgreSQL's float8_regr_accum does
 * (Youngs-Cramer), so results agree to the last bit; a row with either
 * argument NULL is skipped.
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/array.h"
#include "sql/func_int.h"

#include <math.h>
#include <string.h>

static void zero_init(void *st, struct mem_ctx *ctx)
{
}

/* ---- bit_and / bit_or / bit_xor ---- */

struct st_bits {
    bool any;
    int64_t v;
};

enum { BITS_AND, BITS_OR, BITS_XOR };

static int bits_step(struct st_bits *s, const struct sql_value *v, int op)
{
    int64_t x = v->u.i;
    if (!s->any)
        s->v = x;
    else if (op == BITS_AND)
        s->v &= x;
    else if (op == BITS_OR)
        s->v |= x;
    else
        s->v ^= x;
    s->any = true;
    return 0;
}

static int band_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return bits_step(st, v, BITS_AND);
}

static int bor_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return bits_step(st, v, BITS_OR);
}

static int bxor_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    return bits_step(st, v, BITS_XOR);
}

static int bits_final(struct st_bits *s, uint32_t type, struct sql_value *out)
{
    if (!s->any) {
        *out = sql_null(type);
        return 0;
    }
    if (type == SQL_T_INT2)
        *out = sql_int2((int16_t)s->v);
    else if (type == SQL_T_INT4)
        *out = sql_int4((int32_t)s->v);
    else
        *out = sql_int8(s->v);
    return 0;
}

static int bits2_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return bits_final(st, SQL_T_INT2, out);
}

static int bits4_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return bits_final(st, SQL_T_INT4, out);
}

static int bits8_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return bits_final(st, SQL_T_INT8, out);
}

/* ---- regression statistics (float8_regr_accum and its finals) ---- */

struct st_regr {
    double n, sx, sxx, sy, syy, sxy;
};

static int regr_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_regr *s = st;
    if (v[1].null)
        return 0;
    double y = v[0].u.f, x = v[1].u.f;
    double n = s->n + 1.0, sx = s->sx + x, sy = s->sy + y;
    double sxx = s->sxx, syy = s->syy, sxy = s->sxy;
    if (s->n > 0.0) {
        double tx = x * n - sx, ty = y * n - sy;
        double scale = 1.0 / (n * s->n);
        sxx += tx * tx * scale;
        syy += ty * ty * scale;
        sxy += tx * ty * scale;
        if (isinf(sx) || isinf(sxx) || isinf(sy) || isinf(syy) || isinf(sxy)) {
            if (((isinf(sx) || isinf(sxx)) && !isinf(s->sx) && !isinf(x)) ||
                ((isinf(sy) || isinf(syy)) && !isinf(s->sy) && !isinf(y)) ||
                (isinf(sxy) && !isinf(s->sx) && !isinf(x) && !isinf(s->sy) && !isinf(y)))
                return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
            if (isinf(sxx))
                sxx = NAN;
            if (isinf(syy))
                syy = NAN;
            if (isinf(sxy))
                sxy = NAN;
        }
    } else {
        if (isnan(x) || isinf(x))
            sxx = sxy = NAN;
        if (isnan(y) || isinf(y))
            syy = sxy = NAN;
    }
    s->n = n;
    s->sx = sx;
    s->sy = sy;
    s->sxx = sxx;
    s->syy = syy;
    s->sxy = sxy;
    return 0;
}

enum {
    R_CORR,
    R_COVAR_POP,
    R_COVAR_SAMP,
    R_AVGX,
    R_AVGY,
    R_INTERCEPT,
    R_R2,
    R_SLOPE,
    R_SXX,
    R_SXY,
    R_SYY
};

static int regr_final(const struct st_regr *s, int kind, struct sql_value *out)
{
    *out = sql_null(SQL_T_FLOAT8);
    if (s->n < 1.0 || (kind == R_COVAR_SAMP && s->n < 2.0))
        return 0;
    double r;
    switch (kind) {
    case R_CORR:
        if (s->sxx == 0 || s->syy == 0)
            return 0;
        r = s->sxy / sqrt(s->sxx * s->syy);
        break;
    case R_COVAR_POP:
        r = s->sxy / s->n;
        break;
    case R_COVAR_SAMP:
        r = s->sxy / (s->n - 1.0);
        break;
    case R_AVGX:
        r = s->sx / s->n;
        break;
    case R_AVGY:
        r = s->sy / s->n;
        break;
    case R_INTERCEPT:
        if (s->sxx == 0)
            return 0;
        r = (s->sy - s->sx * s->sxy / s->sxx) / s->n;
        break;
    case R_R2:
        if (s->sxx == 0)
            return 0;
        r = s->syy == 0 ? 1.0 : (s->sxy * s->sxy) / (s->sxx * s->syy);
        break;
    case R_SLOPE:
        if (s->sxx == 0)
            return 0;
        r = s->sxy / s->sxx;
        break;
    case R_SXX:
        r = s->sxx;
        break;
    case R_SXY:
        r = s->sxy;
        break;
    default:
        r = s->syy;
        break;
    }
    *out = sql_float8(r);
    return 0;
}

#define REGR_FINAL(nm, kind)                                                                   \
    static int nm##_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e) \
    {                                                                                          \
        return regr_final(st, (kind), out);                                                    \
    }

REGR_FINAL(corr, R_CORR)
REGR_FINAL(covar_pop, R_COVAR_POP)
REGR_FINAL(covar_samp, R_COVAR_SAMP)
REGR_FINAL(regr_avgx, R_AVGX)
REGR_FINAL(regr_avgy, R_AVGY)
REGR_FINAL(regr_intercept, R_INTERCEPT)
REGR_FINAL(regr_r2, R_R2)
REGR_FINAL(regr_slope, R_SLOPE)
REGR_FINAL(regr_sxx, R_SXX)
REGR_FINAL(regr_sxy, R_SXY)
REGR_FINAL(regr_syy, R_SYY)

static int regr_count_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    *out = sql_int8((int64_t)((struct st_regr *)st)->n);
    return 0;
}

#define BITS(nm, t, stp, fin)                                                       \
    {                                                                               \
        .name = (nm), .arg = (t), .ret = (t), .state_size = sizeof(struct st_bits), \
        .init = zero_init, .step = (stp), .final = (fin)                            \
    }
#define BITS_ALL(nm, stp)                                                           \
    BITS(nm, SQL_T_INT2, stp, bits2_final), BITS(nm, SQL_T_INT4, stp, bits4_final), \
        BITS(nm, SQL_T_INT8, stp, bits8_final)
#define REGR(nm, r, fin)                                                                           \
    {                                                                                              \
        .name = (nm), .arg = SQL_T_FLOAT8, .arg2 = SQL_T_FLOAT8, .ret = (r),                       \
        .state_size = sizeof(struct st_regr), .init = zero_init, .step = regr_step, .final = (fin) \
    }

const struct sql_agg_def sql__stat_aggs[] = {
    BITS_ALL("bit_and", band_step),
    BITS_ALL("bit_or", bor_step),
    BITS_ALL("bit_xor", bxor_step),
    REGR("corr", SQL_T_FLOAT8, corr_final),
    REGR("covar_pop", SQL_T_FLOAT8, covar_pop_final),
    REGR("covar_samp", SQL_T_FLOAT8, covar_samp_final),
    REGR("regr_avgx", SQL_T_FLOAT8, regr_avgx_final),
    REGR("regr_avgy", SQL_T_FLOAT8, regr_avgy_final),
    REGR("regr_count", SQL_T_INT8, regr_count_final),
    REGR("regr_intercept", SQL_T_FLOAT8, regr_intercept_final),
    REGR("regr_r2", SQL_T_FLOAT8, regr_r2_final),
    REGR("regr_slope", SQL_T_FLOAT8, regr_slope_final),
    REGR("regr_sxx", SQL_T_FLOAT8, regr_sxx_final),
    REGR("regr_sxy", SQL_T_FLOAT8, regr_sxy_final),
    REGR("regr_syy", SQL_T_FLOAT8, regr_syy_final),
};

const size_t sql__stat_naggs = sizeof(sql__stat_aggs) / sizeof(sql__stat_aggs[0]);

/* ---- the transition and combine functions as SQL functions ---- */

/* PostgreSQL's check_float8_array: a one-dimensional float8[] of n items
 * without NULLs, copied into st. */
static int f8_state(const struct sql_value *v, int n, const char *caller, double *st, struct err *e)
{
    const struct sql_array *a = v->u.arr;
    bool ok = a != NULL && a->ndim == 1 && a->nitems == n;
    for (int i = 0; ok && i < n; i++)
        ok = !a->items[i].null;
    if (!ok)
        return err_set_state(e, ERR_INVAL, "XX000", "%s: expected %d-element float8 array", caller,
                             n);
    for (int i = 0; i < n; i++)
        st[i] = a->items[i].u.f;
    return 0;
}

static void f8_result(struct sql_fcall *c, const double *st, int n, struct sql_value *out)
{
    struct sql_array *a = sql_array_new(c->ctx, SQL_T_FLOAT8, n);
    for (int i = 0; i < n; i++)
        a->items[i] = sql_float8(st[i]);
    *out = sql_array_value(a);
}

int sql__fn_float8_accum(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    double st[3];
    int rc = f8_state(&a[0], 3, "float8_accum", st, e);
    if (rc != 0)
        return rc;
    double x = a[1].u.f, N = st[0] + 1.0, sx = st[1] + x, sxx = st[2];
    if (st[0] > 0.0) {
        double tmp = x * N - sx;
        sxx += tmp * tmp / (N * st[0]);
        if (isinf(sx) || isinf(sxx)) {
            if (!isinf(st[1]) && !isinf(x))
                return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
            sxx = NAN;
        }
    } else if (isnan(x) || isinf(x)) {
        sxx = NAN;
    }
    double r[3] = {N, sx, sxx};
    f8_result(c, r, 3, out);
    return 0;
}

int sql__fn_float8_combine(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    double s1[3], s2[3];
    int rc = f8_state(&a[0], 3, "float8_combine", s1, e);
    if (rc == 0)
        rc = f8_state(&a[1], 3, "float8_combine", s2, e);
    if (rc != 0)
        return rc;
    double r[3];
    if (s1[0] == 0.0) {
        memcpy(r, s2, sizeof r);
    } else if (s2[0] == 0.0) {
        memcpy(r, s1, sizeof r);
    } else {
        double N = s1[0] + s2[0], tmp = s1[1] / s1[0] - s2[1] / s2[0];
        r[0] = N;
        r[1] = s1[1] + s2[1];
        r[2] = s1[2] + s2[2] + s1[0] * s2[0] * tmp * tmp / N;
        if (isinf(r[1]) && !isinf(s1[1]) && !isinf(s2[1]))
            return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
    }
    f8_result(c, r, 3, out);
    return 0;
}

int sql__fn_float8_regr_accum(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    double st[6];
    int rc = f8_state(&a[0], 6, "float8_regr_accum", st, e);
    if (rc != 0)
        return rc;
    struct st_regr s = {st[0], st[1], st[2], st[3], st[4], st[5]};
    if ((rc = regr_step(&s, c->ctx, &a[1], e)) != 0)
        return rc;
    double r[6] = {s.n, s.sx, s.sxx, s.sy, s.syy, s.sxy};
    f8_result(c, r, 6, out);
    return 0;
}

int sql__fn_float8_regr_combine(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    (void)n;
    double s1[6], s2[6];
    int rc = f8_state(&a[0], 6, "float8_regr_combine", s1, e);
    if (rc == 0)
        rc = f8_state(&a[1], 6, "float8_regr_combine", s2, e);
    if (rc != 0)
        return rc;
    double r[6];
    if (s1[0] == 0.0) {
        memcpy(r, s2, sizeof r);
    } else if (s2[0] == 0.0) {
        memcpy(r, s1, sizeof r);
    } else {
        double N = s1[0] + s2[0];
        double tx = s1[1] / s1[0] - s2[1] / s2[0], ty = s1[3] / s1[0] - s2[3] / s2[0];
        r[0] = N;
        r[1] = s1[1] + s2[1];
        r[2] = s1[2] + s2[2] + s1[0] * s2[0] * tx * tx / N;
        r[3] = s1[3] + s2[3];
        r[4] = s1[4] + s2[4] + s1[0] * s2[0] * ty * ty / N;
        r[5] = s1[5] + s2[5] + s1[0] * s2[0] * tx * ty / N;
        if ((isinf(r[1]) && !isinf(s1[1]) && !isinf(s2[1])) ||
            (isinf(r[3]) && !isinf(s1[3]) && !isinf(s2[3])))
            return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
    }
    f8_result(c, r, 6, out);
    return 0;
}
