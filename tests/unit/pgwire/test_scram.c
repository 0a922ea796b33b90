/* test_scram.c — SCRAM-SHA-256: RFC 7677's vector, failures, mock
 * authentication, secrets, SASLprep, and an end-to-end exchange against a
 * client written here with OpenSSL's primitives. */
#include "pgwire/scram.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "pgwire/proto.h"

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

/* RFC 7677 §3. */
#define RFC_PASSWORD     "pencil"
#define RFC_SALT         "W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC_CLIENT_FIRST "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
#define RFC_SNONCE       "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_NONCE        "rOprNGfwEbeRWgbNEkqO" RFC_SNONCE
#define RFC_SERVER_FIRST "r=" RFC_NONCE ",s=" RFC_SALT ",i=4096"
#define RFC_PROOF        "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC_CLIENT_FINAL "c=biws,r=" RFC_NONCE ",p=" RFC_PROOF
#define RFC_SERVER_FINAL "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

/* Secrets made by PostgreSQL 15.20 (CREATE ROLE ... PASSWORD with
 * password_encryption = scram-sha-256), for passwords exercising SASLprep. */
static const struct {
    const char *password;
    const char *secret;
} pg_secrets[] = {
    {"pencil", "SCRAM-SHA-256$4096:iwWv+xzC0FeDSehY2aTqbA==$BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57q"
               "ns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0="},
    {"p\xc3\xa4ssw\xc3\xb6rd", /* pässwörd: NFC already */
     "SCRAM-SHA-256$4096:MbM0HpdxS+gHpmqwXbaBfg==$T709QTcEBM00g0LgJcQjJryYpNRKpHaQSHYrIbtvjkk=:"
     "4SmNCAzkIV0PPc9lrxorFkuGFgJzDh+bt/H2Q1LIk5o="},
    {"a\xc2\xa0"
     "b", /* NO-BREAK SPACE is mapped to a space */
     "SCRAM-SHA-256$4096:JqSgU3ecSgMvmYCEJmqV0Q==$vw2Tvb0alZyNkvBZ8bJ87WyUF1BEmITmILutSASgmyA=:"
     "wo6qbMS+ZDPBKmyV2tu7aubpkAItaYip90Fhhj4/TmU="},
    {"x\xc2\xadyz", /* SOFT HYPHEN is mapped to nothing */
     "SCRAM-SHA-256$4096:QB3ZpfCTQ5DoyAneoCJ5oA==$+KqJV9dlYHGGPeiY4olNZVihV9ht2EM4dQ8HZDcj8+U=:"
     "yFpmyDbSoVrVT8ZBYDsVzM4BmLt1oECfV8J4E7j1lso="},
    {"\xc2\x80"
     "abc\xc3\xa9", /* U+0080 is prohibited: SASLprep fails, raw bytes */
     "SCRAM-SHA-256$4096:zwdjcZJ8gCfE1emwmvuMwQ==$tFyk+NE6Sk9Ur1/BG7A2h+sbVqtVptVH/edcFdZp3x4=:"
     "izi8JZ2MD5nqxxgn7sRmZfd6vJ2pQKvEwj2JIWXt+7E="},
    {"a\tb", /* ASCII: used as is, control characters too */
     "SCRAM-SHA-256$4096:gUQ5JD/qCzSTmA23emgFjQ==$NiDsOjfb/ZyWqwoMDlnz9YkuI3dJUS5HumhpvMw2uf8=:"
     "7As+OMKf35ovSb29Ui+/Ew6HjD8CAik4fCI1SJW6w5I="},
    {"\xe4\xb8\xad\xe6\x96\x87\xea\xb0\x80\xe3\x81\x82", /* 中文가あ */
     "SCRAM-SHA-256$4096:kEsUcL8C3zmgks7yE5oD2w==$QQzdd9jkKJqtG5uVpiVYdhaZSXIQLbXhEir6cgbSc2s=:"
     "ZIih5PSbDZ4LOgzu/trSCHczOaSgf7fFH3yr93Oy3HU="},
};

static const uint8_t mock_key[32] = "0123456789abcdef0123456789abcde";

/* A deterministic random source: a counter. */
static int counter_rand(void *arg, void *buf, size_t n)
{
    unsigned *c = arg;
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)buf)[i] = (uint8_t)((*c)++);
    return 0;
}

static int failing_rand(void *arg, void *buf, size_t n)
{
    (void)arg;
    (void)buf;
    (void)n;
    return ERR_IO;
}

static char *rfc_secret(const char *password)
{
    uint8_t salt[32];
    long n = pgw_b64_decode(RFC_SALT, strlen(RFC_SALT), salt, sizeof(salt));
    cr_assert_eq(n, 16);
    struct pgw_scram_verifier v;
    struct err e = {0};
    cr_assert_eq(pgw_scram_derive(password, salt, (size_t)n, 4096, &v, &e), 0, "%s", e.msg);
    struct sbuf b;
    sbuf_init(&b);
    pgw_scram_format_secret(&v, &b);
    return sbuf_detach(&b);
}

struct fixture {
    struct mem_ctx *ctx;
    struct pgw_scram *s;
    struct sbuf out;
    struct err e;
};

