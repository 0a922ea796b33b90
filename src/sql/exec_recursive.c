/* exec_recursive.c — WITH RECURSIVE: the recursive union (PostgreSQL's
 * nodeRecursiveunion.c) and the scan of its working table
 * (nodeWorktablescan.c).
 *
 * The non-recursive term's rows are returned and become the working table;
 * then the recursive term runs over the working table, its rows are
 * returned and collected as the next working table, until an iteration
 * yields no rows. UNION (not ALL) drops rows seen before, which also ends
 * cycles. Each iteration opens the recursive term afresh in its own memory
 * context and links its worktable scans (found through the l/r children:
 * the binder refuses references inside sublinks) to this node's state.
 */
#include "sql/engine_int.h"

#include <string.h>

struct xrec {
    struct sql_value **work; /* the working table read by the worktable scans */
    size_t nwork;
    struct sql_value **next; /* rows of the running iteration */
    size_t nnext, capnext;
    struct mem_ctx *workctx, *nextctx; /* memory of work and next */
    struct mem_ctx *iterctx;           /* the recursive term's execution state */
    struct xnode *rx;                  /* the recursive term of this iteration */
    struct vhash seen;                 /* UNION: every row returned */
    bool in_rec;
};

static void link_worktables(struct xnode *n, int id, struct xrec *st)
{
    if (n == NULL)
        return;
    if (n->p->kind == PN_WORKTAB && n->p->u.wtab.id == id) {
        n->u.wtab.owner = st;
        n->u.wtab.i = 0;
    }
    link_worktables(n->l, id, st);
    link_worktables(n->r, id, st);
}

/* Keep row r (ncols values) for the next working table unless UNION saw it;
 * *keep false: drop it. */
static int collect(struct xnode *x, struct xrec *st, const struct sql_value *r, bool *keep,
                   const struct sql_value **out, struct err *e)
{
    const struct pnode *p = x->p;
    int n = p->u.rec.ncols;
    int rc = eng__tick(x->rt, e);
    if (rc != 0)
        return rc;
    *keep = true;
    if (!p->u.rec.all) {
        uint64_t hv = eng__vh_hash(r, n);
        if (eng__vh_find(&st->seen, r, hv, NULL) != NULL) {
            *keep = false;
            return 0;
        }
        eng__vh_add(&st->seen, r, hv);
    }
    if (st->nnext == st->capnext) {
        size_t nc = st->capnext ? st->capnext * 2 : 64;
        st->next =
            mem_realloc(st->nextctx, st->next, sizeof(void *) * st->capnext, sizeof(void *) * nc);
        st->capnext = nc;
    }
    struct sql_value *copy = mem_alloc(st->nextctx, sizeof *copy * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++)
        sql_value_copy(st->nextctx, &r[i], &copy[i]);
    st->next[st->nnext++] = copy;
    *out = copy;
    return 0;
}

/* The rows collected become the working table; open the recursive term. */
static int start_iteration(struct xnode *x, struct xrec *st, struct err *e)
{
    struct mem_ctx *t = st->workctx;
    st->workctx = st->nextctx;
    st->nextctx = t;
    mem_ctx_reset(st->nextctx);
    st->work = st->next;
    st->nwork = st->nnext;
    st->next = NULL;
    st->nnext = st->capnext = 0;
    if (st->iterctx != NULL)
        mem_ctx_free(st->iterctx);
    st->iterctx = mem_ctx_new(x->ctx, "recursive term");
    int rc = eng__xopen(x->rt, x->p->r, st->iterctx, &st->rx, e);
    if (rc != 0)
        return rc;
    link_worktables(st->rx, x->p->u.rec.id, st);
    return 0;
}

int eng__rec_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    struct xrec *st = x->u.rec.st;
    int rc;
    *has = false;
    if (st == NULL) {
        st = mem_alloc0(x->ctx, sizeof *st);
        st->workctx = mem_ctx_new(x->ctx, "worktable");
        st->nextctx = mem_ctx_new(x->ctx, "worktable next");
        eng__vh_init(&st->seen, x->ctx, p->u.rec.ncols);
        x->u.rec.st = st;
    }
    while (!x->done) {
        struct xnode *src = st->in_rec ? st->rx : x->l;
        const struct sql_value *r;
        bool h;
        if ((rc = eng__xnext(src, &r, &h, e)) != 0)
            return rc;
        if (h) {
            bool keep;
            const struct sql_value *c;
            if ((rc = collect(x, st, r, &keep, &c, e)) != 0)
                return rc;
            if (!keep)
                continue;
            memcpy(x->row, c, sizeof *x->row * (size_t)p->u.rec.ncols);
            *row = x->row;
            *has = true;
            return 0;
        }
        /* the term ended: iterate over what it produced */
        if (st->nnext == 0) {
            x->done = true;
            break;
        }
        st->in_rec = true;
        if ((rc = start_iteration(x, st, e)) != 0)
            return rc;
    }
    return 0;
}

int eng__wtab_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    struct xrec *st = x->u.wtab.owner;
    *has = false;
    if (st == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000",
                             "worktable scan without its recursive union");
    if (x->u.wtab.i >= st->nwork)
        return 0;
    const struct sql_value *r = st->work[x->u.wtab.i++];
    memcpy(x->row, r, sizeof *x->row * (size_t)x->p->u.wtab.ncols);
    *row = x->row;
    *has = true;
    return 0;
}
