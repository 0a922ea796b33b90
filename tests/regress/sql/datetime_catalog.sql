-- datetime_catalog: time zone catalogs (pg_timezone_names, pg_timezone_abbrevs),
-- timeofday(), SET TIME ZONE INTERVAL errors, date_trunc on intervals,
-- information_schema.columns of date/time columns, and EXPLAIN constants
-- printed under the session's DateStyle/TimeZone/IntervalStyle.
SET TimeZone = 'UTC';
-- timeofday(): text of the wall clock in the session zone
SELECT timeofday() ~ '^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4} UTC$' AS ok, pg_typeof(timeofday());
SET TimeZone = 'Asia/Kolkata';
SELECT timeofday() ~ ' IST$' AS ist;
SET TimeZone = 'Etc/GMT+5';
SELECT timeofday() ~ ' -05$' AS minus5;
SELECT timeofday()::timestamptz BETWEEN now() - interval '1 hour' AND clock_timestamp() + interval '1 second' AS parses_back;
SET TimeZone = 'UTC';
-- pg_timezone_names: every zone file, offsets at the transaction's start
SELECT count(*) > 400 AS many, count(*) FILTER (WHERE name LIKE 'right/%') AS leap_zones,
       count(*) FILTER (WHERE name LIKE '.%' OR name LIKE '%/.%') AS hidden,
       count(*) FILTER (WHERE name IN ('zone.tab', 'tzdata.zi', 'leapseconds', 'iso3166.tab')) AS not_zones,
       count(DISTINCT name) = count(*) AS distinct_names
  FROM pg_timezone_names;
SELECT * FROM pg_timezone_names
 WHERE name IN ('UTC', 'Asia/Kolkata', 'Asia/Tokyo', 'Asia/Kathmandu', 'Etc/GMT+5', 'Etc/GMT-14',
                'Pacific/Marquesas')
 ORDER BY name;
SELECT name, abbrev = 'GMT' OR abbrev = 'BST' AS abbrev_ok, is_dst = (abbrev = 'BST') AS dst_ok,
       utc_offset = CASE WHEN is_dst THEN interval '1 hour' ELSE interval '0' END AS offset_ok
  FROM pg_timezone_names WHERE name = 'Europe/London';
SELECT pg_typeof(name), pg_typeof(abbrev), pg_typeof(utc_offset), pg_typeof(is_dst)
  FROM pg_timezone_names WHERE name = 'UTC';
-- every zone listed can be set and used
SELECT count(*) FROM pg_timezone_names n
 WHERE timezone(n.name, timestamptz '2024-01-01 00:00+00') IS NULL;
-- pg_timezone_abbrevs: the Default abbreviation set
SELECT count(*) AS n, count(DISTINCT abbrev) AS distinct_abbrevs FROM pg_timezone_abbrevs;
SELECT * FROM pg_timezone_abbrevs
 WHERE abbrev IN ('UTC', 'Z', 'PST', 'PDT', 'CEST', 'IST', 'NZDT', 'ACST', 'NFT', 'ZULU', 'JST')
 ORDER BY abbrev;
SELECT abbrev FROM pg_timezone_abbrevs WHERE abbrev <> upper(abbrev);
SELECT a.abbrev, a.utc_offset = n.utc_offset AS same
  FROM pg_timezone_abbrevs a JOIN pg_timezone_names n ON n.name = 'Asia/Tokyo' AND a.abbrev = n.abbrev;
-- SET TIME ZONE INTERVAL: whole days or months are refused
SET TIME ZONE INTERVAL '1 day';
SET TIME ZONE INTERVAL '2 months';
SET TIME ZONE INTERVAL '-1 year 3 days';
SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE;
SELECT timestamptz '2024-01-01 00:00+00';
SET TIME ZONE INTERVAL '02:30:15' HOUR TO MINUTE;
SHOW TimeZone;
SET TIME ZONE INTERVAL '3' HOUR;
SHOW TimeZone;
SET TIME ZONE INTERVAL '1 day 02:00' HOUR TO MINUTE;
SET TimeZone = 'UTC';
-- date_trunc on intervals
SELECT date_trunc('week', interval '10 days');
SELECT date_trunc('fortnight', interval '10 days');
SELECT date_trunc('hour', interval '1 day 03:45:12'), date_trunc('quarter', interval '1 year 5 months 3 days');
-- information_schema.columns of date/time columns
CREATE TABLE dtc (a timestamp(3), b timestamptz(0), c time(2), d timetz(1), e date,
                  f interval, g interval(2), h interval year to month, i interval day to second(3),
                  j interval hour, k interval minute to second(0), l interval second(2));
SELECT column_name, data_type, datetime_precision, interval_type, interval_precision
  FROM information_schema.columns WHERE table_name = 'dtc' ORDER BY ordinal_position;
DROP TABLE dtc;
-- AT TIME ZONE in view definitions keeps its parentheses
CREATE TABLE dtv (f1 timetz, f2 timestamptz, z text, iv interval);
CREATE VIEW dtv_v AS SELECT f1 AT TIME ZONE z AS a, (f2 AT TIME ZONE z) AT TIME ZONE iv AS b,
  timezone(z, f2) AS d FROM dtv;
SELECT pg_get_viewdef('dtv_v', true);
SELECT * FROM dtv_v;
DROP VIEW dtv_v;
DROP TABLE dtv;
-- EXPLAIN shows constants as the session's output functions print them
CREATE TABLE dz (d date, ts timestamp, tz timestamptz, iv interval);
SET DateStyle = 'Postgres, MDY';
EXPLAIN (COSTS OFF) SELECT * FROM dz WHERE d >= '1997-01-01' AND ts < '2001-02-03 04:05:06';
SET DateStyle = 'German';
EXPLAIN (COSTS OFF) SELECT * FROM dz WHERE d >= '1997-01-02';
SET DateStyle = 'ISO, DMY';
SET TimeZone = 'America/New_York';
SET IntervalStyle = 'sql_standard';
EXPLAIN (COSTS OFF) SELECT * FROM dz WHERE tz < '2024-07-01 12:00+00' AND iv > '1 day 02:03:04';
EXPLAIN (COSTS OFF, ANALYZE, TIMING OFF, SUMMARY OFF) SELECT * FROM dz WHERE d < '2024-07-01' AND tz > '2024-01-01 00:00+00';
RESET IntervalStyle;
RESET DateStyle;
SET TimeZone = 'UTC';
DROP TABLE dz;
