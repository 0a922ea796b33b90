/* lock_table.c — in-memory pessimistic locks on the leaseholder node.
 *
 * UPDATE/DELETE/SELECT FOR UPDATE/SHARE, foreign-key checks (and every
 * kv_txn_put/delete) lock their keys when the statement runs, as in TiKV's
 * in-memory pessimistic locks, in one of PostgreSQL's four row-lock modes
 * (enum kv_lock_mode; conflict table below, README.tuplock). One entry per
 * locked key: its holder set (transaction, mode; a small inline array, then
 * a heap one) and a FIFO queue of waiters. At commit the keys that are
 * written become durable prewrite locks (commit.c); keys only locked leave
 * nothing durable. If an in-memory lock were lost (leader change),
 * prewrite's conflict check against for_update_ts still catches a write
 * that slipped in (40001).
 *
 * Granting, as PostgreSQL's heavyweight lock manager (lock.c, proc.c):
 * - a new request is granted at once when no holder's mode conflicts with
 *   it and no queued waiter's does (so a stream of FOR SHARE lockers cannot
 *   starve a queued FOR UPDATE); else it queues at the tail;
 * - a holder asking for a stronger mode (upgrade) checks the other holders
 *   only and, when it must wait, queues at the head: it already holds the
 *   key, the waiters wait for it anyway;
 * - whenever a holder leaves or a waiter gives up, the queue is walked in
 *   order and every waiter whose mode conflicts with no holder and no
 *   waiter still queued ahead of it is granted (several shared waiters
 *   wake at once).
 *
 * Waiting: a waiter waits for every holder whose mode conflicts with its
 * request and every waiter ahead of it whose request does; those edges are
 * in the wait-for graph (deadlock.c), refreshed whenever the entry changes,
 * and checked for a cycle before each wait and every DL_RECHECK_MS.
 * All of it is under lt->mu (a leaf lock).
 */
#include "kv/kv_int.h"

#include "common/hash.h"
#include "common/mem.h"
#include "common/waitstate.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define DL_RECHECK_MS 100
#define LOCK_INLINE   4

/* [held][requested] (symmetric) */
static const bool conflict_tab[4][4] = {
    /* KEY SHARE */ {false, false, false, true},
    /* SHARE */ {false, false, true, true},
    /* NO KEY UPDATE */ {false, true, true, true},
    /* UPDATE */ {true, true, true, true},
};

bool kv_lock_conflicts(enum kv_lock_mode a, enum kv_lock_mode b)
{
    return conflict_tab[a & 3][b & 3];
}

struct waiter {
    struct waiter *next;
    uint64_t txn_id;
    int mode;
    pthread_cond_t cv;
    bool granted;
};

struct holder {
    uint64_t txn_id;
    int mode;
};

struct kv__lock_entry {
    struct holder *h; /* inl, or a heap array when more than LOCK_INLINE */
    size_t n, cap;
    struct holder inl[LOCK_INLINE];
    struct waiter *head, *tail;
};

void kv__lock_table_init(struct kv__lock_table *lt)
{
    pthread_mutex_init(&lt->mu, NULL);
    lt->entries = hash_new(256);
    kv__wg_init(&lt->graph);
    kv__tlock_init(lt);
}

static void entry_free(struct kv__lock_entry *e)
{
    if (e->h != e->inl)
        xfree(e->h);
    xfree(e);
}

void kv__lock_table_destroy(struct kv__lock_table *lt)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(lt->entries, &pos, &k, &kl, &v))
        entry_free(v);
    hash_free(lt->entries);
    kv__tlock_destroy(lt);
    kv__wg_destroy(&lt->graph);
    pthread_mutex_destroy(&lt->mu);
}

static struct kv__lock_entry *entry_new(void)
{
    struct kv__lock_entry *e = xcalloc(1, sizeof *e);
    e->h = e->inl;
    e->cap = LOCK_INLINE;
    return e;
}

static struct holder *find_holder(struct kv__lock_entry *e, uint64_t txn_id)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->h[i].txn_id == txn_id)
            return &e->h[i];
    return NULL;
}

static void add_holder(struct kv__lock_entry *e, uint64_t txn_id, int mode)
{
    if (e->n == e->cap) {
        size_t nc = 2 * e->cap;
        struct holder *nh = xmalloc(sizeof *nh * nc);
        memcpy(nh, e->h, sizeof *nh * e->n);
        if (e->h != e->inl)
            xfree(e->h);
        e->h = nh;
        e->cap = nc;
    }
    e->h[e->n++] = (struct holder){.txn_id = txn_id, .mode = mode};
}

/* Grant txn_id mode: a new holder or an upgrade of its entry. */
static void grant(struct kv__lock_entry *e, uint64_t txn_id, int mode)
{
    struct holder *h = find_holder(e, txn_id);
    if (h == NULL)
        add_holder(e, txn_id, mode);
    else if (mode > h->mode)
        h->mode = mode;
}

