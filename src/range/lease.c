/* lease.c — leader leases, leader readiness and rng_read_begin.
 *
 * A leader may serve a read from its engine without a raft round while it
 * holds a lease (Raft thesis §6.4.1): if a quorum of voters acknowledged
 * AppendEntries that the leader SENT at or after time t, none of them
 * resets its election timer before t, so none votes for another candidate
 * before t + election_timeout (followers that know a leader refuse votes,
 * and libraft randomizes timeouts within [T, 2T)). The lease therefore
 * lasts until t + 0.9 T (the margin covers clock-rate drift and loop
 * stalls).
 *
 * t is taken from our own sends, never from the time an ack arrives: the
 * send hook records, per follower, the send time of every AppendEntries in
 * a FIFO; each SUCCESSFUL result of the current term pops the oldest
 * outstanding entry. Results may arrive in another order than the sends
 * (heartbeats are answered before disk writes), but after k results the k
 * popped entries are the k oldest sends, so the newest popped time is never
 * later than the newest send that was really answered: the estimate is
 * conservative. Sends that fail are removed (the wrapped send callback
 * reports them); entries older than 4 T are dropped (assumption: no message
 * takes longer than that to be answered). Rejected results do not pop
 * (they may answer a stale message of an older term). Everything resets
 * when the term changes.
 *
 * Readiness: after an election the leader must commit and apply an entry
 * of its own term before it knows which entries are committed (thesis
 * §6.4), so every new leader runs a barrier; reads are served only once it
 * applied. A single voter's lease is always valid while it leads.
 * Without a lease, rng_read_begin runs a barrier issued after the read
 * arrived (ReadIndex-style), shared by all reads waiting at that moment.
 *
 * Leadership transfer (raft_transfer) is not used yet; whoever adds it must
 * drop the lease before sending TimeoutNow.
 */
#include "range/range_int.h"

#include "common/mem.h"

#include <stdlib.h>
#include <uv.h>

struct send_wrap {
    struct raft_io_send inner;
    struct raft_io_send *orig;
    raft_io_send_cb cb;
    struct rng__replica *rep;
    uint64_t peer_id;
    uint64_t epoch;
    uint64_t seq; /* 0: not recorded */
};

static uint64_t term_ns(const struct rng__replica *rep)
{
    return (uint64_t)rep->store->election_timeout_ms * 1000000ull;
}

static struct rng__peer *peer_get(struct rng__replica *rep, uint64_t id, bool create)
{
    for (int i = 0; i < rep->n_peers; i++)
        if (rep->peers[i].id == id)
            return &rep->peers[i];
    if (!create || rep->n_peers >= (int)(sizeof(rep->peers) / sizeof(rep->peers[0])))
        return NULL;
    struct rng__peer *p = &rep->peers[rep->n_peers++];
    memset(p, 0, sizeof(*p));
    p->id = id;
    p->head_seq = p->next_seq = 1;
    return p;
}

void rng__lease_reset(struct rng__replica *rep)
{
    for (int i = 0; i < rep->n_peers; i++) {
        struct rng__peer *p = &rep->peers[i];
        p->epoch++;
        p->head_seq = p->next_seq;
        p->base = 0;
    }
    rep->lease_term = 0;
}

static void mark_failed(struct rng__replica *rep, const struct send_wrap *w)
{
    struct rng__peer *p;
    if (w->seq == 0)
        return;
    p = peer_get(rep, w->peer_id, false);
    if (p == NULL || p->epoch != w->epoch)
        return;
    if (w->seq >= p->head_seq && w->seq < p->next_seq)
        p->failed[w->seq % RNG__LEASE_RING] = true;
}

static void send_cb(struct raft_io_send *inner, int status)
{
    struct send_wrap *w = inner->data;
    struct raft_io_send *orig = w->orig;
    raft_io_send_cb cb = w->cb;
    if (status != 0)
        mark_failed(w->rep, w);
    xfree(w);
    if (cb)
        cb(orig, status);
}

void rng__lease_on_send(struct rng__replica *rep, const struct raft_message *m,
                        struct raft_io_send *req, raft_io_send_cb cb, int *rv)
{
    struct send_wrap *w;
    struct rng__peer *p;
    uint64_t now;

