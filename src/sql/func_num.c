/* func_num.c — arithmetic and math functions of int2/int4/int8, float4/float8
 * and numeric, with PostgreSQL 15's result types and errors (int.c, int8.c,
 * float.c, numeric.c).
 *
 * Integer operators compute in int64 (exact for every int2/int4 pair; int8
 * overflow is caught by the compiler builtins) and then check the range of
 * the declared result type, so the cross-type operators (int4 + int8 ->
 * int8, int2 + int4 -> int4) share one implementation. float4 operators
 * compute in float precision, cross-type and float8 ones in double.
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/env.h"
#include "sql/func_int.h"

#include <errno.h>
#include <math.h>
#include <openssl/rand.h>
#include <string.h>
#include <time.h>

/* ---- integers ---- */

static int int_range(uint32_t t, int64_t v, struct sql_value *out, struct err *e)
{
    if (t == SQL_T_INT2 && (v < INT16_MIN || v > INT16_MAX))
        return err_set_state(e, ERR_INVAL, "22003", "smallint out of range");
    if (t == SQL_T_INT4 && (v < INT32_MIN || v > INT32_MAX))
        return err_set_state(e, ERR_INVAL, "22003", "integer out of range");
    memset(out, 0, sizeof(*out));
    out->type = t;
    out->u.i = v;
    return 0;
}

static int int8_oor(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22003", "bigint out of range");
}

static int div_zero(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22012", "division by zero");
}

int sql__fn_int_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int64_t r;
    if (__builtin_add_overflow(a[0].u.i, a[1].u.i, &r))
        return int8_oor(e);
    return int_range(sql__fn_ret(c), r, out, e);
}

int sql__fn_int_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int64_t r;
    if (__builtin_sub_overflow(a[0].u.i, a[1].u.i, &r))
        return int8_oor(e);
    return int_range(sql__fn_ret(c), r, out, e);
}

int sql__fn_int_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    int64_t r;
    if (__builtin_mul_overflow(a[0].u.i, a[1].u.i, &r))
        return int8_oor(e);
    return int_range(sql__fn_ret(c), r, out, e);
}

int sql__fn_int_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    if (a[1].u.i == 0)
        return div_zero(e);
    if (a[1].u.i == -1) {
        if (a[0].u.i == INT64_MIN)
            return int8_oor(e);
        return int_range(sql__fn_ret(c), -a[0].u.i, out, e);
    }
    return int_range(sql__fn_ret(c), a[0].u.i / a[1].u.i, out, e);
}

int sql__fn_int_mod(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    if (a[1].u.i == 0)
        return div_zero(e);
    if (a[1].u.i == -1)
        return int_range(sql__fn_ret(c), 0, out, e);
    return int_range(sql__fn_ret(c), a[0].u.i % a[1].u.i, out, e);
}

int sql__fn_int_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    if (a[0].u.i == INT64_MIN)
        return int8_oor(e);
    return int_range(sql__fn_ret(c), -a[0].u.i, out, e);
}

int sql__fn_int_up(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return int_range(sql__fn_ret(c), a[0].u.i, out, e);
}

int sql__fn_int_abs(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    if (a[0].u.i == INT64_MIN)
        return int8_oor(e);
    return int_range(sql__fn_ret(c), a[0].u.i < 0 ? -a[0].u.i : a[0].u.i, out, e);
}

int sql__fn_int_and(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return int_range(sql__fn_ret(c), a[0].u.i & a[1].u.i, out, e);
}

int sql__fn_int_or(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return int_range(sql__fn_ret(c), a[0].u.i | a[1].u.i, out, e);
}

int sql__fn_int_xor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return int_range(sql__fn_ret(c), a[0].u.i ^ a[1].u.i, out, e);
}

int sql__fn_int_not(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return int_range(sql__fn_ret(c), ~a[0].u.i, out, e);
}

/* Shifts as PostgreSQL's C code does them on x86-64: int2/int4 in 32 bits
 * (count mod 32, int2 results truncated), int8 in 64 bits (count mod 64). */
