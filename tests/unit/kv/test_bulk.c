/* test_bulk.c — bulk mode (kv_txn_set_bulk, kv invariant 14) on a real
 * single-node stack: writes of fresh keys bypass the write buffer and are
 * proposed as they come, yet the transaction reads them (point reads and
 * scans, within its read cap only), a later buffered write of the same key
 * wins, savepoint / statement / transaction rollbacks delete exactly what
 * they undo, and the commit makes everything visible at once.
 */
#include <criterion/criterion.h>

#include "common/str.h"
#include "kv/kv_int.h"
#include "kv_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kvt T;

static void setup(void)
{
    struct err e = {0};
    struct kv_options o;
    kv_options_init(&o);
    o.lock_timeout_ms = 10000;
    int rc = kvt_start(&T, ENG_MEMORY, 3, &o, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
}

static void teardown(void)
{
    kvt_stop(&T);
}

static char *key(int range, const char *name)
{
    static char ring[16][64];
    static int idx;
    char *k = ring[idx++ % 16];
    kvt_key_in_range(&T, range, name, k, 64);
    return k;
}

static struct kv_txn *begin(enum kv_isolation iso)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, iso, false, &t, &e), 0, "%s", e.msg);
    return t;
}

static void fresh(struct kv_txn *t, int r)
{
    struct err e = {0};
    char lo[64], hi[64];
    snprintf(lo, sizeof lo, "%s", key(r, "f/"));
    snprintf(hi, sizeof hi, "%s", key(r, "f0"));
    cr_assert_eq(kv_txn_fresh_span(t, lo, strlen(lo), hi, strlen(hi), &e), 0, "%s", e.msg);
}

static void put(struct kv_txn *t, const char *k, const char *v)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_put(t, k, strlen(k), v, strlen(v), &e), 0, "put: %s", e.msg);
}

static void stmt(struct kv_txn *t)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0, "%s", e.msg);
    kv_txn_set_bulk(t, true);
}

static size_t write_count(void)
{
    struct eng_iter *it = eng_iter_new(T.kv->cf[KV_CF_WRITE], NULL, NULL, 0, NULL, 0);
    size_t n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    eng_iter_free(it);
    return n;
}

/* "f/<tag><i>" = "<tag>:<i>:" padded; every 10th value is above
 * KV__INLINE_MAX (data CF). NBULK fills several flushes. */
#define NBULK 6000
static void put_many(struct kv_txn *t, const char *tag, int from, int to)
{
    static char val[KV__INLINE_MAX + 300];
    for (int i = from; i < to; i++) {
        char name[32];
        snprintf(name, sizeof name, "f/%s%05d", tag, i);
        size_t n = i % 10 == 0 ? sizeof val - 1 : 300;
        memset(val, 'a' + i % 26, n);
        snprintf(val, 32, "%s:%05d:", tag, i);
        val[strlen(val)] = '.';
        val[n] = '\0';
        put(t, key(1, name), val);
    }
}

/* t's view (or, t NULL, a new transaction's) of "f/<tag><i>" for i in
 * [from, to): want_tag's value, or none (want_tag NULL). */
static void check_many(struct kv_txn *t, const char *tag, const char *want_tag, int from, int to)
{
    struct kv_txn *r = t != NULL ? t : begin(KV_ISO_READ_COMMITTED);
    for (int i = from; i < to; i++) {
        char name[32], want[32];
        snprintf(name, sizeof name, "f/%s%05d", tag, i);
        const char *k = key(1, name);
        void *v = NULL;
        size_t n = 0;
        bool found = false;
        struct err e = {0};
        cr_assert_eq(kv_txn_get(r, k, strlen(k), NULL, &v, &n, &found, &e), 0, "%s", e.msg);
        if (want_tag == NULL) {
            cr_assert(!found, "%s: expected no value", name);
            continue;
        }
        cr_assert(found, "%s: not found", name);
        snprintf(want, sizeof want, "%s:%05d:", want_tag, i);
        cr_assert(n >= strlen(want) && memcmp(v, want, strlen(want)) == 0,
                  "%s: got '%.12s', want '%s'", name, (char *)v, want);
        free(v);
    }
    if (t == NULL)
        kv_txn_rollback(r);
}

