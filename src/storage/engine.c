/* engine.c — the eng_* entry points: argument checks and dispatch.
 *
 * Everything the two backends must do identically but that does not depend
 * on how they store data lives here, so it exists once:
 *  - option validation and the CF name list;
 *  - the iterator bounds invariant: seek targets are clamped to the bounds
 *    and every key a backend stops on is checked against them, so no key
 *    outside [lower, upper) ever reaches a caller, in either direction;
 *  - the write error state (after a failed write, writes are refused);
 *  - live-object accounting, checked at close.
 */
#include "storage/storage_int.h"

#include "common/assert.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"

#include <stdio.h>
#include <string.h>

/* --- options and names ---------------------------------------------------- */

void eng_options_init(struct eng_options *o)
{
    memset(o, 0, sizeof(*o));
    o->kind = ENG_ROCKSDB;
    o->block_cache_size_mb = ENG_DEFAULT_CACHE_MB;
    o->write_buffer_size_mb = ENG_DEFAULT_WRITE_BUF_MB;
    o->compression = ENG_COMPRESS_LZ4;
    o->sync = false;
    o->create_if_missing = true;
}

int eng_kind_parse(const char *s, enum eng_kind *out)
{
    if (s != NULL && strcmp(s, "rocksdb") == 0)
        *out = ENG_ROCKSDB;
    else if (s != NULL && strcmp(s, "memory") == 0)
        *out = ENG_MEMORY;
    else
        return ERR_INVAL;
    return 0;
}

int eng_compression_parse(const char *s, enum eng_compression *out)
{
    if (s != NULL && strcmp(s, "none") == 0)
        *out = ENG_COMPRESS_NONE;
    else if (s != NULL && strcmp(s, "lz4") == 0)
        *out = ENG_COMPRESS_LZ4;
    else if (s != NULL && strcmp(s, "zstd") == 0)
        *out = ENG_COMPRESS_ZSTD;
    else
        return ERR_INVAL;
    return 0;
}

const char *eng_kind_name(enum eng_kind kind)
{
    switch (kind) {
    case ENG_ROCKSDB:
        return "rocksdb";
    case ENG_MEMORY:
        return "memory";
    }
    return "unknown";
}

int eng__cmp(const void *a, size_t alen, const void *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int eng__sink_put(struct eng__sink *s, const void *v, size_t vlen)
{
    *s->vlen = vlen;
    if (s->buf != NULL) {
        if (vlen > s->cap)
            return ERR_LIMIT;
        if (vlen)
            memcpy(s->buf, v, vlen);
        return 0;
    }
    void *p = s->ctx ? mem_alloc(s->ctx, vlen) : xmalloc(vlen);
    if (vlen)
        memcpy(p, v, vlen);
    *s->out = p;
    return 0;
}

/* --- engine ------------------------------------------------------------- */

void eng__base_init(struct eng *e, const struct eng__ops *ops, const char *path,
                    const struct eng_options *o)
{
    e->ops = ops;
    e->kind = o->kind;
    e->path = xstrdup(path ? path : "");
    e->sync_default = o->sync;
    e->filter = o->filter;
    e->filter_arg = o->filter_arg;
    e->cfs = NULL;
    e->ncfs = 0;
    atomic_init(&e->live_snapshots, 0);
    atomic_init(&e->live_iters, 0);
    atomic_init(&e->live_batches, 0);
    atomic_init(&e->failed, 0);
    pthread_mutex_init(&e->failed_mu, NULL);
    e->failed_msg[0] = '\0';
    e->stat_slot = NULL;
}

void eng__base_fini(struct eng *e)
{
    for (size_t i = 0; i < e->ncfs; i++) {
        xfree(e->cfs[i]->name);
        xfree(e->cfs[i]); /* the backend's CF struct: struct eng_cf is its first member */
    }
    xfree(e->cfs);
    xfree(e->path);
    pthread_mutex_destroy(&e->failed_mu);
}

void eng__add_cf(struct eng *e, struct eng_cf *cf, const char *name)
{
    cf->eng = e;
    cf->name = xstrdup(name);
    cf->index = e->ncfs;
    e->cfs = xrealloc(e->cfs, (e->ncfs + 1) * sizeof(*e->cfs));
    e->cfs[e->ncfs++] = cf;
}

static int check_cf_name(const char *name, struct err *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > ENG_CF_NAME_MAX)
        return err_set(err, ERR_INVAL, "column family name must be 1..%d bytes", ENG_CF_NAME_MAX);
    return 0;
}

