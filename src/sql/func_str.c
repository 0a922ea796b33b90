/* func_str.c — string functions and operators on text, varchar, bpchar,
 * name and bytea (varlena.c, oracle_compat.c, like.c, regexp.c of
 * PostgreSQL 15).
 *
 * Text is UTF-8; lengths and positions count characters. Case mapping
 * (lower, upper, initcap, ILIKE, ~*) is ASCII-only, as PostgreSQL's with the
 * C collation, which is the only one this build has. LIKE and regular
 * expressions are in func_like.c.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/env.h"
#include "sql/array.h"
#include "sql/deparse.h"
#include "sql/func_int.h"

#include <ctype.h>
#include <locale.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* ---- small helpers ---- */

static const char *sp(const struct sql_value *v)
{
    return v->u.s.p ? v->u.s.p : "";
}

/* Bytes of v without bpchar's trailing blanks. */
static size_t bp_len(const struct sql_value *v)
{
    size_t n = v->u.s.len;
    if (v->type == SQL_T_BPCHAR)
        while (n > 0 && sp(v)[n - 1] == ' ')
            n--;
    return n;
}

static int ret_int4(int64_t v, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INT4;
    out->u.i = v;
    return 0;
}

static int ret_bool(bool b, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_BOOL;
    out->u.b = b;
    return 0;
}

static int too_large(struct err *e)
{
    return err_set_state(e, ERR_LIMIT, "54000", "requested length too large");
}

/* Allocate a result buffer of n bytes (+1 for a NUL) in ctx, or 54000. */
static char *alloc_result(struct sql_fcall *c, size_t n, struct err *e)
{
    if (n > SQL_MAX_ALLOC) {
        too_large(e);
        return NULL;
    }
    char *p = mem_try_alloc(c->ctx, n + 1);
    if (!p)
        err_set_state(e, ERR_NOMEM, "53200", "out of memory");
    return p;
}

/* Output a result built in p[0..n) (already in c->ctx). */
static int ret_buf(struct sql_fcall *c, char *p, size_t n, struct sql_value *out)
{
    uint32_t t = sql__fn_ret(c);
    p[n] = '\0';
    memset(out, 0, sizeof(*out));
    out->type = t == SQL_T_BYTEA || t == SQL_T_NAME ? t : SQL_T_TEXT;
    out->u.s.p = p;
    out->u.s.len = n;
    return 0;
}

/* Byte offset of character k (0-based) in p[0..len), or len. */
static size_t char_off(const char *p, size_t len, int64_t k)
{
    size_t i = 0;
    while (k > 0 && i < len) {
        i += (size_t)sql__utf8_clen(p + i, len - i);
        k--;
    }
    return i;
}

static char lower_ascii(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
}

static char upper_ascii(char ch)
{
    return ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch;
}

/* ---- lengths ---- */

int sql__fn_textlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return ret_int4((int64_t)sql__utf8_len(sp(&a[0]), a[0].u.s.len), out);
}

int sql__fn_bpcharlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    return ret_int4((int64_t)sql__utf8_len(sp(&a[0]), bp_len(&a[0])), out);
}

int sql__fn_octetlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    return ret_int4((int64_t)a[0].u.s.len, out);
}

int sql__fn_bitlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return ret_int4((int64_t)a[0].u.s.len * 8, out);
}

/* ---- case ---- */

/* Case mapping as PostgreSQL's with a C.UTF-8 LC_CTYPE: towlower/towupper
 * per code point (ASCII-only when that locale is missing). */
static locale_t utf8_loc;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_loc_init(void)
{
    utf8_loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Decode the character at s[0..len): its code point and byte length, or
 * -1 for a malformed sequence (then *l is 1). */
static int32_t utf8_decode(const char *s, size_t len, int *l)
{
    const unsigned char *u = (const unsigned char *)s;
    int n = sql__utf8_clen(s, len);
    *l = n;
    if (n == 1)
        return u[0] < 0x80 ? u[0] : -1;
    int32_t cp = u[0] & (0xFF >> (n + 1));
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *l = 1;
            return -1;
        }
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    return cp;
}

static size_t utf8_encode(uint32_t cp, char *buf)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* mode 0 lower, 1 upper, 2 initcap. Result in ctx as *out / *outlen. */
void sql__case_map(struct mem_ctx *ctx, const char *s, size_t len, int mode, char **out,
                   size_t *outlen)
{
    pthread_once(&utf8_once, utf8_loc_init);
    char *d = mem_alloc(ctx, len * 2 + 1); /* a mapping grows a character by at most 1 byte */
    size_t o = 0;
    bool wasalnum = false;
    for (size_t i = 0; i < len;) {
        int l;
        int32_t cp = utf8_decode(s + i, len - i, &l);
        if (cp < 0 || !utf8_loc) {
            char ch = s[i];
            bool up = mode == 1 || (mode == 2 && !wasalnum);
            if (cp >= 0)
                ch = up ? upper_ascii(ch) : lower_ascii(ch);
            d[o++] = ch;
            wasalnum = cp >= 0 && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                                   (ch >= '0' && ch <= '9'));
            i += (size_t)l;
            continue;
        }
        bool up = mode == 1 || (mode == 2 && !wasalnum);
        wint_t m = up ? towupper_l((wint_t)cp, utf8_loc) : towlower_l((wint_t)cp, utf8_loc);
        if (mode == 2)
            wasalnum = iswalnum_l((wint_t)cp, utf8_loc) != 0;
        size_t w = utf8_encode((uint32_t)m, d + o);
        if (w > (size_t)l + 1) { /* never expected; keep the original */
            memcpy(d + o, s + i, (size_t)l);
            w = (size_t)l;
        }
        o += w;
        i += (size_t)l;
    }
    d[o] = '\0';
    *out = d;
    *outlen = o;
}

static int map_case(struct sql_fcall *c, const struct sql_value *v, int mode, struct sql_value *out,
                    struct err *e)
{
    if (v->u.s.len > SQL_MAX_ALLOC / 2)
        return too_large(e);
    char *d;
    size_t n;
    sql__case_map(c->ctx, sp(v), v->u.s.len, mode, &d, &n);
    return ret_buf(c, d, n, out);
}

