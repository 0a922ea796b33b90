/* rowcodec.c — the storage encodings of SQL values: the row format (the value
 * of a primary-index entry) and key encoding through kv/keyenc.h.
 *
 * Row format, versions 1 and 2
 * ----------------------------
 * A row holds its non-NULL columns only, each tagged with its column id, so
 * columns can be added (absent: NULL) and dropped (unknown ids are skipped)
 * without rewriting rows. All fixed-width integers are big-endian.
 *
 *   OFFSET  SIZE  MEANING
 *   0       1     version: 0x01 or 0x02
 *   1       h     version 2 only: the column-id horizon H, LEB128 (as
 *                 below): the table's next column id when the row was
 *                 written. A column absent from the row is NULL when its
 *                 id is below H, and did not exist yet otherwise (it reads
 *                 the value ADD COLUMN ... DEFAULT recorded for the rows it
 *                 did not rewrite, else NULL). Version 1 rows (tables'
 *                 rows written before version 2 existed, statistics
 *                 records) have H = 0.
 *   1+h     c     number of columns that follow, LEB128, so a record cut
 *                 at a column boundary is detected
 *   1+h+c   ...   that many columns, in strictly increasing id order:
 *
 * Column
 *   OFFSET  SIZE  MEANING
 *   0       v     id delta, unsigned LEB128 (7 bits per byte, low group
 *                 first, high bit = more; at most 5 bytes, minimal: the last
 *                 byte is not 0 unless it is the only one). The first
 *                 column's delta is its id; every later delta is id minus
 *                 the previous id and is >= 1. Ids fit in uint32.
 *   v       1     tag (below)
 *   v+1     ...   payload, whose size the tag gives
 *
 *   TAG        PAYLOAD                          TYPES
 *   0x01       none: false                      bool
 *   0x02       none: true                       bool
 *   0x10+n     n = 0..8 bytes: two's complement int2, int4, int8, oid, regclass,
 *              BE, minimal (n = 0 is 0; the      regtype, regproc, xid
 *              first byte is not a pure sign
 *              extension of the next)
 *   0x20       4 bytes IEEE-754 binary32         float4
 *   0x21       8 bytes IEEE-754 binary64         float8
 *   0x22       LEB128 length L, then L bytes of  numeric
 *              sql_num_encode (numeric.h)
 *   0x23       LEB128 length L, then L bytes     text, varchar, bpchar (padded),
 *                                                name, bytea, json, "char",
 *                                                unknown
 *                                                (composite type values: u32
 *                                                type oid + record_send, ctype.h)
 *   0x24       4 bytes: days, int32              date
 *   0x25       8 bytes: microseconds, int64      timestamp, timestamptz, time
 *   0x26       8 bytes time, 4 bytes day,        interval
 *              4 bytes month
 *   0x27       16 bytes                          uuid
 *   0x28       8 bytes time, 4 bytes zone        timetz
 *   0x29       LEB128 length L, then L bytes:    bpchar with at least
 *              LEB128 pad count P, then the      SQL_ROW_PAD_MIN trailing
 *              value without its P trailing      blanks (char(84) of a short
 *              blanks (P <= SQL_ROW_PAD_MAX)      value is stored short)
 *
 * Lengths (LEB128, at most 5 bytes, minimal) must fit in the record. The
 * decoder checks the tag against the column's type, integer ranges against
 * int2/int4 and the OID types, the numeric encoding (sql_num_decode) and
 * that nothing follows the last column; any violation is ERR_CORRUPT with
 * XX001 "invalid row record: ...". It allocates nothing for fixed-size types
 * and text: text payloads point into the record (a padded bpchar is
 * rebuilt in the caller's context).
 */
#include "sql/value.h"

#include "common/assert.h"
#include "common/err.h"
#include "common/mem.h"
#include "kv/keyenc.h"
#include "sql/array.h"
#include "sql/range.h"
#include "sql/ctype.h"
#include "sql/enum.h"
#include "sql/inet.h"
#include "sql/value_int.h"

#include <math.h>
#include <string.h>

#define SQL_ROW_FORMAT_VERSION 1
#define SQL_ROW_FORMAT_V2      2 /* with a column-id horizon */

enum {
    RT_FALSE = 0x01,
    RT_TRUE = 0x02,
    RT_INT0 = 0x10, /* + n bytes, n = 0..8 */
    RT_INT8B = 0x18,
    RT_FLOAT4 = 0x20,
    RT_FLOAT8 = 0x21,
    RT_NUMERIC = 0x22,
    RT_BYTES = 0x23,
    RT_DATE = 0x24,
    RT_TS = 0x25,
    RT_INTERVAL = 0x26,
    RT_UUID = 0x27,
    RT_TIMETZ = 0x28,
    RT_PADDED = 0x29,
};

