/* copy_fmt.c — COPY's options and its text and CSV formats (PostgreSQL
 * 15's copy.c ProcessCopyOptions, copyfromparse.c CopyReadAttributesText /
 * CopyReadAttributesCSV, copyto.c CopyAttributeOutText / CopyAttributeOutCSV).
 *
 * Text format: fields split by the delimiter, backslash escapes \b \f \n
 * \r \t \v \\, \ooo octal, \xhh hex, \<other> the character itself; a field
 * whose raw text equals the NULL string is NULL.
 * CSV: quoted fields may hold delimiters and line breaks; inside quotes the
 * escape character (default the quote) escapes the quote or itself; an
 * unquoted field equal to the NULL string (default "") is NULL.
 *
 * Pure functions over buffers (no I/O, no catalog): unit-tested alone.
 */
#include "sql/session_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- options -------------------------------------------------------------------- */

/* PostgreSQL's errorConflictingDefElem: 42601 pointing at the option. */
static int redundant(struct sql__copy_opts *o, const struct sql_option *opt, struct err *e)
{
    o->err_loc = opt->location;
    return err_set_state(e, ERR_INVAL, "42601", "conflicting or redundant options");
}

static int list_arg_error(struct sql__copy_opts *o, const struct sql_option *opt, struct err *e)
{
    o->err_loc = opt->location;
    return err_set_state(e, ERR_INVAL, "22023",
                         "argument to option \"%s\" must be a list of column names", opt->name);
}

/* Encoding names PostgreSQL knows (pg_char_to_encoding, compared without
 * case, '-' and '_'): COPY reads and writes UTF8 only, so the others are
 * 0A000 here, and a name PostgreSQL does not know 22023. */
static bool known_encoding(const char *s)
{
    static const char *const names[] = {
        "utf8",        "unicode",      "sqlascii",    "latin1",      "latin2",      "latin3",
        "latin4",      "latin5",       "latin6",      "latin7",      "latin8",      "latin9",
        "latin10",     "win1250",      "win1251",     "win1252",     "win1253",     "win1254",
        "win1255",     "win1256",      "win1257",     "win1258",     "win866",      "win874",
        "koi8r",       "koi8u",        "eucjp",       "euccn",       "euckr",       "euctw",
        "eucjis2004",  "sjis",         "big5",        "gbk",         "uhc",         "gb18030",
        "johab",       "shiftjis2004", "mulecharset", "iso88595",    "iso88596",    "iso88597",
        "iso88598",    "iso885913",    "iso885914",   "iso885915",   "iso885916",   "iso88591",
        "iso88592",    "iso88593",     "iso88594",    "iso88599",    "iso885910",   "alt",
        "koi8",        "tcvn",         "tcvn5712",    "vscii",       "win",         "mskanji",
        "shiftjis",    "windows1250",  "windows1251", "windows1252", "windows1253", "windows1254",
        "windows1255", "windows1256",  "windows1257", "windows1258", "windows866",  "windows874",
        "windows932",  "windows936",   "windows949",  "windows950",  "cp1250",      "cp1251",
        "cp1252",      "cp1253",       "cp1254",      "cp1255",      "cp1256",      "cp1257",
        "cp1258",      "cp866",        "cp874",       "cp932",       "cp936",       "cp949",
        "cp950",       "abc",          "koi8ru"};
    char norm[64];
    size_t k = 0;
    for (const char *p = s; *p != '\0' && k + 1 < sizeof norm; p++)
        if (*p != '-' && *p != '_')
            norm[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    norm[k] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(norm, names[i]) == 0)
            return true;
    return false;
}

static const char *opt_str(const struct sql_option *o)
{
    if (o->kind == SQL_OPT_STRING || o->kind == SQL_OPT_NUMERIC)
        return o->str;
    return NULL;
}

