/* scram.c — SCRAM-SHA-256 server exchange, secrets and SASLprep (see scram.h).
 *
 * The message parsing mirrors PostgreSQL's auth-scram.c
 * (read_client_first_message, read_client_final_message): each message is
 * copied into a NUL-terminated buffer of the exchange's context and cut in
 * place at the commas. Authentication failures do not stop the exchange
 * early: they mark it doomed, the proof is still computed and compared, and
 * the one 28P01 error comes at the end (RFC 5802 §9 and PostgreSQL's
 * "doomed" flag), so every wrong answer looks and costs the same.
 */
#include "pgwire/scram.h"

#include "common/assert.h"
#include "common/scram_secret.h"
#include "pgwire/proto.h"

#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DETAIL_MAX 256

struct pgw_scram {
    enum pgw_scram_state state;
    struct mem_ctx *ctx;
    char *user;
    bool doomed; /* fail at the end whatever the client proves */
    bool cb_offered;
    bool plus;       /* SCRAM-SHA-256-PLUS selected */
    bool selected;   /* pgw_scram_select succeeded */
    char cbind_flag; /* 'n', 'y' or 'p' */
    uint8_t cbind[PGW_SCRAM_MAX_CBIND_LEN];
    size_t cbind_len;
    struct pgw_scram_verifier v;
    struct pgw_rand rng;
    char *server_nonce; /* NULL until generated (or set by a test) */
    char *client_nonce;
    char *client_first_bare;
    char *server_first;
    struct err failed; /* the error every step returns once FAILED */
    char detail[DETAIL_MAX];
};

/* Allowed transitions (STYLE.md §7); the diagram is in scram.h. */
static const bool scram_moves[4][4] = {
    [PGW_SCRAM_INIT] = {[PGW_SCRAM_SERVER_FIRST] = true, [PGW_SCRAM_FAILED] = true},
    [PGW_SCRAM_SERVER_FIRST] = {[PGW_SCRAM_SUCCEEDED] = true, [PGW_SCRAM_FAILED] = true},
};

static void scram_move(struct pgw_scram *s, enum pgw_scram_state to)
{
    /* A wrong move is our bug: in release builds it ends the exchange. */
    if (NEVER(!scram_moves[s->state][to]))
        to = PGW_SCRAM_FAILED;
    s->state = to;
}

/* ------------------------------------------------------------------------ */
/* Base64                                                                    */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t pgw_b64_enc_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

void pgw_b64_encode(const void *p, size_t n, struct sbuf *out)
{
    const uint8_t *s = p;
    char q[4];
    sbuf_reserve(out, pgw_b64_enc_len(n));
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        q[0] = b64_alphabet[(v >> 18) & 63];
        q[1] = b64_alphabet[(v >> 12) & 63];
        q[2] = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
        q[3] = i + 2 < n ? b64_alphabet[v & 63] : '=';
        sbuf_append(out, q, 4);
    }
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

long pgw_b64_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
    if (n % 4 != 0)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
                continue;
            }
            if (pad > 0) /* data after padding */
                return -1;
            v[k] = b64_value(s[i + k]);
            if (v[k] < 0)
                return -1;
        }
        uint32_t w = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) |
                     (uint32_t)v[3];
        size_t bytes = 3 - (size_t)pad;
        /* Canonical: the bits padding drops must be zero. */
        if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff)))
            return -1;
        if (o + bytes > cap)
            return -1;
        out[o++] = (uint8_t)(w >> 16);
        if (bytes > 1)
            out[o++] = (uint8_t)(w >> 8);
        if (bytes > 2)
            out[o++] = (uint8_t)w;
    }
    return (long)o;
}

/* ------------------------------------------------------------------------ */
/* Random bytes and crypto                                                   */

static int rand_openssl(void *arg, void *buf, size_t n)
{
    (void)arg;
    if (n > INT_MAX || RAND_bytes(buf, (int)n) != 1)
        return ERR_INTERNAL;
    return 0;
}

