/* test_store.c — one node's store over real raft_uv logs and a real engine
 * (RocksDB, and the memory engine where cheap): bootstrap, open, proposals
 * to every range, the range map, restart that replays exactly the missing
 * suffix, snapshots with log truncation, group commit under 16 threads, a
 * corrupt raft segment failing one range only, and configuration errors.
 */
#include <criterion/criterion.h>

#include "common/metrics.h"
#include "range/range_int.h"
#include "range_test.h"

#include <dirent.h>
#include <sys/stat.h>
#include <fcntl.h>

#define S(x) (x), strlen(x)

#if defined(__SANITIZE_ADDRESS__)
#define SF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SF_ASAN 1
#endif
#endif
#ifdef SF_ASAN
#include <sanitizer/lsan_interface.h>
#define LSAN_OFF() __lsan_disable()
#define LSAN_ON()  __lsan_enable()
#else
#define LSAN_OFF() ((void)0)
#define LSAN_ON()  ((void)0)
#endif

static struct rt_node N1;

static void teardown(void)
{
    rt_node_destroy(&N1);
}

TestSuite(range_store, .fini = teardown, .timeout = 120);

static void boot_open(enum eng_kind kind, int presplit, unsigned snap_interval)
{
    struct err e = {0};
    rt_node_init(&N1, 1, kind, 0);
    N1.cfg.snapshot_interval_entries = snap_interval;
    cr_assert_eq(rng_store_bootstrap(&N1.cfg, presplit, &e), 0, "%s", e.msg);
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    for (int r = 1; r <= presplit + 1; r++)
        cr_assert(rt_wait_leader(N1.store, (uint64_t)r, 10000), "range %d has no leader", r);
}

static void expect_val(struct eng *e, const char *key, const char *val)
{
    char *v = rt_get(e, key);
    cr_assert_not_null(v, "missing key");
    cr_assert_str_eq(v, val);
    free(v);
}

static void stats(uint64_t range, struct rng__fsm_stats *st)
{
    cr_assert_eq(rng__store_fsm_stats(N1.store, range, st), 0);
}

static void bootstrap_propose(enum eng_kind kind)
{
    static const char *keys[] = {"\x01user-meta",
                                 "\x02"
                                 "a",
                                 "\x60"
                                 "b",
                                 "\xb0"
                                 "c"};
    struct err e = {0};
    boot_open(kind, 3, 0);
    for (int r = 0; r < 4; r++) {
        char val[16];
        snprintf(val, sizeof(val), "v%d", r);
        cr_assert_eq(rt_propose_put(N1.store, (uint64_t)r + 1, keys[r], val, 5000, &e), 0,
                     "range %d: %s", r + 1, e.msg);
        expect_val(N1.eng, keys[r], val);
        struct rng_desc d;
        cr_assert_eq(rng_lookup(N1.store, keys[r], strlen(keys[r]), &d, &e), 0);
        cr_assert_eq(d.range_id, (uint64_t)r + 1);
        cr_assert(rng_desc_contains(&d, keys[r], strlen(keys[r])));
        rng_desc_free(&d);
    }
    /* a key of another range */
    cr_assert_eq(rt_propose_put(N1.store, 2, "\xb0zz", "x", 5000, &e), ERR_INVAL);
    cr_assert(strstr(e.msg, "outside range") != NULL, "%s", e.msg);
    cr_assert_eq(rt_propose_put(N1.store, 77, "\xb0zz", "x", 5000, &e), ERR_NOTFOUND);

    struct rng_desc *all;
    size_t n;
    cr_assert_eq(rng_list(N1.store, &all, &n, &e), 0);
    cr_assert_eq(n, 4);
    cr_assert_eq(all[0].range_id, 1);
    cr_assert_eq(all[0].start_len, 0);
    cr_assert(all[3].end_inf);
    for (size_t i = 1; i < n; i++)
        cr_assert_eq(
            rng__keycmp(all[i - 1].end, all[i - 1].end_len, all[i].start, all[i].start_len), 0,
            "ranges must tile the keyspace");
    rng_desc_array_free(all, n);

    struct rng_replica_status *st;
    cr_assert_eq(rng_store_status(N1.store, &st, &n), 0);
    cr_assert_eq(n, 4);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(st[i].raft_state, RAFT_LEADER);
        cr_assert_eq(st[i].leader_id, 1);
        cr_assert(st[i].lease_valid);
        cr_assert_not(st[i].failed);
        cr_assert_geq(st[i].applied_index, 2);
    }
    free(st);
    uint64_t leader = 0;
    cr_assert_eq(rng_leader(N1.store, 3, &leader, &e), 0);
    cr_assert_eq(leader, 1);
    cr_assert_eq(rng_read_begin(N1.store, 3, 1000, &e), 0);
    cr_assert_eq(rng_store_node_id(N1.store), 1);
    cr_assert_eq(rng_store_engine(N1.store), N1.eng);
}

