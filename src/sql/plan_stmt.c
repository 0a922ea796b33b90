/* plan_stmt.c — exec.h's entry points for planning (sql_plan_stmt and the
 * plan accessors), expressions over one table's rows (sql_rowexpr_*,
 * DEFAULT and CHECK for DDL) and the bulk loader behind COPY FROM
 * (sql_loader_*), which reuses INSERT's row building with no per-row
 * planning.
 */
#include "sql/domain.h"
#include "sql/engine_int.h"

#include <string.h>
#include <strings.h>
#include <time.h>

static void binder_init(struct binder *b, struct sql_env *env, struct mem_ctx *ctx,
                        uint32_t *param_types, size_t declared, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->env = env;
    b->ctx = ctx;
    b->param_types = param_types;
    b->cap = cap;
    b->declared = declared;
    b->nparams = declared;
    b->fmt = env->fmt;
    b->cat_gen = env->cat != NULL ? sql_catalog_generation(env->cat) : 0;
}

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* EXPLAIN's options, as PostgreSQL's ExplainQuery checks them. */
struct explain_opts {
    bool analyze, timing, summary;
};

/* An option's boolean value (no value: true); -1 when not a boolean. */
static int opt_bool(const struct sql_option *o)
{
    switch (o->kind) {
    case SQL_OPT_NONE:
        return 1;
    case SQL_OPT_BOOL:
        return o->bval;
    case SQL_OPT_INT:
        return o->ival == 0 ? 0 : o->ival == 1 ? 1 : -1;
    case SQL_OPT_STRING:
        if (strcasecmp(o->str, "true") == 0 || strcasecmp(o->str, "on") == 0)
            return 1;
        if (strcasecmp(o->str, "false") == 0 || strcasecmp(o->str, "off") == 0)
            return 0;
        return -1;
    default:
        return -1;
    }
}

static int explain_options(const struct sql_stmt *st, struct explain_opts *xo, struct err *e)
{
    bool timing_set = false, summary_set = false;
    int timing = 1, summary = 0, verbose = 0;
    xo->analyze = st->u.explain.analyze;
    for (int i = 0; i < st->u.explain.options.n; i++) {
        const struct sql_option *o = st->u.explain.options.items[i];
        static const char *const bools[] = {"analyze", "verbose", "costs",   "settings", "buffers",
                                            "wal",     "timing",  "summary", NULL};
        int k = 0;
        while (bools[k] != NULL && strcmp(bools[k], o->name) != 0)
            k++;
        if (bools[k] == NULL) {
            if (strcmp(o->name, "format") == 0) {
                if (o->kind == SQL_OPT_STRING && strcasecmp(o->str, "text") == 0)
                    continue;
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "EXPLAIN formats other than TEXT are not supported");
            }
            return err_set_state(e, ERR_INVAL, "42601", "unrecognized EXPLAIN option \"%s\"",
                                 o->name);
        }
        int v = opt_bool(o);
        if (v < 0)
            return err_set_state(e, ERR_INVAL, "42601", "%s requires a Boolean value", o->name);
        if (k == 0)
            xo->analyze = v;
        else if (k == 1)
            verbose = v;
        else if (k == 6) {
            timing = v;
            timing_set = true;
        } else if (k == 7) {
            summary = v;
            summary_set = true;
        }
    }
    if (timing_set && timing && !xo->analyze)
        return err_set_state(e, ERR_INVAL, "22023", "EXPLAIN option TIMING requires ANALYZE");
    if (verbose && xo->analyze)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "EXPLAIN ANALYZE VERBOSE is not supported");
    xo->timing = timing;
    xo->summary = summary_set ? summary : xo->analyze;
    return 0;
}

