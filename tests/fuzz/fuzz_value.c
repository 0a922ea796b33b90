/* fuzz_value.c — libFuzzer target for the value parsers clients reach with
 * arbitrary bytes beyond numbers and dates: array literals (array_in) of
 * several element types, json and jsonb text, and the binary formats of
 * arrays and jsonb (array_recv, jsonb_recv).
 *
 * The first byte picks a type and a mode (text input or binary recv); the
 * rest is the payload. Checked properties, each an abort() when broken:
 *  - text input either fails with an error carrying a SQLSTATE (classes 22,
 *    54 or 0A; 42804 or 08P01 from array_recv; XX000 for a bad jsonb version byte, as PostgreSQL)
 * or gives a value whose output text reads back as an equal value with the same output text;
 *  - binary recv accepts a value only if its text output works and its send
 *    reads back (recv) as an equal value;
 *  - compare and hash of accepted values never crash.
 * Run: fuzz_value -max_total_time=300 tests/fuzz/value_seeds
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/value.h"
#include "sql/value_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint32_t elem_types[] = {SQL_T_INT4,    SQL_T_INT8,        SQL_T_TEXT,
                                      SQL_T_NUMERIC, SQL_T_FLOAT8,      SQL_T_BOOL,
                                      SQL_T_DATE,    SQL_T_TIMESTAMPTZ, SQL_T_VARCHAR};

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_value: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void check_err(const struct err *e, const char *what)
{
    const char *st = err_sqlstate(e);
    if (e->msg[0] == '\0')
        fail(what, "error without a message");
    /* PostgreSQL's jsonb_recv reports a bad version byte with elog: XX000. */
    if (strcmp(st, "XX000") == 0 && strncmp(e->msg, "unsupported jsonb version number", 32) == 0)
        return;
    /* array_recv: a wrong element type is 42804, short data 08P01. */
    if (strcmp(st, "42804") == 0 || strcmp(st, "08P01") == 0)
        return;
    if (strncmp(st, "22", 2) != 0 && strncmp(st, "54", 2) != 0 && strncmp(st, "0A", 2) != 0)
        fail(what, e->msg);
}

/* An accepted value: its text reads back equal, with the same text. */
static void round_trip(struct mem_ctx *ctx, uint32_t type, const struct sql_value *v,
                       const struct sql_fmt *f)
{
    struct err e = {0};
    struct sbuf out, out2;
    sbuf_init(&out);
    sbuf_init(&out2);
    if (sql_value_out(v, f, &out, &e) != 0)
        fail("output of an accepted value failed", e.msg);
    struct sql_value back;
    if (sql_value_in(ctx, type, -1, out.data ? out.data : "", out.len, f, &back, &e) != 0)
        fail("output does not read back", out.data);
    if (sql_value_cmp(v, &back) != 0)
        fail("value read back differs", out.data);
    if (sql_value_out(&back, f, &out2, &e) != 0 || out.len != out2.len ||
        (out.len > 0 && memcmp(out.data, out2.data, out.len) != 0))
        fail("output text changes on a round trip", out.data);
    (void)sql_value_hash(v, 0);
    struct sbuf bin;
    sbuf_init(&bin);
    if (sql_value_send(v, &bin, &e) != 0)
        fail("send of an accepted value failed", e.msg);
    struct sql_value rb;
    if (sql_value_recv(ctx, type, -1, (const uint8_t *)bin.data, bin.len, &rb, &e) != 0)
        fail("send does not recv back", e.msg);
    if (sql_value_cmp(v, &rb) != 0)
        fail("binary round trip differs", out.data);
    sbuf_free(&bin);
    sbuf_free(&out);
    sbuf_free(&out2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    uint8_t sel = data[0];
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    size_t ntypes = sizeof(elem_types) / sizeof(elem_types[0]);
    /* 0..ntypes-1: arrays of elem_types; ntypes: jsonb; ntypes + 1: json */
    size_t pick = (sel & 0x7f) % (ntypes + 2);
    bool binary = (sel & 0x80) != 0;
    uint32_t type = pick < ntypes    ? sql_array_of(elem_types[pick])
                    : pick == ntypes ? SQL_T_JSONB
                                     : SQL_T_JSON;
    if (type == 0)
        fail("no array type for an element type", NULL);
    if (binary && type == SQL_T_JSON)
        binary = false; /* json's binary format is its text */

    struct mem_ctx *ctx = mem_ctx_new(NULL, "fuzz_value");
    struct sql_fmt f;
    sql_fmt_init(&f);
    struct err e = {0};
    struct sql_value v;
    int rc;
    if (binary) {
        rc = sql_value_recv(ctx, type, -1, p, n, &v, &e);
    } else {
        const uint8_t *nul = memchr(p, 0, n);
        if (nul != NULL)
            n = (size_t)(nul - p);
        /* Text reaches the parsers only as valid UTF-8 (pgwire and COPY
         * check it first), as in PostgreSQL. */
        struct err ue = {0};
        if (sql__utf8_verify((const char *)p, n, &ue) != 0) {
            mem_ctx_free(ctx);
            return 0;
        }
        rc = sql_value_in(ctx, type, -1, (const char *)p, n, &f, &v, &e);
    }
    if (rc != 0)
        check_err(&e, binary ? "recv" : "input");
    else
        round_trip(ctx, type, &v, &f);
    mem_ctx_free(ctx);
    return 0;
}
