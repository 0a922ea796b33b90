/* table_lock.c — table-level locks between writers and DDL.
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
 * maintain).
 */
#include "sql/catalog_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/env.h"

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
    int rc = kv_txn_lock_held(env->txn, k.data, k.len) >= (int)mode
                 ? 0
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
    int rc = lock_desc(env, t, KV_LOCK_SHARE, true, e);
    if (rc == 0 && s->ntl < (int)(sizeof s->tl / sizeof s->tl[0]))
        s->tl[s->ntl++] = t->oid;
    return rc;
}

int sql__table_ddl_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    int rc = lock_desc(env, t, KV_LOCK_NO_KEY_UPDATE, false, e);
    if (rc == 0)
        rc = kv_txn_refresh_read_ts(env->txn, e);
    return rc;
}
