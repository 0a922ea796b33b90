/* plan_upsert.c — INSERT ... ON CONFLICT [(cols) [WHERE pred] | ON CONSTRAINT
 * name] DO NOTHING | DO UPDATE SET ... [WHERE ...]: the arbiter indexes
 * (PostgreSQL's infer_arbiter_indexes: every unique index whose columns are
 * exactly the inferred set; without a target, DO NOTHING arbitrates on every
 * unique index) and the DO UPDATE assignments, bound over the existing row
 * (the target's alias) and the proposed one (EXCLUDED); on a view both
 * have the view's columns (bind_viewdml.c). Execution: exec_upsert.c.
 */
#include "sql/engine_int.h"

#include <stdio.h>
#include <string.h>

static bool real_unique(const struct sql_table_desc *t, const struct sql_idx_desc *ix)
{
    if (!ix->unique && !ix->primary)
        return false;
    for (int k = 0; k < ix->ncols; k++) {
        if (ix->exprs[k] != NULL)
            continue; /* an expression column (index_expr.c) */
        const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[k]);
        if (c == NULL || c->hidden)
            return false;
    }
    return true;
}

static void add_arbiter(struct binder *b, struct upsert_plan *u, int pos)
{
    u->arbiters = mem_realloc(b->ctx, u->arbiters, sizeof(int) * (size_t)u->narbiters,
                              sizeof(int) * (size_t)(u->narbiters + 1));
    u->arbiters[u->narbiters++] = pos;
}

/* [existing row as alias, EXCLUDED] over the base table */
static struct scope *upsert_scope(struct binder *b, const struct sql_table_desc *t,
                                  const char *alias)
{
    struct scope *s = eng__table_scope(b, t, alias);
    struct scope *x = eng__table_scope(b, t, "excluded");
    struct rte *rtes = mem_alloc0(b->ctx, sizeof *rtes * 2);
    rtes[0] = s->rtes[0];
    rtes[1] = x->rtes[0];
    rtes[1].off = t->ncols;
    rtes[1].table_oid = 0;
    rtes[1].relname = NULL;
    s->rtes = rtes;
    s->nrtes = 2;
    s->cap = 2;
    s->width = 2 * t->ncols;
    return s;
}

