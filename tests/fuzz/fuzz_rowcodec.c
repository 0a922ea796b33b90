/* fuzz_rowcodec.c — libFuzzer target for sql/value.h: the row format, keys,
 * text and binary I/O and casts.
 *
 * The first byte picks a mode, the rest is the payload:
 *   0  row decode: payload[0] = number of schema columns k (mod 9), the
 *      next k bytes pick their types, the rest is the record. Whatever is
 *      accepted re-encodes to a record that decodes to equal values, and to
 *      the same bytes when every column of the record was in the schema;
 *   1  text input: payload[0] picks a type, the rest is the text. Accepted
 *      values print and read back equal, and survive the row format, the
 *      key encoding (both directions) and binary send/recv;
 *   2  binary recv: payload[0] picks a type; accepted values send and recv
 *      back equal;
 *   3  key decode: payload[0] picks a type and direction; accepted values
 *      re-encode to the same bytes;
 *   4  casts: payload[0] and [1] pick two types, the rest is text.
 * Errors must carry a SQLSTATE; nothing may crash, leak or read out of
 * bounds (ASan and UBSan run on every fuzz build).
 */
#include "sql/value.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint32_t types[] = {
    SQL_T_BOOL,      SQL_T_INT2,      SQL_T_INT4,        SQL_T_INT8,    SQL_T_OID,
    SQL_T_FLOAT4,    SQL_T_FLOAT8,    SQL_T_NUMERIC,     SQL_T_TEXT,    SQL_T_VARCHAR,
    SQL_T_BPCHAR,    SQL_T_NAME,      SQL_T_BYTEA,       SQL_T_JSON,    SQL_T_CHAR,
    SQL_T_DATE,      SQL_T_TIMESTAMP, SQL_T_TIMESTAMPTZ, SQL_T_TIME,    SQL_T_INTERVAL,
    SQL_T_UUID,      SQL_T_REGCLASS,  SQL_T_UNKNOWN,     SQL_T_REGTYPE, SQL_T_INT2VECTOR,
    SQL_T_OIDVECTOR,
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static struct mem_ctx *ctx;

static void check_err(const struct err *e)
{
    if (e->code == 0 || strlen(err_sqlstate(e)) != 5)
        abort();
}

static void same(const struct sql_value *a, const struct sql_value *b)
{
    if (a->null != b->null || a->type != b->type)
        abort();
    if (!a->null && sql_value_cmp(a, b) != 0)
        abort();
    if (!a->null && sql_value_hash(a, 1) != sql_value_hash(b, 1))
        abort();
}

static void row_roundtrip(const struct sql_value *v)
{
    uint32_t id = 7, type = v->type;
    struct sbuf rec;
    struct sql_value back;
    struct err e = {0};
    sbuf_init(&rec);
    sql_row_encode(&id, v, 1, &rec);
    if (sql_row_decode(ctx, (const uint8_t *)rec.data, rec.len, &id, &type, 1, &back, &e) != 0)
        abort();
    same(v, &back);
    sbuf_free(&rec);
}

static void key_roundtrip(const struct sql_value *v)
{
    for (int desc = 0; desc < 2; desc++) {
        struct sbuf k;
        struct sql_value back;
        struct err e = {0};
        size_t used = 0;
        sbuf_init(&k);
        if (sql_key_put(&k, v, desc, desc, &e) == 0) {
            if (sql_key_get(ctx, (const uint8_t *)k.data, k.len, v->type, desc, &back, &used, &e) !=
                    0 ||
                used != k.len)
                abort();
            same(v, &back);
        } else {
            check_err(&e);
        }
        sbuf_free(&k);
    }
}

static void binary_roundtrip(const struct sql_value *v)
{
    struct sbuf b;
    struct sql_value back;
    struct err e = {0};
    sbuf_init(&b);
    if (sql_value_send(v, &b, &e) == 0) {
        if (sql_value_recv(ctx, v->type, -1, (const uint8_t *)b.data, b.len, &back, &e) != 0)
            abort();
        same(v, &back);
    }
    sbuf_free(&b);
}

