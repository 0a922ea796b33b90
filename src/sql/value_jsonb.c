/* value_jsonb.c — the jsonb type (PostgreSQL 15 utils/adt/jsonb.c,
 * jsonb_util.c): parsing JSON text into trees, the canonical text form that
 * is both the stored and the printed form, btree ordering, hashing, the
 * binary format (version byte 1 + text) and the casts jsonb has in pg_cast.
 *
 * Input is first validated by value_json.c's parser (same errors as json),
 * then parsed again here into a tree; the second pass trusts the syntax.
 */
#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/json_int.h"
#include "sql/numeric.h"
#include "sql/value.h"
#include "sql/value_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

struct jp {
    const char *start;
    const char *p, *end;
    struct mem_ctx *ctx;
    bool jsonb;
    struct err *e;
};

static void skip_ws(struct jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 0;
}

static void put_utf8(struct sbuf *b, uint32_t cp)
{
    if (cp < 0x80) {
        sbuf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        sbuf_putc(b, (char)(0xc0 | (cp >> 6)));
        sbuf_putc(b, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        sbuf_putc(b, (char)(0xe0 | (cp >> 12)));
        sbuf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        sbuf_putc(b, (char)(0x80 | (cp & 0x3f)));
    } else {
        sbuf_putc(b, (char)(0xf0 | (cp >> 18)));
        sbuf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
        sbuf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        sbuf_putc(b, (char)(0x80 | (cp & 0x3f)));
    }
}

/* report_json_context for an error whose token ends at end. */
static void json_ctx(const struct jp *j, const char *end, char *buf, size_t cap)
{
    const char *ls = j->start;
    int line = 1;
    for (const char *q = j->start; q < end; q++)
        if (*q == '\n') {
            line++;
            ls = q + 1;
        }
    const char *cs = ls;
    while (end - cs >= 50)
        cs++;
    while (cs < end && ((unsigned char)*cs & 0xc0) == 0x80)
        cs++;
    bool suffix = end < j->end && *end != '\n' && *end != '\r';
    snprintf(buf, cap, "\nCONTEXT:  JSON data, line %d: %s%.*s%s", line, cs > ls ? "..." : "",
             (int)(end - cs), cs, suffix ? "..." : "");
}

static int json_err(const struct jp *j, const char *end, const char *detail)
{
    char ctx[160];
    json_ctx(j, end, ctx, sizeof ctx);
    return err_set_state(j->e, ERR_INVAL, "22P02", "invalid input syntax for type json%s%s%s",
                         SQL_NUM_DETAIL_SEP, detail, ctx);
}

/* A string token at j->p (the opening quote): unescaped into ctx. */
static int parse_string(struct jp *j, const char **s, size_t *len)
{
    const char *p = j->p + 1;
    const char *q = p;
    while (q < j->end && *q != '"' && *q != '\\')
        q++;
    if (q < j->end && *q == '"') { /* no escapes: copy as is */
        *s = mem_strndup(j->ctx, p, (size_t)(q - p));
        *len = (size_t)(q - p);
        j->p = q + 1;
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    while (p < j->end && *p != '"') {
        if (*p != '\\') {
            sbuf_putc(&b, *p++);
            continue;
        }
        p++;
        char c = *p++;
        switch (c) {
        case 'b':
            sbuf_putc(&b, '\b');
            break;
        case 'f':
            sbuf_putc(&b, '\f');
            break;
        case 'n':
            sbuf_putc(&b, '\n');
            break;
        case 'r':
            sbuf_putc(&b, '\r');
            break;
        case 't':
            sbuf_putc(&b, '\t');
            break;
        case 'u': {
            uint32_t cp = 0;
            for (int i = 0; i < 4; i++)
                cp = (cp << 4) | (uint32_t)hexv(p[i]);
            p += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (p + 6 <= j->end && p[0] == '\\' && p[1] == 'u') {
                    uint32_t lo = 0;
                    for (int i = 2; i < 6; i++)
                        lo = (lo << 4) | (uint32_t)hexv(p[i]);
                    if (lo >= 0xdc00 && lo <= 0xdfff) {
                        p += 6;
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        put_utf8(&b, cp);
                        break;
                    }
                }
                sbuf_free(&b);
                return json_err(j, p < j->end ? p + 1 : p,
                                "Unicode low surrogate must follow a high surrogate.");
            }
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                sbuf_free(&b);
                return json_err(j, p, "Unicode low surrogate must follow a high surrogate.");
            }
            if (cp == 0) {
                char ctx[160];
                json_ctx(j, p, ctx, sizeof ctx);
                sbuf_free(&b);
                return err_set_state(j->e, ERR_INVAL, "22P05",
                                     "unsupported Unicode escape sequence%s\\u0000 cannot be "
                                     "converted to text.%s",
                                     SQL_NUM_DETAIL_SEP, ctx);
            }
            put_utf8(&b, cp);
            break;
        }
        default: /* " \ / */
            sbuf_putc(&b, c);
            break;
        }
    }
    j->p = p + 1;
    *s = mem_strndup(j->ctx, b.data ? b.data : "", b.len);
    *len = b.len;
    sbuf_free(&b);
    return 0;
}

