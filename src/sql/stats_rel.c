/* stats_rel.c — pg_class.reltuples / relpages as PostgreSQL keeps them:
 * ANALYZE updates them in place (vac_update_relstats, non-transactional),
 * so they survive a ROLLBACK of the transaction that ran ANALYZE, while
 * the column statistics (stats.c's record, pg_statistic) are rolled back.
 *
 * ANALYZE also writes a small record at the system key 0x01 'y' <table oid
 * BE32> in a short kv transaction of its own, committed at once (as
 * sequences advance):
 *   0   1  version = 1
 *   1   4  the table descriptor's version ANALYZE started from
 *   5   8  reltuples (int64)
 *   13  4  relpages (int32)
 *   17  4  CRC-32C
 * pg_class takes these values only while the descriptor is still at that
 * version: then the ANALYZE rolled back (or found the count unchanged). A
 * committed ANALYZE bumps the version and its descriptor holds the same
 * values; any other change since (TRUNCATE, ALTER TABLE, a later ANALYZE)
 * makes the descriptor's own values win. Nobody else writes these keys, so
 * the short transaction takes no lock a user transaction holds. */
#include "sql/stats_rel.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/env.h"

#define SQL_KEY_RELSTATS 'y'
#define REC_VERSION      1
#define REC_LEN          21
#define PUT_RETRIES      3

static void key_relstats(struct sbuf *b, uint32_t oid)
{
    sbuf_reset(b);
    sbuf_putc(b, 0x01);
    sbuf_putc(b, SQL_KEY_RELSTATS);
    sql__put32(b, oid);
}

void sql_stats_rel_put(struct sql_env *env, uint32_t oid, uint32_t base_version, int64_t reltuples,
                       int32_t relpages)
{
    if (env == NULL || env->kv == NULL)
        return;
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    key_relstats(&k, oid);
    sbuf_putc(&v, REC_VERSION);
    sql__put32(&v, base_version);
    sql__put64(&v, (uint64_t)reltuples);
    sql__put32(&v, (uint32_t)relpages);
    sql__put_crc(&v);
    for (int attempt = 0; attempt < PUT_RETRIES; attempt++) {
        struct err e = {0};
        struct kv_txn *t = NULL;
        int rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, false, &t, &e);
        if (rc != 0)
            break;
        rc = kv_txn_put(t, k.data, k.len, v.data, v.len, &e);
        if (rc != 0) {
            kv_txn_rollback(t);
        } else {
            rc = kv_txn_commit(t, &e);
            if (rc == 0)
                break;
        }
        if (rc != ERR_CONFLICT && rc != ERR_DEADLOCK)
            break; /* the transactional values stand */
    }
    sbuf_free(&k);
    sbuf_free(&v);
}

int sql_stats_rel_get(struct sql_env *env, const struct sql_table_desc *t, bool *found,
                      int64_t *reltuples, int32_t *relpages, struct err *e)
{
    *found = false;
    if (env == NULL || env->kv == NULL || t == NULL || t->kind != 'r')
        return 0;
    struct sbuf k;
    sbuf_init(&k);
    key_relstats(&k, t->oid);
    /* through the statement's transaction when there is one (its snapshot
     * sees what committed before it), else a short one */
    struct kv_txn *x = env->txn;
    void *val = NULL;
    size_t vl = 0;
    bool f = false;
    int rc = x != NULL ? 0 : kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &x, e);
    if (rc == 0)
        rc = kv_txn_get(x, k.data, k.len, env->stmt_ctx, &val, &vl, &f, e);
    if (x != NULL && x != env->txn)
        kv_txn_rollback(x);
    sbuf_free(&k);
    if (rc != 0 || !f)
        return rc;
    const uint8_t *p = val;
    if (vl != REC_LEN || !sql__crc_ok(p, vl, REC_VERSION))
        return err_set_state(e, ERR_CORRUPT, "XX001", "relation statistics record of %u is corrupt",
                             t->oid);
    if (sql__get32(p + 1) != t->version)
        return 0;
    *found = true;
    *reltuples = (int64_t)sql__get64(p + 5);
    *relpages = (int32_t)sql__get32(p + 13);
    return 0;
}