int sql_plan_stmt(struct sql_env *env, const struct sql_stmt *st, struct mem_ctx *ctx,
                  uint32_t *param_types, size_t *nparams, size_t cap, struct sql_plan **out,
                  struct err *e)
{
    eng__set_error_location(-1);
    struct binder b;
    uint32_t dummy[1] = {0};
    if (param_types == NULL) {
        param_types = dummy;
        cap = 0;
    }
    size_t declared = nparams ? *nparams : 0;
    if (declared > cap)
        declared = cap;
    binder_init(&b, env, ctx, param_types, declared, cap);
    struct sql_plan *p = mem_alloc0(ctx, sizeof *p);
    const struct sql_stmt *inner = st;
    bool explain = st->kind == SQL_STMT_EXPLAIN;
    struct explain_opts xo = {0};
    int64_t plan_t0 = mono_ns();
    if (explain) {
        int rc0 = explain_options(st, &xo, e);
        if (rc0 != 0)
            return rc0;
        inner = st->u.explain.stmt;
    }
    int rc;
    struct pnode *root = NULL;
    b.top_with = inner->kind == SQL_STMT_SELECT   ? inner->u.select->with
                 : inner->kind == SQL_STMT_INSERT ? inner->u.insert.with
                 : inner->kind == SQL_STMT_UPDATE ? inner->u.update.with
                 : inner->kind == SQL_STMT_DELETE ? inner->u.delete_.with
                                                  : NULL;
    switch (inner->kind) {
    case SQL_STMT_SELECT: {
        struct sql_column *cols;
        int ncols;
        rc = eng__plan_select(&b, NULL, inner->u.select, &root, &cols, &ncols, e);
        if (rc == 0)
            eng__index_order(&b, root);
        if (rc == 0)
            eng__merge_order(&b, &root);
        if (rc == 0 && b.ndml == 0 && !eng__planner_off(&b, ENG_OFF_INDEXONLYSCAN))
            eng__index_only(b.ctx, root);
        if (rc == 0) {
            p->root = root;
            p->cols = cols;
            p->ncols = (size_t)ncols;
        }
        break;
    }
    case SQL_STMT_INSERT:
        rc = eng__plan_insert(&b, inner, p, e);
        break;
    case SQL_STMT_UPDATE:
        rc = eng__plan_update(&b, inner, p, e);
        break;
    case SQL_STMT_DELETE:
        rc = eng__plan_delete(&b, inner, p, e);
        break;
    default:
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "this statement is not supported by the query engine");
        break;
    }
    if (rc == 0 && b.ndml > 0 && explain && xo.analyze)
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "EXPLAIN ANALYZE of data-modifying statements in WITH is not supported");
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < b.nparams && i < cap; i++)
        if (param_types[i] == 0 || param_types[i] == SQL_T_UNKNOWN)
            param_types[i] = SQL_T_TEXT;
    if (nparams)
        *nparams = b.nparams;
    p->kind = inner->kind;
    p->writes = (inner->kind != SQL_STMT_SELECT || b.ndml > 0) &&
                (b.ndml_perm > 0 || b.ndml_temp == 0); /* temporary tables only: allowed */
    p->temp_writes = b.ndml_temp > 0;
    p->dml = b.dml;
    p->ndml = b.ndml;
    p->dml_after = b.ndml > 0 ? eng__dml_after(&b) : NULL;
    p->dml_names = b.dml_names;
    p->nsublinks = b.nsublinks;
    p->nmat = b.nmat;
    p->nfcache = b.nfcache;
    p->nparams = (int)b.nparams;
    p->param_types = mem_alloc(ctx, sizeof *p->param_types * (b.nparams + 1));
    if (b.nparams)
        memcpy(p->param_types, param_types, sizeof *p->param_types * b.nparams);
    p->generation = env->cat ? sql_catalog_generation(env->cat) : 0;
    p->rel_locks = b.rel_locks;
    p->nrel_locks = b.nrel_locks;
    p->perms = b.perms;
    p->nperms = b.nperms;
    if (explain) {
        if (xo.analyze) {
            p->analyze = true;
            p->an_kind = inner->kind;
            p->an_timing = xo.timing;
            p->an_summary = xo.summary;
            p->plan_ms = (double)(mono_ns() - plan_t0) / 1e6;
        } else {
            rc = eng__explain(&b, p->root, p, e);
            if (rc != 0)
                return rc;
            p->ndml = 0; /* EXPLAIN runs no data-modifying WITH query */
        }
        p->kind = SQL_STMT_EXPLAIN;
        p->writes = false;
        static const char *qp = "QUERY PLAN";
        p->cols = mem_alloc0(ctx, sizeof *p->cols);
        p->cols[0].name = qp;
        p->cols[0].type_oid = SQL_T_TEXT;
        p->cols[0].typlen = -1;
        p->cols[0].typmod = -1;
        p->ncols = 1;
    }
    *out = p;
    return 0;
}

