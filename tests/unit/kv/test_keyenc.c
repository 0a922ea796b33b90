/* test_keyenc.c — unit tests of the order-preserving key encoding (kv/keyenc.h).
 *
 * Three kinds of tests:
 *  - round trips of every type, edge values included;
 *  - the order property: thousands of seeded random values per type, sorted
 *    by a reference SQL comparator written independently of the encoder
 *    (PostgreSQL's semantics), must have strictly increasing encodings
 *    ascending, strictly decreasing descending, and equal values equal
 *    encodings; the same for composite keys;
 *  - decoder robustness: every truncation of valid keys, random bytes and
 *    bit flips give ERR_CORRUPT or a canonical decode, never a crash (run
 *    it under ASan: inputs are copied into exact-size heap blocks so any
 *    read past the end is reported).
 */
#include "kv/keyenc.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define N_RANDOM 4000

/* ---- helpers ---- */

/* xorshift64*: deterministic, seeded per test. */
struct rng {
    uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * UINT64_C(2685821657736338717);
}

static uint64_t rnd_below(struct rng *r, uint64_t n)
{
    return rnd(r) % n;
}

/* A random int64 with a random number of significant bits and sign. */
static int64_t rnd_i64(struct rng *r)
{
    uint64_t u = rnd(r) >> rnd_below(r, 64);
    return (rnd(r) & 1) ? (int64_t)(~u) : (int64_t)(u >> 1);
}

/* Lexicographic byte comparison with "shorter prefix sorts first": what
 * RocksDB's default comparator does. */
static int bcmp_lex(const void *a, size_t an, const void *b, size_t bn)
{
    size_t m = an < bn ? an : bn;
    int c = m ? memcmp(a, b, m) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn;
}

static int sb_cmp(const struct sbuf *a, const struct sbuf *b)
{
    return bcmp_lex(a->data, a->len, b->data, b->len);
}

static const char *hex(const void *p, size_t n)
{
    static char out[4][1024];
    static int which;
    char *o = out[which++ % 4];
    size_t j = 0;
    for (size_t i = 0; i < n && j + 3 < sizeof(out[0]); i++)
        j += (size_t)snprintf(o + j, sizeof(out[0]) - j, "%02x", ((const uint8_t *)p)[i]);
    o[j] = '\0';
    return o;
}

/* Decode exactly one value spanning all of b (in an exact-size heap copy),
 * check direction, and check that re-encoding reproduces the bytes. */
static void decode_one(const struct sbuf *b, enum kv_key_dir dir, struct kv_key_value *v)
{
    uint8_t *copy = xmalloc(b->len ? b->len : 1);
    memcpy(copy, b->data, b->len);
    struct err e = {0};
    size_t used = 0;
    int rc = kv_key_decode_next(copy, b->len, dir, v, &used, &e);
    cr_assert_eq(rc, 0, "decode %s: %s", hex(b->data, b->len), e.msg);
    cr_assert_eq(used, b->len, "decode %s used %zu of %zu", hex(b->data, b->len), used, b->len);
    cr_assert_eq(v->dir, dir);
    size_t skipped = 0;
    cr_assert_eq(kv_key_skip(copy, b->len, &skipped, &e), 0);
    cr_assert_eq(skipped, b->len);
    struct sbuf again = {0};
    cr_assert_eq(kv_key_put_value(&again, v, &e), 0, "%s", e.msg);
    cr_assert(sb_cmp(&again, b) == 0, "re-encode %s gave %s", hex(b->data, b->len),
              hex(again.data, again.len));
    sbuf_free(&again);
    xfree(copy);
}

/* ---- round trips ---- */

Test(keyenc, int_roundtrip_and_lengths)
{
    static const int64_t vals[] = {INT64_MIN,
                                   INT64_MIN + 1,
                                   -(INT64_C(1) << 56) - 1,
                                   -(INT64_C(1) << 56),
                                   -(INT64_C(1) << 56) + 1,
                                   -65537,
                                   -65536,
                                   -65535,
                                   -257,
                                   -256,
                                   -255,
                                   -129,
                                   -128,
                                   -2,
                                   -1,
                                   0,
                                   1,
                                   69,
                                   70,
                                   127,
                                   128,
                                   255,
                                   256,
                                   65535,
                                   65536,
                                   INT32_MAX,
                                   (int64_t)INT32_MAX + 1,
                                   INT64_MAX - 1,
                                   INT64_MAX};
    struct kv_key_value v = {0};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (int d = 0; d < 2; d++) {
            struct sbuf b = {0};
            kv_key_put_int64(&b, vals[i], (enum kv_key_dir)d);
            decode_one(&b, (enum kv_key_dir)d, &v);
            cr_assert_eq(v.type, KV_KEY_INT);
            cr_assert_eq(v.u.i64, vals[i]);
            int64_t got;
            size_t used;
            cr_assert_eq(kv_key_decode_int64((const uint8_t *)b.data, b.len, (enum kv_key_dir)d,
                                             &got, &used, NULL),
                         0);
            cr_assert_eq(got, vals[i]);
            sbuf_free(&b);
        }
    }
    kv_key_value_free(&v);

    /* Lengths: 1 byte for 0, tag + minimal magnitude bytes otherwise. */
    struct {
        int64_t v;
        size_t len;
    } lens[] = {{0, 1},    {1, 2},     {-1, 2},     {255, 2},       {-256, 2},     {256, 3},
                {-257, 3}, {65535, 3}, {-65536, 3}, {INT64_MAX, 9}, {INT64_MIN, 9}};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        struct sbuf b = {0};
        kv_key_put_int64(&b, lens[i].v, KV_KEY_ASC);
        cr_assert_eq(b.len, lens[i].len, "len of %lld", (long long)lens[i].v);
        sbuf_free(&b);
    }
}

Test(keyenc, int_widths_encode_alike)
{
    struct sbuf a = {0}, b = {0}, c = {0};
    static const int16_t v16[] = {INT16_MIN, -1, 0, 1, INT16_MAX};
    for (size_t i = 0; i < 5; i++) {
        sbuf_reset(&a);
        sbuf_reset(&b);
        sbuf_reset(&c);
        kv_key_put_int16(&a, v16[i], KV_KEY_DESC);
        kv_key_put_int32(&b, v16[i], KV_KEY_DESC);
        kv_key_put_int64(&c, v16[i], KV_KEY_DESC);
        cr_assert(sb_cmp(&a, &c) == 0 && sb_cmp(&b, &c) == 0);
    }
    sbuf_reset(&b);
    sbuf_reset(&c);
    kv_key_put_int32(&b, INT32_MIN, KV_KEY_ASC);
    kv_key_put_int64(&c, INT32_MIN, KV_KEY_ASC);
    cr_assert(sb_cmp(&b, &c) == 0);
    sbuf_free(&a);
    sbuf_free(&b);
    sbuf_free(&c);
}

Test(keyenc, uvarint_roundtrip_and_lengths)
{
    static const uint64_t vals[] = {0,
                                    1,
                                    68,
                                    69,
                                    70,
                                    71,
                                    255,
                                    256,
                                    65535,
                                    65536,
                                    UINT32_MAX,
                                    (uint64_t)UINT32_MAX + 1,
                                    UINT64_MAX - 1,
                                    UINT64_MAX};
    struct kv_key_value v = {0};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (int d = 0; d < 2; d++) {
            struct sbuf b = {0};
            kv_key_put_uvarint(&b, vals[i], (enum kv_key_dir)d);
            decode_one(&b, (enum kv_key_dir)d, &v);
            cr_assert_eq(v.type, KV_KEY_UVARINT);
            cr_assert_eq(v.u.u64, vals[i]);
            if (vals[i] < KV_KEY_UVARINT_SMALL_COUNT)
                cr_assert_eq(b.len, 1);
            sbuf_free(&b);
        }
    }
    kv_key_value_free(&v);
    struct sbuf b = {0};
    kv_key_put_uvarint(&b, 70, KV_KEY_ASC);
    cr_assert_eq(b.len, 2);
    sbuf_reset(&b);
    kv_key_put_uvarint(&b, UINT64_MAX, KV_KEY_ASC);
    cr_assert_eq(b.len, 9);

    /* Table prefix: two one-byte uvarints for small ids. */
    sbuf_reset(&b);
    kv_key_put_table_prefix(&b, 1, 2);
    kv_key_put_text(&b, "x", 1, KV_KEY_ASC);
    cr_assert_eq(b.len, 2 + 4);
    uint64_t t, ix;
    size_t used;
    cr_assert_eq(kv_key_decode_table_prefix((const uint8_t *)b.data, b.len, &t, &ix, &used, NULL),
                 0);
    cr_assert(t == 1 && ix == 2 && used == 2);
    struct err e = {0};
    cr_assert_eq(kv_key_decode_table_prefix((const uint8_t *)b.data, 1, &t, &ix, &used, &e),
                 ERR_CORRUPT);
    cr_assert(strstr(e.msg, "table prefix") != NULL, "%s", e.msg);
    sbuf_free(&b);
}

