/* exec_merge.c — merge join (PN_JOIN with alg JOIN_MERGE, plan_merge.c).
 *
 * Both inputs come ordered on their join keys, ascending with NULLs last
 * (a Sort node, or an index walked in key order). The inner (right) side
 * is read one "run" at a time: the rows that share one key value, copied
 * into the run's memory, plus one row of look-ahead (the first row of the
 * next run). Each outer row is compared with the current run: smaller, it
 * has no match; equal, it is combined with every row of the run (the join
 * filter decides); larger, the run is dropped and the next one read. So
 * outer duplicates reuse the run (PostgreSQL's mark/restore) and memory
 * holds one run of equal inner keys, never the whole inner input.
 *
 * NULL keys never match (= is strict): an outer row with a NULL key is
 * null-extended (LEFT/FULL) or skipped; an inner one is emitted null-
 * extended (FULL) or skipped. The comparison puts NULLs last, as the
 * inputs' order, so the merge stays in step across them.
 *
 * LEFT and FULL emit an outer row without a match padded with NULLs; FULL
 * also emits each inner row no outer row matched when its run is dropped,
 * and the inner rows left when the outer side ends.
 */
#include "sql/engine_int.h"

#include <string.h>

struct merge_state {
    struct mem_ctx *lkctx; /* the outer row's key values */
    struct sql_value *lk;  /* nkeys */
    bool lnull;            /* a key of the outer row is NULL */
    const struct sql_value *lrow;
    bool lmatched;
    bool have_outer; /* lrow is current */
    bool outer_done;
    /* the current run of the inner side */
    struct mem_ctx *runctx;
    struct sql_value **run; /* rw values each */
    bool *run_matched;
    size_t nrun, caprun;
    struct sql_value *runk; /* its keys */
    size_t ri;              /* next run row for the current outer row */
    bool joining;           /* combining the outer row with the run */
    /* the look-ahead inner row */
    struct mem_ctx *pendctx;
    struct sql_value *pend; /* rw values, NULL: none (not read yet unless inner_eof) */
    struct sql_value *pendk;
    bool pendnull;
    bool inner_eof;
    size_t ui;           /* FULL: next run row to test when the run is dropped */
    bool flushing;       /* FULL: emitting the dropped run's unmatched rows */
    bool drain;          /* FULL: outer ended, emitting the inner rows left */
    struct sql_value *k; /* scratch keys */
    bool need_read;      /* the look-ahead row was emitted: drop it on the next call */
};

static bool keeps_outer(const struct pnode *p)
{
    return p->u.join.type == SQL_JOIN_LEFT || p->u.join.type == SQL_JOIN_FULL;
}

static bool keeps_inner(const struct pnode *p)
{
    return p->u.join.type == SQL_JOIN_RIGHT || p->u.join.type == SQL_JOIN_FULL;
}

/* Key comparison in the inputs' order: NULLs equal each other, last. */
static int cmp_keys(const struct sql_value *a, const struct sql_value *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (a[i].null || b[i].null) {
            if (a[i].null && b[i].null)
                continue;
            return a[i].null ? 1 : -1;
        }
        int c = sql_value_cmp(&a[i], &b[i]);
        if (c != 0)
            return c;
    }
    return 0;
}

/* The combined row: lrow (NULL: all NULL) with the inner values rv (NULL:
 * NULLs). */
static int put_row(struct xnode *x, const struct sql_value *lrow, const struct sql_value *rv,
                   struct err *e)
{
    const struct pnode *p = x->p;
    int ro = p->u.join.roff, rw = p->u.join.rwidth;
    mem_ctx_reset(x->rowctx);
    if (lrow != NULL) {
        memcpy(x->row, lrow, sizeof *x->row * (size_t)p->width);
    } else {
        for (int i = 0; i < p->width; i++)
            x->row[i] = sql_null(SQL_T_UNKNOWN);
    }
    if (rv != NULL) {
        memcpy(&x->row[ro], rv, sizeof *x->row * (size_t)rw);
    } else {
        for (int i = 0; i < rw; i++)
            x->row[ro + i] = sql_null(SQL_T_UNKNOWN);
    }
    return eng__join_put_merged(x, false, e);
}

static struct merge_state *state(struct xnode *x)
{
    struct merge_state *s = x->u.merge.st;
    if (s == NULL) {
        int nk = x->p->u.join.nkeys;
        s = mem_alloc0(x->ctx, sizeof *s);
        s->lkctx = mem_ctx_new(x->ctx, "merge outer keys");
        s->runctx = mem_ctx_new(x->ctx, "merge run");
        s->pendctx = mem_ctx_new(x->ctx, "merge look-ahead");
        s->lk = mem_alloc0(x->ctx, sizeof *s->lk * (size_t)nk);
        s->k = mem_alloc0(x->ctx, sizeof *s->k * (size_t)nk);
        x->u.merge.st = s;
    }
    return s;
}

