/* value_range.c — values of the built-in range types: text and binary I/O
 * (PostgreSQL's range_in / range_out / range_send / range_recv), make_range
 * with the discrete types' canonical functions, range_cmp, hashing and the
 * key encoding. See range.h.
 */
#include "sql/range.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "sql/range_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct {
    uint32_t type, sub;
} range_types[] = {
    {SQL_T_INT4RANGE, SQL_T_INT4},    {SQL_T_NUMRANGE, SQL_T_NUMERIC},
    {SQL_T_TSRANGE, SQL_T_TIMESTAMP}, {SQL_T_TSTZRANGE, SQL_T_TIMESTAMPTZ},
    {SQL_T_DATERANGE, SQL_T_DATE},    {SQL_T_INT8RANGE, SQL_T_INT8},
};
#define NRANGE (sizeof(range_types) / sizeof(range_types[0]))

uint32_t sql_range_subtype(uint32_t type)
{
    if (type < SQL_T_INT4RANGE || type > SQL_T_INT8RANGE)
        return 0;
    for (size_t i = 0; i < NRANGE; i++)
        if (range_types[i].type == type)
            return range_types[i].sub;
    return 0;
}

uint32_t sql_range_of(uint32_t sub)
{
    for (size_t i = 0; i < NRANGE; i++)
        if (range_types[i].sub == sub)
            return range_types[i].type;
    return 0;
}

static const char *range_name(uint32_t type)
{
    const struct sql_type_info *ti = sql_type_get(type);
    return ti != NULL ? ti->name : "range";
}

/* ---- make_range ---- */

void sql__range_bounds(const struct sql_value *v, struct sql_range_bound *lo,
                       struct sql_range_bound *hi, bool *empty)
{
    const struct sql_range *r = v->u.rng;
    *empty = (r->flags & SQL_RANGE_EMPTY) != 0;
    lo->v = r->lo;
    lo->inf = (r->flags & SQL_RANGE_LB_INF) != 0;
    lo->inc = (r->flags & SQL_RANGE_LB_INC) != 0;
    lo->lower = true;
    hi->v = r->hi;
    hi->inf = (r->flags & SQL_RANGE_UB_INF) != 0;
    hi->inc = (r->flags & SQL_RANGE_UB_INC) != 0;
    hi->lower = false;
}

/* PostgreSQL's range_cmp_bounds. */
int sql__range_cmp_bounds(const struct sql_range_bound *b1, const struct sql_range_bound *b2)
{
    if (b1->inf && b2->inf) {
        if (b1->lower == b2->lower)
            return 0;
        return b1->lower ? -1 : 1;
    }
    if (b1->inf)
        return b1->lower ? -1 : 1;
    if (b2->inf)
        return b2->lower ? 1 : -1;
    int r = sql_value_cmp(&b1->v, &b2->v);
    if (r != 0)
        return r;
    if (!b1->inc && !b2->inc) {
        if (b1->lower == b2->lower)
            return 0;
        return b1->lower ? 1 : -1;
    }
    if (!b1->inc)
        return b1->lower ? 1 : -1;
    if (!b2->inc)
        return b2->lower ? -1 : 1;
    return 0;
}

/* PostgreSQL's range_cmp_bound_values: values only, infinities by side. */
int sql__range_cmp_bound_values(const struct sql_range_bound *b1, const struct sql_range_bound *b2)
{
    if (b1->inf && b2->inf) {
        if (b1->lower == b2->lower)
            return 0;
        return b1->lower ? -1 : 1;
    }
    if (b1->inf)
        return b1->lower ? -1 : 1;
    if (b2->inf)
        return b2->lower ? 1 : -1;
    return sql_value_cmp(&b1->v, &b2->v);
}

/* One step of a discrete subtype: v + 1 (int4, int8, date). */
static int step_up(struct sql_value *v, struct err *e)
{
    switch (v->type) {
    case SQL_T_INT4:
        if (v->u.i >= INT32_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "integer out of range");
        v->u.i++;
        return 0;
    case SQL_T_INT8:
        if (v->u.i == INT64_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "bigint out of range");
        v->u.i++;
        return 0;
    case SQL_T_DATE:
        if (v->u.date == SQL_DATE_NOBEGIN || v->u.date == SQL_DATE_NOEND)
            return 0;
        if (v->u.date >= SQL_DATE_NOEND - 1)
            return err_set_state(e, ERR_INVAL, "22008", "date out of range");
        v->u.date++;
        return 0;
    default:
        return 0;
    }
}

