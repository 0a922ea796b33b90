/* eng_stats.c — engine statistics exported as Prometheus gauges.
 *
 * metrics.h has no unregister, and registering an existing name + label set
 * returns the existing series bound to its first callback argument. So the
 * gauges point at small static slots, one per label set, never at an
 * engine: open attaches the engine to its slot, close detaches it and the
 * gauges read 0 until an engine with the same labels opens again. A scrape
 * holds the slot's mutex while it asks the engine, so close waits for it.
 *
 * Lock order: slots_mu -> metrics registry lock (registration);
 * registry lock -> slot->mu (scrape). slot->mu is never held while calling
 * into metrics.
 */
#include "storage/storage_int.h"

#include "common/log.h"
#include "common/metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define STAT_SLOTS      16
#define STAT_LABELS_MAX 256

struct eng__stat_slot;

struct stat_gauge {
    struct eng__stat_slot *slot;
    enum eng_stat which;
};

struct eng__stat_slot {
    bool used;
    char labels[STAT_LABELS_MAX];
    pthread_mutex_t mu;
    struct eng *e; /* attached engine or NULL; under mu */
    struct stat_gauge gauges[ENG_STAT__COUNT];
};

static const struct {
    const char *name;
    const char *help;
} stat_defs[ENG_STAT__COUNT] = {
    [ENG_STAT_NUM_KEYS] = {"shardforge_storage_estimated_keys",
                           "Estimated number of keys in the storage engine (all column families)"},
    [ENG_STAT_BLOCK_CACHE_BYTES] = {"shardforge_storage_block_cache_bytes",
                                    "Bytes used by the RocksDB block cache"},
    [ENG_STAT_MEMTABLE_BYTES] = {"shardforge_storage_memtable_bytes",
                                 "Bytes held in memtables (memory engine: all its data)"},
    [ENG_STAT_SST_BYTES] = {"shardforge_storage_sst_bytes", "Total size of the SST files"},
    [ENG_STAT_PENDING_COMPACTION_BYTES] = {"shardforge_storage_pending_compaction_bytes",
                                           "Estimated bytes compaction still has to rewrite"},
};

_Static_assert(sizeof(stat_defs) / sizeof(stat_defs[0]) == ENG_STAT__COUNT, "stat table length");

static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static struct eng__stat_slot slots[STAT_SLOTS];

static double stat_read(void *arg)
{
    struct stat_gauge *g = arg;
    double v = 0;

    pthread_mutex_lock(&g->slot->mu);
    if (g->slot->e != NULL)
        v = g->slot->e->ops->stat(g->slot->e, g->which);
    pthread_mutex_unlock(&g->slot->mu);
    return v;
}

void eng__stats_attach(struct eng *e, const char *labels)
{
    struct eng__stat_slot *slot = NULL;

    if (labels == NULL)
        labels = "";
    if (strlen(labels) >= STAT_LABELS_MAX) {
        log_warn("storage", "%s: metric labels too long, stats not exported", e->path);
        return;
    }
    pthread_mutex_lock(&slots_mu);
    for (size_t i = 0; i < STAT_SLOTS && slot == NULL; i++)
        if (slots[i].used && strcmp(slots[i].labels, labels) == 0)
            slot = &slots[i];
    for (size_t i = 0; i < STAT_SLOTS && slot == NULL; i++) {
        if (!slots[i].used) {
            slot = &slots[i];
            slot->used = true;
            snprintf(slot->labels, sizeof(slot->labels), "%s", labels);
            pthread_mutex_init(&slot->mu, NULL);
            for (int w = 0; w < ENG_STAT__COUNT; w++) {
                slot->gauges[w].slot = slot;
                slot->gauges[w].which = (enum eng_stat)w;
            }
        }
    }
    if (slot == NULL) {
        pthread_mutex_unlock(&slots_mu);
        log_warn("storage", "%s: too many engines with distinct labels, stats not exported",
                 e->path);
        return;
    }
    pthread_mutex_lock(&slot->mu);
    bool busy = slot->e != NULL;
    if (!busy)
        slot->e = e;
    pthread_mutex_unlock(&slot->mu);
    if (busy) {
        pthread_mutex_unlock(&slots_mu);
        /* Normal for a second engine (a restore, a temporary copy). */
        log_debug("storage", "%s: another open engine exports stats with labels {%s}",
                  e->path[0] ? e->path : "(memory)", labels);
        return;
    }
    e->stat_slot = slot;
    /* Registering again after a reopen returns the same series, bound to
     * the same static gauge argument. */
    for (int w = 0; w < ENG_STAT__COUNT; w++)
        met_gauge_fn_new(stat_defs[w].name, stat_defs[w].help, labels, stat_read, &slot->gauges[w]);
    pthread_mutex_unlock(&slots_mu);
}

void eng__stats_detach(struct eng *e)
{
    struct eng__stat_slot *slot = e->stat_slot;
    if (slot == NULL)
        return;
    pthread_mutex_lock(&slot->mu);
    slot->e = NULL;
    pthread_mutex_unlock(&slot->mu);
    e->stat_slot = NULL;
}
