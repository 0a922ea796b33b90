/* test_serializable.c — SERIALIZABLE (kv invariant 14) on a real stack:
 * write skew (prevented; allowed under REPEATABLE READ), phantoms, deletes
 * in a read span, disjoint transactions, read-only transactions, scans
 * recording only what they returned, concurrent two-phase commits (a
 * committed one, one whose primary committed before its coordinator
 * crashed, one that crashed before its commit point), coarsened span sets
 * and a concurrent bank run whose rule write skew would break.
 */
#include <criterion/criterion.h>

#include "common/str.h"
#include "kv/kv_int.h"
#include "kv_test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Key "<first byte of user range i><name>" (NUL-terminated). */
static char *key(int range, const char *name)
{
    static char ring[32][64];
    static int idx;
    char *k = ring[idx++ % 32];
    size_t n = kvt_key_in_range(&T, range, name, k, 63);
    k[n] = '\0';
    return k;
}

#define S(x) (x), strlen(x)

static struct kv_txn *begin(enum kv_isolation iso, bool ro)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, iso, ro, &t, &e), 0, "%s", e.msg);
    return t;
}

static bool get(struct kv_txn *t, const char *k)
{
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    struct err e = {0};
    cr_assert_eq(kv_txn_get(t, S(k), NULL, &v, &n, &found, &e), 0, "get: %s", e.msg);
    xfree(v);
    return found;
}

static void put(struct kv_txn *t, const char *k, const char *v)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_put(t, S(k), S(v), &e), 0, "put: %s", e.msg);
}

static void del(struct kv_txn *t, const char *k)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_delete(t, S(k), &e), 0, "delete: %s", e.msg);
}

static void commit_ok(struct kv_txn *t)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_commit(t, &e), 0, "commit: %s", e.msg);
}

/* The commit fails with PostgreSQL's serialization failure. */
static void commit_fails(struct kv_txn *t)
{
    struct err e = {0};
    cr_assert_eq(kv_txn_commit(t, &e), ERR_CONFLICT, "commit: %d %s", e.code, e.msg);
    cr_assert_str_eq(err_sqlstate(&e), "40001");
    cr_assert(strncmp(e.msg,
                      "could not serialize access due to read/write dependencies among "
                      "transactions\nDETAIL:  Reason code: Canceled on identification as a "
                      "pivot, during commit attempt.\nHINT:  The transaction might succeed if "
                      "retried.",
                      strlen(e.msg)) == 0,
              "%s", e.msg);
}

static void put1(const char *k, const char *v)
{
    struct kv_txn *t = begin(KV_ISO_READ_COMMITTED, false);
    put(t, k, v);
    commit_ok(t);
}

/* Scan [lo, hi) (limit 0: all), returning the rows seen; frees the
 * iterator (which records the span consumed). */
static size_t scan(struct kv_txn *t, const char *lo, const char *hi, size_t limit)
{
    struct kv_scan s = {.start = lo,
                        .start_len = strlen(lo),
                        .end = hi,
                        .end_len = hi ? strlen(hi) : 0,
                        .limit = limit};
    struct kv_iter *it = NULL;
    struct err e = {0};
    cr_assert_eq(kv_txn_scan(t, &s, &it, &e), 0, "%s", e.msg);
    size_t n = 0;
    bool has = false;
    for (;;) {
        cr_assert_eq(kv_iter_next(it, &has, &e), 0, "%s", e.msg);
        if (!has)
            break;
        n++;
    }
    kv_iter_free(it);
    return n;
}

static void write_skew(enum kv_isolation iso)
{
    char x[64], y[64];
    strcpy(x, key(0, "x"));
    strcpy(y, key(0, "y"));
    put1(x, "1");
    put1(y, "1");
    struct kv_txn *t1 = begin(iso, false), *t2 = begin(iso, false);
    cr_assert(get(t1, x) && get(t1, y));
    cr_assert(get(t2, x) && get(t2, y));
    del(t1, x);
    del(t2, y);
    commit_ok(t1);
    if (iso == KV_ISO_SERIALIZABLE)
        commit_fails(t2);
    else
        commit_ok(t2);
}

Test(kv_ser, write_skew_prevented, .init = setup, .fini = teardown, .timeout = 60)
{
    write_skew(KV_ISO_SERIALIZABLE);
}

Test(kv_ser, write_skew_allowed_under_repeatable_read, .init = setup, .fini = teardown,
     .timeout = 60)
{
    write_skew(KV_ISO_REPEATABLE_READ);
}

