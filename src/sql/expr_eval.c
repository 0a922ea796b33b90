/* expr_eval.c — evaluation of bound expressions over one row, with SQL's
 * three-valued logic (AND/OR/NOT, IS [NOT] DISTINCT FROM, NULLIF, CASE).
 *
 * Results are allocated in the ectx's memory (a per-row context the caller
 * resets). Column references read the row of their query level: level 0 is
 * x->row, level k walks k steps up the outer chain (correlated subqueries).
 */
#include "sql/array_int.h"
#include "sql/engine_int.h"
#include "sql/regns.h"
#include "sql/regtype.h"
#include "sql/value_int.h"
#include "sql/vtab.h"
#include "common/str.h"

#include <string.h>
#include <strings.h>

int eng__tick(struct xrt *rt, struct err *e)
{
    if ((++rt->tick % ENG_INTERRUPT_EVERY) == 0 && rt->env != NULL)
        return sql_env_check_interrupts(rt->env, e);
    return 0;
}

static int call(const struct ectx *x, const struct bx *b, struct sql_value *out, struct err *e)
{
    const struct bx_func *f = &b->u.fn;
    struct sql_value argbuf[SQL_FUNC_MAX_ARGS * 4];
    struct sql_value *argv = argbuf;
    int nargs = f->nargs;
    if (nargs < 0 || nargs > (int)(sizeof argbuf / sizeof argbuf[0]))
        return err_set(e, ERR_INTERNAL, "function call with %d arguments", nargs);
    bool strict = f->m->def->strict;
    for (int i = 0; i < f->nargs; i++) {
        int rc = eng__eval(x, f->args[i], &argv[i], e);
        if (rc != 0)
            return rc;
        if (strict && argv[i].null) {
            *out = sql_null(b->type);
            return 0;
        }
    }
    if (f->va_expand) {
        /* f(a, VARIADIC arr): the array's elements (all dimensions, in
         * order) become the trailing arguments. A NULL array makes the
         * call NULL, except format(), which reads it as no arguments
         * (text_format's "VARIADIC NULL"). */
        const struct sql_value *va = &argv[f->nargs - 1];
        nargs = f->nargs - 1;
        if (va->null) {
            if (strcmp(f->m->def->name, "format") != 0) {
                *out = sql_null(b->type);
                return 0;
            }
        } else {
            const struct sql_array *arr = va->u.arr;
            int total = nargs + (arr != NULL ? arr->nitems : 0);
            if (total > (int)(sizeof argbuf / sizeof argbuf[0])) {
                struct sql_value *big = mem_alloc(x->mem, sizeof *big * (size_t)total);
                for (int i = 0; i < nargs; i++)
                    big[i] = argv[i];
                argv = big;
            }
            for (int i = 0; arr != NULL && i < arr->nitems; i++) {
                argv[nargs++] = arr->items[i];
                if (strict && arr->items[i].null) {
                    *out = sql_null(b->type);
                    return 0;
                }
            }
        }
    }
    void *scratch = NULL;
    void **cache = &scratch;
    if (x->rt->fcache != NULL && f->cache_slot < x->rt->nfcache)
        cache = &x->rt->fcache[f->cache_slot];
    struct sql_fcall c = {.env = x->rt->env, .ctx = x->mem, .match = f->m, .cache = *cache};
    memset(out, 0, sizeof *out);
    out->type = b->type;
    int rc = f->m->def->fn(&c, argv, nargs, out, e);
    *cache = c.cache;
    if (rc != 0)
        return rc;
    if (out->null)
        out->type = b->type;
    return 0;
}

int eng__eval_qual(const struct ectx *x, const struct bx *b, bool *ok, struct err *e)
{
    if (b == NULL) {
        *ok = true;
        return 0;
    }
    struct sql_value v;
    int rc = eng__eval(x, b, &v, e);
    if (rc != 0)
        return rc;
    *ok = !v.null && v.u.b;
    return 0;
}

static int minmax(const struct ectx *x, const struct bx *b, bool greatest, struct sql_value *out,
                  struct err *e)
{
    bool have = false;
    *out = sql_null(b->type);
    for (int i = 0; i < b->u.list.n; i++) {
        struct sql_value v;
        int rc = eng__eval(x, b->u.list.args[i], &v, e);
        if (rc != 0)
            return rc;
        if (v.null)
            continue;
        if (!have) {
            *out = v;
            have = true;
            continue;
        }
        int c = sql_value_cmp(&v, out);
        if (greatest ? c > 0 : c < 0)
            *out = v;
    }
    return 0;
}

