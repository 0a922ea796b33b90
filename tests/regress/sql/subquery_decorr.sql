-- EXISTS / NOT EXISTS / IN (subquery) in WHERE: pulled up into semi and
-- anti joins when PostgreSQL does it (plan_sublink.c), SubPlans otherwise.
-- Every shape must give PostgreSQL's results; EXPLAIN only where the plan
-- shapes agree.
CREATE TABLE sd_o (id int PRIMARY KEY, k int, x int, t text);
CREATE TABLE sd_i (id int PRIMARY KEY, k int, y int, t text);
CREATE TABLE sd_j (id int PRIMARY KEY, k int, z int);
INSERT INTO sd_o VALUES (1, 1, 10, 'a'), (2, 2, 20, 'b'), (3, NULL, 30, 'c'), (4, 4, NULL, NULL),
  (5, 5, 50, 'e'), (6, 1, 60, 'a'), (7, 8, 70, 'x'), (8, NULL, NULL, NULL);
INSERT INTO sd_i VALUES (1, 1, 100, 'a'), (2, 1, 101, 'a'), (3, 2, NULL, 'b'), (4, NULL, 103, NULL),
  (5, 7, 104, 'z'), (6, 5, 5, 'e'), (7, 5, 55, 'e');
INSERT INTO sd_j VALUES (1, 1, 1), (2, 5, 2), (3, 9, 3);

-- convertible: semi joins
SELECT * FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) ORDER BY id;
SELECT * FROM sd_o o WHERE EXISTS (SELECT * FROM sd_i i WHERE o.k = i.k) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND i.y > o.x) ORDER BY id;
SELECT id FROM sd_o o WHERE o.x > 15 AND EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND i.t = o.t) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k + 1 = o.k + 1) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.y > o.x) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE o.x > 40) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i, sd_j j WHERE i.k = o.k AND j.k = i.k)
  ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  AND EXISTS (SELECT 1 FROM sd_j j WHERE j.k = o.k) ORDER BY id;
SELECT count(*), sum(x) FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k);
SELECT o.k, count(*) FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  GROUP BY o.k ORDER BY 1;
SELECT o.id, j.z FROM sd_o o JOIN sd_j j ON j.k = o.k
  WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) ORDER BY 1;
SELECT o.id, j.z FROM sd_o o LEFT JOIN sd_j j ON j.k = o.k
  WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = j.k) ORDER BY 1;
SELECT o.id, j.z FROM sd_o o LEFT JOIN sd_j j ON j.k = o.k
  WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = j.k) ORDER BY 1;
SELECT * FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) ORDER BY id LIMIT 2;
SELECT DISTINCT k FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) ORDER BY 1;

-- convertible: anti joins (a NULL outer key has no match: kept)
SELECT * FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) ORDER BY id;
SELECT id FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND i.y > o.x)
  ORDER BY id;
SELECT id FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE o.x > 40) ORDER BY id;
SELECT id FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  AND NOT EXISTS (SELECT 1 FROM sd_j j WHERE j.k = o.k) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  AND NOT EXISTS (SELECT 1 FROM sd_j j WHERE j.k = o.k) ORDER BY id;
SELECT count(*) FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.t = o.t);

-- convertible: IN (uncorrelated subquery)
SELECT * FROM sd_o o WHERE o.k IN (SELECT k FROM sd_i) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT k FROM sd_i WHERE y > 100) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k + 0 IN (SELECT i.k FROM sd_i i) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT i.k::bigint FROM sd_i i) ORDER BY id;
SELECT id FROM sd_o o WHERE o.t IN (SELECT t FROM sd_i) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT j.k FROM sd_i i, sd_j j WHERE i.k = j.k) ORDER BY id;
SELECT id FROM sd_o o WHERE o.x > 5 AND o.k IN (SELECT k FROM sd_i) AND o.id < 7 ORDER BY id;

