/* plan_exhash.c — the hashed alternative of a correlated EXISTS, as
 * PostgreSQL's convert_EXISTS_to_ANY (plan/subselect.c) with its
 * AlternativeSubPlan: an EXISTS (q) that stays a SubPlan (under OR, in a
 * LEFT JOIN's ON, with sublinks of its own...) and whose only correlation is
 * conjuncts `inner = outer` of q's WHERE (inner reading only q's columns,
 * outer only enclosing levels) is also bound as
 *     (outer1, ...) = ANY (SELECT inner1, ... FROM q's FROM WHERE the rest)
 * uncorrelated: run once, its rows sorted, each outer row probed by binary
 * search (exec_subhash.c) instead of running q again. The result keeps
 * EXISTS's rules, never NULL: a NULL outer key or inner key matches nothing.
 *
 * Conditions (anything else keeps the correlated SubPlan only): bound in a
 * WHERE or JOIN ON (not under grouping: no ungrouped-column questions), q
 * simple as for a pull-up (eng__pullup_simple: plain SELECT over tables, no
 * HAVING, ORDER BY, OFFSET; LIMIT > 0, DISTINCT and GROUP BY are dropped as
 * for EXISTS), no aggregate (it always makes a row), window or set-returning
 * function (it may make none) in q's select list, no volatile function
 * anywhere, no sublink in q's WHERE, each key pair of one built-in type whose
 * sql_value_cmp order agrees with its `=` (integers, floats, numeric, text,
 * varchar), at most ALT_MAXKEYS pairs. Which form runs is decided when it
 * runs (exec_subhash.c), as PostgreSQL's setrefs.c picks one by cost.
 */
#include "sql/engine_int.h"

#include <string.h>

#define ALT_MAXKEYS 8

static bool hash_type(uint32_t t)
{
    switch (t) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_NUMERIC:
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
    case SQL_T_BPCHAR:
    case SQL_T_BOOL:
    case SQL_T_BYTEA:
    case SQL_T_DATE:
    case SQL_T_TIME:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_UUID:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        return true;
    default:
        return false;
    }
}

static bool int_type(uint32_t t)
{
    return t == SQL_T_INT2 || t == SQL_T_INT4 || t == SQL_T_INT8;
}

bool eng__exhash_compat(uint32_t a, uint32_t b)
{
    if (a == b)
        return hash_type(a);
    return (int_type(a) && int_type(b)) ||
           ((a == SQL_T_TEXT || a == SQL_T_VARCHAR) && (b == SQL_T_TEXT || b == SQL_T_VARCHAR));
}

struct refs {
    int own; /* columns of q's level */
    int up;  /* columns of enclosing levels */
    bool bad;
};

static bool refs_fn(struct bx *x, void *arg)
{
    struct refs *r = arg;
    switch (x->kind) {
    case BX_COL:
        if (x->u.col.level == 0)
            r->own++;
        else
            r->up++;
        break;
    case BX_FUNC:
        if (x->u.fn.m == NULL || x->u.fn.m->def == NULL || x->u.fn.m->def->volatility == 'v')
            r->bad = true;
        break;
    case BX_SUBLINK:
    case BX_SUBVAL:
    case BX_AGG:
    case BX_WINDOW:
    case BX_ERROR:
        r->bad = true;
        break;
    default:
        break;
    }
    return r->bad;
}

static struct refs refs_of(struct bx *x)
{
    struct refs r = {0};
    eng__bx_walk(x, refs_fn, &r);
    return r;
}

/* Split q's WHERE (bound in c for the analysis only) into key pairs and the
 * uncorrelated rest; false when some correlation is not a key pair. */
static bool split_keys(struct binder *b, struct scope *c, struct sql_expr **cj, int n,
                       struct sql_expr **inner, struct sql_expr **outer, int *nk,
                       struct sql_expr **rest, int *nr)
{
    *nk = *nr = 0;
    for (int i = 0; i < n; i++) {
        struct err e2 = {0};
        struct bx *w;
        if (eng__bind_bool(b, c, cj[i], "WHERE", &w, &e2) != 0)
            return false;
        struct refs r = refs_of(w);
        if (r.bad)
            return false;
        if (r.up == 0) {
            rest[(*nr)++] = cj[i];
            continue;
        }
        const struct sql_expr *a = cj[i];
        if (*nk == ALT_MAXKEYS || w->kind != BX_FUNC || !w->u.fn.op || w->u.fn.nargs != 2 ||
            w->u.fn.name == NULL || strcmp(w->u.fn.name, "=") != 0 || a->kind != SQL_EXPR_OP ||
            a->u.op.schema != NULL || strcmp(a->u.op.name, "=") != 0 || a->u.op.l == NULL ||
            a->u.op.r == NULL)
            return false;
        struct bx *l = w->u.fn.args[0], *rr = w->u.fn.args[1];
        if (!eng__exhash_compat(l->type, rr->type))
            return false;
        struct refs rl = refs_of(l), rrr = refs_of(rr);
        if (rl.own > 0 && rl.up == 0 && rrr.up > 0 && rrr.own == 0) {
            inner[*nk] = a->u.op.l;
            outer[*nk] = a->u.op.r;
        } else if (rrr.own > 0 && rrr.up == 0 && rl.up > 0 && rl.own == 0) {
            inner[*nk] = a->u.op.r;
            outer[*nk] = a->u.op.l;
        } else {
            return false;
        }
        (*nk)++;
    }
    return *nk > 0;
}

