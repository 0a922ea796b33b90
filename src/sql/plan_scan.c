/* plan_scan.c — access paths: predicate push-down into key spans.
 *
 * Each qual of the form `col op value` (or mirrored) with op one of = < <=
 * > >= and value free of this level's other columns is a candidate. For
 * every index (the primary index first) we take the longest prefix of
 * index columns bound by equality, then at most one lower and one upper
 * bound on the next column. A unique index fully bound by equality is a
 * point lookup and always wins; otherwise the longest equality prefix, a
 * range bound breaking ties. Quals the span implements are dropped; the rest
 * are the scan's filter.
 *
 * Values are converted to the column's type at run time (exec_scan.c);
 * only pairs where that conversion is exact are used: the same type, the
 * integer family for equality, and text/varchar.
 */
#include "sql/engine_int.h"
#include "sql/array.h"
#include "sql/plan_cost.h"

#include <string.h>

void eng__order_quals(struct mem_ctx *ctx, struct bx **q, int n);

struct cand {
    int col;          /* column position in the table (-1: an expression key column) */
    int xip, xcol;    /* expression key column xcol of index xip (xip -1: a column) */
    int op;           /* '=', '<', 'l' (<=), '>', 'g' (>=) */
    struct bx *value; /* the other side */
    struct bx *qual;
    struct bx *disp; /* the qual with the column on the left, for EXPLAIN */
    bool used;
    struct bx **in_vals; /* op 'I': an IN list (plan_inlist.c) ... */
    int nin;
    struct bx *in_arr; /* ... or = ANY (array) */
};

static bool int_family(uint32_t t)
{
    return t == SQL_T_INT2 || t == SQL_T_INT4 || t == SQL_T_INT8;
}

static bool text_family(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR;
}

static bool span_type_ok(uint32_t col, uint32_t val, bool eq)
{
    if (col == val)
        return col != SQL_T_BPCHAR || eq;
    if (int_family(col) && int_family(val))
        return eq || col == SQL_T_INT8 || (col == SQL_T_INT4 && val == SQL_T_INT2);
    if (text_family(col) && text_family(val))
        return true;
    return false;
}

static int op_code(const char *name, bool mirror)
{
    if (strcmp(name, "=") == 0)
        return '=';
    if (strcmp(name, "<") == 0)
        return mirror ? '>' : '<';
    if (strcmp(name, "<=") == 0)
        return mirror ? 'g' : 'l';
    if (strcmp(name, ">") == 0)
        return mirror ? '<' : '>';
    if (strcmp(name, ">=") == 0)
        return mirror ? 'l' : 'g';
    return 0;
}

/* A value usable as a key: no columns of this level other than the
 * parameterizing outer range [olo, ohi), no sublinks or aggregates. */
static bool value_ok(const struct bx *v, int olo, int ohi)
{
    int lo, hi;
    bool outer;
    eng__bx_slots(v, &lo, &hi, &outer);
    if (outer)
        return false;
    if (hi < 0)
        return true;
    return olo >= 0 && lo >= olo && hi < ohi;
}

static bool strip_col(const struct bx *x, int off, int ncols, int *col)
{
    if (x->kind != BX_COL || x->u.col.level != 0)
        return false;
    if (x->u.col.idx < off || x->u.col.idx >= off + ncols)
        return false;
    *col = x->u.col.idx - off;
    return true;
}

/* An expression key column of one of the table's indexes, compiled over
 * the query's slots (plan_idxexpr.c). */
struct xref {
    int ip, j;
    struct bx *x;
};

/* x is a column of the table, or equals an expression key column. */
static bool key_side(const struct bx *x, int off, const struct sql_table_desc *t,
                     const struct xref *xr, int nxr, int *col, int *xip, int *xcol, uint32_t *type)
{
    *xip = *xcol = -1;
    if (strip_col(x, off, t->ncols, col)) {
        *type = t->cols[*col].type;
        return true;
    }
    for (int k = 0; k < nxr; k++)
        if (eng__bx_equal(x, xr[k].x)) {
            *col = -1;
            *xip = xr[k].ip;
            *xcol = xr[k].j;
            *type = xr[k].x->type;
            return true;
        }
    return false;
}

