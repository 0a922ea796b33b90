/* fuzz_keydecode.c — libFuzzer target for the key decoder (kv/keyenc.h).
 *
 * Arbitrary bytes are decoded value by value, in the direction the caller
 * names (both are tried) and in whichever direction each value has, then
 * printed. Properties checked, beyond "no crash, no out-of-bounds read":
 *  - a decode either succeeds or returns ERR_CORRUPT with a message;
 *  - kv_key_skip agrees with kv_key_decode_next on success and length;
 *  - what decodes is canonical: re-encoding it gives back the same bytes;
 *  - kv_key_prefix_end, when it exists, is greater than the input and every
 *    extension of it.
 * libFuzzer hands over an exact-size buffer, so ASan sees any overread.
 */
#include "kv/keyenc.h"

#include "common/err.h"
#include "common/str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what, const uint8_t *p, size_t n)
{
    fprintf(stderr, "fuzz_keydecode: %s:", what);
    for (size_t i = 0; i < n && i < 64; i++)
        fprintf(stderr, " %02x", p[i]);
    fprintf(stderr, "\n");
    abort();
}

static int lexcmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    size_t m = an < bn ? an : bn;
    int c = m ? memcmp(a, b, m) : 0;
    if (c != 0)
        return c;
    return an < bn ? -1 : an > bn;
}

/* Decode p[0..n) with kv_key_decode_next(dir) where fixed, else in each
 * value's own direction; returns bytes decoded. */
static size_t walk(const uint8_t *p, size_t n, int fixed_dir, struct kv_key_value *v,
                   struct sbuf *scratch)
{
    size_t off = 0;
    while (off < n) {
        struct err e = {0};
        size_t used = 0, skipped = 0;
        int rc;
        if (fixed_dir >= 0) {
            rc = kv_key_decode_next(p + off, n - off, (enum kv_key_dir)fixed_dir, v, &used, &e);
        } else {
            rc = kv_key_decode_next(p + off, n - off, KV_KEY_ASC, v, &used, &e);
            if (rc < 0)
                rc = kv_key_decode_next(p + off, n - off, KV_KEY_DESC, v, &used, &e);
        }
        int rs = kv_key_skip(p + off, n - off, &skipped, NULL);
        if (rc < 0) {
            if (rc != ERR_CORRUPT || e.code != ERR_CORRUPT || e.msg[0] == '\0')
                fail("decode failed without ERR_CORRUPT", p + off, n - off);
            if (fixed_dir < 0 && rs == 0)
                fail("skip accepts what decode refuses", p + off, n - off);
            break;
        }
        if (used == 0 || used > n - off)
            fail("bad consumed length", p + off, n - off);
        if (rs != 0 || skipped != used)
            fail("skip disagrees with decode", p + off, n - off);
        if (fixed_dir >= 0 && v->dir != (enum kv_key_dir)fixed_dir)
            fail("wrong direction", p + off, used);
        sbuf_reset(scratch);
        if (kv_key_put_value(scratch, v, &e) != 0)
            fail("decoded value does not re-encode", p + off, used);
        if (scratch->len != used || memcmp(scratch->data, p + off, used) != 0)
            fail("decoded value is not canonical", p + off, used);
        off += used;
    }
    return off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kv_key_value v = {0};
    struct sbuf scratch = {0}, out = {0};

    size_t any = walk(data, size, -1, &v, &scratch);
    walk(data, size, KV_KEY_ASC, &v, &scratch);
    walk(data, size, KV_KEY_DESC, &v, &scratch);

    int rc = kv_key_format(data, size, &out);
    if ((rc == 0) != (any == size) || (size > 0 && out.len == 0))
        fail("format disagrees with decode", data, size);

    sbuf_reset(&out);
    if (kv_key_prefix_end(data, size, &out)) {
        if (lexcmp((const uint8_t *)out.data, out.len, data, size) <= 0)
            fail("prefix end not above the prefix", data, size);
        uint8_t ext[1] = {0xFF};
        sbuf_reset(&scratch);
        sbuf_append(&scratch, data, size);
        sbuf_append(&scratch, ext, 1);
        if (lexcmp((const uint8_t *)out.data, out.len, (const uint8_t *)scratch.data,
                   scratch.len) <= 0)
            fail("prefix end not above an extension", data, size);
    }

    kv_key_value_free(&v);
    sbuf_free(&scratch);
    sbuf_free(&out);
    return 0;
}
