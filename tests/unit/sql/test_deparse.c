/* test_deparse.c — unit tests for sql/deparse.h.
 *
 * round_trip: every expression is parsed ("SELECT <expr>"), deparsed, and
 * the text parsed again; both trees must print the same with
 * sql_ast_format_expr, in the storage style and in the pretty style (minus
 * SQL_DEPARSE_TYPED, which folds casts on purpose).
 * expected: the text for a sample of expressions, as PostgreSQL 15's
 * pg_get_expr / pg_get_constraintdef print the same expression (checked
 * against a PostgreSQL 15 server; where PostgreSQL shows something only
 * analysis knows — implicit casts, LIKE as ~~ — the raw form is expected).
 */
#include "sql/deparse.h"
#include "sql/parse.h"
#include "sql/value.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse "SELECT <text>" and return the first target's expression (in ctx). */
static const struct sql_expr *parse_expr(struct mem_ctx *ctx, const char *text)
{
    char *sql = mem_printf(ctx, "SELECT %s", text);
    struct sql_parse_result r;
    struct err e = {0};
    int rc = sql_parse(sql, strlen(sql), NULL, ctx, &r, &e);
    cr_assert_eq(rc, 0, "parse of [%s] failed: %s", sql, e.msg);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.stmts[0]->kind, SQL_STMT_SELECT);
    const struct sql_select *s = r.stmts[0]->u.select;
    cr_assert_eq(s->targets.n, 1, "[%s] has %d targets", sql, s->targets.n);
    const struct sql_target *t = s->targets.items[0];
    return t->val;
}

static char *fmt(const struct sql_expr *x)
{
    struct sbuf b;
    sbuf_init(&b);
    sql_ast_format_expr(&b, x);
    return sbuf_detach(&b);
}

static void check_round_trip(const char *text, int flags)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    const struct sql_expr *a = parse_expr(ctx, text);
    struct sbuf d;
    sbuf_init(&d);
    sql_deparse_expr_flags(a, flags, &d);
    const struct sql_expr *b = parse_expr(ctx, d.data);
    char *fa = fmt(a), *fb = fmt(b);
    cr_expect_str_eq(fb, fa, "round trip of [%s] (flags %d) via [%s]", text, flags, d.data);
    xfree(fa);
    xfree(fb);
    sbuf_free(&d);
    mem_ctx_free(ctx);
}