static bool names_have(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

int eng__cf_names(const struct eng_options *o, char **extra, size_t nextra, char ***out,
                  size_t *nout, struct err *err)
{
    size_t cap = 1 + o->n_cf_names + nextra, n = 0;
    char **names = xcalloc(cap, sizeof(*names));
    int rc;

    names[n++] = xstrdup(ENG_DEFAULT_CF);
    for (size_t i = 0; i < o->n_cf_names + nextra; i++) {
        const char *name = i < o->n_cf_names ? o->cf_names[i] : extra[i - o->n_cf_names];
        if ((rc = check_cf_name(name, err)) != 0)
            goto err_after_names;
        if (!names_have(names, n, name))
            names[n++] = xstrdup(name);
    }
    if (n > ENG_MAX_CFS) {
        rc = err_set(err, ERR_INVAL, "too many column families (%zu, at most %d)", n, ENG_MAX_CFS);
        goto err_after_names;
    }
    *out = names;
    *nout = n;
    return 0;

err_after_names:
    eng__names_free(names, n);
    return rc;
}

void eng__names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xfree(names[i]);
    xfree(names);
}

int eng_open(const char *path, const struct eng_options *o, struct eng **out, struct err *err)
{
    const struct eng__ops *ops;
    struct eng *e = NULL;
    char **names;
    size_t n;
    int rc;

    *out = NULL;
    switch (o->kind) {
    case ENG_ROCKSDB:
        ops = &eng__rocksdb_ops;
        if (path == NULL || path[0] == '\0')
            return err_set(err, ERR_INVAL, "storage: the rocksdb engine needs a directory");
        break;
    case ENG_MEMORY:
        ops = &eng__memory_ops;
        break;
    default:
        return err_set(err, ERR_INVAL, "storage: unknown engine kind %d", (int)o->kind);
    }
    if (o->compression != ENG_COMPRESS_NONE && o->compression != ENG_COMPRESS_LZ4 &&
        o->compression != ENG_COMPRESS_ZSTD)
        return err_set(err, ERR_INVAL, "storage: unknown compression %d", (int)o->compression);
    if (o->block_cache_size_mb > (SIZE_MAX >> 21) || o->write_buffer_size_mb > (SIZE_MAX >> 21))
        return err_set(err, ERR_INVAL, "storage: cache or write buffer size too large");
    if (o->n_version_cfs > 0 && o->version_suffix_len == 0)
        return err_set(err, ERR_INVAL, "storage: version CFs need a version suffix length");
    /* Validate the names once here so both backends reject the same ones. */
    if ((rc = eng__cf_names(o, NULL, 0, &names, &n, err)) != 0)
        return err_prefix(err, "storage: open %s", path ? path : "(memory)");
    eng__names_free(names, n);

    if ((rc = ops->open(path, o, &e, err)) != 0)
        return rc;
    eng__stats_attach(e, o->metric_labels);
    *out = e;
    return 0;
}

void eng_close(struct eng *e)
{
    if (e == NULL)
        return;
    long snaps = atomic_load(&e->live_snapshots), iters = atomic_load(&e->live_iters),
         batches = atomic_load(&e->live_batches);
    if (NEVER(snaps != 0 || iters != 0 || batches != 0))
        log_error("storage", "close %s: %ld snapshots, %ld iterators, %ld batches still open",
                  e->path, snaps, iters, batches);
    eng__stats_detach(e);
    e->ops->close(e);
}