static int opt_bool(const struct sql_option *o, bool *out, struct err *e)
{
    if (o->kind == SQL_OPT_NONE) {
        *out = true;
        return 0;
    }
    if (o->kind == SQL_OPT_BOOL) {
        *out = o->bval;
        return 0;
    }
    if (o->kind == SQL_OPT_INT && (o->ival == 0 || o->ival == 1)) {
        *out = o->ival == 1;
        return 0;
    }
    const char *s = opt_str(o);
    if (s != NULL) {
        if (strcasecmp(s, "true") == 0 || strcasecmp(s, "on") == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(s, "false") == 0 || strcasecmp(s, "off") == 0) {
            *out = false;
            return 0;
        }
    }
    return err_set_state(e, ERR_INVAL, "22023", "%s requires a Boolean value", o->name);
}

int sql__copy_opts_parse(const struct sql_list *options, bool from, struct sql__copy_opts *o,
                         struct err *e)
{
    memset(o, 0, sizeof(*o));
    o->err_loc = -1;
    bool have_sel = false;
    bool have_format = false, have_header = false, have_freeze = false, have_enc = false;
    const char *delim = NULL, *null_s = NULL, *quote = NULL, *escape = NULL;
    bool fq = false, fnn = false, fn = false;
    for (int i = 0; i < options->n; i++) {
        const struct sql_option *opt = options->items[i];
        const char *n = opt->name;
        if (strcmp(n, "format") == 0) {
            if (have_format)
                return redundant(o, opt, e);
            have_format = true;
            const char *f = opt_str(opt);
            if (f != NULL && strcmp(f, "csv") == 0)
                o->csv = true;
            else if (f != NULL && strcmp(f, "binary") == 0)
                o->binary = true;
            else if (f == NULL || strcmp(f, "text") != 0) {
                o->err_loc = opt->location;
                return err_set_state(e, ERR_INVAL, "22023", "COPY format \"%s\" not recognized",
                                     f != NULL ? f : "");
            }
        } else if (strcmp(n, "freeze") == 0) {
            if (have_freeze)
                return redundant(o, opt, e);
            have_freeze = true;
            int rc = opt_bool(opt, &o->freeze, e);
            if (rc != 0)
                return rc;
        } else if (strcmp(n, "delimiter") == 0) {
            if (delim != NULL)
                return redundant(o, opt, e);
            delim = opt_str(opt) ? opt_str(opt) : "";
        } else if (strcmp(n, "null") == 0) {
            if (null_s != NULL)
                return redundant(o, opt, e);
            null_s = opt_str(opt) ? opt_str(opt) : "";
        } else if (strcmp(n, "header") == 0) {
            if (have_header)
                return redundant(o, opt, e);
            have_header = true;
            /* PostgreSQL's defGetCopyHeaderChoice */
            const char *s = opt_str(opt);
            if (s != NULL && strcasecmp(s, "match") == 0) {
                if (!from)
                    return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                         "cannot use \"%s\" with HEADER in COPY TO", s);
                o->header = o->header_match = true;
            } else if (opt_bool(opt, &o->header, e) != 0) {
                return err_set_state(e, ERR_INVAL, "42601",
                                     "%s requires a Boolean value or \"match\"", opt->name);
            }
        } else if (strcmp(n, "quote") == 0) {
            if (quote != NULL)
                return redundant(o, opt, e);
            quote = opt_str(opt) ? opt_str(opt) : "";
        } else if (strcmp(n, "escape") == 0) {
            if (escape != NULL)
                return redundant(o, opt, e);
            escape = opt_str(opt) ? opt_str(opt) : "";
        } else if (strcmp(n, "force_quote") == 0) {
            if (fq)
                return redundant(o, opt, e);
            fq = true;
            if (opt->kind == SQL_OPT_STAR)
                o->force_quote_all = true;
            else if (opt->kind == SQL_OPT_LIST)
                o->force_quote = opt->list;
            else
                return list_arg_error(o, opt, e);
        } else if (strcmp(n, "force_not_null") == 0 || strcmp(n, "force_null") == 0) {
            bool *seen = n[6] == 'n' && n[7] == 'o' ? &fnn : &fn;
            if (*seen)
                return redundant(o, opt, e);
            *seen = true;
            if (opt->kind != SQL_OPT_LIST)
                return list_arg_error(o, opt, e);
            if (seen == &fnn)
                o->force_not_null = opt->list;
            else
                o->force_null = opt->list;
        } else if (strcmp(n, "encoding") == 0) {
            if (have_enc)
                return redundant(o, opt, e);
            have_enc = true;
            const char *s = opt_str(opt);
            if (s == NULL || !known_encoding(s)) {
                o->err_loc = opt->location;
                return err_set_state(e, ERR_INVAL, "22023",
                                     "argument to option \"encoding\" must be a valid encoding "
                                     "name");
            }
            if (strcasecmp(s, "utf8") != 0 && strcasecmp(s, "utf-8") != 0 &&
                strcasecmp(s, "unicode") != 0 && strcasecmp(s, "sql_ascii") != 0)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "COPY ENCODING \"%s\" is not supported: only UTF8", s);
        } else if (strcmp(n, "convert_selectively") == 0) {
            /* PostgreSQL's internal option (file_fdw's): only the named
             * columns are read, the others left NULL */
            if (have_sel)
                return redundant(o, opt, e);
            have_sel = true;
            if (opt->kind != SQL_OPT_LIST && opt->kind != SQL_OPT_NONE)
                return list_arg_error(o, opt, e);
            o->convert_sel = true;
            if (opt->kind == SQL_OPT_LIST)
                o->convert_list = opt->list;
        } else {
            o->err_loc = opt->location;
            return err_set_state(e, ERR_INVAL, "42601", "option \"%s\" not recognized", n);
        }
    }
    if (o->binary && delim != NULL)
        return err_set_state(e, ERR_INVAL, "42601", "cannot specify DELIMITER in BINARY mode");
    if (o->binary && null_s != NULL)
        return err_set_state(e, ERR_INVAL, "42601", "cannot specify NULL in BINARY mode");
    o->delim = delim != NULL ? delim[0] : o->csv ? ',' : '\t';
    if (null_s != NULL) {
        o->null_str = null_s;
    } else {
        o->null_str = o->csv ? "" : "\\N";
    }
    o->null_len = strlen(o->null_str);
    if (o->csv) {
        o->quote = quote != NULL ? quote[0] : '"';
        o->escape = escape != NULL ? escape[0] : o->quote;
    }
    if (delim != NULL && strlen(delim) != 1)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY delimiter must be a single one-byte character");
    if (o->delim == '\r' || o->delim == '\n')
        return err_set_state(e, ERR_INVAL, "22023",
                             "COPY delimiter cannot be newline or carriage return");
    if (strchr(o->null_str, '\r') != NULL || strchr(o->null_str, '\n') != NULL)
        return err_set_state(e, ERR_INVAL, "22023",
                             "COPY null representation cannot use newline or carriage return");
    if (!o->csv && !o->binary && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", o->delim))
        return err_set_state(e, ERR_INVAL, "22023", "COPY delimiter cannot be \"%c\"", o->delim);
    if (o->binary && o->header)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "cannot specify HEADER in BINARY mode");
    if (!o->csv && quote != NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "COPY quote available only in CSV mode");
    if (o->csv && quote != NULL && strlen(quote) != 1)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY quote must be a single one-byte character");
    if (o->csv && o->delim == o->quote)
        return err_set_state(e, ERR_INVAL, "22023", "COPY delimiter and quote must be different");
    if (!o->csv && escape != NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "COPY escape available only in CSV mode");
    if (o->csv && escape != NULL && strlen(escape) != 1)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY escape must be a single one-byte character");
    if (!o->csv && fq)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY force quote available only in CSV mode");
    if (fq && from)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY force quote only available using COPY TO");
    if (!o->csv && fnn)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY force not null available only in CSV mode");
    if (fnn && !from)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY force not null only available using COPY FROM");
    if (!o->csv && fn)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY force null available only in CSV mode");
    if (fn && !from)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY force null only available using COPY FROM");
    if (o->null_len > 0 && strchr(o->null_str, o->delim) != NULL)
        return err_set_state(e, ERR_INVAL, "22023",
                             "COPY delimiter must not appear in the NULL specification");
    if (o->csv && o->null_len > 0 && strchr(o->null_str, o->quote) != NULL)
        return err_set_state(e, ERR_INVAL, "22023",
                             "CSV quote character must not appear in the NULL specification");
    return 0;
}