-- not converted: must give the same results
SELECT id FROM sd_o o WHERE o.k NOT IN (SELECT k FROM sd_i WHERE k IS NOT NULL) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k NOT IN (SELECT k FROM sd_i) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT k FROM sd_i i WHERE i.y > o.x) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT max(k) FROM sd_i GROUP BY t) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT DISTINCT k FROM sd_i) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT k FROM sd_i ORDER BY k LIMIT 2) ORDER BY id;
SELECT id FROM sd_o o WHERE o.k IN (SELECT k FROM sd_i UNION SELECT k FROM sd_j) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT count(*) FROM sd_i i WHERE i.k = o.k) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k HAVING count(*) > 1)
  ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k LIMIT 1) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k OFFSET 1) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  OR o.x > 60 ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  OR EXISTS (SELECT 1 FROM sd_j j WHERE j.k = o.k) ORDER BY id;
SELECT id, EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) AS e,
  o.k IN (SELECT k FROM sd_i) AS i FROM sd_o o ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k) IS TRUE ORDER BY id;
SELECT id FROM sd_o o WHERE NOT (NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i) ORDER BY id;
SELECT id FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i WHERE false) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND random() >= 0)
  ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k
  AND EXISTS (SELECT 1 FROM sd_j j WHERE j.k = i.k)) ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM (SELECT * FROM sd_i) i WHERE i.k = o.k)
  ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i JOIN sd_j j ON j.k = i.k WHERE i.k = o.k)
  ORDER BY id;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  ORDER BY id FOR UPDATE;
SELECT id FROM sd_o o WHERE EXISTS (SELECT generate_series(1, 0) FROM sd_i i WHERE i.k = o.k)
  ORDER BY id;
SELECT id FROM sd_o o WHERE (o.k, o.t) IN (SELECT k, t FROM sd_i) ORDER BY id;
-- correlated to an outer-outer query
SELECT j.id FROM sd_j j WHERE EXISTS (SELECT 1 FROM sd_o o
  WHERE o.k = j.k AND EXISTS (SELECT 1 FROM sd_i i WHERE i.k = j.k AND i.k = o.k)) ORDER BY 1;
SELECT j.id, (SELECT count(*) FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i
  WHERE i.k = o.k AND i.id > j.id)) FROM sd_j j ORDER BY 1;
SELECT j.id, (SELECT count(*) FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i
  WHERE i.k = o.k) AND o.k > j.k) FROM sd_j j ORDER BY 1;
SELECT j.id FROM sd_j j WHERE j.k IN (SELECT o.k FROM sd_o o
  WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)) ORDER BY 1;
-- inside subqueries, CTEs and DML
SELECT * FROM (SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)) s
  ORDER BY 1;
WITH w AS (SELECT * FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k))
  SELECT id FROM w ORDER BY 1;
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  UNION ALL SELECT id FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k)
  ORDER BY 1;
PREPARE sd_p(int) AS SELECT id FROM sd_o o
  WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND i.y > $1) ORDER BY id;
EXECUTE sd_p(100);
EXECUTE sd_p(0);
DEALLOCATE sd_p;
CREATE VIEW sd_v AS SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k);
SELECT * FROM sd_v ORDER BY 1;
DROP VIEW sd_v;

-- errors are the ones PostgreSQL reports
SELECT i.k FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k);
SELECT id FROM sd_o o WHERE EXISTS (SELECT nosuch FROM sd_i i WHERE i.k = o.k);
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.nosuch = o.k);
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND count(*) > 0);
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM nosuch_t n WHERE n.k = o.k);
SELECT id FROM sd_o o WHERE o.k IN (SELECT k, y FROM sd_i);
SELECT id FROM sd_o o WHERE o.k IN (SELECT t FROM sd_i);
SELECT id FROM sd_o o WHERE 1 AND EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k);
SELECT id FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND i.k / 0 = 1);

