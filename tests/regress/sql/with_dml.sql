-- Data-modifying statements in WITH (INSERT/UPDATE/DELETE ... RETURNING)
-- and WITH clauses on INSERT/UPDATE/DELETE.
CREATE TABLE wd (a int PRIMARY KEY, b text);
CREATE TABLE wd_log (op text, a int, b text);
INSERT INTO wd VALUES (1, 'one'), (2, 'two'), (3, 'three');

-- INSERT ... RETURNING read by the main query
WITH ins AS (INSERT INTO wd VALUES (4, 'four'), (5, 'five') RETURNING *)
SELECT * FROM ins ORDER BY a;
-- the main query does not see the rows the WITH query inserted
WITH ins AS (INSERT INTO wd VALUES (6, 'six') RETURNING a)
SELECT count(*), (SELECT count(*) FROM ins) AS inserted FROM wd;
SELECT * FROM wd ORDER BY a;
WITH ins AS (INSERT INTO wd VALUES (7, 'seven') RETURNING a)
SELECT * FROM wd WHERE a IN (SELECT a FROM ins);
-- RETURNING expressions and column aliases
WITH ins(x, y) AS (INSERT INTO wd VALUES (8, 'eight') RETURNING a * 10, upper(b))
SELECT y, x FROM ins;
WITH ins AS (INSERT INTO wd VALUES (9, 'nine') RETURNING a AS k, b || '!' AS msg)
SELECT i.msg, i2.k FROM ins i, ins i2(k);

-- runs to completion whether or not the main query reads it
WITH ins AS (INSERT INTO wd VALUES (10, 'ten'), (11, 'eleven') RETURNING *)
SELECT 1 AS x;
WITH ins AS (INSERT INTO wd VALUES (12, 'twelve'), (13, 'thirteen') RETURNING *)
SELECT * FROM ins ORDER BY a LIMIT 1;
WITH d AS (DELETE FROM wd WHERE a > 11) SELECT 'no returning' AS what;
SELECT * FROM wd ORDER BY a;

-- UPDATE and DELETE in WITH
WITH u AS (UPDATE wd SET b = b || '+' WHERE a <= 2 RETURNING a, b)
SELECT * FROM u ORDER BY a;
WITH u AS (UPDATE wd SET b = 'x' WHERE a = 3 RETURNING a, b)
SELECT w.a, w.b AS old_b, u.b AS new_b FROM wd w JOIN u ON u.a = w.a;
WITH d AS (DELETE FROM wd WHERE a >= 10 RETURNING *)
SELECT count(*) AS deleted, sum(a) FROM d;
SELECT * FROM wd ORDER BY a;

-- moving rows between tables, several queries chained
WITH moved AS (DELETE FROM wd WHERE a IN (8, 9) RETURNING a, b),
     logged AS (INSERT INTO wd_log SELECT 'moved', a, b FROM moved RETURNING *)
SELECT op, a, b FROM logged ORDER BY a;
SELECT * FROM wd_log ORDER BY a;
WITH a1 AS (INSERT INTO wd VALUES (20, 'twenty') RETURNING a),
     a2 AS (INSERT INTO wd SELECT a + 1, 'from a1' FROM a1 RETURNING a),
     a3 AS (INSERT INTO wd_log SELECT 'chain', a, NULL FROM a2 RETURNING a)
SELECT (SELECT a FROM a1) AS a1, (SELECT a FROM a2) AS a2, (SELECT a FROM a3) AS a3;
SELECT * FROM wd WHERE a >= 20 ORDER BY a;

-- WITH on INSERT, UPDATE and DELETE
WITH src AS (SELECT 30 AS k, 'cte' AS v) INSERT INTO wd SELECT k, v FROM src RETURNING *;
WITH src AS (SELECT g AS k FROM generate_series(31, 33) g)
INSERT INTO wd SELECT k, 'gen' || k FROM src;
WITH ks AS (SELECT 31 AS k UNION ALL SELECT 32)
UPDATE wd SET b = 'upd' WHERE a IN (SELECT k FROM ks) RETURNING a, b;
WITH ks AS (SELECT 33 AS k) DELETE FROM wd WHERE a = (SELECT k FROM ks) RETURNING *;
WITH ks AS (SELECT 30 AS k, 'via from' AS v) UPDATE wd SET b = ks.v FROM ks WHERE wd.a = ks.k
RETURNING wd.*;
SELECT * FROM wd WHERE a >= 30 ORDER BY a;

-- a data-modifying WITH on INSERT, UPDATE and DELETE
WITH d AS (DELETE FROM wd_log WHERE op = 'chain' RETURNING a)
INSERT INTO wd_log SELECT 'rechain', a, 'x' FROM d RETURNING *;
WITH ins AS (INSERT INTO wd_log VALUES ('upd', 1, NULL) RETURNING a)
UPDATE wd SET b = b || '*' WHERE a IN (SELECT a FROM ins) RETURNING *;
WITH del AS (DELETE FROM wd_log WHERE op = 'moved' RETURNING a)
DELETE FROM wd WHERE a IN (SELECT a + 22 FROM del) RETURNING *;
WITH ins AS (INSERT INTO wd VALUES (40, 'forty') RETURNING a)
DELETE FROM wd WHERE a = 40;
SELECT * FROM wd ORDER BY a;
SELECT * FROM wd_log ORDER BY op, a;

-- the main statement sees the snapshot: UPDATE of rows the WITH deleted
WITH d AS (DELETE FROM wd WHERE a = 30 RETURNING a)
UPDATE wd SET b = 'never' WHERE a = 30 OR a IN (SELECT a FROM d);
SELECT * FROM wd WHERE a = 30;

