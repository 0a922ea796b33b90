/* plan_cost.c — selectivity and row estimates from ANALYZE statistics
 * (stats.h), after PostgreSQL's selfuncs.c / clausesel.c: eqsel (MCVs, then
 * the remaining distinct values), scalarineqsel (MCVs plus the histogram with
 * linear interpolation inside a bin for numbers and dates), range pairs
 * (a > x AND a < y: hi + lo - 1), IS [NOT] NULL from null_frac, IN lists as
 * OR, AND/OR/NOT, LIKE 'prefix%' as a range times per-character factors,
 * and eqjoinsel's 1 / max(nd1, nd2) for equi-joins. Tables without
 * statistics (never analyzed, or truncated since) get no estimate here:
 * the callers keep their fixed guesses then.
 */
#include "sql/plan_cost.h"

#include <math.h>
#include <string.h>

#define DEFAULT_EQ_SEL         0.005
#define DEFAULT_INEQ_SEL       0.3333333333333333
#define DEFAULT_RANGE_INEQ_SEL 0.005
#define DEFAULT_MATCH_SEL      0.005
#define DEFAULT_NUM_DISTINCT   200.0
#define FIXED_CHAR_SEL         0.20
#define ANY_CHAR_SEL           0.9

static double clamp01(double s)
{
    return s < 0 ? 0 : s > 1 ? 1 : s;
}

const struct sql_tstats *eng__stats_of(struct binder *b, const struct sql_table_desc *t)
{
    if (t == NULL || t->kind != 'r' || t->reltuples < 0 || b->env == NULL || b->env->txn == NULL)
        return NULL;
    const struct sql_tstats *st = NULL;
    struct err e = {0};
    if (sql_stats_get(b->env, t, b->ctx, &st, &e) != 0) {
        err_clear(&e);
        return NULL;
    }
    return st;
}

/* ---- one column ---- */

struct cref {
    const struct sql_table_desc *t;
    const struct sql_tstats *st;
    const struct sql_colstats *cs;
    bool cast; /* the column is under a cast */
};

static bool col_of(const struct bx *x, const struct sql_table_desc *t, const struct sql_tstats *st,
                   int off, struct cref *c)
{
    bool cast = false;
    while (x->kind == BX_CAST) {
        x = x->u.cast.arg;
        cast = true;
    }
    if (x->kind != BX_COL || x->u.col.level != 0 || x->u.col.idx < off ||
        x->u.col.idx >= off + t->ncols)
        return false;
    c->t = t;
    c->st = st;
    c->cs = sql_stats_col(st, t, x->u.col.idx - off);
    c->cast = cast;
    return true;
}

static double ndistinct(const struct cref *c)
{
    double nd = c->cs != NULL ? c->cs->n_distinct : 0;
    if (nd < 0)
        nd = -nd * c->st->reltuples;
    if (nd <= 0)
        nd = c->st->reltuples < DEFAULT_NUM_DISTINCT ? c->st->reltuples : DEFAULT_NUM_DISTINCT;
    return nd < 1 ? 1 : nd;
}

static bool num_family(uint32_t t)
{
    return t == SQL_T_INT2 || t == SQL_T_INT4 || t == SQL_T_INT8 || t == SQL_T_OID;
}

static bool comparable(uint32_t a, uint32_t b)
{
    if (a == b)
        return true;
    if (num_family(a) && num_family(b))
        return true;
    if ((a == SQL_T_FLOAT4 || a == SQL_T_FLOAT8) && (b == SQL_T_FLOAT4 || b == SQL_T_FLOAT8))
        return true;
    bool ta = a == SQL_T_TEXT || a == SQL_T_VARCHAR || a == SQL_T_NAME;
    bool tb = b == SQL_T_TEXT || b == SQL_T_VARCHAR || b == SQL_T_NAME;
    return ta && tb;
}

/* The constant of x in the column's type: false when not a usable constant. */
static bool const_of(struct binder *b, const struct bx *x, const struct cref *c,
                     struct sql_value *out)
{
    if (x->kind != BX_CONST || c->cs == NULL)
        return false;
    const struct sql_value *v = &x->u.c;
    if (v->null) {
        *out = *v;
        return true;
    }
    if (comparable(v->type, c->cs->type)) {
        *out = *v;
        return true;
    }
    if (c->cast)
        return false;
    struct err e = {0};
    if (sql_value_cast(b->ctx, v, c->cs->type, -1, false, &b->fmt, out, &e) != 0) {
        err_clear(&e);
        return false;
    }
    return !out->null && comparable(out->type, c->cs->type);
}

