/* bind_array.c — binding of array expressions (parse_expr.c's
 * transformArrayExpr and transformIndirection, the anyarray /
 * anycompatiblearray resolution of parse_coerce.c for the array operators
 * and functions, ScalarArrayOpExpr for op ANY/ALL (array)), and unnest /
 * generate_subscripts in FROM.
 *
 * Calls are ordinary BX_FUNC nodes whose definitions live here; their
 * arguments are coerced to the resolved array and element types, so the
 * implementations in func_array.c see values of one element type.
 */
#include "sql/array_int.h"
#include "sql/ctype.h"
#include "sql/regexp_int.h"
#include "sql/rowtype.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *tname(struct mem_ctx *ctx, uint32_t t)
{
    struct sbuf s;
    sbuf_init(&s);
    if (t == SQL_T_UNKNOWN)
        sbuf_puts(&s, "unknown");
    else
        sql_type_format(t, -1, &s);
    char *r = mem_strndup(ctx, s.data ? s.data : "", s.len);
    sbuf_free(&s);
    return r;
}

static struct bx *newbx(struct mem_ctx *ctx, enum bx_kind k, uint32_t type, int location)
{
    struct bx *x = mem_alloc0(ctx, sizeof *x);
    x->kind = k;
    x->type = type;
    x->typmod = -1;
    x->location = location;
    return x;
}

/* The record shape (typmod) all of xs have when it names a composite type
 * or a relation's row type (an array of it is a real type: pair[], t[]),
 * else -1: an anonymous record[]'s elements have no known fields. */
static int32_t common_shape(struct bx **xs, int n)
{
    int32_t tm = n > 0 ? xs[0]->typmod : -1;
    for (int i = 1; i < n && tm >= 0; i++)
        if (xs[i]->typmod != tm)
            tm = -1;
    return eng__named_shape(tm);
}

static struct bx *int_const(struct binder *b, int64_t v)
{
    struct sql_value c = sql_int4((int32_t)v);
    return eng__const(b->ctx, &c, -1);
}

/* ---- definitions ---- */

#define DEF(nm, fn_, strict_)                                          \
    static const struct sql_func_def def_##fn_ = {.name = nm,          \
                                                  .nargs = 0,          \
                                                  .variadic = true,    \
                                                  .args = {SQL_T_ANY}, \
                                                  .ret = SQL_T_ANY,    \
                                                  .fn = sql__fn_##fn_, \
                                                  .strict = strict_,   \
                                                  .volatility = 'i'}
DEF("array", array_ctor, false);
DEF("array_subscript", array_subscript, false);
DEF("array_slice", array_slice, false);
DEF("=", array_eq, true);
DEF("<>", array_ne, true);
DEF("<", array_lt, true);
DEF(">", array_gt, true);
DEF("<=", array_le, true);
DEF(">=", array_ge, true);
DEF("@>", array_contains, true);
DEF("<@", array_contained, true);
DEF("&&", array_overlap, true);
DEF("array_cat", array_cat, false);
DEF("array_append", array_append, false);
DEF("array_prepend", array_prepend, false);
DEF("array_length", array_length, true);
DEF("array_lower", array_lower, true);
DEF("array_upper", array_upper, true);
DEF("cardinality", cardinality, true);
DEF("array_ndims", array_ndims, true);
DEF("array_dims", array_dims, true);
DEF("array_position", array_position, false);
DEF("array_positions", array_positions, false);
DEF("array_remove", array_remove, false);
DEF("array_replace", array_replace, false);
DEF("array_to_string", array_to_string, false);
DEF("string_to_array", string_to_array, false);
#undef DEF

/* name[i]: byte i (0-based) of the name as "char"; NULL past its end, as
 * PostgreSQL's fixed 64-byte array reads a NUL ("char" '' prints empty). */
static int fn_name_subscript(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    int64_t i = a[1].u.i;
    if (i < 0 || i >= 64) {
        *out = sql_null(SQL_T_CHAR);
        return 0;
    }
    char *p = mem_alloc(c->ctx, 2);
    p[0] = (size_t)i < a[0].u.s.len ? a[0].u.s.p[i] : '\0';
    p[1] = '\0';
    *out = sql_text(p, p[0] != '\0' ? 1 : 0);
    out->type = SQL_T_CHAR;
    return 0;
}

static const struct sql_func_def def_name_subscript = {
    "name_subscript",  0,    2,  false, {SQL_T_NAME, SQL_T_INT4}, SQL_T_CHAR,
    fn_name_subscript, true, 'i'};