/* First holder other than txn_id whose mode conflicts with mode, or NULL. */
static const struct holder *holder_conflict(const struct kv__lock_entry *e, uint64_t txn_id,
                                            int mode)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->h[i].txn_id != txn_id && conflict_tab[e->h[i].mode][mode])
            return &e->h[i];
    return NULL;
}

/* Whether a waiter before stop (NULL: any) of another transaction asks for
 * a mode conflicting with mode. */
static bool waiter_conflict(const struct kv__lock_entry *e, const struct waiter *stop,
                            uint64_t txn_id, int mode)
{
    for (const struct waiter *w = e->head; w != NULL && w != stop; w = w->next)
        if (w->txn_id != txn_id && conflict_tab[w->mode][mode])
            return true;
    return false;
}

static void unlink_waiter(struct kv__lock_entry *e, struct waiter *w)
{
    struct waiter **pp = &e->head, *prev = NULL;
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

/* Append id to *ids (starting out as small[16], moved to the heap when it
 * outgrows it). */
static void push_id(uint64_t **ids, uint64_t *small, size_t *n, size_t *cap, uint64_t id)
{
    if (*n == *cap) {
        *cap *= 2;
        if (*ids == small) {
            *ids = xmalloc(sizeof **ids * *cap);
            memcpy(*ids, small, sizeof *small * *n);
        } else {
            *ids = xrealloc(*ids, sizeof **ids * *cap);
        }
    }
    (*ids)[(*n)++] = id;
}

/* Record in the wait-for graph what w waits for. Returns the first of
 * them (for messages), or 0. */
static uint64_t set_edges(struct kv__lock_table *lt, const struct kv__lock_entry *e,
                          const struct waiter *w)
{
    uint64_t small[16] = {0}, *ids = small; /* {0}: GCC cannot follow push_id */
    size_t n = 0, cap = 16;
    for (size_t i = 0; i < e->n; i++) {
        if (e->h[i].txn_id == w->txn_id || !conflict_tab[e->h[i].mode][w->mode])
            continue;
        push_id(&ids, small, &n, &cap, e->h[i].txn_id);
    }
    for (const struct waiter *o = e->head; o != NULL && o != w; o = o->next) {
        if (o->txn_id == w->txn_id || !conflict_tab[o->mode][w->mode])
            continue;
        push_id(&ids, small, &n, &cap, o->txn_id);
    }
    kv__wg_set_many(&lt->graph, w->txn_id, ids, n);
    uint64_t first = n > 0 ? ids[0] : 0;
    if (ids != small)
        xfree(ids);
    return first;
}

/* Grant every waiter that can now have the lock (FIFO: not past a
 * conflicting waiter still queued), then refresh the remaining waiters'
 * edges. */
static void wake(struct kv__lock_table *lt, struct kv__lock_entry *e)
{
    struct waiter *w = e->head;
    while (w != NULL) {
        struct waiter *nx = w->next;
        if (holder_conflict(e, w->txn_id, w->mode) == NULL &&
            !waiter_conflict(e, w, w->txn_id, w->mode)) {
            unlink_waiter(e, w);
            grant(e, w->txn_id, w->mode);
            w->granted = true;
            kv__wg_clear(&lt->graph, w->txn_id);
            pthread_cond_signal(&w->cv);
        }
        w = nx;
    }
    for (struct waiter *o = e->head; o != NULL; o = o->next)
        set_edges(lt, e, o);
}

static void deadline_in(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static int deadlock_err(struct kv *kv, uint64_t txn_id, uint64_t other, struct err *err)
{
    KV__COUNT(kv, deadlocks);
    met_counter_inc(kv->m.deadlocks);
    return err_set(err, ERR_DEADLOCK,
                   "deadlock detected\nDETAIL:  Transaction %llu waits for transaction %llu, "
                   "which waits for it.\nHINT:  See server log for query details.",
                   (unsigned long long)txn_id, (unsigned long long)other);
}

int kv__lock_acquire_mode(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int mode,
                          int timeout_ms, bool *waited, struct err *err)
{
    return kv__lock_acquire_dl(kv, txn_id, key, klen, mode, timeout_ms, 0, waited, err);
}

int kv__lock_acquire_dl(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int mode,
                        int timeout_ms, int deadlock_ms, bool *waited, struct err *err)
{
    struct kv__lock_table *lt = &kv->locks;
    *waited = false;
    if (mode < KV_LOCK_KEY_SHARE || mode > KV_LOCK_UPDATE)
        mode = KV_LOCK_UPDATE;
    pthread_mutex_lock(&lt->mu);
    struct kv__lock_entry *e = hash_get(lt->entries, key, klen);
    if (e == NULL) {
        e = entry_new();
        add_holder(e, txn_id, mode);
        hash_put(lt->entries, key, klen, e);
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }
    struct holder *mine = find_holder(e, txn_id);
    if (mine != NULL && mine->mode >= mode) {
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }
    bool upgrade = mine != NULL;
    if (holder_conflict(e, txn_id, mode) == NULL &&
        (upgrade || !waiter_conflict(e, NULL, txn_id, mode))) {
        grant(e, txn_id, mode);
        if (upgrade) /* a stronger mode may block waiters that did not wait for us */
            for (struct waiter *o = e->head; o != NULL; o = o->next)
                set_edges(lt, e, o);
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }

    struct waiter w = {.txn_id = txn_id, .mode = mode};
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w.cv, &ca);
    pthread_condattr_destroy(&ca);
    if (upgrade) {
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
    *waited = true;
    KV__COUNT(kv, lock_waits);
    met_counter_inc(kv->m.lock_waits);
    for (struct waiter *o = w.next; upgrade && o != NULL; o = o->next)
        set_edges(lt, e, o); /* those behind now also wait for us */

    struct timespec end, slice, dl_at;
    if (timeout_ms > 0)
        deadline_in(&end, timeout_ms);
    deadline_in(&dl_at, deadlock_ms > 0 ? deadlock_ms : 0);
    bool dl_due = deadlock_ms <= 0;
    int rc = 0;
    waitstate_enter();
    uint64_t other = set_edges(lt, e, &w);
    if (dl_due && kv__wg_cycle(&lt->graph, txn_id))
        rc = deadlock_err(kv, txn_id, other, err);
    while (rc == 0 && !w.granted) {
        deadline_in(&slice, DL_RECHECK_MS);
        if (timeout_ms > 0 && ts_before(&end, &slice))
            slice = end;
        if (!dl_due && ts_before(&dl_at, &slice))
            slice = dl_at;
        int wrc = pthread_cond_timedwait(&w.cv, &lt->mu, &slice);
        if (w.granted)
            break;
        if (!dl_due) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            dl_due = !ts_before(&now, &dl_at);
        }
        if ((rc = waitstate_check(err)) != 0)
            break; /* query cancel or statement_timeout */
        if (wrc == ETIMEDOUT && timeout_ms > 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (!ts_before(&now, &end)) {
                /* PostgreSQL's words: the holder is not part of the message */
                rc = err_set(err, ERR_LOCKTIMEOUT, "canceling statement due to lock timeout");
                KV__COUNT(kv, lock_timeouts);
                met_counter_inc(kv->m.lock_timeouts);
                break;
            }
        }
        /* The holders may have changed meanwhile. */
        other = set_edges(lt, e, &w);
        if (dl_due && kv__wg_cycle(&lt->graph, txn_id))
            rc = deadlock_err(kv, txn_id, other, err);
    }
    waitstate_leave();
    if (!w.granted) {
        unlink_waiter(e, &w);
        kv__wg_clear(&lt->graph, txn_id);
        wake(lt, e); /* those queued behind us may go now */
        if (e->n == 0 && e->head == NULL)
            entry_free(hash_del(lt->entries, key, klen));
    }
    pthread_mutex_unlock(&lt->mu);
    pthread_cond_destroy(&w.cv);
    return rc;
}

int kv__lock_acquire(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int timeout_ms,
                     bool *waited, struct err *err)
{
    return kv__lock_acquire_mode(kv, txn_id, key, klen, KV_LOCK_UPDATE, timeout_ms, waited, err);
}

int kv__lock_held(struct kv *kv, uint64_t txn_id, const void *key, size_t klen)
{
    struct kv__lock_table *lt = &kv->locks;
    pthread_mutex_lock(&lt->mu);
    struct kv__lock_entry *e = hash_get(lt->entries, key, klen);
    const struct holder *h = e != NULL ? find_holder(e, txn_id) : NULL;
    int mode = h != NULL ? h->mode : -1;
    pthread_mutex_unlock(&lt->mu);
    return mode;
}

void kv__lock_release(struct kv *kv, uint64_t txn_id, const void *key, size_t klen)
{
    struct kv__lock_table *lt = &kv->locks;
    pthread_mutex_lock(&lt->mu);
    struct kv__lock_entry *e = hash_get(lt->entries, key, klen);
    struct holder *h = e != NULL ? find_holder(e, txn_id) : NULL;
    if (h == NULL) {
        pthread_mutex_unlock(&lt->mu);
        return;
    }
    *h = e->h[--e->n];
    if (e->n == 0 && e->head == NULL) {
        entry_free(hash_del(lt->entries, key, klen));
        pthread_mutex_unlock(&lt->mu);
        return;
    }
    wake(lt, e);
    pthread_mutex_unlock(&lt->mu);
}
