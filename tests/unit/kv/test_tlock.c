/* test_tlock.c — table locks (tlock.c): PostgreSQL's conflict table, waits
 * ending at the lock timeout, NOWAIT and the interrupt callback, release at
 * commit and by rollback_to, a deadlock through a table lock and a row lock,
 * and kv_table_locks.
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

static struct kv_txn *begin(int timeout_ms)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0, "%s", e.msg);
    kv_txn_set_lock_timeout(t, timeout_ms);
    return t;
}

static int tl(struct kv_txn *t, uint32_t rel, int mode, bool nowait)
{
    struct err e = {0};
    struct kv_tlock_opts o = {.nowait = nowait, .owner = 7, .db = 5};
    return kv_txn_table_lock(t, rel, (enum kv_tlock_mode)mode, &o, NULL, &e);
}

/* PostgreSQL's lock.c LockConflicts, row by row (1 = conflicts). */
static const char *const pg_conflicts[9] = {
    "",         "00000001", "00000011", "00001111", "00011111",
    "00110111", "00111111", "01111111", "11111111",
};

Test(tlock, conflict_table_is_postgres)
{
    for (int a = 1; a <= 8; a++)
        for (int b = 1; b <= 8; b++)
            cr_assert_eq(kv_tlock_conflicts((enum kv_tlock_mode)a, (enum kv_tlock_mode)b),
                         pg_conflicts[a][b - 1] == '1', "%d vs %d", a, b);
    cr_assert_str_eq(kv_tlock_mode_name(KV_TLOCK_ACCESS_SHARE), "AccessShareLock");
    cr_assert_str_eq(kv_tlock_mode_name(KV_TLOCK_ACCESS_EXCLUSIVE), "AccessExclusiveLock");
}

Test(tlock, every_pair_of_modes, .init = setup, .fini = teardown)
{
    for (int a = 1; a <= 8; a++) {
        for (int b = 1; b <= 8; b++) {
            struct kv_txn *x = begin(0), *y = begin(0);
            cr_assert_eq(tl(x, 100, a, false), 0);
            int rc = tl(y, 100, b, true);
            cr_assert_eq(rc, kv_tlock_conflicts(a, b) ? ERR_LOCKTIMEOUT : 0, "%d vs %d", a, b);
            kv_txn_rollback(y);
            kv_txn_rollback(x);
        }
    }
}

Test(tlock, timeout_then_commit_releases, .init = setup, .fini = teardown)
{
    struct kv_txn *x = begin(0), *y = begin(50);
    cr_assert_eq(tl(x, 1, KV_TLOCK_ACCESS_SHARE, false), 0);
    cr_assert_eq(tl(x, 1, KV_TLOCK_ACCESS_SHARE, false), 0); /* held: from the list */
    cr_assert_eq(kv_txn_table_locks_held(x, 1, 0), 1u << KV_TLOCK_ACCESS_SHARE);
    cr_assert_eq(tl(y, 1, KV_TLOCK_ACCESS_EXCLUSIVE, false), ERR_LOCKTIMEOUT);
    cr_assert_eq(tl(y, 1, KV_TLOCK_ROW_EXCLUSIVE, false), 0); /* not poisoned */
    struct err e = {0};
    cr_assert_eq(kv_txn_commit(x, &e), 0, "%s", e.msg);
    kv_txn_rollback(y);
    y = begin(50);
    cr_assert_eq(tl(y, 1, KV_TLOCK_ACCESS_EXCLUSIVE, false), 0);
    kv_txn_rollback(y);
}

