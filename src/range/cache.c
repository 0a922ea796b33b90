/* cache.c — the node's range map: every descriptor, sorted by start key,
 * under a rwlock. Loaded at open and reloaded from the engine whenever
 * range 1 applies a write to the meta keys (or restores a snapshot), so it
 * follows range 1's applied state. Readers copy what they return.
 */
#include "range/range_int.h"

#include "common/mem.h"

int rng__cache_reload(struct rng_store *s, struct err *err)
{
    struct rng_desc *a, *old;
    size_t n, old_n;
    int rc = rng__desc_load_all(s->cfs[s->meta_cf], &a, &n, err);
    if (rc != 0)
        return rc;
    pthread_rwlock_wrlock(&s->map_lock);
    old = s->map;
    old_n = s->n_map;
    s->map = a;
    s->n_map = n;
    pthread_rwlock_unlock(&s->map_lock);
    rng_desc_array_free(old, old_n);
    return 0;
}

void rng__cache_free(struct rng_store *s)
{
    rng_desc_array_free(s->map, s->n_map);
    s->map = NULL;
    s->n_map = 0;
}

int rng_lookup(struct rng_store *s, const void *key, size_t klen, struct rng_desc *out,
               struct err *err)
{
    size_t lo = 0, hi;
    int rc = 0;
    pthread_rwlock_rdlock(&s->map_lock);
    hi = s->n_map;
    /* the last descriptor whose start <= key */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rng__keycmp(s->map[mid].start, s->map[mid].start_len, key, klen) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || !rng_desc_contains(&s->map[lo - 1], key, klen))
        rc = err_set(err, ERR_NOTFOUND, "no range holds the key (%zu bytes)", klen);
    else
        rng_desc_copy(out, &s->map[lo - 1]);
    pthread_rwlock_unlock(&s->map_lock);
    return rc;
}

int rng_list(struct rng_store *s, struct rng_desc **out, size_t *n, struct err *err)
{
    struct rng_desc *a;
    (void)err;
    pthread_rwlock_rdlock(&s->map_lock);
    a = xcalloc(s->n_map ? s->n_map : 1, sizeof(*a));
    for (size_t i = 0; i < s->n_map; i++)
        rng_desc_copy(&a[i], &s->map[i]);
    *n = s->n_map;
    pthread_rwlock_unlock(&s->map_lock);
    *out = a;
    return 0;
}
