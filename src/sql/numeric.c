/* numeric.c — PostgreSQL 15's NUMERIC type (see numeric.h).
 *
 * The reference is PostgreSQL's src/backend/utils/adt/numeric.c; the
 * algorithms and every scale rule follow it so that results agree to the
 * last digit. Most of PostgreSQL's routines are exact (addition,
 * subtraction, full multiplication, division, square root, rounding), so
 * any exact method gives its results; we use our own there. Three are
 * deliberately approximate and are reproduced step for step, because the
 * last digits of ln(), log(), exp() and power() depend on them:
 *  - mul_var with a result scale smaller than the exact product's, which
 *    leaves out partial products right of the scale plus MUL_GUARD_DIGITS;
 *  - div_var_fast, PostgreSQL's floating-point-estimated long division with
 *    its normalisation schedule;
 *  - the working scales chosen inside exp_var, ln_var, log_var, power_var
 *    and power_var_int.
 * The transcendental algorithms are David M. Smith's "FM" library's
 * (ACM TOMS Algorithm 786), as PostgreSQL's; the square root is Paul
 * Zimmermann's "Karatsuba Square Root" (INRIA RR-3805, 1999).
 *
 * Working values are struct var (PostgreSQL's NumericVar): digits in a
 * buffer from the aborting allocator with one spare leading digit for a
 * rounding carry, or borrowed (buf NULL) from an input or a constant. A
 * routine writing its result allocates a fresh buffer and frees the old one
 * last, so a result may alias an input. Borrowed digits are never written.
 * Public results are copied into the caller's memory context by make_result.
 */
#include "sql/numeric.h"

#include "common/assert.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBASE            10000
#define HALF_NBASE       5000
#define DEC_DIGITS       4
#define MUL_GUARD_DIGITS 2
#define DIV_GUARD_DIGITS 4

#define POS  SQL_NUM_POS
#define NEG  SQL_NUM_NEG
#define NAN_ SQL_NUM_NAN
#define PINF SQL_NUM_PINF
#define NINF SQL_NUM_NINF

#define MIN_SIG_DIGITS    SQL_NUM_MIN_SIG_DIGITS
#define MAX_DISPLAY_SCALE SQL_NUM_MAX_DISPLAY_SCALE
#define MAX_RESULT_SCALE  SQL_NUM_MAX_RESULT_SCALE
#define MIN_DISPLAY_SCALE 0

/* VARHDRSZ in PostgreSQL's typmod arithmetic: typmod = (p << 16 | s) + 4. */
#define TYPMOD_OFFSET 4

_Static_assert(SQL_NUM_NBASE == NBASE && SQL_NUM_DEC_DIGITS == DEC_DIGITS, "base");
_Static_assert((long)NBASE *NBASE < INT_MAX / 2, "int headroom for digit products");
_Static_assert(SQL_NUM_DSCALE_MAX == 0x3FFF, "dscale is 14 bits in the encodings");

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* PostgreSQL's NumericVar. */
struct var {
    int ndigits;
    int weight;
    int sign; /* POS, NEG, NAN_, PINF, NINF */
    int dscale;
    int16_t *buf; /* xmalloc'd, NULL when the digits are borrowed */
    int16_t *digits;
};

#define VAR_INIT                 \
    {                            \
        0, 0, POS, 0, NULL, NULL \
    }

static int16_t const_one_data[1] = {1};
static int16_t const_two_data[1] = {2};
static int16_t const_zero_point_nine_data[1] = {9000};
static int16_t const_one_point_one_data[2] = {1, 1000};

static const struct var const_zero = {0, 0, POS, 0, NULL, NULL};
static const struct var const_one = {1, 0, POS, 0, NULL, const_one_data};
static const struct var const_two = {1, 0, POS, 0, NULL, const_two_data};
static const struct var const_zero_point_nine = {1, -1, POS, 1, NULL, const_zero_point_nine_data};
static const struct var const_one_point_one = {2, 0, POS, 1, NULL, const_one_point_one_data};

static const int round_powers[4] = {0, 1000, 100, 10};

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

static int err_overflow(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22003", "value overflows numeric format");
}

static int err_div_zero(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22012", "division by zero");
}

static int err_syntax(struct err *e, const char *s)
{
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type numeric: \"%s\"", s);
}

/* ------------------------------------------------------------------------
 * Working values
 * ------------------------------------------------------------------------ */

static void var_free(struct var *v)
{
    xfree(v->buf);
    v->buf = NULL;
    v->digits = NULL;
    v->ndigits = 0;
}

/* Fresh buffer of n digits (contents undefined) with a zero spare digit. */
static int16_t *digitbuf(int n)
{
    int16_t *buf = xmalloc(((size_t)n + 1) * sizeof(int16_t));
    buf[0] = 0;
    return buf;
}

/* Replace v's digits by buf[1..n] (buf from digitbuf). */
static void var_take(struct var *v, int16_t *buf, int n)
{
    xfree(v->buf);
    v->buf = buf;
    v->digits = buf + 1;
    v->ndigits = n;
}

static void var_alloc(struct var *v, int n)
{
    var_take(v, digitbuf(n), n);
}

static void var_zero(struct var *v)
{
    var_free(v);
    v->weight = 0;
    v->sign = POS;
}

/* dst = src (own copy of the digits; dst may be src). */
static void var_set(struct var *dst, const struct var *src)
{
    int16_t *buf = digitbuf(src->ndigits);
    if (src->ndigits > 0)
        memcpy(buf + 1, src->digits, (size_t)src->ndigits * sizeof(int16_t));
    int n = src->ndigits;
    dst->weight = src->weight;
    dst->sign = src->sign;
    dst->dscale = src->dscale;
    var_take(dst, buf, n);
}

/* Borrow x's digits (x must outlive v; v's digits are then read-only). */
static void var_from_num(struct var *v, const struct sql_num *x)
{
    v->ndigits = x->ndigits;
    v->weight = x->weight;
    v->sign = (int)x->sign;
    v->dscale = x->dscale;
    v->buf = NULL;
    v->digits = (int16_t *)x->digits;
}

/* Drop leading and trailing zero digits; a zero becomes positive, weight 0. */
static void strip_var(struct var *v)
{
    int16_t *d = v->digits;
    int n = v->ndigits;
    int w = v->weight;
    while (n > 0 && *d == 0) {
        d++;
        w--;
        n--;
    }
    while (n > 0 && d[n - 1] == 0)
        n--;
    if (n == 0) {
        v->sign = POS;
        w = 0;
    }
    v->digits = d;
    v->ndigits = n;
    v->weight = w;
}

static void var_from_int64(struct var *v, int64_t val)
{
    uint64_t u = val < 0 ? (uint64_t)0 - (uint64_t)val : (uint64_t)val;
    int16_t tmp[8];
    int n = 0;
    while (u > 0) {
        tmp[n++] = (int16_t)(u % NBASE);
        u /= NBASE;
    }
    int16_t *buf = digitbuf(n);
    for (int i = 0; i < n; i++)
        buf[1 + i] = tmp[n - 1 - i];
    v->sign = val < 0 ? NEG : POS;
    v->weight = n - 1;
    v->dscale = 0;
    var_take(v, buf, n);
    strip_var(v);
}

/* PostgreSQL's make_result: check the storage limits and copy into ctx. */
static int make_result(struct mem_ctx *ctx, const struct var *v, struct sql_num *out, struct err *e)
{
    if (v->sign == NAN_ || v->sign == PINF || v->sign == NINF) {
        *out = (struct sql_num){.sign = (enum sql_num_sign)v->sign};
        return 0;
    }
    const int16_t *d = v->digits;
    int n = v->ndigits;
    int w = v->weight;
    int sign = v->sign;
    while (n > 0 && *d == 0) {
        d++;
        w--;
        n--;
    }
    while (n > 0 && d[n - 1] == 0)
        n--;
    if (n == 0) {
        w = 0;
        sign = POS;
    }
    if (w > SQL_NUM_WEIGHT_MAX || w < -SQL_NUM_WEIGHT_MAX - 1 || v->dscale < 0 ||
        v->dscale > SQL_NUM_DSCALE_MAX)
        return err_overflow(e);
    int16_t *digits = NULL;
    if (n > 0) {
        digits = mem_alloc(ctx, (size_t)n * sizeof(int16_t));
        memcpy(digits, d, (size_t)n * sizeof(int16_t));
    }
    *out = (struct sql_num){.sign = (enum sql_num_sign)sign,
                            .weight = w,
                            .dscale = v->dscale,
                            .ndigits = n,
                            .digits = digits};
    return 0;
}

/* make_result for values that cannot overflow (specials, copies of valid
 * values, results bounded by an input). */
static void make_result_ok(struct mem_ctx *ctx, const struct var *v, struct sql_num *out)
{
    int rc = make_result(ctx, v, out, NULL);
    DB_ASSERT(rc == 0);
    (void)rc;
}

/* ------------------------------------------------------------------------
 * Comparison, addition, subtraction (exact)
 * ------------------------------------------------------------------------ */

/* Compare |a| and |b|; tolerates unstripped digits. */
static int cmp_abs(const struct var *a, const struct var *b)
{
    int i1 = 0, i2 = 0;
    int w1 = a->weight, w2 = b->weight;
    while (w1 > w2 && i1 < a->ndigits) {
        if (a->digits[i1++] != 0)
            return 1;
        w1--;
    }
    while (w2 > w1 && i2 < b->ndigits) {
        if (b->digits[i2++] != 0)
            return -1;
        w2--;
    }
    if (w1 == w2) {
        while (i1 < a->ndigits && i2 < b->ndigits) {
            int d = a->digits[i1++] - b->digits[i2++];
            if (d != 0)
                return d > 0 ? 1 : -1;
        }
    }
    while (i1 < a->ndigits)
        if (a->digits[i1++] != 0)
            return 1;
    while (i2 < b->ndigits)
        if (b->digits[i2++] != 0)
            return -1;
    return 0;
}

/* Compare finite values. */
static int cmp_var(const struct var *a, const struct var *b)
{
    if (a->ndigits == 0) {
        if (b->ndigits == 0)
            return 0;
        return b->sign == NEG ? 1 : -1;
    }
    if (b->ndigits == 0)
        return a->sign == POS ? 1 : -1;
    if (a->sign == POS) {
        if (b->sign == NEG)
            return 1;
        return cmp_abs(a, b);
    }
    if (b->sign == POS)
        return -1;
    return cmp_abs(b, a);
}

/* result = |a| + |b|; sign left to the caller. */
static void add_abs(const struct var *a, const struct var *b, struct var *result)
{
    int res_weight = MAX(a->weight, b->weight) + 1;
    int res_dscale = MAX(a->dscale, b->dscale);
    int frac = MAX(a->ndigits - a->weight - 1, b->ndigits - b->weight - 1);
    int n = MAX(frac + res_weight + 1, 1);
    int16_t *buf = digitbuf(n);
    int16_t *r = buf + 1;
    int i1 = frac + a->weight + 1;
    int i2 = frac + b->weight + 1;
    int carry = 0;
    for (int i = n - 1; i >= 0; i--) {
        i1--;
        i2--;
        if (i1 >= 0 && i1 < a->ndigits)
            carry += a->digits[i1];
        if (i2 >= 0 && i2 < b->ndigits)
            carry += b->digits[i2];
        if (carry >= NBASE) {
            r[i] = (int16_t)(carry - NBASE);
            carry = 1;
        } else {
            r[i] = (int16_t)carry;
            carry = 0;
        }
    }
    var_take(result, buf, n);
    result->weight = res_weight;
    result->dscale = res_dscale;
    strip_var(result);
}

/* result = |a| - |b|, requires |a| >= |b|; sign left to the caller. */
static void sub_abs(const struct var *a, const struct var *b, struct var *result)
{
    int res_weight = a->weight;
    int res_dscale = MAX(a->dscale, b->dscale);
    int frac = MAX(a->ndigits - a->weight - 1, b->ndigits - b->weight - 1);
    int n = MAX(frac + res_weight + 1, 1);
    int16_t *buf = digitbuf(n);
    int16_t *r = buf + 1;
    int i1 = frac + a->weight + 1;
    int i2 = frac + b->weight + 1;
    int borrow = 0;
    for (int i = n - 1; i >= 0; i--) {
        i1--;
        i2--;
        if (i1 >= 0 && i1 < a->ndigits)
            borrow += a->digits[i1];
        if (i2 >= 0 && i2 < b->ndigits)
            borrow -= b->digits[i2];
        if (borrow < 0) {
            r[i] = (int16_t)(borrow + NBASE);
            borrow = -1;
        } else {
            r[i] = (int16_t)borrow;
            borrow = 0;
        }
    }
    DB_ASSERT(borrow == 0);
    var_take(result, buf, n);
    result->weight = res_weight;
    result->dscale = res_dscale;
    strip_var(result);
}

/* result = a + b (finite; result may alias either). */
static void add_var(const struct var *a, const struct var *b, struct var *result)
{
    int sa = a->sign, sb = b->sign;
    int dscale = MAX(a->dscale, b->dscale);
    if (sa == sb) {
        add_abs(a, b, result);
        result->sign = result->ndigits == 0 ? POS : sa;
        return;
    }
    int c = cmp_abs(a, b);
    if (c == 0) {
        var_zero(result);
        result->dscale = dscale;
    } else if (c > 0) {
        sub_abs(a, b, result);
        result->sign = result->ndigits == 0 ? POS : sa;
    } else {
        sub_abs(b, a, result);
        result->sign = result->ndigits == 0 ? POS : sb;
    }
}

/* result = a - b (finite). */
static void sub_var(const struct var *a, const struct var *b, struct var *result)
{
    struct var nb = *b; /* shallow: only the sign differs */
    if (nb.ndigits > 0)
        nb.sign = b->sign == POS ? NEG : POS;
    nb.buf = NULL;
    add_var(a, &nb, result);
}

/* ------------------------------------------------------------------------
 * Rounding
 * ------------------------------------------------------------------------ */

/* Round v to rscale decimal digits after the point, half away from zero, and
 * set dscale = rscale (which may be negative; callers fix that). v must own
 * its digits (the carry may use the spare digit). */
static void round_var(struct var *v, int rscale)
{
    v->dscale = rscale;
    int di = (v->weight + 1) * DEC_DIGITS + rscale;
    if (di < 0) {
        v->ndigits = 0;
        v->weight = 0;
        v->sign = POS;
        return;
    }
    int ndigits = (di + DEC_DIGITS - 1) / DEC_DIGITS;
    di %= DEC_DIGITS;
    if (!(ndigits < v->ndigits || (ndigits == v->ndigits && di > 0)))
        return;
    DB_ASSERT(v->buf != NULL);
    int16_t *d = v->digits;
    int carry;
    v->ndigits = ndigits;
    if (di == 0) {
        carry = d[ndigits] >= HALF_NBASE ? 1 : 0;
    } else {
        int pow10 = round_powers[di];
        int extra = d[--ndigits] % pow10;
        d[ndigits] = (int16_t)(d[ndigits] - extra);
        carry = 0;
        if (extra >= pow10 / 2) {
            pow10 += d[ndigits];
            if (pow10 >= NBASE) {
                pow10 -= NBASE;
                carry = 1;
            }
            d[ndigits] = (int16_t)pow10;
        }
    }
    while (carry) {
        carry += d[--ndigits];
        if (carry >= NBASE) {
            d[ndigits] = (int16_t)(carry - NBASE);
            carry = 1;
        } else {
            d[ndigits] = (int16_t)carry;
            carry = 0;
        }
    }
    if (ndigits < 0) {
        DB_ASSERT(ndigits == -1 && v->digits > v->buf);
        v->digits--;
        v->ndigits++;
        v->weight++;
    }
}

