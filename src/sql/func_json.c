/* func_json.c — json and jsonb operators, functions and aggregates
 * (PostgreSQL 15 utils/adt/json.c, jsonb.c, jsonfuncs.c, jsonb_op.c):
 * -> ->> #> #>> @> <@ ? ?| ?& || - #-, the builders, to_json[b], jsonb_set,
 * jsonb_insert, jsonb_set_lax, jsonb_strip_nulls, jsonb_pretty,
 * typeof/array_length, extract_path, json[b]_object, array_to_json, the
 * aggregates json[b]_agg / json[b]_object_agg, json[b]_populate_record
 * (populate_record_field's conversions), jsonb subscripting
 * (sf_jsonb_subscript / sf_jsonb_assign for bind_jsonb.c), and the rows of
 * the set-returning functions (json[b]_each[_text],
 * json[b]_array_elements[_text], json[b]_object_keys,
 * json[b]_populate_record[set], json[b]_to_record[set]) for the executor.
 *
 * Path arguments (#>, #>>, #-, ?|, ?&, jsonb_set, jsonb_insert) are text[]
 * (JPATH below), flattened as deconstruct_array does.
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
#include "sql/ctype.h"
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

#define JPATH 1009 /* text[] */
#define TXA   1009 /* text[] */

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

/* Path elements of a text[] argument (flattened, as deconstruct_array). */
struct jpath {
    int n;
    const char **s;
    size_t *len;
    bool *null;
};

