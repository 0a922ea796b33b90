-- LOCK TABLE and the relation locks of the own session in pg_locks
CREATE TABLE lk_t (a int PRIMARY KEY, b text);
CREATE TABLE lk_u (a int);
INSERT INTO lk_t VALUES (1, 'x'), (2, 'y');
CREATE VIEW lk_v AS SELECT * FROM lk_t;
CREATE VIEW lk_vv AS SELECT v.a, u.a AS ua FROM lk_v v JOIN lk_u u ON u.a = v.a;
CREATE SEQUENCE lk_s;
CREATE INDEX lk_ti ON lk_t (b);
CREATE MATERIALIZED VIEW lk_m AS SELECT * FROM lk_t;
CREATE VIEW lk_locks AS
  SELECT relation::regclass AS rel, mode, granted FROM pg_locks
  WHERE locktype = 'relation' AND pid = pg_backend_pid()
    AND relation IN ('lk_t'::regclass, 'lk_u'::regclass, 'lk_v'::regclass, 'lk_vv'::regclass);

-- outside a transaction block
LOCK lk_t;
LOCK TABLE lk_t IN SHARE MODE;
SELECT count(*) FROM lk_locks;

-- every mode
BEGIN;
LOCK TABLE lk_t IN ACCESS SHARE MODE;
LOCK TABLE lk_t IN ROW SHARE MODE;
LOCK TABLE lk_t IN ROW EXCLUSIVE MODE;
LOCK TABLE lk_t IN SHARE UPDATE EXCLUSIVE MODE;
LOCK TABLE lk_t IN SHARE MODE;
LOCK TABLE lk_t IN SHARE ROW EXCLUSIVE MODE;
LOCK TABLE lk_t IN EXCLUSIVE MODE;
LOCK TABLE lk_t IN ACCESS EXCLUSIVE MODE;
SELECT * FROM lk_locks ORDER BY 1, 2;
COMMIT;
SELECT count(*) FROM lk_locks;

-- the default mode, several tables, ONLY, NOWAIT
BEGIN;
LOCK lk_t, lk_u;
LOCK TABLE ONLY lk_u IN SHARE MODE NOWAIT;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;

-- views lock their base relations, recursively
BEGIN;
LOCK lk_vv IN ROW EXCLUSIVE MODE;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;

-- errors
BEGIN;
LOCK lk_s;
ROLLBACK;
BEGIN;
LOCK lk_ti;
ROLLBACK;
BEGIN;
LOCK lk_m;
ROLLBACK;
BEGIN;
LOCK lk_nosuch;
ROLLBACK;
BEGIN;
LOCK nosuch_schema.lk_t;
ROLLBACK;
BEGIN;
LOCK lk_t, lk_nosuch IN SHARE MODE;
ROLLBACK;
-- system catalogs may be locked
BEGIN;
LOCK pg_class IN ACCESS SHARE MODE;
COMMIT;

-- readers hold ACCESS SHARE until the transaction ends
BEGIN;
SELECT * FROM lk_t ORDER BY a;
SELECT * FROM lk_locks ORDER BY 1, 2;
SELECT count(*) FROM lk_u;
SELECT * FROM lk_locks ORDER BY 1, 2;
COMMIT;
BEGIN;
SELECT * FROM lk_v ORDER BY a;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;
BEGIN;
SELECT a FROM lk_t WHERE a IN (SELECT a FROM lk_u) ORDER BY a;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;

-- writers ROW EXCLUSIVE (and ACCESS SHARE for what they read besides)
BEGIN;
UPDATE lk_t SET b = 'z' WHERE a = 1;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;
BEGIN;
INSERT INTO lk_u SELECT a FROM lk_t;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;
BEGIN;
DELETE FROM lk_u;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;
BEGIN;
SELECT * FROM lk_t ORDER BY a;
UPDATE lk_t SET b = 'z' WHERE a = 1;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;

-- DDL
BEGIN;
ALTER TABLE lk_u ADD COLUMN c int;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;
BEGIN;
TRUNCATE lk_u;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;
BEGIN;
CREATE INDEX lk_ui ON lk_u (a);
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK;

-- ROLLBACK TO releases the locks taken after the savepoint
BEGIN;
LOCK lk_t IN SHARE MODE;
SAVEPOINT s1;
LOCK lk_u IN EXCLUSIVE MODE;
LOCK lk_t IN EXCLUSIVE MODE;
SELECT * FROM lk_locks ORDER BY 1, 2;
ROLLBACK TO s1;
SELECT * FROM lk_locks ORDER BY 1, 2;
COMMIT;

-- a failed transaction
BEGIN;
SELECT 1 / 0;
LOCK lk_t;
ROLLBACK;

-- pg_locks rows
BEGIN;
LOCK lk_t IN SHARE MODE;
SELECT locktype, database = (SELECT oid FROM pg_database WHERE datname = current_database()) AS db,
       relation::regclass, page, tuple, classid, objid, objsubid, mode, granted
  FROM pg_locks WHERE relation = 'lk_t'::regclass;
COMMIT;

DROP VIEW lk_locks;
DROP MATERIALIZED VIEW lk_m;
DROP VIEW lk_vv;
DROP VIEW lk_v;
DROP SEQUENCE lk_s;
DROP TABLE lk_t, lk_u;
