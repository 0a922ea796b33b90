-- CREATE FUNCTION ... LANGUAGE sql: definitions, calls, errors, catalog.
CREATE TABLE sf_items (id int PRIMARY KEY, name text, qty int);
INSERT INTO sf_items VALUES (1, 'apple', 10), (2, 'pear', 0), (3, 'plum', 7);

-- scalar functions: $n and argument names, options
CREATE FUNCTION sf_add(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
CREATE FUNCTION sf_mul(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT a * b $$;
CREATE FUNCTION sf_qual(a int) RETURNS int LANGUAGE sql AS 'SELECT sf_qual.a + 1';
SELECT sf_add(1, 2), sf_mul(3, 4), sf_mul(NULL, 4), sf_qual(9);
SELECT id, sf_mul(id, qty) FROM sf_items ORDER BY id;
SELECT sf_add(2, '40');
SELECT sf_add(1.5, 2);
CREATE FUNCTION sf_lookup(int) RETURNS text LANGUAGE sql STABLE
    AS 'SELECT name FROM sf_items WHERE id = $1';
SELECT sf_lookup(3), sf_lookup(99) IS NULL AS missing;
SELECT name FROM sf_items WHERE sf_lookup(id) LIKE 'p%' ORDER BY 1;
-- a column of the query wins over an argument of the same name
CREATE FUNCTION sf_shadow(id int) RETURNS bigint LANGUAGE sql
    AS 'SELECT count(*) FROM sf_items WHERE id > 1';
SELECT sf_shadow(100);

-- DEFAULT values, SQL-standard body
CREATE FUNCTION sf_def(a int, b int DEFAULT 10, c int DEFAULT 100) RETURNS int
    LANGUAGE sql AS 'SELECT a + b + c';
SELECT sf_def(1), sf_def(1, 2), sf_def(1, 2, 3);
CREATE FUNCTION sf_std(x int) RETURNS int RETURN x * 2;
SELECT sf_std(21);

-- composite results: a table's row type, OUT parameters, TABLE
CREATE FUNCTION sf_item(int) RETURNS sf_items LANGUAGE sql
    AS 'SELECT * FROM sf_items WHERE id = $1';
SELECT sf_item(1);
SELECT (sf_item(3)).name;
SELECT * FROM sf_item(2);
SELECT * FROM sf_item(42);
CREATE FUNCTION sf_split(x int, OUT half int, OUT rest int) LANGUAGE sql
    AS 'SELECT x / 2, x % 2';
SELECT * FROM sf_split(7);
SELECT sf_split(9);
SELECT h.half FROM sf_split(11) AS h;

-- set-returning functions: in FROM (with ORDINALITY, LATERAL) and the select list
CREATE FUNCTION sf_all() RETURNS SETOF sf_items LANGUAGE sql
    AS 'SELECT * FROM sf_items ORDER BY id';
SELECT * FROM sf_all();
SELECT name FROM sf_all() WHERE qty > 0;
CREATE FUNCTION sf_names() RETURNS SETOF text LANGUAGE sql
    AS 'SELECT name FROM sf_items ORDER BY id';
SELECT sf_names();
SELECT * FROM sf_names() WITH ORDINALITY AS t(n, o);
CREATE FUNCTION sf_upto(n int) RETURNS TABLE (i int, sq int) LANGUAGE sql
    AS 'SELECT g, g * g FROM generate_series(1, n) g';
SELECT * FROM sf_upto(3);
SELECT s.id, u.sq FROM sf_items s, sf_upto(s.id) u ORDER BY 1, 2;
SELECT id, sf_upto(id) FROM sf_items ORDER BY 1, 2;
SELECT * FROM sf_items WHERE qty IN (SELECT sq FROM sf_upto(id)) ORDER BY id;

-- bodies with several statements and data-modifying statements
CREATE FUNCTION sf_restock(n int) RETURNS int LANGUAGE sql AS $$
    UPDATE sf_items SET qty = qty + n WHERE qty = 0;
    SELECT sum(qty)::int FROM sf_items;
$$;
SELECT sf_restock(5);
CREATE FUNCTION sf_new(i int, n text) RETURNS int LANGUAGE sql
    AS 'INSERT INTO sf_items VALUES (i, n, 1) RETURNING id * 10';
SELECT sf_new(4, 'fig');
CREATE FUNCTION sf_forget(i int) RETURNS void LANGUAGE sql
    AS 'DELETE FROM sf_items WHERE id = i';
SELECT sf_forget(4);
SELECT * FROM sf_items ORDER BY id;

-- overloading, OR REPLACE, recursion
CREATE FUNCTION sf_over(int) RETURNS text LANGUAGE sql AS 'SELECT ''int''';
CREATE FUNCTION sf_over(text) RETURNS text LANGUAGE sql AS 'SELECT ''text''';
SELECT sf_over(1), sf_over('a'::text), sf_over(1::bigint);
SELECT sf_over('a');
CREATE FUNCTION sf_fact(n int) RETURNS numeric LANGUAGE sql AS 'SELECT 1::numeric';
CREATE OR REPLACE FUNCTION sf_fact(n int) RETURNS numeric LANGUAGE sql
    AS 'SELECT CASE WHEN n <= 1 THEN 1 ELSE n * sf_fact(n - 1) END';
SELECT sf_fact(20);
-- a body may call its own function directly (stored before it is checked)
CREATE FUNCTION sf_rec(n int) RETURNS int LANGUAGE sql
    AS 'SELECT CASE WHEN n <= 0 THEN 0 ELSE sf_rec(n - 1) + 2 END';
SELECT sf_rec(10);
CREATE FUNCTION sf_atomic(a int, b int DEFAULT 5) RETURNS int LANGUAGE sql
BEGIN ATOMIC
    SELECT 1;
    SELECT a * b;
END;
SELECT sf_atomic(2), sf_atomic(2, 3);
CREATE FUNCTION sf_loop(n int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION sf_loop(n int) RETURNS int LANGUAGE sql AS 'SELECT sf_loop(n + 1)';
\set VERBOSITY terse
SELECT sf_loop(1);
\set VERBOSITY default
SELECT 'still alive' AS after_recursion;

-- errors at CREATE
CREATE FUNCTION sf_bad1() RETURNS int LANGUAGE sql AS 'SELECT ''x''::text';
CREATE FUNCTION sf_bad2() RETURNS int LANGUAGE sql AS 'SELECT 1, 2';
CREATE FUNCTION sf_bad3() RETURNS int LANGUAGE sql AS 'DELETE FROM sf_items WHERE false';
CREATE FUNCTION sf_bad4() RETURNS sf_items LANGUAGE sql AS 'SELECT 1, ''a''';
CREATE FUNCTION sf_bad5() RETURNS int LANGUAGE sql AS 'SELECT nosuch FROM sf_items';
CREATE FUNCTION sf_bad6(a int DEFAULT 1, b int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION sf_bad7(a int, a int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION sf_bad8(OUT a int) RETURNS text LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION sf_bad9() RETURNS int AS 'SELECT 1';
CREATE FUNCTION sf_bad10() RETURNS int LANGUAGE nosuchlang AS 'SELECT 1';
CREATE FUNCTION sf_bad11() RETURNS int LANGUAGE sql AS 'SELECT $2';
CREATE FUNCTION sf_add(int, int) RETURNS int LANGUAGE sql AS 'SELECT 0';
CREATE OR REPLACE FUNCTION sf_add(int, int) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
CREATE OR REPLACE FUNCTION sf_mul(x int, b int) RETURNS int LANGUAGE sql AS 'SELECT x';
SET check_function_bodies = off;
CREATE FUNCTION sf_later() RETURNS int LANGUAGE sql AS 'SELECT count(*)::int FROM sf_later_t';
RESET check_function_bodies;
CREATE TABLE sf_later_t (x int);
SELECT sf_later();

-- errors at calls
SELECT sf_add(1);
SELECT sf_nosuch(1);
SELECT * FROM sf_items WHERE sf_all() IS NULL;

-- catalog: pg_proc, \df, pg_get_functiondef
SELECT proname, prorettype::regtype, pronargs, pronargdefaults, proretset, provolatile,
       proisstrict
  FROM pg_proc WHERE proname LIKE 'sf\_%' ORDER BY proname, pronargs;
SELECT pg_get_function_arguments('sf_def'::regproc),
       pg_get_function_result('sf_upto'::regproc),
       pg_get_function_identity_arguments('sf_split'::regproc);
SELECT pg_get_functiondef('sf_mul'::regproc);
\df sf_s*

-- ALTER FUNCTION
ALTER FUNCTION sf_lookup(int) IMMUTABLE;
ALTER FUNCTION sf_add(int, int) RENAME TO sf_plus;
SELECT sf_plus(2, 3);
SELECT proname, provolatile FROM pg_proc WHERE proname IN ('sf_lookup', 'sf_plus') ORDER BY 1;

-- transactional DDL
BEGIN;
CREATE FUNCTION sf_tx() RETURNS int LANGUAGE sql AS 'SELECT 7';
SELECT sf_tx();
ROLLBACK;
SELECT sf_tx();

-- DROP FUNCTION
DROP FUNCTION sf_over;
DROP FUNCTION sf_over(int);
DROP FUNCTION sf_over;
DROP FUNCTION IF EXISTS sf_over(int), sf_nosuch;
DROP FUNCTION sf_nosuch(int);
DROP FUNCTION sf_plus(int, int), sf_mul;
SELECT sf_mul(1, 2);
