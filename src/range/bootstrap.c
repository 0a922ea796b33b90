/* bootstrap.c — creating the ranges of a new cluster on one node.
 *
 * For each range: data_dir/raft/<id>/ gets a raft log holding only the
 * initial configuration (raft_bootstrap, on a temporary uv loop, with a
 * transport that never listens). Then the descriptors (under
 * RNG_META_PREFIX + end key, in range 1's span of RNG_META_CF) and an
 * applied index of 0 per range are written to the engine in one synced
 * batch — the commit point: a store opens only ranges found there. On any
 * error the raft directories created here are removed again, so a later
 * bootstrap starts clean.
 */
#include "range/range_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

static int noop_apply(struct raft_fsm *fsm, const struct raft_buffer *buf, void **result)
{
    (void)fsm;
    (void)buf;
    *result = NULL;
    return 0;
}

static int noop_snapshot(struct raft_fsm *fsm, struct raft_buffer *bufs[], unsigned *n)
{
    (void)fsm;
    *bufs = NULL;
    *n = 0;
    return RAFT_BUSY;
}

static int noop_restore(struct raft_fsm *fsm, struct raft_buffer *buf)
{
    (void)fsm;
    (void)buf;
    return RAFT_CORRUPT;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static bool dir_has_entries(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *de;
    bool any = false;
    if (d == NULL)
        return false;
    while (!any && (de = readdir(d)) != NULL)
        any = strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(d);
    return any;
}

static void bs_closed(struct raft *r)
{
    *(bool *)r->data = true;
}

/* raft_bootstrap the log in dir with conf. */
static int bootstrap_log(const char *dir, uint64_t range_id, uint64_t node_id, const char *addr,
                         const struct raft_configuration *conf, struct err *err)
{
    uv_loop_t loop;
    struct raft_uv_transport t;
    struct raft_io io;
    struct raft r;
    struct raft_fsm fsm = {0};
    bool closed = false;
    int rv, rc = 0;

    fsm.version = 1;
    fsm.apply = noop_apply;
    fsm.snapshot = noop_snapshot;
    fsm.restore = noop_restore;
    if (uv_loop_init(&loop) != 0)
        return err_set(err, ERR_IO, "bootstrap: uv_loop_init failed");
    rng__transport_setup(&t, &loop, NULL, range_id);
    rv = raft_uv_init(&io, &loop, dir, &t);
    if (rv != 0) {
        rc = err_set(err, ERR_IO, "bootstrap range %llu: raft_uv_init %s: %s",
                     (unsigned long long)range_id, dir, raft_strerror(rv));
        rng__transport_free(&t);
        uv_loop_close(&loop);
        return rc;
    }
    rv = raft_init(&r, &io, &fsm, node_id, addr);
    if (rv != 0) {
        rc = err_set(err, ERR_IO, "bootstrap range %llu: raft_init: %s",
                     (unsigned long long)range_id, raft_strerror(rv));
        raft_uv_close(&io);
        rng__transport_free(&t);
        uv_run(&loop, UV_RUN_DEFAULT);
        uv_loop_close(&loop);
        return rc;
    }
    r.data = &closed;
    rv = raft_bootstrap(&r, conf);
    if (rv != 0)
        rc = err_set(err, rv == RAFT_CANTBOOTSTRAP ? ERR_EXISTS : ERR_IO,
                     "bootstrap range %llu: %s: %s", (unsigned long long)range_id, dir,
                     raft_errmsg(&r)[0] ? raft_errmsg(&r) : raft_strerror(rv));
    raft_close(&r, bs_closed);
    while (!closed && uv_run(&loop, UV_RUN_ONCE) != 0)
        ;
    raft_uv_close(&io);
    rng__transport_free(&t);
    uv_run(&loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&loop) != 0)
        log_warn("range", "bootstrap: uv loop still had handles");
    return rc;
}

static void build_descs(const struct rng_member *members, size_t n_members, int n_presplit,
                        struct rng_desc *d)
{
    int n = n_presplit;
    for (int i = 0; i <= n; i++) {
        memset(&d[i], 0, sizeof(d[i]));
        d[i].range_id = (uint64_t)i + 1;
        d[i].generation = 1;
        d[i].n_replicas = (int)n_members;
        for (size_t j = 0; j < n_members; j++) {
            d[i].replicas[j].node_id = members[j].node_id;
            snprintf(d[i].replicas[j].address, sizeof(d[i].replicas[j].address), "%s",
                     members[j].address);
            d[i].replicas[j].role = RAFT_VOTER;
        }
    }
    /* range 1: [ "", 0x02 ) */
    d[0].start = xmalloc(1);
    d[0].start_len = 0;
    d[0].end = xmalloc(1);
    d[0].end[0] = 0x02;
    d[0].end_len = 1;
    /* user ranges: split points spread over [0x02, 0xFF] */
    for (int i = 1; i <= n; i++) {
        d[i].start = xmalloc(1);
        d[i].start[0] = (unsigned char)(0x02 + ((i - 1) * 0xFE) / n);
        d[i].start_len = 1;
        if (i == n) {
            d[i].end = xmalloc(1);
            d[i].end_len = 0;
            d[i].end_inf = true;
        } else {
            d[i].end = xmalloc(1);
            d[i].end[0] = (unsigned char)(0x02 + (i * 0xFE) / n);
            d[i].end_len = 1;
        }
    }
}

