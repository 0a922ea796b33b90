-- query_joins: RIGHT and FULL joins (ON, USING, NATURAL), LATERAL functions in FROM.
CREATE TABLE qa (x int, y int);
CREATE TABLE qb (x int, z int);
CREATE TABLE qc (x bigint, w text);
INSERT INTO qa VALUES (1, 10), (2, 20), (NULL, 30), (4, 40);
INSERT INTO qb VALUES (2, 200), (3, 300), (NULL, 400), (4, 401), (4, 402);
INSERT INTO qc VALUES (1, 'one'), (3, 'three'), (5, 'five');

-- RIGHT JOIN
SELECT * FROM qa RIGHT JOIN qb ON qa.x = qb.x ORDER BY qb.z;
SELECT * FROM qa RIGHT OUTER JOIN qb USING (x) ORDER BY z;
SELECT x, qa.x AS ax, qb.x AS bx FROM qa RIGHT JOIN qb USING (x) ORDER BY z;
SELECT * FROM qa NATURAL RIGHT JOIN qb ORDER BY z;
SELECT qa.y, qb.z FROM qa RIGHT JOIN qb ON qa.x < qb.x ORDER BY 2, 1;
SELECT qa.y, qb.z FROM qa RIGHT JOIN qb ON qa.x = qb.x AND qa.y > 15 ORDER BY 2, 1;
SELECT qa.y, qb.z FROM qa RIGHT JOIN qb ON qa.x = qb.x WHERE qa.y IS NULL ORDER BY 2;
SELECT qa.y, qb.z FROM qa RIGHT JOIN qb ON qa.x = qb.x WHERE qb.z > 300 ORDER BY 2;
SELECT count(*) FROM qa RIGHT JOIN qb ON true;
SELECT count(*), count(qa.x) FROM qa RIGHT JOIN qb ON false;

-- FULL JOIN
SELECT * FROM qa FULL JOIN qb ON qa.x = qb.x ORDER BY qa.y, qb.z;
SELECT * FROM qa FULL OUTER JOIN qb USING (x) ORDER BY x, y, z;
SELECT x, qa.x AS ax, qb.x AS bx FROM qa FULL JOIN qb USING (x) ORDER BY 1, 2, 3;
SELECT * FROM qa NATURAL FULL JOIN qb ORDER BY x, y, z;
SELECT * FROM qa FULL JOIN qb USING (x) WHERE x > 1 ORDER BY x, z;
SELECT * FROM qa FULL JOIN qb ON qa.x = qb.x AND qa.y > 15 ORDER BY qa.y, qb.z;
SELECT * FROM qa FULL JOIN qb ON qa.x = qb.x AND qa.y * 10 < qb.z ORDER BY qa.y, qb.z;
SELECT * FROM qa FULL JOIN qb ON qa.x = qb.x WHERE qa.x IS NULL OR qb.x IS NULL ORDER BY qa.y, qb.z;
SELECT * FROM qa FULL JOIN qb ON false ORDER BY qa.y, qb.z;
SELECT count(*) FROM qa FULL JOIN qb ON true;
SELECT * FROM qa FULL JOIN qc USING (x) ORDER BY x;
SELECT pg_typeof(x) FROM qa FULL JOIN qc USING (x) LIMIT 1;
SELECT * FROM (qa FULL JOIN qb USING (x)) FULL JOIN qc USING (x) ORDER BY x, y, z;
SELECT * FROM qa FULL JOIN qb USING (x) JOIN qc USING (x) ORDER BY x;
SELECT * FROM qa LEFT JOIN qb USING (x) FULL JOIN qc ON qa.x = qc.x ORDER BY qa.y, qc.w, z;
SELECT x, count(*) FROM qa FULL JOIN qb USING (x) GROUP BY x ORDER BY x;
SELECT qa.y, qb.z FROM qa FULL JOIN qb ON qa.x < qb.x;
SELECT qa.y, qb.z FROM qa FULL JOIN qb ON qa.y > 1;

-- LATERAL: functions in FROM see the earlier FROM items
SELECT qa.y, g FROM qa, generate_series(1, qa.x) g ORDER BY 1, 2;
SELECT qa.y, g FROM qa CROSS JOIN LATERAL generate_series(qa.x, 3) g ORDER BY 1, 2;
SELECT qa.y, g FROM qa LEFT JOIN LATERAL generate_series(3, qa.x) g ON true ORDER BY 1, 2;
SELECT qa.y, g FROM qa JOIN generate_series(1, qa.x) g ON g > 1 WHERE g < 4 ORDER BY 1, 2;
SELECT qa.y, sum(g) FROM qa, generate_series(1, qa.x) g GROUP BY qa.y ORDER BY 1;

-- aliases of join expressions
SELECT t.* FROM ((VALUES (1), (2)) AS t1 (a) CROSS JOIN (VALUES (3), (4)) AS t2 (b)) AS t ORDER BY 1, 2;
SELECT x, y FROM ((VALUES (1), (2)) AS t1 (a) CROSS JOIN (VALUES (3), (4)) AS t2 (b)) AS t(x, y) ORDER BY 1, 2;
SELECT * FROM (qa JOIN qb USING (x)) AS j ORDER BY z;
SELECT j.x, j.y, j.z FROM (qa FULL JOIN qb USING (x)) AS j WHERE j.z > 250 ORDER BY 1, 3;
SELECT * FROM (qa JOIN qb ON qa.x = qb.x) AS j(a, b, c, d) ORDER BY d;
SELECT j.x FROM (qa JOIN qb USING (x)) AS j, qb WHERE j.x = qb.x ORDER BY 1;
SELECT * FROM (qa LEFT JOIN qb USING (x)) j WHERE j.z IS NULL ORDER BY y;
SELECT qa.x FROM (qa JOIN qb USING (x)) AS j;
SELECT * FROM (qa CROSS JOIN qb) AS j(a, b, c, d, e);

-- LATERAL subqueries
SELECT qa.y, s.* FROM qa, LATERAL (SELECT qb.z FROM qb WHERE qb.x = qa.x) s ORDER BY 1, 2;
SELECT qa.y, s.* FROM qa LEFT JOIN LATERAL (SELECT max(qb.z) AS m, count(*) AS c FROM qb WHERE qb.x >= qa.x) s ON true ORDER BY 1;
SELECT qa.y, s.z FROM qa CROSS JOIN LATERAL (SELECT z FROM qb WHERE qb.x = qa.x ORDER BY z DESC LIMIT 1) s ORDER BY 1;
SELECT qa.y, s.z FROM qa LEFT JOIN LATERAL (SELECT z FROM qb WHERE qb.x = qa.x) s ON s.z > 400 ORDER BY 1, 2;
SELECT * FROM qa, LATERAL (SELECT qa.y * 2 AS d) s WHERE s.d > 25 ORDER BY 1;
SELECT * FROM qa FULL JOIN LATERAL (SELECT 1 AS k) s ON true ORDER BY y;

-- EXPLAIN shapes
EXPLAIN (COSTS OFF) SELECT * FROM qa RIGHT JOIN qb ON qa.x < qb.x;
EXPLAIN (COSTS OFF) SELECT qa.y, g FROM qa, generate_series(1, qa.x) g;

DROP TABLE qa;
DROP TABLE qb;
DROP TABLE qc;
