/* func_like.c — pattern matching: LIKE / ILIKE (operators ~~ ~~* !~~ !~~*,
 * PostgreSQL's like_match.c MatchText with the default escape \ and
 * like_escape() for ESCAPE clauses), regular expressions (~ ~* !~ !~*,
 * substring(text from pattern), SIMILAR TO via similar_to_escape).
 *
 * A PostgreSQL advanced RE is translated (translate_re) to the POSIX
 * extended pattern regexp_engine.c compiles: class escapes \d \w \s (and
 * \D \W \S) to bracket expressions, constraint escapes \m \M \y \Y \A \Z
 * to glibc's, character-entry escapes (\n \t \xHH \uHHHH ...) to the
 * characters, (?: to a plain group; unknown escapes are "invalid escape \
 * sequence". Lookahead / lookbehind and non-greedy quantifiers pass
 * through (the engine hands them to PCRE2). The compiled pattern is cached
 * per call site in c->cache (allocated in the statement's context, freed
 * by its cleanup) and recompiled only when the pattern changes.
 * sql__re_get (regexp_int.h) lends the cache to func_regexp.c.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/env.h"
#include "sql/func_int.h"
#include "sql/regexp_int.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

static const char *sp(const struct sql_value *v)
{
    return v->u.s.p ? v->u.s.p : "";
}

static int ret_bool(bool b, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_BOOL;
    out->u.b = b;
    return 0;
}

/* ---- LIKE (like_match.c MatchText) ---- */

enum { LIKE_FALSE = 0, LIKE_TRUE = 1, LIKE_ABORT = -1, LIKE_ERROR = -2 };

#define LIKE_MAX_DEPTH 10000

static int match_text(const char *t, size_t tlen, const char *p, size_t plen, bool bytes, int depth,
                      struct err *e)
{
    if (depth > LIKE_MAX_DEPTH) {
        err_set_state(e, ERR_LIMIT, "54001", "stack depth limit exceeded");
        return LIKE_ERROR;
    }
    if (plen == 1 && *p == '%')
        return LIKE_TRUE;
    while (tlen > 0 && plen > 0) {
        if (*p == '\\') {
            p++;
            plen--;
            if (plen == 0) {
                err_set_state(e, ERR_INVAL, "22025",
                              "LIKE pattern must not end with escape character");
                return LIKE_ERROR;
            }
            if (*p != *t)
                return LIKE_FALSE;
        } else if (*p == '%') {
            p++;
            plen--;
            while (plen > 0) {
                if (*p == '%') {
                    p++;
                    plen--;
                } else if (*p == '_') {
                    if (tlen == 0)
                        return LIKE_ABORT;
                    size_t l = bytes ? 1 : (size_t)sql__utf8_clen(t, tlen);
                    t += l;
                    tlen -= l;
                    p++;
                    plen--;
                } else {
                    break;
                }
            }
            if (plen == 0)
                return LIKE_TRUE;
            char first;
            if (*p == '\\') {
                if (plen < 2) {
                    err_set_state(e, ERR_INVAL, "22025",
                                  "LIKE pattern must not end with escape character");
                    return LIKE_ERROR;
                }
                first = p[1];
            } else {
                first = *p;
            }
            while (tlen > 0) {
                if (*t == first) {
                    int m = match_text(t, tlen, p, plen, bytes, depth + 1, e);
                    if (m != LIKE_FALSE)
                        return m;
                }
                size_t l = bytes ? 1 : (size_t)sql__utf8_clen(t, tlen);
                t += l;
                tlen -= l;
            }
            return LIKE_ABORT;
        } else if (*p == '_') {
            size_t l = bytes ? 1 : (size_t)sql__utf8_clen(t, tlen);
            t += l;
            tlen -= l;
            p++;
            plen--;
            continue;
        } else if (*p != *t) {
            return LIKE_FALSE;
        }
        t++;
        tlen--;
        p++;
        plen--;
    }
    if (tlen > 0)
        return LIKE_FALSE;
    while (plen > 0 && *p == '%') {
        p++;
        plen--;
    }
    return plen == 0 ? LIKE_TRUE : LIKE_ABORT;
}

