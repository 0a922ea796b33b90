-- index_use: the planner's use of expression indexes, indexes on enum
-- columns and index-only scans. Sequential and bitmap scans are disabled so
-- PostgreSQL's plan shapes (on tables without statistics) are the index
-- scans ShardForge chooses.
SET enable_seqscan = off;
SET enable_bitmapscan = off;

-- expression indexes
CREATE TABLE iu_t (id int PRIMARY KEY, s text, n int, v varchar(10));
INSERT INTO iu_t SELECT g, CASE WHEN g % 3 = 0 THEN 'Val' || g ELSE 'val' || g END, g % 10,
  'x' || (g % 7) FROM generate_series(1, 300) g;
INSERT INTO iu_t VALUES (301, NULL, NULL, NULL);
CREATE INDEX iu_lower ON iu_t (lower(s));
CREATE INDEX iu_n1 ON iu_t ((n + 1));
CREATE INDEX iu_vn ON iu_t (upper(v), (n * 2));
EXPLAIN (COSTS OFF) SELECT * FROM iu_t WHERE lower(s) = 'val6';
SELECT * FROM iu_t WHERE lower(s) = 'val6';
EXPLAIN (COSTS OFF) SELECT id FROM iu_t WHERE 'val7' = lower(s);
SELECT id FROM iu_t WHERE 'val7' = lower(s);
EXPLAIN (COSTS OFF) SELECT id, s FROM iu_t WHERE lower(s) BETWEEN 'val295' AND 'val299' ORDER BY id;
SELECT id, s FROM iu_t WHERE lower(s) BETWEEN 'val295' AND 'val299' ORDER BY id;
SELECT id FROM iu_t WHERE lower(s) > 'val97' ORDER BY id;
SELECT id FROM iu_t WHERE lower(s) < 'val100' AND lower(s) >= 'val1' ORDER BY id;
SELECT count(*) FROM iu_t WHERE lower(s) = 'nothing';
SELECT count(*) FROM iu_t WHERE lower(s) = NULL;
EXPLAIN (COSTS OFF) SELECT count(*) FROM iu_t WHERE n + 1 = 3;
SELECT count(*) FROM iu_t WHERE n + 1 = 3;
SELECT count(*) FROM iu_t WHERE n + 1 = 3::bigint;
SELECT count(*) FROM iu_t WHERE n + 1 >= 9;
SELECT count(*) FROM iu_t WHERE n + 1 < 2;
-- the same expression written differently is not the index's: a filter
SELECT count(*) FROM iu_t WHERE 1 + n = 3;
EXPLAIN (COSTS OFF) SELECT id FROM iu_t WHERE upper(v) = 'X3' AND n * 2 = 6 ORDER BY id;
SELECT id FROM iu_t WHERE upper(v) = 'X3' AND n * 2 = 6 ORDER BY id;
SELECT id FROM iu_t WHERE upper(v) = 'X3' AND n * 2 > 14 ORDER BY id;
-- parameters
PREPARE iu_p(text) AS SELECT id, s FROM iu_t WHERE lower(s) = $1;
EXECUTE iu_p('val9');
EXECUTE iu_p('VAL9');
EXECUTE iu_p('val10');
DEALLOCATE iu_p;
-- a unique expression index: lookups and conflicts
CREATE TABLE iu_u (id int PRIMARY KEY, email text);
CREATE UNIQUE INDEX iu_u_email ON iu_u (lower(email));
INSERT INTO iu_u VALUES (1, 'Ann@x.org'), (2, 'bob@x.org');
INSERT INTO iu_u VALUES (3, 'ANN@X.ORG');
EXPLAIN (COSTS OFF) SELECT id FROM iu_u WHERE lower(email) = 'ann@x.org';
SELECT id FROM iu_u WHERE lower(email) = 'ann@x.org';
SELECT * FROM iu_u ORDER BY id;
-- UPDATE and DELETE through an expression index
UPDATE iu_t SET s = upper(s) WHERE lower(s) = 'val12';
SELECT id, s FROM iu_t WHERE lower(s) = 'val12';
UPDATE iu_t SET s = s || 'z' WHERE lower(s) BETWEEN 'val20' AND 'val22' RETURNING id, s;
SELECT id, s FROM iu_t WHERE lower(s) LIKE 'val2_z' ORDER BY id;
DELETE FROM iu_t WHERE lower(s) = 'val13' RETURNING id;
SELECT count(*) FROM iu_t WHERE lower(s) = 'val13';
-- a join on an expression index
CREATE TABLE iu_k (k text);
INSERT INTO iu_k VALUES ('val3'), ('val4'), ('none');
SELECT iu_k.k, iu_t.id FROM iu_k JOIN iu_t ON lower(iu_t.s) = iu_k.k ORDER BY 1;
SELECT iu_k.k, iu_t.id FROM iu_k LEFT JOIN iu_t ON iu_k.k = lower(iu_t.s) ORDER BY 1;

