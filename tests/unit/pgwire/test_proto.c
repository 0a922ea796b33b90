/* test_proto.c — the frontend decoder, the message parsers and the backend
 * writer of the PostgreSQL v3 protocol. */
#include "pgwire/proto.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* Append a raw typed frontend message with the right length word. */
static void fe_raw(struct sbuf *b, char type, const void *body, size_t n)
{
    sbuf_putc(b, type);
    pgw_put_int32(b, (uint32_t)(n + 4));
    sbuf_append(b, body, n);
}

/* A raw start-up packet: length, code, body. */
static void fe_startup_raw(struct sbuf *b, uint32_t code, const void *body, size_t n)
{
    pgw_put_int32(b, (uint32_t)(n + 8));
    pgw_put_int32(b, code);
    sbuf_append(b, body, n);
}

/* A decoded message, copied out of the decoder. */
struct got {
    int type;
    uint32_t code;
    uint8_t *body;
    size_t len;
};

struct run {
    struct got msgs[64];
    size_t n;
    int rc;       /* last return: ERR_AGAIN, or the error */
    struct err e; /* error, if any */
    size_t used;  /* total bytes consumed */
};

/* Feed in[0..len) in chunks of `chunk` bytes (0: random 1..17 from seed),
 * calling pgw_dec_next until each chunk is used up. */
static void feed(struct pgw_dec *d, const void *in, size_t len, size_t chunk, unsigned seed,
                 struct run *r)
{
    const uint8_t *p = in;
    size_t off = 0;
    memset(r, 0, sizeof(*r));
    r->rc = ERR_AGAIN;
    while (off < len || len == 0) {
        size_t c = chunk ? chunk : 1 + (size_t)(rand_r(&seed) % 17);
        if (c > len - off)
            c = len - off;
        size_t at = 0;
        for (;;) {
            struct pgw_msg m;
            size_t used = 0;
            int rc = pgw_dec_next(d, p + off + at, c - at, &used, &m, &r->e);
            cr_assert_leq(used, c - at);
            at += used;
            r->used += used;
            if (rc == 0) {
                cr_assert_lt(r->n, 64);
                struct got *g = &r->msgs[r->n++];
                g->type = m.type;
                g->code = m.code;
                g->len = m.len;
                g->body = malloc(m.len + 1);
                memcpy(g->body, m.body, m.len);
                cr_assert_eq(m.body[m.len], 0, "guard NUL after the body");
                continue;
            }
            r->rc = rc;
            if (rc != ERR_AGAIN)
                return;
            cr_assert_eq(at, c, "AGAIN consumes everything");
            break;
        }
        off += c;
        if (len == 0)
            break;
    }
}

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->msgs[i].body);
}

static struct pgw_msg as_msg(const struct got *g)
{
    struct pgw_msg m = {.type = g->type, .code = g->code, .body = g->body, .len = g->len};
    return m;
}

/* Decode exactly one message from bytes in the given phase. */
static int decode_one(enum pgw_phase phase, const void *bytes, size_t n, struct got *out,
                      struct err *e)
{
    struct pgw_dec d;
    struct run r;
    pgw_dec_init(&d, 1 << 20);
    pgw_dec_set_phase(&d, phase);
    feed(&d, bytes, n, n ? n : 1, 0, &r);
    pgw_dec_free(&d);
    if (e != NULL)
        *e = r.e;
    if (r.n == 1) {
        *out = r.msgs[0];
        return 0;
    }
    run_free(&r);
    return r.rc;
}

static void expect_state(const struct err *e, const char *state, const char *msg)
{
    cr_expect_str_eq(err_sqlstate(e), state, "%s (%s)", e->msg, state);
    if (msg != NULL)
        cr_expect_str_eq(e->msg, msg);
}

/* Write f, decode it, parse it, write it again: bytes must be identical. */
static void round_trip(enum pgw_phase phase, const struct pgw_fmsg *f, struct mem_ctx *ctx,
                       struct pgw_fmsg *parsed)
{
    struct sbuf a, b;
    struct err e = {0};
    struct got g;
    sbuf_init(&a);
    sbuf_init(&b);
    cr_assert_eq(pgw_fmsg_write(&a, f, &e), 0, "%s", e.msg);
    cr_assert_eq(decode_one(phase, a.data, a.len, &g, &e), 0, "%s", e.msg);
    cr_expect_eq(g.type, f->type);
    struct pgw_msg m = as_msg(&g);
    cr_assert_eq(pgw_msg_parse(&m, ctx, parsed, &e), 0, "type %d: %s", f->type, e.msg);
    cr_assert_eq(pgw_fmsg_write(&b, parsed, &e), 0, "%s", e.msg);
    cr_expect_eq(a.len, b.len);
    cr_expect_eq(memcmp(a.data, b.data, a.len), 0, "type %d bytes differ", f->type);
    /* parsed borrows from g.body: keep it alive for the caller's checks. */
    sbuf_free(&a);
    sbuf_free(&b);
}

static struct mem_ctx *tctx;

static void setup(void)
{
    tctx = mem_ctx_new(NULL, "test");
}

static void teardown(void)
{
    mem_ctx_free(tctx);
}

TestSuite(decode, .init = setup, .fini = teardown);
TestSuite(parse, .init = setup, .fini = teardown);
TestSuite(write, .init = setup, .fini = teardown);

/* ------------------------------------------------------------------------ */
/* Round trips of every frontend message                                     */

Test(decode, startup_round_trip)
{
    const char *names[] = {"user", "database", "application_name", "client_encoding"};
    const char *values[] = {"alice", "shop", "psql", "UTF8"};
    struct pgw_fmsg f = {.type = PGW_MSG_STARTUP};
    f.u.startup.major = 3;
    f.u.startup.minor = 0;
    f.u.startup.nparams = 4;
    f.u.startup.names = names;
    f.u.startup.values = values;
    struct pgw_fmsg p;
    round_trip(PGW_PHASE_STARTUP, &f, tctx, &p);
    cr_expect_eq(p.u.startup.major, 3);
    cr_expect_eq(p.u.startup.nparams, 4);
    cr_expect_str_eq(pgw_startup_get(&p.u.startup, "user"), "alice");
    cr_expect_str_eq(pgw_startup_get(&p.u.startup, "database"), "shop");
    cr_expect_null(pgw_startup_get(&p.u.startup, "options"));
    cr_expect_not(pgw_startup_needs_negotiation(&p.u.startup, NULL));
}

Test(decode, startup_requests_round_trip)
{
    struct pgw_fmsg f = {.type = PGW_MSG_SSL_REQUEST}, p;
    round_trip(PGW_PHASE_STARTUP, &f, tctx, &p);
    f.type = PGW_MSG_GSSENC_REQUEST;
    round_trip(PGW_PHASE_STARTUP, &f, tctx, &p);
    f.type = PGW_MSG_CANCEL_REQUEST;
    f.u.cancel.pid = 4242;
    f.u.cancel.key = -559038737;
    round_trip(PGW_PHASE_STARTUP, &f, tctx, &p);
    cr_expect_eq(p.u.cancel.pid, 4242);
    cr_expect_eq(p.u.cancel.key, -559038737);
}

