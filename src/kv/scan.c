/* scan.c — iterators over [start, end) of logical keys, walking ranges.
 *
 * An iterator reads in batches, each from one range and one engine snapshot
 * (so no snapshot or engine iterator is held between batches). The first
 * batch holds at most SCAN_BATCH keys and each next one twice as many, up
 * to SCAN_BATCH_MAX keys or SCAN_BATCH_BYTES of keys and values: a point
 * or short scan reads little, and a long one does not pay for a snapshot,
 * two engine iterators and a lock check every 256 rows. For a batch over the physical span S:
 *   1. rng_read_begin on the range, wait for 1PC latches gating S (latch.c);
 *   2. in one snapshot, walk the write CF: per key the newest version with
 *      commit_ts <= read_ts (rollback records skipped, deletes hide it);
 *   3. in the same snapshot, look for locks in S with start_ts <= read_ts —
 *      a lock on a key without committed versions counts too (an insert in
 *      flight); if one exists, drop the batch, resolve the lock and redo it;
 *   4. merge the transaction's own writes in S that are older than the
 *      iterator (they win over committed versions; own deletes hide rows).
 * The span of a batch ends where its last key's versions end (or at the
 * range's end), and the next batch starts there: forward at the range's
 * end the next range is looked up by that key; in reverse by the greatest
 * key below the batch's start (kv__route_before).
 */
#include "kv/kv_int.h"

#include "common/mem.h"
#include "storage/storage.h"

#include <string.h>

#define SCAN_BATCH       256
#define SCAN_BATCH_MAX   4096
#define SCAN_BATCH_BYTES (1u << 20)

struct row {
    unsigned char *ek; /* esc(k) */
    size_t eklen;
    void *key; /* logical */
    size_t klen;
    void *val;
    size_t vlen;
};

struct kv_iter {
    struct kv_txn *t;
    struct kv *kv;
    bool reverse;
    size_t limit, returned;
    size_t batch;  /* keys the next batch may hold (0: SCAN_BATCH) */
    size_t bbytes; /* bytes of keys and values in the current batch */
    uint64_t read_ts;
    uint64_t wm; /* own writes with seq < wm are visible */
    /* the physical span still to read: [lo, hi), hi_inf = no upper bound */
    struct sbuf lo, hi;
    bool hi_inf;
    struct sbuf lo_bound; /* the scan's lower bound (reverse ends there) */
    bool done;
    struct mem_ctx *ctx; /* rows of the current batch */
    struct row *rows;
    size_t nrows, caprows, pos;
    const struct row *cur;
    /* kv__scan_check: rows are the keys committed after check_since; a lock
     * met is handed out instead of resolved */
    uint64_t check_since; /* 0: an ordinary scan */
    bool lock_hit;
    struct sbuf lkey;
    void *lbuf;
    struct kv__lock_rec lk;
    /* SERIALIZABLE (kv__txn_ser): the span the caller consumed, recorded in
     * the read set when the iterator is freed: from the scan's start to the
     * last row returned (cov), or to its end once it ran out */
    bool ser;
    struct sbuf hi0; /* the scan's upper bound (it->hi moves in reverse) */
    bool hi0_inf;
    struct sbuf cov;
    bool cov_any, cov_end;
};

static void add_row(struct kv_iter *it, const void *ek, size_t eklen, const void *val, size_t vlen)
{
    if (it->nrows == it->caprows) {
        size_t cap = it->caprows ? it->caprows * 2 : 64;
        it->rows =
            mem_realloc(it->ctx, it->rows, it->caprows * sizeof *it->rows, cap * sizeof *it->rows);
        it->caprows = cap;
    }
    struct row *r = &it->rows[it->nrows++];
    r->ek = mem_alloc(it->ctx, eklen);
    memcpy(r->ek, ek, eklen);
    r->eklen = eklen;
    r->val = mem_alloc(it->ctx, vlen ? vlen : 1);
    if (vlen > 0)
        memcpy(r->val, val, vlen);
    r->vlen = vlen;
    r->key = NULL;
    r->klen = 0;
    it->bbytes += eklen + vlen;
}

