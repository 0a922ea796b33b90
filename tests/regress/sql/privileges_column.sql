-- privileges_column: GRANT / REVOKE of column privileges (SELECT, INSERT,
-- UPDATE, REFERENCES on columns), pg_attribute.attacl, \dp, and their
-- enforcement next to table-level privileges.
CREATE ROLE regress_pcol_alice LOGIN;
CREATE ROLE regress_pcol_bob LOGIN;
CREATE TABLE pcol_t (a int, b text, c int);
INSERT INTO pcol_t VALUES (1, 'x', 10);
GRANT SELECT (a, b), UPDATE (b) ON pcol_t TO regress_pcol_alice;
GRANT INSERT (a, c) ON pcol_t TO regress_pcol_alice;
GRANT SELECT (zz) ON pcol_t TO regress_pcol_alice;
GRANT DELETE (a) ON pcol_t TO regress_pcol_alice;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'pcol_t'::regclass AND attnum > 0 ORDER BY attnum;
\dp pcol_t
SET ROLE regress_pcol_alice;
SELECT a, b FROM pcol_t;
SELECT * FROM pcol_t;
SELECT c FROM pcol_t;
SELECT count(*) FROM pcol_t;
UPDATE pcol_t SET b = 'y' WHERE a = 1;
UPDATE pcol_t SET b = 'z', c = 1;
UPDATE pcol_t SET b = b || '!' RETURNING a, b;
UPDATE pcol_t SET b = 'q' WHERE c = 10;
INSERT INTO pcol_t (a, c) VALUES (2, 20);
INSERT INTO pcol_t (a, b) VALUES (3, 'w');
INSERT INTO pcol_t VALUES (4);
SELECT has_column_privilege('pcol_t', 'a', 'select'), has_column_privilege('pcol_t', 'c', 'select'), has_column_privilege('pcol_t', 'b', 'update');
SELECT has_table_privilege('pcol_t', 'select');
RESET ROLE;
SET SESSION AUTHORIZATION regress_pcol_bob;
GRANT SELECT (a) ON pcol_t TO regress_pcol_alice;
RESET SESSION AUTHORIZATION;
GRANT SELECT (a) ON pcol_t TO regress_pcol_bob WITH GRANT OPTION;
SET SESSION AUTHORIZATION regress_pcol_bob;
GRANT SELECT (a) ON pcol_t TO regress_pcol_alice;
GRANT SELECT (b) ON pcol_t TO regress_pcol_alice;
RESET SESSION AUTHORIZATION;
\dp pcol_t
REVOKE SELECT ON pcol_t FROM regress_pcol_alice;
\dp pcol_t
REVOKE ALL (a) ON pcol_t FROM regress_pcol_bob CASCADE;
DROP ROLE regress_pcol_alice;
DROP ROLE regress_pcol_bob;
\dp pcol_t
DROP TABLE pcol_t;
DROP ROLE IF EXISTS regress_pcol_alice;
DROP ROLE IF EXISTS regress_pcol_bob;
