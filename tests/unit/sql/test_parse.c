/* test_parse.c — unit tests for sql/parse.h: SQL text -> ast.h trees.
 *
 * cases_ok: each statement is parsed and printed with sql_ast_format_stmt
 * (statements of one string joined by " ; "); the expected forms were
 * checked by hand against PostgreSQL 15's grammar. cases_err: the error is
 * printed "ERROR <SQLSTATE>: <message> @<cursor>"; syntax error messages and
 * cursor positions are as a PostgreSQL 15.x server reports them (checked
 * with psql: message text and the caret of LINE 1).
 */
#include "sql/parse.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pcase {
    const char *sql;
    const char *expect;
};

/* Parse sql and format the result (or the error) into a malloc'd string. */
static char *run(const char *sql, const struct sql_parse_opts *opts)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    struct sql_parse_result r;
    struct err e = {0};
    int rc = sql_parse(sql, strlen(sql), opts, ctx, &r, &e);
    struct sbuf b;
    sbuf_init(&b);
    if (rc != 0) {
        cr_assert_eq(r.n, 0);
        cr_assert_eq(rc, e.code);
        sbuf_printf(&b, "ERROR %s: %s @%d", err_sqlstate(&e), e.msg, r.cursor);
    } else {
        for (int i = 0; i < r.n; i++) {
            if (i > 0)
                sbuf_puts(&b, " ; ");
            sql_ast_format_stmt(&b, r.stmts[i]);
        }
    }
    mem_ctx_free(ctx);
    return sbuf_detach(&b);
}

static void check(const struct pcase *c)
{
    char *got = run(c->sql, NULL);
    cr_expect_str_eq(got, c->expect, "sql: %s", c->sql);
    xfree(got);
}

