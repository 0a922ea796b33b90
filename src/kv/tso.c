/* tso.c — the timestamp oracle (DESIGN.md §6 "Timestamps").
 *
 * Timestamps are physical ms << 18 | logical, strictly increasing. They are
 * handed out from memory below a limit that is persisted first through a
 * raft proposal on range 1 (the TSO record, kv_int.h), in windows of
 * tso_window_ms: a restarted (or, later, newly elected) oracle starts above
 * the persisted limit, so it never hands out a timestamp again, even if the
 * clock went backwards. When less than half a window is left an early
 * renewal runs asynchronously (rng_propose_async); a caller blocks only
 * when the window is exhausted, and concurrent callers then wait for one
 * proposal (batching). If the clock runs behind `last`, timestamps advance
 * logically (last + 1).
 *
 * Single node: the oracle is local to the node that leads range 1. Serving
 * other nodes (an RPC with batching, and handing the oracle to a new range 1
 * leader) comes with the cluster issue.
 *
 * Lock: tso.mu is a leaf; it is never held across a proposal.
 */
#include "kv/kv_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>
#include <time.h>

int64_t kv__now_ms(struct kv *kv)
{
    if (kv->opt.clock_ms != NULL)
        return kv->opt.clock_ms(kv->opt.clock_arg);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t window(const struct kv *kv)
{
    return (uint64_t)kv->opt.tso_window_ms << KV_TS_LOGICAL_BITS;
}

static uint64_t physical_now(struct kv *kv)
{
    int64_t ms = kv__now_ms(kv);
    return ms > 0 ? (uint64_t)ms << KV_TS_LOGICAL_BITS : 0;
}

/* Build the batch writing limit; *range_id is range 1's (the key's). */
static int build(struct kv *kv, uint64_t limit, struct rng_batch **out, uint64_t *range_id,
                 struct err *err)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    kv__key_esc(&k, KV__TSO_KEY, strlen(KV__TSO_KEY));
    struct rng_desc d;
    int rc = kv__route(kv, k.data, k.len, &d, err);
    if (rc == 0) {
        *range_id = d.range_id;
        rng_desc_free(&d);
        kv__tso_rec_encode(&v, limit);
        *out = rng_batch_new();
        rng_batch_put(*out, KV_CF_DEFAULT, k.data, k.len, v.data, v.len);
    }
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

static int persist(struct kv *kv, uint64_t limit, struct err *err)
{
    struct rng_batch *b = NULL;
    uint64_t range_id = 0;
    int rc = build(kv, limit, &b, &range_id, err);
    if (rc == 0)
        rc = kv__propose(kv, range_id, b, err);
    rng_batch_free(b);
    if (rc != 0)
        return err_prefix(err, "timestamp oracle");
    return 0;
}

struct renewal {
    struct kv *kv;
    struct rng_batch *b;
    uint64_t limit;
};

/* On the loop thread: must not block (tso.mu is only held briefly). */
static void renewal_done(void *arg, int rc, const struct err *err)
{
    struct renewal *r = arg;
    struct kv__tso *t = &r->kv->tso;
    if (rc != 0)
        log_warn("kv", "timestamp oracle: early renewal failed: %s",
                 err != NULL ? err->msg : err_str(rc));
    pthread_mutex_lock(&t->mu);
    if (rc == 0 && r->limit > t->limit)
        t->limit = r->limit;
    t->persisting = false;
    t->async_pending = false;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    rng_batch_free(r->b);
    xfree(r);
}

/* PRE: t->mu held, !t->persisting. Starts an asynchronous renewal. */
static void renew_async(struct kv *kv, uint64_t limit)
{
    struct kv__tso *t = &kv->tso;
    struct renewal *r = xcalloc(1, sizeof *r);
    struct err e = {0};
    uint64_t range_id = 0;
    r->kv = kv;
    r->limit = limit;
    if (build(kv, limit, &r->b, &range_id, &e) != 0) {
        xfree(r);
        return;
    }
    t->persisting = true;
    t->async_pending = true;
    if (rng_propose_async(kv->store, range_id, r->b, renewal_done, r) != 0) {
        t->persisting = false;
        t->async_pending = false;
        rng_batch_free(r->b);
        xfree(r);
    }
}

int kv__tso_open(struct kv *kv, struct err *err)
{
    struct kv__tso *t = &kv->tso;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    t->last = 0;
    t->limit = 0;
    t->persisting = false;
    t->async_pending = false;

    struct sbuf k;
    sbuf_init(&k);
    kv__key_esc(&k, KV__TSO_KEY, strlen(KV__TSO_KEY));
    struct rng_desc d;
    int rc = kv__route(kv, k.data, k.len, &d, err);
    if (rc == 0) {
        rc = kv__read_begin(kv, d.range_id, err);
        rng_desc_free(&d);
    }
    uint64_t stored = 0;
    if (rc == 0) {
        void *v = NULL;
        size_t vlen = 0;
        rc = eng_get(kv->cf[KV_CF_DEFAULT], NULL, k.data, k.len, NULL, &v, &vlen, err);
        if (rc == ERR_NOTFOUND) {
            rc = 0;
        } else if (rc == 0) {
            rc = kv__tso_rec_decode(v, vlen, &stored, err);
            xfree(v);
        }
    }
    sbuf_free(&k);
    if (rc != 0)
        return err_prefix(err, "timestamp oracle: recover");
    /* Everything handed out before was below stored. */
    t->last = stored;
    uint64_t base = physical_now(kv);
    if (base < stored)
        base = stored;
    rc = persist(kv, base + window(kv), err);
    if (rc != 0)
        return rc;
    t->limit = base + window(kv);
    return 0;
}

void kv__tso_close(struct kv *kv)
{
    struct kv__tso *t = &kv->tso;
    pthread_mutex_lock(&t->mu);
    while (t->persisting)
        pthread_cond_wait(&t->cv, &t->mu);
    pthread_mutex_unlock(&t->mu);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
}

int kv__tso_next(struct kv *kv, uint64_t *ts, struct err *err)
{
    struct kv__tso *t = &kv->tso;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        uint64_t cand = physical_now(kv);
        if (cand <= t->last)
            cand = t->last + 1;
        if (cand < t->limit) {
            t->last = cand;
            if (!t->persisting && t->limit - cand < window(kv) / 2)
                renew_async(kv, cand + window(kv));
            pthread_mutex_unlock(&t->mu);
            *ts = cand;
            return 0;
        }
        if (t->persisting) {
            pthread_cond_wait(&t->cv, &t->mu);
            continue;
        }
        uint64_t limit = cand + window(kv);
        t->persisting = true;
        pthread_mutex_unlock(&t->mu);
        int rc = persist(kv, limit, err);
        pthread_mutex_lock(&t->mu);
        t->persisting = false;
        if (rc == 0 && limit > t->limit)
            t->limit = limit;
        pthread_cond_broadcast(&t->cv);
        if (rc != 0) {
            pthread_mutex_unlock(&t->mu);
            return rc;
        }
    }
}

int kv_timestamp(struct kv *kv, uint64_t *ts, struct err *err)
{
    return kv__tso_next(kv, ts, err);
}