static int parse_value(struct jp *j, struct jv *v);

static int push_kid(struct jp *j, struct jv *v, size_t *cap)
{
    size_t need = v->kind == JV_OBJECT ? 2 * v->n + 2 : v->n + 1;
    if (need > *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        while (nc < need)
            nc *= 2;
        v->kids = mem_realloc(j->ctx, v->kids, *cap * sizeof(struct jv), nc * sizeof(struct jv));
        *cap = nc;
    }
    return 0;
}

static int parse_value(struct jp *j, struct jv *v)
{
    int rc;
    memset(v, 0, sizeof *v);
    skip_ws(j);
    const char *start = j->p;
    char c = *j->p;
    if (c == '{' || c == '[') {
        bool obj = c == '{';
        v->kind = obj ? JV_OBJECT : JV_ARRAY;
        size_t cap = 0;
        j->p++;
        skip_ws(j);
        if (*j->p == (obj ? '}' : ']')) {
            j->p++;
        } else {
            for (;;) {
                push_kid(j, v, &cap);
                if (obj) {
                    skip_ws(j);
                    struct jv *k = &v->kids[2 * v->n];
                    memset(k, 0, sizeof *k);
                    k->kind = JV_STRING;
                    k->raw = j->p;
                    if ((rc = parse_string(j, &k->s, &k->len)) != 0)
                        return rc;
                    k->rawlen = (size_t)(j->p - k->raw);
                    skip_ws(j);
                    j->p++; /* ':' */
                    if ((rc = parse_value(j, &v->kids[2 * v->n + 1])) != 0)
                        return rc;
                } else if ((rc = parse_value(j, &v->kids[v->n])) != 0) {
                    return rc;
                }
                v->n++;
                skip_ws(j);
                if (*j->p++ != ',')
                    break;
            }
        }
        if (obj && j->jsonb)
            sql__jv_canon(v, false);
    } else if (c == '"') {
        v->kind = JV_STRING;
        if ((rc = parse_string(j, &v->s, &v->len)) != 0)
            return rc;
    } else if (c == 't' || c == 'f') {
        v->kind = JV_BOOL;
        v->b = c == 't';
        j->p += c == 't' ? 4 : 5;
    } else if (c == 'n') {
        v->kind = JV_NULL;
        j->p += 4;
    } else {
        const char *q = j->p;
        while (q < j->end && (strchr("+-.eE", *q) || (*q >= '0' && *q <= '9')))
            q++;
        v->kind = JV_NUMBER;
        if (j->jsonb) {
            char *t = mem_strndup(j->ctx, j->p, (size_t)(q - j->p));
            struct sql_num n;
            if ((rc = sql_num_in(j->ctx, t, SQL_NUM_TYPMOD_NONE, &n, j->e)) != 0)
                return rc;
            v->s = sql_num_out(j->ctx, &n);
            v->len = strlen(v->s);
        } else {
            v->s = j->p;
            v->len = (size_t)(q - j->p);
        }
        j->p = q;
    }
    v->raw = start;
    v->rawlen = (size_t)(j->p - start);
    return 0;
}

