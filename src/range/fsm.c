/* fsm.c — the replicated state machine of a range (a raft_fsm, version 3).
 *
 * apply: an entry (one batch or a group of batches, range_int.h) is
 *   validated completely first, then every accepted operation plus the
 *   range's applied index go to the engine in ONE write batch, so a crash
 *   leaves either all of the entry or none of it. The write is not synced:
 *   the raft log is the durable copy, and restart replays exactly the
 *   entries whose index is above the applied index stored in the engine.
 *   The index of the entry being applied is raft_last_applied() + 1 (libraft
 *   applies in order and advances last_applied after each command).
 *   A batch whose keys leave the range's span is skipped (ERR_INVAL for its
 *   proposer); this is deterministic, every replica skips it. A payload that
 *   fails its checks, or a failed engine write, puts the state machine in
 *   the failed state: it applies nothing more and the store closes the
 *   replica (never half an entry, never limping on).
 *   A large entry's batch is written by the store's applier thread instead
 *   (applier.c); everything that needs the engine at raft's applied index
 *   (snapshot, restore, a snapshot for a peer, a smaller entry's write)
 *   waits for the replica's queued writes first.
 *
 * snapshot: the engine already holds the state, so a replica's own raft
 *   snapshot is a marker (snapshot.c, RNG__SNAP_F_ENGINE): the index up to
 *   which the engine is durable. snapshot() runs on the loop thread and
 *   notes the index; snapshot_async() runs in the thread pool and makes the
 *   engine durable up to that point (a synced write of a sync key, which
 *   syncs the WAL holding every earlier unsynced apply: after this the raft
 *   log may be truncated without losing applied data), then writes the
 *   marker. So a snapshot costs one fsync, not a copy of the range.
 *   A peer that needs a snapshot gets the real one: the leader's send hook
 *   (snapsend.c, rng__snap_job_*) replaces the marker libraft read back with
 *   every record of the range at the engine's applied index A, and the
 *   message's index, term and configuration with those of A (never older
 *   data under a newer index, never newer data under an older one).
 *
 * byte bound: libraft snapshots every `threshold` entries and then keeps
 *   `trailing` entries before the snapshot; every entry after that stays in
 *   memory (and is reloaded on restart). Counted in entries, a bulk load's
 *   large entries would pile up. So apply also counts the entries' bytes,
 *   and past snap_bytes lowers the threshold so that libraft snapshots right
 *   after this entry; snapshot() then keeps only the trailing entries that
 *   fit in snap_bytes / 8 and puts the entry-count policy back.
 *
 * restore: validates the whole snapshot, then replaces the span (a
 *   delete_range per CF, the records, the applied index) in one synced
 *   batch. If the engine already applied the snapshot's index (a restart:
 *   raft_uv reloads its last snapshot), the reload is skipped. A marker
 *   above the engine's applied index means the engine lost synced data:
 *   the replica fails (it cannot rebuild the range from the log, which
 *   was truncated).
 */
#include "range/range_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <stdarg.h>
#include <stdio.h>

static const unsigned char meta_lo[] = {0x01, 'm'};
static const unsigned char meta_hi[] = {0x01, 'm' + 1};

