/* bind_select.c — SELECT, VALUES and set operations: FROM items into range
 * table entries and a left-deep join tree (in FROM order), WHERE conjuncts
 * pushed to the lowest node that sees all their columns (never below the
 * nullable side of a LEFT JOIN), grouping and aggregates, the target list
 * with PostgreSQL's default column names, DISTINCT, ORDER BY (output names,
 * ordinals, expressions), LIMIT/OFFSET.
 *
 * Plan shape (bottom up): scans/joins -> filter -> aggregate -> HAVING
 * filter -> projection (targets, then sort junk) -> distinct -> sort ->
 * limit.
 */
#include "sql/array_int.h"
#include "kv/kv.h"
#include "sql/acl.h"
#include "sql/temp.h"
#include "sql/engine_int.h"
#include "sql/plan_cost.h"
#include "sql/parse.h"
#include "sql/ctype.h"
#include "sql/json_int.h"
#include "sql/value_int.h"
#include "sql/domain.h"
#include "sql/trigger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct pnode *pn_new(struct mem_ctx *ctx, enum pn_kind k, int width)
{
    struct pnode *p = mem_alloc0(ctx, sizeof *p);
    p->kind = k;
    p->width = width;
    p->est_rows = 1000;
    return p;
}

/* ---- tables ---- */

const struct sql_table_desc *eng__copy_table(struct mem_ctx *ctx, const struct sql_table_desc *t)
{
    struct sql_table_desc *c = mem_alloc(ctx, sizeof *c);
    *c = *t;
    c->cols = mem_alloc(ctx, sizeof *c->cols * (size_t)(t->ncols > 0 ? t->ncols : 1));
    for (int i = 0; i < t->ncols; i++) {
        c->cols[i] = t->cols[i];
        c->cols[i].default_sql =
            t->cols[i].default_sql ? mem_strdup(ctx, t->cols[i].default_sql) : NULL;
        if (t->cols[i].missing != NULL) { /* read by scans of older rows */
            c->cols[i].missing = mem_alloc(ctx, t->cols[i].missing_len);
            memcpy(c->cols[i].missing, t->cols[i].missing, t->cols[i].missing_len);
        }
    }
    c->idx = mem_alloc(ctx, sizeof *c->idx * (size_t)(t->nidx > 0 ? t->nidx : 1));
    if (t->nidx > 0)
        memcpy(c->idx, t->idx, sizeof *c->idx * (size_t)t->nidx);
    for (int i = 0; i < t->nidx; i++) { /* index maintenance reads them */
        for (int j = 0; j < t->idx[i].ncols; j++)
            if (t->idx[i].exprs[j] != NULL)
                c->idx[i].exprs[j] = mem_strdup(ctx, t->idx[i].exprs[j]);
        if (t->idx[i].pred != NULL)
            c->idx[i].pred = mem_strdup(ctx, t->idx[i].pred);
    }
    c->checks = mem_alloc(ctx, sizeof *c->checks * (size_t)(t->nchecks > 0 ? t->nchecks : 1));
    for (int i = 0; i < t->nchecks; i++) {
        c->checks[i] = t->checks[i];
        c->checks[i].expr_sql =
            t->checks[i].expr_sql ? mem_strdup(ctx, t->checks[i].expr_sql) : NULL;
    }
    c->options = t->options ? mem_strdup(ctx, t->options) : NULL;
    c->comment = t->comment ? mem_strdup(ctx, t->comment) : NULL;
    c->view_sql = t->view_sql ? mem_strdup(ctx, t->view_sql) : NULL;
    c->trigs = sql__trigs_copy(ctx, t->trigs, t->ntrigs); /* fired by the plan (trigger.h) */
    /* foreign keys: the plan's writes queue checks that read them (fk.c), also
     * when the plan is kept beyond the statement that made it (PL/pgSQL) */
    c->fks = mem_alloc(ctx, sizeof *c->fks * (size_t)(t->nfks > 0 ? t->nfks : 1));
    if (t->nfks > 0)
        memcpy(c->fks, t->fks, sizeof *c->fks * (size_t)t->nfks);
    c->refby = mem_alloc(ctx, sizeof *c->refby * (size_t)(t->nrefby > 0 ? t->nrefby : 1));
    if (t->nrefby > 0)
        memcpy(c->refby, t->refby, sizeof *c->refby * (size_t)t->nrefby);
    return c;
}

int eng__lookup_table(struct binder *b, const struct sql_rangevar *rv, bool allow_vtab,
                      const struct sql_table_desc **t, const struct sql_vtab **vt, struct err *e)
{
    const char *schema = rv->name.schema;
    const char *name = rv->name.name;
    *t = NULL;
    if (vt)
        *vt = NULL;
    if (allow_vtab && (schema == NULL || strcmp(schema, "pg_catalog") == 0 ||
                       strcmp(schema, "information_schema") == 0)) {
        const struct sql_vtab *v = sql_vtab_lookup(schema, name);
        if (v != NULL) {
            *vt = v;
            return 0;
        }
    }
    const struct sql_table_desc *d = NULL;
    int rc = sql_cat_table(b->env, schema, name, &d, e);
    if (rc != 0)
        return rc;
    if (d == NULL) {
        if (schema != NULL)
            return eng__err(e, rv->location, ERR_NOTFOUND, "42P01",
                            "relation \"%s.%s\" does not exist", schema, name);
        return eng__err(e, rv->location, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                        name);
    }
    *t = eng__copy_table(b->ctx, d);
    if (!sql_temp_is_schema_name(d->schema)) { /* USAGE on its schema (bind_acl.c) */
        eng__perm_obj(b, 'n', d->schema_oid, NULL, "schema", d->schema, SQL_ACL_USAGE);
        /* and now, as PostgreSQL's parser does, for the error's position */
        int rc2 =
            b->acl_user == NULL ? sql__acl_check_schema(b->env, d->schema, SQL_ACL_USAGE, e) : 0;
        if (rc2 != 0) {
            eng__set_error_location(rv->location);
            return rc2;
        }
    }
    eng__view_note(b, d->oid, 0);
    eng__view_relation(b, rv, d->schema);
    return 0;
}

static void note_lock(struct binder *b, uint32_t oid, int mode)
{
    for (int i = 0; i < b->nrel_locks; i++) /* ACCESS SHARE: any mode stands for it */
        if (b->rel_locks[i].oid == oid &&
            (b->rel_locks[i].mode == mode || mode == KV_TLOCK_ACCESS_SHARE))
            return;
    if (b->nrel_locks == b->caprel_locks) {
        int nc = b->caprel_locks ? b->caprel_locks * 2 : 8;
        b->rel_locks =
            mem_realloc(b->ctx, b->rel_locks, sizeof *b->rel_locks * (size_t)b->caprel_locks,
                        sizeof *b->rel_locks * (size_t)nc);
        b->caprel_locks = nc;
    }
    b->rel_locks[b->nrel_locks].oid = oid;
    b->rel_locks[b->nrel_locks].mode = mode;
    b->nrel_locks++;
}

int eng__lock_rel(struct binder *b, const struct sql_rangevar *rv, bool allow_vtab, int mode,
                  const struct sql_table_desc **t, struct err *e)
{
    struct sql_env *env = b->env;
    for (int tries = 0; *t != NULL && (*t)->kind == 'r' && env->txn != NULL; tries++) {
        uint64_t waits = sql_table_lock_waits(env);
        int rc = mode == KV_TLOCK_ACCESS_SHARE
                     ? sql_table_read_lock(env, *t, e)
                     : sql_table_lock(env, (*t)->oid, (*t)->name, mode, false, e);
        if (rc == 0)
            note_lock(b, (*t)->oid, mode);
        if (rc != 0)
            return rc;
        uint64_t gen = b->cat_gen != 0 ? sql_catalog_generation(env->cat) : 0;
        if (sql_table_lock_waits(env) == waits && gen == b->cat_gen)
            return 0; /* no wait, no DDL committed since binding started */
        b->cat_gen = gen;
        if (tries >= 100) /* PostgreSQL retries as long as the name moves */
            return eng__err(e, rv->location, ERR_CONFLICT, "40001",
                            "could not serialize access due to concurrent DDL on relation \"%s\"",
                            rv->name.name);
        rc = sql_cat_after_wait(env, true, e);
        if (rc != 0)
            return rc;
        uint32_t oid = (*t)->oid;
        const struct sql_vtab *vt = NULL;
        rc = eng__lookup_table(b, rv, allow_vtab, t, allow_vtab ? &vt : NULL, e);
        if (rc != 0 || *t == NULL || (*t)->oid == oid)
            return rc;
    }
    return 0;
}

/* ---- scopes ---- */

static struct scope *scope_new(struct binder *b, struct scope *parent)
{
    struct scope *s = mem_alloc0(b->ctx, sizeof *s);
    s->parent = parent;
    return s;
}

static struct rte *add_rte(struct binder *b, struct scope *s, const char *alias, int ncols)
{
    if (s->nrtes == s->cap) {
        int nc = s->cap ? s->cap * 2 : 4;
        s->rtes = mem_realloc(b->ctx, s->rtes, sizeof *s->rtes * (size_t)s->cap,
                              sizeof *s->rtes * (size_t)nc);
        s->cap = nc;
    }
    struct rte *r = &s->rtes[s->nrtes++];
    memset(r, 0, sizeof *r);
    r->alias = alias;
    r->off = s->width;
    r->ncols = ncols;
    size_t n = (size_t)(ncols > 0 ? ncols : 1);
    r->colnames = mem_alloc0(b->ctx, sizeof *r->colnames * n);
    r->coltypes = mem_alloc0(b->ctx, sizeof *r->coltypes * n);
    r->coltypmods = mem_alloc0(b->ctx, sizeof *r->coltypmods * n);
    r->hidden = mem_alloc0(b->ctx, sizeof *r->hidden * n);
    r->attnums = mem_alloc0(b->ctx, sizeof *r->attnums * n);
    s->width += ncols;
    return r;
}

static void fill_table_rte(struct rte *r, const struct sql_table_desc *t)
{
    for (int i = 0; i < t->ncols; i++) {
        r->colnames[i] = t->cols[i].name;
        r->coltypes[i] = t->cols[i].type;
        r->coltypmods[i] = t->cols[i].typmod;
        r->hidden[i] = t->cols[i].hidden;
        r->attnums[i] = t->cols[i].attnum;
    }
    r->table_oid = t->oid;
}

struct scope *eng__table_scope(struct binder *b, const struct sql_table_desc *t, const char *alias)
{
    struct scope *s = scope_new(b, NULL);
    struct rte *r = add_rte(b, s, alias ? alias : t->name, t->ncols);
    fill_table_rte(r, t);
    if (alias != NULL && strcmp(alias, t->name) != 0)
        r->relname = t->name; /* "t.a" with alias x: PostgreSQL's hint (errorMissingRTE) */
    return s;
}

static void apply_alias(struct binder *b, struct rte *r, const struct sql_alias *a)
{
    if (a == NULL)
        return;
    if (r->table_oid != 0 && strcmp(r->alias, a->name) != 0)
        r->relname = r->alias;
    r->alias = a->name;
    int k = 0;
    for (int i = 0; i < r->ncols && k < a->colnames.n; i++) {
        if (r->hidden[i])
            continue;
        r->colnames[i] = mem_strdup(b->ctx, a->colnames.items[k++]);
    }
}

/* ---- the join tree ---- */

static struct bx *rte_col(struct binder *b, const struct rte *r, int c);

struct jt {
    bool join;
    int rte;                        /* leaf */
    const struct sql_table_desc *t; /* leaf: base table */
    const struct sql_vtab *vt;      /* leaf: virtual table */
    struct pnode *plan;             /* leaf: subquery / values / function */
    enum sql_join_type type;
    struct jt *l, *r;
    int lo, hi; /* slot range [lo, hi) */
    struct bx **quals;
    int nquals, qcap;
    struct bx **post; /* WHERE quals stopped at a LEFT join: a filter above it */
    int npost, pcap;
    struct bx *on;
    int location;
    int nusing; /* USING / NATURAL: merged columns, by slot */
    int *using_l, *using_r;
    int *using_x;      /* FULL: the left slot (using_l is the merged one), else NULL */
    struct bx **merge; /* FULL JOIN USING: COALESCE(l, r), computed by the join */
    int nmerge, moff;
    int alias_rte;      /* (a JOIN b) AS t: the rte of t's columns, else -1 */
    int rte0;           /* a join of from_item: its first rte (join_using_alias) */
    bool lateral;       /* leaf: a function whose arguments use earlier FROM items */
    bool lateral_sub;   /* leaf: a LATERAL subquery, opened again for each left row */
    int lat_lo, lat_hi; /* the slots they use */
    bool ordered;       /* built by reorder_inner (plan_join_order.c's order) */
    /* the references of lateral and lateral_sub (slot, location, rel), for errors */
    struct eng_upref *lrefs;
    int nlrefs;
};

static int from_item(struct binder *b, struct scope *s, const struct sql_from *f, struct jt **out,
                     struct err *e);

static bool lref_fn(struct bx *x, void *arg)
{
    struct jt *j = arg;
    if (x->kind == BX_COL && x->u.col.level == 0 && j->nlrefs < 16) {
        if (j->lrefs == NULL)
            return false;
        struct eng_upref *u = &j->lrefs[j->nlrefs++];
        u->slot = x->u.col.idx;
        u->agg = -1;
        u->location = x->location;
        u->rel = x->u.col.rel;
        u->name = x->u.col.name;
    }
    return false;
}

/* Note the references of a lateral function argument x (for errors). */
static void lref_note(struct binder *b, struct jt *j, struct bx *x)
{
    if (j->lrefs == NULL)
        j->lrefs = mem_alloc0(b->ctx, sizeof *j->lrefs * 16);
    eng__bx_walk(x, lref_fn, j);
}

/* json[b]_each, json[b]_array_elements, json[b]_object_keys in FROM: a
 * function scan (PN_SERIES with jfn set) over the rows func_json.c makes. */
/* json[b]_populate_record[set](base, from_json) in FROM: the columns of
 * base's composite type; json[b]_to_record[set](from_json) AS x(a int, ...):
 * those of the column definition list, base a NULL record of its shape. */
static int json_populate_leaf(struct binder *b, struct scope *s, const struct sql_from *f,
                              struct jt *j, int fn, uint32_t argtype, struct err *e)
{
    const struct sql_expr *call = f->u.func.call;
    const char *name = call->u.func.name.name;
    int n = call->u.func.args.n, na = fn >= SQL_JSRF_JSON_TO_RECORD ? 1 : 2;
    /* the column definition list (parse_stmt.c: coldefs item 0, struct sql_funccol *) */
    const struct sql_list *cd0 = f->u.func.coldefs.n > 0 ? f->u.func.coldefs.items[0] : NULL;
    struct sql_list cn_l = {0}, ctn_l = {0};
    int cd_loc = f->u.func.coldef_location;
    if (cd0 != NULL && cd0->n > 0) {
        cn_l.n = ctn_l.n = cd0->n;
        cn_l.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)cd0->n);
        ctn_l.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)cd0->n);
        for (int i = 0; i < cd0->n; i++) {
            const struct sql_funccol *fc = cd0->items[i];
            cn_l.items[i] = fc->name;
            ctn_l.items[i] = fc->type;
        }
        cd_loc = ((const struct sql_funccol *)cd0->items[0])->location;
    }
    const struct sql_list *cn = &cn_l, *ctn = &ctn_l;
    if (n < na || n > (argtype == SQL_T_JSON && na == 2 ? 3 : na) || call->u.func.star ||
        call->u.func.distinct)
        return eng__err(e, call->location, ERR_NOTFOUND, "42883", "function %s does not exist",
                        name);
    struct bx *a[3];
    for (int i = 0; i < n; i++) {
        int rc = eng__bind_expr(b, s, call->u.func.args.items[i], &a[i], e);
        if (rc != 0)
            return rc;
        int slo, shi;
        bool souter;
        eng__bx_slots(a[i], &slo, &shi, &souter);
        if (shi >= 0) {
            if (!j->lateral || slo < j->lat_lo)
                j->lat_lo = slo;
            if (!j->lateral || shi > j->lat_hi)
                j->lat_hi = shi;
            j->lateral = true;
        }
        lref_note(b, j, a[i]);
    }
    if (cn->n > 0 && f->u.func.ordinality)
        return eng__err(e, cd_loc, ERR_INVAL, "42601",
                        "WITH ORDINALITY cannot be used with a column definition list" ENG_HINT_SEP
                        "Put the column definition list inside ROWS FROM().");
    struct bx *base = na == 2 ? a[0] : NULL, *js = a[na - 1];
    int32_t *coltypmods = NULL; /* the column definition list's */
    if (base != NULL && base->type == SQL_T_RECORD && base->typmod >= 0 && cn->n > 0 &&
        sql__ctype_of_shape(base->typmod) != NULL)
        return eng__err(e, cd_loc, ERR_INVAL, "42601",
                        "a column definition list is redundant for a function returning a named "
                        "composite type");
    if (cn->n > 0 && (base == NULL || base->type == SQL_T_RECORD)) {
        /* the column definition list: a NULL record of its shape */
        const char **names = mem_alloc(b->ctx, sizeof *names * (size_t)cn->n);
        uint32_t *types = mem_alloc(b->ctx, sizeof *types * (size_t)cn->n);
        coltypmods = mem_alloc(b->ctx, sizeof *coltypmods * (size_t)cn->n);
        for (int i = 0; i < cn->n; i++) {
            int32_t tm;
            int rc = sql_type_resolve_domain(b->env, ctn->items[i], &types[i], &tm, NULL, NULL, e);
            if (rc != 0)
                return rc;
            coltypmods[i] = tm;
            const struct sql_ctype *fct = types[i] == SQL_T_RECORD ? sql__ctype_of_shape(tm) : NULL;
            if (fct != NULL) /* a composite column: its type (pop_record) */
                types[i] = fct->oid;
            names[i] = cn->items[i];
        }
        int bn;
        const char *const *bnames;
        const uint32_t *btypes;
        if (base != NULL && base->typmod >= 0 &&
            sql__record_shape(base->typmod, &bn, &bnames, &btypes, NULL)) {
            /* an anonymous record base must match the list (tupconvert.c) */
            if (bn != cn->n)
                return eng__err(e, -1, ERR_INVAL, "42804",
                                "function return row and query-specified return row do not "
                                "match" ENG_DETAIL_SEP
                                "Returned row contains %d attribute%s, but query expects %d.",
                                bn, bn == 1 ? "" : "s", cn->n);
            for (int i = 0; i < bn; i++)
                if (btypes[i] != types[i]) {
                    struct sbuf t1, t2;
                    sbuf_init(&t1);
                    sbuf_init(&t2);
                    sql_type_format(btypes[i], -1, &t1);
                    sql_type_format(types[i], -1, &t2);
                    int rc = eng__err(e, -1, ERR_INVAL, "42804",
                                      "function return row and query-specified return row do not "
                                      "match" ENG_DETAIL_SEP
                                      "Returned type %s at ordinal position %d, but query "
                                      "expects %s.",
                                      t1.data, i + 1, t2.data);
                    sbuf_free(&t1);
                    sbuf_free(&t2);
                    return rc;
                }
        }
        struct sql_value nv = sql_null(SQL_T_RECORD);
        int32_t shape = eng__record_typmod(cn->n, names, types, 0);
        if (base == NULL || base->typmod < 0)
            base = eng__const(b->ctx, &nv, shape);
        /* else the base's fields (f1, f2... name the keys) under the list's names */
    } else if (cn->n > 0) {
        return eng__err(e, cd_loc, ERR_INVAL, "42601",
                        "a column definition list is only allowed for functions returning "
                        "\"record\"");
    }
    int nf;
    const char *const *names;
    const uint32_t *types;
    if ((base == NULL || (base->type == SQL_T_RECORD && base->typmod < 0)) &&
        f->u.func.coldef_location == -2)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "could not determine row type for result of %s" ENG_HINT_SEP
                        "Provide a non-null record argument, or call the function in the FROM "
                        "clause using a column definition list.",
                        name);
    if (base == NULL || (base->type == SQL_T_RECORD && base->typmod < 0))
        return eng__err(e, call->location, ERR_INVAL, "42601",
                        "a column definition list is required for functions returning \"record\"");
    if (base->type != SQL_T_RECORD || !sql__record_shape(base->typmod, &nf, &names, &types, NULL))
        return eng__err(e, call->location, ERR_INVAL, "42804",
                        "first argument of %s must be a row type", name);
    int rc = eng__coerce(b, js, argtype, -1, COERCE_IMPLICIT, &js, e);
    if (rc == 0 && n == 3)
        rc = eng__coerce(b, a[2], SQL_T_BOOL, -1, COERCE_IMPLICIT, &a[2], e);
    if (rc != 0)
        return rc;
    const struct sql_ctype *ct = sql__ctype_of_shape(base->typmod);
    const char *alias = f->u.func.alias ? f->u.func.alias->name : name;
    int nc = nf + (f->u.func.ordinality ? 1 : 0);
    struct rte *r = add_rte(b, s, alias, nc);
    if (nc > nf) {
        r->colnames[nf] = "ordinality";
        r->coltypes[nf] = SQL_T_INT8;
        r->coltypmods[nf] = -1;
    }
    for (int i = 0; i < nf; i++) {
        r->colnames[i] = names[i];
        r->coltypes[i] = types[i];
        r->coltypmods[i] = coltypmods != NULL        ? coltypmods[i]
                           : ct != NULL && i < ct->n ? ct->typmods[i]
                                                     : -1;
        const struct sql_ctype *fct = sql_ctype_get(types[i]);
        if (fct != NULL) {
            r->coltypes[i] = SQL_T_RECORD;
            r->coltypmods[i] = fct->shape;
        }
    }
    for (int i = 0; i < cn->n && i < nf; i++)
        r->colnames[i] = cn->items[i];
    if (f->u.func.alias && f->u.func.alias->colnames.n > nc)
        return eng__err(e, -1, ERR_INVAL, "42P10",
                        "table \"%s\" has %d columns available but %d columns specified", alias, nc,
                        f->u.func.alias->colnames.n);
    for (int i = 0; f->u.func.alias && i < f->u.func.alias->colnames.n; i++)
        r->colnames[i] = f->u.func.alias->colnames.items[i];
    struct pnode *p = pn_new(b->ctx, PN_SERIES, 0);
    p->u.series.nargs = 2;
    p->u.series.args[0] = base;
    p->u.series.args[1] = js;
    p->u.series.type = SQL_T_RECORD;
    p->u.series.off = r->off;
    p->u.series.alias = alias;
    p->u.series.jfn = fn;
    p->u.series.ncols = nc;
    p->u.series.ordinality = nc > nf;
    p->u.series.fname = name;
    p->u.series.coltypmods = coltypmods;
    j->rte = s->nrtes - 1;
    j->plan = p;
    j->lo = r->off;
    j->hi = r->off + nc;
    return 0;
}

