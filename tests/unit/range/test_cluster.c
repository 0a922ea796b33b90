/* test_cluster.c — three stores in one process, each with its own engine,
 * data directory and loop thread, talking over the real transport on
 * 127.0.0.1: replication to every node, leader-only proposals and reads
 * (ERR_NOTLEADER naming the leader elsewhere), leases, failover when the
 * leader's store closes, a restarted node catching up, and garbage or
 * misrouted connections being dropped without harm.
 */
#include <criterion/criterion.h>

#include "range/range_int.h"
#include "range_test.h"

#include <errno.h>

#define NN 3

static struct rt_node C[NN];

static void cluster_teardown(void)
{
    for (int i = 0; i < NN; i++)
        rt_node_destroy(&C[i]);
}

TestSuite(range_cluster, .fini = cluster_teardown, .timeout = 120);

static void cluster_start_snap(enum eng_kind kind, unsigned snap_entries)
{
    struct rng_member m[NN];
    struct err e = {0};
    for (int i = 0; i < NN; i++) {
        rt_node_init(&C[i], (uint64_t)i + 1, kind, 0);
        C[i].cfg.election_timeout_ms = 500;
        C[i].cfg.heartbeat_interval_ms = 50;
        C[i].cfg.snapshot_interval_entries = snap_entries;
        m[i].node_id = (uint64_t)i + 1;
        m[i].address = C[i].addr;
    }
    for (int i = 0; i < NN; i++)
        cr_assert_eq(rng_store_bootstrap_members(&C[i].cfg, m, NN, 1, &e), 0, "%s", e.msg);
    for (int i = 0; i < NN; i++)
        cr_assert_eq(rt_node_open(&C[i]), 0, "node %d: %s", i + 1, C[i].err.msg);
}

static void cluster_start(enum eng_kind kind)
{
    cluster_start_snap(kind, 0);
}

/* Index of the node leading range (and ready to serve), or -1. */
static int find_leader(uint64_t range, int ms, int skip)
{
    double end = rt_now() + ms / 1000.0;
    while (rt_now() < end) {
        for (int i = 0; i < NN; i++) {
            struct err e = {0};
            if (i == skip || C[i].store == NULL)
                continue;
            if (rng_read_begin(C[i].store, range, 200, &e) == 0)
                return i;
        }
        rt_sleep_ms(20);
    }
    return -1;
}

static bool wait_value(struct eng *e, const char *key, const char *val, int ms)
{
    double end = rt_now() + ms / 1000.0;
    while (rt_now() < end) {
        char *v = rt_get(e, key);
        bool ok = v != NULL && strcmp(v, val) == 0;
        free(v);
        if (ok)
            return true;
        rt_sleep_ms(10);
    }
    return false;
}

