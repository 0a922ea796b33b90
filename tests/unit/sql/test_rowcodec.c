/* test_rowcodec.c — unit tests for the row format (sql_row_encode/decode)
 * and the key encoding of SQL values (sql_key_put/get).
 */
#include "sql/value.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

static struct mem_ctx *ctx;

static void setup(void)
{
    ctx = mem_ctx_new(NULL, "test_rowcodec");
}

static void teardown(void)
{
    mem_ctx_free(ctx);
}

TestSuite(rowcodec, .init = setup, .fini = teardown, .timeout = 60);

static struct sql_value in(uint32_t type, const char *s)
{
    struct sql_value v;
    struct err e = {0};
    cr_assert_eq(sql_value_in(ctx, type, -1, s, strlen(s), NULL, &v, &e), 0, "%s: %s", s, e.msg);
    return v;
}

static void text_of(const struct sql_value *v, struct sbuf *out)
{
    sbuf_reset(out);
    if (v->null) {
        sbuf_puts(out, "NULL");
        return;
    }
    cr_assert_eq(sql_value_out(v, NULL, out, NULL), 0);
}

/* One value of every storable type, as text. */
static const struct {
    uint32_t type;
    const char *text;
} samples[] = {
    {SQL_T_BOOL, "t"},
    {SQL_T_BOOL, "f"},
    {SQL_T_INT2, "-32768"},
    {SQL_T_INT4, "0"},
    {SQL_T_INT4, "-1"},
    {SQL_T_INT4, "2147483647"},
    {SQL_T_INT8, "-9223372036854775808"},
    {SQL_T_INT8, "9223372036854775807"},
    {SQL_T_INT8, "128"},
    {SQL_T_INT8, "-129"},
    {SQL_T_OID, "4294967295"},
    {SQL_T_FLOAT4, "1.5"},
    {SQL_T_FLOAT8, "-0"},
    {SQL_T_FLOAT8, "NaN"},
    {SQL_T_FLOAT8, "1e-310"},
    {SQL_T_NUMERIC, "-12345.6789000"},
    {SQL_T_NUMERIC, "NaN"},
    {SQL_T_NUMERIC, "1e300"},
    {SQL_T_TEXT, ""},
    {SQL_T_TEXT, "héllo wörld"},
    {SQL_T_VARCHAR, "abc"},
    {SQL_T_BPCHAR, "ab   "},
    {SQL_T_NAME, "pg_class"},
    {SQL_T_BYTEA, "\\x00ff00"},
    {SQL_T_JSON, "{\"a\": [1, 2]}"},
    {SQL_T_CHAR, "x"},
    {SQL_T_DATE, "2024-02-29"},
    {SQL_T_DATE, "-infinity"},
    {SQL_T_TIMESTAMP, "2024-01-15 10:30:00.123456"},
    {SQL_T_TIMESTAMPTZ, "infinity"},
    {SQL_T_TIME, "23:59:59.999999"},
    {SQL_T_INTERVAL, "-1 years 2 mons -3 days 04:05:06.5"},
    {SQL_T_UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
    {SQL_T_INET, "192.168.1.226/24"},
    {SQL_T_INET, "::ffff:1.2.3.4/100"},
    {SQL_T_CIDR, "10.1.2.0/23"},
    {SQL_T_CIDR, "2001:db8::/32"},
    {SQL_T_MACADDR, "08:00:2b:01:02:03"},
    {SQL_T_MACADDR8, "08:00:2b:01:02:03:04:05"},
};
#define NS N_CASES(samples)

Test(rowcodec, roundtrip_all_types)
{
    struct sql_value vals[NS], back[NS];
    uint32_t ids[NS], types[NS];
    struct sbuf rec, a, b;
    struct err e = {0};
    sbuf_init(&rec);
    sbuf_init(&a);
    sbuf_init(&b);
    for (size_t i = 0; i < NS; i++) {
        vals[i] = in(samples[i].type, samples[i].text);
        ids[i] = (uint32_t)(i * 3 + 1);
        types[i] = samples[i].type;
    }
    vals[5] = sql_null(SQL_T_INT4); /* a NULL in the middle */
    sql_row_encode(ids, vals, NS, &rec);
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, ids, types, NS, back, &e),
                 0, "%s", e.msg);
    for (size_t i = 0; i < NS; i++) {
        cr_expect_eq(back[i].type, types[i]);
        cr_expect_eq(back[i].null, vals[i].null, "column %zu", i);
        text_of(&vals[i], &a);
        text_of(&back[i], &b);
        cr_expect_str_eq(b.data, a.data, "column %zu", i);
        if (!vals[i].null)
            cr_expect_eq(sql_value_cmp(&vals[i], &back[i]), 0, "column %zu", i);
    }
    /* -0 keeps its sign (float8out prints it) */
    cr_expect(signbit(back[12].u.f));

    /* Every strict prefix is refused, never read past. */
    for (size_t cut = 0; cut < rec.len; cut++) {
        uint8_t *copy = mem_alloc(ctx, cut + 1);
        memcpy(copy, rec.data, cut);
        cr_expect_neq(sql_row_decode(ctx, copy, cut, ids, types, NS, back, &e), 0, "cut %zu", cut);
        cr_expect_eq(e.code, ERR_CORRUPT);
    }
    sbuf_free(&rec);
    sbuf_free(&a);
    sbuf_free(&b);
}

