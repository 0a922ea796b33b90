/* deadlock.c — the wait-for graph of in-memory pessimistic locks.
 *
 * A transaction waits for at most one key at a time, so the graph is a map
 * waiter -> holder (transaction ids = start timestamps). A waiter that is
 * about to wait checks whether following the edges from its holder leads
 * back to itself; if so waiting would close a cycle and it is the victim
 * (40P01), which breaks the cycle before anyone else can see it — exactly
 * one transaction of a cycle fails (PostgreSQL's deadlock.c checks on
 * timeout instead; TiKV's detector checks on wait, as here).
 * Callers hold the lock table's mutex.
 */
#include "kv/kv_int.h"

#include "common/hash.h"
#include "common/mem.h"

void kv__wg_init(struct kv__waitgraph *g)
{
    g->edges = hash_new(64);
}

void kv__wg_destroy(struct kv__waitgraph *g)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(g->edges, &pos, &k, &kl, &v))
        xfree(v);
    hash_free(g->edges);
}

void kv__wg_set(struct kv__waitgraph *g, uint64_t waiter, uint64_t holder)
{
    uint64_t *h = hash_get(g->edges, &waiter, sizeof waiter);
    if (h == NULL) {
        h = xmalloc(sizeof *h);
        hash_put(g->edges, &waiter, sizeof waiter, h);
    }
    *h = holder;
}

void kv__wg_clear(struct kv__waitgraph *g, uint64_t waiter)
{
    xfree(hash_del(g->edges, &waiter, sizeof waiter));
}

bool kv__wg_cycle(const struct kv__waitgraph *g, uint64_t waiter)
{
    const uint64_t *h = hash_get(g->edges, &waiter, sizeof waiter);
    /* A path longer than the number of waiters has a cycle that does not
     * pass through waiter: not ours to break. */
    size_t bound = hash_count(g->edges) + 1;
    while (h != NULL && bound-- > 0) {
        if (*h == waiter)
            return true;
        h = hash_get(g->edges, h, sizeof *h);
    }
    return false;
}