static int get_random(const struct pgw_rand *rng, void *buf, size_t n, struct err *e)
{
    int rc =
        rng != NULL && rng->fn != NULL ? rng->fn(rng->arg, buf, n) : rand_openssl(NULL, buf, n);
    if (rc < 0)
        return err_set(e, rc, "could not generate random bytes");
    return 0;
}

static bool hmac256(const void *key, size_t klen, const void *data, size_t dlen,
                    uint8_t out[PGW_SCRAM_KEY_LEN])
{
    unsigned int olen = 0;
    return HMAC(EVP_sha256(), key, (int)klen, data, dlen, out, &olen) != NULL &&
           olen == PGW_SCRAM_KEY_LEN;
}

/* ------------------------------------------------------------------------ */
/* SASLprep: common/scram_secret.c (shared with the SQL layer).               */

_Static_assert((int)PGW_SASLPREP_OK == (int)SCRAM_SASLPREP_OK &&
                   (int)PGW_SASLPREP_RAW == (int)SCRAM_SASLPREP_RAW,
               "SASLprep result codes");
_Static_assert(PGW_SCRAM_KEY_LEN == SCRAM_SECRET_KEY_LEN, "SCRAM key length");

int pgw_saslprep(const char *password, struct sbuf *out, struct err *e)
{
    return scram_saslprep(password, out, e);
}

/* ------------------------------------------------------------------------ */
/* Secrets                                                                   */

int pgw_scram_derive(const char *password, const uint8_t *salt, size_t salt_len, int32_t iterations,
                     struct pgw_scram_verifier *v, struct err *e)
{
    if (salt_len == 0 || salt_len > PGW_SCRAM_MAX_SALT_LEN)
        return err_set(e, ERR_INVAL, "SCRAM salt of %zu bytes, expected 1 to %d", salt_len,
                       PGW_SCRAM_MAX_SALT_LEN);
    if (iterations < 1)
        return err_set(e, ERR_INVAL, "SCRAM iteration count %d, expected at least 1",
                       (int)iterations);
    int rc =
        scram_secret_derive(password, salt, salt_len, iterations, v->stored_key, v->server_key, e);
    if (rc != 0)
        return rc;
    v->iterations = iterations;
    v->salt_len = salt_len;
    memcpy(v->salt, salt, salt_len);
    return 0;
}

int pgw_scram_make_secret(const char *password, const struct pgw_rand *rng, struct sbuf *out,
                          struct err *e)
{
    uint8_t salt[PGW_SCRAM_SALT_LEN];
    struct pgw_scram_verifier v;
    int rc;
    if ((rc = get_random(rng, salt, sizeof(salt), e)) < 0)
        return rc;
    if ((rc = pgw_scram_derive(password, salt, sizeof(salt), PGW_SCRAM_ITERATIONS, &v, e)) < 0)
        return rc;
    sbuf_reset(out);
    pgw_scram_format_secret(&v, out);
    return 0;
}

static int bad_secret(struct err *e, const char *what)
{
    return err_set(e, ERR_INVAL, "invalid SCRAM secret: %s", what);
}

