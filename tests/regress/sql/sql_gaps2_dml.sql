-- UPDATE of array elements and slices; EXPLAIN of data-modifying WITH;
-- hypothetical-set aggregates.
CREATE TABLE g2a (id int PRIMARY KEY, a int[], t text[], m int[], n int);
INSERT INTO g2a VALUES (1, '{1,2,3}', '{x,y}', '{{1,2},{3,4}}', 0), (2, NULL, NULL, NULL, 0),
  (3, '{}', '{}', '{}', 0);
UPDATE g2a SET a[2] = 5 WHERE id = 1;
SELECT id, a FROM g2a ORDER BY id;
UPDATE g2a SET a[1:2] = '{7,8}' WHERE id = 1;
SELECT id, a FROM g2a ORDER BY id;
UPDATE g2a SET a[5] = 9 WHERE id = 1;
SELECT id, a, array_lower(a, 1) FROM g2a ORDER BY id;
UPDATE g2a SET a[0] = -1 WHERE id = 1;
SELECT id, a FROM g2a ORDER BY id;
UPDATE g2a SET a[2] = 5, t[3] = 'z';
SELECT id, a, t FROM g2a ORDER BY id;
UPDATE g2a SET a[1] = 1, a[2] = 2 WHERE id = 2;
SELECT id, a FROM g2a ORDER BY id;
UPDATE g2a SET a['1'] = 1 WHERE id = 1;
UPDATE g2a SET a[1.5] = 1 WHERE id = 1;
SELECT a FROM g2a WHERE id = 1;
UPDATE g2a SET m[1][2] = 20 WHERE id = 1;
SELECT m FROM g2a WHERE id = 1;
UPDATE g2a SET m[1:2][1] = '{{9},{9}}' WHERE id = 1;
SELECT m FROM g2a WHERE id = 1;
UPDATE g2a SET m[1:1] = '{{5,5}}' WHERE id = 1 RETURNING m;
UPDATE g2a SET a[:2] = '{11,12}' WHERE id = 2 RETURNING a;
UPDATE g2a SET a[6:] = '{66}' WHERE id = 1 RETURNING a;
UPDATE g2a SET a[1:2] = NULL WHERE id = 1 RETURNING a;
UPDATE g2a SET a[2] = NULL WHERE id = 1 RETURNING a;
UPDATE g2a SET a[1:2] = '{1,2}' WHERE id = 3 RETURNING a;
UPDATE g2a SET a[2] = n + 100 WHERE id = 3 RETURNING a;
UPDATE g2a SET a[10:11] = '{1,2}' WHERE id = 1 RETURNING a;
-- errors
UPDATE g2a SET a[NULL] = 1;
UPDATE g2a SET a[1:NULL] = '{1}';
UPDATE g2a SET a[1] = 'x';
UPDATE g2a SET n[1] = 1;
UPDATE g2a SET a = '{1}', a[1] = 2;
UPDATE g2a SET a[1] = 1, a = '{2}' WHERE id = 1;
UPDATE g2a SET m[1] = 20 WHERE id = 1;
UPDATE g2a SET m[3][1] = 20 WHERE id = 1;
UPDATE g2a SET m[2:3][1:2] = '{{5,5},{6,6}}' WHERE id = 1;
UPDATE g2a SET a[1:30] = '{1,2}' WHERE id = 1;
UPDATE g2a SET a[3:1] = '{1,2}' WHERE id = 2;
UPDATE g2a SET a[1][1] = 5 WHERE id = 2;
SELECT id, a, t, m FROM g2a ORDER BY id;
-- EXPLAIN of data-modifying WITH
CREATE TABLE g2d1 (id int PRIMARY KEY, v int);
CREATE TABLE g2d2 (id int, v int);
INSERT INTO g2d1 VALUES (1, 10), (2, 20);
EXPLAIN (COSTS OFF) WITH w AS (INSERT INTO g2d2 VALUES (1, 1) RETURNING *) SELECT * FROM w;
EXPLAIN (COSTS OFF) WITH w AS (DELETE FROM g2d1 WHERE id = 1 RETURNING id, v)
  INSERT INTO g2d2 SELECT * FROM w;
EXPLAIN (COSTS OFF) WITH w AS (UPDATE g2d1 SET v = v + 1 RETURNING *) SELECT count(*) FROM w;
EXPLAIN (COSTS OFF) WITH w AS (DELETE FROM g2d2) SELECT 1;
EXPLAIN (COSTS OFF) WITH w AS (INSERT INTO g2d2 VALUES (2, 2) RETURNING id) SELECT * FROM w x
  WHERE x.id > 1;
SELECT count(*) FROM g2d2;
SELECT * FROM g2d1 ORDER BY id;
-- hypothetical-set aggregates
CREATE TABLE g2h (g int, x int, y text);
INSERT INTO g2h VALUES (1, 10, 'a'), (1, 20, 'b'), (1, 20, 'c'), (1, NULL, 'd'), (2, 5, 'e'),
  (2, 30, NULL);
SELECT rank(20) WITHIN GROUP (ORDER BY x), dense_rank(20) WITHIN GROUP (ORDER BY x),
  percent_rank(20) WITHIN GROUP (ORDER BY x), cume_dist(20) WITHIN GROUP (ORDER BY x) FROM g2h;
SELECT g, rank(20) WITHIN GROUP (ORDER BY x DESC),
  dense_rank(20) WITHIN GROUP (ORDER BY x DESC NULLS LAST),
  percent_rank(20) WITHIN GROUP (ORDER BY x NULLS FIRST),
  cume_dist(20) WITHIN GROUP (ORDER BY x) FROM g2h GROUP BY g ORDER BY g;
SELECT rank(20, 'b') WITHIN GROUP (ORDER BY x, y),
  cume_dist(20, 'b') WITHIN GROUP (ORDER BY x, y DESC) FROM g2h;
SELECT rank(NULL::int) WITHIN GROUP (ORDER BY x), cume_dist(NULL::int) WITHIN GROUP (ORDER BY x)
  FROM g2h;
SELECT rank(15.5) WITHIN GROUP (ORDER BY x), percent_rank(1) WITHIN GROUP (ORDER BY x)
  FROM g2h WHERE false;
SELECT rank(3) WITHIN GROUP (ORDER BY x) FILTER (WHERE g = 1) FROM g2h;
SELECT cume_dist(3) WITHIN GROUP (ORDER BY x), count(*) FROM g2h;
SELECT dense_rank('b') WITHIN GROUP (ORDER BY y) FROM g2h;
SELECT rank(1, 2) WITHIN GROUP (ORDER BY x) FROM g2h;
SELECT rank('x') WITHIN GROUP (ORDER BY x) FROM g2h;
SELECT rank(1) WITHIN GROUP (ORDER BY y) FROM g2h;
SELECT dense_rank(20) WITHIN GROUP (ORDER BY x) OVER () FROM g2h;
SELECT rank() WITHIN GROUP (ORDER BY x) FROM g2h;
DROP TABLE g2a, g2d1, g2d2, g2h;
