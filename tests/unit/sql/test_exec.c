/* test_exec.c — the query engine end to end on a real single-node kv stack
 * (kv_test.h) with the real catalog: DDL through sql_ddl_exec, everything
 * else through sql_plan_stmt + cursors. Each statement runs in its own
 * transaction (autocommit). Results are compared as text: rows "a|b"
 * separated by newlines, NULL printed as "NULL", errors as
 * "ERROR <SQLSTATE>: <message>". Expected values were checked against
 * PostgreSQL 15.20 (psql -At).
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

TestSuite(exec, .init = setup, .fini = teardown, .timeout = 60);

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

#define EQ(sql, want)                                                                  \
    do {                                                                               \
        const char *got_ = q(sql);                                                     \
        cr_expect_str_eq(got_, (want), "%s\n got: %s\nwant: %s", (sql), got_, (want)); \
    } while (0)

#define OK(sql)                                                           \
    do {                                                                  \
        const char *got_ = q(sql);                                        \
        cr_assert(strncmp(got_, "ERROR", 5) != 0, "%s: %s", (sql), got_); \
    } while (0)

/* ---- expressions without FROM ---- */

Test(exec, constants_and_operators)
{
    EQ("SELECT 1", "1");
    EQ("SELECT 1 + 2 * 3, 7 / 2, 7 % 3, -5", "7|3|1|-5");
    EQ("SELECT 'a' || 'b', 'x'", "ab|x");
    EQ("SELECT 1.5 + 1, 2::numeric / 3", "2.5|0.66666666666666666667");
    EQ("SELECT NULL, NULL IS NULL, 1 IS NOT NULL", "NULL|t|t");
    EQ("SELECT 2147483647 + 1", "ERROR 22003: integer out of range");
    EQ("SELECT 1/0", "ERROR 22012: division by zero");
    EQ("SELECT 'abc'::varchar(2), CAST('12' AS int) + 1, '5'::int8 * 2", "ab|13|10");
    EQ("SELECT 'x'::int", "ERROR 22P02: invalid input syntax for type integer: \"x\"");
    EQ("SELECT true AND NULL, false AND NULL, true OR NULL, false OR NULL, NOT NULL::bool",
       "NULL|f|t|NULL|NULL");
    EQ("SELECT NULL::int IS DISTINCT FROM 1, NULL::int IS NOT DISTINCT FROM NULL, 1 IS DISTINCT "
       "FROM 1",
       "t|t|f");
    EQ("SELECT true IS TRUE, NULL::bool IS UNKNOWN, false IS NOT FALSE, NULL::bool IS NOT TRUE",
       "t|t|f|t");
    EQ("SELECT 5 BETWEEN 1 AND 10, 5 NOT BETWEEN 1 AND 10, 5 BETWEEN SYMMETRIC 10 AND 1", "t|f|t");
    EQ("SELECT 1 IN (1, 2), 3 IN (1, 2), 3 NOT IN (1, NULL), 1 IN (NULL, 1)", "t|f|NULL|t");
    EQ("SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' END, CASE 3 WHEN 1 THEN 'x' ELSE 'y' "
       "END",
       "b|y");
    EQ("SELECT CASE WHEN true THEN 1 ELSE 'a' END",
       "ERROR 22P02: invalid input syntax for type integer: \"a\"");
    EQ("SELECT CASE WHEN true THEN 1 ELSE 'a'::text END",
       "ERROR 42804: CASE types integer and text cannot be matched");
    EQ("SELECT COALESCE(NULL, 2, 3), NULLIF(1, 1), NULLIF(1, 2), GREATEST(1, 5, 3), LEAST(4, "
       "NULL, 2)",
       "2|NULL|1|5|2");
    EQ("SELECT 'abc' LIKE 'a%', 'abc' NOT LIKE 'b%', 'ABC' ILIKE 'a%'", "t|t|t");
    EQ("SELECT 1 WHERE 1", "ERROR 42804: argument of WHERE must be type boolean, not type integer");
    EQ("SELECT x", "ERROR 42703: column \"x\" does not exist");
    EQ("SELECT t.x", "ERROR 42P01: missing FROM-clause entry for table \"t\"");
    EQ("SELECT 'a' COLLATE \"C\" < 'b'", "t");
}

