/* node.c — a node's lifecycle: start every component in order, serve, stop
 * them in reverse (see the state diagram in server.h). */
#include "server/server_int.h"

#include "build_info.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/metrics.h"
#include "common/str.h"

#include "range/range.h"

#include <jansson.h>
#include <malloc.h>
#include <raft.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const state_names[] = {"starting", "serving", "draining", "stopped"};

const char *srv_node_state_name(enum srv_node_state s)
{
    if ((int)s < 0 || s > SRV_STOPPED)
        return "unknown";
    return state_names[s];
}

enum srv_node_state srv_node_state(const struct srv_node *node)
{
    return (enum srv_node_state)atomic_load(&node->state);
}

/* Allowed transitions: forward only, and STARTING may fail straight to STOPPED. */
static void node_move(struct srv_node *node, enum srv_node_state to)
{
    enum srv_node_state from = srv_node_state(node);
    static const bool allowed[4][4] = {
        /* to:        STARTING SERVING DRAINING STOPPED */
        /* STARTING */ {false, true, true, true},
        /* SERVING  */ {false, false, true, true},
        /* DRAINING */ {false, false, false, true},
        /* STOPPED  */ {false, false, false, false},
    };
    if (!allowed[from][to]) {
        log_error("server", "node: refused state change %s -> %s", srv_node_state_name(from),
                  srv_node_state_name(to));
        return;
    }
    atomic_store(&node->state, (int)to);
    log_msg(LOG_INFO, "server", "node state", "from", srv_node_state_name(from), "to",
            srv_node_state_name(to), NULL);
}

/* Loop-lag probe: the background thread posts a task stamped with the time
 * and the loop thread records how long it waited. */
struct lag_probe {
    struct srv_node *node;
    uint64_t posted_us;
};

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void lag_probe_run(void *arg)
{
    struct lag_probe *p = arg;
    atomic_store(&p->node->loop_lag_us, mono_us() - p->posted_us);
    xfree(p);
}

static void job_loop_lag(void *arg)
{
    struct srv_node *node = arg;
    struct lag_probe *p = xmalloc(sizeof(*p));
    p->node = node;
    p->posted_us = mono_us();
    if (srv__loop_post(&node->loop, lag_probe_run, p) != 0)
        xfree(p);
}

/* glibc keeps freed memory in its arenas (one per thread that allocated)
 * and gives back only what lies at the top of a heap: after a bulk load
 * (COPY's streaming buffers, raft entries dropped by a snapshot) a node held
 * ~130 MB it no longer used. malloc_trim returns every free page of every
 * arena to the kernel; it is cheap when little is free, so it runs only when
 * the arenas hold at least MALLOC_TRIM_MIN free bytes. */
#define MALLOC_TRIM_MIN ((size_t)16 << 20)

static void job_malloc_trim(void *arg)
{
    struct mallinfo2 mi = mallinfo2();
    (void)arg;
    if (mi.fordblks >= MALLOC_TRIM_MIN)
        malloc_trim(0);
}

int srv_node_start(const struct cfg *cfg, const char *config_path, struct srv_node **out,
                   struct err *err)
{
    struct srv_node *node = xcalloc(1, sizeof(*node));
    char host[256];
    int port, rc;

    node->cfg = *cfg;
    node->lock_fd = -1;
    snprintf(node->config_path, sizeof(node->config_path), "%s", config_path ? config_path : "");
    atomic_store(&node->state, SRV_STARTING);
    node->started_at = srv__now_seconds();
    const char *dir = node->cfg.cluster.data_directory;

    rc = srv_cluster_read(dir, &node->id, err);
    if (rc == ERR_NOTFOUND) {
        err_set(err, ERR_CONFIG,
                "data directory %s is not initialized (no %s file); run: shardforge init "
                "--single-node --data-dir %s",
                dir, SRV_CLUSTER_FILE, dir);
        goto err_after_alloc;
    }
    if (rc != 0)
        goto err_after_alloc;
    if (cfg->cluster.cluster_id[0] != '\0' &&
        strcmp(cfg->cluster.cluster_id, node->id.cluster_id) != 0) {
        rc = err_set(err, ERR_CONFIG,
                     "cluster.cluster_id %s does not match the data directory's cluster %s (%s/%s)",
                     cfg->cluster.cluster_id, node->id.cluster_id, dir, SRV_CLUSTER_FILE);
        goto err_after_alloc;
    }
    if (cfg->cluster.node_id != node->id.node_id) {
        rc = err_set(err, ERR_CONFIG,
                     "cluster.node_id %lld does not match the data directory's node id %lld "
                     "(%s/%s)",
                     (long long)cfg->cluster.node_id, (long long)node->id.node_id, dir,
                     SRV_CLUSTER_FILE);
        goto err_after_alloc;
    }