Test(kv_ser, phantom_in_scanned_range, .init = setup, .fini = teardown, .timeout = 60)
{
    char lo[64], hi[64], in[64], out[64];
    strcpy(lo, key(0, "p0"));
    strcpy(hi, key(0, "p9"));
    strcpy(in, key(0, "p5"));
    strcpy(out, key(0, "q"));
    put1(key(0, "p1"), "a");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert_eq(scan(t1, lo, hi, 0), 1);
    put(t1, out, "n=1");
    put1(in, "b"); /* a phantom T1 did not see */
    commit_fails(t1);
}

Test(kv_ser, scan_records_only_what_it_returned, .init = setup, .fini = teardown, .timeout = 60)
{
    char lo[64], hi[64];
    strcpy(lo, key(0, "p0"));
    strcpy(hi, key(0, "p9"));
    put1(key(0, "p1"), "a");
    put1(key(0, "p2"), "a");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert_eq(scan(t1, lo, hi, 1), 1); /* read p0..p1 only */
    put(t1, key(0, "q"), "1");
    put1(key(0, "p8"), "b"); /* beyond what T1 read */
    commit_ok(t1);

    struct kv_txn *t2 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert_eq(scan(t2, lo, hi, 1), 1);
    put(t2, key(0, "q"), "2");
    put1(key(0, "p0x"), "c"); /* before p1: inside what T2 read */
    commit_fails(t2);
}

Test(kv_ser, delete_in_read_span, .init = setup, .fini = teardown, .timeout = 60)
{
    char d[64], lo[64], hi[64], e2[64];
    strcpy(d, key(0, "d"));
    strcpy(e2, key(0, "m5"));
    strcpy(lo, key(0, "m0"));
    strcpy(hi, key(0, "m9"));
    put1(d, "1");
    put1(e2, "1");
    /* a point read */
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t1, d));
    put(t1, key(0, "z"), "1");
    struct kv_txn *t2 = begin(KV_ISO_READ_COMMITTED, false);
    del(t2, d);
    commit_ok(t2);
    commit_fails(t1);
    /* a scanned span */
    struct kv_txn *t3 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert_eq(scan(t3, lo, hi, 0), 1);
    put(t3, key(0, "z"), "2");
    struct kv_txn *t4 = begin(KV_ISO_READ_COMMITTED, false);
    del(t4, e2);
    commit_ok(t4);
    commit_fails(t3);
}

Test(kv_ser, disjoint_both_commit, .init = setup, .fini = teardown, .timeout = 60)
{
    put1(key(0, "a"), "1");
    put1(key(0, "c"), "1");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false), *t2 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t1, key(0, "a")));
    cr_assert(get(t2, key(0, "c")));
    cr_assert_eq(scan(t1, key(0, "a"), key(0, "b"), 0), 1);
    put(t1, key(0, "b"), "1");
    put(t2, key(0, "d"), "1");
    commit_ok(t2);
    commit_ok(t1);
    /* a key T1 read and wrote itself, written by nobody else */
    struct kv_txn *t3 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t3, key(0, "a")));
    put(t3, key(0, "a"), "2");
    commit_ok(t3);
}

Test(kv_ser, read_only_never_fails, .init = setup, .fini = teardown, .timeout = 60)
{
    char x[64];
    strcpy(x, key(0, "x"));
    put1(x, "1");
    struct kv_txn *ro = begin(KV_ISO_SERIALIZABLE, true);
    struct kv_txn *rw = begin(KV_ISO_SERIALIZABLE, false); /* writes nothing */
    cr_assert(get(ro, x));
    cr_assert(get(rw, x));
    cr_assert_eq(scan(ro, key(0, "a"), NULL, 0), 1);
    put1(x, "2");
    commit_ok(ro);
    commit_ok(rw);
}

Test(kv_ser, lock_read_recorded, .init = setup, .fini = teardown, .timeout = 60)
{
    char x[64];
    strcpy(x, key(0, "x"));
    put1(x, "1");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    struct err e = {0};
    cr_assert_eq(kv_txn_lock_mode(t1, S(x), KV_LOCK_KEY_SHARE, NULL, &v, &n, &found, &e), 0);
    xfree(v);
    put(t1, key(0, "y"), "1");
    /* a KEY SHARE lock lets a NO KEY UPDATE writer through */
    put1(x, "2");
    commit_fails(t1);
}

/* T1 reads keys in two ranges and writes in two ranges (2PC); T2, also
 * across ranges, writes what T1 read and commits first. */