Test(decode, ssl_request_exact_bytes)
{
    /* 00 00 00 08 04 d2 16 2f: what libpq sends. */
    static const uint8_t ssl[] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
    struct got g;
    struct err e = {0};
    cr_assert_eq(decode_one(PGW_PHASE_STARTUP, ssl, sizeof(ssl), &g, &e), 0, "%s", e.msg);
    cr_expect_eq(g.type, PGW_MSG_SSL_REQUEST);
    cr_expect_eq(g.code, 80877103u);
    cr_expect_eq(g.len, 0);
    free(g.body);
}

Test(decode, normal_messages_round_trip)
{
    struct pgw_fmsg f, p;

    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_QUERY;
    f.u.query.sql = "SELECT 'héllo'; SELECT 2";
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    cr_expect_str_eq(p.u.query.sql, f.u.query.sql);
    cr_expect_eq(p.u.query.len, strlen(f.u.query.sql));

    uint32_t types[] = {23, 0, 25};
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_PARSE;
    f.u.parse.stmt = "s1";
    f.u.parse.query = "SELECT $1::int, $2, $3";
    f.u.parse.nparams = 3;
    f.u.parse.param_types = types;
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    cr_expect_str_eq(p.u.parse.stmt, "s1");
    cr_expect_eq(p.u.parse.nparams, 3);
    cr_expect_eq(p.u.parse.param_types[0], 23);
    cr_expect_eq(p.u.parse.param_types[2], 25);

    int16_t fmts[] = {0, 1, 0};
    int16_t rfmts[] = {1};
    struct pgw_value params[] = {
        {(const uint8_t *)"42", 2}, {(const uint8_t *)"\0\0\0\x07", 4}, {NULL, -1}};
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_BIND;
    f.u.bind.portal = "p1";
    f.u.bind.stmt = "s1";
    f.u.bind.nformats = 3;
    f.u.bind.formats = fmts;
    f.u.bind.nparams = 3;
    f.u.bind.params = params;
    f.u.bind.nresult_formats = 1;
    f.u.bind.result_formats = rfmts;
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    const struct pgw_bind *b = &p.u.bind;
    cr_expect_str_eq(b->portal, "p1");
    cr_expect_eq(b->nparams, 3);
    cr_expect_eq(b->params[0].len, 2);
    cr_expect_eq(memcmp(b->params[0].data, "42", 2), 0);
    cr_expect_eq(b->params[1].len, 4);
    cr_expect_eq(b->params[2].len, -1);
    cr_expect_null(b->params[2].data);
    cr_expect_eq(pgw_bind_param_format(b, 1), 1);
    cr_expect_eq(pgw_bind_param_format(b, 2), 0);
    cr_expect_eq(pgw_bind_result_format(b, 7), 1, "one result format applies to all");

    /* Empty-string parameter is not NULL. */
    struct pgw_value empty[] = {{(const uint8_t *)"", 0}};
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_BIND;
    f.u.bind.portal = "";
    f.u.bind.stmt = "";
    f.u.bind.nparams = 1;
    f.u.bind.params = empty;
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    cr_expect_eq(p.u.bind.params[0].len, 0);
    cr_expect_eq(pgw_bind_param_format(&p.u.bind, 0), 0, "no formats: text");

    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_EXECUTE;
    f.u.execute.portal = "p1";
    f.u.execute.max_rows = 100;
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    cr_expect_eq(p.u.execute.max_rows, 100);

    const int kinds[] = {PGW_MSG_DESCRIBE, PGW_MSG_CLOSE};
    for (int i = 0; i < 2; i++) {
        memset(&f, 0, sizeof(f));
        f.type = kinds[i];
        f.u.target.kind = i ? 'P' : 'S';
        f.u.target.name = "obj";
        round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
        cr_expect_eq(p.u.target.kind, i ? 'P' : 'S');
        cr_expect_str_eq(p.u.target.name, "obj");
    }

    const int empties[] = {PGW_MSG_SYNC, PGW_MSG_FLUSH, PGW_MSG_TERMINATE, PGW_MSG_COPY_DONE};
    for (int i = 0; i < 4; i++) {
        memset(&f, 0, sizeof(f));
        f.type = empties[i];
        round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    }

    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_COPY_DATA;
    f.u.copy_data.data = (const uint8_t *)"1\tx\n\0\xff";
    f.u.copy_data.len = 6;
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    cr_expect_eq(p.u.copy_data.len, 6, "binary data, NULs included");

    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_COPY_FAIL;
    f.u.copy_fail.message = "client cancelled";
    round_trip(PGW_PHASE_NORMAL, &f, tctx, &p);
    cr_expect_str_eq(p.u.copy_fail.message, "client cancelled");
}