Test(tlock, rollback_to_releases_later_modes, .init = setup, .fini = teardown)
{
    struct kv_txn *x = begin(0), *y = begin(30);
    struct err e = {0};
    cr_assert_eq(tl(x, 2, KV_TLOCK_SHARE, false), 0);
    uint64_t sp;
    cr_assert_eq(kv_txn_savepoint(x, &sp, &e), 0);
    cr_assert_eq(tl(x, 2, KV_TLOCK_EXCLUSIVE, false), 0);
    cr_assert_eq(tl(x, 3, KV_TLOCK_ACCESS_EXCLUSIVE, false), 0);
    cr_assert_eq(tl(y, 2, KV_TLOCK_ROW_SHARE, false), ERR_LOCKTIMEOUT);
    cr_assert_eq(kv_txn_rollback_to(x, sp, &e), 0);
    cr_assert_eq(kv_txn_table_locks_held(x, 2, 0), 1u << KV_TLOCK_SHARE);
    cr_assert_eq(kv_txn_table_locks_held(x, 3, 0), 0);
    cr_assert_eq(tl(y, 2, KV_TLOCK_ROW_SHARE, false), 0);
    cr_assert_eq(tl(y, 3, KV_TLOCK_ACCESS_EXCLUSIVE, false), 0);
    cr_assert_eq(tl(y, 2, KV_TLOCK_ROW_EXCLUSIVE, false), ERR_LOCKTIMEOUT);
    kv_txn_rollback(y);
    kv_txn_rollback(x);
}

static atomic_int polls;

static int stop_after_two(void *arg, struct err *e)
{
    (void)arg;
    if (atomic_fetch_add(&polls, 1) < 1)
        return 0;
    return err_set(e, ERR_TIMEOUT, "canceled");
}

Test(tlock, interrupt_ends_wait, .init = setup, .fini = teardown)
{
    struct kv_txn *x = begin(0), *y = begin(0);
    cr_assert_eq(tl(x, 4, KV_TLOCK_ACCESS_EXCLUSIVE, false), 0);
    struct err e = {0};
    struct kv_tlock_opts o = {.interrupt = stop_after_two};
    bool waited = false;
    int rc = kv_txn_table_lock(y, 4, KV_TLOCK_ACCESS_SHARE, &o, &waited, &e);
    cr_assert_eq(rc, ERR_TIMEOUT);
    cr_assert(waited);
    cr_assert_str_eq(e.msg, "canceled");
    kv_txn_rollback(y);
    kv_txn_rollback(x);
}

struct rowlocker {
    struct kv_txn *t;
    int rc;
};

static void *lock_row(void *p)
{
    struct rowlocker *r = p;
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    struct err e = {0};
    r->rc = kv_txn_lock(r->t, "k1", 2, NULL, &v, &n, &found, &e);
    xfree(v);
    return NULL;
}

Test(tlock, deadlock_through_table_and_row_locks, .init = setup, .fini = teardown)
{
    struct kv_txn *x = begin(0), *y = begin(0);
    struct err e = {0};
    cr_assert_eq(tl(x, 5, KV_TLOCK_ACCESS_SHARE, false), 0);
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    cr_assert_eq(kv_txn_lock(y, "k1", 2, NULL, &v, &n, &found, &e), 0, "%s", e.msg);
    xfree(v);
    struct rowlocker r = {.t = x};
    pthread_t th;
    pthread_create(&th, NULL, lock_row, &r);
    usleep(100000); /* x now waits for y's row lock */
    cr_assert_eq(tl(y, 5, KV_TLOCK_ACCESS_EXCLUSIVE, false), ERR_DEADLOCK);
    kv_txn_rollback(y);
    pthread_join(th, NULL);
    cr_assert_eq(r.rc, 0);
    kv_txn_rollback(x);
}

Test(tlock, listed_for_pg_locks, .init = setup, .fini = teardown)
{
    struct kv_txn *x = begin(0), *y = begin(0);
    cr_assert_eq(tl(x, 6, KV_TLOCK_ACCESS_SHARE, false), 0);
    cr_assert_eq(tl(x, 6, KV_TLOCK_ROW_EXCLUSIVE, false), 0);
    cr_assert_eq(tl(y, 6, KV_TLOCK_SHARE, true), ERR_LOCKTIMEOUT);
    struct kv_tlock_row *rows = NULL;
    size_t nr = 0;
    kv_table_locks(T.kv, &rows, &nr);
    cr_assert_eq(nr, 2);
    for (size_t i = 0; i < nr; i++) {
        cr_assert_eq(rows[i].rel, 6);
        cr_assert_eq(rows[i].owner, 7);
        cr_assert_eq(rows[i].db, 5);
        cr_assert(rows[i].granted);
    }
    xfree(rows);
    kv_txn_rollback(y);
    kv_txn_rollback(x);
    kv_table_locks(T.kv, &rows, &nr);
    cr_assert_eq(nr, 0);
    xfree(rows);
}
