/* commit.c — committing a transaction's buffered writes (DESIGN.md §6).
 *
 * One range written: one-phase commit — under the keys' latches, check
 * every key (no lock of another transaction, no commit newer than the
 * for_update_ts of our pessimistic lock), take commit_ts, and propose the
 * write records (short values inline) and data in one batch; no lock record
 * is ever written. The latch set gates readers (latch.c) until it applies.
 *
 * Several ranges: Percolator two-phase commit (Percolator §2.2, TiKV's
 * pessimistic transactions). The primary is the smallest written key.
 *   1. prewrite every range in parallel (rng_propose_async): under that
 *      range's latches check its keys as above, then propose lock records
 *      (primary, start_ts, kind, TTL, for_update_ts) and data records;
 *   2. take commit_ts and commit the primary (delete its lock, write its
 *      write record) under its latch after checking the lock is still ours
 *      — the commit point;
 *   3. hand the secondaries to the background worker (worker.c).
 * A failure before the commit point rolls back: a rollback record on the
 * primary first (so any late prewrite or resolver sees the abort), then
 * the other prewritten keys in the background.
 *
 * A lock of another transaction met while checking is resolved (resolve.c)
 * with our latches released, then the check starts over.
 *
 * Keys in the transaction's fresh spans (kv_txn_fresh_span: nobody else can
 * reach them before the commit) are neither checked nor locked: once
 * commit_ts is known and before the commit point, their committed versions
 * (write records, values inline) are proposed directly (write_fresh). They
 * become reachable only through keys the transaction committed normally
 * (the relation's descriptor), so they appear atomically with the rest. If
 * the commit then fails they are deleted again; after a crash in between
 * they stay as unreachable garbage under ids that are never reused.
 */
#include "kv/kv_int.h"

#include "common/assert.h"
#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>
#include <time.h>

/* A run of mutations [from, to) in one range, at most KV__CHUNK_BYTES
 * (kv__commit): one proposal. Several chunks in one range are committed
 * like several ranges, with two-phase commit. */
struct group {
    uint64_t range_id;
    size_t from, to;
};

/* Another transaction's lock met during a check (copied out of the
 * snapshot). */
struct foreign {
    bool found;
    struct sbuf key;
    void *buf;
    struct kv__lock_rec lk;
};

static void foreign_clear(struct foreign *f)
{
    if (f->found) {
        sbuf_free(&f->key);
        xfree(f->buf);
    }
    memset(f, 0, sizeof *f);
}

static int conflict(struct err *e, const char *detail)
{
    return err_set_state(e, ERR_CONFLICT, "40001",
                         "could not serialize access due to concurrent update%s%s",
                         detail != NULL ? ": " : "", detail != NULL ? detail : "");
}

/* The engine's view of the keys of one group, walked in key order with one
 * iterator per CF (check_group): a key without a lock or newer write costs
 * no engine lookup of its own when the next record lies beyond it, so a
 * bulk write into a fresh key span checks its whole chunk with two seeks. */
struct walk {
    struct eng_iter *lock, *write;
};

/* Position it at the first key >= ek; false when there is none. */
static bool walk_to(struct eng_iter *it, const void *ek, size_t eklen)
{
    if (!eng_iter_valid(it))
        return false;
    size_t klen;
    const void *key = eng_iter_key(it, &klen);
    if (kv__key_cmp(key, klen, ek, eklen) < 0) {
        eng_iter_seek(it, ek, eklen);
        return eng_iter_valid(it);
    }
    return true;
}

/* Check one key for transaction t (keys come in ascending order): returns
 * 0 (free to write), 0 with f->found (another transaction's lock: resolve
 * it), ERR_CONFLICT (a commit newer than our lock, or we were rolled back)
 * or an engine error. */