static int64_t shift(uint32_t t, int64_t v, int64_t by, bool left)
{
    if (t == SQL_T_INT8) {
        unsigned s = (unsigned)(by & 63);
        return left ? (int64_t)((uint64_t)v << s) : v >> s;
    }
    unsigned s = (unsigned)(by & 31);
    int32_t r = left ? (int32_t)((uint32_t)(int32_t)v << s) : (int32_t)v >> s;
    return t == SQL_T_INT2 ? (int16_t)r : r;
}

int sql__fn_int_shl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    return int_range(t, shift(t, a[0].u.i, a[1].u.i, true), out, e);
}

int sql__fn_int_shr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    return int_range(t, shift(t, a[0].u.i, a[1].u.i, false), out, e);
}

static int oor_of(uint32_t t, struct err *e)
{
    if (t == SQL_T_INT8)
        return int8_oor(e);
    return err_set_state(e, ERR_INVAL, "22003", "integer out of range");
}

/* gcd as int4gcd/int8gcd: the minimum value alone (or with 0 or itself) has
 * no positive result. */
static int gcd64(uint32_t t, int64_t a, int64_t b, int64_t *r, struct err *e)
{
    int64_t min = t == SQL_T_INT8 ? INT64_MIN : INT32_MIN;
    if ((a == min && (b == 0 || b == min)) || (b == min && a == 0))
        return oor_of(t, e);
    /* Work with non-positive values so that min never overflows. */
    if (a > 0)
        a = -a;
    if (b > 0)
        b = -b;
    while (b != 0) {
        int64_t m = b == -1 ? 0 : a % b; /* min % -1 traps */
        a = b;
        b = m;
    }
    if (a == min)
        return oor_of(t, e);
    *r = -a;
    return 0;
}

int sql__fn_int_gcd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    int64_t g;
    int rc = gcd64(t, a[0].u.i, a[1].u.i, &g, e);
    return rc < 0 ? rc : int_range(t, g, out, e);
}

int sql__fn_int_lcm(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    if (a[0].u.i == 0 || a[1].u.i == 0)
        return int_range(t, 0, out, e);
    int64_t g;
    int rc = gcd64(t, a[0].u.i, a[1].u.i, &g, e);
    if (rc < 0)
        return rc;
    int64_t r;
    if (__builtin_mul_overflow(a[0].u.i / g, a[1].u.i, &r) || r == INT64_MIN)
        return oor_of(t, e);
    if (r < 0)
        r = -r;
    if (t != SQL_T_INT8 && r > INT32_MAX)
        return oor_of(t, e);
    return int_range(t, r, out, e);
}

/* ---- floats ---- */

static int overflow(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
}

static int underflow(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22003", "value out of range: underflow");
}

static void set_f(uint32_t t, double v, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = t;
    out->u.f = t == SQL_T_FLOAT4 ? (double)(float)v : v;
}

/* check_float8_val / check_float4_val. */
static int check_f(uint32_t t, double r, bool inf_ok, bool zero_ok, struct sql_value *out,
                   struct err *e)
{
    if (t == SQL_T_FLOAT4)
        r = (float)r;
    if (isinf(r) && !inf_ok)
        return overflow(e);
    if (r == 0.0 && !zero_ok)
        return underflow(e);
    set_f(t, r, out);
    return 0;
}

int sql__fn_flt_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    double x = a[0].u.f, y = a[1].u.f;
    double r = t == SQL_T_FLOAT4 ? (double)((float)x + (float)y) : x + y;
    return check_f(t, r, isinf(x) || isinf(y), true, out, e);
}

int sql__fn_flt_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    double x = a[0].u.f, y = a[1].u.f;
    double r = t == SQL_T_FLOAT4 ? (double)((float)x - (float)y) : x - y;
    return check_f(t, r, isinf(x) || isinf(y), true, out, e);
}

