/* store.c — the store: every replica of a node, their raft instances and
 * the loop-thread plumbing around them.
 *
 * Replica lifecycle (loop thread; rng__replica.state):
 *
 *     NEW ──raft_start ok──▶ RUNNING ──store close──▶ CLOSING ──▶ CLOSED
 *      │                        │                        ▲
 *      └──load/restore error──▶ FAILED ─(raft_close)─────┘ (at store close)
 *                               ▲
 *          apply/restore error ─┘
 *
 * A FAILED replica refuses work with ERR_CORRUPT; its raft instance is
 * closed (deferred: raft_close from inside a libraft callback aborts in
 * libuv) so that the other replicas of the range can elect a healthy
 * leader. The other replicas of this node keep serving.
 *
 * raft_io hooks: after raft_uv_init the replica replaces io->start and
 * io->send with wrappers (and, through start, the tick and receive
 * callbacks). They give the store control after every raft event, which is
 * where published state (leader, lease, commit/applied) is refreshed and a
 * new leader starts the barrier of its term; and they feed the lease
 * bookkeeping (lease.c) with AppendEntries send times and acknowledgements.
 */
#include "range/range_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "common/metrics.h"
#include "storage/storage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <uv.h>

struct rng__defer {
    void (*fn)(void *arg);
    void *arg;
    struct rng__defer *next;
};

/* ---- small helpers ------------------------------------------------------- */

static int mkdirs(const char *path, struct err *err)
{
    char buf[1024];
    size_t n = strlen(path);
    if (n >= sizeof(buf))
        return err_set(err, ERR_INVAL, "path too long: %s", path);
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return err_errno(err, errno, "mkdir %s", buf);
            buf[i] = c;
        }
    }
    return 0;
}

int rng__mkdirs(const char *path, struct err *err)
{
    return mkdirs(path, err);
}