int sql__fn_lower(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return map_case(c, &a[0], 0, out, e);
}

int sql__fn_upper(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return map_case(c, &a[0], 1, out, e);
}

int sql__fn_initcap(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return map_case(c, &a[0], 2, out, e);
}

/* ---- substrings ---- */

/* text_substring's window: characters [*from, *from + *cnt) of a string of
 * nchars characters, from start s (1-based) and length l (< 0: to the end
 * when !has_len). */
static int substr_window(int64_t s, int64_t l, bool has_len, int64_t nchars, int64_t *from,
                         int64_t *cnt, struct err *e)
{
    int64_t s1 = s < 1 ? 1 : s;
    if (!has_len) {
        *from = s1 - 1;
        *cnt = nchars - *from;
    } else {
        if (l < 0)
            return err_set_state(e, ERR_INVAL, "22011", "negative substring length not allowed");
        int64_t end = s + l; /* |s|, |l| < 2^31: no overflow in int64 */
        if (end < s1) {
            *from = 0;
            *cnt = 0;
            return 0;
        }
        *from = s1 - 1;
        *cnt = end - s1;
    }
    if (*from > nchars)
        *from = nchars;
    if (*cnt > nchars - *from)
        *cnt = nchars - *from;
    if (*cnt < 0)
        *cnt = 0;
    return 0;
}

static int substr_common(struct sql_fcall *c, const struct sql_value *a, int n, bool bytes,
                         struct sql_value *out, struct err *e)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    int64_t nchars = bytes ? (int64_t)len : (int64_t)sql__utf8_len(s, len);
    int64_t from = 0, cnt = 0;
    int rc = substr_window(a[1].u.i, n > 2 ? a[2].u.i : -1, n > 2, nchars, &from, &cnt, e);
    if (rc < 0)
        return rc;
    size_t b0 = bytes ? (size_t)from : char_off(s, len, from);
    size_t b1 = bytes ? (size_t)(from + cnt) : b0 + char_off(s + b0, len - b0, cnt);
    sql__fn_text_out(c, s + b0, b1 - b0, out);
    return 0;
}

int sql__fn_substr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return substr_common(c, a, n, false, out, e);
}

int sql__fn_bytea_substr(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    return substr_common(c, a, n, true, out, e);
}

int sql__fn_left(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    int64_t k = a[1].u.i;
    if (k < 0)
        k = (int64_t)sql__utf8_len(s, len) + k;
    size_t b = k <= 0 ? 0 : char_off(s, len, k);
    sql__fn_text_out(c, s, b, out);
    return 0;
}

int sql__fn_right(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    int64_t nch = (int64_t)sql__utf8_len(s, len);
    int64_t k = a[1].u.i;
    int64_t skip = k < 0 ? -k : nch - k;
    if (skip < 0)
        skip = 0;
    size_t b = char_off(s, len, skip);
    sql__fn_text_out(c, s + b, len - b, out);
    return 0;
}

/* Byte offset of the first occurrence of needle in hay, or -1. */
static int64_t find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return 0;
    if (nlen > hlen)
        return -1;
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
            return (int64_t)i;
    return -1;
}

int sql__fn_textpos(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    int64_t off = find(sp(&a[0]), a[0].u.s.len, sp(&a[1]), a[1].u.s.len);
    if (off < 0)
        return ret_int4(0, out);
    if (a[0].type == SQL_T_BYTEA)
        return ret_int4(off + 1, out);
    return ret_int4((int64_t)sql__utf8_len(sp(&a[0]), (size_t)off) + 1, out);
}

int sql__fn_starts_with(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    return ret_bool(a[1].u.s.len <= a[0].u.s.len && memcmp(sp(&a[0]), sp(&a[1]), a[1].u.s.len) == 0,
                    out);
}

/* ---- trimming ---- */

/* Is the character at s[0..clen) one of set's characters? */
static bool in_set(const char *s, int clen, const char *set, size_t slen, bool bytes)
{
    for (size_t i = 0; i < slen;) {
        int l = bytes ? 1 : sql__utf8_clen(set + i, slen - i);
        if (l == clen && memcmp(set + i, s, (size_t)clen) == 0)
            return true;
        i += (size_t)l;
    }
    return false;
}

static int trim(struct sql_fcall *c, const struct sql_value *a, int n, bool left, bool right,
                bool bytes, struct sql_value *out)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    const char *set = n > 1 ? sp(&a[1]) : " ";
    size_t slen = n > 1 ? a[1].u.s.len : 1;
    size_t b = 0;
    size_t end = len;
    if (left) {
        while (b < end) {
            int l = bytes ? 1 : sql__utf8_clen(s + b, end - b);
            if (!in_set(s + b, l, set, slen, bytes))
                break;
            b += (size_t)l;
        }
    }
    if (right) {
        while (end > b) {
            /* Step back one character. */
            size_t k = end - 1;
            if (!bytes)
                while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
                    k--;
            if (!in_set(s + k, (int)(end - k), set, slen, bytes))
                break;
            end = k;
        }
    }
    sql__fn_text_out(c, s + b, end - b, out);
    return 0;
}

int sql__fn_btrim(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trim(c, a, n, true, true, false, out);
}

int sql__fn_ltrim(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trim(c, a, n, true, false, false, out);
}

int sql__fn_rtrim(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return trim(c, a, n, false, true, false, out);
}

int sql__fn_bytea_btrim(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    return trim(c, a, n, true, true, true, out);
}

int sql__fn_bytea_ltrim(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    return trim(c, a, n, true, false, true, out);
}

int sql__fn_bytea_rtrim(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    return trim(c, a, n, false, true, true, out);
}

/* ---- building strings ---- */

int sql__fn_textcat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    size_t l0 = a[0].u.s.len, l1 = a[1].u.s.len;
    char *d = alloc_result(c, l0 + l1, e);
    if (!d)
        return e ? e->code : ERR_NOMEM;
    memcpy(d, sp(&a[0]), l0);
    memcpy(d + l0, sp(&a[1]), l1);
    return ret_buf(c, d, l0 + l1, out);
}