/* Truncate v toward zero to rscale digits after the point; dscale = rscale. */
static void trunc_var(struct var *v, int rscale)
{
    v->dscale = rscale;
    int di = (v->weight + 1) * DEC_DIGITS + rscale;
    if (di <= 0) {
        v->ndigits = 0;
        v->weight = 0;
        v->sign = POS;
        return;
    }
    int ndigits = (di + DEC_DIGITS - 1) / DEC_DIGITS;
    if (ndigits <= v->ndigits) {
        v->ndigits = ndigits;
        di %= DEC_DIGITS;
        if (di > 0) {
            DB_ASSERT(v->buf != NULL);
            int pow10 = round_powers[di];
            int16_t *d = &v->digits[ndigits - 1];
            *d = (int16_t)(*d - *d % pow10);
        }
    }
}

/* ------------------------------------------------------------------------
 * Multiplication
 * ------------------------------------------------------------------------ */

/* result = a * b rounded to rscale. When the exact product has more than
 * rscale fractional digits, partial products that only reach beyond rscale
 * plus MUL_GUARD_DIGITS are left out, exactly as PostgreSQL's mul_var does:
 * the accumulator has res_ndigits positions and digit i1 of the shorter
 * operand times digit i2 of the longer lands in position i1 + i2 + 2. With
 * rscale >= dscale a + dscale b the product is exact. */
static void mul_var(const struct var *a, const struct var *b, struct var *result, int rscale)
{
    if (a->ndigits > b->ndigits) {
        const struct var *t = a;
        a = b;
        b = t;
    }
    int n1 = a->ndigits, n2 = b->ndigits;
    if (n1 == 0 || n2 == 0) {
        var_zero(result);
        result->dscale = rscale;
        return;
    }
    int res_sign = a->sign == b->sign ? POS : NEG;
    int res_weight = a->weight + b->weight + 2;
    int res_ndigits = n1 + n2 + 1;
    int maxdigits = res_weight + 1 + (rscale + DEC_DIGITS - 1) / DEC_DIGITS + MUL_GUARD_DIGITS;
    res_ndigits = MIN(res_ndigits, maxdigits);
    if (res_ndigits < 3) {
        var_zero(result);
        result->dscale = rscale;
        return;
    }
    /* Each product is below 10^8 and there are at most n1 per position, so
     * 64-bit accumulators never need an intermediate carry pass. */
    uint64_t *acc = xcalloc((size_t)res_ndigits, sizeof(uint64_t));
    for (int i1 = MIN(n1 - 1, res_ndigits - 3); i1 >= 0; i1--) {
        uint64_t d1 = (uint64_t)a->digits[i1];
        if (d1 == 0)
            continue;
        int lim = MIN(n2, res_ndigits - i1 - 2);
        uint64_t *dst = &acc[i1 + 2];
        for (int i2 = 0; i2 < lim; i2++)
            dst[i2] += d1 * (uint64_t)b->digits[i2];
    }
    int16_t *buf = digitbuf(res_ndigits);
    uint64_t carry = 0;
    for (int i = res_ndigits - 1; i >= 0; i--) {
        uint64_t v = acc[i] + carry;
        buf[1 + i] = (int16_t)(v % NBASE);
        carry = v / NBASE;
    }
    DB_ASSERT(carry == 0);
    xfree(acc);
    var_take(result, buf, res_ndigits);
    result->weight = res_weight;
    result->sign = res_sign;
    round_var(result, rscale);
    strip_var(result);
}

/* ------------------------------------------------------------------------
 * Division
 * ------------------------------------------------------------------------ */

/* result = var / (ival * NBASE^ival_weight), exact digits then rounded or
 * truncated to rscale (PostgreSQL's div_var_int; short division). */
static int div_var_int(const struct var *var, int ival, int ival_weight, struct var *result,
                       int rscale, bool round, struct err *e)
{
    if (ival == 0)
        return err_div_zero(e);
    if (var->ndigits == 0) {
        var_zero(result);
        result->dscale = rscale;
        return 0;
    }
    int res_sign = (var->sign == POS) == (ival > 0) ? POS : NEG;
    int res_weight = var->weight - ival_weight;
    int res_ndigits = res_weight + 1 + (rscale + DEC_DIGITS - 1) / DEC_DIGITS;
    res_ndigits = MAX(res_ndigits, 1);
    if (round)
        res_ndigits++;
    int16_t *buf = digitbuf(res_ndigits);
    uint64_t divisor = (uint64_t)(ival < 0 ? -(int64_t)ival : ival);
    uint64_t carry = 0;
    for (int i = 0; i < res_ndigits; i++) {
        carry = carry * NBASE + (uint64_t)(i < var->ndigits ? var->digits[i] : 0);
        buf[1 + i] = (int16_t)(carry / divisor);
        carry %= divisor;
    }
    var_take(result, buf, res_ndigits);
    result->weight = res_weight;
    result->sign = res_sign;
    if (round)
        round_var(result, rscale);
    else
        trunc_var(result, rscale);
    strip_var(result);
    return 0;
}

/* q[0..un-vn] = floor(u / v) for base-NBASE digit strings, most significant
 * first, with v[0] != 0 and un >= vn >= 2 (Knuth, TAOCP vol. 2, 4.3.1,
 * Algorithm D). */
static void knuth_div(const int16_t *u_in, int un, const int16_t *v_in, int vn, int16_t *q)
{
    /* Normalise (D1) so that the divisor's top digit is >= NBASE / 2; u gets
     * one more leading digit. */
    int32_t d = NBASE / (v_in[0] + 1);
    int32_t *u = xmalloc(((size_t)un + 1) * sizeof(int32_t));
    int32_t *v = xmalloc((size_t)vn * sizeof(int32_t));
    int32_t carry = 0;
    for (int i = un - 1; i >= 0; i--) {
        int32_t t = u_in[i] * d + carry;
        u[i + 1] = t % NBASE;
        carry = t / NBASE;
    }
    u[0] = carry;
    carry = 0;
    for (int i = vn - 1; i >= 0; i--) {
        int32_t t = v_in[i] * d + carry;
        v[i] = t % NBASE;
        carry = t / NBASE;
    }
    DB_ASSERT(carry == 0 && v[0] >= NBASE / 2);
    for (int j = 0; j <= un - vn; j++) {
        /* D3: estimate qhat from the top of the window u[j..j+vn]. */
        int32_t num = u[j] * NBASE + u[j + 1];
        int32_t qhat = num / v[0];
        int32_t rhat = num % v[0];
        while (qhat >= NBASE || qhat * v[1] > rhat * NBASE + u[j + 2]) {
            qhat--;
            rhat += v[0];
            if (rhat >= NBASE)
                break;
        }
        /* D4: u[j..j+vn] -= qhat * v. */
        int32_t borrow = 0;
        carry = 0;
        for (int i = vn - 1; i >= 0; i--) {
            int32_t p = qhat * v[i] + carry;
            carry = p / NBASE;
            int32_t t = u[j + 1 + i] - p % NBASE - borrow;
            borrow = t < 0;
            u[j + 1 + i] = borrow ? t + NBASE : t;
        }
        int32_t top = u[j] - carry - borrow;
        if (top < 0) {
            /* D6: qhat was one too large; add v back. */
            qhat--;
            carry = 0;
            for (int i = vn - 1; i >= 0; i--) {
                int32_t s = u[j + 1 + i] + v[i] + carry;
                carry = s >= NBASE;
                u[j + 1 + i] = carry ? s - NBASE : s;
            }
            top += carry;
        }
        DB_ASSERT(top == 0);
        u[j] = top;
        q[j] = (int16_t)qhat;
    }
    xfree(u);
    xfree(v);
}

/* result = a / b to rscale digits, rounded or truncated, exactly (the
 * results of PostgreSQL's div_var, whose long division is exact). */
static int div_var(const struct var *a, const struct var *b, struct var *result, int rscale,
                   bool round, struct err *e)
{
    int n1 = a->ndigits, n2 = b->ndigits;
    if (n2 == 0 || b->digits[0] == 0)
        return err_div_zero(e);
    if (n2 <= 2) {
        int ival = b->digits[0];
        int iw = b->weight;
        if (n2 == 2) {
            ival = ival * NBASE + b->digits[1];
            iw--;
        }
        if (b->sign == NEG)
            ival = -ival;
        return div_var_int(a, ival, iw, result, rscale, round, e);
    }
    if (n1 == 0) {
        var_zero(result);
        result->dscale = rscale;
        return 0;
    }
    int res_sign = a->sign == b->sign ? POS : NEG;
    int res_weight = a->weight - b->weight;
    int res_ndigits = res_weight + 1 + (rscale + DEC_DIGITS - 1) / DEC_DIGITS;
    res_ndigits = MAX(res_ndigits, 1);
    if (round)
        res_ndigits++;
    /* With U and V the digit strings of |a| and |b| read as integers,
     * |a| / |b| * NBASE^(res_ndigits - 1 - res_weight) = U * NBASE^sh / V;
     * its floor has exactly res_ndigits digits (leading ones possibly zero)
     * and digit 0 has weight res_weight. A negative sh drops U's last -sh
     * digits, which cannot change the floor. */
    int sh = n2 - n1 + res_ndigits - 1;
    int un = n1 + sh;
    int16_t *buf = digitbuf(res_ndigits);
    int16_t *r = buf + 1;
    memset(r, 0, (size_t)res_ndigits * sizeof(int16_t));
    if (un >= n2) {
        int16_t *u = xcalloc((size_t)un, sizeof(int16_t));
        memcpy(u, a->digits, (size_t)MIN(n1, un) * sizeof(int16_t));
        int qn = un - n2 + 1;
        int16_t *q = xmalloc((size_t)qn * sizeof(int16_t));
        knuth_div(u, un, b->digits, n2, q);
        /* q < NBASE^res_ndigits: its leading surplus digits are zero. */
        for (int i = 0; i < qn; i++) {
            int pos = res_ndigits - qn + i;
            if (pos >= 0)
                r[pos] = q[i];
            else
                DB_ASSERT(q[i] == 0);
        }
        xfree(q);
        xfree(u);
    }
    var_take(result, buf, res_ndigits);
    result->weight = res_weight;
    result->sign = res_sign;
    if (round)
        round_var(result, rscale);
    else
        trunc_var(result, rscale);
    strip_var(result);
    return 0;
}

/* PostgreSQL's div_var_fast, step for step: quotient digits estimated in
 * floating point from the top four digits and corrected by later digits,
 * with DIV_GUARD_DIGITS guard digits; then rounded or truncated. Not exact
 * in the last guard digits, which is why it is reproduced literally. */
static int div_var_fast(const struct var *var1, const struct var *var2, struct var *result,
                        int rscale, bool round, struct err *e)
{
    int var1ndigits = var1->ndigits;
    int var2ndigits = var2->ndigits;
    const int16_t *var1digits = var1->digits;
    const int16_t *var2digits = var2->digits;

    if (var2ndigits == 0 || var2digits[0] == 0)
        return err_div_zero(e);
    if (var2ndigits <= 2) {
        int ival = var2digits[0];
        int iw = var2->weight;
        if (var2ndigits == 2) {
            ival = ival * NBASE + var2digits[1];
            iw--;
        }
        if (var2->sign == NEG)
            ival = -ival;
        return div_var_int(var1, ival, iw, result, rscale, round, e);
    }
    if (var1ndigits == 0) {
        var_zero(result);
        result->dscale = rscale;
        return 0;
    }
    int res_sign = var1->sign == var2->sign ? POS : NEG;
    int res_weight = var1->weight - var2->weight + 1;
    int div_ndigits = res_weight + 1 + (rscale + DEC_DIGITS - 1) / DEC_DIGITS;
    div_ndigits += DIV_GUARD_DIGITS;
    if (div_ndigits < DIV_GUARD_DIGITS)
        div_ndigits = DIV_GUARD_DIGITS;

    int *div = xcalloc((size_t)div_ndigits + 1, sizeof(int));
    int load_ndigits = MIN(div_ndigits, var1ndigits);
    for (int i = 0; i < load_ndigits; i++)
        div[i + 1] = var1digits[i];

    double fdivisor = (double)var2digits[0];
    for (int i = 1; i < 4; i++) {
        fdivisor *= NBASE;
        if (i < var2ndigits)
            fdivisor += (double)var2digits[i];
    }
    double fdivisorinverse = 1.0 / fdivisor;

    int maxdiv = 1;
    int qi;
    for (qi = 0; qi < div_ndigits; qi++) {
        double fdividend = (double)div[qi];
        for (int i = 1; i < 4; i++) {
            fdividend *= NBASE;
            if (qi + i <= div_ndigits)
                fdividend += (double)div[qi + i];
        }
        double fquotient = fdividend * fdivisorinverse;
        int qdigit = fquotient >= 0.0 ? (int)fquotient : ((int)fquotient) - 1;

        if (qdigit != 0) {
            maxdiv += abs(qdigit);
            if (maxdiv > (INT_MAX - INT_MAX / NBASE - 1) / (NBASE - 1)) {
                /* Normalise the entries prior subtractions touched. */
                int carry = 0;
                for (int i = MIN(qi + var2ndigits - 2, div_ndigits); i > qi; i--) {
                    int newdig = div[i] + carry;
                    if (newdig < 0) {
                        carry = -((-newdig - 1) / NBASE) - 1;
                        newdig -= carry * NBASE;
                    } else if (newdig >= NBASE) {
                        carry = newdig / NBASE;
                        newdig -= carry * NBASE;
                    } else {
                        carry = 0;
                    }
                    div[i] = newdig;
                }
                div[qi] += carry;
                maxdiv = 1;
                /* Re-estimate: carries may have reached the top digits. */
                fdividend = (double)div[qi];
                for (int i = 1; i < 4; i++) {
                    fdividend *= NBASE;
                    if (qi + i <= div_ndigits)
                        fdividend += (double)div[qi + i];
                }
                fquotient = fdividend * fdivisorinverse;
                qdigit = fquotient >= 0.0 ? (int)fquotient : ((int)fquotient) - 1;
                maxdiv += abs(qdigit);
            }
            if (qdigit != 0) {
                int istop = MIN(var2ndigits, div_ndigits - qi + 1);
                int *div_qi = &div[qi];
                for (int i = 0; i < istop; i++)
                    div_qi[i] -= qdigit * var2digits[i];
            }
        }
        /* Fold the remainder digit into the next position. PostgreSQL lets
         * div[qi] * NBASE wrap (it builds with -fwrapv) and relies on the sum
         * coming back in range; unsigned arithmetic does the same, defined. */
        div[qi + 1] = (int)(int32_t)((uint32_t)div[qi + 1] + (uint32_t)div[qi] * (uint32_t)NBASE);
        div[qi] = qdigit;
    }

    /* The last quotient digit, from div[div_ndigits] alone. */
    {
        double fdividend = (double)div[qi];
        for (int i = 1; i < 4; i++)
            fdividend *= NBASE;
        double fquotient = fdividend * fdivisorinverse;
        div[qi] = fquotient >= 0.0 ? (int)fquotient : ((int)fquotient) - 1;
    }

    /* Normalise the digits (some may be -1 or NBASE) into the result. */
    int16_t *buf = digitbuf(div_ndigits + 1);
    int carry = 0;
    for (int i = div_ndigits; i >= 0; i--) {
        int newdig = div[i] + carry;
        if (newdig < 0) {
            carry = -((-newdig - 1) / NBASE) - 1;
            newdig -= carry * NBASE;
        } else if (newdig >= NBASE) {
            carry = newdig / NBASE;
            newdig -= carry * NBASE;
        } else {
            carry = 0;
        }
        buf[1 + i] = (int16_t)newdig;
    }
    DB_ASSERT(carry == 0);
    xfree(div);
    var_take(result, buf, div_ndigits + 1);
    result->weight = res_weight;
    result->sign = res_sign;
    if (round)
        round_var(result, rscale);
    else
        trunc_var(result, rscale);
    strip_var(result);
    return 0;
}

