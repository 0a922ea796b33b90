/* snapsend.c — sending a range snapshot to a peer.
 *
 * A replica's own raft snapshot is a marker (fsm.c): the engine holds the
 * state. When libraft decides a follower needs a snapshot it reads that
 * marker back (snapshot_get) and sends it; the send hook hands it here.
 * On the loop thread rng__snap_job_new takes an engine snapshot at the
 * applied index A with A's term and configuration; the thread pool reads
 * the whole range into the message; back on the loop thread raft_uv sends
 * it and libraft's callback runs with the send's status.
 *
 * Building a snapshot reads the whole range, so a peer gets one at most
 * every backoff_ms: 1 s after an attempt, doubling while sends fail (a
 * peer that is down), up to 30 s; a successful send resets it. A refused
 * send fails at once and libraft tries again at a later heartbeat.
 */
#include "range/range_int.h"

#include "common/log.h"
#include "common/mem.h"

#define SNAP_BACKOFF_MIN_MS 1000u
#define SNAP_BACKOFF_MAX_MS 30000u

static struct rng__snap_peer *snap_peer(struct rng__replica *rep, uint64_t id)
{
    struct rng__snap_peer *p;
    int cap = (int)(sizeof(rep->snap_peers) / sizeof(rep->snap_peers[0]));
    for (int i = 0; i < rep->n_snap_peers; i++)
        if (rep->snap_peers[i].id == id)
            return &rep->snap_peers[i];
    if (rep->n_snap_peers >= cap)
        return NULL;
    p = &rep->snap_peers[rep->n_snap_peers++];
    memset(p, 0, sizeof(*p));
    p->id = id;
    return p;
}

static void finish(struct rng__snap_job *j, int status)
{
    struct rng__replica *rep = j->rep;
    struct rng__snap_peer *p = snap_peer(rep, j->peer);
    struct raft_io_send *orig = j->orig;
    raft_io_send_cb cb = j->cb;

    if (p != NULL && status == 0) {
        p->backoff_ms = 0;
        p->next_ms = 0;
    }
    rng__snap_job_free(j);
    rep->snap_sends--;
    cb(orig, status);
}

static void send_done(struct raft_io_send *inner, int status)
{
    finish(inner->data, status);
}

static void work_cb(uv_work_t *w)
{
    rng__snap_job_run(w->data);
}

static void after_cb(uv_work_t *w, int status)
{
    struct rng__snap_job *j = w->data;
    struct rng__replica *rep = j->rep;
    int rv;

    if (status != 0 || j->rc != 0) {
        log_warn("range", "range %llu: snapshot for node %llu: %s",
                 (unsigned long long)rep->range_id, (unsigned long long)j->peer,
                 status != 0 ? uv_strerror(status) : j->err.msg);
        finish(j, RAFT_IOERR);
        return;
    }
    log_info("range", "range %llu: sending node %llu a snapshot at index %llu (%zu bytes)",
             (unsigned long long)rep->range_id, (unsigned long long)j->peer,
             (unsigned long long)j->msg.install_snapshot.last_index, j->data.len);
    j->inner.data = j;
    rv = rep->uv_send(&rep->io, &j->inner, &j->msg, send_done);
    if (rv != 0)
        finish(j, rv);
}

int rng__snapsend(struct rng__replica *rep, struct raft_io_send *req, const struct raft_message *m,
                  raft_io_send_cb cb)
{
    uv_loop_t *loop = rep->store->loop;
    struct rng__snap_peer *p;
    struct rng__snap_job *j;
    struct err e = {0};
    uint64_t now;
    int rv;

    if (m->type != RAFT_IO_INSTALL_SNAPSHOT ||
        !rng__snap_is_marker(m->install_snapshot.data.base, m->install_snapshot.data.len))
        return 1;
    now = uv_now(loop);
    p = snap_peer(rep, m->server_id);
    if (p == NULL || now < p->next_ms)
        return RAFT_IOERR;
    rv = rng__snap_job_new(&rep->fsm, m, &j, &e);
    if (rv != 0) {
        if (rv != ERR_BUSY)
            log_warn("range", "range %llu: snapshot for node %llu: %s",
                     (unsigned long long)rep->range_id, (unsigned long long)m->server_id, e.msg);
        return RAFT_IOERR;
    }
    p->backoff_ms = p->backoff_ms == 0                         ? SNAP_BACKOFF_MIN_MS
                    : p->backoff_ms >= SNAP_BACKOFF_MAX_MS / 2 ? SNAP_BACKOFF_MAX_MS
                                                               : p->backoff_ms * 2;
    p->next_ms = now + p->backoff_ms;
    j->rep = rep;
    j->orig = req;
    j->cb = cb;
    j->peer = m->server_id;
    j->work.data = j;
    req->cb = cb;
    rep->snap_sends++;
    rv = uv_queue_work(loop, &j->work, work_cb, after_cb);
    if (rv != 0) {
        rep->snap_sends--;
        rng__snap_job_free(j);
        return RAFT_IOERR;
    }
    return 0;
}
