/* func_regexp.c — the regular-expression functions that return matches:
 * regexp_match, regexp_matches, regexp_split_to_array,
 * regexp_split_to_table, regexp_count, regexp_instr, regexp_substr,
 * regexp_like and regexp_replace (every PostgreSQL 15 form: start, N,
 * flags) (PostgreSQL 15's regexp.c setup_regexp_matches and its callers).
 *
 * Patterns compile through func_like.c's cache (regexp_int.h: PostgreSQL's
 * escapes rewritten, then glibc or PCRE2 as regexp_engine.c decides). A (?:
 * group becomes a plain group there, so the capturing groups PostgreSQL
 * reports are mapped back to their group numbers here (capture_map;
 * lookaround constraints are not groups). Positions (start, regexp_instr's
 * result) count characters, as PostgreSQL's do.
 *
 * Flags: g (where allowed), i, c, n, m, s, t, q, x (expand_pattern drops
 * white space and comments) as PostgreSQL; b, e, p and w are 0A000;
 * anything else is 22023 "invalid regular expression option".
 *
 * Matching runs in the C.UTF-8 locale so '.' is one character; the class
 * escapes and [:class:] are rewritten to the ASCII sets PostgreSQL's C
 * locale uses. What neither engine would read as PostgreSQL does is
 * refused with 0A000 (check_pattern): (? constructs other than (?: and
 * lookaround, unknown escapes, \D \S \W inside brackets, and
 * case-insensitive patterns with non-ASCII characters.
 *
 * regexp_matches and regexp_split_to_table are set-returning: bind_array.c
 * binds them in FROM (and alone in a select list without FROM) as a call of
 * sql__regexp_srf_def(...), whose result is an array of the rows, unnested
 * by the series node.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/env.h"
#include "sql/func_int.h"
#include "sql/regexp_int.h"

#include <locale.h>
#include <pthread.h>
#include <string.h>

#define SQL_T_TEXTARR 1009

static const char *sp(const struct sql_value *v)
{
    return v->u.s.p ? v->u.s.p : "";
}

/* ---- flags (parse_re_flags) ---- */

/* REG_QUOTE's stand-in: the pattern is taken literally ('q'). */
#define RE_QUOTE (1 << 30)
/* REG_EXPANDED's stand-in ('x'): white space and #-comments are dropped. */
#define RE_EXPANDED (1 << 29)

static int parse_flags(const struct sql_value *f, int *cflags, bool *glob, struct err *e)
{
    *cflags = REG_EXTENDED;
    *glob = false;
    for (size_t i = 0; f != NULL && i < f->u.s.len; i++) {
        char ch = sp(f)[i];
        switch (ch) {
        case 'g':
            *glob = true;
            break;
        case 'c':
            *cflags &= ~REG_ICASE;
            break;
        case 'i':
            *cflags |= REG_ICASE;
            break;
        case 'm':
        case 'n':
            *cflags |= REG_NEWLINE;
            break;
        case 's':
            *cflags &= ~REG_NEWLINE;
            break;
        case 't':
            break;
        case 'q':
            *cflags |= RE_QUOTE;
            break;
        case 'x':
            *cflags |= RE_EXPANDED;
            break;
        case 'b':
        case 'e':
        case 'p':
        case 'w':
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "regular expression option \"%c\" is not supported", ch);
        default: {
            int l = sql__utf8_clen(sp(f) + i, f->u.s.len - i);
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid regular expression option: \"%.*s\"", l, sp(f) + i);
        }
        }
    }
    return 0;
}

static int no_global(const char *fn, bool hint, struct err *e)
{
    if (hint)
        return err_set_state(e, ERR_INVAL, "22023",
                             "%s does not support the \"global\" option" SQL_FUNC_HINT_SEP
                             "Use the regexp_matches function instead.",
                             fn);
    return err_set_state(e, ERR_INVAL, "22023", "%s does not support the \"global\" option", fn);
}

static int bad_param(const char *name, int64_t v, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22023", "invalid value for parameter \"%s\": %d", name,
                         (int)v);
}

/* ---- matching (setup_regexp_matches) ---- */

/* POSIX group numbers of the capturing groups of PostgreSQL pattern p, in
 * order; returns their count. */
