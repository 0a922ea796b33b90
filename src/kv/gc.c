/* gc.c — MVCC garbage collection (DESIGN.md §6, last point).
 *
 * safepoint = now - gc_ttl, never at or beyond the oldest running
 * transaction's start_ts on this node (so every snapshot a running
 * transaction or statement can read at is >= safepoint). A reader at
 * ts >= safepoint needs, per key, the versions newer than safepoint and the
 * newest one <= safepoint; everything older is removed, and that newest one
 * too when it is a delete (the key reads as absent either way). Rollback
 * records <= safepoint are removed: no transaction that old is running.
 * Removal is proposed per range (rng_propose, batches of GC_BATCH_OPS), so
 * replicas stay identical. No latch is needed: nothing else writes or
 * checks versions at or below the safepoint (commit timestamps of new
 * commits come from the oracle, far above it; conflict checks look at
 * records >= the checking transaction's start_ts).
 *
 * Expired prewrite locks (crashed coordinators) are resolved on the way.
 * Single node: "running transactions" are this node's; a cluster-wide
 * safepoint comes with the cluster issue.
 */
#include "kv/kv_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>

#define GC_BATCH_OPS 1024

struct gc_run {
    struct kv *kv;
    uint64_t safepoint;
    uint64_t range_id;
    struct rng_batch *b;
    uint64_t pending_versions;
    struct kv_gc_stats *st;
};

static int flush(struct gc_run *g, struct err *err)
{
    if (rng_batch_count(g->b) == 0)
        return 0;
    int rc = kv__propose(g->kv, g->range_id, g->b, err);
    rng_batch_free(g->b);
    g->b = rng_batch_new();
    if (rc == 0) {
        g->st->versions_removed += g->pending_versions;
        atomic_fetch_add(&g->kv->m.n_gc_versions, g->pending_versions);
        met_counter_add(g->kv->m.gc_versions, g->pending_versions);
    }
    g->pending_versions = 0;
    return rc;
}

static void remove_version(struct gc_run *g, const void *key, size_t klen, size_t eklen,
                           const struct kv__write_rec *w)
{
    rng_batch_delete(g->b, KV_CF_WRITE, key, klen);
    if (w->kind == KV__OP_PUT && !w->has_value) {
        struct sbuf dk;
        sbuf_init(&dk);
        sbuf_append(&dk, key, eklen);
        kv__key_put_ts(&dk, w->start_ts);
        rng_batch_delete(g->b, KV_CF_DATA, dk.data, dk.len);
        sbuf_free(&dk);
    }
    g->pending_versions++;
}

static int gc_versions(struct gc_run *g, const struct rng_desc *d, struct err *err)
{
    struct kv *kv = g->kv;
    struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
    struct eng_iter *it = eng_iter_new(kv->cf[KV_CF_WRITE], snap, d->start, d->start_len,
                                       d->end_inf ? NULL : d->end, d->end_len);
    struct sbuf cur;
    sbuf_init(&cur);
    bool kept = false; /* the current key's newest version <= safepoint was seen */
    int rc = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
        size_t klen, vlen, eklen;
        const void *k = eng_iter_key(it, &klen);
        rc = kv__key_unesc(k, klen, &eklen, NULL, err);
        if (rc != 0)
            break;
        if (klen != eklen + KV__TS_LEN) {
            rc = err_set(err, ERR_CORRUPT, "kv: gc: write CF key of %zu bytes", klen);
            break;
        }
        if (cur.len != eklen || memcmp(cur.data, k, eklen) != 0) {
            sbuf_reset(&cur);
            sbuf_append(&cur, k, eklen);
            kept = false;
        }
        uint64_t ts = kv__key_get_ts(k, klen);
        if (ts > g->safepoint)
            continue;
        const void *v = eng_iter_value(it, &vlen);
        struct kv__write_rec w;
        rc = kv__write_rec_decode(v, vlen, &w, err);
        if (rc != 0)
            break;
        if (w.kind == KV__OP_ROLLBACK) {
            remove_version(g, k, klen, eklen, &w);
        } else if (!kept) {
            kept = true;
            if (w.kind == KV__OP_DELETE)
                remove_version(g, k, klen, eklen, &w);
        } else {
            remove_version(g, k, klen, eklen, &w);
        }
        if (rng_batch_count(g->b) >= GC_BATCH_OPS) {
            rc = flush(g, err);
            if (rc != 0)
                break;
        }
    }
    if (rc == 0)
        rc = eng_iter_status(it, err);
    eng_iter_free(it);
    eng_snapshot_free(snap);
    sbuf_free(&cur);
    if (rc == 0)
        rc = flush(g, err);
    return rc;
}