static int json_srf_leaf(struct binder *b, struct scope *s, const struct sql_from *f, struct jt *j,
                         int fn, struct err *e)
{
    const struct sql_expr *call = f->u.func.call;
    const char *name = call->u.func.name.name;
    int ncols;
    const uint32_t *types;
    const char *const *cols;
    uint32_t argtype;
    if (sql__json_srf_find(name, &ncols, &types, &cols, &argtype) >= SQL_JSRF_JSON_POPULATE)
        return json_populate_leaf(b, s, f, j, fn, argtype, e);
    int nout = ncols; /* the function's columns; WITH ORDINALITY adds one */
    if (f->u.func.ordinality)
        ncols++;
    if (call->u.func.args.n != 1 || call->u.func.star || call->u.func.distinct)
        return eng__err(e, call->location, ERR_NOTFOUND, "42883", "function %s does not exist",
                        name);
    /* Functions in FROM see the FROM items before them (implicitly
     * LATERAL): the argument is bound in s, and a leaf that uses them is
     * run once per left row (plan_join). */
    struct bx *a;
    int rc = eng__bind_expr(b, s, call->u.func.args.items[0], &a, e);
    if (rc != 0)
        return rc;
    int slo, shi;
    bool souter;
    eng__bx_slots(a, &slo, &shi, &souter);
    j->lateral = shi >= 0;
    j->lat_lo = slo;
    j->lat_hi = shi;
    lref_note(b, j, a);
    if ((rc = eng__coerce(b, a, argtype, -1, COERCE_IMPLICIT, &a, e)) != 0)
        return rc;
    struct pnode *p = pn_new(b->ctx, PN_SERIES, 0);
    const char *alias = f->u.func.alias ? f->u.func.alias->name : name;
    struct rte *r = add_rte(b, s, alias, ncols);
    r->func_scalar = ncols == 1;
    for (int i = 0; i < ncols; i++) {
        r->colnames[i] = i == nout         ? "ordinality"
                         : cols[i]         ? cols[i]
                         : f->u.func.alias ? f->u.func.alias->name
                                           : name;
        r->coltypes[i] = i == nout ? SQL_T_INT8 : types[i];
        r->coltypmods[i] = -1;
    }
    if (f->u.func.alias && f->u.func.alias->colnames.n > ncols)
        return eng__err(e, -1, ERR_INVAL, "42P10",
                        "table \"%s\" has %d columns available but %d columns specified", alias,
                        ncols, f->u.func.alias->colnames.n);
    for (int i = 0; f->u.func.alias && i < f->u.func.alias->colnames.n; i++)
        r->colnames[i] = f->u.func.alias->colnames.items[i];
    p->u.series.nargs = 1;
    p->u.series.args[0] = a;
    p->u.series.type = types[0];
    p->u.series.off = r->off;
    p->u.series.alias = alias;
    p->u.series.jfn = fn;
    p->u.series.ncols = ncols;
    p->u.series.ordinality = f->u.func.ordinality;
    p->u.series.fname = name;
    j->rte = s->nrtes - 1;
    j->plan = p;
    j->lo = r->off;
    j->hi = r->off + ncols;
    return 0;
}

/* unnest(...) / generate_subscripts(...) in FROM (bind_array.c binds the call). */
static int array_srf_leaf(struct binder *b, struct scope *s, const struct sql_from *f, struct jt *j,
                          struct err *e)
{
    const struct sql_expr *call = f->u.func.call;
    const char *fname = call->u.func.name.name;
    struct pnode *p = pn_new(b->ctx, PN_SERIES, 0);
    uint32_t types0[SQL_FUNC_MAX_ARGS + 1];
    uint32_t *types = types0;
    const char **cnames = NULL; /* a user function's column names (sqlfn.h) */
    int nc = 0;
    /* implicitly LATERAL: the arguments see the earlier FROM items (s), and
     * a leaf that uses them runs once per left row (plan_join) */
    const char *saved_forbidden = s->agg_forbidden;
    s->agg_forbidden = "functions in FROM";
    int rc =
        eng__is_array_srf(fname)
            ? eng__bind_array_srf(b, s, call, f->u.func.ordinality, p, types, &nc, e)
            : eng__sqlfn_bind_srf(b, s, call, f->u.func.ordinality, p, &types, &cnames, &nc, e);
    s->agg_forbidden = saved_forbidden;
    if (rc != 0)
        return rc;
    for (int i = 0; i < p->u.series.nsargs; i++) {
        int lo, hi;
        bool outer;
        eng__bx_slots(p->u.series.sargs[i], &lo, &hi, &outer);
        lref_note(b, j, p->u.series.sargs[i]);
        if (hi >= 0) {
            if (!j->lateral || lo < j->lat_lo)
                j->lat_lo = lo;
            if (!j->lateral || hi > j->lat_hi)
                j->lat_hi = hi;
            j->lateral = true;
        }
    }
    const char *alias = f->u.func.alias ? f->u.func.alias->name : fname;
    struct rte *r = add_rte(b, s, alias, nc);
    int nout = nc - (f->u.func.ordinality ? 1 : 0);
    r->func_scalar = nc == 1;
    for (int i = 0; i < nc; i++) {
        r->colnames[i] = i < nout ? (cnames && cnames[i] ? cnames[i] : fname) : "ordinality";
        if (i == 0 && nout == 1 && f->u.func.alias && (cnames == NULL || p->u.series.srf == 3))
            r->colnames[i] = f->u.func.alias->name;
        if (f->u.func.alias && i < f->u.func.alias->colnames.n)
            r->colnames[i] = f->u.func.alias->colnames.items[i];
        r->coltypes[i] = types[i];
        r->coltypmods[i] = -1;
    }
    if (f->u.func.alias && f->u.func.alias->colnames.n > nc)
        return eng__err(e, call->location, ERR_INVAL, "42P10",
                        "table \"%s\" has %d columns available but %d columns specified", alias, nc,
                        f->u.func.alias->colnames.n);
    p->u.series.off = r->off;
    p->u.series.alias = alias;
    j->rte = s->nrtes - 1;
    j->plan = p;
    j->lo = r->off;
    j->hi = r->off + nc;
    return 0;
}

/* A set-returning function with a scan of its own (this file, bind_array.c). */
static bool has_own_scan(const struct sql_expr *call, bool *ordinality)
{
    *ordinality = false;
    if (call->kind != SQL_EXPR_FUNC || call->u.func.star || call->u.func.distinct ||
        call->u.func.over != NULL || call->u.func.order.n > 0 || call->u.func.filter != NULL)
        return false;
    const char *name = call->u.func.name.name;
    bool catalog =
        call->u.func.name.schema == NULL || strcmp(call->u.func.name.schema, "pg_catalog") == 0;
    if (!catalog)
        return false;
    if (eng__is_array_srf(name)) {
        *ordinality = true;
        return true;
    }
    int jn;
    const uint32_t *jt;
    const char *const *jc;
    uint32_t ja;
    if (sql__json_srf_find(name, &jn, &jt, &jc, &ja) != 0)
        return true;
    return strcmp(name, "generate_series") == 0 &&
           (call->u.func.args.n == 2 || call->u.func.args.n == 3);
}

static int series_leaf(struct binder *b, struct scope *s, const struct sql_from *f, struct jt *j,
                       struct err *e);

/* The lateral references of a kid's leaf kj into j. */
static void merge_lateral(struct binder *b, struct jt *j, const struct jt *kj)
{
    if (kj->lateral) {
        if (!j->lateral || kj->lat_lo < j->lat_lo)
            j->lat_lo = kj->lat_lo;
        if (!j->lateral || kj->lat_hi > j->lat_hi)
            j->lat_hi = kj->lat_hi;
        j->lateral = true;
    }
    for (int i = 0; i < kj->nlrefs && j->nlrefs < 16; i++) {
        if (j->lrefs == NULL)
            j->lrefs = mem_alloc0(b->ctx, sizeof *j->lrefs * 16);
        j->lrefs[j->nlrefs++] = kj->lrefs[i];
    }
}

struct fcols {
    const char **names;
    uint32_t *types;
    int32_t *typmods;
    int n, cap;
};

static void fcols_add(struct binder *b, struct fcols *c, const char *name, uint32_t type,
                      int32_t typmod)
{
    if (c->n == c->cap) {
        int nc = c->cap ? c->cap * 2 : 8;
        c->names = mem_realloc(b->ctx, c->names, sizeof *c->names * (size_t)c->cap,
                               sizeof *c->names * (size_t)nc);
        c->types = mem_realloc(b->ctx, c->types, sizeof *c->types * (size_t)c->cap,
                               sizeof *c->types * (size_t)nc);
        c->typmods = mem_realloc(b->ctx, c->typmods, sizeof *c->typmods * (size_t)c->cap,
                                 sizeof *c->typmods * (size_t)nc);
        c->cap = nc;
    }
    c->names[c->n] = name;
    c->types[c->n] = type;
    c->typmods[c->n] = typmod;
    c->n++;
}

/* A function in FROM in general (PostgreSQL's RangeFunction): ROWS
 * FROM(...) of several, WITH ORDINALITY, column definition lists, and
 * functions without a scan of their own (bind_fromfunc.c). Each function is
 * a kid scan whose columns sit side by side; one kid without ORDINALITY is
 * the leaf itself, else a PN_SERIES srf 5 runs them (exec_fromfunc.c). */
static int funcscan_leaf(struct binder *b, struct scope *s, const struct sql_from *f, struct jt *j,
                         struct err *e)
{
    int ncalls = f->u.func.calls.n > 0 ? f->u.func.calls.n : 1;
    bool ord = f->u.func.ordinality;
    int base = s->width, rc;
    struct pnode **kids = mem_alloc0(b->ctx, sizeof *kids * (size_t)ncalls);
    struct fcols cols = {0};
    bool scalar = false; /* one kid of one non-record column */
    for (int k = 0; k < ncalls; k++) {
        const struct sql_expr *call =
            f->u.func.calls.n > 0 ? f->u.func.calls.items[k] : f->u.func.call;
        const struct sql_list *defs = f->u.func.coldefs.n > k ? f->u.func.coldefs.items[k] : NULL;
        bool own_ord;
        struct pnode *kid;
        if (has_own_scan(call, &own_ord)) {
            if (defs != NULL && defs->n > 0) {
                int jn;
                const uint32_t *jt;
                const char *const *jc;
                uint32_t ja;
                bool out_params =
                    sql__json_srf_find(call->u.func.name.name, &jn, &jt, &jc, &ja) && jn > 1;
                const struct sql_funccol *c0 = defs->items[0];
                return eng__err(e, c0->location, ERR_INVAL, "42601",
                                out_params ? "a column definition list is redundant for a "
                                             "function with OUT parameters"
                                           : "a column definition list is only allowed for "
                                             "functions returning \"record\"");
            }
            struct sql_from kf;
            memset(&kf, 0, sizeof kf);
            kf.kind = SQL_FROM_FUNCTION;
            kf.u.func.call = (struct sql_expr *)call;
            struct jt kj;
            memset(&kj, 0, sizeof kj);
            kj.alias_rte = -1;
            if ((rc = series_leaf(b, s, &kf, &kj, e)) != 0)
                return rc;
            merge_lateral(b, j, &kj);
            const struct rte *r = &s->rtes[kj.rte];
            for (int c = 0; c < r->ncols; c++)
                fcols_add(b, &cols, r->colnames[c], r->coltypes[c], r->coltypmods[c]);
            scalar = ncalls == 1 && r->ncols == 1;
            s->nrtes--; /* its slots stay; the leaf's rte takes them below */
            kid = kj.plan;
        } else {
            kid = pn_new(b->ctx, PN_SERIES, 0);
            kid->u.series.off = s->width;
            const char **nm;
            uint32_t *ty;
            int32_t *tm;
            int nc;
            const char *saved_forbidden = s->agg_forbidden;
            s->agg_forbidden = "functions in FROM";
            rc = eng__bind_from_call(b, s, call, defs, kid, &nm, &ty, &tm, &nc, e);
            s->agg_forbidden = saved_forbidden;
            if (rc != 0)
                return rc;
            struct bx *a = kid->u.series.sargs[0];
            int lo, hi;
            bool outer;
            eng__bx_slots(a, &lo, &hi, &outer);
            lref_note(b, j, a);
            if (hi >= 0) {
                if (!j->lateral || lo < j->lat_lo)
                    j->lat_lo = lo;
                if (!j->lateral || hi > j->lat_hi)
                    j->lat_hi = hi;
                j->lateral = true;
            }
            for (int c = 0; c < nc; c++)
                fcols_add(b, &cols, nm[c], ty[c], tm[c]);
            s->width += nc;
            scalar = ncalls == 1 && !kid->u.series.record;
        }
        kids[k] = kid;
    }
    const struct sql_expr *call0 = f->u.func.call;
    const char *fname = eng__figure_colname(call0);
    const char *alias = f->u.func.alias ? f->u.func.alias->name : fname;
    if (ord)
        fcols_add(b, &cols, "ordinality", SQL_T_INT8, -1);
    s->width = base;
    struct rte *r = add_rte(b, s, alias, cols.n);
    for (int c = 0; c < cols.n; c++) {
        r->colnames[c] = cols.names[c];
        r->coltypes[c] = cols.types[c];
        r->coltypmods[c] = cols.typmods[c];
    }
    /* a scalar function's column takes the alias (addRangeTableEntryForFunction) */
    if (scalar && f->u.func.alias)
        r->colnames[0] = f->u.func.alias->name;
    const struct sql_alias *al = f->u.func.alias;
    if (al && al->colnames.n > cols.n)
        return eng__err(e, -1, ERR_INVAL, "42P10",
                        "table \"%s\" has %d columns available but %d columns specified", alias,
                        cols.n, al->colnames.n);
    for (int c = 0; al && c < al->colnames.n; c++)
        r->colnames[c] = al->colnames.items[c];
    r->func_scalar = scalar && !ord;
    struct pnode *p = kids[0];
    if (ncalls > 1 || ord) {
        p = pn_new(b->ctx, PN_SERIES, 0);
        p->u.series.srf = 5;
        p->u.series.kids = kids;
        p->u.series.nkids = ncalls;
        p->u.series.ordinality = ord;
        p->u.series.ncols = cols.n;
        p->u.series.coltypes = cols.types;
        p->u.series.type = cols.types[0];
        p->u.series.fname = fname;
        p->u.series.off = base;
    }
    p->u.series.alias = alias;
    j->rte = s->nrtes - 1;
    j->plan = p;
    j->lo = r->off;
    j->hi = r->off + cols.n;
    return 0;
}

static int series_leaf(struct binder *b, struct scope *s, const struct sql_from *f, struct jt *j,
                       struct err *e)
{
    const struct sql_expr *call = f->u.func.call;
    bool own_ord;
    bool json_cd = false; /* json[b]_to_record[set] ... AS x(a int, ...): json_populate_leaf */
    if (!f->u.func.rowsfrom && f->u.func.coldefs.n > 0 && call->kind == SQL_EXPR_FUNC) {
        int jn;
        const uint32_t *jt;
        const char *const *jc;
        uint32_t ja;
        json_cd = sql__json_srf_find(call->u.func.name.name, &jn, &jt, &jc, &ja) >=
                  SQL_JSRF_JSON_POPULATE;
    }
    /* user functions (sqlfn.h) without ROWS FROM or a definition list */
    bool user_fn = call->kind == SQL_EXPR_FUNC && !f->u.func.rowsfrom && f->u.func.coldefs.n == 0 &&
                   eng__sqlfn_exists(b, call);
    if (!json_cd && !user_fn &&
        (f->u.func.rowsfrom || f->u.func.coldefs.n > 0 || !has_own_scan(call, &own_ord) ||
         (f->u.func.ordinality && !own_ord)))
        return funcscan_leaf(b, s, f, j, e);
    if (call->kind == SQL_EXPR_FUNC && (eng__is_array_srf(call->u.func.name.name) || user_fn))
        return array_srf_leaf(b, s, f, j, e);
    if (call->kind == SQL_EXPR_FUNC) {
        int jn, fn;
        const uint32_t *jt;
        const char *const *jc;
        uint32_t ja;
        fn = sql__json_srf_find(call->u.func.name.name, &jn, &jt, &jc, &ja);
        if (fn != 0 && (call->u.func.name.schema == NULL ||
                        strcmp(call->u.func.name.schema, "pg_catalog") == 0))
            return json_srf_leaf(b, s, f, j, fn, e);
    }
    /* functions in FROM are LATERAL: the arguments see the earlier FROM items */
    struct pnode *p = pn_new(b->ctx, PN_SERIES, 0);
    int n = call->u.func.args.n;
    struct bx *a[3];
    const char *saved_forbidden = s->agg_forbidden;
    s->agg_forbidden = "functions in FROM";
    for (int i = 0; i < n; i++) {
        int rc = eng__bind_expr(b, s, call->u.func.args.items[i], &a[i], e);
        if (rc != 0)
            return rc;
        int lo, hi;
        bool outer;
        eng__bx_slots(a[i], &lo, &hi, &outer);
        lref_note(b, j, a[i]);
        if (hi >= 0) {
            if (!j->lateral || lo < j->lat_lo)
                j->lat_lo = lo;
            if (!j->lateral || hi > j->lat_hi)
                j->lat_hi = hi;
            j->lateral = true;
        }
    }
    s->agg_forbidden = saved_forbidden;
    uint32_t t = SQL_T_INT4;
    bool ts = false;
    for (int i = 0; i < 2; i++) {
        uint32_t at = a[i]->type;
        if (at == SQL_T_TIMESTAMP || at == SQL_T_TIMESTAMPTZ) {
            ts = true;
            t = at;
        }
    }
    if (!ts && (a[0]->type == SQL_T_DATE || a[1]->type == SQL_T_DATE)) {
        /* date arguments: the timestamptz version (the preferred type) */
        ts = true;
        t = SQL_T_TIMESTAMPTZ;
    }
    if (!ts) {
        for (int i = 0; i < n; i++) {
            uint32_t at = a[i]->type;
            if (at == SQL_T_INT8 && t == SQL_T_INT4)
                t = SQL_T_INT8;
            else if (at == SQL_T_NUMERIC || at == SQL_T_FLOAT8 || at == SQL_T_FLOAT4)
                t = SQL_T_NUMERIC;
        }
        for (int i = 0; i < n; i++) {
            int rc = eng__coerce(b, a[i], t, -1, COERCE_IMPLICIT, &a[i], e);
            if (rc != 0)
                return rc;
        }
        if (t == SQL_T_NUMERIC)
            return eng__err(e, call->location, ERR_UNSUPPORTED, "0A000",
                            "generate_series(numeric, numeric) is not supported");
    } else {
        if (n != 3)
            return eng__err(
                e, call->location, ERR_NOTFOUND, "42883",
                "function generate_series(timestamp without time zone, timestamp without "
                "time zone) does not exist");
        for (int i = 0; i < 2; i++) {
            int rc = eng__coerce(b, a[i], t, -1, COERCE_IMPLICIT, &a[i], e);
            if (rc != 0)
                return rc;
        }
        int rc = eng__coerce(b, a[2], SQL_T_INTERVAL, -1, COERCE_IMPLICIT, &a[2], e);
        if (rc != 0)
            return rc;
    }
    const char *alias = f->u.func.alias ? f->u.func.alias->name : "generate_series";
    struct rte *r = add_rte(b, s, alias, 1);
    r->func_scalar = true;
    r->colnames[0] = "generate_series";
    if (f->u.func.alias && f->u.func.alias->colnames.n > 0)
        r->colnames[0] = f->u.func.alias->colnames.items[0];
    else if (f->u.func.alias)
        r->colnames[0] = f->u.func.alias->name;
    r->coltypes[0] = t;
    r->coltypmods[0] = -1;
    p->u.series.nargs = n;
    for (int i = 0; i < n; i++)
        p->u.series.args[i] = a[i];
    p->u.series.type = t;
    p->u.series.off = r->off;
    p->u.series.alias = alias;
    j->rte = s->nrtes - 1;
    j->plan = p;
    j->lo = r->off;
    j->hi = r->off + 1;
    return 0;
}