static int like(struct sql_fcall *c, const struct sql_value *a, bool ic, bool neg,
                struct sql_value *out, struct err *e)
{
    const char *t = sp(&a[0]), *p = sp(&a[1]);
    size_t tlen = a[0].u.s.len, plen = a[1].u.s.len;
    bool bytes = a[0].type == SQL_T_BYTEA;
    if (ic && !bytes) {
        char *lt, *lp;
        sql__case_map(c->ctx, t, tlen, 0, &lt, &tlen);
        sql__case_map(c->ctx, p, plen, 0, &lp, &plen);
        t = lt;
        p = lp;
    }
    int m = match_text(t, tlen, p, plen, bytes, 0, e);
    if (m == LIKE_ERROR)
        return e ? e->code : ERR_INVAL;
    return ret_bool((m == LIKE_TRUE) != neg, out);
}

int sql__fn_like(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return like(c, a, false, false, out, e);
}

int sql__fn_nlike(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return like(c, a, false, true, out, e);
}

int sql__fn_iclike(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    return like(c, a, true, false, out, e);
}

int sql__fn_icnlike(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    return like(c, a, true, true, out, e);
}

/* ---- regular expressions ---- */

struct re_cache {
    char *pat; /* xmalloc'd copy of the source pattern */
    size_t len;
    int flags;
    struct sql_re re;
};

