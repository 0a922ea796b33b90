/* exec_hash.c — chained hash tables keyed by tuples of SQL values, for
 * hash joins, hash aggregation, DISTINCT and set operations.
 *
 * Keys compare with sql_value_cmp (so int4 5 equals int8 5 and hashes the
 * same through sql_value_hash); NULL keys are equal to each other (grouping
 * semantics; joins skip NULL keys before they get here). Entries live in
 * the table's mem_ctx and are also linked in insertion order.
 */
#include "sql/engine_int.h"

#include <string.h>

void eng__vh_init(struct vhash *h, struct mem_ctx *ctx, int nkeys)
{
    memset(h, 0, sizeof *h);
    h->ctx = ctx;
    h->nkeys = nkeys;
    h->nb = 64;
    h->buckets = mem_alloc0(ctx, sizeof *h->buckets * h->nb);
}

uint64_t eng__vh_hash(const struct sql_value *keys, int nkeys)
{
    uint64_t hv = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < nkeys; i++) {
        if (keys[i].null)
            hv = hv * 31 + 0x5bd1e995;
        else
            hv = sql_value_hash(&keys[i], hv);
    }
    return hv;
}

bool eng__keys_equal(const struct sql_value *a, const struct sql_value *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (a[i].null || b[i].null) {
            if (a[i].null != b[i].null)
                return false;
            continue;
        }
        if (sql_value_cmp(&a[i], &b[i]) != 0)
            return false;
    }
    return true;
}

struct vh_entry *eng__vh_find(struct vhash *h, const struct sql_value *keys, uint64_t hv,
                              struct vh_entry *from)
{
    struct vh_entry *e = from ? from->next : h->buckets[hv & (h->nb - 1)];
    for (; e != NULL; e = e->next)
        if (e->h == hv && eng__keys_equal(e->keys, keys, h->nkeys))
            return e;
    return NULL;
}

static void grow(struct vhash *h)
{
    size_t nb = h->nb * 2;
    struct vh_entry **nbk = mem_alloc0(h->ctx, sizeof *nbk * nb);
    for (struct vh_entry *e = h->first; e != NULL; e = e->inext) {
        size_t bi = e->h & (nb - 1);
        e->next = nbk[bi];
        nbk[bi] = e;
    }
    h->buckets = nbk;
    h->nb = nb;
}

struct vh_entry *eng__vh_add(struct vhash *h, const struct sql_value *keys, uint64_t hv)
{
    if (h->n >= h->nb)
        grow(h);
    struct vh_entry *e = mem_alloc0(h->ctx, sizeof *e);
    e->h = hv;
    e->keys = mem_alloc(h->ctx, sizeof *e->keys * (size_t)(h->nkeys > 0 ? h->nkeys : 1));
    for (int i = 0; i < h->nkeys; i++)
        sql_value_copy(h->ctx, &keys[i], &e->keys[i]);
    size_t bi = hv & (h->nb - 1);
    e->next = h->buckets[bi];
    h->buckets[bi] = e;
    if (h->last)
        h->last->inext = e;
    else
        h->first = e;
    h->last = e;
    h->n++;
    return e;
}
