-- explain_agg: EXPLAIN of expressions over an aggregate's output — sort keys
-- and HAVING print the aggregate call or grouping expression, as PostgreSQL.
CREATE TABLE ea (a int PRIMARY KEY, b text, c int);
EXPLAIN (COSTS OFF) SELECT b, count(*) FROM ea GROUP BY b ORDER BY 2 DESC LIMIT 3;
EXPLAIN (COSTS OFF) SELECT b, count(*) AS n FROM ea GROUP BY b ORDER BY n, b;
EXPLAIN (COSTS OFF) SELECT b, sum(a) FROM ea GROUP BY b ORDER BY sum(a) + 1;
EXPLAIN (COSTS OFF) SELECT b, count(*) FROM ea GROUP BY b HAVING count(*) > 1;
EXPLAIN (COSTS OFF) SELECT b, sum(c) FILTER (WHERE c > 3) FROM ea GROUP BY b ORDER BY 2;
EXPLAIN (COSTS OFF) SELECT b, max(c) FROM ea GROUP BY b
  HAVING max(c) > 1 AND sum(a) < 10 ORDER BY max(c) DESC NULLS LAST;
EXPLAIN (COSTS OFF) SELECT b, avg(c)::int FROM ea GROUP BY b ORDER BY avg(c)::int;
EXPLAIN (COSTS OFF) SELECT * FROM ea ORDER BY a + 1;
EXPLAIN (COSTS OFF) SELECT * FROM ea ORDER BY lower(b), c DESC;
EXPLAIN (COSTS OFF) SELECT b FROM ea GROUP BY b ORDER BY b;
