/* plan_sublink.c — EXISTS / NOT EXISTS / IN (subquery) in WHERE pulled up
 * into semi and anti joins, as PostgreSQL's pull_up_sublinks
 * (prep/prepjointree.c) with convert_EXISTS_sublink_to_join and
 * convert_ANY_sublink_to_join (plan/subselect.c).
 *
 * A top-level AND conjunct of a level's WHERE (the level has FROM items and
 * no FOR UPDATE), or of an INNER JOIN's ON (referencing only that join's
 * columns; the semi join then sits on that join), is converted when:
 *   EXISTS (q) / NOT EXISTS (q): q is a plain SELECT (no set operation,
 *     VALUES, WITH, GROUP BY, HAVING, aggregates, window functions,
 *     set-returning functions, DISTINCT, ORDER BY, LIMIT/OFFSET, FOR
 *     UPDATE) over base tables, its WHERE references the level's columns
 *     (correlated) and nothing further out, holds no sublink and no
 *     volatile function. It becomes a SEMI (ANTI) join of the FROM tree
 *     with q's tables, q's WHERE the join's quals (inner_col = outer_expr
 *     conjuncts turn into hash keys or index lookups in plan_join).
 *   x IN (SELECT y FROM ...): the same shape of q, uncorrelated, one
 *     output column of a known type, x referencing the level's columns:
 *     a SEMI join whose quals are q's WHERE and x = y.
 * An EXISTS query's WHERE conjuncts that hold sublinks reading none of the
 * query's own columns move up to the level's WHERE instead (split_moved),
 * as PostgreSQL pulls nested EXISTS / NOT EXISTS out of a semi join's quals.
 * Anything else stays a SubPlan. NOT IN is never converted (its NULL
 * semantics differ), as in PostgreSQL.
 *
 * The subquery's FROM items and WHERE are bound in a child scope whose
 * slots continue the level's full-width row (c->width starts at s->width),
 * so its own columns get their final slots; references to the level (level
 * 1 there) become level 0. The level's width grows by those slots at once;
 * the rtes join s's list (hidden from name lookup) only when the join tree
 * is planned (eng__pullup_attach), after the level's own names were bound.
 * Any error while binding a candidate abandons its conversion: the normal
 * path binds it again and reports the error where PostgreSQL does.
 */
#include "sql/engine_int.h"

#include <string.h>

struct pu_item {
    struct scope *c; /* the subquery's FROM items (rtes), slots in the level's row */
    struct jt *tree;
    struct bx *on;
    enum sql_join_type type;
    /* EXISTS: conjuncts of q's WHERE holding sublinks that read none of q's
     * own columns, moved up to the level's WHERE (not bound here) */
    struct sql_expr **moved;
    int nmoved;
};

struct eng_pullup {
    struct pu_item *items;
    int n;
};

/* LIMIT of a constant > 0 or NULL (LIMIT ALL) does not change EXISTS:
 * PostgreSQL's simplify_EXISTS_query drops it. */
static bool limit_harmless(const struct sql_expr *l)
{
    if (l == NULL)
        return true;
    if (l->kind != SQL_EXPR_CONST)
        return false;
    if (l->u.c.kind == SQL_CONST_NULL)
        return true;
    return (l->u.c.kind == SQL_CONST_INT4 || l->u.c.kind == SQL_CONST_INT8) && l->u.c.ival > 0;
}

/* EXISTS ignores the target list, DISTINCT and GROUP BY (without
 * aggregates or HAVING) as simplify_EXISTS_query does; GROUP BY only of
 * plain columns under constant targets here (nothing else to check). */
static bool exists_grouping_ok(const struct sql_select *q)
{
    if (q->group_by.n == 0)
        return true;
    for (int i = 0; i < q->group_by.n; i++) {
        const struct sql_expr *g = q->group_by.items[i];
        if (g->kind != SQL_EXPR_COLUMN || g->u.column.star)
            return false;
    }
    for (int i = 0; i < q->targets.n; i++) {
        const struct sql_target *t = q->targets.items[i];
        if (t->val == NULL || t->val->kind != SQL_EXPR_CONST)
            return false;
    }
    return true;
}

bool eng__pullup_simple(const struct sql_select *q, bool exists)
{
    if (q->op != SQL_SETOP_NONE || q->values.n > 0 || q->with != NULL || q->gsets.n > 0 ||
        q->having != NULL || q->windows.n > 0 || q->order_by.n > 0 || q->offset != NULL ||
        q->with_ties || q->locking.n > 0 || q->from.n == 0 || q->distinct_on.n > 0)
        return false;
    if (!exists && (q->distinct || q->group_by.n > 0 || q->limit != NULL))
        return false;
    if (exists && (!limit_harmless(q->limit) || !exists_grouping_ok(q)))
        return false;
    for (int i = 0; i < q->from.n; i++) {
        const struct sql_from *f = q->from.items[i];
        if (f->kind != SQL_FROM_TABLE)
            return false;
    }
    return true;
}