/* Resolve the expired locks of range d. */
static int gc_locks(struct gc_run *g, const struct rng_desc *d, struct err *err)
{
    struct kv *kv = g->kv;
    struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
    struct eng_iter *it = eng_iter_new(kv->cf[KV_CF_LOCK], snap, d->start, d->start_len,
                                       d->end_inf ? NULL : d->end, d->end_len);
    /* collect first: resolving proposes and must not hold the snapshot */
    size_t n = 0, cap = 0;
    struct sbuf *keys = NULL, *vals = NULL;
    int64_t now = kv__now_ms(kv);
    int rc = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
        size_t klen, vlen;
        const void *k = eng_iter_key(it, &klen);
        const void *v = eng_iter_value(it, &vlen);
        struct kv__lock_rec lk;
        rc = kv__lock_rec_decode(v, vlen, &lk, err);
        if (rc != 0)
            break;
        if (now <= (int64_t)(lk.lock_ms + lk.ttl_ms))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            keys = xrealloc(keys, cap * sizeof *keys);
            vals = xrealloc(vals, cap * sizeof *vals);
        }
        sbuf_init(&keys[n]);
        sbuf_init(&vals[n]);
        sbuf_append(&keys[n], k, klen);
        sbuf_append(&vals[n], v, vlen);
        n++;
    }
    if (rc == 0)
        rc = eng_iter_status(it, err);
    eng_iter_free(it);
    eng_snapshot_free(snap);
    for (size_t i = 0; i < n; i++) {
        struct kv__lock_rec lk;
        bool resolved = false;
        if (rc == 0)
            rc = kv__lock_rec_decode(vals[i].data, vals[i].len, &lk, err);
        if (rc == 0)
            rc = kv__resolve(kv, keys[i].data, keys[i].len, &lk, &resolved, err);
        if (rc == 0 && resolved)
            g->st->locks_resolved++;
        sbuf_free(&keys[i]);
        sbuf_free(&vals[i]);
    }
    xfree(keys);
    xfree(vals);
    return rc;
}

int kv_gc_run(struct kv *kv, uint64_t gc_ttl_ms, struct kv_gc_stats *stats, struct err *err)
{
    struct kv_gc_stats local;
    struct kv_gc_stats *st = stats != NULL ? stats : &local;
    memset(st, 0, sizeof *st);
    uint64_t now;
    int rc = kv__tso_next(kv, &now, err);
    if (rc != 0)
        return err_prefix(err, "gc");
    uint64_t ttl_ts = gc_ttl_ms < (UINT64_MAX >> KV_TS_LOGICAL_BITS)
                          ? gc_ttl_ms << KV_TS_LOGICAL_BITS
                          : UINT64_MAX;
    uint64_t sp = now > ttl_ts ? now - ttl_ts : 0;
    uint64_t oldest = kv__oldest_active(kv);
    if (oldest != UINT64_MAX && (oldest == 0 || oldest - 1 < sp))
        sp = oldest == 0 ? 0 : oldest - 1;
    st->safepoint = sp;

    struct rng_desc *all = NULL;
    size_t cnt = 0;
    rc = rng_list(kv->store, &all, &cnt, err);
    if (rc != 0)
        return err_prefix(err, "gc: range list");
    for (size_t i = 0; i < cnt && rc == 0; i++) {
        struct err e = {0};
        int r = kv__read_begin(kv, all[i].range_id, &e);
        if (r == ERR_NOTLEADER || r == ERR_NOTFOUND)
            continue; /* another node's job */
        if (r == 0) {
            struct gc_run g = {.kv = kv,
                               .safepoint = sp,
                               .range_id = all[i].range_id,
                               .b = rng_batch_new(),
                               .st = st};
            r = gc_locks(&g, &all[i], &e);
            if (r == 0 && sp != 0)
                r = gc_versions(&g, &all[i], &e);
            rng_batch_free(g.b);
            st->ranges++;
        }
        if (r != 0) {
            rc = r;
            if (err != NULL)
                *err = e;
            err_prefix(err, "gc: range %llu", (unsigned long long)all[i].range_id);
        }
    }
    rng_desc_array_free(all, cnt);
    return rc;
}

/* ---- dropped spans ---------------------------------------------------------------- */

static uint64_t oldest_other(struct kv *kv, const struct kv_txn *self)
{
    uint64_t oldest = UINT64_MAX;
    pthread_mutex_lock(&kv->txns_mu);
    for (struct kv_txn *t = kv->txns; t != NULL; t = t->next)
        if (t != self && t->start_ts < oldest)
            oldest = t->start_ts;
    pthread_mutex_unlock(&kv->txns_mu);
    return oldest;
}

int kv_clear_span(struct kv *kv, const struct kv_txn *self, const void *start, size_t slen,
                  const void *end, size_t elen, uint64_t seen_ts, bool *cleared, struct err *err)
{
    *cleared = false;
    if (oldest_other(kv, self) <= seen_ts)
        return 0;
    /* Every version of a key lies between esc(k) and the next key's esc
     * (keys.c): the escaped bounds cover exactly the span's records. */
    struct sbuf lo, hi;
    sbuf_init(&lo);
    sbuf_init(&hi);
    kv__key_esc(&lo, start, slen);
    kv__key_esc(&hi, end, elen);
    static const int cfs[] = {KV_CF_LOCK, KV_CF_WRITE, KV_CF_DATA};
    int rc = 0;
    while (rc == 0 && kv__key_cmp(lo.data, lo.len, hi.data, hi.len) < 0) {
        struct rng_desc d;
        rc = kv__route(kv, lo.data, lo.len, &d, err);
        if (rc != 0)
            break;
        /* the part of the span inside this range */
        bool last = d.end_inf || kv__key_cmp(hi.data, hi.len, d.end, d.end_len) <= 0;
        const void *ce = last ? (const void *)hi.data : (const void *)d.end;
        size_t cel = last ? hi.len : d.end_len;
        struct rng_batch *b = rng_batch_new();
        for (size_t i = 0; i < sizeof(cfs) / sizeof(cfs[0]); i++)
            rng_batch_delete_range(b, cfs[i], lo.data, lo.len, ce, cel);
        rc = kv__propose(kv, d.range_id, b, err);
        rng_batch_free(b);
        if (rc == 0 && !last) {
            sbuf_reset(&lo);
            sbuf_append(&lo, d.end, d.end_len);
        }
        rng_desc_free(&d);
        if (last)
            break;
    }
    sbuf_free(&lo);
    sbuf_free(&hi);
    *cleared = rc == 0;
    return rc;
}
