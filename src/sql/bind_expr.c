/* bind_expr.c — expressions from AST to bound form (struct bx): column
 * references resolved through the scope chain, literals and parameters
 * typed by PostgreSQL's coercion rules (parse_coerce.c), overloads chosen
 * through func.h, immutable calls folded.
 *
 * Unknown-typed literals keep type unknown until their context decides
 * (the other operand of an operator, the target column, a function's
 * argument); they are then converted with the type's input function at bind
 * time, as PostgreSQL does. $n parameters without a declared type take the
 * type their first context asks for; nothing left says text.
 */
#include "sql/array_int.h"
#include "sql/domain.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/engine_int.h"
#include "sql/plpgsql_int.h"
#include "sql/enum.h"

#include "sql/parse.h"
#include "sql/regns.h"
#include "sql/regtype.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static _Thread_local int g_err_location = -1;

void eng__set_error_location(int location)
{
    g_err_location = location;
}

int sql_plan_error_location(const struct sql_env *env)
{
    (void)env;
    return g_err_location >= 0 ? g_err_location + 1 : 0;
}

int eng__err(struct err *e, int location, int code, const char *state, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, fmt, ap);
    va_end(ap);
    if (e != NULL)
        snprintf(e->sqlstate, sizeof e->sqlstate, "%s", state);
    if (location >= 0)
        g_err_location = location;
    return code;
}

static const char *tname(uint32_t oid, char *buf, size_t cap)
{
    struct sbuf s;
    sbuf_init(&s);
    sql_type_format(oid, -1, &s);
    snprintf(buf, cap, "%s", s.len ? s.data : "unknown");
    sbuf_free(&s);
    return buf;
}

/* A base type PostgreSQL gives no collation (COLLATE on it is 42804);
 * the common ones only: anything else is let through. */
static bool not_collatable(uint32_t t)
{
    switch (t) {
    case SQL_T_BOOL:
    case SQL_T_BYTEA:
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_NUMERIC:
    case SQL_T_OID:
    case SQL_T_DATE:
    case SQL_T_TIME:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_INTERVAL:
    case SQL_T_UUID:
    case SQL_T_JSON:
    case SQL_T_JSONB:
        return true;
    default:
        return false;
    }
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

/* A construct this build cannot evaluate (arrays, rows, subscripts). Binding
 * goes on so catalog queries that only mention it in a branch that never
 * runs still work; evaluating it fails with 0A000. */
static struct bx *poison(struct binder *b, const char *msg, int location)
{
    struct bx *x = newbx(b->ctx, BX_ERROR, SQL_T_UNKNOWN, location);
    x->u.errmsg = msg;
    return x;
}

static struct bx *find_poison(struct bx **args, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i] != NULL && args[i]->kind == BX_ERROR)
            return args[i];
    return NULL;
}

struct bx *eng__const(struct mem_ctx *ctx, const struct sql_value *v, int32_t typmod)
{
    struct bx *x = newbx(ctx, BX_CONST, v->type, -1);
    sql_value_copy(ctx, v, &x->u.c);
    x->typmod = typmod;
    return x;
}

bool eng__bx_is_const(const struct bx *x)
{
    return x->kind == BX_CONST;
}

/* ---- folding ---- */

static int fold(struct binder *b, struct bx *x, struct bx **out, struct err *e)
{
    struct xrt rt;
    memset(&rt, 0, sizeof rt);
    rt.env = b->env;
    rt.ctx = b->ctx;
    struct ectx ec = {.rt = &rt, .mem = b->ctx};
    struct sql_value v;
    int rc = eng__eval(&ec, x, &v, e);
    if (rc != 0) {
        if (e != NULL && strcmp(e->sqlstate, "0A000") == 0)
            return rc;
        if (b->nofold_errors > 0) {
            err_clear(e);
            *out = x;
            return 0;
        }
        g_err_location = -1; /* like PostgreSQL's constant folding: no error position */
        return rc;
    }
    struct bx *c = eng__const(b->ctx, &v, x->typmod);
    c->type = x->type;
    c->u.c.type = x->type;
    c->location = x->location;
    *out = c;
    return 0;
}

static bool foldable_cast(uint32_t from, uint32_t to)
{
    const struct sql_type_info *a = sql_type_get(from), *t = sql_type_get(to);
    if (a == NULL || t == NULL)
        return false;
    bool fa =
        a->category == SQL_TC_NUMERIC || a->category == SQL_TC_BOOL || a->category == SQL_TC_STRING;
    bool ft =
        t->category == SQL_TC_NUMERIC || t->category == SQL_TC_BOOL || t->category == SQL_TC_STRING;
    if (from == SQL_T_REGCLASS || to == SQL_T_REGCLASS || from == SQL_T_REGTYPE ||
        to == SQL_T_REGTYPE || sql__regns_type(from) || sql__regns_type(to))
        return false;
    return fa && ft;
}

/* ---- coercion ---- */

static bool cast_allowed(uint32_t from, uint32_t to, enum coerce_ctx cc)
{
    if (from == to || to == SQL_T_ANY || from == SQL_T_UNKNOWN)
        return true;
    enum sql_cast_ctx k = sql_cast_context(from, to);
    switch (cc) {
    case COERCE_IMPLICIT:
        return k == SQL_CAST_IMPLICIT;
    case COERCE_ASSIGNMENT:
        return k == SQL_CAST_IMPLICIT || k == SQL_CAST_ASSIGNMENT;
    case COERCE_EXPLICIT:
        return k != SQL_CAST_NONE;
    }
    return false;
}

/* Resolve 'name' / 'schema.name' to a relation oid (regclass input,
 * regns.c); errors point at location. */
static int regclass_in(struct binder *b, const char *s, size_t len, int location, int64_t *oid,
                       struct err *e)
{
    int rc = sql__regclass_in_env(b->env, s, len, oid, e);
    if (rc != 0 && location >= 0)
        g_err_location = location;
    return rc;
}

int eng__coerce(struct binder *b, struct bx *x, uint32_t type, int32_t typmod, enum coerce_ctx cc,
                struct bx **out, struct err *e)
{
    if ((x->type == SQL_T_INT2VECTOR && type == sql_array_of(SQL_T_INT2)) ||
        (x->type == SQL_T_OIDVECTOR && type == sql_array_of(SQL_T_OID))) {
        *out = eng__vector_array(b, x, x->location); /* binary-coercible in PostgreSQL */
        return 0;
    }
    if (x->kind == BX_ERROR) {
        struct bx *c = poison(b, x->u.errmsg, x->location);
        c->type = type ? type : x->type;
        *out = c;
        return 0;
    }
    if (x->type >= SQL_FIRST_USER_OID && sql__ctype_type_info(x->type) != NULL)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "parameters of composite types are not supported");
    if (type == SQL_T_RECORD && typmod >= 0 && x->typmod != typmod &&
        sql__ctype_of_shape(typmod) != NULL) /* a composite type (bind_ctype.c) */
        return eng__bind_ctype_cast_cc(b, x, typmod, x->location, cc, out, e);
    if (type == 0 || type == SQL_T_ANY || type == SQL_FT_ANYELEMENT ||
        (x->type == type && (typmod < 0 || x->typmod == typmod))) {
        *out = x;
        return 0;
    }
    if (x->kind == BX_PARAM && x->type == SQL_T_UNKNOWN) {
        if (type == SQL_T_UNKNOWN) {
            *out = x;
            return 0;
        }
        b->param_types[x->u.param] = type;
        struct bx *p = newbx(b->ctx, BX_PARAM, type, x->location);
        p->u.param = x->u.param;
        if (typmod >= 0 && cc != COERCE_IMPLICIT) {
            struct bx *c = newbx(b->ctx, BX_CAST, type, x->location);
            c->typmod = typmod;
            c->u.cast.arg = p;
            c->u.cast.explicit_ = cc == COERCE_EXPLICIT;
            p = c;
        }
        *out = p;
        return 0;
    }
    if (x->kind == BX_CONST && x->type == SQL_T_UNKNOWN) {
        if (type == SQL_T_UNKNOWN) {
            *out = x;
            return 0;
        }
        struct sql_value v;
        int urc = 1;
        if (x->u.c.null) {
            v = sql_null(type);
        } else if (type == SQL_T_REGCLASS) {
            int64_t oid = 0;
            int rc = regclass_in(b, x->u.c.u.s.p, x->u.c.u.s.len, x->location, &oid, e);
            if (rc != 0)
                return rc;
            v = sql_int8(oid);
            v.type = SQL_T_REGCLASS;
        } else if (type == SQL_T_REGPROC && b->env != NULL && b->env->txn != NULL &&
                   (urc = eng__sqlfn_regproc_in(b, x->u.c.u.s.p, x->u.c.u.s.len, &v, e)) <= 0) {
            if (urc < 0) { /* a user function's name (sqlfn.h) */
                g_err_location = x->location;
                return urc;
            }
        } else if (sql__regns_type(type) && b->env != NULL && b->env->txn != NULL) {
            int64_t oid = 0;
            int rc = sql__regns_in(b->env, type, x->u.c.u.s.p, x->u.c.u.s.len, &oid, e);
            if (rc != 0) {
                g_err_location = x->location;
                return rc;
            }
            v = sql_int8(oid);
            v.type = type;
        } else if (type == SQL_T_REGTYPE && b->env != NULL && b->env->txn != NULL &&
                   eng__regtype_by_name(x->u.c.u.s.p, x->u.c.u.s.len)) {
            int64_t oid = 0;
            int rc = sql__regtype_in_env(b->env, b->ctx, x->u.c.u.s.p, x->u.c.u.s.len, &oid, e);
            if (rc != 0) {
                if (x->location >= 0)
                    g_err_location = x->location;
                return rc;
            }
            v = sql_int8(oid);
            v.type = SQL_T_REGTYPE;
        } else {
            /* As PostgreSQL's coerce_type: the input function runs without
             * the typmod (except for interval); the length coercion comes
             * after, as a cast evaluated without an error position. */
            int32_t in_tm = type == SQL_T_INTERVAL ? typmod : -1;
            int rc =
                sql_value_in(b->ctx, type, in_tm, x->u.c.u.s.p, x->u.c.u.s.len, &b->fmt, &v, e);
            if (rc != 0) {
                if (x->location >= 0)
                    g_err_location = x->location;
                return rc;
            }
        }
        v.type = type;
        struct bx *c = eng__const(b->ctx, &v, typmod);
        c->location = x->location;
        if (typmod >= 0 && type != SQL_T_INTERVAL && !v.null) {
            c->typmod = -1;
            struct bx *k = newbx(b->ctx, BX_CAST, type, -1);
            k->typmod = typmod;
            k->u.cast.arg = c;
            k->u.cast.explicit_ = cc == COERCE_EXPLICIT;
            return fold(b, k, out, e);
        }
        *out = c;
        return 0;
    }
    if (!cast_allowed(x->type, type, cc)) {
        char a[128], t[128];
        tname(x->type, a, sizeof a);
        tname(type, t, sizeof t);
        return eng__err(e, x->location, ERR_INVAL, "42846", "cannot cast type %s to %s", a, t);
    }
    /* text-like constants cast to regtype by name */
    if (type == SQL_T_REGTYPE && x->kind == BX_CONST && !x->u.c.null && b->env != NULL &&
        b->env->txn != NULL &&
        (x->type == SQL_T_TEXT || x->type == SQL_T_VARCHAR || x->type == SQL_T_NAME) &&
        eng__regtype_by_name(x->u.c.u.s.p, x->u.c.u.s.len)) {
        int64_t oid = 0;
        int rc = sql__regtype_in_env(b->env, b->ctx, x->u.c.u.s.p, x->u.c.u.s.len, &oid, e);
        if (rc != 0) {
            if (x->location >= 0)
                g_err_location = x->location;
            return rc;
        }
        struct sql_value v = sql_int8(oid);
        v.type = SQL_T_REGTYPE;
        *out = eng__const(b->ctx, &v, -1);
        return 0;
    }
    /* text-like constants cast to regnamespace / regrole by name */
    if (sql__regns_type(type) && x->kind == BX_CONST && !x->u.c.null && b->env != NULL &&
        b->env->txn != NULL &&
        (x->type == SQL_T_TEXT || x->type == SQL_T_VARCHAR || x->type == SQL_T_NAME)) {
        int64_t oid = 0;
        int rc = sql__regns_in(b->env, type, x->u.c.u.s.p, x->u.c.u.s.len, &oid, e);
        if (rc != 0) {
            if (x->location >= 0)
                g_err_location = x->location;
            return rc;
        }
        struct sql_value v = sql_int8(oid);
        v.type = type;
        *out = eng__const(b->ctx, &v, -1);
        return 0;
    }
    /* text-like constants cast to regclass by name */
    if (type == SQL_T_REGCLASS && x->kind == BX_CONST && !x->u.c.null &&
        (x->type == SQL_T_TEXT || x->type == SQL_T_VARCHAR || x->type == SQL_T_NAME)) {
        int64_t oid = 0;
        int rc = regclass_in(b, x->u.c.u.s.p, x->u.c.u.s.len, x->location, &oid, e);
        if (rc != 0)
            return rc;
        struct sql_value v = sql_int8(oid);
        v.type = SQL_T_REGCLASS;
        *out = eng__const(b->ctx, &v, -1);
        return 0;
    }
    struct bx *c = newbx(b->ctx, BX_CAST, type, x->location);
    c->typmod = typmod;
    c->u.cast.arg = x;
    c->u.cast.explicit_ = cc == COERCE_EXPLICIT;
    if (x->kind == BX_CONST && (x->u.c.null || foldable_cast(x->type, type)))
        return fold(b, c, out, e);
    *out = c;
    return 0;
}

