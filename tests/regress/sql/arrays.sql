-- arrays: I/O, constructors, subscripts, operators, functions, unnest,
-- array_agg, table columns and errors
-- text input and output
SELECT '{1,2,NULL}'::int[] AS a, '{{1,2},{3,4}}'::int[] AS b, '[0:1]={1,2}'::int[] AS c;
SELECT '{"a b","c\"d",NULL,"NULL","",x\,y}'::text[] AS t;
SELECT '{ a , b c }'::text[] AS t, '{}'::text[] AS e, '[2:3][1:1]={{1},{2}}'::int[] AS d;
SELECT '{1.5,NaN}'::float8[] AS f, '{1.50,-2}'::numeric[] AS n, '{t,f,NULL}'::bool[] AS b;
SELECT '{2020-01-02,infinity}'::date[] AS d, '{"2020-01-02 03:04:05"}'::timestamp[] AS ts;
SELECT '{"2020-01-02 03:04:05+02"}'::timestamptz[] AS tz, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[] AS u;
SELECT '{"\\x0102"}'::bytea[] AS b, '{abc}'::name[] AS n, '{1,2}'::oid[] AS o, '{1,2}'::int2[] AS s, '{1}'::int8[] AS l;
SELECT '{a,b}'::varchar[] AS v, '{1.25}'::float4[] AS r;
-- malformed literals
SELECT '{1,2'::int[];
SELECT '{1}x'::int[];
SELECT 'x'::int[];
SELECT '{{1},{2,3}}'::int[];
SELECT '{{1},2}'::int[];
SELECT '{"a"b}'::text[];
SELECT '[1:2]={1}'::int[];
SELECT '[2:1]={1}'::int[];
SELECT '{a}'::int[];
SELECT '{99999999999}'::int[];
-- constructors
SELECT ARRAY[1,2,3] AS a, ARRAY[[1,2],[3,4]] AS b, ARRAY['a','b'] AS c, ARRAY[1,2.5] AS d;
SELECT ARRAY[ARRAY[1,2],ARRAY[3,4]] AS a, ARRAY[]::int[] AS e, ARRAY[NULL,1] AS n;
SELECT ARRAY['1','2']::int[] AS a, ARRAY[1,2]::text[] AS b, ARRAY[1.6,2.4]::int[] AS c;
SELECT ARRAY(SELECT g FROM generate_series(1,4) g ORDER BY g DESC) AS s;
SELECT ARRAY(SELECT 'x'::text WHERE false) AS empty;
SELECT ARRAY[];
SELECT ARRAY[ARRAY[1,2],ARRAY[3]];
SELECT ARRAY[1,'a'];
-- subscripts and slices
SELECT (ARRAY[1,2,3])[2] AS s, (ARRAY[[1,2],[3,4]])[2][1] AS m, (ARRAY[1,2,3])[5] AS o, (ARRAY[1,2,3])[NULL] AS n;
SELECT (ARRAY[1,2,3,4])[2:3] AS a, (ARRAY[1,2,3])[:2] AS b, (ARRAY[1,2,3])[2:] AS c, (ARRAY[1,2,3])[3:2] AS d;
SELECT (ARRAY[[1,2],[3,4]])[1:2][2] AS a, (ARRAY[[1,2],[3,4]])[2] AS b, ('[0:2]={7,8,9}'::int[])[0] AS c;
SELECT (1)[1];
SELECT (ARRAY[1,2])['a'];
-- comparison and containment
SELECT ARRAY[1,2] = ARRAY[1,2] AS eq, ARRAY[1,2] <> ARRAY[1,3] AS ne, ARRAY[1,2] < ARRAY[1,3] AS lt,
       ARRAY[1,2] < ARRAY[1,2,0] AS lt2, ARRAY[2] > ARRAY[1,9] AS gt, ARRAY[1,NULL] = ARRAY[1,NULL] AS eqn;
SELECT ARRAY[1,2,3] @> ARRAY[2] AS c1, ARRAY[1] <@ ARRAY[1,2] AS c2, ARRAY[1] && ARRAY[2] AS o1,
       ARRAY[1,NULL] @> ARRAY[NULL::int] AS c3, ARRAY[1,2] >= ARRAY[1,2] AS ge, ARRAY[1] <= '{0}' AS le;
