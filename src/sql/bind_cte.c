/* bind_cte.c — WITH queries of a SELECT: the list of queries in scope
 * (b->ctes) and WITH RECURSIVE, as PostgreSQL's parse_cte.c checks it.
 *
 * A non-recursive WITH query is planned as a subquery at each reference
 * (bind_select.c). A WITH RECURSIVE query that references itself must be
 * "non-recursive term UNION [ALL] recursive term"; each reference plans a
 * PN_RECUNION node (exec_recursive.c) whose recursive term reads the
 * node's working table through a PN_WORKTAB leaf. The query is planned
 * once when the WITH is bound, so its errors (42P19) come even when it is
 * never referenced, and again at each reference with a fresh working table
 * id.
 */
#include "sql/engine_int.h"

#include <stdio.h>
#include <string.h>

static const struct sql_select *cte_select(const struct cte_ref *c)
{
    return c->cte->query->u.select;
}

/* Coerce the recursive term's outputs to the non-recursive term's types. */
static int cast_rec_term(struct binder *b, struct pnode **p, const struct sql_column *have,
                         const struct sql_column *want, int n, struct err *e)
{
    bool need = false;
    for (int i = 0; i < n; i++)
        if (have[i].type_oid != want[i].type_oid)
            need = true;
    if (!need)
        return 0;
    struct pnode *pr = mem_alloc0(b->ctx, sizeof *pr);
    pr->kind = PN_PROJECT;
    pr->width = n;
    pr->l = *p;
    pr->est_rows = (*p)->est_rows;
    pr->u.project.exprs = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)(n > 0 ? n : 1));
    pr->u.project.n = n;
    for (int i = 0; i < n; i++) {
        struct bx *c = mem_alloc0(b->ctx, sizeof *c);
        c->kind = BX_COL;
        c->type = have[i].type_oid;
        c->typmod = have[i].typmod;
        c->location = -1;
        c->u.col.idx = i;
        c->u.col.name = have[i].name;
        int rc = eng__coerce(b, c, want[i].type_oid, want[i].typmod, COERCE_IMPLICIT,
                             &pr->u.project.exprs[i], e);
        if (rc != 0)
            return rc;
    }
    *p = pr;
    return 0;
}

/* Plan the two terms of recursive query c (b->ctes must show c). On
 * return c->rec_refs tells whether the recursive term referenced c. */
static int plan_terms_body(struct binder *b, struct scope *parent, struct cte_ref *c, int id,
                           struct pnode **out, struct err *e)
{
    const struct sql_select *q = cte_select(c);
    struct pnode *lp, *rp;
    struct sql_column *lc, *rc_;
    int ln, rn;
    c->rec_state = CTE_IN_NONREC;
    int rc = eng__plan_select(b, parent, q->larg, &lp, &lc, &ln, e);
    bool corr = b->last_correlated;
    if (rc != 0)
        return rc;
    c->rec_cols = lc;
    c->rec_ncols = ln;
    c->rec_state = CTE_IN_REC;
    c->rec_refs = 0;
    c->rec_loc1 = 0;
    c->rec_id = id;
    c->rec_parent = parent;
    rc = eng__plan_select(b, parent, q->rarg, &rp, &rc_, &rn, e);
    if (rc != 0)
        return rc;
    corr = corr || b->last_correlated;
    if (c->rec_refs == 0) {
        *out = NULL;
        return 0;
    }
    if (q->order_by.n > 0) {
        const struct sql_sortby *sb = q->order_by.items[0];
        return eng__err(e, sb->expr ? sb->expr->location : -1, ERR_UNSUPPORTED, "0A000",
                        "ORDER BY in a recursive query is not implemented");
    }
    if (q->offset != NULL)
        return eng__err(e, q->offset->location, ERR_UNSUPPORTED, "0A000",
                        "OFFSET in a recursive query is not implemented");
    if (q->limit != NULL)
        return eng__err(e, q->limit->location, ERR_UNSUPPORTED, "0A000",
                        "LIMIT in a recursive query is not implemented");
    if (q->locking.n > 0)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "FOR UPDATE/SHARE in a recursive query is not implemented");
    if (ln != rn)
        return eng__err(e, -1, ERR_INVAL, "42601",
                        "each UNION query must have the same number of columns");
    for (int i = 0; i < ln; i++) {
        struct bx a = {.kind = BX_COL, .type = lc[i].type_oid, .location = -1};
        struct bx r = {.kind = BX_COL, .type = rc_[i].type_oid, .location = -1};
        struct bx *pair[2] = {&a, &r};
        uint32_t t;
        rc = eng__common_type(pair, 2, "UNION", &t, e);
        if (rc != 0)
            return rc;
        if (t != lc[i].type_oid) {
            const struct sql_select *ls = q->larg;
            while (ls->op != SQL_SETOP_NONE)
                ls = ls->larg;
            int loc = -1;
            if (i < ls->targets.n) {
                const struct sql_target *tg = ls->targets.items[i];
                const struct sql_expr *v = tg->val;
                while (v != NULL && v->kind == SQL_EXPR_CAST && v->u.cast.arg != NULL &&
                       v->u.cast.arg->location >= 0 && v->u.cast.arg->location < v->location)
                    v = v->u.cast.arg; /* exprLocation: the leftmost token */
                loc = v != NULL ? v->location : tg->location;
            }
            struct sbuf l, o;
            sbuf_init(&l);
            sbuf_init(&o);
            sql_type_format(lc[i].type_oid, -1, &l);
            sql_type_format(t, -1, &o);
            rc = eng__err(e, loc, ERR_INVAL, "42804",
                          "recursive query \"%s\" column %d has type %s in non-recursive term but "
                          "type %s overall" ENG_HINT_SEP
                          "Cast the output of the non-recursive term to the correct type.",
                          c->cte->name, i + 1, l.data ? l.data : "", o.data ? o.data : "");
            sbuf_free(&l);
            sbuf_free(&o);
            return rc;
        }
    }
    if ((rc = cast_rec_term(b, &rp, rc_, lc, ln, e)) != 0)
        return rc;
    struct pnode *p = mem_alloc0(b->ctx, sizeof *p);
    p->kind = PN_RECUNION;
    p->width = ln;
    p->l = lp;
    p->r = rp;
    p->est_rows = lp->est_rows * 10 + 10;
    p->u.rec.id = id;
    p->u.rec.ncols = ln;
    p->u.rec.all = q->all;
    p->u.rec.name = c->cte->name;
    b->last_correlated = corr;
    *out = p;
    return 0;
}