static int path_parse(struct sql_fcall *c, const struct sql_value *v, struct jpath *p,
                      struct err *e)
{
    (void)e;
    memset(p, 0, sizeof *p);
    const struct sql_array *arr = v->u.arr;
    int n = arr != NULL ? arr->nitems : 0;
    p->s = mem_alloc(c->ctx, sizeof(char *) * (size_t)(n + 1));
    p->len = mem_alloc(c->ctx, sizeof(size_t) * (size_t)(n + 1));
    p->null = mem_alloc(c->ctx, sizeof(bool) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const struct sql_value *it = &arr->items[i];
        p->null[i] = it->null;
        p->s[i] = it->null ? "" : mem_strndup(c->ctx, it->u.s.p, it->u.s.len);
        p->len[i] = it->null ? 0 : it->u.s.len;
    }
    p->n = n;
    return 0;
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

/* array_dim_to_json: dimension dim of a from item *k on; pretty puts the
 * top level's elements on their own lines. */
static int array_dim_to_json(struct sql_fcall *c, const struct sql_array *a, int dim, int *k,
                             bool pretty, struct sbuf *b, struct err *e)
{
    sbuf_putc(b, '[');
    for (int i = 0; i < a->dims[dim]; i++) {
        if (i > 0)
            sbuf_puts(b, pretty && dim == 0 ? ",\n " : ",");
        int rc;
        if (dim + 1 == a->ndim)
            rc = to_json_text(c, &a->items[(*k)++], false, b, e);
        else
            rc = array_dim_to_json(c, a, dim + 1, k, pretty, b, e);
        if (rc != 0)
            return rc;
    }
    sbuf_putc(b, ']');
    return 0;
}

/* array_to_json_internal: an array value as nested JSON arrays. */
static int array_to_json(struct sql_fcall *c, const struct sql_value *v, bool pretty,
                         struct sbuf *b, struct err *e)
{
    const struct sql_array *a = v->u.arr;
    if (a == NULL || a->ndim == 0 || a->nitems == 0) {
        sbuf_puts(b, "[]");
        return 0;
    }
    int k = 0;
    return array_dim_to_json(c, a, 0, &k, pretty, b, e);
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
        else { /* ISO 8601 whatever the DateStyle (JsonEncodeDateTime) */
            struct sql_dt_ctx iso = f->dt;
            iso.style = SQL_DS_ISO;
            rc = sql_tstz_out(v->u.ts, &iso, buf, e);
        }
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
        if (sql_array_elemtype(v->type) != 0 && !key) {
            rc = array_to_json(c, v, false, b, e);
            break;
        }
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
        if (a[i].type == SQL_T_JSON || a[i].type == SQL_T_JSONB || a[i].type == SQL_T_RECORD ||
            sql_array_elemtype(a[i].type) != 0) {
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

/* json[b]_build_object / _array(VARIADIC arr): the array's elements are the
 * arguments (extract_variadic_args); a NULL array gives NULL. */
static int fn_build_va(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)n;
    const char *name = c->match->def->name;
    bool jsonb = name[4] == 'b', obj = strstr(name, "object") != NULL;
    if (a[0].null) {
        *out = sql_null(jsonb ? SQL_T_JSONB : SQL_T_JSON);
        return 0;
    }
    const struct sql_array *arr = a[0].u.arr;
    int k = arr != NULL ? arr->nitems : 0;
    const struct sql_value *items = k > 0 ? arr->items : NULL;
    if (obj)
        return build_object(c, items, k, out, jsonb, e);
    return build_array(c, items, k, out, jsonb, e);
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
    if (t->n == 0 && (op == SP_DELETE || (op == SP_SET && !create))) {
        *out = a[0]; /* an empty container is returned as is */
        return 0;
    }
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

/* jsonb - text[] (jsonb_delete_array): every key / string element named. */
static int fn_delete_keys(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    struct jv *t;
    struct jpath p;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc == 0)
        rc = path_parse(c, &a[1], &p, e);
    if (rc != 0)
        return rc;
    if (t->kind < JV_ARRAY)
        return err_set_state(e, ERR_INVAL, "22023", "cannot delete from scalar");
    bool obj = t->kind == JV_OBJECT;
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct jv *x = obj ? &t->kids[2 * i] : &t->kids[i];
        bool del = false;
        for (int k = 0; k < p.n && !del; k++)
            del = !p.null[k] && x->kind == JV_STRING && x->len == p.len[k] &&
                  (x->len == 0 || memcmp(x->s, p.s[k], x->len) == 0);
        if (del)
            continue;
        if (obj) {
            t->kids[2 * m] = t->kids[2 * i];
            t->kids[2 * m + 1] = t->kids[2 * i + 1];
        } else {
            t->kids[m] = t->kids[i];
        }
        m++;
    }
    t->n = m;
    set_jsonb(c, t, out);
    return 0;
}

/* jsonb_delete(jsonb, VARIADIC text[]) with the keys as separate args. */
static int fn_delete_variadic(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    struct sql_array *arr = sql_array_new(c->ctx, SQL_T_TEXT, n - 1);
    for (int i = 1; i < n; i++)
        arr->items[i - 1] = a[i];
    struct sql_value args[2] = {a[0], sql_array_value(arr)};
    args[1].type = TXA;
    return fn_delete_keys(c, args, 2, out, e);
}

/* jsonb_set_lax(target, path, new, create_if_missing, null_value_treatment):
 * not strict; a NULL new value is handled as the last argument says. */
static int fn_set_lax(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    static const char bad[] = "null_value_treatment must be \"delete_key\", \"return_target\", "
                              "\"use_json_null\", or \"raise_exception\"";
    bool create = n < 4 || a[3].u.b;
    if (a[0].null || a[1].null || (n >= 4 && a[3].null)) {
        *out = sql_null(SQL_T_JSONB);
        return 0;
    }
    if (n >= 5 && a[4].null)
        return err_set_state(e, ERR_INVAL, "22004", "%s", bad);
    struct jv *nv;
    int rc;
    if (!a[2].null) {
        if ((rc = parse_arg(c, &a[2], &nv, e)) != 0)
            return rc;
        return path_modify(c, a, nv, SP_SET, create, out, e);
    }
    const char *h = n >= 5 ? a[4].u.s.p : "use_json_null";
    size_t hl = n >= 5 ? a[4].u.s.len : strlen(h);
#define HIS(lit) (hl == sizeof(lit) - 1 && memcmp(h, lit, hl) == 0)
    if (HIS("raise_exception"))
        return err_set_state(
            e, ERR_INVAL, "22004",
            "JSON value must not be null" SQL_NUM_DETAIL_SEP
            "Exception was raised because null_value_treatment is "
            "\"raise_exception\"." SQL_FUNC_HINT_SEP
            "To avoid, either change the null_value_treatment argument or ensure that an SQL "
            "NULL is not passed.");
    if (HIS("use_json_null")) {
        if ((rc = sql__jv_parse(c->ctx, "null", 4, true, &nv, e)) != 0)
            return rc;
        return path_modify(c, a, nv, SP_SET, create, out, e);
    }
    if (HIS("delete_key"))
        return path_modify(c, a, NULL, SP_DELETE, false, out, e);
    if (HIS("return_target")) {
        *out = a[0];
        return 0;
    }
#undef HIS
    return err_set_state(e, ERR_INVAL, "22023", "%s", bad);
}

static int fn_jsonb_cmp(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    int r = sql__jsonb_cmp(&a[0], &a[1]);
    *out = sql_int4(r < 0 ? -1 : r > 0);
    return 0;
}

/* array_to_json(anyarray [, pretty]) */
static int fn_array_to_json(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    if (sql_array_elemtype(a[0].type) == 0) {
        sql_type_format(a[0].type, -1, &b);
        int rc = err_set_state(e, ERR_NOTFOUND, "42883",
                               "function array_to_json(%s) does not exist", b.data);
        sbuf_free(&b);
        return rc;
    }
    int rc = array_to_json(c, &a[0], n > 1 && a[1].u.b, &b, e);
    if (rc != 0) {
        sbuf_free(&b);
        return rc;
    }
    return json_result(c, false, &b, out, e);
}

static int objarr_err(struct err *e, const char *msg)
{
    return err_set_state(e, ERR_INVAL, "2202E", "%s", msg);
}

/* json_object(text[]) / json_object(keys text[], values text[]) and the
 * jsonb forms. */
static int fn_json_object(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    const struct sql_array *k = a[0].u.arr, *v = n > 1 ? a[1].u.arr : NULL;
    int kd = k != NULL ? k->ndim : 0;
    size_t count;
    if (n == 1) {
        if (kd == 1 && k->dims[0] % 2 != 0)
            return objarr_err(e, "array must have even number of elements");
        if (kd == 2 && k->dims[1] != 2)
            return objarr_err(e, "array must have two columns");
        if (kd > 2)
            return objarr_err(e, "wrong number of array subscripts");
        count = kd == 0 ? 0 : (size_t)k->nitems / 2;
    } else {
        int vd = v != NULL ? v->ndim : 0;
        if (kd > 1 || kd != vd)
            return objarr_err(e, "wrong number of array subscripts");
        if (kd != 0 && k->nitems != v->nitems)
            return objarr_err(e, "mismatched array dimensions");
        count = kd == 0 ? 0 : (size_t)k->nitems;
    }
    struct sbuf b;
    sbuf_init(&b);
    sbuf_putc(&b, '{');
    for (size_t i = 0; i < count; i++) {
        const struct sql_value *kv = n == 1 ? &k->items[2 * i] : &k->items[i];
        const struct sql_value *vv = n == 1 ? &k->items[2 * i + 1] : &v->items[i];
        if (kv->null) {
            sbuf_free(&b);
            return err_set_state(e, ERR_INVAL, "22004", "null value not allowed for object key");
        }
        if (i > 0)
            sbuf_puts(&b, ", ");
        sql__json_escape(&b, kv->u.s.p, kv->u.s.len);
        sbuf_puts(&b, " : ");
        if (vv->null)
            sbuf_puts(&b, "null");
        else
            sql__json_escape(&b, vv->u.s.p, vv->u.s.len);
    }
    sbuf_putc(&b, '}');
    return json_result(c, sql__fn_ret(c) == SQL_T_JSONB, &b, out, e);
}

/* ---- json[b]_populate_record[set], json[b]_to_record[set] (jsonfuncs.c populate_*) ---- */

static int pop_field(struct sql_fcall *c, bool jsonb, const struct jv *v, uint32_t type,
                     int32_t typmod, const char *colname, struct sql_value *out, struct err *e);

/* The text a scalar field's input function gets (populate_scalar). */
static void pop_scalar_text(bool jsonb, const struct jv *v, uint32_t type, struct sbuf *t)
{
    if (!jsonb) {
        if (v->kind == JV_STRING) {
            if (type == SQL_T_JSON || type == SQL_T_JSONB)
                sql__json_escape(t, v->s, v->len);
            else
                sbuf_append(t, v->s, v->len);
        } else {
            sbuf_append(t, v->raw, v->rawlen);
        }
        return;
    }
    if (v->kind == JV_STRING && type != SQL_T_JSON && type != SQL_T_JSONB)
        sbuf_append(t, v->s, v->len);
    else
        sql__jv_out(v, t);
}

/* An object's fields into a record of shape typmod (populate_record):
 * members named after the fields, the others from base (NULL: none). */
static int pop_record(struct sql_fcall *c, bool jsonb, const struct jv *o, int32_t typmod,
                      const int32_t *typmods, const struct sql_value *base, struct sql_value *out,
                      struct err *e)
{
    int nf;
    const char *const *names;
    const uint32_t *types;
    if (!sql__record_shape(typmod, &nf, &names, &types, NULL))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "record type has not been registered");
    const struct sql_ctype *ct = sql__ctype_of_shape(typmod);
    const struct sql_array *src = base != NULL && !base->null ? base->u.arr : NULL;
    struct sql_array *r = sql_array_new(c->ctx, SQL_T_RECORD, nf);
    sql__record_set_typmod(r, typmod);
    for (int i = 0; i < nf; i++) {
        uint32_t ft = types[i];
        int32_t ftm = typmods != NULL ? typmods[i] : ct != NULL && i < ct->n ? ct->typmods[i] : -1;
        const struct sql_ctype *fct = sql_ctype_get(ft);
        if (fct != NULL) {
            ft = SQL_T_RECORD;
            ftm = fct->shape;
        }
        const struct jv *fv = obj_get(o, names[i], strlen(names[i]));
        if (fv == NULL) {
            r->items[i] = src != NULL && i < src->nitems ? src->items[i] : sql_null(ft);
            continue;
        }
        int rc = pop_field(c, jsonb, fv, ft, ftm, names[i], &r->items[i], e);
        if (rc != 0)
            return rc;
    }
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = r;
    return 0;
}

