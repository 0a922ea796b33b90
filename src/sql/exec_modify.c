/* exec_modify.c — running INSERT, UPDATE and DELETE.
 *
 * INSERT builds each row from its source row and the compiled defaults,
 * checks CHECK constraints and hands it to sql_tbl_insert (NOT NULL,
 * uniqueness, indexes are the catalog's). UPDATE and DELETE lock each row
 * the scan found (sql_tbl_lock_row re-reads its newest committed version)
 * and re-evaluate the WHERE clause on it, PostgreSQL's EvalPlanQual for
 * READ COMMITTED; a row deleted meanwhile is skipped. A primary-key point
 * UPDATE/DELETE locks the row directly from the key values, without a scan:
 * one kv read.
 *
 * RETURNING rows are materialized in the cursor's memory and streamed after
 * the statement's work is done.
 */
#include "sql/acl.h"
#include "sql/engine_int.h"
#include "sql/session_int.h"
#include "sql/fk.h"
#include "sql/trigger.h"
#include "kv/kv.h"

#include <string.h>

int eng__key_value(const struct sql_value *v, uint32_t coltype, struct sql_value *out, bool *empty);

void eng__format_row(const struct sql_table_desc *t, const struct sql_value *row,
                     const struct sql_fmt *f, struct sbuf *out)
{
    bool first = true;
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden)
            continue;
        if (!first)
            sbuf_puts(out, ", ");
        first = false;
        if (row[i].null) {
            sbuf_puts(out, "null");
            continue;
        }
        struct err e2 = {0};
        if (sql_value_out(&row[i], f, out, &e2) != 0)
            sbuf_puts(out, "?");
    }
}