int sql__fn_flt_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    double x = a[0].u.f, y = a[1].u.f;
    double r = t == SQL_T_FLOAT4 ? (double)((float)x * (float)y) : x * y;
    return check_f(t, r, isinf(x) || isinf(y), x == 0.0 || y == 0.0, out, e);
}

int sql__fn_flt_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t t = sql__fn_ret(c);
    double x = a[0].u.f, y = a[1].u.f;
    if (y == 0.0 && !isnan(x))
        return div_zero(e);
    double r = t == SQL_T_FLOAT4 ? (double)((float)x / (float)y) : x / y;
    return check_f(t, r, isinf(x), x == 0.0 || isinf(y), out, e);
}

int sql__fn_flt_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    set_f(sql__fn_ret(c), -a[0].u.f, out);
    return 0;
}

int sql__fn_flt_up(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    set_f(sql__fn_ret(c), a[0].u.f, out);
    return 0;
}

int sql__fn_flt_abs(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    set_f(sql__fn_ret(c), fabs(a[0].u.f), out);
    return 0;
}

static int f8(double v, struct sql_value *out)
{
    set_f(SQL_T_FLOAT8, v, out);
    return 0;
}

int sql__fn_dround(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return f8(rint(a[0].u.f), out);
}

int sql__fn_dtrunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    double x = a[0].u.f;
    return f8(x >= 0 ? floor(x) : -floor(-x), out);
}

int sql__fn_dceil(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return f8(ceil(a[0].u.f), out);
}

int sql__fn_dfloor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return f8(floor(a[0].u.f), out);
}

int sql__fn_dsign(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    double x = a[0].u.f;
    return f8(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0, out);
}

int sql__fn_dsqrt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    double x = a[0].u.f;
    if (x < 0)
        return err_set_state(e, ERR_INVAL, "2201F", "cannot take square root of a negative number");
    return check_f(SQL_T_FLOAT8, sqrt(x), isinf(x), x == 0, out, e);
}

int sql__fn_dcbrt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    double x = a[0].u.f;
    return check_f(SQL_T_FLOAT8, cbrt(x), isinf(x), x == 0, out, e);
}

int sql__fn_dpow(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    double x = a[0].u.f, y = a[1].u.f;
    double r;
    if (isnan(x)) {
        if (isnan(y) || y != 0.0)
            return f8(x, out);
        return f8(1.0, out);
    }
    if (isnan(y)) {
        if (x != 1.0)
            return f8(y, out);
        return f8(1.0, out);
    }
    if (x == 0 && y < 0)
        return err_set_state(e, ERR_INVAL, "2201F", "zero raised to a negative power is undefined");
    if (x < 0 && floor(y) != y)
        return err_set_state(e, ERR_INVAL, "2201F",
                             "a negative number raised to a non-integer power yields a complex "
                             "result");
    if (isinf(y)) {
        double ax = fabs(x);
        if (ax == 1.0)
            r = 1.0;
        else if (y > 0)
            r = ax > 1.0 ? y : 0.0;
        else
            r = ax > 1.0 ? 0.0 : -y;
    } else if (isinf(x)) {
        if (y == 0)
            r = 1.0;
        else if (x > 0)
            r = y > 0 ? x : 0.0;
        else {
            double halfy = y / 2;
            bool odd = halfy != floor(halfy);
            if (y > 0)
                r = odd ? x : -x;
            else
                r = odd ? -0.0 : 0.0;
        }
    } else {
        errno = 0;
        r = pow(x, y);
        if (errno == ERANGE) {
            if (r != 0.0)
                return overflow(e);
            return underflow(e);
        }
        if (isinf(r))
            return overflow(e);
        if (r == 0.0 && x != 0.0)
            return underflow(e);
    }
    return f8(r, out);
}

