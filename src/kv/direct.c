/* direct.c — bulk writes into fresh spans that bypass the write buffer
 * (kv invariant 15).
 *
 * Streaming (stream.c) still keeps every fresh version in the transaction's
 * buffer: a skip-list entry, the key and the value copied into the
 * transaction's arena, so a million-row COPY spends most of its time
 * inserting into the skip list and faulting in arena pages. A transaction
 * in bulk mode (kv_txn_set_bulk, which SQL sets for COPY FROM and backfills
 * when the statement does not read what it writes) sends a put or delete
 * of a fresh key that has no buffer entry here instead: the version is
 * staged in a small arena that is recycled after every flush, and each
 * KV__STREAM_BYTES are proposed as committed versions at a new timestamp F
 * exactly as streaming does. What stays behind is a log of the keys of
 * every flush, for undo.
 *
 * Reads find these versions in the engine, not in the buffer: a read of a
 * fresh key reads at the F of the newest flush it may see (kv__direct_read_ts)
 * — all of them without a read cap (pending ones are flushed and every
 * flush waited for first), else those written before the cap. So that a cap
 * never falls inside a flush, the pending versions are flushed at every
 * statement start, read mark and savepoint. Nobody else can reach a fresh
 * span, so the versions there are exactly this transaction's.
 *
 * A failed statement, ROLLBACK TO or rollback deletes the flushes written
 * after its mark (their keys from the log, at their F) and drops what is
 * pending; the commit flushes the rest and waits for every flush before its
 * commit point; from then on (t->stream_keep) nothing is deleted.
 */
#include "kv/kv_int.h"

#include "common/log.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

/* One flush: versions with seq in [seq_lo, seq_hi] at ts, their keys at
 * log[koff, kend) ([u32 klen][esc key] ..., ascending). */
struct dflush {
    uint64_t ts, seq_lo, seq_hi;
    size_t koff, kend;
};

struct kv__direct {
    struct mem_ctx *stage; /* pending keys and values; reset after a flush */
    struct kv__mut *pend;
    size_t n_pend, cap_pend, pend_bytes;
    uint64_t pend_seq_lo;
    struct dflush *fl;
    size_t n_fl, cap_fl;
    struct sbuf log;
    struct kv__fpipe pipe;
    bool waited; /* every flush in fl has applied */
};

static struct kv__direct *direct_get(struct kv_txn *t)
{
    if (t->direct == NULL) {
        struct kv__direct *d = t->direct = xcalloc(1, sizeof *d);
        d->stage = mem_ctx_new(NULL, "kv direct stage");
        sbuf_init(&d->log);
        kv__fpipe_init(&d->pipe);
        d->waited = true;
    }
    return t->direct;
}

static int mut_cmp(const void *a, const void *b)
{
    const struct kv__mut *x = a, *y = b;
    return kv__key_cmp(x->e->key, x->e->klen, y->e->key, y->e->klen);
}

/* Key, then write order (seq): a total order, so qsort keeps the last
 * write of a key last. */
static int mut_cmp_seq(const void *a, const void *b)
{
    const struct kv__mut *x = a, *y = b;
    int c = mut_cmp(a, b);
    if (c != 0)
        return c;
    return x->v->seq < y->v->seq ? -1 : x->v->seq > y->v->seq;
}

static void sort_pend(struct kv__mut *m, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (mut_cmp(&m[i - 1], &m[i]) >= 0) {
            qsort(m, n, sizeof *m, mut_cmp_seq);
            return;
        }
    }
}

/* Drop all but the last write of each key (m ascending, equal keys in
 * write order): one flush holds one version of a key. */
static size_t dedup_pend(struct kv__mut *m, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && mut_cmp(&m[k - 1], &m[i]) == 0) {
            if (m[i].v->seq > m[k - 1].v->seq)
                m[k - 1] = m[i];
            continue;
        }
        m[k++] = m[i];
    }
    return k;
}