static int infer_arbiters(struct binder *b, const struct sql_stmt *st,
                          const struct sql_table_desc *t, const char *alias, struct upsert_plan *u,
                          struct err *e)
{
    const __typeof__(st->u.insert.on_conflict) *oc = &st->u.insert.on_conflict;
    if (oc->constraint != NULL) {
        for (int i = 0; i < t->nidx; i++)
            if (t->idx[i].constraint && strcmp(t->idx[i].name, oc->constraint) == 0 &&
                real_unique(t, &t->idx[i])) {
                add_arbiter(b, u, i);
                return 0;
            }
        for (int i = 0; i < t->nchecks; i++)
            if (strcmp(t->checks[i].name, oc->constraint) == 0)
                return eng__err(e, -1, ERR_INVAL, "42809",
                                "constraint in ON CONFLICT clause has no associated index");
        return eng__err(e, -1, ERR_NOTFOUND, "42704",
                        "constraint \"%s\" for table \"%s\" does not exist", oc->constraint,
                        t->name);
    }
    if (oc->infer.n == 0) {
        if (oc->do_update)
            return eng__err(e, oc->location, ERR_INVAL, "42601",
                            "ON CONFLICT DO UPDATE requires inference specification or constraint "
                            "name" ENG_HINT_SEP "For example, ON CONFLICT (column_name).");
        u->all_unique = true;
        for (int i = 0; i < t->nidx; i++)
            if (real_unique(t, &t->idx[i]))
                add_arbiter(b, u, i);
        return 0;
    }
    uint32_t ids[SQL_MAX_INDEX_COLS * 4];
    int nids = 0;
    /* expression elements, bound over the table's columns at slot 0 as the
     * index's own expressions are (plan_idxexpr.c), compared as
     * PostgreSQL's infer_arbiter_indexes does (list_member / equal) */
    struct bx **ixs = mem_alloc0(b->ctx, sizeof *ixs * (size_t)(oc->infer.n + 1));
    int nixs = 0;
    for (int k = 0; k < oc->infer.n; k++) {
        const struct sql_index_elem *ie = oc->infer.items[k];
        if (ie->name == NULL && b->vdml != NULL)
            return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                            "ON CONFLICT with an index expression on a view is not supported");
        if (ie->name == NULL) {
            struct scope *s = eng__table_scope(b, t, alias);
            s->agg_forbidden = "index expressions";
            struct bx *x = NULL;
            int rc = eng__bind_expr(b, s, ie->expr, &x, e);
            if (rc != 0)
                return rc;
            bool dup = false;
            for (int j = 0; j < nixs && !dup; j++)
                dup = eng__bx_equal(ixs[j], x);
            if (!dup)
                ixs[nixs++] = x;
            continue;
        }
        const struct sql_col_desc *c = sql_cat_column(t, ie->name);
        if ((c == NULL || c->hidden) && b->vdml == NULL) {
            /* bound as PostgreSQL does, over the target and EXCLUDED: the
             * 42703 with its hint naming the closest columns */
            struct sql_expr ref = {.kind = SQL_EXPR_COLUMN, .location = oc->infer_location};
            void *field = ie->name;
            ref.u.column.fields.n = 1;
            ref.u.column.fields.items = &field;
            struct bx *x = NULL;
            /* the hint also names EXCLUDED's columns with DO UPDATE (its entry
             * exists then, though only the target resolves names here) */
            struct scope *s =
                oc->do_update ? upsert_scope(b, t, alias) : eng__table_scope(b, t, alias);
            int rc = eng__bind_expr(b, s, &ref, &x, e);
            if (rc != 0)
                return rc;
        }
        if (c == NULL || c->hidden)
            return eng__err(e, oc->infer_location, ERR_NOTFOUND, "42703",
                            "column \"%s\" does not exist", ie->name);
        bool dup = false;
        for (int j = 0; j < nids; j++)
            dup = dup || ids[j] == c->id;
        if (!dup && nids < (int)(sizeof ids / sizeof ids[0]))
            ids[nids++] = c->id;
    }
    struct bx **wq = NULL; /* the conjuncts of the target's WHERE */
    int nwq = 0, wcap = 0;
    if (oc->infer_where != NULL) {
        /* a partial index is an arbiter when this predicate implies its
         * own (plan_idxpred.c); full indexes always are */
        /* on a view: over its columns, expressions of the base row */
        struct scope *s = b->vdml != NULL ? b->vdml->scope : eng__table_scope(b, t, alias);
        struct bx *w;
        s->agg_forbidden = "index predicates";
        int rc = eng__bind_bool(b, s, oc->infer_where, "WHERE", &w, e);
        s->agg_forbidden = NULL;
        if (rc != 0)
            return rc;
        eng__conjuncts(b->ctx, w, &wq, &nwq, &wcap);
    }
    for (int i = 0; i < t->nidx; i++) {
        const struct sql_idx_desc *ix = &t->idx[i];
        if (!real_unique(t, ix))
            continue;
        if (ix->pred != NULL && (nwq == 0 || !eng__idx_pred_implied(b, t, i, 0, wq, nwq, NULL)))
            continue;
        /* the plain key columns are exactly the inferred columns */
        bool all = true;
        for (int k = 0; k < ix->ncols && all; k++) {
            if (ix->exprs[k] != NULL)
                continue;
            bool in = false;
            for (int j = 0; j < nids; j++)
                in = in || ix->col_ids[k] == ids[j];
            all = in;
        }
        for (int j = 0; j < nids && all; j++) {
            bool in = false;
            for (int k = 0; k < ix->ncols; k++)
                in = in || (ix->exprs[k] == NULL && ix->col_ids[k] == ids[j]);
            all = in;
        }
        /* every inferred expression is a key expression and every key
         * expression is inferred */
        struct bx *kx[SQL_MAX_INDEX_COLS];
        int nkx = 0;
        for (int k = 0; k < ix->ncols && all; k++) {
            if (ix->exprs[k] == NULL)
                continue;
            kx[nkx] = eng__idx_expr_bx(b, t, i, k, 0);
            all = kx[nkx] != NULL;
            nkx++;
        }
        for (int j = 0; j < nixs && all; j++) {
            bool in = false;
            for (int k = 0; k < nkx && !in; k++)
                in = eng__bx_equal(kx[k], ixs[j]);
            all = in;
        }
        for (int k = 0; k < nkx && all; k++) {
            bool in = false;
            for (int j = 0; j < nixs && !in; j++)
                in = eng__bx_equal(kx[k], ixs[j]);
            all = in;
        }
        if (all)
            add_arbiter(b, u, i);
    }
    return 0; /* none: no_arbiter(), after the SET list is bound */
}

/* PostgreSQL's planner (infer_arbiter_indexes) finds no arbiter after parse
 * analysis has bound the whole statement. */