Test(rowcodec, layout_bytes)
{
    /* ids 1, 2, 10: int4 5, NULL, text 'ab'; then id 300 int8 -1 */
    uint32_t ids[4] = {1, 2, 10, 300};
    struct sql_value v[4] = {sql_int4(5), sql_null(SQL_T_TEXT), sql_cstr("ab"), sql_int8(-1)};
    struct sbuf rec;
    sbuf_init(&rec);
    sql_row_encode(ids, v, 4, &rec);
    static const uint8_t want[] = {0x01, 0x03,                 /* version, 3 columns */
                                   0x01, 0x11, 0x05,           /* id 1: int, 1 byte */
                                   0x09, 0x23, 0x02, 'a', 'b', /* id +9: bytes, len 2 */
                                   0xa2, 0x02, 0x11, 0xff};    /* id +290: int -1 */
    cr_assert_eq(rec.len, sizeof(want));
    cr_expect_eq(memcmp(rec.data, want, sizeof(want)), 0);
    sbuf_free(&rec);
}

/* A bpchar with SQL_ROW_PAD_MIN (8) or more trailing blanks is stored
 * without them (tag 0x29: length, pad count, text) and comes back padded. */
Test(rowcodec, padded_bpchar)
{
    uint32_t ids[3] = {1, 2, 3};
    uint32_t types[3] = {SQL_T_BPCHAR, SQL_T_BPCHAR, SQL_T_BPCHAR};
    char wide[300];
    memset(wide, ' ', sizeof(wide) - 1);
    wide[sizeof(wide) - 1] = '\0';
    wide[0] = 'x';
    struct sql_value v[3] = {in(SQL_T_BPCHAR, "ab       "), in(SQL_T_BPCHAR, "        "),
                             in(SQL_T_BPCHAR, wide)};
    struct sbuf rec;
    sbuf_init(&rec);
    sql_row_encode(ids, v, 3, &rec);
    static const uint8_t want[] = {0x01, 0x03,                             /* version, 3 columns */
                                   0x01, 0x23, 0x09, 'a',  'b',  ' ', ' ', /* 7 blanks: as is */
                                   ' ',  ' ',  ' ',  ' ',  ' ',            /* */
                                   0x01, 0x29, 0x01, 0x08,                 /* 8 blanks: count */
                                   0x01, 0x29, 0x03, 0xaa, 0x02, 'x'};     /* 298 blanks */
    cr_assert_eq(rec.len, sizeof(want));
    cr_expect_eq(memcmp(rec.data, want, sizeof(want)), 0);
    struct sql_value back[3];
    struct err e = {0};
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, ids, types, 3, back, &e),
                 0, "%s", e.msg);
    for (int i = 0; i < 3; i++) {
        cr_expect_eq(back[i].u.s.len, v[i].u.s.len, "column %d", i);
        cr_expect_eq(memcmp(back[i].u.s.p, v[i].u.s.p, v[i].u.s.len), 0, "column %d", i);
    }
    /* a text column never reads the padded form; a pad count under 8 or
     * over bpchar's limit is refused */
    uint32_t ttype = SQL_T_TEXT;
    static const uint8_t as_text[] = {0x01, 0x01, 0x01, 0x29, 0x01, 0x08};
    static const uint8_t small[] = {0x01, 0x01, 0x01, 0x29, 0x01, 0x07};
    static const uint8_t huge[] = {0x01, 0x01, 0x01, 0x29, 0x04, 0xff, 0xff, 0xff, 0x7f};
    cr_expect_eq(sql_row_decode(ctx, as_text, sizeof(as_text), ids, &ttype, 1, back, &e),
                 ERR_CORRUPT);
    cr_expect_eq(sql_row_decode(ctx, small, sizeof(small), ids, types, 1, back, &e), ERR_CORRUPT);
    cr_expect_eq(sql_row_decode(ctx, huge, sizeof(huge), ids, types, 1, back, &e), ERR_CORRUPT);
    sbuf_free(&rec);
}

