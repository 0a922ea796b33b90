-- merge_join: Merge Join (inner, left, right, full) on sorted or index-ordered
-- inputs, and the enable_* planner settings. Plan shapes are forced as
-- PostgreSQL's own regression tests force them (enable_hashjoin and
-- enable_nestloop off); EXPLAIN output is shown only where the shape is
-- PostgreSQL's.
CREATE TABLE mj_a (id int, k int, t text, n numeric);
CREATE TABLE mj_b (id int, k int, t text, n numeric);
INSERT INTO mj_a VALUES (1, 1, 'a', 1.0), (2, 2, 'b', 2.50), (3, 2, 'b', 2.5), (4, NULL, NULL, NULL),
  (5, 5, 'e', 5), (6, 7, 'g', 7), (7, 2, 'B', 2.500);
INSERT INTO mj_b VALUES (10, 2, 'b', 2.5), (11, 2, 'b', 2.5), (12, 3, 'c', 3), (13, NULL, NULL, NULL),
  (14, 5, 'e', 5.0), (15, 8, 'h', 8), (16, NULL, 'x', NULL), (17, 1, 'a', 1);

-- the settings
SHOW enable_mergejoin;
SHOW enable_sort;
SHOW enable_hashagg;
SHOW enable_material;
SHOW enable_indexonlyscan;
SELECT name, setting, short_desc FROM pg_settings
 WHERE name IN ('enable_bitmapscan', 'enable_hashagg', 'enable_hashjoin', 'enable_indexonlyscan',
                'enable_indexscan', 'enable_material', 'enable_mergejoin', 'enable_nestloop',
                'enable_seqscan', 'enable_sort')
 ORDER BY 1;

SET enable_hashjoin = off;
SET enable_nestloop = off;

-- inner: duplicates on both sides, NULL keys never match
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a JOIN mj_b b ON a.k = b.k;
SELECT a.id, b.id FROM mj_a a JOIN mj_b b ON a.k = b.k ORDER BY 1, 2;
-- left: unmatched and NULL-keyed outer rows null-extended
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a LEFT JOIN mj_b b ON a.k = b.k;
SELECT a.id, b.id FROM mj_a a LEFT JOIN mj_b b ON a.k = b.k ORDER BY 1, 2;
-- right
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a RIGHT JOIN mj_b b ON a.k = b.k;
SELECT a.id, b.id FROM mj_a a RIGHT JOIN mj_b b ON a.k = b.k ORDER BY 1, 2;
-- full
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a FULL JOIN mj_b b ON a.k = b.k;
SELECT a.id, b.id FROM mj_a a FULL JOIN mj_b b ON a.k = b.k ORDER BY 1, 2;
-- full with a condition that is not merge-joinable: a hash join after all
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a FULL JOIN mj_b b ON a.k = b.k AND a.id < b.id - 8;
SELECT a.id, b.id FROM mj_a a FULL JOIN mj_b b ON a.k = b.k AND a.id < b.id - 8 ORDER BY 1, 2;
-- two keys, int and text
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a JOIN mj_b b ON a.k = b.k AND a.t = b.t;
SELECT a.id, b.id FROM mj_a a JOIN mj_b b ON a.k = b.k AND a.t = b.t ORDER BY 1, 2;
SELECT a.id, b.id FROM mj_a a FULL JOIN mj_b b ON a.k = b.k AND a.t = b.t ORDER BY 1, 2;
-- numeric keys of different scales, text keys
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a JOIN mj_b b ON a.n = b.n;
SELECT a.id, b.id, a.n, b.n FROM mj_a a FULL JOIN mj_b b ON a.n = b.n ORDER BY 1, 2;
SELECT a.id, b.id FROM mj_a a LEFT JOIN mj_b b ON a.t = b.t ORDER BY 1, 2;
SELECT a.id, b.id FROM mj_a a RIGHT JOIN mj_b b ON a.t = b.t ORDER BY 1, 2;
-- a join filter besides the merge condition
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a LEFT JOIN mj_b b ON a.k = b.k AND a.id + 8 < b.id;
SELECT a.id, b.id FROM mj_a a LEFT JOIN mj_b b ON a.k = b.k AND a.id + 8 < b.id ORDER BY 1, 2;
SELECT a.id, b.id FROM mj_a a JOIN mj_b b ON a.k = b.k AND a.id + 8 < b.id ORDER BY 1, 2;
-- FULL JOIN USING: the merged column
EXPLAIN (COSTS OFF) SELECT * FROM mj_a a FULL JOIN mj_b b USING (k);
SELECT * FROM mj_a a FULL JOIN mj_b b USING (k) ORDER BY 1, 2, 5;
-- empty sides
SELECT a.id, b.id FROM mj_a a FULL JOIN (SELECT * FROM mj_b WHERE id < 0) b ON a.k = b.k ORDER BY 1, 2;
SELECT a.id, b.id FROM (SELECT * FROM mj_a WHERE id < 0) a FULL JOIN mj_b b ON a.k = b.k ORDER BY 1, 2;
SELECT a.id, b.id FROM mj_a a JOIN (SELECT * FROM mj_b WHERE id < 0) b ON a.k = b.k;
-- not merge- or hash-joinable: still refused
SELECT * FROM mj_a a FULL JOIN mj_b b ON a.k < b.k;

