/* store.c — the node's data path: engine, range replicas, transactions.
 *
 * Start-up order (reverse on stop):
 *   1. eng_open      the node's engine at DATA/store (RocksDB) or in memory,
 *                    with kv's column families plus RNG_CF_LOCAL;
 *   2. rng_store_open on the loop thread (libraft is single-threaded);
 *   3. kv_open       from this thread (it proposes through range 1).
 * A memory engine keeps nothing across restarts, so its Raft logs live in
 * DATA/raft-memory, wiped and bootstrapped again at every start.
 */
#include "server/server_int.h"

#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "kv/kv.h"
#include "range/range.h"
#include "storage/storage.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_DIR        "store"
#define MEMORY_RAFT_DIR  "raft-memory"
#define STORE_OP_TIMEOUT 30 /* seconds to wait for the loop thread */

/* Engine CFs: kv's, then the range layer's node-local one. */
static void engine_options(const struct cfg *c, struct eng_options *o, const char **cfs,
                           size_t *n_cfs)
{
    eng_options_init(o);
    eng_kind_parse(c->storage.engine, &o->kind);
    eng_compression_parse(c->storage.compression, &o->compression);
    o->block_cache_size_mb = (size_t)c->storage.block_cache_size_mb;
    o->write_buffer_size_mb = (size_t)c->storage.write_buffer_size_mb;
    o->create_if_missing = true;
    size_t n = 0;
    for (size_t i = 0; i < KV_CF_COUNT; i++)
        if (strcmp(kv_cf_names[i], ENG_DEFAULT_CF) != 0)
            cfs[n++] = kv_cf_names[i];
    cfs[n++] = RNG_CF_LOCAL;
    o->cf_names = cfs;
    o->n_cf_names = n;
    kv_engine_options(o);
    *n_cfs = n;
}

static void range_config(const struct cfg *c, const char *raft_dir, struct eng *e,
                         struct uv_loop_s *loop, struct rng_store_config *rc)
{
    memset(rc, 0, sizeof(*rc));
    rc->data_dir = raft_dir;
    rc->node_id = (uint64_t)c->cluster.node_id;
    rc->listen_address = c->cluster.bind_address;
    rc->advertise_address =
        c->cluster.advertise_address[0] ? c->cluster.advertise_address : c->cluster.bind_address;
    rc->engine = e;
    rc->cfs = kv_cf_names;
    rc->n_cfs = KV_CF_COUNT;
    rc->loop = loop;
    rc->election_timeout_ms = (unsigned)c->raft.election_timeout_ms;
    rc->heartbeat_interval_ms = (unsigned)c->raft.heartbeat_interval_ms;
    rc->snapshot_interval_entries = (unsigned)c->raft.snapshot_interval_entries;
    rc->snapshot_interval_bytes = (uint64_t)c->raft.snapshot_interval_bytes;
    rc->pre_vote = c->raft.pre_vote;
    rc->check_quorum = c->raft.check_quorum;
}

static int rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d == NULL)
            return -1;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[PATH_MAX];
            snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
            if (rm_tree(sub) != 0) {
                closedir(d);
                return -1;
            }
        }
        closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}

int srv_store_bootstrap(const struct cfg *c, struct err *err)
{
    char path[PATH_MAX];
    const char *cfs[ENG_MAX_CFS];
    size_t n_cfs;
    struct eng_options eo;
    struct eng *e = NULL;
    int rc;

    engine_options(c, &eo, cfs, &n_cfs);
    if (eo.kind == ENG_MEMORY)
        return 0; /* bootstrapped at every start */
    snprintf(path, sizeof(path), "%s/%s", c->cluster.data_directory, STORE_DIR);
    rc = eng_open(path, &eo, &e, err);
    if (rc != 0)
        return err_prefix(err, "storage");
    struct rng_store_config rcfg;
    range_config(c, c->cluster.data_directory, e, NULL, &rcfg);
    rc = rng_store_bootstrap(&rcfg, (int)c->storage.presplit_ranges, err);
    if (rc != 0)
        err_prefix(err, "bootstrap ranges");
    eng_close(e);
    return rc;
}

/* Run fn on the loop thread and wait for it. */
struct loop_call {
    struct srv_node *node;
    int rc;
    struct err err;
    bool done;
    pthread_mutex_t mu;
    pthread_cond_t cond;
};

static void loop_call_finish(struct loop_call *lc, int rc)
{
    pthread_mutex_lock(&lc->mu);
    lc->rc = rc;
    lc->done = true;
    pthread_cond_signal(&lc->cond);
    pthread_mutex_unlock(&lc->mu);
}

