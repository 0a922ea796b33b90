/* exec_join.c — joins of two inputs into the full-width row: hash join
 * (build the right side keyed by its join keys, probe with each left row),
 * index nested loop (rescan the right scan parameterized by the left row),
 * and plain nested loop (the right side materialized once). INNER, LEFT,
 * RIGHT and FULL: RIGHT and FULL remember which inner rows matched (the hash
 * entry's flag, or a flag per materialized row) and, once the outer side is
 * exhausted, emit the unmatched inner rows padded with NULLs.
 *
 * Rows with a NULL join key never match (= is strict); a LEFT join still
 * emits their left row padded with NULLs.
 *
 * SEMI and ANTI (EXISTS / NOT EXISTS / IN pulled up, plan_sublink.c): a
 * left row stops at its first inner match; SEMI emits it then, ANTI emits
 * the left rows that found none (a NULL key never matches, so NOT EXISTS
 * keeps such a row), the inner slots NULL.
 *
 * FULL JOIN USING: the merged columns (COALESCE(l.c, r.c)) are computed into
 * their own slots after the two sides are combined.
 */
#include "sql/engine_int.h"

#include <string.h>

int eng__join_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);

static void put_right(struct xnode *x, const struct sql_value *lrow, const struct sql_value *rrow)
{
    const struct pnode *p = x->p;
    if (lrow != x->row)
        memcpy(x->row, lrow, sizeof *x->row * (size_t)p->width);
    int ro = p->u.join.roff, rw = p->u.join.rwidth;
    if (rrow != NULL) {
        memcpy(&x->row[ro], rrow, sizeof *x->row * (size_t)rw);
    } else {
        for (int i = 0; i < rw; i++)
            x->row[ro + i] = sql_null(SQL_T_UNKNOWN);
    }
}

/* An unmatched inner row: every slot outside the inner side is NULL. */
static void put_inner_only(struct xnode *x, const struct sql_value *rrow)
{
    const struct pnode *p = x->p;
    for (int i = 0; i < p->width; i++)
        x->row[i] = sql_null(SQL_T_UNKNOWN);
    memcpy(&x->row[p->u.join.roff], rrow, sizeof *x->row * (size_t)p->u.join.rwidth);
}

/* FULL JOIN USING: fill the merged columns of the combined row. */
int eng__join_put_merged(struct xnode *x, bool reset, struct err *e)
{
    const struct pnode *p = x->p;
    if (p->u.join.nmerge == 0)
        return 0;
    if (reset)
        mem_ctx_reset(x->rowctx);
    struct ectx c = {.rt = x->rt, .row = x->row, .outer = x->rt->outer, .mem = x->rowctx};
    for (int i = 0; i < p->u.join.nmerge; i++) {
        struct sql_value v;
        int rc = eng__eval(&c, p->u.join.merge[i], &v, e);
        if (rc != 0)
            return rc;
        x->row[p->u.join.moff + i] = v;
    }
    return 0;
}

static bool keeps_inner(const struct pnode *p)
{
    return p->u.join.type == SQL_JOIN_RIGHT || p->u.join.type == SQL_JOIN_FULL;
}

static bool keeps_outer(const struct pnode *p)
{
    return p->u.join.type == SQL_JOIN_LEFT || p->u.join.type == SQL_JOIN_FULL;
}

/* The next unmatched inner row (RIGHT/FULL, after the outer side ended). */
static int inner_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    for (;;) {
        const struct sql_value *rrow = NULL;
        if (p->u.join.alg == JOIN_HASH) {
            struct vh_entry *en = x->u.join.uit;
            if (en == NULL)
                break;
            x->u.join.uit = en->inext;
            if (en->matched)
                continue;
            rrow = en->payload;
        } else {
            if (x->u.join.ui >= x->u.join.nr)
                break;
            size_t i = x->u.join.ui++;
            if (x->u.join.rmatched[i])
                continue;
            rrow = x->u.join.rrows[i];
        }
        int rc = eng__tick(x->rt, e);
        if (rc == 0) {
            put_inner_only(x, rrow);
            rc = eng__join_put_merged(x, true, e);
        }
        if (rc != 0)
            return rc;
        *row = x->row;
        *has = true;
        return 0;
    }
    x->done = true;
    return 0;
}

/* The outer side ended: RIGHT/FULL go on with the unmatched inner rows. */
static int outer_done(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    if (!keeps_inner(x->p)) {
        x->done = true;
        return 0;
    }
    x->u.join.inner_phase = true;
    x->u.join.uit = x->u.join.h.first;
    x->u.join.ui = 0;
    return inner_next(x, row, has, e);
}

