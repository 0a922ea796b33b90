-- Scalar types and their functions as PostgreSQL 15 has them: VARIADIC
-- calls, to_char / to_timestamp / to_date templates, interval input with
-- typmods and sql_standard signs, numeric and float functions, bytea bits,
-- unistr, parse_ident.
SET DateStyle = 'Postgres, MDY';
SET TimeZone = 'America/Los_Angeles';

-- VARIADIC array arguments
SELECT concat(VARIADIC ARRAY[1, 2, 3]), concat_ws(',', VARIADIC ARRAY[1, 2, 3]);
SELECT concat_ws(',', VARIADIC NULL::int[]) IS NULL AS n1, concat(VARIADIC NULL::int[]) IS NULL AS n2,
       concat(VARIADIC '{}'::int[]) = '' AS empty;
SELECT concat_ws(',', VARIADIC 10);
SELECT format('%s, %s', VARIADIC ARRAY['Hello', 'World']), format('%2$s, %1$s', VARIADIC ARRAY[1, 2]);
SELECT format('Hello', VARIADIC NULL::int[]), format('>>%*1$s<<', 10, 'Hello'), format('|%*2$s|', 'foo', 10, 'bar');
SELECT format(string_agg('%s', ','), VARIADIC array_agg(i)) FROM generate_series(1, 40) g(i);
SELECT num_nulls(VARIADIC ARRAY[1, NULL, 3]), num_nonnulls(VARIADIC ARRAY[1, NULL, 3]);
SELECT concat(VARIADIC ARRAY[[1, 2], [3, 4]]);
SELECT jsonb_extract_path('{"a": {"b": 7}}', VARIADIC ARRAY['a', 'b']);

-- to_char of timestamps, timestamptz and intervals
CREATE TABLE tsf (d1 timestamp);
INSERT INTO tsf VALUES ('1997-02-10 17:32:01.123456'), ('2001-09-22 18:19:20'),
  ('0097-02-16 17:32:01 BC'), ('1996-12-31 00:00:00'), ('2000-01-01 12:00'), ('infinity');
