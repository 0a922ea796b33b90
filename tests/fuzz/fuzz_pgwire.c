/* fuzz_pgwire.c — libFuzzer target for the PostgreSQL wire decoder, the
 * message parsers and the SCRAM-SHA-256 exchange.
 *
 * Input: byte 0 picks the mode, byte 1 seeds the chunking, the rest is the
 * client's bytes.
 *   mode & 3 == 0  start-up phase, then (after an accepted StartupMessage)
 *                  the normal phase;
 *           == 1  normal phase from the first byte;
 *           == 2  authentication phase ('p' only);
 *           == 3  SCRAM: the rest, split at its first NUL, is client-first
 *                 and client-final (mode bit 2: use a fixed valid
 *                 client-first instead; bit 3: the role exists; bit 4: TLS
 *                 channel binding offered; bit 5: client picks -PLUS); the
 *                 same bytes also go through the secret parser, base64,
 *                 UTF-8 and SASLprep.
 * The bytes are fed in random chunks. Checked on the way: the decoder never
 * consumes more than it was given, a message never exceeds its limit, every
 * parsed message written back is byte for byte the message read, an error
 * is sticky, base64 decoding is the inverse of encoding, and nothing leaks.
 * Run:
 *   fuzz_pgwire -max_total_time=600 CORPUS_DIR tests/fuzz/pgwire_seeds
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "pgwire/proto.h"
#include "pgwire/scram.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_MESSAGE (1u << 20)

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* The wire form of a decoded message, rebuilt from its parts. */
static void rewire(const struct pgw_msg *m, struct sbuf *b)
{
    if (m->type >= PGW_MSG_STARTUP) {
        pgw_put_int32(b, (uint32_t)(m->len + 8));
        pgw_put_int32(b, m->code);
    } else {
        sbuf_putc(b, (char)m->type);
        pgw_put_int32(b, (uint32_t)(m->len + 4));
    }
    sbuf_append(b, m->body, m->len);
}

static size_t limit_of(const struct pgw_msg *m, enum pgw_phase phase)
{
    if (m->type >= PGW_MSG_STARTUP)
        return PGW_MAX_STARTUP_PACKET - 4;
    if (phase == PGW_PHASE_AUTH)
        return PGW_AUTH_MESSAGE_LIMIT - 4;
    if (strchr("SHXCDEcf", m->type) != NULL)
        return PGW_SMALL_MESSAGE_LIMIT - 4;
    return FUZZ_MAX_MESSAGE - 4;
}

static void check_message(const struct pgw_msg *m, struct pgw_dec *d, struct mem_ctx *ctx)
{
    struct pgw_fmsg f;
    struct err e = {0};
    struct sbuf a, b;

    if (m->len > limit_of(m, d->phase) || m->body[m->len] != 0)
        abort();
    sbuf_init(&a);
    sbuf_init(&b);
    if (pgw_msg_parse(m, ctx, &f, &e) == 0) {
        if (pgw_fmsg_write(&b, &f, &e) != 0)
            abort();
        rewire(m, &a);
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
            abort(); /* parse and write are not inverse */
        if (m->type == PGW_MSG_STARTUP) {
            size_t n;
            (void)pgw_startup_needs_negotiation(&f.u.startup, &n);
            if (d->phase == PGW_PHASE_STARTUP)
                pgw_dec_set_phase(d, PGW_PHASE_NORMAL);
        }
        if (m->type == PGW_MSG_BIND)
            for (uint16_t i = 0; i < f.u.bind.nparams; i++)
                if (pgw_bind_param_format(&f.u.bind, i) > 1)
                    abort();
    } else if (e.code == 0 || err_sqlstate(&e)[0] == '\0') {
        abort(); /* every error carries a code and a SQLSTATE */
    }
    if (m->type == PGW_MSG_PASSWORD) {
        struct pgw_password pw;
        struct pgw_sasl_initial si;
        struct pgw_sasl_response sr;
        if (pgw_parse_password(m, &pw, &e) == 0 && strlen(pw.password) != pw.len)
            abort();
        if (pgw_parse_sasl_initial(m, &si, &e) == 0 && si.len >= 0 &&
            si.data + si.len > m->body + m->len)
            abort();
        (void)pgw_parse_sasl_response(m, &sr, &e);
    }
    mem_ctx_reset(ctx);
    sbuf_free(&a);
    sbuf_free(&b);
}

static void fuzz_decoder(enum pgw_phase phase, uint32_t seed, const uint8_t *p, size_t n)
{
    struct pgw_dec d;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "fuzz msg");
    size_t off = 0;

    pgw_dec_init(&d, FUZZ_MAX_MESSAGE);
    pgw_dec_set_phase(&d, phase);
    while (off <= n) {
        uint32_t r = xorshift(&seed);
        size_t c = r % 8 == 0 ? n - off : 1 + (r >> 8) % 32;
        if (c > n - off)
            c = n - off;
        size_t at = 0;
        for (;;) {
            struct pgw_msg m;
            struct err e = {0};
            size_t used = SIZE_MAX;
            int rc = pgw_dec_next(&d, p + off + at, c - at, &used, &m, &e);
            if (used > c - at)
                abort();
            at += used;
            if (rc == 0) {
                check_message(&m, &d, ctx);
                continue;
            }
            if (rc == ERR_AGAIN) {
                if (at != c)
                    abort();
                break;
            }
            /* Broken stream: sticky, consumes nothing more. */
            struct err e2 = {0};
            if (e.code != rc || err_sqlstate(&e)[0] == '\0' ||
                pgw_dec_next(&d, p, n, &used, &m, &e2) != rc || used != 0 ||
                strcmp(e.msg, e2.msg) != 0)
                abort();
            goto out;
        }
        off += c;
        if (off == n)
            break;
    }