-- a row changed twice in one statement: only the first change happens
WITH u AS (UPDATE wd SET b = 'first' WHERE a = 2 RETURNING a)
UPDATE wd SET b = 'second' WHERE a IN (SELECT a FROM u);
WITH u AS (UPDATE wd SET b = 'later' WHERE a = 3 RETURNING a)
UPDATE wd SET b = 'main' WHERE a = 3;
SELECT * FROM wd WHERE a IN (2, 3) ORDER BY a;

-- ON CONFLICT in WITH
WITH up AS (INSERT INTO wd VALUES (1, 'dup'), (50, 'fifty') ON CONFLICT (a) DO UPDATE SET b = excluded.b || '!' RETURNING *)
SELECT * FROM up ORDER BY a;
WITH up AS (INSERT INTO wd VALUES (1, 'skip'), (51, 'fifty-one') ON CONFLICT DO NOTHING RETURNING a)
SELECT * FROM up;
SELECT * FROM wd WHERE a IN (1, 50, 51) ORDER BY a;

-- serial columns, defaults
CREATE TABLE wd_ser (id serial PRIMARY KEY, v text DEFAULT 'dflt');
WITH i AS (INSERT INTO wd_ser (v) VALUES ('a'), ('b') RETURNING id, v),
     j AS (INSERT INTO wd_ser DEFAULT VALUES RETURNING id, v)
SELECT * FROM i UNION ALL SELECT * FROM j ORDER BY id;

-- foreign keys: a child row may reference a parent row inserted alongside
CREATE TABLE wd_parent (id int PRIMARY KEY);
CREATE TABLE wd_child (id int PRIMARY KEY, pid int REFERENCES wd_parent (id));
WITH p AS (INSERT INTO wd_parent VALUES (1), (2) RETURNING id)
INSERT INTO wd_child SELECT id * 10, id FROM p;
SELECT * FROM wd_child ORDER BY id;
WITH p AS (INSERT INTO wd_parent VALUES (3) RETURNING id)
INSERT INTO wd_child VALUES (40, 4);
SELECT * FROM wd_parent ORDER BY id;

-- a failing sub-statement leaves nothing behind
WITH i AS (INSERT INTO wd VALUES (60, 'sixty') RETURNING a),
     j AS (INSERT INTO wd VALUES (61, 'dup'), (61, 'dup') RETURNING a)
SELECT * FROM i;
WITH i AS (INSERT INTO wd VALUES (62, 'x') RETURNING a)
SELECT a / 0 FROM i;
WITH d AS (DELETE FROM wd RETURNING a) INSERT INTO wd VALUES (1, 'again');
WITH u AS (UPDATE wd SET b = 'bad' RETURNING a)
SELECT 1 / (count(*) - count(*)) FROM u;
SELECT count(*), min(a), max(a) FROM wd;
SELECT * FROM wd WHERE a >= 60 OR b = 'bad';

-- inside a transaction block
BEGIN;
WITH i AS (INSERT INTO wd VALUES (70, 'tx') RETURNING a) SELECT * FROM i;
SELECT * FROM wd WHERE a = 70;
WITH i AS (INSERT INTO wd VALUES (71, 'tx') RETURNING a) SELECT count(*) FROM wd WHERE a >= 70;
ROLLBACK;
SELECT * FROM wd WHERE a >= 70;

-- prepared
PREPARE wdp(int, text) AS WITH i AS (INSERT INTO wd VALUES ($1, $2) RETURNING *) SELECT a, b FROM i;
EXECUTE wdp(80, 'p1');
EXECUTE wdp(81, 'p2');
DEALLOCATE wdp;
SELECT * FROM wd WHERE a >= 80 ORDER BY a;

-- WITH RECURSIVE: a data-modifying query beside a recursive one
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3),
     i AS (INSERT INTO wd SELECT n + 90, 'rec' FROM r RETURNING a)
SELECT * FROM i ORDER BY a;
WITH RECURSIVE i AS (INSERT INTO wd VALUES (95, 'r') RETURNING a),
     r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2)
SELECT * FROM r, i ORDER BY n;

-- errors
WITH i AS (INSERT INTO wd VALUES (100, 'x')) SELECT * FROM i;
WITH i(x, y, z) AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) SELECT 1;
WITH RECURSIVE i AS (INSERT INTO wd SELECT a + 100, b FROM i RETURNING *) SELECT 1;
SELECT * FROM (WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) SELECT * FROM i) s;
SELECT (WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING a) SELECT a FROM i);
WITH a AS (WITH b AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) SELECT * FROM b) SELECT 1;
WITH a AS (WITH b AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) INSERT INTO wd VALUES (101, 'y') RETURNING *) SELECT 1;
INSERT INTO wd WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) SELECT * FROM i;
WITH i AS (INSERT INTO nosuch VALUES (1) RETURNING *) SELECT 1;
WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING nosuch) SELECT 1;
WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING *), i AS (SELECT 1) SELECT 1;
BEGIN;
DECLARE c CURSOR FOR WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) SELECT * FROM i;
ROLLBACK;
BEGIN READ ONLY;
WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) SELECT * FROM i;
ROLLBACK;
BEGIN READ ONLY;
WITH i AS (INSERT INTO wd VALUES (100, 'x') RETURNING *) INSERT INTO wd_log VALUES ('ro', 1, 'x');
ROLLBACK;
SELECT count(*) FROM wd WHERE a >= 100;

DROP TABLE wd_child;
DROP TABLE wd_parent;
DROP TABLE wd_ser;
DROP TABLE wd_log;
DROP TABLE wd;