Test(rowcodec, schema_changes)
{
    uint32_t ids[3] = {1, 2, 3};
    struct sql_value v[3] = {sql_int4(7), sql_cstr("dropped"), sql_int8(9)};
    struct sbuf rec;
    struct err e = {0};
    sbuf_init(&rec);
    sql_row_encode(ids, v, 3, &rec);
    /* column 2 dropped, column 4 added */
    uint32_t nids[3] = {1, 3, 4};
    uint32_t ntypes[3] = {SQL_T_INT4, SQL_T_INT8, SQL_T_TEXT};
    struct sql_value out[3];
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, nids, ntypes, 3, out, &e),
                 0);
    cr_expect_eq(out[0].u.i, 7);
    cr_expect_eq(out[1].u.i, 9);
    cr_expect(out[2].null);
    cr_expect_eq(out[2].type, SQL_T_TEXT);
    /* ids asked in another order */
    uint32_t rids[2] = {3, 1};
    uint32_t rtypes[2] = {SQL_T_INT8, SQL_T_INT4};
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, rids, rtypes, 2, out, &e),
                 0);
    cr_expect_eq(out[0].u.i, 9);
    cr_expect_eq(out[1].u.i, 7);
    /* the wrong type for a column is corruption */
    uint32_t btypes[3] = {SQL_T_TEXT, SQL_T_INT8, SQL_T_TEXT};
    cr_expect_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, nids, btypes, 3, out, &e),
                 ERR_CORRUPT);
    cr_expect_str_eq(err_sqlstate(&e), "XX001");
    /* an int8 value too large for an int2 column */
    uint32_t stypes[3] = {SQL_T_INT4, SQL_T_INT2, SQL_T_TEXT};
    struct sql_value big[3] = {sql_int4(1), sql_null(SQL_T_TEXT), sql_int8(100000)};
    sbuf_reset(&rec);
    sql_row_encode(ids, big, 3, &rec);
    cr_expect_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, nids, stypes, 3, out, &e),
                 ERR_CORRUPT);
    sbuf_free(&rec);
}

Test(rowcodec, horizon_and_missing_values)
{
    /* Written when the table's next column id was 4: column 3 was NULL. */
    uint32_t ids[3] = {1, 2, 3};
    struct sql_value v[3] = {sql_int4(7), sql_cstr("x"), sql_null(SQL_T_INT8)};
    struct sbuf rec;
    struct err e = {0};
    sbuf_init(&rec);
    sql_row_encode_h(ids, v, 3, 4, &rec);
    cr_assert_eq(((const uint8_t *)rec.data)[0], 2);
    /* Read after columns 4 and 5 were added with missing values 42 and 'm',
     * and column 3 got one too (it cannot: older rows say NULL). */
    uint32_t nids[5] = {1, 2, 3, 4, 5};
    uint32_t ntypes[5] = {SQL_T_INT4, SQL_T_TEXT, SQL_T_INT8, SQL_T_INT8, SQL_T_TEXT};
    struct sql_value miss[5] = {sql_null(SQL_T_INT4), sql_null(SQL_T_TEXT), sql_int8(5),
                                sql_int8(42), sql_cstr("m")};
    struct sql_value out[5];
    cr_assert_eq(
        sql_row_decode_m(ctx, (const uint8_t *)rec.data, rec.len, nids, ntypes, 5, miss, out, &e),
        0);
    cr_expect_eq(out[0].u.i, 7);
    cr_expect(out[2].null, "a NULL written before the missing value stays NULL");
    cr_expect_eq(out[3].u.i, 42);
    cr_expect_eq(out[4].u.s.len, 1);
    /* without missing values, absent columns are NULL */
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, nids, ntypes, 5, out, &e),
                 0);
    cr_expect(out[3].null);
    /* a version 1 record predates every missing value */
    sbuf_reset(&rec);
    sql_row_encode(ids, v, 3, &rec);
    cr_assert_eq(
        sql_row_decode_m(ctx, (const uint8_t *)rec.data, rec.len, nids, ntypes, 5, miss, out, &e),
        0);
    cr_expect_eq(out[2].u.i, 5);
    cr_expect_eq(out[3].u.i, 42);
    /* a column written (non-NULL) keeps its value; skipped columns stay NULL */
    uint32_t stypes[5] = {SQL_T_INT4, SQL_T_TEXT, SQL_T_INT8, SQL_ROW_SKIP, SQL_T_TEXT};
    cr_assert_eq(
        sql_row_decode_m(ctx, (const uint8_t *)rec.data, rec.len, nids, stypes, 5, miss, out, &e),
        0);
    cr_expect_eq(out[0].u.i, 7);
    cr_expect(out[3].null);
    /* a horizon of 0 or a cut one is corruption */
    static const uint8_t zero[] = {2, 0, 0};
    static const uint8_t cut[] = {2, 0x80};
    cr_expect_eq(sql_row_decode(ctx, zero, sizeof(zero), nids, ntypes, 5, out, &e), ERR_CORRUPT);
    cr_expect_eq(sql_row_decode(ctx, cut, sizeof(cut), nids, ntypes, 5, out, &e), ERR_CORRUPT);
    sbuf_free(&rec);
}