static int subquery_leaf(struct binder *b, struct scope *s, const struct sql_select *q,
                         const struct sql_alias *alias, bool lateral, int location, struct jt *j,
                         struct cte_ref *rec, struct err *e)
{
    if (alias == NULL)
        return eng__err(e, location, ERR_INVAL, "42601", "subquery in FROM must have an alias");
    struct pnode *p;
    struct sql_column *cols;
    int ncols;
    /* LATERAL: the subquery sees the earlier FROM items as an outer level */
    int ulo = s->nuprefs;
    const char *saf = s->agg_forbidden; /* its outer-level aggregates (bind_upref.c) */
    if (!s->allow_aggs && saf == NULL)
        s->agg_forbidden = "FROM clause of their own query level";
    int rc = rec != NULL ? eng__plan_cte_ref(b, s, rec, location, &p, &cols, &ncols, e)
                         : eng__plan_select(b, lateral ? s : s->parent, q, &p, &cols, &ncols, e);
    s->agg_forbidden = saf;
    j->lateral_sub = lateral && rc == 0 && b->last_correlated;
    if (rc != 0)
        return rc;
    /* the slots of this level it reads (bind_upref.c): plan_join checks
     * they come from its left side */
    j->lat_lo = 1 << 30;
    j->lat_hi = -1;
    if (j->lateral_sub && s->nuprefs > ulo) {
        j->nlrefs = s->nuprefs - ulo;
        j->lrefs = mem_alloc(b->ctx, sizeof *j->lrefs * (size_t)j->nlrefs);
        memcpy(j->lrefs, s->uprefs + ulo, sizeof *j->lrefs * (size_t)j->nlrefs);
    }
    for (int i = ulo; j->lateral_sub && i < s->nuprefs; i++) {
        if (s->uprefs[i].slot < j->lat_lo)
            j->lat_lo = s->uprefs[i].slot;
        if (s->uprefs[i].slot > j->lat_hi)
            j->lat_hi = s->uprefs[i].slot;
    }
    if (b->last_correlated)
        s->correlated = true;
    if (alias->colnames.n != ncols && strncmp(alias->name, "?multiassign?", 13) == 0)
        return eng__err(e, (int)strtol(alias->name + 13, NULL, 10), ERR_INVAL, "42601",
                        /* parse_stmt.c multiassign_sublink: the source's location */
                        "number of columns does not match number of values");
    for (const struct cte_ref *c = b->ctes; c != NULL && rec == NULL; c = c->up)
        if (c->rec_rarg == q && q != NULL && ncols != alias->colnames.n) {
            /* SEARCH / CYCLE: the recursive term has another width than the
             * non-recursive one (bind_search.c) */
            const struct sql_target *t = q->targets.n > 0 ? q->targets.items[0] : NULL;
            return eng__err(e, t != NULL ? t->location : -1, ERR_INVAL, "42601",
                            "each UNION query must have the same number of columns");
        }
    if (alias->colnames.n > ncols && b->in_cte != NULL &&
        alias->colnames.items == b->in_cte->cte->colnames.items)
        return eng__err(e, b->in_cte->cte->location, ERR_INVAL, "42P10", /* analyzeCTETargetList */
                        "WITH query \"%s\" has %d columns available but %d columns specified",
                        b->in_cte->cte->name, ncols, alias->colnames.n);
    if (alias->colnames.n > ncols)
        return eng__err(e, location, ERR_INVAL, "42P10",
                        "table \"%s\" has %d columns available but %d columns specified",
                        alias->name, ncols, alias->colnames.n);
    struct rte *r = add_rte(b, s, alias->name, ncols);
    for (int i = 0; i < ncols; i++) {
        r->colnames[i] = cols[i].name;
        r->coltypes[i] = cols[i].type_oid;
        r->coltypmods[i] = cols[i].typmod;
    }
    apply_alias(b, r, alias);
    if (rec != NULL && rec->rec_hidden > 0 && (s->sel == NULL || s->sel != rec->owner)) {
        /* SEARCH / CYCLE columns: * expands to them only in the query
         * that owns the WITH (PostgreSQL's expandRTE for ctelevelsup 0) */
        r->nostar = mem_alloc0(b->ctx, sizeof *r->nostar * (size_t)ncols);
        for (int i = ncols - rec->rec_hidden; i < ncols; i++)
            r->nostar[i] = i >= 0;
    }
    struct pnode *sq = pn_new(b->ctx, PN_SUBQ, 0);
    sq->l = p;
    sq->u.subq.off = r->off;
    sq->u.subq.ncols = ncols;
    sq->u.subq.alias = alias->name;
    sq->est_rows = p->est_rows;
    j->rte = s->nrtes - 1;
    j->plan = sq;
    j->lo = r->off;
    j->hi = r->off + ncols;
    return 0;
}

/* The one visible column named name among the rtes of slots [lo, hi). */
static int using_find(struct scope *s, int lo, int hi, const char *name, int *ri, int *ci)
{
    int found = 0;
    for (int i = 0; i < s->nrtes; i++) {
        struct rte *r = &s->rtes[i];
        if (r->off < lo || r->off >= hi)
            continue;
        for (int c = 0; c < r->ncols; c++) {
            if (r->hidden[c] || (r->using_hidden && r->using_hidden[c]) ||
                strcmp(r->colnames[c], name) != 0)
                continue;
            *ri = i;
            *ci = c;
            found++;
        }
    }
    return found;
}

static void hide_using(struct binder *b, struct rte *r, int c)
{
    if (r->using_hidden == NULL)
        r->using_hidden = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(r->ncols + 1));
    r->using_hidden[c] = true;
}

/* The k-th USING column: INNER and LEFT keep the left column visible, RIGHT
 * the right one, FULL neither (its merged COALESCE column, made by
 * full_join_merged, is the visible one). */
static int bind_join_using_col(struct binder *b, struct scope *s, struct jt *j, int k,
                               const char *name, struct rte *lr, int lci, struct rte *rr, int rci,
                               struct err *e)
{
    (void)s;
    (void)name;
    if (j->type == SQL_JOIN_RIGHT) {
        hide_using(b, lr, lci);
        int t = j->using_l[k];
        j->using_l[k] = j->using_r[k];
        j->using_r[k] = t;
        return 0;
    }
    hide_using(b, rr, rci);
    if (j->type != SQL_JOIN_FULL)
        return 0;
    hide_using(b, lr, lci);
    if (j->merge == NULL) {
        j->merge = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(j->nusing + 1));
        j->using_x = mem_alloc0(b->ctx, sizeof(int) * (size_t)(j->nusing + 1));
    }
    struct bx *args[2] = {rte_col(b, lr, lci), rte_col(b, rr, rci)};
    uint32_t type;
    int rc = eng__common_type(args, 2, "JOIN/USING", &type, e);
    for (int i = 0; rc == 0 && i < 2; i++)
        rc = eng__coerce(b, args[i], type, -1, COERCE_IMPLICIT, &args[i], e);
    if (rc != 0)
        return rc;
    struct bx *co = mem_alloc0(b->ctx, sizeof *co);
    co->kind = BX_COALESCE;
    co->type = type;
    co->typmod = args[0]->typmod == args[1]->typmod ? args[0]->typmod : -1;
    co->location = -1;
    co->u.list.args = mem_alloc(b->ctx, sizeof(struct bx *) * 2);
    co->u.list.args[0] = args[0];
    co->u.list.args[1] = args[1];
    co->u.list.n = 2;
    j->merge[k] = co;
    return 0;
}

/* FULL JOIN USING: an unnamed FROM item holding the merged columns, filled
 * by the join node; SELECT * lists them first. */
static void full_join_merged(struct binder *b, struct scope *s, struct jt *j, struct sql_list names)
{
    struct rte *m = add_rte(b, s, NULL, names.n);
    for (int k = 0; k < names.n; k++) {
        m->colnames[k] = names.items[k];
        m->coltypes[k] = j->merge[k]->type;
        m->coltypmods[k] = j->merge[k]->typmod;
        j->using_x[k] = j->using_l[k];
        j->using_l[k] = m->off + k;
    }
    m->nullable = true;
    m->merged = j->merge;
    j->nmerge = names.n;
    j->moff = m->off;
    j->hi = s->width;
}

/* JOIN ... USING (cols) / NATURAL JOIN: l.c = r.c for each column; the
 * right-hand columns are hidden from unqualified references and SELECT *
 * lists the merged columns first (the left ones: INNER and LEFT joins). */
static void star_list(struct binder *b, struct scope *s, const struct jt *j, const int *skip,
                      int nskip, struct tlist *tl, bool refs);
static void expand_star(struct binder *b, struct scope *s, const struct jt *j, const int *skip,
                        int nskip, struct tlist *tl);

static int join_using(struct binder *b, struct scope *s, const struct sql_from *f, struct jt *j,
                      struct err *e)
{
    struct sql_list names = f->u.join.using_cols;
    if (f->u.join.natural) {
        /* the left side's column names (as its SELECT * lists them) that
         * the right side has too, as PostgreSQL's transformFromClauseItem */
        struct tlist tl = {0}, tr = {0};
        star_list(b, s, j->l, NULL, 0, &tl, false);
        star_list(b, s, j->r, NULL, 0, &tr, false);
        names.n = 0;
        names.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)(tl.n + 1));
        for (int i = 0; i < tl.n; i++) {
            if (tl.names[i] == NULL || tl.names[i][0] == '\0')
                continue;
            for (int k = 0; k < tr.n; k++)
                if (tr.names[k] != NULL && strcmp(tl.names[i], tr.names[k]) == 0) {
                    names.items[names.n++] = (void *)tl.names[i];
                    break;
                }
        }
    }
    for (int k = 0; k < names.n && !f->u.join.natural; k++)
        for (int i = 0; i < k; i++)
            if (strcmp(names.items[i], names.items[k]) == 0)
                return eng__err(e, -1, ERR_INVAL, "42701",
                                "column name \"%s\" appears more than once in USING clause",
                                (const char *)names.items[k]);
    j->nusing = names.n;
    j->using_l = mem_alloc(b->ctx, sizeof(int) * (size_t)(names.n + 1));
    j->using_r = mem_alloc(b->ctx, sizeof(int) * (size_t)(names.n + 1));
    struct bx **conds = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)(names.n + 1));
    uint32_t *ctypes = mem_alloc(b->ctx, sizeof(uint32_t) * (size_t)(names.n + 1));
    bool retyped = false;
    for (int k = 0; k < names.n; k++) {
        const char *name = names.items[k];
        int lri = 0, lci = 0, rri = 0, rci = 0;
        int nl = using_find(s, j->l->lo, j->l->hi, name, &lri, &lci);
        int nr = using_find(s, j->r->lo, j->r->hi, name, &rri, &rci);
        if (nl == 0)
            return eng__err(e, -1, ERR_NOTFOUND, "42703",
                            "column \"%s\" specified in USING clause does not exist in left table",
                            name);
        if (nl > 1)
            return eng__err(e, -1, ERR_INVAL, "42702",
                            "common column name \"%s\" appears more than once in left table", name);
        if (nr == 0)
            return eng__err(e, -1, ERR_NOTFOUND, "42703",
                            "column \"%s\" specified in USING clause does not exist in right table",
                            name);
        if (nr > 1)
            return eng__err(e, -1, ERR_INVAL, "42702",
                            "common column name \"%s\" appears more than once in right table",
                            name);
        struct rte *lr = &s->rtes[lri], *rr = &s->rtes[rri];
        struct bx *a = rte_col(b, lr, lci), *c = rte_col(b, rr, rci);
        struct bx *pair[2] = {a, c}; /* buildMergedJoinVar's check comes first */
        int rc = eng__common_type(pair, 2, "JOIN/USING", &ctypes[k], e);
        if (rc == 0)
            rc = eng__make_op(b, "=", a, c, -1, &conds[k], e);
        if (rc != 0)
            return rc;
        if (a->type != c->type)
            retyped = true;
        j->using_l[k] = lr->off + lci;
        j->using_r[k] = rr->off + rci;
        rc = bind_join_using_col(b, s, j, k, name, lr, lci, rr, rci, e);
        if (rc != 0)
            return rc;
    }
    if (j->type != SQL_JOIN_FULL && retyped) {
        /* the merged columns have the common types (INNER, LEFT: the left
         * column coerced; RIGHT: the right one), so they are computed by
         * the join as FULL JOIN's are */
        j->merge = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(names.n + 1));
        j->using_x = mem_alloc0(b->ctx, sizeof(int) * (size_t)(names.n + 1));
        for (int k = 0; k < names.n; k++) {
            struct rte *vr = NULL, *hr = NULL;
            int vc = -1, hc = -1;
            for (int i = 0; i < s->nrtes; i++) {
                struct rte *r = &s->rtes[i];
                if (j->using_l[k] >= r->off && j->using_l[k] < r->off + r->ncols) {
                    vr = r;
                    vc = j->using_l[k] - r->off;
                }
                if (j->using_r[k] >= r->off && j->using_r[k] < r->off + r->ncols) {
                    hr = r;
                    hc = j->using_r[k] - r->off;
                }
            }
            if (vr == NULL || hr == NULL)
                return eng__err(e, -1, ERR_INTERNAL, "XX000", "JOIN USING column");
            hide_using(b, vr, vc);
            if (j->type == SQL_JOIN_INNER && vr->coltypes[vc] != ctypes[k] &&
                hr->coltypes[hc] == ctypes[k]) { /* INNER: the one not coerced */
                vr = hr;
                vc = hc;
            }
            int rc =
                eng__coerce(b, rte_col(b, vr, vc), ctypes[k], -1, COERCE_IMPLICIT, &j->merge[k], e);
            if (rc != 0)
                return rc;
        }
    }
    if ((j->type == SQL_JOIN_FULL || retyped) && names.n > 0)
        full_join_merged(b, s, j, names);
    struct bx *on = eng__and_list(b->ctx, conds, names.n);
    if (j->on != NULL && on != NULL) {
        struct bx *both[2] = {j->on, on};
        on = eng__and_list(b->ctx, both, 2);
    }
    if (on != NULL)
        j->on = on;
    return 0;
}

/* JOIN ... USING (cols) AS t (PostgreSQL 14's join_using_alias): t names
 * just the merged USING columns. Its slots follow the join's merged ones
 * (the join node fills them); unqualified names and SELECT * do not see
 * it, t.col and t.* do. */
static int join_using_alias(struct binder *b, struct scope *s, struct jt *j, const char *name,
                            struct err *e)
{
    int n = j->nusing;
    for (int i = j->rte0; i < s->nrtes; i++) /* the join's own names (checkNameSpaceConflicts) */
        if (s->rtes[i].alias != NULL && !s->rtes[i].alias_hidden &&
            strcmp(s->rtes[i].alias, name) == 0)
            return eng__err(e, -1, ERR_INVAL, "42712", "table name \"%s\" specified more than once",
                            name);
    if (j->nmerge > 0 && j->moff + j->nmerge != s->width)
        return eng__err(e, -1, ERR_INTERNAL, "XX000", "JOIN USING alias layout");
    struct rte *r = add_rte(b, s, name, n);
    r->join_rte = true;
    r->using_alias = true;
    r->using_hidden = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(n + 1));
    struct bx **m = mem_alloc(b->ctx, sizeof *m * (size_t)(j->nmerge + n + 1));
    for (int i = 0; i < j->nmerge; i++)
        m[i] = j->merge[i];
    for (int k = 0; k < n; k++) {
        struct bx *v;
        if (j->type == SQL_JOIN_FULL) {
            v = j->merge[k]; /* COALESCE(l, r), as the merged column */
        } else {
            int slot = j->using_l[k]; /* the visible column (RIGHT: the right one) */
            v = NULL;
            for (int i = 0; i < s->nrtes - 1 && v == NULL; i++) {
                struct rte *in = &s->rtes[i];
                if (slot >= in->off && slot < in->off + in->ncols) {
                    v = rte_col(b, in, slot - in->off);
                    r->colnames[k] = in->colnames[slot - in->off];
                }
            }
            if (v == NULL)
                return eng__err(e, -1, ERR_INTERNAL, "XX000", "JOIN USING alias column");
        }
        if (r->colnames[k] == NULL) {
            const struct rte *mr = NULL;
            for (int i = 0; i < s->nrtes - 1; i++)
                if (s->rtes[i].off == j->moff)
                    mr = &s->rtes[i];
            r->colnames[k] = mr != NULL ? mr->colnames[k] : "?column?";
        }
        r->coltypes[k] = v->type;
        r->coltypmods[k] = v->typmod;
        r->using_hidden[k] = true;
        m[j->nmerge + k] = v;
    }
    r->colslot = mem_alloc(b->ctx, sizeof(int) * (size_t)(n + 1));
    r->merged = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(n + 1));
    for (int k = 0; k < n; k++) {
        r->colslot[k] = j->using_l[k]; /* the merged column's slot */
        struct bx *v = m[j->nmerge + k];
        r->merged[k] = v->kind == BX_COL ? v->u.col.merged : v;
    }
    if (j->nmerge == 0)
        j->moff = r->off;
    j->merge = m;
    j->nmerge += n;
    j->hi = s->width;
    return 0;
}

/* (a JOIN b) AS t [(cols)]: t is a FROM item of its own whose columns (the
 * join's SELECT * list) the join node copies into their slots; the names
 * inside the join are hidden. */
static int join_alias(struct binder *b, struct scope *s, struct jt *j, const struct sql_alias *a,
                      struct err *e)
{
    struct tlist tl = {0};
    expand_star(b, s, j, NULL, 0, &tl);
    if (a->colnames.n > tl.n)
        return eng__err(e, -1, ERR_INVAL, "42P10",
                        "join expression \"%s\" has %d columns available but %d columns specified",
                        a->name, tl.n, a->colnames.n);
    int inner_hi = s->width;
    struct rte *r = add_rte(b, s, a->name, tl.n);
    for (int i = 0; i < tl.n; i++) {
        r->colnames[i] = tl.names[i];
        r->coltypes[i] = tl.x[i]->type;
        r->coltypmods[i] = tl.x[i]->typmod;
    }
    apply_alias(b, r, a);
    r->join_rte = true;
    r->colslot = mem_alloc(b->ctx, sizeof(int) * (size_t)(tl.n + 1));
    r->merged = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(tl.n + 1));
    for (int i = 0; i < tl.n; i++)
        r->merged[i] = tl.x[i]->kind == BX_COL ? tl.x[i]->u.col.merged : NULL;
    for (int i = 0; i < tl.n; i++)
        r->colslot[i] =
            tl.x[i]->kind == BX_COL && tl.x[i]->u.col.level == 0 ? tl.x[i]->u.col.idx : -1;
    for (int i = 0; i < s->nrtes - 1; i++) {
        struct rte *in = &s->rtes[i];
        if (in->off < j->lo || in->off >= inner_hi)
            continue;
        in->alias_hidden = true;
        in->using_hidden = mem_alloc(b->ctx, sizeof(bool) * (size_t)(in->ncols + 1));
        for (int c = 0; c <= in->ncols; c++)
            in->using_hidden[c] = true;
    }
    struct bx **m = mem_alloc(b->ctx, sizeof *m * (size_t)(j->nmerge + tl.n + 1));
    for (int i = 0; i < j->nmerge; i++)
        m[i] = j->merge[i];
    for (int i = 0; i < tl.n; i++)
        m[j->nmerge + i] = tl.x[i];
    if (j->nmerge == 0)
        j->moff = r->off;
    j->merge = m;
    j->nmerge += tl.n;
    j->hi = s->width;
    j->alias_rte = s->nrtes - 1;
    return 0;
}

/* A relation named in FROM without an alias: its OID and schema (the
 * conflict rule of ns_conflicts, schema.table.col in bind_expr.c). */
static void rel_unaliased(struct binder *b, struct rte *r, const struct sql_rangevar *rv,
                          const struct sql_table_desc *d)
{
    if (rv->alias != NULL)
        return;
    r->relid = d->oid;
    r->relschema = mem_strdup(b->ctx, d->schema);
}

