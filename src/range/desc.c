/* desc.c — range descriptors: copies, spans, their stored encoding, and the
 * keys this layer reserves (meta keys in range 1, node-local keys).
 *
 * Descriptor values are read from the engine, which is outside input:
 * rng__desc_decode checks every length and the crc before using a byte.
 */
#include "range/range_int.h"

#include "common/hash.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <stdio.h>
#include <stdlib.h>

#define KEY_MAX_LEN (sizeof(RNG_KEY_MAX) - 1)
#define META_LEN    (sizeof(RNG_META_PREFIX) - 1)

_Static_assert(sizeof(RNG__DESC_MAGIC) - 1 == 4, "descriptor magic is 4 bytes");

void rng_desc_free(struct rng_desc *d)
{
    if (d == NULL)
        return;
    xfree(d->start);
    xfree(d->end);
    d->start = d->end = NULL;
    d->start_len = d->end_len = 0;
}

static unsigned char *dup_bytes(const void *p, size_t n)
{
    unsigned char *q = xmalloc(n ? n : 1);
    if (n)
        memcpy(q, p, n);
    return q;
}

void rng_desc_copy(struct rng_desc *dst, const struct rng_desc *src)
{
    *dst = *src;
    dst->start = dup_bytes(src->start, src->start_len);
    dst->end = dup_bytes(src->end, src->end_len);
}

bool rng_desc_contains(const struct rng_desc *d, const void *key, size_t klen)
{
    if (rng__keycmp(key, klen, d->start, d->start_len) < 0)
        return false;
    if (d->end_inf)
        return true;
    return rng__keycmp(key, klen, d->end, d->end_len) < 0;
}

void rng_desc_array_free(struct rng_desc *a, size_t n)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        rng_desc_free(&a[i]);
    xfree(a);
}

/* ---- spans --------------------------------------------------------------- */

void rng__span_end(const struct rng_desc *d, const void **end, size_t *elen)
{
    if (d->end_inf) {
        *end = RNG_KEY_MAX;
        *elen = KEY_MAX_LEN;
    } else {
        *end = d->end;
        *elen = d->end_len;
    }
}

bool rng__span_contains_key(const struct rng_desc *d, const void *key, size_t klen)
{
    const void *e;
    size_t elen;
    rng__span_end(d, &e, &elen);
    return rng__keycmp(key, klen, d->start, d->start_len) >= 0 &&
           rng__keycmp(key, klen, e, elen) < 0;
}

bool rng__span_contains_range(const struct rng_desc *d, const void *start, size_t slen,
                              const void *end, size_t elen)
{
    const void *se;
    size_t selen;
    rng__span_end(d, &se, &selen);
    if (rng__keycmp(start, slen, d->start, d->start_len) < 0)
        return false;
    if (rng__keycmp(end, elen, se, selen) > 0)
        return false;
    return rng__keycmp(start, slen, end, elen) <= 0;
}

/* ---- keys ---------------------------------------------------------------- */

void rng__meta_key(const struct rng_desc *d, struct sbuf *out)
{
    sbuf_append(out, RNG_META_PREFIX, META_LEN);
    if (d->end_inf)
        sbuf_append(out, RNG_KEY_MAX, KEY_MAX_LEN);
    else if (d->end_len)
        sbuf_append(out, d->end, d->end_len);
}

void rng__applied_key(uint64_t range_id, unsigned char out[RNG__LOCAL_KEY_LEN])
{
    out[0] = 'a';
    rng__put_be64(out + 1, range_id);
}

void rng__sync_key(uint64_t range_id, unsigned char out[RNG__LOCAL_KEY_LEN])
{
    out[0] = 's';
    rng__put_be64(out + 1, range_id);
}

void rng__applied_value(uint64_t index, unsigned char out[12])
{
    rng__put_le64(out, index);
    rng__put_le32(out + 8, crc32c(0, out, 8));
}

int rng__applied_decode(const void *buf, size_t len, uint64_t *index, struct err *err)
{
    const unsigned char *p = buf;
    if (len != 12)
        return err_set(err, ERR_CORRUPT, "applied index: %zu bytes, expected 12", len);
    if (crc32c(0, p, 8) != rng__get_le32(p + 8))
        return err_set(err, ERR_CORRUPT, "applied index: checksum mismatch");
    *index = rng__get_le64(p);
    return 0;
}

/* ---- descriptor encoding -------------------------------------------------- */

