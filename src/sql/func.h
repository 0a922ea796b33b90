/* func.h — built-in functions, operators and aggregates, and PostgreSQL's
 * rules for choosing among overloads (parse_func.c / parse_oper.c:
 * func_select_candidate: exact match, then implicit casts, unknown-typed
 * literals take the candidate's type, preferred types within a category).
 *
 * The binder (exec) resolves a call once to a struct sql_func_match, casts
 * each argument to match.argtypes[i] (sql_value_cast, implicit), then calls
 * match.def->fn for every row. Operators are functions named by their
 * symbol ("+", "=", "||", "~~" for LIKE); prefix operators have nargs 1.
 *
 * Implementations receive non-NULL arguments when def->strict; otherwise
 * they see NULLs and decide. Results are allocated in call->ctx.
 *
 * Catalog-aware functions (pg_get_indexdef, format_type, nextval, ...) are
 * in the same registry; they reach the session through call->env.
 * sql_pgcat_funcs (pgcat_func.c) is a second table consulted after the
 * core one.
 *
 * Argument types in match.argtypes: a declared SQL_FT_ANYELEMENT becomes
 * the one type its arguments agree on (text when all are unknown); a
 * declared SQL_T_ANY keeps the argument's own type, unknown included. The
 * operator rows carry pg_proc OIDs of their implementing functions (texteq
 * 67 for text = text), including PostgreSQL's cross-type operators
 * (int4 = int8, date < timestamptz, float4 + float8), so results have
 * PostgreSQL's types. PostgreSQL built-ins this build lacks (window
 * functions, array functions, generate_series of timestamps...) are 0A000 "function
 * f(...) is not supported" instead of 42883.
 *
 * Files: func_resolve.c (lookup), func_reg.c (the table, generated from
 * PostgreSQL's catalogs), func_num.c, func_cmp.c, func_str.c, func_like.c, func_dt.c,
 * func_misc.c, func_agg.c, func_util.c, func_numfmt.c (to_char of numbers,
 * to_number), func_dtfmt.c (to_date, to_timestamp(text, text), OVERLAPS,
 * date_bin); private header func_int.h.
 */
#ifndef SF_SQL_FUNC_H
#define SF_SQL_FUNC_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sql_env;

#define SQL_FUNC_MAX_ARGS 8

/* Separates an error message from its HINT in struct err's message, as
 * SQL_NUM_DETAIL_SEP does for DETAIL (pgwire splits it into the H field). */
#define SQL_FUNC_HINT_SEP "\nHINT:  "

struct sql_fcall {
    struct sql_env *env;
    struct mem_ctx *ctx; /* where results go (per-row or per-statement) */
    const struct sql_func_match *match;
    void *cache; /* per-call-site scratch (compiled LIKE pattern...), starts NULL, lives in the
                    statement */
};

typedef int (*sql_fn)(struct sql_fcall *c, const struct sql_value *args, int nargs,
                      struct sql_value *out, struct err *e);

/* Argument type pseudo-OIDs in sql_func_def.args. */
#define SQL_FT_ANYELEMENT 2283 /* any type; all ANYELEMENT args and ret resolve to one type */
/* SQL_T_ANY: any type, each argument independently (e.g. concat, format) */

struct sql_func_def {
    const char *name; /* lower case; operators by symbol */
    uint32_t oid;     /* PostgreSQL's pg_proc oid when known, else 0 */
    int nargs;        /* fixed count, or the minimum when variadic */
    bool variadic;    /* the last arg type repeats (any count >= nargs) */
    uint32_t args[SQL_FUNC_MAX_ARGS];
    uint32_t ret; /* SQL_FT_ANYELEMENT: the resolved element type */
    sql_fn fn;
    bool strict;
    char volatility; /* 'i' immutable, 's' stable, 'v' volatile */
};