static void fx_open(struct fixture *f, const char *user, const char *secret, const void *cbind,
                    size_t cbind_len)
{
    memset(f, 0, sizeof(*f));
    f->ctx = mem_ctx_new(NULL, "scram test");
    struct pgw_scram_config cfg = {
        .user = user,
        .secret = secret,
        .mock_key = mock_key,
        .mock_key_len = sizeof(mock_key),
        .cbind_data = cbind,
        .cbind_len = cbind_len,
    };
    f->s = pgw_scram_new(f->ctx, &cfg);
    sbuf_init(&f->out);
}

static void fx_close(struct fixture *f)
{
    sbuf_free(&f->out);
    mem_ctx_free(f->ctx);
}

static int fx_step(struct fixture *f, const char *msg)
{
    return pgw_scram_step(f->s, msg, strlen(msg), &f->out, &f->e);
}

/* RFC exchange up to server-first with the RFC's server nonce. */
static void rfc_first(struct fixture *f, const char *secret)
{
    fx_open(f, "user", secret, NULL, 0);
    pgw__scram_set_server_nonce(f->s, RFC_SNONCE);
    cr_assert_eq(pgw_scram_select(f->s, PGW_SCRAM_MECH, &f->e), 0);
    cr_assert_eq(fx_step(f, RFC_CLIENT_FIRST), PGW_SCRAM_STEP_CONTINUE, "%s", f->e.msg);
}

static void expect_auth_failed(struct fixture *f, int rc, const char *detail)
{
    cr_expect_eq(rc, ERR_INVAL);
    cr_expect_str_eq(f->e.sqlstate, "28P01");
    cr_expect_str_eq(f->e.msg, "password authentication failed for user \"user\"");
    cr_expect_eq(pgw_scram_state(f->s), PGW_SCRAM_FAILED);
    if (detail != NULL)
        cr_expect(strstr(pgw_scram_detail(f->s), detail) != NULL, "detail: %s",
                  pgw_scram_detail(f->s));
    cr_expect_eq(f->out.len, 0, "nothing to send but the error");
}

/* ------------------------------------------------------------------------ */

Test(scram, rfc7677_vector)
{
    struct fixture f;
    char *secret = rfc_secret(RFC_PASSWORD);
    rfc_first(&f, secret);
    cr_expect_str_eq(f.out.data, RFC_SERVER_FIRST);
    cr_expect_eq(pgw_scram_state(f.s), PGW_SCRAM_SERVER_FIRST);
    cr_assert_eq(fx_step(&f, RFC_CLIENT_FINAL), PGW_SCRAM_STEP_DONE, "%s / %s", f.e.msg,
                 pgw_scram_detail(f.s));
    cr_expect_str_eq(f.out.data, RFC_SERVER_FINAL);
    cr_expect_eq(pgw_scram_state(f.s), PGW_SCRAM_SUCCEEDED);
    cr_expect_str_eq(pgw_scram_detail(f.s), "");
    /* Nothing more may follow; the state stays. */
    cr_expect_lt(fx_step(&f, "x"), 0);
    cr_expect_eq(pgw_scram_state(f.s), PGW_SCRAM_SUCCEEDED);
    fx_close(&f);
    free(secret);
}

Test(scram, wrong_password_fails_at_the_end)
{
    struct fixture f;
    char *secret = rfc_secret("pencil2");
    rfc_first(&f, secret);
    cr_expect_str_eq(f.out.data, RFC_SERVER_FIRST, "server-first does not depend on the password");
    expect_auth_failed(&f, fx_step(&f, RFC_CLIENT_FINAL), "proof does not match");
    /* Sticky. */
    int rc = fx_step(&f, RFC_CLIENT_FINAL);
    cr_expect_eq(rc, ERR_INVAL);
    cr_expect_str_eq(f.e.sqlstate, "28P01");
    fx_close(&f);
    free(secret);
}

Test(scram, tampered_proof)
{
    struct fixture f;
    char *secret = rfc_secret(RFC_PASSWORD);
    rfc_first(&f, secret);
    /* Same length, one byte of the proof changed (still valid base64). */
    char msg[] = "c=biws,r=" RFC_NONCE ",p=" RFC_PROOF;
    char *p = strstr(msg, ",p=") + 3;
    p[5] = p[5] == 'A' ? 'B' : 'A';
    expect_auth_failed(&f, fx_step(&f, msg), "proof does not match");
    fx_close(&f);
    free(secret);
}

Test(scram, tampered_nonce)
{
    struct fixture f;
    char *secret = rfc_secret(RFC_PASSWORD);
    rfc_first(&f, secret);
    expect_auth_failed(&f, fx_step(&f, "c=biws,r=" RFC_NONCE "x,p=" RFC_PROOF),
                       "nonce does not match");
    fx_close(&f);
    free(secret);
    /* A nonce that is a prefix of ours is no better. */
    secret = rfc_secret(RFC_PASSWORD);
    rfc_first(&f, secret);
    expect_auth_failed(&f, fx_step(&f, "c=biws,r=rOprNGfwEbeRWgbNEkqO,p=" RFC_PROOF),
                       "nonce does not match");
    fx_close(&f);
    free(secret);
}