struct rng__replica *rng__store_replica(struct rng_store *s, uint64_t range_id)
{
    size_t lo = 0, hi = s->n_reps;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint64_t id = s->reps[mid]->range_id;
        if (id == range_id)
            return s->reps[mid];
        if (id < range_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void rng__defer(struct rng_store *s, void (*fn)(void *arg), void *arg)
{
    struct rng__defer *d = xmalloc(sizeof(*d)), **pp;
    d->fn = fn;
    d->arg = arg;
    d->next = NULL;
    for (pp = &s->deferred; *pp != NULL; pp = &(*pp)->next)
        ;
    *pp = d;
    uv_async_send(s->async);
}

/* Run the work deferred so far (not what it defers in turn). */
static void run_deferred(struct rng_store *s)
{
    struct rng__defer *d = s->deferred;
    s->deferred = NULL;
    while (d != NULL) {
        struct rng__defer *next = d->next;
        d->fn(d->arg);
        xfree(d);
        d = next;
    }
}

int rng__err_notleader(struct rng__replica *rep, struct err *err)
{
    struct rng_store *s = rep->store;
    uint64_t leader;
    char addr[256];
    pthread_mutex_lock(&s->pub_mu);
    leader = rep->pub.leader_id;
    snprintf(addr, sizeof(addr), "%s", rep->pub.leader_addr);
    pthread_mutex_unlock(&s->pub_mu);
    if (leader != 0 && leader != s->node_id)
        return err_set(err, ERR_NOTLEADER, "range %llu: not the leader; leader is node %llu (%s)",
                       (unsigned long long)rep->range_id, (unsigned long long)leader, addr);
    return err_set(err, ERR_NOTLEADER, "range %llu: not the leader; leader unknown",
                   (unsigned long long)rep->range_id);
}

/* ---- publishing ------------------------------------------------------------ */

void rng__replica_publish(struct rng__replica *rep)
{
    struct rng_store *s = rep->store;
    struct rng__pub p;
    memset(&p, 0, sizeof(p));
    p.failed = rep->state == RNG__REP_FAILED || rep->fsm.failed;
    if (rep->state == RNG__REP_RUNNING && !p.failed) {
        raft_id lid = 0;
        const char *laddr = NULL;
        p.raft_state = raft_state(&rep->raft);
        raft_leader(&rep->raft, &lid, &laddr);
        p.leader_id = lid;
        if (laddr)
            snprintf(p.leader_addr, sizeof(p.leader_addr), "%s", laddr);
        p.term = rep->raft.current_term;
        p.commit = rep->raft.commit_index;
        p.applied = raft_last_applied(&rep->raft);
        if (p.raft_state == RAFT_LEADER) {
            p.ready = rep->ready_term == p.term;
            p.lease_until = rng__lease_until(rep);
        } else if (rep->lease_term != 0) {
            rng__lease_reset(rep);
        }
    } else {
        p.raft_state = RAFT_UNAVAILABLE;
    }
    pthread_mutex_lock(&s->pub_mu);
    rep->pub = p;
    pthread_mutex_unlock(&s->pub_mu);

    /* store gauges: add this replica's change */
    {
        int leader = p.raft_state == RAFT_LEADER;
        double lag = p.commit > p.applied ? (double)(p.commit - p.applied) : 0.0;
        if (leader != rep->gauge_leader)
            met_gauge_add(s->m_leaders, leader - rep->gauge_leader);
        if (lag != rep->gauge_lag)
            met_gauge_add(s->m_apply_lag, lag - rep->gauge_lag);
        if (p.failed != rep->gauge_failed)
            met_gauge_add(s->m_failed, p.failed ? 1 : -1);
        rep->gauge_leader = leader;
        rep->gauge_lag = lag;
        rep->gauge_failed = p.failed;
    }
}

/* After a raft event (outside libraft's own callbacks). */
static void replica_after_event(struct rng__replica *rep)
{
    if (rep->state != RNG__REP_RUNNING)
        return;
    rng__replica_publish(rep);
    rng__maybe_term_barrier(rep);
}

static void replica_kick_cb(void *arg)
{
    struct rng__replica *rep = arg;
    if (rep->state != RNG__REP_RUNNING || atomic_load(&rep->store->closing))
        return;
    replica_after_event(rep);
    rng__flush(rep);
    if (rep->reads_waiting != NULL && !rep->read_barrier_inflight)
        rng__start_read_barrier(rep);
}

void rng__replica_kick(struct rng__replica *rep)
{
    rng__defer(rep->store, replica_kick_cb, rep);
}

/* ---- raft_io hooks ---------------------------------------------------------- */

static struct rng__replica *io_replica(struct raft_io *io)
{
    struct raft *r = io->data;
    return r->data;
}

static void hook_tick(struct raft_io *io)
{
    struct rng__replica *rep = io_replica(io);
    rep->raft_tick(io);
    replica_after_event(rep);
}

static void hook_recv(struct raft_io *io, struct raft_message *m)
{
    struct rng__replica *rep = io_replica(io);
    rng__lease_on_recv(rep, m);
    rep->raft_recv(io, m);
    replica_after_event(rep);
}

static int hook_start(struct raft_io *io, unsigned msecs, raft_io_tick_cb tick,
                      raft_io_recv_cb recv)
{
    struct rng__replica *rep = io_replica(io);
    rep->raft_tick = tick;
    rep->raft_recv = recv;
    return rep->uv_start(io, msecs, hook_tick, hook_recv);
}

static int hook_send(struct raft_io *io, struct raft_io_send *req, const struct raft_message *m,
                     raft_io_send_cb cb)
{
    struct rng__replica *rep = io_replica(io);
    int rv = rng__snapsend(rep, req, m, cb);
    if (rv == 1)
        rng__lease_on_send(rep, m, req, cb, &rv);
    return rv;
}

/* ---- failure and closing ------------------------------------------------------ */

static void store_maybe_finish(struct rng_store *s);

static void replica_raft_closed(struct raft *r)
{
    struct rng__replica *rep = r->data;
    struct rng_store *s = rep->store;
    raft_uv_close(&rep->io);
    rep->io_inited = false;
    rng__transport_free(&rep->transport);
    rep->raft_inited = false;
    if (rep->state != RNG__REP_FAILED)
        rep->state = RNG__REP_CLOSED;
    rng__replica_publish(rep);
    if (atomic_load(&s->closing))
        store_maybe_finish(s);
}

/* Close the raft instance of rep (loop thread, never inside a libraft
 * callback). Waits for a snapshot in progress to finalize first, and for
 * snapshots being sent to peers. */
static void replica_close_raft(struct rng__replica *rep)
{
    if (rep->raft_closing)
        return;
    if (!rep->raft_inited) {
        if (rep->io_inited) {
            raft_uv_close(&rep->io);
            rep->io_inited = false;
        }
        rng__transport_free(&rep->transport);
        return;
    }
    if (atomic_load(&rep->fsm.snap_active) || rep->snap_sends > 0)
        return; /* the store tick retries */
    rep->raft_closing = true;
    raft_close(&rep->raft, replica_raft_closed);
}

static void replica_fail_cb(void *arg)
{
    struct rng__replica *rep = arg;
    if (rep->state == RNG__REP_CLOSED)
        return;
    rep->state = RNG__REP_FAILED;
    rng__replica_fail_requests(rep, ERR_CORRUPT, rep->fsm.fail_err.msg);
    rng__replica_publish(rep);
    if (!atomic_load(&rep->store->closing))
        replica_close_raft(rep);
}

void rng__replica_fail(struct rng__replica *rep)
{
    rng__defer(rep->store, replica_fail_cb, rep);
}

static void fsm_on_fail(void *arg)
{
    rng__replica_fail(arg);
}

static void fsm_on_meta(void *arg)
{
    struct rng__replica *rep = arg;
    struct err e = {0};
    if (rng__cache_reload(rep->store, &e) != 0)
        log_error("range", "range map reload: %s", e.msg);
}

/* A pipelined entry's engine write finished (loop thread). */
static void applier_done(struct rng__apply_job *job)
{
    struct rng__fsm *f = job->f;
    struct rng__replica *rep = f->hook_arg;
    if (job->rc != 0) {
        if (!f->failed)
            rng__fsm_fail(f, job->rc, "apply entry %llu: engine write: %s",
                          (unsigned long long)job->index, job->err.msg);
        job->res.entry_rc = ERR_CORRUPT;
    }
    if (job->en != NULL)
        rng__entry_finish(job->en, &job->res);
    if (!atomic_load(&rep->store->closing))
        rng__replica_kick(rep);
}

/* ---- opening a replica -------------------------------------------------------- */

static int replica_start(struct rng_store *s, struct rng__replica *rep, struct err *err)
{
    struct rng__fsm_config fc;
    const char *self_addr = s->advertise_address;
    int rv;

    snprintf(rep->dir, sizeof(rep->dir), "%s/raft/%llu", s->data_dir,
             (unsigned long long)rep->range_id);
    if (mkdirs(rep->dir, err) != 0)
        return err->code;

    memset(&fc, 0, sizeof(fc));
    fc.engine = s->engine;
    fc.cf_local = s->cf_local;
    fc.cfs = s->cfs;
    fc.n_cfs = s->n_cfs;
    fc.meta_cf = s->meta_cf;
    fc.desc = &rep->desc;
    fc.where = rep->dir;
    fc.on_fail = fsm_on_fail;
    fc.on_meta = rep->range_id == 1 ? fsm_on_meta : NULL;
    fc.hook_arg = rep;
    fc.applier = s->applier.started ? &s->applier : NULL;
    if (rng__fsm_init(&rep->fsm, &fc, err) != 0)
        return err->code;
    rep->fsm.raft = &rep->raft;
    if (rep->fsm.failed) {
        rep->state = RNG__REP_FAILED;
        return 0;
    }

    rng__transport_setup(&rep->transport, s->loop, s->net, rep->range_id);
    rv = raft_uv_init(&rep->io, s->loop, rep->dir, &rep->transport);
    if (rv != 0) {
        rng__fsm_fail(&rep->fsm, ERR_IO, "raft_uv_init: %s", raft_strerror(rv));
        rep->state = RNG__REP_FAILED;
        return 0;
    }
    rep->io_inited = true;
    /* libraft 0.15 bug: raft_uv implements async_work (a version-2 method)
     * but reports version 1, so raft_init refuses a version-3 fsm with
     * async snapshots ("async snapshot requires io->version > 1"). Tested
     * in test_store.c (libraft_bug_uv_io_version). */
    if (rep->io.version < 2 && rep->io.async_work != NULL)
        rep->io.version = 2;
    /* A log that does not load is reported, never silently truncated. */
    raft_uv_set_auto_recovery(&rep->io, false);
    /* Every open segment has its own AIO context, and closing one
     * (io_destroy) blocks the loop for an RCU grace period (10-40 ms here):
     * a bulk load filled an 8 MiB segment every ~0.15 s. */
    raft_uv_set_segment_size(&rep->io, RNG__SEGMENT_BYTES);
    raft_uv_set_connect_retry_delay(
        &rep->io, s->election_timeout_ms / 4 < 100 ? 100 : s->election_timeout_ms / 4);
    rep->uv_start = rep->io.start;
    rep->uv_send = rep->io.send;
    rep->io.start = hook_start;
    rep->io.send = hook_send;

    rv = raft_init(&rep->raft, &rep->io, &rep->fsm.fsm, s->node_id, self_addr);
    if (rv != 0) {
        rng__fsm_fail(&rep->fsm, ERR_IO, "raft_init: %s", raft_strerror(rv));
        rep->state = RNG__REP_FAILED;
        return 0;
    }
    rep->raft_inited = true;
    rep->raft.data = rep;
    raft_set_election_timeout(&rep->raft, s->election_timeout_ms);
    raft_set_heartbeat_timeout(&rep->raft, s->heartbeat_interval_ms);
    raft_set_pre_vote(&rep->raft, s->pre_vote);
    if (s->snapshot_interval_entries > 0) {
        unsigned trailing = s->snapshot_interval_entries / 2;
        raft_set_snapshot_threshold(&rep->raft, s->snapshot_interval_entries);
        raft_set_snapshot_trailing(&rep->raft, trailing > 0 ? trailing : 1);
    }
    rep->fsm.cfg_threshold = rep->raft.snapshot.threshold;
    rep->fsm.cfg_trailing = rep->raft.snapshot.trailing;
    rep->fsm.snap_bytes = s->snapshot_interval_bytes;
    rv = raft_start(&rep->raft);
    if (rv != 0) {
        int code = rv == RAFT_CORRUPT ? ERR_CORRUPT : rv == RAFT_NOMEM ? ERR_NOMEM : ERR_CORRUPT;
        rng__fsm_fail(&rep->fsm, code, "raft log unreadable: %s (%s)", raft_strerror(rv),
                      raft_errmsg(&rep->raft));
        rep->state = RNG__REP_FAILED;
        return 0;
    }
    if (rep->fsm.failed) { /* restore or replay failed during start */
        rep->state = RNG__REP_FAILED;
        return 0;
    }
    if (rep->fsm.applied > raft_last_index(&rep->raft)) {
        rng__fsm_fail(&rep->fsm, ERR_CORRUPT,
                      "engine applied index %llu is beyond the raft log's last index %llu",
                      (unsigned long long)rep->fsm.applied,
                      (unsigned long long)raft_last_index(&rep->raft));
        rep->state = RNG__REP_FAILED;
        return 0;
    }
    rep->state = RNG__REP_RUNNING;
    return 0;
}

/* ---- the store's handles ------------------------------------------------------- */

static void store_async_cb(uv_async_t *a)
{
    struct rng_store *s = a->data;
    run_deferred(s);
    rng__drain(s);
}

static void store_tick_cb(uv_timer_t *t)
{
    struct rng_store *s = t->data;
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        if (rep->state == RNG__REP_FAILED && rep->raft_inited && !rep->raft_closing &&
            !atomic_load(&s->closing))
            replica_close_raft(rep);
        if (atomic_load(&s->closing) && rep->raft_inited && !rep->raft_closing)
            replica_close_raft(rep);
    }
    if (atomic_load(&s->closing))
        store_maybe_finish(s);
}

static void free_store(struct rng_store *s)
{
    struct rng__defer *d = s->deferred;
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        if (rep->gauge_leader)
            met_gauge_add(s->m_leaders, -rep->gauge_leader);
        if (rep->gauge_lag != 0)
            met_gauge_add(s->m_apply_lag, -rep->gauge_lag);
        if (rep->gauge_failed)
            met_gauge_add(s->m_failed, -1);
    }
    while (d != NULL) {
        struct rng__defer *next = d->next;
        xfree(d);
        d = next;
    }
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        rng__fsm_close(&rep->fsm);
        rng_desc_free(&rep->desc);
        xfree(rep);
    }
    xfree(s->reps);
    rng__cache_free(s);
    pthread_mutex_destroy(&s->qmu);
    pthread_mutex_destroy(&s->pub_mu);
    pthread_rwlock_destroy(&s->map_lock);
    xfree(s->cfs);
    xfree(s->data_dir);
    xfree(s->listen_address);
    xfree(s->advertise_address);
    xfree(s->metric_labels);
    xfree(s->async);
    xfree(s->applier.async);
    xfree(s->tick);
    xfree(s);
}

