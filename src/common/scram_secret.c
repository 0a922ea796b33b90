/* scram_secret.c — SCRAM-SHA-256 secrets and SASLprep (see scram_secret.h),
 * moved out of pgwire so the SQL layer can create role passwords.
 */
#include "common/scram_secret.h"

#include "common/err.h"

#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdbool.h>
#include <string.h>

static bool hmac256(const void *key, size_t klen, const void *data, size_t dlen,
                    uint8_t out[SCRAM_SECRET_KEY_LEN])
{
    unsigned int olen = 0;
    return HMAC(EVP_sha256(), key, (int)klen, data, dlen, out, &olen) != NULL &&
           olen == SCRAM_SECRET_KEY_LEN;
}

static void b64_encode(const void *p, size_t n, struct sbuf *out)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const uint8_t *s = p;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t w = ((uint32_t)s[i] << 16) | ((uint32_t)s[i + 1] << 8) | s[i + 2];
        char q[4] = {tab[w >> 18], tab[(w >> 12) & 63], tab[(w >> 6) & 63], tab[w & 63]};
        sbuf_append(out, q, 4);
    }
    if (n - i == 1) {
        uint32_t w = (uint32_t)s[i] << 16;
        char q[4] = {tab[w >> 18], tab[(w >> 12) & 63], '=', '='};
        sbuf_append(out, q, 4);
    } else if (n - i == 2) {
        uint32_t w = ((uint32_t)s[i] << 16) | ((uint32_t)s[i + 1] << 8);
        char q[4] = {tab[w >> 18], tab[(w >> 12) & 63], tab[(w >> 6) & 63], '='};
        sbuf_append(out, q, 4);
    }
}

/* ------------------------------------------------------------------------ */
/* SASLprep (RFC 4013 with the tables of RFC 3454), as PostgreSQL's
 * src/common/saslprep.c, without general NFKC (see scram.h).               */

struct cp_range {
    uint32_t lo, hi;
};

#define IN_TABLE(cp, t) in_table((cp), (t), sizeof(t) / sizeof((t)[0]))

static bool in_table(uint32_t cp, const struct cp_range *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= t[i].lo && cp <= t[i].hi)
            return true;
    return false;
}

/* RFC 3454 C.1.2: non-ASCII space characters, mapped to U+0020. */
static const struct cp_range non_ascii_space[] = {
    {0x00A0, 0x00A0}, {0x1680, 0x1680}, {0x2000, 0x200B},
    {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
};

/* RFC 3454 B.1: commonly mapped to nothing. */
static const struct cp_range mapped_to_nothing[] = {
    {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x1806, 0x1806}, {0x180B, 0x180D},
    {0x200B, 0x200D}, {0x2060, 0x2060}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
};

/* RFC 4013 §2.3 prohibited output that NFKC cannot change (no
 * decompositions): C.2.1, C.2.2, C.3, C.4 (the BMP part; the other planes'
 * nFFFE/nFFFF are checked in code), C.6, C.7, C.8 without U+0340/U+0341
 * (which NFKC maps to U+0300/U+0301), C.9. C.1.2 was mapped away; C.5
 * (surrogates) cannot appear in valid UTF-8. */
static const struct cp_range prohibited[] = {
    {0x0000, 0x001F},   {0x007F, 0x009F},   {0x06DD, 0x06DD},     {0x070F, 0x070F},
    {0x180E, 0x180E},   {0x200C, 0x200F},   {0x2028, 0x202E},     {0x2060, 0x2063},
    {0x206A, 0x206F},   {0x2FF0, 0x2FFB},   {0xE000, 0xF8FF},     {0xFDD0, 0xFDEF},
    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFF},   {0x1D173, 0x1D17A},   {0xE0001, 0xE0001},
    {0xE0020, 0xE007F}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD},
};

/* Characters that NFKC leaves unchanged in any context, assigned in Unicode
 * 3.2 (RFC 3454's version), neither RandALCat nor combining: exactly these
 * can be prepared without normalisation tables. */