static void mode_row(const uint8_t *p, size_t n)
{
    if (n < 1)
        return;
    size_t k = p[0] % 9;
    if (n < 1 + k)
        return;
    uint32_t ids[8], tys[8];
    struct sql_value out[8], again[8];
    for (size_t i = 0; i < k; i++) {
        ids[i] = (uint32_t)(i + 1);
        tys[i] = types[p[1 + i] % NTYPES];
    }
    const uint8_t *rec = p + 1 + k;
    size_t len = n - 1 - k;
    struct err e = {0};
    if (sql_row_decode(ctx, rec, len, ids, tys, k, out, &e) != 0) {
        check_err(&e);
        return;
    }
    /* A version 2 record's horizon (accepted: a valid LEB128, not 0). */
    uint32_t horizon = 0;
    size_t hlen = 0;
    if (rec[0] == 2)
        for (int sh = 0; 1 + hlen < len; sh += 7) {
            uint8_t c = rec[1 + hlen++];
            horizon |= (uint32_t)(c & 0x7f) << sh;
            if ((c & 0x80) == 0)
                break;
        }
    struct sbuf b;
    sbuf_init(&b);
    sql_row_encode_h(ids, out, k, horizon, &b);
    if (sql_row_decode(ctx, (const uint8_t *)b.data, b.len, ids, tys, k, again, &e) != 0)
        abort();
    size_t present = 0;
    for (size_t i = 0; i < k; i++) {
        same(&out[i], &again[i]);
        present += !out[i].null;
    }
    /* A canonical record (minimal horizon, count in one byte) re-encodes to itself. */
    size_t cpos = 1 + hlen;
    if (len >= cpos + 1 && rec[cpos] == present &&
        (b.len != len || memcmp(b.data, rec, len) != 0) &&
        (rec[0] == 1 || (hlen == 1 || (hlen > 1 && rec[hlen] != 0))))
        abort();
    sbuf_free(&b);
}

static void mode_text(const uint8_t *p, size_t n)
{
    if (n < 1)
        return;
    uint32_t type = types[p[0] % NTYPES];
    struct sql_fmt f;
    struct sql_value v, back;
    struct err e = {0};
    sql_fmt_init(&f);
    /* Text reaches input functions validated as UTF-8 (by the wire layer). */
    if (sql_value_recv(ctx, SQL_T_TEXT, -1, p + 1, n - 1, &v, &e) != 0)
        return;
    if (sql_value_in(ctx, type, -1, (const char *)p + 1, n - 1, &f, &v, &e) != 0) {
        check_err(&e);
        return;
    }
    struct sbuf out;
    sbuf_init(&out);
    if (sql_value_out(&v, &f, &out, &e) != 0)
        abort();
    if (sql_value_in(ctx, type, -1, out.data, out.len, &f, &back, &e) != 0)
        abort();
    same(&v, &back);
    sbuf_free(&out);
    row_roundtrip(&v);
    key_roundtrip(&v);
    binary_roundtrip(&v);
}

static void mode_recv(const uint8_t *p, size_t n)
{
    if (n < 1)
        return;
    uint32_t type = types[p[0] % NTYPES];
    struct sql_value v;
    struct err e = {0};
    if (sql_value_recv(ctx, type, -1, p + 1, n - 1, &v, &e) != 0) {
        check_err(&e);
        return;
    }
    binary_roundtrip(&v);
    row_roundtrip(&v);
}

static void mode_key(const uint8_t *p, size_t n)
{
    if (n < 1)
        return;
    uint32_t type = types[(p[0] >> 1) % NTYPES];
    bool desc = p[0] & 1;
    struct sql_value v;
    struct err e = {0};
    size_t used = 0;
    if (sql_key_get(ctx, p + 1, n - 1, type, desc, &v, &used, &e) != 0) {
        check_err(&e);
        return;
    }
    if (used < 1 || used > n - 1)
        abort();
    struct sbuf k;
    sbuf_init(&k);
    if (sql_key_put(&k, &v, desc, v.null ? (p[1] == 0x01 || p[1] == 0xFE) : false, &e) != 0)
        abort();
    if (type != SQL_T_BPCHAR && !v.null && (k.len != used || memcmp(k.data, p + 1, used) != 0))
        abort();
    sbuf_free(&k);
}

static void mode_cast(const uint8_t *p, size_t n)
{
    if (n < 2)
        return;
    uint32_t from = types[p[0] % NTYPES], to = types[p[1] % NTYPES];
    struct sql_fmt f;
    struct sql_value v, r;
    struct err e = {0};
    sql_fmt_init(&f);
    if (sql_value_in(ctx, from, -1, (const char *)p + 2, n - 2, &f, &v, &e) != 0)
        return;
    int32_t typmod = (p[1] & 0x80) ? 4 + (p[0] & 7) : -1;
    if (sql_value_cast(ctx, &v, to, typmod, p[0] & 0x40, &f, &r, &e) != 0) {
        check_err(&e);
        return;
    }
    if (r.type != to)
        abort();
    if (!r.null) {
        struct sbuf out;
        sbuf_init(&out);
        if (sql_value_out(&r, &f, &out, &e) != 0 && r.type != SQL_T_UNKNOWN)
            check_err(&e);
        sbuf_free(&out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    if (ctx == NULL)
        ctx = mem_ctx_new(NULL, "fuzz_rowcodec");
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    switch (data[0] % 5) {
    case 0:
        mode_row(p, n);
        break;
    case 1:
        mode_text(p, n);
        break;
    case 2:
        mode_recv(p, n);
        break;
    case 3:
        mode_key(p, n);
        break;
    default:
        mode_cast(p, n);
        break;
    }
    mem_ctx_reset(ctx);
    return 0;
}