Test(scram, tampered_channel_binding)
{
    struct fixture f;
    char *secret = rfc_secret(RFC_PASSWORD);
    rfc_first(&f, secret);
    /* "eSws" is "y,," but the client said "n,,". */
    expect_auth_failed(&f, fx_step(&f, "c=eSws,r=" RFC_NONCE ",p=" RFC_PROOF), "channel binding");
    fx_close(&f);
    free(secret);
}

Test(scram, extensions_in_client_final_are_ignored_but_signed)
{
    /* An extension changes client-final-without-proof, so the RFC proof no
     * longer matches: the message parses, authentication fails. */
    struct fixture f;
    char *secret = rfc_secret(RFC_PASSWORD);
    rfc_first(&f, secret);
    expect_auth_failed(&f, fx_step(&f, "c=biws,r=" RFC_NONCE ",x=ext,p=" RFC_PROOF),
                       "proof does not match");
    fx_close(&f);
    free(secret);
}

Test(scram, no_initial_response)
{
    struct fixture f;
    char *secret = rfc_secret(RFC_PASSWORD);
    fx_open(&f, "user", secret, NULL, 0);
    pgw__scram_set_server_nonce(f.s, RFC_SNONCE);
    cr_assert_eq(pgw_scram_select(f.s, PGW_SCRAM_MECH, &f.e), 0);
    cr_expect_eq(pgw_scram_step(f.s, NULL, 0, &f.out, &f.e), PGW_SCRAM_STEP_CONTINUE);
    cr_expect_eq(f.out.len, 0, "an empty SASLContinue asks for client-first");
    cr_expect_eq(pgw_scram_state(f.s), PGW_SCRAM_INIT);
    cr_expect_eq(fx_step(&f, RFC_CLIENT_FIRST), PGW_SCRAM_STEP_CONTINUE);
    cr_expect_str_eq(f.out.data, RFC_SERVER_FIRST);
    cr_expect_eq(fx_step(&f, RFC_CLIENT_FINAL), PGW_SCRAM_STEP_DONE);
    cr_expect_str_eq(f.out.data, RFC_SERVER_FINAL);
    fx_close(&f);
    free(secret);
}

/* ------------------------------------------------------------------------ */
/* Mock authentication                                                       */

static void mock_server_first(const char *user, const void *key, size_t klen, const char *secret,
                              char *out, size_t cap)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "mock");
    struct pgw_scram_config cfg = {
        .user = user, .secret = secret, .mock_key = key, .mock_key_len = klen};
    struct pgw_scram *s = pgw_scram_new(ctx, &cfg);
    struct sbuf o;
    struct err e = {0};
    sbuf_init(&o);
    pgw__scram_set_server_nonce(s, "SN");
    cr_assert_eq(pgw_scram_select(s, PGW_SCRAM_MECH, &e), 0);
    cr_assert_eq(pgw_scram_step(s, "n,,n=,r=CN", 10, &o, &e), PGW_SCRAM_STEP_CONTINUE, "%s", e.msg);
    snprintf(out, cap, "%s", o.data);
    sbuf_free(&o);
    mem_ctx_free(ctx);
}

Test(scram, mock_salt_is_deterministic_per_user_and_key)
{
    char a[256], b[256], c[256], d[256];
    mock_server_first("alice", mock_key, sizeof(mock_key), NULL, a, sizeof(a));
    mock_server_first("alice", mock_key, sizeof(mock_key), NULL, b, sizeof(b));
    mock_server_first("bob", mock_key, sizeof(mock_key), NULL, c, sizeof(c));
    mock_server_first("alice", "other key", 9, NULL, d, sizeof(d));
    cr_expect_str_eq(a, b, "same user, same key: same salt, as for a real role");
    cr_expect_str_neq(a, c);
    cr_expect_str_neq(a, d);
    /* Shaped like a real server-first: 16-byte salt, 4096 iterations. */
    cr_expect(strncmp(a, "r=CNSN,s=", 9) == 0, "%s", a);
    cr_expect_eq(strlen(a), strlen("r=CNSN,s=") + 24 + strlen(",i=4096"), "%s", a);
    cr_expect(strstr(a, ",i=4096") != NULL);
    /* Without a key: a per-process key, still deterministic. */
    mock_server_first("alice", NULL, 0, NULL, c, sizeof(c));
    mock_server_first("alice", NULL, 0, NULL, d, sizeof(d));
    cr_expect_str_eq(c, d);
    /* A role whose secret is not SCRAM gets the same mock salt. */
    mock_server_first("alice", mock_key, sizeof(mock_key), "md5abcdef", b, sizeof(b));
    cr_expect_str_eq(a, b);
}

