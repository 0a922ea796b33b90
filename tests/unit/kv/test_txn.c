/* test_txn.c — transactions on a real single-node stack (kv_test.h):
 * read-your-writes, snapshots, READ COMMITTED vs REPEATABLE READ, first
 * updater wins (40001), lost-update prevention with kv_txn_lock, savepoints
 * and statements, poisoned transactions, SERIALIZABLE accepted, read-only
 * transactions, the timestamp oracle across restarts.
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include <string.h>

static struct kvt T;

static void setup(void)
{
    struct err e = {0};
    int rc = kvt_start(&T, ENG_MEMORY, 3, NULL, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
}

static void teardown(void)
{
    kvt_stop(&T);
}

#define S(x) (x), strlen(x)

static struct kv_txn *begin(enum kv_isolation iso)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, iso, false, &t, &e), 0, "%s", e.msg);
    return t;
}

/* Value of k in t as a string; NULL when absent. Allocated in a static
 * buffer ring (tests only). */
static const char *get(struct kv_txn *t, const char *k)
{
    static char ring[8][256];
    static int idx;
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    struct err e = {0};
    int rc = kv_txn_get(t, S(k), NULL, &v, &n, &found, &e);
    cr_assert_eq(rc, 0, "get %s: %s", k, e.msg);
    if (!found)
        return NULL;
    char *out = ring[idx++ % 8];
    memcpy(out, v, n < 255 ? n : 255);
    out[n < 255 ? n : 255] = '\0';
    xfree(v);
    return out;
}

static void put(struct kv_txn *t, const char *k, const char *v)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_put(t, S(k), S(v), &e), 0, "put %s: %s", k, e.msg);
}

static void commit(struct kv_txn *t)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_commit(t, &e), 0, "commit: %s", e.msg);
}

static void assert_str(const char *got, const char *want)
{
    if (want == NULL)
        cr_assert_null(got, "expected absent, got '%s'", got ? got : "");
    else
        cr_assert(got != NULL && strcmp(got, want) == 0, "expected '%s', got '%s'", want,
                  got ? got : "(absent)");
}

Test(kv_txn, read_your_writes_and_commit, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    assert_str(get(t, "\x10"
                      "a"),
               NULL);
    put(t,
        "\x10"
        "a",
        "1");
    assert_str(get(t, "\x10"
                      "a"),
               "1");
    put(t,
        "\x10"
        "a",
        "2");
    assert_str(get(t, "\x10"
                      "a"),
               "2");
    struct err e = {0};
    cr_assert_eq(kv_txn_delete(t,
                               S("\x10"
                                 "a"),
                               &e),
                 0);
    assert_str(get(t, "\x10"
                      "a"),
               NULL);
    put(t,
        "\x10"
        "a",
        "3");
    /* not visible to others before commit */
    char buf[64];
    cr_assert_eq(kvt_get1(T.kv,
                          "\x10"
                          "a",
                          buf, sizeof buf),
                 ERR_NOTFOUND);
    commit(t);
    cr_assert_eq(kvt_get1(T.kv,
                          "\x10"
                          "a",
                          buf, sizeof buf),
                 0);
    cr_assert_str_eq(buf, "3");

    /* a value with NUL bytes and a long one (not inlined) */
    char big[5000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i % 251);
    t = begin(KV_ISO_READ_COMMITTED);
    cr_assert_eq(kv_txn_put(t, "\x10\x00z", 3, big, sizeof big, &e), 0);
    cr_assert_eq(kv_txn_put(t, "\x10\x00y", 3, "", 0, &e), 0);
    commit(t);
    t = begin(KV_ISO_READ_COMMITTED);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "t");
    void *v;
    size_t n;
    bool found;
    cr_assert_eq(kv_txn_get(t, "\x10\x00z", 3, ctx, &v, &n, &found, &e), 0);
    cr_assert(found && n == sizeof big && memcmp(v, big, n) == 0);
    cr_assert_eq(kv_txn_get(t, "\x10\x00y", 3, ctx, &v, &n, &found, &e), 0);
    cr_assert(found && n == 0);
    struct kv_key keys[3] = {{"\x10\x00z", 3},
                             {"\x10"
                              "a",
                              2},
                             {"\x10"
                              "nope",
                              5}};
    struct kv_value out[3];
    cr_assert_eq(kv_txn_batch_get(t, keys, 3, ctx, out, &e), 0);
    cr_assert(out[0].found && out[0].len == sizeof big);
    cr_assert(out[1].found && out[1].len == 1 && memcmp(out[1].val, "3", 1) == 0);
    cr_assert(!out[2].found);
    commit(t);
    mem_ctx_free(ctx);
}

