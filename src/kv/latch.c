/* latch.c — per-node latches on physical keys, held from a check of the
 * engine to the apply of the proposal built from that check.
 *
 * Why: the range layer applies batches blindly, so "no conflicting lock or
 * newer commit on k, then write k" is only atomic if nobody else can check
 * and write k in between on this node — every writer of lock/write records
 * (prewrite, 1PC, commit, resolve, rollback) holds the key's latch from its
 * check to its apply. A set is taken all at once under one mutex, so two
 * latch holders never wait for each other (TiKV's latches, simplified).
 *
 * 1PC commits write no lock records, so a reader could read at ts R after
 * the commit obtained commit_ts C <= R but before it applied, and see the
 * write only on a later read: their latch sets "gate" readers instead
 * (kv__latch_wait_read), in the spirit of TiKV's in-memory locks for 1PC.
 * Single node: the leaseholder of every range is this node.
 */
#include "kv/kv_int.h"

#include "common/hash.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

void kv__latches_init(struct kv__latches *l)
{
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    l->held = hash_new(64);
    l->gates = NULL;
}

void kv__latches_destroy(struct kv__latches *l)
{
    hash_free(l->held);
    pthread_cond_destroy(&l->cv);
    pthread_mutex_destroy(&l->mu);
}

void kv__latch_init(struct kv__latch *l)
{
    memset(l, 0, sizeof *l);
}

void kv__latch_add(struct kv__latch *l, const void *key, size_t n)
{
    if ((l->n & (l->n - 1)) == 0) {
        size_t cap = l->n ? l->n * 2 : 4;
        l->keys = xrealloc(l->keys, cap * sizeof *l->keys);
        l->lens = xrealloc(l->lens, cap * sizeof *l->lens);
    }
    l->keys[l->n] = xmalloc(n ? n : 1);
    memcpy(l->keys[l->n], key, n);
    l->lens[l->n] = n;
    l->n++;
}

void kv__latch_free_keys(struct kv__latch *l)
{
    for (size_t i = 0; i < l->n; i++)
        xfree(l->keys[i]);
    xfree(l->keys);
    xfree(l->lens);
    l->keys = NULL;
    l->lens = NULL;
    l->n = 0;
}

/* Insertion sort by key with duplicates dropped (sets are small, often
 * already sorted: the transaction buffer is ordered). */
static void sort_keys(struct kv__latch *l)
{
    size_t out = 0;
    for (size_t i = 0; i < l->n; i++) {
        unsigned char *k = l->keys[i];
        size_t n = l->lens[i];
        size_t j = out;
        while (j > 0 && kv__key_cmp(l->keys[j - 1], l->lens[j - 1], k, n) > 0) {
            l->keys[j] = l->keys[j - 1];
            l->lens[j] = l->lens[j - 1];
            j--;
        }
        if (j > 0 && kv__key_cmp(l->keys[j - 1], l->lens[j - 1], k, n) == 0) {
            /* duplicate: undo the shift and drop k */
            memmove(&l->keys[j], &l->keys[j + 1], (out - j) * sizeof *l->keys);
            memmove(&l->lens[j], &l->lens[j + 1], (out - j) * sizeof *l->lens);
            xfree(k);
            continue;
        }
        l->keys[j] = k;
        l->lens[j] = n;
        out++;
    }
    l->n = out;
}

static bool any_held(const struct kv__latches *ls, const struct kv__latch *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (hash_get(ls->held, l->keys[i], l->lens[i]) != NULL)
            return true;
    return false;
}

void kv__latch_acquire(struct kv *kv, struct kv__latch *l)
{
    struct kv__latches *ls = &kv->latches;
    sort_keys(l);
    pthread_mutex_lock(&ls->mu);
    while (any_held(ls, l))
        pthread_cond_wait(&ls->cv, &ls->mu);
    for (size_t i = 0; i < l->n; i++)
        hash_put(ls->held, l->keys[i], l->lens[i], l);
    if (l->gate) {
        l->prev = NULL;
        l->next = ls->gates;
        if (ls->gates != NULL)
            ls->gates->prev = l;
        ls->gates = l;
    }
    pthread_mutex_unlock(&ls->mu);
}

void kv__latch_set_commit_ts(struct kv *kv, struct kv__latch *l, uint64_t ts)
{
    pthread_mutex_lock(&kv->latches.mu);
    l->commit_ts = ts;
    pthread_cond_broadcast(&kv->latches.cv);
    pthread_mutex_unlock(&kv->latches.mu);
}

void kv__latch_release(struct kv *kv, struct kv__latch *l)
{
    struct kv__latches *ls = &kv->latches;
    pthread_mutex_lock(&ls->mu);
    for (size_t i = 0; i < l->n; i++)
        hash_del(ls->held, l->keys[i], l->lens[i]);
    if (l->gate) {
        if (l->prev != NULL)
            l->prev->next = l->next;
        else
            ls->gates = l->next;
        if (l->next != NULL)
            l->next->prev = l->prev;
        l->prev = l->next = NULL;
    }
    pthread_cond_broadcast(&ls->cv);
    pthread_mutex_unlock(&ls->mu);
}

/* Does the sorted set l hold a key in [lo, hi)? */
static bool overlaps(const struct kv__latch *l, const void *lo, size_t lolen, const void *hi,
                     size_t hilen)
{
    size_t a = 0, b = l->n;
    while (a < b) { /* first key >= lo */
        size_t m = a + (b - a) / 2;
        if (kv__key_cmp(l->keys[m], l->lens[m], lo, lolen) < 0)
            a = m + 1;
        else
            b = m;
    }
    if (a == l->n)
        return false;
    return hi == NULL || kv__key_cmp(l->keys[a], l->lens[a], hi, hilen) < 0;
}

static bool must_wait(const struct kv__latches *ls, const void *lo, size_t lolen, const void *hi,
                      size_t hilen, uint64_t read_ts, uint64_t own_start_ts)
{
    for (const struct kv__latch *l = ls->gates; l != NULL; l = l->next) {
        if (own_start_ts != 0 && l->start_ts == own_start_ts)
            continue;
        /* commit_ts > start_ts: a transaction that started after read_ts
         * commits after it too. */
        if (l->start_ts > read_ts)
            continue;
        if (l->commit_ts != 0 && l->commit_ts > read_ts)
            continue;
        if (overlaps(l, lo, lolen, hi, hilen))
            return true;
    }
    return false;
}

void kv__latch_wait_read(struct kv *kv, const void *lo, size_t lolen, const void *hi, size_t hilen,
                         uint64_t read_ts)
{
    struct kv__latches *ls = &kv->latches;
    pthread_mutex_lock(&ls->mu);
    while (must_wait(ls, lo, lolen, hi, hilen, read_ts, 0))
        pthread_cond_wait(&ls->cv, &ls->mu);
    pthread_mutex_unlock(&ls->mu);
}

void kv__latch_wait_read_other(struct kv *kv, const void *lo, size_t lolen, const void *hi,
                               size_t hilen, uint64_t read_ts, uint64_t own_start_ts)
{
    struct kv__latches *ls = &kv->latches;
    pthread_mutex_lock(&ls->mu);
    while (must_wait(ls, lo, lolen, hi, hilen, read_ts, own_start_ts))
        pthread_cond_wait(&ls->cv, &ls->mu);
    pthread_mutex_unlock(&ls->mu);
}
