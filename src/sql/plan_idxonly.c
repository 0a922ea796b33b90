/* plan_idxonly.c — index-only scans.
 *
 * A secondary index entry holds the key columns and the primary key
 * (table.c: /<oid>/<index id>/<key values>[/<pk values>], or the pk as
 * the value of a unique entry). When every column a query level reads of
 * its one table is among them, the scan decodes the entries and never
 * reads the rows (table_scan.c); on the primary index it only changes what
 * EXPLAIN prints, as PostgreSQL's Index Only Scan on a primary key.
 * EXPLAIN says Index Only Scan only when the index's own key columns hold
 * them (PostgreSQL's entries have no primary key); a scan that also needs
 * primary key columns is index-only too but shown as an Index Scan.
 *
 * What a level reads is found conservatively: the level must be a chain
 * Limit / Sort / Unique / Project / Aggregate / Filter over one scan, with
 * a Project or Aggregate above the scan (so the full-width row never
 * leaves the level), and no sublink, window or set-returning function
 * anywhere in it (a sublink may read the row as an outer reference). What
 * the nodes above a Project or Aggregate read is that node's output, so
 * the columns counted are those the lowest of them and the nodes below it
 * reference. Key decoding must give back the stored value exactly,
 * so only types whose key encoding is lossless qualify (not numeric:
 * display scale; not float: -0; not bpchar: padding).
 */
#include "sql/engine_int.h"

#include "sql/enum.h"

#include <string.h>

struct used {
    int hi; /* slots tracked: [0, hi) */
    bool *u;
    bool bad;
};

static bool note(struct bx *x, void *arg)
{
    struct used *u = arg;
    if (x->kind == BX_SUBLINK || x->kind == BX_WINDOW) { /* (BX_SUBVAL: an ANY element) */
        u->bad = true;
        return true;
    }
    if (x->kind == BX_COL && x->u.col.level == 0 && x->u.col.idx >= 0 && x->u.col.idx < u->hi)
        u->u[x->u.col.idx] = true;
    return false;
}

static void note_slot(struct used *u, int slot)
{
    if (slot >= 0 && slot < u->hi)
        u->u[slot] = true;
}

static bool lossless_key(uint32_t type)
{
    switch (type) {
    case SQL_T_BOOL:
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
    case SQL_T_DATE:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_UUID:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        return true;
    default:
        return sql_enum_get(type) != NULL;
    }
}

static bool in_index(const struct sql_table_desc *t, const struct sql_idx_desc *ix, int pos)
{
    for (int j = 0; j < ix->ncols; j++)
        if (ix->exprs[j] == NULL && sql_cat_column_pos(t, ix->col_ids[j]) == pos)
            return true;
    return false;
}

static void scan_index_only(struct pnode *p, struct used *u)
{
    const struct sql_table_desc *t = p->u.scan.t;
    int ip = p->u.scan.idx_pos;
    if (ip < 0 || t->kind != 'r')
        return;
    eng__bx_walk(p->u.scan.filter, note, u);
    if (u->bad)
        return;
    bool own = true;
    for (int i = 0; i < t->ncols; i++) {
        if (!u->u[p->u.scan.off + i])
            continue;
        if (!lossless_key(t->cols[i].type))
            return;
        if (!in_index(t, &t->idx[ip], i)) {
            if (!in_index(t, &t->idx[0], i))
                return;
            own = false;
        }
    }
    /* PostgreSQL also wants the columns of the index conditions in the
     * index (lower(s) = 'x' on an index of lower(s) is no index-only scan
     * there); here the span implements them */
    bool *c = xcalloc((size_t)u->hi + 1, sizeof(bool));
    struct used cu = {.hi = u->hi, .u = c};
    for (int i = 0; i < p->u.scan.nindex_conds; i++)
        eng__bx_walk(p->u.scan.index_conds[i], note, &cu);
    for (int i = 0; i < t->ncols && p->u.scan.off + i < u->hi; i++)
        if (c[p->u.scan.off + i] && !in_index(t, &t->idx[ip], i))
            own = false;
    xfree(c);
    p->u.scan.index_only = true;
    p->u.scan.index_only_shown = own;
}