static int cond_ok(struct xnode *x, bool *ok, struct err *e)
{
    mem_ctx_reset(x->rowctx);
    int rc = eng__join_put_merged(x, false, e); /* the condition may use merged columns */
    if (rc != 0)
        return rc;
    struct ectx c = {.rt = x->rt, .row = x->row, .outer = x->rt->outer, .mem = x->rowctx};
    rc = eng__eval_qual(&c, x->p->u.join.cond, ok, e);
    if (rc == 0 && !*ok)
        x->ins_removed++;
    return rc;
}

int eng__join_eval_keys(struct xnode *x, struct bx **keys, const struct sql_value *row,
                        struct mem_ctx *mem, struct sql_value *out, bool *has_null, struct err *e)
{
    struct ectx c = {.rt = x->rt, .row = row, .outer = x->rt->outer, .mem = mem};
    *has_null = false;
    for (int i = 0; i < x->p->u.join.nkeys; i++) {
        int rc = eng__eval(&c, keys[i], &out[i], e);
        if (rc != 0)
            return rc;
        if (out[i].null)
            *has_null = true;
    }
    return 0;
}

static int build_hash(struct xnode *x, struct err *e)
{
    const struct pnode *p = x->p;
    int nk = p->u.join.nkeys, rw = p->u.join.rwidth, ro = p->u.join.roff;
    eng__vh_init(&x->u.join.h, x->ctx, nk);
    x->u.join.lkeys = mem_alloc(x->ctx, sizeof(struct sql_value) * (size_t)nk);
    struct sql_value *k = mem_alloc(x->ctx, sizeof *k * (size_t)nk);
    for (;;) {
        const struct sql_value *r;
        bool h;
        int rc = eng__xnext(x->r, &r, &h, e);
        if (rc != 0)
            return rc;
        if (!h)
            break;
        mem_ctx_reset(x->rowctx);
        bool hn;
        if ((rc = eng__join_eval_keys(x, p->u.join.rkeys, r, x->rowctx, k, &hn, e)) != 0)
            return rc;
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        if (hn && !keeps_inner(p)) /* never matches; RIGHT/FULL still emit it */
            continue;
        struct vh_entry *en = eng__vh_add(&x->u.join.h, k, eng__vh_hash(k, nk));
        struct sql_value *copy = mem_alloc(x->ctx, sizeof *copy * (size_t)(rw > 0 ? rw : 1));
        for (int i = 0; i < rw; i++)
            sql_value_copy(x->ctx, &r[ro + i], &copy[i]);
        en->payload = copy;
    }
    x->u.join.built = true;
    return 0;
}

static int materialize_right(struct xnode *x, struct err *e)
{
    const struct pnode *p = x->p;
    int rw = p->u.join.rwidth, ro = p->u.join.roff;
    size_t cap = 0;
    for (;;) {
        const struct sql_value *r;
        bool h;
        int rc = eng__xnext(x->r, &r, &h, e);
        if (rc != 0)
            return rc;
        if (!h)
            break;
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        if (x->u.join.nr == cap) {
            size_t nc = cap ? cap * 2 : 64;
            x->u.join.rrows =
                mem_realloc(x->ctx, x->u.join.rrows, sizeof(void *) * cap, sizeof(void *) * nc);
            cap = nc;
        }
        struct sql_value *copy = mem_alloc(x->ctx, sizeof *copy * (size_t)(rw > 0 ? rw : 1));
        for (int i = 0; i < rw; i++)
            sql_value_copy(x->ctx, &r[ro + i], &copy[i]);
        x->u.join.rrows[x->u.join.nr++] = copy;
    }
    if (keeps_inner(p))
        x->u.join.rmatched = mem_alloc0(x->ctx, sizeof(bool) * (x->u.join.nr + 1));
    x->u.join.built = true;
    return 0;
}