int eng__check_row(struct xrt *rt, const struct pnode *p, struct sql_value *row,
                   struct mem_ctx *mem, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    struct ectx c = {.rt = rt, .row = row, .outer = NULL, .mem = mem};
    for (int i = 0; p->u.modify.gens != NULL && i < t->ncols; i++) {
        if (p->u.modify.gens[i] == NULL)
            continue;
        int rc = eng__eval(&c, p->u.modify.gens[i], &row[i], e);
        if (rc != 0)
            return rc;
        if (row[i].null)
            row[i].type = t->cols[i].type;
    }
    /* in name order, as PostgreSQL's CheckConstraintFetch sorts them */
    int ord[64], nck = p->u.modify.nchecks;
    for (int i = 0; i < nck && i < 64; i++) {
        int j = i;
        while (j > 0 && strcmp(t->checks[ord[j - 1]].name, t->checks[i].name) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    for (int k = 0; k < nck; k++) {
        int i = nck <= 64 ? ord[k] : k;
        struct sql_value v;
        int rc = eng__eval(&c, p->u.modify.checks[i], &v, e);
        if (rc != 0)
            return rc;
        if (!v.null && !v.u.b) {
            struct sbuf sb;
            sbuf_init(&sb);
            eng__format_row(t, row, &rt->env->fmt, &sb);
            err_set_state(e, ERR_INVAL, "23514",
                          "new row for relation \"%s\" violates check constraint \"%s\"%s\nSCHEMA "
                          "NAME:  %s\nTABLE NAME:  %s\nCONSTRAINT NAME:  %s",
                          t->name, t->checks[i].name,
                          sql__acl_failing_row(rt->env, t, row, sb.data ? sb.data : ""), t->schema,
                          t->name, t->checks[i].name);
            sbuf_free(&sb);
            return e->code;
        }
    }
    return 0;
}

int eng__insert_row(struct xrt *rt, const struct pnode *p, const struct sql_value *src,
                    struct mem_ctx *mem, struct sql_value **row_out, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    struct sql_value *row = mem_alloc(mem, sizeof *row * (size_t)(t->ncols + 1));
    struct ectx c = {.rt = rt, .row = NULL, .outer = NULL, .mem = mem};
    for (int i = 0; i < t->ncols; i++) {
        int sc = p->u.modify.src_col[i];
        if (sc >= 0) {
            row[i] = src[sc];
        } else if (p->u.modify.defaults[i] != NULL) {
            int rc = eng__eval(&c, p->u.modify.defaults[i], &row[i], e);
            if (rc != 0)
                return rc;
        } else {
            row[i] = sql_null(t->cols[i].type);
        }
        if (row[i].null)
            row[i].type = t->cols[i].type;
    }
    if (p->u.modify.copy_where != NULL) {
        struct ectx wc = {.rt = rt, .row = row, .outer = NULL, .mem = mem};
        bool ok = false;
        int rc = eng__eval_qual(&wc, p->u.modify.copy_where, &ok, e);
        if (rc != 0)
            return rc;
        if (!ok) { /* skipped: *row_out NULL */
            if (row_out)
                *row_out = NULL;
            return 0;
        }
    }
    int rc;
    if (t->kind == 'v') { /* a view's INSTEAD OF INSERT triggers do the insert */
        bool skip;
        if ((rc = sql__trig_instead_row(rt->env, t, SQL_TRIG_INSERT, NULL, &row, mem, &skip, e)) !=
            0)
            return rc;
        if (row_out)
            *row_out = skip ? NULL : row;
        return 0;
    }
    if (t->ntrigs > 0) { /* BEFORE INSERT row triggers: a new NEW, or skip the row */
        bool skip;
        if ((rc = sql__trig_before_row(rt->env, t, SQL_TRIG_INSERT, NULL, &row, NULL, mem, &skip,
                                       e)) != 0)
            return rc;
        if (skip) {
            if (row_out)
                *row_out = NULL;
            return 0;
        }
    }
    rc = eng__check_row(rt, p, row, mem, e);
    if (rc != 0)
        return rc;
    rc = sql_tbl_insert(rt->env, t, row, e);
    if (rc == 0 && p->u.modify.nwcos > 0)
        rc = eng__view_wco_check(rt, p, row, mem, e);
    if (rc == 0)
        rc = sql_fk_after_insert(rt->env, t, row, e);
    if (rc == 0 && t->ntrigs > 0)
        rc = sql__trig_after_row(rt->env, t, SQL_TRIG_INSERT, NULL, row, NULL, e);
    if (rc != 0)
        return rc;
    if (row_out)
        *row_out = row;
    return 0;
}

struct retbuf {
    struct sql_value **rows;
    size_t n, cap;
};

static int add_returning(struct xrt *rt, const struct pnode *p, const struct sql_value *row,
                         struct mem_ctx *rowmem, struct mem_ctx *keep, struct retbuf *rb,
                         struct err *e)
{
    int n = p->u.modify.nreturning;
    if (n == 0)
        return 0;
    struct ectx c = {.rt = rt, .row = row, .outer = NULL, .mem = rowmem};
    struct sql_value *out = mem_alloc(keep, sizeof *out * (size_t)n);
    for (int i = 0; i < n; i++) {
        struct sql_value v;
        int rc = eng__eval(&c, p->u.modify.returning[i], &v, e);
        if (rc != 0)
            return rc;
        sql_value_copy(keep, &v, &out[i]);
    }
    if (rb->n == rb->cap) {
        size_t nc = rb->cap ? rb->cap * 2 : 16;
        rb->rows = mem_realloc(keep, rb->rows, sizeof *rb->rows * rb->cap, sizeof *rb->rows * nc);
        rb->cap = nc;
    }
    rb->rows[rb->n++] = out;
    return 0;
}

/* UPDATE or DELETE of a view row through its INSTEAD OF triggers. */
static int instead_one(struct xrt *rt, const struct pnode *p, struct sql_value *old,
                       struct mem_ctx *mem, struct mem_ctx *keep, struct retbuf *rb, bool *done,
                       struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    *done = false;
    bool skip;
    int rc;
    if (p->u.modify.op == SQL_STMT_DELETE) {
        if ((rc = sql__trig_instead_row(rt->env, t, SQL_TRIG_DELETE, old, NULL, mem, &skip, e)) !=
                0 ||
            skip)
            return rc;
        *done = true;
        return add_returning(rt, p, old, mem, keep, rb, e);
    }
    struct ectx c = {.rt = rt, .row = old, .outer = NULL, .mem = mem};
    struct sql_value *nw = mem_alloc(mem, sizeof *nw * (size_t)(t->ncols + 1));
    memcpy(nw, old, sizeof *nw * (size_t)t->ncols);
    for (int i = 0; i < t->ncols; i++) {
        if (p->u.modify.set[i] == NULL)
            continue;
        if ((rc = eng__eval(&c, p->u.modify.set[i], &nw[i], e)) != 0)
            return rc;
        if (nw[i].null)
            nw[i].type = t->cols[i].type;
    }
    if ((rc = sql__trig_instead_row(rt->env, t, SQL_TRIG_UPDATE, old, &nw, mem, &skip, e)) != 0 ||
        skip)
        return rc;
    *done = true;
    return add_returning(rt, p, nw, mem, keep, rb, e);
}

/* UPDATE or DELETE of one row found by the scan (or built from the key). */
static int modify_one(struct xrt *rt, const struct pnode *p, struct sql_value *old,
                      struct mem_ctx *mem, struct mem_ctx *keep, struct retbuf *rb, bool *done,
                      struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    *done = false;
    bool found = false;
    int rc;
    /* data-modifying WITH: a row this statement already changed is left
     * alone (PostgreSQL: updated by the current command) */
    uint64_t mark = kv_txn_read_cap(rt->env->txn);
    if (mark != 0) {
        bool written = false;
        if ((rc = sql_tbl_row_written_since(rt->env, t, old, mark, &written, e)) != 0 || written)
            return rc;
    }
    /* DELETE: FOR UPDATE; UPDATE: FOR NO KEY UPDATE (sql_tbl_update
     * strengthens it when a key column changes) */
    rc = sql_tbl_lock_row_mode(rt->env, t, old,
                               p->u.modify.op == SQL_STMT_DELETE ? SQL_LOCK_FOR_UPDATE
                                                                 : SQL_LOCK_FOR_NO_KEY_UPDATE,
                               mem, &found, e);
    if (rc != 0 || !found)
        return rc;
    struct ectx c = {.rt = rt, .row = old, .outer = NULL, .mem = mem};
    bool ok;
    if ((rc = eng__eval_qual(&c, p->u.modify.recheck, &ok, e)) != 0)
        return rc;
    if (!ok)
        return 0;
    if (p->u.modify.op == SQL_STMT_DELETE) {
        bool skip = false;
        if (t->ntrigs > 0 && (rc = sql__trig_before_row(rt->env, t, SQL_TRIG_DELETE, old, NULL,
                                                        NULL, mem, &skip, e)) != 0)
            return rc;
        if (skip)
            return 0;
        if ((rc = sql_tbl_delete(rt->env, t, old, e)) != 0 ||
            (rc = sql_fk_after_delete(rt->env, t, old, e)) != 0)
            return rc;
        if (t->ntrigs > 0 &&
            (rc = sql__trig_after_row(rt->env, t, SQL_TRIG_DELETE, old, NULL, NULL, e)) != 0)
            return rc;
        *done = true;
        return add_returning(rt, p, old, mem, keep, rb, e);
    }
    struct sql_value *nw = mem_alloc(mem, sizeof *nw * (size_t)(t->ncols + 1));
    memcpy(nw, old, sizeof *nw * (size_t)t->ncols);
    for (int i = 0; i < t->ncols; i++) {
        if (p->u.modify.set[i] == NULL)
            continue;
        if ((rc = eng__eval(&c, p->u.modify.set[i], &nw[i], e)) != 0)
            return rc;
        if (nw[i].null)
            nw[i].type = t->cols[i].type;
    }
    const bool *upd = NULL;
    if (t->ntrigs > 0) { /* BEFORE UPDATE row triggers: a new NEW, or skip the row */
        bool skip;
        upd = eng__set_cols(p->u.modify.set, t->ncols, mem);
        if ((rc = sql__trig_before_row(rt->env, t, SQL_TRIG_UPDATE, old, &nw, upd, mem, &skip,
                                       e)) != 0)
            return rc;
        if (skip)
            return 0;
    }
    if ((rc = eng__check_row(rt, p, nw, mem, e)) != 0)
        return rc;
    if ((rc = sql_tbl_update(rt->env, t, old, nw, e)) != 0 ||
        (p->u.modify.nwcos > 0 && (rc = eng__view_wco_check(rt, p, nw, mem, e)) != 0) ||
        (rc = sql_fk_after_update(rt->env, t, old, nw, e)) != 0)
        return rc;
    if (t->ntrigs > 0 &&
        (rc = sql__trig_after_row(rt->env, t, SQL_TRIG_UPDATE, old, nw, upd, e)) != 0)
        return rc;
    *done = true;
    return add_returning(rt, p, nw, mem, keep, rb, e);
}

static int point_modify(struct xrt *rt, const struct pnode *p, struct mem_ctx *mem,
                        struct mem_ctx *keep, struct retbuf *rb, uint64_t *count, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    const struct pnode *scan = p->l;
    const struct sql_idx_desc *pk = &t->idx[0];
    struct sql_value *row = mem_alloc(mem, sizeof *row * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        row[i] = sql_null(t->cols[i].type);
    struct ectx c = {.rt = rt, .row = NULL, .outer = NULL, .mem = mem};
    for (int k = 0; k < scan->u.scan.neq; k++) {
        struct sql_value v;
        int rc = eng__eval(&c, scan->u.scan.eq[k], &v, e);
        if (rc != 0)
            return rc;
        int pos = sql_cat_column_pos(t, pk->col_ids[k]);
        bool empty;
        eng__key_value(&v, t->cols[pos].type, &row[pos], &empty);
        if (empty)
            return 0;
    }
    bool done;
    int rc = modify_one(rt, p, row, mem, keep, rb, &done, e);
    if (rc == 0 && done)
        (*count)++;
    return rc;
}

/* UPDATE/DELETE ... WHERE CURRENT OF: the row the cursor stands on,
 * locked and re-read by key as a scanned row is. */
static int current_of_modify(struct xrt *rt, const struct pnode *p, struct mem_ctx *mem,
                             struct mem_ctx *keep, struct retbuf *rb, uint64_t *count,
                             struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    const struct sql_value *cr = NULL;
    if (rt->env->sess == NULL)
        return err_set_state(e, ERR_NOTFOUND, "34000", "cursor \"%s\" does not exist",
                             p->u.modify.current_of);
    int rc = sql__session_cursor_row(rt->env->sess, p->u.modify.current_of, t, &cr, e);
    if (rc != 0)
        return rc;
    struct sql_value *old = mem_alloc(mem, sizeof *old * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        sql_value_copy(mem, &cr[i], &old[i]);
    bool done;
    rc = modify_one(rt, p, old, mem, keep, rb, &done, e);
    if (rc == 0 && done)
        (*count)++;
    return rc;
}

const bool *eng__set_cols(struct bx *const *set, int ncols, struct mem_ctx *mem)
{
    bool *u = mem_alloc0(mem, sizeof *u * (size_t)(ncols + 1));
    for (int i = 0; set != NULL && i < ncols; i++)
        u[i] = set[i] != NULL;
    return u;
}

static int modify_run(struct xrt *rt, const struct pnode *p, struct xnode *src, struct mem_ctx *ctx,
                      uint64_t *count, struct sql_value ***ret_rows, size_t *nret, struct err *e);

/* The statement's triggers (trigger.h): BEFORE STATEMENT, the rows (their
 * AFTER ROW events queued), the queued events, AFTER STATEMENT. INSERT ...
 * ON CONFLICT DO UPDATE fires the UPDATE statement triggers too, in
 * PostgreSQL's order (fireBSTriggers / fireASTriggers). */
int eng__modify_run(struct xrt *rt, const struct pnode *p, struct xnode *src, struct mem_ctx *ctx,
                    uint64_t *count, struct sql_value ***ret_rows, size_t *nret, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    /* a table others reference: its cascades may queue their tables' events */
    if (t->ntrigs == 0 && t->nrefby == 0)
        return modify_run(rt, p, src, ctx, count, ret_rows, nret, e);
    int ev = p->u.modify.op == SQL_STMT_INSERT   ? SQL_TRIG_INSERT
             : p->u.modify.op == SQL_STMT_UPDATE ? SQL_TRIG_UPDATE
                                                 : SQL_TRIG_DELETE;
    bool also_upd =
        ev == SQL_TRIG_INSERT && p->u.modify.upsert != NULL && p->u.modify.upsert->do_update;
    *count = 0;
    *ret_rows = NULL;
    *nret = 0;
    /* UPDATE OF statement triggers: the SET list's columns */
    struct bx *const *set = ev == SQL_TRIG_UPDATE ? p->u.modify.set
                            : also_upd            ? p->u.modify.upsert->set
                                                  : NULL;
    const bool *upd = set != NULL ? eng__set_cols(set, t->ncols, ctx) : NULL;
    int rc = sql__trig_stmt(rt->env, t, ev, SQL_TRIG_BEFORE, upd, e);
    if (rc == 0 && also_upd)
        rc = sql__trig_stmt(rt->env, t, SQL_TRIG_UPDATE, SQL_TRIG_BEFORE, upd, e);
    if (rc != 0)
        return rc;
    struct sql__trig_queue *q = sql__trig_begin(rt->env);
    rc = modify_run(rt, p, src, ctx, count, ret_rows, nret, e);
    if (rc != 0) {
        sql__trig_abort(rt->env, q);
        return rc;
    }
    if ((rc = sql__trig_end(rt->env, q, e)) != 0)
        return rc;
    if (also_upd && (rc = sql__trig_stmt(rt->env, t, SQL_TRIG_UPDATE, 0, upd, e)) != 0)
        return rc;
    return sql__trig_stmt(rt->env, t, ev, 0, upd, e);
}

static int modify_run(struct xrt *rt, const struct pnode *p, struct xnode *src, struct mem_ctx *ctx,
                      uint64_t *count, struct sql_value ***ret_rows, size_t *nret, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    struct mem_ctx *mem = mem_ctx_new(ctx, "modify row");
    struct retbuf rb = {0};
    int rc = 0;
    *count = 0;
    struct upsert_state *ups = NULL;
    if (p->u.modify.from_width > 0) {
        mem_ctx_free(mem);
        return eng__modify_from_run(rt, p, src, ctx, count, ret_rows, nret, e);
    }
    if (p->u.modify.current_of != NULL) {
        rc = current_of_modify(rt, p, mem, ctx, &rb, count, e);
        goto out;
    }
    /* under a data-modifying WITH's snapshot the row must come from the
     * (snapshot) scan: a point lock would see the statement's own writes */
    if (p->u.modify.point && kv_txn_read_cap(rt->env->txn) == 0) {
        rc = point_modify(rt, p, mem, ctx, &rb, count, e);
        if (rt->instrument && src != NULL) {
            /* EXPLAIN ANALYZE: the point lookup stands for the index scan */
            src->ins_loops = 1;
            src->ins_rows = *count;
        }
        goto out;
    }
    /* materialize the source first when writing could feed the scan */
    struct sql_value **mat = NULL;
    size_t nmat = 0, cap = 0;
    struct mem_ctx *matctx = NULL;
    int w = p->l->width;
    if (p->u.modify.materialize) {
        matctx = mem_ctx_new(ctx, "modify source");
        for (;;) {
            const struct sql_value *r;
            bool h;
            if ((rc = eng__xnext(src, &r, &h, e)) != 0)
                goto out;
            if (!h)
                break;
            if (nmat == cap) {
                size_t nc = cap ? cap * 2 : 64;
                mat = mem_realloc(matctx, mat, sizeof *mat * cap, sizeof *mat * nc);
                cap = nc;
            }
            struct sql_value *cp = mem_alloc(matctx, sizeof *cp * (size_t)(w > 0 ? w : 1));
            for (int i = 0; i < w; i++)
                sql_value_copy(matctx, &r[i], &cp[i]);
            mat[nmat++] = cp;
        }
    }
    for (size_t mi = 0;; mi++) {
        const struct sql_value *r;
        if (p->u.modify.materialize) {
            if (mi >= nmat)
                break;
            r = mat[mi];
        } else {
            bool h;
            if ((rc = eng__xnext(src, &r, &h, e)) != 0)
                goto out;
            if (!h)
                break;
        }
        if ((rc = eng__tick(rt, e)) != 0)
            goto out;
        mem_ctx_reset(mem);
        if (p->u.modify.op == SQL_STMT_INSERT) {
            struct sql_value *row;
            if (p->u.modify.upsert != NULL) {
                if ((rc = eng__upsert_row(rt, p, r, mem, ctx, &ups, &row, e)) != 0)
                    goto out;
                if (row == NULL)
                    continue; /* DO NOTHING, or DO UPDATE ... WHERE false */
            } else if ((rc = eng__insert_row(rt, p, r, mem, &row, e)) != 0)
                goto out;
            if (row == NULL)
                continue; /* a BEFORE INSERT trigger returned NULL */
            (*count)++;
            if ((rc = add_returning(rt, p, row, mem, ctx, &rb, e)) != 0)
                goto out;
            continue;
        }
        struct sql_value *old = mem_alloc(mem, sizeof *old * (size_t)(t->ncols + 1));
        for (int i = 0; i < t->ncols; i++)
            sql_value_copy(mem, &r[i], &old[i]);
        bool done;
        if (t->kind == 'v')
            rc = instead_one(rt, p, old, mem, ctx, &rb, &done, e);
        else
            rc = modify_one(rt, p, old, mem, ctx, &rb, &done, e);
        if (rc != 0)
            goto out;
        if (done)
            (*count)++;
    }
    if (matctx)
        mem_ctx_free(matctx);
out:
    if (rc == 0) {
        /* foreign keys see every write, also under a data-modifying WITH's
         * snapshot (bind_dmlcte.c) */
        uint64_t rcap = kv_txn_set_read_cap(rt->env->txn, 0);
        rc = sql_fk_stmt_end(rt->env, e);
        kv_txn_set_read_cap(rt->env->txn, rcap);
    } else
        sql_fk_discard(rt->env);
    mem_ctx_free(mem);
    *ret_rows = rb.rows;
    *nret = rb.n;
    return rc;
}
