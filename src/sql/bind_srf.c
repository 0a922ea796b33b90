/* bind_srf.c — set-returning functions in a select list (PostgreSQL's
 * ProjectSet) and anonymous records (ROW(...), field selection).
 *
 * SELECT id, unnest(arr), generate_series(1, n) FROM t: each set-returning
 * call is planned as a function leaf of the query level (the same PN_SERIES
 * a call in FROM makes, its arguments over the level's row) whose rte is
 * hidden from names and not joined; the call itself binds to that rte's
 * column. A PN_PROJSET under the projection runs every such leaf for each
 * input row, in lock-step: as many output rows as the longest set, the
 * shorter sets padded with NULL, none when every set is empty (PostgreSQL
 * 10's semantics). In a grouped or windowed query the PN_PROJSETs run
 * above the aggregation and the window functions, their slots following the
 * grouped row; nested SRFs (generate_series(1, generate_series(1, 3))) make
 * one PN_PROJSET per nesting level, as PostgreSQL's ProjectSet nodes.
 *
 * Records: a record value holds its fields in u.arr (value_record.c); the
 * binder knows their names and types through the value's typmod, an index
 * into a node-wide table of record shapes (PostgreSQL's transient record
 * types, assign_record_type_typmod). A multi-column SRF of a select list
 * (json_each, information_schema._pg_expandarray) is the record of its
 * columns; (f(...)).col and (rec).col select a field.
 */
#include "sql/array.h"
#include "sql/array_int.h"
#include "sql/engine_int.h"
#include "sql/json_int.h"
#include "sql/regexp_int.h"
#include "sql/value_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- record shapes ---- */

struct recshape {
    int n;
    char **names;
    uint32_t *types;
    uint32_t typoid; /* a named composite type (a table's row type), 0: record */
};

#define MAX_SHAPES 4096

static pthread_mutex_t shapes_mu = PTHREAD_MUTEX_INITIALIZER;
static struct recshape *shapes[MAX_SHAPES];
static int nshapes;

static void *shape_alloc(size_t n)
{
    void *p = malloc(n > 0 ? n : 1);
    if (p == NULL)
        abort();
    return p;
}

/* The typmod of a record of these fields (-1 when the table is full: such a
 * record has no field names). Shapes live as long as the process. */
static int32_t record_typmod_named(int n, const char *const *names, const uint32_t *types,
                                   uint32_t typoid)
{
    int32_t found = -1;
    pthread_mutex_lock(&shapes_mu);
    for (int i = 0; i < nshapes && found < 0; i++) {
        const struct recshape *r = shapes[i];
        if (r->n != n || r->typoid != typoid)
            continue;
        bool same = true;
        for (int k = 0; k < n && same; k++)
            same = r->types[k] == types[k] && strcmp(r->names[k], names[k]) == 0;
        if (same)
            found = i;
    }
    if (found < 0 && nshapes < MAX_SHAPES) {
        struct recshape *r = shape_alloc(sizeof *r);
        r->n = n;
        r->typoid = typoid;
        r->names = shape_alloc(sizeof *r->names * (size_t)n);
        r->types = shape_alloc(sizeof *r->types * (size_t)n);
        for (int k = 0; k < n; k++) {
            size_t len = strlen(names[k]);
            r->names[k] = shape_alloc(len + 1);
            memcpy(r->names[k], names[k], len + 1);
            r->types[k] = types[k];
        }
        shapes[nshapes] = r;
        found = nshapes++;
    }
    pthread_mutex_unlock(&shapes_mu);
    return found;
}

static int32_t record_typmod(int n, const char *const *names, const uint32_t *types)
{
    return record_typmod_named(n, names, types, 0);
}

int32_t eng__record_typmod(int n, const char *const *names, const uint32_t *types, uint32_t typoid)
{
    return record_typmod_named(n, names, types, typoid);
}

static const struct recshape *record_shape(int32_t typmod)
{
    const struct recshape *r = NULL;
    pthread_mutex_lock(&shapes_mu);
    if (typmod >= 0 && typmod < nshapes)
        r = shapes[typmod];
    pthread_mutex_unlock(&shapes_mu);
    return r;
}