static bool is_discrete(uint32_t sub)
{
    return sub == SQL_T_INT4 || sub == SQL_T_INT8 || sub == SQL_T_DATE;
}

static bool finite_date(const struct sql_value *v)
{
    return v->type != SQL_T_DATE || (v->u.date != SQL_DATE_NOBEGIN && v->u.date != SQL_DATE_NOEND);
}

/* range_serialize's checks, then the canonical function (make_range). */
static int serialize(struct mem_ctx *ctx, uint32_t type, struct sql_range_bound lo,
                     struct sql_range_bound hi, bool empty, struct sql_value *out, struct err *e)
{
    if (!empty && !lo.inf && !hi.inf) {
        int c = sql_value_cmp(&lo.v, &hi.v);
        if (c > 0)
            return err_set_state(e, ERR_INVAL, "22000",
                                 "range lower bound must be less than or equal to range upper "
                                 "bound");
        if (c == 0 && !(lo.inc && hi.inc))
            empty = true;
    }
    struct sql_range *r = mem_alloc0(ctx, sizeof *r);
    uint32_t sub = sql_range_subtype(type);
    r->lo = sql_null(sub);
    r->hi = sql_null(sub);
    if (empty) {
        r->flags = SQL_RANGE_EMPTY;
    } else {
        if (lo.inf)
            r->flags |= SQL_RANGE_LB_INF;
        else {
            if (lo.inc)
                r->flags |= SQL_RANGE_LB_INC;
            r->lo = lo.v;
        }
        if (hi.inf)
            r->flags |= SQL_RANGE_UB_INF;
        else {
            if (hi.inc)
                r->flags |= SQL_RANGE_UB_INC;
            r->hi = hi.v;
        }
    }
    *out = sql_null(type);
    out->null = false;
    out->u.rng = r;
    return 0;
}

int sql__range_make(struct mem_ctx *ctx, uint32_t type, const struct sql_range_bound *lower,
                    const struct sql_range_bound *upper, bool empty, struct sql_value *out,
                    struct err *e)
{
    struct sql_range_bound lo = *lower, hi = *upper;
    uint32_t sub = sql_range_subtype(type);
    lo.lower = true;
    hi.lower = false;
    if (lo.inf)
        lo.inc = false;
    if (hi.inf)
        hi.inc = false;
    if (!lo.inf)
        lo.v.type = sub;
    if (!hi.inf)
        hi.v.type = sub;
    int rc = serialize(ctx, type, lo, hi, empty, out, e);
    if (rc != 0 || (out->u.rng->flags & SQL_RANGE_EMPTY) || !is_discrete(sub))
        return rc;
    /* int4range_canonical / int8range_canonical / daterange_canonical */
    bool changed = false;
    if (!lo.inf && !lo.inc && finite_date(&lo.v)) {
        if ((rc = step_up(&lo.v, e)) != 0)
            return rc;
        lo.inc = true;
        changed = true;
    }
    if (!hi.inf && hi.inc && finite_date(&hi.v)) {
        if ((rc = step_up(&hi.v, e)) != 0)
            return rc;
        hi.inc = false;
        changed = true;
    }
    return changed ? serialize(ctx, type, lo, hi, false, out, e) : 0;
}

/* ---- text I/O ---- */

static int malformed(struct err *e, const char *s, size_t len, const char *detail)
{
    return err_set_state(e, ERR_INVAL, "22P02", "malformed range literal: \"%.*s\"\nDETAIL:  %s",
                         (int)len, s, detail);
}

