-- ANALYZE statistics (pg_stats, pg_class.reltuples) and plans that use them
CREATE TABLE st (id int PRIMARY KEY, a int, b text, c float8, d bool, e numeric, f date,
                 g varchar(20), h int);
INSERT INTO st SELECT i, i % 7, 'x' || (i % 3), i * 1.5, i % 2 = 0, i / 4.0,
       date '2020-01-01' + i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'g' || (i % 11) END,
       CASE WHEN i <= 300 THEN 1 ELSE i END
  FROM generate_series(1, 500) i;
INSERT INTO st (id) VALUES (501), (502);
SELECT attname FROM pg_stats WHERE tablename = 'st';
SELECT reltuples FROM pg_class WHERE relname = 'st';
ANALYZE st;
SELECT reltuples FROM pg_class WHERE relname = 'st';
SELECT attname, inherited, null_frac, avg_width, n_distinct, most_common_vals,
       most_common_freqs, histogram_bounds, correlation
  FROM pg_stats WHERE schemaname = 'public' AND tablename = 'st' ORDER BY attname;
-- other types (json has no ordering: only null_frac and avg_width)
CREATE TABLE ty (a int[], j jsonb, js json, u uuid, t timestamptz, iv interval, bp char(5),
                 ba bytea);
INSERT INTO ty SELECT ARRAY[i % 3, i % 2], ('{"a":' || (i % 4) || '}')::jsonb, '{"b":1}',
       ('00000000-0000-0000-0000-0000000000' || lpad((i % 20)::text, 2, '0'))::uuid,
       timestamptz '2020-01-01' + i * interval '1 hour', (i % 5) * interval '1 day',
       'b' || (i % 3), ('\x' || lpad(to_hex(i % 6), 2, '0'))::bytea
  FROM generate_series(1, 300) i;
ANALYZE ty;
SELECT attname, null_frac, CASE WHEN attname IN ('a', 'j') THEN NULL ELSE avg_width END AS w,
       n_distinct, most_common_vals, most_common_freqs, histogram_bounds, correlation
  FROM pg_stats WHERE tablename = 'ty' ORDER BY attname;
SELECT count(*) FROM ty WHERE j = '{"a":1}' AND a = ARRAY[1, 1];
DROP TABLE ty;
-- a column list analyzes only those columns
CREATE TABLE st2 (x int, y text, z int);
INSERT INTO st2 SELECT i % 4, 'y' || i, 500 - i FROM generate_series(1, 200) i;
ANALYZE st2 (y, x);
SELECT attname, null_frac, n_distinct, most_common_vals, histogram_bounds IS NULL AS nohist,
       correlation FROM pg_stats WHERE tablename = 'st2' ORDER BY attname;
ANALYZE st2 (z);
SELECT attname, n_distinct, correlation FROM pg_stats WHERE tablename = 'st2' ORDER BY attname;
-- errors
ANALYZE st2 (nosuch);
ANALYZE st2 (x, x);
ANALYZE nosuch_table;
-- VERBOSE: PostgreSQL's INFO messages
CREATE TABLE vv (a int, b text);
INSERT INTO vv SELECT i, 'x' FROM generate_series(1, 10) i;
ANALYZE VERBOSE vv;
ANALYZE (VERBOSE false) vv;
CREATE TABLE ve (a int);
ANALYZE (VERBOSE) ve;
DROP TABLE vv, ve;
-- VACUUM ANALYZE and ANALYZE of several tables
VACUUM ANALYZE st2;
ANALYZE st, st2;
SELECT tablename, count(*) FROM pg_stats WHERE tablename IN ('st', 'st2')
  GROUP BY tablename ORDER BY tablename;
-- ANALYZE in a rolled back transaction leaves nothing
CREATE TABLE st3 (v int);
INSERT INTO st3 SELECT i FROM generate_series(1, 10) i;
BEGIN;
ANALYZE st3;
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'st3';
ROLLBACK;
SELECT count(*) FROM pg_stats WHERE tablename = 'st3';
-- an empty table: no column statistics, zero rows
CREATE TABLE st_empty (v int, w text);
ANALYZE st_empty;
SELECT count(*) FROM pg_stats WHERE tablename = 'st_empty';
SELECT reltuples FROM pg_class WHERE relname = 'st_empty';
-- all NULL column
CREATE TABLE st_null (v int, w text);
INSERT INTO st_null SELECT NULL, NULL FROM generate_series(1, 20);
ANALYZE st_null;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals, correlation
  FROM pg_stats WHERE tablename = 'st_null' ORDER BY attname;
