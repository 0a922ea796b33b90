/* func_json.c — json and jsonb operators, functions and aggregates
 * (PostgreSQL 15 utils/adt/json.c, jsonb.c, jsonfuncs.c, jsonb_op.c):
 * -> ->> #> #>> @> <@ ? ?| ?& || - #-, the builders, to_json[b], jsonb_set,
 * jsonb_insert, jsonb_strip_nulls, jsonb_pretty, typeof/array_length,
 * extract_path, the aggregates json[b]_agg / json[b]_object_agg, and the
 * rows of the set-returning functions (json[b]_each[_text],
 * json[b]_array_elements[_text], json[b]_object_keys) for the executor.
 *
 * Path arguments (#>, #>>, #-, ?|, ?&, jsonb_set, jsonb_insert) are text[]
 * in PostgreSQL. Until the array type exists they are declared text
 * (JPATH below) and parsed as an array literal ('{a,b}'); switch JPATH to
 * the text[] OID when arrays land.
 *
 * Registered in sql_json_funcs / sql__json_aggs (consulted by
 * func_resolve.c after the core tables).
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/datetime.h"
#include "sql/func.h"
#include "sql/array.h"
#include "sql/func_int.h"
#include "sql/json_int.h"
#include "sql/numeric.h"
#include "sql/value.h"
#include "sql/value_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JPATH SQL_T_TEXT /* text[] (1009) once arrays exist */

/* ---- helpers ---- */

static int parse_arg(struct sql_fcall *c, const struct sql_value *v, struct jv **out, struct err *e)
{
    return sql__jv_parse(c->ctx, v->u.s.p, v->u.s.len, v->type == SQL_T_JSONB, out, e);
}

static void set_jsonb(struct sql_fcall *c, const struct jv *v, struct sql_value *out)
{
    sql__jsonb_from_jv(c->ctx, v, out);
}

/* A json result: the member's source text. */
static void set_json_raw(struct sql_fcall *c, const struct jv *v, struct sql_value *out)
{
    *out = sql_null(SQL_T_JSON);
    out->null = false;
    out->u.s.p = mem_strndup(c->ctx, v->raw, v->rawlen);
    out->u.s.len = v->rawlen;
}

static void set_text(struct sql_fcall *c, const char *p, size_t n, struct sql_value *out)
{
    *out = sql_text(mem_strndup(c->ctx, p ? p : "", n), n);
}

/* The member as the json/jsonb result type of an operator. */
static void set_member(struct sql_fcall *c, bool jsonb, const struct jv *v, struct sql_value *out)
{
    if (jsonb)
        set_jsonb(c, v, out);
    else
        set_json_raw(c, v, out);
}

/* ->> / #>> text of a member: strings unescaped, null is SQL NULL. */
static void set_member_text(struct sql_fcall *c, bool jsonb, const struct jv *v,
                            struct sql_value *out)
{
    if (v->kind == JV_NULL) {
        *out = sql_null(SQL_T_TEXT);
        return;
    }
    if (v->kind == JV_STRING) {
        set_text(c, v->s, v->len, out);
        return;
    }
    if (!jsonb) {
        set_text(c, v->raw, v->rawlen, out);
        return;
    }
    struct sbuf b;
    sbuf_init(&b);
    sql__jv_out(v, &b);
    set_text(c, b.data, b.len, out);
    sbuf_free(&b);
}

/* The member named key: jsonb objects are deduplicated; json keeps the
 * last of duplicate keys, as PostgreSQL's json -> does. */
static const struct jv *obj_get(const struct jv *o, const char *k, size_t kl)
{
    const struct jv *r = NULL;
    if (o->kind != JV_OBJECT)
        return NULL;
    for (size_t i = 0; i < o->n; i++) {
        const struct jv *key = &o->kids[2 * i];
        if (key->len == kl && (kl == 0 || memcmp(key->s, k, kl) == 0))
            r = &o->kids[2 * i + 1];
    }
    return r;
}

static const struct jv *arr_get(const struct jv *a, int64_t i)
{
    if (a->kind != JV_ARRAY)
        return NULL;
    if (i < 0)
        i += (int64_t)a->n;
    if (i < 0 || (size_t)i >= a->n)
        return NULL;
    return &a->kids[i];
}

/* Path elements of an array literal '{a,b,"c d"}' (text[] input). */
struct jpath {
    int n;
    const char **s;
    size_t *len;
    bool *null;
};

static int path_parse(struct sql_fcall *c, const struct sql_value *v, struct jpath *p,
                      struct err *e)
{
    const char *s = v->u.s.p, *end = s + v->u.s.len;
    memset(p, 0, sizeof *p);
    while (s < end && isspace((unsigned char)*s))
        s++;
    if (s >= end || *s != '{')
        return err_set_state(e, ERR_INVAL, "22P02",
                             "malformed array literal: \"%.*s\"%sArray value must start with "
                             "\"{\" or dimension information.",
                             (int)v->u.s.len, v->u.s.p, SQL_NUM_DETAIL_SEP);
    s++;
    int cap = 8;
    p->s = mem_alloc(c->ctx, sizeof(char *) * (size_t)cap);
    p->len = mem_alloc(c->ctx, sizeof(size_t) * (size_t)cap);
    p->null = mem_alloc(c->ctx, sizeof(bool) * (size_t)cap);
    while (s < end && isspace((unsigned char)*s))
        s++;
    if (s < end && *s == '}') {
        s++;
        goto done;
    }
    for (;;) {
        while (s < end && isspace((unsigned char)*s))
            s++;
        struct sbuf b;
        sbuf_init(&b);
        bool quoted = false;
        if (s < end && *s == '"') {
            quoted = true;
            s++;
            while (s < end && *s != '"') {
                if (*s == '\\' && s + 1 < end)
                    s++;
                sbuf_putc(&b, *s++);
            }
            if (s >= end) {
                sbuf_free(&b);
                goto bad;
            }
            s++;
            while (s < end && isspace((unsigned char)*s))
                s++;
        } else {
            while (s < end && *s != ',' && *s != '}') {
                if (*s == '\\' && s + 1 < end)
                    s++;
                else if (*s == '"' || *s == '{') {
                    sbuf_free(&b);
                    goto bad;
                }
                sbuf_putc(&b, *s++);
            }
            while (b.len > 0 && isspace((unsigned char)b.data[b.len - 1]))
                b.len--;
            if (b.len == 0) {
                sbuf_free(&b);
                goto bad;
            }
        }
        if (p->n == cap) {
            int nc = cap * 2;
            p->s = mem_realloc(c->ctx, p->s, sizeof(char *) * (size_t)cap,
                               sizeof(char *) * (size_t)nc);
            p->len = mem_realloc(c->ctx, p->len, sizeof(size_t) * (size_t)cap,
                                 sizeof(size_t) * (size_t)nc);
            p->null =
                mem_realloc(c->ctx, p->null, sizeof(bool) * (size_t)cap, sizeof(bool) * (size_t)nc);
            cap = nc;
        }
        p->null[p->n] = !quoted && b.len == 4 && strncasecmp(b.data, "null", 4) == 0;
        p->s[p->n] = mem_strndup(c->ctx, b.data ? b.data : "", b.len);
        p->len[p->n] = b.len;
        p->n++;
        sbuf_free(&b);
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        if (s < end && *s == '}') {
            s++;
            break;
        }
        goto bad;
    }
done:
    while (s < end && isspace((unsigned char)*s))
        s++;
    if (s == end)
        return 0;
bad:
    return err_set_state(e, ERR_INVAL, "22P02", "malformed array literal: \"%.*s\"",
                         (int)v->u.s.len, v->u.s.p);
}

