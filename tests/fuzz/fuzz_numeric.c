/* fuzz_numeric.c — libFuzzer target for sql/numeric.h.
 *
 * The first byte picks a mode, the rest is the payload:
 *   0  text: parse (with and without a typmod); a value must print, parse
 *      back equal with the same scale and text, survive the wire format,
 *      the storage encoding and the key string (through kv_key_put_numeric
 *      and the key decoder), and hash like its trim_scale();
 *   1  binary recv of arbitrary bytes; what is accepted is valid and
 *      survives send/recv;
 *   2  storage decode of arbitrary bytes; what is accepted re-encodes to
 *      the same bytes;
 *   3  arithmetic: two texts (split at the first '|') through every
 *      operator and function, with algebraic checks on the exact ones;
 *   4  int64 / double / float conversions from the raw bytes.
 * Every result must satisfy sql_num_valid; every error must be ERR_INVAL or
 * ERR_UNSUPPORTED with a message and a SQLSTATE of class 22, 2F, 0A or 08.
 *
 * Bounds. Like PostgreSQL, NUMERIC work is polynomial in the digits: a
 * multiplication or division of two 131072-digit values takes about a
 * second, and exp(), ln() and power() with large results run at up to a few
 * thousand digits (power(2, 8000.5) computes ln(2) to ~2400 digits), and
 * sqrt(1e131071) is an exact 65536-digit root (0.3 s natively, as in
 * PostgreSQL, but over 10 s under sanitizers and coverage). That is
 * PostgreSQL's behaviour, not a bug, but it would starve the fuzzer, so:
 * texts are capped at MAX_TEXT bytes (values may still reach the full range
 * through exponents), and sqrt and the transcendental functions run only
 * when the operands have at most MAX_HEAVY_DIGITS significant decimal digits
 * and scale, a weight below MAX_HEAVY_NBASE_WEIGHT, and the result's
 * magnitude estimate stays below 10^MAX_HEAVY_WEIGHT.
 */
#include "sql/numeric.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT               256
#define MAX_HEAVY_DIGITS       60
#define MAX_HEAVY_WEIGHT       400.0
#define MAX_HEAVY_NBASE_WEIGHT 2000

static struct mem_ctx *ctx;

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_numeric: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void check_err(int rc, const struct err *e, const char *what)
{
    if (rc != ERR_INVAL && rc != ERR_UNSUPPORTED)
        fail(what, "unexpected return code");
    if (e->code != rc || e->msg[0] == '\0')
        fail(what, "error without message");
    const char *st = err_sqlstate(e);
    if (strncmp(st, "22", 2) != 0 && strncmp(st, "2F", 2) != 0 && strncmp(st, "0A", 2) != 0 &&
        strncmp(st, "08", 2) != 0 && strncmp(st, "2201", 4) != 0)
        fail(what, st);
}

static void check_valid(const struct sql_num *x, const char *what)
{
    if (!sql_num_valid(x))
        fail(what, "invalid result");
}

/* out(x) parses back to an equal value with the same text. */
static void check_text_round_trip(const struct sql_num *x)
{
    char *s = sql_num_out(ctx, x);
    struct sql_num y;
    struct err e = {0};
    if (sql_num_in(ctx, s, SQL_NUM_TYPMOD_NONE, &y, &e) != 0)
        fail("reparse", s);
    if (sql_num_cmp(x, &y) != 0 || x->dscale != y.dscale)
        fail("reparse differs", s);
    if (strcmp(sql_num_out(ctx, &y), s) != 0)
        fail("reprint differs", s);
}