int pgw_scram_parse_secret(const char *s, struct pgw_scram_verifier *v, struct err *e)
{
    static const char prefix[] = "SCRAM-SHA-256$";
    memset(v, 0, sizeof(*v));
    if (strncmp(s, prefix, sizeof(prefix) - 1) != 0)
        return bad_secret(e, "not SCRAM-SHA-256");
    const char *p = s + sizeof(prefix) - 1;

    /* <iterations>: */
    int64_t it = 0;
    const char *d = p;
    while (*p >= '0' && *p <= '9') {
        it = it * 10 + (*p - '0');
        if (it > INT32_MAX)
            return bad_secret(e, "iteration count out of range");
        p++;
    }
    if (p == d || *p != ':' || it < 1)
        return bad_secret(e, "bad iteration count");
    v->iterations = (int32_t)it;
    p++;

    /* <salt>$ */
    const char *end = strchr(p, '$');
    if (end == NULL)
        return bad_secret(e, "missing keys");
    long n = pgw_b64_decode(p, (size_t)(end - p), v->salt, sizeof(v->salt));
    if (n < 1)
        return bad_secret(e, "bad salt");
    v->salt_len = (size_t)n;
    p = end + 1;

    /* <StoredKey>:<ServerKey> */
    end = strchr(p, ':');
    if (end == NULL)
        return bad_secret(e, "missing server key");
    if (pgw_b64_decode(p, (size_t)(end - p), v->stored_key, sizeof(v->stored_key)) !=
        PGW_SCRAM_KEY_LEN)
        return bad_secret(e, "bad stored key");
    p = end + 1;
    if (pgw_b64_decode(p, strlen(p), v->server_key, sizeof(v->server_key)) != PGW_SCRAM_KEY_LEN)
        return bad_secret(e, "bad server key");
    return 0;
}

void pgw_scram_format_secret(const struct pgw_scram_verifier *v, struct sbuf *out)
{
    sbuf_printf(out, "SCRAM-SHA-256$%d:", (int)v->iterations);
    pgw_b64_encode(v->salt, v->salt_len, out);
    sbuf_putc(out, '$');
    pgw_b64_encode(v->stored_key, PGW_SCRAM_KEY_LEN, out);
    sbuf_putc(out, ':');
    pgw_b64_encode(v->server_key, PGW_SCRAM_KEY_LEN, out);
}

bool pgw_scram_verify_plain(const char *password, const struct pgw_scram_verifier *v)
{
    struct pgw_scram_verifier mine;
    bool ok = pgw_scram_derive(password, v->salt, v->salt_len, v->iterations, &mine, NULL) == 0 &&
              CRYPTO_memcmp(mine.server_key, v->server_key, PGW_SCRAM_KEY_LEN) == 0;
    OPENSSL_cleanse(&mine, sizeof(mine));
    return ok;
}

/* ------------------------------------------------------------------------ */
/* The exchange                                                              */

static uint8_t process_mock_key[32];
static pthread_once_t process_mock_once = PTHREAD_ONCE_INIT;

static void process_mock_init(void)
{
    if (RAND_bytes(process_mock_key, sizeof(process_mock_key)) != 1) {
        /* Still distinct per process; only the unpredictability suffers. */
        uint64_t x = (uint64_t)(uintptr_t)&process_mock_key ^ (uint64_t)getpid();
        memcpy(process_mock_key, &x, sizeof(x));
    }
}

static void scram_wipe(void *arg)
{
    struct pgw_scram *s = arg;
    OPENSSL_cleanse(&s->v, sizeof(s->v));
}

/* Mock secret (scram.h): salt = HMAC-SHA-256(key, user)[0..16); the keys
 * stay zero, the exchange is doomed. */
static void scram_mock(struct pgw_scram *s, const struct pgw_scram_config *cfg)
{
    uint8_t h[PGW_SCRAM_KEY_LEN];
    const void *key = cfg->mock_key;
    size_t klen = cfg->mock_key_len;
    if (key == NULL || klen == 0) {
        pthread_once(&process_mock_once, process_mock_init);
        key = process_mock_key;
        klen = sizeof(process_mock_key);
    }
    memset(&s->v, 0, sizeof(s->v));
    if (!hmac256(key, klen, s->user, strlen(s->user), h))
        SHA256((const uint8_t *)s->user, strlen(s->user), h);
    s->v.iterations = PGW_SCRAM_ITERATIONS;
    s->v.salt_len = PGW_SCRAM_SALT_LEN;
    memcpy(s->v.salt, h, PGW_SCRAM_SALT_LEN);
    s->doomed = true;
}

