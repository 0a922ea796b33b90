/* kv_test.h — a real single-node stack for kv tests (header-only).
 *
 * kvt_start() builds, in a fresh mkdtemp directory: an engine (rocksdb or
 * memory) with kv's CFs and RNG_CF_LOCAL, rng_store_bootstrap with range 1
 * plus `presplit` user ranges, a loop thread that opens the range store and
 * runs its uv loop, waits until every range serves reads, then kv_open.
 * kvt_stop() closes all of it in reverse order (kv, store on its loop
 * thread, loop, engine) and removes the directory; kvt_restart() closes and
 * reopens the same directory (rocksdb: durable state survives).
 *
 * Helpers never assert from other threads; they return codes.
 */
#ifndef SF_TESTS_KV_TEST_H
#define SF_TESTS_KV_TEST_H

#include "common/err.h"
#include "common/mem.h"
#include "kv/kv.h"
#include "range/range.h"
#include "storage/storage.h"
#include "test_port.h"

#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

struct kvt {
    char dir[256];
    char addr[64];
    enum eng_kind kind;
    int presplit;
    struct eng *eng;
    struct rng_store *store;
    struct kv *kv;
    struct kv_options kopt;
    uv_loop_t loop;
    uv_async_t stop_async;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool opened;
    int open_rc;
    struct err open_err;
    bool running;
};

static const char *const kvt_engine_cfs[] = {"lock", "write", "data", RNG_CF_LOCAL};