Test(kv_txn, snapshot_reads_rc_vs_rr, .init = setup, .fini = teardown, .timeout = 60)
{
    cr_assert_eq(kvt_put1(T.kv, "\x20k", "v1"), 0);
    struct kv_txn *rc = begin(KV_ISO_READ_COMMITTED);
    struct kv_txn *rr = begin(KV_ISO_REPEATABLE_READ);
    struct err e = {0};
    cr_assert_eq(kv_txn_stmt_begin(rc, &e), 0);
    cr_assert_eq(kv_txn_stmt_begin(rr, &e), 0);
    assert_str(get(rc, "\x20k"), "v1");
    assert_str(get(rr, "\x20k"), "v1");
    kv_txn_stmt_end(rc, false);
    kv_txn_stmt_end(rr, false);
    cr_assert_eq(kvt_put1(T.kv, "\x20k", "v2"), 0);
    cr_assert_eq(kvt_put1(T.kv, "\x20new", "n"), 0);
    /* within the same statement RC keeps its snapshot */
    assert_str(get(rc, "\x20k"), "v1");
    cr_assert_eq(kv_txn_stmt_begin(rc, &e), 0);
    cr_assert_eq(kv_txn_stmt_begin(rr, &e), 0);
    assert_str(get(rc, "\x20k"), "v2"); /* new statement, new snapshot */
    assert_str(get(rc, "\x20new"), "n");
    assert_str(get(rr, "\x20k"), "v1"); /* repeatable */
    assert_str(get(rr, "\x20new"), NULL);
    cr_assert_gt(kv_txn_read_ts(rc), kv_txn_start_ts(rc));
    cr_assert_eq(kv_txn_read_ts(rr), kv_txn_start_ts(rr));
    kv_txn_stmt_end(rc, false);
    kv_txn_stmt_end(rr, false);
    commit(rc);
    commit(rr);
}