Test(keyenc, bool_and_null)
{
    struct kv_key_value v = {0};
    for (int d = 0; d < 2; d++) {
        enum kv_key_dir dir = (enum kv_key_dir)d;
        struct sbuf f = {0}, t = {0}, nf = {0}, nl = {0}, lo = {0}, hi = {0};
        kv_key_put_bool(&f, false, dir);
        kv_key_put_bool(&t, true, dir);
        kv_key_put_null(&nf, dir, true);
        kv_key_put_null(&nl, dir, false);
        decode_one(&f, dir, &v);
        cr_assert(v.type == KV_KEY_BOOL && !v.u.b);
        decode_one(&t, dir, &v);
        cr_assert(v.type == KV_KEY_BOOL && v.u.b);
        decode_one(&nf, dir, &v);
        cr_assert(v.type == KV_KEY_NULL && v.nulls_first);
        decode_one(&nl, dir, &v);
        cr_assert(v.type == KV_KEY_NULL && !v.nulls_first);
        cr_assert_eq(sb_cmp(&f, &t), dir == KV_KEY_ASC ? -1 : 1);
        /* NULL placement holds against every type's extremes. */
        kv_key_put_int64(&lo, dir == KV_KEY_ASC ? INT64_MIN : INT64_MAX, dir);
        kv_key_put_int64(&hi, dir == KV_KEY_ASC ? INT64_MAX : INT64_MIN, dir);
        cr_assert(sb_cmp(&nf, &lo) < 0 && sb_cmp(&nf, &f) < 0 && sb_cmp(&nf, &t) < 0);
        cr_assert(sb_cmp(&nl, &hi) > 0 && sb_cmp(&nl, &f) > 0 && sb_cmp(&nl, &t) > 0);
        sbuf_reset(&lo);
        sbuf_reset(&hi);
        kv_key_put_uvarint(&lo, UINT64_MAX, dir);
        kv_key_put_text(&hi, "\xff\xff", 2, dir);
        cr_assert(sb_cmp(&nf, &lo) < 0 && sb_cmp(&nl, &lo) > 0);
        cr_assert(sb_cmp(&nf, &hi) < 0 && sb_cmp(&nl, &hi) > 0);
        sbuf_free(&f);
        sbuf_free(&t);
        sbuf_free(&nf);
        sbuf_free(&nl);
        sbuf_free(&lo);
        sbuf_free(&hi);
    }
    kv_key_value_free(&v);
}

static double double_of(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

Test(keyenc, float_roundtrip)
{
    const double vals[] = {0.0,
                           -0.0,
                           1.0,
                           -1.0,
                           0.1,
                           -0.1,
                           DBL_MAX,
                           -DBL_MAX,
                           DBL_MIN,
                           -DBL_MIN,
                           DBL_TRUE_MIN,
                           -DBL_TRUE_MIN,
                           DBL_MIN / 3,
                           INFINITY,
                           -INFINITY,
                           NAN,
                           1e308,
                           -1e-308,
                           3.141592653589793};
    struct kv_key_value v = {0};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (int d = 0; d < 2; d++) {
            struct sbuf b = {0};
            kv_key_put_float8(&b, vals[i], (enum kv_key_dir)d);
            cr_assert_eq(b.len, 9);
            decode_one(&b, (enum kv_key_dir)d, &v);
            cr_assert_eq(v.type, KV_KEY_FLOAT);
            if (isnan(vals[i]))
                cr_assert(isnan(v.u.f64));
            else
                cr_assert(v.u.f64 == vals[i], "%g != %g", v.u.f64, vals[i]);
            cr_assert(!(v.u.f64 == 0 && signbit(v.u.f64)), "decoded -0");
            sbuf_free(&b);
        }
    }
    kv_key_value_free(&v);

    /* -0 == +0; every NaN equal (negative and signalling ones too). */
    struct sbuf a = {0}, b = {0};
    kv_key_put_float8(&a, 0.0, KV_KEY_ASC);
    kv_key_put_float8(&b, -0.0, KV_KEY_ASC);
    cr_assert(sb_cmp(&a, &b) == 0);
    const uint64_t nans[] = {UINT64_C(0x7FF8000000000000), UINT64_C(0xFFF8000000000000),
                             UINT64_C(0x7FF0000000000001), UINT64_C(0xFFFFFFFFFFFFFFFF)};
    sbuf_reset(&a);
    kv_key_put_float8(&a, NAN, KV_KEY_DESC);
    for (size_t i = 0; i < 4; i++) {
        sbuf_reset(&b);
        kv_key_put_float8(&b, double_of(nans[i]), KV_KEY_DESC);
        cr_assert(sb_cmp(&a, &b) == 0, "nan %016llx", (unsigned long long)nans[i]);
    }
    /* float4 widens exactly: 0.1f encodes as (double)0.1f, not as 0.1. */
    sbuf_reset(&a);
    sbuf_reset(&b);
    kv_key_put_float4(&a, 0.1f, KV_KEY_ASC);
    kv_key_put_float8(&b, (double)0.1f, KV_KEY_ASC);
    cr_assert(sb_cmp(&a, &b) == 0);
    sbuf_reset(&b);
    kv_key_put_float8(&b, 0.1, KV_KEY_ASC);
    cr_assert(sb_cmp(&a, &b) > 0); /* 0.1f = 0.100000001490116... */
    sbuf_free(&a);
    sbuf_free(&b);
}

static void check_numeric(const char *in, const char *want)
{
    struct kv_key_value v = {0};
    struct err e = {0};
    for (int d = 0; d < 2; d++) {
        struct sbuf b = {0};
        cr_assert_eq(kv_key_put_numeric(&b, in, (enum kv_key_dir)d, &e), 0, "%s: %s", in, e.msg);
        decode_one(&b, (enum kv_key_dir)d, &v);
        cr_assert_eq(v.type, KV_KEY_NUMERIC);
        cr_assert_str_eq((const char *)v.data, want, "numeric %s", in);
        cr_assert_eq(v.len, strlen(want));
        sbuf_free(&b);
    }
    kv_key_value_free(&v);
}

Test(keyenc, numeric_roundtrip)
{
    check_numeric("0", "0");
    check_numeric("-0", "0");
    check_numeric("000.000e5", "0");
    check_numeric("1.50", "1.5");
    check_numeric("1.5", "1.5");
    check_numeric("-1.5", "-1.5");
    check_numeric("+42", "42");
    check_numeric("100", "100");
    check_numeric("1e2", "100");
    check_numeric("1E+2", "100");
    check_numeric("0.001", "0.001");
    check_numeric(".5", "0.5");
    check_numeric("5.", "5");
    check_numeric("00012.3400", "12.34");
    check_numeric("-0.000000000000000000001", "-0.000000000000000000001"); /* 20 zeros */
    check_numeric("-0.0000000000000000000001", "-1e-22");
    check_numeric("0.00000000000000000000001", "1e-23");
    check_numeric("123456789012345678901234567890.123456789",
                  "123456789012345678901234567890.123456789");
    check_numeric("1e20", "100000000000000000000");
    check_numeric("1e21", "1e+21");
    check_numeric("1e22", "1e+22");
    check_numeric("1e-1000", "1e-1000");
    check_numeric("9.999e+999", "9.999e+999");
    check_numeric("-9.999e+999", "-9.999e+999");
    check_numeric("12345e-1005", "1.2345e-1001");
    check_numeric("NaN", "NaN");
    check_numeric("nan", "NaN");
    check_numeric("Infinity", "Infinity");
    check_numeric("+infinity", "Infinity");
    check_numeric("-Inf", "-Infinity");

    /* Scale does not matter: 1.50 = 1.5 = 15e-1 = 0.15e1. */
    const char *eq[] = {"1.50", "1.5", "15e-1", "0.15e1", "001.5000"};
    struct sbuf a = {0}, b = {0};
    cr_assert_eq(kv_key_put_numeric(&a, eq[0], KV_KEY_ASC, NULL), 0);
    for (size_t i = 1; i < 5; i++) {
        sbuf_reset(&b);
        cr_assert_eq(kv_key_put_numeric(&b, eq[i], KV_KEY_ASC, NULL), 0);
        cr_assert(sb_cmp(&a, &b) == 0, "%s", eq[i]);
    }
    /* A long mantissa with odd and even digit counts. */
    char big[2003];
    for (int i = 0; i < 2001; i++)
        big[i] = (char)('1' + i % 9);
    big[2001] = '\0';
    check_numeric(big, big);
    big[2000] = '\0';
    check_numeric(big, big);
    sbuf_free(&a);
    sbuf_free(&b);
}