Test(rowcodec, corrupt_records)
{
    uint32_t ids[1] = {1};
    uint32_t types[1] = {SQL_T_INT8};
    struct sql_value out[1];
    struct err e = {0};
    static const struct {
        size_t n;
        uint8_t b[8];
    } bad[] = {
        {0, {0}},
        {1, {0x02}},                               /* version */
        {2, {0x01, 0x80}},                         /* count cut */
        {2, {0x01, 0x01}},                         /* count 1, nothing */
        {5, {0x01, 0x01, 0x01, 0x12, 0x00}},       /* 2-byte int cut */
        {5, {0x01, 0x01, 0x01, 0x11, 0x00}},       /* trailing byte... and non-minimal */
        {6, {0x01, 0x01, 0x01, 0x12, 0x00, 0x05}}, /* non-minimal int */
        {4, {0x01, 0x01, 0x01, 0x7f}},             /* unknown tag */
        {5, {0x01, 0x01, 0x81, 0x00, 0x10}},       /* non-minimal id */
        {5, {0x01, 0x01, 0x01, 0x10, 0x00}},       /* trailing byte */
        {6, {0x01, 0x02, 0x01, 0x10, 0x00, 0x10}}, /* id delta 0 */
        {5, {0x01, 0x01, 0x01, 0x23, 0x05}},       /* bytes longer than the record */
    };
    for (size_t i = 0; i < N_CASES(bad); i++) {
        cr_expect_eq(sql_row_decode(ctx, bad[i].b, bad[i].n, ids, types, 1, out, &e), ERR_CORRUPT,
                     "case %zu", i);
        cr_expect_str_eq(err_sqlstate(&e), "XX001");
    }
    static const uint8_t good[] = {0x01, 0x01, 0x01, 0x12, 0x01, 0x00};
    cr_expect_eq(sql_row_decode(ctx, good, sizeof(good), ids, types, 1, out, &e), 0);
    cr_expect_eq(out[0].u.i, 256);
    static const uint8_t empty[] = {0x01, 0x00};
    cr_expect_eq(sql_row_decode(ctx, empty, sizeof(empty), ids, types, 1, out, &e), 0);
    cr_expect(out[0].null);
}

/* ---- keys ---- */

Test(rowcodec, key_roundtrip_all_types)
{
    struct sbuf k, a, b;
    struct err e = {0};
    sbuf_init(&k);
    sbuf_init(&a);
    sbuf_init(&b);
    for (int desc = 0; desc < 2; desc++) {
        for (size_t i = 0; i < NS; i++) {
            struct sql_value v = in(samples[i].type, samples[i].text), back;
            sbuf_reset(&k);
            cr_assert_eq(sql_key_put(&k, &v, desc, true, &e), 0, "%s", e.msg);
            sbuf_putc(&k, 0x55); /* something after it */
            size_t used = 0;
            cr_assert_eq(sql_key_get(ctx, (const uint8_t *)k.data, k.len, samples[i].type, desc,
                                     &back, &used, &e),
                         0, "%s: %s", samples[i].text, e.msg);
            cr_expect_eq(used, k.len - 1);
            cr_expect_eq(sql_value_cmp(&v, &back), 0, "%s", samples[i].text);
            if (samples[i].type != SQL_T_INTERVAL && samples[i].type != SQL_T_BPCHAR &&
                samples[i].type != SQL_T_NUMERIC && samples[i].type != SQL_T_FLOAT8) {
                text_of(&v, &a);
                text_of(&back, &b);
                cr_expect_str_eq(b.data, a.data);
            }
        }
        struct sql_value n = sql_null(SQL_T_INT4), back;
        size_t used;
        sbuf_reset(&k);
        cr_assert_eq(sql_key_put(&k, &n, desc, false, &e), 0);
        cr_assert_eq(
            sql_key_get(ctx, (const uint8_t *)k.data, k.len, SQL_T_INT4, desc, &back, &used, &e),
            0);
        cr_expect(back.null);
    }
    sbuf_free(&k);
    sbuf_free(&a);
    sbuf_free(&b);
}

