/* regexp_int.h — the compiled-pattern cache of func_like.c shared with
 * func_regexp.c (regexp_match & co.). Private to the function layer.
 */
#ifndef SF_SQL_REGEXP_INT_H
#define SF_SQL_REGEXP_INT_H

#include "sql/func.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <regex.h>

struct err;

/* A compiled pattern (regexp_engine.c): glibc's POSIX engine, or PCRE2
 * with work limits for patterns glibc could take unbounded time on. */
struct sql_re {
    bool valid;
    bool pcre;
    size_t nsub; /* parenthesized subexpressions, as regex_t's re_nsub */
    regex_t posix;
    pcre2_code *code;
    pcre2_code *code_short; /* every quantifier lazy: a non-greedy RE's match span */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    bool has_pre;
    regex_t pre; /* a back-reference-free relaxation (a superset), run first */
};

/* Compile NUL-terminated POSIX extended pattern p with regcomp's cflags
 * into *re (sql__re_free it). 0; -1 with *msg PostgreSQL's wording of the
 * syntax error (2201B "invalid regular expression: MSG"); -2 with *msg the
 * whole message of a 0A000 error (what PCRE2 cannot do). *msg is static. */
int sql__re_compile(struct sql_re *re, const char *p, int cflags, const char **msg);

/* The same with the engine chosen by the caller (unit tests compare the
 * two engines); SQL_RE_POSIX can take unbounded time on some patterns. */
enum sql_re_engine { SQL_RE_AUTO, SQL_RE_POSIX, SQL_RE_PCRE };
int sql__re_compile_engine(struct sql_re *re, const char *p, int cflags, enum sql_re_engine eng,
                           const char **msg);

/* Search NUL-terminated s (len bytes) from byte start on, as regexec with
 * REG_NOTBOL when start > 0 (but lookbehind sees the bytes before start):
 * 0 on a match with m[0 .. nm-1] set (offsets into s, -1 for a group that
 * did not take part), 1 when there is none, <0 with e set (2201B when
 * PCRE2's work limit was reached). */
int sql__re_exec(struct sql_re *re, const char *s, size_t len, size_t start, size_t nm,
                 regmatch_t *m, struct err *e);
void sql__re_free(struct sql_re *re);

/* PostgreSQL's REG_ETOOBIG, which POSIX lacks: "regular expression is too
 * complex". */
#define SQL_RE_ETOOBIG 100

/* PostgreSQL's wording (regerror.c) of a POSIX REG_* error code (or
 * SQL_RE_ETOOBIG). */
const char *sql__re_errmsg(int code);

/* The compiled POSIX form of PostgreSQL pattern v (class escapes rewritten,
 * (?: groups made plain groups) with cflags, cached per call site in
 * c->cache. *out is borrowed until the end of the statement. Errors: 2201B
 * "invalid regular expression: ...". */
int sql__re_get(struct sql_fcall *c, const struct sql_value *v, int cflags, struct sql_re **out,
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
