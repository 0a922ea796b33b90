/* bind_row.c — row constructors in comparisons (PostgreSQL's
 * make_row_comparison_op, make_row_distinct_op, transformAExprIn and the
 * multi-column sublinks of transformSubLink).
 *
 * A row constructor compared with another is expanded into its columns
 * before binding, as PostgreSQL does for = and <> (an AND / OR of the
 * pairwise comparisons). The ordering operators become
 *   l1 < r1 OR (l1 = r1 AND (l2 < r2 OR (... ln op rn)))
 * which has RowCompareExpr's result under three-valued logic: the first
 * pair that is not equal decides, a NULL before that makes the result NULL.
 * Multi-column sublinks ((a, b) IN (SELECT x, y ...), (a, b) = (SELECT ...))
 * compare against BX_SUBVAL nodes naming the subquery row's columns.
 */
#include "sql/engine_int.h"
#include "sql/value_int.h"

#include <string.h>

static struct sql_expr *ast(struct binder *b, enum sql_expr_kind k, int location)
{
    struct sql_expr *x = mem_alloc0(b->ctx, sizeof *x);
    x->kind = k;
    x->location = location;
    return x;
}

static const struct sql_list *row_of(const struct sql_expr *x)
{
    return x != NULL && x->kind == SQL_EXPR_ROW ? &x->u.row.args : NULL;
}

/* AND / OR of xs (one item: itself). */
static struct sql_expr *bool_list(struct binder *b, enum sql_expr_kind k, struct sql_expr **xs,
                                  int n, int location)
{
    if (n == 1)
        return xs[0];
    struct sql_expr *x = ast(b, k, location);
    x->u.args.n = n;
    x->u.args.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)n);
    memcpy(x->u.args.items, xs, sizeof(void *) * (size_t)n);
    return x;
}

static struct sql_expr *op2(struct binder *b, const char *op, struct sql_expr *l,
                            struct sql_expr *r, int location)
{
    struct sql_expr *x = ast(b, SQL_EXPR_OP, location);
    x->u.op.name = (char *)op;
    x->u.op.l = l;
    x->u.op.r = r;
    return x;
}

static bool is_order_op(const char *op)
{
    return strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 ||
           strcmp(op, ">=") == 0;
}

static int row_op_check(const char *op, int ln, int rn, int location, struct err *e)
{
    if (ln != rn)
        return eng__err(e, location, ERR_INVAL, "42601",
                        "unequal number of entries in row expressions");
    if (ln == 0)
        return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                        "cannot compare rows of zero length");
    if (strcmp(op, "=") != 0 && strcmp(op, "<>") != 0 && !is_order_op(op))
        return eng__err(e, location, ERR_NOTFOUND, "42883",
                        "could not determine interpretation of row comparison operator "
                        "%s" ENG_HINT_SEP
                        "Row comparison operators must be associated with btree operator "
                        "families.",
                        op);
    return 0;
}

/* l op r for two rows of n columns, as an expression tree. */
static struct sql_expr *row_cmp_ast(struct binder *b, const char *op, void **l, void **r, int n,
                                    int location)
{
    struct sql_expr **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)n);
    if (strcmp(op, "=") == 0 || strcmp(op, "<>") == 0) {
        for (int i = 0; i < n; i++)
            xs[i] = op2(b, op, l[i], r[i], location);
        return bool_list(b, op[0] == '=' ? SQL_EXPR_AND : SQL_EXPR_OR, xs, n, location);
    }
    const char *strict = op[0] == '<' ? "<" : ">";
    struct sql_expr *acc = op2(b, op, l[n - 1], r[n - 1], location);
    for (int i = n - 2; i >= 0; i--) {
        struct sql_expr *both[2] = {op2(b, "=", l[i], r[i], location), acc};
        struct sql_expr *either[2] = {op2(b, strict, l[i], r[i], location),
                                      bool_list(b, SQL_EXPR_AND, both, 2, location)};
        acc = bool_list(b, SQL_EXPR_OR, either, 2, location);
    }
    return acc;
}