Test(decode, password_messages)
{
    struct sbuf b;
    struct got g;
    struct err e = {0};
    struct pgw_msg m;
    sbuf_init(&b);

    fe_raw(&b, 'p', "secret", 7);
    cr_assert_eq(decode_one(PGW_PHASE_AUTH, b.data, b.len, &g, &e), 0, "%s", e.msg);
    m = as_msg(&g);
    struct pgw_password pw;
    cr_assert_eq(pgw_parse_password(&m, &pw, &e), 0);
    cr_expect_str_eq(pw.password, "secret");
    cr_expect_eq(pw.len, 6);
    struct pgw_fmsg f;
    cr_assert_eq(pgw_msg_parse(&m, tctx, &f, &e), 0);
    cr_expect_eq(f.u.raw.len, 7, "pgw_msg_parse gives 'p' raw");
    free(g.body);

    /* SASLInitialResponse with data, then without (-1). */
    sbuf_reset(&b);
    struct sbuf body;
    sbuf_init(&body);
    pgw_put_cstr(&body, "SCRAM-SHA-256");
    pgw_put_int32(&body, 11);
    sbuf_puts(&body, "n,,n=,r=abc");
    fe_raw(&b, 'p', body.data, body.len);
    cr_assert_eq(decode_one(PGW_PHASE_AUTH, b.data, b.len, &g, &e), 0);
    m = as_msg(&g);
    struct pgw_sasl_initial si;
    cr_assert_eq(pgw_parse_sasl_initial(&m, &si, &e), 0, "%s", e.msg);
    cr_expect_str_eq(si.mechanism, "SCRAM-SHA-256");
    cr_expect_eq(si.len, 11);
    cr_expect_eq(memcmp(si.data, "n,,n=,r=abc", 11), 0);
    cr_expect_lt(pgw_parse_password(&m, &pw, &e), 0, "not a password packet");
    expect_state(&e, "08P01", "invalid password packet size");
    free(g.body);

    sbuf_reset(&body);
    sbuf_reset(&b);
    pgw_put_cstr(&body, "SCRAM-SHA-256");
    pgw_put_int32(&body, 0xffffffffu);
    fe_raw(&b, 'p', body.data, body.len);
    cr_assert_eq(decode_one(PGW_PHASE_AUTH, b.data, b.len, &g, &e), 0);
    m = as_msg(&g);
    cr_assert_eq(pgw_parse_sasl_initial(&m, &si, &e), 0, "%s", e.msg);
    cr_expect_eq(si.len, -1);
    cr_expect_null(si.data);
    free(g.body);

    /* -2 is not a length. */
    sbuf_reset(&body);
    sbuf_reset(&b);
    pgw_put_cstr(&body, "SCRAM-SHA-256");
    pgw_put_int32(&body, 0xfffffffeu);
    fe_raw(&b, 'p', body.data, body.len);
    cr_assert_eq(decode_one(PGW_PHASE_AUTH, b.data, b.len, &g, &e), 0);
    m = as_msg(&g);
    cr_expect_lt(pgw_parse_sasl_initial(&m, &si, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    free(g.body);

    /* SASLResponse: the whole body. */
    sbuf_reset(&b);
    fe_raw(&b, 'p', "c=biws,r=x,p=y", 14);
    cr_assert_eq(decode_one(PGW_PHASE_AUTH, b.data, b.len, &g, &e), 0);
    m = as_msg(&g);
    struct pgw_sasl_response sr;
    cr_assert_eq(pgw_parse_sasl_response(&m, &sr, &e), 0);
    cr_expect_eq(sr.len, 14);
    free(g.body);

    sbuf_free(&body);
    sbuf_free(&b);
}

/* ------------------------------------------------------------------------ */
/* Resumability                                                              */

/* A stream of every normal-phase message. */
static void normal_stream(struct sbuf *s)
{
    static const char *queries[] = {"SELECT 1", "", "BEGIN; SELECT now(); COMMIT"};
    struct pgw_fmsg f;
    for (int i = 0; i < 3; i++) {
        memset(&f, 0, sizeof(f));
        f.type = PGW_MSG_QUERY;
        f.u.query.sql = queries[i];
        cr_assert_eq(pgw_fmsg_write(s, &f, NULL), 0);
    }
    uint32_t types[] = {23};
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_PARSE;
    f.u.parse.stmt = "";
    f.u.parse.query = "SELECT $1";
    f.u.parse.nparams = 1;
    f.u.parse.param_types = types;
    pgw_fmsg_write(s, &f, NULL);
    struct pgw_value v[] = {{(const uint8_t *)"7", 1}};
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_BIND;
    f.u.bind.portal = "";
    f.u.bind.stmt = "";
    f.u.bind.nparams = 1;
    f.u.bind.params = v;
    pgw_fmsg_write(s, &f, NULL);
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_DESCRIBE;
    f.u.target.kind = 'P';
    f.u.target.name = "";
    pgw_fmsg_write(s, &f, NULL);
    memset(&f, 0, sizeof(f));
    f.type = PGW_MSG_EXECUTE;
    f.u.execute.portal = "";
    pgw_fmsg_write(s, &f, NULL);
    fe_raw(s, 'H', "", 0);
    fe_raw(s, 'S', "", 0);
    fe_raw(s, 'd', "a\tb\n", 4);
    fe_raw(s, 'c', "", 0);
    fe_raw(s, 'f', "oops", 5);
    fe_raw(s, 'C', "Sst", 4);
    fe_raw(s, 'X', "", 0);
}

static void expect_same(const struct run *a, const struct run *b)
{
    cr_assert_eq(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        cr_expect_eq(a->msgs[i].type, b->msgs[i].type);
        cr_assert_eq(a->msgs[i].len, b->msgs[i].len, "message %zu", i);
        cr_expect_eq(memcmp(a->msgs[i].body, b->msgs[i].body, a->msgs[i].len), 0);
    }
}

Test(decode, any_chunking_gives_the_same_messages)
{
    struct sbuf s;
    struct pgw_dec d;
    struct run whole, part;
    sbuf_init(&s);
    normal_stream(&s);

    pgw_dec_init(&d, 0);
    pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
    feed(&d, s.data, s.len, s.len, 0, &whole);
    pgw_dec_free(&d);
    cr_assert_eq(whole.n, 14);
    cr_expect_eq(whole.rc, ERR_AGAIN);
    cr_expect_eq(whole.used, s.len);

    size_t chunks[] = {1, 2, 3, 4, 5, 6, 7, 11, 64};
    for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
        pgw_dec_init(&d, 0);
        pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
        feed(&d, s.data, s.len, chunks[c], 0, &part);
        expect_same(&whole, &part);
        cr_expect(pgw_dec_idle(&d));
        run_free(&part);
        pgw_dec_free(&d);
    }
    for (unsigned seed = 1; seed < 50; seed++) {
        pgw_dec_init(&d, 0);
        pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
        feed(&d, s.data, s.len, 0, seed, &part);
        expect_same(&whole, &part);
        run_free(&part);
        pgw_dec_free(&d);
    }
    run_free(&whole);
    sbuf_free(&s);
}

Test(decode, startup_byte_by_byte_then_normal)
{
    struct sbuf s;
    struct pgw_dec d;
    struct run r;
    sbuf_init(&s);
    fe_startup_raw(&s, PGW_SSL_REQUEST_CODE, "", 0);
    pgw_dec_init(&d, 0);
    feed(&d, s.data, s.len, 1, 0, &r);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.msgs[0].type, PGW_MSG_SSL_REQUEST);
    cr_expect(pgw_dec_idle(&d));
    run_free(&r);

    sbuf_reset(&s);
    fe_startup_raw(&s, PGW_PROTOCOL_LATEST, "user\0bob\0\0", 10);
    feed(&d, s.data, s.len, 1, 0, &r);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.msgs[0].type, PGW_MSG_STARTUP);
    run_free(&r);

    pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
    sbuf_reset(&s);
    fe_raw(&s, 'Q', "SELECT 1", 9);
    feed(&d, s.data, s.len, 1, 0, &r);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.msgs[0].type, 'Q');
    run_free(&r);
    pgw_dec_free(&d);
    sbuf_free(&s);
}