/* Trailing blanks of a bpchar worth storing as a count, and the most a
 * record may claim (bpchar's length limit). */
#define SQL_ROW_PAD_MIN 8
#define SQL_ROW_PAD_MAX 10485760u

/* Room for n more bytes (and the NUL) without a call when there is some. */
static inline uint8_t *room(struct sbuf *b, size_t n)
{
    if (b->data == NULL || b->cap - b->len < n + 1)
        sbuf_reserve(b, n);
    return (uint8_t *)b->data + b->len;
}

static inline void put_leb(struct sbuf *b, uint64_t v)
{
    uint8_t *p = room(b, 10);
    size_t n = 0;
    do {
        uint8_t c = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v)
            c |= 0x80;
        p[n++] = c;
    } while (v);
    b->len += n;
    b->data[b->len] = '\0';
}

static void put_be(struct sbuf *b, uint64_t v, int n)
{
    uint8_t buf[8];
    for (int i = 0; i < n; i++)
        buf[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    sbuf_append(b, buf, (size_t)n);
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Minimal bytes of the two's complement of x. */
static int int_bytes(int64_t x)
{
    if (x == 0)
        return 0;
    for (int n = 1; n < 8; n++) {
        int64_t lim = INT64_C(1) << (8 * n - 1);
        if (x >= -lim && x < lim)
            return n;
    }
    return 8;
}

/* The common scalar types, written with one reservation: integers and
 * the character types (never arrays, enums or composites). Returns false
 * for the others. */
static bool encode_fast(const struct sql_value *v, struct sbuf *out)
{
    uint8_t *p;
    switch (v->type) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8: {
        int n = int_bytes(v->u.i);
        p = room(out, 9);
        p[0] = (uint8_t)(RT_INT0 + n);
        for (int i = 0; i < n; i++)
            p[1 + i] = (uint8_t)((uint64_t)v->u.i >> (8 * (n - 1 - i)));
        out->len += 1 + (size_t)n;
        out->data[out->len] = '\0';
        return true;
    }
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
        break;
    default:
        return false;
    }
    size_t n = v->u.s.len, pad = 0;
    if (v->type == SQL_T_BPCHAR) {
        static const char blanks[8] = "        ";
        while (n >= 8 && memcmp(v->u.s.p + n - 8, blanks, 8) == 0)
            n -= 8;
        while (n > 0 && v->u.s.p[n - 1] == ' ')
            n--;
        pad = v->u.s.len - n;
        if (pad < SQL_ROW_PAD_MIN || pad > SQL_ROW_PAD_MAX) {
            n = v->u.s.len;
            pad = 0;
        }
    }
    p = room(out, 1 + 10 + 10 + n);
    size_t k = 0;
    uint64_t lens[2];
    int nl = 0;
    if (pad > 0) {
        size_t ll = 1;
        for (size_t x = pad; x >= 0x80; x >>= 7)
            ll++;
        p[k++] = RT_PADDED;
        lens[nl++] = ll + n;
        lens[nl++] = pad;
    } else {
        p[k++] = RT_BYTES;
        lens[nl++] = n;
    }
    for (int j = 0; j < nl; j++) {
        uint64_t x = lens[j];
        do {
            uint8_t c = (uint8_t)(x & 0x7f);
            x >>= 7;
            p[k++] = (uint8_t)(x ? c | 0x80 : c);
        } while (x);
    }
    if (n > 0)
        memcpy(p + k, v->u.s.p, n);
    out->len += k + n;
    out->data[out->len] = '\0';
    return true;
}

static void encode_one(const struct sql_value *v, struct sbuf *out)
{
    uint8_t b[16];
    if (encode_fast(v, out))
        return;
    switch (v->type) {
    case SQL_T_BOOL:
        sbuf_putc(out, (char)(v->u.b ? RT_TRUE : RT_FALSE));
        return;
    case SQL_T_FLOAT4: {
        float fl = (float)v->u.f;
        uint32_t bits;
        memcpy(&bits, &fl, 4);
        sbuf_putc(out, (char)RT_FLOAT4);
        put_be(out, bits, 4);
        return;
    }
    case SQL_T_FLOAT8: {
        uint64_t bits;
        memcpy(&bits, &v->u.f, 8);
        sbuf_putc(out, (char)RT_FLOAT8);
        put_be(out, bits, 8);
        return;
    }
    case SQL_T_NUMERIC:
        sbuf_putc(out, (char)RT_NUMERIC);
        put_leb(out, sql_num_encoded_size(&v->u.n));
        sql_num_encode(&v->u.n, out);
        return;
    case SQL_T_DATE:
        sbuf_putc(out, (char)RT_DATE);
        put_be(out, (uint32_t)v->u.date, 4);
        return;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
        sbuf_putc(out, (char)RT_TS);
        put_be(out, (uint64_t)v->u.ts, 8);
        return;
    case SQL_T_INTERVAL:
        sbuf_putc(out, (char)RT_INTERVAL);
        put_be(out, (uint64_t)v->u.iv.time, 8);
        put_be(out, (uint32_t)v->u.iv.day, 4);
        put_be(out, (uint32_t)v->u.iv.month, 4);
        return;
    case SQL_T_TIMETZ:
        sbuf_putc(out, (char)RT_TIMETZ);
        put_be(out, (uint64_t)v->u.ttz.time, 8);
        put_be(out, (uint32_t)v->u.ttz.zone, 4);
        return;
    case SQL_T_UUID:
        memcpy(b, v->u.uuid, 16);
        sbuf_putc(out, (char)RT_UUID);
        sbuf_append(out, b, 16);
        return;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8: { /* inet.h: the send format */
        struct sbuf a;
        sbuf_init(&a);
        sql__net_send(v, &a);
        sbuf_putc(out, (char)RT_BYTES);
        put_leb(out, a.len);
        sbuf_append(out, a.data, a.len);
        sbuf_free(&a);
        return;
    }
    default:
        break;
    }
    if (v->type == SQL_T_RECORD && v->u.arr != NULL) {
        /* a composite type's value: RT_BYTES holding ctype.h's format */
        struct sbuf a;
        sbuf_init(&a);
        (void)sql__ctype_encode(v, &a);
        sbuf_putc(out, (char)RT_BYTES);
        put_leb(out, a.len);
        sbuf_append(out, a.data, a.len);
        sbuf_free(&a);
        return;
    }
    if (sql_range_subtype(v->type) != 0) {
        /* ranges: RT_BYTES holding range_send's format */
        struct sbuf a;
        struct err ae;
        sbuf_init(&a);
        err_clear(&ae);
        (void)sql__range_send(v, &a, &ae);
        sbuf_putc(out, (char)RT_BYTES);
        put_leb(out, a.len);
        sbuf_append(out, a.data, a.len);
        sbuf_free(&a);
        return;
    }
    if (sql_array_elemtype(v->type) != 0) {
        /* arrays: RT_BYTES holding array_send's format */
        struct sbuf a;
        struct err ae;
        struct sql_value sv = *v;
        struct sql_array ta;
        struct sql_value *tmp = NULL;
        if (v->u.arr != NULL && sql_enum_get(v->u.arr->elemtype) != NULL) {
            /* arrays of an enum: the label oids as int8[] (labels can be renamed) */
            ta = *v->u.arr;
            ta.elemtype = SQL_T_INT8;
            tmp = xmalloc(sizeof(*tmp) * (size_t)(ta.nitems > 0 ? ta.nitems : 1));
            for (int i = 0; i < ta.nitems; i++) {
                tmp[i] = ta.items[i];
                tmp[i].type = SQL_T_INT8;
            }
            ta.items = tmp;
            sv.type = sql_array_of(SQL_T_INT8);
            sv.u.arr = &ta;
        }
        sbuf_init(&a);
        err_clear(&ae);
        (void)sql__array_send(&sv, &a, &ae);
        xfree(tmp);
        sbuf_putc(out, (char)RT_BYTES);
        put_leb(out, a.len);
        sbuf_append(out, a.data, a.len);
        sbuf_free(&a);
        return;
    }
    if (sql__type_is_int(v->type) || sql_enum_get(v->type) != NULL) {
        int n = int_bytes(v->u.i);
        sbuf_putc(out, (char)(RT_INT0 + n));
        put_be(out, (uint64_t)v->u.i, n);
        return;
    }
    /* text-like and bytea; the executor stores no other type (a pseudo-type
     * here is a bug: it is stored as an empty string rather than garbage). */
    DB_ASSERT(sql__type_is_bytes(v->type));
    if (!sql__type_is_bytes(v->type)) {
        sbuf_putc(out, (char)RT_BYTES);
        put_leb(out, 0);
        return;
    }
    if (v->type == SQL_T_BPCHAR) {
        size_t n = v->u.s.len;
        while (n > 0 && v->u.s.p[n - 1] == ' ')
            n--;
        size_t pad = v->u.s.len - n;
        if (pad >= SQL_ROW_PAD_MIN && pad <= SQL_ROW_PAD_MAX) {
            size_t ll = 1;
            for (size_t x = pad; x >= 0x80; x >>= 7)
                ll++;
            sbuf_putc(out, (char)RT_PADDED);
            put_leb(out, ll + n);
            put_leb(out, pad);
            sbuf_append(out, v->u.s.p, n);
            return;
        }
    }
    sbuf_putc(out, (char)RT_BYTES);
    put_leb(out, v->u.s.len);
    sbuf_append(out, v->u.s.p, v->u.s.len);
}

void sql_row_encode(const uint32_t *ids, const struct sql_value *vals, size_t n, struct sbuf *out)
{
    sql_row_encode_h(ids, vals, n, 0, out);
}

void sql_row_encode_h(const uint32_t *ids, const struct sql_value *vals, size_t n, uint32_t horizon,
                      struct sbuf *out)
{
    uint32_t prev = 0;
    bool first = true;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += !vals[i].null;
    if (horizon == 0) {
        sbuf_putc(out, SQL_ROW_FORMAT_VERSION);
    } else {
        sbuf_putc(out, SQL_ROW_FORMAT_V2);
        put_leb(out, horizon);
    }
    put_leb(out, count);
    for (size_t i = 0; i < n; i++) {
        if (vals[i].null)
            continue;
        put_leb(out, first ? ids[i] : ids[i] - prev);
        prev = ids[i];
        first = false;
        encode_one(&vals[i], out);
    }
}

static int corrupt(struct err *e, const char *what)
{
    return err_set_state(e, ERR_CORRUPT, "XX001", "invalid row record: %s", what);
}

/* Read a minimal LEB128 of at most 5 bytes that fits in uint32. */
static bool get_leb(const uint8_t *p, size_t n, size_t *pos, uint32_t *out)
{
    uint64_t v = 0;
    size_t i = *pos;
    for (int k = 0; k < 5; k++) {
        if (i >= n)
            return false;
        uint8_t c = p[i++];
        v |= (uint64_t)(c & 0x7f) << (7 * k);
        if (!(c & 0x80)) {
            if (c == 0 && k > 0)
                return false; /* not minimal */
            if (v > UINT32_MAX)
                return false;
            *pos = i;
            *out = (uint32_t)v;
            return true;
        }
    }
    return false;
}

/* Bytes of the payload after tag at p[*pos..n); false when bad. */
static bool payload_len(uint8_t tag, const uint8_t *p, size_t n, size_t *pos, size_t *len)
{
    uint32_t l;
    switch (tag) {
    case RT_FALSE:
    case RT_TRUE:
        *len = 0;
        return true;
    case RT_FLOAT4:
    case RT_DATE:
        *len = 4;
        break;
    case RT_FLOAT8:
    case RT_TS:
        *len = 8;
        break;
    case RT_INTERVAL:
    case RT_UUID:
        *len = 16;
        break;
    case RT_TIMETZ:
        *len = 12;
        break;
    case RT_NUMERIC:
    case RT_BYTES:
    case RT_PADDED:
        if (!get_leb(p, n, pos, &l))
            return false;
        *len = l;
        break;
    default:
        if (tag >= RT_INT0 && tag <= RT_INT8B) {
            *len = (size_t)(tag - RT_INT0);
            break;
        }
        return false;
    }
    return *len <= n - *pos;
}

static int decode_one(struct mem_ctx *ctx, uint8_t tag, const uint8_t *p, size_t len, uint32_t type,
                      struct sql_value *out, struct err *e)
{
    out->type = type;
    out->null = false;
    if (type == SQL_T_RECORD) { /* a composite type's value (ctype.h) */
        if (tag != RT_BYTES)
            return corrupt(e, "bad composite value");
        return sql__ctype_decode(ctx, p, len, out, e);
    }
    if (sql_range_subtype(type) != 0) {
        if (tag != RT_BYTES || sql__range_recv(ctx, type, p, len, out, e) != 0)
            return corrupt(e, "bad range");
        return 0;
    }
    if (sql_array_elemtype(type) != 0) {
        uint32_t el = sql_array_elemtype(type);
        bool en = sql_enum_get(el) != NULL; /* stored as int8[] of label oids */
        if (tag != RT_BYTES ||
            sql__array_recv(ctx, en ? sql_array_of(SQL_T_INT8) : type, -1, p, len, out, e) != 0)
            return corrupt(e, "bad array");
        if (en) {
            struct sql_array *a = (struct sql_array *)out->u.arr;
            a->elemtype = el;
            for (int i = 0; i < a->nitems; i++)
                a->items[i].type = el;
            out->type = type;
        }
        return 0;
    }
    switch (type) {
    case SQL_T_BOOL:
        if (tag != RT_FALSE && tag != RT_TRUE)
            return corrupt(e, "bad bool");
        out->u.b = tag == RT_TRUE;
        return 0;
    case SQL_T_FLOAT4: {
        if (tag != RT_FLOAT4)
            return corrupt(e, "bad float4");
        uint32_t bits = (uint32_t)get_be(p, 4);
        float fl;
        memcpy(&fl, &bits, 4);
        out->u.f = fl;
        return 0;
    }
    case SQL_T_FLOAT8: {
        if (tag != RT_FLOAT8)
            return corrupt(e, "bad float8");
        uint64_t bits = get_be(p, 8);
        memcpy(&out->u.f, &bits, 8);
        return 0;
    }
    case SQL_T_NUMERIC:
        if (tag != RT_NUMERIC)
            return corrupt(e, "bad numeric");
        if (sql_num_decode(ctx, p, len, &out->u.n, NULL) != 0)
            return corrupt(e, "bad numeric encoding");
        return 0;
    case SQL_T_DATE:
        if (tag != RT_DATE)
            return corrupt(e, "bad date");
        out->u.date = (int32_t)(uint32_t)get_be(p, 4);
        return 0;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
        if (tag != RT_TS)
            return corrupt(e, "bad timestamp");
        out->u.ts = (int64_t)get_be(p, 8);
        return 0;
    case SQL_T_INTERVAL:
        if (tag != RT_INTERVAL)
            return corrupt(e, "bad interval");
        out->u.iv.time = (int64_t)get_be(p, 8);
        out->u.iv.day = (int32_t)(uint32_t)get_be(p + 8, 4);
        out->u.iv.month = (int32_t)(uint32_t)get_be(p + 12, 4);
        return 0;
    case SQL_T_TIMETZ:
        if (tag != RT_TIMETZ)
            return corrupt(e, "bad timetz");
        out->u.ttz.time = (int64_t)get_be(p, 8);
        out->u.ttz.zone = (int32_t)(uint32_t)get_be(p + 8, 4);
        return 0;
    case SQL_T_UUID:
        if (tag != RT_UUID)
            return corrupt(e, "bad uuid");
        memcpy(out->u.uuid, p, 16);
        return 0;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        if (tag != RT_BYTES || sql__net_recv(type, p, len, out, NULL) != 0)
            return corrupt(e, "bad network address");
        return 0;
    default:
        break;
    }
    if (sql__type_is_int(type) || sql_enum_get(type) != NULL) {
        if (tag < RT_INT0 || tag > RT_INT8B)
            return corrupt(e, "bad integer");
        int n = tag - RT_INT0;
        int64_t x = 0;
        if (n > 0) {
            uint64_t u = get_be(p, n);
            if (n < 8 && (u >> (8 * n - 1)) & 1)
                u |= ~UINT64_C(0) << (8 * n); /* sign-extend */
            x = (int64_t)u;
        }
        if (int_bytes(x) != n)
            return corrupt(e, "non-minimal integer");
        bool ok;
        switch (type) {
        case SQL_T_INT2:
            ok = x >= INT16_MIN && x <= INT16_MAX;
            break;
        case SQL_T_INT4:
            ok = x >= INT32_MIN && x <= INT32_MAX;
            break;
        case SQL_T_INT8:
            ok = true;
            break;
        default:
            ok = x >= 0 && x <= (int64_t)UINT32_MAX;
            break;
        }
        if (!ok)
            return corrupt(e, "integer out of range for its column");
        out->u.i = x;
        return 0;
    }
    if (type == SQL_T_BPCHAR && tag == RT_PADDED) {
        size_t at = 0;
        uint32_t pad;
        if (!get_leb(p, len, &at, &pad) || pad < SQL_ROW_PAD_MIN || pad > SQL_ROW_PAD_MAX)
            return corrupt(e, "bad padded string");
        size_t n = len - at;
        char *s = mem_alloc(ctx, n + pad + 1);
        memcpy(s, p + at, n);
        memset(s + n, ' ', pad);
        s[n + pad] = '\0';
        out->u.s.p = s;
        out->u.s.len = n + pad;
        return 0;
    }
    if (sql__type_is_bytes(type)) {
        if (tag != RT_BYTES)
            return corrupt(e, "bad string");
        out->u.s.p = (const char *)p;
        out->u.s.len = len;
        return 0;
    }
    return corrupt(e, "column type has no storage format");
}

int sql_row_decode(struct mem_ctx *ctx, const uint8_t *p, size_t len, const uint32_t *ids,
                   const uint32_t *types, size_t n, struct sql_value *out, struct err *e)
{
    return sql_row_decode_m(ctx, p, len, ids, types, n, NULL, out, e);
}

int sql_row_decode_m(struct mem_ctx *ctx, const uint8_t *p, size_t len, const uint32_t *ids,
                     const uint32_t *types, size_t n, const struct sql_value *missing,
                     struct sql_value *out, struct err *e)
{
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        out[i] = sql_null(types[i]);
        if (i > 0 && ids[i] <= ids[i - 1])
            sorted = false;
    }
    if (len < 1)
        return corrupt(e, "empty record");
    if (p[0] != SQL_ROW_FORMAT_VERSION && p[0] != SQL_ROW_FORMAT_V2)
        return corrupt(e, "unknown version");
    size_t pos = 1, j = 0;
    uint64_t id = 0;
    bool first = true;
    uint32_t count, horizon = 0;
    if (p[0] == SQL_ROW_FORMAT_V2 && (!get_leb(p, len, &pos, &horizon) || horizon == 0))
        return corrupt(e, "bad column-id horizon");
    if (!get_leb(p, len, &pos, &count))
        return corrupt(e, "bad column count");
    for (uint32_t c = 0; c < count; c++) {
        uint32_t delta;
        if (!get_leb(p, len, &pos, &delta))
            return corrupt(e, "bad column id");
        if (!first && delta == 0)
            return corrupt(e, "column ids not increasing");
        id = first ? delta : id + delta;
        if (id > UINT32_MAX)
            return corrupt(e, "column id out of range");
        first = false;
        if (pos >= len)
            return corrupt(e, "truncated column");
        uint8_t tag = p[pos++];
        size_t plen;
        if (!payload_len(tag, p, len, &pos, &plen))
            return corrupt(e, "bad or truncated column payload");
        const uint8_t *pl = p + pos;
        pos += plen;

        size_t k = n;
        if (sorted) {
            while (j < n && ids[j] < id)
                j++;
            if (j < n && ids[j] == id)
                k = j;
        } else {
            for (size_t i = 0; i < n; i++)
                if (ids[i] == id) {
                    k = i;
                    break;
                }
        }
        if (k == n) {
            /* A dropped column: still validate the tag's shape (done above). */
            continue;
        }
        if (!out[k].null)
            return corrupt(e, "duplicate column");
        if (types[k] == SQL_ROW_SKIP)
            continue; /* not wanted: left NULL */
        int rc = decode_one(ctx, tag, pl, plen, types[k], &out[k], e);
        if (rc != 0)
            return rc;
    }
    if (pos != len)
        return corrupt(e, "trailing bytes");
    if (missing != NULL)
        for (size_t i = 0; i < n; i++)
            if (out[i].null && !missing[i].null && ids[i] >= horizon && types[i] != SQL_ROW_SKIP)
                out[i] = missing[i];
    return 0;
}

