/* snapshot.c — the range snapshot format (range_int.h): every key of the
 * range's span in every replicated CF, plus the applied index.
 *
 * libraft 0.15 keeps snapshots as in-memory buffers, so a snapshot is one
 * contiguous buffer; ranges are split small enough for that (DESIGN.md §5).
 * Only a snapshot sent to a peer holds records: what a replica stores as
 * its own raft snapshot is a marker (RNG__SNAP_F_ENGINE, fsm.c).
 * A snapshot received from a leader or read back from disk is outside
 * input: rng__snap_check validates every record before restore writes
 * anything.
 */
#include "range/range_int.h"

#include "common/hash.h"
#include "common/mem.h"
#include "storage/storage.h"

_Static_assert(RNG__SNAP_HDR == 24 && RNG__SNAP_TRAILER == 16, "snapshot layout");

static void put_header(struct sbuf *out, size_t n_cfs, unsigned flags, uint64_t range_id,
                       uint64_t index)
{
    unsigned char h[RNG__SNAP_HDR];
    memcpy(h, RNG__SNAP_MAGIC, 4);
    h[4] = 1;
    h[5] = (unsigned char)n_cfs;
    h[6] = (unsigned char)flags;
    h[7] = 0;
    rng__put_le64(h + 8, range_id);
    rng__put_le64(h + 16, index);
    sbuf_append(out, h, sizeof(h));
}

static void put_trailer(struct sbuf *out, uint64_t nrec)
{
    unsigned char h[12];
    rng__put_le64(h, nrec);
    memcpy(h + 8, RNG__SNAP_END_MAGIC, 4);
    sbuf_append(out, h, 12);
    rng__put_le32(h, crc32c(0, out->data, out->len));
    sbuf_append(out, h, 4);
}

int rng__snap_encode_marker(size_t n_cfs, uint64_t range_id, uint64_t index, struct sbuf *out)
{
    put_header(out, n_cfs, RNG__SNAP_F_ENGINE, range_id, index);
    put_trailer(out, 0);
    return 0;
}

bool rng__snap_is_marker(const void *buf, size_t len)
{
    const unsigned char *p = buf;
    return len >= RNG__SNAP_HDR && memcmp(p, RNG__SNAP_MAGIC, 4) == 0 &&
           (p[6] & RNG__SNAP_F_ENGINE) != 0;
}

int rng__snap_encode(struct eng_cf *const *cfs, size_t n_cfs, const struct eng_snapshot *snap,
                     const struct rng_desc *span, uint64_t range_id, uint64_t index,
                     struct sbuf *out, struct err *err)
{
    const void *upper;
    size_t ulen;
    uint64_t nrec = 0;
    int rc = 0;

    if (n_cfs > 255)
        return err_set(err, ERR_INVAL, "snapshot: %zu CFs, at most 255", n_cfs);
    put_header(out, n_cfs, 0, range_id, index);
    rng__span_end(span, &upper, &ulen);
    for (size_t c = 0; c < n_cfs && rc == 0; c++) {
        struct eng_iter *it = eng_iter_new(cfs[c], snap, span->start, span->start_len, upper, ulen);
        for (eng_iter_first(it); eng_iter_valid(it); eng_iter_next(it)) {
            size_t klen, vlen;
            const void *k = eng_iter_key(it, &klen);
            const void *v = eng_iter_value(it, &vlen);
            unsigned char rh[5];
            if (klen > UINT32_MAX || vlen > UINT32_MAX) {
                rc = err_set(err, ERR_LIMIT, "snapshot: record over 4 GiB");
                break;
            }
            rh[0] = (unsigned char)c;
            rng__put_le32(rh + 1, (uint32_t)klen);
            sbuf_append(out, rh, 5);
            if (klen)
                sbuf_append(out, k, klen);
            rng__put_le32(rh, (uint32_t)vlen);
            sbuf_append(out, rh, 4);
            if (vlen)
                sbuf_append(out, v, vlen);
            nrec++;
        }
        if (rc == 0)
            rc = eng_iter_status(it, err);
        eng_iter_free(it);
    }
    if (rc != 0)
        return rc;
    put_trailer(out, nrec);
    return 0;
}