int eng__resolve_unknown(struct binder *b, struct bx *x, struct bx **out, struct err *e)
{
    if (x->type == SQL_T_UNKNOWN)
        return eng__coerce(b, x, SQL_T_TEXT, -1, COERCE_IMPLICIT, out, e);
    *out = x;
    return 0;
}

static int coerce_bool(struct binder *b, struct bx *x, const char *what, struct bx **out,
                       struct err *e)
{
    if (x->type == SQL_T_BOOL) {
        *out = x;
        return 0;
    }
    if (x->type == SQL_T_UNKNOWN || cast_allowed(x->type, SQL_T_BOOL, COERCE_IMPLICIT))
        return eng__coerce(b, x, SQL_T_BOOL, -1, COERCE_IMPLICIT, out, e);
    char t[128];
    return eng__err(e, x->location, ERR_INVAL, "42804",
                    "argument of %s must be type %s, not type %s", what, "boolean",
                    tname(x->type, t, sizeof t));
}

/* ---- common type (parse_coerce.c: select_common_type) ---- */

int eng__common_type(struct bx **xs, int n, const char *what, uint32_t *type, struct err *e)
{
    uint32_t ptype = SQL_T_UNKNOWN;
    int pidx = -1;
    for (int i = 0; i < n; i++) {
        if (xs[i]->type != SQL_T_UNKNOWN) {
            ptype = xs[i]->type;
            pidx = i;
            break;
        }
    }
    if (pidx < 0) {
        *type = SQL_T_TEXT;
        return 0;
    }
    const struct sql_type_info *pi = sql_type_get(ptype);
    char pcat = pi ? pi->category : SQL_TC_USER;
    bool ppref = pi ? pi->preferred : false;
    for (int i = pidx + 1; i < n; i++) {
        uint32_t nt = xs[i]->type;
        if (nt == SQL_T_UNKNOWN || nt == ptype)
            continue;
        const struct sql_type_info *ni = sql_type_get(nt);
        char ncat = ni ? ni->category : SQL_TC_USER;
        if (ncat != pcat) {
            char a[128], c[128];
            return eng__err(e, xs[i]->location, ERR_INVAL, "42804",
                            "%s types %s and %s cannot be matched", what, tname(ptype, a, sizeof a),
                            tname(nt, c, sizeof c));
        }
        if (!ppref && cast_allowed(ptype, nt, COERCE_IMPLICIT) &&
            !cast_allowed(nt, ptype, COERCE_IMPLICIT)) {
            ptype = nt;
            ppref = ni ? ni->preferred : false;
        }
    }
    *type = ptype;
    return 0;
}

static int coerce_common(struct binder *b, struct bx **xs, int n, const char *what, uint32_t *type,
                         struct err *e)
{
    int rc = eng__common_type(xs, n, what, type, e);
    if (rc != 0)
        return rc;
    for (int i = 0; i < n; i++) {
        if (!cast_allowed(xs[i]->type, *type, COERCE_IMPLICIT)) {
            char a[128], c[128];
            return eng__err(e, xs[i]->location, ERR_INVAL, "42846",
                            "%s could not convert type %s to %s", what,
                            tname(xs[i]->type, a, sizeof a), tname(*type, c, sizeof c));
        }
        rc = eng__coerce(b, xs[i], *type, -1, COERCE_IMPLICIT, &xs[i], e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- calls ---- */

static bool all_const(struct bx **args, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i]->kind != BX_CONST)
            return false;
    return true;
}

static bool has_null_const(struct bx **args, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i]->kind == BX_CONST && args[i]->u.c.null)
            return true;
    return false;
}

static int finish_call(struct binder *b, const struct sql_func_match *m0, struct bx **args,
                       int nargs, const char *name, bool op, int location, bool allow_fold,
                       struct bx **out, struct err *e)
{
    struct bx *bad = find_poison(args, nargs);
    if (bad != NULL) {
        *out = bad;
        return 0;
    }
    struct sql_func_match *m = mem_alloc(b->ctx, sizeof *m);
    *m = *m0;
    for (int i = 0; i < nargs; i++) {
        uint32_t want = i < (int)(sizeof m->argtypes / sizeof m->argtypes[0]) ? m->argtypes[i] : 0;
        if (want == 0 || want == SQL_T_ANY) {
            int rc = eng__resolve_unknown(b, args[i], &args[i], e);
            if (rc != 0)
                return rc;
            continue;
        }
        int rc = eng__coerce(b, args[i], want, -1, COERCE_IMPLICIT, &args[i], e);
        if (rc != 0)
            return rc;
    }
    /* an anyelement result resolved to a composite type has its shape
     * (json_populate_record(null::t, ...)) */
    if (m->def->ret == SQL_FT_ANYELEMENT && m->ret == SQL_T_RECORD && m->ret_typmod < 0)
        for (int i = 0; i < nargs && i < SQL_FUNC_MAX_ARGS; i++)
            if (m->def->args[i] == SQL_FT_ANYELEMENT && args[i]->type == SQL_T_RECORD) {
                m->ret_typmod = args[i]->typmod;
                break;
            }
    struct bx *x = newbx(b->ctx, BX_FUNC, m->ret, location);
    x->typmod = m->ret_typmod;
    x->u.fn.m = m;
    x->u.fn.args = args;
    x->u.fn.nargs = nargs;
    x->u.fn.name = mem_strdup(b->ctx, name);
    x->u.fn.op = op;
    x->u.fn.cache_slot = b->nfcache++;
    if (m->def->volatility == 'v')
        b->nvolatile++;
    if (allow_fold && m->def->strict && has_null_const(args, nargs)) {
        /* PostgreSQL's evaluate_function: a strict function with a constant
         * NULL argument is never called, whatever its other arguments and
         * volatility — so `x / 0 * NULL` is NULL, not a division error. */
        struct sql_value nv = {.type = m->ret, .null = true};
        struct bx *c = eng__const(b->ctx, &nv, x->typmod);
        c->location = location;
        *out = c;
        return 0;
    }
    if (allow_fold && m->def->volatility == 'i' && all_const(args, nargs))
        return fold(b, x, out, e);
    *out = x;
    return 0;
}

int eng__finish_call(struct binder *b, const struct sql_func_match *m, struct bx **args, int nargs,
                     const char *name, bool op, int location, struct bx **out, struct err *e)
{
    return finish_call(b, m, args, nargs, name, op, location, b->no_fold == 0, out, e);
}

static uint32_t lookup_type(const struct bx *x)
{
    return x->type;
}

int eng__make_op(struct binder *b, const char *op, struct bx *l, struct bx *r, int location,
                 struct bx **out, struct err *e)
{
    struct sql_func_match m;
    if (r->kind == BX_ERROR || (l != NULL && l->kind == BX_ERROR)) {
        *out = r->kind == BX_ERROR ? r : l;
        return 0;
    }
    int rc = eng__array_op(b, op, l, r, location, out, e);
    if (rc <= 0 || (rc = eng__record_op(b, op, l, r, location, out, e)) <= 0)
        return rc;
    rc = sql_oper_lookup(op, l ? lookup_type(l) : SQL_T_INVALID, lookup_type(r), &m, e);
    if (rc != 0) {
        g_err_location = location;
        return rc;
    }
    int n = l ? 2 : 1;
    struct bx **args = mem_alloc(b->ctx, sizeof *args * 2);
    if (l) {
        args[0] = l;
        args[1] = r;
    } else {
        args[0] = r;
    }
    return finish_call(b, &m, args, n, op, true, location, true, out, e);
}

static int make_op_nofold(struct binder *b, const char *op, struct bx *l, struct bx *r,
                          int location, struct bx **out, struct err *e)
{
    struct sql_func_match m;
    if (sql_array_elemtype(l->type) != 0 || sql_array_elemtype(r->type) != 0) {
        /* arrays compare through bind_array.c's operators, left unfolded */
        b->no_fold++;
        int arc = eng__array_op(b, op, l, r, location, out, e);
        b->no_fold--;
        if (arc <= 0)
            return arc;
    }
    int rc = sql_oper_lookup(op, lookup_type(l), lookup_type(r), &m, e);
    if (rc != 0) {
        g_err_location = location;
        return rc;
    }
    struct bx **args = mem_alloc(b->ctx, sizeof *args * 2);
    args[0] = l;
    args[1] = r;
    return finish_call(b, &m, args, 2, op, true, location, false, out, e);
}

static struct bx *mk_bool(struct binder *b, enum bx_kind k, struct bx **args, int n, int location)
{
    struct bx *x = newbx(b->ctx, k, SQL_T_BOOL, location);
    x->u.list.args = mem_alloc(b->ctx, sizeof *args * (size_t)n);
    memcpy(x->u.list.args, args, sizeof *args * (size_t)n);
    x->u.list.n = n;
    return x;
}

/* ---- SQL value functions (CURRENT_DATE ...) implemented here ---- */

static int sv_now(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    out->type = SQL_T_TIMESTAMPTZ;
    out->null = false;
    out->u.ts = c->env->fmt.dt.now;
    return 0;
}

static int sv_date(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)a;
    (void)n;
    out->type = SQL_T_DATE;
    out->null = false;
    return sql_tstz_to_date(c->env->fmt.dt.now, &c->env->fmt.dt, &out->u.date, e);
}

static int sv_localts(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)a;
    (void)n;
    out->type = SQL_T_TIMESTAMP;
    out->null = false;
    return sql_tstz_to_ts(c->env->fmt.dt.now, &c->env->fmt.dt, &out->u.ts, e);
}

static int sv_localtime(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    bool isnull = false;
    out->type = SQL_T_TIME;
    out->null = false;
    int rc = sql_tstz_to_time(c->env->fmt.dt.now, &c->env->fmt.dt, &out->u.ts, &isnull, e);
    out->null = isnull;
    return rc;
}

static int sv_current_time(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    bool isnull = false;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TIMETZ;
    int rc = sql_tstz_to_timetz(c->env->fmt.dt.now, &c->env->fmt.dt, &out->u.ttz.time,
                                &out->u.ttz.zone, &isnull, e);
    out->null = isnull;
    return rc;
}

static int sv_user(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    const char *u = c->env->user ? c->env->user : "";
    *out = sql_text(u, strlen(u));
    out->type = SQL_T_NAME;
    return 0;
}

static int sv_session_user(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    const char *u = c->env->session_user ? c->env->session_user : c->env->user ? c->env->user : "";
    *out = sql_text(u, strlen(u));
    out->type = SQL_T_NAME;
    return 0;
}

static int sv_catalog(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    const char *u = c->env->database ? c->env->database : "";
    *out = sql_text(u, strlen(u));
    out->type = SQL_T_NAME;
    return 0;
}

static int sv_schema(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    const char *s = c->env->nsearch > 0 ? c->env->search_path[0] : NULL;
    if (s == NULL) {
        *out = sql_null(SQL_T_NAME);
        return 0;
    }
    *out = sql_text(s, strlen(s));
    out->type = SQL_T_NAME;
    return 0;
}