Test(decode, stops_at_message_boundary)
{
    /* Two messages in one buffer: the first call consumes only the first,
     * so the session can check for data after an SSLRequest. */
    struct sbuf s;
    struct pgw_dec d;
    struct pgw_msg m;
    struct err e = {0};
    size_t used;
    sbuf_init(&s);
    fe_startup_raw(&s, PGW_SSL_REQUEST_CODE, "", 0);
    fe_startup_raw(&s, PGW_PROTOCOL_LATEST, "user\0bob\0\0", 10);
    pgw_dec_init(&d, 0);
    cr_assert_eq(pgw_dec_next(&d, s.data, s.len, &used, &m, &e), 0);
    cr_expect_eq(m.type, PGW_MSG_SSL_REQUEST);
    cr_expect_eq(used, 8);
    cr_expect(pgw_dec_idle(&d));
    cr_assert_eq(pgw_dec_next(&d, s.data + used, s.len - used, &used, &m, &e), 0);
    cr_expect_eq(m.type, PGW_MSG_STARTUP);
    cr_assert_eq(pgw_dec_next(&d, "", 0, &used, &m, &e), ERR_AGAIN);
    cr_expect_eq(used, 0);
    pgw_dec_free(&d);
    sbuf_free(&s);
}

Test(decode, every_truncation_waits_for_more)
{
    struct sbuf s;
    struct run whole;
    struct pgw_dec d;
    sbuf_init(&s);
    normal_stream(&s);
    pgw_dec_init(&d, 0);
    pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
    feed(&d, s.data, s.len, s.len, 0, &whole);
    pgw_dec_free(&d);

    /* Message ends, to know how many are complete in each prefix. */
    size_t ends[64], off = 0;
    for (size_t i = 0; i < whole.n; i++) {
        off += 5 + whole.msgs[i].len;
        ends[i] = off;
    }
    for (size_t k = 0; k < s.len; k++) {
        struct run r;
        pgw_dec_init(&d, 0);
        pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
        feed(&d, s.data, k, k ? k : 1, 0, &r);
        size_t complete = 0;
        while (complete < whole.n && ends[complete] <= k)
            complete++;
        cr_assert_eq(r.rc, ERR_AGAIN, "prefix %zu: %s", k, r.e.msg);
        cr_assert_eq(r.n, complete, "prefix %zu", k);
        cr_assert_eq(r.used, k);
        cr_expect_eq(pgw_dec_idle(&d), complete > 0 ? ends[complete - 1] == k : k == 0,
                     "prefix %zu", k);
        run_free(&r);
        pgw_dec_free(&d);
    }
    run_free(&whole);
    sbuf_free(&s);
}

/* ------------------------------------------------------------------------ */
/* Limits: refused before allocation                                         */

static int feed_err(enum pgw_phase phase, size_t max, const void *bytes, size_t n, struct err *e,
                    struct pgw_dec *keep)
{
    struct pgw_dec d;
    struct run r;
    pgw_dec_init(&d, max);
    pgw_dec_set_phase(&d, phase);
    feed(&d, bytes, n, 1, 0, &r);
    *e = r.e;
    run_free(&r);
    if (keep != NULL)
        *keep = d;
    else
        pgw_dec_free(&d);
    return r.rc;
}

Test(decode, oversized_refused_before_allocation)
{
    struct sbuf s;
    struct err e = {0};
    struct pgw_dec d;
    sbuf_init(&s);

    /* 'Q' announcing 2 MiB against a 1 MiB limit: refused at the 5th byte. */
    sbuf_putc(&s, 'Q');
    pgw_put_int32(&s, 2u << 20);
    sbuf_puts(&s, "SELECT");
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 1 << 20, s.data, s.len, &e, &d), ERR_LIMIT);
    expect_state(&e, "54000", NULL);
    cr_expect(strstr(e.msg, "too large") != NULL, "%s", e.msg);
    cr_expect_null(d.buf, "nothing allocated");
    /* Sticky: the stream has lost its framing. */
    struct pgw_msg m;
    size_t used = 99;
    struct err e2 = {0};
    cr_expect_eq(pgw_dec_next(&d, "S\0\0\0\4", 5, &used, &m, &e2), ERR_LIMIT);
    cr_expect_eq(used, 0);
    cr_expect_str_eq(e2.msg, e.msg);
    pgw_dec_free(&d);

    /* The length word at the limit is accepted, one more is not. */
    sbuf_reset(&s);
    sbuf_putc(&s, 'd');
    pgw_put_int32(&s, (1u << 20) + 1);
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 1 << 20, s.data, s.len, &e, NULL), ERR_LIMIT);
    sbuf_reset(&s);
    sbuf_putc(&s, 'd');
    pgw_put_int32(&s, 1u << 20);
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 1 << 20, s.data, s.len, &e, NULL), ERR_AGAIN);

    /* Small messages: 10000 like PostgreSQL, whatever the configured max. */
    const char smalls[] = "SHXCDEcf";
    for (int i = 0; smalls[i]; i++) {
        sbuf_reset(&s);
        sbuf_putc(&s, smalls[i]);
        pgw_put_int32(&s, 10001);
        cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 1 << 20, s.data, s.len, &e, NULL), ERR_INVAL, "%c",
                     smalls[i]);
        expect_state(&e, "08P01", "invalid message length");
    }
    /* Authentication phase: 65535. */
    sbuf_reset(&s);
    sbuf_putc(&s, 'p');
    pgw_put_int32(&s, 65536);
    cr_expect_eq(feed_err(PGW_PHASE_AUTH, 1 << 20, s.data, s.len, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "invalid message length");

    /* Start-up packet: body of at most 10000 bytes after the length word. */
    sbuf_reset(&s);
    pgw_put_int32(&s, 10005);
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, s.data, s.len, &e, &d), ERR_INVAL);
    expect_state(&e, "08P01", "invalid length of startup packet");
    cr_expect_null(d.buf);
    pgw_dec_free(&d);
    sbuf_reset(&s);
    pgw_put_int32(&s, 10004);
    pgw_put_int32(&s, PGW_PROTOCOL_LATEST);
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, s.data, s.len, &e, NULL), ERR_AGAIN);
    sbuf_free(&s);
}

Test(decode, memory_follows_arrival)
{
    /* A peer announcing 64 MiB and sending 100 bytes costs ~100 bytes. */
    struct sbuf s;
    struct err e = {0};
    struct pgw_dec d;
    sbuf_init(&s);
    sbuf_putc(&s, 'Q');
    pgw_put_int32(&s, 64u << 20);
    for (int i = 0; i < 100; i++)
        sbuf_putc(&s, 'x');
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 64u << 20, s.data, s.len, &e, &d), ERR_AGAIN);
    cr_expect_leq(d.cap, 256);
    pgw_dec_free(&d);
    sbuf_free(&s);
}