/* PostgreSQL's checkNameSpaceConflicts: a FROM item name visible in rtes
 * [a0, a1) that one of [b0, b1) has too is 42712, unless both are
 * different relations named without an alias (FROM s1.t, s2.t). Names
 * inside an aliased join are hidden and take no part. */
static int ns_conflicts(const struct scope *s, int a0, int a1, int b0, int b1, struct err *e)
{
    for (int i = a0; i < a1; i++) {
        const struct rte *x = &s->rtes[i];
        if (x->alias == NULL || x->alias_hidden || x->pulled)
            continue;
        for (int k = b0; k < b1; k++) {
            const struct rte *y = &s->rtes[k];
            if (y->alias == NULL || y->alias_hidden || y->pulled || strcmp(x->alias, y->alias) != 0)
                continue;
            if (x->relid != 0 && y->relid != 0 && x->relid != y->relid)
                continue;
            return eng__err(e, -1, ERR_INVAL, "42712", "table name \"%s\" specified more than once",
                            x->alias);
        }
    }
    return 0;
}

/* The right side r of a RIGHT or FULL join may not reference its left
 * side l (LATERAL): PostgreSQL's 42P10 at the reference. */
static int lateral_outer_check(const struct jt *r, const struct jt *l, struct err *e)
{
    if (r->join) {
        int rc = lateral_outer_check(r->l, l, e);
        return rc != 0 ? rc : lateral_outer_check(r->r, l, e);
    }
    for (int i = 0; i < r->nlrefs; i++) {
        const struct eng_upref *u = &r->lrefs[i];
        if (u->slot >= l->lo && u->slot < l->hi)
            return eng__err(e, u->location, ERR_INVAL, "42P10",
                            "invalid reference to FROM-clause entry for table \"%s\"" ENG_DETAIL_SEP
                            "The combining JOIN type must be INNER or LEFT for a LATERAL "
                            "reference.",
                            u->rel ? u->rel : "?");
    }
    return 0;
}

static int from_item(struct binder *b, struct scope *s, const struct sql_from *f, struct jt **out,
                     struct err *e)
{
    struct jt *j = mem_alloc0(b->ctx, sizeof *j);
    j->alias_rte = -1;
    *out = j;
    switch (f->kind) {
    case SQL_FROM_TABLE: {
        const struct sql_rangevar *rv = f->u.table;
        const struct sql_table_desc *t;
        const struct sql_vtab *vt;
        for (struct cte_ref *c = rv->name.schema == NULL ? b->ctes : NULL; c != NULL; c = c->up) {
            if (strcmp(c->cte->name, rv->name.name) != 0)
                continue;
            struct sql_alias *a = mem_alloc0(b->ctx, sizeof *a);
            a->name = rv->alias ? rv->alias->name : c->cte->name;
            a->colnames =
                rv->alias && rv->alias->colnames.n > 0 ? rv->alias->colnames : c->cte->colnames;
            struct cte_ref *saved = b->ctes;
            const struct cte_ref *saved_in = b->in_cte;
            b->ctes = c->up;
            b->in_cte = c;
            const struct cte_ref *saved_up = b->in_cte_up;
            b->in_cte_up = saved_in;
            int nvol = b->nvolatile;
            int rc = subquery_leaf(b, s, c->cte->query->u.select, a, false, rv->location, j,
                                   c->rec_state != CTE_PLAIN ? c : NULL, e);
            if (rc == 0 && c->rec_state == CTE_PLAIN)
                rc = eng__cte_plain_ref(b, s, c, rv->location, b->nvolatile > nvol,
                                        b->last_correlated, j->plan, e);
            b->ctes = saved;
            b->in_cte = saved_in;
            b->in_cte_up = saved_up;
            return rc;
        }
        int rc = eng__lookup_table(b, rv, true, &t, &vt, e);
        if (rc != 0 && rv->name.schema == NULL && strcmp(err_sqlstate(e), "42P01") == 0 &&
            eng__future_cte(b, rv->name.name) && strchr(e->msg, '\n') == NULL) {
            size_t n = strlen(e->msg);
            snprintf(e->msg + n, sizeof e->msg - n,
                     ENG_DETAIL_SEP "There is a WITH item named \"%s\", but it cannot be "
                                    "referenced from this part of the query." ENG_HINT_SEP
                                    "Use WITH RECURSIVE, or re-order the WITH items to remove "
                                    "forward references.",
                     rv->name.name);
        }
        if (rc == 0) /* as PostgreSQL's parser */
            rc = eng__lock_rel(b, rv, true, KV_TLOCK_ACCESS_SHARE, &t, e);
        if (rc != 0)
            return rc;
        if (t == NULL && vt == NULL) /* the name went to a system catalog? */
            rc = eng__lookup_table(b, rv, true, &t, &vt, e);
        if (rc != 0)
            return rc;
        const struct sql_table_desc *d = t ? t : vt->desc;
        /* SELECT (bind_acl.c); UPDATE ... FROM's target only for the columns it reads */
        eng__perm_rel(b, t, t != NULL && t->oid == b->acl_target_oid ? 0 : SQL_ACL_SELECT);
        if (t != NULL && t->kind == 'v') {
            const struct sql_select *vq;
            struct sql_alias *va;
            rc = eng__view_expand(b, t, rv, &vq, &va, e);
            if (rc != 0)
                return rc;
            struct cte_ref *saved = b->ctes;
            b->ctes = NULL;
            const char *acl_saved;
            bool acl_saved_super;
            rc = eng__perm_enter_view(b, t, &acl_saved, &acl_saved_super, e);
            if (rc == 0)
                rc = subquery_leaf(b, s, vq, va, false, rv->location, j, NULL, e);
            eng__perm_leave_view(b, acl_saved, acl_saved_super);
            if (rc == 0 && j->rte >= 0 && j->rte < s->nrtes) {
                s->rtes[j->rte].rowtype = t->oid; /* rowtype.h */
                rel_unaliased(b, &s->rtes[j->rte], rv, t);
            }
            b->ctes = saved;
            b->view_depth--;
            return rc != 0 ? rc : eng__view_check(t, j->hi - j->lo, e);
        }
        if (t != NULL && t->kind == 'S') {
            /* A sequence reads as one row (last_value, log_cnt, is_called),
             * newest state, as PostgreSQL's. */
            char *q = mem_printf(b->ctx,
                                 "SELECT pg_catalog.sf_sequence_state(%u, 0) AS last_value, "
                                 "pg_catalog.sf_sequence_state(%u, 1) AS log_cnt, "
                                 "pg_catalog.sf_sequence_state(%u, 2) = 1 AS is_called",
                                 t->oid, t->oid, t->oid);
            struct sql_parse_result pr;
            rc = sql_parse(q, strlen(q), NULL, b->ctx, &pr, e);
            if (rc != 0)
                return rc;
            struct sql_alias *sa = mem_alloc0(b->ctx, sizeof *sa);
            sa->name = rv->alias ? rv->alias->name : mem_strdup(b->ctx, t->name);
            if (rv->alias)
                sa->colnames = rv->alias->colnames;
            rc = subquery_leaf(b, s, pr.stmts[0]->u.select, sa, false, rv->location, j, NULL, e);
            if (rc == 0 && j->rte >= 0 && j->rte < s->nrtes)
                rel_unaliased(b, &s->rtes[j->rte], rv, t);
            return rc;
        }
        if (t != NULL && t->matview && !t->populated)
            return eng__err(e, -1, ERR_INVAL, "55000",
                            "materialized view \"%s\" has not been populated\nHINT:  Use the "
                            "REFRESH MATERIALIZED VIEW command.",
                            t->name);
        if (t != NULL && t->kind != 'r')
            return eng__err(e, rv->location, ERR_UNSUPPORTED, "0A000",
                            "selecting from \"%s\" (relation kind '%c') is not supported", t->name,
                            t->kind);
        struct rte *r = add_rte(b, s, mem_strdup(b->ctx, d->name), d->ncols);
        fill_table_rte(r, d);
        apply_alias(b, r, rv->alias);
        rel_unaliased(b, r, rv, d);
        j->rte = s->nrtes - 1;
        j->t = t;
        j->vt = vt;
        j->lo = r->off;
        j->hi = r->off + r->ncols;
        j->location = rv->location;
        return 0;
    }
    case SQL_FROM_SUBQUERY: {
        struct eng_nolat nl = {s, b->nolat}; /* for errors' hints only */
        if (!f->u.sub.lateral)
            b->nolat = &nl;
        int rc =
            subquery_leaf(b, s, f->u.sub.query, f->u.sub.alias, f->u.sub.lateral, -1, j, NULL, e);
        b->nolat = nl.up;
        return rc;
    }
    case SQL_FROM_FUNCTION: {
        const struct sql_expr *call = f->u.func.call;
        if (call->kind == SQL_EXPR_FUNC &&
            strcmp(call->u.func.name.name, "pg_partition_ancestors") == 0 && !f->u.func.lateral) {
            /* no table is a partition: an empty relation (relid[, depth]) */
            const char *q = f->u.func.ordinality
                                ? "SELECT 0::pg_catalog.oid AS relid, 0::pg_catalog.int8 AS "
                                  "ordinality WHERE false"
                                : "SELECT 0::pg_catalog.oid AS pg_partition_ancestors WHERE false";
            struct sql_parse_result pr;
            int rc = sql_parse(q, strlen(q), NULL, b->ctx, &pr, e);
            if (rc != 0)
                return rc;
            return subquery_leaf(b, s, pr.stmts[0]->u.select, f->u.func.alias, false, -1, j, NULL,
                                 e);
        }
        /* a set-returning call inside the arguments: PostgreSQL's error */
        bool saved_srfs = s->allow_srfs;
        const char *saved_forbidden = s->srf_forbidden;
        s->allow_srfs = true;
        s->srf_forbidden = "@";
        int rc = series_leaf(b, s, f, j, e);
        s->allow_srfs = saved_srfs;
        s->srf_forbidden = saved_forbidden;
        return rc;
    }
    case SQL_FROM_JOIN: {
        j->join = true;
        j->type = f->u.join.type == SQL_JOIN_CROSS ? SQL_JOIN_INNER : f->u.join.type;
        const char *rw = b->rec_within;
        if (j->type == SQL_JOIN_RIGHT || j->type == SQL_JOIN_FULL)
            b->rec_within = "an outer join";
        int r0 = s->nrtes;
        int rc = from_item(b, s, f->u.join.l, &j->l, e);
        b->rec_within = rw;
        if (j->type == SQL_JOIN_LEFT || j->type == SQL_JOIN_FULL)
            b->rec_within = "an outer join";
        int rmid = s->nrtes;
        if (rc == 0)
            rc = from_item(b, s, f->u.join.r, &j->r, e);
        b->rec_within = rw;
        if (rc == 0)
            rc = ns_conflicts(s, r0, rmid, rmid, s->nrtes, e);
        if (rc == 0 && (j->type == SQL_JOIN_RIGHT || j->type == SQL_JOIN_FULL))
            rc = lateral_outer_check(j->r, j->l, e);
        if (rc != 0)
            return rc;
        j->rte0 = r0;
        j->lo = j->l->lo;
        j->hi = j->r->hi;
        struct eng_pullup *pullup = NULL; /* EXISTS / IN of an INNER JOIN's ON (plan_sublink.c) */
        if (f->u.join.on != NULL) {
            const struct sql_expr *on_x = f->u.join.on;
            if (j->type == SQL_JOIN_INNER && !b->no_pullup)
                on_x = eng__pullup_where(b, s, f->u.join.on, j->lo, j->hi, &pullup);
            s->agg_forbidden = "JOIN conditions";
            int ulo = s->nuprefs;
            bool srfs_saved = s->allow_srfs;
            const char *srf_saved = s->srf_forbidden;
            s->allow_srfs = true; /* only for PostgreSQL's error */
            s->srf_forbidden = "!JOIN conditions";
            rc = eng__bind_bool(b, s, on_x, "JOIN/ON", &j->on, e);
            s->allow_srfs = srfs_saved;
            s->srf_forbidden = srf_saved;
            s->agg_forbidden = NULL;
            if (rc == 0)
                rc = eng__lateral_on_check(s, j->on, ulo, j->lo, j->hi, e);
            if (rc != 0)
                return rc;
        }
        if (f->u.join.natural || f->u.join.using_cols.n > 0)
            rc = join_using(b, s, f, j, e);
        if (rc == 0 && f->u.join.using_alias != NULL)
            rc = join_using_alias(b, s, j, f->u.join.using_alias->name, e);
        if (rc == 0 && f->u.join.alias != NULL)
            rc = join_alias(b, s, j, f->u.join.alias, e);
        if (rc == 0 && pullup != NULL)
            *out = eng__pullup_attach(b, s, pullup, j);
        return rc;
    }
    }
    return eng__err(e, -1, ERR_UNSUPPORTED, "0A000", "FROM item is not supported");
}

static void jt_add_qual(struct binder *b, struct jt *j, struct bx *q)
{
    if (j->nquals == j->qcap) {
        int nc = j->qcap ? j->qcap * 2 : 4;
        j->quals = mem_realloc(b->ctx, j->quals, sizeof *j->quals * (size_t)j->qcap,
                               sizeof *j->quals * (size_t)nc);
        j->qcap = nc;
    }
    j->quals[j->nquals++] = q;
}

/* Push q as far down as it can go. */
static void push_qual(struct binder *b, struct jt *j, struct bx *q, int lo, int hi, bool movable)
{
    while (movable && j->join) {
        /* never below the nullable side of an outer join */
        bool l_ok = j->type == SQL_JOIN_INNER || j->type == SQL_JOIN_LEFT ||
                    j->type == SQL_JOIN_SEMI || j->type == SQL_JOIN_ANTI;
        bool r_ok = j->type == SQL_JOIN_INNER || j->type == SQL_JOIN_RIGHT;
        if (hi < 0) { /* no level-0 columns: evaluate at the leftmost leaf */
            if (!l_ok && !r_ok)
                break;
            j = l_ok ? j->l : j->r;
            continue;
        }
        if (l_ok && lo >= j->l->lo && hi < j->l->hi) {
            j = j->l;
            continue;
        }
        if (r_ok && lo >= j->r->lo && hi < j->r->hi) {
            j = j->r;
            continue;
        }
        break;
    }
    if (j->join && j->type != SQL_JOIN_INNER) {
        if (j->npost == j->pcap) {
            int nc = j->pcap ? j->pcap * 2 : 4;
            j->post = mem_realloc(b->ctx, j->post, sizeof *j->post * (size_t)j->pcap,
                                  sizeof *j->post * (size_t)nc);
            j->pcap = nc;
        }
        j->post[j->npost++] = q;
        return;
    }
    jt_add_qual(b, j, q);
}

static void distribute_on(struct binder *b, struct jt *j)
{
    if (!j->join)
        return;
    distribute_on(b, j->l);
    distribute_on(b, j->r);
    if (j->on == NULL)
        return;
    struct bx **cs = NULL;
    int n = 0, cap = 0;
    eng__conjuncts(b->ctx, j->on, &cs, &n, &cap);
    for (int i = 0; i < n; i++) {
        int lo, hi;
        bool outer;
        eng__bx_slots(cs[i], &lo, &hi, &outer);
        if (!outer && hi >= 0 && lo >= j->r->lo && hi < j->r->hi &&
            (j->type == SQL_JOIN_INNER || j->type == SQL_JOIN_LEFT || j->type == SQL_JOIN_SEMI ||
             j->type == SQL_JOIN_ANTI)) {
            push_qual(b, j->r, cs[i], lo, hi, true);
        } else if (!outer && hi >= 0 && lo >= j->l->lo && hi < j->l->hi &&
                   (j->type == SQL_JOIN_INNER || j->type == SQL_JOIN_RIGHT)) {
            push_qual(b, j->l, cs[i], lo, hi, true);
        } else {
            jt_add_qual(b, j, cs[i]);
        }
    }
}

static void mark_nullable(struct scope *s, struct jt *j, bool nullable)
{
    if (!j->join) {
        s->rtes[j->rte].nullable = nullable;
        return;
    }
    bool full = j->type == SQL_JOIN_FULL;
    mark_nullable(s, j->l, nullable || full || j->type == SQL_JOIN_RIGHT);
    mark_nullable(s, j->r, nullable || full || j->type == SQL_JOIN_LEFT);
}

static struct pnode *add_filter(struct binder *b, struct pnode *p, struct bx **qs, int n)
{
    if (n == 0)
        return p;
    struct pnode *f = pn_new(b->ctx, PN_FILTER, p->width);
    f->l = p;
    f->u.filter.qual = eng__and_list(b->ctx, qs, n);
    f->est_rows = p->est_rows / 2 + 1;
    return f;
}

static bool hashable_pair(uint32_t a, uint32_t c)
{
    if (a == c)
        return a != SQL_T_UNKNOWN && a != SQL_T_JSON;
    bool ia = a == SQL_T_INT2 || a == SQL_T_INT4 || a == SQL_T_INT8;
    bool ic = c == SQL_T_INT2 || c == SQL_T_INT4 || c == SQL_T_INT8;
    if (ia && ic)
        return true;
    bool fa = a == SQL_T_FLOAT4 || a == SQL_T_FLOAT8, fc = c == SQL_T_FLOAT4 || c == SQL_T_FLOAT8;
    if (fa && fc)
        return true;
    bool ta = a == SQL_T_TEXT || a == SQL_T_VARCHAR || a == SQL_T_NAME;
    bool tc = c == SQL_T_TEXT || c == SQL_T_VARCHAR || c == SQL_T_NAME;
    return ta && tc;
}

static int plan_jt(struct binder *b, struct scope *s, struct jt *j, struct pnode **out,
                   struct err *e);

/* Slots its leaves fill (hi - lo unless the range has gaps). */
static int jt_width(const struct jt *j)
{
    return j->join ? jt_width(j->l) + jt_width(j->r) : j->hi - j->lo;
}

/* ---- join order (plan_join_order.c) ---- */

#define JO_LEAVES 32

static bool jo_collect(struct binder *b, struct jt *j, struct jt **leaves, int *nl,
                       struct bx ***pool, int *np, int *cap)
{
    if (!j->join) {
        if (j->t == NULL || j->lateral || j->lateral_sub || *nl >= JO_LEAVES)
            return false;
        leaves[(*nl)++] = j;
        return true;
    }
    if (j->type != SQL_JOIN_INNER || j->nusing > 0 || j->alias_rte >= 0 || j->nmerge > 0 ||
        j->npost > 0 || j->ordered)
        return false;
    for (int i = 0; i < j->nquals; i++) {
        if (*np == *cap) {
            int nc = *cap ? *cap * 2 : 8;
            *pool = mem_realloc(b->ctx, *pool, sizeof **pool * (size_t)*cap,
                                sizeof **pool * (size_t)nc);
            *cap = nc;
        }
        (*pool)[(*np)++] = j->quals[i];
    }
    return jo_collect(b, j->l, leaves, nl, pool, np, cap) &&
           jo_collect(b, j->r, leaves, nl, pool, np, cap);
}

/* A group of INNER joins of base tables rebuilt left-deep in the order the
 * statistics favour; NULL to plan j as written. The original tree is left
 * alone (SELECT * expands from it). */
static struct jt *reorder_inner(struct binder *b, struct scope *s, struct jt *j)
{
    if (!j->join || j->ordered || j->type != SQL_JOIN_INNER)
        return NULL;
    struct jt *leaves[JO_LEAVES];
    int nl = 0, np = 0, cap = 0;
    struct bx **pool = NULL;
    if (!jo_collect(b, j, leaves, &nl, &pool, &np, &cap) || nl < 3)
        return NULL;
    struct eng_jo_rel rels[JO_LEAVES];
    for (int i = 0; i < nl; i++) {
        rels[i].t = leaves[i]->t;
        rels[i].off = leaves[i]->lo;
        rels[i].ncols = leaves[i]->hi - leaves[i]->lo;
        rels[i].quals = leaves[i]->quals;
        rels[i].nquals = leaves[i]->nquals;
        if (s->rtes[leaves[i]->rte].off != leaves[i]->lo)
            return NULL;
    }
    int order[JO_LEAVES];
    if (!eng__join_order(b, s, rels, nl, pool, np, order))
        return NULL;
    bool identity = true;
    for (int i = 0; i < nl; i++)
        identity = identity && order[i] == i;
    if (identity)
        return NULL;
    uint32_t *masks = mem_alloc(b->ctx, sizeof(uint32_t) * (size_t)(np + 1));
    bool *used = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(np + 1));
    for (int k = 0; k < np; k++) {
        bool ok;
        masks[k] = eng__jo_mask(rels, nl, pool[k], &ok);
        if (!ok)
            return NULL;
    }
    struct jt *cur = leaves[order[0]];
    uint32_t set = 1u << order[0];
    for (int i = 1; i < nl; i++) {
        struct jt *r = leaves[order[i]];
        struct jt *c = mem_alloc0(b->ctx, sizeof *c);
        c->join = true;
        c->ordered = true;
        c->alias_rte = -1;
        c->type = SQL_JOIN_INNER;
        c->l = cur;
        c->r = r;
        c->lo = cur->lo < r->lo ? cur->lo : r->lo;
        c->hi = cur->hi > r->hi ? cur->hi : r->hi;
        c->location = j->location;
        set |= 1u << order[i];
        for (int k = 0; k < np; k++)
            if (!used[k] && (masks[k] & ~set) == 0) {
                jt_add_qual(b, c, pool[k]);
                used[k] = true;
            }
        cur = c;
    }
    return cur;
}