out:
    pgw_dec_free(&d);
    mem_ctx_free(ctx);
}

/* ------------------------------------------------------------------------ */

static int counter_rand(void *arg, void *buf, size_t n)
{
    uint8_t *c = arg;
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)buf)[i] = (*c)++;
    return 0;
}

static char fuzz_secret[256];

/* The role's secret: password "pencil", salt 16 x 0x42, 4096 iterations —
 * computed once (tests/fuzz/pgwire_seeds has exchanges that succeed). */
static const char *secret_once(void)
{
    if (fuzz_secret[0] == '\0') {
        uint8_t salt[16];
        struct pgw_scram_verifier v;
        struct sbuf b;
        memset(salt, 0x42, sizeof(salt));
        if (pgw_scram_derive("pencil", salt, sizeof(salt), 4096, &v, NULL) != 0)
            abort();
        sbuf_init(&b);
        pgw_scram_format_secret(&v, &b);
        memcpy(fuzz_secret, b.data, b.len + 1);
        sbuf_free(&b);
    }
    return fuzz_secret;
}

static void fuzz_scram(uint8_t mode, const uint8_t *p, size_t n)
{
    static const uint8_t cbind[32] = "fuzz-certificate-hash-0123456789";
    struct mem_ctx *ctx = mem_ctx_new(NULL, "fuzz scram");
    struct sbuf out;
    struct err e = {0};
    uint8_t ctr = 0;
    bool tls = mode & 16, plus = tls && (mode & 32);
    struct pgw_scram_config cfg = {
        .user = "fuzzer",
        .secret = (mode & 8) ? secret_once() : NULL,
        .mock_key = "mock",
        .mock_key_len = 4,
        .cbind_data = tls ? cbind : NULL,
        .cbind_len = tls ? sizeof(cbind) : 0,
        .rng = {counter_rand, &ctr},
    };
    struct pgw_scram *s = pgw_scram_new(ctx, &cfg);
    const uint8_t *sep = memchr(p, 0, n);
    const uint8_t *first = p, *final = NULL;
    size_t first_len = sep ? (size_t)(sep - p) : n, final_len = 0;
    if (sep != NULL) {
        final = sep + 1;
        final_len = n - first_len - 1;
    }
    if (mode & 4) {
        static const char plain[] = "n,,n=,r=fuzznonce";
        static const char bound[] = "p=tls-server-end-point,,n=,r=fuzznonce";
        first = (const uint8_t *)(plus ? bound : plain);
        first_len = plus ? sizeof(bound) - 1 : sizeof(plain) - 1;
        final = p;
        final_len = n;
    }
    sbuf_init(&out);
    if (pgw_scram_select(s, plus ? PGW_SCRAM_MECH_PLUS : PGW_SCRAM_MECH, &e) != 0)
        abort();
    int rc = pgw_scram_step(s, first, first_len, &out, &e);
    if (rc == PGW_SCRAM_STEP_CONTINUE && final != NULL) {
        rc = pgw_scram_step(s, final, final_len, &out, &e);
        if (rc == PGW_SCRAM_STEP_DONE && (!(mode & 8) || pgw_scram_state(s) != PGW_SCRAM_SUCCEEDED))
            abort(); /* success needs the real secret */
    }
    if (rc < 0 && (pgw_scram_state(s) != PGW_SCRAM_FAILED || pgw_scram_detail(s) == NULL))
        abort();
    if (rc < 0 && strcmp(err_sqlstate(&e), "28P01") == 0 &&
        strcmp(e.msg, "password authentication failed for user \"fuzzer\"") != 0)
        abort(); /* failures all look the same */
    sbuf_free(&out);
    mem_ctx_free(ctx);
}

static void fuzz_misc(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';

    struct pgw_scram_verifier v;
    struct sbuf b;
    sbuf_init(&b);
    if (pgw_scram_parse_secret(s, &v, NULL) == 0) {
        /* Canonical base64 and digits: formatting gives back the input
         * unless the iteration count had leading zeros. */
        pgw_scram_format_secret(&v, &b);
        if (s[14] != '0' && strcmp(b.data, s) != 0)
            abort();
    }
    uint8_t dec[256];
    long dn = pgw_b64_decode(s, n, dec, sizeof(dec));
    if (dn >= 0) {
        sbuf_reset(&b);
        pgw_b64_encode(dec, (size_t)dn, &b);
        if (b.len != n || memcmp(b.data, s, n) != 0)
            abort();
    }
    if (pgw_utf8_valid(p, n) != (pgw_utf8_check(p, n, NULL) == 0))
        abort();
    int rc = pgw_saslprep(s, &b, NULL);
    if (rc == PGW_SASLPREP_OK && !pgw_utf8_valid(b.data, b.len) && b.len > 0) {
        /* Prepared output is valid UTF-8 (pure ASCII may hold controls,
         * which pgw_utf8_valid accepts, but not NUL: none can occur). */
        abort();
    }
    sbuf_free(&b);
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t mode = data[0];
    uint32_t seed = (uint32_t)data[1] * 2654435761u + 1;
    const uint8_t *p = data + 2;
    size_t n = size - 2;

    switch (mode & 3) {
    case 0:
        fuzz_decoder(PGW_PHASE_STARTUP, seed, p, n);
        break;
    case 1:
        fuzz_decoder(PGW_PHASE_NORMAL, seed, p, n);
        break;
    case 2:
        fuzz_decoder(PGW_PHASE_AUTH, seed, p, n);
        break;
    default:
        fuzz_scram(mode, p, n);
        fuzz_misc(p, n);
        break;
    }
    return 0;
}
