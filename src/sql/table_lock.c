/* table_lock.c — table-level locks: PostgreSQL's eight modes, and the
 * descriptor-key protocol between writers and DDL under them.
 *
 * PostgreSQL's modes are kv's table locks (kv_txn_table_lock, in memory,
 * held to the end of the transaction): readers ACCESS SHARE (the binder's
 * FROM tables and views, and every scan open: sql_table_read_lock),
 * SELECT FOR UPDATE/SHARE ROW SHARE, writers ROW EXCLUSIVE, descriptor
 * writes the session's DDL mode (sql__table_ddl_tlock: ACCESS EXCLUSIVE
 * unless CREATE INDEX / VACUUM / a FOREIGN KEY's referenced table asks for
 * less), LOCK TABLE any (sql__lock_stmt). Waits poll cancel and
 * statement_timeout; lock_timeout is 55P03, NOWAIT 55P03 "could not obtain
 * lock on relation", a cycle 40P01.
 *
 * PostgreSQL's writers take ROW EXCLUSIVE on a table and DDL that rewrites
 * it SHARE or ACCESS EXCLUSIVE, so CREATE INDEX waits for open inserts
 * (and its build then sees their rows) and an insert waits for an open
 * ALTER TABLE. Here the table's descriptor key carries that lock in kv's
 * row-lock modes: a writer takes SHARE (writers never conflict with each
 * other), and DDL takes NO KEY UPDATE — the mode a descriptor write
 * (sql__cat_put) takes anyway — before it reads the rows. A writer whose
 * plan was made with an older descriptor than the one it finds once it
 * holds the lock (a DDL committed in between) fails with 40001 rather than
 * write rows the new descriptor does not describe (an index it would not
 * maintain). Since the binder takes a writer's ROW EXCLUSIVE and looks the
 * name up again after a wait (bind_select.c eng__lock_rel), that is left to
 * a DDL committed between the lookup and the lock without a wait. The
 * writer's lock takes no snapshot check (kv_txn_lock_newest): under
 * REPEATABLE READ a descriptor changed after the snapshot is no conflict,
 * as PostgreSQL's catalog (a TRUNCATEd table takes the rows).
 */
#include "sql/acl.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/env.h"
#include "sql/vtab.h"

#include <stdlib.h>

/* Lock t's descriptor key in mode; check: compare the newest descriptor's
 * version with t's. */
static int lock_desc(struct sql_env *env, const struct sql_table_desc *t, enum kv_lock_mode mode,
                     bool check, struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, t->oid);
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    /* a writer's lock sees the newest descriptor whatever the snapshot: the
     * catalog is read as of now (catalog.c), as PostgreSQL's */
    int rc = kv_txn_lock_held(env->txn, k.data, k.len) >= (int)mode ? 0
             : check
                 ? kv_txn_lock_newest(env->txn, k.data, k.len, mode, NULL, &val, &vlen, &found, e)
                 : kv_txn_lock_mode(env->txn, k.data, k.len, mode, NULL, &val, &vlen, &found, e);
    sbuf_free(&k);
    if (rc != 0)
        return rc;
    /* format byte, kind byte, oid, version (catalog.c sql__desc_encode) */
    bool stale = check && found && vlen >= 10 && sql__get32((const uint8_t *)val + 6) != t->version;
    xfree(val);
    if (stale && env->cat != NULL)
        sql_catalog_invalidate(env->cat); /* a retry plans with the new one */
    if (stale)
        return err_set_state(e, ERR_CONFLICT, "40001",
                             "could not serialize access due to concurrent DDL on relation "
                             "\"%s\"",
                             t->name);
    return 0;
}

int sql__table_write_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    struct sql__sess *s = sql__sess(env);
    uint64_t ts = kv_txn_start_ts(env->txn), mark = kv_txn_stmt_mark(env->txn);
    if (s->tl_ts != ts || s->tl_mark != mark) {
        s->tl_ts = ts;
        s->tl_mark = mark;
        s->ntl = 0;
    }
    for (int i = 0; i < s->ntl; i++)
        if (s->tl[i] == t->oid)
            return 0;
    int rc = sql_table_lock(env, t->oid, t->name, KV_TLOCK_ROW_EXCLUSIVE, false, e);
    if (rc == 0)
        rc = lock_desc(env, t, KV_LOCK_SHARE, true, e);
    if (rc == 0 && s->ntl < (int)(sizeof s->tl / sizeof s->tl[0]))
        s->tl[s->ntl++] = t->oid;
    return rc;
}

int sql__table_ddl_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    int rc = sql__table_ddl_tlock(env, t->oid, e);
    if (rc == 0)
        rc = lock_desc(env, t, KV_LOCK_NO_KEY_UPDATE, false, e);
    if (rc == 0)
        rc = kv_txn_refresh_read_ts(env->txn, e);
    return rc;
}

/* ---- PostgreSQL's table lock modes (kv's table locks) ---- */

static int interrupt_cb(void *arg, struct err *e)
{
    return sql_env_check_interrupts(arg, e);
}