Test(exec, column_names)
{
    struct sql_parse_result pr;
    struct err e = {0};
    const char *sql = "SELECT 1, 1 AS x, count(*), CASE WHEN true THEN 1 END, coalesce(1), 1::int, "
                      "'a'::text, lower('A')";
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &e), 0);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
    struct sql_plan *p;
    size_t np = 0;
    cr_assert_eq(sql_plan_stmt(&env, pr.stmts[0], env.stmt_ctx, NULL, &np, 0, &p, &e), 0, "%s",
                 e.msg);
    size_t n;
    const struct sql_column *c = sql_plan_columns(p, &n);
    cr_assert_eq(n, 8);
    const char *want[] = {"?column?", "x", "count", "case", "coalesce", "int4", "text", "lower"};
    for (size_t i = 0; i < n; i++)
        cr_expect_str_eq(c[i].name, want[i]);
    cr_expect_eq(c[0].type_oid, SQL_T_INT4);
    cr_expect_eq(c[2].type_oid, SQL_T_INT8);
    cr_expect_eq(c[6].type_oid, SQL_T_TEXT);
    kv_txn_rollback(env.txn);
    env.txn = NULL;
}

/* ---- single table ---- */

static void make_t(void)
{
    OK("CREATE TABLE t (id int PRIMARY KEY, a int, b text, c numeric(5,2))");
    EQ("INSERT INTO t VALUES (1, 10, 'one', 1.5), (2, 20, 'two', NULL), (3, NULL, 'three', 3)", "");
    cr_expect_str_eq(last_tag, "INSERT 0 3");
}

Test(exec, crud)
{
    make_t();
    EQ("SELECT * FROM t ORDER BY id", "1|10|one|1.50\n2|20|two|NULL\n3|NULL|three|3.00");
    EQ("SELECT b, a + 1 FROM t WHERE id = 2", "two|21");
    EQ("SELECT id FROM t WHERE a > 10 OR a IS NULL ORDER BY id DESC", "3\n2");
    EQ("SELECT count(*) FROM t", "3");
    cr_expect_str_eq(last_tag, "SELECT 1");
    EQ("UPDATE t SET a = a + 1 WHERE id = 1 RETURNING id, a", "1|11");
    cr_expect_str_eq(last_tag, "UPDATE 1");
    EQ("UPDATE t SET b = 'x' WHERE a IS NULL", "");
    cr_expect_str_eq(last_tag, "UPDATE 1");
    EQ("SELECT b FROM t WHERE id = 3", "x");
    EQ("DELETE FROM t WHERE id >= 2 RETURNING *", "2|20|two|NULL\n3|NULL|x|3.00");
    cr_expect_str_eq(last_tag, "DELETE 2");
    EQ("SELECT id, a FROM t", "1|11");
    EQ("INSERT INTO t (id, b) VALUES (5, 'five') RETURNING a, b", "NULL|five");
    EQ("INSERT INTO t VALUES (1, 1, 'dup', 0)",
       "ERROR 23505: duplicate key value violates unique constraint \"t_pkey\"\nDETAIL:  Key "
       "(id)=(1) already exists.\nSCHEMA NAME:  public\nTABLE NAME:  t\nCONSTRAINT NAME:  t_pkey");
    EQ("INSERT INTO t (id, c) VALUES (9, 12345)",
       "ERROR 22003: numeric field overflow\nDETAIL:  A field with precision 5, scale 2 must round "
       "to an absolute value less than 10^3.");
    EQ("INSERT INTO t (id, zz) VALUES (9, 1)",
       "ERROR 42703: column \"zz\" of relation \"t\" does not exist");
    EQ("INSERT INTO t (id) VALUES (9, 1)",
       "ERROR 42601: INSERT has more expressions than target columns");
    EQ("INSERT INTO t (id, a) VALUES (9, true)",
       "ERROR 42804: column \"a\" is of type integer but expression is of type boolean\nHINT:  "
       "You will need to rewrite or cast the expression.");
    EQ("SELECT nope FROM t", "ERROR 42703: column \"nope\" does not exist");
    EQ("SELECT * FROM nope", "ERROR 42P01: relation \"nope\" does not exist");
}

