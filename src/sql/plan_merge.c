/* plan_merge.c — the enable_* planner settings, and merge joins.
 *
 * Settings: read once per plan into binder.planner_off. As PostgreSQL's
 * disable_cost (1e10 added to a path's cost), a method switched off is not
 * forbidden: it is avoided only when another one can do the job (a FULL
 * join with hash and merge joins both off still gets one of them).
 *
 * Merge join (exec_merge.c): an equi-join whose keys are plain columns of
 * types the executor's sort orders as their btree opclass (the integer,
 * float and text families, numeric, bool, date/time types, uuid, bytea).
 * Each input is sorted on its keys (a Sort node, keys ascending NULLS LAST)
 * unless it is an index scan walking an index in that order. The planner
 * picks it:
 *   - when hash join is off (eng__equi_join_alg), as PostgreSQL's regression
 *     tests force it (SET enable_hashjoin = off);
 *   - when a query level is ordered by the join keys of an INNER or LEFT
 *     join of two base-table scans that some index of each walks in key order
 *     (eng__merge_order): the hash join becomes a merge join over the two
 *     index scans and the Sort on top goes, as PostgreSQL's
 *     Merge Join / Index Scan plans for ORDER BY the join key.
 */
#include "sql/engine_int.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    unsigned bit;
} g_settings[] = {
    {"enable_hashjoin", ENG_OFF_HASHJOIN},   {"enable_mergejoin", ENG_OFF_MERGEJOIN},
    {"enable_nestloop", ENG_OFF_NESTLOOP},   {"enable_seqscan", ENG_OFF_SEQSCAN},
    {"enable_indexscan", ENG_OFF_INDEXSCAN}, {"enable_indexonlyscan", ENG_OFF_INDEXONLYSCAN},
    {"enable_sort", ENG_OFF_SORT},           {"enable_bitmapscan", ENG_OFF_BITMAPSCAN},
    {"enable_hashagg", ENG_OFF_HASHAGG},     {"enable_material", ENG_OFF_MATERIAL},
};

bool eng__planner_off(struct binder *b, unsigned off)
{
    if (!b->planner_read) {
        b->planner_read = true;
        b->planner_off = 0;
        if (b->env != NULL && b->env->sess != NULL) { /* (no session: the defaults) */
            for (size_t i = 0; i < sizeof g_settings / sizeof g_settings[0]; i++) {
                const char *v = NULL;
                struct err e2 = {0};
                if (sql_setting_show(b->env, g_settings[i].name, b->ctx, &v, &e2) == 0 &&
                    v != NULL && strcasecmp(v, "off") == 0)
                    b->planner_off |= g_settings[i].bit;
            }
        }
    }
    return (b->planner_off & off) != 0;
}

static bool mergeable_type(uint32_t t)
{
    switch (t) {
    case SQL_T_BOOL:
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_NUMERIC:
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
    case SQL_T_BPCHAR:
    case SQL_T_DATE:
    case SQL_T_TIME:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_UUID:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
    case SQL_T_BYTEA:
        return true;
    default:
        return false;
    }
}

static int family(uint32_t t)
{
    switch (t) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
        return 1;
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
        return 2;
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
        return 3;
    default:
        return 0;
    }
}

static bool plain_col(const struct bx *x)
{
    return x->kind == BX_COL && x->u.col.level == 0;
}

bool eng__merge_keys_ok(struct bx **lk, struct bx **rk, int nk)
{
    if (nk < 1)
        return false;
    for (int i = 0; i < nk; i++) {
        if (!plain_col(lk[i]) || !plain_col(rk[i]))
            return false;
        uint32_t a = lk[i]->type, c = rk[i]->type;
        if (!mergeable_type(a) || !mergeable_type(c))
            return false;
        if (a != c && (family(a) == 0 || family(a) != family(c)))
            return false;
    }
    return true;
}

enum join_alg eng__equi_join_alg(struct binder *b, enum sql_join_type type, struct bx **lk,
                                 struct bx **rk, int nk, int nrest)
{
    if (!eng__planner_off(b, ENG_OFF_HASHJOIN))
        return JOIN_HASH;
    if (type == SQL_JOIN_SEMI || type == SQL_JOIN_ANTI)
        return JOIN_NL; /* the merge executor has no semi/anti form */
    /* a FULL merge join takes no other join condition (PostgreSQL's
     * select_mergejoin_clauses) */
    bool keys_ok = eng__merge_keys_ok(lk, rk, nk) && (type != SQL_JOIN_FULL || nrest == 0);
    if (keys_ok && !eng__planner_off(b, ENG_OFF_MERGEJOIN))
        return JOIN_MERGE;
    if (type != SQL_JOIN_FULL) /* all off: the nested loop is cheapest on small inputs */
        return JOIN_NL;
    return keys_ok ? JOIN_MERGE : JOIN_HASH;
}

