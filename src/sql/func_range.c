/* func_range.c — functions and operators of the built-in range types
 * (PostgreSQL's rangetypes.c): constructors int4range(lo, hi [, '[)']),
 * lower / upper / isempty / lower_inc / upper_inc / lower_inf / upper_inf,
 * range_merge, and the operators = <> < <= > >= @> <@ && << >> &< &> -|-
 * + * -. PostgreSQL declares them over anyrange; here each range type has
 * its own rows (sql_range_funcs, scanned by func_resolve.c after the core
 * tables), so an argument is cast to the range's subtype as PostgreSQL's
 * polymorphic resolution does.
 */
#include "sql/range_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "sql/func_int.h"
#include "sql/vtab.h"

#include <string.h>

static int bool_out(bool b, struct sql_value *out)
{
    *out = sql_bool(b);
    return 0;
}

/* range_constructor2 / range_constructor3: NULL bounds are infinite. */
static int fn_construct(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    uint32_t type = sql__fn_ret(c);
    struct sql_range_bound lo = {.lower = true, .inc = true}, hi = {.lower = false};
    if (n == 3) {
        if (a[2].null)
            return err_set_state(e, ERR_INVAL, "22000",
                                 "range constructor flags argument must not be null");
        const char *fl = a[2].u.s.p;
        size_t fn = a[2].u.s.len;
        if (fn != 2 || (fl[0] != '[' && fl[0] != '(') || (fl[1] != ']' && fl[1] != ')'))
            return err_set_state(e, ERR_INVAL, "42601",
                                 "invalid range bound flags" SQL_FUNC_HINT_SEP
                                 "Valid values are \"[]\", \"[)\", \"(]\", and \"()\".");
        lo.inc = fl[0] == '[';
        hi.inc = fl[1] == ']';
    }
    lo.inf = a[0].null;
    hi.inf = a[1].null;
    lo.v = a[0];
    hi.v = a[1];
    return sql__range_make(c->ctx, type, &lo, &hi, false, out, e);
}

static int fn_lower(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    struct sql_range_bound lo, hi;
    bool empty;
    (void)n;
    (void)e;
    sql__range_bounds(&a[0], &lo, &hi, &empty);
    *out = sql_null(sql__fn_ret(c));
    if (!empty && !lo.inf)
        *out = lo.v;
    return 0;
}

static int fn_upper(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    struct sql_range_bound lo, hi;
    bool empty;
    (void)n;
    (void)e;
    sql__range_bounds(&a[0], &lo, &hi, &empty);
    *out = sql_null(sql__fn_ret(c));
    if (!empty && !hi.inf)
        *out = hi.v;
    return 0;
}

#define FLAG_FN(fname, expr)                                                                       \
    static int fname(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out, \
                     struct err *e)                                                                \
    {                                                                                              \
        (void)c;                                                                                   \
        (void)n;                                                                                   \
        (void)e;                                                                                   \
        uint8_t f = a[0].u.rng->flags;                                                             \
        return bool_out(expr, out);                                                                \
    }
FLAG_FN(fn_isempty, (f & SQL_RANGE_EMPTY) != 0)
FLAG_FN(fn_lower_inc, (f & SQL_RANGE_LB_INC) != 0)
FLAG_FN(fn_upper_inc, (f & SQL_RANGE_UB_INC) != 0)
FLAG_FN(fn_lower_inf, (f & SQL_RANGE_LB_INF) != 0)
FLAG_FN(fn_upper_inf, (f & SQL_RANGE_UB_INF) != 0)

/* ---- predicates (range_contains_elem_internal, range_overlaps_internal ...) ---- */

struct two {
    struct sql_range_bound l1, u1, l2, u2;
    bool e1, e2;
};

static void two(const struct sql_value *a, struct two *t)
{
    sql__range_bounds(&a[0], &t->l1, &t->u1, &t->e1);
    sql__range_bounds(&a[1], &t->l2, &t->u2, &t->e2);
}

static bool contains_elem(const struct sql_value *r, const struct sql_value *v)
{
    struct sql_range_bound lo, hi;
    bool empty;
    sql__range_bounds(r, &lo, &hi, &empty);
    if (empty)
        return false;
    if (!lo.inf) {
        int c = sql_value_cmp(&lo.v, v);
        if (c > 0 || (c == 0 && !lo.inc))
            return false;
    }
    if (!hi.inf) {
        int c = sql_value_cmp(&hi.v, v);
        if (c < 0 || (c == 0 && !hi.inc))
            return false;
    }
    return true;
}