const struct sql_column *sql_plan_columns(const struct sql_plan *p, size_t *n)
{
    *n = p->ncols;
    return p->cols;
}

uint64_t sql_plan_generation(const struct sql_plan *p)
{
    return p->generation;
}

bool sql_plan_writes(const struct sql_plan *p)
{
    return p->writes;
}

bool sql_plan_returns_rows(const struct sql_plan *p)
{
    return p->kind == SQL_STMT_SELECT || p->kind == SQL_STMT_EXPLAIN || p->ncols > 0;
}

/* ---- expressions over one table's rows ---- */

struct sql_rowexpr {
    struct bx *x;
    int nfcache;
    void **fcache;
};

int sql_rowexpr_compile(struct sql_env *env, const struct sql_table_desc *t, const char *sql,
                        uint32_t want_type, int32_t want_typmod, struct mem_ctx *ctx,
                        struct sql_rowexpr **out, struct err *e)
{
    struct binder b;
    binder_init(&b, env, ctx, NULL, 0, 0);
    uint32_t none[1] = {0};
    b.param_types = none;
    struct scope *s = eng__table_scope(&b, t, t->name);
    struct bx *x;
    int rc = eng__compile_text(&b, s, sql, want_type == SQL_T_BOOL ? 0 : want_type, want_typmod,
                               want_type == SQL_T_BOOL, &x, e);
    if (rc != 0)
        return rc;
    if (b.nsublinks > 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "cannot use subquery in this expression");
    struct sql_rowexpr *r = mem_alloc0(ctx, sizeof *r);
    r->x = x;
    r->nfcache = b.nfcache;
    r->fcache = mem_alloc0(ctx, sizeof *r->fcache * (size_t)(b.nfcache + 1));
    *out = r;
    return 0;
}

static bool find_sublink(struct sql_expr *x, bool known, void *arg);

/* old / old.* / new / new.* (a whole row of the trigger's table) */
static bool whole_row_ref(const struct sql_expr *x, const struct sql_table_desc *t)
{
    if (x == NULL || x->kind != SQL_EXPR_COLUMN || x->u.column.fields.n != 1)
        return false;
    const char *q = x->u.column.fields.items[0];
    if (strcmp(q, "old") != 0 && strcmp(q, "new") != 0)
        return false;
    return x->u.column.star || sql_cat_column(t, q) == NULL;
}

struct when_rows {
    const struct sql_table_desc *t;
    struct mem_ctx *ctx;
};

/* ROW(q.c1, q.c2, ...) in place of the whole-row reference x */
static void expand_row(struct when_rows *w, struct sql_expr *x)
{
    const struct sql_table_desc *t = w->t;
    const char *q = x->u.column.fields.items[0];
    int loc = x->location, n = 0;
    struct sql_expr **items = mem_alloc0(w->ctx, sizeof *items * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden)
            continue;
        struct sql_expr *c = mem_alloc0(w->ctx, sizeof *c);
        c->kind = SQL_EXPR_COLUMN;
        c->location = loc;
        c->u.column.fields.n = 2;
        c->u.column.fields.items = mem_alloc0(w->ctx, sizeof(void *) * 2);
        c->u.column.fields.items[0] = (char *)q;
        c->u.column.fields.items[1] = t->cols[i].name;
        items[n++] = c;
    }
    memset(x, 0, sizeof *x);
    x->kind = SQL_EXPR_ROW;
    x->location = loc;
    x->u.row.args.n = n;
    x->u.row.args.items = (void **)items;
    x->u.row.explicit_row = true;
}

/* old.* IS DISTINCT FROM new.* and old = new: compared column by column
 * (the binder compares ROW() values, not whole-row records) */
static bool when_rows_visit(struct sql_expr *x, bool known, void *arg)
{
    struct when_rows *w = arg;
    if ((x->kind == SQL_EXPR_DISTINCT || x->kind == SQL_EXPR_OP) && x->u.op.l != NULL &&
        whole_row_ref(x->u.op.l, w->t) && whole_row_ref(x->u.op.r, w->t)) {
        expand_row(w, x->u.op.l);
        expand_row(w, x->u.op.r);
    }
    return known;
}

