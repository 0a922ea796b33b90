/* ddl_generated.c — generated columns (GENERATED ALWAYS AS (expr) STORED).
 *
 * A generated column is a column with `generated` 's' whose expression is
 * kept in default_sql (PostgreSQL keeps it in pg_attrdef too), so
 * pg_attrdef, pg_get_expr and psql's \d show it unchanged. The DML plans
 * (plan_dml.c) compile it over the new row with the CHECK constraints and
 * eng__check_row stores its value before the checks run, on INSERT, UPDATE,
 * ON CONFLICT DO UPDATE, COPY FROM and UPDATE ... FROM; foreign-key
 * actions recompute it in fk.c.
 *
 * Here: PostgreSQL's checks of the expression at CREATE TABLE / ADD COLUMN
 * (cookDefault: no aggregates, window functions, subqueries, references to
 * generated columns; immutable; assignable to the column's type) and the
 * dependency of generated columns on the columns they read (DROP COLUMN,
 * ALTER COLUMN TYPE, RENAME COLUMN).
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/ddl_int.h"
#include "sql/env.h"

#include <stdio.h>
#include <string.h>

static void rewrite_msg(struct err *e)
{
    static const char dflt[] = "DEFAULT expressions";
    char *p = strstr(e->msg, dflt);
    if (p != NULL) {
        char tail[sizeof e->msg];
        snprintf(tail, sizeof tail, "%s", p + sizeof dflt - 1);
        snprintf(p, sizeof e->msg - (size_t)(p - e->msg), "column generation expressions%s", tail);
    }
    if (strcmp(e->msg, "cannot use subquery in this expression") == 0)
        snprintf(e->msg, sizeof e->msg, "cannot use subquery in column generation expression");
}

int sql__gen_validate(struct sql_env *env, const struct sql_table_desc *t, int ci,
                      const struct sql_expr *x, struct err *e)
{
    const struct sql_col_desc *c = &t->cols[ci];
    struct sql_rowexpr *rx;
    int rc = sql__ddl_compile(env, t, c->default_sql, 0, -1, env->stmt_ctx, &rx, e);
    if (rc != 0) {
        rewrite_msg(e);
        sql__ddl_expr_errpos(t, x, true, e);
        return rc;
    }
    struct sql__colrefs r = {0};
    if (x != NULL)
        sql__expr_colrefs(x, &r);
    else if ((rc = sql__text_colrefs(env, c->default_sql, &r, e)) != 0)
        return rc;
    for (int i = 0; i < r.n; i++) {
        const struct sql_col_desc *rc2 = sql_cat_column(t, r.names[i]);
        if (rc2 != NULL && rc2->generated) {
            sql__ddl_errpos(x != NULL ? r.locations[i] : -1);
            return err_set_state(e, ERR_INVAL, "42P17",
                                 "cannot use generated column \"%s\" in column generation "
                                 "expression\nDETAIL:  A generated column cannot reference "
                                 "another generated column.",
                                 r.names[i]);
        }
    }
    if (!sql_rowexpr_immutable(rx))
        return err_set_state(e, ERR_INVAL, "42P17", "generation expression is not immutable");
    uint32_t from = sql_rowexpr_type(rx);
    if (from != SQL_T_UNKNOWN && from != c->type && c->domain == 0 && c->ctype == 0 &&
        sql_cast_context(from, c->type) != SQL_CAST_IMPLICIT &&
        sql_cast_context(from, c->type) != SQL_CAST_ASSIGNMENT) {
        struct sbuf a, b;
        sbuf_init(&a);
        sbuf_init(&b);
        sql_type_format(c->type, -1, &a);
        sql_type_format(from, -1, &b);
        err_set_state(e, ERR_INVAL, "42804",
                      "column \"%s\" is of type %s but default expression is of type "
                      "%s\nHINT:  You will need to rewrite or cast the expression.",
                      c->name, a.data, b.data);
        sbuf_free(&a);
        sbuf_free(&b);
        sql__ddl_errpos(-1);
        return e->code;
    }
    rc = sql__ddl_compile(env, t, c->default_sql, c->type, c->typmod, env->stmt_ctx, NULL, e);
    if (rc != 0)
        sql__ddl_errpos(-1);
    return rc;
}

/* Generated columns of t reading the column named col: their positions in
 * out (up to max), the count returned. */
int sql__gen_users(struct sql_env *env, const struct sql_table_desc *t, const char *col, int *out,
                   int max)
{
    int n = 0;
    for (int i = 0; i < t->ncols; i++) {
        if (!t->cols[i].generated || strcmp(t->cols[i].name, col) == 0)
            continue;
        struct sql__colrefs r = {0};
        struct err e2 = {0};
        if (sql__text_colrefs(env, t->cols[i].default_sql, &r, &e2) != 0)
            continue;
        bool uses = r.overflow;
        for (int j = 0; j < r.n && !uses; j++)
            uses = strcmp(r.names[j], col) == 0;
        if (uses && n < max)
            out[n++] = i;
    }
    return n;
}