    rc = srv_datadir_lock(dir, &node->lock_fd, err);
    if (rc != 0)
        goto err_after_alloc;

    srv__proc_metrics_register(node);

    rc = srv__loop_start(&node->loop, err);
    if (rc != 0)
        goto err_after_lock;

    rc = srv__store_open(node, err);
    if (rc != 0)
        goto err_after_loop;

    srv__bg_add_job(&node->bg, "loop-lag", 1000, job_loop_lag, node);
    srv__bg_add_job(&node->bg, "malloc-trim", 2000, job_malloc_trim, NULL);
    srv__bg_add_job(&node->bg, "mvcc-gc", (uint64_t)node->cfg.gc.interval_seconds * 1000u,
                    srv__store_gc_job, node);
    rc = srv__bg_start(&node->bg, err);
    if (rc != 0)
        goto err_after_store;

    rc = srv__pgwire_start(node, err);
    if (rc != 0)
        goto err_after_bg;

    port = (int)node->cfg.monitoring.metrics_port;
    snprintf(host, sizeof(host), "%s", node->cfg.monitoring.http_address);
    rc = srv__http_start(node, host, port, &node->http, err);
    if (rc != 0) {
        err_prefix(err, "admin http (monitoring.http_address / monitoring.metrics_port; change "
                        "them in the config or pass --http-listen HOST:PORT)");
        goto err_after_pgwire;
    }
    if (strchr(host, ':') != NULL)
        snprintf(node->admin_url, sizeof(node->admin_url), "http://[%s]:%d", host, port);
    else
        snprintf(node->admin_url, sizeof(node->admin_url), "http://%s:%d", host, port);

    node_move(node, SRV_SERVING);
    *out = node;
    return 0;

err_after_pgwire:
    (void)srv__pgwire_stop(node); /* nothing runs yet: always clean */
err_after_bg:
    srv__bg_stop(&node->bg);
err_after_store:
    srv__store_close(node);
err_after_loop:
    srv__loop_stop(&node->loop);
err_after_lock:
    srv_datadir_unlock(dir, node->lock_fd);
err_after_alloc:
    xfree(node);
    return rc;
}

void srv_node_stop(struct srv_node *node)
{
    if (node == NULL)
        return;
    node_move(node, SRV_DRAINING);
    /* Reverse order of start. The admin server goes last so /ready reports
     * draining while the rest shuts down; SQL sessions go first. */
    if (!srv__pgwire_stop(node)) {
        /* A session thread is still inside kv: closing kv and the store
         * under it would be a use after free. Every acknowledged write is
         * already durable (synced Raft log and engine), so leave without
         * closing, as PostgreSQL's immediate shutdown does. */
        log_error("node", "SQL sessions still running after the stop limit; exiting without "
                          "closing the store (acknowledged writes are durable)");
        srv_datadir_unlock(node->cfg.cluster.data_directory, node->lock_fd);
        _exit(1);
    }
    srv__bg_stop(&node->bg);
    srv__store_close(node);
    srv__loop_stop(&node->loop);
    node_move(node, SRV_STOPPED);
    srv__http_stop(node->http);
    srv_datadir_unlock(node->cfg.cluster.data_directory, node->lock_fd);
    xfree(node);
}

const char *srv_node_admin_url(const struct srv_node *node)
{
    return node->admin_url;
}

int srv_node_reload(struct srv_node *node, const struct cfg *next, struct sbuf *out)
{
    int changed = cfg_reload(&node->cfg, next, out);
    int lvl = log_level_parse(node->cfg.monitoring.log_level);
    if (lvl >= 0)
        log_set_level((enum log_level)lvl);
    log_set_structured(node->cfg.monitoring.structured_logging);

    /* Name what changed in the file but needs a restart. */
    struct sbuf a, b;
    sbuf_init(&a);
    sbuf_init(&b);
    struct cfg cur = node->cfg, nxt = *next;
    memset(cur.source, 0, sizeof(cur.source));
    memset(nxt.source, 0, sizeof(nxt.source));
    memset(cur.source_line, 0, sizeof(cur.source_line));
    memset(nxt.source_line, 0, sizeof(nxt.source_line));
    cfg_print(&cur, &a);
    cfg_print(&nxt, &b);
    if (out != NULL && strcmp(a.data, b.data) != 0)
        sbuf_puts(out, "some changed settings take effect only after a restart\n");
    sbuf_free(&a);
    sbuf_free(&b);
    return changed;
}

/* Hex of a range boundary, "" for the empty key. */
static json_t *key_json(const unsigned char *k, size_t n, bool inf)
{
    if (inf)
        return json_string("+inf");
    char buf[2 * 64 + 4];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < sizeof(buf); i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%02x", k[i]);
    if (n > 64)
        snprintf(buf + o, sizeof(buf) - o, "..");
    buf[o < sizeof(buf) ? o : sizeof(buf) - 1] = '\0';
    return json_string(buf);
}

