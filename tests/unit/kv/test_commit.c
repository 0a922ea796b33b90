/* test_commit.c — commit paths and locks on a real single-node stack:
 * 1PC for one range, 2PC across ranges with atomic visibility, crashed
 * coordinators (locks rolled back after their TTL, or rolled forward when
 * the primary committed), deadlocks (exactly one victim) and lock wait
 * timeouts.
 */
#include <criterion/criterion.h>

#include "common/metrics.h"
#include "common/str.h"
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
    o.lock_timeout_ms = 10000;
    o.lock_ttl_ms = 300;
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

Test(kv_commit, one_range_uses_1pc_and_many_use_2pc, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_stats a, b;
    kv_stats(T.kv, &a);
    struct kv_txn *t;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%02d", i);
        const char *k = key(1, name);
        cr_assert_eq(kv_txn_put(t, k, strlen(k), "v", 1, &e), 0);
    }
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    kv_stats(T.kv, &b);
    cr_assert_eq(b.commits_1pc, a.commits_1pc + 1);
    cr_assert_eq(b.commits_2pc, a.commits_2pc);
    cr_assert_eq(lock_count(), 0);

    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    for (int r = 0; r < 3; r++) {
        const char *k = key(r, "multi");
        cr_assert_eq(kv_txn_put(t, k, strlen(k), "m", 1, &e), 0);
    }
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    kv_stats(T.kv, &a);
    cr_assert_eq(a.commits_2pc, b.commits_2pc + 1);
    kv__worker_drain(T.kv);
    cr_assert_eq(lock_count(), 0);
    for (int r = 0; r < 3; r++) {
        char buf[8];
        cr_assert_eq(kvt_get1(T.kv, key(r, "multi"), buf, sizeof buf), 0);
        cr_assert_str_eq(buf, "m");
    }
    /* a lock-only or read-only transaction writes nothing */
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    void *v;
    size_t n;
    bool found;
    cr_assert_eq(kv_txn_lock(t, key(0, "multi"), strlen(key(0, "multi")), NULL, &v, &n, &found, &e),
                 0);
    xfree(v);
    cr_assert_eq(kv_txn_commit(t, &e), 0);
    kv_stats(T.kv, &b);
    cr_assert_eq(b.commits_1pc + b.commits_2pc, a.commits_1pc + a.commits_2pc);

    /* the Prometheus series exist */
    struct sbuf out;
    sbuf_init(&out);
    met_render(&out);
    cr_assert_not_null(strstr(out.data, "shardforge_kv_commits_total{path=\"1pc\"}"));
    cr_assert_not_null(strstr(out.data, "shardforge_kv_commits_total{path=\"2pc\"}"));
    cr_assert_not_null(strstr(out.data, "shardforge_kv_commit_seconds_bucket"));
    cr_assert_not_null(strstr(out.data, "shardforge_kv_deadlocks_total"));
    cr_assert_not_null(strstr(out.data, "shardforge_kv_gc_versions_total"));
    sbuf_free(&out);
}

/* A transaction writing more than a proposal may carry (RNG__BATCH_MAX)
 * into ONE range is committed in chunks with two-phase commit, and every
 * key is there afterwards. */
Test(kv_commit, big_transaction_in_one_range_is_chunked, .init = setup, .fini = teardown,
     .timeout = 120)
{
    enum { N = 30000, VLEN = 200 }; /* ~7 MB of values: above the 4 MiB batch limit */
    struct kv_stats a, b;
    kv_stats(T.kv, &a);
    struct kv_txn *t;
    struct err e = {0};
    char val[VLEN];
    memset(val, 'b', sizeof val);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "big%06d", i);
        const char *k = key(1, name);
        cr_assert_eq(kv_txn_put(t, k, strlen(k), val, sizeof val, &e), 0, "%s", e.msg);
    }
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    kv_stats(T.kv, &b);
    cr_assert_eq(b.commits_2pc, a.commits_2pc + 1);
    kv__worker_drain(T.kv);
    cr_assert_eq(lock_count(), 0);

    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    const char *lo = key(1, "big");
    const char *hi = key(1, "bih");
    struct kv_scan sc = {.start = lo, .start_len = strlen(lo), .end = hi, .end_len = strlen(hi)};
    struct kv_iter *it;
    cr_assert_eq(kv_txn_scan(t, &sc, &it, &e), 0, "%s", e.msg);
    int n = 0;
    bool has;
    while (kv_iter_next(it, &has, &e) == 0 && has) {
        size_t vlen;
        const void *v = kv_iter_value(it, &vlen);
        cr_assert_eq(vlen, (size_t)VLEN);
        cr_assert_eq(memcmp(v, val, VLEN), 0);
        n++;
    }
    cr_assert_eq(e.code, 0, "%s", e.msg);
    cr_assert_eq(n, N);
    kv_iter_free(it);
    kv_txn_rollback(t);
}

