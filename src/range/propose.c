/* propose.c — proposals from any thread, group commit on the loop thread.
 *
 * A session thread validates and encodes its batch, queues a request
 * (mutex-protected list + uv_async_send) and waits on the request's
 * condition variable. The loop drains the whole queue at once and hands
 * each replica's pending batches to raft as ONE entry (a group payload) —
 * concurrent proposers share one raft append and one fsync, which is where
 * the throughput comes from. At most RNG__MAX_INFLIGHT entries per range
 * are in flight; batches arriving meanwhile wait and form the next group
 * (raft_uv also merges appends queued behind a running write).
 *
 * Request life (rng__req.state, under rng__req.mu):
 *
 *     PENDING ──loop completes──▶ DONE       (waiter returns rc)
 *        │
 *        └──waiter times out───▶ ABANDONED  (waiter returns ERR_TIMEOUT;
 *                                            the loop drops it, or applies
 *                                            it if already in an entry)
 *
 * The request is reference counted (waiter + loop); the last unref frees.
 * Outcomes: 0 after commit and apply here; ERR_NOTLEADER (not leader when
 * proposed); ERR_TIMEOUT (waited too long, or leadership lost with the
 * entry in flight: the outcome is unknown, the entry may still commit);
 * ERR_SHUTDOWN; ERR_CORRUPT (replica failed); ERR_INVAL (key outside the
 * range, checked again at apply).
 */
#include "range/range_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "common/metrics.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <uv.h>

#define RNG__MAX_INFLIGHT 1

/* ---- requests --------------------------------------------------------------- */

struct rng__req *rng__req_new(int kind, uint64_t range_id)
{
    struct rng__req *r = xcalloc(1, sizeof(*r));
    pthread_condattr_t ca;
    r->kind = kind;
    r->range_id = range_id;
    r->t_submit = uv_hrtime();
    pthread_mutex_init(&r->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cv, &ca);
    pthread_condattr_destroy(&ca);
    atomic_init(&r->refs, 1);
    return r;
}

void rng__req_unref(struct rng__req *r)
{
    if (atomic_fetch_sub(&r->refs, 1) != 1)
        return;
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    if (r->buf != NULL)
        xfree(r->buf); /* payload lies inside */
    else
        xfree(r->payload); /* NULL once raft owns the entry built in place */
    xfree(r);
}

static bool req_abandoned(struct rng__req *r)
{
    bool a;
    pthread_mutex_lock(&r->mu);
    a = r->state == RNG__REQ_ABANDONED;
    pthread_mutex_unlock(&r->mu);
    return a;
}

