/* txn.c — transactions: begin, reads with read-your-writes, buffered writes
 * behind pessimistic locks, statements and savepoints, rollback.
 *
 * State machine (kv.h draws it): ACTIVE <-> POISONED, ACTIVE -> COMMITTING
 * -> DONE, ACTIVE/POISONED -> DONE. kv__txn_move refuses anything else.
 * Every public call runs its work against a local struct err; a failure
 * poisons the transaction with that error (STYLE.md §5) and copies it out.
 */
#include "kv/kv_int.h"

#include "common/assert.h"
#include "common/log.h"
#include "common/mem.h"

#include <string.h>

static const bool allowed[KV__TXN__COUNT][KV__TXN__COUNT] = {
    [KV__TXN_ACTIVE] =
        {[KV__TXN_POISONED] = true, [KV__TXN_COMMITTING] = true, [KV__TXN_DONE] = true},
    [KV__TXN_POISONED] = {[KV__TXN_ACTIVE] = true, [KV__TXN_DONE] = true},
    [KV__TXN_COMMITTING] = {[KV__TXN_DONE] = true},
};

bool kv__txn_move(struct kv_txn *t, enum kv__txn_state to)
{
    if (!ALWAYS(allowed[t->state][to]))
        return false;
    t->state = to;
    return true;
}

int kv__txn_fail(struct kv_txn *t, struct err *e)
{
    if (e->code == ERR_CONFLICT)
        kv__count_conflict(t->kv);
    if (t->state == KV__TXN_ACTIVE) {
        if (t->poison == NULL)
            t->poison = xmalloc(sizeof(*t->poison));
        *t->poison = *e;
        kv__txn_move(t, KV__TXN_POISONED);
    }
    return e->code;
}

int kv__txn_usable(struct kv_txn *t, struct err *err)
{
    if (t->state == KV__TXN_ACTIVE)
        return 0;
    if (t->state == KV__TXN_POISONED)
        return err_set_state(err, ERR_INVAL, "25P02",
                             "current transaction is aborted, commands ignored until end of "
                             "transaction block (%s)",
                             t->poison->msg);
    return err_set(err, ERR_INVAL, "kv: transaction already finished");
}

/* Copy e out and poison t when rc != 0. */
static int finish(struct kv_txn *t, int rc, struct err *e, struct err *err)
{
    if (rc == 0)
        return 0;
    if (e->code == 0)
        e->code = rc;
    if (err != NULL)
        *err = *e;
    kv__txn_fail(t, e);
    return rc;
}

static int check_writable(struct kv_txn *t, const char *what, struct err *e)
{
    if (t->read_only && !t->private_writes)
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             what);
    return 0;
}

int kv_txn_begin(struct kv *kv, enum kv_isolation iso, bool read_only, struct kv_txn **out,
                 struct err *err)
{
    if (iso != KV_ISO_READ_COMMITTED && iso != KV_ISO_REPEATABLE_READ && iso != KV_ISO_SERIALIZABLE)
        return err_set(err, ERR_INVAL, "kv: unknown isolation level %d", (int)iso);
    struct kv_txn *t = xcalloc(1, sizeof *t);
    t->kv = kv;
    t->iso = iso;
    t->read_only = read_only;
    t->lock_timeout_ms = kv->opt.lock_timeout_ms;
    /* Registered before the start timestamp exists, so GC's safepoint
     * (which reads this list) never passes a transaction about to start. */
    t->start_ts = 0;
    pthread_mutex_lock(&kv->txns_mu);
    t->next = kv->txns;
    if (kv->txns != NULL)
        kv->txns->prev = t;
    kv->txns = t;
    kv->n_txns++;
    pthread_mutex_unlock(&kv->txns_mu);
    int rc = kv__tso_next(kv, &t->start_ts, err);
    if (rc != 0) {
        kv__txn_free(t);
        return err_prefix(err, "begin");
    }
    t->read_ts = t->start_ts;
    t->ctx = mem_ctx_new(NULL, "kv txn");
    kv__buf_init(&t->buf, t->ctx, t->start_ts);
    *out = t;
    return 0;
}