/* l op ANY/ALL (array literal text): parse '{a,"b c",NULL}' and compare
 * with each element converted to the left operand's type. */
/* l op ANY/ALL (array) over a real array: ScalarArrayOpExpr's three-valued
 * result (NULL when no element decides and some comparison was NULL). */
static int arraycmp_real(const struct ectx *x, const struct bx *b, const struct sql_array *arr,
                         struct sql_value *out, struct err *e)
{
    bool any = !b->u.arr.all, any_null = false;
    for (int i = 0; i < arr->nitems; i++) {
        struct ectx c = *x;
        c.subval = &arr->items[i];
        struct sql_value r;
        int rc = eng__eval(&c, b->u.arr.cmp, &r, e);
        if (rc != 0)
            return rc;
        if (r.null) {
            any_null = true;
            continue;
        }
        if (r.u.b == any) {
            *out = sql_bool(any);
            return 0;
        }
    }
    *out = any_null ? sql_null(SQL_T_BOOL) : sql_bool(!any);
    return 0;
}

static int arraycmp(const struct ectx *x, const struct bx *b, struct sql_value *out, struct err *e)
{
    struct sql_value a;
    int rc = eng__eval(x, b->u.arr.arr, &a, e);
    if (rc != 0)
        return rc;
    if (a.null) {
        *out = sql_null(SQL_T_BOOL);
        return 0;
    }
    if (sql_array_elemtype(a.type) != 0)
        return arraycmp_real(x, b, a.u.arr, out, e);
    const char *p = a.u.s.p, *end = a.u.s.p + a.u.s.len;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p >= end || *p != '{')
        return err_set_state(e, ERR_INVAL, "22P02", "malformed array literal: \"%.*s\"",
                             (int)a.u.s.len, a.u.s.p);
    p++;
    bool any = !b->u.arr.all, any_null = false, decided = false, result = false;
    struct sbuf el;
    sbuf_init(&el);
    const struct sql_fmt *f = &x->rt->env->fmt;
    while (p < end && *p != '}' && !decided) {
        sbuf_reset(&el);
        bool quoted = false;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p < end && *p == '"') {
            quoted = true;
            p++;
            while (p < end && *p != '"') {
                if (*p == '\\' && p + 1 < end)
                    p++;
                sbuf_putc(&el, *p++);
            }
            p++;
        } else {
            while (p < end && *p != ',' && *p != '}') {
                if (*p == '\\' && p + 1 < end)
                    p++;
                sbuf_putc(&el, *p++);
            }
            while (el.len > 0 && (el.data[el.len - 1] == ' ' || el.data[el.len - 1] == '\t'))
                el.len--;
        }
        if (p < end && *p == ',')
            p++;
        struct sql_value v;
        if (!quoted && el.len == 4 && strncasecmp(el.data, "null", 4) == 0) {
            v = sql_null(b->u.arr.elemtype);
        } else {
            rc = sql_value_in(x->mem, b->u.arr.elemtype, -1, el.data ? el.data : "", el.len, f, &v,
                              e);
            if (rc != 0)
                break;
        }
        struct ectx c = *x;
        c.subval = &v;
        struct sql_value r;
        if ((rc = eng__eval(&c, b->u.arr.cmp, &r, e)) != 0)
            break;
        if (r.null) {
            any_null = true;
        } else if (r.u.b == any) {
            decided = true;
            result = any;
        }
    }
    sbuf_free(&el);
    if (rc != 0)
        return rc;
    if (decided)
        *out = sql_bool(result);
    else
        *out = any_null ? sql_null(SQL_T_BOOL) : sql_bool(!any);
    return 0;
}

int eng__regclass_text(struct sql_env *env, struct mem_ctx *mem, const struct sql_value *v,
                       struct sql_value *out, struct err *e)
{
    struct sbuf sb;
    sbuf_init(&sb);
    int rc = sql_pgcat_regclass_out(env, (uint32_t)v->u.i, &sb, e);
    if (rc == 0) {
        char *p = mem_strndup(mem, sb.data, sb.len);
        *out = sql_text(p, sb.len);
    }
    sbuf_free(&sb);
    return rc;
}