bool sql__record_shape(int32_t typmod, int *n, const char *const **names, const uint32_t **types,
                       uint32_t *typoid)
{
    const struct recshape *r = record_shape(typmod);
    if (r == NULL)
        return false;
    *n = r->n;
    *names = (const char *const *)r->names;
    if (types != NULL)
        *types = r->types;
    if (typoid != NULL)
        *typoid = r->typoid;
    return true;
}

int eng__record_shapes_check(int32_t ltypmod, int32_t rtypmod, struct err *e)
{
    const struct recshape *l = record_shape(ltypmod), *r = record_shape(rtypmod);
    if (l == NULL || r == NULL)
        return 0;
    if (l->n != r->n)
        return err_set_state(e, ERR_INVAL, "42804",
                             "cannot compare record types with different numbers of columns");
    for (int i = 0; i < l->n; i++) {
        if (l->types[i] == r->types[i])
            continue;
        struct sbuf a, c;
        sbuf_init(&a);
        sbuf_init(&c);
        sql_type_format(l->types[i], -1, &a);
        sql_type_format(r->types[i], -1, &c);
        err_set_state(e, ERR_INVAL, "42804",
                      "cannot compare dissimilar column types %s and %s at record column %d",
                      a.len ? a.data : "unknown", c.len ? c.data : "unknown", i + 1);
        sbuf_free(&a);
        sbuf_free(&c);
        return ERR_INVAL;
    }
    return 0;
}

static struct bx *newbx(struct binder *b, enum bx_kind k, uint32_t type, int location)
{
    struct bx *x = mem_alloc0(b->ctx, sizeof *x);
    x->kind = k;
    x->type = type;
    x->typmod = -1;
    x->location = location;
    return x;
}

/* ROW(args) with these field names. */
static struct bx *make_row(struct binder *b, struct bx **args, int n, const char *const *names,
                           int location)
{
    struct bx *r = newbx(b, BX_ROW, SQL_T_RECORD, location);
    r->u.list.args = args;
    r->u.list.n = n;
    uint32_t *types = mem_alloc(b->ctx, sizeof *types * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        types[i] = args[i]->type;
    r->typmod = record_typmod(n, names, types);
    return r;
}

const char *eng__record_field_name(const struct bx *rec, int i)
{
    const struct recshape *r = record_shape(rec->typmod);
    return r != NULL && i < r->n ? r->names[i] : "?";
}

int eng__bind_fieldsel(struct binder *b, struct bx *arg, const char *field, int location,
                       struct bx **out, struct err *e)
{
    const struct recshape *r = arg->type == SQL_T_RECORD ? record_shape(arg->typmod) : NULL;
    if (arg->kind == BX_ERROR) {
        *out = arg;
        return 0;
    }
    if (r == NULL) {
        if (arg->type == SQL_T_RECORD)
            return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                            "could not identify column \"%s\" in record data type", field);
        if (arg->type != SQL_T_UNKNOWN) {
            struct sbuf tn;
            sbuf_init(&tn);
            sql_type_format(arg->type, -1, &tn);
            int rc = eng__err(e, location, ERR_INVAL, "42809",
                              "column notation .%s applied to type %s, which is not a "
                              "composite type",
                              field, tn.data ? tn.data : "");
            sbuf_free(&tn);
            return rc;
        }
        return eng__err(e, location, ERR_UNSUPPORTED, "0A000", "field selection is not supported");
    }
    for (int i = 0; i < r->n; i++) {
        if (strcmp(r->names[i], field) != 0)
            continue;
        if (arg->kind == BX_ROW) {
            *out = arg->u.list.args[i];
            return 0;
        }
        struct bx *f = newbx(b, BX_FIELD, r->types[i], location);
        f->u.test.arg = arg;
        f->u.test.test = i;
        *out = f;
        return 0;
    }
    /* (t).x of a whole-row reference (bind_wholerow.c): named as a column of t */
    const struct bx *row = arg->kind == BX_CASE ? arg->u.cs.def : arg;
    if (row->kind == BX_ROW && row->u.list.n > 0 && row->u.list.args[0]->kind == BX_COL &&
        row->u.list.args[0]->u.col.rel != NULL && r->typoid != 0)
        return eng__err(e, location, ERR_NOTFOUND, "42703", "column %s.%s does not exist",
                        row->u.list.args[0]->u.col.rel, field);
    return eng__err(e, location, ERR_INVAL, "42703",
                    "could not identify column \"%s\" in record data type", field);
}