/* Does index ip of scan's table give the order keys[0..n) (columns of the
 * scan's slots), ascending NULLS LAST, after the scan's equality prefix? */
static bool index_orders(const struct pnode *scan, int ip, struct bx **keys, int n)
{
    const struct sql_table_desc *t = scan->u.scan.t;
    const struct sql_idx_desc *ix = &t->idx[ip];
    int first = scan->u.scan.idx_pos == ip ? scan->u.scan.neq : 0;
    if (first + n > ix->ncols)
        return false;
    for (int i = 0; i < n; i++) {
        int j = first + i;
        /* (bpchar: the key holds the padding the comparison ignores) */
        if (ix->exprs[j] != NULL || ix->desc[j] || ix->nulls_first[j] ||
            keys[i]->type == SQL_T_BPCHAR)
            return false;
        int pos = sql_cat_column_pos(t, ix->col_ids[j]);
        if (pos < 0 || keys[i]->u.col.idx != scan->u.scan.off + pos)
            return false;
    }
    return true;
}

/* The scan under p (a PN_SCAN of a table), or NULL. */
static struct pnode *scan_of(struct pnode *p)
{
    if (p == NULL || p->kind != PN_SCAN || p->u.scan.t->kind != 'r' || p->u.scan.reverse ||
        p->u.scan.index_only)
        return NULL;
    return p;
}

/* An index that gives scan the order keys: its position, or -1. Only the
 * scan's own index when it has a span; else the primary key first. */
static int ordering_index(const struct pnode *scan, struct bx **keys, int n)
{
    const struct sql_table_desc *t = scan->u.scan.t;
    if (scan->u.scan.idx_pos >= 0)
        return index_orders(scan, scan->u.scan.idx_pos, keys, n) ? scan->u.scan.idx_pos : -1;
    for (int pass = 0; pass < 2; pass++)
        for (int ip = 0; ip < t->nidx; ip++) {
            if ((t->idx[ip].primary != 0) != (pass == 0) || t->idx[ip].oid == 0)
                continue;
            if (index_orders(scan, ip, keys, n))
                return ip;
        }
    return -1;
}

/* in sorted on keys (ascending NULLS LAST), unless it already comes in that
 * order: an index scan walking a suitable index. */
static struct pnode *sorted_input(struct binder *b, struct pnode *in, struct bx **keys, int n)
{
    struct pnode *scan = scan_of(in);
    int ip = scan != NULL ? ordering_index(scan, keys, n) : -1;
    /* a table walked in the order of its primary key (our seq scan's own
     * order), or of a secondary index when the table is small or seq scans
     * are off: no sort, as PostgreSQL's index scans under a merge join */
    if (ip >= 0 && (scan->u.scan.idx_pos >= 0 || scan->u.scan.t->idx[ip].primary ||
                    in->est_rows <= 10000 || eng__planner_off(b, ENG_OFF_SEQSCAN))) {
        if (scan->u.scan.idx_pos < 0) {
            scan->u.scan.idx_pos = ip;
            scan->u.scan.neq = 0;
        }
        return in;
    }
    struct pnode *so = mem_alloc0(b->ctx, sizeof *so);
    so->kind = PN_SORT;
    so->width = in->width;
    so->l = in;
    so->est_rows = in->est_rows;
    so->u.sort.keys = mem_alloc0(b->ctx, sizeof(struct sort_key) * (size_t)n);
    so->u.sort.kexprs = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)n);
    so->u.sort.nkeys = n;
    for (int i = 0; i < n; i++) {
        so->u.sort.keys[i].col = keys[i]->u.col.idx;
        so->u.sort.kexprs[i] = keys[i];
    }
    return so;
}

/* Do the key columns keys (over the scan under in) cover every column of
 * a unique index of its table? */
static bool keys_unique(const struct pnode *in, struct bx **keys, int n)
{
    while (in != NULL && in->kind == PN_SORT)
        in = in->l;
    if (in == NULL || in->kind != PN_SCAN)
        return false;
    const struct sql_table_desc *t = in->u.scan.t;
    for (int ip = 0; ip < t->nidx; ip++) {
        const struct sql_idx_desc *ix = &t->idx[ip];
        if (!ix->unique || ix->oid == 0)
            continue;
        bool all = ix->ncols > 0;
        for (int j = 0; j < ix->ncols && all; j++) {
            int pos = ix->exprs[j] != NULL ? -1 : sql_cat_column_pos(t, ix->col_ids[j]);
            bool found = false;
            for (int i = 0; i < n && pos >= 0 && !found; i++)
                found = keys[i]->u.col.idx == in->u.scan.off + pos;
            all = found;
        }
        if (all)
            return true;
    }
    return false;
}

