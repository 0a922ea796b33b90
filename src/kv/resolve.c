/* resolve.c — resolving the locks of crashed or committing transactions.
 *
 * Percolator §2.2: the primary key decides. For a lock of transaction S:
 *  - the primary has a write record with start_ts S: committed at its
 *    commit_ts (roll the key forward: write record, lock removed) or rolled
 *    back (remove the lock and the data, write a rollback record);
 *  - the primary still holds S's lock: S is alive until that lock's TTL
 *    passes; then the primary is rolled back first (a rollback record, so a
 *    late commit or prewrite of S fails), and the key after it;
 *  - the primary has neither: S's prewrite of the primary has not landed —
 *    once the lock found expired, write the rollback record on the primary
 *    (which makes that prewrite fail when it lands).
 * Every change is made under the key's latch after re-checking in a fresh
 * snapshot, so a resolver, the coordinator and other resolvers never
 * overwrite each other's decisions.
 */
#include "kv/kv_int.h"

#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>

/* Whether transaction start_ts is still running on this node: its
 * coordinator is alive, however long its commit takes (a big prewrite on a
 * loaded machine outlives any TTL), so its locks never count as expired
 * here. This is the heartbeat of a coordinator on the resolver's node. */
static bool txn_alive(struct kv *kv, uint64_t start_ts)
{
    bool alive = false;
    pthread_mutex_lock(&kv->txns_mu);
    for (const struct kv_txn *t = kv->txns; t != NULL && !alive; t = t->next)
        alive = t->start_ts == start_ts && t->state != KV__TXN_DONE;
    pthread_mutex_unlock(&kv->txns_mu);
    return alive;
}

static bool lock_expired(struct kv *kv, const struct kv__lock_rec *lk)
{
    return kv__now_ms(kv) > (int64_t)(lk->lock_ms + lk->ttl_ms) && !txn_alive(kv, lk->start_ts);
}

/* Look for S's write record on ek in snap: *st COMMITTED (with *commit_ts),
 * ROLLED_BACK, or PENDING when none. */
static int find_record(struct kv *kv, const struct eng_snapshot *snap, const void *ek, size_t eklen,
                       uint64_t start_ts, enum kv__status *st, uint64_t *commit_ts, struct err *err)
{
    struct sbuf hi;
    sbuf_init(&hi);
    kv__key_esc_end(&hi, ek, eklen);
    *st = KV__ST_PENDING;
    int rc = 0;
    struct eng_iter *it = eng_iter_new(kv->cf[KV_CF_WRITE], snap, ek, eklen, hi.data, hi.len);
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
        size_t klen, vlen;
        const void *key = eng_iter_key(it, &klen);
        const void *val = eng_iter_value(it, &vlen);
        if (klen != eklen + KV__TS_LEN) {
            rc = err_set(err, ERR_CORRUPT, "kv: write CF key of %zu bytes under a %zu byte key",
                         klen, eklen);
            break;
        }
        uint64_t ts = kv__key_get_ts(key, klen);
        if (ts < start_ts)
            break; /* newest first: nothing of S below */
        struct kv__write_rec w;
        rc = kv__write_rec_decode(val, vlen, &w, err);
        if (rc != 0)
            break;
        if (w.start_ts != start_ts)
            continue;
        *st = w.kind == KV__OP_ROLLBACK ? KV__ST_ROLLED_BACK : KV__ST_COMMITTED;
        *commit_ts = ts;
        break;
    }
    if (rc == 0)
        rc = eng_iter_status(it, err);
    eng_iter_free(it);
    sbuf_free(&hi);
    return rc;
}

/* The lock on ek in snap: *has true with *lk (bytes in *buf, caller
 * xfrees) when present. */
static int get_lock(struct kv *kv, const struct eng_snapshot *snap, const void *ek, size_t eklen,
                    bool *has, struct kv__lock_rec *lk, void **buf, struct err *err)
{
    size_t n = 0;
    *has = false;
    *buf = NULL;
    int rc = eng_get(kv->cf[KV_CF_LOCK], snap, ek, eklen, NULL, buf, &n, err);
    if (rc == ERR_NOTFOUND)
        return 0;
    if (rc != 0)
        return rc;
    rc = kv__lock_rec_decode(*buf, n, lk, err);
    if (rc != 0) {
        xfree(*buf);
        *buf = NULL;
        return rc;
    }
    *has = true;
    return 0;
}