static bool contains(const struct two *t)
{
    if (t->e2)
        return true;
    if (t->e1)
        return false;
    return sql__range_cmp_bounds(&t->l1, &t->l2) <= 0 && sql__range_cmp_bounds(&t->u1, &t->u2) >= 0;
}

static bool overlaps(const struct two *t)
{
    if (t->e1 || t->e2)
        return false;
    if (sql__range_cmp_bounds(&t->l1, &t->l2) >= 0 && sql__range_cmp_bounds(&t->l1, &t->u2) <= 0)
        return true;
    if (sql__range_cmp_bounds(&t->l2, &t->l1) >= 0 && sql__range_cmp_bounds(&t->l2, &t->u1) <= 0)
        return true;
    return false;
}

/* bounds_adjacent: upper bound a, lower bound b. */
static bool bounds_adjacent(struct mem_ctx *ctx, uint32_t type, struct sql_range_bound a,
                            struct sql_range_bound b)
{
    int c = sql__range_cmp_bound_values(&a, &b);
    if (c < 0) {
        uint32_t sub = sql_range_subtype(type);
        if (sub != SQL_T_INT4 && sub != SQL_T_INT8 && sub != SQL_T_DATE)
            return false;
        /* is the range between the bounds empty once canonicalized? */
        struct sql_value r;
        struct err e2;
        err_clear(&e2);
        a.inc = !a.inc;
        a.lower = true;
        b.lower = false;
        if (sql__range_make(ctx, type, &a, &b, false, &r, &e2) != 0)
            return false;
        return (r.u.rng->flags & SQL_RANGE_EMPTY) != 0;
    }
    if (c == 0)
        return a.inc != b.inc;
    return false;
}

static bool adjacent(struct mem_ctx *ctx, uint32_t type, const struct two *t)
{
    if (t->e1 || t->e2)
        return false;
    return bounds_adjacent(ctx, type, t->u1, t->l2) || bounds_adjacent(ctx, type, t->u2, t->l1);
}

enum rop {
    R_CONTAINS,
    R_CONTAINED,
    R_OVERLAPS,
    R_BEFORE,
    R_AFTER,
    R_OVERLEFT,
    R_OVERRIGHT,
    R_ADJACENT
};

static int range_pred(struct sql_fcall *c, const struct sql_value *a, enum rop op,
                      struct sql_value *out)
{
    struct two t;
    two(a, &t);
    bool r = false;
    bool any_empty = t.e1 || t.e2;
    switch (op) {
    case R_CONTAINS:
        r = contains(&t);
        break;
    case R_CONTAINED: {
        struct two s = {t.l2, t.u2, t.l1, t.u1, t.e2, t.e1};
        r = contains(&s);
        break;
    }
    case R_OVERLAPS:
        r = overlaps(&t);
        break;
    case R_BEFORE:
        r = !any_empty && sql__range_cmp_bounds(&t.u1, &t.l2) < 0;
        break;
    case R_AFTER:
        r = !any_empty && sql__range_cmp_bounds(&t.l1, &t.u2) > 0;
        break;
    case R_OVERLEFT:
        r = !any_empty && sql__range_cmp_bounds(&t.u1, &t.u2) <= 0;
        break;
    case R_OVERRIGHT:
        r = !any_empty && sql__range_cmp_bounds(&t.l1, &t.l2) >= 0;
        break;
    case R_ADJACENT:
        r = adjacent(c->ctx, a[0].type, &t);
        break;
    }
    return bool_out(r, out);
}

#define PRED_FN(fname, op)                                                                         \
    static int fname(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out, \
                     struct err *e)                                                                \
    {                                                                                              \
        (void)n;                                                                                   \
        (void)e;                                                                                   \
        return range_pred(c, a, op, out);                                                          \
    }
PRED_FN(fn_contains, R_CONTAINS)
PRED_FN(fn_contained, R_CONTAINED)
PRED_FN(fn_overlaps, R_OVERLAPS)
PRED_FN(fn_before, R_BEFORE)
PRED_FN(fn_after, R_AFTER)
PRED_FN(fn_overleft, R_OVERLEFT)
PRED_FN(fn_overright, R_OVERRIGHT)
PRED_FN(fn_adjacent, R_ADJACENT)

static int fn_contains_elem(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    return bool_out(contains_elem(&a[0], &a[1]), out);
}