static const struct sql_func_def sv_defs[] = {
    {"current_date", 0, 0, false, {0}, SQL_T_DATE, sv_date, false, 's'},
    {"current_timestamp", 0, 0, false, {0}, SQL_T_TIMESTAMPTZ, sv_now, false, 's'},
    {"localtime", 0, 0, false, {0}, SQL_T_TIME, sv_localtime, false, 's'},
    {"localtimestamp", 0, 0, false, {0}, SQL_T_TIMESTAMP, sv_localts, false, 's'},
    {"current_user", 0, 0, false, {0}, SQL_T_NAME, sv_user, false, 's'},
    {"current_catalog", 0, 0, false, {0}, SQL_T_NAME, sv_catalog, false, 's'},
    {"current_schema", 0, 0, false, {0}, SQL_T_NAME, sv_schema, false, 's'},
    {"current_time", 0, 0, false, {0}, SQL_T_TIMETZ, sv_current_time, false, 's'},
    {"session_user", 0, 0, false, {0}, SQL_T_NAME, sv_session_user, false, 's'},
};

static int bind_sqlvalue(struct binder *b, const struct sql_expr *x, struct bx **out, struct err *e)
{
    int idx;
    const char *name;
    switch (x->u.sqlvalue.op) {
    case SQL_SV_CURRENT_DATE:
        idx = 0;
        name = "current_date";
        break;
    case SQL_SV_CURRENT_TIMESTAMP:
        idx = 1;
        name = "current_timestamp";
        break;
    case SQL_SV_LOCALTIME:
        idx = 2;
        name = "localtime";
        break;
    case SQL_SV_LOCALTIMESTAMP:
        idx = 3;
        name = "localtimestamp";
        break;
    case SQL_SV_CURRENT_ROLE:
    case SQL_SV_CURRENT_USER:
    case SQL_SV_USER:
        idx = 4;
        name = "current_user";
        break;
    case SQL_SV_SESSION_USER:
        idx = 8;
        name = "session_user";
        break;
    case SQL_SV_CURRENT_CATALOG:
        idx = 5;
        name = "current_catalog";
        break;
    case SQL_SV_CURRENT_SCHEMA:
        idx = 6;
        name = "current_schema";
        break;
    case SQL_SV_CURRENT_TIME:
        idx = 7;
        name = "current_time";
        break;
    default:
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000", "CURRENT_TIME is not supported");
    }
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = &sv_defs[idx];
    m->nargs = 0;
    m->ret = sv_defs[idx].ret;
    m->ret_typmod = -1;
    struct bx *r = newbx(b->ctx, BX_FUNC, m->ret, x->location);
    r->u.fn.m = m;
    r->u.fn.name = name;
    r->u.fn.cache_slot = b->nfcache++;
    if (x->u.sqlvalue.typmod >= 0) {
        /* CURRENT_TIME(p), LOCALTIMESTAMP(p)...: rounded to p digits */
        struct bx *k = newbx(b->ctx, BX_CAST, m->ret, x->location);
        k->typmod = x->u.sqlvalue.typmod;
        k->u.cast.arg = r;
        k->u.cast.explicit_ = true;
        r = k;
    }
    *out = r;
    return 0;
}

/* ---- column references ---- */

static void mark_correlated(struct scope *s, int levels)
{
    for (int i = 0; i < levels && s != NULL; i++, s = s->parent)
        s->correlated = true;
}

static int find_col(const struct rte *r, const char *name, bool unqualified)
{
    for (int c = 0; c < r->ncols; c++)
        if (!(r->hidden && r->hidden[c]) && r->colnames[c] && strcmp(r->colnames[c], name) == 0 &&
            !(unqualified && r->using_hidden && r->using_hidden[c]))
            return c;
    return -1;
}

/* find_col, but -2 when two visible columns of the FROM item carry the name
 * (SELECT a FROM (SELECT 1 AS a, 2 AS a) t): PostgreSQL's scanRTEForColumn
 * calls that ambiguous. Columns a USING join merged are not counted twice. */
static int find_col_unique(const struct rte *r, const char *name, bool unqualified)
{
    int c = find_col(r, name, unqualified);
    if (c < 0)
        return c;
    for (int d = c + 1; d < r->ncols; d++)
        if (!(r->hidden && r->hidden[d]) && r->colnames[d] && strcmp(r->colnames[d], name) == 0 &&
            !(r->using_hidden && (r->using_hidden[d] || r->using_hidden[c])))
            return -2;
    return c;
}

/* Levenshtein distance, unit costs (varstr_levenshtein). */
static int levenshtein(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b);
    if (m > 255 || n > 255) /* PostgreSQL's MAX_LEVENSHTEIN_STRLEN */
        return 256;
    int prev[256], cur[256];
    for (size_t j = 0; j <= n; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= n; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
        }
        memcpy(prev, cur, sizeof(int) * (n + 1));
    }
    return prev[n];
}

#define MAX_FUZZY_DISTANCE 3

struct fuzzy {
    int distance;
    const struct rte *rfirst, *rsecond;
    int first, second; /* column indexes, -1 none */
};

/* updateFuzzyAttrMatchState. */
static void fuzzy_update(struct fuzzy *fz, int penalty, const struct rte *r, int c,
                         const char *match)
{
    if (penalty > fz->distance)
        return;
    int matchlen = (int)strlen(match);
    int d = levenshtein(r->colnames[c], match);
    if (d > matchlen / 2)
        return;
    d += penalty;
    if (d < fz->distance) {
        fz->distance = d;
        fz->rfirst = r;
        fz->first = c;
        fz->rsecond = NULL;
        fz->second = -1;
    } else if (d == fz->distance) {
        if (fz->second >= 0) {
            fz->rfirst = fz->rsecond = NULL;
            fz->first = fz->second = -1;
            fz->distance = d - 1;
        } else if (fz->first >= 0) {
            fz->rsecond = r;
            fz->second = c;
        } else if (fz->distance <= MAX_FUZZY_DISTANCE) {
            fz->rfirst = r;
            fz->first = c;
        }
    }
}

/* The levels error hints search, innermost first: the visible ones, then
 * those FROM subqueries without LATERAL are bound beside (eng_nolat). */
static const struct scope *hint_level(const struct binder *b, const struct scope *s, int k)
{
    for (const struct scope *sc = s; sc != NULL; sc = sc->parent, k--)
        if (k == 0)
            return sc;
    for (const struct eng_nolat *n = b->nolat; n != NULL; n = n->up, k--)
        if (k == 0)
            return n->s;
    return NULL;
}

/* errorMissingColumn: 42703 with PostgreSQL's "Perhaps you meant to
 * reference the column ..." hint from a fuzzy search of every FROM item in
 * scope (searchRangeTableForCol; join aliases are not searched); an exact
 * match in a FROM item this part of the query cannot see (named rel when
 * given) is "There is a column named ...". rel: the qualifier given, or
 * NULL. */
static int missing_column(const struct binder *b, struct scope *s, const char *rel,
                          const char *name, int location, struct err *e)
{
    char what[2 * 64 + 32];
    if (rel != NULL)
        snprintf(what, sizeof what, "column %s.%s does not exist", rel, name);
    else
        snprintf(what, sizeof what, "column \"%s\" does not exist", name);
    struct fuzzy fz = {MAX_FUZZY_DISTANCE + 1, NULL, NULL, -1, -1};
    const struct scope *sc;
    for (int k = 0; (sc = hint_level(b, s, k)) != NULL; k++) {
        for (int i = 0; i < sc->nrtes; i++) {
            const struct rte *r = &sc->rtes[i];
            if (r->alias == NULL || r->join_rte || r->pulled)
                continue;
            int penalty = rel != NULL ? levenshtein(rel, r->alias) : 0;
            if (penalty > MAX_FUZZY_DISTANCE + 1)
                penalty = MAX_FUZZY_DISTANCE + 1;
            for (int c = 0; c < r->ncols && penalty == 0; c++)
                if (!(r->hidden && r->hidden[c]) && r->colnames[c] != NULL &&
                    strcmp(r->colnames[c], name) == 0)
                    return eng__err(e, location, ERR_NOTFOUND, "42703",
                                    "%s" ENG_HINT_SEP
                                    "There is a column named \"%s\" in table \"%s\", but it "
                                    "cannot be referenced from this part of the query.",
                                    what, name, r->alias);
            for (int c = 0; c < r->ncols; c++) {
                if ((r->hidden && r->hidden[c]) || r->colnames[c] == NULL ||
                    r->colnames[c][0] == '\0')
                    continue;
                fuzzy_update(&fz, penalty, r, c, name);
            }
        }
    }
    if (fz.rsecond != NULL)
        return eng__err(e, location, ERR_NOTFOUND, "42703",
                        "%s" ENG_HINT_SEP
                        "Perhaps you meant to reference the column \"%s.%s\" or the "
                        "column \"%s.%s\".",
                        what, fz.rfirst->alias, fz.rfirst->colnames[fz.first], fz.rsecond->alias,
                        fz.rsecond->colnames[fz.second]);
    if (fz.rfirst != NULL && fz.first >= 0)
        return eng__err(e, location, ERR_NOTFOUND, "42703",
                        "%s" ENG_HINT_SEP "Perhaps you meant to reference the column \"%s.%s\".",
                        what, fz.rfirst->alias, fz.rfirst->colnames[fz.first]);
    return eng__err(e, location, ERR_NOTFOUND, "42703", "%s", what);
}

/* The system column tableoid of a base table's FROM item: the table's oid
 * (a constant here: no inheritance). On the nullable side of an outer join
 * it is NULL in a null-extended row: every column of a stored row is NULL
 * only then, since a table has a primary key or a hidden row id, and the
 * catalogs' rows have their oid or owning relation. 1 when r is no base
 * table. */
static int tableoid_col(struct binder *b, const struct rte *r, int level, int location,
                        struct bx **out, struct err *e)
{
    (void)e;
    if (r->table_oid == 0 || r->vexprs != NULL)
        return 1;
    struct sql_value v = sql_int8(r->table_oid);
    v.type = SQL_T_OID;
    struct bx *oid = eng__const(b->ctx, &v, -1);
    oid->location = location;
    *out = oid;
    if (!r->nullable || r->ncols == 0)
        return 0;
    struct bx **args = mem_alloc(b->ctx, sizeof *args * (size_t)r->ncols);
    const char **names = mem_alloc(b->ctx, sizeof *names * (size_t)r->ncols);
    uint32_t *types = mem_alloc(b->ctx, sizeof *types * (size_t)r->ncols);
    for (int c = 0; c < r->ncols; c++) {
        args[c] = eng__rte_colref(b, r, c, level, location);
        names[c] = r->colnames[c] != NULL ? r->colnames[c] : "";
        types[c] = args[c]->type;
    }
    struct bx *row = newbx(b->ctx, BX_ROW, SQL_T_RECORD, location);
    row->u.list.args = args;
    row->u.list.n = r->ncols;
    row->typmod = eng__record_typmod(r->ncols, names, types, SQL_T_RECORD);
    struct bx *test = newbx(b->ctx, BX_NULLTEST, SQL_T_BOOL, location);
    test->u.test.arg = row;
    test->u.test.test = 0; /* IS NULL: every column NULL */
    struct bx *cs = newbx(b->ctx, BX_CASE, SQL_T_OID, location);
    cs->typmod = -1;
    cs->u.cs.n = 1;
    cs->u.cs.conds = mem_alloc(b->ctx, sizeof *cs->u.cs.conds);
    cs->u.cs.results = mem_alloc(b->ctx, sizeof *cs->u.cs.results);
    cs->u.cs.conds[0] = test;
    struct sql_value nv = sql_null(SQL_T_OID);
    cs->u.cs.results[0] = eng__const(b->ctx, &nv, -1);
    cs->u.cs.def = oid;
    *out = cs;
    return 0;
}