void eng__exists_alt(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx *r)
{
    const struct sql_select *q = x->u.sublink.query;
    const char *ctx = s->agg_forbidden;
    if (!r->u.sub.correlated || b->view_deps != NULL || q->where == NULL || ctx == NULL ||
        (strcmp(ctx, "WHERE") != 0 && strcmp(ctx, "JOIN conditions") != 0) ||
        !eng__pullup_simple(q, true))
        return;
    struct sql_expr **cj = NULL;
    int n = 0;
    eng__ast_conjuncts(b, q->where, &cj, &n);
    struct scope saved = *s;
    int saved_sub = b->nsublinks, saved_vol = b->nvolatile;
    struct sql_expr **inner = mem_alloc(b->ctx, sizeof *inner * (size_t)n);
    struct sql_expr **outer = mem_alloc(b->ctx, sizeof *outer * (size_t)n);
    struct sql_expr **rest = mem_alloc(b->ctx, sizeof *rest * (size_t)n);
    int nk = 0, nr = 0;
    struct err e2 = {0};
    /* the analysis: q's FROM and WHERE bound in a child scope */
    struct scope *c = mem_alloc0(b->ctx, sizeof *c);
    c->parent = s;
    bool ok = true;
    for (int i = 0; ok && i < q->from.n; i++) {
        struct jt *j;
        ok = eng__jt_from_item(b, c, q->from.items[i], &j, &e2) == 0 && eng__jt_is_table(j);
    }
    c->agg_forbidden = "WHERE";
    ok = ok && split_keys(b, c, cj, n, inner, outer, &nk, rest, &nr);
    if (ok) { /* an aggregate makes one row, a set-returning function maybe none */
        struct tlist tl = {0};
        c->agg_forbidden = NULL;
        c->allow_aggs = c->allow_windows = c->allow_srfs = true;
        ok = eng__bind_targets(b, c, &q->targets, &tl, &e2) == 0 && c->naggs == 0 &&
             c->nwins == 0 && c->nsrfs == 0;
    }
    ok = ok && b->nvolatile == saved_vol;
    *s = saved;
    b->nsublinks = saved_sub;
    if (!ok)
        return;
    /* the alternative: SELECT inner... FROM q's FROM WHERE rest, and the
     * outer keys bound at this level */
    struct sql_select *q2 = mem_alloc(b->ctx, sizeof *q2);
    *q2 = *q;
    q2->targets.n = nk;
    q2->targets.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)nk);
    for (int i = 0; i < nk; i++) {
        struct sql_target *t = mem_alloc0(b->ctx, sizeof *t);
        t->val = inner[i];
        t->location = inner[i]->location;
        q2->targets.items[i] = t;
    }
    q2->where = eng__ast_and(b, rest, nr, q->where->location);
    q2->limit = NULL;
    q2->distinct = false;
    q2->group_by.n = 0;
    struct pnode *plan = NULL;
    struct sql_column *cols = NULL;
    int ncols = 0;
    struct bx **hk = mem_alloc(b->ctx, sizeof *hk * (size_t)nk);
    bool corr = b->last_correlated;
    ok = eng__plan_select(b, s, q2, &plan, &cols, &ncols, &e2) == 0 && !b->last_correlated &&
         ncols == nk && b->nvolatile == saved_vol;
    b->last_correlated = corr;
    for (int i = 0; ok && i < nk; i++) {
        int lo, hi;
        bool agg;
        ok = eng__bind_expr(b, s, outer[i], &hk[i], &e2) == 0;
        if (!ok)
            break;
        eng__bx_slots(hk[i], &lo, &hi, &agg);
        ok = !agg && eng__exhash_compat(hk[i]->type, cols[i].type_oid) && !refs_of(hk[i]).bad;
    }
    if (!ok) {
        *s = saved;
        b->nsublinks = saved_sub;
        b->nvolatile = saved_vol;
        return;
    }
    struct bx *alt = mem_alloc0(b->ctx, sizeof *alt);
    alt->kind = BX_SUBLINK;
    alt->type = SQL_T_BOOL;
    alt->typmod = -1;
    alt->location = x->location;
    alt->u.sub.kind = SQL_SUBLINK_EXISTS;
    alt->u.sub.plan = plan;
    alt->u.sub.id = b->nsublinks++;
    alt->u.sub.correlated = false;
    alt->u.sub.ncols = nk;
    alt->u.sub.hkeys = hk;
    alt->u.sub.nhkeys = nk;
    r->u.sub.alt = alt;
}
