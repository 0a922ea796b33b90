/* test_value_range.c — range values: text I/O (range_in / range_out),
 * PostgreSQL's binary format, canonicalization, the row codec, and that the
 * key encoding orders as range_cmp. */
#include "sql/range.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <string.h>

static struct mem_ctx *ctx;

static void setup(void)
{
    ctx = mem_ctx_new(NULL, "test");
}

static void teardown(void)
{
    mem_ctx_free(ctx);
}

TestSuite(value_range, .init = setup, .fini = teardown);

static struct sql_value in(uint32_t type, const char *s)
{
    struct sql_value v;
    struct err e;
    err_clear(&e);
    cr_assert_eq(sql_value_in(ctx, type, -1, s, strlen(s), NULL, &v, &e), 0, "%s: %s", s, e.msg);
    return v;
}

/* in then out, or "ERROR sqlstate" */
static const char *io(uint32_t type, const char *s)
{
    struct sql_value v;
    struct err e;
    err_clear(&e);
    if (sql_value_in(ctx, type, -1, s, strlen(s), NULL, &v, &e) != 0)
        return mem_printf(ctx, "ERROR %s", e.sqlstate);
    struct sbuf b;
    sbuf_init(&b);
    cr_assert_eq(sql_value_out(&v, NULL, &b, &e), 0);
    char *r = mem_strndup(ctx, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

static const char *hex(const struct sbuf *b)
{
    struct sbuf h;
    sbuf_init(&h);
    for (size_t i = 0; i < b->len; i++)
        sbuf_printf(&h, "%02x", (unsigned char)b->data[i]);
    char *r = mem_strndup(ctx, h.data ? h.data : "", h.len);
    sbuf_free(&h);
    return r;
}

static const char *send_hex(uint32_t type, const char *s)
{
    struct sql_value v = in(type, s);
    struct err e;
    struct sbuf b;
    err_clear(&e);
    sbuf_init(&b);
    cr_assert_eq(sql_value_send(&v, &b, &e), 0);
    const char *r = hex(&b);
    sbuf_free(&b);
    return r;
}

Test(value_range, text_io)
{
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[1,3]"), "[1,4)");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "(1,3)"), "[2,3)");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "(1,2)"), "empty");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, " EmPty "), "empty");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[,5]"), "(,6)");
    cr_expect_str_eq(io(SQL_T_NUMRANGE, "(1.5,\"2.5\"]"), "(1.5,2.5]");
    cr_expect_str_eq(io(SQL_T_DATERANGE, "(2000-01-01,infinity]"), "[2000-01-02,infinity]");
    cr_expect_str_eq(io(SQL_T_TSRANGE, "[2000-01-01 10:00,)"), "[\"2000-01-01 10:00:00\",)");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[3,1)"), "ERROR 22000");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "1,3"), "ERROR 22P02");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[1,3"), "ERROR 22P02");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[1,3))"), "ERROR 22P02");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[x,3)"), "ERROR 22P02");
    cr_expect_str_eq(io(SQL_T_INT4RANGE, "[1,2147483647]"), "ERROR 22003");
}

Test(value_range, binary_as_postgresql)
{
    /* range_send output of PostgreSQL 15 */
    cr_expect_str_eq(send_hex(SQL_T_INT4RANGE, "[1,5)"), "0200000004000000010000000400000005");
    cr_expect_str_eq(send_hex(SQL_T_INT4RANGE, "empty"), "01");
    cr_expect_str_eq(send_hex(SQL_T_INT8RANGE, "(,5]"), "08000000080000000000000006");
    cr_expect_str_eq(send_hex(SQL_T_NUMRANGE, "[1.5,)"), "120000000c000200000000000100011388");
    cr_expect_str_eq(send_hex(SQL_T_DATERANGE, "[2000-01-02,2000-01-03]"),
                     "0200000004000000010000000400000003");
    /* recv canonicalizes: flags [] over 1..3 is [1,4) */
    static const uint8_t incl[] = {0x06, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 3};
    struct sql_value v;
    struct err e;
    err_clear(&e);
    cr_assert_eq(sql_value_recv(ctx, SQL_T_INT4RANGE, -1, incl, sizeof incl, &v, &e), 0);
    struct sql_value w = in(SQL_T_INT4RANGE, "[1,4)");
    cr_expect_eq(sql_value_cmp(&v, &w), 0);
    cr_expect_eq(sql_value_hash(&v, 7), sql_value_hash(&w, 7));
    /* short and trailing bytes */
    cr_expect_neq(sql_value_recv(ctx, SQL_T_INT4RANGE, -1, incl, sizeof incl - 1, &v, &e), 0);
    cr_expect_str_eq(e.sqlstate, "22P03");
    static const uint8_t rev[] = {0x02, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0, 3};
    cr_expect_neq(sql_value_recv(ctx, SQL_T_INT4RANGE, -1, rev, sizeof rev, &v, &e), 0);
    cr_expect_str_eq(e.sqlstate, "22000");
}

Test(value_range, rowcodec_and_key_order)
{
    static const char *const vals[] = {"empty", "(,)",   "(,0)",  "(,5]", "[0,1)", "[0,5)",
                                       "[0,)",  "[1,2)", "[1,3)", "[1,)", "[7,8)", "[-3,-2)"};
    size_t n = sizeof vals / sizeof vals[0];
    struct sql_value v[16];
    struct sbuf k[16][2];
    struct err e;
    err_clear(&e);
    for (size_t i = 0; i < n; i++) {
        v[i] = in(SQL_T_INT8RANGE, vals[i]);
        for (int d = 0; d < 2; d++) {
            sbuf_init(&k[i][d]);
            cr_assert_eq(sql_key_put(&k[i][d], &v[i], d == 1, false, &e), 0);
            struct sql_value back;
            size_t used = 0;
            cr_assert_eq(sql_key_get(ctx, (const uint8_t *)k[i][d].data, k[i][d].len,
                                     SQL_T_INT8RANGE, d == 1, &back, &used, &e),
                         0);
            cr_expect_eq(used, k[i][d].len);
            cr_expect_eq(sql_value_cmp(&back, &v[i]), 0, "%s", vals[i]);
        }
        struct sbuf b;
        sbuf_init(&b);
        uint32_t ids[1] = {1}, types[1] = {SQL_T_INT8RANGE};
        struct sql_value w;
        sql_row_encode(ids, &v[i], 1, &b);
        cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)b.data, b.len, ids, types, 1, &w, &e), 0);
        cr_expect_eq(sql_value_cmp(&v[i], &w), 0, "%s", vals[i]);
        sbuf_free(&b);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = sql_value_cmp(&v[i], &v[j]);
            for (int d = 0; d < 2; d++) {
                size_t m = k[i][d].len < k[j][d].len ? k[i][d].len : k[j][d].len;
                int kc = memcmp(k[i][d].data, k[j][d].data, m);
                if (kc == 0)
                    kc = k[i][d].len < k[j][d].len ? -1 : k[i][d].len > k[j][d].len ? 1 : 0;
                kc = kc < 0 ? -1 : kc > 0 ? 1 : 0;
                cr_expect_eq(d == 0 ? kc : -kc, c, "%s vs %s (%s)", vals[i], vals[j],
                             d ? "desc" : "asc");
            }
        }
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 2; d++)
            sbuf_free(&k[i][d]);
}