static int kvt__rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void kvt_rm_rf(const char *path)
{
    nftw(path, kvt__rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A TCP port on 127.0.0.1 for a node (test_port.h). */
static inline int kvt_free_port(void)
{
    return test_free_port();
}

static inline void kvt__config(struct kvt *t, struct rng_store_config *c)
{
    memset(c, 0, sizeof *c);
    c->data_dir = t->dir;
    c->node_id = 1;
    c->listen_address = t->addr;
    c->engine = t->eng;
    c->cfs = kv_cf_names;
    c->n_cfs = KV_CF_COUNT;
    c->loop = &t->loop;
    c->election_timeout_ms = 200;
    c->heartbeat_interval_ms = 20;
    c->snapshot_interval_entries = 1024;
}

static void kvt__closed(void *arg)
{
    struct kvt *t = arg;
    uv_close((uv_handle_t *)&t->stop_async, NULL);
}

static void kvt__stop_cb(uv_async_t *a)
{
    struct kvt *t = a->data;
    if (t->store != NULL)
        rng_store_close(t->store, kvt__closed, t);
    else
        uv_close((uv_handle_t *)&t->stop_async, NULL);
}

static void *kvt__loop_main(void *arg)
{
    struct kvt *t = arg;
    struct rng_store_config c;
    kvt__config(t, &c);
    uv_async_init(&t->loop, &t->stop_async, kvt__stop_cb);
    t->stop_async.data = t;
    int rc = rng_store_open(&c, &t->store, &t->open_err);
    pthread_mutex_lock(&t->mu);
    t->open_rc = rc;
    t->opened = true;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    if (rc != 0) {
        t->store = NULL;
        uv_close((uv_handle_t *)&t->stop_async, NULL);
    }
    uv_run(&t->loop, UV_RUN_DEFAULT);
    return NULL;
}

/* Open engine, store (bootstrapping a new directory) and kv. */
static inline int kvt__open(struct kvt *t, bool bootstrap, struct err *err)
{
    struct eng_options o;
    eng_options_init(&o);
    o.kind = t->kind;
    o.cf_names = kvt_engine_cfs;
    o.n_cf_names = sizeof kvt_engine_cfs / sizeof kvt_engine_cfs[0];
    kv_engine_options(&o); /* as the server opens it */
    o.block_cache_size_mb = 8;
    o.write_buffer_size_mb = 8;
    char path[300];
    snprintf(path, sizeof path, "%s/engine", t->dir);
    int rc = eng_open(path, &o, &t->eng, err);
    if (rc != 0)
        return rc;
    snprintf(t->addr, sizeof t->addr, "127.0.0.1:%d", kvt_free_port());
    if (bootstrap) {
        struct rng_store_config c;
        kvt__config(t, &c);
        c.loop = NULL;
        rc = rng_store_bootstrap(&c, t->presplit, err);
        if (rc != 0)
            return rc;
    }
    uv_loop_init(&t->loop);
    t->opened = false;
    t->store = NULL;
    pthread_create(&t->thread, NULL, kvt__loop_main, t);
    t->running = true;
    pthread_mutex_lock(&t->mu);
    while (!t->opened)
        pthread_cond_wait(&t->cv, &t->mu);
    pthread_mutex_unlock(&t->mu);
    if (t->open_rc != 0) {
        *err = t->open_err;
        return t->open_rc;
    }
    /* wait until every range serves reads (single voters elect themselves) */
    struct rng_desc *all = NULL;
    size_t n = 0;
    rc = rng_list(t->store, &all, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        for (int tries = 0;; tries++) {
            rc = rng_read_begin(t->store, all[i].range_id, 1000, err);
            if (rc == 0 || tries > 200)
                break;
            usleep(20000);
        }
    }
    rng_desc_array_free(all, n);
    if (rc != 0)
        return rc;
    return kv_open(t->store, &t->kopt, &t->kv, err);
}

/* Close kv, the store (on its loop), the loop and the engine. */
static inline void kvt__close(struct kvt *t)
{
    if (t->kv != NULL) {
        kv_close(t->kv);
        t->kv = NULL;
    }
    if (t->running) {
        uv_async_send(&t->stop_async);
        pthread_join(t->thread, NULL);
        uv_loop_close(&t->loop);
        t->running = false;
        t->store = NULL;
    }
    if (t->eng != NULL) {
        eng_close(t->eng);
        t->eng = NULL;
    }
}

/* Start a stack. opt NULL: kv defaults with a 3 s lock timeout (tests must
 * not hang). Returns 0 or an error in err. */
static inline int kvt_start(struct kvt *t, enum eng_kind kind, int presplit,
                            const struct kv_options *opt, struct err *err)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    t->kind = kind;
    t->presplit = presplit;
    if (opt != NULL) {
        t->kopt = *opt;
    } else {
        kv_options_init(&t->kopt);
        t->kopt.lock_timeout_ms = 3000;
    }
    snprintf(t->dir, sizeof t->dir, "/tmp/sf_kvtest_XXXXXX");
    if (mkdtemp(t->dir) == NULL)
        return err_set(err, ERR_IO, "mkdtemp failed");
    int rc = kvt__open(t, true, err);
    if (rc != 0)
        kvt__close(t);
    return rc;
}

/* Close and reopen the same directory. On failure everything is closed
 * again (kvt_stop still removes the directory). */
static inline int kvt_restart(struct kvt *t, struct err *err)
{
    kvt__close(t);
    int rc = kvt__open(t, false, err);
    if (rc != 0)
        kvt__close(t);
    return rc;
}

static inline void kvt_stop(struct kvt *t)
{
    kvt__close(t);
    if (t->dir[0] != '\0')
        kvt_rm_rf(t->dir);
    t->dir[0] = '\0';
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
}

/* Ranges in key order (caller frees with rng_desc_array_free). */
static inline int kvt_ranges(struct kvt *t, struct rng_desc **all, size_t *n)
{
    struct err e = {0};
    return rng_list(t->store, all, n, &e);
}

/* A logical key whose physical form falls in user range i (0-based, in key
 * order after range 1): the single start byte of that range, then tag.
 * Presplit boundaries are single bytes, so this stays below the next one. */
static inline size_t kvt_key_in_range(struct kvt *t, int i, const char *tag, char *out, size_t cap)
{
    struct rng_desc *all = NULL;
    size_t n = 0;
    kvt_ranges(t, &all, &n);
    unsigned char first = 0x02;
    if ((size_t)i + 1 < n && all[i + 1].start_len > 0)
        first = all[i + 1].start[0];
    rng_desc_array_free(all, n);
    int len = snprintf(out + 1, cap - 1, "%s", tag);
    out[0] = (char)first;
    return (size_t)len + 1;
}

/* Monotonic ms. */
static inline int64_t kvt_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- small transaction helpers (return 0 or an error code) ---- */

static inline int kvt_put1(struct kv *kv, const char *k, const char *v)
{
    struct kv_txn *t;
    struct err e = {0};
    int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, false, &t, &e);
    if (rc != 0)
        return rc;
    rc = kv_txn_put(t, k, strlen(k), v, strlen(v), &e);
    if (rc != 0) {
        kv_txn_rollback(t);
        return rc;
    }
    return kv_txn_commit(t, &e);
}

/* Read k in a fresh RC transaction into buf (NUL-terminated); returns 0,
 * ERR_NOTFOUND when absent, or an error. */
static inline int kvt_get1(struct kv *kv, const char *k, char *buf, size_t cap)
{
    struct kv_txn *t;
    struct err e = {0};
    int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, true, &t, &e);
    if (rc != 0)
        return rc;
    void *v = NULL;
    size_t vl = 0;
    bool found = false;
    rc = kv_txn_get(t, k, strlen(k), NULL, &v, &vl, &found, &e);
    if (rc == 0 && !found)
        rc = ERR_NOTFOUND;
    if (rc == 0) {
        size_t n = vl < cap - 1 ? vl : cap - 1;
        memcpy(buf, v, n);
        buf[n] = '\0';
    }
    xfree(v);
    kv_txn_rollback(t);
    return rc;
}

#endif
