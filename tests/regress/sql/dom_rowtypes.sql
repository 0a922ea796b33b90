-- dom_rowtypes: the row types of tables, views and materialized views
CREATE TABLE rt (a int PRIMARY KEY, b text, c numeric(5,2));
INSERT INTO rt VALUES (1, 'x', 1.5), (2, NULL, NULL), (3, 'a b', 0);
CREATE VIEW rv AS SELECT a, b FROM rt WHERE a < 3;
CREATE MATERIALIZED VIEW rm AS SELECT a * 10 AS a10 FROM rt;
CREATE SEQUENCE rs;
CREATE INDEX rt_b ON rt (b);

-- whole-row values and their type
SELECT rt FROM rt ORDER BY a;
SELECT t FROM rt t ORDER BY a;
SELECT pg_typeof(rt) FROM rt ORDER BY a LIMIT 1;
SELECT pg_typeof(t) FROM rt t ORDER BY a LIMIT 1;
SELECT rv, pg_typeof(rv) FROM rv ORDER BY a;
SELECT pg_typeof(rm), rm FROM rm ORDER BY a10;
SELECT pg_typeof(ROW(1, 2)), pg_typeof(s) FROM (SELECT 1 AS x) s;
SELECT row_to_json(rt), to_json(rt) FROM rt ORDER BY a;
SELECT (rt).b, (rt).* FROM rt WHERE a = 1;
SELECT rt = rt AS eq FROM rt ORDER BY a;
SELECT x.rt FROM (SELECT rt FROM rt) x ORDER BY 1;
SELECT array_agg(rt ORDER BY a) FROM rt;
SELECT rt::text FROM rt ORDER BY a;

-- pg_type rows
SELECT t.typname, t.typtype, t.typcategory, t.typrelid::regclass AS rel, t.typlen,
       t.typalign, t.typstorage, t.typdelim, t.typelem, t.typbasetype, t.typnotnull
  FROM pg_type t WHERE t.typrelid IN ('rt'::regclass, 'rv'::regclass, 'rm'::regclass)
 ORDER BY 1;
SELECT c.relname, c.relkind, c.reltype <> 0 AS has_type,
       (SELECT t.typname FROM pg_type t WHERE t.oid = c.reltype) AS typname
  FROM pg_class c WHERE c.relname IN ('rt', 'rv', 'rm', 'rs', 'rt_pkey', 'rt_b') ORDER BY 1;
SELECT count(*) FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
 WHERE c.relname = 'rt' AND t.oid = c.reltype;
SELECT 'rt'::regtype, 'rv'::regtype, 'rm'::regtype;
SELECT format_type(reltype, NULL) FROM pg_class WHERE relname IN ('rt', 'rv') ORDER BY 1;
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a JOIN pg_type t ON t.typrelid = a.attrelid
 WHERE t.oid = 'rt'::regtype AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
\dT
CREATE TABLE rt3 (k int);
INSERT INTO rt3 VALUES (7);
ALTER TABLE rt3 RENAME TO rt4;
SELECT typname FROM pg_type WHERE typrelid = 'rt4'::regclass;
SELECT pg_typeof(rt4), rt4 FROM rt4;
SELECT 'rt4'::regtype;
ALTER TABLE rt4 ADD COLUMN l text DEFAULT 'z';
SELECT rt4 FROM rt4;
DROP TABLE rt4;
SELECT 'rt4'::regtype;
CREATE TABLE rt4 (m int);
SELECT 'rt4'::regtype, typrelid = 'rt4'::regclass AS same_rel FROM pg_type WHERE oid = 'rt4'::regtype;
DROP TABLE rt4;

-- dropped with the relation
DROP MATERIALIZED VIEW rm;
DROP VIEW rv;
DROP TABLE rt;
DROP SEQUENCE rs;
SELECT 'rt'::regtype;
SELECT count(*) FROM pg_type WHERE typname IN ('rt', 'rv', 'rm');