static bool sp(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* range_parse_bound: *pos at the bound's first character. */
static int parse_bound(const char *s, size_t len, size_t *pos, struct sbuf *b, bool *inf,
                       struct err *e)
{
    size_t i = *pos;
    if (i < len && (s[i] == ',' || s[i] == ')' || s[i] == ']')) {
        *inf = true;
        return 0;
    }
    *inf = false;
    bool inquote = false;
    for (;;) {
        if (i >= len)
            return malformed(e, s, len, "Unexpected end of input.");
        char ch = s[i];
        if (!inquote && (ch == ',' || ch == ')' || ch == ']'))
            break;
        i++;
        if (ch == '\\') {
            if (i >= len)
                return malformed(e, s, len, "Unexpected end of input.");
            sbuf_putc(b, s[i++]);
        } else if (ch == '"') {
            if (!inquote)
                inquote = true;
            else if (i < len && s[i] == '"')
                sbuf_putc(b, s[i++]);
            else
                inquote = false;
        } else {
            sbuf_putc(b, ch);
        }
    }
    *pos = i;
    return 0;
}

int sql__range_in(struct mem_ctx *ctx, uint32_t type, const char *s, size_t len,
                  const struct sql_fmt *f, struct sql_value *out, struct err *e)
{
    uint32_t sub = sql_range_subtype(type);
    struct sql_range_bound lo = {.lower = true}, hi = {.lower = false};
    size_t i = 0;
    int rc = 0;
    while (i < len && sp(s[i]))
        i++;
    if (len - i >= 5 && strncasecmp(s + i, "empty", 5) == 0) {
        i += 5;
        while (i < len && sp(s[i]))
            i++;
        if (i != len)
            return malformed(e, s, len, "Junk after \"empty\" key word.");
        return sql__range_make(ctx, type, &lo, &hi, true, out, e);
    }
    if (i < len && s[i] == '[')
        lo.inc = true;
    else if (!(i < len && s[i] == '('))
        return malformed(e, s, len, "Missing left parenthesis or bracket.");
    i++;
    struct sbuf lb, ub;
    sbuf_init(&lb);
    sbuf_init(&ub);
    if ((rc = parse_bound(s, len, &i, &lb, &lo.inf, e)) != 0)
        goto done;
    if (i < len && s[i] == ',')
        i++;
    else {
        rc = malformed(e, s, len, "Missing comma after lower bound.");
        goto done;
    }
    if ((rc = parse_bound(s, len, &i, &ub, &hi.inf, e)) != 0)
        goto done;
    if (i < len && s[i] == ']')
        hi.inc = true;
    else if (!(i < len && s[i] == ')')) {
        rc = malformed(e, s, len, "Too many commas.");
        goto done;
    }
    i++;
    while (i < len && sp(s[i]))
        i++;
    if (i != len) {
        rc = malformed(e, s, len, "Junk after right parenthesis or bracket.");
        goto done;
    }
    if (!lo.inf &&
        (rc = sql_value_in(ctx, sub, -1, lb.len ? lb.data : "", lb.len, f, &lo.v, e)) != 0)
        goto done;
    if (!hi.inf &&
        (rc = sql_value_in(ctx, sub, -1, ub.len ? ub.data : "", ub.len, f, &hi.v, e)) != 0)
        goto done;
    rc = sql__range_make(ctx, type, &lo, &hi, false, out, e);
done:
    sbuf_free(&lb);
    sbuf_free(&ub);
    return rc;
}

/* range_bound_escape */
static void bound_escape(const char *v, size_t n, struct sbuf *out)
{
    bool nq = n == 0;
    for (size_t i = 0; i < n && !nq; i++) {
        char ch = v[i];
        if (ch == '"' || ch == '\\' || ch == '(' || ch == ')' || ch == '[' || ch == ']' ||
            ch == ',' || sp(ch))
            nq = true;
    }
    if (nq)
        sbuf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        char ch = v[i];
        if (nq && (ch == '"' || ch == '\\'))
            sbuf_putc(out, ch);
        sbuf_putc(out, ch);
    }
    if (nq)
        sbuf_putc(out, '"');
}

int sql__range_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                   struct err *e)
{
    const struct sql_range *r = v->u.rng;
    if (r->flags & SQL_RANGE_EMPTY) {
        sbuf_puts(out, "empty");
        return 0;
    }
    struct sbuf t;
    int rc = 0;
    sbuf_init(&t);
    sbuf_putc(out, (r->flags & SQL_RANGE_LB_INC) ? '[' : '(');
    if (!(r->flags & SQL_RANGE_LB_INF)) {
        if ((rc = sql_value_out(&r->lo, f, &t, e)) != 0)
            goto done;
        bound_escape(t.data, t.len, out);
    }
    sbuf_putc(out, ',');
    if (!(r->flags & SQL_RANGE_UB_INF)) {
        t.len = 0;
        if ((rc = sql_value_out(&r->hi, f, &t, e)) != 0)
            goto done;
        bound_escape(t.data, t.len, out);
    }
    sbuf_putc(out, (r->flags & SQL_RANGE_UB_INC) ? ']' : ')');
done:
    sbuf_free(&t);
    return rc;
}

/* ---- binary I/O ---- */