static void put_write(struct rng_batch *b, const void *ek, size_t eklen, uint64_t ts,
                      const struct kv__write_rec *w)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sbuf_append(&k, ek, eklen);
    kv__key_put_ts(&k, ts);
    kv__write_rec_encode(&v, w);
    rng_batch_put(b, KV_CF_WRITE, k.data, k.len, v.data, v.len);
    sbuf_free(&k);
    sbuf_free(&v);
}

static void delete_data(struct rng_batch *b, const void *ek, size_t eklen, uint64_t start_ts)
{
    struct sbuf k;
    sbuf_init(&k);
    sbuf_append(&k, ek, eklen);
    kv__key_put_ts(&k, start_ts);
    rng_batch_delete(b, KV_CF_DATA, k.data, k.len);
    sbuf_free(&k);
}

void kv__batch_commit_key(struct rng_batch *b, const void *ek, size_t eklen, uint64_t start_ts,
                          uint64_t commit_ts, uint8_t kind)
{
    struct kv__write_rec w = {.kind = kind, .start_ts = start_ts};
    rng_batch_delete(b, KV_CF_LOCK, ek, eklen);
    put_write(b, ek, eklen, commit_ts, &w);
}

void kv__batch_rollback_key(struct rng_batch *b, const void *ek, size_t eklen, uint64_t start_ts,
                            bool had_lock)
{
    struct kv__write_rec w = {.kind = KV__OP_ROLLBACK, .start_ts = start_ts};
    if (had_lock) {
        rng_batch_delete(b, KV_CF_LOCK, ek, eklen);
        delete_data(b, ek, eklen, start_ts);
    }
    put_write(b, ek, eklen, start_ts, &w);
}

int kv__settle_key(struct kv *kv, const void *ek, size_t eklen, uint64_t start_ts,
                   enum kv__settle mode, bool absent_ok, uint64_t commit_ts,
                   enum kv__status *st_out, uint64_t *cts_out, struct err *err)
{
    struct kv__latch l;
    kv__latch_init(&l);
    kv__latch_add(&l, ek, eklen);
    kv__latch_acquire(kv, &l);

    struct rng_desc d;
    int rc = kv__route(kv, ek, eklen, &d, err);
    if (rc != 0)
        goto out_latch;
    rc = kv__read_begin(kv, d.range_id, err);
    if (rc != 0)
        goto out_desc;

    struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
    enum kv__status st;
    uint64_t cts = 0;
    rc = find_record(kv, snap, ek, eklen, start_ts, &st, &cts, err);
    bool has = false;
    struct kv__lock_rec lk;
    void *lbuf = NULL;
    if (rc == 0 && st == KV__ST_PENDING)
        rc = get_lock(kv, snap, ek, eklen, &has, &lk, &lbuf, err);
    eng_snapshot_free(snap);
    *cts_out = cts;
    if (rc != 0 || st != KV__ST_PENDING) {
        *st_out = st;
        goto out_lock;
    }
    bool mine = has && lk.start_ts == start_ts;
    struct rng_batch *b = NULL;
    if (mode == KV__SETTLE_COMMIT) {
        st = KV__ST_PENDING;
        if (mine) {
            b = rng_batch_new();
            kv__batch_commit_key(b, ek, eklen, start_ts, commit_ts, lk.kind);
            st = KV__ST_COMMITTED;
            *cts_out = commit_ts;
        }
    } else if (mode == KV__SETTLE_ROLLBACK_FORCE || (mine && lock_expired(kv, &lk)) ||
               (!mine && absent_ok)) {
        b = rng_batch_new();
        kv__batch_rollback_key(b, ek, eklen, start_ts, mine);
        st = KV__ST_ROLLED_BACK;
    } else {
        st = KV__ST_PENDING;
    }
    if (b != NULL) {
        rc = kv__propose(kv, d.range_id, b, err);
        rng_batch_free(b);
        if (rc == 0) {
            KV__COUNT(kv, resolved);
            met_counter_inc(kv->m.resolved);
        }
    }
    *st_out = st;
out_lock:
    xfree(lbuf);
out_desc:
    rng_desc_free(&d);
out_latch:
    kv__latch_release(kv, &l);
    kv__latch_free_keys(&l);
    return rc;
}

