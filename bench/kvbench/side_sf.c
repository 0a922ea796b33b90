/* side_sf.c — ShardForge under test: a real single-node stack in-process.
 *
 * Wired as src/server/store.c wires a node (which the benchmark cannot call):
 *   1. eng_open         DIR/store: RocksDB (or memory) with kv's CFs plus
 *                       RNG_CF_LOCAL, the same cache/write buffer/compression
 *                       as the raw side;
 *   2. rng_store_bootstrap  range 1 plus the default pre-split user ranges;
 *   3. a loop thread of our own (uv_run in a pthread); rng_store_open and
 *      rng_store_close are posted to it (task queue + uv_async_send, as
 *      src/server/loop.c does) and waited for;
 *   4. wait until every range serves reads (one voter elects itself);
 *   5. kv_open from this thread.
 * Close runs the reverse. Raft settings are the node's config defaults.
 *
 * Operations: a write is kv_txn_begin + kv_txn_put + kv_txn_commit (one
 * key, so one range: one-phase commit, one raft proposal that group commit
 * may share with other threads'); a read is a read-only kv_txn_begin +
 * kv_txn_get + kv_txn_commit.
 */
#include "kvbench.h"

#include "common/config.h"
#include "common/err.h"
#include "common/mem.h"
#include "common/metrics.h"
#include "kv/kv.h"
#include "range/range.h"
#include "storage/storage.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#define SF_LABELS          "bench=\"kvbench\""
#define SF_READY_TIMEOUT_S 30
#define SF_PRELOAD_TXN     1000 /* keys per preload transaction */
#define SF_PRELOAD_THREADS 8

struct task {
    void (*fn)(void *arg);
    void *arg;
    struct task *next;
};

struct kvb_sf {
    char dir[4096];
    char store_path[4200];
    char addr[64];
    struct cfg node_cfg; /* defaults: raft and storage settings */
    bool memory;
    struct eng *eng;
    struct rng_store *store;
    struct kv *kv;
    /* the loop thread */
    uv_loop_t loop;
    uv_async_t wakeup;
    pthread_t thread;
    bool loop_started;
    pthread_mutex_t mu; /* guards head, tail, stopping */
    struct task *head, *tail;
    bool stopping;
    /* metrics of this stack (labels SF_LABELS) */
    struct met_counter *m_proposals, *m_entries;
    struct met_histogram *m_raft_commit, *m_kv_commit;
    struct {
        uint64_t proposals, entries, raft_n, kv_n;
        double raft_sum, kv_sum;
    } mark; /* values at the last kvb_sf_report / kvb_sf_mark */
};

/* ---- the loop thread ------------------------------------------------------------ */

static void run_tasks(uv_async_t *h)
{
    struct kvb_sf *s = h->data;
    pthread_mutex_lock(&s->mu);
    struct task *t = s->head;
    s->head = s->tail = NULL;
    bool stopping = s->stopping;
    pthread_mutex_unlock(&s->mu);
    while (t != NULL) {
        struct task *next = t->next;
        t->fn(t->arg);
        xfree(t);
        t = next;
    }
    if (stopping)
        uv_close((uv_handle_t *)&s->wakeup, NULL);
}

static void *loop_main(void *arg)
{
    struct kvb_sf *s = arg;
    pthread_setname_np(pthread_self(), "kvb-loop");
    uv_run(&s->loop, UV_RUN_DEFAULT);
    return NULL;
}

static int loop_start(struct kvb_sf *s, struct err *err)
{
    int rc = uv_loop_init(&s->loop);
    if (rc != 0)
        return err_set(err, ERR_INTERNAL, "uv_loop_init: %s", uv_strerror(rc));
    rc = uv_async_init(&s->loop, &s->wakeup, run_tasks);
    if (rc != 0) {
        uv_loop_close(&s->loop);
        return err_set(err, ERR_INTERNAL, "uv_async_init: %s", uv_strerror(rc));
    }
    s->wakeup.data = s;
    rc = pthread_create(&s->thread, NULL, loop_main, s);
    if (rc != 0) {
        uv_close((uv_handle_t *)&s->wakeup, NULL);
        uv_run(&s->loop, UV_RUN_DEFAULT);
        uv_loop_close(&s->loop);
        return err_errno(err, rc, "pthread_create (loop thread)");
    }
    s->loop_started = true;
    return 0;
}