struct pgw_scram *pgw_scram_new(struct mem_ctx *ctx, const struct pgw_scram_config *cfg)
{
    struct pgw_scram *s = mem_alloc0(ctx, sizeof(*s));
    s->ctx = ctx;
    s->state = PGW_SCRAM_INIT;
    s->user = mem_strdup(ctx, cfg->user != NULL ? cfg->user : "");
    s->rng = cfg->rng;
    if (cfg->cbind_data != NULL && cfg->cbind_len > 0 &&
        ALWAYS(cfg->cbind_len <= PGW_SCRAM_MAX_CBIND_LEN)) {
        memcpy(s->cbind, cfg->cbind_data, cfg->cbind_len);
        s->cbind_len = cfg->cbind_len;
        s->cb_offered = true;
    }
    mem_ctx_cleanup(ctx, scram_wipe, s);
    if (cfg->secret == NULL) {
        scram_mock(s, cfg);
        snprintf(s->detail, sizeof(s->detail), "Role \"%.64s\" does not exist or has no password.",
                 s->user);
    } else if (pgw_scram_parse_secret(cfg->secret, &s->v, NULL) < 0) {
        scram_mock(s, cfg);
        snprintf(s->detail, sizeof(s->detail), "User \"%.64s\" does not have a valid SCRAM secret.",
                 s->user);
    }
    return s;
}

size_t pgw_scram_mechanisms(const struct pgw_scram *s, const char *mechs[2])
{
    size_t n = 0;
    if (s->cb_offered)
        mechs[n++] = PGW_SCRAM_MECH_PLUS;
    mechs[n++] = PGW_SCRAM_MECH;
    return n;
}

enum pgw_scram_state pgw_scram_state(const struct pgw_scram *s)
{
    return s->state;
}

const char *pgw_scram_detail(const struct pgw_scram *s)
{
    return s->state == PGW_SCRAM_FAILED ? s->detail : "";
}

void pgw__scram_set_server_nonce(struct pgw_scram *s, const char *nonce)
{
    PRE(s->state == PGW_SCRAM_INIT);
    s->server_nonce = mem_strdup(s->ctx, nonce);
}

/* Fail the exchange with a protocol error; the detail goes to s->detail. */
static int scram_fail(struct pgw_scram *s, struct err *e, int code, const char *sqlstate,
                      const char *msg, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int scram_fail(struct pgw_scram *s, struct err *e, int code, const char *sqlstate,
                      const char *msg, const char *fmt, ...)
{
    s->detail[0] = '\0';
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(s->detail, sizeof(s->detail), fmt, ap);
        va_end(ap);
    }
    err_set_state(&s->failed, code, sqlstate, "%s", msg);
    if (s->state != PGW_SCRAM_FAILED)
        scram_move(s, PGW_SCRAM_FAILED);
    if (e != NULL)
        *e = s->failed;
    return code;
}

#define MALFORMED(s, e, ...)                                                                    \
    scram_fail((s), (e), ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION, "malformed SCRAM message", \
               __VA_ARGS__)

int pgw_scram_select(struct pgw_scram *s, const char *mechanism, struct err *e)
{
    if (s->state != PGW_SCRAM_INIT || s->selected)
        return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                          "SASL mechanism selected twice", NULL);
    if (strcmp(mechanism, PGW_SCRAM_MECH) == 0) {
        s->plus = false;
    } else if (s->cb_offered && strcmp(mechanism, PGW_SCRAM_MECH_PLUS) == 0) {
        s->plus = true;
    } else {
        return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                          "client selected an invalid SASL authentication mechanism", NULL);
    }
    s->selected = true;
    return 0;
}

/* Show at most a few characters of client input in a detail, printable. */
static const char *sanitize(const char *p, char buf[16])
{
    size_t i = 0;
    for (; i < 15 && p[i]; i++)
        buf[i] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
    buf[i] = '\0';
    return buf;
}

