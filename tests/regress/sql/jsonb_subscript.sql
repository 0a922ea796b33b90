-- jsonb subscripting, text[] path arguments, json[b]_populate_record[set],
-- json[b]_to_record[set], and the json functions added with them
-- path arguments are text[]
SELECT '{"a":{"b":[1,2]}}'::jsonb #> '{a,b,1}', '{"a":1}'::json #>> ARRAY['a'],
  '{"a":1,"b":2}'::jsonb ?| '{b,c}', '{"a":1,"b":2}'::jsonb ?& ARRAY['a','c'],
  jsonb_set('{"a":1}', '{b}', '3'), '{"a":1}'::jsonb #- '{a}', '[]'::jsonb #- '{a}';
SELECT '{"a":1,"b":2,"c":3}'::jsonb - '{a,c}'::text[], '["a","b",1]'::jsonb - ARRAY['a', NULL];
SELECT '1'::jsonb - '{a}'::text[];
SELECT jsonb_delete('{"a":1,"b":2}', 'a'), jsonb_delete('["a","b"]', 'a', 'b'), jsonb_delete('[1,2]', 0);
SELECT jsonb_contains('{"a":1,"b":2}', '{"a":1}'), jsonb_contained('{"a":1}', '{"a":1,"b":2}'),
  jsonb_exists('{"a":1}', 'a'), jsonb_exists_any('{"a":1}', '{b,a}'), jsonb_exists_all('{"a":1}', '{b,a}'),
  jsonb_concat('[1]', '[2]'), jsonb_delete_path('{"a":{"b":1}}', '{a,b}'), jsonb_cmp('1', '2'),
  jsonb_object_field('{"a":[1]}', 'a'), json_array_element_text('[1,"x"]', 1);
-- to_json of arrays, array_to_json
SELECT to_json(ARRAY[1,2]), to_jsonb(ARRAY[[1,2],[3,4]]), to_json(ARRAY['a',NULL]::text[]),
  json_build_object('a', ARRAY['x',NULL]), to_json(ROW(1, ARRAY[2])), to_jsonb('{}'::int[]);
SELECT array_to_json(ARRAY[[1,2],[3,4]], true), array_to_json('{{1,5},{99,100}}'::int[]);
SELECT json_build_object(ARRAY[1], 2);
-- json_object, jsonb_object
SELECT json_object('{a,1,b,2}'), json_object('{{a,1},{b,NULL}}'), json_object('{}'::text[]),
  jsonb_object('{b,2,a,1}'), json_object('{a,b}', '{1,2}'), jsonb_object('{a,b}', ARRAY['x', NULL]);
SELECT json_object('{a,b,c}');
SELECT json_object('{{a,b,c},{d,e,f}}');
SELECT json_object('{{{a}}}');
SELECT json_object('{a,b}', '{1}');
SELECT json_object('{{a}}', '{{1}}');
SELECT jsonb_object(ARRAY[NULL, 'a']);
-- jsonb_set_lax
SELECT jsonb_set_lax('{"a":1,"b":2}', '{b}', '5'), jsonb_set_lax('{"a":1,"b":2}', '{b}', NULL),
  jsonb_set_lax('{"a":1,"b":2}', '{b}', NULL, true, 'delete_key'),
  jsonb_set_lax('{"a":1,"b":2}', '{b}', NULL, true, 'return_target'),
  jsonb_set_lax('{"a":1}', '{c}', NULL, false), jsonb_set_lax(NULL, '{c}', '1');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'raise_exception');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'no_such');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, NULL);
-- subscripting: reading
SELECT ('{"a": {"b": [1, 2, 3]}}'::jsonb)['a'], ('{"a": {"b": [1, 2, 3]}}'::jsonb)['a']['b'][-1],
  ('[1,2]'::jsonb)[0], ('[1,2]'::jsonb)['0'], ('{"1":5}'::jsonb)[1], ('1'::jsonb)['a'],
  ('[1,2]'::jsonb)[NULL], ('[1,2]'::jsonb)[5], ('[1,2]'::jsonb)[-3], ('{"a":1}'::jsonb)['a']['b'];