static void loop_post(struct kvb_sf *s, void (*fn)(void *), void *arg)
{
    struct task *t = xmalloc(sizeof(*t));
    t->fn = fn;
    t->arg = arg;
    t->next = NULL;
    pthread_mutex_lock(&s->mu);
    if (s->tail != NULL)
        s->tail->next = t;
    else
        s->head = t;
    s->tail = t;
    pthread_mutex_unlock(&s->mu);
    uv_async_send(&s->wakeup);
}

/* Run what is queued, close the wakeup handle, join. PRE: store closed. */
static void loop_stop(struct kvb_sf *s)
{
    if (!s->loop_started)
        return;
    pthread_mutex_lock(&s->mu);
    s->stopping = true;
    pthread_mutex_unlock(&s->mu);
    uv_async_send(&s->wakeup);
    pthread_join(s->thread, NULL);
    int rc = uv_loop_close(&s->loop);
    if (rc != 0)
        fprintf(stderr, "kvbench: loop still had handles at stop: %s\n", uv_strerror(rc));
    s->loop_started = false;
}

/* A call run on the loop thread and waited for (store.c's loop_call). */
struct loop_call {
    struct kvb_sf *s;
    int rc;
    struct err err;
    bool done;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void loop_call_finish(struct loop_call *lc, int rc)
{
    pthread_mutex_lock(&lc->mu);
    lc->rc = rc;
    lc->done = true;
    pthread_cond_signal(&lc->cv);
    pthread_mutex_unlock(&lc->mu);
}

static int loop_call(struct kvb_sf *s, void (*fn)(void *), struct err *err)
{
    struct loop_call lc;
    memset(&lc, 0, sizeof(lc));
    lc.s = s;
    pthread_mutex_init(&lc.mu, NULL);
    pthread_cond_init(&lc.cv, NULL);
    loop_post(s, fn, &lc);
    pthread_mutex_lock(&lc.mu);
    while (!lc.done)
        pthread_cond_wait(&lc.cv, &lc.mu);
    pthread_mutex_unlock(&lc.mu);
    pthread_cond_destroy(&lc.cv);
    pthread_mutex_destroy(&lc.mu);
    if (lc.rc != 0 && err != NULL)
        *err = lc.err;
    return lc.rc;
}

/* ---- configuration (as src/server/store.c) -------------------------------------- */

static void engine_options(const struct kvb_sf *s, const struct kvb_config *cfg,
                           struct eng_options *o, const char **cfs)
{
    size_t n = 0;
    eng_options_init(o);
    o->kind = s->memory ? ENG_MEMORY : ENG_ROCKSDB;
    o->compression = (enum eng_compression)cfg->rocks.compression;
    o->block_cache_size_mb = cfg->rocks.block_cache_mb;
    o->write_buffer_size_mb = cfg->rocks.write_buffer_mb;
    o->create_if_missing = true;
    o->metric_labels = SF_LABELS;
    for (size_t i = 0; i < KV_CF_COUNT; i++)
        if (strcmp(kv_cf_names[i], ENG_DEFAULT_CF) != 0)
            cfs[n++] = kv_cf_names[i];
    cfs[n++] = RNG_CF_LOCAL;
    o->cf_names = cfs;
    o->n_cf_names = n;
    kv_engine_options(o);
}

static void range_config(struct kvb_sf *s, struct uv_loop_s *loop, struct rng_store_config *rc)
{
    const struct cfg *c = &s->node_cfg;
    memset(rc, 0, sizeof(*rc));
    rc->data_dir = s->dir;
    rc->node_id = 1;
    rc->listen_address = s->addr;
    rc->advertise_address = s->addr;
    rc->engine = s->eng;
    rc->cfs = kv_cf_names;
    rc->n_cfs = KV_CF_COUNT;
    rc->loop = loop;
    rc->election_timeout_ms = (unsigned)c->raft.election_timeout_ms;
    rc->heartbeat_interval_ms = (unsigned)c->raft.heartbeat_interval_ms;
    rc->snapshot_interval_entries = (unsigned)c->raft.snapshot_interval_entries;
    rc->pre_vote = c->raft.pre_vote;
    rc->check_quorum = c->raft.check_quorum;
    rc->metric_labels = SF_LABELS;
}

/* A free TCP port on 127.0.0.1 for the internode listener (nobody dials a
 * single voter, but the store binds one). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int port = 0;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static void open_on_loop(void *arg)
{
    struct loop_call *lc = arg;
    struct rng_store_config rc;
    range_config(lc->s, &lc->s->loop, &rc);
    loop_call_finish(lc, rng_store_open(&rc, &lc->s->store, &lc->err));
}

static void closed_cb(void *arg)
{
    loop_call_finish(arg, 0);
}

static void close_on_loop(void *arg)
{
    struct loop_call *lc = arg;
    rng_store_close(lc->s->store, closed_cb, lc);
}

/* Every range answers rng_read_begin: each single voter has elected itself. */
static int wait_ready(struct kvb_sf *s, struct err *err)
{
    struct rng_desc *all = NULL;
    size_t n = 0;
    int rc = rng_list(s->store, &all, &n, err);
    uint64_t deadline = kvb_now_ns() + (uint64_t)SF_READY_TIMEOUT_S * 1000000000u;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        for (;;) {
            rc = rng_read_begin(s->store, all[i].range_id, 1000, err);
            if (rc == 0 || kvb_now_ns() > deadline)
                break;
            err_clear(err);
            usleep(20000);
        }
        if (rc != 0)
            err_prefix(err, "range %llu not ready after %d s", (unsigned long long)all[i].range_id,
                       SF_READY_TIMEOUT_S);
    }
    rng_desc_array_free(all, n);
    return rc;
}