/* ---- keys ---- */

static size_t rtrim_len(const char *p, size_t n)
{
    while (n > 0 && p[n - 1] == ' ')
        n--;
    return n;
}

int sql_key_put(struct sbuf *b, const struct sql_value *v, bool desc, bool nulls_first,
                struct err *e)
{
    enum kv_key_dir dir = desc ? KV_KEY_DESC : KV_KEY_ASC;
    if (v->null) {
        kv_key_put_null(b, dir, nulls_first);
        return 0;
    }
    switch (v->type) {
    case SQL_T_BOOL:
        kv_key_put_bool(b, v->u.b, dir);
        return 0;
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_TIME:
        kv_key_put_int64(b, v->type == SQL_T_TIME ? v->u.ts : v->u.i, dir);
        return 0;
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
    case SQL_T_XID:
        kv_key_put_int64(b, (int64_t)(uint32_t)v->u.i, dir);
        return 0;
    case SQL_T_FLOAT4:
        kv_key_put_float4(b, (float)v->u.f, dir);
        return 0;
    case SQL_T_FLOAT8:
        kv_key_put_float8(b, v->u.f, dir);
        return 0;
    case SQL_T_NUMERIC: {
        struct sbuf s;
        sbuf_init(&s);
        sql_num_key_string(&v->u.n, &s);
        int rc = kv_key_put_numeric(b, s.data, dir, e);
        sbuf_free(&s);
        return rc;
    }
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
    case SQL_T_UNKNOWN:
    case SQL_T_JSON:
    case SQL_T_CHAR:
        kv_key_put_text(b, v->u.s.p, v->u.s.len, dir);
        return 0;
    case SQL_T_BPCHAR:
        kv_key_put_text(b, v->u.s.p, rtrim_len(v->u.s.p, v->u.s.len), dir);
        return 0;
    case SQL_T_BYTEA:
        kv_key_put_bytea(b, v->u.s.p, v->u.s.len, dir);
        return 0;
    case SQL_T_DATE:
        kv_key_put_date(b, v->u.date, dir);
        return 0;
    case SQL_T_TIMESTAMP:
        kv_key_put_timestamp(b, v->u.ts, dir);
        return 0;
    case SQL_T_TIMESTAMPTZ:
        kv_key_put_timestamptz(b, v->u.ts, dir);
        return 0;
    case SQL_T_INTERVAL: {
        struct kv_key_interval iv = {v->u.iv.month, v->u.iv.day, v->u.iv.time};
        kv_key_put_interval(b, &iv, dir);
        return 0;
    }
    case SQL_T_UUID:
        kv_key_put_uuid(b, v->u.uuid, dir);
        return 0;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8: { /* inet.h: order-preserving bytes */
        uint8_t k[SQL_INET_KEY_MAX];
        size_t kn = 0;
        sql__net_key(v, k, &kn);
        kv_key_put_bytea(b, k, kn, dir);
        return 0;
    }
    case SQL_T_TIMETZ: {
        /* 16 bytes compared bytewise in timetz order: the UTC-normalised
         * time and the zone, sign bits flipped, then 4 zero bytes */
        uint8_t k[16] = {0};
        uint64_t utc =
            (uint64_t)(v->u.ttz.time + (int64_t)v->u.ttz.zone * 1000000) ^ (UINT64_C(1) << 63);
        uint32_t z = (uint32_t)v->u.ttz.zone ^ (UINT32_C(1) << 31);
        for (int i = 0; i < 8; i++)
            k[i] = (uint8_t)(utc >> (56 - 8 * i));
        for (int i = 0; i < 4; i++)
            k[8 + i] = (uint8_t)(z >> (24 - 8 * i));
        kv_key_put_uuid(b, k, dir);
        return 0;
    }
    case SQL_T_RECORD:
        return sql__record_key_put(b, v, desc, e); /* ctype_key.c */
    case SQL_T_INT4RANGE:
    case SQL_T_INT8RANGE:
    case SQL_T_NUMRANGE:
    case SQL_T_DATERANGE:
    case SQL_T_TSRANGE:
    case SQL_T_TSTZRANGE:
        return sql__range_key_put(b, v, desc, e); /* value_range.c */
    default: {
        if (sql_enum_get(v->type) != NULL)
            return sql__enum_key_put(b, v, desc, e);
        const struct sql_type_info *ti = sql_type_get(v->type);
        return err_set_state(e, ERR_INVAL, "0A000", "type %s cannot be used in a key",
                             ti ? ti->sql_name : "unknown");
    }
    }
}