void kv__txn_free(struct kv_txn *t)
{
    struct kv *kv = t->kv;
    pthread_mutex_lock(&kv->txns_mu);
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        kv->txns = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    kv->n_txns--;
    pthread_mutex_unlock(&kv->txns_mu);
    kv__tlock_release_from(t, 0);
    kv__direct_free(t);
    kv__stream_free(t); /* before the buffer: it names its entries */
    if (t->ctx != NULL) {
        kv__buf_destroy(&t->buf);
        mem_ctx_free(t->ctx);
    }
    xfree(t->savepoints);
    xfree(t->poison);
    for (size_t i = 0; i < t->n_fresh; i++) {
        xfree(t->fresh[i].lo);
        xfree(t->fresh[i].hi);
    }
    xfree(t->fresh);
    sbuf_free(&t->wkey);
    kv__ser_free(t);
    xfree(t);
}

void kv_txn_allow_private_writes(struct kv_txn *t)
{
    t->private_writes = true;
}

void kv_txn_set_lock_timeout(struct kv_txn *t, int ms)
{
    t->lock_timeout_ms = ms < 0 ? 0 : ms;
}

int kv_txn_lock_timeout(const struct kv_txn *t)
{
    return t->lock_timeout_ms;
}

void kv_txn_set_deadlock_timeout(struct kv_txn *t, int ms)
{
    t->deadlock_timeout_ms = ms < 0 ? 0 : ms;
}

uint64_t kv_txn_start_ts(const struct kv_txn *t)
{
    return t->start_ts;
}

uint64_t kv_txn_read_ts(const struct kv_txn *t)
{
    return t->read_ts;
}

enum kv_isolation kv_txn_isolation(const struct kv_txn *t)
{
    return t->iso;
}

const struct err *kv_txn_error(const struct kv_txn *t)
{
    return t->state == KV__TXN_POISONED ? t->poison : NULL;
}

/* ---- fresh spans ---- */

int kv_txn_fresh_span(struct kv_txn *t, const void *lo, size_t lolen, const void *hi, size_t hilen,
                      struct err *err)
{
    int rc = kv__txn_usable(t, err);
    if (rc != 0)
        return rc;
    if (kv__key_cmp(lo, lolen, hi, hilen) >= 0)
        return err_set(err, ERR_INVAL, "kv: empty fresh span");
    if (t->n_fresh == t->cap_fresh) {
        t->cap_fresh = t->cap_fresh ? t->cap_fresh * 2 : 4;
        t->fresh = xrealloc(t->fresh, t->cap_fresh * sizeof *t->fresh);
    }
    struct sbuf a, b;
    sbuf_init(&a);
    sbuf_init(&b);
    kv__key_esc(&a, lo, lolen);
    kv__key_esc(&b, hi, hilen);
    struct kv__fresh *f = &t->fresh[t->n_fresh++];
    t->fresh_gen++;
    f->lolen = a.len;
    f->hilen = b.len;
    f->lo = (unsigned char *)sbuf_detach(&a);
    f->hi = (unsigned char *)sbuf_detach(&b);
    f->seq = kv__buf_new_mark(&t->buf);
    return 0;
}

const struct kv__fresh *kv__txn_fresh_span_of(const struct kv_txn *t, const void *ek, size_t eklen)
{
    for (size_t i = t->n_fresh; i > 0; i--) {
        const struct kv__fresh *f = &t->fresh[i - 1];
        if (kv__key_cmp(ek, eklen, f->lo, f->lolen) >= 0 &&
            kv__key_cmp(ek, eklen, f->hi, f->hilen) < 0)
            return f;
    }
    return NULL;
}

bool kv__txn_fresh(const struct kv_txn *t, const void *ek, size_t eklen)
{
    return kv__txn_fresh_span_of(t, ek, eklen) != NULL;
}

/* The fresh span of esc key ek for a write: kv__txn_fresh_span_of, with the
 * answer remembered for the next keys of a span no newer span overlaps. */
static const struct kv__fresh *write_span(struct kv_txn *t, const void *ek, size_t eklen)
{
    const struct kv__fresh *f = t->last_span;
    if (f != NULL && t->last_span_gen == t->fresh_gen &&
        kv__key_cmp(ek, eklen, f->lo, f->lolen) >= 0 && kv__key_cmp(ek, eklen, f->hi, f->hilen) < 0)
        return f;
    f = kv__txn_fresh_span_of(t, ek, eklen);
    if (f == NULL)
        return NULL;
    bool alone = true;
    for (const struct kv__fresh *g = f + 1; g < t->fresh + t->n_fresh && alone; g++)
        alone = kv__key_cmp(g->hi, g->hilen, f->lo, f->lolen) <= 0 ||
                kv__key_cmp(g->lo, g->lolen, f->hi, f->hilen) >= 0;
    if (alone) {
        t->last_span = f;
        t->last_span_gen = t->fresh_gen;
    }
    return f;
}