static void find_cands(struct mem_ctx *ctx, struct bx **quals, int nq, int off,
                       const struct sql_table_desc *t, const struct xref *xr, int nxr, int olo,
                       int ohi, struct cand *c, int *nc)
{
    *nc = 0;
    for (int i = 0; i < nq; i++) {
        struct bx *q = quals[i];
        struct bx *ik, **iv, *ia;
        int niv;
        if (eng__inlist_split(ctx, q, &ik, &iv, &niv, &ia)) {
            int col, xip, xcol;
            uint32_t ktype;
            if (!key_side(ik, off, t, xr, nxr, &col, &xip, &xcol, &ktype) || xip >= 0)
                continue; /* (not on expression key columns) */
            bool ok = ia == NULL || (value_ok(ia, olo, ohi) &&
                                     span_type_ok(ktype, sql_array_elemtype(ia->type), true));
            for (int k = 0; ok && k < niv; k++)
                ok = value_ok(iv[k], olo, ohi) && iv[k]->type != SQL_T_UNKNOWN &&
                     span_type_ok(ktype, iv[k]->type, true);
            if (!ok)
                continue;
            c[*nc] = (struct cand){.col = col, .xip = xip, .xcol = xcol, .op = 'I', .qual = q};
            c[*nc].disp = eng__inlist_disp(ctx, q, ik, iv, niv);
            c[*nc].in_vals = iv;
            c[*nc].nin = niv;
            c[*nc].in_arr = ia;
            (*nc)++;
            continue;
        }
        if (q->kind != BX_FUNC || !q->u.fn.op || q->u.fn.nargs != 2 || q->type != SQL_T_BOOL)
            continue;
        struct bx *a = q->u.fn.args[0], *v = q->u.fn.args[1];
        int col, xip, xcol;
        uint32_t ktype;
        bool mirror = false;
        if (!value_ok(v, olo, ohi) || !key_side(a, off, t, xr, nxr, &col, &xip, &xcol, &ktype)) {
            if (!value_ok(a, olo, ohi) || !key_side(v, off, t, xr, nxr, &col, &xip, &xcol, &ktype))
                continue;
            struct bx *tmp = a;
            a = v;
            v = tmp;
            mirror = true;
        }
        int op = op_code(q->u.fn.name, mirror);
        if (op == 0)
            continue;
        if (!span_type_ok(ktype, v->type, op == '='))
            continue;
        if (v->type == SQL_T_UNKNOWN)
            continue;
        c[*nc].col = col;
        c[*nc].xip = xip;
        c[*nc].xcol = xcol;
        c[*nc].op = op;
        c[*nc].value = v;
        c[*nc].qual = q;
        c[*nc].disp = q;
        if (mirror) {
            static const char *const names[] = {"=", "<", "<=", ">", ">="};
            int k = op == '=' ? 0 : op == '<' ? 1 : op == 'l' ? 2 : op == '>' ? 3 : 4;
            struct bx *d = mem_alloc(ctx, sizeof *d);
            *d = *q;
            d->u.fn.args = mem_alloc(ctx, sizeof(struct bx *) * 2);
            d->u.fn.args[0] = a;
            d->u.fn.args[1] = v;
            d->u.fn.name = names[k];
            c[*nc].disp = d;
        }
        c[*nc].used = false;
        c[*nc].in_vals = NULL;
        c[*nc].nin = 0;
        c[*nc].in_arr = NULL;
        (*nc)++;
    }
}

struct choice {
    int idx_pos;
    int neq;
    int eq_c[SQL_MAX_INDEX_COLS];
    int lo_c, hi_c;
    int in_c; /* an IN list on the key column after the equality prefix */
    int score;
};

/* Does candidate c constrain key column k of index ip? */
static bool cand_is_col(const struct sql_table_desc *t, int ip, int k, const struct cand *c)
{
    const struct sql_idx_desc *ix = &t->idx[ip];
    if (ix->exprs[k] != NULL)
        return c->xip == ip && c->xcol == k;
    return c->xip < 0 && c->col == sql_cat_column_pos(t, ix->col_ids[k]);
}

