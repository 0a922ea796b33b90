-- catalog: pg_catalog and information_schema as tools and drivers query them.
CREATE TABLE cat_t (id serial PRIMARY KEY, name varchar(40) NOT NULL, price numeric(8,2) DEFAULT 0, tags text, created timestamptz, CONSTRAINT cat_price_ck CHECK (price >= 0));
CREATE UNIQUE INDEX cat_t_name_idx ON cat_t (name);
CREATE SEQUENCE cat_seq INCREMENT 2;
SELECT current_database(), current_user, session_user, current_schema();
SELECT relname, relkind, relnamespace::regnamespace, relhasindex FROM pg_class WHERE relname LIKE 'cat%' ORDER BY relname;
SELECT attname, attnum, format_type(atttypid, atttypmod), attnotnull, atthasdef FROM pg_attribute WHERE attrelid = 'cat_t'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'cat_t'::regclass ORDER BY a.attnum;
SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'cat_t'::regclass ORDER BY conname;
SELECT indexrelid::regclass, indisunique, indisprimary, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'cat_t'::regclass ORDER BY indexrelid::regclass::text;
SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename;
SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE tablename = 'cat_t' ORDER BY indexname;
SELECT sequencename, start_value, increment_by, max_value, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1;
SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'pg_catalog', 'information_schema') ORDER BY 1;
SELECT typname, typlen, typtype FROM pg_type WHERE typname IN ('int4', 'int8', 'text', 'numeric', 'bool', 'timestamptz', 'varchar', 'uuid') ORDER BY typname;
SELECT 'int4'::regtype::oid, 'text'::regtype::oid, 'numeric'::regtype::oid, 'varchar'::regtype::oid, 'timestamptz'::regtype::oid, 'bool'::regtype::oid;
SELECT format_type('numeric'::regtype, 655366), format_type('varchar'::regtype, 44), format_type('bpchar'::regtype, 14), format_type('int4'::regtype, NULL);
SELECT to_regclass('cat_t')::text, to_regclass('nosuch'), 'cat_t'::regclass::text, pg_table_is_visible('cat_t'::regclass);
SELECT 'nosuch'::regclass;
SELECT pg_get_serial_sequence('cat_t', 'id'), pg_get_serial_sequence('cat_t', 'name');
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name;
SELECT column_name, ordinal_position, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'cat_t' ORDER BY ordinal_position;
SELECT constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_name = 'cat_t' AND constraint_type <> 'CHECK' ORDER BY constraint_name;
SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'public';
SELECT rolname, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = 'shardforge';
SELECT datname, pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database();
SELECT has_table_privilege('cat_t', 'SELECT'), has_schema_privilege('public', 'USAGE'), pg_has_role('shardforge', 'MEMBER');
SELECT obj_description('cat_t'::regclass, 'pg_class') IS NULL, col_description('cat_t'::regclass, 1) IS NULL;
COMMENT ON TABLE cat_t IS 'priced things';
SELECT obj_description('cat_t'::regclass, 'pg_class');
SELECT count(*) > 100 AS many_functions FROM pg_proc;
SELECT proname, pronargs, prorettype::regtype FROM pg_proc WHERE proname IN ('now', 'gen_random_uuid') ORDER BY proname;
SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_encoding', 'standard_conforming_strings', 'integer_datetimes') ORDER BY name;
SELECT current_setting('server_version_num')::int >= 150000 AS v15, current_setting('server_version_num')::int < 160000 AS before16;
SELECT pg_catalog.pg_backend_pid() > 0, pg_is_in_recovery();
-- plpgsql is an installed extension, as initdb leaves it
SELECT extname, extversion, extnamespace::regnamespace, extrelocatable FROM pg_extension;
SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = 'plpgsql';
SELECT lanname, obj_description(oid, 'pg_language') FROM pg_language ORDER BY oid;
\dx
\dL
