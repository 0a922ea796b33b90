/* value_array.c — array values: the array types' pg_type rows, text I/O
 * (array_in / array_out), binary I/O (array_send / array_recv), btree
 * comparison and hashing, and casts to, from and between array types.
 * See array.h for the representation.
 */
#include "sql/array.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/enum.h"
#include "sql/value_int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- array types ---- */

#define MAX_ARRAY_TYPES 64

static struct sql_type_info arr_types[MAX_ARRAY_TYPES];
static uint32_t arr_elem[MAX_ARRAY_TYPES];
static char arr_names[MAX_ARRAY_TYPES][2][72];
static size_t n_arr_types;
static pthread_once_t arr_once = PTHREAD_ONCE_INIT;

static bool elem_allowed(uint32_t t)
{
    return t != SQL_T_INT2VECTOR && t != SQL_T_OIDVECTOR && t != SQL_T_REGPROC && t != SQL_T_XID;
}

static void arr_types_init(void)
{
    size_t n = 0;
    const struct sql_type_info *all = sql_type_all(&n);
    for (size_t i = 0; i < n && n_arr_types < MAX_ARRAY_TYPES; i++) {
        if (all[i].array_oid == 0 || !elem_allowed(all[i].oid))
            continue;
        size_t k = n_arr_types++;
        snprintf(arr_names[k][0], sizeof(arr_names[k][0]), "_%s", all[i].name);
        snprintf(arr_names[k][1], sizeof(arr_names[k][1]), "%s[]", all[i].sql_name);
        struct sql_type_info *t = &arr_types[k];
        t->oid = all[i].array_oid;
        t->name = arr_names[k][0];
        t->sql_name = arr_names[k][1];
        t->typlen = -1;
        t->category = 'A';
        t->preferred = false;
        t->array_oid = 0;
        t->byval = false;
        t->align = all[i].align == 'd' ? 'd' : 'i';
        arr_elem[k] = all[i].oid;
    }
}

const struct sql_type_info *sql__array_type_info(uint32_t oid)
{
    pthread_once(&arr_once, arr_types_init);
    for (size_t i = 0; i < n_arr_types; i++)
        if (arr_types[i].oid == oid)
            return &arr_types[i];
    return NULL;
}

uint32_t sql_array_elemtype(uint32_t type)
{
    if (type < 199)
        return 0;
    pthread_once(&arr_once, arr_types_init);
    for (size_t i = 0; i < n_arr_types; i++)
        if (arr_types[i].oid == type)
            return arr_elem[i];
    return type >= 16384 ? sql__enum_array_elem(type) : 0;
}

uint32_t sql_array_of(uint32_t elemtype)
{
    pthread_once(&arr_once, arr_types_init);
    for (size_t i = 0; i < n_arr_types; i++)
        if (arr_elem[i] == elemtype)
            return arr_types[i].oid;
    return elemtype >= 16384 ? sql__enum_array_of(elemtype) : 0;
}

struct sql_array *sql_array_new(struct mem_ctx *ctx, uint32_t elemtype, int n)
{
    struct sql_array *a = mem_alloc0(ctx, sizeof *a);
    a->elemtype = elemtype;
    a->nitems = n;
    if (n > 0) {
        a->ndim = 1;
        a->dims[0] = n;
        a->lbs[0] = 1;
        a->items = mem_alloc0(ctx, sizeof(struct sql_value) * (size_t)n);
    }
    return a;
}

struct sql_value sql_array_value(const struct sql_array *a)
{
    struct sql_value v = sql_null(sql_array_of(a->elemtype));
    v.null = false;
    v.u.arr = a;
    return v;
}

/* ---- text input ---- */

struct ain {
    const char *s, *end, *p;
    const char *whole;
    size_t wlen;
    int ndim; /* nesting depth once known (first scalar seen) */
    int dims[SQL_ARRAY_MAXDIM + 1];
    bool dim_set[SQL_ARRAY_MAXDIM + 1];
    struct sbuf *raw; /* element texts, NUL-separated */
    bool *nulls;
    int nitems, cap;
    size_t *offs, *lens;
    struct mem_ctx *ctx;
    bool empty;
};

static int malformed(struct ain *a, struct err *e, const char *detail)
{
    return err_set_state(e, ERR_INVAL, "22P02", "malformed array literal: \"%.*s\"%s%s",
                         (int)a->wlen, a->whole, SQL_NUM_DETAIL_SEP, detail);
}