/* The result scale of a / b (PostgreSQL's select_div_scale). */
static int select_div_scale(const struct var *a, const struct var *b)
{
    int w1 = 0, w2 = 0;
    int f1 = 0, f2 = 0;
    for (int i = 0; i < a->ndigits; i++) {
        f1 = a->digits[i];
        if (f1 != 0) {
            w1 = a->weight - i;
            break;
        }
    }
    for (int i = 0; i < b->ndigits; i++) {
        f2 = b->digits[i];
        if (f2 != 0) {
            w2 = b->weight - i;
            break;
        }
    }
    int qweight = w1 - w2;
    if (f1 <= f2)
        qweight--;
    int rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
    rscale = MAX(rscale, a->dscale);
    rscale = MAX(rscale, b->dscale);
    rscale = MAX(rscale, MIN_DISPLAY_SCALE);
    rscale = MIN(rscale, MAX_DISPLAY_SCALE);
    return rscale;
}

/* result = a mod b = a - trunc(a / b) * b. */
static int mod_var(const struct var *a, const struct var *b, struct var *result, struct err *e)
{
    struct var tmp = VAR_INIT;
    int rc = div_var(a, b, &tmp, 0, false, e);
    if (rc == 0) {
        mul_var(b, &tmp, &tmp, b->dscale);
        sub_var(a, &tmp, result);
    }
    var_free(&tmp);
    return rc;
}

/* Integer quotient and remainder of integers a and b > 0 (exact). */
static void div_mod_var(const struct var *a, const struct var *b, struct var *quot, struct var *rem)
{
    struct var q = VAR_INIT, r = VAR_INIT;
    int rc = div_var(a, b, &q, 0, false, NULL);
    DB_ASSERT(rc == 0);
    (void)rc;
    mul_var(b, &q, &r, b->dscale);
    sub_var(a, &r, &r);
    var_set(quot, &q);
    var_set(rem, &r);
    var_free(&q);
    var_free(&r);
}

/* ------------------------------------------------------------------------
 * Square root (exact: the correctly rounded root)
 * ------------------------------------------------------------------------ */

/* result = sqrt(arg) rounded to rscale (which may be negative); arg >= 0.
 * The integer square root of the leading src_ndigits digits of arg by
 * Zimmermann's Karatsuba square root, done iteratively from the innermost
 * (most significant) block outward as PostgreSQL's sqrt_var does: ndigits[]
 * lists the input digits consumed after each step. */
static void sqrt_var(const struct var *arg, struct var *result, int rscale)
{
    if (arg->ndigits == 0) {
        var_zero(result);
        result->dscale = rscale;
        return;
    }
    DB_ASSERT(arg->sign == POS);
    int res_weight = arg->weight >= 0 ? arg->weight / 2 : -((-arg->weight - 1) / 2 + 1);
    int res_ndigits;
    if (rscale + 1 >= 0)
        res_ndigits = res_weight + 1 + (rscale + DEC_DIGITS) / DEC_DIGITS;
    else
        res_ndigits = res_weight + 1 - (-rscale - 1) / DEC_DIGITS;
    res_ndigits = MAX(res_ndigits, 1);
    int src_ndigits = arg->weight + 1 + (res_ndigits - res_weight - 1) * 2;
    src_ndigits = MAX(src_ndigits, 1);

    int ndigits[32];
    int step = 0;
    while ((ndigits[step] = src_ndigits) > 4) {
        int blen = src_ndigits / 4;
        if (blen * 4 == src_ndigits && arg->digits[0] < NBASE / 4)
            blen--;
        src_ndigits -= 2 * blen;
        step++;
    }

    /* Innermost root: at most 4 digits, fits int64; double then Newton. */
    int64_t arg_int64 = arg->digits[0];
    int src_idx;
    for (src_idx = 1; src_idx < src_ndigits; src_idx++) {
        arg_int64 *= NBASE;
        if (src_idx < arg->ndigits)
            arg_int64 += arg->digits[src_idx];
    }
    int64_t s_int64 = (int64_t)sqrt((double)arg_int64);
    int64_t r_int64 = arg_int64 - s_int64 * s_int64;
    while (r_int64 < 0 || r_int64 > 2 * s_int64) {
        s_int64 = (s_int64 + arg_int64 / s_int64) / 2;
        r_int64 = arg_int64 - s_int64 * s_int64;
    }

    /* Steps with at most 8 input digits stay in int64 (see PostgreSQL's
     * bound: numer < 10^17, q^2 < 10^17). */
    step--;
    while (step >= 0 && (src_ndigits = ndigits[step]) <= 8) {
        int blen = (src_ndigits - src_idx) / 2;
        int64_t a0 = 0, a1 = 0, b = 1;
        for (int i = 0; i < blen; i++, src_idx++) {
            b *= NBASE;
            a1 *= NBASE;
            if (src_idx < arg->ndigits)
                a1 += arg->digits[src_idx];
        }
        for (int i = 0; i < blen; i++, src_idx++) {
            a0 *= NBASE;
            if (src_idx < arg->ndigits)
                a0 += arg->digits[src_idx];
        }
        int64_t numer = r_int64 * b + a1;
        int64_t denom = 2 * s_int64;
        int64_t q = numer / denom;
        int64_t u = numer - q * denom;
        s_int64 = s_int64 * b + q;
        r_int64 = u * b + a0 - q * q;
        if (r_int64 < 0) {
            r_int64 += s_int64;
            s_int64--;
            r_int64 += s_int64;
        }
        DB_ASSERT(src_idx == src_ndigits);
        step--;
    }

    struct var s_var = VAR_INIT, r_var = VAR_INIT, a0_var = VAR_INIT, a1_var = VAR_INIT;
    struct var q_var = VAR_INIT, u_var = VAR_INIT;
    var_from_int64(&s_var, s_int64);
    if (step >= 0)
        var_from_int64(&r_var, r_int64);

    while (step >= 0) {
        src_ndigits = ndigits[step];
        int blen = (src_ndigits - src_idx) / 2;
        /* a1 and a0: the next two blocks of blen input digits. */
        struct var *blk[2] = {&a1_var, &a0_var};
        for (int k = 0; k < 2; k++) {
            if (src_idx < arg->ndigits) {
                int len = MIN(blen, arg->ndigits - src_idx);
                var_alloc(blk[k], len);
                memcpy(blk[k]->digits, arg->digits + src_idx, (size_t)len * sizeof(int16_t));
                blk[k]->weight = blen - 1;
                blk[k]->sign = POS;
                blk[k]->dscale = 0;
                strip_var(blk[k]);
            } else {
                var_zero(blk[k]);
                blk[k]->dscale = 0;
            }
            src_idx += blen;
        }
        /* (q, u) = divmod(r * b + a1, 2 * s) */
        var_set(&q_var, &r_var);
        if (q_var.ndigits > 0)
            q_var.weight += blen;
        add_var(&q_var, &a1_var, &q_var);
        add_var(&s_var, &s_var, &u_var);
        div_mod_var(&q_var, &u_var, &q_var, &u_var);
        /* s = s * b + q */
        if (s_var.ndigits > 0)
            s_var.weight += blen;
        add_var(&s_var, &q_var, &s_var);
        /* r = u * b + a0 - q^2 */
        if (u_var.ndigits > 0)
            u_var.weight += blen;
        add_var(&u_var, &a0_var, &u_var);
        mul_var(&q_var, &q_var, &q_var, 0);
        if (step > 0) {
            sub_var(&u_var, &q_var, &r_var);
            if (r_var.sign == NEG) {
                add_var(&r_var, &s_var, &r_var);
                sub_var(&s_var, &const_one, &s_var);
                add_var(&r_var, &s_var, &r_var);
            }
        } else if (cmp_var(&u_var, &q_var) < 0) {
            sub_var(&s_var, &const_one, &s_var);
        }
        DB_ASSERT(src_idx == src_ndigits);
        step--;
    }

    /* s holds the root's res_ndigits digits (leading digit nonzero). */
    var_set(result, &s_var);
    result->weight = res_weight;
    result->sign = POS;
    round_var(result, rscale);
    strip_var(result);

    var_free(&s_var);
    var_free(&r_var);
    var_free(&a0_var);
    var_free(&a1_var);
    var_free(&q_var);
    var_free(&u_var);
}

/* ------------------------------------------------------------------------
 * Text form of a working value (PostgreSQL's get_str_from_var)
 * ------------------------------------------------------------------------ */

/* Append the plain decimal form of finite v with max(dscale, 0) digits after
 * the point. */
static void var_to_sbuf(const struct var *v, struct sbuf *b)
{
    int dscale = MAX(v->dscale, 0);
    int before = (v->weight + 1) * DEC_DIGITS;
    sbuf_reserve(b, (size_t)MAX(before, 1) + (size_t)dscale + DEC_DIGITS + 2);
    if (v->sign == NEG)
        sbuf_putc(b, '-');
    int d;
    if (v->weight < 0) {
        d = v->weight + 1;
        sbuf_putc(b, '0');
    } else {
        for (d = 0; d <= v->weight; d++) {
            int dig = d < v->ndigits ? v->digits[d] : 0;
            char tmp[4];
            for (int k = 3; k >= 0; k--) {
                tmp[k] = (char)('0' + dig % 10);
                dig /= 10;
            }
            /* In the first digit, suppress leading decimal zeroes. */
            int k = 0;
            if (d == 0)
                while (k < 3 && tmp[k] == '0')
                    k++;
            sbuf_append(b, tmp + k, (size_t)(4 - k));
        }
    }
    if (dscale > 0) {
        sbuf_putc(b, '.');
        size_t end = b->len + (size_t)dscale;
        for (int i = 0; i < dscale; d++, i += DEC_DIGITS) {
            int dig = d >= 0 && d < v->ndigits ? v->digits[d] : 0;
            char tmp[4];
            for (int k = 3; k >= 0; k--) {
                tmp[k] = (char)('0' + dig % 10);
                dig /= 10;
            }
            sbuf_append(b, tmp, 4);
        }
        b->len = end;
        b->data[end] = '\0';
    }
}

/* PostgreSQL's numericvar_to_double_no_overflow: via text, ignoring ERANGE. */
static double var_to_double(const struct var *v)
{
    struct sbuf b;
    sbuf_init(&b);
    var_to_sbuf(v, &b);
    double val = strtod(b.data, NULL);
    sbuf_free(&b);
    return val;
}

/* ------------------------------------------------------------------------
 * exp, ln, log, power (PostgreSQL's exp_var, ln_var, log_var, power_var,
 * power_var_int, with their working scales)
 * ------------------------------------------------------------------------ */

/* result = e^arg rounded to rscale. Taylor series after halving arg until
 * |arg| <= 0.01, then squaring back. */
static int exp_var(const struct var *arg, struct var *result, int rscale, struct err *e)
{
    double val = var_to_double(arg);
    /* Guard against overflow/underflow (power_var shares this limit). */
    if (fabs(val) >= MAX_RESULT_SCALE * 3) {
        if (val > 0)
            return err_overflow(e);
        var_zero(result);
        result->dscale = rscale;
        return 0;
    }
    struct var x = VAR_INIT, elem = VAR_INIT;
    var_set(&x, arg);

    /* decimal weight = log10(e^x) = x * log10(e) */
    int dweight = (int)(val * 0.434294481903252);

    /* Reduce x to about -0.01 <= x <= 0.01 by dividing by 2^ndiv2; the
     * overflow check bounds ndiv2 by 20. */
    int ndiv2 = 0;
    if (fabs(val) > 0.01) {
        ndiv2 = 1;
        val /= 2;
        while (fabs(val) > 0.01) {
            ndiv2++;
            val /= 2;
        }
        int local_rscale = x.dscale + ndiv2;
        (void)div_var_int(&x, 1 << ndiv2, 0, &x, local_rscale, true, NULL);
    }

    /* The result has dweight + rscale + 1 significant digits; squaring
     * ndiv2 times loses up to ndiv2 * log10(2) more; add 8 for margin. */
    int sig_digits = 1 + dweight + rscale + (int)(ndiv2 * 0.301029995663981);
    sig_digits = MAX(sig_digits, 0) + 8;
    int local_rscale = sig_digits - 1;

    /* exp(x) = 1 + x + x^2/2! + x^3/3! + ... */
    add_var(&const_one, &x, result);
    mul_var(&x, &x, &elem, local_rscale);
    int ni = 2;
    (void)div_var_int(&elem, ni, 0, &elem, local_rscale, true, NULL);
    while (elem.ndigits != 0) {
        add_var(result, &elem, result);
        mul_var(&elem, &x, &elem, local_rscale);
        ni++;
        (void)div_var_int(&elem, ni, 0, &elem, local_rscale, true, NULL);
    }

    /* Undo the range reduction; each squaring doubles the weight, so the
     * scale can shrink as we go. */
    while (ndiv2-- > 0) {
        local_rscale = sig_digits - result->weight * 2 * DEC_DIGITS;
        local_rscale = MAX(local_rscale, MIN_DISPLAY_SCALE);
        mul_var(result, result, result, local_rscale);
    }
    round_var(result, rscale);
    var_free(&x);
    var_free(&elem);
    return 0;
}

/* Decimal weight of ln(v), estimated (PostgreSQL's estimate_ln_dweight). */
static int estimate_ln_dweight(const struct var *v)
{
    if (v->sign != POS)
        return 0;
    if (cmp_var(v, &const_zero_point_nine) >= 0 && cmp_var(v, &const_one_point_one) <= 0) {
        /* 0.9 <= v <= 1.1: ln(v) ~= v - 1, possibly of very small weight. */
        struct var x = VAR_INIT;
        int dw = 0;
        sub_var(v, &const_one, &x);
        if (x.ndigits > 0)
            dw = x.weight * DEC_DIGITS + (int)log10(x.digits[0]);
        var_free(&x);
        return dw;
    }
    if (v->ndigits == 0)
        return 0;
    int digits = v->digits[0];
    int dweight = v->weight * DEC_DIGITS;
    if (v->ndigits > 1) {
        digits = digits * NBASE + v->digits[1];
        dweight -= DEC_DIGITS;
    }
    /* v ~= digits * 10^dweight, so ln(v) ~= ln(digits) + dweight * ln(10) */
    double ln_v = log((double)digits) + dweight * 2.302585092994046;
    return (int)log10(fabs(ln_v));
}