/* ---- atomic visibility of multi-range commits ---- */

struct vis {
    struct kv *kv;
    char k1[64], k2[64];
    atomic_bool stop;
    atomic_int torn;
    atomic_int reads;
    atomic_int writes;
    atomic_int errors;
};

static void *vis_writer(void *p)
{
    struct vis *s = p;
    for (int i = 0; !atomic_load(&s->stop); i++) {
        struct kv_txn *t;
        struct err e = {0};
        char v[32];
        snprintf(v, sizeof v, "%d-%p", i, (void *)&e);
        if (kv_txn_begin(s->kv, KV_ISO_READ_COMMITTED, false, &t, &e) != 0) {
            atomic_fetch_add(&s->errors, 1);
            continue;
        }
        if (kv_txn_put(t, s->k1, strlen(s->k1), v, strlen(v), &e) != 0 ||
            kv_txn_put(t, s->k2, strlen(s->k2), v, strlen(v), &e) != 0) {
            kv_txn_rollback(t);
            atomic_fetch_add(&s->errors, 1);
            continue;
        }
        if (kv_txn_commit(t, &e) == 0)
            atomic_fetch_add(&s->writes, 1);
        else
            atomic_fetch_add(&s->errors, 1);
    }
    return NULL;
}

static void *vis_reader(void *p)
{
    struct vis *s = p;
    while (!atomic_load(&s->stop)) {
        struct kv_txn *t;
        struct err e = {0};
        if (kv_txn_begin(s->kv, KV_ISO_REPEATABLE_READ, true, &t, &e) != 0)
            continue;
        void *a = NULL, *b = NULL;
        size_t al = 0, bl = 0;
        bool fa = false, fb = false;
        int rc = kv_txn_get(t, s->k1, strlen(s->k1), NULL, &a, &al, &fa, &e);
        if (rc == 0)
            rc = kv_txn_get(t, s->k2, strlen(s->k2), NULL, &b, &bl, &fb, &e);
        if (rc != 0)
            atomic_fetch_add(&s->errors, 1);
        else if (fa != fb || al != bl || (al > 0 && memcmp(a, b, al) != 0))
            atomic_fetch_add(&s->torn, 1);
        atomic_fetch_add(&s->reads, 1);
        xfree(a);
        xfree(b);
        kv_txn_rollback(t);
    }
    return NULL;
}

