/* exec_sort.c — in-memory sort on key columns (ASC/DESC, NULLS
 * FIRST/LAST), and top-N when a LIMIT above bounds the output: rows are
 * kept in a buffer of at most 2N; when it fills it is sorted, cut to N and
 * copied into a fresh memory context (the old one freed), so memory stays
 * bounded by the limit, not the input.
 */
#include "sql/engine_int.h"

#include <stdlib.h>
#include <string.h>

int eng__sort_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
void eng__sort_set_bound(struct xnode *x, int64_t bound);
void eng__pg_qsort(void **v, size_t n, int (*cmp)(const void *, const void *, void *), void *arg);

struct sort_state {
    int64_t bound; /* -1: none */
    struct mem_ctx *data;
    struct sql_value **rows;
    size_t n, cap, i;
};

static int cmp_rows(const void *pa, const void *pb, void *arg)
{
    const struct pnode *p = arg;
    const struct sql_value *a = *(const struct sql_value *const *)pa;
    const struct sql_value *b = *(const struct sql_value *const *)pb;
    for (int k = 0; k < p->u.sort.nkeys; k++) {
        const struct sort_key *sk = &p->u.sort.keys[k];
        const struct sql_value *x = &a[sk->col], *y = &b[sk->col];
        int c;
        if (x->null || y->null) {
            if (x->null && y->null)
                continue;
            c = x->null ? 1 : -1; /* NULL is larger */
            if (sk->nulls_first)
                c = -c;
            return c; /* independent of direction */
        }
        c = sql_value_cmp(x, y);
        if (c != 0)
            return sk->desc ? -c : c;
    }
    return 0;
}

static struct sort_state *st(struct xnode *x)
{
    /* the state lives in the node memory, found through the mat.rows slot */
    return (struct sort_state *)(void *)x->u.mat.rows;
}

void eng__sort_set_bound(struct xnode *x, int64_t bound)
{
    if (x->u.mat.rows == NULL) {
        struct sort_state *s = mem_alloc0(x->ctx, sizeof *s);
        s->bound = -1;
        x->u.mat.rows = (struct sql_value **)(void *)s;
    }
    st(x)->bound = bound;
}

static void copy_row(struct mem_ctx *ctx, const struct sql_value *r, int w, struct sql_value **out)
{
    struct sql_value *c = mem_alloc(ctx, sizeof *c * (size_t)(w > 0 ? w : 1));
    for (int i = 0; i < w; i++)
        sql_value_copy(ctx, &r[i], &c[i]);
    *out = c;
}

static void compact(struct xnode *x, struct sort_state *s)
{
    qsort_r(s->rows, s->n, sizeof *s->rows, cmp_rows, (void *)x->p);
    size_t keep = s->n < (size_t)s->bound ? s->n : (size_t)s->bound;
    struct mem_ctx *nd = mem_ctx_new(x->ctx, "sort data");
    struct sql_value **nr = mem_alloc(nd, sizeof *nr * s->cap);
    for (size_t i = 0; i < keep; i++)
        copy_row(nd, s->rows[i], x->p->width, &nr[i]);
    mem_ctx_free(s->data);
    s->data = nd;
    s->rows = nr;
    s->n = keep;
}

/* PostgreSQL sorts what a seq scan or a bitmap heap scan returns, rows in
 * heap (insertion) order; an index scan of ours under the sort would hand
 * them over in index order, and ties would then come out differently.
 * Ask such a secondary index scan for primary key order instead. */
static void heap_order_input(struct xnode *x)
{
    struct xnode *c = x->l;
    while (c != NULL && c->p != NULL && (c->p->kind == PN_PROJECT || c->p->kind == PN_FILTER))
        c = c->l;
    if (c != NULL && c->p != NULL && c->p->kind == PN_SCAN && c->p->u.scan.idx_pos > 0 &&
        c->p->u.scan.t->kind == 'r')
        c->u.scan.pk_order = true;
}

int eng__sort_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    *has = false;
    if (x->u.mat.rows == NULL)
        eng__sort_set_bound(x, -1);
    struct sort_state *s = st(x);
    if (!x->started) {
        x->started = true;
        heap_order_input(x);
        s->data = mem_ctx_new(x->ctx, "sort data");
        if (s->bound == 0)
            return 0;
        s->cap = s->bound > 0 && s->bound < 512 ? (size_t)s->bound * 2 : 1024;
        s->rows = mem_alloc(s->data, sizeof *s->rows * s->cap);
        for (;;) {
            const struct sql_value *r;
            bool h;
            int rc = eng__xnext(x->l, &r, &h, e);
            if (rc != 0)
                return rc;
            if (!h)
                break;
            if ((rc = eng__tick(x->rt, e)) != 0)
                return rc;
            if (s->n == s->cap) {
                if (s->bound > 0 && s->n >= (size_t)s->bound * 2) {
                    compact(x, s);
                } else {
                    size_t nc = s->cap * 2;
                    s->rows = mem_realloc(s->data, s->rows, sizeof *s->rows * s->cap,
                                          sizeof *s->rows * nc);
                    s->cap = nc;
                }
            }
            copy_row(s->data, r, x->p->width, &s->rows[s->n++]);
        }
        /* PostgreSQL's quicksort, not a stable sort: ties come out as there */
        eng__pg_qsort((void **)s->rows, s->n, cmp_rows, (void *)x->p);
        if (s->bound >= 0 && s->n > (size_t)s->bound)
            s->n = (size_t)s->bound;
        s->i = 0;
    }
    if (s->i >= s->n)
        return 0;
    *row = s->rows[s->i++];
    *has = true;
    return 0;
}