/* ROW(a, b) / (a, b) as a value: a record with fields f1, f2... */
static int bind_row_value(struct binder *b, struct scope *s, const struct sql_expr *x,
                          struct bx **out, struct err *e)
{
    int n = x->u.row.args.n, rc, cap = n;
    struct bx **args = mem_alloc(b->ctx, sizeof *args * (size_t)(n + 1));
    const char **names = mem_alloc(b->ctx, sizeof *names * (size_t)(n + 1));
    for (int i = 0, k = 0; k < x->u.row.args.n; k++, i++) {
        const struct sql_expr *a = x->u.row.args.items[k];
        if ((rc = eng__bind_expr(b, s, a, &args[i], e)) != 0)
            return rc;
        struct bx *w = args[i];
        if (w->kind == BX_CASE && w->u.cs.n == 1 && w->u.cs.def != NULL &&
            w->u.cs.def->kind == BX_ROW)
            w = w->u.cs.def; /* t on the nullable side of an outer join (bind_wholerow.c) */
        if (a->kind == SQL_EXPR_COLUMN && a->u.column.star && a->u.column.fields.n > 0 &&
            w->kind == BX_ROW) {
            /* ROW(t.*): t's columns, as transformRowExpr's
             * transformExpressionList expands them */
            int add = w->u.list.n - 1;
            if (n + add > cap) {
                int nc = n + add;
                args = mem_realloc(b->ctx, args, sizeof *args * (size_t)(cap + 1),
                                   sizeof *args * (size_t)(nc + 1));
                names = mem_realloc(b->ctx, names, sizeof *names * (size_t)(cap + 1),
                                    sizeof *names * (size_t)(nc + 1));
                cap = nc;
            }
            n += add;
            for (int f = 0; f < w->u.list.n; f++, i++) {
                args[i] = w->u.list.args[f];
                char *nm = mem_alloc(b->ctx, 16);
                snprintf(nm, 16, "f%d", i + 1);
                names[i] = nm;
            }
            i--;
            continue;
        }
        /* an untyped literal stays unknown in the record (record_cmp tells
         * "unknown and text" apart), its value the literal's text */
        if (!(args[i]->kind == BX_CONST && args[i]->type == SQL_T_UNKNOWN) &&
            (rc = eng__resolve_unknown(b, args[i], &args[i], e)) != 0)
            return rc;
        if (args[i]->kind == BX_ERROR) {
            *out = args[i];
            return 0;
        }
        char *nm = mem_alloc(b->ctx, 16);
        snprintf(nm, 16, "f%d", i + 1);
        names[i] = nm;
    }
    *out = make_row(b, args, n, names, x->location);
    return 0;
}

/* ---- set-returning functions of a select list ---- */

static bool is_pg_expandarray(const struct sql_expr *x)
{
    return strcmp(x->u.func.name.name, "_pg_expandarray") == 0 &&
           (x->u.func.name.schema == NULL ||
            strcmp(x->u.func.name.schema, "information_schema") == 0);
}

static bool is_srf_call(const struct sql_expr *x)
{
    if (x->kind != SQL_EXPR_FUNC || x->u.func.star || x->u.func.over != NULL ||
        x->u.func.distinct || x->u.func.order.n > 0 || x->u.func.filter != NULL)
        return false;
    const char *name = x->u.func.name.name;
    if (is_pg_expandarray(x))
        return x->u.func.args.n == 1;
    if (x->u.func.name.schema != NULL && strcmp(x->u.func.name.schema, "pg_catalog") != 0)
        return false;
    int n = x->u.func.args.n;
    if (strcmp(name, "generate_series") == 0)
        return n == 2 || n == 3;
    if (strcmp(name, "unnest") == 0)
        return n == 1;
    if (strcmp(name, "generate_subscripts") == 0 || sql__is_rows_srf(name))
        return n == 2 || n == 3;
    int sn;
    const char *const *sc;
    const uint32_t *st;
    if (sql__setof_func(name, &sn, &sc, &st)) /* func_srf.c */
        return true;
    int jn;
    const uint32_t *jt;
    const char *const *jc;
    uint32_t ja;
    int fn = sql__json_srf_find(name, &jn, &jt, &jc, &ja);
    if (fn >= SQL_JSRF_JSON_POPULATE_SET && fn < SQL_JSRF_JSON_TO_RECORD) /* (base, json) */
        return n == 2 || (n == 3 && ja == SQL_T_JSON);
    return fn != 0 && fn != SQL_JSRF_JSON_POPULATE && fn != SQL_JSRF_JSONB_POPULATE && n == 1;
}

