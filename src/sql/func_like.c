/* func_like.c — pattern matching: LIKE / ILIKE (operators ~~ ~~* !~~ !~~*,
 * PostgreSQL's like_match.c MatchText with the default escape \ and
 * like_escape() for ESCAPE clauses), POSIX regular expressions (~ ~* !~ !~*,
 * regexp_replace, regexp_like, substring(text from pattern)).
 *
 * Regular expressions are POSIX extended (regcomp) with PostgreSQL's class
 * escapes \d \w \s (and \D \W \S) rewritten to bracket expressions; the
 * compiled pattern is cached per call site in c->cache (allocated in the
 * statement's context, regfree'd by its cleanup) and recompiled only when
 * the pattern changes. Advanced-RE features of PostgreSQL (lookahead,
 * non-greedy quantifiers, \m \M) are not available; (?: groups are
 * accepted as plain groups. sql__re_get (regexp_int.h) lends the cache to
 * func_regexp.c.
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

/* Largest string a function builds (PostgreSQL's MaxAllocSize). */
#define MAX_RESULT ((size_t)0x3fffffff)

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

static int too_large(struct err *e)
{
    return err_set_state(e, ERR_LIMIT, "54000", "requested length too large");
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
    bool valid;
    regex_t re;
};

static void re_cache_free(void *arg)
{
    struct re_cache *rc = arg;
    if (rc->valid)
        regfree(&rc->re);
    xfree(rc->pat);
    rc->valid = false;
    rc->pat = NULL;
}

/* PostgreSQL's class escapes to POSIX bracket expressions. */
static void translate_re(const char *p, size_t len, struct sbuf *b)
{
    bool in_br = false;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '\\' && i + 1 < len) {
            char nx = p[i + 1];
            const char *cls = NULL;
            bool negc = false;
            switch (nx) {
            case 'd':
                cls = "0-9";
                break;
            case 'w':
                cls = "[:alnum:]_";
                break;
            case 's':
                cls = "[:space:]";
                break;
            case 'D':
                cls = "0-9";
                negc = true;
                break;
            case 'W':
                cls = "[:alnum:]_";
                negc = true;
                break;
            case 'S':
                cls = "[:space:]";
                negc = true;
                break;
            default:
                break;
            }
            if (cls && in_br && !negc) {
                sbuf_puts(b, cls);
                i++;
                continue;
            }
            if (cls && !in_br) {
                sbuf_puts(b, negc ? "[^" : "[");
                sbuf_puts(b, cls);
                sbuf_putc(b, ']');
                i++;
                continue;
            }
            if (!in_br) {
                sbuf_putc(b, ch);
                sbuf_putc(b, nx);
                i++;
                continue;
            }
        }
        if (!in_br && ch == '(' && i + 2 < len && p[i + 1] == '?' && p[i + 2] == ':') {
            /* (?: non-capturing group (similar_to_escape makes them): a plain
             * group in POSIX ERE; only substring's choice of group can differ. */
            sbuf_putc(b, ch);
            i += 2;
            continue;
        }
        if (!in_br && ch == '[') {
            in_br = true;
            sbuf_putc(b, ch);
            /* A leading ^ and a leading ] belong to the bracket. */
            if (i + 1 < len && p[i + 1] == '^')
                sbuf_putc(b, p[++i]);
            if (i + 1 < len && p[i + 1] == ']')
                sbuf_putc(b, p[++i]);
            continue;
        }
        if (in_br && ch == '[' && i + 1 < len &&
            (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            /* [:class:] inside a bracket: copy through the closing ":]". */
            char kind = p[i + 1];
            size_t j = i + 2;
            while (j + 1 < len && !(p[j] == kind && p[j + 1] == ']'))
                j++;
            size_t end = j + 1 < len ? j + 2 : len;
            sbuf_append(b, p + i, end - i);
            i = end - 1;
            continue;
        }
        if (in_br && ch == ']')
            in_br = false;
        sbuf_putc(b, ch);
    }
}