-- indexes and keys on enum columns
CREATE TYPE iu_mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE iu_m (k iu_mood PRIMARY KEY, v int);
INSERT INTO iu_m VALUES ('ok', 1), ('happy', 3), ('sad', 2);
SELECT * FROM iu_m ORDER BY v;
EXPLAIN (COSTS OFF) SELECT * FROM iu_m WHERE k = 'ok';
SELECT * FROM iu_m WHERE k = 'ok';
SELECT * FROM iu_m WHERE k > 'sad';
SELECT * FROM iu_m WHERE k <= 'ok';
INSERT INTO iu_m VALUES ('ok', 9);
INSERT INTO iu_m VALUES ('ok', 9) ON CONFLICT (k) DO UPDATE SET v = iu_m.v + excluded.v;
INSERT INTO iu_m VALUES ('sad', 0) ON CONFLICT DO NOTHING;
SELECT * FROM iu_m ORDER BY v;
ALTER TYPE iu_mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE iu_mood ADD VALUE 'glum' AFTER 'sad';
ALTER TYPE iu_mood ADD VALUE 'ecstatic';
ALTER TYPE iu_mood ADD VALUE 'awful' BEFORE 'sad';
INSERT INTO iu_m VALUES ('meh', 4), ('ecstatic', 5), ('awful', 6), ('glum', 7);
SELECT * FROM iu_m ORDER BY v;
SELECT * FROM iu_m WHERE k >= 'glum' AND k < 'ok';
SELECT * FROM iu_m WHERE k = 'meh';
SELECT * FROM iu_m WHERE k > 'happy';
UPDATE iu_m SET k = 'happy' WHERE k = 'meh';
UPDATE iu_m SET v = v + 100 WHERE k = 'glum';
SELECT * FROM iu_m ORDER BY v;
DELETE FROM iu_m WHERE k < 'sad';
SELECT * FROM iu_m ORDER BY k DESC;
CREATE TABLE iu_e (id int PRIMARY KEY, m iu_mood, note text);
CREATE UNIQUE INDEX iu_e_m ON iu_e (m);
CREATE INDEX iu_e_md ON iu_e (m DESC, note);
INSERT INTO iu_e VALUES (1, 'sad', 'a'), (2, 'happy', 'b'), (3, NULL, 'c'), (4, NULL, 'd'), (5, 'meh', 'e');
INSERT INTO iu_e VALUES (6, 'happy', 'f');
SELECT id, m FROM iu_e WHERE m = 'happy';
SELECT id, m FROM iu_e WHERE m < 'ok' ORDER BY id;
SELECT id, m FROM iu_e WHERE m IS NULL ORDER BY id;
SELECT m, count(*) FROM iu_e GROUP BY m ORDER BY m;
ALTER TABLE iu_e ADD CONSTRAINT iu_e_note UNIQUE (m, note);
INSERT INTO iu_e VALUES (7, 'ecstatic', 'e') ON CONFLICT (m) DO UPDATE SET note = 'dup';
INSERT INTO iu_e VALUES (8, 'ecstatic', 'x') ON CONFLICT (m) DO UPDATE SET note = 'dup';
SELECT * FROM iu_e ORDER BY id;
CREATE TABLE iu_c (a iu_mood, b int, PRIMARY KEY (a, b));
INSERT INTO iu_c SELECT m, g FROM unnest(enum_range(NULL::iu_mood)) m, generate_series(1, 3) g;
SELECT * FROM iu_c WHERE a = 'ok' AND b >= 2;
SELECT count(*) FROM iu_c WHERE a > 'glum';

-- index-only scans
CREATE TABLE iu_o (id int PRIMARY KEY, a int, b text, c numeric, d date);
INSERT INTO iu_o SELECT g, g % 50, 'b' || lpad(g::text, 4, '0'), g * 1.50, date '2024-01-01' + g
  FROM generate_series(1, 1000) g;