int sql_rowexpr_compile_when(struct sql_env *env, const struct sql_table_desc *t,
                             const struct sql_expr *x, struct mem_ctx *ctx,
                             struct sql_rowexpr **out, struct err *e)
{
    struct binder b;
    binder_init(&b, env, ctx, NULL, 0, 0);
    uint32_t none[1] = {0};
    b.param_types = none;
    struct scope *s = eng__table_scope(&b, t, "old");
    /* old.* at slots [0, ncols), new.* at [ncols, 2 * ncols) */
    struct rte *r = mem_alloc(ctx, sizeof *r * 2);
    r[0] = s->rtes[0];
    r[0].relname = NULL;
    r[1] = r[0];
    r[1].alias = "new";
    r[1].off = s->width;
    s->rtes = r;
    s->nrtes = s->cap = 2;
    s->width *= 2;
    s->allow_aggs = false;
    s->agg_forbidden = "trigger WHEN conditions";
    s->win_forbidden = "trigger WHEN conditions";
    s->srf_forbidden = "!trigger WHEN conditions";
    struct when_rows wr = {t, ctx};
    sql_expr_walk((struct sql_expr *)x, when_rows_visit, &wr);
    struct bx *bx;
    eng__set_error_location(-1);
    int rc = eng__bind_expr(&b, s, x, &bx, e);
    if (rc != 0)
        return rc;
    eng__set_error_location(-1);
    if (b.nsublinks > 0) {
        int subloc = -1;
        sql_expr_walk((struct sql_expr *)x, find_sublink, &subloc);
        return eng__err(e, subloc, ERR_UNSUPPORTED, "0A000",
                        "cannot use subquery in trigger WHEN condition");
    }
    if (bx->type != SQL_T_BOOL && bx->type != SQL_T_UNKNOWN) {
        struct sbuf g;
        sbuf_init(&g);
        sql_type_format(bx->type, -1, &g);
        rc = eng__err(e, x->location, ERR_INVAL, "42804",
                      "argument of WHEN must be type boolean, not type %s", g.data);
        sbuf_free(&g);
        return rc;
    }
    if ((rc = eng__coerce(&b, bx, SQL_T_BOOL, -1, COERCE_IMPLICIT, &bx, e)) != 0)
        return rc;
    struct sql_rowexpr *re = mem_alloc0(ctx, sizeof *re);
    re->x = bx;
    re->nfcache = b.nfcache;
    re->fcache = mem_alloc0(ctx, sizeof *re->fcache * (size_t)(b.nfcache + 1));
    *out = re;
    return 0;
}

int sql_execute_param(struct sql_env *env, const struct sql_expr *x, int i, uint32_t want_type,
                      struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct binder b;
    binder_init(&b, env, ctx, NULL, 0, 0);
    uint32_t none[1] = {0};
    b.param_types = none;
    struct sql_table_desc empty;
    memset(&empty, 0, sizeof(empty));
    struct scope *s = eng__table_scope(&b, &empty, "");
    s->allow_aggs = false;
    s->agg_forbidden = "EXECUTE parameters";
    s->win_forbidden = "EXECUTE parameters";
    s->srf_forbidden = "EXECUTE parameters";
    struct bx *bx;
    eng__set_error_location(-1);
    int rc = eng__bind_expr(&b, s, x, &bx, e);
    if (rc != 0)
        return rc;
    if (b.nsublinks > 0)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "cannot use subquery in EXECUTE parameter");
    enum sql_cast_ctx cc = sql_cast_context(bx->type, want_type);
    if (bx->type != want_type && bx->type != SQL_T_UNKNOWN && cc != SQL_CAST_IMPLICIT &&
        cc != SQL_CAST_ASSIGNMENT) {
        struct sbuf g, w;
        sbuf_init(&g);
        sbuf_init(&w);
        sql_type_format(bx->type, -1, &g);
        sql_type_format(want_type, -1, &w);
        const struct sql_expr *l = x; /* exprLocation: a binary operator's left end */
        while (l->kind == SQL_EXPR_OP && l->u.op.l != NULL)
            l = l->u.op.l;
        rc = eng__err(e, l->location, ERR_INVAL, "42804",
                      "parameter $%d of type %s cannot be coerced to the expected type %s\n"
                      "HINT:  You will need to rewrite or cast the expression.",
                      i + 1, g.data, w.data);
        sbuf_free(&g);
        sbuf_free(&w);
        return rc;
    }
    rc = eng__coerce(&b, bx, want_type, -1, COERCE_ASSIGNMENT, &bx, e);
    if (rc != 0)
        return rc;
    struct sql_rowexpr r = {.x = bx, .nfcache = b.nfcache};
    r.fcache = mem_alloc0(ctx, sizeof *r.fcache * (size_t)(b.nfcache + 1));
    return sql_rowexpr_eval(env, &r, NULL, ctx, out, e);
}

