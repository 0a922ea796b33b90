/* explain.c — EXPLAIN in PostgreSQL's text format, as with COSTS OFF: node
 * names ("Seq Scan on t", "Index Scan using t_pkey on t", "Hash Join",
 * "Nested Loop", "HashAggregate", "Aggregate", "Sort", "Limit", ...), and
 * their properties ("Index Cond: (id = 1)", "Filter: ...", "Hash Cond:",
 * "Join Filter:", "Group Key:", "Sort Key:"), indented as PostgreSQL does
 * (children under "->  "). Cost and row estimates are not printed.
 *
 * The lines are computed at plan time and stored in the plan; the cursor
 * returns them as rows of one text column "QUERY PLAN". When the cursor
 * has parameter values (EXPLAIN EXECUTE, an EXPLAIN bound in the extended
 * protocol) it prints them again with the values as constants, as
 * PostgreSQL's custom plan shows them (eng__explain_params).
 */
#include "sql/engine_int.h"

#include <stdio.h>
#include <string.h>

/* EXPLAIN ANALYZE: what one node line shows. */
struct ins {
    bool valid;
    double rows, loops, removed; /* totals over all loops */
    double first_ms, total_ms;
};

struct xp {
    struct binder *b;
    char **lines;
    int n, cap;
    /* EXPLAIN ANALYZE */
    bool analyze, timing;
    struct xnode *const *all;
    int nall;
    struct ins pend; /* the counters of the next node line */
    uint64_t modified;
    bool prefix;                       /* qualify column names (several relations) */
    const struct pnode *below_project; /* the projection whose outputs a sort/distinct names */
    bool *mat_shown; /* per materialized WITH query: its plan shown (under its first scan) */
};

static void emit(struct xp *x, int col, const char *arrow, const char *text)
{
    if (x->n == x->cap) {
        int nc = x->cap ? x->cap * 2 : 16;
        x->lines = mem_realloc(x->b->ctx, x->lines, sizeof *x->lines * (size_t)x->cap,
                               sizeof *x->lines * (size_t)nc);
        x->cap = nc;
    }
    const char *act = "";
    if (x->analyze && x->pend.valid) {
        const struct ins *in = &x->pend;
        if (in->loops <= 0)
            act = " (never executed)";
        else if (x->timing)
            act = mem_printf(x->b->ctx, " (actual time=%.3f..%.3f rows=%.0f loops=%.0f)",
                             in->first_ms / in->loops, in->total_ms / in->loops,
                             in->rows / in->loops, in->loops);
        else
            act = mem_printf(x->b->ctx, " (actual rows=%.0f loops=%.0f)", in->rows / in->loops,
                             in->loops);
        x->pend.valid = false;
    }
    x->lines[x->n++] = mem_printf(x->b->ctx, "%*s%s%s%s", col, "", arrow, text, act);
}

/* The counters of every executed node of plan node p. */
static struct ins ins_of(const struct xp *x, const struct pnode *p)
{
    struct ins r = {.valid = true};
    for (int i = 0; i < x->nall; i++) {
        const struct xnode *n = x->all[i];
        if (n->p != p)
            continue;
        r.rows += (double)n->ins_rows;
        r.loops += (double)n->ins_loops;
        r.removed += (double)n->ins_removed;
        r.total_ms += (double)n->ins_ns / 1e6;
        r.first_ms += (double)n->ins_first_ns / 1e6;
    }
    return r;
}

/* Before a node's first line: its counters, unless an enclosing
 * projection or filter (shown as this node) set them already. */
static void pend_node(struct xp *x, const struct pnode *p)
{
    if (x->analyze && !x->pend.valid)
        x->pend = ins_of(x, p);
}

static void pend_set(struct xp *x, double rows, double loops)
{
    if (x->analyze)
        x->pend = (struct ins){.valid = true, .rows = rows * loops, .loops = loops};
}

/* Deparse state of the EXPLAIN being printed (per session thread). */
static _Thread_local bool g_prefix;
/* The session's output settings (DateStyle, TimeZone, IntervalStyle,
 * extra_float_digits): constants print as their output function shows
 * them there, as PostgreSQL's EXPLAIN does. NULL: the defaults. */
static _Thread_local const struct sql_fmt *g_fmt;
/* Scan quals print their own table's columns unqualified (PostgreSQL's
 * show_scan_qual); [g_scan_lo, g_scan_hi) is that table's slot range. */
static _Thread_local int g_scan_lo = -1, g_scan_hi = -1;
/* Expressions over an aggregate's output row (HAVING, or a Sort above it)
 * print that row's columns as PostgreSQL does: a grouping expression or
 * the aggregate call itself, parenthesized when it is not a plain column
 * and read from a node above (ruleutils.c get_variable on OUTER_VAR). */
static _Thread_local const struct pnode *g_agg;
static _Thread_local bool g_agg_paren;
/* The values bound to the statement's parameters, when known: shown as
 * the constants PostgreSQL's custom plan folds them into. */
static _Thread_local const struct sql_value *g_params;
static _Thread_local size_t g_nparams;

static void dp(const struct bx *x, struct sbuf *o);
static void dp_aggref(const struct bx_aggref *r, struct sbuf *o);

/* The aggregate node whose output rows p's input rows are (through
 * projections and filters), or NULL. */
