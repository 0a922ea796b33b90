/* bind_fromfunc.c — a function in FROM that is not one of the set-returning
 * functions with a scan of their own (generate_series, unnest,
 * generate_subscripts, regexp_matches, the json SRFs: bind_select.c,
 * bind_array.c): any call or function-like expression PostgreSQL's grammar
 * takes there (func_table: abs(-1), coalesce(b), current_date,
 * CAST(...)), bound as in a select list and run once per scan (PN_SERIES
 * srf 4): one row.
 *
 * Its columns, as PostgreSQL's addRangeTableEntryForFunction:
 *   - a scalar result: one column, named after the function;
 *   - a record whose fields the binder knows (a ROW(...), a record column
 *     of a known shape): one column per field;
 *   - a record of unknown shape: a column definition list `AS t(a int, b
 *     text)` names and types them, else 42601 "a column definition list is
 *     required for functions returning "record"". The list becomes the call's
 *     record shape: the bound BX_FUNC's typmod and its sql_func_match's
 *     ret_typmod (sql__record_shape), so that a record-returning built-in
 *     (json_to_record) learns the columns asked for.
 * A list given for a function whose result is not "record" is 42601 "...
 * only allowed for functions returning "record"".
 */
#include "sql/array.h"
#include "sql/engine_int.h"
#include "sql/enum.h"
#include "sql/regexp_int.h"
#include "sql/value_int.h"

#include <stdio.h>
#include <string.h>

bool eng__binary_coercible(uint32_t from, uint32_t to)
{
    if (from == to || from == SQL_T_UNKNOWN)
        return true;
    /* pg_cast's binary casts among the string types */
    bool from_str = from == SQL_T_VARCHAR || from == SQL_T_TEXT;
    return from_str && (to == SQL_T_TEXT || to == SQL_T_VARCHAR || to == SQL_T_BPCHAR);
}

static int coldef_error(const struct sql_list *defs, const char *msg, struct err *e)
{
    const struct sql_funccol *c0 = defs->items[0];
    return eng__err(e, c0 != NULL ? c0->location : -1, ERR_INVAL, "42601", "%s", msg);
}

static void type_name(uint32_t t, struct sbuf *out)
{
    sql_type_format(t, -1, out);
}

/* The columns of a record whose fields are known (shape) against the
 * column definition list (PostgreSQL's tupledesc_match). */
static int shape_match(int n, const uint32_t *types, const uint32_t *want, int nwant, int location,
                       struct err *e)
{
    if (n != nwant)
        return eng__err(
            e, location, ERR_INVAL, "42804",
            "function return row and query-specified return row do not match" ENG_DETAIL_SEP
            "Returned row contains %d attribute%s, but query expects %d.",
            n, n == 1 ? "" : "s", nwant);
    for (int i = 0; i < n; i++) {
        if (eng__binary_coercible(types[i], want[i]))
            continue;
        struct sbuf a, w;
        sbuf_init(&a);
        sbuf_init(&w);
        type_name(types[i], &a);
        type_name(want[i], &w);
        eng__err(e, location, ERR_INVAL, "42804",
                 "function return row and query-specified return row do not match" ENG_DETAIL_SEP
                 "Returned type %s at ordinal position %d, but query expects %s.",
                 a.data ? a.data : "", i + 1, w.data ? w.data : "");
        sbuf_free(&a);
        sbuf_free(&w);
        return e->code;
    }
    return 0;
}

/* A set-returning function of the registry (sql__setof_func): its rows
 * are the items of the array x returns. */