Test(keyenc, numeric_invalid)
{
    const char *bad[] = {"",          "-",          "+",    ".",     "e5",
                         "1e",        "1e+",        "abc",  "1.2.3", " 1",
                         "1 ",        "--1",        "-nan", "+NaN",  "1e99999999999999999999",
                         "1e2000000", "1e-2000000", "0x10", "1,5",   "Infinityx",
                         "in",        "1e1.5"};
    struct sbuf b = {0};
    sbuf_puts(&b, "keep");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct err e = {0};
        cr_assert_eq(kv_key_put_numeric(&b, bad[i], KV_KEY_ASC, &e), ERR_INVAL, "'%s'", bad[i]);
        cr_assert_eq(e.code, ERR_INVAL);
        cr_assert(b.len == 4 && memcmp(b.data, "keep", 4) == 0, "buffer changed by '%s'", bad[i]);
    }
    sbuf_free(&b);
}

Test(keyenc, bytes_roundtrip)
{
    struct {
        const char *s;
        size_t len;
    } vals[] = {{"", 0},     {"\0", 1},         {"\0\0", 2},   {"\xff", 1},   {"\xff\xff", 2},
                {"a\0b", 3}, {"\xff\0\xff", 3}, {"\0\x01", 2}, {"\x01\0", 2}, {"hello world", 11}};
    struct kv_key_value v = {0};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (int d = 0; d < 2; d++) {
            for (int bytea = 0; bytea < 2; bytea++) {
                struct sbuf b = {0};
                if (bytea)
                    kv_key_put_bytea(&b, vals[i].s, vals[i].len, (enum kv_key_dir)d);
                else
                    kv_key_put_text(&b, vals[i].s, vals[i].len, (enum kv_key_dir)d);
                decode_one(&b, (enum kv_key_dir)d, &v);
                cr_assert_eq(v.type, bytea ? KV_KEY_BYTEA : KV_KEY_TEXT);
                cr_assert_eq(v.len, vals[i].len);
                cr_assert(memcmp(v.data, vals[i].s, v.len) == 0);
                cr_assert_eq(v.data[v.len], 0, "NUL after the bytes");
                sbuf_free(&b);
            }
        }
    }
    /* A long random string, all byte values. */
    struct rng r = {12345};
    uint8_t buf[5000];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)rnd(&r);
    struct sbuf b = {0};
    kv_key_put_bytea(&b, buf, sizeof(buf), KV_KEY_DESC);
    decode_one(&b, KV_KEY_DESC, &v);
    cr_assert(v.len == sizeof(buf) && memcmp(v.data, buf, sizeof(buf)) == 0);
    sbuf_free(&b);
    kv_key_value_free(&v);
}

Test(keyenc, temporal_and_uuid_roundtrip)
{
    struct kv_key_value v = {0};
    const int32_t dates[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, 8780, INT32_MAX - 1, INT32_MAX};
    const int64_t tss[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_C(758629800500000), INT64_MAX};
    for (int d = 0; d < 2; d++) {
        enum kv_key_dir dir = (enum kv_key_dir)d;
        for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
            struct sbuf b = {0};
            kv_key_put_date(&b, dates[i], dir);
            decode_one(&b, dir, &v);
            cr_assert(v.type == KV_KEY_DATE && v.u.date == dates[i]);
            sbuf_free(&b);
        }
        for (size_t i = 0; i < sizeof(tss) / sizeof(tss[0]); i++) {
            struct sbuf b = {0}, c = {0};
            kv_key_put_timestamp(&b, tss[i], dir);
            decode_one(&b, dir, &v);
            cr_assert(v.type == KV_KEY_TIMESTAMP && v.u.ts == tss[i]);
            kv_key_put_timestamptz(&c, tss[i], dir);
            decode_one(&c, dir, &v);
            cr_assert(v.type == KV_KEY_TIMESTAMPTZ && v.u.ts == tss[i]);
            cr_assert(sb_cmp(&b, &c) != 0, "timestamp and timestamptz have distinct tags");
            sbuf_free(&b);
            sbuf_free(&c);
        }
        uint8_t u[16];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 16; i++)
                u[i] = (uint8_t)(k == 0 ? 0 : k == 1 ? 0xFF : i * 17);
            struct sbuf b = {0};
            kv_key_put_uuid(&b, u, dir);
            cr_assert_eq(b.len, 17);
            decode_one(&b, dir, &v);
            cr_assert(v.type == KV_KEY_UUID && memcmp(v.u.uuid, u, 16) == 0);
            sbuf_free(&b);
        }
    }
    kv_key_value_free(&v);
}

/* PostgreSQL's interval_cmp_value, in 128 bits. */
__extension__ typedef __int128 i128;

static i128 iv_span(const struct kv_key_interval *iv)
{
    return ((i128)iv->months * 30 + iv->days) * (i128)INT64_C(86400000000) + iv->micros;
}

Test(keyenc, interval_roundtrip)
{
    const struct kv_key_interval ivs[] = {
        {0, 0, 0},
        {1, 0, 0},
        {0, 30, 0},
        {0, 0, INT64_C(30) * 86400000000},
        {0, 1, 0},
        {0, 0, INT64_C(86400000000)},
        {0, 0, -3600000000},
        {0, -1, 1},
        {-1, 0, 1},
        {1, -30, 0},
        {INT32_MAX, INT32_MAX, INT64_MAX},
        {INT32_MIN, INT32_MIN, INT64_MIN},
        {INT32_MAX, 0, 0},
        {INT32_MIN, 0, 0},
        {0, 0, INT64_MAX},
        {0, 0, INT64_MIN},
        {INT32_MAX, INT32_MIN, INT64_MAX},
        {INT32_MIN, INT32_MAX, INT64_MIN},
    };
    struct kv_key_value v = {0};
    for (size_t i = 0; i < sizeof(ivs) / sizeof(ivs[0]); i++) {
        for (int d = 0; d < 2; d++) {
            struct sbuf b = {0};
            kv_key_put_interval(&b, &ivs[i], (enum kv_key_dir)d);
            cr_assert_eq(b.len, 12);
            decode_one(&b, (enum kv_key_dir)d, &v);
            cr_assert_eq(v.type, KV_KEY_INTERVAL);
            cr_assert(iv_span(&v.u.iv) == iv_span(&ivs[i]), "interval %zu changed its span", i);
            /* Normalized: one sign for all fields. */
            const struct kv_key_interval *o = &v.u.iv;
            bool nonneg = o->months >= 0 && o->days >= 0 && o->micros >= 0;
            bool nonpos = o->months <= 0 && o->days <= 0 && o->micros <= 0;
            cr_assert(nonneg || nonpos, "interval %zu: %d %d %lld", i, o->months, o->days,
                      (long long)o->micros);
            sbuf_free(&b);
        }
    }
    /* '1 mon' = '30 days' = '720:00:00', as in PostgreSQL; '1 mon' decodes
     * to itself, '25 hours' to 1 day 01:00. */
    struct sbuf a = {0}, b = {0}, c = {0};
    kv_key_put_interval(&a, &ivs[1], KV_KEY_ASC);
    kv_key_put_interval(&b, &ivs[2], KV_KEY_ASC);
    kv_key_put_interval(&c, &ivs[3], KV_KEY_ASC);
    cr_assert(sb_cmp(&a, &b) == 0 && sb_cmp(&a, &c) == 0);
    decode_one(&b, KV_KEY_ASC, &v);
    cr_assert(v.u.iv.months == 1 && v.u.iv.days == 0 && v.u.iv.micros == 0);
    sbuf_reset(&a);
    struct kv_key_interval h25 = {0, 0, INT64_C(25) * 3600000000};
    kv_key_put_interval(&a, &h25, KV_KEY_ASC);
    decode_one(&a, KV_KEY_ASC, &v);
    cr_assert(v.u.iv.months == 0 && v.u.iv.days == 1 && v.u.iv.micros == 3600000000);
    sbuf_free(&a);
    sbuf_free(&b);
    sbuf_free(&c);
    kv_key_value_free(&v);
}

/* ---- the order property ---- */

/* One random value of the type under test, with its two encodings.
 * null: 0 = a value, -1 = NULL sorting first ascending, +1 = NULL last. */