Test(range_cluster, replicate_notleader_lease_failover)
{
    struct err e = {0};
    char msg[64];
    cluster_start(ENG_MEMORY);
    int l = find_leader(2, 15000, -1);
    cr_assert_geq(l, 0, "no leader for range 2");

    /* proposals on the leader reach every node */
    for (int i = 0; i < 20; i++) {
        char key[32];
        snprintf(key, sizeof(key), "\x10k%02d", i);
        cr_assert_eq(rt_propose_put(C[l].store, 2, key, "v1", 5000, &e), 0, "%s", e.msg);
    }
    for (int i = 0; i < NN; i++)
        cr_assert(wait_value(C[i].eng, "\x10k19", "v1", 5000), "node %d lacks the data", i + 1);

    /* a follower refuses, naming the leader */
    int f = (l + 1) % NN;
    snprintf(msg, sizeof(msg), "node %d", l + 1);
    cr_assert_eq(rt_propose_put(C[f].store, 2, "\x10x", "v", 5000, &e), ERR_NOTLEADER);
    cr_assert(strstr(e.msg, msg) != NULL, "%s", e.msg);
    cr_assert_eq(rng_read_begin(C[f].store, 2, 1000, &e), ERR_NOTLEADER);
    cr_assert(strstr(e.msg, msg) != NULL, "%s", e.msg);
    uint64_t lid = 0;
    cr_assert_eq(rng_leader(C[f].store, 2, &lid, &e), 0);
    cr_assert_eq(lid, (uint64_t)l + 1);

    /* the leader holds a lease: reads need no raft round */
    bool lease = false;
    for (int i = 0; i < 100 && !lease; i++) {
        struct rng_replica_status *st;
        size_t n;
        rng_store_status(C[l].store, &st, &n);
        for (size_t j = 0; j < n; j++)
            if (st[j].range_id == 2)
                lease = st[j].lease_valid;
        free(st);
        if (!lease)
            rt_sleep_ms(20);
    }
    cr_assert(lease, "leader never got a lease");
    double t0 = rt_now();
    int served = 0;
    for (int i = 0; i < 2000; i++)
        served += rng_read_begin(C[l].store, 2, 1000, &e) == 0;
    double dt = rt_now() - t0;
    cr_assert_eq(served, 2000);
    cr_log_info("2000 lease reads in %.3f ms", dt * 1e3);
    cr_assert_lt(dt, 1.0, "lease reads take %.3f s: barriers?", dt);

    /* kill the leader's store: another node takes over */
    rt_node_close_store(&C[l]);
    int l2 = find_leader(2, 15000, l);
    cr_assert_geq(l2, 0, "no new leader");
    cr_assert_neq(l2, l);
    cr_assert_eq(rt_propose_put(C[l2].store, 2,
                                "\x10"
                                "after",
                                "v2", 5000, &e),
                 0, "%s", e.msg);
    for (int i = 0; i < NN; i++)
        if (i != l)
            cr_assert(wait_value(C[i].eng,
                                 "\x10"
                                 "after",
                                 "v2", 5000),
                      "node %d", i + 1);

    /* the old leader comes back as a follower and catches up */
    cr_assert_eq(rt_node_open(&C[l]), 0, "%s", C[l].err.msg);
    cr_assert(wait_value(C[l].eng,
                         "\x10"
                         "after",
                         "v2", 10000),
              "restarted node did not catch up");
    cr_assert_eq(rt_propose_put(C[l2].store, 2,
                                "\x10"
                                "again",
                                "v3", 5000, &e),
                 0, "%s", e.msg);
    for (int i = 0; i < NN; i++)
        cr_assert(wait_value(C[i].eng,
                             "\x10"
                             "again",
                             "v3", 5000),
                  "node %d", i + 1);
}

Test(range_cluster, rocksdb_replication)
{
    struct err e = {0};
    cluster_start(ENG_ROCKSDB);
    int l = find_leader(1, 15000, -1);
    cr_assert_geq(l, 0);
    cr_assert_eq(rt_propose_put(C[l].store, 1, "\x01x", "meta-ish", 5000, &e), 0, "%s", e.msg);
    for (int i = 0; i < NN; i++)
        cr_assert(wait_value(C[i].eng, "\x01x", "meta-ish", 5000));
}

/* A follower that missed entries the leader's log no longer holds catches
 * up by snapshot: the leader's snapshot on disk is only a marker, so what
 * goes over the wire is the range read from the leader's engine (fsm.c). */