static int call(struct binder *b, const struct sql_func_def *d, struct bx **args, int n,
                const uint32_t *argtypes, uint32_t ret, const char *name, bool op, int location,
                struct bx **out, struct err *e)
{
    struct sql_func_match m;
    memset(&m, 0, sizeof m);
    m.def = d;
    m.nargs = n;
    int cap = (int)(sizeof m.argtypes / sizeof m.argtypes[0]);
    for (int i = 0; i < n && i < cap; i++)
        m.argtypes[i] = argtypes ? argtypes[i] : 0;
    m.ret = ret;
    m.ret_typmod = -1;
    return eng__finish_call(b, &m, args, n, name, op, location, out, e);
}

/* ---- ARRAY[...] ---- */

static int empty_array_const(struct binder *b, uint32_t type, struct bx **out)
{
    struct sql_array *a = sql_array_new(b->ctx, sql_array_elemtype(type), 0);
    struct sql_value v = sql_array_value(a);
    v.type = type;
    *out = eng__const(b->ctx, &v, -1);
    return 0;
}

int eng__bind_array_ctor(struct binder *b, struct scope *s, const struct sql_expr *x, uint32_t want,
                         struct bx **out, struct err *e)
{
    int n = x->u.args.n;
    if (want != 0 && sql_array_elemtype(want) == 0)
        want = 0;
    if (n == 0) {
        if (want != 0)
            return empty_array_const(b, want, out);
        return eng__err(e, x->location, ERR_INVAL, "42P18",
                        "cannot determine type of empty array" SQL_FUNC_HINT_SEP
                        "Explicitly cast to the desired type, for example ARRAY[]::integer[].");
    }
    struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)n);
    for (int i = 0; i < n; i++) {
        const struct sql_expr *el = x->u.args.items[i];
        int rc = el->kind == SQL_EXPR_ARRAY ? eng__bind_array_ctor(b, s, el, want, &xs[i], e)
                                            : eng__bind_expr(b, s, el, &xs[i], e);
        if (rc != 0)
            return rc;
        if (xs[i]->kind == BX_ERROR) {
            *out = xs[i];
            return 0;
        }
    }
    uint32_t t;
    int rc = eng__common_type(xs, n, "ARRAY", &t, e);
    if (rc != 0)
        return rc;
    if (want != 0 && sql_array_elemtype(t) == 0 && t != sql_array_elemtype(want) &&
        sql_cast_context(t, sql_array_elemtype(want)) != SQL_CAST_NONE)
        t = sql_array_elemtype(want);
    bool multi = sql_array_elemtype(t) != 0;
    uint32_t at = multi ? t : sql_array_of(t);
    if (at == 0)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "arrays of type %s are not supported", tname(b->ctx, t));
    for (int i = 0; i < n; i++) {
        if (xs[i]->type != t && xs[i]->type != SQL_T_UNKNOWN &&
            sql_cast_context(xs[i]->type, t) != SQL_CAST_IMPLICIT &&
            !(want != 0 && sql_cast_context(xs[i]->type, t) != SQL_CAST_NONE))
            return eng__err(e, xs[i]->location, ERR_INVAL, "42846",
                            "ARRAY could not convert type %s to %s", tname(b->ctx, xs[i]->type),
                            tname(b->ctx, t));
        rc = eng__coerce(b, xs[i], t, -1, want != 0 ? COERCE_EXPLICIT : COERCE_IMPLICIT, &xs[i], e);
        if (rc != 0)
            return rc;
    }
    int cap = SQL_FUNC_MAX_ARGS * 4;
    if (n > cap) {
        /* only constants: build the value here (a call takes at most cap arguments) */
        for (int i = 0; i < n; i++)
            if (xs[i]->kind != BX_CONST)
                return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                                "ARRAY[] with more than %d non-constant elements is not supported",
                                cap);
        if (multi) {
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "multidimensional ARRAY[] with more than %d elements is not supported",
                            cap);
        }
        struct sql_array *a = sql_array_new(b->ctx, t, n);
        for (int i = 0; i < n; i++) {
            a->items[i] = xs[i]->u.c;
            a->items[i].type = t;
        }
        struct sql_value v = sql_array_value(a);
        v.type = at;
        *out = eng__const(b->ctx, &v, -1);
        (*out)->location = x->location;
        if (t == SQL_T_RECORD)
            (*out)->typmod = common_shape(xs, n);
        return 0;
    }
    uint32_t *ats = mem_alloc(b->ctx, sizeof *ats * (size_t)n);
    for (int i = 0; i < n; i++)
        ats[i] = t;
    rc = call(b, &def_array_ctor, xs, n, ats, at, "ARRAY", false, x->location, out, e);
    if (rc == 0 && t == SQL_T_RECORD) /* elements of one record shape: record[]'s typmod */
        (*out)->typmod = common_shape(xs, n);
    return rc;
}