static const struct pcase cases_ok[] = {
    {"SELECT 1, 2147483648, 1.5, 1e10, 'it''s', B'101', X'1F', NULL, TRUE, false, -3, "
     "99999999999999999999",
     "(SELECT (TARGETS 1 int8:2147483648 num:1.5 num:1e10 'it''s' bits:b101 bits:x1F NULL TRUE "
     "FALSE -3 num:99999999999999999999))"},
    {"SELECT a AS x, t.b, t.*, *, s.t.c FROM t",
     "(SELECT (TARGETS (x a) t.b t.* * s.t.c) (FROM t))"},
    {"SELECT $1 + $2 * 3, -a, NOT a, a AND b AND c OR d, a IS NULL, a IS NOT NULL, a ISNULL",
     "(SELECT (TARGETS (+ $1 (* $2 3)) (- a) (NOT a) (OR (AND a b c) d) (IS NULL a) (IS NOT NULL "
     "a) (IS NULL a)))"},
    {"SELECT a IS TRUE, a IS NOT FALSE, a IS UNKNOWN, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM "
     "b",
     "(SELECT (TARGETS (IS TRUE a) (IS NOT FALSE a) (IS UNKNOWN a) (IS DISTINCT FROM a b) (IS NOT "
     "DISTINCT FROM a b)))"},
    {"SELECT a BETWEEN 1 AND 2, a NOT BETWEEN SYMMETRIC 2 AND 1, a IN (1, 2), a NOT IN (1)",
     "(SELECT (TARGETS (BETWEEN a 1 2) (NOT BETWEEN SYMMETRIC a 2 1) (IN a (1 2)) (NOT IN a "
     "(1))))"},
    {"SELECT a IN (SELECT b FROM t), EXISTS (SELECT 1), (SELECT max(x) FROM t), a = ANY "
     "(ARRAY[1,2]), a < ALL (SELECT b FROM t), ARRAY(SELECT 1)",
     "(SELECT (TARGETS (= ANY a (SELECT (TARGETS b) (FROM t))) (EXISTS (SELECT (TARGETS 1))) "
     "(SUBQUERY (SELECT (TARGETS (CALL max x)) (FROM t))) (= ANY a (ARRAY 1 2)) (< ALL a (SELECT "
     "(TARGETS b) (FROM t))) (ARRAY (SELECT (TARGETS 1)))))"},
    {"SELECT a LIKE 'x%', a NOT LIKE 'y', a ILIKE 'z' ESCAPE '!', a SIMILAR TO 'q', a NOT ILIKE "
     "'w'",
     "(SELECT (TARGETS (LIKE a 'x%') (NOT LIKE a 'y') (ILIKE a (CALL pg_catalog.like_escape 'z' "
     "'!')) (SIMILAR a (CALL pg_catalog.similar_to_escape 'q')) (NOT ILIKE a 'w')))"},
    {"SELECT CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE a WHEN 1 THEN 'x' END",
     "(SELECT (TARGETS (CASE (WHEN a 1) (WHEN b 2) (ELSE 3)) (CASE a (WHEN 1 'x'))))"},
    {"SELECT COALESCE(a, b, 0), NULLIF(a, 0), GREATEST(1, 2), LEAST(a, b)",
     "(SELECT (TARGETS (COALESCE a b 0) (NULLIF a 0) (GREATEST 1 2) (LEAST a b)))"},
    {"SELECT CAST(a AS int), a::varchar(10), a::numeric(10,2)[], DATE '2024-01-01', '1 "
     "day'::interval, a::text::int",
     "(SELECT (TARGETS (CAST a pg_catalog.int4) (CAST a pg_catalog.varchar(10)) (CAST a "
     "pg_catalog.numeric(10,2)[]) (CAST '2024-01-01' date) (CAST '1 day' pg_catalog.interval) "
     "(CAST (CAST a text) pg_catalog.int4)))"},
    {"SELECT count(*), count(DISTINCT a), sum(a) FILTER (WHERE a > 0), string_agg(a, ',' ORDER BY "
     "b DESC), pg_catalog.lower(x)",
     "(SELECT (TARGETS (CALL count *) (CALL count DISTINCT a) (CALL sum a (FILTER (> a 0))) (CALL "
     "string_agg a ',' (ORDER BY (b DESC))) (CALL pg_catalog.lower x)))"},
    {"SELECT row_number() OVER (PARTITION BY a ORDER BY b), sum(x) OVER w, avg(x) OVER (ORDER BY y "
     "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t WINDOW w AS (PARTITION BY z)",
     "(SELECT (TARGETS (CALL row_number (OVER (WINDOW (PARTITION BY a) (ORDER BY b)))) (CALL sum x "
     "(OVER (WINDOW w))) (CALL avg x (OVER (WINDOW (ORDER BY y) (ROWS BETWEEN 2 PRECEDING AND "
     "CURRENT ROW))))) (FROM t) (WINDOW w (PARTITION BY z)))"},
    {"SELECT ROW(1, 2), (1, 2), ARRAY[1, 2], ARRAY[[1], [2]], a[1], a[1:2], (a).f, (a).*, a "
     "COLLATE \"C\"",
     "(SELECT (TARGETS (ROW 1 2) (ROW-IMPLICIT 1 2) (ARRAY 1 2) (ARRAY (ARRAY 1) (ARRAY 2)) (INDIR "
     "a [1]) (INDIR a [1:2]) (INDIR a .f) (INDIR a .*) (COLLATE a C)))"},
    {"SELECT current_date, current_timestamp, current_timestamp(3), localtimestamp, current_user, "
     "session_user, user, current_schema",
     "(SELECT (TARGETS CURRENT_DATE CURRENT_TIMESTAMP CURRENT_TIMESTAMP(3) LOCALTIMESTAMP "
     "CURRENT_USER SESSION_USER USER CURRENT_SCHEMA))"},
    {"SELECT EXTRACT(year FROM d), substring(s FROM 1 FOR 2), d AT TIME ZONE 'UTC', position('a' "
     "IN s), trim(both ' ' from s)",
     "(SELECT (TARGETS (CALL pg_catalog.extract 'year' d) (CALL pg_catalog.substring s 1 2) (CALL "
     "pg_catalog.timezone 'UTC' d) (CALL pg_catalog.position s 'a') (CALL pg_catalog.btrim s ' "
     "')))"},
    {"SELECT DISTINCT a FROM t WHERE a > 1 GROUP BY a HAVING count(*) > 1 ORDER BY a DESC NULLS "
     "LAST, b ASC, c NULLS FIRST LIMIT 10 OFFSET 5",
     "(SELECT DISTINCT (TARGETS a) (FROM t) (WHERE (> a 1)) (GROUP BY a) (HAVING (> (CALL count *) "
     "1)) (ORDER BY (a DESC NULLS LAST) (b ASC) (c NULLS FIRST)) (LIMIT 10) (OFFSET 5))"},
    {"SELECT DISTINCT ON (a, b) a, b FROM t", "(SELECT (DISTINCT ON a b) (TARGETS a b) (FROM t))"},
    {"SELECT a FROM t GROUP BY a, ROLLUP (b, (c, d)), CUBE (e), GROUPING SETS ((), a)",
     "(SELECT (TARGETS a) (FROM t) (GROUP BY a b c d e a) (GROUPING SETS (0 1 2 3 4) (0 1 2 3 4 5) "
     "(0 1 2 3) "
     "(0 1 2 3 5) (0 1 4) (0 1 4 5) (0 1) (0 1 5) (0 4) (0 4 5) (0) (0 5)))"},
    {"SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c USING (id) RIGHT OUTER JOIN d ON true FULL "
     "JOIN e ON false CROSS JOIN f NATURAL JOIN g",
     "(SELECT (TARGETS *) (FROM (NATURAL JOIN (CROSS JOIN (FULL JOIN (RIGHT JOIN (LEFT JOIN (JOIN "
     "a b (ON (= a.id b.id))) c (USING id)) d (ON TRUE)) e (ON FALSE)) f) g)))"},
    {"SELECT * FROM t AS x (a, b), (SELECT 1) AS s, LATERAL (SELECT x.a) l, generate_series(1, 10) "
     "AS g(i), ONLY p",
     "(SELECT (TARGETS *) (FROM (t AS x (a b)) (SUBQUERY (SELECT (TARGETS 1)) AS s) (LATERAL "
     "(SELECT (TARGETS x.a)) AS l) (FUNCTION (CALL generate_series 1 10) AS g (i)) (ONLY p)))"},
    {"SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 INTERSECT SELECT 4 EXCEPT ALL SELECT 5 ORDER BY 1 "
     "LIMIT 2",
     "(EXCEPT ALL (UNION ALL (UNION (SELECT (TARGETS 1)) (SELECT (TARGETS 2))) (INTERSECT (SELECT "
     "(TARGETS 3)) (SELECT (TARGETS 4)))) (SELECT (TARGETS 5)) (ORDER BY 1) (LIMIT 2))"},
    {"VALUES (1, 'a'), (2, DEFAULT)", "(VALUES (1 'a') (2 DEFAULT))"},
    {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10), s AS "
     "MATERIALIZED (SELECT 2) SELECT * FROM r, s",
     "(SELECT (WITH RECURSIVE (r (n) (UNION ALL (SELECT (TARGETS 1)) (SELECT (TARGETS (+ n 1)) "
     "(FROM r) (WHERE (< n 10))))) (s MATERIALIZED (SELECT (TARGETS 2)))) (TARGETS *) (FROM r s))"},
    {"SELECT * FROM t FOR UPDATE; SELECT * FROM t FOR SHARE OF t NOWAIT; SELECT * FROM t FOR NO "
     "KEY UPDATE SKIP LOCKED",
     "(SELECT (TARGETS *) (FROM t) (FOR UPDATE)) ; (SELECT (TARGETS *) (FROM t) (FOR SHARE t "
     "NOWAIT)) ; (SELECT (TARGETS *) (FROM t) (FOR NO KEY UPDATE SKIP LOCKED))"},
    {"SELECT a OPERATOR(pg_catalog.+) b, |/ a, a || b, a ->> 'k', a @> b, a !~ 'x'",
     "(SELECT (TARGETS (OPERATOR(pg_catalog.+) a b) (|/ a) (|| a b) (->> a 'k') (@> a b) (!~ a "
     "'x')))"},
    {"SELECT * FROM t ORDER BY a USING <", "(SELECT (TARGETS *) (FROM t) (ORDER BY (a USING <)))"},
    {"SELECT f(VARIADIC a), percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t",
     "(SELECT (TARGETS (CALL f VARIADIC a) (CALL percentile_cont num:0.5 (WITHIN GROUP x))) (FROM "
     "t))"},
    {"SELECT LIMIT ALL", "(SELECT (LIMIT NULL))"},
    {"INSERT INTO t (a, b) VALUES (1, DEFAULT), ($1, 'x') RETURNING a, b AS bb",
     "(INSERT t (COLS a b) (VALUES (1 DEFAULT) ($1 'x')) (RETURNING a (bb b)))"},
    {"INSERT INTO s.t SELECT * FROM u ON CONFLICT (a) DO UPDATE SET b = excluded.b WHERE t.c > 0",
     "(INSERT s.t (SELECT (TARGETS *) (FROM u)) (ON CONFLICT (a) DO UPDATE (SET (b excluded.b)) "
     "(WHERE (> t.c 0))))"},
    {"INSERT INTO t DEFAULT VALUES ON CONFLICT ON CONSTRAINT pk DO NOTHING",
     "(INSERT t DEFAULT VALUES (ON CONFLICT (ON CONSTRAINT pk) DO NOTHING))"},
    {"INSERT INTO t AS x (a[1], b) OVERRIDING SYSTEM VALUE VALUES (1, 2)",
     "(INSERT (t AS x) (COLS (a [1]) b) OVERRIDING SYSTEM VALUE (VALUES (1 2)))"},
    {"UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;",
     "(UPDATE pgbench_accounts (SET (abalance (+ abalance $1))) (WHERE (= aid $2)))"},
    {"UPDATE t SET a = 1, (b, c) = (2, DEFAULT) FROM u WHERE t.id = u.id RETURNING *",
     "(UPDATE t (SET (a 1) (b 2) (c DEFAULT)) (FROM u) (WHERE (= t.id u.id)) (RETURNING *))"},
    {"UPDATE t SET a = 1 WHERE CURRENT OF c", "(UPDATE t (SET (a 1)) (WHERE CURRENT OF c))"},
    {"DELETE FROM t WHERE CURRENT OF \"My Cur\" RETURNING a",
     "(DELETE t (WHERE CURRENT OF My Cur) (RETURNING a))"},
    {"WITH x AS (DELETE FROM d RETURNING *) DELETE FROM t USING u, v WHERE t.a = u.a RETURNING t.a",
     "(DELETE (WITH (x (DELETE d (RETURNING *)))) t (USING u v) (WHERE (= t.a u.a)) (RETURNING "
     "t.a))"},
    {"CREATE TABLE IF NOT EXISTS s.t (id serial PRIMARY KEY, a int NOT NULL DEFAULT 0, b "
     "varchar(20) UNIQUE, c numeric(10,2)[] NULL CHECK (c IS NOT NULL), d bigint REFERENCES u (x) "
     "ON DELETE CASCADE, e int GENERATED ALWAYS AS IDENTITY, f text COLLATE \"C\", g int GENERATED "
     "BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 2), CONSTRAINT k UNIQUE (a, b), PRIMARY "
     "KEY (id), FOREIGN KEY (a) REFERENCES v, CHECK (a > 0)) WITH (fillfactor = 70)",
     "(CREATE TABLE IF NOT EXISTS s.t (COLUMN id serial (PRIMARY KEY)) (COLUMN a pg_catalog.int4 "
     "(NOT NULL) (DEFAULT 0)) (COLUMN b pg_catalog.varchar(20) (UNIQUE)) (COLUMN c "
     "pg_catalog.numeric(10,2)[] (NULL) (CHECK (IS NOT NULL c))) (COLUMN d pg_catalog.int8 "
     "(REFERENCES u (REFCOLS x) (MATCH s) (ON UPDATE a) (ON DELETE c))) (COLUMN e pg_catalog.int4 "
     "(IDENTITY ALWAYS)) (COLUMN f text (COLLATE C)) (COLUMN g pg_catalog.int4 (IDENTITY BY "
     "DEFAULT (OPTIONS (start 10) (increment 2)))) (UNIQUE (NAME k) (KEYS a b)) (PRIMARY KEY (KEYS "
     "id)) (REFERENCES (COLS a) v (MATCH s) (ON UPDATE a) (ON DELETE a)) (CHECK (> a 0)) (WITH "
     "(fillfactor 70)))"},
    {"CREATE TEMP TABLE tt (a int)", "(CREATE TABLE (TEMP tt) (COLUMN a pg_catalog.int4))"},
    {"DROP TABLE IF EXISTS a, s.b CASCADE; DROP INDEX i; DROP SEQUENCE q RESTRICT; DROP VIEW v; "
     "DROP SCHEMA IF EXISTS s CASCADE; DROP DATABASE IF EXISTS d; DROP ROLE IF EXISTS r1, r2; DROP "
     "USER u",
     "(DROP TABLE IF EXISTS a s.b CASCADE) ; (DROP INDEX i RESTRICT) ; (DROP SEQUENCE q RESTRICT) "
     "; (DROP VIEW v RESTRICT) ; (DROP SCHEMA IF EXISTS s CASCADE) ; (DROP DATABASE IF EXISTS d) ; "
     "(DROP ROLE IF EXISTS r1 r2) ; (DROP ROLE u)"},
    {"CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a DESC NULLS FIRST, lower(b), c text_pattern_ops) "
     "INCLUDE (d) WHERE a > 0",
     "(CREATE UNIQUE INDEX IF NOT EXISTS i ON t USING btree (a DESC NULLS FIRST) ((CALL lower b)) "
     "(c text_pattern_ops) (INCLUDE d) (WHERE (> a 0)))"},
    {"CREATE INDEX ON t USING hash (a)", "(CREATE INDEX - ON t USING hash (a))"},
    {"ALTER TABLE t ADD COLUMN x int NOT NULL, DROP COLUMN IF EXISTS y CASCADE, ADD CONSTRAINT c "
     "CHECK (x > 0), DROP CONSTRAINT d, ALTER COLUMN z SET DEFAULT 5, ALTER COLUMN z DROP DEFAULT, "
     "ALTER COLUMN w SET NOT NULL, ALTER COLUMN w DROP NOT NULL, ALTER COLUMN v TYPE bigint USING "
     "v::bigint",
     "(ALTER TABLE t (ADD (COLUMN x pg_catalog.int4 (NOT NULL))) (DROP COLUMN IF EXISTS y CASCADE) "
     "(ADD CONSTRAINT (CHECK (NAME c) (> x 0))) (DROP CONSTRAINT d RESTRICT) (SET DEFAULT z 5) "
     "(DROP DEFAULT z) (SET NOT NULL w) (DROP NOT NULL w) (TYPE v pg_catalog.int8 (USING (CAST v "
     "pg_catalog.int8))))"},
    {"ALTER TABLE t RENAME TO u; ALTER TABLE t RENAME COLUMN a TO b",
     "(RENAME TABLE t TO u) ; (RENAME COLUMN t a TO b)"},
    {"ALTER TABLE IF EXISTS s.t SET SCHEMA u; ALTER MATERIALIZED VIEW m SET SCHEMA u",
     "(SET SCHEMA TABLE IF EXISTS s.t TO u) ; (SET SCHEMA MATERIALIZED VIEW m TO u)"},
    {"TRUNCATE t, u RESTART IDENTITY CASCADE", "(TRUNCATE t u RESTART IDENTITY CASCADE)"},
    {"CREATE SEQUENCE IF NOT EXISTS s INCREMENT BY 2 START 10 MINVALUE 1 NO MAXVALUE CACHE 5 CYCLE "
     "OWNED BY t.a AS bigint",
     "(CREATE SEQUENCE IF NOT EXISTS s (OPTIONS (increment 2) (start 10) (minvalue 1) (maxvalue) "
     "(cache 5) (cycle TRUE) (owned_by (t a)) (as pg_catalog.int8)))"},
    {"ALTER SEQUENCE IF EXISTS s RESTART WITH 5 NO CYCLE OWNED BY NONE; ALTER SEQUENCE s RESTART",
     "(ALTER SEQUENCE IF EXISTS s (OPTIONS (restart 5) (cycle FALSE) (owned_by (none)))) ; "
     "(ALTER SEQUENCE s (OPTIONS (restart)))"},
    {"CREATE TABLE t (a int, LIKE s INCLUDING ALL EXCLUDING INDEXES, b int, LIKE u)",
     "(CREATE TABLE t (COLUMN a pg_catalog.int4) (COLUMN b pg_catalog.int4) (LIKE@1 s 2147483583) "
     "(LIKE@2 u 0))"},
    {"CREATE SCHEMA IF NOT EXISTS s AUTHORIZATION bob; CREATE DATABASE d WITH OWNER = bob ENCODING "
     "'UTF8'",
     "(CREATE SCHEMA IF NOT EXISTS s (AUTHORIZATION bob)) ; (CREATE DATABASE d (WITH (owner 'bob') "
     "(encoding 'UTF8')))"},
    {"CREATE ROLE r WITH LOGIN SUPERUSER PASSWORD 'pw'; CREATE USER u PASSWORD NULL; ALTER ROLE r "
     "NOLOGIN NOSUPERUSER; ALTER USER u WITH PASSWORD 'x'",
     "(CREATE ROLE r (OPTIONS (canlogin TRUE) (superuser TRUE) (password 'pw'))) ; (CREATE USER u "
     "(OPTIONS (password))) ; (ALTER ROLE r (OPTIONS (canlogin FALSE) (superuser FALSE))) ; (ALTER "
     "ROLE u (OPTIONS (password 'x')))"},
    {"BEGIN; BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY; START TRANSACTION READ WRITE, ISOLATION "
     "LEVEL REPEATABLE READ; COMMIT; END; ROLLBACK; ABORT; COMMIT AND CHAIN",
     "(BEGIN) ; (BEGIN (ISOLATION SERIALIZABLE) READ ONLY) ; (BEGIN (ISOLATION REPEATABLE READ) "
     "READ WRITE) ; (COMMIT) ; (COMMIT) ; (ROLLBACK) ; (ROLLBACK) ; (COMMIT AND CHAIN)"},
    {"SAVEPOINT s1; RELEASE SAVEPOINT s1; RELEASE s2; ROLLBACK TO SAVEPOINT s1; ROLLBACK TO s3",
     "(SAVEPOINT s1) ; (RELEASE s1) ; (RELEASE s2) ; (ROLLBACK TO s1) ; (ROLLBACK TO s3)"},
    {"SET x = 1; SET SESSION y TO 'a', 'b'; SET LOCAL z TO DEFAULT; SET TIME ZONE 'UTC'; SET "
     "search_path = a, b; RESET x; RESET ALL; SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET "
     "SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
     "(SET x 1) ; (SET y 'a' 'b') ; (SET LOCAL z DEFAULT) ; (SET timezone 'UTC') ; (SET "
     "search_path 'a' 'b') ; (RESET x) ; (RESET ALL) ; (SET TRANSACTION (ISOLATION READ "
     "COMMITTED)) ; (SET SESSION CHARACTERISTICS READ ONLY)"},
    {"SHOW x; SHOW ALL; SHOW TIME ZONE; SHOW TRANSACTION ISOLATION LEVEL",
     "(SHOW x) ; (SHOW all) ; (SHOW timezone) ; (SHOW transaction_isolation)"},
    {"EXPLAIN SELECT 1; EXPLAIN ANALYZE SELECT 1; EXPLAIN (ANALYZE, COSTS off, FORMAT json) UPDATE "
     "t SET a = 1",
     "(EXPLAIN (SELECT (TARGETS 1))) ; (EXPLAIN ANALYZE (OPTIONS (analyze)) (SELECT (TARGETS 1))) "
     "; (EXPLAIN ANALYZE (OPTIONS (analyze) (costs 'off') (format 'json')) (UPDATE t (SET (a "
     "1))))"},
    {"COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ','); COPY t TO STDOUT; "
     "COPY (SELECT 1) TO STDOUT (FORMAT binary); COPY t FROM '/tmp/x'",
     "(COPY t (COLS a b) FROM STDIN (WITH (format 'csv') (header 'true') (delimiter ','))) ; (COPY "
     "t TO STDOUT) ; (COPY (SELECT (TARGETS 1)) TO STDOUT (WITH (format 'binary'))) ; (COPY t FROM "
     "'/tmp/x')"},
    {"VACUUM; VACUUM (VERBOSE, ANALYZE) t (a, b); ANALYZE; ANALYZE t, u",
     "(VACUUM) ; (VACUUM (OPTIONS (verbose) (analyze)) t (COLS a b)) ; (ANALYZE) ; (ANALYZE t u)"},
    {"PREPARE p (int, text) AS SELECT $1, $2; EXECUTE p (1, 'x'); DEALLOCATE p; DEALLOCATE ALL; "
     "DISCARD ALL; DISCARD PLANS",
     "(PREPARE p (TYPES pg_catalog.int4 text) (SELECT (TARGETS $1 $2))) ; (EXECUTE p 1 'x') ; "
     "(DEALLOCATE p) ; (DEALLOCATE ALL) ; (DISCARD ALL) ; (DISCARD PLANS)"},
    {"CREATE OR REPLACE VIEW v (a, b) AS SELECT 1, 2 WITH LOCAL CHECK OPTION; CREATE VIEW w AS "
     "VALUES (1)",
     "(CREATE OR REPLACE VIEW v (COLS a b) (SELECT (TARGETS 1 2)) LOCAL CHECK OPTION) ; (CREATE "
     "VIEW w (VALUES (1)))"},
    {"SELECT a INTO b FROM t; CREATE TABLE c (x) AS SELECT 1 WITH NO DATA",
     "(CREATE TABLE AS b (SELECT (TARGETS a) (FROM t))) ; (CREATE TABLE AS c (COLS x) (SELECT "
     "(TARGETS 1)) WITH NO DATA)"},
    {"COMMENT ON TABLE t IS 'x'; COMMENT ON COLUMN s.t.c IS NULL; COMMENT ON SCHEMA s IS 'y'",
     "(COMMENT ON TABLE t 'x') ; (COMMENT ON COLUMN s.t.c NULL) ; (COMMENT ON SCHEMA s 'y')"},
    {"CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql", "(FUNCTION-DDL c)"},
    {"DROP FUNCTION f, g(int)", "(FUNCTION-DDL d)"},
    {"ALTER FUNCTION f(int) STABLE", "(FUNCTION-DDL a)"},
    {"CREATE ROLE r IN ROLE a, b ADMIN c ROLE d",
     "(CREATE ROLE r (OPTIONS (addroleto (a b)) (adminmembers (c)) (rolemembers (d))))"},
};