static void re_cache_free(void *arg)
{
    struct re_cache *rc = arg;
    sql__re_free(&rc->re);
    xfree(rc->pat);
    rc->pat = NULL;
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

/* PostgreSQL's character-entry escape at p[i] ('\\'), outside a bracket
 * expression: \a \b (backspace) \B (backslash) \cX \e \f \n \r \t \v
 * \uXXXX \UXXXXXXXX \xH... \0oo. 1 with *cp the character and *used the
 * escape's length; 0 when it is not one of them; -1 when malformed. */
static int entry_escape(const char *p, size_t len, size_t i, uint32_t *cp, size_t *used)
{
    char nx = p[i + 1];
    const char *simple = strchr("abBefnrtv", nx);
    if (simple != NULL && nx != '\0') {
        static const char val[] = "\a\b\\\033\f\n\r\t\v";
        *cp = (unsigned char)val[simple - "abBefnrtv"];
        *used = 2;
        return 1;
    }
    if (nx == 'c') {
        if (i + 2 >= len)
            return -1;
        *cp = (unsigned char)p[i + 2] & 0x1f;
        *used = 3;
        return 1;
    }
    if (nx == 'u' || nx == 'U' || nx == 'x') {
        size_t want = nx == 'u' ? 4 : nx == 'U' ? 8 : 0, j = i + 2;
        uint64_t v = 0;
        while (j < len && hexval(p[j]) >= 0 && (want == 0 || j - i - 2 < want)) {
            if (v <= 0x10ffff)
                v = v * 16 + (uint64_t)hexval(p[j]);
            j++;
        }
        if (j == i + 2 || (want != 0 && j - i - 2 != want) || v > 0x10ffff)
            return -1;
        *cp = (uint32_t)v;
        *used = j - i;
        return 1;
    }
    if (nx == '0') {
        size_t j = i + 2;
        uint32_t v = 0;
        while (j < len && j < i + 4 && p[j] >= '0' && p[j] <= '7')
            v = v * 8 + (uint32_t)(p[j++] - '0');
        *cp = v;
        *used = j - i;
        return 1;
    }
    return 0;
}

/* Character cp as a POSIX pattern atom: special characters escaped, the
 * NUL character (which no text holds) as something that never matches. */
static void put_char_atom(struct sbuf *b, uint32_t cp)
{
    if (cp == 0) {
        sbuf_puts(b, "a^");
        return;
    }
    if (cp < 0x80) {
        if (strchr(".[]()*+?{}|^$\\", (int)cp) != NULL)
            sbuf_putc(b, '\\');
        sbuf_putc(b, (char)cp);
        return;
    }
    char u[4];
    size_t n;
    if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    sbuf_append(b, u, n);
}

/* PostgreSQL bracket expression p[i] ('[') .. its ']' as a glibc one, whose
 * members cannot be escaped: a literal ']' goes first, '[' and '-' last, a
 * '^' anywhere but first; class escapes become their sets, character-entry
 * escapes their characters. *end is the index of the closing ']'. 0, or a
 * REG_* code (REG_EBRACK when unclosed, REG_EESCAPE for a bad escape, -1
 * for \D \S \W inside brackets, which glibc cannot express). */
static int translate_bracket(const char *p, size_t len, size_t i, struct sbuf *b, size_t *end)
{
    struct sbuf body;
    bool neg = false, rb = false, lb = false, dash = false, caret = false;
    size_t j = i + 1;
    if (j < len && p[j] == '^') {
        neg = true;
        j++;
    }
    if (j < len && p[j] == ']') {
        rb = true;
        j++;
    }
    sbuf_init(&body);
    for (; j < len && p[j] != ']'; j++) {
        char ch = p[j];
        if (ch == '[' && j + 1 < len && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
            char kind = p[j + 1];
            size_t k = j + 2;
            while (k + 1 < len && !(p[k] == kind && p[k + 1] == ']'))
                k++;
            if (k + 1 >= len)
                break;
            sbuf_append(&body, p + j, k + 2 - j);
            j = k + 1;
            continue;
        }
        uint32_t cp = (unsigned char)ch;
        if (ch == '\\' && j + 1 < len) {
            char nx = p[j + 1];
            size_t used;
            int r = entry_escape(p, len, j, &cp, &used);
            if (r < 0 || (r > 0 && cp == 0)) {
                sbuf_free(&body);
                return REG_EESCAPE;
            }
            if (r > 0) {
                j += used - 1;
            } else if (nx == 'd' || nx == 'w' || nx == 's') {
                sbuf_puts(&body, nx == 'd' ? "0-9" : nx == 'w' ? "[:alnum:]_" : "[:space:]");
                j++;
                continue;
            } else if (nx == 'D' || nx == 'W' || nx == 'S') {
                sbuf_free(&body);
                return -1;
            } else if ((nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') ||
                       (nx >= '0' && nx <= '9')) {
                sbuf_free(&body);
                return REG_EESCAPE;
            } else {
                cp = (unsigned char)nx;
                j++;
            }
            /* an escaped ']' '[' '-' '^' is always the character */
            if (cp == ']' || cp == '[' || cp == '-' || cp == '^') {
                rb = rb || cp == ']';
                lb = lb || cp == '[';
                dash = dash || cp == '-';
                caret = caret || cp == '^';
                continue;
            }
        } else if (ch == '-' && (body.len == 0 && !rb ? true : j + 1 < len && p[j + 1] == ']')) {
            dash = true; /* first or last: the character */
            continue;
        } else if (ch == '^') {
            caret = true;
            continue;
        } else if (ch == '[') {
            lb = true;
            continue;
        }
        if (cp < 0x80) {
            sbuf_putc(&body, (char)cp);
        } else if (ch == (char)cp && (unsigned char)ch >= 0x80) {
            sbuf_putc(&body, ch); /* a byte of a multibyte character */
        } else {
            put_char_atom(&body, cp);
        }
    }
    if (j >= len) {
        sbuf_free(&body);
        return REG_EBRACK;
    }
    *end = j;
    if (!neg && !rb && !lb && !dash && body.len == 0 && caret) {
        sbuf_puts(b, "\\^"); /* '^' alone cannot be written as a bracket */
        sbuf_free(&body);
        return 0;
    }
    sbuf_putc(b, '[');
    if (neg)
        sbuf_putc(b, '^');
    if (rb)
        sbuf_putc(b, ']');
    if (body.len > 0)
        sbuf_append(b, body.data, body.len);
    if (lb)
        sbuf_putc(b, '[');
    if (caret)
        sbuf_putc(b, '^');
    if (dash)
        sbuf_putc(b, '-');
    sbuf_putc(b, ']');
    sbuf_free(&body);
    return 0;
}

/* PostgreSQL's advanced-RE pattern p as the POSIX extended pattern
 * regexp_engine.c reads: class escapes to bracket expressions, constraint
 * escapes to glibc's, character-entry escapes to the characters, (?: to
 * a plain group. 0, or a REG_* code for an escape PostgreSQL rejects. */
static int translate_re(const char *p, size_t len, struct sbuf *b)
{
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '\\' && i + 1 >= len)
            return REG_EESCAPE;
        if (ch == '\\') {
            char nx = p[i + 1];
            uint32_t cp;
            size_t used;
            int r = entry_escape(p, len, i, &cp, &used);
            if (r < 0)
                return REG_EESCAPE;
            if (r > 0) {
                put_char_atom(b, cp);
                i += used - 1;
                continue;
            }
            bool alnum =
                (nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') || (nx >= '0' && nx <= '9');
            const char *cls = strchr("dswDSW", nx);
            /* PostgreSQL's constraint escapes as glibc's: \m \M word start
             * and end, \y \Y (not) a word boundary, \A \Z string ends. */
            const char *con = strchr("mMyYAZ", nx);
            if (alnum && cls != NULL) {
                static const char *const set[] = {"0-9", "[:space:]", "[:alnum:]_"};
                sbuf_puts(b, cls - "dswDSW" >= 3 ? "[^" : "[");
                sbuf_puts(b, set[(cls - "dswDSW") % 3]);
                sbuf_putc(b, ']');
            } else if (alnum && con != NULL) {
                sbuf_putc(b, '\\');
                sbuf_putc(b, "<>bB`'"[con - "mMyYAZ"]);
            } else if (alnum && (nx < '1' || nx > '9')) {
                return REG_EESCAPE;
            } else if (strchr("<>`'", nx) != NULL) {
                sbuf_putc(b, nx); /* glibc would read \< \> \` \' as constraints */
            } else {
                sbuf_putc(b, ch); /* a back-reference or an escaped character */
                sbuf_putc(b, nx);
            }
            i++;
            continue;
        }
        if (ch == '(' && i + 2 < len && p[i + 1] == '?' && p[i + 2] == ':') {
            /* (?: non-capturing group (similar_to_escape makes them): a plain
             * group in POSIX ERE; only substring's choice of group can differ. */
            sbuf_putc(b, ch);
            i += 2;
            continue;
        }
        if (ch == '{' && !(i + 1 < len && p[i + 1] >= '0' && p[i + 1] <= '9')) {
            sbuf_puts(b, "\\{"); /* not a bound: the character, as PostgreSQL */
            continue;
        }
        if (ch == '[') {
            size_t end;
            int r = translate_bracket(p, len, i, b, &end);
            if (r != 0)
                return r;
            i = end;
            continue;
        }
        sbuf_putc(b, ch);
    }
    return 0;
}

/* The compiled regex for pattern v with cflags, from the call-site cache. */
static int re_get(struct sql_fcall *c, const struct sql_value *v, int cflags, struct sql_re **out,
                  struct err *e)
{
    struct re_cache *rc = c->cache;
    const char *p = sp(v);
    size_t len = v->u.s.len;
    if (rc && rc->re.valid && rc->flags == cflags && rc->len == len &&
        memcmp(rc->pat, p, len) == 0) {
        *out = &rc->re;
        return 0;
    }
    if (!rc) {
        struct mem_ctx *ctx = c->env && c->env->stmt_ctx ? c->env->stmt_ctx : c->ctx;
        rc = mem_alloc0(ctx, sizeof(*rc));
        mem_ctx_cleanup(ctx, re_cache_free, rc);
        c->cache = rc;
    }
    re_cache_free(rc);
    struct sbuf b;
    sbuf_init(&b);
    int r = translate_re(p, len, &b);
    if (r < 0) {
        sbuf_free(&b);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "regular expression escapes \\D \\S \\W inside a bracket "
                             "expression are not supported");
    }
    if (r != 0) {
        sbuf_free(&b);
        return err_set_state(e, ERR_INVAL, "2201B", "invalid regular expression: %s",
                             sql__re_errmsg(r));
    }
    sbuf_putc(&b, '\0');
    const char *msg;
    r = sql__re_compile(&rc->re, b.data, cflags, &msg);
    sbuf_free(&b);
    if (r == -2)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "%s", msg);
    if (r != 0)
        return err_set_state(e, ERR_INVAL, "2201B", "invalid regular expression: %s", msg);
    rc->pat = xmalloc(len + 1);
    memcpy(rc->pat, p, len);
    rc->pat[len] = '\0';
    rc->len = len;
    rc->flags = cflags;
    *out = &rc->re;
    return 0;
}