/* plan_terms_body with no outer join / INTERSECT / EXCEPT context: the
 * WITH RECURSIVE may sit inside one (a subquery on a join's nullable side). */
static int plan_terms(struct binder *b, struct scope *parent, struct cte_ref *c, int id,
                      struct pnode **out, struct err *e)
{
    const char *rw = b->rec_within;
    b->rec_within = NULL;
    int rc = plan_terms_body(b, parent, c, id, out, e);
    b->rec_within = rw;
    return rc;
}

int eng__cte_analyze(struct binder *b, struct scope *parent, struct cte_ref *c, struct err *e)
{
    const struct sql_select *q = cte_select(c);
    int rc;
    if (q->op != SQL_SETOP_UNION) {
        /* no recursion possible: a self-reference is an error */
        c->rec_state = CTE_NOFORM;
        struct pnode *p;
        struct sql_column *cols;
        int n;
        rc = eng__plan_select(b, parent, q, &p, &cols, &n, e);
        c->rec_state = CTE_PLAIN;
        return rc;
    }
    struct pnode *p;
    rc = plan_terms(b, parent, c, b->nworktables++, &p, e);
    c->rec_state = p != NULL ? CTE_RECURSIVE : CTE_PLAIN;
    if (rc != 0)
        c->rec_state = CTE_PLAIN;
    return rc;
}

/* Push WITH query c of w on b->ctes (above the queries pushed so far) and,
 * in WITH RECURSIVE, analyze it. */
static int push_one(struct binder *b, struct scope *parent, const struct sql_with *w, int idx,
                    struct cte_ref *saved, struct err *e)
{
    const struct sql_cte *c = w->ctes.items[idx];
    if (c->query == NULL || c->query->kind != SQL_STMT_SELECT) {
        /* an INSERT's source (keep_unknown), a subquery or a WITH query's
         * body is not the top level */
        if (parent != NULL || b->keep_unknown || b->cte_depth > 0 || w != b->top_with)
            return eng__err(e, c->location, ERR_UNSUPPORTED, "0A000",
                            "WITH clause containing a data-modifying statement must be at the top "
                            "level");
    } else {
        int rc = eng__dml_nested_check(c->query->u.select, e);
        if (rc != 0)
            return rc;
    }
    for (struct cte_ref *o = b->ctes; o != saved; o = o->up)
        if (strcmp(o->cte->name, c->name) == 0)
            return eng__err(e, c->location, ERR_INVAL, "42712",
                            "WITH query name \"%s\" specified more than once", c->name);
    struct cte_ref *r = mem_alloc0(b->ctx, sizeof *r);
    r->cte = c;
    r->up = b->ctes;
    r->with = w;
    r->with_idx = idx;
    r->with_parent = parent;
    if (c->query != NULL && c->query->kind != SQL_STMT_SELECT) {
        int rc = eng__dml_cte_plan(b, r, w->recursive, e);
        if (rc != 0)
            return rc;
        b->ctes = r;
        return 0;
    }
    b->ctes = r;
    if (c->search != NULL || c->cycle != NULL) {
        int rc = eng__cte_search_cycle(b, parent, r, w->recursive, e);
        b->ctes = r;
        return rc;
    }
    if (w->recursive) {
        int rc = eng__cte_analyze(b, parent, r, e);
        b->ctes = r;
        return rc;
    }
    return 0;
}