static int plan_leaf(struct binder *b, struct scope *s, struct jt *j, int outer_lo, int outer_hi,
                     struct bx **extra, int nextra, struct pnode **out, struct err *e)
{
    struct bx **qs = j->quals;
    int nq = j->nquals;
    if (nextra > 0) {
        qs = mem_alloc(b->ctx, sizeof *qs * (size_t)(nq + nextra));
        if (nq)
            memcpy(qs, j->quals, sizeof *qs * (size_t)nq);
        memcpy(qs + nq, extra, sizeof *qs * (size_t)nextra);
        nq += nextra;
    }
    if (j->t != NULL)
        return eng__plan_scan(b, s, j->rte, j->t, qs, nq, outer_lo, outer_hi, out, e);
    if (j->vt != NULL) {
        struct pnode *p = pn_new(b->ctx, PN_VTAB, s->width);
        p->u.vtab.vt = j->vt;
        p->u.vtab.alias = s->rtes[j->rte].alias;
        p->u.vtab.off = s->rtes[j->rte].off;
        p->u.vtab.filter = eng__and_list(b->ctx, qs, nq);
        p->est_rows = 100;
        *out = p;
        return 0;
    }
    j->plan->width = s->width;
    if (j->plan->kind == PN_SERIES)
        j->plan->est_rows = 1000;
    if (j->plan->kind == PN_SERIES && j->plan->u.series.srf == 5)
        for (int k = 0; k < j->plan->u.series.nkids; k++)
            j->plan->u.series.kids[k]->width = s->width;
    *out = add_filter(b, j->plan, qs, nq);
    return 0;
}

static int plan_join(struct binder *b, struct scope *s, struct jt *j, struct pnode **out,
                     struct err *e)
{
    struct jt swapped;
    if (j->type == SQL_JOIN_RIGHT) { /* planned as a LEFT join with the sides swapped */
        swapped = *j;
        swapped.l = j->r;
        swapped.r = j->l;
        swapped.type = SQL_JOIN_LEFT;
        j = &swapped;
    }
    struct pnode *l;
    int rc = plan_jt(b, s, j->l, &l, e);
    if (rc != 0)
        return rc;
    /* split the join quals into hash keys and the rest */
    int nq = j->nquals;
    struct bx **lk = mem_alloc(b->ctx, sizeof *lk * (size_t)(nq + 1));
    struct bx **rk = mem_alloc(b->ctx, sizeof *rk * (size_t)(nq + 1));
    struct bx **keyq = mem_alloc(b->ctx, sizeof *keyq * (size_t)(nq + 1));
    struct bx **rest = mem_alloc(b->ctx, sizeof *rest * (size_t)(nq + 1));
    int nk = 0, nrest = 0;
    for (int i = 0; i < nq; i++) {
        struct bx *q = j->quals[i];
        if (q->kind == BX_FUNC && q->u.fn.op && strcmp(q->u.fn.name, "=") == 0 &&
            q->u.fn.nargs == 2 && q->type == SQL_T_BOOL) {
            struct bx *a = q->u.fn.args[0], *c = q->u.fn.args[1];
            int alo, ahi, clo, chi;
            bool ao, co;
            eng__bx_slots(a, &alo, &ahi, &ao);
            eng__bx_slots(c, &clo, &chi, &co);
            /* (a reordered left side's range may enclose the right side's) */
            bool a_left = !ao && ahi >= 0 && alo >= j->l->lo && ahi < j->l->hi &&
                          (ahi < j->r->lo || alo >= j->r->hi);
            bool a_right = !ao && ahi >= 0 && alo >= j->r->lo && ahi < j->r->hi;
            bool c_left = !co && chi >= 0 && clo >= j->l->lo && chi < j->l->hi &&
                          (chi < j->r->lo || clo >= j->r->hi);
            bool c_right = !co && chi >= 0 && clo >= j->r->lo && chi < j->r->hi;
            if (hashable_pair(a->type, c->type) && ((a_left && c_right) || (a_right && c_left))) {
                lk[nk] = a_left ? a : c;
                rk[nk] = a_left ? c : a;
                keyq[nk] = q;
                nk++;
                continue;
            }
        }
        rest[nrest++] = q;
    }
    if (j->type == SQL_JOIN_FULL && nk == 0)
        for (int i = 0; i < nq; i++)
            if (!eng__bx_is_const(j->quals[i]))
                return eng__err(
                    e, -1, ERR_UNSUPPORTED, "0A000",
                    "FULL JOIN is only supported with merge-joinable or hash-joinable join "
                    "conditions");
    struct pnode *p = pn_new(b->ctx, PN_JOIN, s->width);
    p->l = l;
    p->u.join.type = j->type;
    p->u.join.roff = j->r->lo;
    p->u.join.rwidth = j->r->hi - j->r->lo;
    p->u.join.merge = j->merge;
    p->u.join.nmerge = j->nmerge;
    p->u.join.moff = j->moff;
    struct pnode *r = NULL;
    if (!j->r->join && (j->r->lateral || j->r->lateral_sub)) { /* run for each left row */
        if (j->type != SQL_JOIN_INNER && j->type != SQL_JOIN_LEFT) {
            for (int i = 0; i < j->r->nlrefs; i++) {
                const struct eng_upref *u = &j->r->lrefs[i];
                if (u->slot >= j->l->lo && u->slot < j->l->hi)
                    return eng__err(e, u->location, ERR_INVAL, "42P10",
                                    "invalid reference to FROM-clause entry for table "
                                    "\"%s\"" ENG_DETAIL_SEP "The combining JOIN type must be "
                                    "INNER or LEFT for a LATERAL reference.",
                                    u->rel ? u->rel : "?");
            }
            return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                            "this LATERAL reference is not supported");
        }
        if ((j->r->lateral || (j->r->lateral_sub && j->r->lat_hi >= 0)) &&
            (j->r->lat_lo < j->l->lo || j->r->lat_hi >= j->l->hi))
            return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                            "this LATERAL reference is not supported");
        rc = plan_leaf(b, s, j->r, -1, -1, NULL, 0, &r, e);
        if (rc != 0)
            return rc;
        p->r = r;
        p->u.join.alg = j->r->lateral_sub ? JOIN_LATERAL : JOIN_INDEX_NL;
        p->u.join.cond = eng__and_list(b->ctx, j->quals, j->nquals);
        p->est_rows = l->est_rows * r->est_rows;
        *out = p;
        return 0;
    }
    /* index nested loop: the right side is a base table whose index takes the keys */
    if (nk > 0 && !j->r->join && j->r->t != NULL && j->type != SQL_JOIN_FULL &&
        (j->r->hi <= j->l->lo || j->r->lo >= j->l->hi)) {
        struct pnode *ir;
        rc = plan_leaf(b, s, j->r, j->l->lo, j->l->hi, keyq, nk, &ir, e);
        if (rc != 0)
            return rc;
        struct pnode *scan = ir->kind == PN_SCAN ? ir : NULL;
        bool uses_outer = scan != NULL && scan->u.scan.idx_pos >= 0;
        bool inl = ir->est_rows <= 1 || l->est_rows <= 100;
        eng__prefer_index_nl(b, j->r->t, l->est_rows, ir->est_rows, &inl);
        if (eng__planner_off(b, ENG_OFF_NESTLOOP))
            inl = false; /* a hash or merge join can do it */
        if (uses_outer && inl) {
            p->u.join.alg = JOIN_INDEX_NL;
            p->r = ir;
            p->u.join.cond = eng__and_list(b->ctx, rest, nrest);
            p->est_rows = l->est_rows * (ir->est_rows < 1 ? 1 : ir->est_rows);
            if (j->type == SQL_JOIN_SEMI || j->type == SQL_JOIN_ANTI) {
                p->est_rows = l->est_rows;
                eng__index_only_semi(p);
            }
            *out = p;
            return 0;
        }
    }
    rc = plan_jt(b, s, j->r, &r, e);
    if (rc != 0)
        return rc;
    p->r = r;
    enum join_alg alg = nk > 0 ? eng__equi_join_alg(b, j->type, lk, rk, nk, nrest) : JOIN_NL;
    if (alg == JOIN_MERGE) {
        eng__plan_merge(b, p, lk, rk, nk, eng__and_list(b->ctx, rest, nrest));
    } else if (alg == JOIN_HASH) {
        p->u.join.alg = JOIN_HASH;
        p->u.join.lkeys = lk;
        p->u.join.rkeys = rk;
        p->u.join.nkeys = nk;
        p->u.join.cond = eng__and_list(b->ctx, rest, nrest);
    } else {
        p->u.join.alg = JOIN_NL;
        p->u.join.cond = eng__and_list(b->ctx, j->quals, j->nquals);
    }
    p->est_rows = l->est_rows > r->est_rows ? l->est_rows : r->est_rows;
    bool contiguous = jt_width(j->l) == j->l->hi - j->l->lo;
    eng__join_estimate(b, s, p, j->type, lk, rk, nk, contiguous ? j->l->lo : -1,
                       contiguous ? j->l->hi : -1);
    eng__index_only_semi(p);
    *out = p;
    return 0;
}

/* Whether a LATERAL leaf of j reads slots outside j. */
static bool lateral_outside(const struct jt *j, int lo, int hi)
{
    if (j->join)
        return lateral_outside(j->l, lo, hi) || lateral_outside(j->r, lo, hi);
    return (j->lateral || (j->lateral_sub && j->lat_hi >= 0)) &&
           (j->lat_lo < lo || j->lat_hi >= hi);
}

static void jt_add_post(struct binder *b, struct jt *j, struct bx *q)
{
    if (j->npost == j->pcap) {
        int nc = j->pcap ? j->pcap * 2 : 4;
        j->post = mem_realloc(b->ctx, j->post, sizeof *j->post * (size_t)j->pcap,
                              sizeof *j->post * (size_t)nc);
        j->pcap = nc;
    }
    j->post[j->npost++] = q;
}

/* FROM a, b JOIN LATERAL (... a.x ...) s: A INNER (B INNER|LEFT C) where C
 * reads A is planned as (A INNER B) INNER|LEFT C, so that C runs for each
 * row of both (the same rows: an inner join associates with the inner or
 * left join beneath it; A's quals that read C stay above C, as a filter
 * when C is on the nullable side). */
static struct jt *lateral_rotate(struct binder *b, struct jt *j);

static bool qual_within(struct bx *q, const struct jt *x)
{
    int lo, hi;
    bool outer;
    eng__bx_slots(q, &lo, &hi, &outer);
    return hi < 0 || (lo >= x->lo && hi < x->hi);
}

/* A INNER (B INNER C) where C reads only A (and B nothing outside itself):
 * (A INNER C) INNER B, so that C runs once per row of A and B joins its
 * result by the join's quals (a hash join on B = C), as PostgreSQL plans
 * FROM a, b JOIN LATERAL (VALUES (a.x)) s(x) ON b.y = s.x. The left side's
 * slots enclose B's (plan_join's key split allows that); a qual of A's join
 * moves down only when it reads A alone or C alone. */
static struct jt *lateral_swap(struct binder *b, struct jt *j)
{
    struct jt *r = j->r;
    struct jt *in = mem_alloc0(b->ctx, sizeof *in);
    in->join = true;
    in->type = SQL_JOIN_INNER;
    in->alias_rte = -1;
    in->l = j->l;
    in->r = r->r;
    in->lo = j->l->lo;
    in->hi = r->r->hi;
    in->location = j->location;
    struct jt *top = mem_alloc0(b->ctx, sizeof *top);
    top->join = true;
    top->type = SQL_JOIN_INNER;
    top->alias_rte = -1;
    top->l = in;
    top->r = r->l;
    top->lo = j->lo;
    top->hi = j->hi;
    top->location = r->location;
    top->on = r->on;
    for (int i = 0; i < r->nquals; i++)
        jt_add_qual(b, top, r->quals[i]);
    for (int i = 0; i < j->nquals; i++) {
        if (qual_within(j->quals[i], j->l) || qual_within(j->quals[i], r->r))
            jt_add_qual(b, in, j->quals[i]);
        else
            jt_add_qual(b, top, j->quals[i]);
    }
    for (int i = 0; i < r->npost; i++)
        jt_add_post(b, top, r->post[i]);
    for (int i = 0; i < j->npost; i++)
        jt_add_post(b, top, j->post[i]);
    top->l = lateral_rotate(b, in);
    return top;
}

static struct jt *lateral_rotate(struct binder *b, struct jt *j)
{
    if (!j->join)
        return j;
    struct jt *r = j->r;
    if (j->type != SQL_JOIN_INNER || !r->join ||
        (r->type != SQL_JOIN_INNER && r->type != SQL_JOIN_LEFT) || j->nusing > 0 || j->nmerge > 0 ||
        j->alias_rte >= 0 || r->nusing > 0 || r->nmerge > 0 || r->alias_rte >= 0 ||
        j->l->hi != r->l->lo || r->l->hi != r->r->lo || !lateral_outside(r, r->lo, r->hi) ||
        lateral_outside(r->r, j->lo, r->l->hi) || lateral_outside(r->l, j->lo, r->l->hi))
        return j;
    if (r->type == SQL_JOIN_INNER && !r->r->join && !lateral_outside(r->r, j->l->lo, j->l->hi) &&
        !lateral_outside(r->l, r->l->lo, r->l->hi))
        return lateral_swap(b, j);
    struct jt *in = mem_alloc0(b->ctx, sizeof *in);
    in->join = true;
    in->type = SQL_JOIN_INNER;
    in->alias_rte = -1;
    in->l = j->l;
    in->r = r->l;
    in->lo = j->l->lo;
    in->hi = r->l->hi;
    in->location = j->location;
    struct jt *top = mem_alloc0(b->ctx, sizeof *top);
    top->join = true;
    top->type = r->type;
    top->alias_rte = -1;
    top->l = in;
    top->r = r->r;
    top->lo = j->lo;
    top->hi = j->hi;
    top->location = r->location;
    top->on = r->on;
    for (int i = 0; i < r->nquals; i++)
        jt_add_qual(b, top, r->quals[i]);
    for (int i = 0; i < j->nquals; i++) {
        int lo, hi;
        bool outer;
        eng__bx_slots(j->quals[i], &lo, &hi, &outer);
        if (hi < 0 || (lo >= in->lo && hi < in->hi))
            jt_add_qual(b, in, j->quals[i]);
        else if (r->type == SQL_JOIN_INNER)
            jt_add_qual(b, top, j->quals[i]);
        else
            jt_add_post(b, top, j->quals[i]);
    }
    for (int i = 0; i < r->npost; i++)
        jt_add_post(b, top, r->post[i]);
    for (int i = 0; i < j->npost; i++)
        jt_add_post(b, top, j->post[i]);
    top->l = lateral_rotate(b, in);
    return top;
}

static int plan_jt(struct binder *b, struct scope *s, struct jt *j, struct pnode **out,
                   struct err *e)
{
    j = lateral_rotate(b, j);
    if (!j->join && (j->lateral || j->lateral_sub))
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000", "this LATERAL reference is not supported");
    if (!j->join)
        return plan_leaf(b, s, j, -1, -1, NULL, 0, out, e);
    struct jt *ro = reorder_inner(b, s, j);
    if (ro != NULL)
        j = ro;
    int rc = plan_join(b, s, j, out, e);
    if (rc == 0)
        *out = add_filter(b, *out, j->post, j->npost);
    return rc;
}

/* ---- grouping ---- */

struct regroup {
    struct binder *b;
    struct bx **groups;
    int ngroups;
    struct err *e;
    int rc;
    int srf_lo, srf_hi; /* slots of select-list SRFs: passed through (bind_srf.c) */
    /* eng__regroup_nullify: these group keys become NULL, the rest of the
     * expression stays over the input row */
    struct bx **nullg;
    int nnullg;
    bool nullify;
};

static struct bx *mkcol(struct binder *b, const struct bx *like, int idx)
{
    struct bx *c = mem_alloc0(b->ctx, sizeof *c);
    c->kind = BX_COL;
    c->type = like->type;
    c->typmod = like->typmod;
    c->location = like->location;
    c->u.col.level = 0;
    c->u.col.idx = idx;
    if (like->kind == BX_COL) {
        c->u.col.rel = like->u.col.rel;
        c->u.col.name = like->u.col.name;
        c->u.col.table_oid = like->u.col.table_oid;
        c->u.col.attnum = like->u.col.attnum;
    } else if (like->kind == BX_AGG) {
        c->u.col.name = like->u.agg.ref->name;
    }
    return c;
}

static struct bx **copy_args(struct binder *b, struct bx **a, int n)
{
    struct bx **c = mem_alloc(b->ctx, sizeof *c * (size_t)(n > 0 ? n : 1));
    if (n > 0)
        memcpy(c, a, sizeof *c * (size_t)n);
    return c;
}

static struct bx *regroup(struct regroup *g, struct bx *x)
{
    if (g->rc != 0 || x == NULL)
        return x;
    for (int i = 0; i < g->ngroups; i++)
        if (eng__bx_equal(x, g->groups[i]))
            return mkcol(g->b, x, i);
    struct binder *b = g->b;
    struct bx *c;
    for (int i = 0; i < g->nnullg; i++)
        if (eng__bx_equal(x, g->nullg[i])) {
            c = mem_alloc0(b->ctx, sizeof *c);
            c->kind = BX_CONST;
            c->type = x->type;
            c->typmod = x->typmod;
            c->location = -1;
            c->u.c.type = x->type;
            c->u.c.null = true;
            return c;
        }
    if (g->nullify && (x->kind == BX_COL || x->kind == BX_AGG || x->kind == BX_SUBLINK))
        return x;
    switch (x->kind) {
    case BX_CONST:
    case BX_PARAM:
    case BX_SUBVAL:
    case BX_ERROR:
    case BX_WINDOW: /* its arguments are regrouped by the window planner */
        return x;
    case BX_COL:
        if (x->u.col.level > 0 || (x->u.col.idx >= g->srf_lo && x->u.col.idx < g->srf_hi))
            return x;
        if (x->u.col.merged != NULL) /* a merged USING column: its joined columns grouped? */
            return regroup(g, x->u.col.merged);
        g->rc = eng__err(g->e, x->location, ERR_INVAL, "42803",
                         "column \"%s.%s\" must appear in the GROUP BY clause or be used in an "
                         "aggregate function",
                         x->u.col.rel ? x->u.col.rel : "?", x->u.col.name ? x->u.col.name : "?");
        return x;
    case BX_AGG:
        return mkcol(b, x, g->ngroups + x->u.agg.idx);
    case BX_SUBLINK:
        if (x->u.sub.correlated || x->u.sub.cmp != NULL) {
            c = mem_alloc(b->ctx, sizeof *c);
            *c = *x;
            /* its query reads the grouped row (bind_upref.c) */
            if (x->u.sub.correlated)
                g->rc = eng__upref_regroup(b, g->groups, g->ngroups, x, c, g->e);
            /* the test expression is evaluated in the grouped row */
            if (x->u.sub.cmp != NULL)
                c->u.sub.cmp = regroup(g, x->u.sub.cmp);
            return c;
        }
        return x;
    default:
        break;
    }
    c = mem_alloc(b->ctx, sizeof *c);
    *c = *x;
    switch (x->kind) {
    case BX_FUNC:
        c->u.fn.args = copy_args(b, x->u.fn.args, x->u.fn.nargs);
        for (int i = 0; i < x->u.fn.nargs; i++)
            c->u.fn.args[i] = regroup(g, x->u.fn.args[i]);
        break;
    case BX_AND:
    case BX_OR:
    case BX_NOT:
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
    case BX_ROW:
        c->u.list.args = copy_args(b, x->u.list.args, x->u.list.n);
        for (int i = 0; i < x->u.list.n; i++)
            c->u.list.args[i] = regroup(g, x->u.list.args[i]);
        break;
    case BX_NULLTEST:
    case BX_BOOLTEST:
    case BX_FIELD:
        c->u.test.arg = regroup(g, x->u.test.arg);
        break;
    case BX_DISTINCT:
    case BX_NULLIF:
        c->u.cmp.l = regroup(g, x->u.cmp.l);
        c->u.cmp.r = regroup(g, x->u.cmp.r);
        break;
    case BX_CASE:
        c->u.cs.conds = copy_args(b, x->u.cs.conds, x->u.cs.n);
        c->u.cs.results = copy_args(b, x->u.cs.results, x->u.cs.n + 1);
        for (int i = 0; i < x->u.cs.n; i++) {
            c->u.cs.conds[i] = regroup(g, x->u.cs.conds[i]);
            c->u.cs.results[i] = regroup(g, x->u.cs.results[i]);
        }
        c->u.cs.def = regroup(g, x->u.cs.def);
        break;
    case BX_CAST:
        c->u.cast.arg = regroup(g, x->u.cast.arg);
        break;
    default:
        break;
    }
    return c;
}