struct item {
    int null;
    int64_t i;
    uint64_t u;
    double f;
    struct kv_key_interval iv;
    uint8_t uuid[16];
    char *s; /* text/bytea bytes, numeric string */
    size_t slen;
    /* numeric reference form */
    int ncls; /* -2 -inf, -1 neg, 0 zero, 1 pos, 2 +inf, 3 NaN */
    char *nint, *nfrac;
    struct sbuf asc, desc;
};

typedef int (*item_cmp)(const struct item *, const struct item *);
static item_cmp g_cmp;

static int qsort_cmp(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->null != 0 || y->null != 0)
        return x->null < y->null ? -1 : x->null > y->null;
    return g_cmp(x, y);
}

static int cmp3(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

/* Sort by the reference comparator and check both encodings against it. */
static void check_order(struct item *it, size_t n, item_cmp cmp, const char *what)
{
    g_cmp = cmp;
    qsort(it, n, sizeof(*it), qsort_cmp);
    size_t distinct = 1;
    for (size_t k = 0; k + 1 < n; k++) {
        int c = qsort_cmp(&it[k], &it[k + 1]);
        cr_assert(c <= 0, "%s: comparator is not a total order", what);
        int ca = sb_cmp(&it[k].asc, &it[k + 1].asc);
        int cd = sb_cmp(&it[k].desc, &it[k + 1].desc);
        if (c == 0) {
            cr_assert(ca == 0 && cd == 0, "%s: equal values, different keys %s / %s", what,
                      hex(it[k].asc.data, it[k].asc.len),
                      hex(it[k + 1].asc.data, it[k + 1].asc.len));
        } else {
            distinct++;
            cr_assert(ca < 0, "%s: ascending order broken at %zu: %s !< %s", what, k,
                      hex(it[k].asc.data, it[k].asc.len),
                      hex(it[k + 1].asc.data, it[k + 1].asc.len));
            cr_assert(cd > 0, "%s: descending order broken at %zu: %s !> %s", what, k,
                      hex(it[k].desc.data, it[k].desc.len),
                      hex(it[k + 1].desc.data, it[k + 1].desc.len));
        }
    }
    /* The random domains are chosen to give both duplicates and variety. */
    cr_assert(distinct > n / 20 && distinct < n, "%s: %zu distinct of %zu", what, distinct, n);
}

/* Append a NULL of each placement and encode; values encode via enc. */
static void encode_items(struct item *it, size_t n,
                         void (*enc)(struct sbuf *, const struct item *, enum kv_key_dir))
{
    for (size_t k = 0; k < n; k++) {
        if (it[k].null) {
            /* A column's NULLs sort at one end; its DESC twin at the other. */
            kv_key_put_null(&it[k].asc, KV_KEY_ASC, it[k].null < 0);
            kv_key_put_null(&it[k].desc, KV_KEY_DESC, it[k].null > 0);
        } else {
            enc(&it[k].asc, &it[k], KV_KEY_ASC);
            enc(&it[k].desc, &it[k], KV_KEY_DESC);
        }
    }
}

/* Decode every item's encodings back and check the value is equal under cmp. */
static void check_decode(struct item *it, size_t n, item_cmp cmp,
                         void (*load)(struct item *, const struct kv_key_value *))
{
    struct kv_key_value v = {0};
    for (size_t k = 0; k < n; k++) {
        for (int d = 0; d < 2; d++) {
            decode_one(d ? &it[k].desc : &it[k].asc, (enum kv_key_dir)d, &v);
            if (it[k].null) {
                cr_assert_eq(v.type, KV_KEY_NULL);
                continue;
            }
            struct item back = {0};
            load(&back, &v);
            cr_assert_eq(cmp(&back, &it[k]), 0, "value %zu changed by a round trip", k);
            free(back.s);
            free(back.nint);
            free(back.nfrac);
        }
    }
    kv_key_value_free(&v);
}

static struct item *new_items(size_t n, struct rng *r)
{
    struct item *it = calloc(n, sizeof(*it));
    for (size_t k = 0; k < n; k++) {
        uint64_t x = rnd_below(r, 100);
        it[k].null = x == 0 ? -1 : x == 1 ? 1 : 0;
    }
    return it;
}

static void free_items(struct item *it, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        sbuf_free(&it[k].asc);
        sbuf_free(&it[k].desc);
        free(it[k].s);
        free(it[k].nint);
        free(it[k].nfrac);
    }
    free(it);
}

/* int */
static int cmp_int(const struct item *a, const struct item *b)
{
    return cmp3(a->i, b->i);
}
static void enc_int(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_int64(b, x->i, d);
}
static void load_int(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_INT);
    x->i = v->u.i64;
}

Test(keyenc, order_int)
{
    struct rng r = {1};
    struct item *it = new_items(N_RANDOM, &r);
    static const int64_t edge[] = {
        INT64_MIN, INT64_MIN + 1, -65536, -257,  -256,          -255,     -1, 0,
        1,         255,           256,    65536, INT64_MAX - 1, INT64_MAX};
    for (size_t k = 0; k < N_RANDOM; k++)
        it[k].i = k < 14               ? edge[k]
                  : (rnd(&r) & 3) == 0 ? (int64_t)rnd_below(&r, 600) - 300
                                       : rnd_i64(&r);
    encode_items(it, N_RANDOM, enc_int);
    check_order(it, N_RANDOM, cmp_int, "int");
    check_decode(it, N_RANDOM, cmp_int, load_int);
    free_items(it, N_RANDOM);
}

/* uvarint */
static int cmp_uv(const struct item *a, const struct item *b)
{
    return a->u < b->u ? -1 : a->u > b->u;
}
static void enc_uv(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_uvarint(b, x->u, d);
}
static void load_uv(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_UVARINT);
    x->u = v->u.u64;
}

Test(keyenc, order_uvarint)
{
    struct rng r = {2};
    struct item *it = new_items(N_RANDOM, &r);
    for (size_t k = 0; k < N_RANDOM; k++) {
        it[k].null = 0; /* ids are never NULL */
        it[k].u = (rnd(&r) & 1) ? rnd_below(&r, 300) : rnd(&r) >> rnd_below(&r, 64);
    }
    it[0].u = UINT64_MAX;
    it[1].u = 69;
    it[2].u = 70;
    encode_items(it, N_RANDOM, enc_uv);
    check_order(it, N_RANDOM, cmp_uv, "uvarint");
    check_decode(it, N_RANDOM, cmp_uv, load_uv);
    free_items(it, N_RANDOM);
}

/* float: PostgreSQL's float8 order: NaN = NaN > Infinity, -0 = 0. */
static int cmp_float(const struct item *a, const struct item *b)
{
    if (isnan(a->f))
        return isnan(b->f) ? 0 : 1;
    if (isnan(b->f))
        return -1;
    return a->f < b->f ? -1 : a->f > b->f;
}
static void enc_float(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_float8(b, x->f, d);
}
static void load_float(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_FLOAT);
    x->f = v->u.f64;
}

Test(keyenc, order_float)
{
    struct rng r = {3};
    struct item *it = new_items(N_RANDOM, &r);
    const double edge[] = {0.0,      -0.0,    INFINITY, -INFINITY,    NAN,           -NAN, DBL_MAX,
                           -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1.0,  -1.0};
    for (size_t k = 0; k < N_RANDOM; k++) {
        switch (k < 14 ? 9 : rnd_below(&r, 4)) {
        case 9:
            it[k].f = edge[k];
            break;
        case 0: /* any bit pattern: NaNs, denormals, infinities included */
            it[k].f = double_of(rnd(&r));
            break;
        case 1: /* denormals */
            it[k].f = double_of((rnd(&r) >> 12) | ((rnd(&r) & 1) << 63));
            break;
        default: /* small values, many duplicates, -0 */
            it[k].f = ((double)rnd_below(&r, 41) - 20) / 4;
            if (it[k].f == 0 && (rnd(&r) & 1))
                it[k].f = -0.0;
            break;
        }
    }
    encode_items(it, N_RANDOM, enc_float);
    check_order(it, N_RANDOM, cmp_float, "float");
    check_decode(it, N_RANDOM, cmp_float, load_float);
    free_items(it, N_RANDOM);
}

/* numeric: a reference written on decimal strings, independent of the
 * encoder: move the point by the exponent, strip zeros, compare integer
 * parts by length then digits, fractions lexicographically. */