/* populate_array_report_expected_array */
static int pop_expected_array(const char *colname, const int *sizes, int ndim, struct err *e)
{
    if (ndim <= 0)
        return err_set_state(e, ERR_INVAL, "22P02",
                             "expected JSON array" SQL_FUNC_HINT_SEP "See the value of key \"%s\".",
                             colname);
    char idx[128];
    size_t l = 0;
    idx[0] = '\0';
    for (int i = 0; i < ndim && l + 16 < sizeof idx; i++)
        l += (size_t)snprintf(idx + l, sizeof idx - l, "[%d]", sizes[i]);
    return err_set_state(e, ERR_INVAL, "22P02",
                         "expected JSON array" SQL_FUNC_HINT_SEP
                         "See the array element %s of key \"%s\".",
                         idx, colname);
}

struct pop_arr {
    struct sql_fcall *c;
    bool jsonb;
    uint32_t et;
    int32_t etm;
    const char *colname;
    int ndims; /* 0: not known yet */
    int dims[SQL_ARRAY_MAXDIM], sizes[SQL_ARRAY_MAXDIM];
    struct sql_value *items;
    int nitems, cap;
};

static int pop_arr_ndims(struct pop_arr *a, int ndims, struct err *e)
{
    if (ndims <= 0)
        return pop_expected_array(a->colname, a->sizes, ndims, e);
    if (ndims > SQL_ARRAY_MAXDIM)
        return err_set_state(e, ERR_INVAL, "54000",
                             "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                             ndims, SQL_ARRAY_MAXDIM);
    a->ndims = ndims;
    for (int i = 0; i < ndims; i++)
        a->dims[i] = -1;
    return 0;
}

/* The walk of populate_array_json: v at nesting level lvl (0: the value). */
static int pop_arr_walk(struct pop_arr *a, const struct jv *v, int lvl, struct err *e)
{
    int rc;
    if (v->kind != JV_ARRAY) {
        /* a scalar or an object where the dimensions say an element */
        if (a->ndims <= 0) {
            if ((rc = pop_arr_ndims(a, lvl, e)) != 0)
                return rc;
        } else if (lvl < a->ndims) {
            return pop_expected_array(a->colname, a->sizes, lvl, e);
        }
    } else if (a->ndims <= 0 || lvl < a->ndims) {
        for (size_t i = 0; i < v->n; i++)
            if ((rc = pop_arr_walk(a, &v->kids[i], lvl + 1, e)) != 0)
                return rc;
        if (a->ndims <= 0 && (rc = pop_arr_ndims(a, lvl + 1, e)) != 0)
            return rc;
        if (lvl < a->ndims) { /* populate_array_check_dimension */
            if (a->dims[lvl] == -1)
                a->dims[lvl] = a->sizes[lvl];
            else if (a->dims[lvl] != a->sizes[lvl])
                return err_set_state(e, ERR_INVAL, "22P02",
                                     "malformed JSON array" SQL_NUM_DETAIL_SEP
                                     "Multidimensional arrays must have sub-arrays with matching "
                                     "dimensions.");
            a->sizes[lvl] = 0;
            if (lvl > 0)
                a->sizes[lvl - 1]++;
        }
        return 0;
    }
    if (lvl != a->ndims)
        return 0;
    /* an element */
    if (a->nitems == a->cap) {
        int nc = a->cap ? a->cap * 2 : 8;
        a->items = mem_realloc(a->c->ctx, a->items, sizeof *a->items * (size_t)a->cap,
                               sizeof *a->items * (size_t)nc);
        a->cap = nc;
    }
    if ((rc = pop_field(a->c, a->jsonb, v, a->et, a->etm, a->colname, &a->items[a->nitems], e)) !=
        0)
        return rc;
    a->nitems++;
    a->sizes[lvl - 1]++;
    return 0;
}

static int pop_array(struct sql_fcall *c, bool jsonb, const struct jv *v, uint32_t type,
                     int32_t typmod, const char *colname, struct sql_value *out, struct err *e)
{
    struct pop_arr a = {.c = c, .jsonb = jsonb, .colname = colname};
    a.et = sql_array_elemtype(type);
    a.etm = typmod; /* an array's typmod is its elements' */
    const struct sql_ctype *ect = sql_ctype_get(a.et);
    if (ect != NULL) {
        a.et = SQL_T_RECORD;
        a.etm = ect->shape;
    }
    int rc = pop_arr_walk(&a, v, 0, e);
    if (rc != 0)
        return rc;
    bool empty = a.nitems == 0;
    for (int i = 0; i < a.ndims; i++)
        empty = empty || a.dims[i] <= 0;
    struct sql_array *r = sql_array_new(c->ctx, a.et, empty ? 0 : a.nitems);
    if (!empty) {
        r->ndim = a.ndims;
        for (int i = 0; i < a.ndims; i++) {
            r->dims[i] = a.dims[i];
            r->lbs[i] = 1;
        }
        memcpy(r->items, a.items, sizeof *a.items * (size_t)a.nitems);
    } else {
        r->ndim = 0;
        r->nitems = 0;
    }
    *out = sql_array_value(r);
    out->type = type;
    return 0;
}

/* populate_record_field: one JSON value as a value of (type, typmod). */
static int pop_field(struct sql_fcall *c, bool jsonb, const struct jv *v, uint32_t type,
                     int32_t typmod, const char *colname, struct sql_value *out, struct err *e)
{
    if (v->kind == JV_NULL) {
        *out = sql_null(type);
        return 0;
    }
    bool arr = sql_array_elemtype(type) != 0 && v->kind != JV_STRING;
    if (arr)
        return pop_array(c, jsonb, v, type, typmod, colname, out, e);
    if (type == SQL_T_RECORD && v->kind != JV_STRING) {
        if (v->kind != JV_OBJECT)
            return err_set_state(e, ERR_INVAL, "22023", "cannot call populate_composite on %s",
                                 v->kind == JV_ARRAY ? "an array" : "a scalar");
        return pop_record(c, jsonb, v, typmod, NULL, NULL, out, e);
    }
    if (type == SQL_T_JSONB && jsonb) {
        sql__jsonb_from_jv(c->ctx, v, out);
        return 0;
    }
    struct sbuf t;
    sbuf_init(&t);
    pop_scalar_text(jsonb, v, type, &t);
    int rc =
        sql_value_in(c->ctx, type, typmod, t.data ? t.data : "", t.len, sql__fn_fmt(c), out, e);
    sbuf_free(&t);
    return rc;
}

/* json[b]_populate_record(base anyelement, from_json [, use_json_as_text]) */
static int fn_populate_record(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    const char *fname = c->match->def->name;
    int32_t tm = c->match->ret_typmod;
    if (c->match->ret == SQL_T_RECORD && tm < 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "could not determine row type for result of %s" SQL_FUNC_HINT_SEP
                             "Provide a non-null record argument, or call the function in the "
                             "FROM clause using a column definition list.",
                             fname);
    if (c->match->ret != SQL_T_RECORD)
        return err_set_state(e, ERR_INVAL, "42804", "first argument of %s must be a row type",
                             fname);
    if (a[1].null) {
        *out = a[0];
        if (!a[0].null)
            return 0;
        *out = sql_null(SQL_T_RECORD);
        return 0;
    }
    struct jv *t;
    int rc = parse_arg(c, &a[1], &t, e);
    if (rc != 0)
        return rc;
    if (t->kind != JV_OBJECT)
        return err_set_state(e, ERR_INVAL, "22023", "cannot call populate_composite on %s",
                             t->kind == JV_ARRAY ? "an array" : "a scalar");
    return pop_record(c, a[1].type == SQL_T_JSONB, t, tm, NULL, &a[0], out, e);
}

static const char *srf_name(int fn);

int sql__json_populate_rows(struct mem_ctx *ctx, struct sql_env *env, int fn,
                            const struct sql_value *base, const struct sql_value *js,
                            int32_t typmod, const int32_t *typmods, struct sql_value **rows,
                            size_t *nrows, struct err *e)
{
    struct sql_func_match m = {.ret = SQL_T_RECORD, .ret_typmod = typmod};
    struct sql_fcall c = {.ctx = ctx, .env = env, .match = &m};
    const char *fname = srf_name(fn);
    bool set = fn == SQL_JSRF_JSON_POPULATE_SET || fn == SQL_JSRF_JSONB_POPULATE_SET ||
               fn == SQL_JSRF_JSON_TO_RECORDSET || fn == SQL_JSRF_JSONB_TO_RECORDSET;
    *rows = NULL;
    *nrows = 0;
    int nf;
    const char *const *names;
    const uint32_t *types;
    if (!sql__record_shape(typmod, &nf, &names, &types, NULL))
        return err_set_state(e, ERR_INVAL, "42804", "first argument of %s must be a row type",
                             fname);
    if (js->null && set)
        return 0;
    struct sql_value rec = sql_null(SQL_T_RECORD);
    struct jv *t = NULL;
    int rc;
    if (!js->null && (rc = parse_arg(&c, js, &t, e)) != 0)
        return rc;
    bool jsonb = js->type == SQL_T_JSONB;
    size_t n = 1;
    if (set) {
        if (t->kind != JV_ARRAY) {
            if (jsonb)
                return err_set_state(e, ERR_INVAL, "22023", "cannot call %s on a non-array", fname);
            return err_set_state(e, ERR_INVAL, "22023", "cannot call %s on %s", fname,
                                 t->kind == JV_OBJECT ? "an object" : "a scalar");
        }
        n = t->n;
    }
    struct sql_value *r = mem_alloc(ctx, sizeof *r * (size_t)nf * (n + 1));
    for (size_t k = 0; k < n; k++) {
        const struct jv *o = set ? &t->kids[k] : t;
        if (o == NULL) { /* a NULL from_json: base, or a row of NULLs */
            for (int i = 0; i < nf; i++)
                r[k * (size_t)nf + (size_t)i] =
                    base != NULL && !base->null && i < base->u.arr->nitems ? base->u.arr->items[i]
                                                                           : sql_null(types[i]);
            continue;
        }
        if (o->kind != JV_OBJECT) {
            if (set)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "argument of %s must be an array of objects", fname);
            return err_set_state(e, ERR_INVAL, "22023", "cannot call populate_composite on %s",
                                 o->kind == JV_ARRAY ? "an array" : "a scalar");
        }
        if ((rc = pop_record(&c, jsonb, o, typmod, typmods, base, &rec, e)) != 0)
            return rc;
        for (int i = 0; i < nf; i++)
            r[k * (size_t)nf + (size_t)i] = rec.u.arr->items[i];
    }
    *rows = r;
    *nrows = n;
    return 0;
}

