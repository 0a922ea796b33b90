-- Two-phase commit is off, as in a default PostgreSQL (max_prepared_transactions = 0).
SHOW max_prepared_transactions;
BEGIN;
CREATE TABLE x1 (a int);
PREPARE TRANSACTION 'tx1';
SELECT 1;
COMMIT;
SELECT * FROM x1;
PREPARE TRANSACTION 'tx1';
BEGIN;
SELECT 1/0;
PREPARE TRANSACTION 'tx1';
SELECT 2;
COMMIT PREPARED 'tx1';
ROLLBACK PREPARED 'tx1';
SELECT count(*) FROM pg_prepared_xacts;
