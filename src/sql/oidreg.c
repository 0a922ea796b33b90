/* oidreg.c — the oid-sorted node-wide object table (oidreg.h). */
#include "sql/oidreg.h"

#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

static size_t pos(const struct oidreg *r, uint32_t oid) /* under r->mu */
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->v[mid]->oid < oid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct oidreg_item *oidreg_get(struct oidreg *r, uint32_t oid)
{
    struct oidreg_item *it = NULL;
    pthread_mutex_lock(&r->mu);
    size_t p = pos(r, oid);
    if (p < r->n && r->v[p]->oid == oid)
        it = r->v[p];
    pthread_mutex_unlock(&r->mu);
    return it;
}

struct oidreg_item *oidreg_find(struct oidreg *r,
                                bool (*match)(const struct oidreg_item *it, const void *arg),
                                const void *arg)
{
    struct oidreg_item *it = NULL;
    pthread_mutex_lock(&r->mu);
    for (size_t i = 0; i < r->n && it == NULL; i++)
        if (match(r->v[i], arg))
            it = r->v[i];
    pthread_mutex_unlock(&r->mu);
    return it;
}

void oidreg_put(struct oidreg *r, struct oidreg_item *it)
{
    pthread_mutex_lock(&r->mu);
    size_t p = pos(r, it->oid);
    if (p < r->n && r->v[p]->oid == it->oid) {
        r->v[p] = it;
    } else {
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 16;
            r->v = realloc(r->v, r->cap * sizeof(*r->v));
            if (r->v == NULL)
                abort();
        }
        memmove(&r->v[p + 1], &r->v[p], (r->n - p) * sizeof(*r->v));
        r->v[p] = it;
        r->n++;
    }
    it->next = r->all;
    r->all = it;
    pthread_mutex_unlock(&r->mu);
}

void oidreg_remove(struct oidreg *r, uint32_t oid)
{
    pthread_mutex_lock(&r->mu);
    size_t p = pos(r, oid);
    if (p < r->n && r->v[p]->oid == oid) {
        memmove(&r->v[p], &r->v[p + 1], (r->n - p - 1) * sizeof(*r->v));
        r->n--;
    }
    pthread_mutex_unlock(&r->mu);
}

void oidreg_free(struct oidreg *r)
{
    while (r->all != NULL) {
        struct oidreg_item *n = r->all->next;
        mem_ctx_free(r->all->ctx);
        xfree(r->all);
        r->all = n;
    }
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}