int eng__regroup_expr(struct binder *b, struct bx **groups, int ngroups, struct bx *x,
                      struct bx **out, struct err *e)
{
    struct regroup g = {.b = b, .groups = groups, .ngroups = ngroups, .e = e};
    *out = regroup(&g, x);
    return g.rc;
}

int eng__regroup_nullify(struct binder *b, struct bx **nullg, int nnullg, struct bx *x,
                         struct bx **out, struct err *e)
{
    struct regroup g = {.b = b, .nullg = nullg, .nnullg = nnullg, .nullify = true, .e = e};
    *out = regroup(&g, x);
    return g.rc;
}

int eng__regroup_srf(struct binder *b, struct bx **groups, int ngroups, int srf_lo, int srf_hi,
                     struct bx *x, struct bx **out, struct err *e)
{
    struct regroup g = {
        .b = b, .groups = groups, .ngroups = ngroups, .e = e, .srf_lo = srf_lo, .srf_hi = srf_hi};
    *out = regroup(&g, x);
    return g.rc;
}

/* A set-returning function of a select list (bind_srf.c): planned as a
 * function leaf of s that is not joined, its rte hidden from names. */
int eng__srf_leaf(struct binder *b, struct scope *s, const struct sql_expr *call,
                  struct pnode **plan, int *rte, struct err *e)
{
    struct sql_from f;
    memset(&f, 0, sizeof f);
    f.kind = SQL_FROM_FUNCTION;
    f.u.func.call = (struct sql_expr *)call;
    f.u.func.coldef_location = -2; /* a select list's (json_populate_leaf) */
    struct jt j;
    memset(&j, 0, sizeof j);
    j.alias_rte = -1;
    int rc = series_leaf(b, s, &f, &j, e);
    if (rc != 0)
        return rc;
    struct rte *r = &s->rtes[j.rte];
    r->alias = "*SRF*";
    r->alias_hidden = true;
    for (int c = 0; c < r->ncols; c++)
        r->hidden[c] = true;
    *plan = j.plan;
    *rte = j.rte;
    return 0;
}

/* ---- target lists ---- */

static void tl_add(struct binder *b, struct tlist *t, struct bx *x, const char *name)
{
    if (t->n == t->cap) {
        int nc = t->cap ? t->cap * 2 : 8;
        t->x = mem_realloc(b->ctx, t->x, sizeof *t->x * (size_t)t->cap, sizeof *t->x * (size_t)nc);
        t->names = mem_realloc(b->ctx, t->names, sizeof *t->names * (size_t)t->cap,
                               sizeof *t->names * (size_t)nc);
        t->cap = nc;
    }
    t->x[t->n] = x;
    t->names[t->n] = name;
    t->n++;
}

static struct bx *rte_col(struct binder *b, const struct rte *r, int c)
{
    return eng__rte_colref(b, r, c, 0, -1);
}

static bool slot_in(const int *slots, int n, int slot)
{
    for (int i = 0; i < n; i++)
        if (slots[i] == slot)
            return true;
    return false;
}

/* SELECT * over one FROM item, as PostgreSQL orders it: a join with USING
 * lists its merged columns first, then the rest of each side. refs false:
 * the names only (x NULL; no column is marked read, bind_acl.c). */
static void star_list(struct binder *b, struct scope *s, const struct jt *j, const int *skip,
                      int nskip, struct tlist *tl, bool refs)
{
    if (!j->join || j->alias_rte >= 0) {
        const struct rte *r = &s->rtes[j->join ? j->alias_rte : j->rte];
        for (int c = 0; c < r->ncols; c++)
            if (!r->hidden[c] && !(r->nostar && r->nostar[c]) && !slot_in(skip, nskip, r->off + c))
                tl_add(b, tl, refs ? rte_col(b, r, c) : NULL, r->colnames[c]);
        return;
    }
    int n = nskip + j->nusing * 3;
    int *sk = mem_alloc(b->ctx, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < nskip; i++)
        sk[i] = skip[i];
    for (int k = 0; k < j->nusing; k++) {
        int slot = j->using_l[k];
        if (slot_in(skip, nskip, slot))
            continue;
        for (int i = 0; i < s->nrtes; i++) {
            const struct rte *r = &s->rtes[i];
            if (slot >= r->off && slot < r->off + r->ncols)
                tl_add(b, tl, refs ? rte_col(b, r, slot - r->off) : NULL,
                       r->colnames[slot - r->off]);
        }
    }
    for (int k = 0; k < j->nusing; k++) {
        sk[nskip + 3 * k] = j->using_l[k];
        sk[nskip + 3 * k + 1] = j->using_r[k];
        sk[nskip + 3 * k + 2] = j->using_x ? j->using_x[k] : j->using_l[k];
    }
    star_list(b, s, j->l, sk, n, tl, refs);
    star_list(b, s, j->r, sk, n, tl, refs);
}

static void expand_star(struct binder *b, struct scope *s, const struct jt *j, const int *skip,
                        int nskip, struct tlist *tl)
{
    star_list(b, s, j, skip, nskip, tl, true);
}

int eng__bind_targets(struct binder *b, struct scope *s, const struct sql_list *targets,
                      struct tlist *tl, struct err *e)
{
    for (int i = 0; i < targets->n; i++) {
        const struct sql_target *t = targets->items[i];
        const struct sql_expr *v = t->val;
        if (b->view_deps != NULL)
            eng__view_target(b, targets, i, tl);
        if (v->kind == SQL_EXPR_COLUMN && v->u.column.star) {
            const struct sql_list *f = &v->u.column.fields;
            if (f->n == 0) {
                if (s->nrtes == 0)
                    return eng__err(e, v->location, ERR_INVAL, "42601",
                                    "SELECT * with no tables specified is not valid");
                if (s->from_tree != NULL) {
                    struct jt **tops = s->from_tree;
                    for (int k = 0; tops[k] != NULL; k++)
                        expand_star(b, s, tops[k], NULL, 0, tl);
                    continue;
                }
                for (int r = 0; r < s->nrtes; r++)
                    for (int c = 0; c < s->rtes[r].ncols; c++)
                        if (!s->rtes[r].hidden[c] && !(s->rtes[r].nostar && s->rtes[r].nostar[c]))
                            tl_add(b, tl, rte_col(b, &s->rtes[r], c), s->rtes[r].colnames[c]);
                continue;
            }
            const char *rel = f->items[f->n - 1];
            bool found = false;
            int level = 0;
            const struct rte *up;
            int rc = eng__scope_rel(s, f->n >= 2 ? f->items[f->n - 2] : NULL, rel, v->location, &up,
                                    &level, e);
            if (rc != 0)
                return rc;
            if (up != NULL && level == 0) {
                found = true;
                for (int c = 0; c < up->ncols; c++)
                    if (!up->hidden[c] && !(up->nostar && up->nostar[c]))
                        tl_add(b, tl, rte_col(b, up, c), up->colnames[c]);
            }
            if (up != NULL && level > 0) { /* t.* of an enclosing level (LATERAL) */
                found = true;
                struct scope *m = s;
                for (int k = 0; k < level && m != NULL; k++, m = m->parent)
                    m->correlated = true;
                for (int c = 0; c < up->ncols; c++) {
                    if (up->hidden != NULL && up->hidden[c])
                        continue;
                    struct bx *x = eng__rte_colref(b, up, c, level, v->location);
                    eng__upref_note(b, s, level, x);
                    tl_add(b, tl, x, up->colnames[c]);
                }
            }
            if (!found)
                return eng__missing_rte(b, s, rel, v->location, e);
            continue;
        }
        if (v->kind == SQL_EXPR_INDIRECTION && v->u.indir.path.n > 0 &&
            ((const struct sql_indir *)v->u.indir.path.items[v->u.indir.path.n - 1])->kind ==
                SQL_INDIR_STAR) {
            struct bx **fx; /* (expr).*: its fields (bind_wholerow.c) */
            const char **fnames;
            int nf;
            int rc = eng__bind_fieldstar(b, s, v, &fx, &fnames, &nf, e);
            if (rc != 0)
                return rc;
            for (int k = 0; k < nf; k++)
                tl_add(b, tl, fx[k], fnames[k]);
            continue;
        }
        struct bx *x;
        int rc = eng__bind_expr(b, s, v, &x, e);
        if (rc != 0)
            return rc;
        tl_add(b, tl, x, t->name ? t->name : eng__figure_colname(v));
    }
    if (b->view_deps != NULL)
        eng__view_target(b, targets, targets->n, tl);
    return 0;
}

/* A LIMIT / OFFSET count; *corr is set when it reads an enclosing level
 * (the query is then correlated: a sublink reruns it for each outer row). */
static int bind_limit(struct binder *b, struct scope *parent, const struct sql_expr *x,
                      const char *what, struct bx **out, bool *corr, struct err *e)
{
    *out = NULL;
    if (x == NULL)
        return 0;
    struct scope *s = scope_new(b, parent);
    s->agg_forbidden = what;
    struct bx *v;
    int rc = eng__bind_expr(b, s, x, &v, e);
    if (rc != 0)
        return rc;
    if (s->correlated)
        *corr = true;
    if (v->kind == BX_CONST && v->u.c.null && v->type == SQL_T_UNKNOWN)
        return 0; /* LIMIT ALL / NULL */
    int lo, hi;
    bool outer;
    eng__bx_slots(v, &lo, &hi, &outer);
    /* PostgreSQL's coerce_to_specific_type: an assignment coercion, so
     * LIMIT 1.5 is LIMIT 2. */
    if (v->type != SQL_T_INT8 && v->type != SQL_T_UNKNOWN &&
        sql_cast_context(v->type, SQL_T_INT8) != SQL_CAST_IMPLICIT &&
        sql_cast_context(v->type, SQL_T_INT8) != SQL_CAST_ASSIGNMENT) {
        char tn[64];
        struct sbuf sb;
        sbuf_init(&sb);
        sql_type_format(v->type, -1, &sb);
        snprintf(tn, sizeof tn, "%s", sb.data ? sb.data : "");
        sbuf_free(&sb);
        return eng__err(e, x->location, ERR_INVAL, "42804",
                        "argument of %s must be type bigint, not type %s", what, tn);
    }
    return eng__coerce(b, v, SQL_T_INT8, -1, COERCE_ASSIGNMENT, out, e);
}

static int finish_columns(struct binder *b, struct tlist *tl, int n, struct sql_column **cols,
                          struct err *e)
{
    /* n < 0: keep unknown-typed outputs (INSERT ... SELECT 'literal') */
    bool keep = n < 0;
    if (keep)
        n = -n;
    struct sql_column *c = mem_alloc0(b->ctx, sizeof *c * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        int rc = keep ? 0 : eng__resolve_unknown(b, tl->x[i], &tl->x[i], e);
        if (rc != 0)
            return rc;
        const struct bx *x = tl->x[i];
        c[i].name = tl->names[i];
        c[i].type_oid = x->type;
        c[i].typmod = x->typmod;
        const struct sql_type_info *ti = sql_type_get(x->type);
        c[i].typlen = ti ? ti->typlen : -1;
        if (x->kind == BX_COL && x->u.col.level == 0 && x->u.col.table_oid != 0) {
            c[i].table_oid = x->u.col.table_oid;
            c[i].attnum = x->u.col.attnum;
        }
    }
    *cols = c;
    return 0;
}

/* findTargetlistEntrySQL92: a bare constant in ORDER BY, GROUP BY or
 * DISTINCT ON must be an integer (a position); -2147483648 is not one (the
 * grammar makes it a Float). */
static int nonint_const(const struct sql_expr *x, const char *clause, struct err *e)
{
    if (x->kind != SQL_EXPR_CONST || (x->u.c.kind == SQL_CONST_INT4 && x->u.c.ival != INT32_MIN))
        return 0;
    return eng__err(e, x->location, ERR_INVAL, "42601", "non-integer constant in %s", clause);
}

/* Leaf number (PostgreSQL's "*SELECT* n") of the first leaf of a set
 * operation with an output column named name; 0 when none. */
static int setop_leaf_with(const struct sql_select *q, const char *name, int *leaf)
{
    if (q->op != SQL_SETOP_NONE) {
        int r = setop_leaf_with(q->larg, name, leaf);
        return r != 0 ? r : setop_leaf_with(q->rarg, name, leaf);
    }
    ++*leaf;
    for (int i = 0; i < q->targets.n; i++) {
        const struct sql_target *t = q->targets.items[i];
        const char *tn = t->name;
        if (tn == NULL && t->val != NULL && t->val->kind == SQL_EXPR_COLUMN &&
            !t->val->u.column.star)
            tn = t->val->u.column.fields.items[t->val->u.column.fields.n - 1];
        if (tn != NULL && strcmp(tn, name) == 0)
            return *leaf;
    }
    return 0;
}

/* An ORDER BY name that is no output column: errorMissingColumn, with its
 * hint when a leaf query of the set operation has such a column. */
static int setop_missing_column(const struct sql_select *sel, const char *name, int location,
                                struct err *e)
{
    int leaf = 0;
    int hit = sel->op != SQL_SETOP_NONE ? setop_leaf_with(sel, name, &leaf) : 0;
    if (hit > 0)
        return eng__err(e, location, ERR_NOTFOUND, "42703",
                        "column \"%s\" does not exist" ENG_HINT_SEP
                        "There is a column named \"%s\" in table \"*SELECT* %d\", but it "
                        "cannot be referenced from this part of the query.",
                        name, name, hit);
    return eng__err(e, location, ERR_NOTFOUND, "42703", "column \"%s\" does not exist", name);
}

/* ORDER BY / LIMIT on top of a plan whose output columns are known (set
 * operations, VALUES): keys name output columns or ordinals only. */
static int order_limit_simple(struct binder *b, struct scope *parent, const struct sql_select *sel,
                              struct pnode **plan, struct sql_column *cols, int ncols,
                              struct err *e)
{
    struct pnode *p = *plan;
    if (sel->order_by.n > 0) {
        struct pnode *so = pn_new(b->ctx, PN_SORT, p->width);
        so->u.sort.keys = mem_alloc0(b->ctx, sizeof(struct sort_key) * (size_t)sel->order_by.n);
        for (int i = 0; i < sel->order_by.n; i++) {
            const struct sql_sortby *sb = sel->order_by.items[i];
            const struct sql_expr *x = sb->expr;
            int idx = -1;
            int nrc = nonint_const(x, "ORDER BY", e);
            if (nrc != 0)
                return nrc;
            if (x->kind == SQL_EXPR_CONST && x->u.c.kind == SQL_CONST_INT4) {
                if (x->u.c.ival < 1 || x->u.c.ival > ncols)
                    return eng__err(e, x->location, ERR_INVAL, "42P10",
                                    "ORDER BY position %lld is not in select list",
                                    (long long)x->u.c.ival);
                idx = (int)x->u.c.ival - 1;
            } else if (x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n == 1) {
                for (int c = 0; c < ncols; c++)
                    if (strcmp(cols[c].name, x->u.column.fields.items[0]) == 0) {
                        idx = c;
                        break;
                    }
            }
            if (idx < 0 && x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n == 1 &&
                !x->u.column.star)
                return setop_missing_column(sel, x->u.column.fields.items[0], x->location, e);
            if (idx < 0 && x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n == 2)
                return eng__err(e, x->location, ERR_NOTFOUND, "42P01",
                                "missing FROM-clause entry for table \"%s\"",
                                (const char *)x->u.column.fields.items[0]);
            int xloc = x->location; /* exprLocation: the leftmost token */
            for (const struct sql_expr *l = x; l != NULL; l = l->kind == SQL_EXPR_OP ? l->u.op.l
                                                              : l->kind == SQL_EXPR_CAST
                                                                  ? l->u.cast.arg
                                                                  : NULL)
                if (l->location >= 0 && (xloc < 0 || l->location < xloc))
                    xloc = l->location;
            if (idx < 0)
                return eng__err(e, xloc, ERR_UNSUPPORTED, "0A000",
                                "invalid UNION/INTERSECT/EXCEPT ORDER BY clause" ENG_DETAIL_SEP
                                "Only result column names can be used, not expressions or "
                                "functions." ENG_HINT_SEP
                                "Add the expression/function to every SELECT, or "
                                "move the UNION into a FROM clause.");
            if (!eng__agg_order_using_ok(sb))
                return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                                "ORDER BY USING is not supported");
            struct sort_key *k = &so->u.sort.keys[i];
            k->col = idx;
            k->desc = sb->dir == SQL_SORT_DESC ||
                      (sb->dir == SQL_SORT_USING && strcmp(sb->using_op, ">") == 0);
            k->nulls_first =
                sb->nulls == SQL_NULLS_FIRST || (sb->nulls == SQL_NULLS_DEFAULT && k->desc);
        }
        so->u.sort.nkeys = sel->order_by.n;
        so->l = p;
        so->est_rows = p->est_rows;
        p = so;
    }
    struct bx *lim, *off;
    bool corr = false;
    int rc = bind_limit(b, parent, sel->limit, "LIMIT", &lim, &corr, e);
    if (rc == 0)
        rc = bind_limit(b, parent, sel->offset, "OFFSET", &off, &corr, e);
    if (rc != 0)
        return rc;
    if (corr)
        b->last_correlated = true;
    if (lim || off || sel->with_ties) {
        struct pnode *l = pn_new(b->ctx, PN_LIMIT, p->width);
        l->l = p;
        l->u.limit.limit = lim;
        l->u.limit.offset = off;
        l->est_rows = p->est_rows;
        if (sel->with_ties && (rc = eng__plan_ties(b, l, sel->limit, e)) != 0)
            return rc;
        p = l;
    }
    *plan = p;
    return 0;
}

static int plan_values(struct binder *b, struct scope *parent, const struct sql_select *sel,
                       struct pnode **out, struct sql_column **cols, int *ncols, struct err *e)
{
    int nrows = sel->values.n;
    const struct sql_list *first = sel->values.items[0];
    int n = first->n;
    struct scope *s = scope_new(b, parent);
    s->agg_forbidden = "VALUES";
    struct bx ***rows = mem_alloc(b->ctx, sizeof *rows * (size_t)nrows);
    for (int r = 0; r < nrows; r++) {
        const struct sql_list *row = sel->values.items[r];
        if (row->n != n)
            return eng__err(e, row->n > 0 ? ((const struct sql_expr *)row->items[0])->location : -1,
                            ERR_INVAL, "42601", "VALUES lists must all be the same length");
        rows[r] = mem_alloc(b->ctx, sizeof **rows * (size_t)n);
        for (int c = 0; c < n; c++) {
            int rc = eng__bind_expr(b, s, row->items[c], &rows[r][c], e);
            if (rc != 0)
                return rc;
        }
    }
    struct tlist tl = {0};
    struct bx **col = mem_alloc(b->ctx, sizeof *col * (size_t)nrows);
    for (int c = 0; c < n; c++) {
        for (int r = 0; r < nrows; r++)
            col[r] = rows[r][c];
        uint32_t t;
        int rc = eng__common_type(col, nrows, "VALUES", &t, e);
        if (rc != 0)
            return rc;
        for (int r = 0; r < nrows; r++) {
            rc = eng__coerce(b, rows[r][c], t, -1, COERCE_IMPLICIT, &rows[r][c], e);
            if (rc != 0)
                return rc;
        }
        int32_t tm = rows[0][c]->typmod;
        for (int r = 1; r < nrows; r++)
            if (rows[r][c]->typmod != tm)
                tm = -1;
        struct bx *like = mem_alloc0(b->ctx, sizeof *like);
        like->kind = BX_COL;
        like->type = t;
        like->typmod = tm;
        like->u.col.idx = c;
        tl_add(b, &tl, like, mem_printf(b->ctx, "column%d", c + 1));
    }
    struct pnode *p = pn_new(b->ctx, PN_VALUES, n);
    p->u.values.rows = rows;
    p->u.values.nrows = nrows;
    p->u.values.ncols = n;
    p->u.values.off = 0;
    p->est_rows = nrows;
    int rc = finish_columns(b, &tl, n, cols, e);
    if (rc != 0)
        return rc;
    *ncols = n;
    b->last_correlated = s->correlated;
    rc = order_limit_simple(b, parent, sel, &p, *cols, n, e);
    *out = p;
    return rc;
}

static struct pnode *cast_project(struct binder *b, struct pnode *p, struct sql_column *have,
                                  const uint32_t *want, int n, struct err *e, int *rc)
{
    bool need = false;
    for (int i = 0; i < n; i++)
        if (have[i].type_oid != want[i])
            need = true;
    if (!need)
        return p;
    struct pnode *pr = pn_new(b->ctx, PN_PROJECT, n);
    pr->l = p;
    pr->est_rows = p->est_rows;
    pr->u.project.exprs = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)n);
    pr->u.project.n = n;
    for (int i = 0; i < n; i++) {
        struct bx *c = mem_alloc0(b->ctx, sizeof *c);
        c->kind = BX_COL;
        c->type = have[i].type_oid;
        c->typmod = have[i].typmod;
        c->location = -1;
        c->u.col.idx = i;
        c->u.col.name = have[i].name;
        *rc = eng__coerce(b, c, want[i], -1, COERCE_IMPLICIT, &pr->u.project.exprs[i], e);
        if (*rc != 0)
            return p;
    }
    return pr;
}