/* Whether the buffer holds no entry for esc key ek of fresh span f: the
 * answer for the whole span is remembered until an entry is added or the
 * spans change, so a bulk load into a fresh span looks at the buffer once. */
static bool buf_lacks(struct kv_txn *t, const struct kv__fresh *f, const void *ek, size_t eklen)
{
    if (t->bulk_span == f && t->bulk_adds == t->buf.adds && t->bulk_fresh_gen == t->fresh_gen)
        return true;
    const struct kv__bent *x = kv__buf_seek(&t->buf, f->lo, f->lolen);
    if (x == NULL || kv__key_cmp(x->key, x->klen, f->hi, f->hilen) >= 0) {
        t->bulk_span = f;
        t->bulk_adds = t->buf.adds;
        t->bulk_fresh_gen = t->fresh_gen;
        return true;
    }
    return kv__buf_find(&t->buf, ek, eklen) == NULL;
}

bool kv_txn_fresh_since(struct kv_txn *t, const void *key, size_t keylen, uint64_t sp)
{
    struct sbuf k;
    sbuf_init(&k);
    kv__key_esc(&k, key, keylen);
    bool found = false;
    for (size_t i = t->n_fresh; i > 0 && !found; i--) {
        const struct kv__fresh *f = &t->fresh[i - 1];
        found = f->seq >= sp && kv__key_cmp(k.data, k.len, f->lo, f->lolen) >= 0 &&
                kv__key_cmp(k.data, k.len, f->hi, f->hilen) < 0;
    }
    sbuf_free(&k);
    return found;
}

/* Drop the fresh spans declared at or after mark. */
static void fresh_rollback_to(struct kv_txn *t, uint64_t mark)
{
    while (t->n_fresh > 0 && t->fresh[t->n_fresh - 1].seq >= mark) {
        t->fresh_gen++;
        t->n_fresh--;
        xfree(t->fresh[t->n_fresh].lo);
        xfree(t->fresh[t->n_fresh].hi);
    }
}

/* ---- statements and savepoints ---- */

static void release_cb(void *arg, struct kv__bent *e)
{
    struct kv_txn *t = arg;
    kv__lock_release(t->kv, t->start_ts, e->key, e->klen);
}

int kv_txn_stmt_begin(struct kv_txn *t, struct err *err)
{
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    if (t->iso == KV_ISO_READ_COMMITTED) {
        rc = kv__tso_next(t->kv, &t->read_ts, &e);
        if (rc != 0)
            return finish(t, rc, &e, err);
    }
    rc = kv__direct_mark(t, &e);
    if (rc != 0)
        return finish(t, rc, &e, err);
    t->bulk = false;
    t->stmt_mark = kv__buf_new_mark(&t->buf);
    t->read_cap = 0;
    return 0;
}

uint64_t kv_txn_stmt_mark(const struct kv_txn *t)
{
    return t->stmt_mark;
}

int kv_txn_refresh_read_ts(struct kv_txn *t, struct err *err)
{
    if (t->iso != KV_ISO_READ_COMMITTED)
        return 0;
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc == 0)
        rc = kv__tso_next(t->kv, &t->read_ts, &e);
    return rc != 0 ? finish(t, rc, &e, err) : 0;
}

uint64_t kv_txn_read_mark(struct kv_txn *t)
{
    struct err e = {0};
    if (t->state == KV__TXN_ACTIVE && kv__direct_mark(t, &e) != 0)
        kv__txn_fail(t, &e); /* the next call reports it */
    return kv__buf_new_mark(&t->buf);
}

void kv_txn_set_bulk(struct kv_txn *t, bool on)
{
    t->bulk = on;
}

