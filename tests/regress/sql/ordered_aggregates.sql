-- ORDER BY inside aggregate calls: several keys, ASC/DESC, NULLS FIRST/LAST,
-- DISTINCT, FILTER, grouped and ungrouped.
CREATE TABLE oa (g int, x text, y int, z int);
INSERT INTO oa VALUES (1, 'a', 3, 1), (1, 'b', 1, 2), (1, 'c', 2, 2), (1, 'd', NULL, 0),
  (2, 'e', 5, 5), (2, NULL, 4, 4), (2, 'f', 4, 1), (3, NULL, NULL, NULL);
SELECT g, string_agg(x, ',' ORDER BY y DESC, z) FROM oa GROUP BY g ORDER BY g;
SELECT g, string_agg(x, ',' ORDER BY y, z DESC) FROM oa GROUP BY g ORDER BY g;
SELECT g, string_agg(x, ',' ORDER BY y NULLS FIRST, x) FROM oa GROUP BY g ORDER BY g;
SELECT g, string_agg(x, ',' ORDER BY y DESC NULLS LAST, x DESC) FROM oa GROUP BY g ORDER BY g;
SELECT string_agg(x, ',' ORDER BY x) FROM oa;
SELECT string_agg(x, ',' ORDER BY x DESC) FILTER (WHERE y > 1) FROM oa;
SELECT array_agg(x ORDER BY y, z) FROM oa;
SELECT array_agg(y ORDER BY z DESC, y NULLS FIRST) FROM oa;
SELECT array_agg(x ORDER BY y DESC NULLS LAST, z) FROM oa WHERE g = 1;
SELECT g, array_agg(z ORDER BY x NULLS FIRST) FROM oa GROUP BY g ORDER BY g;
SELECT json_agg(x ORDER BY y DESC, x) FROM oa;
SELECT jsonb_agg(y ORDER BY x DESC NULLS LAST, y) FROM oa;
SELECT json_object_agg(x, y ORDER BY z, x) FROM oa WHERE x IS NOT NULL;
SELECT jsonb_object_agg(x, z ORDER BY y DESC) FROM oa WHERE x IS NOT NULL AND y IS NOT NULL;
SELECT g, count(x ORDER BY x), count(* ) FILTER (WHERE y > 0), sum(y ORDER BY z),
  min(x ORDER BY y DESC), max(z ORDER BY x) FROM oa GROUP BY g ORDER BY g;
SELECT count(x ORDER BY x), sum(y ORDER BY y DESC), avg(z ORDER BY x) FROM oa;
SELECT string_agg(DISTINCT x, ',' ORDER BY x DESC) FROM oa;
SELECT array_agg(DISTINCT y ORDER BY y DESC NULLS LAST) FROM oa;
SELECT array_agg(DISTINCT z ORDER BY z NULLS FIRST) FROM oa;
SELECT count(DISTINCT y ORDER BY y) FROM oa;
SELECT g, string_agg(x, '-' ORDER BY z, y) FILTER (WHERE z > 0) FROM oa GROUP BY g ORDER BY g;
SELECT g, string_agg(x || ':' || y, ' ' ORDER BY y * -1, x) FROM oa GROUP BY g ORDER BY g;
SELECT string_agg(x, ',' ORDER BY 1) FROM oa WHERE x < 'd';
SELECT string_agg(x, ',' ORDER BY 'k', x) FROM oa WHERE x < 'd';
-- USING < / >, DISTINCT without ORDER BY sorts the input
SELECT array_agg(x ORDER BY y USING >, x USING <) FROM oa;
SELECT string_agg(DISTINCT x, ','), json_agg(DISTINCT z), array_agg(DISTINCT y) FROM oa;
SELECT g, string_agg(DISTINCT x, ';' ORDER BY x) FROM oa GROUP BY g ORDER BY g;
SELECT bool_and(y > 0 ORDER BY y), string_agg(y::text, ',' ORDER BY y::text DESC) FROM oa;
-- empty input
SELECT string_agg(x, ',' ORDER BY y), array_agg(x ORDER BY y), count(x ORDER BY y) FROM oa WHERE false;
SELECT g, array_agg(x ORDER BY z) FROM oa WHERE y > 10 GROUP BY g;
-- HAVING and ORDER BY using ordered aggregates
SELECT g, string_agg(x, ',' ORDER BY y DESC) AS s FROM oa GROUP BY g
  HAVING string_agg(x, ',' ORDER BY y DESC) IS NOT NULL ORDER BY s;
-- correlated subquery
SELECT g, (SELECT string_agg(o2.x, ',' ORDER BY o2.z DESC, o2.x) FROM oa o2 WHERE o2.g = o1.g)
  FROM (SELECT DISTINCT g FROM oa) o1 ORDER BY g;
-- errors
SELECT string_agg(DISTINCT x, ',' ORDER BY y) FROM oa;
SELECT array_agg(DISTINCT x ORDER BY x, z) FROM oa;
SELECT count(x ORDER BY count(y)) FROM oa;
SELECT string_agg(x, ',' ORDER BY nosuch) FROM oa;
SELECT sum(x ORDER BY y) FROM oa;
SELECT string_agg(x, ',' ORDER BY y) OVER () FROM oa;
SELECT g FROM oa WHERE count(x ORDER BY y) > 0;
DROP TABLE oa;
