/* eng_rocksdb.c — the RocksDB backend, through RocksDB's C API (rocksdb/c.h,
 * 7.8).
 *
 * Notes:
 *  - Every CF gets a copy of the DB options, with the compaction filter (if
 *    any) set on it; the filter objects, options, block cache and table
 *    options outlive the DB and are destroyed after rocksdb_close.
 *  - RocksDB keeps only a Slice of iterator bounds in its read options: the
 *    bounds point at the copies in struct eng_iter, which live until the
 *    iterator is destroyed.
 *  - The C API's rocksdb_approximate_sizes_cf counts SST files only;
 *    eng_approximate_size adds the memtables by a memtable-only scan.
 *  - Version CFs (eng_options.version_cfs) get a prefix extractor (the key
 *    without its version suffix), a memtable prefix bloom filter and SST
 *    filters of prefixes instead of whole keys (a get by whole key then
 *    reads the files; kv never does one on its write CF). Every iterator but
 *    eng_iter_new_versions' sets total_order_seek, so prefixes change
 *    nothing for them; a versions iterator seeks in prefix mode
 *    (prefix_same_as_start), which skips memtables and files whose filter
 *    lacks the prefix.
 *  - RocksDB errors arrive as malloc'ed strings ("IO error: ...",
 *    "Corruption: ..."); rdb_fail maps their prefix to our codes.
 */
#include "storage/storage_int.h"

#include "common/assert.h"
#include "common/err.h"
#include "common/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <rocksdb/c.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RDB_INFO_LOG_WARN  2 /* rocksdb::InfoLogLevel::WARN_LEVEL */
#define RDB_BLOOM_BITS     10.0
#define RDB_BYTES_PER_SYNC (1u << 20)
#define RDB_FILTER_NAME    "shardforge.compaction_filter"
#define RDB_COPY_BUF       (1u << 16)
#define RDB_MEMTABLE_TIER  3 /* rocksdb::ReadTier::kMemtableTier */
/* Memtable prefix bloom: this share of the write buffer (640 KiB of a
 * 64 MiB one), ~10 bits per key for the few hundred thousand keys a
 * write-heavy run leaves there. Every insert touches one random cache line
 * of it, so it is kept to about half an L2 cache: at 2% (1.3 MiB) a bulk
 * load's 2M write CF inserts cost ~0.2 s more CPU, at 1% ~0.1 s. */
#define RDB_MEMTABLE_BLOOM_RATIO 0.01

struct rdb_cf {
    struct eng_cf base;
    rocksdb_column_family_handle_t *h;
    rocksdb_options_t *opts;
    rocksdb_compactionfilter_t *filter; /* NULL without a filter */
};

struct rdb {
    struct eng base;
    rocksdb_t *db;
    rocksdb_options_t *dbopts;
    rocksdb_block_based_table_options_t *bbto;
    rocksdb_block_based_table_options_t *bbto_versions; /* prefix filters only */
    rocksdb_cache_t *cache;
    rocksdb_writeoptions_t *wo_sync, *wo_nosync;
    rocksdb_readoptions_t *ro;
};

struct rdb_snap {
    struct eng_snapshot base;
    const rocksdb_snapshot_t *snap;
    rocksdb_readoptions_t *ro;
};

struct rdb_batch {
    struct eng_batch base;
    rocksdb_writebatch_t *wb;
};

struct rdb_iter {
    struct eng_iter base;
    rocksdb_readoptions_t *ro;
    rocksdb_iterator_t *it;
};

static struct rdb *RDB(struct eng *e)
{
    return (struct rdb *)e;
}

static struct rdb_cf *RCF(struct eng_cf *cf)
{
    return (struct rdb_cf *)cf;
}

