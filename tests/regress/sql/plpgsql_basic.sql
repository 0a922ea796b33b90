-- PL/pgSQL: declarations, assignment, control flow, RAISE, RETURN
CREATE FUNCTION pl_add(a integer, b integer DEFAULT 10) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  s integer := a;
  c CONSTANT text := 'k';
  n integer NOT NULL := 0;
BEGIN
  s = s + b;
  n := n + 1;
  RETURN s * n;
END $$;
SELECT pl_add(1, 2), pl_add(5), pl_add(b => 1, a => 2);
SELECT prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql') AS is_pl, prokind
  FROM pg_proc WHERE proname = 'pl_add';
SELECT lanname, lanispl, lanpltrusted FROM pg_language ORDER BY oid;

-- positional parameters and unnamed arguments
CREATE FUNCTION pl_pos(integer, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN $2 || ':' || $1;
END $$;
SELECT pl_pos(7, 'x');

-- IF / ELSIF / ELSE and CASE
CREATE FUNCTION pl_sign(x numeric) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF x > 0 THEN
    RETURN 'pos';
  ELSIF x < 0 THEN
    RETURN 'neg';
  ELSIF x IS NULL THEN
    RETURN 'null';
  ELSE
    RETURN 'zero';
  END IF;
END $$;
SELECT pl_sign(3), pl_sign(-2.5), pl_sign(0), pl_sign(NULL);

CREATE FUNCTION pl_case(x integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  CASE x
    WHEN 1, 2 THEN r := 'small';
    WHEN 3 THEN r := 'three';
    ELSE r := 'other';
  END CASE;
  CASE
    WHEN x > 100 THEN r := r || '+big';
    WHEN x < 0 THEN r := r || '+negative';
    ELSE NULL;
  END CASE;
  RETURN r;
END $$;
SELECT pl_case(1), pl_case(3), pl_case(500), pl_case(-1);

CREATE FUNCTION pl_case_nf(x integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  CASE x WHEN 1 THEN RETURN 'one'; END CASE;
END $$;
SELECT pl_case_nf(1);
SELECT pl_case_nf(2);

-- loops
CREATE FUNCTION pl_loops() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r text := '';
  i integer := 0;
BEGIN
  LOOP
    i := i + 1;
    CONTINUE WHEN i = 2;
    EXIT WHEN i > 4;
    r := r || i;
  END LOOP;
  r := r || '|';
  WHILE i > 0 LOOP
    i := i - 2;
    r := r || i;
  END LOOP;
  r := r || '|';
  FOR k IN 1..10 BY 3 LOOP
    r := r || k;
  END LOOP;
  r := r || '|';
  FOR k IN REVERSE 5..1 LOOP
    r := r || k;
  END LOOP;
  r := r || '|';
  <<outer_loop>>
  FOR a IN 1..3 LOOP
    FOR b IN 1..3 LOOP
      CONTINUE outer_loop WHEN b > a;
      EXIT outer_loop WHEN a = 3;
      r := r || a || b || ' ';
    END LOOP;
  END LOOP outer_loop;
  FOREACH i IN ARRAY ARRAY[7, 8, 9] LOOP
    r := r || i;
  END LOOP;
  RETURN r;
END $$;
SELECT pl_loops();

-- nested blocks, shadowing and labels
CREATE FUNCTION pl_scope(p integer) RETURNS text LANGUAGE plpgsql AS $$
<<blk>>
DECLARE
  x integer := 1;
  r text := '';
BEGIN
  DECLARE
    x integer := 2;
  BEGIN
    r := r || x || blk.x || pl_scope.p;
    <<inner>>
    BEGIN
      EXIT inner WHEN p > 0;
      r := r || 'skipped';
    END;
  END;
  RETURN r || x;
END $$;
SELECT pl_scope(5), pl_scope(0);

-- RAISE levels, formats and options
CREATE FUNCTION pl_raise(n integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'notice % and % (%%)', n, 'text';
  RAISE INFO 'info %', n;
  RAISE WARNING 'warning % null=%', n, NULL::integer;
  RAISE DEBUG 'not shown';
  IF n = 1 THEN
    RAISE EXCEPTION 'boom %', n USING DETAIL = 'the detail', HINT = 'the hint';
  ELSIF n = 2 THEN
    RAISE division_by_zero;
  ELSIF n = 3 THEN
    RAISE SQLSTATE '22012' USING MESSAGE = 'custom message';
  ELSIF n = 4 THEN
    RAISE 'plain % raise', n USING ERRCODE = 'unique_violation';
  ELSIF n = 5 THEN
    RAISE EXCEPTION USING MESSAGE = 'only message', ERRCODE = '22000';
  END IF;
END $$;
SELECT pl_raise(0);
SELECT pl_raise(1);
SELECT pl_raise(2);
SELECT pl_raise(3);
SELECT pl_raise(4);
SELECT pl_raise(5);

-- errors and their CONTEXT lines
CREATE FUNCTION pl_div(a integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE r integer;
BEGIN
  r := 10 / a;
  RETURN r;
END $$;
SELECT pl_div(2);
SELECT pl_div(0);
CREATE FUNCTION pl_outer(a integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RETURN pl_div(a) + 1;
END $$;
SELECT pl_outer(0);
CREATE FUNCTION pl_noreturn() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  NULL;
END $$;
SELECT pl_noreturn();
CREATE FUNCTION pl_const() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE c CONSTANT integer := 1;
BEGIN
  c := 2;
  RETURN c;
END $$;
CREATE FUNCTION pl_notnull() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer NOT NULL := 1;
BEGIN
  n := NULL;
  RETURN n;
END $$;
SELECT pl_notnull();
CREATE FUNCTION pl_toomany() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT g FROM generate_series(1, 2) g);
END $$;
SELECT pl_toomany();
CREATE FUNCTION pl_fori_null() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..NULL LOOP
  END LOOP;
  RETURN 1;
END $$;
SELECT pl_fori_null();

-- syntax errors are reported at CREATE
CREATE FUNCTION pl_bad() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RETRUN 1;
END $$;
CREATE FUNCTION pl_bad() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  IF true THEN RETURN 1;
END $$;
CREATE FUNCTION pl_bad() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE x nosuchtype;
BEGIN
  RETURN 1;
END $$;
CREATE FUNCTION pl_badlang() RETURNS integer LANGUAGE plnothing AS $$ BEGIN END $$;

-- recursion and the stack depth limit
CREATE FUNCTION pl_fact(n integer) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  IF n <= 1 THEN
    RETURN 1;
  END IF;
  RETURN n * pl_fact(n - 1);
END $$;
SELECT pl_fact(20);

-- trigger functions cannot be called directly
CREATE FUNCTION pl_trig() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEW;
END $$;
SELECT pl_trig();
CREATE FUNCTION pl_trig_args(integer) RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END $$;

-- polymorphic functions
CREATE FUNCTION pl_poly(x anyelement) RETURNS anyelement LANGUAGE plpgsql AS $$
BEGIN
  RETURN x + 1;
END $$;
SELECT pl_poly(41), pl_poly(1.5);
DROP FUNCTION pl_poly(anyelement);

-- DO blocks
DO $$
DECLARE t integer := 0;
BEGIN
  FOR i IN 1..100 LOOP
    t := t + i;
  END LOOP;
  RAISE NOTICE 'sum is %', t;
END $$;
DO LANGUAGE plpgsql $$ BEGIN RAISE NOTICE 'with language'; END $$;
DO $$ BEGIN RAISE EXCEPTION 'failing DO %', 42; END $$;
DO $$ BEGIN RAISE NOTICE 'x' END $$;
DO LANGUAGE nosuchlang $$ BEGIN END $$;