static bool has_sublink_fn(struct sql_expr *x, bool known, void *arg)
{
    (void)known;
    if (x->kind == SQL_EXPR_SUBLINK)
        *(bool *)arg = true;
    return true;
}

static bool has_sublink(const struct sql_expr *x)
{
    bool found = false;
    sql_expr_walk((struct sql_expr *)x, has_sublink_fn, &found);
    return found;
}

void eng__ast_conjuncts(struct binder *b, struct sql_expr *x, struct sql_expr ***list, int *n)
{
    if (x->kind == SQL_EXPR_AND) {
        for (int i = 0; i < x->u.args.n; i++)
            eng__ast_conjuncts(b, x->u.args.items[i], list, n);
        return;
    }
    *list =
        mem_realloc(b->ctx, *list, sizeof **list * (size_t)*n, sizeof **list * (size_t)(*n + 1));
    (*list)[(*n)++] = x;
}

struct sql_expr *eng__ast_and(struct binder *b, struct sql_expr **xs, int n, int location)
{
    if (n == 0)
        return NULL;
    if (n == 1)
        return xs[0];
    struct sql_expr *a = mem_alloc0(b->ctx, sizeof *a);
    a->kind = SQL_EXPR_AND;
    a->location = location;
    a->u.args.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)n);
    memcpy(a->u.args.items, xs, sizeof(void *) * (size_t)n);
    a->u.args.n = n;
    return a;
}

/* PostgreSQL's pull_up_sublinks_qual_recurse on a semi join's quals: a
 * conjunct of an EXISTS query's WHERE that holds sublinks and reads none of
 * the query's own columns (bound in c to see: no reference noted at c, no
 * aggregate of c, no volatile function) moves up to the level's WHERE, where
 * it is bound again (a NOT EXISTS there may become an anti join); the rest
 * stays the semi join's quals. EXISTS (q WHERE p AND m) = m AND EXISTS (q
 * WHERE p) when m does not read q. False when a sublink conjunct reads q. */
static bool split_moved(struct binder *b, struct scope *c, struct sql_expr *where,
                        struct sql_expr **keep, struct pu_item *it)
{
    struct sql_expr **cj = NULL;
    int n = 0, nk = 0;
    eng__ast_conjuncts(b, where, &cj, &n);
    struct sql_expr **kept = mem_alloc(b->ctx, sizeof *kept * (size_t)n);
    for (int i = 0; i < n; i++) {
        if (!has_sublink(cj[i])) {
            kept[nk++] = cj[i];
            continue;
        }
        int nup = c->nuprefs, nagg = c->naggs, nvol = b->nvolatile;
        struct err e2 = {0};
        struct bx *x;
        c->agg_forbidden = "WHERE";
        int rc = eng__bind_bool(b, c, cj[i], "WHERE", &x, &e2);
        c->agg_forbidden = NULL;
        if (rc != 0 || c->nuprefs != nup || c->naggs != nagg || b->nvolatile != nvol)
            return false;
        it->moved = mem_realloc(b->ctx, it->moved, sizeof *it->moved * (size_t)it->nmoved,
                                sizeof *it->moved * (size_t)(it->nmoved + 1));
        it->moved[it->nmoved++] = cj[i];
    }
    *keep = eng__ast_and(b, kept, nk, where->location);
    return true;
}

struct pu_check {
    int outer_refs; /* level 1 references */
    int olo, ohi;   /* their slots */
    int deep_refs;  /* references beyond it */
    bool bad;       /* sublinks, volatile functions, aggregates */
};

static bool check_fn(struct bx *x, void *arg)
{
    struct pu_check *k = arg;
    switch (x->kind) {
    case BX_COL:
        if (x->u.col.level == 1) {
            if (k->outer_refs == 0 || x->u.col.idx < k->olo)
                k->olo = x->u.col.idx;
            if (k->outer_refs == 0 || x->u.col.idx > k->ohi)
                k->ohi = x->u.col.idx;
            k->outer_refs++;
        } else if (x->u.col.level > 1)
            k->deep_refs++;
        break;
    case BX_FUNC:
        if (x->u.fn.m == NULL || x->u.fn.m->def == NULL || x->u.fn.m->def->volatility == 'v')
            k->bad = true;
        break;
    case BX_SUBLINK:
    case BX_SUBVAL:
    case BX_AGG:
    case BX_WINDOW:
    case BX_ERROR:
        k->bad = true;
        break;
    default:
        break;
    }
    return k->bad;
}

static bool lift_fn(struct bx *x, void *arg)
{
    (void)arg;
    if (x->kind == BX_COL && x->u.col.level >= 1)
        x->u.col.level--;
    return false;
}

