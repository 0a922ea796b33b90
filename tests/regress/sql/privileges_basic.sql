-- privileges_basic: GRANT / REVOKE on tables, views, sequences, schemas,
-- databases and functions, their ACL text, and their enforcement under
-- SET ROLE / SET SESSION AUTHORIZATION.
CREATE ROLE regress_priv_alice LOGIN;
CREATE ROLE regress_priv_bob LOGIN;
CREATE ROLE regress_priv_group NOLOGIN;
CREATE TABLE priv_t (a int, b text);
INSERT INTO priv_t VALUES (1, 'one'), (2, 'two');
CREATE VIEW priv_v AS SELECT a FROM priv_t;
CREATE SEQUENCE priv_s;
CREATE SCHEMA priv_sch;
CREATE TABLE priv_sch.st (x int);
CREATE FUNCTION priv_f(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2';

-- ACLs: NULL until the first GRANT, then the owner's default plus the grant
SELECT relname, relacl FROM pg_class WHERE relname IN ('priv_t', 'priv_v', 'priv_s') ORDER BY 1;
GRANT SELECT ON priv_t TO regress_priv_alice;
GRANT SELECT, INSERT ON TABLE priv_t TO regress_priv_bob WITH GRANT OPTION;
GRANT ALL ON SEQUENCE priv_s TO regress_priv_alice;
GRANT SELECT ON priv_v TO PUBLIC;
SELECT relname, relacl FROM pg_class WHERE relname IN ('priv_t', 'priv_v', 'priv_s') ORDER BY 1;
\dp priv_*

-- errors
GRANT foo ON priv_t TO regress_priv_bob;
GRANT USAGE ON priv_t TO regress_priv_bob;
GRANT SELECT ON priv_t TO regress_priv_nobody;
GRANT SELECT ON priv_nosuch TO regress_priv_bob;
GRANT SELECT ON SEQUENCE priv_t TO regress_priv_bob;
GRANT INSERT ON priv_s TO regress_priv_bob;
GRANT SELECT ON priv_t TO PUBLIC WITH GRANT OPTION;
GRANT EXECUTE ON SCHEMA priv_sch TO regress_priv_bob;

-- enforcement
SELECT current_user, session_user;
SET ROLE regress_priv_alice;
SELECT current_user, session_user;
SHOW role;
SELECT * FROM priv_t ORDER BY a;
INSERT INTO priv_t VALUES (3, 'three');
UPDATE priv_t SET a = 5;
DELETE FROM priv_t;
TRUNCATE priv_t;
SELECT * FROM priv_v;
SELECT nextval('priv_s');
SELECT currval('priv_s');
SELECT * FROM priv_sch.st;
CREATE TABLE priv_sch.mine (a int);
SELECT priv_f(2);
ALTER TABLE priv_t ADD COLUMN c int;
DROP TABLE priv_t;
CREATE INDEX ON priv_t (a);
DROP VIEW priv_v;
DROP SEQUENCE priv_s;
DROP FUNCTION priv_f(int);
COPY priv_t TO STDOUT;
RESET ROLE;
SHOW role;

-- a view reads its tables with its owner's privileges
REVOKE SELECT ON priv_t FROM regress_priv_alice;
SET ROLE regress_priv_alice;
SELECT * FROM priv_v ORDER BY a;
SELECT * FROM priv_t;
RESET ROLE;

-- a prepared statement does not outlive a REVOKE
GRANT SELECT ON priv_t TO regress_priv_alice;
SET ROLE regress_priv_alice;
PREPARE priv_p AS SELECT count(*) FROM priv_t;
EXECUTE priv_p;
RESET ROLE;
REVOKE SELECT ON priv_t FROM regress_priv_alice;
SET ROLE regress_priv_alice;
EXECUTE priv_p;
RESET ROLE;
DEALLOCATE priv_p;

-- UPDATE / DELETE read columns only with SELECT
GRANT UPDATE, DELETE ON priv_t TO regress_priv_alice;
SET ROLE regress_priv_alice;
UPDATE priv_t SET b = 'x';
UPDATE priv_t SET b = 'y' WHERE a = 1;
UPDATE priv_t SET b = 'z' RETURNING a;
DELETE FROM priv_t WHERE a = 2;
RESET ROLE;
SELECT * FROM priv_t ORDER BY a;

-- grant options: a non-owner grants what it may, warned about the rest
SET SESSION AUTHORIZATION regress_priv_bob;
SELECT current_user, session_user;
GRANT SELECT ON priv_t TO regress_priv_alice;
GRANT UPDATE ON priv_t TO regress_priv_alice;
GRANT SELECT, UPDATE ON priv_t TO regress_priv_alice;
REVOKE UPDATE ON priv_t FROM regress_priv_alice;
SET ROLE regress_priv_alice;
SET SESSION AUTHORIZATION regress_priv_alice;
RESET SESSION AUTHORIZATION;
SELECT current_user, session_user;
\dp priv_t
REVOKE GRANT OPTION FOR SELECT ON priv_t FROM regress_priv_bob;
REVOKE GRANT OPTION FOR SELECT ON priv_t FROM regress_priv_bob CASCADE;
\dp priv_t

-- role membership
GRANT regress_priv_group TO regress_priv_alice;
GRANT regress_priv_group TO regress_priv_alice;
GRANT regress_priv_alice TO regress_priv_group;
GRANT regress_priv_group TO regress_priv_group;
GRANT regress_priv_nobody TO regress_priv_alice;
GRANT INSERT ON priv_t TO regress_priv_group;
SET ROLE regress_priv_alice;
INSERT INTO priv_t VALUES (7, 'seven');
SET ROLE regress_priv_group;
SELECT current_user;
SET ROLE regress_priv_bob;
RESET ROLE;
SELECT pg_has_role('regress_priv_alice', 'regress_priv_group', 'MEMBER'),
       pg_has_role('regress_priv_alice', 'regress_priv_group', 'USAGE'),
       pg_has_role('regress_priv_bob', 'regress_priv_group', 'MEMBER');
ALTER ROLE regress_priv_alice NOINHERIT;
SET ROLE regress_priv_alice;
INSERT INTO priv_t VALUES (8, 'eight');
RESET ROLE;
SELECT pg_has_role('regress_priv_alice', 'regress_priv_group', 'MEMBER'),
       pg_has_role('regress_priv_alice', 'regress_priv_group', 'USAGE');
ALTER ROLE regress_priv_alice INHERIT;
REVOKE regress_priv_group FROM regress_priv_alice;
REVOKE regress_priv_group FROM regress_priv_alice;

-- SET LOCAL ROLE ends with its transaction
BEGIN;
SET LOCAL ROLE regress_priv_alice;
SELECT current_user;
ROLLBACK;
SELECT current_user;

-- privilege inquiry functions
GRANT SELECT ON priv_t TO regress_priv_alice;
SELECT has_table_privilege('regress_priv_alice', 'priv_t', 'select'),
       has_table_privilege('regress_priv_alice', 'priv_t', 'insert'),
       has_table_privilege('regress_priv_bob', 'priv_t', 'INSERT WITH GRANT OPTION'),
       has_table_privilege('public', 'priv_v', 'select'),
       has_table_privilege('priv_t', 'select');
SELECT has_table_privilege('regress_priv_alice', 'priv_t', 'foo');
SELECT has_table_privilege('regress_priv_nobody', 'priv_t', 'select');
SELECT has_sequence_privilege('regress_priv_alice', 'priv_s', 'usage'),
       has_sequence_privilege('regress_priv_bob', 'priv_s', 'usage');
SELECT has_schema_privilege('regress_priv_alice', 'priv_sch', 'usage'),
       has_schema_privilege('regress_priv_alice', 'public', 'usage');
SELECT has_column_privilege('regress_priv_alice', 'priv_t', 'a', 'select'),
       has_column_privilege('regress_priv_alice', 'priv_t', 'a', 'update');
SELECT has_function_privilege('regress_priv_alice', 'priv_f(integer)', 'execute');
SELECT has_database_privilege('regress_priv_alice', current_database(), 'connect');

-- schemas, functions
GRANT USAGE ON SCHEMA priv_sch TO regress_priv_alice;
GRANT SELECT ON ALL TABLES IN SCHEMA priv_sch TO regress_priv_alice;
REVOKE EXECUTE ON FUNCTION priv_f(int) FROM PUBLIC;
SELECT nspname, nspacl FROM pg_namespace WHERE nspname = 'priv_sch';
SELECT proname, proacl FROM pg_proc WHERE proname = 'priv_f';
SET ROLE regress_priv_alice;
SELECT * FROM priv_sch.st;
SELECT priv_f(2);
RESET ROLE;
GRANT EXECUTE ON FUNCTION priv_f(int) TO regress_priv_alice;
SET ROLE regress_priv_alice;
SELECT priv_f(2);
RESET ROLE;
SELECT has_function_privilege('regress_priv_alice', 'priv_f(integer)', 'execute'),
       has_function_privilege('regress_priv_bob', 'priv_f(integer)', 'execute');

-- SECURITY DEFINER runs as the owner; predefined roles
CREATE FUNCTION priv_peek() RETURNS bigint LANGUAGE sql SECURITY DEFINER
  AS 'SELECT count(*) FROM priv_t';
CREATE FUNCTION priv_who() RETURNS text LANGUAGE sql SECURITY DEFINER AS 'SELECT current_user::text';
REVOKE SELECT ON priv_t FROM regress_priv_alice;
SET ROLE regress_priv_alice;
SELECT priv_peek(), priv_who(), current_user;
SELECT count(*) FROM priv_t;
RESET ROLE;
GRANT pg_read_all_data TO regress_priv_alice;
SET ROLE regress_priv_alice;
SELECT count(*) FROM priv_t;
SELECT count(*) FROM priv_sch.st;
INSERT INTO priv_t VALUES (9, 'nine');
RESET ROLE;
REVOKE pg_read_all_data FROM regress_priv_alice;
DROP ROLE pg_read_all_data;
DROP FUNCTION priv_peek();
DROP FUNCTION priv_who();
GRANT SELECT ON priv_t TO regress_priv_alice;

-- ALTER ... OWNER TO: the ACL follows the owner; a non-superuser must be a
-- member of the new owner, which must be able to create in the schema
CREATE TABLE priv_own (a int, b serial);
GRANT SELECT ON priv_own TO regress_priv_bob;
GRANT UPDATE (a) ON priv_own TO regress_priv_bob;
ALTER TABLE priv_own OWNER TO regress_priv_alice;
SELECT relname, relacl FROM pg_class WHERE relname LIKE 'priv_own%' ORDER BY 1;
SET ROLE regress_priv_alice;
ALTER TABLE priv_own OWNER TO regress_priv_group;
RESET ROLE;
GRANT regress_priv_group TO regress_priv_alice;
SET ROLE regress_priv_alice;
ALTER TABLE priv_own OWNER TO regress_priv_group;
RESET ROLE;
GRANT CREATE ON SCHEMA public TO regress_priv_group;
SET ROLE regress_priv_alice;
ALTER TABLE priv_own OWNER TO regress_priv_group;
RESET ROLE;
\dp priv_own
DROP TABLE priv_own;
REVOKE CREATE ON SCHEMA public FROM regress_priv_group;
REVOKE regress_priv_group FROM regress_priv_alice;

-- information_schema, databases
SELECT grantor, grantee, table_name, privilege_type, is_grantable, with_hierarchy
  FROM information_schema.table_privileges WHERE table_name LIKE 'priv%'
  ORDER BY table_name, grantee, privilege_type;
SELECT grantor, grantee, table_name, privilege_type, is_grantable
  FROM information_schema.role_table_grants WHERE table_name LIKE 'priv%'
  ORDER BY table_name, grantee, privilege_type;
GRANT CONNECT, TEMPORARY ON DATABASE regress TO regress_priv_alice;
REVOKE TEMPORARY ON DATABASE regress FROM PUBLIC;
SELECT datacl FROM pg_database WHERE datname = 'regress';
\l regress
GRANT CREATE ON DATABASE regress TO regress_priv_bob WITH GRANT OPTION;
GRANT USAGE ON DATABASE regress TO regress_priv_bob;
REVOKE ALL ON DATABASE regress FROM regress_priv_bob;
GRANT TEMPORARY ON DATABASE regress TO PUBLIC;
REVOKE ALL ON DATABASE regress FROM regress_priv_alice;
SELECT datacl FROM pg_database WHERE datname = 'regress';

-- DROP ROLE refuses while privileges remain
DROP ROLE regress_priv_alice;
REVOKE ALL ON priv_t FROM regress_priv_alice;
REVOKE ALL ON priv_s FROM regress_priv_alice;
REVOKE ALL ON SCHEMA priv_sch FROM regress_priv_alice;
REVOKE ALL ON priv_sch.st FROM regress_priv_alice;
REVOKE ALL ON FUNCTION priv_f(int) FROM regress_priv_alice;
DROP ROLE regress_priv_alice;
DROP TABLE priv_t CASCADE;
DROP SEQUENCE priv_s;
DROP SCHEMA priv_sch CASCADE;
DROP FUNCTION priv_f(int);
DROP ROLE regress_priv_bob;
DROP ROLE regress_priv_group;