int sql__fn_dexp(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    double x = a[0].u.f;
    if (isnan(x))
        return f8(x, out);
    if (isinf(x))
        return f8(x > 0 ? x : 0.0, out);
    errno = 0;
    double r = exp(x);
    if (errno == ERANGE) {
        if (r != 0.0)
            return overflow(e);
        return underflow(e);
    }
    if (isinf(r))
        return overflow(e);
    if (r == 0.0)
        return underflow(e);
    return f8(r, out);
}

static int dlog(double x, bool ten, struct sql_value *out, struct err *e)
{
    if (x == 0.0)
        return err_set_state(e, ERR_INVAL, "2201E", "cannot take logarithm of zero");
    if (x < 0)
        return err_set_state(e, ERR_INVAL, "2201E", "cannot take logarithm of a negative number");
    double r = ten ? log10(x) : log(x);
    return check_f(SQL_T_FLOAT8, r, isinf(x), x == 1.0, out, e);
}

int sql__fn_dln(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    return dlog(a[0].u.f, false, out, e);
}

int sql__fn_dlog10(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return dlog(a[0].u.f, true, out, e);
}

int sql__fn_dpi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    return f8(M_PI, out);
}

int sql__fn_degrees(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return check_f(SQL_T_FLOAT8, a[0].u.f / (M_PI / 180.0), isinf(a[0].u.f), a[0].u.f == 0, out, e);
}

int sql__fn_radians(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return check_f(SQL_T_FLOAT8, a[0].u.f * (M_PI / 180.0), isinf(a[0].u.f), a[0].u.f == 0, out, e);
}

static int input_oor(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22003", "input is out of range");
}

/* sin/cos/tan/asin/acos/atan: NaN passes, out-of-domain input is 22003. */
static int trig(double (*fn)(double), double x, bool bounded, struct sql_value *out, struct err *e)
{
    if (isnan(x))
        return f8(x, out);
    if ((bounded && (x < -1.0 || x > 1.0)) || (!bounded && fn != atan && isinf(x)))
        return input_oor(e);
    double r = fn(x);
    if (isinf(r))
        return overflow(e);
    return f8(r, out);
}

int sql__fn_dsin(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return trig(sin, a[0].u.f, false, out, e);
}

int sql__fn_dcos(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return trig(cos, a[0].u.f, false, out, e);
}

int sql__fn_dtan(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return trig(tan, a[0].u.f, false, out, e);
}

/* cot: PostgreSQL's dcot, 1/tan(x); cot(0) is Infinity, not an overflow. */
int sql__fn_dcot(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    double x = a[0].u.f;
    if (isnan(x))
        return f8(x, out);
    if (isinf(x))
        return input_oor(e);
    return f8(1.0 / tan(x), out);
}

int sql__fn_dasin(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trig(asin, a[0].u.f, true, out, e);
}

int sql__fn_dacos(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trig(acos, a[0].u.f, true, out, e);
}

int sql__fn_datan(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trig(atan, a[0].u.f, false, out, e);
}

int sql__fn_datan2(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    if (isnan(a[0].u.f) || isnan(a[1].u.f))
        return f8(NAN, out);
    return f8(atan2(a[0].u.f, a[1].u.f), out);
}

/* Hyperbolic functions (float.c dsinh ... datanh): an overflowing sinh /
 * cosh is +-Infinity, acosh below 1 and atanh outside [-1, 1] are 22003. */
int sql__fn_dsinh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    double x = a[0].u.f, r = sinh(x);
    if (isinf(r) && !isinf(x))
        r = x < 0 ? -INFINITY : INFINITY;
    return f8(r, out);
}

int sql__fn_dcosh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    return f8(cosh(a[0].u.f), out);
}

int sql__fn_dtanh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    (void)c;
    (void)n;
    double r = tanh(a[0].u.f);
    if (isinf(r))
        return overflow(e);
    return f8(r, out);
}

int sql__fn_dasinh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    return f8(asinh(a[0].u.f), out);
}

int sql__fn_dacosh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)c;
    (void)n;
    if (a[0].u.f < 1.0)
        return input_oor(e);
    return f8(acosh(a[0].u.f), out);
}

