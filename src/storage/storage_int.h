/* storage_int.h — private to src/storage/ and its unit tests.
 *
 * engine.c owns the public entry points: it validates arguments, enforces the
 * iterator bounds, keeps the error state and the stats gauges, and dispatches
 * to a backend through struct eng__ops. Each backend embeds the base structs
 * below as the FIRST member of its own (struct rdb_iter { struct eng_iter
 * base; ... }) and casts back.
 */
#ifndef SF_STORAGE_STORAGE_INT_H
#define SF_STORAGE_STORAGE_INT_H

#include "storage/storage.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;

/* A column family. Backends embed it; name is owned (xfree at close). */
struct eng_cf {
    struct eng *eng;
    char *name;
    size_t index; /* position in eng->cfs */
};

struct eng_snapshot {
    struct eng *eng;
};

struct eng_batch {
    struct eng *eng;
    size_t count;
};

/* Base of every backend iterator. The bounds are copies owned by the
 * iterator; out_of_bounds is set by engine.c when the backend stopped on a
 * key outside them (or a seek target lies beyond them). */
struct eng_iter {
    struct eng *eng;
    struct eng_cf *cf;
    char *lower, *upper; /* NULL: unbounded */
    size_t llen, ulen;
    bool out_of_bounds;
    bool versions; /* eng_iter_new_versions: only seeks position it */
};

struct eng__stat_slot;

struct eng {
    const struct eng__ops *ops;
    enum eng_kind kind;
    char *path; /* owned, "" when none */
    bool sync_default;
    enum eng_filter_result (*filter)(const char *cf, const void *key, size_t klen,
                                     const void *value, size_t vlen, void *arg);
    void *filter_arg;
    struct eng_cf **cfs; /* owned array, cfs[0] is "default"; the CFs belong to the backend */
    size_t ncfs;
    atomic_long live_snapshots, live_iters, live_batches; /* checked at close */
    /* Error state (STYLE.md §5): once a write failed, writes are refused. */
    atomic_int failed;
    pthread_mutex_t failed_mu;
    char failed_msg[256];
    struct eng__stat_slot *stat_slot; /* NULL when not exported */
};

/* Where a read puts its value: into buf (cap bytes) when buf is non-NULL,
 * else a fresh copy in ctx (or xmalloc'ed when ctx is NULL) into *out. */
struct eng__sink {
    struct mem_ctx *ctx;
    void **out;
    void *buf;
    size_t cap;
    size_t *vlen;
};

/* Deliver a found value to the sink: 0, or ERR_LIMIT when buf is too small
 * (*vlen still set). */
int eng__sink_put(struct eng__sink *s, const void *v, size_t vlen);

/* A backend. Every function gets arguments already checked by engine.c. */
struct eng__ops {
    /* Open: allocate the backend struct embedding struct eng, call
     * eng__base_init on it, create the CFs (eng__add_cf) and return it. */
    int (*open)(const char *path, const struct eng_options *o, struct eng **out, struct err *err);
    void (*close)(struct eng *e); /* frees e (after eng__base_fini) */

    int (*get)(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key, size_t klen,
               struct eng__sink *sink, struct err *err);

    struct eng_batch *(*batch_new)(struct eng *e);
    void (*batch_put)(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen,
                      const void *val, size_t vlen);
    void (*batch_delete)(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen);
    void (*batch_delete_range)(struct eng_batch *b, struct eng_cf *cf, const void *start,
                               size_t slen, const void *end, size_t elen);
    void (*batch_clear)(struct eng_batch *b);
    void (*batch_free)(struct eng_batch *b);
    int (*write)(struct eng_batch *b, bool sync, struct err *err);

    struct eng_snapshot *(*snapshot_new)(struct eng *e);
    void (*snapshot_free)(struct eng_snapshot *s);

    /* Create an iterator: the backend allocates it, calls eng__iter_base_init
     * with the bounds, then may read it->lower / it->upper. */
    struct eng_iter *(*iter_new)(struct eng_cf *cf, const struct eng_snapshot *snap,
                                 const void *lower, size_t llen, const void *upper, size_t ulen,
                                 bool versions);
    /* Raw moves: they must honour lower for first/seek and upper for
     * last/seek_for_prev; engine.c clamps seek targets and checks every
     * key returned against both bounds. */
    void (*iter_seek)(struct eng_iter *it, const void *k, size_t klen);
    void (*iter_seek_for_prev)(struct eng_iter *it, const void *k, size_t klen);
    void (*iter_first)(struct eng_iter *it);
    void (*iter_last)(struct eng_iter *it);
    void (*iter_next)(struct eng_iter *it);
    void (*iter_prev)(struct eng_iter *it);
    bool (*iter_valid)(const struct eng_iter *it);
    const void *(*iter_key)(const struct eng_iter *it, size_t *klen);
    const void *(*iter_value)(const struct eng_iter *it, size_t *vlen);
    int (*iter_status)(const struct eng_iter *it, struct err *err);
    void (*iter_free)(struct eng_iter *it); /* frees it (after eng__iter_base_fini) */