-- DDL after ANALYZE
ALTER TABLE st2 DROP COLUMN y;
SELECT attname FROM pg_stats WHERE tablename = 'st2' ORDER BY attname;
ALTER TABLE st2 ALTER COLUMN z TYPE bigint;
SELECT attname FROM pg_stats WHERE tablename = 'st2' ORDER BY attname;
SELECT sum(z), count(*) FROM st2 WHERE x = 1;
DROP TABLE st3;
CREATE TABLE st3 (v int);
SELECT count(*) FROM pg_stats WHERE tablename = 'st3';
-- a table larger than the sample
CREATE TABLE st_big (id int, grp int, nn int);
INSERT INTO st_big SELECT i, i % 3, 1 FROM generate_series(1, 40000) i;
ANALYZE st_big;
SELECT reltuples FROM pg_class WHERE relname = 'st_big';
SELECT attname, null_frac, avg_width, n_distinct, array_length(most_common_freqs::real[], 1)
  FROM pg_stats WHERE tablename = 'st_big' AND attname <> 'id' ORDER BY attname;
SELECT null_frac, avg_width, n_distinct FROM pg_stats WHERE tablename = 'st_big' AND attname = 'id';
-- joins over analyzed tables: the planner may reorder them, results stay the same
CREATE TABLE j_big (id int PRIMARY KEY, k int, v text);
CREATE TABLE j_small (id int PRIMARY KEY, name text);
CREATE TABLE j_mid (id int PRIMARY KEY, big_id int, s int);
CREATE INDEX j_big_k ON j_big (k);
INSERT INTO j_big SELECT i, i % 100, 'v' || i FROM generate_series(1, 20000) i;
INSERT INTO j_small SELECT i, 'n' || i FROM generate_series(1, 50) i;
INSERT INTO j_mid SELECT i, i * 3, i % 50 + 1 FROM generate_series(1, 2000) i;
ANALYZE j_big;
ANALYZE j_small;
ANALYZE j_mid;
SELECT count(*), sum(b.id), sum(m.id), sum(s.id)
  FROM j_big b, j_mid m, j_small s
 WHERE b.id = m.big_id AND m.s = s.id AND s.name LIKE 'n1%';
SELECT * FROM j_big b JOIN j_mid m ON b.id = m.big_id JOIN j_small s ON s.id = m.s
 WHERE s.id = 7 ORDER BY b.id LIMIT 5;
SELECT * FROM j_small s, j_mid m, j_big b
 WHERE b.id = m.big_id AND m.s = s.id AND b.k < 3 ORDER BY 1, 3 LIMIT 5;
SELECT count(*) FROM j_big b, j_mid m, j_small s
 WHERE b.k = m.s AND m.s = s.id AND b.id < m.id + 100;
SELECT s.name, count(m.id) FROM j_small s LEFT JOIN j_mid m ON m.s = s.id AND m.id < 60
  JOIN j_big b ON b.id = s.id GROUP BY s.name ORDER BY s.name LIMIT 5;
-- plans PostgreSQL chooses too: hash the smaller input, full scans when most rows qualify
EXPLAIN (COSTS OFF) SELECT count(*) FROM j_big b JOIN j_small s ON b.k = s.id;
EXPLAIN (COSTS OFF) SELECT count(*) FROM j_small s JOIN j_big b ON b.k = s.id;
EXPLAIN (COSTS OFF) SELECT * FROM j_big WHERE k < 90;
EXPLAIN (COSTS OFF) SELECT * FROM j_big WHERE id > 100;
EXPLAIN (COSTS OFF) SELECT * FROM j_big WHERE id = 100;
SELECT count(*) FROM j_big b JOIN j_small s ON b.k = s.id;
-- TRUNCATE: statistics stay, the row count is reset
TRUNCATE st2;
SELECT reltuples FROM pg_class WHERE relname = 'st2';
SELECT count(*) FROM st2 WHERE x = 1;
DROP TABLE st, st2, st3, st_empty, st_null, st_big, j_big, j_small, j_mid;
SELECT count(*) FROM pg_stats WHERE schemaname = 'public';