int sql__fn_datanh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)c;
    (void)n;
    double x = a[0].u.f;
    if (x < -1.0 || x > 1.0)
        return input_oor(e);
    if (x == -1.0)
        return f8(-INFINITY, out);
    if (x == 1.0)
        return f8(INFINITY, out);
    return f8(atanh(x), out);
}

/* float4send / float8send: the binary wire form (big-endian IEEE bits) as
 * bytea. */
int sql__fn_float_send(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)n;
    (void)e;
    bool f4 = a[0].type == SQL_T_FLOAT4;
    size_t len = f4 ? 4 : 8;
    uint64_t bits;
    if (f4) {
        float f = (float)a[0].u.f;
        uint32_t b32;
        memcpy(&b32, &f, 4);
        bits = b32;
    } else {
        memcpy(&bits, &a[0].u.f, 8);
    }
    char *p = mem_alloc(c->ctx, len + 1);
    for (size_t i = 0; i < len; i++)
        p[i] = (char)(bits >> (8 * (len - 1 - i)));
    p[len] = '\0';
    memset(out, 0, sizeof *out);
    out->type = SQL_T_BYTEA;
    out->u.s.p = p;
    out->u.s.len = len;
    return 0;
}

/* random(): xoshiro256** per thread, seeded from OpenSSL until setseed. */
static _Thread_local uint64_t rng_s[4];
static _Thread_local bool rng_seeded;

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Trigonometry in degrees (float.c dsind ... datan2d): exact results at the
 * special angles (sind(30) = 0.5, tand(45) = 1) by scaling against the
 * function's value there, as PostgreSQL does. */
#define RAD_PER_DEG 0.0174532925199432957692

static double sind_0_to_30(double x)
{
    return (sin(x * RAD_PER_DEG) / sin(30.0 * RAD_PER_DEG)) / 2.0;
}

static double cosd_0_to_60(double x)
{
    double one_minus_cos_x = 1.0 - cos(x * RAD_PER_DEG);
    return 1.0 - (one_minus_cos_x / (1.0 - cos(60.0 * RAD_PER_DEG))) / 2.0;
}

static double sind_q1(double x)
{
    return x <= 30.0 ? sind_0_to_30(x) : cosd_0_to_60(90.0 - x);
}

static double cosd_q1(double x)
{
    return x <= 60.0 ? cosd_0_to_60(x) : sind_0_to_30(90.0 - x);
}

static double asind_q1(double x)
{
    if (x <= 0.5)
        return (asin(x) / asin(0.5)) * 30.0;
    return 90.0 - (acos(x) / acos(0.5)) * 60.0;
}

static double acosd_q1(double x)
{
    if (x <= 0.5)
        return 90.0 - (asin(x) / asin(0.5)) * 30.0;
    return (acos(x) / acos(0.5)) * 60.0;
}

/* kind: 0 sind, 1 cosd, 2 tand, 3 cotd */
static int trigd(int kind, double x, struct sql_value *out, struct err *e)
{
    if (isnan(x))
        return f8(x, out);
    if (isinf(x))
        return input_oor(e);
    double sign = 1.0, r;
    x = fmod(x, 360.0);
    if (x < 0.0) {
        x = -x;
        if (kind != 1)
            sign = -sign;
    }
    if (x > 180.0) {
        x = 360.0 - x;
        if (kind != 1)
            sign = -sign;
    }
    if (x > 90.0) {
        x = 180.0 - x;
        if (kind != 0)
            sign = -sign;
    }
    switch (kind) {
    case 0:
        r = sign * sind_q1(x);
        break;
    case 1:
        r = sign * cosd_q1(x);
        break;
    case 2:
        r = sign * ((sind_q1(x) / cosd_q1(x)) / (sind_q1(45.0) / cosd_q1(45.0)));
        break;
    default:
        r = sign * ((cosd_q1(x) / sind_q1(x)) / (cosd_q1(45.0) / sind_q1(45.0)));
        break;
    }
    if (kind >= 2 && r == 0.0)
        r = 0.0; /* tand(180) is 0, not -0 */
    return f8(r, out);
}

