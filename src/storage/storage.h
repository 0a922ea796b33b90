/* storage.h — the storage engine interface (eng_*): one API, two backends.
 *
 * An engine is an ordered key/value store split into column families (CFs).
 * Keys and values are byte strings (NULs allowed) ordered bytewise (memcmp,
 * shorter first on a common prefix), as RocksDB's default comparator. The
 * backends are:
 *   ENG_ROCKSDB  RocksDB through its C API (rocksdb/c.h), the default.
 *   ENG_MEMORY   an in-memory MVCC skiplist with the same semantics; nothing
 *                is durable except what eng_checkpoint writes.
 *
 * Semantics shared by both backends (see README.md, "Invariants"):
 *  - eng_write applies a batch atomically: a reader sees all of it or none.
 *    Operations in one batch apply in the order they were added.
 *  - sync=true makes the batch durable on return (RocksDB WAL fsync); the
 *    memory engine accepts and ignores it.
 *  - A snapshot, and an iterator (at its snapshot or, without one, at the
 *    state of its creation), sees exactly the state at that moment.
 *  - An iterator never returns a key outside [lower, upper), in either
 *    direction, whatever seek target it is given.
 *  - The compaction filter may drop a key. Open iterators keep seeing it; a
 *    snapshot may stop seeing it (RocksDB ignores snapshots for filters; the
 *    memory engine keeps it for them). It runs on RocksDB's background
 *    threads, so it must be thread-safe and must not call into the engine.
 *
 * Thread safety: struct eng, struct eng_cf and struct eng_snapshot may be
 * used from any number of threads at once. A struct eng_batch and a
 * struct eng_iter belong to one thread at a time.
 *
 * Lifetimes: every snapshot, iterator and batch of an engine must be freed
 * before eng_close. CF handles are borrowed from the engine until eng_close.
 */
#ifndef SF_STORAGE_STORAGE_H
#define SF_STORAGE_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;

struct eng;
struct eng_cf;
struct eng_batch;
struct eng_snapshot;
struct eng_iter;

enum eng_kind { ENG_ROCKSDB = 0, ENG_MEMORY = 1 };

enum eng_compression { ENG_COMPRESS_NONE = 0, ENG_COMPRESS_LZ4 = 1, ENG_COMPRESS_ZSTD = 2 };

/* Verdict of a compaction filter. */
enum eng_filter_result { ENG_FILTER_KEEP = 0, ENG_FILTER_DROP = 1 };

/* Values of eng_write's sync argument; true and false work as expected. */
#define ENG_SYNC_NO      0
#define ENG_SYNC_YES     1
#define ENG_SYNC_DEFAULT 2 /* use eng_options.sync */

#define ENG_DEFAULT_CF           "default"
#define ENG_CF_NAME_MAX          128 /* bytes, without the NUL */
#define ENG_MAX_CFS              32
#define ENG_DEFAULT_CACHE_MB     64
#define ENG_DEFAULT_WRITE_BUF_MB 64

struct eng_options {
    enum eng_kind kind;
    size_t block_cache_size_mb;       /* 0: ENG_DEFAULT_CACHE_MB (rocksdb only) */
    size_t write_buffer_size_mb;      /* per CF memtable; 0: ENG_DEFAULT_WRITE_BUF_MB */
    enum eng_compression compression; /* rocksdb only */
    bool sync;                        /* what ENG_SYNC_DEFAULT means */
    bool create_if_missing;           /* rocksdb: create the directory's DB */
    /* CFs to open besides "default", which always exists. Missing ones are
     * created; existing CFs not listed are opened too. Borrowed during
     * eng_open only. */
    const char *const *cf_names;
    size_t n_cf_names;
    /* CFs (names, a subset of the opened ones) whose keys are versions: a
     * prefix followed by a suffix of exactly version_suffix_len bytes
     * (kv's write CF: an escaped key and a timestamp). rocksdb indexes
     * their prefixes in bloom filters (memtables and SST files), which
     * eng_iter_new_versions uses to skip memtables and files without the
     * sought prefix. Keys shorter than the suffix are allowed and simply
     * not indexed. Borrowed during eng_open only. */
    const char *const *version_cfs;
    size_t n_version_cfs;
    size_t version_suffix_len;
    /* Compaction filter (NULL: none): called for the newest value of a key
     * when a compaction (RocksDB's background ones, or eng_compact_range)
     * rewrites it. cf is the CF name; key and value are borrowed for the
     * call. Must be thread-safe and must not call into the engine. */
    enum eng_filter_result (*filter)(const char *cf, const void *key, size_t klen,
                                     const void *value, size_t vlen, void *arg);
    void *filter_arg; /* passed to filter; must outlive the engine */
    /* A directory written by eng_checkpoint (same kind) to start from.
     * rocksdb: its files are linked or copied into path, which must not
     * exist or be empty. memory: its contents are loaded and verified. */
    const char *restore_from;
    /* Prometheus label set for this engine's metrics, e.g. `store="1"`;
     * NULL or "" for none. Copied. */
    const char *metric_labels;
};