static int check_key(struct kv_txn *t, struct walk *w, const struct kv__mut *m, struct foreign *f,
                     struct err *e)
{
    const void *ek = m->e->key;
    size_t eklen = m->e->klen;
    uint64_t fut = m->e->for_update_ts ? m->e->for_update_ts : t->start_ts;

    size_t klen, vlen;
    if (walk_to(w->lock, ek, eklen)) {
        const void *key = eng_iter_key(w->lock, &klen);
        if (kv__key_cmp(key, klen, ek, eklen) == 0) {
            const void *lv = eng_iter_value(w->lock, &vlen);
            struct kv__lock_rec lk;
            int rc = kv__lock_rec_decode(lv, vlen, &lk, e);
            if (rc != 0)
                return rc;
            if (lk.start_ts != t->start_ts) {
                /* copy out: lk points into the iterator's value */
                f->found = true;
                sbuf_init(&f->key);
                sbuf_append(&f->key, ek, eklen);
                f->buf = xmalloc(vlen);
                memcpy(f->buf, lv, vlen);
                return kv__lock_rec_decode(f->buf, vlen, &f->lk, e);
            }
            /* our own lock from an earlier attempt */
        }
    }

    /* versions of ek, newest first: every key starting with ek (esc is
     * prefix-free) */
    for (bool ok = walk_to(w->write, ek, eklen); ok;
         eng_iter_next(w->write), ok = eng_iter_valid(w->write)) {
        const void *key = eng_iter_key(w->write, &klen);
        if (klen < eklen || memcmp(key, ek, eklen) != 0)
            break;
        if (klen != eklen + KV__TS_LEN)
            return err_set(e, ERR_CORRUPT, "kv: write CF key of %zu bytes under a %zu byte key",
                           klen, eklen);
        uint64_t ts = kv__key_get_ts(key, klen);
        if (ts < t->start_ts)
            break;
        const void *val = eng_iter_value(w->write, &vlen);
        struct kv__write_rec wr;
        int rc = kv__write_rec_decode(val, vlen, &wr, e);
        if (rc != 0)
            return rc;
        if (wr.start_ts == t->start_ts)
            return conflict(e, "the transaction was rolled back by another one after its locks "
                               "expired");
        if (ts > fut && wr.kind != KV__OP_ROLLBACK)
            return conflict(e, NULL);
    }
    return 0;
}

/* Check muts[from, to) of range range_id under latch l (held): 0, 0 with
 * f->found, or an error. */
static int check_group(struct kv_txn *t, const struct kv__mut *muts, size_t from, size_t to,
                       uint64_t range_id, struct foreign *f, struct err *e)
{
    struct kv *kv = t->kv;
    int rc = kv__read_begin(kv, range_id, e);
    if (rc != 0)
        return rc;
    struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
    const struct kv__bent *lo = muts[from].e, *last = muts[to - 1].e;
    struct sbuf hi;
    sbuf_init(&hi);
    kv__key_esc_end(&hi, last->key, last->klen);
    struct walk w = {
        .lock = eng_iter_new(kv->cf[KV_CF_LOCK], snap, lo->key, lo->klen, hi.data, hi.len),
        .write = eng_iter_new(kv->cf[KV_CF_WRITE], snap, lo->key, lo->klen, hi.data, hi.len),
    };
    eng_iter_first(w.lock);
    eng_iter_first(w.write);
    for (size_t i = from; i < to && rc == 0 && !f->found; i++)
        rc = check_key(t, &w, &muts[i], f, e);
    if (rc == 0)
        rc = eng_iter_status(w.lock, e);
    if (rc == 0)
        rc = eng_iter_status(w.write, e);
    eng_iter_free(w.lock);
    eng_iter_free(w.write);
    sbuf_free(&hi);
    eng_snapshot_free(snap);
    return rc;
}

/* Resolve f (another transaction's lock) or wait for it; ERR_LOCKTIMEOUT
 * past deadline. */
