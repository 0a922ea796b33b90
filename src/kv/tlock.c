/* tlock.c — in-memory table-level locks (PostgreSQL's relation locks).
 *
 * One entry per locked relation id, in the lock table's own hash
 * (lt->tentries) under lt->mu, next to the row locks of lock_table.c and
 * sharing their wait-for graph, so a cycle through table and row locks is
 * found like any other (40P01). A holder keeps a mask of the modes it holds
 * (PostgreSQL's holdMask: SELECT then INSERT holds AccessShareLock and
 * RowExclusiveLock); a request conflicts with a holder when the holder's
 * mask has a mode in the request's conflict set (conflicts[] below,
 * PostgreSQL's LockConflicts).
 *
 * Granting is lock_table.c's: a new request goes at once when no other
 * holder and no queued waiter conflicts, else queues at the tail; a
 * transaction that already holds a mode of the relation checks the other
 * holders only and queues at the head (it is ahead of the waiters anyway,
 * as PostgreSQL's ProcSleep puts it). A release or a waiter giving up grants
 * every waiter that can go, in order. Waits poll the caller's interrupt
 * callback, the lock timeout and the wait-for graph every SLICE_MS.
 *
 * The transaction keeps the list of modes it took (struct kv__tlk, in the
 * order taken with the buffer's sequence number), so asking again for a
 * held mode costs a short scan of that list and no mutex, rollback_to
 * releases the modes taken after the savepoint, and the end of the
 * transaction releases them all. Nothing here is ever persisted.
 */
#include "kv/kv_int.h"

#include "common/hash.h"
#include "common/mem.h"
#include "common/waitstate.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define SLICE_MS 50

#define B(m) (1u << (m))
/* conflicts[m]: the modes m conflicts with (PostgreSQL's lock.c) */
static const unsigned conflicts[9] = {
    0,
    /* AccessShare */ B(8),
    /* RowShare */ B(7) | B(8),
    /* RowExclusive */ B(5) | B(6) | B(7) | B(8),
    /* ShareUpdateExclusive */ B(4) | B(5) | B(6) | B(7) | B(8),
    /* Share */ B(3) | B(4) | B(6) | B(7) | B(8),
    /* ShareRowExclusive */ B(3) | B(4) | B(5) | B(6) | B(7) | B(8),
    /* Exclusive */ B(2) | B(3) | B(4) | B(5) | B(6) | B(7) | B(8),
    /* AccessExclusive */ B(1) | B(2) | B(3) | B(4) | B(5) | B(6) | B(7) | B(8),
};

static const char *const mode_names[9] = {
    "INVALID",
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
};

bool kv_tlock_conflicts(enum kv_tlock_mode a, enum kv_tlock_mode b)
{
    if (a < 1 || a > 8 || b < 1 || b > 8)
        return false;
    return (conflicts[a] & B(b)) != 0;
}

const char *kv_tlock_mode_name(enum kv_tlock_mode mode)
{
    return mode >= 1 && mode <= 8 ? mode_names[mode] : mode_names[0];
}

struct twaiter {
    struct twaiter *next;
    uint64_t txn_id;
    int mode;
    int32_t owner;
    uint32_t db;
    pthread_cond_t cv;
    bool granted;
};

struct tholder {
    uint64_t txn_id;
    unsigned mask;
    int32_t owner;
    uint32_t db;
};

struct kv__tlock_entry {
    struct tholder *h;
    size_t n, cap;
    struct twaiter *head, *tail;
};

void kv__tlock_init(struct kv__lock_table *lt)
{
    lt->tentries = hash_new(64);
}

static void tentry_free(struct kv__tlock_entry *e)
{
    xfree(e->h);
    xfree(e);
}

void kv__tlock_destroy(struct kv__lock_table *lt)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(lt->tentries, &pos, &k, &kl, &v))
        tentry_free(v);
    hash_free(lt->tentries);
}

static struct tholder *find_h(struct kv__tlock_entry *e, uint64_t txn_id)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->h[i].txn_id == txn_id)
            return &e->h[i];
    return NULL;
}