/* Unknown literals of a set operation's leaf become the column's type where
 * they are written, so that a bad literal is reported at its position. */
static int resolve_leaf_unknowns(struct binder *b, struct pnode *p, struct sql_column *cols,
                                 const uint32_t *types, int n, struct err *e)
{
    struct pnode *q = p;
    while (q != NULL && (q->kind == PN_SORT || q->kind == PN_LIMIT))
        q = q->l;
    for (int i = 0; i < n; i++) {
        if (cols[i].type_oid != SQL_T_UNKNOWN)
            continue;
        if (q != NULL && q->kind == PN_PROJECT && i < q->u.project.n &&
            q->u.project.exprs[i]->type == SQL_T_UNKNOWN) {
            int rc = eng__coerce(b, q->u.project.exprs[i], types[i], -1, COERCE_IMPLICIT,
                                 &q->u.project.exprs[i], e);
            if (rc != 0)
                return rc;
            cols[i].type_oid = types[i];
            cols[i].typmod = q->u.project.exprs[i]->typmod;
            const struct sql_type_info *ti = sql_type_get(types[i]);
            cols[i].typlen = ti ? ti->typlen : -1;
        }
    }
    return 0;
}

static int plan_setop(struct binder *b, struct scope *parent, const struct sql_select *sel,
                      struct pnode **out, struct sql_column **cols, int *ncols, struct err *e)
{
    struct pnode *l, *r;
    struct sql_column *lc, *rc_;
    int ln, rn;
    /* as transformSetOperationTree: a leaf's unknown literals stay unknown
     * until the column's common type is known */
    /* checkWellFormedRecursionWalker: INTERSECT ALL / EXCEPT ALL arms and
     * the right arm of any EXCEPT may not read a recursive query */
    const char *rw = b->rec_within;
    if (sel->op == SQL_SETOP_INTERSECT && sel->all)
        b->rec_within = "INTERSECT";
    else if (sel->op == SQL_SETOP_EXCEPT && sel->all)
        b->rec_within = "EXCEPT";
    b->keep_unknown = true;
    int rc = eng__plan_select(b, parent, sel->larg, &l, &lc, &ln, e);
    b->keep_unknown = false;
    bool corr = b->last_correlated;
    if (rc != 0) {
        b->rec_within = rw;
        return rc;
    }
    if (sel->op == SQL_SETOP_EXCEPT)
        b->rec_within = "EXCEPT";
    b->keep_unknown = true;
    rc = eng__plan_select(b, parent, sel->rarg, &r, &rc_, &rn, e);
    b->keep_unknown = false;
    b->rec_within = rw;
    if (rc != 0)
        return rc;
    corr = corr || b->last_correlated;
    const char *opname = sel->op == SQL_SETOP_UNION       ? "UNION"
                         : sel->op == SQL_SETOP_INTERSECT ? "INTERSECT"
                                                          : "EXCEPT";
    if (ln != rn) {
        const struct sql_select *ra = sel->rarg;
        while (ra != NULL && ra->op != SQL_SETOP_NONE)
            ra = ra->larg;
        int loc = -1;
        if (ra != NULL && ra->targets.n > 0) {
            const struct sql_target *t = ra->targets.items[0];
            loc = t->val != NULL ? t->val->location : t->location;
        }
        return eng__err(e, loc, ERR_INVAL, "42601",
                        "each %s query must have the same number of columns", opname);
    }
    uint32_t *types = mem_alloc(b->ctx, sizeof *types * (size_t)(ln > 0 ? ln : 1));
    for (int i = 0; i < ln; i++) {
        struct bx a = {.kind = BX_COL, .type = lc[i].type_oid, .location = -1};
        struct bx c = {.kind = BX_COL, .type = rc_[i].type_oid, .location = -1};
        struct bx *pair[2] = {&a, &c};
        rc = eng__common_type(pair, 2, opname, &types[i], e);
        if (rc != 0)
            return rc;
    }
    if ((rc = resolve_leaf_unknowns(b, l, lc, types, ln, e)) != 0 ||
        (rc = resolve_leaf_unknowns(b, r, rc_, types, ln, e)) != 0)
        return rc;
    l = cast_project(b, l, lc, types, ln, e, &rc);
    if (rc == 0)
        r = cast_project(b, r, rc_, types, ln, e, &rc);
    if (rc != 0)
        return rc;
    for (int i = 0; i < ln && !(sel->op == SQL_SETOP_UNION && sel->all && sel->order_by.n == 0);
         i++)
        if (lc[i].type_oid == SQL_T_RECORD && rc_[i].type_oid == SQL_T_RECORD &&
            (rc = eng__record_shapes_check(rc_[i].typmod, lc[i].typmod, e)) != 0)
            return rc; /* record_cmp's error */
    struct pnode *p = pn_new(b->ctx, PN_SETOP, ln);
    p->l = l;
    p->r = r;
    p->u.setop.op = sel->op;
    p->u.setop.all = sel->all;
    p->est_rows = l->est_rows + r->est_rows;
    struct sql_column *c = mem_alloc0(b->ctx, sizeof *c * (size_t)(ln > 0 ? ln : 1));
    for (int i = 0; i < ln; i++) {
        c[i] = lc[i];
        c[i].type_oid = types[i];
        if (lc[i].type_oid != types[i] || rc_[i].typmod != lc[i].typmod)
            c[i].typmod = -1;
        c[i].table_oid = 0;
        c[i].attnum = 0;
        const struct sql_type_info *ti = sql_type_get(types[i]);
        c[i].typlen = ti ? ti->typlen : -1;
    }
    *cols = c;
    *ncols = ln;
    b->last_correlated = false;
    rc = order_limit_simple(b, parent, sel, &p, c, ln, e);
    b->last_correlated = corr || b->last_correlated; /* a LIMIT reading outer levels */
    *out = p;
    return rc;
}

/* ---- SELECT ---- */

struct kind_find {
    int kind;
    int location;
};

static bool kind_fn(struct bx *x, void *arg)
{
    struct kind_find *k = arg;
    if ((int)x->kind != k->kind)
        return false;
    k->location = x->location;
    return true;
}

/* A GROUP BY item naming a select-list entry (by position or name):
 * PostgreSQL's checkTargetlistEntrySQL92 rejects aggregates and window
 * functions there. */
static int group_target_check(struct bx *t, struct err *e)
{
    struct kind_find k = {.kind = BX_AGG, .location = -1};
    if (eng__bx_walk(t, kind_fn, &k))
        return eng__err(e, k.location, ERR_INVAL, "42803",
                        "aggregate functions are not allowed in GROUP BY");
    k.kind = BX_WINDOW;
    if (eng__bx_walk(t, kind_fn, &k))
        return eng__err(e, k.location, ERR_INVAL, "42P20",
                        "window functions are not allowed in GROUP BY");
    return 0;
}

static int find_output_name(struct tlist *tl, int n, const char *name, int location, int *idx,
                            const char *clause, struct err *e)
{
    *idx = -1;
    for (int i = 0; i < n; i++) {
        if (tl->names[i] != NULL && strcmp(tl->names[i], name) == 0) {
            if (*idx >= 0 && !eng__bx_equal(tl->x[*idx], tl->x[i]))
                return eng__err(e, location, ERR_INVAL, "42702", "%s \"%s\" is ambiguous", clause,
                                name);
            if (*idx < 0)
                *idx = i;
        }
    }
    return 0;
}

/* A one-column json set-returning function (jsonb_array_elements...). */
static bool is_json_srf1(const char *name)
{
    int n;
    const uint32_t *t;
    const char *const *c;
    uint32_t a;
    return sql__json_srf_find(name, &n, &t, &c, &a) != 0 && n == 1;
}

static bool is_series_call(const struct sql_expr *x)
{
    return x != NULL && x->kind == SQL_EXPR_FUNC && !x->u.func.star && x->u.func.over == NULL &&
           (strcmp(x->u.func.name.name, "generate_series") == 0 ||
            is_json_srf1(x->u.func.name.name) ||
            (eng__is_array_srf(x->u.func.name.name) &&
             (x->u.func.args.n == 1 || strcmp(x->u.func.name.name, "unnest") != 0))) &&
           (x->u.func.name.schema == NULL || strcmp(x->u.func.name.schema, "pg_catalog") == 0);
}

/* The series call of a target: the call itself or the operand of a cast
 * (generate_series(...)::date). */
static const struct sql_expr *series_of(const struct sql_expr *x)
{
    if (is_series_call(x))
        return x;
    if (x != NULL && x->kind == SQL_EXPR_CAST && is_series_call(x->u.cast.arg))
        return x->u.cast.arg;
    return NULL;
}

/* An argument of a series call simple enough for srf_rewrite: no call
 * inside (a nested SRF or an aggregate stays in the select list). */
static bool srf_arg_simple(const struct sql_expr *x)
{
    if (x == NULL)
        return true;
    switch (x->kind) {
    case SQL_EXPR_CONST:
    case SQL_EXPR_PARAM:
    case SQL_EXPR_SQLVALUE:
        return true;
    case SQL_EXPR_OP:
        return srf_arg_simple(x->u.op.l) && srf_arg_simple(x->u.op.r);
    case SQL_EXPR_CAST:
        return srf_arg_simple(x->u.cast.arg);
    default:
        return false;
    }
}

static bool srf_args_simple(const struct sql_expr *call)
{
    for (int i = 0; i < call->u.func.args.n; i++)
        if (!srf_arg_simple(call->u.func.args.items[i]))
            return false;
    return true;
}

/* A set-returning function in the select list of a query without FROM
 * (SELECT generate_series(1, 3) AS s): the same as taking it from FROM
 * (SELECT s FROM generate_series(1, 3) AS "*SRF*"(s)), which is what runs
 * here. NULL when sel is not that simple case. */
static const struct sql_select *srf_rewrite(struct binder *b, const struct sql_select *sel)
{
    if (sel->from.n > 0 || sel->group_by.n > 0 || sel->having != NULL)
        return NULL;
    /* SELECT pg_partition_ancestors(x) (psql's \d "Referenced by"): no
     * table is a partition, so no rows: SELECT x WHERE x IS NULL. */
    if (sel->targets.n == 1 && sel->where == NULL) {
        const struct sql_target *t0 = sel->targets.items[0];
        const struct sql_expr *x = t0->val;
        if (x != NULL && x->kind == SQL_EXPR_FUNC && x->u.func.args.n == 1 &&
            strcmp(x->u.func.name.name, "pg_partition_ancestors") == 0) {
            struct sql_select *q = mem_alloc(b->ctx, sizeof *q);
            *q = *sel;
            struct sql_target *nt = mem_alloc(b->ctx, sizeof *nt);
            *nt = *t0;
            nt->val = x->u.func.args.items[0];
            if (nt->name == NULL)
                nt->name = (char *)"pg_partition_ancestors";
            q->targets.items = mem_alloc(b->ctx, sizeof(void *));
            q->targets.items[0] = nt;
            struct sql_expr *w = mem_alloc0(b->ctx, sizeof *w);
            w->kind = SQL_EXPR_NULLTEST;
            w->location = -1;
            w->u.nulltest.arg = nt->val;
            q->where = w;
            return q;
        }
    }
    int at = -1;
    for (int i = 0; i < sel->targets.n; i++) {
        const struct sql_target *t = sel->targets.items[i];
        if (series_of(t->val) != NULL) {
            if (at >= 0 || !srf_args_simple(series_of(t->val)))
                return NULL;
            at = i;
        }
    }
    if (at < 0)
        return NULL;
    /* another SRF (in an expression, ORDER BY, DISTINCT ON) runs in
     * lock-step with it in one ProjectSet: no rewrite */
    for (int i = 0; i < sel->targets.n; i++)
        if (i != at &&
            eng__expr_has_srf(b, ((const struct sql_target *)sel->targets.items[i])->val))
            return NULL;
    for (int i = 0; i < sel->order_by.n; i++)
        if (eng__expr_has_srf(b, ((const struct sql_sortby *)sel->order_by.items[i])->expr))
            return NULL;
    for (int i = 0; i < sel->distinct_on.n; i++)
        if (eng__expr_has_srf(b, sel->distinct_on.items[i]))
            return NULL;
    const struct sql_target *t = sel->targets.items[at];
    const char *colname = t->name ? t->name : t->val->u.func.name.name;
    struct sql_select *q = mem_alloc(b->ctx, sizeof *q);
    *q = *sel;
    struct sql_from *f = mem_alloc0(b->ctx, sizeof *f);
    f->kind = SQL_FROM_FUNCTION;
    f->u.func.call = (struct sql_expr *)series_of(t->val);
    f->u.func.alias = mem_alloc0(b->ctx, sizeof *f->u.func.alias);
    f->u.func.alias->name = "*SRF*";
    f->u.func.alias->colnames.n = 1;
    f->u.func.alias->colnames.items = mem_alloc(b->ctx, sizeof(void *));
    f->u.func.alias->colnames.items[0] = (void *)colname;
    q->from.n = 1;
    q->from.items = mem_alloc(b->ctx, sizeof(void *));
    q->from.items[0] = f;
    struct sql_expr *ref = mem_alloc0(b->ctx, sizeof *ref);
    ref->kind = SQL_EXPR_COLUMN;
    ref->location = t->val->location;
    ref->u.column.fields.n = 2;
    ref->u.column.fields.items = mem_alloc(b->ctx, sizeof(void *) * 2);
    ref->u.column.fields.items[0] = (void *)"*SRF*";
    ref->u.column.fields.items[1] = (void *)colname;
    struct sql_target *nt = mem_alloc(b->ctx, sizeof *nt);
    *nt = *t;
    nt->name = (char *)colname;
    nt->val = ref;
    if (t->val->kind == SQL_EXPR_CAST) {
        struct sql_expr *cast = mem_alloc(b->ctx, sizeof *cast);
        *cast = *t->val;
        cast->u.cast.arg = ref;
        nt->val = cast;
    }
    q->targets.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)sel->targets.n);
    for (int i = 0; i < sel->targets.n; i++)
        q->targets.items[i] = i == at ? (void *)nt : sel->targets.items[i];
    return q;
}

/* SELECT DISTINCT ON (exprs): each expression as a target (output name,
 * ordinal, or an expression added as junk); the initial ORDER BY items must
 * be DISTINCT ON expressions (PostgreSQL's transformDistinctOnClause); the
 * sort gets the DISTINCT ON expressions ORDER BY lacks. */