int sql__fn_dsind(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trigd(0, a[0].u.f, out, e);
}

int sql__fn_dcosd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trigd(1, a[0].u.f, out, e);
}

int sql__fn_dtand(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trigd(2, a[0].u.f, out, e);
}

int sql__fn_dcotd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trigd(3, a[0].u.f, out, e);
}

int sql__fn_dasind(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    double x = a[0].u.f;
    if (isnan(x))
        return f8(x, out);
    if (x < -1.0 || x > 1.0)
        return input_oor(e);
    return f8(x >= 0 ? asind_q1(x) : -asind_q1(-x), out);
}

int sql__fn_dacosd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    double x = a[0].u.f;
    if (isnan(x))
        return f8(x, out);
    if (x < -1.0 || x > 1.0)
        return input_oor(e);
    return f8(x >= 0 ? acosd_q1(x) : 90.0 + asind_q1(-x), out);
}

int sql__fn_datand(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    double x = a[0].u.f;
    if (isnan(x))
        return f8(x, out);
    return f8((atan(x) / atan(1.0)) * 45.0, out);
}

int sql__fn_datan2d(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    double y = a[0].u.f, x = a[1].u.f;
    if (isnan(y) || isnan(x))
        return f8(NAN, out);
    return f8((atan2(y, x) / atan(1.0)) * 45.0, out);
}

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng_s[i] = splitmix(&seed);
    rng_seeded = true;
}

static uint64_t rng_next(void)
{
    if (!rng_seeded) {
        uint64_t seed;
        if (RAND_bytes((unsigned char *)&seed, sizeof(seed)) != 1)
            seed = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&seed;
        rng_seed(seed);
    }
    uint64_t r = rotl(rng_s[1] * 5, 7) * 9;
    uint64_t t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    return r;
}

int sql__fn_drandom(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return f8((double)(rng_next() >> 11) * 0x1.0p-53, out);
}

int sql__fn_setseed(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    double s = a[0].u.f;
    if (s < -1 || s > 1 || isnan(s))
        return err_set_state(e, ERR_INVAL, "22023",
                             "setseed parameter %g is out of allowed range [-1,1]", s);
    rng_seed((uint64_t)(int64_t)(s * (double)INT64_MAX));
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_VOID; /* void: not NULL (setseed(0.5) IS NULL is false) */
    return 0;
}

int sql__fn_width_bucket_f8(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    double op = a[0].u.f, b1 = a[1].u.f, b2 = a[2].u.f;
    int64_t count = a[3].u.i;
    int64_t r;
    if (count <= 0)
        return err_set_state(e, ERR_INVAL, "2201G", "count must be greater than zero");
    if (isnan(op) || isnan(b1) || isnan(b2))
        return err_set_state(e, ERR_INVAL, "2201G",
                             "operand, lower bound, and upper bound cannot be NaN");
    if (isinf(b1) || isinf(b2))
        return err_set_state(e, ERR_INVAL, "2201G", "lower and upper bounds must be finite");
    if (b1 == b2)
        return err_set_state(e, ERR_INVAL, "2201G", "lower bound cannot equal upper bound");
    bool asc = b1 < b2;
    if (asc ? op < b1 : op > b1) {
        r = 0;
    } else if (asc ? op >= b2 : op <= b2) {
        if (count == INT32_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "integer out of range");
        r = count + 1;
    } else {
        double q;
        if (asc)
            q = !isinf(b2 - b1) ? (op - b1) / (b2 - b1) : (op / 2 - b1 / 2) / (b2 / 2 - b1 / 2);
        else
            q = !isinf(b1 - b2) ? (b1 - op) / (b1 - b2) : (b1 / 2 - op / 2) / (b1 / 2 - b2 / 2);
        double f = (double)count * q;
        r = f >= (double)count ? count - 1 : (int64_t)f;
        r++;
    }
    return int_range(SQL_T_INT4, r, out, e);
}