/* What became of S, according to its primary ep (rolling the primary back
 * when S may no longer finish). secondary_expired: the lock that sent us
 * here is past its TTL. */
static int primary_status(struct kv *kv, const void *ep, size_t eplen, uint64_t start_ts,
                          bool secondary_expired, enum kv__status *st, uint64_t *commit_ts,
                          struct err *err)
{
    struct rng_desc d;
    int rc = kv__route(kv, ep, eplen, &d, err);
    if (rc != 0)
        return rc;
    rc = kv__read_begin(kv, d.range_id, err);
    rng_desc_free(&d);
    if (rc != 0)
        return rc;
    struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
    rc = find_record(kv, snap, ep, eplen, start_ts, st, commit_ts, err);
    bool has = false;
    struct kv__lock_rec lk;
    void *lbuf = NULL;
    if (rc == 0 && *st == KV__ST_PENDING)
        rc = get_lock(kv, snap, ep, eplen, &has, &lk, &lbuf, err);
    eng_snapshot_free(snap);
    if (rc != 0 || *st != KV__ST_PENDING) {
        xfree(lbuf);
        return rc;
    }
    bool mine = has && lk.start_ts == start_ts;
    bool expired = mine ? lock_expired(kv, &lk) : secondary_expired;
    xfree(lbuf);
    if (!expired)
        return 0; /* still running: pending */
    return kv__settle_key(kv, ep, eplen, start_ts, KV__SETTLE_ROLLBACK_IF_EXPIRED, !mine, 0, st,
                          commit_ts, err);
}

int kv__resolve(struct kv *kv, const void *ek, size_t eklen, const struct kv__lock_rec *lk,
                bool *resolved, struct err *err)
{
    *resolved = false;
    struct sbuf ep;
    sbuf_init(&ep);
    kv__key_esc(&ep, lk->primary, lk->primary_len);
    enum kv__status st = KV__ST_PENDING;
    uint64_t commit_ts = 0;
    int rc = primary_status(kv, ep.data, ep.len, lk->start_ts, lock_expired(kv, lk), &st,
                            &commit_ts, err);
    bool is_primary = kv__key_cmp(ep.data, ep.len, ek, eklen) == 0;
    sbuf_free(&ep);
    if (rc != 0)
        return err_prefix(err, "resolve lock of transaction %llu",
                          (unsigned long long)lk->start_ts);
    if (st == KV__ST_PENDING)
        return 0;
    if (!is_primary) {
        enum kv__status s;
        uint64_t cts = 0;
        rc = kv__settle_key(kv, ek, eklen, lk->start_ts,
                            st == KV__ST_COMMITTED ? KV__SETTLE_COMMIT : KV__SETTLE_ROLLBACK_FORCE,
                            false, commit_ts, &s, &cts, err);
        if (rc != 0)
            return err_prefix(err, "resolve lock of transaction %llu",
                              (unsigned long long)lk->start_ts);
    }
    *resolved = true;
    return 0;
}

/* Add to l the keys in [lo, hi) of snap inside range d locked by
 * start_ts, other than the primary ep, in key order (at most
 * KV__RESOLVE_SPAN_MAX). */
static int span_locks(struct kv *kv, const struct eng_snapshot *snap, const struct rng_desc *d,
                      const void *lo, size_t lolen, const void *hi, size_t hilen, uint64_t start_ts,
                      const struct sbuf *ep, struct kv__latch *l, struct err *err)
{
    int rc = 0;
    size_t n = 0;
    struct eng_iter *it = eng_iter_new(kv->cf[KV_CF_LOCK], snap, lo, lolen, hi, hilen);
    for (eng_iter_first(it); eng_iter_valid(it) && n < KV__RESOLVE_SPAN_MAX; eng_iter_next(it)) {
        size_t klen, vlen;
        const void *k = eng_iter_key(it, &klen);
        if (kv__key_cmp(k, klen, d->start, d->start_len) < 0)
            continue;
        if (!kv__desc_below_end(d, k, klen))
            break;
        struct kv__lock_rec r;
        const void *lv = eng_iter_value(it, &vlen);
        rc = kv__lock_rec_decode(lv, vlen, &r, err);
        if (rc != 0)
            break;
        if (r.start_ts != start_ts || kv__key_cmp(k, klen, ep->data, ep->len) == 0)
            continue;
        kv__latch_add(l, k, klen);
        n++;
    }
    if (rc == 0)
        rc = eng_iter_status(it, err);
    eng_iter_free(it);
    return rc;
}

