-- jsonb, json operators and functions
-- input and canonical output
SELECT '{"b": 1, "a": [1, 2.50, 1e2], "aa": null, "a": "x\u00e9\n"}'::jsonb;
SELECT '  [1,   {"c":3, "b" :2}]'::jsonb, '"str"'::jsonb, 'null'::jsonb, '-0.0'::jsonb, '1E-3'::jsonb;
SELECT '{"a":1, "a":2, "a":3}'::jsonb, '{}'::jsonb, '[]'::jsonb;
SELECT '{"a":"\"\\\/\b\f\r\t"}'::jsonb;
SELECT '{'::jsonb;
SELECT '[1,2'::jsonb;
SELECT '{"a" 1}'::jsonb;
SELECT 'nul'::jsonb;
SELECT '"\u0000"'::jsonb;
SELECT pg_typeof('1'::jsonb), '{"a":1}'::jsonb::text, '{"a":1}'::json::jsonb, '{"a":  1}'::jsonb::json;
-- ordering and equality
SELECT '{"a":1}'::jsonb = '{"a":1.0}'::jsonb, '[1,2]'::jsonb <> '[2,1]'::jsonb;
CREATE TABLE jo (id int PRIMARY KEY, j jsonb);
INSERT INTO jo VALUES (1, '{"x": 1}'), (2, '[1,2]'), (3, NULL), (4, '"s"'), (5, '1'), (6, 'null'),
  (7, 'true'), (8, '[]'), (9, '{}'), (10, '{"a":1,"b":2}'), (11, '[3]'), (12, '"a"'), (13, '2.5'),
  (14, 'false'), (15, '{"y": 0}'), (16, '[[1]]');