static void store_handle_closed(uv_handle_t *h)
{
    struct rng_store *s = h->data;
    if (--s->close_handles > 0)
        return;
    void (*cb)(void *) = s->close_cb;
    void *arg = s->close_arg;
    free_store(s);
    if (cb)
        cb(arg);
}

static void store_net_closed(void *arg)
{
    struct rng_store *s = arg;
    s->net = NULL;
    s->close_handles = 3;
    /* first: finishing the last jobs may still defer work */
    rng__applier_stop(&s->applier, store_handle_closed, s);
    uv_close((uv_handle_t *)s->async, store_handle_closed);
    uv_close((uv_handle_t *)s->tick, store_handle_closed);
}

static void store_maybe_finish(struct rng_store *s)
{
    if (s->finishing)
        return;
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        if (rep->raft_inited || rep->io_inited)
            return; /* not closed yet (waiting for a snapshot to finalize) */
    }
    s->finishing = true;
    /* Refuse new requests, and fail what is still queued. */
    pthread_mutex_lock(&s->qmu);
    s->accepting = false;
    pthread_mutex_unlock(&s->qmu);
    rng__drain(s);
    if (s->net != NULL)
        rng__net_close(s->net, store_net_closed, s);
    else
        store_net_closed(s);
}

/* ---- open / close ----------------------------------------------------------------- */

