/* kvbench.h — the KV-layer benchmark: ShardForge's kv against raw RocksDB.
 *
 * Two "sides" run the same phases with the same keys, values, thread counts
 * and RocksDB options, in one process (main.c):
 *   raw        RocksDB through its C API (side_raw.c): rocksdb_put with
 *              sync=1 per write, rocksdb_get per read.
 *   shardforge a real single-node stack (side_sf.c): engine, range store on
 *              a loop thread of our own, kv; one transaction per operation.
 * runner.c drives a side's operation from N threads for a time or an
 * operation count and collects every operation's latency.
 *
 * Keys (both sides, kvb_key): 16 bytes, no zero byte (kv escapes 0x00):
 *     OFFSET  SIZE  MEANING
 *     0       1     0x02 + mix(i) % 253: spreads keys over [0x02, 0xFE], so
 *                   over every pre-split user range (kv user keys start with
 *                   a byte >= 0x02)
 *     1       15    i in decimal, zero-padded ('0' is 0x30)
 * Key i for i in [0, keys) is preloaded on both sides before the phases;
 * writes overwrite random preloaded keys, reads read random preloaded keys.
 */
#ifndef SF_BENCH_KVBENCH_H
#define SF_BENCH_KVBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct err;

#define KVB_KEY_LEN     16
#define KVB_MAX_THREADS 256
#define KVB_MAX_PHASES  16

/* RocksDB options shared by both sides (from the node's config defaults). */
struct kvb_rocks_opts {
    size_t block_cache_mb;
    size_t write_buffer_mb;
    int compression; /* enum eng_compression */
};

struct kvb_config {
    char dir[4096];  /* base directory for both sides' data */
    uint64_t keys;   /* preloaded keys */
    double seconds;  /* per phase, when ops == 0 */
    uint64_t ops;    /* total operations per phase; 0: time-based */
    double pause;    /* idle seconds before each phase */
    unsigned rounds; /* slices per phase, alternating the sides */
    int threads[KVB_MAX_PHASES];
    size_t n_threads;
    size_t value_size;
    bool sf_memory;           /* --engine memory: ShardForge side in memory */
    bool run_raw, run_sf;     /* --side */
    bool run_write, run_read; /* --op */
    struct kvb_rocks_opts rocks;
};

/* One side under test. Every callback may be called from any number of
 * threads at once; they return 0 or an ERR_* code with err set. */
struct kvb_side {
    const char *name; /* "raw" | "shardforge" */
    void *state;
    int (*write)(void *state, const void *key, size_t klen, const void *val, size_t vlen,
                 struct err *err);
    /* *found false when the key has no value (counted as a miss). */
    int (*read)(void *state, const void *key, size_t klen, bool *found, struct err *err);
};

enum kvb_op { KVB_WRITE = 0, KVB_READ = 1 };

/* The result of one phase of one side, accumulated over its slices. */
struct kvb_result {
    uint64_t ops;                  /* successful operations */
    uint64_t errors;               /* failed operations */
    uint64_t misses;               /* reads that found no value */
    double seconds;                /* wall time, summed over the slices */
    double ops_per_s;              /* ops / seconds (kvb_result_finish) */
    double p50_us, p99_us, max_us; /* (kvb_result_finish) */
    char first_error[256];
    uint32_t *lat; /* latencies in ns of every slice; freed by finish */
    size_t n_lat, cap_lat;
};

/* Run one slice of a phase: op on side from nthreads threads for seconds,
 * or for ops operations in total when ops > 0, and add its operations,
 * wall time and latencies to *acc (zero it before the first slice). seed
 * picks the random keys. Returns 0, or ERR_INTERNAL if threads could not be
 * started. */
int kvb_run_slice(const struct kvb_side *side, enum kvb_op op, int nthreads,
                  const struct kvb_config *cfg, double seconds, uint64_t ops, uint64_t seed,
                  struct kvb_result *acc, struct err *err);
/* Compute ops/s and the percentiles of everything accumulated; frees the
 * latencies. */
void kvb_result_finish(struct kvb_result *r);

/* Most bytes of latency samples held at once so far (they count in the
 * process's peak RSS). */
size_t kvb_lat_peak_bytes(void);

/* Key i (see the layout above) into out[KVB_KEY_LEN]. */
void kvb_key(uint64_t i, unsigned char *out);
/* The value written by every operation: value_size pseudo-random bytes
 * (lz4 cannot shrink them to nothing). Caller owns (xfree). */
unsigned char *kvb_value_new(size_t value_size);
/* xorshift64* step; *s must not be 0. */
static inline uint64_t kvb_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}
/* Monotonic clock in ns. */
uint64_t kvb_now_ns(void);

/* ---- the raw RocksDB side (side_raw.c) ---- */
struct kvb_raw;
/* Open a RocksDB at path with the options of eng_rocksdb.c for cfg->rocks
 * and fill side. Returns 0 or an error. */
int kvb_raw_open(const char *path, const struct kvb_config *cfg, struct kvb_raw **out,
                 struct kvb_side *side, struct err *err);
/* Write keys [0, cfg->keys) in batches (not measured). */
int kvb_raw_preload(struct kvb_raw *r, const struct kvb_config *cfg, struct err *err);
void kvb_raw_close(struct kvb_raw *r);

/* ---- the ShardForge side (side_sf.c) ---- */
struct kvb_sf;
/* Bootstrap and open engine + range store + kv under dir and fill side. */
int kvb_sf_open(const char *dir, const struct kvb_config *cfg, struct kvb_sf **out,
                struct kvb_side *side, struct err *err);
/* Write keys [0, cfg->keys) through kv in large single-range transactions
 * from several threads (not measured). */
int kvb_sf_preload(struct kvb_sf *s, const struct kvb_config *cfg, struct err *err);
/* Remember the stack's counters (raft proposals and entries, commit
 * latencies); kvb_sf_report prints what changed since, then marks again. */
void kvb_sf_mark(struct kvb_sf *s);
void kvb_sf_report(struct kvb_sf *s, FILE *out);
void kvb_sf_close(struct kvb_sf *s);

#endif