void rng__desc_encode(const struct rng_desc *d, struct sbuf *out)
{
    unsigned char h[32];
    size_t begin = out->len;
    int nrep = d->n_replicas < 0 ? 0 : d->n_replicas;
    if (nrep > RNG_MAX_REPLICAS)
        nrep = RNG_MAX_REPLICAS;
    memcpy(h, RNG__DESC_MAGIC, 4);
    h[4] = 1;
    h[5] = d->end_inf ? 1 : 0;
    h[6] = (unsigned char)nrep;
    h[7] = 0;
    rng__put_le64(h + 8, d->range_id);
    rng__put_le64(h + 16, d->generation);
    rng__put_le32(h + 24, (uint32_t)d->start_len);
    rng__put_le32(h + 28, d->end_inf ? 0 : (uint32_t)d->end_len);
    sbuf_append(out, h, sizeof(h));
    if (d->start_len)
        sbuf_append(out, d->start, d->start_len);
    if (!d->end_inf && d->end_len)
        sbuf_append(out, d->end, d->end_len);
    for (int i = 0; i < nrep; i++) {
        const struct rng_replica_desc *r = &d->replicas[i];
        size_t alen = strnlen(r->address, sizeof(r->address) - 1);
        unsigned char rh[11];
        rng__put_le64(rh, r->node_id);
        rh[8] = (unsigned char)r->role;
        rng__put_le16(rh + 9, (uint16_t)alen);
        sbuf_append(out, rh, sizeof(rh));
        if (alen)
            sbuf_append(out, r->address, alen);
    }
    rng__put_le32(h, crc32c(0, out->data + begin, out->len - begin));
    sbuf_append(out, h, 4);
}

int rng__desc_decode(const void *buf, size_t len, struct rng_desc *out, struct err *err)
{
    const unsigned char *p = buf;
    const unsigned char *end = p + len;
    uint32_t slen, elen;
    int nrep;

    memset(out, 0, sizeof(*out));
    if (len < 36)
        return err_set(err, ERR_CORRUPT, "descriptor: %zu bytes, too short", len);
    if (crc32c(0, p, len - 4) != rng__get_le32(end - 4))
        return err_set(err, ERR_CORRUPT, "descriptor: checksum mismatch");
    if (memcmp(p, RNG__DESC_MAGIC, 4) != 0 || p[4] != 1 || (p[5] & ~1u) != 0 || p[7] != 0)
        return err_set(err, ERR_CORRUPT, "descriptor: bad header");
    nrep = p[6];
    if (nrep > RNG_MAX_REPLICAS)
        return err_set(err, ERR_CORRUPT, "descriptor: %d replicas", nrep);
    out->end_inf = (p[5] & 1) != 0;
    out->range_id = rng__get_le64(p + 8);
    out->generation = rng__get_le64(p + 16);
    slen = rng__get_le32(p + 24);
    elen = rng__get_le32(p + 28);
    end -= 4;
    p += 32;
    if ((size_t)(end - p) < (size_t)slen + elen || (out->end_inf && elen != 0))
        return err_set(err, ERR_CORRUPT, "descriptor: key lengths overrun the value");
    out->start = dup_bytes(p, slen);
    out->start_len = slen;
    p += slen;
    out->end = dup_bytes(p, elen);
    out->end_len = elen;
    p += elen;
    for (int i = 0; i < nrep; i++) {
        struct rng_replica_desc *r = &out->replicas[i];
        uint16_t alen;
        if ((size_t)(end - p) < 11)
            goto bad;
        r->node_id = rng__get_le64(p);
        r->role = p[8];
        alen = rng__get_le16(p + 9);
        p += 11;
        if (alen >= sizeof(r->address) || (size_t)(end - p) < alen)
            goto bad;
        memcpy(r->address, p, alen);
        r->address[alen] = '\0';
        p += alen;
    }
    if (p != end)
        goto bad;
    out->n_replicas = nrep;
    if (out->range_id == 0)
        goto bad;
    return 0;
bad:
    rng_desc_free(out);
    return err_set(err, ERR_CORRUPT, "descriptor: replica list overruns the value");
}

static int desc_cmp(const void *a, const void *b)
{
    const struct rng_desc *x = a, *y = b;
    return rng__keycmp(x->start, x->start_len, y->start, y->start_len);
}

int rng__desc_load_all(struct eng_cf *meta_cf, struct rng_desc **out, size_t *n, struct err *err)
{
    static const unsigned char upper[] = {0x01, 'm' + 1};
    struct eng_iter *it;
    struct rng_desc *a = NULL;
    size_t na = 0, cap = 0;
    int rc = 0;

    it = eng_iter_new(meta_cf, NULL, RNG_META_PREFIX, META_LEN, upper, sizeof(upper));
    for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
        size_t klen, vlen;
        const void *k = eng_iter_key(it, &klen);
        const void *v = eng_iter_value(it, &vlen);
        struct rng_desc d;
        if (na == cap) {
            cap = cap ? cap * 2 : 8;
            a = xrealloc(a, cap * sizeof(*a));
        }
        rc = rng__desc_decode(v, vlen, &d, err);
        if (rc != 0) {
            err_prefix(err, "meta key of %zu bytes", klen);
            break;
        }
        (void)k;
        a[na++] = d;
    }
    if (rc == 0)
        rc = eng_iter_status(it, err);
    eng_iter_free(it);
    if (rc != 0) {
        rng_desc_array_free(a, na);
        return rc;
    }
    if (na > 1)
        qsort(a, na, sizeof(*a), desc_cmp);
    *out = a;
    *n = na;
    return 0;
}