static int capture_map(struct mem_ctx *ctx, const char *p, size_t len, int **map)
{
    int n = 0, opened = 0;
    bool in_br = false;
    int *m = mem_alloc(ctx, sizeof(int) * (len / 2 + 1));
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\\') {
            i++;
        } else if (in_br) {
            if (p[i] == '[' && i + 1 < len &&
                (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
                char kind = p[i + 1];
                size_t j = i + 2;
                while (j + 1 < len && !(p[j] == kind && p[j + 1] == ']'))
                    j++;
                i = j + 1;
            } else {
                in_br = p[i] != ']';
            }
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
            if (!(i + 1 < len && p[i + 1] == '?'))
                m[n++] = opened;
        }
    }
    *map = m;
    return n;
}

struct rmatch {
    const char *s; /* the subject, NUL-terminated copy */
    size_t len;
    int n;        /* matches found */
    int npat;     /* locations per match */
    int64_t *loc; /* 2 * npat * n byte offsets; -1 for a group that did not take part */
    int cap;      /* matches loc has room for */
};

static void add_loc(struct mem_ctx *ctx, struct rmatch *r, const int64_t *l)
{
    if (r->n == r->cap) {
        int ncap = r->cap ? r->cap * 2 : 8;
        int64_t *nl = mem_alloc(ctx, sizeof(int64_t) * 2 * (size_t)r->npat * (size_t)ncap);
        if (r->n > 0)
            memcpy(nl, r->loc, sizeof(int64_t) * 2 * (size_t)r->npat * (size_t)r->n);
        r->loc = nl;
        r->cap = ncap;
    }
    memcpy(r->loc + 2 * (size_t)r->npat * (size_t)r->n, l, sizeof(int64_t) * 2 * (size_t)r->npat);
    r->n++;
}

/* Byte offset of the character start_char (0-based) of s, len + 1 when the
 * string is shorter. */
static size_t char_to_byte(const char *s, size_t len, int64_t start_char)
{
    size_t pos = 0;
    for (int64_t k = 0; k < start_char; k++) {
        if (pos >= len)
            return len + 1;
        pos += (size_t)sql__utf8_clen(s + pos, len - pos);
    }
    return pos;
}

static int64_t byte_to_char(const char *s, size_t off)
{
    return (int64_t)sql__utf8_len(s, off);
}

static int not_supported(const char *what, struct err *e)
{
    return err_set_state(e, ERR_UNSUPPORTED, "0A000", "regular expression %s is not supported",
                         what);
}

/* Refuse what the POSIX engine would read differently from PostgreSQL's
 * advanced regular expressions (a wrong result otherwise): non-greedy
 * quantifiers, lookaround and other (? constructs, escapes other than the
 * class escapes, back-references and escaped punctuation, and escapes
 * inside bracket expressions other than \d \w \s and \\. */
static int check_pattern(const char *p, size_t len, struct err *e)
{
    bool in_br = false;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        char nx = i + 1 < len ? p[i + 1] : '\0';
        if (in_br) {
            if (ch == '\\') {
                i++; /* translate_re (func_like.c) reads escapes in brackets */
            } else if (ch == '[' && (nx == ':' || nx == '.' || nx == '=')) {
                size_t j = i + 2;
                while (j + 1 < len && !(p[j] == nx && p[j + 1] == ']'))
                    j++;
                i = j + 1;
            } else if (ch == ']') {
                in_br = false;
            }
            continue;
        }
        if (ch == '\\') {
            bool alnum =
                (nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') || (nx >= '0' && nx <= '9');
            if (alnum && strchr("dDwWsS0123456789tnrfvmMyYAZabBceuUx", nx) == NULL)
                return not_supported("escape", e);
            i++;
        } else if (ch == '[') {
            in_br = true;
            if (nx == '^')
                i++;
            if (i + 1 < len && p[i + 1] == ']')
                i++;
        } else if (ch == '(' && nx == '?' && !(i + 2 < len && strchr(":=!", p[i + 2]) != NULL) &&
                   !(i + 3 < len && p[i + 2] == '<' && (p[i + 3] == '=' || p[i + 3] == '!'))) {
            return not_supported("construct \"(?\"", e);
        }
    }
    return 0;
}

