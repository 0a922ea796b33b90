-- typ_io_funcs: pg_type's I/O functions print as PostgreSQL's (drivers such
-- as Rails' tell arrays, enums, domains and composites apart by typinput).
SELECT t.oid, t.typname, t.typinput, t.typoutput, t.typreceive, t.typsend
  FROM pg_type t
 WHERE t.typname IN ('int2', 'int4', 'int8', 'oid', 'float4', 'float8', 'text', 'varchar',
                     'char', 'name', 'bpchar', 'bool', 'timestamptz', 'date', 'bytea', 'json',
                     'jsonb', 'uuid', 'time', 'timestamp', 'numeric', 'interval', '_int4', '_text')
 ORDER BY t.oid;
CREATE TYPE tio_mood AS ENUM ('a', 'b');
CREATE DOMAIN tio_posint AS int CHECK (VALUE > 0);
CREATE TYPE tio_pair AS (a int, b text);
SELECT typname, typtype, typinput, typoutput, typreceive, typsend
  FROM pg_type WHERE typname IN ('tio_mood', '_tio_mood', 'tio_posint', '_tio_posint', 'tio_pair') ORDER BY typname;
SELECT typname FROM pg_type WHERE typinput::text = 'array_in' AND typname IN ('_int4', '_text') ORDER BY 1;
SELECT 0::regproc, 42::regproc, 750::regproc;
DROP TYPE tio_mood;
DROP TYPE tio_pair;
DROP DOMAIN tio_posint;
