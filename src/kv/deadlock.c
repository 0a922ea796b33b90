/* deadlock.c — the wait-for graph of in-memory pessimistic locks.
 *
 * A transaction waits for at most one key at a time, but with shared lock
 * modes it may wait for several transactions there: every holder whose mode
 * conflicts with its request, and every waiter queued ahead of it with a
 * conflicting request (it cannot be granted before them: FIFO). So the graph
 * maps waiter -> the set of transactions it waits for (transaction ids =
 * start timestamps). A waiter that is about to wait (and again on every
 * recheck) looks for a path from itself back to itself; if there is one,
 * waiting would close a cycle and it is the victim (40P01), which breaks the
 * cycle before anyone else can see it — exactly one transaction of a cycle
 * fails (PostgreSQL's deadlock.c checks on timeout instead; TiKV's detector
 * checks on wait, as here). Callers hold the lock table's mutex.
 */
#include "kv/kv_int.h"

#include "common/hash.h"
#include "common/mem.h"

struct edges {
    size_t n;
    uint64_t ids[];
};

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

void kv__wg_set_many(struct kv__waitgraph *g, uint64_t waiter, const uint64_t *ids, size_t n)
{
    struct edges *ed = xmalloc(sizeof *ed + sizeof ed->ids[0] * (n > 0 ? n : 1));
    ed->n = n;
    for (size_t i = 0; i < n; i++)
        ed->ids[i] = ids[i];
    xfree(hash_put(g->edges, &waiter, sizeof waiter, ed));
}

void kv__wg_set(struct kv__waitgraph *g, uint64_t waiter, uint64_t holder)
{
    kv__wg_set_many(g, waiter, &holder, 1);
}

void kv__wg_clear(struct kv__waitgraph *g, uint64_t waiter)
{
    xfree(hash_del(g->edges, &waiter, sizeof waiter));
}

bool kv__wg_cycle(const struct kv__waitgraph *g, uint64_t waiter)
{
    /* Depth-first search from waiter's successors; every node is expanded
     * once, so a cycle that does not pass through waiter ends the search
     * without a verdict (not ours to break). */
    struct hash_table *seen = hash_new(16);
    uint64_t *stack = NULL;
    size_t n = 0, cap = 0;
    bool found = false;
    uint64_t cur = waiter;
    for (;;) {
        const struct edges *ed = hash_get(g->edges, &cur, sizeof cur);
        for (size_t i = 0; ed != NULL && i < ed->n && !found; i++) {
            uint64_t nx = ed->ids[i];
            if (nx == waiter) {
                found = true;
                break;
            }
            if (hash_get(seen, &nx, sizeof nx) != NULL)
                continue;
            hash_put(seen, &nx, sizeof nx, (void *)1);
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                stack = xrealloc(stack, sizeof *stack * cap);
            }
            stack[n++] = nx;
        }
        if (found || n == 0)
            break;
        cur = stack[--n];
    }
    xfree(stack);
    hash_free(seen);
    return found;
}