/* Record which of the table's columns the level reads (u, plus the scan's
 * filter and index conditions), so the scan decodes only those. */
static void scan_need(struct mem_ctx *m, struct pnode *p, struct used *u)
{
    const struct sql_table_desc *t = p->u.scan.t;
    if (t->kind != 'r')
        return;
    eng__bx_walk(p->u.scan.filter, note, u);
    for (int i = 0; i < p->u.scan.nindex_conds; i++)
        eng__bx_walk(p->u.scan.index_conds[i], note, u);
    if (u->bad)
        return;
    bool *need = mem_alloc0(m, sizeof(bool) * ((size_t)t->ncols + 1));
    bool all = true;
    for (int i = 0; i < t->ncols; i++) {
        int slot = p->u.scan.off + i;
        need[i] = slot >= u->hi || u->u[slot];
        all = all && need[i];
    }
    if (!all)
        p->u.scan.need = need;
}

void eng__index_only(struct mem_ctx *m, struct pnode *p)
{
    int width = 0;
    for (struct pnode *q = p; q != NULL; q = q->l)
        width = q->width > width ? q->width : width;
    struct used u = {.hi = width, .u = xcalloc((size_t)width + 1, sizeof(bool))};
    bool sealed = false;
    for (; p != NULL && !u.bad; p = p->l) {
        switch (p->kind) {
        case PN_LIMIT:
            eng__bx_walk(p->u.limit.limit, note, &u);
            eng__bx_walk(p->u.limit.offset, note, &u);
            break;
        case PN_SORT:
            for (int i = 0; i < p->u.sort.nkeys; i++)
                note_slot(&u, p->u.sort.keys[i].col);
            break;
        case PN_DISTINCT:
            for (int i = 0; i < p->u.distinct.ndistinct; i++)
                note_slot(&u, p->u.distinct.cols ? p->u.distinct.cols[i] : i);
            break;
        case PN_PROJECT:
            /* what the nodes above read is this node's output */
            memset(u.u, 0, sizeof(bool) * (size_t)width);
            for (int i = 0; i < p->u.project.n; i++)
                eng__bx_walk(p->u.project.exprs[i], note, &u);
            sealed = true;
            break;
        case PN_AGG:
            memset(u.u, 0, sizeof(bool) * (size_t)width);
            for (int i = 0; i < p->u.agg.ngroups; i++)
                eng__bx_walk(p->u.agg.groups[i], note, &u);
            for (int i = 0; i < p->u.agg.naggs; i++) {
                const struct bx_aggref *a = p->u.agg.aggs[i];
                eng__bx_walk(a->arg, note, &u);
                eng__bx_walk(a->arg2, note, &u);
                eng__bx_walk(a->filter, note, &u);
                eng__agg_order_walk(a, note, &u);
                for (int k = 0; k < a->ngargs; k++)
                    eng__bx_walk(a->gargs[k], note, &u);
            }
            sealed = true;
            break;
        case PN_FILTER:
            eng__bx_walk(p->u.filter.qual, note, &u);
            break;
        case PN_SCAN:
            if (sealed) {
                scan_index_only(p, &u);
                scan_need(m, p, &u);
            }
            u.bad = true; /* done */
            break;
        default:
            u.bad = true;
            break;
        }
    }
    xfree(u.u);
}

/* The inner side of a SEMI or ANTI join (plan_sublink.c): nothing above the
 * join reads the inner slots, so the columns its scan must produce are
 * those of the join's keys and condition (and the scan's own filter). */
void eng__index_only_semi(struct pnode *j)
{
    if (j->kind != PN_JOIN ||
        (j->u.join.type != SQL_JOIN_SEMI && j->u.join.type != SQL_JOIN_ANTI) || j->r == NULL ||
        j->r->kind != PN_SCAN)
        return;
    int width = j->width > j->r->width ? j->width : j->r->width;
    struct used u = {.hi = width, .u = xcalloc((size_t)width + 1, sizeof(bool))};
    eng__bx_walk(j->u.join.cond, note, &u);
    for (int i = 0; i < j->u.join.nkeys; i++)
        eng__bx_walk(j->u.join.rkeys[i], note, &u);
    if (!u.bad)
        scan_index_only(j->r, &u);
    xfree(u.u);
}