static int bind_column(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                       struct err *e)
{
    const struct sql_list *f = &x->u.column.fields;
    if (x->u.column.star && f->n > 0) /* t.* (bind_wholerow.c) */
        return eng__bind_wholerow(b, s, x, out, e);
    if (x->u.column.star)
        return eng__err(e, x->location, ERR_INVAL, "42601",
                        "row expansion via \"*\" is not supported here");
    if (f->n == 1) {
        const char *name = f->items[0];
        int level = 0;
        for (struct scope *sc = s; sc != NULL; sc = sc->parent, level++) {
            const struct rte *hit = NULL;
            int hitc = -1;
            for (int i = 0; i < sc->nrtes; i++) {
                int c = find_col_unique(&sc->rtes[i], name, true);
                if (c == -1)
                    continue;
                if (hit != NULL || c == -2)
                    return eng__err(e, x->location, ERR_INVAL, "42702",
                                    "column reference \"%s\" is ambiguous", name);
                hit = &sc->rtes[i];
                hitc = c;
            }
            if (hit != NULL) {
                int vc = sql__pl_var_conflict(name); /* plpgsql.variable_conflict */
                if (vc == 2)
                    return eng__sqlfn_param_ref(b, s, x, out, e);
                if (vc == 1)
                    return eng__err(e, x->location, ERR_INVAL, "42702",
                                    "column reference \"%s\" is ambiguous\nDETAIL:  It could "
                                    "refer to either a PL/pgSQL variable or a table column.",
                                    name);
                mark_correlated(s, level);
                *out = eng__rte_colref(b, hit, hitc, level, x->location);
                eng__upref_note(b, s, level, *out);
                if (b->view_deps != NULL)
                    eng__view_qualify(b, x, hit->alias);
                return 0;
            }
        }
        if (strcmp(name, "tableoid") == 0) {
            int lv = 0;
            for (struct scope *sc = s; sc != NULL; sc = sc->parent, lv++) {
                const struct rte *hit = NULL;
                for (int i = 0; i < sc->nrtes; i++) {
                    if (sc->rtes[i].table_oid == 0 || sc->rtes[i].vexprs != NULL ||
                        sc->rtes[i].alias_hidden || sc->rtes[i].pulled)
                        continue;
                    if (hit != NULL)
                        return eng__err(e, x->location, ERR_INVAL, "42702",
                                        "column reference \"%s\" is ambiguous", name);
                    hit = &sc->rtes[i];
                }
                if (hit != NULL) {
                    if (lv > 0)
                        mark_correlated(s, lv);
                    int rc = tableoid_col(b, hit, lv, x->location, out, e);
                    if (rc == 0 && lv > 0)
                        eng__upref_note(b, s, lv, *out);
                    return rc;
                }
            }
        }
        int wr = eng__bind_wholerow(b, s, x, out, e); /* t: its whole row */
        if (wr <= 0)
            return wr;
        if ((wr = eng__sqlfn_param_ref(b, s, x, out, e)) <= 0) /* a SQL function's argument */
            return wr;
        return missing_column(b, s, NULL, name, x->location, e);
    }
    if (f->n > 4) {
        /* NameListToString */
        struct sbuf nb;
        sbuf_init(&nb);
        for (int i = 0; i < f->n; i++) {
            if (i > 0)
                sbuf_putc(&nb, '.');
            sbuf_puts(&nb, (const char *)f->items[i]);
        }
        int rc =
            eng__err(e, x->location, ERR_INVAL, "42601",
                     "improper qualified name (too many dotted names): %s", nb.data ? nb.data : "");
        sbuf_free(&nb);
        return rc;
    }
    const char *rel = f->items[f->n - 2];
    const char *name = f->items[f->n - 1];
    int level;
    const struct rte *r;
    int src =
        eng__scope_rel(s, f->n >= 3 ? f->items[f->n - 3] : NULL, rel, x->location, &r, &level, e);
    if (src != 0)
        return src;
    if (r != NULL) {
        int c = find_col_unique(r, name, false);
        if (c == -2)
            return eng__err(e, x->location, ERR_INVAL, "42702",
                            "column reference \"%s\" is ambiguous", name);
        if (c < 0 && strcmp(name, "tableoid") == 0) {
            int rc = tableoid_col(b, r, level, x->location, out, e);
            if (rc <= 0) {
                if (rc == 0 && level > 0) {
                    mark_correlated(s, level);
                    eng__upref_note(b, s, level, *out);
                }
                return rc;
            }
        }
        if (c < 0)
            return missing_column(b, s, rel, name, x->location, e);
        mark_correlated(s, level);
        *out = eng__rte_colref(b, r, c, level, x->location);
        eng__upref_note(b, s, level, *out);
        return 0;
    }
    int pr = eng__sqlfn_param_ref(b, s, x, out, e); /* fname.arg in a SQL function's body */
    if (pr <= 0)
        return pr;
    return eng__missing_rte(b, s, rel, x->location, e);
}

int eng__missing_rte(const struct binder *b, const struct scope *s, const char *rel, int location,
                     struct err *e)
{
    /* errorMissingRTE: the first FROM item anywhere named rel, or a table
     * rel known under an alias (searchRangeTableForRel) */
    const struct rte *found = NULL;
    const struct scope *sc;
    for (int k = 0; found == NULL && (sc = hint_level(b, s, k)) != NULL; k++)
        for (int i = 0; found == NULL && i < sc->nrtes; i++) {
            const struct rte *r = &sc->rtes[i];
            if (r->alias == NULL || r->pulled || r->using_alias)
                continue;
            if (strcmp(r->alias, rel) == 0 || (r->relname != NULL && strcmp(r->relname, rel) == 0))
                found = r;
        }
    if (found == NULL)
        return eng__err(e, location, ERR_NOTFOUND, "42P01",
                        "missing FROM-clause entry for table \"%s\"", rel);
    if (found->relname != NULL && strcmp(found->alias, rel) != 0) {
        const struct rte *vis;
        int level;
        struct err e2 = {0};
        if (eng__scope_rel((struct scope *)s, NULL, found->alias, -1, &vis, &level, &e2) == 0 &&
            vis == found)
            return eng__err(e, location, ERR_NOTFOUND, "42P01",
                            "invalid reference to FROM-clause entry for table \"%s\"" ENG_HINT_SEP
                            "Perhaps you meant to reference the table alias \"%s\".",
                            rel, found->alias);
    }
    return eng__err(e, location, ERR_NOTFOUND, "42P01",
                    "invalid reference to FROM-clause entry for table \"%s\"" ENG_HINT_SEP
                    "There is an entry for table \"%s\", but it cannot be referenced from "
                    "this part of the query.",
                    rel, found->alias);
}

/* ---- functions and aggregates ---- */

static int bind_sublink(struct binder *b, struct scope *s, const struct sql_expr *x,
                        struct bx **out, struct err *e);

static int bind_list(struct binder *b, struct scope *s, const struct sql_list *l, struct bx ***out,
                     struct err *e)
{
    struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)(l->n > 0 ? l->n : 1));
    for (int i = 0; i < l->n; i++) {
        int rc = eng__bind_expr(b, s, l->items[i], &xs[i], e);
        if (rc != 0)
            return rc;
    }
    *out = xs;
    return 0;
}

struct agglvl_acc {
    int min;
    bool local;
};

static bool agglvl_fn(struct bx *x, void *arg)
{
    struct agglvl_acc *a = arg;
    if (x->kind == BX_COL && (a->min < 0 || x->u.col.level < a->min))
        a->min = x->u.col.level;
    else if (x->kind == BX_SUBLINK && x->u.sub.correlated)
        a->local = true; /* what it reads is not looked into: the level's own */
    return false;
}

/* The query level (up from s) an aggregate call belongs to: the nearest
 * level its arguments reference (PostgreSQL's agglevelsup), 0 when they
 * reference no column. Binds the arguments once to see (bind_upref.c). */
static int agg_level(struct binder *b, struct scope *s, const struct sql_expr *x)
{
    int nsc = 0;
    for (struct scope *sc = s; sc != NULL; sc = sc->parent)
        nsc++;
    int *saved = mem_alloc(b->ctx, sizeof *saved * (size_t)nsc);
    int k = 0;
    for (struct scope *sc = s; sc != NULL; sc = sc->parent)
        saved[k++] = sc->nuprefs;
    int saved_sub = b->nsublinks;
    int saved_loc = g_err_location;
    bool saved_in = s->in_agg_arg;
    bool saved_corr = s->correlated;
    s->in_agg_arg = true;
    struct err e2 = {0};
    struct agglvl_acc a = {.min = -1, .local = false};
    bool ok = true;
    for (int i = 0; ok && i < x->u.func.args.n; i++) {
        struct bx *arg;
        ok = eng__bind_expr(b, s, x->u.func.args.items[i], &arg, &e2) == 0;
        if (ok)
            eng__bx_walk(arg, agglvl_fn, &a);
    }
    if (ok && x->u.func.filter != NULL) {
        struct bx *f;
        ok = eng__bind_expr(b, s, x->u.func.filter, &f, &e2) == 0;
        if (ok)
            eng__bx_walk(f, agglvl_fn, &a);
    }
    for (int i = 0; ok && i < x->u.func.order.n; i++) {
        const struct sql_sortby *sb = x->u.func.order.items[i];
        struct bx *key;
        ok = eng__bind_expr(b, s, sb->expr, &key, &e2) == 0;
        if (ok)
            eng__bx_walk(key, agglvl_fn, &a);
    }
    s->in_agg_arg = saved_in;
    b->nsublinks = saved_sub;
    g_err_location = saved_loc;
    /* A correlated sublink in the arguments that reads only enclosing
     * levels (their upref lists grew, this level's did not; bind_upref.c)
     * and no column of this level: PostgreSQL's agglevelsup moves the
     * aggregate to the nearest such level. */
    bool grew0 = false, grewup = false;
    int upmin = -1; /* the nearest enclosing level a sublink of the arguments reads */
    k = 0;
    for (struct scope *sc = s; sc != NULL; sc = sc->parent, k++)
        if (sc->nuprefs > saved[k]) {
            if (k == 0) {
                grew0 = true;
            } else {
                grewup = true;
                if (upmin < 0)
                    upmin = k;
            }
        }
    bool moved = ok && a.local && !grew0 && grewup && a.min != 0;
    k = 0;
    for (struct scope *sc = s; sc != NULL; sc = sc->parent)
        sc->nuprefs = saved[k++];
    if (moved) /* bound again at that level, where the sublink's reads are its own */
        return a.min > 0 && a.min < upmin ? a.min : upmin;
    if (!ok || a.local || a.min <= 0) {
        s->correlated = saved_corr || (ok && a.min > 0);
        return 0;
    }
    return a.min;
}

