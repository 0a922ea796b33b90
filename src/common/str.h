/* str.h — a growable string buffer and small string helpers.
 *
 * struct sbuf is always NUL-terminated after sbuf_init. Memory comes from the
 * aborting allocator (mem.h); sbuf_free releases it. Bytes may include NULs:
 * len is authoritative.
 */
#ifndef SF_COMMON_STR_H
#define SF_COMMON_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbuf {
    char *data; /* caller owns after sbuf_detach; else owned by the sbuf */
    size_t len;
    size_t cap;
};

void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
void sbuf_reset(struct sbuf *b); /* len = 0, keeps the memory */
void sbuf_reserve(struct sbuf *b, size_t extra);
void sbuf_append(struct sbuf *b, const void *p, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putc(struct sbuf *b, char c);
/* v in decimal, as printf's %" PRId64 " (without its cost). */
void sbuf_put_i64(struct sbuf *b, int64_t v);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Append s as a JSON string literal (with quotes and escapes). */
void sbuf_json_str(struct sbuf *b, const char *s);
/* Take the buffer (caller owns, free with xfree); b is left empty. */
char *sbuf_detach(struct sbuf *b);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t str_edit_distance(const char *a, const char *b);
/* The candidate closest to word within max_dist edits (ties: first), or NULL. */
const char *str_closest(const char *word, const char *const *candidates, size_t n, size_t max_dist);
bool str_has_prefix(const char *s, const char *prefix);
/* PostgreSQL's clean_encoding_name: s's letters and digits, lower case,
 * into out (cap bytes, truncated): "'UTF-8'" and "utf8" give "utf8". */
void str_encoding_key(const char *s, char *out, size_t cap);

/* Split "host:port" (or "[v6]:port"). host (cap hostcap) gets the host part.
 * Returns 0, or ERR_INVAL when the form or port (1..65535) is wrong. */
int str_parse_hostport(const char *s, char *host, size_t hostcap, int *port);

#endif