/* Append a row already in it->ctx (no copy). */
static void push_row(struct kv_iter *it, const struct row *r)
{
    if (it->nrows == it->caprows) {
        size_t cap = it->caprows ? it->caprows * 2 : 64;
        it->rows =
            mem_realloc(it->ctx, it->rows, it->caprows * sizeof *it->rows, cap * sizeof *it->rows);
        it->caprows = cap;
    }
    it->rows[it->nrows++] = *r;
}

/* The first lock in [lo, hi) of snap with start_ts <= read_ts. */
static int find_lock(struct kv_iter *it, const struct eng_snapshot *snap, const void *lo,
                     size_t lolen, const void *hi, size_t hilen, bool *found, struct sbuf *key,
                     void **buf, struct kv__lock_rec *lk, struct err *e)
{
    *found = false;
    int rc = 0;
    struct eng_iter *li = eng_iter_new(it->kv->cf[KV_CF_LOCK], snap, lo, lolen, hi, hilen);
    for (eng_iter_first(li); eng_iter_valid(li); eng_iter_next(li)) {
        size_t klen, vlen;
        const void *k = eng_iter_key(li, &klen);
        const void *v = eng_iter_value(li, &vlen);
        struct kv__lock_rec r;
        rc = kv__lock_rec_decode(v, vlen, &r, e);
        if (rc != 0)
            break;
        if (r.start_ts > it->read_ts || r.start_ts == it->t->start_ts)
            continue;
        *buf = xmalloc(vlen);
        memcpy(*buf, v, vlen);
        rc = kv__lock_rec_decode(*buf, vlen, lk, e);
        sbuf_append(key, k, klen);
        *found = true;
        break;
    }
    if (rc == 0)
        rc = eng_iter_status(li, e);
    eng_iter_free(li);
    return rc;
}

/* Walk the store forward over [lo, chunk_hi): rows for up to max keys;
 * *stop gets the end of the span covered. */
static int store_forward(struct kv_iter *it, const struct eng_snapshot *snap, const void *chi,
                         size_t chilen, size_t max, struct sbuf *stop, struct err *e)
{
    struct kv *kv = it->kv;
    struct eng_iter *wi =
        eng_iter_new(kv->cf[KV_CF_WRITE], snap, it->lo.data, it->lo.len, chi, chilen);
    struct sbuf seek;
    sbuf_init(&seek);
    size_t count = 0;
    int rc = 0;
    bool full = false;
    eng_iter_seek(wi, it->lo.data, it->lo.len);
    while (eng_iter_valid(wi)) {
        size_t klen, vlen, eklen;
        const unsigned char *k = eng_iter_key(wi, &klen);
        rc = kv__key_unesc(k, klen, &eklen, NULL, e);
        if (rc != 0)
            break;
        if (klen != eklen + KV__TS_LEN) {
            rc =
                err_set(e, ERR_CORRUPT, "kv: write CF key of %zu bytes, key part %zu", klen, eklen);
            break;
        }
        if (count == max || it->bbytes >= SCAN_BATCH_BYTES) {
            sbuf_append(stop, k, eklen);
            full = true;
            break;
        }
        count++;
        /* copy ek: the iterator moves */
        unsigned char *ek = mem_alloc(it->ctx, eklen);
        memcpy(ek, k, eklen);
        if (kv__key_get_ts(k, klen) > it->read_ts) {
            sbuf_reset(&seek);
            sbuf_append(&seek, ek, eklen);
            kv__key_put_ts(&seek, it->read_ts);
            eng_iter_seek(wi, seek.data, seek.len);
        }
        while (eng_iter_valid(wi)) {
            k = eng_iter_key(wi, &klen);
            if (klen != eklen + KV__TS_LEN || memcmp(k, ek, eklen) != 0)
                break; /* no visible version of ek */
            const void *v = eng_iter_value(wi, &vlen);
            struct kv__write_rec w;
            rc = kv__write_rec_decode(v, vlen, &w, e);
            if (rc != 0)
                break;
            if (w.kind == KV__OP_ROLLBACK) {
                eng_iter_next(wi);
                continue;
            }
            if (it->check_since != 0) {
                /* the newest put/delete <= read_ts: committed after since by
                 * another transaction? (a fresh key's are our own) */
                if (kv__key_get_ts(k, klen) > it->check_since && w.start_ts != it->t->start_ts &&
                    !kv__txn_fresh(it->t, ek, eklen))
                    add_row(it, ek, eklen, NULL, 0);
                break;
            }
            if (w.kind == KV__OP_PUT && w.has_value) {
                add_row(it, ek, eklen, w.value, w.value_len);
            } else if (w.kind == KV__OP_PUT) {
                struct sbuf dk;
                sbuf_init(&dk);
                sbuf_append(&dk, ek, eklen);
                kv__key_put_ts(&dk, w.start_ts);
                void *d = NULL;
                size_t dlen = 0;
                rc = eng_get(kv->cf[KV_CF_DATA], snap, dk.data, dk.len, NULL, &d, &dlen, e);
                sbuf_free(&dk);
                if (rc == ERR_NOTFOUND)
                    rc = err_set(e, ERR_CORRUPT, "kv: write record without its data");
                if (rc == 0) {
                    const void *dv;
                    size_t dn;
                    rc = kv__data_rec_decode(d, dlen, &dv, &dn, e);
                    if (rc == 0)
                        add_row(it, ek, eklen, dv, dn);
                }
                xfree(d);
            }
            break;
        }
        if (rc != 0)
            break;
        /* Past ek's older versions: mostly there are none, and a few steps
         * reach the next key more cheaply than a seek. */
        for (int step = 0; eng_iter_valid(wi); step++) {
            k = eng_iter_key(wi, &klen);
            if (klen != eklen + KV__TS_LEN || memcmp(k, ek, eklen) != 0)
                break; /* the next key */
            if (step == 4) {
                sbuf_reset(&seek);
                kv__key_esc_end(&seek, ek, eklen);
                eng_iter_seek(wi, seek.data, seek.len);
                break;
            }
            eng_iter_next(wi);
        }
    }
    if (rc == 0)
        rc = eng_iter_status(wi, e);
    eng_iter_free(wi);
    sbuf_free(&seek);
    if (rc == 0 && !full) {
        if (chi != NULL)
            sbuf_append(stop, chi, chilen);
    }
    return rc;
}