enum eng_kind eng_kind_of(const struct eng *e)
{
    return e->kind;
}

const char *eng_path(const struct eng *e)
{
    return e->path;
}

struct eng_cf *eng_cf(struct eng *e, const char *name)
{
    for (size_t i = 0; i < e->ncfs; i++)
        if (strcmp(e->cfs[i]->name, name) == 0)
            return e->cfs[i];
    return NULL;
}

const char *eng_cf_name(const struct eng_cf *cf)
{
    return cf->name;
}

size_t eng_cf_count(const struct eng *e)
{
    return e->ncfs;
}

struct eng_cf *eng_cf_at(struct eng *e, size_t i)
{
    PRE(i < e->ncfs);
    return e->cfs[i];
}

/* --- reads ---------------------------------------------------------------- */

int eng_get(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key, size_t klen,
            struct mem_ctx *ctx, void **val, size_t *vlen, struct err *err)
{
    struct eng__sink sink = {.ctx = ctx, .out = val, .buf = NULL, .cap = 0, .vlen = vlen};
    PRE(snap == NULL || snap->eng == cf->eng);
    *val = NULL;
    *vlen = 0;
    return cf->eng->ops->get(cf, snap, key, klen, &sink, err);
}

int eng_get_buf(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key, size_t klen,
                void *buf, size_t cap, size_t *vlen, struct err *err)
{
    /* A non-NULL buf is what selects the buffer mode of the sink. */
    static char empty[1];
    struct eng__sink sink = {
        .ctx = NULL, .out = NULL, .buf = buf ? buf : empty, .cap = buf ? cap : 0, .vlen = vlen};
    PRE(snap == NULL || snap->eng == cf->eng);
    *vlen = 0;
    return cf->eng->ops->get(cf, snap, key, klen, &sink, err);
}

/* --- write batches -------------------------------------------------------- */

struct eng_batch *eng_batch_new(struct eng *e)
{
    struct eng_batch *b = e->ops->batch_new(e);
    b->eng = e;
    b->count = 0;
    atomic_fetch_add(&e->live_batches, 1);
    return b;
}

void eng_batch_put(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen,
                   const void *val, size_t vlen)
{
    PRE(cf->eng == b->eng);
    b->eng->ops->batch_put(b, cf, key, klen, val, vlen);
    b->count++;
}

void eng_batch_delete(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen)
{
    PRE(cf->eng == b->eng);
    b->eng->ops->batch_delete(b, cf, key, klen);
    b->count++;
}

void eng_batch_delete_range(struct eng_batch *b, struct eng_cf *cf, const void *start, size_t slen,
                            const void *end, size_t elen)
{
    PRE(cf->eng == b->eng);
    if (eng__cmp(start, slen, end, elen) >= 0)
        return; /* empty range: RocksDB would reject it at write time */
    b->eng->ops->batch_delete_range(b, cf, start, slen, end, elen);
    b->count++;
}

void eng_batch_clear(struct eng_batch *b)
{
    b->eng->ops->batch_clear(b);
    b->count = 0;
}

size_t eng_batch_count(const struct eng_batch *b)
{
    return b->count;
}

void eng_batch_free(struct eng_batch *b)
{
    if (b == NULL)
        return;
    struct eng *e = b->eng;
    e->ops->batch_free(b);
    atomic_fetch_sub(&e->live_batches, 1);
}