struct has_srf_arg {
    struct binder *b;
    bool found;
};

static bool has_srf_fn(struct sql_expr *x, bool known, void *arg)
{
    struct has_srf_arg *a = arg;
    if (!known || is_srf_call(x) || (x->kind == SQL_EXPR_FUNC && eng__sqlfn_is_setof(a->b, x)))
        a->found = true;
    return !a->found;
}

/* Whether x may call a set-returning function (a kind the walker does not
 * know counts as one): bind_select.c's srf_rewrite of SELECT srf(...) into
 * FROM holds only when no other SRF runs in lock-step with it. */
bool eng__expr_has_srf(struct binder *b, const struct sql_expr *x)
{
    struct has_srf_arg a = {.b = b};
    if (x != NULL)
        sql_expr_walk((struct sql_expr *)x, has_srf_fn, &a);
    return a.found;
}

/* int2vector / oidvector (their text form "1 2 3") as an int2[] / oid[]
 * for _pg_expandarray (PostgreSQL's vectors are arrays). */
static int fn_vector_array(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    uint32_t et = a[0].type == SQL_T_OIDVECTOR ? SQL_T_OID : SQL_T_INT2;
    const char *p = a[0].u.s.p, *end = p + a[0].u.s.len;
    bool braces = p < end && *p == '{'; /* an array's text form: lower bound 1 */
    int cnt = 0;
    for (const char *q = p; q < end;) {
        while (q < end && (*q == ' ' || *q == '{' || *q == '}' || *q == ','))
            q++;
        if (q < end)
            cnt++;
        while (q < end && !(*q == ' ' || *q == '{' || *q == '}' || *q == ','))
            q++;
    }
    struct sql_array *arr = sql_array_new(c->ctx, et, cnt);
    if (cnt > 0 && !braces)
        arr->lbs[0] = 0; /* int2vector / oidvector subscripts start at 0 */
    int k = 0;
    for (const char *q = p; q < end && k < cnt;) {
        while (q < end && (*q == ' ' || *q == '{' || *q == '}' || *q == ','))
            q++;
        int64_t v = 0;
        bool neg = q < end && *q == '-';
        if (neg)
            q++;
        const char *d0 = q;
        while (q < end && *q >= '0' && *q <= '9')
            v = v * 10 + (*q++ - '0');
        if (q == d0 || (q < end && !(*q == ' ' || *q == '{' || *q == '}' || *q == ',')))
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "subscripts of this catalog column are not supported");
        arr->items[k] =
            et == SQL_T_OID ? sql_int8(neg ? -v : v) : sql_int4((int32_t)(neg ? -v : v));
        arr->items[k].type = et;
        k++;
    }
    out->null = false;
    out->type = sql_array_of(et);
    out->u.arr = arr;
    return 0;
}

static const struct sql_func_def vector_array_def = {"int2vector_to_array", 0,    1,  false, {0}, 0,
                                                     fn_vector_array,       true, 'i'};

struct bx *eng__vector_array(struct binder *b, struct bx *a, int location)
{
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = &vector_array_def;
    m->nargs = 1;
    m->argtypes[0] = a->type;
    m->ret = sql_array_of(a->type == SQL_T_OIDVECTOR ? SQL_T_OID : SQL_T_INT2);
    m->ret_typmod = -1;
    struct bx *fx = newbx(b, BX_FUNC, m->ret, location);
    fx->u.fn.m = m;
    fx->u.fn.args = mem_alloc(b->ctx, sizeof(struct bx *));
    fx->u.fn.args[0] = a;
    fx->u.fn.nargs = 1;
    fx->u.fn.name = "int2vector";
    fx->u.fn.cache_slot = b->nfcache++;
    return fx;
}