-- inputs in index order: no sort
CREATE TABLE mj_c (x int, y text, z int, PRIMARY KEY (x, y));
CREATE TABLE mj_d (x int, y text, z int, PRIMARY KEY (x, y));
INSERT INTO mj_c VALUES (1, 'a', 1), (1, 'b', 2), (2, 'a', 3), (3, 'c', 4), (3, 'd', 5);
INSERT INTO mj_d VALUES (1, 'a', 10), (1, 'c', 20), (2, 'a', 30), (2, 'b', 40), (3, 'd', 50), (4, 'a', 60);
EXPLAIN (COSTS OFF) SELECT * FROM mj_c c JOIN mj_d d ON c.x = d.x AND c.y = d.y;
SELECT * FROM mj_c c JOIN mj_d d ON c.x = d.x AND c.y = d.y ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT * FROM mj_c c FULL JOIN mj_d d ON c.x = d.x AND c.y = d.y;
SELECT * FROM mj_c c FULL JOIN mj_d d ON c.x = d.x AND c.y = d.y ORDER BY 1, 2, 4, 5;
SELECT * FROM mj_c c LEFT JOIN mj_d d ON c.x = d.x AND c.z * 10 > d.z ORDER BY 1, 2, 4, 5;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT * FROM mj_c c JOIN mj_d d ON c.x = d.x AND c.y = d.y;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT * FROM mj_c c FULL JOIN mj_d d ON c.x = d.x AND c.y = d.y;

-- merge join off as well: a nested loop
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM mj_c c JOIN mj_d d ON c.z = d.z;
SELECT * FROM mj_c c JOIN mj_d d ON c.z * 10 = d.z ORDER BY 1, 2;
RESET enable_mergejoin;
RESET enable_hashjoin;
RESET enable_nestloop;

-- ORDER BY the key of a join of two tables read in primary key order: a
-- merge join over the index scans instead of a sort
CREATE TABLE mj_big_a (id int PRIMARY KEY, v int);
CREATE TABLE mj_big_b (id int PRIMARY KEY, w int);
INSERT INTO mj_big_a SELECT g, g % 100 FROM generate_series(1, 20000) g;
INSERT INTO mj_big_b SELECT g * 2, g % 7 FROM generate_series(1, 15000) g;
ANALYZE mj_big_a;
ANALYZE mj_big_b;
EXPLAIN (COSTS OFF) SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id ORDER BY a.id;
EXPLAIN (COSTS OFF) SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id ORDER BY b.id LIMIT 3;
EXPLAIN (COSTS OFF) SELECT a.id, a.v, b.w FROM mj_big_a a LEFT JOIN mj_big_b b ON a.id = b.id ORDER BY a.id;
EXPLAIN (COSTS OFF) SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id;
SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id ORDER BY a.id LIMIT 5;
SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id ORDER BY b.id LIMIT 3 OFFSET 9990;
SELECT a.id, a.v, b.w FROM mj_big_a a LEFT JOIN mj_big_b b ON a.id = b.id ORDER BY a.id LIMIT 6;
SELECT count(*), sum(a.v), sum(b.w) FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id ORDER BY a.id LIMIT 4;
-- merge join switched off: the hash join and the sort
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT a.id, a.v, b.w FROM mj_big_a a JOIN mj_big_b b ON a.id = b.id ORDER BY a.id;
RESET enable_mergejoin;

DROP TABLE mj_a, mj_b, mj_c, mj_d, mj_big_a, mj_big_b;