Test(kv_ser, concurrent_2pc_detected, .init = setup, .fini = teardown, .timeout = 60)
{
    char a[64], b[64];
    strcpy(a, key(0, "a"));
    strcpy(b, key(1, "b"));
    put1(a, "1");
    put1(b, "1");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    struct kv_txn *t2 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t1, a) && get(t1, b));
    cr_assert(get(t2, a) && get(t2, b));
    put(t1, key(0, "w1"), "1");
    put(t1, key(2, "w1"), "1");
    put(t2, key(1, "b"), "2");
    put(t2, key(2, "w2"), "1");
    commit_ok(t2);
    commit_fails(t1);
}

/* T2's primary commits, its coordinator "crashes" before the secondaries:
 * T1's check meets the secondary's lock, resolves it (committed below
 * T1's commit_ts) and fails. */
Test(kv_ser, lock_of_committed_2pc_resolved, .init = setup, .fini = teardown, .timeout = 60)
{
    char sec[64];
    strcpy(sec, key(1, "s"));
    put1(sec, "1");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t1, sec));
    put(t1, key(2, "w"), "1");
    struct kv_txn *t2 = begin(KV_ISO_READ_COMMITTED, false);
    put(t2, key(0, "p"), "1"); /* the primary: smallest key */
    put(t2, sec, "2");
    atomic_store(&T.kv->inject, KV__INJECT_AFTER_PRIMARY);
    struct err e = {0};
    cr_assert_neq(kv_txn_commit(t2, &e), 0);
    atomic_store(&T.kv->inject, KV__INJECT_NONE);
    commit_fails(t1);
}

/* T2 crashes after its prewrites (before commit_ts): T1's check waits for
 * the lock's TTL, rolls it back and commits. */
Test(kv_ser, lock_of_crashed_2pc_rolled_back, .init = setup, .fini = teardown, .timeout = 60)
{
    char sec[64];
    strcpy(sec, key(1, "s"));
    put1(sec, "1");
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t1, sec));
    struct kv_txn *t2 = begin(KV_ISO_READ_COMMITTED, false);
    put(t2, key(0, "p"), "1");
    put(t2, sec, "2");
    atomic_store(&T.kv->inject, KV__INJECT_AFTER_PREWRITE);
    struct err e = {0};
    cr_assert_neq(kv_txn_commit(t2, &e), 0);
    atomic_store(&T.kv->inject, KV__INJECT_NONE);
    put(t1, key(0, "w"), "1"); /* 1PC */
    commit_ok(t1);
}

Test(kv_ser, coarsened_span_set_still_detects, .init = setup, .fini = teardown, .timeout = 60)
{
    char k[64];
    for (int i = 0; i < 40; i += 2) {
        snprintf(k, sizeof k, "r%02d", i);
        put1(key(0, k), "1");
    }
    struct kv_txn *t1 = begin(KV_ISO_SERIALIZABLE, false);
    for (int i = 0; i < 40; i += 4) {
        snprintf(k, sizeof k, "r%02d", i);
        cr_assert(get(t1, key(0, k)));
    }
    kv__ser_compact(t1, 1000, 1u << 20);
    cr_assert_eq(t1->rs.n, 10); /* disjoint points stay apart */
    kv__ser_compact(t1, 3, 1u << 20);
    cr_assert_leq(t1->rs.n, 3);
    kv__ser_compact(t1, 1, 64);
    cr_assert_eq(t1->rs.n, 1);
    put(t1, key(0, "zz"), "1");
    /* a key T1 read */
    snprintf(k, sizeof k, "r%02d", 20);
    put1(key(0, k), "2");
    commit_fails(t1);

    /* coarser is conservative: a key between two read keys conflicts too */
    struct kv_txn *t2 = begin(KV_ISO_SERIALIZABLE, false);
    cr_assert(get(t2, key(0, "r00")));
    cr_assert(get(t2, key(0, "r36")));
    kv__ser_compact(t2, 1, 1u << 20);
    put(t2, key(0, "zz"), "2");
    put1(key(0, "r10"), "3");
    commit_fails(t2);

    /* many reads: automatic coarsening bounds the set */
    struct kv_txn *t3 = begin(KV_ISO_SERIALIZABLE, false);
    for (int i = 0; i < 2 * KV__RSPAN_MAX + 10; i++) {
        snprintf(k, sizeof k, "s%05d", 2 * i);
        get(t3, key(0, k));
    }
    cr_assert_leq(t3->rs.n, KV__RSPAN_MAX);
    put(t3, key(0, "zz"), "3");
    put1(key(0, "s00100"), "1");
    commit_fails(t3);
}

/* ---- concurrent bank: 4 threads; two pairs of accounts and one sink
 * account per thread, spread over three ranges (1PC and 2PC commits). A
 * withdrawal takes from one account of a pair into the thread's sink only
 * when the pair's sum covers it (write skew would drive a pair negative); a
 * refund moves money from the sink back to an account of a pair. ---- */