static int unexpected(struct ain *a, struct err *e, char c)
{
    char d[64];
    snprintf(d, sizeof d, "Unexpected \"%c\" character.", c);
    return malformed(a, e, d);
}

static bool ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void skip_ws(struct ain *a)
{
    while (a->p < a->end && ws(*a->p))
        a->p++;
}

static void add_item(struct ain *a, const char *p, size_t n, bool null)
{
    if (a->nitems == a->cap) {
        int nc = a->cap ? a->cap * 2 : 16;
        size_t oc = (size_t)a->cap;
        a->offs = mem_realloc(a->ctx, a->offs, sizeof(size_t) * oc, sizeof(size_t) * (size_t)nc);
        a->lens = mem_realloc(a->ctx, a->lens, sizeof(size_t) * oc, sizeof(size_t) * (size_t)nc);
        a->nulls = mem_realloc(a->ctx, a->nulls, sizeof(bool) * oc, sizeof(bool) * (size_t)nc);
        a->cap = nc;
    }
    a->offs[a->nitems] = a->raw->len;
    a->lens[a->nitems] = n;
    a->nulls[a->nitems] = null;
    a->nitems++;
    sbuf_append(a->raw, p, n);
    sbuf_putc(a->raw, '\0');
}

static int set_dim(struct ain *a, int depth, int count, struct err *e)
{
    if (!a->dim_set[depth]) {
        a->dim_set[depth] = true;
        a->dims[depth] = count;
        return 0;
    }
    if (a->dims[depth] != count)
        return malformed(a, e,
                         "Multidimensional arrays must have sub-arrays with matching dimensions.");
    return 0;
}

/* One scalar element at a->p (not '{'). */
static int scalar(struct ain *a, struct sbuf *el, struct err *e)
{
    sbuf_reset(el);
    bool quoted = false, any_quoted = false;
    size_t trail = 0; /* length of el without unquoted trailing whitespace */
    while (a->p < a->end) {
        char c = *a->p;
        if (quoted) {
            if (c == '\\') {
                if (a->p + 1 >= a->end)
                    return malformed(a, e, "Unexpected end of input.");
                sbuf_putc(el, a->p[1]);
                a->p += 2;
            } else if (c == '"') {
                quoted = false;
                a->p++;
            } else {
                sbuf_putc(el, c);
                a->p++;
            }
            trail = el->len;
            continue;
        }
        if (c == ',' || c == '}')
            break;
        if (c == '{')
            return unexpected(a, e, c);
        if (c == '"') {
            if (el->len > 0 && trail > 0 && !any_quoted)
                return unexpected(a, e, c);
            if (any_quoted)
                return unexpected(a, e, c);
            quoted = any_quoted = true;
            a->p++;
            continue;
        }
        if (c == '\\') {
            if (a->p + 1 >= a->end)
                return malformed(a, e, "Unexpected end of input.");
            sbuf_putc(el, a->p[1]);
            a->p += 2;
            trail = el->len;
            continue;
        }
        if (ws(c)) {
            if (el->len > 0)
                sbuf_putc(el, c);
            a->p++;
            continue;
        }
        if (any_quoted)
            return malformed(a, e, "Unexpected array element.");
        sbuf_putc(el, c);
        trail = el->len;
        a->p++;
    }
    if (quoted || a->p >= a->end)
        return malformed(a, e, "Unexpected end of input.");
    el->len = trail;
    bool null = !any_quoted && el->len == 4 && strncasecmp(el->data, "null", 4) == 0;
    add_item(a, el->data ? el->data : "", el->len, null);
    return 0;
}

