-- Renaming a sequence keeps the DEFAULTs that read it working (PostgreSQL
-- stores its oid; Rails' rename_table renames the table's sequence).
CREATE TABLE st1 (id serial PRIMARY KEY, v text);
INSERT INTO st1 (v) VALUES ('a');
ALTER TABLE st1_id_seq RENAME TO st1_id_foo;
INSERT INTO st1 (v) VALUES ('b');
ALTER SEQUENCE st1_id_foo RENAME TO "St1 Seq";
INSERT INTO st1 (v) VALUES ('c');
SELECT * FROM st1 ORDER BY id;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'st1'::regclass;
CREATE SCHEMA sx;
CREATE TABLE sx.st2 (id bigserial, w int DEFAULT nextval('sx.st2_id_seq'::regclass));
ALTER SEQUENCE sx.st2_id_seq RENAME TO st2_seq;
INSERT INTO sx.st2 DEFAULT VALUES;
SELECT * FROM sx.st2;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'sx.st2'::regclass ORDER BY adnum;
-- Rails' rename_table: the table, then its sequence, then its key index
ALTER TABLE st1 RENAME TO users2;
ALTER TABLE "St1 Seq" RENAME TO users2_id_seq;
ALTER INDEX st1_pkey RENAME TO users2_pkey;
INSERT INTO users2 (v) VALUES ('d');
SELECT * FROM users2 ORDER BY id;
\d users2
DROP TABLE users2;
DROP SCHEMA sx CASCADE;