Test(scram, unknown_user_fails_only_at_the_end)
{
    struct fixture f;
    fx_open(&f, "user", NULL, NULL, 0);
    pgw__scram_set_server_nonce(f.s, RFC_SNONCE);
    cr_assert_eq(pgw_scram_select(f.s, PGW_SCRAM_MECH, &f.e), 0);
    cr_assert_eq(fx_step(&f, RFC_CLIENT_FIRST), PGW_SCRAM_STEP_CONTINUE);
    cr_expect(strncmp(f.out.data, "r=" RFC_NONCE ",s=", strlen("r=" RFC_NONCE ",s=")) == 0);
    sbuf_reset(&f.out);
    expect_auth_failed(&f, fx_step(&f, RFC_CLIENT_FINAL), "does not exist");
    fx_close(&f);

    fx_open(&f, "user", "SCRAM-SHA-256$4096:broken", NULL, 0);
    cr_assert_eq(pgw_scram_select(f.s, PGW_SCRAM_MECH, &f.e), 0);
    cr_assert_eq(fx_step(&f, RFC_CLIENT_FIRST), PGW_SCRAM_STEP_CONTINUE);
    char final[256];
    /* Echo the nonce we were given, so only the secret is wrong. */
    const char *r = f.out.data + 2;
    size_t rn = (size_t)(strchr(r, ',') - r);
    snprintf(final, sizeof(final), "c=biws,r=%.*s,p=%s", (int)rn, r, RFC_PROOF);
    expect_auth_failed(&f, fx_step(&f, final), "does not have a valid SCRAM secret");
    fx_close(&f);
}

/* ------------------------------------------------------------------------ */
/* Malformed messages: 08P01 / 0A000 immediately                             */

static void expect_first_refused(const char *mech, const void *cbind, size_t cblen, const char *msg,
                                 size_t len, const char *sqlstate, const char *what)
{
    struct fixture f;
    fx_open(&f, "user", NULL, cbind, cblen);
    cr_assert_eq(pgw_scram_select(f.s, mech, &f.e), 0, "%s", f.e.msg);
    int rc = pgw_scram_step(f.s, msg, len, &f.out, &f.e);
    cr_expect_lt(rc, 0, "%s accepted", what);
    cr_expect_str_eq(err_sqlstate(&f.e), sqlstate, "%s: %s %s", what, f.e.msg,
                     pgw_scram_detail(f.s));
    cr_expect_eq(pgw_scram_state(f.s), PGW_SCRAM_FAILED);
    fx_close(&f);
}

#define REFUSE(msg, state) \
    expect_first_refused(PGW_SCRAM_MECH, NULL, 0, msg, strlen(msg), state, msg)

Test(scram, malformed_client_first)
{
    REFUSE("x,,n=,r=abc", "08P01");
    REFUSE("n", "08P01");
    REFUSE("n,", "08P01");
    REFUSE("n,,", "08P01");
    REFUSE("n;,n=,r=abc", "08P01");
    REFUSE("n,b,n=,r=abc", "08P01");
    REFUSE("n,a=admin,n=,r=abc", "0A000");
    REFUSE("n,,m=ext,n=,r=abc", "0A000");
    REFUSE("n,,r=abc", "08P01");
    REFUSE("n,,n=", "08P01");
    REFUSE("n,,n=,r", "08P01");
    REFUSE("n,,n=,r=", "08P01");
    REFUSE("n,,n=,x=abc", "08P01");
    REFUSE("n,,n=,r=a b", "08P01");
    REFUSE("n,,n=,r=a\x7f", "08P01");
    REFUSE("n,,n=,r=abc,1=x", "08P01");
    REFUSE("n,,n=,r=abc,x", "08P01");
    REFUSE("p=tls-server-end-point,,n=,r=abc", "08P01"); /* cbind data without -PLUS */
    expect_first_refused(PGW_SCRAM_MECH, NULL, 0, "", 0, "08P01", "empty");
    expect_first_refused(PGW_SCRAM_MECH, NULL, 0, "n,,n=,r=a\0bc", 11, "08P01", "NUL");
}

Test(scram, extensions_in_client_first_are_ignored)
{
    struct fixture f;
    fx_open(&f, "user", NULL, NULL, 0);
    cr_assert_eq(pgw_scram_select(f.s, PGW_SCRAM_MECH, &f.e), 0);
    cr_expect_eq(fx_step(&f, "n,,n=someone,r=abc,x=1,Y=2"), PGW_SCRAM_STEP_CONTINUE, "%s",
                 pgw_scram_detail(f.s));
    fx_close(&f);
}

Test(scram, channel_binding_negotiation)
{
    uint8_t cb[32];
    memset(cb, 7, sizeof(cb));
    /* The client could bind but thinks we cannot, while we can: downgrade. */
    expect_first_refused(PGW_SCRAM_MECH, cb, sizeof(cb), "y,,n=,r=abc", 11, "08P01", "y with TLS");
    /* Without TLS "y" is fine. */
    struct fixture f;
    fx_open(&f, "user", NULL, NULL, 0);
    cr_assert_eq(pgw_scram_select(f.s, PGW_SCRAM_MECH, &f.e), 0);
    cr_expect_eq(fx_step(&f, "y,,n=,r=abc"), PGW_SCRAM_STEP_CONTINUE);
    fx_close(&f);
    /* -PLUS chosen, but no binding in the message. */
    expect_first_refused(PGW_SCRAM_MECH_PLUS, cb, sizeof(cb), "n,,n=,r=abc", 11, "08P01",
                         "PLUS with n");
    /* Only tls-server-end-point. */
    expect_first_refused(PGW_SCRAM_MECH_PLUS, cb, sizeof(cb), "p=tls-unique,,n=,r=abc", 22, "08P01",
                         "tls-unique");
}

