/* kv_int.h — the transaction layer's private structures and formats.
 *
 * For kv's own files and its unit tests only (STYLE.md §1).
 *
 * Physical keys (DESIGN.md §6; the range layer treats keys as opaque bytes)
 * --------------------------------------------------------------------------
 * A logical key k maps to the prefix-free, order-preserving esc(k): every
 * 0x00 byte becomes 0x00 0xFF and the terminator 0x00 0x01 follows (no type
 * tag). Per CF:
 *
 *     CF       KEY                                 VALUE
 *     lock     esc(k)                              lock record
 *     write    esc(k) BE64(~commit_ts)             write record
 *     data     esc(k) BE64(~start_ts)              data record
 *     default  esc("\x01t")                        TSO record (not MVCC)
 *
 * ~ts makes the newest version sort first. A rollback record is a write
 * record at commit_ts == start_ts of the rolled-back transaction. As esc is
 * prefix-free and order-preserving, every version of k lies in
 * [esc(k), esc(k) with its last byte 0x01 -> 0x02), and a range split at
 * esc(some key) or at any single byte >= 0x02 keeps keys whole.
 *
 * Record formats, version KV__REC_VERSION (integers little endian)
 * -----------------------------------------------------------------
 * LOCK record (prewrite lock):
 *   OFFSET  SIZE  MEANING
 *   0       1     version (1)
 *   1       1     kind: 1 put, 2 delete (KV__OP_*)
 *   2       2     reserved (0)
 *   4       4     ttl_ms: expires when the clock passes lock_ms + ttl_ms
 *   8       8     start_ts of the owning transaction
 *   16      8     for_update_ts (when its pessimistic lock was taken)
 *   24      8     lock_ms: wall clock (ms) when prewritten
 *   32      4     p: length of the primary's logical key
 *   36      p     the primary's logical key
 *   36+p    4     crc32c of bytes [0, 36+p)
 *
 * WRITE record (commit or rollback):
 *   OFFSET  SIZE  MEANING
 *   0       1     version (1)
 *   1       1     kind: 1 put, 2 delete, 3 rollback (KV__OP_*)
 *   2       1     flags: bit 0 = the value is inline
 *   3       1     reserved (0)
 *   4       8     start_ts of the transaction
 *   12      4     n: inline value length (0 unless inline)
 *   16      n     inline value (put with a short value, 1PC)
 *   16+n    4     crc32c of bytes [0, 16+n)
 *   A put without the inline flag names the data record esc(k)+~start_ts.
 *
 * DATA record (a value):
 *   OFFSET  SIZE  MEANING
 *   0       1     version (1)
 *   1       3     reserved (0)
 *   4       4     crc32c of bytes [0, 4) and [8, 8+n)
 *   8       n     the value
 *
 * TSO record (timestamp oracle high-water mark):
 *   OFFSET  SIZE  MEANING
 *   0       1     version (1)
 *   1       7     reserved (0)
 *   8       8     limit: no timestamp >= limit was ever handed out
 *   16      4     crc32c of bytes [0, 16)
 */
#ifndef SF_KV_KV_INT_H
#define SF_KV_KV_INT_H

#include "common/err.h"
#include "common/metrics.h"
#include "common/str.h"
#include "kv/kv.h"
#include "range/range.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct eng;
struct eng_cf;
struct eng_snapshot;
struct hash_table;

/* ---- keys (keys.c) ------------------------------------------------------------- */

#define KV__TS_LEN  KV_VERSION_SUFFIX_LEN
#define KV__TSO_KEY "\x01t" /* logical key of the TSO record */

/* Append esc(k) to b. */
void kv__key_esc(struct sbuf *b, const void *k, size_t n);
/* Parse the escaped key at the start of p[0..n): sets *esc_len (terminator
 * included) and, when out != NULL, appends the logical key to out. Returns
 * 0 or ERR_CORRUPT (err says why) for a missing terminator or a bad escape. */
int kv__key_unesc(const void *p, size_t n, size_t *esc_len, struct sbuf *out, struct err *err);
/* Append BE64(~ts). */
void kv__key_put_ts(struct sbuf *b, uint64_t ts);
/* The same KV__TS_LEN bytes written at p. */
void kv__ts_put_at(unsigned char *p, uint64_t ts);
/* The timestamp encoded in the last 8 bytes of a versioned key. PRE: n >= 8. */
uint64_t kv__key_get_ts(const void *p, size_t n);
/* Append the smallest key above every key that starts with esc (which ends
 * with the terminator 0x00 0x01): esc with its last byte made 0x02. */