/* The trees are walked recursively on session threads (1 MiB stacks):
 * deeper nesting is refused as PostgreSQL refuses input past
 * max_stack_depth. */
#define JV_MAX_DEPTH 2000

static int nesting(const char *s, size_t len)
{
    int d = 0, max = 0;
    bool str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                str = false;
        } else if (c == '"') {
            str = true;
        } else if (c == '[' || c == '{') {
            if (++d > max)
                max = d;
        } else if (c == ']' || c == '}') {
            d--;
        }
    }
    return max;
}

int sql__jv_parse(struct mem_ctx *ctx, const char *s, size_t len, bool jsonb, struct jv **out,
                  struct err *e)
{
    int rc = sql__json_validate(s, len, e);
    if (rc != 0)
        return rc;
    if (nesting(s, len) > JV_MAX_DEPTH)
        return sql_stack_depth_error(e);
    struct jp j = {.start = s, .p = s, .end = s + len, .ctx = ctx, .jsonb = jsonb, .e = e};
    struct jv *v = mem_alloc0(ctx, sizeof *v);
    if ((rc = parse_value(&j, v)) != 0)
        return rc;
    *out = v;
    return 0;
}

/* ---- canonical order of object keys ---- */

struct kpair {
    struct jv k, v;
    size_t idx;
};

static int key_cmp(const struct jv *a, const struct jv *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->len ? memcmp(a->s, b->s, a->len) : 0;
}

static int kpair_cmp(const void *x, const void *y)
{
    const struct kpair *a = x, *b = y;
    int c = key_cmp(&a->k, &b->k);
    if (c != 0)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void sql__jv_canon(struct jv *v, bool deep)
{
    if (deep) {
        size_t nk = v->kind == JV_OBJECT ? 2 * v->n : v->kind == JV_ARRAY ? v->n : 0;
        for (size_t i = 0; i < nk; i++)
            sql__jv_canon(&v->kids[i], true);
    }
    if (v->kind != JV_OBJECT || v->n < 2)
        return;
    struct kpair *ps = xmalloc(v->n * sizeof *ps);
    for (size_t i = 0; i < v->n; i++) {
        ps[i].k = v->kids[2 * i];
        ps[i].v = v->kids[2 * i + 1];
        ps[i].idx = i;
    }
    qsort(ps, v->n, sizeof *ps, kpair_cmp);
    size_t m = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (i + 1 < v->n && key_cmp(&ps[i].k, &ps[i + 1].k) == 0)
            continue; /* a later duplicate wins */
        v->kids[2 * m] = ps[i].k;
        v->kids[2 * m + 1] = ps[i].v;
        m++;
    }
    v->n = m;
    xfree(ps);
}

/* ---- output ---- */

void sql__json_escape(struct sbuf *out, const char *s, size_t len)
{
    sbuf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\b':
            sbuf_puts(out, "\\b");
            break;
        case '\f':
            sbuf_puts(out, "\\f");
            break;
        case '\n':
            sbuf_puts(out, "\\n");
            break;
        case '\r':
            sbuf_puts(out, "\\r");
            break;
        case '\t':
            sbuf_puts(out, "\\t");
            break;
        case '"':
            sbuf_puts(out, "\\\"");
            break;
        case '\\':
            sbuf_puts(out, "\\\\");
            break;
        default:
            if (c < ' ')
                sbuf_printf(out, "\\u%04x", c);
            else
                sbuf_putc(out, (char)c);
        }
    }
    sbuf_putc(out, '"');
}

