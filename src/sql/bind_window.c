/* bind_window.c — window functions in the binder and planner: calls with
 * OVER (window-only functions and every aggregate), named windows (WINDOW
 * w AS (...), OVER w, OVER (w ORDER BY ...)), frame clauses, and the plan
 * of a query level's windows: per distinct window specification a
 * projection that appends its sort keys, a Sort on PARTITION BY + ORDER BY
 * (skipped when the input is already in that order) and a PN_WINDOW that
 * appends one slot per call. Every BX_WINDOW of the level is then turned
 * into a BX_COL of its slot, so the final projection reads the results.
 *
 * Errors and their texts are PostgreSQL's (parser/parse_agg.c
 * transformWindowFuncCall, parse_clause.c transformWindowDefinitions and
 * transformFrameOffset).
 */
#include "sql/window_int.h"
#include "sql/array_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *tname(struct mem_ctx *ctx, uint32_t oid)
{
    struct sbuf s;
    sbuf_init(&s);
    sql_type_format(oid, -1, &s);
    char *r = mem_strdup(ctx, s.len ? s.data : "unknown");
    sbuf_free(&s);
    return r;
}

static const struct {
    const char *name;
    enum win_fn fn;
    int minargs, maxargs;
} g_wfuncs[] = {
    {"row_number", WF_ROW_NUMBER, 0, 0},
    {"rank", WF_RANK, 0, 0},
    {"dense_rank", WF_DENSE_RANK, 0, 0},
    {"percent_rank", WF_PERCENT_RANK, 0, 0},
    {"cume_dist", WF_CUME_DIST, 0, 0},
    {"ntile", WF_NTILE, 1, 1},
    {"lag", WF_LAG, 1, 3},
    {"lead", WF_LEAD, 1, 3},
    {"first_value", WF_FIRST_VALUE, 1, 1},
    {"last_value", WF_LAST_VALUE, 1, 1},
    {"nth_value", WF_NTH_VALUE, 2, 2},
};

static struct bx *newbx(struct mem_ctx *ctx, enum bx_kind k, uint32_t type, int location)
{
    struct bx *x = mem_alloc0(ctx, sizeof *x);
    x->kind = k;
    x->type = type;
    x->typmod = -1;
    x->location = location;
    return x;
}

static const struct sql_window *find_named(const struct scope *s, const char *name)
{
    if (s->windefs == NULL || name == NULL)
        return NULL;
    for (int i = 0; i < s->windefs->n; i++) {
        const struct sql_window *w = s->windefs->items[i];
        if (w->name != NULL && strcmp(w->name, name) == 0)
            return w;
    }
    return NULL;
}

/* The effective specification of a window clause (references resolved). */
struct eff {
    const struct sql_list *part, *ord;
    int frame;
    const struct sql_expr *soff, *eoff;
    int location;
};

static int resolve(const struct scope *s, const struct sql_window *w, int depth, struct eff *out,
                   struct err *e)
{
    out->part = &w->partition;
    out->ord = &w->order;
    out->frame = w->frame_options;
    out->soff = w->start_offset;
    out->eoff = w->end_offset;
    out->location = w->location;
    if (w->refname == NULL || depth > 32)
        return 0;
    const struct sql_window *base = find_named(s, w->refname);
    if (base == NULL)
        return eng__err(e, w->location, ERR_NOTFOUND, "42704", "window \"%s\" does not exist",
                        w->refname);
    struct eff be;
    int rc = resolve(s, base, depth + 1, &be, e);
    if (rc != 0)
        return rc;
    if (w->partition.n > 0)
        return eng__err(e, w->location, ERR_INVAL, "42P20",
                        "cannot override PARTITION BY clause of window \"%s\"", w->refname);
    if (w->order.n > 0 && be.ord->n > 0)
        return eng__err(e, w->location, ERR_INVAL, "42P20",
                        "cannot override ORDER BY clause of window \"%s\"", w->refname);
    if (be.frame & SQL_FRAME_NONDEFAULT) {
        if (w->order.n == 0 && !(w->frame_options & SQL_FRAME_NONDEFAULT))
            return eng__err(e, w->location, ERR_INVAL, "42P20",
                            "cannot copy window \"%s\" because it has a frame clause" ENG_HINT_SEP
                            "Omit the parentheses in this OVER clause.",
                            w->refname);
        return eng__err(e, w->location, ERR_INVAL, "42P20",
                        "cannot copy window \"%s\" because it has a frame clause", w->refname);
    }
    out->part = be.part;
    if (w->order.n == 0)
        out->ord = be.ord;
    return 0;
}