int32_t eng__named_shape(int32_t typmod)
{
    if (typmod < 0 || (sql__ctype_of_shape(typmod) == NULL && sql__rowtype_of_shape(typmod) == 0))
        return -1;
    return typmod;
}

/* ---- subscripts ---- */

static int subscript_arg(struct binder *b, struct scope *s, const struct sql_expr *x,
                         struct bx **out, struct err *e)
{
    int rc = eng__bind_expr(b, s, x, out, e);
    if (rc != 0)
        return rc;
    if ((*out)->type != SQL_T_INT4 && (*out)->type != SQL_T_UNKNOWN &&
        sql_cast_context((*out)->type, SQL_T_INT4) != SQL_CAST_IMPLICIT &&
        sql_cast_context((*out)->type, SQL_T_INT4) != SQL_CAST_ASSIGNMENT)
        return eng__err(e, x->location, ERR_INVAL, "42804",
                        "array subscript must have type integer");
    return eng__coerce(b, *out, SQL_T_INT4, -1, COERCE_ASSIGNMENT, out, e);
}

int eng__bind_indirection(struct binder *b, struct scope *s, const struct sql_expr *x,
                          struct bx **out, struct err *e)
{
    struct bx *arg;
    int rc = eng__bind_expr(b, s, x->u.indir.arg, &arg, e);
    if (rc != 0)
        return rc;
    const struct sql_list *path = &x->u.indir.path;
    int i = 0;
    while (i < path->n) {
        const struct sql_indir *d = path->items[i];
        if (d->kind == SQL_INDIR_FIELD) { /* (record).field (bind_srf.c) */
            if ((rc = eng__bind_fieldsel(b, arg, d->field, x->location, &arg, e)) != 0)
                return rc;
            i++;
            continue;
        }
        if (d->kind == SQL_INDIR_STAR)
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "field selection is not supported");
        if (arg->kind == BX_ERROR) {
            *out = arg;
            return 0;
        }
        if (arg->type == SQL_T_JSONB) { /* bind_jsonb.c */
            int j = i;
            while (j < path->n &&
                   ((const struct sql_indir *)path->items[j])->kind != SQL_INDIR_FIELD &&
                   ((const struct sql_indir *)path->items[j])->kind != SQL_INDIR_STAR)
                j++;
            if ((rc = eng__bind_jsonb_subscript(b, s, arg, path, i, j, x->location, &arg, e)) != 0)
                return rc;
            i = j;
            continue;
        }
        uint32_t et = sql_array_elemtype(arg->type);
        if (et == 0 && (arg->type == SQL_T_TEXT || arg->type == SQL_T_INT2VECTOR ||
                        arg->type == SQL_T_OIDVECTOR)) {
            /* catalog columns that hold an array's text form (int2vector,
             * oid[] ... in pg_catalog): their integers as an array (bind_srf.c),
             * 0A000 when the text does not hold integers */
            bool vec =
                arg->type != SQL_T_TEXT || (arg->kind == BX_COL && arg->u.col.name != NULL &&
                                            (strstr(arg->u.col.name, "indkey") != NULL ||
                                             strstr(arg->u.col.name, "indoption") != NULL ||
                                             strstr(arg->u.col.name, "indclass") != NULL ||
                                             strstr(arg->u.col.name, "indcollation") != NULL));
            if (!vec) {
                struct bx *p = newbx(b->ctx, BX_ERROR, SQL_T_UNKNOWN, x->location);
                p->u.errmsg = "subscripts of this catalog column are not supported";
                *out = p;
                return 0;
            }
            arg = eng__vector_array(b, arg, x->location);
            et = sql_array_elemtype(arg->type);
        }
        if (et == 0 && arg->type == SQL_T_NAME && i + 1 == path->n &&
            d->kind == SQL_INDIR_SUBSCRIPT) {
            /* name is a fixed array of char in PostgreSQL: name[0] is its
             * first byte as "char" (pg_dump's typname[0] = '_') */
            struct bx **args = mem_alloc(b->ctx, sizeof *args * 2);
            args[0] = arg;
            if ((rc = subscript_arg(b, s, d->uidx, &args[1], e)) != 0)
                return rc;
            return call(b, &def_name_subscript, args, 2, NULL, SQL_T_CHAR, "name_subscript", false,
                        x->location, out, e);
        }
        if (et == 0)
            return eng__err(e, x->u.indir.arg->location, ERR_INVAL, "42804",
                            "cannot subscript type %s because it does not support subscripting",
                            tname(b->ctx, arg->type));
        /* the run of subscripts up to the next field selection */
        int j = i;
        bool slice = false;
        while (j < path->n && ((const struct sql_indir *)path->items[j])->kind != SQL_INDIR_FIELD &&
               ((const struct sql_indir *)path->items[j])->kind != SQL_INDIR_STAR) {
            slice = slice || ((const struct sql_indir *)path->items[j])->kind == SQL_INDIR_SLICE;
            j++;
        }
        int nsub = j - i;
        if (nsub > SQL_ARRAY_MAXDIM)
            return eng__err(e, x->location, ERR_INVAL, "54000",
                            "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                            nsub, SQL_ARRAY_MAXDIM);
        /* a record[]'s typmod is its elements' record shape (ARRAY[], array_agg) */
        int32_t shape = et == SQL_T_RECORD ? arg->typmod : -1;
        if (!slice) {
            struct bx **args = mem_alloc(b->ctx, sizeof *args * (size_t)(nsub + 1));
            args[0] = arg;
            for (int k = 0; k < nsub; k++)
                if ((rc = subscript_arg(b, s, ((const struct sql_indir *)path->items[i + k])->uidx,
                                        &args[k + 1], e)) != 0)
                    return rc;
            rc = call(b, &def_array_subscript, args, nsub + 1, NULL, et, "array_subscript", false,
                      x->location, &arg, e);
        } else {
            struct bx **args = mem_alloc(b->ctx, sizeof *args * (size_t)(2 * nsub + 2));
            int64_t mask = 0;
            args[1] = arg;
            for (int k = 0; k < nsub; k++) {
                const struct sql_indir *d2 = path->items[i + k];
                struct bx *lo = NULL, *hi = NULL;
                if (d2->kind == SQL_INDIR_SUBSCRIPT) {
                    lo = int_const(b, 1);
                    if ((rc = subscript_arg(b, s, d2->uidx, &hi, e)) != 0)
                        return rc;
                } else {
                    if (d2->lidx != NULL && (rc = subscript_arg(b, s, d2->lidx, &lo, e)) != 0)
                        return rc;
                    if (d2->uidx != NULL && (rc = subscript_arg(b, s, d2->uidx, &hi, e)) != 0)
                        return rc;
                }
                if (lo != NULL)
                    mask |= INT64_C(1) << (2 * k);
                if (hi != NULL)
                    mask |= INT64_C(1) << (2 * k + 1);
                args[2 + 2 * k] = lo ? lo : int_const(b, 0);
                args[3 + 2 * k] = hi ? hi : int_const(b, 0);
            }
            args[0] = int_const(b, mask);
            rc = call(b, &def_array_slice, args, 2 * nsub + 2, NULL, arg->type, "array_slice",
                      false, x->location, &arg, e);
        }
        if (rc != 0)
            return rc;
        arg->typmod = shape;
        i = j;
    }
    *out = arg;
    return 0;
}