bool sql_key_type_ok(uint32_t type)
{
    switch (type) {
    case SQL_T_BOOL:
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_TIME:
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
    case SQL_T_XID:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_NUMERIC:
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
    case SQL_T_UNKNOWN:
    case SQL_T_JSON:
    case SQL_T_CHAR:
    case SQL_T_BPCHAR:
    case SQL_T_BYTEA:
    case SQL_T_DATE:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_INTERVAL:
    case SQL_T_UUID:
    case SQL_T_TIMETZ:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
    case SQL_T_INT4RANGE:
    case SQL_T_INT8RANGE:
    case SQL_T_NUMRANGE:
    case SQL_T_DATERANGE:
    case SQL_T_TSRANGE:
    case SQL_T_TSTZRANGE:
        return true;
    default:
        return sql_enum_get(type) != NULL;
    }
}

static int key_corrupt(struct err *e, const char *what)
{
    return err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: %s", what);
}

int sql_key_get(struct mem_ctx *ctx, const uint8_t *p, size_t n, uint32_t type, bool desc,
                struct sql_value *out, size_t *consumed, struct err *e)
{
    struct kv_key_value kv;
    struct sql_value v = sql_null(type);
    size_t used = 0;
    int rc;

    if (sql_range_subtype(type) != 0)
        return sql__range_key_get(ctx, type, p, n, desc, out, consumed, e);
    kv_key_value_init(&kv);
    rc = kv_key_decode_next(p, n, desc ? KV_KEY_DESC : KV_KEY_ASC, &kv, &used, e);
    if (rc != 0)
        goto done;
    if (kv.type == KV_KEY_NULL)
        goto ok;
    v.null = false;
    switch (type) {
    case SQL_T_BOOL:
        if (kv.type != KV_KEY_BOOL)
            goto bad;
        v.u.b = kv.u.b;
        break;
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_TIME:
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
    case SQL_T_XID: {
        if (kv.type != KV_KEY_INT)
            goto bad;
        int64_t x = kv.u.i64;
        bool okr = type == SQL_T_INT2   ? x >= INT16_MIN && x <= INT16_MAX
                   : type == SQL_T_INT4 ? x >= INT32_MIN && x <= INT32_MAX
                   : type == SQL_T_INT8 ? true
                   : type == SQL_T_TIME ? x >= 0 && x <= INT64_C(86400000000)
                                        : x >= 0 && x <= (int64_t)UINT32_MAX;
        if (!okr)
            goto bad;
        if (type == SQL_T_TIME)
            v.u.ts = x;
        else
            v.u.i = x;
        break;
    }
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
        if (kv.type != KV_KEY_FLOAT)
            goto bad;
        if (type == SQL_T_FLOAT4 && !isnan(kv.u.f64) && (double)(float)kv.u.f64 != kv.u.f64)
            goto bad;
        v.u.f = kv.u.f64;
        break;
    case SQL_T_NUMERIC:
        if (kv.type != KV_KEY_NUMERIC)
            goto bad;
        if (sql_num_in(ctx, (const char *)kv.data, SQL_NUM_TYPMOD_NONE, &v.u.n, NULL) != 0)
            goto bad;
        break;
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_NAME:
    case SQL_T_UNKNOWN:
    case SQL_T_JSON:
    case SQL_T_CHAR:
    case SQL_T_BPCHAR:
    case SQL_T_BYTEA: {
        if (kv.type != (type == SQL_T_BYTEA ? KV_KEY_BYTEA : KV_KEY_TEXT))
            goto bad;
        char *s = mem_alloc(ctx, kv.len + 1);
        if (kv.len > 0)
            memcpy(s, kv.data, kv.len);
        s[kv.len] = '\0';
        v.u.s.p = s;
        v.u.s.len = kv.len;
        break;
    }
    case SQL_T_DATE:
        if (kv.type != KV_KEY_DATE)
            goto bad;
        v.u.date = kv.u.date;
        break;
    case SQL_T_TIMESTAMP:
        if (kv.type != KV_KEY_TIMESTAMP)
            goto bad;
        v.u.ts = kv.u.ts;
        break;
    case SQL_T_TIMESTAMPTZ:
        if (kv.type != KV_KEY_TIMESTAMPTZ)
            goto bad;
        v.u.ts = kv.u.ts;
        break;
    case SQL_T_INTERVAL:
        if (kv.type != KV_KEY_INTERVAL)
            goto bad;
        v.u.iv.month = kv.u.iv.months;
        v.u.iv.day = kv.u.iv.days;
        v.u.iv.time = kv.u.iv.micros;
        break;
    case SQL_T_UUID:
        if (kv.type != KV_KEY_UUID)
            goto bad;
        memcpy(v.u.uuid, kv.u.uuid, 16);
        break;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        if (kv.type != KV_KEY_BYTEA || !sql__net_from_key(type, kv.data, kv.len, &v))
            goto bad;
        break;
    case SQL_T_TIMETZ: {
        uint64_t utc = 0;
        uint32_t z = 0;
        if (kv.type != KV_KEY_UUID)
            goto bad;
        for (int i = 0; i < 8; i++)
            utc = utc << 8 | kv.u.uuid[i];
        for (int i = 0; i < 4; i++)
            z = z << 8 | kv.u.uuid[8 + i];
        v.u.ttz.zone = (int32_t)(z ^ (UINT32_C(1) << 31));
        v.u.ttz.time = (int64_t)(utc ^ (UINT64_C(1) << 63)) - (int64_t)v.u.ttz.zone * 1000000;
        if (v.u.ttz.time < 0 || v.u.ttz.time > INT64_C(86400000000))
            goto bad;
        break;
    }
    default:
        if (kv.type != KV_KEY_FLOAT || sql_enum_get(type) == NULL)
            goto bad;
        rc = sql__enum_key_get(type, kv.u.f64, &v, e);
        if (rc != 0)
            goto done;
        break;
    }
ok:
    *out = v;
    *consumed = used;
    rc = 0;
    goto done;
bad:
    rc = key_corrupt(e, "value does not match the column type");
done:
    kv_key_value_free(&kv);
    return rc;
}