static const struct pnode *agg_below(const struct pnode *p)
{
    while (p != NULL && (p->kind == PN_PROJECT || p->kind == PN_FILTER))
        p = p->l;
    return p != NULL && p->kind == PN_AGG ? p : NULL;
}

static bool dp_agg_col(int idx, struct sbuf *o)
{
    const struct pnode *a = g_agg;
    int ng = a->u.agg.ngroups;
    bool paren = g_agg_paren;
    if (idx < 0 || idx >= ng + a->u.agg.naggs)
        return false;
    g_agg = NULL; /* what the aggregate node reads: its input's columns */
    if (idx < ng) {
        const struct bx *gx = a->u.agg.groups[idx];
        paren = paren && gx->kind != BX_COL;
        if (paren)
            sbuf_putc(o, '(');
        dp(gx, o);
    } else {
        if (paren)
            sbuf_putc(o, '(');
        dp_aggref(a->u.agg.aggs[idx - ng], o);
    }
    if (paren)
        sbuf_putc(o, ')');
    g_agg = a;
    return true;
}

static void dp_list(struct bx **a, int n, const char *sep, struct sbuf *o)
{
    for (int i = 0; i < n; i++) {
        if (i)
            sbuf_puts(o, sep);
        dp(a[i], o);
    }
}

static void dp_const(const struct sql_value *v, int32_t typmod, struct sbuf *o)
{
    if (v->null) {
        sbuf_puts(o, "NULL");
        return;
    }
    struct sql_fmt f;
    if (g_fmt != NULL)
        f = *g_fmt;
    else
        sql_fmt_init(&f);
    struct sbuf s;
    sbuf_init(&s);
    struct err e = {0};
    if (sql_value_out(v, &f, &s, &e) != 0)
        sbuf_puts(&s, "?");
    switch (v->type) {
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_NUMERIC:
        if (s.len > 0 && s.data[0] == '-')
            sbuf_printf(o, "'%s'::%s", s.data,
                        v->type == SQL_T_INT4   ? "integer"
                        : v->type == SQL_T_INT8 ? "bigint"
                                                : "numeric");
        else
            sbuf_puts(o, s.data ? s.data : "");
        break;
    case SQL_T_BOOL:
        sbuf_puts(o, v->u.b ? "true" : "false");
        break;
    default: {
        sbuf_putc(o, '\'');
        for (size_t i = 0; i < s.len; i++) {
            if (s.data[i] == '\'')
                sbuf_putc(o, '\'');
            sbuf_putc(o, s.data[i]);
        }
        sbuf_puts(o, "'::");
        sql_type_format(v->type, typmod, o);
        break;
    }
    }
    sbuf_free(&s);
}

/* A parameter's value as the Const of its type (ruleutils' get_const_expr):
 * unlike literals, which stay int4 beside a bigint, a bigint is labelled
 * and a numeric is bare only when it looks like a float. */
static void dp_param_value(const struct sql_value *v, struct sbuf *o)
{
    if (v->null || (v->type != SQL_T_INT8 && v->type != SQL_T_NUMERIC)) {
        dp_const(v, -1, o);
        return;
    }
    struct sql_fmt f;
    sql_fmt_init(&f);
    struct sbuf s;
    sbuf_init(&s);
    struct err e = {0};
    if (sql_value_out(v, &f, &s, &e) != 0 || s.data == NULL)
        sbuf_puts(&s, "?");
    bool bare = v->type == SQL_T_NUMERIC && s.data[0] >= '0' && s.data[0] <= '9' &&
                strcspn(s.data, "eE.") != s.len;
    if (bare)
        sbuf_puts(o, s.data);
    else
        sbuf_printf(o, "'%s'::%s", s.data, v->type == SQL_T_INT8 ? "bigint" : "numeric");
    sbuf_free(&s);
}

