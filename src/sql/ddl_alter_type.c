/* ddl_alter_type.c — ALTER TABLE ... ALTER COLUMN c [SET DATA] TYPE t
 * [USING expr] when the rows must be rewritten.
 *
 * Every row is read from the current primary index, its column converted
 * (the USING expression, else the assignment cast PostgreSQL's
 * ATPrepAlterColumnType requires), NOT NULL and the CHECK constraints
 * rechecked, and the row written under a fresh primary index id (the key
 * may change with the type; uniqueness is checked as the rows are written).
 * Then the old primary span becomes garbage and every secondary index is
 * rebuilt under a fresh id (their entries name the primary key). All of it
 * in env->txn: a failure leaves the table as it was.
 *
 * Refused (0A000): columns of a foreign key (either side), identity
 * columns, and a primary index written by an earlier command of the same
 * statement in committed batches.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/deparse.h"
#include "sql/env.h"
#include "sql/exec.h"

#include <stdio.h>
#include <string.h>

static bool fk_uses(const struct sql_table_desc *t, uint32_t col)
{
    for (int i = 0; i < t->nfks; i++)
        for (int j = 0; j < t->fks[i].ncols; j++)
            if (t->fks[i].col_ids[j] == col)
                return true;
    return false;
}

/* Is col referenced by a foreign key of another table (or t itself)? */
static int referenced(struct sql_env *env, const struct sql_table_desc *t, uint32_t col, bool *out,
                      struct err *e)
{
    *out = false;
    for (int i = 0; i < t->nrefby && !*out; i++) {
        const struct sql_table_desc *r;
        int rc = sql_cat_table_by_oid(env, t->refby[i], &r, e);
        if (rc != 0)
            return rc;
        for (int k = 0; r != NULL && k < r->nfks; k++)
            for (int j = 0; r->fks[k].ref_table == t->oid && j < r->fks[k].ncols; j++)
                if (r->fks[k].ref_col_ids[j] == col)
                    *out = true;
    }
    return 0;
}

static void type_text(uint32_t type, int32_t typmod, struct sbuf *b)
{
    sbuf_reset(b);
    sql_type_format(type, typmod, b);
}

/* PostgreSQL's 23505 of a new unique index instead of an insert's. */
static int dup_error(const struct sql_table_desc *t, const char *idx, struct err *e)
{
    const char *d = strstr(e->msg, "Key (");
    char detail[ERR_MSG_MAX];
    snprintf(detail, sizeof(detail), "%s", d != NULL ? d : "");
    char *p = strstr(detail, " already exists.");
    if (p != NULL)
        snprintf(p, sizeof(detail) - (size_t)(p - detail), " is duplicated.");
    err_clear(e);
    if (detail[0] == 0)
        return err_set_state(e, ERR_EXISTS, "23505",
                             "could not create unique index \"%s\"" SQL_ERR_TABLE_CONSTRAINT, idx,
                             t->schema, t->name, idx);
    return err_set_state(e, ERR_EXISTS, "23505",
                         "could not create unique index \"%s\"" SQL_NUM_DETAIL_SEP
                         "%s" SQL_ERR_TABLE_CONSTRAINT,
                         idx, detail, t->schema, t->name, idx);
}

