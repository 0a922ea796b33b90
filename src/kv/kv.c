/* kv.c — opening and closing the transaction layer; metrics; the list of
 * running transactions (GC's safepoint never passes the oldest).
 */
#include "kv/kv_int.h"

#include "common/log.h"
#include "common/mem.h"
#include "common/str.h"
#include "storage/storage.h"

#include <stdio.h>
#include <string.h>

const char *const kv_cf_names[KV_CF_COUNT] = {"default", "lock", "write", "data"};

void kv_engine_options(struct eng_options *o)
{
    o->version_cfs = &kv_cf_names[KV_CF_WRITE];
    o->n_version_cfs = 1;
    o->version_suffix_len = KV_VERSION_SUFFIX_LEN;
}

void kv_options_init(struct kv_options *o)
{
    memset(o, 0, sizeof *o);
    o->lock_timeout_ms = 0;
    o->lock_ttl_ms = 3000;
    o->propose_timeout_ms = 10000;
    o->read_timeout_ms = 5000;
    o->tso_window_ms = 3000;
}

static struct met_counter *counter(struct kv *kv, const char *name, const char *help,
                                   const char *extra)
{
    char labels[512];
    const char *base = kv->labels != NULL ? kv->labels : "";
    if (extra != NULL && *base != '\0')
        snprintf(labels, sizeof labels, "%s,%s", base, extra);
    else if (extra != NULL)
        snprintf(labels, sizeof labels, "%s", extra);
    else
        snprintf(labels, sizeof labels, "%s", base);
    return met_counter_new(name, help, labels[0] ? labels : NULL);
}

static void register_metrics(struct kv *kv)
{
    struct kv__metrics *m = &kv->m;
    const char *ch = "Transactions committed, by commit path (1pc: one range, one proposal; "
                     "2pc: prewrite + commit)";
    m->commits_1pc = counter(kv, "shardforge_kv_commits_total", ch, "path=\"1pc\"");
    m->commits_2pc = counter(kv, "shardforge_kv_commits_total", ch, "path=\"2pc\"");
    m->rollbacks = counter(kv, "shardforge_kv_rollbacks_total",
                           "Transactions rolled back (explicitly or after a failed commit)", NULL);
    m->conflicts = counter(kv, "shardforge_kv_conflicts_total",
                           "Serialization failures (SQLSTATE 40001)", NULL);
    m->deadlocks = counter(kv, "shardforge_kv_deadlocks_total",
                           "Deadlocks detected (SQLSTATE 40P01), one per victim", NULL);
    m->lock_waits = counter(kv, "shardforge_kv_lock_waits_total",
                            "Waits for a pessimistic lock held by another transaction", NULL);
    m->lock_timeouts = counter(kv, "shardforge_kv_lock_timeouts_total",
                               "Lock waits that timed out (SQLSTATE 55P03)", NULL);
    m->resolved = counter(kv, "shardforge_kv_locks_resolved_total",
                          "Locks of other transactions rolled forward or back", NULL);
    m->gc_versions = counter(kv, "shardforge_kv_gc_versions_total",
                             "MVCC versions removed by garbage collection", NULL);
    m->commit_seconds = met_histogram_new("shardforge_kv_commit_seconds",
                                          "Latency of kv_txn_commit for transactions that write",
                                          kv->labels, met_latency_buckets, met_latency_nbuckets);
}

void kv__count_conflict(struct kv *kv)
{
    KV__COUNT(kv, conflicts);
    met_counter_inc(kv->m.conflicts);
}

