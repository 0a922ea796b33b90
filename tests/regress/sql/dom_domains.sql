-- dom_domains: domains over enum types and arrays of domains
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN goodmood AS mood CHECK (VALUE <> 'sad');
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE DOMAIN nnint AS int NOT NULL;
CREATE DOMAIN shorttext AS varchar(5) CHECK (VALUE <> 'bad');

-- a domain over an enum
SELECT 'ok'::goodmood AS m, 'happy'::goodmood::mood > 'ok'::mood AS gt;
SELECT 'sad'::goodmood;
SELECT 'meh'::goodmood;
SELECT 'happy'::mood::goodmood;
SELECT 'sad'::mood::goodmood;
CREATE TABLE tm (id int PRIMARY KEY, m goodmood, ms goodmood[]);
INSERT INTO tm VALUES (1, 'ok', '{ok,happy}'), (2, 'happy', ARRAY['happy']::goodmood[]);
INSERT INTO tm VALUES (4, NULL, '{}');
INSERT INTO tm VALUES (3, 'sad', NULL);
INSERT INTO tm VALUES (3, 'ok', '{ok,sad}');
INSERT INTO tm VALUES (3, 'ok', ARRAY['ok','sad']::mood[]);
UPDATE tm SET m = 'sad' WHERE id = 1;
UPDATE tm SET m = 'ok' WHERE id = 2;
SELECT * FROM tm ORDER BY m DESC NULLS LAST, id;
SELECT id, m::text, m::mood = 'ok' AS is_ok FROM tm ORDER BY id;
SELECT id, unnest(ms) AS u FROM tm ORDER BY 1, 2;
SELECT id FROM tm WHERE 'happy'::mood = ANY (ms::mood[]) ORDER BY 1;
SELECT max(m::mood), min(m::mood) FROM tm;
CREATE INDEX tm_m ON tm (m);
SELECT id FROM tm WHERE m::mood = 'ok' ORDER BY id;
COPY tm FROM stdin;
5	happy	{happy,ok}
\.
COPY tm FROM stdin;
6	sad	\N
\.
COPY tm FROM stdin;
6	ok	{ok,sad}
\.
SELECT * FROM tm ORDER BY id;
\d tm
SELECT typname, typtype, typbasetype::regtype FROM pg_type WHERE typname IN ('goodmood', '_goodmood') ORDER BY 1;

-- arrays of domains
SELECT ARRAY[1,2,3]::posint[] AS a, '{4,5}'::posint[] AS b;
SELECT ARRAY[1,-2]::posint[];
SELECT '{1,0}'::posint[];
SELECT '{1,NULL}'::posint[];
SELECT '{1,NULL}'::nnint[];
SELECT NULL::nnint[] IS NULL AS isnull;
SELECT '{{1,2},{3,4}}'::posint[] AS two_d;
SELECT '{{1,2},{3,-4}}'::posint[];
SELECT '{abc,de}'::shorttext[];
SELECT '{abc,bad}'::shorttext[];
SELECT '{abcdefg}'::shorttext[];
SELECT (ARRAY[5,6]::posint[])[2] AS second;
SELECT array_length('{1,2,3}'::posint[], 1) AS len;
CREATE TABLE ta (id int, a posint[], n nnint[]);
INSERT INTO ta VALUES (1, '{1,2}', '{1}'), (2, ARRAY[3], NULL), (3, NULL, '{}');
INSERT INTO ta VALUES (4, '{1,-1}', NULL);
INSERT INTO ta VALUES (4, ARRAY[1,-1], NULL);
INSERT INTO ta VALUES (4, NULL, '{1,NULL}');
INSERT INTO ta (id, a) SELECT 5, ARRAY[g, g - 1] FROM generate_series(1, 1) g;
UPDATE ta SET a = a || 0 WHERE a IS NOT NULL;
UPDATE ta SET a[1] = -5 WHERE a IS NOT NULL;
UPDATE ta SET a[2] = 7, a[1] = -1 WHERE id = 1;
UPDATE ta SET a[2] = 7, a[3] = 8 WHERE id = 1;
UPDATE ta SET a = a || 9 WHERE id = 2;
SELECT * FROM ta ORDER BY id;
SELECT id, unnest(a) AS u FROM ta ORDER BY 1, 2;
SELECT id FROM ta WHERE 2 = ANY (a) ORDER BY id;
SELECT id FROM ta WHERE 7 = ANY (a) ORDER BY id;
SELECT sum(x) FROM ta, unnest(a) AS x;
COPY ta FROM stdin;
6	{10,11}	{1,2}
\.
COPY ta FROM stdin;
7	{10,-11}	\N
\.
SELECT * FROM ta ORDER BY id;
\d ta
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
 WHERE attrelid = 'ta'::regclass AND attnum > 0 ORDER BY attnum;
SELECT t.typname, e.typname AS elem, t.typcategory FROM pg_type t JOIN pg_type e ON t.typelem = e.oid
 WHERE e.typname IN ('posint', 'goodmood') ORDER BY 1;
CREATE TABLE tb (x posint[] DEFAULT '{1}', y posint[] DEFAULT ARRAY[0]);
INSERT INTO tb (x) VALUES ('{2}');
INSERT INTO tb (y) VALUES ('{2}');
SELECT * FROM tb;
DROP TABLE tb;

-- dependencies
DROP TYPE mood;
DROP DOMAIN posint;
DROP DOMAIN goodmood;
DROP DOMAIN posint CASCADE;
SELECT * FROM ta ORDER BY id;
DROP DOMAIN goodmood CASCADE;
SELECT * FROM tm ORDER BY id;
DROP TYPE mood;
DROP TABLE ta, tm;
DROP DOMAIN nnint, shorttext;

-- DROP ... CASCADE past dependent domains and views
CREATE DOMAIN d1 AS int CHECK (VALUE > 0);
CREATE DOMAIN d2 AS d1 CHECK (VALUE < 100);
CREATE DOMAIN d3 AS d2;
CREATE TABLE t5 (id int, a d1, b d2, c d2[], e d3);
INSERT INTO t5 VALUES (1, 1, 2, '{3}', 4);
DROP DOMAIN d1;
DROP DOMAIN d2;
DROP DOMAIN d1 CASCADE;
SELECT * FROM t5;
SELECT typname FROM pg_type WHERE typname IN ('d1', 'd2', 'd3', '_d2') ORDER BY 1;
CREATE TYPE e5 AS ENUM ('a', 'b');
CREATE DOMAIN de5 AS e5;
CREATE TABLE t6 (id int, x e5, y de5, z e5[]);
INSERT INTO t6 VALUES (1, 'a', 'b', '{a}');
DROP TYPE e5;
DROP TYPE e5 CASCADE;
SELECT * FROM t6;
CREATE DOMAIN d7 AS int;
CREATE TABLE t7 (id int, z d7);
CREATE VIEW v7 AS SELECT id, z FROM t7;
DROP DOMAIN d7 CASCADE;
SELECT * FROM t7;
SELECT count(*) FROM pg_class WHERE relname = 'v7';
BEGIN;
CREATE DOMAIN d8 AS int;
CREATE DOMAIN d9 AS d8;
CREATE TABLE t8 (a d9);
DROP DOMAIN d8 CASCADE;
ROLLBACK;
SELECT count(*) FROM pg_type WHERE typname IN ('d8', 'd9');
DROP TABLE t5, t6, t7;