/* A '{...}' list at a->p, at nesting depth. */
static int list(struct ain *a, int depth, struct sbuf *el, struct err *e)
{
    if (depth >= SQL_ARRAY_MAXDIM)
        return err_set_state(e, ERR_INVAL, "54000",
                             "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                             depth + 1, SQL_ARRAY_MAXDIM);
    a->p++; /* '{' */
    skip_ws(a);
    if (a->p >= a->end)
        return malformed(a, e, "Unexpected end of input.");
    if (*a->p == '}') {
        a->p++;
        if (depth == 0) {
            a->empty = true;
            return 0;
        }
        return malformed(a, e, "Unexpected \"}\" character.");
    }
    int count = 0;
    for (;;) {
        skip_ws(a);
        if (a->p >= a->end)
            return malformed(a, e, "Unexpected end of input.");
        int rc;
        if (*a->p == '{') {
            if (a->ndim > 0 && depth + 1 >= a->ndim)
                return unexpected(a, e, '{');
            rc = list(a, depth + 1, el, e);
        } else {
            if (*a->p == '}' || *a->p == ',')
                return unexpected(a, e, *a->p);
            if (a->ndim == 0)
                a->ndim = depth + 1;
            else if (a->ndim != depth + 1)
                return malformed(a, e, "Unexpected array element.");
            rc = scalar(a, el, e);
        }
        if (rc != 0)
            return rc;
        count++;
        skip_ws(a);
        if (a->p >= a->end)
            return malformed(a, e, "Unexpected end of input.");
        if (*a->p == ',') {
            a->p++;
            continue;
        }
        if (*a->p == '}') {
            a->p++;
            break;
        }
        return unexpected(a, e, *a->p);
    }
    if (a->ndim > 0 && depth >= a->ndim)
        return malformed(a, e, "Unexpected array element.");
    return set_dim(a, depth, count, e);
}

static int parse_int(struct ain *a, int *out)
{
    const char *q = a->p;
    bool neg = false;
    if (q < a->end && (*q == '-' || *q == '+'))
        neg = *q++ == '-';
    if (q >= a->end || !isdigit((unsigned char)*q))
        return -1;
    long v = 0;
    while (q < a->end && isdigit((unsigned char)*q)) {
        v = v * 10 + (*q++ - '0');
        if (v > 2147483647L)
            return -1;
    }
    *out = (int)(neg ? -v : v);
    a->p = q;
    return 0;
}

int sql__array_in(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const char *s, size_t len,
                  const struct sql_fmt *f, struct sql_value *out, struct err *e)
{
    uint32_t et = sql_array_elemtype(type);
    const char *nul = len > 0 ? memchr(s, '\0', len) : NULL;
    if (nul)
        len = (size_t)(nul - s);
    struct ain a;
    memset(&a, 0, sizeof a);
    a.s = a.p = a.whole = s;
    a.end = s + len;
    a.wlen = len;
    a.ctx = ctx;
    struct sbuf raw, el;
    sbuf_init(&raw);
    sbuf_init(&el);
    a.raw = &raw;
    int rc = 0;
    int xdim = 0, xdims[SQL_ARRAY_MAXDIM], xlbs[SQL_ARRAY_MAXDIM];

    skip_ws(&a);
    while (a.p < a.end && *a.p == '[') {
        if (xdim >= SQL_ARRAY_MAXDIM) {
            rc = err_set_state(e, ERR_INVAL, "54000",
                               "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                               xdim + 1, SQL_ARRAY_MAXDIM);
            goto done;
        }
        a.p++;
        skip_ws(&a);
        int lo = 1, hi;
        if (parse_int(&a, &hi) != 0) {
            rc = malformed(&a, e, "\"[\" must introduce explicitly-specified array dimensions.");
            goto done;
        }
        skip_ws(&a);
        if (a.p < a.end && *a.p == ':') {
            a.p++;
            skip_ws(&a);
            lo = hi;
            if (parse_int(&a, &hi) != 0) {
                rc = malformed(&a, e, "Missing array dimension value.");
                goto done;
            }
            skip_ws(&a);
        }
        if (a.p >= a.end || *a.p != ']') {
            rc = malformed(&a, e, "Missing \"]\" after array dimensions.");
            goto done;
        }
        a.p++;
        if (hi < lo) {
            rc =
                err_set_state(e, ERR_INVAL, "2202E", "upper bound cannot be less than lower bound");
            goto done;
        }
        xlbs[xdim] = lo;
        xdims[xdim] = hi - lo + 1;
        xdim++;
        skip_ws(&a);
    }
    if (xdim > 0) {
        if (a.p >= a.end || *a.p != '=') {
            rc = malformed(&a, e, "Missing \"=\" after array dimensions.");
            goto done;
        }
        a.p++;
        skip_ws(&a);
    }
    if (a.p >= a.end || *a.p != '{') {
        rc = malformed(&a, e, "Array value must start with \"{\" or dimension information.");
        goto done;
    }
    if ((rc = list(&a, 0, &el, e)) != 0)
        goto done;
    skip_ws(&a);
    if (a.p < a.end) {
        rc = malformed(&a, e, "Junk after closing right brace.");
        goto done;
    }
    struct sql_array *arr = mem_alloc0(ctx, sizeof *arr);
    arr->elemtype = et;
    if (!a.empty) {
        arr->ndim = a.ndim;
        for (int i = 0; i < a.ndim; i++) {
            arr->dims[i] = a.dims[i];
            arr->lbs[i] = 1;
        }
    }
    if (xdim > 0) {
        bool ok = xdim == arr->ndim;
        for (int i = 0; ok && i < xdim; i++)
            ok = xdims[i] == arr->dims[i];
        if (!ok && !(a.empty && xdim > 0)) {
            rc = malformed(&a, e, "Specified array dimensions do not match array contents.");
            goto done;
        }
        if (!a.empty)
            for (int i = 0; i < xdim; i++)
                arr->lbs[i] = xlbs[i];
    }
    arr->nitems = a.empty ? 0 : a.nitems;
    if (arr->nitems > 0)
        arr->items = mem_alloc(ctx, sizeof(struct sql_value) * (size_t)arr->nitems);
    for (int i = 0; i < arr->nitems; i++) {
        if (a.nulls[i]) {
            arr->items[i] = sql_null(et);
            continue;
        }
        rc = sql_value_in(ctx, et, typmod, raw.data + a.offs[i], a.lens[i], f, &arr->items[i], e);
        if (rc != 0)
            goto done;
    }
    *out = sql_array_value(arr);
    out->type = type;
done:
    sbuf_free(&raw);
    sbuf_free(&el);
    return rc;
}

/* ---- text output ---- */

static bool needs_quote(const char *p, size_t n)
{
    if (n == 0 || (n == 4 && strncasecmp(p, "null", 4) == 0))
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || ws(c))
            return true;
    }
    return false;
}