/* ---- jsonb subscripting (jsonbsubs.c, jsonb_get_element / jsonb_set_element) ---- */

/* The subscripts a[0..n) (int4 or text, not NULL) as a path. */
static void subs_path(struct sql_fcall *c, const struct sql_value *a, int n, struct jpath *p)
{
    p->n = n;
    p->s = mem_alloc(c->ctx, sizeof(char *) * (size_t)(n + 1));
    p->len = mem_alloc(c->ctx, sizeof(size_t) * (size_t)(n + 1));
    p->null = mem_alloc(c->ctx, sizeof(bool) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        p->null[i] = false;
        if (a[i].type == SQL_T_INT4) {
            char buf[16];
            int l = snprintf(buf, sizeof buf, "%d", (int)a[i].u.i);
            p->s[i] = mem_strndup(c->ctx, buf, (size_t)l);
            p->len[i] = (size_t)l;
        } else {
            p->s[i] = mem_strndup(c->ctx, a[i].u.s.p, a[i].u.s.len);
            p->len[i] = a[i].u.s.len;
        }
    }
}

/* sf_jsonb_subscript(jsonb, sub...): jsonb_get_element (strict: a NULL
 * subscript gives NULL). */
static int fn_jsonb_subscript(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    struct jv *t;
    struct jpath p;
    int rc = parse_arg(c, &a[0], &t, e);
    if (rc != 0)
        return rc;
    subs_path(c, a + 1, n - 1, &p);
    bool isnull;
    const struct jv *r = path_get(t, &p, &isnull);
    if (r == NULL || isnull) {
        *out = sql_null(SQL_T_JSONB);
        return 0;
    }
    set_jsonb(c, r, out);
    return 0;
}

