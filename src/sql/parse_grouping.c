/* parse_grouping.c — GROUP BY with GROUPING SETS, ROLLUP and CUBE: the group
 * clause is expanded (as PostgreSQL's expand_grouping_sets) into the cross
 * product of its items' sets. The distinct expressions go to q->group_by and
 * each set becomes a struct sql_gset of indexes into it.
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"

#include <string.h>

#define GSET_MAX 4096

struct gacc {
    struct sql__cv *cv;
    const pq_node **nodes; /* distinct grouping expressions */
    int nnodes, cap;
};

struct iset {
    int n;
    int *idx;
};

struct ilist {
    int n;
    struct iset *s;
};

static int node_index(struct gacc *g, const pq_node *n)
{
    for (int i = 0; i < g->nnodes; i++)
        if (g->nodes[i] == n)
            return i;
    if (g->nnodes == g->cap) {
        int nc = g->cap ? g->cap * 2 : 8;
        g->nodes = mem_realloc(g->cv->ctx, g->nodes, sizeof *g->nodes * (size_t)g->cap,
                               sizeof *g->nodes * (size_t)nc);
        g->cap = nc;
    }
    g->nodes[g->nnodes] = n;
    return g->nnodes++;
}

static struct iset iset_cat(struct gacc *g, struct iset a, struct iset b)
{
    struct iset r = {.n = a.n + b.n};
    r.idx = mem_alloc(g->cv->ctx, sizeof *r.idx * (size_t)(r.n > 0 ? r.n : 1));
    if (a.n > 0)
        memcpy(r.idx, a.idx, sizeof *r.idx * (size_t)a.n);
    if (b.n > 0)
        memcpy(r.idx + a.n, b.idx, sizeof *r.idx * (size_t)b.n);
    return r;
}

/* One element of a set: an expression, or (a, b) as its members. */
static int element(struct gacc *g, const pq_node *n, struct iset *out)
{
    if (n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
        n->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST) {
        out->n = (int)n->row_expr->n_args;
        out->idx = mem_alloc(g->cv->ctx, sizeof *out->idx * (size_t)(out->n > 0 ? out->n : 1));
        for (int i = 0; i < out->n; i++)
            out->idx[i] = node_index(g, n->row_expr->args[i]);
        return 0;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET)
        return sql__unsupported_node(g->cv, n);
    out->n = 1;
    out->idx = mem_alloc(g->cv->ctx, sizeof *out->idx);
    out->idx[0] = node_index(g, n);
    return 0;
}

static int too_many(struct gacc *g)
{
    return err_set_state(g->cv->e, ERR_LIMIT, "54001",
                         "too many grouping sets present (maximum 4096)");
}

static int expand(struct gacc *g, const pq_node *n, struct ilist *out)
{
    struct sql__cv *cv = g->cv;
    int rc;
    if (n->node_case != PG_QUERY__NODE__NODE_GROUPING_SET) {
        out->n = 1;
        out->s = mem_alloc(cv->ctx, sizeof *out->s);
        return element(g, n, &out->s[0]);
    }
    const PgQuery__GroupingSet *gs = n->grouping_set;
    int nc = (int)gs->n_content;
    switch (gs->kind) {
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY:
        out->n = 1;
        out->s = mem_alloc0(cv->ctx, sizeof *out->s);
        return 0;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE: {
        struct iset acc = {0};
        for (int i = 0; i < nc; i++) {
            struct iset el;
            if ((rc = element(g, gs->content[i], &el)) != 0)
                return rc;
            acc = iset_cat(g, acc, el);
        }
        out->n = 1;
        out->s = mem_alloc(cv->ctx, sizeof *out->s);
        out->s[0] = acc;
        return 0;
    }
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP: {
        struct iset *els = mem_alloc0(cv->ctx, sizeof *els * (size_t)(nc > 0 ? nc : 1));
        for (int i = 0; i < nc; i++)
            if ((rc = element(g, gs->content[i], &els[i])) != 0)
                return rc;
        out->n = nc + 1;
        out->s = mem_alloc0(cv->ctx, sizeof *out->s * (size_t)out->n);
        struct iset acc = {0};
        for (int k = 0; k < nc; k++) {
            acc = iset_cat(g, acc, els[k]);
            out->s[nc - 1 - k] = acc;
        }
        return 0; /* out->s[nc] is () */
    }
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE: {
        if (nc > 12)
            return too_many(g);
        struct iset *els = mem_alloc0(cv->ctx, sizeof *els * (size_t)(nc > 0 ? nc : 1));
        for (int i = 0; i < nc; i++)
            if ((rc = element(g, gs->content[i], &els[i])) != 0)
                return rc;
        out->n = 1 << nc;
        out->s = mem_alloc0(cv->ctx, sizeof *out->s * (size_t)out->n);
        for (int m = 0; m < out->n; m++) {
            struct iset acc = {0};
            for (int i = 0; i < nc; i++)
                if (!(m & (1 << (nc - 1 - i))))
                    acc = iset_cat(g, acc, els[i]);
            out->s[m] = acc;
        }
        return 0;
    }
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS: {
        struct ilist acc = {0};
        for (int i = 0; i < nc; i++) {
            struct ilist sub;
            if ((rc = expand(g, gs->content[i], &sub)) != 0)
                return rc;
            if (acc.n + sub.n > GSET_MAX)
                return too_many(g);
            struct iset *ns =
                mem_alloc(cv->ctx, sizeof *ns * (size_t)(acc.n + sub.n > 0 ? acc.n + sub.n : 1));
            if (acc.n > 0)
                memcpy(ns, acc.s, sizeof *ns * (size_t)acc.n);
            if (sub.n > 0)
                memcpy(ns + acc.n, sub.s, sizeof *ns * (size_t)sub.n);
            acc.s = ns;
            acc.n += sub.n;
        }
        *out = acc;
        return 0;
    }
    default:
        return sql__malformed(cv, "grouping set");
    }
}