Test(exec, order_limit_distinct)
{
    OK("CREATE TABLE s (k int PRIMARY KEY, g int, v text)");
    OK("INSERT INTO s VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, NULL), (4, 2, 'd'), (5, NULL, 'e')");
    EQ("SELECT k FROM s ORDER BY k DESC LIMIT 2", "5\n4");
    EQ("SELECT k FROM s ORDER BY k LIMIT 2 OFFSET 1", "2\n3");
    EQ("SELECT v FROM s ORDER BY v", "a\nb\nd\ne\nNULL");
    EQ("SELECT v FROM s ORDER BY v DESC", "NULL\ne\nd\nb\na");
    EQ("SELECT v FROM s ORDER BY v NULLS FIRST LIMIT 2", "NULL\na");
    EQ("SELECT g AS x, k FROM s ORDER BY x DESC NULLS LAST, 2", "2|3\n2|4\n1|1\n1|2\nNULL|5");
    EQ("SELECT DISTINCT g FROM s ORDER BY g", "1\n2\nNULL");
    EQ("SELECT k FROM s ORDER BY -k LIMIT 1", "5");
    EQ("SELECT k FROM s ORDER BY 3", "ERROR 42P10: ORDER BY position 3 is not in select list");
    EQ("SELECT k FROM s LIMIT -1", "ERROR 2201W: LIMIT must not be negative");
    EQ("SELECT count(*) FROM (SELECT k FROM s LIMIT ALL) AS x", "5");
}

Test(exec, aggregates)
{
    OK("CREATE TABLE s (k int PRIMARY KEY, g int, v int)");
    OK("INSERT INTO s VALUES (1, 1, 10), (2, 1, 20), (3, 2, NULL), (4, 2, 40), (5, NULL, 50)");
    EQ("SELECT g, count(*), count(v), sum(v), min(v), max(v) FROM s GROUP BY g ORDER BY g",
       "1|2|2|30|10|20\n2|2|1|40|40|40\nNULL|1|1|50|50|50");
    EQ("SELECT count(*), sum(v), avg(v) FROM s WHERE k > 100", "0|NULL|NULL");
    EQ("SELECT count(DISTINCT g) FROM s", "2");
    EQ("SELECT g, sum(v) FROM s GROUP BY 1 HAVING sum(v) > 35 ORDER BY 1", "2|40\nNULL|50");
    EQ("SELECT g + 1 AS h, count(*) FROM s GROUP BY h ORDER BY h", "2|2\n3|2\nNULL|1");
    EQ("SELECT k, count(*) FROM s",
       "ERROR 42803: column \"s.k\" must appear in the GROUP BY clause or be used in an "
       "aggregate function");
    EQ("SELECT k FROM s WHERE count(*) > 1",
       "ERROR 42803: aggregate functions are not allowed in WHERE");
    EQ("SELECT count(*) FILTER (WHERE v > 15) FROM s", "3");
}