/* Read the next inner row into the look-ahead (copied); none at the end. */
static int read_pending(struct xnode *x, struct merge_state *s, struct err *e)
{
    const struct pnode *p = x->p;
    int nk = p->u.join.nkeys, rw = p->u.join.rwidth, ro = p->u.join.roff;
    mem_ctx_reset(s->pendctx);
    s->pend = NULL;
    if (s->inner_eof)
        return 0;
    const struct sql_value *r;
    bool h;
    int rc = eng__xnext(x->r, &r, &h, e);
    if (rc != 0)
        return rc;
    if (!h) {
        s->inner_eof = true;
        return 0;
    }
    if ((rc = eng__tick(x->rt, e)) != 0)
        return rc;
    s->pend = mem_alloc(s->pendctx, sizeof *s->pend * (size_t)(rw > 0 ? rw : 1));
    for (int i = 0; i < rw; i++)
        sql_value_copy(s->pendctx, &r[ro + i], &s->pend[i]);
    s->pendk = mem_alloc(s->pendctx, sizeof *s->pendk * (size_t)nk);
    struct sql_value *tmp = s->k;
    if ((rc = eng__join_eval_keys(x, p->u.join.rkeys, r, x->rowctx, tmp, &s->pendnull, e)) != 0)
        return rc;
    if (tmp[0].null && !keeps_inner(p)) { /* NULLs last: no inner row from here on matches */
        mem_ctx_reset(x->rowctx);
        mem_ctx_reset(s->pendctx);
        s->pend = NULL;
        s->inner_eof = true;
        return 0;
    }
    for (int i = 0; i < nk; i++)
        sql_value_copy(s->pendctx, &tmp[i], &s->pendk[i]);
    mem_ctx_reset(x->rowctx);
    return 0;
}

static void run_add(struct xnode *x, struct merge_state *s, const struct sql_value *v)
{
    int rw = x->p->u.join.rwidth;
    if (s->nrun == s->caprun) {
        size_t nc = s->caprun ? s->caprun * 2 : 16;
        s->run = mem_realloc(s->runctx, s->run, sizeof *s->run * s->caprun, sizeof *s->run * nc);
        s->run_matched =
            mem_realloc(s->runctx, s->run_matched, sizeof(bool) * s->caprun, sizeof(bool) * nc);
        s->caprun = nc;
    }
    struct sql_value *copy = mem_alloc(s->runctx, sizeof *copy * (size_t)(rw > 0 ? rw : 1));
    for (int i = 0; i < rw; i++)
        sql_value_copy(s->runctx, &v[i], &copy[i]);
    s->run_matched[s->nrun] = false;
    s->run[s->nrun++] = copy;
}

static void run_clear(struct merge_state *s)
{
    mem_ctx_reset(s->runctx);
    s->run = NULL;
    s->run_matched = NULL;
    s->nrun = s->caprun = 0;
    s->runk = NULL;
}

/* The look-ahead row (not NULL-keyed) starts a new run: read the inner
 * rows with its keys. */
static int load_run(struct xnode *x, struct merge_state *s, struct err *e)
{
    int nk = x->p->u.join.nkeys;
    run_clear(s);
    s->runk = mem_alloc(s->runctx, sizeof *s->runk * (size_t)nk);
    for (int i = 0; i < nk; i++)
        sql_value_copy(s->runctx, &s->pendk[i], &s->runk[i]);
    run_add(x, s, s->pend);
    if (x->p->u.join.inner_unique) { /* one row: the next is read when needed */
        mem_ctx_reset(s->pendctx);
        s->pend = NULL;
        return 0;
    }
    for (;;) {
        int rc = read_pending(x, s, e);
        if (rc != 0)
            return rc;
        if (s->pend == NULL || s->pendnull || cmp_keys(s->pendk, s->runk, nk) != 0)
            return 0;
        run_add(x, s, s->pend);
    }
}

/* FULL: the next unmatched row of the run being dropped; false when none. */
static bool next_unmatched(struct merge_state *s, const struct sql_value **rv)
{
    while (s->ui < s->nrun) {
        size_t i = s->ui++;
        if (!s->run_matched[i]) {
            *rv = s->run[i];
            return true;
        }
    }
    return false;
}

static int fetch_outer(struct xnode *x, struct merge_state *s, struct err *e)
{
    const struct sql_value *l;
    bool h;
    int rc = eng__xnext(x->l, &l, &h, e);
    if (rc != 0)
        return rc;
    if (!h) {
        s->outer_done = true;
        s->have_outer = false;
        return 0;
    }
    s->lrow = l;
    s->have_outer = true;
    s->lmatched = false;
    s->joining = false;
    mem_ctx_reset(s->lkctx);
    rc = eng__join_eval_keys(x, x->p->u.join.lkeys, l, s->lkctx, s->lk, &s->lnull, e);
    if (rc == 0 && s->lk[0].null && !keeps_outer(x->p)) {
        /* NULLs last: no outer row from here on can match (PostgreSQL's
         * MJEVAL_ENDOFJOIN) */
        s->outer_done = true;
        s->have_outer = false;
    }
    return rc;
}