SELECT ('[1,2]'::jsonb)[1:2];
SELECT ('[1,2]'::jsonb)[:1];
SELECT ('[1,2]'::jsonb)[1.0];
SELECT ('[1,2]'::jsonb)[1::int8];
CREATE TABLE js (id int PRIMARY KEY, j jsonb);
INSERT INTO js VALUES (1, '{}'), (2, NULL), (3, '[]'), (4, '1'), (5, '{"a": [1]}');
SELECT id, j['a'] AS a, j['a'][0] FROM js ORDER BY id;
SELECT id FROM js WHERE j['a'] = '[1]';
-- subscripting: assignment
UPDATE js SET j['a'] = '1' WHERE id = 1;
UPDATE js SET j[2] = '"x"' WHERE id = 3;
UPDATE js SET j['x']['y'][2] = 'true' WHERE id = 2;
SELECT * FROM js ORDER BY id;
UPDATE js SET j['a'] = '1' WHERE id = 4;
UPDATE js SET j['a'][-5] = '1' WHERE id = 5;
UPDATE js SET j['a']['b'] = '1' WHERE id = 5;
UPDATE js SET j[NULL] = '1' WHERE id = 5;
UPDATE js SET j['a'] = 1 WHERE id = 5;
UPDATE js SET j['a'][1:2] = '1' WHERE id = 5;
UPDATE js SET j['a'][3] = NULL WHERE id = 5;
UPDATE js SET j['a'][-1] = '7' WHERE id = 5;
UPDATE js SET j['a'] = '2', j['b'] = '{"c": 3}' WHERE id = 1;
UPDATE js SET j['b']['d'] = j['b']['c'] WHERE id = 1;
INSERT INTO js (id, j[0]) VALUES (6, '"z"');
INSERT INTO js (id, j['k']['l']) VALUES (7, '"z"');
UPDATE js SET j[0] = '5' WHERE id = 1;
SELECT * FROM js ORDER BY id;
-- json[b]_populate_record
CREATE TYPE jpop AS (a text, b int, c timestamp);
SELECT json_populate_record(ROW('x',1,NULL)::jpop, '{"b":"7", "c": "2020-01-01"}'),
  json_populate_record(NULL::jpop, NULL), json_populate_record(ROW('x',1,NULL)::jpop, NULL);
SELECT (jsonb_populate_record(NULL::jpop, '{"a": "q", "b": 3}')).b;
SELECT * FROM json_populate_record(NULL::jpop, '{"a":"blurfl","x":43.2}') q;
SELECT * FROM jsonb_populate_record(ROW('x',3,'2012-12-31 15:30:56')::jpop, '{"a":[100,200,false],"x":43.2}') q;
SELECT * FROM json_populate_record(ROW('x',3,'2012-12-31 15:30:56')::jpop, '{"a":[100, 200,false],"x":43.2}') q;
SELECT * FROM json_populate_record(NULL::jpop, NULL);
SELECT * FROM json_populate_record(ROW('x',1,NULL)::jpop, NULL);
SELECT json_populate_record(NULL::jpop, '[1]');
SELECT jsonb_populate_record(NULL::jpop, '1');
SELECT json_populate_record(1, '{}');
SELECT json_populate_record(NULL::record, '{"x": 0}');
SELECT * FROM json_populate_record(NULL::jpop, '{}') AS x(a int);
CREATE TYPE jrec AS (i int, ia int[], ta text[], js json, jsb jsonb, n numeric(5,1));
SELECT * FROM json_populate_record(NULL::jrec, '{"i": "12", "ia": [[1,2],[3,4]], "ta": ["a", null, "b c"], "js": {"a":  [1, "x"]}, "jsb": {"b": 1, "a": "s"}, "n": 3.14159}');
SELECT * FROM jsonb_populate_record(NULL::jrec, '{"i": "12", "ia": [[1,2],[3,4]], "ta": ["a", null, "b c"], "js": {"a":  [1, "x"]}, "jsb": {"b": 1, "a": "s"}, "n": 3.14159}');
SELECT ia FROM json_populate_record(NULL::jrec, '{"ia": 123}');
SELECT ia FROM json_populate_record(NULL::jrec, '{"ia": [[1], 2]}');
SELECT ia FROM jsonb_populate_record(NULL::jrec, '{"ia": [[1], [2, 3]]}');
SELECT ia FROM json_populate_record(NULL::jrec, '{"ia": "{1,2,3}"}');
SELECT ia FROM json_populate_record(NULL::jrec, '{"ia": []}');
SELECT ia FROM json_populate_record(NULL::jrec, '{"ia": [[], []]}');
SELECT i FROM json_populate_record(NULL::jrec, '{"i": "x"}');
SELECT js, jsb FROM json_populate_record(NULL::jrec, '{"js": "str", "jsb": "s\"q"}');
SELECT js, jsb FROM jsonb_populate_record(NULL::jrec, '{"js": "str", "jsb": 1.50}');
SELECT t.id, p.* FROM (VALUES (1, '{"a":"x","b":1}'::jsonb), (2, '{"b":2}')) t(id, j),
  jsonb_populate_record(NULL::jpop, t.j) p ORDER BY t.id;
