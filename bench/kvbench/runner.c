/* runner.c — drive one operation of one side from N threads, time it.
 *
 * A phase is run as one or more slices (main.c alternates the sides slice
 * by slice). In a slice every thread waits for a start signal, then runs
 * operations back to back until the main thread raises the stop flag
 * (time-based) or its share of the slice's operations is done, recording
 * each operation's latency (ns, clamped to 32 bits: ~4.3 s) in its own
 * growing array — no sharing on the hot path. The arrays are appended to
 * the phase's result; at the end they are sorted for the percentiles, and
 * ops/s is successful operations over the summed wall time of the slices
 * (each from its first thread's start to its last thread's end). Failed
 * operations are counted, not timed.
 */
#include "kvbench.h"

#include "common/err.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LAT_INITIAL 4096

/* Bytes of latency samples held now and at most (part of the peak RSS). */
static atomic_size_t lat_bytes, lat_peak;

static void lat_account(size_t old_bytes, size_t new_bytes)
{
    size_t now = atomic_fetch_add(&lat_bytes, new_bytes) + new_bytes;
    atomic_fetch_sub(&lat_bytes, old_bytes);
    size_t peak = atomic_load(&lat_peak);
    while (now > peak && !atomic_compare_exchange_weak(&lat_peak, &peak, now))
        ;
}

size_t kvb_lat_peak_bytes(void)
{
    return atomic_load(&lat_peak);
}

/* Start signal: threads wait until go; a failed start sets go with stop. */
struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool go;
};

static void gate_wait(struct gate *g)
{
    pthread_mutex_lock(&g->mu);
    while (!g->go)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
}

