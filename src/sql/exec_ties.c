/* exec_ties.c — FETCH FIRST n ROWS WITH TIES: a PN_LIMIT over sorted rows
 * that, once n rows are returned, goes on returning the rows whose sort key
 * values equal the last one's (as PostgreSQL's nodeLimit.c
 * LIMIT_WINDOWEND_TIES). A NULL count is 2201W, as PostgreSQL's.
 */
#include "sql/engine_int.h"

#include <string.h>

/* The PN_SORT the limit reads (through DISTINCT ON, which keeps the layout). */
int eng__plan_ties(struct binder *b, struct pnode *l, const struct sql_expr *count, struct err *e)
{
    const struct pnode *q = l->l;
    while (q != NULL && q->kind == PN_DISTINCT && q->u.distinct.cols != NULL)
        q = q->l;
    if (q == NULL || q->kind != PN_SORT || q->u.sort.nkeys == 0)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "FETCH ... WITH TIES is not supported in this query");
    l->u.limit.ties = q->u.sort.keys;
    l->u.limit.nties = q->u.sort.nkeys;
    /* PostgreSQL's transformLimitClause rejects a bare NULL (ruleutils
     * could not print it back); a count that is NULL when run means all
     * rows, as nodeLimit.c's recompute_limits. */
    (void)b;
    if (count != NULL && count->kind == SQL_EXPR_CONST && count->u.c.kind == SQL_CONST_NULL)
        return err_set_state(e, ERR_INVAL, "2201W",
                             "row count cannot be null in FETCH FIRST ... WITH TIES clause");
    return 0;
}

static int count_of(struct xnode *x, const struct bx *b, bool is_limit, int64_t *out, struct err *e)
{
    *out = -1;
    if (b == NULL)
        return 0;
    struct ectx c = {.rt = x->rt, .outer = x->rt->outer, .mem = x->ctx};
    struct sql_value v;
    int rc = eng__eval(&c, b, &v, e);
    if (rc != 0)
        return rc;
    if (v.null)
        return 0;
    if (v.u.i < 0)
        return err_set_state(e, ERR_INVAL, is_limit ? "2201W" : "2201X", "%s must not be negative",
                             is_limit ? "LIMIT" : "OFFSET");
    *out = v.u.i;
    return 0;
}

static bool same_keys(const struct pnode *p, const struct sql_value *last,
                      const struct sql_value *r)
{
    for (int i = 0; i < p->u.limit.nties; i++) {
        const struct sql_value *a = &last[i], *c = &r[p->u.limit.ties[i].col];
        if (a->null || c->null) {
            if (a->null != c->null)
                return false;
            continue;
        }
        if (sql_value_cmp(a, c) != 0)
            return false;
    }
    return true;
}

int eng__limit_ties_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    int rc;
    *has = false;
    if (x->u.limit.limit == -2) {
        int64_t off;
        if ((rc = count_of(x, p->u.limit.limit, true, &x->u.limit.limit, e)) != 0 ||
            (rc = count_of(x, p->u.limit.offset, false, &off, e)) != 0)
            return rc;
        x->u.limit.offset = off < 0 ? 0 : off;
        x->u.limit.seen = 0;
        x->u.limit.last = NULL;
        x->done = false;
    }
    if (x->done)
        return 0;
    for (;;) {
        const struct sql_value *r;
        bool h;
        if ((rc = eng__xnext(x->l, &r, &h, e)) != 0)
            return rc;
        if (!h) {
            x->done = true;
            return 0;
        }
        int64_t end = x->u.limit.offset + x->u.limit.limit;
        if (x->u.limit.limit >= 0 && x->u.limit.seen >= end) {
            /* past the count: only the ties of the last row */
            if (x->u.limit.last == NULL || !same_keys(p, x->u.limit.last, r)) {
                x->done = true;
                return 0;
            }
            *row = r;
            *has = true;
            return 0;
        }
        x->u.limit.seen++;
        if (x->u.limit.seen <= x->u.limit.offset)
            continue;
        if (x->u.limit.limit >= 0 && x->u.limit.seen == end) {
            if (x->u.limit.last == NULL)
                x->u.limit.last =
                    mem_alloc0(x->ctx, sizeof *x->u.limit.last * (size_t)p->u.limit.nties);
            for (int i = 0; i < p->u.limit.nties; i++)
                sql_value_copy(x->ctx, &r[p->u.limit.ties[i].col], &x->u.limit.last[i]);
        }
        *row = r;
        *has = true;
        return 0;
    }
}