INSERT INTO iu_o VALUES (1001, NULL, NULL, NULL, NULL);
CREATE INDEX iu_o_a ON iu_o (a);
CREATE UNIQUE INDEX iu_o_b ON iu_o (b);
CREATE INDEX iu_o_da ON iu_o (d, a);
EXPLAIN (COSTS OFF) SELECT count(*) FROM iu_o WHERE a BETWEEN 10 AND 12;
SELECT count(*) FROM iu_o WHERE a BETWEEN 10 AND 12;
EXPLAIN (COSTS OFF) SELECT a FROM iu_o WHERE a > 48;
SELECT a FROM iu_o WHERE a > 48 ORDER BY a;
SELECT a, count(*) FROM iu_o WHERE a > 47 GROUP BY a ORDER BY a;
EXPLAIN (COSTS OFF) SELECT b FROM iu_o WHERE b = 'b0042';
SELECT b FROM iu_o WHERE b = 'b0042';
SELECT b FROM iu_o WHERE b >= 'b0998' ORDER BY b;
EXPLAIN (COSTS OFF) SELECT id FROM iu_o WHERE id < 4;
SELECT id FROM iu_o WHERE id < 4 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT d, a FROM iu_o WHERE d = date '2024-01-11';
SELECT d, a FROM iu_o WHERE d = date '2024-01-11';
SELECT max(a), min(d) FROM iu_o WHERE d > date '2026-09-01';
-- primary key columns come from the entries too (shown as Index Scan, as
-- PostgreSQL's indexes do not hold them)
EXPLAIN (COSTS OFF) SELECT id, a FROM iu_o WHERE a = 7 ORDER BY id;
SELECT id, a FROM iu_o WHERE a = 7 ORDER BY id;
SELECT id, b FROM iu_o WHERE b = 'b0500';
-- columns outside the index: the rows are read
EXPLAIN (COSTS OFF) SELECT c FROM iu_o WHERE a = 7 ORDER BY c;
SELECT c FROM iu_o WHERE a = 7 ORDER BY c;
SELECT sum(c) FROM iu_o WHERE a = 7;
-- an index-only scan sees the transaction's own writes
BEGIN;
DELETE FROM iu_o WHERE id = 7;
UPDATE iu_o SET a = 99 WHERE id = 57;
INSERT INTO iu_o VALUES (2000, 7, 'new', 0, NULL);
SELECT count(*) FROM iu_o WHERE a = 7;
SELECT id, a FROM iu_o WHERE a IN (7) ORDER BY id;
SELECT a, count(*) FROM iu_o WHERE a >= 98 GROUP BY a;
SELECT b FROM iu_o WHERE b = 'new';
ROLLBACK;
SELECT count(*) FROM iu_o WHERE a = 7;
-- enum and text keys read back from index entries
SELECT m FROM iu_e WHERE m > 'sad' ORDER BY m;
SELECT k FROM iu_m WHERE k >= 'sad' ORDER BY k;

-- ORDER BY ... LIMIT read in index order (forwards or backwards)
CREATE TABLE iu_r (id int PRIMARY KEY, s text, a int);
INSERT INTO iu_r SELECT g, 'v' || g, g % 7 FROM generate_series(1, 50) g;
INSERT INTO iu_r VALUES (51, NULL, NULL);
CREATE INDEX iu_r_s ON iu_r (lower(s));
CREATE INDEX iu_r_a ON iu_r (a, id);
EXPLAIN (COSTS OFF) SELECT id, s FROM iu_r ORDER BY lower(s) LIMIT 3;
SELECT id, s FROM iu_r ORDER BY lower(s) LIMIT 3;
EXPLAIN (COSTS OFF) SELECT id, s FROM iu_r ORDER BY lower(s) DESC LIMIT 3;
SELECT id, s FROM iu_r ORDER BY lower(s) DESC LIMIT 3;
SELECT id, s FROM iu_r ORDER BY lower(s) DESC NULLS LAST LIMIT 3;
EXPLAIN (COSTS OFF) SELECT id FROM iu_r WHERE a = 3 ORDER BY id DESC LIMIT 2;
SELECT id FROM iu_r WHERE a = 3 ORDER BY id DESC LIMIT 2;
EXPLAIN (COSTS OFF) SELECT id FROM iu_r ORDER BY id DESC LIMIT 2;
SELECT id FROM iu_r ORDER BY id DESC LIMIT 2 OFFSET 1;
EXPLAIN (COSTS OFF) SELECT a FROM iu_r WHERE a > 2 ORDER BY a LIMIT 4;
SELECT a FROM iu_r WHERE a > 2 ORDER BY a LIMIT 4;
SELECT id, a FROM iu_r WHERE a >= 5 ORDER BY a, id LIMIT 3;
SELECT k FROM iu_m ORDER BY k DESC LIMIT 2;

RESET enable_seqscan;
RESET enable_bitmapscan;
DROP TABLE iu_t, iu_u, iu_k, iu_m, iu_e, iu_c, iu_o, iu_r;
DROP TYPE iu_mood;