/* Whether e is 42P01 'relation "X" does not exist' for X the name of a
 * WITH query of w not pushed yet (done[i] false). */
static bool missing_later_cte(const struct sql_with *w, const bool *done, int self,
                              const struct err *e)
{
    if (strcmp(err_sqlstate(e), "42P01") != 0)
        return false;
    for (int i = 0; i < w->ctes.n; i++) {
        const struct sql_cte *c = w->ctes.items[i];
        if (done[i] || i == self)
            continue;
        char want[SQL_NAME_BUF + 32];
        snprintf(want, sizeof want, "relation \"%s\" does not exist", c->name);
        size_t n = strlen(want);
        if (strncmp(e->msg, want, n) == 0 && (e->msg[n] == '\0' || e->msg[n] == '\n'))
            return true;
    }
    return false;
}

int eng__with_push(struct binder *b, struct scope *parent, const struct sql_with *w,
                   struct cte_ref **saved, struct err *e)
{
    *saved = b->ctes;
    if (!w->recursive || w->ctes.n < 2) {
        for (int i = 0; i < w->ctes.n; i++) {
            int rc = push_one(b, parent, w, i, *saved, e);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    /* WITH RECURSIVE: a query may reference later ones. As PostgreSQL's
     * makeDependencyGraph orders them, each is pushed once the queries it
     * reads are: one that fails on a query not pushed yet waits for it, and
     * when none can go on, the ones left reference each other. */
    for (int i = 0; i < w->ctes.n; i++)
        for (int k = 0; k < i; k++) {
            const struct sql_cte *a = w->ctes.items[k], *c = w->ctes.items[i];
            if (strcmp(a->name, c->name) == 0)
                return eng__err(e, c->location, ERR_INVAL, "42712",
                                "WITH query name \"%s\" specified more than once", c->name);
        }
    bool *done = mem_alloc0(b->ctx, sizeof *done * (size_t)w->ctes.n);
    int ndone = 0;
    while (ndone < w->ctes.n) {
        bool progress = false;
        int waiting = -1;
        for (int i = 0; i < w->ctes.n; i++) {
            if (done[i])
                continue;
            struct cte_ref *head = b->ctes;
            int loc = sql_plan_error_location(b->env) - 1;
            int rc = push_one(b, parent, w, i, *saved, e);
            if (rc == 0) {
                done[i] = true;
                ndone++;
                progress = true;
                continue;
            }
            const struct sql_cte *c = w->ctes.items[i];
            if (c->query == NULL || c->query->kind != SQL_STMT_SELECT ||
                !missing_later_cte(w, done, i, e))
                return rc; /* a data-modifying one is planned once, in order */
            err_clear(e);
            eng__set_error_location(loc);
            b->ctes = head;
            if (waiting < 0)
                waiting = i;
        }
        if (!progress) {
            const struct sql_cte *c = w->ctes.items[waiting];
            return eng__err(e, c->location, ERR_UNSUPPORTED, "0A000",
                            "mutual recursion between WITH items is not implemented");
        }
    }
    return 0;
}

bool eng__future_cte(const struct binder *b, const char *name)
{
    const struct cte_ref *c = b->in_cte;
    if (c == NULL || c->with == NULL || c->with->recursive)
        return false;
    for (int i = c->with_idx + 1; i < c->with->ctes.n; i++) {
        const struct sql_cte *f = c->with->ctes.items[i];
        if (strcmp(f->name, name) == 0)
            return true;
    }
    return false;
}

/* Make reference sq (PN_SUBQ over the query's plan) read c's store. */
static void mat_wrap(struct binder *b, struct cte_ref *c, struct pnode *sq,
                     const struct sql_select *owner)
{
    if (sq == NULL || sq->kind != PN_SUBQ || sq->l == NULL || sq->l->kind == PN_CTESCAN)
        return;
    if (c->mat_id1 == 0) {
        c->mat_id1 = ++b->nmat;
        if (b->nmat > b->capmat_owner) {
            int nc = b->capmat_owner ? b->capmat_owner * 2 : 8;
            b->mat_owner =
                mem_realloc(b->ctx, b->mat_owner, sizeof *b->mat_owner * (size_t)b->capmat_owner,
                            sizeof *b->mat_owner * (size_t)nc);
            b->capmat_owner = nc;
        }
        b->mat_owner[b->nmat - 1] = owner;
    }
    struct pnode *m = mem_alloc0(b->ctx, sizeof *m);
    m->kind = PN_CTESCAN;
    m->width = sq->l->width;
    m->l = sq->l;
    m->est_rows = sq->l->est_rows;
    m->u.ctescan.id = c->mat_id1 - 1;
    m->u.ctescan.name = c->cte->name;
    m->u.ctescan.corr = owner != NULL;
    sq->l = m;
}

void eng__cte_sublink_push(struct binder *b, const struct sql_select *q)
{
    if (b->nsl_stack == b->capsl_stack) {
        int nc = b->capsl_stack ? b->capsl_stack * 2 : 8;
        b->sl_stack = mem_realloc(b->ctx, b->sl_stack, sizeof *b->sl_stack * (size_t)b->capsl_stack,
                                  sizeof *b->sl_stack * (size_t)nc);
        b->capsl_stack = nc;
    }
    b->sl_stack[b->nsl_stack++] = q;
}

void eng__cte_sublink_pop(struct binder *b, struct bx *r, int mlo)
{
    const struct sql_select *q = b->sl_stack[--b->nsl_stack];
    if (r == NULL)
        return;
    for (int id = mlo; id < b->nmat; id++) {
        if (b->mat_owner[id] != q)
            continue;
        r->u.sub.mat_reset =
            mem_realloc(b->ctx, r->u.sub.mat_reset, sizeof(int) * (size_t)r->u.sub.nmat_reset,
                        sizeof(int) * (size_t)(r->u.sub.nmat_reset + 1));
        r->u.sub.mat_reset[r->u.sub.nmat_reset++] = id;
    }
}

/* The query of a sublink being bound whose WITH defines c, or NULL. */
static const struct sql_select *sublink_owner(const struct binder *b, const struct cte_ref *c)
{
    for (int i = 0; c->with != NULL && i < b->nsl_stack; i++)
        if (b->sl_stack[i]->with == c->with)
            return b->sl_stack[i];
    return NULL;
}

static bool rec_inside(const struct pnode *p, int id)
{
    if (p == NULL)
        return false;
    return (p->kind == PN_RECUNION && p->u.rec.id == id) || rec_inside(p->l, id) ||
           rec_inside(p->r, id);
}

/* Does plan p read the working table of a recursive union outside it? */
static bool wt_outside(const struct pnode *p, const struct pnode *top)
{
    if (p == NULL)
        return false;
    if (p->kind == PN_WORKTAB && !rec_inside(top, p->u.wtab.id))
        return true;
    return wt_outside(p->l, top) || wt_outside(p->r, top);
}

int eng__cte_plain_ref(struct binder *b, const struct scope *s, struct cte_ref *c, int location,
                       bool vol, bool corr, struct pnode *sq, struct err *e)
{
    /* a query over a recursive query's working table changes with every
     * iteration, as one reading an outer row does */
    if (sq != NULL && sq->kind == PN_SUBQ && wt_outside(sq->l, sq->l))
        corr = true;
    /* a body planned again at the same reference (WITH RECURSIVE analysis)
     * is not another reference */
    if (c->ref_loc == 0) {
        c->ref_loc = location + 1;
        c->first_sq = sq;
    } else if (c->ref_loc != location + 1) {
        c->ref_more = true;
    }
    if (vol)
        c->ref_volatile = true;
    /* PostgreSQL materializes a WITH query unless it inlines it (a SELECT
     * without volatile functions referenced once, or NOT MATERIALIZED):
     * then every reference reads one store (exec_ctescan.c), the first
     * reference too once a second one shows up. One reading enclosing
     * levels has a store per outer row at best (below); unless volatile,
     * inlining it gives the same rows. */
    enum sql_cte_materialize how = c->cte->materialize;
    if (!corr && (vol || how == SQL_CTE_MATERIALIZED || (c->ref_more && how == SQL_CTE_DEFAULT))) {
        mat_wrap(b, c, c->first_sq, NULL);
        mat_wrap(b, c, sq, NULL);
        return 0;
    }
    /* a volatile one reading enclosing levels, referenced at the level of
     * the query owning it (its FROM, or FROM subqueries there: the body is
     * bound from the same parent scope), that query a sublink's: one store
     * per run of the sublink (PostgreSQL recomputes it when the outer row
     * changes). Else (a LATERAL subquery's, or a reference from a nested
     * sublink, whose body is bound from there) it stays inlined. */
    const struct sql_select *owner =
        corr && vol && s->parent == c->with_parent ? sublink_owner(b, c) : NULL;
    if (owner != NULL) {
        mat_wrap(b, c, c->first_sq, owner);
        mat_wrap(b, c, sq, owner);
        return 0;
    }
    if (vol && s->parent != c->with_parent)
        return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                        "WITH query \"%s\" containing volatile functions referenced from a "
                        "subquery expression is not supported",
                        c->cte->name);
    if (c->ref_more && c->ref_volatile)
        return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                        "WITH query \"%s\" containing volatile functions referenced more than "
                        "once is not supported",
                        c->cte->name);
    return 0;
}