Test(kv_txn, first_updater_wins_at_rr, .init = setup, .fini = teardown, .timeout = 60)
{
    cr_assert_eq(kvt_put1(T.kv, "\x30x", "0"), 0);
    struct kv_txn *a = begin(KV_ISO_REPEATABLE_READ);
    assert_str(get(a, "\x30x"), "0");
    cr_assert_eq(kvt_put1(T.kv, "\x30x", "other"), 0);
    struct err e = {0};
    int rc = kv_txn_put(a, S("\x30x"), S("mine"), &e);
    cr_assert_eq(rc, ERR_CONFLICT, "rc %d: %s", rc, e.msg);
    cr_assert_str_eq(err_sqlstate(&e), "40001");
    cr_assert(strstr(e.msg, "could not serialize access due to concurrent update") != NULL);
    /* poisoned: everything but rollback fails with 25P02 */
    void *v;
    size_t n;
    bool found;
    rc = kv_txn_get(a, S("\x30x"), NULL, &v, &n, &found, &e);
    cr_assert_eq(rc, ERR_INVAL);
    cr_assert_str_eq(err_sqlstate(&e), "25P02");
    cr_assert_not_null(kv_txn_error(a));
    cr_assert_eq(kv_txn_error(a)->code, ERR_CONFLICT);
    rc = kv_txn_commit(a, &e);
    cr_assert_eq(rc, ERR_CONFLICT);
    char buf[32];
    cr_assert_eq(kvt_get1(T.kv, "\x30x", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "other");

    /* kv_txn_lock at RR conflicts the same way */
    struct kv_txn *b = begin(KV_ISO_REPEATABLE_READ);
    cr_assert_eq(kvt_put1(T.kv, "\x30x", "third"), 0);
    rc = kv_txn_lock(b, S("\x30x"), NULL, &v, &n, &found, &e);
    cr_assert_eq(rc, ERR_CONFLICT);
    kv_txn_rollback(b);
    struct kv_stats st;
    kv_stats(T.kv, &st);
    cr_assert_geq(st.conflicts, 2);
}

Test(kv_txn, rc_lock_returns_newest_after_wait, .init = setup, .fini = teardown, .timeout = 60)
{
    cr_assert_eq(kvt_put1(T.kv, "\x40r", "1"), 0);
    struct kv_txn *a = begin(KV_ISO_READ_COMMITTED);
    struct kv_txn *b = begin(KV_ISO_READ_COMMITTED);
    struct err e = {0};
    void *v;
    size_t n;
    bool found;
    cr_assert_eq(kv_txn_lock(a, S("\x40r"), NULL, &v, &n, &found, &e), 0);
    cr_assert(found && n == 1 && memcmp(v, "1", 1) == 0);
    xfree(v);
    put(a, "\x40r", "2");
    commit(a);
    /* b started before a committed; its locking read still sees "2" */
    cr_assert_eq(kv_txn_lock(b, S("\x40r"), NULL, &v, &n, &found, &e), 0);
    cr_assert(found && n == 1 && memcmp(v, "2", 1) == 0);
    xfree(v);
    /* but a plain read stays at its snapshot */
    assert_str(get(b, "\x40r"), "1");
    put(b, "\x40r", "3");
    commit(b);
    char buf[8];
    cr_assert_eq(kvt_get1(T.kv, "\x40r", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "3");
}

struct incr_arg {
    struct kv *kv;
    const char *key;
    int n;
    int fails;
};

/* n increments of a decimal counter through kv_txn_lock at READ COMMITTED */
static void *incr_thread(void *p)
{
    struct incr_arg *a = p;
    for (int i = 0; i < a->n; i++) {
        struct kv_txn *t;
        struct err e = {0};
        if (kv_txn_begin(a->kv, KV_ISO_READ_COMMITTED, false, &t, &e) != 0) {
            a->fails++;
            continue;
        }
        void *v = NULL;
        size_t n = 0;
        bool found = false;
        if (kv_txn_lock(t, a->key, strlen(a->key), NULL, &v, &n, &found, &e) != 0) {
            kv_txn_rollback(t);
            a->fails++;
            continue;
        }
        char buf[32] = "0";
        if (found) {
            memcpy(buf, v, n < 31 ? n : 31);
            buf[n < 31 ? n : 31] = '\0';
        }
        xfree(v);
        char out[32];
        snprintf(out, sizeof out, "%d", atoi(buf) + 1);
        if (kv_txn_put(t, a->key, strlen(a->key), out, strlen(out), &e) != 0) {
            kv_txn_rollback(t);
            a->fails++;
            continue;
        }
        if (kv_txn_commit(t, &e) != 0)
            a->fails++;
    }
    return NULL;
}

Test(kv_txn, no_lost_updates_with_lock_at_rc, .init = setup, .fini = teardown, .timeout = 120)
{
    enum { THREADS = 4, N = 40 };
    pthread_t th[THREADS];
    struct incr_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (struct incr_arg){T.kv,
                                    "\x50"
                                    "counter",
                                    N, 0};
        pthread_create(&th[i], NULL, incr_thread, &args[i]);
    }
    int fails = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        fails += args[i].fails;
    }
    cr_assert_eq(fails, 0);
    char buf[32];
    cr_assert_eq(kvt_get1(T.kv,
                          "\x50"
                          "counter",
                          buf, sizeof buf),
                 0);
    cr_assert_eq(atoi(buf), THREADS * N);
    struct kv_stats st;
    kv_stats(T.kv, &st);
    cr_assert_gt(st.lock_waits, 0);
}