/* Complete and drop the loop's reference. */
void rng__req_complete(struct rng__req *r, int rc, const struct err *err)
{
    bool run_cb = false;
    pthread_mutex_lock(&r->mu);
    if (r->state == RNG__REQ_PENDING) {
        r->state = RNG__REQ_DONE;
        r->rc = rc;
        if (rc != 0) {
            if (err != NULL && err->code != 0)
                r->err = *err;
            else
                err_set(&r->err, rc, "%s", err_str(rc));
        }
        run_cb = r->cb != NULL;
        pthread_cond_signal(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
    if (run_cb)
        r->cb(r->cb_arg, rc, rc ? &r->err : NULL);
    rng__req_unref(r);
}

static void complete_code(struct rng__req *r, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void complete_code(struct rng__req *r, int rc, const char *fmt, ...)
{
    struct err e = {0};
    va_list ap;
    va_start(ap, fmt);
    err_vset(&e, rc, fmt, ap);
    va_end(ap);
    rng__req_complete(r, rc, &e);
}

int rng__submit(struct rng_store *s, struct rng__req *r)
{
    pthread_mutex_lock(&s->qmu);
    if (!s->accepting || atomic_load(&s->closing)) {
        pthread_mutex_unlock(&s->qmu);
        return ERR_SHUTDOWN;
    }
    atomic_fetch_add(&r->refs, 1);
    r->next = NULL;
    if (s->qtail)
        s->qtail->next = r;
    else
        s->qhead = r;
    s->qtail = r;
    uv_async_send(s->async);
    pthread_mutex_unlock(&s->qmu);
    return 0;
}

int rng__req_wait(struct rng__req *r, int timeout_ms, struct err *err)
{
    struct timespec dl;
    int rc;
    if (timeout_ms >= 0) {
        clock_gettime(CLOCK_MONOTONIC, &dl);
        dl.tv_sec += timeout_ms / 1000;
        dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (dl.tv_nsec >= 1000000000L) {
            dl.tv_sec++;
            dl.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&r->mu);
    while (r->state == RNG__REQ_PENDING) {
        if (timeout_ms < 0) {
            pthread_cond_wait(&r->cv, &r->mu);
        } else if (pthread_cond_timedwait(&r->cv, &r->mu, &dl) == ETIMEDOUT &&
                   r->state == RNG__REQ_PENDING) {
            r->state = RNG__REQ_ABANDONED;
            pthread_mutex_unlock(&r->mu);
            return err_set(err, ERR_TIMEOUT,
                           "range %llu: no outcome within %d ms (the entry may still commit)",
                           (unsigned long long)r->range_id, timeout_ms);
        }
    }
    rc = r->rc;
    if (rc != 0 && err != NULL)
        *err = r->err;
    pthread_mutex_unlock(&r->mu);
    return rc;
}

/* ---- the loop side ------------------------------------------------------------- */

static void fail_list(struct rng__req **head, struct rng__req **tail, int rc, const char *why)
{
    struct rng__req *r = *head;
    *head = NULL;
    if (tail)
        *tail = NULL;
    while (r != NULL) {
        struct rng__req *next = r->next;
        complete_code(r, rc, "range %llu: %s", (unsigned long long)r->range_id, why);
        r = next;
    }
}

void rng__replica_fail_requests(struct rng__replica *rep, int rc, const char *why)
{
    fail_list(&rep->pending, &rep->pending_tail, rc, why);
    fail_list(&rep->reads_waiting, NULL, rc, why);
}

static void fail_notleader(struct rng__replica *rep)
{
    struct err e = {0};
    struct rng__req *r = rep->pending;
    rep->pending = rep->pending_tail = NULL;
    rng__err_notleader(rep, &e);
    while (r != NULL) {
        struct rng__req *next = r->next;
        rng__req_complete(r, ERR_NOTLEADER, &e);
        r = next;
    }
}

static int map_raft_status(struct rng__replica *rep, int status, struct err *e)
{
    switch (status) {
    case RAFT_LEADERSHIPLOST:
        return err_set(e, ERR_TIMEOUT,
                       "range %llu: leadership lost before the entry applied (outcome unknown)",
                       (unsigned long long)rep->range_id);
    case RAFT_NOTLEADER:
        return rng__err_notleader(rep, e);
    case RAFT_SHUTDOWN:
    case RAFT_CANCELED:
        return err_set(e, ERR_SHUTDOWN, "range %llu: shutting down",
                       (unsigned long long)rep->range_id);
    case RAFT_NOMEM:
        return err_set(e, ERR_NOMEM, "range %llu: raft: out of memory",
                       (unsigned long long)rep->range_id);
    default:
        return err_set(e, ERR_IO, "range %llu: raft: %s", (unsigned long long)rep->range_id,
                       raft_strerror(status));
    }
}

/* Complete the requests of en (applied with status, outcome res) and free
 * it. */
static void entry_complete(struct rng__entry *en, int status, const struct rng__apply_result *res)
{
    struct rng__replica *rep = en->rep;
    struct rng_store *s = rep->store;
    uint64_t now = uv_hrtime();
    struct err e = {0};
    int base = 0;

    if (status != 0 && atomic_load(&s->closing)) {
        /* raft_close fails pending entries (as leadership lost) */
        base = err_set(&e, ERR_SHUTDOWN, "range %llu: shutting down (the entry may still commit)",
                       (unsigned long long)rep->range_id);
    } else if (status != 0) {
        base = map_raft_status(rep, status, &e);
    } else if (res == NULL || (res->entry_rc == 0 && res->n != en->n)) {
        base = err_set(&e, ERR_INTERNAL, "range %llu: apply result does not match the entry",
                       (unsigned long long)rep->range_id);
    } else if (res->entry_rc != 0) {
        base = res->entry_rc;
        e = rep->fsm.fail_err;
        if (e.code == 0)
            err_set(&e, base, "range %llu: replica failed", (unsigned long long)rep->range_id);
    }
    for (uint32_t i = 0; i < en->n; i++) {
        struct rng__req *r = en->reqs[i];
        if (base != 0) {
            rng__req_complete(r, base, &e);
        } else if (res->rc[i] != 0) {
            complete_code(r, res->rc[i], "range %llu: key outside range",
                          (unsigned long long)rep->range_id);
        } else {
            met_histogram_observe(s->m_commit_latency, (double)(now - r->t_submit) / 1e9);
            rng__req_complete(r, 0, NULL);
        }
    }
    xfree(en->reqs);
    xfree(en);
}

void rng__entry_finish(struct rng__entry *en, const struct rng__apply_result *res)
{
    entry_complete(en, 0, res);
}

static void apply_cb(struct raft_apply *req, int status, void *result)
{
    struct rng__entry *en = req->data;
    struct rng__replica *rep = en->rep;
    const struct rng__apply_result *res = result;

    rep->inflight--;
    if (status == 0 && res != NULL && res->job != NULL)
        res->job->en = en; /* completed once the engine has it (applier.c) */
    else
        entry_complete(en, status, res);
    /* No raft calls from inside a raft callback: flush on the next turn. */
    rng__replica_kick(rep);
}

/* Build one entry from the head of rep->pending and hand it to raft. */
static int propose_one(struct rng__replica *rep)
{
    struct rng_store *s = rep->store;
    struct rng__req *r, *take = NULL, **tailp = &take;
    size_t body = 0, total;
    uint32_t n = 0;
    unsigned char *buf, *p;
    struct raft_buffer rb;
    struct rng__entry *en;
    int rv;

    while ((r = rep->pending) != NULL) {
        if (n > 0 && body + 4 + r->len > RNG__GROUP_TARGET)
            break;
        rep->pending = r->next;
        if (rep->pending == NULL)
            rep->pending_tail = NULL;
        r->next = NULL;
        if (req_abandoned(r)) {
            rng__req_unref(r);
            continue;
        }
        *tailp = r;
        tailp = &r->next;
        body += 4 + r->len;
        n++;
    }
    if (n == 0)
        return 0;
    total = RNG__GROUP_PAD(RNG__GROUP_HDR + body);
    if (n == 1 && take->buf != NULL) {
        /* built in place: the request's buffer has the room (raft_malloc
         * is malloc: libraft's default heap) */
        buf = take->buf;
        take->buf = NULL;
        take->payload = NULL;
    } else {
        buf = raft_malloc(total);
        if (buf == NULL) {
            fail_list(&take, NULL, ERR_NOMEM, "raft: out of memory");
            return ERR_NOMEM;
        }
    }
    en = xcalloc(1, sizeof(*en));
    en->rep = rep;
    en->reqs = xmalloc(n * sizeof(*en->reqs));
    p = buf + RNG__GROUP_HDR;
    for (r = take; r != NULL; r = r->next) {
        rng__put_le32(p, (uint32_t)r->len);
        if (r->payload != NULL)
            memcpy(p + 4, r->payload, r->len);
        p += 4 + r->len;
        en->reqs[en->n++] = r;
    }
    memset(p, 0, total - RNG__GROUP_HDR - body);
    rng__group_header(buf, n, buf + RNG__GROUP_HDR, total - RNG__GROUP_HDR);
    rb.base = buf;
    rb.len = total;
    en->req.data = en;
    rv = raft_apply(&rep->raft, &en->req, &rb, 1, apply_cb);
    if (rv != 0) {
        struct err e = {0};
        int rc = map_raft_status(rep, rv, &e);
        raft_free(buf);
        for (uint32_t i = 0; i < en->n; i++)
            rng__req_complete(en->reqs[i], rc, &e);
        xfree(en->reqs);
        xfree(en);
        return rc;
    }
    rep->inflight++;
    met_counter_inc(s->m_batches);
    met_counter_add(s->m_proposals, n);
    return 0;
}

void rng__flush(struct rng__replica *rep)
{
    if (rep->pending == NULL)
        return;
    if (rep->state == RNG__REP_FAILED || rep->fsm.failed) {
        rng__replica_fail_requests(rep, ERR_CORRUPT, rep->fsm.fail_err.msg);
        return;
    }
    if (rep->state != RNG__REP_RUNNING || atomic_load(&rep->store->closing)) {
        rng__replica_fail_requests(rep, ERR_SHUTDOWN, "shutting down");
        return;
    }
    if (raft_state(&rep->raft) != RAFT_LEADER) {
        fail_notleader(rep);
        return;
    }
    while (rep->pending != NULL && rep->inflight < RNG__MAX_INFLIGHT) {
        if (propose_one(rep) == ERR_NOTLEADER) {
            fail_notleader(rep);
            return;
        }
    }
}

void rng__drain(struct rng_store *s)
{
    struct rng__req *r;
    bool closing = atomic_load(&s->closing);

    pthread_mutex_lock(&s->qmu);
    r = s->qhead;
    s->qhead = s->qtail = NULL;
    pthread_mutex_unlock(&s->qmu);

    while (r != NULL) {
        struct rng__req *next = r->next;
        struct rng__replica *rep;
        r->next = NULL;
        if (closing) {
            complete_code(r, ERR_SHUTDOWN, "range %llu: shutting down",
                          (unsigned long long)r->range_id);
        } else if ((rep = rng__store_replica(s, r->range_id)) == NULL) {
            complete_code(r, ERR_NOTFOUND, "range %llu: no replica on this node",
                          (unsigned long long)r->range_id);
        } else if (rep->state == RNG__REP_FAILED || rep->fsm.failed) {
            rng__req_complete(r, ERR_CORRUPT, &rep->fsm.fail_err);
        } else if (rep->state != RNG__REP_RUNNING) {
            complete_code(r, ERR_SHUTDOWN, "range %llu: shutting down",
                          (unsigned long long)r->range_id);
        } else if (req_abandoned(r)) {
            rng__req_unref(r);
        } else if (r->kind == RNG__REQ_PROPOSE) {
            if (rep->pending_tail)
                rep->pending_tail->next = r;
            else
                rep->pending = r;
            rep->pending_tail = r;
        } else {
            r->next = rep->reads_waiting;
            rep->reads_waiting = r;
        }
        r = next;
    }
    if (closing)
        return;
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        if (rep->pending != NULL)
            rng__flush(rep);
        if (rep->reads_waiting != NULL && !rep->read_barrier_inflight)
            rng__start_read_barrier(rep);
    }
}

/* ---- the public entry points ----------------------------------------------------- */

static int check_batch(struct rng_store *s, struct rng__replica *rep, const struct rng_batch *b,
                       struct err *err)
{
    struct rng__op_iter it;
    struct rng__op op;
    if (b == NULL || b->bad)
        return err_set(err, ERR_INVAL, "range %llu: malformed batch (cf id or length)",
                       (unsigned long long)rep->range_id);
    if (b->count == 0)
        return err_set(err, ERR_INVAL, "range %llu: empty batch",
                       (unsigned long long)rep->range_id);
    if (rng__batch_encoded_len(b) > RNG__BATCH_MAX)
        return err_set(err, ERR_LIMIT, "range %llu: batch of %zu bytes exceeds %u",
                       (unsigned long long)rep->range_id, rng__batch_encoded_len(b),
                       RNG__BATCH_MAX);
    rng__batch_iter(b, &it);
    while (rng__op_iter_next(&it, &op)) {
        bool in;
        if (op.cf >= s->n_cfs)
            return err_set(err, ERR_INVAL, "range %llu: cf id %u out of range",
                           (unsigned long long)rep->range_id, op.cf);
        if (op.op == RNG__OP_DELETE_RANGE)
            in = rng__span_contains_range(&rep->desc, op.key, op.klen, op.val, op.vlen);
        else
            in = rng__span_contains_key(&rep->desc, op.key, op.klen);
        if (!in)
            return err_set(err, ERR_INVAL, "range %llu: key outside range",
                           (unsigned long long)rep->range_id);
    }
    return 0;
}

/* Checks shared by the synchronous and asynchronous paths. */
static int prepare_check(struct rng_store *s, uint64_t range_id, const struct rng_batch *b,
                         struct err *err)
{
    struct rng__replica *rep;
    int state;
    bool failed;
    if (atomic_load(&s->closing))
        return err_set(err, ERR_SHUTDOWN, "range %llu: shutting down",
                       (unsigned long long)range_id);
    rep = rng__store_replica(s, range_id);
    if (rep == NULL)
        return err_set(err, ERR_NOTFOUND, "range %llu: no replica on this node",
                       (unsigned long long)range_id);
    pthread_mutex_lock(&s->pub_mu);
    state = rep->pub.raft_state;
    failed = rep->pub.failed;
    pthread_mutex_unlock(&s->pub_mu);
    if (failed)
        return err_set(err, ERR_CORRUPT, "range %llu: replica failed (see the log)",
                       (unsigned long long)range_id);
    if (state == RAFT_FOLLOWER || state == RAFT_CANDIDATE)
        return rng__err_notleader(rep, err);
    if (check_batch(s, rep, b, err) != 0)
        return err->code;
    return 0;
}

/* take: b becomes the request's buffer (b is freed on every path). */
static int prepare(struct rng_store *s, uint64_t range_id, const struct rng_batch *b, bool take,
                   struct rng__req **out, struct err *err)
{
    *out = NULL;
    int rc = prepare_check(s, range_id, b, err);
    if (rc != 0) {
        if (take)
            rng_batch_free((struct rng_batch *)b);
        return rc;
    }
    struct rng__req *r = rng__req_new(RNG__REQ_PROPOSE, range_id);
    if (take) {
        r->buf = rng__batch_take((struct rng_batch *)b, range_id, &r->len);
        r->payload = r->buf + RNG__BATCH_HEAD - RNG__BATCH_HDR;
    } else {
        r->len = rng__batch_encoded_len(b);
        r->payload = xmalloc(r->len);
        rng__batch_encode(b, range_id, r->payload);
    }
    *out = r;
    return 0;
}

int rng_propose(struct rng_store *s, uint64_t range_id, const struct rng_batch *b, int timeout_ms,
                struct err *err)
{
    struct rng__req *r;
    int rc = prepare(s, range_id, b, false, &r, err);
    if (rc != 0)
        return rc;
    if (rng__submit(s, r) != 0) {
        rng__req_unref(r);
        return err_set(err, ERR_SHUTDOWN, "range %llu: shutting down",
                       (unsigned long long)range_id);
    }
    rc = rng__req_wait(r, timeout_ms, err);
    rng__req_unref(r);
    return rc;
}

int rng_propose_async(struct rng_store *s, uint64_t range_id, const struct rng_batch *b,
                      void (*cb)(void *arg, int rc, const struct err *err), void *arg)
{
    struct rng__req *r;
    struct err e = {0};
    int rc = prepare(s, range_id, b, false, &r, &e);
    if (rc != 0)
        return rc;
    r->cb = cb;
    r->cb_arg = arg;
    rc = rng__submit(s, r);
    rng__req_unref(r); /* the loop holds the only reference now */
    return rc;
}

int rng_propose_async_take(struct rng_store *s, uint64_t range_id, struct rng_batch *b,
                           void (*cb)(void *arg, int rc, const struct err *err), void *arg)
{
    struct rng__req *r;
    struct err e = {0};
    int rc = prepare(s, range_id, b, true, &r, &e);
    if (rc != 0)
        return rc;
    r->cb = cb;
    r->cb_arg = arg;
    rc = rng__submit(s, r);
    rng__req_unref(r); /* the loop holds the only reference now */
    return rc;
}