static int bind_agg(struct binder *b, struct scope *s, const struct sql_expr *x, const char *name,
                    struct bx **out, struct err *e)
{
    if (s->parent != NULL &&
        (x->u.func.args.n > 0 || x->u.func.filter != NULL || x->u.func.order.n > 0) &&
        !x->u.func.within_group) {
        int lvl = agg_level(b, s, x);
        if (lvl > 0) {
            struct scope *anc = s;
            for (int i = 0; i < lvl && anc != NULL; i++)
                anc = anc->parent;
            if (anc != NULL) {
                struct bx *inner;
                int keep = anc->nuprefs;
                bool moved = anc->agg_moved;
                anc->agg_moved = true;
                int rc = bind_agg(b, anc, x, name, &inner, e);
                anc->agg_moved = moved;
                if (rc != 0)
                    return rc;
                /* what sublinks in the arguments read of anc they took
                 * already (bind_upref.c); the enclosing query reads only
                 * the aggregate's value */
                anc->nuprefs = keep;
                mark_correlated(s, lvl);
                *out = eng__upref_agg(b, anc, lvl, inner);
                return 0;
            }
        }
    }
    if (s->in_agg_arg)
        return eng__err(e, x->location, ERR_INVAL, "42803",
                        "aggregate function calls cannot be nested");
    if (!s->allow_aggs)
        return eng__err(e, x->location, ERR_INVAL, "42803",
                        "aggregate functions are not allowed in %s",
                        s->agg_forbidden ? s->agg_forbidden : "this context");
    for (int i = 0; i < x->u.func.order.n; i++)
        if (!eng__agg_order_using_ok(x->u.func.order.items[i]))
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "ORDER BY ... USING in aggregate calls is not supported");
    if (x->u.func.within_group)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000", "WITHIN GROUP is not supported");
    struct bx_aggref *ref = mem_alloc0(b->ctx, sizeof *ref);
    ref->name = mem_strdup(b->ctx, name);
    ref->star = x->u.func.star;
    ref->distinct = x->u.func.distinct;
    s->in_agg_arg = true;
    int rc = 0;
    uint32_t types[SQL_FUNC_MAX_ARGS];
    int nargs = x->u.func.args.n;
    if (nargs > 2) {
        s->in_agg_arg = false;
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "aggregates with more than two arguments are not supported");
    }
    struct bx *arg = NULL, *arg2 = NULL;
    if (nargs >= 1) {
        rc = eng__bind_expr(b, s, x->u.func.args.items[0], &arg, e);
        if (rc == 0)
            types[0] = arg->type;
    }
    if (rc == 0 && nargs == 2) {
        rc = eng__bind_expr(b, s, x->u.func.args.items[1], &arg2, e);
        if (rc == 0)
            types[1] = arg2->type;
    }
    if (rc == 0 && x->u.func.order.n > 0)
        rc = eng__bind_agg_order(b, s, &x->u.func.order, ref, e);
    if (rc == 0 && x->u.func.filter != NULL) {
        const char *wf = s->win_forbidden;
        const char *af = s->agg_forbidden;
        bool aa = s->allow_aggs;
        s->win_forbidden = "FILTER";
        s->agg_forbidden = "FILTER";
        /* an outer-level aggregate's FILTER is checked in the sublink's
         * clause: an aggregate of this level there is nested in it */
        s->allow_aggs = s->agg_moved;
        s->in_agg_arg = s->agg_moved;
        bool moved = s->agg_moved;
        s->agg_moved = false;
        rc = eng__bind_bool(b, s, x->u.func.filter, "FILTER", &ref->filter, e);
        s->agg_moved = moved;
        s->win_forbidden = wf;
        s->agg_forbidden = af;
        s->allow_aggs = aa;
    }
    s->in_agg_arg = false;
    if (rc != 0)
        return rc;
    uint32_t cast_to = 0;
    uint32_t agg_type = 0;
    if (strcmp(name, "array_agg") == 0 && nargs == 1 && !ref->star) {
        /* array_agg(anynonarray) / array_agg(anyarray): the result type follows the input */
        if (arg->type == SQL_T_UNKNOWN) /* a literal: anynonarray or anyarray? */
            return eng__err(e, x->location, ERR_INVAL, "42725",
                            "function array_agg(unknown) is not unique" ENG_HINT_SEP
                            "Could not choose a best candidate function. You might need to add "
                            "explicit type casts.");
        if ((rc = eng__resolve_unknown(b, arg, &arg, e)) != 0)
            return rc;
        agg_type = sql_array_elemtype(arg->type) != 0 ? arg->type : sql_array_of(arg->type);
        if (agg_type == 0)
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "array_agg of type %s is not supported",
                            tname(arg->type, (char[128]){0}, 128));
        ref->def = &sql__array_agg_def;
        if (ref->nokeys == 0 && ref->distinct) {
            /* DISTINCT sorts: the result comes in the values' order */
            arg2 = arg;
            ref->def = &sql__array_agg_order_defs[0];
        }
    } else {
        rc = sql_agg_lookup(name, types, nargs, ref->star, &ref->def, &cast_to, e);
        if (rc == 0 && sql_agg_is_array_minmax(ref->def))
            agg_type = cast_to; /* min/max(anyarray) */
    }
    if (rc != 0) {
        g_err_location = x->location;
        return rc;
    }
    if (ref->distinct &&
        (rc = eng__agg_order_distinct_check(&x->u.func.order, ref, arg, arg2, e)) != 0)
        return rc;
    if (arg != NULL) {
        if (cast_to != 0)
            rc = eng__coerce(b, arg, cast_to, -1, COERCE_IMPLICIT, &arg, e);
        else
            rc = eng__resolve_unknown(b, arg, &arg, e);
        if (rc != 0)
            return rc;
    }
    if (arg2 != NULL) {
        rc = eng__coerce(b, arg2, ref->def->arg2, -1, COERCE_IMPLICIT, &arg2, e);
        if (rc != 0)
            return rc;
    }
    ref->arg2 = arg2;
    ref->arg = arg;
    if (ref->distinct && ref->nokeys == 0 && arg != NULL &&
        ref->def != &sql__array_agg_order_defs[0])
        eng__agg_order_distinct_sort(b, ref);
    if (s->selfref)
        return eng__err(e, x->location, ERR_INVAL, "42P19",
                        "aggregate functions are not allowed in a recursive query's recursive "
                        "term");
    if (s->naggs == s->aggcap) {
        int nc = s->aggcap ? s->aggcap * 2 : 8;
        s->aggs = mem_realloc(b->ctx, s->aggs, sizeof *s->aggs * (size_t)s->aggcap,
                              sizeof *s->aggs * (size_t)nc);
        s->aggcap = nc;
    }
    struct bx *r = newbx(b->ctx, BX_AGG, agg_type ? agg_type : ref->def->ret, x->location);
    if (agg_type != 0 && arg != NULL && arg->type == SQL_T_RECORD)
        r->typmod = eng__named_shape(arg->typmod); /* record[]: its elements' shape */
    r->u.agg.idx = s->naggs;
    r->u.agg.ref = ref;
    s->aggs[s->naggs++] = ref;
    *out = r;
    return 0;
}

/* f(a, ..., VARIADIC arr) (PostgreSQL's func_variadic): arr must be an
 * array (42804 otherwise, as for a VARIADIC "any" function); the call
 * resolves as if its elements were the trailing arguments, and the
 * executor spreads them (bx_func.va_expand). A function without a
 * variadic parameter does not match. */
static int bind_variadic_call(struct binder *b, const struct sql_expr *x, const char *name,
                              struct bx **args, uint32_t *types, int n, struct bx **out,
                              struct err *e)
{
    const struct sql_expr *last = x->u.func.args.items[n - 1];
    int rc = eng__resolve_unknown(b, args[n - 1], &args[n - 1], e);
    if (rc != 0)
        return rc;
    uint32_t arrtype = args[n - 1]->type;
    uint32_t elem = sql_array_elemtype(arrtype);
    if (elem == 0)
        return eng__err(e, last->location, ERR_INVAL, "42804",
                        "VARIADIC argument must be an array");
    types[n - 1] = elem;
    struct sql_func_match m;
    rc = sql_func_lookup(name, types, n, &m, e);
    if (rc == 0 && !m.def->variadic) {
        types[n - 1] = arrtype;
        rc = sql_func_lookup(name, types, n, &m, e);
        if (rc == 0)
            rc = eng__err(e, x->location, ERR_NOTFOUND, "42883", "function %s is not variadic",
                          name);
    }
    if (rc != 0) {
        g_err_location = x->location;
        return rc;
    }
    uint32_t want = m.argtypes[n - 1];
    if (want != 0 && want != SQL_T_ANY && want != elem) {
        uint32_t wa = sql_array_of(want);
        if (wa == 0)
            return eng__err(e, last->location, ERR_UNSUPPORTED, "0A000",
                            "VARIADIC argument of this type is not supported");
        if ((rc = eng__coerce(b, args[n - 1], wa, -1, COERCE_IMPLICIT, &args[n - 1], e)) != 0)
            return rc;
    }
    m.argtypes[n - 1] = 0; /* already coerced: finish_call leaves it */
    struct bx *r;
    if ((rc = finish_call(b, &m, args, n, name, false, x->location, false, &r, e)) != 0)
        return rc;
    if (r->kind == BX_FUNC)
        r->u.fn.va_expand = true;
    *out = r;
    return 0;
}

static int bind_func(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                     struct err *e)
{
    const char *name = x->u.func.name.name;
    const char *schema = x->u.func.name.schema;
    if (x->u.func.grouping) {
        /* GROUPING of an enclosing level's expressions belongs to that
         * level, as an outer-level aggregate (agglevelsup) */
        int lvl = s->parent != NULL && x->u.func.args.n > 0 ? agg_level(b, s, x) : 0;
        struct scope *anc = s;
        for (int i = 0; i < lvl && anc != NULL; i++)
            anc = anc->parent;
        if (lvl > 0 && anc != NULL) {
            struct bx *inner;
            int rc = eng__bind_grouping(b, anc, x, &inner, e);
            if (rc != 0)
                return rc;
            mark_correlated(s, lvl);
            *out = eng__upref_agg(b, anc, lvl, inner);
            return 0;
        }
        return eng__bind_grouping(b, s, x, out, e);
    }
    if (eng__ordset_call(x))
        return eng__bind_ordset(b, s, x, out, e);
    if (schema != NULL && strcmp(schema, "pg_catalog") != 0 && strcmp(schema, "public") != 0) {
        int urc = eng__sqlfn_bind_qualified(b, s, x, out, e); /* user functions (sqlfn.h) */
        if (urc <= 0)
            return urc;
        return eng__err(e, x->location, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                        schema);
    }
    if (strcmp(name, "count") == 0 && x->u.func.args.n == 0 && !x->u.func.star)
        /* count() finds count(*) (the only parameterless aggregate):
         * ParseFuncOrColumn's complaint */
        return eng__err(e, x->location, ERR_INVAL, "42809",
                        "count(*) must be used to call a parameterless aggregate function");
    if (x->u.func.over != NULL)
        return eng__bind_window_call(b, s, x, out, e);
    if (x->u.func.star || sql_agg_exists(name) || strcmp(name, "array_agg") == 0)
        return bind_agg(b, s, x, name, out, e);
    if (strcmp(name, "array_to_string") == 0 && x->u.func.args.n == 2 &&
        ((const struct sql_expr *)x->u.func.args.items[0])->kind == SQL_EXPR_SUBLINK &&
        ((const struct sql_expr *)x->u.func.args.items[0])->u.sublink.kind == SQL_SUBLINK_ARRAY) {
        struct bx *sub, *sep;
        int rc = bind_sublink(b, s, x->u.func.args.items[0], &sub, e);
        if (rc == 0)
            rc = eng__bind_expr(b, s, x->u.func.args.items[1], &sep, e);
        if (rc == 0)
            rc = eng__coerce(b, sep, SQL_T_TEXT, -1, COERCE_IMPLICIT, &sep, e);
        if (rc != 0)
            return rc;
        sub->u.sub.sep = sep;
        sub->type = SQL_T_TEXT;
        *out = sub;
        return 0;
    }
    if (x->u.func.distinct || x->u.func.filter != NULL) {
        /* PostgreSQL resolves the function first: one that does not exist
         * is 42883, not 42809 */
        struct sql_expr plain = *x;
        plain.u.func.distinct = false;
        plain.u.func.filter = NULL;
        struct bx *tmp;
        int rc = bind_func(b, s, &plain, &tmp, e);
        if (rc != 0 && strcmp(err_sqlstate(e), "42883") == 0)
            return rc;
        return eng__err(e, x->location, ERR_INVAL, "42809",
                        "%s specified, but %s is not an aggregate function",
                        x->u.func.distinct ? "DISTINCT" : "FILTER", name);
    }
    if (x->u.func.args.n > SQL_FUNC_MAX_ARGS * 4)
        return eng__err(e, x->location, ERR_INVAL, "54023",
                        "cannot pass more than 100 arguments to a function");
    struct bx **args;
    int rc = bind_list(b, s, &x->u.func.args, &args, e);
    if (rc != 0)
        return rc;
    int n = x->u.func.args.n;
    /* nextval('name') and friends take regclass: the name is read (and a
     * missing relation reported at the literal) when the call is bound */
    if (n >= 1 && args[0]->kind == BX_CONST && args[0]->type == SQL_T_UNKNOWN &&
        (strcmp(name, "nextval") == 0 || strcmp(name, "currval") == 0 ||
         strcmp(name, "setval") == 0) &&
        (rc = eng__coerce(b, args[0], SQL_T_REGCLASS, -1, COERCE_IMPLICIT, &args[0], e)) != 0)
        return rc;
    uint32_t types[SQL_FUNC_MAX_ARGS * 4];
    for (int i = 0; i < n; i++)
        types[i] = args[i]->type;
    struct bx *bad = find_poison(args, n);
    if (bad != NULL) {
        *out = bad;
        return 0;
    }
    if (x->u.func.argnames.n > 0) /* named notation: user functions only (sqlfn.h) */
        return eng__sqlfn_bind_call(b, s, x, args, n, out, e);
    if (x->u.func.variadic &&
        (rc = eng__bind_json_variadic(b, name, args, n, x->location, out, e)) <= 0)
        return rc;
    if (x->u.func.variadic)
        return bind_variadic_call(b, x, name, args, types, n, out, e);
    rc = eng__array_func(b, name, args, n, x->location, out, e);
    if (rc <= 0)
        return rc;
    /* cidr('...'): a type's name applied to a literal is that cast
     * (func_get_detail's FUNCDETAIL_COERCION), for the types whose
     * same-named function would not validate the literal (inet.h) */
    if (n == 1 && args[0]->kind == BX_CONST && args[0]->type == SQL_T_UNKNOWN &&
        (strcmp(name, "cidr") == 0 || strcmp(name, "macaddr") == 0 ||
         strcmp(name, "macaddr8") == 0))
        return eng__coerce(b, args[0],
                           name[0] == 'c'   ? SQL_T_CIDR
                           : name[7] == '8' ? SQL_T_MACADDR8
                                            : SQL_T_MACADDR,
                           -1, COERCE_EXPLICIT, out, e);
    struct sql_func_match m;
    rc = sql_func_lookup(name, types, n, &m, e);
    if (rc != 0) {
        struct err ue; /* a user-defined function of that name (sqlfn.h)? */
        err_clear(&ue);
        int urc = eng__sqlfn_bind_call(b, s, x, args, n, out, &ue);
        if (urc <= 0) {
            if (urc < 0)
                *e = ue;
            return urc;
        }
        g_err_location = x->location;
        return rc;
    }
    if (m.def->fn == sql__fn_window)
        return eng__err(e, x->location, ERR_INVAL, "42809",
                        "window function %s requires an OVER clause", name);
    return finish_call(b, &m, args, n, name, false, x->location, true, out, e);
}