static void num_reference(struct item *x)
{
    const char *s = x->s;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (strcasecmp(s, "nan") == 0) {
        x->ncls = 3;
        return;
    }
    if (strcasecmp(s, "infinity") == 0 || strcasecmp(s, "inf") == 0) {
        x->ncls = neg ? -2 : 2;
        return;
    }
    char digits[4096];
    size_t nd = 0, intlen = 0;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s == '.')
            intlen = nd + 1; /* + 1: mark seen */
        else
            digits[nd++] = *s;
    }
    intlen = intlen ? intlen - 1 : nd;
    long ex = (*s == 'e' || *s == 'E') ? strtol(s + 1, NULL, 10) : 0;
    long point = (long)intlen + ex; /* digits before the point */
    size_t cap = nd + (size_t)labs(point) + 2;
    char *ip = calloc(cap, 1), *fp = calloc(cap, 1);
    size_t il = 0, fl = 0;
    for (long i = (point < 0 ? point : 0); i < (long)nd || i < point; i++) {
        char c = (i >= 0 && i < (long)nd) ? digits[i] : '0';
        if (i < point)
            ip[il++] = c;
        else
            fp[fl++] = c;
    }
    size_t lead = 0;
    while (lead < il && ip[lead] == '0')
        lead++;
    memmove(ip, ip + lead, il - lead + 1);
    while (fl > 0 && fp[fl - 1] == '0')
        fp[--fl] = '\0';
    x->nint = ip;
    x->nfrac = fp;
    x->ncls = (ip[0] || fp[0]) ? (neg ? -1 : 1) : 0;
}

static int cmp_num(const struct item *a, const struct item *b)
{
    if (a->ncls != b->ncls)
        return a->ncls < b->ncls ? -1 : 1;
    if (a->ncls != 1 && a->ncls != -1)
        return 0;
    size_t la = strlen(a->nint), lb = strlen(b->nint);
    int c = la != lb ? (la < lb ? -1 : 1) : strcmp(a->nint, b->nint);
    if (c == 0)
        c = strcmp(a->nfrac, b->nfrac);
    c = c < 0 ? -1 : c > 0;
    return a->ncls < 0 ? -c : c;
}
static void enc_num(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    struct err e = {0};
    cr_assert_eq(kv_key_put_numeric(b, x->s, d, &e), 0, "%s: %s", x->s, e.msg);
}
static void load_num(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_NUMERIC);
    x->s = strdup((const char *)v->data);
    num_reference(x);
}

static char *rnd_numeric(struct rng *r)
{
    static const char dig[] = "0000111599";
    char buf[128];
    size_t n = 0;
    uint64_t kind = rnd_below(r, 100);
    if (kind < 2)
        return strdup(kind ? "NaN" : "Infinity");
    if (kind < 3)
        return strdup("-Infinity");
    if (kind < 4)
        return strdup(kind & 1 ? "1e-1000" : "9.999e+999");
    if (rnd(r) & 1)
        buf[n++] = '-';
    size_t il = rnd_below(r, 6), fl = rnd_below(r, 6);
    for (size_t i = 0; i < il; i++)
        buf[n++] = dig[rnd_below(r, 10)];
    if (fl || il == 0 || (rnd(r) & 1)) {
        buf[n++] = '.';
        if (il == 0 && fl == 0)
            fl = 1;
    }
    for (size_t i = 0; i < fl; i++)
        buf[n++] = dig[rnd_below(r, 10)];
    if (rnd_below(r, 3) == 0)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "e%d", (int)rnd_below(r, 13) - 6);
    else if (rnd_below(r, 20) == 0)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "e%d", (int)rnd_below(r, 2001) - 1000);
    buf[n] = '\0';
    return strdup(buf);
}

Test(keyenc, order_numeric)
{
    struct rng r = {4};
    struct item *it = new_items(N_RANDOM, &r);
    for (size_t k = 0; k < N_RANDOM; k++) {
        it[k].s = rnd_numeric(&r);
        num_reference(&it[k]);
    }
    encode_items(it, N_RANDOM, enc_num);
    check_order(it, N_RANDOM, cmp_num, "numeric");
    check_decode(it, N_RANDOM, cmp_num, load_num);
    free_items(it, N_RANDOM);
}

/* text and bytea: bytewise, shorter prefix first */
static int cmp_bytes(const struct item *a, const struct item *b)
{
    return bcmp_lex(a->s, a->slen, b->s, b->slen);
}
static void enc_text(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_text(b, x->s, x->slen, d);
}
static void enc_bytea(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_bytea(b, x->s, x->slen, d);
}
static void load_bytes(struct item *x, const struct kv_key_value *v)
{
    cr_assert(v->type == KV_KEY_TEXT || v->type == KV_KEY_BYTEA);
    x->s = malloc(v->len + 1);
    memcpy(x->s, v->data, v->len);
    x->slen = v->len;
}

static void order_bytes(uint64_t seed, bool bytea)
{
    static const uint8_t alpha[] = {0x00, 0x01, 0x02, 'a', 'b', 0xFE, 0xFF};
    struct rng r = {seed};
    struct item *it = new_items(N_RANDOM, &r);
    for (size_t k = 0; k < N_RANDOM; k++) {
        it[k].slen = rnd_below(&r, 7);
        it[k].s = malloc(it[k].slen + 1);
        for (size_t i = 0; i < it[k].slen; i++)
            it[k].s[i] = (char)alpha[rnd_below(&r, sizeof(alpha))];
    }
    encode_items(it, N_RANDOM, bytea ? enc_bytea : enc_text);
    check_order(it, N_RANDOM, cmp_bytes, bytea ? "bytea" : "text");
    check_decode(it, N_RANDOM, cmp_bytes, load_bytes);
    free_items(it, N_RANDOM);
}

Test(keyenc, order_text)
{
    order_bytes(5, false);
}

Test(keyenc, order_bytea)
{
    order_bytes(6, true);
}

/* date / timestamp: plain integer order */
static void enc_date(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_date(b, (int32_t)x->i, d);
}
static void load_date(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_DATE);
    x->i = v->u.date;
}
static void enc_ts(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_timestamptz(b, x->i, d);
}
static void load_ts(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_TIMESTAMPTZ);
    x->i = v->u.ts;
}

Test(keyenc, order_date_timestamp)
{
    struct rng r = {7};
    struct item *it = new_items(N_RANDOM, &r);
    for (size_t k = 0; k < N_RANDOM; k++)
        it[k].i = k == 0          ? INT32_MIN
                  : k == 1        ? INT32_MAX
                  : (rnd(&r) & 1) ? (int64_t)rnd_below(&r, 2000) - 1000
                                  : (int32_t)(uint32_t)rnd(&r);
    encode_items(it, N_RANDOM, enc_date);
    check_order(it, N_RANDOM, cmp_int, "date");
    check_decode(it, N_RANDOM, cmp_int, load_date);
    free_items(it, N_RANDOM);

    it = new_items(N_RANDOM, &r);
    for (size_t k = 0; k < N_RANDOM; k++)
        it[k].i = k == 0          ? INT64_MIN
                  : k == 1        ? INT64_MAX
                  : (rnd(&r) & 1) ? (int64_t)rnd_below(&r, 2000) - 1000
                                  : rnd_i64(&r);
    encode_items(it, N_RANDOM, enc_ts);
    check_order(it, N_RANDOM, cmp_int, "timestamptz");
    check_decode(it, N_RANDOM, cmp_int, load_ts);
    free_items(it, N_RANDOM);
}

/* interval: by the 128-bit span, as interval_cmp_value */
static int cmp_iv(const struct item *a, const struct item *b)
{
    i128 x = iv_span(&a->iv), y = iv_span(&b->iv);
    return x < y ? -1 : x > y;
}
static void enc_iv(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_interval(b, &x->iv, d);
}
static void load_iv(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_INTERVAL);
    x->iv = v->u.iv;
}

Test(keyenc, order_interval)
{
    struct rng r = {8};
    struct item *it = new_items(N_RANDOM, &r);
    const int64_t hour = INT64_C(3600000000), day = 24 * hour;
    for (size_t k = 0; k < N_RANDOM; k++) {
        struct kv_key_interval *iv = &it[k].iv;
        if (rnd_below(&r, 4) == 0) { /* anywhere in the range */
            iv->months = (int32_t)(uint32_t)rnd(&r);
            iv->days = (int32_t)(uint32_t)rnd(&r);
            iv->micros = (int64_t)rnd(&r);
        } else { /* small, with many equal spans written differently */
            iv->months = (int32_t)rnd_below(&r, 5) - 2;
            iv->days = (int32_t)rnd_below(&r, 61) - 30;
            iv->micros = ((int64_t)rnd_below(&r, 97) - 48) * hour + (rnd_below(&r, 8) == 0);
        }
    }
    it[0].iv = (struct kv_key_interval){INT32_MAX, INT32_MAX, INT64_MAX};
    it[1].iv = (struct kv_key_interval){INT32_MIN, INT32_MIN, INT64_MIN};
    it[2].iv = (struct kv_key_interval){0, 0, -1};
    it[3].iv = (struct kv_key_interval){0, 0, day - 1};
    encode_items(it, N_RANDOM, enc_iv);
    check_order(it, N_RANDOM, cmp_iv, "interval");
    check_decode(it, N_RANDOM, cmp_iv, load_iv);
    free_items(it, N_RANDOM);
}

