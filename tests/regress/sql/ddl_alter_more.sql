-- ALTER TABLE ... RENAME CONSTRAINT
CREATE TABLE rc_p (id int PRIMARY KEY, u int UNIQUE, v int CONSTRAINT v_pos CHECK (v > 0));
CREATE TABLE rc_c (pid int CONSTRAINT rc_c_fk REFERENCES rc_p);
ALTER TABLE rc_p RENAME CONSTRAINT v_pos TO v_positive;
ALTER TABLE rc_p RENAME CONSTRAINT rc_p_pkey TO rc_p_pk;
ALTER TABLE rc_p RENAME CONSTRAINT rc_p_u_key TO rc_p_u_uq;
ALTER TABLE rc_c RENAME CONSTRAINT rc_c_fk TO rc_c_parent_fk;
\d rc_p
\d rc_c
SELECT conname, contype FROM pg_constraint WHERE conrelid IN ('rc_p'::regclass, 'rc_c'::regclass)
 ORDER BY conname;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'rc_p'::regclass ORDER BY 1;
INSERT INTO rc_p VALUES (1, 1, 0);
INSERT INTO rc_p VALUES (1, 1, 1);
INSERT INTO rc_p VALUES (1, 1, 1);
INSERT INTO rc_c VALUES (9);
ALTER TABLE rc_p RENAME CONSTRAINT nosuch TO x;
ALTER TABLE rc_p RENAME CONSTRAINT v_positive TO rc_p_pk;
ALTER TABLE rc_p RENAME CONSTRAINT rc_p_u_uq TO rc_c;
ALTER TABLE rc_p RENAME CONSTRAINT rc_p_u_uq TO v_positive;
ALTER TABLE nosuch RENAME CONSTRAINT a TO b;
ALTER TABLE rc_p DROP CONSTRAINT v_positive;
ALTER TABLE rc_p DROP CONSTRAINT rc_p_u_uq;
\d rc_p
-- CHECK ... NOT VALID and VALIDATE CONSTRAINT
CREATE TABLE nv (a int, b int);
INSERT INTO nv VALUES (1, 1), (-1, 2);
ALTER TABLE nv ADD CONSTRAINT a_pos CHECK (a > 0);
ALTER TABLE nv ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID;
\d nv
SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'nv'::regclass ORDER BY conname;
INSERT INTO nv VALUES (-2, 3);
INSERT INTO nv VALUES (2, 3);
ALTER TABLE nv VALIDATE CONSTRAINT a_pos;
DELETE FROM nv WHERE a < 0;
ALTER TABLE nv VALIDATE CONSTRAINT a_pos;
ALTER TABLE nv VALIDATE CONSTRAINT a_pos;
ALTER TABLE nv VALIDATE CONSTRAINT nosuch;
SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'nv'::regclass ORDER BY conname;
\d nv
-- NOT VALID in CREATE TABLE is valid at once
CREATE TABLE nv2 (a int, CONSTRAINT c1 CHECK (a > 0) NOT VALID);
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'nv2'::regclass;
-- FOREIGN KEY ... NOT VALID
CREATE TABLE fp (id int PRIMARY KEY);
CREATE TABLE fc (id int PRIMARY KEY, pid int);
INSERT INTO fp VALUES (1);
INSERT INTO fc VALUES (1, 1), (2, 5);
ALTER TABLE fc ADD CONSTRAINT fc_fk FOREIGN KEY (pid) REFERENCES fp;
ALTER TABLE fc ADD CONSTRAINT fc_fk FOREIGN KEY (pid) REFERENCES fp NOT VALID;
\d fc
SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'fc'::regclass ORDER BY conname;
INSERT INTO fc VALUES (3, 7);
INSERT INTO fc VALUES (3, 1);
UPDATE fc SET pid = 8 WHERE id = 1;
ALTER TABLE fc VALIDATE CONSTRAINT fc_fk;
ALTER TABLE fc VALIDATE CONSTRAINT fc_pkey;
UPDATE fc SET pid = NULL WHERE id = 2;
ALTER TABLE fc VALIDATE CONSTRAINT fc_fk;
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'fc'::regclass ORDER BY conname;
\d fc
BEGIN;
ALTER TABLE nv ADD CONSTRAINT b_small CHECK (b < 0) NOT VALID;
ALTER TABLE nv VALIDATE CONSTRAINT b_small;
ROLLBACK;
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'nv'::regclass ORDER BY conname;
ALTER TABLE rc_c RENAME CONSTRAINT rc_c_parent_fk TO rc_c_fk2;
ALTER TABLE fc RENAME CONSTRAINT fc_fk TO fc_parent;
ALTER TABLE nv RENAME CONSTRAINT a_pos TO a_positive;
SELECT conname, convalidated FROM pg_constraint WHERE conrelid IN ('nv'::regclass, 'fc'::regclass)
 ORDER BY conname;
DROP TABLE rc_c, rc_p, nv, nv2, fc, fp;
-- CREATE SCHEMA with schema elements
CREATE SCHEMA cs1
  CREATE VIEW v1 AS SELECT a, b FROM t1 WHERE a > 0
  CREATE INDEX t1_b ON t1 (b)
  CREATE TABLE t1 (a int PRIMARY KEY, b text)
  CREATE SEQUENCE sq1;
\d cs1.t1
\dv cs1.*
\ds cs1.*
INSERT INTO cs1.t1 VALUES (1, 'x'), (-1, 'y');
SELECT * FROM cs1.v1;
SELECT nextval('cs1.sq1');
CREATE SCHEMA cs2 CREATE TABLE public.t2 (a int);
CREATE SCHEMA cs2 CREATE TABLE cs2.t2 (a int) CREATE TABLE t3 (b int REFERENCES nosuch);
SELECT nspname FROM pg_namespace WHERE nspname LIKE 'cs%' ORDER BY 1;
CREATE SCHEMA cs3 CREATE TABLE p (id int PRIMARY KEY) CREATE TABLE c (pid int REFERENCES p);
\d cs3.c
INSERT INTO cs3.c VALUES (1);
CREATE TABLE cs_pub (a int PRIMARY KEY);
CREATE SCHEMA cs4 CREATE TABLE t3 (b int REFERENCES cs_pub);
\d cs4.t3
DROP SCHEMA cs1 CASCADE;
DROP TABLE cs3.c;
DROP SCHEMA cs3 CASCADE;
DROP SCHEMA cs4 CASCADE;
DROP TABLE cs_pub;