-- json[b]_populate_recordset
SELECT * FROM json_populate_recordset(NULL::jpop, '[{"a":1},{"b":2}]');
SELECT * FROM jsonb_populate_recordset(ROW('def',99,NULL)::jpop, '[{"a":1},{"b":2}]') x;
SELECT * FROM jsonb_populate_recordset(NULL::jpop, NULL);
SELECT * FROM json_populate_recordset(NULL::jpop, '{}');
SELECT * FROM jsonb_populate_recordset(NULL::jpop, '{}');
SELECT * FROM json_populate_recordset(NULL::jpop, '[1]');
-- json[b]_to_record[set]
SELECT * FROM json_to_record('{"a":1,"b":"x","c":[1,2]}') AS x(a int, b text, c int[], d date);
SELECT * FROM jsonb_to_record('{"a": [1,2], "b": {"c": true}, "d": "2020-01-02"}') AS x(a int[], b jsonb, d date, e text);
SELECT * FROM json_to_record('{"r": {"a": "aaa", "b": 123}}') AS x(r jpop);
SELECT * FROM json_to_recordset('[{"a":1,"b":"x"},{"a":2}]') AS x(a int, b text, c int[]) WHERE a > 1;
SELECT x.* FROM (VALUES ('[{"id": 1, "tags": ["a","b"]}, {"id": 2}]'::jsonb)) v(j),
  jsonb_to_recordset(v.j) AS x(id int, tags text[]);
SELECT * FROM json_to_recordset(NULL) AS x(a int);
SELECT * FROM json_to_record(NULL) AS x(a int);
SELECT * FROM json_populate_record(NULL::record, '{"a":1}') AS x(a int);
SELECT * FROM json_to_record('[1]') AS x(a int);
SELECT * FROM jsonb_to_record('1') AS x(a int);
SELECT * FROM json_to_recordset('{}') AS x(a int);
SELECT * FROM jsonb_to_recordset('{}') AS x(a int);
SELECT * FROM json_to_recordset('[{"a":1},[1]]') AS x(a int);
SELECT * FROM json_to_record('{"a":"x"}') AS x(a int);
SELECT * FROM json_to_record('{}');
-- an anonymous record base with a column definition list
SELECT * FROM json_populate_recordset(ROW(0::int), '[{"a":"1","b":"2"},{"a":"3"}]') q (a text, b text);
SELECT * FROM json_populate_recordset(ROW(0::int,0::int), '[{"a":"1","b":"2"},{"a":"3"}]') q (a text, b text);
SELECT * FROM json_populate_recordset(ROW(0::int,0::int,0::int), '[{"a":"1","b":"2"},{"a":"3"}]') q (a text, b text);
SELECT * FROM json_populate_recordset(ROW(1000000000::int,50::int), '[{"b":"2"},{"a":"3"}]') q (a int, b int);
SELECT * FROM json_populate_recordset(ROW(1, 2), '[{"f1":"7"},{"f2":"3"}]') q (a int, b int);
-- datetimes in JSON are ISO 8601 whatever the DateStyle
SET datestyle = 'Postgres, MDY';
SELECT to_json('2014-05-28 08:22:35.614298+00'::timestamptz), to_json('2014-05-28'::date),
  to_jsonb('2014-05-28 1:00'::timestamp), json_build_array('2014-05-28 08:22:35+00'::timestamptz);
