/* range_test.h — header-only helpers for the range layer's unit tests.
 *
 * rt_loop: a libuv loop on its own thread (the "loop thread" of DESIGN.md
 * §3) and a way to run a function on it and wait (rt_loop_call), or to run
 * one that finishes later (rt_loop_call_async + rt_call_done, for
 * rng_store_close's callback). rt_node: one node of a test cluster — an
 * engine, a data directory, a loop thread and a store. Temp directories
 * live under /tmp and are removed by rt_rm_rf.
 *
 * Everything is static inline so that a test file uses what it needs
 * without unused-function warnings.
 */
#ifndef SF_TESTS_RANGE_TEST_H
#define SF_TESTS_RANGE_TEST_H

#include "common/err.h"
#include "common/mem.h"
#include "range/range.h"
#include "storage/storage.h"
#include "test_port.h"

#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

/* ---- loop thread ------------------------------------------------------------ */

struct rt_call {
    void (*fn)(struct rt_call *c);
    void *arg;
    void *arg2;
    int rc;
    bool done;
    struct rt_call *next;
    struct rt_loop *loop;
};

struct rt_loop {
    uv_loop_t loop;
    uv_async_t async;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct rt_call *calls;
    bool stopping;
};

static inline void rt_call_done(struct rt_call *c)
{
    pthread_mutex_lock(&c->loop->mu);
    c->done = true;
    pthread_cond_broadcast(&c->loop->cv);
    pthread_mutex_unlock(&c->loop->mu);
}

static inline void rt__async_cb(uv_async_t *a)
{
    struct rt_loop *l = a->data;
    struct rt_call *c;
    bool stop;
    pthread_mutex_lock(&l->mu);
    c = l->calls;
    l->calls = NULL;
    stop = l->stopping;
    pthread_mutex_unlock(&l->mu);
    /* run in submission order */
    struct rt_call *rev = NULL;
    while (c) {
        struct rt_call *n = c->next;
        c->next = rev;
        rev = c;
        c = n;
    }
    while (rev) {
        struct rt_call *n = rev->next;
        rev->fn(rev);
        rev = n;
    }
    if (stop)
        uv_close((uv_handle_t *)&l->async, NULL);
}

static inline void *rt__thread(void *arg)
{
    struct rt_loop *l = arg;
    uv_run(&l->loop, UV_RUN_DEFAULT);
    return NULL;
}

static inline void rt_loop_start(struct rt_loop *l)
{
    memset(l, 0, sizeof(*l));
    uv_loop_init(&l->loop);
    uv_async_init(&l->loop, &l->async, rt__async_cb);
    l->async.data = l;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    pthread_create(&l->thread, NULL, rt__thread, l);
}

/* Run fn on the loop thread; it calls rt_call_done(c) when finished (maybe
 * later, from a callback). Waits for that. */
static inline int rt_loop_call_async(struct rt_loop *l, void (*fn)(struct rt_call *c), void *arg,
                                     void *arg2)
{
    struct rt_call c;
    memset(&c, 0, sizeof(c));
    c.fn = fn;
    c.arg = arg;
    c.arg2 = arg2;
    c.loop = l;
    pthread_mutex_lock(&l->mu);
    c.next = l->calls;
    l->calls = &c;
    uv_async_send(&l->async);
    while (!c.done)
        pthread_cond_wait(&l->cv, &l->mu);
    pthread_mutex_unlock(&l->mu);
    return c.rc;
}

struct rt__sync {
    void (*fn)(void *arg);
    void *arg;
};

static inline void rt__sync_call(struct rt_call *c)
{
    struct rt__sync *s = c->arg;
    s->fn(s->arg);
    rt_call_done(c);
}

/* Run fn(arg) on the loop thread and wait for it to return. */
static inline void rt_loop_call(struct rt_loop *l, void (*fn)(void *arg), void *arg)
{
    struct rt__sync s = {fn, arg};
    rt_loop_call_async(l, rt__sync_call, &s, NULL);
}

/* Stop: the loop ends once every other handle is closed. */
static inline void rt_loop_stop(struct rt_loop *l)
{
    pthread_mutex_lock(&l->mu);
    l->stopping = true;
    uv_async_send(&l->async);
    pthread_mutex_unlock(&l->mu);
    pthread_join(l->thread, NULL);
    uv_loop_close(&l->loop);
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->cv);
}

/* ---- files and ports ----------------------------------------------------------- */

