/* test_fresh.c — fresh key spans (kv_txn_fresh_span) on a real single-node
 * stack: writes there take no locks and are committed as one write record
 * each, atomically with the transaction's other keys under 1PC and 2PC;
 * a savepoint rollback forgets the span; a transaction with only fresh
 * writes (a backfill batch) commits them as they are, and a later delete
 * in a fresh span removes such a version; a rollback leaves nothing.
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

/* Key "<first byte of user range i><name>". */
static char *key(int range, const char *name)
{
    static char ring[16][64];
    static int idx;
    char *k = ring[idx++ % 16];
    kvt_key_in_range(&T, range, name, k, 64);
    return k;
}

static size_t lock_count(void)
{
    struct eng_iter *it = eng_iter_new(T.kv->cf[KV_CF_LOCK], NULL, NULL, 0, NULL, 0);
    size_t n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    eng_iter_free(it);
    return n;
}

static struct kv_txn *begin(void)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0, "%s", e.msg);
    return t;
}

/* Span "f/" .. "f0" of range r (every "f/<name>" key). */
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

static void commit(struct kv_txn *t)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_commit(t, &e), 0, "commit: %s", e.msg);
}

static void assert_val(const char *k, const char *want)
{
    char buf[64];
    int rc = kvt_get1(T.kv, k, buf, sizeof buf);
    if (want == NULL) {
        cr_assert_eq(rc, ERR_NOTFOUND, "expected no value, got rc %d", rc);
    } else {
        cr_assert_eq(rc, 0, "expected '%s', got rc %d", want, rc);
        cr_assert_str_eq(buf, want);
    }
}

/* Whether another transaction can write k without waiting (no lock). */
static bool unlocked(const char *k)
{
    struct kv_txn *o = begin();
    kv_txn_set_lock_timeout(o, 100);
    struct err e = {0};
    int rc = kv_txn_put(o, k, strlen(k), "x", 1, &e);
    kv_txn_rollback(o);
    cr_assert(rc == 0 || rc == ERR_LOCKTIMEOUT, "rc %d: %s", rc, e.msg);
    return rc == 0;
}

Test(kv_fresh, one_range_no_locks_one_write_each, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_stats a, b;
    kv_stats(T.kv, &a);
    struct kv_txn *t = begin();
    fresh(t, 1);
    char big[KV__INLINE_MAX + 200];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (int i = 0; i < 50; i++) {
        char name[16];
        snprintf(name, sizeof name, "f/%02d", i);
        put(t, key(1, name), i == 7 ? big : name);
    }
    put(t, key(1, "anchor"), "a");
    cr_assert(unlocked(key(1, "f/03")), "a fresh key is locked");
    cr_assert(!unlocked(key(1, "anchor")), "an ordinary key is not locked");
    /* not visible before the commit */
    assert_val(key(1, "f/00"), NULL);
    commit(t);
    kv_stats(T.kv, &b);
    cr_assert_eq(b.commits_1pc, a.commits_1pc + 1);
    cr_assert_eq(lock_count(), 0);
    assert_val(key(1, "anchor"), "a");
    assert_val(key(1, "f/00"), "f/00");
    assert_val(key(1, "f/49"), "f/49");
    char buf[sizeof big];
    cr_assert_eq(kvt_get1(T.kv, key(1, "f/07"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, big);
}

Test(kv_fresh, two_phase_commit_is_atomic, .init = setup, .fini = teardown, .timeout = 60)
{
    /* a REPEATABLE READ reader that started before the commit sees none of it */
    struct kv_txn *r = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &r, &e), 0);
    struct kv_txn *t = begin();
    fresh(t, 2);
    put(t, key(2, "f/a"), "1");
    put(t, key(2, "f/b"), "2");
    put(t, key(0, "anchor"), "a0");
    put(t, key(1, "anchor"), "a1");
    commit(t);
    kv__worker_drain(T.kv);
    cr_assert_eq(lock_count(), 0);
    assert_val(key(2, "f/a"), "1");
    assert_val(key(2, "f/b"), "2");
    assert_val(key(0, "anchor"), "a0");
    void *v = NULL;
    size_t n = 0;
    bool found = true;
    cr_assert_eq(kv_txn_get(r, key(2, "f/a"), strlen(key(2, "f/a")), NULL, &v, &n, &found, &e), 0);
    cr_assert(!found, "an older snapshot sees a fresh write");
    kv_txn_rollback(r);
}