static void scalar_out(const struct jv *v, struct sbuf *out)
{
    switch (v->kind) {
    case JV_NULL:
        sbuf_puts(out, "null");
        break;
    case JV_BOOL:
        sbuf_puts(out, v->b ? "true" : "false");
        break;
    case JV_NUMBER:
        sbuf_append(out, v->s, v->len);
        break;
    case JV_STRING:
        sql__json_escape(out, v->s, v->len);
        break;
    default:
        break;
    }
}

void sql__jv_out(const struct jv *v, struct sbuf *out)
{
    if (v->kind == JV_ARRAY) {
        sbuf_putc(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i > 0)
                sbuf_puts(out, ", ");
            sql__jv_out(&v->kids[i], out);
        }
        sbuf_putc(out, ']');
    } else if (v->kind == JV_OBJECT) {
        sbuf_putc(out, '{');
        for (size_t i = 0; i < v->n; i++) {
            if (i > 0)
                sbuf_puts(out, ", ");
            scalar_out(&v->kids[2 * i], out);
            sbuf_puts(out, ": ");
            sql__jv_out(&v->kids[2 * i + 1], out);
        }
        sbuf_putc(out, '}');
    } else {
        scalar_out(v, out);
    }
}

static void indent(struct sbuf *out, int level)
{
    for (int i = 0; i < level; i++)
        sbuf_puts(out, "    ");
}

static void pretty(const struct jv *v, struct sbuf *out, int level)
{
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT) {
        scalar_out(v, out);
        return;
    }
    bool obj = v->kind == JV_OBJECT;
    sbuf_putc(out, obj ? '{' : '[');
    for (size_t i = 0; i < v->n; i++) {
        if (i > 0)
            sbuf_putc(out, ',');
        sbuf_putc(out, '\n');
        indent(out, level + 1);
        if (obj) {
            scalar_out(&v->kids[2 * i], out);
            sbuf_puts(out, ": ");
            pretty(&v->kids[2 * i + 1], out, level + 1);
        } else {
            pretty(&v->kids[i], out, level + 1);
        }
    }
    sbuf_putc(out, '\n');
    indent(out, level);
    sbuf_putc(out, obj ? '}' : ']');
}

void sql__jv_pretty(const struct jv *v, struct sbuf *out)
{
    pretty(v, out, 0);
}

const char *sql__jv_typeof(const struct jv *v)
{
    static const char *const names[] = {"null", "string", "number", "boolean", "array", "object"};
    return names[v->kind];
}

/* ---- ordering and hashing ---- */

static int num_cmp(const struct jv *a, const struct jv *b)
{
    struct mem_ctx *m = mem_ctx_new(NULL, "jsonb cmp");
    struct sql_num x, y;
    int c = 0;
    char *sa = mem_strndup(m, a->s, a->len), *sb = mem_strndup(m, b->s, b->len);
    if (sql_num_in(m, sa, SQL_NUM_TYPMOD_NONE, &x, NULL) == 0 &&
        sql_num_in(m, sb, SQL_NUM_TYPMOD_NONE, &y, NULL) == 0)
        c = sql_num_cmp(&x, &y);
    mem_ctx_free(m);
    return c;
}

static int str_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = n ? memcmp(a, b, n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn;
}

/* compareJsonbContainers on trees; top-level scalars are raw-scalar
 * one-element arrays there (raw is true for them). */