/* Rows a scan of the whole fresh span of range 1 returns to t. */
static size_t scan_count(struct kv_txn *t)
{
    char lo[64], hi[64];
    snprintf(lo, sizeof lo, "%s", key(1, "f/"));
    snprintf(hi, sizeof hi, "%s", key(1, "f0"));
    struct kv_scan s = {.start = lo, .start_len = strlen(lo), .end = hi, .end_len = strlen(hi)};
    struct kv_iter *it = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_scan(t, &s, &it, &e), 0, "%s", e.msg);
    size_t n = 0;
    bool has = true;
    while (has) {
        cr_assert_eq(kv_iter_next(it, &has, &e), 0, "%s", e.msg);
        n += has;
    }
    kv_iter_free(it);
    return n;
}

Test(kv_bulk, reads_own_writes_then_commits, .init = setup, .fini = teardown, .timeout = 120)
{
    size_t w0 = write_count();
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    fresh(t, 1);
    stmt(t);
    put_many(t, "a", 0, NBULK);
    cr_assert_eq(kv__direct_sync(t, &(struct err){0}), 0);
    cr_assert(write_count() > w0 + NBULK / 3, "bulk writes were not proposed as they came");
    cr_assert_null(kv__buf_seek(&t->buf, NULL, 0), "bulk writes went into the buffer");
    kv_txn_stmt_end(t, false);
    stmt(t);
    check_many(t, "a", "a", 0, NBULK);
    cr_assert_eq(scan_count(t), NBULK);
    /* (they are committed versions already: only SQL's descriptor, which
     * commits with t, makes the span reachable — invariant 12) */
    kv_txn_stmt_end(t, false);
    /* a buffered write of a bulk-written key wins; so does a delete */
    struct err e = {0};
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    put(t, key(1, "f/a00003"), "z:00003:");
    const char *gone = key(1, "f/a00004");
    cr_assert_eq(kv_txn_delete(t, gone, strlen(gone), &e), 0, "%s", e.msg);
    kv_txn_stmt_end(t, false);
    check_many(t, "a", "z", 3, 4);
    check_many(t, "a", NULL, 4, 5);
    cr_assert_eq(scan_count(t), NBULK - 1);
    put(t, key(1, "anchor"), "a");
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    check_many(NULL, "a", "a", 0, 3);
    check_many(NULL, "a", "z", 3, 4);
    check_many(NULL, "a", NULL, 4, 5);
    check_many(NULL, "a", "a", 5, NBULK);
}

Test(kv_bulk, read_cap_hides_the_statements_own_writes, .init = setup, .fini = teardown,
     .timeout = 120)
{
    /* INSERT INTO t SELECT * FROM t: the statement reads the span as it
     * was when it started, while writing more of it */
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    fresh(t, 1);
    stmt(t);
    put_many(t, "b", 0, NBULK / 2);
    kv_txn_stmt_end(t, false);
    stmt(t);
    uint64_t cap = kv_txn_read_mark(t);
    kv_txn_set_read_cap(t, cap);
    put_many(t, "b", NBULK / 2, NBULK);
    cr_assert_eq(scan_count(t), NBULK / 2);
    check_many(t, "b", NULL, NBULK / 2, NBULK / 2 + 10);
    check_many(t, "b", "b", 0, 10);
    kv_txn_set_read_cap(t, 0);
    cr_assert_eq(scan_count(t), NBULK);
    kv_txn_stmt_end(t, false);
    kv_txn_rollback(t);
}

Test(kv_bulk, savepoint_statement_and_transaction_rollback, .init = setup, .fini = teardown,
     .timeout = 120)
{
    size_t w0 = write_count();
    struct err e = {0};
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    fresh(t, 1);
    stmt(t);
    put_many(t, "c", 0, NBULK);
    kv_txn_stmt_end(t, false);
    uint64_t sp;
    cr_assert_eq(kv_txn_savepoint(t, &sp, &e), 0, "%s", e.msg);
    cr_assert_eq(kv__direct_sync(t, &e), 0, "%s", e.msg);
    size_t w1 = write_count();
    stmt(t);
    put_many(t, "d", 0, NBULK);
    kv_txn_stmt_end(t, false);
    cr_assert_eq(kv_txn_rollback_to(t, sp, &e), 0, "%s", e.msg);
    cr_assert_eq(write_count(), w1, "ROLLBACK TO left bulk versions");
    /* a failed statement undoes its bulk writes, also the pending ones */
    stmt(t);
    put_many(t, "e", 0, NBULK + 7);
    kv_txn_stmt_end(t, true);
    cr_assert_eq(write_count(), w1, "the failed statement left bulk versions");
    cr_assert_eq(kv_txn_rollback_to(t, sp, &e), 0, "%s", e.msg);
    check_many(t, "c", "c", 0, NBULK);
    check_many(t, "d", NULL, 0, 20);
    check_many(t, "e", NULL, NBULK, NBULK + 7);
    kv_txn_rollback(t);
    cr_assert_eq(write_count(), w0, "ROLLBACK left bulk versions");
    check_many(NULL, "c", NULL, 0, 20);
}