static int settle_foreign(struct kv_txn *t, struct foreign *f, int64_t deadline, int *attempt,
                          struct err *e)
{
    bool resolved = false;
    int rc = kv__resolve(t->kv, f->key.data, f->key.len, &f->lk, &resolved, e);
    uint64_t owner = f->lk.start_ts;
    foreign_clear(f);
    if (rc != 0)
        return rc;
    if (resolved) {
        *attempt = 0;
        return 0;
    }
    if (kv__now_ms(t->kv) >= deadline)
        return err_set(e, ERR_LOCKTIMEOUT,
                       "canceling statement due to lock timeout: key locked by committing "
                       "transaction %llu",
                       (unsigned long long)owner);
    kv__backoff((*attempt)++);
    return 0;
}

/* The serializable check (ser.c) at commit_ts: 0, 0 with f->found (a lock
 * to settle with no latch held, then check again), or an error. */
static int ser_check(struct kv_txn *t, uint64_t commit_ts, struct foreign *f, struct err *e)
{
    struct sbuf key;
    sbuf_init(&key);
    void *buf = NULL;
    struct kv__lock_rec lk;
    bool found = false;
    int rc = kv__ser_check(t, commit_ts, &found, &key, &buf, &lk, e);
    if (rc == 0 && found) {
        f->found = true;
        f->key = key;
        f->buf = buf;
        f->lk = lk;
        return 0;
    }
    sbuf_free(&key);
    return rc;
}

/* settle_foreign for the serializable check: a lock still undecided at
 * ser_deadline (its owner may be waiting for ours) is a serialization
 * failure. */
static int settle_ser(struct kv_txn *t, struct foreign *f, int64_t ser_deadline, int *attempt,
                      struct err *e)
{
    bool resolved = false;
    int rc = kv__resolve(t->kv, f->key.data, f->key.len, &f->lk, &resolved, e);
    foreign_clear(f);
    if (rc != 0)
        return rc;
    if (resolved) {
        *attempt = 0;
        return 0;
    }
    if (kv__now_ms(t->kv) >= ser_deadline)
        return kv__ser_conflict(e);
    kv__backoff((*attempt)++);
    return 0;
}

static void latch_group(struct kv__latch *l, const struct kv__mut *muts, size_t from, size_t to)
{
    kv__latch_init(l);
    for (size_t i = from; i < to; i++)
        kv__latch_add(l, muts[i].e->key, muts[i].e->klen);
}

/* ERR_TIMEOUT from a proposal: the outcome is unknown. */
static int unknown(int rc, struct err *e)
{
    if (rc == ERR_TIMEOUT)
        err_set_state(e, ERR_TIMEOUT, "08007", "transaction resolution unknown: %s", e->msg);
    return rc;
}

/* ---- fresh keys ---- */

/* Fresh keys to write at commit (kv__commit): muts[0, n). */
struct fresh_set {
    const struct kv__mut *muts;
    size_t n;
};

/* Propose the committed versions (or, undo: their deletion) of the fresh
 * keys at commit_ts (stream.c), up to KV__FRESH_WINDOW proposals in flight.
 * A delete is written too: an earlier transaction with only fresh writes (a
 * backfill batch) may have put a version there. */
static int write_fresh(struct kv_txn *t, const struct fresh_set *fs, uint64_t commit_ts, bool undo,
                       struct err *e)
{
    struct kv__fpipe p;
    kv__fpipe_init(&p);
    int rc = kv__fresh_propose(t->kv, &p, fs->muts, fs->n, t->start_ts, commit_ts, undo, e);
    int wrc = kv__fpipe_wait(&p, 0, rc == 0 ? e : &(struct err){0});
    if (rc == 0)
        rc = unknown(wrc, e);
    kv__fpipe_destroy(&p);
    return rc;
}

/* The commit failed before its commit point: take the fresh versions back
 * (best effort; what stays is unreachable). */