SELECT id, j FROM jo ORDER BY j, id;
SELECT j, count(*) FROM jo GROUP BY j ORDER BY j;
SELECT DISTINCT j FROM jo WHERE j IS NOT NULL ORDER BY j DESC;
SELECT a.id, b.id FROM jo a JOIN jo b ON a.j = b.j WHERE a.id < b.id ORDER BY 1, 2;
-- -> ->> #> #>>
SELECT '{"a":{"b":[1,"x",null]}}'::jsonb -> 'a', '{"a":1}'::jsonb -> 'z', '[1,2,3]'::jsonb -> 1, '[1,2,3]'::jsonb -> -1, '[1,2,3]'::jsonb -> 5;
SELECT '{"a":{"b":[1,"x",null]}}'::jsonb ->> 'a', '{"a":"q"}'::jsonb ->> 'a', '{"a":null}'::jsonb ->> 'a', '["x"]'::jsonb ->> 0;
SELECT '{"a":{"b":[1,"x",null]}}'::jsonb #> '{a,b,1}', '{"a":{"b":[1,"x",null]}}'::jsonb #>> '{a,b,1}', '{"a":{"b":[1,"x",null]}}'::jsonb #> '{a,b,-1}', '{"a":1}'::jsonb #> '{}';
SELECT '{"a":{"b":[1,"x",null]}}'::jsonb #> '{a,zz}', '{"a":[1]}'::jsonb #> '{a,x}';
SELECT '{"a":1}'::jsonb -> 1, '[1]'::jsonb -> 'a', '"s"'::jsonb -> 0;
SELECT '{"a": [1,  2], "b": "c\"d"}'::json -> 'a', '{"a": [1,  2], "b": "c\"d"}'::json ->> 'b', '[1, {"x" : 2}]'::json -> 1, '[1, {"x" : 2}]'::json #> '{1,x}', '[1, {"x" : 2}]'::json #>> '{1}';
SELECT json_extract_path('{"a":{"b":3}}', 'a', 'b'), json_extract_path_text('{"a":{"b":"t"}}', 'a', 'b'), jsonb_extract_path('{"a":{"b":3}}', 'a'), jsonb_extract_path_text('{"a":[5,6]}', 'a', '1');
-- containment and existence
SELECT '{"a":1,"b":{"c":[1,2,3]}}'::jsonb @> '{"b":{"c":[3,1]}}', '{"a":1}'::jsonb @> '{"a":2}', '[1,2,[3]]'::jsonb @> '[[3]]', '[1,2]'::jsonb @> '1', '1'::jsonb @> '[1]';
SELECT '{"a":1}'::jsonb <@ '{"a":1,"b":2}', '"a"'::jsonb @> '"a"', '{"a":[1]}'::jsonb @> '{"a":1}';
SELECT '{"a":1}'::jsonb ? 'a', '["a","b"]'::jsonb ? 'b', '[1]'::jsonb ? '1', '{"a":1}'::jsonb ?| '{x,a}', '{"a":1}'::jsonb ?& '{x,a}', '{"a":1,"x":2}'::jsonb ?& '{x,a}';
-- || - #-
SELECT '{"a":1,"b":1}'::jsonb || '{"b":2,"c":3}', '[1,2]'::jsonb || '[3]', '[1]'::jsonb || '2', '1'::jsonb || '[2]', '{"a":1}'::jsonb || '[2]', '"a"'::jsonb || '"b"';
SELECT '{"a":1,"b":2}'::jsonb - 'a', '["a","b","a"]'::jsonb - 'a', '[1,2,3]'::jsonb - 0, '[1,2,3]'::jsonb - -1, '[1,2,3]'::jsonb - 7;
SELECT '1'::jsonb - 'a';
SELECT '{"a":1}'::jsonb - 0;
SELECT '{"a":{"b":1,"c":2}}'::jsonb #- '{a,b}', '[1,[2,3]]'::jsonb #- '{1,0}', '{"a":1}'::jsonb #- '{x,y}';
-- builders
SELECT jsonb_build_object('b', 1, 'a', 'x', 'b', 2), json_build_object('a', 1, 'b', true, 'c', NULL), jsonb_build_object(), json_build_object();
SELECT jsonb_build_array(1, 'x', NULL, 2.50, true), json_build_array(), json_build_array('a', 1.5::float8, '{"k":1}'::json);
SELECT json_build_object('a');
SELECT json_build_object(NULL, 1);
SELECT jsonb_build_object(1, 2, true, 3);
SELECT to_json('a"b'::text), to_jsonb(1.50), to_json(42), to_json('2020-01-01 10:00'::timestamp), to_jsonb(true), to_json('2021-03-04'::date), to_jsonb('NaN'::float8), to_jsonb('{"a":1}'::jsonb);
SELECT to_json(NULL::int), to_jsonb(E'tab\there'::text);
-- jsonb_set, jsonb_insert, strip_nulls, pretty
SELECT jsonb_set('{"a":[1,2]}', '{a,0}', '"x"'), jsonb_set('{"a":1}', '{b}', '2'), jsonb_set('{"a":1}', '{b}', '2', false), jsonb_set('[1,2]', '{-9}', '0'), jsonb_set('[1,2]', '{9}', '3');
SELECT jsonb_set('{"a":{"b":1}}', '{a,c,d}', '1'), jsonb_set('[]', '{0}', '1');
SELECT jsonb_set('[1]', '{x}', '1');
SELECT jsonb_set('1', '{a}', '1');
SELECT jsonb_insert('{"a":[1,2]}', '{a,1}', '9'), jsonb_insert('{"a":[1,2]}', '{a,1}', '9', true), jsonb_insert('{"a":1}', '{b}', '2');
SELECT jsonb_insert('{"a":1}', '{a}', '2');
SELECT jsonb_strip_nulls('{"a":null,"b":[null,{"c":null}],"d":1}'), json_strip_nulls('{"a": null, "b": [1, null], "c" : {"d":null}}');
SELECT jsonb_pretty('{"a":[1,{"b":2}],"c":{},"d":[]}');
SELECT jsonb_pretty('"x"');
-- typeof, array_length
SELECT jsonb_typeof('1'), jsonb_typeof('"s"'), jsonb_typeof('null'), jsonb_typeof('true'), jsonb_typeof('[]'), jsonb_typeof('{}'), json_typeof('1.5'), json_typeof(' {} ');
SELECT jsonb_array_length('[1,2,[3]]'), json_array_length('[]');
SELECT jsonb_array_length('{}');
SELECT jsonb_array_length('1');
SELECT json_array_length('1');
-- set-returning functions
SELECT * FROM jsonb_each('{"b":1,"a":[2],"c":null}');
SELECT * FROM jsonb_each_text('{"b":1,"a":[2],"c":null,"d":"s"}');
SELECT * FROM json_each('{"b": 1, "a": [2,  3]}');
SELECT key, value FROM json_each_text('{"b": 1, "a": "x"}') AS t ORDER BY key;
SELECT k, v FROM jsonb_each('{"x":1,"y":2}') AS t(k, v) WHERE v = '2';
SELECT jsonb_array_elements('[1,"a",{"b":1},null]');
SELECT * FROM jsonb_array_elements_text('[1,"a",{"b":1},null]');
SELECT x FROM json_array_elements('[1, "a",  [2]]') AS t(x);
SELECT value FROM json_array_elements_text('["x", 2]');
SELECT * FROM jsonb_object_keys('{"bb":1,"a":2,"c":3}');
SELECT json_object_keys('{"z":1,"a":2}');
SELECT count(*) FROM jsonb_array_elements('[1,2,3]') e, jsonb_each('{"a":1,"b":2}') o;
SELECT * FROM jsonb_each('[1]');
SELECT * FROM jsonb_array_elements('{"a":1}');
SELECT * FROM jsonb_array_elements('1');
SELECT * FROM jsonb_object_keys('[1]');
SELECT * FROM jsonb_object_keys('1');
-- aggregates
SELECT json_agg(x), jsonb_agg(x), json_object_agg(x, x * 2), jsonb_object_agg('k' || x, NULL) FROM generate_series(1, 3) x;
SELECT json_agg(j), jsonb_agg(j) FROM (SELECT j FROM jo WHERE id IN (1, 3, 4) ORDER BY id) s;
SELECT json_agg(x) FROM generate_series(1, 0) x;
SELECT jsonb_object_agg(k, v) FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) t(k, v);
SELECT id % 2, jsonb_agg(id) FROM jo WHERE id < 6 GROUP BY 1 ORDER BY 1;
SELECT json_object_agg(NULL, 1);
-- casts
SELECT '1'::jsonb::int, '2.5'::jsonb::int, '12345678901'::jsonb::bigint, '1.5'::jsonb::numeric, '1'::jsonb::float8, '1.25'::jsonb::real, 'true'::jsonb::bool, '7'::jsonb::smallint;
SELECT '"a"'::jsonb::int;
SELECT 'null'::jsonb::int;
SELECT '[1]'::jsonb::numeric;
SELECT '{}'::jsonb::bool;
SELECT '1'::jsonb::bool;
SELECT '1'::jsonb::date;
SELECT CAST('{"a":1}'::jsonb AS json), CAST('{"a":1}'::jsonb AS text), CAST('[1, 2]' AS jsonb);
-- tables
CREATE TABLE jt (id int PRIMARY KEY, doc jsonb NOT NULL, meta json);
INSERT INTO jt VALUES (1, '{"name": "a", "tags": ["x", "y"], "n": 1}', '{"k" : 1}'),
  (2, '{"name": "b", "tags": [], "n": 2.0}', NULL), (3, '[1, 2]', '[]');