int eng__check_windows(struct binder *b, struct scope *s, const struct sql_list *windows,
                       struct err *e)
{
    (void)b;
    s->windefs = windows;
    for (int i = 0; i < windows->n; i++) {
        const struct sql_window *w = windows->items[i];
        for (int j = 0; j < i; j++) {
            const struct sql_window *o = windows->items[j];
            if (w->name != NULL && o->name != NULL && strcmp(w->name, o->name) == 0)
                return eng__err(e, w->location, ERR_INVAL, "42P20",
                                "window \"%s\" is already defined", w->name);
        }
        struct eff ef;
        int rc = resolve(s, w, 0, &ef, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static bool has_var0(struct bx *x, void *arg)
{
    (void)arg;
    return x->kind == BX_COL && x->u.col.level == 0;
}

static const char *mode_name(int frame)
{
    return (frame & SQL_FRAME_ROWS) ? "ROWS" : (frame & SQL_FRAME_GROUPS) ? "GROUPS" : "RANGE";
}

/* RANGE offset: the in_range offset type for an ORDER BY column type, 0 when none. */
static uint32_t range_offset_type(uint32_t t)
{
    switch (t) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
        return SQL_T_INT8;
    case SQL_T_NUMERIC:
        return SQL_T_NUMERIC;
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
        return SQL_T_FLOAT8;
    case SQL_T_DATE:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
    case SQL_T_TIMETZ:
    case SQL_T_INTERVAL:
        return SQL_T_INTERVAL;
    default:
        return 0;
    }
}

static struct bx *slot_col(struct mem_ctx *ctx, int idx, uint32_t type)
{
    struct bx *c = newbx(ctx, BX_COL, type, -1);
    c->u.col.idx = idx;
    return c;
}

/* cond over the row [value, current value]: value >= / <= current -/+ offset */
static int range_cond(struct binder *b, struct win_spec *ws, struct bx *off, bool start,
                      bool preceding, struct bx **out, struct err *e)
{
    bool desc = ws->desc[0];
    uint32_t t = ws->ord[0]->type;
    struct bx *v = slot_col(b->ctx, 0, t), *base = slot_col(b->ctx, 1, t);
    v->typmod = base->typmod = ws->ord[0]->typmod;
    bool minus = preceding != desc;
    struct bx *bound;
    int rc = eng__make_op(b, minus ? "-" : "+", base, off, off->location, &bound, e);
    if (rc != 0)
        return rc;
    const char *op = start ? (desc ? "<=" : ">=") : (desc ? ">=" : "<=");
    return eng__make_op(b, op, v, bound, off->location, out, e);
}

/* exprLocation of a cast: its leftmost token */
static int leftmost(const struct sql_expr *v)
{
    while (v->kind == SQL_EXPR_CAST && v->u.cast.arg != NULL && v->u.cast.arg->location >= 0 &&
           v->u.cast.arg->location < v->location)
        v = v->u.cast.arg;
    return v->location;
}

static int bind_offset(struct binder *b, struct scope *s, struct win_spec *ws,
                       const struct sql_expr *ox, bool start, struct err *e)
{
    int frame = ws->frame;
    struct bx *off;
    int rc = eng__bind_expr(b, s, ox, &off, e);
    if (rc != 0)
        return rc;
    if (eng__bx_walk(off, has_var0, NULL))
        return eng__err(e, ox->location, ERR_INVAL, "42P10",
                        "argument of %s must not contain variables", mode_name(frame));
    if (!(frame & SQL_FRAME_RANGE)) {
        struct err e2 = {0};
        if (off->type == SQL_T_UNKNOWN)
            rc = eng__coerce(b, off, SQL_T_INT8, -1, COERCE_IMPLICIT, &off, e);
        if (rc != 0)
            return rc;
        if (eng__coerce(b, off, SQL_T_INT8, -1, COERCE_IMPLICIT, &off, &e2) != 0)
            return eng__err(e, ox->location, ERR_INVAL, "42804",
                            "argument of %s must be type bigint, not type %s", mode_name(frame),
                            tname(b->ctx, off->type));
    } else {
        uint32_t kt = ws->ord[0]->type;
        uint32_t ot = range_offset_type(kt);
        if (ot == 0) /* named by its operator class's input type (varchar: text_ops) */
            return eng__err(
                e, leftmost(ox), ERR_UNSUPPORTED, "0A000",
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
                tname(b->ctx, kt == SQL_T_VARCHAR ? SQL_T_TEXT : kt));
        struct err e2 = {0};
        uint32_t given = off->type;
        if (eng__coerce(b, off, ot, -1, COERCE_IMPLICIT, &off, &e2) != 0)
            return eng__err(
                e, leftmost(ox), ERR_UNSUPPORTED, "0A000",
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s "
                "and offset type %s" ENG_HINT_SEP "Cast the offset value to an appropriate type.",
                tname(b->ctx, kt), tname(b->ctx, given));
        bool preceding = start ? (frame & SQL_FRAME_START_OFFSET_PRECEDING) != 0
                               : (frame & SQL_FRAME_END_OFFSET_PRECEDING) != 0;
        struct bx *cond, *neg, *zero;
        struct sql_value zv = sql_cstr("0");
        zv.type = SQL_T_UNKNOWN;
        zero = eng__const(b->ctx, &zv, -1);
        if (range_cond(b, ws, off, start, preceding, &cond, &e2) != 0 ||
            eng__coerce(b, zero, ot, -1, COERCE_IMPLICIT, &zero, &e2) != 0 ||
            eng__make_op(b, "<", off, zero, ox->location, &neg, &e2) != 0)
            return eng__err(
                e, ox->location, ERR_UNSUPPORTED, "0A000",
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
                tname(b->ctx, kt));
        if (start) {
            ws->scond = cond;
            ws->sneg = neg;
        } else {
            ws->econd = cond;
            ws->eneg = neg;
        }
    }
    if (start)
        ws->soff = off;
    else
        ws->eoff = off;
    return 0;
}

static int bind_spec(struct binder *b, struct scope *s, const struct sql_window *over,
                     struct win_spec **out, struct err *e)
{
    struct eff ef;
    int rc;
    int named = -1;
    if (over->name != NULL && over->refname == NULL) {
        const struct sql_window *nw = find_named(s, over->name);
        if (nw == NULL)
            return eng__err(e, over->location, ERR_NOTFOUND, "42704",
                            "window \"%s\" does not exist", over->name);
        for (int i = 0; i < s->windefs->n; i++)
            if (s->windefs->items[i] == nw)
                named = i;
        rc = resolve(s, nw, 0, &ef, e);
    } else {
        rc = resolve(s, over, 0, &ef, e);
    }
    if (rc != 0)
        return rc;
    struct win_spec *ws = mem_alloc0(b->ctx, sizeof *ws);
    ws->named = named;
    const char *wf = s->win_forbidden;
    s->win_forbidden = "window definitions";
    bool sdd = s->srf_dedup;
    s->srf_dedup = true;
    ws->npart = ef.part->n;
    ws->part = mem_alloc0(b->ctx, sizeof *ws->part * (size_t)(ws->npart + 1));
    for (int i = 0; rc == 0 && i < ws->npart; i++) {
        rc = eng__bind_expr(b, s, ef.part->items[i], &ws->part[i], e);
        if (rc == 0)
            rc = eng__resolve_unknown(b, ws->part[i], &ws->part[i], e);
    }
    ws->nord = ef.ord->n;
    ws->ord = mem_alloc0(b->ctx, sizeof *ws->ord * (size_t)(ws->nord + 1));
    ws->desc = mem_alloc0(b->ctx, sizeof *ws->desc * (size_t)(ws->nord + 1));
    ws->nulls_first = mem_alloc0(b->ctx, sizeof *ws->nulls_first * (size_t)(ws->nord + 1));
    for (int i = 0; rc == 0 && i < ws->nord; i++) {
        const struct sql_sortby *sb = ef.ord->items[i];
        if (sb->dir == SQL_SORT_USING) {
            rc = eng__err(e, sb->expr->location, ERR_UNSUPPORTED, "0A000",
                          "ORDER BY USING is not supported");
            break;
        }
        rc = eng__bind_expr(b, s, sb->expr, &ws->ord[i], e);
        if (rc == 0)
            rc = eng__resolve_unknown(b, ws->ord[i], &ws->ord[i], e);
        ws->desc[i] = sb->dir == SQL_SORT_DESC;
        ws->nulls_first[i] =
            sb->nulls == SQL_NULLS_FIRST || (sb->nulls == SQL_NULLS_DEFAULT && ws->desc[i]);
    }
    s->srf_dedup = sdd;
    if (rc != 0) {
        s->win_forbidden = wf;
        return rc;
    }
    const char *sf = s->srf_forbidden;
    s->srf_forbidden = "!window definitions";
    int frame = ef.frame;
    if (!(frame & SQL_FRAME_NONDEFAULT))
        frame = SQL_FRAME_RANGE | SQL_FRAME_START_UNBOUNDED_PRECEDING | SQL_FRAME_END_CURRENT_ROW;
    ws->frame = frame;
    int offs = SQL_FRAME_START_OFFSET_PRECEDING | SQL_FRAME_START_OFFSET_FOLLOWING |
               SQL_FRAME_END_OFFSET_PRECEDING | SQL_FRAME_END_OFFSET_FOLLOWING;
    if ((frame & SQL_FRAME_GROUPS) && ws->nord == 0)
        rc =
            eng__err(e, ef.location, ERR_INVAL, "42P20", "GROUPS mode requires an ORDER BY clause");
    else if ((frame & SQL_FRAME_RANGE) && (frame & offs) && ws->nord != 1)
        rc = eng__err(e, ef.location, ERR_INVAL, "42P20",
                      "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
    if (rc == 0 && ef.soff != NULL &&
        (frame & (SQL_FRAME_START_OFFSET_PRECEDING | SQL_FRAME_START_OFFSET_FOLLOWING)))
        rc = bind_offset(b, s, ws, ef.soff, true, e);
    if (rc == 0 && ef.eoff != NULL &&
        (frame & (SQL_FRAME_END_OFFSET_PRECEDING | SQL_FRAME_END_OFFSET_FOLLOWING)))
        rc = bind_offset(b, s, ws, ef.eoff, false, e);
    s->win_forbidden = wf;
    s->srf_forbidden = sf;
    if (rc != 0)
        return rc;
    *out = ws;
    return 0;
}

static int bind_args(struct binder *b, struct scope *s, const struct sql_expr *x,
                     struct bx_winref *r, uint32_t *types, struct err *e)
{
    r->nargs = x->u.func.args.n;
    bool saved = s->in_win_arg;
    s->in_win_arg = true;
    int rc = 0;
    for (int i = 0; rc == 0 && i < r->nargs; i++) {
        rc = eng__bind_expr(b, s, x->u.func.args.items[i], &r->args[i], e);
        if (rc == 0)
            types[i] = r->args[i]->type;
    }
    s->in_win_arg = saved;
    return rc;
}

static int lookup_error(const char *name, const uint32_t *types, int n, int location, struct err *e)
{
    struct sql_func_match m;
    int rc = sql_func_lookup(name, types, n, &m, e);
    if (rc == 0)
        rc = eng__err(e, -1, ERR_NOTFOUND, "42883", "function %s does not exist", name);
    eng__set_error_location(location);
    return rc;
}

static int bind_winfunc(struct binder *b, struct scope *s, const struct sql_expr *x, int wi,
                        struct bx_winref *r, uint32_t *ret, struct err *e)
{
    const char *name = x->u.func.name.name;
    int loc = x->location;
    if (x->u.func.order.n > 0)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "aggregate ORDER BY is not implemented for window functions");
    if (x->u.func.filter != NULL)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "FILTER is not implemented for non-aggregate window functions");
    if (x->u.func.distinct)
        return eng__err(e, loc, ERR_INVAL, "42809",
                        "DISTINCT specified, but %s is not an aggregate function", name);
    if (x->u.func.args.n > 3)
        return eng__err(e, loc, ERR_NOTFOUND, "42883", "function %s does not exist", name);
    uint32_t types[3] = {0};
    int rc = bind_args(b, s, x, r, types, e);
    if (rc != 0)
        return rc;
    r->fn = g_wfuncs[wi].fn;
    int n = r->nargs;
    if (n < g_wfuncs[wi].minargs || n > g_wfuncs[wi].maxargs)
        return lookup_error(name, types, n, loc, e);
    struct sql_func_match m;
    if ((r->fn == WF_LAG || r->fn == WF_LEAD) && n == 3) {
        /* lag(anycompatible, integer, anycompatible) */
        struct bx *pair[2] = {r->args[0], r->args[2]};
        uint32_t ct;
        struct err e2 = {0};
        if (eng__common_type(pair, 2, name, &ct, &e2) != 0)
            return lookup_error(name, types, n, loc, e);
        uint32_t t2[2] = {types[0], types[1]};
        if (sql_func_lookup(name, t2, 2, &m, &e2) != 0)
            return lookup_error(name, types, n, loc, e);
        if (ct == SQL_T_UNKNOWN)
            ct = SQL_T_TEXT;
        if ((rc = eng__coerce(b, r->args[0], ct, -1, COERCE_IMPLICIT, &r->args[0], e)) != 0 ||
            (rc = eng__coerce(b, r->args[2], ct, -1, COERCE_IMPLICIT, &r->args[2], e)) != 0 ||
            (rc = eng__coerce(b, r->args[1], SQL_T_INT4, -1, COERCE_IMPLICIT, &r->args[1], e)) != 0)
            return rc;
        *ret = ct;
        return 0;
    }
    rc = sql_func_lookup(name, types, n, &m, e);
    if (rc != 0) {
        eng__set_error_location(loc);
        return rc;
    }
    for (int i = 0; i < n; i++) {
        uint32_t t = m.argtypes[i];
        if (t == SQL_T_UNKNOWN || t == SQL_FT_ANYELEMENT)
            rc = eng__resolve_unknown(b, r->args[i], &r->args[i], e);
        else
            rc = eng__coerce(b, r->args[i], t, -1, COERCE_IMPLICIT, &r->args[i], e);
        if (rc != 0)
            return rc;
    }
    *ret = m.ret;
    if (*ret == SQL_T_UNKNOWN || *ret == SQL_FT_ANYELEMENT)
        *ret = n > 0 ? r->args[0]->type : SQL_T_TEXT;
    return 0;
}

static int bind_winagg(struct binder *b, struct scope *s, const struct sql_expr *x,
                       struct bx_winref *r, uint32_t *ret, struct err *e)
{
    const char *name = x->u.func.name.name;
    int loc = x->location;
    if (x->u.func.distinct)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "DISTINCT is not implemented for window functions");
    if (x->u.func.order.n > 0)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "aggregate ORDER BY is not implemented for window functions");
    if (x->u.func.within_group)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000", "WITHIN GROUP is not supported");
    if (x->u.func.args.n > 2)
        return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                        "aggregates with more than two arguments are not supported");
    uint32_t types[3] = {0};
    int rc = bind_args(b, s, x, r, types, e);
    if (rc != 0)
        return rc;
    if (x->u.func.filter != NULL) {
        const char *wf = s->win_forbidden;
        s->win_forbidden = "FILTER";
        rc = eng__bind_bool(b, s, x->u.func.filter, "FILTER", &r->filter, e);
        s->win_forbidden = wf;
        if (rc != 0)
            return rc;
    }
    uint32_t cast_to = 0;
    if (strcmp(name, "array_agg") == 0 && r->nargs == 1 && !x->u.func.star) {
        /* array_agg(anynonarray) / array_agg(anyarray), as bind_expr.c's */
        if (r->args[0]->type == SQL_T_UNKNOWN) /* a literal: anynonarray or anyarray? */
            return eng__err(e, loc, ERR_INVAL, "42725",
                            "function array_agg(unknown) is not unique" ENG_HINT_SEP
                            "Could not choose a best candidate function. You might need to add "
                            "explicit type casts.");
        if ((rc = eng__resolve_unknown(b, r->args[0], &r->args[0], e)) != 0)
            return rc;
        uint32_t t = r->args[0]->type;
        uint32_t at = sql_array_elemtype(t) != 0 ? t : sql_array_of(t);
        if (at == 0)
            return eng__err(e, loc, ERR_UNSUPPORTED, "0A000",
                            "array_agg of type %s is not supported", tname(b->ctx, t));
        r->agg = &sql__array_agg_def;
        r->fn = WF_AGG;
        *ret = at;
        return 0;
    }
    rc = sql_agg_lookup(name, types, r->nargs, x->u.func.star, &r->agg, &cast_to, e);
    if (rc != 0) {
        eng__set_error_location(loc);
        return rc;
    }
    if (r->nargs >= 1) {
        if (cast_to != 0)
            rc = eng__coerce(b, r->args[0], cast_to, -1, COERCE_IMPLICIT, &r->args[0], e);
        else
            rc = eng__resolve_unknown(b, r->args[0], &r->args[0], e);
        if (rc != 0)
            return rc;
    }
    if (r->nargs >= 2) {
        rc = eng__coerce(b, r->args[1], r->agg->arg2, -1, COERCE_IMPLICIT, &r->args[1], e);
        if (rc != 0)
            return rc;
    }
    r->fn = WF_AGG;
    *ret = r->agg->ret;
    if (sql_agg_is_array_minmax(r->agg))
        *ret = cast_to; /* min/max(anyarray) */
    return 0;
}