/* ---- element type resolution (anycompatible) ---- */

/* Merge candidate type c into *t: the one both reach implicitly. */
static bool merge(uint32_t *t, uint32_t c)
{
    if (c == 0 || c == SQL_T_UNKNOWN)
        return true;
    if (*t == 0 || *t == c) {
        *t = c;
        return true;
    }
    if (sql_cast_context(c, *t) == SQL_CAST_IMPLICIT)
        return true;
    if (sql_cast_context(*t, c) == SQL_CAST_IMPLICIT) {
        *t = c;
        return true;
    }
    return false;
}

static int no_function(struct binder *b, const char *name, struct bx **args, int n, int location,
                       bool op, struct err *e)
{
    struct sbuf s;
    sbuf_init(&s);
    for (int i = 0; i < n; i++) {
        if (i > 0 && !op)
            sbuf_puts(&s, ", ");
        if (op && i > 0)
            sbuf_printf(&s, " %s ", name);
        sbuf_puts(&s, tname(b->ctx, args[i]->type));
    }
    int rc;
    if (op)
        rc =
            eng__err(e, location, ERR_NOTFOUND, "42883",
                     "operator does not exist: %s" SQL_FUNC_HINT_SEP
                     "No operator matches the given name and argument types. You might need to add "
                     "explicit type casts.",
                     s.data ? s.data : "");
    else
        rc =
            eng__err(e, location, ERR_NOTFOUND, "42883",
                     "function %s(%s) does not exist" SQL_FUNC_HINT_SEP
                     "No function matches the given name and argument types. You might need to add "
                     "explicit type casts.",
                     name, s.data ? s.data : "");
    sbuf_free(&s);
    return rc;
}

/* Resolve a signature: sig[i] 'A' anycompatiblearray, 'E' anycompatible,
 * 'i' integer, 't' text, 'b' boolean; ret likewise ('I' int4[], 'T' text[]).
 * Returns 1 when the arguments do not fit. */