static double mcv_sum(const struct sql_colstats *cs)
{
    double s = 0;
    for (int i = 0; cs != NULL && i < cs->nmcv; i++)
        s += cs->mcv_freq[i];
    return s;
}

static double eq_sel(const struct cref *c, const struct sql_value *v)
{
    const struct sql_colstats *cs = c->cs;
    if (cs == NULL)
        return DEFAULT_EQ_SEL;
    if (v == NULL) { /* var_eq_non_const */
        double s = (1.0 - cs->null_frac) / ndistinct(c);
        if (cs->nmcv > 0 && s > cs->mcv_freq[0])
            s = cs->mcv_freq[0];
        return clamp01(s);
    }
    if (v->null)
        return 0;
    for (int i = 0; i < cs->nmcv; i++)
        if (sql_value_cmp(&cs->mcv[i], v) == 0)
            return cs->mcv_freq[i];
    double s = 1.0 - mcv_sum(cs) - cs->null_frac;
    s = clamp01(s);
    double other = ndistinct(c) - cs->nmcv;
    if (other > 1)
        s /= other;
    if (cs->nmcv > 0 && s > cs->mcv_freq[cs->nmcv - 1])
        s = cs->mcv_freq[cs->nmcv - 1];
    return clamp01(s);
}

static bool scalar_of(const struct sql_value *v, double *d)
{
    switch (v->type) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
        *d = (double)v->u.i;
        return true;
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
        *d = v->u.f;
        return !isnan(*d);
    case SQL_T_DATE:
        *d = v->u.date;
        return true;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
        *d = (double)v->u.ts;
        return true;
    default:
        return false;
    }
}

/* Fraction of the histogram below v (PostgreSQL's ineq_histogram_selectivity
 * for "<"), -1 without a histogram. */
static double hist_below(const struct sql_colstats *cs, const struct sql_value *v)
{
    int n = cs->nhist;
    if (n < 2)
        return -1;
    double s;
    if (sql_value_cmp(v, &cs->hist[0]) <= 0) {
        s = 0;
    } else if (sql_value_cmp(v, &cs->hist[n - 1]) >= 0) {
        s = 1;
    } else {
        int lo = 0, hi = n - 1; /* hist[lo] < v <= hist[hi] */
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            if (sql_value_cmp(&cs->hist[mid], v) < 0)
                lo = mid;
            else
                hi = mid;
        }
        double frac = 0.5, a, b2, x;
        if (scalar_of(&cs->hist[lo], &a) && scalar_of(&cs->hist[hi], &b2) && scalar_of(v, &x) &&
            b2 > a)
            frac = (x - a) / (b2 - a);
        s = (lo + clamp01(frac)) / (double)(n - 1);
    }
    double cutoff = 0.01 / (double)(n - 1);
    if (s < cutoff)
        s = cutoff;
    else if (s > 1.0 - cutoff)
        s = 1.0 - cutoff;
    return s;
}

/* col op v for op '<' 'l' '>' 'g'. */
static double ineq_sel(const struct cref *c, int op, const struct sql_value *v)
{
    const struct sql_colstats *cs = c->cs;
    if (cs == NULL || v == NULL)
        return DEFAULT_INEQ_SEL;
    if (v->null)
        return 0;
    double mcv = 0, sum = 0;
    for (int i = 0; i < cs->nmcv; i++) {
        int k = sql_value_cmp(&cs->mcv[i], v);
        bool ok = op == '<' ? k < 0 : op == 'l' ? k <= 0 : op == '>' ? k > 0 : k >= 0;
        if (ok)
            mcv += cs->mcv_freq[i];
        sum += cs->mcv_freq[i];
    }
    double h = hist_below(cs, v);
    double s = 1.0 - cs->null_frac - sum;
    if (h >= 0)
        s *= (op == '<' || op == 'l') ? h : 1.0 - h;
    else
        s *= 0.5;
    return clamp01(s + mcv);
}

