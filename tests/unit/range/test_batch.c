/* test_batch.c — the range layer's byte formats: batches, group entries,
 * descriptors, applied index values, snapshots and the transport
 * handshake. Every format must round-trip, and every truncation and every
 * single-bit flip of an encoded value must be rejected (never crash or
 * read past the end: run under ASan).
 */
#include <criterion/criterion.h>

#include "common/err.h"
#include "common/mem.h"
#include "range/range_int.h"
#include "storage/storage.h"

#include <stdlib.h>
#include <string.h>

#define S(x) (x), strlen(x)

static unsigned char *encode(const struct rng_batch *b, uint64_t range, size_t *len)
{
    *len = rng__batch_encoded_len(b);
    unsigned char *p = xmalloc(*len);
    rng__batch_encode(b, range, p);
    return p;
}

/* A copy on the heap of exactly len bytes, so ASan catches over-reads. */
static unsigned char *exact(const unsigned char *p, size_t len)
{
    unsigned char *q = xmalloc(len ? len : 1);
    memcpy(q, p, len);
    return q;
}

static struct rng_batch *sample(void)
{
    struct rng_batch *b = rng_batch_new();
    rng_batch_put(b, 0, S("k1"), S("v1"));
    rng_batch_put(b, 1, S("k2"), "", 0);
    rng_batch_delete(b, 0, S("k3"));
    rng_batch_delete_range(b, 1, S("a"), S("z"));
    rng_batch_put(b, 0, "", 0, S("empty key"));
    return b;
}

Test(range_batch, round_trip)
{
    struct rng_batch *b = sample();
    size_t len;
    uint32_t count = 0;
    struct err e = {0};
    unsigned char *p = encode(b, 7, &len);
    cr_assert_eq(rng_batch_count(b), 5);
    cr_assert_eq(rng_batch_bytes(b), len);
    cr_assert_eq(rng__batch_check(p, len, 7, 2, &count, &e), 0, "%s", e.msg);
    cr_assert_eq(count, 5);

    struct rng__op_iter it;
    struct rng__op op;
    rng__op_iter_init(&it, p, len);
    cr_assert(rng__op_iter_next(&it, &op));
    cr_assert_eq(op.op, RNG__OP_PUT);
    cr_assert_eq(op.cf, 0);
    cr_assert_eq(op.klen, 2);
    cr_assert_eq(memcmp(op.key, "k1", 2), 0);
    cr_assert_eq(op.vlen, 2);
    cr_assert_eq(memcmp(op.val, "v1", 2), 0);
    cr_assert(rng__op_iter_next(&it, &op));
    cr_assert_eq(op.cf, 1);
    cr_assert_eq(op.vlen, 0);
    cr_assert(rng__op_iter_next(&it, &op));
    cr_assert_eq(op.op, RNG__OP_DELETE);
    cr_assert(rng__op_iter_next(&it, &op));
    cr_assert_eq(op.op, RNG__OP_DELETE_RANGE);
    cr_assert_eq(memcmp(op.val, "z", 1), 0);
    cr_assert(rng__op_iter_next(&it, &op));
    cr_assert_eq(op.klen, 0);
    cr_assert_not(rng__op_iter_next(&it, &op));

    /* wrong range, and a cf index the store does not have */
    cr_assert_eq(rng__batch_check(p, len, 8, 2, &count, &e), ERR_CORRUPT);
    cr_assert_eq(rng__batch_check(p, len, 7, 1, &count, &e), ERR_CORRUPT);
    xfree(p);
    rng_batch_free(b);
}

Test(range_batch, every_truncation_and_bit_flip_rejected)
{
    struct rng_batch *b = sample();
    size_t len;
    uint32_t count;
    struct err e = {0};
    unsigned char *p = encode(b, 42, &len);

    for (size_t n = 0; n < len; n++) {
        unsigned char *q = exact(p, n);
        cr_assert_eq(rng__batch_check(q, n, 42, 2, &count, &e), ERR_CORRUPT, "truncated to %zu", n);
        xfree(q);
    }
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            unsigned char *q = exact(p, len);
            q[i] ^= (unsigned char)(1u << bit);
            cr_assert_eq(rng__batch_check(q, len, 42, 2, &count, &e), ERR_CORRUPT,
                         "flip byte %zu bit %d accepted", i, bit);
            xfree(q);
        }
    }
    /* trailing garbage */
    unsigned char *q = xmalloc(len + 1);
    memcpy(q, p, len);
    q[len] = 0;
    cr_assert_eq(rng__batch_check(q, len + 1, 42, 2, &count, &e), ERR_CORRUPT);
    xfree(q);
    xfree(p);
    rng_batch_free(b);
}

