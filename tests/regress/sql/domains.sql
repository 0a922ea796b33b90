-- domains: CREATE/ALTER/DROP DOMAIN, checks on INSERT/UPDATE/COPY/casts, defaults, catalog, psql
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN nn_text AS text NOT NULL DEFAULT 'none';
CREATE DOMAIN short AS varchar(5) CONSTRAINT short_nonempty CHECK (VALUE <> '') CHECK (VALUE <> 'bad');
CREATE DOMAIN price AS numeric(6,2) CHECK (VALUE >= 0) DEFAULT 10;
CREATE TABLE dt (id int PRIMARY KEY, p posint, n nn_text, s short, pr price);
INSERT INTO dt VALUES (1, 5, 'a', 'abc', 1.005);
INSERT INTO dt (id, p) VALUES (2, 7);
INSERT INTO dt VALUES (3, -1, 'x', 'y');
INSERT INTO dt VALUES (3, 1, NULL, 'y');
INSERT INTO dt VALUES (3, 1, 'x', '');
INSERT INTO dt VALUES (3, 1, 'x', 'bad');
INSERT INTO dt VALUES (3, 1, 'x', 'toolong');
INSERT INTO dt VALUES (3, 1, 'x', 'y', -1);
INSERT INTO dt (id, n) VALUES (3, DEFAULT);
INSERT INTO dt SELECT 4, 0, 'q', 'r';
INSERT INTO dt SELECT 4, 9, 'q', 'r';
SELECT * FROM dt ORDER BY id;
UPDATE dt SET p = 0 WHERE id = 1;
UPDATE dt SET n = NULL WHERE id = 1;
UPDATE dt SET p = p + 1 RETURNING id, p;
INSERT INTO dt VALUES (1, 3) ON CONFLICT (id) DO UPDATE SET p = -3;
INSERT INTO dt VALUES (1, 3) ON CONFLICT (id) DO UPDATE SET p = excluded.p + 10;
COPY dt (id, p, s) FROM STDIN;
10	4	cc
\.
COPY dt (id, p) FROM STDIN;
11	-4
\.
COPY dt (id, n) FROM STDIN;
12	\N
\.
SELECT * FROM dt ORDER BY id;
-- operators and functions resolve on the base type
SELECT p + 1 AS p1, upper(n), s || '!' AS s2, pr * 2 AS pr2 FROM dt ORDER BY id;
SELECT sum(p), max(n), min(pr) FROM dt;
-- casts
SELECT 3::posint, 'abc'::short, 1.234::price;
SELECT (-3)::posint;
SELECT 0::posint;
SELECT NULL::nn_text;
SELECT NULL::posint IS NULL AS isnull;
SELECT CAST('x' AS posint);
SELECT 'bad'::short;
SELECT 12345.6::price;
PREPARE ins(int, int) AS INSERT INTO dt (id, p) VALUES ($1, $2);
EXECUTE ins(20, 2);
EXECUTE ins(21, -2);
DEALLOCATE ins;
-- catalog and psql
\d dt
\dD
SELECT typname, typtype, typbasetype::regtype, typtypmod, typnotnull, typdefault
  FROM pg_type WHERE typtype = 'd' AND typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public') ORDER BY 1;
SELECT conname, contypid::regtype, contype, convalidated, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE contypid <> 0 AND connamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public') ORDER BY 1;
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a WHERE a.attrelid = 'dt'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT column_name, data_type, character_maximum_length, domain_schema, domain_name, udt_name
  FROM information_schema.columns WHERE table_name = 'dt' ORDER BY ordinal_position;