-- cross-type keys, self references, windows, SRFs, LATERAL, FULL JOIN, cursors
CREATE TABLE e_o (id int PRIMARY KEY, k int, n numeric, t varchar(10));
CREATE TABLE e_i (id int PRIMARY KEY, k int, n numeric, t text);
INSERT INTO e_o VALUES (1, 1, 1.0, 'a'), (2, 2, 2.50, 'b'), (3, NULL, NULL, NULL), (4, 4, 4, 'd');
INSERT INTO e_i VALUES (1, 1, 1, 'a'), (2, 2, 2.5, 'b'), (3, 3, 3, NULL);
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.n = o.n) ORDER BY 1;
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.n) ORDER BY 1;
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.t = o.t) ORDER BY 1;
SELECT id FROM e_o o WHERE o.t IN (SELECT t FROM e_i) ORDER BY 1;
SELECT id FROM e_o o WHERE o.n IN (SELECT k FROM e_i) ORDER BY 1;
SELECT id FROM e_o o WHERE NOT EXISTS (SELECT 1 FROM e_o o WHERE o.k = 1) ORDER BY 1;
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_o o2 WHERE o2.k = o.k + 1) ORDER BY 1;
SELECT o.id FROM e_o o, e_i i WHERE o.id = i.id AND EXISTS (SELECT 1 FROM e_i i2 WHERE i2.k = o.k + i.k - 1) ORDER BY 1;
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k) AND o.k IN (SELECT k FROM e_i) AND NOT EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k + 1) ORDER BY 1;
SELECT o.k, row_number() OVER (ORDER BY o.id) FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k) ORDER BY 1;
SELECT generate_series(1, o.k) g FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k) ORDER BY 1;
SELECT * FROM e_o o JOIN LATERAL (SELECT o.k * 2 AS d) l ON true WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k) ORDER BY 1;
SELECT * FROM e_o o FULL JOIN e_i i ON i.id = o.id WHERE NOT EXISTS (SELECT 1 FROM e_i i2 WHERE i2.k = o.k) ORDER BY o.id, i.id;
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k) ORDER BY 1;
FETCH 1 FROM c;
FETCH ALL FROM c;
COMMIT;
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k AND i.id = $$1$$) ORDER BY 1;
SELECT id FROM e_o o WHERE EXISTS (SELECT 1 FROM ONLY e_i i WHERE i.k = o.k) ORDER BY 1;
SELECT (SELECT count(*) FROM e_o o WHERE EXISTS (SELECT 1 FROM e_i i WHERE i.k = o.k AND i.k < x.k)) FROM e_i x ORDER BY 1;
DROP TABLE e_o, e_i;

-- LIMIT > 0, DISTINCT and GROUP BY dropped (simplify_EXISTS_query); references to an
-- outer-outer level
CREATE TABLE f_o (id int PRIMARY KEY, k int, x int);
CREATE TABLE f_i (id int PRIMARY KEY, k int, y int);
INSERT INTO f_o VALUES (1, 1, 10), (2, 2, 20), (3, NULL, 30), (4, 4, NULL), (5, 5, 50);
INSERT INTO f_i VALUES (1, 1, 100), (2, 1, 101), (3, 2, NULL), (4, NULL, 103), (5, 5, 5);
ANALYZE f_o; ANALYZE f_i;
SELECT id FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k LIMIT 1) ORDER BY 1;
SELECT id FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k LIMIT ALL) ORDER BY 1;
SELECT id FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k LIMIT 0) ORDER BY 1;
SELECT id FROM f_o o WHERE NOT EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k LIMIT 0) ORDER BY 1;
SELECT id FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k GROUP BY i.y) ORDER BY 1;
SELECT id FROM f_o o WHERE EXISTS (SELECT i.y FROM f_i i WHERE i.k = o.k GROUP BY i.k) ORDER BY 1;
SELECT id FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k GROUP BY nosuch) ORDER BY 1;
SELECT id FROM f_o o WHERE EXISTS (SELECT DISTINCT i.y FROM f_i i WHERE i.k = o.k) ORDER BY 1;
SELECT id FROM f_o o WHERE NOT EXISTS (SELECT DISTINCT 1 FROM f_i i WHERE i.k = o.k) ORDER BY 1;
SELECT x.id, (SELECT count(*) FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k AND i.y = x.y)) FROM f_i x ORDER BY 1;
SELECT x.id, (SELECT count(*) FROM f_o o WHERE NOT EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k AND i.id < x.id)) FROM f_i x ORDER BY 1;
SELECT x.id, (SELECT count(*) FROM f_o o WHERE o.k IN (SELECT i.k FROM f_i i WHERE i.id < x.id)) FROM f_i x ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT id FROM f_o o WHERE EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k LIMIT 1);
EXPLAIN (COSTS OFF) SELECT id FROM f_o o WHERE NOT EXISTS (SELECT 1 FROM f_i i WHERE i.k = o.k GROUP BY i.y);
DROP TABLE f_o, f_i;