static int setof_call(struct binder *b, const struct sql_expr *call, struct bx *x,
                      const struct sql_list *defs, int nout, const char *const *ocols,
                      const uint32_t *otypes, struct pnode *p, const char ***names,
                      uint32_t **types, int32_t **typmods, int *ncols, struct err *e)
{
    uint32_t et = sql_array_elemtype(x->type);
    if (et == 0) /* a call folded to NULL (a strict function's NULL argument): no rows */
        et = nout == 1 ? otypes[0] : SQL_T_RECORD;
    bool has_defs = defs != NULL && defs->n > 0;
    int n = nout > 0 ? nout : has_defs ? defs->n : 1;
    if (has_defs && nout > 1)
        return coldef_error(defs,
                            "a column definition list is redundant for a function with OUT "
                            "parameters",
                            e);
    if (has_defs && et != SQL_T_RECORD)
        return coldef_error(defs,
                            "a column definition list is only allowed for functions returning "
                            "\"record\"",
                            e);
    if (et == SQL_T_RECORD && nout == 0 && !has_defs)
        return eng__err(e, call->location, ERR_INVAL, "42601",
                        "a column definition list is required for functions returning "
                        "\"record\"");
    const char **nm = mem_alloc0(b->ctx, sizeof *nm * (size_t)n);
    uint32_t *ty = mem_alloc0(b->ctx, sizeof *ty * (size_t)n);
    int32_t *tm = mem_alloc0(b->ctx, sizeof *tm * (size_t)n);
    for (int i = 0; i < n; i++) {
        tm[i] = -1;
        if (nout > 0) {
            nm[i] = ocols[i];
            ty[i] = otypes[i];
        } else if (has_defs) {
            const struct sql_funccol *c = defs->items[i];
            int serial = 0, rc;
            nm[i] = c->name;
            if ((rc = sql_type_resolve_env(b->env, c->type, &ty[i], &tm[i], &serial, e)) != 0)
                return rc;
        } else {
            nm[i] = eng__figure_colname(call);
            ty[i] = et;
        }
    }
    if (has_defs && x->kind == BX_FUNC) { /* the rows asked for: the call's record shape */
        struct sql_func_match *m = mem_alloc(b->ctx, sizeof *m);
        *m = *x->u.fn.m;
        m->ret_typmod = eng__record_typmod(n, nm, ty, 0);
        x->u.fn.m = m;
    }
    struct bx **sargs = mem_alloc(b->ctx, sizeof *sargs);
    sargs[0] = x;
    p->u.series.srf = 4;
    p->u.series.setof = true;
    p->u.series.record = et == SQL_T_RECORD;
    p->u.series.sargs = sargs;
    p->u.series.nsargs = 1;
    p->u.series.ncols = n;
    p->u.series.type = ty[0];
    p->u.series.coltypes = ty;
    p->u.series.fname = call->u.func.name.name;
    *names = nm;
    *types = ty;
    *typmods = tm;
    *ncols = n;
    return 0;
}

