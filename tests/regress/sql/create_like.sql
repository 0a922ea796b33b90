-- create_like: CREATE TABLE ... (LIKE src [INCLUDING | EXCLUDING ...]).
CREATE TABLE src (id int PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'n', amount numeric(10,2) CHECK (amount > 0), code text UNIQUE, w int, serialcol serial);
CREATE INDEX src_w ON src (w DESC);
COMMENT ON COLUMN src.name IS 'the name';
-- default: names, types and NOT NULL only
CREATE TABLE l1 (LIKE src);
\d l1
INSERT INTO l1 (id, name) VALUES (1, 'a');
INSERT INTO l1 (id) VALUES (2);
SELECT * FROM l1;
-- defaults
CREATE TABLE l2 (LIKE src INCLUDING DEFAULTS);
INSERT INTO l2 (id) VALUES (1);
SELECT id, name, serialcol FROM l2;
\d l2
-- constraints
CREATE TABLE l3 (LIKE src INCLUDING CONSTRAINTS);
INSERT INTO l3 (id, name, amount, serialcol) VALUES (1, 'x', -1, 1);
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'l3'::regclass ORDER BY conname;
-- indexes
CREATE TABLE l4 (LIKE src INCLUDING INDEXES);
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'l4' ORDER BY indexname;
INSERT INTO l4 (id, name, serialcol) VALUES (1, 'a', 1);
INSERT INTO l4 (id, name, serialcol) VALUES (1, 'b', 2);
-- all, and extra columns around the clause
CREATE TABLE l5 (before int, LIKE src INCLUDING ALL, after text DEFAULT 'z');
\d l5
SELECT col_description('l5'::regclass, 3);
INSERT INTO l5 (id, amount) VALUES (1, 5);
SELECT * FROM l5;
CREATE TABLE l6 (LIKE src INCLUDING ALL EXCLUDING INDEXES EXCLUDING COMMENTS);
\d l6
SELECT col_description('l6'::regclass, 2);
-- identity
CREATE TABLE isrc (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5), v text);
CREATE TABLE l7 (LIKE isrc);
CREATE TABLE l8 (LIKE isrc INCLUDING IDENTITY);
INSERT INTO l7 (id, v) VALUES (1, 'a');
INSERT INTO l8 (v) VALUES ('a'), ('b');
SELECT * FROM l8 ORDER BY id;
SELECT column_name, is_nullable, is_identity, column_default FROM information_schema.columns WHERE table_name IN ('l7', 'l8') ORDER BY table_name, ordinal_position;
-- two sources, a view, duplicates and errors
CREATE TABLE other (x int, y text);
CREATE VIEW srcv AS SELECT id, name FROM src;
CREATE TABLE l9 (LIKE other, LIKE srcv, z bool);
SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute WHERE attrelid = 'l9'::regclass AND attnum > 0 ORDER BY attnum;
CREATE TABLE l10 (LIKE other, x int);
CREATE TABLE l10 (LIKE nosuch);
CREATE TABLE l10 (LIKE src_pkey);
CREATE SEQUENCE lseq;
CREATE TABLE l10 (LIKE lseq);
CREATE TABLE l9 (LIKE other);
CREATE TABLE IF NOT EXISTS l9 (LIKE src INCLUDING ALL);
SELECT count(*) FROM pg_indexes WHERE tablename = 'l9';
-- a table without a primary key, rolled back
BEGIN;
CREATE TABLE l11 (LIKE other INCLUDING ALL);
INSERT INTO l11 VALUES (1, 'a');
SELECT * FROM l11;
ROLLBACK;
SELECT count(*) FROM pg_class WHERE relname = 'l11';
DROP VIEW srcv;
DROP TABLE src, l1, l2, l3, l4, l5, l6, isrc, l7, l8, other, l9;
DROP SEQUENCE lseq;