static char *dup_or_null(const char *p)
{
    return p ? xstrdup(p) : NULL;
}

static int validate_config(const struct rng_store_config *cfg, struct err *err)
{
    if (cfg == NULL || cfg->data_dir == NULL || cfg->data_dir[0] == '\0')
        return err_set(err, ERR_INVAL, "range store: data_dir is required");
    if (cfg->node_id == 0)
        return err_set(err, ERR_INVAL, "range store: node_id must be >= 1");
    if (cfg->engine == NULL)
        return err_set(err, ERR_INVAL, "range store: engine is required");
    if (cfg->listen_address == NULL || cfg->listen_address[0] == '\0')
        return err_set(err, ERR_INVAL, "range store: listen_address is required");
    if (cfg->cfs == NULL || cfg->n_cfs == 0 || cfg->n_cfs > 255)
        return err_set(err, ERR_INVAL, "range store: 1..255 replicated CFs are required");
    return 0;
}

int rng__resolve_cfs(const struct rng_store_config *cfg, struct eng_cf ***cfs,
                     struct eng_cf **local, size_t *meta_cf, struct err *err)
{
    struct eng_cf **a;
    size_t meta = SIZE_MAX;
    int rc = validate_config(cfg, err);
    if (rc != 0)
        return rc;
    *local = eng_cf(cfg->engine, RNG_CF_LOCAL);
    if (*local == NULL)
        return err_set(err, ERR_INVAL, "range store: the engine has no CF \"%s\"", RNG_CF_LOCAL);
    a = xcalloc(cfg->n_cfs, sizeof(*a));
    for (size_t i = 0; i < cfg->n_cfs; i++) {
        if (cfg->cfs[i] == NULL || strcmp(cfg->cfs[i], RNG_CF_LOCAL) == 0) {
            xfree(a);
            return err_set(err, ERR_INVAL, "range store: CF %zu may not be replicated", i);
        }
        a[i] = eng_cf(cfg->engine, cfg->cfs[i]);
        if (a[i] == NULL) {
            xfree(a);
            return err_set(err, ERR_INVAL, "range store: the engine has no CF \"%s\"", cfg->cfs[i]);
        }
        if (strcmp(cfg->cfs[i], RNG_META_CF) == 0 && meta == SIZE_MAX)
            meta = i;
    }
    if (meta == SIZE_MAX) {
        xfree(a);
        return err_set(err, ERR_INVAL, "range store: CF \"%s\" (descriptors) must be replicated",
                       RNG_META_CF);
    }
    *cfs = a;
    *meta_cf = meta;
    return 0;
}