void kv__key_esc_end(struct sbuf *b, const void *esc, size_t n);
/* memcmp order, shorter first on a common prefix (the engine's order). */
int kv__key_cmp(const void *a, size_t alen, const void *b, size_t blen);
/* 0 when the logical key may be used through kv_txn_*: not empty, not
 * starting with 0x00 (reserved by range.h) nor in the range layer's 0x01 'm'
 * meta space, within KV_MAX_KEY_LEN; else ERR_INVAL / ERR_LIMIT in err. */
int kv__key_check(const void *k, size_t n, struct err *err);

/* ---- records (mvcc.c) ---------------------------------------------------------- */

#define KV__REC_VERSION 1
#define KV__INLINE_MAX  512 /* values up to this size are inlined in 1PC write records */
/* Bound on the bytes of keys and values one proposal of a commit carries.
 * The range layer refuses batches above RNG__BATCH_MAX (4 MiB), so a
 * transaction that writes more than this (a COPY, CREATE INDEX on a big
 * table) is committed with two-phase commit in chunks of at most this
 * size, whatever the number of ranges it touches. */
#define KV__CHUNK_BYTES (1u << 20)
/* Cost of one mutation against KV__CHUNK_BYTES: key (twice: lock/write
 * and data CF), value and record overhead. */
#define KV__MUT_COST(klen, vlen) (2 * (size_t)(klen) + (size_t)(vlen) + 64)

enum kv__op {
    KV__OP_PUT = 1,
    KV__OP_DELETE = 2,
    KV__OP_ROLLBACK = 3, /* write records only */
};

struct kv__lock_rec {
    uint8_t kind; /* KV__OP_PUT / KV__OP_DELETE */
    uint32_t ttl_ms;
    uint64_t start_ts;
    uint64_t for_update_ts;
    uint64_t lock_ms;
    const void *primary; /* borrowed from the decoded bytes */
    size_t primary_len;
};

struct kv__write_rec {
    uint8_t kind; /* KV__OP_* */
    bool has_value;
    uint64_t start_ts;
    const void *value; /* inline value, borrowed from the decoded bytes */
    size_t value_len;
};

void kv__lock_rec_encode(struct sbuf *b, const struct kv__lock_rec *r);
int kv__lock_rec_decode(const void *p, size_t n, struct kv__lock_rec *r, struct err *err);
void kv__write_rec_encode(struct sbuf *b, const struct kv__write_rec *r);
/* The same record written at p, which has kv__write_rec_size(r) bytes. */
size_t kv__write_rec_size(const struct kv__write_rec *r);
void kv__write_rec_encode_at(unsigned char *p, const struct kv__write_rec *r);
int kv__write_rec_decode(const void *p, size_t n, struct kv__write_rec *r, struct err *err);
void kv__data_rec_encode(struct sbuf *b, const void *val, size_t n);
/* On success *val points into p. */
int kv__data_rec_decode(const void *p, size_t n, const void **val, size_t *vlen, struct err *err);
void kv__tso_rec_encode(struct sbuf *b, uint64_t limit);
int kv__tso_rec_decode(const void *p, size_t n, uint64_t *limit, struct err *err);

/* ---- the timestamp oracle (tso.c) --------------------------------------------- */

struct kv__tso {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t last;      /* last timestamp handed out */
    uint64_t limit;     /* persisted: never hand out >= limit */
    bool persisting;    /* a high-water mark proposal is in flight */
    bool async_pending; /* the in-flight one is an early asynchronous renewal */
};

int kv__tso_open(struct kv *kv, struct err *err);
void kv__tso_close(struct kv *kv);
int kv__tso_next(struct kv *kv, uint64_t *ts, struct err *err);
/* Physical ms of kv's clock. */
int64_t kv__now_ms(struct kv *kv);

/* ---- latches (latch.c) ---------------------------------------------------------- */

/* A latch set: exclusive per-node claims on physical lock-CF keys (esc(k))
 * held from a check of the engine to the apply of the proposal built from
 * it, so checks are atomic with proposals. All keys of a set are acquired
 * at once (no partial holding, hence no deadlock between latch holders).
 *
 * A 1PC commit's latch set also gates readers ("gate" true): its writes
 * carry no locks, so a reader at ts R that overlaps it waits until it is
 * released unless its commit_ts is known to be > R (or its start_ts > R). */
struct kv__latch {
    unsigned char **keys; /* sorted; owned by the creator */
    size_t *lens;
    size_t n;
    bool gate;
    uint64_t start_ts;
    uint64_t commit_ts; /* 0 = not yet known; under latches.mu */
    struct kv__latch *prev, *next;
};

struct kv__latches {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct hash_table *held; /* key -> struct kv__latch * */
    struct kv__latch *gates; /* list of gating sets */
};