static void grant(struct kv__tlock_entry *e, uint64_t txn_id, int mode, int32_t owner, uint32_t db)
{
    struct tholder *h = find_h(e, txn_id);
    if (h != NULL) {
        h->mask |= B(mode);
        return;
    }
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 4;
        e->h = xrealloc(e->h, sizeof *e->h * e->cap);
    }
    e->h[e->n++] = (struct tholder){.txn_id = txn_id, .mask = B(mode), .owner = owner, .db = db};
}

static const struct tholder *holder_conflict(const struct kv__tlock_entry *e, uint64_t txn_id,
                                             int mode)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->h[i].txn_id != txn_id && (e->h[i].mask & conflicts[mode]) != 0)
            return &e->h[i];
    return NULL;
}

static bool waiter_conflict(const struct kv__tlock_entry *e, const struct twaiter *stop,
                            uint64_t txn_id, int mode)
{
    for (const struct twaiter *w = e->head; w != NULL && w != stop; w = w->next)
        if (w->txn_id != txn_id && (conflicts[w->mode] & B(mode)) != 0)
            return true;
    return false;
}

static void unlink_w(struct kv__tlock_entry *e, struct twaiter *w)
{
    struct twaiter **pp = &e->head, *prev = NULL;
    while (*pp != NULL && *pp != w) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (*pp == NULL)
        return;
    *pp = w->next;
    if (e->tail == w)
        e->tail = prev;
    w->next = NULL;
}

/* Record what w waits for; returns the first of them, or 0. */
static uint64_t set_edges(struct kv__lock_table *lt, const struct kv__tlock_entry *e,
                          const struct twaiter *w)
{
    size_t n = 0, cap = e->n + 1;
    for (const struct twaiter *o = e->head; o != NULL && o != w; o = o->next)
        cap++;
    uint64_t *ids = xmalloc(sizeof *ids * cap);
    for (size_t i = 0; i < e->n; i++)
        if (e->h[i].txn_id != w->txn_id && (e->h[i].mask & conflicts[w->mode]) != 0)
            ids[n++] = e->h[i].txn_id;
    for (const struct twaiter *o = e->head; o != NULL && o != w; o = o->next)
        if (o->txn_id != w->txn_id && (conflicts[o->mode] & B(w->mode)) != 0)
            ids[n++] = o->txn_id;
    kv__wg_set_many(&lt->graph, w->txn_id, ids, n);
    uint64_t first = n > 0 ? ids[0] : 0;
    xfree(ids);
    return first;
}