bool kv_txn_written_since(struct kv_txn *t, const void *key, size_t klen, uint64_t mark)
{
    struct sbuf ek;
    sbuf_init(&ek);
    kv__key_esc(&ek, key, klen);
    const struct kv__bent *ent = kv__buf_find(&t->buf, ek.data, ek.len);
    bool w = ent != NULL && ent->ver != NULL && ent->ver->seq >= mark;
    sbuf_free(&ek);
    return w;
}

uint64_t kv_txn_read_cap(const struct kv_txn *t)
{
    return t->read_cap;
}

uint64_t kv_txn_set_read_cap(struct kv_txn *t, uint64_t mark)
{
    uint64_t old = t->read_cap;
    t->read_cap = mark;
    return old;
}

void kv_txn_stmt_end(struct kv_txn *t, bool failed)
{
    if (failed && t->stmt_mark != 0) {
        kv__buf_rollback_to(&t->buf, t->stmt_mark, release_cb, t);
        struct err ue = {0};
        if (kv__stream_undo(t, t->stmt_mark, &ue) != 0 ||
            kv__direct_undo(t, t->stmt_mark, &ue) != 0)
            log_warn("kv",
                     "transaction %llu: removing the streamed keys of a failed statement: "
                     "%s (retried by ROLLBACK TO)",
                     (unsigned long long)t->start_ts, ue.msg);
        fresh_rollback_to(t, t->stmt_mark);
        if (t->state == KV__TXN_ACTIVE) {
            struct err e = {0};
            err_set_state(&e, ERR_INVAL, "25P02", "a statement of the transaction failed");
            kv__txn_fail(t, &e);
        }
    }
    t->stmt_mark = 0;
}

int kv_txn_savepoint(struct kv_txn *t, uint64_t *sp, struct err *err)
{
    int rc = kv__txn_usable(t, err);
    if (rc != 0)
        return rc;
    struct err de = {0};
    rc = kv__direct_mark(t, &de);
    if (rc != 0) {
        kv__txn_fail(t, &de);
        if (err != NULL)
            *err = de;
        return rc;
    }
    if (t->n_sp == t->cap_sp) {
        t->cap_sp = t->cap_sp ? t->cap_sp * 2 : 8;
        t->savepoints = xrealloc(t->savepoints, t->cap_sp * sizeof *t->savepoints);
    }
    *sp = kv__buf_new_mark(&t->buf);
    t->savepoints[t->n_sp++] = *sp;
    return 0;
}

static int find_sp(const struct kv_txn *t, uint64_t sp, size_t *idx, struct err *err)
{
    for (size_t i = t->n_sp; i > 0; i--) {
        if (t->savepoints[i - 1] == sp) {
            *idx = i - 1;
            return 0;
        }
    }
    return err_set_state(err, ERR_INVAL, "3B001", "savepoint %llu does not exist",
                         (unsigned long long)sp);
}

int kv_txn_rollback_to(struct kv_txn *t, uint64_t sp, struct err *err)
{
    if (t->state != KV__TXN_ACTIVE && t->state != KV__TXN_POISONED)
        return err_set(err, ERR_INVAL, "kv: transaction already finished");
    size_t idx = 0;
    int rc = find_sp(t, sp, &idx, err);
    if (rc != 0)
        return rc; /* does not poison: PostgreSQL reports it and goes on */
    t->n_sp = idx + 1;
    kv__buf_rollback_to(&t->buf, sp, release_cb, t);
    kv__tlock_release_from(t, sp);
    struct err ue = {0};
    rc = kv__stream_undo(t, sp, &ue);
    if (rc == 0)
        rc = kv__direct_undo(t, sp, &ue);
    if (rc != 0) {
        /* its streamed keys are not gone: the transaction stays unusable */
        kv__txn_fail(t, &ue);
        if (err != NULL)
            *err = ue;
        return rc;
    }
    fresh_rollback_to(t, sp);
    if (t->state == KV__TXN_POISONED) {
        kv__txn_move(t, KV__TXN_ACTIVE);
        xfree(t->poison);
        t->poison = NULL;
    }
    return 0;
}

int kv_txn_release(struct kv_txn *t, uint64_t sp, struct err *err)
{
    int rc = kv__txn_usable(t, err);
    if (rc != 0)
        return rc;
    size_t idx = 0;
    rc = find_sp(t, sp, &idx, err);
    if (rc != 0)
        return rc;
    t->n_sp = idx;
    return 0;
}