static const struct pcase cases_err[] = {
    {"SELECT 1 +", "ERROR 42601: syntax error at end of input @11"},
    {"SELEC 1", "ERROR 42601: syntax error at or near \"SELEC\" @1"},
    {"SELECT 'é' + ;", "ERROR 42601: syntax error at or near \";\" @14"},
    {"SELECT 'abc", "ERROR 42601: unterminated quoted string at or near \"'abc\" @8"},
    {"SELECT * FROM t WHERE", "ERROR 42601: syntax error at end of input @22"},
    {"CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
     "ERROR 0A000: feature not supported: CREATE CONSTRAINT TRIGGER @0"},
    {"SELECT xmlelement(name foo)", "ERROR 0A000: feature not supported: XMLELEMENT @0"},
    {"ALTER ROUTINE p() RENAME TO q",
     "ERROR 0A000: feature not supported: ALTER ROUTINE ... RENAME @0"},
    {"SELECT f(a => 1, 2)", "ERROR 42601: positional argument cannot follow named argument @0"},
    {"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC DELETE FROM t; END",
     "ERROR 0A000: feature not supported: statements other than SELECT and RETURN in BEGIN "
     "ATOMIC bodies @0"},
    {"MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE",
     "ERROR 0A000: feature not supported: MERGE @0"},
    {"CREATE EXTENSION foo", "ERROR 0A000: feature not supported: CREATE EXTENSION @0"},
    {"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob",
     "ERROR 0A000: feature not supported: ALTER DEFAULT PRIVILEGES @0"},
    {"LOAD 'x'", "ERROR 0A000: feature not supported: LOAD @0"},
    {"SELECT * FROM t TABLESAMPLE SYSTEM (10)",
     "ERROR 0A000: feature not supported: TABLESAMPLE @0"},
    {"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1' SET search_path = x",
     "ERROR 0A000: feature not supported: SET clauses of CREATE FUNCTION @0"},
};