/* push_path: the value created for path[level..] below a missing member:
 * nested objects (text elements) and arrays padded with nulls (integers). */
static struct jv *subs_chain(struct sql_fcall *c, const struct jpath *p, int level,
                             const struct jv *nv)
{
    struct jv *r = mem_alloc0(c->ctx, sizeof *r);
    if (level >= p->n) {
        *r = *nv;
        return r;
    }
    struct jv *inner = subs_chain(c, p, level + 1, nv);
    int64_t idx;
    if (path_int(p->s[level], &idx)) {
        size_t pad = idx > 0 ? (size_t)idx : 0;
        r->kind = JV_ARRAY;
        r->n = pad + 1;
        r->kids = mem_alloc0(c->ctx, sizeof(struct jv) * r->n);
        for (size_t i = 0; i < pad; i++)
            r->kids[i].kind = JV_NULL;
        r->kids[pad] = *inner;
    } else {
        r->kind = JV_OBJECT;
        r->n = 1;
        r->kids = mem_alloc0(c->ctx, sizeof(struct jv) * 2);
        r->kids[0].kind = JV_STRING;
        r->kids[0].s = p->s[level];
        r->kids[0].len = p->len[level];
        r->kids[1] = *inner;
    }
    return r;
}

/* setPath with JB_PATH_CREATE | JB_PATH_FILL_GAPS | JB_PATH_CONSISTENT_POSITION. */
static int subs_set(struct sql_fcall *c, struct jv *v, const struct jpath *p, int level,
                    const struct jv *nv, struct err *e)
{
    bool last = level == p->n - 1;
    if (v->kind == JV_OBJECT) {
        for (size_t i = 0; i < v->n; i++) {
            struct jv *key = &v->kids[2 * i];
            if (key->len != p->len[level] ||
                (key->len && memcmp(key->s, p->s[level], key->len) != 0))
                continue;
            if (last) {
                v->kids[2 * i + 1] = *nv;
                return 0;
            }
            return subs_set(c, &v->kids[2 * i + 1], p, level + 1, nv, e);
        }
        struct jv *kids = mem_alloc(c->ctx, sizeof(struct jv) * 2 * (v->n + 1));
        if (v->n)
            memcpy(kids, v->kids, sizeof(struct jv) * 2 * v->n);
        memset(&kids[2 * v->n], 0, sizeof(struct jv));
        kids[2 * v->n].kind = JV_STRING;
        kids[2 * v->n].s = p->s[level];
        kids[2 * v->n].len = p->len[level];
        kids[2 * v->n + 1] = *subs_chain(c, p, level + 1, nv);
        v->kids = kids;
        v->n++;
        sql__jv_canon(v, false);
        return 0;
    }
    if (v->kind == JV_ARRAY) {
        int64_t idx, nn = (int64_t)v->n;
        if (!path_int(p->s[level], &idx))
            return path_int_err(level + 1, p->s[level], e);
        if (idx < 0) {
            if (-idx > nn)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "path element at position %d is out of range: %d", level + 1,
                                     (int)idx);
            idx += nn;
        }
        if (idx < nn) {
            if (last) {
                v->kids[idx] = *nv;
                return 0;
            }
            return subs_set(c, &v->kids[idx], p, level + 1, nv, e);
        }
        size_t nl = (size_t)idx + 1;
        struct jv *kids = mem_alloc0(c->ctx, sizeof(struct jv) * nl);
        if (v->n)
            memcpy(kids, v->kids, sizeof(struct jv) * v->n);
        for (size_t i = v->n; i + 1 < nl; i++)
            kids[i].kind = JV_NULL;
        kids[nl - 1] = *subs_chain(c, p, level + 1, nv);
        v->kids = kids;
        v->n = nl;
        return 0;
    }
    return err_set_state(e, ERR_INVAL, "22023",
                         "cannot replace existing key" SQL_NUM_DETAIL_SEP
                         "The path assumes key is a composite object, but it is a scalar value.");
}