static void open_on_loop(void *arg)
{
    struct loop_call *lc = arg;
    struct srv_node *node = lc->node;
    struct rng_store_config rcfg;
    range_config(&node->cfg, node->raft_dir, node->eng, &node->loop.loop, &rcfg);
    char labels[64];
    snprintf(labels, sizeof(labels), "node=\"%lld\"", (long long)node->cfg.cluster.node_id);
    rcfg.metric_labels = labels;
    int rc = rng_store_open(&rcfg, &node->rng, &lc->err);
    loop_call_finish(lc, rc);
}

static void closed_cb(void *arg)
{
    loop_call_finish(arg, 0);
}

static void close_on_loop(void *arg)
{
    struct loop_call *lc = arg;
    rng_store_close(lc->node->rng, closed_cb, lc);
}

static int loop_call(struct srv_node *node, void (*fn)(void *), struct err *err)
{
    struct loop_call lc;
    memset(&lc, 0, sizeof(lc));
    lc.node = node;
    pthread_mutex_init(&lc.mu, NULL);
    pthread_cond_init(&lc.cond, NULL);
    int rc = srv__loop_post(&node->loop, fn, &lc);
    if (rc != 0) {
        pthread_cond_destroy(&lc.cond);
        pthread_mutex_destroy(&lc.mu);
        return err_set(err, rc, "loop thread is not running");
    }
    pthread_mutex_lock(&lc.mu);
    while (!lc.done)
        pthread_cond_wait(&lc.cond, &lc.mu);
    pthread_mutex_unlock(&lc.mu);
    pthread_cond_destroy(&lc.cond);
    pthread_mutex_destroy(&lc.mu);
    if (lc.rc != 0 && err != NULL)
        *err = lc.err;
    return lc.rc;
}

int srv__store_open(struct srv_node *node, struct err *err)
{
    const struct cfg *c = &node->cfg;
    char path[PATH_MAX];
    const char *cfs[ENG_MAX_CFS];
    size_t n_cfs;
    struct eng_options eo;
    int rc;

    engine_options(c, &eo, cfs, &n_cfs);
    char labels[64];
    snprintf(labels, sizeof(labels), "node=\"%lld\"", (long long)c->cluster.node_id);
    eo.metric_labels = labels;
    snprintf(path, sizeof(path), "%s/%s", c->cluster.data_directory, STORE_DIR);
    rc = eng_open(path, &eo, &node->eng, err);
    if (rc != 0)
        return err_prefix(err, "storage");

    if (eo.kind == ENG_MEMORY) {
        snprintf(node->raft_dir, sizeof(node->raft_dir), "%s/%s", c->cluster.data_directory,
                 MEMORY_RAFT_DIR);
        if (rm_tree(node->raft_dir) != 0 || mkdir(node->raft_dir, 0700) != 0) {
            rc = err_errno(err, errno, "storage: reset %s", node->raft_dir);
            goto err_after_engine;
        }
        struct rng_store_config rcfg;
        range_config(c, node->raft_dir, node->eng, NULL, &rcfg);
        rc = rng_store_bootstrap(&rcfg, (int)c->storage.presplit_ranges, err);
        if (rc != 0) {
            err_prefix(err, "bootstrap ranges (memory engine)");
            goto err_after_engine;
        }
    } else {
        snprintf(node->raft_dir, sizeof(node->raft_dir), "%s", c->cluster.data_directory);
    }

    rc = loop_call(node, open_on_loop, err);
    if (rc != 0) {
        err_prefix(err, "ranges (cluster.bind_address %s)", c->cluster.bind_address);
        goto err_after_engine;
    }

    struct kv_options ko;
    kv_options_init(&ko);
    ko.metric_labels = labels;
    rc = kv_open(node->rng, &ko, &node->kv, err);
    if (rc != 0) {
        err_prefix(err, "transactions");
        goto err_after_ranges;
    }
    return 0;

err_after_ranges:
    loop_call(node, close_on_loop, NULL);
    node->rng = NULL;
err_after_engine:
    eng_close(node->eng);
    node->eng = NULL;
    return rc;
}

void srv__store_close(struct srv_node *node)
{
    if (node->kv != NULL) {
        kv_close(node->kv);
        node->kv = NULL;
    }
    if (node->rng != NULL) {
        loop_call(node, close_on_loop, NULL);
        node->rng = NULL;
    }
    if (node->eng != NULL) {
        eng_close(node->eng);
        node->eng = NULL;
    }
}

void srv__store_gc_job(void *arg)
{
    struct srv_node *node = arg;
    struct kv_gc_stats st;
    struct err err = {0};
    if (node->kv == NULL)
        return;
    int rc = kv_gc_run(node->kv, (uint64_t)node->cfg.gc.ttl_seconds * 1000u, &st, &err);
    if (rc != 0)
        log_warn("kv", "garbage collection: %s", err.msg);
    else if (st.versions_removed > 0 || st.locks_resolved > 0)
        log_info("kv", "garbage collection: %llu versions removed, %llu locks resolved",
                 (unsigned long long)st.versions_removed, (unsigned long long)st.locks_resolved);
}