static void dp(const struct bx *x, struct sbuf *o)
{
    if (x == NULL) {
        sbuf_puts(o, "true");
        return;
    }
    switch (x->kind) {
    case BX_CONST:
        dp_const(&x->u.c, x->typmod, o);
        return;
    case BX_COL:
        if (g_agg != NULL && x->u.col.level == 0 && dp_agg_col(x->u.col.idx, o))
            return;
        if (x->u.col.name == NULL) {
            sbuf_printf(o, "col%d", x->u.col.idx + 1);
            return;
        }
        bool own = x->u.col.level == 0 && x->u.col.idx >= g_scan_lo && x->u.col.idx < g_scan_hi;
        if ((g_prefix || x->u.col.level > 0) && !own && x->u.col.rel != NULL)
            sbuf_printf(o, "%s.", x->u.col.rel);
        sbuf_puts(o, x->u.col.name);
        return;
    case BX_PARAM:
        if (g_params != NULL && x->u.param >= 0 && (size_t)x->u.param < g_nparams)
            dp_param_value(&g_params[x->u.param], o);
        else
            sbuf_printf(o, "$%d", x->u.param + 1);
        return;
    case BX_FUNC:
        if (x->u.fn.op) {
            sbuf_putc(o, '(');
            if (x->u.fn.nargs == 2) {
                dp(x->u.fn.args[0], o);
                sbuf_printf(o, " %s ", x->u.fn.name);
                dp(x->u.fn.args[1], o);
            } else if (x->u.fn.nargs == 1) {
                sbuf_printf(o, "%s ", x->u.fn.name);
                dp(x->u.fn.args[0], o);
            }
            sbuf_putc(o, ')');
            return;
        }
        sbuf_printf(o, "%s(", x->u.fn.name);
        dp_list(x->u.fn.args, x->u.fn.nargs, ", ", o);
        sbuf_putc(o, ')');
        return;
    case BX_AND:
    case BX_OR:
        sbuf_putc(o, '(');
        dp_list(x->u.list.args, x->u.list.n, x->kind == BX_AND ? " AND " : " OR ", o);
        sbuf_putc(o, ')');
        return;
    case BX_NOT:
        sbuf_puts(o, "(NOT ");
        dp(x->u.list.args[0], o);
        sbuf_putc(o, ')');
        return;
    case BX_NULLTEST:
        sbuf_putc(o, '(');
        dp(x->u.test.arg, o);
        sbuf_puts(o, x->u.test.test ? " IS NOT NULL)" : " IS NULL)");
        return;
    case BX_BOOLTEST: {
        static const char *const n[] = {" IS TRUE",      " IS NOT TRUE", " IS FALSE",
                                        " IS NOT FALSE", " IS UNKNOWN",  " IS NOT UNKNOWN"};
        sbuf_putc(o, '(');
        dp(x->u.test.arg, o);
        sbuf_puts(o, n[x->u.test.test]);
        sbuf_putc(o, ')');
        return;
    }
    case BX_DISTINCT:
        sbuf_putc(o, '(');
        dp(x->u.cmp.l, o);
        sbuf_puts(o, x->u.cmp.not_ ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
        dp(x->u.cmp.r, o);
        sbuf_putc(o, ')');
        return;
    case BX_NULLIF:
        sbuf_puts(o, "NULLIF(");
        dp(x->u.cmp.l, o);
        sbuf_puts(o, ", ");
        dp(x->u.cmp.r, o);
        sbuf_putc(o, ')');
        return;
    case BX_CASE:
        sbuf_puts(o, "CASE");
        for (int i = 0; i < x->u.cs.n; i++) {
            sbuf_puts(o, " WHEN ");
            dp(x->u.cs.conds[i], o);
            sbuf_puts(o, " THEN ");
            dp(x->u.cs.results[i], o);
        }
        sbuf_puts(o, " ELSE ");
        dp(x->u.cs.def, o);
        sbuf_puts(o, " END");
        return;
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
        sbuf_puts(o, x->kind == BX_COALESCE   ? "COALESCE("
                     : x->kind == BX_GREATEST ? "GREATEST("
                                              : "LEAST(");
        dp_list(x->u.list.args, x->u.list.n, ", ", o);
        sbuf_putc(o, ')');
        return;
    case BX_CAST:
        sbuf_putc(o, '(');
        dp(x->u.cast.arg, o);
        sbuf_puts(o, ")::");
        sql_type_format(x->type, x->typmod, o);
        return;
    case BX_SUBLINK:
        switch (x->u.sub.kind) {
        case SQL_SUBLINK_EXISTS:
            sbuf_printf(o, "(EXISTS (SubPlan %d))", x->u.sub.id + 1);
            return;
        case SQL_SUBLINK_ANY:
        case SQL_SUBLINK_ALL:
            sbuf_printf(o, "(%s (SubPlan %d))", x->u.sub.kind == SQL_SUBLINK_ANY ? "ANY" : "ALL",
                        x->u.sub.id + 1);
            return;
        default:
            sbuf_printf(o, "(SubPlan %d)", x->u.sub.id + 1);
            return;
        }
    case BX_SUBVAL:
        sbuf_puts(o, "(subquery)");
        return;
    case BX_ERROR:
        sbuf_puts(o, "NULL");
        return;
    case BX_ARRAYCMP:
        sbuf_putc(o, '(');
        dp(x->u.arr.cmp->kind == BX_FUNC ? x->u.arr.cmp->u.fn.args[0] : x->u.arr.cmp, o);
        sbuf_printf(o, " %s %s (", x->u.arr.cmp->kind == BX_FUNC ? x->u.arr.cmp->u.fn.name : "?",
                    x->u.arr.all ? "ALL" : "ANY");
        dp(x->u.arr.arr, o);
        sbuf_puts(o, "))");
        return;
    case BX_WINDOW:
        sbuf_puts(o, "window function OVER (?)");
        return;
    case BX_ROW:
        sbuf_puts(o, "ROW(");
        dp_list(x->u.list.args, x->u.list.n, ", ", o);
        sbuf_putc(o, ')');
        return;
    case BX_FIELD:
        sbuf_putc(o, '(');
        dp(x->u.test.arg, o);
        sbuf_printf(o, ").%s", eng__record_field_name(x->u.test.arg, x->u.test.test));
        return;
    case BX_AGG:
        dp_aggref(x->u.agg.ref, o);
        return;
    }
}

/* agg([DISTINCT] args [ORDER BY ...]) [FILTER (WHERE ...)], as ruleutils.c
 * get_agg_expr prints it. */
static void dp_aggref(const struct bx_aggref *r, struct sbuf *o)
{
    sbuf_printf(o, "%s(", r->name);
    if (r->star) {
        sbuf_putc(o, '*');
    } else {
        if (r->distinct)
            sbuf_puts(o, "DISTINCT ");
        if (r->gargs != NULL)
            dp_list(r->gargs, r->ngargs, ", ", o);
        else if (r->arg)
            dp(r->arg, o);
        if (r->arg2) {
            sbuf_puts(o, ", ");
            dp(r->arg2, o);
        }
        /* DISTINCT sorts by its argument: not an ORDER BY of the query's */
        bool implied = r->distinct && r->nokeys == 1 && r->arg != NULL && !r->odesc[0] &&
                       !r->onf[0] && eng__bx_equal(r->okeys[0], r->arg);
        for (int i = 0; i < r->nokeys && !implied; i++) {
            sbuf_puts(o, i ? ", " : " ORDER BY ");
            dp(r->okeys[i], o);
            if (r->odesc[i])
                sbuf_puts(o, " DESC");
            if (r->odesc[i] && !r->onf[i])
                sbuf_puts(o, " NULLS LAST");
            if (!r->odesc[i] && r->onf[i])
                sbuf_puts(o, " NULLS FIRST");
        }
    }
    sbuf_putc(o, ')');
    if (r->filter) {
        sbuf_puts(o, " FILTER (WHERE ");
        dp(r->filter, o);
        sbuf_putc(o, ')');
    }
}

void eng__deparse_bx(const struct bx *x, const struct pnode *ctxnode, struct sbuf *out)
{
    (void)ctxnode;
    dp(x, out);
}

static bool has_sublink(struct bx *x, void *arg)
{
    if (x->kind == BX_SUBLINK)
        *(bool *)arg = true;
    return x->kind == BX_SUBLINK; /* stop there */
}

/* An expression as a property value: PostgreSQL parenthesizes quals. */
static char *qual_text(struct xp *x, const struct bx *q)
{
    struct sbuf s;
    sbuf_init(&s);
    bool paren = q->kind != BX_FUNC || !q->u.fn.op;
    if (q->kind == BX_AND || q->kind == BX_OR || q->kind == BX_NOT || q->kind == BX_NULLTEST ||
        q->kind == BX_BOOLTEST || q->kind == BX_DISTINCT || q->kind == BX_CAST ||
        q->kind == BX_SUBLINK || q->kind == BX_ARRAYCMP)
        paren = false;
    if (paren)
        sbuf_putc(&s, '(');
    dp(q, &s);
    if (paren)
        sbuf_putc(&s, ')');
    char *r = mem_strdup(x->b->ctx, s.data ? s.data : "");
    sbuf_free(&s);
    return r;
}

static void prop(struct xp *x, int col, const char *name, const char *val)
{
    emit(x, col + 2, "", mem_printf(x->b->ctx, "%s: %s", name, val));
}

/* "Rows Removed by Filter: n" (PostgreSQL prints it when n > 0). */
static void removed(struct xp *x, int col, const char *what, double n, double loops)
{
    if (x->analyze && loops > 0 && n > 0)
        emit(x, col + 2, "", mem_printf(x->b->ctx, "Rows Removed by %s: %.0f", what, n / loops));
}

static void node(struct xp *x, const struct pnode *p, int col, bool child, const struct bx *extra);

static void child(struct xp *x, const struct pnode *p, int col)
{
    node(x, p, col + 2, true, NULL);
}

static const struct bx *project_expr(const struct pnode *p, int i)
{
    while (p != NULL && p->kind != PN_PROJECT && p->kind != PN_AGG)
        p = p->l;
    if (p != NULL && p->kind == PN_PROJECT && i < p->u.project.n)
        return p->u.project.exprs[i];
    return NULL;
}

static void node(struct xp *x, const struct pnode *p, int col, bool is_child,
                 const struct bx *extra);

/* A hash or merge join's properties: its key equalities as cond_label,
 * Join Filter (with rows removed), Filter (extra). */
static void join_conds(struct xp *x, const struct pnode *p, int tcol, const char *cond_label,
                       const struct bx *extra, double removed_, double loops)
{
    struct mem_ctx *m = x->b->ctx;
    struct bx **qs = mem_alloc(m, sizeof *qs * (size_t)p->u.join.nkeys);
    for (int i = 0; i < p->u.join.nkeys; i++) {
        struct bx *eq = mem_alloc0(m, sizeof *eq);
        eq->kind = BX_FUNC;
        eq->type = SQL_T_BOOL;
        eq->u.fn.op = true;
        eq->u.fn.name = "=";
        eq->u.fn.nargs = 2;
        eq->u.fn.args = mem_alloc(m, sizeof(struct bx *) * 2);
        eq->u.fn.args[0] = p->u.join.lkeys[i];
        eq->u.fn.args[1] = p->u.join.rkeys[i];
        qs[i] = eq;
    }
    prop(x, tcol, cond_label, qual_text(x, eng__and_list(m, qs, p->u.join.nkeys)));
    if (p->u.join.cond) {
        prop(x, tcol, "Join Filter", qual_text(x, p->u.join.cond));
        removed(x, tcol, "Join Filter", removed_, loops);
    }
    if (extra)
        prop(x, tcol, "Filter", qual_text(x, extra));
}

/* Merge Join (plan_merge.c): Merge Cond (outer = inner), Join Filter. */
static void explain_merge(struct xp *x, const struct pnode *p, int col, const char *arrow, int tcol,
                          const char *jt, const struct bx *extra, double removed_, double loops)
{
    struct mem_ctx *m = x->b->ctx;
    emit(x, col, arrow, mem_printf(m, "Merge%s Join", jt));
    join_conds(x, p, tcol, "Merge Cond", extra, removed_, loops);
    child(x, p->l, tcol);
    child(x, p->r, tcol);
}

static void node(struct xp *x, const struct pnode *p, int col, bool is_child,
                 const struct bx *extra)
{
    const char *arrow = is_child ? "->  " : "";
    int tcol = is_child ? col + 4 : col; /* column of the node's text */
    struct mem_ctx *m = x->b->ctx;
    /* rows a PN_FILTER above this node removed: the node's rows minus the
     * filter's (top_rows: what the node line shows) */
    double top_rows = x->pend.valid ? x->pend.rows : -1;
    pend_node(x, p);
    if (top_rows < 0)
        top_rows = x->pend.rows;
    struct ins self = x->analyze ? ins_of(x, p) : (struct ins){0};
    double extra_removed = self.rows - top_rows;
    switch (p->kind) {
    case PN_PROJECT:
        node(x, p->l, col, is_child, extra);
        return;
    case PN_FILTER:
        node(x, p->l, col, is_child, p->u.filter.qual);
        return;
    case PN_RESULT:
        emit(x, col, arrow, "Result");
        if (extra)
            prop(x, tcol, "One-Time Filter", qual_text(x, extra));
        return;
    case PN_VALUES:
        emit(x, col, arrow, "Values Scan on \"*VALUES*\"");
        if (extra) {
            prop(x, tcol, "Filter", qual_text(x, extra));
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        return;
    case PN_SCAN: {
        const struct sql_table_desc *t = p->u.scan.t;
        const char *alias = p->u.scan.alias;
        const char *suffix =
            alias && strcmp(alias, t->name) != 0 ? mem_printf(m, " %s", alias) : "";
        if (p->u.scan.idx_pos < 0)
            emit(x, col, arrow, mem_printf(m, "Seq Scan on %s%s", t->name, suffix));
        else
            emit(x, col, arrow,
                 mem_printf(m, "Index %sScan%s using %s on %s%s",
                            p->u.scan.index_only_shown ? "Only " : "",
                            p->u.scan.reverse ? " Backward" : "", t->idx[p->u.scan.idx_pos].name,
                            t->name, suffix));
        g_scan_lo = p->u.scan.off;
        g_scan_hi = p->u.scan.off + t->ncols;
        if (p->u.scan.nindex_conds > 0) {
            struct bx *ic = eng__and_list(m, p->u.scan.index_conds, p->u.scan.nindex_conds);
            prop(x, tcol, "Index Cond", qual_text(x, ic));
        }
        if (p->u.scan.filter) {
            prop(x, tcol, "Filter", qual_text(x, p->u.scan.filter));
            removed(x, tcol, "Filter", self.removed, self.loops);
        }
        g_scan_lo = g_scan_hi = -1;
        if (extra) {
            prop(x, tcol, "Filter", qual_text(x, extra));
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        return;
    }
    case PN_PROJSET:
        emit(x, col, arrow, "ProjectSet");
        child(x, p->l, tcol);
        return;
    case PN_RECUNION:
        emit(x, col, arrow, "Recursive Union");
        child(x, p->l, tcol);
        child(x, p->r, tcol);
        return;
    case PN_CTESCAN:
        emit(x, col, arrow, mem_printf(m, "CTE Scan on %s", p->u.ctescan.name));
        if (extra)
            prop(x, tcol, "Filter", qual_text(x, extra));
        return;
    case PN_DMLSCAN:
        emit(x, col, arrow, mem_printf(m, "CTE Scan on %s", p->u.dmlscan.name));
        if (extra)
            prop(x, tcol, "Filter", qual_text(x, extra));
        return;
    case PN_WORKTAB:
        emit(x, col, arrow, mem_printf(m, "WorkTable Scan on %s", p->u.wtab.name));
        if (extra)
            prop(x, tcol, "Filter", qual_text(x, extra));
        return;
    case PN_VTAB:
        emit(x, col, arrow, mem_printf(m, "Seq Scan on %s", p->u.vtab.vt->desc->name));
        if (p->u.vtab.filter) {
            prop(x, tcol, "Filter", qual_text(x, p->u.vtab.filter));
            removed(x, tcol, "Filter", self.removed, self.loops);
        }
        if (extra) {
            prop(x, tcol, "Filter", qual_text(x, extra));
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        return;
    case PN_SERIES: {
        const char *fname = p->u.series.jfn || p->u.series.srf >= 3 ? p->u.series.fname
                            : p->u.series.srf == 1                  ? "unnest"
                            : p->u.series.srf == 2                  ? "generate_subscripts"
                                                                    : "generate_series";
        if (p->u.series.srf == 5 && p->u.series.nkids > 1)
            fname = p->u.series.alias; /* ROWS FROM of several: the alias alone */
        emit(x, col, arrow,
             mem_printf(m, "Function Scan on %s%s", fname,
                        strcmp(p->u.series.alias, fname) != 0
                            ? mem_printf(m, " %s", p->u.series.alias)
                            : ""));
        if (extra) {
            prop(x, tcol, "Filter", qual_text(x, extra));
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        return;
    }
    case PN_SUBQ:
        if (p->l->kind == PN_WORKTAB) { /* named apart from the CTE scan, as ruleutils does */
            const char *wn = p->l->u.wtab.name;
            emit(x, col, arrow,
                 strcmp(wn, p->u.subq.alias) == 0
                     ? mem_printf(m, "WorkTable Scan on %s %s_1", wn, wn)
                     : mem_printf(m, "WorkTable Scan on %s %s", wn, p->u.subq.alias));
            if (extra)
                prop(x, tcol, "Filter", qual_text(x, extra));
            return;
        }
        if (p->l->kind == PN_DMLSCAN) { /* a data-modifying WITH query's rows */
            const char *cn = p->l->u.dmlscan.name;
            emit(x, col, arrow,
                 strcmp(cn, p->u.subq.alias) == 0
                     ? mem_printf(m, "CTE Scan on %s", cn)
                     : mem_printf(m, "CTE Scan on %s %s", cn, p->u.subq.alias));
            if (extra) {
                prop(x, tcol, "Filter", qual_text(x, extra));
                removed(x, tcol, "Filter", extra_removed, self.loops);
            }
            return;
        }
        if (p->l->kind == PN_CTESCAN) { /* a materialized WITH query (exec_ctescan.c) */
            const char *cn = p->l->u.ctescan.name;
            emit(x, col, arrow,
                 strcmp(cn, p->u.subq.alias) == 0
                     ? mem_printf(m, "CTE Scan on %s", cn)
                     : mem_printf(m, "CTE Scan on %s %s", cn, p->u.subq.alias));
            if (extra) {
                prop(x, tcol, "Filter", qual_text(x, extra));
                removed(x, tcol, "Filter", extra_removed, self.loops);
            }
            int id = p->l->u.ctescan.id;
            if (x->mat_shown == NULL)
                x->mat_shown = mem_alloc0(m, sizeof *x->mat_shown * (size_t)(x->b->nmat + 1));
            if (id >= 0 && id < x->b->nmat && !x->mat_shown[id]) {
                x->mat_shown[id] = true;
                emit(x, tcol + 2, "", mem_printf(m, "CTE %s", cn));
                node(x, p->l->l, tcol + 4, true, NULL);
            }
            return;
        }
        if (p->l->kind == PN_RECUNION) {
            emit(x, col, arrow, mem_printf(m, "CTE Scan on %s", p->u.subq.alias));
            if (extra)
                prop(x, tcol, "Filter", qual_text(x, extra));
            emit(x, tcol + 2, "", mem_printf(m, "CTE %s", p->l->u.rec.name));
            node(x, p->l, tcol + 4, true, NULL);
            return;
        }
        emit(x, col, arrow, mem_printf(m, "Subquery Scan on %s", p->u.subq.alias));
        if (extra) {
            prop(x, tcol, "Filter", qual_text(x, extra));
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        child(x, p->l, tcol);
        return;
    case PN_JOIN: {
        const char *jt = p->u.join.type == SQL_JOIN_LEFT    ? " Left"
                         : p->u.join.type == SQL_JOIN_RIGHT ? " Right"
                         : p->u.join.type == SQL_JOIN_FULL  ? " Full"
                         : p->u.join.type == SQL_JOIN_SEMI  ? " Semi"
                         : p->u.join.type == SQL_JOIN_ANTI  ? " Anti"
                                                            : "";
        if (p->u.join.alg == JOIN_MERGE) {
            explain_merge(x, p, col, arrow, tcol, jt, extra, self.removed, self.loops);
            return;
        }
        if (p->u.join.alg == JOIN_HASH) {
            emit(x, col, arrow, mem_printf(m, "Hash%s Join", jt));
            join_conds(x, p, tcol, "Hash Cond", extra, self.removed, self.loops);
            child(x, p->l, tcol);
            if (x->analyze) {
                struct ins h = ins_of(x, p->r);
                pend_set(x, h.loops > 0 ? h.rows / h.loops : 0, h.loops > 0 ? 1 : 0);
            }
            emit(x, tcol + 2, "->  ", "Hash");
            node(x, p->r, tcol + 6 + 2, true, NULL);
            return;
        }
        emit(x, col, arrow, *jt ? mem_printf(m, "Nested Loop%s Join", jt) : "Nested Loop");
        if (p->u.join.cond) {
            prop(x, tcol, "Join Filter", qual_text(x, p->u.join.cond));
            removed(x, tcol, "Join Filter", self.removed, self.loops);
        }
        if (extra) {
            prop(x, tcol, "Filter", qual_text(x, extra));
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        child(x, p->l, tcol);
        if (p->u.join.alg == JOIN_NL && p->r->kind != PN_VALUES && p->r->kind != PN_RESULT) {
            if (x->analyze) {
                /* rescanned once per outer row, returning the inner rows */
                struct ins o = ins_of(x, p->l), in = ins_of(x, p->r);
                double loops = in.loops > 0 ? o.rows : 0;
                pend_set(x, in.loops > 0 ? in.rows / in.loops : 0, loops);
            }
            emit(x, tcol + 2, "->  ", "Materialize");
            node(x, p->r, tcol + 6 + 2, true, NULL);
        } else {
            child(x, p->r, tcol);
        }
        return;
    }
    case PN_AGG:
        if (p->u.agg.ngroups > 0) {
            emit(x, col, arrow, "HashAggregate");
            struct sbuf s;
            sbuf_init(&s);
            dp_list(p->u.agg.groups, p->u.agg.ngroups - p->u.agg.nfundep, ", ", &s);
            prop(x, tcol, "Group Key", mem_strdup(m, s.data ? s.data : ""));
            sbuf_free(&s);
        } else {
            emit(x, col, arrow, "Aggregate");
        }
        if (extra) {
            g_agg = p; /* HAVING reads the aggregates directly */
            g_agg_paren = false;
            prop(x, tcol, "Filter", qual_text(x, extra));
            g_agg = NULL;
            removed(x, tcol, "Filter", extra_removed, self.loops);
        }
        child(x, p->l, tcol);
        return;
    case PN_SORT: {
        emit(x, col, arrow, "Sort");
        struct sbuf s;
        sbuf_init(&s);
        for (int i = 0; i < p->u.sort.nkeys; i++) {
            const struct sort_key *k = &p->u.sort.keys[i];
            if (i)
                sbuf_puts(&s, ", ");
            const struct bx *ex =
                p->u.sort.kexprs ? p->u.sort.kexprs[i] : project_expr(p->l, k->col);
            /* the key is a column of the input's output row: an expression
             * computed below prints parenthesized (get_variable) */
            g_agg = agg_below(p->l);
            g_agg_paren = true;
            if (ex && ex->kind != BX_COL) {
                g_agg_paren = false;
                sbuf_putc(&s, '(');
                dp(ex, &s);
                sbuf_putc(&s, ')');
            } else if (ex) {
                dp(ex, &s);
            } else if (g_agg == NULL || !dp_agg_col(k->col, &s)) {
                sbuf_printf(&s, "col%d", k->col + 1);
            }
            g_agg = NULL;
            if (k->desc)
                sbuf_puts(&s, " DESC");
            if (k->desc && !k->nulls_first)
                sbuf_puts(&s, " NULLS LAST");
            if (!k->desc && k->nulls_first)
                sbuf_puts(&s, " NULLS FIRST");
        }
        prop(x, tcol, "Sort Key", mem_strdup(m, s.data ? s.data : ""));
        sbuf_free(&s);
        child(x, p->l, tcol);
        return;
    }
    case PN_DISTINCT: {
        if (p->u.distinct.cols != NULL) { /* DISTINCT ON: first row of each group, sorted */
            emit(x, col, arrow, "Unique");
            child(x, p->l, tcol);
            return;
        }
        emit(x, col, arrow, "HashAggregate");
        struct sbuf s;
        sbuf_init(&s);
        for (int i = 0; i < p->u.distinct.ndistinct; i++) {
            if (i)
                sbuf_puts(&s, ", ");
            const struct bx *ex = project_expr(p->l, i);
            if (ex)
                dp(ex, &s);
        }
        prop(x, tcol, "Group Key", mem_strdup(m, s.data ? s.data : ""));
        sbuf_free(&s);
        child(x, p->l, tcol);
        return;
    }
    case PN_LIMIT:
        emit(x, col, arrow, "Limit");
        child(x, p->l, tcol);
        return;
    case PN_WINDOW:
        emit(x, col, arrow, "WindowAgg");
        if (extra)
            prop(x, tcol, "Filter", qual_text(x, extra));
        child(x, p->l, tcol);
        return;
    case PN_LOCKROWS:
        emit(x, col, arrow, "LockRows");
        child(x, p->l, tcol);
        return;
    case PN_SETOP:
        if (p->u.setop.op == SQL_SETOP_UNION) {
            if (!p->u.setop.all) {
                emit(x, col, arrow, "HashAggregate");
                if (x->analyze) {
                    struct ins l = ins_of(x, p->l), r = ins_of(x, p->r);
                    pend_set(x, l.rows + r.rows, 1);
                }
                emit(x, tcol + 2, "->  ", "Append");
                child(x, p->l, tcol + 6);
                child(x, p->r, tcol + 6);
                return;
            }
            emit(x, col, arrow, "Append");
        } else {
            const char *n =
                p->u.setop.op == SQL_SETOP_INTERSECT
                    ? (p->u.setop.all ? "HashSetOp Intersect All" : "HashSetOp Intersect")
                    : (p->u.setop.all ? "HashSetOp Except All" : "HashSetOp Except");
            emit(x, col, arrow, n);
        }
        child(x, p->l, tcol);
        child(x, p->r, tcol);
        return;
    case PN_MODIFY: {
        const char *op = p->u.modify.op == SQL_STMT_INSERT   ? "Insert"
                         : p->u.modify.op == SQL_STMT_UPDATE ? "Update"
                                                             : "Delete";
        const struct sql_table_desc *t = p->u.modify.t;
        const char *alias = p->u.modify.alias;
        pend_set(x, (double)x->modified, 1);
        emit(x, col, arrow,
             mem_printf(m, "%s on %s%s", op, t->name,
                        alias && strcmp(alias, t->name) != 0 ? mem_printf(m, " %s", alias) : ""));
        const struct upsert_plan *u = p->u.modify.upsert;
        if (u != NULL) {
            prop(x, tcol, "Conflict Resolution", u->do_update ? "UPDATE" : "NOTHING");
        }
        if (u != NULL && !u->all_unique) {
            struct sbuf sb;
            sbuf_init(&sb);
            for (int i = 0; i < u->narbiters; i++) {
                if (i > 0)
                    sbuf_puts(&sb, ", ");
                sbuf_puts(&sb, t->idx[u->arbiters[i]].name);
            }
            prop(x, tcol, "Conflict Arbiter Indexes", mem_strdup(m, sb.data ? sb.data : ""));
            sbuf_free(&sb);
        }
        bool sub = false;
        if (u != NULL && u->where != NULL)
            eng__bx_walk(u->where, has_sublink, &sub);
        if (u != NULL && u->where != NULL && !sub) {
            /* DO UPDATE ... WHERE, its columns qualified (the target and
             * EXCLUDED); one with a subquery is not shown */
            bool saved = g_prefix;
            g_prefix = true;
            prop(x, tcol, "Conflict Filter", qual_text(x, u->where));
            g_prefix = saved;
        }
        if (p->u.modify.current_of != NULL) {
            /* WHERE CURRENT OF: PostgreSQL's TID scan of the cursor's row */
            emit(x, tcol + 2, "->  ",
                 mem_printf(m, "Tid Scan on %s%s", t->name,
                            alias && strcmp(alias, t->name) != 0 ? mem_printf(m, " %s", alias)
                                                                 : ""));
            prop(x, tcol + 6, "TID Cond", mem_printf(m, "CURRENT OF %s", p->u.modify.current_of));
        } else if (p->l != NULL) {
            /* INSERT ... VALUES of one row is a Result (transformInsertStmt) */
            if (p->l->kind == PN_RESULT || (p->u.modify.op == SQL_STMT_INSERT &&
                                            p->l->kind == PN_VALUES && p->l->u.values.nrows == 1)) {
                if (x->analyze)
                    x->pend = ins_of(x, p->l);
                emit(x, tcol + 2, "->  ", "Result");
            } else
                child(x, p->l, tcol);
        }
        return;
    }
    }
}

static int count_leaves(const struct pnode *p)
{
    if (p == NULL)
        return 0;
    if (p->kind == PN_SCAN || p->kind == PN_VTAB || p->kind == PN_SERIES || p->kind == PN_VALUES ||
        p->kind == PN_SUBQ)
        return 1 + (p->kind == PN_SUBQ ? 0 : 0);
    return count_leaves(p->l) + count_leaves(p->r);
}

/* Data-modifying WITH queries: PostgreSQL's "CTE name" init plans of the
 * top node, after its own lines and before its children. */
static void dml_ctes(struct xp *x, const struct sql_plan *p)
{
    int at = x->n;
    for (int i = 1; i < x->n && at == x->n; i++)
        if (strncmp(x->lines[i], "  ->  ", 6) == 0)
            at = i;
    int before = x->n;
    for (int i = 0; i < p->ndml; i++) {
        emit(x, 2, "", mem_printf(x->b->ctx, "CTE %s", p->dml_names ? p->dml_names[i] : "?"));
        g_prefix = count_leaves(p->dml[i]) > 1;
        node(x, p->dml[i], 4, true, NULL);
        g_prefix = false;
    }
    /* move the new lines to position at */
    int added = x->n - before;
    if (added <= 0 || at == before)
        return;
    char **tmp = mem_alloc(x->b->ctx, sizeof *tmp * (size_t)added);
    memcpy(tmp, x->lines + before, sizeof *tmp * (size_t)added);
    memmove(x->lines + at + added, x->lines + at, sizeof *tmp * (size_t)(before - at));
    memcpy(x->lines + at, tmp, sizeof *tmp * (size_t)added);
}

int eng__explain(struct binder *b, const struct pnode *root, struct sql_plan *p, struct err *e)
{
    (void)e;
    struct xp x = {.b = b};
    g_prefix = count_leaves(root) > 1;
    g_fmt = b->env != NULL ? &b->env->fmt : NULL;
    node(&x, root, 0, false, NULL);
    g_prefix = false;
    g_fmt = NULL;
    if (p->ndml > 0)
        dml_ctes(&x, p);
    p->explain_lines = x.lines;
    p->nexplain = x.n;
    return 0;
}

int eng__explain_params(struct mem_ctx *ctx, const struct sql_fmt *fmt, const struct sql_plan *p,
                        const struct sql_value *params, size_t nparams, char ***lines, int *n)
{
    struct binder b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    struct xp x = {.b = &b};
    g_params = params;
    g_nparams = nparams;
    g_fmt = fmt;
    g_prefix = count_leaves(p->root) > 1;
    node(&x, p->root, 0, false, NULL);
    g_prefix = false;
    if (p->ndml > 0)
        dml_ctes(&x, p);
    g_params = NULL;
    g_nparams = 0;
    g_fmt = NULL;
    *lines = x.lines;
    *n = x.n;
    return 0;
}

int eng__explain_analyze(struct mem_ctx *ctx, const struct sql_fmt *fmt, const struct sql_plan *p,
                         struct xnode *const *all, int nall, const struct sql_value *params,
                         size_t nparams, uint64_t modified, double exec_ms, char ***lines, int *n)
{
    struct binder b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    struct xp x = {.b = &b,
                   .analyze = true,
                   .timing = p->an_timing,
                   .all = all,
                   .nall = nall,
                   .modified = modified};
    g_params = params;
    g_nparams = nparams;
    g_prefix = count_leaves(p->root) > 1;
    g_fmt = fmt;
    node(&x, p->root, 0, false, NULL);
    g_prefix = false;
    g_params = NULL;
    g_nparams = 0;
    g_fmt = NULL;
    if (p->an_summary) {
        emit(&x, 0, "", mem_printf(ctx, "Planning Time: %.3f ms", p->plan_ms));
        emit(&x, 0, "", mem_printf(ctx, "Execution Time: %.3f ms", exec_ms));
    }
    *lines = x.lines;
    *n = x.n;
    return 0;
}
