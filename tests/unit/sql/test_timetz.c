/* test_timetz.c — unit tests for time with time zone: text and binary I/O,
 * ordering, the row format and the key encoding (timetz order bytewise).
 */
#include "sql/value.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>

#include <string.h>

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

static struct mem_ctx *ctx;

static void setup(void)
{
    ctx = mem_ctx_new(NULL, "test_timetz");
}

static void teardown(void)
{
    mem_ctx_free(ctx);
}

TestSuite(timetz, .init = setup, .fini = teardown, .timeout = 60);

static struct sql_value in(const char *s)
{
    struct sql_fmt f;
    struct sql_value v;
    struct err e = {0};
    sql_fmt_init(&f);
    cr_assert_eq(sql_value_in(ctx, SQL_T_TIMETZ, -1, s, strlen(s), &f, &v, &e), 0, "%s: %s", s,
                 e.msg);
    return v;
}

Test(timetz, text_io)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"12:34:56", "12:34:56+00"},
        {"12:34:56.789+05:30", "12:34:56.789+05:30"},
        {"1:2:3 pm PST", "13:02:03-08"},
        {"24:00:00-15:59", "24:00:00-15:59"},
        {"00:00+01:02:03", "00:00:00+01:02:03"},
    };
    struct sql_fmt f;
    sql_fmt_init(&f);
    for (size_t i = 0; i < N_CASES(cases); i++) {
        struct sql_value v = in(cases[i].in);
        struct sbuf b;
        struct err e = {0};
        sbuf_init(&b);
        cr_assert_eq(sql_value_out(&v, &f, &b, &e), 0);
        cr_expect_str_eq(b.data, cases[i].out, "%s", cases[i].in);
        sbuf_free(&b);
    }
    struct sql_value v;
    struct err e = {0};
    cr_expect_neq(sql_value_in(ctx, SQL_T_TIMETZ, -1, "12:00+16", 8, &f, &v, &e), 0);
    cr_expect_str_eq(err_sqlstate(&e), "22009");
}

Test(timetz, binary)
{
    struct sql_value v = in("12:34:56.789+05:30"), back;
    struct sbuf b;
    struct err e = {0};
    static const uint8_t want[12] = {0, 0, 0, 0x0a, 0x8b, 0xe6, 0x26, 0x08, 0xff, 0xff, 0xb2, 0xa8};
    sbuf_init(&b);
    cr_assert_eq(sql_value_send(&v, &b, &e), 0);
    cr_assert_eq(b.len, 12);
    cr_expect_eq(memcmp(b.data, want, 12), 0);
    cr_assert_eq(sql_value_recv(ctx, SQL_T_TIMETZ, -1, (const uint8_t *)b.data, b.len, &back, &e),
                 0);
    cr_expect_eq(sql_value_cmp(&v, &back), 0);
    cr_expect_neq(sql_value_recv(ctx, SQL_T_TIMETZ, -1, (const uint8_t *)b.data, 8, &back, &e), 0);
    sbuf_free(&b);
}

/* Ascending timetz order: UTC-normalised time first, then the zone. */
static const char *const ordered[] = {
    "00:00+15", "13:00+02", "12:00+01", "11:00+00", "12:00+00", "10:00-02", "23:59:59.999999-15:59",
};

Test(timetz, compare_and_keys)
{
    for (int desc = 0; desc <= 1; desc++) {
        for (size_t i = 0; i < N_CASES(ordered); i++) {
            struct sql_value a = in(ordered[i]);
            struct sbuf ka;
            struct err e = {0};
            sbuf_init(&ka);
            cr_assert_eq(sql_key_put(&ka, &a, desc, true, &e), 0);
            struct sql_value back;
            size_t used;
            cr_assert_eq(sql_key_get(ctx, (const uint8_t *)ka.data, ka.len, SQL_T_TIMETZ, desc,
                                     &back, &used, &e),
                         0);
            cr_expect_eq(used, ka.len);
            cr_expect_eq(back.u.ttz.time, a.u.ttz.time);
            cr_expect_eq(back.u.ttz.zone, a.u.ttz.zone);
            if (i + 1 < N_CASES(ordered)) {
                struct sql_value b = in(ordered[i + 1]);
                struct sbuf kb;
                sbuf_init(&kb);
                cr_assert_eq(sql_key_put(&kb, &b, desc, true, &e), 0);
                cr_expect_lt(sql_value_cmp(&a, &b), 0, "%s < %s", ordered[i], ordered[i + 1]);
                size_t n = ka.len < kb.len ? ka.len : kb.len;
                int c = memcmp(ka.data, kb.data, n);
                cr_expect(desc ? c > 0 : c < 0, "key order %s %s", ordered[i], ordered[i + 1]);
                sbuf_free(&kb);
            }
            sbuf_free(&ka);
        }
    }
}

Test(timetz, row_format)
{
    struct sql_value vals[2] = {in("23:59:59.5-07:30"), in("00:00+14")};
    uint32_t ids[2] = {1, 3}, types[2] = {SQL_T_TIMETZ, SQL_T_TIMETZ};
    struct sql_value out[2];
    struct sbuf b;
    struct err e = {0};
    sbuf_init(&b);
    sql_row_encode(ids, vals, 2, &b);
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)b.data, b.len, ids, types, 2, out, &e), 0);
    for (int i = 0; i < 2; i++) {
        cr_expect(!out[i].null);
        cr_expect_eq(sql_value_cmp(&vals[i], &out[i]), 0);
    }
    sbuf_free(&b);
}