/* RFC 5802 §7 "printable": %x21-2B / %x2D-7E. */
static bool scram_printable(const char *p)
{
    for (; *p; p++)
        if (*p < 0x21 || *p > 0x7E || *p == ',')
            return false;
    return true;
}

/* Copy a message into a NUL-terminated buffer; refuse empty or embedded NUL. */
static int scram_copy_in(struct pgw_scram *s, const void *in, size_t len, char **out, struct err *e)
{
    if (len == 0)
        return MALFORMED(s, e, "The message is empty.");
    if (len > PGW_SCRAM_MAX_MESSAGE)
        return MALFORMED(s, e, "The message is too long.");
    if (memchr(in, 0, len) != NULL)
        return MALFORMED(s, e, "Message length does not match input length.");
    char *p = mem_try_alloc(s->ctx, len + 1);
    if (p == NULL)
        return scram_fail(s, e, ERR_NOMEM, NULL, "out of memory", NULL);
    memcpy(p, in, len);
    p[len] = '\0';
    *out = p;
    return 0;
}

/* read_attr_value: "<attr>=<value>" up to ',' or the end; cuts at ','. */
static int read_attr(struct pgw_scram *s, char **input, char attr, char **value, struct err *e)
{
    char buf[16];
    char *p = *input;
    if (*p != attr)
        return MALFORMED(s, e, "Expected attribute \"%c\" but found \"%s\".", attr,
                         sanitize(p, buf));
    p++;
    if (*p != '=')
        return MALFORMED(s, e, "Expected character \"=\" for attribute \"%c\".", attr);
    p++;
    *value = p;
    char *end = strchr(p, ',');
    if (end != NULL) {
        *end = '\0';
        *input = end + 1;
    } else {
        *input = p + strlen(p);
    }
    return 0;
}

/* read_any_attr: any letter attribute. */
static int read_any_attr(struct pgw_scram *s, char **input, char *attr, char **value, struct err *e)
{
    char buf[16];
    char a = **input;
    if (a == '\0')
        return MALFORMED(s, e, "Attribute expected, but found end of string.");
    if (!((a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z')))
        return MALFORMED(s, e, "Attribute expected, but found invalid character \"%s\".",
                         sanitize(*input, buf));
    *attr = a;
    return read_attr(s, input, a, value, e);
}

static int client_first(struct pgw_scram *s, const void *in, size_t len, struct sbuf *out,
                        struct err *e)
{
    char *msg, *p, *value, buf[16];
    int rc;

    if ((rc = scram_copy_in(s, in, len, &msg, e)) < 0)
        return rc;
    p = msg;

    /* gs2-cbind-flag */
    switch (*p) {
    case 'n':
    case 'y':
        if (s->plus)
            return MALFORMED(s, e,
                             "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message "
                             "does not include channel binding data.");
        if (*p == 'y' && s->cb_offered)
            return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                              "SCRAM channel binding negotiation error",
                              "The client supports SCRAM channel binding but thinks the server "
                              "does not.  However, this server does support channel binding.");
        s->cbind_flag = *p++;
        if (*p != ',')
            return MALFORMED(s, e, "Comma expected, but found character \"%s\".", sanitize(p, buf));
        p++;
        break;
    case 'p':
        if (!s->plus)
            return MALFORMED(s, e,
                             "The client selected SCRAM-SHA-256 without channel binding, but "
                             "the SCRAM message includes channel binding data.");
        if ((rc = read_attr(s, &p, 'p', &value, e)) < 0)
            return rc;
        if (strcmp(value, PGW_SCRAM_CBIND_TYPE) != 0)
            return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                              "unsupported SCRAM channel-binding type",
                              "Channel-binding type \"%s\".", sanitize(value, buf));
        s->cbind_flag = 'p';
        break;
    default:
        return MALFORMED(s, e, "Unexpected channel-binding flag \"%s\".", sanitize(p, buf));
    }

    /* authzid: refused, as in PostgreSQL */
    if (*p == 'a')
        return scram_fail(s, e, ERR_UNSUPPORTED, NULL,
                          "client uses authorization identity, but it is not supported", NULL);
    if (*p != ',')
        return MALFORMED(s, e, "Unexpected attribute \"%s\" in client-first-message.",
                         sanitize(p, buf));
    p++;

    /* client-first-message-bare, kept for AuthMessage before it is cut up */
    s->client_first_bare = mem_strdup(s->ctx, p);
    if (*p == 'm')
        return scram_fail(s, e, ERR_UNSUPPORTED, NULL,
                          "client requires an unsupported SCRAM extension", NULL);
    /* n=<user>: ignored, the start-up packet's user name counts */
    if ((rc = read_attr(s, &p, 'n', &value, e)) < 0)
        return rc;
    if ((rc = read_attr(s, &p, 'r', &value, e)) < 0)
        return rc;
    if (*value == '\0' || !scram_printable(value))
        return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                          "non-printable characters in SCRAM nonce", NULL);
    s->client_nonce = value;
    while (*p != '\0') { /* optional extensions */
        char attr;
        if ((rc = read_any_attr(s, &p, &attr, &value, e)) < 0)
            return rc;
    }

    /* server-first-message */
    if (s->server_nonce == NULL) {
        uint8_t raw[PGW_SCRAM_RAW_NONCE_LEN];
        struct sbuf nb;
        if ((rc = get_random(&s->rng, raw, sizeof(raw), &s->failed)) < 0)
            return scram_fail(s, e, rc, NULL, "could not generate random nonce", NULL);
        sbuf_init(&nb);
        pgw_b64_encode(raw, sizeof(raw), &nb);
        s->server_nonce = mem_strdup(s->ctx, nb.data);
        sbuf_free(&nb);
    }
    sbuf_reset(out);
    sbuf_printf(out, "r=%s%s,s=", s->client_nonce, s->server_nonce);
    pgw_b64_encode(s->v.salt, s->v.salt_len, out);
    sbuf_printf(out, ",i=%d", (int)s->v.iterations);
    s->server_first = mem_strdup(s->ctx, out->data);
    scram_move(s, PGW_SCRAM_SERVER_FIRST);
    return PGW_SCRAM_STEP_CONTINUE;
}

