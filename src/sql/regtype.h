/* regtype.h — type names with the catalog (regtype.c): regtype input by
 * search_path and format_type's schema qualification of types that
 * search_path does not find by their bare name. Layer-internal. */
#ifndef SF_SQL_REGTYPE_H
#define SF_SQL_REGTYPE_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;

/* regtypein: the type named by s (len bytes, as written: "ts.mood",
 * "integer[]", "varchar(10)") through env's search_path, in env's database.
 * Errors: 42601 invalid type name, 3F000 schema does not exist, 42704 type
 * does not exist, typmod errors. Parse tree allocated in ctx. */
int sql__regtype_in_env(struct sql_env *env, struct mem_ctx *ctx, const char *s, size_t len,
                        int64_t *oid, struct err *e);
/* format_type(oid, typmod) with PostgreSQL's qualification: a user type
 * prints "schema.name" (quoted as needed) when not visible. Appends to out.
 * Without a transaction (env NULL), sql_type_format's text. */
int sql__type_format_env(struct sql_env *env, uint32_t oid, int32_t typmod, struct sbuf *out,
                         struct err *e);
/* pg_type_is_visible(oid): *vis 1 or 0, -1 for an oid that is no type. */
int sql__type_is_visible(struct sql_env *env, uint32_t oid, int *vis, struct err *e);
/* sql__type_format_env as a string allocated in mem. */
int sql__type_name_env(struct sql_env *env, struct mem_ctx *mem, uint32_t oid, int32_t typmod,
                       const char **out, struct err *e);

#endif