/* text || anynonarray and anynonarray || text: the other side as text. */
static int cat_any(struct sql_fcall *c, const struct sql_value *a, int anyside,
                   struct sql_value *out, struct err *e)
{
    /* PostgreSQL casts the other side to text (bool gives 'true', not 't'). */
    struct sql_value v[2] = {a[0], a[1]};
    int rc = 0;
    if (a[anyside].type == SQL_T_TEXT || a[anyside].type == SQL_T_VARCHAR ||
        a[anyside].type == SQL_T_NAME || a[anyside].type == SQL_T_UNKNOWN)
        v[anyside].type = SQL_T_TEXT;
    else
        rc = sql_value_cast(c->ctx, &a[anyside], SQL_T_TEXT, -1, true, sql__fn_fmt(c), &v[anyside],
                            e);
    if (rc < 0)
        return rc;
    return sql__fn_textcat(c, v, 2, out, e);
}

int sql__fn_textanycat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    return cat_any(c, a, 1, out, e);
}

int sql__fn_anytextcat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    return cat_any(c, a, 0, out, e);
}

static int concat_common(struct sql_fcall *c, const struct sql_value *a, int n, int first,
                         const char *sep, size_t seplen, struct sql_value *out, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    bool any = false;
    int rc = 0;
    for (int i = first; i < n && rc == 0; i++) {
        if (a[i].null)
            continue;
        if (any && seplen)
            sbuf_append(&b, sep, seplen);
        any = true;
        const char *s;
        rc = sql__fn_cstring(c, &a[i], &s, e);
        if (rc == 0)
            sbuf_puts(&b, s);
        if (b.len > SQL_MAX_ALLOC)
            rc = too_large(e);
    }
    if (rc == 0)
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return rc;
}

int sql__fn_concat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return concat_common(c, a, n, 0, "", 0, out, e);
}

int sql__fn_concat_ws(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    if (a[0].null) {
        memset(out, 0, sizeof(*out));
        out->type = SQL_T_TEXT;
        out->null = true;
        return 0;
    }
    return concat_common(c, a, n, 1, sp(&a[0]), a[0].u.s.len, out, e);
}

int sql__fn_replace(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    const char *s = sp(&a[0]), *from = sp(&a[1]), *to = sp(&a[2]);
    size_t len = a[0].u.s.len, flen = a[1].u.s.len, tlen = a[2].u.s.len;
    if (flen == 0 || len == 0) {
        sql__fn_text_out(c, s, len, out);
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    size_t i = 0;
    int rc = 0;
    while (i < len) {
        int64_t k = find(s + i, len - i, from, flen);
        if (k < 0)
            break;
        sbuf_append(&b, s + i, (size_t)k);
        sbuf_append(&b, to, tlen);
        i += (size_t)k + flen;
        if (b.len > SQL_MAX_ALLOC) {
            rc = too_large(e);
            break;
        }
    }
    if (rc == 0) {
        sbuf_append(&b, s + i, len - i);
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    }
    sbuf_free(&b);
    return rc;
}

static int pad(struct sql_fcall *c, const struct sql_value *a, int n, bool left,
               struct sql_value *out, struct err *e)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    int64_t want = a[1].u.i < 0 ? 0 : a[1].u.i;
    const char *fill = n > 2 ? sp(&a[2]) : " ";
    size_t flen = n > 2 ? a[2].u.s.len : 1;
    int64_t have = (int64_t)sql__utf8_len(s, len);
    if (have >= want || flen == 0) {
        /* Truncate to want characters. */
        sql__fn_text_out(c, s, char_off(s, len, want < have ? want : have), out);
        return 0;
    }
    int64_t padn = want - have;
    if ((uint64_t)padn * 4 + len > SQL_MAX_ALLOC)
        return too_large(e);
    struct sbuf b;
    sbuf_init(&b);
    if (!left)
        sbuf_append(&b, s, len);
    size_t fi = 0;
    for (int64_t k = 0; k < padn; k++) {
        int l = sql__utf8_clen(fill + fi, flen - fi);
        sbuf_append(&b, fill + fi, (size_t)l);
        fi += (size_t)l;
        if (fi >= flen)
            fi = 0;
    }
    if (left)
        sbuf_append(&b, s, len);
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

int sql__fn_lpad(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return pad(c, a, n, true, out, e);
}

int sql__fn_rpad(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return pad(c, a, n, false, out, e);
}

int sql__fn_repeat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    size_t len = a[0].u.s.len;
    int64_t k = a[1].u.i < 0 ? 0 : a[1].u.i;
    if (len > 0 && (uint64_t)k > SQL_MAX_ALLOC / len)
        return too_large(e);
    size_t total = len * (size_t)k;
    char *d = alloc_result(c, total, e);
    if (!d)
        return e ? e->code : ERR_NOMEM;
    for (int64_t i = 0; i < k; i++)
        memcpy(d + (size_t)i * len, sp(&a[0]), len);
    return ret_buf(c, d, total, out);
}

int sql__fn_reverse(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    char *d = alloc_result(c, len, e);
    if (!d)
        return e ? e->code : ERR_NOMEM;
    for (size_t i = 0; i < len;) {
        int l = sql__utf8_clen(s + i, len - i);
        memcpy(d + len - i - (size_t)l, s + i, (size_t)l);
        i += (size_t)l;
    }
    return ret_buf(c, d, len, out);
}