/* memcmp order of keys is sql_value_cmp order. */
Test(rowcodec, key_order)
{
    static const struct {
        uint32_t type;
        const char *vals[8];
    } sets[] = {
        {SQL_T_INT4, {"-2147483648", "-300", "-1", "0", "1", "255", "256", "2147483647"}},
        {SQL_T_FLOAT8, {"-Infinity", "-1e300", "-1", "-0", "1e-310", "2.5", "Infinity", "NaN"}},
        {SQL_T_NUMERIC, {"-Infinity", "-100.5", "-1", "0.000", "0.001", "1.5", "1e100", "NaN"}},
        {SQL_T_TEXT, {"", "A", "B", "a", "a\001", "ab", "b", "é"}},
        {SQL_T_BPCHAR, {"", "a", "a b", "ab", "b", NULL}},
        {SQL_T_DATE, {"-infinity", "4713-01-01 BC", "1999-12-31", "2000-01-01", "infinity", NULL}},
        {SQL_T_INTERVAL,
         {"-1 year", "-1 day", "-00:00:01", "0", "1 sec", "1 day 1 sec", "1 mon 1 day", NULL}},
        {SQL_T_UUID,
         {"00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000001",
          "ffffffff-0000-0000-0000-000000000000", NULL}},
        {SQL_T_BOOL, {"f", "t", NULL}},
        /* inet: family, network part, mask length, whole address */
        {SQL_T_INET,
         {"0.0.0.0/0", "9.255.255.255", "10.0.0.0/8", "10.0.0.1/8", "10.0.0.0/16", "10.0.0.1",
          "255.255.255.255", "::/0"}},
        {SQL_T_CIDR,
         {"10.0.0.0/8", "10.0.0.0/16", "10.128.0.0/9", "2001:db8::/32", "2001:db8::/64",
          "ffff::/16", NULL}},
        {SQL_T_MACADDR, {"00:00:00:00:00:00", "08:00:2b:01:02:03", "ff:ff:ff:ff:ff:ff", NULL}},
    };
    struct err e = {0};
    for (size_t s = 0; s < N_CASES(sets); s++) {
        for (int desc = 0; desc < 2; desc++) {
            struct sbuf prev;
            sbuf_init(&prev);
            struct sql_value pv = sql_null(sets[s].type);
            for (int i = 0; i < 8 && sets[s].vals[i]; i++) {
                struct sql_value v = in(sets[s].type, sets[s].vals[i]);
                struct sbuf k;
                sbuf_init(&k);
                cr_assert_eq(sql_key_put(&k, &v, desc, false, &e), 0);
                if (i > 0) {
                    cr_expect_lt(sql_value_cmp(&pv, &v), 0, "%s", sets[s].vals[i]);
                    size_t m = prev.len < k.len ? prev.len : k.len;
                    int c = memcmp(prev.data, k.data, m);
                    if (c == 0)
                        c = prev.len < k.len ? -1 : 1;
                    cr_expect(desc ? c > 0 : c < 0, "type %u: %s vs %s (desc %d)", sets[s].type,
                              sets[s].vals[i - 1], sets[s].vals[i], desc);
                }
                sbuf_free(&prev);
                prev = k;
                pv = v;
            }
            sbuf_free(&prev);
        }
    }
}