/* strtoint of a path element: false unless the whole string is an int. */
static bool path_int(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || x < INT_MIN || x > INT_MAX)
        return false;
    *out = x;
    return true;
}

static const struct jv *path_get(const struct jv *v, const struct jpath *p, bool *isnull)
{
    *isnull = false;
    for (int i = 0; i < p->n && v != NULL; i++) {
        if (p->null[i]) {
            *isnull = true;
            return NULL;
        }
        if (v->kind == JV_OBJECT) {
            v = obj_get(v, p->s[i], p->len[i]);
        } else if (v->kind == JV_ARRAY) {
            int64_t k;
            if (!path_int(p->s[i], &k))
                return NULL;
            v = arr_get(v, k);
        } else {
            return NULL;
        }
    }
    return v;
}

/* ---- -> ->> #> #>> extract_path ---- */

static int field_op(struct sql_fcall *c, const struct sql_value *a, struct sql_value *out,
                    bool as_text, struct err *e)
{
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    bool jsonb = a[0].type == SQL_T_JSONB;
    const struct jv *m;
    if (a[1].type == SQL_T_INT4 && jsonb && t->kind < JV_ARRAY)
        m = a[1].u.i == 0 || a[1].u.i == -1 ? t : NULL; /* a raw scalar: one element */
    else if (a[1].type == SQL_T_INT4)
        m = arr_get(t, a[1].u.i);
    else
        m = obj_get(t, a[1].u.s.p, a[1].u.s.len);
    if (m == NULL) {
        *out = sql_null(as_text ? SQL_T_TEXT : a[0].type);
        return 0;
    }
    if (as_text)
        set_member_text(c, jsonb, m, out);
    else
        set_member(c, jsonb, m, out);
    return 0;
}

static int fn_field(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    return field_op(c, a, out, false, e);
}

static int fn_field_text(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    return field_op(c, a, out, true, e);
}

static int path_op(struct sql_fcall *c, const struct sql_value *a, const struct jpath *p,
                   struct sql_value *out, bool as_text, struct err *e)
{
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    bool jsonb = a[0].type == SQL_T_JSONB, isnull;
    const struct jv *m = path_get(t, p, &isnull);
    if (m == NULL) {
        *out = sql_null(as_text ? SQL_T_TEXT : a[0].type);
        return 0;
    }
    if (as_text)
        set_member_text(c, jsonb, m, out);
    else
        set_member(c, jsonb, m, out);
    return 0;
}

static int path_op_lit(struct sql_fcall *c, const struct sql_value *a, struct sql_value *out,
                       bool as_text, struct err *e)
{
    struct jpath p;
    int rc = path_parse(c, &a[1], &p, e);
    if (rc != 0)
        return rc;
    return path_op(c, a, &p, out, as_text, e);
}

static int fn_path(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)n;
    return path_op_lit(c, a, out, false, e);
}

static int fn_path_text(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)n;
    return path_op_lit(c, a, out, true, e);
}

/* json_extract_path(json, VARIADIC text[]): the path as separate args. */
static int extract_path(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, bool as_text, struct err *e)
{
    struct jpath p;
    p.n = n - 1;
    p.s = mem_alloc(c->ctx, sizeof(char *) * (size_t)(n > 1 ? n - 1 : 1));
    p.len = mem_alloc(c->ctx, sizeof(size_t) * (size_t)(n > 1 ? n - 1 : 1));
    p.null = mem_alloc(c->ctx, sizeof(bool) * (size_t)(n > 1 ? n - 1 : 1));
    for (int i = 1; i < n; i++) {
        p.null[i - 1] = a[i].null;
        p.s[i - 1] = a[i].null ? "" : mem_strndup(c->ctx, a[i].u.s.p, a[i].u.s.len);
        p.len[i - 1] = a[i].null ? 0 : a[i].u.s.len;
    }
    return path_op(c, a, &p, out, as_text, e);
}

static int fn_extract_path(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    return extract_path(c, a, n, out, false, e);
}

static int fn_extract_path_text(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    return extract_path(c, a, n, out, true, e);
}

/* ---- typeof, array_length, pretty, strip_nulls ---- */

static int fn_typeof(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)n;
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    const char *s = sql__jv_typeof(t);
    set_text(c, s, strlen(s), out);
    return 0;
}

static int fn_array_length(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    if (t->kind != JV_ARRAY)
        return err_set_state(e, ERR_INVAL, "22023", "cannot get array length of a %s",
                             t->kind == JV_OBJECT ? "non-array" : "scalar");
    *out = sql_int4((int32_t)t->n);
    return 0;
}

static int fn_pretty(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)n;
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    struct sbuf b;
    sbuf_init(&b);
    sql__jv_pretty(t, &b);
    set_text(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

static void strip_nulls(struct jv *v)
{
    if (v->kind == JV_ARRAY) {
        for (size_t i = 0; i < v->n; i++)
            strip_nulls(&v->kids[i]);
    } else if (v->kind == JV_OBJECT) {
        size_t m = 0;
        for (size_t i = 0; i < v->n; i++) {
            if (v->kids[2 * i + 1].kind == JV_NULL)
                continue;
            strip_nulls(&v->kids[2 * i + 1]);
            v->kids[2 * m] = v->kids[2 * i];
            v->kids[2 * m + 1] = v->kids[2 * i + 1];
            m++;
        }
        v->n = m;
    }
}

/* json_strip_nulls prints compactly (no spaces), strings as they were. */
static void compact_out(const struct jv *v, struct sbuf *b)
{
    if (v->kind == JV_ARRAY) {
        sbuf_putc(b, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sbuf_putc(b, ',');
            compact_out(&v->kids[i], b);
        }
        sbuf_putc(b, ']');
    } else if (v->kind == JV_OBJECT) {
        sbuf_putc(b, '{');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sbuf_putc(b, ',');
            sbuf_append(b, v->kids[2 * i].raw, v->kids[2 * i].rawlen);
            sbuf_putc(b, ':');
            compact_out(&v->kids[2 * i + 1], b);
        }
        sbuf_putc(b, '}');
    } else {
        sbuf_append(b, v->raw, v->rawlen);
    }
}

