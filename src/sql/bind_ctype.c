/* bind_ctype.c — casts to named composite types (ctype.h): ROW(...)::t
 * coerces each field to the type's (PostgreSQL's coerce_record_to_complex),
 * 'literal'::t parses the literal with record_in at bind time (as
 * PostgreSQL's unknown-literal coercion does), a record of t is itself.
 * Other casts to a composite type are 0A000. */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/ctype.h"
#include "sql/engine_int.h"
#include "sql/value_int.h"

#include <string.h>

static struct bx *newbx(struct mem_ctx *ctx, enum bx_kind k, uint32_t type, int location)
{
    struct bx *x = mem_alloc0(ctx, sizeof *x);
    x->kind = k;
    x->type = type;
    x->typmod = -1;
    x->location = location;
    return x;
}

static int cannot_cast(struct err *e, int location, uint32_t from, const struct sql_ctype *ct,
                       const char *detail)
{
    struct sbuf tn;
    sbuf_init(&tn);
    sql_type_format(from, -1, &tn);
    int rc = eng__err(e, location, ERR_INVAL, "42846", "cannot cast type %s to %s%s%s",
                      tn.len ? tn.data : "unknown", ct->name, detail ? SQL_NUM_DETAIL_SEP : "",
                      detail ? detail : "");
    sbuf_free(&tn);
    return rc;
}

int eng__bind_ctype_cast(struct binder *b, struct bx *x, int32_t typmod, int location,
                         struct bx **out, struct err *e)
{
    return eng__bind_ctype_cast_cc(b, x, typmod, location, COERCE_IMPLICIT, out, e);
}

int eng__bind_ctype_cast_cc(struct binder *b, struct bx *x, int32_t typmod, int location,
                            enum coerce_ctx cc, struct bx **out, struct err *e)
{
    const struct sql_ctype *ct = sql__ctype_of_shape(typmod);
    if (x->kind == BX_ERROR) {
        *out = x;
        return 0;
    }
    if (ct == NULL)
        return eng__err(e, location, ERR_INTERNAL, "XX000", "composite type of record shape %d",
                        (int)typmod);
    if (x->type == SQL_T_RECORD && x->typmod == typmod) {
        *out = x;
        return 0;
    }
    if (x->type == SQL_T_RECORD && x->kind == BX_ROW) {
        int n = x->u.list.n;
        struct bx **args = mem_alloc0(b->ctx, sizeof(*args) * (size_t)(n + 1));
        for (int i = 0; i < ct->n; i++) {
            if (i >= n)
                return cannot_cast(e, location, SQL_T_RECORD, ct, "Input has too few columns.");
            struct bx *f = x->u.list.args[i];
            int rc = eng__coerce(b, f, ct->types[i], ct->typmods[i], cc, &args[i], e);
            if (rc != 0 && e != NULL && strcmp(e->sqlstate, "42846") == 0) {
                /* coerce_record_to_complex's wording */
                struct sbuf a, t;
                sbuf_init(&a);
                sbuf_init(&t);
                sql_type_format(f->type, -1, &a);
                sql_type_format(ct->types[i], -1, &t);
                char *d = mem_printf(b->ctx, "Cannot cast type %s to %s in column %d.", a.data,
                                     t.data, i + 1);
                sbuf_free(&a);
                sbuf_free(&t);
                err_clear(e);
                return cannot_cast(e, location, SQL_T_RECORD, ct, d);
            }
            if (rc != 0)
                return rc;
        }
        if (n > ct->n)
            return cannot_cast(e, location, SQL_T_RECORD, ct, "Input has too many columns.");
        struct bx *r = newbx(b->ctx, BX_ROW, SQL_T_RECORD, x->location);
        r->u.list.args = args;
        r->u.list.n = n;
        r->typmod = typmod;
        *out = r;
        return 0;
    }
    if (x->kind == BX_PARAM && x->type == SQL_T_UNKNOWN) { /* $1::t: the parameter is a t */
        b->param_types[x->u.param] = ct->oid;
        struct bx *p = newbx(b->ctx, BX_PARAM, SQL_T_RECORD, x->location);
        p->typmod = typmod;
        p->u.param = x->u.param;
        *out = p;
        return 0;
    }
    if (x->kind == BX_CONST &&
        (x->type == SQL_T_UNKNOWN || x->type == SQL_T_TEXT || x->type == SQL_T_VARCHAR)) {
        if (x->u.c.null) {
            struct sql_value v = sql_null(SQL_T_RECORD);
            *out = eng__const(b->ctx, &v, typmod);
            (*out)->location = x->location;
            return 0;
        }
        struct sql_value v;
        int rc = sql__ctype_record_in(b->ctx, ct, x->u.c.u.s.p, x->u.c.u.s.len, &v, e);
        if (rc != 0) {
            eng__set_error_location(x->location >= 0 ? x->location : location);
            return rc;
        }
        *out = eng__const(b->ctx, &v, typmod);
        (*out)->location = x->location;
        return 0;
    }
    if (x->type == SQL_T_RECORD || x->type == SQL_T_UNKNOWN || x->type == SQL_T_TEXT ||
        x->type == SQL_T_VARCHAR)
        return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                        "casts of this expression to a composite type are not supported");
    return cannot_cast(e, location, x->type, ct, NULL);
}