/* Try to convert the sublink query q (test: the IN operand, or NULL for
 * EXISTS); true with *it filled. */
static bool try_convert(struct binder *b, struct scope *s, const struct sql_select *q,
                        const struct sql_expr *test, bool anti, int location, int lo, int hi,
                        struct pu_item *it)
{
    if (!eng__pullup_simple(q, test == NULL))
        return false;
    if (test == NULL && q->where == NULL)
        return false; /* uncorrelated EXISTS: an InitPlan in PostgreSQL */
    if (test != NULL && (q->targets.n != 1 || test->kind == SQL_EXPR_ROW))
        return false;
    struct scope saved = *s;
    int saved_sub = b->nsublinks;
    struct err e2 = {0};
    struct scope *c = mem_alloc0(b->ctx, sizeof *c);
    c->parent = s;
    c->width = s->width;
    struct jt *tree = NULL;
    bool ok = false;
    for (int i = 0; i < q->from.n; i++) {
        struct jt *j;
        if (eng__jt_from_item(b, c, q->from.items[i], &j, &e2) != 0 || !eng__jt_is_table(j))
            goto out;
        tree = tree == NULL ? j : eng__jt_join(b, tree, j, SQL_JOIN_INNER, NULL);
    }
    struct bx *w = NULL;
    struct sql_expr *qwhere = q->where;
    it->moved = NULL;
    it->nmoved = 0;
    const char *saf = s->agg_forbidden;
    s->agg_forbidden = "WHERE";
    if (test == NULL && !anti && lo < 0 && qwhere != NULL && has_sublink(qwhere) &&
        (!split_moved(b, c, qwhere, &qwhere, it) || qwhere == NULL)) {
        s->agg_forbidden = saf;
        goto out;
    }
    c->agg_forbidden = "WHERE";
    int rc = qwhere != NULL ? eng__bind_bool(b, c, qwhere, "WHERE", &w, &e2) : 0;
    c->agg_forbidden = NULL;
    struct tlist tl = {0};
    if (rc == 0) {
        c->allow_aggs = true;
        c->allow_windows = true;
        c->allow_srfs = true;
        rc = eng__bind_targets(b, c, &q->targets, &tl, &e2);
        c->allow_aggs = false;
        c->allow_windows = false;
        c->allow_srfs = false;
    }
    s->agg_forbidden = saf;
    for (int i = 0; rc == 0 && i < q->group_by.n; i++) { /* only for its errors */
        struct bx *g;
        rc = eng__bind_expr(b, c, q->group_by.items[i], &g, &e2);
    }
    if (rc != 0 || c->naggs > 0 || c->nwins > 0 || c->nsrfs > 0)
        goto out;
    struct pu_check k = {0};
    eng__bx_walk(w, check_fn, &k);
    if (k.bad)
        goto out;
    struct bx *eq = NULL;
    if (test == NULL) {
        if (k.outer_refs == 0 || (lo >= 0 && (k.olo < lo || k.ohi >= hi)))
            goto out;
    } else {
        if (k.outer_refs > 0 || tl.n != 1)
            goto out;
        struct pu_check kt = {0};
        eng__bx_walk(tl.x[0], check_fn, &kt);
        if (kt.bad || kt.outer_refs > 0 || kt.deep_refs > 0 || tl.x[0]->type == SQL_T_UNKNOWN)
            goto out;
        struct bx *tb;
        if (eng__bind_expr(b, s, test, &tb, &e2) != 0)
            goto out;
        int tlo, thi;
        bool outer;
        eng__bx_slots(tb, &tlo, &thi, &outer);
        struct pu_check kx = {0};
        eng__bx_walk(tb, check_fn, &kx);
        if (outer || thi < 0 || kx.bad || kx.outer_refs > 0 || (lo >= 0 && (tlo < lo || thi >= hi)))
            goto out;
        if (eng__make_op(b, "=", tb, tl.x[0], location, &eq, &e2) != 0 || eq->type != SQL_T_BOOL)
            goto out;
    }
    eng__bx_walk(w, lift_fn, NULL);
    if (k.deep_refs > 0) /* the level now reads its own outer levels */
        saved.correlated = true;
    struct bx *parts[2];
    int np = 0;
    if (w != NULL)
        parts[np++] = w;
    if (eq != NULL)
        parts[np++] = eq;
    it->c = c;
    it->tree = tree;
    it->on = eng__and_list(b->ctx, parts, np);
    it->type = anti ? SQL_JOIN_ANTI : SQL_JOIN_SEMI;
    saved.width = c->width; /* the subquery's slots are the level's now */
    ok = true;
out:
    *s = saved;
    if (!ok)
        b->nsublinks = saved_sub;
    return ok;
}