Test(range_store, bootstrap_open_propose_rocksdb)
{
    bootstrap_propose(ENG_ROCKSDB);
}

Test(range_store, bootstrap_open_propose_memory)
{
    bootstrap_propose(ENG_MEMORY);
}

Test(range_store, bootstrap_twice_and_bad_config)
{
    struct err e = {0};
    boot_open(ENG_MEMORY, 1, 0);
    cr_assert_eq(rng_store_bootstrap(&N1.cfg, 1, &e), ERR_EXISTS, "%s", e.msg);
    struct rng_store_config c = N1.cfg;
    c.node_id = 0;
    cr_assert_eq(rng_store_bootstrap(&c, 1, &e), ERR_INVAL);
    c = N1.cfg;
    static const char *const no_default[] = {"lock"};
    c.cfs = no_default;
    c.n_cfs = 1;
    cr_assert_eq(rng_store_bootstrap(&c, 1, &e), ERR_INVAL);
    cr_assert(strstr(e.msg, "default") != NULL, "%s", e.msg);
}

Test(range_store, bootstrap_failure_leaves_nothing_behind)
{
    struct err e = {0};
    char path[512];
    rt_node_init(&N1, 1, ENG_MEMORY, 0);
    /* range 3's directory already holds a file: bootstrap fails there */
    snprintf(path, sizeof(path), "%s/raft/3", N1.dir);
    cr_assert_eq(rng__mkdirs(path, &e), 0);
    snprintf(path, sizeof(path), "%s/raft/3/junk", N1.dir);
    FILE *f = fopen(path, "w");
    fputs("x", f);
    fclose(f);
    cr_assert_eq(rng_store_bootstrap(&N1.cfg, 3, &e), ERR_EXISTS, "%s", e.msg);
    snprintf(path, sizeof(path), "%s/raft/1", N1.dir);
    cr_assert_neq(access(path, F_OK), 0, "range 1's log was left behind");
    snprintf(path, sizeof(path), "%s/raft/3/junk", N1.dir);
    unlink(path);
    cr_assert_eq(rng_store_bootstrap(&N1.cfg, 3, &e), 0, "%s", e.msg);
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
}

Test(range_store, open_without_bootstrap)
{
    rt_node_init(&N1, 1, ENG_MEMORY, 0);
    cr_assert_eq(rt_node_open(&N1), ERR_NOTFOUND);
}

static void restart_suffix(enum eng_kind kind)
{
    struct err e = {0};
    struct rng__fsm_stats st;
    uint64_t a7 = 0, a10 = 0;
    char key[32];
    boot_open(kind, 1, 0);
    for (int i = 1; i <= 10; i++) {
        snprintf(key, sizeof(key), "\x10key%02d", i);
        cr_assert_eq(rt_propose_put(N1.store, 2, key, "v", 5000, &e), 0, "%s", e.msg);
        stats(2, &st);
        if (i == 7)
            a7 = st.applied_index;
        if (i == 10)
            a10 = st.applied_index;
    }
    cr_assert_gt(a10, a7);
    rt_node_close_store(&N1);

    /* reopen: everything is there, nothing is applied twice */
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 2, 10000));
    stats(2, &st);
    cr_assert_eq(st.n_applied, 0, "re-applied %llu entries", (unsigned long long)st.n_applied);
    cr_assert_geq(st.n_skipped, 10);
    cr_assert_eq(st.applied_index, a10);
    rt_node_close_store(&N1);

    /* lose the last three applies (as a crash before the engine synced):
     * restart must replay exactly those */
    {
        struct eng_batch *b = eng_batch_new(N1.eng);
        unsigned char k[RNG__LOCAL_KEY_LEN], v[12];
        rng__applied_key(2, k);
        rng__applied_value(a7, v);
        eng_batch_put(b, eng_cf(N1.eng, RNG_CF_LOCAL), k, sizeof(k), v, sizeof(v));
        for (int i = 8; i <= 10; i++) {
            snprintf(key, sizeof(key), "\x10key%02d", i);
            eng_batch_delete(b, eng_cf(N1.eng, "default"), key, strlen(key));
        }
        cr_assert_eq(eng_write(b, ENG_SYNC_YES, &e), 0);
        eng_batch_free(b);
    }
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 2, 10000));
    stats(2, &st);
    cr_assert_eq(st.n_applied, 3, "replayed %llu entries", (unsigned long long)st.n_applied);
    cr_assert_eq(st.applied_index, a10);
    for (int i = 1; i <= 10; i++) {
        snprintf(key, sizeof(key), "\x10key%02d", i);
        expect_val(N1.eng, key, "v");
    }
    /* and it keeps serving */
    cr_assert_eq(rt_propose_put(N1.store, 2,
                                "\x10"
                                "after",
                                "x", 5000, &e),
                 0, "%s", e.msg);
}