int rng_store_bootstrap_members(const struct rng_store_config *cfg,
                                const struct rng_member *members, size_t n_members, int n_presplit,
                                struct err *err)
{
    struct eng_cf **cfs = NULL, *local;
    size_t meta_cf, n_existing = 0;
    struct rng_desc *existing = NULL, *d = NULL;
    bool *created = NULL;
    const char *self_addr = NULL;
    struct raft_configuration conf;
    struct eng_batch *b = NULL;
    struct sbuf key, val;
    char dir[1024];
    int n, rc;

    rc = rng__resolve_cfs(cfg, &cfs, &local, &meta_cf, err);
    if (rc != 0)
        return err_prefix(err, "bootstrap");
    if (n_presplit > 254) {
        xfree(cfs);
        return err_set(err, ERR_INVAL, "bootstrap: at most 254 pre-split ranges");
    }
    n = n_presplit < 1 ? 1 : n_presplit;
    if (members == NULL || n_members == 0 || n_members > RNG_MAX_REPLICAS) {
        xfree(cfs);
        return err_set(err, ERR_INVAL, "bootstrap: 1..%d members", RNG_MAX_REPLICAS);
    }
    for (size_t i = 0; i < n_members; i++) {
        if (members[i].node_id == 0 || members[i].address == NULL ||
            members[i].address[0] == '\0' || strlen(members[i].address) > RNG__HS_ADDR_MAX) {
            xfree(cfs);
            return err_set(err, ERR_INVAL, "bootstrap: member %zu needs a node id and address", i);
        }
        for (size_t j = 0; j < i; j++)
            if (members[j].node_id == members[i].node_id) {
                xfree(cfs);
                return err_set(err, ERR_INVAL, "bootstrap: node id %llu listed twice",
                               (unsigned long long)members[i].node_id);
            }
        if (members[i].node_id == cfg->node_id)
            self_addr = members[i].address;
    }
    if (self_addr == NULL) {
        xfree(cfs);
        return err_set(err, ERR_INVAL, "bootstrap: node %llu is not among the members",
                       (unsigned long long)cfg->node_id);
    }
    rc = rng__desc_load_all(cfs[meta_cf], &existing, &n_existing, err);
    if (rc != 0) {
        xfree(cfs);
        return err_prefix(err, "bootstrap: read range map");
    }
    rng_desc_array_free(existing, n_existing);
    if (n_existing > 0) {
        xfree(cfs);
        return err_set(err, ERR_EXISTS, "bootstrap: the engine already holds a range map");
    }

    d = xcalloc((size_t)n + 1, sizeof(*d));
    created = xcalloc((size_t)n + 1, sizeof(*created));
    build_descs(members, n_members, n, d);
    raft_configuration_init(&conf);
    for (size_t i = 0; i < n_members; i++) {
        if (raft_configuration_add(&conf, members[i].node_id, members[i].address, RAFT_VOTER) !=
            0) {
            rc = err_set(err, ERR_INVAL, "bootstrap: bad member list");
            goto out;
        }
    }
    for (int i = 0; i <= n; i++) {
        snprintf(dir, sizeof(dir), "%s/raft/%llu", cfg->data_dir,
                 (unsigned long long)d[i].range_id);
        if (dir_has_entries(dir)) {
            rc = err_set(err, ERR_EXISTS, "bootstrap: %s already holds a raft log", dir);
            goto out;
        }
        rc = rng__mkdirs(dir, err);
        if (rc != 0)
            goto out;
        created[i] = true;
        rc = bootstrap_log(dir, d[i].range_id, cfg->node_id, self_addr, &conf, err);
        if (rc != 0)
            goto out;
    }

    /* the commit point: descriptors and applied indexes, synced */
    b = eng_batch_new(cfg->engine);
    sbuf_init(&key);
    sbuf_init(&val);
    for (int i = 0; i <= n; i++) {
        unsigned char lk[RNG__LOCAL_KEY_LEN], lv[12];
        sbuf_reset(&key);
        sbuf_reset(&val);
        rng__meta_key(&d[i], &key);
        rng__desc_encode(&d[i], &val);
        eng_batch_put(b, cfs[meta_cf], key.data, key.len, val.data, val.len);
        rng__applied_key(d[i].range_id, lk);
        rng__applied_value(0, lv);
        eng_batch_put(b, local, lk, sizeof(lk), lv, sizeof(lv));
    }
    sbuf_free(&key);
    sbuf_free(&val);
    rc = eng_write(b, ENG_SYNC_YES, err);
    eng_batch_free(b);
    if (rc != 0)
        err_prefix(err, "bootstrap: write range map");

out:
    if (rc != 0) {
        for (int i = 0; i <= n; i++) {
            if (!created[i])
                continue;
            snprintf(dir, sizeof(dir), "%s/raft/%llu", cfg->data_dir,
                     (unsigned long long)d[i].range_id);
            nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        }
    }
    raft_configuration_close(&conf);
    for (int i = 0; i <= n; i++)
        rng_desc_free(&d[i]);
    xfree(d);
    xfree(created);
    xfree(cfs);
    return rc;
}

int rng_store_bootstrap(const struct rng_store_config *cfg, int n_presplit, struct err *err)
{
    struct rng_member m;
    if (cfg == NULL)
        return err_set(err, ERR_INVAL, "bootstrap: no configuration");
    m.node_id = cfg->node_id;
    m.address = cfg->advertise_address && cfg->advertise_address[0] ? cfg->advertise_address
                                                                    : cfg->listen_address;
    return rng_store_bootstrap_members(cfg, &m, 1, n_presplit, err);
}