static int err_log_zero(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "2201E", "cannot take logarithm of zero");
}

static int err_log_negative(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "2201E", "cannot take logarithm of a negative number");
}

/* result = ln(arg) rounded to rscale: square roots bring arg into
 * (0.9, 1.1), then the series for atanh: ln(x) = 2 * (z + z^3/3 + z^5/5 +
 * ...), z = (x - 1) / (x + 1). */
static int ln_var(const struct var *arg, struct var *result, int rscale, struct err *e)
{
    int c = cmp_var(arg, &const_zero);
    if (c == 0)
        return err_log_zero(e);
    if (c < 0)
        return err_log_negative(e);

    struct var x = VAR_INIT, xx = VAR_INIT, elem = VAR_INIT, fact = VAR_INIT;
    var_set(&x, arg);
    var_set(&fact, &const_two);

    /* Each sqrt halves x's weight; keep about rscale + 8 significant digits
     * (the scale may go negative for huge inputs: sqrt_var rounds left of
     * the point then). */
    int nsqrt = 0;
    while (cmp_var(&x, &const_zero_point_nine) <= 0) {
        int local_rscale = rscale - x.weight * DEC_DIGITS / 2 + 8;
        sqrt_var(&x, &x, local_rscale);
        mul_var(&fact, &const_two, &fact, 0);
        nsqrt++;
    }
    while (cmp_var(&x, &const_one_point_one) >= 0) {
        int local_rscale = rscale - x.weight * DEC_DIGITS / 2 + 8;
        sqrt_var(&x, &x, local_rscale);
        mul_var(&fact, &const_two, &fact, 0);
        nsqrt++;
    }

    /* The series is multiplied by 2^(nsqrt + 1): that many more digits. */
    int local_rscale = rscale + (int)((nsqrt + 1) * 0.301029995663981) + 8;

    sub_var(&x, &const_one, result);
    add_var(&x, &const_one, &elem);
    int rc = div_var_fast(result, &elem, result, local_rscale, true, e);
    DB_ASSERT(rc == 0);
    var_set(&xx, result);
    mul_var(result, result, &x, local_rscale);

    int ni = 1;
    for (;;) {
        ni += 2;
        mul_var(&xx, &x, &xx, local_rscale);
        (void)div_var_int(&xx, ni, 0, &elem, local_rscale, true, NULL);
        if (elem.ndigits == 0)
            break;
        add_var(result, &elem, result);
        if (elem.weight < (result->weight - local_rscale * 2 / DEC_DIGITS))
            break;
    }

    /* Compensate for the range reduction, rounding to rscale. */
    mul_var(result, &fact, result, rscale);

    var_free(&x);
    var_free(&xx);
    var_free(&elem);
    var_free(&fact);
    return rc;
}

/* result = log_base(num) = ln(num) / ln(base), with PostgreSQL's scale. */
static int log_var(const struct var *base, const struct var *num, struct var *result, struct err *e)
{
    int ln_base_dweight = estimate_ln_dweight(base);
    int ln_num_dweight = estimate_ln_dweight(num);
    int result_dweight = ln_num_dweight - ln_base_dweight;

    int rscale = MIN_SIG_DIGITS - result_dweight;
    rscale = MAX(rscale, base->dscale);
    rscale = MAX(rscale, num->dscale);
    rscale = MAX(rscale, MIN_DISPLAY_SCALE);
    rscale = MIN(rscale, MAX_DISPLAY_SCALE);

    int ln_base_rscale = rscale + result_dweight - ln_base_dweight + 8;
    ln_base_rscale = MAX(ln_base_rscale, MIN_DISPLAY_SCALE);
    int ln_num_rscale = rscale + result_dweight - ln_num_dweight + 8;
    ln_num_rscale = MAX(ln_num_rscale, MIN_DISPLAY_SCALE);

    struct var ln_base = VAR_INIT, ln_num = VAR_INIT;
    int rc = ln_var(base, &ln_base, ln_base_rscale, e);
    if (rc == 0)
        rc = ln_var(num, &ln_num, ln_num_rscale, e);
    if (rc == 0)
        rc = div_var_fast(&ln_num, &ln_base, result, rscale, true, e);
    var_free(&ln_num);
    var_free(&ln_base);
    return rc;
}

/* Whether v (finite) is an integer, and if so whether it fits int64. */
static bool var_to_int64(const struct var *v, int64_t *out);

/* result = base ^ exp for an int exponent, rounded to rscale: binary
 * powering with working scales that keep the needed significant digits. */
static int power_var_int(const struct var *base, int exp, struct var *result, int rscale,
                         struct err *e)
{
    switch (exp) {
    case 0:
        /* 0 ^ 0 is 1, as SQL:2003 and most languages have it. */
        var_set(result, &const_one);
        result->dscale = rscale;
        return 0;
    case 1:
        var_set(result, base);
        round_var(result, rscale);
        return 0;
    case -1:
        return div_var(&const_one, base, result, rscale, true, e);
    case 2:
        mul_var(base, base, result, rscale);
        return 0;
    default:
        break;
    }
    if (base->ndigits == 0) {
        if (exp < 0)
            return err_div_zero(e);
        var_zero(result);
        result->dscale = rscale;
        return 0;
    }

    /* Estimate log10(result) = exp * log10(base) from base ~= f * 10^p. */
    double f = base->digits[0];
    int p = base->weight * DEC_DIGITS;
    for (int i = 1; i < base->ndigits && i * DEC_DIGITS < 16; i++) {
        f = f * NBASE + base->digits[i];
        p -= DEC_DIGITS;
    }
    f = exp * (log10(f) + p);

    /* Crude overflow/underflow tests to leave early. */
    if (f > 3 * SHRT_MAX * DEC_DIGITS)
        return err_overflow(e);
    if (f + 1 < -rscale || f + 1 < -MAX_DISPLAY_SCALE) {
        var_zero(result);
        result->dscale = rscale;
        return 0;
    }

    /* Significant digits needed, plus up to log10(|exp|) lost to rounding in
     * the multiplications, plus a margin. */
    int sig_digits = 1 + rscale + (int)f;
    sig_digits += (int)log(fabs((double)exp)) + 8;

    bool neg = exp < 0;
    unsigned int mask = exp < 0 ? 0u - (unsigned int)exp : (unsigned int)exp;

    struct var base_prod = VAR_INIT;
    var_set(&base_prod, base);
    if (mask & 1)
        var_set(result, base);
    else
        var_set(result, &const_one);

    while ((mask >>= 1) > 0) {
        int local_rscale = sig_digits - 2 * base_prod.weight * DEC_DIGITS;
        local_rscale = MIN(local_rscale, 2 * base_prod.dscale);
        local_rscale = MAX(local_rscale, MIN_DISPLAY_SCALE);
        mul_var(&base_prod, &base_prod, &base_prod, local_rscale);

        if (mask & 1) {
            local_rscale = sig_digits - (base_prod.weight + result->weight) * DEC_DIGITS;
            local_rscale = MIN(local_rscale, base_prod.dscale + result->dscale);
            local_rscale = MAX(local_rscale, MIN_DISPLAY_SCALE);
            mul_var(&base_prod, result, result, local_rscale);
        }

        /* Past int16 weights the result surely overflows (or, for a
         * negative exponent, underflows to zero): stop multiplying. */
        if (base_prod.weight > SHRT_MAX || result->weight > SHRT_MAX) {
            if (!neg) {
                var_free(&base_prod);
                return err_overflow(e);
            }
            var_zero(result);
            neg = false;
            break;
        }
    }
    var_free(&base_prod);

    if (neg)
        return div_var_fast(&const_one, result, result, rscale, true, e);
    round_var(result, rscale);
    return 0;
}

static int err_power_complex(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "2201F",
                         "a negative number raised to a non-integer power yields a complex result");
}

/* result = base ^ exp (finite), with PostgreSQL's power_var scale rules. */
static int power_var(const struct var *base, const struct var *exp, struct var *result,
                     struct err *e)
{
    /* An integral exponent that fits int32: power_var_int. */
    if (exp->ndigits == 0 || exp->ndigits <= exp->weight + 1) {
        int64_t expval64;
        if (var_to_int64(exp, &expval64) && expval64 >= INT32_MIN && expval64 <= INT32_MAX) {
            int rscale = MIN_SIG_DIGITS;
            rscale = MAX(rscale, base->dscale);
            rscale = MAX(rscale, MIN_DISPLAY_SCALE);
            rscale = MIN(rscale, MAX_DISPLAY_SCALE);
            return power_var_int(base, (int)expval64, result, rscale, e);
        }
    }

    /* 0 ^ non-integer (0 ^ 0 was handled above): no log(0). */
    if (cmp_var(base, &const_zero) == 0) {
        var_zero(result);
        result->dscale = MIN_SIG_DIGITS;
        return 0;
    }

    struct var abs_base = VAR_INIT, ln_base = VAR_INIT, ln_num = VAR_INIT;
    int res_sign = POS;
    int rc = 0;
    if (base->sign == NEG) {
        /* A negative base needs an integral exponent; odd gives negative. */
        if (exp->ndigits > 0 && exp->ndigits > exp->weight + 1)
            return err_power_complex(e);
        if (exp->ndigits > 0 && exp->ndigits == exp->weight + 1 &&
            (exp->digits[exp->ndigits - 1] & 1))
            res_sign = NEG;
        var_set(&abs_base, base);
        abs_base.sign = POS;
        base = &abs_base;
    }

    /* First a low-precision exp * ln(base) (about 8 significant digits of
     * ln) for the result's weight and a crude overflow test; exp_var makes
     * the exact decision. */
    int ln_dweight = estimate_ln_dweight(base);
    int local_rscale = 8 - ln_dweight;
    local_rscale = MAX(local_rscale, MIN_DISPLAY_SCALE);
    rc = ln_var(base, &ln_base, local_rscale, e);
    if (rc < 0)
        goto out;
    mul_var(&ln_base, exp, &ln_num, local_rscale);
    double val = var_to_double(&ln_num);
    if (fabs(val) > MAX_RESULT_SCALE * 3.01) {
        if (val > 0) {
            rc = err_overflow(e);
            goto out;
        }
        var_zero(result);
        result->dscale = MAX_DISPLAY_SCALE;
        goto out;
    }
    val *= 0.434294481903252; /* approximate decimal result weight */

    int rscale = MIN_SIG_DIGITS - (int)val;
    rscale = MAX(rscale, base->dscale);
    rscale = MAX(rscale, exp->dscale);
    rscale = MAX(rscale, MIN_DISPLAY_SCALE);
    rscale = MIN(rscale, MAX_DISPLAY_SCALE);

    int sig_digits = rscale + (int)val;
    sig_digits = MAX(sig_digits, 0);

    local_rscale = sig_digits - ln_dweight + 8;
    local_rscale = MAX(local_rscale, MIN_DISPLAY_SCALE);

    rc = ln_var(base, &ln_base, local_rscale, e);
    if (rc < 0)
        goto out;
    mul_var(&ln_base, exp, &ln_num, local_rscale);
    rc = exp_var(&ln_num, result, rscale, e);
    if (rc < 0)
        goto out;
    if (res_sign == NEG && result->ndigits > 0)
        result->sign = NEG;
out:
    var_free(&ln_num);
    var_free(&ln_base);
    var_free(&abs_base);
    return rc;
}

/* ------------------------------------------------------------------------
 * Integer conversion of working values
 * ------------------------------------------------------------------------ */

/* Round v to an integer (half away from zero) and convert; false when it
 * does not fit int64 (PostgreSQL's numericvar_to_int64). */
static bool var_to_int64(const struct var *v, int64_t *out)
{
    struct var r = VAR_INIT;
    var_set(&r, v);
    round_var(&r, 0);
    strip_var(&r);
    bool ok = true;
    if (r.ndigits == 0) {
        *out = 0;
        goto done;
    }
    /* Stripped trailing zero digits still count: weight + 1 digits. */
    {
        bool neg = r.sign == NEG;
        int64_t val = -(int64_t)r.digits[0];
        for (int i = 1; i <= r.weight; i++) {
            if (val < (INT64_MIN + (i < r.ndigits ? r.digits[i] : 0)) / NBASE) {
                ok = false;
                goto done;
            }
            val *= NBASE;
            if (i < r.ndigits)
                val -= r.digits[i];
        }
        if (!neg) {
            if (val == INT64_MIN) {
                ok = false;
                goto done;
            }
            val = -val;
        }
        *out = val;
    }
done:
    var_free(&r);
    return ok;
}

/* ------------------------------------------------------------------------
 * Type modifier
 * ------------------------------------------------------------------------ */

static bool typmod_valid(int32_t typmod)
{
    return typmod >= TYPMOD_OFFSET;
}

int32_t sql_num_typmod_precision(int32_t typmod)
{
    return ((typmod - TYPMOD_OFFSET) >> 16) & 0xffff;
}

int32_t sql_num_typmod_scale(int32_t typmod)
{
    /* An 11-bit two's complement field. */
    return (((typmod - TYPMOD_OFFSET) & 0x7ff) ^ 1024) - 1024;
}

int sql_num_typmod(int32_t precision, int32_t scale, int32_t *typmod, struct err *e)
{
    if (precision < 1 || precision > SQL_NUM_MAX_PRECISION)
        return err_set_state(e, ERR_INVAL, "22023", "NUMERIC precision %d must be between 1 and %d",
                             (int)precision, SQL_NUM_MAX_PRECISION);
    if (scale < SQL_NUM_MIN_SCALE || scale > SQL_NUM_MAX_SCALE)
        return err_set_state(e, ERR_INVAL, "22023", "NUMERIC scale %d must be between %d and %d",
                             (int)scale, SQL_NUM_MIN_SCALE, SQL_NUM_MAX_SCALE);
    *typmod = ((precision << 16) | (scale & 0x7ff)) + TYPMOD_OFFSET;
    return 0;
}

/* PostgreSQL's apply_typmod: round v (owned) to the typmod's scale and check
 * that it fits the precision. */
static int apply_typmod(struct var *v, int32_t typmod, struct err *e)
{
    if (!typmod_valid(typmod))
        return 0;
    int precision = sql_num_typmod_precision(typmod);
    int scale = sql_num_typmod_scale(typmod);
    int maxdigits = precision - scale;
    round_var(v, scale);
    if (v->dscale < 0)
        v->dscale = 0;
    /* Rounding may have raised the weight; leading zero digits may inflate
     * it; a true zero fits anything. */
    int ddigits = (v->weight + 1) * DEC_DIGITS;
    if (ddigits <= maxdigits)
        return 0;
    for (int i = 0; i < v->ndigits; i++) {
        int dig = v->digits[i];
        if (dig) {
            if (dig < 10)
                ddigits -= 3;
            else if (dig < 100)
                ddigits -= 2;
            else if (dig < 1000)
                ddigits -= 1;
            if (ddigits > maxdigits)
                return err_set_state(e, ERR_INVAL, "22003",
                                     "numeric field overflow" SQL_NUM_DETAIL_SEP
                                     "A field with precision %d, scale %d must round to an "
                                     "absolute value less than %s%d.",
                                     precision, scale, maxdigits ? "10^" : "",
                                     maxdigits ? maxdigits : 1);
            break;
        }
        ddigits -= DEC_DIGITS;
    }
    return 0;
}