int eng__bind_window_call(struct binder *b, struct scope *s, const struct sql_expr *x,
                          struct bx **out, struct err *e)
{
    const char *name = x->u.func.name.name;
    int loc = x->location;
    if (s->win_forbidden != NULL)
        return eng__err(e, loc, ERR_INVAL, "42P20", "window functions are not allowed in %s",
                        s->win_forbidden);
    if (s->in_win_arg)
        return eng__err(e, loc, ERR_INVAL, "42P20", "window function calls cannot be nested");
    if (s->in_agg_arg)
        return eng__err(e, loc, ERR_INVAL, "42803",
                        "aggregate function calls cannot contain window function calls");
    if (!s->allow_windows)
        return eng__err(e, loc, ERR_INVAL, "42P20", "window functions are not allowed in %s",
                        s->agg_forbidden ? s->agg_forbidden : "this context");
    struct bx_winref *r = mem_alloc0(b->ctx, sizeof *r);
    r->name = mem_strdup(b->ctx, name);
    int wi = -1;
    for (size_t i = 0; i < sizeof g_wfuncs / sizeof g_wfuncs[0]; i++)
        if (strcmp(g_wfuncs[i].name, name) == 0)
            wi = (int)i;
    uint32_t ret = 0;
    int rc;
    if (wi >= 0) {
        rc = bind_winfunc(b, s, x, wi, r, &ret, e);
    } else if (sql_agg_exists(name) || strcmp(name, "array_agg") == 0) {
        rc = bind_winagg(b, s, x, r, &ret, e);
    } else {
        uint32_t types[SQL_FUNC_MAX_ARGS * 4];
        if (x->u.func.args.n > 3)
            return eng__err(e, loc, ERR_INVAL, "42809",
                            "OVER specified, but %s is not a window function nor an aggregate "
                            "function",
                            name);
        rc = bind_args(b, s, x, r, types, e);
        if (rc != 0)
            return rc;
        struct sql_func_match m;
        rc = sql_func_lookup(name, types, r->nargs, &m, e);
        if (rc != 0 && rc != ERR_UNSUPPORTED) { /* unsupported: a PostgreSQL function */
            eng__set_error_location(loc);
            return rc;
        }
        return eng__err(e, loc, ERR_INVAL, "42809",
                        "OVER specified, but %s is not a window function nor an aggregate function",
                        name);
    }
    if (rc != 0)
        return rc;
    rc = bind_spec(b, s, x->u.func.over, &r->spec, e);
    if (rc != 0)
        return rc;
    struct bx *node = newbx(b->ctx, BX_WINDOW, ret, loc);
    node->u.win = r;
    r->node = node;
    if (s->nwins == s->wincap) {
        int nc = s->wincap ? s->wincap * 2 : 4;
        s->wins = mem_realloc(b->ctx, s->wins, sizeof *s->wins * (size_t)s->wincap,
                              sizeof *s->wins * (size_t)nc);
        s->wincap = nc;
    }
    s->wins[s->nwins++] = r;
    *out = node;
    return 0;
}