int eng__regtype_text(struct sql_env *env, struct mem_ctx *mem, const struct sql_value *v,
                      struct sql_value *out, struct err *e)
{
    if ((uint32_t)v->u.i == 0) { /* InvalidOid prints as "-" */
        *out = sql_text("-", 1);
        return 0;
    }
    if (sql_type_get((uint32_t)v->u.i) == NULL) { /* an unknown oid prints as a number */
        char *p = mem_printf(mem, "%u", (uint32_t)v->u.i);
        *out = sql_text(p, strlen(p));
        return 0;
    }
    const char *p = NULL;
    int rc = sql__type_name_env(env, mem, (uint32_t)v->u.i, -1, &p, e);
    if (rc == 0)
        *out = sql_text(p, strlen(p));
    return rc;
}

bool eng__regtype_by_name(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i == len)
        return true; /* "" is an invalid type name */
    if (s[i] == '-' && i + 1 == len)
        return false;
    for (; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return true;
    return false;
}

int eng__eval(const struct ectx *x, const struct bx *b, struct sql_value *out, struct err *e)
{
    int rc;
    switch (b->kind) {
    case BX_CONST:
        *out = b->u.c;
        return 0;
    case BX_COL: {
        const struct ectx *c = x;
        for (int i = 0; i < b->u.col.level && c != NULL; i++)
            c = c->outer;
        if (c == NULL || c->row == NULL)
            return err_set_state(e, ERR_INTERNAL, "XX000", "column reference without a row");
        *out = c->row[b->u.col.idx];
        return 0;
    }
    case BX_PARAM: {
        const struct xrt *rt = x->rt;
        if (rt->params == NULL || (size_t)b->u.param >= rt->nparams) {
            return err_set_state(e, ERR_INVAL, "08P01",
                                 "bind message supplies %zu parameters, but prepared statement "
                                 "\"\" requires %d",
                                 rt->nparams, b->u.param + 1);
        }
        const struct sql_value *p = &rt->params[b->u.param];
        if (p->null) {
            *out = sql_null(b->type);
            return 0;
        }
        if (p->type == b->type || b->type == SQL_T_UNKNOWN) {
            *out = *p;
            return 0;
        }
        return sql_value_cast(x->mem, p, b->type, -1, false, &rt->env->fmt, out, e);
    }
    case BX_FUNC:
        return call(x, b, out, e);
    case BX_AND:
    case BX_OR: {
        bool is_and = b->kind == BX_AND;
        bool any_null = false;
        for (int i = 0; i < b->u.list.n; i++) {
            struct sql_value v;
            if ((rc = eng__eval(x, b->u.list.args[i], &v, e)) != 0)
                return rc;
            if (v.null) {
                any_null = true;
                continue;
            }
            if (v.u.b != is_and) {
                *out = sql_bool(!is_and);
                return 0;
            }
        }
        *out = any_null ? sql_null(SQL_T_BOOL) : sql_bool(is_and);
        return 0;
    }
    case BX_NOT: {
        struct sql_value v;
        if ((rc = eng__eval(x, b->u.list.args[0], &v, e)) != 0)
            return rc;
        *out = v.null ? sql_null(SQL_T_BOOL) : sql_bool(!v.u.b);
        return 0;
    }
    case BX_NULLTEST: {
        struct sql_value v;
        if ((rc = eng__eval(x, b->u.test.arg, &v, e)) != 0)
            return rc;
        if (!v.null && v.type == SQL_T_RECORD && v.u.arr != NULL) {
            /* a row value (ExecEvalRowNull): IS NULL when every field is
             * NULL, IS NOT NULL when none is */
            bool all_null = true, none_null = true;
            for (int i = 0; i < v.u.arr->nitems; i++) {
                all_null = all_null && v.u.arr->items[i].null;
                none_null = none_null && !v.u.arr->items[i].null;
            }
            *out = sql_bool(b->u.test.test ? none_null : all_null);
            return 0;
        }
        *out = sql_bool(b->u.test.test ? !v.null : v.null);
        return 0;
    }
    case BX_BOOLTEST: {
        struct sql_value v;
        if ((rc = eng__eval(x, b->u.test.arg, &v, e)) != 0)
            return rc;
        bool r = false;
        switch ((enum sql_booltest)b->u.test.test) {
        case SQL_IS_TRUE:
            r = !v.null && v.u.b;
            break;
        case SQL_IS_NOT_TRUE:
            r = v.null || !v.u.b;
            break;
        case SQL_IS_FALSE:
            r = !v.null && !v.u.b;
            break;
        case SQL_IS_NOT_FALSE:
            r = v.null || v.u.b;
            break;
        case SQL_IS_UNKNOWN:
            r = v.null;
            break;
        case SQL_IS_NOT_UNKNOWN:
            r = !v.null;
            break;
        }
        *out = sql_bool(r);
        return 0;
    }
    case BX_DISTINCT:
    case BX_NULLIF: {
        struct sql_value lr[2];
        if ((rc = eng__eval(x, b->u.cmp.l, &lr[0], e)) != 0 ||
            (rc = eng__eval(x, b->u.cmp.r, &lr[1], e)) != 0)
            return rc;
        bool eq;
        if (lr[0].null || lr[1].null) {
            eq = lr[0].null && lr[1].null;
            if (b->kind == BX_NULLIF) {
                *out = lr[0];
                if (out->null)
                    *out = sql_null(b->type);
                return 0;
            }
        } else {
            struct sql_fcall c = {.env = x->rt->env, .ctx = x->mem, .match = b->u.cmp.eq};
            struct sql_value r;
            memset(&r, 0, sizeof r);
            if ((rc = b->u.cmp.eq->def->fn(&c, lr, 2, &r, e)) != 0)
                return rc;
            eq = !r.null && r.u.b;
        }
        if (b->kind == BX_NULLIF) {
            *out = eq ? sql_null(b->type) : lr[0];
            return 0;
        }
        *out = sql_bool(b->u.cmp.not_ ? eq : !eq);
        return 0;
    }
    case BX_CASE:
        for (int i = 0; i < b->u.cs.n; i++) {
            bool ok;
            if ((rc = eng__eval_qual(x, b->u.cs.conds[i], &ok, e)) != 0)
                return rc;
            if (ok)
                return eng__eval(x, b->u.cs.results[i], out, e);
        }
        return eng__eval(x, b->u.cs.def, out, e);
    case BX_COALESCE:
        for (int i = 0; i < b->u.list.n; i++) {
            if ((rc = eng__eval(x, b->u.list.args[i], out, e)) != 0)
                return rc;
            if (!out->null)
                return 0;
        }
        *out = sql_null(b->type);
        return 0;
    case BX_GREATEST:
    case BX_LEAST:
        return minmax(x, b, b->kind == BX_GREATEST, out, e);
    case BX_ROW: { /* a record: its fields in u.arr (value_record.c) */
        struct sql_array *a = sql_array_new(x->mem, SQL_T_RECORD, b->u.list.n);
        sql__record_set_typmod(a, b->typmod);
        for (int i = 0; i < b->u.list.n; i++)
            if ((rc = eng__eval(x, b->u.list.args[i], &a->items[i], e)) != 0)
                return rc;
        *out = sql_null(SQL_T_RECORD);
        out->null = false;
        out->u.arr = a;
        return 0;
    }
    case BX_FIELD: {
        struct sql_value v;
        if ((rc = eng__eval(x, b->u.test.arg, &v, e)) != 0)
            return rc;
        if (v.null || v.u.arr == NULL || b->u.test.test >= v.u.arr->nitems) {
            *out = sql_null(b->type);
            return 0;
        }
        *out = v.u.arr->items[b->u.test.test];
        return 0;
    }
    case BX_CAST: {
        struct sql_value v;
        if ((rc = eng__eval(x, b->u.cast.arg, &v, e)) != 0)
            return rc;
        if (v.null) {
            *out = sql_null(b->type);
            return 0;
        }
        if (v.type == b->type && b->typmod < 0) {
            *out = v;
            return 0;
        }
        if (v.type == SQL_T_REGCLASS && x->rt->env != NULL &&
            (b->type == SQL_T_TEXT || b->type == SQL_T_VARCHAR || b->type == SQL_T_BPCHAR ||
             b->type == SQL_T_NAME)) {
            /* regclassout: the relation's name (value.c has no catalog) */
            if ((rc = eng__regclass_text(x->rt->env, x->mem, &v, &v, e)) != 0)
                return rc;
            if (b->type == SQL_T_TEXT && b->typmod < 0) {
                *out = v;
                return 0;
            }
        }
        if (v.type == SQL_T_REGTYPE && x->rt->env != NULL &&
            (b->type == SQL_T_TEXT || b->type == SQL_T_VARCHAR || b->type == SQL_T_BPCHAR ||
             b->type == SQL_T_NAME)) {
            /* regtypeout: format_type, qualified when not visible */
            if ((rc = eng__regtype_text(x->rt->env, x->mem, &v, &v, e)) != 0)
                return rc;
            if (b->type == SQL_T_TEXT && b->typmod < 0) {
                *out = v;
                return 0;
            }
        }
        if (sql__regns_type(v.type) && x->rt->env != NULL && x->rt->env->txn != NULL &&
            (b->type == SQL_T_TEXT || b->type == SQL_T_VARCHAR || b->type == SQL_T_BPCHAR ||
             b->type == SQL_T_NAME)) {
            /* regnamespaceout / regroleout */
            if ((rc = sql__regns_text(x->rt->env, x->mem, &v, &v, e)) != 0)
                return rc;
            if (b->type == SQL_T_TEXT && b->typmod < 0) {
                *out = v;
                return 0;
            }
        }
        if ((sql__regns_type(b->type) || b->type == SQL_T_REGCLASS) && x->rt->env != NULL &&
            x->rt->env->txn != NULL &&
            (v.type == SQL_T_TEXT || v.type == SQL_T_VARCHAR || v.type == SQL_T_BPCHAR ||
             v.type == SQL_T_NAME || v.type == SQL_T_UNKNOWN)) {
            /* regnamespacein / regrolein / regclassin by name */
            int64_t oid = 0;
            if ((rc = sql__reg_in_env(x->rt->env, x->mem, b->type, v.u.s.p, v.u.s.len, &oid, e)) !=
                0)
                return rc;
            *out = sql_int8(oid);
            out->type = b->type;
            return 0;
        }
        if (b->type == SQL_T_REGTYPE && x->rt->env != NULL && x->rt->env->txn != NULL &&
            (v.type == SQL_T_TEXT || v.type == SQL_T_VARCHAR || v.type == SQL_T_BPCHAR ||
             v.type == SQL_T_NAME || v.type == SQL_T_UNKNOWN) &&
            eng__regtype_by_name(v.u.s.p, v.u.s.len)) {
            /* regtypein by name: search_path, this database */
            int64_t oid = 0;
            if ((rc = sql__regtype_in_env(x->rt->env, x->mem, v.u.s.p, v.u.s.len, &oid, e)) != 0)
                return rc;
            *out = sql_int8(oid);
            out->type = SQL_T_REGTYPE;
            return 0;
        }
        const struct sql_fmt *f = x->rt->env ? &x->rt->env->fmt : NULL;
        struct sql_fmt deflt;
        if (f == NULL) {
            sql_fmt_init(&deflt);
            f = &deflt;
        }
        return sql_value_cast(x->mem, &v, b->type, b->typmod, b->u.cast.explicit_, f, out, e);
    }
    case BX_SUBLINK:
        return eng__run_sublink(x, b, out, e);
    case BX_SUBVAL: {
        const struct ectx *c = x;
        while (c != NULL && c->subval == NULL)
            c = c->outer;
        if (c == NULL)
            return err_set_state(e, ERR_INTERNAL, "XX000", "subquery value outside a comparison");
        *out = c->subval[b->u.subcol];
        return 0;
    }
    case BX_ARRAYCMP:
        return arraycmp(x, b, out, e);
    case BX_ERROR:
        if (b->location >= 0)
            eng__set_error_location(b->location);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "%s", b->u.errmsg);
    case BX_AGG:
        return err_set_state(e, ERR_INTERNAL, "XX000", "aggregate outside of grouping");
    case BX_WINDOW:
        return err_set_state(e, ERR_INTERNAL, "XX000", "window function outside of a window");
    }
    return err_set_state(e, ERR_INTERNAL, "XX000", "unknown expression kind");
}

bool eng__qual_never_true(const struct bx *q)
{
    if (q == NULL)
        return false;
    if (q->kind == BX_CONST)
        return q->u.c.null || !q->u.c.u.b;
    if (q->kind == BX_AND)
        for (int i = 0; i < q->u.list.n; i++)
            if (eng__qual_never_true(q->u.list.args[i]))
                return true;
    return false;
}
