/* exec_ctescan.c — materialized WITH queries (PostgreSQL's CteScan over a
 * shared tuplestore, nodeCtescan.c).
 *
 * Every reference to a materialized WITH query plans a PN_CTESCAN whose
 * child is the query's plan; all references of one statement share the
 * store of its id (binder.nmat, sql_plan.nmat). The store lives for the
 * cursor. The first reader that needs a row the store does not hold yet
 * opens the query (once, with the cursor's runtime, in the store's memory)
 * and pulls one more row into the store; readers and rescans only walk the
 * stored rows. So the query runs at most once per statement and only as
 * far as some reader got (a LIMIT over it stops it early, a reference never
 * read never runs it), as PostgreSQL's. A query reading no enclosing
 * level has one store per statement. A volatile one reading enclosing
 * levels, owned by a sublink's query (bind_cte.c), is emptied at each run of
 * that sublink (eng__mats_reset from exec.c) and filled to its end at its
 * first read, with the reader's runtime (whose outer row it reads).
 *
 * Memory: the store keeps every row read so far in the cursor's memory
 * (no spill to disk): a materialized WITH query costs memory proportional
 * to the rows its readers read.
 */
#include "sql/engine_int.h"

#include <string.h>

struct eng_mat {
    struct mem_ctx *ctx;  /* the rows */
    struct mem_ctx *pctx; /* the running query */
    struct xnode *prod;
    struct sql_value **rows;
    size_t n, cap;
    int width;
    bool done, running;
};

struct eng_mats {
    struct xrt rt; /* the cursor's runtime, for the queries */
    struct mem_ctx *ctx;
    struct eng_mat *m;
    int n;
};

struct eng_mats *eng__mats_new(const struct xrt *rt, int n, struct mem_ctx *ctx)
{
    if (n <= 0)
        return NULL;
    struct eng_mats *s = mem_alloc0(ctx, sizeof *s);
    s->rt = *rt;
    s->rt.instrument = false;
    s->rt.outer = NULL;
    s->rt.mats = s;
    s->ctx = ctx;
    s->m = mem_alloc0(ctx, sizeof *s->m * (size_t)n);
    s->n = n;
    return s;
}

void eng__mats_reset(struct eng_mats *ms, int id)
{
    if (ms == NULL || id < 0 || id >= ms->n)
        return;
    struct eng_mat *m = &ms->m[id];
    if (m->pctx != NULL)
        mem_ctx_free(m->pctx);
    if (m->ctx != NULL)
        mem_ctx_free(m->ctx);
    memset(m, 0, sizeof *m);
}

/* Pull one more row of store m from its query; *more false at its end.
 * rt: the runtime the query runs with (the cursor's, or for a query
 * reading enclosing levels the reader's, which lives only while its
 * sublink runs: then the store is filled to the end at once). */
static int fill_one(struct eng_mats *ms, struct eng_mat *m, const struct pnode *q, struct xrt *rt,
                    bool *more, struct err *e)
{
    *more = false;
    int rc;
    if (m->prod == NULL) {
        m->ctx = mem_ctx_new(ms->ctx, "materialized WITH rows");
        m->pctx = mem_ctx_new(ms->ctx, "materialized WITH query");
        m->width = q->width;
        if ((rc = eng__xopen(rt, q, m->pctx, &m->prod, e)) != 0)
            return rc;
    }
    if (m->running) /* (a plain WITH query cannot read itself) */
        return err_set_state(e, ERR_INTERNAL, "XX000", "WITH query read while it is computed");
    const struct sql_value *r;
    bool has;
    m->running = true;
    rc = eng__xnext(m->prod, &r, &has, e);
    m->running = false;
    if (rc != 0)
        return rc;
    if (!has) {
        m->done = true;
        mem_ctx_free(m->pctx); /* the query's scans and memory */
        m->pctx = NULL;
        m->prod = NULL;
        return 0;
    }
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        m->rows = mem_realloc(m->ctx, m->rows, sizeof *m->rows * m->cap, sizeof *m->rows * nc);
        m->cap = nc;
    }
    struct sql_value *row = mem_alloc(m->ctx, sizeof *row * (size_t)(m->width > 0 ? m->width : 1));
    for (int i = 0; i < m->width; i++)
        sql_value_copy(m->ctx, &r[i], &row[i]);
    m->rows[m->n++] = row;
    *more = true;
    return 0;
}

int eng__ctescan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    *has = false;
    struct eng_mats *ms = x->rt->mats;
    int id = x->p->u.ctescan.id;
    if (ms == NULL || id < 0 || id >= ms->n)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "a materialized WITH query is not supported here");
    struct eng_mat *m = &ms->m[id];
    if (x->u.mat.i >= m->n) {
        if (m->done)
            return 0;
        bool more;
        int rc;
        if (x->p->u.ctescan.corr) {
            do
                rc = fill_one(ms, m, x->p->l, x->rt, &more, e);
            while (rc == 0 && more);
            if (rc != 0 || x->u.mat.i >= m->n)
                return rc;
        } else if ((rc = fill_one(ms, m, x->p->l, &ms->rt, &more, e)) != 0 || !more) {
            return rc;
        }
    }
    int rc = eng__tick(x->rt, e);
    if (rc != 0)
        return rc;
    *row = m->rows[x->u.mat.i++];
    *has = true;
    return 0;
}
