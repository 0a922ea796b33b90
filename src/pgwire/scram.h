/* scram.h — server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as
 * PostgreSQL speaks it (PostgreSQL 15 manual §55.3 "SASL Authentication",
 * src/backend/libpq/auth-scram.c), with OpenSSL's primitives.
 *
 * Stored verifier ("secret"), PostgreSQL's pg_authid.rolpassword format:
 *
 *   SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
 *
 *   FIELD       MEANING
 *   iterations  decimal, 1..INT32_MAX (we write PGW_SCRAM_ITERATIONS)
 *   salt        base64 (RFC 4648 §4, padded), 1..PGW_SCRAM_MAX_SALT_LEN bytes
 *               (we write PGW_SCRAM_SALT_LEN random bytes)
 *   StoredKey   base64 of SHA-256(HMAC(SaltedPassword, "Client Key")), 32 bytes
 *   ServerKey   base64 of HMAC(SaltedPassword, "Server Key"), 32 bytes
 *   where SaltedPassword = PBKDF2-HMAC-SHA-256(SASLprep(password), salt,
 *   iterations) (RFC 5802 §3 "Hi").
 *
 * The exchange (one struct pgw_scram per authentication attempt):
 *
 *   INIT --client-first ok--> SERVER_FIRST --client-final ok--> SUCCEEDED
 *     |  (SASLInitialResponse         |
 *     |   without data: stay)         |
 *     +---------- any error ----------+-------------------------> FAILED
 *
 *   client-first   gs2-header client-first-bare, where the gs2 header is
 *                  "n,," (no channel binding), "y,," (client could bind but
 *                  thinks we cannot) or "p=tls-server-end-point,," (only with
 *                  SCRAM-SHA-256-PLUS); an authzid ("a=") and mandatory
 *                  extensions ("m=") are refused (0A000).
 *   server-first   r=<client nonce><server nonce>,s=<salt>,i=<iterations>
 *   client-final   c=<base64 gs2 header [+ cbind data]>,r=<nonce>[,ext]*,p=<proof>
 *   server-final   v=<base64 ServerSignature>
 *
 * Errors. A malformed message is ERR_INVAL with SQLSTATE 08P01 ("malformed
 * SCRAM message", the specifics in pgw_scram_detail — safe to send as the
 * DETAIL field); an unsupported feature is ERR_UNSUPPORTED (0A000). Every
 * failure of authentication proper — wrong proof, wrong nonce, wrong channel
 * binding, unknown user, a role without a valid SCRAM secret — is found only
 * at client-final and reported identically: ERR_INVAL with SQLSTATE 28P01,
 * "password authentication failed for user \"<user>\"". The reason is in
 * pgw_scram_detail for the server log only; never send it to the client.
 *
 * Mock authentication (PostgreSQL's scram_mock_salt): for a user that does
 * not exist or has no valid secret, the exchange runs as usual with a salt
 * derived from the user name and a server secret — the same salt every time
 * for the same name, as a real role's would be — and fails at the end, so
 * neither the protocol nor the timing tells whether the role exists.
 *
 * SASLprep (RFC 4013) of passwords, as PostgreSQL's pg_saslprep: a pure
 * ASCII password is used as it is (control characters included). Otherwise
 * the password is mapped (non-ASCII spaces to U+0020, "commonly mapped to
 * nothing" characters removed) and checked; if it is not valid UTF-8,
 * becomes empty or contains a prohibited character, SASLprep fails and — as
 * in PostgreSQL — the raw password bytes are used. Full NFKC normalisation is
 * not implemented: the prepared password is produced only when every
 * character is one that NFKC leaves unchanged (Latin-1, Latin Extended-A/B,
 * basic Greek and Cyrillic, kana, CJK unified ideographs, Hangul
 * syllables, without compatibility characters); any other character makes
 * pgw_saslprep, verifier creation and pgw_scram_verify_plain fail with
 * ERR_UNSUPPORTED rather than produce a secret that clients, which do
 * normalise, could never match.
 *
 * Randomness (salts, server nonces) comes from an injected source (STYLE.md
 * §9); NULL means OpenSSL's RAND_bytes.
 */
