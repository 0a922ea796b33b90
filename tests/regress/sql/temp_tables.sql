-- temp_tables: CREATE TEMP TABLE, shadowing, ON COMMIT, CREATE TEMP TABLE AS, pg_class.
CREATE TABLE tt (a int);
INSERT INTO tt VALUES (100);
CREATE TEMP TABLE tt (a int, b serial);
INSERT INTO tt (a) VALUES (1), (2);
-- the temp table shadows the permanent one
SELECT * FROM tt ORDER BY a;
SELECT * FROM public.tt;
SELECT * FROM pg_temp.tt ORDER BY a;
SELECT relname, relpersistence, relkind FROM pg_class
 WHERE relname IN ('tt', 'tt_b_seq', 'tt_a') ORDER BY 1, 2;
SELECT n.nspname LIKE 'pg_temp_%' AS is_temp, c.relpersistence
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relname = 'tt' ORDER BY 1;
CREATE INDEX tt_a ON tt (a);
SELECT relpersistence FROM pg_class WHERE relname = 'tt_a';
SELECT a FROM tt WHERE a = 2;
SELECT pg_table_is_visible('tt'::regclass);
SELECT column_name, column_default FROM information_schema.columns
 WHERE table_name = 'tt' AND table_schema LIKE 'pg_temp%' ORDER BY ordinal_position;
CREATE TEMP TABLE IF NOT EXISTS tt (x int);
CREATE TEMP TABLE tt (x int);
-- ON COMMIT DELETE ROWS
CREATE TEMPORARY TABLE t2 (a int) ON COMMIT DELETE ROWS;
BEGIN;
INSERT INTO t2 VALUES (1), (2);
SELECT count(*) FROM t2;
COMMIT;
SELECT count(*) FROM t2;
INSERT INTO t2 VALUES (3);
SELECT count(*) FROM t2;
-- ON COMMIT DROP
BEGIN;
CREATE TEMP TABLE t3 (a int) ON COMMIT DROP;
INSERT INTO t3 VALUES (1);
SELECT * FROM t3;
COMMIT;
SELECT * FROM t3;
CREATE TEMP TABLE t3b (a int) ON COMMIT DROP;
SELECT * FROM t3b;
-- rolled back
BEGIN;
CREATE TEMP TABLE t3c (a int);
ROLLBACK;
SELECT * FROM t3c;
-- ON COMMIT PRESERVE ROWS
CREATE TEMP TABLE t7 (a int) ON COMMIT PRESERVE ROWS;
INSERT INTO t7 VALUES (7);
SELECT * FROM t7;
-- errors
CREATE TABLE t4 (a int) ON COMMIT DROP;
CREATE TEMP TABLE public.t5 (a int);
CREATE UNLOGGED TABLE pg_temp.t9 (a int);
-- CREATE TEMP TABLE AS
CREATE TEMP TABLE t6 AS SELECT 1 AS x, 'a'::text AS y;
SELECT * FROM t6;
SELECT relpersistence FROM pg_class WHERE relname = 't6';
CREATE TEMP TABLE t6b AS SELECT * FROM t6 WITH NO DATA;
SELECT count(*) FROM t6b;
-- pg_temp as a schema name
CREATE TABLE pg_temp.t8 (a int PRIMARY KEY);
INSERT INTO pg_temp.t8 VALUES (1);
INSERT INTO t8 VALUES (1);
SELECT relpersistence FROM pg_class WHERE relname IN ('t8', 't8_pkey') ORDER BY 1;
-- UPDATE / DELETE on temp tables
UPDATE tt SET a = a + 10 WHERE a = 1;
DELETE FROM tt WHERE a = 2;
SELECT * FROM tt ORDER BY a;
-- dropping the temp table uncovers the permanent one
DROP TABLE tt;
SELECT * FROM tt;
DROP TABLE tt;
SELECT * FROM tt;
DROP TABLE t2, t6, t6b, t7, t8;