Test(scram, malformed_client_final)
{
    static const char *bad[] = {
        "",
        "r=" RFC_NONCE ",p=" RFC_PROOF,               /* no c= */
        "c=biws",                                     /* no r= */
        "c=biws,r=" RFC_NONCE,                        /* no proof */
        "c=biws,r=" RFC_NONCE ",p=abc",               /* proof not base64 of 32 bytes */
        "c=biws,r=" RFC_NONCE ",p=" RFC_PROOF ",x=1", /* after the proof */
        "c=biws,r=" RFC_NONCE ",p=" RFC_PROOF "AAAA", /* proof too long */
        "c=biws,r=" RFC_NONCE ",1=x,p=" RFC_PROOF,    /* bad attribute */
        "c=biws,r=" RFC_NONCE ",p" RFC_PROOF,         /* no '=' */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct fixture f;
        char *secret = rfc_secret(RFC_PASSWORD);
        rfc_first(&f, secret);
        int rc = fx_step(&f, bad[i]);
        cr_expect_eq(rc, ERR_INVAL, "[%zu] accepted", i);
        cr_expect_str_eq(f.e.sqlstate, "08P01", "[%zu] %s", i, f.e.msg);
        cr_expect_str_eq(f.e.msg, "malformed SCRAM message", "[%zu]", i);
        cr_expect_neq(pgw_scram_detail(f.s)[0], '\0', "[%zu] has a detail", i);
        fx_close(&f);
        free(secret);
    }
}

Test(scram, mechanism_selection)
{
    struct fixture f;
    const char *m[2];
    uint8_t cb[32] = {1};

    fx_open(&f, "user", NULL, NULL, 0);
    cr_expect_eq(pgw_scram_mechanisms(f.s, m), 1);
    cr_expect_str_eq(m[0], "SCRAM-SHA-256");
    cr_expect_lt(pgw_scram_select(f.s, PGW_SCRAM_MECH_PLUS, &f.e), 0, "not offered without TLS");
    cr_expect_str_eq(f.e.sqlstate, "08P01");
    cr_expect_str_eq(f.e.msg, "client selected an invalid SASL authentication mechanism");
    fx_close(&f);

    fx_open(&f, "user", NULL, cb, sizeof(cb));
    cr_expect_eq(pgw_scram_mechanisms(f.s, m), 2);
    cr_expect_str_eq(m[0], "SCRAM-SHA-256-PLUS");
    cr_expect_str_eq(m[1], "SCRAM-SHA-256");
    cr_expect_lt(pgw_scram_select(f.s, "SCRAM-SHA-1", &f.e), 0);
    fx_close(&f);

    fx_open(&f, "user", NULL, NULL, 0);
    cr_expect_lt(fx_step(&f, RFC_CLIENT_FIRST), 0, "no mechanism selected");
    fx_close(&f);
}

Test(scram, random_source_failure)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "t");
    struct pgw_scram_config cfg = {.user = "u", .rng = {failing_rand, NULL}};
    struct pgw_scram *s = pgw_scram_new(ctx, &cfg);
    struct sbuf o;
    struct err e = {0};
    sbuf_init(&o);
    cr_assert_eq(pgw_scram_select(s, PGW_SCRAM_MECH, &e), 0);
    cr_expect_lt(pgw_scram_step(s, "n,,n=,r=abc", 11, &o, &e), 0);
    cr_expect_eq(pgw_scram_state(s), PGW_SCRAM_FAILED);
    cr_expect_lt(pgw_scram_make_secret("pw", &cfg.rng, &o, &e), 0);
    sbuf_free(&o);
    mem_ctx_free(ctx);
}

/* ------------------------------------------------------------------------ */
/* End to end against a client written with OpenSSL                         */

struct client {
    const char *password;
    char nonce[64];
    char first_bare[128];
    char gs2[64];
    uint8_t cbind[64];
    size_t cbind_len;
    uint8_t server_key[32];
    char auth_message[1024];
};

static void hmac(const void *k, size_t kl, const void *d, size_t dl, uint8_t out[32])
{
    unsigned int n = 32;
    cr_assert(HMAC(EVP_sha256(), k, (int)kl, d, dl, out, &n) != NULL);
}

static void b64(const void *p, size_t n, char *out, size_t cap)
{
    struct sbuf b;
    sbuf_init(&b);
    pgw_b64_encode(p, n, &b);
    cr_assert_lt(b.len, cap);
    memcpy(out, b.data, b.len + 1);
    sbuf_free(&b);
}

static void client_first_msg(struct client *c, char *out, size_t cap)
{
    uint8_t raw[18];
    cr_assert_eq(RAND_bytes(raw, sizeof(raw)), 1);
    b64(raw, sizeof(raw), c->nonce, sizeof(c->nonce));
    snprintf(c->first_bare, sizeof(c->first_bare), "n=,r=%s", c->nonce);
    snprintf(out, cap, "%s%s", c->gs2, c->first_bare);
}