Test(kv_txn, savepoints, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    struct err e = {0};
    put(t,
        "\x60"
        "a",
        "1");
    uint64_t sp1, sp2;
    cr_assert_eq(kv_txn_savepoint(t, &sp1, &e), 0);
    put(t,
        "\x60"
        "a",
        "2");
    put(t,
        "\x60"
        "b",
        "1");
    cr_assert_eq(kv_txn_savepoint(t, &sp2, &e), 0);
    cr_assert_gt(sp2, sp1);
    put(t,
        "\x60"
        "c",
        "1");
    cr_assert_eq(kv_txn_rollback_to(t, sp2, &e), 0);
    assert_str(get(t, "\x60"
                      "c"),
               NULL);
    assert_str(get(t, "\x60"
                      "b"),
               "1");
    /* the lock on c was released: another transaction can write it now */
    struct kv_txn *o = begin(KV_ISO_READ_COMMITTED);
    kv_txn_set_lock_timeout(o, 200);
    put(o,
        "\x60"
        "c",
        "other");
    commit(o);
    /* but b is still locked by t */
    o = begin(KV_ISO_READ_COMMITTED);
    kv_txn_set_lock_timeout(o, 100);
    cr_assert_eq(kv_txn_put(o,
                            S("\x60"
                              "b"),
                            S("x"), &e),
                 ERR_LOCKTIMEOUT);
    cr_assert_str_eq(err_sqlstate(&e), "55P03");
    kv_txn_rollback(o);
    cr_assert_eq(kv_txn_rollback_to(t, sp1, &e), 0);
    assert_str(get(t, "\x60"
                      "a"),
               "1");
    assert_str(get(t, "\x60"
                      "b"),
               NULL);
    /* sp2 is gone after rolling back over it; sp1 stays */
    cr_assert_eq(kv_txn_rollback_to(t, sp2, &e), ERR_INVAL);
    cr_assert_eq(kv_txn_rollback_to(t, sp1, &e), 0);
    put(t,
        "\x60"
        "d",
        "1");
    cr_assert_eq(kv_txn_release(t, sp1, &e), 0);
    cr_assert_eq(kv_txn_rollback_to(t, sp1, &e), ERR_INVAL);
    commit(t);
    char buf[16];
    cr_assert_eq(kvt_get1(T.kv,
                          "\x60"
                          "a",
                          buf, sizeof buf),
                 0);
    cr_assert_str_eq(buf, "1");
    cr_assert_eq(kvt_get1(T.kv,
                          "\x60"
                          "b",
                          buf, sizeof buf),
                 ERR_NOTFOUND);
    cr_assert_eq(kvt_get1(T.kv,
                          "\x60"
                          "c",
                          buf, sizeof buf),
                 0);
    cr_assert_str_eq(buf, "other");
    cr_assert_eq(kvt_get1(T.kv,
                          "\x60"
                          "d",
                          buf, sizeof buf),
                 0);
}

Test(kv_txn, poisoned_then_rollback_to_savepoint, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED);
    struct err e = {0};
    uint64_t sp;
    put(t,
        "\x61"
        "keep",
        "1");
    cr_assert_eq(kv_txn_savepoint(t, &sp, &e), 0);
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    put(t,
        "\x61"
        "stmt",
        "1");
    /* an error: a key in the range layer's reserved space */
    cr_assert_eq(kv_txn_put(t,
                            S("\x01m"
                              "x"),
                            S("v"), &e),
                 ERR_INVAL);
    kv_txn_stmt_end(t, true);
    cr_assert_not_null(kv_txn_error(t));
    cr_assert_eq(kv_txn_put(t,
                            S("\x61"
                              "x"),
                            S("v"), &e),
                 ERR_INVAL);
    cr_assert_str_eq(err_sqlstate(&e), "25P02");
    cr_assert_eq(kv_txn_stmt_begin(t, &e), ERR_INVAL);
    cr_assert_eq(kv_txn_rollback_to(t, sp, &e), 0);
    cr_assert_null(kv_txn_error(t));
    assert_str(get(t, "\x61"
                      "stmt"),
               NULL);
    assert_str(get(t, "\x61"
                      "keep"),
               "1");
    commit(t);

    /* a failed statement poisons; commit then rolls back and reports it */
    t = begin(KV_ISO_READ_COMMITTED);
    cr_assert_eq(kv_txn_stmt_begin(t, &e), 0);
    put(t,
        "\x61"
        "lost",
        "1");
    kv_txn_stmt_end(t, true);
    int rc = kv_txn_commit(t, &e);
    cr_assert_neq(rc, 0);
    char buf[8];
    cr_assert_eq(kvt_get1(T.kv,
                          "\x61"
                          "lost",
                          buf, sizeof buf),
                 ERR_NOTFOUND);
}