Test(parse, statements_and_expressions)
{
    for (size_t i = 0; i < sizeof(cases_ok) / sizeof(cases_ok[0]); i++)
        check(&cases_ok[i]);
}

Test(parse, errors_and_unsupported)
{
    for (size_t i = 0; i < sizeof(cases_err) / sizeof(cases_err[0]); i++)
        check(&cases_err[i]);
    static const struct pcase more[] = {
        {"SELECT * FROM t FETCH FIRST 3 ROWS WITH TIES",
         "ERROR 42601: WITH TIES cannot be specified without ORDER BY clause @0"},
        {"SELECT 1;\nSELECT (2", "ERROR 42601: syntax error at end of input @20"},
        {"SELECT 'ü', 'ö' + FROM t", "ERROR 42601: syntax error at or near \"FROM\" @19"},
        {"CREATE TABLE t (a int) INHERITS (u)", "ERROR 0A000: feature not supported: INHERITS @0"},
        {"ALTER TABLE t OF tt", "ERROR 0A000: feature not supported: ALTER TABLE ... OF @0"},
        {"CREATE MATERIALIZED VIEW m WITH (fillfactor = 50) AS SELECT 1",
         "ERROR 0A000: feature not supported: CREATE MATERIALIZED VIEW with options @0"},
        {"CREATE TRANSFORM FOR int LANGUAGE plpgsql (FROM SQL WITH FUNCTION f(internal))",
         "ERROR 0A000: feature not supported: CREATE TRANSFORM @0"},
        {"ALTER MATERIALIZED VIEW m SET (fillfactor = 1)",
         "ERROR 0A000: feature not supported: this form of ALTER MATERIALIZED VIEW @0"},
    };
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
        check(&more[i]);
}

