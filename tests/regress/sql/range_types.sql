-- range types: text I/O, canonicalization, errors, constructors
SELECT '[1,3]'::int4range, '(1,3)'::int4range, '(1,3]'::int4range, '[1,1)'::int4range;
SELECT '[1,3]'::int8range, '(,5]'::int8range, '[5,)'::int8range, '(,)'::int8range;
SELECT '[1.5,3.25]'::numrange, '(1.5,1.5)'::numrange, '[1.5,1.5]'::numrange;
SELECT '[2020-01-01,2020-01-31]'::daterange, '(2020-01-01,infinity]'::daterange, '[-infinity,2020-01-01]'::daterange;
SELECT '["2000-01-01 10:00","2000-01-02 12:30")'::tsrange;
SET TimeZone = 'UTC';
SELECT '[2000-01-01 10:00+02,2000-01-02 12:30+00)'::tstzrange;
SELECT '  empty  '::int4range, 'EMPTY'::numrange, '(3,4)'::int4range;
SELECT ' [ 1 , 5 ) '::int4range;
SELECT '["1","5"]'::int4range, '[\1,5]'::int4range;
SELECT ''::int4range;
SELECT 'empty x'::int4range;
SELECT '-[1,2)'::int4range;
SELECT '[1,2) x'::int4range;
SELECT '(1,2,3)'::int4range;
SELECT '(1)'::int4range;
SELECT '("1,2)'::int4range;
SELECT '[a,2)'::int4range;
SELECT '[5,1)'::int4range;
SELECT '[2147483647,2147483647]'::int4range;
SELECT int4range(1,5), int4range(1,5,'[]'), int4range(1,5,'()'), int4range(1,5,'(]'), int4range(NULL,5), int4range(1,NULL,'[]');
SELECT numrange(1.0, 2.0), numrange(1, 2, '[]'), daterange('2020-01-01', '2020-01-05', '[]');
SELECT tsrange('2000-01-01', '2000-01-02'), tstzrange('2000-01-01', NULL);
SELECT int4range(5,1);
SELECT int4range(1,5,'[x');
SELECT int4range(1,5,NULL);
SELECT int4range(3,3), int4range(3,3,'[]'), int4range(3,4,'()');
-- accessors
SELECT lower(int4range(1,5)), upper(int4range(1,5)), lower('(,5)'::int4range), upper('empty'::int4range);
SELECT isempty('empty'::numrange), isempty(numrange(1,2)), lower_inc('[1,2)'::numrange), upper_inc('[1,2]'::numrange),
       lower_inf('(,2]'::numrange), upper_inf('(1,)'::numrange), lower_inc('empty'::int4range);
SELECT lower(daterange('2020-01-01','2020-02-01')), upper(tsrange('2000-01-01','2000-01-02'));
-- operators
SELECT int4range(1,5) = int4range(1,4,'[]'), int4range(1,5) <> int4range(1,6), int4range(1,5) < int4range(2,3),
       'empty'::int4range < int4range(1,2), int4range(NULL,3) < int4range(1,2);
SELECT int4range(1,10) @> 5, int4range(1,10) @> 10, 5 <@ int4range(1,10), int4range(1,10) @> int4range(2,3),
       int4range(2,3) <@ int4range(1,10), int4range(1,10) @> 'empty'::int4range;
SELECT numrange(1,5) && numrange(4,6), numrange(1,5) && numrange(5,6), numrange(1,5,'[]') && numrange(5,6);
SELECT int4range(1,5) << int4range(5,7), int4range(1,5) >> int4range(5,7), int4range(8,9) >> int4range(5,7),
       int4range(1,5) &< int4range(2,7), int4range(1,5) &> int4range(2,7);
SELECT int4range(1,5) -|- int4range(5,7), int4range(1,5,'[]') -|- int4range(6,7), numrange(1,5) -|- numrange(5,7),
       numrange(1,5,'[]') -|- numrange(5,7), numrange(1,5) -|- numrange(5.1,7);
SELECT int4range(1,5) + int4range(5,7), numrange(1,5) + numrange(3,9), int4range(1,5) * int4range(3,9),
       int4range(1,5) * int4range(7,9), int4range(1,10) - int4range(5,20), int4range(1,10) - int4range(-5,3),
       int4range(1,10) - int4range(1,10), int4range(1,3) - int4range(5,7);