static void unwrite_fresh(struct kv_txn *t, const struct fresh_set *fs, uint64_t commit_ts)
{
    struct err e = {0};
    if (fs->n > 0 && write_fresh(t, fs, commit_ts, true, &e) != 0)
        log_warn("kv", "removing fresh keys of failed transaction %llu: %s (left as garbage)",
                 (unsigned long long)t->start_ts, e.msg);
    t->stream_keep = false; /* kv__stream_free removes the streamed ones */
}

/* ---- one-phase commit ---- */

static int one_pc(struct kv_txn *t, const struct kv__mut *muts, size_t n, uint64_t range_id,
                  const struct fresh_set *fs, struct err *e)
{
    struct kv *kv = t->kv;
    int64_t deadline = kv__lock_deadline(kv, t->lock_timeout_ms);
    int64_t ser_deadline = kv__now_ms(kv) + KV__SER_WAIT_MS;
    int attempt = 0;
    for (;;) {
        struct kv__latch l;
        latch_group(&l, muts, 0, n);
        l.gate = true;
        l.start_ts = t->start_ts;
        kv__latch_acquire(kv, &l);
        struct foreign f = {0};
        int rc = check_group(t, muts, 0, n, range_id, &f, e);
        if (rc != 0 || f.found) {
            kv__latch_release(kv, &l);
            kv__latch_free_keys(&l);
            if (rc != 0) {
                foreign_clear(&f);
                return rc;
            }
            rc = settle_foreign(t, &f, deadline, &attempt, e);
            if (rc != 0)
                return rc;
            continue;
        }
        uint64_t commit_ts;
        rc = kv__tso_next(kv, &commit_ts, e);
        if (rc == 0 && kv__txn_ser(t)) {
            /* Serializable (invariant 14): our gate has gated readers of our
             * keys since before commit_ts was taken, and every other 1PC
             * gates its keys likewise, every 2PC locked its keys before its
             * commit_ts: a read at commit_ts now sees every commit below it.
             * Nothing is proposed yet: a lock met is settled with our
             * latches released, then the commit starts over. */
            kv__latch_set_commit_ts(kv, &l, commit_ts);
            rc = ser_check(t, commit_ts, &f, e);
            if (rc == 0 && f.found) {
                kv__latch_release(kv, &l);
                kv__latch_free_keys(&l);
                rc = settle_ser(t, &f, ser_deadline, &attempt, e);
                if (rc != 0)
                    return rc;
                continue;
            }
        }
        bool fresh_written = false;
        if (rc == 0 && fs->n > 0) {
            rc = write_fresh(t, fs, commit_ts, false, e);
            fresh_written = rc == 0;
        }
        if (rc == 0) {
            kv__latch_set_commit_ts(kv, &l, commit_ts);
            struct rng_batch *b = rng_batch_new();
            struct sbuf k, v;
            sbuf_init(&k);
            sbuf_init(&v);
            for (size_t i = 0; i < n; i++) {
                const struct kv__mut *m = &muts[i];
                struct kv__write_rec w = {.kind = m->v->op, .start_ts = t->start_ts};
                if (m->v->op == KV__OP_PUT && m->v->vlen <= KV__INLINE_MAX) {
                    w.has_value = true;
                    w.value = m->v->val;
                    w.value_len = m->v->vlen;
                } else if (m->v->op == KV__OP_PUT) {
                    sbuf_reset(&k);
                    sbuf_reset(&v);
                    sbuf_append(&k, m->e->key, m->e->klen);
                    kv__key_put_ts(&k, t->start_ts);
                    kv__data_rec_encode(&v, m->v->val, m->v->vlen);
                    rng_batch_put(b, KV_CF_DATA, k.data, k.len, v.data, v.len);
                }
                sbuf_reset(&k);
                sbuf_reset(&v);
                sbuf_append(&k, m->e->key, m->e->klen);
                kv__key_put_ts(&k, commit_ts);
                kv__write_rec_encode(&v, &w);
                rng_batch_put(b, KV_CF_WRITE, k.data, k.len, v.data, v.len);
            }
            sbuf_free(&k);
            sbuf_free(&v);
            rc = unknown(kv__propose(kv, range_id, b, e), e);
            rng_batch_free(b);
            t->stream_keep = rc == 0 || rc == ERR_TIMEOUT;
            if (rc != 0 && rc != ERR_TIMEOUT && fresh_written)
                unwrite_fresh(t, fs, commit_ts);
        }
        kv__latch_release(kv, &l);
        kv__latch_free_keys(&l);
        if (rc == 0) {
            KV__COUNT(kv, 1pc);
            met_counter_inc(kv->m.commits_1pc);
        }
        return rc;
    }
}