int sql__alter_column_type(struct sql_env *env, struct sql_table_desc *t, int pos, uint32_t type,
                           int32_t typmod, const struct sql_expr *using_expr, struct err *e)
{
    struct sql_col_desc *c = &t->cols[pos];
    int rc = 0;
    bool refd = false;
    if (fk_uses(t, c->id) || (rc = referenced(env, t, c->id, &refd, e)) != 0 || refd)
        return rc != 0 ? rc : sql__ddl_unsupported(e, "ALTER COLUMN TYPE of a foreign key column");
    if (c->identity != 0)
        return sql__ddl_unsupported(e, "ALTER COLUMN TYPE of an identity column");
    for (int i = 0; i < t->nidx; i++) {
        bool in_pred = false;
        if ((rc = sql__idx_pred_uses(env, &t->idx[i], c->name, &in_pred, e)) != 0)
            return rc;
        if (in_pred)
            return sql__ddl_unsupported(e,
                                        "ALTER COLUMN TYPE of a column used in an index predicate");
    }
    if (sql__fresh_primary(env, t))
        return sql__ddl_unsupported(e, "ALTER COLUMN TYPE after ADD PRIMARY KEY in one statement");
    struct sbuf tb;
    sbuf_init(&tb);
    const struct sql_table_desc *old = sql__desc_copy(env->stmt_ctx, t);
    /* The conversion. */
    struct sql_rowexpr *ux = NULL;
    if (using_expr != NULL) {
        char *sql = sql__deparse(env, using_expr);
        rc = sql__ddl_compile(env, old, sql, 0, -1, env->stmt_ctx, &ux, e);
        if (rc != 0) {
            /* The binder names the place as for a DEFAULT; PostgreSQL's
             * words for USING are "transform expression(s)". */
            char *p = strstr(e->msg, "in DEFAULT expressions");
            if (p != NULL)
                memcpy(p, "in transform expressions", sizeof("in transform expressions"));
            else if (strcmp(e->msg, "cannot use subquery in this expression") == 0)
                snprintf(e->msg, sizeof(e->msg), "cannot use subquery in transform expression");
            if (strcmp(err_sqlstate(e), "42703") == 0)
                sql__ddl_expr_errpos(old, using_expr, false, e);
            else
                sql__ddl_errpos(using_expr->location);
            sbuf_free(&tb);
            return rc;
        }
        uint32_t from = sql_rowexpr_type(ux);
        enum sql_cast_ctx cc = sql_cast_context(from, type);
        if (from != type && cc != SQL_CAST_IMPLICIT && cc != SQL_CAST_ASSIGNMENT) {
            type_text(type, -1, &tb);
            rc = err_set_state(e, ERR_INVAL, "42804",
                               "result of USING clause for column \"%s\" cannot be cast "
                               "automatically to type %s"
                               "\nHINT:  You might need to add an explicit cast.",
                               c->name, tb.data);
            sbuf_free(&tb);
            return rc;
        }
    } else {
        enum sql_cast_ctx cc = sql_cast_context(c->type, type);
        if (cc != SQL_CAST_IMPLICIT && cc != SQL_CAST_ASSIGNMENT) {
            struct sbuf hb;
            sbuf_init(&hb);
            type_text(type, -1, &tb);
            sql_deparse_ident(c->name, &hb);
            sbuf_puts(&hb, "::");
            sql_type_format(type, typmod, &hb);
            rc = err_set_state(e, ERR_INVAL, "42804",
                               "column \"%s\" cannot be cast automatically to type %s"
                               "\nHINT:  You might need to specify \"USING %s\".",
                               c->name, tb.data, hb.data);
            sbuf_free(&hb);
            sbuf_free(&tb);
            return rc;
        }
    }
    /* The new layout: the default must convert too, by an assignment cast
     * from its own type (PostgreSQL strips implicit coercions first; a bare
     * literal has the column's old type). */
    bool bad_default = false;
    if (c->default_sql != NULL) {
        struct sql_rowexpr *dx;
        rc = sql__ddl_compile(env, old, c->default_sql, 0, -1, env->stmt_ctx, &dx, e);
        if (rc != 0) {
            sbuf_free(&tb);
            return rc;
        }
        uint32_t from = sql_rowexpr_type(dx);
        if (from == SQL_T_UNKNOWN)
            from = c->type;
        enum sql_cast_ctx cc = sql_cast_context(from, type);
        bad_default = from != type && cc != SQL_CAST_IMPLICIT && cc != SQL_CAST_ASSIGNMENT;
    }
    c->type = type;
    c->typmod = typmod;
    c->domain = 0;         /* no longer of a domain type (domain.h) */
    sql__clear_missing(t); /* every row is rewritten with every column (catalog.h) */
    if (c->default_sql != NULL &&
        (bad_default ||
         sql__ddl_compile(env, t, c->default_sql, type, typmod, env->stmt_ctx, NULL, e) != 0)) {
        err_clear(e);
        sql__ddl_errpos(-1);
        type_text(type, -1, &tb);
        rc = err_set_state(e, ERR_INVAL, "42804",
                           "default for column \"%s\" cannot be cast automatically to type %s",
                           c->name, tb.data);
        sbuf_free(&tb);
        return rc;
    }
    sbuf_free(&tb);
    struct sql_rowexpr **checks =
        mem_alloc(env->stmt_ctx, sizeof(*checks) * (size_t)(t->nchecks + 1));
    for (int i = 0; i < t->nchecks; i++) {
        rc = sql__ddl_compile(env, t, t->checks[i].expr_sql, SQL_T_BOOL, -1, env->stmt_ctx,
                              &checks[i], e);
        if (rc != 0)
            return rc;
    }
    uint32_t old_pk = t->idx[0].id;
    rc = sql__index_id_new(env, t, &t->idx[0].id, e);
    if (rc != 0)
        return rc;
    struct sql_table_desc only = *t; /* rows go to the new primary index only */
    only.nidx = 1;
    /* Rewrite. */
    struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "alter type scan");
    struct mem_ctx *rctx = mem_ctx_new(ctx, "alter type row");
    struct sql_value *row = mem_alloc(ctx, sizeof(*row) * (size_t)(old->ncols + 1));
    struct sql_value *nrow = mem_alloc(ctx, sizeof(*nrow) * (size_t)(t->ncols + 1));
    struct sql_tbl_scan *s = NULL;
    uint64_t n = 0;
    int opos = sql_cat_column_pos(old, c->id);
    rc = sql__table_ddl_lock(env, old, e);
    if (rc == 0)
        rc = sql_tbl_scan_open(env, old, NULL, ctx, &s, e);
    while (rc == 0) {
        bool has;
        mem_ctx_reset(rctx);
        rc = sql_tbl_scan_next(s, row, &has, e);
        if (rc != 0 || !has)
            break;
        if ((++n & 1023) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        for (int i = 0; i < t->ncols; i++) {
            int op = sql_cat_column_pos(old, t->cols[i].id);
            nrow[i] = op >= 0 ? row[op] : sql_null(t->cols[i].type);
        }
        struct sql_value v = row[opos];
        if (ux != NULL)
            rc = sql_rowexpr_eval(env, ux, row, rctx, &v, e);
        if (rc == 0)
            rc = sql_value_cast(rctx, &v, type, typmod, false, &env->fmt, &nrow[pos], e);
        if (rc != 0)
            break;
        if (nrow[pos].null && c->not_null) {
            rc = err_set_state(
                e, ERR_INVAL, "23502",
                "column \"%s\" of relation \"%s\" contains null values" SQL_ERR_TABLE_COLUMN,
                c->name, t->name, t->schema, t->name, c->name);
            break;
        }
        for (int i = 0; rc == 0 && i < t->nchecks; i++) {
            struct sql_value b;
            rc = sql_rowexpr_eval(env, checks[i], nrow, rctx, &b, e);
            if (rc == 0 && !b.null && !b.u.b)
                rc = err_set_state(e, ERR_INVAL, "23514",
                                   "check constraint \"%s\" of relation \"%s\" is violated by "
                                   "some row" SQL_ERR_TABLE_CONSTRAINT,
                                   t->checks[i].name, t->name, t->schema, t->name,
                                   t->checks[i].name);
        }
        if (rc == 0) {
            rc = sql_tbl_insert(env, &only, nrow, e);
            if (rc != 0 && strcmp(e->sqlstate, "23505") == 0)
                rc = dup_error(t, t->idx[0].name, e);
        }
    }
    sql_tbl_scan_close(s);
    mem_ctx_free(ctx);
    if (rc == 0)
        rc = sql__garbage_add(env, t->oid, old_pk, e);
    /* Secondary indexes: rebuilt from the new rows. */
    for (int i = 1; rc == 0 && i < t->nidx; i++) {
        rc = sql__garbage_add(env, t->oid, t->idx[i].id, e);
        if (rc != 0)
            break;
        rc = sql__index_id_new(env, t, &t->idx[i].id, e);
        if (rc != 0)
            break;
        struct sql_table_desc tmp = *t;
        tmp.nidx = i;
        rc = sql__idx_backfill(env, &tmp, &t->idx[i], false, e);
    }
    return rc;
}