Test(parse, empty_and_multi_statement_spans)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    struct sql_parse_result r;
    struct err e = {0};
    const char *sql = "SELECT 1; INSERT INTO t VALUES (';') ;\n -- c\n  update t set a = 2";
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, ctx, &r, &e), 0);
    cr_assert_eq(r.n, 3);
    cr_expect_eq(r.stmts[0]->kind, SQL_STMT_SELECT);
    cr_expect_eq(r.stmts[1]->kind, SQL_STMT_INSERT);
    cr_expect_eq(r.stmts[2]->kind, SQL_STMT_UPDATE);
    const char *want[] = {"SELECT 1", " INSERT INTO t VALUES (';') ",
                          "\n -- c\n  update t set a = 2"};
    for (int i = 0; i < 3; i++) {
        char span[128];
        snprintf(span, sizeof(span), "%.*s", r.stmts[i]->len, sql + r.stmts[i]->location);
        cr_expect_str_eq(span, want[i]);
    }
    cr_assert_eq(sql_parse("", 0, NULL, ctx, &r, &e), 0);
    cr_expect_eq(r.n, 0);
    cr_assert_eq(sql_parse(" ; ;-- x", 8, NULL, ctx, &r, &e), 0);
    cr_expect_eq(r.n, 0);
    mem_ctx_free(ctx);
}