Test(range_store, restart_replays_only_the_missing_suffix_rocksdb)
{
    restart_suffix(ENG_ROCKSDB);
}

Test(range_store, restart_replays_only_the_missing_suffix_memory)
{
    restart_suffix(ENG_MEMORY);
}

static int count_files(const char *dir, const char *prefix, char *first, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    if (first)
        first[0] = 0;
    while (d && (de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
            continue;
        n++;
        if (first && (first[0] == 0 || strcmp(de->d_name, first) < 0))
            snprintf(first, cap, "%s", de->d_name);
    }
    if (d)
        closedir(d);
    return n;
}

Test(range_store, snapshot_truncates_the_log_and_restart_restores)
{
    struct err e = {0};
    struct rng__fsm_stats st;
    char key[32], dir[512], first[256];
    boot_open(ENG_ROCKSDB, 1, 16);
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "\x10key%03d", i);
        cr_assert_eq(rt_propose_put(N1.store, 2, key, "v", 5000, &e), 0, "%s", e.msg);
    }
    /* snapshots are taken asynchronously: wait for one */
    for (int i = 0; i < 200; i++) {
        stats(2, &st);
        if (st.n_snapshots > 0)
            break;
        rt_sleep_ms(20);
    }
    cr_assert_gt(st.n_snapshots, 0, "no snapshot taken");
    snprintf(dir, sizeof(dir), "%s/raft/2", N1.dir);
    cr_assert_gt(count_files(dir, "snapshot-", NULL, 0), 0, "no snapshot file");
    rt_node_close_store(&N1);
    /* the log's head was truncated: no closed segment starts at index 1 */
    count_files(dir, "0000", first, sizeof(first));
    cr_assert(first[0] != 0);
    cr_assert(strncmp(first, "0000000000000001-", 17) != 0, "segment %s still there", first);

    /* restart: the engine already holds the snapshot's state */
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 2, 10000));
    stats(2, &st);
    cr_assert_eq(st.n_restored, 0);
    cr_assert_eq(st.n_restore_skipped, 1);
    cr_assert_eq(st.n_applied, 0);
    rt_node_close_store(&N1);

    /* the snapshot on disk is a marker, not a copy of the range */
    {
        char path[1024];
        struct stat sb;
        count_files(dir, "snapshot-", first, sizeof(first));
        snprintf(path, sizeof(path), "%s/%s", dir, first);
        cr_assert_eq(stat(path, &sb), 0, "%s", path);
        cr_assert_lt(sb.st_size, 200, "snapshot %s has %lld bytes", path, (long long)sb.st_size);
    }

    /* the engine loses the range (applied index 0, data gone): the log
     * before the snapshot is gone too, so the replica fails, naming the
     * loss, and nothing is half-restored */
    {
        struct eng_batch *b = eng_batch_new(N1.eng);
        unsigned char k[RNG__LOCAL_KEY_LEN], v[12];
        rng__applied_key(2, k);
        rng__applied_value(0, v);
        eng_batch_put(b, eng_cf(N1.eng, RNG_CF_LOCAL), k, sizeof(k), v, sizeof(v));
        eng_batch_delete_range(b, eng_cf(N1.eng, "default"), S("\x02"), S(RNG_KEY_MAX));
        cr_assert_eq(eng_write(b, ENG_SYNC_YES, &e), 0);
        eng_batch_free(b);
        char *gone = rt_get(N1.eng, "\x10key000");
        cr_assert_null(gone);
    }
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 1, 10000));
    cr_assert_eq(rt_propose_put(N1.store, 2, "\x10k", "v", 1000, &e), ERR_CORRUPT);
    stats(2, &st);
    cr_assert_eq(st.n_restored, 0);
}