/* uuid: memcmp */
static int cmp_uuid(const struct item *a, const struct item *b)
{
    int c = memcmp(a->uuid, b->uuid, 16);
    return c < 0 ? -1 : c > 0;
}
static void enc_uuid(struct sbuf *b, const struct item *x, enum kv_key_dir d)
{
    kv_key_put_uuid(b, x->uuid, d);
}
static void load_uuid(struct item *x, const struct kv_key_value *v)
{
    cr_assert_eq(v->type, KV_KEY_UUID);
    memcpy(x->uuid, v->u.uuid, 16);
}

Test(keyenc, order_uuid)
{
    struct rng r = {9};
    struct item *it = new_items(N_RANDOM, &r);
    for (size_t k = 0; k < N_RANDOM; k++)
        for (int i = 0; i < 16; i++)
            it[k].uuid[i] = i < 11 ? 0x42 : "\x00\x7f\x80\xff"[rnd_below(&r, 4)];
    encode_items(it, N_RANDOM, enc_uuid);
    check_order(it, N_RANDOM, cmp_uuid, "uuid");
    check_decode(it, N_RANDOM, cmp_uuid, load_uuid);
    free_items(it, N_RANDOM);
}

/* ---- composite keys ---- */

/* Columns: (a int ASC NULLS FIRST, b text DESC NULLS LAST, c numeric ASC). */
struct row {
    bool a_null;
    int64_t a;
    bool b_null;
    char b[4];
    size_t blen;
    struct item c;
    struct sbuf key;
};

static int cmp_row(const void *x, const void *y)
{
    const struct row *p = x, *q = y;
    int c;
    if (p->a_null != q->a_null)
        return p->a_null ? -1 : 1;
    if (!p->a_null && (c = cmp3(p->a, q->a)) != 0)
        return c;
    if (p->b_null != q->b_null) /* DESC NULLS LAST: NULL after everything */
        return p->b_null ? 1 : -1;
    if (!p->b_null && (c = bcmp_lex(p->b, p->blen, q->b, q->blen)) != 0)
        return -c;
    return cmp_num(&p->c, &q->c);
}

Test(keyenc, order_composite)
{
    struct rng r = {10};
    size_t n = N_RANDOM;
    struct row *rows = calloc(n, sizeof(*rows));
    for (size_t k = 0; k < n; k++) {
        struct row *w = &rows[k];
        w->a_null = rnd_below(&r, 10) == 0;
        w->a = (int64_t)rnd_below(&r, 5) - 2;
        w->b_null = rnd_below(&r, 10) == 0;
        w->blen = rnd_below(&r, 3);
        for (size_t i = 0; i < w->blen; i++)
            w->b[i] = "\0a\xff"[rnd_below(&r, 3)];
        static const char *nums[] = {"0", "1", "1.0", "-1", "0.5", "10", "1e1", "NaN"};
        w->c.s = strdup(nums[rnd_below(&r, 8)]);
        num_reference(&w->c);

        kv_key_put_table_prefix(&w->key, 7, 1);
        if (w->a_null)
            kv_key_put_null(&w->key, KV_KEY_ASC, true);
        else
            kv_key_put_int64(&w->key, w->a, KV_KEY_ASC);
        if (w->b_null)
            kv_key_put_null(&w->key, KV_KEY_DESC, false);
        else
            kv_key_put_text(&w->key, w->b, w->blen, KV_KEY_DESC);
        cr_assert_eq(kv_key_put_numeric(&w->key, w->c.s, KV_KEY_ASC, NULL), 0);
    }
    qsort(rows, n, sizeof(*rows), cmp_row);
    for (size_t k = 0; k + 1 < n; k++) {
        int c = cmp_row(&rows[k], &rows[k + 1]);
        int ck = sb_cmp(&rows[k].key, &rows[k + 1].key);
        cr_assert(c == 0 ? ck == 0 : ck < 0, "composite order broken at %zu", k);
    }
    /* Each key decodes into exactly its five values. */
    struct kv_key_value v = {0};
    for (size_t k = 0; k < n; k++) {
        const uint8_t *p = (const uint8_t *)rows[k].key.data;
        size_t left = rows[k].key.len, used, count = 0;
        static const enum kv_key_dir dirs[] = {KV_KEY_ASC, KV_KEY_ASC, KV_KEY_ASC, KV_KEY_DESC,
                                               KV_KEY_ASC};
        while (left > 0) {
            cr_assert(count < 5);
            cr_assert_eq(kv_key_decode_next(p, left, dirs[count], &v, &used, NULL), 0);
            p += used;
            left -= used;
            count++;
        }
        cr_assert_eq(count, 5);
    }
    kv_key_value_free(&v);
    for (size_t k = 0; k < n; k++) {
        sbuf_free(&rows[k].key);
        free(rows[k].c.s);
        free(rows[k].c.nint);
        free(rows[k].c.nfrac);
    }
    free(rows);
}

Test(keyenc, prefix_sorts_first)
{
    /* (a) < (a, b) for any b, both directions, NULLs included; and
     * (a, <anything>) < (a') for a < a'. */
    struct sbuf a = {0}, ab = {0}, a2 = {0};
    for (int d = 0; d < 2; d++) {
        enum kv_key_dir dir = (enum kv_key_dir)d;
        sbuf_reset(&a);
        sbuf_reset(&a2);
        kv_key_put_text(&a, "x", 1, dir);
        kv_key_put_text(&a2, dir == KV_KEY_ASC ? "x\x01" : "w\xff", 2, dir);
        for (int k = 0; k < 6; k++) {
            sbuf_reset(&ab);
            sbuf_append(&ab, a.data, a.len);
            switch (k) {
            case 0:
                kv_key_put_null(&ab, KV_KEY_ASC, true);
                break;
            case 1:
                kv_key_put_null(&ab, KV_KEY_DESC, true);
                break;
            case 2:
                kv_key_put_int64(&ab, INT64_MIN, KV_KEY_ASC);
                break;
            case 3:
                kv_key_put_text(&ab, "", 0, KV_KEY_DESC);
                break;
            case 4:
                kv_key_put_null(&ab, KV_KEY_ASC, false);
                break;
            default:
                kv_key_put_uvarint(&ab, UINT64_MAX, KV_KEY_DESC);
                break;
            }
            cr_assert(sb_cmp(&a, &ab) < 0);
            cr_assert(sb_cmp(&ab, &a2) < 0, "case %d dir %d", k, d);
        }
    }
    sbuf_free(&a);
    sbuf_free(&ab);
    sbuf_free(&a2);
}

/* ---- prefix_end ---- */

static bool has_prefix(const struct sbuf *k, const struct sbuf *p)
{
    return k->len >= p->len && memcmp(k->data, p->data, p->len) == 0;
}