Test(parse, pgbench_update_tree)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    struct sql_parse_result r;
    struct err e = {0};
    const char *sql = "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;";
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, ctx, &r, &e), 0);
    cr_assert_eq(r.n, 1);
    const struct sql_stmt *s = r.stmts[0];
    cr_assert_eq(s->kind, SQL_STMT_UPDATE);
    cr_expect_str_eq(s->u.update.table->name.name, "pgbench_accounts");
    cr_assert_eq(s->u.update.set.n, 1);
    const struct sql_target *t = s->u.update.set.items[0];
    cr_expect_str_eq(t->name, "abalance");
    cr_assert_eq(t->val->kind, SQL_EXPR_OP);
    cr_expect_str_eq(t->val->u.op.name, "+");
    cr_expect_eq(t->val->u.op.r->kind, SQL_EXPR_PARAM);
    cr_expect_eq(t->val->u.op.r->u.param, 1);
    cr_expect_eq(t->val->location, 48);
    cr_assert_eq(s->u.update.where->kind, SQL_EXPR_OP);
    cr_expect_eq(s->u.update.where->u.op.r->u.param, 2);
    mem_ctx_free(ctx);
}

static char *repeat_expr(const char *head, const char *unit, const char *last, int n)
{
    size_t len = strlen(head) + strlen(unit) * (size_t)n + strlen(last) + 1;
    char *s = malloc(len);
    strcpy(s, head);
    char *p = s + strlen(s);
    for (int i = 0; i < n; i++) {
        memcpy(p, unit, strlen(unit));
        p += strlen(unit);
    }
    strcpy(p, last);
    return s;
}

