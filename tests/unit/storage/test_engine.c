/* test_engine.c — one conformance suite for every storage backend.
 *
 * ENG_TEST(name) defines the test twice, as storage_rocksdb/name and
 * storage_memory/name, with a fixture that opens the engine in a fresh
 * mkdtemp directory (CFs "default", "a", "b") and removes it afterwards.
 * Tests that only make sense for one backend use Test() directly. Threads
 * never assert: they count failures, the test thread asserts.
 */
#include <criterion/criterion.h>

#include "common/err.h"
#include "common/mem.h"
#include "common/metrics.h"
#include "common/str.h"
#include "storage/storage.h"

#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S(x) (x), strlen(x)

struct fx {
    char root[64];
    char db[128];
    enum eng_kind kind;
    struct eng_options o;
    struct eng *e;
    struct eng_cf *def, *a, *b;
};

static struct fx F;
static const char *const fx_cfs[] = {"a", "b"};
/* "b" is a version CF with 2-byte suffixes: every other test's scans of it
 * check that its prefix filters change nothing for ordinary iterators. */
static const char *const fx_version_cfs[] = {"b"};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_rf(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static struct eng_options fx_options(enum eng_kind kind)
{
    struct eng_options o;
    eng_options_init(&o);
    o.kind = kind;
    o.cf_names = fx_cfs;
    o.n_cf_names = 2;
    o.version_cfs = fx_version_cfs;
    o.n_version_cfs = 1;
    o.version_suffix_len = 2;
    o.compression = ENG_COMPRESS_NONE;
    o.block_cache_size_mb = 8;
    o.write_buffer_size_mb = 4;
    return o;
}

static void fx_open(struct fx *f)
{
    struct err err = {0};
    int rc = eng_open(f->db, &f->o, &f->e, &err);
    cr_assert_eq(rc, 0, "open: %s", err.msg);
    f->def = eng_cf(f->e, "default");
    f->a = eng_cf(f->e, "a");
    f->b = eng_cf(f->e, "b");
    cr_assert(f->def && f->a && f->b);
}

static void fx_close(struct fx *f)
{
    eng_close(f->e);
    f->e = NULL;
}

static void fx_setup(enum eng_kind kind)
{
    memset(&F, 0, sizeof(F));
    snprintf(F.root, sizeof(F.root), "/tmp/sf_eng_XXXXXX");
    cr_assert_not_null(mkdtemp(F.root));
    snprintf(F.db, sizeof(F.db), "%s/db", F.root);
    F.kind = kind;
    F.o = fx_options(kind);
    fx_open(&F);
}

static void setup_rocksdb(void)
{
    fx_setup(ENG_ROCKSDB);
}

static void setup_memory(void)
{
    fx_setup(ENG_MEMORY);
}

static void teardown(void)
{
    if (F.e != NULL)
        fx_close(&F);
    if (F.root[0])
        rm_rf(F.root);
}

#define ENG_TEST(name)                                                                   \
    static void name##_body(struct fx *f);                                               \
    Test(storage_rocksdb, name, .init = setup_rocksdb, .fini = teardown, .timeout = 180) \
    {                                                                                    \
        name##_body(&F);                                                                 \
    }                                                                                    \
    Test(storage_memory, name, .init = setup_memory, .fini = teardown, .timeout = 180)   \
    {                                                                                    \
        name##_body(&F);                                                                 \
    }                                                                                    \
    static void name##_body(struct fx *f)

/* --- helpers --------------------------------------------------------------- */

static void put_in(struct eng *e, struct eng_cf *cf, const void *k, size_t kl, const void *v,
                   size_t vl)
{
    struct err err = {0};
    struct eng_batch *b = eng_batch_new(e);
    eng_batch_put(b, cf, k, kl, v, vl);
    int rc = eng_write(b, ENG_SYNC_NO, &err);
    eng_batch_free(b);
    cr_assert_eq(rc, 0, "write: %s", err.msg);
}

static void del_in(struct eng *e, struct eng_cf *cf, const void *k, size_t kl)
{
    struct err err = {0};
    struct eng_batch *b = eng_batch_new(e);
    eng_batch_delete(b, cf, k, kl);
    int rc = eng_write(b, ENG_SYNC_NO, &err);
    eng_batch_free(b);
    cr_assert_eq(rc, 0, "write: %s", err.msg);
}

static void put(struct fx *f, struct eng_cf *cf, const char *k, const char *v)
{
    put_in(f->e, cf, S(k), S(v));
}

static void del(struct fx *f, struct eng_cf *cf, const char *k)
{
    del_in(f->e, cf, S(k));
}

/* Value of k as a NUL-terminated string (caller frees), NULL if absent. */
static char *get_at(struct eng_cf *cf, const struct eng_snapshot *s, const void *k, size_t kl)
{
    struct err err = {0};
    void *v;
    size_t vl;
    int rc = eng_get(cf, s, k, kl, NULL, &v, &vl, &err);
    if (rc == ERR_NOTFOUND)
        return NULL;
    cr_assert_eq(rc, 0, "get: %s", err.msg);
    char *out = xmalloc(vl + 1);
    memcpy(out, v, vl);
    out[vl] = '\0';
    xfree(v);
    return out;
}

static void expect(struct eng_cf *cf, const struct eng_snapshot *s, const char *k, const char *want)
{
    char *got = get_at(cf, s, S(k));
    if (want == NULL)
        cr_assert_null(got, "key %s: expected absent, got %s", k, got);
    else {
        cr_assert_not_null(got, "key %s: expected %s, absent", k, want);
        cr_assert_str_eq(got, want, "key %s", k);
    }
    xfree(got);
}

/* The iterator's current key as a string (keys in these tests are text). */
static char *ikey(struct eng_iter *it)
{
    size_t n;
    const char *k = eng_iter_key(it, &n);
    char *s = xmalloc(n + 1);
    memcpy(s, k, n);
    s[n] = '\0';
    return s;
}

static void expect_at(struct eng_iter *it, const char *want)
{
    if (want == NULL) {
        if (eng_iter_valid(it)) {
            char *k = ikey(it);
            cr_assert_fail("expected invalid iterator, at %s", k);
        }
        return;
    }
    cr_assert(eng_iter_valid(it), "expected %s, iterator invalid", want);
    char *k = ikey(it);
    cr_assert_str_eq(k, want);
    xfree(k);
}

/* Collect all keys forward (dir 1) or backward (-1) joined with ','. */
static char *scan(struct eng_iter *it, int dir)
{
    struct sbuf b;
    sbuf_init(&b);
    if (dir > 0)
        eng_iter_first(it);
    else
        eng_iter_last(it);
    while (eng_iter_valid(it)) {
        size_t n;
        const char *k = eng_iter_key(it, &n);
        if (b.len)
            sbuf_putc(&b, ',');
        sbuf_append(&b, k, n);
        if (dir > 0)
            eng_iter_next(it);
        else
            eng_iter_prev(it);
    }
    cr_assert_eq(eng_iter_status(it, NULL), 0);
    return sbuf_detach(&b);
}

static char *scan_cf(struct eng_cf *cf, const struct eng_snapshot *s, const char *lo,
                     const char *hi, int dir)
{
    struct eng_iter *it = eng_iter_new(cf, s, lo, lo ? strlen(lo) : 0, hi, hi ? strlen(hi) : 0);
    char *r = scan(it, dir);
    eng_iter_free(it);
    return r;
}

static void expect_scan(struct eng_cf *cf, const struct eng_snapshot *s, const char *lo,
                        const char *hi, const char *fwd, const char *bwd)
{
    char *got = scan_cf(cf, s, lo, hi, 1);
    cr_assert_str_eq(got, fwd, "forward scan [%s, %s)", lo ? lo : "-", hi ? hi : "-");
    xfree(got);
    got = scan_cf(cf, s, lo, hi, -1);
    cr_assert_str_eq(got, bwd, "backward scan [%s, %s)", lo ? lo : "-", hi ? hi : "-");
    xfree(got);
}

static void put_numbered(struct fx *f, struct eng_cf *cf, int from, int to)
{
    struct err err = {0};
    struct eng_batch *b = eng_batch_new(f->e);
    for (int i = from; i < to; i++) {
        char k[16];
        snprintf(k, sizeof(k), "k%02d", i);
        eng_batch_put(b, cf, S(k), S(k));
    }
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, &err), 0, "%s", err.msg);
    eng_batch_free(b);
}

/* Seek a versions iterator on [prefix, prefix with its last byte + 1) to
 * prefix + from; the keys it yields, joined with ','. */
static char *versions_from(struct eng_cf *cf, const struct eng_snapshot *s, const char *prefix,
                           const char *from)
{
    size_t n = strlen(prefix);
    char hi[32], seek[32];
    cr_assert(n > 0 && n < sizeof hi);
    memcpy(hi, prefix, n);
    hi[n - 1]++;
    snprintf(seek, sizeof seek, "%s%s", prefix, from);
    struct eng_iter *it = eng_iter_new_versions(cf, s, prefix, n, hi, n);
    struct sbuf b;
    sbuf_init(&b);
    for (eng_iter_seek(it, S(seek)); eng_iter_valid(it); eng_iter_next(it)) {
        size_t kl;
        const char *k = eng_iter_key(it, &kl);
        if (b.len)
            sbuf_putc(&b, ',');
        sbuf_append(&b, k, kl);
    }
    cr_assert_eq(eng_iter_status(it, NULL), 0);
    eng_iter_free(it);
    return sbuf_detach(&b);
}

