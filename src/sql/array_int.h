/* array_int.h — the query engine's side of arrays: binding of ARRAY[...],
 * subscripts, array operators and functions (bind_array.c), their
 * implementations (func_array.c), and unnest / generate_subscripts in FROM.
 */
#ifndef SF_SQL_ARRAY_INT_H
#define SF_SQL_ARRAY_INT_H

#include "sql/array.h"
#include "sql/engine_int.h"
#include "sql/func.h"

/* bind_array.c. The eng__array_op / eng__array_func return 1 when the
 * call is not an array one (the caller resolves it as usual). */
int eng__bind_array_ctor(struct binder *b, struct scope *s, const struct sql_expr *x, uint32_t want,
                         struct bx **out, struct err *e);
int eng__bind_indirection(struct binder *b, struct scope *s, const struct sql_expr *x,
                          struct bx **out, struct err *e);
int eng__array_op(struct binder *b, const char *op, struct bx *l, struct bx *r, int location,
                  struct bx **out, struct err *e);
int eng__array_func(struct binder *b, const char *name, struct bx **args, int n, int location,
                    struct bx **out, struct err *e);
/* l op ANY/ALL (r) with r an array (or an unknown literal). */
int eng__bind_array_anyall(struct binder *b, const char *op, struct bx *l, struct bx *r, bool all,
                           int location, struct bx **out, struct err *e);
/* unnest(...) / generate_subscripts(...) in FROM: a PN_SERIES with srf set;
 * *ncols its output columns, types in coltypes. */
bool eng__is_array_srf(const char *name);
int eng__bind_array_srf(struct binder *b, struct scope *tmp, const struct sql_expr *call,
                        bool ordinality, struct pnode *p, uint32_t *coltypes, int *ncols,
                        struct err *e);
int eng__array_srf_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);

/* bind_expr.c */
int eng__finish_call(struct binder *b, const struct sql_func_match *m, struct bx **args, int nargs,
                     const char *name, bool op, int location, struct bx **out, struct err *e);

/* func_array.c: implementations (sql_fn) */
#define ARR_FN(n)                                                                                  \
    int sql__fn_##n(struct sql_fcall *c, const struct sql_value *a, int n_, struct sql_value *out, \
                    struct err *e)
ARR_FN(array_ctor);
ARR_FN(array_subscript);
ARR_FN(array_slice);
ARR_FN(array_eq);
ARR_FN(array_ne);
ARR_FN(array_lt);
ARR_FN(array_gt);
ARR_FN(array_le);
ARR_FN(array_ge);
ARR_FN(array_contains);
ARR_FN(array_contained);
ARR_FN(array_overlap);
ARR_FN(array_cat);
ARR_FN(array_append);
ARR_FN(array_prepend);
ARR_FN(array_length);
ARR_FN(array_lower);
ARR_FN(array_upper);
ARR_FN(cardinality);
ARR_FN(array_ndims);
ARR_FN(array_dims);
ARR_FN(array_position);
ARR_FN(array_positions);
ARR_FN(array_remove);
ARR_FN(array_replace);
ARR_FN(array_to_string);
ARR_FN(string_to_array);
#undef ARR_FN

/* array_agg (func_array.c); with ORDER BY one key (the aggregate's arg2):
 * sql__array_agg_order_defs[desc + 2 * nulls_first] */
extern const struct sql_agg_def sql__array_agg_def;
extern const struct sql_agg_def sql__array_agg_order_defs[4];
/* The aggregate sees NULL inputs (array_agg). */
bool sql__agg_keeps_nulls(const struct sql_agg_def *d);

#endif