void kv__latches_init(struct kv__latches *l);
void kv__latches_destroy(struct kv__latches *l);
/* Sort l's keys and block until every one is free, then hold them. */
void kv__latch_acquire(struct kv *kv, struct kv__latch *l);
void kv__latch_set_commit_ts(struct kv *kv, struct kv__latch *l, uint64_t ts);
void kv__latch_release(struct kv *kv, struct kv__latch *l);
/* Wait while a gating latch set with a key in [lo, hi) (hi NULL: +inf)
 * might commit at or below read_ts. */
void kv__latch_wait_read(struct kv *kv, const void *lo, size_t lolen, const void *hi, size_t hilen,
                         uint64_t read_ts);
/* kv__latch_wait_read ignoring the gates of transaction own_start_ts (a
 * 1PC commit's serializable check reads under its own gate). */
void kv__latch_wait_read_other(struct kv *kv, const void *lo, size_t lolen, const void *hi,
                               size_t hilen, uint64_t read_ts, uint64_t own_start_ts);
/* Helpers to build a latch set of one or more keys (copied). */
void kv__latch_init(struct kv__latch *l);
void kv__latch_add(struct kv__latch *l, const void *key, size_t n);
void kv__latch_free_keys(struct kv__latch *l);

/* ---- the wait-for graph (deadlock.c) -------------------------------------------- */

struct kv__waitgraph {
    struct hash_table *edges; /* waiter txn id (8 bytes) -> the ids it waits for */
};

void kv__wg_init(struct kv__waitgraph *g);
void kv__wg_destroy(struct kv__waitgraph *g);
/* waiter waits for exactly ids[0..n) (replacing its earlier edges). */
void kv__wg_set_many(struct kv__waitgraph *g, uint64_t waiter, const uint64_t *ids, size_t n);
void kv__wg_set(struct kv__waitgraph *g, uint64_t waiter, uint64_t holder);
void kv__wg_clear(struct kv__waitgraph *g, uint64_t waiter);
/* True when following the edges from waiter comes back to waiter. */
bool kv__wg_cycle(const struct kv__waitgraph *g, uint64_t waiter);

/* ---- in-memory pessimistic locks (lock_table.c) ---------------------------------- */

struct kv__lock_table {
    pthread_mutex_t mu;         /* guards entries and graph */
    struct hash_table *entries; /* esc(k) -> struct kv__lock_entry * */
    struct kv__waitgraph graph;
    struct hash_table *tentries; /* relation id (4 bytes) -> struct kv__tlock_entry * (tlock.c) */
};

/* Table locks (tlock.c): set up / torn down with the lock table. */
void kv__tlock_init(struct kv__lock_table *lt);
void kv__tlock_destroy(struct kv__lock_table *lt);
/* Release t's table locks taken at or after mark (0: all of them). */
void kv__tlock_release_from(struct kv_txn *t, uint64_t mark);

/* One table lock mode a transaction took (tlock.c), in order of taking. */
struct kv__tlk {
    uint32_t rel;
    uint8_t mode;
    uint64_t seq; /* the buffer's sequence number when taken */
};

void kv__lock_table_init(struct kv__lock_table *lt);
void kv__lock_table_destroy(struct kv__lock_table *lt);
/* Take the lock on esc key for txn_id, waiting behind its holder (FIFO).
 * timeout_ms 0: no timeout. Returns 0 (*waited tells whether it had to
 * wait), ERR_DEADLOCK when waiting would close a cycle in the wait-for
 * graph (this caller is the victim) or ERR_LOCKTIMEOUT; err names the
 * holder. Re-taking a lock already held is 0. */
int kv__lock_acquire(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int timeout_ms,
                     bool *waited, struct err *err);
/* Release (granting every waiter that can now have it, in FIFO order).
 * No-op if not a holder. */
void kv__lock_release(struct kv *kv, uint64_t txn_id, const void *key, size_t klen);
/* kv__lock_acquire in mode (enum kv_lock_mode). Several holders share a key
 * while their modes do not conflict (PostgreSQL's row-lock table). A holder
 * asking for a stronger mode upgrades (waiting, ahead of every waiter, while
 * another holder's mode conflicts); a weaker or equal one is 0 at once. A
 * new request that conflicts with a queued waiter queues behind it. */
int kv__lock_acquire_mode(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int mode,
                          int timeout_ms, bool *waited, struct err *err);
/* kv__lock_acquire_mode that looks for a deadlock only once it has waited
 * deadlock_ms (PostgreSQL's deadlock_timeout; 0: at once). */
int kv__lock_acquire_dl(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int mode,
                        int timeout_ms, int deadlock_ms, bool *waited, struct err *err);
/* The mode txn_id holds on key, or -1 (tests). */
int kv__lock_held(struct kv *kv, uint64_t txn_id, const void *key, size_t klen);