/* unnest(arr) WITH ORDINALITY named (x, n): _pg_expandarray of a one-dimensional array. */
static int bind_expandarray(struct binder *b, struct scope *s, const struct sql_expr *x,
                            struct pnode **plan, struct err *e)
{
    struct bx *a;
    int rc = eng__bind_expr(b, s, x->u.func.args.items[0], &a, e);
    if (rc != 0)
        return rc;
    struct pnode *p = mem_alloc0(b->ctx, sizeof *p);
    p->kind = PN_SERIES;
    p->u.series.alias = "_pg_expandarray";
    /* catalog columns such as pg_index.indkey may hold a vector's text */
    if (a->type != SQL_T_INT2VECTOR && a->type != SQL_T_OIDVECTOR && a->type != SQL_T_TEXT) {
        struct sql_expr *call = mem_alloc(b->ctx, sizeof *call);
        *call = *x;
        call->u.func.name.name = "unnest";
        call->u.func.name.schema = NULL;
        uint32_t types[SQL_FUNC_MAX_ARGS + 1];
        int nc = 0;
        if ((rc = eng__bind_array_srf(b, s, call, true, p, types, &nc, e)) != 0)
            return rc;
        *plan = p;
        return 0;
    }
    /* a vector: its array */
    struct bx *fx = eng__vector_array(b, a, x->location);
    p->u.series.srf = 1;
    p->u.series.ordinality = true;
    p->u.series.sargs = mem_alloc(b->ctx, sizeof(struct bx *));
    p->u.series.sargs[0] = fx;
    p->u.series.nsargs = 1;
    p->u.series.ncols = 2;
    p->u.series.type = a->type == SQL_T_OIDVECTOR ? SQL_T_OID : SQL_T_INT2;
    *plan = p;
    return 0;
}

static int add_srf(struct binder *b, struct scope *s, struct pnode *p)
{
    if (s->nsrfs == s->srfcap) {
        int nc = s->srfcap ? s->srfcap * 2 : 4;
        s->srfs = mem_realloc(b->ctx, s->srfs, sizeof *s->srfs * (size_t)s->srfcap,
                              sizeof *s->srfs * (size_t)nc);
        s->srfcap = nc;
    }
    s->srfs[s->nsrfs++] = p;
    return 0;
}

static bool same_args(struct bx **x, int nx, struct bx **y, int ny)
{
    if (nx != ny)
        return false;
    for (int i = 0; i < nx; i++)
        if (!eng__bx_equal(x[i], y[i]))
            return false;
    return true;
}

static bool same_series(const struct pnode *p, const struct pnode *q)
{
    if (p->kind != PN_SERIES || q->kind != PN_SERIES)
        return false;
    const char *pf = p->u.series.fname, *qf = q->u.series.fname;
    return p->u.series.jfn == q->u.series.jfn && p->u.series.srf == q->u.series.srf &&
           p->u.series.type == q->u.series.type && p->u.series.ncols == q->u.series.ncols &&
           p->u.series.ordinality == q->u.series.ordinality &&
           ((pf == NULL && qf == NULL) || (pf != NULL && qf != NULL && strcmp(pf, qf) == 0)) &&
           same_args((struct bx **)p->u.series.args, p->u.series.nargs,
                     (struct bx **)q->u.series.args, q->u.series.nargs) &&
           same_args(p->u.series.sargs, p->u.series.nsargs, q->u.series.sargs, q->u.series.nsargs);
}