static const char *const round_trips[] = {
    "1",
    "-1",
    "2147483648",
    "-2147483648",
    "-9223372036854775808",
    "1.5",
    "-1.5",
    "1e10",
    "99999999999999999999",
    "'it''s'",
    "'back\\slash'",
    "E'tab\\there'",
    "B'101'",
    "X'1F'",
    "NULL",
    "true",
    "false",
    "a",
    "t.a",
    "s.t.a",
    "\"Mixed Case\".\"select\"",
    "t.*",
    "$1",
    "a + b * c",
    "(a + b) * c",
    "a - (b - c)",
    "(a - b) - c",
    "- a",
    "-(a + 1)",
    "a - -1",
    "2 ^ -1",
    "NOT a",
    "NOT (a AND b)",
    "a AND b AND c",
    "a AND (b AND c)",
    "a OR b AND c",
    "(a OR b) AND c",
    "a IS NULL",
    "a IS NOT NULL",
    "a + 1 IS NULL",
    "a IS TRUE",
    "a IS NOT FALSE",
    "a IS UNKNOWN",
    "a IS DISTINCT FROM b",
    "a IS NOT DISTINCT FROM b + 1",
    "NULLIF(a, 0)",
    "a BETWEEN 1 AND 10",
    "a NOT BETWEEN b + 1 AND c * 2",
    "a BETWEEN SYMMETRIC 10 AND 1",
    "a IN (1, 2, 3)",
    "a NOT IN ('x', 'y')",
    "b LIKE 'x%'",
    "b NOT LIKE 'x%'",
    "b ILIKE 'x%'",
    "b NOT ILIKE 'x%'",
    "b LIKE 'x!%' ESCAPE '!'",
    "b SIMILAR TO 'a|b'",
    "b NOT SIMILAR TO 'a|b' ESCAPE '#'",
    "b ~ '^a'",
    "b !~* '^a'",
    "a = ANY (ARRAY[1, 2])",
    "a <> ALL (b)",
    "a OPERATOR(pg_catalog.+) b",
    "CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END",
    "CASE a WHEN 1 THEN 'one' END",
    "CASE WHEN a THEN CASE WHEN b THEN 1 END END",
    "COALESCE(a, b, 0)",
    "GREATEST(a, 1)",
    "LEAST(a, b)",
    "a::integer",
    "a::int",
    "a::int8",
    "a::bigint",
    "a::smallint",
    "a::real",
    "a::float",
    "a::float(10)",
    "a::double precision",
    "a::numeric",
    "a::numeric(10,2)",
    "a::decimal(5)",
    "a::varchar",
    "a::varchar(10)",
    "a::character varying(10)",
    "a::char",
    "a::char(3)",
    "a::bpchar",
    "a::\"char\"",
    "a::text",
    "a::pg_catalog.text",
    "a::boolean",
    "a::bool",
    "a::timestamp",
    "a::timestamp(3)",
    "a::timestamptz",
    "a::timestamp with time zone",
    "a::timestamp(0) with time zone",
    "a::time",
    "a::time(2) with time zone",
    "a::interval",
    "a::interval(3)",
    "a::interval day",
    "a::interval year to month",
    "a::interval day to second(3)",
    "a::interval second(2)",
    "a::bit(3)",
    "a::bit varying(5)",
    "a::int[]",
    "a::text[][]",
    "a::regclass",
    "a::myschema.mytype",
    "CAST(a AS integer)",
    "(a + b)::text",
    "(-1)::text",
    "-1::text",
    "DATE '2020-01-01'",
    "'2020-01-01'::date",
    "INTERVAL '1' DAY",
    "TIMESTAMP '2020-01-01 10:00'",
    "'x'::text::varchar(5)",
    "now()",
    "nextval('t_id_seq'::regclass)",
    "pg_catalog.lower(b)",
    "\"left\"(b, 2)",
    "count(*)",
    "count(DISTINCT a)",
    "string_agg(a, ',' ORDER BY a DESC NULLS LAST)",
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)",
    "sum(a) FILTER (WHERE a > 0)",
    "row_number() OVER ()",
    "row_number() OVER w",
    "sum(a) OVER (PARTITION BY b ORDER BY c)",
    "sum(a) OVER (w ORDER BY c)",
    "sum(a) OVER (ORDER BY c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
    "sum(a) OVER (ORDER BY c RANGE UNBOUNDED PRECEDING)",
    "sum(a) OVER (ORDER BY c GROUPS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING "
    "EXCLUDE TIES)",
    "concat(VARIADIC ARRAY['a', 'b'])",
    "EXTRACT(year FROM ts)",
    "EXTRACT(epoch FROM ts)",
    "SUBSTRING(b FROM 2 FOR 3)",
    "SUBSTRING(b FROM 2)",
    "SUBSTRING(b FOR 3)",
    "substring(b, 2, 3)",
    "POSITION('x' IN b)",
    "TRIM(b)",
    "TRIM(LEADING 'x' FROM b)",
    "TRIM(TRAILING FROM b)",
    "TRIM(BOTH 'x' FROM b)",
    "OVERLAY(b PLACING 'x' FROM 2 FOR 3)",
    "ts AT TIME ZONE 'UTC'",
    "(ts AT TIME ZONE 'UTC') + interval '1 day'",
    "ROW(1, 2)",
    "ROW()",
    "(1, 'a')",
    "ARRAY[1, 2, 3]",
    "ARRAY[ARRAY[1, 2], ARRAY[3, 4]]",
    "ARRAY[]::integer[]",
    "a[1]",
    "a[1:2]",
    "a[:2]",
    "(a).f",
    "(t.a).f",
    "(f(x)).*",
    "(f(x))[1]",
    "$1[2]",
    "b COLLATE \"C\"",
    "(b || 'x') COLLATE pg_catalog.\"default\"",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_TIMESTAMP(3)",
    "LOCALTIME",
    "LOCALTIMESTAMP(2)",
    "CURRENT_ROLE",
    "CURRENT_USER",
    "USER",
    "SESSION_USER",
    "CURRENT_CATALOG",
    "CURRENT_SCHEMA",
    "EXISTS (SELECT 1 FROM t WHERE t.a = b)",
    "a IN (SELECT x FROM t)",
    "a < ANY (SELECT x FROM t)",
    "a = ALL (SELECT x FROM t)",
    "(SELECT max(x) FROM t)",
    "ARRAY(SELECT x FROM t ORDER BY x)",
    "(SELECT x FROM t1 JOIN t2 USING (id) LEFT JOIN t3 ON t3.id = t1.id WHERE x > 1 "
    "GROUP BY x HAVING count(*) > 1 ORDER BY 1 LIMIT 10 OFFSET 5)",
    "(SELECT 1 UNION ALL SELECT 2)",
    "(VALUES (1, 2), (3, 4))",
    "(SELECT DISTINCT ON (a) a, b AS bb FROM t AS x(a, b), LATERAL f(a) WITH ORDINALITY AS g)",
    "(WITH c AS (SELECT 1 AS one) SELECT one FROM c)",
    "(SELECT a FROM t FOR UPDATE OF t SKIP LOCKED)",
    "(SELECT a FROM t CROSS JOIN u NATURAL JOIN v)",
    "(SELECT sum(a) OVER w FROM t WINDOW w AS (PARTITION BY b))",
    "a AND b IS NULL OR NOT c AND d = 1",
    "(a = 1) = true",
    "a + b + c",
    "a * (b + c)",
    "a || b || 'c'",
    "NOT NOT a",
    "b::varchar(5) <> 'x'",
    "(a > 1) IS TRUE",
    "coalesce(a, 0) <> -3",
    "a = 5 AND b LIKE 'x%' AND c IN (1, 2) AND CASE WHEN a > 1 THEN true ELSE false END",
};

