/* exec_lock.c — row locks of SELECT ... FOR UPDATE/SHARE (PN_LOCKROWS) and
 * the wait policies shared with it.
 *
 * Each row of l carries the full-width row of its query level as junk: every
 * locked table's row is locked (sql_tbl_lock_row re-reads its newest
 * committed version). A row deleted meanwhile is skipped; one changed
 * meanwhile (READ COMMITTED after a wait) has the WHERE clause re-checked and
 * the output columns recomputed on the newest version, as PostgreSQL's
 * EvalPlanQual. Each table is locked in the strongest strength asked for
 * it (FOR KEY SHARE / SHARE / NO KEY UPDATE / UPDATE: kv's lock modes, with
 * PostgreSQL's conflicts). NOWAIT and SKIP LOCKED try the lock with a 1 ms lock
 * timeout; SKIP LOCKED takes a kv savepoint first, so a failed attempt is
 * undone without aborting the transaction.
 */
#include "sql/engine_int.h"

#include "kv/kv.h"
#include "sql/temp.h"

#include <string.h>

int eng__lock_row_wait(struct sql_env *env, const struct sql_table_desc *t, struct sql_value *row,
                       struct mem_ctx *ctx, enum sql_lock_wait wait, bool *found, bool *skipped,
                       struct err *e)
{
    return eng__lock_row_wait_mode(env, t, row, SQL_LOCK_FOR_UPDATE, ctx, wait, found, skipped, e);
}

int eng__lock_row_wait_mode(struct sql_env *env, const struct sql_table_desc *t,
                            struct sql_value *row, enum sql_lock_strength strength,
                            struct mem_ctx *ctx, enum sql_lock_wait wait, bool *found,
                            bool *skipped, struct err *e)
{
    *skipped = false;
    if (env->read_only && !sql_temp_is_schema_name(t->schema)) /* ExecCheckXactReadOnly */
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             strength == SQL_LOCK_FOR_KEY_SHARE       ? "SELECT FOR KEY SHARE"
                             : strength == SQL_LOCK_FOR_SHARE         ? "SELECT FOR SHARE"
                             : strength == SQL_LOCK_FOR_NO_KEY_UPDATE ? "SELECT FOR NO KEY UPDATE"
                                                                      : "SELECT FOR UPDATE");
    int trc = sql_table_lock(env, t->oid, t->name, KV_TLOCK_ROW_SHARE, false, e);
    if (trc != 0)
        return trc;
    if (wait == SQL_LOCK_WAIT_BLOCK)
        return sql_tbl_lock_row_mode(env, t, row, strength, ctx, found, e);
    uint64_t sp = 0;
    int rc;
    if (wait == SQL_LOCK_WAIT_SKIP && (rc = kv_txn_savepoint(env->txn, &sp, e)) != 0)
        return rc;
    int saved = kv_txn_lock_timeout(env->txn);
    kv_txn_set_lock_timeout(env->txn, 1);
    rc = sql_tbl_lock_row_mode(env, t, row, strength, ctx, found, e);
    kv_txn_set_lock_timeout(env->txn, saved);
    if (rc == ERR_LOCKTIMEOUT || rc == ERR_DEADLOCK) {
        if (wait == SQL_LOCK_WAIT_NOWAIT)
            return err_set_state(e, ERR_LOCKTIMEOUT, "55P03",
                                 "could not obtain lock on row in relation \"%s\"", t->name);
        struct err e2 = {0};
        if ((rc = kv_txn_rollback_to(env->txn, sp, &e2)) != 0) {
            *e = e2;
            return rc;
        }
        *e = (struct err){0};
        *skipped = true;
        *found = false;
    } else if (rc != 0) {
        return rc;
    }
    if (wait == SQL_LOCK_WAIT_SKIP)
        rc = kv_txn_release(env->txn, sp, e);
    return rc;
}

static bool same_value(const struct sql_value *a, const struct sql_value *b)
{
    if (a->null || b->null)
        return a->null == b->null;
    return a->type == b->type && sql_value_cmp(a, b) == 0;
}

int eng__lockrows_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e)
{
    const struct pnode *p = x->p;
    for (;;) {
        const struct sql_value *r;
        int rc = eng__xnext(x->l, &r, has, e);
        if (rc != 0 || !*has)
            return rc;
        if ((rc = eng__tick(x->rt, e)) != 0)
            return rc;
        mem_ctx_reset(x->rowctx);
        memcpy(x->row, r, sizeof *x->row * (size_t)p->width);
        struct sql_value *full = &x->row[p->u.lockrows.junk];
        bool changed = false, skip = false;
        for (int i = 0; i < p->u.lockrows.nrels && !skip; i++) {
            const struct lock_rel *lr = &p->u.lockrows.rels[i];
            const struct sql_table_desc *t = lr->t;
            struct sql_value *tr = mem_alloc(x->rowctx, sizeof *tr * (size_t)(t->ncols + 1));
            memcpy(tr, &full[lr->off], sizeof *tr * (size_t)t->ncols);
            bool found = false, skipped = false;
            rc = eng__lock_row_wait_mode(x->rt->env, t, tr, lr->strength, x->rowctx, lr->wait,
                                         &found, &skipped, e);
            if (rc != 0)
                return rc;
            if (!found || skipped) {
                skip = true;
                break;
            }
            for (int c = 0; c < t->ncols; c++)
                if (!same_value(&tr[c], &full[lr->off + c]))
                    changed = true;
            memcpy(&full[lr->off], tr, sizeof *tr * (size_t)t->ncols);
        }
        if (skip)
            continue;
        if (changed) {
            struct ectx c = {.rt = x->rt, .row = full, .outer = x->rt->outer, .mem = x->rowctx};
            if (p->u.lockrows.recheck != NULL) {
                bool ok;
                if ((rc = eng__eval_qual(&c, p->u.lockrows.recheck, &ok, e)) != 0)
                    return rc;
                if (!ok)
                    continue;
            }
            for (int i = 0; i < p->u.lockrows.ntargets; i++)
                if ((rc = eng__eval(&c, p->u.lockrows.targets[i], &x->row[i], e)) != 0)
                    return rc;
        }
        *row = x->row;
        return 0;
    }
}
