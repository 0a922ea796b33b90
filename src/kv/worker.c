/* worker.c — kv's background worker: finishing transactions after their
 * commit point.
 *
 * Two-phase commit returns once the primary key is committed; the
 * secondaries are committed here (DESIGN.md §6 "then the secondaries
 * asynchronously"), and an aborted commit's remaining prewrite locks are
 * rolled back here. Until a job runs, readers meeting those locks resolve
 * them through the primary (resolve.c), so nothing waits for this thread
 * for correctness. Each job groups its keys by range: one latch set, one
 * snapshot check ("is the lock still this transaction's?") and one proposal
 * per range. Failures are logged; the locks are then left to resolvers.
 */
#include "kv/kv_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>

struct kv__job *kv__job_new(uint64_t start_ts, uint64_t commit_ts, size_t cap)
{
    struct kv__job *j = xcalloc(1, sizeof *j);
    j->start_ts = start_ts;
    j->commit_ts = commit_ts;
    if (cap == 0)
        cap = 1;
    j->keys = xmalloc(cap * sizeof *j->keys);
    j->lens = xmalloc(cap * sizeof *j->lens);
    j->kinds = xmalloc(cap);
    j->cap = cap;
    return j;
}

void kv__job_add(struct kv__job *j, const void *key, size_t klen, uint8_t kind)
{
    if (j->n == j->cap) {
        j->cap *= 2;
        j->keys = xrealloc(j->keys, j->cap * sizeof *j->keys);
        j->lens = xrealloc(j->lens, j->cap * sizeof *j->lens);
        j->kinds = xrealloc(j->kinds, j->cap);
    }
    j->keys[j->n] = xmalloc(klen ? klen : 1);
    memcpy(j->keys[j->n], key, klen);
    j->lens[j->n] = klen;
    j->kinds[j->n] = kind;
    j->n++;
}

void kv__job_free(struct kv__job *j)
{
    if (j == NULL)
        return;
    for (size_t i = 0; i < j->n; i++)
        xfree(j->keys[i]);
    xfree(j->keys);
    xfree(j->lens);
    xfree(j->kinds);
    xfree(j);
}

/* Keys [from, to) of j, all in range d. */
static int run_group(struct kv *kv, const struct kv__job *j, size_t from, size_t to,
                     uint64_t range_id, struct err *err)
{
    struct kv__latch l;
    kv__latch_init(&l);
    for (size_t i = from; i < to; i++)
        kv__latch_add(&l, j->keys[i], j->lens[i]);
    kv__latch_acquire(kv, &l);
    int rc = kv__read_begin(kv, range_id, err);
    struct rng_batch *b = rng_batch_new();
    if (rc == 0) {
        /* the keys are ascending: walk the lock CF once over them */
        struct eng_snapshot *snap = eng_snapshot_new(kv->eng);
        struct sbuf hi;
        sbuf_init(&hi);
        kv__key_esc_end(&hi, j->keys[to - 1], j->lens[to - 1]);
        struct eng_iter *it =
            eng_iter_new(kv->cf[KV_CF_LOCK], snap, j->keys[from], j->lens[from], hi.data, hi.len);
        eng_iter_first(it);
        for (size_t i = from; i < to && rc == 0 && eng_iter_valid(it); i++) {
            size_t klen, vlen;
            const void *key = eng_iter_key(it, &klen);
            int c = kv__key_cmp(key, klen, j->keys[i], j->lens[i]);
            if (c < 0) {
                eng_iter_seek(it, j->keys[i], j->lens[i]);
                if (!eng_iter_valid(it))
                    break;
                key = eng_iter_key(it, &klen);
                c = kv__key_cmp(key, klen, j->keys[i], j->lens[i]);
            }
            if (c > 0)
                continue; /* no lock on this key (resolved already) */
            struct kv__lock_rec lk;
            const void *lv = eng_iter_value(it, &vlen);
            rc = kv__lock_rec_decode(lv, vlen, &lk, err);
            if (rc == 0 && lk.start_ts == j->start_ts) {
                if (j->commit_ts != 0)
                    kv__batch_commit_key(b, j->keys[i], j->lens[i], j->start_ts, j->commit_ts,
                                         lk.kind);
                else
                    kv__batch_rollback_key(b, j->keys[i], j->lens[i], j->start_ts, true);
            }
        }
        if (rc == 0)
            rc = eng_iter_status(it, err);
        eng_iter_free(it);
        sbuf_free(&hi);
        eng_snapshot_free(snap);
    }
    if (rc == 0 && rng_batch_count(b) > 0)
        rc = kv__propose(kv, range_id, b, err);
    rng_batch_free(b);
    kv__latch_release(kv, &l);
    kv__latch_free_keys(&l);
    return rc;
}

int kv__job_run(struct kv *kv, const struct kv__job *j, struct err *err)
{
    int first_rc = 0;
    size_t i = 0;
    while (i < j->n) {
        struct rng_desc d;
        int rc = kv__route(kv, j->keys[i], j->lens[i], &d, err);
        if (rc != 0)
            return rc;
        /* one range's keys, in proposals of at most KV__CHUNK_BYTES */
        size_t k = i + 1;
        size_t bytes = KV__MUT_COST(j->lens[i], 0);
        while (k < j->n && kv__desc_below_end(&d, j->keys[k], j->lens[k]) &&
               kv__key_cmp(j->keys[k], j->lens[k], d.start, d.start_len) >= 0) {
            bytes += KV__MUT_COST(j->lens[k], 0);
            if (bytes > KV__CHUNK_BYTES)
                break;
            k++;
        }
        struct err e = {0};
        rc = run_group(kv, j, i, k, d.range_id, &e);
        rng_desc_free(&d);
        if (rc != 0 && first_rc == 0) {
            first_rc = rc;
            if (err != NULL)
                *err = e;
        }
        i = k;
    }
    return first_rc;
}

static void *worker_main(void *arg)
{
    struct kv *kv = arg;
    struct kv__worker *w = &kv->worker;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->head == NULL && !w->stop)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->head == NULL && w->stop)
            break;
        struct kv__job *j = w->head;
        w->head = j->next;
        if (w->head == NULL)
            w->tail = NULL;
        w->busy = true;
        pthread_mutex_unlock(&w->mu);

        struct err e = {0};
        if (kv__job_run(kv, j, &e) != 0)
            log_warn("kv", "%s of transaction %llu: %s (left to lock resolution)",
                     j->commit_ts ? "committing secondaries" : "rolling back locks",
                     (unsigned long long)j->start_ts, e.msg);
        kv__job_free(j);

        pthread_mutex_lock(&w->mu);
        w->busy = false;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int kv__worker_start(struct kv *kv, struct err *err)
{
    struct kv__worker *w = &kv->worker;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->head = w->tail = NULL;
    w->stop = w->busy = false;
    int rc = pthread_create(&w->thread, NULL, worker_main, kv);
    if (rc != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        return err_errno(err, rc, "kv: start worker thread");
    }
    w->started = true;
    return 0;
}

void kv__worker_stop(struct kv *kv)
{
    struct kv__worker *w = &kv->worker;
    if (!w->started)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    w->started = false;
}

void kv__worker_post(struct kv *kv, struct kv__job *job)
{
    struct kv__worker *w = &kv->worker;
    job->next = NULL;
    pthread_mutex_lock(&w->mu);
    if (w->tail != NULL)
        w->tail->next = job;
    else
        w->head = job;
    w->tail = job;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void kv__worker_drain(struct kv *kv)
{
    struct kv__worker *w = &kv->worker;
    pthread_mutex_lock(&w->mu);
    while (w->head != NULL || w->busy)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}