-- ALTER DOMAIN
ALTER DOMAIN posint ADD CONSTRAINT small CHECK (VALUE < 100);
ALTER DOMAIN posint ADD CONSTRAINT tiny CHECK (VALUE < 3);
ALTER DOMAIN posint ADD CONSTRAINT tiny CHECK (VALUE < 3) NOT VALID;
ALTER DOMAIN posint ADD CONSTRAINT tiny CHECK (VALUE < 3);
ALTER DOMAIN posint ADD CHECK (VALUE <> 50);
INSERT INTO dt (id, p) VALUES (30, 5);
ALTER DOMAIN posint VALIDATE CONSTRAINT tiny;
ALTER DOMAIN posint VALIDATE CONSTRAINT nosuch;
SELECT conname, convalidated, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE contypid = 'posint'::regtype ORDER BY 1;
ALTER DOMAIN posint DROP CONSTRAINT tiny;
ALTER DOMAIN posint DROP CONSTRAINT tiny;
ALTER DOMAIN posint DROP CONSTRAINT IF EXISTS tiny;
ALTER DOMAIN posint SET DEFAULT 42;
INSERT INTO dt (id) VALUES (31);
ALTER DOMAIN posint DROP DEFAULT;
INSERT INTO dt (id) VALUES (32);
ALTER DOMAIN posint SET NOT NULL;
DELETE FROM dt WHERE p IS NULL;
ALTER DOMAIN posint SET NOT NULL;
INSERT INTO dt (id) VALUES (33);
ALTER DOMAIN posint DROP NOT NULL;
ALTER DOMAIN nn_text DROP NOT NULL;
INSERT INTO dt (id, n) VALUES (34, NULL);
ALTER DOMAIN nn_text SET NOT NULL;
ALTER DOMAIN posint RENAME CONSTRAINT small TO smallish;
ALTER DOMAIN posint RENAME CONSTRAINT nosuch TO x;
ALTER DOMAIN posint RENAME TO pint;
ALTER DOMAIN pint RENAME TO short;
SELECT 200::pint;
\dD
\d dt
SELECT * FROM dt ORDER BY id;
-- transactions
BEGIN;
ALTER DOMAIN pint DROP CONSTRAINT smallish;
INSERT INTO dt (id, p) VALUES (40, 500);
ROLLBACK;
INSERT INTO dt (id, p) VALUES (40, 500);
BEGIN;
CREATE DOMAIN tmpd AS int CHECK (VALUE < 0);
SELECT (-1)::tmpd;
ROLLBACK;
SELECT (-1)::tmpd;
-- domain over a domain, over an enum, over an array
CREATE DOMAIN evenpos AS pint CHECK (VALUE % 2 = 0);
SELECT 4::evenpos;
SELECT 3::evenpos;
SELECT (-2)::evenpos;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN pair AS int[] CHECK (array_length(VALUE, 1) = 2);
SELECT ARRAY[1,2]::pair;
SELECT ARRAY[1]::pair;
-- ALTER TABLE with domain columns
CREATE TABLE dt2 (a pint);
INSERT INTO dt2 VALUES (5);
ALTER TABLE dt2 ALTER COLUMN a TYPE int;
INSERT INTO dt2 VALUES (-5);
SELECT * FROM dt2 ORDER BY a;
\d dt2
DROP TABLE dt2;
-- errors
CREATE DOMAIN posint2 AS int UNIQUE;
CREATE DOMAIN posint2 AS int PRIMARY KEY;
CREATE DOMAIN posint2 AS int NULL NOT NULL;
CREATE DOMAIN posint2 AS int DEFAULT 1 DEFAULT 2;
CREATE DOMAIN posint2 AS int CHECK (VALUE > (SELECT 1));
CREATE DOMAIN posint2 AS nosuchtype;
CREATE DOMAIN pint AS int;
CREATE DOMAIN dt AS int;
ALTER DOMAIN dt SET NOT NULL;
ALTER DOMAIN int4 SET NOT NULL;
ALTER DOMAIN mood SET NOT NULL;
ALTER DOMAIN nosuch SET NOT NULL;
DROP DOMAIN dt;
DROP DOMAIN mood;
DROP DOMAIN nosuch;
DROP DOMAIN IF EXISTS nosuch;
DROP DOMAIN pint;
DROP DOMAIN short, price;
DROP TABLE dt;
CREATE DOMAIN gone AS int;
DROP TYPE gone;
DROP DOMAIN evenpos, pint, nn_text, short, price, pair;
DROP TYPE mood;
\dD