    int (*checkpoint)(struct eng *e, const char *dir, struct err *err);
    int (*approximate_size)(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                            size_t elen, uint64_t *size, struct err *err);
    int (*compact_range)(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                         size_t elen, struct err *err);
    int (*flush)(struct eng *e, struct err *err);
    double (*stat)(struct eng *e, enum eng_stat which);
};

extern const struct eng__ops eng__rocksdb_ops;
extern const struct eng__ops eng__memory_ops;

/* Bytewise comparison of two keys: memcmp, then shorter first. */
int eng__cmp(const void *a, size_t alen, const void *b, size_t blen);

/* Fill the common part of a backend engine from the options. */
void eng__base_init(struct eng *e, const struct eng__ops *ops, const char *path,
                    const struct eng_options *o);
/* Free what eng__base_init allocated and every CF registered with
 * eng__add_cf (backends allocate CFs with xmalloc/xcalloc, struct eng_cf
 * first, and free nothing of them but their own resources). */
void eng__base_fini(struct eng *e);
/* Register cf (allocated by the backend) under a copy of name. */
void eng__add_cf(struct eng *e, struct eng_cf *cf, const char *name);
/* Collect the CF names to open: "default" first, then o->cf_names and
 * extra (e.g. the CFs already on disk), without duplicates. Returns 0 and
 * *names (caller owns: eng__names_free) or ERR_INVAL for a bad name. */
int eng__cf_names(const struct eng_options *o, char **extra, size_t nextra, char ***names,
                  size_t *n, struct err *err);
void eng__names_free(char **names, size_t n);

void eng__iter_base_init(struct eng_iter *it, struct eng_cf *cf, const void *lower, size_t llen,
                         const void *upper, size_t ulen);
void eng__iter_base_fini(struct eng_iter *it);

/* Stats export (eng_stats.c). Attach e to the static slot of its label set
 * and register the gauges; detach makes them read 0 and waits for a scrape
 * in progress. */
void eng__stats_attach(struct eng *e, const char *labels);
void eng__stats_detach(struct eng *e);

/* --- memory engine checkpoint file (eng_memory_ckpt.c) ------------------
 *
 * One file, dir/MEMORY-CHECKPOINT, little-endian:
 *
 *   File header (ENG__CKPT_HDR_SIZE bytes)
 *   OFFSET SIZE MEANING
 *        0    8 magic "SFMEMCKP"
 *        8    4 format version, ENG__CKPT_VERSION
 *       12    4 flags, 0
 *       16    8 sequence number of the read view that was written
 *       24    4 reserved, 0
 *       28    4 crc32c of bytes [0, 28)
 *
 *   Then records, each a header and a payload:
 *   OFFSET SIZE MEANING
 *        0    4 crc32c of bytes [4, 24) of this header, then the payload
 *        4    4 type: 1 CF (payload: its name), 2 KV (key then value) in the
 *               last CF record's CF, keys strictly increasing per CF;
 *               3 END (no payload), the last record
 *        8    4 key length (CF: name length, END: 0)
 *       12    4 reserved, 0
 *       16    8 value length (CF: 0; END: number of KV records in the file)
 *       24    . key bytes, value bytes
 *
 * Reading verifies every checksum, length (against the file size) and the
 * key order, and answers ERR_CORRUPT naming the file and offset.
 */
#define ENG__CKPT_FILE     "MEMORY-CHECKPOINT"
#define ENG__CKPT_MAGIC    "SFMEMCKP"
#define ENG__CKPT_VERSION  1u
#define ENG__CKPT_HDR_SIZE 32
#define ENG__CKPT_REC_SIZE 24

enum { ENG__CKPT_REC_CF = 1, ENG__CKPT_REC_KV = 2, ENG__CKPT_REC_END = 3 };

struct eng__ckpt_writer;

/* Create dir and start writing its checkpoint file (a temporary name until
 * eng__ckpt_finish renames it). Returns 0, ERR_EXISTS or ERR_IO. */
int eng__ckpt_begin(const char *dir, uint64_t seq, struct eng__ckpt_writer **out, struct err *err);
int eng__ckpt_cf(struct eng__ckpt_writer *w, const char *name, struct err *err);
int eng__ckpt_kv(struct eng__ckpt_writer *w, const void *k, size_t klen, const void *v, size_t vlen,
                 struct err *err);
/* Write END, fsync, rename into place, fsync dir; frees w. */
int eng__ckpt_finish(struct eng__ckpt_writer *w, struct err *err);
/* Remove the temporary file and free w (after an error). */
void eng__ckpt_abort(struct eng__ckpt_writer *w);

/* Callbacks of eng__ckpt_read: a CF starts, then its pairs in key order.
 * The key and value are borrowed for the call. Return 0 or an error code
 * (with err set) to stop. */
struct eng__ckpt_sink {
    int (*cf)(void *arg, const char *name, struct err *err);
    int (*kv)(void *arg, const void *k, size_t klen, const void *v, size_t vlen, struct err *err);
    void *arg;
};

/* Read and verify dir/MEMORY-CHECKPOINT, feeding sink. On ERR_CORRUPT the
 * sink may have received part of the file: the caller discards it. */
int eng__ckpt_read(const char *dir, const struct eng__ckpt_sink *sink, uint64_t *seq,
                   struct err *err);

#endif