static int fn_elem_contained(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    return bool_out(contains_elem(&a[1], &a[0]), out);
}

static int fn_cmp(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    *out = sql_int4(sql__range_cmp(&a[0], &a[1]));
    return 0;
}

/* ---- set operations ---- */

/* range_union_internal; strict: the + operator's 22000 when not contiguous. */
static int range_union(struct sql_fcall *c, const struct sql_value *a, bool strict,
                       struct sql_value *out, struct err *e)
{
    struct two t;
    two(a, &t);
    if (t.e1) {
        *out = a[1];
        return 0;
    }
    if (t.e2) {
        *out = a[0];
        return 0;
    }
    if (strict && !overlaps(&t) && !adjacent(c->ctx, a[0].type, &t))
        return err_set_state(e, ERR_INVAL, "22000",
                             "result of range union would not be contiguous");
    const struct sql_range_bound *lo = sql__range_cmp_bounds(&t.l1, &t.l2) < 0 ? &t.l1 : &t.l2;
    const struct sql_range_bound *hi = sql__range_cmp_bounds(&t.u1, &t.u2) > 0 ? &t.u1 : &t.u2;
    return sql__range_make(c->ctx, a[0].type, lo, hi, false, out, e);
}

static int fn_union(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    return range_union(c, a, true, out, e);
}

static int fn_merge(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    return range_union(c, a, false, out, e);
}

static int fn_intersect(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    struct two t;
    (void)n;
    two(a, &t);
    if (t.e1 || t.e2 || !overlaps(&t))
        return sql__range_make(c->ctx, a[0].type, &t.l1, &t.u1, true, out, e);
    const struct sql_range_bound *lo = sql__range_cmp_bounds(&t.l1, &t.l2) >= 0 ? &t.l1 : &t.l2;
    const struct sql_range_bound *hi = sql__range_cmp_bounds(&t.u1, &t.u2) <= 0 ? &t.u1 : &t.u2;
    return sql__range_make(c->ctx, a[0].type, lo, hi, false, out, e);
}

/* range_minus_internal */
static int fn_minus(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    struct two t;
    (void)n;
    two(a, &t);
    if (t.e1 || t.e2) {
        *out = a[0];
        return 0;
    }
    int l1l2 = sql__range_cmp_bounds(&t.l1, &t.l2);
    int l1u2 = sql__range_cmp_bounds(&t.l1, &t.u2);
    int u1l2 = sql__range_cmp_bounds(&t.u1, &t.l2);
    int u1u2 = sql__range_cmp_bounds(&t.u1, &t.u2);
    if (l1l2 < 0 && u1u2 > 0)
        return err_set_state(e, ERR_INVAL, "22000",
                             "result of range difference would not be contiguous");
    if (l1u2 > 0 || u1l2 < 0) {
        *out = a[0];
        return 0;
    }
    if (l1l2 >= 0 && u1u2 <= 0)
        return sql__range_make(c->ctx, a[0].type, &t.l1, &t.u1, true, out, e);
    if (l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0) {
        struct sql_range_bound b = t.l2;
        b.inc = !b.inc;
        b.lower = false;
        return sql__range_make(c->ctx, a[0].type, &t.l1, &b, false, out, e);
    }
    if (l1l2 >= 0 && u1u2 >= 0 && l1u2 <= 0) {
        struct sql_range_bound b = t.u2;
        b.inc = !b.inc;
        b.lower = true;
        return sql__range_make(c->ctx, a[0].type, &b, &t.u1, false, out, e);
    }
    return err_set_state(e, ERR_INTERNAL, "XX000", "unexpected case in range_minus");
}

/* ---- the registry ---- */

#define BO SQL_T_BOOL
#define TX SQL_T_TEXT

