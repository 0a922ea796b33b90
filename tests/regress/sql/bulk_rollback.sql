-- Bulk writes into tables created or truncated in the same transaction
-- (fresh key spans, streamed while the statement runs) and every way of
-- undoing them: a failed statement, ROLLBACK TO SAVEPOINT, ROLLBACK.
BEGIN;
CREATE TABLE br (a int PRIMARY KEY, b text);
INSERT INTO br SELECT g, repeat('x', 40) || g FROM generate_series(1, 200000) g;
SAVEPOINT s1;
INSERT INTO br SELECT g, 'second' FROM generate_series(200001, 400000) g;
INSERT INTO br VALUES (5, 'dup');
ROLLBACK TO s1;
SELECT count(*), sum(a), max(a) FROM br;
-- a failing statement in the middle of a bulk insert
SAVEPOINT s2;
INSERT INTO br SELECT g, CASE WHEN g = 390000 THEN NULL::text ELSE 'y' END
  FROM generate_series(200001, 400000) g WHERE (g / (g - 390000 + 1)) IS NOT NULL;
ROLLBACK TO s2;
UPDATE br SET b = 'updated' WHERE a IN (1, 100000, 200000);
DELETE FROM br WHERE a > 150000;
COMMIT;
SELECT count(*), sum(a), max(a) FROM br;
SELECT a, b FROM br WHERE a IN (1, 2, 100000, 150000, 150001) ORDER BY a;
-- TRUNCATE then a bulk load that is rolled back: the old rows stay
BEGIN;
TRUNCATE br;
INSERT INTO br SELECT g, 'new' FROM generate_series(1, 300000) g;
SELECT count(*) FROM br;
ROLLBACK;
SELECT count(*), max(a) FROM br;
-- CREATE TABLE AS rolled back leaves nothing
BEGIN;
CREATE TABLE br2 AS SELECT g AS a, md5(g::text) AS h FROM generate_series(1, 250000) g;
SELECT count(*) FROM br2;
ROLLBACK;
SELECT count(*) FROM br2;
-- REPEATABLE READ: updating rows the transaction itself bulk-loaded
BEGIN ISOLATION LEVEL REPEATABLE READ;
TRUNCATE br;
INSERT INTO br SELECT g, 'rr' FROM generate_series(1, 250000) g;
UPDATE br SET b = 'rr-updated' WHERE a <= 3;
SELECT a, b FROM br WHERE a <= 4 ORDER BY a;
COMMIT;
SELECT b, count(*) FROM br GROUP BY b ORDER BY b;
DROP TABLE br;