static void eval_index(const struct sql_table_desc *t, int ip, struct cand *c, int nc,
                       struct choice *ch)
{
    const struct sql_idx_desc *ix = &t->idx[ip];
    memset(ch, 0, sizeof *ch);
    ch->idx_pos = ip;
    ch->lo_c = ch->hi_c = ch->in_c = -1;
    int k = 0;
    for (; k < ix->ncols; k++) {
        int found = -1;
        for (int i = 0; i < nc; i++)
            if (cand_is_col(t, ip, k, &c[i]) && c[i].op == '=') {
                found = i;
                break;
            }
        if (found < 0)
            break;
        ch->eq_c[ch->neq++] = found;
    }
    for (int i = 0; k < ix->ncols && i < nc && ch->in_c < 0; i++)
        if (c[i].op == 'I' && cand_is_col(t, ip, k, &c[i]))
            ch->in_c = i;
    if (ch->in_c >= 0) {
        /* one span per value: point lookups on a unique index */
        if (ch->neq + 1 == ix->ncols && ix->unique)
            ch->score = 90000;
        else
            ch->score = (ch->neq + 1) * 100 - 5;
        if (ip == 0)
            ch->score += 1;
        return;
    }
    if (k < ix->ncols && !ix->desc[k]) {
        for (int i = 0; i < nc; i++) {
            if (!cand_is_col(t, ip, k, &c[i]))
                continue;
            if ((c[i].op == '>' || c[i].op == 'g') && ch->lo_c < 0)
                ch->lo_c = i;
            if ((c[i].op == '<' || c[i].op == 'l') && ch->hi_c < 0)
                ch->hi_c = i;
        }
    }
    if (ch->neq == ix->ncols && ix->unique && ix->ncols > 0)
        ch->score = 100000;
    else
        ch->score = ch->neq * 100 + (ch->lo_c >= 0 ? 10 : 0) + (ch->hi_c >= 0 ? 10 : 0);
    if (ch->score > 0 && ip == 0)
        ch->score += 1;
}