Test(decode, large_message_buffer_is_released)
{
    struct sbuf s;
    struct pgw_dec d;
    struct run r;
    size_t big = 3u << 20;
    sbuf_init(&s);
    sbuf_putc(&s, 'Q');
    pgw_put_int32(&s, (uint32_t)(big + 4));
    sbuf_reserve(&s, big);
    memset(s.data + s.len, 'a', big - 1);
    s.len += big - 1;
    sbuf_putc(&s, '\0');
    fe_raw(&s, 'S', "", 0);
    pgw_dec_init(&d, 4u << 20);
    pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
    feed(&d, s.data, s.len, 65536, 0, &r);
    cr_assert_eq(r.n, 2);
    cr_expect_eq(r.msgs[0].len, big);
    struct pgw_msg m = as_msg(&r.msgs[0]);
    struct pgw_query q;
    cr_expect_eq(pgw_parse_query(&m, &q, NULL), 0);
    cr_expect_eq(q.len, big - 1);
    cr_expect_lt(d.cap, 1u << 20, "the 3 MiB buffer was dropped after its message");
    run_free(&r);
    pgw_dec_free(&d);
    sbuf_free(&s);
}

Test(decode, bad_lengths)
{
    struct err e = {0};
    static const uint8_t typed3[] = {'Q', 0, 0, 0, 3};
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 0, typed3, 5, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "invalid message length");
    static const uint8_t typedneg[] = {'Q', 0xff, 0xff, 0xff, 0xff};
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 0, typedneg, 5, &e, NULL), ERR_LIMIT);
    static const uint8_t su7[] = {0, 0, 0, 7};
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, su7, 4, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "invalid length of startup packet");
    static const uint8_t suneg[] = {0xff, 0xff, 0xff, 0xff};
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, suneg, 4, &e, NULL), ERR_INVAL);
    /* SSLRequest and CancelRequest have exact sizes. */
    static const uint8_t ssl12[] = {0, 0, 0, 12, 0x04, 0xd2, 0x16, 0x2f, 0, 0, 0, 0};
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, ssl12, 12, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "invalid length of startup packet");
    static const uint8_t cancel12[] = {0, 0, 0, 12, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1};
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, cancel12, 12, &e, NULL), ERR_INVAL);
}

Test(decode, unknown_types_and_phases)
{
    struct err e = {0};
    static const uint8_t z[] = {'Z', 0, 0, 0, 4};
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 0, z, 5, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "invalid frontend message type 90");
    static const uint8_t zero[] = {0, 0, 0, 0, 8};
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 0, zero, 1, &e, NULL), ERR_INVAL, "refused at byte 1");
    expect_state(&e, "08P01", "invalid frontend message type 0");
    /* 'p' only while authenticating; nothing else then. */
    static const uint8_t p[] = {'p', 0, 0, 0, 5, 0};
    cr_expect_eq(feed_err(PGW_PHASE_NORMAL, 0, p, 6, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "invalid frontend message type 112");
    static const uint8_t q[] = {'Q', 0, 0, 0, 5, 0};
    cr_expect_eq(feed_err(PGW_PHASE_AUTH, 0, q, 6, &e, NULL), ERR_INVAL);
    expect_state(&e, "08P01", "expected password response, got message type 81");
    /* Protocol 2.0 and unknown request codes. */
    struct sbuf s;
    sbuf_init(&s);
    fe_startup_raw(&s, PGW_PROTOCOL_VERSION(2, 0), "user\0bob\0\0", 10);
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, s.data, s.len, &e, NULL), ERR_UNSUPPORTED);
    expect_state(&e, "0A000", "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
    sbuf_reset(&s);
    fe_startup_raw(&s, PGW_PROTOCOL_VERSION(1234, 5681), "", 0);
    cr_expect_eq(feed_err(PGW_PHASE_STARTUP, 0, s.data, s.len, &e, NULL), ERR_UNSUPPORTED);
    expect_state(&e, "0A000",
                 "unsupported frontend protocol 1234.5681: server supports 3.0 to 3.0");
    sbuf_free(&s);
}

Test(decode, function_call_is_framed_then_refused)
{
    struct got g;
    struct err e = {0};
    static const uint8_t fc[] = {'F', 0, 0, 0, 6, 0, 0};
    cr_assert_eq(decode_one(PGW_PHASE_NORMAL, fc, sizeof(fc), &g, &e), 0);
    struct pgw_msg m = as_msg(&g);
    struct pgw_fmsg f;
    cr_expect_eq(pgw_msg_parse(&m, tctx, &f, &e), ERR_UNSUPPORTED);
    expect_state(&e, "0A000", NULL);
    struct sbuf b;
    sbuf_init(&b);
    cr_expect_eq(pgw_fmsg_write(&b, &f, NULL), ERR_UNSUPPORTED);
    f.type = 'Z';
    cr_expect_eq(pgw_fmsg_write(&b, &f, NULL), ERR_INVAL, "not a frontend type");
    cr_expect_eq(b.len, 0);
    sbuf_free(&b);
    free(g.body);
}

/* ------------------------------------------------------------------------ */
/* Parsers: counts, strings, UTF-8                                           */

/* Parse a typed message body built by hand. */
static int parse_body(char type, const void *body, size_t n, struct pgw_fmsg *f, struct err *e)
{
    struct pgw_msg m = {.type = (unsigned char)type, .body = body, .len = n};
    return pgw_msg_parse(&m, tctx, f, e);
}

Test(parse, every_strict_prefix_is_refused)
{
    /* For each message with a structure, every body cut short fails with
     * 08P01 — never a crash, never a success. */
    struct sbuf s;
    struct pgw_dec d;
    struct run r;
    sbuf_init(&s);
    normal_stream(&s);
    pgw_dec_init(&d, 0);
    pgw_dec_set_phase(&d, PGW_PHASE_NORMAL);
    feed(&d, s.data, s.len, s.len, 0, &r);
    pgw_dec_free(&d);
    size_t checked = 0;
    for (size_t i = 0; i < r.n; i++) {
        int t = r.msgs[i].type;
        if (t == 'd' || r.msgs[i].len == 0)
            continue; /* CopyData is opaque; empty messages have no prefix */
        for (size_t k = 0; k < r.msgs[i].len; k++) {
            uint8_t *copy = malloc(k + 1); /* exact size: ASan sees overreads */
            memcpy(copy, r.msgs[i].body, k);
            struct pgw_fmsg f;
            struct err e = {0};
            cr_expect_lt(parse_body((char)t, copy, k, &f, &e), 0, "%c cut at %zu accepted", t, k);
            cr_expect_str_eq(err_sqlstate(&e), "08P01", "%c cut at %zu: %s", t, k, e.msg);
            free(copy);
            checked++;
        }
    }
    cr_expect_gt(checked, 50);
    /* A start-up packet cut short. */
    static const char su[] = "user\0bob\0database\0db\0";
    for (size_t k = 0; k < sizeof(su) - 1; k++) {
        char *copy = malloc(k + 1);
        memcpy(copy, su, k);
        struct pgw_msg m = {.type = PGW_MSG_STARTUP,
                            .code = PGW_PROTOCOL_LATEST,
                            .body = (uint8_t *)copy,
                            .len = k};
        struct pgw_fmsg f;
        struct err e = {0};
        cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0, "startup cut at %zu", k);
        free(copy);
    }
    run_free(&r);
    sbuf_free(&s);
}