Test(kv_txn, serializable_accepted_read_only_enforced, .init = setup, .fini = teardown,
     .timeout = 60)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_SERIALIZABLE, false, &t, &e), 0, "%s", e.msg);
    cr_assert_eq(kv_txn_isolation(t), KV_ISO_SERIALIZABLE);
    kv_txn_rollback(t);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &t, &e), 0);
    cr_assert_eq(kv_txn_put(t,
                            S("\x70"
                              "a"),
                            S("1"), &e),
                 ERR_INVAL);
    cr_assert_str_eq(err_sqlstate(&e), "25006");
    kv_txn_rollback(t);
}

Test(kv_txn, timestamps_monotonic_across_restart, .timeout = 60)
{
    struct kvt t;
    struct err e = {0};
    struct kv_options o;
    kv_options_init(&o);
    o.tso_window_ms = 200; /* renewals happen during the test */
    cr_assert_eq(kvt_start(&t, ENG_ROCKSDB, 1, &o, &e), 0, "%s", e.msg);
    uint64_t prev = 0, ts;
    int64_t end = kvt_ms() + 500;
    while (kvt_ms() < end) {
        cr_assert_eq(kv_timestamp(t.kv, &ts, &e), 0);
        cr_assert_gt(ts, prev);
        prev = ts;
    }
    cr_assert_eq(kvt_put1(t.kv,
                          "\x10"
                          "persist",
                          "yes"),
                 0);
    if (kvt_restart(&t, &e) != 0) {
        kvt_stop(&t);
        cr_assert_fail("restart: %s", e.msg);
    }
    cr_assert_eq(kv_timestamp(t.kv, &ts, &e), 0);
    cr_assert_gt(ts, prev);
    char buf[8];
    cr_assert_eq(kvt_get1(t.kv,
                          "\x10"
                          "persist",
                          buf, sizeof buf),
                 0);
    cr_assert_str_eq(buf, "yes");
    kvt_stop(&t);
}

static _Atomic int64_t fake_now;
static int64_t fake_clock(void *arg)
{
    (void)arg;
    return atomic_load(&fake_now);
}

Test(kv_txn, timestamps_survive_clock_going_back, .timeout = 60)
{
    struct kvt t;
    struct err e = {0};
    struct kv_options o;
    kv_options_init(&o);
    o.clock_ms = fake_clock;
    atomic_store(&fake_now, 1700000000000);
    cr_assert_eq(kvt_start(&t, ENG_ROCKSDB, 1, &o, &e), 0, "%s", e.msg);
    uint64_t a, b;
    cr_assert_eq(kv_timestamp(t.kv, &a, &e), 0);
    atomic_store(&fake_now, 1600000000000); /* 3 years back */
    cr_assert_eq(kv_timestamp(t.kv, &b, &e), 0);
    cr_assert_gt(b, a);
    if (kvt_restart(&t, &e) != 0) {
        kvt_stop(&t);
        cr_assert_fail("restart: %s", e.msg);
    }
    cr_assert_eq(kv_timestamp(t.kv, &b, &e), 0);
    cr_assert_gt(b, a);
    kvt_stop(&t);
}
