/* value_float.c — float4out / float8out: PostgreSQL 15's text output of
 * real and double precision.
 *
 * With extra_float_digits > 0 (the default, 1) PostgreSQL prints the
 * shortest decimal that reads back exactly (its Ryu code, common/d2s.c and
 * f2s.c), in exponent form when the decimal exponent is < -4 or >= 15
 * (float8) / 6 (float4): 1e+15, 1.5e-05, 100000. Here the digits come from
 * correctly rounded "%.*e" at increasing precision, checked by reading back
 * (strtod / strtof) and, as Ryu with acceptBounds false, never exactly on
 * the halfway point to a neighbour (checked in exact integer arithmetic).
 * With extra_float_digits <= 0 it is %.{DBL_DIG or FLT_DIG + efd}g.
 */
#include "common/str.h"
#include "sql/value_int.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* M * 10^E == K * 2^Q exactly, for K odd (integers, no rounding). */
static bool dec_eq_bin(uint64_t m, int e, uint64_t k, int q)
{
    if (m == 0 || k == 0)
        return false;
    int a = 0;
    while ((m & 1) == 0) {
        m >>= 1;
        a++;
    }
    /* m * 2^a * 2^e * 5^e == k * 2^q with m, k odd */
    if (e >= 0) {
        if (a + e != q)
            return false;
        for (int i = 0; i < e; i++) {
            if (m > k / 5)
                return false;
            m *= 5;
        }
        return m == k;
    }
    if (a != q - e)
        return false;
    for (int i = 0; i < -e; i++) {
        if (k > m / 5)
            return false;
        k *= 5;
    }
    return m == k;
}

/* Odd K and Q with (a + b) / 2 == K * 2^Q, for finite a, b >= 0. */
static bool midpoint(double a, double b, uint64_t *k, int *q)
{
    int ea, eb;
    double fa = frexp(a, &ea), fb = frexp(b, &eb);
    uint64_t ma = (uint64_t)ldexp(fa, 53), mb = (uint64_t)ldexp(fb, 53);
    ea -= 53;
    eb -= 53;
    if (ma == 0)
        ea = eb;
    if (mb == 0)
        eb = ea;
    int ec = ea < eb ? ea : eb;
    if (ea - ec > 8 || eb - ec > 8)
        return false; /* neighbours differ by at most one binade */
    uint64_t sum = (ma << (ea - ec)) + (mb << (eb - ec));
    if (sum == 0)
        return false;
    int z = 0;
    while ((sum & 1) == 0) {
        sum >>= 1;
        z++;
    }
    *k = sum;
    *q = ec - 1 + z;
    return true;
}

/* Whether the decimal digits d (n of them, d[0].d[1..] * 10^exp10) are
 * exactly halfway between |x| and a neighbour. PostgreSQL's Ryu never
 * accepts such a bound (acceptBounds is false), even where strtod would
 * round it to x. */
static bool on_bound(double x, bool f4, const char *d, int n, int exp10)
{
    uint64_t m = 0, k;
    int q;
    for (int i = 0; i < n; i++)
        m = m * 10 + (uint64_t)(d[i] - '0');
    int e = exp10 - (n - 1);
    double ax = fabs(x), nb[2];
    if (f4) {
        float f = (float)ax;
        nb[0] = nextafterf(f, 0);
        nb[1] = nextafterf(f, INFINITY);
    } else {
        nb[0] = nextafter(ax, 0);
        nb[1] = nextafter(ax, INFINITY);
    }
    for (int i = 0; i < 2; i++)
        if (isfinite(nb[i]) && midpoint(ax, nb[i], &k, &q) && dec_eq_bin(m, e, k, q))
            return true;
    return false;
}

/* Digits of a "%.*e" text: d gets them without point, *exp10 the exponent. */
static int e_digits(const char *tmp, char *d, int *exp10)
{
    const char *q = tmp;
    int n = 0;
    if (*q == '-')
        q++;
    for (; *q && *q != 'e'; q++)
        if (*q != '.')
            d[n++] = *q;
    while (n > 1 && d[n - 1] == '0')
        n--;
    d[n] = '\0';
    *exp10 = atoi(q + 1);
    return n;
}