int eng__bind_from_call(struct binder *b, struct scope *s, const struct sql_expr *call,
                        const struct sql_list *defs, struct pnode *p, const char ***names,
                        uint32_t **types, int32_t **typmods, int *ncols, struct err *e)
{
    struct bx *x;
    /* a set-returning function of the registry is this scan, not an SRF
     * of the arguments (bind_srf.c's is_srf_call knows it too) */
    int sn;
    const char *const *sc;
    const uint32_t *st;
    bool saved_srfs = s->allow_srfs;
    if (call->kind == SQL_EXPR_FUNC && sql__setof_func(call->u.func.name.name, &sn, &sc, &st))
        s->allow_srfs = false;
    int rc = eng__bind_expr(b, s, call, &x, e);
    s->allow_srfs = saved_srfs;
    if (rc != 0)
        return rc;
    if ((rc = eng__resolve_unknown(b, x, &x, e)) != 0)
        return rc;
    int nout;
    const char *const *ocols;
    const uint32_t *otypes;
    if (call->kind == SQL_EXPR_FUNC &&
        sql__setof_func(call->u.func.name.name, &nout, &ocols, &otypes))
        return setof_call(b, call, x, defs, nout, ocols, otypes, p, names, types, typmods, ncols,
                          e);
    int n = 1;
    const char **nm;
    uint32_t *ty;
    int32_t *tm;
    int nshape = 0;
    const char *const *snames = NULL;
    const uint32_t *stypes = NULL;
    uint32_t typoid = 0;
    bool shaped =
        x->type == SQL_T_RECORD && sql__record_shape(x->typmod, &nshape, &snames, &stypes, &typoid);
    if (defs != NULL && defs->n > 0) {
        if (x->type != SQL_T_RECORD)
            return coldef_error(defs,
                                "a column definition list is only allowed for functions "
                                "returning \"record\"",
                                e);
        if (shaped && typoid != 0)
            return coldef_error(defs,
                                "a column definition list is redundant for a function "
                                "returning a named composite type",
                                e);
        n = defs->n;
        nm = mem_alloc0(b->ctx, sizeof *nm * (size_t)n);
        ty = mem_alloc0(b->ctx, sizeof *ty * (size_t)n);
        tm = mem_alloc0(b->ctx, sizeof *tm * (size_t)n);
        for (int i = 0; i < n; i++) {
            const struct sql_funccol *c = defs->items[i];
            nm[i] = c->name;
            int serial = 0;
            if ((rc = sql_type_resolve_env(b->env, c->type, &ty[i], &tm[i], &serial, e)) != 0)
                return rc;
            for (int k = 0; k < i; k++)
                if (strcmp(nm[k], nm[i]) == 0)
                    return eng__err(e, c->location, ERR_INVAL, "42701",
                                    "column name \"%s\" specified more than once", nm[i]);
        }
        if (shaped) {
            const struct sql_funccol *c0 = defs->items[0];
            if ((rc = shape_match(nshape, stypes, ty, n, c0->location, e)) != 0)
                return rc;
        } else {
            /* the columns asked for: the call's record shape */
            x->typmod = eng__record_typmod(n, nm, ty, 0);
            if (x->kind == BX_FUNC && x->u.fn.m != NULL) {
                struct sql_func_match *m = mem_alloc(b->ctx, sizeof *m);
                *m = *x->u.fn.m;
                m->ret_typmod = x->typmod;
                x->u.fn.m = m;
            }
        }
    } else if (shaped) {
        n = nshape;
        nm = mem_alloc0(b->ctx, sizeof *nm * (size_t)(n + 1));
        ty = mem_alloc0(b->ctx, sizeof *ty * (size_t)(n + 1));
        tm = mem_alloc0(b->ctx, sizeof *tm * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            nm[i] = snames[i];
            ty[i] = stypes[i];
            tm[i] = -1;
        }
    } else if (x->type == SQL_T_RECORD) {
        return eng__err(e, call->location, ERR_INVAL, "42601",
                        "a column definition list is required for functions returning "
                        "\"record\"");
    } else {
        nm = mem_alloc0(b->ctx, sizeof *nm);
        ty = mem_alloc0(b->ctx, sizeof *ty);
        tm = mem_alloc0(b->ctx, sizeof *tm);
        nm[0] = eng__figure_colname(call);
        ty[0] = x->type;
        tm[0] = x->typmod;
    }
    struct bx **sargs = mem_alloc(b->ctx, sizeof *sargs);
    sargs[0] = x;
    p->u.series.srf = 4;
    p->u.series.sargs = sargs;
    p->u.series.nsargs = 1;
    p->u.series.ncols = n;
    p->u.series.type = ty[0];
    p->u.series.fname =
        call->kind == SQL_EXPR_FUNC ? call->u.func.name.name : eng__figure_colname(call);
    /* a record expanded into columns: the record's own columns (x's
     * shape) or the list's, positionally */
    p->u.series.record = x->type == SQL_T_RECORD;
    p->u.series.coltypes = ty;
    *names = nm;
    *types = ty;
    *typmods = tm;
    *ncols = n;
    return 0;
}