Test(keyenc, prefix_end)
{
    struct sbuf out = {0};
    cr_assert(kv_key_prefix_end((const uint8_t *)"ab", 2, &out));
    cr_assert(out.len == 2 && memcmp(out.data, "ac", 2) == 0);
    sbuf_reset(&out);
    cr_assert(kv_key_prefix_end((const uint8_t *)"a\xff\xff", 3, &out));
    cr_assert(out.len == 1 && out.data[0] == 'b');
    sbuf_reset(&out);
    cr_assert(!kv_key_prefix_end((const uint8_t *)"\xff\xff", 2, &out));
    cr_assert(!kv_key_prefix_end(NULL, 0, &out));
    cr_assert_eq(out.len, 0);

    /* Random prefixes and keys over a small alphabet: a key has the prefix
     * exactly when prefix <= key < end. */
    static const uint8_t alpha[] = {0x00, 0x01, 0x7F, 0xFE, 0xFF};
    struct rng r = {11};
    for (int round = 0; round < 300; round++) {
        struct sbuf p = {0};
        size_t pl = 1 + rnd_below(&r, 4);
        for (size_t i = 0; i < pl; i++)
            sbuf_putc(&p, (char)alpha[rnd_below(&r, 5)]);
        sbuf_reset(&out);
        bool bounded = kv_key_prefix_end((const uint8_t *)p.data, p.len, &out);
        for (int j = 0; j < 200; j++) {
            struct sbuf k = {0};
            if (rnd(&r) & 1)
                sbuf_append(&k, p.data, p.len);
            size_t kl = rnd_below(&r, 5);
            for (size_t i = 0; i < kl; i++)
                sbuf_putc(&k, (char)alpha[rnd_below(&r, 5)]);
            bool in = sb_cmp(&k, &p) >= 0 && (!bounded || sb_cmp(&k, &out) < 0);
            cr_assert_eq(in, has_prefix(&k, &p), "prefix %s key %s end %s", hex(p.data, p.len),
                         hex(k.data, k.len), bounded ? hex(out.data, out.len) : "none");
            sbuf_free(&k);
        }
        sbuf_free(&p);
    }

    /* Scan bounds of an index: [prefix(5,1), end) holds every key of index
     * 5/1 and nothing of 5/0, 5/2, 4/x or 6/x. */
    struct sbuf pre = {0}, k = {0};
    kv_key_put_table_prefix(&pre, 5, 1);
    sbuf_reset(&out);
    cr_assert(kv_key_prefix_end((const uint8_t *)pre.data, pre.len, &out));
    const uint64_t ids[][2] = {{5, 1}, {5, 0}, {5, 2}, {4, 1}, {6, 1}, {5, 70}, {4, UINT64_MAX}};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        for (int x = 0; x < 3; x++) {
            sbuf_reset(&k);
            kv_key_put_table_prefix(&k, ids[i][0], ids[i][1]);
            if (x == 1)
                kv_key_put_null(&k, KV_KEY_DESC, false);
            if (x == 2)
                kv_key_put_text(&k, "\xff\xff", 2, KV_KEY_ASC);
            bool in = sb_cmp(&k, &pre) >= 0 && sb_cmp(&k, &out) < 0;
            cr_assert_eq(in, i == 0, "ids %llu/%llu", (unsigned long long)ids[i][0],
                         (unsigned long long)ids[i][1]);
        }
    }
    sbuf_free(&pre);
    sbuf_free(&k);
    sbuf_free(&out);
}

/* ---- the pretty-printer ---- */

Test(keyenc, format)
{
    struct sbuf k = {0}, out = {0};
    kv_key_put_table_prefix(&k, 1, 2);
    kv_key_put_text(&k, "abc", 3, KV_KEY_ASC);
    kv_key_put_null(&k, KV_KEY_ASC, true);
    kv_key_put_int64(&k, -5, KV_KEY_DESC);
    kv_key_put_float8(&k, 1.5, KV_KEY_ASC);
    kv_key_put_bool(&k, true, KV_KEY_ASC);
    kv_key_put_date(&k, 8780, KV_KEY_ASC);
    cr_assert_eq(kv_key_format((const uint8_t *)k.data, k.len, &out), 0);
    cr_assert_str_eq(out.data, "/1/2/'abc'/NULL/-5/1.5/true/'2024-01-15'");

    sbuf_reset(&k);
    sbuf_reset(&out);
    cr_assert_eq(kv_key_put_numeric(&k, "-1.50", KV_KEY_ASC, NULL), 0);
    kv_key_put_text(&k, "it's\n", 5, KV_KEY_DESC);
    kv_key_put_bytea(&k, "\x00\xff", 2, KV_KEY_ASC);
    /* 2024-01-15 10:30:00.5 UTC */
    kv_key_put_timestamptz(&k, INT64_C(8780) * 86400000000 + INT64_C(37800500000), KV_KEY_ASC);
    kv_key_put_timestamp(&k, INT64_MAX, KV_KEY_ASC);
    uint8_t u[16];
    for (int i = 0; i < 16; i++)
        u[i] = (uint8_t)(0xa0 + i);
    kv_key_put_uuid(&k, u, KV_KEY_ASC);
    struct kv_key_interval iv = {14, 3, -INT64_C(3723000001)};
    kv_key_put_interval(&k, &iv, KV_KEY_ASC);
    kv_key_put_float8(&k, NAN, KV_KEY_DESC);
    kv_key_put_date(&k, -730120, KV_KEY_ASC); /* the day before 0001-01-01 */
    cr_assert_eq(kv_key_format((const uint8_t *)k.data, k.len, &out), 0);
    cr_assert_str_eq(out.data, "/-1.5/'it''s\\x0a'/'\\x00ff'/'2024-01-15 10:30:00.5+00'"
                               "/'infinity'/'a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf'"
                               "/'14 mons 2 days 22:57:56.999999'/NaN/'0001-12-31 BC'");

    /* Undecodable bytes are shown in hex, after what decoded. */
    sbuf_reset(&k);
    sbuf_reset(&out);
    kv_key_put_uvarint(&k, 3, KV_KEY_ASC);
    sbuf_append(&k,
                "\x1c"
                "ab",
                3); /* unterminated text */
    cr_assert_eq(kv_key_format((const uint8_t *)k.data, k.len, &out), ERR_CORRUPT);
    cr_assert_str_eq(out.data, "/3/?1c6162");
    sbuf_free(&k);
    sbuf_free(&out);
}

/* ---- decoder robustness ---- */

/* Decode p[0..n) value by value in whichever direction each value has; every
 * success must re-encode to the same bytes. Returns the bytes decoded. */
static size_t decode_all(const uint8_t *p, size_t n, struct kv_key_value *v)
{
    size_t off = 0;
    while (off < n) {
        size_t used = 0, skipped = 0;
        struct err e = {0};
        int rc_skip = kv_key_skip(p + off, n - off, &skipped, NULL);
        int rc = kv_key_decode_next(p + off, n - off, KV_KEY_ASC, v, &used, &e);
        if (rc < 0)
            rc = kv_key_decode_next(p + off, n - off, KV_KEY_DESC, v, &used, &e);
        cr_assert_eq(rc, rc_skip, "skip and decode disagree at %zu", off);
        if (rc < 0) {
            cr_assert_eq(rc, ERR_CORRUPT);
            cr_assert_eq(e.code, ERR_CORRUPT);
            break;
        }
        cr_assert(used >= 1 && used <= n - off && used == skipped);
        struct sbuf again = {0};
        cr_assert_eq(kv_key_put_value(&again, v, NULL), 0);
        cr_assert(again.len == used && memcmp(again.data, p + off, used) == 0,
                  "not canonical: %s re-encodes as %s", hex(p + off, used),
                  hex(again.data, again.len));
        sbuf_free(&again);
        off += used;
    }
    struct sbuf f = {0};
    kv_key_format(p, n, &f);
    sbuf_free(&f);
    return off;
}

/* Keys of every type and direction, for truncation and mutation tests. */
static void sample_keys(struct sbuf *keys, size_t nkeys)
{
    struct rng r = {12};
    for (size_t k = 0; k < nkeys; k++) {
        struct sbuf *b = &keys[k];
        kv_key_put_table_prefix(b, rnd_below(&r, 200), rnd_below(&r, 3));
        for (int j = 0; j < 4; j++) {
            enum kv_key_dir d = (enum kv_key_dir)(rnd(&r) & 1);
            switch (rnd_below(&r, 13)) {
            case 0:
                kv_key_put_null(b, d, rnd(&r) & 1);
                break;
            case 1:
                kv_key_put_bool(b, rnd(&r) & 1, d);
                break;
            case 2:
                kv_key_put_int64(b, rnd_i64(&r), d);
                break;
            case 3:
                kv_key_put_float8(b, double_of(rnd(&r)), d);
                break;
            case 4: {
                char *s = rnd_numeric(&r);
                cr_assert_eq(kv_key_put_numeric(b, s, d, NULL), 0);
                free(s);
                break;
            }
            case 5:
            case 6: {
                char s[6];
                size_t len = rnd_below(&r, 6);
                for (size_t i = 0; i < len; i++)
                    s[i] = "\0\xff"
                           "a"[rnd_below(&r, 3)];
                kv_key_put_text(b, s, len, d);
                break;
            }
            case 7:
                kv_key_put_date(b, (int32_t)(uint32_t)rnd(&r), d);
                break;
            case 8:
                kv_key_put_timestamp(b, rnd_i64(&r), d);
                break;
            case 9: {
                struct kv_key_interval iv = {(int32_t)(uint32_t)rnd(&r),
                                             (int32_t)rnd_below(&r, 40) - 20, rnd_i64(&r)};
                kv_key_put_interval(b, &iv, d);
                break;
            }
            case 10: {
                uint8_t u[16];
                for (int i = 0; i < 16; i++)
                    u[i] = (uint8_t)rnd(&r);
                kv_key_put_uuid(b, u, d);
                break;
            }
            case 11:
                kv_key_put_bytea(b, "\0\0\xff", 3, d);
                break;
            default:
                kv_key_put_uvarint(b, rnd(&r) >> rnd_below(&r, 64), d);
                break;
            }
        }
    }
}

