-- dukb_outer_agg: correlated subqueries in grouped queries and outer-level
-- aggregates (an aggregate whose arguments reference only an enclosing
-- query belongs to that query), 42803 for ungrouped outer columns.
CREATE TABLE oa_t (id int PRIMARY KEY, g int, v int);
INSERT INTO oa_t VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 2, NULL), (5, NULL, 50);
CREATE TABLE oa_u (k int, w int);
INSERT INTO oa_u VALUES (1, 100), (2, 200), (3, 300);
-- outer-level aggregates make the outer query an aggregate one
SELECT (SELECT sum(oa_t.v)) FROM oa_t;
SELECT min(v), (SELECT max(oa_t.id)) FROM oa_t;
SELECT (SELECT count(oa_t.v) FROM oa_u WHERE oa_u.k = 1) FROM oa_t;
SELECT (SELECT sum(oa_t.v) FROM oa_u) FROM oa_t;
SELECT (SELECT sum(oa_t.v) + sum(oa_u.w) FROM oa_u) FROM oa_t ORDER BY 1;
SELECT g, (SELECT sum(oa_t.v) + min(w) FROM oa_u) FROM oa_t GROUP BY g ORDER BY g;
SELECT g, sum(v), (SELECT count(*) FROM oa_u WHERE w > sum(oa_t.v) * 5) FROM oa_t GROUP BY g ORDER BY g;
SELECT g, (SELECT (SELECT sum(oa_t.v) + x.w) FROM oa_u x WHERE x.k = 1) FROM oa_t GROUP BY g ORDER BY g;
SELECT count(*) FILTER (WHERE (SELECT sum(oa_t.v) FILTER (WHERE oa_t.v > 15)) > 0) FROM oa_t;
SELECT (SELECT count(*) FILTER (WHERE oa_t.v > 15)) FROM oa_t;
SELECT (SELECT string_agg(oa_t.id::text, ',' ORDER BY oa_t.id DESC)) FROM oa_t;
SELECT (SELECT array_agg(oa_t.v ORDER BY oa_t.v NULLS FIRST)) FROM oa_t;
SELECT g, (SELECT count(DISTINCT oa_t.v) + count(*)) FROM oa_t GROUP BY g ORDER BY g;
-- grouped queries: the subquery reads group keys and aggregates
SELECT g, (SELECT max(w) FROM oa_u WHERE oa_u.k = oa_t.g) FROM oa_t GROUP BY g ORDER BY g;
SELECT g, array(SELECT w FROM oa_u WHERE oa_u.k <= oa_t.g ORDER BY w) FROM oa_t GROUP BY g ORDER BY g;
SELECT g FROM oa_t GROUP BY g HAVING EXISTS (SELECT 1 FROM oa_u WHERE oa_u.k = oa_t.g) ORDER BY g;
SELECT g, count(*) FROM oa_t GROUP BY g HAVING (SELECT count(*) FROM oa_u WHERE oa_u.k <= oa_t.g) > 1;
SELECT g, count(*) FROM oa_t GROUP BY g ORDER BY (SELECT -oa_t.g) NULLS FIRST;
SELECT g, sum(v) = ANY (SELECT w / 10 * 3 FROM oa_u WHERE oa_u.k >= oa_t.g) FROM oa_t GROUP BY g ORDER BY g;
SELECT g, (WITH c AS (SELECT oa_t.g * 10 AS x) SELECT x FROM c) FROM oa_t GROUP BY g ORDER BY g;
SELECT id, v, (SELECT oa_t.v + w FROM oa_u WHERE k = 1) FROM oa_t GROUP BY id, v ORDER BY id;
SELECT count(*) FILTER (WHERE sum(v) > 0) FROM oa_t;
SELECT g, rank() OVER (ORDER BY (SELECT sum(oa_t.v)) DESC NULLS LAST) FROM oa_t GROUP BY g ORDER BY g;
SELECT g, (g, sum(v)) IN (SELECT k, w / 10 FROM oa_u) FROM oa_t GROUP BY g ORDER BY g;
SELECT g, (g, 100) = ANY (SELECT k, w FROM oa_u WHERE oa_u.k >= oa_t.g) FROM oa_t GROUP BY g ORDER BY g;
SELECT g FROM oa_t GROUP BY g HAVING (g, max(v)) IN (SELECT k, w / 10 FROM oa_u) ORDER BY g;
-- errors
SELECT g, (SELECT oa_t.v) FROM oa_t GROUP BY g;
SELECT id, (SELECT sum(oa_t.v)) FROM oa_t;
SELECT * FROM oa_t WHERE v > (SELECT avg(oa_t.v));
SELECT sum((SELECT sum(oa_t.v))) FROM oa_t;
SELECT g, (SELECT oa_t.v FROM oa_u LIMIT 1) FROM oa_t GROUP BY g + 1;
SELECT (SELECT sum(oa_t.v) FROM oa_u) FROM oa_t GROUP BY g;
UPDATE oa_t SET v = (SELECT sum(oa_t.v));
DROP TABLE oa_t, oa_u;