/* ---- numeric ---- */

static int num_out(int rc, const struct sql_num *x, struct sql_value *out)
{
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_NUMERIC;
    out->u.n = *x;
    return 0;
}

typedef int (*num_bin)(struct mem_ctx *, const struct sql_num *, const struct sql_num *,
                       struct sql_num *, struct err *);

static int num2(struct sql_fcall *c, num_bin fn, const struct sql_value *a, struct sql_value *out,
                struct err *e)
{
    struct sql_num r;
    return num_out(fn(c->ctx, &a[0].u.n, &a[1].u.n, &r, e), &r, out);
}

int sql__fn_num_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return num2(c, sql_num_add, a, out, e);
}

int sql__fn_num_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return num2(c, sql_num_sub, a, out, e);
}

int sql__fn_num_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return num2(c, sql_num_mul, a, out, e);
}

int sql__fn_num_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return num2(c, sql_num_div, a, out, e);
}

int sql__fn_num_mod(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return num2(c, sql_num_mod, a, out, e);
}

int sql__fn_num_div_trunc(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    return num2(c, sql_num_div_trunc, a, out, e);
}

int sql__fn_num_power(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    return num2(c, sql_num_power, a, out, e);
}

int sql__fn_num_log(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return num2(c, sql_num_log, a, out, e);
}

int sql__fn_num_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    struct sql_num r;
    sql_num_neg(c->ctx, &a[0].u.n, &r);
    return num_out(0, &r, out);
}

int sql__fn_num_up(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return num_out(0, &a[0].u.n, out);
}

int sql__fn_num_abs(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    struct sql_num r;
    sql_num_abs(c->ctx, &a[0].u.n, &r);
    return num_out(0, &r, out);
}

int sql__fn_num_sign(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    struct sql_num r;
    sql_num_sign_of(&a[0].u.n, &r);
    return num_out(0, &r, out);
}

int sql__fn_num_round(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    struct sql_num r;
    int32_t s = n > 1 ? (int32_t)a[1].u.i : 0;
    return num_out(sql_num_round(c->ctx, &a[0].u.n, s, &r, e), &r, out);
}

int sql__fn_num_trunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    struct sql_num r;
    int32_t s = n > 1 ? (int32_t)a[1].u.i : 0;
    return num_out(sql_num_trunc(c->ctx, &a[0].u.n, s, &r, e), &r, out);
}

typedef int (*num_un)(struct mem_ctx *, const struct sql_num *, struct sql_num *, struct err *);

static int num1(struct sql_fcall *c, num_un fn, const struct sql_value *a, struct sql_value *out,
                struct err *e)
{
    struct sql_num r;
    return num_out(fn(c->ctx, &a[0].u.n, &r, e), &r, out);
}

int sql__fn_num_ceil(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    return num1(c, sql_num_ceil, a, out, e);
}

int sql__fn_num_floor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    return num1(c, sql_num_floor, a, out, e);
}

int sql__fn_num_sqrt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    return num1(c, sql_num_sqrt, a, out, e);
}

int sql__fn_num_exp(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return num1(c, sql_num_exp, a, out, e);
}

int sql__fn_num_ln(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return num1(c, sql_num_ln, a, out, e);
}

int sql__fn_num_log10(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    return num1(c, sql_num_log10, a, out, e);
}

static int int4_or_null(bool ok, int32_t v, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INT4;
    out->null = !ok;
    out->u.i = v;
    return 0;
}

int sql__fn_num_scale(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    int32_t s = 0;
    bool ok = sql_num_scale(&a[0].u.n, &s);
    return int4_or_null(ok, s, out);
}

int sql__fn_num_min_scale(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    int32_t s = 0;
    bool ok = sql_num_min_scale(&a[0].u.n, &s);
    return int4_or_null(ok, s, out);
}