/* ---- sublinks ---- */

/* ARRAY(subquery) has no array type to live in here: it yields the text
 * of the array literal ('{a,b}'), which is what clients display, and
 * array_to_string(ARRAY(q), sep) joins the elements directly. */
static int bind_sublink(struct binder *b, struct scope *s, const struct sql_expr *x,
                        struct bx **out, struct err *e)
{
    struct pnode *plan = NULL;
    struct sql_column *cols = NULL;
    int ncols = 0;
    struct bx *test = NULL;
    int rc = 0;
    if (x->u.sublink.test != NULL) {
        rc = eng__bind_expr(b, s, x->u.sublink.test, &test, e);
        if (rc != 0)
            return rc;
    }
    struct scope *sub_parent = s;
    int ulo = s->nuprefs;
    int mlo = b->nmat;
    eng__cte_sublink_push(b, x->u.sublink.query);
    rc = eng__plan_select(b, sub_parent, x->u.sublink.query, &plan, &cols, &ncols, e);
    if (rc != 0) {
        eng__cte_sublink_pop(b, NULL, mlo);
        return rc;
    }
    bool correlated = b->last_correlated;
    struct bx *r = newbx(b->ctx, BX_SUBLINK, SQL_T_BOOL, x->location);
    eng__cte_sublink_pop(b, r, mlo); /* its volatile WITH queries' stores */
    eng__upref_take(b, s, ulo, r);
    r->u.sub.kind = x->u.sublink.kind;
    r->u.sub.plan = plan;
    r->u.sub.id = b->nsublinks++;
    r->u.sub.correlated = correlated;
    r->u.sub.ncols = ncols;
    switch (x->u.sublink.kind) {
    case SQL_SUBLINK_EXISTS:
        eng__exists_alt(b, s, x, r); /* its hashed form (plan_exhash.c) */
        break;
    case SQL_SUBLINK_ARRAY:
        if (ncols != 1)
            return eng__err(e, x->location, ERR_INVAL, "42601",
                            "subquery must return only one column");
        /* an array of the column's type (array_to_string(ARRAY(q), sep)
         * sets u.sub.sep afterwards and joins the text directly) */
        r->type =
            sql_array_elemtype(cols[0].type_oid) != 0
                ? cols[0].type_oid
                : sql_array_of(cols[0].type_oid == SQL_T_UNKNOWN ? SQL_T_TEXT : cols[0].type_oid);
        if (r->type == 0)
            r->type = SQL_T_TEXT;
        break;
    case SQL_SUBLINK_EXPR:
        if (ncols != 1)
            return eng__err(e, x->location, ERR_INVAL, "42601",
                            "subquery must return only one column");
        r->type = cols[0].type_oid;
        r->typmod = cols[0].typmod;
        break;
    case SQL_SUBLINK_ANY:
    case SQL_SUBLINK_ALL: {
        if (ncols > 1)
            return eng__err(e, x->location, ERR_INVAL, "42601", "subquery has too many columns");
        if (test->kind == BX_CONST && 0)
            break;
        struct bx *sv = newbx(b->ctx, BX_SUBVAL, cols[0].type_oid, x->location);
        sv->typmod = cols[0].typmod;
        struct bx *cmp;
        rc = eng__make_op(b, x->u.sublink.op ? x->u.sublink.op : "=", test, sv, x->location, &cmp,
                          e);
        if (rc != 0)
            return rc;
        if (cmp->type != SQL_T_BOOL) {
            return eng__err(e, x->location, ERR_INVAL, "42804",
                            "op ANY/ALL (array) requires operator to yield boolean");
        }
        r->u.sub.cmp = cmp;
        break;
    }
    default:
        break;
    }
    *out = r;
    return 0;
}

/* ---- the main switch ---- */

static int bind_const(struct binder *b, const struct sql_expr *x, struct bx **out, struct err *e)
{
    struct sql_value v;
    const struct sql_const *c = &x->u.c;
    switch (c->kind) {
    case SQL_CONST_NULL:
        v = sql_null(SQL_T_UNKNOWN);
        break;
    case SQL_CONST_BOOL:
        v = sql_bool(c->bval);
        break;
    case SQL_CONST_INT4:
        v = sql_int4((int32_t)c->ival);
        break;
    case SQL_CONST_INT8:
        v = sql_int8(c->ival);
        break;
    case SQL_CONST_NUMERIC: {
        int rc = sql_value_in(b->ctx, SQL_T_NUMERIC, -1, c->str, strlen(c->str), &b->fmt, &v, e);
        if (rc != 0) {
            g_err_location = x->location;
            return rc;
        }
        break;
    }
    case SQL_CONST_STRING:
        v = sql_text(c->str, strlen(c->str));
        v.type = SQL_T_UNKNOWN;
        break;
    default:
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "bit string literals are not supported");
    }
    struct bx *r = eng__const(b->ctx, &v, -1);
    r->location = x->location;
    *out = r;
    return 0;
}

static int bind_between(struct binder *b, struct scope *s, const struct sql_expr *x,
                        struct bx **out, struct err *e)
{
    struct bx *a, *lo, *hi;
    int rc = eng__bind_expr(b, s, x->u.between.arg, &a, e);
    if (rc == 0)
        rc = eng__bind_expr(b, s, x->u.between.lo, &lo, e);
    if (rc == 0)
        rc = eng__bind_expr(b, s, x->u.between.hi, &hi, e);
    if (rc != 0)
        return rc;
    bool not_ = x->u.between.not ;
    const char *o1 = not_ ? "<" : ">=", *o2 = not_ ? ">" : "<=";
    enum bx_kind comb = not_ ? BX_OR : BX_AND;
    struct bx *p[2], *q[2];
    int loc = x->location;
    if ((rc = eng__make_op(b, o1, a, lo, loc, &p[0], e)) != 0 ||
        (rc = eng__make_op(b, o2, a, hi, loc, &p[1], e)) != 0)
        return rc;
    struct bx *first = mk_bool(b, comb, p, 2, loc);
    if (!x->u.between.symmetric) {
        *out = first;
        return 0;
    }
    if ((rc = eng__make_op(b, o1, a, hi, loc, &q[0], e)) != 0 ||
        (rc = eng__make_op(b, o2, a, lo, loc, &q[1], e)) != 0)
        return rc;
    struct bx *second = mk_bool(b, comb, q, 2, loc);
    struct bx *both[2] = {first, second};
    *out = mk_bool(b, not_ ? BX_AND : BX_OR, both, 2, loc);
    return 0;
}

static int bind_case(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                     struct err *e)
{
    int n = x->u.case_.whens.n;
    struct bx *arg = NULL;
    int rc;
    if (x->u.case_.arg != NULL && (rc = eng__bind_expr(b, s, x->u.case_.arg, &arg, e)) != 0)
        return rc;
    struct bx **conds = mem_alloc(b->ctx, sizeof *conds * (size_t)n);
    struct bx **res = mem_alloc(b->ctx, sizeof *res * (size_t)(n + 1));
    bool dead = false;
    for (int i = 0; i < n; i++) {
        const struct sql_case_when *w = x->u.case_.whens.items[i];
        if (arg != NULL) {
            struct bx *v;
            if ((rc = eng__bind_expr(b, s, w->cond, &v, e)) != 0)
                return rc;
            if ((rc = eng__make_op(b, "=", arg, v, w->cond->location, &conds[i], e)) != 0)
                return rc;
            if (conds[i]->type != SQL_T_BOOL &&
                (rc = coerce_bool(b, conds[i], "CASE/WHEN", &conds[i], e)) != 0)
                return rc;
        } else if ((rc = eng__bind_bool(b, s, w->cond, "CASE/WHEN", &conds[i], e)) != 0) {
            return rc;
        }
        bool never =
            !dead && conds[i]->kind == BX_CONST && (conds[i]->u.c.null || !conds[i]->u.c.u.b);
        if (never)
            b->nofold_errors++;
        rc = eng__bind_expr(b, s, w->result, &res[i], e);
        if (never)
            b->nofold_errors--;
        if (rc != 0)
            return rc;
        if (!dead && conds[i]->kind == BX_CONST && !conds[i]->u.c.null && conds[i]->u.c.u.b) {
            dead = true; /* later arms and ELSE never run */
            b->nofold_errors++;
        }
    }
    if (x->u.case_.def != NULL) {
        rc = eng__bind_expr(b, s, x->u.case_.def, &res[n], e);
        if (dead)
            b->nofold_errors--;
        if (rc != 0)
            return rc;
    } else {
        if (dead)
            b->nofold_errors--;
        struct sql_value nv = sql_null(SQL_T_UNKNOWN);
        res[n] = eng__const(b->ctx, &nv, -1);
    }
    uint32_t t;
    if ((rc = coerce_common(b, res, n + 1, "CASE", &t, e)) != 0)
        return rc;
    struct bx *r = newbx(b->ctx, BX_CASE, t, x->location);
    r->u.cs.conds = conds;
    r->u.cs.results = res;
    r->u.cs.n = n;
    r->u.cs.def = res[n];
    *out = r;
    return 0;
}

int eng__bind_bool(struct binder *b, struct scope *s, const struct sql_expr *x, const char *clause,
                   struct bx **out, struct err *e)
{
    struct bx *r;
    int rc = eng__bind_expr(b, s, x, &r, e);
    if (rc != 0)
        return rc;
    return coerce_bool(b, r, clause, out, e);
}

static bool collation_ok(const struct sql_qname *q)
{
    const char *n = q->name;
    if (q->schema != NULL && strcmp(q->schema, "pg_catalog") != 0)
        return false;
    return strcmp(n, "C") == 0 || strcmp(n, "default") == 0 || strcmp(n, "POSIX") == 0 ||
           strcmp(n, "ucs_basic") == 0;
}

