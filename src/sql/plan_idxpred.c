/* plan_idxpred.c — the planner's view of partial indexes (CREATE INDEX ...
 * WHERE pred, index_pred.c) and of their predicates as ON CONFLICT arbiters.
 *
 * A partial index holds only the rows its predicate accepts, so a scan may
 * use it only when the query's WHERE implies the predicate. The predicate
 * text is compiled as plan_idxexpr.c compiles expression key columns (over a
 * scope of the table alone, then moved to the query's slots) and split into
 * conjuncts; each must be implied by some conjunct of the query (a simple
 * form of PostgreSQL's predtest.c):
 *   - the same expression (eng__bx_equal);
 *   - `x IS NOT NULL` by a comparison (=, <>, <, <=, >, >=: strict) on x;
 *   - `x > c1` by `x > c2` / `x >= c2` / `x = c2` with c2 >= c1 (> for the
 *     last two), and the same for >=, <, <= and =, constants of the same type
 *     under the same operator types;
 *   - an OR when one of its arms is implied.
 * Query conjuncts equal to a predicate conjunct are implied by the index
 * itself: the scan drops them from its filter, as PostgreSQL does.
 */
#include "sql/engine_int.h"

#include <string.h>

struct bx *eng__idx_pred_bx(struct binder *b, const struct sql_table_desc *t, int ip, int off)
{
    const struct sql_idx_desc *ix = &t->idx[ip];
    if (ix->pred == NULL)
        return NULL;
    return eng__idx_text_bx(b, t, ix->pred, true, off);
}

/* Comparison code of an operator name: '=', '<', 'l' (<=), '>', 'g' (>=),
 * 'n' (<>), mirrored when the constant is on the left. */
static int cmp_code(const char *name, bool mirror)
{
    static const char *const names[] = {"=", "<", "<=", ">", ">=", "<>", "!="};
    static const char codes[] = {'=', '<', 'l', '>', 'g', 'n', 'n'};
    static const char mirrored[] = {'=', '>', 'g', '<', 'l', 'n', 'n'};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return mirror ? mirrored[i] : codes[i];
    return 0;
}

/* q as `x op const` (either side): *x, *c, *op. */
static bool as_cmp(const struct bx *q, const struct bx **x, const struct bx **c, int *op)
{
    if (q->kind != BX_FUNC || !q->u.fn.op || q->u.fn.nargs != 2 || q->u.fn.name == NULL)
        return false;
    const struct bx *a = q->u.fn.args[0], *v = q->u.fn.args[1];
    bool mirror = false;
    if (a->kind == BX_CONST && v->kind != BX_CONST) {
        const struct bx *tmp = a;
        a = v;
        v = tmp;
        mirror = true;
    }
    *op = cmp_code(q->u.fn.name, mirror);
    *x = a;
    *c = v->kind == BX_CONST ? v : NULL;
    return *op != 0;
}

/* Does query conjunct q imply predicate conjunct p? */
static bool implies(const struct bx *q, const struct bx *p)
{
    if (eng__bx_equal(q, p))
        return true;
    const struct bx *qx, *qc, *px, *pc;
    int qop, pop;
    if (p->kind == BX_NULLTEST && p->u.test.test == 1)
        return as_cmp(q, &qx, &qc, &qop) && eng__bx_equal(qx, p->u.test.arg);
    if (!as_cmp(p, &px, &pc, &pop) || pc == NULL || pc->u.c.null || pop == 'n')
        return false;
    if (!as_cmp(q, &qx, &qc, &qop) || qc == NULL || qc->u.c.null || qop == 'n')
        return false;
    if (!eng__bx_equal(qx, px) || qc->type != pc->type || qx->type != px->type)
        return false;
    int d = sql_value_cmp(&qc->u.c, &pc->u.c); /* c2 vs c1 */
    switch (pop) {
    case '>':
        return (qop == '>' && d >= 0) || ((qop == 'g' || qop == '=') && d > 0);
    case 'g':
        return (qop == '>' || qop == 'g' || qop == '=') && d >= 0;
    case '<':
        return (qop == '<' && d <= 0) || ((qop == 'l' || qop == '=') && d < 0);
    case 'l':
        return (qop == '<' || qop == 'l' || qop == '=') && d <= 0;
    case '=':
        return qop == '=' && d == 0;
    default:
        return false;
    }
}

static bool implied_by(struct bx **quals, int nq, const struct bx *p)
{
    for (int i = 0; i < nq; i++)
        if (implies(quals[i], p))
            return true;
    if (p->kind == BX_OR)
        for (int k = 0; k < p->u.list.n; k++)
            if (implied_by(quals, nq, p->u.list.args[k]))
                return true;
    if (p->kind == BX_AND) {
        for (int k = 0; k < p->u.list.n; k++)
            if (!implied_by(quals, nq, p->u.list.args[k]))
                return false;
        return true;
    }
    return false;
}

bool eng__idx_pred_implied(struct binder *b, const struct sql_table_desc *t, int ip, int off,
                           struct bx **quals, int nq, bool *drop)
{
    if (t->idx[ip].pred == NULL)
        return true;
    struct bx *p = eng__idx_pred_bx(b, t, ip, off);
    if (p == NULL)
        return false;
    struct bx *one[1] = {p};
    struct bx **conj = one;
    int nconj = 1;
    if (p->kind == BX_AND) {
        conj = p->u.list.args;
        nconj = p->u.list.n;
    }
    for (int k = 0; k < nconj; k++)
        if (!implied_by(quals, nq, conj[k]))
            return false;
    if (drop != NULL)
        for (int i = 0; i < nq; i++)
            for (int k = 0; k < nconj && !drop[i]; k++)
                drop[i] = eng__bx_equal(quals[i], conj[k]);
    return true;
}