static int cmp_val(const struct jv *a, bool araw, const struct jv *b, bool braw)
{
    bool ac = a->kind >= JV_ARRAY, bc = b->kind >= JV_ARRAY;
    if (araw || braw) {
        /* pseudo arrays: compare as arrays of one element */
        size_t an = araw ? 1 : a->n, bn = braw ? 1 : b->n;
        if (!(araw ? true : a->kind == JV_ARRAY) || !(braw ? true : b->kind == JV_ARRAY))
            return (araw ? JV_ARRAY : a->kind) > (braw ? JV_ARRAY : b->kind) ? 1 : -1;
        int res = 0;
        if (araw != braw)
            res = araw ? -1 : 1;
        if (an != bn)
            res = an > bn ? 1 : -1;
        if (res != 0)
            return res;
        const struct jv *x = araw ? a : &a->kids[0], *y = braw ? b : &b->kids[0];
        return cmp_val(x, false, y, false);
    }
    if (a->kind != b->kind) {
        if (!ac && !bc)
            return a->kind > b->kind ? 1 : -1;
        return a->kind > b->kind ? 1 : -1;
    }
    switch (a->kind) {
    case JV_NULL:
        return 0;
    case JV_BOOL:
        return a->b == b->b ? 0 : a->b ? 1 : -1;
    case JV_NUMBER:
        return num_cmp(a, b);
    case JV_STRING:
        return str_cmp(a->s, a->len, b->s, b->len);
    case JV_ARRAY:
        if (a->n != b->n)
            return a->n > b->n ? 1 : -1;
        for (size_t i = 0; i < a->n; i++) {
            int c = cmp_val(&a->kids[i], false, &b->kids[i], false);
            if (c != 0)
                return c;
        }
        return 0;
    default:
        if (a->n != b->n)
            return a->n > b->n ? 1 : -1;
        for (size_t i = 0; i < 2 * a->n; i++) {
            int c = cmp_val(&a->kids[i], false, &b->kids[i], false);
            if (c != 0)
                return c;
        }
        return 0;
    }
}

int sql__jv_cmp(const struct jv *a, const struct jv *b)
{
    return cmp_val(a, a->kind < JV_ARRAY, b, b->kind < JV_ARRAY);
}

uint64_t sql__jv_hash(const struct jv *v, uint64_t seed)
{
    uint64_t h = hash_bytes(&v->kind, 1, seed);
    switch (v->kind) {
    case JV_BOOL:
        return hash_bytes(&v->b, 1, h);
    case JV_STRING:
        return hash_bytes(v->s, v->len, h);
    case JV_NUMBER: {
        struct mem_ctx *m = mem_ctx_new(NULL, "jsonb hash");
        struct sql_num x;
        if (sql_num_in(m, mem_strndup(m, v->s, v->len), SQL_NUM_TYPMOD_NONE, &x, NULL) == 0)
            h = sql_num_hash(&x, h);
        mem_ctx_free(m);
        return h;
    }
    case JV_ARRAY:
    case JV_OBJECT: {
        size_t nk = v->kind == JV_OBJECT ? 2 * v->n : v->n;
        for (size_t i = 0; i < nk; i++)
            h = sql__jv_hash(&v->kids[i], h);
        return h;
    }
    default:
        return h;
    }
}

/* ---- the type's hooks ---- */

void sql__jsonb_from_jv(struct mem_ctx *ctx, const struct jv *v, struct sql_value *out)
{
    struct sbuf b;
    sbuf_init(&b);
    sql__jv_out(v, &b);
    *out = sql_null(SQL_T_JSONB);
    out->null = false;
    out->u.s.p = mem_strndup(ctx, b.data ? b.data : "", b.len);
    out->u.s.len = b.len;
    sbuf_free(&b);
}

int sql__jsonb_in(struct mem_ctx *ctx, const char *s, size_t len, struct sql_value *out,
                  struct err *e)
{
    struct jv *v;
    int rc = sql__jv_parse(ctx, s, len, true, &v, e);
    if (rc != 0)
        return rc;
    sql__jsonb_from_jv(ctx, v, out);
    return 0;
}

int sql__jsonb_recv(struct mem_ctx *ctx, const uint8_t *p, size_t n, struct sql_value *out,
                    struct err *e)
{
    if (n < 1 || p[0] != 1)
        return err_set_state(e, ERR_INVAL, "XX000", "unsupported jsonb version number %d",
                             n < 1 ? 0 : p[0]);
    int rc = sql__utf8_verify((const char *)p + 1, n - 1, e);
    if (rc != 0)
        return rc;
    return sql__jsonb_in(ctx, (const char *)p + 1, n - 1, out, e);
}

