/* test_model.c — a randomized model test: N threads run random transactions
 * for a few seconds on ~20 keys spread over every range, and the history is
 * checked afterwards:
 *  - bank: transfers between 10 accounts (locking reads, both isolation
 *    levels, random lock order so deadlocks happen) keep the total; every
 *    REPEATABLE READ audit (two batch gets and a scan of all accounts) sees
 *    the same total both times and the same balances — snapshots across
 *    ranges are consistent and repeatable;
 *  - counter: increments through kv_txn_lock at READ COMMITTED sum up to
 *    the number of committed increments (no lost updates);
 *  - dirty reads: scratch keys get values tagged with the writer's start
 *    timestamp; about a third of those writers roll back; every tag ever
 *    read (by get or scan) belongs to a committed transaction.
 * Allowed failures are 40001, 40P01 and 55P03; anything else fails the test.
 * Seeded: a failing run prints its seed.
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ACCOUNTS 10
#define N_SCRATCH  8
#define START_BAL  1000
#define N_THREADS  6
#define RUN_MS     3000
#define MAX_TAGS   20000

static struct kvt T;
static char accts[N_ACCOUNTS][16];
static size_t accts_len[N_ACCOUNTS];
static char scratch[N_SCRATCH][16];
static char counter_key[16];

struct hist {
    unsigned seed;
    int increments;
    int bad_errors;
    char bad_msg[256];
    int audits, audit_fail;
    int transfers;
    /* tags of committed and of observed scratch values */
    uint64_t committed[MAX_TAGS];
    size_t n_committed;
    uint64_t seen[MAX_TAGS];
    size_t n_seen;
};

static struct hist H[N_THREADS];
static atomic_bool stop;

static void make_keys(void)
{
    for (int i = 0; i < N_ACCOUNTS; i++) {
        char name[16];
        snprintf(name, sizeof name, "acct%02d", i);
        accts_len[i] = kvt_key_in_range(&T, i % 3, name, accts[i], sizeof accts[i]);
    }
    for (int i = 0; i < N_SCRATCH; i++) {
        char name[16];
        snprintf(name, sizeof name, "scr%02d", i);
        kvt_key_in_range(&T, (i + 1) % 3, name, scratch[i], sizeof scratch[i]);
    }
    kvt_key_in_range(&T, 1, "counter", counter_key, sizeof counter_key);
}

static bool allowed(int rc)
{
    return rc == ERR_CONFLICT || rc == ERR_DEADLOCK || rc == ERR_LOCKTIMEOUT;
}

static void bad(struct hist *h, int rc, const struct err *e, const char *what)
{
    if (h->bad_errors++ == 0)
        snprintf(h->bad_msg, sizeof h->bad_msg, "%s: rc %d: %s", what, rc, e->msg);
}

static long parse(const void *v, size_t n)
{
    char buf[32];
    if (n > 31)
        n = 31;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return atol(buf);
}

static void transfer(struct hist *h)
{
    int a = (int)(rand_r(&h->seed) % N_ACCOUNTS), b = (int)(rand_r(&h->seed) % N_ACCOUNTS);
    if (a == b)
        return;
    enum kv_isolation iso = rand_r(&h->seed) % 2 ? KV_ISO_READ_COMMITTED : KV_ISO_REPEATABLE_READ;
    struct kv_txn *t;
    struct err e = {0};
    int rc = kv_txn_begin(T.kv, iso, false, &t, &e);
    if (rc != 0) {
        bad(h, rc, &e, "begin");
        return;
    }
    long amount = (long)(rand_r(&h->seed) % 50) + 1;
    void *va = NULL, *vb = NULL;
    size_t la = 0, lb = 0;
    bool fa, fb;
    rc = kv_txn_lock(t, accts[a], accts_len[a], NULL, &va, &la, &fa, &e);
    if (rc == 0)
        rc = kv_txn_lock(t, accts[b], accts_len[b], NULL, &vb, &lb, &fb, &e);
    if (rc == 0) {
        char out[32];
        snprintf(out, sizeof out, "%ld", parse(va, la) - amount);
        rc = kv_txn_put(t, accts[a], accts_len[a], out, strlen(out), &e);
        snprintf(out, sizeof out, "%ld", parse(vb, lb) + amount);
        if (rc == 0)
            rc = kv_txn_put(t, accts[b], accts_len[b], out, strlen(out), &e);
    }
    xfree(va);
    xfree(vb);
    if (rc != 0) {
        if (!allowed(rc))
            bad(h, rc, &e, "transfer");
        kv_txn_rollback(t);
        return;
    }
    rc = kv_txn_commit(t, &e);
    if (rc == 0)
        h->transfers++;
    else if (!allowed(rc))
        bad(h, rc, &e, "transfer commit");
}