static int emit(struct xnode *x, const struct sql_value *lrow, const struct sql_value *rv,
                const struct sql_value **row, bool *has, struct err *e)
{
    int rc = put_row(x, lrow, rv, e);
    if (rc != 0)
        return rc;
    *row = x->row;
    *has = true;
    return 0;
}

/* Emit the look-ahead row null-extended (FULL) and drop it on the next
 * call; drop it at once otherwise. */
static int pass_pending(struct xnode *x, struct merge_state *s, const struct sql_value **row,
                        bool *has, struct err *e)
{
    if (!keeps_inner(x->p)) {
        mem_ctx_reset(s->pendctx);
        s->pend = NULL; /* the next is read when needed */
        return 0;
    }
    s->need_read = true;
    return emit(x, NULL, s->pend, row, has, e);
}

int eng__merge_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    struct merge_state *s = state(x);
    int nk = p->u.join.nkeys;
    int rc;
    *has = false;
    x->started = true;
    if (s->need_read) { /* the look-ahead row went out: drop it */
        s->need_read = false;
        mem_ctx_reset(s->pendctx);
        s->pend = NULL;
    }
    while (!x->done && !*has) {
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        if (s->flushing) { /* FULL: the dropped run's unmatched rows */
            const struct sql_value *rv;
            if (next_unmatched(s, &rv))
                return emit(x, NULL, rv, row, has, e);
            s->flushing = false;
            run_clear(s);
            continue;
        }
        if (s->drain) { /* FULL: the outer side ended; every inner row left */
            if (s->pend == NULL) {
                if (s->inner_eof) {
                    x->done = true;
                    return 0;
                }
                if ((rc = read_pending(x, s, e)) != 0)
                    return rc;
                continue;
            }
            if (s->pendnull) {
                if ((rc = pass_pending(x, s, row, has, e)) != 0)
                    return rc;
                continue;
            }
            if ((rc = load_run(x, s, e)) != 0)
                return rc;
            s->ui = 0;
            s->flushing = true;
            continue;
        }
        if (!s->have_outer) {
            if (s->outer_done) {
                if (!keeps_inner(p)) {
                    x->done = true;
                    return 0;
                }
                s->drain = true;
                if (s->nrun > 0) {
                    s->ui = 0;
                    s->flushing = true;
                }
                continue;
            }
            if ((rc = fetch_outer(x, s, e)) != 0)
                return rc;
            continue;
        }
        if (s->joining) { /* the outer row against the run of equal keys */
            while (s->ri < s->nrun) {
                size_t i = s->ri++;
                if ((rc = put_row(x, s->lrow, s->run[i], e)) != 0)
                    return rc;
                bool ok = true;
                if (p->u.join.cond != NULL) {
                    struct ectx c = {
                        .rt = x->rt, .row = x->row, .outer = x->rt->outer, .mem = x->rowctx};
                    if ((rc = eng__eval_qual(&c, p->u.join.cond, &ok, e)) != 0)
                        return rc;
                    if (!ok)
                        x->ins_removed++;
                }
                if (ok) {
                    s->lmatched = true;
                    s->run_matched[i] = true;
                    *row = x->row;
                    *has = true;
                    return 0;
                }
            }
            s->joining = false;
            s->have_outer = false;
            if (!s->lmatched && keeps_outer(p))
                return emit(x, s->lrow, NULL, row, has, e);
            continue;
        }
        /* position the inner side for the outer row: c < 0 inner behind,
         * 0 a run of equal keys, > 0 no match for the outer row */
        bool match = false;
        if (!s->lnull) {
            if (s->nrun > 0) {
                int c = cmp_keys(s->runk, s->lk, nk);
                if (c < 0) { /* the run is behind: drop it */
                    if (keeps_inner(p)) {
                        s->ui = 0;
                        s->flushing = true;
                    } else {
                        run_clear(s);
                    }
                    continue;
                }
                match = c == 0;
            } else if (s->pend == NULL && !s->inner_eof) {
                if ((rc = read_pending(x, s, e)) != 0) /* the next inner row */
                    return rc;
                continue;
            } else if (s->pend != NULL) {
                if (!s->pendnull) {
                    if ((rc = load_run(x, s, e)) != 0)
                        return rc;
                    continue;
                }
                if (cmp_keys(s->pendk, s->lk, nk) < 0) {
                    /* a NULL-keyed inner row before the outer key: no match ever */
                    if ((rc = pass_pending(x, s, row, has, e)) != 0)
                        return rc;
                    continue;
                }
            } else if (!keeps_outer(p) && !keeps_inner(p)) {
                x->done = true; /* inner join, inner side ended */
                return 0;
            }
        }
        if (match) {
            s->joining = true;
            s->ri = 0;
            continue;
        }
        s->have_outer = false; /* no match for the outer row */
        if (keeps_outer(p))
            return emit(x, s->lrow, NULL, row, has, e);
    }
    return 0;
}