int sql__array_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                   struct err *e)
{
    const struct sql_array *a = v->u.arr;
    if (a->ndim == 0 || a->nitems == 0) {
        sbuf_puts(out, "{}");
        return 0;
    }
    bool decorate = false;
    for (int i = 0; i < a->ndim; i++)
        decorate = decorate || a->lbs[i] != 1;
    if (decorate) {
        for (int i = 0; i < a->ndim; i++)
            sbuf_printf(out, "[%d:%d]", a->lbs[i], a->lbs[i] + a->dims[i] - 1);
        sbuf_putc(out, '=');
    }
    int idx[SQL_ARRAY_MAXDIM] = {0};
    struct sbuf el;
    sbuf_init(&el);
    for (int d = 0; d < a->ndim; d++)
        sbuf_putc(out, '{');
    for (int k = 0; k < a->nitems; k++) {
        const struct sql_value *x = &a->items[k];
        if (x->null) {
            sbuf_puts(out, "NULL");
        } else {
            sbuf_reset(&el);
            int rc = sql_value_out(x, f, &el, e);
            if (rc != 0) {
                sbuf_free(&el);
                return rc;
            }
            const char *p = el.data ? el.data : "";
            if (needs_quote(p, el.len)) {
                sbuf_putc(out, '"');
                for (size_t i = 0; i < el.len; i++) {
                    if (p[i] == '"' || p[i] == '\\')
                        sbuf_putc(out, '\\');
                    sbuf_putc(out, p[i]);
                }
                sbuf_putc(out, '"');
            } else {
                sbuf_append(out, p, el.len);
            }
        }
        /* advance the index, closing and opening braces */
        int d = a->ndim - 1;
        int closed = 0;
        while (d >= 0) {
            idx[d]++;
            if (idx[d] < a->dims[d])
                break;
            idx[d] = 0;
            sbuf_putc(out, '}');
            closed++;
            d--;
        }
        if (d < 0)
            break;
        sbuf_putc(out, ',');
        for (int i = 0; i < closed; i++)
            sbuf_putc(out, '{');
    }
    sbuf_free(&el);
    return 0;
}

/* ---- binary I/O ---- */