/* PostgreSQL's apply_typmod_special: infinities fit no typmod. */
static int apply_typmod_special(int sign, int32_t typmod, struct err *e)
{
    if (sign == NAN_ || !typmod_valid(typmod))
        return 0;
    return err_set_state(e, ERR_INVAL, "22003",
                         "numeric field overflow" SQL_NUM_DETAIL_SEP
                         "A field with precision %d, scale %d cannot hold an infinite value.",
                         (int)sql_num_typmod_precision(typmod), (int)sql_num_typmod_scale(typmod));
}

int sql_num_apply_typmod(struct mem_ctx *ctx, const struct sql_num *x, int32_t typmod,
                         struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(x)) {
        int rc = apply_typmod_special((int)x->sign, typmod, e);
        if (rc == 0)
            *out = *x;
        return rc;
    }
    struct var v = VAR_INIT;
    var_from_num(&v, x);
    var_set(&v, &v);
    int rc = apply_typmod(&v, typmod, e);
    if (rc == 0)
        rc = make_result(ctx, &v, out, e);
    var_free(&v);
    return rc;
}

/* ------------------------------------------------------------------------
 * Text input
 * ------------------------------------------------------------------------ */

/* isspace() of the C locale, which PostgreSQL's numeric_in uses. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* pg_strncasecmp(s, word, strlen(word)) == 0 for ASCII word. */
static bool has_prefix_ci(const char *s, const char *word)
{
    for (; *word; s++, word++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        char w = *word;
        if (w >= 'A' && w <= 'Z')
            w = (char)(w - 'A' + 'a');
        if (c != w)
            return false;
    }
    return true;
}

/* Digits right of this decimal position never matter: without a typmod a
 * value having any is out of range (dscale > 16383); with one it is rounded
 * at a scale <= 1000, which looks one digit further. */
#define PARSE_MIN_POS (-(SQL_NUM_DSCALE_MAX + 8))
/* A first significant digit at or above this decimal position means weight
 * > 32767: out of range, and over every typmod's precision. */
#define PARSE_MAX_POS ((int64_t)(SQL_NUM_WEIGHT_MAX + 1) * DEC_DIGITS)

/* Base-NBASE index of decimal position p (floor(p / 4)). */
static int nbase_pos(int64_t p)
{
    return (int)(p >= 0 ? p / DEC_DIGITS : -((-p - 1) / DEC_DIGITS) - 1);
}

/* What parse_number found. */
struct parsed {
    int64_t dscale; /* PostgreSQL's dscale for the text, before any typmod */
    bool too_big;   /* first significant digit at or above PARSE_MAX_POS */
};

/* PostgreSQL's set_var_from_str, reading the number at cp (str is the whole
 * input, for messages); *endp is where it stopped. Unlike PostgreSQL it does
 * not copy every digit: it converts only the significant span clipped to
 * [PARSE_MIN_POS, PARSE_MAX_POS), so memory does not grow with the input's
 * length. dest gets the (clipped) value, its sign and a dscale clamped to
 * int; out-of-range conditions are reported in *pr for the caller to raise
 * in PostgreSQL's order (syntax, then typmod, then range). */
static int parse_number(const char *str, const char *cp, struct var *dest, struct parsed *pr,
                        const char **endp, struct err *e)
{
    int sign = POS;
    bool have_dp = false;
    if (*cp == '+') {
        cp++;
    } else if (*cp == '-') {
        sign = NEG;
        cp++;
    }
    if (*cp == '.') {
        have_dp = true;
        cp++;
    }
    if (!is_digit(*cp))
        return err_syntax(e, str);

    /* dweight = digits before the point - 1, dscale = digits after; the k-th
     * digit (from 0) has decimal position dweight - k. */
    const char *start = cp;
    int64_t dweight = -1, dscale = 0, ndig = 0;
    int64_t first_nz = -1, last_nz = -1;
    for (;;) {
        if (is_digit(*cp)) {
            if (*cp != '0') {
                if (first_nz < 0)
                    first_nz = ndig;
                last_nz = ndig;
            }
            ndig++;
            if (have_dp)
                dscale++;
            else
                dweight++;
            cp++;
        } else if (*cp == '.') {
            if (have_dp)
                return err_syntax(e, str);
            have_dp = true;
            cp++;
        } else {
            break;
        }
    }
    const char *digits_end = cp;

    if (*cp == 'e' || *cp == 'E') {
        /* As strtol(cp + 1, &end, 10): blanks, a sign, digits; saturating. */
        const char *p = cp + 1;
        while (is_space(*p))
            p++;
        bool eneg = false;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        if (!is_digit(*p))
            return err_syntax(e, str);
        int64_t exponent = 0;
        for (; is_digit(*p); p++)
            if (exponent < INT64_MAX / 100)
                exponent = exponent * 10 + (*p - '0');
        if (eneg)
            exponent = -exponent;
        cp = p;
        /* PostgreSQL's bound, reported as make_result would. */
        if (exponent >= INT_MAX / 2 || exponent <= -(INT_MAX / 2))
            return err_overflow(e);
        dweight += exponent;
        dscale -= exponent;
        if (dscale < 0)
            dscale = 0;
    }
    *endp = cp;

    pr->dscale = dscale;
    pr->too_big = false;
    var_zero(dest);
    dest->dscale = (int)MIN(dscale, (int64_t)INT_MAX / 2);
    if (first_nz < 0)
        return 0;
    int64_t top = dweight - first_nz;   /* position of the first nonzero digit */
    int64_t bottom = dweight - last_nz; /* ... and of the last */
    if (top >= PARSE_MAX_POS) {
        pr->too_big = true;
        return 0;
    }
    bottom = MAX(bottom, (int64_t)PARSE_MIN_POS);
    if (top < bottom)
        return 0; /* every significant digit is beyond reach: zero */

    int wtop = nbase_pos(top);
    int n = wtop - nbase_pos(bottom) + 1;
    var_alloc(dest, n);
    memset(dest->digits, 0, (size_t)n * sizeof(int16_t));
    dest->weight = wtop;
    dest->sign = sign;
    static const int pow10[DEC_DIGITS] = {1, 10, 100, 1000};
    /* Second pass over the digits, placing the significant ones. */
    int64_t k = 0;
    for (const char *p = start; p < digits_end && k <= last_nz; p++) {
        if (*p == '.')
            continue;
        int64_t pos = dweight - k;
        k++;
        if (*p == '0' || pos < bottom || pos > top)
            continue;
        int w = nbase_pos(pos);
        int r = (int)(pos - (int64_t)w * DEC_DIGITS);
        int16_t *d = &dest->digits[wtop - w];
        *d = (int16_t)(*d + (*p - '0') * pow10[r]);
    }
    strip_var(dest);
    return 0;
}

/* The typmod error of a value too big for any precision. */
static int typmod_too_big(int32_t typmod, struct err *e)
{
    struct var big = VAR_INIT;
    var_set(&big, &const_one);
    big.weight = SQL_NUM_WEIGHT_MAX + 1;
    int rc = apply_typmod(&big, typmod, e);
    var_free(&big);
    DB_ASSERT(rc < 0);
    return rc;
}

int sql_num_in(struct mem_ctx *ctx, const char *s, int32_t typmod, struct sql_num *out,
               struct err *e)
{
    const char *cp = s;
    while (is_space(*cp))
        cp++;

    /* NaN and the infinities: the strings float8in accepts. */
    int special = 0;
    if (has_prefix_ci(cp, "NaN")) {
        special = NAN_;
        cp += 3;
    } else if (has_prefix_ci(cp, "Infinity")) {
        special = PINF;
        cp += 8;
    } else if (has_prefix_ci(cp, "+Infinity")) {
        special = PINF;
        cp += 9;
    } else if (has_prefix_ci(cp, "-Infinity")) {
        special = NINF;
        cp += 9;
    } else if (has_prefix_ci(cp, "inf")) {
        special = PINF;
        cp += 3;
    } else if (has_prefix_ci(cp, "+inf")) {
        special = PINF;
        cp += 4;
    } else if (has_prefix_ci(cp, "-inf")) {
        special = NINF;
        cp += 4;
    }
    if (special) {
        for (; *cp; cp++)
            if (!is_space(*cp))
                return err_syntax(e, s);
        int rc = apply_typmod_special(special, typmod, e);
        if (rc == 0)
            *out = (struct sql_num){.sign = (enum sql_num_sign)special};
        return rc;
    }

    struct var v = VAR_INIT;
    struct parsed pr = {0, false};
    int rc = parse_number(s, cp, &v, &pr, &cp, e);
    if (rc < 0)
        goto out;
    /* Trailing junk is a syntax error before any range or typmod error. */
    for (; *cp; cp++) {
        if (!is_space(*cp)) {
            rc = err_syntax(e, s);
            goto out;
        }
    }
    if (typmod_valid(typmod)) {
        rc = pr.too_big ? typmod_too_big(typmod, e) : apply_typmod(&v, typmod, e);
        if (rc < 0)
            goto out;
    } else if (pr.too_big || pr.dscale > SQL_NUM_DSCALE_MAX) {
        rc = err_overflow(e);
        goto out;
    }
    rc = make_result(ctx, &v, out, e);
out:
    var_free(&v);
    return rc;
}

/* ------------------------------------------------------------------------
 * Constants and properties
 * ------------------------------------------------------------------------ */

struct sql_num sql_num_zero(void)
{
    return (struct sql_num){.sign = SQL_NUM_POS};
}

struct sql_num sql_num_nan(void)
{
    return (struct sql_num){.sign = SQL_NUM_NAN};
}

struct sql_num sql_num_pinf(void)
{
    return (struct sql_num){.sign = SQL_NUM_PINF};
}

struct sql_num sql_num_ninf(void)
{
    return (struct sql_num){.sign = SQL_NUM_NINF};
}

bool sql_num_is_nan(const struct sql_num *x)
{
    return x->sign == SQL_NUM_NAN;
}

bool sql_num_is_inf(const struct sql_num *x)
{
    return x->sign == SQL_NUM_PINF || x->sign == SQL_NUM_NINF;
}

bool sql_num_is_special(const struct sql_num *x)
{
    return x->sign != SQL_NUM_POS && x->sign != SQL_NUM_NEG;
}

/* Decimal places the digits of finite x occupy right of the point. */
static int min_scale_of(const int16_t *digits, int ndigits, int weight)
{
    int last = ndigits - 1;
    while (last >= 0 && digits[last] == 0)
        last--;
    if (last < 0)
        return 0;
    int ms = (last - weight) * DEC_DIGITS;
    if (ms <= 0)
        return 0;
    int d = digits[last];
    while (d % 10 == 0) {
        ms--;
        d /= 10;
    }
    return ms;
}

bool sql_num_valid(const struct sql_num *x)
{
    switch (x->sign) {
    case SQL_NUM_NAN:
    case SQL_NUM_PINF:
    case SQL_NUM_NINF:
        return x->ndigits == 0 && x->weight == 0 && x->dscale == 0;
    case SQL_NUM_POS:
    case SQL_NUM_NEG:
        break;
    default:
        return false;
    }
    if (x->dscale < 0 || x->dscale > SQL_NUM_DSCALE_MAX || x->ndigits < 0)
        return false;
    if (x->ndigits == 0)
        return x->weight == 0 && x->sign == SQL_NUM_POS;
    if (x->digits == NULL || x->digits[0] == 0 || x->digits[x->ndigits - 1] == 0)
        return false;
    for (int i = 0; i < x->ndigits; i++)
        if (x->digits[i] < 0 || x->digits[i] >= NBASE)
            return false;
    if (x->weight > SQL_NUM_WEIGHT_MAX || x->weight < -SQL_NUM_WEIGHT_MAX - 1)
        return false;
    return min_scale_of(x->digits, x->ndigits, x->weight) <= x->dscale;
}

void sql_num_copy(struct mem_ctx *ctx, const struct sql_num *src, struct sql_num *dst)
{
    int16_t *d = NULL;
    if (src->ndigits > 0) {
        d = mem_alloc(ctx, (size_t)src->ndigits * sizeof(int16_t));
        memcpy(d, src->digits, (size_t)src->ndigits * sizeof(int16_t));
    }
    *dst = *src;
    dst->digits = d;
}

/* ------------------------------------------------------------------------
 * Text output
 * ------------------------------------------------------------------------ */

static const char *special_str(int sign)
{
    return sign == NAN_ ? "NaN" : sign == PINF ? "Infinity" : "-Infinity";
}

void sql_num_out_sbuf(const struct sql_num *x, struct sbuf *b)
{
    if (sql_num_is_special(x)) {
        sbuf_puts(b, special_str((int)x->sign));
        return;
    }
    struct var v;
    var_from_num(&v, x);
    var_to_sbuf(&v, b);
}

char *sql_num_out(struct mem_ctx *ctx, const struct sql_num *x)
{
    struct sbuf b;
    sbuf_init(&b);
    sql_num_out_sbuf(x, &b);
    char *s = mem_strndup(ctx, b.data, b.len);
    sbuf_free(&b);
    return s;
}

char *sql_num_out_sci(struct mem_ctx *ctx, const struct sql_num *x, int scale)
{
    if (sql_num_is_special(x))
        return mem_strdup(ctx, special_str((int)x->sign));
    scale = MAX(scale, 0);
    scale = MIN(scale, MAX_DISPLAY_SCALE);
    struct var v;
    var_from_num(&v, x);
    /* Exponent with one significant digit before the point; 0 for zero. */
    int exponent = 0;
    if (v.ndigits > 0)
        exponent = (v.weight + 1) * DEC_DIGITS - (DEC_DIGITS - (int)log10(v.digits[0]));
    /* 10^exponent (PostgreSQL's power_ten_int). */
    struct var ten = VAR_INIT;
    var_set(&ten, &const_one);
    ten.dscale = exponent < 0 ? -exponent : 0;
    ten.weight = exponent >= 0 ? exponent / DEC_DIGITS : (exponent + 1) / DEC_DIGITS - 1;
    for (int k = exponent - ten.weight * DEC_DIGITS; k > 0; k--)
        ten.digits[0] = (int16_t)(ten.digits[0] * 10);
    struct var sig = VAR_INIT;
    int rc = div_var(&v, &ten, &sig, scale, true, NULL);
    DB_ASSERT(rc == 0);
    (void)rc;
    struct sbuf b;
    sbuf_init(&b);
    var_to_sbuf(&sig, &b);
    sbuf_printf(&b, "e%+03d", exponent);
    char *s = mem_strndup(ctx, b.data, b.len);
    sbuf_free(&b);
    var_free(&ten);
    var_free(&sig);
    return s;
}

/* More padding zeros than this and keyenc prints scientific notation. */
#define KEY_PLAIN_MAX_PAD 20

