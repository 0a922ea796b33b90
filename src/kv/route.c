/* route.c — finding ranges for physical keys and calling into them.
 *
 * Thin wrappers over range.h that apply kv's timeouts and prefix errors.
 * Single node: every range is expected to be led here; a range led by
 * another node answers ERR_NOTLEADER, which is passed up (forwarding to the
 * leaseholder comes with internode RPC).
 */
#include "kv/kv_int.h"

#include "common/mem.h"

#include <string.h>

int kv__route(struct kv *kv, const void *pk, size_t n, struct rng_desc *d, struct err *err)
{
    int rc = rng_lookup(kv->store, pk, n, d, err);
    if (rc != 0)
        return err_prefix(err, "kv: range lookup");
    return 0;
}

bool kv__desc_below_end(const struct rng_desc *d, const void *pk, size_t n)
{
    if (d->end_inf)
        return true;
    return kv__key_cmp(pk, n, d->end, d->end_len) < 0;
}

int kv__route_before(struct kv *kv, const void *pk, size_t n, struct rng_desc *d, struct err *err)
{
    struct rng_desc *all = NULL;
    size_t cnt = 0;
    int rc = rng_list(kv->store, &all, &cnt, err);
    if (rc != 0)
        return err_prefix(err, "kv: range list");
    for (size_t i = 0; i < cnt; i++) {
        const struct rng_desc *r = &all[i];
        if (pk == NULL) {
            if (!r->end_inf)
                continue;
        } else {
            /* start < pk <= end */
            if (kv__key_cmp(r->start, r->start_len, pk, n) >= 0)
                continue;
            if (!r->end_inf && kv__key_cmp(pk, n, r->end, r->end_len) > 0)
                continue;
        }
        rng_desc_copy(d, r);
        rng_desc_array_free(all, cnt);
        return 0;
    }
    rng_desc_array_free(all, cnt);
    return err_set(err, ERR_NOTFOUND, "kv: no range below the key");
}

int kv__read_begin(struct kv *kv, uint64_t range_id, struct err *err)
{
    int rc = rng_read_begin(kv->store, range_id, kv->opt.read_timeout_ms, err);
    if (rc != 0)
        return err_prefix(err, "kv: range %llu: read", (unsigned long long)range_id);
    return 0;
}

int kv__propose(struct kv *kv, uint64_t range_id, const struct rng_batch *b, struct err *err)
{
    int rc = rng_propose(kv->store, range_id, b, kv->opt.propose_timeout_ms, err);
    if (rc != 0)
        return err_prefix(err, "kv: range %llu: propose", (unsigned long long)range_id);
    return 0;
}