Test(exec, joins)
{
    OK("CREATE TABLE a (id int PRIMARY KEY, x text)");
    OK("CREATE TABLE b (id int PRIMARY KEY, aid int, y text)");
    OK("INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3')");
    OK("INSERT INTO b VALUES (10, 1, 'b10'), (11, 1, 'b11'), (12, 2, 'b12'), (13, NULL, 'b13')");
    EQ("SELECT a.x, b.y FROM a JOIN b ON a.id = b.aid ORDER BY b.y", "a1|b10\na1|b11\na2|b12");
    EQ("SELECT a.x, b.y FROM a, b WHERE b.aid = a.id AND a.id = 1 ORDER BY 2", "a1|b10\na1|b11");
    EQ("SELECT a.x, b.y FROM a LEFT JOIN b ON a.id = b.aid ORDER BY 1, 2",
       "a1|b10\na1|b11\na2|b12\na3|NULL");
    EQ("SELECT a.x, b.y FROM a LEFT JOIN b ON a.id = b.aid WHERE b.y IS NULL", "a3|NULL");
    EQ("SELECT count(*) FROM a CROSS JOIN b", "12");
    EQ("SELECT a.x, b.y FROM b JOIN a ON b.aid = a.id AND b.id > 10 ORDER BY 2", "a1|b11\na2|b12");
    EQ("SELECT id FROM a, b", "ERROR 42702: column reference \"id\" is ambiguous");
    EQ("SELECT s.n, s.m FROM (SELECT id AS n, x FROM a WHERE id < 3) AS s(n, m) ORDER BY 1",
       "1|a1\n2|a2");
    EQ("SELECT v.column1, v.column2 FROM (VALUES (1, 'q'), (2, 'r')) v ORDER BY 1 DESC",
       "2|r\n1|q");
    EQ("SELECT * FROM generate_series(1, 3)", "1\n2\n3");
    EQ("SELECT g FROM generate_series(10, 1, -4) AS g", "10\n6\n2");
    EQ("SELECT count(*) FROM a JOIN b ON a.id < b.aid", "1");
    EQ("SELECT count(*) FROM a FULL JOIN b ON true", "12");
    EQ("SELECT a.x, b.y FROM a FULL JOIN b ON a.id = b.aid ORDER BY 1, 2",
       "a1|b10\na1|b11\na2|b12\na3|NULL\nNULL|b13");
    EQ("SELECT a.x, b.y FROM a RIGHT JOIN b ON a.id = b.aid ORDER BY 2",
       "a1|b10\na1|b11\na2|b12\nNULL|b13");
    EQ("SELECT * FROM a FULL JOIN b ON a.id < b.aid",
       "ERROR 0A000: FULL JOIN is only supported with merge-joinable or hash-joinable join "
       "conditions");
}

Test(exec, subqueries)
{
    OK("CREATE TABLE a (id int PRIMARY KEY, x text)");
    OK("CREATE TABLE b (id int PRIMARY KEY, aid int)");
    OK("INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3')");
    OK("INSERT INTO b VALUES (10, 1), (11, 1), (12, NULL)");
    EQ("SELECT (SELECT max(id) FROM b)", "12");
    EQ("SELECT id FROM a WHERE id IN (SELECT aid FROM b)", "1");
    EQ("SELECT id FROM a WHERE id NOT IN (SELECT aid FROM b)", "");
    EQ("SELECT id FROM a WHERE id NOT IN (SELECT aid FROM b WHERE aid IS NOT NULL) ORDER BY 1",
       "2\n3");
    EQ("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.aid = a.id)", "1");
    EQ("SELECT id, (SELECT count(*) FROM b WHERE b.aid = a.id) FROM a ORDER BY 1", "1|2\n2|0\n3|0");
    EQ("SELECT id FROM a WHERE id > ALL (SELECT aid FROM b WHERE aid IS NOT NULL) ORDER BY 1",
       "2\n3");
    EQ("SELECT id FROM a WHERE id = ANY (SELECT aid FROM b)", "1");
    EQ("SELECT (SELECT id FROM b)",
       "ERROR 21000: more than one row returned by a subquery used as an expression");
    EQ("SELECT (SELECT id, aid FROM b)", "ERROR 42601: subquery must return only one column");
}