/* ---- operations ----------------------------------------------------------------- */

static int sf_write(void *state, const void *key, size_t klen, const void *val, size_t vlen,
                    struct err *err)
{
    struct kvb_sf *s = state;
    struct kv_txn *t;
    int rc = kv_txn_begin(s->kv, KV_ISO_READ_COMMITTED, false, &t, err);
    if (rc != 0)
        return rc;
    rc = kv_txn_put(t, key, klen, val, vlen, err);
    if (rc != 0) {
        kv_txn_rollback(t);
        return rc;
    }
    return kv_txn_commit(t, err);
}

static int sf_read(void *state, const void *key, size_t klen, bool *found, struct err *err)
{
    struct kvb_sf *s = state;
    struct kv_txn *t;
    void *v = NULL;
    size_t vlen = 0;
    int rc = kv_txn_begin(s->kv, KV_ISO_READ_COMMITTED, true, &t, err);
    if (rc != 0)
        return rc;
    rc = kv_txn_get(t, key, klen, NULL, &v, &vlen, found, err);
    xfree(v);
    if (rc != 0) {
        kv_txn_rollback(t);
        return rc;
    }
    return kv_txn_commit(t, err);
}

/* ---- open / close --------------------------------------------------------------- */

int kvb_sf_open(const char *dir, const struct kvb_config *cfg, struct kvb_sf **out,
                struct kvb_side *side, struct err *err)
{
    struct kvb_sf *s = xcalloc(1, sizeof(*s));
    const char *cfs[ENG_MAX_CFS];
    struct eng_options eo;
    struct rng_store_config rc_cfg;
    int rc;

    pthread_mutex_init(&s->mu, NULL);
    cfg_defaults(&s->node_cfg);
    s->memory = cfg->sf_memory;
    snprintf(s->dir, sizeof(s->dir), "%s", dir);
    snprintf(s->store_path, sizeof(s->store_path), "%s/store", dir);
    if (mkdir(s->dir, 0700) != 0 && errno != EEXIST) {
        rc = err_errno(err, errno, "mkdir %s", s->dir);
        goto err_after_alloc;
    }
    snprintf(s->addr, sizeof(s->addr), "127.0.0.1:%d", free_port());

    engine_options(s, cfg, &eo, cfs);
    rc = eng_open(s->memory ? NULL : s->store_path, &eo, &s->eng, err);
    if (rc != 0) {
        err_prefix(err, "storage");
        goto err_after_alloc;
    }
    range_config(s, NULL, &rc_cfg);
    rc = rng_store_bootstrap(&rc_cfg, (int)s->node_cfg.storage.presplit_ranges, err);
    if (rc != 0) {
        err_prefix(err, "bootstrap ranges");
        goto err_after_engine;
    }
    rc = loop_start(s, err);
    if (rc != 0)
        goto err_after_engine;
    rc = loop_call(s, open_on_loop, err);
    if (rc != 0) {
        s->store = NULL;
        err_prefix(err, "ranges");
        goto err_after_loop;
    }
    rc = wait_ready(s, err);
    if (rc != 0)
        goto err_after_store;