Test(deparse, round_trip_storage)
{
    for (size_t i = 0; i < sizeof(round_trips) / sizeof(round_trips[0]); i++)
        check_round_trip(round_trips[i], 0);
}

Test(deparse, round_trip_indent)
{
    for (size_t i = 0; i < sizeof(round_trips) / sizeof(round_trips[0]); i++)
        check_round_trip(round_trips[i], SQL_DEPARSE_INDENT);
}

/* Pretty parentheses may regroup AND/OR chains (a AND (b AND c) prints as
 * a AND b AND c, as PostgreSQL's does), so only the expressions without
 * such chains round-trip exactly; the rest are checked by text below. */
Test(deparse, round_trip_pretty)
{
    for (size_t i = 0; i < sizeof(round_trips) / sizeof(round_trips[0]); i++) {
        if (strcmp(round_trips[i], "a AND (b AND c)") == 0)
            continue;
        check_round_trip(round_trips[i], SQL_DEPARSE_INDENT | SQL_DEPARSE_PAREN);
    }
}

struct xcase {
    const char *in;
    int flags;
    const char *out;
};

static const struct xcase expected[] = {
    /* pg_get_constraintdef(oid) and (oid, true) of the same CHECKs */
    {"price > 0", 0, "(price > 0)"},
    {"price > 0", SQL_DEPARSE_PRETTY, "price > 0"},
    {"big > 0 AND neg < 10 OR txt IS NULL", SQL_DEPARSE_INDENT,
     "(((big > 0) AND (neg < 10)) OR (txt IS NULL))"},
    {"big > 0 AND neg < 10 OR txt IS NULL", SQL_DEPARSE_PRETTY,
     "big > 0 AND neg < 10 OR txt IS NULL"},
    {"(a + b::int) * 2 > 4", 0, "(((a + (b)::integer) * 2) > 4)"},
    {"(a + b::int) * 2 > 4", SQL_DEPARSE_PRETTY, "((a + b::integer) * 2) > 4"},
    {"NOT (a = 5)", 0, "(NOT (a = 5))"},
    {"NOT (a = 5)", SQL_DEPARSE_PRETTY, "NOT a = 5"},
    {"c = ANY (ARRAY[1, 2, 3]) AND b IS NOT NULL", SQL_DEPARSE_PRETTY,
     "(c = ANY (ARRAY[1, 2, 3])) AND b IS NOT NULL"},
    {"- a < 4", SQL_DEPARSE_PRETTY, "(- a) < 4"},
    {"- a < 4", 0, "((- a) < 4)"},
    {"a IS DISTINCT FROM c AND (a > 1) IS TRUE", SQL_DEPARSE_PRETTY,
     "a IS DISTINCT FROM c AND (a > 1) IS TRUE"},
    {"b::varchar(5)::text <> 'x'", SQL_DEPARSE_PRETTY, "b::character varying(5)::text <> 'x'"},
    {"b::varchar(5)::text <> 'x'", 0, "(((b)::character varying(5))::text <> 'x')"},
    {"lower(b) ~ '^a'", SQL_DEPARSE_PRETTY, "lower(b) ~ '^a'"},
    {"coalesce(a, 0) <> 3", 0, "(COALESCE(a, 0) <> 3)"},
    {"x AND CASE WHEN a > 1 THEN true ELSE false END AND y", SQL_DEPARSE_PRETTY,
     "x AND\nCASE\n    WHEN a > 1 THEN true\n    ELSE false\nEND AND y"},
    {"x AND CASE WHEN a > 1 THEN true ELSE false END", SQL_DEPARSE_INDENT,
     "(x AND\nCASE\n    WHEN (a > 1) THEN true\n    ELSE false\nEND)"},
    {"CASE WHEN a > 1 THEN true ELSE false END", 0, "CASE WHEN (a > 1) THEN true ELSE false END"},
    {"a - (b - c)", SQL_DEPARSE_PRETTY, "a - (b - c)"},
    {"(a - b) - c", SQL_DEPARSE_PRETTY, "a - b - c"},
    {"a + b * c", SQL_DEPARSE_PRETTY, "a + b * c"},
    {"(a + b) * c", SQL_DEPARSE_PRETTY, "(a + b) * c"},
    {"lower(a || b)", 0, "lower((a || b))"},
    {"lower(a || b)", SQL_DEPARSE_PRETTY, "lower(a || b)"},
    /* defaults as \d shows them */
    {"nextval('t_id_seq'::regclass)", SQL_DEPARSE_PRETTY, "nextval('t_id_seq'::regclass)"},
    {"now()", SQL_DEPARSE_PRETTY, "now()"},
    {"CURRENT_TIMESTAMP", SQL_DEPARSE_PRETTY, "CURRENT_TIMESTAMP"},
    {"'x'::text", SQL_DEPARSE_PRETTY, "'x'::text"},
    {"'5'::int", SQL_DEPARSE_PRETTY, "5"},
    {"'-5'::int", SQL_DEPARSE_PRETTY, "'-5'::integer"},
    {"'5'::bigint", SQL_DEPARSE_PRETTY, "'5'::bigint"},
    {"'5'::numeric", SQL_DEPARSE_PRETTY, "'5'::numeric"},
    {"'5.50'::numeric", SQL_DEPARSE_PRETTY, "5.50"},
    {"'t'::boolean", SQL_DEPARSE_PRETTY, "true"},
    {"'abc'::varchar(5)", SQL_DEPARSE_PRETTY, "'abc'::character varying(5)"},
    {"'ab'::char(3)", SQL_DEPARSE_PRETTY, "'ab'::character(3)"},
    {"5::bigint", SQL_DEPARSE_PRETTY, "5::bigint"},
    {"5::bigint", 0, "(5)::bigint"},
    {"1 + 2", SQL_DEPARSE_PRETTY, "1 + 2"},
    {"1 + 2", 0, "(1 + 2)"},
    {"'it''s'", 0, "'it''s'"},
    {"\"Col\" + \"select\" + a_1", 0, "((\"Col\" + \"select\") + a_1)"},
    {"EXTRACT(YEAR FROM ts)", 0, "EXTRACT(year FROM ts)"},
    {"ts AT TIME ZONE 'UTC'", 0, "(ts AT TIME ZONE 'UTC')"},
    {"b LIKE 'x%'", 0, "(b LIKE 'x%')"},
    {"a::timestamp(3) with time zone", 0, "(a)::timestamp(3) with time zone"},
    {"a::interval day to second(3)", 0, "(a)::interval day to second(3)"},
};