int sql__fn_num_trim_scale(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    struct sql_num r;
    sql_num_trim_scale(c->ctx, &a[0].u.n, &r);
    return num_out(0, &r, out);
}

int sql__fn_num_fac(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    int64_t v = a[0].u.i;
    struct sql_num r;
    if (v < 0)
        return err_set_state(e, ERR_INVAL, "22003", "factorial of a negative number is undefined");
    /* 32177! is the last factorial below the numeric range's limit. */
    if (v > 32177)
        return err_set_state(e, ERR_INVAL, "22003", "value overflows numeric format");
    sql_num_from_int64(c->ctx, 1, &r);
    for (int64_t k = 2; k <= v; k++) {
        struct sql_num m, p;
        sql_num_from_int64(c->ctx, k, &m);
        int rc = sql_num_mul(c->ctx, &r, &m, &p, e);
        if (rc < 0)
            return rc;
        r = p;
        if ((k & 255) == 0 && c->env) {
            rc = sql_env_check_interrupts(c->env, e);
            if (rc < 0)
                return rc;
        }
    }
    return num_out(0, &r, out);
}

/* gcd / lcm of numerics (numeric.c gcd_var): Euclid on remainders, the
 * result positive with the larger display scale; NaN or infinity gives NaN,
 * lcm with a zero argument is 0. */
static int num_gcd(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                   struct sql_num *out, struct err *e)
{
    struct sql_num x, y;
    sql_num_abs(ctx, a, &x);
    sql_num_abs(ctx, b, &y);
    int32_t sa = a->dscale > b->dscale ? a->dscale : b->dscale;
    while (y.ndigits != 0) {
        struct sql_num r;
        int rc = sql_num_mod(ctx, &x, &y, &r, e);
        if (rc < 0)
            return rc;
        x = y;
        y = r;
    }
    return sql_num_round(ctx, &x, sa, out, e);
}

int sql__fn_num_gcd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    struct sql_num r;
    if (sql_num_is_special(&a[0].u.n) || sql_num_is_special(&a[1].u.n))
        return num_out(0, &(struct sql_num){.sign = SQL_NUM_NAN}, out);
    int rc = num_gcd(c->ctx, &a[0].u.n, &a[1].u.n, &r, e);
    return num_out(rc, &r, out);
}

int sql__fn_num_lcm(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    const struct sql_num *x = &a[0].u.n, *y = &a[1].u.n;
    if (sql_num_is_special(x) || sql_num_is_special(y))
        return num_out(0, &(struct sql_num){.sign = SQL_NUM_NAN}, out);
    int32_t sa = x->dscale > y->dscale ? x->dscale : y->dscale;
    struct sql_num r = sql_num_zero(), g, q, ax, ay;
    int rc = 0;
    if (x->ndigits != 0 && y->ndigits != 0) {
        sql_num_abs(c->ctx, x, &ax);
        sql_num_abs(c->ctx, y, &ay);
        if ((rc = num_gcd(c->ctx, x, y, &g, e)) < 0 ||
            (rc = sql_num_div_trunc(c->ctx, &ax, &g, &q, e)) < 0 ||
            (rc = sql_num_mul(c->ctx, &q, &ay, &r, e)) < 0)
            return rc;
    }
    rc = sql_num_round(c->ctx, &r, sa, &r, e);
    return num_out(rc, &r, out);
}

/* numeric_inc(x): x + 1. */
int sql__fn_num_inc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    struct sql_num one, r;
    sql_num_from_int64(c->ctx, 1, &one);
    int rc = sql_num_add(c->ctx, &a[0].u.n, &one, &r, e);
    return num_out(rc, &r, out);
}

int sql__fn_width_bucket_num(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    int32_t b;
    int rc = sql_num_width_bucket(&a[0].u.n, &a[1].u.n, &a[2].u.n, (int32_t)a[3].u.i, &b, e);
    if (rc < 0)
        return rc;
    return int4_or_null(true, b, out);
}
