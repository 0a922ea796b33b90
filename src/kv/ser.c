/* ser.c — SERIALIZABLE: read spans and the commit-time read refresh.
 *
 * A serializable transaction runs as REPEATABLE READ (one snapshot at
 * start_ts, first updater wins) and records what it read: every key read by
 * kv_txn_get / _batch_get / _lock*, and for every scan the span the caller
 * consumed (scan.c, kv_iter_free). At the commit of a transaction that
 * wrote something, once commit_ts is taken and before the commit point,
 * kv__ser_check walks every read span at commit_ts with the scan machinery
 * (scan.c, kv__scan_check): a put or delete committed there by another
 * transaction after start_ts, or another transaction's lock that may still
 * commit at or below commit_ts (resolved by the caller, then checked again),
 * fails the commit with 40001. What the transaction read is then unchanged
 * from start_ts through commit_ts, so it may be placed at commit_ts in the
 * serial order (kv invariant 14, README.md). CockroachDB's read refresh.
 */
#include "kv/kv_int.h"

#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

static unsigned char *dup_key(const void *p, size_t n)
{
    unsigned char *d = xmalloc(n ? n : 1);
    if (n > 0)
        memcpy(d, p, n);
    return d;
}

static void span_free(struct kv__rspan *s)
{
    xfree(s->lo);
    xfree(s->hi);
}

/* hi of a versus hi of b (infinite last). */
static int hi_cmp(const struct kv__rspan *a, const struct kv__rspan *b)
{
    if (a->hi_inf || b->hi_inf)
        return (int)a->hi_inf - (int)b->hi_inf;
    return kv__key_cmp(a->hi, a->hilen, b->hi, b->hilen);
}

static int lo_order(const void *pa, const void *pb)
{
    const struct kv__rspan *a = pa, *b = pb;
    return kv__key_cmp(a->lo, a->lolen, b->lo, b->lolen);
}

/* Make a cover b too (b's keys are freed). PRE: a->lo <= b->lo. */
static void absorb(struct kv_txn *t, struct kv__rspan *a, struct kv__rspan *b)
{
    if (hi_cmp(b, a) > 0) {
        t->rs.bytes -= a->hilen;
        xfree(a->hi);
        a->hi = b->hi;
        a->hilen = b->hilen;
        a->hi_inf = b->hi_inf;
        b->hi = NULL;
        b->hilen = 0;
    }
    t->rs.bytes -= b->lolen + b->hilen;
    span_free(b);
}

/* Sort by lo and merge overlapping or adjacent spans. */
static void normalize(struct kv_txn *t)
{
    struct kv__rspans *rs = &t->rs;
    if (rs->n < 2)
        return;
    qsort(rs->v, rs->n, sizeof *rs->v, lo_order);
    size_t w = 0;
    for (size_t i = 1; i < rs->n; i++) {
        struct kv__rspan *a = &rs->v[w], *b = &rs->v[i];
        if (a->hi_inf || kv__key_cmp(b->lo, b->lolen, a->hi, a->hilen) <= 0)
            absorb(t, a, b);
        else
            rs->v[++w] = *b;
    }
    rs->n = w + 1;
}

void kv__ser_compact(struct kv_txn *t, size_t max_spans, size_t max_bytes)
{
    struct kv__rspans *rs = &t->rs;
    normalize(t);
    if (max_spans == 0)
        max_spans = 1;
    /* coarser is safe (only more conflicts): merge neighbours pairwise */
    while (rs->n > 1 && (rs->n > max_spans || rs->bytes > max_bytes)) {
        size_t w = 0;
        for (size_t i = 0; i < rs->n; i += 2, w++) {
            rs->v[w] = rs->v[i];
            if (i + 1 < rs->n)
                absorb(t, &rs->v[w], &rs->v[i + 1]);
        }
        rs->n = w;
    }
}

static void add_span(struct kv_txn *t, const void *lo, size_t lolen, const void *hi, size_t hilen,
                     bool hi_inf)
{
    struct kv__rspans *rs = &t->rs;
    if (rs->n > 0) {
        /* a scan or get right after the last one (a common pattern) */
        struct kv__rspan *last = &rs->v[rs->n - 1];
        if (kv__key_cmp(lo, lolen, last->lo, last->lolen) >= 0 &&
            (last->hi_inf || kv__key_cmp(lo, lolen, last->hi, last->hilen) <= 0)) {
            if (!last->hi_inf && (hi_inf || kv__key_cmp(hi, hilen, last->hi, last->hilen) > 0)) {
                rs->bytes -= last->hilen;
                xfree(last->hi);
                last->hi = hi_inf ? NULL : dup_key(hi, hilen);
                last->hilen = hi_inf ? 0 : hilen;
                last->hi_inf = hi_inf;
                rs->bytes += last->hilen;
            }
            return;
        }
    }
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 16;
        rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
    }
    struct kv__rspan *s = &rs->v[rs->n++];
    s->lo = dup_key(lo, lolen);
    s->lolen = lolen;
    s->hi_inf = hi_inf;
    s->hi = hi_inf ? NULL : dup_key(hi, hilen);
    s->hilen = hi_inf ? 0 : hilen;
    rs->bytes += lolen + s->hilen;
    if (rs->n > KV__RSPAN_MAX || rs->bytes > KV__RSPAN_BYTES)
        kv__ser_compact(t, KV__RSPAN_MAX / 2, KV__RSPAN_BYTES / 2);
}

void kv__ser_note_key(struct kv_txn *t, const void *ek, size_t eklen)
{
    if (!kv__txn_ser(t) || kv__txn_fresh(t, ek, eklen))
        return;
    struct sbuf hi;
    sbuf_init(&hi);
    kv__key_esc_end(&hi, ek, eklen); /* every version of ek, nothing else */
    add_span(t, ek, eklen, hi.data, hi.len, false);
    sbuf_free(&hi);
}

void kv__ser_note_span(struct kv_txn *t, const void *lo, size_t lolen, const void *hi, size_t hilen)
{
    if (!kv__txn_ser(t))
        return;
    if (hi != NULL && kv__key_cmp(lo, lolen, hi, hilen) >= 0)
        return;
    add_span(t, lo, lolen, hi, hilen, hi == NULL);
}

void kv__ser_free(struct kv_txn *t)
{
    for (size_t i = 0; i < t->rs.n; i++)
        span_free(&t->rs.v[i]);
    xfree(t->rs.v);
    memset(&t->rs, 0, sizeof t->rs);
}

int kv__ser_conflict(struct err *e)
{
    return err_set_state(e, ERR_CONFLICT, "40001",
                         "could not serialize access due to read/write dependencies among "
                         "transactions\nDETAIL:  Reason code: Canceled on identification as a "
                         "pivot, during commit attempt.\nHINT:  The transaction might succeed if "
                         "retried.");
}

int kv__ser_check(struct kv_txn *t, uint64_t commit_ts, bool *lock_found, struct sbuf *lkey,
                  void **lbuf, struct kv__lock_rec *lk, struct err *e)
{
    *lock_found = false;
    if (!kv__txn_ser(t) || t->rs.n == 0)
        return 0;
    normalize(t);
    for (size_t i = 0; i < t->rs.n; i++) {
        const struct kv__rspan *s = &t->rs.v[i];
        bool hit = false;
        int rc = kv__scan_check(t, s->lo, s->lolen, s->hi_inf ? NULL : s->hi, s->hilen, commit_ts,
                                t->start_ts, &hit, lock_found, lkey, lbuf, lk, e);
        if (rc != 0 || *lock_found)
            return rc;
        if (hit)
            return kv__ser_conflict(e);
    }
    return 0;
}