Test(range_cluster, follower_catches_up_by_snapshot)
{
    struct err e = {0};
    struct rng__fsm_stats st;
    char key[32], val[32];
    cluster_start_snap(ENG_ROCKSDB, 8);
    int l = find_leader(2, 15000, -1);
    cr_assert_geq(l, 0);
    int f = (l + 1) % NN;
    cr_assert_eq(rt_propose_put(C[l].store, 2, "\x10stale", "old", 5000, &e), 0, "%s", e.msg);
    cr_assert(wait_value(C[f].eng, "\x10stale", "old", 5000));
    rt_node_close_store(&C[f]);
    {
        struct rng_batch *b = rng_batch_new();
        rng_batch_delete(b, 0, "\x10stale", 6);
        cr_assert_eq(rng_propose(C[l].store, 2, b, 5000, &e), 0, "%s", e.msg);
        rng_batch_free(b);
    }
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "\x10key%03d", i);
        snprintf(val, sizeof(val), "v%d", i);
        cr_assert_eq(rt_propose_put(C[l].store, 2, key, val, 5000, &e), 0, "%s", e.msg);
    }
    /* the leader snapshots (every 8 entries) and drops the entries f lacks */
    for (int i = 0; i < 250; i++) {
        cr_assert_eq(rng__store_fsm_stats(C[l].store, 2, &st), 0);
        if (st.n_snapshots >= 2)
            break;
        rt_sleep_ms(20);
    }
    cr_assert_geq(st.n_snapshots, 2, "leader took no snapshot");
    cr_assert_eq(rt_node_open(&C[f]), 0, "%s", C[f].err.msg);
    cr_assert(wait_value(C[f].eng, "\x10key099", "v99", 15000), "follower did not catch up");
    cr_assert_eq(rng__store_fsm_stats(C[f].store, 2, &st), 0);
    cr_assert_geq(st.n_restored, 1, "follower was not restored from a snapshot");
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "\x10key%03d", i);
        snprintf(val, sizeof(val), "v%d", i);
        cr_assert(wait_value(C[f].eng, key, val, 1000), "%s", key);
    }
    char *stale = rt_get(C[f].eng, "\x10stale");
    cr_assert_null(stale, "the snapshot kept a deleted key");
    /* and it goes on applying new entries */
    cr_assert_eq(rt_propose_put(C[l].store, 2,
                                "\x10"
                                "after",
                                "v", 5000, &e),
                 0, "%s", e.msg);
    cr_assert(wait_value(C[f].eng,
                         "\x10"
                         "after",
                         "v", 5000));
    /* a restart of the follower skips its (full) snapshot: the engine has it */
    rt_node_close_store(&C[f]);
    cr_assert_eq(rt_node_open(&C[f]), 0, "%s", C[f].err.msg);
    cr_assert_eq(rt_propose_put(C[l].store, 2,
                                "\x10"
                                "again",
                                "v", 5000, &e),
                 0, "%s", e.msg);
    cr_assert(wait_value(C[f].eng,
                         "\x10"
                         "again",
                         "v", 10000));
}

/* Large entries are written by the store's applier thread (applier.c):
 * a proposal still returns only once its data is in the leader's engine,
 * every replica gets all of it in order, a later small entry lands after
 * them, a follower that missed them catches up by snapshot, and a restart
 * keeps them. */
#define BULK_ROWS 400 /* 400 x 1 KiB: above RNG__PIPE_MIN_BYTES */
static struct rng_batch *bulk_batch(int b)
{
    struct rng_batch *rb = rng_batch_new();
    char key[32], val[1024];
    for (int i = 0; i < BULK_ROWS; i++) {
        int kl = snprintf(key, sizeof(key),
                          "\x10"
                          "bulk%02d-%04d",
                          b, i);
        memset(val, 'a' + (b + i) % 26, sizeof(val));
        rng_batch_put(rb, 0, key, (size_t)kl, val, sizeof(val));
    }
    return rb;
}

static bool has_bulk(struct eng *e, int b, int ms)
{
    char key[32];
    snprintf(key, sizeof(key),
             "\x10"
             "bulk%02d-%04d",
             b, BULK_ROWS - 1);
    double end = rt_now() + ms / 1000.0;
    do {
        char *v = rt_get(e, key);
        bool ok = v != NULL && strlen(v) == 1024 && v[0] == 'a' + (b + BULK_ROWS - 1) % 26;
        free(v);
        if (ok)
            return true;
        if (ms > 0)
            rt_sleep_ms(10);
    } while (rt_now() < end);
    return false;
}