static int bind_distinct_on(struct binder *b, struct scope *s, const struct sql_select *sel,
                            struct tlist *tl, int ntargets, struct sort_key **keys, int *nsort,
                            int **dcols_out, struct err *e)
{
    int nd = sel->distinct_on.n;
    int *dcols = mem_alloc(b->ctx, sizeof(int) * (size_t)nd);
    int *dloc = mem_alloc(b->ctx, sizeof(int) * (size_t)nd);
    for (int i = 0; i < nd; i++) {
        const struct sql_expr *x = sel->distinct_on.items[i];
        int idx = -1, rc;
        dloc[i] = x->location;
        if ((rc = nonint_const(x, "DISTINCT ON", e)) != 0)
            return rc;
        if (x->kind == SQL_EXPR_CONST && x->u.c.kind == SQL_CONST_INT4) {
            if (x->u.c.ival < 1 || x->u.c.ival > ntargets)
                return eng__err(e, x->location, ERR_INVAL, "42P10",
                                "DISTINCT ON position %lld is not in select list",
                                (long long)x->u.c.ival);
            idx = (int)x->u.c.ival - 1;
        } else if (x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n == 1 && !x->u.column.star) {
            rc = find_output_name(tl, ntargets, x->u.column.fields.items[0], x->location, &idx,
                                  "DISTINCT ON", e);
            if (rc != 0)
                return rc;
        }
        if (idx < 0) {
            struct bx *v;
            rc = eng__bind_expr(b, s, x, &v, e);
            if (rc == 0)
                rc = eng__resolve_unknown(b, v, &v, e);
            if (rc != 0)
                return rc;
            for (int t = 0; t < tl->n; t++)
                if (eng__bx_equal(tl->x[t], v)) {
                    idx = t;
                    break;
                }
            if (idx < 0) {
                tl_add(b, tl, v, NULL);
                idx = tl->n - 1;
            }
        }
        dcols[i] = idx;
    }
    struct sort_key *k = mem_alloc0(b->ctx, sizeof *k * (size_t)(*nsort + nd));
    int n = *nsort;
    if (n > 0)
        memcpy(k, *keys, sizeof *k * (size_t)n);
    bool skipped = false;
    for (int i = 0; i < *nsort; i++) {
        int d = -1;
        for (int m = 0; m < nd && d < 0; m++)
            if (dcols[m] == k[i].col)
                d = m;
        if (d < 0)
            skipped = true;
        else if (skipped)
            return eng__err(
                e, dloc[d], ERR_INVAL, "42P10",
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
    }
    for (int m = 0; m < nd; m++) {
        bool in = false;
        for (int i = 0; i < n && !in; i++)
            in = k[i].col == dcols[m];
        if (in)
            continue;
        if (skipped)
            return eng__err(
                e, dloc[m], ERR_INVAL, "42P10",
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
        k[n].col = dcols[m];
        k[n].desc = false;
        k[n].nulls_first = false;
        n++;
    }
    *keys = k;
    *nsort = n;
    *dcols_out = dcols;
    return 0;
}

int eng__plan_select(struct binder *b, struct scope *parent, const struct sql_select *sel,
                     struct pnode **out, struct sql_column **cols, int *ncols, struct err *e)
{
    /* Nested queries and WITH references recurse through here: bounded by
     * the stack, and interruptible (a WITH chain where every query reads
     * the one before twice plans 2^n subqueries). */
    int src = sql_stack_check(e);
    if (src == 0 && b->env != NULL)
        src = sql_env_check_interrupts(b->env, e);
    if (src != 0)
        return src;
    if (sel->with != NULL) {
        /* each reference plans the query as a subquery (bind_cte.c) */
        struct cte_ref *saved;
        int rc = eng__with_push(b, parent, sel->with, &saved, e);
        if (rc == 0) {
            struct sql_select inner = *sel;
            inner.with = NULL;
            struct sql_select *q = &inner;
            struct sql_with *w = sel->with;
            if (b->view_deps != NULL) {
                /* CREATE VIEW rewrites the target list in place (bind_view.c) */
                q = (struct sql_select *)sel;
                q->with = NULL;
            }
            for (struct cte_ref *c = b->ctes; c != saved; c = c->up)
                c->owner = q;
            rc = eng__plan_select(b, parent, q, out, cols, ncols, e);
            if (q != &inner)
                q->with = w;
        }
        b->ctes = saved;
        return rc;
    }
    if (sel->locking.n > 0 && (sel->op != SQL_SETOP_NONE || sel->values.n > 0))
        return eng__lock_refuse(sel, e);
    bool keep_unknown =
        b->keep_unknown && sel->op == SQL_SETOP_NONE && sel->values.n == 0 && !sel->distinct;
    b->keep_unknown = false;
    if (sel->op != SQL_SETOP_NONE) {
        if (sel->op == SQL_SETOP_NONE)
            return 0;
        return plan_setop(b, parent, sel, out, cols, ncols, e);
    }
    if (sel->values.n > 0)
        return plan_values(b, parent, sel, out, cols, ncols, e);
    const struct sql_select *srf = srf_rewrite(b, sel);
    if (srf != NULL) {
        b->keep_unknown = keep_unknown;
        for (struct cte_ref *c = b->ctes; c != NULL; c = c->up)
            if (c->owner == sel)
                c->owner = srf;
        return eng__plan_select(b, parent, srf, out, cols, ncols, e);
    }

    struct scope *s = scope_new(b, parent);
    s->sel = sel;
    int rc;
    /* FROM */
    struct jt *root = NULL;
    struct jt **tops = mem_alloc0(b->ctx, sizeof(struct jt *) * (size_t)(sel->from.n + 1));
    s->from_tree = tops;
    bool no_pullup = b->no_pullup;
    for (int i = 0; i < sel->from.n; i++) {
        struct jt *j;
        b->no_pullup = sel->locking.n > 0;
        int r0 = s->nrtes;
        rc = from_item(b, s, sel->from.items[i], &j, e);
        b->no_pullup = no_pullup;
        if (rc == 0)
            rc = ns_conflicts(s, 0, r0, r0, s->nrtes, e);
        if (rc != 0)
            return rc;
        tops[i] = j;
        if (root == NULL) {
            root = j;
        } else {
            struct jt *c = mem_alloc0(b->ctx, sizeof *c);
            c->join = true;
            c->alias_rte = -1;
            c->type = SQL_JOIN_INNER;
            c->l = root;
            c->r = j;
            c->lo = root->lo;
            c->hi = j->hi;
            root = c;
        }
    }
    if (root != NULL)
        mark_nullable(s, root, false);
    rc = eng__check_windows(b, s, &sel->windows, e);
    if (rc != 0)
        return rc;

    /* WHERE (EXISTS / NOT EXISTS / IN (subquery) conjuncts pulled up into
     * semi and anti joins: plan_sublink.c) */
    struct bx *where = NULL;
    struct eng_pullup *pullup = NULL;
    const struct sql_expr *where_x = sel->where;
    if (sel->where != NULL && root != NULL && sel->locking.n == 0)
        where_x = eng__pullup_where(b, s, sel->where, -1, -1, &pullup);
    if (sel->where != NULL) {
        s->agg_forbidden = "WHERE";
        s->allow_srfs = true; /* only for PostgreSQL's error */
        s->srf_forbidden = "!WHERE";
        rc = eng__bind_bool(b, s, where_x, "WHERE", &where, e);
        s->allow_srfs = false;
        s->srf_forbidden = NULL;
        s->agg_forbidden = NULL;
        if (rc != 0)
            return rc;
    }
    /* targets (aggregates allowed) */
    struct tlist tl = {0};
    s->allow_aggs = true;
    s->allow_windows = true;
    s->allow_srfs = true;
    rc = eng__bind_targets(b, s, &sel->targets, &tl, e);
    s->allow_windows = false;
    s->allow_srfs = false;
    if (rc != 0)
        return rc;
    int ntargets = tl.n;
    struct sql_column *outcols;
    /* output metadata before grouping rewrites the expressions */
    rc = finish_columns(b, &tl, keep_unknown ? -ntargets : ntargets, &outcols, e);
    if (rc != 0)
        return rc;
    /* GROUP BY */
    int ng = sel->group_by.n;
    struct bx **groups = mem_alloc(b->ctx, sizeof *groups * (size_t)(ng > 0 ? ng : 1));
    /* the select-list item each group key names (PostgreSQL's sortgroupref):
     * an output name or position, else the first equal item; -1: none */
    int *grefs = mem_alloc(b->ctx, sizeof *grefs * (size_t)(ng > 0 ? ng : 1));
    for (int i = 0; i < ng; i++)
        grefs[i] = -1;
    s->allow_aggs = false;
    s->agg_forbidden = "GROUP BY";
    s->allow_srfs = true;
    s->srf_dedup = true;
    for (int i = 0; i < ng; i++) {
        const struct sql_expr *x = sel->group_by.items[i];
        if ((rc = nonint_const(x, "GROUP BY", e)) != 0)
            return rc;
        if (x->kind == SQL_EXPR_CONST && x->u.c.kind == SQL_CONST_INT4) {
            if (x->u.c.ival < 1 || x->u.c.ival > ntargets)
                return eng__err(e, x->location, ERR_INVAL, "42P10",
                                "GROUP BY position %lld is not in select list",
                                (long long)x->u.c.ival);
            groups[i] = tl.x[x->u.c.ival - 1];
            grefs[i] = (int)x->u.c.ival - 1;
            if ((rc = group_target_check(groups[i], e)) != 0)
                return rc;
            continue;
        }
        struct err e2 = {0};
        rc = eng__bind_expr(b, s, x, &groups[i], &e2);
        if (rc != 0 && rc == ERR_NOTFOUND && x->kind == SQL_EXPR_COLUMN &&
            x->u.column.fields.n == 1) {
            int idx;
            rc = find_output_name(&tl, ntargets, x->u.column.fields.items[0], x->location, &idx,
                                  "GROUP BY", e);
            if (rc != 0)
                return rc;
            if (idx >= 0) {
                groups[i] = tl.x[idx];
                grefs[i] = idx;
                if ((rc = group_target_check(groups[i], e)) != 0)
                    return rc;
                continue;
            }
            rc = ERR_NOTFOUND;
        }
        if (rc != 0) {
            *e = e2;
            return rc;
        }
        for (int t = 0; t < ntargets && grefs[i] < 0; t++)
            if (eng__bx_equal(tl.x[t], groups[i]))
                grefs[i] = t;
    }
    s->agg_forbidden = NULL;
    s->allow_srfs = false;
    s->srf_dedup = false;
    const struct sql_list *gsets = &sel->gsets;
    if (sel->group_distinct && sel->gsets.n > 0)
        gsets = eng__gsets_distinct(b, &sel->gsets, groups, ng);
    /* HAVING */
    struct bx *having = NULL;
    if (sel->having != NULL) {
        s->allow_aggs = true;
        s->win_forbidden = "HAVING";
        s->allow_srfs = true; /* only for PostgreSQL's error */
        s->srf_forbidden = "!HAVING";
        rc = eng__bind_bool(b, s, sel->having, "HAVING", &having, e);
        s->win_forbidden = NULL;
        s->allow_srfs = false;
        s->srf_forbidden = NULL;
        if (rc != 0)
            return rc;
    }
    /* ORDER BY (bound now so its aggregates join the list) */
    int nsort = sel->order_by.n;
    struct sort_key *keys = mem_alloc0(b->ctx, sizeof *keys * (size_t)(nsort > 0 ? nsort : 1));
    s->allow_aggs = true;
    s->allow_windows = true;
    s->allow_srfs = true;
    s->srf_dedup = true;
    for (int i = 0; i < nsort; i++) {
        const struct sql_sortby *sb = sel->order_by.items[i];
        const struct sql_expr *x = sb->expr;
        if (!eng__agg_order_using_ok(sb)) /* USING < and USING > are ASC and DESC */
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "ORDER BY USING is not supported");
        int idx = -1;
        if ((rc = nonint_const(x, "ORDER BY", e)) != 0)
            return rc;
        if (x->kind == SQL_EXPR_CONST && x->u.c.kind == SQL_CONST_INT4) {
            if (x->u.c.ival < 1 || x->u.c.ival > ntargets)
                return eng__err(e, x->location, ERR_INVAL, "42P10",
                                "ORDER BY position %lld is not in select list",
                                (long long)x->u.c.ival);
            idx = (int)x->u.c.ival - 1;
        } else if (x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n == 1 && !x->u.column.star) {
            rc = find_output_name(&tl, ntargets, x->u.column.fields.items[0], x->location, &idx,
                                  "ORDER BY", e);
            if (rc != 0)
                return rc;
        }
        if (idx < 0) {
            struct bx *v;
            rc = eng__bind_expr(b, s, x, &v, e);
            if (rc != 0)
                return rc;
            rc = eng__resolve_unknown(b, v, &v, e);
            if (rc != 0)
                return rc;
            for (int t = 0; t < tl.n; t++)
                if (eng__bx_equal(tl.x[t], v)) {
                    idx = t;
                    break;
                }
            if (idx < 0) {
                if (sel->distinct && sel->distinct_on.n == 0)
                    return eng__err(
                        e, x->location, ERR_INVAL, "42P10",
                        "for SELECT DISTINCT, ORDER BY expressions must appear in select "
                        "list");
                tl_add(b, &tl, v, NULL);
                idx = tl.n - 1;
            }
        }
        keys[i].col = idx;
        keys[i].desc = sb->dir == SQL_SORT_DESC ||
                       (sb->dir == SQL_SORT_USING && strcmp(sb->using_op, ">") == 0);
        keys[i].nulls_first =
            sb->nulls == SQL_NULLS_FIRST || (sb->nulls == SQL_NULLS_DEFAULT && keys[i].desc);
    }
    int *dcols = NULL;
    if (sel->distinct_on.n > 0) {
        rc = bind_distinct_on(b, s, sel, &tl, ntargets, &keys, &nsort, &dcols, e);
        if (rc != 0)
            return rc;
    }
    s->allow_aggs = false;
    s->allow_windows = false;
    s->allow_srfs = false;
    s->srf_dedup = false;
    int lock_junk = -1;
    if (sel->locking.n > 0) {
        rc = eng__lock_check(sel, ng > 0, having != NULL, s->naggs > 0, e);
        if (rc != 0)
            return rc;
        /* the full-width row rides along as junk for PN_LOCKROWS */
        lock_junk = tl.n;
        struct bx **junk = eng__lock_junk(b, s);
        for (int i = 0; i < s->width; i++)
            tl_add(b, &tl, junk[i], NULL);
    }

    /* ---- plan ---- */
    struct pnode *p;
    struct bx **top = NULL;
    int ntop = 0, topcap = 0;
    if (root == NULL) {
        p = pn_new(b->ctx, PN_RESULT, s->width);
        p->est_rows = 1;
        eng__conjuncts(b->ctx, where, &top, &ntop, &topcap);
    } else {
        struct bx **cs = NULL;
        int n = 0, cap = 0;
        if (pullup != NULL)
            root = eng__pullup_attach(b, s, pullup, root);
        eng__conjuncts(b->ctx, where, &cs, &n, &cap);
        distribute_on(b, root);
        for (int i = 0; i < n; i++) {
            int lo, hi;
            bool outer;
            eng__bx_slots(cs[i], &lo, &hi, &outer);
            if (outer) {
                if (ntop == topcap) {
                    int nc = topcap ? topcap * 2 : 4;
                    top = mem_realloc(b->ctx, top, sizeof *top * (size_t)topcap,
                                      sizeof *top * (size_t)nc);
                    topcap = nc;
                }
                top[ntop++] = cs[i];
                continue;
            }
            push_qual(b, root, cs[i], lo, hi, true);
        }
        rc = plan_jt(b, s, root, &p, e);
        if (rc != 0)
            return rc;
    }
    p = add_filter(b, p, top, ntop);

    bool grouped = ng > 0 || s->naggs > 0 || having != NULL || sel->gsets.n > 0;
    if (grouped && ((rc = eng__check_grouping(s, groups, ng, e)) != 0 ||
                    (rc = eng__ordset_check_direct(b, s, groups, ng, e)) != 0))
        return rc;
    int ng_written = ng;
    if (grouped && (rc = eng__fundep_groups(b, s, &groups, &ng, sel->gsets.n > 0 ? &gsets : NULL,
                                            tl.x, tl.n, having, e)) != 0)
        return rc;
    struct srf_cols *srfcols = NULL;
    bool srf_pre = false; /* GROUP BY reads SRFs: they run below the aggregation */
    if (grouped && (rc = eng__srf_pre_agg(b, s, groups, ng, "grouping by a set-returning function",
                                          &srf_pre, e)) != 0)
        return rc;
    if (!srf_pre && (rc = eng__srf_pre_window(b, s, grouped, &srf_pre, e)) != 0)
        return rc;
    if (srf_pre && (rc = eng__plan_projset(b, s, false, NULL, &p, e)) != 0)
        return rc;
    if (!srf_pre && s->nsrfs > 0 &&
        (rc = eng__srf_collect(b, s, tl.x, tl.n, groups, ng, &srfcols, e)) != 0)
        return rc;
    if (ng > ng_written) { /* keys bind_fundep.c added name no select-list item */
        int *gr = mem_alloc(b->ctx, sizeof *gr * (size_t)ng);
        memcpy(gr, grefs, sizeof *gr * (size_t)ng_written);
        for (int i = ng_written; i < ng; i++)
            gr[i] = -1;
        grefs = gr;
    }
    if (grouped && sel->gsets.n > 0) {
        p = eng__plan_gsets(b, p, gsets, groups, grefs, ng, s->aggs, s->naggs);
    } else if (grouped) {
        struct pnode *a = pn_new(b->ctx, PN_AGG, ng + s->naggs);
        a->l = p;
        a->u.agg.groups = groups;
        a->u.agg.ngroups = ng;
        a->u.agg.aggs = s->aggs;
        a->u.agg.naggs = s->naggs;
        a->u.agg.nfundep = ng - ng_written;
        for (int i = 0; i < s->naggs && ng > 0; i++)
            if (s->aggs[i]->distinct || s->aggs[i]->nokeys > 0)
                a->u.agg.sorted = true;
        a->est_rows = ng > 0 ? p->est_rows / 10 + 1 : 1;
        p = a;
    }
    if (grouped) {
        struct regroup g = {.b = b, .groups = groups, .ngroups = ng, .e = e};
        if (s->nsrfs > 0 && !srf_pre) {
            g.srf_lo = s->srf_base;
            g.srf_hi = s->width;
            if ((rc = eng__srf_regroup(b, s, groups, ng, e)) != 0)
                return rc;
        }
        for (int i = 0; i < tl.n; i++) {
            /* an item a group key names reads that key (under grouping
             * sets two names of one expression are two keys) */
            int k = -1;
            for (int j = 0; j < ng && k < 0 && sel->gsets.n > 0; j++)
                if (grefs[j] == i)
                    k = j;
            tl.x[i] = k >= 0 ? mkcol(b, tl.x[i], k) : regroup(&g, tl.x[i]);
        }
        if (having != NULL)
            having = regroup(&g, having);
        if (g.rc != 0)
            return g.rc;
        if (having != NULL)
            p = add_filter(b, p, &having, 1);
    }
    if (s->nwins > 0) {
        struct bx **okeys = mem_alloc0(b->ctx, sizeof *okeys * (size_t)(nsort + 1));
        for (int i = 0; i < nsort; i++)
            okeys[i] = tl.x[keys[i].col];
        if ((rc = eng__plan_windows(b, s, grouped, groups, ng, okeys, nsort, &p, e)) != 0)
            return rc;
    }
    if (s->nsrfs > 0 && !srf_pre && (rc = eng__plan_projset(b, s, grouped, srfcols, &p, e)) != 0)
        return rc;
    struct pnode *pr = pn_new(b->ctx, PN_PROJECT, tl.n);
    pr->l = p;
    pr->u.project.exprs = tl.x;
    pr->u.project.n = tl.n;
    pr->est_rows = p->est_rows;
    p = pr;
    if (sel->distinct && dcols == NULL) {
        struct pnode *d = pn_new(b->ctx, PN_DISTINCT, p->width);
        d->l = p;
        d->u.distinct.ndistinct = ntargets;
        d->est_rows = p->est_rows;
        p = d;
    }
    if (nsort > 0) {
        struct pnode *so = pn_new(b->ctx, PN_SORT, p->width);
        so->l = p;
        so->u.sort.keys = keys;
        so->u.sort.nkeys = nsort;
        so->est_rows = p->est_rows;
        p = so;
    }
    if (dcols != NULL) { /* DISTINCT ON: the first row of each group of the sorted rows */
        struct pnode *d = pn_new(b->ctx, PN_DISTINCT, p->width);
        d->l = p;
        d->u.distinct.ndistinct = sel->distinct_on.n;
        d->u.distinct.cols = dcols;
        d->est_rows = p->est_rows;
        p = d;
    }
    if (lock_junk >= 0) {
        rc = eng__plan_lockrows(b, s, sel, p, where, tl.x, ntargets, lock_junk, &p, e);
        if (rc != 0)
            return rc;
    }
    struct bx *lim, *off;
    rc = bind_limit(b, parent, sel->limit, "LIMIT", &lim, &s->correlated, e);
    if (rc == 0)
        rc = bind_limit(b, parent, sel->offset, "OFFSET", &off, &s->correlated, e);
    if (rc != 0)
        return rc;
    if (lim || off || sel->with_ties) {
        struct pnode *l = pn_new(b->ctx, PN_LIMIT, p->width);
        l->l = p;
        l->u.limit.limit = lim;
        l->u.limit.offset = off;
        l->est_rows = p->est_rows;
        if (sel->with_ties && (rc = eng__plan_ties(b, l, sel->limit, e)) != 0)
            return rc;
        p = l;
    }
    *out = p;
    *cols = outcols;
    *ncols = ntargets;
    b->last_correlated = s->correlated;
    return 0;
}

struct bx **eng__lock_junk(struct binder *b, struct scope *s)
{
    struct bx **out = mem_alloc0(b->ctx, sizeof *out * (size_t)(s->width + 1));
    for (int i = 0; i < s->nrtes; i++)
        for (int c = 0; c < s->rtes[i].ncols; c++)
            out[s->rtes[i].off + c] = rte_col(b, &s->rtes[i], c);
    for (int i = 0; i < s->width; i++)
        if (out[i] == NULL) {
            struct sql_value v = sql_null(SQL_T_UNKNOWN);
            out[i] = eng__const(b->ctx, &v, -1);
        }
    return out;
}

int eng__plan_from_where(struct binder *b, const struct sql_list *from,
                         const struct sql_expr *where, const struct eng_view_dml *tv,
                         struct scope **s_out, struct bx **where_out, struct pnode **out,
                         struct err *e)
{
    struct scope *s = scope_new(b, NULL);
    *s_out = s;
    struct jt *root = NULL;
    struct jt **tops = mem_alloc0(b->ctx, sizeof(struct jt *) * (size_t)(from->n + 1));
    s->from_tree = tops;
    int rc;
    for (int i = 0; i < from->n; i++) {
        struct jt *j;
        int r0 = s->nrtes;
        rc = from_item(b, s, from->items[i], &j, e);
        if (rc == 0)
            rc = ns_conflicts(s, 0, r0, r0, s->nrtes, e);
        if (rc != 0)
            return rc;
        if (i == 0 && tv != NULL) { /* the view's columns over the base row at slot 0 */
            struct rte vr = tv->scope->rtes[0];
            vr.off = s->rtes[0].off;
            s->rtes[0] = vr;
        }
        /* the target (item 0) is not visible to LATERAL items, as PostgreSQL */
        int lat_loc = -1;
        for (int k = 0; i > 0 && k < j->nlrefs && lat_loc < 0; k++)
            if (j->lrefs[k].slot < tops[0]->hi)
                lat_loc = j->lrefs[k].location;
        if (i > 0 && !j->join && (j->lateral || j->lateral_sub) && j->lat_hi >= 0 &&
            j->lat_lo < tops[0]->hi)
            return eng__err(e, lat_loc, ERR_NOTFOUND, "42P01",
                            "invalid reference to FROM-clause entry for table \"%s\"" ENG_HINT_SEP
                            "There is an entry for table \"%s\", but it cannot be referenced "
                            "from this part of the query.",
                            s->rtes[0].alias, s->rtes[0].alias);
        tops[i] = j;
        if (root == NULL) {
            root = j;
        } else {
            struct jt *c = mem_alloc0(b->ctx, sizeof *c);
            c->join = true;
            c->type = SQL_JOIN_INNER;
            c->l = root;
            c->r = j;
            c->lo = root->lo;
            c->hi = j->hi;
            root = c;
        }
    }
    mark_nullable(s, root, false);
    struct bx *w = NULL;
    if (where != NULL) {
        s->agg_forbidden = "WHERE";
        rc = eng__bind_bool(b, s, where, "WHERE", &w, e);
        s->agg_forbidden = NULL;
        if (rc != 0)
            return rc;
    }
    struct bx **cs = NULL, **top = NULL;
    int n = 0, cap = 0, ntop = 0, topcap = 0;
    eng__conjuncts(b->ctx, w, &cs, &n, &cap);
    if (tv != NULL && tv->quals != NULL) { /* the views' WHERE clauses, over the base row */
        eng__conjuncts(b->ctx, tv->quals, &cs, &n, &cap);
        w = eng__and_list(b->ctx, cs, n);
    }
    *where_out = w;
    distribute_on(b, root);
    for (int i = 0; i < n; i++) {
        int lo, hi;
        bool outer;
        eng__bx_slots(cs[i], &lo, &hi, &outer);
        if (outer) {
            eng__conjuncts(b->ctx, cs[i], &top, &ntop, &topcap);
            continue;
        }
        push_qual(b, root, cs[i], lo, hi, true);
    }
    struct pnode *p;
    rc = plan_jt(b, s, root, &p, e);
    if (rc != 0)
        return rc;
    *out = add_filter(b, p, top, ntop);
    return 0;
}

/* ---- join trees for the sublink pull-up (plan_sublink.c) ---- */

int eng__jt_from_item(struct binder *b, struct scope *s, const struct sql_from *f, struct jt **out,
                      struct err *e)
{
    int r0 = s->nrtes; /* one more FROM list item of s */
    int rc = from_item(b, s, f, out, e);
    return rc != 0 ? rc : ns_conflicts(s, 0, r0, r0, s->nrtes, e);
}

bool eng__jt_is_table(const struct jt *j)
{
    return !j->join && j->t != NULL && j->vt == NULL && j->plan == NULL && !j->lateral &&
           !j->lateral_sub;
}

struct jt *eng__jt_join(struct binder *b, struct jt *l, struct jt *r, enum sql_join_type type,
                        struct bx *on)
{
    struct jt *c = mem_alloc0(b->ctx, sizeof *c);
    c->join = true;
    c->alias_rte = -1;
    c->type = type;
    c->l = l;
    c->r = r;
    c->lo = l->lo < r->lo ? l->lo : r->lo;
    c->hi = l->hi > r->hi ? l->hi : r->hi;
    c->on = on;
    c->location = l->location;
    return c;
}

void eng__jt_shift_rtes(struct jt *j, int shift)
{
    if (j->join) {
        eng__jt_shift_rtes(j->l, shift);
        eng__jt_shift_rtes(j->r, shift);
    } else {
        j->rte += shift;
    }
}