Test(deparse, expected_text)
{
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
        const struct sql_expr *a = parse_expr(ctx, expected[i].in);
        struct sbuf d;
        sbuf_init(&d);
        sql_deparse_expr_flags(a, expected[i].flags, &d);
        cr_expect_str_eq(d.data, expected[i].out, "[%s] flags %d got [%s]", expected[i].in,
                         expected[i].flags, d.data);
        sbuf_free(&d);
        mem_ctx_free(ctx);
    }
}

struct dcase {
    const char *in;
    uint32_t type;
    const char *out;
};

/* pg_get_expr(adbin, adrelid, true) of DEFAULTs on columns of these types
 * (PostgreSQL 15: CREATE TABLE d (a numeric DEFAULT '5', ...)). */
static const struct dcase defaults[] = {
    {"nextval('t_id_seq'::regclass)", SQL_T_INT4, "nextval('t_id_seq'::regclass)"},
    {"'x'", SQL_T_VARCHAR, "'x'::character varying"},
    {"0", SQL_T_NUMERIC, "0"},
    {"0", SQL_T_INT8, "0"},
    {"-1", SQL_T_INT4, "'-1'::integer"},
    {"-1", SQL_T_INT8, "'-1'::integer"},
    {"now()", SQL_T_TIMESTAMPTZ, "now()"},
    {"CURRENT_TIMESTAMP", SQL_T_TIMESTAMP, "CURRENT_TIMESTAMP"},
    {"'a''b'", SQL_T_TEXT, "'a''b'::text"},
    {"true", SQL_T_BOOL, "true"},
    {"1.5", SQL_T_FLOAT8, "1.5"},
    {"'5'", SQL_T_NUMERIC, "'5'::numeric"},
    {"'5.5'", SQL_T_NUMERIC, "5.5"},
    {"-1.5", SQL_T_NUMERIC, "'-1.5'::numeric"},
    {"'-1'", SQL_T_INT8, "'-1'::bigint"},
    {"'t'", SQL_T_BOOL, "true"},
    {"'2020-01-01'", SQL_T_DATE, "'2020-01-01'::date"},
    {"10000000000", SQL_T_INT8, "'10000000000'::bigint"},
    {"'5'::int", SQL_T_INT4, "5"},
    {"5", SQL_T_NUMERIC, "5"},
    {"'x'::varchar", SQL_T_TEXT, "'x'::character varying"},
    {"1 + 2", SQL_T_INT4, "1 + 2"},
    {"'1 day'", SQL_T_INTERVAL, "'1 day'::interval"},
    {"'ab'", SQL_T_BPCHAR, "'ab'::bpchar"},
    {"'1.5'", SQL_T_FLOAT8, "'1.5'::double precision"},
    {"5::bigint", SQL_T_INT4, "5::bigint"},
    {"'abc'::varchar(5)", SQL_T_VARCHAR, "'abc'::character varying(5)"},
    {"'2020-1-1'", SQL_T_DATE, "'2020-01-01'::date"},
    {"1e10", SQL_T_NUMERIC, "'10000000000'::numeric"},
    {"-1.5e3", SQL_T_FLOAT8, "'-1500'::numeric"},
    {"'2020-1-1'::date", SQL_T_DATE, "'2020-01-01'::date"},
};