uint32_t sql_rowexpr_type(const struct sql_rowexpr *x)
{
    return x->x->type;
}

int sql_rowexpr_eval(struct sql_env *env, struct sql_rowexpr *x, const struct sql_value *row,
                     struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    struct xrt rt;
    memset(&rt, 0, sizeof rt);
    rt.env = env;
    rt.ctx = ctx;
    rt.fcache = x->fcache;
    rt.nfcache = x->nfcache;
    struct ectx c = {.rt = &rt, .row = row, .mem = ctx};
    return eng__eval(&c, x->x, out, e);
}

static bool vol_ok(char v, char max)
{
    return v == 'i' || (max == 's' && v == 's');
}

/* No function above volatility `max` ('i' or 's') anywhere in x. */
static bool bx_immutable(const struct bx *x, char max)
{
    if (x == NULL)
        return true;
    switch (x->kind) {
    case BX_CONST:
    case BX_COL:
        return true;
    case BX_FUNC:
        if (x->u.fn.m == NULL || !vol_ok(x->u.fn.m->def->volatility, max))
            return false;
        for (int i = 0; i < x->u.fn.nargs; i++)
            if (!bx_immutable(x->u.fn.args[i], max))
                return false;
        return true;
    case BX_AND:
    case BX_OR:
    case BX_NOT:
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
        for (int i = 0; i < x->u.list.n; i++)
            if (!bx_immutable(x->u.list.args[i], max))
                return false;
        return true;
    case BX_NULLTEST:
    case BX_BOOLTEST:
        return bx_immutable(x->u.test.arg, max);
    case BX_DISTINCT:
    case BX_NULLIF:
        return (x->u.cmp.eq == NULL || vol_ok(x->u.cmp.eq->def->volatility, max)) &&
               bx_immutable(x->u.cmp.l, max) && bx_immutable(x->u.cmp.r, max);
    case BX_CASE:
        for (int i = 0; i < x->u.cs.n; i++)
            if (!bx_immutable(x->u.cs.conds[i], max) || !bx_immutable(x->u.cs.results[i], max))
                return false;
        return bx_immutable(x->u.cs.def, max);
    case BX_CAST:
        return bx_immutable(x->u.cast.arg, max);
    default:
        return false;
    }
}

bool sql_rowexpr_immutable(const struct sql_rowexpr *x)
{
    return bx_immutable(x->x, 'i');
}

bool sql_rowexpr_stable(const struct sql_rowexpr *x)
{
    return bx_immutable(x->x, 's');
}

/* ---- bulk load ---- */

struct sql_loader {
    struct sql_env *env;
    struct sql_plan plan;
    struct pnode *m;
    struct xrt rt;
    struct mem_ctx *rowctx;
    uint64_t count;
    uint32_t *types;
    int32_t *typmods;
    size_t ntypes;
    void **dcache; /* per column: domain check caches (domain.h) */
    struct binder *b;
};