/* A few large entries reach raft.snapshot_interval_bytes long before the
 * entry threshold: a snapshot follows, keeping only the trailing entries
 * that fit in an eighth of the bound (libraft holds the rest in memory). */
Test(range_store, snapshot_by_bytes_bounds_the_log)
{
    struct err e = {0};
    struct rng__fsm_stats st;
    char key[32];
    char *big = malloc(128 << 10);
    memset(big, 'x', (128 << 10) - 1);
    big[(128 << 10) - 1] = 0;
    rt_node_init(&N1, 1, ENG_ROCKSDB, 0);
    N1.cfg.snapshot_interval_entries = 10000;
    N1.cfg.snapshot_interval_bytes = 1 << 20;
    cr_assert_eq(rng_store_bootstrap(&N1.cfg, 1, &e), 0, "%s", e.msg);
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 2, 10000));
    for (int i = 0; i < 24; i++) {
        snprintf(key, sizeof(key),
                 "\x10"
                 "big%02d",
                 i);
        cr_assert_eq(rt_propose_put(N1.store, 2, key, big, 5000, &e), 0, "%s", e.msg);
    }
    for (int i = 0; i < 200; i++) {
        stats(2, &st);
        if (st.n_snapshots >= 2)
            break;
        rt_sleep_ms(20);
    }
    cr_assert_geq(st.n_snapshots, 2, "3 MiB of entries, a 1 MiB bound: %llu snapshots",
                  (unsigned long long)st.n_snapshots);
    cr_assert_geq(st.n_byte_snapshots, 2);
    cr_assert_eq(st.trailing, 1, "trailing %u entries of 128 KiB for a 128 KiB budget",
                 st.trailing);
    /* restart: the data is there, from the engine */
    rt_node_close_store(&N1);
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 2, 10000));
    for (int i = 0; i < 24; i++) {
        snprintf(key, sizeof(key),
                 "\x10"
                 "big%02d",
                 i);
        expect_val(N1.eng, key, big);
    }
    free(big);
}

/* ---- group commit ---------------------------------------------------------------- */

struct worker {
    pthread_t t;
    int id, n, failures;
    struct err last;
};

static void *propose_worker(void *arg)
{
    struct worker *w = arg;
    char key[32];
    for (int i = 0; i < w->n; i++) {
        snprintf(key, sizeof(key), "\x10w%02d-%04d", w->id, i);
        if (rt_propose_put(N1.store, 2, key, "value", 20000, &w->last) != 0)
            w->failures++;
    }
    return NULL;
}

Test(range_store, group_commit_16_threads)
{
    enum { THREADS = 16, PER = 200, SEQ = 500 };
    struct worker w[THREADS];
    struct err e = {0};
    char key[32];
    boot_open(ENG_ROCKSDB, 1, 0);

    struct met_counter *props = met_counter_new("shardforge_raft_proposals_total", "", N1.labels);
    struct met_counter *ents =
        met_counter_new("shardforge_raft_proposal_batches_total", "", N1.labels);

    /* sequential, one proposer: one entry and one fsync each */
    double t0 = rt_now();
    for (int i = 0; i < SEQ; i++) {
        snprintf(key, sizeof(key), "\x10seq%04d", i);
        cr_assert_eq(rt_propose_put(N1.store, 2, key, "v", 5000, &e), 0, "%s", e.msg);
    }
    double seq_s = rt_now() - t0;

    uint64_t p0 = met_counter_value(props), e0 = met_counter_value(ents);
    t0 = rt_now();
    for (int i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].id = i;
        w[i].n = PER;
        pthread_create(&w[i].t, NULL, propose_worker, &w[i]);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(w[i].t, NULL);
    double par_s = rt_now() - t0;
    for (int i = 0; i < THREADS; i++)
        cr_assert_eq(w[i].failures, 0, "thread %d: %s", i, w[i].last.msg);
    uint64_t np = met_counter_value(props) - p0, ne = met_counter_value(ents) - e0;
    cr_assert_eq(np, THREADS * PER);
    cr_log_info("sequential: %d proposals in %.3f s (%.0f/s, %.0f us each); "
                "16 threads: %d proposals in %.3f s (%.0f/s) carried by %llu raft entries "
                "(%.1f per entry)",
                SEQ, seq_s, SEQ / seq_s, seq_s / SEQ * 1e6, THREADS * PER, par_s,
                THREADS * PER / par_s, (unsigned long long)ne, (double)np / (double)ne);
    fprintf(stderr,
            "PERF sequential %.0f/s (%.0f us each); 16 threads %.0f/s, %llu entries for %llu "
            "proposals\n",
            SEQ / seq_s, seq_s / SEQ * 1e6, THREADS * PER / par_s, (unsigned long long)ne,
            (unsigned long long)np);
    cr_assert_lt(ne * 4, np, "group commit: %llu entries for %llu proposals",
                 (unsigned long long)ne, (unsigned long long)np);
    for (int i = 0; i < THREADS; i++) {
        snprintf(key, sizeof(key), "\x10w%02d-%04d", i, PER - 1);
        expect_val(N1.eng, key, "value");
    }
}

