-- analyze_large: ANALYZE of a table keyed by one integer over a wide span
-- reads runs of rows spread over the key (block sampling, stats.c) and
-- estimates the row count from their density: the statistics that do not
-- depend on which rows were sampled match PostgreSQL's.
CREATE TABLE al (id int PRIMARY KEY, k int, c text, n int);
INSERT INTO al SELECT i, i % 10, 'const', NULL FROM generate_series(1, 130000) i;
ANALYZE al;
SELECT reltuples FROM pg_class WHERE relname = 'al';
SELECT attname, null_frac, n_distinct, CASE WHEN attname = 'k' THEN NULL ELSE correlation END AS correlation
  FROM pg_stats WHERE tablename = 'al' ORDER BY attname;
EXPLAIN (COSTS OFF) SELECT * FROM al WHERE id = 5;
DELETE FROM al WHERE id % 2 = 0;
ANALYZE al;
SELECT reltuples FROM pg_class WHERE relname = 'al';
SELECT attname, null_frac, n_distinct FROM pg_stats WHERE tablename = 'al' ORDER BY attname;
-- without a primary key (the hidden row id)
CREATE TABLE al2 (v int);
INSERT INTO al2 SELECT i % 7 FROM generate_series(1, 130000) i;
ANALYZE al2;
SELECT reltuples FROM pg_class WHERE relname = 'al2';
SELECT attname, null_frac, n_distinct FROM pg_stats WHERE tablename = 'al2';
DROP TABLE al, al2;
