/* server_int.h — private to src/server: the parts of a node and their threads. */
#ifndef SF_SERVER_SERVER_INT_H
#define SF_SERVER_SERVER_INT_H

#include "common/config.h"
#include "server/server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <uv.h>

struct sbuf;

/* ---- loop thread (loop.c): the libuv loop; later all Raft groups ----------------- */

struct srv_loop_task {
    struct srv_loop_task *next;
    void (*fn)(void *arg);
    void *arg;
};

struct srv_loop {
    uv_loop_t loop;
    uv_async_t wakeup;
    pthread_t thread;
    pthread_mutex_t mu; /* protects queue and stopping */
    struct srv_loop_task *head, *tail;
    bool stopping;
    bool started;
};

int srv__loop_start(struct srv_loop *l, struct err *err);
/* Run fn(arg) on the loop thread soon. Safe from any thread. Returns
 * ERR_SHUTDOWN (and does not run fn) once the loop is stopping. */
int srv__loop_post(struct srv_loop *l, void (*fn)(void *arg), void *arg);
void srv__loop_stop(struct srv_loop *l);

/* ---- background thread (background.c): periodic jobs ----------------------------- */

struct srv_job {
    const char *name;
    uint64_t interval_ms;
    void (*fn)(void *arg);
    void *arg;
    uint64_t next_due_ms;
};

#define SRV_MAX_JOBS 16

struct srv_background {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    struct srv_job jobs[SRV_MAX_JOBS];
    int n_jobs;
    bool stopping;
    bool started;
};

/* Register before srv__bg_start. */
void srv__bg_add_job(struct srv_background *bg, const char *name, uint64_t interval_ms,
                     void (*fn)(void *arg), void *arg);
int srv__bg_start(struct srv_background *bg, struct err *err);
void srv__bg_stop(struct srv_background *bg);

/* ---- admin HTTP (admin_http.c) -------------------------------------------------- */

struct srv_http;
/* Listen on host:port; err names monitoring.metrics_port / --http-listen when
 * the address is in use. */
int srv__http_start(struct srv_node *node, const char *host, int port, struct srv_http **out,
                    struct err *err);
void srv__http_stop(struct srv_http *h);

/* ---- process metrics (proc_metrics.c) -------------------------------------------- */

void srv__proc_metrics_register(struct srv_node *node);
double srv__proc_rss_bytes(void);
double srv__proc_open_fds(void);
double srv__proc_threads(void);

/* ---- the data path (store.c): engine, ranges, transactions ------------------------ */

struct eng;
struct rng_store;
struct kv;

/* Open engine, range replicas (on the loop thread) and kv; undone on error. */
int srv__store_open(struct srv_node *node, struct err *err);
void srv__store_close(struct srv_node *node);
/* Background job: MVCC garbage collection (arg: the node). */
void srv__store_gc_job(void *arg);

/* ---- the SQL listener (pgwire_hook.c) ------------------------------------------- */

struct pgw_server;
/* Start pgwire on node->kv (creating the default superuser if the catalog
 * is empty); err names cluster.sql_address / --sql-listen when in use. */
int srv__pgwire_start(struct srv_node *node, struct err *err);
/* False when SQL sessions were abandoned (still running inside kv). */
bool srv__pgwire_stop(struct srv_node *node);

/* ---- the node ------------------------------------------------------------------- */

struct srv_node {
    struct cfg cfg;
    char config_path[CFG_STR_MAX];
    struct srv_cluster_id id;
    _Atomic int state; /* enum srv_node_state */
    double started_at; /* unix seconds */
    int lock_fd;
    struct srv_loop loop;
    struct srv_background bg;
    struct srv_http *http;
    char admin_url[300];
    _Atomic uint64_t loop_lag_us; /* last measured loop latency */
    struct eng *eng;
    struct rng_store *rng;
    struct kv *kv;
    struct pgw_server *pgw;
    char raft_dir[CFG_STR_MAX + 32];
};

double srv__now_seconds(void);
uint64_t srv__monotonic_ms(void);

#endif
