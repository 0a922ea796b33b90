-- ADD COLUMN with a default that has no volatile function does not rewrite
-- the rows: they read the value recorded for them (PostgreSQL's fast
-- default, pg_attribute.atthasmissing); volatile defaults rewrite.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE fd (id int PRIMARY KEY, a text);
INSERT INTO fd SELECT g, 'row ' || g FROM generate_series(1, 5) g;
ALTER TABLE fd ADD COLUMN n int DEFAULT 42;
ALTER TABLE fd ADD COLUMN s text NOT NULL DEFAULT 'hello';
ALTER TABLE fd ADD COLUMN d date DEFAULT '2020-02-29', ADD COLUMN m numeric(6,2) DEFAULT 1.5 * 3;
ALTER TABLE fd ADD COLUMN b boolean DEFAULT true, ADD COLUMN arr int[] DEFAULT '{1,2,3}';
ALTER TABLE fd ADD COLUMN e mood DEFAULT 'ok', ADD COLUMN j jsonb DEFAULT '{"k": [1, 2]}';
ALTER TABLE fd ADD COLUMN z int DEFAULT NULL;
SELECT * FROM fd ORDER BY id;
SELECT attname, atthasmissing FROM pg_attribute
 WHERE attrelid = 'fd'::regclass AND attnum > 0 ORDER BY attnum;
-- rows written after the column exist hold their own values, NULL included
INSERT INTO fd (id, a, n) VALUES (6, 'null n', NULL);
INSERT INTO fd (id, a) VALUES (7, 'defaults');
UPDATE fd SET n = NULL WHERE id = 2;
UPDATE fd SET a = 'updated' WHERE id = 3;
SELECT id, a, n, s FROM fd ORDER BY id;
SELECT count(*), count(n), sum(n), min(s), max(d) FROM fd;
SELECT id FROM fd WHERE n = 42 ORDER BY id;
SELECT id FROM fd WHERE n IS NULL ORDER BY id;
-- a new default applies to new rows only
ALTER TABLE fd ALTER COLUMN n SET DEFAULT 7;
INSERT INTO fd (id) VALUES (8);
ALTER TABLE fd ALTER COLUMN n DROP DEFAULT;
INSERT INTO fd (id) VALUES (9);
SELECT id, n FROM fd ORDER BY id;
-- indexes, constraints and keys see the recorded value
CREATE INDEX fd_s ON fd (s);
SELECT id FROM fd WHERE s = 'hello' ORDER BY id;
ALTER TABLE fd ADD COLUMN u int DEFAULT 5 UNIQUE;
ALTER TABLE fd ADD COLUMN c int DEFAULT 5 CHECK (c > 10);
ALTER TABLE fd ADD CONSTRAINT fd_m_check CHECK (m = 4.5);
DELETE FROM fd WHERE id > 7;
ALTER TABLE fd ADD CONSTRAINT fd_m_check CHECK (m = 4.5);
COPY (SELECT id, n, s, m FROM fd ORDER BY id) TO STDOUT;
-- NOT NULL without a value for the existing rows
ALTER TABLE fd ADD COLUMN nn int NOT NULL;
ALTER TABLE fd ADD COLUMN nn int NOT NULL DEFAULT NULL;
-- stable defaults are evaluated once; volatile ones per row
ALTER TABLE fd ADD COLUMN ts timestamptz DEFAULT now();
SELECT count(DISTINCT ts), bool_and(ts = now()) FROM fd;
ALTER TABLE fd ADD COLUMN r float8 DEFAULT random();
SELECT count(DISTINCT r) > 1 AS differs FROM fd;
SELECT attname, atthasmissing FROM pg_attribute
 WHERE attrelid = 'fd'::regclass AND attname IN ('ts', 'r') ORDER BY attnum;
-- changing the type rewrites the rows with the value
ALTER TABLE fd ALTER COLUMN n TYPE text USING n::text || '!';
SELECT id, n FROM fd ORDER BY id;
SELECT atthasmissing FROM pg_attribute WHERE attrelid = 'fd'::regclass AND attname = 'n';
ALTER TABLE fd ALTER COLUMN m TYPE numeric(8,3);
SELECT id, m FROM fd ORDER BY id;
-- dropped and added again: the new column has its own value
ALTER TABLE fd DROP COLUMN s;
ALTER TABLE fd ADD COLUMN s text DEFAULT 'again';
SELECT id, s FROM fd ORDER BY id;
-- in a transaction that rolls back, nothing stays
BEGIN;
ALTER TABLE fd ADD COLUMN gone int DEFAULT 1;
SELECT sum(gone) FROM fd;
ROLLBACK;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'fd'::regclass AND attname = 'gone';
ALTER TABLE fd ADD COLUMN gone int DEFAULT 2;
SELECT sum(gone) FROM fd;
-- a table created and filled in the same transaction
BEGIN;
CREATE TABLE fd2 AS SELECT g AS id FROM generate_series(1, 3) g;
ALTER TABLE fd2 ADD COLUMN v text DEFAULT 'v';
SELECT * FROM fd2 ORDER BY id;
COMMIT;
ANALYZE fd;
SELECT attname, null_frac, n_distinct FROM pg_stats WHERE tablename = 'fd' AND attname IN ('gone', 'd') ORDER BY attname;
DROP TABLE fd, fd2;
DROP TYPE mood;
