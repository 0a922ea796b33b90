-- name_resolution: regtype / regclass input through search_path and their
-- output qualified when not visible; WITH RECURSIVE forward references;
-- max/min of arrays.
CREATE SCHEMA ts;
CREATE TYPE ts.mood AS ENUM ('a', 'b');
CREATE DOMAIN ts.dpos AS int CHECK (VALUE > 0);
CREATE DOMAIN ts.dnn AS int NOT NULL;
CREATE TYPE ts.comp AS (x int, y text);
CREATE TABLE ts.tt (a ts.mood, b ts.dpos, c ts.comp);
INSERT INTO ts.tt VALUES ('a', 1, row(1, 'x'));
CREATE TYPE "Quoted" AS ENUM ('q');
-- not on search_path: not found by the bare name, printed qualified
SELECT 'mood'::regtype;
SELECT 'dpos'::regtype;
SELECT 'ts.mood'::regtype, 'ts.dpos'::regtype, 'ts.comp'::regtype, 'ts.tt'::regtype,
       'ts.mood[]'::regtype, 'TS.MOOD'::regtype;
SELECT 'ts.mood'::regtype::text, 'ts.comp'::regtype::text AS c;
SELECT 'ts.tt'::regclass, 'ts.tt'::regclass::text AS t;
SELECT format_type('ts.mood'::regtype, -1), format_type('ts.dpos'::regtype, NULL),
       format_type('ts.mood[]'::regtype, -1) AS arr;
SELECT '"Quoted"'::regtype, 'public."Quoted"'::regtype;
SELECT 'Quoted'::regtype;
SELECT 'tt'::regclass;
-- on search_path: bare names
SET search_path = ts, public;
SELECT 'mood'::regtype, 'dpos'::regtype, 'comp'::regtype, 'tt'::regtype, 'mood[]'::regtype,
       'tt'::regclass;
SELECT format_type('ts.mood'::regtype, -1), 'ts.tt'::regclass::text;
SELECT pg_typeof('a'::mood), pg_typeof(row(1, 'x')::comp);
SELECT t.typname::regtype FROM pg_type t WHERE t.typname IN ('mood', 'dpos') ORDER BY t.typname;
RESET search_path;
SELECT t.typname::regtype FROM pg_type t WHERE t.typname = 'int4';
SELECT pg_typeof(a), pg_typeof(c) FROM ts.tt;
SELECT pg_typeof('a'::ts.mood);
-- domain errors name the type as format_type does
SELECT 0::ts.dpos;
SELECT NULL::ts.dnn;
SET search_path = ts, public;
SELECT 0::dpos;
RESET search_path;
\d ts.tt
-- built-in names and their errors
SELECT ' integer '::regtype, 'INT'::regtype, 'pg_catalog.int4'::regtype,
       'varchar(10)'::regtype, 'int4[3]'::regtype, 'double precision'::regtype;
SELECT '-'::regtype, '23'::regtype;
SELECT 'public.int4'::regtype;
SELECT 'int4(1)'::regtype;
SELECT 'nosuch.mood'::regtype;
SELECT 'ts.nosuch'::regtype;
SELECT 'a.b.c.d'::regtype;
SELECT 'setof int'::regtype;
SELECT ''::regtype;
SELECT 'nosuch.tt'::regclass;
SELECT 'ts.nosuch'::regclass;
-- WITH RECURSIVE: an item may reference a later one
WITH RECURSIVE u AS (SELECT * FROM t), t AS (SELECT 1 AS x) SELECT * FROM u;
WITH RECURSIVE u AS (SELECT x + 1 AS y FROM t), t AS (SELECT 1 AS x UNION ALL SELECT 2)
SELECT * FROM u ORDER BY y;
WITH u AS (SELECT * FROM t), t AS (SELECT 1) SELECT * FROM u;
-- max/min over arrays (array comparison)
SELECT max(ARRAY[1, 2]), min(ARRAY[1, 2]);
SELECT max(x), min(x) FROM (VALUES (ARRAY[1, 2]), (ARRAY[3]), (ARRAY[1, 2, 0])) v(x);
SELECT max(x), min(x) FROM (VALUES (ARRAY['b', 'a']), (ARRAY['b'])) v(x);
SELECT max(ARRAY[row(1, 'a')::ts.comp]);
SELECT max(row(1, 2));
SELECT max(x) OVER (), min(x) OVER () FROM (VALUES (ARRAY[2]), (ARRAY[1, 5])) v(x);
-- WITH RECURSIVE errors
WITH RECURSIVE u AS (SELECT * FROM t), t AS (SELECT * FROM u) SELECT * FROM u;
WITH RECURSIVE u AS (SELECT * FROM t), t AS (SELECT 1), t AS (SELECT 2) SELECT * FROM u;
WITH RECURSIVE u AS (SELECT * FROM nosuch), t AS (SELECT 1) SELECT * FROM u;
WITH RECURSIVE a AS (SELECT (SELECT x FROM b) AS y), b AS (SELECT 5 AS x) SELECT * FROM a;
WITH RECURSIVE a AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM a, b WHERE n < k),
  b AS (SELECT 3 AS k) SELECT * FROM a;
WITH RECURSIVE a AS (SELECT * FROM c), b AS (SELECT 2 AS x), c AS (SELECT x + 1 AS x FROM b)
SELECT * FROM a, b;
-- a type of the same name earlier on search_path hides the later one
CREATE TYPE public.mood AS ENUM ('x');
SET search_path = ts, public;
SELECT 'mood'::regtype::oid = 'ts.mood'::regtype::oid AS ts_first, 'public.mood'::regtype;
SELECT pg_type_is_visible('ts.mood'::regtype), pg_type_is_visible('public.mood'::regtype),
       pg_type_is_visible('int4'::regtype);
SET search_path = public, ts;
SELECT 'mood'::regtype::oid = 'public.mood'::regtype::oid AS public_first, 'ts.mood'::regtype,
       'public.mood'::regtype, 'dpos'::regtype;
\dT
RESET search_path;
\dT ts.*
-- a type of another database is not found
DROP DATABASE IF EXISTS regress_other;
CREATE DATABASE regress_other;
\c regress_other
CREATE TYPE only_there AS ENUM ('z');
SELECT 'only_there'::regtype::text;
\c regress
SELECT 'only_there'::regtype;
SELECT 'public.only_there'::regtype;
DROP DATABASE regress_other;
-- regtype columns, parameters and unknown oids
CREATE TABLE regs (t regtype);
INSERT INTO regs VALUES ('ts.mood'), ('ts.mood[]'), ('int4'), ('-');
SELECT t, t::text AS txt FROM regs ORDER BY t::text;
PREPARE rt(text) AS SELECT $1::regtype;
EXECUTE rt('ts.dpos');
EXECUTE rt('nosuch');
SELECT 99999::regtype, '99999'::regtype;