static int no_arbiter(const struct sql_stmt *st, const struct upsert_plan *u, struct err *e)
{
    if (st->u.insert.on_conflict.constraint != NULL || st->u.insert.on_conflict.infer.n == 0 ||
        u->narbiters > 0)
        return 0;
    return eng__err(e, -1, ERR_INVAL, "42P10",
                    "there is no unique or exclusion constraint matching the ON CONFLICT "
                    "specification");
}

/* A target named "excluded" (no alias): "excluded.x" in DO UPDATE names
 * both it and EXCLUDED (PostgreSQL's 42712). */
static bool excluded_ref(struct sql_expr *x, bool known, void *arg)
{
    (void)known;
    int *loc = arg;
    if (*loc < 0 && x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n >= 2 &&
        strcmp(x->u.column.fields.items[x->u.column.fields.n - 2], "excluded") == 0)
        *loc = x->location >= 0 ? x->location : 0;
    return true;
}

static int excluded_ambiguous(const struct sql_stmt *st, struct err *e)
{
    const __typeof__(st->u.insert.on_conflict) *oc = &st->u.insert.on_conflict;
    int loc = -1;
    for (int i = 0; i < oc->set.n && loc < 0; i++) {
        const struct sql_target *tg = oc->set.items[i];
        if (tg->val != NULL)
            sql_expr_walk(tg->val, excluded_ref, &loc);
    }
    if (loc < 0 && oc->where != NULL)
        sql_expr_walk(oc->where, excluded_ref, &loc);
    if (loc < 0)
        return 0;
    return eng__err(e, loc, ERR_INVAL, "42712", "table reference \"excluded\" is ambiguous");
}

static void type_name(uint32_t t, int32_t tm, char *buf, size_t cap)
{
    struct sbuf sb;
    sbuf_init(&sb);
    sql_type_format(t, tm, &sb);
    snprintf(buf, cap, "%s", sb.data ? sb.data : "");
    sbuf_free(&sb);
}

static int assign(struct binder *b, struct bx *x, const struct sql_col_desc *col, struct bx **out,
                  struct err *e)
{
    if (x->type != SQL_T_UNKNOWN && x->type != col->type &&
        sql_cast_context(x->type, col->type) != SQL_CAST_IMPLICIT &&
        sql_cast_context(x->type, col->type) != SQL_CAST_ASSIGNMENT) {
        char a[128], c[128];
        type_name(col->type, -1, c, sizeof c);
        type_name(x->type, -1, a, sizeof a);
        return eng__err(e, x->location, ERR_INVAL, "42804",
                        "column \"%s\" is of type %s but expression is of type %s" ENG_HINT_SEP
                        "You will need to rewrite or cast the expression.",
                        col->name, c, a);
    }
    int rc = eng__coerce(b, x, col->type, col->typmod, COERCE_ASSIGNMENT, out, e);
    if (rc == 0 && col->domain != 0)
        rc = eng__domain_wrap(b, *out, col->domain, out, e);
    return rc;
}

/* DO UPDATE SET a[i] = v / c.f = v (bind_assign.c): *set the column's new
 * value, chained onto a previous assignment to parts of it. */
static int set_indir(struct binder *b, struct scope *s, struct scope *bs, const char *alias,
                     const struct sql_col_desc *col, const struct sql_target *tg, struct bx **set,
                     struct err *e)
{
    struct bx *base = *set;
    if (base != NULL && col->domain != 0 && base->kind == BX_FUNC &&
        strcmp(base->u.fn.name, "sf_domain_check") == 0)
        base = base->u.fn.args[0];
    if (base != NULL && !eng__is_assign_indir(base))
        return eng__err(e, -1, ERR_INVAL, "42601", "multiple assignments to same column \"%s\"",
                        tg->name);
    if (tg->val->kind == SQL_EXPR_DEFAULT)
        return eng__err(e, tg->location, ERR_UNSUPPORTED, "0A000",
                        ((const struct sql_indir *)tg->indirection.items[0])->kind ==
                                SQL_INDIR_FIELD
                            ? "cannot set a subfield to DEFAULT"
                            : "cannot set an array element to DEFAULT");
    int rc;
    if (base == NULL) {
        struct sql_expr *ref = mem_alloc0(b->ctx, sizeof *ref);
        ref->kind = SQL_EXPR_COLUMN;
        ref->location = -1;
        ref->u.column.fields.n = 2;
        ref->u.column.fields.items = mem_alloc(b->ctx, sizeof(void *) * 2);
        ref->u.column.fields.items[0] = (void *)alias;
        ref->u.column.fields.items[1] = (void *)col->name;
        if ((rc = eng__bind_expr(b, bs, ref, &base, e)) != 0)
            return rc;
    }
    struct bx *v;
    s->agg_forbidden = "UPDATE";
    rc = eng__bind_expr(b, s, tg->val, &v, e);
    s->agg_forbidden = NULL;
    if (rc == 0)
        rc = eng__bind_assign_indir(b, s, col, base, &tg->indirection, v, tg->location,
                                    tg->location, set, e);
    if (rc == 0 && col->generated) /* after the target is analysed, as PostgreSQL */
        return eng__err(e, -1, ERR_INVAL, "428C9",
                        "column \"%s\" can only be updated to DEFAULT" ENG_DETAIL_SEP
                        "Column \"%s\" is a generated column.",
                        col->name, col->name);
    if (rc == 0 && col->domain != 0)
        rc = eng__domain_wrap(b, *set, col->domain, set, e);
    return rc;
}

