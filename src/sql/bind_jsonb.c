/* bind_jsonb.c — jsonb subscripting (PostgreSQL 14+'s jsonbsubs.c):
 * j['a'], j['a'][0], j[-1] read a member as jsonb (NULL when missing, as
 * jsonb_get_element), and UPDATE ... SET j['a']['b'] = v / INSERT INTO
 * t (j['a']) assign one, creating missing keys and padding arrays with
 * nulls (jsonb_set_element).
 *
 * Each subscript is bound as jsonb_subscript_transform does: an untyped
 * literal is text, otherwise the type must reach exactly one of integer or
 * text implicitly; slices are rejected. A read becomes
 * sf_jsonb_subscript(container, sub...), an assignment
 * sf_jsonb_assign(base, value, sub...) (func_json.c); bind_array.c and
 * bind_assign.c hand the run of subscripts here.
 *
 * Also VARIADIC array arguments of the json builders, json[b]_extract_path
 * and jsonb_delete (eng__bind_json_variadic): the registry spells their
 * variadic parameters as repeated arguments, so a call with VARIADIC arr is
 * bound to a def of func_json.c that takes the array whole.
 */
#include "sql/engine_int.h"
#include "sql/array.h"
#include "sql/json_int.h"

#include <string.h>

static struct bx *jcall(struct binder *b, const struct sql_func_def *def, struct bx **args, int n,
                        int location)
{
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = def;
    m->nargs = n;
    m->ret = def->ret;
    m->ret_typmod = -1;
    for (int i = 0; i < n; i++)
        m->argtypes[i] = args[i]->type;
    struct bx *fx = mem_alloc0(b->ctx, sizeof *fx);
    fx->kind = BX_FUNC;
    fx->type = def->ret;
    fx->typmod = -1;
    fx->location = location;
    fx->u.fn.m = m;
    fx->u.fn.args = args;
    fx->u.fn.nargs = n;
    fx->u.fn.name = def->name;
    fx->u.fn.cache_slot = b->nfcache++;
    return fx;
}

static int sub_type_err(struct binder *b, const struct sql_expr *x, uint32_t t, bool both,
                        struct err *e)
{
    (void)b;
    struct sbuf tn;
    sbuf_init(&tn);
    sql_type_format(t, -1, &tn);
    /* exprLocation: the leftmost token (x of x::t) */
    int loc = x->location;
    while (x->kind == SQL_EXPR_CAST && x->u.cast.arg != NULL) {
        x = x->u.cast.arg;
        if (x->location >= 0 && x->location < loc)
            loc = x->location;
    }
    int rc = eng__err(e, loc, ERR_INVAL, "42804",
                      "subscript type %s is not supported" ENG_HINT_SEP "%s", tn.data,
                      both ? "jsonb subscript must be coercible to only one type, integer or text."
                           : "jsonb subscript must be coercible to either integer or text.");
    sbuf_free(&tn);
    return rc;
}

static bool reaches(uint32_t from, uint32_t to)
{
    return from == to || sql_cast_context(from, to) == SQL_CAST_IMPLICIT;
}

/* The subscripts path[i..j) bound and coerced to int4 or text into
 * subs[0..j-i). */
static int bind_subs(struct binder *b, struct scope *s, const struct sql_list *path, int i, int j,
                     bool assign, struct bx **subs, struct err *e)
{
    for (int k = i; k < j; k++) {
        const struct sql_indir *d = path->items[k];
        if (d->kind == SQL_INDIR_SLICE) {
            /* PostgreSQL points at the slice's bound, in an assignment at
             * the first subscript */
            const struct sql_indir *d0 = path->items[i];
            if (assign && d0->kind == SQL_INDIR_SUBSCRIPT)
                d = d0;
            const struct sql_expr *x = d->uidx != NULL ? d->uidx : d->lidx;
            return eng__err(e, x != NULL ? x->location : -1, ERR_INVAL, "42804",
                            "jsonb subscript does not support slices");
        }
    }
    for (int k = i; k < j; k++) {
        const struct sql_indir *d = path->items[k];
        struct bx *v;
        int rc = eng__bind_expr(b, s, d->uidx, &v, e);
        if (rc != 0)
            return rc;
        uint32_t to = SQL_T_TEXT;
        if (v->type != SQL_T_UNKNOWN) {
            bool ti = reaches(v->type, SQL_T_INT4), tt = reaches(v->type, SQL_T_TEXT);
            if (ti == tt)
                return sub_type_err(b, d->uidx, v->type, ti, e);
            to = ti ? SQL_T_INT4 : SQL_T_TEXT;
        }
        if ((rc = eng__coerce(b, v, to, -1, COERCE_IMPLICIT, &subs[k - i], e)) != 0)
            return rc;
    }
    return 0;
}

int eng__bind_jsonb_subscript(struct binder *b, struct scope *s, struct bx *arg,
                              const struct sql_list *path, int i, int j, int location,
                              struct bx **out, struct err *e)
{
    int n = j - i;
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * (size_t)(n + 1));
    args[0] = arg;
    int rc = bind_subs(b, s, path, i, j, false, args + 1, e);
    if (rc != 0)
        return rc;
    *out = jcall(b, &sql__jsonb_subscript_def, args, n + 1, location);
    return 0;
}

int eng__bind_jsonb_assign_subs(struct binder *b, struct scope *s, const struct sql_list *path,
                                int i, int j, struct bx ***subs, struct err *e)
{
    *subs = mem_alloc0(b->ctx, sizeof **subs * (size_t)(j - i + 1));
    return bind_subs(b, s, path, i, j, true, *subs, e);
}

struct bx *eng__jsonb_assign_call(struct binder *b, struct bx *base, struct bx *val,
                                  struct bx **subs, int nsubs, int location)
{
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * (size_t)(nsubs + 2));
    args[0] = base;
    args[1] = val;
    for (int k = 0; k < nsubs; k++)
        args[2 + k] = subs[k];
    return jcall(b, &sql__jsonb_assign_def, args, nsubs + 2, location);
}

bool eng__is_jsonb_assign(const struct bx *x)
{
    return x != NULL && x->kind == BX_FUNC && x->u.fn.m->def == &sql__jsonb_assign_def;
}

int eng__bind_json_variadic(struct binder *b, const char *name, struct bx **args, int n,
                            int location, struct bx **out, struct err *e)
{
    const struct sql_func_def *def = sql__json_variadic_def(name);
    if (def == NULL || n != def->nargs)
        return 1;
    struct bx *va = args[n - 1];
    if (n == 1 && sql_array_elemtype(va->type) == 0)
        return eng__err(e, va->location >= 0 ? va->location : location, ERR_INVAL, "42804",
                        "VARIADIC argument must be an array");
    for (int i = 0; i < n && n > 1; i++) { /* (json, VARIADIC text[]) */
        enum sql_cast_ctx cc = sql_cast_context(args[i]->type, def->args[i]);
        if (args[i]->type != def->args[i] && args[i]->type != SQL_T_UNKNOWN &&
            cc != SQL_CAST_IMPLICIT)
            return 1; /* resolution reports it */
        int rc = eng__coerce(b, args[i], def->args[i], -1, COERCE_IMPLICIT, &args[i], e);
        if (rc != 0)
            return rc;
    }
    struct bx *x = jcall(b, def, args, n, location);
    *out = x;
    return 0;
}
