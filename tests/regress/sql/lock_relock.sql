-- Table locks of statements that resolve names: INSERT/UPDATE/DELETE take
-- ROW EXCLUSIVE when they are bound (EXPLAIN too, as PostgreSQL's parser);
-- a prepared statement run in a later transaction takes its plan's locks
-- when it starts; EXECUTE of a plan whose result columns changed is 0A000,
-- and a plan whose table was renamed is 42P01. (Statements that wait for
-- DDL: tests/isolation/specs/iso_ddl_wait_*.spec.)
CREATE TABLE rl (id int, v int);
INSERT INTO rl VALUES (1, 1);
PREPARE q AS SELECT * FROM rl ORDER BY id;
PREPARE qi AS INSERT INTO rl VALUES (2, 2);
PREPARE qc AS SELECT count(*) FROM rl;
BEGIN;
EXECUTE q;
SELECT mode FROM pg_locks WHERE relation = 'rl'::regclass ORDER BY mode;
COMMIT;
BEGIN;
EXECUTE qi;
SELECT mode FROM pg_locks WHERE relation = 'rl'::regclass ORDER BY mode;
ROLLBACK;
BEGIN;
EXPLAIN (COSTS OFF) INSERT INTO rl VALUES (3, 3);
SELECT mode FROM pg_locks WHERE relation = 'rl'::regclass ORDER BY mode;
ROLLBACK;
BEGIN;
UPDATE rl SET v = v + 1 WHERE id = 1;
SELECT mode FROM pg_locks WHERE relation = 'rl'::regclass ORDER BY mode;
ROLLBACK;
BEGIN;
DELETE FROM rl WHERE id = 0;
SELECT mode FROM pg_locks WHERE relation = 'rl'::regclass ORDER BY mode;
ROLLBACK;
ALTER TABLE rl ADD COLUMN w int;
EXECUTE q;
EXECUTE qc;
EXECUTE qi;
SELECT * FROM rl ORDER BY id;
TRUNCATE rl;
EXECUTE qc;
ALTER TABLE rl RENAME TO rl2;
EXECUTE qi;
EXECUTE qc;
DEALLOCATE q;
DEALLOCATE qi;
DEALLOCATE qc;
DROP TABLE rl2;
