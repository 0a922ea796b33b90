/* keys.c — physical keys: the prefix-free escaped form of logical keys.
 *
 * esc(k) writes every 0x00 of k as 0x00 0xFF and ends with 0x00 0x01. Two
 * escaped keys compare as their logical keys do: where the logical keys
 * first differ, an escaped 0x00 (0x00 0xFF) still sorts below any other
 * byte, and where one logical key ends its terminator (0x00 0x01) sorts
 * below whatever the longer key continues with (0x00 0xFF or a byte >= 1).
 * No escaped key is a prefix of another, so a key's versions (esc(k) + 8
 * bytes) sort together, between esc(k) and kv__key_esc_end(esc(k)).
 */
#include "kv/kv_int.h"

#include "common/err.h"
#include "common/str.h"

#include <string.h>

void kv__key_esc(struct sbuf *b, const void *k, size_t n)
{
    const unsigned char *p = k;
    size_t start = 0;
    sbuf_reserve(b, n + 2);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0x00) {
            sbuf_append(b, p + start, i - start + 1);
            sbuf_putc(b, (char)0xFF);
            start = i + 1;
        }
    }
    sbuf_append(b, p + start, n - start);
    sbuf_append(b, "\x00\x01", 2);
}

int kv__key_unesc(const void *p, size_t n, size_t *esc_len, struct sbuf *out, struct err *err)
{
    const unsigned char *s = p;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != 0x00)
            continue;
        if (i + 1 >= n)
            break;
        if (s[i + 1] == 0x01) {
            if (out != NULL)
                sbuf_append(out, s + start, i - start);
            *esc_len = i + 2;
            return 0;
        }
        if (s[i + 1] != 0xFF)
            return err_set(err, ERR_CORRUPT, "kv key: bad escape 0x00 0x%02x at offset %zu",
                           s[i + 1], i);
        if (out != NULL)
            sbuf_append(out, s + start, i - start + 1);
        i++;
        start = i + 1;
    }
    return err_set(err, ERR_CORRUPT, "kv key: no terminator in %zu bytes", n);
}

void kv__ts_put_at(unsigned char *p, uint64_t ts)
{
    uint64_t v = ~ts;
    for (int i = 0; i < KV__TS_LEN; i++)
        p[i] = (unsigned char)(v >> (56 - 8 * i));
}

void kv__key_put_ts(struct sbuf *b, uint64_t ts)
{
    uint64_t v = ~ts;
    unsigned char be[KV__TS_LEN];
    for (int i = 0; i < KV__TS_LEN; i++)
        be[i] = (unsigned char)(v >> (56 - 8 * i));
    sbuf_append(b, be, sizeof be);
}

uint64_t kv__key_get_ts(const void *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p + n - KV__TS_LEN;
    uint64_t v = 0;
    for (int i = 0; i < KV__TS_LEN; i++)
        v = v << 8 | s[i];
    return ~v;
}

void kv__key_esc_end(struct sbuf *b, const void *esc, size_t n)
{
    sbuf_append(b, esc, n - 1);
    sbuf_putc(b, 0x02);
}

int kv__key_cmp(const void *a, size_t alen, const void *b, size_t blen)
{
    size_t m = alen < blen ? alen : blen;
    int c = m ? memcmp(a, b, m) : 0;
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int kv__key_check(const void *k, size_t n, struct err *err)
{
    const unsigned char *p = k;
    if (n == 0 || k == NULL)
        return err_set(err, ERR_INVAL, "kv: empty key");
    if (n > KV_MAX_KEY_LEN)
        return err_set(err, ERR_LIMIT, "kv: key of %zu bytes exceeds the maximum %u", n,
                       KV_MAX_KEY_LEN);
    if (p[0] == 0x00)
        return err_set(err, ERR_INVAL, "kv: keys starting with 0x00 are reserved");
    if (n >= 2 && p[0] == 0x01 && p[1] == 'm')
        return err_set(err, ERR_INVAL, "kv: key in the range layer's reserved meta space");
    return 0;
}
