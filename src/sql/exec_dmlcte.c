/* exec_dmlcte.c — data-modifying WITH at run time (bind_dmlcte.c plans
 * it): every sub-statement runs once, in order and to completion, before
 * the main query reads anything, whether or not the main query reads its
 * output; its RETURNING rows stay in the cursor's memory for PN_DMLSCAN.
 * The caller (sql_cursor_next) holds the kv read cap of the statement's
 * snapshot around this and the main query.
 */
#include "sql/engine_int.h"

int eng__dml_ctes_run(struct xrt *rt, const struct sql_plan *p, bool after, struct mem_ctx *ctx,
                      struct err *e)
{
    for (int i = 0; i < p->ndml; i++) {
        if (p->dml_after[i] != after)
            continue;
        const struct pnode *m = p->dml[i];
        struct xnode *src = NULL;
        int rc = 0;
        if (m->l != NULL && (rc = eng__xopen(rt, m->l, ctx, &src, e)) != 0)
            return rc;
        uint64_t count = 0;
        if ((rc = eng__modify_run(rt, m, src, ctx, &count, &rt->dml_rows[i], &rt->dml_n[i], e)) !=
            0)
            return rc;
    }
    return 0;
}

int eng__dmlscan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    int id = x->p->u.dmlscan.id;
    *has = false;
    if (x->rt->dml_rows == NULL || x->u.mat.i >= x->rt->dml_n[id])
        return 0;
    int rc = eng__tick(x->rt, e);
    if (rc != 0)
        return rc;
    *row = x->rt->dml_rows[id][x->u.mat.i++];
    *has = true;
    return 0;
}