SELECT to_char(d1, 'DAY Day day DY Dy dy MONTH Month month RM MON Mon mon') FROM tsf ORDER BY d1;
SELECT to_char(d1, 'FMDAY FMDay FMday FMMONTH FMMonth FMmonth FMRM rm') FROM tsf ORDER BY d1;
SELECT to_char(d1, 'Y,YYY YYYY YYY YY Y CC Q MM WW DDD DD D J') FROM tsf ORDER BY d1;
SELECT to_char(d1, 'IYYY IYY IY I IW IDDD ID FMIYYY FMIDDD') FROM tsf ORDER BY d1;
SELECT to_char(d1, 'HH HH12 HH24 MI SS SSSS SSSSS FF1 FF3 FF6 MS US FMMS') FROM tsf ORDER BY d1;
SELECT to_char(d1, 'YYYYTH DDth Jth A.D. bc P.M. am "text \" quoted" \"x') FROM tsf ORDER BY d1;
SELECT to_char(d1, 'OF TZH:TZM TZ tz'), to_char(d1::timestamptz, 'OF TZH:TZM TZ tz FMOF') FROM tsf ORDER BY d1;
SELECT to_char(timestamptz '2012-12-12 12:00+05:30' AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI Hh mI');
SELECT to_char(interval '1 year 2 months 3 days 04:05:06.789', 'YYYY MM DD HH24 MI SS MS US Y,YYY CC RM Q DDD WW');
SELECT to_char(interval '-1 year -2 months -3 days -04:05:06', 'YYYY MM DD HH24 HH MI SS RM IYY AM');
SELECT to_char(interval '26 hours', 'HH HH12 HH24 SSSS'), to_char(interval '15 months', 'RM rm Y,YYY');
SELECT to_char(interval '1 day', 'Day');
SELECT to_char(interval '1 day', 'TZH');
SELECT to_char(now(), '') IS NULL AS empty_format;

-- to_timestamp and to_date
SELECT to_timestamp('2011-12-18 11:38 +05', 'YYYY-MM-DD HH12:MI TZH'),
       to_timestamp('2011-12-18 11:38 -05:20', 'YYYY-MM-DD HH12:MI TZH:TZM'),
       to_timestamp('2000 -10', 'YYYY  TZH');
SELECT to_timestamp('1997 BC 11 16', 'YYYY BC MM DD'), to_date('44-02-01 BC', 'YYYY-MM-DD BC'),
       to_date('-44-02-01 BC', 'YYYY-MM-DD BC');
SELECT to_timestamp('2005527', 'IYYYIWID'), to_timestamp('5527', 'IIWID'), to_timestamp('2005364', 'IYYYIDDD'),
       to_timestamp('2005426', 'YYYYWWD'), to_date('3 4 21 01', 'W MM CC YY');
SELECT to_timestamp('1,582nd VIII 21', 'Y,YYYth FMRM DD'), to_timestamp('2015-02-11 86000', 'YYYY-MM-DD SSSS');
SELECT i, to_timestamp('2018-11-02 12:34:56.123456', 'YYYY-MM-DD HH24:MI:SS.FF' || i) FROM generate_series(1, 6) i;
SELECT to_timestamp('2018-11-02 12:34:56', 'YYYY-MM-DD HH24:MI:SS.FF3'), to_timestamp('20181102123456123', 'YYYYMMDDHH24MISSFF3');
SELECT to_timestamp('  2000 +JUN', 'YYYY/MON'), to_timestamp('2000 + + JUN', 'YYYY   MON'), to_date('2011 x12 x18', 'YYYYxMMxDD');
SELECT to_timestamp('2005527', 'YYYYIWID');
SELECT to_timestamp('19971', 'YYYYMMDD');
SELECT to_timestamp('19971)24', 'YYYYMMDD');
SELECT to_timestamp('Fri 1-January-1999', 'DY DD MON YYYY');
SELECT to_timestamp('1997-11-Jan-16', 'YYYY-MM-Mon-DD');
SELECT to_timestamp('10000000000', 'FMYYYY');
SELECT to_timestamp('2016-06-13 15:50:60', 'YYYY-MM-DD HH24:MI:SS');
SELECT to_timestamp('2011-12-18 11:38 PST', 'YYYY-MM-DD HH12:MI TZ');
SELECT to_timestamp('2011-12-18 11:38 +16', 'YYYY-MM-DD HH12:MI TZH');
SELECT to_timestamp('13', 'HH');
SELECT to_date('2016 367', 'YYYY DDD');
SELECT to_date('123', 'DDD');

-- interval input: typmod field ranges, sql_standard signs
SELECT interval '1 2' day to hour, interval '1 2:03' minute to second, interval '1 -2:03' minute to second,
       interval '123 11' day to hour, interval '5' hour, interval '7' year to month;
SELECT interval '123 11' day;
CREATE TABLE ivt (i interval day to hour);
INSERT INTO ivt VALUES ('1 2'), ('3');
SELECT * FROM ivt;
SET IntervalStyle = sql_standard;
SELECT interval '-23 hours 45 min 12.34 sec', interval '-1 day 23 hours 45 min 12.34 sec',
       interval '-1 year 2 months 1 day 23 hours 45 min +12.34 sec', interval '-1 1:00:00';
RESET IntervalStyle;
SELECT interval '-1 1:00:00';

-- OVERLAPS of times, date/timestamp comparisons beyond the timestamp range
SELECT (time '00:00', interval '1 hour') OVERLAPS (time '00:30', interval '1 hour') AS t,
       (time '00:00', interval '1 hour') OVERLAPS (time '01:30', interval '1 day') AS f,
       (time '00:00', time '01:00') OVERLAPS (time '00:30', time '02:00') AS t2;
SELECT '2202020-10-05'::date > '2020-10-05'::timestamp AS t, '2020-10-05'::timestamptz > '2202020-10-05'::date AS f,
       '2202020-10-05'::date < 'infinity'::timestamp AS t2;
SET TimeZone = 'UTC-2';
SELECT '4714-11-24 BC'::date < '2020-10-05'::timestamptz AS t, '4714-11-24 BC'::timestamp < '2020-10-05'::timestamptz AS t2,
       '4714-11-24 BC'::timestamp > '-infinity'::timestamptz AS t3;
SELECT '4714-11-24 BC'::date::timestamptz;
SET TimeZone = 'America/Los_Angeles';
SELECT make_timestamptz(1973, 07, 15, 08, 15, 55.33, '2');

-- floats
SET extra_float_digits = 0;
SELECT sinh(float8 '1'), cosh(float8 '1'), tanh(float8 '1'), asinh(float8 '1'), acosh(float8 '2'), atanh(float8 '0.5');
RESET extra_float_digits;
SELECT sinh(float8 'infinity'), sinh(float8 '-infinity'), cosh(float8 '-infinity'), tanh(float8 '-infinity'),
       sinh(float8 '1000'), atanh(float8 '1'), atanh(float8 'nan'), acosh(float8 'nan');
SELECT acosh(float8 '-infinity');
SELECT atanh(float8 '2');
SELECT float4send('5e-20'::float4), float4send('-0'::float4), float8send('2.2250738585072014E-308'::float8);

-- numeric
SELECT a, b, gcd(a, b), gcd(-b, a), lcm(a, b), lcm(-b, -a)
FROM (VALUES (0::numeric, 0::numeric), (0, 'NaN'), (433125, 46375), (43312.5, 4637.5),
             (4331.250, 463.75000), ('inf', 42), (42328.2, 1327.2)) AS v(a, b);
SELECT lcm(9999 * (10::numeric)^131068 + (10::numeric^131068 - 1), 2);
SELECT numeric_inc(4.2), numeric_inc('-inf');
SELECT round(4.4e131071, -131071) = 4e131071 AS t, round(4.5e131071, -131072) AS zero,
       trunc(5e-16383, 1000000) = 5e-16383 AS t2, round(1.5, 3);
SELECT to_char(v, '9.999EEEE') AS num, to_char(v::float8, '9.999EEEE') AS f8,
       to_char(v, 'MI9999999999.99') AS num2, to_char(v::float8, 'MI9999999999.99') AS f82,
       to_char(v::float4, 'MI9999999999.99') AS f4, to_char(v::float4, 'FM99.99') AS f4fm
FROM (VALUES ('inf'::numeric), ('-inf'), ('nan'), (4200000000)) AS t(v);
SELECT '"' || to_char(100::numeric, 'FM999.') || '"', '"' || to_char(1::numeric, '9."abc"') || '"',
       '"' || to_char(1::numeric, '9"x".') || '"', '"' || to_char('12345678901'::float8, 'FM9999999999D9999900000000000000000') || '"';
SELECT to_number('123,000', '999G'), to_number('1234', '99'), to_number('12.345', '99.9'), to_number('34,50', '999,99');
SELECT to_number('1234', '9.9');

-- bytea bits, overlay, LIKE ESCAPE; unistr; parse_ident; booleq
SELECT get_bit('\x1234567890abcdef00'::bytea, 43), set_bit('\x1234567890abcdef00'::bytea, 43, 0),
       bit_count('\x1234567890'::bytea);
SELECT get_bit('\x1234567890abcdef00'::bytea, 99);
SELECT set_bit('\x12'::bytea, 1, 2);
SELECT encode(overlay(E'Th\\000omas'::bytea placing E'\\002\\003'::bytea from 5 for 3), 'escape'),
       encode(overlay(E'Th\\000omas'::bytea placing E'Th\\001omas'::bytea from 2), 'escape');
SELECT 'a_c'::bytea LIKE 'a$__'::bytea ESCAPE '$'::bytea AS t, 'abc'::bytea LIKE 'a$__'::bytea ESCAPE '$'::bytea AS f;
SELECT unistr('\0064at\+0000610'), unistr('d\u0061t\U000000610'), unistr('a\\b'), unistr('\d83d\de00');
SELECT unistr('wrong: \db99\0061');
SELECT unistr('wrong: \+2FFFFF');
SELECT unistr('wrong: \xyz');
SELECT parse_ident('Schemax.Tabley'), parse_ident('"SchemaX"."TableY"'), parse_ident('foo.boo[]', false),
       parse_ident(' first . "  second  " ."third". "a""b"');
SELECT parse_ident('foo.boo[]');
SELECT parse_ident(' .aaa');
SELECT parse_ident('aaa.');
SELECT parse_ident('"abc');
SELECT parse_ident('""');
SELECT booleq(true, false), boolne(true, false);
DROP TABLE tsf, ivt;