/* sf_jsonb_assign(base, value, sub...): jsonb_subscript_assign. A NULL
 * base is an empty array when the first subscript is an integer, else an
 * empty object; a NULL value is JSON null. */
static int fn_jsonb_assign(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    for (int i = 2; i < n; i++)
        if (a[i].null)
            return err_set_state(e, ERR_INVAL, "22004",
                                 "jsonb subscript in assignment must not be null");
    struct jv *t, *nv;
    int rc;
    if (!a[0].null) {
        if ((rc = parse_arg(c, &a[0], &t, e)) != 0)
            return rc;
    } else {
        t = mem_alloc0(c->ctx, sizeof *t);
        t->kind = n > 2 && a[2].type == SQL_T_INT4 ? JV_ARRAY : JV_OBJECT;
    }
    if (!a[1].null) {
        if ((rc = parse_arg(c, &a[1], &nv, e)) != 0)
            return rc;
    } else {
        nv = mem_alloc0(c->ctx, sizeof *nv);
        nv->kind = JV_NULL;
    }
    struct jpath p;
    subs_path(c, a + 2, n - 2, &p);
    if (p.n > 0 && (rc = subs_set(c, t, &p, 0, nv, e)) != 0)
        return rc;
    set_jsonb(c, t, out);
    return 0;
}

