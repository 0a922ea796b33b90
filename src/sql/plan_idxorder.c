/* plan_idxorder.c — ORDER BY ... LIMIT n read in index order.
 *
 * A query level planned as Limit / Sort / Project [/ Filter] over one scan
 * whose sort keys are, in order, the key columns (or expression key
 * columns) of an index after the span's equality prefix, all in the
 * index's direction or all in the opposite one (then the index is walked
 * backwards: DESC NULLS FIRST is ASC NULLS LAST reversed), needs no sort:
 * the Sort is dropped and the scan walks that index (a scan without a
 * span becomes a whole-index scan). Only under a LIMIT, where PostgreSQL
 * also prefers the index; without one the sort stays.
 */
#include "sql/engine_int.h"

static bool key_matches(struct binder *b, const struct sql_table_desc *t, int ip, int j, int off,
                        const struct bx *x)
{
    const struct sql_idx_desc *ix = &t->idx[ip];
    if (ix->exprs[j] != NULL) {
        struct bx *ex = eng__idx_expr_bx(b, t, ip, j, off);
        return ex != NULL && eng__bx_equal(ex, x);
    }
    int pos = sql_cat_column_pos(t, ix->col_ids[j]);
    return pos >= 0 && x->kind == BX_COL && x->u.col.level == 0 && x->u.col.idx == off + pos;
}

/* Does index ip give the order of sort keys k over projection pr? */
static bool index_gives(struct binder *b, const struct pnode *scan, int ip,
                        const struct pnode *sort, const struct pnode *pr, bool *reverse)
{
    const struct sql_table_desc *t = scan->u.scan.t;
    const struct sql_idx_desc *ix = &t->idx[ip];
    int first = scan->u.scan.idx_pos == ip ? scan->u.scan.neq : 0;
    if (sort->u.sort.nkeys < 1 || first + sort->u.sort.nkeys > ix->ncols)
        return false;
    for (int i = 0; i < sort->u.sort.nkeys; i++) {
        const struct sort_key *k = &sort->u.sort.keys[i];
        int j = first + i;
        if (k->col < 0 || k->col >= pr->u.project.n)
            return false;
        bool rev = k->desc != ix->desc[j];
        if (i == 0)
            *reverse = rev;
        if (rev != *reverse || k->nulls_first != (ix->nulls_first[j] != rev))
            return false;
        if (!key_matches(b, t, ip, j, scan->u.scan.off, pr->u.project.exprs[k->col]))
            return false;
    }
    return true;
}

void eng__index_order(struct binder *b, struct pnode *p)
{
    if (p == NULL || p->kind != PN_LIMIT || p->u.limit.ties != NULL || p->u.limit.limit == NULL)
        return;
    struct pnode *sort = p->l;
    if (sort == NULL || sort->kind != PN_SORT)
        return;
    struct pnode *pr = sort->l;
    if (pr == NULL || pr->kind != PN_PROJECT)
        return;
    struct pnode *scan = pr->l;
    if (scan != NULL && scan->kind == PN_FILTER)
        scan = scan->l;
    if (scan == NULL || scan->kind != PN_SCAN || scan->u.scan.t->kind != 'r')
        return;
    const struct sql_table_desc *t = scan->u.scan.t;
    bool reverse = false;
    int ip = scan->u.scan.idx_pos;
    if (ip >= 0) {
        if (!index_gives(b, scan, ip, sort, pr, &reverse))
            return;
    } else {
        for (ip = 0; ip < t->nidx; ip++) /* not a partial index: it lacks rows */
            if (t->idx[ip].pred == NULL && index_gives(b, scan, ip, sort, pr, &reverse))
                break;
        if (ip >= t->nidx)
            return;
        scan->u.scan.idx_pos = ip;
        scan->u.scan.neq = 0;
    }
    scan->u.scan.reverse = reverse;
    p->l = pr; /* the sort goes */
}