int eng__plan_cte_ref(struct binder *b, struct scope *s, struct cte_ref *c, int location,
                      struct pnode **out, struct sql_column **cols, int *ncols, struct err *e)
{
    const char *name = c->cte->name;
    switch ((enum cte_rec_state)c->rec_state) {
    case CTE_PLAIN:
        break;
    case CTE_DML:
    case CTE_DML_SELF:
        return eng__dml_cte_ref(b, c, location, out, cols, ncols, e);
    case CTE_NOFORM:
        return eng__err(
            e, c->cte->location, ERR_INVAL, "42P19",
            "recursive query \"%s\" does not have the form non-recursive-term UNION [ALL] "
            "recursive-term",
            name);
    case CTE_IN_NONREC:
        return eng__err(
            e, location, ERR_INVAL, "42P19",
            "recursive reference to query \"%s\" must not appear within its non-recursive "
            "term",
            name);
    case CTE_IN_REC: {
        if (s->parent != c->rec_parent)
            return eng__err(e, location, ERR_INVAL, "42P19",
                            "recursive reference to query \"%s\" must not appear within a subquery",
                            name);
        if (b->rec_within != NULL)
            return eng__err(e, location, ERR_INVAL, "42P19",
                            "recursive reference to query \"%s\" must not appear within %s", name,
                            b->rec_within);
        /* one reference planned again (inside a plain WITH query the
         * recursive term references twice, inlined at each) is not a second
         * one (inside a nested WITH RECURSIVE it stays an error: the
         * executor cannot read an outer working table there) */
        if (c->rec_refs > 0 && c->rec_loc1 == location + 1 && b->in_cte_up != NULL &&
            b->in_cte_up->rec_state == CTE_PLAIN)
            c->rec_refs--;
        c->rec_loc1 = location + 1;
        if (++c->rec_refs > 1)
            return eng__err(e, location, ERR_INVAL, "42P19",
                            "recursive reference to query \"%s\" must not appear more than once",
                            name);
        s->selfref = true; /* no aggregates at this level (parseCheckAggregates) */
        struct pnode *p = mem_alloc0(b->ctx, sizeof *p);
        p->kind = PN_WORKTAB;
        p->width = c->rec_ncols;
        p->est_rows = 100;
        p->u.wtab.id = c->rec_id;
        p->u.wtab.ncols = c->rec_ncols;
        p->u.wtab.name = name;
        b->last_correlated = false;
        *out = p;
        *cols = c->rec_cols;
        *ncols = c->rec_ncols;
        return 0;
    }
    case CTE_RECURSIVE: {
        struct cte_ref *saved = b->ctes;
        b->ctes = c;
        struct pnode *p = NULL;
        int rc = plan_terms(b, s->parent, c, b->nworktables++, &p, e);
        c->rec_state = CTE_RECURSIVE;
        b->ctes = saved;
        if (rc != 0)
            return rc;
        if (p == NULL)
            return eng__err(e, location, ERR_INTERNAL, "XX000",
                            "recursive query lost its recursion");
        *out = p;
        *cols = c->rec_cols;
        *ncols = c->rec_ncols;
        return 0;
    }
    }
    return eng__err(e, location, ERR_INTERNAL, "XX000", "WITH query \"%s\" is not recursive", name);
}