Test(exec, setops_values)
{
    EQ("VALUES (1, 'a'), (2, 'b')", "1|a\n2|b");
    EQ("SELECT 1 UNION SELECT 1", "1");
    EQ("SELECT 1 UNION ALL SELECT 1", "1\n1");
    EQ("SELECT * FROM (SELECT 1 UNION SELECT 2) x(a) ORDER BY 1 DESC", "2\n1");
    EQ("SELECT 1 INTERSECT SELECT 2", "");
    EQ("SELECT 1 EXCEPT SELECT 2", "1");
    EQ("SELECT 1 UNION SELECT 'a'::text",
       "ERROR 42804: UNION types integer and text cannot be matched");
}

Test(exec, params)
{
    OK("CREATE TABLE t (id int PRIMARY KEY, a int, b text)");
    OK("INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y')");
    struct sql_value p[2] = {sql_int4(2)};
    const char *r = qp("SELECT a FROM t WHERE id = $1", p, 1);
    cr_expect_str_eq(r, "20");
    /* type inference: $1 takes int4 from the column */
    struct sql_parse_result pr;
    struct err e = {0};
    const char *sql = "UPDATE t SET a = a + $1 WHERE id = $2";
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &e), 0);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
    uint32_t types[4] = {0};
    size_t n = 0;
    struct sql_plan *plan;
    cr_assert_eq(sql_plan_stmt(&env, pr.stmts[0], env.stmt_ctx, types, &n, 4, &plan, &e), 0, "%s",
                 e.msg);
    cr_expect_eq(n, 2);
    cr_expect_eq(types[0], SQL_T_INT4);
    cr_expect_eq(types[1], SQL_T_INT4);
    kv_txn_rollback(env.txn);
    env.txn = NULL;
    struct sql_value p2[2] = {sql_int4(5), sql_int4(1)};
    qp("UPDATE t SET a = a + $1 WHERE id = $2", p2, 2);
    cr_expect_str_eq(last_tag, "UPDATE 1");
    EQ("SELECT a FROM t WHERE id = 1", "15");
    struct sql_value p3[1] = {sql_cstr("y")};
    cr_expect_str_eq(qp("SELECT id FROM t WHERE b = $1", p3, 1), "2");
}

Test(exec, explain_access_paths)
{
    OK("CREATE TABLE t (id int PRIMARY KEY, a int, b text)");
    OK("CREATE INDEX t_a ON t (a)");
    EQ("EXPLAIN SELECT * FROM t WHERE id = 1",
       "Index Scan using t_pkey on t\n  Index Cond: (id = 1)");
    EQ("EXPLAIN SELECT * FROM t WHERE a = 5 AND b = 'x'",
       "Index Scan using t_a on t\n  Index Cond: (a = 5)\n  Filter: (b = 'x'::text)");
    EQ("EXPLAIN SELECT * FROM t WHERE b = 'x'", "Seq Scan on t\n  Filter: (b = 'x'::text)");
    EQ("EXPLAIN SELECT * FROM t WHERE id > 3 AND id <= 10",
       "Index Scan using t_pkey on t\n  Index Cond: ((id > 3) AND (id <= 10))");
    EQ("EXPLAIN UPDATE t SET a = 1 WHERE id = 2",
       "Update on t\n  ->  Index Scan using t_pkey on t\n        Index Cond: (id = 2)");
    OK("INSERT INTO t SELECT g, g % 7, 'v' || g FROM generate_series(1, 300) g");
    EQ("SELECT count(*), sum(a) FROM t WHERE id BETWEEN 10 AND 19", "10|33");
    EQ("SELECT id FROM t WHERE a = 3 AND id < 30 ORDER BY id", "3\n10\n17\n24");
    EQ("SELECT id FROM t WHERE id = 299", "299");
    EQ("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) SELECT id FROM t WHERE a = 3 AND id < 30",
       "Index Scan using t_a on t (actual rows=4 loops=1)\n  Index Cond: (a = 3)\n"
       "  Filter: (id < 30)\n  Rows Removed by Filter: 39");
    EQ("EXPLAIN (ANALYZE, VERBOSE) SELECT 1",
       "ERROR 0A000: EXPLAIN ANALYZE VERBOSE is not supported");
}