/* ASCII sets of PostgreSQL's classes in the C locale (pg_wc_isalpha & co.
 * are false above 127 there), for the UTF-8 POSIX engine. */
static const char *ascii_class(const char *name, size_t n)
{
    static const struct {
        const char *name;
        const char *set;
    } cls[] = {
        {"alpha", "A-Za-z"},    {"alnum", "0-9A-Za-z"},   {"upper", "A-Z"},
        {"lower", "a-z"},       {"digit", "0-9"},         {"xdigit", "0-9A-Fa-f"},
        {"blank", " \t"},       {"space", " \t\n\r\f\v"}, {"punct", "!-/:-@\\[\\\\\\]\\^_`{-~"},
        {"graph", "!-~"},       {"print", " -~"},         {"cntrl", "\x01-\x1f\x7f"},
        {"word", "0-9A-Za-z_"}, {"ascii", "\x01-\x7f"},
    };
    for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++)
        if (strlen(cls[i].name) == n && memcmp(cls[i].name, name, n) == 0)
            return cls[i].set;
    return NULL;
}

/* The pattern as the POSIX engine must see it (check_pattern passed): the
 * class escapes \w \W \s \S and [:class:] as explicit ASCII sets, \t \n \r
 * \f \v as the characters (POSIX reads them as letters). */
static int rewrite_pattern(struct sql_fcall *c, const struct sql_value *pat, struct sql_value *out,
                           struct err *e)
{
    const char *p = sp(pat);
    size_t len = pat->u.s.len;
    struct sbuf b;
    bool in_br = false;
    sbuf_init(&b);
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '\\' && i + 1 < len) {
            char nx = p[++i];
            const char *k = strchr("tnrfv", nx);
            if (nx == 'w')
                sbuf_puts(&b, in_br ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
            else if (nx == 's')
                sbuf_puts(&b, in_br ? " \t\n\r\f\v" : "[ \t\n\r\f\v]");
            else if (nx == 'W' && !in_br)
                sbuf_puts(&b, "[^0-9A-Za-z_]");
            else if (nx == 'S' && !in_br)
                sbuf_puts(&b, "[^ \t\n\r\f\v]");
            else if (k != NULL && !in_br)
                sbuf_putc(&b, "\t\n\r\f\v"[k - "tnrfv"]);
            else {
                sbuf_putc(&b, ch);
                sbuf_putc(&b, nx);
            }
            continue;
        }
        if (!in_br && ch == '[') {
            in_br = true;
            sbuf_putc(&b, ch);
            if (i + 1 < len && p[i + 1] == '^')
                sbuf_putc(&b, p[++i]);
            if (i + 1 < len && p[i + 1] == ']')
                sbuf_putc(&b, p[++i]);
            continue;
        }
        if (in_br && ch == '[' && i + 1 < len &&
            (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            char kind = p[i + 1];
            size_t j = i + 2;
            while (j + 1 < len && !(p[j] == kind && p[j + 1] == ']'))
                j++;
            if (kind == ':' && j + 1 < len) {
                const char *set = ascii_class(p + i + 2, j - i - 2);
                if (set == NULL) {
                    sbuf_free(&b);
                    return not_supported("character class", e);
                }
                sbuf_puts(&b, set);
            } else {
                sbuf_append(&b, p + i, (j + 1 < len ? j + 2 : len) - i);
            }
            i = j + 1;
            continue;
        }
        if (in_br && ch == ']')
            in_br = false;
        sbuf_putc(&b, ch);
    }
    *out = sql_text(mem_strndup(c->ctx, b.data ? b.data : "", b.len), b.len);
    sbuf_free(&b);
    return 0;
}

/* The expanded-syntax pattern ('x') without its white space and comments
 * (PostgreSQL's regc_lex.c skip()): outside bracket expressions, white
 * space is dropped and '#' starts a comment to the end of the line; an
 * escaped white-space character or '#' stands for itself. */