/* The same over bound expressions: l[i] op r[i]. */
static int row_cmp_bx(struct binder *b, const char *op, struct bx **l, struct bx **r, int n,
                      int location, struct bx **out, struct err *e)
{
    int rc;
    struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)(n + 1));
    bool eq = strcmp(op, "=") == 0, ne = strcmp(op, "<>") == 0;
    if (eq || ne) {
        for (int i = 0; i < n; i++)
            if ((rc = eng__make_op(b, op, l[i], r[i], location, &xs[i], e)) != 0)
                return rc;
        if (n == 1) {
            *out = xs[0];
            return 0;
        }
        struct bx *x = eng__and_list(b->ctx, xs, n);
        if (ne)
            x->kind = BX_OR;
        *out = x;
        return 0;
    }
    const char *strict = op[0] == '<' ? "<" : ">";
    struct bx *acc;
    if ((rc = eng__make_op(b, op, l[n - 1], r[n - 1], location, &acc, e)) != 0)
        return rc;
    for (int i = n - 2; i >= 0; i--) {
        struct bx *both[2], *either[2];
        if ((rc = eng__make_op(b, "=", l[i], r[i], location, &both[0], e)) != 0 ||
            (rc = eng__make_op(b, strict, l[i], r[i], location, &either[0], e)) != 0)
            return rc;
        both[1] = acc;
        either[1] = eng__and_list(b->ctx, both, 2);
        acc = eng__and_list(b->ctx, either, 2);
        acc->kind = BX_OR;
    }
    *out = acc;
    return 0;
}

static bool is_rel_star(const struct sql_expr *x)
{
    return x != NULL && x->kind == SQL_EXPR_COLUMN && x->u.column.star && x->u.column.fields.n > 0;
}

static bool has_rel_star(const struct sql_list *l)
{
    for (int i = 0; i < l->n; i++)
        if (is_rel_star(l->items[i]))
            return true;
    return false;
}

/* The items of a row constructor bound, t.* expanded into t's columns (as
 * transformRowExpr's transformExpressionList does). */
static int bind_row_items(struct binder *b, struct scope *s, const struct sql_list *l,
                          struct bx ***out, int *n, struct err *e)
{
    int cap = l->n + 1, k = 0, rc;
    struct bx **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)cap);
    for (int i = 0; i < l->n; i++) {
        struct bx *v;
        if ((rc = eng__bind_expr(b, s, l->items[i], &v, e)) != 0)
            return rc;
        struct bx *w = v;
        if (w->kind == BX_CASE && w->u.cs.n == 1 && w->u.cs.def != NULL &&
            w->u.cs.def->kind == BX_ROW)
            w = w->u.cs.def; /* t on the nullable side of an outer join (bind_wholerow.c) */
        int add = is_rel_star(l->items[i]) && w->kind == BX_ROW ? w->u.list.n : 1;
        if (k + add >= cap) {
            int nc = k + add + l->n + 1;
            xs = mem_realloc(b->ctx, xs, sizeof *xs * (size_t)cap, sizeof *xs * (size_t)nc);
            cap = nc;
        }
        if (is_rel_star(l->items[i]) && w->kind == BX_ROW)
            for (int f = 0; f < w->u.list.n; f++)
                xs[k++] = w->u.list.args[f];
        else
            xs[k++] = v;
    }
    *out = xs;
    *n = k;
    return 0;
}