static int send_bound(const struct sql_value *v, struct sbuf *out, struct err *e)
{
    size_t at = out->len;
    sbuf_append(out, "\0\0\0\0", 4);
    int rc = sql_value_send(v, out, e);
    if (rc != 0)
        return rc;
    uint32_t n = (uint32_t)(out->len - at - 4);
    out->data[at] = (char)(n >> 24);
    out->data[at + 1] = (char)(n >> 16);
    out->data[at + 2] = (char)(n >> 8);
    out->data[at + 3] = (char)n;
    return 0;
}

int sql__range_send(const struct sql_value *v, struct sbuf *out, struct err *e)
{
    const struct sql_range *r = v->u.rng;
    int rc = 0;
    sbuf_putc(out, (char)(r->flags & SQL_RANGE_WIRE));
    if (r->flags & SQL_RANGE_EMPTY)
        return 0;
    if (!(r->flags & SQL_RANGE_LB_INF) && (rc = send_bound(&r->lo, out, e)) != 0)
        return rc;
    if (!(r->flags & SQL_RANGE_UB_INF))
        rc = send_bound(&r->hi, out, e);
    return rc;
}

static int bad_binary(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22P03", "insufficient data left in message");
}

static int recv_bound(struct mem_ctx *ctx, uint32_t sub, const uint8_t *p, size_t n, size_t *pos,
                      struct sql_value *out, struct err *e)
{
    if (n - *pos < 4)
        return bad_binary(e);
    const uint8_t *q = p + *pos;
    uint32_t bl = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
    *pos += 4;
    if (bl > n - *pos)
        return bad_binary(e);
    int rc = sql_value_recv(ctx, sub, -1, p + *pos, bl, out, e);
    *pos += bl;
    return rc;
}

int sql__range_recv(struct mem_ctx *ctx, uint32_t type, const uint8_t *p, size_t n,
                    struct sql_value *out, struct err *e)
{
    uint32_t sub = sql_range_subtype(type);
    struct sql_range_bound lo = {.lower = true}, hi = {.lower = false};
    size_t pos = 1;
    int rc;
    if (n < 1)
        return bad_binary(e);
    uint8_t fl = p[0];
    if (!(fl & SQL_RANGE_EMPTY) && !(fl & SQL_RANGE_LB_INF) &&
        (rc = recv_bound(ctx, sub, p, n, &pos, &lo.v, e)) != 0)
        return rc;
    if (!(fl & SQL_RANGE_EMPTY) && !(fl & SQL_RANGE_UB_INF) &&
        (rc = recv_bound(ctx, sub, p, n, &pos, &hi.v, e)) != 0)
        return rc;
    if (pos != n)
        return err_set_state(e, ERR_INVAL, "22P03", "incorrect binary data format");
    lo.inf = (fl & SQL_RANGE_LB_INF) != 0;
    lo.inc = (fl & SQL_RANGE_LB_INC) != 0;
    hi.inf = (fl & SQL_RANGE_UB_INF) != 0;
    hi.inc = (fl & SQL_RANGE_UB_INC) != 0;
    return sql__range_make(ctx, type, &lo, &hi, (fl & SQL_RANGE_EMPTY) != 0, out, e);
}

/* ---- comparison, hashing, copies ---- */

