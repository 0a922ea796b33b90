/* str.c — growable string buffer and string helpers (see str.h). */
#include "common/str.h"

#include "common/err.h"
#include "common/mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sbuf_init(struct sbuf *b)
{
    b->cap = 64;
    b->len = 0;
    b->data = xmalloc(b->cap);
    b->data[0] = '\0';
}

void sbuf_free(struct sbuf *b)
{
    xfree(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sbuf_reset(struct sbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sbuf_reserve(struct sbuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (b->data == NULL)
        sbuf_init(b);
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void sbuf_append(struct sbuf *b, const void *p, size_t n)
{
    sbuf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sbuf_puts(struct sbuf *b, const char *s)
{
    sbuf_append(b, s, strlen(s));
}

void sbuf_putc(struct sbuf *b, char c)
{
    sbuf_append(b, &c, 1);
}

/* Format into the free room first; only output longer than it is formatted
 * a second time, after growing. */
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
    if (b->data == NULL)
        sbuf_init(b);
    size_t room = b->cap - b->len; /* includes the NUL's byte */
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        sbuf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void sbuf_put_i64(struct sbuf *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--p = '-';
    sbuf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void sbuf_json_str(struct sbuf *b, const char *s)
{
    sbuf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            sbuf_puts(b, "\\\"");
            break;
        case '\\':
            sbuf_puts(b, "\\\\");
            break;
        case '\n':
            sbuf_puts(b, "\\n");
            break;
        case '\r':
            sbuf_puts(b, "\\r");
            break;
        case '\t':
            sbuf_puts(b, "\\t");
            break;
        default:
            if (*p < 0x20)
                sbuf_printf(b, "\\u%04x", *p);
            else
                sbuf_putc(b, (char)*p);
        }
    }
    sbuf_putc(b, '"');
}

char *sbuf_detach(struct sbuf *b)
{
    char *p = b->data;
    if (p == NULL)
        p = xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

size_t str_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xmalloc((lb + 1) * sizeof(*row));
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    size_t d = row[lb];
    xfree(row);
    return d;
}

const char *str_closest(const char *word, const char *const *candidates, size_t n, size_t max_dist)
{
    const char *best = NULL;
    size_t best_d = 0; /* not max_dist + 1: that wraps for SIZE_MAX ("no limit") */
    for (size_t i = 0; i < n; i++) {
        size_t d = str_edit_distance(word, candidates[i]);
        if (d <= max_dist && (best == NULL || d < best_d)) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

bool str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int str_parse_hostport(const char *s, char *host, size_t hostcap, int *port)
{
    const char *colon;
    size_t hlen;

    if (s == NULL || *s == '\0')
        return ERR_INVAL;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || close[1] != ':')
            return ERR_INVAL;
        hlen = (size_t)(close - s - 1);
        s++;
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL || strchr(s, ':') != colon)
            return ERR_INVAL;
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || hlen >= hostcap)
        return ERR_INVAL;
    const char *ps = colon + 1;
    if (*ps == '\0' || strlen(ps) > 5)
        return ERR_INVAL;
    long v = 0;
    for (const char *q = ps; *q; q++) {
        if (*q < '0' || *q > '9')
            return ERR_INVAL;
        v = v * 10 + (*q - '0');
    }
    if (v < 1 || v > 65535)
        return ERR_INVAL;
    memcpy(host, s, hlen);
    host[hlen] = '\0';
    *port = (int)v;
    return 0;
}

void str_encoding_key(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        if (isalnum((unsigned char)*s))
            out[n++] = (char)tolower((unsigned char)*s);
    if (cap > 0)
        out[n] = '\0';
}
