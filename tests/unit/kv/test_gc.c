/* test_gc.c — garbage collection: old versions go, the newest one at or
 * below the safepoint and everything a running transaction can read stay;
 * deleted keys vanish with their data; expired locks are resolved.
 */
#include <criterion/criterion.h>

#include "kv/kv_int.h"
#include "kv_test.h"

#include <stdio.h>
#include <string.h>

static struct kvt T;

static void setup(void)
{
    struct err e = {0};
    struct kv_options o;
    kv_options_init(&o);
    o.lock_timeout_ms = 5000;
    o.lock_ttl_ms = 200;
    int rc = kvt_start(&T, ENG_MEMORY, 3, &o, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
}

static void teardown(void)
{
    kvt_stop(&T);
}

static size_t count_cf(int cf, const char *logical)
{
    struct sbuf lo, hi;
    sbuf_init(&lo);
    sbuf_init(&hi);
    kv__key_esc(&lo, logical, strlen(logical));
    kv__key_esc_end(&hi, lo.data, lo.len);
    struct eng_iter *it = eng_iter_new(T.kv->cf[cf], NULL, lo.data, lo.len, hi.data, hi.len);
    size_t n = 0;
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it))
        n++;
    eng_iter_free(it);
    sbuf_free(&lo);
    sbuf_free(&hi);
    return n;
}

static void put_big(const char *k, int i)
{
    char v[KV__INLINE_MAX + 100]; /* too big to inline: data goes to the data CF */
    memset(v, 'a' + i, sizeof v - 1);
    v[sizeof v - 1] = '\0';
    cr_assert_eq(kvt_put1(T.kv, k, v), 0);
}

Test(kv_gc, keeps_what_readers_need, .init = setup, .fini = teardown, .timeout = 60)
{
    const char *k = "\x40"
                    "gc";
    for (int i = 0; i < 3; i++)
        put_big(k, i);
    struct kv_txn *old;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &old, &e), 0);
    put_big(k, 3);
    put_big(k, 4);
    cr_assert_eq(count_cf(KV_CF_WRITE, k), 5);
    cr_assert_eq(count_cf(KV_CF_DATA, k), 5);

    struct kv_gc_stats st;
    cr_assert_eq(kv_gc_run(T.kv, 0, &st, &e), 0, "%s", e.msg);
    cr_assert_lt(st.safepoint, kv_txn_start_ts(old));
    cr_assert_eq(st.versions_removed, 2);
    cr_assert_eq(count_cf(KV_CF_WRITE, k), 3);
    cr_assert_eq(count_cf(KV_CF_DATA, k), 3);
    /* the old transaction still reads its version */
    void *v;
    size_t n;
    bool found;
    cr_assert_eq(kv_txn_get(old, k, strlen(k), NULL, &v, &n, &found, &e), 0);
    cr_assert(found && ((char *)v)[0] == 'c');
    xfree(v);
    kv_txn_rollback(old);

    /* with a large TTL nothing is collectable */
    cr_assert_eq(kv_gc_run(T.kv, 3600 * 1000, &st, &e), 0);
    cr_assert_eq(st.versions_removed, 0);
    cr_assert_eq(kv_gc_run(T.kv, 0, &st, &e), 0);
    cr_assert_eq(st.versions_removed, 2);
    cr_assert_eq(count_cf(KV_CF_WRITE, k), 1);
    char buf[KV__INLINE_MAX + 100];
    cr_assert_eq(kvt_get1(T.kv, k, buf, sizeof buf), 0);
    cr_assert_eq(buf[0], 'e');
    struct kv_stats ks;
    kv_stats(T.kv, &ks);
    cr_assert_eq(ks.gc_versions, 4);
}

Test(kv_gc, deleted_keys_and_rollbacks_vanish, .init = setup, .fini = teardown, .timeout = 60)
{
    const char *k = "\x90"
                    "del";
    put_big(k, 0);
    struct kv_txn *t;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    cr_assert_eq(kv_txn_delete(t, k, strlen(k), &e), 0);
    cr_assert_eq(kv_txn_commit(t, &e), 0);
    /* an abandoned two-range transaction, rolled back by GC's lock cleanup */
    const char *a = "\x10"
                    "abandoned",
               *b = "\xf0"
                    "abandoned";
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    cr_assert_eq(kv_txn_put(t, a, strlen(a), "x", 1, &e), 0);
    cr_assert_eq(kv_txn_put(t, b, strlen(b), "x", 1, &e), 0);
    atomic_store(&T.kv->inject, KV__INJECT_AFTER_PREWRITE);
    cr_assert_eq(kv_txn_commit(t, &e), ERR_INTERNAL);
    atomic_store(&T.kv->inject, KV__INJECT_NONE);
    cr_assert_eq(count_cf(KV_CF_LOCK, a), 1);
    usleep(300 * 1000); /* past the TTL */
    struct kv_gc_stats st;
    cr_assert_eq(kv_gc_run(T.kv, 0, &st, &e), 0, "%s", e.msg);
    cr_assert_geq(st.locks_resolved, 2);
    cr_assert_eq(count_cf(KV_CF_LOCK, a), 0);
    cr_assert_eq(count_cf(KV_CF_LOCK, b), 0);
    cr_assert_eq(count_cf(KV_CF_WRITE, k), 0);
    cr_assert_eq(count_cf(KV_CF_DATA, k), 0);
    /* the rollback records are collected by the next run */
    cr_assert_eq(kv_gc_run(T.kv, 0, &st, &e), 0);
    cr_assert_eq(count_cf(KV_CF_WRITE, a), 0);
    cr_assert_eq(count_cf(KV_CF_WRITE, b), 0);
    char buf[8];
    cr_assert_eq(kvt_get1(T.kv, a, buf, sizeof buf), ERR_NOTFOUND);
    cr_assert_eq(kvt_get1(T.kv, k, buf, sizeof buf), ERR_NOTFOUND);
}
