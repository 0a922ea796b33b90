-- rowlocks_modes: the four row-lock strengths in one session (who blocks
-- whom across sessions is tests/cluster/test_rowlocks.py)
CREATE TABLE rlm_p (id int PRIMARY KEY, u int UNIQUE, v text);
CREATE TABLE rlm_c (id int PRIMARY KEY, pid int REFERENCES rlm_p (id));
INSERT INTO rlm_p VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c');

BEGIN;
SELECT id, v FROM rlm_p WHERE id = 1 FOR KEY SHARE;
SELECT id, v FROM rlm_p WHERE id = 1 FOR SHARE;
SELECT id, v FROM rlm_p WHERE id = 1 FOR NO KEY UPDATE;
SELECT id, v FROM rlm_p WHERE id = 1 FOR UPDATE;
-- weaker again after stronger
SELECT id, v FROM rlm_p WHERE id = 1 FOR KEY SHARE;
UPDATE rlm_p SET v = 'a2' WHERE id = 1;
SELECT id, u, v FROM rlm_p ORDER BY id FOR SHARE;
COMMIT;

-- several clauses on one table: the strongest wins
BEGIN;
SELECT p.id FROM rlm_p p WHERE p.id <= 2 ORDER BY p.id FOR KEY SHARE OF p FOR UPDATE OF p;
SELECT p.id, c.id FROM rlm_p p JOIN rlm_c c ON c.pid = p.id FOR SHARE OF p FOR NO KEY UPDATE OF c;
ROLLBACK;

-- foreign-key check, then update of the parent in the same transaction
BEGIN;
INSERT INTO rlm_c VALUES (100, 1), (101, 1), (102, 2);
UPDATE rlm_p SET v = 'a3' WHERE id = 1;
UPDATE rlm_p SET u = 11 WHERE id = 1;
SELECT * FROM rlm_p ORDER BY id;
COMMIT;

-- savepoints with shared locks
BEGIN;
SELECT id FROM rlm_p WHERE id = 2 FOR SHARE;
SAVEPOINT s1;
SELECT id FROM rlm_p WHERE id = 3 FOR KEY SHARE;
SELECT id FROM rlm_p WHERE id = 2 FOR UPDATE;
ROLLBACK TO SAVEPOINT s1;
SELECT id FROM rlm_p WHERE id = 3 FOR NO KEY UPDATE NOWAIT;
SELECT id FROM rlm_p ORDER BY id FOR SHARE SKIP LOCKED;
RELEASE SAVEPOINT s1;
COMMIT;

-- key updates, deletes, upserts under the modes
BEGIN;
SELECT id FROM rlm_p WHERE id = 3 FOR KEY SHARE;
UPDATE rlm_p SET id = 4 WHERE id = 3;
INSERT INTO rlm_p VALUES (4, 40, 'd') ON CONFLICT (id) DO UPDATE SET v = excluded.v;
INSERT INTO rlm_p VALUES (5, 50, 'e') ON CONFLICT (id) DO UPDATE SET v = excluded.v;
INSERT INTO rlm_p VALUES (5, 55, 'f') ON CONFLICT (id) DO UPDATE SET u = excluded.u;
DELETE FROM rlm_p WHERE id = 5;
SELECT * FROM rlm_p ORDER BY id FOR NO KEY UPDATE;
COMMIT;

-- foreign key violations still detected
INSERT INTO rlm_c VALUES (200, 99);
DELETE FROM rlm_p WHERE id = 1;
UPDATE rlm_p SET id = 9 WHERE id = 2;

-- read-only transactions refuse every strength
BEGIN READ ONLY;
SELECT id FROM rlm_p WHERE id = 1 FOR KEY SHARE;
ROLLBACK;
BEGIN READ ONLY;
SELECT id FROM rlm_p WHERE id = 1 FOR SHARE;
ROLLBACK;
BEGIN READ ONLY;
SELECT id FROM rlm_p WHERE id = 1 FOR NO KEY UPDATE;
ROLLBACK;
BEGIN READ ONLY;
SELECT id FROM rlm_p WHERE id = 1 FOR UPDATE;
ROLLBACK;

-- REPEATABLE READ: locking a row this transaction sees, unchanged
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT id, v FROM rlm_p WHERE id = 1 FOR KEY SHARE;
SELECT id, v FROM rlm_p WHERE id = 1 FOR SHARE;
UPDATE rlm_p SET v = 'rr' WHERE id = 1;
COMMIT;
SELECT * FROM rlm_p ORDER BY id;
SELECT * FROM rlm_c ORDER BY id;

DROP TABLE rlm_c;
DROP TABLE rlm_p;
