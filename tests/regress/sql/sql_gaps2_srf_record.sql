-- Set-returning functions in grouped / aggregated / windowed select lists and
-- nested SRFs (ProjectSet above Agg/WindowAgg); sorting, grouping, DISTINCT,
-- set operations and comparison operators on record values.
CREATE TABLE g2t (k int, x int);
INSERT INTO g2t VALUES (1, 10), (1, 20), (2, 5), (3, NULL);
SELECT k, generate_series(1, count(*)::int) FROM g2t GROUP BY k ORDER BY 1, 2;
SELECT unnest(array_agg(x ORDER BY x)) FROM g2t;
SELECT generate_series(1, 3) AS g, sum(x) OVER () FROM g2t ORDER BY 1 LIMIT 5;
SELECT generate_series(1, 2) AS g, x, rank() OVER (ORDER BY x) FROM g2t ORDER BY 3, 1, 2;
SELECT generate_series(1, generate_series(1, 3));
SELECT generate_series(1, 2), generate_series(1, generate_series(1, 3));
SELECT generate_series(1, generate_series(1, count(*)::int)) AS n FROM g2t ORDER BY 1;
SELECT k, generate_series(1, 2) FROM g2t GROUP BY k HAVING k > 1 ORDER BY 1, 2;
SELECT DISTINCT generate_series(1, count(*)::int) AS n FROM g2t GROUP BY k ORDER BY 1;
SELECT generate_series(1, count(*)::int) AS n FROM g2t;
SELECT generate_series(1, count(*)::int);
SELECT generate_series(0, max(x), 10) AS s FROM g2t ORDER BY s DESC LIMIT 2;
SELECT k, unnest(ARRAY[sum(x), max(x)]) AS u, generate_series(1, 3) AS g FROM g2t
  GROUP BY k ORDER BY k, g;
SELECT k, generate_series(1, count(*)::int) * 10 AS t, sum(x) OVER (ORDER BY k) FROM g2t
  GROUP BY k ORDER BY 1, 2;
SELECT generate_series(1, row_number() OVER (ORDER BY k, x)::int) AS n FROM g2t ORDER BY 1;
SELECT k, json_each('{"a":1}'::json), count(*) FROM g2t GROUP BY k ORDER BY k;
-- errors
SELECT generate_series(1, x), count(*) FROM g2t GROUP BY k;
SELECT sum(generate_series(1, 3));
SELECT sum(generate_series(1, 2)) OVER () FROM g2t;
SELECT CASE WHEN k > 1 THEN generate_series(1, 2) END FROM g2t;
SELECT coalesce(generate_series(1, 2), 1);
-- records: ORDER BY, DISTINCT, GROUP BY, set operations
CREATE TABLE g2r (a int, b text);
INSERT INTO g2r VALUES (1, 'x'), (2, NULL), (1, 'y'), (NULL, 'z'), (2, 'a'), (1, 'x');
SELECT a, b FROM g2r ORDER BY ROW(a, b);
SELECT a, b FROM g2r ORDER BY (a, b) DESC;
SELECT a, b FROM g2r ORDER BY (b, a) NULLS FIRST;
SELECT DISTINCT (a, b) FROM g2r ORDER BY 1;
SELECT ROW(a, b), count(*) FROM g2r GROUP BY ROW(a, b) ORDER BY 1;
SELECT max(a) FROM g2r GROUP BY (a, b) ORDER BY 1 NULLS FIRST;
SELECT (a, b) AS p FROM g2r ORDER BY p LIMIT 3;
SELECT (a, b) FROM g2r UNION SELECT (1, 'q'::text) ORDER BY 1;
SELECT (a, b) FROM g2r INTERSECT SELECT (1, 'x'::text);
SELECT (a, b) FROM g2r EXCEPT SELECT (1, 'x'::text) ORDER BY 1;
SELECT (a, b) FROM g2r UNION ALL SELECT (1, 'q'::text) ORDER BY 1;
-- comparison operators on record values
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x > ROW(1, 'x'::text) ORDER BY 1;
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x = ROW(1, 'x'::text);
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x <> ROW(1, 'x'::text) ORDER BY 1;
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x >= ROW(1, 'y'::text) ORDER BY 1;
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x <= ROW(1, 'x'::text) ORDER BY 1;
SELECT x < y, x = y, x <> y FROM (SELECT ROW(1, NULL::int) x, ROW(1, 2) y) s;
SELECT x = y FROM (SELECT ROW(1, NULL::int) x, ROW(1, NULL::int) y) s;
SELECT ROW(1, 2) < ROW(1, 3), ROW(1, NULL) < ROW(2, 1), ROW(1, 'a') = ROW(1, 'a');
SELECT (1, 'q'), (1, NULL), ROW('a', 2.5) AS r2;
-- mismatched record types
SELECT (a, b) FROM g2r UNION SELECT (1, 'q') ORDER BY 1;
SELECT (a, b) FROM g2r INTERSECT SELECT (1, 'x');
SELECT (a, b) FROM g2r EXCEPT SELECT (1, 2);
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x > ROW(1, 'x');
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x < ROW(1);
SELECT x FROM (SELECT ROW(a, b) x FROM g2r) s WHERE x < ROW(1, 2);
DROP TABLE g2t, g2r;