static int flush(struct kv_txn *t, struct err *e)
{
    struct kv__direct *d = t->direct;
    if (d == NULL || d->n_pend == 0)
        return 0;
    uint64_t ts;
    int rc = kv__tso_next(t->kv, &ts, e);
    if (rc != 0)
        return rc;
    sort_pend(d->pend, d->n_pend);
    size_t n = dedup_pend(d->pend, d->n_pend);
    if (d->n_fl == d->cap_fl) {
        d->cap_fl = d->cap_fl ? d->cap_fl * 2 : 64;
        d->fl = xrealloc(d->fl, d->cap_fl * sizeof *d->fl);
    }
    /* remembered before proposing: an undo deletes them whether or not the
     * proposal got through */
    struct dflush *f = &d->fl[d->n_fl++];
    f->ts = ts;
    f->seq_lo = d->pend_seq_lo;
    f->seq_hi = t->buf.seq;
    f->koff = d->log.len;
    for (size_t i = 0; i < n; i++) {
        uint32_t kl = (uint32_t)d->pend[i].e->klen;
        sbuf_append(&d->log, &kl, sizeof kl);
        sbuf_append(&d->log, d->pend[i].e->key, kl);
    }
    f->kend = d->log.len;
    d->waited = false;
    /* the batches are encoded before this returns: the stage can go */
    rc = kv__fresh_propose(t->kv, &d->pipe, d->pend, n, ts, ts, false, e);
    d->n_pend = 0;
    d->pend_bytes = 0;
    mem_ctx_reset(d->stage);
    return rc;
}

int kv__direct_write(struct kv_txn *t, const void *ek, size_t eklen, uint8_t op, const void *val,
                     size_t vlen, struct err *e)
{
    struct kv__direct *d = direct_get(t);
    if (d->n_pend == d->cap_pend) {
        d->cap_pend = d->cap_pend ? d->cap_pend * 2 : 4096;
        d->pend = xrealloc(d->pend, d->cap_pend * sizeof *d->pend);
    }
    /* stage-only entry and version (fresh_chunk reads key, op and value),
     * with the key and value, in one allocation */
    size_t es = (sizeof(struct kv__bent) + 15) & ~(size_t)15;
    size_t vs = (sizeof(struct kv__bver) + 15) & ~(size_t)15;
    size_t vl = op == KV__OP_PUT ? vlen : 0;
    char *mem = mem_alloc(d->stage, es + vs + eklen + vl + 1);
    struct kv__bent *ent = (struct kv__bent *)mem;
    struct kv__bver *v = (struct kv__bver *)(mem + es);
    ent->key = (unsigned char *)mem + es + vs;
    memcpy(ent->key, ek, eklen);
    ent->klen = eklen;
    v->op = op;
    v->vlen = vl;
    v->val = (unsigned char *)mem + es + vs + eklen;
    if (v->vlen > 0)
        memcpy(v->val, val, v->vlen);
    v->seq = ++t->buf.seq;
    if (d->n_pend == 0)
        d->pend_seq_lo = v->seq;
    d->pend[d->n_pend++] = (struct kv__mut){.e = ent, .v = v};
    d->pend_bytes += KV__MUT_COST(eklen, v->vlen);
    if (d->pend_bytes < KV__STREAM_BYTES)
        return 0;
    return flush(t, e);
}

int kv__direct_mark(struct kv_txn *t, struct err *e)
{
    return t->direct != NULL ? flush(t, e) : 0;
}

static int wait_all(struct kv__direct *d, struct err *e)
{
    if (d->waited)
        return 0;
    int rc = kv__fpipe_wait(&d->pipe, 0, e);
    if (rc == 0)
        d->waited = true;
    return rc;
}

int kv__direct_read_ts(struct kv_txn *t, const void *ek, size_t eklen, uint64_t cap, uint64_t *ts,
                       struct err *e)
{
    *ts = 0;
    struct kv__direct *d = t->direct;
    if (d == NULL || (d->n_fl == 0 && d->n_pend == 0) || !kv__txn_fresh(t, ek, eklen))
        return 0;
    int rc = 0;
    if (cap == 0)
        rc = flush(t, e);
    if (rc == 0)
        rc = wait_all(d, e);
    if (rc != 0)
        return rc;
    for (size_t i = d->n_fl; i > 0; i--) {
        if (cap == 0 || d->fl[i - 1].seq_hi < cap) {
            *ts = d->fl[i - 1].ts;
            break;
        }
    }
    return 0;
}