/* ---- reads ---- */

static void *copy_out(struct mem_ctx *ctx, const void *p, size_t n)
{
    void *v = ctx != NULL ? mem_alloc(ctx, n ? n : 1) : xmalloc(n ? n : 1);
    if (n > 0)
        memcpy(v, p, n);
    return v;
}

/* The transaction's own newest write of ek: 1 when there is one (put or
 * delete), else 0. */
static int own_write(struct kv_txn *t, const void *ek, size_t eklen, const struct kv__bver **v)
{
    const struct kv__bent *ent = kv__buf_find(&t->buf, ek, eklen);
    *v = ent != NULL ? kv__buf_visible(ent, t->read_cap != 0 ? t->read_cap : UINT64_MAX) : NULL;
    return *v != NULL;
}

static int get_one(struct kv_txn *t, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
                   size_t *vlen, bool *found, struct err *e)
{
    *val = NULL;
    *vlen = 0;
    *found = false;
    int rc = kv__key_check(key, klen, e);
    if (rc != 0)
        return rc;
    struct sbuf ek;
    sbuf_init(&ek);
    kv__key_esc(&ek, key, klen);
    const struct kv__bver *v;
    if (own_write(t, ek.data, ek.len, &v)) {
        if (v->op == KV__OP_PUT) {
            *val = copy_out(ctx, v->val, v->vlen);
            *vlen = v->vlen;
            *found = true;
        }
        sbuf_free(&ek);
        return 0;
    }
    /* bulk writes are read from the engine (direct.c) */
    uint64_t ts = t->read_ts, dts = 0;
    if (t->direct != NULL) {
        rc = kv__direct_read_ts(t, ek.data, ek.len, t->read_cap, &dts, e);
        if (rc != 0) {
            sbuf_free(&ek);
            return rc;
        }
        if (dts > ts)
            ts = dts;
    }
    struct kv__read r;
    rc = kv__read_point(t->kv, ek.data, ek.len, ts, kv__lock_deadline(t->kv, t->lock_timeout_ms),
                        ctx, &r, e);
    if (rc == 0 && kv__txn_ser(t))
        kv__ser_note_key(t, ek.data, ek.len);
    sbuf_free(&ek);
    if (rc != 0)
        return rc;
    *val = r.val;
    *vlen = r.vlen;
    *found = r.found;
    return 0;
}

int kv_txn_get(struct kv_txn *t, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
               size_t *vlen, bool *found, struct err *err)
{
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    rc = get_one(t, key, klen, ctx, val, vlen, found, &e);
    return finish(t, rc, &e, err);
}

int kv_txn_batch_get(struct kv_txn *t, const struct kv_key *keys, size_t n, struct mem_ctx *ctx,
                     struct kv_value *out, struct err *err)
{
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    if (NEVER(ctx == NULL))
        rc = err_set(&e, ERR_INVAL, "kv: batch get needs a memory context");
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = get_one(t, keys[i].key, keys[i].len, ctx, &out[i].val, &out[i].len, &out[i].found, &e);
    return finish(t, rc, &e, err);
}

/* ---- locks and writes ---- */

/* Take ek's pessimistic lock for t in mode (if not held in it or a stronger
 * one yet). Under REPEATABLE READ (and SERIALIZABLE) a newly taken or upgraded lock checks that
 * nobody committed ek after start_ts (first updater wins: a shared lock
 * lets others write the key meanwhile). *r (if not NULL) gets the newest
 * committed version, read at for_update_ts (newly) or a fresh timestamp.
 * An upgrade refreshes for_update_ts (commits under the weaker mode were
 * legal) and is not undone by rollback_to: the stronger mode stays. */