Test(parse, missing_nul)
{
    struct pgw_fmsg f;
    struct err e = {0};
    cr_expect_lt(parse_body('Q', "SELECT 1", 8, &f, &e), 0);
    expect_state(&e, "08P01", "invalid string in message");
    cr_expect_lt(parse_body('P', "stmt", 4, &f, &e), 0);
    expect_state(&e, "08P01", "invalid string in message");
    cr_expect_lt(parse_body('E', "portal", 6, &f, &e), 0);
    expect_state(&e, "08P01", "invalid string in message");
    cr_expect_lt(parse_body('D', "Sname", 5, &f, &e), 0);
    expect_state(&e, "08P01", "invalid string in message");
    cr_expect_lt(parse_body('f', "msg", 3, &f, &e), 0);
    /* A NUL inside the query ends the string; the rest is trailing garbage. */
    cr_expect_lt(parse_body('Q', "SELECT\0 1\0", 10, &f, &e), 0);
    expect_state(&e, "08P01", "invalid message format");
    /* Start-up packet without its final terminator. */
    struct pgw_msg m = {.type = PGW_MSG_STARTUP,
                        .code = PGW_PROTOCOL_LATEST,
                        .body = (const uint8_t *)"user\0bob\0",
                        .len = 9};
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0);
    expect_state(&e, "08P01", "invalid startup packet layout: expected terminator as last byte");
    m.body = (const uint8_t *)"user\0bob\0\0\0";
    m.len = 11;
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0, "bytes after the terminator");
    m.body = (const uint8_t *)"user\0\0";
    m.len = 6;
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0, "user with an empty name as its value");
    /* Password packet with bytes after the string. */
    m.type = PGW_MSG_PASSWORD;
    m.body = (const uint8_t *)"pw\0x";
    m.len = 4;
    struct pgw_password pw;
    cr_expect_lt(pgw_parse_password(&m, &pw, &e), 0);
    expect_state(&e, "08P01", "invalid password packet size");
    m.len = 2;
    cr_expect_lt(pgw_parse_password(&m, &pw, &e), 0, "no NUL");
}

Test(parse, trailing_bytes)
{
    struct pgw_fmsg f;
    struct err e = {0};
    const char empties[] = "SHXc";
    for (int i = 0; empties[i]; i++) {
        cr_expect_lt(parse_body(empties[i], "x", 1, &f, &e), 0, "%c", empties[i]);
        expect_state(&e, "08P01", "invalid message format");
    }
    cr_expect_lt(parse_body('E', "\0\0\0\0\0x", 6, &f, &e), 0);
    expect_state(&e, "08P01", "invalid message format");
    cr_expect_lt(parse_body('C', "Sa\0b", 4, &f, &e), 0);
    struct pgw_msg m = {.type = PGW_MSG_SSL_REQUEST, .body = (const uint8_t *)"x", .len = 1};
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0);
}

Test(parse, bad_counts)
{
    struct sbuf b;
    struct pgw_fmsg f;
    struct err e = {0};
    sbuf_init(&b);

    /* Parse: 1000 parameter types announced, one present. */
    pgw_put_cstr(&b, "");
    pgw_put_cstr(&b, "SELECT $1");
    pgw_put_int16(&b, 1000);
    pgw_put_int32(&b, 23);
    cr_expect_lt(parse_body('P', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    /* 65535 announced, none present: refused before any array is made. */
    sbuf_reset(&b);
    pgw_put_cstr(&b, "");
    pgw_put_cstr(&b, "q");
    pgw_put_int16(&b, 65535);
    size_t before = mem_ctx_bytes(tctx);
    cr_expect_lt(parse_body('P', b.data, b.len, &f, &e), 0);
    cr_expect_eq(mem_ctx_bytes(tctx), before, "no allocation for a count that cannot fit");

#define BIND_HEAD()           \
    do {                      \
        sbuf_reset(&b);       \
        pgw_put_cstr(&b, ""); \
        pgw_put_cstr(&b, ""); \
    } while (0)

    /* Bind: format count beyond the message. */
    BIND_HEAD();
    pgw_put_int16(&b, 30000);
    pgw_put_int16(&b, 0);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    /* 2 formats for 3 parameters. */
    BIND_HEAD();
    pgw_put_int16(&b, 2);
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 1);
    pgw_put_int16(&b, 3);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "bind message has 2 parameter formats but 3 parameters");
    /* Format code 2. */
    BIND_HEAD();
    pgw_put_int16(&b, 1);
    pgw_put_int16(&b, 2);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "22023", "unsupported format code: 2");
    /* Parameter count beyond the message. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 5);
    pgw_put_int32(&b, 0xffffffffu);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    /* Parameter length beyond the message. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 1);
    pgw_put_int32(&b, 100);
    sbuf_puts(&b, "short");
    pgw_put_int16(&b, 0);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    /* Length 0x7fffffff: no overflow in the check. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 1);
    pgw_put_int32(&b, 0x7fffffffu);
    pgw_put_int16(&b, 0);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    /* Length -2. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 1);
    pgw_put_int32(&b, 0xfffffffeu);
    pgw_put_int16(&b, 0);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    /* Result formats beyond the message, and a bad one. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 3);
    pgw_put_int16(&b, 1);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 1);
    pgw_put_int16(&b, 0xffff);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "22023", "unsupported format code: -1");
    /* Missing result-format count altogether. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 0);
    cr_expect_lt(parse_body('B', b.data, b.len, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    /* And the well-formed minimal Bind. */
    BIND_HEAD();
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 0);
    pgw_put_int16(&b, 0);
    cr_expect_eq(parse_body('B', b.data, b.len, &f, &e), 0, "%s", e.msg);
#undef BIND_HEAD
    sbuf_free(&b);
}

Test(parse, describe_close_kinds)
{
    struct pgw_fmsg f;
    struct err e = {0};
    cr_expect_lt(parse_body('D', "Xname\0", 6, &f, &e), 0);
    expect_state(&e, "08P01", "invalid DESCRIBE message subtype 88");
    cr_expect_lt(parse_body('C', "s\0", 2, &f, &e), 0);
    expect_state(&e, "08P01", "invalid CLOSE message subtype 115");
    cr_expect_lt(parse_body('D', "", 0, &f, &e), 0);
    expect_state(&e, "08P01", "insufficient data left in message");
    cr_expect_eq(parse_body('C', "P\0", 2, &f, &e), 0);
    cr_expect_str_eq(f.u.target.name, "");
}