int eng__plan_upsert(struct binder *b, const struct sql_stmt *st, const struct sql_table_desc *t,
                     const char *alias, struct pnode *m, struct err *e)
{
    const __typeof__(st->u.insert.on_conflict) *oc = &st->u.insert.on_conflict;
    struct upsert_plan *u = mem_alloc0(b->ctx, sizeof *u);
    u->do_update = oc->do_update;
    int rc = infer_arbiters(b, st, t, alias, u, e);
    if (rc != 0)
        return rc;
    m->u.modify.upsert = u;
    if (!oc->do_update)
        return no_arbiter(st, u, e);
    if (strcmp(alias != NULL ? alias : t->name, "excluded") == 0 &&
        (rc = excluded_ambiguous(st, e)) != 0)
        return rc;
    /* [existing row as alias, EXCLUDED] */
    struct scope *s = upsert_scope(b, t, alias);
    struct rte *rtes = s->rtes;
    struct scope *bs = s; /* the base table's columns: SET a[i] = v's old a */
    if (b->vdml != NULL) {
        /* a view: the existing row and EXCLUDED have the view's columns,
         * expressions over the base row and the proposed one
         * (PostgreSQL's rewriteTargetView for ON CONFLICT) */
        bs = b->vdml->base_scope;
        rtes[0] = b->vdml->scope->rtes[0];
        rtes[1] = rtes[0];
        rtes[1].alias = "excluded";
        rtes[1].relname = NULL;
        rtes[1].off = t->ncols;
        rtes[1].vexprs = eng__view_exprs_at(b, t->ncols);
        rtes[1].rowtype = 0;
    }
    u->set = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(t->ncols + 1));
    for (int i = 0; i < oc->set.n; i++) {
        const struct sql_target *tg = oc->set.items[i];
        const struct sql_col_desc *col = sql_cat_column(t, tg->name);
        if (col == NULL || col->hidden)
            return eng__err(e, tg->location, ERR_NOTFOUND, "42703",
                            "column \"%s\" of relation \"%s\" does not exist", tg->name, t->name);
        int pos = (int)(col - t->cols);
        if (tg->indirection.n > 0) {
            if ((rc = set_indir(b, s, bs, alias, col, tg, &u->set[pos], e)) != 0)
                return rc;
            continue;
        }
        if (u->set[pos] != NULL)
            return eng__err(e, -1, ERR_INVAL, "42601", "multiple assignments to same column \"%s\"",
                            tg->name);
        if (tg->val->kind == SQL_EXPR_DEFAULT) {
            struct bx *d = m->u.modify.defaults[pos];
            if (d == NULL) {
                struct sql_value v = sql_null(col->type);
                d = eng__const(b->ctx, &v, col->typmod);
            }
            u->set[pos] = d;
            continue;
        }
        if (col->identity == 'a' || col->generated)
            return eng__err(e, -1, ERR_INVAL, "428C9",
                            "column \"%s\" can only be updated to DEFAULT" ENG_DETAIL_SEP
                            "Column \"%s\" is %s.",
                            col->name, col->name,
                            col->generated ? "a generated column"
                                           : "an identity column defined as GENERATED ALWAYS");
        struct bx *v;
        s->agg_forbidden = "UPDATE";
        rc = eng__bind_expr(b, s, tg->val, &v, e);
        s->agg_forbidden = NULL;
        if (rc == 0)
            rc = assign(b, v, col, &u->set[pos], e);
        if (rc != 0)
            return rc;
    }
    if (oc->where != NULL) {
        s->agg_forbidden = "WHERE";
        rc = eng__bind_bool(b, s, oc->where, "WHERE", &u->where, e);
        s->agg_forbidden = NULL;
        if (rc != 0)
            return rc;
    }
    return no_arbiter(st, u, e);
}