Test(exec, defaults_checks_identity)
{
    OK("CREATE TABLE d (id serial PRIMARY KEY, n int DEFAULT 7, s text DEFAULT 'x' || 'y', "
       "CONSTRAINT pos CHECK (n > 0))");
    EQ("INSERT INTO d DEFAULT VALUES RETURNING *", "1|7|xy");
    EQ("INSERT INTO d (n) VALUES (3), (DEFAULT) RETURNING id, n", "2|3\n3|7");
    EQ("INSERT INTO d (n) VALUES (-1)",
       "ERROR 23514: new row for relation \"d\" violates check constraint \"pos\"\nDETAIL:  "
       "Failing row contains (4, -1, xy).\nSCHEMA NAME:  public\nTABLE NAME:  d\nCONSTRAINT NAME:  "
       "pos");
    EQ("UPDATE d SET n = DEFAULT WHERE id = 2 RETURNING n", "7");
    OK("CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)");
    EQ("INSERT INTO i (v) VALUES ('a') RETURNING id", "1");
    EQ("INSERT INTO i (id, v) VALUES (5, 'b')",
       "ERROR 428C9: cannot insert a non-DEFAULT value into column \"id\"\nDETAIL:  Column \"id\" "
       "is an identity column defined as GENERATED ALWAYS.\nHINT:  Use OVERRIDING SYSTEM VALUE "
       "to override.");
    EQ("INSERT INTO i (id, v) OVERRIDING SYSTEM VALUE VALUES (5, 'b') RETURNING id", "5");
    OK("CREATE TABLE vc (v varchar(3))");
    EQ("INSERT INTO vc VALUES ('abcd')",
       "ERROR 22001: value too long for type character varying(3)");
    EQ("INSERT INTO vc VALUES ('abc') RETURNING v", "abc");
}

Test(exec, streaming_memory)
{
    OK("CREATE TABLE big (id int PRIMARY KEY, v text)");
    OK("INSERT INTO big SELECT g, 'value ' || g FROM generate_series(1, 20000) g");
    EQ("SELECT count(*), min(id), max(v) FROM big", "20000|1|value 9999");
    EQ("SELECT id FROM big ORDER BY v DESC LIMIT 3", "9999\n9998\n9997");
}

Test(exec, joins_explain)
{
    OK("CREATE TABLE a (id int PRIMARY KEY, x text)");
    OK("CREATE TABLE b (id int PRIMARY KEY, aid int, y text)");
    EQ("EXPLAIN SELECT a.x, b.y FROM a JOIN b ON a.id = b.aid",
       "Hash Join\n  Hash Cond: (a.id = b.aid)\n  ->  Seq Scan on a\n  ->  Hash\n        ->  Seq "
       "Scan on b");
    EQ("EXPLAIN SELECT * FROM b JOIN a ON a.id = b.aid WHERE b.id = 1",
       "Nested Loop\n  ->  Index Scan using b_pkey on b\n        Index Cond: (id = 1)\n  ->  "
       "Index Scan using a_pkey on a\n        Index Cond: (id = b.aid)");
    EQ("EXPLAIN SELECT a.x, count(*) FROM a LEFT JOIN b ON a.id = b.aid AND b.y = 'z' GROUP BY "
       "a.x",
       "HashAggregate\n  Group Key: a.x\n  ->  Hash Left Join\n        Hash Cond: (a.id = "
       "b.aid)\n        ->  Seq Scan on a\n        ->  Hash\n              ->  Seq Scan on b\n     "
       "               Filter: (y = 'z'::text)");
    EQ("EXPLAIN SELECT x FROM a ORDER BY x LIMIT 3",
       "Limit\n  ->  Sort\n        Sort Key: x\n        ->  Seq Scan on a");
}