static void register_metrics(struct rng_store *s)
{
    const char *l = s->metric_labels;
    s->m_proposals =
        met_counter_new("shardforge_raft_proposals_total", "Batches proposed to raft groups.", l);
    s->m_batches = met_counter_new("shardforge_raft_proposal_batches_total",
                                   "Raft entries carrying proposals (group commit).", l);
    s->m_commit_latency = met_histogram_new("shardforge_raft_commit_latency_seconds",
                                            "Time from proposal to commit and apply on this node.",
                                            l, met_latency_buckets, met_latency_nbuckets);
    s->m_apply_lag = met_gauge_new("shardforge_raft_apply_lag",
                                   "Committed but not yet applied entries (sum over replicas).", l);
    s->m_leaders =
        met_gauge_new("shardforge_raft_leaders", "Replicas on this node that are raft leaders.", l);
    s->m_failed = met_gauge_new("shardforge_raft_failed_replicas",
                                "Replicas refusing work after corruption or I/O errors.", l);
}

int rng_store_open(const struct rng_store_config *cfg, struct rng_store **out, struct err *err)
{
    struct rng_store *s;
    struct rng_desc *descs = NULL;
    size_t n_descs = 0;
    int rc;

    *out = NULL;
    s = xcalloc(1, sizeof(*s));
    rc = rng__resolve_cfs(cfg, &s->cfs, &s->cf_local, &s->meta_cf, err);
    if (rc != 0) {
        xfree(s);
        return rc;
    }
    if (cfg->loop == NULL) {
        xfree(s->cfs);
        xfree(s);
        return err_set(err, ERR_INVAL, "range store: loop is required");
    }
    s->n_cfs = cfg->n_cfs;
    s->data_dir = xstrdup(cfg->data_dir);
    s->node_id = cfg->node_id;
    s->listen_address = xstrdup(cfg->listen_address);
    s->advertise_address =
        xstrdup(cfg->advertise_address && cfg->advertise_address[0] ? cfg->advertise_address
                                                                    : cfg->listen_address);
    s->engine = cfg->engine;
    s->loop = cfg->loop;
    s->election_timeout_ms = cfg->election_timeout_ms ? cfg->election_timeout_ms : 1000;
    s->heartbeat_interval_ms = cfg->heartbeat_interval_ms ? cfg->heartbeat_interval_ms : 100;
    if (s->heartbeat_interval_ms >= s->election_timeout_ms)
        s->heartbeat_interval_ms = s->election_timeout_ms / 4 ? s->election_timeout_ms / 4 : 1;
    s->snapshot_interval_entries = cfg->snapshot_interval_entries;
    s->snapshot_interval_bytes =
        cfg->snapshot_interval_bytes ? cfg->snapshot_interval_bytes : RNG_SNAPSHOT_BYTES_DEFAULT;
    s->pre_vote = cfg->pre_vote;
    s->metric_labels = dup_or_null(cfg->metric_labels);
    atomic_init(&s->closing, false);
    pthread_mutex_init(&s->qmu, NULL);
    pthread_mutex_init(&s->pub_mu, NULL);
    pthread_rwlock_init(&s->map_lock, NULL);
    register_metrics(s);

    rc = rng__desc_load_all(s->cfs[s->meta_cf], &descs, &n_descs, err);
    if (rc != 0) {
        err_prefix(err, "range store: read range map");
        goto err_after_alloc;
    }
    if (n_descs == 0) {
        rc = err_set(err, ERR_NOTFOUND, "range store: no range descriptors (not bootstrapped)");
        goto err_after_alloc;
    }
    rc = rng__net_open(s->loop, s->listen_address, s->node_id, &s->net, err);
    if (rc != 0) {
        err_prefix(err, "range store");
        goto err_after_alloc;
    }

    s->async = xcalloc(1, sizeof(uv_async_t));
    uv_async_init(s->loop, s->async, store_async_cb);
    ((uv_async_t *)s->async)->data = s;
    s->tick = xcalloc(1, sizeof(uv_timer_t));
    uv_timer_init(s->loop, s->tick);
    ((uv_timer_t *)s->tick)->data = s;
    uv_timer_start(s->tick, store_tick_cb, 50, 50);
    {
        struct err ae = {0};
        if (rng__applier_start(&s->applier, s->loop, applier_done, &ae) != 0)
            log_warn("range", "%s: every engine write stays on the loop thread", ae.msg);
    }
    s->accepting = true;

    /* the range map cache, and a replica per local range (descs are sorted
     * by start key; replicas are kept sorted by range id) */
    s->map = descs;
    s->n_map = n_descs;
    descs = NULL;
    s->reps = xcalloc(s->n_map, sizeof(*s->reps));
    for (size_t i = 0; i < s->n_map; i++) {
        const struct rng_desc *d = &s->map[i];
        bool local = false;
        for (int j = 0; j < d->n_replicas; j++)
            local |= d->replicas[j].node_id == s->node_id;
        if (!local)
            continue;
        struct rng__replica *rep = xcalloc(1, sizeof(*rep));
        rep->store = s;
        rep->range_id = d->range_id;
        rng_desc_copy(&rep->desc, d);
        size_t k = s->n_reps;
        while (k > 0 && s->reps[k - 1]->range_id > rep->range_id) {
            s->reps[k] = s->reps[k - 1];
            k--;
        }
        s->reps[k] = rep;
        s->n_reps++;
    }
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        if (i > 0 && s->reps[i - 1]->range_id == rep->range_id) {
            rep->state = RNG__REP_FAILED;
            rng__fsm_fail(&rep->fsm, ERR_CORRUPT, "duplicate range id in the range map");
            continue;
        }
        rc = replica_start(s, rep, err);
        if (rc != 0) {
            /* Only configuration-level errors get here (bad paths). */
            err_prefix(err, "range %llu", (unsigned long long)rep->range_id);
            log_error("range", "%s", err->msg);
            rep->state = RNG__REP_FAILED;
            err_clear(err);
        }
        rng__replica_publish(rep);
        if (rep->state == RNG__REP_RUNNING)
            rng__maybe_term_barrier(rep);
    }
    *out = s;
    return 0;