bool eng__win_walk(struct bx *x, bool (*fn)(struct bx *x, void *arg), void *arg)
{
    const struct bx_winref *r = x->u.win;
    for (int i = 0; i < r->nargs; i++)
        if (eng__bx_walk(r->args[i], fn, arg))
            return true;
    if (eng__bx_walk(r->filter, fn, arg))
        return true;
    for (int i = 0; i < r->spec->npart; i++)
        if (eng__bx_walk(r->spec->part[i], fn, arg))
            return true;
    for (int i = 0; i < r->spec->nord; i++)
        if (eng__bx_walk(r->spec->ord[i], fn, arg))
            return true;
    return false;
}

/* ---- planning ---- */

static bool bx_eq(const struct bx *a, const struct bx *c)
{
    if (a == NULL || c == NULL)
        return a == c;
    return eng__bx_equal(a, c);
}

static bool spec_equal(const struct win_spec *a, const struct win_spec *c)
{
    if (a->npart != c->npart || a->nord != c->nord || a->frame != c->frame)
        return false;
    for (int i = 0; i < a->npart; i++)
        if (!eng__bx_equal(a->part[i], c->part[i]))
            return false;
    for (int i = 0; i < a->nord; i++)
        if (!eng__bx_equal(a->ord[i], c->ord[i]) || a->desc[i] != c->desc[i] ||
            a->nulls_first[i] != c->nulls_first[i])
            return false;
    return bx_eq(a->soff, c->soff) && bx_eq(a->eoff, c->eoff);
}