void sql_num_key_string(const struct sql_num *x, struct sbuf *b)
{
    if (sql_num_is_special(x)) {
        sbuf_puts(b, special_str((int)x->sign));
        return;
    }
    if (x->ndigits == 0) {
        sbuf_putc(b, '0');
        return;
    }
    /* The significant decimal digits D (k of them) and E with x = 0.D * 10^E,
     * printed exactly as kv/keyenc.c's decoder prints them. */
    struct sbuf dg;
    sbuf_init(&dg);
    for (int i = 0; i < x->ndigits; i++)
        sbuf_printf(&dg, "%04d", x->digits[i]);
    size_t lead = 0;
    while (dg.data[lead] == '0')
        lead++;
    size_t end = dg.len;
    while (dg.data[end - 1] == '0')
        end--;
    const char *d = dg.data + lead;
    int64_t k = (int64_t)(end - lead);
    int64_t ex = (int64_t)(x->weight + 1) * DEC_DIGITS - (int64_t)lead;
    if (x->sign == SQL_NUM_NEG)
        sbuf_putc(b, '-');
    int64_t pad = ex >= k ? ex - k : (ex <= 0 ? -ex : 0);
    if (pad > KEY_PLAIN_MAX_PAD) {
        sbuf_putc(b, d[0]);
        if (k > 1) {
            sbuf_putc(b, '.');
            sbuf_append(b, d + 1, (size_t)(k - 1));
        }
        sbuf_printf(b, "e%+" PRId64, ex - 1);
    } else if (ex <= 0) {
        sbuf_puts(b, "0.");
        for (int64_t i = 0; i < -ex; i++)
            sbuf_putc(b, '0');
        sbuf_append(b, d, (size_t)k);
    } else {
        for (int64_t i = 0; i < k || i < ex; i++) {
            if (i == ex)
                sbuf_putc(b, '.');
            sbuf_putc(b, i < k ? d[i] : '0');
        }
    }
    sbuf_free(&dg);
}

/* ------------------------------------------------------------------------
 * Binary wire format (numeric_send / numeric_recv)
 * ------------------------------------------------------------------------ */

static void put_u16(struct sbuf *b, unsigned v)
{
    char two[2] = {(char)((v >> 8) & 0xff), (char)(v & 0xff)};
    sbuf_append(b, two, 2);
}

static unsigned get_u16(const uint8_t *p)
{
    return ((unsigned)p[0] << 8) | p[1];
}

void sql_num_send(const struct sql_num *x, struct sbuf *b)
{
    sbuf_reserve(b, SQL_NUM_SEND_SIZE(x->ndigits));
    put_u16(b, (unsigned)x->ndigits);
    put_u16(b, (unsigned)(uint16_t)(int16_t)x->weight);
    put_u16(b, (unsigned)x->sign);
    put_u16(b, (unsigned)x->dscale);
    for (int i = 0; i < x->ndigits; i++)
        put_u16(b, (unsigned)x->digits[i]);
}

static int err_short_message(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "08P01", "insufficient data left in message");
}

static int err_bad_external(struct err *e, const char *what)
{
    return err_set_state(e, ERR_INVAL, "22P03", "invalid %s in external \"numeric\" value", what);
}

int sql_num_recv(struct mem_ctx *ctx, const uint8_t *p, size_t n, int32_t typmod,
                 struct sql_num *out, struct err *e)
{
    /* Fields are read and checked in PostgreSQL's order, so the first
     * problem met is the one reported. */
    size_t off = 0;
    if (n - off < 2)
        return err_short_message(e);
    int len = (int)get_u16(p + off);
    off += 2;
    if (n - off < 2)
        return err_short_message(e);
    int weight = (int16_t)get_u16(p + off);
    off += 2;
    if (n - off < 2)
        return err_short_message(e);
    int sign = (int)get_u16(p + off);
    off += 2;
    if (!(sign == POS || sign == NEG || sign == NAN_ || sign == PINF || sign == NINF))
        return err_bad_external(e, "sign");
    if (n - off < 2)
        return err_short_message(e);
    int dscale = (int)get_u16(p + off);
    off += 2;
    if ((dscale & SQL_NUM_DSCALE_MAX) != dscale)
        return err_bad_external(e, "scale");

    struct var v = VAR_INIT;
    int rc = 0;
    var_alloc(&v, len);
    for (int i = 0; i < len; i++) {
        if (n - off < 2) {
            rc = err_short_message(e);
            goto out;
        }
        int d = (int16_t)get_u16(p + off);
        off += 2;
        if (d < 0 || d >= NBASE) {
            rc = err_bad_external(e, "digit");
            goto out;
        }
        v.digits[i] = (int16_t)d;
    }
    v.weight = weight;
    v.sign = sign;
    v.dscale = dscale;
    struct sql_num res;
    if (sign == POS || sign == NEG) {
        /* Digits the dscale hides are truncated away, as PostgreSQL does. */
        trunc_var(&v, dscale);
        rc = apply_typmod(&v, typmod, e);
        if (rc == 0)
            rc = make_result(ctx, &v, &res, e);
    } else {
        rc = apply_typmod_special(sign, typmod, e);
        res = (struct sql_num){.sign = (enum sql_num_sign)sign};
    }
    /* The caller of numeric_recv checks that it used every byte. */
    if (rc == 0 && off != n)
        rc = err_set_state(e, ERR_INVAL, "22P03", "incorrect binary data format");
    if (rc == 0)
        *out = res;
out:
    var_free(&v);
    return rc;
}

/* ------------------------------------------------------------------------
 * Storage encoding (see numeric.h)
 * ------------------------------------------------------------------------ */

#define ENC_SHORT        0x8000u
#define ENC_SHORT_SIGN   0x2000u
#define ENC_SHORT_DSHIFT 7
#define ENC_SHORT_DMASK  0x1F80u
#define ENC_SHORT_WSIGN  0x0040u
#define ENC_SHORT_WMASK  0x003Fu
#define ENC_LONG_NEG     0x4000u

static bool enc_short(const struct sql_num *x)
{
    return x->dscale <= 63 && x->weight >= -64 && x->weight <= 63;
}

size_t sql_num_encoded_size(const struct sql_num *x)
{
    if (sql_num_is_special(x))
        return 2;
    return (enc_short(x) ? 2 : 4) + 2 * (size_t)x->ndigits;
}

void sql_num_encode(const struct sql_num *x, struct sbuf *b)
{
    DB_ASSERT(sql_num_valid(x));
    if (sql_num_is_special(x)) {
        put_u16(b, (unsigned)x->sign);
        return;
    }
    sbuf_reserve(b, sql_num_encoded_size(x));
    if (enc_short(x)) {
        unsigned h = ENC_SHORT | ((unsigned)x->dscale << ENC_SHORT_DSHIFT) |
                     ((unsigned)x->weight & (ENC_SHORT_WSIGN | ENC_SHORT_WMASK));
        if (x->sign == SQL_NUM_NEG)
            h |= ENC_SHORT_SIGN;
        put_u16(b, h);
    } else {
        put_u16(b, (x->sign == SQL_NUM_NEG ? ENC_LONG_NEG : 0u) | (unsigned)x->dscale);
        put_u16(b, (unsigned)(uint16_t)(int16_t)x->weight);
    }
    for (int i = 0; i < x->ndigits; i++)
        put_u16(b, (unsigned)x->digits[i]);
}

int sql_num_decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, struct sql_num *out,
                   struct err *e)
{
    if (n < 2 || n % 2 != 0)
        return err_set(e, ERR_CORRUPT, "numeric: bad length %zu", n);
    unsigned h = get_u16(p);
    struct sql_num x = {0};
    size_t hdr;
    if ((h & 0xC000u) == 0xC000u) {
        if (n != 2 || (h != SQL_NUM_NAN && h != SQL_NUM_PINF && h != SQL_NUM_NINF))
            return err_set(e, ERR_CORRUPT, "numeric: bad special value 0x%04x", h);
        *out = (struct sql_num){.sign = (enum sql_num_sign)h};
        return 0;
    }
    if (h & ENC_SHORT) {
        hdr = 2;
        x.sign = (h & ENC_SHORT_SIGN) ? SQL_NUM_NEG : SQL_NUM_POS;
        x.dscale = (int32_t)((h & ENC_SHORT_DMASK) >> ENC_SHORT_DSHIFT);
        x.weight = (int32_t)(h & ENC_SHORT_WMASK) - ((h & ENC_SHORT_WSIGN) ? 64 : 0);
    } else {
        if (n < 4)
            return err_set(e, ERR_CORRUPT, "numeric: truncated header");
        hdr = 4;
        x.sign = (h & ENC_LONG_NEG) ? SQL_NUM_NEG : SQL_NUM_POS;
        x.dscale = (int32_t)(h & SQL_NUM_DSCALE_MAX);
        x.weight = (int16_t)get_u16(p + 2);
    }
    x.ndigits = (int32_t)((n - hdr) / 2);
    int16_t *d = NULL;
    if (x.ndigits > 0) {
        d = mem_alloc(ctx, (size_t)x.ndigits * sizeof(int16_t));
        for (int i = 0; i < x.ndigits; i++)
            d[i] = (int16_t)get_u16(p + hdr + 2 * (size_t)i);
    }
    x.digits = d;
    if (!sql_num_valid(&x) || (hdr == 2) != enc_short(&x))
        return err_set(e, ERR_CORRUPT, "numeric: non-canonical or invalid encoding");
    *out = x;
    return 0;
}

/* ------------------------------------------------------------------------
 * Comparison and hashing
 * ------------------------------------------------------------------------ */

int sql_num_cmp(const struct sql_num *a, const struct sql_num *b)
{
    if (sql_num_is_special(a)) {
        if (a->sign == SQL_NUM_NAN)
            return b->sign == SQL_NUM_NAN ? 0 : 1;
        if (a->sign == SQL_NUM_PINF)
            return b->sign == SQL_NUM_NAN ? -1 : b->sign == SQL_NUM_PINF ? 0 : 1;
        return b->sign == SQL_NUM_NINF ? 0 : -1;
    }
    if (sql_num_is_special(b))
        return b->sign == SQL_NUM_NINF ? 1 : -1;
    struct var va, vb;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    return cmp_var(&va, &vb);
}

uint64_t sql_num_hash(const struct sql_num *x, uint64_t seed)
{
    /* Valid values are stripped, so equal values have equal sign, weight and
     * digits whatever their dscale. */
    uint8_t hdr[8];
    uint32_t w = (uint32_t)x->weight;
    uint32_t s = (uint32_t)x->sign;
    for (int i = 0; i < 4; i++) {
        hdr[i] = (uint8_t)(w >> (8 * i));
        hdr[4 + i] = (uint8_t)(s >> (8 * i));
    }
    uint64_t h = hash_bytes(hdr, sizeof(hdr), seed);
    if (x->ndigits > 0)
        h = hash_bytes(x->digits, (size_t)x->ndigits * sizeof(int16_t), h);
    return h;
}

/* ------------------------------------------------------------------------
 * Operators and functions
 * ------------------------------------------------------------------------ */

/* -1, 0, 1 for finite values and infinities (PostgreSQL's
 * numeric_sign_internal; never called on NaN). */
static int sign_internal(const struct sql_num *x)
{
    DB_ASSERT(x->sign != SQL_NUM_NAN);
    if (x->sign == SQL_NUM_PINF)
        return 1;
    if (x->sign == SQL_NUM_NINF)
        return -1;
    if (x->ndigits == 0)
        return 0;
    return x->sign == SQL_NUM_NEG ? -1 : 1;
}

static struct sql_num special(int sign)
{
    return (struct sql_num){.sign = (enum sql_num_sign)sign};
}

/* Integral: no digits right of the point; infinities count, NaN not. */
static bool is_integral(const struct sql_num *x)
{
    if (sql_num_is_special(x))
        return x->sign != SQL_NUM_NAN;
    return x->ndigits == 0 || x->ndigits <= x->weight + 1;
}

int sql_num_add(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a) || sql_num_is_special(b)) {
        if (a->sign == SQL_NUM_NAN || b->sign == SQL_NUM_NAN)
            *out = special(NAN_);
        else if (a->sign == SQL_NUM_PINF)
            *out = special(b->sign == SQL_NUM_NINF ? NAN_ : PINF); /* Inf + -Inf */
        else if (a->sign == SQL_NUM_NINF)
            *out = special(b->sign == SQL_NUM_PINF ? NAN_ : NINF);
        else
            *out = special((int)b->sign); /* a finite, b infinite */
        return 0;
    }
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    add_var(&va, &vb, &r);
    int rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_sub(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a) || sql_num_is_special(b)) {
        if (a->sign == SQL_NUM_NAN || b->sign == SQL_NUM_NAN)
            *out = special(NAN_);
        else if (a->sign == SQL_NUM_PINF)
            *out = special(b->sign == SQL_NUM_PINF ? NAN_ : PINF); /* Inf - Inf */
        else if (a->sign == SQL_NUM_NINF)
            *out = special(b->sign == SQL_NUM_NINF ? NAN_ : NINF);
        else
            *out = special(b->sign == SQL_NUM_PINF ? NINF : PINF);
        return 0;
    }
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    sub_var(&va, &vb, &r);
    int rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

/* Infinity times a value of sign s: NaN for zero. */
static struct sql_num inf_times(bool pos_inf, int s)
{
    if (s == 0)
        return special(NAN_);
    return special((s > 0) == pos_inf ? PINF : NINF);
}

int sql_num_mul(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a) || sql_num_is_special(b)) {
        if (a->sign == SQL_NUM_NAN || b->sign == SQL_NUM_NAN)
            *out = special(NAN_);
        else if (sql_num_is_inf(a))
            *out = inf_times(a->sign == SQL_NUM_PINF, sign_internal(b));
        else
            *out = inf_times(b->sign == SQL_NUM_PINF, sign_internal(a));
        return 0;
    }
    /* The exact product; rounded only when it has more places than a value
     * may (rounding the exact product keeps it correctly rounded). */
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    mul_var(&va, &vb, &r, va.dscale + vb.dscale);
    if (r.dscale > SQL_NUM_DSCALE_MAX)
        round_var(&r, SQL_NUM_DSCALE_MAX);
    int rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

/* Special cases shared by / and div(): NaN, infinities, then "finite /
 * infinity = 0". Returns 1 when *out is set, 0 to go on, or an error. */
static int div_special(const struct sql_num *a, const struct sql_num *b, struct sql_num *out,
                       struct err *e)
{
    if (!sql_num_is_special(a) && !sql_num_is_special(b))
        return 0;
    if (a->sign == SQL_NUM_NAN || b->sign == SQL_NUM_NAN) {
        *out = special(NAN_);
        return 1;
    }
    if (sql_num_is_inf(a)) {
        if (sql_num_is_special(b)) {
            *out = special(NAN_); /* Inf / Inf */
            return 1;
        }
        int s = sign_internal(b);
        if (s == 0)
            return err_div_zero(e);
        *out = special((s > 0) == (a->sign == SQL_NUM_PINF) ? PINF : NINF);
        return 1;
    }
    /* finite / infinite: zero (numeric does not underflow to -0) */
    *out = sql_num_zero();
    return 1;
}