int eng__plan_scan(struct binder *b, struct scope *s, int ri, const struct sql_table_desc *t,
                   struct bx **quals, int nquals, int outer_lo, int outer_hi, struct pnode **out,
                   struct err *e)
{
    (void)e;
    const struct rte *r = &s->rtes[ri];
    struct pnode *p = mem_alloc0(b->ctx, sizeof *p);
    p->kind = PN_SCAN;
    p->width = s->width;
    p->u.scan.t = t;
    p->u.scan.alias = r->alias;
    p->u.scan.off = r->off;
    p->u.scan.idx_pos = -1;
    p->est_rows = 1000;
    struct cand *c = mem_alloc(b->ctx, sizeof *c * (size_t)(nquals > 0 ? nquals : 1));
    int nc = 0;
    struct xref *xr = NULL;
    int nxr = 0;
    for (int ip = 0; ip < t->nidx && nquals > 0; ip++)
        for (int j = 0; j < t->idx[ip].ncols; j++) {
            if (t->idx[ip].exprs[j] == NULL)
                continue;
            struct bx *x = eng__idx_expr_bx(b, t, ip, j, r->off);
            if (x == NULL)
                continue;
            if (xr == NULL)
                xr = mem_alloc(b->ctx, sizeof *xr * (size_t)t->nidx * SQL_MAX_INDEX_COLS);
            xr[nxr++] = (struct xref){ip, j, x};
        }
    find_cands(b->ctx, quals, nquals, r->off, t, xr, nxr, outer_lo, outer_hi, c, &nc);
    struct choice best = {.idx_pos = -1, .score = 0};
    for (int ip = 0; ip < t->nidx && nquals > 0; ip++) {
        struct choice ch;
        eval_index(t, ip, c, nc, &ch);
        if (t->idx[ip].pred != NULL) { /* a partial index: only when WHERE implies it */
            if (!eng__idx_pred_implied(b, t, ip, r->off, quals, nquals, NULL))
                continue;
            if (ch.score == 0)
                ch.score = 5; /* the whole (partial) index */
        }
        if (ch.score > best.score)
            best = ch;
    }
    bool *pdrop = NULL; /* quals a chosen partial index implies */
    if (best.idx_pos >= 0 && t->idx[best.idx_pos].pred != NULL) {
        pdrop = mem_alloc0(b->ctx, sizeof(bool) * (size_t)nquals);
        eng__idx_pred_implied(b, t, best.idx_pos, r->off, quals, nquals, pdrop);
    }
    if (best.idx_pos >= 0 && best.score > 0 && best.score < 100000 && outer_lo < 0) {
        /* with statistics: a span that keeps most of the table loses to a full scan */
        struct bx *iq[SQL_MAX_INDEX_COLS + 2];
        int niq = 0;
        for (int i = 0; i < best.neq; i++)
            iq[niq++] = c[best.eq_c[i]].qual;
        if (best.lo_c >= 0)
            iq[niq++] = c[best.lo_c].qual;
        if (best.hi_c >= 0)
            iq[niq++] = c[best.hi_c].qual;
        if (best.in_c >= 0)
            iq[niq++] = c[best.in_c].qual;
        for (int i = 0; pdrop != NULL && i < nquals && niq < SQL_MAX_INDEX_COLS + 2; i++)
            if (pdrop[i])
                iq[niq++] = quals[i];
        if (eng__index_worse(b, t, r->off, iq, niq) && !eng__planner_off(b, ENG_OFF_SEQSCAN))
            best.idx_pos = -1;
    }
    if (best.idx_pos >= 0 && outer_lo < 0 && eng__planner_off(b, ENG_OFF_INDEXSCAN) &&
        eng__planner_off(b, ENG_OFF_BITMAPSCAN) && !eng__planner_off(b, ENG_OFF_SEQSCAN))
        best.idx_pos = -1; /* index and bitmap scans off: the seq scan does it */
    if (best.idx_pos >= 0 && best.score > 0) {
        p->u.scan.idx_pos = best.idx_pos;
        p->u.scan.neq = best.neq;
        p->u.scan.eq = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)(best.neq + 1));
        p->u.scan.index_conds = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)(best.neq + 2));
        int ni = 0;
        for (int i = 0; i < best.neq; i++) {
            p->u.scan.eq[i] = c[best.eq_c[i]].value;
            p->u.scan.index_conds[ni++] = c[best.eq_c[i]].disp;
            c[best.eq_c[i]].used = true;
        }
        if (best.lo_c >= 0) {
            p->u.scan.lo = c[best.lo_c].value;
            p->u.scan.lo_incl = c[best.lo_c].op == 'g';
            p->u.scan.index_conds[ni++] = c[best.lo_c].disp;
            c[best.lo_c].used = true;
        }
        if (best.in_c >= 0) {
            const struct cand *ic = &c[best.in_c];
            p->u.scan.has_in = true;
            p->u.scan.in_vals = ic->in_vals;
            p->u.scan.nin = ic->nin;
            p->u.scan.in_arr = ic->in_arr;
            p->u.scan.index_conds[ni++] = ic->disp;
            c[best.in_c].used = true;
        }
        if (best.hi_c >= 0) {
            p->u.scan.hi = c[best.hi_c].value;
            p->u.scan.hi_incl = c[best.hi_c].op == 'l';
            p->u.scan.index_conds[ni++] = c[best.hi_c].disp;
            c[best.hi_c].used = true;
        }
        p->u.scan.nindex_conds = ni;
        p->est_rows = best.score >= 100000 ? 1 : best.neq > 0 ? 10 : 100;
        if (best.in_c >= 0)
            p->est_rows = c[best.in_c].in_arr != NULL
                              ? 10
                              : c[best.in_c].nin * (best.score >= 90000 ? 1 : 10);
    }
    struct bx **rest = mem_alloc(b->ctx, sizeof *rest * (size_t)(nquals > 0 ? nquals : 1));
    int nrest = 0;
    for (int i = 0; i < nquals; i++) {
        bool used = pdrop != NULL && p->u.scan.idx_pos >= 0 && pdrop[i];
        for (int k = 0; k < nc; k++)
            if (c[k].used && c[k].qual == quals[i])
                used = true;
        if (!used)
            rest[nrest++] = quals[i];
    }
    eng__order_quals(b->ctx, rest, nrest); /* PostgreSQL's order_qual_clauses */
    p->u.scan.filter = eng__and_list(b->ctx, rest, nrest);
    if (nrest > 0 && p->est_rows > 1)
        p->est_rows = p->est_rows / 2;
    double rows;
    if (eng__scan_rows(b, t, r->off, quals, nquals, &rows))
        p->est_rows = rows;
    *out = p;
    return 0;
}