static const struct cp_range nfkc_stable[] = {
    {0x0020, 0x007E}, {0x00A1, 0x00A7}, {0x00A9, 0x00A9}, {0x00AB, 0x00AC}, {0x00AE, 0x00AE},
    {0x00B0, 0x00B1}, {0x00B6, 0x00B7}, {0x00BB, 0x00BB}, {0x00BF, 0x0131}, {0x0134, 0x013E},
    {0x0141, 0x0148}, {0x014A, 0x017E}, {0x0180, 0x01C3}, {0x01CD, 0x01F0}, {0x01F4, 0x021F},
    {0x0222, 0x0233}, {0x0386, 0x0386}, {0x0388, 0x038A}, {0x038C, 0x038C}, {0x038E, 0x03A1},
    {0x03A3, 0x03CE}, {0x0400, 0x045F}, {0x3041, 0x3094}, {0x309D, 0x309E}, {0x30A1, 0x30FA},
    {0x30FC, 0x30FE}, {0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
};

/* Length of the valid UTF-8 sequence at s (strict, as pgwire's), 0 if invalid. */
static size_t utf8_seq(const uint8_t *s, size_t n)
{
    uint8_t c = s[0];
    if (c == 0)
        return 0;
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    size_t k;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c < 0xE0) {
        k = 2;
    } else if (c < 0xF0) {
        k = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c < 0xF5) {
        k = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return k;
}

static bool utf8_valid(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

/* Decode one UTF-8 sequence (validated strictly); 0 when invalid. */
static size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
    uint8_t c = s[0];
    size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (k > n || utf8_seq(s, k) != k)
        return 0;
    switch (k) {
    case 1:
        *cp = c;
        break;
    case 2:
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        break;
    case 3:
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        break;
    default:
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        break;
    }
    return k;
}

static void utf8_put(struct sbuf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        b[0] = (char)cp;
        sbuf_append(out, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        sbuf_append(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        sbuf_append(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        sbuf_append(out, b, 4);
    }
}

static int saslprep_raw(const char *password, struct sbuf *out)
{
    sbuf_reset(out);
    sbuf_puts(out, password);
    return SCRAM_SASLPREP_RAW;
}

int scram_saslprep(const char *password, struct sbuf *out, struct err *e)
{
    const uint8_t *s = (const uint8_t *)password;
    size_t n = strlen(password);
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = s[i] < 0x80;
    sbuf_reset(out);
    if (ascii) {
        sbuf_append(out, password, n);
        return SCRAM_SASLPREP_OK;
    }
    if (!utf8_valid(s, n))
        return saslprep_raw(password, out);

    /* Map (RFC 4013 §2.1), then check: prohibited output wins over what we
     * cannot normalise, since no normalisation can remove it. */
    bool unknown = false;
    uint32_t bad = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return saslprep_raw(password, out);
        i += k;
        if (IN_TABLE(cp, non_ascii_space))
            cp = 0x20;
        else if (IN_TABLE(cp, mapped_to_nothing))
            continue;
        if (IN_TABLE(cp, prohibited) || (cp & 0xFFFE) == 0xFFFE)
            return saslprep_raw(password, out);
        if (!IN_TABLE(cp, nfkc_stable) && !unknown) {
            unknown = true;
            bad = cp;
        }
        utf8_put(out, cp);
    }
    if (out->len == 0)
        return saslprep_raw(password, out);
    if (unknown) {
        sbuf_reset(out);
        return err_set(e, ERR_UNSUPPORTED,
                       "password contains character U+%04X that SASLprep would need to "
                       "normalize, which is not supported",
                       bad);
    }
    return SCRAM_SASLPREP_OK;
}

/* ------------------------------------------------------------------------ */
/* Secrets                                                                   */

int scram_secret_derive(const char *password, const uint8_t *salt, size_t salt_len,
                        int32_t iterations, uint8_t stored_key[SCRAM_SECRET_KEY_LEN],
                        uint8_t server_key[SCRAM_SECRET_KEY_LEN], struct err *e)
{
    struct sbuf prep;
    uint8_t salted[SCRAM_SECRET_KEY_LEN], client_key[SCRAM_SECRET_KEY_LEN];
    int rc;
    if (salt_len == 0 || salt_len > INT_MAX || iterations < 1)
        return err_set(e, ERR_INVAL, "bad SCRAM salt or iteration count");
    sbuf_init(&prep);
    if ((rc = scram_saslprep(password, &prep, e)) < 0)
        goto out;
    rc = 0;
    if (prep.len > INT_MAX ||
        PKCS5_PBKDF2_HMAC(prep.data, (int)prep.len, salt, (int)salt_len, iterations, EVP_sha256(),
                          SCRAM_SECRET_KEY_LEN, salted) != 1 ||
        !hmac256(salted, sizeof(salted), "Client Key", 10, client_key) ||
        SHA256(client_key, sizeof(client_key), stored_key) == NULL ||
        !hmac256(salted, sizeof(salted), "Server Key", 10, server_key))
        rc = err_set(e, ERR_INTERNAL, "SCRAM key derivation failed");
out:
    if (prep.data != NULL)
        OPENSSL_cleanse(prep.data, prep.cap);
    sbuf_free(&prep);
    OPENSSL_cleanse(salted, sizeof(salted));
    OPENSSL_cleanse(client_key, sizeof(client_key));
    return rc;
}

void scram_secret_format(int32_t iterations, const uint8_t *salt, size_t salt_len,
                         const uint8_t stored_key[SCRAM_SECRET_KEY_LEN],
                         const uint8_t server_key[SCRAM_SECRET_KEY_LEN], struct sbuf *out)
{
    sbuf_printf(out, "SCRAM-SHA-256$%d:", (int)iterations);
    b64_encode(salt, salt_len, out);
    sbuf_putc(out, '$');
    b64_encode(stored_key, SCRAM_SECRET_KEY_LEN, out);
    sbuf_putc(out, ':');
    b64_encode(server_key, SCRAM_SECRET_KEY_LEN, out);
}

int scram_secret_make(const char *password, struct sbuf *out, struct err *e)
{
    uint8_t salt[SCRAM_SECRET_SALT_LEN];
    uint8_t stored[SCRAM_SECRET_KEY_LEN], server[SCRAM_SECRET_KEY_LEN];
    if (RAND_bytes(salt, (int)sizeof(salt)) != 1)
        return err_set(e, ERR_INTERNAL, "could not generate random bytes");
    int rc = scram_secret_derive(password, salt, sizeof(salt), SCRAM_SECRET_ITERATIONS, stored,
                                 server, e);
    if (rc != 0)
        return rc;
    sbuf_reset(out);
    scram_secret_format(SCRAM_SECRET_ITERATIONS, salt, sizeof(salt), stored, server, out);
    OPENSSL_cleanse(stored, sizeof(stored));
    OPENSSL_cleanse(server, sizeof(server));
    return 0;
}
