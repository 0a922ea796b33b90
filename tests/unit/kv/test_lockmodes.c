/* test_lockmodes.c — PostgreSQL's four row-lock modes in the in-memory lock
 * table: the conflict matrix, upgrades (and the deadlock of two upgraders),
 * FIFO fairness against a stream of shared lockers, deadlocks through
 * shared holders, timeouts, several shared waiters woken at once; and on a
 * real stack (kv_test.h): the modes of put/delete, savepoint release,
 * REPEATABLE READ 40001 for a shared lock, and an upgrade after another
 * transaction wrote under our weaker lock.
 */
#include <criterion/criterion.h>

#include "common/err.h"
#include "common/mem.h"
#include "kv/kv_int.h"
#include "kv_test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum {
    KS = KV_LOCK_KEY_SHARE,
    SH = KV_LOCK_SHARE,
    NKU = KV_LOCK_NO_KEY_UPDATE,
    UPD = KV_LOCK_UPDATE
};

static struct kv *mini_kv(void)
{
    struct kv *kv = xcalloc(1, sizeof *kv);
    kv__lock_table_init(&kv->locks);
    kv__latches_init(&kv->latches);
    return kv;
}

static void mini_free(struct kv *kv)
{
    kv__lock_table_destroy(&kv->locks);
    kv__latches_destroy(&kv->latches);
    xfree(kv);
}

static int acq(struct kv *kv, uint64_t id, const char *k, int mode, int timeout)
{
    bool waited;
    struct err e = {0};
    return kv__lock_acquire_mode(kv, id, k, strlen(k), mode, timeout, &waited, &e);
}

static void rel(struct kv *kv, uint64_t id, const char *k)
{
    kv__lock_release(kv, id, k, strlen(k));
}

/* A thread taking a lock, then holding it until *go. */
struct th {
    struct kv *kv;
    uint64_t id;
    const char *key;
    int mode;
    int rc;
    atomic_int *granted;
    atomic_int *go;
    pthread_t t;
    int timeout;
};

static void *th_main(void *p)
{
    struct th *a = p;
    a->rc = acq(a->kv, a->id, a->key, a->mode, a->timeout);
    if (a->rc == 0) {
        atomic_fetch_add(a->granted, 1);
        while (!atomic_load(a->go))
            usleep(1000);
        rel(a->kv, a->id, a->key);
    }
    return NULL;
}

static void th_start(struct th *a)
{
    a->rc = -1;
    pthread_create(&a->t, NULL, th_main, a);
}

static void wait_for(atomic_int *v, int want)
{
    for (int i = 0; i < 5000 && atomic_load(v) < want; i++)
        usleep(1000);
    cr_assert_eq(atomic_load(v), want);
}

Test(kv_lockmodes, conflict_matrix, .timeout = 60)
{
    /* PostgreSQL's table (README.tuplock) */
    static const bool want[4][4] = {
        {false, false, false, true},
        {false, false, true, true},
        {false, true, true, true},
        {true, true, true, true},
    };
    struct kv *kv = mini_kv();
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++) {
            cr_assert_eq(kv_lock_conflicts(a, b), want[a][b]);
            cr_assert_eq(acq(kv, 1, "k", a, 0), 0);
            int rc = acq(kv, 2, "k", b, 20);
            cr_assert_eq(rc, want[a][b] ? ERR_LOCKTIMEOUT : 0, "held %d, asked %d: %d", a, b, rc);
            cr_assert_eq(kv__lock_held(kv, 2, "k", 1), want[a][b] ? -1 : b);
            rel(kv, 2, "k");
            rel(kv, 1, "k");
            cr_assert_eq(kv__lock_held(kv, 1, "k", 1), -1);
        }
    mini_free(kv);
}

