/* test_func_sql.c — the built-in functions and operators end to end: SQL
 * text through the parser, binder and executor (the harness of
 * test_exec.c: a real single-node kv stack and catalog), checking that the
 * parser's forms (EXTRACT, POSITION, SUBSTRING ... FROM ... FOR, TRIM,
 * OVERLAY, LIKE ... ESCAPE, AT TIME ZONE, operators) reach func.h's
 * implementations with PostgreSQL's results. Every expected value was
 * produced by PostgreSQL 15.20 (psql -At, TimeZone UTC, NULL shown as
 * "NULL", rows joined by newlines).
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include "common/str.h"
#include "sql/catalog.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kvt T;
static struct sql_env env;
static struct sbuf out;
static char last_tag[64];

static void setup(void)
{
    struct err e = {0};
    int rc = kvt_start(&T, ENG_MEMORY, 0, NULL, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
    cr_assert_eq(sql_catalog_bootstrap(T.kv, "shardforge", NULL, "shardforge", &e), 0, "%s", e.msg);
    memset(&env, 0, sizeof(env));
    env.kv = T.kv;
    cr_assert_eq(sql_catalog_open(T.kv, &env.cat, &e), 0);
    env.stmt_ctx = mem_ctx_new(NULL, "stmt");
    env.txn_ctx = mem_ctx_new(NULL, "txn");
    env.user = "shardforge";
    env.database = "shardforge";
    env.superuser = true;
    env.search_path[0] = "public";
    env.nsearch = 1;
    sql_fmt_init(&env.fmt);
    sbuf_init(&out);
}

static void teardown(void)
{
    if (env.txn != NULL)
        kv_txn_rollback(env.txn);
    env.txn = NULL;
    sql_seq_session_free(env.seq_state);
    mem_ctx_free(env.stmt_ctx);
    mem_ctx_free(env.txn_ctx);
    sql_catalog_close(env.cat);
    kvt_stop(&T);
    sbuf_free(&out);
}

TestSuite(func_sql, .init = setup, .fini = teardown, .timeout = 60);

static void put_err(const struct err *e)
{
    sbuf_printf(&out, "ERROR %s: %s", err_sqlstate(e), e->msg);
}

/* Run one statement with optional parameters in the open transaction. */
static int run_in(const struct sql_stmt *st, const struct sql_value *params, size_t np,
                  struct err *e)
{
    if (sql_ddl_is_ddl(st)) {
        struct sbuf tag;
        sbuf_init(&tag);
        int rc = sql_ddl_exec(&env, st, &tag, e);
        snprintf(last_tag, sizeof last_tag, "%s", tag.data ? tag.data : "");
        sbuf_free(&tag);
        if (rc == 0)
            env.txn_did_ddl = true;
        return rc;
    }
    uint32_t types[16] = {0};
    size_t n = 0;
    for (size_t i = 0; i < np && i < 16; i++)
        types[i] = params[i].type;
    n = np;
    struct sql_plan *p;
    int rc = sql_plan_stmt(&env, st, env.stmt_ctx, types, &n, 16, &p, e);
    if (rc != 0)
        return rc;
    struct sql_cursor *c;
    rc = sql_cursor_open(&env, p, params, np, env.stmt_ctx, &c, e);
    if (rc != 0)
        return rc;
    size_t ncols;
    sql_plan_columns(p, &ncols);
    bool first = true;
    for (;;) {
        const struct sql_value *row;
        bool has;
        rc = sql_cursor_next(c, &row, &has, e);
        if (rc != 0 || !has)
            break;
        if (!first)
            sbuf_putc(&out, '\n');
        first = false;
        for (size_t i = 0; i < ncols; i++) {
            if (i)
                sbuf_putc(&out, '|');
            if (row[i].null) {
                sbuf_puts(&out, "NULL");
                continue;
            }
            struct err e2 = {0};
            if (sql_value_out(&row[i], &env.fmt, &out, &e2) != 0)
                sbuf_printf(&out, "<out error %s>", e2.msg);
        }
    }
    if (rc == 0) {
        struct sbuf tag;
        sbuf_init(&tag);
        sql_cursor_tag(c, &tag);
        snprintf(last_tag, sizeof last_tag, "%s", tag.data ? tag.data : "");
        sbuf_free(&tag);
    }
    sql_cursor_close(c);
    return rc;
}

/* Run sql (one or more statements), each in its own transaction; returns
 * the output of the last one (rows or error). */