int sql__fn_split_part(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    const char *s = sp(&a[0]), *d = sp(&a[1]);
    size_t len = a[0].u.s.len, dlen = a[1].u.s.len;
    int64_t fld = a[2].u.i;
    if (fld == 0)
        return err_set_state(e, ERR_INVAL, "22023", "field position must not be zero");
    if (len == 0 || dlen == 0) {
        bool whole = len > 0 && (fld == 1 || fld == -1);
        sql__fn_text_out(c, s, whole ? len : 0, out);
        return 0;
    }
    /* Field boundaries: count fields first when fld is negative. */
    int64_t nfields = 1;
    for (size_t i = 0; i < len;) {
        int64_t k = find(s + i, len - i, d, dlen);
        if (k < 0)
            break;
        nfields++;
        i += (size_t)k + dlen;
    }
    if (fld < 0)
        fld = nfields + fld + 1;
    if (fld < 1 || fld > nfields) {
        sql__fn_text_out(c, "", 0, out);
        return 0;
    }
    size_t start = 0;
    for (int64_t f = 1; f < fld; f++)
        start += (size_t)find(s + start, len - start, d, dlen) + dlen;
    int64_t k = find(s + start, len - start, d, dlen);
    size_t end = k < 0 ? len : start + (size_t)k;
    sql__fn_text_out(c, s + start, end - start, out);
    return 0;
}

int sql__fn_translate(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    const char *s = sp(&a[0]), *from = sp(&a[1]), *to = sp(&a[2]);
    size_t len = a[0].u.s.len, flen = a[1].u.s.len, tlen = a[2].u.s.len;
    struct sbuf b;
    sbuf_init(&b);
    for (size_t i = 0; i < len;) {
        int l = sql__utf8_clen(s + i, len - i);
        /* Position of this character in from (first occurrence). */
        int64_t pos = -1, k = 0;
        for (size_t j = 0; j < flen; k++) {
            int fl = sql__utf8_clen(from + j, flen - j);
            if (fl == l && memcmp(from + j, s + i, (size_t)l) == 0) {
                pos = k;
                break;
            }
            j += (size_t)fl;
        }
        if (pos < 0) {
            sbuf_append(&b, s + i, (size_t)l);
        } else {
            size_t toff = char_off(to, tlen, pos);
            if (toff < tlen)
                sbuf_append(&b, to + toff, (size_t)sql__utf8_clen(to + toff, tlen - toff));
        }
        i += (size_t)l;
    }
    sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return 0;
}

int sql__fn_overlay(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    /* overlay(t1 placing t2 from sp for sl) = substr(t1, 1, sp - 1) || t2 ||
     * substr(t1, sp + sl); bytea counts bytes (byteaoverlay) */
    bool bytes = a[0].type == SQL_T_BYTEA;
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    int64_t start = a[2].u.i;
    int64_t cnt = n > 3   ? a[3].u.i
                  : bytes ? (int64_t)a[1].u.s.len
                          : (int64_t)sql__utf8_len(sp(&a[1]), a[1].u.s.len);
    if (start <= 0)
        return err_set_state(e, ERR_INVAL, "22011", "negative substring length not allowed");
    int64_t nchars = bytes ? (int64_t)len : (int64_t)sql__utf8_len(s, len);
    int64_t from = 0, k = 0;
    int rc = substr_window(1, start - 1, true, nchars, &from, &k, e);
    if (rc < 0)
        return rc;
    size_t head = bytes ? (size_t)k : char_off(s, len, k);
    int64_t tail_start = start + cnt;
    int64_t f2 = 0, k2 = 0;
    substr_window(tail_start, -1, false, nchars, &f2, &k2, e);
    size_t tail = bytes ? (size_t)f2 : char_off(s, len, f2);
    struct sbuf b;
    sbuf_init(&b);
    sbuf_append(&b, s, head);
    sbuf_append(&b, sp(&a[1]), a[1].u.s.len);
    sbuf_append(&b, s + tail, len - tail);
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

/* ---- characters and codes ---- */

int sql__fn_ascii(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    const unsigned char *s = (const unsigned char *)sp(&a[0]);
    size_t len = a[0].u.s.len;
    if (len == 0)
        return ret_int4(0, out);
    int l = sql__utf8_clen((const char *)s, len);
    uint32_t cp = l == 1 ? s[0] : (uint32_t)(s[0] & (0xFF >> (l + 1)));
    for (int i = 1; i < l; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    return ret_int4(cp, out);
}

int sql__fn_chr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    int64_t cp = a[0].u.i;
    if (cp < 0)
        return err_set_state(e, ERR_INVAL, "22023", "character number must be positive");
    if (cp == 0)
        return err_set_state(e, ERR_LIMIT, "54000", "null character not permitted");
    if (cp > 0x10FFFF)
        return err_set_state(e, ERR_LIMIT, "54000",
                             "requested character too large for encoding: %d", (int)cp);
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return err_set_state(e, ERR_LIMIT, "54000",
                             "requested character not valid for encoding: %d", (int)cp);
    char buf[4];
    size_t l;
    if (cp < 0x80) {
        buf[0] = (char)cp;
        l = 1;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        l = 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        l = 3;
    } else {
        buf[0] = (char)(0xF0 | (cp >> 18));
        buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (cp & 0x3F));
        l = 4;
    }
    sql__fn_text_out(c, buf, l, out);
    return 0;
}

int sql__fn_to_hex(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    char buf[32];
    /* to_hex(integer) shows the 32-bit two's complement (-1 is ffffffff). */
    uint64_t v = a[0].type == SQL_T_INT8 ? (uint64_t)a[0].u.i : (uint32_t)a[0].u.i;
    int l = snprintf(buf, sizeof(buf), "%llx", (unsigned long long)v);
    sql__fn_text_out(c, buf, (size_t)l, out);
    return 0;
}

static void hex_out(struct sql_fcall *c, const unsigned char *d, size_t n, struct sql_value *out)
{
    static const char hx[] = "0123456789abcdef";
    char buf[2 * EVP_MAX_MD_SIZE];
    for (size_t i = 0; i < n; i++) {
        buf[2 * i] = hx[d[i] >> 4];
        buf[2 * i + 1] = hx[d[i] & 15];
    }
    sql__fn_text_out(c, buf, 2 * n, out);
}

static int digest(const EVP_MD *md, const struct sql_value *v, unsigned char *d, unsigned *dl,
                  struct err *e)
{
    if (EVP_Digest(sp(v), v->u.s.len, d, dl, md, NULL) != 1)
        return err_set_state(e, ERR_INTERNAL, "XX000", "could not compute %s hash",
                             EVP_MD_get0_name(md));
    return 0;
}