static void put_be32(struct sbuf *out, uint32_t v)
{
    char b[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    sbuf_append(out, b, 4);
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int sql__array_send(const struct sql_value *v, struct sbuf *out, struct err *e)
{
    const struct sql_array *a = v->u.arr;
    bool hasnull = false;
    for (int i = 0; i < a->nitems; i++)
        hasnull = hasnull || a->items[i].null;
    int ndim = a->nitems == 0 ? 0 : a->ndim;
    put_be32(out, (uint32_t)ndim);
    put_be32(out, hasnull ? 1 : 0);
    put_be32(out, a->elemtype);
    for (int i = 0; i < ndim; i++) {
        put_be32(out, (uint32_t)a->dims[i]);
        put_be32(out, (uint32_t)a->lbs[i]);
    }
    for (int i = 0; i < a->nitems; i++) {
        if (a->items[i].null) {
            put_be32(out, UINT32_MAX);
            continue;
        }
        size_t at = out->len;
        put_be32(out, 0);
        int rc = sql_value_send(&a->items[i], out, e);
        if (rc != 0)
            return rc;
        uint32_t n = (uint32_t)(out->len - at - 4);
        out->data[at] = (char)(n >> 24);
        out->data[at + 1] = (char)(n >> 16);
        out->data[at + 2] = (char)(n >> 8);
        out->data[at + 3] = (char)n;
    }
    return 0;
}

static int bad_binary(struct err *e, const char *msg)
{
    return err_set_state(e, ERR_INVAL, "22P03", "%s", msg);
}

int sql__array_recv(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const uint8_t *p, size_t n,
                    struct sql_value *out, struct err *e)
{
    uint32_t et = sql_array_elemtype(type);
    if (n < 12)
        return bad_binary(e, "insufficient data left in message");
    int32_t ndim = (int32_t)get_be32(p);
    uint32_t flags = get_be32(p + 4);
    uint32_t elt = get_be32(p + 8);
    if (ndim < 0)
        return err_set_state(e, ERR_INVAL, "22P03", "invalid number of dimensions: %d", ndim);
    if (ndim > SQL_ARRAY_MAXDIM)
        return err_set_state(e, ERR_INVAL, "54000",
                             "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                             ndim, SQL_ARRAY_MAXDIM);
    if (flags != 0 && flags != 1)
        return bad_binary(e, "invalid array flags");
    if (elt != et)
        return err_set_state(e, ERR_INVAL, "42804",
                             "binary data has array element type %u (%s) "
                             "instead of expected %u (%s)",
                             elt, sql__type_err_name(elt), et, sql__type_err_name(et));
    size_t pos = 12;
    struct sql_array *a = mem_alloc0(ctx, sizeof *a);
    a->elemtype = et;
    a->ndim = ndim;
    int64_t total = ndim > 0 ? 1 : 0;
    for (int i = 0; i < ndim; i++) {
        if (n - pos < 8)
            return bad_binary(e, "insufficient data left in message");
        a->dims[i] = (int32_t)get_be32(p + pos);
        a->lbs[i] = (int32_t)get_be32(p + pos + 4);
        pos += 8;
        if (a->dims[i] < 0)
            return bad_binary(e, "invalid array dimensions");
        total *= a->dims[i];
        if (total > 134217727)
            return err_set_state(e, ERR_INVAL, "54000",
                                 "array size exceeds the maximum allowed (134217727)");
    }
    if (total == 0)
        a->ndim = 0;
    a->nitems = (int)total;
    if (total > 0) {
        if ((int64_t)(n - pos) / 4 < total)
            return bad_binary(e, "insufficient data left in message");
        a->items = mem_alloc(ctx, sizeof(struct sql_value) * (size_t)total);
    }
    for (int i = 0; i < a->nitems; i++) {
        if (n - pos < 4)
            return bad_binary(e, "insufficient data left in message");
        int32_t len = (int32_t)get_be32(p + pos);
        pos += 4;
        if (len == -1) {
            a->items[i] = sql_null(et);
            continue;
        }
        if (len < 0 || (size_t)len > n - pos)
            return bad_binary(e, "insufficient data left in message");
        int rc = sql_value_recv(ctx, et, typmod, p + pos, (size_t)len, &a->items[i], e);
        if (rc != 0)
            return rc;
        pos += (size_t)len;
    }
    if (pos != n)
        return bad_binary(e, "incorrect binary data format in array element");
    *out = sql_array_value(a);
    out->type = type;
    return 0;
}

/* ---- compare, hash, copy ---- */

int sql__array_cmp(const struct sql_value *va, const struct sql_value *vb)
{
    const struct sql_array *a = va->u.arr, *b = vb->u.arr;
    int n = a->nitems < b->nitems ? a->nitems : b->nitems;
    for (int i = 0; i < n; i++) {
        const struct sql_value *x = &a->items[i], *y = &b->items[i];
        if (x->null || y->null) {
            if (x->null && y->null)
                continue;
            return x->null ? 1 : -1;
        }
        int c = sql_value_cmp(x, y);
        if (c != 0)
            return c < 0 ? -1 : 1;
    }
    if (a->nitems != b->nitems)
        return a->nitems < b->nitems ? -1 : 1;
    if (a->ndim != b->ndim)
        return a->ndim < b->ndim ? -1 : 1;
    for (int i = 0; i < a->ndim; i++) {
        if (a->dims[i] != b->dims[i])
            return a->dims[i] < b->dims[i] ? -1 : 1;
        if (a->lbs[i] != b->lbs[i])
            return a->lbs[i] < b->lbs[i] ? -1 : 1;
    }
    return 0;
}

uint64_t sql__array_hash(const struct sql_value *v, uint64_t seed)
{
    const struct sql_array *a = v->u.arr;
    uint64_t h = seed ^ 0xa77a;
    int32_t hdr[1 + 2 * SQL_ARRAY_MAXDIM];
    int k = 0;
    hdr[k++] = a->ndim;
    for (int i = 0; i < a->ndim; i++) {
        hdr[k++] = a->dims[i];
        hdr[k++] = a->lbs[i];
    }
    h = hash_bytes(hdr, sizeof(int32_t) * (size_t)k, h);
    for (int i = 0; i < a->nitems; i++)
        h = sql_value_hash(&a->items[i], h);
    return h;
}

void sql__array_copy(struct mem_ctx *ctx, const struct sql_value *v, struct sql_value *out)
{
    const struct sql_array *a = v->u.arr;
    struct sql_array *c = mem_alloc(ctx, sizeof *c);
    *c = *a;
    if (a->nitems > 0) {
        c->items = mem_alloc(ctx, sizeof(struct sql_value) * (size_t)a->nitems);
        for (int i = 0; i < a->nitems; i++)
            sql_value_copy(ctx, &a->items[i], &c->items[i]);
    }
    *out = *v;
    out->u.arr = c;
}

/* ---- casts ---- */

static bool is_str(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR || t == SQL_T_BPCHAR || t == SQL_T_NAME ||
           t == SQL_T_UNKNOWN;
}

enum sql_cast_ctx sql__array_cast_context(uint32_t from, uint32_t to)
{
    uint32_t ef = sql_array_elemtype(from), et = sql_array_elemtype(to);
    if (ef == 0 || et == 0)
        return SQL_CAST_NONE;
    if (from == to)
        return SQL_CAST_IMPLICIT;
    return sql_cast_context(ef, et);
}

int sql__array_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to, int32_t typmod,
                    bool explicit_cast, const struct sql_fmt *f, struct sql_value *out,
                    struct err *e)
{
    uint32_t ef = sql_array_elemtype(v->type), et = sql_array_elemtype(to);
    if (ef != 0 && et != 0) {
        const struct sql_array *a = v->u.arr;
        if (ef == et && typmod < 0) {
            *out = *v;
            out->type = to;
            return 0;
        }
        struct sql_array *c = mem_alloc(ctx, sizeof *c);
        *c = *a;
        c->elemtype = et;
        c->items =
            a->nitems > 0 ? mem_alloc(ctx, sizeof(struct sql_value) * (size_t)a->nitems) : NULL;
        for (int i = 0; i < a->nitems; i++) {
            int rc =
                sql_value_cast(ctx, &a->items[i], et, typmod, explicit_cast, f, &c->items[i], e);
            if (rc != 0)
                return rc;
        }
        *out = sql_array_value(c);
        out->type = to;
        return 0;
    }
    if (et != 0 && is_str(v->type)) {
        const char *p = v->u.s.p;
        size_t n = v->u.s.len;
        if (v->type == SQL_T_BPCHAR)
            while (n > 0 && p[n - 1] == ' ')
                n--;
        return sql__array_in(ctx, to, typmod, p, n, f, out, e);
    }
    if (ef != 0 && is_str(to) && to != SQL_T_UNKNOWN) {
        struct sbuf b;
        sbuf_init(&b);
        int rc = sql__array_out(v, f, &b, e);
        if (rc == 0) {
            char *p = mem_strndup(ctx, b.data ? b.data : "", b.len);
            struct sql_value t = sql_text(p, b.len);
            rc = to == SQL_T_TEXT && typmod < 0
                     ? (*out = t, 0)
                     : sql_value_cast(ctx, &t, to, typmod, explicit_cast, f, out, e);
        }
        sbuf_free(&b);
        return rc;
    }
    struct sbuf a, b;
    sbuf_init(&a);
    sbuf_init(&b);
    sql_type_format(v->type, -1, &a);
    sql_type_format(to, -1, &b);
    int rc = err_set_state(e, ERR_INVAL, "42846", "cannot cast type %s to %s", a.data, b.data);
    sbuf_free(&a);
    sbuf_free(&b);
    return rc;
}