-- INNER JOIN ... ON conjuncts (the semi / anti join sits on that join)
CREATE TABLE g_a (id int PRIMARY KEY, k int, x int);
CREATE TABLE g_b (id int PRIMARY KEY, k int, y int);
CREATE TABLE g_c (id int PRIMARY KEY, k int, z int);
INSERT INTO g_a VALUES (1, 1, 10), (2, 2, 20), (3, NULL, 30), (4, 4, NULL), (5, 5, 50);
INSERT INTO g_b VALUES (1, 1, 100), (2, 1, 101), (3, 2, NULL), (4, NULL, 103), (5, 5, 5);
INSERT INTO g_c VALUES (1, 1, 1), (2, 5, 2), (3, 9, 3), (4, 4, 4);
ANALYZE g_a; ANALYZE g_b; ANALYZE g_c;
SELECT * FROM g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.z = a.id) ORDER BY a.id, b.id;
SELECT * FROM g_a a JOIN g_b b ON a.k = b.k AND NOT EXISTS (SELECT 1 FROM g_c c WHERE c.z = a.id) ORDER BY a.id, b.id;
SELECT * FROM g_a a JOIN g_b b ON a.k = b.k AND a.k IN (SELECT k FROM g_c) ORDER BY a.id, b.id;
SELECT * FROM g_a a JOIN g_b b ON EXISTS (SELECT 1 FROM g_c c WHERE c.k = a.k AND c.k = b.k) ORDER BY a.id, b.id;
SELECT * FROM g_a a LEFT JOIN (g_b b JOIN g_c c ON b.k = c.k AND EXISTS (SELECT 1 FROM g_a a2 WHERE a2.id = c.z)) ON a.k = b.k ORDER BY a.id, b.id, c.id;
SELECT * FROM g_a a LEFT JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.z = b.id) ORDER BY a.id, b.id;
SELECT * FROM g_c c, g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c2 WHERE c2.k = a.k) ORDER BY c.id, a.id, b.id;
SELECT * FROM (g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.k = a.k)) AS j ORDER BY 1, 4;
SELECT * FROM g_a a JOIN g_b b USING (k) WHERE EXISTS (SELECT 1 FROM g_c c WHERE c.k = k) ORDER BY 1, 2, 3, 4;
SELECT c.z FROM g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.k = a.k);
SELECT z FROM g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.k = a.k);
SELECT a.id FROM g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.k = a.k) ORDER BY 1 FOR UPDATE OF a;
SELECT a.id FROM g_a a JOIN g_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM g_c c WHERE c.k = a.k) ORDER BY 1 FOR UPDATE;
DROP TABLE g_a, g_b, g_c;