/* RFC 5802 §3 from the client's side. */
static void client_final_msg(struct client *c, const char *server_first, char *out, size_t cap)
{
    char r[128], s64[128];
    int iters = 0;
    cr_assert_eq(sscanf(server_first, "r=%127[^,],s=%127[^,],i=%d", r, s64, &iters), 3, "%s",
                 server_first);
    cr_assert(strncmp(r, c->nonce, strlen(c->nonce)) == 0, "server nonce extends ours");
    uint8_t salt[64];
    long sl = pgw_b64_decode(s64, strlen(s64), salt, sizeof(salt));
    cr_assert_gt(sl, 0);

    uint8_t salted[32], ckey[32], stored[32], csig[32], proof[32];
    cr_assert_eq(PKCS5_PBKDF2_HMAC(c->password, (int)strlen(c->password), salt, (int)sl, iters,
                                   EVP_sha256(), 32, salted),
                 1);
    hmac(salted, 32, "Client Key", 10, ckey);
    SHA256(ckey, 32, stored);
    hmac(salted, 32, "Server Key", 10, c->server_key);

    uint8_t cbin[128];
    size_t gl = strlen(c->gs2);
    memcpy(cbin, c->gs2, gl);
    memcpy(cbin + gl, c->cbind, c->cbind_len);
    char cb64[256], p64[64];
    b64(cbin, gl + c->cbind_len, cb64, sizeof(cb64));
    char without_proof[512];
    snprintf(without_proof, sizeof(without_proof), "c=%s,r=%s", cb64, r);
    snprintf(c->auth_message, sizeof(c->auth_message), "%s,%s,%s", c->first_bare, server_first,
             without_proof);
    hmac(stored, 32, c->auth_message, strlen(c->auth_message), csig);
    for (int i = 0; i < 32; i++)
        proof[i] = ckey[i] ^ csig[i];
    b64(proof, 32, p64, sizeof(p64));
    snprintf(out, cap, "%s,p=%s", without_proof, p64);
}

static bool client_check_server_final(struct client *c, const char *server_final)
{
    uint8_t sig[32];
    char want[64];
    hmac(c->server_key, 32, c->auth_message, strlen(c->auth_message), sig);
    b64(sig, 32, want, sizeof(want));
    return strncmp(server_final, "v=", 2) == 0 && strcmp(server_final + 2, want) == 0;
}

/* Run one exchange; returns the last step's result. */
static int end_to_end(const char *stored_pw, const char *client_pw, const char *mech,
                      const void *server_cb, const void *client_cb, size_t cblen, const char *gs2,
                      bool *server_verified)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "e2e");
    struct sbuf secret, out;
    struct err e = {0};
    sbuf_init(&secret);
    sbuf_init(&out);
    cr_assert_eq(pgw_scram_make_secret(stored_pw, NULL, &secret, &e), 0, "%s", e.msg);
    struct pgw_scram_config cfg = {
        .user = "user", .secret = secret.data, .cbind_data = server_cb, .cbind_len = cblen};
    struct pgw_scram *s = pgw_scram_new(ctx, &cfg);
    struct client c = {.password = client_pw, .cbind_len = client_cb ? cblen : 0};
    snprintf(c.gs2, sizeof(c.gs2), "%s", gs2);
    if (client_cb)
        memcpy(c.cbind, client_cb, cblen);

    char msg[1024];
    cr_assert_eq(pgw_scram_select(s, mech, &e), 0, "%s", e.msg);
    client_first_msg(&c, msg, sizeof(msg));
    cr_assert_eq(pgw_scram_step(s, msg, strlen(msg), &out, &e), PGW_SCRAM_STEP_CONTINUE, "%s %s",
                 e.msg, pgw_scram_detail(s));
    client_final_msg(&c, out.data, msg, sizeof(msg));
    int rc = pgw_scram_step(s, msg, strlen(msg), &out, &e);
    *server_verified = rc == PGW_SCRAM_STEP_DONE && client_check_server_final(&c, out.data);
    sbuf_free(&secret);
    sbuf_free(&out);
    mem_ctx_free(ctx);
    return rc;
}

Test(scram, end_to_end_with_openssl_client)
{
    bool verified;
    cr_expect_eq(end_to_end("s3cret!", "s3cret!", PGW_SCRAM_MECH, NULL, NULL, 0, "n,,", &verified),
                 PGW_SCRAM_STEP_DONE);
    cr_expect(verified, "the client accepts the server signature");
    cr_expect_eq(end_to_end("s3cret!", "s3cret?", PGW_SCRAM_MECH, NULL, NULL, 0, "n,,", &verified),
                 ERR_INVAL);
    cr_expect_not(verified);
    cr_expect_eq(end_to_end("s3cret!", "s3cret!", PGW_SCRAM_MECH, NULL, NULL, 0, "y,,", &verified),
                 PGW_SCRAM_STEP_DONE);
    cr_expect(verified);
}

Test(scram, end_to_end_with_channel_binding)
{
    bool verified;
    uint8_t cert_hash[32], other[32];
    for (int i = 0; i < 32; i++) {
        cert_hash[i] = (uint8_t)(i * 7 + 1);
        other[i] = (uint8_t)(i * 7 + 2);
    }
    cr_expect_eq(end_to_end("pw", "pw", PGW_SCRAM_MECH_PLUS, cert_hash, cert_hash, 32,
                            "p=tls-server-end-point,,", &verified),
                 PGW_SCRAM_STEP_DONE);
    cr_expect(verified);
    /* A man in the middle terminates TLS with another certificate. */
    cr_expect_eq(end_to_end("pw", "pw", PGW_SCRAM_MECH_PLUS, cert_hash, other, 32,
                            "p=tls-server-end-point,,", &verified),
                 ERR_INVAL);
    cr_expect_not(verified);
    /* TLS without -PLUS, client says it does not bind: fine. */
    cr_expect_eq(end_to_end("pw", "pw", PGW_SCRAM_MECH, cert_hash, NULL, 32, "n,,", &verified),
                 PGW_SCRAM_STEP_DONE);
    cr_expect(verified);
}

