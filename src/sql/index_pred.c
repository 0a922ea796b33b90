/* index_pred.c — partial indexes (CREATE [UNIQUE] INDEX ... WHERE pred):
 * building the predicate at CREATE INDEX and deciding, per row, whether the
 * row has an entry in the index.
 *
 * ix->pred holds the predicate as SQL text (sql__deparse form, as CHECK
 * expressions; pg_get_indexdef prints it through sql__pgcat_expr). It must
 * be boolean, immutable, and free of subqueries, aggregates and window
 * functions (PostgreSQL's CheckPredicate and EXPR_KIND_INDEX_PREDICATE
 * errors). A row has an entry exactly when the predicate is true over it
 * (NULL counts as false, as in PostgreSQL's ExecQual). The compiled
 * predicate is cached per statement context (one per thread: sessions own
 * their threads), keyed by table oid, descriptor version, index id and text.
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

#define PCACHE_N 16

struct pentry {
    uint32_t oid, version, idx;
    const char *sql;
    struct sql_rowexpr *x;
};

struct pcache {
    struct mem_ctx *ctx;     /* the statement context it belongs to */
    struct mem_ctx *scratch; /* values of the last evaluation */
    int n, next;
    struct pentry e[PCACHE_N];
};

static _Thread_local struct pcache *tl_pcache;

static void pcache_cleanup(void *arg)
{
    if (tl_pcache == arg)
        tl_pcache = NULL;
    xfree(arg);
}

int sql__idx_pred_match(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_idx_desc *ix, const struct sql_value *row, bool *match,
                        struct err *e)
{
    *match = true;
    if (ix->pred == NULL)
        return 0;
    if (env == NULL)
        return sql__corrupt(e, "index", ix->oid, "predicate on a primary key");
    struct pcache *c = tl_pcache;
    if (c == NULL || c->ctx != env->stmt_ctx) {
        c = xcalloc(1, sizeof(*c));
        c->ctx = env->stmt_ctx;
        c->scratch = mem_ctx_new(env->stmt_ctx, "index predicate");
        mem_ctx_cleanup(env->stmt_ctx, pcache_cleanup, c);
        tl_pcache = c;
    }
    struct pentry *x = NULL;
    for (int i = 0; i < c->n && x == NULL; i++) {
        struct pentry *y = &c->e[i];
        if (y->oid == t->oid && y->version == t->version && y->idx == ix->id &&
            strcmp(y->sql, ix->pred) == 0)
            x = y;
    }
    if (x == NULL) {
        struct sql_rowexpr *rx;
        int rc = sql_rowexpr_compile(env, t, ix->pred, SQL_T_BOOL, -1, env->stmt_ctx, &rx, e);
        if (rc != 0)
            return rc;
        if (c->n < PCACHE_N) {
            x = &c->e[c->n++];
        } else {
            x = &c->e[c->next];
            c->next = (c->next + 1) % PCACHE_N;
        }
        x->oid = t->oid;
        x->version = t->version;
        x->idx = ix->id;
        x->sql = mem_strdup(env->stmt_ctx, ix->pred);
        x->x = rx;
    }
    mem_ctx_reset(c->scratch);
    struct sql_value v;
    int rc = sql_rowexpr_eval(env, x->x, row, c->scratch, &v, e);
    if (rc != 0)
        return rc;
    *match = !v.null && v.u.b;
    return 0;
}

/* Reword the binder's errors for a DEFAULT-like expression as PostgreSQL's
 * for EXPR_KIND_INDEX_PREDICATE. */
static void reword(struct err *e)
{
    char *p = strstr(e->msg, " in DEFAULT expressions");
    if (p != NULL) {
        char tail[sizeof(e->msg)];
        snprintf(tail, sizeof(tail), "%s", p + strlen(" in DEFAULT expressions"));
        snprintf(p, sizeof(e->msg) - (size_t)(p - e->msg), " in index predicates%s", tail);
    } else if (strcmp(e->msg, "cannot use subquery in this expression") == 0) {
        snprintf(e->msg, sizeof(e->msg), "cannot use subquery in index predicate");
    }
}

int sql__idx_pred_build(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_expr *x, char **text, struct err *e)
{
    char *body = sql__deparse(env, x);
    struct sql_rowexpr *rx;
    int rc = sql_rowexpr_compile(env, t, body, 0, -1, env->stmt_ctx, &rx, e);
    if (rc != 0) {
        reword(e);
        sql__ddl_expr_errpos(t, x, false, e); /* an unknown column's position */
        return rc;
    }
    uint32_t ty = sql_rowexpr_type(rx);
    if (ty != SQL_T_BOOL) {
        if (ty != SQL_T_UNKNOWN) {
            struct sbuf tn;
            sbuf_init(&tn);
            sql_type_format(ty, -1, &tn);
            err_set_state(e, ERR_INVAL, "42804",
                          "argument of WHERE must be type boolean, not type %s",
                          tn.data ? tn.data : "?");
            sbuf_free(&tn);
            return ERR_INVAL;
        }
        rc = sql_rowexpr_compile(env, t, body, SQL_T_BOOL, -1, env->stmt_ctx, &rx, e);
        if (rc != 0)
            return rc;
    }
    if (!sql_rowexpr_immutable(rx))
        return err_set_state(e, ERR_INVAL, "42P17",
                             "functions in index predicate must be marked IMMUTABLE");
    *text = body;
    return 0;
}

int sql__idx_pred_uses(struct sql_env *env, const struct sql_idx_desc *ix, const char *column,
                       bool *uses, struct err *e)
{
    *uses = false;
    if (ix->pred == NULL)
        return 0;
    struct sql__colrefs r = {0};
    int rc = sql__text_colrefs(env, ix->pred, &r, e);
    if (rc != 0)
        return rc;
    *uses = r.overflow;
    for (int j = 0; j < r.n; j++)
        *uses = *uses || strcmp(r.names[j], column) == 0;
    return 0;
}