static int take_lock(struct kv_txn *t, const void *ek, size_t eklen, int mode, struct mem_ctx *ctx,
                     struct kv__bent **entp, struct kv__read *r, struct err *e)
{
    struct kv *kv = t->kv;
    uint64_t dts;
    /* bulk writes of ek are proposed and applied before ts is taken */
    int drc = t->direct != NULL ? kv__direct_read_ts(t, ek, eklen, 0, &dts, e) : 0;
    if (drc != 0)
        return drc;
    struct kv__bent *ent = kv__buf_get_or_add(&t->buf, ek, eklen);
    *entp = ent;
    bool newly = ent->lock_seq == 0;
    bool upgrade = !newly && mode > ent->lock_mode;
    uint64_t ts;
    int rc;
    if (newly || upgrade) {
        bool waited;
        rc = kv__lock_acquire_dl(kv, t->start_ts, ek, eklen, mode, t->lock_timeout_ms,
                                 t->deadlock_timeout_ms, &waited, e);
        if (rc != 0)
            return rc;
        rc = kv__tso_next(kv, &ts, e);
        if (rc != 0) {
            if (newly)
                kv__lock_release(kv, t->start_ts, ek, eklen);
            else
                ent->lock_mode = (uint8_t)mode; /* the table has it now */
            return rc;
        }
        if (newly)
            kv__buf_mark_locked(&t->buf, ent, ts);
        else
            ent->for_update_ts = ts;
        ent->lock_mode = (uint8_t)mode;
    } else if (r != NULL) {
        rc = kv__tso_next(kv, &ts, e);
        if (rc != 0)
            return rc;
    } else {
        return 0;
    }
    /* (a fresh key's newer versions are our own streamed ones) */
    bool check = (newly || upgrade) && t->iso != KV_ISO_READ_COMMITTED && !t->lock_newest &&
                 !kv__txn_fresh(t, ek, eklen);
    if (!check && r == NULL)
        return 0;
    struct kv__read tmp;
    struct kv__read *rr = r != NULL ? r : &tmp;
    rc = kv__read_point(kv, ek, eklen, ts, kv__lock_deadline(kv, t->lock_timeout_ms),
                        r != NULL ? ctx : NULL, rr, e);
    if (rc != 0)
        return rc;
    if (r == NULL && tmp.found)
        xfree(tmp.val);
    if (check && rr->newest_commit_ts > t->start_ts) {
        if (r != NULL && r->found && ctx == NULL)
            xfree(r->val);
        if (r != NULL) {
            r->found = false;
            r->val = NULL;
        }
        return err_set_state(e, ERR_CONFLICT, "40001",
                             "could not serialize access due to concurrent update");
    }
    return 0;
}

static int write_one(struct kv_txn *t, const void *key, size_t klen, uint8_t op, const void *val,
                     size_t vlen, struct err *e)
{
    int rc = check_writable(t, op == KV__OP_PUT ? "INSERT/UPDATE" : "DELETE", e);
    if (rc == 0)
        rc = kv__key_check(key, klen, e);
    if (rc == 0 && vlen > KV_MAX_VALUE_LEN)
        rc = err_set(e, ERR_LIMIT, "kv: value of %zu bytes exceeds the maximum %u", vlen,
                     KV_MAX_VALUE_LEN);
    if (rc != 0)
        return rc;
    struct sbuf *wk = &t->wkey;
    sbuf_reset(wk);
    kv__key_esc(wk, key, klen);
    struct kv__bent *ent;
    const struct kv__fresh *span = write_span(t, wk->data, wk->len);
    bool fresh = span != NULL;
    if (fresh && t->bulk && buf_lacks(t, span, wk->data, wk->len))
        return kv__direct_write(t, wk->data, wk->len, op, val, vlen, e);
    /* a copy: take_lock and the stream may run code that writes */
    struct sbuf ek;
    sbuf_init(&ek);
    sbuf_append(&ek, wk->data, wk->len);
    if (fresh)
        ent = kv__buf_get_or_add(&t->buf, ek.data, ek.len); /* nobody else can get here */
    else
        rc =
            take_lock(t, ek.data, ek.len, op == KV__OP_PUT ? KV_LOCK_NO_KEY_UPDATE : KV_LOCK_UPDATE,
                      NULL, &ent, NULL, e);
    if (rc == 0)
        kv__buf_write(&t->buf, ent, op, val, vlen);
    if (rc == 0 && fresh)
        rc = kv__stream_note(t, ent, e);
    sbuf_free(&ek);
    return rc;
}

int kv_txn_put(struct kv_txn *t, const void *key, size_t klen, const void *val, size_t vlen,
               struct err *err)
{
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    rc = write_one(t, key, klen, KV__OP_PUT, val, vlen, &e);
    return finish(t, rc, &e, err);
}