static int resolve_sig(struct binder *b, const char *sig, char ret, struct bx **args, int n,
                       uint32_t *argtypes, uint32_t *rtype, struct err *e)
{
    uint32_t t = 0;
    bool any_poly = false;
    (void)e;
    for (int i = 0; i < n; i++) {
        uint32_t at = args[i]->type;
        if (sig[i] == 'A') {
            any_poly = true;
            if (at == SQL_T_UNKNOWN)
                continue;
            uint32_t el = sql_array_elemtype(at);
            if (el == 0 || !merge(&t, el))
                return 1;
        } else if (sig[i] == 'E') {
            any_poly = true;
            if (sql_array_elemtype(at) != 0 && strchr(sig, 'A') != NULL)
                return 1;
            if (!merge(&t, at))
                return 1;
        }
    }
    if (any_poly && t == 0)
        return 2;
    for (int i = 0; i < n; i++) {
        uint32_t want;
        switch (sig[i]) {
        case 'A':
            want = sql_array_of(t);
            break;
        case 'E':
            want = t;
            break;
        case 'i':
            want = SQL_T_INT4;
            break;
        case 'b':
            want = SQL_T_BOOL;
            break;
        default:
            want = SQL_T_TEXT;
            break;
        }
        if (want == 0)
            return 1;
        uint32_t at = args[i]->type;
        if (at != want && at != SQL_T_UNKNOWN && sql_cast_context(at, want) != SQL_CAST_IMPLICIT)
            return 1;
        argtypes[i] = want;
    }
    switch (ret) {
    case 'A':
        *rtype = sql_array_of(t);
        break;
    case 'E':
        *rtype = t;
        break;
    case 'i':
        *rtype = SQL_T_INT4;
        break;
    case 'b':
        *rtype = SQL_T_BOOL;
        break;
    case 'I':
        *rtype = sql_array_of(SQL_T_INT4);
        break;
    case 'T':
        *rtype = sql_array_of(SQL_T_TEXT);
        break;
    default:
        *rtype = SQL_T_TEXT;
        break;
    }
    (void)b;
    return 0;
}

static int poly_unknown(struct err *e, int location)
{
    (void)location; /* PostgreSQL reports no position */
    return eng__err(e, -1, ERR_INVAL, "42804",
                    "could not determine polymorphic type because input has type unknown");
}

/* ---- operators ---- */

static bool is_arr(const struct bx *x)
{
    return sql_array_elemtype(x->type) != 0;
}

int eng__array_op(struct binder *b, const char *op, struct bx *l, struct bx *r, int location,
                  struct bx **out, struct err *e)
{
    if (l == NULL || (!is_arr(l) && !is_arr(r)))
        return 1;
    static const struct {
        const char *op;
        const struct sql_func_def *def;
    } cmps[] = {
        {"=", &def_array_eq},       {"<>", &def_array_ne},       {"!=", &def_array_ne},
        {"<", &def_array_lt},       {">", &def_array_gt},        {"<=", &def_array_le},
        {">=", &def_array_ge},      {"@>", &def_array_contains}, {"<@", &def_array_contained},
        {"&&", &def_array_overlap},
    };
    struct bx **args = mem_alloc(b->ctx, sizeof *args * 2);
    args[0] = l;
    args[1] = r;
    uint32_t ats[2];
    for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
        if (strcmp(op, cmps[i].op) != 0)
            continue;
        uint32_t t = is_arr(l) ? l->type : r->type;
        bool strict_same = i < 7;
        if (!strict_same && is_arr(l) && is_arr(r) && l->type != r->type) {
            /* containment takes anyarray: both the same type */
            return no_function(b, op, args, 2, location, true, e);
        }
        if ((l->type != t && l->type != SQL_T_UNKNOWN) ||
            (r->type != t && r->type != SQL_T_UNKNOWN))
            return no_function(b, op, args, 2, location, true, e);
        ats[0] = ats[1] = t;
        return call(b, cmps[i].def, args, 2, ats, SQL_T_BOOL, strcmp(op, "!=") == 0 ? "<>" : op,
                    true, location, out, e);
    }
    if (strcmp(op, "||") != 0)
        return 1;
    const struct sql_func_def *d;
    const char *sig;
    if (is_arr(l) && (is_arr(r) || r->type == SQL_T_UNKNOWN)) {
        d = &def_array_cat;
        sig = "AA";
    } else if (is_arr(r) && l->type == SQL_T_UNKNOWN) {
        d = &def_array_cat;
        sig = "AA";
    } else if (is_arr(l)) {
        d = &def_array_append;
        sig = "AE";
    } else {
        d = &def_array_prepend;
        sig = "EA";
    }
    uint32_t rt;
    int rc = resolve_sig(b, sig, 'A', args, 2, ats, &rt, e);
    if (rc != 0)
        return no_function(b, op, args, 2, location, true, e);
    return call(b, d, args, 2, ats, rt, op, true, location, out, e);
}