int eng__bind_expr(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                   struct err *e)
{
    int rc = eng__bind_row(b, s, x, out, e);
    if (rc <= 0 || (rc = eng__bind_srf(b, s, x, out, e)) <= 0)
        return rc;
    rc = 0;
    switch (x->kind) {
    case SQL_EXPR_CONST:
        return bind_const(b, x, out, e);
    case SQL_EXPR_COLUMN:
        return bind_column(b, s, x, out, e);
    case SQL_EXPR_PARAM: {
        int n = x->u.param;
        if (n < 1 || (size_t)n > b->cap)
            return eng__err(e, x->location, ERR_INVAL, "42P02", "there is no parameter $%d", n);
        if ((size_t)n > b->nparams) {
            for (size_t i = b->nparams; i < (size_t)n; i++)
                if (i >= b->declared)
                    b->param_types[i] = 0;
            b->nparams = (size_t)n;
        }
        uint32_t t = b->param_types[n - 1];
        const struct sql_ctype *pct = NULL; /* a composite-typed parameter (ctype.h) */
        if (t >= SQL_FIRST_USER_OID && b->env != NULL &&
            (rc = sql__ctype_load(b->env, t, &pct, e)) != 0)
            return rc;
        struct bx *r = newbx(b->ctx, BX_PARAM,
                             pct != NULL ? SQL_T_RECORD
                             : t         ? t
                                         : SQL_T_UNKNOWN,
                             x->location);
        if (pct != NULL)
            r->typmod = pct->shape;
        r->u.param = n - 1;
        *out = r;
        return 0;
    }
    case SQL_EXPR_OP: {
        struct bx *l = NULL, *r;
        if (x->u.op.l != NULL && (rc = eng__bind_expr(b, s, x->u.op.l, &l, e)) != 0)
            return rc;
        if ((rc = eng__bind_expr(b, s, x->u.op.r, &r, e)) != 0)
            return rc;
        return eng__make_op(b, x->u.op.name, l, r, x->location, out, e);
    }
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT: {
        const char *what = x->kind == SQL_EXPR_AND ? "AND" : x->kind == SQL_EXPR_OR ? "OR" : "NOT";
        int n = x->u.args.n;
        struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)n);
        bool allc = true;
        for (int i = 0; i < n; i++) {
            if ((rc = eng__bind_bool(b, s, x->u.args.items[i], what, &xs[i], e)) != 0)
                return rc;
            allc = allc && xs[i]->kind == BX_CONST;
        }
        enum bx_kind k = x->kind == SQL_EXPR_AND ? BX_AND : x->kind == SQL_EXPR_OR ? BX_OR : BX_NOT;
        struct bx *r = mk_bool(b, k, xs, n, x->location);
        if (allc)
            return fold(b, r, out, e);
        *out = r;
        return 0;
    }
    case SQL_EXPR_NULLTEST:
    case SQL_EXPR_BOOLTEST: {
        struct bx *a;
        bool nt = x->kind == SQL_EXPR_NULLTEST;
        if ((rc = eng__bind_expr(b, s, nt ? x->u.nulltest.arg : x->u.booltest.arg, &a, e)) != 0)
            return rc;
        if (!nt) {
            static const char *const names[] = {"IS TRUE",      "IS NOT TRUE", "IS FALSE",
                                                "IS NOT FALSE", "IS UNKNOWN",  "IS NOT UNKNOWN"};
            if ((rc = coerce_bool(b, a, names[x->u.booltest.test], &a, e)) != 0)
                return rc;
        }
        struct bx *r = newbx(b->ctx, nt ? BX_NULLTEST : BX_BOOLTEST, SQL_T_BOOL, x->location);
        r->u.test.arg = a;
        r->u.test.test = nt ? (x->u.nulltest.not ? 1 : 0) : (int)x->u.booltest.test;
        if (a->kind == BX_CONST)
            return fold(b, r, out, e);
        *out = r;
        return 0;
    }
    case SQL_EXPR_DISTINCT:
    case SQL_EXPR_NULLIF: {
        struct bx *l, *r, *eq;
        if ((rc = eng__bind_expr(b, s, x->u.op.l, &l, e)) != 0 ||
            (rc = eng__bind_expr(b, s, x->u.op.r, &r, e)) != 0)
            return rc;
        if ((rc = make_op_nofold(b, "=", l, r, x->location, &eq, e)) != 0)
            return rc;
        if (eq->type != SQL_T_BOOL)
            return eng__err(e, x->location, ERR_INVAL, "42804",
                            "operator = must return type boolean");
        bool d = x->kind == SQL_EXPR_DISTINCT;
        struct bx *res = newbx(b->ctx, d ? BX_DISTINCT : BX_NULLIF, SQL_T_BOOL, x->location);
        res->u.cmp.l = eq->u.fn.args[0];
        res->u.cmp.r = eq->u.fn.args[1];
        res->u.cmp.eq = eq->u.fn.m;
        res->u.cmp.not_ = x->u.op.not ;
        if (!d) {
            res->type = res->u.cmp.l->type;
            res->typmod = res->u.cmp.l->typmod;
            if (res->type == SQL_T_UNKNOWN)
                res->type = SQL_T_TEXT;
        }
        if (res->u.cmp.l->kind == BX_CONST && res->u.cmp.r->kind == BX_CONST)
            return fold(b, res, out, e);
        *out = res;
        return 0;
    }
    case SQL_EXPR_BETWEEN:
        return bind_between(b, s, x, out, e);
    case SQL_EXPR_IN: {
        struct bx *a;
        if ((rc = eng__bind_expr(b, s, x->u.in.arg, &a, e)) != 0)
            return rc;
        int n = x->u.in.list.n;
        struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)n);
        bool allc = true;
        for (int i = 0; i < n; i++) {
            struct bx *v;
            if ((rc = eng__bind_expr(b, s, x->u.in.list.items[i], &v, e)) != 0)
                return rc;
            if ((rc = eng__make_op(b, x->u.in.not ? "<>" : "=", a, v, x->location, &xs[i], e)) != 0)
                return rc;
            if ((rc = coerce_bool(b, xs[i], "IN", &xs[i], e)) != 0)
                return rc;
            allc = allc && xs[i]->kind == BX_CONST;
        }
        struct bx *r =
            n == 1 ? xs[0] : mk_bool(b, x->u.in.not ? BX_AND : BX_OR, xs, n, x->location);
        if (allc && n > 1)
            return fold(b, r, out, e);
        *out = r;
        return 0;
    }
    case SQL_EXPR_LIKE: {
        struct bx *l, *r;
        if ((rc = eng__bind_expr(b, s, x->u.like.arg, &l, e)) != 0 ||
            (rc = eng__bind_expr(b, s, x->u.like.pattern, &r, e)) != 0)
            return rc;
        return eng__make_op(b, x->u.like.op, l, r, x->location, out, e);
    }
    case SQL_EXPR_SUBLINK:
        return bind_sublink(b, s, x, out, e);
    case SQL_EXPR_CASE: {
        const char *sf = s != NULL ? s->srf_forbidden : NULL;
        if (s != NULL)
            s->srf_forbidden = "CASE";
        rc = bind_case(b, s, x, out, e);
        if (s != NULL)
            s->srf_forbidden = sf;
        return rc;
    }
    case SQL_EXPR_COALESCE:
    case SQL_EXPR_GREATEST:
    case SQL_EXPR_LEAST: {
        struct bx **xs =
            mem_alloc(b->ctx, sizeof *xs * (size_t)(x->u.args.n > 0 ? x->u.args.n : 1));
        int saved_nofold = b->nofold_errors;
        const char *sf = s != NULL ? s->srf_forbidden : NULL;
        for (int i = 0; i < x->u.args.n; i++) {
            if (s != NULL && x->kind == SQL_EXPR_COALESCE)
                s->srf_forbidden = "COALESCE";
            rc = eng__bind_expr(b, s, x->u.args.items[i], &xs[i], e);
            if (s != NULL)
                s->srf_forbidden = sf;
            if (rc != 0) {
                b->nofold_errors = saved_nofold;
                return rc;
            }
            /* COALESCE stops at its first non-null constant: what follows never runs */
            if (x->kind == SQL_EXPR_COALESCE && b->nofold_errors == saved_nofold &&
                xs[i]->kind == BX_CONST && !xs[i]->u.c.null)
                b->nofold_errors++;
        }
        b->nofold_errors = saved_nofold;
        const char *what = x->kind == SQL_EXPR_COALESCE   ? "COALESCE"
                           : x->kind == SQL_EXPR_GREATEST ? "GREATEST"
                                                          : "LEAST";
        uint32_t t;
        if ((rc = coerce_common(b, xs, x->u.args.n, what, &t, e)) != 0)
            return rc;
        enum bx_kind k = x->kind == SQL_EXPR_COALESCE   ? BX_COALESCE
                         : x->kind == SQL_EXPR_GREATEST ? BX_GREATEST
                                                        : BX_LEAST;
        struct bx *r = newbx(b->ctx, k, t, x->location);
        r->u.list.args = xs;
        r->u.list.n = x->u.args.n;
        if (all_const(xs, x->u.args.n))
            return fold(b, r, out, e);
        *out = r;
        return 0;
    }
    case SQL_EXPR_CAST: {
        struct bx *a;
        uint32_t t;
        int32_t tm;
        if (x->u.cast.arg->kind == SQL_EXPR_ARRAY && x->u.cast.type->array_dims > 0) {
            /* ARRAY[...]::T[]: the elements take the element type (an empty one too) */
            if ((rc = sql_type_resolve_domain(b->env, x->u.cast.type, &t, &tm, NULL, NULL, e)) !=
                0) {
                g_err_location =
                    x->u.cast.type->location >= 0 ? x->u.cast.type->location : x->location;
                return rc;
            }
            rc = eng__bind_array_ctor(b, s, x->u.cast.arg, t, &a, e);
        } else {
            rc = eng__bind_expr(b, s, x->u.cast.arg, &a, e);
        }
        if (rc != 0)
            return rc;
        uint32_t dom = 0;
        if ((rc = sql_type_resolve_domain(b->env, x->u.cast.type, &t, &tm, NULL, &dom, e)) != 0) {
            g_err_location = x->u.cast.type->location >= 0 ? x->u.cast.type->location : x->location;
            return rc;
        }
        if (a->location < 0 || a->kind == BX_CONST)
            a->location = a->location >= 0 ? a->location : x->location;
        if (t == SQL_T_RECORD && tm >= 0) /* a composite type (bind_ctype.c) */
            return eng__bind_ctype_cast_cc(b, a, tm, x->location, COERCE_EXPLICIT, out, e);
        struct bx *r;
        /* 'literal'::d[] is d[]'s input (array_in, domain_in per element
         * with the base's typmod): too long a value fails, as on assignment */
        bool dlit =
            (dom & SQL_DOMAIN_ARRAY) != 0 && a->kind == BX_CONST && a->type == SQL_T_UNKNOWN;
        if ((rc = eng__coerce(b, a, t, tm, dlit ? COERCE_ASSIGNMENT : COERCE_EXPLICIT, &r, e)) !=
            0) {
            /* transformTypeCast: a cast that does not exist is reported at
             * the cast ("::" or CAST), not at its argument */
            if (e != NULL && strcmp(e->sqlstate, "42846") == 0 && x->location >= 0)
                g_err_location = x->location;
            if (dlit && e != NULL && strcmp(e->sqlstate, "42846") != 0)
                g_err_location = a->location;
            return rc;
        }
        if (r == a && r->typmod != tm) {
            /* same type, different typmod: a length/precision coercion */
            struct bx *c = newbx(b->ctx, BX_CAST, t, x->location);
            c->typmod = tm;
            c->u.cast.arg = a;
            c->u.cast.explicit_ = true;
            r = c;
        }
        if (dom != 0 && a->kind == BX_CONST && a->type == SQL_T_UNKNOWN)
            return eng__domain_wrap_literal(b, r, dom, a->location, out, e);
        if (dom != 0)
            return eng__domain_wrap(b, r, dom, out, e);
        *out = r;
        return 0;
    }
    case SQL_EXPR_FUNC:
        return bind_func(b, s, x, out, e);
    case SQL_EXPR_COLLATE:
        if (!collation_ok(&x->u.collate.collation))
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "collation \"%s\" is not supported", x->u.collate.collation.name);
        {
            int crc = eng__bind_expr(b, s, x->u.collate.arg, out, e);
            if (crc != 0 || !not_collatable((*out)->type))
                return crc;
            char tb[128];
            return eng__err(e, x->location, ERR_INVAL, "42804",
                            "collations are not supported by type %s",
                            tname((*out)->type, tb, sizeof tb));
        }
    case SQL_EXPR_SQLVALUE:
        return bind_sqlvalue(b, x, out, e);
    case SQL_EXPR_DEFAULT:
        return eng__err(e, x->location, ERR_INVAL, "42601",
                        "DEFAULT is not allowed in this context");
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL: {
        /* arrays exist only as the text of their literal (catalog columns
         * such as pg_policy.polroles): compare with each element */
        struct bx *l, *r;
        if ((rc = eng__bind_expr(b, s, x->u.op.l, &l, e)) != 0 ||
            (rc = eng__bind_expr(b, s, x->u.op.r, &r, e)) != 0)
            return rc;
        if (l->kind == BX_ERROR || r->kind == BX_ERROR) {
            *out = l->kind == BX_ERROR ? l : r;
            return 0;
        }
        rc = eng__bind_array_anyall(b, x->u.op.name, l, r, x->kind == SQL_EXPR_OP_ALL, x->location,
                                    out, e);
        if (rc <= 0)
            return rc;
        if (r->type != SQL_T_TEXT && r->type != SQL_T_UNKNOWN)
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "op ANY/ALL (array) is not supported");
        if ((rc = eng__resolve_unknown(b, l, &l, e)) != 0 ||
            (rc = eng__coerce(b, r, SQL_T_TEXT, -1, COERCE_IMPLICIT, &r, e)) != 0)
            return rc;
        struct bx *sv = newbx(b->ctx, BX_SUBVAL, l->type, x->location);
        struct bx *cmp;
        if ((rc = eng__make_op(b, x->u.op.name, l, sv, x->location, &cmp, e)) != 0)
            return rc;
        if (cmp->type != SQL_T_BOOL)
            return eng__err(e, x->location, ERR_INVAL, "42809",
                            "op ANY/ALL (array) requires operator to yield boolean");
        struct bx *res = newbx(b->ctx, BX_ARRAYCMP, SQL_T_BOOL, x->location);
        res->u.arr.arr = r;
        res->u.arr.cmp = cmp;
        res->u.arr.all = x->kind == SQL_EXPR_OP_ALL;
        res->u.arr.elemtype = l->type;
        *out = res;
        return 0;
    }
    case SQL_EXPR_ROW:
        *out = poison(b, "row expressions are not supported", x->location);
        return 0;
    case SQL_EXPR_ARRAY:
        return eng__bind_array_ctor(b, s, x, 0, out, e);
    case SQL_EXPR_INDIRECTION:
        return eng__bind_indirection(b, s, x, out, e);
    }
    return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000", "expression is not supported");
}

