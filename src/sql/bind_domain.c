/* bind_domain.c — domains in bound expressions: a value assigned or cast to
 * a domain is its base type's value passed through sf_domain_check(x,
 * domain oid), which raises 23502/23514 (domain.h) and returns x. */
#include "sql/domain.h"
#include "sql/engine_int.h"

#include <string.h>

static int fn_domain_check(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    int rc = sql__domain_check(c->env, (uint32_t)a[1].u.i, &a[0], c->ctx, &c->cache, e);
    if (rc != 0)
        return rc;
    *out = a[0];
    return 0;
}

static const struct sql_func_def domain_check_def = {
    "sf_domain_check", 0,     2,  false, {SQL_T_ANY, SQL_T_INT8}, SQL_T_ANY,
    fn_domain_check,   false, 's'};

int eng__domain_wrap(struct binder *b, struct bx *x, uint32_t domain, struct bx **out,
                     struct err *e)
{
    (void)e;
    struct sql_value oid = sql_int8(domain);
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = &domain_check_def;
    m->nargs = 2;
    m->argtypes[0] = x->type;
    m->argtypes[1] = SQL_T_INT8;
    m->ret = x->type;
    m->ret_typmod = x->typmod;
    struct bx *f = mem_alloc0(b->ctx, sizeof *f);
    f->kind = BX_FUNC;
    f->type = x->type;
    f->typmod = x->typmod;
    f->location = x->location;
    f->u.fn.m = m;
    f->u.fn.args = mem_alloc(b->ctx, 2 * sizeof(struct bx *));
    f->u.fn.args[0] = x;
    f->u.fn.args[1] = eng__const(b->ctx, &oid, -1);
    f->u.fn.nargs = 2;
    f->u.fn.name = "sf_domain_check";
    f->u.fn.cache_slot = b->nfcache++;
    *out = f;
    return 0;
}

int eng__domain_wrap_literal(struct binder *b, struct bx *x, uint32_t domain, int location,
                             struct bx **out, struct err *e)
{
    if ((domain & SQL_DOMAIN_ARRAY) != 0 && x->kind == BX_CONST && b->env != NULL &&
        b->env->txn != NULL) {
        void *cache = NULL;
        int rc = sql__domain_check(b->env, domain, &x->u.c, b->ctx, &cache, e);
        if (rc != 0) {
            eng__set_error_location(location);
            return rc;
        }
    }
    return eng__domain_wrap(b, x, domain, out, e);
}

int eng__domain_default(struct binder *b, const struct sql_col_desc *col, struct bx *own,
                        struct bx **out, struct err *e)
{
    struct bx *x = own;
    const struct sql_domain *d = sql_domain_get(col->domain);
    if (x == NULL && d != NULL && d->default_sql != NULL) {
        struct scope *empty = mem_alloc0(b->ctx, sizeof *empty);
        int rc = eng__compile_text(b, empty, d->default_sql, col->type, col->typmod, false, &x, e);
        if (rc != 0)
            return rc;
    }
    if (x == NULL) {
        struct sql_value v = sql_null(col->type);
        x = eng__const(b->ctx, &v, col->typmod);
    }
    return eng__domain_wrap(b, x, col->domain, out, e);
}