static int op_of(const char *name, bool mirror)
{
    if (strcmp(name, "=") == 0)
        return '=';
    if (strcmp(name, "<>") == 0)
        return '!';
    if (strcmp(name, "~~") == 0)
        return mirror ? 0 : '~';
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

static double like_sel(struct binder *b, const struct cref *c, const struct sql_value *pat)
{
    if (pat == NULL || pat->null || (pat->type != SQL_T_TEXT && pat->type != SQL_T_VARCHAR))
        return DEFAULT_MATCH_SEL;
    const char *p = pat->u.s.p;
    size_t n = pat->u.s.len, i = 0;
    char *prefix = mem_alloc(b->ctx, n + 2);
    size_t pl = 0;
    while (i < n && p[i] != '%' && p[i] != '_') {
        if (p[i] == '\\' && i + 1 < n)
            i++;
        prefix[pl++] = p[i++];
    }
    if (i == n) { /* no wildcard: equality */
        struct sql_value v = sql_text(prefix, pl);
        v.type = c->cs != NULL ? c->cs->type : SQL_T_TEXT;
        return eq_sel(c, &v);
    }
    double rest = 1.0;
    for (; i < n; i++) {
        if (p[i] == '%')
            continue;
        if (p[i] == '\\' && i + 1 < n)
            i++;
        rest *= p[i] == '_' ? ANY_CHAR_SEL : FIXED_CHAR_SEL;
    }
    double s = rest;
    if (pl > 0 && c->cs != NULL && (c->cs->type == SQL_T_TEXT || c->cs->type == SQL_T_VARCHAR)) {
        struct sql_value lo = sql_text(prefix, pl);
        lo.type = c->cs->type;
        double ps = ineq_sel(c, 'g', &lo);
        /* the least string greater than every string with the prefix */
        size_t hl = pl;
        char *hp = mem_alloc(b->ctx, pl + 1);
        memcpy(hp, prefix, pl);
        while (hl > 0 && (unsigned char)hp[hl - 1] == 0xFF)
            hl--;
        if (hl > 0) {
            hp[hl - 1]++;
            struct sql_value hi = sql_text(hp, hl);
            hi.type = c->cs->type;
            ps = ps + ineq_sel(c, '<', &hi) - 1.0;
        }
        double eq = eq_sel(c, &lo);
        if (ps < eq)
            ps = eq;
        s = ps * (rest > 1 ? 1 : rest);
        if (pl + 1 == n) /* 'prefix%': the range alone */
            s = ps;
    } else if (c->cs != NULL) {
        s *= 1.0 - c->cs->null_frac;
    }
    return clamp01(s);
}

static double clause_sel(struct binder *b, const struct bx *q, const struct sql_table_desc *t,
                         const struct sql_tstats *st, int off);

static double list_sel(struct binder *b, struct bx *const *qs, int n,
                       const struct sql_table_desc *t, const struct sql_tstats *st, int off);

static double clause_sel(struct binder *b, const struct bx *q, const struct sql_table_desc *t,
                         const struct sql_tstats *st, int off)
{
    struct cref c;
    switch (q->kind) {
    case BX_CONST:
        if (q->type == SQL_T_BOOL)
            return !q->u.c.null && q->u.c.u.b ? 1.0 : 0.0;
        return 1.0;
    case BX_AND:
        return list_sel(b, q->u.list.args, q->u.list.n, t, st, off);
    case BX_OR: {
        double s = 0;
        for (int i = 0; i < q->u.list.n; i++) {
            double s2 = clause_sel(b, q->u.list.args[i], t, st, off);
            s = s + s2 - s * s2;
        }
        return clamp01(s);
    }
    case BX_NOT:
        return clamp01(1.0 - clause_sel(b, q->u.list.args[0], t, st, off));
    case BX_NULLTEST:
        if (col_of(q->u.test.arg, t, st, off, &c) && c.cs != NULL)
            return q->u.test.test == 0 ? c.cs->null_frac : 1.0 - c.cs->null_frac;
        return q->u.test.test == 0 ? DEFAULT_EQ_SEL : 1.0 - DEFAULT_EQ_SEL;
    case BX_COL:
        if (q->type == SQL_T_BOOL && col_of(q, t, st, off, &c)) {
            struct sql_value v = sql_bool(true);
            return c.cs != NULL ? eq_sel(&c, &v) : 0.5;
        }
        return 0.5;
    case BX_FUNC:
        break;
    default:
        return 0.5;
    }
    if (!q->u.fn.op || q->u.fn.nargs != 2)
        return DEFAULT_INEQ_SEL;
    struct bx *a = q->u.fn.args[0], *v = q->u.fn.args[1];
    bool mirror = false;
    if (!col_of(a, t, st, off, &c)) {
        if (!col_of(v, t, st, off, &c))
            return strcmp(q->u.fn.name, "=") == 0 ? DEFAULT_EQ_SEL : DEFAULT_INEQ_SEL;
        struct bx *tmp = a;
        a = v;
        v = tmp;
        mirror = true;
    }
    int op = op_of(q->u.fn.name, mirror);
    struct sql_value cv;
    bool isc = const_of(b, v, &c, &cv);
    switch (op) {
    case '=':
        return eq_sel(&c, isc ? &cv : NULL);
    case '!': {
        double nf = c.cs != NULL ? c.cs->null_frac : 0;
        return clamp01(1.0 - eq_sel(&c, isc ? &cv : NULL) - nf);
    }
    case '<':
    case 'l':
    case '>':
    case 'g':
        return ineq_sel(&c, op, isc ? &cv : NULL);
    case '~':
        return like_sel(b, &c, v->kind == BX_CONST ? &v->u.c : NULL);
    default:
        return DEFAULT_INEQ_SEL;
    }
}

/* A range half of a column: which column (slot) and whether an upper bound. */
static bool range_half(struct binder *b, const struct bx *q, const struct sql_table_desc *t,
                       const struct sql_tstats *st, int off, int *slot, bool *upper)
{
    (void)b;
    if (q->kind != BX_FUNC || !q->u.fn.op || q->u.fn.nargs != 2)
        return false;
    struct bx *a = q->u.fn.args[0], *v = q->u.fn.args[1];
    struct cref c;
    bool mirror = false;
    if (!col_of(a, t, st, off, &c) || v->kind != BX_CONST) {
        if (!col_of(v, t, st, off, &c) || a->kind != BX_CONST)
            return false;
        struct bx *tmp = a;
        a = v;
        v = tmp;
        mirror = true;
    }
    int op = op_of(q->u.fn.name, mirror);
    if (op != '<' && op != 'l' && op != '>' && op != 'g')
        return false;
    while (a->kind == BX_CAST)
        a = a->u.cast.arg;
    *slot = a->u.col.idx;
    *upper = op == '<' || op == 'l';
    return true;
}

/* clauselist_selectivity: the product, range pairs on one column combined. */
static double list_sel(struct binder *b, struct bx *const *qs, int n,
                       const struct sql_table_desc *t, const struct sql_tstats *st, int off)
{
    double s = 1.0;
    bool *done = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        int slot;
        bool upper;
        double si = clause_sel(b, qs[i], t, st, off);
        if (range_half(b, qs[i], t, st, off, &slot, &upper)) {
            for (int k = i + 1; k < n; k++) {
                int slot2;
                bool upper2;
                if (done[k] || !range_half(b, qs[k], t, st, off, &slot2, &upper2) ||
                    slot2 != slot || upper2 == upper)
                    continue;
                double sk = clause_sel(b, qs[k], t, st, off);
                struct cref c;
                double nf = 0;
                if (col_of(qs[k]->u.fn.args[0], t, st, off, &c) ||
                    col_of(qs[k]->u.fn.args[1], t, st, off, &c))
                    nf = c.cs != NULL ? c.cs->null_frac : 0;
                double r = si + sk - 1.0 + nf;
                if (r <= 0)
                    r = r < -0.01 ? 1.0e-10 : DEFAULT_RANGE_INEQ_SEL;
                si = r;
                done[k] = true;
                break;
            }
        }
        s *= si;
    }
    return clamp01(s);
}

