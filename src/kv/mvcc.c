/* mvcc.c — encoding and checking of the records kv stores (lock, write,
 * data, TSO). The formats are the OFFSET / SIZE / MEANING tables of
 * kv_int.h; every record ends with (or holds) a crc32c that is verified on
 * read, and a bad record is ERR_CORRUPT, never an assertion (STYLE.md §6).
 */
#include "kv/kv_int.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/str.h"

#include <string.h>

#define LOCK_HDR  36
#define WRITE_HDR 16
#define DATA_HDR  8
#define TSO_LEN   20
#define CRC_LEN   4

_Static_assert(LOCK_HDR == 1 + 1 + 2 + 4 + 8 + 8 + 8 + 4, "lock record header layout");
_Static_assert(WRITE_HDR == 1 + 1 + 1 + 1 + 8 + 4, "write record header layout");
_Static_assert(DATA_HDR == 1 + 3 + 4, "data record header layout");
_Static_assert(TSO_LEN == 1 + 7 + 8 + 4, "TSO record layout");

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put_crc(struct sbuf *b, size_t from)
{
    unsigned char c[CRC_LEN];
    put_u32(c, crc32c(0, b->data + from, b->len - from));
    sbuf_append(b, c, CRC_LEN);
}

static int check_crc(const unsigned char *p, size_t n, const char *what, struct err *err)
{
    if (get_u32(p + n - CRC_LEN) != crc32c(0, p, n - CRC_LEN))
        return err_set(err, ERR_CORRUPT, "kv: %s record: checksum mismatch", what);
    return 0;
}

/* ---- lock ---- */

void kv__lock_rec_encode(struct sbuf *b, const struct kv__lock_rec *r)
{
    size_t from = b->len;
    unsigned char h[LOCK_HDR] = {0};
    h[0] = KV__REC_VERSION;
    h[1] = r->kind;
    put_u32(h + 4, r->ttl_ms);
    put_u64(h + 8, r->start_ts);
    put_u64(h + 16, r->for_update_ts);
    put_u64(h + 24, r->lock_ms);
    put_u32(h + 32, (uint32_t)r->primary_len);
    sbuf_append(b, h, sizeof h);
    sbuf_append(b, r->primary, r->primary_len);
    put_crc(b, from);
}

int kv__lock_rec_decode(const void *p, size_t n, struct kv__lock_rec *r, struct err *err)
{
    const unsigned char *s = p;
    if (n < LOCK_HDR + CRC_LEN)
        return err_set(err, ERR_CORRUPT, "kv: lock record: %zu bytes, too short", n);
    if (s[0] != KV__REC_VERSION)
        return err_set(err, ERR_CORRUPT, "kv: lock record: unknown version %u", s[0]);
    uint32_t plen = get_u32(s + 32);
    if ((size_t)plen != n - LOCK_HDR - CRC_LEN)
        return err_set(err, ERR_CORRUPT, "kv: lock record: primary length %u in %zu bytes", plen,
                       n);
    int rc = check_crc(s, n, "lock", err);
    if (rc != 0)
        return rc;
    if (s[1] != KV__OP_PUT && s[1] != KV__OP_DELETE)
        return err_set(err, ERR_CORRUPT, "kv: lock record: bad kind %u", s[1]);
    if (s[2] != 0 || s[3] != 0)
        return err_set(err, ERR_CORRUPT, "kv: lock record: reserved bytes are not zero");
    r->kind = s[1];
    r->ttl_ms = get_u32(s + 4);
    r->start_ts = get_u64(s + 8);
    r->for_update_ts = get_u64(s + 16);
    r->lock_ms = get_u64(s + 24);
    r->primary = s + LOCK_HDR;
    r->primary_len = plen;
    return 0;
}

/* ---- write ---- */

size_t kv__write_rec_size(const struct kv__write_rec *r)
{
    return WRITE_HDR + (r->has_value ? r->value_len : 0) + CRC_LEN;
}

void kv__write_rec_encode_at(unsigned char *p, const struct kv__write_rec *r)
{
    size_t vlen = r->has_value ? r->value_len : 0;
    p[0] = KV__REC_VERSION;
    p[1] = r->kind;
    p[2] = r->has_value ? 1 : 0;
    p[3] = 0;
    put_u64(p + 4, r->start_ts);
    put_u32(p + 12, (uint32_t)vlen);
    if (vlen > 0)
        memcpy(p + WRITE_HDR, r->value, vlen);
    put_u32(p + WRITE_HDR + vlen, crc32c(0, p, WRITE_HDR + vlen));
}