SELECT '[0:1]={1,2}'::int[] = '{1,2}'::int[] AS lb_eq;
SELECT ARRAY[1,2] = ARRAY[1,2]::int8[];
-- concatenation
SELECT ARRAY[1,2] || ARRAY[3] AS a, 0 || ARRAY[1] AS b, ARRAY[1] || 2 AS c, ARRAY[[1,2]] || ARRAY[3,4] AS d,
       '{1}' || ARRAY[2] AS e, ARRAY['a'] || 'b'::text AS f, ARRAY[1] || NULL::int[] AS g;
SELECT ARRAY[1,2] || ARRAY[1.5] AS promoted;
SELECT ARRAY[[1,2]] || ARRAY[[3]];
SELECT ARRAY[1] || ARRAY[[[1]]];
-- ANY / ALL / IN
SELECT 2 = ANY(ARRAY[1,2]) AS a, 3 = ALL('{3,3}') AS b, 1 = ANY('{2,NULL}') AS c, 1 = ANY(NULL::int[]) AS d,
       2 > ALL(ARRAY[1,0]) AS e, 'b' = ANY(ARRAY['a','b']) AS f, 1 <> ALL(ARRAY[]::int[]) AS g;
SELECT ARRAY[1] IN (ARRAY[1], ARRAY[2]) AS i, 5::int8 = ANY(ARRAY[1,5]) AS x;
-- functions
SELECT array_length(ARRAY[1,2,3],1) AS l, array_length(ARRAY[1],2) AS l2, array_lower('[0:1]={1,2}'::int[],1) AS lo,
       array_upper(ARRAY[[1,2],[3,4]],2) AS up, cardinality(ARRAY[[1,2],[3,4]]) AS c, cardinality('{}'::int[]) AS c0;
SELECT array_ndims(ARRAY[[1]]) AS n, array_ndims('{}'::int[]) AS n0, array_dims('[0:1]={1,2}'::int[]) AS d,
       array_dims(ARRAY[[1,2,3],[4,5,6]]) AS d2, array_dims('{}'::int[]) AS d0;
SELECT array_append(ARRAY[1,2], 3) AS a, array_prepend(0, ARRAY[1]) AS p, array_cat(ARRAY[1], ARRAY[2,3]) AS c,
       array_append(NULL::int[], 1) AS an, array_prepend(0, '[2:3]={1,2}'::int[]) AS plb;
SELECT array_position(ARRAY['a','b','c','b'], 'b') AS p, array_position(ARRAY['a','b','c','b'], 'b', 3) AS p3,
       array_position(ARRAY[1,NULL], NULL) AS pn, array_positions(ARRAY[1,2,1], 1) AS ps, array_position(ARRAY[1], 9) AS none;
SELECT array_remove(ARRAY[1,2,3,2], 2) AS r, array_remove(ARRAY[1,NULL], NULL) AS rn,
       array_replace(ARRAY[1,2,1], 1, 9) AS rp, array_replace(ARRAY[1,NULL], NULL, 5) AS rpn;
SELECT array_to_string(ARRAY[1,NULL,3], ',') AS a, array_to_string(ARRAY[1,NULL,3], ',', '*') AS b,
       array_to_string(ARRAY['x','y'], '') AS c, array_to_string(ARRAY[[1,2],[3,4]], '-') AS d;
SELECT string_to_array('a,b,,c', ',') AS a, string_to_array('abc', NULL) AS b, string_to_array('abc', '') AS c,
       string_to_array('', ',') AS d, string_to_array('a,NULL,b', ',', 'NULL') AS e, string_to_array('a--b', '--') AS f;
SELECT array_length(5, 1);
SELECT array_append(ARRAY[[1]], 2);
SELECT array_position(ARRAY[[1]], 1);
SELECT array_length('{1}', 1);
-- unnest and generate_subscripts
SELECT unnest(ARRAY[1,2,NULL]) AS u;
SELECT unnest('{{a,b},{c,d}}'::text[]);
SELECT * FROM unnest(ARRAY[1,2], ARRAY['a','b','c']) WITH ORDINALITY;
SELECT t.x, t.n FROM unnest(ARRAY[10,20]) WITH ORDINALITY AS t(x, n) ORDER BY t.n DESC;
SELECT * FROM unnest(ARRAY['p','q']) AS u;
SELECT count(*), sum(u) FROM unnest(ARRAY[4,5,6]) u;
SELECT * FROM generate_subscripts(ARRAY['a','b','c'], 1) g;
SELECT generate_subscripts('[3:4]={1,2}'::int[], 1, true);
SELECT * FROM unnest(NULL::int[]);
-- array_agg
SELECT array_agg(x) AS a, array_agg(x ORDER BY x DESC) AS d FROM generate_series(1,4) x;
SELECT array_agg(x ORDER BY x DESC NULLS LAST) AS a, array_agg(x ORDER BY x NULLS FIRST) AS b,
       array_agg(x) FILTER (WHERE x > 1) AS f FROM (VALUES (1),(NULL),(3)) v(x);