/* PostgreSQL's wording (regerror.c) of the POSIX error codes. */
static const char *re_errmsg(int code)
{
    switch (code) {
    case REG_EPAREN:
        return "parentheses () not balanced";
    case REG_EBRACK:
        return "brackets [] not balanced";
    case REG_EBRACE:
        return "braces {} not balanced";
    case REG_BADBR:
        return "invalid repetition count(s)";
    case REG_BADRPT:
        return "quantifier operand invalid";
    case REG_ERANGE:
        return "invalid character range";
    case REG_EESCAPE:
        return "invalid escape \\ sequence";
    case REG_ECTYPE:
        return "invalid character class";
    case REG_ECOLLATE:
        return "invalid collating element";
    case REG_ESUBREG:
        return "invalid backreference number";
    case REG_ESPACE:
        return "out of memory";
    default:
        return "invalid regular expression";
    }
}

/* The compiled regex for pattern v with cflags, from the call-site cache. */
static int re_get(struct sql_fcall *c, const struct sql_value *v, int cflags, regex_t **out,
                  struct err *e)
{
    struct re_cache *rc = c->cache;
    const char *p = sp(v);
    size_t len = v->u.s.len;
    if (rc && rc->valid && rc->flags == cflags && rc->len == len && memcmp(rc->pat, p, len) == 0) {
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
    translate_re(p, len, &b);
    sbuf_putc(&b, '\0');
    int r = regcomp(&rc->re, b.data, cflags);
    sbuf_free(&b);
    if (r != 0) {
        return err_set_state(e, ERR_INVAL, "2201B", "invalid regular expression: %s", re_errmsg(r));
    }
    rc->pat = xmalloc(len + 1);
    memcpy(rc->pat, p, len);
    rc->pat[len] = '\0';
    rc->len = len;
    rc->flags = cflags;
    rc->valid = true;
    *out = &rc->re;
    return 0;
}

/* regexec on a counted string: copy it NUL-terminated (embedded NULs cannot
 * occur in text). */
static int re_exec(struct sql_fcall *c, regex_t *re, const struct sql_value *v, size_t nm,
                   regmatch_t *m, const char **str)
{
    const char *s = mem_strndup(c->ctx, sp(v), v->u.s.len);
    *str = s;
    return regexec(re, s, nm, m, 0);
}

static int re_test(struct sql_fcall *c, const struct sql_value *a, bool ic, bool neg,
                   struct sql_value *out, struct err *e)
{
    regex_t *re;
    int rc = re_get(c, &a[1], REG_EXTENDED | REG_NOSUB | (ic ? REG_ICASE : 0), &re, e);
    if (rc < 0)
        return rc;
    const char *s;
    int r = re_exec(c, re, &a[0], 0, NULL, &s);
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

/* Flags text of regexp_replace / regexp_like: g (replace all), i, c. */
static int re_flags(const struct sql_value *f, bool allow_g, int *cflags, bool *global,
                    struct err *e)
{
    *global = false;
    for (size_t i = 0; f && i < f->u.s.len; i++) {
        char ch = sp(f)[i];
        if (ch == 'g' && allow_g)
            *global = true;
        else if (ch == 'i')
            *cflags |= REG_ICASE;
        else if (ch == 'c')
            *cflags &= ~REG_ICASE;
        else if (ch == 'g')
            return err_set_state(e, ERR_INVAL, "22023",
                                 "regexp_like() does not support the \"global\" option");
        else
            return err_set_state(e, ERR_INVAL, "22023", "invalid regular expression option: \"%c\"",
                                 ch);
    }
    return 0;
}

int sql__fn_regexp_like(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    int cflags = REG_EXTENDED | REG_NOSUB;
    bool g;
    int rc = re_flags(n > 2 ? &a[2] : NULL, false, &cflags, &g, e);
    if (rc < 0)
        return rc;
    regex_t *re;
    rc = re_get(c, &a[1], cflags, &re, e);
    if (rc < 0)
        return rc;
    const char *s;
    return ret_bool(re_exec(c, re, &a[0], 0, NULL, &s) == 0, out);
}

int sql__fn_regexp_replace(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    int cflags = REG_EXTENDED;
    bool global;
    int rc = re_flags(n > 3 ? &a[3] : NULL, true, &cflags, &global, e);
    if (rc < 0)
        return rc;
    regex_t *re;
    rc = re_get(c, &a[1], cflags, &re, e);
    if (rc < 0)
        return rc;
    const char *s = mem_strndup(c->ctx, sp(&a[0]), a[0].u.s.len);
    size_t len = a[0].u.s.len;
    const char *rp = sp(&a[2]);
    size_t rlen = a[2].u.s.len;
    struct sbuf b;
    sbuf_init(&b);
    size_t pos = 0;
    regmatch_t m[10];
    while (pos <= len) {
        int flags = pos > 0 ? REG_NOTBOL : 0;
        if (regexec(re, s + pos, 10, m, flags) != 0)
            break;
        sbuf_append(&b, s + pos, (size_t)m[0].rm_so);
        for (size_t i = 0; i < rlen; i++) {
            if (rp[i] != '\\' || i + 1 >= rlen) {
                sbuf_putc(&b, rp[i]);
                continue;
            }
            char nx = rp[i + 1];
            if ((nx >= '1' && nx <= '9') || nx == '&') {
                int k = nx == '&' ? 0 : nx - '0';
                if (m[k].rm_so >= 0)
                    sbuf_append(&b, s + pos + m[k].rm_so, (size_t)(m[k].rm_eo - m[k].rm_so));
                i++;
            } else if (nx == '\\') {
                sbuf_putc(&b, '\\');
                i++;
            } else {
                sbuf_putc(&b, '\\');
            }
        }
        size_t adv = (size_t)m[0].rm_eo;
        if (m[0].rm_eo == m[0].rm_so) {
            /* Empty match: copy one character and move on. */
            if (pos + adv >= len) {
                pos = pos + adv;
                if (!global)
                    break;
                break;
            }
            int l = sql__utf8_clen(s + pos + adv, len - pos - adv);
            sbuf_append(&b, s + pos + adv, (size_t)l);
            adv += (size_t)l;
        }
        pos += adv;
        if (!global || b.len > MAX_RESULT)
            break;
    }
    if (pos < len)
        sbuf_append(&b, s + pos, len - pos);
    if (b.len > MAX_RESULT) {
        sbuf_free(&b);
        return too_large(e);
    }
    sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return 0;
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
    regex_t *re;
    int rc = re_get(c, &a[1], REG_EXTENDED, &re, e);
    if (rc < 0)
        return rc;
    regmatch_t m[64];
    const char *s;
    /* The first parenthesized (capturing) subexpression when there is one. */
    size_t k = first_capture(sp(&a[1]), a[1].u.s.len);
    if (k >= 64 || re_exec(c, re, &a[0], 64, m, &s) != 0) {
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
        } else if (elen > 0 && l == elen && memcmp(p + i, esc, elen) == 0) {
            afterescape = true;
        } else if (incharclass) {
            if (ch == '\\')
                sbuf_putc(&b, '\\');
            sbuf_append(&b, p + i, l);
            if (ch == ']')
                incharclass = false;
        } else if (ch == '[') {
            sbuf_putc(&b, ch);
            incharclass = true;
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
    regex_t *re;
    if ((rc = re_get(c, &pat, REG_EXTENDED, &re, e)) < 0)
        return rc;
    regmatch_t m[64];
    const char *s;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TEXT;
    if (k >= 64 || re_exec(c, re, &a[0], 64, m, &s) != 0 || m[k].rm_so < 0) {
        out->null = true;
        return 0;
    }
    sql__fn_text_out(c, s + m[k].rm_so, (size_t)(m[k].rm_eo - m[k].rm_so), out);
    return 0;
}

int sql__re_get(struct sql_fcall *c, const struct sql_value *v, int cflags, regex_t **out,
                struct err *e)
{
    return re_get(c, v, cflags, out, e);
}
