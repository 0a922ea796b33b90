/* ctype.h — named composite types: CREATE TYPE name AS (field type, ...).
 *
 * A value of a composite type is a record (value_record.c) whose shape
 * (bind_srf.c's record typmod) names the type: sql_type_resolve_env
 * resolves the type's name to SQL_T_RECORD with that typmod, and casts
 * to it (ROW(...)::t, 'text'::t) coerce the fields to the type's.
 *
 * Descriptors live in the catalog (catalog_int.h): the type's name record
 * (kind 'c', in the schema's name space shared with relations) points at
 *   0x01 'o' <type oid> -> composite record, version 1:
 *     u8 version, u8 'c', u32 oid, u32 descriptor version, u32 schema oid,
 *     u32 relid (pg_class oid of its relkind 'c' row), str schema,
 *     str name, str owner, u16 nfields, per field: str name, u32 type oid,
 *     u32 typmod; u32 CRC-32C
 *   version 2: version 1's fields, then per field u32 field id, then u32
 *     next field id, u32 CRC-32C (version 1's field ids are 1..n).
 * A table's row type (rowtype.h) used as a column or cast type gets an
 * entry built from the table descriptor (field ids = column ids, rowtype
 * true), refreshed whenever the descriptor is read again.
 * The node-wide table (oid -> immutable struct sql_ctype) is filled when a
 * descriptor is read through a transaction and by DDL; entries stay
 * allocated until exit.
 */
#ifndef SF_SQL_CTYPE_H
#define SF_SQL_CTYPE_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sql_env;
struct sql_stmt;
struct sql_typename;
struct sql__vrows;

struct sql_ctype {
    uint32_t oid, relid, schema_oid, version;
    const char *schema, *name, *owner;
    int n;
    const char *const *names;
    const uint32_t *types;
    const int32_t *typmods;
    int32_t shape;           /* record typmod of its values (bind_srf.c) */
    struct sql_type_info ti; /* category 'C' (format_type, pg_attribute) */
    const uint32_t *ids;     /* stable field ids (stored values name their fields by them) */
    uint32_t next_id;        /* the next field id ADD ATTRIBUTE hands out */
    bool rowtype;            /* a table's row type (oid = relid = the table's oid) */
};

/* A loaded composite type by name (regtype input without a catalog). */
const struct sql_type_info *sql__ctype_by_name(const char *name);
/* sql_type_get's fallback: the composite type oid, or NULL. */
const struct sql_type_info *sql__ctype_type_info(uint32_t oid);
/* Every composite type (loaded through env), in env->stmt_ctx. */
int sql__ctype_list(struct sql_env *env, const struct sql_ctype ***out, size_t *n, struct err *e);

/* The loaded composite type oid, or NULL. */
const struct sql_ctype *sql_ctype_get(uint32_t oid);
/* The composite type of record shape typmod, or NULL. */
const struct sql_ctype *sql__ctype_of_shape(int32_t typmod);
/* sql_type_resolve_env of a name record of kind 'c' at oid. */
int sql__ctype_resolve(struct sql_env *env, uint32_t oid, const struct sql_typename *t,
                       uint32_t *type, int32_t *typmod, int *serial, struct err *e);
/* record_in of composite type ct: 22P02 malformed record literal. */
int sql__ctype_record_in(struct mem_ctx *ctx, const struct sql_ctype *ct, const char *s, size_t len,
                         struct sql_value *out, struct err *e);
/* SQL_STMT_TYPE_DDL op 'C', and DROP TYPE naming composite types; 1 when
 * st is none of those (enum.c / domain.c take it). */
int sql__ctype_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e);
/* After a table descriptor is decoded: columns whose stored type is a
 * composite type become SQL_T_RECORD of its shape (c->ctype its oid). */
struct sql_table_desc;
int sql__ctype_fix_cols(struct sql_env *env, struct sql_table_desc *t, struct err *e);
/* Row format of a composite value: u32 type oid | 0x80000000, u32 nfields,
 * per field u32 field id, then record_send's format (rowcodec.c). Decoding
 * maps fields by id: a field added since reads NULL, a dropped one is
 * skipped. (Version 1 values, u32 type oid then record_send's format, name
 * fields 1..n by position.) */
int sql__ctype_encode(const struct sql_value *v, struct sbuf *out);
int sql__ctype_decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, struct sql_value *out,
                      struct err *e);
/* record_recv of composite type ct (binary parameters): 42804 on a field
 * count or field type mismatch. */
int sql__ctype_record_recv(struct mem_ctx *ctx, const struct sql_ctype *ct, const uint8_t *p,
                           size_t n, struct sql_value *out, struct err *e);
/* The loaded composite type oid (a named one or a table's row type), loaded
 * through env when needed; *out NULL when oid is no such type. */
int sql__ctype_load(struct sql_env *env, uint32_t oid, const struct sql_ctype **out, struct err *e);
/* Store a new version of t (ALTER TYPE, ctype_alter.c). */
int sql__ctype_store(struct sql_env *env, const struct sql_ctype *t, struct err *e);
/* Columns of tables using composite type oid (named name), as DETAIL
 * lines "column c of table u depends on type t"; *n their count; *first
 * the first as "u.c" when first is not NULL. */
int sql__ctype_dependents(struct sql_env *env, uint32_t oid, const char *name, struct sbuf *out,
                          int *n, struct sbuf *first, struct err *e);
/* ALTER TYPE ... ADD/DROP/ALTER/RENAME ATTRIBUTE, OWNER TO, SET SCHEMA,
 * RENAME TO of a composite type (ctype_alter.c). */
int sql__ctype_alter(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                     struct err *e);
/* pg_type rows of the composite types. */
int sql__ctype_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e);
/* The pg_type row of a composite type (named, or a relation's row type). */
void sql__pgtype_composite_row(struct sql__vrows *r, uint32_t oid, const char *name, uint32_t nsp,
                               uint32_t owner, uint32_t relid);
/* ---- keys (ctype_key.c): a record as one bytea key of its fields' keys ---- */
/* Append record v (fields in its order, each ascending NULLS LAST) as one
 * key value in direction desc; sql_key_put's SQL_T_RECORD case. */
int sql__record_key_put(struct sbuf *b, const struct sql_value *v, bool desc, struct err *e);
/* Decode one key value written by sql__record_key_put for a column of
 * composite type ctype (loaded); *consumed its length; XX001 on bad bytes.
 * Field payloads are allocated in ctx. */
int sql__ctype_key_get(struct mem_ctx *ctx, uint32_t ctype, const uint8_t *p, size_t n, bool desc,
                       struct sql_value *out, size_t *consumed, struct err *e);
/* 0, or 0A000 when a field of ct has no key encoding (CREATE INDEX). */
int sql__ctype_key_check(const struct sql_ctype *ct, struct err *e);
/* Index key columns of composite type oid: *n their count, *first the
 * first as "table.column" when first is not NULL. */
int sql__ctype_key_users(struct sql_env *env, uint32_t oid, struct sbuf *first, int *n,
                         struct err *e);
/* 0A000 when an index key column uses composite type oid (named name):
 * ADD/DROP ATTRIBUTE, and ADD/DROP COLUMN of the table whose row type it is. */
int sql__ctype_key_alter_check(struct sql_env *env, uint32_t oid, const char *name, struct err *e);

#endif