/* ------------------------------------------------------------------------ */
/* Secrets                                                                   */

Test(secret, format_parse_round_trip)
{
    unsigned ctr = 0;
    struct pgw_rand rng = {counter_rand, &ctr};
    struct sbuf s, again;
    struct err e = {0};
    struct pgw_scram_verifier v;
    sbuf_init(&s);
    sbuf_init(&again);
    cr_assert_eq(pgw_scram_make_secret("hunter2", &rng, &s, &e), 0, "%s", e.msg);
    /* Salt 00 01 .. 0f from the counter. */
    cr_expect(strncmp(s.data, "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$", 43) == 0, "%s",
              s.data);
    cr_assert_eq(pgw_scram_parse_secret(s.data, &v, &e), 0, "%s", e.msg);
    cr_expect_eq(v.iterations, 4096);
    cr_expect_eq(v.salt_len, 16);
    pgw_scram_format_secret(&v, &again);
    cr_expect_str_eq(again.data, s.data);
    cr_expect(pgw_scram_verify_plain("hunter2", &v));
    cr_expect_not(pgw_scram_verify_plain("hunter3", &v));
    cr_expect_not(pgw_scram_verify_plain("", &v));
    /* Random salts differ. */
    sbuf_reset(&again);
    cr_assert_eq(pgw_scram_make_secret("hunter2", NULL, &again, &e), 0);
    cr_expect_str_neq(again.data, s.data);
    sbuf_free(&s);
    sbuf_free(&again);
}

Test(secret, made_by_postgresql)
{
    struct err e = {0};
    struct sbuf s;
    sbuf_init(&s);
    for (size_t i = 0; i < sizeof(pg_secrets) / sizeof(pg_secrets[0]); i++) {
        struct pgw_scram_verifier v;
        cr_assert_eq(pgw_scram_parse_secret(pg_secrets[i].secret, &v, &e), 0, "[%zu] %s", i, e.msg);
        cr_expect(pgw_scram_verify_plain(pg_secrets[i].password, &v), "[%zu] password matches", i);
        cr_expect_not(pgw_scram_verify_plain("pencil!", &v), "[%zu]", i);
        /* Same salt and iterations: we derive the same secret. */
        struct pgw_scram_verifier mine;
        cr_assert_eq(
            pgw_scram_derive(pg_secrets[i].password, v.salt, v.salt_len, v.iterations, &mine, &e),
            0, "[%zu] %s", i, e.msg);
        sbuf_reset(&s);
        pgw_scram_format_secret(&mine, &s);
        cr_expect_str_eq(s.data, pg_secrets[i].secret, "[%zu]", i);
    }
    sbuf_free(&s);
}

Test(secret, invalid)
{
    static const char *bad[] = {
        "",
        "md5c2b9f1d4b7d0b6fd1e8a1e9c0e3f0a1b",
        "SCRAM-SHA-1$4096:AAAA$AAAA:AAAA",
        "SCRAM-SHA-256$",
        "SCRAM-SHA-256$4096",
        "SCRAM-SHA-256$0:AAECAwQFBgcICQoLDA0ODw==$" /* iterations 0 */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$-1:AAECAwQFBgcICQoLDA0ODw==$"
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$99999999999:AAECAwQFBgcICQoLDA0ODw==$"
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$40x6:AAECAwQFBgcICQoLDA0ODw==$"
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$4096:$" /* empty salt */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw=$" /* bad padding */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$" /* 31-byte stored key */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6EA==:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/eFkW23iU0=",
        "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$" /* no server key */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=",
        "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$" /* trailing garbage */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/"
        "eFkW23iU0=x",
        "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$" /* extra field */
        "BzW0d52PCYuIMptVuO+GLdZddG8Pr8Ektx57qns6E10=:xUsFxrVFInFVsH+byERxpafV6kZCIhrT1/"
        "eFkW23iU0=:AAAA",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct pgw_scram_verifier v;
        struct err e = {0};
        cr_expect_eq(pgw_scram_parse_secret(bad[i], &v, &e), ERR_INVAL, "[%zu] %s accepted", i,
                     bad[i]);
        cr_expect(strncmp(e.msg, "invalid SCRAM secret", 20) == 0, "[%zu] %s", i, e.msg);
    }
    struct pgw_scram_verifier v;
    cr_expect_lt(pgw_scram_derive("x", (const uint8_t *)"", 0, 4096, &v, NULL), 0);
    cr_expect_lt(pgw_scram_derive("x", (const uint8_t *)"salt", 4, 0, &v, NULL), 0);
}

/* Our secrets are accepted by real PostgreSQL: checked by hand against 15.20
 * (ALTER ROLE ... PASSWORD '<secret>', then psql over scram-sha-256); see
 * src/pgwire/README.md. */

/* ------------------------------------------------------------------------ */
/* SASLprep                                                                  */

