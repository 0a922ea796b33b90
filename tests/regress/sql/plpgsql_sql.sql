-- PL/pgSQL: SQL statements, INTO, FOUND, diagnostics, EXECUTE, query loops,
-- set-returning functions, exception blocks, procedures
CREATE TABLE pl_t (id integer PRIMARY KEY, name text, qty integer);
INSERT INTO pl_t VALUES (1, 'apple', 10), (2, 'pear', 20), (3, 'plum', 30);

CREATE FUNCTION pl_into(k integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n text;
  q integer;
  r pl_t%ROWTYPE;
  rec record;
  c pl_t.qty%TYPE;
BEGIN
  SELECT name, qty INTO n, q FROM pl_t WHERE id = k;
  IF NOT FOUND THEN
    RETURN 'none';
  END IF;
  SELECT * INTO r FROM pl_t WHERE id = k;
  SELECT id, name AS nm INTO rec FROM pl_t WHERE id = k;
  c := r.qty * 2;
  RETURN n || ' ' || q || ' ' || r.name || ' ' || rec.nm || ' ' || c;
END $$;
SELECT pl_into(1), pl_into(3), pl_into(9);

CREATE FUNCTION pl_strict(k integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE n text;
BEGIN
  SELECT name INTO STRICT n FROM pl_t WHERE id >= k ORDER BY id;
  RETURN n;
END $$;
SELECT pl_strict(3);
SELECT pl_strict(9);
SELECT pl_strict(1);

CREATE FUNCTION pl_dml() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  r text := '';
  newid integer;
BEGIN
  UPDATE pl_t SET qty = qty + 1 WHERE qty >= 20;
  GET DIAGNOSTICS n = ROW_COUNT;
  r := r || 'updated ' || n || ' found ' || FOUND;
  DELETE FROM pl_t WHERE id = 42;
  r := r || ' deleted found ' || FOUND;
  INSERT INTO pl_t VALUES (4, 'fig', 1) RETURNING id * 100 INTO newid;
  r := r || ' new ' || newid;
  PERFORM 1 FROM pl_t WHERE id = 4;
  r := r || ' perform found ' || FOUND;
  RETURN r;
END $$;
SELECT pl_dml();
SELECT * FROM pl_t ORDER BY id;

-- dynamic SQL
CREATE FUNCTION pl_dyn(tbl text, k integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n text;
  cnt integer;
BEGIN
  EXECUTE 'SELECT name FROM ' || quote_ident(tbl) || ' WHERE id = $1' INTO n USING k;
  EXECUTE format('SELECT count(*) FROM %I', tbl) INTO cnt;
  EXECUTE 'UPDATE pl_t SET qty = qty WHERE id <= $1' USING k;
  GET DIAGNOSTICS cnt = ROW_COUNT;
  RETURN n || ' ' || cnt;
END $$;
SELECT pl_dyn('pl_t', 2);
DO $$
BEGIN
  EXECUTE 'CREATE TABLE pl_made (x integer)';
  EXECUTE 'INSERT INTO pl_made VALUES ($1), ($2)' USING 5, 6;
  CREATE INDEX pl_made_x ON pl_made (x);
END $$;
SELECT * FROM pl_made ORDER BY x;
DO $$ BEGIN EXECUTE NULL; END $$;

-- query loops
CREATE FUNCTION pl_loopq() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r record;
  s text := '';
  i integer;
  nm text;
BEGIN
  FOR r IN SELECT id, name FROM pl_t ORDER BY id LOOP
    s := s || r.id || r.name || ',';
  END LOOP;
  FOR i, nm IN SELECT id, name FROM pl_t WHERE id > 2 ORDER BY id DESC LOOP
    s := s || nm || i;
  END LOOP;
  FOR r IN EXECUTE 'SELECT g FROM generate_series(1, $1) g' USING 3 LOOP
    s := s || r.g;
    EXIT WHEN r.g = 2;
  END LOOP;
  FOR r IN SELECT * FROM pl_t WHERE false LOOP
    s := s || 'never';
  END LOOP;
  RETURN s || ' ' || FOUND;
END $$;
SELECT pl_loopq();

-- set-returning functions and OUT parameters
CREATE FUNCTION pl_srf(n integer) RETURNS SETOF integer LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP
    RETURN NEXT i * i;
  END LOOP;
  RETURN QUERY SELECT id FROM pl_t WHERE id < 3 ORDER BY id;
  RETURN;
END $$;
SELECT * FROM pl_srf(3);
CREATE FUNCTION pl_rows() RETURNS SETOF pl_t LANGUAGE plpgsql AS $$
DECLARE r pl_t%ROWTYPE;
BEGIN
  FOR r IN SELECT * FROM pl_t WHERE id IN (1, 2) ORDER BY id LOOP
    RETURN NEXT r;
  END LOOP;
END $$;
SELECT * FROM pl_rows();
CREATE FUNCTION pl_table(lim integer) RETURNS TABLE (k integer, label text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT id, upper(name) FROM pl_t WHERE id <= lim ORDER BY id;
  k := 99;
  label := 'extra';
  RETURN NEXT;
END $$;
SELECT * FROM pl_table(2);
CREATE FUNCTION pl_out(a integer, OUT doubled integer, OUT txt text) LANGUAGE plpgsql AS $$
BEGIN
  doubled := a * 2;
  txt := 'v' || a;
END $$;
SELECT * FROM pl_out(21);
SELECT (pl_out(4)).txt;
CREATE FUNCTION pl_out1(a integer, OUT r integer) LANGUAGE plpgsql AS $$
BEGIN
  r := a + 1;
  RETURN;
END $$;
SELECT pl_out1(1);

-- exception blocks undo their writes
CREATE FUNCTION pl_exc(k integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  msg text;
  st text;
  det text;
BEGIN
  BEGIN
    UPDATE pl_t SET qty = -1 WHERE id = 1;
    INSERT INTO pl_t VALUES (k, 'dup', 0);
    RETURN 'inserted';
  EXCEPTION
    WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL;
      RETURN 'caught ' || st || ': ' || msg || ' / ' || det;
  END;
END $$;
SELECT pl_exc(2);
SELECT qty FROM pl_t WHERE id = 1;
SELECT pl_exc(50);
SELECT qty FROM pl_t WHERE id = 1;

CREATE FUNCTION pl_exc2(a integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    RETURN (10 / a)::text;
  EXCEPTION
    WHEN division_by_zero OR numeric_value_out_of_range THEN
      RETURN 'div: ' || SQLERRM;
  END;
END $$;
SELECT pl_exc2(2), pl_exc2(0);

CREATE FUNCTION pl_exc3(a integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    IF a = 1 THEN
      RAISE EXCEPTION 'custom' USING ERRCODE = 'P0042';
    ELSIF a = 2 THEN
      RAISE EXCEPTION 'by class' USING ERRCODE = 'data_exception';
    ELSIF a = 3 THEN
      PERFORM 1 / 0;
    END IF;
    RETURN 'ok';
  EXCEPTION
    WHEN SQLSTATE 'P0042' THEN
      RETURN 'state ' || SQLSTATE;
    WHEN data_exception THEN
      RETURN 'class ' || SQLSTATE || ' ' || SQLERRM;
    WHEN OTHERS THEN
      RETURN 'other ' || SQLSTATE;
  END;
END $$;
SELECT pl_exc3(0), pl_exc3(1), pl_exc3(2), pl_exc3(3);

CREATE FUNCTION pl_reraise() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    RAISE EXCEPTION 'inner' USING ERRCODE = 'check_violation';
  EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'handling %', SQLERRM;
    RAISE;
  END;
  RETURN 1;
END $$;
SELECT pl_reraise();
DO $$ BEGIN RAISE; END $$;

-- an error escaping leaves no partial writes
BEGIN;
CREATE FUNCTION pl_partial() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pl_t VALUES (70, 'partial', 0);
  INSERT INTO pl_t VALUES (70, 'again', 0);
END $$;
SAVEPOINT s;
SELECT pl_partial();
ROLLBACK TO SAVEPOINT s;
SELECT count(*) FROM pl_t WHERE id = 70;
COMMIT;

-- procedures
CREATE PROCEDURE pl_proc(a integer, INOUT b integer) LANGUAGE plpgsql AS $$
BEGIN
  b := a + b;
  INSERT INTO pl_t VALUES (100 + b, 'proc', b);
END $$;
CALL pl_proc(1, 2);
SELECT * FROM pl_t WHERE id > 100;
CREATE PROCEDURE pl_proc2(x text) LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'pl_proc2 %', x;
END $$;
CALL pl_proc2('hello');
CREATE PROCEDURE pl_proc3(IN a integer, OUT p integer, OUT q text) LANGUAGE plpgsql AS $$
BEGIN
  p := a * 3;
  q := 'q' || a;
END $$;
CALL pl_proc3(5, NULL, NULL);
CREATE PROCEDURE pl_sqlproc(k integer) LANGUAGE sql AS $$ DELETE FROM pl_t WHERE id = k $$;
CALL pl_sqlproc(4);
SELECT count(*) FROM pl_t WHERE id = 4;
SELECT pl_proc2('x');
CALL pl_into(1);
CALL pl_nosuch(1);
DROP FUNCTION pl_proc2(text);
DROP PROCEDURE pl_proc2(text);
DROP PROCEDURE pl_into(integer);
CREATE PROCEDURE pl_commit() LANGUAGE plpgsql AS $$
BEGIN
  COMMIT;
END $$;
BEGIN;
CALL pl_commit();
ROLLBACK;

-- CALL inside PL/pgSQL: output arguments come back into the variables
CREATE PROCEDURE pl_inner(a integer, INOUT b integer, OUT c text) LANGUAGE plpgsql AS $$
BEGIN
  b := a + b;
  c := 'c' || b;
END $$;
CREATE PROCEDURE pl_outerp() LANGUAGE plpgsql AS $$
DECLARE
  x integer := 10;
  y text;
BEGIN
  CALL pl_inner(5, x, y);
  RAISE NOTICE 'x=% y=%', x, y;
  CALL pl_inner(1, x, y);
  RAISE NOTICE 'x=% y=%', x, y;
END $$;
CALL pl_outerp();
DO $$ BEGIN CALL pl_inner(1, 2, NULL); END $$;

-- variables and columns of the same name
CREATE FUNCTION pl_conflict(id integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  SELECT name INTO r FROM pl_t WHERE pl_t.id = id;
  RETURN r;
END $$;
SELECT pl_conflict(1);
CREATE FUNCTION pl_conflict2(id integer) RETURNS text LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE r text;
BEGIN
  SELECT name INTO r FROM pl_t WHERE pl_t.id = id ORDER BY 1 LIMIT 1;
  RETURN r;
END $$;
SELECT pl_conflict2(1);

-- record and array variables
CREATE TYPE pl_pair AS (x integer, y text);
CREATE FUNCTION pl_recs() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r pl_t%ROWTYPE;
  p pl_pair;
  q RECORD;
  a integer[];
  s text[] := '{x,y}';
BEGIN
  SELECT * INTO r FROM pl_t WHERE id = 2;
  r.name := r.name || '!';
  p.x := 7;
  p.y := 'seven';
  q := p;
  a[2] := 5;
  a[4] := 7;
  s[0] := 'w';
  RETURN r.name || ' ' || p.x || p.y || ' ' || q.y || ' ' || a::text || ' ' || s::text;
END $$;
SELECT pl_recs();
CREATE FUNCTION pl_retcomp() RETURNS pl_pair LANGUAGE plpgsql AS $$
DECLARE p pl_pair;
BEGIN
  p.x := 1;
  p.y := 'one';
  RETURN p;
END $$;
SELECT * FROM pl_retcomp();
CREATE FUNCTION pl_alias(integer, text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n ALIAS FOR $1;
  t ALIAS FOR $2;
BEGIN
  RETURN t || n;
END $$;
SELECT pl_alias(3, 'n=');