/* Map a RocksDB status string to our code. */
static int rdb_code(const char *msg)
{
    if (strncmp(msg, "Corruption", 10) == 0)
        return ERR_CORRUPT;
    if (strncmp(msg, "Invalid argument", 16) == 0) {
        if (strstr(msg, "does not exist") != NULL)
            return ERR_NOTFOUND;
        if (strstr(msg, "exists") != NULL)
            return ERR_EXISTS;
        return ERR_INVAL;
    }
    if (strncmp(msg, "Not implemented", 15) == 0)
        return ERR_UNSUPPORTED;
    if (strncmp(msg, "Shutdown in progress", 20) == 0)
        return ERR_SHUTDOWN;
    if (strstr(msg, "lock") != NULL &&
        (strstr(msg, "Resource temporarily unavailable") != NULL ||
         strstr(msg, "No locks available") != NULL || strstr(msg, "lock hold") != NULL))
        return ERR_BUSY;
    if (strncmp(msg, "Resource busy", 13) == 0 || strncmp(msg, "Busy", 4) == 0)
        return ERR_BUSY;
    if (strstr(msg, "No space left") != NULL)
        return ERR_IO;
    return ERR_IO;
}

/* Set err from RocksDB's message msg (freed here): "storage: <what>: msg". */
static int rdb_fail(struct err *err, char *msg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int rdb_fail(struct err *err, char *msg, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    int code = rdb_code(msg);

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    err_set(err, code, "storage: %s: %s", what, msg);
    rocksdb_free(msg);
    return code;
}

/* --- compaction filter ---------------------------------------------------- */

static unsigned char rdb_filter(void *state, int level, const char *key, size_t klen,
                                const char *val, size_t vlen, char **new_value, size_t *new_vlen,
                                unsigned char *changed)
{
    struct rdb_cf *cf = state;
    struct eng *e = cf->base.eng;
    (void)level;
    (void)new_value;
    (void)new_vlen;
    *changed = 0;
    return e->filter(cf->base.name, key, klen, val, vlen, e->filter_arg) == ENG_FILTER_DROP;
}

static const char *rdb_filter_name(void *state)
{
    (void)state;
    return RDB_FILTER_NAME;
}

static void rdb_filter_destroy(void *state)
{
    (void)state; /* the rdb_cf is freed by close */
}

/* --- restore: populate path from a checkpoint directory ---------------------- */

static int copy_file(const char *src, const char *dst, struct err *err)
{
    char *buf;
    int in, out, rc = 0;
    ssize_t n;

    if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
        return err_errno(err, errno, "storage: restore: open %s", src);
    if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
        rc = err_errno(err, errno, "storage: restore: create %s", dst);
        goto err_after_in;
    }
    buf = xmalloc(RDB_COPY_BUF);
    while ((n = read(in, buf, RDB_COPY_BUF)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = err_errno(err, errno, "storage: restore: read %s", src);
            break;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                rc = err_errno(err, errno, "storage: restore: write %s", dst);
                goto err_after_buf;
            }
            off += w;
        }
    }
    if (rc == 0 && fsync(out) != 0)
        rc = err_errno(err, errno, "storage: restore: fsync %s", dst);
err_after_buf:
    xfree(buf);
    if (close(out) != 0 && rc == 0)
        rc = err_errno(err, errno, "storage: restore: close %s", dst);
err_after_in:
    close(in);
    return rc;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int fsync_dir(const char *dir, struct err *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, errno, "storage: open directory %s", dir);
    int rc = fsync(fd) != 0 ? err_errno(err, errno, "storage: fsync directory %s", dir) : 0;
    close(fd);
    return rc;
}

/* Make path a copy of checkpoint directory src: SST and blob files (never
 * rewritten by RocksDB) are hard-linked when possible, the rest copied. */