/* ---- two-phase commit ---- */

/* One range's prewrite in flight. */
struct prewrite {
    struct kv *kv;
    struct kv__latch latch;
    struct rng_batch *b;
    bool sent;
    bool done;
    int rc;
    struct err e;
    struct pw_wait *w;
};

struct pw_wait {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t pending;
};

/* On the loop thread. */
static void prewrite_done(void *arg, int rc, const struct err *err)
{
    struct prewrite *p = arg;
    kv__latch_release(p->kv, &p->latch);
    pthread_mutex_lock(&p->w->mu);
    p->rc = rc;
    if (rc != 0) {
        if (err != NULL)
            p->e = *err;
        else
            err_set(&p->e, rc, "%s", err_str(rc));
    }
    p->done = true;
    p->w->pending--;
    pthread_cond_broadcast(&p->w->cv);
    pthread_mutex_unlock(&p->w->mu);
}

static void build_prewrite(struct kv_txn *t, const struct kv__mut *muts, size_t from, size_t to,
                           const struct sbuf *primary, uint32_t ttl, uint64_t lock_ms,
                           struct rng_batch *b)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    for (size_t i = from; i < to; i++) {
        const struct kv__mut *m = &muts[i];
        struct kv__lock_rec lk = {
            .kind = m->v->op,
            .ttl_ms = ttl,
            .start_ts = t->start_ts,
            .for_update_ts = m->e->for_update_ts,
            .lock_ms = lock_ms,
            .primary = primary->data,
            .primary_len = primary->len,
        };
        sbuf_reset(&v);
        kv__lock_rec_encode(&v, &lk);
        rng_batch_put(b, KV_CF_LOCK, m->e->key, m->e->klen, v.data, v.len);
        if (m->v->op == KV__OP_PUT) {
            sbuf_reset(&k);
            sbuf_reset(&v);
            sbuf_append(&k, m->e->key, m->e->klen);
            kv__key_put_ts(&k, t->start_ts);
            kv__data_rec_encode(&v, m->v->val, m->v->vlen);
            rng_batch_put(b, KV_CF_DATA, k.data, k.len, v.data, v.len);
        }
    }
    sbuf_free(&k);
    sbuf_free(&v);
}

/* Roll back a failed two-phase commit: the primary now, the rest later. */
static void abort_2pc(struct kv_txn *t, const struct kv__mut *muts, size_t n)
{
    struct kv *kv = t->kv;
    struct err e = {0};
    enum kv__status st;
    uint64_t cts;
    if (kv__settle_key(kv, muts[0].e->key, muts[0].e->klen, t->start_ts, KV__SETTLE_ROLLBACK_FORCE,
                       true, 0, &st, &cts, &e) != 0)
        log_warn("kv", "rolling back primary of transaction %llu: %s (left to resolvers)",
                 (unsigned long long)t->start_ts, e.msg);
    if (n > 1) {
        struct kv__job *j = kv__job_new(t->start_ts, 0, n - 1);
        for (size_t i = 1; i < n; i++)
            kv__job_add(j, muts[i].e->key, muts[i].e->klen, muts[i].v->op);
        kv__worker_post(kv, j);
    }
}

