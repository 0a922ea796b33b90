/* bind_grouping.c — GROUPING SETS / ROLLUP / CUBE: one PN_AGG per grouping set
 * over the same input, each projected to the query's grouped layout
 * [all group keys, aggregates] (NULL for the keys outside its set), the sets
 * appended with UNION ALL. The rest of eng__plan_select (HAVING, windows,
 * projection, ORDER BY) works on that layout unchanged.
 */
#include "sql/engine_int.h"

#include <string.h>

static struct pnode *gs_node(struct mem_ctx *ctx, enum pn_kind k, int width)
{
    struct pnode *p = mem_alloc0(ctx, sizeof *p);
    p->kind = k;
    p->width = width;
    p->est_rows = 1000;
    return p;
}

static struct bx *gs_col(struct binder *b, uint32_t type, int32_t typmod, int idx)
{
    struct bx *c = mem_alloc0(b->ctx, sizeof *c);
    c->kind = BX_COL;
    c->type = type;
    c->typmod = typmod;
    c->location = -1;
    c->u.col.idx = idx;
    return c;
}

static struct bx *gs_null(struct binder *b, const struct bx *like)
{
    struct bx *c = mem_alloc0(b->ctx, sizeof *c);
    c->kind = BX_CONST;
    c->type = like->type;
    c->typmod = like->typmod;
    c->location = -1;
    c->u.c.type = like->type;
    c->u.c.null = true;
    return c;
}

struct pnode *eng__plan_gsets(struct binder *b, struct pnode *in, const struct sql_list *gsets,
                              struct bx **groups, int ng, struct bx_aggref **aggs, int naggs)
{
    struct pnode *acc = NULL;
    for (int k = 0; k < gsets->n; k++) {
        const struct sql_gset *gs = gsets->items[k];
        int nk = gs->n;
        struct bx **sg = mem_alloc(b->ctx, sizeof *sg * (size_t)(nk > 0 ? nk : 1));
        for (int j = 0; j < nk; j++)
            sg[j] = groups[gs->idx[j]];
        struct pnode *a = gs_node(b->ctx, PN_AGG, nk + naggs);
        a->l = in;
        a->u.agg.groups = sg;
        a->u.agg.ngroups = nk;
        a->u.agg.aggs = aggs;
        a->u.agg.naggs = naggs;
        a->est_rows = nk > 0 ? in->est_rows / 10 + 1 : 1;
        struct bx **ex = mem_alloc(b->ctx, sizeof *ex * (size_t)(ng + naggs > 0 ? ng + naggs : 1));
        for (int i = 0; i < ng; i++) {
            ex[i] = NULL;
            for (int j = 0; j < nk && ex[i] == NULL; j++)
                if (eng__bx_equal(groups[i], sg[j]))
                    ex[i] = gs_col(b, groups[i]->type, groups[i]->typmod, j);
            if (ex[i] == NULL)
                ex[i] = gs_null(b, groups[i]);
        }
        for (int t = 0; t < naggs; t++)
            ex[ng + t] = gs_col(b, aggs[t]->def->ret, -1, nk + t);
        struct pnode *pr = gs_node(b->ctx, PN_PROJECT, ng + naggs);
        pr->l = a;
        pr->u.project.exprs = ex;
        pr->u.project.n = ng + naggs;
        pr->est_rows = a->est_rows;
        if (acc == NULL) {
            acc = pr;
            continue;
        }
        struct pnode *u = gs_node(b->ctx, PN_SETOP, ng + naggs);
        u->l = acc;
        u->r = pr;
        u->u.setop.op = SQL_SETOP_UNION;
        u->u.setop.all = true;
        u->est_rows = acc->est_rows + pr->est_rows;
        acc = u;
    }
    return acc;
}