Test(kv_lockmodes, reentrant_and_upgrade, .timeout = 60)
{
    struct kv *kv = mini_kv();
    cr_assert_eq(acq(kv, 1, "k", NKU, 0), 0);
    cr_assert_eq(acq(kv, 1, "k", KS, 0), 0); /* weaker: nothing changes */
    cr_assert_eq(kv__lock_held(kv, 1, "k", 1), NKU);
    cr_assert_eq(acq(kv, 2, "k", KS, 0), 0);
    /* 1 -> UPDATE waits for 2's KEY SHARE */
    cr_assert_eq(acq(kv, 1, "k", UPD, 20), ERR_LOCKTIMEOUT);
    cr_assert_eq(kv__lock_held(kv, 1, "k", 1), NKU);
    /* an upgrade that conflicts with no other holder is immediate */
    cr_assert_eq(acq(kv, 2, "k", SH, 20), ERR_LOCKTIMEOUT); /* NKU of 1 */
    rel(kv, 2, "k");
    cr_assert_eq(acq(kv, 1, "k", UPD, 0), 0);
    cr_assert_eq(kv__lock_held(kv, 1, "k", 1), UPD);
    rel(kv, 1, "k");
    mini_free(kv);
}

Test(kv_lockmodes, two_upgraders_deadlock, .timeout = 60)
{
    struct kv *kv = mini_kv();
    atomic_int granted = 0, go = 0;
    cr_assert_eq(acq(kv, 1, "k", SH, 0), 0);
    cr_assert_eq(acq(kv, 2, "k", SH, 0), 0);
    struct th t1 = {kv, 1, "k", UPD, 0, &granted, &go, 0, 0};
    th_start(&t1);
    usleep(50000);
    cr_assert_eq(atomic_load(&granted), 0);
    /* 2 upgrading too would wait for 1, which waits for 2 */
    cr_assert_eq(acq(kv, 2, "k", UPD, 0), ERR_DEADLOCK);
    cr_assert_eq(kv__lock_held(kv, 2, "k", 1), SH);
    rel(kv, 2, "k"); /* 2 rolls back: 1 upgrades */
    wait_for(&granted, 1);
    atomic_store(&go, 1);
    pthread_join(t1.t, NULL);
    cr_assert_eq(t1.rc, 0);
    mini_free(kv);
}

Test(kv_lockmodes, fifo_no_starvation, .timeout = 60)
{
    struct kv *kv = mini_kv();
    atomic_int granted = 0, go = 0;
    cr_assert_eq(acq(kv, 1, "k", SH, 0), 0);
    cr_assert_eq(acq(kv, 2, "k", SH, 0), 0); /* shared holders coexist */
    struct th w = {kv, 3, "k", UPD, 0, &granted, &go, 0, 0};
    th_start(&w);
    usleep(50000);
    cr_assert_eq(atomic_load(&granted), 0);
    /* new shared lockers conflict with the queued UPDATE: behind it */
    cr_assert_eq(acq(kv, 4, "k", SH, 30), ERR_LOCKTIMEOUT);
    cr_assert_eq(acq(kv, 5, "k", KS, 30), ERR_LOCKTIMEOUT);
    /* the holders re-asking for what they hold are not new requests */
    cr_assert_eq(acq(kv, 1, "k", KS, 30), 0);
    rel(kv, 1, "k");
    usleep(20000);
    cr_assert_eq(atomic_load(&granted), 0); /* 2 still holds SHARE */
    rel(kv, 2, "k");
    wait_for(&granted, 1);
    cr_assert_eq(kv__lock_held(kv, 3, "k", 1), UPD);
    atomic_store(&go, 1);
    pthread_join(w.t, NULL);
    mini_free(kv);
}