/* ---- text format ------------------------------------------------------------------ */

static void fields_init(struct sql__copy_fields *f, struct mem_ctx *ctx, size_t cap)
{
    f->n = 0;
    f->vals = mem_alloc(ctx, cap * sizeof(*f->vals));
    f->lens = mem_alloc(ctx, cap * sizeof(*f->lens));
    f->quoted = mem_alloc(ctx, cap * sizeof(*f->quoted));
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int sql__copy_text_split(const struct sql__copy_opts *o, const char *line, size_t len,
                         struct mem_ctx *ctx, struct sql__copy_fields *out, struct err *e)
{
    (void)e;
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        if (line[i] == o->delim)
            cap++;
    fields_init(out, ctx, cap);
    char *buf = mem_alloc(ctx, len + 1);
    size_t p = 0;
    for (;;) {
        size_t start = p;
        char *dst = buf + p; /* the decoded field is never longer than its raw text */
        size_t dn = 0;
        bool saw_escape = false;
        while (p < len && line[p] != o->delim) {
            char c = line[p++];
            if (c == '\\' && p < len) {
                saw_escape = true;
                char c2 = line[p++];
                switch (c2) {
                case 'b':
                    c = '\b';
                    break;
                case 'f':
                    c = '\f';
                    break;
                case 'n':
                    c = '\n';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'v':
                    c = '\v';
                    break;
                case 'x':
                    if (p < len && hexval(line[p]) >= 0) {
                        int v = hexval(line[p++]);
                        if (p < len && hexval(line[p]) >= 0)
                            v = v * 16 + hexval(line[p++]);
                        c = (char)v;
                    } else {
                        c = 'x';
                    }
                    break;
                default:
                    if (c2 >= '0' && c2 <= '7') {
                        int v = c2 - '0';
                        if (p < len && line[p] >= '0' && line[p] <= '7') {
                            v = v * 8 + (line[p++] - '0');
                            if (p < len && line[p] >= '0' && line[p] <= '7')
                                v = v * 8 + (line[p++] - '0');
                        }
                        c = (char)v;
                    } else {
                        c = c2;
                    }
                }
            }
            dst[dn++] = c;
        }
        size_t rawlen = p - start;
        bool is_null = rawlen == o->null_len && memcmp(line + start, o->null_str, rawlen) == 0;
        (void)saw_escape;
        size_t k = out->n++;
        out->quoted[k] = false;
        if (is_null) {
            out->vals[k] = NULL;
            out->lens[k] = 0;
        } else {
            out->vals[k] = dst;
            out->lens[k] = dn;
        }
        if (p >= len)
            break;
        p++; /* the delimiter */
    }
    /* NUL-terminate copies for the input functions' convenience. */
    for (size_t i = 0; i < out->n; i++) {
        if (out->vals[i] != NULL) {
            char *c = mem_alloc(ctx, out->lens[i] + 1);
            memcpy(c, out->vals[i], out->lens[i]);
            c[out->lens[i]] = '\0';
            out->vals[i] = c;
        }
    }
    return 0;
}

void sql__copy_text_put(const struct sql__copy_opts *o, const char *s, size_t len, struct sbuf *out)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        switch (c) {
        case '\b':
            sbuf_puts(out, "\\b");
            continue;
        case '\f':
            sbuf_puts(out, "\\f");
            continue;
        case '\n':
            sbuf_puts(out, "\\n");
            continue;
        case '\r':
            sbuf_puts(out, "\\r");
            continue;
        case '\t':
            sbuf_puts(out, "\\t");
            continue;
        case '\v':
            sbuf_puts(out, "\\v");
            continue;
        case '\\':
            sbuf_puts(out, "\\\\");
            continue;
        default:
            if (c == o->delim)
                sbuf_putc(out, '\\');
            sbuf_putc(out, c);
        }
    }
}

