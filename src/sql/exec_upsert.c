/* exec_upsert.c — INSERT ... ON CONFLICT of one proposed row.
 *
 * As PostgreSQL's ExecInsert: the row is built (defaults, identity) and its
 * CHECK constraints checked, then every arbiter index's key is locked
 * (sql_tbl_lock_unique: the same kv lock the uniqueness check takes, held to
 * commit) and the row holding it, if any, is locked and re-read at its newest
 * committed version. No conflict: the row is inserted (another session
 * inserting the same key meanwhile waits on that lock and then sees our row:
 * one inserts, the other updates). A conflict: DO NOTHING skips the row and
 * gives the lock up again (a kv savepoint around the check); DO
 * UPDATE evaluates its WHERE and SET over [existing, EXCLUDED] and updates
 * the existing row. A row inserted or updated earlier by the same statement
 * is 21000, as PostgreSQL. Under REPEATABLE READ a conflicting row committed
 * after the snapshot is 40001 (kv_txn_lock).
 */
#include "sql/acl.h"
#include "sql/engine_int.h"
#include "sql/trigger.h"

#include "kv/kv.h"

#include <string.h>

struct upsert_state {
    struct vhash touched; /* primary keys of rows inserted or updated by the statement */
    int npk;
    int *pkpos;
};

static struct upsert_state *state_new(const struct sql_table_desc *t, struct mem_ctx *keep)
{
    struct upsert_state *s = mem_alloc0(keep, sizeof *s);
    const struct sql_idx_desc *pk = &t->idx[0];
    s->npk = pk->ncols;
    s->pkpos = mem_alloc(keep, sizeof(int) * (size_t)(pk->ncols + 1));
    for (int k = 0; k < pk->ncols; k++)
        s->pkpos[k] = sql_cat_column_pos(t, pk->col_ids[k]);
    eng__vh_init(&s->touched, keep, pk->ncols);
    return s;
}

/* Was the row with row's primary key touched? add: record it. */
static bool touched(struct upsert_state *s, const struct sql_value *row, struct mem_ctx *mem,
                    bool add)
{
    struct sql_value *keys = mem_alloc(mem, sizeof *keys * (size_t)(s->npk + 1));
    for (int k = 0; k < s->npk; k++)
        keys[k] = row[s->pkpos[k]];
    uint64_t h = eng__vh_hash(keys, s->npk);
    if (eng__vh_find(&s->touched, keys, h, NULL) != NULL)
        return true;
    if (add)
        eng__vh_add(&s->touched, keys, h);
    return false;
}

/* NOT NULL of the proposed row before arbitration (ExecConstraints), with
 * sql_tbl_insert's message; the hidden row id is assigned later. */
static int not_null(struct xrt *rt, const struct sql_table_desc *t, const struct sql_value *row,
                    struct err *e)
{
    for (int i = 0; i < t->ncols; i++) {
        if (!t->cols[i].not_null || !row[i].null || t->cols[i].hidden)
            continue;
        struct sbuf d;
        sbuf_init(&d);
        eng__format_row(t, row, &rt->env->fmt, &d);
        err_set_state(e, ERR_INVAL, "23502",
                      "null value in column \"%s\" of relation \"%s\" violates not-null "
                      "constraint%s\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCOLUMN NAME:  %s",
                      t->cols[i].name, t->name,
                      sql__acl_failing_row(rt->env, t, row, d.data ? d.data : ""), t->schema,
                      t->name, t->cols[i].name);
        sbuf_free(&d);
        return ERR_INVAL;
    }
    return 0;
}