static struct sql_expr *true_expr(struct binder *b, int location)
{
    struct sql_expr *t = mem_alloc0(b->ctx, sizeof *t);
    t->kind = SQL_EXPR_CONST;
    t->location = location;
    t->u.c.kind = SQL_CONST_BOOL;
    t->u.c.bval = true;
    return t;
}

/* The conjunct x converted? */
static bool convert_one(struct binder *b, struct scope *s, const struct sql_expr *x, int lo, int hi,
                        struct eng_pullup *pu, struct sql_expr **moved)
{
    *moved = NULL;
    bool anti = false;
    if (x->kind == SQL_EXPR_NOT && x->u.args.n == 1) {
        anti = true;
        x = x->u.args.items[0];
        if (x->kind != SQL_EXPR_SUBLINK || x->u.sublink.kind != SQL_SUBLINK_EXISTS)
            return false;
    }
    if (x->kind != SQL_EXPR_SUBLINK)
        return false;
    const struct sql_expr *test = NULL;
    if (x->u.sublink.kind == SQL_SUBLINK_ANY) {
        if (x->u.sublink.op == NULL || strcmp(x->u.sublink.op, "=") != 0 ||
            x->u.sublink.test == NULL)
            return false;
        test = x->u.sublink.test;
    } else if (x->u.sublink.kind != SQL_SUBLINK_EXISTS) {
        return false;
    }
    struct pu_item it;
    if (!try_convert(b, s, x->u.sublink.query, test, anti, x->location, lo, hi, &it))
        return false;
    pu->items = mem_realloc(b->ctx, pu->items, sizeof *pu->items * (size_t)pu->n,
                            sizeof *pu->items * (size_t)(pu->n + 1));
    pu->items[pu->n++] = it;
    for (int i = 0; i < it.nmoved; i++) { /* a moved NOT EXISTS may become an anti join */
        struct sql_expr *m2;
        if (convert_one(b, s, it.moved[i], lo, hi, pu, &m2))
            it.moved[i] = m2 != NULL ? m2 : true_expr(b, it.moved[i]->location);
    }
    *moved = eng__ast_and(b, it.moved, it.nmoved, x->location);
    return true;
}

const struct sql_expr *eng__pullup_where(struct binder *b, struct scope *s,
                                         const struct sql_expr *where, int lo, int hi,
                                         struct eng_pullup **out)
{
    *out = NULL;
    if (b->view_deps != NULL || where == NULL)
        return where;
    struct eng_pullup *pu = mem_alloc0(b->ctx, sizeof *pu);
    const struct sql_expr *res = where;
    if (where->kind == SQL_EXPR_AND) {
        struct sql_expr *copy = NULL;
        for (int i = 0; i < where->u.args.n; i++) {
            const struct sql_expr *a = where->u.args.items[i];
            struct sql_expr *moved;
            if (!convert_one(b, s, a, lo, hi, pu, &moved))
                continue;
            if (copy == NULL) {
                copy = mem_alloc(b->ctx, sizeof *copy);
                *copy = *where;
                copy->u.args.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)where->u.args.n);
                memcpy(copy->u.args.items, where->u.args.items,
                       sizeof(void *) * (size_t)where->u.args.n);
            }
            copy->u.args.items[i] = moved != NULL ? moved : true_expr(b, a->location);
        }
        if (copy != NULL)
            res = copy;
    } else {
        struct sql_expr *moved;
        if (convert_one(b, s, where, lo, hi, pu, &moved))
            res = moved != NULL ? moved : true_expr(b, where->location);
    }
    if (pu->n > 0)
        *out = pu;
    return res;
}

struct jt *eng__pullup_attach(struct binder *b, struct scope *s, struct eng_pullup *pu,
                              struct jt *root)
{
    for (int i = 0; i < pu->n; i++) {
        struct pu_item *it = &pu->items[i];
        int shift = s->nrtes;
        int need = s->nrtes + it->c->nrtes;
        if (need > s->cap) {
            s->rtes = mem_realloc(b->ctx, s->rtes, sizeof *s->rtes * (size_t)s->cap,
                                  sizeof *s->rtes * (size_t)need);
            s->cap = need;
        }
        for (int r = 0; r < it->c->nrtes; r++) {
            s->rtes[s->nrtes] = it->c->rtes[r];
            s->rtes[s->nrtes].alias_hidden = true; /* not SELECT *, not found by name */
            s->rtes[s->nrtes].pulled = true;
            for (int k = 0; k < it->c->rtes[r].ncols; k++)
                s->rtes[s->nrtes].hidden[k] = true;
            s->nrtes++;
        }
        eng__jt_shift_rtes(it->tree, shift);
        root = eng__jt_join(b, root, it->tree, it->type, it->on);
    }
    return root;
}