/* Engine statistics (exported as gauges shardforge_storage_*). */
enum eng_stat {
    ENG_STAT_NUM_KEYS = 0,             /* estimate of live keys (all CFs) */
    ENG_STAT_BLOCK_CACHE_BYTES,        /* block cache usage (memory: 0) */
    ENG_STAT_MEMTABLE_BYTES,           /* memtables (memory: all data) */
    ENG_STAT_SST_BYTES,                /* SST files (memory: 0) */
    ENG_STAT_PENDING_COMPACTION_BYTES, /* estimate (memory: 0) */
    ENG_STAT__COUNT
};

/* --- options and names ------------------------------------------------ */

/* Fill o with the defaults: rocksdb, 64 MiB cache and write buffer, lz4,
 * sync false, create_if_missing true, no extra CFs, no filter. */
void eng_options_init(struct eng_options *o);
/* "rocksdb" | "memory" -> *out. Returns 0 or ERR_INVAL. */
int eng_kind_parse(const char *s, enum eng_kind *out);
/* "none" | "lz4" | "zstd" -> *out. Returns 0 or ERR_INVAL. */
int eng_compression_parse(const char *s, enum eng_compression *out);
/* Static name of a kind ("rocksdb", "memory"). */
const char *eng_kind_name(enum eng_kind kind);

/* --- engine ----------------------------------------------------------- */

/* Open the engine of kind o->kind at directory path (memory: path is only
 * used in messages and may be NULL). Column families are fixed at open.
 * Returns 0 and *out (caller owns, release with eng_close), or ERR_INVAL
 * (bad options), ERR_NOTFOUND (no DB and !create_if_missing), ERR_BUSY
 * (locked by another process), ERR_EXISTS (restore into a non-empty
 * directory), ERR_CORRUPT, ERR_IO; err names the path and RocksDB's text. */
int eng_open(const char *path, const struct eng_options *o, struct eng **out, struct err *err);
/* Close and free e. Pre: every snapshot, iterator and batch of e is freed.
 * NULL is a no-op. Stats gauges of e read 0 afterwards. */
void eng_close(struct eng *e);
enum eng_kind eng_kind_of(const struct eng *e);
/* The path given to eng_open ("" if none); borrowed until eng_close. */
const char *eng_path(const struct eng *e);

/* The CF named name, or NULL if it was not opened. Borrowed until
 * eng_close. Look handles up once: this is a linear search. */
struct eng_cf *eng_cf(struct eng *e, const char *name);
/* Name of a CF; borrowed until eng_close. */
const char *eng_cf_name(const struct eng_cf *cf);
/* Number of open CFs and the i-th (0 is "default"); borrowed until close. */
size_t eng_cf_count(const struct eng *e);
struct eng_cf *eng_cf_at(struct eng *e, size_t i);

/* --- reads ------------------------------------------------------------ */

/* Read key in cf at snap (NULL: the latest state). On success returns 0 and
 * *val and *vlen: allocated in ctx, or with ctx NULL caller owns (xfree). An
 * empty value is found with *vlen 0 (and *val non-NULL). Returns
 * ERR_NOTFOUND without touching err if the key is absent, else ERR_IO or
 * ERR_CORRUPT with err set. */
int eng_get(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key, size_t klen,
            struct mem_ctx *ctx, void **val, size_t *vlen, struct err *err);
/* Same, into the caller's buffer buf of cap bytes: returns 0 with *vlen the
 * value's length; ERR_LIMIT (err untouched, buf untouched) with *vlen the
 * needed length if cap is too small; ERR_NOTFOUND (err untouched). */
int eng_get_buf(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key, size_t klen,
                void *buf, size_t cap, size_t *vlen, struct err *err);

/* --- write batches ---------------------------------------------------- */

/* A new empty batch for e; caller owns (eng_batch_free). Key and value
 * bytes are copied in. cf must belong to the batch's engine. */
struct eng_batch *eng_batch_new(struct eng *e);
void eng_batch_put(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen,
                   const void *val, size_t vlen);
void eng_batch_delete(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen);
/* Delete every key in [start, end). start >= end is a no-op (not counted). */
void eng_batch_delete_range(struct eng_batch *b, struct eng_cf *cf, const void *start, size_t slen,
                            const void *end, size_t elen);
