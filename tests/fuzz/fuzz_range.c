/* fuzz_range.c — the range layer's decoders of bytes from peers and disk:
 * raft entry payloads (group and batch), range descriptors, applied-index
 * records, snapshots and transport handshakes. Each must answer an error or
 * a valid result, never crash or over-read. The first input byte picks the
 * decoder; with its high bit set the checksums are recomputed first, so the
 * fuzzer reaches the checks behind them. */
#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "range/range.h"
#include "range/range_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define N_CFS 4

static void fuzz_entry(const uint8_t *p, size_t n)
{
    struct err err = {0};
    struct rng__slice *slices = NULL;
    uint32_t ns = 0;
    if (rng__entry_split(p, n, &slices, &ns, &err) != 0)
        return;
    for (uint32_t i = 0; i < ns; i++) {
        uint32_t count = 0;
        if (rng__batch_check(slices[i].p, slices[i].len, 7, N_CFS, &count, &err) != 0)
            continue;
        struct rng__op_iter it;
        struct rng__op op;
        uint32_t seen = 0;
        rng__op_iter_init(&it, slices[i].p, slices[i].len);
        while (rng__op_iter_next(&it, &op)) {
            if (op.cf >= N_CFS)
                abort(); /* a checked batch never names an unknown CF */
            seen++;
        }
        if (seen != count)
            abort();
    }
    free(slices);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Recompute the checksums of an entry (group or batch), a descriptor or a
 * snapshot in place; group entries get each inner batch fixed too. */
static void fix_crc(int kind, uint8_t *p, size_t n)
{
    if (kind == 0) {
        if (n >= 16 && memcmp(p, "SFRG", 4) == 0) {
            size_t off = 16;
            while (off + 4 <= n) {
                uint32_t len = (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
                               (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
                off += 4;
                if (len > n - off)
                    break;
                if (len >= 24)
                    put_le32(p + off + 20, crc32c(0, p + off + 24, len - 24));
                off += len;
            }
            put_le32(p + 12, crc32c(0, p + 16, n - 16));
        } else if (n >= 24) {
            put_le32(p + 20, crc32c(0, p + 24, n - 24));
        }
    } else if ((kind == 1 || kind == 4) && n >= 4) {
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
        fix_crc(data[0] % 5, copy, n);
    const uint8_t *p = copy;
    switch (data[0] % 5) {
    case 0:
        fuzz_entry(p, n);
        break;
    case 1: {
        struct rng_desc d;
        memset(&d, 0, sizeof(d));
        if (rng__desc_decode(p, n, &d, &err) == 0)
            rng_desc_free(&d);
        break;
    }
    case 2: {
        uint64_t idx;
        (void)rng__applied_decode(p, n, &idx, &err);
        break;
    }
    case 3: {
        uint64_t range_id, src, dst;
        char addr[256];
        (void)rng__hs_decode(p, n, &range_id, &src, &dst, addr, sizeof(addr), &err);
        break;
    }
    case 4: {
        /* A snapshot of range 7 spanning ["\x02", +inf). */
        struct rng_desc span;
        unsigned char start = 0x02;
        memset(&span, 0, sizeof(span));
        span.range_id = 7;
        span.start = &start;
        span.start_len = 1;
        span.end_inf = true;
        uint64_t idx;
        (void)rng__snap_check(p, n, 7, N_CFS, &span, &idx, &err);
        break;
    }
    }
    xfree(copy);
    return 0;
}
