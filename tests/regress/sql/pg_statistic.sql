-- pg_statistic rows from ANALYZE (stakind 1 MCV, 2 histogram, 3 correlation,
-- in PostgreSQL's slot order, with their operators and collations), and
-- pg_class.reltuples kept after a ROLLBACK of the transaction that analyzed.
CREATE TABLE pst (a int, b text, c float8, d bool, f varchar(10), g numeric, h date);
INSERT INTO pst SELECT g % 10, 'v' || (g % 3), g * 1.5, g % 2 = 0, 'x' || g, g,
  date '2024-01-01' + g FROM generate_series(1, 1000) g;
INSERT INTO pst SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM generate_series(1, 10);
SELECT count(*) FROM pg_statistic WHERE starelid = 'pst'::regclass;
ANALYZE pst;
SELECT a.attname, s.stainherit, s.stanullfrac, s.stawidth, s.stadistinct,
       s.stakind1, s.stakind2, s.stakind3, s.stakind4, s.stakind5,
       s.staop1, s.staop2, s.staop3, s.staop4, s.staop5,
       s.stacoll1, s.stacoll2, s.stacoll3, s.stacoll4, s.stacoll5
  FROM pg_statistic s JOIN pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum
 WHERE s.starelid = 'pst'::regclass ORDER BY s.staattnum;
SELECT staattnum, stanumbers1, stanumbers2, stanumbers3, stanumbers4, stanumbers5
  FROM pg_statistic WHERE starelid = 'pst'::regclass ORDER BY staattnum;
SELECT staattnum, stavalues1::text, stavalues2::text, stavalues3::text
  FROM pg_statistic WHERE starelid = 'pst'::regclass ORDER BY staattnum;
-- the same numbers as pg_stats
SELECT count(*) FROM pg_stats p JOIN pg_attribute a ON a.attname = p.attname
  JOIN pg_statistic s ON s.starelid = a.attrelid AND s.staattnum = a.attnum
 WHERE p.tablename = 'pst' AND a.attrelid = 'pst'::regclass
   AND p.null_frac = s.stanullfrac AND p.n_distinct = s.stadistinct;
ANALYZE pst (a);
SELECT staattnum FROM pg_statistic WHERE starelid = 'pst'::regclass ORDER BY 1;
SELECT reltuples FROM pg_class WHERE relname = 'pst';
-- reltuples survives a ROLLBACK; the column statistics do not
BEGIN;
INSERT INTO pst SELECT g, 'q', 0, true, 'z', 1, NULL FROM generate_series(1, 500) g;
ANALYZE pst;
SELECT reltuples FROM pg_class WHERE relname = 'pst';
SELECT stanullfrac FROM pg_statistic WHERE starelid = 'pst'::regclass AND staattnum = 7;
ROLLBACK;
SELECT reltuples FROM pg_class WHERE relname = 'pst';
SELECT stanullfrac FROM pg_statistic WHERE starelid = 'pst'::regclass AND staattnum = 7;
BEGIN;
DELETE FROM pst WHERE a < 5;
VACUUM ANALYZE pst;
ROLLBACK;
SELECT reltuples FROM pg_class WHERE relname = 'pst';
BEGIN;
DELETE FROM pst WHERE a < 5;
ANALYZE pst;
ROLLBACK;
SELECT reltuples FROM pg_class WHERE relname = 'pst';
ANALYZE pst;
SELECT reltuples FROM pg_class WHERE relname = 'pst';
-- a table analyzed for the first time in a rolled-back transaction
CREATE TABLE pst2 (a int);
INSERT INTO pst2 SELECT generate_series(1, 42);
SELECT reltuples FROM pg_class WHERE relname = 'pst2';
BEGIN;
ANALYZE pst2;
ROLLBACK;
SELECT reltuples FROM pg_class WHERE relname = 'pst2';
SELECT count(*) FROM pg_statistic WHERE starelid = 'pst2'::regclass;
TRUNCATE pst2;
SELECT reltuples FROM pg_class WHERE relname = 'pst2';
DROP TABLE pst, pst2;
