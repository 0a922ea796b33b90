/* bind_fundep.c — GROUP BY functional dependency (PostgreSQL's
 * check_functional_grouping, parse_agg.c).
 *
 * A grouped query may read any column of a base table whose primary key
 * columns are all plain GROUP BY columns of that level: grouping by the key
 * makes the grouping a no-op for the table. Only the primary key counts
 * (not UNIQUE constraints), only base tables referenced in this level's FROM
 * (also under aliases and inside joins; not a subquery's, a view's or a
 * WITH query's output), and under GROUPING SETS / ROLLUP / CUBE only the keys
 * of every set count (PostgreSQL's gset_common); the extra keys then join
 * every set.
 *
 * Such a column becomes an extra group key of the level (appended after the
 * written ones) before the aggregation is planned, so regrouping finds it
 * like any other key: in the select list, HAVING, ORDER BY, window
 * definitions and the correlated sublinks of those (scope.uprefs). Adding a
 * key the primary key already determines never splits a group.
 *
 * A view (or materialized view) whose query relies on a primary key this
 * way depends on the key constraint, as PostgreSQL's constraintDeps: the
 * dependency SQL_VIEW_DEP_PKEY on the table (catalog.h), so ALTER TABLE ...
 * DROP CONSTRAINT of the key fails 2BP01 or, with CASCADE, drops the view
 * (ddl_alter.c).
 */
#include "sql/engine_int.h"

#include <string.h>

struct fd_acc {
    struct binder *b;
    struct scope *s;
    struct bx ***groups;
    int *ng;
    int cap;
    signed char *rte_ok; /* per rte: 0 unknown, 1 its primary key is grouped, -1 not */
    bool *common;        /* per written key: in every grouping set */
    int ncommon;
    struct err *e;
    int rc;
    /* the column references inside this level's aggregates: not a use of
     * the key (no dependency), as PostgreSQL's check_ungrouped_columns */
    const struct bx **inagg;
    int ninagg, aggcap;
};

static bool grouped_slot(struct bx **groups, int ng, const bool *common, int slot)
{
    for (int i = 0; i < ng; i++)
        if ((common == NULL || common[i]) && groups[i]->kind == BX_COL &&
            groups[i]->u.col.level == 0 && groups[i]->u.col.idx == slot)
            return true;
    return false;
}

/* Whether every primary key column of r's table is a group key. */
static int pk_grouped(struct fd_acc *a, const struct rte *r, bool *ok)
{
    *ok = false;
    const struct sql_table_desc *t = NULL;
    if (r->table_oid < SQL_FIRST_USER_OID)
        return 0;
    int rc = sql_cat_table_by_oid(a->b->env, r->table_oid, &t, a->e);
    if (rc != 0)
        return rc;
    if (t == NULL || t->kind != 'r' || t->nidx < 1 || !t->idx[0].primary)
        return 0;
    const struct sql_idx_desc *pk = &t->idx[0];
    for (int k = 0; k < pk->ncols; k++) {
        if (pk->exprs[k] != NULL || pk->col_ids[k] == 0)
            return 0;
        int16_t attnum = -1;
        for (int c = 0; c < t->ncols; c++)
            if (t->cols[c].id == pk->col_ids[k])
                attnum = t->cols[c].attnum;
        int slot = -1;
        for (int c = 0; c < r->ncols; c++)
            if (r->attnums[c] == attnum)
                slot = r->off + c;
        if (slot < 0 || !grouped_slot(*a->groups, a->ncommon, a->common, slot))
            return 0;
    }
    *ok = true;
    return 0;
}

static void add_key(struct fd_acc *a, struct bx *col)
{
    if (*a->ng == a->cap) {
        int nc = a->cap * 2 + 4;
        struct bx **g = mem_alloc(a->b->ctx, sizeof *g * (size_t)nc);
        if (*a->ng > 0)
            memcpy(g, *a->groups, sizeof *g * (size_t)*a->ng);
        *a->groups = g;
        a->cap = nc;
    }
    (*a->groups)[(*a->ng)++] = col;
}