static void expect_versions(struct eng_cf *cf, const struct eng_snapshot *s, const char *prefix,
                            const char *from, const char *want)
{
    char *got = versions_from(cf, s, prefix, from);
    cr_assert_str_eq(got, want, "versions of %s from %s", prefix, from);
    xfree(got);
}

static void put_keys(struct fx *f, struct eng_cf *cf, const char *const *keys, size_t n)
{
    struct err err = {0};
    struct eng_batch *b = eng_batch_new(f->e);
    for (size_t i = 0; i < n; i++)
        eng_batch_put(b, cf, S(keys[i]), S("v"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, &err), 0, "%s", err.msg);
    eng_batch_free(b);
}

/* --- basic reads and writes ------------------------------------------------ */

ENG_TEST(put_get_delete)
{
    struct err err = {0};
    void *v;
    size_t vl;

    expect(f->def, NULL, "k1", NULL);
    put(f, f->def, "k1", "v1");
    expect(f->def, NULL, "k1", "v1");
    put(f, f->def, "k1", "v2");
    expect(f->def, NULL, "k1", "v2");

    /* Allocated in a memory context. */
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    cr_assert_eq(eng_get(f->def, NULL, S("k1"), ctx, &v, &vl, &err), 0);
    cr_assert_eq(vl, 2);
    cr_assert_eq(memcmp(v, "v2", 2), 0);
    mem_ctx_free(ctx);

    del(f, f->def, "k1");
    expect(f->def, NULL, "k1", NULL);
    cr_assert_eq(eng_get(f->def, NULL, S("k1"), NULL, &v, &vl, &err), ERR_NOTFOUND);
    cr_assert_eq(err.code, 0, "NOTFOUND leaves err untouched");
    del(f, f->def, "never-written"); /* deleting an absent key is fine */
    put(f, f->def, "k1", "v3");
    expect(f->def, NULL, "k1", "v3");
    cr_assert_eq(eng_kind_of(f->e), f->kind);
    cr_assert_str_eq(eng_path(f->e), f->db);
}

ENG_TEST(get_into_buffer)
{
    char buf[8];
    size_t vl = 0;

    put(f, f->def, "k", "0123456789");
    cr_assert_eq(eng_get_buf(f->def, NULL, S("k"), buf, sizeof(buf), &vl, NULL), ERR_LIMIT);
    cr_assert_eq(vl, 10, "needed length reported");
    char big[16];
    cr_assert_eq(eng_get_buf(f->def, NULL, S("k"), big, sizeof(big), &vl, NULL), 0);
    cr_assert_eq(vl, 10);
    cr_assert_eq(memcmp(big, "0123456789", 10), 0);
    cr_assert_eq(eng_get_buf(f->def, NULL, S("nope"), big, sizeof(big), &vl, NULL), ERR_NOTFOUND);
    put(f, f->def, "empty", "");
    cr_assert_eq(eng_get_buf(f->def, NULL, S("empty"), NULL, 0, &vl, NULL), 0);
    cr_assert_eq(vl, 0);
}

ENG_TEST(column_family_isolation)
{
    cr_assert_eq(eng_cf_count(f->e), 3);
    cr_assert_str_eq(eng_cf_name(eng_cf_at(f->e, 0)), "default");
    cr_assert_null(eng_cf(f->e, "c"));
    cr_assert_str_eq(eng_cf_name(f->a), "a");

    put(f, f->def, "k", "in-default");
    put(f, f->a, "k", "in-a");
    put(f, f->b, "k", "in-b");
    put(f, f->a, "only-a", "x");
    expect(f->def, NULL, "k", "in-default");
    expect(f->a, NULL, "k", "in-a");
    expect(f->b, NULL, "k", "in-b");
    expect(f->b, NULL, "only-a", NULL);
    del(f, f->a, "k");
    expect(f->a, NULL, "k", NULL);
    expect(f->b, NULL, "k", "in-b");
    expect_scan(f->a, NULL, NULL, NULL, "only-a", "only-a");
    expect_scan(f->b, NULL, NULL, NULL, "k", "k");

    /* A range delete in one CF leaves the others alone. */
    struct eng_batch *b = eng_batch_new(f->e);
    eng_batch_delete_range(b, f->def, S("a"), S("z"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    eng_batch_free(b);
    expect(f->def, NULL, "k", NULL);
    expect(f->b, NULL, "k", "in-b");
}

/* --- batches --------------------------------------------------------------- */

ENG_TEST(batch_basics)
{
    struct err err = {0};
    struct eng_batch *b = eng_batch_new(f->e);

    cr_assert_eq(eng_batch_count(b), 0);
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, &err), 0, "empty batch");
    eng_batch_put(b, f->def, S("x"), S("1"));
    eng_batch_put(b, f->a, S("y"), S("2"));
    eng_batch_delete(b, f->b, S("z"));
    eng_batch_delete_range(b, f->def, S("m"), S("n"));
    eng_batch_delete_range(b, f->def, S("n"), S("m")); /* inverted: no-op */
    eng_batch_delete_range(b, f->def, S("n"), S("n")); /* empty: no-op */
    cr_assert_eq(eng_batch_count(b), 4);
    expect(f->def, NULL, "x", NULL); /* nothing before the write */
    cr_assert_eq(eng_write(b, ENG_SYNC_YES, &err), 0, "%s", err.msg);
    expect(f->def, NULL, "x", "1");
    expect(f->a, NULL, "y", "2");

    eng_batch_clear(b);
    cr_assert_eq(eng_batch_count(b), 0);
    /* Order inside one batch: later operations win. */
    eng_batch_put(b, f->def, S("o"), S("first"));
    eng_batch_put(b, f->def, S("o"), S("second"));
    eng_batch_put(b, f->def, S("p"), S("gone"));
    eng_batch_delete(b, f->def, S("p"));
    eng_batch_delete(b, f->def, S("q"));
    eng_batch_put(b, f->def, S("q"), S("back"));
    cr_assert_eq(eng_write(b, ENG_SYNC_DEFAULT, &err), 0, "%s", err.msg);
    expect(f->def, NULL, "o", "second");
    expect(f->def, NULL, "p", NULL);
    expect(f->def, NULL, "q", "back");

    /* The batch keeps its contents after a write. */
    cr_assert_eq(eng_batch_count(b), 6);
    eng_batch_free(b);
    eng_batch_free(NULL);
}

#define ATOMIC_KEYS 10

struct atomic_ctx {
    struct fx *f;
    int rounds;
    atomic_int done;
    atomic_int failures;
    atomic_long checks;
};

static void *atomic_writer(void *arg)
{
    struct atomic_ctx *c = arg;
    struct eng_batch *b = eng_batch_new(c->f->e);
    for (int i = 1; i <= c->rounds; i++) {
        char v[16];
        snprintf(v, sizeof(v), "%08d", i);
        eng_batch_clear(b);
        for (int k = 0; k < ATOMIC_KEYS; k++) {
            char key[8];
            snprintf(key, sizeof(key), "k%d", k);
            eng_batch_put(b, c->f->def, S(key), S(v));
        }
        eng_batch_put(b, c->f->a, S("mirror"), S(v));
        /* churn: a key that comes and goes within the batch */
        eng_batch_put(b, c->f->def, S("k5x"), S(v));
        eng_batch_delete(b, c->f->def, S("k5x"));
        if (eng_write(b, ENG_SYNC_NO, NULL) != 0)
            atomic_fetch_add(&c->failures, 1);
        if (i % 64 == 0)
            eng_compact_range(c->f->def, NULL, 0, NULL, 0, NULL);
    }
    eng_batch_free(b);
    atomic_store(&c->done, 1);
    return NULL;
}

static void *atomic_reader(void *arg)
{
    struct atomic_ctx *c = arg;
    while (!atomic_load(&c->done)) {
        /* At a snapshot, every key and the other CF agree. */
        struct eng_snapshot *s = eng_snapshot_new(c->f->e);
        char first[16] = "";
        bool ok = true;
        for (int k = 0; k < ATOMIC_KEYS && ok; k++) {
            char key[8], v[16];
            size_t vl = 0;
            snprintf(key, sizeof(key), "k%d", k);
            int rc = eng_get_buf(c->f->def, s, S(key), v, sizeof(v) - 1, &vl, NULL);
            v[rc == 0 ? vl : 0] = '\0';
            if (k == 0)
                memcpy(first, v, sizeof(first));
            else if (strcmp(first, v) != 0)
                ok = false;
        }
        char m[16];
        size_t ml = 0;
        int rc = eng_get_buf(c->f->a, s, S("mirror"), m, sizeof(m) - 1, &ml, NULL);
        m[rc == 0 ? ml : 0] = '\0';
        if (strcmp(m, first) != 0)
            ok = false;

        /* An iterator without a snapshot sees one batch too. */
        struct eng_iter *it = eng_iter_new(c->f->def, NULL, NULL, 0, NULL, 0);
        int n = 0;
        char seen[16] = "";
        for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
            size_t vl, kl;
            const char *v = eng_iter_value(it, &vl);
            const char *k = eng_iter_key(it, &kl);
            if (kl == 3 && memcmp(k, "k5x", 3) == 0)
                ok = false;
            if (vl >= sizeof(seen))
                ok = false;
            else if (n == 0)
                memcpy(seen, v, vl);
            else if (strlen(seen) != vl || memcmp(seen, v, vl) != 0)
                ok = false;
            n++;
        }
        if (n != 0 && n != ATOMIC_KEYS)
            ok = false;
        eng_iter_free(it);
        eng_snapshot_free(s);
        if (!ok)
            atomic_fetch_add(&c->failures, 1);
        atomic_fetch_add(&c->checks, 1);
    }
    return NULL;
}