void rng__fsm_fail(struct rng__fsm *f, int code, const char *fmt, ...)
{
    va_list ap;
    char msg[ERR_MSG_MAX];
    if (f->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    f->failed = true;
    err_set(&f->fail_err, code, "range %llu (%s): %s", (unsigned long long)f->range_id, f->where,
            msg);
    log_error("range", "replica failed: %s", f->fail_err.msg);
    if (f->on_fail)
        f->on_fail(f->hook_arg);
}

static bool touches_meta(const struct rng__op *op)
{
    if (op->op == RNG__OP_DELETE_RANGE)
        return rng__keycmp(op->key, op->klen, meta_hi, sizeof(meta_hi)) < 0 &&
               rng__keycmp(op->val, op->vlen, meta_lo, sizeof(meta_lo)) > 0;
    return op->klen >= 2 && memcmp(op->key, meta_lo, 2) == 0;
}

static bool op_in_span(const struct rng__fsm *f, const struct rng__op *op)
{
    if (op->op == RNG__OP_DELETE_RANGE)
        return rng__span_contains_range(&f->desc, op->key, op->klen, op->val, op->vlen);
    return rng__span_contains_key(&f->desc, op->key, op->klen);
}

static void reserve_results(struct rng__apply_result *res, uint32_t n)
{
    if (res->cap < n) {
        res->cap = n < 16 ? 16 : n;
        res->rc = xrealloc(res->rc, res->cap * sizeof(*res->rc));
    }
}

/* Count an applied entry's bytes; past snap_bytes, make libraft take a
 * snapshot once this entry is applied (it checks after each apply round). */
static void count_bytes(struct rng__fsm *f, uint64_t index, size_t len)
{
    struct raft *r = f->raft;
    raft_index last_snap = r->log.snapshot.last_index;

    f->log_bytes += len;
    if (f->snap_bytes == 0 || f->log_bytes < f->snap_bytes || index <= last_snap)
        return;
    if (index - last_snap < r->snapshot.threshold)
        raft_set_snapshot_threshold(r, (unsigned)(index - last_snap));
}

/* The entry at index in libraft's in-memory log (a circular buffer; its
 * layout is public in raft.h 0.15), or NULL when it is not in memory. */
static const struct raft_entry *log_entry(const struct raft_log *l, uint64_t index)
{
    size_t n = l->back >= l->front ? l->back - l->front : l->size - l->front + l->back;
    if (index <= l->offset || index > l->offset + n)
        return NULL;
    return &l->entries[(l->front + (index - l->offset - 1)) % l->size];
}

/* Trailing entries to keep after a snapshot at index: the newest ones
 * whose bytes fit in snap_bytes / 8, at most the store's count, at least 1. */
static unsigned trailing_for(const struct rng__fsm *f, uint64_t index)
{
    uint64_t budget = f->snap_bytes / 8, used = 0;
    unsigned keep = 0;

    while (keep < f->cfg_trailing && index > keep) {
        const struct raft_entry *e = log_entry(&f->raft->log, index - keep);
        if (e == NULL)
            break;
        used += e->buf.len;
        if (used > budget)
            break;
        keep++;
    }
    return keep > 0 ? keep : 1;
}

static int fsm_apply(struct raft_fsm *rf, const struct raft_buffer *buf, void **result)
{
    struct rng__fsm *f = rf->data;
    struct rng__apply_result *res = &f->res;
    uint64_t index = raft_last_applied(f->raft) + 1;
    struct rng__slice *sl = NULL;
    uint32_t n = 0, i, count;
    unsigned char key[RNG__LOCAL_KEY_LEN], val[12];
    bool meta = false;
    struct err e = {0};

    *result = res;
    res->index = index;
    res->entry_rc = 0;
    res->n = 0;
    res->job = NULL;
    count_bytes(f, index, buf->len);
    if (f->failed) {
        res->entry_rc = ERR_CORRUPT;
        return 0;
    }
    if (index <= f->applied) {
        f->n_skipped++;
        return 0;
    }
    if (rng__entry_split(buf->base, buf->len, &sl, &n, &e) != 0)
        goto corrupt;
    for (i = 0; i < n; i++) {
        if (rng__batch_check(sl[i].p, sl[i].len, f->range_id, f->n_cfs, &count, &e) != 0) {
            err_prefix(&e, "batch %u of %u", i + 1, n);
            goto corrupt;
        }
    }
    reserve_results(res, n);
    eng_batch_clear(f->wb);
    for (i = 0; i < n; i++) {
        struct rng__op_iter it;
        struct rng__op op;
        res->rc[i] = 0;
        rng__op_iter_init(&it, sl[i].p, sl[i].len);
        while (rng__op_iter_next(&it, &op)) {
            if (!op_in_span(f, &op)) {
                res->rc[i] = ERR_INVAL;
                break;
            }
        }
        if (res->rc[i] != 0)
            continue;
        rng__op_iter_init(&it, sl[i].p, sl[i].len);
        while (rng__op_iter_next(&it, &op)) {
            struct eng_cf *cf = f->cfs[op.cf];
            if (op.cf == f->meta_cf && touches_meta(&op))
                meta = true;
            switch (op.op) {
            case RNG__OP_PUT:
                eng_batch_put(f->wb, cf, op.key, op.klen, op.val, op.vlen);
                break;
            case RNG__OP_DELETE:
                eng_batch_delete(f->wb, cf, op.key, op.klen);
                break;
            default:
                eng_batch_delete_range(f->wb, cf, op.key, op.klen, op.val, op.vlen);
                break;
            }
        }
    }
    xfree(sl);
    sl = NULL;
    rng__applied_key(f->range_id, key);
    rng__applied_value(index, val);
    eng_batch_put(f->wb, f->cf_local, key, sizeof(key), val, sizeof(val));
    res->n = n;
    if (f->applier != NULL && !meta && buf->len >= RNG__PIPE_MIN_BYTES &&
        !atomic_load(&f->write_failed)) {
        /* applier.c: the engine write happens on the applier thread; the
         * job takes the batch and the results */
        struct rng__apply_job *job = xcalloc(1, sizeof(*job));
        job->f = f;
        job->index = index;
        job->wb = f->wb;
        job->res = *res;
        job->res.job = job;
        f->wb = eng_batch_new(f->engine);
        res->rc = NULL;
        res->cap = 0;
        res->n = 0;
        *result = &job->res;
        f->applied = index;
        f->n_applied++;
        f->n_pipelined++;
        rng__applier_wait_below(f->applier, f, RNG__PIPE_DEPTH);
        rng__applier_push(f->applier, job);
        return 0;
    }
    /* in index order: after the writes still queued */
    rng__applier_drain(f->applier, f);
    if (atomic_load(&f->write_failed)) {
        rng__fsm_fail(f, ERR_IO, "apply entry %llu: an earlier engine write failed",
                      (unsigned long long)index);
        res->entry_rc = ERR_CORRUPT;
        return 0;
    }
    if (eng_write(f->wb, ENG_SYNC_NO, &e) != 0) {
        rng__fsm_fail(f, e.code, "apply entry %llu: engine write: %s", (unsigned long long)index,
                      e.msg);
        res->entry_rc = ERR_CORRUPT;
        return 0;
    }
    eng_batch_clear(f->wb);
    f->applied = index;
    f->n_applied++;
    if (meta && f->on_meta)
        f->on_meta(f->hook_arg);
    return 0;

corrupt:
    xfree(sl);
    rng__fsm_fail(f, ERR_CORRUPT, "entry %llu: %s", (unsigned long long)index, e.msg);
    res->entry_rc = ERR_CORRUPT;
    return 0;
}

static int fsm_snapshot(struct raft_fsm *rf, struct raft_buffer *bufs[], unsigned *n_bufs)
{
    struct rng__fsm *f = rf->data;
    uint64_t index = raft_last_applied(f->raft);

    *bufs = NULL;
    *n_bufs = 0;
    /* the marker says the engine holds everything up to index */
    rng__applier_drain(f->applier, f);
    if (atomic_load(&f->write_failed))
        return RAFT_BUSY;
    /* A failed replica takes no snapshot (its log must stay); while the
     * engine is ahead of raft (replay after restart) the engine state does
     * not match index yet. Both are transient for libraft. */
    if (f->failed || f->applied > index || atomic_load(&f->snap_active))
        return RAFT_BUSY;
    f->snap_index = index;
    atomic_store(&f->snap_active, true);
    /* libraft passes snapshot.trailing to snapshot_put after this call and
     * truncates its log with it when the put completes. */
    if (f->snap_bytes > 0) {
        if (f->log_bytes >= f->snap_bytes)
            f->n_byte_snapshots++;
        raft_set_snapshot_trailing(f->raft, trailing_for(f, index));
        raft_set_snapshot_threshold(f->raft, f->cfg_threshold);
        f->log_bytes = 0;
    }
    return 0;
}

/* Thread pool: make applied data durable, then write the marker. */
static int fsm_snapshot_async(struct raft_fsm *rf, struct raft_buffer *bufs[], unsigned *n_bufs)
{
    struct rng__fsm *f = rf->data;
    unsigned char key[RNG__LOCAL_KEY_LEN];
    struct eng_batch *b;
    struct sbuf sb;
    struct err e = {0};
    int rc;

    rng__sync_key(f->range_id, key);
    b = eng_batch_new(f->engine);
    eng_batch_put(b, f->cf_local, key, sizeof(key), "", 0);
    rc = eng_write(b, ENG_SYNC_YES, &e);
    eng_batch_free(b);
    if (rc != 0) {
        log_error("range", "range %llu (%s): snapshot: sync engine: %s",
                  (unsigned long long)f->range_id, f->where, e.msg);
        return RAFT_IOERR;
    }
    sbuf_init(&sb);
    rng__snap_encode_marker(f->n_cfs, f->range_id, f->snap_index, &sb);
    *bufs = xmalloc(sizeof(**bufs));
    (*bufs)[0].len = sb.len;
    (*bufs)[0].base = sbuf_detach(&sb);
    *n_bufs = 1;
    return 0;
}

static int fsm_snapshot_finalize(struct raft_fsm *rf, struct raft_buffer *bufs[], unsigned *n_bufs)
{
    struct rng__fsm *f = rf->data;
    if (*bufs != NULL) {
        for (unsigned i = 0; i < *n_bufs; i++)
            xfree((*bufs)[i].base);
        xfree(*bufs);
        f->n_snapshots++;
    }
    *bufs = NULL;
    *n_bufs = 0;
    atomic_store(&f->snap_active, false);
    return 0;
}

/* Copy c into out (raft.h 0.15 has no copy function). */
static int conf_copy(const struct raft_configuration *c, struct raft_configuration *out)
{
    raft_configuration_init(out);
    for (unsigned i = 0; i < c->n; i++) {
        int rv = raft_configuration_add(out, c->servers[i].id, c->servers[i].address,
                                        c->servers[i].role);
        if (rv != 0) {
            raft_configuration_close(out);
            return rv;
        }
    }
    return 0;
}

int rng__snap_job_new(struct rng__fsm *f, const struct raft_message *m, struct rng__snap_job **out,
                      struct err *err)
{
    struct raft *r = f->raft;
    const struct raft_entry *ent;
    struct rng__snap_job *j;
    uint64_t a = f->applied;
    raft_term term;

    *out = NULL;
    if (m->type != RAFT_IO_INSTALL_SNAPSHOT ||
        !rng__snap_is_marker(m->install_snapshot.data.base, m->install_snapshot.data.len))
        return 1;
    /* the engine snapshot below must be the state at a exactly */
    rng__applier_drain(f->applier, f);
    if (f->failed || atomic_load(&f->write_failed))
        return err_set(err, ERR_CORRUPT, "the replica failed");
    if (a != raft_last_applied(r) || a < m->install_snapshot.last_index)
        return err_set(err, ERR_BUSY, "the engine (applied %llu) is replaying the log (at %llu)",
                       (unsigned long long)a, (unsigned long long)raft_last_applied(r));
    /* The configuration as of a: the committed one, when it is not newer. */
    if (r->configuration_uncommitted_index != 0 || r->configuration_index > a)
        return err_set(err, ERR_BUSY, "a configuration change is in progress");
    if (a == r->log.snapshot.last_index) {
        term = r->log.snapshot.last_term;
    } else {
        ent = log_entry(&r->log, a);
        if (ent == NULL)
            return err_set(err, ERR_BUSY, "entry %llu is not in memory", (unsigned long long)a);
        term = ent->term;
    }
    j = xcalloc(1, sizeof(*j));
    j->msg = *m;
    if (conf_copy(&r->configuration, &j->msg.install_snapshot.conf) != 0) {
        xfree(j);
        return err_set(err, ERR_NOMEM, "copy the configuration");
    }
    j->msg.install_snapshot.last_index = a;
    j->msg.install_snapshot.last_term = term;
    j->msg.install_snapshot.conf_index = r->configuration_index;
    j->msg.install_snapshot.data.base = NULL;
    j->msg.install_snapshot.data.len = 0;
    j->f = f;
    /* Engine writes happen on this thread only (apply): the engine
     * snapshot is the state at a exactly. */
    j->snap = eng_snapshot_new(f->engine);
    rng_desc_copy(&j->desc, &f->desc);
    sbuf_init(&j->data);
    *out = j;
    return 0;
}

void rng__snap_job_run(struct rng__snap_job *j)
{
    const struct rng__fsm *f = j->f;
    j->rc = rng__snap_encode(f->cfs, f->n_cfs, j->snap, &j->desc, f->range_id,
                             j->msg.install_snapshot.last_index, &j->data, &j->err);
    if (j->rc == 0) {
        j->msg.install_snapshot.data.base = j->data.data;
        j->msg.install_snapshot.data.len = j->data.len;
    }
}

void rng__snap_job_free(struct rng__snap_job *j)
{
    if (j == NULL)
        return;
    eng_snapshot_free(j->snap);
    rng_desc_free(&j->desc);
    sbuf_free(&j->data);
    raft_configuration_close(&j->msg.install_snapshot.conf);
    xfree(j);
}

static int fsm_restore(struct raft_fsm *rf, struct raft_buffer *buf)
{
    struct rng__fsm *f = rf->data;
    uint64_t index;
    struct err e = {0};
    struct eng_batch *b;
    struct rng__op_iter it;
    struct rng__snap_rec rec;
    unsigned char key[RNG__LOCAL_KEY_LEN], val[12];
    const void *upper;
    size_t ulen;
    bool meta;

    rng__applier_drain(f->applier, f);
    if (f->failed || atomic_load(&f->write_failed))
        return RAFT_CORRUPT;
    if (rng__snap_check(buf->base, buf->len, f->range_id, f->n_cfs, &f->desc, &index, &e) != 0) {
        rng__fsm_fail(f, ERR_CORRUPT, "restore: %s", e.msg);
        return RAFT_CORRUPT;
    }
    if (f->applied >= index) {
        /* Restart: the engine already holds this state (and maybe more). */
        f->n_restore_skipped++;
        raft_free(buf->base);
        return 0;
    }
    if (rng__snap_is_marker(buf->base, buf->len)) {
        rng__fsm_fail(f, ERR_CORRUPT,
                      "the raft snapshot at index %llu says the engine holds the range up to "
                      "there, but the engine applied only index %llu: engine data was lost",
                      (unsigned long long)index, (unsigned long long)f->applied);
        return RAFT_CORRUPT;
    }
    b = eng_batch_new(f->engine);
    rng__span_end(&f->desc, &upper, &ulen);
    for (size_t c = 0; c < f->n_cfs; c++)
        eng_batch_delete_range(b, f->cfs[c], f->desc.start, f->desc.start_len, upper, ulen);
    rng__snap_iter_init(&it, buf->base, buf->len);
    while (rng__snap_iter_next(&it, &rec))
        eng_batch_put(b, f->cfs[rec.cf], rec.key, rec.klen, rec.val, rec.vlen);
    rng__applied_key(f->range_id, key);
    rng__applied_value(index, val);
    eng_batch_put(b, f->cf_local, key, sizeof(key), val, sizeof(val));
    if (eng_write(b, ENG_SYNC_YES, &e) != 0) {
        eng_batch_free(b);
        rng__fsm_fail(f, e.code, "restore snapshot %llu: engine write: %s",
                      (unsigned long long)index, e.msg);
        return RAFT_IOERR;
    }
    eng_batch_free(b);
    f->applied = index;
    f->n_restored++;
    f->log_bytes = 0; /* the log now starts after the snapshot */
    if (f->snap_bytes > 0)
        raft_set_snapshot_threshold(f->raft, f->cfg_threshold);
    raft_free(buf->base);
    meta = rng__keycmp(f->desc.start, f->desc.start_len, meta_hi, sizeof(meta_hi)) < 0 &&
           rng__keycmp(upper, ulen, meta_lo, sizeof(meta_lo)) > 0;
    if (meta && f->on_meta)
        f->on_meta(f->hook_arg);
    return 0;
}

int rng__fsm_init(struct rng__fsm *f, const struct rng__fsm_config *c, struct err *err)
{
    unsigned char key[RNG__LOCAL_KEY_LEN];
    void *val = NULL;
    size_t vlen = 0;
    struct err e = {0};
    int rc;

    if (c->n_cfs == 0 || c->n_cfs > 255 || c->meta_cf >= c->n_cfs || c->desc == NULL)
        return err_set(err, ERR_INVAL, "range state machine: bad configuration");
    memset(f, 0, sizeof(*f));
    f->fsm.version = 3;
    f->fsm.data = f;
    f->fsm.apply = fsm_apply;
    f->fsm.snapshot = fsm_snapshot;
    f->fsm.restore = fsm_restore;
    f->fsm.snapshot_finalize = fsm_snapshot_finalize;
    f->fsm.snapshot_async = fsm_snapshot_async;
    f->engine = c->engine;
    f->cf_local = c->cf_local;
    f->cfs = c->cfs;
    f->n_cfs = c->n_cfs;
    f->meta_cf = c->meta_cf;
    rng_desc_copy(&f->desc, c->desc);
    f->range_id = c->desc->range_id;
    snprintf(f->where, sizeof(f->where), "%s", c->where ? c->where : "");
    f->on_meta = c->on_meta;
    f->on_fail = c->on_fail;
    f->hook_arg = c->hook_arg;
    atomic_init(&f->snap_active, false);
    atomic_init(&f->pending, 0);
    atomic_init(&f->write_failed, false);
    f->applier = c->applier;
    f->wb = eng_batch_new(f->engine);

    rng__applied_key(f->range_id, key);
    rc = eng_get(f->cf_local, NULL, key, sizeof(key), NULL, &val, &vlen, &e);
    if (rc == ERR_NOTFOUND) {
        f->applied = 0;
    } else if (rc != 0) {
        f->failed = true;
        err_set(&f->fail_err, rc, "range %llu (%s): read applied index: %s",
                (unsigned long long)f->range_id, f->where, e.msg);
    } else {
        rc = rng__applied_decode(val, vlen, &f->applied, &e);
        xfree(val);
        if (rc != 0) {
            f->failed = true;
            err_set(&f->fail_err, ERR_CORRUPT, "range %llu (%s): %s",
                    (unsigned long long)f->range_id, f->where, e.msg);
        }
    }
    if (f->failed)
        log_error("range", "replica failed: %s", f->fail_err.msg);
    return 0;
}

void rng__fsm_close(struct rng__fsm *f)
{
    rng__applier_drain(f->applier, f);
    eng_batch_free(f->wb);
    f->wb = NULL;
    rng_desc_free(&f->desc);
    xfree(f->res.rc);
    f->res.rc = NULL;
    f->res.cap = 0;
}