Test(deparse, defaults)
{
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
        struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
        const struct sql_expr *a = parse_expr(ctx, defaults[i].in);
        struct sbuf d;
        sbuf_init(&d);
        sql_deparse_default(a, defaults[i].type, -1, SQL_DEPARSE_PRETTY, &d);
        cr_expect_str_eq(d.data, defaults[i].out, "default [%s] type %u", defaults[i].in,
                         defaults[i].type);
        sbuf_free(&d);
        mem_ctx_free(ctx);
    }
}

/* pg_get_constraintdef(oid) / (oid, true) of CHECKs on
 * CREATE TABLE ck (i int, b bigint, s smallint, n numeric(8,2), f float8,
 * t text, v varchar(10), c char(3), d date), as PostgreSQL 15 prints them. */
static uint32_t ck_type(void *arg, const char *column)
{
    (void)arg;
    static const struct {
        const char *name;
        uint32_t type;
    } cols[] = {
        {"i", SQL_T_INT4},    {"b", SQL_T_INT8},   {"s", SQL_T_INT2},
        {"n", SQL_T_NUMERIC}, {"f", SQL_T_FLOAT8}, {"t", SQL_T_TEXT},
        {"v", SQL_T_VARCHAR}, {"c", SQL_T_BPCHAR}, {"d", SQL_T_DATE},
    };
    for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
        if (strcmp(cols[i].name, column) == 0)
            return cols[i].type;
    return 0;
}