/* ---- names of output columns (parse_target.c: FigureColname) ---- */

static const char *figure_plain(const struct sql_expr *x)
{
    switch (x->kind) {
    case SQL_EXPR_COLUMN:
        if (x->u.column.fields.n > 0) /* t.* names itself t */
            return x->u.column.fields.items[x->u.column.fields.n - 1];
        return "?column?";
    case SQL_EXPR_FUNC:
        return x->u.func.name.name;
    case SQL_EXPR_COALESCE:
        return "coalesce";
    case SQL_EXPR_GREATEST:
        return "greatest";
    case SQL_EXPR_LEAST:
        return "least";
    case SQL_EXPR_NULLIF:
        return "nullif";
    case SQL_EXPR_ROW:
        return "row";
    case SQL_EXPR_ARRAY:
        return "array";
    case SQL_EXPR_INDIRECTION: {
        const struct sql_list *p = &x->u.indir.path;
        const struct sql_indir *last = p->n > 0 ? p->items[p->n - 1] : NULL;
        if (last != NULL && last->kind == SQL_INDIR_FIELD)
            return last->field;
        return figure_plain(x->u.indir.arg);
    }
    case SQL_EXPR_SUBLINK:
        if (x->u.sublink.kind == SQL_SUBLINK_EXISTS)
            return "exists";
        if (x->u.sublink.kind == SQL_SUBLINK_ARRAY)
            return "array";
        if (x->u.sublink.kind == SQL_SUBLINK_EXPR && x->u.sublink.query != NULL &&
            x->u.sublink.query->op == SQL_SETOP_NONE && x->u.sublink.query->targets.n == 1) {
            const struct sql_target *t = x->u.sublink.query->targets.items[0];
            if (t->name)
                return t->name;
            if (t->val)
                return eng__figure_colname(t->val);
        }
        return "?column?";
    case SQL_EXPR_SQLVALUE:
        switch (x->u.sqlvalue.op) {
        case SQL_SV_CURRENT_DATE:
            return "current_date";
        case SQL_SV_CURRENT_TIME:
            return "current_time";
        case SQL_SV_CURRENT_TIMESTAMP:
            return "current_timestamp";
        case SQL_SV_LOCALTIME:
            return "localtime";
        case SQL_SV_LOCALTIMESTAMP:
            return "localtimestamp";
        case SQL_SV_CURRENT_ROLE:
            return "current_role";
        case SQL_SV_CURRENT_USER:
            return "current_user";
        case SQL_SV_USER:
            return "user";
        case SQL_SV_SESSION_USER:
            return "session_user";
        case SQL_SV_CURRENT_CATALOG:
            return "current_catalog";
        case SQL_SV_CURRENT_SCHEMA:
            return "current_schema";
        }
        return "?column?";
    default:
        return "?column?";
    }
}

/* FigureColnameInternal: the name and its strength (0: none, 1: a type name
 * from a cast or "case", 2: a real name), so that the outermost cast names
 * the column unless what it casts has a real name. */
static int figure(const struct sql_expr *x, const char **name)
{
    if (x == NULL)
        return 0;
    switch (x->kind) {
    case SQL_EXPR_CAST: {
        int s = figure(x->u.cast.arg, name);
        if (s <= 1 && x->u.cast.type != NULL) {
            *name = x->u.cast.type->name.name;
            return 1;
        }
        return s;
    }
    case SQL_EXPR_CASE: {
        int s = figure(x->u.case_.def, name);
        if (s <= 1) {
            *name = "case";
            return 1;
        }
        return s;
    }
    case SQL_EXPR_COLLATE:
        return figure(x->u.collate.arg, name);
    case SQL_EXPR_INDIRECTION: {
        const struct sql_list *p = &x->u.indir.path;
        const struct sql_indir *last = p->n > 0 ? p->items[p->n - 1] : NULL;
        if (last != NULL && last->kind == SQL_INDIR_FIELD) {
            *name = last->field;
            return 2;
        }
        return figure(x->u.indir.arg, name);
    }
    default: {
        const char *n = figure_plain(x);
        if (strcmp(n, "?column?") == 0)
            return 0;
        *name = n;
        return 2;
    }
    }
}

const char *eng__figure_colname(const struct sql_expr *x)
{
    const char *n = "?column?";
    figure(x, &n);
    return n;
}

/* ---- structural helpers ---- */

bool eng__bx_equal(const struct bx *a, const struct bx *b)
{
    if (a == b)
        return true;
    if (a == NULL || b == NULL || a->kind != b->kind || a->type != b->type)
        return false;
    switch (a->kind) {
    case BX_CONST:
        if (a->u.c.null || b->u.c.null)
            return a->u.c.null && b->u.c.null;
        return sql_value_cmp(&a->u.c, &b->u.c) == 0;
    case BX_COL:
        return a->u.col.level == b->u.col.level && a->u.col.idx == b->u.col.idx;
    case BX_PARAM:
        return a->u.param == b->u.param;
    case BX_FUNC:
        if (a->u.fn.m->def != b->u.fn.m->def || a->u.fn.nargs != b->u.fn.nargs)
            return false;
        for (int i = 0; i < a->u.fn.nargs; i++)
            if (!eng__bx_equal(a->u.fn.args[i], b->u.fn.args[i]))
                return false;
        return true;
    case BX_AND:
    case BX_OR:
    case BX_NOT:
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
    case BX_ROW:
        if (a->u.list.n != b->u.list.n)
            return false;
        for (int i = 0; i < a->u.list.n; i++)
            if (!eng__bx_equal(a->u.list.args[i], b->u.list.args[i]))
                return false;
        return true;
    case BX_NULLTEST:
    case BX_BOOLTEST:
    case BX_FIELD:
        return a->u.test.test == b->u.test.test && eng__bx_equal(a->u.test.arg, b->u.test.arg);
    case BX_DISTINCT:
    case BX_NULLIF:
        return a->u.cmp.not_ == b->u.cmp.not_ && eng__bx_equal(a->u.cmp.l, b->u.cmp.l) &&
               eng__bx_equal(a->u.cmp.r, b->u.cmp.r);
    case BX_CASE:
        if (a->u.cs.n != b->u.cs.n || !eng__bx_equal(a->u.cs.def, b->u.cs.def))
            return false;
        for (int i = 0; i < a->u.cs.n; i++)
            if (!eng__bx_equal(a->u.cs.conds[i], b->u.cs.conds[i]) ||
                !eng__bx_equal(a->u.cs.results[i], b->u.cs.results[i]))
                return false;
        return true;
    case BX_CAST:
        return a->typmod == b->typmod && a->u.cast.explicit_ == b->u.cast.explicit_ &&
               eng__bx_equal(a->u.cast.arg, b->u.cast.arg);
    case BX_AGG: {
        const struct bx_aggref *x = a->u.agg.ref, *y = b->u.agg.ref;
        return x->def == y->def && x->distinct == y->distinct && x->star == y->star &&
               eng__bx_equal(x->arg, y->arg) && eng__bx_equal(x->arg2, y->arg2) &&
               eng__bx_equal(x->filter, y->filter) && eng__agg_order_equal(x, y) &&
               eng__grouping_args_equal(x, y);
    }
    default:
        return false;
    }
}

bool eng__bx_walk(struct bx *x, bool (*fn)(struct bx *x, void *arg), void *arg)
{
    if (x == NULL)
        return false;
    if (fn(x, arg))
        return true;
    switch (x->kind) {
    case BX_FUNC:
        for (int i = 0; i < x->u.fn.nargs; i++)
            if (eng__bx_walk(x->u.fn.args[i], fn, arg))
                return true;
        return false;
    case BX_AND:
    case BX_OR:
    case BX_NOT:
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
    case BX_ROW:
        for (int i = 0; i < x->u.list.n; i++)
            if (eng__bx_walk(x->u.list.args[i], fn, arg))
                return true;
        return false;
    case BX_NULLTEST:
    case BX_BOOLTEST:
    case BX_FIELD:
        return eng__bx_walk(x->u.test.arg, fn, arg);
    case BX_DISTINCT:
    case BX_NULLIF:
        return eng__bx_walk(x->u.cmp.l, fn, arg) || eng__bx_walk(x->u.cmp.r, fn, arg);
    case BX_CASE:
        for (int i = 0; i < x->u.cs.n; i++)
            if (eng__bx_walk(x->u.cs.conds[i], fn, arg) ||
                eng__bx_walk(x->u.cs.results[i], fn, arg))
                return true;
        return eng__bx_walk(x->u.cs.def, fn, arg);
    case BX_CAST:
        return eng__bx_walk(x->u.cast.arg, fn, arg);
    case BX_SUBLINK:
        return eng__bx_walk(x->u.sub.cmp, fn, arg) || eng__bx_walk(x->u.sub.sep, fn, arg);
    case BX_ARRAYCMP:
        return eng__bx_walk(x->u.arr.arr, fn, arg) || eng__bx_walk(x->u.arr.cmp, fn, arg);
    case BX_AGG:
        return eng__bx_walk(x->u.agg.ref->arg, fn, arg) ||
               eng__bx_walk(x->u.agg.ref->arg2, fn, arg) ||
               eng__bx_walk(x->u.agg.ref->filter, fn, arg) ||
               eng__agg_order_walk(x->u.agg.ref, fn, arg);
    case BX_WINDOW:
        return eng__win_walk(x, fn, arg);
    default:
        return false;
    }
}

struct slots_acc {
    int lo, hi;
    bool outer;
};

static bool slots_fn(struct bx *x, void *arg)
{
    struct slots_acc *a = arg;
    if (x->kind == BX_COL) {
        if (x->u.col.level == 0) {
            if (x->u.col.idx < a->lo)
                a->lo = x->u.col.idx;
            if (x->u.col.idx > a->hi)
                a->hi = x->u.col.idx;
        }
    } else if (x->kind == BX_SUBLINK || x->kind == BX_AGG) {
        /* (BX_SUBVAL outside a sublink is the element of an op ANY/ALL
         * (array): the qual can move, plan_inlist.c) */
        a->outer = true;
    }
    return false;
}

void eng__bx_slots(const struct bx *x, int *lo, int *hi, bool *outer)
{
    struct slots_acc a = {.lo = 1 << 30, .hi = -1, .outer = false};
    eng__bx_walk((struct bx *)x, slots_fn, &a);
    *lo = a.lo;
    *hi = a.hi;
    *outer = a.outer;
}

void eng__conjuncts(struct mem_ctx *ctx, struct bx *x, struct bx ***list, int *n, int *cap)
{
    if (x == NULL)
        return;
    if (x->kind == BX_AND) {
        for (int i = 0; i < x->u.list.n; i++)
            eng__conjuncts(ctx, x->u.list.args[i], list, n, cap);
        return;
    }
    if (x->kind == BX_CONST && !x->u.c.null && x->u.c.u.b)
        return; /* TRUE */
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        *list = mem_realloc(ctx, *list, sizeof **list * (size_t)*cap, sizeof **list * (size_t)nc);
        *cap = nc;
    }
    (*list)[(*n)++] = x;
}

struct bx *eng__and_list(struct mem_ctx *ctx, struct bx **xs, int n)
{
    if (n == 0)
        return NULL;
    if (n == 1)
        return xs[0];
    struct bx *x = newbx(ctx, BX_AND, SQL_T_BOOL, -1);
    x->u.list.args = mem_alloc(ctx, sizeof *xs * (size_t)n);
    memcpy(x->u.list.args, xs, sizeof *xs * (size_t)n);
    x->u.list.n = n;
    return x;
}