static int fn_strip_nulls(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    strip_nulls(t);
    if (a[0].type == SQL_T_JSONB) {
        set_jsonb(c, t, out);
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    compact_out(t, &b);
    *out = sql_null(SQL_T_JSON);
    out->null = false;
    out->u.s.p = mem_strndup(c->ctx, b.data ? b.data : "", b.len);
    out->u.s.len = b.len;
    sbuf_free(&b);
    return 0;
}

/* ---- to_json and the builders ---- */

static int to_json_text(struct sql_fcall *c, const struct sql_value *v, bool key, struct sbuf *b,
                        struct err *e);

/* composite_to_json: a record as an object of its fields (names from its
 * shape, f1, f2... when unknown); pretty: fields on their own lines. */
static int record_to_json(struct sql_fcall *c, const struct sql_value *v, bool pretty,
                          struct sbuf *b, struct err *e)
{
    int n = 0;
    const char *const *names = NULL;
    bool named = sql__record_shape(sql__record_value_typmod(v), &n, &names, NULL, NULL);
    const struct sql_array *a = v->u.arr;
    sbuf_putc(b, '{');
    for (int i = 0; a != NULL && i < a->nitems; i++) {
        if (i > 0)
            sbuf_puts(b, pretty ? ",\n " : ",");
        char fn[24];
        const char *name = named && i < n ? names[i] : fn;
        if (!(named && i < n))
            snprintf(fn, sizeof fn, "f%d", i + 1);
        sql__json_escape(b, name, strlen(name));
        sbuf_putc(b, ':');
        int rc = to_json_text(c, &a->items[i], false, b, e);
        if (rc != 0)
            return rc;
    }
    sbuf_putc(b, '}');
    return 0;
}

/* datum_to_json: v as JSON text appended to b. key: an object key (always
 * a string). */
static int to_json_text(struct sql_fcall *c, const struct sql_value *v, bool key, struct sbuf *b,
                        struct err *e)
{
    if (v->null) {
        sbuf_puts(b, "null");
        return 0;
    }
    const struct sql_fmt *f = sql__fn_fmt(c);
    struct sbuf t;
    sbuf_init(&t);
    int rc = 0;
    switch (v->type) {
    case SQL_T_BOOL:
        if (key)
            sql__json_escape(b, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
        else
            sbuf_puts(b, v->u.b ? "true" : "false");
        break;
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_NUMERIC:
    case SQL_T_OID:
        if ((rc = sql_value_out(v, f, &t, e)) != 0)
            break;
        if (key || (t.len > 0 && !(isdigit((unsigned char)t.data[0]) || t.data[0] == '-')) ||
            strcmp(t.data, "-Infinity") == 0)
            sql__json_escape(b, t.data, t.len);
        else
            sbuf_append(b, t.data, t.len);
        break;
    case SQL_T_JSON:
    case SQL_T_JSONB:
        if (key)
            sql__json_escape(b, v->u.s.p, v->u.s.len);
        else
            sbuf_append(b, v->u.s.p, v->u.s.len);
        break;
    case SQL_T_DATE:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ: {
        char buf[SQL_DT_OUT_MAX];
        if (v->type == SQL_T_DATE)
            rc = sql_date_out(v->u.date, buf, e);
        else if (v->type == SQL_T_TIMESTAMP)
            rc = sql_ts_out(v->u.ts, buf, e);
        else
            rc = sql_tstz_out(v->u.ts, &f->dt, buf, e);
        if (rc != 0)
            break;
        char *sp = strchr(buf, ' ');
        if (sp != NULL && sp[1] != 'B' && sp[1] != 'A')
            *sp = 'T';
        sbuf_puts(&t, buf);
        if (v->type == SQL_T_TIMESTAMPTZ) {
            /* ISO 8601 offsets have minutes: +00 -> +00:00 */
            size_t l = t.len;
            if (l >= 3 && (t.data[l - 3] == '+' || t.data[l - 3] == '-'))
                sbuf_puts(&t, ":00");
        }
        sql__json_escape(b, t.data, t.len);
        break;
    }
    case SQL_T_RECORD:
        if (v->u.arr != NULL && !key) {
            rc = record_to_json(c, v, false, b, e);
            break;
        }
        if ((rc = sql_value_out(v, f, &t, e)) != 0)
            break;
        sql__json_escape(b, t.data ? t.data : "", t.len);
        break;
    default:
        if ((rc = sql_value_out(v, f, &t, e)) != 0)
            break;
        sql__json_escape(b, t.data ? t.data : "", t.len);
        break;
    }
    sbuf_free(&t);
    return rc;
}

static int json_result(struct sql_fcall *c, bool jsonb, struct sbuf *b, struct sql_value *out,
                       struct err *e)
{
    int rc = 0;
    if (jsonb) {
        rc = sql__jsonb_in(c->ctx, b->data ? b->data : "", b->len, out, e);
    } else {
        *out = sql_null(SQL_T_JSON);
        out->null = false;
        out->u.s.p = mem_strndup(c->ctx, b->data ? b->data : "", b->len);
        out->u.s.len = b->len;
    }
    sbuf_free(b);
    return rc;
}

static int fn_to_json(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)n;
    struct sbuf b;
    sbuf_init(&b);
    int rc = to_json_text(c, &a[0], false, &b, e);
    if (rc != 0) {
        sbuf_free(&b);
        return rc;
    }
    return json_result(c, sql__fn_ret(c) == SQL_T_JSONB, &b, out, e);
}

/* row_to_json(record [, pretty]) */
static int fn_row_to_json(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    int rc = a[0].u.arr != NULL ? record_to_json(c, &a[0], n > 1 && !a[1].null && a[1].u.b, &b, e)
                                : to_json_text(c, &a[0], false, &b, e);
    if (rc != 0) {
        sbuf_free(&b);
        return rc;
    }
    return json_result(c, false, &b, out, e);
}

static int build_array(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       bool jsonb, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    sbuf_putc(&b, '[');
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sbuf_puts(&b, ", ");
        int rc = to_json_text(c, &a[i], false, &b, e);
        if (rc != 0) {
            sbuf_free(&b);
            return rc;
        }
    }
    sbuf_putc(&b, ']');
    return json_result(c, jsonb, &b, out, e);
}