int sql_loader_open(struct sql_env *env, const struct sql_rangevar *table,
                    const struct sql_list *cols, struct mem_ctx *ctx, struct sql_loader **out,
                    const uint32_t **types, const int32_t **typmods, size_t *ntypes, struct err *e)
{
    if (env->read_only)
        return err_set_state(e, ERR_INVAL, "25006",
                             "cannot execute COPY FROM in a read-only transaction");
    const struct sql_table_desc *vt = NULL;
    struct err ev = {0};
    if (sql_cat_table(env, table->name.schema, table->name.name, &vt, &ev) == 0 && vt != NULL &&
        vt->kind == 'v')
        return err_set_state(e, ERR_INVAL, "42809",
                             "cannot copy to view \"%s\"\nHINT:  To enable copying to a view, "
                             "provide an INSTEAD OF INSERT trigger.",
                             vt->name);
    if (vt != NULL && vt->matview)
        return err_set_state(e, ERR_INVAL, "42809", "cannot copy to materialized view \"%s\"",
                             vt->name);
    /* Plan "INSERT INTO table (cols) DEFAULT VALUES" shape by hand: every
     * listed column comes from the caller's row. */
    struct binder *bp = mem_alloc0(ctx, sizeof *bp); /* kept for sql_loader_where */
    uint32_t *none = mem_alloc0(ctx, sizeof *none);
    binder_init(bp, env, ctx, none, 0, 0);
    struct sql_stmt st;
    memset(&st, 0, sizeof st);
    st.kind = SQL_STMT_INSERT;
    st.u.insert.table = (struct sql_rangevar *)table;
    struct sql_list targets = {0};
    if (cols != NULL && cols->n > 0) {
        targets.n = cols->n;
        targets.items = mem_alloc(ctx, sizeof(void *) * (size_t)cols->n);
        for (int i = 0; i < cols->n; i++) {
            struct sql_target *t = mem_alloc0(ctx, sizeof *t);
            t->name = cols->items[i];
            t->location = -1;
            targets.items[i] = t;
        }
    }
    st.u.insert.cols = targets;
    if (vt != NULL && vt->kind == 'r')
        for (int i = 0; i < targets.n; i++) { /* CopyGetAttnums */
            const struct sql_col_desc *gc = sql_cat_column(vt, cols->items[i]);
            if (gc != NULL && gc->generated)
                return err_set_state(e, ERR_INVAL, "42P10",
                                     "column \"%s\" is a generated column\nDETAIL:  Generated "
                                     "columns cannot be used in COPY.",
                                     gc->name);
        }
    struct sql_loader *l = mem_alloc0(ctx, sizeof *l);
    int rc = eng__plan_insert(bp, &st, &l->plan, e);
    if (rc == 0 && targets.n == 0 && vt != NULL) /* every column is copied in */
        for (int i = 0; i < vt->ncols; i++)
            if (!vt->cols[i].hidden && !vt->cols[i].generated)
                eng__perm_col(bp, vt, ENG_PERM_INS, vt->cols[i].attnum);
    if (rc == 0) /* COPY FROM: INSERT's privileges (bind_acl.c) */
        rc = eng__perms_check(env, bp->perms, bp->nperms, e);
    if (rc != 0)
        return rc;
    struct pnode *m = l->plan.root;
    const struct sql_table_desc *t = m->u.modify.t;
    /* with DEFAULT VALUES the planner mapped no source columns: map them */
    int n = 0;
    if (targets.n > 0) {
        for (int i = 0; i < targets.n; i++) {
            const struct sql_col_desc *c = sql_cat_column(t, cols->items[i]);
            m->u.modify.src_col[c - t->cols] = n++;
        }
    } else {
        for (int i = 0; i < t->ncols; i++)
            if (!t->cols[i].hidden && !t->cols[i].generated)
                m->u.modify.src_col[i] = n++;
    }
    l->types = mem_alloc(ctx, sizeof *l->types * (size_t)(n + 1));
    l->typmods = mem_alloc(ctx, sizeof *l->typmods * (size_t)(n + 1));
    for (int i = 0; i < t->ncols; i++) {
        int sc = m->u.modify.src_col[i];
        if (sc < 0)
            continue;
        const struct sql_col_desc *c = &t->cols[i];
        l->types[sc] = c->type;
        l->typmods[sc] = c->typmod;
    }
    l->ntypes = (size_t)n;
    l->env = env;
    l->m = m;
    l->rt.env = env;
    l->rt.ctx = ctx;
    l->b = bp;
    l->rt.nfcache = bp->nfcache;
    l->rt.fcache = mem_alloc0(ctx, sizeof *l->rt.fcache * (size_t)(bp->nfcache + 1));
    l->rowctx = mem_ctx_new(ctx, "loader row");
    *types = l->types;
    *typmods = l->typmods;
    *ntypes = l->ntypes;
    *out = l;
    return 0;
}