/* ---- CSV ------------------------------------------------------------------------- */

bool sql__copy_csv_record(const struct sql__copy_opts *o, const char *p, size_t len, bool eof,
                          size_t *rec_len, size_t *consumed)
{
    bool inq = false;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (inq) {
            if (c == o->escape && o->escape != o->quote && i + 1 < len &&
                (p[i + 1] == o->quote || p[i + 1] == o->escape)) {
                i++;
                continue;
            }
            if (c == o->quote)
                inq = false;
            continue;
        }
        if (c == o->quote) {
            inq = true;
        } else if (c == '\n') {
            *rec_len = i > 0 && p[i - 1] == '\r' ? i - 1 : i;
            *consumed = i + 1;
            return true;
        } else if (c == '\r') {
            if (i + 1 < len) {
                if (p[i + 1] == '\n') {
                    *rec_len = i;
                    *consumed = i + 2;
                    return true;
                }
                *rec_len = i;
                *consumed = i + 1;
                return true;
            }
            if (eof) {
                *rec_len = i;
                *consumed = i + 1;
                return true;
            }
            return false; /* need to see whether \n follows */
        }
    }
    if (eof && len > 0) {
        *rec_len = len;
        *consumed = len;
        return true;
    }
    return false;
}

int sql__copy_csv_split(const struct sql__copy_opts *o, const char *rec, size_t len,
                        struct mem_ctx *ctx, struct sql__copy_fields *out, struct err *e)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        if (rec[i] == o->delim)
            cap++;
    fields_init(out, ctx, cap);
    size_t p = 0;
    for (;;) {
        struct sbuf b;
        sbuf_init(&b);
        size_t start = p;
        bool quoted = false;
        bool any_quote = false;
        for (;;) {
            if (p >= len) {
                if (quoted) {
                    sbuf_free(&b);
                    return err_set_state(e, ERR_INVAL, "22P04", "unterminated CSV quoted field");
                }
                break;
            }
            char c = rec[p];
            if (quoted) {
                if (c == o->escape && p + 1 < len &&
                    (rec[p + 1] == o->quote || rec[p + 1] == o->escape) &&
                    !(o->escape == o->quote && rec[p + 1] != o->quote)) {
                    sbuf_putc(&b, rec[p + 1]);
                    p += 2;
                    continue;
                }
                if (c == o->quote) {
                    quoted = false;
                    p++;
                    continue;
                }
                sbuf_putc(&b, c);
                p++;
                continue;
            }
            if (c == o->delim)
                break;
            if (c == o->quote) {
                quoted = true;
                any_quote = true;
                p++;
                continue;
            }
            sbuf_putc(&b, c);
            p++;
        }
        size_t rawlen = p - start;
        size_t k = out->n++;
        out->quoted[k] = any_quote;
        if (!any_quote && rawlen == o->null_len && memcmp(rec + start, o->null_str, rawlen) == 0) {
            out->vals[k] = NULL;
            out->lens[k] = 0;
        } else {
            out->vals[k] = mem_strndup(ctx, b.data, b.len);
            out->lens[k] = b.len;
        }
        sbuf_free(&b);
        if (p >= len)
            break;
        p++;
    }
    return 0;
}

void sql__copy_csv_put(const struct sql__copy_opts *o, const char *s, size_t len, bool force,
                       struct sbuf *out)
{
    bool q = force;
    if (!q && len == o->null_len && memcmp(s, o->null_str, len) == 0)
        q = true;
    for (size_t i = 0; !q && i < len; i++)
        if (s[i] == o->delim || s[i] == o->quote || s[i] == '\n' || s[i] == '\r')
            q = true;
    if (!q) {
        sbuf_append(out, s, len);
        return;
    }
    sbuf_putc(out, o->quote);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == o->quote || s[i] == o->escape)
            sbuf_putc(out, o->escape);
        sbuf_putc(out, s[i]);
    }
    sbuf_putc(out, o->quote);
}
