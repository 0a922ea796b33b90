-- An aggregate whose arguments read an outer query only inside a subquery
-- belongs to that outer query (PostgreSQL's agglevelsup).
SELECT (SELECT max((SELECT subq_0.c0 AS c1))) FROM (SELECT NULL AS c0) AS subq_0;
SELECT (SELECT max(42) OVER (PARTITION BY (SELECT subq_0.c0 AS c1)) AS c6) FROM (SELECT NULL AS c0) AS subq_0;
SELECT (SELECT max((SELECT subq_0.c0 AS c1)) OVER () AS c6) FROM (SELECT NULL AS c0) AS subq_0;
CREATE TEMP TABLE ag (a int);
INSERT INTO ag SELECT generate_series(1, 5);
SELECT (SELECT max((SELECT ag.a))) FROM ag;
SELECT (SELECT sum((SELECT ag.a + 1))) FROM ag;
SELECT a, (SELECT max((SELECT ag.a)) FROM (VALUES (1)) v(x)) FROM ag GROUP BY a ORDER BY a;
SELECT (SELECT count((SELECT 1 WHERE ag.a > 2))) FROM ag;
SELECT (SELECT max(x + (SELECT ag.a)) FROM (VALUES (10), (20)) v(x)) FROM ag ORDER BY 1;