    struct kv_options ko;
    kv_options_init(&ko);
    ko.metric_labels = SF_LABELS;
    rc = kv_open(s->store, &ko, &s->kv, err);
    if (rc != 0) {
        err_prefix(err, "transactions");
        goto err_after_store;
    }

    s->m_proposals = met_counter_new("shardforge_raft_proposals_total", "", SF_LABELS);
    s->m_entries = met_counter_new("shardforge_raft_proposal_batches_total", "", SF_LABELS);
    s->m_raft_commit = met_histogram_new("shardforge_raft_commit_latency_seconds", "", SF_LABELS,
                                         met_latency_buckets, met_latency_nbuckets);
    s->m_kv_commit = met_histogram_new("shardforge_kv_commit_seconds", "", SF_LABELS,
                                       met_latency_buckets, met_latency_nbuckets);
    side->name = "shardforge";
    side->state = s;
    side->write = sf_write;
    side->read = sf_read;
    *out = s;
    return 0;

err_after_store:
    loop_call(s, close_on_loop, NULL);
    s->store = NULL;
err_after_loop:
    loop_stop(s);
err_after_engine:
    eng_close(s->eng);
err_after_alloc:
    pthread_mutex_destroy(&s->mu);
    xfree(s);
    return rc;
}

/* ---- preload -------------------------------------------------------------------- */

/* Keys are grouped by range (the first byte decides: ranges are pre-split at
 * single bytes) so that each preload transaction commits in one phase. A
 * key put in the wrong group would only make its transaction two-phase. */
struct preload {
    struct kvb_sf *s;
    const struct kvb_config *cfg;
    const unsigned char *value;
    struct rng_desc *ranges;
    size_t n_ranges;
    uint64_t **by_range; /* key indexes per range */
    size_t *n_by_range;
    atomic_size_t next_chunk; /* over (range, offset) chunks */
    size_t n_chunks;
    size_t *chunk_range, *chunk_off;
    atomic_int failed;
    struct err err;
    pthread_mutex_t mu;
};

static void *preload_main(void *arg)
{
    struct preload *p = arg;
    unsigned char key[KVB_KEY_LEN];
    struct err err = {0};
    for (;;) {
        size_t c = atomic_fetch_add(&p->next_chunk, 1);
        if (c >= p->n_chunks || atomic_load(&p->failed))
            break;
        size_t r = p->chunk_range[c], off = p->chunk_off[c];
        size_t end =
            off + SF_PRELOAD_TXN < p->n_by_range[r] ? off + SF_PRELOAD_TXN : p->n_by_range[r];
        struct kv_txn *t = NULL;
        int rc = kv_txn_begin(p->s->kv, KV_ISO_READ_COMMITTED, false, &t, &err);
        for (size_t i = off; rc == 0 && i < end; i++) {
            kvb_key(p->by_range[r][i], key);
            rc = kv_txn_put(t, key, sizeof(key), p->value, p->cfg->value_size, &err);
        }
        if (rc == 0)
            rc = kv_txn_commit(t, &err);
        else if (t != NULL)
            kv_txn_rollback(t);
        if (rc != 0) {
            pthread_mutex_lock(&p->mu);
            if (!atomic_exchange(&p->failed, 1))
                p->err = err;
            pthread_mutex_unlock(&p->mu);
            break;
        }
    }
    return NULL;
}