static int prep(const char *in, char *out, size_t cap)
{
    struct sbuf b;
    struct err e = {0};
    sbuf_init(&b);
    int rc = pgw_saslprep(in, &b, &e);
    snprintf(out, cap, "%s", b.data);
    sbuf_free(&b);
    return rc;
}

Test(saslprep, rules)
{
    char o[64];
    cr_expect_eq(prep("pencil", o, sizeof(o)), PGW_SASLPREP_OK);
    cr_expect_str_eq(o, "pencil");
    cr_expect_eq(prep("a\tb\x7f", o, sizeof(o)), PGW_SASLPREP_OK, "ASCII passes as is");
    cr_expect_str_eq(o, "a\tb\x7f");
    cr_expect_eq(prep("", o, sizeof(o)), PGW_SASLPREP_OK);
    cr_expect_eq(prep("a\xc2\xa0"
                      "b\xe3\x80\x80",
                      o, sizeof(o)),
                 PGW_SASLPREP_OK);
    cr_expect_str_eq(o, "a b ", "non-ASCII spaces become U+0020");
    cr_expect_eq(prep("x\xc2\xady\xef\xbb\xbfz\xe2\x80\x8b", o, sizeof(o)), PGW_SASLPREP_OK);
    cr_expect_str_eq(o, "xyz ", "soft hyphen and BOM vanish; U+200B is a space first");
    cr_expect_eq(prep("p\xc3\xa4ss", o, sizeof(o)), PGW_SASLPREP_OK);
    cr_expect_str_eq(o, "p\xc3\xa4ss");
    /* Failures use the raw password, as PostgreSQL. */
    cr_expect_eq(prep("a\xc3\x28", o, sizeof(o)), PGW_SASLPREP_RAW, "invalid UTF-8");
    cr_expect_str_eq(o, "a\xc3\x28");
    cr_expect_eq(prep("\xc2\xad", o, sizeof(o)), PGW_SASLPREP_RAW, "empty after mapping");
    cr_expect_str_eq(o, "\xc2\xad");
    cr_expect_eq(prep("\xc3\xa9\x01", o, sizeof(o)), PGW_SASLPREP_RAW, "control char, non-ASCII");
    cr_expect_eq(prep("\xc3\xa9\xee\x80\x80", o, sizeof(o)), PGW_SASLPREP_RAW, "private use");
    cr_expect_eq(prep("\xc3\xa9\xef\xbf\xbe", o, sizeof(o)), PGW_SASLPREP_RAW, "non-character");
    cr_expect_eq(prep("\xc2\xbd\xc2\x80", o, sizeof(o)), PGW_SASLPREP_RAW,
                 "prohibited wins over what we cannot normalise");
    /* What needs NFKC is refused rather than guessed. */
    cr_expect_eq(prep("\xc2\xbd", o, sizeof(o)), ERR_UNSUPPORTED, "VULGAR FRACTION ONE HALF");
    cr_expect_eq(prep("\xef\xbd\x90", o, sizeof(o)), ERR_UNSUPPORTED, "FULLWIDTH p");
    cr_expect_eq(prep("e\xcc\x81", o, sizeof(o)), ERR_UNSUPPORTED, "combining acute");
    cr_expect_eq(prep("\xd7\x90", o, sizeof(o)), ERR_UNSUPPORTED, "Hebrew: bidi rules");
    struct sbuf b;
    sbuf_init(&b);
    struct err e = {0};
    cr_expect_eq(pgw_scram_make_secret("\xc2\xbd", NULL, &b, &e), ERR_UNSUPPORTED);
    cr_expect(strstr(e.msg, "U+00BD") != NULL, "%s", e.msg);
    sbuf_free(&b);
}

/* ------------------------------------------------------------------------ */
/* Base64                                                                    */

Test(base64, rfc4648_vectors)
{
    static const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; i++) {
        struct sbuf b;
        uint8_t out[16];
        sbuf_init(&b);
        pgw_b64_encode(plain[i], strlen(plain[i]), &b);
        cr_expect_str_eq(b.data, enc[i]);
        cr_expect_eq(pgw_b64_enc_len(strlen(plain[i])), strlen(enc[i]));
        long n = pgw_b64_decode(enc[i], strlen(enc[i]), out, sizeof(out));
        cr_expect_eq(n, (long)strlen(plain[i]));
        cr_expect_eq(memcmp(out, plain[i], (size_t)n), 0);
        sbuf_free(&b);
    }
    uint8_t out[8];
    cr_expect_eq(pgw_b64_decode("Zg=", 3, out, 8), -1, "length");
    cr_expect_eq(pgw_b64_decode("Zh==", 4, out, 8), -1, "non-canonical bits");
    cr_expect_eq(pgw_b64_decode("Z===", 4, out, 8), -1, "too much padding");
    cr_expect_eq(pgw_b64_decode("Zg==Zg==", 8, out, 8), -1, "padding inside");
    cr_expect_eq(pgw_b64_decode("Z=g=", 4, out, 8), -1, "data after padding");
    cr_expect_eq(pgw_b64_decode("Zm 9", 4, out, 8), -1, "space");
    cr_expect_eq(pgw_b64_decode("Zm9vYmFy", 8, out, 5), -1, "does not fit");
}