SELECT int4range(1,5) + int4range(7,9);
SELECT int4range(1,10) - int4range(4,5);
SELECT range_merge(int4range(1,5), int4range(7,9)), range_merge('empty'::int4range, int4range(2,3));
SELECT daterange('2020-01-01','2020-01-10') @> '2020-01-05'::date, tstzrange('2000-01-01', '2000-02-01') @> '2000-01-15 00:00+00'::timestamptz;
-- storage, ordering, keys
CREATE TABLE rt (id int PRIMARY KEY, r int4range, n numrange, d daterange, ts tsrange);
INSERT INTO rt VALUES (1, '[1,5)', '[1.5,2.5]', '[2020-01-01,2020-01-10)', '["2000-01-01","2000-01-02")'),
  (2, 'empty', '(,)', 'empty', '(,"2000-01-01")'),
  (3, '(,3]', '(1,)', '[2020-01-05,)', NULL),
  (4, '[1,4)', NULL, NULL, NULL),
  (5, '[1,5)', '[1.5,2.5]', '(,2020-01-01]', NULL);
SELECT * FROM rt ORDER BY id;
SELECT r FROM rt ORDER BY r;
SELECT r FROM rt ORDER BY r DESC;
SELECT DISTINCT r FROM rt ORDER BY r;
SELECT r, count(*) FROM rt GROUP BY r ORDER BY r;
SELECT id FROM rt WHERE r @> 2 ORDER BY id;
SELECT id FROM rt WHERE r && int4range(4,10) ORDER BY id;
SELECT range_intersect_agg(r) FROM rt WHERE NOT isempty(r);
UPDATE rt SET r = r + int4range(5,8) WHERE id = 1;
SELECT r FROM rt WHERE id = 1;
CREATE TABLE rk (r int4range PRIMARY KEY, d daterange UNIQUE);
INSERT INTO rk VALUES ('[1,3]', '[2020-01-01,2020-01-02]');
INSERT INTO rk VALUES ('[1,4)', '[2021-01-01,2021-01-02]');
INSERT INTO rk VALUES ('[2,4)', '[2020-01-01,2020-01-03)');
INSERT INTO rk VALUES ('empty', NULL), ('(,)', NULL), ('(,0]', NULL);
SELECT * FROM rk ORDER BY r;
SELECT * FROM rk WHERE r = '[1,4)';
CREATE TABLE rn (r numrange, t tstzrange);
CREATE UNIQUE INDEX rn_r ON rn (r DESC);
INSERT INTO rn VALUES ('[1,2)', NULL), ('[1,2]', NULL), ('(1,2]', NULL), ('empty', NULL), ('(,2)', NULL), ('[1,)', NULL);
INSERT INTO rn VALUES ('[1.0,2.00)', NULL);
SELECT r FROM rn ORDER BY r DESC;
SELECT r FROM rn WHERE r > '[1,2)' ORDER BY r;
-- casts and catalogs
SELECT '[1,2)'::text::int4range, int4range(1,2)::text, CAST('[1,2]' AS int8range);
SELECT pg_typeof(int4range(1,2)), pg_typeof(lower(numrange(1,2))), pg_typeof(upper(daterange('2020-01-01','2020-01-02')));
SELECT format_type('int4range'::regtype, NULL), format_type(3912, -1), 'tstzrange'::regtype::oid;
SELECT typname, typtype, typcategory, typlen, typalign, typarray::regtype FROM pg_type WHERE typtype = 'r' ORDER BY oid;
SELECT rngtypid::regtype, rngsubtype::regtype, rngcanonical, rngsubdiff FROM pg_range ORDER BY rngtypid;
SELECT ARRAY[int4range(1,2), int4range(3,4)], '{"[1,2)","empty"}'::int4range[];
-- operator resolution: element arguments take no implicit cast, unknown literals do
select int4range(1,5) @> '3';
select int4range(1,5) @> '[2,3)';
select '3' <@ int4range(1,5);
select '[2,3)' <@ int4range(1,5);
select '[1,5)' @> '[2,3)'::int4range;
select numrange(1,5) @> 2;
select numrange(1,5) @> 2.5::float8;
select daterange('2020-01-01','2020-02-01') @> '2020-01-05';
select tstzrange('2020-01-01','2020-02-01') @> '2020-01-05'::date;
select tsrange('2020-01-01','2020-02-01') @> '2020-01-05'::timestamptz;
select lower('[1,5)');
select isempty('empty');
select int4range(1.5, 3);
select numrange(1, 3.7);
select int8range(1, 3);
select daterange('2020-01-01'::timestamp, '2020-01-03');
select int4range(1,5) = '[1,5)', '[1,5)' = int4range(1,5);
select int4range(1,5) + '[3,8)';
select range_merge('[1,2)', int4range(5,6));
select int4range(1,5) && '[3,4]';
select '[1,5)'::int4range < '[1,6)';
select lower(int4range(1,5))::text, pg_typeof(lower(int8range(1,5)));
select int4range(1,5) @> null;
select null::int4range @> 3, int4range(null,null);
