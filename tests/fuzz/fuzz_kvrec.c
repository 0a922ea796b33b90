/* fuzz_kvrec.c — the transaction layer's record decoders (lock, write, data
 * and TSO records read back from the engine): an error or a valid record,
 * never a crash or over-read; a decoded record re-encodes to the same bytes.
 * The first input byte picks the decoder. */
#include "common/err.h"
#include "common/str.h"
#include "kv/kv_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err err = {0};
    if (size < 1)
        return 0;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
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
    return 0;
}