void eng__plan_merge(struct binder *b, struct pnode *p, struct bx **lk, struct bx **rk, int nk,
                     struct bx *cond)
{
    p->u.join.alg = JOIN_MERGE;
    p->u.join.lkeys = lk;
    p->u.join.rkeys = rk;
    p->u.join.nkeys = nk;
    p->u.join.cond = cond;
    p->l = sorted_input(b, p->l, lk, nk);
    p->r = sorted_input(b, p->r, rk, nk);
    p->u.join.inner_unique = keys_unique(p->r, rk, nk);
}

/* Whether the sort keys of so over the projection pr are the join keys of
 * p (in some order): perm[i] the join key of sort key i, the join keys no
 * sort key names after them. */
static bool sort_is_join_order(const struct pnode *so, const struct pnode *pr,
                               const struct pnode *p, int *perm)
{
    int nk = p->u.join.nkeys, ns = so->u.sort.nkeys;
    if (ns < 1 || ns > nk)
        return false;
    bool used[SQL_MAX_INDEX_COLS] = {0};
    if (nk > SQL_MAX_INDEX_COLS)
        return false;
    for (int i = 0; i < ns; i++) {
        const struct sort_key *k = &so->u.sort.keys[i];
        if (k->desc || k->nulls_first || k->col < 0 || k->col >= pr->u.project.n)
            return false;
        const struct bx *x = pr->u.project.exprs[k->col];
        if (!plain_col(x))
            return false;
        int found = -1;
        for (int j = 0; j < nk && found < 0; j++) {
            if (used[j])
                continue;
            if (p->u.join.lkeys[j]->u.col.idx == x->u.col.idx ||
                (p->u.join.type == SQL_JOIN_INNER && p->u.join.rkeys[j]->u.col.idx == x->u.col.idx))
                found = j;
        }
        if (found < 0)
            return false;
        used[found] = true;
        perm[i] = found;
    }
    int n = ns;
    for (int j = 0; j < nk; j++)
        if (!used[j])
            perm[n++] = j;
    return true;
}

void eng__merge_order(struct binder *b, struct pnode **rootp)
{
    struct pnode **at = rootp;
    if (*at != NULL && (*at)->kind == PN_LIMIT && (*at)->u.limit.ties == NULL)
        at = &(*at)->l;
    struct pnode *so = *at;
    if (so == NULL || so->kind != PN_SORT || so->u.sort.kexprs != NULL)
        return;
    struct pnode *pr = so->l;
    if (pr == NULL || pr->kind != PN_PROJECT)
        return;
    struct pnode *p = pr->l;
    if (p != NULL && p->kind == PN_FILTER)
        p = p->l;
    if (p == NULL || p->kind != PN_JOIN || p->u.join.alg != JOIN_HASH ||
        (p->u.join.type != SQL_JOIN_INNER && p->u.join.type != SQL_JOIN_LEFT) ||
        p->u.join.nmerge > 0 ||
        !eng__merge_keys_ok(p->u.join.lkeys, p->u.join.rkeys, p->u.join.nkeys) ||
        eng__planner_off(b, ENG_OFF_MERGEJOIN))
        return;
    struct pnode *ls = scan_of(p->l), *rs = scan_of(p->r);
    if (ls == NULL || rs == NULL)
        return;
    int nk = p->u.join.nkeys;
    int perm[SQL_MAX_INDEX_COLS];
    if (!sort_is_join_order(so, pr, p, perm))
        return;
    struct bx **lk = mem_alloc(b->ctx, sizeof *lk * (size_t)nk);
    struct bx **rk = mem_alloc(b->ctx, sizeof *rk * (size_t)nk);
    for (int i = 0; i < nk; i++) {
        lk[i] = p->u.join.lkeys[perm[i]];
        rk[i] = p->u.join.rkeys[perm[i]];
    }
    int lip = ordering_index(ls, lk, nk), rip = ordering_index(rs, rk, nk);
    if (lip < 0 || rip < 0)
        return;
    if (ls->u.scan.idx_pos < 0) {
        ls->u.scan.idx_pos = lip;
        ls->u.scan.neq = 0;
    }
    if (rs->u.scan.idx_pos < 0) {
        rs->u.scan.idx_pos = rip;
        rs->u.scan.neq = 0;
    }
    p->u.join.alg = JOIN_MERGE;
    p->u.join.lkeys = lk;
    p->u.join.rkeys = rk;
    p->u.join.inner_unique = keys_unique(p->r, rk, nk);
    *at = pr; /* the sort goes */
}