/* Advance to the next left row; false at the end. */
static int next_left(struct xnode *x, bool *more, struct err *e)
{
    const struct sql_value *l;
    int rc = eng__xnext(x->l, &l, more, e);
    if (rc != 0 || !*more)
        return rc;
    x->u.join.lrow = l;
    x->u.join.lmatched = false;
    x->u.join.ri = 0;
    x->u.join.cand = NULL;
    x->u.join.rdone = false;
    const struct pnode *p = x->p;
    if (p->u.join.alg == JOIN_HASH) {
        bool hn;
        if (x->u.join.keyctx == NULL)
            x->u.join.keyctx = mem_ctx_new(x->ctx, "join keys");
        mem_ctx_reset(x->u.join.keyctx);
        if ((rc = eng__join_eval_keys(x, p->u.join.lkeys, l, x->u.join.keyctx, x->u.join.lkeys, &hn,
                                      e)) != 0)
            return rc;
        if (hn) {
            x->u.join.rdone = true;
        } else {
            x->u.join.lh = eng__vh_hash(x->u.join.lkeys, p->u.join.nkeys);
            x->u.join.cand = NULL;
        }
    } else if (p->u.join.alg == JOIN_INDEX_NL) {
        if ((rc = eng__xrescan(x->r, l, e)) != 0)
            return rc;
    } else if (p->u.join.alg == JOIN_LATERAL) { /* open the right side afresh for this row */
        if (x->u.join.lrt == NULL) {
            x->u.join.lrt = mem_alloc(x->ctx, sizeof *x->u.join.lrt);
            *x->u.join.lrt = *x->rt;
            x->u.join.lrt->outer = &x->u.join.lect;
            x->u.join.latctx = mem_ctx_new(x->ctx, "lateral");
        }
        x->u.join.lect = (struct ectx){.rt = x->rt, .row = l, .outer = x->rt->outer, .mem = x->ctx};
        mem_ctx_reset(x->u.join.latctx);
        if ((rc = eng__xopen(x->u.join.lrt, p->r, x->u.join.latctx, &x->u.join.rx, e)) != 0)
            return rc;
    }
    return 0;
}

int eng__join_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    *has = false;
    if (x->u.join.inner_phase)
        return x->done ? 0 : inner_next(x, row, has, e);
    if (!x->started) {
        x->started = true;
        if (p->u.join.alg == JOIN_HASH)
            rc = build_hash(x, e);
        else if (p->u.join.alg == JOIN_NL)
            rc = materialize_right(x, e);
        else
            rc = 0;
        if (rc != 0)
            return rc;
        /* an inner hash join with an empty build side has no rows */
        if (p->u.join.alg == JOIN_HASH &&
            (p->u.join.type == SQL_JOIN_INNER || p->u.join.type == SQL_JOIN_SEMI) &&
            x->u.join.h.n == 0) {
            x->done = true;
            return 0;
        }
        bool more;
        if ((rc = next_left(x, &more, e)) != 0)
            return rc;
        if (!more)
            return outer_done(x, row, has, e);
    }
    while (!x->done) {
        const struct sql_value *rrow = NULL;
        struct vh_entry *hit = NULL;
        size_t nli = 0;
        bool got = false;
        if (!x->u.join.rdone) {
            switch (p->u.join.alg) {
            case JOIN_HASH: {
                struct vh_entry *en =
                    eng__vh_find(&x->u.join.h, x->u.join.lkeys, x->u.join.lh, x->u.join.cand);
                x->u.join.cand = en;
                if (en != NULL) {
                    rrow = en->payload;
                    hit = en;
                    got = true;
                }
                break;
            }
            case JOIN_NL:
                if (x->u.join.ri < x->u.join.nr) {
                    nli = x->u.join.ri;
                    rrow = x->u.join.rrows[x->u.join.ri++];
                    got = true;
                }
                break;
            case JOIN_MERGE: /* exec_merge.c */
            case JOIN_INDEX_NL:
            case JOIN_LATERAL: {
                const struct sql_value *r;
                bool h;
                struct xnode *in = p->u.join.alg == JOIN_LATERAL ? x->u.join.rx : x->r;
                if ((rc = eng__xnext(in, &r, &h, e)) != 0)
                    return rc;
                if (h) {
                    rrow = &r[p->u.join.roff];
                    got = true;
                }
                break;
            }
            }
        }
        if (got) {
            put_right(x, x->u.join.lrow, rrow);
            bool ok;
            if ((rc = cond_ok(x, &ok, e)) != 0)
                return rc;
            if ((rc = eng__tick(x->rt, e)) != 0)
                return rc;
            if (!ok)
                continue;
            x->u.join.lmatched = true;
            if (p->u.join.type == SQL_JOIN_SEMI || p->u.join.type == SQL_JOIN_ANTI) {
                x->u.join.rdone = true; /* the first match decides */
                if (p->u.join.type == SQL_JOIN_ANTI)
                    continue;
            }
            if (hit != NULL)
                hit->matched = true;
            else if (x->u.join.rmatched != NULL)
                x->u.join.rmatched[nli] = true;
            *row = x->row;
            *has = true;
            return 0;
        }
        x->u.join.rdone = true;
        if ((keeps_outer(p) || p->u.join.type == SQL_JOIN_ANTI) && !x->u.join.lmatched) {
            x->u.join.lmatched = true;
            put_right(x, x->u.join.lrow, NULL);
            if ((rc = eng__join_put_merged(x, true, e)) != 0)
                return rc;
            *row = x->row;
            *has = true;
            return 0;
        }
        bool more;
        if ((rc = next_left(x, &more, e)) != 0)
            return rc;
        if (!more)
            return outer_done(x, row, has, e);
    }
    return 0;
}