static void check_encodings(const struct sql_num *x)
{
    struct sbuf b;
    sbuf_init(&b);
    struct sql_num y;
    struct err e = {0};

    sql_num_send(x, &b);
    if (sql_num_recv(ctx, (const uint8_t *)b.data, b.len, SQL_NUM_TYPMOD_NONE, &y, &e) != 0 ||
        sql_num_cmp(x, &y) != 0 || x->dscale != y.dscale)
        fail("send/recv", e.msg);

    sbuf_reset(&b);
    sql_num_encode(x, &b);
    if (b.len != sql_num_encoded_size(x))
        fail("encoded size", NULL);
    if (sql_num_decode(ctx, (const uint8_t *)b.data, b.len, &y, &e) != 0 ||
        sql_num_cmp(x, &y) != 0 || x->dscale != y.dscale)
        fail("encode/decode", e.msg);

    /* Key string: reads back equal, and kv's key encoding agrees with it. */
    sbuf_reset(&b);
    sql_num_key_string(x, &b);
    if (sql_num_in(ctx, b.data, SQL_NUM_TYPMOD_NONE, &y, &e) != 0 || sql_num_cmp(x, &y) != 0)
        fail("key string", b.data);
    struct sbuf key;
    sbuf_init(&key);
    if (kv_key_put_numeric(&key, b.data, KV_KEY_ASC, &e) != 0)
        fail("kv_key_put_numeric", b.data);
    struct kv_key_value kv;
    kv_key_value_init(&kv);
    size_t used;
    if (kv_key_decode_next((const uint8_t *)key.data, key.len, KV_KEY_ASC, &kv, &used, &e) != 0 ||
        kv.type != KV_KEY_NUMERIC || strcmp((const char *)kv.data, b.data) != 0)
        fail("key decode", b.data);
    kv_key_value_free(&kv);
    sbuf_free(&key);

    /* Hash ignores the display scale. */
    struct sql_num t;
    sql_num_trim_scale(ctx, x, &t);
    if (sql_num_hash(x, 1) != sql_num_hash(&t, 1))
        fail("hash", NULL);
    sbuf_free(&b);
}

static void mode_text(const uint8_t *p, size_t n)
{
    if (n > MAX_TEXT)
        n = MAX_TEXT;
    char *s = mem_strndup(ctx, (const char *)p, n);
    struct sql_num x;
    struct err e = {0};
    int rc = sql_num_in(ctx, s, SQL_NUM_TYPMOD_NONE, &x, &e);
    if (rc != 0) {
        check_err(rc, &e, "in");
    } else {
        check_valid(&x, "in");
        check_text_round_trip(&x);
        check_encodings(&x);
    }
    /* With a typmod derived from the text's length. */
    int32_t typmod;
    if (sql_num_typmod((int32_t)(n % 40) + 1, (int32_t)(n % 13) - 4, &typmod, NULL) != 0)
        fail("typmod", NULL);
    struct err e2 = {0};
    rc = sql_num_in(ctx, s, typmod, &x, &e2);
    if (rc != 0) {
        check_err(rc, &e2, "in typmod");
    } else {
        check_valid(&x, "in typmod");
        check_text_round_trip(&x);
        if (!sql_num_is_nan(&x) &&
            x.dscale != (sql_num_typmod_scale(typmod) > 0 ? sql_num_typmod_scale(typmod) : 0))
            fail("typmod scale", s);
    }
}

static void mode_recv(const uint8_t *p, size_t n)
{
    struct sql_num x;
    struct err e = {0};
    int rc = sql_num_recv(ctx, p, n, SQL_NUM_TYPMOD_NONE, &x, &e);
    if (rc != 0) {
        check_err(rc, &e, "recv");
        return;
    }
    check_valid(&x, "recv");
    check_encodings(&x);
}

static void mode_decode(const uint8_t *p, size_t n)
{
    struct sql_num x;
    struct err e = {0};
    if (sql_num_decode(ctx, p, n, &x, &e) != 0) {
        if (e.code != ERR_CORRUPT)
            fail("decode", "wrong error");
        return;
    }
    check_valid(&x, "decode");
    struct sbuf b;
    sbuf_init(&b);
    sql_num_encode(&x, &b);
    if (b.len != n || memcmp(b.data, p, n) != 0)
        fail("decode is not canonical", NULL);
    sbuf_free(&b);
}

/* Significant digits and magnitude, to keep the heavy functions small. */
static bool light(const struct sql_num *x)
{
    return x->ndigits * 4 <= MAX_HEAVY_DIGITS && x->dscale <= MAX_HEAVY_DIGITS &&
           x->weight <= MAX_HEAVY_NBASE_WEIGHT;
}

static double approx(const struct sql_num *x)
{
    double d;
    if (sql_num_to_double(x, &d, NULL) != 0)
        d = x->sign == SQL_NUM_NEG ? -HUGE_VAL : HUGE_VAL;
    return d;
}