Test(kv_bulk, same_key_twice_and_buffered_first, .init = setup, .fini = teardown, .timeout = 60)
{
    struct err e = {0};
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    fresh(t, 1);
    /* written outside bulk mode first: later bulk writes of it stay in the
     * buffer, so the newest one always wins */
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    put(t, key(1, "f/k1"), "buffered");
    kv_txn_stmt_end(t, false);
    stmt(t);
    put(t, key(1, "f/k1"), "bulk1");
    put(t, key(1, "f/k2"), "one");
    put(t, key(1, "f/k2"), "two"); /* the same flush: the later wins */
    kv_txn_stmt_end(t, false);
    stmt(t);
    put(t, key(1, "f/k2"), "three"); /* a later flush */
    kv_txn_stmt_end(t, false);
    put(t, key(1, "anchor"), "a");
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    char buf[64];
    cr_assert_eq(kvt_get1(T.kv, key(1, "f/k1"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "bulk1");
    cr_assert_eq(kvt_get1(T.kv, key(1, "f/k2"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "three");
}

Test(kv_bulk, repeatable_read_locks_own_bulk_key, .init = setup, .fini = teardown, .timeout = 120)
{
    struct err e = {0};
    struct kv_txn *t = begin(KV_ISO_REPEATABLE_READ);
    fresh(t, 1);
    stmt(t);
    put_many(t, "g", 0, 100);
    kv_txn_stmt_end(t, false);
    const char *k = key(1, "f/g00001");
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    cr_assert_eq(kv_txn_lock(t, k, strlen(k), NULL, &v, &n, &found, &e), 0, "%s", e.msg);
    cr_assert(found);
    cr_assert(memcmp(v, "g:00001:", 8) == 0);
    free(v);
    put(t, key(1, "anchor"), "a");
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    check_many(NULL, "g", "g", 0, 100);
}

/* A bulk write remembers that its span has no buffer entry (so the next
 * ones skip the lookup); a key buffered later in that span, or a span
 * declared since, must end that: the later bulk writes of the buffered key
 * stay in the buffer, so the newest version still wins. */
Test(kv_bulk, buffered_after_bulk_and_new_span, .init = setup, .fini = teardown, .timeout = 60)
{
    struct err e = {0};
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    fresh(t, 1);
    stmt(t);
    put(t, key(1, "f/k2"), "bulk-a"); /* span remembered empty */
    kv_txn_stmt_end(t, false);
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    put(t, key(1, "f/k1"), "buffered"); /* not bulk: a buffer entry */
    kv_txn_stmt_end(t, false);
    stmt(t);
    put(t, key(1, "f/k1"), "bulk-b"); /* must go to the buffer */
    put(t, key(1, "f/k3"), "bulk-c");
    kv_txn_stmt_end(t, false);
    char buf[64];
    bool found = false;
    stmt(t);
    void *v = NULL;
    size_t vlen = 0;
    cr_assert_eq(kv_txn_get(t, key(1, "f/k1"), strlen(key(1, "f/k1")), NULL, &v, &vlen, &found, &e),
                 0, "%s", e.msg);
    cr_assert(found);
    cr_assert_eq(vlen, strlen("bulk-b"));
    cr_expect_eq(memcmp(v, "bulk-b", vlen), 0);
    xfree(v);
    kv_txn_stmt_end(t, false);
    /* a new span in the same transaction: the remembered one is forgotten */
    fresh(t, 2);
    stmt(t);
    put(t, key(2, "f/x"), "x1");
    kv_txn_stmt_end(t, false);
    put(t, key(1, "anchor"), "a");
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    cr_assert_eq(kvt_get1(T.kv, key(1, "f/k1"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "bulk-b");
    cr_assert_eq(kvt_get1(T.kv, key(1, "f/k2"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "bulk-a");
    cr_assert_eq(kvt_get1(T.kv, key(1, "f/k3"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "bulk-c");
    cr_assert_eq(kvt_get1(T.kv, key(2, "f/x"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "x1");
}