int sql__fn_md5(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    int rc = digest(EVP_md5(), &a[0], d, &dl, e);
    if (rc == 0)
        hex_out(c, d, dl, out);
    return rc;
}

int sql__fn_sha256(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    int rc = digest(EVP_sha256(), &a[0], d, &dl, e);
    if (rc == 0)
        sql__fn_text_out(c, (const char *)d, dl, out);
    return rc;
}

static int sha_fn(struct sql_fcall *c, const EVP_MD *md, const struct sql_value *a,
                  struct sql_value *out, struct err *e)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    int rc = digest(md, &a[0], d, &dl, e);
    if (rc == 0)
        sql__fn_text_out(c, (const char *)d, dl, out);
    return rc;
}

int sql__fn_sha224(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return sha_fn(c, EVP_sha224(), a, out, e);
}

int sql__fn_sha384(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return sha_fn(c, EVP_sha384(), a, out, e);
}

int sql__fn_sha512(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return sha_fn(c, EVP_sha512(), a, out, e);
}

/* ---- encode / decode ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sql__fn_encode(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    const unsigned char *s = (const unsigned char *)sp(&a[0]);
    size_t len = a[0].u.s.len;
    const char *fmt = mem_strndup(c->ctx, sp(&a[1]), a[1].u.s.len);
    struct sbuf b;
    sbuf_init(&b);
    if (strcasecmp(fmt, "hex") == 0) {
        static const char hx[] = "0123456789abcdef";
        for (size_t i = 0; i < len; i++) {
            sbuf_putc(&b, hx[s[i] >> 4]);
            sbuf_putc(&b, hx[s[i] & 15]);
        }
    } else if (strcasecmp(fmt, "base64") == 0) {
        size_t linelen = 0;
        for (size_t i = 0; i < len; i += 3) {
            uint32_t v = (uint32_t)s[i] << 16;
            if (i + 1 < len)
                v |= (uint32_t)s[i + 1] << 8;
            if (i + 2 < len)
                v |= s[i + 2];
            if (linelen >= 76) {
                sbuf_putc(&b, '\n');
                linelen = 0;
            }
            sbuf_putc(&b, b64[(v >> 18) & 63]);
            sbuf_putc(&b, b64[(v >> 12) & 63]);
            sbuf_putc(&b, i + 1 < len ? b64[(v >> 6) & 63] : '=');
            sbuf_putc(&b, i + 2 < len ? b64[v & 63] : '=');
            linelen += 4;
        }
    } else if (strcasecmp(fmt, "escape") == 0) {
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '\\')
                sbuf_puts(&b, "\\\\");
            else if (s[i] == 0 || s[i] >= 0x80)
                sbuf_printf(&b, "\\%03o", s[i]);
            else
                sbuf_putc(&b, (char)s[i]);
        }
    } else {
        sbuf_free(&b);
        return err_set_state(e, ERR_INVAL, "22023", "unrecognized encoding: \"%s\"", fmt);
    }
    sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int sql__fn_decode(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    const char *fmt = mem_strndup(c->ctx, sp(&a[1]), a[1].u.s.len);
    struct sbuf b;
    sbuf_init(&b);
    int rc = 0;
    if (strcasecmp(fmt, "hex") == 0) {
        for (size_t i = 0; i < len && rc == 0;) {
            if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
                i++;
                continue;
            }
            int h = hexval(s[i]);
            if (h < 0) {
                rc =
                    err_set_state(e, ERR_INVAL, "22023", "invalid hexadecimal digit: \"%c\"", s[i]);
                break;
            }
            if (i + 1 >= len) {
                rc = err_set_state(e, ERR_INVAL, "22023",
                                   "invalid hexadecimal data: odd number of digits");
                break;
            }
            int l = hexval(s[i + 1]);
            if (l < 0) {
                rc = err_set_state(e, ERR_INVAL, "22023", "invalid hexadecimal digit: \"%c\"",
                                   s[i + 1]);
                break;
            }
            sbuf_putc(&b, (char)(h << 4 | l));
            i += 2;
        }
    } else if (strcasecmp(fmt, "base64") == 0) {
        uint32_t acc = 0;
        int bits = 0, pads = 0;
        for (size_t i = 0; i < len && rc == 0; i++) {
            char ch = s[i];
            if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r')
                continue;
            if (ch == '=') {
                pads++;
                continue;
            }
            const char *p = strchr(b64, ch);
            if (!p || ch == '\0' || pads) {
                rc =
                    err_set_state(e, ERR_INVAL, "22023",
                                  "invalid symbol \"%c\" found while decoding base64 sequence", ch);
                break;
            }
            acc = (acc << 6) | (uint32_t)(p - b64);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                sbuf_putc(&b, (char)((acc >> bits) & 0xFF));
            }
        }
    } else if (strcasecmp(fmt, "escape") == 0) {
        for (size_t i = 0; i < len && rc == 0;) {
            if (s[i] != '\\') {
                sbuf_putc(&b, s[i++]);
            } else if (i + 1 < len && s[i + 1] == '\\') {
                sbuf_putc(&b, '\\');
                i += 2;
            } else if (i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                       s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
                sbuf_putc(&b, (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
                                     (s[i + 3] - '0')));
                i += 4;
            } else {
                rc = err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s",
                                   "bytea");
            }
        }
    } else {
        rc = err_set_state(e, ERR_INVAL, "22023", "unrecognized encoding: \"%s\"", fmt);
    }
    if (rc == 0)
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return rc;
}

/* ---- quoting ---- */

/* quote_ident: PostgreSQL's quote_identifier, shared with the deparser. */
int sql__fn_quote_ident(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    struct sbuf b;
    sbuf_init(&b);
    sql_deparse_ident(mem_strndup(c->ctx, sp(&a[0]), a[0].u.s.len), &b);
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

static void quote_lit(struct sql_fcall *c, const char *s, size_t len, struct sql_value *out)
{
    struct sbuf b;
    sbuf_init(&b);
    if (memchr(s, '\\', len))
        sbuf_putc(&b, 'E');
    sbuf_putc(&b, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'' || s[i] == '\\')
            sbuf_putc(&b, s[i]);
        sbuf_putc(&b, s[i]);
    }
    sbuf_putc(&b, '\'');
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
}