static bool find_sublink(struct sql_expr *x, bool known, void *arg)
{
    (void)known;
    if (x->kind == SQL_EXPR_SUBLINK && *(int *)arg < 0)
        *(int *)arg = x->location >= 0 ? x->location : 0;
    return true;
}

struct used_cols {
    bool *used;
    int n;
};

static bool note_col(struct bx *x, void *arg)
{
    struct used_cols *u = arg;
    if (x->kind == BX_COL && x->u.col.level == 0 && x->u.col.idx >= 0 && x->u.col.idx < u->n)
        u->used[x->u.col.idx] = true;
    return false;
}

int sql_loader_where(struct sql_loader *l, struct sql_expr *where, struct err *e)
{
    int subloc = -1;
    sql_expr_walk(where, find_sublink, &subloc);
    if (subloc >= 0)
        return eng__err(e, subloc, ERR_UNSUPPORTED, "0A000",
                        "cannot use subquery in COPY FROM WHERE condition");
    struct binder *b = l->b;
    const struct sql_table_desc *t = l->m->u.modify.t;
    struct scope *s = eng__table_scope(b, t, t->name);
    s->agg_forbidden = "COPY FROM WHERE conditions";
    s->win_forbidden = "COPY FROM WHERE conditions";
    s->allow_srfs = true;
    s->srf_forbidden = "!COPY FROM WHERE conditions";
    struct bx *w = NULL;
    int rc = eng__bind_bool(b, s, where, "WHERE", &w, e);
    if (rc != 0)
        return rc;
    /* generated columns are computed after the filter: PostgreSQL refuses
     * them (a whole-row reference reads them all) */
    struct used_cols uc = {.used = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(t->ncols + 1)),
                           .n = t->ncols};
    eng__bx_walk(w, note_col, &uc);
    for (int i = 0; i < t->ncols; i++)
        if (uc.used[i] && t->cols[i].generated) {
            eng__set_error_location(-1);
            return err_set_state(e, ERR_INVAL, "42P10",
                                 "generated columns are not supported in COPY FROM WHERE "
                                 "conditions\nDETAIL:  Column \"%s\" is a generated column.",
                                 t->cols[i].name);
        }
    l->m->u.modify.copy_where = w;
    void **fc = mem_alloc0(l->rt.ctx, sizeof *fc * (size_t)(b->nfcache + 1));
    if (l->rt.nfcache > 0)
        memcpy(fc, l->rt.fcache, sizeof *fc * (size_t)l->rt.nfcache);
    l->rt.fcache = fc;
    l->rt.nfcache = b->nfcache;
    return 0;
}

const struct sql_table_desc *sql_loader_table(const struct sql_loader *l)
{
    return l->m->u.modify.t;
}

int sql_loader_row(struct sql_loader *l, const struct sql_value *vals, struct err *e)
{
    mem_ctx_reset(l->rowctx);
    int rc = eng__tick(&l->rt, e);
    if (rc != 0)
        return rc;
    struct sql_value *row = NULL;
    rc = eng__insert_row(&l->rt, l->m, vals, l->rowctx, &row, e);
    if (rc == 0 && row != NULL)
        l->count++;
    return rc;
}

int sql_loader_check_field(struct sql_loader *l, size_t field, const struct sql_value *v,
                           struct err *e)
{
    const struct sql_table_desc *t = l->m->u.modify.t;
    for (int i = 0; i < t->ncols; i++) {
        if (l->m->u.modify.src_col[i] != (int)field || t->cols[i].domain == 0)
            continue;
        if (l->dcache == NULL)
            l->dcache = mem_alloc0(l->rt.ctx, sizeof(void *) * (size_t)t->ncols);
        return sql__domain_check(l->env, t->cols[i].domain, v, l->rowctx, &l->dcache[i], e);
    }
    return 0;
}

uint64_t sql_loader_count(const struct sql_loader *l)
{
    return l->count;
}
