/* stream.c — proposing writes in fresh key spans (kv invariants 12, 13).
 *
 * A fresh span (kv_txn_fresh_span) cannot be reached by anyone but its
 * transaction until it commits, so its writes need no locks and no checks:
 * they are proposed as committed versions (write records, values inline
 * when short). commit.c writes what is left at commit_ts; this file also
 * streams them while the transaction runs: once KV__STREAM_BYTES are queued
 * the session proposes them at a new timestamp F, asynchronously, and goes
 * on producing rows while the range loop applies them. A bulk load then
 * uses both cores instead of buffering everything and applying it at
 * commit.
 *
 * Each flush has its own F (and keeps data records at F), so two versions
 * of one key streamed by different flushes never overwrite each other and
 * a rollback to a savepoint deletes exactly the versions it undoes: the
 * stream remembers (entry, version, F) of every streamed version, and the
 * buffer's arena keeps a popped version's memory until the transaction
 * ends. Readers are unaffected: a snapshot older than the commit cannot
 * reach the span, a newer one sees the newest version, and the
 * transaction itself reads its buffer first.
 */
#include "kv/kv_int.h"

#include "common/log.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

/* ---- the proposal window ---- */

void kv__fpipe_init(struct kv__fpipe *p)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
}

void kv__fpipe_destroy(struct kv__fpipe *p)
{
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
}