static int fn_json_build_array(struct sql_fcall *c, const struct sql_value *a, int n,
                               struct sql_value *out, struct err *e)
{
    return build_array(c, a, n, out, false, e);
}

static int fn_jsonb_build_array(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    return build_array(c, a, n, out, true, e);
}

static int build_object(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, bool jsonb, struct err *e)
{
    const char *fname = jsonb ? "jsonb_build_object" : "json_build_object";
    if (n % 2 != 0)
        return err_set_state(e, ERR_INVAL, "22023",
                             "argument list must have even number of elements" SQL_FUNC_HINT_SEP
                             "The arguments of %s() must consist of alternating keys and values.",
                             fname);
    struct sbuf b;
    sbuf_init(&b);
    sbuf_putc(&b, '{');
    for (int i = 0; i < n; i += 2) {
        if (a[i].null) {
            sbuf_free(&b);
            if (jsonb)
                return err_set_state(e, ERR_INVAL, "22004", "argument %d: key must not be null",
                                     i + 1);
            return err_set_state(e, ERR_INVAL, "22004",
                                 "argument %d cannot be null" SQL_FUNC_HINT_SEP
                                 "Object keys should be text.",
                                 i + 1);
        }
        if (jsonb && (a[i].type == SQL_T_JSON || a[i].type == SQL_T_JSONB)) {
            sbuf_free(&b);
            return err_set_state(e, ERR_INVAL, "22023",
                                 "key value must be scalar, not array, composite, or json");
        }
        if (i > 0)
            sbuf_puts(&b, ", ");
        int rc = to_json_text(c, &a[i], true, &b, e);
        if (rc == 0) {
            sbuf_puts(&b, " : ");
            rc = to_json_text(c, &a[i + 1], false, &b, e);
        }
        if (rc != 0) {
            sbuf_free(&b);
            return rc;
        }
    }
    sbuf_putc(&b, '}');
    return json_result(c, jsonb, &b, out, e);
}

static int fn_json_build_object(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    return build_object(c, a, n, out, false, e);
}

static int fn_jsonb_build_object(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e)
{
    return build_object(c, a, n, out, true, e);
}

/* ---- jsonb operators ---- */

static bool scalar_eq(const struct jv *a, const struct jv *b)
{
    return a->kind == b->kind && sql__jv_cmp(a, b) == 0;
}

/* JsonbDeepContains: does a contain b (same kinds)? */
static bool contains(const struct jv *a, const struct jv *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == JV_OBJECT) {
        for (size_t i = 0; i < b->n; i++) {
            const struct jv *k = &b->kids[2 * i], *bv = &b->kids[2 * i + 1];
            const struct jv *av = obj_get(a, k->s, k->len);
            if (av == NULL)
                return false;
            if (bv->kind < JV_ARRAY) {
                if (!scalar_eq(av, bv))
                    return false;
            } else if (!contains(av, bv)) {
                return false;
            }
        }
        return true;
    }
    if (a->kind == JV_ARRAY) {
        for (size_t i = 0; i < b->n; i++) {
            const struct jv *bv = &b->kids[i];
            bool found = false;
            for (size_t j = 0; j < a->n && !found; j++) {
                const struct jv *av = &a->kids[j];
                found = bv->kind < JV_ARRAY ? scalar_eq(av, bv) : contains(av, bv);
            }
            if (!found)
                return false;
        }
        return true;
    }
    return scalar_eq(a, b);
}

static bool top_contains(const struct jv *a, const struct jv *b)
{
    /* top-level scalars are one-element arrays: an array contains a scalar
     * element, a scalar does not contain an array */
    if (a->kind == JV_ARRAY && b->kind < JV_ARRAY) {
        for (size_t j = 0; j < a->n; j++)
            if (scalar_eq(&a->kids[j], b))
                return true;
        return false;
    }
    return contains(a, b);
}

static int contain_op(struct sql_fcall *c, const struct sql_value *l, const struct sql_value *r,
                      struct sql_value *out, struct err *e)
{
    struct jv *a, *b;
    int rc = parse_arg(c, l, &a, e);
    if (rc == 0)
        rc = parse_arg(c, r, &b, e);
    if (rc != 0)
        return rc;
    *out = sql_bool(top_contains(a, b));
    return 0;
}

static int fn_contains(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)n;
    return contain_op(c, &a[0], &a[1], out, e);
}

static int fn_contained(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)n;
    return contain_op(c, &a[1], &a[0], out, e);
}

static bool has_key(const struct jv *t, const char *k, size_t kl)
{
    if (t->kind == JV_OBJECT)
        return obj_get(t, k, kl) != NULL;
    if (t->kind == JV_ARRAY) {
        for (size_t i = 0; i < t->n; i++) {
            const struct jv *x = &t->kids[i];
            if (x->kind == JV_STRING && x->len == kl && (kl == 0 || memcmp(x->s, k, kl) == 0))
                return true;
        }
        return false;
    }
    return t->kind == JV_STRING && t->len == kl && (kl == 0 || memcmp(t->s, k, kl) == 0);
}

static int fn_exists(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)n;
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    *out = sql_bool(has_key(t, a[1].u.s.p, a[1].u.s.len));
    return 0;
}

static int exists_list(struct sql_fcall *c, const struct sql_value *a, bool all,
                       struct sql_value *out, struct err *e)
{
    struct jv *t;
    struct jpath p;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc == 0)
        rc = path_parse(c, &a[1], &p, e);
    if (rc != 0)
        return rc;
    bool r = all;
    for (int i = 0; i < p.n; i++) {
        if (p.null[i])
            continue;
        bool h = has_key(t, p.s[i], p.len[i]);
        if (all && !h) {
            r = false;
            break;
        }
        if (!all && h) {
            r = true;
            break;
        }
    }
    *out = sql_bool(r);
    return 0;
}

static int fn_exists_any(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    return exists_list(c, a, false, out, e);
}

static int fn_exists_all(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    return exists_list(c, a, true, out, e);
}

/* A jv array holding v's elements (arrays), or v itself (other kinds). */
static void as_elems(const struct jv *v, const struct jv **items, size_t *n)
{
    if (v->kind == JV_ARRAY) {
        *items = v->kids;
        *n = v->n;
    } else {
        *items = v;
        *n = 1;
    }
}

