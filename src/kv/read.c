/* read.c — MVCC point reads at a timestamp (DESIGN.md §6 "Read at ts T").
 *
 * A read at ts R of key k: wait for a 1PC commit of k that may land at or
 * below R (latch.c), then in one engine snapshot: a lock on k with start_ts
 * <= R belongs to a transaction that may commit below R — resolve it
 * (resolve.c) or wait for it and start over; otherwise the newest write
 * record of k with commit_ts <= R names the value (rollback records are
 * skipped, a delete means "no value"). Percolator, §2.2 "Get".
 */
#include "kv/kv_int.h"

#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>
#include <time.h>

void kv__backoff(int attempt)
{
    int ms = 1 << (attempt < 5 ? attempt : 5);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

int64_t kv__lock_deadline(struct kv *kv, int lock_timeout_ms)
{
    int64_t wait = lock_timeout_ms > 0 ? lock_timeout_ms : 60000;
    if (lock_timeout_ms <= 0 && wait < 4 * (int64_t)kv->opt.lock_ttl_ms)
        wait = 4 * (int64_t)kv->opt.lock_ttl_ms;
    return kv__now_ms(kv) + wait;
}

static void *copy_out(struct mem_ctx *ctx, const void *p, size_t n)
{
    void *v = ctx != NULL ? mem_alloc(ctx, n ? n : 1) : xmalloc(n ? n : 1);
    if (n > 0)
        memcpy(v, p, n);
    return v;
}

int kv__read_version(struct kv *kv, const struct eng_snapshot *snap, const void *ek, size_t eklen,
                     uint64_t read_ts, struct mem_ctx *ctx, struct kv__read *out, struct err *err)
{
    struct sbuf seek, hi;
    sbuf_init(&seek);
    sbuf_init(&hi);
    sbuf_append(&seek, ek, eklen);
    kv__key_put_ts(&seek, read_ts);
    kv__key_esc_end(&hi, ek, eklen);
    memset(out, 0, sizeof *out);

    int rc = 0;
    /* every key in [ek, hi) is ek + a timestamp, and the seek key is one */
    struct eng_iter *it =
        eng_iter_new_versions(kv->cf[KV_CF_WRITE], snap, ek, eklen, hi.data, hi.len);
    for (eng_iter_seek(it, seek.data, seek.len); eng_iter_valid(it); eng_iter_next(it)) {
        size_t klen, vlen;
        const void *key = eng_iter_key(it, &klen);
        const void *val = eng_iter_value(it, &vlen);
        if (klen != eklen + KV__TS_LEN) {
            rc = err_set(err, ERR_CORRUPT, "kv: write CF key of %zu bytes under a %zu byte key",
                         klen, eklen);
            break;
        }
        struct kv__write_rec w;
        rc = kv__write_rec_decode(val, vlen, &w, err);
        if (rc != 0)
            break;
        if (w.kind == KV__OP_ROLLBACK)
            continue;
        out->commit_ts = out->newest_commit_ts = kv__key_get_ts(key, klen);
        if (w.kind == KV__OP_DELETE)
            break;
        if (w.has_value) {
            out->val = copy_out(ctx, w.value, w.value_len);
            out->vlen = w.value_len;
            out->found = true;
            break;
        }
        /* the value is in the data CF at esc(k) + ~start_ts */
        struct sbuf dk;
        sbuf_init(&dk);
        sbuf_append(&dk, ek, eklen);
        kv__key_put_ts(&dk, w.start_ts);
        void *d = NULL;
        size_t dlen = 0;
        rc = eng_get(kv->cf[KV_CF_DATA], snap, dk.data, dk.len, NULL, &d, &dlen, err);
        sbuf_free(&dk);
        if (rc == ERR_NOTFOUND)
            rc = err_set(err, ERR_CORRUPT, "kv: write record without its data (start_ts %llu)",
                         (unsigned long long)w.start_ts);
        if (rc != 0)
            break;
        const void *v;
        size_t n;
        rc = kv__data_rec_decode(d, dlen, &v, &n, err);
        if (rc == 0) {
            out->val = copy_out(ctx, v, n);
            out->vlen = n;
            out->found = true;
        }
        xfree(d);
        break;
    }
    if (rc == 0)
        rc = eng_iter_status(it, err);
    eng_iter_free(it);
    sbuf_free(&seek);
    sbuf_free(&hi);
    if (rc != 0 && out->found && ctx == NULL)
        xfree(out->val);
    if (rc != 0) {
        out->found = false;
        out->val = NULL;
    }
    return rc;
}

int kv__read_point(struct kv *kv, const void *ek, size_t eklen, uint64_t read_ts,
                   int64_t deadline_ms, struct mem_ctx *ctx, struct kv__read *out, struct err *err)
{
    struct sbuf next;
    sbuf_init(&next);
    sbuf_append(&next, ek, eklen);
    sbuf_putc(&next, 0x00); /* [ek, ek 0x00) holds ek only */
    int rc, attempt = 0;
    for (;;) {
        struct rng_desc d;
        rc = kv__route(kv, ek, eklen, &d, err);
        if (rc != 0)
            break;
        rc = kv__read_begin(kv, d.range_id, err);
        rng_desc_free(&d);
        if (rc != 0)
            break;
        kv__latch_wait_read(kv, ek, eklen, next.data, next.len, read_ts);

        struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
        void *lv = NULL;
        size_t llen = 0;
        rc = eng_get(kv->cf[KV_CF_LOCK], snap, ek, eklen, NULL, &lv, &llen, err);
        if (rc == ERR_NOTFOUND) {
            rc = kv__read_version(kv, snap, ek, eklen, read_ts, ctx, out, err);
            eng_snapshot_free(snap);
            break;
        }
        if (rc != 0) {
            eng_snapshot_free(snap);
            break;
        }
        struct kv__lock_rec lk;
        rc = kv__lock_rec_decode(lv, llen, &lk, err);
        if (rc != 0 || lk.start_ts > read_ts) {
            /* a lock of a transaction that started after us cannot commit
             * below read_ts: read past it */
            if (rc == 0)
                rc = kv__read_version(kv, snap, ek, eklen, read_ts, ctx, out, err);
            xfree(lv);
            eng_snapshot_free(snap);
            break;
        }
        eng_snapshot_free(snap);
        bool resolved = false;
        rc = kv__resolve(kv, ek, eklen, &lk, &resolved, err);
        uint64_t owner = lk.start_ts;
        xfree(lv);
        if (rc != 0)
            break;
        if (resolved) {
            attempt = 0;
            continue;
        }
        if (kv__now_ms(kv) >= deadline_ms) {
            rc = err_set(err, ERR_LOCKTIMEOUT,
                         "canceling statement due to lock timeout: key locked by committing "
                         "transaction %llu",
                         (unsigned long long)owner);
            KV__COUNT(kv, lock_timeouts);
            met_counter_inc(kv->m.lock_timeouts);
            break;
        }
        kv__backoff(attempt++);
    }
    sbuf_free(&next);
    return rc;
}
