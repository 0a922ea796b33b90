-- window functions: every window function, aggregates as window functions,
-- frames (ROWS / RANGE / GROUPS, offsets, EXCLUDE), partitions, NULLs,
-- ties, named windows, windows over grouped rows, and PostgreSQL's errors.
CREATE TABLE emp (id int PRIMARY KEY, dept text, salary int, hired date, bonus numeric(8,2), rating float8);
INSERT INTO emp VALUES
  (1, 'eng', 5000, '2020-01-10', 100.50, 4.5),
  (2, 'eng', 6000, '2020-03-01', NULL, 3.0),
  (3, 'eng', 6000, '2021-07-15', 200.00, 4.0),
  (4, 'ops', 4000, '2019-11-30', 50.25, NULL),
  (5, 'ops', 4500, '2020-01-10', NULL, 2.5),
  (6, 'sales', 3000, '2022-02-01', 300.00, 5.0),
  (7, 'sales', NULL, '2022-02-03', 10.00, 1.5),
  (8, NULL, 3500, NULL, 0.00, 3.5),
  (9, 'eng', 7000, '2023-05-05', 150.00, 4.5);

-- ranking functions
SELECT id, dept, salary,
       row_number() OVER (ORDER BY salary, id) AS rn,
       rank() OVER (ORDER BY salary) AS rk,
       dense_rank() OVER (ORDER BY salary) AS drk,
       percent_rank() OVER (ORDER BY salary) AS prk,
       cume_dist() OVER (ORDER BY salary) AS cd
FROM emp ORDER BY salary, id;
SELECT id, dept, salary,
       row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn,
       rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS rk,
       dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST) AS drk,
       cume_dist() OVER (PARTITION BY dept ORDER BY salary) AS cd
FROM emp ORDER BY dept, id;
-- without ORDER BY every row of a partition is a peer
SELECT id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER (),
       count(*) OVER (), row_number() OVER (PARTITION BY dept ORDER BY id)
FROM emp ORDER BY id;
-- ntile
SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (PARTITION BY dept ORDER BY id),
       ntile(20) OVER (ORDER BY id), ntile(NULL) OVER (ORDER BY id)
FROM emp ORDER BY id;
-- lag / lead
SELECT id, salary,
       lag(salary) OVER w, lead(salary) OVER w,
       lag(salary, 2) OVER w, lead(salary, 3, 0) OVER w,
       lag(salary, -1) OVER w, lead(id, 0) OVER w,
       lag(salary, 1, 1.5) OVER w, lead(dept, 1, 'none') OVER w,
       lag(id, NULL) OVER w
FROM emp WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, dept, lag(id) OVER (PARTITION BY dept ORDER BY id), lead(hired) OVER (PARTITION BY dept ORDER BY id)
FROM emp ORDER BY id;
-- first_value / last_value / nth_value
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 2) OVER w, nth_value(id, 5) OVER w
FROM emp WINDOW w AS (ORDER BY salary, id) ORDER BY id;
SELECT id, first_value(id) OVER w, nth_value(id, 2) OVER w, count(*) OVER w
FROM emp WINDOW w AS (ORDER BY salary) ORDER BY id;
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(dept, 3) OVER w
FROM emp WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
-- aggregates as window functions
SELECT id, dept, salary,
       sum(salary) OVER (PARTITION BY dept) AS dsum,
       avg(salary) OVER (PARTITION BY dept) AS davg,
       count(salary) OVER (PARTITION BY dept) AS dcnt,
       min(salary) OVER (PARTITION BY dept ORDER BY id) AS runmin,
       max(salary) OVER (PARTITION BY dept ORDER BY id) AS runmax,
       sum(salary) OVER (ORDER BY id) AS runsum
FROM emp ORDER BY id;
SELECT id, bool_and(salary > 4000) OVER w, bool_or(salary > 6000) OVER w, every(salary > 3000) OVER w,
       string_agg(dept, ',') OVER w, sum(bonus) OVER w, avg(rating) OVER w
FROM emp WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, round(stddev(salary) OVER w, 4), round(variance(salary) OVER w, 4),
       round(stddev_pop(salary) OVER w, 4), round(var_samp(salary) OVER w, 4)
FROM emp WINDOW w AS (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) ORDER BY id;
SELECT id, count(*) FILTER (WHERE salary > 4000) OVER (ORDER BY id), sum(salary) FILTER (WHERE dept = 'eng') OVER ()
FROM emp ORDER BY id;
-- ROWS frames
SELECT id, salary,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s1,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS s2,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS s3,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS s4,
       count(*) OVER (ORDER BY id ROWS 2 PRECEDING) AS c5,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS empty