ENG_TEST(batch_atomic_under_concurrent_readers)
{
    struct atomic_ctx c = {.f = f, .rounds = f->kind == ENG_MEMORY ? 3000 : 1500};
    pthread_t w, r[3];
    atomic_init(&c.done, 0);
    atomic_init(&c.failures, 0);
    atomic_init(&c.checks, 0);
    for (int i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, atomic_reader, &c);
    pthread_create(&w, NULL, atomic_writer, &c);
    pthread_join(w, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(r[i], NULL);
    cr_assert_eq(atomic_load(&c.failures), 0, "a reader saw a partial batch");
    cr_assert_gt(atomic_load(&c.checks), 0);
    char want[16];
    snprintf(want, sizeof(want), "%08d", c.rounds);
    expect(f->def, NULL, "k9", want);
}

/* --- delete_range ---------------------------------------------------------- */

ENG_TEST(delete_range)
{
    const char *keys[] = {"a", "b", "c", "cc", "d", "e", "f", "g", "h", "i"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        put(f, f->def, keys[i], "v");
    struct eng_snapshot *s = eng_snapshot_new(f->e);

    struct eng_batch *b = eng_batch_new(f->e);
    eng_batch_delete_range(b, f->def, S("c"), S("f"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    expect_scan(f->def, NULL, NULL, NULL, "a,b,f,g,h,i", "i,h,g,f,b,a");
    expect(f->def, NULL, "cc", NULL);
    expect(f->def, NULL, "f", "v"); /* end is exclusive */
    /* The snapshot still sees everything. */
    expect_scan(f->def, s, NULL, NULL, "a,b,c,cc,d,e,f,g,h,i", "i,h,g,f,e,d,cc,c,b,a");
    expect(f->def, s, "d", "v");

    /* Inside one batch: a put before the range delete is deleted, one after survives. */
    eng_batch_clear(b);
    eng_batch_put(b, f->def, S("gg"), S("before"));
    eng_batch_delete_range(b, f->def, S("g"), S("i"));
    eng_batch_put(b, f->def, S("h"), S("after"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    expect(f->def, NULL, "gg", NULL);
    expect(f->def, NULL, "g", NULL);
    expect(f->def, NULL, "h", "after");
    expect_scan(f->def, NULL, NULL, NULL, "a,b,f,h,i", "i,h,f,b,a");

    /* Keys written after a range delete are visible; deleting an empty range is fine. */
    put(f, f->def, "d", "new");
    eng_batch_clear(b);
    eng_batch_delete_range(b, f->def, S("x"), S("z"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    expect_scan(f->def, NULL, "c", "g", "d,f", "f,d");
    eng_batch_free(b);
    eng_snapshot_free(s);
}

/* --- iterator bounds -------------------------------------------------------- */

ENG_TEST(iter_bounds_forward)
{
    put_numbered(f, f->def, 0, 100);
    struct eng_iter *it = eng_iter_new(f->def, NULL, S("k20"), S("k30"));
    eng_iter_first(it);
    expect_at(it, "k20");
    int n = 0;
    for (; eng_iter_valid(it); eng_iter_next(it))
        n++;
    cr_assert_eq(n, 10);
    eng_iter_seek(it, S("k10")); /* before lower: clamped */
    expect_at(it, "k20");
    eng_iter_seek(it, S("")); /* the smallest key */
    expect_at(it, "k20");
    eng_iter_seek(it, S("k25"));
    expect_at(it, "k25");
    eng_iter_seek(it, S("k255"));
    expect_at(it, "k26");
    eng_iter_seek(it, S("k295")); /* next key k30 is out */
    expect_at(it, NULL);
    eng_iter_seek(it, S("k30")); /* the upper bound itself */
    expect_at(it, NULL);
    eng_iter_seek(it, S("k99"));
    expect_at(it, NULL);
    eng_iter_seek(it, S("z"));
    expect_at(it, NULL);
    eng_iter_seek(it, S("k29"));
    expect_at(it, "k29");
    eng_iter_next(it);
    expect_at(it, NULL);
    cr_assert_eq(eng_iter_status(it, NULL), 0);
    eng_iter_free(it);
}

ENG_TEST(iter_bounds_reverse)
{
    put_numbered(f, f->def, 0, 100);
    struct eng_iter *it = eng_iter_new(f->def, NULL, S("k20"), S("k30"));
    eng_iter_last(it);
    expect_at(it, "k29");
    int n = 0;
    for (; eng_iter_valid(it); eng_iter_prev(it))
        n++;
    cr_assert_eq(n, 10);
    eng_iter_seek_for_prev(it, S("k50")); /* after upper: clamped */
    expect_at(it, "k29");
    eng_iter_seek_for_prev(it, S("k30"));
    expect_at(it, "k29");
    eng_iter_seek_for_prev(it, S("\xff\xff"));
    expect_at(it, "k29");
    eng_iter_seek_for_prev(it, S("k25"));
    expect_at(it, "k25");
    eng_iter_seek_for_prev(it, S("k255"));
    expect_at(it, "k25");
    eng_iter_seek_for_prev(it, S("k20"));
    expect_at(it, "k20");
    eng_iter_prev(it);
    expect_at(it, NULL);
    eng_iter_seek_for_prev(it, S("k195")); /* previous key k19 is out */
    expect_at(it, NULL);
    eng_iter_seek_for_prev(it, S("k10"));
    expect_at(it, NULL);
    eng_iter_seek_for_prev(it, S(""));
    expect_at(it, NULL);

    /* Changing direction. */
    eng_iter_seek(it, S("k25"));
    eng_iter_prev(it);
    expect_at(it, "k24");
    eng_iter_next(it);
    expect_at(it, "k25");
    eng_iter_next(it);
    expect_at(it, "k26");
    eng_iter_last(it);
    eng_iter_prev(it);
    expect_at(it, "k28");
    eng_iter_next(it);
    expect_at(it, "k29");
    eng_iter_free(it);
}

ENG_TEST(iter_bounds_sparse_and_absent)
{
    const char *keys[] = {"a", "b", "c", "x", "y", "z"};
    for (size_t i = 0; i < 6; i++)
        put(f, f->def, keys[i], "v");
    expect_scan(f->def, NULL, "c", "x", "c", "c");
    expect_scan(f->def, NULL, "d", "w", "", "");
    expect_scan(f->def, NULL, "b", NULL, "b,c,x,y,z", "z,y,x,c,b");
    expect_scan(f->def, NULL, NULL, "y", "a,b,c,x", "x,c,b,a");
    expect_scan(f->def, NULL, NULL, NULL, "a,b,c,x,y,z", "z,y,x,c,b,a");
    expect_scan(f->def, NULL, "x", "x", "", "");
    expect_scan(f->def, NULL, "y", "b", "", ""); /* inverted bounds: empty */
    expect_scan(f->def, NULL, NULL, "", "", ""); /* upper = the empty key */
    expect_scan(f->def, NULL, "", NULL, "a,b,c,x,y,z", "z,y,x,c,b,a");

    struct eng_iter *it = eng_iter_new(f->def, NULL, S("d"), S("w"));
    eng_iter_seek(it, S("a"));
    expect_at(it, NULL);
    eng_iter_seek_for_prev(it, S("z"));
    expect_at(it, NULL);
    eng_iter_seek_for_prev(it, S("e"));
    expect_at(it, NULL);
    eng_iter_first(it);
    expect_at(it, NULL);
    eng_iter_last(it);
    expect_at(it, NULL);
    eng_iter_free(it);

    /* Not positioned until a seek. */
    it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
    cr_assert(!eng_iter_valid(it));
    eng_iter_free(it);
    eng_iter_free(NULL);

    /* Empty CF. */
    expect_scan(f->b, NULL, NULL, NULL, "", "");
}

ENG_TEST(reverse_iteration_over_versions_and_tombstones)
{
    for (int round = 0; round < 3; round++)
        put_numbered(f, f->def, 0, 50);
    for (int i = 0; i < 50; i += 3) {
        char k[8];
        snprintf(k, sizeof(k), "k%02d", i);
        del(f, f->def, k);
    }
    char *fwd = scan_cf(f->def, NULL, NULL, NULL, 1);
    char *bwd = scan_cf(f->def, NULL, NULL, NULL, -1);
    /* Reverse the comma-separated forward list and compare. */
    struct sbuf rev;
    sbuf_init(&rev);
    char *copy = xstrdup(fwd), *parts[64];
    int n = 0;
    for (char *t = strtok(copy, ","); t; t = strtok(NULL, ","))
        parts[n++] = t;
    cr_assert_eq(n, 50 - 17);
    for (int i = n - 1; i >= 0; i--) {
        sbuf_puts(&rev, parts[i]);
        if (i)
            sbuf_putc(&rev, ',');
    }
    cr_assert_str_eq(bwd, rev.data);
    sbuf_free(&rev);
    xfree(copy);
    xfree(fwd);
    xfree(bwd);

    /* Values are the newest version. */
    put(f, f->def, "k01", "newest");
    struct eng_iter *it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
    eng_iter_seek_for_prev(it, S("k01"));
    size_t vl;
    const char *v = eng_iter_value(it, &vl);
    cr_assert_eq(vl, 6);
    cr_assert_eq(memcmp(v, "newest", 6), 0);
    eng_iter_free(it);
}

/* --- snapshots ---------------------------------------------------------------- */

ENG_TEST(snapshot_isolation_get)
{
    put(f, f->def, "k", "v1");
    put(f, f->def, "j", "j1");
    put(f, f->a, "k", "a1");
    struct eng_snapshot *s = eng_snapshot_new(f->e);
    put(f, f->def, "k", "v2");
    del(f, f->def, "j");
    put(f, f->def, "new", "n");
    put(f, f->a, "k", "a2");
    expect(f->def, s, "k", "v1");
    expect(f->def, s, "j", "j1");
    expect(f->def, s, "new", NULL);
    expect(f->a, s, "k", "a1");
    expect(f->def, NULL, "k", "v2");
    expect(f->def, NULL, "j", NULL);
    struct eng_snapshot *s2 = eng_snapshot_new(f->e);
    put(f, f->def, "k", "v3");
    expect(f->def, s2, "k", "v2");
    expect(f->def, s, "k", "v1");
    eng_snapshot_free(s);
    expect(f->def, s2, "k", "v2");
    eng_snapshot_free(s2);
    eng_snapshot_free(NULL);
}

ENG_TEST(snapshot_isolation_iter)
{
    put_numbered(f, f->def, 0, 10);
    struct eng_snapshot *s = eng_snapshot_new(f->e);
    put_numbered(f, f->def, 10, 12);
    del(f, f->def, "k03");
    put(f, f->def, "k05", "changed");
    expect_scan(f->def, s, NULL, NULL, "k00,k01,k02,k03,k04,k05,k06,k07,k08,k09",
                "k09,k08,k07,k06,k05,k04,k03,k02,k01,k00");
    expect_scan(f->def, NULL, "k02", "k11", "k02,k04,k05,k06,k07,k08,k09,k10",
                "k10,k09,k08,k07,k06,k05,k04,k02");
    struct eng_iter *it = eng_iter_new(f->def, s, NULL, 0, NULL, 0);
    eng_iter_seek(it, S("k05"));
    size_t vl;
    const char *v = eng_iter_value(it, &vl);
    cr_assert_eq(vl, 3);
    cr_assert_eq(memcmp(v, "k05", 3), 0);
    eng_iter_free(it);
    eng_snapshot_free(s);
}

ENG_TEST(iter_sees_its_creation_state)
{
    put_numbered(f, f->def, 0, 5);
    struct eng_iter *it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
    put_numbered(f, f->def, 5, 8);
    del(f, f->def, "k00");
    put(f, f->def, "k02", "changed");
    char *got = scan(it, 1);
    cr_assert_str_eq(got, "k00,k01,k02,k03,k04");
    xfree(got);
    eng_iter_seek(it, S("k02"));
    size_t vl;
    const char *v = eng_iter_value(it, &vl);
    cr_assert_eq(vl, 3);
    cr_assert_eq(memcmp(v, "k02", 3), 0);
    eng_iter_free(it);
}

#define STABLE_KEYS 2000

struct stable_ctx {
    struct fx *f;
    atomic_int stop;
    atomic_int failures;
};

static void *stable_writer(void *arg)
{
    struct stable_ctx *c = arg;
    struct eng_batch *b = eng_batch_new(c->f->e);
    unsigned seed = 7;
    for (int round = 0; !atomic_load(&c->stop); round++) {
        eng_batch_clear(b);
        for (int i = 0; i < 50; i++) {
            char k[16];
            int n = (int)(rand_r(&seed) % (STABLE_KEYS + 200));
            snprintf(k, sizeof(k), "s%05d", n);
            switch (rand_r(&seed) % 4) {
            case 0:
                eng_batch_delete(b, c->f->def, S(k));
                break;
            case 1: {
                char e[16];
                snprintf(e, sizeof(e), "s%05d", n + 7);
                eng_batch_delete_range(b, c->f->def, S(k), S(e));
                break;
            }
            default:
                eng_batch_put(b, c->f->def, S(k), S("overwritten"));
            }
        }
        if (eng_write(b, ENG_SYNC_NO, NULL) != 0)
            atomic_fetch_add(&c->failures, 1);
        if (round % 20 == 0)
            eng_compact_range(c->f->def, NULL, 0, NULL, 0, NULL);
    }
    eng_batch_free(b);
    return NULL;
}

/* Keys and values of a full scan, forward or backward, joined. */
static char *scan_kv(struct eng_iter *it, int dir)
{
    struct sbuf b;
    sbuf_init(&b);
    for (dir > 0 ? eng_iter_first(it) : eng_iter_last(it); eng_iter_valid(it);
         dir > 0 ? eng_iter_next(it) : eng_iter_prev(it)) {
        size_t kl, vl;
        const char *k = eng_iter_key(it, &kl), *v = eng_iter_value(it, &vl);
        sbuf_putc(&b, '|');
        sbuf_append(&b, k, kl);
        sbuf_putc(&b, '=');
        sbuf_append(&b, v, vl);
        sbuf_putc(&b, '|');
    }
    return sbuf_detach(&b);
}

/* s reversed by '|'-delimited items: "|a||b|" -> "|b||a|". */
static char *reverse_items(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n + 1);
    size_t o = 0;
    for (size_t end = n; end > 0;) {
        size_t start = end - 1; /* the closing '|' */
        while (start > 0 && !(s[start - 1] == '|' && (start - 1 == 0 || s[start - 2] == '|')))
            start--;
        start--; /* the opening '|' */
        memcpy(out + o, s + start, end - start);
        o += end - start;
        end = start;
    }
    out[o] = '\0';
    return out;
}

ENG_TEST(iter_stable_under_concurrent_writes)
{
    struct eng_iter *early[3];
    struct eng_batch *b = eng_batch_new(f->e);
    for (int i = 0; i < STABLE_KEYS; i++) {
        char k[16];
        snprintf(k, sizeof(k), "s%05d", i);
        eng_batch_put(b, f->def, S(k), S(k));
    }
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    eng_batch_free(b);
    /* Created before the writer starts: they must see exactly the initial keys. */
    for (int i = 0; i < 3; i++)
        early[i] = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);

    struct stable_ctx c = {.f = f};
    atomic_init(&c.stop, 0);
    atomic_init(&c.failures, 0);
    pthread_t w;
    pthread_create(&w, NULL, stable_writer, &c);
    usleep(20000);
    int bad = 0;
    for (int pass = 0; pass < 3; pass++) {
        struct eng_iter *it = early[pass];
        int n = 0;
        /* forward half-way, then backward to the start, then forward to the end */
        for (eng_iter_first(it); eng_iter_valid(it) && n < STABLE_KEYS / 2; eng_iter_next(it)) {
            char want[16];
            size_t kl, vl;
            const char *k = eng_iter_key(it, &kl), *v = eng_iter_value(it, &vl);
            snprintf(want, sizeof(want), "s%05d", n);
            if (kl != strlen(want) || memcmp(k, want, kl) != 0 || vl != kl ||
                memcmp(v, want, vl) != 0)
                bad++;
            n++;
            if (n % 100 == 0)
                usleep(1000);
        }
        cr_assert(eng_iter_valid(it), "pass %d: forward scan stopped after %d keys", pass, n);
        int m = n;
        for (eng_iter_prev(it); eng_iter_valid(it); eng_iter_prev(it))
            m--;
        if (m != 0)
            bad++;
        n = 0;
        for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
            n++;
        if (n != STABLE_KEYS)
            bad++;
        eng_iter_free(it);
    }
    cr_assert_eq(bad, 0, "an iterator saw a concurrent write");
    /* Created while writes go on: forward and backward scans agree. */
    for (int pass = 0; pass < 5; pass++) {
        struct eng_iter *it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
        char *fwd = scan_kv(it, 1);
        usleep(2000);
        char *bwd = scan_kv(it, -1);
        char *rev = reverse_items(bwd);
        cr_assert_str_eq(fwd, rev, "pass %d", pass);
        xfree(fwd);
        xfree(bwd);
        xfree(rev);
        eng_iter_free(it);
    }
    atomic_store(&c.stop, 1);
    pthread_join(w, NULL);
    cr_assert_eq(atomic_load(&c.failures), 0);
}

/* --- keys and values ------------------------------------------------------- */

ENG_TEST(binary_keys_with_nul)
{
    static const struct {
        const char *k;
        size_t n;
    } keys[] = {{"", 0},   {"\0", 1},   {"\0\0", 2},   {"\0\xff", 2},
                {"a", 1},  {"a\0", 2},  {"a\0b", 3},   {"a\0b\0", 4},
                {"ab", 2}, {"\xff", 1}, {"\xff\0", 2}, {"\xff\xff\xff", 3}};
    size_t nk = sizeof(keys) / sizeof(keys[0]);
    /* Insert in reverse so the order comes from the engine. */
    for (size_t i = nk; i-- > 0;) {
        char v[8];
        snprintf(v, sizeof(v), "v%zu", i);
        put_in(f->e, f->def, keys[i].k, keys[i].n, v, strlen(v));
    }
    struct eng_iter *it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
    size_t i = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it), i++) {
        size_t kl;
        const char *k = eng_iter_key(it, &kl);
        cr_assert_lt(i, nk);
        cr_assert_eq(kl, keys[i].n, "key %zu length", i);
        cr_assert_eq(memcmp(k, keys[i].k, kl), 0, "key %zu bytes", i);
    }
    cr_assert_eq(i, nk);
    for (eng_iter_last(it); eng_iter_valid(it); eng_iter_prev(it))
        i--;
    cr_assert_eq(i, 0);
    eng_iter_free(it);

    for (i = 0; i < nk; i++) {
        char *v = get_at(f->def, NULL, keys[i].k, keys[i].n);
        char want[8];
        snprintf(want, sizeof(want), "v%zu", i);
        cr_assert_not_null(v);
        cr_assert_str_eq(v, want);
        xfree(v);
    }
    /* "a" and "a\0" are different keys. */
    del_in(f->e, f->def, "a", 1);
    char *v = get_at(f->def, NULL, "a\0", 2);
    cr_assert_not_null(v);
    xfree(v);
    cr_assert_null(get_at(f->def, NULL, "a", 1));

    /* Bounds with NULs: ["\0", "a\0b") holds \0, \0\0, \0\xff, a\0. */
    it = eng_iter_new(f->def, NULL, "\0", 1, "a\0b", 3);
    int n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    cr_assert_eq(n, 4);
    eng_iter_seek_for_prev(it, "a\0b", 3);
    size_t kl;
    const char *k = eng_iter_key(it, &kl);
    cr_assert_eq(kl, 2);
    cr_assert_eq(memcmp(k, "a\0", 2), 0);
    eng_iter_free(it);
}

ENG_TEST(empty_values_and_empty_key)
{
    put(f, f->def, "e", "");
    put(f, f->def, "", "empty-key");
    void *v = NULL;
    size_t vl = 99;
    cr_assert_eq(eng_get(f->def, NULL, S("e"), NULL, &v, &vl, NULL), 0);
    cr_assert_eq(vl, 0);
    cr_assert_not_null(v);
    xfree(v);
    expect(f->def, NULL, "", "empty-key");
    struct eng_iter *it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
    eng_iter_first(it);
    size_t kl;
    eng_iter_key(it, &kl);
    cr_assert_eq(kl, 0);
    eng_iter_next(it);
    expect_at(it, "e");
    eng_iter_value(it, &vl);
    cr_assert_eq(vl, 0);
    eng_iter_free(it);
}

ENG_TEST(large_values)
{
    size_t n = 1u << 20;
    unsigned char *big = xmalloc(n);
    unsigned seed = 42;
    for (size_t i = 0; i < n; i++)
        big[i] = (unsigned char)rand_r(&seed);
    put_in(f->e, f->def, S("big"), big, n);
    put_in(f->e, f->def, S("big2"), big, n - 1);
    void *v;
    size_t vl;
    cr_assert_eq(eng_get(f->def, NULL, S("big"), NULL, &v, &vl, NULL), 0);
    cr_assert_eq(vl, n);
    cr_assert_eq(memcmp(v, big, n), 0);
    xfree(v);
    cr_assert_eq(eng_flush(f->e, NULL), 0);
    struct eng_iter *it = eng_iter_new(f->def, NULL, NULL, 0, NULL, 0);
    eng_iter_first(it);
    const void *iv = eng_iter_value(it, &vl);
    cr_assert_eq(vl, n);
    cr_assert_eq(memcmp(iv, big, n), 0);
    eng_iter_next(it);
    iv = eng_iter_value(it, &vl);
    cr_assert_eq(vl, n - 1);
    cr_assert_eq(memcmp(iv, big, n - 1), 0);
    eng_iter_free(it);
    xfree(big);
}

/* --- checkpoints ----------------------------------------------------------- */

ENG_TEST(checkpoint_and_restore)
{
    struct err err = {0};
    char ckpt[192], restored[192];

    put_numbered(f, f->def, 0, 300);
    put(f, f->a, "a-key", "a-val");
    put(f, f->b, "b-key", "");
    del(f, f->def, "k07");
    snprintf(ckpt, sizeof(ckpt), "%s/ckpt", f->root);
    snprintf(restored, sizeof(restored), "%s/restored", f->root);
    cr_assert_eq(eng_checkpoint(f->e, ckpt, &err), 0, "%s", err.msg);
    /* Later writes are not in the checkpoint. */
    put(f, f->def, "k07", "after");
    del(f, f->def, "k08");
    put(f, f->a, "a-key2", "after");

    cr_assert_eq(eng_checkpoint(f->e, ckpt, &err), ERR_EXISTS);
    cr_assert(strstr(err.msg, ckpt) != NULL, "message names the directory: %s", err.msg);

    struct eng_options o = fx_options(f->kind);
    o.restore_from = ckpt;
    o.cf_names = NULL;
    o.n_cf_names = 0; /* CFs come from the checkpoint */
    struct eng *r;
    cr_assert_eq(eng_open(restored, &o, &r, &err), 0, "%s", err.msg);
    struct eng_cf *rd = eng_cf(r, "default"), *ra = eng_cf(r, "a"), *rb = eng_cf(r, "b");
    cr_assert(rd && ra && rb);
    expect(rd, NULL, "k07", NULL);
    expect(rd, NULL, "k08", "k08");
    expect(ra, NULL, "a-key", "a-val");
    expect(ra, NULL, "a-key2", NULL);
    expect(rb, NULL, "b-key", "");
    struct eng_iter *it = eng_iter_new(rd, NULL, NULL, 0, NULL, 0);
    int n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    cr_assert_eq(n, 299);
    eng_iter_free(it);
    /* The restored engine is writable and independent. */
    put_in(r, rd, S("k07"), S("restored"));
    expect(rd, NULL, "k07", "restored");
    expect(f->def, NULL, "k07", "after");
    eng_close(r);

    /* Restoring into a non-empty directory is refused (rocksdb); the memory
     * engine keeps nothing at its path, so it can restore anywhere. */
    if (f->kind == ENG_ROCKSDB) {
        cr_assert_eq(eng_open(restored, &o, &r, &err), ERR_EXISTS);
    }
}

Test(storage_memory, checkpoint_corruption_detected, .init = setup_memory, .fini = teardown,
     .timeout = 60)
{
    struct err err = {0};
    char ckpt[192], file[256];
    struct eng *r = NULL;

    put_numbered(&F, F.def, 0, 100);
    snprintf(ckpt, sizeof(ckpt), "%s/ckpt", F.root);
    snprintf(file, sizeof(file), "%s/MEMORY-CHECKPOINT", ckpt);
    cr_assert_eq(eng_checkpoint(F.e, ckpt, &err), 0, "%s", err.msg);

    struct eng_options o = fx_options(ENG_MEMORY);
    o.restore_from = ckpt;
    cr_assert_eq(eng_open(NULL, &o, &r, &err), 0, "%s", err.msg);
    expect(eng_cf(r, "default"), NULL, "k42", "k42");
    eng_close(r);

    struct stat st;
    cr_assert_eq(stat(file, &st), 0);
    off_t offsets[] = {3, 29, st.st_size / 2, st.st_size - 5};
    for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
        int fd = open(file, O_RDWR);
        unsigned char c;
        cr_assert_eq(pread(fd, &c, 1, offsets[i]), 1);
        c ^= 0x40;
        cr_assert_eq(pwrite(fd, &c, 1, offsets[i]), 1);
        err.code = 0;
        cr_assert_eq(eng_open(NULL, &o, &r, &err), ERR_CORRUPT, "flip at %lld",
                     (long long)offsets[i]);
        cr_assert(strstr(err.msg, file) != NULL, "message names the file: %s", err.msg);
        c ^= 0x40;
        cr_assert_eq(pwrite(fd, &c, 1, offsets[i]), 1);
        close(fd);
    }
    /* Truncated. */
    cr_assert_eq(truncate(file, st.st_size - 10), 0);
    cr_assert_eq(eng_open(NULL, &o, &r, &err), ERR_CORRUPT);
    cr_assert(strstr(err.msg, file) != NULL, "%s", err.msg);
    /* Trailing garbage. */
    cr_assert_eq(truncate(file, st.st_size + 10), 0);
    cr_assert_eq(eng_open(NULL, &o, &r, &err), ERR_CORRUPT);
    /* Missing. */
    cr_assert_eq(unlink(file), 0);
    cr_assert_eq(eng_open(NULL, &o, &r, &err), ERR_NOTFOUND);
}

/* --- compaction ------------------------------------------------------------ */

static atomic_int filter_calls;
static atomic_int filter_bad_cf;

static enum eng_filter_result drop_filter(const char *cf, const void *key, size_t klen,
                                          const void *value, size_t vlen, void *arg)
{
    (void)key;
    (void)klen;
    atomic_fetch_add(&filter_calls, 1);
    if (arg != (void *)&filter_calls ||
        (strcmp(cf, "a") != 0 && strcmp(cf, "b") != 0 && strcmp(cf, "default") != 0))
        atomic_fetch_add(&filter_bad_cf, 1);
    return vlen >= 4 && memcmp(value, "drop", 4) == 0 ? ENG_FILTER_DROP : ENG_FILTER_KEEP;
}

ENG_TEST(compaction_filter_drops)
{
    fx_close(f);
    f->o.filter = drop_filter;
    f->o.filter_arg = &filter_calls;
    fx_open(f);
    atomic_store(&filter_calls, 0);

    struct eng_batch *b = eng_batch_new(f->e);
    for (int i = 0; i < 200; i++) {
        char k[16];
        snprintf(k, sizeof(k), "f%03d", i);
        eng_batch_put(b, f->a, S(k), i % 2 ? "drop-me" : "keep-me", 7);
    }
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    eng_batch_free(b);
    expect(f->a, NULL, "f001", "drop-me");
    cr_assert_eq(eng_compact_range(f->a, NULL, 0, NULL, 0, NULL), 0);
    cr_assert_gt(atomic_load(&filter_calls), 0);
    cr_assert_eq(atomic_load(&filter_bad_cf), 0);
    expect(f->a, NULL, "f001", NULL);
    expect(f->a, NULL, "f000", "keep-me");
    struct eng_iter *it = eng_iter_new(f->a, NULL, NULL, 0, NULL, 0);
    int n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
        size_t vl;
        const char *v = eng_iter_value(it, &vl);
        cr_assert_eq(memcmp(v, "keep", 4), 0);
        n++;
    }
    cr_assert_eq(n, 100);
    eng_iter_free(it);
    /* A dropped key can be written again. */
    put(f, f->a, "f001", "keep-again");
    expect(f->a, NULL, "f001", "keep-again");
}

ENG_TEST(open_iterator_survives_compaction_filter)
{
    fx_close(f);
    f->o.filter = drop_filter;
    f->o.filter_arg = &filter_calls;
    fx_open(f);
    struct eng_batch *b = eng_batch_new(f->e);
    for (int i = 0; i < 100; i++) {
        char k[16];
        snprintf(k, sizeof(k), "f%03d", i);
        eng_batch_put(b, f->a, S(k), S("drop"));
    }
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    eng_batch_free(b);
    struct eng_iter *it = eng_iter_new(f->a, NULL, NULL, 0, NULL, 0);
    eng_iter_seek(it, S("f050"));
    cr_assert(eng_iter_valid(it));
    size_t kl, vl;
    const char *k = eng_iter_key(it, &kl);
    cr_assert_eq(eng_compact_range(f->a, NULL, 0, NULL, 0, NULL), 0);
    expect(f->a, NULL, "f050", NULL); /* a new read no longer sees it */
    /* The open iterator: its current key is still readable, and it goes on. */
    cr_assert_eq(kl, 4);
    cr_assert_eq(memcmp(k, "f050", 4), 0);
    const char *v = eng_iter_value(it, &vl);
    cr_assert_eq(vl, 4);
    cr_assert_eq(memcmp(v, "drop", 4), 0);
    int n = 1;
    for (eng_iter_next(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    cr_assert_eq(n, 50);
    n = 0;
    for (eng_iter_last(it); eng_iter_valid(it); eng_iter_prev(it))
        n++;
    cr_assert_eq(n, 100);
    eng_iter_free(it);
    put(f, f->def, "x", "y"); /* a write frees what the iterator held (memory) */
    expect_scan(f->a, NULL, NULL, NULL, "", "");
}

ENG_TEST(compaction_keeps_what_snapshots_see)
{
    put(f, f->def, "k", "v1");
    put(f, f->def, "d", "doomed");
    struct eng_snapshot *s = eng_snapshot_new(f->e);
    put(f, f->def, "k", "v2");
    put(f, f->def, "k", "v3");
    del(f, f->def, "d");
    cr_assert_eq(eng_compact_range(f->def, NULL, 0, NULL, 0, NULL), 0);
    expect(f->def, s, "k", "v1");
    expect(f->def, s, "d", "doomed");
    expect(f->def, NULL, "k", "v3");
    expect(f->def, NULL, "d", NULL);
    eng_snapshot_free(s);
    cr_assert_eq(eng_compact_range(f->def, S("a"), S("z"), NULL), 0);
    expect(f->def, NULL, "k", "v3");
    expect(f->def, NULL, "d", NULL);
    expect_scan(f->def, NULL, NULL, NULL, "k", "k");
}

ENG_TEST(approximate_size_grows)
{
    uint64_t s0, s1, s2, part;
    struct err err = {0};
    unsigned seed = 1;
    char val[1024];

    cr_assert_eq(eng_approximate_size(f->def, NULL, 0, NULL, 0, &s0, &err), 0, "%s", err.msg);
    for (int round = 0; round < 2; round++) {
        struct eng_batch *b = eng_batch_new(f->e);
        for (int i = 0; i < 2000; i++) {
            char k[16];
            snprintf(k, sizeof(k), "z%d%05d", round, i);
            for (size_t j = 0; j < sizeof(val); j++)
                val[j] = (char)rand_r(&seed);
            eng_batch_put(b, f->def, S(k), val, sizeof(val));
        }
        cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
        eng_batch_free(b);
        cr_assert_eq(eng_flush(f->e, &err), 0, "%s", err.msg);
        cr_assert_eq(eng_approximate_size(f->def, NULL, 0, NULL, 0, round ? &s2 : &s1, &err), 0);
    }
    cr_assert_geq(s1, s0);
    cr_assert_gt(s1, 1000 * 1024, "size after 2 MB of writes: %llu", (unsigned long long)s1);
    cr_assert_geq(s2, s1);
    cr_assert_eq(eng_approximate_size(f->def, S("z1"), S("z2"), &part, &err), 0);
    cr_assert_leq(part, s2);
    cr_assert_eq(eng_approximate_size(f->def, S("x"), S("y"), &part, &err), 0);
    cr_assert_eq(part, 0);
    cr_assert_eq(eng_approximate_size(f->def, S("y"), S("x"), &part, &err), 0);
    cr_assert_eq(part, 0);
}

/* Writes not yet flushed count too (rocksdb: the memtable-only scan). */
ENG_TEST(approximate_size_counts_unflushed)
{
    struct err err = {0};
    char val[1024];
    memset(val, 'q', sizeof(val));
    struct eng_batch *b = eng_batch_new(f->e);
    for (int i = 0; i < 100; i++) {
        char k[16];
        snprintf(k, sizeof(k), "m%05d", i);
        eng_batch_put(b, f->def, S(k), val, sizeof(val));
    }
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
    eng_batch_free(b);
    uint64_t in = 0, out = 0, rev = 0;
    cr_assert_eq(eng_approximate_size(f->def, S("m"), S("n"), &in, &err), 0, "%s", err.msg);
    cr_assert_geq(in, 100 * 1024, "unflushed span: %llu", (unsigned long long)in);
    cr_assert_eq(eng_approximate_size(f->def, S("n"), S("o"), &out, &err), 0);
    cr_assert_eq(out, 0);
    cr_assert_eq(eng_approximate_size(f->def, S("n"), S("m"), &rev, &err), 0);
    cr_assert_eq(rev, 0);
}

/* --- stats ----------------------------------------------------------------- */

static double scrape(const char *series)
{
    struct sbuf out;
    double v = -1;
    sbuf_init(&out);
    met_render(&out);
    const char *p = strstr(out.data, series);
    if (p != NULL)
        v = strtod(p + strlen(series), NULL);
    sbuf_free(&out);
    return v;
}

ENG_TEST(stats_exported_and_detached)
{
    fx_close(f);
    f->o.metric_labels = "store=\"t\"";
    fx_open(f);
    put_numbered(f, f->def, 0, 100);
    cr_assert_gt(eng_stat(f->e, ENG_STAT_MEMTABLE_BYTES), 0);
    cr_assert_geq(eng_stat(f->e, ENG_STAT_NUM_KEYS), 0);
    cr_assert_gt(scrape("shardforge_storage_memtable_bytes{store=\"t\"} "), 0);
    fx_close(f);
    cr_assert_eq(scrape("shardforge_storage_memtable_bytes{store=\"t\"} "), 0);
    /* Reopening with the same labels exports again. */
    fx_open(f);
    put(f, f->def, "x", "y");
    cr_assert_gt(scrape("shardforge_storage_memtable_bytes{store=\"t\"} "), 0);
}

/* --- randomized comparison with a model ------------------------------------------ */

#define MODEL_MAX 128

struct model {
    int n;
    char keys[MODEL_MAX][4];
    int klen[MODEL_MAX];
    char val[MODEL_MAX][12];
};

/* Keys: length 0..3 over the alphabet {\0, a, b, \xff}: 85 keys. */
static int random_key(unsigned *seed, char *k)
{
    static const char alpha[] = {'\0', 'a', 'b', '\xff'};
    int n = (int)(rand_r(seed) % 4);
    for (int i = 0; i < n; i++)
        k[i] = alpha[rand_r(seed) % 4];
    return n;
}

static int model_find(const struct model *m, const char *k, int kl, bool *found)
{
    int lo = 0, hi = m->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        size_t n = (size_t)(m->klen[mid] < kl ? m->klen[mid] : kl);
        int c = n ? memcmp(m->keys[mid], k, n) : 0;
        if (c == 0)
            c = m->klen[mid] - kl;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < m->n && m->klen[lo] == kl && memcmp(m->keys[lo], k, (size_t)kl) == 0;
    return lo;
}

static int kcmp(const char *a, int al, const char *b, int bl)
{
    size_t n = (size_t)(al < bl ? al : bl);
    int c = n ? memcmp(a, b, n) : 0;
    return c ? c : al - bl;
}

static void model_put(struct model *m, const char *k, int kl, const char *v)
{
    bool found;
    int i = model_find(m, k, kl, &found);
    if (!found) {
        memmove(&m->keys[i + 1], &m->keys[i], (size_t)(m->n - i) * sizeof(m->keys[0]));
        memmove(&m->klen[i + 1], &m->klen[i], (size_t)(m->n - i) * sizeof(m->klen[0]));
        memmove(&m->val[i + 1], &m->val[i], (size_t)(m->n - i) * sizeof(m->val[0]));
        m->n++;
        memcpy(m->keys[i], k, (size_t)kl);
        m->klen[i] = kl;
    }
    snprintf(m->val[i], sizeof(m->val[i]), "%s", v);
}

static void model_del_at(struct model *m, int i)
{
    memmove(&m->keys[i], &m->keys[i + 1], (size_t)(m->n - i - 1) * sizeof(m->keys[0]));
    memmove(&m->klen[i], &m->klen[i + 1], (size_t)(m->n - i - 1) * sizeof(m->klen[0]));
    memmove(&m->val[i], &m->val[i + 1], (size_t)(m->n - i - 1) * sizeof(m->val[0]));
    m->n--;
}

static void model_del(struct model *m, const char *k, int kl)
{
    bool found;
    int i = model_find(m, k, kl, &found);
    if (found)
        model_del_at(m, i);
}

static void model_del_range(struct model *m, const char *s, int sl, const char *e, int el)
{
    for (int i = m->n - 1; i >= 0; i--)
        if (kcmp(m->keys[i], m->klen[i], s, sl) >= 0 && kcmp(m->keys[i], m->klen[i], e, el) < 0)
            model_del_at(m, i);
}

/* Model iterator position: index into the model or -1 (invalid). */
struct mpos {
    const struct model *m;
    const char *lo, *hi;
    int lol, hil;
    int i;
};

static bool in_bounds(const struct mpos *p, int i)
{
    if (i < 0 || i >= p->m->n)
        return false;
    if (p->lo && kcmp(p->m->keys[i], p->m->klen[i], p->lo, p->lol) < 0)
        return false;
    if (p->hi && kcmp(p->m->keys[i], p->m->klen[i], p->hi, p->hil) >= 0)
        return false;
    return true;
}

static void mpos_seek(struct mpos *p, const char *k, int kl)
{
    bool found;
    int i = model_find(p->m, k, kl, &found);
    while (i < p->m->n && !in_bounds(p, i) && p->lo &&
           kcmp(p->m->keys[i], p->m->klen[i], p->lo, p->lol) < 0)
        i++;
    p->i = in_bounds(p, i) ? i : -1;
}

static void mpos_seek_for_prev(struct mpos *p, const char *k, int kl)
{
    bool found;
    int i = model_find(p->m, k, kl, &found);
    if (!found)
        i--;
    while (i >= 0 && !in_bounds(p, i) && p->hi &&
           kcmp(p->m->keys[i], p->m->klen[i], p->hi, p->hil) >= 0)
        i--;
    p->i = in_bounds(p, i) ? i : -1;
}

static void check_same(const struct mpos *p, struct eng_iter *it, int step)
{
    if (p->i < 0) {
        cr_assert(!eng_iter_valid(it), "step %d: engine valid, model not", step);
        return;
    }
    cr_assert(eng_iter_valid(it), "step %d: engine invalid, model at %d", step, p->i);
    size_t kl, vl;
    const char *k = eng_iter_key(it, &kl), *v = eng_iter_value(it, &vl);
    cr_assert_eq((int)kl, p->m->klen[p->i], "step %d", step);
    cr_assert_eq(memcmp(k, p->m->keys[p->i], kl), 0, "step %d", step);
    cr_assert_eq(vl, strlen(p->m->val[p->i]), "step %d", step);
    cr_assert_eq(memcmp(v, p->m->val[p->i], vl), 0, "step %d", step);
}

static void random_iter_check(struct eng_cf *cf, const struct eng_snapshot *s,
                              const struct model *m, unsigned *seed)
{
    char lo[4], hi[4];
    int lol = random_key(seed, lo), hil = random_key(seed, hi);
    bool has_lo = rand_r(seed) % 3 != 0, has_hi = rand_r(seed) % 3 != 0;
    struct mpos p = {.m = m,
                     .lo = has_lo ? lo : NULL,
                     .hi = has_hi ? hi : NULL,
                     .lol = lol,
                     .hil = hil,
                     .i = -1};
    struct eng_iter *it = eng_iter_new(cf, s, p.lo, (size_t)lol, p.hi, (size_t)hil);
    for (int step = 0; step < 40; step++) {
        char k[4];
        int kl;
        switch (rand_r(seed) % 6) {
        case 0:
            kl = random_key(seed, k);
            eng_iter_seek(it, k, (size_t)kl);
            mpos_seek(&p, k, kl);
            break;
        case 1:
            kl = random_key(seed, k);
            eng_iter_seek_for_prev(it, k, (size_t)kl);
            mpos_seek_for_prev(&p, k, kl);
            break;
        case 2:
            eng_iter_first(it);
            p.i = -1;
            for (int i = 0; i < m->n && p.i < 0; i++)
                if (in_bounds(&p, i))
                    p.i = i;
            break;
        case 3:
            eng_iter_last(it);
            p.i = -1;
            for (int i = m->n - 1; i >= 0 && p.i < 0; i--)
                if (in_bounds(&p, i))
                    p.i = i;
            break;
        case 4:
            if (p.i >= 0) {
                eng_iter_next(it);
                p.i = in_bounds(&p, p.i + 1) ? p.i + 1 : -1;
            }
            break;
        default:
            if (p.i >= 0) {
                eng_iter_prev(it);
                p.i = in_bounds(&p, p.i - 1) ? p.i - 1 : -1;
            }
        }
        check_same(&p, it, step);
    }
    eng_iter_free(it);
}

ENG_TEST(matches_model_under_random_operations)
{
    static struct model m, msnap;
    unsigned seed = 12345;
    struct eng_snapshot *s = NULL;
    struct eng_batch *b = eng_batch_new(f->e);
    memset(&m, 0, sizeof(m));

    for (int round = 0; round < 400; round++) {
        eng_batch_clear(b);
        int ops = 1 + (int)(rand_r(&seed) % 6);
        for (int o = 0; o < ops; o++) {
            char k[4], e[4], v[12];
            int kl = random_key(&seed, k), el;
            snprintf(v, sizeof(v), "v%d.%d", round, o);
            switch (rand_r(&seed) % 5) {
            case 0:
                eng_batch_delete(b, f->def, k, (size_t)kl);
                model_del(&m, k, kl);
                break;
            case 1:
                el = random_key(&seed, e);
                eng_batch_delete_range(b, f->def, k, (size_t)kl, e, (size_t)el);
                model_del_range(&m, k, kl, e, el);
                break;
            default:
                eng_batch_put(b, f->def, k, (size_t)kl, v, strlen(v));
                model_put(&m, k, kl, v);
            }
        }
        cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
        if (round % 50 == 10) {
            eng_snapshot_free(s);
            s = eng_snapshot_new(f->e);
            msnap = m;
        }
        if (round % 37 == 0)
            eng_compact_range(f->def, NULL, 0, NULL, 0, NULL);
        if (round % 97 == 0)
            eng_flush(f->e, NULL);
        random_iter_check(f->def, NULL, &m, &seed);
        if (s != NULL)
            random_iter_check(f->def, s, &msnap, &seed);
        /* point reads */
        for (int i = 0; i < 5; i++) {
            char k[4];
            int kl = random_key(&seed, k);
            bool found;
            int at = model_find(&m, k, kl, &found);
            char *got = get_at(f->def, NULL, k, (size_t)kl);
            cr_assert_eq(got != NULL, found, "round %d", round);
            if (found)
                cr_assert_str_eq(got, m.val[at]);
            xfree(got);
        }
    }
    eng_snapshot_free(s);
    eng_batch_free(b);
}

Test(storage_memory, tombstones_collected_automatically, .init = setup_memory, .fini = teardown,
     .timeout = 120)
{
    struct eng_batch *b = eng_batch_new(F.e);
    for (int del_round = 0; del_round < 2; del_round++) {
        for (int i = 0; i < 80000; i++) {
            char k[16];
            snprintf(k, sizeof(k), "t%06d", i);
            if (del_round)
                eng_batch_delete(b, F.def, S(k));
            else
                eng_batch_put(b, F.def, S(k), S("v"));
            if (eng_batch_count(b) == 1000) {
                cr_assert_eq(eng_write(b, ENG_SYNC_NO, NULL), 0);
                eng_batch_clear(b);
            }
        }
    }
    eng_batch_free(b);
    /* 80000 values and 80000 tombstones without GC; far fewer with it. */
    cr_assert_lt(eng_stat(F.e, ENG_STAT_NUM_KEYS), 40000);
    expect_scan(F.def, NULL, NULL, NULL, "", "");
}

/* --- version CFs ------------------------------------------------------------ */

/* Versions spread over SST files and the memtable, with prefixes that share
 * leading bytes: a versions iterator sees exactly its prefix's versions at
 * its snapshot, and prefixes nobody wrote (filtered out on rocksdb) are
 * empty; a total-order scan of the same CF still sees every key. */
ENG_TEST(versions_iterator_sees_one_prefix)
{
    struct err err = {0};
    static const char *const old[] = {"p1;05", "p1;29", "p10;03", "p2;07", "x"};
    static const char *const mid[] = {"p1;17", "p3;01", "p30;02"};
    static const char *const late[] = {"p1;01", "p3;44", "p4;00"};
    put_keys(f, f->b, old, 5);
    cr_assert_eq(eng_flush(f->e, &err), 0, "%s", err.msg);
    put_keys(f, f->b, mid, 3);
    cr_assert_eq(eng_flush(f->e, &err), 0, "%s", err.msg);
    struct eng_snapshot *snap = eng_snapshot_new(f->e);
    put_keys(f, f->b, late, 3);
    struct eng_batch *b = eng_batch_new(f->e);
    eng_batch_delete(b, f->b, S("p1;29"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, &err), 0, "%s", err.msg);
    eng_batch_free(b);

    expect_versions(f->b, NULL, "p1;", "00", "p1;01,p1;05,p1;17");
    expect_versions(f->b, NULL, "p1;", "06", "p1;17");
    expect_versions(f->b, NULL, "p10;", "00", "p10;03");
    expect_versions(f->b, NULL, "p2;", "08", "");
    expect_versions(f->b, NULL, "p3;", "00", "p3;01,p3;44");
    expect_versions(f->b, NULL, "p30;", "00", "p30;02");
    expect_versions(f->b, NULL, "p4;", "00", "p4;00");
    expect_versions(f->b, NULL, "p5;", "00", "");
    expect_versions(f->b, NULL, "p;", "00", "");
    expect_versions(f->b, snap, "p1;", "00", "p1;05,p1;17,p1;29");
    expect_versions(f->b, snap, "p3;", "00", "p3;01");
    expect_versions(f->b, snap, "p4;", "00", "");
    expect_scan(f->b, NULL, "p1;", "p4", "p1;01,p1;05,p1;17,p2;07,p30;02,p3;01,p3;44",
                "p3;44,p3;01,p30;02,p2;07,p1;17,p1;05,p1;01");
    expect_scan(f->b, snap, NULL, NULL, "p10;03,p1;05,p1;17,p1;29,p2;07,p30;02,p3;01,x",
                "x,p3;01,p30;02,p2;07,p1;29,p1;17,p1;05,p10;03");
    /* versions iterators on an ordinary CF behave the same */
    put_keys(f, f->a, old, 5);
    expect_versions(f->a, NULL, "p1;", "00", "p1;05,p1;29");
    expect_versions(f->a, NULL, "p5;", "00", "");
    eng_snapshot_free(snap);

    if (f->kind != ENG_ROCKSDB)
        return; /* the memory engine starts empty */
    /* reopened: the SST files' prefix filters are used again */
    fx_close(f);
    fx_open(f);
    expect_versions(f->b, NULL, "p1;", "02", "p1;05,p1;17");
    expect_versions(f->b, NULL, "p4;", "00", "p4;00");
    expect_versions(f->b, NULL, "p2;", "00", "p2;07");
}

/* A data directory written before "b" was a version CF (SST files with
 * whole-key filters and no prefix extractor) still reads right once it is
 * one, and the other way round. */
Test(storage_rocksdb, version_cf_declared_on_existing_files, .init = setup_rocksdb,
     .fini = teardown, .timeout = 60)
{
    struct err err = {0};
    static const char *const keys[] = {"p1;05", "p1;17", "p2;07", "p3;01"};
    fx_close(&F);
    F.o.n_version_cfs = 0;
    fx_open(&F);
    put_keys(&F, F.b, keys, 4);
    cr_assert_eq(eng_flush(F.e, &err), 0, "%s", err.msg);
    fx_close(&F);
    F.o.n_version_cfs = 1;
    fx_open(&F);
    expect_versions(F.b, NULL, "p1;", "00", "p1;05,p1;17");
    expect_versions(F.b, NULL, "p2;", "00", "p2;07");
    expect_versions(F.b, NULL, "p4;", "00", "");
    static const char *const more[] = {"p1;21", "p4;00"};
    put_keys(&F, F.b, more, 2);
    cr_assert_eq(eng_flush(F.e, &err), 0, "%s", err.msg);
    expect_versions(F.b, NULL, "p1;", "10", "p1;17,p1;21");
    fx_close(&F);
    F.o.n_version_cfs = 0;
    fx_open(&F);
    expect_versions(F.b, NULL, "p1;", "00", "p1;05,p1;17,p1;21");
    expect_versions(F.b, NULL, "p4;", "00", "p4;00");
    expect_scan(F.b, NULL, NULL, NULL, "p1;05,p1;17,p1;21,p2;07,p3;01,p4;00",
                "p4;00,p3;01,p2;07,p1;21,p1;17,p1;05");
}

Test(storage, version_cfs_need_a_suffix)
{
    char root[] = "/tmp/sf_eng_XXXXXX";
    cr_assert_not_null(mkdtemp(root));
    struct eng_options o = fx_options(ENG_MEMORY);
    o.version_suffix_len = 0;
    struct eng *e = NULL;
    struct err err = {0};
    cr_assert_eq(eng_open(root, &o, &e, &err), ERR_INVAL);
    cr_assert(strstr(err.msg, "version suffix") != NULL, "%s", err.msg);
    cr_assert_null(e);
    rm_rf(root);
}

/* --- backend specific ------------------------------------------------------ */

Test(storage_rocksdb, reopen_persists_sync_writes, .init = setup_rocksdb, .fini = teardown,
     .timeout = 60)
{
    struct err err = {0};
    struct eng_batch *b = eng_batch_new(F.e);
    eng_batch_put(b, F.def, S("durable"), S("yes"));
    eng_batch_put(b, F.b, S("in-b"), S("yes"));
    cr_assert_eq(eng_write(b, ENG_SYNC_YES, &err), 0, "%s", err.msg);
    eng_batch_free(b);
    fx_close(&F);
    /* Reopen without listing "b": existing CFs are opened anyway. */
    F.o.cf_names = NULL;
    F.o.n_cf_names = 0;
    F.o.create_if_missing = false;
    cr_assert_eq(eng_open(F.db, &F.o, &F.e, &err), 0, "%s", err.msg);
    expect(eng_cf(F.e, "default"), NULL, "durable", "yes");
    cr_assert_not_null(eng_cf(F.e, "b"));
    expect(eng_cf(F.e, "b"), NULL, "in-b", "yes");
}

Test(storage_rocksdb, open_errors_name_the_path, .init = setup_rocksdb, .fini = teardown,
     .timeout = 60)
{
    struct err err = {0};
    struct eng *e2 = NULL;
    char missing[192];

    /* The directory is locked by the open engine. */
    cr_assert_eq(eng_open(F.db, &F.o, &e2, &err), ERR_BUSY, "%s", err.msg);
    cr_assert(strstr(err.msg, F.db) != NULL, "%s", err.msg);
    cr_assert_null(e2);

    snprintf(missing, sizeof(missing), "%s/missing", F.root);
    struct eng_options o = fx_options(ENG_ROCKSDB);
    o.create_if_missing = false;
    err.code = 0;
    cr_assert_eq(eng_open(missing, &o, &e2, &err), ERR_NOTFOUND, "%s", err.msg);
    cr_assert(strstr(err.msg, missing) != NULL, "%s", err.msg);

    cr_assert_eq(eng_open(NULL, &o, &e2, &err), ERR_INVAL);
}

Test(storage, options_and_names)
{
    enum eng_kind k;
    enum eng_compression c;
    struct eng_options o;
    struct err err = {0};
    struct eng *e = NULL;

    cr_assert_eq(eng_kind_parse("memory", &k), 0);
    cr_assert_eq(k, ENG_MEMORY);
    cr_assert_eq(eng_kind_parse("rocksdb", &k), 0);
    cr_assert_eq(k, ENG_ROCKSDB);
    cr_assert_eq(eng_kind_parse("leveldb", &k), ERR_INVAL);
    cr_assert_eq(eng_compression_parse("zstd", &c), 0);
    cr_assert_eq(c, ENG_COMPRESS_ZSTD);
    cr_assert_eq(eng_compression_parse("snappy", &c), ERR_INVAL);
    cr_assert_str_eq(eng_kind_name(ENG_MEMORY), "memory");

    eng_options_init(&o);
    o.kind = ENG_MEMORY;
    const char *bad[] = {""};
    o.cf_names = bad;
    o.n_cf_names = 1;
    cr_assert_eq(eng_open(NULL, &o, &e, &err), ERR_INVAL);
    const char *dup[] = {"x", "x", "default"};
    o.cf_names = dup;
    o.n_cf_names = 3;
    cr_assert_eq(eng_open(NULL, &o, &e, &err), 0, "%s", err.msg);
    cr_assert_eq(eng_cf_count(e), 2);
    eng_close(e);
    o.kind = (enum eng_kind)7;
    cr_assert_eq(eng_open(NULL, &o, &e, &err), ERR_INVAL);
}