Test(parse, invalid_utf8)
{
    struct pgw_fmsg f;
    struct err e = {0};
    cr_expect_lt(parse_body('Q', "SELECT '\xc3\x28'\0", 12, &f, &e), 0);
    expect_state(&e, "22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
    cr_expect_lt(parse_body('Q', "\xc0\xaf\0", 3, &f, &e), 0, "overlong");
    expect_state(&e, "22021", "invalid byte sequence for encoding \"UTF8\": 0xc0 0xaf");
    cr_expect_lt(parse_body('Q', "\xed\xa0\x80\0", 4, &f, &e), 0, "surrogate");
    expect_state(&e, "22021", "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80");
    cr_expect_lt(parse_body('Q', "\xf4\x90\x80\x80\0", 5, &f, &e), 0, "above U+10FFFF");
    cr_expect_lt(parse_body('Q', "\xe2\x82\0", 3, &f, &e), 0, "cut short");
    expect_state(&e, "22021", "invalid byte sequence for encoding \"UTF8\": 0xe2 0x82");
    cr_expect_lt(parse_body('Q', "\xff\0", 2, &f, &e), 0);
    expect_state(&e, "22021", "invalid byte sequence for encoding \"UTF8\": 0xff");
    /* Names too. */
    cr_expect_lt(parse_body('P', "s\x80\0SELECT 1\0\0\0", 15, &f, &e), 0);
    expect_state(&e, "22021", NULL);
    cr_expect_lt(parse_body('E', "\xfe\0\0\0\0\0", 6, &f, &e), 0);
    cr_expect_lt(parse_body('D', "S\xc3\0", 4, &f, &e), 0);
    cr_expect_lt(parse_body('f', "\xc3\0", 2, &f, &e), 0);
    /* Valid multi-byte text passes: é, €, 𝄞. */
    cr_expect_eq(parse_body('Q', "SELECT 'é€\xf0\x9d\x84\x9e'\0", 19, &f, &e), 0, "%s", e.msg);

    cr_expect(pgw_utf8_valid("", 0));
    cr_expect(pgw_utf8_valid("\xf4\x8f\xbf\xbf", 4), "U+10FFFF");
    cr_expect(pgw_utf8_valid("\xef\xbf\xbf", 3), "U+FFFF");
    cr_expect_not(pgw_utf8_valid("a\0b", 3), "NUL");
    cr_expect_not(pgw_utf8_valid("\xe0\x80\x80", 3), "overlong 3-byte");
    cr_expect_not(pgw_utf8_valid("\xf0\x80\x80\x80", 4), "overlong 4-byte");
    cr_expect_not(pgw_utf8_valid("\xc2", 1));
    cr_expect_not(pgw_utf8_valid("\x80", 1));
    cr_expect_not(pgw_utf8_valid("\xf5\x80\x80\x80", 4));
}

Test(parse, startup_checks)
{
    struct pgw_fmsg f;
    struct err e = {0};
    struct pgw_msg m = {.type = PGW_MSG_STARTUP,
                        .code = PGW_PROTOCOL_LATEST,
                        .body = (const uint8_t *)"database\0db\0\0",
                        .len = 13};
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0);
    expect_state(&e, "28000", "no PostgreSQL user name specified in startup packet");
    /* 3.1 with a _pq_ option: accepted, needs NegotiateProtocolVersion. */
    m.code = PGW_PROTOCOL_VERSION(3, 1);
    m.body = (const uint8_t *)"user\0u\0_pq_.compression\0on\0\0";
    m.len = 28;
    cr_assert_eq(pgw_msg_parse(&m, tctx, &f, &e), 0, "%s", e.msg);
    size_t nopts = 0;
    cr_expect(pgw_startup_needs_negotiation(&f.u.startup, &nopts));
    cr_expect_eq(nopts, 1);
    cr_expect_eq(f.u.startup.minor, 1);
    /* No parameters at all: no user. */
    m.code = PGW_PROTOCOL_LATEST;
    m.body = (const uint8_t *)"";
    m.len = 1;
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0);
    expect_state(&e, "28000", NULL);
    /* Repeated parameter: the last wins. */
    m.body = (const uint8_t *)"user\0a\0user\0b\0\0";
    m.len = 15;
    cr_assert_eq(pgw_msg_parse(&m, tctx, &f, &e), 0);
    cr_expect_str_eq(pgw_startup_get(&f.u.startup, "user"), "b");
    /* A name without its value. */
    m.body = (const uint8_t *)"user\0";
    m.len = 5;
    cr_expect_lt(pgw_msg_parse(&m, tctx, &f, &e), 0);
    expect_state(&e, "08P01", NULL);
}

/* ------------------------------------------------------------------------ */
/* Writer: exact bytes (PostgreSQL 15 manual §55.7)                          */

#define EXPECT_BYTES(b, lit)                                                          \
    do {                                                                              \
        static const char want_[] = lit;                                              \
        cr_expect_eq((b)->len, sizeof(want_) - 1, "length %zu, want %zu", (b)->len,   \
                     sizeof(want_) - 1);                                              \
        cr_expect_eq(memcmp((b)->data, want_, sizeof(want_) - 1), 0, "bytes differ"); \
    } while (0)