Test(kv_commit, two_pc_is_atomically_visible, .init = setup, .fini = teardown, .timeout = 120)
{
    struct vis s;
    memset(&s, 0, sizeof s);
    s.kv = T.kv;
    strcpy(s.k1, key(0, "pair"));
    strcpy(s.k2, key(2, "pair"));
    pthread_t w[2], r[3];
    for (int i = 0; i < 2; i++)
        pthread_create(&w[i], NULL, vis_writer, &s);
    for (int i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, vis_reader, &s);
    usleep(1500 * 1000);
    atomic_store(&s.stop, true);
    for (int i = 0; i < 2; i++)
        pthread_join(w[i], NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(r[i], NULL);
    cr_assert_eq(atomic_load(&s.torn), 0, "torn reads: %d of %d", atomic_load(&s.torn),
                 atomic_load(&s.reads));
    cr_assert_eq(atomic_load(&s.errors), 0);
    cr_assert_gt(atomic_load(&s.writes), 5);
    cr_assert_gt(atomic_load(&s.reads), 5);
}

/* ---- crashed coordinators ---- */

static int commit_pair(const char *k1, const char *k2, const char *v, enum kv__inject inj)
{
    struct kv_txn *t;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    cr_assert_eq(kv_txn_put(t, k1, strlen(k1), v, strlen(v), &e), 0);
    cr_assert_eq(kv_txn_put(t, k2, strlen(k2), v, strlen(v), &e), 0);
    atomic_store(&T.kv->inject, inj);
    int rc = kv_txn_commit(t, &e);
    atomic_store(&T.kv->inject, KV__INJECT_NONE);
    return rc;
}

Test(kv_commit, crash_after_prewrite_rolls_back_after_ttl, .init = setup, .fini = teardown,
     .timeout = 60)
{
    char k1[64], k2[64], buf[16];
    strcpy(k1, key(0, "crash"));
    strcpy(k2, key(2, "crash"));
    cr_assert_eq(kvt_put1(T.kv, k1, "old"), 0);
    cr_assert_eq(kvt_put1(T.kv, k2, "old"), 0);
    cr_assert_eq(commit_pair(k1, k2, "new", KV__INJECT_AFTER_PREWRITE), ERR_INTERNAL);
    cr_assert_eq(lock_count(), 2);
    /* a reader of the secondary waits for the TTL, then rolls back */
    int64_t t0 = kvt_ms();
    cr_assert_eq(kvt_get1(T.kv, k2, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "old");
    cr_assert_geq(kvt_ms() - t0, 150, "resolved before the lock's TTL");
    cr_assert_eq(kvt_get1(T.kv, k1, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "old");
    cr_assert_eq(lock_count(), 0);
    /* the keys are writable again */
    cr_assert_eq(kvt_put1(T.kv, k1, "later"), 0);
    cr_assert_eq(kvt_get1(T.kv, k1, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "later");
    struct kv_stats st;
    kv_stats(T.kv, &st);
    cr_assert_geq(st.locks_resolved, 2);
}

struct slow_arg {
    const char *k1, *k2;
    int rc;
};

static void *slow_commit(void *p)
{
    struct slow_arg *a = p;
    a->rc = commit_pair(a->k1, a->k2, "slow", KV__INJECT_SLOW_PREWRITE);
    return NULL;
}

/* A coordinator that is alive but slow (its commit outlives the lock TTL)
 * is not rolled back by GC or readers on its node: they wait for it. */
Test(kv_commit, slow_live_coordinator_is_not_rolled_back, .init = setup, .fini = teardown,
     .timeout = 60)
{
    char k1[64], k2[64], buf[16];
    strcpy(k1, key(0, "slow"));
    strcpy(k2, key(2, "slow"));
    cr_assert_eq(kvt_put1(T.kv, k1, "old"), 0);
    struct slow_arg a = {.k1 = k1, .k2 = k2};
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, slow_commit, &a), 0);
    usleep(450 * 1000); /* prewritten, and past the 300 ms TTL */
    struct err e = {0};
    struct kv_gc_stats st;
    cr_assert_eq(kv_gc_run(T.kv, 0, &st, &e), 0, "%s", e.msg);
    cr_assert_eq(st.locks_resolved, 0);
    cr_assert_eq(lock_count(), 2);
    /* a reader waits for the coordinator instead of rolling it back, then
     * reads its snapshot: the commit landed above it */
    cr_assert_eq(kvt_get1(T.kv, k2, buf, sizeof buf), ERR_NOTFOUND);
    cr_assert_eq(lock_count(), 0);
    pthread_join(th, NULL);
    cr_assert_eq(a.rc, 0);
    cr_assert_eq(kvt_get1(T.kv, k1, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "slow");
}

Test(kv_commit, writer_meets_abandoned_locks, .init = setup, .fini = teardown, .timeout = 60)
{
    char k1[64], k2[64], buf[16];
    strcpy(k1, key(0, "w"));
    strcpy(k2, key(1, "w"));
    cr_assert_eq(commit_pair(k1, k2, "ghost", KV__INJECT_AFTER_PREWRITE), ERR_INTERNAL);
    /* a 1PC writer of k2 resolves the leftover lock at commit */
    cr_assert_eq(kvt_put1(T.kv, k2, "real"), 0);
    cr_assert_eq(kvt_get1(T.kv, k2, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "real");
    cr_assert_eq(kvt_get1(T.kv, k1, buf, sizeof buf), ERR_NOTFOUND);
}

Test(kv_commit, crash_after_primary_rolls_forward, .init = setup, .fini = teardown, .timeout = 60)
{
    char k1[64], k2[64], k3[64], buf[16];
    strcpy(k1, key(0, "fwd"));
    strcpy(k2, key(1, "fwd"));
    strcpy(k3, key(2, "fwd"));
    struct kv_txn *t;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    cr_assert_eq(kv_txn_put(t, k1, strlen(k1), "new", 3, &e), 0);
    cr_assert_eq(kv_txn_put(t, k2, strlen(k2), "new", 3, &e), 0);
    cr_assert_eq(kv_txn_delete(t, k3, strlen(k3), &e), 0);
    T.kv->opt.lock_ttl_ms = 20000; /* so that a TTL wait would show */
    atomic_store(&T.kv->inject, KV__INJECT_AFTER_PRIMARY);
    cr_assert_eq(kv_txn_commit(t, &e), ERR_INTERNAL);
    atomic_store(&T.kv->inject, KV__INJECT_NONE);
    cr_assert_eq(lock_count(), 2);
    /* no TTL wait: the primary says committed */
    int64_t t0 = kvt_ms();
    cr_assert_eq(kvt_get1(T.kv, k2, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "new");
    cr_assert_lt(kvt_ms() - t0, 10000);
    cr_assert_eq(kvt_get1(T.kv, k1, buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "new");
    cr_assert_eq(kvt_get1(T.kv, k3, buf, sizeof buf), ERR_NOTFOUND);
    cr_assert_eq(lock_count(), 0);
}

/* ---- deadlocks and timeouts ---- */

struct dl {
    struct kv *kv;
    const char *first, *second;
    pthread_barrier_t *bar;
    int rc;
    char state[6];
};

static void *dl_thread(void *p)
{
    struct dl *d = p;
    struct kv_txn *t;
    struct err e = {0};
    d->rc = kv_txn_begin(d->kv, KV_ISO_READ_COMMITTED, false, &t, &e);
    if (d->rc != 0)
        return NULL;
    d->rc = kv_txn_put(t, d->first, strlen(d->first), "1", 1, &e);
    pthread_barrier_wait(d->bar);
    if (d->rc == 0)
        d->rc = kv_txn_put(t, d->second, strlen(d->second), "2", 1, &e);
    if (d->rc != 0) {
        snprintf(d->state, sizeof d->state, "%s", err_sqlstate(&e));
        kv_txn_rollback(t);
        return NULL;
    }
    d->rc = kv_txn_commit(t, &e);
    return NULL;
}

Test(kv_locks, deadlock_one_victim_other_proceeds, .init = setup, .fini = teardown, .timeout = 60)
{
    for (int round = 0; round < 5; round++) {
        char a[64], b[64];
        snprintf(a, sizeof a,
                 "\x10"
                 "dlA%d",
                 round);
        snprintf(b, sizeof b,
                 "\x10"
                 "dlB%d",
                 round);
        pthread_barrier_t bar;
        pthread_barrier_init(&bar, NULL, 2);
        struct dl x = {T.kv, a, b, &bar, -1, ""}, y = {T.kv, b, a, &bar, -1, ""};
        struct kv_stats s0, s1;
        kv_stats(T.kv, &s0);
        int64_t t0 = kvt_ms();
        pthread_t tx, ty;
        pthread_create(&tx, NULL, dl_thread, &x);
        pthread_create(&ty, NULL, dl_thread, &y);
        pthread_join(tx, NULL);
        pthread_join(ty, NULL);
        pthread_barrier_destroy(&bar);
        cr_assert((x.rc == 0) != (y.rc == 0), "round %d: rc %d and %d", round, x.rc, y.rc);
        struct dl *victim = x.rc != 0 ? &x : &y;
        cr_assert_eq(victim->rc, ERR_DEADLOCK);
        cr_assert_str_eq(victim->state, "40P01");
        cr_assert_lt(kvt_ms() - t0, 5000, "detected, not timed out");
        kv_stats(T.kv, &s1);
        cr_assert_eq(s1.deadlocks, s0.deadlocks + 1);
        char buf[8];
        cr_assert_eq(kvt_get1(T.kv, a, buf, sizeof buf), 0);
        cr_assert_eq(kvt_get1(T.kv, b, buf, sizeof buf), 0);
    }
}

Test(kv_locks, three_way_deadlock, .init = setup, .fini = teardown, .timeout = 60)
{
    const char *k[3] = {"\x11"
                        "c0",
                        "\x11"
                        "c1",
                        "\x11"
                        "c2"};
    pthread_barrier_t bar;
    pthread_barrier_init(&bar, NULL, 3);
    struct dl d[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        d[i] = (struct dl){T.kv, k[i], k[(i + 1) % 3], &bar, -1, ""};
        pthread_create(&th[i], NULL, dl_thread, &d[i]);
    }
    int ok = 0, dead = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        ok += d[i].rc == 0;
        dead += d[i].rc == ERR_DEADLOCK;
    }
    pthread_barrier_destroy(&bar);
    cr_assert_eq(dead, 1);
    cr_assert_eq(ok, 2);
}

Test(kv_locks, lock_timeout, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_txn *a, *b;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &a, &e), 0);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &b, &e), 0);
    cr_assert_eq(kv_txn_put(a,
                            "\x12"
                            "t",
                            2, "a", 1, &e),
                 0);
    kv_txn_set_lock_timeout(b, 200);
    int64_t t0 = kvt_ms();
    void *v;
    size_t n;
    bool found;
    cr_assert_eq(kv_txn_lock(b,
                             "\x12"
                             "t",
                             2, NULL, &v, &n, &found, &e),
                 ERR_LOCKTIMEOUT);
    int64_t waited = kvt_ms() - t0;
    cr_assert_geq(waited, 180);
    cr_assert_lt(waited, 2000);
    cr_assert_str_eq(err_sqlstate(&e), "55P03");
    kv_txn_rollback(b);
    cr_assert_eq(kv_txn_commit(a, &e), 0);
    struct kv_stats st;
    kv_stats(T.kv, &st);
    cr_assert_geq(st.lock_timeouts, 1);
}