#define RANGE_ROWS(R, S, name)                                                              \
    {name, 0, 2, false, {S, S}, R, fn_construct, false, 'i'},                               \
        {name, 0, 3, false, {S, S, TX}, R, fn_construct, false, 'i'},                       \
        {"=", 0, 2, false, {R, R}, BO, sql__fn_cmp_eq, true, 'i'},                          \
        {"<>", 0, 2, false, {R, R}, BO, sql__fn_cmp_ne, true, 'i'},                         \
        {"<", 0, 2, false, {R, R}, BO, sql__fn_cmp_lt, true, 'i'},                          \
        {"<=", 0, 2, false, {R, R}, BO, sql__fn_cmp_le, true, 'i'},                         \
        {">", 0, 2, false, {R, R}, BO, sql__fn_cmp_gt, true, 'i'},                          \
        {">=", 0, 2, false, {R, R}, BO, sql__fn_cmp_ge, true, 'i'},                         \
        {"@>", 0, 2, false, {R, R}, BO, fn_contains, true, 'i'},                            \
        {"@>", 0, 2, false, {R, S}, BO, fn_contains_elem, true, 'i'},                       \
        {"<@", 0, 2, false, {R, R}, BO, fn_contained, true, 'i'},                           \
        {"<@", 0, 2, false, {S, R}, BO, fn_elem_contained, true, 'i'},                      \
        {"&&", 0, 2, false, {R, R}, BO, fn_overlaps, true, 'i'},                            \
        {"<<", 0, 2, false, {R, R}, BO, fn_before, true, 'i'},                              \
        {">>", 0, 2, false, {R, R}, BO, fn_after, true, 'i'},                               \
        {"&<", 0, 2, false, {R, R}, BO, fn_overleft, true, 'i'},                            \
        {"&>", 0, 2, false, {R, R}, BO, fn_overright, true, 'i'},                           \
        {"-|-", 0, 2, false, {R, R}, BO, fn_adjacent, true, 'i'},                           \
        {"+", 0, 2, false, {R, R}, R, fn_union, true, 'i'},                                 \
        {"*", 0, 2, false, {R, R}, R, fn_intersect, true, 'i'},                             \
        {"-", 0, 2, false, {R, R}, R, fn_minus, true, 'i'},                                 \
        {"lower", 0, 1, false, {R}, S, fn_lower, true, 'i'},                                \
        {"upper", 0, 1, false, {R}, S, fn_upper, true, 'i'},                                \
        {"isempty", 0, 1, false, {R}, BO, fn_isempty, true, 'i'},                           \
        {"lower_inc", 0, 1, false, {R}, BO, fn_lower_inc, true, 'i'},                       \
        {"upper_inc", 0, 1, false, {R}, BO, fn_upper_inc, true, 'i'},                       \
        {"lower_inf", 0, 1, false, {R}, BO, fn_lower_inf, true, 'i'},                       \
        {"upper_inf", 0, 1, false, {R}, BO, fn_upper_inf, true, 'i'},                       \
        {"range_merge", 0, 2, false, {R, R}, R, fn_merge, true, 'i'},                       \
        {"range_cmp", 0, 2, false, {R, R}, SQL_T_INT4, fn_cmp, true, 'i'},                  \
        {"range_eq", 0, 2, false, {R, R}, BO, sql__fn_cmp_eq, true, 'i'},                   \
        {"range_ne", 0, 2, false, {R, R}, BO, sql__fn_cmp_ne, true, 'i'},                   \
        {"range_lt", 0, 2, false, {R, R}, BO, sql__fn_cmp_lt, true, 'i'},                   \
        {"range_le", 0, 2, false, {R, R}, BO, sql__fn_cmp_le, true, 'i'},                   \
        {"range_gt", 0, 2, false, {R, R}, BO, sql__fn_cmp_gt, true, 'i'},                   \
        {"range_ge", 0, 2, false, {R, R}, BO, sql__fn_cmp_ge, true, 'i'},                   \
        {"range_contains", 0, 2, false, {R, R}, BO, fn_contains, true, 'i'},                \
        {"range_contains_elem", 0, 2, false, {R, S}, BO, fn_contains_elem, true, 'i'},      \
        {"range_contained_by", 0, 2, false, {R, R}, BO, fn_contained, true, 'i'},           \
        {"elem_contained_by_range", 0, 2, false, {S, R}, BO, fn_elem_contained, true, 'i'}, \
        {"range_overlaps", 0, 2, false, {R, R}, BO, fn_overlaps, true, 'i'},                \
        {"range_before", 0, 2, false, {R, R}, BO, fn_before, true, 'i'},                    \
        {"range_after", 0, 2, false, {R, R}, BO, fn_after, true, 'i'},                      \
        {"range_overleft", 0, 2, false, {R, R}, BO, fn_overleft, true, 'i'},                \
        {"range_overright", 0, 2, false, {R, R}, BO, fn_overright, true, 'i'},              \
        {"range_adjacent", 0, 2, false, {R, R}, BO, fn_adjacent, true, 'i'},                \
        {"range_union", 0, 2, false, {R, R}, R, fn_union, true, 'i'},                       \
        {"range_intersect", 0, 2, false, {R, R}, R, fn_intersect, true, 'i'},               \
    {                                                                                       \
        "range_minus", 0, 2, false, {R, R}, R, fn_minus, true, 'i'                          \
    }