static double clamp_rows(double r)
{
    if (r <= 1.0)
        return 1.0;
    return rint(r);
}

bool eng__scan_rows(struct binder *b, const struct sql_table_desc *t, int off, struct bx **quals,
                    int n, double *rows)
{
    const struct sql_tstats *st = eng__stats_of(b, t);
    if (st == NULL)
        return false;
    double s = list_sel(b, quals, n, t, st, off);
    *rows = clamp_rows(st->reltuples * s);
    return true;
}

bool eng__index_worse(struct binder *b, const struct sql_table_desc *t, int off,
                      struct bx **idx_quals, int n)
{
    const struct sql_tstats *st = eng__stats_of(b, t);
    if (st == NULL || n == 0)
        return false;
    double s = list_sel(b, idx_quals, n, t, st, off);
    /* an index scan fetches each row by its key: beyond a fraction of the
     * table a full scan reads less */
    return s > 0.2 && st->reltuples > 100;
}

/* The table and stats behind a column slot of scope s. */
static bool slot_col(struct binder *b, struct scope *s, const struct bx *x, struct cref *c)
{
    while (x->kind == BX_CAST)
        x = x->u.cast.arg;
    if (x->kind != BX_COL || x->u.col.level != 0)
        return false;
    for (int i = 0; i < s->nrtes; i++) {
        const struct rte *r = &s->rtes[i];
        if (r->table_oid == 0 || x->u.col.idx < r->off || x->u.col.idx >= r->off + r->ncols)
            continue;
        const struct sql_table_desc *t = NULL;
        struct err e = {0};
        if (sql_cat_table_by_oid(b->env, r->table_oid, &t, &e) != 0) {
            err_clear(&e);
            return false;
        }
        const struct sql_tstats *st = eng__stats_of(b, t);
        if (st == NULL)
            return false;
        /* the rte's columns are the table's visible columns by attnum */
        int16_t att = r->attnums ? r->attnums[x->u.col.idx - r->off] : 0;
        for (int k = 0; k < t->ncols; k++)
            if (t->cols[k].attnum == att && att > 0) {
                c->t = t;
                c->st = st;
                c->cs = sql_stats_col(st, t, k);
                c->cast = false;
                return true;
            }
        return false;
    }
    return false;
}