static const char *qp(const char *sql, const struct sql_value *params, size_t np)
{
    struct sql_parse_result pr;
    struct err e = {0};
    sbuf_reset(&out);
    if (sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &e) != 0) {
        put_err(&e);
        return out.data;
    }
    for (int i = 0; i < pr.n; i++) {
        sbuf_reset(&out);
        memset(&e, 0, sizeof e);
        cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
        kv_txn_stmt_begin(env.txn, &e);
        env.fmt.dt.now = 0;
        int rc = run_in(pr.stmts[i], params, np, &e);
        if (rc != 0) {
            sbuf_reset(&out);
            put_err(&e);
            kv_txn_rollback(env.txn);
        } else {
            struct err ce = {0};
            kv_txn_stmt_end(env.txn, false);
            if (kv_txn_commit(env.txn, &ce) != 0) {
                sbuf_reset(&out);
                put_err(&ce);
            }
        }
        env.txn = NULL;
        if (env.txn_did_ddl)
            sql_catalog_invalidate(env.cat);
        env.txn_did_ddl = false;
        mem_ctx_reset(env.stmt_ctx);
    }
    if (out.data == NULL)
        sbuf_puts(&out, "");
    return out.data;
}

static const char *q(const char *sql)
{
    return qp(sql, NULL, 0);
}

struct sqlcase {
    const char *sql;
    const char *expect;
};

static const struct sqlcase sql_cases[] = {
    {"SELECT extract(year from timestamp '2020-05-17 10:00'), extract(epoch from interval '1 "
     "day'), date_part('dow', date '2020-05-17'), extract(second from time '10:00:01.5')",
     "2020|86400.000000|0|1.500000"},
    {"SELECT position('ll' in 'hello'), substring('hello' from 2 for 3), substring('hello' for 2), "
     "substring('abc123' from '[0-9]+'), trim(both 'x' from 'xxaxx'), trim(leading from '  a '), "
     "trim(trailing 'z' from 'azz')",
     "3|ell|he|123|a|a |a"},
    {"SELECT overlay('Txxxxas' placing 'hom' from 2 for 4), 'a%b' LIKE 'a#%b' ESCAPE '#', 'axb' "
     "LIKE 'a#%b' ESCAPE '#'",
     "Thomas|t|f"},
    {"SELECT timestamp '2020-01-01 00:00' AT TIME ZONE 'Asia/Tokyo', timestamptz '2020-01-01 "
     "00:00+00' AT TIME ZONE 'Asia/Tokyo'",
     "2019-12-31 15:00:00+00|2020-01-01 09:00:00"},
    {"SELECT 'a' || 1, 1 || 'a', length('héllo'), upper('abc'), lower('ÀB'), 'x' || NULL",
     "a1|1a|5|ABC|àb|NULL"},
    {"SELECT date '2020-01-31' + 1, date '2020-03-01' - date '2020-01-01', date '2020-01-31' + "
     "interval '1 month', now() - now(), 1 + date '2020-01-01'",
     "2020-02-01|60|2020-02-29 00:00:00|00:00:00|2020-01-02"},
    {"SELECT round(2.5), round(2.567, 2), round(2.5::float8), trunc(-2.7), ceil(2.1), floor(-2.1), "
     "abs(-5), mod(7,3), power(2,10), sqrt(2::numeric), pi()",
     "3|2.57|2|-2|3|-3|5|1|1024|1.414213562373095|3.141592653589793"},
    {"SELECT sum(x), avg(x), min(x), max(x), count(*), count(x), bool_and(x > 0), stddev(x), "
     "variance(x) FROM (VALUES (1),(2),(NULL),(4)) t(x)",
     "7|2.3333333333333333|1|4|4|3|t|1.5275252316519467|2.3333333333333333"},
    {"SELECT sum(x), avg(x), sum(y), avg(y), min(z), max(z) FROM (VALUES (1.5, 1::float8, 'b'), "
     "(2.25, 2, 'a')) t(x, y, z)",
     "3.75|1.8750000000000000|3|1.5|a|b"},
    {"SELECT to_char(timestamp '2024-02-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'), format('%s-%I', "
     "'a', 'B c')",
     "2024-02-05 14:07:09|a-\"B c\""},
    {"SELECT concat('a', 1, NULL, true), concat_ws(',', 'a', NULL, 'b'), left('hello', 2), "
     "right('hello', 2), lpad('hi', 5, '*'), repeat('ab', 3), reverse('abc'), split_part('a,b,c', "
     "',', 2)",
     "a1t|a,b|he|lo|***hi|ababab|cba|b"},
    {"SELECT md5('abc'), replace('abc','b','X'), translate('12345','143','ax'), initcap('hello "
     "world'), ascii('A'), chr(65), to_hex(255), starts_with('abc','ab'), quote_ident('Foo'), "
     "quote_literal('it''s'), strpos('hello','l')",
     "900150983cd24fb0d6963f7d28e17f72|aXc|a2x5|Hello World|65|A|ff|t|\"Foo\"|'it''s'|3"},
    {"SELECT 'users' ~ '^(users)$', 'abc' ~* 'B', 'abc' !~ 'x', regexp_replace('foobar', 'o+', "
     "'0', 'g')",
     "t|t|t|f0bar"},
    {"SELECT date_trunc('month', timestamp '2020-05-17 10:30'), age(timestamp '2020-05-17', "
     "timestamp '2019-01-01'), make_date(2020, 2, 29), justify_hours(interval '27 hours'), "
     "isfinite(date 'infinity'), to_timestamp(0)",
     "2020-05-01 00:00:00|1 year 4 mons 16 days|2020-02-29|1 day 03:00:00|f|1970-01-01 "
     "00:00:00+00"},
    {"SELECT pg_typeof(1 + 1.5), pg_typeof('a' || 1), pg_typeof(1::int2 + 1::int4), pg_typeof(1 + "
     "1::int8), pg_typeof(sum(1)), pg_typeof(avg(1::float4))",
     "numeric|text|integer|bigint|bigint|double precision"},
    {"SELECT date(timestamp '2020-01-01 10:00'), text(123), int4('5'), int4(2.5)",
     "2020-01-01|123|5|3"},
    {"SELECT 10 / 3.0, 7 / 2, -7 % 3, 2 ^ 10, |/ 16::float8, @ -3",
     "3.3333333333333333|3|-1|1024|4|3"},
    {"SELECT 1e308::float8 * 10", "ERROR 22003: value out of range: overflow"},
    {"SELECT 'abc' = 'abc', 'a'::varchar < 'b'::text, 1 = 1::int8, 1.0 = 1, date '2020-01-01' < "
     "timestamp '2020-01-01 00:00:01', interval '1 day' = interval '24 hours'",
     "t|t|t|t|t|t"},
    {"SELECT x FROM (VALUES ('apple'), ('Banana'), ('cherry')) t(x) WHERE x ILIKE '%an%' OR x ~ "
     "'^c'",
     "Banana\ncherry"},
    {"SELECT upper(x), length(x) FROM (VALUES ('ab'::char(4)), ('c')) t(x)", "AB|2\nC|1"},
    {"SELECT num_nulls(1, NULL, 'a'), num_nonnulls(1, NULL, 'a'), gcd(12, 18), lcm(4, 6), div(7, "
     "2), width_bucket(5.35, 0.024, 10.06, 5)",
     "1|2|6|12|3|3"},
    {"SELECT encode('abc'::bytea, 'base64'), decode('YWJj', 'base64'), sha256('abc'::bytea) IS NOT "
     "NULL, octet_length('héllo'), bit_length('abc')",
     "YWJj|\\x616263|t|6|24"},
    {"SELECT length(gen_random_uuid()::text), random() < 1.0, pg_typeof(clock_timestamp())",
     "36|t|timestamp with time zone"},
};