Test(parse, depth_limit)
{
    struct sql_parse_opts opts = {.max_len = 0, .max_depth = 100};
    /* 1+1+...+1 nests to the left: 99 levels fit, 200 do not. */
    char *ok = repeat_expr("SELECT 1", "+1", "", 90);
    char *got = run(ok, &opts);
    cr_expect(strncmp(got, "(SELECT (TARGETS (+ (+", 22) == 0, "%s", got);
    xfree(got);
    free(ok);
    char *deep = repeat_expr("SELECT 1", "+1", "", 200);
    got = run(deep, &opts);
    cr_expect_str_eq(got, "ERROR 54001: stack depth limit exceeded @0");
    xfree(got);
    free(deep);
    /* Past libpg_query's own stack needs (about 30,000 levels overflow an
     * 8 MB stack there): the parse runs on a sized helper thread. */
    deep = repeat_expr("SELECT 1", "+1", "", 100000);
    got = run(deep, NULL);
    cr_expect_str_eq(got, "ERROR 54001: stack depth limit exceeded @0");
    xfree(got);
    free(deep);
    /* Nested subqueries and function calls count too. */
    deep = repeat_expr("SELECT ", "f(", "1", 300);
    got = run(deep, &opts);
    cr_expect(strstr(got, "ERROR") == got, "%s", got);
    xfree(got);
    free(deep);
    /* Many shallow rows: no depth error. */
    char *rows = repeat_expr("INSERT INTO t VALUES (0)", ",(1)", "", 5000);
    got = run(rows, NULL);
    cr_expect(strncmp(got, "(INSERT t (VALUES (0) (1) (1)", 29) == 0, "%.60s", got);
    xfree(got);
    free(rows);
}

Test(parse, length_limit_and_nul)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    struct sql_parse_result r;
    struct err e = {0};
    struct sql_parse_opts opts = {.max_len = 8, .max_depth = 0};
    cr_expect_eq(sql_parse("SELECT 1", 8, &opts, ctx, &r, &e), 0);
    cr_expect_eq(sql_parse("SELECT 12", 9, &opts, ctx, &r, &e), ERR_LIMIT);
    cr_expect_str_eq(err_sqlstate(&e), "54000");
    const char nul[] = "SELECT\0 1";
    cr_expect_eq(sql_parse(nul, sizeof(nul) - 1, NULL, ctx, &r, &e), ERR_INVAL);
    cr_expect_str_eq(err_sqlstate(&e), "22021");
    mem_ctx_free(ctx);
}