void kv__write_rec_encode(struct sbuf *b, const struct kv__write_rec *r)
{
    size_t from = b->len;
    unsigned char h[WRITE_HDR] = {0};
    size_t vlen = r->has_value ? r->value_len : 0;
    h[0] = KV__REC_VERSION;
    h[1] = r->kind;
    h[2] = r->has_value ? 1 : 0;
    put_u64(h + 4, r->start_ts);
    put_u32(h + 12, (uint32_t)vlen);
    sbuf_append(b, h, sizeof h);
    if (vlen > 0)
        sbuf_append(b, r->value, vlen);
    put_crc(b, from);
}

int kv__write_rec_decode(const void *p, size_t n, struct kv__write_rec *r, struct err *err)
{
    const unsigned char *s = p;
    if (n < WRITE_HDR + CRC_LEN)
        return err_set(err, ERR_CORRUPT, "kv: write record: %zu bytes, too short", n);
    if (s[0] != KV__REC_VERSION)
        return err_set(err, ERR_CORRUPT, "kv: write record: unknown version %u", s[0]);
    uint32_t vlen = get_u32(s + 12);
    if ((size_t)vlen != n - WRITE_HDR - CRC_LEN)
        return err_set(err, ERR_CORRUPT, "kv: write record: value length %u in %zu bytes", vlen, n);
    int rc = check_crc(s, n, "write", err);
    if (rc != 0)
        return rc;
    if (s[1] < KV__OP_PUT || s[1] > KV__OP_ROLLBACK || (s[2] & ~1u) != 0 ||
        ((s[2] & 1u) && s[1] != KV__OP_PUT) || (!(s[2] & 1u) && vlen != 0))
        return err_set(err, ERR_CORRUPT, "kv: write record: bad kind %u / flags %u", s[1], s[2]);
    if (s[3] != 0)
        return err_set(err, ERR_CORRUPT, "kv: write record: reserved byte is not zero");
    r->kind = s[1];
    r->has_value = (s[2] & 1u) != 0;
    r->start_ts = get_u64(s + 4);
    r->value = s + WRITE_HDR;
    r->value_len = vlen;
    return 0;
}

/* ---- data ---- */

void kv__data_rec_encode(struct sbuf *b, const void *val, size_t n)
{
    unsigned char h[DATA_HDR] = {0};
    h[0] = KV__REC_VERSION;
    uint32_t c = crc32c(0, h, 4);
    c = crc32c(c, val, n);
    put_u32(h + 4, c);
    sbuf_append(b, h, sizeof h);
    sbuf_append(b, val, n);
}

int kv__data_rec_decode(const void *p, size_t n, const void **val, size_t *vlen, struct err *err)
{
    const unsigned char *s = p;
    if (n < DATA_HDR)
        return err_set(err, ERR_CORRUPT, "kv: data record: %zu bytes, too short", n);
    if (s[0] != KV__REC_VERSION)
        return err_set(err, ERR_CORRUPT, "kv: data record: unknown version %u", s[0]);
    uint32_t c = crc32c(0, s, 4);
    c = crc32c(c, s + DATA_HDR, n - DATA_HDR);
    if (c != get_u32(s + 4))
        return err_set(err, ERR_CORRUPT, "kv: data record: checksum mismatch");
    if (s[1] != 0 || s[2] != 0 || s[3] != 0)
        return err_set(err, ERR_CORRUPT, "kv: data record: reserved bytes are not zero");
    *val = s + DATA_HDR;
    *vlen = n - DATA_HDR;
    return 0;
}

/* ---- TSO ---- */

void kv__tso_rec_encode(struct sbuf *b, uint64_t limit)
{
    size_t from = b->len;
    unsigned char h[TSO_LEN - CRC_LEN] = {0};
    h[0] = KV__REC_VERSION;
    put_u64(h + 8, limit);
    sbuf_append(b, h, sizeof h);
    put_crc(b, from);
}

int kv__tso_rec_decode(const void *p, size_t n, uint64_t *limit, struct err *err)
{
    const unsigned char *s = p;
    if (n != TSO_LEN)
        return err_set(err, ERR_CORRUPT, "kv: TSO record: %zu bytes, expected %d", n, TSO_LEN);
    if (s[0] != KV__REC_VERSION)
        return err_set(err, ERR_CORRUPT, "kv: TSO record: unknown version %u", s[0]);
    int rc = check_crc(s, n, "TSO", err);
    if (rc != 0)
        return rc;
    for (int i = 1; i < 8; i++)
        if (s[i] != 0)
            return err_set(err, ERR_CORRUPT, "kv: TSO record: reserved bytes are not zero");
    *limit = get_u64(s + 8);
    return 0;
}