static int two_pc(struct kv_txn *t, const struct kv__mut *muts, size_t n, const struct group *g,
                  size_t ng, const struct fresh_set *fs, struct err *e)
{
    struct kv *kv = t->kv;
    struct sbuf primary;
    sbuf_init(&primary);
    size_t plen;
    int rc = kv__key_unesc(muts[0].e->key, muts[0].e->klen, &plen, &primary, e);
    if (rc != 0) {
        sbuf_free(&primary);
        return rc;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += muts[i].e->klen + (muts[i].v->op == KV__OP_PUT ? muts[i].v->vlen : 0);
    /* bigger transactions take longer to prewrite: 1 ms more per 64 KiB */
    uint32_t ttl = (uint32_t)kv->opt.lock_ttl_ms + (uint32_t)(bytes >> 16);
    uint64_t lock_ms = (uint64_t)kv__now_ms(kv);
    int64_t deadline = kv__lock_deadline(kv, t->lock_timeout_ms);

    struct pw_wait w;
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    w.pending = 0;
    struct prewrite *pw = xcalloc(ng, sizeof *pw);

    /* 1. prewrite, ranges in key order (latch sets are taken whole, so the
     * order only matters for fairness) */
    for (size_t gi = 0; gi < ng && rc == 0; gi++) {
        struct prewrite *p = &pw[gi];
        p->kv = kv;
        p->w = &w;
        int attempt = 0;
        for (;;) {
            latch_group(&p->latch, muts, g[gi].from, g[gi].to);
            kv__latch_acquire(kv, &p->latch);
            struct foreign f = {0};
            rc = check_group(t, muts, g[gi].from, g[gi].to, g[gi].range_id, &f, e);
            if (rc == 0 && !f.found)
                break;
            kv__latch_release(kv, &p->latch);
            kv__latch_free_keys(&p->latch);
            if (rc != 0) {
                foreign_clear(&f);
                break;
            }
            rc = settle_foreign(t, &f, deadline, &attempt, e);
            if (rc != 0)
                break;
        }
        if (rc != 0)
            break;
        p->b = rng_batch_new();
        build_prewrite(t, muts, g[gi].from, g[gi].to, &primary, ttl, lock_ms, p->b);
        pthread_mutex_lock(&w.mu);
        w.pending++;
        pthread_mutex_unlock(&w.mu);
        p->sent = true;
        int arc = rng_propose_async(kv->store, g[gi].range_id, p->b, prewrite_done, p);
        if (arc != 0) {
            kv__latch_release(kv, &p->latch);
            pthread_mutex_lock(&w.mu);
            w.pending--;
            p->done = true;
            p->rc = arc;
            err_set(&p->e, arc, "kv: range %llu: propose: %s", (unsigned long long)g[gi].range_id,
                    err_str(arc));
            pthread_mutex_unlock(&w.mu);
        }
    }
    pthread_mutex_lock(&w.mu);
    while (w.pending > 0)
        pthread_cond_wait(&w.cv, &w.mu);
    pthread_mutex_unlock(&w.mu);
    for (size_t gi = 0; gi < ng; gi++) {
        if (pw[gi].sent) {
            if (pw[gi].rc != 0 && rc == 0) {
                *e = pw[gi].e;
                rc = pw[gi].rc;
            }
            kv__latch_free_keys(&pw[gi].latch);
            rng_batch_free(pw[gi].b);
        }
    }
    xfree(pw);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    sbuf_free(&primary);

    if (rc != 0) {
        abort_2pc(t, muts, n);
        return rc;
    }
    if (atomic_load(&kv->inject) == KV__INJECT_SLOW_PREWRITE) {
        struct timespec nap = {.tv_sec = kv->opt.lock_ttl_ms * 2 / 1000,
                               .tv_nsec = (kv->opt.lock_ttl_ms * 2 % 1000) * 1000000L};
        nanosleep(&nap, NULL);
    }
    if (atomic_load(&kv->inject) == KV__INJECT_AFTER_PREWRITE)
        return err_set(e, ERR_INTERNAL, "kv: injected crash after prewrite");

    /* 2. the commit point */
    uint64_t commit_ts;
    rc = kv__tso_next(kv, &commit_ts, e);
    if (rc == 0 && kv__txn_ser(t)) {
        /* Serializable (invariant 14): our locks are in place and every
         * commit below commit_ts is visible to a read at commit_ts (2PC
         * keys were locked before their commit_ts, 1PC keys are gated). */
        int64_t ser_deadline = kv__now_ms(kv) + KV__SER_WAIT_MS;
        int attempt = 0;
        for (;;) {
            struct foreign f = {0};
            rc = ser_check(t, commit_ts, &f, e);
            if (rc != 0 || !f.found)
                break;
            rc = settle_ser(t, &f, ser_deadline, &attempt, e);
            if (rc != 0)
                break;
        }
    }
    if (rc == 0 && fs->n > 0) {
        rc = write_fresh(t, fs, commit_ts, false, e);
        if (rc != 0 && rc != ERR_TIMEOUT)
            unwrite_fresh(t, fs, commit_ts);
    }
    if (rc != 0) {
        abort_2pc(t, muts, n);
        return rc;
    }
    enum kv__status st;
    uint64_t cts = 0;
    t->stream_keep = true; /* from here the outcome may be a commit */
    rc = kv__settle_key(kv, muts[0].e->key, muts[0].e->klen, t->start_ts, KV__SETTLE_COMMIT, false,
                        commit_ts, &st, &cts, e);
    if (rc != 0)
        return unknown(rc, e); /* locks stay: resolvers decide after the TTL */
    if (st != KV__ST_COMMITTED) {
        abort_2pc(t, muts, n);
        unwrite_fresh(t, fs, commit_ts);
        return conflict(e, "the transaction was rolled back by another one after its locks "
                           "expired");
    }
    KV__COUNT(kv, 2pc);
    met_counter_inc(kv->m.commits_2pc);
    if (atomic_load(&kv->inject) == KV__INJECT_AFTER_PRIMARY)
        return err_set(e, ERR_INTERNAL, "kv: injected crash after the primary committed");

    /* 3. secondaries in the background */
    struct kv__job *j = kv__job_new(t->start_ts, commit_ts, n - 1);
    for (size_t i = 1; i < n; i++)
        kv__job_add(j, muts[i].e->key, muts[i].e->klen, muts[i].v->op);
    kv__worker_post(kv, j);
    return 0;
}

int kv__commit(struct kv_txn *t, struct err *e)
{
    struct kv *kv = t->kv;
    size_t n = 0, cap = 16, nf = 0, fcap = 0;
    struct kv__mut *muts = xmalloc(cap * sizeof *muts);
    struct kv__mut *fresh = NULL;
    /* the streamed fresh versions are in place before anything else */
    int src = kv__stream_wait(t, false, e);
    if (src == 0)
        src = kv__direct_sync(t, e);
    if (src != 0) {
        xfree(muts);
        return src;
    }
    bool streamed = kv__stream_any(t) || kv__direct_any(t);
    for (const struct kv__bent *ent = kv__buf_seek(&t->buf, NULL, 0); ent != NULL;
         ent = kv__buf_next(ent)) {
        if (ent->ver == NULL)
            continue; /* locked only */
        struct kv__mut m = {.e = ent, .v = ent->ver};
        if (t->n_fresh > 0 && kv__txn_fresh(t, ent->key, ent->klen)) {
            if (ent->ver->streamed)
                continue; /* proposed while the transaction ran */
            if (nf == fcap) {
                fcap = fcap ? fcap * 2 : 1024;
                fresh = xrealloc(fresh, fcap * sizeof *fresh);
            }
            fresh[nf++] = m;
            continue;
        }
        if (n == cap) {
            cap *= 2;
            muts = xrealloc(muts, cap * sizeof *muts);
        }
        muts[n++] = m;
    }
    struct fresh_set fs = {.muts = fresh, .n = nf};
    if (n == 0 && (nf > 0 || streamed)) {
        /* Only fresh keys (a backfill batch): written as they are; what
         * makes them reachable commits in another transaction. */
        uint64_t commit_ts = 0;
        int rc = kv__tso_next(kv, &commit_ts, e);
        if (rc == 0) {
            t->stream_keep = true;
            if (nf > 0)
                rc = write_fresh(t, &fs, commit_ts, false, e);
            if (rc != 0 && rc != ERR_TIMEOUT)
                unwrite_fresh(t, &fs, commit_ts);
        }
        xfree(muts);
        xfree(fresh);
        return rc;
    }
    if (n == 0) {
        xfree(muts);
        xfree(fresh);
        return 0;
    }
    size_t ng = 0, gcap = 4;
    struct group *g = xmalloc(gcap * sizeof *g);
    int rc = 0;
    for (size_t i = 0; i < n;) {
        struct rng_desc d;
        rc = kv__route(kv, muts[i].e->key, muts[i].e->klen, &d, e);
        if (rc != 0)
            break;
        /* one range's keys, in chunks of at most KV__CHUNK_BYTES */
        size_t k = i + 1;
        size_t bytes = KV__MUT_COST(muts[i].e->klen, muts[i].v->vlen);
        while (k < n && kv__desc_below_end(&d, muts[k].e->key, muts[k].e->klen)) {
            bytes += KV__MUT_COST(muts[k].e->klen, muts[k].v->vlen);
            if (bytes > KV__CHUNK_BYTES)
                break;
            k++;
        }
        if (ng == gcap) {
            gcap *= 2;
            g = xrealloc(g, gcap * sizeof *g);
        }
        g[ng++] = (struct group){.range_id = d.range_id, .from = i, .to = k};
        rng_desc_free(&d);
        i = k;
    }
    if (rc == 0)
        rc =
            ng == 1 ? one_pc(t, muts, n, g[0].range_id, &fs, e) : two_pc(t, muts, n, g, ng, &fs, e);
    xfree(g);
    xfree(muts);
    xfree(fresh);
    return rc;
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int kv_txn_commit(struct kv_txn *t, struct err *err)
{
    struct kv *kv = t->kv;
    struct err e = {0};
    int rc;
    if (t->state == KV__TXN_POISONED) {
        e = *t->poison;
        rc = e.code != 0 ? e.code : ERR_INVAL;
        kv_txn_rollback(t);
        if (err != NULL)
            *err = e;
        return rc;
    }
    if (NEVER(t->n_iters != 0) || NEVER(t->state != KV__TXN_ACTIVE)) {
        rc = err_set(&e, ERR_INVAL,
                     "kv: commit with an open iterator or a finished "
                     "transaction");
        kv_txn_rollback(t);
        if (err != NULL)
            *err = e;
        return rc;
    }
    kv__txn_move(t, KV__TXN_COMMITTING);
    double t0 = mono_seconds();
    rc = kv__commit(t, &e);
    if (rc == 0 && t->buf.n_undo > 0)
        met_histogram_observe(kv->m.commit_seconds, mono_seconds() - t0);
    if (rc == ERR_CONFLICT)
        kv__count_conflict(kv);
    if (rc != 0) {
        KV__COUNT(kv, rollbacks);
        met_counter_inc(kv->m.rollbacks);
        if (strstr(e.msg, "read/write dependencies") == NULL)
            err_prefix(&e, "commit"); /* PostgreSQL's own text for a serialization failure */
        if (err != NULL)
            *err = e;
    }
    /* In-memory locks last: the durable locks or the commit are in place. */
    kv__txn_release_locks(t);
    kv__txn_move(t, KV__TXN_DONE);
    kv__txn_free(t);
    return rc;
}
