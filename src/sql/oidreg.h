/* oidreg.h — a node-wide table of immutable objects keyed by oid (loaded
 * domains, enum types): sorted by oid, guarded by its own mutex; a replaced
 * or removed version stays allocated until exit, so pointers handed out
 * never dangle. An object embeds struct oidreg_item as its FIRST member. */
#ifndef SF_SQL_OIDREG_H
#define SF_SQL_OIDREG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem_ctx;

struct oidreg_item {
    uint32_t oid;
    struct mem_ctx *ctx;      /* everything of this version (freed at exit) */
    struct oidreg_item *next; /* all versions ever registered */
};

struct oidreg {
    pthread_mutex_t mu;
    struct oidreg_item **v; /* current versions, sorted by oid */
    size_t n, cap;
    struct oidreg_item *all;
};

#define OIDREG_INIT                                 \
    {                                               \
        PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, NULL \
    }

/* The current version of oid, or NULL. */
struct oidreg_item *oidreg_get(struct oidreg *r, uint32_t oid);
/* The first current version (in oid order) that match accepts, or NULL;
 * match runs under the table's mutex. */
struct oidreg_item *oidreg_find(struct oidreg *r,
                                bool (*match)(const struct oidreg_item *it, const void *arg),
                                const void *arg);
/* Publish it (xcalloc'ed, it->oid set) as the current version of its oid. */
void oidreg_put(struct oidreg *r, struct oidreg_item *it);
/* Forget oid's current version (it stays allocated). */
void oidreg_remove(struct oidreg *r, uint32_t oid);
/* Free every version ever registered (at exit). */
void oidreg_free(struct oidreg *r);

#endif