/* ---- the transaction write buffer (txnbuf.c) ------------------------------------- */

/* One buffered version of a key; versions of a key form a chain, newest
 * first, so iterators opened earlier still see older ones and savepoint
 * rollback pops them. */
struct kv__bver {
    struct kv__bver *prev;
    uint64_t seq;
    uint8_t op;       /* KV__OP_PUT / KV__OP_DELETE */
    uint8_t streamed; /* proposed early as a fresh-span version (stream.c) */
    void *val;
    size_t vlen;
};

#define KV__SKIP_MAX 24

struct kv__bent {
    unsigned char *key; /* esc(k) */
    size_t klen;
    struct kv__bver *ver;   /* newest first; NULL: no write */
    uint64_t lock_seq;      /* seq when our pessimistic lock was taken; 0: none */
    uint64_t for_update_ts; /* when the lock was taken (or last upgraded) */
    uint8_t lock_mode;      /* enum kv_lock_mode held while lock_seq != 0 */
    int level;
    uint8_t stream_pending;  /* queued for the next stream flush (stream.c) */
    struct kv__bent *next[]; /* level entries */
};

enum kv__undo_kind { KV__UNDO_VER = 1, KV__UNDO_LOCK = 2 };
struct kv__undo {
    struct kv__bent *e;
    uint64_t seq;
    uint8_t kind;
};

struct kv__buf {
    struct mem_ctx *ctx; /* entries, keys and values; the transaction's */
    struct kv__bent *head;
    int level;
    uint64_t rnd;
    uint64_t seq;  /* last sequence number used (starts at 0) */
    uint64_t adds; /* entries ever added (never decreases) */
    struct kv__undo *undo;
    size_t n_undo, cap_undo;
};

void kv__buf_init(struct kv__buf *b, struct mem_ctx *ctx, uint64_t seed);
void kv__buf_destroy(struct kv__buf *b);
struct kv__bent *kv__buf_find(const struct kv__buf *b, const void *key, size_t klen);
struct kv__bent *kv__buf_get_or_add(struct kv__buf *b, const void *key, size_t klen);
/* First entry with key >= key (NULL: none). key NULL: the first entry. */
struct kv__bent *kv__buf_seek(const struct kv__buf *b, const void *key, size_t klen);
/* Last entry with key < key (key NULL: the last entry), or NULL. */
struct kv__bent *kv__buf_seek_prev(const struct kv__buf *b, const void *key, size_t klen);
static inline struct kv__bent *kv__buf_next(const struct kv__bent *e)
{
    return e->next[0];
}
/* Record a version (value copied). */
void kv__buf_write(struct kv__buf *b, struct kv__bent *e, uint8_t op, const void *val, size_t vlen);
void kv__buf_mark_locked(struct kv__buf *b, struct kv__bent *e, uint64_t for_update_ts);
/* Newest version with seq < below (UINT64_MAX: the newest), or NULL. */
const struct kv__bver *kv__buf_visible(const struct kv__bent *e, uint64_t below);
/* A new mark (savepoint, statement start, iterator): a fresh sequence
 * number; everything written after this call has a larger one. */
static inline uint64_t kv__buf_new_mark(struct kv__buf *b)
{
    return ++b->seq;
}
/* Undo everything with seq >= mark; release(arg, entry) is called for each
 * lock given up. */
void kv__buf_rollback_to(struct kv__buf *b, uint64_t mark,
                         void (*release)(void *arg, struct kv__bent *e), void *arg);

/* ---- metrics (kv.c) ---------------------------------------------------------------- */

struct kv__metrics {
    struct met_counter *commits_1pc, *commits_2pc, *rollbacks, *conflicts, *deadlocks, *lock_waits,
        *lock_timeouts, *resolved, *gc_versions;
    struct met_histogram *commit_seconds;
    /* per-kv counts (kv_stats); the met_* series are process-wide */
    atomic_uint_fast64_t n_1pc, n_2pc, n_rollbacks, n_conflicts, n_deadlocks, n_lock_waits,
        n_lock_timeouts, n_resolved, n_gc_versions;
};

#define KV__COUNT(kv, field)                                                    \
    do {                                                                        \
        atomic_fetch_add_explicit(&(kv)->m.n_##field, 1, memory_order_relaxed); \
    } while (0)

void kv__count_conflict(struct kv *kv);

/* ---- background worker (worker.c) -------------------------------------------------- */

/* A job: finish a transaction's keys after its commit point (commit the
 * secondaries at commit_ts) or after its abort (roll back its prewritten
 * keys; commit_ts == 0). Keys are esc(k), kinds KV__OP_PUT/DELETE. */
struct kv__job {
    struct kv__job *next;
    uint64_t start_ts;
    uint64_t commit_ts;
    size_t n, cap;
    unsigned char **keys; /* sorted */
    size_t *lens;
    uint8_t *kinds;
};

struct kv__worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct kv__job *head, *tail;
    bool busy;
    bool stop;
    bool started;
};