static void wake(struct kv__lock_table *lt, struct kv__tlock_entry *e)
{
    struct twaiter *w = e->head;
    while (w != NULL) {
        struct twaiter *nx = w->next;
        if (holder_conflict(e, w->txn_id, w->mode) == NULL &&
            !waiter_conflict(e, w, w->txn_id, w->mode)) {
            unlink_w(e, w);
            grant(e, w->txn_id, w->mode, w->owner, w->db);
            w->granted = true;
            kv__wg_clear(&lt->graph, w->txn_id);
            pthread_cond_signal(&w->cv);
        }
        w = nx;
    }
    for (struct twaiter *o = e->head; o != NULL; o = o->next)
        set_edges(lt, e, o);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Take mode on rel for txn_id in the lock table. */
static int acquire(struct kv *kv, uint64_t txn_id, uint32_t rel, int mode, int timeout_ms,
                   int deadlock_ms, const struct kv_tlock_opts *o, bool *waited, struct err *err)
{
    struct kv__lock_table *lt = &kv->locks;
    pthread_mutex_lock(&lt->mu);
    struct kv__tlock_entry *e = hash_get(lt->tentries, &rel, sizeof rel);
    if (e == NULL) {
        e = xcalloc(1, sizeof *e);
        hash_put(lt->tentries, &rel, sizeof rel, e);
    }
    struct tholder *mine = find_h(e, txn_id);
    if (mine != NULL && (mine->mask & B(mode)) != 0) {
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }
    bool holds = mine != NULL;
    if (holder_conflict(e, txn_id, mode) == NULL &&
        (holds || !waiter_conflict(e, NULL, txn_id, mode))) {
        grant(e, txn_id, mode, o->owner, o->db);
        if (holds)
            for (struct twaiter *w = e->head; w != NULL; w = w->next)
                set_edges(lt, e, w);
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }
    if (o->nowait) {
        if (e->n == 0 && e->head == NULL)
            tentry_free(hash_del(lt->tentries, &rel, sizeof rel));
        pthread_mutex_unlock(&lt->mu);
        return err_set(err, ERR_LOCKTIMEOUT, "could not obtain lock on relation %u", rel);
    }

    struct twaiter w = {.txn_id = txn_id, .mode = mode, .owner = o->owner, .db = o->db};
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w.cv, &ca);
    pthread_condattr_destroy(&ca);
    if (holds) {
        w.next = e->head;
        e->head = &w;
        if (e->tail == NULL)
            e->tail = &w;
    } else {
        if (e->tail != NULL)
            e->tail->next = &w;
        else
            e->head = &w;
        e->tail = &w;
    }
    if (waited != NULL)
        *waited = true;
    KV__COUNT(kv, lock_waits);
    met_counter_inc(kv->m.lock_waits);
    for (struct twaiter *x = w.next; holds && x != NULL; x = x->next)
        set_edges(lt, e, x);

    int64_t start = mono_ms();
    int64_t end = timeout_ms > 0 ? start + timeout_ms : 0;
    /* As row locks (lock_table.c) and PostgreSQL: look for a deadlock only
     * after deadlock_timeout, so the victim is the same waiter */
    bool dl_due = deadlock_ms <= 0;
    int rc = 0;
    waitstate_enter(); /* pg_isolation_test_session_is_blocked */
    set_edges(lt, e, &w);
    if (dl_due && kv__wg_cycle(&lt->graph, txn_id))
        rc = ERR_DEADLOCK;
    while (rc == 0 && !w.granted) {
        struct timespec slice;
        clock_gettime(CLOCK_MONOTONIC, &slice);
        slice.tv_nsec += (long)SLICE_MS * 1000000L;
        if (slice.tv_nsec >= 1000000000L) {
            slice.tv_sec++;
            slice.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w.cv, &lt->mu, &slice);
        if (w.granted)
            break;
        if (end != 0 && mono_ms() >= end) {
            rc = ERR_LOCKTIMEOUT;
            break;
        }
        if (o->interrupt != NULL) {
            pthread_mutex_unlock(&lt->mu);
            int irc = o->interrupt(o->arg, err);
            pthread_mutex_lock(&lt->mu);
            if (w.granted)
                break;
            if (irc != 0) {
                rc = irc;
                break;
            }
        }
        set_edges(lt, e, &w);
        dl_due = dl_due || mono_ms() - start >= deadlock_ms;
        if (dl_due && kv__wg_cycle(&lt->graph, txn_id))
            rc = ERR_DEADLOCK;
    }
    waitstate_leave();
    if (!w.granted) {
        unlink_w(e, &w);
        kv__wg_clear(&lt->graph, txn_id);
        wake(lt, e);
        if (e->n == 0 && e->head == NULL)
            tentry_free(hash_del(lt->tentries, &rel, sizeof rel));
    } else {
        rc = 0; /* granted while giving up: keep it */
    }
    pthread_mutex_unlock(&lt->mu);
    pthread_cond_destroy(&w.cv);
    if (rc == ERR_DEADLOCK) {
        KV__COUNT(kv, deadlocks);
        met_counter_inc(kv->m.deadlocks);
        return err_set(err, ERR_DEADLOCK, "deadlock detected");
    }
    if (rc == ERR_LOCKTIMEOUT) {
        KV__COUNT(kv, lock_timeouts);
        met_counter_inc(kv->m.lock_timeouts);
        return err_set(err, ERR_LOCKTIMEOUT, "canceling statement due to lock timeout");
    }
    return rc;
}

static void release(struct kv *kv, uint64_t txn_id, uint32_t rel, int mode)
{
    struct kv__lock_table *lt = &kv->locks;
    pthread_mutex_lock(&lt->mu);
    struct kv__tlock_entry *e = hash_get(lt->tentries, &rel, sizeof rel);
    struct tholder *h = e != NULL ? find_h(e, txn_id) : NULL;
    if (h == NULL) {
        pthread_mutex_unlock(&lt->mu);
        return;
    }
    h->mask &= ~B(mode);
    if (h->mask == 0)
        *h = e->h[--e->n];
    if (e->n == 0 && e->head == NULL)
        tentry_free(hash_del(lt->tentries, &rel, sizeof rel));
    else
        wake(lt, e);
    pthread_mutex_unlock(&lt->mu);
}