/* %.{p-1}e of x reads back as x (as a float when f4), inside the bounds. */
static bool roundtrips(double x, bool f4, int p, char *tmp, size_t cap)
{
    char d[40];
    int exp10;
    snprintf(tmp, cap, "%.*e", p - 1, x);
    bool back = f4 ? strtof(tmp, NULL) == (float)x : strtod(tmp, NULL) == x;
    if (!back)
        return false;
    int n = e_digits(tmp, d, &exp10);
    return !on_bound(x, f4, d, n, exp10);
}

/* Digits (no point, no trailing zeros) of the shortest correctly rounded
 * %e form of x that reads back exactly, and its decimal exponent: x =
 * d[0].d[1..] * 10^exp10.
 *
 * "Reads back" means strictly inside the rounding interval of x. When the
 * interval is symmetric, a precision that works implies that every larger
 * one does (the correctly rounded p+1 digits are at least as close as the p
 * digits padded with a zero), so the shortest is found by bisection. At a
 * power of two the interval below is half as wide and that fails, so those
 * values are searched linearly. */
static int shortest_digits(double x, bool f4, char *d, int *exp10)
{
    char tmp[40];
    int lo = 1, hi = f4 ? 9 : 17;
    bool pow2;
    if (f4) {
        float fl = (float)x;
        uint32_t bits;
        memcpy(&bits, &fl, 4);
        pow2 = (bits & 0x7FFFFF) == 0;
    } else {
        uint64_t bits;
        memcpy(&bits, &x, 8);
        pow2 = (bits & UINT64_C(0xFFFFFFFFFFFFF)) == 0;
    }
    if (pow2) {
        while (lo < hi && !roundtrips(x, f4, lo, tmp, sizeof(tmp)))
            lo++;
    } else {
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (roundtrips(x, f4, mid, tmp, sizeof(tmp)))
                hi = mid;
            else
                lo = mid + 1;
        }
    }
    snprintf(tmp, sizeof(tmp), "%.*e", lo - 1, x);
    return e_digits(tmp, d, exp10);
}

void sql__float_out(double x, bool f4, int extra_float_digits, struct sbuf *out)
{
    if (isnan(x)) {
        sbuf_puts(out, "NaN");
        return;
    }
    if (isinf(x)) {
        sbuf_puts(out, x > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (extra_float_digits <= 0) {
        int ndig = (f4 ? FLT_DIG : DBL_DIG) + extra_float_digits;
        if (ndig < 1)
            ndig = 1;
        sbuf_printf(out, "%.*g", ndig, x);
        return;
    }
    if (x == 0) {
        sbuf_puts(out, signbit(x) ? "-0" : "0");
        return;
    }
    char d[24];
    int exp10;
    int n = shortest_digits(x, f4, d, &exp10);
    if (x < 0)
        sbuf_putc(out, '-');
    /* PostgreSQL's Ryu output switches to exponent form below 1e-4 and at
     * 1e15 (float8) / 1e6 (float4), as %g with that precision would. */
    int limit = f4 ? 6 : 15;
    if (exp10 < -4 || exp10 >= limit) {
        sbuf_putc(out, d[0]);
        if (n > 1) {
            sbuf_putc(out, '.');
            sbuf_append(out, d + 1, (size_t)n - 1);
        }
        sbuf_printf(out, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    } else if (exp10 < 0) {
        sbuf_append(out, "0.", 2);
        for (int i = 0; i < -exp10 - 1; i++)
            sbuf_putc(out, '0');
        sbuf_append(out, d, (size_t)n);
    } else {
        /* exp10 + 1 integer digits */
        for (int i = 0; i <= exp10; i++)
            sbuf_putc(out, i < n ? d[i] : '0');
        if (n > exp10 + 1) {
            sbuf_putc(out, '.');
            sbuf_append(out, d + exp10 + 1, (size_t)(n - exp10 - 1));
        }
    }
}