Test(deparse, check_constraints)
{
    static const struct {
        const char *in, *plain, *pretty;
    } cases[] = {
        {"n >= 0", "(n >= (0)::numeric)", "n >= 0::numeric"},
        {"n > -1", "(n > ('-1'::integer)::numeric)", "n > '-1'::integer::numeric"},
        {"i > -5", "(i > '-5'::integer)", "i > '-5'::integer"},
        {"f < 1.5", "(f < (1.5)::double precision)", "f < 1.5::double precision"},
        {"i < 2.5", "((i)::numeric < 2.5)", "i::numeric < 2.5"},
        {"n * 2 > 10", "((n * (2)::numeric) > (10)::numeric)", "(n * 2::numeric) > 10::numeric"},
        {"i + 1 > 0", "((i + 1) > 0)", "(i + 1) > 0"},
        {"t <> 'x'", "(t <> 'x'::text)", "t <> 'x'::text"},
        {"v = 'abc'", "((v)::text = 'abc'::text)", "v::text = 'abc'::text"},
        {"v <> t", "((v)::text <> t)", "v::text <> t"},
        {"c = 'ab'", "(c = 'ab'::bpchar)", "c = 'ab'::bpchar"},
        {"d > '2020-01-01'", "(d > '2020-01-01'::date)", "d > '2020-01-01'::date"},
        {"b > 10000000000", "(b > '10000000000'::bigint)", "b > '10000000000'::bigint"},
        {"s > 1", "(s > 1)", "s > 1"},
        {"n BETWEEN 0 AND 10", "((n >= (0)::numeric) AND (n <= (10)::numeric))",
         "n >= 0::numeric AND n <= 10::numeric"},
        {"i NOT BETWEEN 1 AND 5", "((i < 1) OR (i > 5))", "i < 1 OR i > 5"},
        {"t IN ('a', 'b')", "(t = ANY (ARRAY['a'::text, 'b'::text]))",
         "t = ANY (ARRAY['a'::text, 'b'::text])"},
        {"t IN ('z')", "(t = 'z'::text)", "t = 'z'::text"},
        {"b IN (1, 2)", "(b = ANY (ARRAY[(1)::bigint, (2)::bigint]))",
         "b = ANY (ARRAY[1::bigint, 2::bigint])"},
        {"s IN (1, 2)", "(s = ANY (ARRAY[1, 2]))", "s = ANY (ARRAY[1, 2])"},
        {"i IN (1.5, 2)", "((i)::numeric = ANY (ARRAY[1.5, (2)::numeric]))",
         "i::numeric = ANY (ARRAY[1.5, 2::numeric])"},
        {"length(t) > 2", "(length(t) > 2)", "length(t) > 2"},
    };
    struct sql_deparse_coltypes cols = {ck_type, NULL};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
        const struct sql_expr *a = parse_expr(ctx, cases[i].in);
        struct sbuf d;
        sbuf_init(&d);
        sql_deparse_check(a, SQL_DEPARSE_INDENT | SQL_DEPARSE_TYPED, &cols, &d);
        cr_expect_str_eq(d.data, cases[i].plain, "check [%s]", cases[i].in);
        sbuf_reset(&d);
        sql_deparse_check(a, SQL_DEPARSE_PRETTY, &cols, &d);
        cr_expect_str_eq(d.data, cases[i].pretty, "check [%s] pretty", cases[i].in);
        sbuf_free(&d);
        mem_ctx_free(ctx);
    }
}

Test(deparse, ident)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"abc", "abc"},           {"a_1", "a_1"},         {"_x", "_x"},
        {"1a", "\"1a\""},         {"Abc", "\"Abc\""},     {"a b", "\"a b\""},
        {"select", "\"select\""}, {"left", "\"left\""},   {"name", "name"},
        {"text", "text"},         {"a\"b", "\"a\"\"b\""}, {"", "\"\""},
        {"é", "\"é\""},           {"user", "\"user\""},   {"value", "value"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sbuf b;
        sbuf_init(&b);
        sql_deparse_ident(cases[i].in, &b);
        cr_expect_str_eq(b.data, cases[i].out, "ident [%s]", cases[i].in);
        sbuf_free(&b);
    }
}