SELECT id, doc, meta FROM jt ORDER BY id;
SELECT id, doc->>'name' AS name, doc->'tags'->>0 AS first_tag FROM jt WHERE doc ? 'name' ORDER BY id;
SELECT id FROM jt WHERE doc @> '{"tags":["y"]}' ORDER BY id;
UPDATE jt SET doc = jsonb_set(doc, '{n}', '10') WHERE id = 1;
UPDATE jt SET doc = doc || '{"extra": true}' WHERE id = 2;
SELECT id, doc FROM jt ORDER BY id;
SELECT id, doc->'n' FROM jt WHERE (doc->>'n')::numeric > 1 ORDER BY id;
SELECT sum((doc->>'n')::numeric) FROM jt WHERE jsonb_typeof(doc) = 'object';
INSERT INTO jt VALUES (4, '{bad', NULL);
\d jt
DROP TABLE jt;
DROP TABLE jo;
-- more edge cases
SELECT '"s"'::jsonb -> 0, '"s"'::jsonb -> -1, '"s"'::jsonb ->> 0, '"s"'::jsonb #> '{0}', '"s"'::jsonb #>> '{}', '"s"'::json -> 0, '1'::jsonb -> 1, '{"a":1,"a":2}'::json -> 'a';
SELECT '{"a":"\ud800"}'::jsonb;
SELECT '["\ud800x"]'::jsonb;
SELECT '"\u0000"'::json, '"\ud83d\ude00"'::jsonb;
SELECT jsonb_build_object(NULL, 1);
SELECT jsonb_build_object('[1]'::jsonb, 1);
SELECT jsonb_build_object('a'::text, 1, 'b');
SELECT '1'::jsonb - 0;
SELECT '[1,2]'::jsonb #- '{x}';
SELECT jsonb_insert('[1]', '{x}', '1');
SELECT jsonb_set('{"a":1}', '{NULL}', '1');
SELECT '1'::jsonb #- '{a}';
SELECT '{"a":1}'::jsonb #- '{a,b}';
SELECT '
[1,
  2 x]'::json;
SELECT '{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": 1 2}'::jsonb;
-- functions in FROM using earlier FROM items (implicitly LATERAL)
CREATE TABLE jl (id int PRIMARY KEY, j jsonb);
INSERT INTO jl VALUES (1, '{"a":1,"b":[1,2]}'), (2, '{"b":[3]}'), (3, '{}'), (4, NULL);
SELECT * FROM jl, jsonb_each(jl.j) ORDER BY id, key;
SELECT id, e.key, e.value FROM jl JOIN jsonb_each(jl.j) e ON e.key = 'b' ORDER BY id;
SELECT id, k FROM jl LEFT JOIN jsonb_object_keys(jl.j) k ON true ORDER BY id, k;
SELECT id, x.value FROM jl, jsonb_array_elements(jl.j->'b') x ORDER BY id, x.value;
SELECT t.id, count(*) FROM jl t, jsonb_each(t.j) WHERE t.id > 0 GROUP BY t.id ORDER BY t.id;
SELECT id, v FROM jl, LATERAL jsonb_each_text(j) AS v(k, v) WHERE v.v <> '1' ORDER BY id;
SELECT (SELECT count(*) FROM jsonb_each(jl.j)) FROM jl ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM jl, jsonb_each(jl.j);
DROP TABLE jl;
