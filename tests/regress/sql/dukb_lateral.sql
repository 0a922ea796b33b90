-- dukb_lateral: t.* of an earlier LATERAL subquery, LATERAL chains.
CREATE TABLE lt_a (x int, y text);
INSERT INTO lt_a VALUES (1, 'one'), (2, 'two'), (3, NULL);
SELECT * FROM lt_a a, LATERAL (SELECT a.x * 10 AS d, a.y) l1, LATERAL (SELECT l1.* FROM lt_a b WHERE b.x = a.x) l2 ORDER BY 1;
SELECT l2.* FROM lt_a a LEFT JOIN LATERAL (SELECT a.* WHERE a.x > 1) l2 ON true ORDER BY a.x;
SELECT a.x, s.* FROM lt_a a, LATERAL (SELECT count(*) AS n, max(b.x) AS m FROM lt_a b WHERE b.x < a.x) s ORDER BY 1;
SELECT * FROM lt_a a, LATERAL (SELECT nothere.* FROM lt_a b) l;
DROP TABLE lt_a;