static int fn_concat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)n;
    struct jv *x, *y;
    int rc = parse_arg(c, &a[0], &x, e);
    if (rc == 0)
        rc = parse_arg(c, &a[1], &y, e);
    if (rc != 0)
        return rc;
    struct jv r;
    memset(&r, 0, sizeof r);
    if (x->kind == JV_OBJECT && y->kind == JV_OBJECT) {
        r.kind = JV_OBJECT;
        r.n = x->n + y->n;
        r.kids = mem_alloc(c->ctx, sizeof(struct jv) * (2 * r.n + 1));
        if (x->n)
            memcpy(r.kids, x->kids, sizeof(struct jv) * 2 * x->n);
        if (y->n)
            memcpy(r.kids + 2 * x->n, y->kids, sizeof(struct jv) * 2 * y->n);
        sql__jv_canon(&r, false);
    } else {
        const struct jv *xi, *yi;
        size_t xn, yn;
        as_elems(x, &xi, &xn);
        as_elems(y, &yi, &yn);
        r.kind = JV_ARRAY;
        r.n = xn + yn;
        r.kids = mem_alloc(c->ctx, sizeof(struct jv) * (r.n + 1));
        if (xn)
            memcpy(r.kids, xi, sizeof(struct jv) * xn);
        if (yn)
            memcpy(r.kids + xn, yi, sizeof(struct jv) * yn);
    }
    set_jsonb(c, &r, out);
    return 0;
}

static int fn_delete(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)n;
    struct jv *t;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    if (t->kind < JV_ARRAY)
        return err_set_state(e, ERR_INVAL, "22023", "cannot delete from scalar");
    if (a[1].type == SQL_T_INT4) {
        if (t->kind == JV_OBJECT)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "cannot delete from object using integer index");
        int64_t i = a[1].u.i;
        if (i < 0)
            i += (int64_t)t->n;
        if (i >= 0 && (size_t)i < t->n) {
            memmove(&t->kids[i], &t->kids[i + 1], sizeof(struct jv) * (t->n - (size_t)i - 1));
            t->n--;
        }
        set_jsonb(c, t, out);
        return 0;
    }
    const char *k = a[1].u.s.p;
    size_t kl = a[1].u.s.len;
    size_t m = 0;
    if (t->kind == JV_OBJECT) {
        for (size_t i = 0; i < t->n; i++) {
            const struct jv *key = &t->kids[2 * i];
            if (key->len == kl && (kl == 0 || memcmp(key->s, k, kl) == 0))
                continue;
            t->kids[2 * m] = t->kids[2 * i];
            t->kids[2 * m + 1] = t->kids[2 * i + 1];
            m++;
        }
    } else {
        for (size_t i = 0; i < t->n; i++) {
            const struct jv *x = &t->kids[i];
            if (x->kind == JV_STRING && x->len == kl && (kl == 0 || memcmp(x->s, k, kl) == 0))
                continue;
            t->kids[m++] = t->kids[i];
        }
    }
    t->n = m;
    set_jsonb(c, t, out);
    return 0;
}

/* ---- jsonb_set, jsonb_insert, #- (setPath) ---- */

enum { SP_SET, SP_INSERT_BEFORE, SP_INSERT_AFTER, SP_DELETE };

static int path_int_err(int pos, const char *s, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22P02",
                         "path element at position %d is not an integer: \"%s\"", pos, s);
}

static void arr_insert(struct sql_fcall *c, struct jv *arr, size_t at, const struct jv *nv)
{
    struct jv *k = mem_alloc(c->ctx, sizeof(struct jv) * (arr->n + 1));
    if (at > 0)
        memcpy(k, arr->kids, sizeof(struct jv) * at);
    k[at] = *nv;
    if (arr->n > at)
        memcpy(k + at + 1, arr->kids + at, sizeof(struct jv) * (arr->n - at));
    arr->kids = k;
    arr->n++;
}

static int set_path(struct sql_fcall *c, struct jv *v, const struct jpath *p, int level,
                    const struct jv *nv, int op, bool create, struct err *e)
{
    if (p->null[level])
        return err_set_state(e, ERR_INVAL, "22004", "path element at position %d is null",
                             level + 1);
    bool last = level == p->n - 1;
    if (v->kind == JV_OBJECT) {
        const char *k = p->s[level];
        size_t kl = p->len[level];
        for (size_t i = 0; i < v->n; i++) {
            struct jv *key = &v->kids[2 * i];
            if (key->len != kl || (kl && memcmp(key->s, k, kl) != 0))
                continue;
            if (!last)
                return set_path(c, &v->kids[2 * i + 1], p, level + 1, nv, op, create, e);
            if (op == SP_DELETE) {
                memmove(&v->kids[2 * i], &v->kids[2 * i + 2],
                        sizeof(struct jv) * 2 * (v->n - i - 1));
                v->n--;
                return 0;
            }
            if (op != SP_SET)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "cannot replace existing key" SQL_FUNC_HINT_SEP
                                     "Try using the function jsonb_set to replace key value.");
            v->kids[2 * i + 1] = *nv;
            return 0;
        }
        if (last && op != SP_DELETE && (create || op != SP_SET)) {
            struct jv *kids = mem_alloc(c->ctx, sizeof(struct jv) * 2 * (v->n + 1));
            if (v->n)
                memcpy(kids, v->kids, sizeof(struct jv) * 2 * v->n);
            memset(&kids[2 * v->n], 0, sizeof(struct jv));
            kids[2 * v->n].kind = JV_STRING;
            kids[2 * v->n].s = k;
            kids[2 * v->n].len = kl;
            kids[2 * v->n + 1] = *nv;
            v->kids = kids;
            v->n++;
            sql__jv_canon(v, false);
        }
        return 0;
    }
    if (v->kind == JV_ARRAY) {
        int64_t idx;
        if (!path_int(p->s[level], &idx))
            return path_int_err(level + 1, p->s[level], e);
        int64_t nn = (int64_t)v->n;
        if (idx < 0)
            idx = -idx > nn ? -1 : idx + nn;
        if (idx >= 0 && idx < nn) {
            if (!last)
                return set_path(c, &v->kids[idx], p, level + 1, nv, op, create, e);
            if (op == SP_DELETE) {
                memmove(&v->kids[idx], &v->kids[idx + 1],
                        sizeof(struct jv) * (size_t)(nn - idx - 1));
                v->n--;
            } else if (op == SP_SET) {
                v->kids[idx] = *nv;
            } else {
                arr_insert(c, v, (size_t)(op == SP_INSERT_AFTER ? idx + 1 : idx), nv);
            }
            return 0;
        }
        if (last && op != SP_DELETE && (create || op != SP_SET))
            arr_insert(c, v, idx < 0 ? 0 : v->n, nv);
        return 0;
    }
    return 0;
}