Test(rowcodec, key_bpchar_and_errors)
{
    struct sbuf k1, k2;
    struct err e = {0};
    sbuf_init(&k1);
    sbuf_init(&k2);
    struct sql_value a = in(SQL_T_BPCHAR, "ab   "), b = sql_cstr("ab");
    b.type = SQL_T_BPCHAR;
    cr_assert_eq(sql_key_put(&k1, &a, false, false, &e), 0);
    cr_assert_eq(sql_key_put(&k2, &b, false, false, &e), 0);
    cr_expect_eq(k1.len, k2.len);
    cr_expect_eq(memcmp(k1.data, k2.data, k1.len), 0);
    /* an int key read as text is corrupt; a huge int read as int2 too */
    struct sql_value back;
    size_t used;
    struct sql_value big = sql_int8(100000);
    sbuf_reset(&k1);
    cr_assert_eq(sql_key_put(&k1, &big, false, false, &e), 0);
    cr_expect_eq(
        sql_key_get(ctx, (const uint8_t *)k1.data, k1.len, SQL_T_TEXT, false, &back, &used, &e),
        ERR_CORRUPT);
    cr_expect_eq(
        sql_key_get(ctx, (const uint8_t *)k1.data, k1.len, SQL_T_INT2, false, &back, &used, &e),
        ERR_CORRUPT);
    cr_expect_eq(
        sql_key_get(ctx, (const uint8_t *)k1.data, k1.len, SQL_T_INT4, true, &back, &used, &e),
        ERR_CORRUPT);
    cr_expect_eq(sql_key_get(ctx, (const uint8_t *)k1.data, 0, SQL_T_INT4, false, &back, &used, &e),
                 ERR_CORRUPT);
    struct sql_value rec = sql_null(SQL_T_RECORD);
    rec.null = false;
    cr_expect_neq(sql_key_put(&k1, &rec, false, false, &e), 0);
    sbuf_free(&k1);
    sbuf_free(&k2);
}

/* Integers at every byte-length boundary, and text and padded bpchar
 * lengths that need two LEB128 bytes, in the exact layout. */
Test(rowcodec, int_edges_and_long_lengths)
{
    uint32_t ids[6] = {1, 2, 3, 4, 5, 6};
    char t200[201], b150[151];
    memset(t200, 'a', 200);
    t200[200] = '\0';
    memset(b150, ' ', 150);
    b150[150] = '\0';
    memset(b150, 'b', 130); /* 130 characters, 20 trailing blanks */
    struct sql_value v[6] = {sql_int8(INT64_MIN), sql_int4(0),          sql_int2(-129),
                             sql_int8(128),       in(SQL_T_TEXT, t200), in(SQL_T_BPCHAR, b150)};
    struct sbuf rec;
    sbuf_init(&rec);
    sql_row_encode(ids, v, 6, &rec);
    uint8_t want[512];
    size_t n = 0;
    static const uint8_t head[] = {0x01, 0x06,                               /* */
                                   0x01, 0x18, 0x80, 0,    0, 0, 0, 0, 0, 0, /* INT64_MIN */
                                   0x01, 0x10,                               /* 0 */
                                   0x01, 0x12, 0xff, 0x7f,                   /* -129 */
                                   0x01, 0x12, 0x00, 0x80,                   /* 128 */
                                   0x01, 0x23, 0xc8, 0x01};                  /* text 200 */
    memcpy(want, head, sizeof head);
    n = sizeof head;
    memset(want + n, 'a', 200);
    n += 200;
    static const uint8_t pad[] = {0x01, 0x29, 0x83, 0x01, 0x14}; /* 1 + 130 bytes, 20 blanks */
    memcpy(want + n, pad, sizeof pad);
    n += sizeof pad;
    memset(want + n, 'b', 130);
    n += 130;
    cr_assert_eq(rec.len, n);
    cr_expect_eq(memcmp(rec.data, want, n), 0);
    uint32_t types[6] = {SQL_T_INT8, SQL_T_INT4, SQL_T_INT2, SQL_T_INT8, SQL_T_TEXT, SQL_T_BPCHAR};
    struct sql_value back[6];
    struct err e = {0};
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, ids, types, 6, back, &e),
                 0, "%s", e.msg);
    cr_expect_eq(back[0].u.i, INT64_MIN);
    cr_expect_eq(back[1].u.i, 0);
    cr_expect_eq(back[2].u.i, -129);
    cr_expect_eq(back[3].u.i, 128);
    cr_expect_eq(back[4].u.s.len, 200);
    cr_expect_eq(back[5].u.s.len, 150);
    cr_expect_eq(memcmp(back[5].u.s.p, b150, 150), 0);
    sbuf_free(&rec);
}