Test(exec, catalog_style_queries)
{
    OK("CREATE TABLE a (id int PRIMARY KEY, x text)");
    OK("INSERT INTO a VALUES (1, 'p'), (2, 'q r'), (3, NULL)");
    EQ("SELECT ARRAY(SELECT x FROM a ORDER BY id)", "{p,\"q r\",NULL}");
    EQ("SELECT array_to_string(ARRAY(SELECT x FROM a ORDER BY id), ', ')", "p, q r");
    EQ("SELECT string_agg(x, '-') FROM a", "p-q r");
    EQ("SELECT 2 = ANY ('{1,2,3}'::text), 5 = ANY ('{1,2}'::text), 1 = ALL ('{1,NULL}'::text)",
       "t|f|NULL");
    EQ("SELECT 'nope'::regclass", "ERROR 42P01: relation \"nope\" does not exist");
    EQ("SELECT count(*) FROM a WHERE 'public.a'::regclass::oid > 0", "3");
    /* arrays */
    EQ("SELECT CASE WHEN false THEN ARRAY[1] END", "NULL");
    EQ("SELECT ARRAY[1, 2], (ARRAY[1, 2])[2], 2 = ANY (ARRAY[1, 2])", "{1,2}|2|t");
}

Test(exec, more_semantics)
{
    OK("CREATE TABLE s (k int PRIMARY KEY, g int, v int)");
    OK("INSERT INTO s VALUES (1, 1, 10), (2, 1, 20), (3, 2, NULL)");
    EQ("SELECT k FROM s s1 WHERE v > (SELECT avg(v) FROM s s2 WHERE s2.g = s1.g) ORDER BY k", "2");
    EQ("SELECT sum(v) FROM s HAVING count(*) > 2", "30");
    EQ("SELECT sum(v) FROM s HAVING count(*) > 5", "");
    EQ("SELECT k FROM s WHERE v NOT IN (10, NULL)", "");
    EQ("SELECT k FROM s x WHERE s.k = 1",
       "ERROR 42P01: invalid reference to FROM-clause entry for table \"s\"\nHINT:  Perhaps you "
       "meant to reference the table alias \"x\".");
    EQ("SELECT g, count(*) FROM s GROUP BY g ORDER BY count(*) DESC, g", "1|2\n2|1");
    EQ("SELECT k, v FROM s ORDER BY v DESC NULLS LAST LIMIT 1", "2|20");
    EQ("UPDATE s SET v = v * 10 WHERE g = 1", "");
    cr_expect_str_eq(last_tag, "UPDATE 2");
    EQ("SELECT k, v FROM s ORDER BY k", "1|100\n2|200\n3|NULL");
    EQ("UPDATE s SET k = k + 10", "");
    cr_expect_str_eq(last_tag, "UPDATE 3");
    EQ("SELECT k FROM s ORDER BY k", "11\n12\n13");
    EQ("INSERT INTO s SELECT k + 100, g, v FROM s", "");
    cr_expect_str_eq(last_tag, "INSERT 0 3");
    EQ("SELECT count(*) FROM s", "6");
    EQ("DELETE FROM s WHERE k IN (SELECT k FROM s WHERE k > 100)", "");
    cr_expect_str_eq(last_tag, "DELETE 3");
}

Test(exec, read_only_and_params)
{
    OK("CREATE TABLE t (id int PRIMARY KEY)");
    env.read_only = true;
    EQ("INSERT INTO t VALUES (1)", "ERROR 25006: cannot execute INSERT in a read-only transaction");
    EQ("SELECT count(*) FROM t", "0");
    env.read_only = false;
    struct sql_parse_result pr;
    struct err e = {0};
    const char *sql = "SELECT $1, $2 + 1 FROM t LIMIT $3";
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &e), 0);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
    uint32_t types[4] = {0};
    size_t n = 0;
    struct sql_plan *plan;
    cr_assert_eq(sql_plan_stmt(&env, pr.stmts[0], env.stmt_ctx, types, &n, 4, &plan, &e), 0, "%s",
                 e.msg);
    cr_expect_eq(n, 3);
    cr_expect_eq(types[0], SQL_T_TEXT);
    cr_expect_eq(types[1], SQL_T_INT4);
    cr_expect_eq(types[2], SQL_T_INT8);
    /* error positions (1-based) */
    const char *bad = "SELECT id, nope FROM t";
    cr_assert_eq(sql_parse(bad, strlen(bad), NULL, env.stmt_ctx, &pr, &e), 0);
    cr_expect_neq(sql_plan_stmt(&env, pr.stmts[0], env.stmt_ctx, types, &n, 4, &plan, &e), 0);
    cr_expect_eq(sql_plan_error_location(&env), 12);
    kv_txn_rollback(env.txn);
    env.txn = NULL;
}

