/* fuzz_kvrec.c — the transaction layer's record decoders (lock, write, data
 * and TSO records read back from the engine): an error or a valid record,
 * never a crash or over-read; a decoded record re-encodes to the same bytes.
 * The first input byte picks the decoder; with its high bit set the record's
 * checksum is recomputed first, so the fuzzer reaches the checks behind it. */
#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Recompute the checksum of a record of the given kind in place. */
static void fix_crc(int kind, uint8_t *p, size_t n)
{
    if (kind == 2) { /* data: crc at [4, 8) over [0, 4) and [8, n) */
        if (n >= 8)
            put_le32(p + 4, crc32c(crc32c(0, p, 4), p + 8, n - 8));
    } else if (n >= 4) { /* lock, write, TSO: trailing crc over the rest */
        put_le32(p + n - 4, crc32c(0, p, n - 4));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err err = {0};
    if (size < 1)
        return 0;
    size_t n = size - 1;
    uint8_t *copy = xmalloc(n ? n : 1);
    memcpy(copy, data + 1, n);
    if (data[0] & 0x80)
        fix_crc(data[0] % 4, copy, n);
    const uint8_t *p = copy;
    switch (data[0] % 4) {
    case 0: {
        struct kv__lock_rec r;
        if (kv__lock_rec_decode(p, n, &r, &err) == 0) {
            struct sbuf b;
            sbuf_init(&b);
            kv__lock_rec_encode(&b, &r);
            if (b.len != n || memcmp(b.data, p, n) != 0)
                abort();
            sbuf_free(&b);
        }
        break;
    }
    case 1: {
        struct kv__write_rec r;
        if (kv__write_rec_decode(p, n, &r, &err) == 0) {
            struct sbuf b;
            sbuf_init(&b);
            kv__write_rec_encode(&b, &r);
            if (b.len != n || memcmp(b.data, p, n) != 0)
                abort();
            sbuf_free(&b);
        }
        break;
    }
    case 2: {
        const void *val;
        size_t vlen;
        if (kv__data_rec_decode(p, n, &val, &vlen, &err) == 0 &&
            ((const uint8_t *)val < p || (const uint8_t *)val + vlen > p + n))
            abort();
        break;
    }
    case 3: {
        uint64_t limit;
        (void)kv__tso_rec_decode(p, n, &limit, &err);
        break;
    }
    }
    xfree(copy);
    return 0;
}
