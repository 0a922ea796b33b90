-- COPY ... (FORMAT binary) FROM STDIN / TO STDOUT: round trips through psql's
-- \copy with binary for the types with binary send/receive, and PostgreSQL's
-- errors for bad binary input.
CREATE TABLE cbin (k int, i2 int2, i8 bigint, f4 real, f8 float8, n numeric(10,3), t text,
  vc varchar(5), c char(3), b bool, d date, ts timestamp, tz timestamptz, iv interval,
  by bytea, u uuid, j jsonb, js json, ai int[], at text[], tm time, o oid, nm name);
INSERT INTO cbin VALUES
 (1, 1, 3, 1.5, 2.25, 123.456, 'hello', 'abc', 'xy', true, '2024-01-02',
  '2024-01-02 03:04:05.123', '2024-01-02 03:04:05+00', '1 day 2 hours', '\xdeadbeef',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '{"b":1}', '{1,NULL,3}',
  '{"a b",c}', '12:34:56', 42, 'nm'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, -1, -3, 'NaN', '-Infinity', '-0.001', '', '', '', false, 'infinity', '-infinity',
  '1999-12-31 23:59:59.999999+00', '-3 mons', '', '00000000-0000-0000-0000-000000000000',
  '[]', '[]', '{}', '{}', '00:00', 0, ''),
 (4, 32767, 9223372036854775807, 'Infinity', 1e300, 9999999.999, repeat('x', 300), 'x',
  'abc', true, '0001-01-01 BC', '294276-12-31 23:59:59.999999', '4713-01-01 00:00:00+00 BC',
  '178000000 years', '\x00ff00', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '{"z": null, "a": {"b": [true, false]}}', '  [1, 2]  ', '{{1,2},{3,4}}', '{NULL}',
  '23:59:59.999999', 4294967295, 'a');
CREATE TABLE cbin2 (LIKE cbin);
\copy cbin to '/tmp/sf_regress_copy_binary_1.bin' with binary
\copy cbin2 from '/tmp/sf_regress_copy_binary_1.bin' with binary
SELECT * FROM cbin2 ORDER BY k;
SELECT count(*) FROM cbin a JOIN cbin2 b USING (k)
 WHERE (a.f8, a.n, a.t, a.tz, a.iv, a.by, a.j, a.ai::text, a.at::text) IS DISTINCT FROM
       (b.f8, b.n, b.t, b.tz, b.iv, b.by, b.j, b.ai::text, b.at::text);
-- a column list, and a query
TRUNCATE cbin2;
\copy cbin (k, t, ai) to '/tmp/sf_regress_copy_binary_2.bin' with (format binary)
\copy cbin2 (k, t, ai) from '/tmp/sf_regress_copy_binary_2.bin' with (format binary)
SELECT k, t, ai, n IS NULL AS n_null FROM cbin2 ORDER BY k;
\copy (SELECT k, k::bigint * 10 AS k10, t FROM cbin WHERE k < 3 ORDER BY k) to '/tmp/sf_regress_copy_binary_3.bin' with binary
CREATE TABLE cbin3 (a int, b bigint, c text);
\copy cbin3 from '/tmp/sf_regress_copy_binary_3.bin' with binary
SELECT * FROM cbin3 ORDER BY a;
-- errors: wrong field count, wrong binary format, a text file, constraints
\copy cbin3 (a, b) from '/tmp/sf_regress_copy_binary_3.bin' with binary
CREATE TABLE cbin4 (a int, b int2, c text);
\copy cbin4 from '/tmp/sf_regress_copy_binary_3.bin' with binary
\copy cbin3 to '/tmp/sf_regress_copy_binary_4.txt'
\copy cbin3 from '/tmp/sf_regress_copy_binary_4.txt' with binary
CREATE TABLE cbin5 (a int PRIMARY KEY, b bigint NOT NULL CHECK (b > 0), c text);
\copy cbin5 from '/tmp/sf_regress_copy_binary_3.bin' with binary
\copy cbin5 from '/tmp/sf_regress_copy_binary_3.bin' with binary
DELETE FROM cbin5;
INSERT INTO cbin5 VALUES (2, 5, 'x');
UPDATE cbin3 SET b = -b WHERE a = 1;
\copy (SELECT * FROM cbin3 ORDER BY a) to '/tmp/sf_regress_copy_binary_5.bin' with binary
DELETE FROM cbin5;
\copy cbin5 from '/tmp/sf_regress_copy_binary_5.bin' with binary
UPDATE cbin3 SET b = NULL WHERE a = 1;
\copy (SELECT * FROM cbin3 ORDER BY a) to '/tmp/sf_regress_copy_binary_5.bin' with binary
\copy cbin5 from '/tmp/sf_regress_copy_binary_5.bin' with binary
SELECT count(*) FROM cbin5;
CREATE DOMAIN cbin_small AS bigint CHECK (VALUE < 15);
CREATE TABLE cbin6 (a int, b cbin_small, c text);
\copy cbin6 from '/tmp/sf_regress_copy_binary_3.bin' with binary
SELECT count(*) FROM cbin6;
-- options that binary mode refuses
COPY cbin3 TO STDOUT (FORMAT binary, HEADER);
COPY cbin3 TO STDOUT (FORMAT binary, DELIMITER ',');
COPY cbin3 TO STDOUT (FORMAT binary, FORCE_QUOTE (a));
COPY cbin3 FROM STDIN (FORMAT binary, NULL 'x');
DROP TABLE cbin, cbin2, cbin3, cbin4, cbin5, cbin6;
DROP DOMAIN cbin_small;