int rng__snap_check(const void *buf, size_t len, uint64_t range_id, size_t n_cfs,
                    const struct rng_desc *span, uint64_t *index, struct err *err)
{
    const unsigned char *p = buf;
    const unsigned char *end;
    uint64_t nrec = 0;

    if (len < RNG__SNAP_HDR + RNG__SNAP_TRAILER)
        return err_set(err, ERR_CORRUPT, "snapshot: %zu bytes, too short", len);
    if (crc32c(0, p, len - 4) != rng__get_le32(p + len - 4))
        return err_set(err, ERR_CORRUPT, "snapshot: checksum mismatch");
    if (memcmp(p, RNG__SNAP_MAGIC, 4) != 0 || p[4] != 1 || (p[6] & ~RNG__SNAP_F_ENGINE) || p[7] ||
        memcmp(p + len - 8, RNG__SNAP_END_MAGIC, 4) != 0)
        return err_set(err, ERR_CORRUPT, "snapshot: bad header or trailer");
    if (p[5] != n_cfs)
        return err_set(err, ERR_CORRUPT, "snapshot: written with %u CFs, this store has %zu", p[5],
                       n_cfs);
    if (rng__get_le64(p + 8) != range_id)
        return err_set(err, ERR_CORRUPT, "snapshot: of range %llu, restoring range %llu",
                       (unsigned long long)rng__get_le64(p + 8), (unsigned long long)range_id);
    *index = rng__get_le64(p + 16);
    if ((p[6] & RNG__SNAP_F_ENGINE) && len != RNG__SNAP_HDR + RNG__SNAP_TRAILER)
        return err_set(err, ERR_CORRUPT, "snapshot: a marker with records");
    end = p + len - RNG__SNAP_TRAILER;
    p += RNG__SNAP_HDR;
    while (p < end) {
        uint32_t klen, vlen;
        const unsigned char *key;
        if ((size_t)(end - p) < 5)
            return err_set(err, ERR_CORRUPT, "snapshot: record %llu truncated",
                           (unsigned long long)nrec);
        if (p[0] >= n_cfs)
            return err_set(err, ERR_CORRUPT, "snapshot: record %llu names cf %u",
                           (unsigned long long)nrec, p[0]);
        klen = rng__get_le32(p + 1);
        p += 5;
        if ((size_t)(end - p) < (size_t)klen + 4)
            return err_set(err, ERR_CORRUPT, "snapshot: record %llu key overruns",
                           (unsigned long long)nrec);
        key = p;
        p += klen;
        vlen = rng__get_le32(p);
        p += 4;
        if ((size_t)(end - p) < vlen)
            return err_set(err, ERR_CORRUPT, "snapshot: record %llu value overruns",
                           (unsigned long long)nrec);
        p += vlen;
        if (!rng__span_contains_key(span, key, klen))
            return err_set(err, ERR_CORRUPT, "snapshot: record %llu key outside the range",
                           (unsigned long long)nrec);
        nrec++;
    }
    if (rng__get_le64(end) != nrec)
        return err_set(err, ERR_CORRUPT, "snapshot: %llu records, trailer says %llu",
                       (unsigned long long)nrec, (unsigned long long)rng__get_le64(end));
    return 0;
}

void rng__snap_iter_init(struct rng__op_iter *it, const void *buf, size_t len)
{
    it->p = (const unsigned char *)buf + RNG__SNAP_HDR;
    it->end = (const unsigned char *)buf + len - RNG__SNAP_TRAILER;
}

bool rng__snap_iter_next(struct rng__op_iter *it, struct rng__snap_rec *rec)
{
    const unsigned char *p = it->p;
    if (p >= it->end)
        return false;
    rec->cf = p[0];
    rec->klen = rng__get_le32(p + 1);
    rec->key = p + 5;
    p += 5 + rec->klen;
    rec->vlen = rng__get_le32(p);
    rec->val = p + 4;
    it->p = p + 4 + rec->vlen;
    return true;
}