int kv__worker_start(struct kv *kv, struct err *err);
/* Run queued jobs to the end, then stop the thread. */
void kv__worker_stop(struct kv *kv);
/* Takes ownership of job (freed with kv__job_free). */
void kv__worker_post(struct kv *kv, struct kv__job *job);
/* Block until the queue is empty and no job runs (tests). */
void kv__worker_drain(struct kv *kv);
struct kv__job *kv__job_new(uint64_t start_ts, uint64_t commit_ts, size_t cap);
void kv__job_add(struct kv__job *j, const void *key, size_t klen, uint8_t kind);
void kv__job_free(struct kv__job *j);
/* Commit or roll back the keys of a job now (used by the worker and by the
 * coordinator's own cleanup). Every key is checked under a latch to still
 * hold this transaction's lock. */
int kv__job_run(struct kv *kv, const struct kv__job *j, struct err *err);

/* ---- fresh-span proposals (stream.c) ---------------------------------------------- */

/* A key to write: its buffer entry and the version to write. */
struct kv__mut {
    const struct kv__bent *e;
    const struct kv__bver *v;
};

/* Proposals in flight (rng_propose_async), at most a window of them. */
struct kv__fpipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t pending;
    int rc; /* the first failure */
    struct err e;
};

void kv__fpipe_init(struct kv__fpipe *p);
void kv__fpipe_destroy(struct kv__fpipe *p);
/* Wait until at most max proposals are in flight; the first failure. */
int kv__fpipe_wait(struct kv__fpipe *p, size_t max, struct err *e);
/* Propose the committed versions (undo: their deletion) of m[0, n) (keys
 * ascending) with write records at commit_ts naming data_ts (values above
 * KV__INLINE_MAX go to the data CF at data_ts), one proposal per range and
 * KV__CHUNK_BYTES, keeping at most KV__FRESH_WINDOW in flight in p. Returns
 * once every proposal is queued; kv__fpipe_wait(p, 0) waits for them. */
int kv__fresh_propose(struct kv *kv, struct kv__fpipe *p, const struct kv__mut *m, size_t n,
                      uint64_t data_ts, uint64_t commit_ts, bool undo, struct err *e);
#define KV__FRESH_WINDOW 4

/* Streaming (kv invariant 13): a transaction's writes in its fresh spans are
 * proposed while it runs, KV__STREAM_BYTES at a time, each flush as
 * committed versions at a new timestamp F (data at F too), so the range
 * loop applies them while the session produces the next ones. The buffer
 * keeps every version (reads see them there first); a version proposed
 * early is marked `streamed` and not written again at commit. A rollback
 * (statement, savepoint, transaction) deletes the streamed versions it
 * undoes before anything else runs. */
#define KV__STREAM_BYTES (2u * KV__CHUNK_BYTES)
struct kv__stream;
/* ent (in a fresh span of t) got a new version: queue it; flushes when
 * enough is queued. An error poisons nothing by itself: the statement
 * fails and its rollback undoes. */
int kv__stream_note(struct kv_txn *t, struct kv__bent *ent, struct err *e);
/* Wait for every flush in flight (all: flush what is queued first, tests):
 * 0 or the first failure. */
int kv__stream_wait(struct kv_txn *t, bool all, struct err *e);
/* Delete the streamed versions with seq >= mark (0: all). */
int kv__stream_undo(struct kv_txn *t, uint64_t mark, struct err *e);
/* Whether t streamed anything that is still in place. */
bool kv__stream_any(const struct kv_txn *t);
/* Free t's stream; its versions are undone first unless t->stream_keep. */
void kv__stream_free(struct kv_txn *t);

/* Bulk writes (kv invariant 15, direct.c): in bulk mode a write of a fresh
 * key without a buffer entry is staged outside the buffer and proposed,
 * KV__STREAM_BYTES at a time, as committed versions at a new timestamp F;
 * reads of fresh keys find them in the engine at kv__direct_read_ts. */
struct kv__direct;
int kv__direct_write(struct kv_txn *t, const void *ek, size_t eklen, uint8_t op, const void *val,
                     size_t vlen, struct err *e);
/* A statement start, read mark or savepoint is about to be taken: propose
 * what is pending, so no flush straddles it. */
int kv__direct_mark(struct kv_txn *t, struct err *e);
/* The timestamp at which to read fresh key ek so as to see the bulk writes
 * with seq < cap (cap 0: all of them, flushing what is pending), after
 * waiting for them to apply; 0 when ek is not fresh or nothing is visible. */