const struct sql_func_def sql__jsonb_subscript_def = {
    "sf_jsonb_subscript", 0,    2,  true, {SQL_T_JSONB, SQL_T_ANY}, SQL_T_JSONB,
    fn_jsonb_subscript,   true, 'i'};
const struct sql_func_def sql__jsonb_assign_def = {
    "sf_jsonb_assign", 0,     3,  true, {SQL_T_JSONB, SQL_T_JSONB, SQL_T_ANY}, SQL_T_JSONB,
    fn_jsonb_assign,   false, 'i'};

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
    [SQL_JSRF_JSON_POPULATE] = {"json_populate_record", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSONB_POPULATE] = {"jsonb_populate_record", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSON_POPULATE_SET] = {"json_populate_recordset", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSONB_POPULATE_SET] = {"jsonb_populate_recordset", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSON_TO_RECORD] = {"json_to_record", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSONB_TO_RECORD] = {"jsonb_to_record", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSON_TO_RECORDSET] = {"json_to_recordset", 0, {0, 0}, {NULL, NULL}},
    [SQL_JSRF_JSONB_TO_RECORDSET] = {"jsonb_to_recordset", 0, {0, 0}, {NULL, NULL}},
};

static const char *srf_name(int fn)
{
    return srfs[fn].name;
}

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

/* Calls with VARIADIC array (eng__bind_json_variadic): the builders, and
 * the functions whose variadic parameter is text[] get the array whole. */
static const struct sql_func_def build_va_defs[] = {
    {"json_extract_path", 3951, 2, false, {SQL_T_JSON, JPATH}, SQL_T_JSON, fn_path, true, 'i'},
    {"json_extract_path_text",
     3953,
     2,
     false,
     {SQL_T_JSON, JPATH},
     SQL_T_TEXT,
     fn_path_text,
     true,
     'i'},
    {"jsonb_extract_path", 3217, 2, false, {SQL_T_JSONB, JPATH}, SQL_T_JSONB, fn_path, true, 'i'},
    {"jsonb_extract_path_text",
     3940,
     2,
     false,
     {SQL_T_JSONB, JPATH},
     SQL_T_TEXT,
     fn_path_text,
     true,
     'i'},
    {"jsonb_delete", 3343, 2, false, {SQL_T_JSONB, JPATH}, SQL_T_JSONB, fn_delete_keys, true, 'i'},
    {"json_build_array", 3198, 1, false, {SQL_FT_ANYELEMENT}, SQL_T_JSON, fn_build_va, false, 's'},
    {"json_build_object", 3200, 1, false, {SQL_FT_ANYELEMENT}, SQL_T_JSON, fn_build_va, false, 's'},
    {"jsonb_build_array",
     3271,
     1,
     false,
     {SQL_FT_ANYELEMENT},
     SQL_T_JSONB,
     fn_build_va,
     false,
     's'},
    {"jsonb_build_object",
     3273,
     1,
     false,
     {SQL_FT_ANYELEMENT},
     SQL_T_JSONB,
     fn_build_va,
     false,
     's'},
};

