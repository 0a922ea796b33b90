-- Functions and casts client drivers and tools issue (tests/cluster/test_go.py,
-- test_node_pg.py, test_perl.py, test_php.py): pg_cancel_backend and the
-- void-to-text I/O conversion cast.

-- pg_cancel_backend: an unknown pid is a WARNING and false, NULL is NULL.
SELECT pg_cancel_backend(999999);
SELECT pg_cancel_backend(0);
SELECT pg_cancel_backend(-1);
SELECT pg_cancel_backend(NULL);
SELECT pg_typeof(pg_cancel_backend(0));
SELECT pg_cancel_backend('x');
SELECT pg_cancel_backend();
-- cancelling this session's own statement stops it, not the next one
SELECT pg_cancel_backend(pg_backend_pid());
SELECT 1 AS next_statement_runs;
-- only a superuser may cancel a superuser's query (42501)
CREATE ROLE regress_drv_a LOGIN;
SET ROLE regress_drv_a;
SELECT pg_cancel_backend(pg_backend_pid());
RESET ROLE;
DROP ROLE regress_drv_a;

-- void casts to the string types through its output function ('')
SELECT pg_sleep(0)::text = '' AS empty, pg_typeof(pg_sleep(0)::varchar(3)),
       pg_sleep(0)::name, pg_sleep(0)::bpchar IS NULL AS isnull;
CREATE TABLE drv_void (t text, v varchar(2));
INSERT INTO drv_void VALUES (pg_sleep(0), pg_sleep(0));
SELECT t = '' AS t_empty, v = '' AS v_empty FROM drv_void;
SELECT pg_sleep(0)::int;
SELECT pg_sleep(0)::boolean;
DROP TABLE drv_void;

-- What DBD::Pg's statistics_info and foreign_key_info read:
-- max_index_keys, pg_index_column_has_property, pg_depend rows of a FOREIGN KEY.
SHOW max_index_keys;
SELECT name, setting, context, vartype, min_val, max_val FROM pg_settings WHERE name = 'max_index_keys';
SET max_index_keys = 40;
CREATE TABLE drv_p (a int, b text, c date, PRIMARY KEY (a, b));
CREATE INDEX drv_p_c ON drv_p (c DESC NULLS LAST, b NULLS FIRST);
CREATE TABLE drv_c (id int PRIMARY KEY, pa int, pb text,
                    FOREIGN KEY (pa, pb) REFERENCES drv_p ON DELETE CASCADE);
SELECT c.relname, col.i,
       pg_index_column_has_property(c.oid, col.i, 'asc') AS asc,
       pg_index_column_has_property(c.oid, col.i, 'DESC') AS desc,
       pg_index_column_has_property(c.oid, col.i, 'nulls_first') AS nf,
       pg_index_column_has_property(c.oid, col.i, 'nulls_last') AS nl,
       pg_index_column_has_property(c.oid, col.i, 'orderable') AS ord,
       pg_index_column_has_property(c.oid, col.i, 'distance_orderable') AS dist,
       pg_index_column_has_property(c.oid, col.i, 'returnable') AS ret,
       pg_index_column_has_property(c.oid, col.i, 'search_array') AS sa,
       pg_index_column_has_property(c.oid, col.i, 'search_nulls') AS sn,
       pg_index_column_has_property(c.oid, col.i, 'bogus') AS bogus
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  JOIN generate_series(0, 3) col(i) ON true
WHERE i.indrelid = 'drv_p'::regclass ORDER BY 1, 2;
SELECT pg_index_column_has_property('drv_p'::regclass, 1, 'asc') AS on_table,
       pg_index_column_has_property(0, 1, 'asc') AS no_oid,
       pg_index_column_has_property('drv_p_c'::regclass, NULL, 'asc') AS null_col;
SELECT con.conname, d.deptype, d.refclassid::regclass, d.refobjid::regclass, d.refobjsubid
FROM pg_depend d JOIN pg_constraint con ON d.classid = 'pg_constraint'::regclass AND d.objid = con.oid
WHERE con.contype = 'f' AND con.conrelid = 'drv_c'::regclass
ORDER BY 2, 4, 5;
DROP TABLE drv_c, drv_p;
