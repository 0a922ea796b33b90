/* scram_secret.h — PostgreSQL-style SCRAM-SHA-256 secrets (pg_authid.rolpassword
 * format "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>", RFC 5802
 * and RFC 7677), shared by the SQL layer (CREATE/ALTER ROLE ... PASSWORD) and
 * pgwire's authentication, so sql need not depend on pgwire.
 */
#ifndef SF_COMMON_SCRAM_SECRET_H
#define SF_COMMON_SCRAM_SECRET_H

#include "common/str.h"

#include <stddef.h>
#include <stdint.h>

struct err;

#define SCRAM_SECRET_ITERATIONS 4096 /* PostgreSQL's scram_iterations default */
#define SCRAM_SECRET_SALT_LEN   16
#define SCRAM_SECRET_KEY_LEN    32 /* SHA-256 */

enum { SCRAM_SASLPREP_OK = 0, SCRAM_SASLPREP_RAW = 1 };

/* SASLprep (RFC 4013) of password into out (reset first), as PostgreSQL's
 * pg_saslprep: returns SCRAM_SASLPREP_OK, or SCRAM_SASLPREP_RAW when the
 * password is not valid UTF-8 or holds prohibited characters (out is then
 * the raw password, as PostgreSQL uses it), or ERR_UNSUPPORTED for
 * characters that need NFKC normalisation. */
int scram_saslprep(const char *password, struct sbuf *out, struct err *e);

/* Derive StoredKey and ServerKey from password, salt and iterations. */
int scram_secret_derive(const char *password, const uint8_t *salt, size_t salt_len,
                        int32_t iterations, uint8_t stored_key[SCRAM_SECRET_KEY_LEN],
                        uint8_t server_key[SCRAM_SECRET_KEY_LEN], struct err *e);

/* A new secret for password with SCRAM_SECRET_SALT_LEN random bytes of
 * salt (OpenSSL's RAND_bytes) and SCRAM_SECRET_ITERATIONS, appended to out
 * after resetting it. */
int scram_secret_make(const char *password, struct sbuf *out, struct err *e);

/* Format a secret from its parts (appends). */
void scram_secret_format(int32_t iterations, const uint8_t *salt, size_t salt_len,
                         const uint8_t stored_key[SCRAM_SECRET_KEY_LEN],
                         const uint8_t server_key[SCRAM_SECRET_KEY_LEN], struct sbuf *out);

#endif