int eng__bind_srf(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                  struct err *e)
{
    if (x->kind == SQL_EXPR_ROW)
        return bind_row_value(b, s, x, out, e);
    if (s == NULL || !s->allow_srfs || !(is_srf_call(x) || eng__sqlfn_is_setof(b, x)))
        return 1;
    if (s->srf_forbidden != NULL && s->srf_forbidden[0] == '@') /* a function in FROM's arguments */
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "set-returning functions must appear at top level of FROM");
    if (s->srf_forbidden != NULL && s->srf_forbidden[0] == '!') /* WHERE, HAVING: no hint */
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "set-returning functions are not allowed in %s", s->srf_forbidden + 1);
    if (s->in_agg_arg || s->in_win_arg)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "%s function calls cannot contain set-returning function calls" ENG_HINT_SEP
                        "You might be able to move the set-returning function into a LATERAL "
                        "FROM item.",
                        s->in_agg_arg ? "aggregate" : "window");
    if (s->srf_forbidden != NULL)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "set-returning functions are not allowed in %s" ENG_HINT_SEP
                        "You might be able to move the set-returning function into a LATERAL "
                        "FROM item.",
                        s->srf_forbidden);
    int rc, ri = -1;
    struct pnode *p = NULL;
    int first = s->width;
    if (s->nsrfs == 0)
        s->srf_base = first;
    if (is_pg_expandarray(x)) {
        if ((rc = bind_expandarray(b, s, x, &p, e)) != 0)
            return rc;
        const char *const names[2] = {"x", "n"};
        struct rte *r;
        /* its rte: (x, n) */
        if (s->nrtes == s->cap) {
            int nc = s->cap ? s->cap * 2 : 4;
            s->rtes = mem_realloc(b->ctx, s->rtes, sizeof *s->rtes * (size_t)s->cap,
                                  sizeof *s->rtes * (size_t)nc);
            s->cap = nc;
        }
        r = &s->rtes[s->nrtes++];
        memset(r, 0, sizeof *r);
        r->alias = "*SRF*";
        r->alias_hidden = true;
        r->off = s->width;
        r->ncols = 2;
        r->colnames = mem_alloc0(b->ctx, sizeof *r->colnames * 2);
        r->coltypes = mem_alloc0(b->ctx, sizeof *r->coltypes * 2);
        r->coltypmods = mem_alloc0(b->ctx, sizeof *r->coltypmods * 2);
        r->hidden = mem_alloc0(b->ctx, sizeof *r->hidden * 2);
        r->attnums = mem_alloc0(b->ctx, sizeof *r->attnums * 2);
        for (int c = 0; c < 2; c++) {
            r->colnames[c] = names[c];
            r->coltypes[c] = c == 0 ? p->u.series.type : SQL_T_INT4;
            r->coltypmods[c] = -1;
            r->hidden[c] = true;
        }
        s->width += 2;
        p->u.series.off = r->off;
        ri = s->nrtes - 1;
    } else if ((rc = eng__srf_leaf(b, s, x, &p, &ri, e)) != 0) {
        return rc;
    }
    add_srf(b, s, p);
    if (s->srf_dedup) /* GROUP BY / ORDER BY: the select list's call when the same */
        for (int k = 0; k < s->nsrfs - 1; k++) {
            if (!same_series(s->srfs[k], p))
                continue;
            for (int i = 0; i < s->nrtes; i++)
                if (s->rtes[i].off == s->srfs[k]->u.series.off && s->rtes[i].alias_hidden &&
                    s->rtes[i].ncols == s->rtes[ri].ncols)
                    ri = i;
            s->nsrfs--;
            break;
        }
    const struct rte *r = &s->rtes[ri];
    struct bx **cols = mem_alloc(b->ctx, sizeof *cols * (size_t)(r->ncols + 1));
    for (int c = 0; c < r->ncols; c++) {
        struct bx *col = newbx(b, BX_COL, r->coltypes[c], x->location);
        col->typmod = r->coltypmods[c];
        col->u.col.idx = r->off + c;
        col->u.col.rel = r->alias;
        col->u.col.name = r->colnames[c];
        cols[c] = col;
    }
    /* one column is the value, unless the function returns rows of a
     * composite type (json[b]_populate_recordset) */
    if (r->ncols == 1 && !(p->kind == PN_SERIES && p->u.series.jfn >= SQL_JSRF_JSON_POPULATE)) {
        *out = cols[0];
        return 0;
    }
    *out = make_row(b, cols, r->ncols, r->colnames, x->location);
    return 0;
}

/* ---- planning: levels of ProjectSet ---- */

/* The references to the SRFs' columns: BX_COL nodes of the targets and of
 * the SRFs' arguments, collected before grouping (which passes them through
 * unchanged) so that their slots can be moved above the grouped row. */
struct srf_cols {
    struct bx **cols;
    int n, cap;
    int lo, hi; /* the SRFs' slots as bound */
};

static struct bx **srf_argv(struct pnode *p, int *n)
{
    if (p->u.series.srf != 0) {
        *n = p->u.series.nsargs;
        return p->u.series.sargs;
    }
    *n = p->u.series.nargs;
    return p->u.series.args;
}