/* A resolved call. */
struct sql_func_match {
    const struct sql_func_def *def;
    int nargs;
    uint32_t argtypes[SQL_FUNC_MAX_ARGS * 4]; /* cast each actual argument to this */
    uint32_t ret;
    int32_t ret_typmod; /* -1 unless known */
};

/* Resolve name(argtypes) (SQL_T_UNKNOWN for untyped literals and NULL).
 * Errors: 42883 "function f(integer) does not exist" with PostgreSQL's HINT
 * ("No function matches the given name and argument types. You might need
 * to add explicit type casts."), 42725 "function f(unknown) is not unique". */
int sql_func_lookup(const char *name, const uint32_t *argtypes, int nargs,
                    struct sql_func_match *out, struct err *e);
/* Resolve an operator; ltype SQL_T_INVALID for a prefix operator. Errors:
 * 42883 "operator does not exist: integer + text" with HINT, 42725. */
int sql_oper_lookup(const char *name, uint32_t ltype, uint32_t rtype, struct sql_func_match *out,
                    struct err *e);
/* Does a function of that name exist at all (any arguments)? For messages. */
bool sql_func_exists(const char *name);

/* ---- aggregates ---- */

struct sql_agg_def {
    const char *name;
    uint32_t arg; /* 0 for count(*); SQL_T_ANY for count(any) */
    uint32_t ret;
    size_t state_size; /* bytes of state, zeroed before init */
    /* State lives in ctx (per group). step is not called for NULL inputs
     * (all our aggregates are strict); for count(*) it is called once per
     * row with v NULL. final may return NULL (sum of no rows); the type of
     * a NULL result is def->ret (the value's type field may be 0). */
    void (*init)(void *state, struct mem_ctx *ctx);
    int (*step)(void *state, struct mem_ctx *ctx, const struct sql_value *v, struct err *e);
    int (*final)(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e);
    /* Second argument (string_agg's delimiter), 0 when none. When set, step's
     * v points at two values, v[0] the input and v[1] the delimiter, and
     * step is skipped only when v[0] is NULL (v[1] may be NULL). */
    uint32_t arg2;
    /* step also sees NULL inputs (json_agg); default false: strict */
    bool nonstrict;
};

/* Whether d is min(anyarray) / max(anyarray), whose result type is the
 * argument's (sql_agg_lookup's *cast_to) rather than d->ret. */
bool sql_agg_is_array_minmax(const struct sql_agg_def *d);

/* Resolve an aggregate: count(*) is name "count" with star, nargs 0.
 * *cast_to: the type to cast the (first) argument to first; a second
 * argument is cast to (*out)->arg2. 42883 when none, 42725 when ambiguous. */
int sql_agg_lookup(const char *name, const uint32_t *argtypes, int nargs, bool star,
                   const struct sql_agg_def **out, uint32_t *cast_to, struct err *e);
bool sql_agg_exists(const char *name);

/* The core registry (func*.c) and the pg_catalog one (pgcat_func.c). */
extern const struct sql_func_def sql_core_funcs[];
extern const size_t sql_core_nfuncs;
extern const struct sql_func_def sql_pgcat_funcs[];
extern const size_t sql_pgcat_nfuncs;
/* json/jsonb functions and aggregates (func_json.c), consulted after the
 * core tables. */
extern const struct sql_func_def sql_json_funcs[];
extern const size_t sql_json_nfuncs;
/* Range types' functions and operators (func_range.c), after the json ones. */
extern const struct sql_func_def sql_range_funcs[];
extern const size_t sql_range_nfuncs;
extern const struct sql_agg_def sql__range_aggs[]; /* range_intersect_agg */
extern const size_t sql__range_naggs;
extern const struct sql_agg_def sql__json_aggs[];
extern const size_t sql__json_naggs;

/* Window-only functions (exec_window.c): registered for pg_proc and for
 * overload errors; computed by the window node, never called. */
int sql__fn_window(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);

#endif