/* ---- functions ---- */

static const struct {
    const char *name;
    const struct sql_func_def *def;
    const char *sig;
    char ret;
} funcs[] = {
    {"array_append", &def_array_append, "AE", 'A'},
    {"array_cat", &def_array_cat, "AA", 'A'},
    {"array_dims", &def_array_dims, "A", 't'},
    {"array_length", &def_array_length, "Ai", 'i'},
    {"array_lower", &def_array_lower, "Ai", 'i'},
    {"array_ndims", &def_array_ndims, "A", 'i'},
    {"array_position", &def_array_position, "AE", 'i'},
    {"array_position", &def_array_position, "AEi", 'i'},
    {"array_positions", &def_array_positions, "AE", 'I'},
    {"array_prepend", &def_array_prepend, "EA", 'A'},
    {"array_remove", &def_array_remove, "AE", 'A'},
    {"array_replace", &def_array_replace, "AEE", 'A'},
    {"array_to_string", &def_array_to_string, "At", 't'},
    {"array_to_string", &def_array_to_string, "Att", 't'},
    {"array_upper", &def_array_upper, "Ai", 'i'},
    {"cardinality", &def_cardinality, "A", 'i'},
    {"string_to_array", &def_string_to_array, "tt", 'T'},
    {"string_to_array", &def_string_to_array, "ttt", 'T'},
};

/* int2vector / oidvector arguments as the int2[] / oid[] they are in
 * PostgreSQL (binary-coercible: pg_cast 22 -> 1005, 30 -> 1028), with their
 * lower bound 0. */
static void vectors_as_arrays(struct binder *b, struct bx **args, int n, int location)
{
    for (int i = 0; i < n; i++)
        if (args[i]->type == SQL_T_INT2VECTOR || args[i]->type == SQL_T_OIDVECTOR)
            args[i] = eng__vector_array(b, args[i], location);
}

int eng__array_func(struct binder *b, const char *name, struct bx **args, int n, int location,
                    struct bx **out, struct err *e)
{
    bool known = false;
    bool unknown_only = false;
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        if (strcmp(funcs[i].name, name) != 0)
            continue;
        if (!known) /* only an array function's arguments */
            vectors_as_arrays(b, args, n, location);
        known = true;
        if ((int)strlen(funcs[i].sig) != n)
            continue;
        /* array_to_string(text, text): the catalog's text-form arrays */
        if (strcmp(name, "array_to_string") == 0 && n == 2 && !is_arr(args[0]))
            return 1;
        uint32_t ats[4], rt;
        int rc = resolve_sig(b, funcs[i].sig, funcs[i].ret, args, n, ats, &rt, e);
        if (rc == 2) {
            unknown_only = true;
            continue;
        }
        if (rc != 0)
            continue;
        return call(b, funcs[i].def, args, n, ats, rt, name, false, location, out, e);
    }
    if (!known) {
        if (strcmp(name, "unnest") == 0 || strcmp(name, "generate_subscripts") == 0 ||
            sql__is_rows_srf(name))
            return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                            "set-returning function %s() is only supported in FROM or alone in the "
                            "select list",
                            name);
        return 1;
    }
    if (unknown_only)
        return poly_unknown(e, location);
    return no_function(b, name, args, n, location, false, e);
}

/* ---- op ANY/ALL (array) ---- */

int eng__bind_array_anyall(struct binder *b, const char *op, struct bx *l, struct bx *r, bool all,
                           int location, struct bx **out, struct err *e)
{
    int rc;
    vectors_as_arrays(b, &r, 1, location);
    if (!is_arr(r) && r->type != SQL_T_UNKNOWN)
        return 1;
    if (r->type == SQL_T_UNKNOWN) {
        if ((rc = eng__resolve_unknown(b, l, &l, e)) != 0)
            return rc;
        uint32_t at = sql_array_of(l->type);
        if (at == 0)
            return 1;
        if ((rc = eng__coerce(b, r, at, -1, COERCE_IMPLICIT, &r, e)) != 0)
            return rc;
    }
    uint32_t et = sql_array_elemtype(r->type);
    if (l->type == SQL_T_UNKNOWN && (rc = eng__coerce(b, l, et, -1, COERCE_IMPLICIT, &l, e)) != 0)
        return rc;
    struct bx *sv = newbx(b->ctx, BX_SUBVAL, et, location);
    struct bx *cmp;
    if ((rc = eng__make_op(b, op, l, sv, location, &cmp, e)) != 0)
        return rc;
    if (cmp->type != SQL_T_BOOL)
        return eng__err(e, location, ERR_INVAL, "42809",
                        "op ANY/ALL (array) requires operator to yield boolean");
    struct bx *res = newbx(b->ctx, BX_ARRAYCMP, SQL_T_BOOL, location);
    res->u.arr.arr = r;
    res->u.arr.cmp = cmp;
    res->u.arr.all = all;
    res->u.arr.elemtype = et;
    *out = res;
    return 0;
}