int eng_write(struct eng_batch *b, int sync, struct err *err)
{
    struct eng *e = b->eng;
    bool do_sync = sync == ENG_SYNC_DEFAULT ? e->sync_default : sync != ENG_SYNC_NO;
    int rc;

    if (atomic_load_explicit(&e->failed, memory_order_acquire) != 0) {
        pthread_mutex_lock(&e->failed_mu);
        rc = err_set(err, ERR_IO, "storage: %s: engine refuses writes after an error: %s", e->path,
                     e->failed_msg);
        pthread_mutex_unlock(&e->failed_mu);
        return rc;
    }
    if (b->count == 0)
        return 0;
    if ((rc = e->ops->write(b, do_sync, err)) != 0) {
        pthread_mutex_lock(&e->failed_mu);
        if (atomic_load(&e->failed) == 0) {
            snprintf(e->failed_msg, sizeof(e->failed_msg), "%s", err ? err->msg : err_str(rc));
            atomic_store_explicit(&e->failed, rc, memory_order_release);
        }
        pthread_mutex_unlock(&e->failed_mu);
        log_error("storage", "%s: write failed, engine now refuses writes: %s", e->path,
                  err ? err->msg : err_str(rc));
    }
    return rc;
}

/* --- snapshots ------------------------------------------------------------ */

struct eng_snapshot *eng_snapshot_new(struct eng *e)
{
    struct eng_snapshot *s = e->ops->snapshot_new(e);
    s->eng = e;
    atomic_fetch_add(&e->live_snapshots, 1);
    return s;
}

void eng_snapshot_free(struct eng_snapshot *s)
{
    if (s == NULL)
        return;
    struct eng *e = s->eng;
    e->ops->snapshot_free(s);
    atomic_fetch_sub(&e->live_snapshots, 1);
}

void eng_snapshot_cleanup(void *arg)
{
    eng_snapshot_free(arg);
}

/* --- iterators ------------------------------------------------------------ */

void eng__iter_base_init(struct eng_iter *it, struct eng_cf *cf, const void *lower, size_t llen,
                         const void *upper, size_t ulen)
{
    it->eng = cf->eng;
    it->cf = cf;
    it->lower = NULL;
    it->upper = NULL;
    it->llen = llen;
    it->ulen = ulen;
    if (lower != NULL) {
        it->lower = xmalloc(llen);
        if (llen)
            memcpy(it->lower, lower, llen);
    }
    if (upper != NULL) {
        it->upper = xmalloc(ulen);
        if (ulen)
            memcpy(it->upper, upper, ulen);
    }
    it->out_of_bounds = true; /* not positioned */
}

void eng__iter_base_fini(struct eng_iter *it)
{
    xfree(it->lower);
    xfree(it->upper);
}

static bool below_lower(const struct eng_iter *it, const void *k, size_t klen)
{
    return it->lower != NULL && eng__cmp(k, klen, it->lower, it->llen) < 0;
}

static bool not_below_upper(const struct eng_iter *it, const void *k, size_t klen)
{
    return it->upper != NULL && eng__cmp(k, klen, it->upper, it->ulen) >= 0;
}

/* After every backend move: hide a key outside the bounds. This is the one
 * place that guarantees invariant 3 of README.md for every backend. */
static void check_bounds(struct eng_iter *it)
{
    const struct eng__ops *ops = it->eng->ops;
    it->out_of_bounds = false;
    if (ops->iter_valid(it)) {
        size_t klen;
        const void *k = ops->iter_key(it, &klen);
        if (below_lower(it, k, klen) || not_below_upper(it, k, klen))
            it->out_of_bounds = true;
    }
}

static struct eng_iter *iter_new(struct eng_cf *cf, const struct eng_snapshot *snap,
                                 const void *lower, size_t llen, const void *upper, size_t ulen,
                                 bool versions)
{
    PRE(snap == NULL || snap->eng == cf->eng);
    struct eng_iter *it = cf->eng->ops->iter_new(cf, snap, lower, llen, upper, ulen, versions);
    it->versions = versions;
    atomic_fetch_add(&cf->eng->live_iters, 1);
    return it;
}

struct eng_iter *eng_iter_new(struct eng_cf *cf, const struct eng_snapshot *snap, const void *lower,
                              size_t llen, const void *upper, size_t ulen)
{
    return iter_new(cf, snap, lower, llen, upper, ulen, false);
}