#ifndef SF_PGWIRE_SCRAM_H
#define SF_PGWIRE_SCRAM_H

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PGW_SCRAM_MECH          "SCRAM-SHA-256"
#define PGW_SCRAM_MECH_PLUS     "SCRAM-SHA-256-PLUS"
#define PGW_SCRAM_CBIND_TYPE    "tls-server-end-point"
#define PGW_SCRAM_ITERATIONS    4096
#define PGW_SCRAM_SALT_LEN      16
#define PGW_SCRAM_MAX_SALT_LEN  128
#define PGW_SCRAM_KEY_LEN       32     /* SHA-256 */
#define PGW_SCRAM_RAW_NONCE_LEN 18     /* server nonce: base64 of 18 bytes, 24 chars */
#define PGW_SCRAM_MAX_CBIND_LEN 64     /* tls-server-end-point hash: up to SHA-512 */
#define PGW_SCRAM_MAX_MESSAGE   65535u /* as the decoder's auth-phase limit */

/* A source of random bytes: fills buf[0..n), returns 0 or a negative code. */
struct pgw_rand {
    int (*fn)(void *arg, void *buf, size_t n);
    void *arg;
};

/* A parsed SCRAM-SHA-256 secret. A plain value; copy freely. */
struct pgw_scram_verifier {
    int32_t iterations;
    size_t salt_len;
    uint8_t salt[PGW_SCRAM_MAX_SALT_LEN];
    uint8_t stored_key[PGW_SCRAM_KEY_LEN];
    uint8_t server_key[PGW_SCRAM_KEY_LEN];
};

/* ------------------------------------------------------------------------ */
/* Secrets                                                                   */

enum { PGW_SASLPREP_OK = 0, PGW_SASLPREP_RAW = 1 };
/* SASLprep as described above. Appends to out (reset first) the string to
 * hash and returns PGW_SASLPREP_OK (prepared) or PGW_SASLPREP_RAW (SASLprep
 * failed; out holds the raw password), or ERR_UNSUPPORTED (e filled) when a
 * character needs normalisation we do not implement. */
int pgw_saslprep(const char *password, struct sbuf *out, struct err *e);

/* Derive a verifier from a password, salt and iteration count. Returns 0,
 * ERR_INVAL (salt length or iterations out of range), ERR_UNSUPPORTED
 * (SASLprep) or ERR_INTERNAL (OpenSSL failed). */
int pgw_scram_derive(const char *password, const uint8_t *salt, size_t salt_len, int32_t iterations,
                     struct pgw_scram_verifier *v, struct err *e);
/* A new secret for password: PGW_SCRAM_SALT_LEN random bytes of salt,
 * PGW_SCRAM_ITERATIONS, formatted into out (reset first). rng NULL: OpenSSL.
 * Returns 0 or as pgw_scram_derive, or the random source's error. */
int pgw_scram_make_secret(const char *password, const struct pgw_rand *rng, struct sbuf *out,
                          struct err *e);
/* Parse a stored secret. ERR_INVAL ("invalid SCRAM secret: ...") when it is
 * not exactly the format above. */
int pgw_scram_parse_secret(const char *s, struct pgw_scram_verifier *v, struct err *e);
/* Format v into out (appended). */
void pgw_scram_format_secret(const struct pgw_scram_verifier *v, struct sbuf *out);
/* PostgreSQL's scram_verify_plain_password: does a cleartext password (from
 * a PasswordMessage) match the secret? Compares ServerKey in constant time.
 * Costs v->iterations rounds of PBKDF2. False on any failure. */
bool pgw_scram_verify_plain(const char *password, const struct pgw_scram_verifier *v);