FROM emp ORDER BY id;
-- RANGE frames: peers, offsets over int / numeric / float / date / timestamp
SELECT id, salary,
       sum(salary) OVER (ORDER BY salary) AS peers,
       sum(salary) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest,
       sum(salary) OVER (ORDER BY salary RANGE BETWEEN 1000 PRECEDING AND 500 FOLLOWING) AS r1,
       count(*) OVER (ORDER BY salary DESC RANGE BETWEEN 1000 PRECEDING AND CURRENT ROW) AS r2,
       count(*) OVER (ORDER BY salary NULLS FIRST RANGE BETWEEN 500 PRECEDING AND 500 FOLLOWING) AS r3
FROM emp ORDER BY salary, id;
SELECT id, bonus, sum(bonus) OVER (ORDER BY bonus RANGE BETWEEN 100 PRECEDING AND 50.5 FOLLOWING)
FROM emp ORDER BY bonus, id;
SELECT id, rating, count(*) OVER (ORDER BY rating RANGE BETWEEN 1 PRECEDING AND 0.5 FOLLOWING)
FROM emp ORDER BY rating, id;
SELECT id, hired, count(*) OVER (ORDER BY hired RANGE BETWEEN '60 days' PRECEDING AND '1 month' FOLLOWING),
       first_value(id) OVER (ORDER BY hired DESC RANGE BETWEEN '1 year' PRECEDING AND CURRENT ROW)
FROM emp ORDER BY hired, id;
SELECT id, ts, count(*) OVER (ORDER BY ts RANGE BETWEEN '1 hour' PRECEDING AND CURRENT ROW)
FROM (SELECT id, timestamp '2024-01-01 10:00' + id * interval '25 minutes' AS ts FROM emp) s ORDER BY id;
-- GROUPS frames and EXCLUDE
SELECT id, salary,
       sum(salary) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS g1,
       count(*) OVER (ORDER BY salary GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS g2,
       sum(salary) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) AS x1,
       sum(salary) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS x2,
       sum(salary) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) AS x3,
       first_value(id) OVER (ORDER BY salary, id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE CURRENT ROW) AS x4
FROM emp ORDER BY salary, id;
-- named windows, references and several windows in one query
SELECT id, sum(salary) OVER w1, count(*) OVER w2, rank() OVER (w1 ORDER BY salary), max(id) OVER (w3 ROWS 1 PRECEDING)
FROM emp WINDOW w1 AS (PARTITION BY dept), w2 AS (ORDER BY id DESC), w3 AS (w1 ORDER BY id)
ORDER BY id;
-- windows over grouped rows
SELECT dept, count(*), sum(count(*)) OVER (), rank() OVER (ORDER BY sum(salary) DESC NULLS LAST),
       avg(sum(salary)) OVER (ORDER BY dept NULLS FIRST ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)
FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, max(salary), lag(max(salary)) OVER (ORDER BY max(salary)) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY 2;
SELECT sum(salary) OVER () FROM emp GROUP BY dept ORDER BY 1 LIMIT 1;
-- in ORDER BY, with DISTINCT, in expressions
SELECT id, dept FROM emp ORDER BY row_number() OVER (ORDER BY id DESC) LIMIT 3;
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM emp ORDER BY 1;
SELECT id, (rank() OVER (ORDER BY salary) * 10 + 1) AS expr, coalesce(lag(dept) OVER (ORDER BY id), '-') FROM emp ORDER BY id;
-- in subqueries and CTEs
SELECT * FROM (SELECT id, row_number() OVER (PARTITION BY dept ORDER BY salary DESC) AS rn FROM emp) s
WHERE rn = 1 ORDER BY id;
WITH r AS (SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY hired) AS rk FROM emp)
SELECT dept, count(*) FROM r WHERE rk <= 2 GROUP BY dept ORDER BY dept;
SELECT id, (SELECT count(*) OVER () FROM emp e2 WHERE e2.dept = e.dept LIMIT 1) FROM emp e ORDER BY id;
SELECT id FROM emp WHERE salary > (SELECT avg(salary) OVER () FROM emp LIMIT 1) ORDER BY id;
-- empty input, a single row, VALUES
SELECT row_number() OVER (), sum(salary) OVER () FROM emp WHERE false;
SELECT x, lag(x) OVER (ORDER BY x), sum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)
FROM (VALUES (3), (1), (2), (NULL)) v(x) ORDER BY x;
SELECT row_number() OVER (), rank() OVER (ORDER BY 1);
-- EXPLAIN shape
EXPLAIN (COSTS OFF) SELECT row_number() OVER (PARTITION BY dept ORDER BY salary) FROM emp;
EXPLAIN (COSTS OFF) SELECT count(*) OVER () FROM emp;
-- column names and types
SELECT pg_typeof(row_number() OVER ()), pg_typeof(percent_rank() OVER ()), pg_typeof(ntile(2) OVER ()),
       pg_typeof(lag(bonus) OVER ()), pg_typeof(sum(salary) OVER ()), pg_typeof(avg(salary) OVER ())