/* regexec on a counted string: copy it NUL-terminated (embedded NULs cannot
 * occur in text). */
static int re_exec(struct sql_fcall *c, struct sql_re *re, const struct sql_value *v, size_t nm,
                   regmatch_t *m, const char **str, struct err *e)
{
    const char *s = mem_strndup(c->ctx, sp(v), v->u.s.len);
    *str = s;
    return sql__re_exec(re, s, v->u.s.len, 0, nm, m, e);
}

static int re_test(struct sql_fcall *c, const struct sql_value *a, bool ic, bool neg,
                   struct sql_value *out, struct err *e)
{
    struct sql_re *re;
    int rc = re_get(c, &a[1], REG_EXTENDED | REG_NOSUB | (ic ? REG_ICASE : 0), &re, e);
    if (rc < 0)
        return rc;
    const char *s;
    int r = re_exec(c, re, &a[0], 0, NULL, &s, e);
    if (r < 0)
        return r;
    return ret_bool((r == 0) != neg, out);
}

int sql__fn_re(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
               struct err *e)
{
    return re_test(c, a, false, false, out, e);
}

int sql__fn_nre(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    return re_test(c, a, false, true, out, e);
}

int sql__fn_icre(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return re_test(c, a, true, false, out, e);
}

int sql__fn_icnre(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    return re_test(c, a, true, true, out, e);
}