/* ---- async proposals and shutdown ------------------------------------------------------ */

struct async_res {
    atomic_int done;
    atomic_int rc;
};

static void async_cb(void *arg, int rc, const struct err *err)
{
    struct async_res *r = arg;
    (void)err;
    atomic_store(&r->rc, rc);
    atomic_store(&r->done, 1);
}

Test(range_store, propose_async_and_shutdown)
{
    struct async_res r = {0};
    struct err e = {0};
    boot_open(ENG_MEMORY, 1, 0);
    struct rng_batch *b = rt_put("\x10"
                                 "async",
                                 "yes");
    cr_assert_eq(rng_propose_async(N1.store, 2, b, async_cb, &r), 0);
    for (int i = 0; i < 500 && !atomic_load(&r.done); i++)
        rt_sleep_ms(10);
    cr_assert(atomic_load(&r.done));
    cr_assert_eq(atomic_load(&r.rc), 0);
    expect_val(N1.eng,
               "\x10"
               "async",
               "yes");
    /* empty and malformed batches */
    struct rng_batch *empty = rng_batch_new();
    cr_assert_eq(rng_propose(N1.store, 2, empty, 1000, &e), ERR_INVAL);
    rng_batch_put(empty, 9, S("\x10k"), S("v"));
    cr_assert_eq(rng_propose(N1.store, 2, empty, 1000, &e), ERR_INVAL);
    rng_batch_free(empty);
    rng_batch_free(b);
    rt_node_close_store(&N1);
}