Test(kv_fresh, savepoint_rollback_forgets_the_span, .init = setup, .fini = teardown, .timeout = 60)
{
    struct err e = {0};
    struct kv_txn *t = begin();
    put(t, key(1, "anchor"), "a");
    uint64_t sp;
    cr_assert_eq(kv_txn_savepoint(t, &sp, &e), 0);
    fresh(t, 1);
    put(t, key(1, "f/x"), "gone");
    cr_assert_eq(kv_txn_rollback_to(t, sp, &e), 0);
    /* the span is ordinary again: this write locks */
    put(t, key(1, "f/y"), "kept");
    cr_assert(!unlocked(key(1, "f/y")), "a write after the rollback took no lock");
    commit(t);
    assert_val(key(1, "f/x"), NULL);
    assert_val(key(1, "f/y"), "kept");

    /* a failed statement forgets a span it declared */
    t = begin();
    put(t, key(1, "anchor"), "b");
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    fresh(t, 1);
    cr_assert_eq(t->n_fresh, 1);
    kv_txn_stmt_end(t, true);
    cr_assert_eq(t->n_fresh, 0);
    kv_txn_rollback(t);
}

Test(kv_fresh, fresh_only_commit_then_delete, .init = setup, .fini = teardown, .timeout = 60)
{
    /* a backfill batch: only fresh keys, committed as they are */
    struct kv_txn *t = begin();
    fresh(t, 1);
    put(t, key(1, "f/1"), "one");
    put(t, key(1, "f/2"), "two");
    commit(t);
    cr_assert_eq(lock_count(), 0);
    assert_val(key(1, "f/1"), "one");
    assert_val(key(1, "f/2"), "two");
    /* the owner then deletes and overwrites in the same span */
    t = begin();
    fresh(t, 1);
    struct err e = {0};
    cr_assert_eq(kv_txn_delete(t, key(1, "f/1"), strlen(key(1, "f/1")), &e), 0);
    put(t, key(1, "f/2"), "TWO");
    put(t, key(1, "anchor"), "a");
    commit(t);
    assert_val(key(1, "f/1"), NULL);
    assert_val(key(1, "f/2"), "TWO");
}

Test(kv_fresh, rollback_leaves_nothing, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_txn *t = begin();
    fresh(t, 1);
    put(t, key(1, "f/r"), "r");
    put(t, key(1, "anchor"), "a");
    kv_txn_rollback(t);
    assert_val(key(1, "f/r"), NULL);
    assert_val(key(1, "anchor"), NULL);
    cr_assert_eq(lock_count(), 0);
    /* an empty span is refused */
    t = begin();
    struct err e = {0};
    cr_assert_eq(kv_txn_fresh_span(t, "b", 1, "a", 1, &e), ERR_INVAL);
    kv_txn_rollback(t);
}

/* ---- streaming (stream.c): fresh writes proposed while the txn runs ---- */

static size_t write_count(void)
{
    struct eng_iter *it = eng_iter_new(T.kv->cf[KV_CF_WRITE], NULL, NULL, 0, NULL, 0);
    size_t n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    eng_iter_free(it);
    return n;
}

/* Enough keys "f/<tag><i>" of range 1 to fill several stream flushes;
 * every 10th value is above KV__INLINE_MAX (kept in the data CF). */
#define NSTREAM 6000
static void put_many(struct kv_txn *t, const char *tag, int from, int to)
{
    static char val[KV__INLINE_MAX + 300];
    for (int i = from; i < to; i++) {
        char name[32];
        snprintf(name, sizeof name, "f/%s%05d", tag, i);
        size_t n = i % 10 == 0 ? sizeof val - 1 : 600 / 2;
        memset(val, 'a' + i % 26, n);
        snprintf(val, 32, "%s:%s%05d:", tag, tag, i);
        val[strlen(val)] = '.';
        val[n] = '\0';
        put(t, key(1, name), val);
    }
}

static void assert_many(const char *tag, const char *want_tag, int from, int to)
{
    static char buf[KV__INLINE_MAX + 300];
    for (int i = from; i < to; i++) {
        char name[32], want[32];
        snprintf(name, sizeof name, "f/%s%05d", tag, i);
        int rc = kvt_get1(T.kv, key(1, name), buf, sizeof buf);
        if (want_tag == NULL) {
            cr_assert_eq(rc, ERR_NOTFOUND, "%s: expected no value, rc %d", name, rc);
            continue;
        }
        cr_assert_eq(rc, 0, "%s: rc %d", name, rc);
        snprintf(want, sizeof want, "%s:%s%05d:", want_tag, tag, i);
        cr_assert(strncmp(buf, want, strlen(want)) == 0, "%s: got '%.20s', want '%s'", name, buf,
                  want);
    }
}