Test(keyenc, truncations)
{
    enum { NKEYS = 400 };
    struct sbuf *keys = calloc(NKEYS, sizeof(*keys));
    sample_keys(keys, NKEYS);
    struct kv_key_value v = {0};
    size_t checked = 0;
    for (size_t k = 0; k < NKEYS; k++) {
        cr_assert_eq(decode_all((const uint8_t *)keys[k].data, keys[k].len, &v), keys[k].len);
        for (size_t len = 0; len < keys[k].len; len++) {
            uint8_t *copy = xmalloc(len ? len : 1); /* exact size: ASan sees overreads */
            memcpy(copy, keys[k].data, len);
            size_t got = decode_all(copy, len, &v);
            cr_assert(got <= len);
            xfree(copy);
            checked++;
        }
    }
    cr_assert(checked > 10000, "%zu truncations", checked);
    kv_key_value_free(&v);
    for (size_t k = 0; k < NKEYS; k++)
        sbuf_free(&keys[k]);
    free(keys);
}

Test(keyenc, random_bytes_and_bit_flips)
{
    struct rng r = {13};
    struct kv_key_value v = {0};
    /* Bytes biased toward tags and escape bytes so that decodes get far. */
    static const uint8_t hot[] = {0x00, 0x01, 0x02, 0x0B, 0x0C, 0x0D, 0x14, 0x15, 0x17,
                                  0x19, 0x1C, 0x1D, 0x21, 0x22, 0x30, 0x76, 0x7D, 0x7F,
                                  0x80, 0xE3, 0xE6, 0xE8, 0xF3, 0xFE, 0xFF, 0x64, 0x65};
    for (int round = 0; round < 100000; round++) {
        size_t len = rnd_below(&r, 24);
        uint8_t *p = xmalloc(len ? len : 1);
        for (size_t i = 0; i < len; i++)
            p[i] = (rnd(&r) & 1) ? hot[rnd_below(&r, sizeof(hot))] : (uint8_t)rnd(&r);
        decode_all(p, len, &v);
        xfree(p);
    }
    enum { NKEYS = 200 };
    struct sbuf *keys = calloc(NKEYS, sizeof(*keys));
    sample_keys(keys, NKEYS);
    for (size_t k = 0; k < NKEYS; k++) {
        uint8_t *p = xmalloc(keys[k].len);
        for (size_t bit = 0; bit < 8 * keys[k].len; bit++) {
            memcpy(p, keys[k].data, keys[k].len);
            p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            decode_all(p, keys[k].len, &v);
        }
        xfree(p);
        sbuf_free(&keys[k]);
    }
    free(keys);
    kv_key_value_free(&v);
}

static void expect_corrupt_dir(const char *bytes, size_t n, enum kv_key_dir dir, bool skip_ok,
                               const char *why)
{
    uint8_t *p = xmalloc(n ? n : 1);
    memcpy(p, bytes, n);
    struct kv_key_value v = {0};
    struct err e = {0};
    size_t used = 12345;
    cr_assert_eq(kv_key_decode_next(p, n, dir, &v, &used, &e), ERR_CORRUPT, "%s accepted", why);
    cr_assert_eq(used, 12345, "%s: consumed set on error", why);
    cr_assert_eq(e.code, ERR_CORRUPT);
    cr_assert(strncmp(e.msg, "key: ", 5) == 0, "%s: message '%s'", why, e.msg);
    cr_assert_eq(kv_key_skip(p, n, &used, NULL), skip_ok ? 0 : ERR_CORRUPT, "%s: skip", why);
    kv_key_value_free(&v);
    xfree(p);
}

static void expect_corrupt(const char *bytes, size_t n, enum kv_key_dir dir, const char *why)
{
    expect_corrupt_dir(bytes, n, dir, false, why);
}

Test(keyenc, corrupt_cases)
{
    expect_corrupt("", 0, KV_KEY_ASC, "empty");
    expect_corrupt("\x00", 1, KV_KEY_ASC, "tag 0x00");
    expect_corrupt("\xff", 1, KV_KEY_DESC, "tag 0xff");
    expect_corrupt("\x23", 1, KV_KEY_ASC, "reserved tag 0x23");
    expect_corrupt("\x7e", 1, KV_KEY_ASC, "reserved tag 0x7e");
    expect_corrupt("\x81", 1, KV_KEY_DESC, "reserved tag 0x81 (~0x7e)");
    expect_corrupt("\x0d\x00", 2, KV_KEY_ASC, "int with a leading zero byte");
    expect_corrupt("\x14\x80\0\0\0\0\0\0\0", 9, KV_KEY_ASC, "int above INT64_MAX");
    expect_corrupt("\x0a\xff\x00", 3, KV_KEY_ASC, "negative int with a leading 0xff");
    expect_corrupt("\x04\x7f\0\0\0\0\0\0\0", 9, KV_KEY_ASC, "negative int below INT64_MIN");
    expect_corrupt("\x0e\x01", 2, KV_KEY_ASC, "truncated int");
    expect_corrupt("\x15\x7f\xff\xff\xff\xff\xff\xff\xff", 9, KV_KEY_ASC, "float -0");
    expect_corrupt("\x15\xff\xf8\0\0\0\0\0\x01", 9, KV_KEY_ASC, "float non-canonical NaN");
    expect_corrupt("\x19\x0d\x01\x0c\x01\x00", 6, KV_KEY_ASC, "numeric trailing zero pair");
    expect_corrupt("\x19\x0d\x01\x05\x00", 5, KV_KEY_ASC, "numeric leading zero digit");
    expect_corrupt("\x19\x0d\x01\x00", 4, KV_KEY_ASC, "numeric without digits");
    expect_corrupt("\x19\x0d\x01\x66\x00", 5, KV_KEY_ASC, "numeric pair > 99");
    expect_corrupt("\x19\x0d\x01\x0c", 4, KV_KEY_ASC, "numeric unterminated");
    expect_corrupt("\x19\x0f\x20\x00\x00\x0c\x00", 7, KV_KEY_ASC, "numeric exponent 2^21");
    expect_corrupt("\xe6\xf0\xdf\xff\xff\xf3\xff", 7, KV_KEY_DESC, "desc numeric exponent 2^21");
    expect_corrupt("\x19\x0d", 2, KV_KEY_ASC, "numeric truncated");
    expect_corrupt("\x19\x15", 2, KV_KEY_ASC, "numeric exponent not an int");
    expect_corrupt("\x1c"
                   "ab\x00\x02",
                   5, KV_KEY_ASC, "text bad escape");
    expect_corrupt("\x1c"
                   "ab\x00",
                   4, KV_KEY_ASC, "text truncated escape");
    expect_corrupt("\x1c"
                   "ab",
                   3, KV_KEY_ASC, "text unterminated");
    expect_corrupt("\x76\x05", 2, KV_KEY_ASC, "uvarint below 70 in long form");
    expect_corrupt("\x77\x00\xff", 3, KV_KEY_ASC, "uvarint with a leading zero");
    expect_corrupt("\x21\x80\0\0\0\0\0\x14\x1d\xd7\x60\x00", 12, KV_KEY_ASC,
                   "interval time of day = 1 day");
    expect_corrupt("\x21\xff\xff\xff\xff\xff\xff\0\0\0\0\0", 12, KV_KEY_ASC,
                   "interval beyond representable");
    expect_corrupt("\x22"
                   "0123456789abcde",
                   16, KV_KEY_ASC, "uuid truncated");
    expect_corrupt("\x1e\0\0\0", 4, KV_KEY_ASC, "date truncated");
    /* A valid value of the other direction. */
    expect_corrupt_dir("\x0c", 1, KV_KEY_DESC, true, "ascending int read as descending");
    expect_corrupt_dir("\xf3", 1, KV_KEY_ASC, true, "descending int read as ascending");
    /* Typed decoders refuse other types. */
    struct sbuf b = {0};
    kv_key_put_text(&b, "1", 1, KV_KEY_ASC);
    int64_t i;
    uint64_t u;
    size_t used;
    struct err e = {0};
    cr_assert_eq(kv_key_decode_int64((const uint8_t *)b.data, b.len, KV_KEY_ASC, &i, &used, &e),
                 ERR_CORRUPT);
    cr_assert(strstr(e.msg, "expected int") != NULL, "%s", e.msg);
    cr_assert_eq(kv_key_decode_uvarint((const uint8_t *)b.data, b.len, KV_KEY_ASC, &u, &used, &e),
                 ERR_CORRUPT);
    sbuf_free(&b);
}
