/* regns.h — regnamespace and regrole by name (regns.c). Layer-internal. */
#ifndef SF_SQL_REGNS_H
#define SF_SQL_REGNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;
struct sql_value;

/* Is type regnamespace or regrole? */
bool sql__regns_type(uint32_t type);
/* regnamespacein / regrolein: s (len bytes) is digits, "-" or one name.
 * Errors: 42602 invalid name syntax, 3F000 schema / 42704 role does not
 * exist, 22003 an oid out of range. */
int sql__regns_in(struct sql_env *env, uint32_t type, const char *s, size_t len, int64_t *oid,
                  struct err *e);
/* regnamespaceout / regroleout appended to out. */
int sql__regns_out(struct sql_env *env, uint32_t type, uint32_t oid, struct sbuf *out,
                   struct err *e);
/* The same as a text value allocated in mem. */
int sql__regns_text(struct sql_env *env, struct mem_ctx *mem, const struct sql_value *v,
                    struct sql_value *out, struct err *e);

/* regclassin: an oid, or 'name' / 'schema.name' (quoted or folded)
 * through env's search path; an index is a relation too. Errors: 42602,
 * 3F000, 42P01. */
int sql__regclass_in_env(struct sql_env *env, const char *s, size_t len, int64_t *oid,
                         struct err *e);
/* Input by name of regclass, regtype, regnamespace or regrole (1 for any
 * other type); ctx holds regtype's parse tree. */
int sql__reg_in_env(struct sql_env *env, struct mem_ctx *ctx, uint32_t type, const char *s,
                    size_t len, int64_t *oid, struct err *e);
/* Does input s of type need the catalog (a reg* type given by name)? */
bool sql__reg_by_name(uint32_t type, const char *s, size_t len);

#endif