int kv__direct_read_ts(struct kv_txn *t, const void *ek, size_t eklen, uint64_t cap, uint64_t *ts,
                       struct err *e);
/* Propose what is pending and wait for every flush (commit). */
int kv__direct_sync(struct kv_txn *t, struct err *e);
/* Whether t has bulk writes in place or pending. */
bool kv__direct_any(const struct kv_txn *t);
/* Delete the bulk writes with seq >= mark (0: all). */
int kv__direct_undo(struct kv_txn *t, uint64_t mark, struct err *e);
/* Free t's bulk state; its writes are deleted first unless t->stream_keep. */
void kv__direct_free(struct kv_txn *t);

/* ---- routing (route.c) ------------------------------------------------------------- */

/* The range holding physical key pk; caller frees d (rng_desc_free). */
int kv__route(struct kv *kv, const void *pk, size_t n, struct rng_desc *d, struct err *err);
/* The range holding the greatest key below pk (pk NULL: the last range). */
int kv__route_before(struct kv *kv, const void *pk, size_t n, struct rng_desc *d, struct err *err);
int kv__read_begin(struct kv *kv, uint64_t range_id, struct err *err);
int kv__propose(struct kv *kv, uint64_t range_id, const struct rng_batch *b, struct err *err);
/* True when key pk is below d's end. */
bool kv__desc_below_end(const struct rng_desc *d, const void *pk, size_t n);

/* ---- MVCC reads (read.c) ----------------------------------------------------------- */

struct kv__read {
    bool found;
    void *val; /* in ctx (or caller owns with ctx NULL) */
    size_t vlen;
    uint64_t commit_ts;        /* of the version read (0: none) */
    uint64_t newest_commit_ts; /* newest put/delete commit <= read ts (0: none) */
};

/* Read esc key ek at read_ts: wait for gating 1PC latches, resolve locks
 * with start_ts <= read_ts (waiting until deadline_ms, kv clock), then the
 * newest committed version <= read_ts. */
int kv__read_point(struct kv *kv, const void *ek, size_t eklen, uint64_t read_ts,
                   int64_t deadline_ms, struct mem_ctx *ctx, struct kv__read *out, struct err *err);
/* In snapshot snap: the newest put/delete record of ek with commit_ts <=
 * read_ts and its value. Locks are not looked at. */
int kv__read_version(struct kv *kv, const struct eng_snapshot *snap, const void *ek, size_t eklen,
                     uint64_t read_ts, struct mem_ctx *ctx, struct kv__read *out, struct err *err);
/* Sleep for attempt's backoff (1, 2, 4 .. 32 ms). */
void kv__backoff(int attempt);

/* ---- lock resolution (resolve.c) ---------------------------------------------------- */

/* Resolve the lock lk found on esc key ek: ask its primary whether its
 * transaction committed (then commit ek at that commit_ts), rolled back or
 * expired (then roll back the primary first, then ek). *resolved false when
 * the transaction is still running and within its TTL: the caller waits. */
int kv__resolve(struct kv *kv, const void *ek, size_t eklen, const struct kv__lock_rec *lk,
                bool *resolved, struct err *err);
/* As kv__resolve, and once the transaction is decided also settle its
 * other locks in the scanned span [lo, hi) (hi NULL: unbounded; at most
 * KV__RESOLVE_SPAN_MAX of them, all in ek's range) with one proposal, so a
 * reader that meets a big transaction's secondaries settles a batch of them
 * per round trip instead of one. */
#define KV__RESOLVE_SPAN_MAX 4096
int kv__resolve_span(struct kv *kv, const void *ek, size_t eklen, const struct kv__lock_rec *lk,
                     const void *lo, size_t lolen, const void *hi, size_t hilen, bool *resolved,
                     struct err *err);
enum kv__status { KV__ST_PENDING = 0, KV__ST_COMMITTED, KV__ST_ROLLED_BACK };
enum kv__settle {
    KV__SETTLE_ROLLBACK_IF_EXPIRED, /* a primary: roll back when S's lock there expired, or
                                       (absent_ok) when it has neither lock nor record */
    KV__SETTLE_ROLLBACK_FORCE,      /* remove S's lock if there and write the rollback record */
    KV__SETTLE_COMMIT,              /* commit S's lock at commit_ts if it is there (else
                                       nothing: PENDING) */
};
/* Under ek's latch, in a fresh snapshot: if S already has a write record on
 * ek, report it (*st, *cts); else apply mode. *st: COMMITTED (with *cts),
 * ROLLED_BACK or PENDING (nothing done). */
int kv__settle_key(struct kv *kv, const void *ek, size_t eklen, uint64_t start_ts,
                   enum kv__settle mode, bool absent_ok, uint64_t commit_ts, enum kv__status *st,
                   uint64_t *cts, struct err *err);
