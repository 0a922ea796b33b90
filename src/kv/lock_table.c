/* lock_table.c — in-memory pessimistic locks on the leaseholder node.
 *
 * UPDATE/DELETE/SELECT FOR UPDATE (and every kv_txn_put/delete) lock their
 * keys when the statement runs, as in TiKV's in-memory pessimistic locks:
 * one entry per locked key with its holder and a FIFO queue of waiters. A
 * release hands the lock straight to the first waiter. At commit the keys
 * that are written become durable prewrite locks (commit.c); if an
 * in-memory lock were lost (leader change), prewrite's conflict check
 * against for_update_ts still catches a write that slipped in (40001).
 *
 * Waiting: before each wait the waiter records waiter -> holder in the
 * wait-for graph (deadlock.c) and checks for a cycle; it rechecks every
 * DL_RECHECK_MS because the holder of its key can change while it waits.
 * All of it is under lt->mu (a leaf lock).
 */
#include "kv/kv_int.h"

#include "common/hash.h"
#include "common/mem.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define DL_RECHECK_MS 100

struct waiter {
    struct waiter *next;
    uint64_t txn_id;
    pthread_cond_t cv;
    bool granted;
};

struct kv__lock_entry {
    uint64_t holder;
    struct waiter *head, *tail;
};

void kv__lock_table_init(struct kv__lock_table *lt)
{
    pthread_mutex_init(&lt->mu, NULL);
    lt->entries = hash_new(256);
    kv__wg_init(&lt->graph);
}

void kv__lock_table_destroy(struct kv__lock_table *lt)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(lt->entries, &pos, &k, &kl, &v))
        xfree(v);
    hash_free(lt->entries);
    kv__wg_destroy(&lt->graph);
    pthread_mutex_destroy(&lt->mu);
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

int kv__lock_acquire(struct kv *kv, uint64_t txn_id, const void *key, size_t klen, int timeout_ms,
                     bool *waited, struct err *err)
{
    struct kv__lock_table *lt = &kv->locks;
    *waited = false;
    pthread_mutex_lock(&lt->mu);
    struct kv__lock_entry *e = hash_get(lt->entries, key, klen);
    if (e == NULL) {
        e = xcalloc(1, sizeof *e);
        e->holder = txn_id;
        hash_put(lt->entries, key, klen, e);
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }
    if (e->holder == txn_id) {
        pthread_mutex_unlock(&lt->mu);
        return 0;
    }
    kv__wg_set(&lt->graph, txn_id, e->holder);
    if (kv__wg_cycle(&lt->graph, txn_id)) {
        uint64_t holder = e->holder;
        kv__wg_clear(&lt->graph, txn_id);
        pthread_mutex_unlock(&lt->mu);
        KV__COUNT(kv, deadlocks);
        met_counter_inc(kv->m.deadlocks);
        return err_set(err, ERR_DEADLOCK,
                       "deadlock detected: transaction %llu waits for transaction %llu, which "
                       "waits for it",
                       (unsigned long long)txn_id, (unsigned long long)holder);
    }

    struct waiter w = {.txn_id = txn_id};
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w.cv, &ca);
    pthread_condattr_destroy(&ca);
    if (e->tail != NULL)
        e->tail->next = &w;
    else
        e->head = &w;
    e->tail = &w;
    *waited = true;
    KV__COUNT(kv, lock_waits);
    met_counter_inc(kv->m.lock_waits);

    struct timespec end, slice;
    if (timeout_ms > 0)
        deadline_in(&end, timeout_ms);
    int rc = 0;
    while (!w.granted) {
        deadline_in(&slice, DL_RECHECK_MS);
        if (timeout_ms > 0 && ts_before(&end, &slice))
            slice = end;
        int wrc = pthread_cond_timedwait(&w.cv, &lt->mu, &slice);
        if (w.granted)
            break;
        if (wrc == ETIMEDOUT && timeout_ms > 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (!ts_before(&now, &end)) {
                rc = err_set(err, ERR_LOCKTIMEOUT,
                             "canceling statement due to lock timeout: transaction %llu holds "
                             "the lock",
                             (unsigned long long)e->holder);
                KV__COUNT(kv, lock_timeouts);
                met_counter_inc(kv->m.lock_timeouts);
                break;
            }
        }
        /* The holder may have changed (the lock went to a waiter ahead). */
        kv__wg_set(&lt->graph, txn_id, e->holder);
        if (kv__wg_cycle(&lt->graph, txn_id)) {
            rc = err_set(err, ERR_DEADLOCK,
                         "deadlock detected: transaction %llu waits for transaction %llu, which "
                         "waits for it",
                         (unsigned long long)txn_id, (unsigned long long)e->holder);
            KV__COUNT(kv, deadlocks);
            met_counter_inc(kv->m.deadlocks);
            break;
        }
    }
    if (!w.granted)
        unlink_waiter(e, &w);
    kv__wg_clear(&lt->graph, txn_id);
    pthread_mutex_unlock(&lt->mu);
    pthread_cond_destroy(&w.cv);
    return rc;
}

void kv__lock_release(struct kv *kv, uint64_t txn_id, const void *key, size_t klen)
{
    struct kv__lock_table *lt = &kv->locks;
    pthread_mutex_lock(&lt->mu);
    struct kv__lock_entry *e = hash_get(lt->entries, key, klen);
    if (e == NULL || e->holder != txn_id) {
        pthread_mutex_unlock(&lt->mu);
        return;
    }
    struct waiter *w = e->head;
    if (w == NULL) {
        xfree(hash_del(lt->entries, key, klen));
        pthread_mutex_unlock(&lt->mu);
        return;
    }
    e->head = w->next;
    if (e->head == NULL)
        e->tail = NULL;
    w->next = NULL;
    e->holder = w->txn_id;
    w->granted = true;
    /* The others now wait for the new holder. */
    for (struct waiter *o = e->head; o != NULL; o = o->next)
        kv__wg_set(&lt->graph, o->txn_id, e->holder);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&lt->mu);
}
