-- PL/pgSQL: compiled functions and their plans reused across statements,
-- and recompiled / replanned when what they depend on changes
CREATE TABLE plc (a integer);
INSERT INTO plc VALUES (1);
CREATE FUNCTION plc_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM plc);
END $$;
SELECT plc_count();
INSERT INTO plc VALUES (2);
SELECT plc_count();
ALTER TABLE plc ADD COLUMN b text;
SELECT plc_count();
DROP TABLE plc;
SELECT plc_count();
CREATE TABLE plc (a integer);
SELECT plc_count();
CREATE OR REPLACE FUNCTION plc_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN 42;
END $$;
SELECT plc_count();
BEGIN;
CREATE OR REPLACE FUNCTION plc_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN 43;
END $$;
SELECT plc_count();
ROLLBACK;
SELECT plc_count();
CREATE SCHEMA plc_s;
CREATE TABLE plc_s.plc (a integer);
INSERT INTO plc_s.plc VALUES (1), (2), (3);
CREATE OR REPLACE FUNCTION plc_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM plc);
END $$;
SELECT plc_count();
SET search_path = plc_s, public;
SELECT plc_count();
RESET search_path;
SELECT plc_count();
-- a polymorphic function planned per argument type
CREATE FUNCTION plc_poly(x anyelement) RETURNS text LANGUAGE plpgsql AS $$
DECLARE y x%TYPE := x;
BEGIN
  RETURN pg_typeof(y)::text || ':' || y;
END $$;
SELECT plc_poly(1), plc_poly('a'::text), plc_poly(2.5), plc_poly(3);
-- called for every row of a query
SELECT sum(plc_poly(g)::text IS NOT NULL::int) FROM generate_series(1, 1000) g;
DROP SCHEMA plc_s CASCADE;
-- a plan kept from an earlier statement still checks foreign keys
CREATE TABLE plc_par (id integer PRIMARY KEY);
CREATE TABLE plc_chi (id integer, pid integer REFERENCES plc_par (id));
INSERT INTO plc_par VALUES (1);
CREATE FUNCTION plc_fk(k integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    INSERT INTO plc_chi VALUES (k, k);
  EXCEPTION WHEN foreign_key_violation THEN
    RETURN 'caught: ' || SQLERRM;
  END;
  RETURN 'ok';
END $$;
SELECT plc_fk(1);
SELECT plc_fk(99);
SELECT plc_fk(98);
SELECT * FROM plc_chi;
