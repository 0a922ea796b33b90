/* test_cast.c — unit tests for casts (sql_cast_context, sql_value_cast).
 *
 * The expected strings were produced by a PostgreSQL 15 server (TimeZone
 * UTC, DateStyle ISO, MDY): each row is SELECT '<in>'::<from>::<to>, an
 * explicit cast, and its output or error pasted verbatim. Contexts were read
 * from pg_cast.
 */
#include "sql/value.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>

#include <string.h>

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

struct cast_case {
    uint32_t from;
    int32_t from_typmod;
    const char *in;
    uint32_t to;
    int32_t to_typmod;
    const char *expect;
};

static const struct cast_case cast_cases[] = {
    {SQL_T_INT8, -1, "2147483647", SQL_T_INT4, -1, "2147483647"},
    {SQL_T_INT8, -1, "2147483648", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_INT8, -1, "-2147483649", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_INT8, -1, "-32768", SQL_T_INT2, -1, "-32768"},
    {SQL_T_INT8, -1, "32768", SQL_T_INT2, -1, "ERROR 22003: smallint out of range"},
    {SQL_T_INT4, -1, "40000", SQL_T_INT2, -1, "ERROR 22003: smallint out of range"},
    {SQL_T_INT4, -1, "-5", SQL_T_INT8, -1, "-5"},
    {SQL_T_FLOAT8, -1, "2.5", SQL_T_INT4, -1, "2"},
    {SQL_T_FLOAT8, -1, "3.5", SQL_T_INT4, -1, "4"},
    {SQL_T_FLOAT8, -1, "-2.5", SQL_T_INT4, -1, "-2"},
    {SQL_T_FLOAT8, -1, "2147483647.4", SQL_T_INT4, -1, "2147483647"},
    {SQL_T_FLOAT8, -1, "2147483647.5", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_FLOAT8, -1, "-2147483648.5", SQL_T_INT4, -1, "-2147483648"},
    {SQL_T_FLOAT8, -1, "NaN", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_FLOAT8, -1, "Infinity", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_FLOAT8, -1, "1e10", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_FLOAT8, -1, "32767.5", SQL_T_INT2, -1, "ERROR 22003: smallint out of range"},
    {SQL_T_FLOAT8, -1, "-32768.5", SQL_T_INT2, -1, "-32768"},
    {SQL_T_FLOAT8, -1, "0.5", SQL_T_INT2, -1, "0"},
    {SQL_T_FLOAT8, -1, "9.2233720368547758e18", SQL_T_INT8, -1, "ERROR 22003: bigint out of range"},
    {SQL_T_FLOAT8, -1, "-9.2233720368547758e18", SQL_T_INT8, -1, "-9223372036854775808"},
    {SQL_T_FLOAT8, -1, "1e15", SQL_T_INT8, -1, "1000000000000000"},
    {SQL_T_FLOAT8, -1, "NaN", SQL_T_INT8, -1, "ERROR 22003: bigint out of range"},
    {SQL_T_FLOAT4, -1, "1.5", SQL_T_INT4, -1, "2"},
    {SQL_T_FLOAT4, -1, "2.5", SQL_T_INT4, -1, "2"},
    {SQL_T_NUMERIC, -1, "2.5", SQL_T_INT4, -1, "3"},
    {SQL_T_NUMERIC, -1, "-2.5", SQL_T_INT4, -1, "-3"},
    {SQL_T_NUMERIC, -1, "1.4999", SQL_T_INT4, -1, "1"},
    {SQL_T_NUMERIC, -1, "2147483647.5", SQL_T_INT4, -1, "ERROR 22003: integer out of range"},
    {SQL_T_NUMERIC, -1, "NaN", SQL_T_INT4, -1, "ERROR 0A000: cannot convert NaN to integer"},
    {SQL_T_NUMERIC, -1, "Infinity", SQL_T_INT4, -1,
     "ERROR 0A000: cannot convert infinity to integer"},
    {SQL_T_NUMERIC, -1, "32767.49", SQL_T_INT2, -1, "32767"},
    {SQL_T_NUMERIC, -1, "32767.5", SQL_T_INT2, -1, "ERROR 22003: smallint out of range"},
    {SQL_T_NUMERIC, -1, "NaN", SQL_T_INT2, -1, "ERROR 0A000: cannot convert NaN to smallint"},
    {SQL_T_NUMERIC, -1, "9223372036854775807", SQL_T_INT8, -1, "9223372036854775807"},
    {SQL_T_NUMERIC, -1, "9223372036854775808", SQL_T_INT8, -1, "ERROR 22003: bigint out of range"},
    {SQL_T_NUMERIC, -1, "-Infinity", SQL_T_INT8, -1,
     "ERROR 0A000: cannot convert infinity to bigint"},
    {SQL_T_NUMERIC, -1, "0.1", SQL_T_FLOAT8, -1, "0.1"},
    {SQL_T_NUMERIC, -1, "1e400", SQL_T_FLOAT8, -1,
     "ERROR 22003: "
     "\"1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000\" is out of range for type double precision"},
    {SQL_T_NUMERIC, -1, "1e-400", SQL_T_FLOAT8, -1,
     "ERROR 22003: "
     "\"0."
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000001\" is out of range for type double precision"},
    {SQL_T_NUMERIC, -1, "NaN", SQL_T_FLOAT8, -1, "NaN"},
    {SQL_T_NUMERIC, -1, "-Infinity", SQL_T_FLOAT8, -1, "-Infinity"},
    {SQL_T_NUMERIC, -1, "12345678901234567890", SQL_T_FLOAT8, -1, "1.2345678901234567e+19"},
    {SQL_T_NUMERIC, -1, "0.1", SQL_T_FLOAT4, -1, "0.1"},
    {SQL_T_NUMERIC, -1, "1e40", SQL_T_FLOAT4, -1,
     "ERROR 22003: \"10000000000000000000000000000000000000000\" is out of range for type real"},
    {SQL_T_NUMERIC, -1, "1e-50", SQL_T_FLOAT4, -1,
     "ERROR 22003: \"0.00000000000000000000000000000000000000000000000001\" is out of range for "
     "type real"},
    {SQL_T_FLOAT8, -1, "0.1", SQL_T_NUMERIC, -1, "0.1"},
    {SQL_T_FLOAT8, -1, "1e20", SQL_T_NUMERIC, -1, "100000000000000000000"},
    {SQL_T_FLOAT8, -1, "1.2345678901234567", SQL_T_NUMERIC, -1, "1.23456789012346"},
    {SQL_T_FLOAT8, -1, "NaN", SQL_T_NUMERIC, -1, "NaN"},
    {SQL_T_FLOAT8, -1, "-Infinity", SQL_T_NUMERIC, -1, "-Infinity"},
    {SQL_T_FLOAT8, -1, "1e-5", SQL_T_NUMERIC, -1, "0.00001"},
    {SQL_T_FLOAT8, -1, "123456789012345678", SQL_T_NUMERIC, -1, "123456789012346000"},
    {SQL_T_FLOAT4, -1, "0.1", SQL_T_NUMERIC, -1, "0.1"},
    {SQL_T_FLOAT4, -1, "1.2345678", SQL_T_NUMERIC, -1, "1.23457"},
    {SQL_T_FLOAT4, -1, "1e10", SQL_T_NUMERIC, -1, "10000000000"},
    {SQL_T_FLOAT8, -1, "0.1", SQL_T_FLOAT4, -1, "0.1"},
    {SQL_T_FLOAT8, -1, "1e40", SQL_T_FLOAT4, -1, "ERROR 22003: value out of range: overflow"},
    {SQL_T_FLOAT8, -1, "1e-50", SQL_T_FLOAT4, -1, "ERROR 22003: value out of range: underflow"},
    {SQL_T_FLOAT8, -1, "NaN", SQL_T_FLOAT4, -1, "NaN"},
    {SQL_T_FLOAT8, -1, "-Infinity", SQL_T_FLOAT4, -1, "-Infinity"},
    {SQL_T_FLOAT8, -1, "3.4028235e38", SQL_T_FLOAT4, -1, "3.4028235e+38"},
    {SQL_T_FLOAT4, -1, "0.1", SQL_T_FLOAT8, -1, "0.10000000149011612"},
    {SQL_T_FLOAT4, -1, "1e30", SQL_T_FLOAT8, -1, "1.0000000150474662e+30"},
    {SQL_T_INT4, -1, "16777217", SQL_T_FLOAT4, -1, "1.6777216e+07"},
    {SQL_T_INT4, -1, "2147483647", SQL_T_FLOAT4, -1, "2.1474836e+09"},
    {SQL_T_INT8, -1, "9007199254740993", SQL_T_FLOAT8, -1, "9.007199254740992e+15"},
    {SQL_T_INT4, -1, "123", SQL_T_NUMERIC, 327686, "123.00"},
    {SQL_T_INT4, -1, "1234", SQL_T_NUMERIC, 327686,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 5, scale 2 must round "
     "to an absolute value less than 10^3."},
    {SQL_T_NUMERIC, -1, "123.456", SQL_T_NUMERIC, 327686, "123.46"},
    {SQL_T_NUMERIC, -1, "-999.995", SQL_T_NUMERIC, 327686,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 5, scale 2 must round "
     "to an absolute value less than 10^3."},
    {SQL_T_NUMERIC, -1, "999.994", SQL_T_NUMERIC, 327686, "999.99"},
    {SQL_T_NUMERIC, -1, "NaN", SQL_T_NUMERIC, 327686, "NaN"},
    {SQL_T_NUMERIC, -1, "Infinity", SQL_T_NUMERIC, 327686,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 5, scale 2 cannot hold "
     "an infinite value."},
    {SQL_T_NUMERIC, -1, "12345", SQL_T_NUMERIC, 198658, "12300"},
    {SQL_T_NUMERIC, -1, "123456", SQL_T_NUMERIC, 198658,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 3, scale -2 must round "
     "to an absolute value less than 10^5."},
    {SQL_T_NUMERIC, -1, "-49", SQL_T_NUMERIC, 198658, "0"},
    {SQL_T_FLOAT8, -1, "123.45", SQL_T_NUMERIC, 262149, "123.5"},
    {SQL_T_FLOAT8, -1, "1234.5", SQL_T_NUMERIC, 262149,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 4, scale 1 must round "
     "to an absolute value less than 10^3."},
    {SQL_T_FLOAT8, -1, "Infinity", SQL_T_NUMERIC, 262149,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 4, scale 1 cannot hold "
     "an infinite value."},
    {SQL_T_INT4, -1, "0", SQL_T_BOOL, -1, "f"},
    {SQL_T_INT4, -1, "5", SQL_T_BOOL, -1, "t"},
    {SQL_T_INT4, -1, "-1", SQL_T_BOOL, -1, "t"},
    {SQL_T_BOOL, -1, "t", SQL_T_INT4, -1, "1"},
    {SQL_T_BOOL, -1, "f", SQL_T_INT4, -1, "0"},
    {SQL_T_BOOL, -1, "t", SQL_T_TEXT, -1, "true"},
    {SQL_T_BOOL, -1, "f", SQL_T_TEXT, -1, "false"},
    {SQL_T_BOOL, -1, "t", SQL_T_VARCHAR, 7, "tru"},
    {SQL_T_INT4, -1, "-42", SQL_T_TEXT, -1, "-42"},
    {SQL_T_FLOAT8, -1, "0.1", SQL_T_TEXT, -1, "0.1"},
    {SQL_T_FLOAT8, -1, "1e20", SQL_T_TEXT, -1, "1e+20"},
    {SQL_T_NUMERIC, -1, "1.50", SQL_T_TEXT, -1, "1.50"},
    {SQL_T_DATE, -1, "2024-01-15", SQL_T_TEXT, -1, "2024-01-15"},
    {SQL_T_TEXT, -1, " 42 ", SQL_T_INT4, -1, "42"},
    {SQL_T_TEXT, -1, "x", SQL_T_INT4, -1,
     "ERROR 22P02: invalid input syntax for type integer: \"x\""},
    {SQL_T_TEXT, -1, "1.005", SQL_T_NUMERIC, 327686, "1.01"},
    {SQL_T_TEXT, -1, "9999", SQL_T_NUMERIC, 327686,
     "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 5, scale 2 must round "
     "to an absolute value less than 10^3."},
    {SQL_T_TEXT, -1, "2024-02-29", SQL_T_DATE, -1, "2024-02-29"},
    {SQL_T_TEXT, -1, "2023-02-29", SQL_T_DATE, -1,
     "ERROR 22008: date/time field value out of range: \"2023-02-29\""},
    {SQL_T_TEXT, -1, "yes", SQL_T_BOOL, -1, "t"},
    {SQL_T_TEXT, -1, "maybe", SQL_T_BOOL, -1,
     "ERROR 22P02: invalid input syntax for type boolean: \"maybe\""},
    {SQL_T_TEXT, -1, "abcdef", SQL_T_VARCHAR, 7, "abc"},
    {SQL_T_TEXT, -1, "ab", SQL_T_VARCHAR, 7, "ab"},
    {SQL_T_TEXT, -1, "abcdef", SQL_T_BPCHAR, 7, "abc"},
    {SQL_T_TEXT, -1, "ab", SQL_T_BPCHAR, 7, "ab "},
    {SQL_T_BPCHAR, 9, "ab", SQL_T_TEXT, -1, "ab"},
    {SQL_T_BPCHAR, 9, "ab", SQL_T_VARCHAR, -1, "ab"},
    {SQL_T_BPCHAR, 9, "ab", SQL_T_BPCHAR, 6, "ab"},
    {SQL_T_BPCHAR, 9, "12", SQL_T_INT4, -1, "12"},
    {SQL_T_VARCHAR, -1, "ab ", SQL_T_BPCHAR, 8, "ab  "},
    {SQL_T_TEXT, -1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
     SQL_T_NAME, -1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
    {SQL_T_TEXT, -1, "hello", SQL_T_CHAR, -1, "h"},
    {SQL_T_TEXT, -1, "", SQL_T_CHAR, -1, ""},
    {SQL_T_TEXT, -1, "\\101", SQL_T_CHAR, -1, "A"},
    {SQL_T_CHAR, -1, "a", SQL_T_TEXT, -1, "a"},
    {SQL_T_CHAR, -1, "\\377", SQL_T_TEXT, -1, "\\377"},
    {SQL_T_CHAR, -1, "a", SQL_T_INT4, -1, "97"},
    {SQL_T_CHAR, -1, "\\377", SQL_T_INT4, -1, "-1"},
    {SQL_T_INT4, -1, "65", SQL_T_CHAR, -1, "A"},
    {SQL_T_INT4, -1, "200", SQL_T_CHAR, -1, "ERROR 22003: \"char\" out of range"},
    {SQL_T_INT4, -1, "-1", SQL_T_CHAR, -1, "\\377"},
    {SQL_T_DATE, -1, "2024-01-15", SQL_T_TIMESTAMP, -1, "2024-01-15 00:00:00"},
    {SQL_T_DATE, -1, "infinity", SQL_T_TIMESTAMP, -1, "infinity"},
    {SQL_T_DATE, -1, "2024-01-15", SQL_T_TIMESTAMPTZ, -1, "2024-01-15 00:00:00+00"},
    {SQL_T_TIMESTAMP, -1, "2024-01-15 23:59:59", SQL_T_DATE, -1, "2024-01-15"},
    {SQL_T_TIMESTAMP, -1, "-infinity", SQL_T_DATE, -1, "-infinity"},
    {SQL_T_TIMESTAMP, -1, "2024-01-15 10:00", SQL_T_TIMESTAMPTZ, -1, "2024-01-15 10:00:00+00"},
    {SQL_T_TIMESTAMPTZ, -1, "2024-01-15 10:00+02", SQL_T_TIMESTAMP, -1, "2024-01-15 08:00:00"},
    {SQL_T_TIMESTAMP, -1, "2024-01-15 10:11:12.5", SQL_T_TIME, -1, "10:11:12.5"},
    {SQL_T_TIMESTAMP, -1, "2024-01-15 10:11:12.5", SQL_T_TIMESTAMP, 0, "2024-01-15 10:11:13"},
    {SQL_T_TIMESTAMP, -1, "2024-01-15 10:11:12.4", SQL_T_TIMESTAMP, 0, "2024-01-15 10:11:12"},
    {SQL_T_TIME, -1, "10:11:12", SQL_T_INTERVAL, -1, "10:11:12"},
    {SQL_T_INTERVAL, -1, "1 day 10:11:12", SQL_T_TIME, -1, "10:11:12"},
    {SQL_T_INTERVAL, -1, "-01:00", SQL_T_TIME, -1, "23:00:00"},
    {SQL_T_INTERVAL, -1, "3 years 14 mons 5 days", SQL_T_INTERVAL, 327679, "4 years"},
    {SQL_T_INT4, -1, "-1", SQL_T_OID, -1, "4294967295"},
    {SQL_T_INT4, -1, "5", SQL_T_OID, -1, "5"},
    {SQL_T_INT8, -1, "-1", SQL_T_OID, -1, "ERROR 22003: OID out of range"},
    {SQL_T_INT8, -1, "4294967295", SQL_T_OID, -1, "4294967295"},
    {SQL_T_INT8, -1, "4294967296", SQL_T_OID, -1, "ERROR 22003: OID out of range"},
    {SQL_T_OID, -1, "4294967295", SQL_T_INT4, -1, "-1"},
    {SQL_T_OID, -1, "4294967295", SQL_T_INT8, -1, "4294967295"},
    {SQL_T_UUID, -1, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", SQL_T_TEXT, -1,
     "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
    {SQL_T_BYTEA, -1, "\\x00ff", SQL_T_TEXT, -1, "\\x00ff"},
    {SQL_T_TEXT, -1, "\\x41", SQL_T_BYTEA, -1, "\\x41"},
    {SQL_T_JSON, -1, "{\"a\": 1}", SQL_T_TEXT, -1, "{\"a\": 1}"},
    {SQL_T_TEXT, -1, "{\"a\": 1}", SQL_T_JSON, -1, "{\"a\": 1}"},
    {SQL_T_TEXT, -1, "{", SQL_T_JSON, -1,
     "ERROR 22P02: invalid input syntax for type json\nDETAIL:  The input string ended "
     "unexpectedly.\nCONTEXT:  JSON data, line 1: {"},
    {SQL_T_INTERVAL, -1, "1 day 02:00", SQL_T_TEXT, -1, "1 day 02:00:00"},
    {SQL_T_VARCHAR, 14, "hello", SQL_T_VARCHAR, 7, "hel"},
};

static struct mem_ctx *ctx;

static void setup(void)
{
    ctx = mem_ctx_new(NULL, "test_cast");
}

static void teardown(void)
{
    mem_ctx_free(ctx);
}

TestSuite(cast, .init = setup, .fini = teardown, .timeout = 60);

static void run_cast(uint32_t from, int32_t ftm, const char *in, uint32_t to, int32_t tm,
                     bool explicit_cast, struct sbuf *out)
{
    struct sql_fmt f;
    struct sql_value v, r;
    struct err e = {0};
    sql_fmt_init(&f);
    cr_assert_eq(sql_value_in(ctx, from, ftm, in, strlen(in), &f, &v, &e), 0, "input %s: %s", in,
                 e.msg);
    if (sql_value_cast(ctx, &v, to, tm, explicit_cast, &f, &r, &e) != 0) {
        sbuf_printf(out, "ERROR %s: %s", err_sqlstate(&e), e.msg);
        return;
    }
    cr_assert_eq(r.type, to);
    if (r.null)
        return;
    cr_assert_eq(sql_value_out(&r, &f, out, &e), 0, "%s", e.msg);
}

Test(cast, explicit_casts)
{
    struct sbuf out;
    sbuf_init(&out);
    for (size_t i = 0; i < N_CASES(cast_cases); i++) {
        const struct cast_case *c = &cast_cases[i];
        sbuf_reset(&out);
        run_cast(c->from, c->from_typmod, c->in, c->to, c->to_typmod, true, &out);
        cr_expect_str_eq(out.data, c->expect, "row %zu: '%s'::%u -> %u(%d)", i, c->in, c->from,
                         c->to, (int)c->to_typmod);
        mem_ctx_reset(ctx);
    }
    sbuf_free(&out);
}

/* Assignment (INSERT): varchar/char lengths are errors, not truncation. */
Test(cast, assignment_length)
{
    struct sbuf out;
    sbuf_init(&out);
    run_cast(SQL_T_TEXT, -1, "abcd", SQL_T_VARCHAR, 7, false, &out);
    cr_expect_str_eq(out.data, "ERROR 22001: value too long for type character varying(3)");
    sbuf_reset(&out);
    run_cast(SQL_T_TEXT, -1, "abc   ", SQL_T_VARCHAR, 7, false, &out);
    cr_expect_str_eq(out.data, "abc");
    sbuf_reset(&out);
    run_cast(SQL_T_UNKNOWN, -1, "abcd", SQL_T_BPCHAR, 7, false, &out);
    cr_expect_str_eq(out.data, "ERROR 22001: value too long for type character(3)");
    sbuf_reset(&out);
    run_cast(SQL_T_UNKNOWN, -1, "a", SQL_T_BPCHAR, 7, false, &out);
    cr_expect_str_eq(out.data, "a  ");
    sbuf_reset(&out);
    run_cast(SQL_T_VARCHAR, -1, "héllo", SQL_T_VARCHAR, 9, false, &out);
    cr_expect_str_eq(out.data, "héllo");
    sbuf_reset(&out);
    run_cast(SQL_T_INT4, -1, "12345", SQL_T_NUMERIC, (3 << 16) + 4, false, &out);
    cr_expect_str_eq(out.data, "ERROR 22003: numeric field overflow\nDETAIL:  A field with "
                               "precision 3, scale 0 must round to an absolute value less than "
                               "10^3.");
    sbuf_free(&out);
}

Test(cast, null_and_unknown)
{
    struct sql_value n = sql_null(SQL_T_TEXT), r;
    struct err e = {0};
    cr_assert_eq(sql_value_cast(ctx, &n, SQL_T_INT4, -1, false, NULL, &r, &e), 0);
    cr_expect(r.null);
    cr_expect_eq(r.type, SQL_T_INT4);
    struct sql_value u = sql_cstr("42");
    u.type = SQL_T_UNKNOWN;
    cr_assert_eq(sql_value_cast(ctx, &u, SQL_T_INT8, -1, false, NULL, &r, &e), 0);
    cr_expect_eq(r.u.i, 42);
    struct sql_value d = sql_int4(1);
    cr_expect_eq(sql_value_cast(ctx, &d, SQL_T_DATE, -1, true, NULL, &r, &e), ERR_INVAL);
    cr_expect_str_eq(err_sqlstate(&e), "42846");
    cr_expect_str_eq(e.msg, "cannot cast type integer to date");
    /* timestamp 'infinity' -> time is NULL */
    struct sql_value ts;
    cr_assert_eq(sql_value_in(ctx, SQL_T_TIMESTAMP, -1, "infinity", 8, NULL, &ts, &e), 0);
    cr_assert_eq(sql_value_cast(ctx, &ts, SQL_T_TIME, -1, true, NULL, &r, &e), 0);
    cr_expect(r.null);
}

Test(cast, contexts)
{
    static const struct {
        uint32_t from, to;
        char ctx;
    } rows[] = {
        {SQL_T_INT4, SQL_T_INT4, 'i'},
        {SQL_T_INT2, SQL_T_INT8, 'i'},
        {SQL_T_INT8, SQL_T_INT4, 'a'},
        {SQL_T_INT4, SQL_T_NUMERIC, 'i'},
        {SQL_T_NUMERIC, SQL_T_FLOAT8, 'i'},
        {SQL_T_FLOAT8, SQL_T_NUMERIC, 'a'},
        {SQL_T_FLOAT8, SQL_T_INT4, 'a'},
        {SQL_T_NUMERIC, SQL_T_INT8, 'a'},
        {SQL_T_FLOAT8, SQL_T_FLOAT4, 'a'},
        {SQL_T_FLOAT4, SQL_T_FLOAT8, 'i'},
        {SQL_T_INT4, SQL_T_BOOL, 'e'},
        {SQL_T_BOOL, SQL_T_INT4, 'e'},
        {SQL_T_BOOL, SQL_T_TEXT, 'a'},
        {SQL_T_TEXT, SQL_T_VARCHAR, 'i'},
        {SQL_T_VARCHAR, SQL_T_TEXT, 'i'},
        {SQL_T_BPCHAR, SQL_T_TEXT, 'i'},
        {SQL_T_NAME, SQL_T_TEXT, 'i'},
        {SQL_T_TEXT, SQL_T_NAME, 'i'},
        {SQL_T_NAME, SQL_T_VARCHAR, 'a'},
        {SQL_T_DATE, SQL_T_TIMESTAMPTZ, 'i'},
        {SQL_T_TIMESTAMP, SQL_T_TIMESTAMPTZ, 'i'},
        {SQL_T_TIMESTAMPTZ, SQL_T_TIMESTAMP, 'a'},
        {SQL_T_TIMESTAMPTZ, SQL_T_DATE, 'a'},
        {SQL_T_TIME, SQL_T_INTERVAL, 'i'},
        {SQL_T_INTERVAL, SQL_T_TIME, 'a'},
        {SQL_T_INT4, SQL_T_TEXT, 'a'},
        {SQL_T_DATE, SQL_T_VARCHAR, 'a'},
        {SQL_T_TEXT, SQL_T_INT4, 'e'},
        {SQL_T_TEXT, SQL_T_DATE, 'e'},
        {SQL_T_UNKNOWN, SQL_T_DATE, 'i'},
        {SQL_T_UNKNOWN, SQL_T_INT4, 'i'},
        {SQL_T_INT4, SQL_T_OID, 'i'},
        {SQL_T_INT8, SQL_T_REGCLASS, 'i'},
        {SQL_T_OID, SQL_T_INT8, 'a'},
        {SQL_T_TEXT, SQL_T_REGCLASS, 'i'},
        {SQL_T_INT4, SQL_T_DATE, 0},
        {SQL_T_DATE, SQL_T_INT4, 0},
        {SQL_T_BOOL, SQL_T_INT8, 0},
        {SQL_T_UUID, SQL_T_TEXT, 'a'},
        {SQL_T_TEXT, SQL_T_UUID, 'e'},
        {SQL_T_JSON, SQL_T_TEXT, 'a'},
        {SQL_T_INT4, SQL_T_CHAR, 'e'},
        {SQL_T_CHAR, SQL_T_TEXT, 'i'},
        {SQL_T_TEXT, SQL_T_CHAR, 'a'},
        {SQL_T_INT4, SQL_T_RECORD, 0},
        {SQL_T_INT4, SQL_T_ANY, 0},
        {SQL_T_UNKNOWN, SQL_T_VOID, 0},
    };
    for (size_t i = 0; i < N_CASES(rows); i++)
        cr_expect_eq((int)sql_cast_context(rows[i].from, rows[i].to), (int)rows[i].ctx, "%u -> %u",
                     rows[i].from, rows[i].to);
}

/* TimeZone America/New_York (SET timezone = 'America/New_York' on
 * PostgreSQL 15 for the expected text). */
Test(cast, time_zone)
{
    static const struct {
        uint32_t from;
        const char *in;
        uint32_t to;
        const char *expect;
    } rows[] = {
        {SQL_T_TIMESTAMPTZ, "2024-07-01 12:00+00", SQL_T_TIMESTAMPTZ, "2024-07-01 08:00:00-04"},
        {SQL_T_DATE, "2024-01-15", SQL_T_TIMESTAMPTZ, "2024-01-15 00:00:00-05"},
        {SQL_T_TIMESTAMPTZ, "2024-07-01 03:00+00", SQL_T_DATE, "2024-06-30"},
        {SQL_T_TIMESTAMP, "2024-07-01 12:00", SQL_T_TIMESTAMPTZ, "2024-07-01 12:00:00-04"},
        {SQL_T_TIMESTAMPTZ, "2024-07-01 12:00+00", SQL_T_TIMESTAMP, "2024-07-01 08:00:00"},
        {SQL_T_TIMESTAMPTZ, "2024-07-01 12:00+00", SQL_T_TIME, "08:00:00"},
        {SQL_T_TIMESTAMPTZ, "2024-07-01 12:00+00", SQL_T_TEXT, "2024-07-01 08:00:00-04"},
    };
    struct sql_fmt f;
    struct err e = {0};
    struct sbuf out;
    sql_fmt_init(&f);
    cr_assert_eq(sql_tz_lookup("America/New_York", &f.dt.tz, &e), 0, "%s", e.msg);
    sbuf_init(&out);
    for (size_t i = 0; i < N_CASES(rows); i++) {
        struct sql_value v, r;
        cr_assert_eq(
            sql_value_in(ctx, rows[i].from, -1, rows[i].in, strlen(rows[i].in), &f, &v, &e), 0,
            "%s", e.msg);
        cr_assert_eq(sql_value_cast(ctx, &v, rows[i].to, -1, true, &f, &r, &e), 0, "%s", e.msg);
        sbuf_reset(&out);
        cr_assert_eq(sql_value_out(&r, &f, &out, &e), 0);
        cr_expect_str_eq(out.data, rows[i].expect, "row %zu", i);
    }
    sbuf_free(&out);
}