/* Walk the store backward over [clo, hi): rows (descending) for up to max
 * keys; *stop gets the lower end of the span covered. */
static int store_reverse(struct kv_iter *it, const struct eng_snapshot *snap, const void *clo,
                         size_t clolen, size_t max, struct sbuf *stop, struct err *e)
{
    struct kv *kv = it->kv;
    struct eng_iter *wi = eng_iter_new(kv->cf[KV_CF_WRITE], snap, clo, clolen,
                                       it->hi_inf ? NULL : it->hi.data, it->hi.len);
    size_t count = 0;
    int rc = 0;
    bool full = false;
    eng_iter_last(wi);
    while (eng_iter_valid(wi)) {
        size_t klen, eklen;
        const unsigned char *k = eng_iter_key(wi, &klen);
        rc = kv__key_unesc(k, klen, &eklen, NULL, e);
        if (rc != 0)
            break;
        if (klen != eklen + KV__TS_LEN) {
            rc =
                err_set(e, ERR_CORRUPT, "kv: write CF key of %zu bytes, key part %zu", klen, eklen);
            break;
        }
        if (count == max || it->bbytes >= SCAN_BATCH_BYTES) {
            kv__key_esc_end(stop, k, eklen);
            full = true;
            break;
        }
        count++;
        unsigned char *ek = mem_alloc(it->ctx, eklen);
        memcpy(ek, k, eklen);
        struct kv__read r;
        rc = kv__read_version(kv, snap, ek, eklen, it->read_ts, NULL, &r, e);
        if (rc != 0)
            break;
        if (r.found) {
            add_row(it, ek, eklen, r.val, r.vlen);
            xfree(r.val);
        }
        eng_iter_seek_for_prev(wi, ek, eklen); /* ek itself is never a write CF key */
    }
    if (rc == 0)
        rc = eng_iter_status(wi, e);
    eng_iter_free(wi);
    if (rc == 0 && !full)
        sbuf_append(stop, clo, clolen);
    return rc;
}