/* ---- unnest / generate_subscripts in FROM ---- */

bool eng__is_array_srf(const char *name)
{
    return strcmp(name, "unnest") == 0 || strcmp(name, "generate_subscripts") == 0 ||
           sql__is_rows_srf(name);
}

/* regexp_matches / regexp_split_to_table(text, text [, text]): one call
 * (func_regexp.c) whose array result holds the rows; srf 3 unnests it. */
static int bind_regexp_srf(struct binder *b, const struct sql_expr *call_, struct bx **args, int n,
                           struct pnode *p, uint32_t *coltypes, struct err *e)
{
    const char *name = call_->u.func.name.name;
    uint32_t rowtype = 0;
    const struct sql_func_def *def = sql__rows_srf_def(name, n, &rowtype);
    if (def == NULL)
        return no_function(b, name, args, n, call_->location, false, e);
    for (int i = 0; i < n; i++) {
        if (args[i]->type != SQL_T_UNKNOWN &&
            sql_cast_context(args[i]->type, SQL_T_TEXT) != SQL_CAST_IMPLICIT)
            return no_function(b, name, args, n, call_->location, false, e);
    }
    for (int i = 0; i < n; i++) {
        int rc = eng__coerce(b, args[i], SQL_T_TEXT, -1, COERCE_IMPLICIT, &args[i], e);
        if (rc != 0)
            return rc;
    }
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = def;
    m->nargs = n;
    for (int i = 0; i < n; i++)
        m->argtypes[i] = SQL_T_TEXT;
    m->ret = def->ret;
    m->ret_typmod = -1;
    struct bx *x = newbx(b->ctx, BX_FUNC, def->ret, call_->location);
    x->u.fn.m = m;
    x->u.fn.args = args;
    x->u.fn.nargs = n;
    x->u.fn.name = name;
    x->u.fn.cache_slot = b->nfcache++;
    struct bx **sargs = mem_alloc(b->ctx, sizeof *sargs);
    sargs[0] = x;
    p->u.series.srf = 3;
    p->u.series.fname = name;
    p->u.series.sargs = sargs;
    p->u.series.nsargs = 1;
    coltypes[0] = rowtype;
    return 0;
}

int eng__bind_array_srf(struct binder *b, struct scope *tmp, const struct sql_expr *call_,
                        bool ordinality, struct pnode *p, uint32_t *coltypes, int *ncols,
                        struct err *e)
{
    const char *name = call_->u.func.name.name;
    int n = call_->u.func.args.n;
    bool unnest = strcmp(name, "unnest") == 0;
    bool rows_srf = sql__is_rows_srf(name); /* string_to_table...: their own arity */
    if ((n < 1 && !rows_srf) || n > SQL_FUNC_MAX_ARGS || (!unnest && !rows_srf && n != 2 && n != 3))
        goto nofunc;
    struct bx **args = mem_alloc(b->ctx, sizeof *args * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        int rc = eng__bind_expr(b, tmp, call_->u.func.args.items[i], &args[i], e);
        if (rc != 0)
            return rc;
    }
    if (!rows_srf)
        vectors_as_arrays(b, args, n, call_->location);
    if (sql__is_rows_srf(name)) {
        int rc = bind_regexp_srf(b, call_, args, n, p, coltypes, e);
        if (rc != 0)
            return rc;
        *ncols = 1;
        if (ordinality)
            coltypes[(*ncols)++] = SQL_T_INT8;
        p->u.series.ordinality = ordinality;
        p->u.series.ncols = *ncols;
        p->u.series.type = coltypes[0];
        return 0;
    }
    if (unnest) {
        for (int i = 0; i < n; i++) {
            if (args[i]->type == SQL_T_UNKNOWN) {
                if (n == 1)
                    return eng__err(e, call_->location, ERR_INVAL, "42725",
                                    "function unnest(unknown) is not unique" SQL_FUNC_HINT_SEP
                                    "Could not choose a best candidate function. You might need to "
                                    "add explicit type casts.");
                return poly_unknown(e, call_->location);
            }
            if (!is_arr(args[i]))
                return no_function(b, name, args, n, call_->location, false, e);
            coltypes[i] = sql_array_elemtype(args[i]->type);
        }
        *ncols = n;
        p->u.series.srf = 1;
    } else {
        if (args[0]->type == SQL_T_UNKNOWN)
            return poly_unknown(e, call_->location);
        if (!is_arr(args[0]))
            return no_function(b, name, args, n, call_->location, false, e);
        int rc = eng__coerce(b, args[1], SQL_T_INT4, -1, COERCE_IMPLICIT, &args[1], e);
        if (rc == 0 && n == 3)
            rc = eng__coerce(b, args[2], SQL_T_BOOL, -1, COERCE_IMPLICIT, &args[2], e);
        if (rc != 0)
            return rc;
        coltypes[0] = SQL_T_INT4;
        *ncols = 1;
        p->u.series.srf = 2;
    }
    if (ordinality)
        coltypes[(*ncols)++] = SQL_T_INT8;
    p->u.series.ordinality = ordinality;
    p->u.series.sargs = args;
    p->u.series.nsargs = n;
    p->u.series.ncols = *ncols;
    p->u.series.type = coltypes[0];
    return 0;
nofunc:
    return eng__err(e, call_->location, ERR_NOTFOUND, "42883",
                    "function %s with %d arguments does not exist", name, n);
}