int kv_open(struct rng_store *s, const struct kv_options *o, struct kv **out, struct err *err)
{
    struct kv *kv = xcalloc(1, sizeof *kv);
    kv->store = s;
    kv->eng = rng_store_engine(s);
    if (o != NULL)
        kv->opt = *o;
    else
        kv_options_init(&kv->opt);
    kv->opt.metric_labels = NULL;
    if (o != NULL && o->metric_labels != NULL && o->metric_labels[0] != '\0')
        kv->labels = xstrdup(o->metric_labels);
    if (kv->opt.lock_ttl_ms <= 0)
        kv->opt.lock_ttl_ms = 3000;
    if (kv->opt.propose_timeout_ms <= 0)
        kv->opt.propose_timeout_ms = 10000;
    if (kv->opt.read_timeout_ms <= 0)
        kv->opt.read_timeout_ms = 5000;
    if (kv->opt.tso_window_ms <= 0)
        kv->opt.tso_window_ms = 3000;
    for (int i = 0; i < KV_CF_COUNT; i++) {
        kv->cf[i] = eng_cf(kv->eng, kv_cf_names[i]);
        if (kv->cf[i] == NULL) {
            int rc = err_set(err, ERR_INVAL, "kv: the engine has no column family \"%s\"",
                             kv_cf_names[i]);
            xfree(kv->labels);
            xfree(kv);
            return rc;
        }
    }
    register_metrics(kv);
    pthread_mutex_init(&kv->txns_mu, NULL);
    kv__latches_init(&kv->latches);
    kv__lock_table_init(&kv->locks);
    int rc = kv__tso_open(kv, err);
    if (rc != 0)
        goto err_after_tables;
    rc = kv__worker_start(kv, err);
    if (rc != 0)
        goto err_after_tso;
    *out = kv;
    return 0;

err_after_tso:
    kv__tso_close(kv);
err_after_tables:
    kv__lock_table_destroy(&kv->locks);
    kv__latches_destroy(&kv->latches);
    pthread_mutex_destroy(&kv->txns_mu);
    xfree(kv->labels);
    xfree(kv);
    return err_prefix(err, "kv: open");
}

void kv_close(struct kv *kv)
{
    if (kv == NULL)
        return;
    if (kv->n_txns != 0)
        log_warn("kv", "closing with %zu transactions still open", kv->n_txns);
    kv__worker_stop(kv);
    kv__tso_close(kv);
    kv__lock_table_destroy(&kv->locks);
    kv__latches_destroy(&kv->latches);
    pthread_mutex_destroy(&kv->txns_mu);
    xfree(kv->labels);
    xfree(kv);
}

void kv_stats(struct kv *kv, struct kv_stats *out)
{
    struct kv__metrics *m = &kv->m;
    out->commits_1pc = atomic_load(&m->n_1pc);
    out->commits_2pc = atomic_load(&m->n_2pc);
    out->rollbacks = atomic_load(&m->n_rollbacks);
    out->conflicts = atomic_load(&m->n_conflicts);
    out->deadlocks = atomic_load(&m->n_deadlocks);
    out->lock_waits = atomic_load(&m->n_lock_waits);
    out->lock_timeouts = atomic_load(&m->n_lock_timeouts);
    out->locks_resolved = atomic_load(&m->n_resolved);
    out->gc_versions = atomic_load(&m->n_gc_versions);
}

uint64_t kv__oldest_active(struct kv *kv)
{
    uint64_t oldest = UINT64_MAX;
    pthread_mutex_lock(&kv->txns_mu);
    for (struct kv_txn *t = kv->txns; t != NULL; t = t->next)
        if (t->start_ts < oldest)
            oldest = t->start_ts;
    pthread_mutex_unlock(&kv->txns_mu);
    return oldest;
}

int kv_approximate_size(struct kv *kv, const void *lo, size_t lolen, const void *hi, size_t hilen,
                        uint64_t *out, struct err *err)
{
    /* Every version of a key lies between esc(k) and the next key's esc
     * (keys.c), so the escaped bounds cover exactly the span's records. */
    struct sbuf a, b;
    sbuf_init(&a);
    sbuf_init(&b);
    kv__key_esc(&a, lo, lolen);
    if (hi != NULL)
        kv__key_esc(&b, hi, hilen);
    static const int cfs[] = {KV_CF_LOCK, KV_CF_WRITE, KV_CF_DATA};
    uint64_t total = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(cfs) / sizeof(cfs[0]); i++) {
        uint64_t n = 0;
        rc = eng_approximate_size(kv->cf[cfs[i]], a.data, a.len, hi != NULL ? b.data : NULL,
                                  hi != NULL ? b.len : 0, &n, err);
        total += n;
    }
    sbuf_free(&a);
    sbuf_free(&b);
    if (rc == 0)
        *out = total;
    return rc;
}