/* Merge the transaction's own writes in the batch's span into it->rows. */
static void merge_own(struct kv_iter *it, const void *slo, size_t slolen, const void *shi,
                      size_t shilen, bool shi_inf)
{
    struct kv_txn *t = it->t;
    size_t n = it->nrows;
    struct row *store = it->rows;
    it->rows = NULL;
    it->nrows = it->caprows = 0;
    size_t si = 0;
    const struct kv__bent *b;
    if (!it->reverse)
        b = kv__buf_seek(&t->buf, slo, slolen);
    else
        b = shi_inf ? kv__buf_seek_prev(&t->buf, NULL, 0) : kv__buf_seek_prev(&t->buf, shi, shilen);
    bool first = true;
    for (;;) {
        /* the next own entry still inside the span */
        if (b != NULL) {
            bool in = !it->reverse ? (shi_inf || kv__key_cmp(b->key, b->klen, shi, shilen) < 0)
                                   : kv__key_cmp(b->key, b->klen, slo, slolen) >= 0;
            if (!in)
                b = NULL;
        }
        if (first && b == NULL) {
            /* nothing of ours in the span: the batch stays as read */
            it->rows = store;
            it->nrows = n;
            it->caprows = n;
            return;
        }
        first = false;
        const struct kv__bver *v = NULL;
        if (b != NULL) {
            v = kv__buf_visible(b, it->wm);
            if (v == NULL) { /* nothing of ours visible here */
                b = !it->reverse ? kv__buf_next(b) : kv__buf_seek_prev(&t->buf, b->key, b->klen);
                continue;
            }
        }
        if (b == NULL && si == n)
            break;
        int c;
        if (b == NULL)
            c = -1; /* store row first */
        else if (si == n)
            c = 1;
        else {
            c = kv__key_cmp(store[si].ek, store[si].eklen, b->key, b->klen);
            if (it->reverse)
                c = -c;
        }
        if (c < 0) {
            push_row(it, &store[si]); /* its key and value stay where they are */
            si++;
            continue;
        }
        if (c == 0)
            si++; /* ours wins */
        if (v->op == KV__OP_PUT)
            add_row(it, b->key, b->klen, v->val, v->vlen);
        b = !it->reverse ? kv__buf_next(b) : kv__buf_seek_prev(&t->buf, b->key, b->klen);
    }
}

/* Read the next batch into it->rows (possibly empty when the store had
 * nothing visible in the span; the caller loops until rows or done). */