Test(range_batch, bad_cf_id_poisons_the_batch)
{
    struct rng_batch *b = rng_batch_new();
    rng_batch_put(b, 256, S("k"), S("v"));
    cr_assert(b->bad);
    rng_batch_free(b);
    b = rng_batch_new();
    rng_batch_put(b, -1, S("k"), S("v"));
    cr_assert(b->bad);
    rng_batch_free(b);
}

static unsigned char *group(struct rng_batch **bs, int n, uint64_t range, size_t *len)
{
    size_t body = 0;
    for (int i = 0; i < n; i++)
        body += 4 + rng__batch_encoded_len(bs[i]);
    size_t total = RNG__GROUP_PAD(RNG__GROUP_HDR + body);
    unsigned char *p = xcalloc(1, total), *q = p + RNG__GROUP_HDR;
    for (int i = 0; i < n; i++) {
        size_t l = rng__batch_encoded_len(bs[i]);
        rng__put_le32(q, (uint32_t)l);
        rng__batch_encode(bs[i], range, q + 4);
        q += 4 + l;
    }
    rng__group_header(p, (uint32_t)n, p + RNG__GROUP_HDR, total - RNG__GROUP_HDR);
    *len = total;
    return p;
}

Test(range_batch, group_round_trip_and_corruption)
{
    struct rng_batch *bs[3] = {sample(), rng_batch_new(), sample()};
    rng_batch_put(bs[1], 0, S("x"), S("y"));
    size_t len;
    unsigned char *p = group(bs, 3, 9, &len);
    struct rng__slice *sl;
    uint32_t n, count;
    struct err e = {0};

    cr_assert_eq(rng__entry_split(p, len, &sl, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(n, 3);
    for (uint32_t i = 0; i < n; i++)
        cr_assert_eq(rng__batch_check(sl[i].p, sl[i].len, 9, 2, &count, &e), 0);
    xfree(sl);

    /* a single batch is an entry too */
    size_t blen;
    unsigned char *bp = encode(bs[1], 9, &blen);
    cr_assert_eq(rng__entry_split(bp, blen, &sl, &n, &e), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(sl[0].len, blen);
    xfree(sl);
    xfree(bp);

    /* Every truncation or flip fails the split or a batch check. */
    for (size_t k = 0; k < len; k++) {
        unsigned char *q = exact(p, k);
        int rc = rng__entry_split(q, k, &sl, &n, &e);
        bool ok = rc == 0;
        for (uint32_t i = 0; ok && i < n; i++)
            ok = rng__batch_check(sl[i].p, sl[i].len, 9, 2, &count, &e) == 0;
        if (rc == 0)
            xfree(sl);
        cr_assert_not(ok, "truncation to %zu accepted", k);
        xfree(q);
    }
    for (size_t k = 0; k < len; k++) {
        for (int bit = 0; bit < 8; bit++) {
            unsigned char *q = exact(p, len);
            q[k] ^= (unsigned char)(1u << bit);
            int rc = rng__entry_split(q, len, &sl, &n, &e);
            bool ok = rc == 0;
            for (uint32_t i = 0; ok && i < n; i++)
                ok = rng__batch_check(sl[i].p, sl[i].len, 9, 2, &count, &e) == 0;
            if (rc == 0)
                xfree(sl);
            cr_assert_not(ok, "flip %zu/%d accepted", k, bit);
            xfree(q);
        }
    }
    xfree(p);
    for (int i = 0; i < 3; i++)
        rng_batch_free(bs[i]);
}

static void make_desc(struct rng_desc *d, bool inf)
{
    memset(d, 0, sizeof(*d));
    d->range_id = 3;
    d->generation = 5;
    d->start = xmalloc(2);
    memcpy(d->start, "\x02\x10", 2);
    d->start_len = 2;
    d->end = xmalloc(2);
    memcpy(d->end, "\x80", 1);
    d->end_len = inf ? 0 : 1;
    d->end_inf = inf;
    d->n_replicas = 2;
    d->replicas[0].node_id = 1;
    strcpy(d->replicas[0].address, "127.0.0.1:7001");
    d->replicas[0].role = 1;
    d->replicas[1].node_id = 2;
    strcpy(d->replicas[1].address, "node2:7001");
    d->replicas[1].role = 0;
}

Test(range_desc, round_trip_contains_and_corruption)
{
    struct rng_desc d, out;
    struct sbuf sb;
    struct err e = {0};
    for (int inf = 0; inf < 2; inf++) {
        make_desc(&d, inf);
        sbuf_init(&sb);
        rng__desc_encode(&d, &sb);
        cr_assert_eq(rng__desc_decode(sb.data, sb.len, &out, &e), 0, "%s", e.msg);
        cr_assert_eq(out.range_id, 3);
        cr_assert_eq(out.generation, 5);
        cr_assert_eq(out.end_inf, (bool)inf);
        cr_assert_eq(out.n_replicas, 2);
        cr_assert_str_eq(out.replicas[1].address, "node2:7001");
        cr_assert_eq(out.replicas[1].node_id, 2);
        cr_assert(rng_desc_contains(&out, "\x02\x10", 2));
        cr_assert_not(rng_desc_contains(&out, "\x02", 1));
        cr_assert_eq(rng_desc_contains(&out, "\x90", 1), (bool)inf);
        rng_desc_free(&out);

        for (size_t k = 0; k < sb.len; k++) {
            unsigned char *q = exact((unsigned char *)sb.data, k);
            cr_assert_neq(rng__desc_decode(q, k, &out, &e), 0);
            xfree(q);
            for (int bit = 0; bit < 8; bit++) {
                q = exact((unsigned char *)sb.data, sb.len);
                q[k] ^= (unsigned char)(1u << bit);
                cr_assert_neq(rng__desc_decode(q, sb.len, &out, &e), 0);
                xfree(q);
            }
        }
        sbuf_free(&sb);

        struct rng_desc c;
        rng_desc_copy(&c, &d);
        cr_assert_eq(c.start_len, 2);
        cr_assert_neq(c.start, d.start);
        rng_desc_free(&c);
        rng_desc_free(&d);
    }
}

Test(range_desc, span_checks)
{
    struct rng_desc d;
    make_desc(&d, true);
    cr_assert(rng__span_contains_key(&d, "\xfe", 1));
    cr_assert_not(rng__span_contains_key(&d, RNG_KEY_MAX, 2));
    cr_assert(rng__span_contains_range(&d, "\x02\x10", 2, RNG_KEY_MAX, 2));
    cr_assert_not(rng__span_contains_range(&d, "\x02", 1, "\x03", 1));
    cr_assert_not(rng__span_contains_range(&d, "\x05", 1, "\x04", 1));
    rng_desc_free(&d);
    make_desc(&d, false);
    cr_assert(rng__span_contains_range(&d, "\x02\x10", 2, "\x80", 1));
    cr_assert_not(rng__span_contains_range(&d, "\x02\x10", 2, "\x80\x00", 2));
    cr_assert_not(rng__span_contains_key(&d, "\x80", 1));
    rng_desc_free(&d);
}

Test(range_desc, applied_value)
{
    unsigned char v[12];
    uint64_t idx = 0;
    struct err e = {0};
    rng__applied_value(123456789, v);
    cr_assert_eq(rng__applied_decode(v, 12, &idx, &e), 0);
    cr_assert_eq(idx, 123456789);
    for (int i = 0; i < 12; i++) {
        v[i] ^= 4;
        cr_assert_eq(rng__applied_decode(v, 12, &idx, &e), ERR_CORRUPT);
        v[i] ^= 4;
    }
    cr_assert_eq(rng__applied_decode(v, 11, &idx, &e), ERR_CORRUPT);
}

Test(range_snapshot, encode_check_and_corruption)
{
    static const char *const cfs_names[] = {"lock"};
    struct eng_options o;
    struct eng *eng;
    struct err e = {0};
    eng_options_init(&o);
    o.kind = ENG_MEMORY;
    o.cf_names = cfs_names;
    o.n_cf_names = 1;
    cr_assert_eq(eng_open(NULL, &o, &eng, &e), 0);
    struct eng_cf *cfs[2] = {eng_cf(eng, "default"), eng_cf(eng, "lock")};
    struct eng_batch *b = eng_batch_new(eng);
    eng_batch_put(b, cfs[0], S("\x01"), S("outside"));
    eng_batch_put(b, cfs[0], S("\x02\x10"), S("v1"));
    eng_batch_put(b, cfs[0], S("\x50"), S("v2"));
    eng_batch_put(b, cfs[1], S("\x60"), "", 0);
    eng_batch_put(b, cfs[1], S("\xfe\xff"), S("v4"));
    cr_assert_eq(eng_write(b, ENG_SYNC_NO, &e), 0);
    eng_batch_free(b);

    struct rng_desc d;
    make_desc(&d, true);
    struct eng_snapshot *snap = eng_snapshot_new(eng);
    struct sbuf sb;
    sbuf_init(&sb);
    cr_assert_eq(rng__snap_encode(cfs, 2, snap, &d, 3, 77, &sb, &e), 0, "%s", e.msg);
    eng_snapshot_free(snap);
    uint64_t idx = 0;
    cr_assert_eq(rng__snap_check(sb.data, sb.len, 3, 2, &d, &idx, &e), 0, "%s", e.msg);
    cr_assert_eq(idx, 77);
    struct rng__op_iter it;
    struct rng__snap_rec rec;
    int n = 0;
    rng__snap_iter_init(&it, sb.data, sb.len);
    while (rng__snap_iter_next(&it, &rec))
        n++;
    cr_assert_eq(n, 4);
    cr_assert_eq(rng__snap_check(sb.data, sb.len, 4, 2, &d, &idx, &e), ERR_CORRUPT);
    cr_assert_eq(rng__snap_check(sb.data, sb.len, 3, 3, &d, &idx, &e), ERR_CORRUPT);
    for (size_t k = 0; k < sb.len; k++) {
        unsigned char *q = exact((unsigned char *)sb.data, k);
        cr_assert_eq(rng__snap_check(q, k, 3, 2, &d, &idx, &e), ERR_CORRUPT);
        xfree(q);
        for (int bit = 0; bit < 8; bit += 3) {
            q = exact((unsigned char *)sb.data, sb.len);
            q[k] ^= (unsigned char)(1u << bit);
            cr_assert_eq(rng__snap_check(q, sb.len, 3, 2, &d, &idx, &e), ERR_CORRUPT);
            xfree(q);
        }
    }
    sbuf_free(&sb);
    rng_desc_free(&d);
    eng_close(eng);
}

Test(range_transport, handshake)
{
    unsigned char buf[RNG__HS_HDR + RNG__HS_ADDR_MAX];
    size_t len;
    uint64_t r, s, t;
    char addr[300];
    struct err e = {0};
    cr_assert_eq(rng__hs_encode(buf, sizeof(buf), 5, 2, 3, "127.0.0.1:7002", &len), 0);
    cr_assert_eq(rng__hs_decode(buf, len, &r, &s, &t, addr, sizeof(addr), &e), 0, "%s", e.msg);
    cr_assert_eq(r, 5);
    cr_assert_eq(s, 2);
    cr_assert_eq(t, 3);
    cr_assert_str_eq(addr, "127.0.0.1:7002");
    for (size_t k = 0; k < len; k++) {
        cr_assert_neq(rng__hs_decode(buf, k, &r, &s, &t, addr, sizeof(addr), &e), 0);
        for (int bit = 0; bit < 8; bit++) {
            buf[k] ^= (unsigned char)(1u << bit);
            cr_assert_neq(rng__hs_decode(buf, len, &r, &s, &t, addr, sizeof(addr), &e), 0);
            buf[k] ^= (unsigned char)(1u << bit);
        }
    }
    char big[300];
    memset(big, 'a', 299);
    big[299] = 0;
    cr_assert_neq(rng__hs_encode(buf, sizeof(buf), 5, 2, 3, big, &len), 0);
}