int sql_num_div(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e)
{
    int rc = div_special(a, b, out, e);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    int rscale = select_div_scale(&va, &vb);
    rc = div_var(&va, &vb, &r, rscale, true, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_div_trunc(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                      struct sql_num *out, struct err *e)
{
    int rc = div_special(a, b, out, e);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    rc = div_var(&va, &vb, &r, 0, false, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_mod(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a) || sql_num_is_special(b)) {
        if (a->sign == SQL_NUM_NAN || b->sign == SQL_NUM_NAN) {
            *out = special(NAN_);
        } else if (sql_num_is_inf(a)) {
            if (sign_internal(b) == 0)
                return err_div_zero(e);
            *out = special(NAN_); /* Inf % nonzero */
        } else {
            sql_num_copy(ctx, a, out); /* finite % Inf = a */
        }
        return 0;
    }
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    int rc = mod_var(&va, &vb, &r, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

void sql_num_neg(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out)
{
    sql_num_copy(ctx, a, out);
    if (a->sign == SQL_NUM_PINF)
        out->sign = SQL_NUM_NINF;
    else if (a->sign == SQL_NUM_NINF)
        out->sign = SQL_NUM_PINF;
    else if (a->ndigits > 0 && !sql_num_is_special(a))
        out->sign = a->sign == SQL_NUM_POS ? SQL_NUM_NEG : SQL_NUM_POS;
}

void sql_num_abs(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out)
{
    sql_num_copy(ctx, a, out);
    if (a->sign == SQL_NUM_NINF)
        out->sign = SQL_NUM_PINF;
    else if (a->sign == SQL_NUM_NEG)
        out->sign = SQL_NUM_POS;
}

void sql_num_sign_of(const struct sql_num *a, struct sql_num *out)
{
    static const int16_t one[1] = {1};
    if (a->sign == SQL_NUM_NAN) {
        *out = special(NAN_);
        return;
    }
    int s = sign_internal(a);
    if (s == 0) {
        *out = sql_num_zero();
        return;
    }
    *out = (struct sql_num){.sign = s > 0 ? SQL_NUM_POS : SQL_NUM_NEG, .ndigits = 1, .digits = one};
}

/* round() and trunc(): PostgreSQL (numeric_round / numeric_trunc) clamps
 * the scale to what a value can hold — one digit more than the largest
 * weight before the point (a rounding carry), SQL_NUM_DSCALE_MAX after it —
 * and shows a negative scale as 0. */
static int round_or_trunc(struct mem_ctx *ctx, const struct sql_num *a, int32_t s, bool round,
                          struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a)) {
        *out = *a;
        return 0;
    }
    s = MAX(s, -(SQL_NUM_WEIGHT_MAX + 1) * DEC_DIGITS - 1);
    s = MIN(s, SQL_NUM_DSCALE_MAX);
    struct var v;
    var_from_num(&v, a);
    var_set(&v, &v);
    if (round)
        round_var(&v, s);
    else
        trunc_var(&v, s);
    if (s < 0)
        v.dscale = 0;
    int rc = make_result(ctx, &v, out, e);
    var_free(&v);
    return rc;
}

int sql_num_round(struct mem_ctx *ctx, const struct sql_num *a, int32_t s, struct sql_num *out,
                  struct err *e)
{
    return round_or_trunc(ctx, a, s, true, out, e);
}

int sql_num_trunc(struct mem_ctx *ctx, const struct sql_num *a, int32_t s, struct sql_num *out,
                  struct err *e)
{
    return round_or_trunc(ctx, a, s, false, out, e);
}

static int ceil_floor(struct mem_ctx *ctx, const struct sql_num *a, bool ceil, struct sql_num *out,
                      struct err *e)
{
    if (sql_num_is_special(a)) {
        *out = *a;
        return 0;
    }
    struct var v, t = VAR_INIT;
    var_from_num(&v, a);
    var_set(&t, &v);
    trunc_var(&t, 0);
    if (ceil && v.sign == POS && cmp_var(&v, &t) != 0)
        add_var(&t, &const_one, &t);
    if (!ceil && v.sign == NEG && cmp_var(&v, &t) != 0)
        sub_var(&t, &const_one, &t);
    int rc = make_result(ctx, &t, out, e);
    var_free(&t);
    return rc;
}

int sql_num_ceil(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e)
{
    return ceil_floor(ctx, a, true, out, e);
}

int sql_num_floor(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e)
{
    return ceil_floor(ctx, a, false, out, e);
}

static int err_sqrt_negative(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "2201F", "cannot take square root of a negative number");
}

int sql_num_sqrt(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a)) {
        if (a->sign == SQL_NUM_NINF)
            return err_sqrt_negative(e);
        *out = *a;
        return 0;
    }
    if (a->sign == SQL_NUM_NEG && a->ndigits > 0)
        return err_sqrt_negative(e);
    struct var v, r = VAR_INIT;
    var_from_num(&v, a);
    /* At least 16 significant digits, and no fewer places than the input. */
    int sweight = (v.weight + 1) * DEC_DIGITS / 2 - 1;
    int rscale = MIN_SIG_DIGITS - sweight;
    rscale = MAX(rscale, v.dscale);
    rscale = MAX(rscale, MIN_DISPLAY_SCALE);
    rscale = MIN(rscale, MAX_DISPLAY_SCALE);
    sqrt_var(&v, &r, rscale);
    int rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_exp(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a)) {
        *out = a->sign == SQL_NUM_NINF ? sql_num_zero() : *a;
        return 0;
    }
    struct var v, r = VAR_INIT;
    var_from_num(&v, a);
    /* log10(result) = a * log10(e): about the result's decimal weight. */
    double val = var_to_double(&v) * 0.434294481903252;
    val = MAX(val, -MAX_RESULT_SCALE);
    val = MIN(val, MAX_RESULT_SCALE);
    int rscale = MIN_SIG_DIGITS - (int)val;
    rscale = MAX(rscale, v.dscale);
    rscale = MAX(rscale, MIN_DISPLAY_SCALE);
    rscale = MIN(rscale, MAX_DISPLAY_SCALE);
    int rc = exp_var(&v, &r, rscale, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_ln(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(a)) {
        if (a->sign == SQL_NUM_NINF)
            return err_log_negative(e);
        *out = *a;
        return 0;
    }
    struct var v, r = VAR_INIT;
    var_from_num(&v, a);
    int ln_dweight = estimate_ln_dweight(&v);
    int rscale = MIN_SIG_DIGITS - ln_dweight;
    rscale = MAX(rscale, v.dscale);
    rscale = MAX(rscale, MIN_DISPLAY_SCALE);
    rscale = MIN(rscale, MAX_DISPLAY_SCALE);
    int rc = ln_var(&v, &r, rscale, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_log(struct mem_ctx *ctx, const struct sql_num *base, const struct sql_num *x,
                struct sql_num *out, struct err *e)
{
    if (sql_num_is_special(base) || sql_num_is_special(x)) {
        if (base->sign == SQL_NUM_NAN || x->sign == SQL_NUM_NAN) {
            *out = special(NAN_);
            return 0;
        }
        int s1 = sign_internal(base), s2 = sign_internal(x);
        if (s1 < 0 || s2 < 0)
            return err_log_negative(e);
        if (s1 == 0 || s2 == 0)
            return err_log_zero(e);
        if (base->sign == SQL_NUM_PINF)
            /* log(Inf, Inf) is Inf / Inf: NaN; log(Inf, finite) is 0. */
            *out = x->sign == SQL_NUM_PINF ? special(NAN_) : sql_num_zero();
        else
            *out = special(PINF); /* log(finite, Inf) */
        return 0;
    }
    struct var vb, vx, r = VAR_INIT;
    var_from_num(&vb, base);
    var_from_num(&vx, x);
    int rc = log_var(&vb, &vx, &r, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

int sql_num_log10(struct mem_ctx *ctx, const struct sql_num *x, struct sql_num *out, struct err *e)
{
    static const int16_t ten[1] = {10};
    struct sql_num b = {.sign = SQL_NUM_POS, .ndigits = 1, .digits = ten};
    return sql_num_log(ctx, &b, x, out, e);
}

static int err_zero_negative_power(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "2201F", "zero raised to a negative power is undefined");
}

static bool var_is_one(const struct sql_num *x, int sign)
{
    return x->sign == (enum sql_num_sign)sign && x->ndigits == 1 && x->weight == 0 &&
           x->digits[0] == 1;
}

int sql_num_power(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                  struct sql_num *out, struct err *e)
{
    static const int16_t one_digit[1] = {1};
    const struct sql_num one = {.sign = SQL_NUM_POS, .ndigits = 1, .digits = one_digit};
    if (sql_num_is_special(a) || sql_num_is_special(b)) {
        /* POSIX pow(): NaN ^ 0 = 1 and 1 ^ NaN = 1; other NaN cases NaN. */
        if (a->sign == SQL_NUM_NAN) {
            *out = !sql_num_is_special(b) && b->ndigits == 0 ? one : special(NAN_);
            return 0;
        }
        if (b->sign == SQL_NUM_NAN) {
            *out = var_is_one(a, POS) ? one : special(NAN_);
            return 0;
        }
        int s1 = sign_internal(a), s2 = sign_internal(b);
        if (s1 == 0 && s2 < 0)
            return err_zero_negative_power(e);
        if (s1 < 0 && !is_integral(b))
            return err_power_complex(e);
        if (var_is_one(a, POS) || s2 == 0 || var_is_one(a, NEG)) {
            /* 1 ^ y = 1; x ^ 0 = 1; -1 ^ +-Inf = 1 (b is special here
             * whenever a is finite) */
            *out = one;
            return 0;
        }
        if (sql_num_is_inf(b)) {
            /* |x| > 1: +Inf for y = +Inf, 0 for -Inf; |x| < 1: reversed. */
            bool abs_gt_one;
            if (sql_num_is_special(a)) {
                abs_gt_one = true;
            } else {
                struct var va;
                var_from_num(&va, a);
                va.sign = POS;
                abs_gt_one = cmp_var(&va, &const_one) > 0;
            }
            *out = abs_gt_one == (s2 > 0) ? special(PINF) : sql_num_zero();
            return 0;
        }
        if (a->sign == SQL_NUM_PINF) {
            *out = s2 > 0 ? special(PINF) : sql_num_zero();
            return 0;
        }
        /* a = -Inf, b finite nonzero integer-or-not with s1 < 0 checked
         * above: odd integer > 0 gives -Inf, other y > 0 +Inf, y < 0 0. */
        if (s2 > 0) {
            bool odd =
                b->ndigits > 0 && b->ndigits == b->weight + 1 && (b->digits[b->ndigits - 1] & 1);
            *out = special(odd ? NINF : PINF);
        } else {
            *out = sql_num_zero();
        }
        return 0;
    }
    /* SQL wants 2201F, not division by zero, for 0 ^ negative. */
    if (a->ndigits == 0 && b->sign == SQL_NUM_NEG && b->ndigits > 0)
        return err_zero_negative_power(e);
    struct var va, vb, r = VAR_INIT;
    var_from_num(&va, a);
    var_from_num(&vb, b);
    int rc = power_var(&va, &vb, &r, e);
    if (rc == 0)
        rc = make_result(ctx, &r, out, e);
    var_free(&r);
    return rc;
}

bool sql_num_scale(const struct sql_num *a, int32_t *scale)
{
    if (sql_num_is_special(a))
        return false;
    *scale = a->dscale;
    return true;
}

bool sql_num_min_scale(const struct sql_num *a, int32_t *scale)
{
    if (sql_num_is_special(a))
        return false;
    *scale = min_scale_of(a->digits, a->ndigits, a->weight);
    return true;
}

void sql_num_trim_scale(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out)
{
    sql_num_copy(ctx, a, out);
    if (!sql_num_is_special(a))
        out->dscale = min_scale_of(a->digits, a->ndigits, a->weight);
}

static int err_width_bucket(struct err *e, const char *msg)
{
    return err_set_state(e, ERR_INVAL, "2201G", "%s", msg);
}

int sql_num_width_bucket(const struct sql_num *operand, const struct sql_num *low,
                         const struct sql_num *high, int32_t count, int32_t *bucket, struct err *e)
{
    if (count <= 0)
        return err_width_bucket(e, "count must be greater than zero");
    if (sql_num_is_special(operand) || sql_num_is_special(low) || sql_num_is_special(high)) {
        if (sql_num_is_nan(operand) || sql_num_is_nan(low) || sql_num_is_nan(high))
            return err_width_bucket(e, "operand, lower bound, and upper bound cannot be NaN");
        if (sql_num_is_inf(low) || sql_num_is_inf(high))
            return err_width_bucket(e, "lower and upper bounds must be finite");
    }
    int c = sql_num_cmp(low, high);
    if (c == 0)
        return err_width_bucket(e, "lower bound cannot equal upper bound");
    struct var result = VAR_INIT, count_var = VAR_INIT;
    var_from_int64(&count_var, count);
    bool reversed = c > 0;
    if (reversed ? sql_num_cmp(operand, low) > 0 : sql_num_cmp(operand, low) < 0) {
        var_zero(&result);
    } else if (reversed ? sql_num_cmp(operand, high) <= 0 : sql_num_cmp(operand, high) >= 0) {
        add_var(&count_var, &const_one, &result);
    } else {
        /* PostgreSQL 15's compute_bucket: (operand - low) * count /
         * (high - low) divided at select_div_scale and rounded, + 1, floor. */
        struct var b1, b2, op;
        struct var num = VAR_INIT, den = VAR_INIT;
        var_from_num(&b1, low);
        var_from_num(&b2, high);
        var_from_num(&op, operand);
        if (!reversed) {
            sub_var(&op, &b1, &num);
            sub_var(&b2, &b1, &den);
        } else {
            sub_var(&b1, &op, &num);
            sub_var(&b1, &b2, &den);
        }
        mul_var(&num, &count_var, &num, num.dscale + count_var.dscale);
        int rc = div_var(&num, &den, &result, select_div_scale(&num, &den), true, NULL);
        DB_ASSERT(rc == 0);
        (void)rc;
        add_var(&result, &const_one, &result);
        /* floor (result >= 1 here, so truncation) */
        trunc_var(&result, 0);
        strip_var(&result);
        var_free(&num);
        var_free(&den);
    }
    int64_t v;
    int rc = 0;
    if (!var_to_int64(&result, &v) || v < INT32_MIN || v > INT32_MAX)
        rc = err_set_state(e, ERR_INVAL, "22003", "integer out of range");
    else
        *bucket = (int32_t)v;
    var_free(&result);
    var_free(&count_var);
    return rc;
}

/* ------------------------------------------------------------------------
 * Conversions
 * ------------------------------------------------------------------------ */

void sql_num_from_int64(struct mem_ctx *ctx, int64_t v, struct sql_num *out)
{
    struct var r = VAR_INIT;
    var_from_int64(&r, v);
    make_result_ok(ctx, &r, out);
    var_free(&r);
}

/* Shared by the integer conversions: PostgreSQL's messages name the type. */
static int to_int(const struct sql_num *x, int64_t lo, int64_t hi, const char *name,
                  const char *range_msg, int64_t *v, struct err *e)
{
    if (sql_num_is_special(x)) {
        if (x->sign == SQL_NUM_NAN)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000", "cannot convert NaN to %s", name);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "cannot convert infinity to %s", name);
    }
    struct var xv;
    var_from_num(&xv, x);
    int64_t r = 0;
    if (!var_to_int64(&xv, &r) || r < lo || r > hi)
        return err_set_state(e, ERR_INVAL, "22003", "%s", range_msg);
    *v = r;
    return 0;
}

int sql_num_to_int16(const struct sql_num *x, int16_t *v, struct err *e)
{
    int64_t r = 0;
    int rc = to_int(x, INT16_MIN, INT16_MAX, "smallint", "smallint out of range", &r, e);
    if (rc == 0)
        *v = (int16_t)r;
    return rc;
}

int sql_num_to_int32(const struct sql_num *x, int32_t *v, struct err *e)
{
    int64_t r = 0;
    int rc = to_int(x, INT32_MIN, INT32_MAX, "integer", "integer out of range", &r, e);
    if (rc == 0)
        *v = (int32_t)r;
    return rc;
}

int sql_num_to_int64(const struct sql_num *x, int64_t *v, struct err *e)
{
    return to_int(x, INT64_MIN, INT64_MAX, "bigint", "bigint out of range", v, e);
}

/* float8_numeric / float4_numeric: print with %.*g, parse as numeric. */
static void from_float_text(struct mem_ctx *ctx, double v, int digits, struct sql_num *out)
{
    if (isnan(v)) {
        *out = special(NAN_);
        return;
    }
    if (isinf(v)) {
        *out = special(v < 0 ? NINF : PINF);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*g", digits, v);
    int rc = sql_num_in(ctx, buf, SQL_NUM_TYPMOD_NONE, out, NULL);
    DB_ASSERT(rc == 0);
    (void)rc;
}

void sql_num_from_double(struct mem_ctx *ctx, double v, struct sql_num *out)
{
    from_float_text(ctx, v, DBL_DIG, out);
}

void sql_num_from_float(struct mem_ctx *ctx, float v, struct sql_num *out)
{
    from_float_text(ctx, (double)v, FLT_DIG, out);
}

int sql_num_to_double(const struct sql_num *x, double *v, struct err *e)
{
    if (sql_num_is_special(x)) {
        *v = x->sign == SQL_NUM_NAN    ? (double)NAN
             : x->sign == SQL_NUM_PINF ? (double)INFINITY
                                       : -(double)INFINITY;
        return 0;
    }
    /* numeric_out then float8in, which refuses overflow and underflow to
     * zero but accepts denormals. */
    struct sbuf b;
    sbuf_init(&b);
    sql_num_out_sbuf(x, &b);
    errno = 0;
    double r = strtod(b.data, NULL);
    int rc = 0;
    if (errno == ERANGE && (r == 0.0 || r >= HUGE_VAL || r <= -HUGE_VAL))
        rc = err_set_state(e, ERR_INVAL, "22003",
                           "\"%s\" is out of range for type double precision", b.data);
    else
        *v = r;
    sbuf_free(&b);
    return rc;
}

int sql_num_to_float(const struct sql_num *x, float *v, struct err *e)
{
    if (sql_num_is_special(x)) {
        *v = x->sign == SQL_NUM_NAN ? NAN : x->sign == SQL_NUM_PINF ? INFINITY : -INFINITY;
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    sql_num_out_sbuf(x, &b);
    errno = 0;
    float r = strtof(b.data, NULL);
    int rc = 0;
    if (errno == ERANGE && (r == 0.0f || r >= HUGE_VALF || r <= -HUGE_VALF))
        rc = err_set_state(e, ERR_INVAL, "22003", "\"%s\" is out of range for type real", b.data);
    else
        *v = r;
    sbuf_free(&b);
    return rc;
}

/* ------------------------------------------------------------------------
 * Aggregation (sum, avg)
 * ------------------------------------------------------------------------ */

/* A sum of finite numerics, as PostgreSQL's NumericSumAccum: positive and
 * negative inputs are added digit-wise into separate int32 arrays without
 * carrying; every NBASE - 1 additions the carries are propagated. Digit i
 * has weight (weight - i). Before an addition the top digit of both arrays
 * is a zero spare and the input's weight is below the array's, so carries
 * out of up to NBASE - 1 inputs fit in the spare: (NBASE - 1) inputs below
 * NBASE^weight each sum to less than NBASE^(weight + 1). */
struct sql_num_agg {
    struct mem_ctx *ctx;
    int64_t count;    /* every input, as sql_num_agg_count reports */
    int64_t n_finite; /* finite numeric inputs */
    int64_t n_nan, n_pinf, n_ninf;
    int64_t n_int;    /* integer inputs */
    __int128 int_sum; /* their sum: 2^63 inputs of |v| <= 2^63 fit */
    int ndigits;
    int weight;
    int dscale;
    int uncarried;
    int32_t *pos;
    int32_t *neg;
};

struct sql_num_agg *sql_num_agg_new(struct mem_ctx *ctx)
{
    struct sql_num_agg *a = mem_alloc0(ctx, sizeof(*a));
    a->ctx = ctx;
    return a;
}

static void accum_carry_one(int32_t *d, int n)
{
    int32_t carry = 0;
    for (int i = n - 1; i >= 0; i--) {
        int32_t v = d[i] + carry;
        carry = v / NBASE;
        d[i] = v % NBASE;
    }
    DB_ASSERT(carry == 0);
}

static void accum_carry(struct sql_num_agg *a)
{
    if (a->uncarried == 0)
        return;
    accum_carry_one(a->pos, a->ndigits);
    accum_carry_one(a->neg, a->ndigits);
    a->uncarried = 0;
}

/* Make the arrays cover weights [lo_weight, top_weight] with a zero spare
 * digit above, growing with slack so that repeated growth stays linear. */
static void accum_cover(struct sql_num_agg *a, int top_weight, int lo_weight)
{
    int cur_lo = a->weight - a->ndigits + 1;
    bool spare = a->ndigits > 0 && a->pos[0] == 0 && a->neg[0] == 0;
    if (spare && top_weight < a->weight && lo_weight >= cur_lo)
        return;
    int new_top, new_lo;
    if (a->ndigits == 0) {
        new_top = top_weight + 1;
        new_lo = lo_weight;
    } else {
        int slack = MAX(4, a->ndigits / 2);
        new_top = a->weight;
        if (!spare || top_weight >= a->weight)
            new_top = MAX(top_weight, a->weight) + 1 + slack;
        new_lo = lo_weight < cur_lo ? lo_weight - slack : cur_lo;
    }
    int n = new_top - new_lo + 1;
    int32_t *pos = mem_alloc0(a->ctx, (size_t)n * sizeof(int32_t));
    int32_t *neg = mem_alloc0(a->ctx, (size_t)n * sizeof(int32_t));
    for (int i = 0; i < a->ndigits; i++) {
        pos[new_top - (a->weight - i)] = a->pos[i];
        neg[new_top - (a->weight - i)] = a->neg[i];
    }
    a->pos = pos;
    a->neg = neg;
    a->ndigits = n;
    a->weight = new_top;
}

/* Add finite v (digits borrowed) to the numeric sum. */
static void accum_add(struct sql_num_agg *a, const struct var *v)
{
    a->dscale = MAX(a->dscale, v->dscale);
    if (v->ndigits == 0)
        return;
    if (a->uncarried == NBASE - 1)
        accum_carry(a);
    accum_cover(a, v->weight, v->weight - v->ndigits + 1);
    int32_t *d = v->sign == NEG ? a->neg : a->pos;
    int off = a->weight - v->weight;
    for (int i = 0; i < v->ndigits; i++)
        d[off + i] += v->digits[i];
    a->uncarried++;
}

void sql_num_agg_add(struct sql_num_agg *a, const struct sql_num *x)
{
    a->count++;
    if (x->sign == SQL_NUM_NAN) {
        a->n_nan++;
        return;
    }
    if (x->sign == SQL_NUM_PINF) {
        a->n_pinf++;
        return;
    }
    if (x->sign == SQL_NUM_NINF) {
        a->n_ninf++;
        return;
    }
    a->n_finite++;
    struct var v;
    var_from_num(&v, x);
    accum_add(a, &v);
}

void sql_num_agg_add_int64(struct sql_num_agg *a, int64_t v)
{
    a->count++;
    a->n_int++;
    a->int_sum += v;
}

/* The numeric part of the sum as a working value (dscale included). */
static void accum_final(const struct sql_num_agg *a, struct var *out)
{
    struct var p = VAR_INIT, n = VAR_INIT;
    if (a->ndigits > 0) {
        var_alloc(&p, a->ndigits);
        var_alloc(&n, a->ndigits);
        /* Carry into int64 copies: the arrays may hold uncarried digits. */
        int64_t cp = 0, cn = 0;
        for (int i = a->ndigits - 1; i >= 0; i--) {
            int64_t vp = a->pos[i] + cp, vn = a->neg[i] + cn;
            p.digits[i] = (int16_t)(vp % NBASE);
            n.digits[i] = (int16_t)(vn % NBASE);
            cp = vp / NBASE;
            cn = vn / NBASE;
        }
        DB_ASSERT(cp == 0 && cn == 0);
        p.weight = n.weight = a->weight;
        n.sign = POS;
        strip_var(&p);
        strip_var(&n);
    }
    sub_var(&p, &n, out);
    out->dscale = a->dscale;
    var_free(&p);
    var_free(&n);
}

/* The whole finite sum: numeric part plus integer part. */
static void agg_total(const struct sql_num_agg *a, struct var *out)
{
    accum_final(a, out);
    if (a->n_int > 0) {
        /* int_sum as base-NBASE digits. */
        unsigned __int128 u = a->int_sum < 0 ? (unsigned __int128)0 - (unsigned __int128)a->int_sum
                                             : (unsigned __int128)a->int_sum;
        int16_t tmp[12];
        int n = 0;
        while (u > 0) {
            tmp[n++] = (int16_t)(u % NBASE);
            u /= NBASE;
        }
        struct var iv = VAR_INIT;
        var_alloc(&iv, n);
        for (int i = 0; i < n; i++)
            iv.digits[i] = tmp[n - 1 - i];
        iv.weight = n - 1;
        iv.sign = a->int_sum < 0 ? NEG : POS;
        iv.dscale = 0;
        strip_var(&iv);
        add_var(out, &iv, out);
        var_free(&iv);
    }
}

void sql_num_agg_merge(struct sql_num_agg *dst, const struct sql_num_agg *src)
{
    dst->count += src->count;
    dst->n_finite += src->n_finite;
    dst->n_nan += src->n_nan;
    dst->n_pinf += src->n_pinf;
    dst->n_ninf += src->n_ninf;
    dst->n_int += src->n_int;
    dst->int_sum += src->int_sum;
    if (src->n_finite > 0) {
        struct var s = VAR_INIT;
        accum_final(src, &s);
        accum_add(dst, &s);
        var_free(&s);
    }
}

int64_t sql_num_agg_count(const struct sql_num_agg *a)
{
    return a->count;
}

/* NaN / infinity outcome of sum and avg, or 0 when the sum is finite. */
static int agg_special(const struct sql_num_agg *a)
{
    if (a->n_nan > 0 || (a->n_pinf > 0 && a->n_ninf > 0))
        return NAN_;
    if (a->n_pinf > 0)
        return PINF;
    if (a->n_ninf > 0)
        return NINF;
    return 0;
}

int sql_num_agg_sum(const struct sql_num_agg *a, struct mem_ctx *ctx, struct sql_num *out,
                    bool *is_null, struct err *e)
{
    *is_null = a->count == 0;
    if (*is_null)
        return 0;
    int sp = agg_special(a);
    if (sp) {
        *out = special(sp);
        return 0;
    }
    struct var s = VAR_INIT;
    agg_total(a, &s);
    int rc = make_result(ctx, &s, out, e);
    var_free(&s);
    return rc;
}

void sql_num_agg_add_square(struct sql_num_agg *a, const struct sql_num *x)
{
    if (x->sign == SQL_NUM_NAN || x->sign == SQL_NUM_PINF || x->sign == SQL_NUM_NINF) {
        struct sql_num sq = x->sign == SQL_NUM_NAN ? sql_num_nan() : sql_num_pinf();
        sql_num_agg_add(a, &sq);
        return;
    }
    a->count++;
    a->n_finite++;
    struct var v, sq = VAR_INIT;
    var_from_num(&v, x);
    mul_var(&v, &v, &sq, v.dscale * 2);
    accum_add(a, &sq);
    var_free(&sq);
}

int sql_num_agg_variance(const struct sql_num_agg *sx, const struct sql_num_agg *sx2, bool sample,
                         bool sd, struct mem_ctx *ctx, struct sql_num *out, bool *is_null,
                         struct err *e)
{
    int64_t n = sx->count;
    *is_null = n == 0 || (sample && n <= 1);
    if (*is_null)
        return 0;
    if (agg_special(sx) || agg_special(sx2)) {
        *out = sql_num_nan();
        return 0;
    }
    struct var sum = VAR_INIT, sum2 = VAR_INIT, vn = VAR_INIT, vd = VAR_INIT;
    struct var a = VAR_INIT, b = VAR_INIT, num = VAR_INIT, den = VAR_INIT, r = VAR_INIT;
    agg_total(sx, &sum);
    agg_total(sx2, &sum2);
    var_from_int64(&vn, n);
    var_from_int64(&vd, sample ? n - 1 : n);
    int rscale = sum.dscale * 2;
    mul_var(&sum, &sum, &a, rscale); /* sumX * sumX */
    mul_var(&vn, &sum2, &b, rscale); /* N * sumX2 */
    sub_var(&b, &a, &num);
    int rc = 0;
    if (cmp_var(&num, &const_zero) <= 0) {
        /* round-off can make the numerator negative */
        *out = sql_num_zero();
    } else {
        mul_var(&vn, &vd, &den, 0); /* N * (N - 1), or N * N */
        rscale = select_div_scale(&num, &den);
        rc = div_var(&num, &den, &r, rscale, true, e);
        if (rc == 0 && sd) {
            struct var root = VAR_INIT;
            sqrt_var(&r, &root, rscale);
            var_free(&r);
            r = root;
        }
        if (rc == 0)
            rc = make_result(ctx, &r, out, e);
    }
    var_free(&sum);
    var_free(&sum2);
    var_free(&vn);
    var_free(&vd);
    var_free(&a);
    var_free(&b);
    var_free(&num);
    var_free(&den);
    var_free(&r);
    return rc;
}

int sql_num_agg_avg(const struct sql_num_agg *a, struct mem_ctx *ctx, struct sql_num *out,
                    bool *is_null, struct err *e)
{
    *is_null = a->count == 0;
    if (*is_null)
        return 0;
    int sp = agg_special(a);
    if (sp) {
        *out = special(sp);
        return 0;
    }
    /* PostgreSQL makes a numeric of the sum (range-checked) and divides it
     * by the count with numeric_div's scale. */
    struct var s = VAR_INIT, n = VAR_INIT, r = VAR_INIT;
    struct sql_num sum;
    agg_total(a, &s);
    int rc = make_result(ctx, &s, &sum, e);
    var_free(&s);
    if (rc == 0) {
        var_from_num(&s, &sum);
        var_from_int64(&n, a->n_finite + a->n_int);
        rc = div_var(&s, &n, &r, select_div_scale(&s, &n), true, e);
        if (rc == 0)
            rc = make_result(ctx, &r, out, e);
    }
    var_free(&n);
    var_free(&r);
    return rc;
}