static int fetch(struct kv_iter *it, struct err *e)
{
    struct kv *kv = it->kv;
    mem_ctx_reset(it->ctx);
    it->rows = NULL;
    it->nrows = it->caprows = it->pos = 0;
    it->bbytes = 0;
    size_t max = it->batch ? it->batch : SCAN_BATCH;
    it->batch = max * 2 > SCAN_BATCH_MAX ? SCAN_BATCH_MAX : max * 2;
    if (it->limit > 0 && it->limit - it->returned < max)
        max = it->limit - it->returned;
    if (max == 0)
        max = 1;
    int64_t deadline = kv__lock_deadline(kv, it->t->lock_timeout_ms);
    int attempt = 0;
    for (;;) {
        struct rng_desc d;
        int rc = !it->reverse
                     ? kv__route(kv, it->lo.data, it->lo.len, &d, e)
                     : kv__route_before(kv, it->hi_inf ? NULL : it->hi.data, it->hi.len, &d, e);
        if (rc != 0)
            return rc;
        /* the chunk of the span inside this range */
        struct sbuf clo, chi, stop;
        sbuf_init(&clo);
        sbuf_init(&chi);
        sbuf_init(&stop);
        bool chi_inf;
        bool last_chunk;
        if (!it->reverse) {
            sbuf_append(&clo, it->lo.data, it->lo.len);
            if (d.end_inf && it->hi_inf) {
                chi_inf = true;
            } else if (d.end_inf || (!it->hi_inf &&
                                     kv__key_cmp(it->hi.data, it->hi.len, d.end, d.end_len) <= 0)) {
                chi_inf = false;
                sbuf_append(&chi, it->hi.data, it->hi.len);
            } else {
                chi_inf = false;
                sbuf_append(&chi, d.end, d.end_len);
            }
            last_chunk = chi_inf || (!it->hi_inf &&
                                     kv__key_cmp(chi.data, chi.len, it->hi.data, it->hi.len) == 0);
        } else {
            chi_inf = it->hi_inf;
            if (!chi_inf)
                sbuf_append(&chi, it->hi.data, it->hi.len);
            if (kv__key_cmp(d.start, d.start_len, it->lo_bound.data, it->lo_bound.len) <= 0) {
                sbuf_append(&clo, it->lo_bound.data, it->lo_bound.len);
                last_chunk = true;
            } else {
                sbuf_append(&clo, d.start, d.start_len);
                last_chunk = false;
            }
        }
        uint64_t range_id = d.range_id;
        rng_desc_free(&d);
        rc = kv__read_begin(kv, range_id, e);
        if (rc == 0 && it->check_since != 0)
            kv__latch_wait_read_other(kv, clo.data, clo.len, chi_inf ? NULL : chi.data, chi.len,
                                      it->read_ts, it->t->start_ts);
        else if (rc == 0)
            kv__latch_wait_read(kv, clo.data, clo.len, chi_inf ? NULL : chi.data, chi.len,
                                it->read_ts);
        struct eng_snapshot *snap = rc == 0 ? eng_snapshot_new(kv->eng) : NULL;
        if (rc == 0) {
            if (!it->reverse)
                rc = store_forward(it, snap, chi_inf ? NULL : chi.data, chi.len, max, &stop, e);
            else
                rc = store_reverse(it, snap, clo.data, clo.len, max, &stop, e);
        }
        /* the span covered: forward [lo, stop or +inf), reverse [stop, hi) */
        bool stop_inf = !it->reverse && stop.len == 0 && chi_inf;
        const void *slo = !it->reverse ? it->lo.data : stop.data;
        size_t slolen = !it->reverse ? it->lo.len : stop.len;
        const void *shi = !it->reverse ? stop.data : it->hi.data;
        size_t shilen = !it->reverse ? stop.len : it->hi.len;
        bool shi_inf = !it->reverse ? stop_inf : it->hi_inf;
        bool found = false;
        struct sbuf lkey;
        sbuf_init(&lkey);
        void *lbuf = NULL;
        struct kv__lock_rec lk;
        if (rc == 0)
            rc = find_lock(it, snap, slo, slolen, shi_inf ? NULL : shi, shilen, &found, &lkey,
                           &lbuf, &lk, e);
        eng_snapshot_free(snap);
        if (rc == 0 && found && it->check_since != 0) {
            /* the committing caller resolves it with no latch held */
            it->lock_hit = true;
            it->lkey = lkey;
            it->lbuf = lbuf;
            it->lk = lk;
            it->done = true;
            it->nrows = 0;
            sbuf_free(&clo);
            sbuf_free(&chi);
            sbuf_free(&stop);
            return 0;
        }
        if (rc == 0 && found) {
            bool resolved = false;
            rc = kv__resolve_span(kv, lkey.data, lkey.len, &lk, slo, slolen, shi_inf ? NULL : shi,
                                  shilen, &resolved, e);
            if (rc == 0 && !resolved) {
                if (kv__now_ms(kv) >= deadline)
                    rc = err_set(e, ERR_LOCKTIMEOUT,
                                 "canceling statement due to lock timeout: key locked by "
                                 "committing transaction %llu",
                                 (unsigned long long)lk.start_ts);
                else
                    kv__backoff(attempt++);
            }
            xfree(lbuf);
            sbuf_free(&lkey);
            sbuf_free(&clo);
            sbuf_free(&chi);
            sbuf_free(&stop);
            if (rc != 0)
                return rc;
            mem_ctx_reset(it->ctx);
            it->rows = NULL;
            it->nrows = it->caprows = 0;
            it->bbytes = 0;
            continue; /* redo the batch */
        }
        sbuf_free(&lkey);
        if (rc == 0) {
            if (it->check_since == 0)
                merge_own(it, slo, slolen, shi, shilen, shi_inf);
            /* advance the cursor past the span */
            if (!it->reverse) {
                bool at_chunk_end =
                    shi_inf || kv__key_cmp(stop.data, stop.len, chi.data, chi.len) == 0;
                if (shi_inf || (at_chunk_end && last_chunk)) {
                    it->done = true;
                } else {
                    sbuf_reset(&it->lo);
                    sbuf_append(&it->lo, stop.data, stop.len);
                }
            } else {
                bool at_chunk_end = kv__key_cmp(stop.data, stop.len, clo.data, clo.len) == 0;
                if (at_chunk_end && last_chunk) {
                    it->done = true;
                } else {
                    sbuf_reset(&it->hi);
                    sbuf_append(&it->hi, stop.data, stop.len);
                    it->hi_inf = false;
                }
            }
        }
        sbuf_free(&clo);
        sbuf_free(&chi);
        sbuf_free(&stop);
        return rc;
    }
}

