/* toml.c — a strict reader for the TOML v1.0.0 subset of toml.h.
 *
 * Recursive descent over a byte buffer that need not be NUL-terminated:
 * every read goes through at(), which answers -1 past the end. Recursion is
 * bounded by TOML_MAX_DEPTH (arrays, inline tables and table depth alike),
 * so no input can exhaust the stack, and consumers that walk the tree
 * recursively are bounded too.
 *
 * Documents over TOML_MAX_INPUT (16 MiB) are refused before parsing: the
 * tree can take about 40 bytes per input byte (an array of one-digit
 * integers), and allocation failure aborts (mem.h).
 *
 * UTF-8 and control characters are checked where text may carry arbitrary
 * bytes (strings and comments); everywhere else the grammar only admits
 * ASCII, so any other byte is reported as unexpected.
 *
 * Table rules (TOML 1.0.0, "Table" and "Keys"): a table may be defined once,
 * by a [header] or by dotted keys. As in tomli, a table used as a container
 * by a dotted key is open to more dotted keys only in the same section (the
 * lines between two headers); after that it counts as defined, so neither
 * a [header] nor dotted keys of a later section may reopen it. Tables made
 * implicitly by a header ([a.b] makes a) stay open. Inline tables, and the
 * tables dotted keys make inside them, are closed once their '}' is read.
 *
 * Table values are allocated as struct ptable, whose first member is the
 * public struct toml_value; the extra fields (capacity, depth, a hash index
 * for large tables, the dotted-key section) are the parser's own.
 */
#include "common/toml.h"

#include "common/err.h"
#include "common/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOML_MAX_DEPTH 64
#define TOML_MAX_INPUT ((size_t)16 << 20) /* the tree takes up to ~40 bytes per input byte */
#define INDEX_MIN_KEYS 8                  /* tables with more keys get a hash index */

struct ptable {
    struct toml_value v; /* first: a table's struct toml_value * points here */
    size_t cap;          /* of keys/vals/key_lines/key_columns */
    int depth;           /* root = 0, each sub-table one more */
    int dotted_section;  /* section that used it as a dotted-key container, 0: none */
    uint32_t *index;     /* open addressing, slot = key index + 1; NULL when small */
    size_t index_cap;    /* power of two */
};

struct keypart {
    char *s;
    int line, col;
};

struct parser {
    struct mem_ctx *ctx;
    struct err *err;
    const unsigned char *buf;
    size_t len;
    size_t pos;
    size_t line_start; /* offset of the current line's first byte */
    int line;
    const char *filename;
    struct ptable *root;
    struct ptable *cur; /* table that key/value lines go to */
    int section;        /* 1 before the first header, +1 at each header */
    char *scratch;      /* decoded string being built */
    size_t slen, scap;
};

/* ---- input and errors --------------------------------------------------- */

static int at(const struct parser *P, size_t k)
{
    return P->pos + k < P->len ? P->buf[P->pos + k] : -1;
}

static int col_of(const struct parser *P, size_t pos)
{
    return (int)(pos - P->line_start) + 1;
}

static int col(const struct parser *P)
{
    return col_of(P, P->pos);
}