static const char *raft_state_name(int st)
{
    switch (st) {
    case RAFT_FOLLOWER:
        return "follower";
    case RAFT_CANDIDATE:
        return "candidate";
    case RAFT_LEADER:
        return "leader";
    default:
        return "unavailable";
    }
}

/* Every range with this replica's Raft state. */
static json_t *ranges_json(struct srv_node *node)
{
    json_t *arr = json_array();
    struct rng_desc *descs = NULL;
    size_t nd = 0, ns = 0;
    struct rng_replica_status *st = NULL;
    struct err err = {0};
    if (node->rng == NULL || rng_list(node->rng, &descs, &nd, &err) != 0)
        return arr;
    if (rng_store_status(node->rng, &st, &ns) != 0) {
        st = NULL;
        ns = 0;
    }
    for (size_t i = 0; i < nd; i++) {
        const struct rng_desc *d = &descs[i];
        json_t *r = json_object();
        json_object_set_new(r, "range_id", json_integer((json_int_t)d->range_id));
        json_object_set_new(r, "start", key_json(d->start, d->start_len, false));
        json_object_set_new(r, "end", key_json(d->end, d->end_len, d->end_inf));
        json_object_set_new(r, "replicas", json_integer(d->n_replicas));
        for (size_t j = 0; j < ns; j++) {
            if (st[j].range_id != d->range_id)
                continue;
            json_object_set_new(r, "state", json_string(raft_state_name(st[j].raft_state)));
            json_object_set_new(r, "leader", json_integer((json_int_t)st[j].leader_id));
            json_object_set_new(r, "term", json_integer((json_int_t)st[j].term));
            json_object_set_new(r, "commit_index", json_integer((json_int_t)st[j].commit_index));
            json_object_set_new(r, "applied_index", json_integer((json_int_t)st[j].applied_index));
            json_object_set_new(r, "lease_valid", json_boolean(st[j].lease_valid));
            json_object_set_new(r, "failed", json_boolean(st[j].failed));
        }
        json_array_append_new(arr, r);
    }
    rng_desc_array_free(descs, nd);
    free(st);
    return arr;
}

void srv_node_status_json(struct srv_node *node, bool detailed, struct sbuf *out)
{
    const struct cfg *c = &node->cfg;
    json_t *root = json_object();
    json_object_set_new(root, "node_id", json_integer(node->id.node_id));
    json_object_set_new(root, "cluster_id", json_string(node->id.cluster_id));
    json_object_set_new(root, "cluster_name", json_string(c->cluster.name));
    json_object_set_new(root, "version", json_string(SF_VERSION));
    json_object_set_new(root, "commit", json_string(SF_GIT_COMMIT));
    json_object_set_new(root, "state", json_string(srv_node_state_name(srv_node_state(node))));
    json_object_set_new(root, "pid", json_integer((json_int_t)getpid()));
    json_object_set_new(root, "started_at", json_real(node->started_at));
    json_object_set_new(root, "uptime_seconds", json_real(srv__now_seconds() - node->started_at));
    json_object_set_new(root, "data_directory", json_string(c->cluster.data_directory));
    json_t *addrs = json_object();
    json_object_set_new(addrs, "sql", json_string(c->cluster.sql_address));
    json_object_set_new(addrs, "internode", json_string(c->cluster.bind_address));
    json_object_set_new(addrs, "advertise",
                        json_string(c->cluster.advertise_address[0] ? c->cluster.advertise_address
                                                                    : c->cluster.bind_address));
    json_object_set_new(addrs, "admin", json_string(node->admin_url));
    json_object_set_new(root, "addresses", addrs);
    json_t *storage = json_object();
    json_object_set_new(storage, "engine", json_string(c->storage.engine));
    json_object_set_new(root, "storage", storage);
    json_object_set_new(root, "ranges", ranges_json(node));
    if (detailed) {
        json_t *proc = json_object();
        json_object_set_new(proc, "rss_bytes", json_real(srv__proc_rss_bytes()));
        json_object_set_new(proc, "open_fds", json_real(srv__proc_open_fds()));
        json_object_set_new(proc, "threads", json_real(srv__proc_threads()));
        json_object_set_new(proc, "loop_lag_seconds",
                            json_real((double)atomic_load(&node->loop_lag_us) / 1e6));
        json_object_set_new(root, "process", proc);
        json_object_set_new(root, "config_file", json_string(node->config_path));
    }
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s != NULL) {
        sbuf_puts(out, s);
        sbuf_putc(out, '\n');
        free(s);
    }
    json_decref(root);
}