Test(kv_lockmodes, nonconflicting_waiter_not_blocked, .timeout = 60)
{
    /* A KEY SHARE request does not queue behind a waiting NO KEY UPDATE
     * (they do not conflict), as PostgreSQL's wait-mask check. */
    struct kv *kv = mini_kv();
    atomic_int granted = 0, go = 0;
    cr_assert_eq(acq(kv, 1, "k", SH, 0), 0);
    struct th w = {kv, 2, "k", NKU, 0, &granted, &go, 0, 0};
    th_start(&w);
    usleep(50000);
    cr_assert_eq(acq(kv, 3, "k", KS, 30), 0);
    cr_assert_eq(acq(kv, 4, "k", SH, 30), ERR_LOCKTIMEOUT); /* SHARE vs waiting NKU */
    rel(kv, 1, "k"); /* KEY SHARE of 3 does not block the NKU waiter */
    wait_for(&granted, 1);
    atomic_store(&go, 1);
    pthread_join(w.t, NULL);
    cr_assert_eq(w.rc, 0);
    rel(kv, 3, "k");
    mini_free(kv);
}

Test(kv_lockmodes, wake_several_shared_waiters, .timeout = 60)
{
    struct kv *kv = mini_kv();
    atomic_int granted = 0, go = 0;
    cr_assert_eq(acq(kv, 1, "k", UPD, 0), 0);
    struct th ws[4] = {
        {kv, 2, "k", SH, 0, &granted, &go, 0, 0},
        {kv, 3, "k", KS, 0, &granted, &go, 0, 0},
        {kv, 4, "k", SH, 0, &granted, &go, 0, 0},
        {kv, 5, "k", KS, 0, &granted, &go, 0, 0},
    };
    for (int i = 0; i < 4; i++) {
        th_start(&ws[i]);
        usleep(10000);
    }
    usleep(50000);
    cr_assert_eq(atomic_load(&granted), 0);
    rel(kv, 1, "k");
    wait_for(&granted, 4); /* all four hold it at once */
    atomic_store(&go, 1);
    for (int i = 0; i < 4; i++) {
        pthread_join(ws[i].t, NULL);
        cr_assert_eq(ws[i].rc, 0);
    }
    mini_free(kv);
}

Test(kv_lockmodes, deadlock_through_second_shared_holder, .timeout = 60)
{
    struct kv *kv = mini_kv();
    atomic_int granted = 0, go = 0;
    cr_assert_eq(acq(kv, 1, "a", KS, 0), 0);
    cr_assert_eq(acq(kv, 2, "a", KS, 0), 0);
    cr_assert_eq(acq(kv, 3, "b", UPD, 0), 0);
    /* 3 waits for both KEY SHARE holders of "a" */
    struct th w = {kv, 3, "a", UPD, 0, &granted, &go, 0, 0};
    th_start(&w);
    usleep(50000);
    /* 2 (the second holder) waiting for 3 closes a cycle */
    cr_assert_eq(acq(kv, 2, "b", KS, 0), ERR_DEADLOCK);
    rel(kv, 2, "a");
    usleep(20000);
    cr_assert_eq(atomic_load(&granted), 0); /* 1 still holds KEY SHARE */
    /* so does 1 */
    cr_assert_eq(acq(kv, 1, "b", SH, 0), ERR_DEADLOCK);
    rel(kv, 1, "a");
    wait_for(&granted, 1);
    atomic_store(&go, 1);
    pthread_join(w.t, NULL);
    cr_assert_eq(w.rc, 0);
    rel(kv, 3, "b");
    mini_free(kv);
}

Test(kv_lockmodes, given_up_waiter_unblocks_the_queue, .timeout = 60)
{
    /* 1 holds SHARE; 2 waits for UPDATE and times out; 3 asking SHARE was
     * queued behind 2 and is granted as soon as 2 gives up. */
    struct kv *kv = mini_kv();
    atomic_int granted = 0, go = 0;
    cr_assert_eq(acq(kv, 1, "k", SH, 0), 0);
    struct th w2 = {kv, 2, "k", UPD, 0, &granted, &go, 0, 300};
    th_start(&w2);
    usleep(50000);
    struct th w3 = {kv, 3, "k", SH, 0, &granted, &go, 0, 0};
    th_start(&w3);
    usleep(50000);
    cr_assert_eq(atomic_load(&granted), 0);
    pthread_join(w2.t, NULL);
    cr_assert_eq(w2.rc, ERR_LOCKTIMEOUT);
    wait_for(&granted, 1);
    atomic_store(&go, 1);
    pthread_join(w3.t, NULL);
    cr_assert_eq(w3.rc, 0);
    rel(kv, 1, "k");
    mini_free(kv);
}

