/* enum.h — enum types (CREATE TYPE name AS ENUM (...)): catalog
 * descriptors, the node-wide table of loaded types, value I/O and ordering,
 * and their operators, functions and aggregates.
 *
 * A value of an enum type is a struct sql_value whose type is the enum's
 * pg_type oid and whose u.i is the pg_enum oid of its label (as
 * PostgreSQL's: renaming a label changes no stored row). Rows store that
 * oid as an integer. Order is the labels' enumsortorder.
 *
 * Descriptors live in the catalog (catalog_int.h): the type's name record
 * (kind 'e', in the schema's name space shared with relations, as
 * PostgreSQL's pg_type rows of relations make it) points at
 *   0x01 'o' <type oid>  -> enum record, version 1:
 *     u8 version, u8 'e', u32 oid, u32 descriptor version, u32 schema oid,
 *     u32 array type oid, str schema, str name, str owner,
 *     u16 nlabels (1..SQL_ENUM_MAX_LABELS), per label in sort order:
 *       u32 label oid, u32 float4 bits of enumsortorder, str label;
 *     u32 CRC-32C
 *   0x01 'o' <array oid> -> u8 version, u8 'E', u32 type oid, u32 CRC-32C
 *
 * The node-wide table (oid -> immutable struct sql_enum_type) is filled
 * whenever a descriptor is read through a transaction (type names, tables
 * with enum columns, pg_type) and by DDL; replaced entries stay allocated
 * until exit, so pointers returned by sql_enum_get never dangle. It lets
 * sql_type_get, value I/O and comparison work without a catalog handle.
 */
#ifndef SF_SQL_ENUM_H
#define SF_SQL_ENUM_H

#include "sql/func.h"
#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct sbuf;
struct sql_env;
struct sql_stmt;
struct sql_typename;
struct sql__vrows;

#define SQL_ENUM_MAX_LABELS 65535

struct sql_enum_label {
    uint32_t oid;
    float sortorder;
    const char *label;
};

struct sql_enum_type {
    struct sql_type_info ti;  /* category 'E', typlen 4 */
    struct sql_type_info ati; /* its array type "_name" */
    uint32_t schema_oid;
    const char *schema;
    const char *owner;
    uint32_t version;
    int nlabels;
    const struct sql_enum_label *labels; /* in sort order */
    struct sql_agg_def aggs[2];          /* min, max */
};

/* The loaded enum type oid (NULL when oid is not one). */
const struct sql_enum_type *sql_enum_get(uint32_t oid);
/* sql_type_get's fallback: the enum or its array type. */
const struct sql_type_info *sql__enum_type_info(uint32_t oid);
/* A loaded enum type by name (regtype input without a catalog), or NULL. */
const struct sql_type_info *sql__enum_by_name(const char *name);
/* Array type oid <-> enum oid (0 when not an enum / array of one). */
uint32_t sql__enum_array_elem(uint32_t array_oid);
uint32_t sql__enum_array_of(uint32_t enum_oid);

/* ---- values (value.c, rowcodec.c) ---- */
/* 22P02 invalid input value for enum mood: "x" */
int sql__enum_in(uint32_t type, const char *s, size_t len, struct sql_value *out, struct err *e);
int sql__enum_out(const struct sql_value *v, struct sbuf *out, struct err *e);
int sql__enum_cmp(const struct sql_value *a, const struct sql_value *b);

/* ---- catalog ---- */
/* sql_type_resolve, then user types through env's catalog (search_path). */
int sql_type_resolve_env(struct sql_env *env, const struct sql_typename *t, uint32_t *oid,
                         int32_t *typmod, int *serial, struct err *e);
/* Load (or refresh) the enum type oid into the node-wide table when it is
 * one (no-op otherwise). */
int sql__enum_load(struct sql_env *env, uint32_t oid, struct err *e);
/* SQL_STMT_TYPE_DDL (CREATE TYPE AS ENUM, ALTER TYPE, DROP TYPE). */
int sql__enum_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e);
/* Every enum type of the current database, loaded (array in env->stmt_ctx). */
int sql__enum_list(struct sql_env *env, const struct sql_enum_type ***out, size_t *n,
                   struct err *e);
const char *sql__enum_ddl_word(const struct sql_stmt *st);
/* pg_type rows of the enum types (and their arrays); pg_enum rows. */
int sql__enum_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e);
int sql__pgcat_enum(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e);

/* ---- functions (func_resolve.c) ---- */
/* Comparison operators between values of one enum type (an unknown side
 * takes the other's type): true and *out filled when handled. */
bool sql__enum_oper(const char *name, uint32_t ltype, uint32_t rtype, struct sql_func_match *out);
/* enum_first / enum_last / enum_range of an enum type. */
bool sql__enum_func(const char *name, const uint32_t *argtypes, int nargs,
                    struct sql_func_match *out);
/* min / max of an enum type, or NULL. */
const struct sql_agg_def *sql__enum_agg(const char *name, uint32_t argtype);

/* ---- keys (enum_key.c): the label's sortorder as a float4 key ---- */
int sql__enum_key_put(struct sbuf *b, const struct sql_value *v, bool desc, struct err *e);
int sql__enum_key_get(uint32_t type, double sortorder, struct sql_value *out, struct err *e);
/* 0A000 when a table's index keys hold values of enum type (renumbering
 * its labels would invalidate them). */
int sql__enum_key_renumber_check(struct sql_env *env, uint32_t type, struct err *e);

#endif
