-- SERIALIZABLE isolation (single session): modes, SHOW, errors.
CREATE TABLE ser_t (id int PRIMARY KEY, v int);
INSERT INTO ser_t VALUES (1, 10), (2, 20);
BEGIN ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
SELECT sum(v) FROM ser_t;
UPDATE ser_t SET v = v + 1 WHERE id = 1;
SELECT * FROM ser_t ORDER BY id;
COMMIT;
SELECT * FROM ser_t ORDER BY id;
-- SET TRANSACTION before any query
BEGIN;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
SHOW TRANSACTION ISOLATION LEVEL;
INSERT INTO ser_t VALUES (3, 30);
COMMIT;
-- after a query it is too late
BEGIN;
SELECT count(*) FROM ser_t;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT 1;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ROLLBACK;
-- setting the same level again is allowed after a query
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT 1;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
COMMIT;
-- default_transaction_isolation
SET default_transaction_isolation = 'serializable';
SHOW default_transaction_isolation;
SHOW transaction_isolation;
BEGIN;
SHOW transaction_isolation;
DELETE FROM ser_t WHERE id = 3;
COMMIT;
SELECT count(*) FROM ser_t;
BEGIN ISOLATION LEVEL READ COMMITTED;
SHOW transaction_isolation;
COMMIT;
RESET default_transaction_isolation;
SHOW transaction_isolation;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW default_transaction_isolation;
RESET default_transaction_isolation;
-- READ ONLY DEFERRABLE
BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE;
SHOW transaction_isolation;
SHOW transaction_read_only;
SHOW transaction_deferrable;
SELECT * FROM ser_t ORDER BY id;
INSERT INTO ser_t VALUES (4, 40);
ROLLBACK;
START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE, NOT DEFERRABLE;
SHOW transaction_read_only;
SHOW transaction_deferrable;
INSERT INTO ser_t VALUES (4, 40);
COMMIT;
BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY;
SET TRANSACTION DEFERRABLE;
SHOW transaction_deferrable;
SELECT sum(v) FROM ser_t;
UPDATE ser_t SET v = 0;
ROLLBACK;
-- SET TRANSACTION outside a block warns
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
-- savepoints in a serializable transaction
BEGIN ISOLATION LEVEL SERIALIZABLE;
INSERT INTO ser_t VALUES (5, 50);
SAVEPOINT s1;
INSERT INTO ser_t VALUES (6, 60);
ROLLBACK TO s1;
SELECT id FROM ser_t ORDER BY id;
COMMIT;
SELECT * FROM ser_t ORDER BY id;
DROP TABLE ser_t;
