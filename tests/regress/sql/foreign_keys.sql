-- FOREIGN KEY constraints: DDL, enforcement on every write path, catalogs
CREATE TABLE p (id int PRIMARY KEY, name text);
CREATE TABLE c (cid int PRIMARY KEY, pid int REFERENCES p);
INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c');
INSERT INTO c VALUES (10, 1), (11, 2), (12, NULL);
-- child side violations
INSERT INTO c VALUES (13, 5);
UPDATE c SET pid = 7 WHERE cid = 10;
INSERT INTO c SELECT 20 + id, id + 100 FROM p;
-- parent side (NO ACTION)
DELETE FROM p WHERE id = 1;
UPDATE p SET id = 9 WHERE id = 2;
UPDATE p SET name = 'bb' WHERE id = 2;
DELETE FROM p WHERE id = 3;
SELECT * FROM p ORDER BY id;
-- swapping keys within one statement is checked at its end
UPDATE p SET id = 3 - id WHERE id IN (1, 2);
SELECT * FROM c ORDER BY cid;
\d c
\d p
SELECT conname, contype, conkey, confkey, confupdtype, confdeltype, confmatchtype,
       conrelid::regclass, confrelid::regclass, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE contype = 'f' ORDER BY conname;
-- CASCADE
CREATE TABLE c2 (a int, b text, FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE ON UPDATE CASCADE);
INSERT INTO c2 VALUES (1, 'x'), (2, 'y'), (2, 'z');
UPDATE p SET id = 20 WHERE id = 2;
SELECT * FROM c2 ORDER BY a, b;
DELETE FROM c WHERE cid = 10;
DELETE FROM p WHERE id = 20;
SELECT * FROM c2 ORDER BY a, b;
-- SET NULL / SET DEFAULT / RESTRICT
CREATE TABLE c3 (k int PRIMARY KEY, a int DEFAULT 1 REFERENCES p ON DELETE SET NULL ON UPDATE SET DEFAULT);
INSERT INTO p VALUES (4, 'd'), (5, 'e');
INSERT INTO c3 VALUES (1, 4), (2, 5);
DELETE FROM p WHERE id = 4;
UPDATE p SET id = 6 WHERE id = 5;
SELECT * FROM c3 ORDER BY k;
CREATE TABLE c4 (a int REFERENCES p ON DELETE RESTRICT);
INSERT INTO c4 VALUES (6);
DELETE FROM p WHERE id = 6;
-- multi-column, MATCH SIMPLE and MATCH FULL
CREATE TABLE mp (a int, b int, PRIMARY KEY (a, b));
INSERT INTO mp VALUES (1, 1), (1, 2);
CREATE TABLE mc (x int, y int, CONSTRAINT mc_fk FOREIGN KEY (x, y) REFERENCES mp (a, b));
INSERT INTO mc VALUES (1, 2), (1, NULL), (NULL, 7);
INSERT INTO mc VALUES (2, 2);
CREATE TABLE mf (x int, y int, FOREIGN KEY (x, y) REFERENCES mp MATCH FULL ON DELETE CASCADE);
INSERT INTO mf VALUES (1, 1), (NULL, NULL);
INSERT INTO mf VALUES (1, NULL);
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname IN ('mc_fk', 'mf_x_y_fkey') ORDER BY 1;
-- self reference, multi-level cascade
CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree ON DELETE CASCADE);
INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, 1);
INSERT INTO tree VALUES (7, 6), (6, 1);
INSERT INTO tree VALUES (8, 99);
DELETE FROM tree WHERE id = 2;
SELECT * FROM tree ORDER BY id;
\d tree
-- referenced columns need a unique constraint; types must match
CREATE TABLE bad (a text REFERENCES p);
CREATE TABLE bad (a int REFERENCES p (name));
CREATE TABLE bad (a int REFERENCES p (nosuch));
CREATE TABLE bad (a int, FOREIGN KEY (a, a) REFERENCES p);
CREATE TABLE bad (a int REFERENCES nosuch);
CREATE TABLE nopk (a int);
CREATE TABLE bad (a int REFERENCES nopk);
CREATE UNIQUE INDEX p_name_idx ON p (name);
CREATE TABLE byname (n text REFERENCES p (name));
INSERT INTO byname VALUES ('a'), (NULL);
INSERT INTO byname VALUES ('zz');
DROP INDEX p_name_idx;
-- ALTER TABLE ADD / DROP CONSTRAINT, validation of existing rows
CREATE TABLE lat (id int, pid int);
INSERT INTO lat VALUES (1, 1), (2, 42);
ALTER TABLE lat ADD CONSTRAINT lat_fk FOREIGN KEY (pid) REFERENCES p;
DELETE FROM lat WHERE id = 2;
ALTER TABLE lat ADD CONSTRAINT lat_fk FOREIGN KEY (pid) REFERENCES p;
ALTER TABLE lat ADD FOREIGN KEY (pid) REFERENCES p;
INSERT INTO lat VALUES (3, 42);
ALTER TABLE lat DROP CONSTRAINT lat_fk;
INSERT INTO lat VALUES (3, 42);
ALTER TABLE lat DROP CONSTRAINT lat_pid_fkey;
INSERT INTO lat VALUES (4, 42);
ALTER TABLE lat ADD COLUMN q int REFERENCES p;
INSERT INTO lat VALUES (5, 1, 77);
-- dropping what a foreign key depends on
ALTER TABLE p DROP COLUMN id;
ALTER TABLE p DROP CONSTRAINT p_pkey;
ALTER TABLE lat DROP COLUMN q;
\d lat
-- COPY FROM is checked too
COPY c FROM STDIN;
30	1
31	55
\.
SELECT count(*) FROM c;
-- information_schema
SELECT constraint_name, table_name, constraint_type FROM information_schema.table_constraints
 WHERE constraint_type = 'FOREIGN KEY' ORDER BY 1;
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
  FROM information_schema.key_column_usage WHERE position_in_unique_constraint IS NOT NULL
 ORDER BY 1, 4;