static int fail(struct parser *P, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct parser *P, int line, int column, const char *fmt, ...)
{
    char what[ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return err_set(P->err, ERR_CONFIG, "%s:%d:%d: %s", P->filename, line, column, what);
}

/* Consume the newline at pos ('\n' or "\r\n"). */
static void take_newline(struct parser *P)
{
    P->pos += at(P, 0) == '\r' ? 2 : 1;
    P->line++;
    P->line_start = P->pos;
}

static bool at_newline(const struct parser *P)
{
    int c = at(P, 0);
    return c == '\n' || (c == '\r' && at(P, 1) == '\n');
}

static bool is_control(int c)
{
    return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

/* Length (1..4) of the UTF-8 sequence at s (avail bytes), 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF are refused
 * (RFC 3629 §4). */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char b = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;

    if (b < 0x80)
        return 1;
    if (b >= 0xc2 && b <= 0xdf) {
        n = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
        n = 3;
        if (b == 0xe0)
            lo = 0xa0;
        else if (b == 0xed)
            hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
        n = 4;
        if (b == 0xf0)
            lo = 0x90;
        else if (b == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

/* Describe the byte(s) at pos for "found ..." in messages. */
static const char *describe(const struct parser *P, size_t pos, char *buf, size_t cap)
{
    if (pos >= P->len)
        return "end of file";
    int c = P->buf[pos];
    if (c == '\n' || (c == '\r' && pos + 1 < P->len && P->buf[pos + 1] == '\n'))
        return "end of line";
    if (c == ' ' || c == '\t')
        return "whitespace";
    if (is_control(c)) {
        snprintf(buf, cap, "control character U+%04X", (unsigned)c);
    } else if (c < 0x80) {
        snprintf(buf, cap, "'%c'", c);
    } else {
        size_t n = utf8_seq(P->buf + pos, P->len - pos);
        if (n == 0)
            snprintf(buf, cap, "invalid UTF-8 byte 0x%02X", (unsigned)c);
        else
            snprintf(buf, cap, "'%.*s'", (int)n, (const char *)P->buf + pos);
    }
    return buf;
}

/* "expected X, found <what is at pos>" at the current position. */
static int unexpected(struct parser *P, const char *expected)
{
    char buf[48];
    return fail(P, P->line, col(P), "expected %s, found %s", expected,
                describe(P, P->pos, buf, sizeof(buf)));
}

/* Check one byte of free text (string or comment body) at pos: returns its
 * sequence length, or 0 after setting the error. Newlines are the caller's. */
static size_t text_char(struct parser *P, const char *where)
{
    int c = at(P, 0);
    if (is_control(c)) {
        fail(P, P->line, col(P), "control character U+%04X in %s", (unsigned)c, where);
        return 0;
    }
    size_t n = utf8_seq(P->buf + P->pos, P->len - P->pos);
    if (n == 0)
        fail(P, P->line, col(P), "invalid UTF-8 in %s", where);
    return n;
}

/* ---- whitespace and comments -------------------------------------------- */

static void skip_ws(struct parser *P)
{
    int c;
    while ((c = at(P, 0)) == ' ' || c == '\t')
        P->pos++;
}

/* At '#': consume the comment up to (not including) the newline. */
static int skip_comment(struct parser *P)
{
    P->pos++;
    while (P->pos < P->len && !at_newline(P)) {
        size_t n = text_char(P, "comment");
        if (n == 0)
            return ERR_CONFIG;
        P->pos += n;
    }
    return 0;
}

/* Whitespace, newlines and comments, as allowed between array elements. */
static int skip_ws_nl(struct parser *P)
{
    for (;;) {
        skip_ws(P);
        if (at(P, 0) == '#') {
            if (skip_comment(P) != 0)
                return ERR_CONFIG;
        } else if (at_newline(P)) {
            take_newline(P);
        } else {
            return 0;
        }
    }
}

/* After a key/value or a header: optional comment, then newline or EOF. */
static int end_of_line(struct parser *P, const char *after)
{
    char buf[48];

    skip_ws(P);
    if (at(P, 0) == '#' && skip_comment(P) != 0)
        return ERR_CONFIG;
    if (P->pos >= P->len)
        return 0;
    if (at_newline(P)) {
        take_newline(P);
        return 0;
    }
    return fail(P, P->line, col(P), "expected a newline after %s, found %s", after,
                describe(P, P->pos, buf, sizeof(buf)));
}

/* ---- tables ------------------------------------------------------------- */

static const char *with_article(enum toml_type t)
{
    switch (t) {
    case TOML_STRING:
        return "a string";
    case TOML_INTEGER:
        return "an integer";
    case TOML_FLOAT:
        return "a float";
    case TOML_BOOL:
        return "a boolean";
    case TOML_ARRAY:
        return "an array";
    case TOML_TABLE:
        return "a table";
    }
    return "a value";
}

static struct ptable *as_ptable(struct toml_value *v)
{
    return (struct ptable *)v; /* every table is allocated as a struct ptable */
}

static struct ptable *new_table(struct parser *P, int depth, int line, int column)
{
    struct ptable *t = mem_alloc0(P->ctx, sizeof(*t));
    t->v.type = TOML_TABLE;
    t->v.line = line;
    t->v.column = column;
    t->depth = depth;
    return t;
}

static uint32_t key_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void index_put(struct ptable *t, size_t i)
{
    size_t mask = t->index_cap - 1;
    size_t slot = key_hash(t->v.u.tab.keys[i]) & mask;
    while (t->index[slot] != 0)
        slot = (slot + 1) & mask;
    t->index[slot] = (uint32_t)(i + 1);
}

/* Index of key in t, or -1. */
static long find_key(const struct ptable *t, const char *key)
{
    if (t->index == NULL) {
        for (size_t i = 0; i < t->v.u.tab.n; i++)
            if (strcmp(t->v.u.tab.keys[i], key) == 0)
                return (long)i;
        return -1;
    }
    size_t mask = t->index_cap - 1;
    for (size_t slot = key_hash(key) & mask; t->index[slot] != 0; slot = (slot + 1) & mask) {
        size_t i = t->index[slot] - 1;
        if (strcmp(t->v.u.tab.keys[i], key) == 0)
            return (long)i;
    }
    return -1;
}

static void add_key(struct parser *P, struct ptable *t, const struct keypart *k,
                    struct toml_value *v)
{
    size_t n = t->v.u.tab.n;

    if (n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4;
        t->v.u.tab.keys =
            mem_realloc(P->ctx, t->v.u.tab.keys, n * sizeof(char *), cap * sizeof(char *));
        t->v.u.tab.vals = mem_realloc(P->ctx, t->v.u.tab.vals, n * sizeof(struct toml_value *),
                                      cap * sizeof(struct toml_value *));
        t->v.u.tab.key_lines =
            mem_realloc(P->ctx, t->v.u.tab.key_lines, n * sizeof(int), cap * sizeof(int));
        t->v.u.tab.key_columns =
            mem_realloc(P->ctx, t->v.u.tab.key_columns, n * sizeof(int), cap * sizeof(int));
        t->cap = cap;
    }
    t->v.u.tab.keys[n] = k->s;
    t->v.u.tab.vals[n] = v;
    t->v.u.tab.key_lines[n] = k->line;
    t->v.u.tab.key_columns[n] = k->col;
    t->v.u.tab.n = n + 1;

    if (n + 1 < INDEX_MIN_KEYS)
        return;
    if (t->index == NULL || (n + 1) * 2 > t->index_cap) {
        t->index_cap = t->index_cap ? t->index_cap * 2 : 4 * INDEX_MIN_KEYS;
        t->index = mem_alloc0(P->ctx, t->index_cap * sizeof(uint32_t));
        for (size_t i = 0; i <= n; i++)
            index_put(t, i);
    } else {
        index_put(t, n);
    }
}

/* "a.b.c" from the first n parts, for messages. */
static const char *key_path(const struct keypart *parts, int n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? "." : "", parts[i].s);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* A table that an inline table closes over: no later additions. */
static void freeze(struct ptable *t)
{
    t->v.u.tab.inline_table = true;
    for (size_t i = 0; i < t->v.u.tab.n; i++) {
        struct toml_value *v = t->v.u.tab.vals[i];
        if (v->type == TOML_TABLE && !v->u.tab.inline_table)
            freeze(as_ptable(v)); /* depth is bounded by TOML_MAX_DEPTH */
    }
}

/* The sub-table parts[i] of t, created if absent, for a header ([a.b.c]) or
 * a dotted key (a.b.c = 1). NULL after setting the error. */
static struct ptable *descend(struct parser *P, struct ptable *t, const struct keypart *parts,
                              int i, bool dotted)
{
    char path[256];
    long idx = find_key(t, parts[i].s);

    if (idx < 0) {
        if (t->depth + 1 > TOML_MAX_DEPTH) {
            fail(P, parts[i].line, parts[i].col, "nesting is deeper than %d levels",
                 TOML_MAX_DEPTH);
            return NULL;
        }
        struct ptable *sub = new_table(P, t->depth + 1, parts[i].line, parts[i].col);
        if (dotted)
            sub->dotted_section = P->section;
        add_key(P, t, &parts[i], &sub->v);
        return sub;
    }
    struct toml_value *v = t->v.u.tab.vals[idx];
    if (v->type != TOML_TABLE) {
        fail(P, parts[i].line, parts[i].col, "key '%s' is already %s, not a table",
             key_path(parts, i + 1, path, sizeof(path)), with_article(v->type));
        return NULL;
    }
    struct ptable *sub = as_ptable(v);
    if (v->u.tab.inline_table) {
        fail(P, parts[i].line, parts[i].col, "inline table '%s' cannot be extended",
             key_path(parts, i + 1, path, sizeof(path)));
        return NULL;
    }
    if (dotted) {
        if (v->u.tab.defined_by_header ||
            (sub->dotted_section != 0 && sub->dotted_section != P->section)) {
            fail(P, parts[i].line, parts[i].col,
                 "table '%s' is already defined; dotted keys cannot extend it",
                 key_path(parts, i + 1, path, sizeof(path)));
            return NULL;
        }
        sub->dotted_section = P->section;
    }
    return sub;
}

/* ---- strings ------------------------------------------------------------ */

static void put(struct parser *P, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (P->slen + n > P->scap) {
        size_t cap = P->scap ? P->scap : 64;
        while (cap < P->slen + n)
            cap *= 2;
        P->scratch = mem_realloc(P->ctx, P->scratch, P->slen, cap);
        P->scap = cap;
    }
    memcpy(P->scratch + P->slen, p, n);
    P->slen += n;
}

static void put_utf8(struct parser *P, uint32_t cp)
{
    unsigned char b[4];
    size_t n;

    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xc0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xe0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xf0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    put(P, b, n);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* At a backslash inside a basic string. */
static int escape(struct parser *P, bool multiline)
{
    int line = P->line, column = col(P);
    int c = at(P, 1);
    char ch;

    switch (c) {
    case 'b':
        ch = '\b';
        break;
    case 't':
        ch = '\t';
        break;
    case 'n':
        ch = '\n';
        break;
    case 'f':
        ch = '\f';
        break;
    case 'r':
        ch = '\r';
        break;
    case '"':
        ch = '"';
        break;
    case '\\':
        ch = '\\';
        break;
    case 'u':
    case 'U': {
        int digits = c == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (int i = 0; i < digits; i++) {
            int h = hexval(at(P, 2 + (size_t)i));
            if (h < 0)
                return fail(P, line, column, "invalid escape: \\%c needs %d hex digits", c, digits);
            cp = cp << 4 | (uint32_t)h;
        }
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return fail(P, line, column, "invalid escape: U+%04X is not a Unicode scalar value",
                        (unsigned)cp);
        if (cp == 0)
            return fail(P, line, column, "invalid escape: NUL (\\u0000) is not allowed");
        put_utf8(P, cp);
        P->pos += 2 + (size_t)digits;
        return 0;
    }
    default:
        if (multiline) {
            /* Line-ending backslash: drop it, the newline and all whitespace
             * up to the next non-whitespace character. */
            size_t save = P->pos++;
            skip_ws(P);
            if (at_newline(P)) {
                while (at_newline(P) || at(P, 0) == ' ' || at(P, 0) == '\t') {
                    if (at_newline(P))
                        take_newline(P);
                    else
                        P->pos++;
                }
                return 0;
            }
            P->pos = save;
        }
        if (c >= 0x20 && c < 0x7f)
            return fail(P, line, column, "invalid escape sequence '\\%c'", c);
        return fail(P, line, column, "invalid escape sequence");
    }
    put(P, &ch, 1);
    P->pos += 2;
    return 0;
}

/* At the opening quote of a basic ("...", """...""") or literal ('...',
 * '''...''') string. The result is NUL-terminated, allocated in ctx. */
static int parse_string(struct parser *P, bool multiline, char **out, size_t *outlen)
{
    int line = P->line, column = col(P);
    int q = at(P, 0);
    bool basic = q == '"';

    P->pos += multiline ? 3 : 1;
    P->slen = 0;
    if (multiline && at_newline(P))
        take_newline(P); /* a newline right after the opening delimiter is trimmed */
    for (;;) {
        int c = at(P, 0);
        if (c < 0)
            return fail(P, line, column, "unterminated string");
        if (c == q) {
            if (!multiline) {
                P->pos++;
                break;
            }
            size_t run = 0;
            while (at(P, run) == q && run < 5)
                run++;
            if (run >= 3) {
                put(P, P->buf + P->pos, run - 3); /* up to two quotes before the close */
                P->pos += run;
                break;
            }
            put(P, P->buf + P->pos, run);
            P->pos += run;
        } else if (c == '\\' && basic) {
            if (escape(P, multiline) != 0)
                return ERR_CONFIG;
        } else if (at_newline(P)) {
            if (!multiline)
                return fail(P, line, column, "unterminated string");
            put(P, "\n", 1);
            take_newline(P);
        } else {
            size_t n = text_char(P, "string");
            if (n == 0)
                return ERR_CONFIG;
            put(P, P->buf + P->pos, n);
            P->pos += n;
        }
    }
    *out = mem_alloc(P->ctx, P->slen + 1);
    if (P->slen)
        memcpy(*out, P->scratch, P->slen);
    (*out)[P->slen] = '\0';
    *outlen = P->slen;
    return 0;
}

/* ---- keys --------------------------------------------------------------- */

static bool is_bare(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* key = simple-key *( ws "." ws simple-key ); up to TOML_MAX_DEPTH parts. */
static int parse_key(struct parser *P, struct keypart *parts, int *nparts)
{
    int n = 0;
    for (;;) {
        struct keypart *k = &parts[n];
        int c = at(P, 0);
        size_t len;

        if (n == TOML_MAX_DEPTH)
            return fail(P, P->line, col(P), "nesting is deeper than %d levels", TOML_MAX_DEPTH);
        k->line = P->line;
        k->col = col(P);
        if (c == '"' || c == '\'') {
            if (at(P, 1) == c && at(P, 2) == c)
                return fail(P, k->line, k->col, "a multi-line string cannot be a key");
            if (parse_string(P, false, &k->s, &len) != 0)
                return ERR_CONFIG;
        } else if (is_bare(c)) {
            size_t start = P->pos;
            while (is_bare(at(P, 0)))
                P->pos++;
            k->s = mem_strndup(P->ctx, (const char *)P->buf + start, P->pos - start);
        } else {
            return unexpected(P, "a key");
        }
        n++;
        skip_ws(P);
        if (at(P, 0) != '.')
            break;
        P->pos++;
        skip_ws(P);
    }
    *nparts = n;
    return 0;
}

/* ---- scalars ------------------------------------------------------------ */

static bool is_token(int c)
{
    return is_bare(c) || c == '+' || c == '.' || c == ':';
}

static bool is_digit(int c, int base)
{
    if (base == 16)
        return hexval(c) >= 0;
    return c >= '0' && c < '0' + base;
}

/* digit *( digit / "_" digit ) at tok[*i]; false if not even one digit. */
static bool scan_digits(const char *tok, size_t n, size_t *i, int base)
{
    if (*i >= n || !is_digit(tok[*i], base))
        return false;
    while (*i < n) {
        if (is_digit(tok[*i], base))
            (*i)++;
        else if (tok[*i] == '_' && *i + 1 < n && is_digit(tok[*i + 1], base))
            (*i)++;
        else
            break;
    }
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* 1979-05-27..., 07:32:00... (RFC 3339 as TOML uses it). */
static bool looks_like_datetime(const char *t, size_t n)
{
    if (n >= 10 && all_digits(t, 4) && t[4] == '-' && all_digits(t + 5, 2) && t[7] == '-' &&
        all_digits(t + 8, 2))
        return true;
    return n >= 5 && all_digits(t, 2) && t[2] == ':' && all_digits(t + 3, 2);
}

static int parse_number(struct parser *P, const char *tok, size_t n, int line, int column,
                        struct toml_value *v)
{
    size_t i = 0;
    bool neg = false, sign = false, is_float = false;
    int base = 10;
    int shown = n > 40 ? 40 : (int)n;

    if (tok[0] == '+' || tok[0] == '-') {
        neg = tok[0] == '-';
        sign = true;
        i++;
    }
    if (n - i == 3 && (memcmp(tok + i, "inf", 3) == 0 || memcmp(tok + i, "nan", 3) == 0)) {
        double f = tok[i] == 'i' ? INFINITY : NAN;
        v->type = TOML_FLOAT;
        v->u.f = neg ? -f : f;
        return 0;
    }
    if (i < n && tok[i] == '0' && i + 1 < n &&
        (tok[i + 1] == 'x' || tok[i + 1] == 'o' || tok[i + 1] == 'b')) {
        base = tok[i + 1] == 'x' ? 16 : tok[i + 1] == 'o' ? 8 : 2;
        if (sign)
            return fail(P, line, column, "a sign is not allowed on a %s integer",
                        base == 16  ? "hexadecimal"
                        : base == 8 ? "octal"
                                    : "binary");
        i += 2;
        if (!scan_digits(tok, n, &i, base) || i != n)
            return fail(P, line, column, "invalid %s integer '%.*s'",
                        base == 16  ? "hexadecimal"
                        : base == 8 ? "octal"
                                    : "binary",
                        shown, tok);
    } else {
        if (i < n && tok[i] == '0' && i + 1 < n && (is_digit(tok[i + 1], 10) || tok[i + 1] == '_'))
            return fail(P, line, column, "leading zeros are not allowed in '%.*s'", shown, tok);
        if (!scan_digits(tok, n, &i, 10))
            goto bad;
        if (i < n && tok[i] == '.') {
            i++;
            is_float = true;
            if (!scan_digits(tok, n, &i, 10))
                goto bad;
        }
        if (i < n && (tok[i] == 'e' || tok[i] == 'E')) {
            i++;
            is_float = true;
            if (i < n && (tok[i] == '+' || tok[i] == '-'))
                i++;
            if (!scan_digits(tok, n, &i, 10))
                goto bad;
        }
        if (i != n)
            goto bad;
    }

    if (is_float) {
        /* strtod on a copy without underscores; the process never changes
         * LC_NUMERIC, so the decimal point is '.'. */
        char *copy = mem_alloc(P->ctx, n + 1);
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            if (tok[j] != '_')
                copy[k++] = tok[j];
        copy[k] = '\0';
        double f = strtod(copy, NULL);
        if (isinf(f))
            return fail(P, line, column, "float '%.*s' is out of range", shown, tok);
        v->type = TOML_FLOAT;
        v->u.f = f;
        return 0;
    }

    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    for (size_t j = (sign ? 1 : 0) + (base == 10 ? 0 : 2); j < n; j++) {
        if (tok[j] == '_')
            continue;
        uint64_t d = (uint64_t)hexval(tok[j]);
        if (mag > (limit - d) / (uint64_t)base)
            return fail(P, line, column, "integer '%.*s' does not fit in 64 bits", shown, tok);
        mag = mag * (uint64_t)base + d;
    }
    v->type = TOML_INTEGER;
    v->u.i = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    return 0;

bad:
    if (i < n && tok[i] == '_')
        return fail(P, line, column, "invalid number '%.*s': '_' must be between digits", shown,
                    tok);
    return fail(P, line, column, "invalid number '%.*s'", shown, tok);
}

/* A bare value: boolean, integer or float (or a date, refused). */
static int parse_scalar(struct parser *P, struct toml_value *v)
{
    int line = P->line, column = col(P);
    size_t start = P->pos;

    while (is_token(at(P, 0)))
        P->pos++;
    const char *tok = (const char *)P->buf + start;
    size_t n = P->pos - start;
    int shown = n > 40 ? 40 : (int)n;

    if (n == 0)
        return unexpected(P, "a value");
    if (n == 4 && memcmp(tok, "true", 4) == 0) {
        v->type = TOML_BOOL;
        v->u.b = true;
        return 0;
    }
    if (n == 5 && memcmp(tok, "false", 5) == 0) {
        v->type = TOML_BOOL;
        v->u.b = false;
        return 0;
    }
    if (looks_like_datetime(tok, n))
        return fail(P, line, column, "dates and times are not supported");
    size_t s = tok[0] == '+' || tok[0] == '-' ? 1 : 0;
    if (s < n &&
        ((tok[s] >= '0' && tok[s] <= '9') ||
         (n - s == 3 && (memcmp(tok + s, "inf", 3) == 0 || memcmp(tok + s, "nan", 3) == 0))))
        return parse_number(P, tok, n, line, column, v);
    if ((tok[0] >= 'a' && tok[0] <= 'z') || (tok[0] >= 'A' && tok[0] <= 'Z'))
        return fail(P, line, column, "invalid value '%.*s' (strings must be quoted)", shown, tok);
    return fail(P, line, column, "invalid number '%.*s'", shown, tok);
}

/* ---- values ------------------------------------------------------------- */

static int parse_value(struct parser *P, int depth, struct toml_value **out);
static int parse_keyval(struct parser *P, struct ptable *t);

static int parse_array(struct parser *P, int depth, struct toml_value *v)
{
    int line = P->line, column = col(P);
    struct toml_value **items = NULL;
    size_t n = 0, cap = 0;

    P->pos++;
    for (;;) {
        if (skip_ws_nl(P) != 0)
            return ERR_CONFIG;
        if (P->pos >= P->len)
            return fail(P, line, column, "unterminated array");
        if (at(P, 0) == ']') {
            P->pos++;
            break;
        }
        struct toml_value *item;
        if (parse_value(P, depth + 1, &item) != 0)
            return ERR_CONFIG;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            items = mem_realloc(P->ctx, items, cap * sizeof(*items), ncap * sizeof(*items));
            cap = ncap;
        }
        items[n++] = item;
        if (skip_ws_nl(P) != 0)
            return ERR_CONFIG;
        if (P->pos >= P->len)
            return fail(P, line, column, "unterminated array");
        if (at(P, 0) == ',') {
            P->pos++;
        } else if (at(P, 0) == ']') {
            P->pos++;
            break;
        } else {
            return unexpected(P, "',' or ']' in array");
        }
    }
    v->type = TOML_ARRAY;
    v->u.arr.items = items;
    v->u.arr.n = n;
    return 0;
}

/* { key = value, ... } on one line, no trailing comma (TOML 1.0.0). */
static int parse_inline_table(struct parser *P, struct ptable *t)
{
    int line = P->line, column = col(P);

    P->pos++;
    skip_ws(P);
    if (at(P, 0) == '}') {
        P->pos++;
        freeze(t);
        return 0;
    }
    for (;;) {
        skip_ws(P);
        if (P->pos >= P->len)
            return fail(P, line, column, "unterminated inline table");
        if (at_newline(P))
            return fail(P, P->line, col(P), "an inline table must be on one line");
        if (parse_keyval(P, t) != 0)
            return ERR_CONFIG;
        skip_ws(P);
        if (P->pos >= P->len)
            return fail(P, line, column, "unterminated inline table");
        if (at(P, 0) == '}') {
            P->pos++;
            break;
        }
        if (at(P, 0) != ',') {
            if (at_newline(P))
                return fail(P, P->line, col(P), "an inline table must be on one line");
            return unexpected(P, "',' or '}' in inline table");
        }
        int cline = P->line, ccol = col(P);
        P->pos++;
        skip_ws(P);
        if (at(P, 0) == '}')
            return fail(P, cline, ccol, "trailing comma in inline table");
    }
    freeze(t);
    return 0;
}

/* A value whose depth in the tree is depth (root = 0). *out in ctx. */
static int parse_value(struct parser *P, int depth, struct toml_value **out)
{
    int line = P->line, column = col(P);
    int c = at(P, 0);
    struct toml_value *v;

    if (depth > TOML_MAX_DEPTH)
        return fail(P, line, column, "nesting is deeper than %d levels", TOML_MAX_DEPTH);
    if (c == '{') {
        struct ptable *t = new_table(P, depth, line, column);
        *out = &t->v;
        return parse_inline_table(P, t);
    }
    v = mem_alloc0(P->ctx, sizeof(*v));
    v->line = line;
    v->column = column;
    *out = v;
    if (c == '"' || c == '\'') {
        bool ml = at(P, 1) == c && at(P, 2) == c;
        v->type = TOML_STRING;
        return parse_string(P, ml, &v->u.str.ptr, &v->u.str.len);
    }
    if (c == '[')
        return parse_array(P, depth, v);
    return parse_scalar(P, v);
}

/* key = value, into t (dotted keys make or extend sub-tables of t). */
static int parse_keyval(struct parser *P, struct ptable *t)
{
    struct keypart parts[TOML_MAX_DEPTH];
    int n;
    char path[256];

    if (parse_key(P, parts, &n) != 0)
        return ERR_CONFIG;
    if (at(P, 0) != '=')
        return unexpected(P, "'=' after the key");
    P->pos++;
    skip_ws(P);
    for (int i = 0; i < n - 1; i++) {
        t = descend(P, t, parts, i, true);
        if (t == NULL)
            return ERR_CONFIG;
    }
    const struct keypart *stem = &parts[n - 1];
    if (find_key(t, stem->s) >= 0)
        return fail(P, stem->line, stem->col, "duplicate key '%s'",
                    key_path(parts, n, path, sizeof(path)));
    struct toml_value *v;
    if (parse_value(P, t->depth + 1, &v) != 0)
        return ERR_CONFIG;
    add_key(P, t, stem, v);
    return 0;
}

/* [a.b.c] */
static int parse_header(struct parser *P)
{
    struct keypart parts[TOML_MAX_DEPTH];
    int line = P->line, column = col(P);
    int n;
    char path[256];

    if (at(P, 1) == '[')
        return fail(P, line, column, "arrays of tables ([[...]]) are not supported");
    P->pos++;
    skip_ws(P);
    if (parse_key(P, parts, &n) != 0)
        return ERR_CONFIG;
    if (at(P, 0) != ']')
        return unexpected(P, "']' to close the table header");
    P->pos++;

    P->section++;
    struct ptable *t = P->root;
    for (int i = 0; i < n - 1; i++) {
        t = descend(P, t, parts, i, false);
        if (t == NULL)
            return ERR_CONFIG;
    }
    t = descend(P, t, parts, n - 1, false);
    if (t == NULL)
        return ERR_CONFIG;
    key_path(parts, n, path, sizeof(path));
    if (t->v.u.tab.defined_by_header)
        return fail(P, line, column, "table [%s] is defined more than once", path);
    if (t->dotted_section != 0)
        return fail(P, line, column, "table [%s] is already defined by dotted keys", path);
    t->v.u.tab.defined_by_header = true;
    t->v.line = line;
    t->v.column = column;
    P->cur = t;
    return 0;
}

/* ---- entry points ------------------------------------------------------- */

int toml_parse(struct mem_ctx *ctx, const char *text, size_t len, const char *filename,
               struct toml_value **out, struct err *err)
{
    struct parser P;

    memset(&P, 0, sizeof(P));
    P.ctx = ctx;
    P.err = err;
    P.buf = (const unsigned char *)text;
    P.len = len;
    P.line = 1;
    P.filename = filename ? filename : "<input>";
    P.section = 1;
    *out = NULL;
    if (len > TOML_MAX_INPUT)
        return fail(&P, 1, 1, "document is larger than %zu MiB", TOML_MAX_INPUT >> 20);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        P.pos = P.line_start = 3; /* UTF-8 byte order mark */
    P.root = new_table(&P, 0, 1, 1);
    P.cur = P.root;

    while (P.pos < P.len) {
        int rc = 0;
        const char *after = "the value";
        skip_ws(&P);
        if (at(&P, 0) == '[') {
            rc = parse_header(&P);
            after = "the table header";
        } else if (at(&P, 0) != '#' && !at_newline(&P) && P.pos < P.len) {
            rc = parse_keyval(&P, P.cur);
        }
        if (rc == 0)
            rc = end_of_line(&P, after);
        if (rc != 0)
            return rc;
    }
    *out = &P.root->v;
    return 0;
}

const struct toml_value *toml_get(const struct toml_value *table, const char *key)
{
    if (table == NULL || table->type != TOML_TABLE)
        return NULL;
    for (size_t i = 0; i < table->u.tab.n; i++)
        if (strcmp(table->u.tab.keys[i], key) == 0)
            return table->u.tab.vals[i];
    return NULL;
}

const char *toml_type_name(enum toml_type t)
{
    switch (t) {
    case TOML_STRING:
        return "string";
    case TOML_INTEGER:
        return "integer";
    case TOML_FLOAT:
        return "float";
    case TOML_BOOL:
        return "boolean";
    case TOML_ARRAY:
        return "array";
    case TOML_TABLE:
        return "table";
    }
    return "unknown";
}