struct collect_arg {
    struct binder *b;
    struct srf_cols *sc;
    bool found;
};

static bool collect_fn(struct bx *x, void *arg)
{
    struct collect_arg *a = arg;
    struct srf_cols *sc = a->sc;
    if (x->kind != BX_COL || x->u.col.level != 0 || x->u.col.idx < sc->lo || x->u.col.idx >= sc->hi)
        return false;
    a->found = true;
    for (int i = 0; i < sc->n; i++)
        if (sc->cols[i] == x)
            return false;
    if (sc->n == sc->cap) {
        int nc = sc->cap ? sc->cap * 2 : 8;
        sc->cols = mem_realloc(a->b->ctx, sc->cols, sizeof *sc->cols * (size_t)sc->cap,
                               sizeof *sc->cols * (size_t)nc);
        sc->cap = nc;
    }
    sc->cols[sc->n++] = x;
    return false;
}

int eng__srf_collect(struct binder *b, struct scope *s, struct bx **tl, int ntl, struct bx **groups,
                     int ngroups, struct srf_cols **out, struct err *e)
{
    struct srf_cols *sc = mem_alloc0(b->ctx, sizeof *sc);
    sc->lo = s->srf_base;
    sc->hi = s->width;
    struct collect_arg a = {.b = b, .sc = sc};
    for (int i = 0; i < ngroups; i++) {
        a.found = false;
        eng__bx_walk(groups[i], collect_fn, &a);
        if (a.found)
            return eng__err(e, groups[i]->location, ERR_UNSUPPORTED, "0A000",
                            "grouping by the result of a set-returning function is not "
                            "supported");
    }
    sc->n = 0;
    for (int i = 0; i < ntl; i++)
        eng__bx_walk(tl[i], collect_fn, &a);
    for (int i = 0; i < s->nsrfs; i++) {
        int n;
        struct bx **args = srf_argv(s->srfs[i], &n);
        for (int k = 0; k < n; k++)
            eng__bx_walk(args[k], collect_fn, &a);
    }
    *out = sc;
    return 0;
}

int eng__srf_regroup(struct binder *b, struct scope *s, struct bx **groups, int ngroups,
                     struct err *e)
{
    for (int i = 0; i < s->nsrfs; i++) {
        int n, rc;
        struct bx **args = srf_argv(s->srfs[i], &n);
        for (int k = 0; k < n; k++)
            if ((rc = eng__regroup_srf(b, groups, ngroups, s->srf_base, s->width, args[k], &args[k],
                                       e)) != 0)
                return rc;
    }
    return 0;
}

static int series_ncols(const struct pnode *p)
{
    return p->u.series.jfn != 0 || p->u.series.srf != 0 ? p->u.series.ncols : 1;
}

struct level_arg {
    const struct srf_cols *sc;
    struct scope *s;
    const int *level;
    int max; /* the highest level of an SRF referenced, -1: none */
};

static bool level_fn(struct bx *x, void *arg)
{
    struct level_arg *a = arg;
    bool mine = false;
    for (int i = 0; i < a->sc->n && !mine; i++)
        mine = a->sc->cols[i] == x;
    if (!mine)
        return false;
    for (int j = 0; j < a->s->nsrfs; j++) {
        const struct pnode *q = a->s->srfs[j];
        if (x->u.col.idx >= q->u.series.off && x->u.col.idx < q->u.series.off + series_ncols(q) &&
            a->level[j] > a->max)
            a->max = a->level[j];
    }
    return false;
}

/* PostgreSQL's ProjectSet nodes: one per nesting level of the SRFs (an SRF
 * whose arguments use another's result runs in the node above it), each
 * running its SRFs in lock-step; in a grouped query their slots follow the
 * grouped row (and the window functions' results). */