int sql__range_cmp(const struct sql_value *a, const struct sql_value *b)
{
    struct sql_range_bound l1, u1, l2, u2;
    bool e1, e2;
    sql__range_bounds(a, &l1, &u1, &e1);
    sql__range_bounds(b, &l2, &u2, &e2);
    if (e1 && e2)
        return 0;
    if (e1)
        return -1;
    if (e2)
        return 1;
    int c = sql__range_cmp_bounds(&l1, &l2);
    if (c == 0)
        c = sql__range_cmp_bounds(&u1, &u2);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

uint64_t sql__range_hash(const struct sql_value *v, uint64_t seed)
{
    const struct sql_range *r = v->u.rng;
    uint64_t h = (seed ^ 0x72616e6765ULL) * 0x9e3779b97f4a7c15ULL + r->flags;
    h ^= h >> 29;
    if (!(r->flags & (SQL_RANGE_EMPTY | SQL_RANGE_LB_INF)))
        h = sql_value_hash(&r->lo, h);
    if (!(r->flags & (SQL_RANGE_EMPTY | SQL_RANGE_UB_INF)))
        h = sql_value_hash(&r->hi, h * 31 + 7);
    return h;
}

void sql__range_copy(struct mem_ctx *ctx, const struct sql_value *v, struct sql_value *out)
{
    struct sql_range *r = mem_alloc(ctx, sizeof *r);
    *r = *v->u.rng;
    if (!r->lo.null)
        sql_value_copy(ctx, &v->u.rng->lo, &r->lo);
    if (!r->hi.null)
        sql_value_copy(ctx, &v->u.rng->hi, &r->hi);
    *out = *v;
    out->u.rng = r;
}

/* ---- keys ----
 * One bytea key value holding, bytewise in range_cmp order:
 *   0x00                                      empty
 *   0x01 lower upper                          otherwise, where
 *   lower: 0x00 (-infinity) | 0x01 key(value) (0x00 inclusive | 0x01 exclusive)
 *   upper: 0x01 key(value) (0x00 exclusive | 0x01 inclusive) | 0x02 (+infinity)
 * key(value) is the subtype's own ascending, prefix-free key encoding. */

int sql__range_key_put(struct sbuf *b, const struct sql_value *v, bool desc, struct err *e)
{
    const struct sql_range *r = v->u.rng;
    struct sbuf in;
    int rc = 0;
    sbuf_init(&in);
    if (r->flags & SQL_RANGE_EMPTY) {
        sbuf_putc(&in, 0);
    } else {
        sbuf_putc(&in, 1);
        if (r->flags & SQL_RANGE_LB_INF) {
            sbuf_putc(&in, 0);
        } else {
            sbuf_putc(&in, 1);
            rc = sql_key_put(&in, &r->lo, false, false, e);
            sbuf_putc(&in, (r->flags & SQL_RANGE_LB_INC) ? 0 : 1);
        }
        if (r->flags & SQL_RANGE_UB_INF) {
            sbuf_putc(&in, 2);
        } else if (rc == 0) {
            sbuf_putc(&in, 1);
            rc = sql_key_put(&in, &r->hi, false, false, e);
            sbuf_putc(&in, (r->flags & SQL_RANGE_UB_INC) ? 1 : 0);
        }
    }
    if (rc == 0)
        kv_key_put_bytea(b, in.data, in.len, desc ? KV_KEY_DESC : KV_KEY_ASC);
    sbuf_free(&in);
    return rc;
}

static int key_bad(struct err *e, uint32_t type)
{
    return err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: bad %s value", range_name(type));
}

int sql__range_key_get(struct mem_ctx *ctx, uint32_t type, const uint8_t *p, size_t n, bool desc,
                       struct sql_value *out, size_t *consumed, struct err *e)
{
    struct kv_key_value kv;
    size_t used = 0;
    uint32_t sub = sql_range_subtype(type);
    kv_key_value_init(&kv);
    int rc = kv_key_decode_next(p, n, desc ? KV_KEY_DESC : KV_KEY_ASC, &kv, &used, e);
    if (rc != 0)
        goto done;
    *out = sql_null(type);
    if (kv.type == KV_KEY_NULL)
        goto ok;
    if (kv.type != KV_KEY_BYTEA || kv.len < 1) {
        rc = key_bad(e, type);
        goto done;
    }
    const uint8_t *d = kv.data;
    size_t o = 1, u = 0;
    struct sql_range_bound lo = {.lower = true}, hi = {.lower = false};
    if (d[0] == 0) {
        if (kv.len != 1) {
            rc = key_bad(e, type);
            goto done;
        }
        rc = sql__range_make(ctx, type, &lo, &hi, true, out, e);
        goto after;
    }
    if (o >= kv.len) {
        rc = key_bad(e, type);
        goto done;
    }
    if (d[o++] == 0) {
        lo.inf = true;
    } else {
        if ((rc = sql_key_get(ctx, d + o, kv.len - o, sub, false, &lo.v, &u, e)) != 0)
            goto done;
        o += u;
        if (o >= kv.len) {
            rc = key_bad(e, type);
            goto done;
        }
        lo.inc = d[o++] == 0;
    }
    if (o >= kv.len) {
        rc = key_bad(e, type);
        goto done;
    }
    if (d[o++] == 2) {
        hi.inf = true;
    } else {
        if ((rc = sql_key_get(ctx, d + o, kv.len - o, sub, false, &hi.v, &u, e)) != 0)
            goto done;
        o += u;
        if (o >= kv.len) {
            rc = key_bad(e, type);
            goto done;
        }
        hi.inc = d[o++] == 1;
    }
    if (o != kv.len) {
        rc = key_bad(e, type);
        goto done;
    }
    rc = sql__range_make(ctx, type, &lo, &hi, false, out, e);
after:
    if (rc != 0)
        goto done;
ok:
    *consumed = used;
    rc = 0;
done:
    kv_key_value_free(&kv);
    return rc;
}