SELECT * FROM information_schema.referential_constraints ORDER BY constraint_name;
-- TRUNCATE
TRUNCATE p;
TRUNCATE p, c, c2, c3, c4, lat, byname;
TRUNCATE mp CASCADE;
SELECT count(*) FROM mc;
-- DROP TABLE
DROP TABLE p;
DROP TABLE c4;
DROP TABLE p CASCADE;
\d c
INSERT INTO c VALUES (40, 12345);
DROP TABLE mc, mf, mp;
DROP TABLE tree;
DROP TABLE c, c2, c3, lat, nopk, byname;
-- actions that break CHECK / NOT NULL of the referencing table
CREATE TABLE ap (id int PRIMARY KEY);
INSERT INTO ap VALUES (1), (2), (3);
CREATE TABLE ac (k int, a int CHECK (a IS NOT NULL) REFERENCES ap ON DELETE SET NULL);
CREATE TABLE an (k int, a int NOT NULL REFERENCES ap ON UPDATE SET NULL);
INSERT INTO ac VALUES (1, 1);
INSERT INTO an VALUES (1, 2);
DELETE FROM ap WHERE id = 1;
UPDATE ap SET id = 20 WHERE id = 2;
-- SET DEFAULT to a missing key fails the check of the new value
CREATE TABLE ad (k int, a int DEFAULT 42 REFERENCES ap ON DELETE SET DEFAULT);
INSERT INTO ad VALUES (1, 3);
DELETE FROM ap WHERE id = 3;
-- a unique constraint as the referenced key, bigint referencing integer, columns out of order
CREATE TABLE up (a int, b text, UNIQUE (b, a));
INSERT INTO up VALUES (1, 'x'), (2, 'y');
CREATE TABLE uc (y text, x bigint, FOREIGN KEY (x, y) REFERENCES up (a, b) ON UPDATE CASCADE);
INSERT INTO uc VALUES ('x', 1), ('y', 2) RETURNING *;
INSERT INTO uc VALUES ('y', 1);
UPDATE up SET a = 10 WHERE b = 'x';
SELECT * FROM uc ORDER BY y;
-- multi-level ON UPDATE CASCADE
CREATE TABLE l1 (id int PRIMARY KEY);
CREATE TABLE l2 (id int PRIMARY KEY REFERENCES l1 ON UPDATE CASCADE ON DELETE CASCADE);
CREATE TABLE l3 (id int REFERENCES l2 ON UPDATE CASCADE ON DELETE CASCADE);
INSERT INTO l1 VALUES (1), (2);
INSERT INTO l2 VALUES (1), (2);
INSERT INTO l3 VALUES (1), (1), (2);
UPDATE l1 SET id = id + 10;
SELECT * FROM l3 ORDER BY id;
DELETE FROM l1 WHERE id = 11;
SELECT * FROM l3 ORDER BY id;
-- transactions: a parent inserted in the same transaction, rollback
BEGIN;
INSERT INTO l1 VALUES (5);
INSERT INTO l2 VALUES (5);
ROLLBACK;
SELECT * FROM l2 ORDER BY id;
BEGIN;
DELETE FROM l3;
DELETE FROM l2;
DELETE FROM l1;
COMMIT;
SELECT count(*) FROM l1;
-- dropping several tables that reference each other at once
DROP TABLE l1, l2, l3;
ALTER TABLE uc DROP CONSTRAINT uc_x_y_fkey;
\d up
DROP TABLE ap CASCADE;
DROP TABLE ac, an, ad, up, uc;
-- widening a key column keeps the foreign key working
CREATE TABLE wp (id int PRIMARY KEY);
CREATE TABLE wc (pid smallint REFERENCES wp);
INSERT INTO wp VALUES (1);
ALTER TABLE wc ALTER COLUMN pid TYPE bigint;
ALTER TABLE wp ALTER COLUMN id TYPE bigint;
INSERT INTO wc VALUES (1);
INSERT INTO wc VALUES (2);
-- DROP SCHEMA ... CASCADE with references across schemas
CREATE SCHEMA s1;
CREATE TABLE s1.a (id int PRIMARY KEY);
CREATE TABLE s1.b (pid int REFERENCES s1.a);
INSERT INTO s1.a VALUES (1);
CREATE TABLE oc (pid int REFERENCES s1.a);
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'oc_pid_fkey';
INSERT INTO wc SELECT id FROM wp;
DROP TABLE wc, wp;
DROP TABLE oc;
DROP SCHEMA s1 CASCADE;
-- key columns of types PostgreSQL cannot compare through the referenced index
CREATE TABLE pki (a int PRIMARY KEY);
CREATE TABLE pkn (a numeric PRIMARY KEY);
CREATE TABLE pkr (a real PRIMARY KEY);
CREATE TABLE f1 (x numeric REFERENCES pki);
CREATE TABLE f2 (x real REFERENCES pki);
CREATE TABLE f3 (x text REFERENCES pki);
CREATE TABLE f4 (x float8 REFERENCES pkn);
CREATE TABLE f5 (x bigint REFERENCES pki);
CREATE TABLE f6 (x smallint REFERENCES pki);
DROP TABLE f5, f6, pki, pkn, pkr;
