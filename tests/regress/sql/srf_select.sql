-- set-returning functions in a select list with FROM (ProjectSet), and
-- unnest / generate_series beside a table in FROM (implicitly LATERAL)
CREATE TABLE st (id int, n int, arr int[]);
INSERT INTO st VALUES (1, 2, '{10,20,30}'), (2, 0, '{}'), (3, 3, NULL), (4, 1, '{40}');
SELECT id, unnest(arr) FROM st ORDER BY 1, 2;
SELECT id, generate_series(1, n) FROM st ORDER BY 1, 2;
SELECT id, generate_series(1, n) g, unnest(arr) u FROM st ORDER BY 1, 2, 3;
SELECT id, u FROM st, unnest(st.arr) u ORDER BY 1, 2;
SELECT id, g FROM st, generate_series(1, st.n) g ORDER BY 1, 2;
SELECT id, u, o FROM st, unnest(arr) WITH ORDINALITY AS x(u, o) ORDER BY 1, 3;
SELECT id, unnest(arr) + 1 AS u1, unnest(arr) AS u2, generate_series(1, 2) g FROM st ORDER BY 1, 2, 3, 4;
SELECT DISTINCT generate_series(1, n) FROM st ORDER BY 1;
SELECT id, unnest(arr) FROM st WHERE id > 1 ORDER BY 1, 2 LIMIT 2;
SELECT jsonb_array_elements('[1,2]'::jsonb), id FROM st ORDER BY 2, 1;
SELECT jsonb_each('{"a":1}'::jsonb), id FROM st ORDER BY 2;
SELECT (jsonb_each('{"a":1}'::jsonb)).key, id FROM st ORDER BY 2;
SELECT information_schema._pg_expandarray(ARRAY[5, 6]), (information_schema._pg_expandarray(ARRAY[5, 6])).n, id
  FROM st ORDER BY id, 2;
SELECT (information_schema._pg_expandarray('5 6'::int2vector)).x;
SELECT r.k, (r.k).x, (r.k).n FROM (SELECT information_schema._pg_expandarray(ARRAY['a', 'b']) k FROM st WHERE id = 1) r ORDER BY 2;
SELECT id, generate_series(1, id) FROM st WHERE id < 3 ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT id, unnest(arr) FROM st;
DROP TABLE st;