static int regroup_ref(struct binder *b, struct bx_winref *r, struct bx **groups, int ng,
                       struct err *e)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < r->nargs; i++)
        rc = eng__regroup_expr(b, groups, ng, r->args[i], &r->args[i], e);
    if (rc == 0 && r->filter != NULL)
        rc = eng__regroup_expr(b, groups, ng, r->filter, &r->filter, e);
    struct win_spec *ws = r->spec;
    for (int i = 0; rc == 0 && i < ws->npart; i++)
        rc = eng__regroup_expr(b, groups, ng, ws->part[i], &ws->part[i], e);
    for (int i = 0; rc == 0 && i < ws->nord; i++)
        rc = eng__regroup_expr(b, groups, ng, ws->ord[i], &ws->ord[i], e);
    return rc;
}

static struct pnode *pn(struct mem_ctx *ctx, enum pn_kind k, int width, struct pnode *l)
{
    struct pnode *p = mem_alloc0(ctx, sizeof *p);
    p->kind = k;
    p->width = width;
    p->l = l;
    p->est_rows = l ? l->est_rows : 1;
    return p;
}

struct uord {
    int *ref;
    bool *desc, *nf;
    int n;
};

static int ref_of(struct binder *b, struct bx ***refs, int *n, int *cap, struct bx *x)
{
    for (int i = 0; i < *n; i++)
        if (eng__bx_equal((*refs)[i], x))
            return i + 1;
    if (*n == *cap) {
        int nc = *cap * 2;
        *refs =
            mem_realloc(b->ctx, *refs, sizeof **refs * (size_t)*cap, sizeof **refs * (size_t)nc);
        *cap = nc;
    }
    (*refs)[(*n)++] = x;
    return *n;
}