/* ------------------------------------------------------------------------ */
/* The exchange                                                              */

enum pgw_scram_state {
    PGW_SCRAM_INIT,         /* waiting for client-first */
    PGW_SCRAM_SERVER_FIRST, /* server-first sent, waiting for client-final */
    PGW_SCRAM_SUCCEEDED,    /* server-final produced: send SASLFinal, then AuthenticationOk */
    PGW_SCRAM_FAILED,       /* terminal: send the ErrorResponse and close */
};

struct pgw_scram_config {
    const char *user;     /* the start-up packet's user name; copied */
    const char *secret;   /* the role's stored secret; NULL: no such role, or
                             no password — mock authentication. Parsed and
                             not kept. */
    const void *mock_key; /* cluster-wide secret for mock salts, copied;
                             NULL: a random key per process */
    size_t mock_key_len;
    const void *cbind_data; /* tls-server-end-point hash of our certificate,
                               copied; NULL without TLS. When set the server
                               offers SCRAM-SHA-256-PLUS. */
    size_t cbind_len;       /* at most PGW_SCRAM_MAX_CBIND_LEN */
    struct pgw_rand rng;    /* fn NULL: OpenSSL's RAND_bytes */
};

struct pgw_scram;

/* A new exchange allocated in ctx (freed, and its keys wiped, when ctx is
 * reset or freed). Never NULL. */
struct pgw_scram *pgw_scram_new(struct mem_ctx *ctx, const struct pgw_scram_config *cfg);

/* The mechanisms to list in AuthenticationSASL: SCRAM-SHA-256-PLUS first
 * when channel binding is possible, then SCRAM-SHA-256. Returns how many
 * (1 or 2) were stored in mechs (static strings). */
size_t pgw_scram_mechanisms(const struct pgw_scram *s, const char *mechs[2]);

/* The mechanism named by SASLInitialResponse. 08P01 "client selected an
 * invalid SASL authentication mechanism" unless it is one we offered. */
int pgw_scram_select(struct pgw_scram *s, const char *mechanism, struct err *e);

enum { PGW_SCRAM_STEP_CONTINUE = 1, PGW_SCRAM_STEP_DONE = 2 };
/* Feed one client message (the data of SASLInitialResponse or
 * SASLResponse; in NULL: SASLInitialResponse carried none). out is reset
 * and receives the server's answer. Returns
 *   PGW_SCRAM_STEP_CONTINUE — send out as AuthenticationSASLContinue;
 *   PGW_SCRAM_STEP_DONE     — send out as AuthenticationSASLFinal, then
 *                             AuthenticationOk;
 *   < 0                     — the errors described at the top; the state
 *                             is FAILED and every later step returns the
 *                             same error.
 * PRE: pgw_scram_select succeeded. */
int pgw_scram_step(struct pgw_scram *s, const void *in, size_t len, struct sbuf *out,
                   struct err *e);

enum pgw_scram_state pgw_scram_state(const struct pgw_scram *s);
/* Why the exchange failed ("" if it did not): for the server log, see the
 * top. Borrowed until the exchange is freed. */
const char *pgw_scram_detail(const struct pgw_scram *s);

/* Layer-internal, for tests: use this server nonce instead of a random one
 * (printable ASCII except ',', as RFC 5802 §5.1 "r=" requires). PRE: INIT. */
void pgw__scram_set_server_nonce(struct pgw_scram *s, const char *nonce);

/* Base64 (RFC 4648 §4, with padding). Encoded length of n bytes. */
size_t pgw_b64_enc_len(size_t n);
/* Append the encoding of p[0..n) to out. */
void pgw_b64_encode(const void *p, size_t n, struct sbuf *out);
/* Decode s[0..n) into out (cap bytes). Returns the decoded length, or -1
 * when s is not canonical padded base64 or does not fit. */
long pgw_b64_decode(const char *s, size_t n, uint8_t *out, size_t cap);

#endif