void sql__jsonb_send(const struct sql_value *v, struct sbuf *out)
{
    sbuf_putc(out, 1);
    sbuf_append(out, v->u.s.p, v->u.s.len);
}

static struct jv *parse_stored(struct mem_ctx *m, const struct sql_value *v)
{
    struct jv *t = NULL;
    if (sql__jv_parse(m, v->u.s.p, v->u.s.len, true, &t, NULL) != 0)
        return NULL;
    return t;
}

int sql__jsonb_cmp(const struct sql_value *a, const struct sql_value *b)
{
    struct mem_ctx *m = mem_ctx_new(NULL, "jsonb cmp");
    struct jv *x = parse_stored(m, a), *y = parse_stored(m, b);
    int c = x && y ? sql__jv_cmp(x, y) : 0;
    mem_ctx_free(m);
    return c;
}

uint64_t sql__jsonb_hash(const struct sql_value *v, uint64_t seed)
{
    struct mem_ctx *m = mem_ctx_new(NULL, "jsonb hash");
    struct jv *x = parse_stored(m, v);
    uint64_t h = x ? sql__jv_hash(x, seed) : seed;
    mem_ctx_free(m);
    return h;
}

enum sql_cast_ctx sql__jsonb_cast_context(uint32_t from, uint32_t to)
{
    if ((from == SQL_T_JSON && to == SQL_T_JSONB) || (from == SQL_T_JSONB && to == SQL_T_JSON))
        return SQL_CAST_ASSIGNMENT;
    if (from == SQL_T_JSONB &&
        (to == SQL_T_BOOL || to == SQL_T_NUMERIC || to == SQL_T_INT2 || to == SQL_T_INT4 ||
         to == SQL_T_INT8 || to == SQL_T_FLOAT4 || to == SQL_T_FLOAT8))
        return SQL_CAST_EXPLICIT;
    return SQL_CAST_NONE;
}

static const char *jsonb_kind_name(const struct jv *v)
{
    static const char *const names[] = {"null", "string", "numeric", "boolean", "array", "object"};
    return names[v->kind];
}

int sql__jsonb_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to, bool *handled,
                    struct sql_value *out, struct err *e)
{
    *handled = false;
    if (v->type == SQL_T_JSON && to == SQL_T_JSONB) {
        *handled = true;
        return sql__jsonb_in(ctx, v->u.s.p, v->u.s.len, out, e);
    }
    if (v->type != SQL_T_JSONB || sql__jsonb_cast_context(SQL_T_JSONB, to) == SQL_CAST_NONE)
        return 0;
    *handled = true;
    if (to == SQL_T_JSON) {
        *out = *v;
        out->type = SQL_T_JSON;
        return 0;
    }
    struct jv *t;
    int rc = sql__jv_parse(ctx, v->u.s.p, v->u.s.len, true, &t, e);
    if (rc != 0)
        return rc;
    const struct sql_type_info *ti = sql_type_get(to);
    bool want_bool = to == SQL_T_BOOL;
    if ((want_bool && t->kind != JV_BOOL) || (!want_bool && t->kind != JV_NUMBER))
        return err_set_state(e, ERR_INVAL, "22023", "cannot cast jsonb %s to type %s",
                             jsonb_kind_name(t), ti ? ti->sql_name : "unknown");
    if (want_bool) {
        *out = sql_bool(t->b);
        return 0;
    }
    struct sql_value n = sql_null(SQL_T_NUMERIC);
    n.null = false;
    if ((rc = sql_num_in(ctx, mem_strndup(ctx, t->s, t->len), SQL_NUM_TYPMOD_NONE, &n.u.n, e)) != 0)
        return rc;
    if (to == SQL_T_NUMERIC) {
        *out = n;
        return 0;
    }
    return sql_value_cast(ctx, &n, to, -1, true, NULL, out, e);
}