bool eng__join_sel(struct binder *b, struct scope *s, struct bx **lk, struct bx **rk, int nk,
                   double *sel)
{
    double sl = 1.0;
    for (int i = 0; i < nk; i++) {
        struct cref l, r;
        if (!slot_col(b, s, lk[i], &l) || !slot_col(b, s, rk[i], &r))
            return false;
        double nfl = l.cs ? l.cs->null_frac : 0, nfr = r.cs ? r.cs->null_frac : 0;
        double ndl = ndistinct(&l), ndr = ndistinct(&r);
        sl *= (1.0 - nfl) * (1.0 - nfr) / (ndl > ndr ? ndl : ndr);
    }
    *sel = clamp01(sl);
    return true;
}

double eng__clamp_rows(double r)
{
    return clamp_rows(r);
}

void eng__join_estimate(struct binder *b, struct scope *s, struct pnode *p, enum sql_join_type type,
                        struct bx **lk, struct bx **rk, int nk, int lo, int hi)
{
    double sel;
    if (nk == 0 || p->l == NULL || p->r == NULL || !eng__join_sel(b, s, lk, rk, nk, &sel))
        return;
    double rows = p->l->est_rows * p->r->est_rows * sel;
    if ((type == SQL_JOIN_LEFT || type == SQL_JOIN_FULL) && rows < p->l->est_rows)
        rows = p->l->est_rows;
    if (type == SQL_JOIN_FULL && rows < p->r->est_rows)
        rows = p->r->est_rows;
    if (type == SQL_JOIN_SEMI || type == SQL_JOIN_ANTI) { /* each left row at most once */
        double semi = rows < p->l->est_rows ? rows : p->l->est_rows;
        rows = type == SQL_JOIN_SEMI ? semi : p->l->est_rows - semi;
    }
    p->est_rows = clamp_rows(rows);
    /* a hash join builds its hash table on the smaller input */
    if (p->u.join.alg == JOIN_HASH && type == SQL_JOIN_INNER && lo >= 0 && hi > lo &&
        p->u.join.nmerge == 0 && p->r->est_rows > p->l->est_rows) {
        struct pnode *t = p->l;
        p->l = p->r;
        p->r = t;
        struct bx **k = p->u.join.lkeys;
        p->u.join.lkeys = p->u.join.rkeys;
        p->u.join.rkeys = k;
        p->u.join.roff = lo;
        p->u.join.rwidth = hi - lo;
    }
}

void eng__prefer_index_nl(struct binder *b, const struct sql_table_desc *t, double outer_rows,
                          double inner_rows, bool *inl)
{
    const struct sql_tstats *st = eng__stats_of(b, t);
    if (st == NULL)
        return;
    /* a lookup costs a few sequential row reads */
    *inl = outer_rows * (1.0 + inner_rows) * 4.0 < st->reltuples + outer_rows;
}