static void expand_pattern(struct sql_fcall *c, const struct sql_value *pat, struct sql_value *out)
{
    const char *p = sp(pat);
    size_t len = pat->u.s.len;
    struct sbuf b;
    bool in_br = false;
    sbuf_init(&b);
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (in_br) {
            if (ch == '[' && i + 1 < len &&
                (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
                char kind = p[i + 1];
                size_t j = i + 2;
                while (j + 1 < len && !(p[j] == kind && p[j + 1] == ']'))
                    j++;
                size_t end = j + 1 < len ? j + 2 : len;
                sbuf_append(&b, p + i, end - i);
                i = end - 1;
                continue;
            }
            if (ch == '\\' && i + 1 < len) {
                sbuf_putc(&b, ch);
                sbuf_putc(&b, p[++i]);
                continue;
            }
            if (ch == ']')
                in_br = false;
            sbuf_putc(&b, ch);
            continue;
        }
        if (strchr(" \t\n\r\f\v", ch) != NULL && ch != '\0')
            continue;
        if (ch == '#') {
            while (i + 1 < len && p[i + 1] != '\n')
                i++;
            continue;
        }
        if (ch == '\\' && i + 1 < len) {
            char nx = p[++i];
            if (nx == '#' || (strchr(" \t\n\r\f\v", nx) != NULL && nx != '\0')) {
                if (nx == '#')
                    sbuf_putc(&b, '\\');
                sbuf_putc(&b, nx);
            } else {
                sbuf_putc(&b, ch);
                sbuf_putc(&b, nx);
            }
            continue;
        }
        if (ch == '[') {
            in_br = true;
            sbuf_putc(&b, ch);
            if (i + 1 < len && p[i + 1] == '^')
                sbuf_putc(&b, p[++i]);
            if (i + 1 < len && p[i + 1] == ']')
                sbuf_putc(&b, p[++i]);
            continue;
        }
        sbuf_putc(&b, ch);
    }
    *out = sql_text(mem_strndup(c->ctx, b.data ? b.data : "", b.len), b.len);
    sbuf_free(&b);
}

static pthread_once_t loc_once = PTHREAD_ONCE_INIT;
static locale_t loc_utf8;