int kvb_sf_preload(struct kvb_sf *s, const struct kvb_config *cfg, struct err *err)
{
    struct preload p;
    unsigned char key[KVB_KEY_LEN];
    pthread_t tid[SF_PRELOAD_THREADS];
    int started = 0, rc;

    memset(&p, 0, sizeof(p));
    p.s = s;
    p.cfg = cfg;
    rc = rng_list(s->store, &p.ranges, &p.n_ranges, err);
    if (rc != 0)
        return err_prefix(err, "preload");
    p.by_range = xcalloc(p.n_ranges, sizeof(*p.by_range));
    p.n_by_range = xcalloc(p.n_ranges, sizeof(*p.n_by_range));
    for (size_t r = 0; r < p.n_ranges; r++)
        p.by_range[r] = xmalloc(cfg->keys * sizeof(uint64_t));
    for (uint64_t i = 0; i < cfg->keys; i++) {
        kvb_key(i, key);
        size_t r = 0;
        while (r + 1 < p.n_ranges && !rng_desc_contains(&p.ranges[r], key, sizeof(key)))
            r++;
        p.by_range[r][p.n_by_range[r]++] = i;
    }
    for (size_t r = 0; r < p.n_ranges; r++)
        p.n_chunks += (p.n_by_range[r] + SF_PRELOAD_TXN - 1) / SF_PRELOAD_TXN;
    p.chunk_range = xmalloc((p.n_chunks + 1) * sizeof(size_t));
    p.chunk_off = xmalloc((p.n_chunks + 1) * sizeof(size_t));
    size_t c = 0;
    for (size_t r = 0; r < p.n_ranges; r++)
        for (size_t off = 0; off < p.n_by_range[r]; off += SF_PRELOAD_TXN) {
            p.chunk_range[c] = r;
            p.chunk_off[c++] = off;
        }
    p.value = kvb_value_new(cfg->value_size);
    atomic_init(&p.next_chunk, 0);
    atomic_init(&p.failed, 0);
    pthread_mutex_init(&p.mu, NULL);

    for (; started < SF_PRELOAD_THREADS; started++)
        if (pthread_create(&tid[started], NULL, preload_main, &p) != 0)
            break;
    if (started == 0)
        preload_main(&p);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    rc = 0;
    if (atomic_load(&p.failed)) {
        *err = p.err;
        rc = err_prefix(err, "preload");
    }

    pthread_mutex_destroy(&p.mu);
    xfree((void *)p.value);
    xfree(p.chunk_range);
    xfree(p.chunk_off);
    for (size_t r = 0; r < p.n_ranges; r++)
        xfree(p.by_range[r]);
    xfree(p.by_range);
    xfree(p.n_by_range);
    rng_desc_array_free(p.ranges, p.n_ranges);
    return rc;
}

/* ---- report and close ----------------------------------------------------------- */

void kvb_sf_mark(struct kvb_sf *s)
{
    s->mark.proposals = met_counter_value(s->m_proposals);
    s->mark.entries = met_counter_value(s->m_entries);
    s->mark.raft_n = met_histogram_count(s->m_raft_commit);
    s->mark.raft_sum = met_histogram_sum(s->m_raft_commit);
    s->mark.kv_n = met_histogram_count(s->m_kv_commit);
    s->mark.kv_sum = met_histogram_sum(s->m_kv_commit);
}

void kvb_sf_report(struct kvb_sf *s, FILE *out)
{
    uint64_t dp = met_counter_value(s->m_proposals) - s->mark.proposals;
    uint64_t de = met_counter_value(s->m_entries) - s->mark.entries;
    uint64_t drn = met_histogram_count(s->m_raft_commit) - s->mark.raft_n;
    uint64_t dkn = met_histogram_count(s->m_kv_commit) - s->mark.kv_n;
    double drs = met_histogram_sum(s->m_raft_commit) - s->mark.raft_sum;
    double dks = met_histogram_sum(s->m_kv_commit) - s->mark.kv_sum;
    if (dp > 0 || dkn > 0)
        fprintf(out,
                "      %llu proposals in %llu raft entries (%.1f per entry), "
                "mean raft propose->applied %.0f us, mean kv commit %.0f us\n",
                (unsigned long long)dp, (unsigned long long)de, de ? (double)dp / (double)de : 0.0,
                drn ? drs / (double)drn * 1e6 : 0.0, dkn ? dks / (double)dkn * 1e6 : 0.0);
    kvb_sf_mark(s);
}

void kvb_sf_close(struct kvb_sf *s)
{
    if (s == NULL)
        return;
    kv_close(s->kv);
    if (s->store != NULL)
        loop_call(s, close_on_loop, NULL);
    s->store = NULL;
    loop_stop(s);
    eng_close(s->eng);
    pthread_mutex_destroy(&s->mu);
    xfree(s);
}