/* Slot of this level: a group key when its table's primary key is grouped. */
static void consider(struct fd_acc *a, int slot, bool note)
{
    if (a->rc != 0 || grouped_slot(*a->groups, *a->ng, NULL, slot))
        return;
    for (int i = 0; i < a->s->nrtes; i++) {
        const struct rte *r = &a->s->rtes[i];
        if (r->table_oid == 0 || r->pulled || slot < r->off || slot >= r->off + r->ncols)
            continue;
        if (a->rte_ok[i] == 0) {
            bool ok;
            a->rc = pk_grouped(a, r, &ok);
            if (a->rc != 0)
                return;
            a->rte_ok[i] = ok ? 1 : -1;
        }
        if (a->rte_ok[i] > 0) {
            add_key(a, eng__rte_colref(a->b, r, slot - r->off, 0, -1));
            if (note)
                eng__view_note(a->b, r->table_oid, SQL_VIEW_DEP_PKEY);
        }
        return;
    }
}

static bool inagg_fn(struct bx *x, void *arg)
{
    struct fd_acc *a = arg;
    if (x->kind != BX_COL)
        return false;
    if (a->ninagg == a->aggcap) {
        int nc = a->aggcap * 2 + 8;
        a->inagg = mem_realloc(a->b->ctx, a->inagg, sizeof *a->inagg * (size_t)a->aggcap,
                               sizeof *a->inagg * (size_t)nc);
        a->aggcap = nc;
    }
    a->inagg[a->ninagg++] = x;
    return false;
}

static bool walk_fn(struct bx *x, void *arg)
{
    struct fd_acc *a = arg;
    if (x->kind == BX_AGG) /* visited before its arguments */
        eng__bx_walk(x, inagg_fn, a);
    if (x->kind == BX_COL && x->u.col.level == 0) {
        bool note = true;
        for (int i = 0; i < a->ninagg && note; i++)
            note = a->inagg[i] != x;
        consider(a, x->u.col.idx, note);
    }
    return a->rc != 0;
}

int eng__fundep_groups(struct binder *b, struct scope *s, struct bx ***groups, int *ng,
                       const struct sql_list **gsets, struct bx **xs, int nx, struct bx *having,
                       struct err *e)
{
    int ng0 = *ng;
    if (ng0 == 0 || s->nrtes == 0)
        return 0;
    struct fd_acc a = {.b = b, .s = s, .groups = groups, .ng = ng, .cap = ng0, .e = e};
    a.rte_ok = mem_alloc0(b->ctx, (size_t)s->nrtes);
    a.common = mem_alloc(b->ctx, sizeof *a.common * (size_t)ng0);
    a.ncommon = ng0;
    for (int i = 0; i < ng0; i++)
        a.common[i] = true;
    /* under grouping sets only the keys of every set count */
    for (int k = 0; gsets != NULL && k < (*gsets)->n; k++) {
        const struct sql_gset *gs = (*gsets)->items[k];
        for (int i = 0; i < ng0; i++) {
            bool in = false;
            for (int j = 0; j < gs->n && !in; j++)
                in = eng__bx_equal((*groups)[gs->idx[j]], (*groups)[i]);
            if (!in)
                a.common[i] = false;
        }
    }
    for (int i = 0; i < nx && a.rc == 0; i++)
        eng__bx_walk(xs[i], walk_fn, &a);
    if (a.rc == 0)
        eng__bx_walk(having, walk_fn, &a);
    for (int i = 0; i < s->nuprefs && a.rc == 0; i++)
        if (s->uprefs[i].agg < 0)
            consider(&a, s->uprefs[i].slot, true);
    if (a.rc != 0 || *ng == ng0 || gsets == NULL)
        return a.rc;
    /* the extra keys join every set */
    int nx2 = *ng - ng0;
    struct sql_list *l = mem_alloc0(b->ctx, sizeof *l);
    l->n = (*gsets)->n;
    l->items = mem_alloc(b->ctx, sizeof *l->items * (size_t)(l->n > 0 ? l->n : 1));
    for (int k = 0; k < l->n; k++) {
        const struct sql_gset *gs = (*gsets)->items[k];
        struct sql_gset *g = mem_alloc(b->ctx, sizeof *g);
        g->n = gs->n + nx2;
        g->idx = mem_alloc(b->ctx, sizeof *g->idx * (size_t)g->n);
        if (gs->n > 0)
            memcpy(g->idx, gs->idx, sizeof *g->idx * (size_t)gs->n);
        for (int i = 0; i < nx2; i++)
            g->idx[gs->n + i] = ng0 + i;
        l->items[k] = g;
    }
    *gsets = l;
    return 0;
}