int sql__fn_quote_literal(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    const char *s;
    int rc = sql__fn_cstring(c, &a[0], &s, e);
    if (rc < 0)
        return rc;
    quote_lit(c, s, strlen(s), out);
    return 0;
}

int sql__fn_quote_nullable(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    if (a[0].null) {
        sql__fn_text_out(c, "NULL", 4, out);
        return 0;
    }
    return sql__fn_quote_literal(c, a, n, out, e);
}

int sql__fn_num_nulls(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += a[i].null;
    return ret_int4(k, out);
}

int sql__fn_num_nonnulls(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += !a[i].null;
    return ret_int4(k, out);
}

/* ---- format() (varlena.c text_format) ---- */

static int fmt_unrecognized(const char *p, int l, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22023",
                         "unrecognized format() type specifier \"%.*s\"" SQL_FUNC_HINT_SEP
                         "For a single \"%%\" use \"%%%%\".",
                         l, p);
}

static int fmt_unterminated(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22023",
                         "unterminated format() type specifier" SQL_FUNC_HINT_SEP
                         "For a single \"%%\" use \"%%%%\".");
}

/* Parse a decimal number at s[*i]; false if none. 22003 past int range. */
static int fmt_number(const char *s, size_t len, size_t *i, int *num, bool *found, struct err *e)
{
    int64_t v = 0;
    *found = false;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        if (v > INT32_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "number is out of range");
        (*i)++;
        *found = true;
    }
    *num = (int)v;
    return 0;
}

/* Parse "n$" at s[*i] (argpos 1-based in *pos, 0 when absent). */
static int fmt_argpos(const char *s, size_t len, size_t *i, int *pos, struct err *e)
{
    size_t save = *i;
    int num = 0;
    bool found = false;
    int rc = fmt_number(s, len, i, &num, &found, e);
    if (rc < 0)
        return rc;
    if (found && *i < len && s[*i] == '$') {
        if (num == 0)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "format specifies argument 0, but arguments are numbered from 1");
        (*i)++;
        *pos = num;
        return 0;
    }
    *i = save;
    *pos = 0;
    return 0;
}

int sql__fn_format(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    if (a[0].null) {
        memset(out, 0, sizeof(*out));
        out->type = SQL_T_TEXT;
        out->null = true;
        return 0;
    }
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    int nvals = n - 1; /* arguments after the format string: a[1..n) */
    int next = 1;      /* next implicit argument (1-based) */
    struct sbuf b;
    sbuf_init(&b);
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        if (s[i] != '%') {
            sbuf_putc(&b, s[i++]);
            continue;
        }
        i++;
        if (i >= len) {
            rc = fmt_unterminated(e);
            break;
        }
        if (s[i] == '%') {
            sbuf_putc(&b, '%');
            i++;
            continue;
        }
        int argpos = 0, width = 0, widthpos = -1;
        bool found = false;
        bool left = false;
        rc = fmt_argpos(s, len, &i, &argpos, e);
        if (rc < 0)
            break;
        if (i < len && s[i] == '-') {
            left = true;
            i++;
        }
        if (i < len && s[i] == '*') {
            i++;
            int wp = 0;
            rc = fmt_argpos(s, len, &i, &wp, e);
            if (rc < 0)
                break;
            /* text_format: the value follows the width's argument */
            widthpos = wp == 0 ? next : wp;
            next = widthpos + 1;
        } else {
            rc = fmt_number(s, len, &i, &width, &found, e);
            if (rc < 0)
                break;
        }
        if (i >= len) {
            rc = fmt_unterminated(e);
            break;
        }
        char type = s[i];
        if (type != 's' && type != 'I' && type != 'L') {
            rc = fmt_unrecognized(s + i, sql__utf8_clen(s + i, len - i), e);
            break;
        }
        i++;
        if (widthpos > 0) {
            if (widthpos > nvals) {
                rc = err_set_state(e, ERR_INVAL, "22023", "too few arguments for format()");
                break;
            }
            const struct sql_value *wv = &a[widthpos];
            int64_t w = wv->null ? 0 : wv->u.i;
            if (wv->type != SQL_T_INT4 && wv->type != SQL_T_INT2 && wv->type != SQL_T_INT8 &&
                !wv->null) {
                const char *ws;
                rc = sql__fn_cstring(c, wv, &ws, e);
                if (rc < 0)
                    break;
                w = strtoll(ws, NULL, 10);
            }
            if (w < 0) {
                left = true;
                w = w == INT64_MIN ? INT32_MAX : -w;
            }
            if (w > INT32_MAX) {
                rc = err_set_state(e, ERR_INVAL, "22003", "number is out of range");
                break;
            }
            width = (int)w;
        }
        int pos = argpos ? argpos : next;
        next = pos + 1;
        if (pos > nvals) {
            rc = err_set_state(e, ERR_INVAL, "22023", "too few arguments for format()");
            break;
        }
        const struct sql_value *v = &a[pos];
        struct sql_value piece;
        const char *txt = "";
        size_t tl = 0;
        if (v->null) {
            if (type == 'I') {
                rc = err_set_state(e, ERR_INVAL, "22004",
                                   "null values cannot be formatted as an SQL identifier");
                break;
            }
            if (type == 'L') {
                txt = "NULL";
                tl = 4;
            }
        } else {
            const char *vs;
            rc = sql__fn_cstring(c, v, &vs, e);
            if (rc < 0)
                break;
            if (type == 's') {
                txt = vs;
                tl = strlen(vs);
            } else {
                struct sql_value tv = sql_text(vs, strlen(vs));
                if (type == 'I')
                    rc = sql__fn_quote_ident(c, &tv, 1, &piece, e);
                else
                    quote_lit(c, vs, strlen(vs), &piece);
                if (rc < 0)
                    break;
                txt = piece.u.s.p;
                tl = piece.u.s.len;
            }
        }
        size_t chars = sql__utf8_len(txt, tl);
        size_t padn = (size_t)width > chars ? (size_t)width - chars : 0;
        if (!left)
            for (size_t k = 0; k < padn; k++)
                sbuf_putc(&b, ' ');
        sbuf_append(&b, txt, tl);
        if (left)
            for (size_t k = 0; k < padn; k++)
                sbuf_putc(&b, ' ');
        if (b.len > SQL_MAX_ALLOC)
            rc = too_large(e);
    }
    if (rc == 0)
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return rc;
}

