-- GROUPING(), GROUP BY DISTINCT / ALL with grouping sets
CREATE TABLE gf (a int, b text, c int);
INSERT INTO gf VALUES (1,'x',10),(1,'y',20),(2,'x',30),(2,NULL,40),(NULL,'z',50);
SELECT a, b, grouping(a), grouping(a,b), grouping(b,a), sum(c) FROM gf GROUP BY ROLLUP(a,b) ORDER BY 1,2,3,4;
SELECT a, b, grouping(a, b) AS g, count(*) FROM gf GROUP BY CUBE(a, b) ORDER BY g, a, b;
SELECT a, grouping(a) FROM gf GROUP BY a ORDER BY 1;
SELECT a, b, sum(c) FROM gf GROUP BY GROUPING SETS ((a), (b), ()) HAVING grouping(a) = 1 ORDER BY 1, 2, 3;
SELECT a, sum(c) FROM gf GROUP BY ROLLUP(a) ORDER BY grouping(a) DESC, a;
SELECT CASE WHEN grouping(a) = 1 THEN 'total' ELSE a::text END AS label, sum(c) FROM gf GROUP BY ROLLUP(a) ORDER BY 1;
SELECT a + 1 AS a1, grouping(a + 1) FROM gf GROUP BY ROLLUP(a + 1) ORDER BY 1, 2;
SELECT grouping(c) FROM gf GROUP BY a;
SELECT grouping(a) FROM gf;
SELECT grouping(a) FROM gf GROUP BY a + 1;
SELECT a FROM gf WHERE grouping(a) = 0 GROUP BY a;
SELECT a FROM gf GROUP BY a, grouping(a);
SELECT sum(grouping(a)) FROM gf GROUP BY a;
SELECT grouping(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33) FROM gf;
-- GROUP BY DISTINCT removes duplicate sets
SELECT a, b, count(*) FROM gf GROUP BY DISTINCT ROLLUP(a), ROLLUP(a, b) ORDER BY 1, 2, 3;
SELECT a, b, count(*) FROM gf GROUP BY ALL ROLLUP(a), ROLLUP(a, b) ORDER BY 1, 2, 3;
SELECT a, count(*) FROM gf GROUP BY DISTINCT GROUPING SETS ((a), (a), ()) ORDER BY 1, 2;
SELECT a, count(*) FROM gf GROUP BY ALL a ORDER BY 1;
SELECT a, count(*) FROM gf GROUP BY DISTINCT a ORDER BY 1;
CREATE VIEW gfv AS SELECT a, grouping(a) AS g, sum(c) AS s FROM gf GROUP BY ROLLUP(a);
SELECT * FROM gfv ORDER BY 1, 2;
DROP VIEW gfv;
DROP TABLE gf;