static inline int rt__rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void rt_rm_rf(const char *path)
{
    nftw(path, rt__rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void rt_mkdtemp(char *buf, size_t cap)
{
    snprintf(buf, cap, "/tmp/sf_rng_XXXXXX");
    if (mkdtemp(buf) == NULL)
        abort();
}

/* A TCP port on 127.0.0.1 for a node (test_port.h). */
static inline int rt_free_port(void)
{
    return test_free_port();
}

static inline double rt_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void rt_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- a node: engine + data dir + loop + store ------------------------------------- */

static const char *const rt_cfs[] = {ENG_DEFAULT_CF, "lock"};
static const char *const rt_eng_cfs[] = {RNG_CF_LOCAL, "lock"};

struct rt_node {
    char dir[256];
    char eng_dir[300];
    char addr[64];
    enum eng_kind kind;
    struct eng *eng;
    struct rt_loop lp;
    bool loop_running;
    struct rng_store *store;
    struct rng_store_config cfg;
    char labels[64];
    struct err err;
};

static inline int rt_node_engine_open(struct rt_node *n)
{
    struct eng_options o;
    struct err e = {0};
    eng_options_init(&o);
    o.kind = n->kind;
    o.cf_names = rt_eng_cfs;
    o.n_cf_names = 2;
    o.block_cache_size_mb = 8;
    o.write_buffer_size_mb = 8;
    return eng_open(n->kind == ENG_MEMORY ? NULL : n->eng_dir, &o, &n->eng, &e);
}

/* Set up node id with its own temp dir and engine; port 0 picks a free one. */
static inline void rt_node_init(struct rt_node *n, uint64_t id, enum eng_kind kind, int port)
{
    memset(n, 0, sizeof(*n));
    /* like the server (cli/cmd_start.c): a peer closing a connection must
     * not kill the process while libuv writes to it */
    signal(SIGPIPE, SIG_IGN);
    rt_mkdtemp(n->dir, sizeof(n->dir));
    snprintf(n->eng_dir, sizeof(n->eng_dir), "%s/engine", n->dir);
    snprintf(n->addr, sizeof(n->addr), "127.0.0.1:%d", port ? port : rt_free_port());
    snprintf(n->labels, sizeof(n->labels), "node=\"%llu\"", (unsigned long long)id);
    n->kind = kind;
    if (rt_node_engine_open(n) != 0)
        abort();
    n->cfg.data_dir = n->dir;
    n->cfg.node_id = id;
    n->cfg.listen_address = n->addr;
    n->cfg.engine = n->eng;
    n->cfg.cfs = rt_cfs;
    n->cfg.n_cfs = 2;
    n->cfg.election_timeout_ms = 1000;
    n->cfg.heartbeat_interval_ms = 100;
    n->cfg.snapshot_interval_entries = 0;
    n->cfg.pre_vote = true;
    n->cfg.check_quorum = true;
    n->cfg.metric_labels = n->labels;
}

static inline void rt__open_cb(void *arg)
{
    struct rt_node *n = arg;
    err_clear(&n->err);
    n->cfg.loop = &n->lp.loop;
    if (rng_store_open(&n->cfg, &n->store, &n->err) != 0)
        n->store = NULL;
}

/* Start the loop thread (if needed) and open the store; returns 0 or rc. */
static inline int rt_node_open(struct rt_node *n)
{
    if (!n->loop_running) {
        rt_loop_start(&n->lp);
        n->loop_running = true;
    }
    rt_loop_call(&n->lp, rt__open_cb, n);
    return n->store ? 0 : n->err.code;
}

static inline void rt__closed_cb(void *arg)
{
    rt_call_done(arg);
}

static inline void rt__close_call(struct rt_call *c)
{
    struct rt_node *n = c->arg;
    rng_store_close(n->store, rt__closed_cb, c);
}

/* Close the store (waits for its callback); the loop keeps running. */
static inline void rt_node_close_store(struct rt_node *n)
{
    if (n->store == NULL)
        return;
    rt_loop_call_async(&n->lp, rt__close_call, n, NULL);
    n->store = NULL;
}

/* Close everything and remove the node's directory. */
static inline void rt_node_destroy(struct rt_node *n)
{
    rt_node_close_store(n);
    if (n->loop_running) {
        rt_loop_stop(&n->lp);
        n->loop_running = false;
    }
    eng_close(n->eng);
    n->eng = NULL;
    rt_rm_rf(n->dir);
}

/* A batch putting key=value in CF index 0. */
static inline struct rng_batch *rt_put(const char *key, const char *val)
{
    struct rng_batch *b = rng_batch_new();
    rng_batch_put(b, 0, key, strlen(key), val, strlen(val));
    return b;
}

static inline int rt_propose_put(struct rng_store *s, uint64_t range, const char *key,
                                 const char *val, int timeout_ms, struct err *err)
{
    struct rng_batch *b = rt_put(key, val);
    int rc = rng_propose(s, range, b, timeout_ms, err);
    rng_batch_free(b);
    return rc;
}

/* Value of key in CF "default" of e, or NULL (caller frees). */
static inline char *rt_get(struct eng *e, const char *key)
{
    void *v = NULL;
    size_t vlen = 0;
    struct err err = {0};
    if (eng_get(eng_cf(e, ENG_DEFAULT_CF), NULL, key, strlen(key), NULL, &v, &vlen, &err) != 0)
        return NULL;
    char *s = malloc(vlen + 1);
    memcpy(s, v, vlen);
    s[vlen] = '\0';
    xfree(v);
    return s;
}

/* Wait until rng_read_begin says this node leads range (returns true), up
 * to ms. */
static inline bool rt_wait_leader(struct rng_store *s, uint64_t range, int ms)
{
    double end = rt_now() + ms / 1000.0;
    struct err e = {0};
    while (rt_now() < end) {
        err_clear(&e);
        if (rng_read_begin(s, range, 500, &e) == 0)
            return true;
        rt_sleep_ms(20);
    }
    fprintf(stderr, "rt_wait_leader: range %llu: %s\n", (unsigned long long)range, e.msg);
    return false;
}

#endif