    if (m->type != RAFT_IO_APPEND_ENTRIES || raft_state(&rep->raft) != RAFT_LEADER) {
        *rv = rep->uv_send(&rep->io, req, m, cb);
        return;
    }
    if (rep->lease_term != rep->raft.current_term) {
        rng__lease_reset(rep);
        rep->lease_term = rep->raft.current_term;
    }
    now = uv_hrtime();
    w = xcalloc(1, sizeof(*w));
    w->orig = req;
    w->cb = cb;
    w->rep = rep;
    w->inner.data = w;
    p = peer_get(rep, m->server_id, true);
    if (p != NULL) {
        while (p->head_seq < p->next_seq &&
               now - p->t_send[p->head_seq % RNG__LEASE_RING] > 4 * term_ns(rep))
            p->head_seq++;
        if (p->next_seq - p->head_seq < RNG__LEASE_RING) {
            uint64_t seq = p->next_seq++;
            p->t_send[seq % RNG__LEASE_RING] = now;
            p->failed[seq % RNG__LEASE_RING] = false;
            w->seq = seq;
            w->epoch = p->epoch;
            w->peer_id = p->id;
        }
    }
    req->cb = cb;
    *rv = rep->uv_send(&rep->io, &w->inner, m, send_cb);
    if (*rv != 0) {
        mark_failed(rep, w);
        xfree(w);
    }
}

void rng__lease_on_recv(struct rng__replica *rep, const struct raft_message *m)
{
    const struct raft_append_entries_result *res;
    struct rng__peer *p;

    if (m->type != RAFT_IO_APPEND_ENTRIES_RESULT || raft_state(&rep->raft) != RAFT_LEADER)
        return;
    res = &m->append_entries_result;
    if (res->term != rep->raft.current_term || res->rejected != 0 ||
        rep->lease_term != rep->raft.current_term)
        return;
    p = peer_get(rep, m->server_id, false);
    if (p == NULL)
        return;
    while (p->head_seq < p->next_seq && p->failed[p->head_seq % RNG__LEASE_RING])
        p->head_seq++;
    if (p->head_seq < p->next_seq) {
        uint64_t t = p->t_send[p->head_seq % RNG__LEASE_RING];
        p->head_seq++;
        if (t > p->base)
            p->base = t;
    }
}

static int cmp_desc_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

uint64_t rng__lease_until(struct rng__replica *rep)
{
    const struct raft_configuration *c = &rep->raft.configuration;
    uint64_t bases[16];
    unsigned voters = 0, need, nb = 0;
    bool self_voter = false;

    if (raft_state(&rep->raft) != RAFT_LEADER)
        return 0;
    for (unsigned i = 0; i < c->n; i++) {
        if (c->servers[i].role != RAFT_VOTER)
            continue;
        voters++;
        if (c->servers[i].id == rep->raft.id) {
            self_voter = true;
        } else if (rep->lease_term == rep->raft.current_term &&
                   nb < sizeof(bases) / sizeof(bases[0])) {
            struct rng__peer *p = peer_get(rep, c->servers[i].id, false);
            bases[nb++] = p ? p->base : 0;
        }
    }
    if (!self_voter)
        return 0;
    if (voters == 1)
        return UINT64_MAX;
    need = voters / 2; /* acks needed from others: a majority counting self */
    if (nb < need)
        return 0;
    qsort(bases, nb, sizeof(bases[0]), cmp_desc_u64);
    if (bases[need - 1] == 0)
        return 0;
    return bases[need - 1] + term_ns(rep) * 9 / 10;
}

/* ---- barriers ---------------------------------------------------------------- */

static void complete_reads(struct rng__req *r, int rc, const struct err *e)
{
    while (r != NULL) {
        struct rng__req *next = r->next;
        rng__req_complete(r, rc, e);
        r = next;
    }
}