int eng__plan_projset(struct binder *b, struct scope *s, bool grouped, struct srf_cols *sc,
                      struct pnode **p, struct err *e)
{
    (void)e;
    int ns = s->nsrfs;
    if (sc == NULL) {
        struct srf_cols *nsc = mem_alloc0(b->ctx, sizeof *nsc);
        nsc->lo = s->srf_base;
        nsc->hi = s->width;
        struct collect_arg a = {.b = b, .sc = nsc};
        for (int i = 0; i < ns; i++) {
            int n;
            struct bx **args = srf_argv(s->srfs[i], &n);
            for (int k = 0; k < n; k++)
                eng__bx_walk(args[k], collect_fn, &a);
        }
        sc = nsc;
    }
    int *level = mem_alloc0(b->ctx, sizeof *level * (size_t)(ns + 1));
    int maxlevel = 0;
    for (int i = 0; i < ns; i++) {
        struct level_arg la = {.sc = sc, .s = s, .level = level, .max = -1};
        int n;
        struct bx **args = srf_argv(s->srfs[i], &n);
        for (int k = 0; k < n; k++)
            eng__bx_walk(args[k], level_fn, &la);
        level[i] = la.max + 1;
        if (level[i] > maxlevel)
            maxlevel = level[i];
    }
    int in_width = (*p)->width;
    int shift = grouped ? in_width - s->srf_base : 0;
    int width =
        grouped ? in_width + (s->width - s->srf_base) : (in_width > s->width ? in_width : s->width);
    if (shift != 0) {
        for (int i = 0; i < sc->n; i++)
            sc->cols[i]->u.col.idx += shift;
        for (int i = 0; i < ns; i++)
            s->srfs[i]->u.series.off += shift;
    }
    uint32_t *types = mem_alloc0(b->ctx, sizeof(uint32_t) * (size_t)(width + 1));
    for (int i = 0; i < s->nrtes; i++)
        if (s->rtes[i].off >= s->srf_base)
            for (int c = 0; c < s->rtes[i].ncols; c++)
                types[s->rtes[i].off + shift + c] = s->rtes[i].coltypes[c];
    for (int i = 0; i < ns; i++) {
        s->srfs[i]->width = width;
        s->srfs[i]->est_rows = 10;
    }
    for (int lv = 0; lv <= maxlevel; lv++) {
        struct pnode *ps = mem_alloc0(b->ctx, sizeof *ps);
        ps->kind = PN_PROJSET;
        ps->width = width;
        ps->l = *p;
        ps->u.projset.srfs = mem_alloc0(b->ctx, sizeof(struct pnode *) * (size_t)(ns + 1));
        for (int i = 0; i < ns; i++)
            if (level[i] == lv)
                ps->u.projset.srfs[ps->u.projset.nsrfs++] = s->srfs[i];
        ps->u.projset.types = types;
        ps->est_rows = (*p)->est_rows * 10;
        *p = ps;
    }
    return 0;
}

/* ---- set-returning functions in GROUP BY ---- */

struct pre_arg {
    struct scope *s;
    bool *used;
};

static bool pre_fn(struct bx *x, void *arg)
{
    struct pre_arg *a = arg;
    if (x->kind != BX_COL || x->u.col.level != 0)
        return false;
    for (int k = 0; k < a->s->nsrfs; k++) {
        const struct pnode *q = a->s->srfs[k];
        if (x->u.col.idx >= q->u.series.off && x->u.col.idx < q->u.series.off + series_ncols(q))
            a->used[k] = true;
    }
    return false;
}

int eng__srf_pre_agg(struct binder *b, struct scope *s, struct bx **groups, int ng,
                     const char *what, bool *pre, struct err *e)
{
    *pre = false;
    if (s->nsrfs == 0)
        return 0;
    struct pre_arg a = {.s = s, .used = mem_alloc0(b->ctx, sizeof(bool) * (size_t)s->nsrfs)};
    int loc = -1;
    for (int i = 0; i < ng; i++) {
        eng__bx_walk(groups[i], pre_fn, &a);
        for (int k = 0; k < s->nsrfs && loc < 0; k++)
            if (a.used[k])
                loc = groups[i]->location;
    }
    if (loc < 0)
        return 0;
    /* the SRFs those use in their arguments run below them */
    for (int pass = 0; pass < s->nsrfs; pass++)
        for (int k = 0; k < s->nsrfs; k++) {
            if (!a.used[k])
                continue;
            int n;
            struct bx **args = srf_argv(s->srfs[k], &n);
            for (int i = 0; i < n; i++)
                eng__bx_walk(args[i], pre_fn, &a);
        }
    for (int k = 0; k < s->nsrfs; k++)
        if (!a.used[k])
            return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                            "%s together with other set-returning functions is not supported",
                            what);
    *pre = true;
    return 0;
}