struct eng_iter *eng_iter_new_versions(struct eng_cf *cf, const struct eng_snapshot *snap,
                                       const void *lower, size_t llen, const void *upper,
                                       size_t ulen)
{
    return iter_new(cf, snap, lower, llen, upper, ulen, true);
}

void eng_iter_seek(struct eng_iter *it, const void *k, size_t klen)
{
    if (below_lower(it, k, klen)) {
        PRE(!it->versions); /* the lower bound is not a version key */
        k = it->lower;
        klen = it->llen;
    }
    if (not_below_upper(it, k, klen)) {
        it->out_of_bounds = true;
        return;
    }
    it->eng->ops->iter_seek(it, k, klen);
    check_bounds(it);
}

void eng_iter_seek_for_prev(struct eng_iter *it, const void *k, size_t klen)
{
    PRE(!it->versions);
    if (not_below_upper(it, k, klen)) {
        it->eng->ops->iter_last(it);
    } else if (below_lower(it, k, klen)) {
        it->out_of_bounds = true;
        return;
    } else {
        it->eng->ops->iter_seek_for_prev(it, k, klen);
    }
    check_bounds(it);
}

void eng_iter_first(struct eng_iter *it)
{
    PRE(!it->versions);
    it->eng->ops->iter_first(it);
    check_bounds(it);
}

void eng_iter_last(struct eng_iter *it)
{
    PRE(!it->versions);
    it->eng->ops->iter_last(it);
    check_bounds(it);
}

void eng_iter_next(struct eng_iter *it)
{
    if (NEVER(!eng_iter_valid(it)))
        return;
    it->eng->ops->iter_next(it);
    check_bounds(it);
}

void eng_iter_prev(struct eng_iter *it)
{
    PRE(!it->versions);
    if (NEVER(!eng_iter_valid(it)))
        return;
    it->eng->ops->iter_prev(it);
    check_bounds(it);
}

bool eng_iter_valid(const struct eng_iter *it)
{
    return !it->out_of_bounds && it->eng->ops->iter_valid(it);
}

const void *eng_iter_key(const struct eng_iter *it, size_t *klen)
{
    PRE(eng_iter_valid(it));
    return it->eng->ops->iter_key(it, klen);
}

const void *eng_iter_value(const struct eng_iter *it, size_t *vlen)
{
    PRE(eng_iter_valid(it));
    return it->eng->ops->iter_value(it, vlen);
}

int eng_iter_status(const struct eng_iter *it, struct err *err)
{
    return it->eng->ops->iter_status(it, err);
}

void eng_iter_free(struct eng_iter *it)
{
    if (it == NULL)
        return;
    struct eng *e = it->eng;
    e->ops->iter_free(it);
    atomic_fetch_sub(&e->live_iters, 1);
}

void eng_iter_cleanup(void *arg)
{
    eng_iter_free(arg);
}

/* --- maintenance ---------------------------------------------------------- */

int eng_checkpoint(struct eng *e, const char *dir, struct err *err)
{
    if (dir == NULL || dir[0] == '\0')
        return err_set(err, ERR_INVAL, "storage: checkpoint needs a directory");
    return e->ops->checkpoint(e, dir, err);
}

int eng_approximate_size(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                         size_t elen, uint64_t *size, struct err *err)
{
    *size = 0;
    if (start != NULL && end != NULL && eng__cmp(start, slen, end, elen) >= 0)
        return 0;
    return cf->eng->ops->approximate_size(cf, start, slen, end, elen, size, err);
}

int eng_compact_range(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                      size_t elen, struct err *err)
{
    if (start != NULL && end != NULL && eng__cmp(start, slen, end, elen) >= 0)
        return 0;
    return cf->eng->ops->compact_range(cf, start, slen, end, elen, err);
}

int eng_flush(struct eng *e, struct err *err)
{
    return e->ops->flush(e, err);
}

double eng_stat(struct eng *e, enum eng_stat which)
{
    if (NEVER((int)which < 0 || which >= ENG_STAT__COUNT))
        return 0;
    return e->ops->stat(e, which);
}