static void note_seen(struct hist *h, const void *v, size_t n)
{
    if (n > 4 && memcmp(v, "tag:", 4) == 0 && h->n_seen < MAX_TAGS) {
        char buf[32];
        memcpy(buf, (const char *)v + 4, n - 4 < 31 ? n - 4 : 31);
        buf[n - 4 < 31 ? n - 4 : 31] = '\0';
        h->seen[h->n_seen++] = strtoull(buf, NULL, 10);
    }
}

static void audit(struct hist *h)
{
    struct kv_txn *t;
    struct err e = {0};
    int rc = kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &t, &e);
    if (rc != 0) {
        bad(h, rc, &e, "audit begin");
        return;
    }
    struct mem_ctx *ctx = mem_ctx_new(NULL, "audit");
    struct kv_key keys[N_ACCOUNTS];
    for (int i = 0; i < N_ACCOUNTS; i++)
        keys[i] = (struct kv_key){accts[i], accts_len[i]};
    struct kv_value v1[N_ACCOUNTS], v2[N_ACCOUNTS];
    rc = kv_txn_batch_get(t, keys, N_ACCOUNTS, ctx, v1, &e);
    long sum1 = 0, sum2 = 0, sum3 = 0;
    bool same = true;
    if (rc == 0) {
        /* scratch reads in between, by get and by scan of everything */
        for (int i = 0; i < N_SCRATCH && rc == 0; i++) {
            void *v;
            size_t n;
            bool f;
            rc = kv_txn_get(t, scratch[i], strlen(scratch[i]), ctx, &v, &n, &f, &e);
            if (rc == 0 && f)
                note_seen(h, v, n);
        }
        struct kv_scan sc = {"\x02", 1, NULL, 0, rand_r(&h->seed) % 2 == 0, 0};
        struct kv_iter *it = NULL;
        if (rc == 0)
            rc = kv_txn_scan(t, &sc, &it, &e);
        while (rc == 0) {
            bool has;
            rc = kv_iter_next(it, &has, &e);
            if (rc != 0 || !has)
                break;
            size_t kl, vl;
            const char *k = kv_iter_key(it, &kl);
            const void *v = kv_iter_value(it, &vl);
            if (kl > 5 && memcmp(k + 1, "acct", 4) == 0)
                sum3 += parse(v, vl);
            note_seen(h, v, vl);
        }
        kv_iter_free(it);
    }
    if (rc == 0)
        rc = kv_txn_batch_get(t, keys, N_ACCOUNTS, ctx, v2, &e);
    if (rc == 0) {
        for (int i = 0; i < N_ACCOUNTS; i++) {
            sum1 += parse(v1[i].val, v1[i].len);
            sum2 += parse(v2[i].val, v2[i].len);
            if (v1[i].len != v2[i].len || memcmp(v1[i].val, v2[i].val, v1[i].len) != 0)
                same = false;
        }
        h->audits++;
        if (sum1 != START_BAL * N_ACCOUNTS || sum2 != sum1 || sum3 != sum1 || !same)
            h->audit_fail++;
    } else {
        bad(h, rc, &e, "audit");
    }
    mem_ctx_free(ctx);
    kv_txn_rollback(t);
}

static void increment(struct hist *h)
{
    struct kv_txn *t;
    struct err e = {0};
    int rc = kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e);
    if (rc != 0) {
        bad(h, rc, &e, "begin");
        return;
    }
    void *v = NULL;
    size_t n = 0;
    bool f;
    rc = kv_txn_stmt_begin(t, &e);
    if (rc == 0)
        rc = kv_txn_lock(t, counter_key, strlen(counter_key), NULL, &v, &n, &f, &e);
    if (rc == 0) {
        char out[32];
        snprintf(out, sizeof out, "%ld", (f ? parse(v, n) : 0) + 1);
        rc = kv_txn_put(t, counter_key, strlen(counter_key), out, strlen(out), &e);
    }
    xfree(v);
    if (rc == 0) {
        kv_txn_stmt_end(t, false);
        rc = kv_txn_commit(t, &e);
        if (rc == 0)
            h->increments++;
        else if (!allowed(rc))
            bad(h, rc, &e, "increment commit");
        return;
    }
    if (!allowed(rc))
        bad(h, rc, &e, "increment");
    kv_txn_rollback(t);
}