/* common_prefix_cmp: larger references first; a longer list before its prefix */
static int uord_cmp(const struct uord *a, const struct uord *c)
{
    for (int i = 0; i < a->n && i < c->n; i++) {
        if (a->ref[i] != c->ref[i])
            return a->ref[i] > c->ref[i] ? -1 : 1;
        if (a->desc[i] != c->desc[i])
            return a->desc[i] ? -1 : 1;
        if (a->nf[i] != c->nf[i])
            return a->nf[i] ? -1 : 1;
    }
    return a->n > c->n ? -1 : a->n < c->n ? 1 : 0;
}

int eng__plan_windows(struct binder *b, struct scope *s, bool grouped, struct bx **groups,
                      int ngroups, struct bx **okeys, int nokeys, struct pnode **pp, struct err *e)
{
    int nw = s->nwins;
    int rc;
    if (grouped)
        for (int i = 0; i < nw; i++)
            if ((rc = regroup_ref(b, s->wins[i], groups, ngroups, e)) != 0)
                return rc;
    /* distinct specifications, each with its calls */
    struct win_spec **specs = mem_alloc0(b->ctx, sizeof *specs * (size_t)nw);
    int *of = mem_alloc0(b->ctx, sizeof *of * (size_t)nw);
    int ns = 0;
    for (int i = 0; i < nw; i++) {
        int k = 0;
        while (k < ns && !spec_equal(specs[k], s->wins[i]->spec))
            k++;
        if (k == ns)
            specs[ns++] = s->wins[i]->spec;
        of[i] = k;
    }
    /* PostgreSQL's order (planner.c select_active_windows): sort group
     * references numbered over the query's ORDER BY, GROUP BY, then the
     * windows (WINDOW clause first); a window whose key list is larger
     * element-wise runs first, so the last one's order is the output's */
    int nref = 0, refcap = nokeys + ngroups + 8;
    struct bx **refs = mem_alloc0(b->ctx, sizeof *refs * (size_t)refcap);
    for (int i = 0; i < nokeys; i++)
        ref_of(b, &refs, &nref, &refcap, okeys[i]);
    for (int i = 0; i < ngroups; i++) {
        struct bx *g = groups[i];
        if (grouped && (rc = eng__regroup_expr(b, groups, ngroups, g, &g, e)) != 0)
            return rc;
        ref_of(b, &refs, &nref, &refcap, g);
    }
    int *order = mem_alloc0(b->ctx, sizeof *order * (size_t)ns);
    int no = 0;
    if (s->windefs != NULL)
        for (int w = 0; w < s->windefs->n; w++)
            for (int i = 0; i < ns; i++)
                if (specs[i]->named == w)
                    order[no++] = i;
    for (int i = 0; i < ns; i++)
        if (specs[i]->named < 0)
            order[no++] = i;
    struct uord **uo = mem_alloc0(b->ctx, sizeof *uo * (size_t)ns);
    for (int k = 0; k < ns; k++) {
        const struct win_spec *ws = specs[order[k]];
        struct uord *u = mem_alloc0(b->ctx, sizeof *u);
        int nk = ws->npart + ws->nord;
        u->ref = mem_alloc0(b->ctx, sizeof(int) * (size_t)(nk + 1));
        u->desc = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(nk + 1));
        u->nf = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(nk + 1));
        for (int j = 0; j < nk; j++) {
            bool part = j < ws->npart;
            int r = ref_of(b, &refs, &nref, &refcap, part ? ws->part[j] : ws->ord[j - ws->npart]);
            bool dup = false;
            for (int q = 0; q < u->n && !dup; q++)
                dup = u->ref[q] == r;
            if (dup)
                continue;
            u->ref[u->n] = r;
            u->desc[u->n] = part ? false : ws->desc[j - ws->npart];
            u->nf[u->n] = part ? false : ws->nulls_first[j - ws->npart];
            u->n++;
        }
        uo[order[k]] = u;
    }
    for (int i = 1; i < ns; i++) /* stable insertion sort */
        for (int j = i; j > 0 && uord_cmp(uo[order[j]], uo[order[j - 1]]) < 0; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }

    struct pnode *p = *pp;
    struct sort_key *sorted = NULL; /* the order of p's rows */
    int nsorted = 0;
    for (int oi = 0; oi < ns; oi++) {
        int si = order[oi];
        const struct win_spec *ws = specs[si];
        int nk = ws->npart + ws->nord;
        int W = p->width;
        struct bx **keyx = mem_alloc0(b->ctx, sizeof *keyx * (size_t)(nk + 1));
        struct sort_key *keys = mem_alloc0(b->ctx, sizeof *keys * (size_t)(nk + 1));
        for (int k = 0; k < nk; k++) {
            bool part = k < ws->npart;
            keyx[k] = part ? ws->part[k] : ws->ord[k - ws->npart];
            keys[k].desc = part ? false : ws->desc[k - ws->npart];
            keys[k].nulls_first = part ? false : ws->nulls_first[k - ws->npart];
            keys[k].col = -1;
        }
        /* is p already in this order? (keys a prefix of its sort) */
        bool need_sort = nk > 0;
        if (need_sort && nk <= nsorted && p->kind == PN_WINDOW) {
            const struct pn_window *below = p->u.window;
            bool ok = true;
            for (int k = 0; k < nk && ok; k++) {
                const struct bx *kx = keyx[k];
                int col = sorted[k].col;
                /* the key must be computed the same way at that slot */
                const struct win_spec *bs = below->spec;
                const struct bx *bx = col >= 0 && k < bs->npart + bs->nord
                                          ? (k < bs->npart ? bs->part[k] : bs->ord[k - bs->npart])
                                          : NULL;
                ok = bx != NULL && eng__bx_equal(kx, bx) && sorted[k].desc == keys[k].desc &&
                     sorted[k].nulls_first == keys[k].nulls_first;
                keys[k].col = col;
            }
            need_sort = !ok;
        }
        if (need_sort) {
            /* a projection that appends the keys that are not plain columns */
            struct bx **ex = mem_alloc0(b->ctx, sizeof *ex * (size_t)(W + nk + 1));
            for (int i = 0; i < W; i++)
                ex[i] = slot_col(b->ctx, i, SQL_T_UNKNOWN);
            int nx = W;
            for (int k = 0; k < nk; k++) {
                struct bx *kx = keyx[k];
                if (kx->kind == BX_COL && kx->u.col.level == 0 && kx->u.col.idx < W) {
                    keys[k].col = kx->u.col.idx;
                    ex[kx->u.col.idx] = kx;
                    continue;
                }
                int f = -1;
                for (int j = W; j < nx; j++)
                    if (eng__bx_equal(ex[j], kx))
                        f = j;
                if (f < 0) {
                    f = nx;
                    ex[nx++] = kx;
                }
                keys[k].col = f;
            }
            struct pnode *pr = pn(b->ctx, PN_PROJECT, nx, p);
            pr->u.project.exprs = ex;
            pr->u.project.n = nx;
            /* sorting twice on one expression changes nothing (PARTITION BY a ORDER BY a) */
            struct sort_key *sk = mem_alloc0(b->ctx, sizeof *sk * (size_t)(nk + 1));
            int nsk = 0;
            for (int k = 0; k < nk; k++) {
                bool dup = false;
                for (int j = 0; j < k && !dup; j++)
                    dup = keys[j].col == keys[k].col;
                if (!dup)
                    sk[nsk++] = keys[k];
            }
            struct pnode *so = pn(b->ctx, PN_SORT, nx, pr);
            so->u.sort.keys = sk;
            so->u.sort.nkeys = nsk;
            p = so;
            sorted = nsk == nk ? keys : NULL;
            nsorted = nsk == nk ? nk : 0;
            W = nx;
        }
        int nf = 0;
        for (int i = 0; i < nw; i++)
            if (of[i] == si)
                nf++;
        struct pn_window *pw = mem_alloc0(b->ctx, sizeof *pw);
        pw->spec = ws;
        pw->in_width = W;
        pw->funcs = mem_alloc0(b->ctx, sizeof *pw->funcs * (size_t)nf);
        pw->npart = ws->npart;
        pw->nord = ws->nord;
        pw->pcols = mem_alloc0(b->ctx, sizeof(int) * (size_t)(ws->npart + 1));
        pw->ocols = mem_alloc0(b->ctx, sizeof(int) * (size_t)(ws->nord + 1));
        pw->onulls_first = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(ws->nord + 1));
        for (int k = 0; k < nk; k++) {
            if (k < ws->npart) {
                pw->pcols[k] = keys[k].col;
            } else {
                pw->ocols[k - ws->npart] = keys[k].col;
                pw->onulls_first[k - ws->npart] = keys[k].nulls_first;
            }
        }
        struct pnode *wn = pn(b->ctx, PN_WINDOW, W + nf, p);
        wn->u.window = pw;
        for (int i = 0; i < nw; i++) {
            if (of[i] != si)
                continue;
            struct bx_winref *r = s->wins[i];
            int slot = W + pw->nfuncs;
            pw->funcs[pw->nfuncs++] = r;
            struct bx *node = r->node;
            uint32_t t = node->type;
            int loc = node->location;
            memset(node, 0, sizeof *node);
            node->kind = BX_COL;
            node->type = t;
            node->typmod = -1;
            node->location = loc;
            node->u.col.idx = slot;
            node->u.col.name = r->name;
        }
        p = wn;
    }
    *pp = p;
    return 0;
}

int eng__srf_pre_window(struct binder *b, struct scope *s, bool grouped, bool *pre, struct err *e)
{
    *pre = false;
    if (s->nsrfs == 0 || s->nwins == 0)
        return 0;
    int n = 0;
    for (int i = 0; i < s->nwins; i++)
        n += s->wins[i]->spec->npart + s->wins[i]->spec->nord;
    struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)(n + 1));
    n = 0;
    for (int i = 0; i < s->nwins; i++) {
        const struct win_spec *ws = s->wins[i]->spec;
        for (int k = 0; k < ws->npart; k++)
            xs[n++] = ws->part[k];
        for (int k = 0; k < ws->nord; k++)
            xs[n++] = ws->ord[k];
    }
    int rc = eng__srf_pre_agg(b, s, xs, n, "set-returning functions in window definitions", pre, e);
    if (rc == 0 && *pre && grouped) {
        *pre = false;
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "set-returning functions in window definitions of a grouped query are "
                        "not supported");
    }
    return rc;
}