int kv_txn_scan(struct kv_txn *t, const struct kv_scan *s, struct kv_iter **out, struct err *err)
{
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc == 0 && s->start != NULL && s->start_len > KV_MAX_KEY_LEN)
        rc = err_set(&e, ERR_LIMIT, "kv: scan start key too long");
    if (rc == 0 && s->end != NULL && s->end_len > KV_MAX_KEY_LEN)
        rc = err_set(&e, ERR_LIMIT, "kv: scan end key too long");
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        if (t->state == KV__TXN_ACTIVE)
            kv__txn_fail(t, &e);
        return rc;
    }
    struct kv_iter *it = xcalloc(1, sizeof *it);
    it->t = t;
    it->kv = t->kv;
    it->reverse = s->reverse;
    it->limit = s->limit;
    it->read_ts = t->read_ts;
    it->wm = kv__buf_new_mark(&t->buf);
    if (t->read_cap != 0 && t->read_cap < it->wm)
        it->wm = t->read_cap;
    sbuf_init(&it->lo);
    sbuf_init(&it->hi);
    sbuf_init(&it->lo_bound);
    if (s->start != NULL)
        kv__key_esc(&it->lo, s->start, s->start_len);
    sbuf_append(&it->lo_bound, it->lo.data, it->lo.len);
    it->hi_inf = s->end == NULL;
    if (s->end != NULL)
        kv__key_esc(&it->hi, s->end, s->end_len);
    if (!it->hi_inf && kv__key_cmp(it->lo.data, it->lo.len, it->hi.data, it->hi.len) >= 0)
        it->done = true;
    /* a scan of a fresh span reads the bulk writes it may see in the
     * engine (direct.c) */
    uint64_t dts = 0;
    rc = t->direct != NULL && it->lo.len > 0
             ? kv__direct_read_ts(t, it->lo.data, it->lo.len, t->read_cap, &dts, &e)
             : 0;
    if (rc != 0) {
        sbuf_free(&it->lo);
        sbuf_free(&it->hi);
        sbuf_free(&it->lo_bound);
        xfree(it);
        if (err != NULL)
            *err = e;
        kv__txn_fail(t, &e);
        return rc;
    }
    if (dts > it->read_ts)
        it->read_ts = dts;
    it->ctx = mem_ctx_new(NULL, "kv iter");
    it->ser = kv__txn_ser(t);
    sbuf_init(&it->hi0);
    sbuf_init(&it->cov);
    sbuf_init(&it->lkey);
    if (it->ser) {
        it->hi0_inf = it->hi_inf;
        sbuf_append(&it->hi0, it->hi.data, it->hi.len);
    }
    t->n_iters++;
    *out = it;
    return 0;
}

