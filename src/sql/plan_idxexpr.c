/* plan_idxexpr.c — the planner's view of expression key columns of
 * indexes (CREATE INDEX i ON t (lower(s))).
 *
 * An expression column's text (ix->exprs[j], index_expr.c) is compiled
 * here exactly as the index build compiles it (eng__compile_text over a
 * scope of the table alone), so constants are folded and overloads chosen
 * the same way; its columns are then moved to the query's slots of the
 * table (off + position). A query expression equal to it (eng__bx_equal:
 * same functions, same argument trees) reads the same value the index
 * holds, so a comparison of it with a value gives a key span.
 *
 * A text that fails to compile (a function dropped since) only means the
 * index cannot be used: the error is cleared.
 */
#include "sql/engine_int.h"

#include <string.h>

static bool shift_col(struct bx *x, void *arg)
{
    if (x->kind == BX_COL && x->u.col.level == 0)
        x->u.col.idx += *(const int *)arg;
    return false;
}

/* A subquery, aggregate or window function (is_check: or an error node)
 * makes the text unusable. */
static bool bad_node(struct bx *x, void *is_check)
{
    return x->kind == BX_SUBLINK || x->kind == BX_AGG || x->kind == BX_WINDOW ||
           (x->kind == BX_ERROR && *(const bool *)is_check);
}

struct bx *eng__idx_text_bx(struct binder *b, const struct sql_table_desc *t, const char *text,
                            bool is_check, int off)
{
    struct eng_view_deps *vd = b->view_deps;
    b->view_deps = NULL; /* not a reference of the query being bound */
    int nsub = b->nsublinks;
    struct scope *s = eng__table_scope(b, t, t->name);
    struct bx *x = NULL;
    struct err e = {0};
    int rc = eng__compile_text(b, s, text, 0, -1, is_check, &x, &e);
    b->view_deps = vd;
    b->nsublinks = nsub;
    err_clear(&e);
    if (rc != 0 || x == NULL || eng__bx_walk(x, bad_node, &is_check))
        return NULL;
    eng__bx_walk(x, shift_col, &off);
    return x;
}

struct bx *eng__idx_expr_bx(struct binder *b, const struct sql_table_desc *t, int ip, int j,
                            int off)
{
    const struct sql_idx_desc *ix = &t->idx[ip];
    if (j < 0 || j >= ix->ncols || ix->exprs[j] == NULL)
        return NULL;
    return eng__idx_text_bx(b, t, ix->exprs[j], false, off);
}