int sql_table_lock(struct sql_env *env, uint32_t oid, const char *name, int mode, bool nowait,
                   struct err *e)
{
    if (kv_txn_table_locks_held(env->txn, oid, 0) & (1u << mode))
        return 0;
    uint32_t db = env->db_oid;
    if (db == 0) {
        struct err ign = {0};
        if (sql__db_oid(env, &db, &ign) != 0)
            db = 0;
    }
    struct kv_tlock_opts o = {.nowait = nowait,
                              .owner = env->backend_pid,
                              .db = db,
                              .interrupt = interrupt_cb,
                              .arg = env};
    bool waited = false;
    int rc = kv_txn_table_lock(env->txn, oid, (enum kv_tlock_mode)mode, &o, &waited, e);
    if (waited)
        sql__sess(env)->tl_waits++;
    if (rc == ERR_LOCKTIMEOUT && nowait)
        return err_set_state(e, ERR_LOCKTIMEOUT, "55P03",
                             "could not obtain lock on relation \"%s\"", name);
    if (rc == ERR_LOCKTIMEOUT)
        return err_set_state(e, ERR_LOCKTIMEOUT, "55P03",
                             "canceling statement due to lock timeout");
    if (rc == ERR_DEADLOCK)
        return err_set_state(e, ERR_DEADLOCK, "40P01", "deadlock detected");
    return rc;
}

uint64_t sql_table_lock_waits(struct sql_env *env)
{
    return sql__sess(env)->tl_waits;
}

int sql_table_read_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    /* modes stronger than ACCESS SHARE taken by this statement (a DML
     * target, FOR UPDATE) stand for it, as PostgreSQL's range table entry
     * carries one mode */
    unsigned held = kv_txn_table_locks_held(env->txn, t->oid, kv_txn_stmt_mark(env->txn));
    if (held != 0)
        return 0;
    return sql_table_lock(env, t->oid, t->name, KV_TLOCK_ACCESS_SHARE, false, e);
}

int sql__table_ddl_tlock(struct sql_env *env, uint32_t oid, struct err *e)
{
    if (env->txn == NULL || oid == 0)
        return 0;
    int mode = sql__sess(env)->tl_ddl_mode;
    return sql_table_lock(env, oid, "", mode != 0 ? mode : KV_TLOCK_ACCESS_EXCLUSIVE, false, e);
}

int sql__desc_store_tlock(struct sql_env *env, const struct sql_table_desc *t, int mode,
                          struct err *e)
{
    struct sql__sess *s = sql__sess(env);
    int saved = s->tl_ddl_mode;
    s->tl_ddl_mode = mode;
    int rc = sql__desc_store(env, t, e);
    s->tl_ddl_mode = saved;
    return rc;
}

/* The view's base relations, recursively, in mode. */
static int lock_view_rels(struct sql_env *env, const struct sql_table_desc *v, int mode,
                          bool nowait, int depth, struct err *e)
{
    for (int i = 0; i < v->ndeps; i++) {
        uint32_t oid = v->deps[i].oid;
        bool seen = oid == v->oid;
        for (int j = 0; j < i && !seen; j++)
            seen = v->deps[j].oid == oid;
        if (seen)
            continue;
        const struct sql_table_desc *b = NULL;
        int rc = sql_cat_table_by_oid(env, oid, &b, e);
        if (rc != 0)
            return rc;
        if (b == NULL || (b->kind != 'r' && b->kind != 'v'))
            continue;
        rc = sql_table_lock(env, b->oid, b->name, mode, nowait, e);
        if (rc == 0 && b->kind == 'v' && depth < 32)
            rc = lock_view_rels(env, b, mode, nowait, depth + 1, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int sql__lock_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    int mode = st->u.lock.mode;
    if (mode < KV_TLOCK_ACCESS_SHARE || mode > KV_TLOCK_ACCESS_EXCLUSIVE)
        return err_set_state(e, ERR_INVAL, "22023", "unrecognized lock mode: %d", mode);
    for (int i = 0; i < st->u.lock.rels.n; i++) {
        const struct sql_rangevar *rv = st->u.lock.rels.items[i];
        uint32_t oid = 0, ns = 0;
        char kind = 0;
        int rc = sql__find_rel(env, rv->name.schema, rv->name.name, &oid, &kind, &ns, e);
        if (rc != 0)
            return rc;
        if (oid == 0 && sql_vtab_lookup(rv->name.schema, rv->name.name) != NULL)
            continue; /* a system catalog: nothing to wait for here */
        if (oid == 0 && rv->name.schema != NULL && ns == 0)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                 rv->name.schema);
        if (oid == 0)
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                                 rv->name.name);
        const struct sql_table_desc *t = NULL;
        if (kind == 'r' || kind == 'v') {
            rc = sql_cat_table_by_oid(env, oid, &t, e);
            if (rc != 0)
                return rc;
        }
        if (t == NULL || t->matview) {
            const char *what = t != NULL     ? "materialized views"
                               : kind == 'S' ? "sequences"
                               : kind == 'i' ? "indexes"
                                             : "this kind of relation";
            return err_set_state(e, ERR_INVAL, "42809",
                                 "cannot lock relation \"%s\"\nDETAIL:  This operation is not "
                                 "supported for %s.",
                                 rv->name.name, what);
        }
        /* LockTableAclCheck: the privileges the mode asks for (any one) */
        uint32_t need = mode == KV_TLOCK_ACCESS_SHARE ? SQL_ACL_SELECT
                        : mode == KV_TLOCK_ROW_EXCLUSIVE
                            ? SQL_ACL_INSERT | SQL_ACL_UPDATE | SQL_ACL_DELETE | SQL_ACL_TRUNCATE
                            : SQL_ACL_UPDATE | SQL_ACL_DELETE | SQL_ACL_TRUNCATE;
        if (!env->superuser &&
            (rc = sql__acl_check(env, NULL, 'r', t->oid, t->owner, sql__acl_relkind_word(t),
                                 t->name, need, true, e)) != 0)
            return rc;
        rc = sql_table_lock(env, t->oid, t->name, mode, st->u.lock.nowait, e);
        if (rc == 0 && t->kind == 'v')
            rc = lock_view_rels(env, t, mode, st->u.lock.nowait, 0, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}
