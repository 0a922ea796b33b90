/* regexp_int.h — the compiled-pattern cache of func_like.c shared with
 * func_regexp.c (regexp_match & co.). Private to the function layer.
 */
#ifndef SF_SQL_REGEXP_INT_H
#define SF_SQL_REGEXP_INT_H

#include "sql/func.h"

#include <regex.h>

struct err;

/* The compiled POSIX form of PostgreSQL pattern v (class escapes rewritten,
 * (?: groups made plain groups) with cflags, cached per call site in
 * c->cache. *out is borrowed until the end of the statement. Errors: 2201B
 * "invalid regular expression: ...". */
int sql__re_get(struct sql_fcall *c, const struct sql_value *v, int cflags, regex_t **out,
                struct err *e);

/* regexp_match, regexp_split_to_array, regexp_count, regexp_instr,
 * regexp_substr(string, pattern, start, N, flags, subexpr) (func_regexp.c). */
int sql__fn_regexp_match(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_regexp_split_to_array(struct sql_fcall *c, const struct sql_value *a, int n,
                                  struct sql_value *out, struct err *e);
int sql__fn_regexp_count(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_regexp_instr(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_regexp_substr_n(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);

/* The set-returning regexp_matches / regexp_split_to_table: true for their
 * names; the definition to call with nargs (2 or 3) text arguments, NULL
 * when there is none. The call returns one array value whose items are the
 * rows (of type *rowtype: text[] for regexp_matches, text for the split);
 * bind_array.c unnests it in the series node. */
bool sql__is_regexp_srf(const char *name);
const struct sql_func_def *sql__regexp_srf_def(const char *name, int nargs, uint32_t *rowtype);
/* func_srf.c: those and the other set-returning built-ins made by one call
 * (string_to_table): the def, the type of their rows. */
bool sql__is_rows_srf(const char *name);
const struct sql_func_def *sql__rows_srf_def(const char *name, int nargs, uint32_t *rowtype);
/* Set-returning functions of the registry (func_srf.c): a function named
 * here returns all its rows as one array value (type elemtype[]), which a
 * function scan in FROM unnests (bind_fromfunc.c). Rows of a record type
 * are records (value_record.c) spread over the columns: ncols > 0 their
 * OUT columns' names and types; ncols 0 the caller's column definition
 * list, whose record shape the call gets as its match's ret_typmod
 * (sql__record_shape). false: not such a function. */
bool sql__setof_func(const char *name, int *ncols, const char *const **cols,
                     const uint32_t **types);

#endif