-- UPDATE ... FROM / DELETE ... USING with JOIN/ON sublinks, WHERE EXISTS in DML
CREATE TABLE h_t (id int PRIMARY KEY, v int);
CREATE TABLE h_a (id int PRIMARY KEY, k int);
CREATE TABLE h_b (id int PRIMARY KEY, k int);
INSERT INTO h_t VALUES (1, 0), (2, 0), (3, 0);
INSERT INTO h_a VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO h_b VALUES (1, 1), (2, 3);
UPDATE h_t SET v = a.k FROM h_a a JOIN h_b b ON a.k = b.k AND EXISTS (SELECT 1 FROM h_b c WHERE c.id = a.id) WHERE h_t.id = a.id RETURNING h_t.*;
DELETE FROM h_t USING h_a a JOIN h_b b ON a.k = b.k AND NOT EXISTS (SELECT 1 FROM h_b c WHERE c.id = a.id) WHERE h_t.id = a.id RETURNING h_t.*;
UPDATE h_t SET v = 9 WHERE EXISTS (SELECT 1 FROM h_a a WHERE a.id = h_t.id AND a.k = 2) RETURNING *;
SELECT * FROM h_t ORDER BY 1;
INSERT INTO h_t SELECT a.id + 10, a.k FROM h_a a WHERE EXISTS (SELECT 1 FROM h_b b WHERE b.k = a.k) RETURNING *;
DROP TABLE h_t, h_a, h_b;

-- plans (statistics on both sides)
ANALYZE sd_o;
ANALYZE sd_i;
ANALYZE sd_j;
EXPLAIN (COSTS OFF) SELECT * FROM sd_o o WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k);
EXPLAIN (COSTS OFF) SELECT * FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k);
EXPLAIN (COSTS OFF) SELECT * FROM sd_o o WHERE o.k IN (SELECT k FROM sd_i);
EXPLAIN (COSTS OFF) SELECT id FROM sd_o o WHERE NOT EXISTS (SELECT 1 FROM sd_i i WHERE o.x > 40);
EXPLAIN (COSTS OFF) SELECT id FROM sd_o o
  WHERE EXISTS (SELECT 1 FROM sd_i i WHERE i.k = o.k AND i.y > o.x);

-- an index on the inner key: nested loop semi / anti joins, stopping at the
-- first match (index only: the join reads nothing but the key)
CREATE TABLE sd_big (id int PRIMARY KEY, k int, y int);
INSERT INTO sd_big SELECT g, g % 70, g FROM generate_series(1, 2000) g;
CREATE INDEX sd_big_k ON sd_big (k);
ANALYZE sd_big;
EXPLAIN (COSTS OFF) SELECT * FROM sd_j j WHERE EXISTS (SELECT 1 FROM sd_big b WHERE b.k = j.k);
EXPLAIN (COSTS OFF) SELECT * FROM sd_j j
  WHERE NOT EXISTS (SELECT 1 FROM sd_big b WHERE b.k = j.k);
EXPLAIN (COSTS OFF) SELECT * FROM sd_j j WHERE j.k IN (SELECT k FROM sd_big);
SELECT * FROM sd_j j WHERE EXISTS (SELECT 1 FROM sd_big b WHERE b.k = j.k) ORDER BY 1;
SELECT * FROM sd_j j WHERE NOT EXISTS (SELECT 1 FROM sd_big b WHERE b.k = j.k) ORDER BY 1;
SELECT * FROM sd_j j WHERE j.k IN (SELECT k FROM sd_big) ORDER BY 1;
SELECT * FROM sd_j j WHERE NOT EXISTS (SELECT 1 FROM sd_big b WHERE b.k = j.k + 65) ORDER BY 1;
SELECT * FROM sd_j j WHERE EXISTS (SELECT 1 FROM sd_big b WHERE b.k = j.k AND b.y > 1990)
  ORDER BY 1;
SELECT count(*) FROM sd_big b WHERE EXISTS (SELECT 1 FROM sd_o o WHERE o.k = b.k);
SELECT count(*) FROM sd_big b WHERE NOT EXISTS (SELECT 1 FROM sd_o o WHERE o.k = b.k);
SELECT count(*) FROM sd_big b WHERE b.k IN (SELECT k FROM sd_i);
DROP TABLE sd_o, sd_i, sd_j, sd_big;