typedef int (*binop)(struct mem_ctx *, const struct sql_num *, const struct sql_num *,
                     struct sql_num *, struct err *);

static bool run2(binop f, const struct sql_num *a, const struct sql_num *b, struct sql_num *r,
                 const char *what)
{
    struct err e = {0};
    int rc = f(ctx, a, b, r, &e);
    if (rc != 0) {
        check_err(rc, &e, what);
        return false;
    }
    check_valid(r, what);
    return true;
}

static void check_result(int rc, const struct err *e, const struct sql_num *r, const char *what)
{
    if (rc != 0)
        check_err(rc, e, what);
    else
        check_valid(r, what);
}

static void mode_arith(const uint8_t *p, size_t n)
{
    if (n > 2 * MAX_TEXT)
        n = 2 * MAX_TEXT;
    const uint8_t *bar = memchr(p, '|', n);
    if (bar == NULL)
        return;
    char *sa = mem_strndup(ctx, (const char *)p, (size_t)(bar - p));
    char *sb = mem_strndup(ctx, (const char *)bar + 1, n - (size_t)(bar - p) - 1);
    struct sql_num a, b, r, t;
    if (sql_num_in(ctx, sa, SQL_NUM_TYPMOD_NONE, &a, NULL) != 0 ||
        sql_num_in(ctx, sb, SQL_NUM_TYPMOD_NONE, &b, NULL) != 0)
        return;
    struct err e = {0};

    int c1 = sql_num_cmp(&a, &b), c2 = sql_num_cmp(&b, &a);
    if (c1 != -c2 || sql_num_cmp(&a, &a) != 0)
        fail("cmp", NULL);

    bool finite = !sql_num_is_special(&a) && !sql_num_is_special(&b);
    /* (a + b) - b == a and (a - b) + b == a, exactly, with max scale. */
    if (run2(sql_num_add, &a, &b, &r, "add") && finite) {
        if (run2(sql_num_sub, &r, &b, &t, "sub") &&
            (sql_num_cmp(&t, &a) != 0 || t.dscale != (a.dscale > b.dscale ? a.dscale : b.dscale)))
            fail("add/sub inverse", sa);
    }
    run2(sql_num_sub, &a, &b, &r, "sub");
    /* a * b is exact (below the 16383-place cap): (a * b) / b == a when
     * b != 0 and division's scale covers a's places. */
    if (run2(sql_num_mul, &a, &b, &r, "mul") && finite && b.ndigits > 0 &&
        a.dscale + b.dscale <= SQL_NUM_DSCALE_MAX) {
        if (run2(sql_num_div, &r, &b, &t, "div") && t.dscale >= a.dscale &&
            sql_num_cmp(&t, &a) != 0)
            fail("mul/div inverse", sa);
    }
    run2(sql_num_div, &a, &b, &r, "div");
    struct sql_num q, m;
    bool okq = run2(sql_num_div_trunc, &a, &b, &q, "div_trunc");
    bool okm = run2(sql_num_mod, &a, &b, &m, "mod");
    if (okq && okm && finite) {
        /* a == trunc(a / b) * b + a % b */
        struct sql_num qb;
        if (run2(sql_num_mul, &q, &b, &qb, "mul") && run2(sql_num_add, &qb, &m, &t, "add") &&
            sql_num_cmp(&t, &a) != 0)
            fail("div/mod identity", sa);
    }
    if (finite && b.ndigits == 0 && (okq || okm))
        fail("division by zero accepted", sa);

    int32_t s = (int32_t)(n % 41) - 20;
    check_result(sql_num_round(ctx, &a, s, &r, &e), &e, &r, "round");
    check_result(sql_num_trunc(ctx, &a, s, &r, &e), &e, &r, "trunc");
    check_result(sql_num_ceil(ctx, &a, &r, &e), &e, &r, "ceil");
    check_result(sql_num_floor(ctx, &a, &r, &e), &e, &r, "floor");
    sql_num_neg(ctx, &a, &r);
    check_valid(&r, "neg");
    sql_num_abs(ctx, &a, &r);
    check_valid(&r, "abs");
    sql_num_sign_of(&a, &r);
    check_valid(&r, "sign");
    sql_num_trim_scale(ctx, &a, &r);
    check_valid(&r, "trim_scale");
    (void)sql_num_out_sci(ctx, &a, (int)(n % 30));

    int32_t bucket;
    int rc = sql_num_width_bucket(&a, &b, &r, (int32_t)(n % 7) - 1, &bucket, &e);
    if (rc != 0)
        check_err(rc, &e, "width_bucket");

    int64_t i64;
    double d;
    rc = sql_num_to_int64(&a, &i64, &e);
    if (rc != 0)
        check_err(rc, &e, "to_int64");
    rc = sql_num_to_double(&a, &d, &e);
    if (rc != 0)
        check_err(rc, &e, "to_double");

    struct sql_num_agg *agg = sql_num_agg_new(ctx);
    sql_num_agg_add(agg, &a);
    sql_num_agg_add(agg, &b);
    bool is_null;
    check_result(sql_num_agg_sum(agg, ctx, &r, &is_null, &e), &e, &r, "sum");
    check_result(sql_num_agg_avg(agg, ctx, &r, &is_null, &e), &e, &r, "avg");

    /* The heavy functions, on small operands only (see the bounds above). */
    if (!light(&a) || !light(&b))
        return;
    double da = fabs(approx(&a)), db = approx(&b);
    check_result(sql_num_sqrt(ctx, &a, &r, &e), &e, &r, "sqrt");
    check_result(sql_num_ln(ctx, &a, &r, &e), &e, &r, "ln");
    check_result(sql_num_log10(ctx, &a, &r, &e), &e, &r, "log10");
    check_result(sql_num_log(ctx, &a, &b, &r, &e), &e, &r, "log");
    if (da <= MAX_HEAVY_WEIGHT * 2.3)
        check_result(sql_num_exp(ctx, &a, &r, &e), &e, &r, "exp");
    double mag = fabs(db) * fabs(log10(da > 0 ? da : 1));
    if (mag <= MAX_HEAVY_WEIGHT || isnan(mag) || da == 0)
        check_result(sql_num_power(ctx, &a, &b, &r, &e), &e, &r, "power");
}