static int path_modify(struct sql_fcall *c, const struct sql_value *a, const struct jv *nv, int op,
                       bool create, struct sql_value *out, struct err *e)
{
    struct jv *t;
    struct jpath p;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc == 0)
        rc = path_parse(c, &a[1], &p, e);
    if (rc != 0)
        return rc;
    if (t->kind < JV_ARRAY)
        return err_set_state(e, ERR_INVAL, "22023", "cannot %s path in scalar",
                             op == SP_DELETE ? "delete" : "set");
    if (p.n > 0 && (rc = set_path(c, t, &p, 0, nv, op, create, e)) != 0)
        return rc;
    set_jsonb(c, t, out);
    return 0;
}

static int fn_delete_path(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    return path_modify(c, a, NULL, SP_DELETE, false, out, e);
}

static int fn_set(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    struct jv *nv;
    int rc = parse_arg(c, &a[2], &nv, e);
    if (rc != 0)
        return rc;
    return path_modify(c, a, nv, SP_SET, n < 4 || a[3].u.b, out, e);
}

static int fn_insert(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    struct jv *nv;
    int rc = parse_arg(c, &a[2], &nv, e);
    if (rc != 0)
        return rc;
    bool after = n >= 4 && a[3].u.b;
    return path_modify(c, a, nv, after ? SP_INSERT_AFTER : SP_INSERT_BEFORE, true, out, e);
}

/* ---- set-returning functions: in FROM only ---- */

static int fn_srf_elsewhere(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)out;
    return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                         "set-returning function %s is only supported in FROM or in a select "
                         "list without FROM",
                         c->match && c->match->def ? c->match->def->name : "");
}

static int fn_jsonpath(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)a;
    (void)n;
    (void)out;
    return err_set_state(e, ERR_UNSUPPORTED, "0A000", "%s is not supported",
                         c->match && c->match->def ? c->match->def->name : "jsonpath");
}

static const struct {
    const char *name;
    int ncols;
    uint32_t types[2];
    const char *cols[2];
} srfs[] = {
    [SQL_JSRF_JSON_EACH] = {"json_each", 2, {SQL_T_TEXT, SQL_T_JSON}, {"key", "value"}},
    [SQL_JSRF_JSON_EACH_TEXT] = {"json_each_text", 2, {SQL_T_TEXT, SQL_T_TEXT}, {"key", "value"}},
    [SQL_JSRF_JSONB_EACH] = {"jsonb_each", 2, {SQL_T_TEXT, SQL_T_JSONB}, {"key", "value"}},
    [SQL_JSRF_JSONB_EACH_TEXT] = {"jsonb_each_text", 2, {SQL_T_TEXT, SQL_T_TEXT}, {"key", "value"}},
    [SQL_JSRF_JSON_ELEMENTS] = {"json_array_elements", 1, {SQL_T_JSON, 0}, {"value", NULL}},
    [SQL_JSRF_JSON_ELEMENTS_TEXT] = {"json_array_elements_text",
                                     1,
                                     {SQL_T_TEXT, 0},
                                     {"value", NULL}},
    [SQL_JSRF_JSONB_ELEMENTS] = {"jsonb_array_elements", 1, {SQL_T_JSONB, 0}, {"value", NULL}},
    [SQL_JSRF_JSONB_ELEMENTS_TEXT] = {"jsonb_array_elements_text",
                                      1,
                                      {SQL_T_TEXT, 0},
                                      {"value", NULL}},
    [SQL_JSRF_JSON_KEYS] = {"json_object_keys", 1, {SQL_T_TEXT, 0}, {NULL, NULL}},
    [SQL_JSRF_JSONB_KEYS] = {"jsonb_object_keys", 1, {SQL_T_TEXT, 0}, {NULL, NULL}},
};

int sql__json_srf_find(const char *name, int *ncols, const uint32_t **types,
                       const char *const **cols, uint32_t *argtype)
{
    for (int i = 1; i < (int)(sizeof(srfs) / sizeof(srfs[0])); i++) {
        if (srfs[i].name != NULL && strcmp(srfs[i].name, name) == 0) {
            *ncols = srfs[i].ncols;
            *types = srfs[i].types;
            *cols = srfs[i].cols;
            *argtype = strncmp(name, "jsonb", 5) == 0 ? SQL_T_JSONB : SQL_T_JSON;
            return i;
        }
    }
    return 0;
}

int sql__json_srf_rows(struct mem_ctx *ctx, int fn, const struct sql_value *arg,
                       struct sql_value **rows, size_t *nrows, struct err *e)
{
    struct sql_fcall c = {.ctx = ctx};
    struct jv *t;
    *nrows = 0;
    *rows = NULL;
    if (arg->null)
        return 0;
    int rc = parse_arg(&c, arg, &t, e);
    if (rc != 0)
        return rc;
    const char *name = srfs[fn].name;
    bool jsonb = arg->type == SQL_T_JSONB;
    bool as_text = fn == SQL_JSRF_JSON_EACH_TEXT || fn == SQL_JSRF_JSONB_EACH_TEXT ||
                   fn == SQL_JSRF_JSON_ELEMENTS_TEXT || fn == SQL_JSRF_JSONB_ELEMENTS_TEXT;
    int ncols = srfs[fn].ncols;
    if (fn == SQL_JSRF_JSON_KEYS || fn == SQL_JSRF_JSONB_KEYS) {
        if (t->kind != JV_OBJECT)
            return err_set_state(e, ERR_INVAL, "22023", "cannot call %s on %s", name,
                                 t->kind == JV_ARRAY ? "an array" : "a scalar");
    } else if (ncols == 2) {
        if (t->kind != JV_OBJECT)
            return err_set_state(e, ERR_INVAL, "22023", "cannot call %s on a non-object", name);
    } else if (t->kind != JV_ARRAY) {
        if (jsonb || t->kind == JV_OBJECT)
            return err_set_state(e, ERR_INVAL, "22023", "cannot extract elements from %s",
                                 t->kind == JV_OBJECT ? "an object" : "a scalar");
        return err_set_state(e, ERR_INVAL, "22023", "cannot extract elements from a scalar");
    }
    struct sql_value *r = mem_alloc(ctx, sizeof(struct sql_value) * (size_t)ncols * (t->n + 1));
    for (size_t i = 0; i < t->n; i++) {
        struct sql_value *row = r + (size_t)ncols * i;
        if (t->kind == JV_OBJECT) {
            const struct jv *k = &t->kids[2 * i], *v = &t->kids[2 * i + 1];
            set_text(&c, k->s, k->len, &row[0]);
            if (ncols == 2) {
                if (as_text)
                    set_member_text(&c, jsonb, v, &row[1]);
                else
                    set_member(&c, jsonb, v, &row[1]);
            }
        } else {
            const struct jv *v = &t->kids[i];
            if (as_text)
                set_member_text(&c, jsonb, v, &row[0]);
            else
                set_member(&c, jsonb, v, &row[0]);
        }
    }
    *rows = r;
    *nrows = t->n;
    return 0;
}

