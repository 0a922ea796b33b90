/* applier.c — engine writes of large entries off the loop thread.
 *
 * A bulk load's entries are megabyte batches; writing one into the engine
 * (memtable inserts, the WAL) took about 60% of the loop thread, which also
 * runs every raft instance: while it wrote, no log append, no commit and no
 * next proposal could happen. fsm_apply now hands such an entry (one with no
 * meta keys, at least RNG__PIPE_MIN_BYTES) to this thread and returns; raft
 * goes on with the next entry while the engine takes this one.
 *
 * What keeps this correct (range/README.md, invariant 9):
 *  - Order: one FIFO for the store; a replica's entries are written in
 *    index order. An entry that is not handed over is written on the loop
 *    thread only after the replica's queued ones (rng__applier_drain).
 *  - Acknowledgement: a proposer is completed only after its entry's engine
 *    write (the apply callback attaches the entry to the job; on_done
 *    completes it on the loop thread). So every acknowledged write is in
 *    the engine, as before.
 *  - Reads: what raft applied but the engine has not written yet is only
 *    ever this leader's own unacknowledged proposals once the leader is
 *    ready, and the barrier that makes it ready (and every read barrier)
 *    drains first. Snapshots, restores and snapshots for peers drain first
 *    too, so the engine is exactly at raft's applied index there.
 *  - Failure: a failed write marks the fsm; later jobs of that fsm are not
 *    written, and the loop fails the replica when it processes the job.
 *  - The applied index goes in each job's batch, so a crash leaves a prefix
 *    of the entries in the engine and restart replays the rest.
 */

#include "range/range_int.h"

#include "common/mem.h"
#include "storage/storage.h"

#include <uv.h>

void rng__apply_job_free(struct rng__apply_job *job)
{
    if (job == NULL)
        return;
    eng_batch_free(job->wb);
    xfree(job->res.rc);
    xfree(job);
}

static void *applier_main(void *arg)
{
    struct rng__applier *a = arg;
    pthread_setname_np(pthread_self(), "sf-apply");
    for (;;) {
        pthread_mutex_lock(&a->mu);
        while (a->head == NULL && !a->stop)
            pthread_cond_wait(&a->cv, &a->mu);
        struct rng__apply_job *job = a->head;
        if (job == NULL) {
            pthread_mutex_unlock(&a->mu);
            break;
        }
        a->head = job->next;
        if (a->head == NULL)
            a->tail = NULL;
        job->next = NULL;
        pthread_mutex_unlock(&a->mu);

        struct rng__fsm *f = job->f;
        if (atomic_load(&f->write_failed)) {
            job->rc = err_set(&job->err, ERR_CORRUPT, "an earlier engine write failed");
        } else {
            job->rc = eng_write(job->wb, ENG_SYNC_NO, &job->err);
            if (job->rc != 0)
                atomic_store(&f->write_failed, true);
        }
        eng_batch_free(job->wb);
        job->wb = NULL;

        pthread_mutex_lock(&a->mu);
        if (a->done_tail != NULL)
            a->done_tail->next = job;
        else
            a->done = job;
        a->done_tail = job;
        atomic_fetch_sub(&f->pending, 1);
        pthread_cond_broadcast(&a->done_cv);
        pthread_mutex_unlock(&a->mu);
        uv_async_send(a->async);
    }
    return NULL;
}

static void applier_async_cb(uv_async_t *h)
{
    rng__applier_process(h->data);
}

int rng__applier_start(struct rng__applier *a, struct uv_loop_s *loop,
                       void (*on_done)(struct rng__apply_job *job), struct err *err)
{
    memset(a, 0, sizeof(*a));
    a->on_done = on_done;
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    pthread_cond_init(&a->done_cv, NULL);
    uv_async_t *h = xcalloc(1, sizeof(*h));
    uv_async_init(loop, h, applier_async_cb);
    h->data = a;
    a->async = h;
    int rv = pthread_create(&a->thread, NULL, applier_main, a);
    if (rv != 0)
        return err_set(err, ERR_IO, "range: start the applier thread: %s", strerror(rv));
    a->started = true;
    return 0;
}

void rng__applier_push(struct rng__applier *a, struct rng__apply_job *job)
{
    atomic_fetch_add(&job->f->pending, 1);
    pthread_mutex_lock(&a->mu);
    job->next = NULL;
    if (a->tail != NULL)
        a->tail->next = job;
    else
        a->head = job;
    a->tail = job;
    pthread_cond_signal(&a->cv);
    pthread_mutex_unlock(&a->mu);
}

void rng__applier_wait_below(struct rng__applier *a, struct rng__fsm *f, unsigned below)
{
    if (a == NULL || atomic_load(&f->pending) < below)
        return;
    pthread_mutex_lock(&a->mu);
    while (atomic_load(&f->pending) >= below)
        pthread_cond_wait(&a->done_cv, &a->mu);
    pthread_mutex_unlock(&a->mu);
}

void rng__applier_drain(struct rng__applier *a, struct rng__fsm *f)
{
    rng__applier_wait_below(a, f, 1);
}

void rng__applier_process(struct rng__applier *a)
{
    pthread_mutex_lock(&a->mu);
    struct rng__apply_job *job = a->done;
    a->done = a->done_tail = NULL;
    pthread_mutex_unlock(&a->mu);
    while (job != NULL) {
        struct rng__apply_job *next = job->next;
        a->on_done(job);
        rng__apply_job_free(job);
        job = next;
    }
}

void rng__applier_stop(struct rng__applier *a, void (*close_cb)(uv_handle_t *h), void *data)
{
    if (a->started) {
        pthread_mutex_lock(&a->mu);
        a->stop = true;
        pthread_cond_signal(&a->cv);
        pthread_mutex_unlock(&a->mu);
        pthread_join(a->thread, NULL);
        a->started = false;
    }
    rng__applier_process(a);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    pthread_cond_destroy(&a->done_cv);
    uv_handle_t *h = a->async;
    h->data = data;
    uv_close(h, close_cb);
}
