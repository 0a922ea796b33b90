-- alter_column_type: ALTER TABLE ... ALTER COLUMN ... TYPE that rewrites the rows.
CREATE TABLE act (id int PRIMARY KEY, name text, amount numeric(10,2), code varchar(10) DEFAULT 'x', flag text);
INSERT INTO act VALUES (1, 'one', 1.25, 'a', 'true'), (2, 'two', 2.5, 'bb', 'false'), (3, NULL, NULL, NULL, NULL);
-- assignment casts
ALTER TABLE act ALTER COLUMN amount TYPE integer;
SELECT id, amount, pg_typeof(amount) FROM act ORDER BY id;
ALTER TABLE act ALTER COLUMN amount SET DATA TYPE numeric(12,3);
SELECT id, amount FROM act ORDER BY id;
ALTER TABLE act ALTER COLUMN code TYPE varchar(1);
ALTER TABLE act ALTER COLUMN code TYPE char(3);
SELECT id, code, length(code), pg_typeof(code) FROM act ORDER BY id;
-- no assignment cast: 42804 with the hint
ALTER TABLE act ALTER COLUMN flag TYPE boolean;
ALTER TABLE act ALTER COLUMN name TYPE integer;
ALTER TABLE act ALTER COLUMN code TYPE varchar(2)[];
-- USING
ALTER TABLE act ALTER COLUMN flag TYPE boolean USING flag::boolean;
SELECT id, flag FROM act ORDER BY id;
ALTER TABLE act ALTER COLUMN name TYPE integer USING length(name);
SELECT id, name FROM act ORDER BY id;
ALTER TABLE act ALTER COLUMN name TYPE text USING 'n' || id;
SELECT id, name FROM act ORDER BY id;
ALTER TABLE act ALTER COLUMN flag TYPE integer USING 'x';
ALTER TABLE act ALTER COLUMN flag TYPE integer USING flag;
ALTER TABLE act ALTER COLUMN flag TYPE int USING CASE WHEN flag THEN 1 ELSE 0 END;
SELECT id, flag FROM act ORDER BY id;
ALTER TABLE act ALTER COLUMN flag TYPE int USING nosuch + 1;
ALTER TABLE act ALTER COLUMN flag TYPE bigint USING sum(flag);
ALTER TABLE act ALTER COLUMN flag TYPE bigint USING (SELECT 1);
ALTER TABLE act ALTER COLUMN flag TYPE bigint USING row_number() OVER ();
ALTER TABLE act ALTER COLUMN flag TYPE date USING date '2024-05-06' + (now()::date - now()::date);
ALTER TABLE act ALTER COLUMN nosuch TYPE int;
ALTER TABLE act ALTER COLUMN flag TYPE nosuchtype;
ALTER TABLE act ALTER COLUMN flag TYPE date USING '2020-01-01', ALTER COLUMN flag TYPE int USING flag::int;
-- conversion errors leave the table as it was
ALTER TABLE act ALTER COLUMN name TYPE varchar(1);
ALTER TABLE act ALTER COLUMN name TYPE int USING name::int;
SELECT * FROM act ORDER BY id;
-- primary key column, secondary and unique indexes rebuilt
CREATE TABLE ack (k numeric PRIMARY KEY, v text UNIQUE, w int);
CREATE INDEX ack_w ON ack (w);
INSERT INTO ack VALUES (1.4, '10', 5), (2.6, '20', 6), (3, '5', 7);
ALTER TABLE ack ALTER COLUMN k TYPE int;
SELECT * FROM ack ORDER BY k;
SELECT * FROM ack WHERE k = 3;
ALTER TABLE ack ALTER COLUMN v TYPE int USING v::int;
SELECT * FROM ack WHERE v = 5;
SELECT * FROM ack ORDER BY v;
ALTER TABLE ack ALTER COLUMN w TYPE text;
SELECT * FROM ack WHERE w = '6';
INSERT INTO ack VALUES (3, 1, 'x');
INSERT INTO ack VALUES (4, 10, 'x');
INSERT INTO ack VALUES (4, 11, 'x');
SELECT * FROM ack ORDER BY k;
CREATE TABLE acd (k numeric PRIMARY KEY);
INSERT INTO acd VALUES (1.2), (1.4);
ALTER TABLE acd ALTER COLUMN k TYPE int;
SELECT * FROM acd ORDER BY k;
CREATE TABLE acu (a int, v text UNIQUE);
INSERT INTO acu VALUES (1, '1'), (2, '01');
ALTER TABLE acu ALTER COLUMN v TYPE int USING v::int;
ALTER TABLE acu ALTER COLUMN v TYPE varchar(5), ALTER COLUMN a TYPE text, ADD COLUMN z int DEFAULT 7;
SELECT * FROM acu ORDER BY a;
SELECT a, pg_typeof(a), pg_typeof(v) FROM acu WHERE v = '01';
-- NOT NULL and CHECK rechecked
CREATE TABLE acc (a text NOT NULL, b int CHECK (b < 100));
INSERT INTO acc VALUES ('1', 50), ('', 99);
ALTER TABLE acc ALTER COLUMN a TYPE int USING nullif(a, '')::int;
ALTER TABLE acc ALTER COLUMN b TYPE int USING b * 2;
ALTER TABLE acc ALTER COLUMN b TYPE numeric USING b / 2.0;
SELECT * FROM acc ORDER BY b;
-- defaults convert with the column
CREATE TABLE acf (a text DEFAULT 'abc', b text DEFAULT '42');
ALTER TABLE acf ALTER COLUMN a TYPE int USING 0;
ALTER TABLE acf ALTER COLUMN b TYPE int USING b::int;
INSERT INTO acf (a) VALUES ('q');
SELECT * FROM acf;
-- inside a transaction, rolled back
BEGIN;
ALTER TABLE acf ALTER COLUMN a TYPE varchar(5);
SELECT pg_typeof(a) FROM acf;
ROLLBACK;
SELECT pg_typeof(a), a FROM acf;
-- a column used by a view
CREATE TABLE acv (a int, b text);
CREATE VIEW acv_v AS SELECT a FROM acv;
ALTER TABLE acv ALTER COLUMN a TYPE text;
ALTER TABLE acv ALTER COLUMN b TYPE int USING 1;
-- table without a primary key
CREATE TABLE acn (a text, b text);
INSERT INTO acn VALUES ('1', 'x'), ('2', 'y'), ('1', 'z');
ALTER TABLE acn ALTER COLUMN a TYPE bigint USING a::bigint;
SELECT * FROM acn ORDER BY a, b;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'acn'::regclass AND attnum > 0 ORDER BY attnum;
-- catalog
SELECT column_name, data_type, character_maximum_length, numeric_precision FROM information_schema.columns WHERE table_name = 'act' ORDER BY ordinal_position;
DROP VIEW acv_v;
DROP TABLE act, ack, acd, acc, acf, acv, acn, acu;