/* (a, b) op ANY/ALL (SELECT x, y ...) and (a, b) op (SELECT x, y). */
static int row_sublink(struct binder *b, struct scope *s, const struct sql_expr *x,
                       const struct sql_list *test, struct bx **out, struct err *e)
{
    int n = test->n, rc;
    const char *op = x->u.sublink.op ? x->u.sublink.op : "=";
    struct bx **l = mem_alloc(b->ctx, sizeof *l * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        if ((rc = eng__bind_expr(b, s, test->items[i], &l[i], e)) != 0)
            return rc;
    struct pnode *plan;
    struct sql_column *cols;
    int ncols;
    int ulo = s->nuprefs;
    if ((rc = eng__plan_select(b, s, x->u.sublink.query, &plan, &cols, &ncols, e)) != 0)
        return rc;
    if (ncols > n)
        return eng__err(e, x->location, ERR_INVAL, "42601", "subquery has too many columns");
    if (ncols < n)
        return eng__err(e, x->location, ERR_INVAL, "42601", "subquery has too few columns");
    if ((rc = row_op_check(op, n, ncols, x->location, e)) != 0)
        return rc;
    struct bx **r = mem_alloc(b->ctx, sizeof *r * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        r[i] = mem_alloc0(b->ctx, sizeof *r[i]);
        r[i]->kind = BX_SUBVAL;
        r[i]->type = cols[i].type_oid;
        r[i]->typmod = cols[i].typmod;
        r[i]->location = x->location;
        r[i]->u.subcol = i;
    }
    struct bx *cmp;
    if ((rc = row_cmp_bx(b, op, l, r, n, x->location, &cmp, e)) != 0)
        return rc;
    struct bx *res = mem_alloc0(b->ctx, sizeof *res);
    res->kind = BX_SUBLINK;
    res->type = SQL_T_BOOL;
    res->typmod = -1;
    res->location = x->location;
    res->u.sub.kind = x->u.sublink.kind;
    res->u.sub.plan = plan;
    res->u.sub.id = b->nsublinks++;
    res->u.sub.correlated = b->last_correlated;
    res->u.sub.ncols = ncols;
    res->u.sub.cmp = cmp;
    eng__upref_take(b, s, ulo, res); /* read in a grouped level (bind_upref.c) */
    *out = res;
    return 0;
}

int eng__bind_row(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                  struct err *e)
{
    const struct sql_list *l, *r;
    struct sql_expr *y = NULL;
    int rc;
    switch (x->kind) {
    case SQL_EXPR_OP:
        l = row_of(x->u.op.l);
        r = row_of(x->u.op.r);
        if (l != NULL && x->u.op.schema == NULL && x->u.op.r != NULL &&
            x->u.op.r->kind == SQL_EXPR_SUBLINK && x->u.op.r->u.sublink.kind == SQL_SUBLINK_EXPR) {
            /* (a, b) op (SELECT x, y): transformAExprOp's ROWCOMPARE_SUBLINK */
            struct sql_expr *sl = ast(b, SQL_EXPR_SUBLINK, x->location);
            sl->u.sublink.kind = SQL_SUBLINK_ROWCOMPARE;
            sl->u.sublink.op = x->u.op.name;
            sl->u.sublink.test = x->u.op.l;
            sl->u.sublink.query = x->u.op.r->u.sublink.query;
            return row_sublink(b, s, sl, l, out, e);
        }
        if (l == NULL || r == NULL || x->u.op.schema != NULL)
            return 1;
        if (l->n == r->n && l->n > 0 && strcmp(x->u.op.name, "=") != 0 &&
            strcmp(x->u.op.name, "<>") != 0 && !is_order_op(x->u.op.name)) {
            struct bx *bl, *br, *t;
            if ((rc = eng__bind_expr(b, s, l->items[0], &bl, e)) != 0 ||
                (rc = eng__bind_expr(b, s, r->items[0], &br, e)) != 0 ||
                (rc = eng__make_op(b, x->u.op.name, bl, br, x->location, &t, e)) != 0)
                return rc;
            if (t->type != SQL_T_BOOL)
                return eng__err(e, x->location, ERR_INVAL, "42804",
                                "row comparison operator must yield type boolean, not type %s",
                                sql__type_err_name(t->type));
        }
        if (has_rel_star(l) || has_rel_star(r)) { /* ROW(t.*) op ROW(...) */
            struct bx **lx, **rx;
            int ln, rn;
            if ((rc = bind_row_items(b, s, l, &lx, &ln, e)) != 0 ||
                (rc = bind_row_items(b, s, r, &rx, &rn, e)) != 0 ||
                (rc = row_op_check(x->u.op.name, ln, rn, x->location, e)) != 0)
                return rc;
            return row_cmp_bx(b, x->u.op.name, lx, rx, ln, x->location, out, e);
        }
        if ((rc = row_op_check(x->u.op.name, l->n, r->n, x->location, e)) != 0)
            return rc;
        y = row_cmp_ast(b, x->u.op.name, l->items, r->items, l->n, x->location);
        break;
    case SQL_EXPR_DISTINCT: {
        l = row_of(x->u.op.l);
        r = row_of(x->u.op.r);
        if (l == NULL || r == NULL)
            return 1;
        if (l->n != r->n)
            return eng__err(e, x->location, ERR_INVAL, "42601",
                            "unequal number of entries in row expressions");
        if (l->n == 0)
            return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                            "cannot compare rows of zero length");
        struct sql_expr **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)l->n);
        for (int i = 0; i < l->n; i++) {
            xs[i] = ast(b, SQL_EXPR_DISTINCT, x->location);
            xs[i]->u.op.name = (char *)"=";
            xs[i]->u.op.l = l->items[i];
            xs[i]->u.op.r = r->items[i];
            xs[i]->u.op.not = x->u.op.not ;
        }
        y = bool_list(b, x->u.op.not ? SQL_EXPR_AND : SQL_EXPR_OR, xs, l->n, x->location);
        break;
    }
    case SQL_EXPR_NULLTEST: {
        l = row_of(x->u.nulltest.arg);
        if (l == NULL)
            return 1;
        if (l->n == 0) { /* ROW() IS NULL: true, as no field is non-null */
            y = ast(b, SQL_EXPR_CONST, x->location);
            y->u.c.kind = SQL_CONST_BOOL;
            y->u.c.bval = true;
            break;
        }
        struct sql_expr **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)l->n);
        for (int i = 0; i < l->n; i++) {
            xs[i] = ast(b, SQL_EXPR_NULLTEST, x->location);
            xs[i]->u.nulltest.arg = l->items[i];
            xs[i]->u.nulltest.not = x->u.nulltest.not ;
        }
        y = bool_list(b, SQL_EXPR_AND, xs, l->n, x->location);
        break;
    }
    case SQL_EXPR_IN: {
        l = row_of(x->u.in.arg);
        if (l == NULL)
            return 1;
        int n = x->u.in.list.n;
        const char *op = x->u.in.not ? "<>" : "=";
        struct sql_expr **xs = mem_alloc(b->ctx, sizeof *xs * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const struct sql_expr *it = x->u.in.list.items[i];
            r = row_of(it);
            if (r == NULL) {
                xs[i] = op2(b, op, x->u.in.arg, (struct sql_expr *)it, x->location);
                continue;
            }
            if ((rc = row_op_check(op, l->n, r->n, x->location, e)) != 0)
                return rc;
            xs[i] = row_cmp_ast(b, op, l->items, r->items, l->n, x->location);
        }
        y = bool_list(b, x->u.in.not ? SQL_EXPR_AND : SQL_EXPR_OR, xs, n, x->location);
        break;
    }
    case SQL_EXPR_SUBLINK:
        if (x->u.sublink.kind == SQL_SUBLINK_ROWCOMPARE) {
            l = row_of(x->u.sublink.test);
            if (l == NULL) { /* a single expression: ANY's shape, one row */
                struct sql_list *t = mem_alloc(b->ctx, sizeof *t);
                t->n = 1;
                t->items = mem_alloc(b->ctx, sizeof(void *));
                t->items[0] = x->u.sublink.test;
                l = t;
            }
            return row_sublink(b, s, x, l, out, e);
        }
        if (x->u.sublink.kind != SQL_SUBLINK_ANY && x->u.sublink.kind != SQL_SUBLINK_ALL)
            return 1;
        l = row_of(x->u.sublink.test);
        if (l == NULL)
            return 1;
        return row_sublink(b, s, x, l, out, e);
    default:
        return 1;
    }
    return eng__bind_expr(b, s, y, out, e);
}