int kv__resolve_span(struct kv *kv, const void *ek, size_t eklen, const struct kv__lock_rec *lk,
                     const void *lo, size_t lolen, const void *hi, size_t hilen, bool *resolved,
                     struct err *err)
{
    *resolved = false;
    struct sbuf ep;
    sbuf_init(&ep);
    kv__key_esc(&ep, lk->primary, lk->primary_len);
    enum kv__status st = KV__ST_PENDING;
    uint64_t commit_ts = 0;
    uint64_t s = lk->start_ts;
    int rc = primary_status(kv, ep.data, ep.len, s, lock_expired(kv, lk), &st, &commit_ts, err);
    if (rc != 0 || st == KV__ST_PENDING) {
        sbuf_free(&ep);
        return rc != 0 ? err_prefix(err, "resolve lock of transaction %llu", (unsigned long long)s)
                       : 0;
    }
    /* Decided: collect S's locks in the span, then settle those still there
     * under their latches in a fresh snapshot (invariant 5). */
    struct rng_desc d;
    rc = kv__route(kv, ek, eklen, &d, err);
    if (rc == 0) {
        struct kv__latch l;
        kv__latch_init(&l);
        rc = kv__read_begin(kv, d.range_id, err);
        if (rc == 0) {
            struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
            rc = span_locks(kv, snap, &d, lo, lolen, hi, hilen, s, &ep, &l, err);
            eng_snapshot_free(snap);
        }
        size_t keep = l.n;
        if (rc == 0 && keep > 0) {
            kv__latch_acquire(kv, &l);
            rc = kv__read_begin(kv, d.range_id, err);
            struct rng_batch *b = rng_batch_new();
            if (rc == 0) {
                struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
                for (size_t i = 0; i < keep && rc == 0; i++) {
                    bool has = false;
                    struct kv__lock_rec cur;
                    void *buf = NULL;
                    rc = get_lock(kv, snap, l.keys[i], l.lens[i], &has, &cur, &buf, err);
                    if (rc == 0 && has && cur.start_ts == s) {
                        if (st == KV__ST_COMMITTED)
                            kv__batch_commit_key(b, l.keys[i], l.lens[i], s, commit_ts, cur.kind);
                        else
                            kv__batch_rollback_key(b, l.keys[i], l.lens[i], s, true);
                    }
                    xfree(buf);
                }
                eng_snapshot_free(snap);
            }
            if (rc == 0 && rng_batch_count(b) > 0) {
                rc = kv__propose(kv, d.range_id, b, err);
                if (rc == 0) {
                    KV__COUNT(kv, resolved);
                    met_counter_inc(kv->m.resolved);
                }
            }
            rng_batch_free(b);
            kv__latch_release(kv, &l);
        }
        kv__latch_free_keys(&l);
        rng_desc_free(&d);
    }
    if (rc == 0 && kv__key_cmp(ep.data, ep.len, ek, eklen) != 0) {
        /* ek itself (outside the span, or past the cap): as kv__resolve */
        enum kv__status ks;
        uint64_t cts = 0;
        rc = kv__settle_key(kv, ek, eklen, s,
                            st == KV__ST_COMMITTED ? KV__SETTLE_COMMIT : KV__SETTLE_ROLLBACK_FORCE,
                            false, commit_ts, &ks, &cts, err);
    }
    sbuf_free(&ep);
    if (rc != 0)
        return err_prefix(err, "resolve lock of transaction %llu", (unsigned long long)s);
    *resolved = true;
    return 0;
}