Test(func_sql, postgres_results)
{
    for (size_t i = 0; i < sizeof(sql_cases) / sizeof(sql_cases[0]); i++) {
        const char *got = q(sql_cases[i].sql);
        cr_expect_str_eq(got, sql_cases[i].expect, "%s\n got: %s\nwant: %s", sql_cases[i].sql, got,
                         sql_cases[i].expect);
    }
}

Test(func_sql, sequences)
{
    q("CREATE SEQUENCE s");
    cr_expect_str_eq(q("SELECT nextval('s')"), "1");
    cr_expect_str_eq(q("SELECT nextval('public.s'), currval('s')"), "2|2");
    cr_expect_str_eq(q("SELECT setval('s', 10), nextval('s'), lastval()"), "10|11|11");
    cr_expect_str_eq(q("SELECT setval('s', 20, false), nextval('s')"), "20|20");
    cr_expect_str_eq(q("SELECT nextval('nosuch')"),
                     "ERROR 42P01: relation \"nosuch\" does not exist");
}

Test(func_sql, errors_with_hints)
{
    cr_expect_str_eq(q("SELECT 1 + 'a'::text"),
                     "ERROR 42883: operator does not exist: integer + text\nHINT:  No operator "
                     "matches the given name and argument types. You might need to add explicit "
                     "type casts.");
    cr_expect_str_eq(q("SELECT length(1)"),
                     "ERROR 42883: function length(integer) does not exist\nHINT:  No function "
                     "matches the given name and argument types. You might need to add explicit "
                     "type casts.");
    cr_expect_str_eq(q("SELECT 'a' + 'b'"),
                     "ERROR 42725: operator is not unique: unknown + unknown\nHINT:  Could not "
                     "choose a best candidate operator. You might need to add explicit type "
                     "casts.");
}