int sql__cv_group_clause(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *group_by,
                         struct sql_list *gsets)
{
    bool any = false;
    for (size_t i = 0; i < n; i++)
        if (items[i]->node_case == PG_QUERY__NODE__NODE_GROUPING_SET)
            any = true;
    if (!any) {
        int rc = sql__cv_exprs(cv, items, n, group_by);
        if (rc != 0)
            return rc;
        /* GROUP BY (a, b) is GROUP BY a, b: flatten_grouping_sets expands
         * an implicit row constructor (not ROW(a, b)) */
        int total = 0;
        for (int i = 0; i < group_by->n; i++) {
            const struct sql_expr *x = group_by->items[i];
            total += x->kind == SQL_EXPR_ROW && !x->u.row.explicit_row ? x->u.row.args.n : 1;
        }
        if (total == group_by->n)
            return 0;
        struct sql_list flat;
        sql__list_init(cv, &flat, (size_t)total);
        flat.n = 0;
        for (int i = 0; i < group_by->n; i++) {
            struct sql_expr *x = group_by->items[i];
            if (x->kind == SQL_EXPR_ROW && !x->u.row.explicit_row)
                for (int k = 0; k < x->u.row.args.n; k++)
                    flat.items[flat.n++] = x->u.row.args.items[k];
            else
                flat.items[flat.n++] = x;
        }
        *group_by = flat;
        return 0;
    }
    struct gacc g = {.cv = cv};
    struct ilist acc = {.n = 1};
    acc.s = mem_alloc0(cv->ctx, sizeof *acc.s);
    for (size_t i = 0; i < n; i++) {
        struct ilist sub;
        int rc = expand(&g, items[i], &sub);
        if (rc != 0)
            return rc;
        if ((long long)acc.n * sub.n > GSET_MAX)
            return too_many(&g);
        struct ilist prod = {.n = acc.n * sub.n};
        prod.s = mem_alloc0(cv->ctx, sizeof *prod.s * (size_t)(prod.n > 0 ? prod.n : 1));
        for (int a = 0; a < acc.n; a++)
            for (int b = 0; b < sub.n; b++)
                prod.s[a * sub.n + b] = iset_cat(&g, acc.s[a], sub.s[b]);
        acc = prod;
    }
    sql__list_init(cv, group_by, (size_t)g.nnodes);
    for (int i = 0; i < g.nnodes; i++) {
        struct sql_expr *x;
        int rc = sql__cv_expr(cv, g.nodes[i], &x);
        if (rc != 0)
            return rc;
        group_by->items[i] = x;
    }
    group_by->n = g.nnodes;
    sql__list_init(cv, gsets, (size_t)acc.n);
    for (int i = 0; i < acc.n; i++) {
        struct sql_gset *s = mem_alloc0(cv->ctx, sizeof *s);
        s->n = acc.s[i].n;
        s->idx = acc.s[i].idx;
        gsets->items[i] = s;
    }
    gsets->n = acc.n;
    return 0;
}