static int restore_checkpoint(const char *src, const char *path, struct err *err)
{
    struct dirent *de;
    DIR *d;
    int rc = 0;

    if (mkdir(path, 0755) != 0) {
        if (errno != EEXIST)
            return err_errno(err, errno, "storage: restore: create %s", path);
        if ((d = opendir(path)) == NULL)
            return err_errno(err, errno, "storage: restore: open %s", path);
        while ((de = readdir(d)) != NULL)
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                rc =
                    err_set(err, ERR_EXISTS, "storage: restore into %s: directory not empty", path);
        closedir(d);
        if (rc != 0)
            return rc;
    }
    if ((d = opendir(src)) == NULL)
        return err_errno(err, errno, "storage: restore: open checkpoint %s", src);
    while (rc == 0 && (de = readdir(d)) != NULL) {
        char from[4096], to[4096];
        struct stat st;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(from, sizeof(from), "%s/%s", src, de->d_name);
        snprintf(to, sizeof(to), "%s/%s", path, de->d_name);
        if (stat(from, &st) != 0) {
            rc = err_errno(err, errno, "storage: restore: stat %s", from);
            break;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        if ((has_suffix(de->d_name, ".sst") || has_suffix(de->d_name, ".blob")) &&
            link(from, to) == 0)
            continue;
        rc = copy_file(from, to, err);
    }
    closedir(d);
    if (rc == 0)
        rc = fsync_dir(path, err);
    return rc;
}

/* --- version prefix extractor -------------------------------------------- */

/* The prefix of a key in a version CF: all but its last `suffix` bytes. The
 * name carries the suffix length, so SST filters built with another one are
 * not used for prefix checks (RocksDB compares the names). */
struct rdb_prefix {
    size_t suffix;
    char name[48];
};

static char *rdb_prefix_transform(void *state, const char *key, size_t len, size_t *plen)
{
    const struct rdb_prefix *p = state;
    *plen = len - p->suffix; /* RocksDB calls this only when in_domain */
    return (char *)key;
}

static unsigned char rdb_prefix_in_domain(void *state, const char *key, size_t len)
{
    (void)key;
    return len >= ((const struct rdb_prefix *)state)->suffix;
}

static unsigned char rdb_prefix_in_range(void *state, const char *key, size_t len)
{
    (void)state, (void)key, (void)len;
    return 0; /* unused by RocksDB */
}

static const char *rdb_prefix_name(void *state)
{
    return ((const struct rdb_prefix *)state)->name;
}

static void rdb_prefix_destroy(void *state)
{
    xfree(state);
}

static bool is_version_cf(const struct eng_options *o, const char *name)
{
    for (size_t i = 0; i < o->n_version_cfs; i++)
        if (strcmp(o->version_cfs[i], name) == 0)
            return true;
    return false;
}

/* The options own the extractor once set (and share it with their copies). */
static void set_version_prefix(rocksdb_options_t *opts, size_t suffix,
                               rocksdb_block_based_table_options_t *bbto)
{
    struct rdb_prefix *p = xcalloc(1, sizeof(*p));
    p->suffix = suffix;
    snprintf(p->name, sizeof p->name, "shardforge.version_prefix.%zu", suffix);
    rocksdb_slicetransform_t *st =
        rocksdb_slicetransform_create(p, rdb_prefix_destroy, rdb_prefix_transform,
                                      rdb_prefix_in_domain, rdb_prefix_in_range, rdb_prefix_name);
    rocksdb_options_set_prefix_extractor(opts, st);
    rocksdb_options_set_memtable_prefix_bloom_size_ratio(opts, RDB_MEMTABLE_BLOOM_RATIO);
    rocksdb_options_set_block_based_table_factory(opts, bbto);
}

/* --- open / close --------------------------------------------------------- */

static void rdb_free_parts(struct rdb *r)
{
    for (size_t i = 0; i < r->base.ncfs; i++) {
        struct rdb_cf *cf = RCF(r->base.cfs[i]);
        if (cf->h)
            rocksdb_column_family_handle_destroy(cf->h);
        cf->h = NULL;
    }
    if (r->db)
        rocksdb_close(r->db);
    for (size_t i = 0; i < r->base.ncfs; i++) {
        struct rdb_cf *cf = RCF(r->base.cfs[i]);
        if (cf->opts)
            rocksdb_options_destroy(cf->opts);
        if (cf->filter)
            rocksdb_compactionfilter_destroy(cf->filter);
    }
    if (r->dbopts)
        rocksdb_options_destroy(r->dbopts);
    if (r->bbto)
        rocksdb_block_based_options_destroy(r->bbto);
    if (r->bbto_versions)
        rocksdb_block_based_options_destroy(r->bbto_versions);
    if (r->cache)
        rocksdb_cache_destroy(r->cache);
    if (r->wo_sync)
        rocksdb_writeoptions_destroy(r->wo_sync);
    if (r->wo_nosync)
        rocksdb_writeoptions_destroy(r->wo_nosync);
    if (r->ro)
        rocksdb_readoptions_destroy(r->ro);
    eng__base_fini(&r->base);
    xfree(r);
}

static int compression_type(enum eng_compression c)
{
    switch (c) {
    case ENG_COMPRESS_LZ4:
        return rocksdb_lz4_compression;
    case ENG_COMPRESS_ZSTD:
        return rocksdb_zstd_compression;
    case ENG_COMPRESS_NONE:
        break;
    }
    return rocksdb_no_compression;
}

/* Block-based tables sharing the block cache, with full bloom filters of
 * whole keys (whole_keys) or, for version CFs, of prefixes only: kv never
 * gets a write CF key by its whole key, it seeks versions. */
static rocksdb_block_based_table_options_t *table_options(rocksdb_cache_t *cache, bool whole_keys)
{
    rocksdb_block_based_table_options_t *t = rocksdb_block_based_options_create();
    rocksdb_block_based_options_set_block_cache(t, cache);
    /* the table options own the policy once set */
    rocksdb_block_based_options_set_filter_policy(
        t, rocksdb_filterpolicy_create_bloom_full(RDB_BLOOM_BITS));
    rocksdb_block_based_options_set_whole_key_filtering(t, whole_keys);
    return t;
}

static void rdb_make_options(struct rdb *r, const struct eng_options *o)
{
    size_t cache_mb = o->block_cache_size_mb ? o->block_cache_size_mb : ENG_DEFAULT_CACHE_MB;
    size_t wbuf_mb = o->write_buffer_size_mb ? o->write_buffer_size_mb : ENG_DEFAULT_WRITE_BUF_MB;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = ncpu < 2 ? 2 : ncpu > 8 ? 8 : (int)ncpu;

    r->cache = rocksdb_cache_create_lru(cache_mb << 20);
    r->bbto = table_options(r->cache, true);
    r->bbto_versions = table_options(r->cache, false);

    r->dbopts = rocksdb_options_create();
    rocksdb_options_set_create_if_missing(r->dbopts, o->create_if_missing);
    rocksdb_options_set_create_missing_column_families(r->dbopts, 1);
    rocksdb_options_increase_parallelism(r->dbopts, threads);
    rocksdb_options_set_max_background_jobs(r->dbopts, threads);
    rocksdb_options_set_info_log_level(r->dbopts, RDB_INFO_LOG_WARN);
    rocksdb_options_set_keep_log_file_num(r->dbopts, 4);
    rocksdb_options_set_bytes_per_sync(r->dbopts, RDB_BYTES_PER_SYNC);
    rocksdb_options_set_level_compaction_dynamic_level_bytes(r->dbopts, 1);
    rocksdb_options_set_write_buffer_size(r->dbopts, wbuf_mb << 20);
    rocksdb_options_set_compression(r->dbopts, compression_type(o->compression));
    rocksdb_options_set_block_based_table_factory(r->dbopts, r->bbto);

    r->wo_sync = rocksdb_writeoptions_create();
    rocksdb_writeoptions_set_sync(r->wo_sync, 1);
    r->wo_nosync = rocksdb_writeoptions_create();
    rocksdb_writeoptions_set_sync(r->wo_nosync, 0);
    r->ro = rocksdb_readoptions_create();
    rocksdb_readoptions_set_total_order_seek(r->ro, 1);
}

static int rdb_open(const char *path, const struct eng_options *o, struct eng **out,
                    struct err *err)
{
    struct rdb *r = xcalloc(1, sizeof(*r));
    char **existing = NULL, **names = NULL, *msg = NULL;
    size_t nexisting = 0, n = 0;
    int rc;

    eng__base_init(&r->base, &eng__rocksdb_ops, path, o);
    if (o->restore_from != NULL && (rc = restore_checkpoint(o->restore_from, path, err)) != 0)
        goto err_after_engine;
    rdb_make_options(r, o);

    /* RocksDB must open every CF on disk: add them to the requested ones.
     * A missing DB lists nothing (the open below reports it if needed). */
    existing = rocksdb_list_column_families(r->dbopts, path, &nexisting, &msg);
    if (msg != NULL) {
        rocksdb_free(msg);
        msg = NULL;
        if (existing != NULL)
            rocksdb_list_column_families_destroy(existing, 0);
        existing = NULL;
        nexisting = 0;
    }
    rc = eng__cf_names(o, existing, nexisting, &names, &n, err);
    if (existing != NULL)
        rocksdb_list_column_families_destroy(existing, nexisting);
    if (rc != 0) {
        err_prefix(err, "storage: open %s", path);
        goto err_after_engine;
    }

    const rocksdb_options_t **cfopts = xcalloc(n, sizeof(*cfopts));
    rocksdb_column_family_handle_t **handles = xcalloc(n, sizeof(*handles));
    for (size_t i = 0; i < n; i++) {
        struct rdb_cf *cf = xcalloc(1, sizeof(*cf));
        eng__add_cf(&r->base, &cf->base, names[i]);
        cf->opts = rocksdb_options_create_copy(r->dbopts);
        if (o->filter != NULL) {
            cf->filter = rocksdb_compactionfilter_create(cf, rdb_filter_destroy, rdb_filter,
                                                         rdb_filter_name);
            rocksdb_compactionfilter_set_ignore_snapshots(cf->filter, 1);
            rocksdb_options_set_compaction_filter(cf->opts, cf->filter);
        }
        if (is_version_cf(o, names[i]))
            set_version_prefix(cf->opts, o->version_suffix_len, r->bbto_versions);
        cfopts[i] = cf->opts;
    }
    r->db = rocksdb_open_column_families(r->dbopts, path, (int)n, (const char *const *)names,
                                         cfopts, handles, &msg);
    xfree(cfopts);
    if (msg != NULL) {
        xfree(handles);
        rc = rdb_fail(err, msg, "open %s", path);
        goto err_after_names;
    }
    for (size_t i = 0; i < n; i++)
        RCF(r->base.cfs[i])->h = handles[i];
    xfree(handles);
    eng__names_free(names, n);
    *out = &r->base;
    return 0;

err_after_names:
    eng__names_free(names, n);
err_after_engine:
    rdb_free_parts(r);
    return rc;
}

static void rdb_close(struct eng *e)
{
    rdb_free_parts(RDB(e));
}

/* --- reads and writes ------------------------------------------------------ */

static const rocksdb_readoptions_t *read_opts(struct eng *e, const struct eng_snapshot *snap)
{
    return snap ? ((const struct rdb_snap *)snap)->ro : RDB(e)->ro;
}

static int rdb_get(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key, size_t klen,
                   struct eng__sink *sink, struct err *err)
{
    struct rdb *r = RDB(cf->eng);
    char *msg = NULL;
    rocksdb_pinnableslice_t *v =
        rocksdb_get_pinned_cf(r->db, read_opts(cf->eng, snap), RCF(cf)->h, key, klen, &msg);
    if (msg != NULL)
        return rdb_fail(err, msg, "get in %s/%s", cf->eng->path, cf->name);
    if (v == NULL)
        return ERR_NOTFOUND;
    size_t vlen;
    const char *p = rocksdb_pinnableslice_value(v, &vlen);
    int rc = eng__sink_put(sink, p, vlen);
    rocksdb_pinnableslice_destroy(v);
    return rc;
}

static struct eng_batch *rdb_batch_new(struct eng *e)
{
    struct rdb_batch *b = xcalloc(1, sizeof(*b));
    (void)e;
    b->wb = rocksdb_writebatch_create();
    return &b->base;
}

static rocksdb_writebatch_t *WB(struct eng_batch *b)
{
    return ((struct rdb_batch *)b)->wb;
}

static void rdb_batch_put(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen,
                          const void *val, size_t vlen)
{
    rocksdb_writebatch_put_cf(WB(b), RCF(cf)->h, key, klen, val, vlen);
}

static void rdb_batch_delete(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen)
{
    rocksdb_writebatch_delete_cf(WB(b), RCF(cf)->h, key, klen);
}

static void rdb_batch_delete_range(struct eng_batch *b, struct eng_cf *cf, const void *start,
                                   size_t slen, const void *end, size_t elen)
{
    rocksdb_writebatch_delete_range_cf(WB(b), RCF(cf)->h, start, slen, end, elen);
}

static void rdb_batch_clear(struct eng_batch *b)
{
    rocksdb_writebatch_clear(WB(b));
}

static void rdb_batch_free(struct eng_batch *b)
{
    rocksdb_writebatch_destroy(WB(b));
    xfree(b);
}

static int rdb_write(struct eng_batch *b, bool sync, struct err *err)
{
    struct rdb *r = RDB(b->eng);
    char *msg = NULL;
    rocksdb_write(r->db, sync ? r->wo_sync : r->wo_nosync, WB(b), &msg);
    if (msg != NULL)
        return rdb_fail(err, msg, "write to %s", b->eng->path);
    return 0;
}

/* --- snapshots ------------------------------------------------------------ */

static struct eng_snapshot *rdb_snapshot_new(struct eng *e)
{
    struct rdb_snap *s = xcalloc(1, sizeof(*s));
    s->snap = rocksdb_create_snapshot(RDB(e)->db);
    s->ro = rocksdb_readoptions_create();
    rocksdb_readoptions_set_snapshot(s->ro, s->snap);
    rocksdb_readoptions_set_total_order_seek(s->ro, 1);
    return &s->base;
}

static void rdb_snapshot_free(struct eng_snapshot *snap)
{
    struct rdb_snap *s = (struct rdb_snap *)snap;
    rocksdb_readoptions_destroy(s->ro);
    rocksdb_release_snapshot(RDB(snap->eng)->db, s->snap);
    xfree(s);
}

/* --- iterators ------------------------------------------------------------ */

static struct rdb_iter *RIT(struct eng_iter *it)
{
    return (struct rdb_iter *)it;
}

static const struct rdb_iter *CRIT(const struct eng_iter *it)
{
    return (const struct rdb_iter *)it;
}

static struct eng_iter *rdb_iter_new(struct eng_cf *cf, const struct eng_snapshot *snap,
                                     const void *lower, size_t llen, const void *upper, size_t ulen,
                                     bool versions)
{
    struct rdb_iter *it = xcalloc(1, sizeof(*it));
    eng__iter_base_init(&it->base, cf, lower, llen, upper, ulen);
    it->ro = rocksdb_readoptions_create();
    if (versions)
        rocksdb_readoptions_set_prefix_same_as_start(it->ro, 1);
    else
        rocksdb_readoptions_set_total_order_seek(it->ro, 1);
    if (snap != NULL)
        rocksdb_readoptions_set_snapshot(it->ro, ((const struct rdb_snap *)snap)->snap);
    /* RocksDB keeps pointers to these copies (see the file comment). */
    if (it->base.lower != NULL)
        rocksdb_readoptions_set_iterate_lower_bound(it->ro, it->base.lower, it->base.llen);
    if (it->base.upper != NULL)
        rocksdb_readoptions_set_iterate_upper_bound(it->ro, it->base.upper, it->base.ulen);
    it->it = rocksdb_create_iterator_cf(RDB(cf->eng)->db, it->ro, RCF(cf)->h);
    return &it->base;
}

static void rdb_iter_seek(struct eng_iter *it, const void *k, size_t klen)
{
    rocksdb_iter_seek(RIT(it)->it, k, klen);
}

static void rdb_iter_seek_for_prev(struct eng_iter *it, const void *k, size_t klen)
{
    rocksdb_iter_seek_for_prev(RIT(it)->it, k, klen);
}

static void rdb_iter_first(struct eng_iter *it)
{
    rocksdb_iter_seek_to_first(RIT(it)->it);
}

static void rdb_iter_last(struct eng_iter *it)
{
    rocksdb_iter_seek_to_last(RIT(it)->it);
}

static void rdb_iter_next(struct eng_iter *it)
{
    rocksdb_iter_next(RIT(it)->it);
}

static void rdb_iter_prev(struct eng_iter *it)
{
    rocksdb_iter_prev(RIT(it)->it);
}

static bool rdb_iter_valid(const struct eng_iter *it)
{
    return rocksdb_iter_valid(CRIT(it)->it) != 0;
}

static const void *rdb_iter_key(const struct eng_iter *it, size_t *klen)
{
    return rocksdb_iter_key(CRIT(it)->it, klen);
}

static const void *rdb_iter_value(const struct eng_iter *it, size_t *vlen)
{
    return rocksdb_iter_value(CRIT(it)->it, vlen);
}

static int rdb_iter_status(const struct eng_iter *it, struct err *err)
{
    char *msg = NULL;
    rocksdb_iter_get_error(CRIT(it)->it, &msg);
    if (msg != NULL)
        return rdb_fail(err, msg, "iterate %s/%s", it->eng->path, it->cf->name);
    return 0;
}

static void rdb_iter_free(struct eng_iter *it)
{
    struct rdb_iter *ri = RIT(it);
    rocksdb_iter_destroy(ri->it);
    rocksdb_readoptions_destroy(ri->ro);
    eng__iter_base_fini(it);
    xfree(ri);
}

/* --- maintenance ---------------------------------------------------------- */

static int rdb_checkpoint(struct eng *e, const char *dir, struct err *err)
{
    struct stat st;
    char *msg = NULL;
    rocksdb_checkpoint_t *cp;

    if (stat(dir, &st) == 0)
        return err_set(err, ERR_EXISTS, "storage: checkpoint %s: already exists", dir);
    cp = rocksdb_checkpoint_object_create(RDB(e)->db, &msg);
    if (msg != NULL)
        return rdb_fail(err, msg, "checkpoint %s to %s", e->path, dir);
    /* 0: always flush the memtables, so the checkpoint needs no WAL replay. */
    rocksdb_checkpoint_create(cp, dir, 0, &msg);
    rocksdb_checkpoint_object_destroy(cp);
    if (msg != NULL)
        return rdb_fail(err, msg, "checkpoint %s to %s", e->path, dir);
    return 0;
}

/* RocksDB ranges need a limit key; for "unbounded" use the successor of
 * the last key of the CF (last key + "\0"). Returns false if cf is empty. */
static bool limit_after_last(struct eng_cf *cf, char **key, size_t *klen)
{
    struct rdb *r = RDB(cf->eng);
    rocksdb_iterator_t *it = rocksdb_create_iterator_cf(r->db, r->ro, RCF(cf)->h);
    bool found = false;

    rocksdb_iter_seek_to_last(it);
    if (rocksdb_iter_valid(it)) {
        size_t n;
        const char *k = rocksdb_iter_key(it, &n);
        *key = xmalloc(n + 1);
        memcpy(*key, k, n);
        (*key)[n] = '\0';
        *klen = n + 1;
        found = true;
    }
    rocksdb_iter_destroy(it);
    return found;
}

static int rdb_approximate_size(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                                size_t elen, uint64_t *size, struct err *err)
{
    struct rdb *r = RDB(cf->eng);
    char *owned_end = NULL, *msg = NULL;
    const char *s = start ? start : "", *l = end;
    size_t sl = start ? slen : 0, ll = elen;

    if (end == NULL) {
        if (!limit_after_last(cf, &owned_end, &ll))
            return 0;
        l = owned_end;
    }
    rocksdb_approximate_sizes_cf(r->db, RCF(cf)->h, 1, &s, &sl, &l, &ll, size, &msg);
    if (msg != NULL) {
        xfree(owned_end);
        return rdb_fail(err, msg, "approximate size in %s/%s", cf->eng->path, cf->name);
    }
    /* The C API cannot count memtables: add the bytes of the span's keys and
     * values still in them, read by a memtable-only iterator (read tier
     * kMemtableTier), bounded by the memtables' size. */
    rocksdb_readoptions_t *ro = rocksdb_readoptions_create();
    rocksdb_readoptions_set_read_tier(ro, RDB_MEMTABLE_TIER);
    rocksdb_readoptions_set_total_order_seek(ro, 1);
    rocksdb_readoptions_set_iterate_upper_bound(ro, l, ll);
    rocksdb_iterator_t *it = rocksdb_create_iterator_cf(r->db, ro, RCF(cf)->h);
    rocksdb_iter_seek(it, s, sl);
    uint64_t mem = 0;
    for (; rocksdb_iter_valid(it); rocksdb_iter_next(it)) {
        size_t kl, vl;
        (void)rocksdb_iter_key(it, &kl);
        (void)rocksdb_iter_value(it, &vl);
        mem += kl + vl;
    }
    rocksdb_iter_get_error(it, &msg);
    rocksdb_iter_destroy(it);
    rocksdb_readoptions_destroy(ro);
    xfree(owned_end);
    if (msg != NULL)
        return rdb_fail(err, msg, "memtable size in %s/%s", cf->eng->path, cf->name);
    *size += mem;
    return 0;
}

static int rdb_compact_range(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                             size_t elen, struct err *err)
{
    struct rdb *r = RDB(cf->eng);
    rocksdb_compactoptions_t *co = rocksdb_compactoptions_create();
    (void)err; /* the C API reports no error for CompactRange */
    rocksdb_compact_range_cf_opt(r->db, RCF(cf)->h, co, start, start ? slen : 0, end,
                                 end ? elen : 0);
    rocksdb_compactoptions_destroy(co);
    return 0;
}

static int rdb_flush(struct eng *e, struct err *err)
{
    struct rdb *r = RDB(e);
    rocksdb_flushoptions_t *fo = rocksdb_flushoptions_create();
    char *msg = NULL;
    int rc = 0;

    rocksdb_flushoptions_set_wait(fo, 1);
    for (size_t i = 0; i < e->ncfs && rc == 0; i++) {
        rocksdb_flush_cf(r->db, fo, RCF(e->cfs[i])->h, &msg);
        if (msg != NULL)
            rc = rdb_fail(err, msg, "flush %s/%s", e->path, e->cfs[i]->name);
    }
    rocksdb_flushoptions_destroy(fo);
    return rc;
}

static double prop_sum(struct rdb *r, const char *prop)
{
    double sum = 0;
    for (size_t i = 0; i < r->base.ncfs; i++) {
        uint64_t v = 0;
        if (rocksdb_property_int_cf(r->db, RCF(r->base.cfs[i])->h, prop, &v) == 0)
            sum += (double)v;
    }
    return sum;
}

static double rdb_stat(struct eng *e, enum eng_stat which)
{
    struct rdb *r = RDB(e);
    switch (which) {
    case ENG_STAT_NUM_KEYS:
        return prop_sum(r, "rocksdb.estimate-num-keys");
    case ENG_STAT_BLOCK_CACHE_BYTES:
        return (double)rocksdb_cache_get_usage(r->cache);
    case ENG_STAT_MEMTABLE_BYTES:
        return prop_sum(r, "rocksdb.cur-size-all-mem-tables");
    case ENG_STAT_SST_BYTES:
        return prop_sum(r, "rocksdb.total-sst-files-size");
    case ENG_STAT_PENDING_COMPACTION_BYTES:
        return prop_sum(r, "rocksdb.estimate-pending-compaction-bytes");
    case ENG_STAT__COUNT:
        break;
    }
    return 0;
}

const struct eng__ops eng__rocksdb_ops = {
    .open = rdb_open,
    .close = rdb_close,
    .get = rdb_get,
    .batch_new = rdb_batch_new,
    .batch_put = rdb_batch_put,
    .batch_delete = rdb_batch_delete,
    .batch_delete_range = rdb_batch_delete_range,
    .batch_clear = rdb_batch_clear,
    .batch_free = rdb_batch_free,
    .write = rdb_write,
    .snapshot_new = rdb_snapshot_new,
    .snapshot_free = rdb_snapshot_free,
    .iter_new = rdb_iter_new,
    .iter_seek = rdb_iter_seek,
    .iter_seek_for_prev = rdb_iter_seek_for_prev,
    .iter_first = rdb_iter_first,
    .iter_last = rdb_iter_last,
    .iter_next = rdb_iter_next,
    .iter_prev = rdb_iter_prev,
    .iter_valid = rdb_iter_valid,
    .iter_key = rdb_iter_key,
    .iter_value = rdb_iter_value,
    .iter_status = rdb_iter_status,
    .iter_free = rdb_iter_free,
    .checkpoint = rdb_checkpoint,
    .approximate_size = rdb_approximate_size,
    .compact_range = rdb_compact_range,
    .flush = rdb_flush,
    .stat = rdb_stat,
};