static void loc_init(void)
{
    loc_utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* The C.UTF-8 character-type locale, (locale_t)0 when the system lacks it
 * (matching is then bytewise). Lives for the process. */
static locale_t utf8_locale(void)
{
    pthread_once(&loc_once, loc_init);
    return loc_utf8;
}

static int run_matches(struct sql_fcall *c, struct sql_re *re, const struct sql_value *str,
                       const struct sql_value *pat, bool glob, int64_t start_char, int use_sub,
                       bool ignore_degenerate, struct rmatch *r, struct err *e);

/* Matches of pat in str from character start_char on (all of them when
 * glob). Each match's locations (r->loc) are, by use_sub: 0 the whole
 * match; 1 the capturing groups, the whole match when there are none;
 * SUB_ALL the whole match and then every capturing group. */
#define SUB_ALL 2
static int find_matches(struct sql_fcall *c, const struct sql_value *str,
                        const struct sql_value *pat, int cflags, bool glob, int64_t start_char,
                        int use_sub, bool ignore_degenerate, struct rmatch *r, struct err *e)
{
    struct sql_re *re;
    struct sql_value qpat, xpat;
    if (cflags & RE_QUOTE) {
        /* a literal pattern: every special character escaped */
        struct sbuf b;
        sbuf_init(&b);
        for (size_t i = 0; i < pat->u.s.len; i++) {
            char ch = sp(pat)[i];
            if (strchr(".[]()*+?{}|^$\\", ch) != NULL)
                sbuf_putc(&b, '\\');
            sbuf_putc(&b, ch);
        }
        qpat = sql_text(mem_strndup(c->ctx, b.data ? b.data : "", b.len), b.len);
        sbuf_free(&b);
        pat = &qpat;
    } else {
        if (cflags & RE_EXPANDED) {
            expand_pattern(c, pat, &xpat);
            pat = &xpat;
        }
        int rc = check_pattern(sp(pat), pat->u.s.len, e);
        if (rc < 0)
            return rc;
        if ((cflags & REG_ICASE) != 0) {
            for (size_t i = 0; i < pat->u.s.len; i++)
                if ((unsigned char)sp(pat)[i] >= 0x80)
                    return not_supported("case-insensitive match of non-ASCII characters", e);
        }
        if ((rc = rewrite_pattern(c, pat, &qpat, e)) < 0)
            return rc;
        pat = &qpat;
    }
    cflags &= ~(RE_QUOTE | RE_EXPANDED);
    /* multibyte-aware matching ('.' is one character), as PostgreSQL's
     * UTF-8 regexes; the thread's locale is restored below */
    locale_t loc = utf8_locale();
    locale_t old = loc != (locale_t)0 ? uselocale(loc) : (locale_t)0;
    int rc = sql__re_get(c, pat, cflags, &re, e);
    if (rc == 0)
        rc = run_matches(c, re, str, pat, glob, start_char, use_sub, ignore_degenerate, r, e);
    if (old != (locale_t)0)
        uselocale(old);
    return rc;
}

static int run_matches(struct sql_fcall *c, struct sql_re *re, const struct sql_value *str,
                       const struct sql_value *pat, bool glob, int64_t start_char, int use_sub,
                       bool ignore_degenerate, struct rmatch *r, struct err *e)
{
    int rc;
    memset(r, 0, sizeof(*r));
    r->len = str->u.s.len;
    r->s = mem_strndup(c->ctx, sp(str), r->len);
    int *map = NULL;
    int ncap = use_sub ? capture_map(c->ctx, sp(pat), pat->u.s.len, &map) : 0;
    int off = use_sub == SUB_ALL || ncap == 0 ? 1 : 0; /* the whole match first */
    r->npat = ncap + off;
    size_t nm = re->nsub + 1;
    regmatch_t *m = mem_alloc(c->ctx, sizeof(regmatch_t) * nm);
    int64_t *l = mem_alloc(c->ctx, sizeof(int64_t) * 2 * (size_t)r->npat);
    size_t pos = char_to_byte(r->s, r->len, start_char);
    size_t prev_end = 0;
    unsigned iter = 0;
    while ((glob || r->n == 0) && pos <= r->len) {
        if ((rc = sql__re_exec(re, r->s, r->len, pos, nm, m, e)) < 0)
            return rc;
        if (rc != 0)
            break;
        size_t so = (size_t)m[0].rm_so, eo = (size_t)m[0].rm_eo;
        if (!ignore_degenerate || (so < r->len && eo > prev_end)) {
            if (off) {
                l[0] = (int64_t)so;
                l[1] = (int64_t)eo;
            }
            for (int k = 0; k < ncap; k++) {
                bool in = (size_t)map[k] < nm && m[map[k]].rm_so >= 0 && m[map[k]].rm_eo >= 0;
                l[2 * (k + off)] = in ? (int64_t)m[map[k]].rm_so : -1;
                l[2 * (k + off) + 1] = in ? (int64_t)m[map[k]].rm_eo : -1;
            }
            add_loc(c->ctx, r, l);
            prev_end = eo;
        }
        /* on from the end of the match; past an empty match by one
         * character (so '$' matches once, 'a*' on 'aaa' gives aaa and '') */
        pos = eo;
        if (so == eo)
            pos += pos < r->len ? (size_t)sql__utf8_clen(r->s + pos, r->len - pos) : 1;
        if (++iter % 256 == 0 && c->env != NULL && (rc = sql_env_check_interrupts(c->env, e)) != 0)
            return rc;
    }
    return 0;
}

static struct sql_value text_of(struct sql_fcall *c, const struct rmatch *r, int64_t so, int64_t eo)
{
    if (so < 0 || eo < 0)
        return sql_null(SQL_T_TEXT);
    char *p = mem_strndup(c->ctx, r->s + so, (size_t)(eo - so));
    return sql_text(p, (size_t)(eo - so));
}

/* The text[] of match i (build_regexp_match_result). */
static struct sql_value match_array(struct sql_fcall *c, const struct rmatch *r, int i)
{
    struct sql_array *a = sql_array_new(c->ctx, SQL_T_TEXT, r->npat);
    const int64_t *l = r->loc + 2 * (size_t)r->npat * (size_t)i;
    for (int k = 0; k < r->npat; k++)
        a->items[k] = text_of(c, r, l[2 * k], l[2 * k + 1]);
    return sql_array_value(a);
}

/* The pieces between the matches (build_regexp_split_result). */
static struct sql_value split_array(struct sql_fcall *c, const struct rmatch *r)
{
    struct sql_array *a = sql_array_new(c->ctx, SQL_T_TEXT, r->n + 1);
    int64_t from = 0;
    for (int i = 0; i <= r->n; i++) {
        int64_t to = i < r->n ? r->loc[2 * i] : (int64_t)r->len;
        a->items[i] = text_of(c, r, from, to);
        if (i < r->n)
            from = r->loc[2 * i + 1];
    }
    return sql_array_value(a);
}

/* ---- the functions ---- */

/* The matches of a[1] in a[0] from character start_char for a function fn
 * that refuses the 'g' flag, with flags f (NULL: none): all of them when
 * all, else the first (regexp_match, whose error carries PostgreSQL's
 * hint). */
static int nonglobal_matches(struct sql_fcall *c, const struct sql_value *a,
                             const struct sql_value *f, const char *fn, bool all,
                             int64_t start_char, int use_sub, bool ignore_degenerate,
                             struct rmatch *r, struct err *e)
{
    int cflags;
    bool glob;
    int rc = parse_flags(f, &cflags, &glob, e);
    if (rc < 0)
        return rc;
    if (glob)
        return no_global(fn, !all, e);
    return find_matches(c, &a[0], &a[1], cflags, all, start_char, use_sub, ignore_degenerate, r, e);
}

/* regexp_split_to_array and regexp_split_to_table (fn): the pieces. */
static int split(struct sql_fcall *c, const struct sql_value *a, int n, const char *fn,
                 struct sql_value *out, struct err *e)
{
    struct rmatch r;
    int rc = nonglobal_matches(c, a, n > 2 ? &a[2] : NULL, fn, true, 0, false, true, &r, e);
    if (rc < 0)
        return rc;
    *out = split_array(c, &r);
    return 0;
}

/* The pair of r->loc of group subexpr (0: the whole match) of match nth
 * (1-based), -1 when there is none. */
static int64_t nth_pair(const struct rmatch *r, int64_t nth, int64_t subexpr)
{
    if (nth > r->n || subexpr > r->npat)
        return -1;
    int64_t pos = (nth - 1) * r->npat;
    if (subexpr > 0)
        pos += subexpr - 1;
    return pos;
}

int sql__fn_regexp_match(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    struct rmatch r;
    int rc = nonglobal_matches(c, a, n > 2 ? &a[2] : NULL, "regexp_match()", false, 0, true, false,
                               &r, e);
    if (rc < 0)
        return rc;
    if (r.n == 0) {
        *out = sql_null(SQL_T_TEXTARR);
        return 0;
    }
    *out = match_array(c, &r, 0);
    return 0;
}

int sql__fn_regexp_split_to_array(struct sql_fcall *c, const struct sql_value *a, int n,
                                  struct sql_value *out, struct err *e)
{
    return split(c, a, n, "regexp_split_to_array()", out, e);
}

int sql__fn_regexp_count(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    int64_t start = n > 2 ? a[2].u.i : 1;
    if (start <= 0)
        return bad_param("start", start, e);
    struct rmatch r;
    int rc = nonglobal_matches(c, a, n > 3 ? &a[3] : NULL, "regexp_count()", true, start - 1, false,
                               false, &r, e);
    if (rc < 0)
        return rc;
    *out = sql_int4(r.n);
    return 0;
}

int sql__fn_regexp_instr(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    int64_t start = 1, nth = 1, endopt = 0, subexpr = 0;
    if (n > 2 && (start = a[2].u.i) <= 0)
        return bad_param("start", start, e);
    if (n > 3 && (nth = a[3].u.i) <= 0)
        return bad_param("n", nth, e);
    if (n > 4 && (endopt = a[4].u.i) != 0 && endopt != 1)
        return bad_param("endoption", endopt, e);
    if (n > 6 && (subexpr = a[6].u.i) < 0)
        return bad_param("subexpr", subexpr, e);
    struct rmatch r;
    int rc = nonglobal_matches(c, a, n > 5 ? &a[5] : NULL, "regexp_instr()", true, start - 1,
                               subexpr > 0, false, &r, e);
    if (rc < 0)
        return rc;
    *out = sql_int4(0);
    int64_t pos = nth_pair(&r, nth, subexpr);
    if (pos < 0)
        return 0;
    pos = pos * 2 + (endopt == 1 ? 1 : 0);
    if (r.loc[pos] >= 0)
        *out = sql_int4((int32_t)(byte_to_char(r.s, (size_t)r.loc[pos]) + 1));
    return 0;
}

int sql__fn_regexp_substr_n(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    int64_t start = 1, nth = 1, subexpr = 0;
    if (n > 2 && (start = a[2].u.i) <= 0)
        return bad_param("start", start, e);
    if (n > 3 && (nth = a[3].u.i) <= 0)
        return bad_param("n", nth, e);
    if (n > 5 && (subexpr = a[5].u.i) < 0)
        return bad_param("subexpr", subexpr, e);
    struct rmatch r;
    int rc = nonglobal_matches(c, a, n > 4 ? &a[4] : NULL, "regexp_substr()", true, start - 1,
                               subexpr > 0, false, &r, e);
    if (rc < 0)
        return rc;
    *out = sql_null(SQL_T_TEXT);
    int64_t pos = nth_pair(&r, nth, subexpr);
    if (pos >= 0)
        *out = text_of(c, &r, r.loc[2 * pos], r.loc[2 * pos + 1]);
    return 0;
}

/* ---- set-returning forms ---- */

/* regexp_matches(string, pattern [, flags]): every match's text[] as the
 * items of one array value (type text[], items text[]), for the series
 * node to unnest. */
/* regexp_like(string, pattern [, flags]). */
int sql__fn_regexp_like(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    int cflags;
    bool glob;
    int rc = parse_flags(n > 2 ? &a[2] : NULL, &cflags, &glob, e);
    if (rc < 0)
        return rc;
    if (glob)
        return no_global("regexp_like()", false, e);
    struct rmatch r;
    if ((rc = find_matches(c, &a[0], &a[1], cflags, false, 0, 0, false, &r, e)) < 0)
        return rc;
    *out = sql_bool(r.n > 0);
    return 0;
}

/* The replacement text rp for match i of r (PostgreSQL's
 * appendStringInfoRegexpSubstr): \1 .. \9 the capturing group, \& the
 * whole match, \\ a backslash; any other backslash stays. */
static void append_replacement(struct sbuf *b, const struct rmatch *r, int i, const char *rp,
                               size_t rlen)
{
    const int64_t *l = r->loc + 2 * (size_t)r->npat * (size_t)i;
    for (size_t k = 0; k < rlen; k++) {
        if (rp[k] != '\\' || k + 1 >= rlen) {
            sbuf_putc(b, rp[k]);
            continue;
        }
        char nx = rp[k + 1];
        if ((nx >= '1' && nx <= '9') || nx == '&') {
            int g = nx == '&' ? 0 : nx - '0';
            if (g < r->npat && l[2 * g] >= 0 && l[2 * g + 1] >= 0)
                sbuf_append(b, r->s + l[2 * g], (size_t)(l[2 * g + 1] - l[2 * g]));
            k++;
        } else if (nx == '\\') {
            sbuf_putc(b, '\\');
            k++;
        } else {
            sbuf_putc(b, '\\');
        }
    }
}

/* regexp_replace(source, pattern, replacement [, flags]) and
 * regexp_replace(source, pattern, replacement, start [, N [, flags]])
 * (PostgreSQL 15's textregexreplace*): the Nth match from character start
 * on replaced, every match when N is 0 (or 'g' without N). */
int sql__fn_regexp_replace(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    const struct sql_value *f = NULL;
    int64_t start = 1, nth = 1;
    bool with_n = false;
    if (n == 4 && a[3].type == SQL_T_TEXT) {
        f = &a[3];
        if (f->u.s.len > 0 && sp(f)[0] >= '0' && sp(f)[0] <= '9')
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid regular expression option: \"%c\"" SQL_FUNC_HINT_SEP
                                 "If you meant to use regexp_replace() with a start parameter, "
                                 "cast the fourth argument to integer explicitly.",
                                 sp(f)[0]);
    } else if (n >= 4) {
        start = a[3].u.i;
        if (start <= 0)
            return bad_param("start", start, e);
        if (n >= 5) {
            nth = a[4].u.i;
            with_n = true;
            if (nth < 0)
                return bad_param("n", nth, e);
        }
        if (n >= 6)
            f = &a[5];
    }
    int cflags;
    bool glob;
    int rc = parse_flags(f, &cflags, &glob, e);
    if (rc < 0)
        return rc;
    if (!with_n)
        nth = glob ? 0 : 1;
    struct rmatch r;
    rc = find_matches(c, &a[0], &a[1], cflags, nth != 1, start - 1, SUB_ALL, false, &r, e);
    if (rc < 0)
        return rc;
    struct sbuf b;
    sbuf_init(&b);
    size_t pos = 0;
    for (int i = 0; i < r.n; i++) {
        if (nth > 0 && i + 1 != nth)
            continue;
        const int64_t *l = r.loc + 2 * (size_t)r.npat * (size_t)i;
        sbuf_append(&b, r.s + pos, (size_t)l[0] - pos);
        append_replacement(&b, &r, i, sp(&a[2]), a[2].u.s.len);
        pos = (size_t)l[1];
        if (b.len > SQL_MAX_ALLOC)
            break;
    }
    if (pos < r.len)
        sbuf_append(&b, r.s + pos, r.len - pos);
    if (b.len > SQL_MAX_ALLOC) {
        sbuf_free(&b);
        return err_set_state(e, ERR_LIMIT, "54000", "requested length too large");
    }
    *out = sql_text(mem_strndup(c->ctx, b.data ? b.data : "", b.len), b.len);
    sbuf_free(&b);
    return 0;
}