SELECT array_agg(ARRAY[x, x+1]) AS aa FROM generate_series(1,3) x;
SELECT array_agg(x) AS none FROM generate_series(1,0) x;
SELECT g, array_agg(s ORDER BY s) FROM (VALUES (1,'b'),(1,'a'),(2,'c')) v(g,s) GROUP BY g ORDER BY g;
-- table columns
CREATE TABLE arr_t (id int PRIMARY KEY, tags text[], nums int[], m numeric(5,2)[], d date[], v varchar(3)[]);
INSERT INTO arr_t VALUES (1, '{a,b}', ARRAY[1,2], '{1.5,NULL}', ARRAY['2020-01-01'::date], '{ab}'),
  (2, NULL, '{}', NULL, NULL, NULL), (3, ARRAY['c'], '{{1,2},{3,4}}', '{}', '{}', '{x,y}');
SELECT * FROM arr_t ORDER BY id;
SELECT id, tags[1] AS t1, nums[2] AS n2, cardinality(nums) AS c FROM arr_t ORDER BY id;
SELECT id FROM arr_t WHERE 'a' = ANY(tags) ORDER BY 1;
SELECT id FROM arr_t WHERE tags @> '{c}' ORDER BY 1;
UPDATE arr_t SET tags = tags || 'z'::text WHERE id = 1;
UPDATE arr_t SET nums = array_append(nums, 9) WHERE id = 2;
SELECT id, tags, nums FROM arr_t ORDER BY tags NULLS FIRST, id;
SELECT id FROM arr_t ORDER BY nums DESC, id;
SELECT tags, count(*) FROM arr_t GROUP BY tags ORDER BY tags;
SELECT DISTINCT nums FROM arr_t ORDER BY nums;
SELECT id, nums FROM arr_t WHERE nums = '{1,2}' ORDER BY id;
INSERT INTO arr_t (id, nums) VALUES (4, '{1,x}');
INSERT INTO arr_t (id, v) VALUES (5, '{abcd}');
SELECT array_agg(id ORDER BY id) AS ids FROM arr_t;
SELECT pg_typeof(tags), pg_typeof(nums[1]), pg_typeof(nums[1:1]) FROM arr_t WHERE id = 1;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'arr_t'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE arr_t;
-- catalog
SELECT format_type(1007, -1) AS a, format_type('int4[]'::regtype, -1) AS b, 'text[]'::regtype AS c,
       pg_typeof(ARRAY[1]) AS d, pg_typeof('{a}'::varchar(3)[]) AS e;
SELECT oid, typname, typelem, typcategory FROM pg_type WHERE oid IN (1007, 1009, 1016, 1231) ORDER BY oid;
SELECT ARRAY[1,2]::text AS t, '{1,2}'::int[]::int8[] AS b, CAST(ARRAY[1] AS varchar) AS v;
-- defaults, checks and COPY of array columns
CREATE TABLE arr_d (id int PRIMARY KEY, a int[] DEFAULT '{1}', b text[] DEFAULT ARRAY['x','y'] CHECK (cardinality(b) < 4),
  c int[] DEFAULT ARRAY[[1,2],[3,4]]);
\d arr_d
INSERT INTO arr_d (id) VALUES (1);
INSERT INTO arr_d VALUES (2, '{}', '{a,b,c,d}');
COPY arr_d FROM stdin;
3	{4,5}	{"q r",NULL}	{}
\.
SELECT * FROM arr_d ORDER BY id;
COPY arr_d TO stdout;
SELECT x.id, y.id FROM arr_d x JOIN arr_d y ON x.a = y.a ORDER BY 1, 2;
SELECT a FROM arr_d UNION SELECT ARRAY[9] ORDER BY 1;
DROP TABLE arr_d;
-- parameters of array types
PREPARE arr_p(int[]) AS SELECT $1 AS a, $1[1] AS f, pg_typeof($1) AS t;
EXECUTE arr_p('{5,6}');
DEALLOCATE arr_p;
-- array type names
SELECT '{1,2}'::_int4 AS a, '_text'::regtype AS t;