/* Batch operations: commit S's lock on ek at commit_ts (delete the lock,
 * write record kind, value in the data CF); roll back (delete the lock and
 * data when had_lock, write the rollback record). */
void kv__batch_commit_key(struct rng_batch *b, const void *ek, size_t eklen, uint64_t start_ts,
                          uint64_t commit_ts, uint8_t kind);
void kv__batch_rollback_key(struct rng_batch *b, const void *ek, size_t eklen, uint64_t start_ts,
                            bool had_lock);
/* Deadline (kv clock) for waiting on another transaction's durable lock. */
int64_t kv__lock_deadline(struct kv *kv, int lock_timeout_ms);

/* ---- SERIALIZABLE read spans (ser.c) ------------------------------------------------ */

/* A span of esc keys a serializable transaction read: [lo, hi), hi_inf =
 * no upper bound. */
struct kv__rspan {
    unsigned char *lo, *hi;
    size_t lolen, hilen;
    bool hi_inf;
};

/* The read set: spans appended as reads happen, sorted and merged when it
 * grows past KV__RSPAN_MAX spans or KV__RSPAN_BYTES of keys, then
 * coarsened (neighbours merged into covering spans) down to half of that. */
#define KV__RSPAN_MAX   4096
#define KV__RSPAN_BYTES (1u << 20)
struct kv__rspans {
    struct kv__rspan *v;
    size_t n, cap;
    size_t bytes;
};

/* kv__txn_ser(t) (below struct kv_txn): whether t records read spans
 * (SERIALIZABLE and read-write). */
/* Record a point read of esc key ek (outside t's fresh spans). */
void kv__ser_note_key(struct kv_txn *t, const void *ek, size_t eklen);
/* Record the read of [lo, hi) (esc keys; hi NULL: unbounded). */
void kv__ser_note_span(struct kv_txn *t, const void *lo, size_t lolen, const void *hi,
                       size_t hilen);
/* Sort and merge t's spans; then while more than max_spans or max_bytes
 * of keys remain, merge neighbours into covering spans. */
void kv__ser_compact(struct kv_txn *t, size_t max_spans, size_t max_bytes);
void kv__ser_free(struct kv_txn *t);
/* The commit-time check (kv invariant 14) of t's read spans at commit_ts:
 * 0; 0 with *lock_found (another transaction's lock with start_ts <=
 * commit_ts: *lkey, *lbuf (caller frees) and *lk, to resolve with no latch
 * held before checking again); ERR_CONFLICT (40001, serialization failure)
 * or an error of the engine / range layer. */
int kv__ser_check(struct kv_txn *t, uint64_t commit_ts, bool *lock_found, struct sbuf *lkey,
                  void **lbuf, struct kv__lock_rec *lk, struct err *e);
/* The 40001 of a failed check (PostgreSQL's text, DETAIL and HINT). */
int kv__ser_conflict(struct err *e);
/* How long a commit's check waits for a committing transaction's lock
 * before failing with 40001 instead (two committing transactions may wait
 * for each other's locks). */
#define KV__SER_WAIT_MS 500
/* scan.c: walk [lo, hi) (hi NULL: unbounded) at read_ts like a scan of t
 * (gates of 1PC commits other than t's own, locks), stopping at the first
 * key outside t's fresh spans whose newest put/delete <= read_ts was
 * committed by another transaction after since (*hit), or at the first
 * lock of another transaction with start_ts <= read_ts (*lock_found, as
 * kv__ser_check). */
int kv__scan_check(struct kv_txn *t, const void *lo, size_t lolen, const void *hi, size_t hilen,
                   uint64_t read_ts, uint64_t since, bool *hit, bool *lock_found, struct sbuf *lkey,
                   void **lbuf, struct kv__lock_rec *lk, struct err *e);

/* ---- commit (commit.c) -------------------------------------------------------------- */

int kv__commit(struct kv_txn *t, struct err *err);

/* ---- the kv and the transaction ----------------------------------------------------- */

/* Fault injection for tests (kv->inject): the coordinator "crashes" at that
 * point: kv_txn_commit returns ERR_INTERNAL ("injected") leaving durable
 * state as a killed process would (in-memory locks die with it). */
enum kv__inject {
    KV__INJECT_NONE = 0,
    KV__INJECT_AFTER_PREWRITE = 1, /* all prewrites applied, primary not committed */
    KV__INJECT_AFTER_PRIMARY = 2,  /* primary committed, secondaries not */
    KV__INJECT_SLOW_PREWRITE = 3,  /* after the prewrites, sleep twice the lock TTL */
};