#define PAIRS 4 /* accounts 0..3: pairs (0,1), (2,3); 4..7: sinks */
#define ACCTS 8

static char acct_key[ACCTS][64];

static long acct_get(struct kv_txn *t, int i, int *rc, struct err *e)
{
    void *v = NULL;
    size_t n = 0;
    bool found = false;
    *rc = kv_txn_get(t, S(acct_key[i]), NULL, &v, &n, &found, e);
    if (*rc != 0 || !found) {
        xfree(v);
        return 0;
    }
    char buf[32];
    memcpy(buf, v, n < 31 ? n : 31);
    buf[n < 31 ? n : 31] = '\0';
    xfree(v);
    return strtol(buf, NULL, 10);
}

static int acct_put(struct kv_txn *t, int i, long v, struct err *e)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return kv_txn_put(t, S(acct_key[i]), S(buf), e);
}

struct bank_arg {
    int id;
    unsigned seed;
    int commits, retries, failures;
};

/* One transfer attempt: 0 or the commit's error. */
static int bank_op(struct bank_arg *a, bool withdraw, int pair, int member, long amt)
{
    struct kv_txn *t = NULL;
    struct err e = {0};
    int rc = kv_txn_begin(T.kv, KV_ISO_SERIALIZABLE, false, &t, &e);
    if (rc != 0)
        return rc;
    int sink = PAIRS + a->id;
    if (withdraw) {
        long x = acct_get(t, pair, &rc, &e);
        long y = rc == 0 ? acct_get(t, pair + 1, &rc, &e) : 0;
        if (rc == 0 && x + y >= amt) {
            nanosleep(&(struct timespec){.tv_nsec = 2000000}, NULL); /* widen the race */
            long k = acct_get(t, sink, &rc, &e);
            if (rc == 0)
                rc = acct_put(t, member, (member == pair ? x : y) - amt, &e);
            if (rc == 0)
                rc = acct_put(t, sink, k + amt, &e);
        }
    } else {
        long k = acct_get(t, sink, &rc, &e);
        if (rc == 0 && k >= amt) {
            long m = acct_get(t, member, &rc, &e);
            if (rc == 0)
                rc = acct_put(t, member, m + amt, &e);
            if (rc == 0)
                rc = acct_put(t, sink, k - amt, &e);
        }
    }
    return kv_txn_commit(t, &e); /* a poisoned one returns its error */
}

static void *bank_worker(void *p)
{
    struct bank_arg *a = p;
    for (int op = 0; op < 40; op++) {
        bool withdraw = rand_r(&a->seed) % 3 != 0;
        int pair = (int)(rand_r(&a->seed) % (PAIRS / 2)) * 2;
        int member = pair + (int)(rand_r(&a->seed) % 2);
        long amt = 30 + (long)(rand_r(&a->seed) % 40);
        for (int attempt = 0;; attempt++) {
            int rc = attempt < 500 ? bank_op(a, withdraw, pair, member, amt) : ERR_INTERNAL;
            if (rc == 0) {
                a->commits++;
                break;
            }
            if (rc != ERR_CONFLICT && rc != ERR_DEADLOCK) {
                a->failures++;
                break;
            }
            a->retries++;
            kv__backoff(attempt % 4);
        }
    }
    return NULL;
}

Test(kv_ser, concurrent_bank_keeps_pairs_non_negative, .init = setup, .fini = teardown,
     .timeout = 120)
{
    for (int i = 0; i < ACCTS; i++) {
        char name[16];
        snprintf(name, sizeof name, "acct%d", i);
        strcpy(acct_key[i], key(i % 3, name));
        put1(acct_key[i], i < PAIRS ? "100" : "0");
    }
    pthread_t th[4];
    struct bank_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (struct bank_arg){.id = i, .seed = 11u + (unsigned)i};
        pthread_create(&th[i], NULL, bank_worker, &args[i]);
    }
    int commits = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(args[i].failures, 0);
        commits += args[i].commits;
    }
    cr_assert_eq(commits, 160);
    struct kv_txn *t = begin(KV_ISO_REPEATABLE_READ, true);
    long total = 0, bal[ACCTS];
    for (int i = 0; i < ACCTS; i++) {
        int rc;
        struct err e = {0};
        bal[i] = acct_get(t, i, &rc, &e);
        cr_assert_eq(rc, 0);
        total += bal[i];
    }
    kv_txn_rollback(t);
    cr_assert_eq(total, 100 * PAIRS);
    for (int i = 0; i < PAIRS; i += 2)
        cr_assert_geq(bal[i] + bal[i + 1], 0, "pair %d: %ld + %ld", i, bal[i], bal[i + 1]);
}
