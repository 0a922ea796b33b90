/* ddl_rename_col.c — ALTER TABLE ... RENAME COLUMN in the expressions a
 * table stores as SQL text: generation expressions of generated columns,
 * CHECK constraints, index expression columns and partial index
 * predicates. PostgreSQL stores them as trees that reference columns by
 * attnum, so a rename is seen at once (pg_get_expr prints the new name);
 * here the text is parsed back (deparse.h: the storage form round-trips to
 * an equal tree), the references to the column renamed, and the text
 * deparsed again in the storage form.
 *
 * A reference is a column reference whose column part is the old name:
 * `a`, `t.a` or `s.t.a` (t the table's name). `a.f` with a not the table's
 * name is field f of column a. A text that does not parse back to itself,
 * or holds a whole-row reference, fails with 0A000 instead of being guessed
 * at.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/ddl_int.h"
#include "sql/deparse.h"
#include "sql/env.h"
#include "sql/parse.h"

#include <stdio.h>
#include <string.h>

struct ren {
    const char *table, *from, *to;
    int hits;
    bool bad; /* something the walk cannot rename safely */
};

static void ren_column(struct sql_expr *x, struct ren *r)
{
    struct sql_list *f = &x->u.column.fields;
    if (x->u.column.star) {
        r->bad = true;
        return;
    }
    int pos = -1;
    if (f->n == 1)
        pos = 0;
    else if (f->n >= 2 && strcmp(f->items[f->n - 2], r->table) == 0)
        pos = f->n - 1; /* t.a, s.t.a */
    else if (f->n >= 2)
        pos = 0; /* a.f: a field of column a */
    if (pos >= 0 && strcmp(f->items[pos], r->from) == 0) {
        f->items[pos] = (char *)r->to;
        r->hits++;
    }
}

static bool ren_visit(struct sql_expr *x, bool known, void *arg)
{
    struct ren *r = arg;
    if (!known || x->kind == SQL_EXPR_SUBLINK) /* sublinks: refused in these expressions */
        r->bad = true;
    else if (x->kind == SQL_EXPR_COLUMN)
        ren_column(x, r);
    else if (x->kind == SQL_EXPR_FUNC &&
             (x->u.func.order.n > 0 || x->u.func.filter != NULL || x->u.func.over != NULL))
        r->bad = true; /* aggregates and windows: not in stored expressions */
    return known;
}

/* *out: text with column from renamed to to, or text itself when it does
 * not reference the column; paren: wrap a result that is not a function
 * call or parenthesised (index expression columns, index_expr.c). */
static int rename_in(struct sql_env *env, const char *table, const char *text, const char *from,
                     const char *to, bool paren, char **out, struct err *e)
{
    *out = (char *)text;
    if (text == NULL)
        return 0;
    char *q = mem_printf(env->stmt_ctx, "SELECT %s", text);
    struct sql_parse_result pr;
    int rc = sql_parse(q, strlen(q), NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set(e, ERR_CORRUPT, "catalog: bad stored expression \"%s\"", text);
    struct sql_expr *x = ((struct sql_target *)pr.stmts[0]->u.select->targets.items[0])->val;
    struct sbuf b;
    sbuf_init(&b);
    sql_deparse_expr(x, &b);
    bool same = b.data != NULL && (strcmp(b.data, text) == 0 ||
                                   (paren && strlen(text) == b.len + 2 && text[0] == '(' &&
                                    strncmp(text + 1, b.data, b.len) == 0));
    struct ren r = {table, from, to, 0, false};
    sql_expr_walk(x, ren_visit, &r);
    if (r.hits > 0 && (!same || r.bad)) {
        sbuf_free(&b);
        return sql__ddl_unsupported(e, "renaming a column used in this stored expression");
    }
    if (r.hits > 0) {
        sbuf_reset(&b);
        sql_deparse_expr(x, &b);
        bool wrap =
            paren && x->kind != SQL_EXPR_FUNC && !(b.data[0] == '(' && b.data[b.len - 1] == ')');
        *out = wrap ? mem_printf(env->stmt_ctx, "(%s)", b.data) : mem_strdup(env->stmt_ctx, b.data);
    }
    sbuf_free(&b);
    return 0;
}

int sql__rename_col_exprs(struct sql_env *env, struct sql_table_desc *t, const char *from,
                          const char *to, struct err *e)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < t->ncols; i++)
        if (t->cols[i].generated)
            rc = rename_in(env, t->name, t->cols[i].default_sql, from, to, false,
                           &t->cols[i].default_sql, e);
    for (int i = 0; rc == 0 && i < t->nchecks; i++)
        rc = rename_in(env, t->name, t->checks[i].expr_sql, from, to, false, &t->checks[i].expr_sql,
                       e);
    for (int i = 0; rc == 0 && i < t->nidx; i++) {
        struct sql_idx_desc *ix = &t->idx[i];
        for (int j = 0; rc == 0 && j < ix->ncols; j++)
            if (ix->exprs[j] != NULL)
                rc = rename_in(env, t->name, ix->exprs[j], from, to, true, &ix->exprs[j], e);
        if (rc == 0 && ix->pred != NULL)
            rc = rename_in(env, t->name, ix->pred, from, to, false, &ix->pred, e);
    }
    /* triggers' WHEN conditions (trigger.h): old.a and new.a */
    for (int i = 0; rc == 0 && i < t->ntrigs; i++) {
        rc = rename_in(env, "old", t->trigs[i].when_sql, from, to, false, &t->trigs[i].when_sql, e);
        if (rc == 0)
            rc = rename_in(env, "new", t->trigs[i].when_sql, from, to, false, &t->trigs[i].when_sql,
                           e);
    }
    return rc;
}
