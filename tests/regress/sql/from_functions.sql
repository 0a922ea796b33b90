-- from_functions: any function in FROM (one row for a scalar one), WITH
-- ORDINALITY, ROWS FROM, column aliases, column definition lists and
-- their errors, string_to_table, named arguments.
CREATE TABLE ff (id int PRIMARY KEY, a int[], j jsonb);
INSERT INTO ff VALUES (1, '{10,20}', '{"x": 1, "y": [2, 3]}'), (2, '{30}', '[4, 5]');

-- scalar functions: one row, the column named after the function or the alias
SELECT * FROM abs(-7);
SELECT * FROM abs(-7) AS t;
SELECT * FROM abs(-7) AS t(v);
SELECT t FROM upper('abc') AS t;
SELECT * FROM upper('a') u, lower('B');
SELECT * FROM coalesce(NULL, 5);
SELECT * FROM CAST(42 AS int);
SELECT * FROM abs(NULL::int);
SELECT count(*) FROM current_date;
SELECT * FROM abs(-7) WITH ORDINALITY AS t;

-- lateral: arguments over the earlier FROM items
SELECT ff.id, x.* FROM ff, abs(ff.id * -10) AS x ORDER BY 1;
SELECT ff.id, e.* FROM ff, jsonb_array_elements(ff.j) WITH ORDINALITY AS e(v, n)
  WHERE jsonb_typeof(ff.j) = 'array' ORDER BY 1, 3;
SELECT ff.id, k.* FROM ff, jsonb_each(ff.j) WITH ORDINALITY AS k
  WHERE jsonb_typeof(ff.j) = 'object' ORDER BY 1, 4;

-- WITH ORDINALITY on every kind of set-returning function
SELECT * FROM generate_series(5, 7) WITH ORDINALITY;
SELECT * FROM generate_series(5, 7) WITH ORDINALITY AS g(v, n);
SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS u(x, n);
SELECT * FROM generate_subscripts(ARRAY[5, 6, 7], 1) WITH ORDINALITY;
SELECT * FROM regexp_split_to_table('a b c', ' ') WITH ORDINALITY AS t(w, n);
SELECT * FROM json_array_elements_text('["p", "q"]') WITH ORDINALITY;

-- ROWS FROM: in lock-step, the shorter padded with NULL
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b']));
SELECT * FROM ROWS FROM (generate_series(1, 5), generate_series(1, 2)) WITH ORDINALITY AS g(i, j, o);
SELECT * FROM ROWS FROM (unnest(ARRAY[10, 20], ARRAY['foo', 'bar']), abs(-1)) AS z(a, b, c);
SELECT * FROM ROWS FROM (abs(-1), generate_series(1, 3)) WITH ORDINALITY;
SELECT v.n, r.* FROM (VALUES (1), (2)) v(n),
  LATERAL ROWS FROM (generate_series(1, v.n), abs(-v.n)) WITH ORDINALITY AS r ORDER BY 1, 4;
SELECT * FROM (VALUES (1), (2)) v(n) JOIN abs(-1) WITH ORDINALITY AS z(a, ord) ON n = ord;
SELECT count(*) FROM ROWS FROM (generate_series(1, 10), generate_series(1, 3));

-- records: the fields become columns; a column definition list names them
WITH a(b) AS (VALUES (ROW(1, 2, 3))) SELECT * FROM a, coalesce(b) AS c(d int, e int, f int);

-- string_to_table
SELECT * FROM string_to_table('a,b,,c', ',');
SELECT * FROM string_to_table('a,b,,c', ',', '');
SELECT * FROM string_to_table('abc', NULL);
SELECT * FROM string_to_table('abc', '');
SELECT * FROM string_to_table('', ',');
SELECT * FROM string_to_table('1|2|3', '|') WITH ORDINALITY AS t(v, n);
SELECT string_to_table('x y', ' ') AS w, 1 AS k;

-- a set-returning function of the registry
SELECT * FROM pg_options_to_table(ARRAY['fillfactor=70', 'autovacuum_enabled=false', 'novalue']);
SELECT * FROM pg_options_to_table(NULL);
SELECT * FROM pg_options_to_table(ARRAY['a=1', 'b=2']) WITH ORDINALITY AS t(n, v, o);
SELECT pg_options_to_table(ARRAY['a=1', 'b=2']);
SELECT * FROM ROWS FROM (pg_options_to_table(ARRAY['a=1', 'b=2']), generate_series(1, 3));
SELECT c.relname, o.* FROM (VALUES ('t1', ARRAY['x=1']), ('t2', ARRAY['y=2', 'z=3'])) c(relname, opts),
  pg_options_to_table(c.opts) o ORDER BY 1, 2;
SELECT * FROM pg_options_to_table(ARRAY['a=1']) AS t(x text, y text);

-- named arguments
SELECT make_interval(days => 1, hours => 2);
SELECT make_interval(1, days := 2);
SELECT make_date(day => 3, month => 2, year => 2001);
SELECT make_timestamp(2020, 1, 2, 3, 4, sec => 5.5);
SELECT make_timestamptz(year => 2020, month => 1, mday => 2, hour => 3, min => 4, sec => 5, timezone => 'UTC');
SELECT jsonb_set('{"a": 1}', '{b}', '2', create_if_missing => false);
SELECT jsonb_set(jsonb_in => '{"a": 1}', path => '{b}', replacement => '2');
SELECT jsonb_insert('{"a": [1]}', '{a,0}', '0', insert_after => true);
SELECT * FROM make_interval(hours => 2) AS t;
SELECT * FROM jsonb_each(from_json => '{"k": true}');

-- errors
SELECT * FROM no_such_function(1);
SELECT * FROM abs(-1) AS t(x int);
SELECT * FROM ROWS FROM (abs(-1)) AS t(x int);
SELECT * FROM unnest(ARRAY[1, 2]) AS t(a int);
SELECT * FROM jsonb_each('{}') AS t(a text, b jsonb);
SELECT * FROM generate_series(1, 2) WITH ORDINALITY AS g(a, b, c);
SELECT * FROM sum(1);
SELECT * FROM abs(generate_series(1, 2));
SELECT * FROM generate_series(1, generate_series(1, 3));
WITH a(b) AS (VALUES (ROW(1, 2, 3))) SELECT * FROM a, coalesce(b) AS c(d int, e int);
WITH a(b) AS (VALUES (ROW(1, 2, 3))) SELECT * FROM a, coalesce(b) AS c(d int, e int, f float8);
SELECT make_interval(dayz => 1);
SELECT make_date(1, year => 2);
SELECT make_date(year => 1, year => 2, month => 3);
DROP TABLE ff;