const struct sql_func_def sql_range_funcs[] = {
    RANGE_ROWS(SQL_T_INT4RANGE, SQL_T_INT4, "int4range"),
    RANGE_ROWS(SQL_T_INT8RANGE, SQL_T_INT8, "int8range"),
    RANGE_ROWS(SQL_T_NUMRANGE, SQL_T_NUMERIC, "numrange"),
    RANGE_ROWS(SQL_T_DATERANGE, SQL_T_DATE, "daterange"),
    RANGE_ROWS(SQL_T_TSRANGE, SQL_T_TIMESTAMP, "tsrange"),
    RANGE_ROWS(SQL_T_TSTZRANGE, SQL_T_TIMESTAMPTZ, "tstzrange"),
};
const size_t sql_range_nfuncs = sizeof(sql_range_funcs) / sizeof(sql_range_funcs[0]);

/* ---- range_intersect_agg(anyrange) ---- */

struct isect_state {
    bool have;
    struct sql_value cur;
};

static void isect_init(void *state, struct mem_ctx *ctx)
{
    (void)ctx;
    memset(state, 0, sizeof(struct isect_state));
}

static int isect_step(void *state, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct isect_state *s = state;
    if (!s->have) {
        sql_value_copy(ctx, v, &s->cur);
        s->have = true;
        return 0;
    }
    struct sql_value a[2] = {s->cur, *v}, r;
    struct sql_fcall c = {.ctx = ctx};
    int rc = fn_intersect(&c, a, 2, &r, e);
    if (rc == 0)
        sql_value_copy(ctx, &r, &s->cur);
    return rc;
}

static int isect_final(void *state, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct isect_state *s = state;
    (void)e;
    if (!s->have) {
        out->null = true;
        return 0;
    }
    sql_value_copy(ctx, &s->cur, out);
    return 0;
}

#define ISECT(R)                                                                         \
    {                                                                                    \
        "range_intersect_agg", R, R, sizeof(struct isect_state), isect_init, isect_step, \
            isect_final, 0, false                                                        \
    }

const struct sql_agg_def sql__range_aggs[] = {
    ISECT(SQL_T_INT4RANGE), ISECT(SQL_T_INT8RANGE), ISECT(SQL_T_NUMRANGE),
    ISECT(SQL_T_DATERANGE), ISECT(SQL_T_TSRANGE),   ISECT(SQL_T_TSTZRANGE),
};
const size_t sql__range_naggs = sizeof(sql__range_aggs) / sizeof(sql__range_aggs[0]);

/* ---- pg_range ---- */

int sql__pgcat_range(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    static const struct {
        uint32_t typ, sub, multi, opc, canonical, subdiff;
    } rows_def[] = {
        {SQL_T_INT4RANGE, SQL_T_INT4, 4451, 1978, 3914, 3922},
        {SQL_T_NUMRANGE, SQL_T_NUMERIC, 4532, 3125, 0, 3924},
        {SQL_T_TSRANGE, SQL_T_TIMESTAMP, 4533, 3128, 0, 3929},
        {SQL_T_TSTZRANGE, SQL_T_TIMESTAMPTZ, 4534, 3127, 0, 3930},
        {SQL_T_DATERANGE, SQL_T_DATE, 4535, 3122, 3915, 3925},
        {SQL_T_INT8RANGE, SQL_T_INT8, 4536, 3124, 3928, 3923},
    };
    struct sql__vrows r;
    (void)env;
    (void)e;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_range")->desc, ctx);
    for (size_t i = 0; i < sizeof rows_def / sizeof rows_def[0]; i++) {
        sql__vr_row(&r);
        sql__vr_int(&r, "rngtypid", rows_def[i].typ);
        sql__vr_int(&r, "rngsubtype", rows_def[i].sub);
        sql__vr_int(&r, "rngmultitypid", rows_def[i].multi);
        sql__vr_int(&r, "rngcollation", 0);
        sql__vr_int(&r, "rngsubopc", rows_def[i].opc);
        sql__vr_int(&r, "rngcanonical", rows_def[i].canonical);
        sql__vr_int(&r, "rngsubdiff", rows_def[i].subdiff);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}