/* ---- aggregates ---- */

struct st_jagg {
    char *data; /* text so far, in the group's memory */
    size_t len, cap;
    bool any;
};

static void jagg_init(void *st, struct mem_ctx *ctx)
{
    (void)ctx;
    memset(st, 0, sizeof(struct st_jagg));
}

static void jagg_append(struct st_jagg *s, struct mem_ctx *ctx, const char *p, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        while (nc < s->len + n + 1)
            nc *= 2;
        s->data = mem_realloc(ctx, s->data, s->cap, nc);
        s->cap = nc;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
    s->data[s->len] = '\0';
}

static int agg_value_text(struct mem_ctx *ctx, const struct sql_value *v, bool key, struct sbuf *t,
                          struct err *e)
{
    struct sql_fcall c = {.ctx = ctx};
    return to_json_text(&c, v, key, t, e);
}

static int jagg_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_jagg *s = st;
    struct sbuf t;
    sbuf_init(&t);
    sbuf_puts(&t, s->any ? ", " : "[");
    /* json_agg_transfn: a composite or array after the first item on a new line */
    if (s->any && !v->null && (v->type == SQL_T_RECORD || sql_array_elemtype(v->type) != 0))
        sbuf_puts(&t, "\n ");
    int rc = agg_value_text(ctx, v, false, &t, e);
    if (rc == 0)
        jagg_append(s, ctx, t.data, t.len);
    sbuf_free(&t);
    s->any = true;
    return rc;
}

static int jagg_final_common(struct st_jagg *s, struct mem_ctx *ctx, const char *close, bool jsonb,
                             struct sql_value *out, struct err *e)
{
    if (!s->any) {
        *out = sql_null(jsonb ? SQL_T_JSONB : SQL_T_JSON);
        return 0;
    }
    size_t n = s->len, cl = strlen(close);
    char *d = mem_alloc(ctx, n + cl + 1);
    memcpy(d, s->data, n);
    memcpy(d + n, close, cl + 1);
    if (jsonb)
        return sql__jsonb_in(ctx, d, n + cl, out, e);
    *out = sql_null(SQL_T_JSON);
    out->null = false;
    out->u.s.p = d;
    out->u.s.len = n + cl;
    return 0;
}

static int json_agg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return jagg_final_common(st, ctx, "]", false, out, e);
}

static int jsonb_agg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return jagg_final_common(st, ctx, "]", true, out, e);
}

static int jobj_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    struct st_jagg *s = st;
    if (v[0].null)
        return err_set_state(e, ERR_INVAL, "22004", "field name must not be null");
    struct sbuf t;
    sbuf_init(&t);
    sbuf_puts(&t, s->any ? ", " : "{ ");
    int rc = agg_value_text(ctx, &v[0], true, &t, e);
    if (rc == 0) {
        sbuf_puts(&t, " : ");
        rc = agg_value_text(ctx, &v[1], false, &t, e);
    }
    if (rc == 0)
        jagg_append(s, ctx, t.data, t.len);
    sbuf_free(&t);
    s->any = true;
    return rc;
}

static int json_oagg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return jagg_final_common(st, ctx, " }", false, out, e);
}

static int jsonb_oagg_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    return jagg_final_common(st, ctx, " }", true, out, e);
}

#define JAGG(nm, a, a2, r, stp, fin)                                                              \
    {                                                                                             \
        .name = (nm), .arg = (a), .arg2 = (a2), .ret = (r), .state_size = sizeof(struct st_jagg), \
        .init = jagg_init, .step = (stp), .final = (fin), .nonstrict = true                       \
    }

const struct sql_agg_def sql__json_aggs[] = {
    JAGG("json_agg", SQL_FT_ANYELEMENT, 0, SQL_T_JSON, jagg_step, json_agg_final),
    JAGG("jsonb_agg", SQL_FT_ANYELEMENT, 0, SQL_T_JSONB, jagg_step, jsonb_agg_final),
    JAGG("json_object_agg", SQL_T_ANY, SQL_T_ANY, SQL_T_JSON, jobj_step, json_oagg_final),
    JAGG("jsonb_object_agg", SQL_T_ANY, SQL_T_ANY, SQL_T_JSONB, jobj_step, jsonb_oagg_final),
};
const size_t sql__json_naggs = sizeof(sql__json_aggs) / sizeof(sql__json_aggs[0]);

/* ---- the registry (scanned by func_resolve.c after the core tables) ----
 *
 * Rows with oid 0 are not pg_proc rows of their own: the 3-argument forms
 * of jsonb_set / jsonb_insert (PostgreSQL's default for the 4th), and the
 * jsonpath functions, which only answer 0A000. */

#define J  SQL_T_JSON
#define JB SQL_T_JSONB
#define TX SQL_T_TEXT
#define I4 SQL_T_INT4
#define BO SQL_T_BOOL

