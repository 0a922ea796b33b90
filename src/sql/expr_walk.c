/* expr_walk.c — a pre-order walk over a parsed expression tree (ast.h), for
 * the passes over stored expression text that look at column references
 * (ddl.c's column-reference collector, ddl_rename_col.c's renamer). */
#include "sql/ast.h"

#include <stddef.h>

static void walk_list(const struct sql_list *l, sql_expr_visit fn, void *arg)
{
    for (int i = 0; i < l->n; i++)
        sql_expr_walk(l->items[i], fn, arg);
}

void sql_expr_walk(struct sql_expr *x, sql_expr_visit fn, void *arg)
{
    if (x == NULL)
        return;
    bool known = true;
    switch (x->kind) {
    case SQL_EXPR_CONST:
    case SQL_EXPR_PARAM:
    case SQL_EXPR_SQLVALUE:
    case SQL_EXPR_DEFAULT:
    case SQL_EXPR_COLUMN:
    case SQL_EXPR_SUBLINK:
    case SQL_EXPR_OP:
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL:
    case SQL_EXPR_DISTINCT:
    case SQL_EXPR_NULLIF:
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT:
    case SQL_EXPR_COALESCE:
    case SQL_EXPR_GREATEST:
    case SQL_EXPR_LEAST:
    case SQL_EXPR_ARRAY:
    case SQL_EXPR_ROW:
    case SQL_EXPR_NULLTEST:
    case SQL_EXPR_BOOLTEST:
    case SQL_EXPR_BETWEEN:
    case SQL_EXPR_IN:
    case SQL_EXPR_LIKE:
    case SQL_EXPR_CASE:
    case SQL_EXPR_CAST:
    case SQL_EXPR_FUNC:
    case SQL_EXPR_COLLATE:
    case SQL_EXPR_INDIRECTION:
        break;
    default:
        known = false;
        break;
    }
    if (!fn(x, known, arg) || !known)
        return;
    switch (x->kind) {
    case SQL_EXPR_OP:
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL:
    case SQL_EXPR_DISTINCT:
    case SQL_EXPR_NULLIF:
        sql_expr_walk(x->u.op.l, fn, arg);
        sql_expr_walk(x->u.op.r, fn, arg);
        break;
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT:
    case SQL_EXPR_COALESCE:
    case SQL_EXPR_GREATEST:
    case SQL_EXPR_LEAST:
    case SQL_EXPR_ARRAY:
        walk_list(&x->u.args, fn, arg);
        break;
    case SQL_EXPR_ROW:
        walk_list(&x->u.row.args, fn, arg);
        break;
    case SQL_EXPR_NULLTEST:
        sql_expr_walk(x->u.nulltest.arg, fn, arg);
        break;
    case SQL_EXPR_BOOLTEST:
        sql_expr_walk(x->u.booltest.arg, fn, arg);
        break;
    case SQL_EXPR_BETWEEN:
        sql_expr_walk(x->u.between.arg, fn, arg);
        sql_expr_walk(x->u.between.lo, fn, arg);
        sql_expr_walk(x->u.between.hi, fn, arg);
        break;
    case SQL_EXPR_IN:
        sql_expr_walk(x->u.in.arg, fn, arg);
        walk_list(&x->u.in.list, fn, arg);
        break;
    case SQL_EXPR_LIKE:
        sql_expr_walk(x->u.like.arg, fn, arg);
        sql_expr_walk(x->u.like.pattern, fn, arg);
        break;
    case SQL_EXPR_CASE:
        sql_expr_walk(x->u.case_.arg, fn, arg);
        for (int i = 0; i < x->u.case_.whens.n; i++) {
            struct sql_case_when *w = x->u.case_.whens.items[i];
            sql_expr_walk(w->cond, fn, arg);
            sql_expr_walk(w->result, fn, arg);
        }
        sql_expr_walk(x->u.case_.def, fn, arg);
        break;
    case SQL_EXPR_CAST:
        sql_expr_walk(x->u.cast.arg, fn, arg);
        break;
    case SQL_EXPR_FUNC:
        walk_list(&x->u.func.args, fn, arg);
        for (int i = 0; i < x->u.func.order.n; i++)
            sql_expr_walk(((struct sql_sortby *)x->u.func.order.items[i])->expr, fn, arg);
        sql_expr_walk(x->u.func.filter, fn, arg);
        if (x->u.func.over != NULL) {
            walk_list(&x->u.func.over->partition, fn, arg);
            for (int i = 0; i < x->u.func.over->order.n; i++)
                sql_expr_walk(((struct sql_sortby *)x->u.func.over->order.items[i])->expr, fn, arg);
        }
        break;
    case SQL_EXPR_SUBLINK: /* the test expression; the query is the visitor's */
        sql_expr_walk(x->u.sublink.test, fn, arg);
        break;
    case SQL_EXPR_COLLATE:
        sql_expr_walk(x->u.collate.arg, fn, arg);
        break;
    case SQL_EXPR_INDIRECTION:
        sql_expr_walk(x->u.indir.arg, fn, arg);
        for (int i = 0; i < x->u.indir.path.n; i++) {
            struct sql_indir *d = x->u.indir.path.items[i];
            sql_expr_walk(d->lidx, fn, arg);
            sql_expr_walk(d->uidx, fn, arg);
        }
        break;
    default:
        break;
    }
}
