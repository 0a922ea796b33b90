/* batch.c — batches of engine operations and the raft entry payloads that
 * carry them (one batch, or a group-commit entry of several batches).
 *
 * Payloads come from disk and from peers, so rng__batch_check and
 * rng__entry_split validate every length against the bytes that remain
 * before reading them; nothing past len is ever read. The formats are in
 * range.h (batch) and range_int.h (group).
 */
#include "range/range_int.h"

#include "common/hash.h"
#include "common/mem.h"

#include <stdio.h>

_Static_assert(sizeof(RNG__BATCH_MAGIC) - 1 == 4, "batch magic is 4 bytes");
_Static_assert(sizeof(RNG__GROUP_MAGIC) - 1 == 4, "group magic is 4 bytes");
_Static_assert(RNG__BATCH_HDR == 24, "batch header layout");
_Static_assert(RNG__GROUP_HDR == 16, "group header layout");

int rng__keycmp(const void *a, size_t alen, const void *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* ---- building ----------------------------------------------------------- */

/* The operations: b->ops holds RNG__BATCH_HEAD bytes of room first. */
#define OPS(b)    ((b)->ops.data + RNG__BATCH_HEAD)
#define OPSLEN(b) ((b)->ops.len - RNG__BATCH_HEAD)

struct rng_batch *rng_batch_new(void)
{
    static const unsigned char room[RNG__BATCH_HEAD];
    struct rng_batch *b = xcalloc(1, sizeof(*b));
    sbuf_init(&b->ops);
    sbuf_append(&b->ops, room, sizeof room);
    return b;
}

void rng_batch_reserve(struct rng_batch *b, size_t bytes)
{
    sbuf_reserve(&b->ops, bytes);
}

static void add_op(struct rng_batch *b, int op, int cf_id, const void *key, size_t klen,
                   const void *val, size_t vlen)
{
    unsigned char h[RNG__OP_HDR];
    if (cf_id < 0 || cf_id > 255 || klen > UINT32_MAX || vlen > UINT32_MAX ||
        b->count == UINT32_MAX) {
        b->bad = true;
        return;
    }
    h[0] = (unsigned char)op;
    h[1] = (unsigned char)cf_id;
    rng__put_le32(h + 2, (uint32_t)klen);
    sbuf_append(&b->ops, h, 6);
    if (klen)
        sbuf_append(&b->ops, key, klen);
    rng__put_le32(h + 6, (uint32_t)vlen);
    sbuf_append(&b->ops, h + 6, 4);
    if (vlen)
        sbuf_append(&b->ops, val, vlen);
    b->count++;
}

int rng_batch_put_room(struct rng_batch *b, int cf_id, size_t klen, size_t vlen, void **key,
                       void **val)
{
    if (cf_id < 0 || cf_id > 255 || klen > UINT32_MAX || vlen > UINT32_MAX ||
        b->count == UINT32_MAX) {
        b->bad = true;
        return ERR_INVAL;
    }
    sbuf_reserve(&b->ops, 10 + klen + vlen);
    unsigned char *h = (unsigned char *)b->ops.data + b->ops.len;
    h[0] = RNG__OP_PUT;
    h[1] = (unsigned char)cf_id;
    rng__put_le32(h + 2, (uint32_t)klen);
    *key = h + 6;
    rng__put_le32(h + 6 + klen, (uint32_t)vlen);
    *val = h + 10 + klen;
    b->ops.len += 10 + klen + vlen;
    b->ops.data[b->ops.len] = '\0';
    b->count++;
    return 0;
}

void rng_batch_put(struct rng_batch *b, int cf_id, const void *key, size_t klen, const void *val,
                   size_t vlen)
{
    add_op(b, RNG__OP_PUT, cf_id, key, klen, val, vlen);
}

void rng_batch_delete(struct rng_batch *b, int cf_id, const void *key, size_t klen)
{
    add_op(b, RNG__OP_DELETE, cf_id, key, klen, NULL, 0);
}

void rng_batch_delete_range(struct rng_batch *b, int cf_id, const void *start, size_t slen,
                            const void *end, size_t elen)
{
    add_op(b, RNG__OP_DELETE_RANGE, cf_id, start, slen, end, elen);
}

size_t rng_batch_count(const struct rng_batch *b)
{
    return b->count;
}

size_t rng_batch_bytes(const struct rng_batch *b)
{
    return RNG__BATCH_HDR + OPSLEN(b);
}

void rng_batch_free(struct rng_batch *b)
{
    if (b == NULL)
        return;
    sbuf_free(&b->ops);
    xfree(b);
}

/* ---- encoding ----------------------------------------------------------- */

size_t rng__batch_encoded_len(const struct rng_batch *b)
{
    return RNG__BATCH_HDR + OPSLEN(b);
}

static void batch_header(const struct rng_batch *b, uint64_t range_id, unsigned char *out)
{
    memcpy(out, RNG__BATCH_MAGIC, 4);
    out[4] = RNG__BATCH_VERSION;
    out[5] = out[6] = out[7] = 0;
    rng__put_le64(out + 8, range_id);
    rng__put_le32(out + 16, b->count);
    rng__put_le32(out + 20, crc32c(0, OPS(b), OPSLEN(b)));
}

void rng__batch_encode(const struct rng_batch *b, uint64_t range_id, unsigned char *out)
{
    batch_header(b, range_id, out);
    if (OPSLEN(b))
        memcpy(out + RNG__BATCH_HDR, OPS(b), OPSLEN(b));
}

unsigned char *rng__batch_take(struct rng_batch *b, uint64_t range_id, size_t *len)
{
    *len = RNG__BATCH_HDR + OPSLEN(b);
    /* room for the padding of a group entry of this batch alone */
    sbuf_reserve(&b->ops, RNG__GROUP_PAD(b->ops.len) - b->ops.len);
    batch_header(b, range_id, (unsigned char *)b->ops.data + RNG__BATCH_HEAD - RNG__BATCH_HDR);
    unsigned char *buf = (unsigned char *)sbuf_detach(&b->ops);
    rng_batch_free(b);
    return buf;
}

/* ---- validation --------------------------------------------------------- */

int rng__batch_check(const void *buf, size_t len, uint64_t range_id, size_t n_cfs, uint32_t *count,
                     struct err *err)
{
    const unsigned char *p = buf;
    const unsigned char *end;
    uint32_t n, i;

    if (len < RNG__BATCH_HDR)
        return err_set(err, ERR_CORRUPT, "batch: %zu bytes, shorter than its header", len);
    if (memcmp(p, RNG__BATCH_MAGIC, 4) != 0)
        return err_set(err, ERR_CORRUPT, "batch: bad magic");
    if (p[4] != RNG__BATCH_VERSION)
        return err_set(err, ERR_CORRUPT, "batch: unsupported version %u", p[4]);
    if (p[5] || p[6] || p[7])
        return err_set(err, ERR_CORRUPT, "batch: reserved bytes not zero");
    if (rng__get_le64(p + 8) != range_id)
        return err_set(err, ERR_CORRUPT, "batch: proposed to range %llu, applied to range %llu",
                       (unsigned long long)rng__get_le64(p + 8), (unsigned long long)range_id);
    n = rng__get_le32(p + 16);
    if (crc32c(0, p + RNG__BATCH_HDR, len - RNG__BATCH_HDR) != rng__get_le32(p + 20))
        return err_set(err, ERR_CORRUPT, "batch: checksum mismatch");
    end = p + len;
    p += RNG__BATCH_HDR;
    for (i = 0; p < end; i++) {
        uint32_t klen, vlen;
        unsigned code;
        if (i >= n)
            return err_set(err, ERR_CORRUPT, "batch: more operations than its count %u", n);
        if ((size_t)(end - p) < 6)
            return err_set(err, ERR_CORRUPT, "batch: operation %u truncated", i);
        code = p[0];
        if (code < RNG__OP_PUT || code > RNG__OP_DELETE_RANGE)
            return err_set(err, ERR_CORRUPT, "batch: operation %u has unknown code %u", i, code);
        if (p[1] >= n_cfs)
            return err_set(err, ERR_CORRUPT, "batch: operation %u names cf %u of %zu", i, p[1],
                           n_cfs);
        klen = rng__get_le32(p + 2);
        p += 6;
        if ((size_t)(end - p) < (size_t)klen + 4)
            return err_set(err, ERR_CORRUPT, "batch: operation %u key overruns the batch", i);
        p += klen;
        vlen = rng__get_le32(p);
        p += 4;
        if ((size_t)(end - p) < vlen)
            return err_set(err, ERR_CORRUPT, "batch: operation %u value overruns the batch", i);
        if (code == RNG__OP_DELETE && vlen != 0)
            return err_set(err, ERR_CORRUPT, "batch: delete %u carries a value", i);
        p += vlen;
    }
    if (i != n)
        return err_set(err, ERR_CORRUPT, "batch: %u operations, count says %u", i, n);
    *count = n;
    return 0;
}

void rng__op_iter_init(struct rng__op_iter *it, const void *buf, size_t len)
{
    it->p = (const unsigned char *)buf + RNG__BATCH_HDR;
    it->end = (const unsigned char *)buf + len;
}

void rng__batch_iter(const struct rng_batch *b, struct rng__op_iter *it)
{
    it->p = (const unsigned char *)OPS(b);
    it->end = it->p + OPSLEN(b);
}

bool rng__op_iter_next(struct rng__op_iter *it, struct rng__op *op)
{
    const unsigned char *p = it->p;
    if (p == NULL || p >= it->end)
        return false;
    op->op = p[0];
    op->cf = p[1];
    op->klen = rng__get_le32(p + 2);
    op->key = p + 6;
    p += 6 + op->klen;
    op->vlen = rng__get_le32(p);
    op->val = p + 4;
    it->p = p + 4 + op->vlen;
    return true;
}

/* ---- group-commit entries ------------------------------------------------ */

void rng__group_header(unsigned char *out, uint32_t n, const void *body, size_t len)
{
    memcpy(out, RNG__GROUP_MAGIC, 4);
    out[4] = RNG__GROUP_VERSION;
    out[5] = out[6] = out[7] = 0;
    rng__put_le32(out + 8, n);
    rng__put_le32(out + 12, crc32c(0, body, len));
}

int rng__entry_split(const void *buf, size_t len, struct rng__slice **out, uint32_t *n,
                     struct err *err)
{
    const unsigned char *p = buf;
    const unsigned char *end = p + len;
    struct rng__slice *s;
    uint32_t count, i;

    *out = NULL;
    *n = 0;
    if (len >= 4 && memcmp(p, RNG__BATCH_MAGIC, 4) == 0) {
        s = xmalloc(sizeof(*s));
        s->p = p;
        s->len = len;
        *out = s;
        *n = 1;
        return 0;
    }
    if (len < RNG__GROUP_HDR)
        return err_set(err, ERR_CORRUPT, "entry: %zu bytes, not a batch or group", len);
    if (memcmp(p, RNG__GROUP_MAGIC, 4) != 0)
        return err_set(err, ERR_CORRUPT, "entry: bad magic");
    if (p[4] != RNG__GROUP_VERSION)
        return err_set(err, ERR_CORRUPT, "entry: unsupported group version %u", p[4]);
    if (p[5] || p[6] || p[7])
        return err_set(err, ERR_CORRUPT, "entry: reserved bytes not zero");
    count = rng__get_le32(p + 8);
    if (count == 0 || count > (len - RNG__GROUP_HDR) / (4 + RNG__BATCH_HDR))
        return err_set(err, ERR_CORRUPT, "entry: bad batch count %u for %zu bytes", count, len);
    if (crc32c(0, p + RNG__GROUP_HDR, len - RNG__GROUP_HDR) != rng__get_le32(p + 12))
        return err_set(err, ERR_CORRUPT, "entry: group checksum mismatch");
    s = xmalloc(sizeof(*s) * count);
    p += RNG__GROUP_HDR;
    for (i = 0; i < count; i++) {
        uint32_t blen;
        if ((size_t)(end - p) < 4)
            goto truncated;
        blen = rng__get_le32(p);
        p += 4;
        if ((size_t)(end - p) < blen)
            goto truncated;
        s[i].p = p;
        s[i].len = blen;
        p += blen;
    }
    /* up to 7 zero bytes pad the entry to a multiple of 8 */
    if ((size_t)(end - p) >= 8 || (len % 8) != 0) {
        xfree(s);
        return err_set(err, ERR_CORRUPT, "entry: %zu trailing bytes after %u batches",
                       (size_t)(end - p), count);
    }
    for (; p < end; p++) {
        if (*p != 0) {
            xfree(s);
            return err_set(err, ERR_CORRUPT, "entry: padding not zero");
        }
    }
    *out = s;
    *n = count;
    return 0;
truncated:
    xfree(s);
    return err_set(err, ERR_CORRUPT, "entry: batch %u overruns the entry", i);
}