Test(range_cluster, bulk_entries_written_off_the_loop)
{
    struct err e = {0};
    struct rng__fsm_stats st;
    cluster_start_snap(ENG_ROCKSDB, 8);
    int l = find_leader(2, 15000, -1);
    cr_assert_geq(l, 0);
    int f = (l + 1) % NN;
    rt_node_close_store(&C[f]);
    for (int b = 0; b < 20; b++) {
        struct rng_batch *rb = bulk_batch(b);
        cr_assert_eq(rng_propose(C[l].store, 2, rb, 10000, &e), 0, "%s", e.msg);
        rng_batch_free(rb);
        /* acknowledged: in the leader's engine already */
        cr_assert(has_bulk(C[l].eng, b, 0), "batch %d acknowledged before its write", b);
    }
    cr_assert_eq(rt_propose_put(C[l].store, 2,
                                "\x10"
                                "bulk99",
                                "last", 5000, &e),
                 0, "%s", e.msg);
    cr_assert_eq(rng__store_fsm_stats(C[l].store, 2, &st), 0);
    cr_assert_geq(st.n_pipelined, 20, "the applier wrote %llu entries",
                  (unsigned long long)st.n_pipelined);
    int o = 3 - l - f; /* the follower that stayed up */
    for (int b = 0; b < 20; b++)
        cr_assert(has_bulk(C[o].eng, b, 5000), "follower lacks batch %d", b);
    cr_assert(wait_value(C[o].eng,
                         "\x10"
                         "bulk99",
                         "last", 5000));
    /* the closed follower catches up by snapshot (the leader snapshots
     * every 8 entries) */
    cr_assert_eq(rt_node_open(&C[f]), 0, "%s", C[f].err.msg);
    cr_assert(wait_value(C[f].eng,
                         "\x10"
                         "bulk99",
                         "last", 15000),
              "follower did not catch up");
    for (int b = 0; b < 20; b++)
        cr_assert(has_bulk(C[f].eng, b, 1000), "restored follower lacks batch %d", b);
    /* a restart of the leader's store keeps everything */
    rt_node_close_store(&C[l]);
    cr_assert_eq(rt_node_open(&C[l]), 0, "%s", C[l].err.msg);
    for (int b = 0; b < 20; b++)
        cr_assert(has_bulk(C[l].eng, b, 1000), "restarted node lacks batch %d", b);
    /* a new leader serves reads only once its engine has every entry */
    int l1 = find_leader(2, 15000, -1);
    cr_assert_geq(l1, 0);
    for (int b = 20; b < 24; b++) {
        struct rng_batch *rb = bulk_batch(b);
        cr_assert_eq(rng_propose(C[l1].store, 2, rb, 10000, &e), 0, "%s", e.msg);
        rng_batch_free(rb);
    }
    rt_node_close_store(&C[l1]);
    int l2 = find_leader(2, 15000, l1);
    cr_assert_geq(l2, 0, "no new leader");
    for (int b = 0; b < 24; b++)
        cr_assert(has_bulk(C[l2].eng, b, 0), "new leader lacks batch %d", b);
}

static void raw_send(int port, const void *buf, size_t len)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    if (len)
        cr_assert_eq(write(fd, buf, len), (ssize_t)len);
    /* the node closes misrouted and malformed connections */
    char c;
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ssize_t r = read(fd, &c, 1);
    cr_assert(r == 0 || (r < 0 && errno == ECONNRESET), "connection not closed (%zd, %s)", r,
              strerror(errno));
    close(fd);
}

Test(range_cluster, bad_connections_are_dropped)
{
    struct err e = {0};
    unsigned char hs[RNG__HS_HDR + RNG__HS_ADDR_MAX];
    size_t len;
    cluster_start(ENG_MEMORY);
    int l = find_leader(2, 15000, -1);
    cr_assert_geq(l, 0);
    int port = rng__store_port(C[l].store);

    unsigned char junk[64];
    memset(junk, 0xEE, sizeof(junk));
    raw_send(port, junk, sizeof(junk)); /* bad magic */
    cr_assert_eq(rng__hs_encode(hs, sizeof(hs), 99, 2, (uint64_t)l + 1, "127.0.0.1:1", &len), 0);
    raw_send(port, hs, len); /* unknown range */
    cr_assert_eq(rng__hs_encode(hs, sizeof(hs), 2, 2, 77, "127.0.0.1:1", &len), 0);
    raw_send(port, hs, len); /* another node's handshake */
    cr_assert_eq(rng__hs_encode(hs, sizeof(hs), 2, 2, (uint64_t)l + 1, "127.0.0.1:1", &len), 0);
    hs[37] ^= 1;
    raw_send(port, hs, len); /* bad checksum */

    cr_assert_eq(rt_propose_put(C[l].store, 2, "\x10ok", "v", 5000, &e), 0, "%s", e.msg);
    for (int i = 0; i < NN; i++)
        cr_assert(wait_value(C[i].eng, "\x10ok", "v", 5000));
}