int kv_txn_delete(struct kv_txn *t, const void *key, size_t klen, struct err *err)
{
    struct err e = {0};
    int rc = kv__txn_usable(t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    rc = write_one(t, key, klen, KV__OP_DELETE, NULL, 0, &e);
    return finish(t, rc, &e, err);
}

int kv_txn_lock(struct kv_txn *t, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
                size_t *vlen, bool *found, struct err *err)
{
    return kv_txn_lock_mode(t, key, klen, KV_LOCK_UPDATE, ctx, val, vlen, found, err);
}

int kv_txn_lock_held(struct kv_txn *t, const void *key, size_t klen)
{
    struct sbuf ek;
    sbuf_init(&ek);
    kv__key_esc(&ek, key, klen);
    const struct kv__bent *ent = kv__buf_find(&t->buf, ek.data, ek.len);
    int mode = ent != NULL && ent->lock_seq != 0 ? ent->lock_mode : -1;
    sbuf_free(&ek);
    return mode;
}

static const char *lock_cmd(enum kv_lock_mode mode)
{
    switch (mode) {
    case KV_LOCK_KEY_SHARE:
        return "SELECT FOR KEY SHARE";
    case KV_LOCK_SHARE:
        return "SELECT FOR SHARE";
    case KV_LOCK_NO_KEY_UPDATE:
        return "SELECT FOR NO KEY UPDATE";
    case KV_LOCK_UPDATE:
        break;
    }
    return "SELECT FOR UPDATE";
}

int kv_txn_lock_mode(struct kv_txn *t, const void *key, size_t klen, enum kv_lock_mode mode,
                     struct mem_ctx *ctx, void **val, size_t *vlen, bool *found, struct err *err)
{
    struct err e = {0};
    *val = NULL;
    *vlen = 0;
    *found = false;
    int rc = kv__txn_usable(t, &e);
    if (rc != 0) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    if ((unsigned)mode > KV_LOCK_UPDATE)
        mode = KV_LOCK_UPDATE;
    rc = check_writable(t, lock_cmd(mode), &e);
    if (rc == 0)
        rc = kv__key_check(key, klen, &e);
    if (rc != 0)
        return finish(t, rc, &e, err);
    struct sbuf ek;
    sbuf_init(&ek);
    kv__key_esc(&ek, key, klen);
    struct kv__bent *ent;
    struct kv__read r = {0};
    rc = take_lock(t, ek.data, ek.len, (int)mode, ctx, &ent, &r, &e);
    if (rc == 0) {
        const struct kv__bver *v = kv__buf_visible(ent, UINT64_MAX);
        if (v != NULL) {
            if (r.found && ctx == NULL)
                xfree(r.val);
            if (v->op == KV__OP_PUT) {
                *val = copy_out(ctx, v->val, v->vlen);
                *vlen = v->vlen;
                *found = true;
            }
        } else {
            *val = r.val;
            *vlen = r.vlen;
            *found = r.found;
            if (kv__txn_ser(t) && !t->lock_newest)
                kv__ser_note_key(t, ek.data, ek.len);
        }
    }
    sbuf_free(&ek);
    return finish(t, rc, &e, err);
}

int kv_txn_lock_newest(struct kv_txn *t, const void *key, size_t klen, enum kv_lock_mode mode,
                       struct mem_ctx *ctx, void **val, size_t *vlen, bool *found, struct err *err)
{
    t->lock_newest = true;
    int rc = kv_txn_lock_mode(t, key, klen, mode, ctx, val, vlen, found, err);
    t->lock_newest = false;
    return rc;
}

/* ---- the end ---- */

void kv__txn_release_locks(struct kv_txn *t)
{
    for (struct kv__bent *e = kv__buf_seek(&t->buf, NULL, 0); e != NULL; e = kv__buf_next(e)) {
        if (e->lock_seq != 0) {
            kv__lock_release(t->kv, t->start_ts, e->key, e->klen);
            e->lock_seq = 0;
        }
    }
    kv__tlock_release_from(t, 0);
}

void kv_txn_rollback(struct kv_txn *t)
{
    if (t == NULL)
        return;
    kv__txn_release_locks(t);
    kv__txn_move(t, KV__TXN_DONE);
    KV__COUNT(t->kv, rollbacks);
    met_counter_inc(t->kv->m.rollbacks);
    kv__txn_free(t);
}