unsigned kv_txn_table_locks_held(const struct kv_txn *t, uint32_t rel, uint64_t since_mark)
{
    unsigned m = 0;
    for (size_t i = 0; i < t->n_tlk; i++)
        if (t->tlk[i].rel == rel && t->tlk[i].seq >= since_mark)
            m |= B(t->tlk[i].mode);
    return m;
}

int kv_txn_table_lock(struct kv_txn *t, uint32_t rel, enum kv_tlock_mode mode,
                      const struct kv_tlock_opts *o, bool *waited, struct err *err)
{
    if (waited != NULL)
        *waited = false;
    if (mode < 1 || mode > 8)
        return err_set(err, ERR_INVAL, "kv: bad table lock mode %d", (int)mode);
    for (size_t i = 0; i < t->n_tlk; i++)
        if (t->tlk[i].rel == rel && t->tlk[i].mode == mode)
            return 0;
    int rc = kv__txn_usable(t, err);
    if (rc != 0)
        return rc;
    static const struct kv_tlock_opts none = {0};
    rc = acquire(t->kv, t->start_ts, rel, (int)mode, t->lock_timeout_ms, t->deadlock_timeout_ms,
                 o != NULL ? o : &none, waited, err);
    if (rc != 0)
        return rc;
    if (t->n_tlk == t->cap_tlk) {
        t->cap_tlk = t->cap_tlk ? 2 * t->cap_tlk : 8;
        t->tlk = xrealloc(t->tlk, sizeof *t->tlk * t->cap_tlk);
    }
    t->tlk[t->n_tlk++] = (struct kv__tlk){.rel = rel, .mode = (uint8_t)mode, .seq = t->buf.seq};
    return 0;
}

void kv__tlock_release_from(struct kv_txn *t, uint64_t mark)
{
    while (t->n_tlk > 0 && t->tlk[t->n_tlk - 1].seq >= mark) {
        const struct kv__tlk *k = &t->tlk[--t->n_tlk];
        release(t->kv, t->start_ts, k->rel, k->mode);
    }
    if (t->n_tlk == 0) {
        xfree(t->tlk);
        t->tlk = NULL;
        t->cap_tlk = 0;
    }
}

void kv_table_locks(struct kv *kv, struct kv_tlock_row **out, size_t *n)
{
    struct kv__lock_table *lt = &kv->locks;
    size_t cnt = 0, cap = 16;
    struct kv_tlock_row *rows = xmalloc(sizeof *rows * cap);
    pthread_mutex_lock(&lt->mu);
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(lt->tentries, &pos, &k, &kl, &v)) {
        const struct kv__tlock_entry *e = v;
        uint32_t rel;
        memcpy(&rel, k, sizeof rel);
        for (size_t i = 0; i < e->n; i++) {
            for (int m = 1; m <= 8; m++) {
                if ((e->h[i].mask & B(m)) == 0)
                    continue;
                if (cnt == cap)
                    rows = xrealloc(rows, sizeof *rows * (cap *= 2));
                rows[cnt++] = (struct kv_tlock_row){.rel = rel,
                                                    .db = e->h[i].db,
                                                    .owner = e->h[i].owner,
                                                    .txn_id = e->h[i].txn_id,
                                                    .mode = (uint8_t)m,
                                                    .granted = true};
            }
        }
        for (const struct twaiter *w = e->head; w != NULL; w = w->next) {
            if (cnt == cap)
                rows = xrealloc(rows, sizeof *rows * (cap *= 2));
            rows[cnt++] = (struct kv_tlock_row){.rel = rel,
                                                .db = w->db,
                                                .owner = w->owner,
                                                .txn_id = w->txn_id,
                                                .mode = (uint8_t)w->mode,
                                                .granted = false};
        }
    }
    pthread_mutex_unlock(&lt->mu);
    *out = rows;
    *n = cnt;
}