Test(kv_fresh, stream_before_commit_then_commit, .init = setup, .fini = teardown, .timeout = 120)
{
    size_t w0 = write_count();
    struct kv_txn *t = begin();
    fresh(t, 1);
    put_many(t, "a", 0, NSTREAM);
    cr_assert_eq(kv__stream_wait(t, true, &(struct err){0}), 0);
    size_t streamed = write_count() - w0;
    cr_assert(streamed > NSTREAM / 3, "only %zu of %d versions streamed", streamed, NSTREAM);
    /* overwrite and delete some streamed keys, then commit */
    put_many(t, "a", 0, 10);
    struct err e = {0};
    char gone[64];
    snprintf(gone, sizeof gone, "%s", key(1, "f/a00100"));
    cr_assert_eq(kv_txn_delete(t, gone, strlen(gone), &e), 0, "%s", e.msg);
    put(t, key(1, "anchor"), "a");
    cr_assert_eq(lock_count(), 0);
    commit(t);
    assert_many("a", "a", 0, 100);
    assert_many("a", "a", 101, NSTREAM);
    assert_val(gone, NULL);
    cr_assert_eq(lock_count(), 0);
}

Test(kv_fresh, stream_savepoint_and_statement_rollback, .init = setup, .fini = teardown,
     .timeout = 120)
{
    struct err e = {0};
    struct kv_txn *t = begin();
    fresh(t, 1);
    put_many(t, "b", 0, NSTREAM);
    cr_assert_eq(kv__stream_wait(t, true, &e), 0);
    size_t w1 = write_count();
    uint64_t sp;
    cr_assert_eq(kv_txn_savepoint(t, &sp, &e), 0);
    /* after the savepoint: new versions of the same keys and new keys */
    for (int i = 0; i < NSTREAM; i += 2) {
        char name[32];
        snprintf(name, sizeof name, "f/b%05d", i);
        put(t, key(1, name), "after-savepoint");
    }
    put_many(t, "c", 0, NSTREAM);
    cr_assert_eq(kv__stream_wait(t, true, &e), 0);
    cr_assert(write_count() > w1, "nothing streamed after the savepoint");
    cr_assert_eq(kv_txn_rollback_to(t, sp, &e), 0, "%s", e.msg);
    cr_assert_eq(write_count(), w1, "the rollback left streamed versions");
    /* a failed statement undoes what it streamed */
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    put_many(t, "d", 0, NSTREAM);
    kv_txn_stmt_end(t, true);
    cr_assert_eq(write_count(), w1, "the failed statement left streamed versions");
    cr_assert_eq(kv_txn_rollback_to(t, sp, &e), 0, "%s", e.msg);
    put(t, key(1, "anchor"), "a");
    commit(t);
    assert_many("b", "b", 0, NSTREAM);
    assert_many("c", NULL, 0, 50);
    assert_many("d", NULL, 0, 50);
}

Test(kv_fresh, stream_rollback_leaves_nothing, .init = setup, .fini = teardown, .timeout = 120)
{
    size_t w0 = write_count();
    struct kv_txn *t = begin();
    fresh(t, 1);
    put_many(t, "e", 0, NSTREAM);
    cr_assert_eq(kv__stream_wait(t, true, &(struct err){0}), 0);
    cr_assert(write_count() > w0);
    kv_txn_rollback(t);
    cr_assert_eq(write_count(), w0);
    assert_many("e", NULL, 0, 50);
}

Test(kv_fresh, stream_repeatable_read_locks_own_keys, .init = setup, .fini = teardown,
     .timeout = 120)
{
    /* SELECT FOR UPDATE / UPDATE of a row the transaction streamed is no
     * serialization failure: the newer version is its own */
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, false, &t, &e), 0);
    fresh(t, 1);
    put_many(t, "g", 0, NSTREAM);
    cr_assert_eq(kv__stream_wait(t, true, &e), 0);
    const char *k = key(1, "f/g00001");
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    cr_assert_eq(kv_txn_lock(t, k, strlen(k), NULL, &v, &n, &found, &e), 0, "%s", e.msg);
    cr_assert(found);
    free(v);
    put(t, k, "g:g00001:updated");
    put(t, key(1, "anchor"), "a");
    commit(t);
    assert_many("g", "g", 0, 1);
    assert_many("g", "g", 2, NSTREAM);
}