static void scribble(struct hist *h)
{
    struct kv_txn *t;
    struct err e = {0};
    int rc = kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e);
    if (rc != 0) {
        bad(h, rc, &e, "begin");
        return;
    }
    char v[48];
    snprintf(v, sizeof v, "tag:%" PRIu64, kv_txn_start_ts(t));
    int n = 1 + (int)(rand_r(&h->seed) % 3);
    for (int i = 0; i < n && rc == 0; i++) {
        const char *k = scratch[rand_r(&h->seed) % N_SCRATCH];
        if (rand_r(&h->seed) % 5 == 0)
            rc = kv_txn_delete(t, k, strlen(k), &e);
        else
            rc = kv_txn_put(t, k, strlen(k), v, strlen(v), &e);
    }
    if (rc == 0 && rand_r(&h->seed) % 3 != 0) {
        uint64_t ts = kv_txn_start_ts(t);
        rc = kv_txn_commit(t, &e);
        if (rc == 0 && h->n_committed < MAX_TAGS)
            h->committed[h->n_committed++] = ts;
        else if (rc != 0 && !allowed(rc))
            bad(h, rc, &e, "scribble commit");
        return;
    }
    if (rc != 0 && !allowed(rc))
        bad(h, rc, &e, "scribble");
    kv_txn_rollback(t);
}

static void *worker(void *p)
{
    struct hist *h = p;
    while (!atomic_load(&stop)) {
        switch (rand_r(&h->seed) % 4) {
        case 0:
            transfer(h);
            break;
        case 1:
            audit(h);
            break;
        case 2:
            increment(h);
            break;
        default:
            scribble(h);
            break;
        }
    }
    return NULL;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void setup(void)
{
    struct err e = {0};
    struct kv_options o;
    kv_options_init(&o);
    o.lock_timeout_ms = 2000;
    o.lock_ttl_ms = 1000;
    cr_assert_eq(kvt_start(&T, ENG_MEMORY, 3, &o, &e), 0, "%s", e.msg);
}

static void teardown(void)
{
    kvt_stop(&T);
}

Test(kv_model, random_transactions_keep_invariants, .init = setup, .fini = teardown, .timeout = 180)
{
    struct err e = {0};
    make_keys();
    struct kv_txn *t;
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    for (int i = 0; i < N_ACCOUNTS; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", START_BAL);
        cr_assert_eq(kv_txn_put(t, accts[i], accts_len[i], v, strlen(v), &e), 0);
    }
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);

    unsigned seed = (unsigned)time(NULL);
    const char *env = getenv("KV_MODEL_SEED");
    if (env != NULL)
        seed = (unsigned)strtoul(env, NULL, 10);
    pthread_t th[N_THREADS];
    atomic_store(&stop, false);
    for (int i = 0; i < N_THREADS; i++) {
        memset(&H[i], 0, sizeof H[i]);
        H[i].seed = seed * 31 + (unsigned)i;
        pthread_create(&th[i], NULL, worker, &H[i]);
    }
    usleep(RUN_MS * 1000);
    atomic_store(&stop, true);
    int increments = 0, transfers = 0, audits = 0;
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(H[i].bad_errors, 0, "seed %u: thread %d: %s", seed, i, H[i].bad_msg);
        cr_assert_eq(H[i].audit_fail, 0, "seed %u: thread %d: %d failed audits", seed, i,
                     H[i].audit_fail);
        increments += H[i].increments;
        transfers += H[i].transfers;
        audits += H[i].audits;
    }
    cr_assert_gt(transfers, 10, "seed %u", seed);
    cr_assert_gt(audits, 10, "seed %u", seed);
    char buf[32];
    cr_assert_eq(kvt_get1(T.kv, counter_key, buf, sizeof buf), 0);
    cr_assert_eq(atol(buf), increments, "seed %u: counter %s, %d increments", seed, buf,
                 increments);

    /* every tag seen belongs to a committed transaction */
    static uint64_t all[N_THREADS * MAX_TAGS];
    size_t n = 0;
    for (int i = 0; i < N_THREADS; i++)
        for (size_t j = 0; j < H[i].n_committed; j++)
            all[n++] = H[i].committed[j];
    qsort(all, n, sizeof all[0], u64_cmp);
    for (int i = 0; i < N_THREADS; i++)
        for (size_t j = 0; j < H[i].n_seen; j++)
            cr_assert_not_null(bsearch(&H[i].seen[j], all, n, sizeof all[0], u64_cmp),
                               "seed %u: dirty read of tag %" PRIu64, seed, H[i].seen[j]);
    /* final total */
    long sum = 0;
    for (int i = 0; i < N_ACCOUNTS; i++) {
        cr_assert_eq(kvt_get1(T.kv, accts[i], buf, sizeof buf), 0);
        sum += atol(buf);
    }
    cr_assert_eq(sum, START_BAL * N_ACCOUNTS);
    struct kv_stats st;
    kv_stats(T.kv, &st);
    cr_log_info("seed %u: %d transfers, %d audits, %d increments; 1pc %llu 2pc %llu, "
                "conflicts %llu, deadlocks %llu, lock waits %llu, timeouts %llu",
                seed, transfers, audits, increments, (unsigned long long)st.commits_1pc,
                (unsigned long long)st.commits_2pc, (unsigned long long)st.conflicts,
                (unsigned long long)st.deadlocks, (unsigned long long)st.lock_waits,
                (unsigned long long)st.lock_timeouts);
}