const struct sql_func_def *sql__json_variadic_def(const char *name)
{
    for (size_t i = 0; i < sizeof build_va_defs / sizeof build_va_defs[0]; i++)
        if (strcmp(build_va_defs[i].name, name) == 0)
            return &build_va_defs[i];
    return NULL;
}

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
    {"-", 3343, 2, false, {JB, JPATH}, JB, fn_delete_keys, true, 'i'},
    {"array_to_json", 3153, 1, false, {SQL_FT_ANYELEMENT}, J, fn_array_to_json, true, 's'},
    {"array_to_json", 3154, 2, false, {SQL_FT_ANYELEMENT, BO}, J, fn_array_to_json, true, 's'},
    {"json_object", 3202, 1, false, {TXA}, J, fn_json_object, true, 'i'},
    {"json_object", 3203, 2, false, {TXA, TXA}, J, fn_json_object, true, 'i'},
    {"jsonb_object", 3263, 1, false, {TXA}, JB, fn_json_object, true, 'i'},
    {"jsonb_object", 3264, 2, false, {TXA, TXA}, JB, fn_json_object, true, 'i'},
    {"jsonb_set_lax", 0, 3, false, {JB, JPATH, JB}, JB, fn_set_lax, false, 'i'},
    {"jsonb_set_lax", 0, 4, false, {JB, JPATH, JB, BO}, JB, fn_set_lax, false, 'i'},
    {"jsonb_set_lax", 5054, 5, false, {JB, JPATH, JB, BO, TX}, JB, fn_set_lax, false, 'i'},
    {"jsonb_cmp", 4044, 2, false, {JB, JB}, I4, fn_jsonb_cmp, true, 'i'},
    {"jsonb_eq", 4043, 2, false, {JB, JB}, BO, sql__fn_cmp_eq, true, 'i'},
    {"jsonb_ne", 4038, 2, false, {JB, JB}, BO, sql__fn_cmp_ne, true, 'i'},
    {"jsonb_lt", 4039, 2, false, {JB, JB}, BO, sql__fn_cmp_lt, true, 'i'},
    {"jsonb_gt", 4040, 2, false, {JB, JB}, BO, sql__fn_cmp_gt, true, 'i'},
    {"jsonb_le", 4041, 2, false, {JB, JB}, BO, sql__fn_cmp_le, true, 'i'},
    {"jsonb_ge", 4042, 2, false, {JB, JB}, BO, sql__fn_cmp_ge, true, 'i'},
    {"jsonb_contains", 4046, 2, false, {JB, JB}, BO, fn_contains, true, 'i'},
    {"jsonb_contained", 4050, 2, false, {JB, JB}, BO, fn_contained, true, 'i'},
    {"jsonb_exists", 4047, 2, false, {JB, TX}, BO, fn_exists, true, 'i'},
    {"jsonb_exists_any", 4048, 2, false, {JB, JPATH}, BO, fn_exists_any, true, 'i'},
    {"jsonb_exists_all", 4049, 2, false, {JB, JPATH}, BO, fn_exists_all, true, 'i'},
    {"jsonb_delete", 3302, 2, false, {JB, TX}, JB, fn_delete, true, 'i'},
    {"jsonb_delete", 3303, 2, false, {JB, I4}, JB, fn_delete, true, 'i'},
    {"jsonb_delete", 3343, 3, true, {JB, TX, TX}, JB, fn_delete_variadic, true, 'i'},
    {"jsonb_delete_path", 3304, 2, false, {JB, JPATH}, JB, fn_delete_path, true, 'i'},
    {"jsonb_concat", 3301, 2, false, {JB, JB}, JB, fn_concat, true, 'i'},
    {"json_object_field", 3947, 2, false, {J, TX}, J, fn_field, true, 'i'},
    {"json_object_field_text", 3948, 2, false, {J, TX}, TX, fn_field_text, true, 'i'},
    {"json_array_element", 3949, 2, false, {J, I4}, J, fn_field, true, 'i'},
    {"json_array_element_text", 3950, 2, false, {J, I4}, TX, fn_field_text, true, 'i'},
    {"jsonb_object_field", 3478, 2, false, {JB, TX}, JB, fn_field, true, 'i'},
    {"jsonb_object_field_text", 3214, 2, false, {JB, TX}, TX, fn_field_text, true, 'i'},
    {"jsonb_array_element", 3215, 2, false, {JB, I4}, JB, fn_field, true, 'i'},
    {"jsonb_array_element_text", 3216, 2, false, {JB, I4}, TX, fn_field_text, true, 'i'},
    {"json_populate_record",
     0,
     2,
     false,
     {SQL_FT_ANYELEMENT, J},
     SQL_FT_ANYELEMENT,
     fn_populate_record,
     false,
     's'},
    {"json_populate_record",
     3960,
     3,
     false,
     {SQL_FT_ANYELEMENT, J, BO},
     SQL_FT_ANYELEMENT,
     fn_populate_record,
     false,
     's'},
    {"jsonb_populate_record",
     3209,
     2,
     false,
     {SQL_FT_ANYELEMENT, JB},
     SQL_FT_ANYELEMENT,
     fn_populate_record,
     false,
     's'},
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