int eng__upsert_row(struct xrt *rt, const struct pnode *p, const struct sql_value *src,
                    struct mem_ctx *mem, struct mem_ctx *keep, struct upsert_state **stp,
                    struct sql_value **row_out, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    const struct upsert_plan *u = p->u.modify.upsert;
    *row_out = NULL;
    if (*stp == NULL)
        *stp = state_new(t, keep);
    struct upsert_state *st = *stp;
    int n = t->ncols;
    struct sql_value *row = mem_alloc(mem, sizeof *row * (size_t)(2 * n + 1));
    struct ectx c = {.rt = rt, .row = NULL, .outer = NULL, .mem = mem};
    int rc;
    for (int i = 0; i < n; i++) {
        int sc = p->u.modify.src_col[i];
        if (sc >= 0) {
            row[i] = src[sc];
        } else if (p->u.modify.defaults[i] != NULL) {
            if ((rc = eng__eval(&c, p->u.modify.defaults[i], &row[i], e)) != 0)
                return rc;
        } else {
            row[i] = sql_null(t->cols[i].type);
        }
        if (row[i].null)
            row[i].type = t->cols[i].type;
    }
    if (t->ntrigs > 0) { /* BEFORE INSERT row triggers first, as ExecInsert */
        bool skip;
        struct sql_value *nrow = row;
        if ((rc = sql__trig_before_row(rt->env, t, SQL_TRIG_INSERT, NULL, &nrow, NULL, mem, &skip,
                                       e)) != 0)
            return rc;
        if (skip)
            return 0;
        if (nrow != row) /* room for [existing, EXCLUDED] stays */
            memcpy(row, nrow, sizeof *row * (size_t)n);
    }
    if ((rc = eng__check_row(rt, p, row, mem, e)) != 0)
        return rc;
    if ((rc = not_null(rt, t, row, e)) != 0)
        return rc;
    /* the existing row goes first: [existing, EXCLUDED] */
    struct sql_value *full = mem_alloc(mem, sizeof *full * (size_t)(2 * n + 1));
    bool found = false;
    /* DO NOTHING only checks: a conflicting row's lock is given up again
     * (the savepoint), so it waits for the conflicting row's writers as
     * PostgreSQL's check does but leaves the row unlocked */
    uint64_t sp = 0;
    if (!u->do_update && (rc = kv_txn_savepoint(rt->env->txn, &sp, e)) != 0)
        return rc;
    for (int a = 0; a < u->narbiters && !found; a++) {
        rc = sql_tbl_lock_unique_mode(rt->env, t, u->arbiters[a], row, SQL_LOCK_FOR_NO_KEY_UPDATE,
                                      mem, full, &found, e);
        if (rc != 0)
            return rc;
    }
    if (!u->do_update && found && (rc = kv_txn_rollback_to(rt->env->txn, sp, e)) != 0)
        return rc;
    if (!u->do_update && (rc = kv_txn_release(rt->env->txn, sp, e)) != 0)
        return rc;
    if (!found) {
        if ((rc = sql_tbl_insert(rt->env, t, row, e)) != 0)
            return rc;
        if (p->u.modify.nwcos > 0 && (rc = eng__view_wco_check(rt, p, row, mem, e)) != 0)
            return rc; /* through a view WITH CHECK OPTION */
        if (u->do_update)
            touched(st, row, keep, true);
        if (t->ntrigs > 0 &&
            (rc = sql__trig_after_row(rt->env, t, SQL_TRIG_INSERT, NULL, row, NULL, e)) != 0)
            return rc;
        *row_out = row;
        return 0;
    }
    if (!u->do_update)
        return 0;
    if (touched(st, full, mem, false))
        return err_set_state(e, ERR_INVAL, "21000",
                             "ON CONFLICT DO UPDATE command cannot affect row a second "
                             "time" ENG_HINT_SEP
                             "Ensure that no rows proposed for insertion within the same command "
                             "have duplicate constrained values.");
    memcpy(&full[n], row, sizeof *row * (size_t)n);
    c.row = full;
    if (u->where != NULL) {
        bool ok;
        if ((rc = eng__eval_qual(&c, u->where, &ok, e)) != 0)
            return rc;
        if (!ok)
            return 0;
    }
    struct sql_value *nw = mem_alloc(mem, sizeof *nw * (size_t)(n + 1));
    memcpy(nw, full, sizeof *nw * (size_t)n);
    for (int i = 0; i < n; i++) {
        if (u->set[i] == NULL)
            continue;
        if ((rc = eng__eval(&c, u->set[i], &nw[i], e)) != 0)
            return rc;
        if (nw[i].null)
            nw[i].type = t->cols[i].type;
    }
    const bool *upd = NULL;
    if (t->ntrigs > 0) { /* BEFORE UPDATE row triggers of DO UPDATE */
        bool skip;
        upd = eng__set_cols(u->set, n, mem);
        if ((rc = sql__trig_before_row(rt->env, t, SQL_TRIG_UPDATE, full, &nw, upd, mem, &skip,
                                       e)) != 0)
            return rc;
        if (skip)
            return 0;
    }
    if ((rc = eng__check_row(rt, p, nw, mem, e)) != 0)
        return rc;
    if ((rc = sql_tbl_update(rt->env, t, full, nw, e)) != 0)
        return rc;
    if (p->u.modify.nwcos > 0 && (rc = eng__view_wco_check(rt, p, nw, mem, e)) != 0)
        return rc;
    if (t->ntrigs > 0 &&
        (rc = sql__trig_after_row(rt->env, t, SQL_TRIG_UPDATE, full, nw, upd, e)) != 0)
        return rc;
    touched(st, full, keep, true);
    touched(st, nw, keep, true);
    *row_out = nw;
    return 0;
}