int eng__array_srf_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int ncols = p->u.series.ncols;
    if (!x->started) {
        x->started = true;
        x->u.mat.n = 0;
        x->u.mat.i = 0;
        struct ectx c = {
            .rt = x->rt, .row = x->param, .outer = x->rt->outer, .mem = x->rowctx, .subval = NULL};
        int n = p->u.series.nsargs;
        struct sql_value a[SQL_FUNC_MAX_ARGS];
        for (int i = 0; i < n; i++) {
            int rc = eng__eval(&c, p->u.series.sargs[i], &a[i], e);
            if (rc != 0)
                return rc;
        }
        size_t nrows = 0;
        if (p->u.series.srf == 1 || p->u.series.srf >= 3) {
            for (int i = 0; i < n; i++)
                if (!a[i].null && (size_t)a[i].u.arr->nitems > nrows)
                    nrows = (size_t)a[i].u.arr->nitems;
        } else if (!a[0].null && !a[1].null) {
            const struct sql_array *arr = a[0].u.arr;
            int64_t d = a[1].u.i;
            if (arr->nitems > 0 && d >= 1 && d <= arr->ndim)
                nrows = (size_t)arr->dims[d - 1];
        }
        x->u.mat.rows = mem_alloc(x->rowctx, sizeof(struct sql_value *) * (nrows ? nrows : 1));
        for (size_t r = 0; r < nrows; r++) {
            struct sql_value *v = mem_alloc(x->rowctx, sizeof *v * (size_t)ncols);
            if (p->u.series.srf == 6) { /* a row's fields (a user function's, sqlfn.h) */
                const struct sql_value *rv = &a[0].u.arr->items[r];
                int nf = ncols - (p->u.series.ordinality ? 1 : 0);
                for (int i = 0; i < nf; i++)
                    v[i] = !rv->null && rv->u.arr != NULL && i < rv->u.arr->nitems
                               ? rv->u.arr->items[i]
                               : sql_null(SQL_T_TEXT);
            } else if (p->u.series.srf == 3) {
                v[0] = a[0].u.arr->items[r];
            } else if (p->u.series.srf == 1) {
                for (int i = 0; i < n; i++) {
                    const struct sql_array *arr = a[i].null ? NULL : a[i].u.arr;
                    uint32_t et = sql_array_elemtype(p->u.series.sargs[i]->type);
                    v[i] = arr != NULL && r < (size_t)arr->nitems ? arr->items[r] : sql_null(et);
                    v[i].type = et;
                }
            } else {
                const struct sql_array *arr = a[0].u.arr;
                int d = (int)a[1].u.i - 1;
                bool rev = p->u.series.nsargs == 3 && !a[2].null && a[2].u.b;
                int64_t k = rev ? (int64_t)(nrows - 1 - r) : (int64_t)r;
                v[0] = sql_int4((int32_t)(arr->lbs[d] + k));
            }
            if (p->u.series.ordinality)
                v[ncols - 1] = sql_int8((int64_t)r + 1);
            x->u.mat.rows[r] = v;
        }
        x->u.mat.n = nrows;
    }
    if (x->u.mat.i >= x->u.mat.n) {
        *has = false;
        return 0;
    }
    const struct sql_value *v = x->u.mat.rows[x->u.mat.i++];
    for (int i = 0; i < ncols; i++)
        x->row[p->u.series.off + i] = v[i];
    *row = x->row;
    *has = true;
    return 0;
}