err_after_alloc:
    rng_desc_array_free(descs, n_descs);
    pthread_mutex_destroy(&s->qmu);
    pthread_mutex_destroy(&s->pub_mu);
    pthread_rwlock_destroy(&s->map_lock);
    xfree(s->cfs);
    xfree(s->data_dir);
    xfree(s->listen_address);
    xfree(s->advertise_address);
    xfree(s->metric_labels);
    xfree(s);
    return rc;
}

void rng_store_close(struct rng_store *s, void (*cb)(void *arg), void *arg)
{
    atomic_store(&s->closing, true);
    s->close_cb = cb;
    s->close_arg = arg;
    rng__drain(s); /* fails everything queued with ERR_SHUTDOWN */
    for (size_t i = 0; i < s->n_reps; i++) {
        struct rng__replica *rep = s->reps[i];
        rng__replica_fail_requests(rep, ERR_SHUTDOWN, "store closing");
        if (rep->state == RNG__REP_RUNNING)
            rep->state = RNG__REP_CLOSING;
        replica_close_raft(rep);
    }
    store_maybe_finish(s);
}

/* ---- queries ----------------------------------------------------------------------- */

int rng_store_status(struct rng_store *s, struct rng_replica_status **out, size_t *n)
{
    struct rng_replica_status *a = xcalloc(s->n_reps ? s->n_reps : 1, sizeof(*a));
    uint64_t now = uv_hrtime();
    pthread_mutex_lock(&s->pub_mu);
    for (size_t i = 0; i < s->n_reps; i++) {
        const struct rng__pub *p = &s->reps[i]->pub;
        a[i].range_id = s->reps[i]->range_id;
        a[i].raft_state = p->raft_state;
        a[i].leader_id = p->leader_id;
        a[i].term = p->term;
        a[i].commit_index = p->commit;
        a[i].applied_index = p->applied;
        a[i].lease_valid = p->raft_state == RAFT_LEADER && p->ready && p->lease_until > now;
        a[i].failed = p->failed;
    }
    pthread_mutex_unlock(&s->pub_mu);
    *out = a;
    *n = s->n_reps;
    return 0;
}