/* ---- on a real stack ---- */

static struct kvt T;

static void setup(void)
{
    struct err e = {0};
    int rc = kvt_start(&T, ENG_MEMORY, 1, NULL, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
}

static void teardown(void)
{
    kvt_stop(&T);
}

#define S(x) (x), strlen(x)

static struct kv_txn *begin(enum kv_isolation iso, int timeout_ms)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, iso, false, &t, &e), 0, "%s", e.msg);
    kv_txn_set_lock_timeout(t, timeout_ms);
    return t;
}

static int lockm(struct kv_txn *t, const char *k, enum kv_lock_mode m)
{
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    struct err e = {0};
    int rc = kv_txn_lock_mode(t, S(k), m, NULL, &v, &n, &found, &e);
    xfree(v);
    return rc;
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

Test(kv_lockmodes_txn, put_and_delete_modes, .init = setup, .fini = teardown, .timeout = 60)
{
    struct kv_txn *a = begin(KV_ISO_READ_COMMITTED, 0);
    struct err e = {0};
    put(a, "\x30p", "1");
    cr_assert_eq(kv_txn_lock_held(a, S("\x30p")), NKU);
    cr_assert_eq(kv_txn_delete(a,
                               S("\x30"
                                 "d"),
                               &e),
                 0);
    cr_assert_eq(kv_txn_lock_held(a, S("\x30"
                                       "d")),
                 UPD);
    cr_assert_eq(kv_txn_lock_held(a, S("\x30none")), -1);
    struct kv_txn *b = begin(KV_ISO_READ_COMMITTED, 50);
    cr_assert_eq(lockm(b, "\x30p", KV_LOCK_KEY_SHARE), 0); /* FK check vs non-key update */
    kv_txn_rollback(b);
    b = begin(KV_ISO_READ_COMMITTED, 50);
    cr_assert_eq(lockm(b, "\x30p", KV_LOCK_SHARE), ERR_LOCKTIMEOUT);
    kv_txn_rollback(b);
    b = begin(KV_ISO_READ_COMMITTED, 50);
    cr_assert_eq(lockm(b,
                       "\x30"
                       "d",
                       KV_LOCK_KEY_SHARE),
                 ERR_LOCKTIMEOUT);
    kv_txn_rollback(b);
    commit(a);
}

Test(kv_lockmodes_txn, shared_then_others_write_then_upgrade, .init = setup, .fini = teardown,
     .timeout = 60)
{
    struct kv_txn *s = begin(KV_ISO_READ_COMMITTED, 0);
    put(s, "\x30p", "0");
    commit(s);
    /* a: FK check (KEY SHARE); b: non-key update of the parent commits */
    struct kv_txn *a = begin(KV_ISO_READ_COMMITTED, 0);
    cr_assert_eq(lockm(a, "\x30p", KV_LOCK_KEY_SHARE), 0);
    struct kv_txn *b = begin(KV_ISO_READ_COMMITTED, 50);
    put(b, "\x30p", "1");
    commit(b);
    /* a now updates the parent itself: the upgrade takes a fresh
     * for_update_ts, so its commit is no write conflict */
    put(a, "\x30p", "2");
    cr_assert_eq(kv_txn_lock_held(a, S("\x30p")), NKU);
    commit(a);
    char buf[16];
    cr_assert_eq(kvt_get1(T.kv, "\x30p", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "2");
}

Test(kv_lockmodes_txn, repeatable_read_shared_conflict, .init = setup, .fini = teardown,
     .timeout = 60)
{
    struct kv_txn *s = begin(KV_ISO_READ_COMMITTED, 0);
    put(s, "\x30r", "0");
    commit(s);
    for (int m = KV_LOCK_KEY_SHARE; m <= KV_LOCK_UPDATE; m++) {
        struct kv_txn *a = begin(KV_ISO_REPEATABLE_READ, 0);
        struct kv_txn *b = begin(KV_ISO_READ_COMMITTED, 0);
        put(b, "\x30r", "1");
        commit(b);
        cr_assert_eq(lockm(a, "\x30r", (enum kv_lock_mode)m), ERR_CONFLICT, "mode %d", m);
        kv_txn_rollback(a);
    }
    /* an upgrade under RR checks too */
    struct kv_txn *a = begin(KV_ISO_REPEATABLE_READ, 0);
    cr_assert_eq(lockm(a, "\x30r", KV_LOCK_KEY_SHARE), 0);
    struct kv_txn *b = begin(KV_ISO_READ_COMMITTED, 0);
    put(b, "\x30r", "2");
    commit(b);
    cr_assert_eq(lockm(a, "\x30r", KV_LOCK_UPDATE), ERR_CONFLICT);
    kv_txn_rollback(a);
}

Test(kv_lockmodes_txn, savepoint_release, .init = setup, .fini = teardown, .timeout = 60)
{
    struct err e = {0};
    struct kv_txn *a = begin(KV_ISO_READ_COMMITTED, 0);
    cr_assert_eq(lockm(a,
                       "\x30"
                       "a",
                       KV_LOCK_SHARE),
                 0);
    uint64_t sp;
    cr_assert_eq(kv_txn_savepoint(a, &sp, &e), 0);
    cr_assert_eq(lockm(a,
                       "\x30"
                       "b",
                       KV_LOCK_KEY_SHARE),
                 0);
    cr_assert_eq(lockm(a,
                       "\x30"
                       "a",
                       KV_LOCK_UPDATE),
                 0); /* upgrade after the savepoint */
    cr_assert_eq(kv_txn_rollback_to(a, sp, &e), 0);
    cr_assert_eq(kv_txn_lock_held(a, S("\x30"
                                       "b")),
                 -1);
    cr_assert_eq(kv_txn_lock_held(a, S("\x30"
                                       "a")),
                 UPD); /* kept till the end */
    struct kv_txn *b = begin(KV_ISO_READ_COMMITTED, 50);
    cr_assert_eq(lockm(b,
                       "\x30"
                       "b",
                       KV_LOCK_UPDATE),
                 0);
    kv_txn_rollback(b);
    b = begin(KV_ISO_READ_COMMITTED, 50);
    cr_assert_eq(lockm(b,
                       "\x30"
                       "a",
                       KV_LOCK_KEY_SHARE),
                 ERR_LOCKTIMEOUT);
    kv_txn_rollback(b);
    kv_txn_rollback(a);
    b = begin(KV_ISO_READ_COMMITTED, 50);
    cr_assert_eq(lockm(b,
                       "\x30"
                       "a",
                       KV_LOCK_UPDATE),
                 0);
    kv_txn_rollback(b);
}

Test(kv_lockmodes_txn, share_share_then_both_upgrade, .init = setup, .fini = teardown,
     .timeout = 60)
{
    struct kv_txn *a = begin(KV_ISO_READ_COMMITTED, 0);
    struct kv_txn *b = begin(KV_ISO_READ_COMMITTED, 0);
    cr_assert_eq(lockm(a, "\x30s", KV_LOCK_SHARE), 0);
    cr_assert_eq(lockm(b, "\x30s", KV_LOCK_SHARE), 0); /* both hold FOR SHARE */
    kv_txn_set_lock_timeout(b, 50);
    cr_assert_eq(lockm(b, "\x30s", KV_LOCK_UPDATE), ERR_LOCKTIMEOUT);
    kv_txn_rollback(b);
    cr_assert_eq(lockm(a, "\x30s", KV_LOCK_UPDATE), 0);
    kv_txn_rollback(a);
}
