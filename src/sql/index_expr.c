/* index_expr.c — expression key columns of indexes (CREATE INDEX ix ON t
 * ((a + b)), ON t (lower(name))): building them at CREATE INDEX (immutable
 * functions only, the text pg_get_indexdef prints) and computing their
 * values for index entries.
 *
 * An expression column j of index ix has ix->exprs[j] (SQL text in the form
 * PostgreSQL's pg_get_indexdef prints: a function call as is, anything else
 * in parentheses) and col_ids[j] 0. Its value for a row is the expression
 * evaluated over the row (t->cols order). The compiled expression is cached
 * per statement context (one per thread: sessions own their threads), keyed
 * by table oid, descriptor version, index id, column and text.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/exec.h"

#include <stdio.h>
#include <string.h>

#define XCACHE_N 16

struct xentry {
    uint32_t oid, version, idx;
    int col;
    const char *sql;
    struct sql_rowexpr *x;
};

struct xcache {
    struct mem_ctx *ctx;     /* the statement context it belongs to */
    struct mem_ctx *scratch; /* values of the last evaluation */
    int n, next;
    struct xentry e[XCACHE_N];
};

static _Thread_local struct xcache *tl_cache;

static void xcache_cleanup(void *arg)
{
    if (tl_cache == arg)
        tl_cache = NULL;
    xfree(arg);
}

int sql__idx_expr_eval(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, int j, const struct sql_value *row,
                       struct sql_value *out, struct err *e)
{
    struct xcache *c = tl_cache;
    if (c == NULL || c->ctx != env->stmt_ctx) {
        c = xcalloc(1, sizeof(*c));
        c->ctx = env->stmt_ctx;
        c->scratch = mem_ctx_new(env->stmt_ctx, "index expression");
        mem_ctx_cleanup(env->stmt_ctx, xcache_cleanup, c);
        tl_cache = c;
    }
    struct xentry *x = NULL;
    for (int i = 0; i < c->n && x == NULL; i++) {
        struct xentry *y = &c->e[i];
        if (y->oid == t->oid && y->version == t->version && y->idx == ix->id && y->col == j &&
            strcmp(y->sql, ix->exprs[j]) == 0)
            x = y;
    }
    if (x == NULL) {
        struct sql_rowexpr *rx;
        int rc = sql_rowexpr_compile(env, t, ix->exprs[j], 0, -1, env->stmt_ctx, &rx, e);
        if (rc != 0)
            return rc;
        if (c->n < XCACHE_N) {
            x = &c->e[c->n++];
        } else {
            x = &c->e[c->next];
            c->next = (c->next + 1) % XCACHE_N;
        }
        x->oid = t->oid;
        x->version = t->version;
        x->idx = ix->id;
        x->col = j;
        x->sql = mem_strdup(env->stmt_ctx, ix->exprs[j]);
        x->x = rx;
    }
    mem_ctx_reset(c->scratch);
    return sql_rowexpr_eval(env, x->x, row, c->scratch, out, e);
}

int sql__idx_expr_build(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_expr *x, char **text, struct err *e)
{
    char *body = sql__deparse(env, x);
    struct sql_rowexpr *rx;
    int rc = sql_rowexpr_compile(env, t, body, 0, -1, env->stmt_ctx, &rx, e);
    if (rc != 0)
        return rc;
    if (!sql_rowexpr_immutable(rx))
        return err_set_state(e, ERR_INVAL, "42P17",
                             "functions in index expression must be marked IMMUTABLE");
    if (sql_rowexpr_type(rx) == SQL_T_JSONB) /* no key encoding of jsonb's ordering yet */
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "indexes and keys on jsonb columns are not supported");
    if (x->kind == SQL_EXPR_FUNC || (body[0] == '(' && body[strlen(body) - 1] == ')'))
        *text = body;
    else
        *text = mem_printf(env->stmt_ctx, "(%s)", body);
    return 0;
}

const char *sql__idx_expr_colname(const struct sql_expr *x)
{
    if (x->kind == SQL_EXPR_FUNC && x->u.func.name.name != NULL)
        return x->u.func.name.name;
    return "expr";
}