Test(exec, insert_shapes)
{
    OK("CREATE TABLE p (id int PRIMARY KEY, g text DEFAULT 'dg', n int)");
    EQ("INSERT INTO p VALUES (1) RETURNING *", "1|dg|NULL");
    EQ("INSERT INTO p SELECT 2, 'x' RETURNING *", "2|x|NULL");
    EQ("INSERT INTO p VALUES (3, 'a', 1, 9)",
       "ERROR 42601: INSERT has more expressions than target columns");
    EQ("SELECT * FROM p a, p a", "ERROR 42712: table name \"a\" specified more than once");
    EQ("INSERT INTO p (id, g) VALUES (4, DEFAULT), (5, 'e') RETURNING id, g", "4|dg\n5|e");
}

Test(exec, with_queries)
{
    OK("CREATE TABLE t (id int PRIMARY KEY, a int)");
    OK("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)");
    EQ("WITH x AS (SELECT 1 AS a) SELECT * FROM x", "1");
    EQ("WITH x(a, b) AS (VALUES (1, 2)), y AS (SELECT a + b AS c FROM x) SELECT c FROM y", "3");
    EQ("WITH big AS (SELECT id, a FROM t WHERE a > 10) SELECT b1.id, b2.a FROM big b1 JOIN big b2 "
       "ON b1.id = b2.id ORDER BY 1",
       "2|20\n3|30");
    EQ("WITH s AS (SELECT sum(a) AS total FROM t) SELECT id FROM t, s WHERE a * 3 > total", "3");
    EQ("SELECT (WITH m AS (SELECT max(a) AS v FROM t) SELECT v FROM m)", "30");
    EQ("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "1");
    EQ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4) "
       "SELECT sum(n) FROM r",
       "10");
}

Test(exec, join_using)
{
    OK("CREATE TABLE a (id int PRIMARY KEY, x text)");
    OK("CREATE TABLE c (k int PRIMARY KEY, id int, z text)");
    OK("INSERT INTO a VALUES (1, 'a1'), (2, 'a2')");
    OK("INSERT INTO c VALUES (10, 1, 'c10'), (11, 3, 'c11')");
    EQ("SELECT * FROM a JOIN c USING (id)", "1|a1|10|c10");
    EQ("SELECT id, k FROM a LEFT JOIN c USING (id) ORDER BY id", "1|10\n2|NULL");
    EQ("SELECT a.id, c.id, x FROM a NATURAL JOIN c", "1|1|a1");
    EQ("SELECT * FROM a JOIN c USING (nope)",
       "ERROR 42703: column \"nope\" specified in USING clause does not exist in left table");
    EQ("SELECT c.* FROM a JOIN c USING (id)", "10|1|c10");
    EQ("SELECT * FROM c JOIN a USING (id)", "1|10|c10|a1");
    EQ("SELECT * FROM a JOIN c USING (id) JOIN a a2 USING (id)", "1|a1|10|c10|a1");
}

Test(exec, insert_select_unknown)
{
    OK("CREATE TABLE n (id int PRIMARY KEY, d date, v varchar(2))");
    EQ("INSERT INTO n SELECT 1, '2020-01-02', 'ab' RETURNING *", "1|2020-01-02|ab");
    EQ("INSERT INTO n (id, v) SELECT 2, 'abc'",
       "ERROR 22001: value too long for type character varying(2)");
    EQ("INSERT INTO n (id) SELECT 'x'",
       "ERROR 22P02: invalid input syntax for type integer: \"x\"");
}