FROM emp LIMIT 1;
SELECT proname, prokind FROM pg_proc WHERE proname IN ('row_number', 'rank', 'ntile', 'lag') AND prokind = 'w' ORDER BY oid;

-- errors
SELECT id FROM emp WHERE row_number() OVER () > 1;
SELECT 1 FROM emp GROUP BY row_number() OVER ();
SELECT 1 FROM emp HAVING rank() OVER () > 1;
SELECT 1 FROM emp JOIN emp e2 ON row_number() OVER () > 1;
SELECT count(row_number() OVER ()) FROM emp;
SELECT sum(row_number() OVER ()) OVER () FROM emp;
SELECT row_number() FROM emp;
SELECT lag(id) FROM emp;
SELECT abs(id) OVER () FROM emp;
SELECT nosuchfunc(id) OVER () FROM emp;
SELECT rank() OVER (PARTITION BY row_number() OVER ()) FROM emp;
SELECT count(*) FILTER (WHERE row_number() OVER () > 1) FROM emp;
SELECT 1 FROM generate_series(1, row_number() OVER ());
INSERT INTO emp VALUES (row_number() OVER ());
UPDATE emp SET salary = row_number() OVER ();
SELECT row_number() OVER w FROM emp;
SELECT row_number() OVER w FROM emp WINDOW w AS (), w AS ();
SELECT row_number() OVER (w PARTITION BY id) FROM emp WINDOW w AS (ORDER BY id);
SELECT row_number() OVER (w ORDER BY id) FROM emp WINDOW w AS (ORDER BY id);
SELECT row_number() OVER (w) FROM emp WINDOW w AS (ROWS UNBOUNDED PRECEDING);
SELECT row_number() OVER (w ORDER BY id) FROM emp WINDOW w AS (ROWS UNBOUNDED PRECEDING);
SELECT sum(id) OVER (ORDER BY id, salary RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp;
SELECT sum(id) OVER (ORDER BY dept RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp;
SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN 1.5 PRECEDING AND 1 FOLLOWING) FROM emp;
SELECT sum(id) OVER (GROUPS 1 PRECEDING) FROM emp;
SELECT sum(id) OVER (ROWS id PRECEDING) FROM emp;
SELECT sum(id) OVER (ROWS 'x' PRECEDING) FROM emp;
SELECT sum(id) OVER (ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED PRECEDING) FROM emp;
SELECT sum(id) OVER (ROWS UNBOUNDED FOLLOWING) FROM emp;
SELECT sum(id) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM emp;
SELECT sum(DISTINCT id) OVER () FROM emp;
SELECT row_number(id) OVER () FROM emp;
SELECT lag(id ORDER BY id) OVER () FROM emp;
SELECT row_number() FILTER (WHERE id > 1) OVER () FROM emp;
SELECT ntile(0) OVER () FROM emp;
SELECT ntile(-1) OVER (ORDER BY id) FROM emp;
SELECT nth_value(id, 0) OVER () FROM emp;
SELECT sum(id) OVER (ROWS -1 PRECEDING) FROM emp;
SELECT sum(id) OVER (ROWS BETWEEN CURRENT ROW AND -2 FOLLOWING) FROM emp;
SELECT sum(id) OVER (ROWS NULL PRECEDING) FROM emp;
SELECT sum(id) OVER (ORDER BY id RANGE -1 PRECEDING) FROM emp;
SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM emp;
SELECT lag(id, 1, 'x') OVER () FROM emp;
SELECT id, salary FROM emp ORDER BY rank() OVER (ORDER BY nosuch);
SELECT abs(*) OVER () FROM emp;
-- more shapes
SELECT count(*) OVER (), row_number(*) OVER () FROM emp WHERE id < 3 ORDER BY 2;
SELECT sum(id) OVER w2 FROM emp WINDOW w1 AS (PARTITION BY dept), w2 AS (w1 ORDER BY id) ORDER BY 1;
SELECT id, first_value(id) OVER (ORDER BY id GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) FROM emp ORDER BY id;
SELECT id FROM emp WHERE id IN (SELECT row_number() OVER () FROM emp WHERE id < 4) ORDER BY id;
SELECT id, count(*) OVER (ORDER BY id RANGE BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) FROM emp ORDER BY id;
SELECT string_agg(id::text, '-') OVER (ORDER BY id DESC ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM emp ORDER BY id;