static void barrier_cb(struct raft_barrier *req, int status)
{
    struct rng__barrier *b = req->data;
    struct rng__replica *rep = b->rep;
    struct err e = {0};
    int rc = 0;

    if (b->reads != NULL)
        rep->read_barrier_inflight = false;
    if (b->is_term)
        rep->term_barrier_inflight = false;
    /* raft applied everything up to the barrier; the engine must have it
     * before a read or readiness relies on it (applier.c) */
    if (status == 0)
        rng__applier_drain(rep->fsm.applier, &rep->fsm);
    if (status == 0 && rep->raft.current_term == b->term)
        rep->ready_term = b->term;
    if (status == RAFT_SHUTDOWN || status == RAFT_CANCELED ||
        (status != 0 && atomic_load(&rep->store->closing)))
        rc = err_set(&e, ERR_SHUTDOWN, "range %llu: shutting down",
                     (unsigned long long)rep->range_id);
    else if (status != 0)
        rc = rng__err_notleader(rep, &e);
    complete_reads(b->reads, rc, &e);
    xfree(b);
    rng__replica_kick(rep); /* publish readiness outside this callback */
}

static int issue_barrier(struct rng__replica *rep, struct rng__req *reads, bool is_term)
{
    struct rng__barrier *b = xcalloc(1, sizeof(*b));
    int rv;
    b->rep = rep;
    b->term = rep->raft.current_term;
    b->reads = reads;
    b->is_term = is_term;
    b->req.data = b;
    rv = raft_barrier(&rep->raft, &b->req, barrier_cb);
    if (rv != 0) {
        struct err e = {0};
        rng__err_notleader(rep, &e);
        complete_reads(reads, ERR_NOTLEADER, &e);
        xfree(b);
        return rv;
    }
    if (reads != NULL)
        rep->read_barrier_inflight = true;
    if (is_term)
        rep->term_barrier_inflight = true;
    return 0;
}

void rng__maybe_term_barrier(struct rng__replica *rep)
{
    if (rep->state != RNG__REP_RUNNING || atomic_load(&rep->store->closing))
        return;
    if (raft_state(&rep->raft) != RAFT_LEADER || rep->ready_term == rep->raft.current_term ||
        rep->term_barrier_inflight)
        return;
    issue_barrier(rep, NULL, true);
}

void rng__start_read_barrier(struct rng__replica *rep)
{
    struct rng__req *reads = rep->reads_waiting;
    bool is_term;
    if (reads == NULL || rep->read_barrier_inflight)
        return;
    rep->reads_waiting = NULL;
    if (rep->state != RNG__REP_RUNNING || raft_state(&rep->raft) != RAFT_LEADER) {
        struct err e = {0};
        rng__err_notleader(rep, &e);
        complete_reads(reads, ERR_NOTLEADER, &e);
        return;
    }
    is_term = rep->ready_term != rep->raft.current_term && !rep->term_barrier_inflight;
    issue_barrier(rep, reads, is_term);
}

/* ---- rng_read_begin ---------------------------------------------------------------- */

int rng_read_begin(struct rng_store *s, uint64_t range_id, int timeout_ms, struct err *err)
{
    struct rng__replica *rep;
    struct rng__req *r;
    struct rng__pub p;
    int rc;

    if (atomic_load(&s->closing))
        return err_set(err, ERR_SHUTDOWN, "range %llu: shutting down",
                       (unsigned long long)range_id);
    rep = rng__store_replica(s, range_id);
    if (rep == NULL)
        return err_set(err, ERR_NOTFOUND, "range %llu: no replica on this node",
                       (unsigned long long)range_id);
    pthread_mutex_lock(&s->pub_mu);
    p = rep->pub;
    pthread_mutex_unlock(&s->pub_mu);
    if (p.failed)
        return err_set(err, ERR_CORRUPT, "range %llu: replica failed (see the log)",
                       (unsigned long long)range_id);
    if (p.raft_state != RAFT_LEADER)
        return rng__err_notleader(rep, err);
    if (p.ready && p.applied >= p.commit && p.lease_until > uv_hrtime())
        return 0;
    r = rng__req_new(RNG__REQ_READ, range_id);
    if (rng__submit(s, r) != 0) {
        rng__req_unref(r);
        return err_set(err, ERR_SHUTDOWN, "range %llu: shutting down",
                       (unsigned long long)range_id);
    }
    rc = rng__req_wait(r, timeout_ms, err);
    rng__req_unref(r);
    return rc;
}