Test(range_store, propose_async_take_alone_and_grouped)
{
    /* a taken batch becomes the raft entry itself when alone, and is copied
     * into a group entry when several proposals share one; a refused one is
     * freed too (ASan checks the ownership) */
    boot_open(ENG_MEMORY, 1, 0);
    enum { N = 6 };
    struct async_res r[N];
    memset(r, 0, sizeof r);
    for (int i = 0; i < N; i++) {
        char k[16];
        snprintf(k, sizeof k, "\x10take%d", i);
        struct rng_batch *b = rng_batch_new();
        rng_batch_reserve(b, 4096);
        rng_batch_put(b, 0, k, strlen(k), "v", 1);
        cr_assert_eq(rng_propose_async_take(N1.store, 2, b, async_cb, &r[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        for (int w = 0; w < 500 && !atomic_load(&r[i].done); w++)
            rt_sleep_ms(10);
        cr_assert(atomic_load(&r[i].done));
        cr_assert_eq(atomic_load(&r[i].rc), 0);
        char k[16];
        snprintf(k, sizeof k, "\x10take%d", i);
        expect_val(N1.eng, k, "v");
    }
    struct rng_batch *bad = rng_batch_new();
    rng_batch_put(bad, 9, S("\x10k"), S("v"));
    cr_assert_eq(rng_propose_async_take(N1.store, 2, bad, async_cb, &r[0]), ERR_INVAL);
    rt_node_close_store(&N1);
}

/* ---- corruption --------------------------------------------------------------------------- */

static void corrupt_segments(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    cr_assert_not_null(d);
    while ((de = readdir(d)) != NULL) {
        char path[1024];
        struct stat stt;
        if (strncmp(de->d_name, "0000", 4) != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        cr_assert_eq(stat(path, &stt), 0);
        if (stt.st_size < 64)
            continue;
        int fd = open(path, O_RDWR);
        unsigned char c;
        off_t off = stt.st_size - 8; /* inside the last entry's data */
        cr_assert_eq(pread(fd, &c, 1, off), 1);
        c ^= 0x5a;
        cr_assert_eq(pwrite(fd, &c, 1, off), 1);
        close(fd);
        n++;
    }
    closedir(d);
    cr_assert_gt(n, 0, "no closed segment in %s", dir);
}

Test(range_store, corrupt_segment_fails_one_range_only)
{
    struct err e = {0};
    char dir[512];
    boot_open(ENG_ROCKSDB, 3, 0);
    for (int r = 2; r <= 4; r++) {
        const char *k = r == 2 ? "\x10k" : r == 3 ? "\x60k" : "\xc0k";
        cr_assert_eq(rt_propose_put(N1.store, (uint64_t)r, k, "v", 5000, &e), 0, "%s", e.msg);
    }
    rt_node_close_store(&N1);
    snprintf(dir, sizeof(dir), "%s/raft/3", N1.dir);
    corrupt_segments(dir);

    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 2, 10000));
    cr_assert(rt_wait_leader(N1.store, 4, 10000));
    cr_assert_eq(rt_propose_put(N1.store, 3, "\x60k2", "v", 5000, &e), ERR_CORRUPT, "%s", e.msg);
    cr_assert_eq(rng_read_begin(N1.store, 3, 1000, &e), ERR_CORRUPT);
    cr_assert_eq(rt_propose_put(N1.store, 2, "\x10k2", "v", 5000, &e), 0, "%s", e.msg);
    cr_assert_eq(rt_propose_put(N1.store, 4, "\xc0k2", "v", 5000, &e), 0, "%s", e.msg);

    struct rng_replica_status *st;
    size_t n;
    cr_assert_eq(rng_store_status(N1.store, &st, &n), 0);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(st[i].failed, st[i].range_id == 3, "range %llu",
                     (unsigned long long)st[i].range_id);
    free(st);
    struct met_gauge *failed = met_gauge_new("shardforge_raft_failed_replicas", "", N1.labels);
    cr_assert_eq(met_gauge_value(failed), 1.0);
}

Test(range_store, corrupt_applied_index_fails_the_range)
{
    struct err e = {0};
    boot_open(ENG_MEMORY, 1, 0);
    rt_node_close_store(&N1);
    struct eng_batch *b = eng_batch_new(N1.eng);
    unsigned char k[RNG__LOCAL_KEY_LEN];
    rng__applied_key(2, k);
    eng_batch_put(b, eng_cf(N1.eng, RNG_CF_LOCAL), k, sizeof(k), S("garbage!"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, &e), 0);
    eng_batch_free(b);
    cr_assert_eq(rt_node_open(&N1), 0, "%s", N1.err.msg);
    cr_assert(rt_wait_leader(N1.store, 1, 10000));
    cr_assert_eq(rt_propose_put(N1.store, 2, "\x10k", "v", 1000, &e), ERR_CORRUPT);
}

/* ---- the listener -------------------------------------------------------------------------- */

static struct rt_node N2;

Test(range_store, address_in_use_names_the_address)
{
    struct err e = {0};
    boot_open(ENG_MEMORY, 1, 0);
    rt_node_init(&N2, 2, ENG_MEMORY, 0);
    snprintf(N2.addr, sizeof(N2.addr), "%s", N1.addr); /* same port */
    cr_assert_eq(rng_store_bootstrap(&N2.cfg, 1, &e), 0, "%s", e.msg);
    int rc = rt_node_open(&N2);
    cr_assert_eq(rc, ERR_BUSY, "%s", N2.err.msg);
    cr_assert(strstr(N2.err.msg, N1.addr) != NULL, "%s", N2.err.msg);
    cr_assert(strstr(N2.err.msg, "in use") != NULL, "%s", N2.err.msg);
    rt_node_destroy(&N2);
}

/* libraft 0.15: raft_uv implements async_work but reports io version 1, so
 * raft_init refuses a version-3 fsm (store.c sets the version to 2). If
 * this test fails, libraft was fixed and the workaround can go. */
Test(range_store, libraft_bug_uv_io_version)
{
    uv_loop_t loop;
    struct raft_uv_transport t;
    struct raft_io io;
    struct raft r;
    struct rng__fsm f;
    char dir[256];
    rt_mkdtemp(dir, sizeof(dir));
    memset(&f, 0, sizeof(f));
    f.fsm.version = 3;
    f.fsm.snapshot_async = (int (*)(struct raft_fsm *, struct raft_buffer **, unsigned *))1;
    f.fsm.snapshot_finalize = f.fsm.snapshot_async;
    uv_loop_init(&loop);
    cr_assert_eq(raft_uv_tcp_init(&t, &loop), 0);
    cr_assert_eq(raft_uv_init(&io, &loop, dir, &t), 0);
    cr_assert_not_null(io.async_work);
    cr_assert_eq(io.version, 1);
    cr_assert_neq(raft_init(&r, &io, &f.fsm, 1, "127.0.0.1:1"), 0);
    cr_assert(strstr(r.errmsg, "async snapshot") != NULL, "%s", r.errmsg);
    raft_uv_close(&io);
    raft_uv_tcp_close(&t);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    rt_rm_rf(dir);
}

/* libraft 0.15: raft_uv writes an entry whose length is not a multiple of
 * 8 without padding it, and a later load of that segment fails (here:
 * "entries count ... in preamble is too high"). Reported upstream as
 * canonical/raft#304. Group entries are padded to 8 bytes because of it.
 * If this test fails, libraft was fixed. */
struct bug_node {
    uv_loop_t loop;
    struct raft_uv_transport t;
    struct raft_io io;
    struct raft r;
    struct raft_fsm fsm;
    bool closed;
    int applied;
};

static int bug_apply(struct raft_fsm *f, const struct raft_buffer *b, void **res)
{
    (void)f;
    (void)b;
    *res = NULL;
    return 0;
}

static int bug_snapshot(struct raft_fsm *f, struct raft_buffer *b[], unsigned *n)
{
    (void)f;
    (void)b;
    (void)n;
    return RAFT_BUSY;
}

static int bug_restore(struct raft_fsm *f, struct raft_buffer *b)
{
    (void)f;
    raft_free(b->base);
    return 0;
}

static void bug_closed(struct raft *r)
{
    ((struct bug_node *)r->data)->closed = true;
}

static void bug_apply_cb(struct raft_apply *req, int status, void *result)
{
    (void)result;
    cr_assert_eq(status, 0);
    ((struct bug_node *)req->data)->applied++;
}

/* Start a one-voter node in dir; bootstrap first when boot. */
static int bug_start(struct bug_node *n, const char *dir, bool boot)
{
    memset(n, 0, sizeof(*n));
    uv_loop_init(&n->loop);
    n->fsm.version = 1;
    n->fsm.apply = bug_apply;
    n->fsm.snapshot = bug_snapshot;
    n->fsm.restore = bug_restore;
    cr_assert_eq(raft_uv_tcp_init(&n->t, &n->loop), 0);
    cr_assert_eq(raft_uv_init(&n->io, &n->loop, dir, &n->t), 0);
    cr_assert_eq(raft_init(&n->r, &n->io, &n->fsm, 1, "127.0.0.1:1"), 0);
    n->r.data = n;
    if (boot) {
        struct raft_configuration c;
        raft_configuration_init(&c);
        raft_configuration_add(&c, 1, "127.0.0.1:1", RAFT_VOTER);
        cr_assert_eq(raft_bootstrap(&n->r, &c), 0);
        raft_configuration_close(&c);
    }
    return raft_start(&n->r);
}

static void bug_stop(struct bug_node *n)
{
    raft_close(&n->r, bug_closed);
    while (!n->closed)
        uv_run(&n->loop, UV_RUN_ONCE);
    raft_uv_close(&n->io);
    raft_uv_tcp_close(&n->t);
    uv_run(&n->loop, UV_RUN_DEFAULT);
    uv_loop_close(&n->loop);
}

static void bug_barrier_cb(struct raft_barrier *req, int status)
{
    cr_assert_eq(status, 0);
    ((struct bug_node *)req->data)->applied++;
}

/* A barrier, then count entries of len bytes, each waited for. */
static void bug_apply_n(struct bug_node *n, int count, size_t len)
{
    struct raft_apply reqs[8];
    struct raft_barrier barrier;
    cr_assert_eq(raft_state(&n->r), RAFT_LEADER);
    barrier.data = n;
    int before = n->applied;
    cr_assert_eq(raft_barrier(&n->r, &barrier, bug_barrier_cb), 0);
    while (n->applied == before)
        uv_run(&n->loop, UV_RUN_ONCE);
    for (int i = 0; i < count; i++) {
        struct raft_buffer b = {raft_calloc(1, len), len};
        before = n->applied;
        reqs[i].data = n;
        cr_assert_eq(raft_apply(&n->r, &reqs[i], &b, 1, bug_apply_cb), 0);
        while (n->applied == before)
            uv_run(&n->loop, UV_RUN_ONCE);
    }
}

Test(range_store, libraft_bug_unaligned_entry)
{
    char dir[256];
    struct bug_node n;
    rt_mkdtemp(dir, sizeof(dir));
    cr_assert_eq(bug_start(&n, dir, true), 0);
    bug_apply_n(&n, 1, 13);
    bug_stop(&n);
    /* libraft also leaks 80 bytes when this load fails */
    LSAN_OFF();
    int rv = bug_start(&n, dir, false);
    LSAN_ON();
    cr_assert_neq(rv, 0, "libraft now reloads unaligned entries");
    cr_log_info("reload: %s", raft_errmsg(&n.r));
    raft_close(&n.r, bug_closed);
    while (!n.closed)
        uv_run(&n.loop, UV_RUN_ONCE);
    raft_uv_close(&n.io);
    raft_uv_tcp_close(&n.t);
    uv_run(&n.loop, UV_RUN_DEFAULT);
    uv_loop_close(&n.loop);
    rt_rm_rf(dir);

    /* the same with 16-byte entries reloads fine */
    rt_mkdtemp(dir, sizeof(dir));
    cr_assert_eq(bug_start(&n, dir, true), 0);
    bug_apply_n(&n, 1, 16);
    bug_stop(&n);
    cr_assert_eq(bug_start(&n, dir, false), 0, "%s", raft_errmsg(&n.r));
    bug_apply_n(&n, 3, 24);
    bug_stop(&n);
    cr_assert_eq(bug_start(&n, dir, false), 0, "%s", raft_errmsg(&n.r));
    bug_stop(&n);
    rt_rm_rf(dir);
}

/* ---- range map refresh and shutdown under load ------------------------------------- */

Test(range_store, meta_write_refreshes_the_range_map)
{
    struct err e = {0};
    struct rng_desc d;
    struct sbuf key, val;
    boot_open(ENG_MEMORY, 3, 0);
    cr_assert_eq(rng_lookup(N1.store, "\xc0", 1, &d, &e), 0);
    cr_assert_eq(d.range_id, 4);
    cr_assert_eq(d.generation, 1);
    /* write range 4's descriptor with a new generation through range 1 */
    d.generation = 7;
    sbuf_init(&key);
    sbuf_init(&val);
    rng__meta_key(&d, &key);
    rng__desc_encode(&d, &val);
    struct rng_batch *b = rng_batch_new();
    rng_batch_put(b, 0, key.data, key.len, val.data, val.len);
    cr_assert_eq(rng_propose(N1.store, 1, b, 5000, &e), 0, "%s", e.msg);
    rng_batch_free(b);
    sbuf_free(&key);
    sbuf_free(&val);
    rng_desc_free(&d);
    cr_assert_eq(rng_lookup(N1.store, "\xc0", 1, &d, &e), 0);
    cr_assert_eq(d.generation, 7);
    rng_desc_free(&d);
}

struct close_counts {
    atomic_int fired, ok, shutdown, other;
};

static void close_cb_count(void *arg, int rc, const struct err *err)
{
    struct close_counts *c = arg;
    atomic_fetch_add(&c->fired, 1);
    if (rc == 0)
        atomic_fetch_add(&c->ok, 1);
    else if (rc == ERR_SHUTDOWN)
        atomic_fetch_add(&c->shutdown, 1);
    else {
        atomic_fetch_add(&c->other, 1);
        fprintf(stderr, "close: unexpected %d: %s\n", rc, err ? err->msg : "");
    }
}

/* Closing the store with proposals queued and in flight completes every one
 * of them (applied, or ERR_SHUTDOWN) and leaves nothing behind (ASan). */
Test(range_store, close_with_proposals_in_flight)
{
    enum { COUNT = 300 };
    struct close_counts c;
    char key[32];
    memset(&c, 0, sizeof(c));
    boot_open(ENG_ROCKSDB, 1, 0);
    for (int i = 0; i < COUNT; i++) {
        snprintf(key, sizeof(key),
                 "\x10"
                 "c%04d",
                 i);
        struct rng_batch *b = rt_put(key, "v");
        cr_assert_eq(rng_propose_async(N1.store, 2, b, close_cb_count, &c), 0);
        rng_batch_free(b);
    }
    rt_node_close_store(&N1); /* returns once the store is freed */
    cr_assert_eq(atomic_load(&c.fired), COUNT);
    cr_assert_eq(atomic_load(&c.other), 0);
    cr_log_info("close: %d applied, %d shut down", atomic_load(&c.ok), atomic_load(&c.shutdown));
}