static void mode_convert(const uint8_t *p, size_t n)
{
    uint8_t raw[8] = {0};
    memcpy(raw, p, n < 8 ? n : 8);
    int64_t i;
    double d;
    float f;
    memcpy(&i, raw, 8);
    memcpy(&d, raw, 8);
    memcpy(&f, raw, 4);
    struct sql_num x;
    struct err e = {0};

    sql_num_from_int64(ctx, i, &x);
    check_valid(&x, "from_int64");
    int64_t back;
    if (sql_num_to_int64(&x, &back, &e) != 0 || back != i)
        fail("int64 round trip", NULL);
    int32_t i32;
    int rc = sql_num_to_int32(&x, &i32, &e);
    if ((rc == 0) != (i >= INT32_MIN && i <= INT32_MAX) || (rc == 0 && i32 != i))
        fail("int32", NULL);
    int16_t i16;
    rc = sql_num_to_int16(&x, &i16, &e);
    if ((rc == 0) != (i >= INT16_MIN && i <= INT16_MAX) || (rc == 0 && i16 != i))
        fail("int16", NULL);

    sql_num_from_double(ctx, d, &x);
    check_valid(&x, "from_double");
    check_text_round_trip(&x);
    double dd;
    rc = sql_num_to_double(&x, &dd, &e);
    if (rc != 0) {
        check_err(rc, &e, "to_double");
    } else if (isfinite(d) && d != 0 && fabs(dd - d) > fabs(d) * 1e-14) {
        fail("double round trip", NULL);
    }
    sql_num_from_float(ctx, f, &x);
    check_valid(&x, "from_float");
    float ff;
    rc = sql_num_to_float(&x, &ff, &e);
    if (rc != 0)
        check_err(rc, &e, "to_float");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (ctx == NULL)
        ctx = mem_ctx_new(NULL, "fuzz_numeric");
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    switch (data[0] % 5) {
    case 0:
        mode_text(p, n);
        break;
    case 1:
        mode_recv(p, n);
        break;
    case 2:
        mode_decode(p, n);
        break;
    case 3:
        mode_arith(p, n);
        break;
    default:
        mode_convert(p, n);
        break;
    }
    mem_ctx_reset(ctx);
    return 0;
}