RESET datestyle;
-- VARIADIC arrays to the json builders
SELECT jsonb_build_array(VARIADIC NULL::text[]), jsonb_build_array(VARIADIC '{}'::text[]), jsonb_build_array(VARIADIC '{{1,4},{2,5},{3,6}}'::int[][]), json_build_array(VARIADIC ARRAY['a', NULL]::text[]);
SELECT json_build_object(VARIADIC NULL::text[]), json_build_object(VARIADIC '{}'::text[]), jsonb_build_object(VARIADIC ARRAY['a', NULL]::text[]), json_build_object(VARIADIC '{{1,4},{2,5}}'::int[]);
SELECT json_build_object(VARIADIC ARRAY[NULL, 'a']::text[]);
SELECT jsonb_build_object(VARIADIC ARRAY['a']::text[]);
SELECT json_build_object(VARIADIC 1);
SELECT json_build_array(VARIADIC '{a,b}');
-- column definition typmods
select *, c is null as c_is_null
from json_to_record('{"a":1, "b":{"c":16, "d":2}, "x":8, "ca": ["1 2", 3], "ia": [[1,2],[3,4]], "r": {"a": "aaa", "b": 123}}'::json)
    as t(a int, b json, c text, x int, ca char(5)[], ia int[][], r jpop);
select * from jsonb_to_record('{"v": "abcdef", "n": 1.26}') as x(v varchar(3), n numeric(4,1));
select * from jsonb_to_record('{"v": "abc  ", "n": 1.26}') as x(v varchar(3), n numeric(4,1));
-- populate_recordset in a select list
SELECT jsonb_populate_recordset(row(1,2), '[{"f1": 0, "f2": 1}]');
SELECT i, jsonb_populate_recordset(row(i,50), '[{"f1":"42"},{"f2":"43"}]') FROM (VALUES (1),(2)) v(i);
SELECT json_populate_recordset(null::jpop, '[{"a":"x"},{"b":3}]'), 7 AS k;
SELECT (json_populate_recordset(null::jpop, '[{"a":"x"},{"b":3}]')).b;
SELECT jsonb_populate_recordset(null::record, '[{"x": 0, "y": 1}]');
SELECT json_populate_record(null::jpop, '{"a":"x"}'), json_populate_record(row(1,2), '{"f2":"3"}');
SELECT json_to_recordset('[{"a":1}]');
-- subscripts in ON CONFLICT, views, parameters, RETURNING, ORDER BY
create table jc (id int primary key, j jsonb);
insert into jc values (1, '{"a": {"b": 1}}') on conflict (id) do update set j['x'] = '1';
insert into jc values (1, '{}') on conflict (id) do update set j['a']['c'] = '2' returning j['a'], j;
create view jcv as select id, j['a']['b'] as ab, j['a'] from jc;
select * from jcv;
prepare p1(text) as select j[$1] from jc;
execute p1('a');
update jc set j['z'] = to_jsonb(id) returning *;
select id from jc order by j['a']['b'];
select j['a']['c']::int + 1 from jc;
SELECT json_extract_path('{"a":{"b":1}}', VARIADIC ARRAY['a','b']), jsonb_extract_path_text('{"a":{"b":1}}', VARIADIC '{a,b}'),
  jsonb_delete('{"a":1,"b":2}', VARIADIC ARRAY['a']), json_extract_path_text('{"a":{"b":1}}'::json, VARIADIC NULL::text[]);
CREATE TYPE one AS (a int);
SELECT json_populate_recordset(NULL::one, '[{"a":1},{"a":2}]'), (json_populate_recordset(NULL::one, '[{"a":3}]')).a;
-- WITH ORDINALITY
select * from jsonb_array_elements('[1,"a",{"b":2}]') with ordinality;
select * from jsonb_array_elements_text('[1,"a"]') with ordinality as t(v, i);
select t.* from json_each('{"a":1,"b":[2]}') with ordinality t;
select * from jsonb_object_keys('{"b":1,"a":2}') with ordinality k;
select k, n from jsonb_object_keys('{"b":1,"a":2}') with ordinality k(k, n);
select * from jsonb_populate_recordset(null::jpop, '[{"a":1},{"b":2}]') with ordinality;
select * from json_to_recordset('[{"a":1},{"a":2}]') with ordinality as x(a int);
select x.*, e.* from (values (1, '[10,20]'::jsonb), (2, '[30]')) x(id, j), jsonb_array_elements(x.j) with ordinality e(v, n) order by 1, 4;
select * from jsonb_array_elements('[1]') with ordinality as t(a, b, c);
SELECT * FROM jsonb_each('{}') AS t(a,b,c);