/* Mark the exchange doomed, remembering the first reason. */
static void doom(struct pgw_scram *s, const char *why)
{
    if (!s->doomed)
        snprintf(s->detail, sizeof(s->detail), "%s", why);
    s->doomed = true;
}

static int client_final(struct pgw_scram *s, const void *in, size_t len, struct sbuf *out,
                        struct err *e)
{
    char *msg, *p, *value, *proof_at, attr;
    uint8_t proof[PGW_SCRAM_KEY_LEN], sig[PGW_SCRAM_KEY_LEN], key[PGW_SCRAM_KEY_LEN];
    uint8_t stored[PGW_SCRAM_KEY_LEN];
    struct sbuf am, expect;
    int rc;

    if ((rc = scram_copy_in(s, in, len, &msg, e)) < 0)
        return rc;
    p = msg;

    /* c=<channel binding>: the gs2 header again, plus our certificate's
     * hash with -PLUS. A mismatch is an authentication failure. */
    if ((rc = read_attr(s, &p, 'c', &value, e)) < 0)
        return rc;
    sbuf_init(&expect);
    if (s->plus) {
        struct sbuf hdr;
        sbuf_init(&hdr);
        sbuf_puts(&hdr, "p=" PGW_SCRAM_CBIND_TYPE ",,");
        sbuf_append(&hdr, s->cbind, s->cbind_len);
        pgw_b64_encode(hdr.data, hdr.len, &expect);
        sbuf_free(&hdr);
    } else {
        sbuf_puts(&expect, s->cbind_flag == 'y' ? "eSws" : "biws"); /* "y,," / "n,," */
    }
    if (strcmp(value, expect.data) != 0)
        doom(s, "SCRAM channel binding check failed.");
    sbuf_free(&expect);