/* get_byte(bytea, n) and set_byte(bytea, n, v) (varlena.c byteaGetByte,
 * byteaSetByte). */
static int byte_index(const struct sql_value *b, int64_t n, struct err *e)
{
    if (n < 0 || (size_t)n >= b->u.s.len)
        return err_set_state(e, ERR_INVAL, "2202E", "index %lld out of valid range, 0..%lld",
                             (long long)n, (long long)b->u.s.len - 1);
    return 0;
}

int sql__fn_get_byte(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    int rc = byte_index(&a[0], a[1].u.i, e);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INT4;
    out->u.i = (unsigned char)a[0].u.s.p[a[1].u.i];
    return 0;
}

int sql__fn_set_byte(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    int rc = byte_index(&a[0], a[1].u.i, e);
    if (rc < 0)
        return rc;
    sql__fn_text_out(c, a[0].u.s.p, a[0].u.s.len, out);
    ((char *)out->u.s.p)[a[1].u.i] = (char)(a[2].u.i & 0xff);
    return 0;
}

/* get_bit / set_bit (bytea, bit n of byte n / 8, least significant first)
 * and bit_count (bytea). */
static int bit_index(const struct sql_value *b, int64_t n, struct err *e)
{
    int64_t nbits = (int64_t)b->u.s.len * 8;
    if (n < 0 || n >= nbits)
        return err_set_state(e, ERR_INVAL, "2202E", "index %lld out of valid range, 0..%lld",
                             (long long)n, (long long)nbits - 1);
    return 0;
}

int sql__fn_get_bit(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)c;
    (void)n;
    int rc = bit_index(&a[0], a[1].u.i, e);
    if (rc < 0)
        return rc;
    unsigned char byte = (unsigned char)a[0].u.s.p[a[1].u.i / 8];
    return ret_int4((byte >> (a[1].u.i % 8)) & 1, out);
}

int sql__fn_set_bit(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    int rc = bit_index(&a[0], a[1].u.i, e);
    if (rc < 0)
        return rc;
    if (a[2].u.i != 0 && a[2].u.i != 1)
        return err_set_state(e, ERR_INVAL, "22023", "new bit must be 0 or 1");
    sql__fn_text_out(c, a[0].u.s.p, a[0].u.s.len, out);
    unsigned char *p = (unsigned char *)out->u.s.p + a[1].u.i / 8;
    unsigned char m = (unsigned char)(1u << (a[1].u.i % 8));
    *p = a[2].u.i ? (unsigned char)(*p | m) : (unsigned char)(*p & ~m);
    return 0;
}

int sql__fn_bytea_bit_count(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    int64_t bits = 0;
    for (size_t i = 0; i < a[0].u.s.len; i++)
        bits += __builtin_popcount((unsigned char)a[0].u.s.p[i]);
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INT8;
    out->u.i = bits;
    return 0;
}

/* unistr(text) (varlena.c unistr): \\XXXX, \\+XXXXXX, \\uXXXX, \\UXXXXXXXX and
 * \\\\ decoded; UTF-16 surrogate pairs combined. */
static bool xdigits(const char *p, size_t avail, int n)
{
    if (avail < (size_t)n)
        return false;
    for (int i = 0; i < n; i++)
        if (!isxdigit((unsigned char)p[i]))
            return false;
    return true;
}

int sql__fn_unistr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)n;
    const char *s = sp(&a[0]);
    size_t len = a[0].u.s.len;
    struct sbuf b;
    sbuf_init(&b);
    uint32_t pair_first = 0;
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        if (s[i] != '\\') {
            if (pair_first)
                goto bad_pair;
            sbuf_putc(&b, s[i++]);
            continue;
        }
        size_t left = len - i;
        int off, nd;
        if (left >= 2 && s[i + 1] == '\\') {
            sbuf_putc(&b, '\\');
            i += 2;
            continue;
        } else if (xdigits(s + i + 1, left - 1, 4)) {
            off = 1;
            nd = 4;
        } else if (left >= 2 && s[i + 1] == 'u' && xdigits(s + i + 2, left - 2, 4)) {
            off = 2;
            nd = 4;
        } else if (left >= 2 && s[i + 1] == '+' && xdigits(s + i + 2, left - 2, 6)) {
            off = 2;
            nd = 6;
        } else if (left >= 2 && s[i + 1] == 'U' && xdigits(s + i + 2, left - 2, 8)) {
            off = 2;
            nd = 8;
        } else {
            rc = err_set_state(e, ERR_INVAL, "42601",
                               "invalid Unicode escape" SQL_FUNC_HINT_SEP
                               "Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or "
                               "\\UXXXXXXXX.");
            break;
        }
        uint32_t cp = 0;
        for (int k = 0; k < nd; k++) {
            char h = s[i + (size_t)off + (size_t)k];
            cp = cp * 16 + (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        i += (size_t)(off + nd);
        if (cp == 0 || cp > 0x10FFFF) {
            rc = err_set_state(e, ERR_INVAL, "22023", "invalid Unicode code point: %04X", cp);
            break;
        }
        bool second = cp >= 0xDC00 && cp <= 0xDFFF;
        if (pair_first) {
            if (!second)
                goto bad_pair;
            cp = ((pair_first & 0x3FF) << 10) + 0x10000 + (cp & 0x3FF);
            pair_first = 0;
        } else if (second) {
            goto bad_pair;
        } else if (cp >= 0xD800 && cp <= 0xDBFF) {
            pair_first = cp;
            continue;
        }
        char enc[4];
        sbuf_append(&b, enc, utf8_encode(cp, enc));
    }
    if (rc == 0 && pair_first)
        goto bad_pair;
    if (rc == 0)
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return rc;
bad_pair:
    sbuf_free(&b);
    return err_set_state(e, ERR_INVAL, "42601", "invalid Unicode surrogate pair");
}