Test(write, authentication)
{
    struct sbuf b;
    sbuf_init(&b);
    pgw_put_auth_ok(&b);
    EXPECT_BYTES(&b, "R\0\0\0\x08\0\0\0\0");
    sbuf_reset(&b);
    pgw_put_auth_cleartext(&b);
    EXPECT_BYTES(&b, "R\0\0\0\x08\0\0\0\x03");
    sbuf_reset(&b);
    const char *mechs[] = {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"};
    cr_assert_eq(pgw_put_auth_sasl(&b, mechs, 2, NULL), 0);
    EXPECT_BYTES(&b, "R\0\0\0\x2a\0\0\0\x0aSCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0");
    sbuf_reset(&b);
    cr_assert_eq(pgw_put_auth_sasl_continue(&b, "r=abc", 5, NULL), 0);
    EXPECT_BYTES(&b, "R\0\0\0\x0d\0\0\0\x0br=abc");
    sbuf_reset(&b);
    cr_assert_eq(pgw_put_auth_sasl_final(&b, "v=xyz", 5, NULL), 0);
    EXPECT_BYTES(&b, "R\0\0\0\x0d\0\0\0\x0cv=xyz");
    sbuf_free(&b);
}

Test(write, session_start)
{
    struct sbuf b;
    sbuf_init(&b);
    cr_assert_eq(pgw_put_parameter_status(&b, "client_encoding", "UTF8", NULL), 0);
    EXPECT_BYTES(&b, "S\0\0\0\x19"
                     "client_encoding\0UTF8\0");
    sbuf_reset(&b);
    pgw_put_backend_key_data(&b, 0x1234, -2);
    EXPECT_BYTES(&b, "K\0\0\0\x0c\0\0\x12\x34\xff\xff\xff\xfe");
    sbuf_reset(&b);
    pgw_put_ready_for_query(&b, 'I');
    pgw_put_ready_for_query(&b, 'T');
    pgw_put_ready_for_query(&b, 'E');
    EXPECT_BYTES(&b, "Z\0\0\0\x05IZ\0\0\0\x05TZ\0\0\0\x05"
                     "E");
    sbuf_reset(&b);
    pgw_put_ssl_answer(&b, 'N');
    EXPECT_BYTES(&b, "N");
    sbuf_reset(&b);
    const char *opts[] = {"_pq_.compression"};
    cr_assert_eq(pgw_put_negotiate_protocol_version(&b, 0, opts, 1, NULL), 0);
    EXPECT_BYTES(&b, "v\0\0\0\x1d\0\0\0\0\0\0\0\x01_pq_.compression\0");
    sbuf_free(&b);
}

Test(write, query_results)
{
    struct sbuf b;
    sbuf_init(&b);
    /* SELECT 1 AS one, psql's view of it: int4, typlen 4, typmod -1. */
    struct pgw_field f[] = {{"one", 0, 0, 23, 4, -1, 0}};
    cr_assert_eq(pgw_put_row_description(&b, f, 1, NULL), 0);
    EXPECT_BYTES(&b, "T\0\0\0\x1c\0\x01one\0\0\0\0\0\0\0\0\0\0\x17\0\x04\xff\xff\xff\xff\0\0");
    sbuf_reset(&b);
    struct pgw_value v[] = {{(const uint8_t *)"1", 1}, {NULL, -1}, {(const uint8_t *)"", 0}};
    cr_assert_eq(pgw_put_data_row(&b, v, 3, NULL), 0);
    EXPECT_BYTES(&b, "D\0\0\0\x13\0\x03\0\0\0\x01"
                     "1\xff\xff\xff\xff\0\0\0\0");
    sbuf_reset(&b);
    cr_assert_eq(pgw_put_command_complete(&b, "SELECT 1", NULL), 0);
    EXPECT_BYTES(&b, "C\0\0\0\x0dSELECT 1\0");
    sbuf_reset(&b);
    pgw_put_empty_query(&b);
    pgw_put_parse_complete(&b);
    pgw_put_bind_complete(&b);
    pgw_put_close_complete(&b);
    pgw_put_no_data(&b);
    pgw_put_portal_suspended(&b);
    EXPECT_BYTES(&b, "I\0\0\0\x04"
                     "1\0\0\0\x04"
                     "2\0\0\0\x04"
                     "3\0\0\0\x04"
                     "n\0\0\0\x04s\0\0\0\x04");
    sbuf_reset(&b);
    uint32_t oids[] = {23, 25};
    cr_assert_eq(pgw_put_parameter_description(&b, oids, 2, NULL), 0);
    EXPECT_BYTES(&b, "t\0\0\0\x0e\0\x02\0\0\0\x17\0\0\0\x19");
    sbuf_free(&b);
}

Test(write, copy)
{
    struct sbuf b;
    sbuf_init(&b);
    int16_t fmts[] = {0, 0};
    cr_assert_eq(pgw_put_copy_in_response(&b, 0, fmts, 2, NULL), 0);
    EXPECT_BYTES(&b, "G\0\0\0\x0b\0\0\x02\0\0\0\0");
    sbuf_reset(&b);
    cr_assert_eq(pgw_put_copy_out_response(&b, 0, fmts, 2, NULL), 0);
    EXPECT_BYTES(&b, "H\0\0\0\x0b\0\0\x02\0\0\0\0");
    sbuf_reset(&b);
    cr_assert_eq(pgw_put_copy_data(&b, "1\tx\n", 4, NULL), 0);
    pgw_put_copy_done(&b);
    EXPECT_BYTES(&b, "d\0\0\0\x08"
                     "1\tx\nc\0\0\0\x04");
    sbuf_free(&b);
}

Test(write, error_and_notice)
{
    struct sbuf b;
    sbuf_init(&b);
    struct pgw_notice n = {
        .severity = "ERROR",
        .sqlstate = "42601",
        .message = "syntax error at or near \"SELEC\"",
        .position = 1,
    };
    cr_assert_eq(pgw_put_error(&b, &n, NULL), 0);
    EXPECT_BYTES(&b,
                 "E\0\0\0\x3eSERROR\0VERROR\0C42601\0Msyntax error at or near \"SELEC\"\0P1\0\0");
    sbuf_reset(&b);
    struct pgw_notice w = {.severity = "NOTICE",
                           .sqlstate = "00000",
                           .message = "m",
                           .detail = "d",
                           .hint = "h",
                           .schema = "public",
                           .table = "t",
                           .line = 7};
    cr_assert_eq(pgw_put_notice(&b, &w, NULL), 0);
    EXPECT_BYTES(&b, "N\0\0\0\x33SNOTICE\0VNOTICE\0C00000\0Mm\0Dd\0Hh\0spublic\0tt\0L7\0\0");
    sbuf_reset(&b);
    struct err src = {0};
    err_set_state(&src, ERR_INVAL, "08P01", "invalid message length");
    cr_assert_eq(pgw_put_error_from_err(&b, "FATAL", &src, NULL), 0);
    EXPECT_BYTES(&b, "E\0\0\0\x32SFATAL\0VFATAL\0C08P01\0Minvalid message length\0\0");
    sbuf_free(&b);
}

Test(write, limits_leave_the_buffer_unchanged)
{
    struct sbuf b;
    struct err e = {0};
    sbuf_init(&b);
    pgw_put_ready_for_query(&b, 'I');
    size_t before = b.len;
    struct pgw_field *many = calloc(40000, sizeof(*many));
    for (int i = 0; i < 40000; i++)
        many[i].name = "c";
    cr_expect_eq(pgw_put_row_description(&b, many, 40000, &e), ERR_LIMIT);
    expect_state(&e, "54000", NULL);
    cr_expect_eq(b.len, before);
    free(many);
    /* A row of more than 1 GiB: refused before anything is copied. */
    struct pgw_value huge[] = {{(const uint8_t *)"x", 0x7fffffff}};
    cr_expect_eq(pgw_put_data_row(&b, huge, 1, &e), ERR_LIMIT);
    cr_expect_eq(b.len, before);
    struct pgw_value bad[] = {{NULL, -5}};
    cr_expect_lt(pgw_put_data_row(&b, bad, 1, &e), 0);
    cr_expect_eq(b.len, before);
    /* pgw_put_end on a custom message. */
    size_t at = pgw_put_begin(&b, 'D');
    pgw_put_int16(&b, 1);
    pgw_put_int32(&b, 2);
    sbuf_puts(&b, "ok");
    cr_assert_eq(pgw_put_end(&b, at, &e), 0);
    cr_expect_eq(memcmp(b.data + before, "D\0\0\0\x0c\0\x01\0\0\0\x02ok", 13), 0);
    sbuf_free(&b);
}