/* On the loop thread. */
static void fpipe_done(void *arg, int rc, const struct err *err)
{
    struct kv__fpipe *p = arg;
    pthread_mutex_lock(&p->mu);
    if (rc != 0 && p->rc == 0) {
        p->rc = rc;
        if (err != NULL)
            p->e = *err;
        else
            err_set(&p->e, rc, "%s", err_str(rc));
    }
    p->pending--;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

int kv__fpipe_wait(struct kv__fpipe *p, size_t max, struct err *e)
{
    pthread_mutex_lock(&p->mu);
    while (p->pending > max)
        pthread_cond_wait(&p->cv, &p->mu);
    int rc = p->rc;
    if (rc != 0 && e != NULL)
        *e = p->e;
    pthread_mutex_unlock(&p->mu);
    return rc;
}

/* One proposal of m[*i, ...) inside range d (at most KV__CHUNK_BYTES);
 * advances *i. */
static void fresh_chunk(const struct kv__mut *m, size_t n, size_t *i, const struct rng_desc *d,
                        uint64_t data_ts, uint64_t commit_ts, bool undo, struct sbuf *k,
                        struct sbuf *v, struct rng_batch *b)
{
    size_t bytes = 0;
    for (; *i < n && kv__desc_below_end(d, m[*i].e->key, m[*i].e->klen) && bytes <= KV__CHUNK_BYTES;
         (*i)++) {
        const struct kv__mut *x = &m[*i];
        bytes += KV__MUT_COST(x->e->klen, x->v->vlen);
        bool put = x->v->op == KV__OP_PUT;
        bool inl = !put || x->v->vlen <= KV__INLINE_MAX;
        if (put && inl && !undo) {
            /* the common case, written in place: key + ts, write record */
            struct kv__write_rec w = {.kind = KV__OP_PUT,
                                      .start_ts = data_ts,
                                      .has_value = true,
                                      .value = x->v->val,
                                      .value_len = x->v->vlen};
            void *kp, *vp;
            if (rng_batch_put_room(b, KV_CF_WRITE, x->e->klen + KV__TS_LEN, kv__write_rec_size(&w),
                                   &kp, &vp) == 0) {
                memcpy(kp, x->e->key, x->e->klen);
                kv__ts_put_at((unsigned char *)kp + x->e->klen, commit_ts);
                kv__write_rec_encode_at(vp, &w);
            }
            continue;
        }
        if (!inl) {
            sbuf_reset(k);
            sbuf_append(k, x->e->key, x->e->klen);
            kv__key_put_ts(k, data_ts);
            if (undo) {
                rng_batch_delete(b, KV_CF_DATA, k->data, k->len);
            } else {
                sbuf_reset(v);
                kv__data_rec_encode(v, x->v->val, x->v->vlen);
                rng_batch_put(b, KV_CF_DATA, k->data, k->len, v->data, v->len);
            }
        }
        sbuf_reset(k);
        sbuf_append(k, x->e->key, x->e->klen);
        kv__key_put_ts(k, commit_ts);
        if (undo) {
            rng_batch_delete(b, KV_CF_WRITE, k->data, k->len);
        } else {
            struct kv__write_rec w = {.kind = x->v->op, .start_ts = data_ts};
            if (put && inl) {
                w.has_value = true;
                w.value = x->v->val;
                w.value_len = x->v->vlen;
            }
            sbuf_reset(v);
            kv__write_rec_encode(v, &w);
            rng_batch_put(b, KV_CF_WRITE, k->data, k->len, v->data, v->len);
        }
    }
}

int kv__fresh_propose(struct kv *kv, struct kv__fpipe *p, const struct kv__mut *m, size_t n,
                      uint64_t data_ts, uint64_t commit_ts, bool undo, struct err *e)
{
    int rc = 0;
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    for (size_t i = 0; i < n && rc == 0;) {
        struct rng_desc d;
        rc = kv__route(kv, m[i].e->key, m[i].e->klen, &d, e);
        if (rc != 0)
            break;
        struct rng_batch *b = rng_batch_new();
        rng_batch_reserve(b, KV__CHUNK_BYTES + (KV__CHUNK_BYTES >> 4));
        fresh_chunk(m, n, &i, &d, data_ts, commit_ts, undo, &k, &v, b);
        rc = kv__fpipe_wait(p, KV__FRESH_WINDOW - 1, e);
        if (rc == 0 && rng_batch_count(b) > 0) {
            pthread_mutex_lock(&p->mu);
            p->pending++;
            pthread_mutex_unlock(&p->mu);
            /* b becomes the proposal (and the raft entry): no copy */
            int arc = rng_propose_async_take(kv->store, d.range_id, b, fpipe_done, p);
            b = NULL;
            if (arc != 0) {
                pthread_mutex_lock(&p->mu);
                p->pending--;
                pthread_mutex_unlock(&p->mu);
                rc = err_set(e, arc, "kv: range %llu: propose: %s", (unsigned long long)d.range_id,
                             err_str(arc));
            }
        }
        rng_batch_free(b);
        rng_desc_free(&d);
    }
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

/* ---- streaming ---- */

/* A streamed version: written at ts (write record and data). */
struct sent {
    struct kv__bent *e;
    struct kv__bver *v;
    uint64_t ts;
};

struct kv__stream {
    struct kv__fpipe pipe;
    struct kv__bent **queue; /* entries with a version not streamed yet */
    size_t n_queue, cap_queue;
    size_t queued_bytes;
    struct sent *sent; /* in flush order; ts ascending */
    size_t n_sent, cap_sent;
    struct kv__mut *muts; /* scratch */
    size_t cap_muts;
};

static int mut_cmp(const void *a, const void *b)
{
    const struct kv__mut *x = a, *y = b;
    return kv__key_cmp(x->e->key, x->e->klen, y->e->key, y->e->klen);
}

static void sort_muts(struct kv__mut *m, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (mut_cmp(&m[i - 1], &m[i]) > 0) {
            qsort(m, n, sizeof *m, mut_cmp);
            return;
        }
    }
}

static struct kv__mut *scratch(struct kv__stream *s, size_t n)
{
    if (n > s->cap_muts) {
        s->cap_muts = n;
        s->muts = xrealloc(s->muts, n * sizeof *s->muts);
    }
    return s->muts;
}

/* Propose the queued versions at a new timestamp (asynchronously). */
static int flush(struct kv_txn *t, struct err *e)
{
    struct kv__stream *s = t->stream;
    struct kv__mut *m = scratch(s, s->n_queue);
    size_t n = 0;
    for (size_t i = 0; i < s->n_queue; i++) {
        struct kv__bent *ent = s->queue[i];
        ent->stream_pending = 0;
        if (ent->ver != NULL && !ent->ver->streamed)
            m[n++] = (struct kv__mut){.e = ent, .v = ent->ver};
    }
    s->n_queue = 0;
    s->queued_bytes = 0;
    if (n == 0)
        return 0;
    uint64_t ts;
    int rc = kv__tso_next(t->kv, &ts, e);
    if (rc != 0)
        return rc;
    sort_muts(m, n);
    if (s->n_sent + n > s->cap_sent) {
        s->cap_sent = (s->n_sent + n) * 2;
        s->sent = xrealloc(s->sent, s->cap_sent * sizeof *s->sent);
    }
    /* remembered before proposing: an undo deletes them whether or not
     * the proposal got through */
    for (size_t i = 0; i < n; i++) {
        struct kv__bver *v = (struct kv__bver *)m[i].v;
        v->streamed = 1;
        s->sent[s->n_sent++] = (struct sent){.e = (struct kv__bent *)m[i].e, .v = v, .ts = ts};
    }
    return kv__fresh_propose(t->kv, &s->pipe, m, n, ts, ts, false, e);
}

int kv__stream_note(struct kv_txn *t, struct kv__bent *ent, struct err *e)
{
    struct kv__stream *s = t->stream;
    if (s == NULL) {
        s = t->stream = xcalloc(1, sizeof *s);
        kv__fpipe_init(&s->pipe);
    }
    if (ent->stream_pending)
        return 0;
    ent->stream_pending = 1;
    if (s->n_queue == s->cap_queue) {
        s->cap_queue = s->cap_queue ? s->cap_queue * 2 : 4096;
        s->queue = xrealloc(s->queue, s->cap_queue * sizeof *s->queue);
    }
    s->queue[s->n_queue++] = ent;
    s->queued_bytes += KV__MUT_COST(ent->klen, ent->ver != NULL ? ent->ver->vlen : 0);
    if (s->queued_bytes < KV__STREAM_BYTES)
        return 0;
    return flush(t, e);
}

int kv__stream_wait(struct kv_txn *t, bool all, struct err *e)
{
    if (t->stream == NULL)
        return 0;
    int rc = all ? flush(t, e) : 0;
    int wrc = kv__fpipe_wait(&t->stream->pipe, 0, rc == 0 ? e : &(struct err){0});
    return rc != 0 ? rc : wrc;
}

bool kv__stream_any(const struct kv_txn *t)
{
    return t->stream != NULL && t->stream->n_sent > 0;
}

int kv__stream_undo(struct kv_txn *t, uint64_t mark, struct err *e)
{
    struct kv__stream *s = t->stream;
    if (s == NULL)
        return 0;
    struct err ignored = {0};
    (void)kv__fpipe_wait(&s->pipe, 0, &ignored); /* failed ones are deleted anyway */
    /* the versions from seq mark on, one group per ts (sent is in flush
     * order); nothing changes unless every deletion got through, so a
     * later undo can try again */
    struct kv__mut *m = scratch(s, s->n_sent);
    struct kv__fpipe p;
    kv__fpipe_init(&p);
    int rc = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n_sent && rc == 0; i++) {
        const struct sent *x = &s->sent[i];
        if (x->v->seq >= mark)
            m[n++] = (struct kv__mut){.e = x->e, .v = x->v};
        if (n > 0 && (i + 1 == s->n_sent || s->sent[i + 1].ts != x->ts)) {
            /* batches are encoded before this returns: m can be reused */
            rc = kv__fresh_propose(t->kv, &p, m, n, x->ts, x->ts, true, e);
            n = 0;
        }
    }
    int wrc = kv__fpipe_wait(&p, 0, rc == 0 ? e : &ignored);
    if (rc == 0)
        rc = wrc;
    kv__fpipe_destroy(&p);
    if (rc != 0)
        return rc;
    size_t keep = 0;
    for (size_t i = 0; i < s->n_sent; i++) {
        if (s->sent[i].v->seq >= mark)
            s->sent[i].v->streamed = 0;
        else
            s->sent[keep++] = s->sent[i];
    }
    s->n_sent = keep;
    return 0;
}

void kv__stream_free(struct kv_txn *t)
{
    struct kv__stream *s = t->stream;
    if (s == NULL)
        return;
    struct err e = {0};
    if (!t->stream_keep && kv__stream_undo(t, 0, &e) != 0)
        log_warn("kv", "removing streamed keys of transaction %llu: %s (left as garbage)",
                 (unsigned long long)t->start_ts, e.msg);
    (void)kv__fpipe_wait(&s->pipe, 0, &e);
    kv__fpipe_destroy(&s->pipe);
    xfree(s->queue);
    xfree(s->sent);
    xfree(s->muts);
    xfree(s);
    t->stream = NULL;
}