/* The POSIX group number of the first capturing group of PostgreSQL
 * pattern p (translate_re makes each (?: a plain group, so that is one
 * more than the groups opened before it), 0 when p captures nothing. */
static size_t first_capture(const char *p, size_t len)
{
    size_t opened = 0;
    bool in_br = false;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\\') {
            i++;
        } else if (in_br) {
            in_br = p[i] != ']';
        } else if (p[i] == '[') {
            in_br = true;
            if (i + 1 < len && p[i + 1] == '^')
                i++;
            if (i + 1 < len && p[i + 1] == ']')
                i++;
        } else if (p[i] == '(') {
            /* lookaround constraints (?= (?! (?<= (?<! are not groups */
            if (i + 2 < len && p[i + 1] == '?' && p[i + 2] != ':')
                continue;
            opened++;
            if (!(i + 2 < len && p[i + 1] == '?' && p[i + 2] == ':'))
                return opened;
        }
    }
    return 0;
}

int sql__fn_regexp_substr(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    struct sql_re *re;
    int rc = re_get(c, &a[1], REG_EXTENDED, &re, e);
    if (rc < 0)
        return rc;
    regmatch_t m[64];
    const char *s;
    /* The first parenthesized (capturing) subexpression when there is one. */
    size_t k = first_capture(sp(&a[1]), a[1].u.s.len);
    if (k < 64 && (rc = re_exec(c, re, &a[0], 64, m, &s, e)) < 0)
        return rc;
    if (k >= 64 || rc != 0) {
        memset(out, 0, sizeof(*out));
        out->type = SQL_T_TEXT;
        out->null = true;
        return 0;
    }
    if (m[k].rm_so < 0) {
        memset(out, 0, sizeof(*out));
        out->type = SQL_T_TEXT;
        out->null = true;
        return 0;
    }
    sql__fn_text_out(c, s + m[k].rm_so, (size_t)(m[k].rm_eo - m[k].rm_so), out);
    return 0;
}

/* like_escape(pattern, escape): x LIKE p ESCAPE e is x ~~ like_escape(p, e),
 * which rewrites p to use the default escape \ (like_match.c do_like_escape). */
int sql__fn_like_escape(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    const char *p = sp(&a[0]), *esc = sp(&a[1]);
    size_t plen = a[0].u.s.len, elen = a[1].u.s.len;
    struct sbuf b;
    sbuf_init(&b);
    if (elen == 0) {
        for (size_t i = 0; i < plen; i++) {
            if (p[i] == '\\')
                sbuf_putc(&b, '\\');
            sbuf_putc(&b, p[i]);
        }
    } else {
        int el = sql__utf8_clen(esc, elen);
        if ((size_t)el != elen) {
            sbuf_free(&b);
            return err_set_state(e, ERR_INVAL, "22025",
                                 "invalid escape string" SQL_FUNC_HINT_SEP
                                 "Escape string must be empty or one character.");
        }
        if (elen == 1 && esc[0] == '\\') {
            sql__fn_text_out(c, p, plen, out);
            sbuf_free(&b);
            return 0;
        }
        bool afterescape = false;
        for (size_t i = 0; i < plen;) {
            int l = sql__utf8_clen(p + i, plen - i);
            if (l == el && memcmp(p + i, esc, (size_t)el) == 0 && !afterescape) {
                sbuf_putc(&b, '\\');
                afterescape = true;
            } else if (p[i] == '\\') {
                sbuf_putc(&b, '\\');
                if (!afterescape)
                    sbuf_putc(&b, '\\');
                afterescape = false;
            } else {
                sbuf_append(&b, p + i, (size_t)l);
                afterescape = false;
            }
            i += (size_t)l;
        }
    }
    sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return 0;
}

/* similar_to_escape(pattern [, escape]): x SIMILAR TO p [ESCAPE e] is
 * x ~ similar_to_escape(p, e), the SQL pattern rewritten to an anchored
 * regular expression (regexp.c similar_escape_internal): % is .*, _ is .,
 * ( opens a non-capturing group, the escape character quotes the next
 * character and escape-" separates substring()'s three parts. The one-
 * argument form uses the default escape \. */