static void gate_open(struct gate *g)
{
    pthread_mutex_lock(&g->mu);
    g->go = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

struct worker {
    const struct kvb_side *side;
    enum kvb_op op;
    const struct kvb_config *cfg;
    const unsigned char *value;
    struct gate *gate;
    atomic_bool *stop;
    uint64_t quota; /* operations to run; 0: until stop */
    uint64_t seed;
    /* results */
    uint32_t *lat;
    size_t n_lat, cap_lat;
    uint64_t errors, misses;
    uint64_t t_start, t_end;
    struct err first_err;
};

uint64_t kvb_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void kvb_key(uint64_t i, unsigned char *out)
{
    /* splitmix64 finaliser: neighbouring i land in unrelated ranges */
    uint64_t z = i + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    out[0] = (unsigned char)(0x02 + z % 253);
    for (int p = KVB_KEY_LEN - 1; p >= 1; p--) {
        out[p] = (unsigned char)('0' + i % 10);
        i /= 10;
    }
}

unsigned char *kvb_value_new(size_t value_size)
{
    unsigned char *v = xmalloc(value_size ? value_size : 1);
    uint64_t s = 0x5F0E7A11C0FFEEULL;
    for (size_t i = 0; i < value_size; i++)
        v[i] = (unsigned char)(kvb_rand(&s) >> 56);
    return v;
}

static void lat_push(struct worker *w, uint64_t ns)
{
    if (w->n_lat == w->cap_lat) {
        size_t old = w->cap_lat;
        w->cap_lat = w->cap_lat ? w->cap_lat * 2 : LAT_INITIAL;
        w->lat = xrealloc(w->lat, w->cap_lat * sizeof(*w->lat));
        lat_account(old * sizeof(*w->lat), w->cap_lat * sizeof(*w->lat));
    }
    w->lat[w->n_lat++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    const struct kvb_side *side = w->side;
    size_t vlen = w->cfg->value_size;
    uint64_t keys = w->cfg->keys;
    unsigned char key[KVB_KEY_LEN];
    struct err err = {0};

    gate_wait(w->gate);
    w->t_start = kvb_now_ns();
    for (uint64_t done = 0; w->quota == 0 || done < w->quota; done++) {
        if (w->quota == 0 && atomic_load_explicit(w->stop, memory_order_relaxed))
            break;
        kvb_key(kvb_rand(&w->seed) % keys, key);
        bool found = true;
        uint64_t t0 = kvb_now_ns();
        int rc = w->op == KVB_WRITE
                     ? side->write(side->state, key, sizeof(key), w->value, vlen, &err)
                     : side->read(side->state, key, sizeof(key), &found, &err);
        uint64_t t1 = kvb_now_ns();
        if (rc != 0) {
            if (w->errors++ == 0)
                w->first_err = err;
            err_clear(&err);
            continue;
        }
        if (!found)
            w->misses++;
        lat_push(w, t1 - t0);
    }
    w->t_end = kvb_now_ns();
    return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted a[0..n). */
static double percentile_us(const uint32_t *a, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.5);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)a[rank - 1] / 1000.0;
}

static void acc_add(struct kvb_result *acc, const uint32_t *lat, size_t n)
{
    if (acc->n_lat + n > acc->cap_lat) {
        size_t cap = acc->cap_lat ? acc->cap_lat : LAT_INITIAL;
        while (cap < acc->n_lat + n)
            cap *= 2;
        acc->lat = xrealloc(acc->lat, cap * sizeof(*acc->lat));
        lat_account(acc->cap_lat * sizeof(*acc->lat), cap * sizeof(*acc->lat));
        acc->cap_lat = cap;
    }
    if (n > 0)
        memcpy(acc->lat + acc->n_lat, lat, n * sizeof(*lat));
    acc->n_lat += n;
}

int kvb_run_slice(const struct kvb_side *side, enum kvb_op op, int nthreads,
                  const struct kvb_config *cfg, double seconds, uint64_t ops, uint64_t seed,
                  struct kvb_result *acc, struct err *err)
{
    struct worker *w = xcalloc((size_t)nthreads, sizeof(*w));
    pthread_t *tid = xcalloc((size_t)nthreads, sizeof(*tid));
    unsigned char *value = kvb_value_new(cfg->value_size);
    struct gate gate = {.go = false};
    atomic_bool stop;
    int started = 0, rc = 0;

    atomic_init(&stop, false);
    pthread_mutex_init(&gate.mu, NULL);
    pthread_cond_init(&gate.cv, NULL);
    for (int i = 0; i < nthreads; i++) {
        w[i].side = side;
        w[i].op = op;
        w[i].cfg = cfg;
        w[i].value = value;
        w[i].gate = &gate;
        w[i].stop = &stop;
        w[i].seed = (0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1)) ^ (seed * 0xD1B54A32D192ED03ULL) ^
                    ((uint64_t)op << 32);
        if (w[i].seed == 0)
            w[i].seed = 1;
        if (ops > 0) {
            w[i].quota = ops / (uint64_t)nthreads + ((uint64_t)i < ops % (uint64_t)nthreads);
            if (w[i].quota == 0)
                w[i].quota = 1;
        }
    }
    for (; started < nthreads; started++) {
        if (pthread_create(&tid[started], NULL, worker_main, &w[started]) != 0)
            break;
    }
    if (started < nthreads) {
        /* let the started ones see stop at once and end */
        rc = err_set(err, ERR_INTERNAL, "pthread_create failed after %d threads", started);
        for (int i = 0; i < started; i++)
            w[i].quota = 0;
        atomic_store(&stop, true);
    }
    gate_open(&gate);
    if (rc == 0 && ops == 0) {
        struct timespec ts;
        ts.tv_sec = (time_t)seconds;
        ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
        while (nanosleep(&ts, &ts) != 0)
            ;
        atomic_store(&stop, true);
    }
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_cond_destroy(&gate.cv);
    pthread_mutex_destroy(&gate.mu);

    uint64_t t0 = UINT64_MAX, t1 = 0;
    for (int i = 0; i < started; i++) {
        if (w[i].t_start < t0)
            t0 = w[i].t_start;
        if (w[i].t_end > t1)
            t1 = w[i].t_end;
        acc->ops += w[i].n_lat;
        acc->errors += w[i].errors;
        acc->misses += w[i].misses;
        if (w[i].errors > 0 && acc->first_error[0] == '\0')
            snprintf(acc->first_error, sizeof(acc->first_error), "%s", w[i].first_err.msg);
        acc_add(acc, w[i].lat, w[i].n_lat);
        xfree(w[i].lat);
        lat_account(w[i].cap_lat * sizeof(*w[i].lat), 0);
    }
    if (t1 > t0)
        acc->seconds += (double)(t1 - t0) / 1e9;
    xfree(value);
    xfree(tid);
    xfree(w);
    return rc;
}

void kvb_result_finish(struct kvb_result *r)
{
    qsort(r->lat, r->n_lat, sizeof(*r->lat), cmp_u32);
    r->ops_per_s = r->seconds > 0 ? (double)r->ops / r->seconds : 0.0;
    r->p50_us = percentile_us(r->lat, r->n_lat, 50.0);
    r->p99_us = percentile_us(r->lat, r->n_lat, 99.0);
    r->max_us = r->n_lat ? (double)r->lat[r->n_lat - 1] / 1000.0 : 0.0;
    xfree(r->lat);
    lat_account(r->cap_lat * sizeof(*r->lat), 0);
    r->lat = NULL;
    r->n_lat = r->cap_lat = 0;
}