const struct sql_func_def sql_json_funcs[] = {
    {"#-", 3304, 2, false, {JB, JPATH}, JB, fn_delete_path, true, 'i'},
    {"#>", 3217, 2, false, {JB, JPATH}, JB, fn_path, true, 'i'},
    {"#>", 3951, 2, false, {J, JPATH}, J, fn_path, true, 'i'},
    {"#>>", 3940, 2, false, {JB, JPATH}, TX, fn_path_text, true, 'i'},
    {"#>>", 3953, 2, false, {J, JPATH}, TX, fn_path_text, true, 'i'},
    {"-", 3302, 2, false, {JB, TX}, JB, fn_delete, true, 'i'},
    {"-", 3303, 2, false, {JB, I4}, JB, fn_delete, true, 'i'},
    {"->", 3215, 2, false, {JB, I4}, JB, fn_field, true, 'i'},
    {"->", 3478, 2, false, {JB, TX}, JB, fn_field, true, 'i'},
    {"->", 3947, 2, false, {J, TX}, J, fn_field, true, 'i'},
    {"->", 3949, 2, false, {J, I4}, J, fn_field, true, 'i'},
    {"->>", 3214, 2, false, {JB, TX}, TX, fn_field_text, true, 'i'},
    {"->>", 3216, 2, false, {JB, I4}, TX, fn_field_text, true, 'i'},
    {"->>", 3948, 2, false, {J, TX}, TX, fn_field_text, true, 'i'},
    {"->>", 3950, 2, false, {J, I4}, TX, fn_field_text, true, 'i'},
    {"<", 4039, 2, false, {JB, JB}, BO, sql__fn_cmp_lt, true, 'i'},
    {"<=", 4041, 2, false, {JB, JB}, BO, sql__fn_cmp_le, true, 'i'},
    {"<>", 4038, 2, false, {JB, JB}, BO, sql__fn_cmp_ne, true, 'i'},
    {"<@", 4050, 2, false, {JB, JB}, BO, fn_contained, true, 'i'},
    {"=", 4043, 2, false, {JB, JB}, BO, sql__fn_cmp_eq, true, 'i'},
    {">", 4040, 2, false, {JB, JB}, BO, sql__fn_cmp_gt, true, 'i'},
    {">=", 4042, 2, false, {JB, JB}, BO, sql__fn_cmp_ge, true, 'i'},
    {"?", 4047, 2, false, {JB, TX}, BO, fn_exists, true, 'i'},
    {"?&", 4049, 2, false, {JB, JPATH}, BO, fn_exists_all, true, 'i'},
    {"?|", 4048, 2, false, {JB, JPATH}, BO, fn_exists_any, true, 'i'},
    {"@>", 4046, 2, false, {JB, JB}, BO, fn_contains, true, 'i'},
    {"||", 3301, 2, false, {JB, JB}, JB, fn_concat, true, 'i'},
    {"json_array_elements", 3955, 1, false, {J}, J, fn_srf_elsewhere, true, 'i'},
    {"json_array_elements_text", 3969, 1, false, {J}, TX, fn_srf_elsewhere, true, 'i'},
    {"json_array_length", 3956, 1, false, {J}, I4, fn_array_length, true, 'i'},
    {"json_build_array", 3198, 1, true, {SQL_T_ANY}, J, fn_json_build_array, false, 's'},
    {"json_build_array", 3199, 0, false, {0}, J, fn_json_build_array, false, 's'},
    {"json_build_object", 3200, 1, true, {SQL_T_ANY}, J, fn_json_build_object, false, 's'},
    {"json_build_object", 3201, 0, false, {0}, J, fn_json_build_object, false, 's'},
    {"json_each", 3958, 1, false, {J}, SQL_T_RECORD, fn_srf_elsewhere, true, 'i'},
    {"json_each_text", 3959, 1, false, {J}, SQL_T_RECORD, fn_srf_elsewhere, true, 'i'},
    {"json_extract_path", 3951, 2, true, {J, TX}, J, fn_extract_path, true, 'i'},
    {"json_extract_path_text", 3953, 2, true, {J, TX}, TX, fn_extract_path_text, true, 'i'},
    {"json_object_keys", 3957, 1, false, {J}, TX, fn_srf_elsewhere, true, 'i'},
    {"json_strip_nulls", 3261, 1, false, {J}, J, fn_strip_nulls, true, 'i'},
    {"json_typeof", 3968, 1, false, {J}, TX, fn_typeof, true, 'i'},
    {"jsonb_array_elements", 3219, 1, false, {JB}, JB, fn_srf_elsewhere, true, 'i'},
    {"jsonb_array_elements_text", 3465, 1, false, {JB}, TX, fn_srf_elsewhere, true, 'i'},
    {"jsonb_array_length", 3207, 1, false, {JB}, I4, fn_array_length, true, 'i'},
    {"jsonb_build_array", 3271, 1, true, {SQL_T_ANY}, JB, fn_jsonb_build_array, false, 's'},
    {"jsonb_build_array", 3272, 0, false, {0}, JB, fn_jsonb_build_array, false, 's'},
    {"jsonb_build_object", 3273, 1, true, {SQL_T_ANY}, JB, fn_jsonb_build_object, false, 's'},
    {"jsonb_build_object", 3274, 0, false, {0}, JB, fn_jsonb_build_object, false, 's'},
    {"jsonb_each", 3208, 1, false, {JB}, SQL_T_RECORD, fn_srf_elsewhere, true, 'i'},
    {"jsonb_each_text", 3932, 1, false, {JB}, SQL_T_RECORD, fn_srf_elsewhere, true, 'i'},
    {"jsonb_extract_path", 3217, 2, true, {JB, TX}, JB, fn_extract_path, true, 'i'},
    {"jsonb_extract_path_text", 3940, 2, true, {JB, TX}, TX, fn_extract_path_text, true, 'i'},
    {"jsonb_insert", 0, 3, false, {JB, JPATH, JB}, JB, fn_insert, true, 'i'},
    {"jsonb_insert", 3579, 4, false, {JB, JPATH, JB, BO}, JB, fn_insert, true, 'i'},
    {"jsonb_object_keys", 3931, 1, false, {JB}, TX, fn_srf_elsewhere, true, 'i'},
    {"jsonb_path_exists", 0, 2, true, {JB, SQL_T_ANY}, BO, fn_jsonpath, false, 'i'},
    {"jsonb_path_match", 0, 2, true, {JB, SQL_T_ANY}, BO, fn_jsonpath, false, 'i'},
    {"jsonb_path_query", 0, 2, true, {JB, SQL_T_ANY}, JB, fn_jsonpath, false, 'i'},
    {"jsonb_path_query_array", 0, 2, true, {JB, SQL_T_ANY}, JB, fn_jsonpath, false, 'i'},
    {"jsonb_path_query_first", 0, 2, true, {JB, SQL_T_ANY}, JB, fn_jsonpath, false, 'i'},
    {"jsonb_pretty", 3306, 1, false, {JB}, TX, fn_pretty, true, 'i'},
    {"jsonb_set", 0, 3, false, {JB, JPATH, JB}, JB, fn_set, true, 'i'},
    {"jsonb_set", 3305, 4, false, {JB, JPATH, JB, BO}, JB, fn_set, true, 'i'},
    {"jsonb_strip_nulls", 3262, 1, false, {JB}, JB, fn_strip_nulls, true, 'i'},
    {"jsonb_typeof", 3210, 1, false, {JB}, TX, fn_typeof, true, 'i'},
    {"to_json", 3176, 1, false, {SQL_FT_ANYELEMENT}, J, fn_to_json, true, 's'},
    {"to_jsonb", 3787, 1, false, {SQL_FT_ANYELEMENT}, JB, fn_to_json, true, 's'},
    {"row_to_json", 3155, 1, false, {SQL_T_RECORD}, J, fn_row_to_json, true, 's'},
    {"row_to_json", 3156, 2, false, {SQL_T_RECORD, BO}, J, fn_row_to_json, true, 's'},
};
const size_t sql_json_nfuncs = sizeof(sql_json_funcs) / sizeof(sql_json_funcs[0]);