int kv__scan_check(struct kv_txn *t, const void *lo, size_t lolen, const void *hi, size_t hilen,
                   uint64_t read_ts, uint64_t since, bool *hit, bool *lock_found, struct sbuf *lkey,
                   void **lbuf, struct kv__lock_rec *lk, struct err *e)
{
    *hit = false;
    *lock_found = false;
    if (hi != NULL && kv__key_cmp(lo, lolen, hi, hilen) >= 0)
        return 0;
    struct kv_iter it = {.t = t, .kv = t->kv, .read_ts = read_ts, .check_since = since};
    sbuf_init(&it.lo);
    sbuf_init(&it.hi);
    sbuf_init(&it.lo_bound);
    sbuf_init(&it.lkey);
    sbuf_append(&it.lo, lo, lolen);
    sbuf_append(&it.lo_bound, lo, lolen);
    it.hi_inf = hi == NULL;
    if (hi != NULL)
        sbuf_append(&it.hi, hi, hilen);
    it.ctx = mem_ctx_new(NULL, "kv check");
    int rc = 0;
    while (rc == 0 && !it.done && !*hit) {
        rc = fetch(&it, e);
        if (rc == 0 && it.nrows > 0)
            *hit = true;
    }
    if (rc == 0 && it.lock_hit) {
        *lock_found = true;
        sbuf_append(lkey, it.lkey.data, it.lkey.len);
        *lbuf = it.lbuf;
        *lk = it.lk;
    } else {
        xfree(it.lbuf);
    }
    sbuf_free(&it.lkey);
    mem_ctx_free(it.ctx);
    sbuf_free(&it.lo);
    sbuf_free(&it.hi);
    sbuf_free(&it.lo_bound);
    return rc;
}

int kv_iter_next(struct kv_iter *it, bool *has_row, struct err *err)
{
    struct err e = {0};
    *has_row = false;
    it->cur = NULL;
    int rc = kv__txn_usable(it->t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    if (it->limit > 0 && it->returned >= it->limit)
        return 0;
    while (it->pos == it->nrows) {
        if (it->done) {
            it->cov_end = true;
            return 0;
        }
        rc = fetch(it, &e);
        if (rc != 0) {
            if (err != NULL)
                *err = e;
            kv__txn_fail(it->t, &e);
            return rc;
        }
    }
    struct row *r = &it->rows[it->pos++];
    struct sbuf lk;
    sbuf_init(&lk);
    size_t used;
    rc = kv__key_unesc(r->ek, r->eklen, &used, &lk, &e);
    if (rc != 0) {
        sbuf_free(&lk);
        if (err != NULL)
            *err = e;
        kv__txn_fail(it->t, &e);
        return rc;
    }
    r->klen = lk.len;
    r->key = mem_alloc(it->ctx, lk.len ? lk.len : 1);
    memcpy(r->key, lk.data, lk.len);
    sbuf_free(&lk);
    it->cur = r;
    it->returned++;
    if (it->ser) {
        /* consumed so far: forward up to r's versions' end, reverse down to r */
        sbuf_reset(&it->cov);
        if (!it->reverse)
            kv__key_esc_end(&it->cov, r->ek, r->eklen);
        else
            sbuf_append(&it->cov, r->ek, r->eklen);
        it->cov_any = true;
    }
    *has_row = true;
    return 0;
}

const void *kv_iter_key(const struct kv_iter *it, size_t *klen)
{
    *klen = it->cur != NULL ? it->cur->klen : 0;
    return it->cur != NULL ? it->cur->key : NULL;
}

const void *kv_iter_value(const struct kv_iter *it, size_t *vlen)
{
    *vlen = it->cur != NULL ? it->cur->vlen : 0;
    return it->cur != NULL ? it->cur->val : NULL;
}

void kv_iter_free(struct kv_iter *it)
{
    if (it == NULL)
        return;
    if (it->ser && (it->cov_any || it->cov_end)) {
        const struct sbuf *lo = &it->lo_bound, *hi = &it->hi0;
        bool hi_inf = it->hi0_inf;
        if (!it->reverse && !it->cov_end) {
            hi = &it->cov;
            hi_inf = false;
        } else if (it->reverse && !it->cov_end) {
            lo = &it->cov;
        }
        kv__ser_note_span(it->t, lo->data, lo->len, hi_inf ? NULL : hi->data, hi->len);
    }
    sbuf_free(&it->hi0);
    sbuf_free(&it->cov);
    sbuf_free(&it->lkey);
    it->t->n_iters--;
    mem_ctx_free(it->ctx);
    sbuf_free(&it->lo);
    sbuf_free(&it->hi);
    sbuf_free(&it->lo_bound);
    xfree(it);
}