int kv__direct_sync(struct kv_txn *t, struct err *e)
{
    if (t->direct == NULL)
        return 0;
    int rc = flush(t, e);
    int wrc = kv__fpipe_wait(&t->direct->pipe, 0, rc == 0 ? e : &(struct err){0});
    if (rc == 0 && wrc == 0)
        t->direct->waited = true;
    return rc != 0 ? rc : wrc;
}

bool kv__direct_any(const struct kv_txn *t)
{
    return t->direct != NULL && (t->direct->n_fl > 0 || t->direct->n_pend > 0);
}

int kv__direct_undo(struct kv_txn *t, uint64_t mark, struct err *e)
{
    struct kv__direct *d = t->direct;
    if (d == NULL)
        return 0;
    struct err ignored = {0};
    (void)kv__fpipe_wait(&d->pipe, 0, &ignored); /* failed ones are deleted anyway */
    d->waited = true;
    /* pending versions never went out: drop those from mark on (a mark
     * flushes, so they are all newer or all older) */
    if (d->n_pend > 0 && d->pend_seq_lo >= mark) {
        d->n_pend = 0;
        d->pend_bytes = 0;
        mem_ctx_reset(d->stage);
    }
    size_t keep = d->n_fl;
    while (keep > 0 && d->fl[keep - 1].seq_lo >= mark)
        keep--;
    if (keep == d->n_fl)
        return 0;
    /* deletions of both records of every logged key (the data record may
     * not exist: deleting it is harmless), one flush at a time; nothing is
     * forgotten unless every deletion got through */
    struct mem_ctx *ctx = mem_ctx_new(NULL, "kv direct undo");
    struct kv__fpipe p;
    kv__fpipe_init(&p);
    int rc = 0;
    for (size_t i = keep; i < d->n_fl && rc == 0; i++) {
        const struct dflush *f = &d->fl[i];
        size_t cnt = 0, cap = 1024;
        struct kv__mut *m = mem_alloc(ctx, cap * sizeof *m);
        struct kv__bver *v = mem_alloc(ctx, sizeof *v);
        memset(v, 0, sizeof *v);
        v->op = KV__OP_PUT;
        v->vlen = KV__INLINE_MAX + 1;
        for (size_t off = f->koff; off < f->kend;) {
            uint32_t kl;
            memcpy(&kl, d->log.data + off, sizeof kl);
            off += sizeof kl;
            if (cnt == cap) {
                struct kv__mut *nm = mem_alloc(ctx, 2 * cap * sizeof *m);
                memcpy(nm, m, cap * sizeof *m);
                m = nm;
                cap *= 2;
            }
            struct kv__bent *ent = mem_alloc(ctx, sizeof *ent);
            ent->key = (unsigned char *)d->log.data + off;
            ent->klen = kl;
            m[cnt++] = (struct kv__mut){.e = ent, .v = v};
            off += kl;
        }
        /* encoded before it returns: m can go */
        rc = kv__fresh_propose(t->kv, &p, m, cnt, f->ts, f->ts, true, e);
        mem_ctx_reset(ctx);
    }
    int wrc = kv__fpipe_wait(&p, 0, rc == 0 ? e : &ignored);
    if (rc == 0)
        rc = wrc;
    kv__fpipe_destroy(&p);
    mem_ctx_free(ctx);
    if (rc != 0)
        return rc;
    d->log.len = d->fl[keep].koff;
    d->n_fl = keep;
    return 0;
}

void kv__direct_free(struct kv_txn *t)
{
    struct kv__direct *d = t->direct;
    if (d == NULL)
        return;
    struct err e = {0};
    if (!t->stream_keep && kv__direct_undo(t, 0, &e) != 0)
        log_warn("kv", "removing bulk-written keys of transaction %llu: %s (left as garbage)",
                 (unsigned long long)t->start_ts, e.msg);
    (void)kv__fpipe_wait(&d->pipe, 0, &e);
    kv__fpipe_destroy(&d->pipe);
    mem_ctx_free(d->stage);
    sbuf_free(&d->log);
    xfree(d->pend);
    xfree(d->fl);
    xfree(d);
    t->direct = NULL;
}