struct kv {
    struct rng_store *store;
    struct eng *eng;
    struct eng_cf *cf[KV_CF_COUNT];
    struct kv_options opt;
    char *labels;
    struct kv__tso tso;
    struct kv__latches latches;
    struct kv__lock_table locks;
    struct kv__worker worker;
    struct kv__metrics m;
    pthread_mutex_t txns_mu; /* guards the active list */
    struct kv_txn *txns;     /* active transactions (for GC's safepoint) */
    size_t n_txns;
    atomic_int inject; /* enum kv__inject; tests */
};

enum kv__txn_state {
    KV__TXN_ACTIVE = 0,
    KV__TXN_POISONED,
    KV__TXN_COMMITTING,
    KV__TXN_DONE,
    KV__TXN__COUNT
};

/* A fresh span of a transaction (kv_txn_fresh_span): escaped bounds, and
 * the buffer mark it was declared at (a rollback to a mark <= seq drops
 * it). */
struct kv__fresh {
    unsigned char *lo, *hi;
    size_t lolen, hilen;
    uint64_t seq;
};

struct kv_txn {
    struct kv *kv;
    enum kv__txn_state state;
    enum kv_isolation iso;
    bool read_only;
    bool private_writes; /* read-only, yet writes keys no other transaction reads */
    uint64_t start_ts;
    uint64_t read_ts;
    int lock_timeout_ms;
    int deadlock_timeout_ms; /* wait this long before looking for a deadlock */
    struct mem_ctx *ctx;     /* the buffer's memory */
    struct kv__buf buf;
    uint64_t stmt_mark; /* 0: no statement open */
    uint64_t *savepoints;
    size_t n_sp, cap_sp;
    size_t n_iters;
    struct kv__fresh *fresh; /* kv_txn_fresh_span, in order of declaration */
    size_t n_fresh, cap_fresh;
    struct err *poison;         /* what poisoned it; allocated then (a struct err
                                 * is 1 KiB: a kv_txn is 384 bytes without it) */
    struct kv_txn *prev, *next; /* kv->txns */
    uint64_t read_cap;          /* kv_txn_set_read_cap: 0 none, else own writes below it */
    struct kv__stream *stream;  /* stream.c; NULL until the first fresh write */
    bool stream_keep;           /* the commit reached (or may have reached) its commit point */
    bool bulk;                  /* kv_txn_set_bulk: fresh writes bypass the buffer (direct.c) */
    struct kv__direct *direct;  /* direct.c; NULL until the first bulk write */
    /* write_one: the escaped key (reused), and a fresh span known to hold
     * no buffer entry while buf.adds == bulk_adds and fresh_gen ==
     * bulk_fresh_gen (bulk writes there skip the buffer lookup) */
    struct sbuf wkey;
    const struct kv__fresh *bulk_span;
    uint64_t bulk_adds, bulk_fresh_gen, fresh_gen;
    /* write_one: the span of the last fresh write, which no newer span
     * overlaps, while fresh_gen == last_span_gen (a key in it needs no walk
     * over the spans) */
    const struct kv__fresh *last_span;
    uint64_t last_span_gen;
    struct kv__rspans rs; /* SERIALIZABLE: what it read (ser.c) */
    struct kv__tlk *tlk;  /* table locks held (tlock.c) */
    size_t n_tlk, cap_tlk;
    bool lock_newest; /* kv_txn_lock_newest is running: no snapshot check */
};

/* Whether t records read spans: SERIALIZABLE and read-write (a read-only
 * one serializes at start_ts and needs no check). */
static inline bool kv__txn_ser(const struct kv_txn *t)
{
    return t->iso == KV_ISO_SERIALIZABLE && !t->read_only;
}

/* Move t to state to; refuses (ALWAYS) a transition not in the table. */
bool kv__txn_move(struct kv_txn *t, enum kv__txn_state to);
/* Poison t with err (copied) and return err->code. */
int kv__txn_fail(struct kv_txn *t, struct err *err);
/* Whether esc key ek lies in one of t's fresh spans. */
bool kv__txn_fresh(const struct kv_txn *t, const void *ek, size_t eklen);
/* The fresh span holding esc key ek (the newest declared), or NULL. */
const struct kv__fresh *kv__txn_fresh_span_of(const struct kv_txn *t, const void *ek, size_t eklen);
/* Release every in-memory lock of t. */
void kv__txn_release_locks(struct kv_txn *t);
/* Unregister and free t. */
void kv__txn_free(struct kv_txn *t);
/* 0 when t may be used, else the 25P02 error. */
int kv__txn_usable(struct kv_txn *t, struct err *err);
/* The oldest start_ts of a running transaction, or UINT64_MAX. */
uint64_t kv__oldest_active(struct kv *kv);

#endif