/* Drop every operation; the batch stays usable. */
void eng_batch_clear(struct eng_batch *b);
/* Number of operations (put, delete, delete_range) in b. */
size_t eng_batch_count(const struct eng_batch *b);
/* NULL is a no-op. */
void eng_batch_free(struct eng_batch *b);
/* Apply b atomically. sync: ENG_SYNC_YES (durable on return), ENG_SYNC_NO,
 * ENG_SYNC_DEFAULT (eng_options.sync). b keeps its contents. Returns 0 or
 * ERR_IO/ERR_CORRUPT; after such an error the engine refuses later writes
 * with ERR_IO (its state on disk is in doubt: reopen it). */
int eng_write(struct eng_batch *b, int sync, struct err *err);

/* --- snapshots -------------------------------------------------------- */

/* A consistent read view of every CF as of now; caller owns
 * (eng_snapshot_free). Usable from several threads at once. */
struct eng_snapshot *eng_snapshot_new(struct eng *e);
/* NULL is a no-op. Pre: no iterator created at s is still open. */
void eng_snapshot_free(struct eng_snapshot *s);
/* For mem_ctx_cleanup: arg is a struct eng_snapshot *. */
void eng_snapshot_cleanup(void *arg);

/* --- iterators -------------------------------------------------------- */

/* An iterator over cf in [lower, upper), at snap (NULL: the state at this
 * call). lower NULL: unbounded below; upper NULL: unbounded above (a
 * non-NULL bound of length 0 is the empty key). Bounds are copied. It is not
 * positioned: call a seek, first or last. Caller owns (eng_iter_free). */
struct eng_iter *eng_iter_new(struct eng_cf *cf, const struct eng_snapshot *snap, const void *lower,
                              size_t llen, const void *upper, size_t ulen);
/* An iterator over the versions of one prefix P in a version CF (see
 * eng_options.version_cfs): like eng_iter_new, but only eng_iter_seek to a
 * key P + suffix (version_suffix_len bytes) may position it, and it sees
 * only keys P + suffix. Pre: every key in [lower, upper) is P + a suffix
 * (P prefix-free, as kv's escaped keys are). Other CFs and engines: the
 * same as eng_iter_new. */
struct eng_iter *eng_iter_new_versions(struct eng_cf *cf, const struct eng_snapshot *snap,
                                       const void *lower, size_t llen, const void *upper,
                                       size_t ulen);
/* Position at the first key >= k (clamped to lower), or invalid. */
void eng_iter_seek(struct eng_iter *it, const void *k, size_t klen);
/* Position at the last key <= k (clamped below upper), or invalid. */
void eng_iter_seek_for_prev(struct eng_iter *it, const void *k, size_t klen);
void eng_iter_first(struct eng_iter *it);
void eng_iter_last(struct eng_iter *it);
/* Move by one key. Pre: eng_iter_valid(it). */
void eng_iter_next(struct eng_iter *it);
void eng_iter_prev(struct eng_iter *it);
/* True if positioned on a key (always inside the bounds). */
bool eng_iter_valid(const struct eng_iter *it);
/* Current key / value. Pre: valid. Borrowed until the next move or free. */
const void *eng_iter_key(const struct eng_iter *it, size_t *klen);
const void *eng_iter_value(const struct eng_iter *it, size_t *vlen);
/* 0, or the error (ERR_IO, ERR_CORRUPT) that made the iterator invalid,
 * copied into err. Check it when an iteration ends early. */
int eng_iter_status(const struct eng_iter *it, struct err *err);
/* NULL is a no-op. */
void eng_iter_free(struct eng_iter *it);
/* For mem_ctx_cleanup: arg is a struct eng_iter *. */
void eng_iter_cleanup(void *arg);

/* --- maintenance ------------------------------------------------------ */

/* Write a consistent copy of e into directory dir, which must not exist
 * (its parent must). Reopen it with eng_options.restore_from. rocksdb:
 * RocksDB's checkpoint (hard links where possible). memory: one file
 * dir/MEMORY-CHECKPOINT, checksummed (crc32c). Returns 0, ERR_EXISTS, ERR_IO. */
int eng_checkpoint(struct eng *e, const char *dir, struct err *err);
/* Approximate bytes stored for keys in [start, end) of cf (NULL: unbounded).
 * rocksdb: RocksDB's estimate for SST files plus the key and value bytes
 * of the span still in memtables (a memtable-only scan). memory: bytes of
 * every stored version. */
int eng_approximate_size(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                         size_t elen, uint64_t *size, struct err *err);
/* Compact keys in [start, end) of cf (NULL: unbounded), running the
 * compaction filter and dropping versions no reader can see. Blocking. */
int eng_compact_range(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                      size_t elen, struct err *err);
/* Flush memtables to disk (memory: no-op). Blocking. */
int eng_flush(struct eng *e, struct err *err);
/* Current value of a statistic (0 if unknown). */
double eng_stat(struct eng *e, enum eng_stat which);

#endif