int sql__fn_similar_to_escape(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    const char *p = sp(&a[0]), *esc = "\\";
    size_t plen = a[0].u.s.len, elen = 1;
    if (n > 1) {
        esc = sp(&a[1]);
        elen = a[1].u.s.len;
        if (elen > 0 && (size_t)sql__utf8_clen(esc, elen) != elen)
            return err_set_state(e, ERR_INVAL, "22025",
                                 "invalid escape string" SQL_FUNC_HINT_SEP
                                 "Escape string must be empty or one character.");
    }
    struct sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "^(?:");
    bool afterescape = false, incharclass = false;
    bool ccfirst = false, cccaret = false; /* at a bracket's first member; after its '^' */
    int nquotes = 0;
    for (size_t i = 0; i < plen;) {
        size_t l = (size_t)sql__utf8_clen(p + i, plen - i);
        char ch = p[i];
        if (afterescape) {
            if (ch == '"' && !incharclass) {
                if (nquotes == 0) {
                    sbuf_puts(&b, "){1,1}?(");
                } else if (nquotes == 1) {
                    sbuf_puts(&b, "){1,1}(?:");
                } else {
                    sbuf_free(&b);
                    return err_set_state(e, ERR_INVAL, "2200C",
                                         "SQL regular expression may not contain more than two "
                                         "escape-double-quote separators");
                }
                nquotes++;
            } else {
                sbuf_putc(&b, '\\');
                sbuf_append(&b, p + i, l);
            }
            afterescape = false;
            ccfirst = false;
        } else if (elen > 0 && l == elen && memcmp(p + i, esc, elen) == 0) {
            afterescape = true;
        } else if (incharclass) {
            /* literal inside a bracket expression: a leading ']' (after an
             * optional '^') is a member, [:class:] is copied whole */
            if (ch == '[' && i + 1 < plen &&
                (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
                char kind = p[i + 1];
                size_t j = i + 2;
                while (j + 1 < plen && !(p[j] == kind && p[j + 1] == ']'))
                    j++;
                size_t end = j + 1 < plen ? j + 2 : plen;
                sbuf_append(&b, p + i, end - i);
                i = end;
                ccfirst = false;
                continue;
            }
            if (ch == '\\')
                sbuf_putc(&b, '\\');
            sbuf_append(&b, p + i, l);
            if (ch == ']' && !ccfirst)
                incharclass = false;
            ccfirst = ch == '^' && ccfirst && !cccaret;
            cccaret = cccaret || ch == '^';
        } else if (ch == '[') {
            sbuf_putc(&b, ch);
            incharclass = true;
            ccfirst = true;
            cccaret = false;
        } else if (ch == '%') {
            sbuf_puts(&b, ".*");
        } else if (ch == '_') {
            sbuf_putc(&b, '.');
        } else if (ch == '(') {
            sbuf_puts(&b, "(?:");
        } else if (ch == '\\' || ch == '.' || ch == '^' || ch == '$') {
            sbuf_putc(&b, '\\');
            sbuf_putc(&b, ch);
        } else {
            sbuf_append(&b, p + i, l);
        }
        i += l;
    }
    sbuf_puts(&b, ")$");
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

/* substring(x SIMILAR p ESCAPE e), substring(text, text, text): the part of
 * x between p's two escape-double-quote separators (the whole match when p
 * has none), NULL when x does not match p entirely. similar_to_escape
 * makes the separated part the one capturing group; translate_re turns
 * every (?: into a plain group, so its POSIX group number is one more than
 * the groups opened before it. */
int sql__fn_similar_substr(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    struct sql_value pat;
    int rc = sql__fn_similar_to_escape(c, &a[1], 2, &pat, e);
    if (rc < 0)
        return rc;
    size_t k = first_capture(sp(&pat), pat.u.s.len);
    struct sql_re *re;
    if ((rc = re_get(c, &pat, REG_EXTENDED, &re, e)) < 0)
        return rc;
    regmatch_t m[64];
    const char *s;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TEXT;
    if (k < 64 && (rc = re_exec(c, re, &a[0], 64, m, &s, e)) < 0)
        return rc;
    if (k >= 64 || rc != 0 || m[k].rm_so < 0) {
        out->null = true;
        return 0;
    }
    sql__fn_text_out(c, s + m[k].rm_so, (size_t)(m[k].rm_eo - m[k].rm_so), out);
    return 0;
}

int sql__re_get(struct sql_fcall *c, const struct sql_value *v, int cflags, struct sql_re **out,
                struct err *e)
{
    return re_get(c, v, cflags, out, e);
}