static int fn_matches_rows(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    int cflags;
    bool glob;
    int rc = parse_flags(n > 2 ? &a[2] : NULL, &cflags, &glob, e);
    if (rc < 0)
        return rc;
    struct rmatch r;
    rc = find_matches(c, &a[0], &a[1], cflags, glob, 0, true, false, &r, e);
    if (rc < 0)
        return rc;
    struct sql_array *rows = sql_array_new(c->ctx, SQL_T_TEXTARR, r.n);
    for (int i = 0; i < r.n; i++)
        rows->items[i] = match_array(c, &r, i);
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TEXTARR;
    out->u.arr = rows;
    return 0;
}

static int fn_split_rows(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    return split(c, a, n, "regexp_split_to_table()", out, e);
}

static const struct sql_func_def srf_defs[] = {
    {"regexp_matches",
     2763,
     2,
     false,
     {SQL_T_TEXT, SQL_T_TEXT},
     SQL_T_TEXTARR,
     fn_matches_rows,
     true,
     'i'},
    {"regexp_matches",
     2764,
     3,
     false,
     {SQL_T_TEXT, SQL_T_TEXT, SQL_T_TEXT},
     SQL_T_TEXTARR,
     fn_matches_rows,
     true,
     'i'},
    {"regexp_split_to_table",
     2765,
     2,
     false,
     {SQL_T_TEXT, SQL_T_TEXT},
     SQL_T_TEXTARR,
     fn_split_rows,
     true,
     'i'},
    {"regexp_split_to_table",
     2766,
     3,
     false,
     {SQL_T_TEXT, SQL_T_TEXT, SQL_T_TEXT},
     SQL_T_TEXTARR,
     fn_split_rows,
     true,
     'i'},
};

const struct sql_func_def *sql__regexp_srf_def(const char *name, int nargs, uint32_t *rowtype)
{
    for (size_t i = 0; i < sizeof(srf_defs) / sizeof(srf_defs[0]); i++) {
        if (strcmp(srf_defs[i].name, name) == 0 && srf_defs[i].nargs == nargs) {
            *rowtype = name[7] == 'm' ? SQL_T_TEXTARR : SQL_T_TEXT;
            return &srf_defs[i];
        }
    }
    return NULL;
}

bool sql__is_regexp_srf(const char *name)
{
    return strcmp(name, "regexp_matches") == 0 || strcmp(name, "regexp_split_to_table") == 0;
}