    /* r=<nonce>: must be exactly ours */
    if ((rc = read_attr(s, &p, 'r', &value, e)) < 0)
        return rc;
    size_t cn = strlen(s->client_nonce), sn = strlen(s->server_nonce);
    if (strlen(value) != cn + sn || memcmp(value, s->client_nonce, cn) != 0 ||
        memcmp(value + cn, s->server_nonce, sn) != 0)
        doom(s, "SCRAM nonce does not match.");

    /* extensions, then p=<proof>, which must end the message */
    do {
        proof_at = p - 1; /* the ',' before the attribute */
        if ((rc = read_any_attr(s, &p, &attr, &value, e)) < 0)
            return rc;
    } while (attr != 'p');
    if (pgw_b64_decode(value, strlen(value), proof, sizeof(proof)) != PGW_SCRAM_KEY_LEN)
        return MALFORMED(s, e, "Malformed proof in client-final-message.");
    if (*p != '\0')
        return MALFORMED(s, e, "Garbage found at the end of client-final-message.");

    /* AuthMessage = client-first-bare "," server-first "," client-final-without-proof */
    sbuf_init(&am);
    sbuf_puts(&am, s->client_first_bare);
    sbuf_putc(&am, ',');
    sbuf_puts(&am, s->server_first);
    sbuf_putc(&am, ',');
    sbuf_append(&am, in, (size_t)(proof_at - msg));

    /* ClientKey = proof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must
     * be StoredKey. Computed for doomed exchanges too (same cost). */
    bool ok = hmac256(s->v.stored_key, PGW_SCRAM_KEY_LEN, am.data, am.len, sig);
    for (size_t i = 0; i < PGW_SCRAM_KEY_LEN; i++)
        key[i] = proof[i] ^ sig[i];
    ok = ok && SHA256(key, sizeof(key), stored) != NULL;
    ok = ok && CRYPTO_memcmp(stored, s->v.stored_key, PGW_SCRAM_KEY_LEN) == 0;
    if (!ok)
        doom(s, "SCRAM proof does not match.");
    if (!s->doomed && !hmac256(s->v.server_key, PGW_SCRAM_KEY_LEN, am.data, am.len, sig))
        doom(s, "SCRAM server signature could not be computed.");
    sbuf_free(&am);
    OPENSSL_cleanse(key, sizeof(key));

    if (s->doomed) {
        char why[DETAIL_MAX];
        snprintf(why, sizeof(why), "%s", s->detail);
        char msgbuf[ERR_MSG_MAX];
        snprintf(msgbuf, sizeof(msgbuf), "password authentication failed for user \"%s\"", s->user);
        return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_INVALID_PASSWORD, msgbuf, "%s", why);
    }
    sbuf_reset(out);
    sbuf_puts(out, "v=");
    pgw_b64_encode(sig, sizeof(sig), out);
    scram_move(s, PGW_SCRAM_SUCCEEDED);
    return PGW_SCRAM_STEP_DONE;
}

int pgw_scram_step(struct pgw_scram *s, const void *in, size_t len, struct sbuf *out, struct err *e)
{
    sbuf_reset(out);
    switch (s->state) {
    case PGW_SCRAM_INIT:
        if (!s->selected)
            return scram_fail(s, e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                              "SASL mechanism not selected", NULL);
        if (in == NULL)
            return PGW_SCRAM_STEP_CONTINUE; /* no initial response: ask for it */
        return client_first(s, in, len, out, e);
    case PGW_SCRAM_SERVER_FIRST:
        return client_final(s, in, len, out, e);
    case PGW_SCRAM_SUCCEEDED: /* a caller's mistake: the state stays */
        return err_set_state(e, ERR_INVAL, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                             "SCRAM exchange already complete");
    case PGW_SCRAM_FAILED:
    default:
        if (e != NULL)
            *e = s->failed;
        return s->failed.code;
    }
}