int rng_leader(struct rng_store *s, uint64_t range_id, uint64_t *leader_id, struct err *err)
{
    struct rng__replica *rep = rng__store_replica(s, range_id);
    if (rep == NULL)
        return err_set(err, ERR_NOTFOUND, "range %llu: no replica on this node",
                       (unsigned long long)range_id);
    pthread_mutex_lock(&s->pub_mu);
    *leader_id = rep->pub.raft_state == RAFT_LEADER ? s->node_id : rep->pub.leader_id;
    pthread_mutex_unlock(&s->pub_mu);
    return 0;
}

struct eng *rng_store_engine(struct rng_store *s)
{
    return s->engine;
}

uint64_t rng_store_node_id(const struct rng_store *s)
{
    return s->node_id;
}

int rng__store_fsm_stats(struct rng_store *s, uint64_t range_id, struct rng__fsm_stats *out)
{
    struct rng__replica *rep = rng__store_replica(s, range_id);
    if (rep == NULL)
        return ERR_NOTFOUND;
    out->applied_index = rep->fsm.applied;
    out->n_applied = rep->fsm.n_applied;
    out->n_skipped = rep->fsm.n_skipped;
    out->n_pipelined = rep->fsm.n_pipelined;
    out->n_restored = rep->fsm.n_restored;
    out->n_restore_skipped = rep->fsm.n_restore_skipped;
    out->n_snapshots = rep->fsm.n_snapshots;
    out->n_byte_snapshots = rep->fsm.n_byte_snapshots;
    out->trailing = rep->raft.snapshot.trailing;
    return 0;
}

int rng__store_port(struct rng_store *s)
{
    return s->net ? rng__net_port(s->net) : 0;
}