/* parse_ident(text [, strict]) (misc.c): a qualified name split into its
 * parts, quoted parts unquoted, the others lower-cased (not truncated). */
static bool ident_start(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || ch >= 0x80;
}

static bool scan_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static int bad_ident(const char *q, const char *detail, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22023", "string is not a valid identifier: \"%s\"%s%s", q,
                         detail ? "\nDETAIL:  " : "", detail ? detail : "");
}

int sql__fn_parse_ident(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    bool strict = n < 2 || a[1].u.b;
    const char *q = mem_strndup(c->ctx, sp(&a[0]), a[0].u.s.len);
    char *str = mem_strndup(c->ctx, sp(&a[0]), a[0].u.s.len);
    char *p = str;
    bool after_dot = false;
    int cap = 8, k = 0;
    struct sql_value *parts = mem_alloc(c->ctx, sizeof *parts * (size_t)cap);
    while (scan_space(*p))
        p++;
    for (;;) {
        bool missing = true;
        char *name = NULL;
        size_t nl = 0;
        if (*p == '"') {
            char *endp;
            name = p + 1;
            for (;;) {
                endp = strchr(p + 1, '"');
                if (endp == NULL)
                    return bad_ident(q, "String has unclosed double quotes.", e);
                if (endp[1] != '"')
                    break;
                memmove(endp, endp + 1, strlen(endp));
                p = endp;
            }
            p = endp + 1;
            *endp = '\0';
            if (endp == name)
                return bad_ident(q, "Quoted identifier must not be empty.", e);
            nl = (size_t)(endp - name);
            missing = false;
        } else if (ident_start((unsigned char)*p)) {
            name = p++;
            while (ident_start((unsigned char)*p) || (*p >= '0' && *p <= '9') || *p == '$')
                p++;
            nl = (size_t)(p - name);
            char *d = mem_strndup(c->ctx, name, nl);
            for (size_t i = 0; i < nl; i++)
                if (d[i] >= 'A' && d[i] <= 'Z')
                    d[i] = (char)(d[i] + 32);
            name = d;
            missing = false;
        }
        if (missing) {
            if (*p == '.')
                return bad_ident(q, "No valid identifier before \".\".", e);
            return bad_ident(q, after_dot ? "No valid identifier after \".\"." : NULL, e);
        }
        if (k == cap) {
            parts = mem_realloc(c->ctx, parts, sizeof *parts * (size_t)cap,
                                sizeof *parts * (size_t)cap * 2);
            cap *= 2;
        }
        parts[k++] = sql_text(mem_strndup(c->ctx, name, nl), nl);
        while (scan_space(*p))
            p++;
        if (*p == '.') {
            after_dot = true;
            p++;
            while (scan_space(*p))
                p++;
        } else if (*p == '\0') {
            break;
        } else {
            if (strict)
                return bad_ident(q, NULL, e);
            break;
        }
    }
    struct sql_array *r = sql_array_new(c->ctx, SQL_T_TEXT, k);
    for (int i = 0; i < k; i++)
        r->items[i] = parts[i];
    *out = sql_array_value(r);
    out->type = sql_array_of(SQL_T_TEXT);
    return 0;
}

/* An encoding name as pg_char_to_encoding compares it: case and
 * punctuation ignored. Only UTF8 and SQL_ASCII (no conversion) exist. */
static int encoding_ok(const struct sql_value *v, bool dest, struct err *e)
{
    char norm[32];
    size_t k = 0;
    for (size_t i = 0; i < v->u.s.len && k + 1 < sizeof(norm); i++) {
        unsigned char ch = (unsigned char)v->u.s.p[i];
        if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
            norm[k++] = (char)(ch | 0x20);
    }
    norm[k] = '\0';
    if (strcmp(norm, "utf8") == 0 || strcmp(norm, "unicode") == 0 || strcmp(norm, "sqlascii") == 0)
        return 0;
    static const char *const known[] = {"latin1",  "latin2", "latin9", "win1252",
                                        "win1251", "euc_jp", "eucjp",  "sjis",
                                        "gbk",     "big5",   "koi8r",  "iso88591"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(norm, known[i]) == 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "conversion to or from encoding \"%.*s\" is not supported",
                                 (int)v->u.s.len, v->u.s.p);
    return err_set_state(e, ERR_INVAL, "22023", "invalid %s encoding name \"%.*s\"",
                         dest ? "destination" : "source", (int)v->u.s.len, v->u.s.p);
}

int sql__fn_convert_to(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    int rc = encoding_ok(&a[1], true, e);
    if (rc < 0)
        return rc;
    sql__fn_text_out(c, a[0].u.s.p, a[0].u.s.len, out);
    return 0;
}

int sql__fn_convert_from(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    int rc = encoding_ok(&a[1], false, e);
    if (rc < 0)
        return rc;
    const unsigned char *p = (const unsigned char *)a[0].u.s.p;
    size_t len = a[0].u.s.len;
    for (size_t i = 0; i < len;) {
        size_t l = p[i] < 0x80             ? 1
                   : (p[i] & 0xe0) == 0xc0 ? 2
                   : (p[i] & 0xf0) == 0xe0 ? 3
                   : (p[i] & 0xf8) == 0xf0 ? 4
                                           : 0;
        bool ok = l > 0 && i + l <= len && p[i] != 0 && !(l == 2 && p[i] < 0xc2);
        for (size_t k = 1; ok && k < l; k++)
            ok = (p[i + k] & 0xc0) == 0x80;
        if (!ok) {
            struct sbuf b;
            sbuf_init(&b);
            for (size_t k = i; k < len && k < i + (l ? l : 1); k++)
                sbuf_printf(&b, "%s0x%02x", k == i ? "" : " ", p[k]);
            rc = err_set_state(e, ERR_INVAL, "22021",
                               "invalid byte sequence for encoding \"UTF8\": %s", b.data);
            sbuf_free(&b);
            return rc;
        }
        i += l;
    }
    sql__fn_text_out(c, a[0].u.s.p, len, out);
    return 0;
}
