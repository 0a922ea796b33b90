/* tls.c — OpenSSL for the SQL listener (TLS 1.2 and 1.3), the
 * tls-server-end-point channel-binding hash (RFC 5929 §4.1) SCRAM-SHA-256-PLUS
 * needs, and the session's socket I/O (plain or TLS) with the start-up
 * deadline.
 *
 * Blocking sockets throughout (DESIGN.md §3). The start-up deadline is put
 * on the socket as SO_RCVTIMEO before every read, so the TLS handshake and
 * a half-sent start-up packet are bounded the same way.
 */
#include "pgwire/pgw_int.h"

#include "common/log.h"
#include "common/metrics.h"

#include "pgwire/scram.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <poll.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static const char *ossl_reason(void)
{
    unsigned long e = ERR_get_error();
    static _Thread_local char buf[256];
    if (e == 0)
        return "unknown error";
    ERR_error_string_n(e, buf, sizeof(buf));
    ERR_clear_error();
    return buf;
}

/* RFC 5929 §4.1: the certificate's signature hash, SHA-256 for MD5/SHA-1. */
static int cert_hash(X509 *cert, uint8_t *out, size_t *len)
{
    int md_nid = 0, pk_nid = 0;
    const EVP_MD *md;
    unsigned int n = 0;
    if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, &pk_nid))
        return -1;
    if (md_nid == NID_md5 || md_nid == NID_sha1)
        md = EVP_sha256();
    else if ((md = EVP_get_digestbynid(md_nid)) == NULL)
        return -1;
    if (!X509_digest(cert, md, out, &n))
        return -1;
    *len = n;
    return 0;
}

int pgw__tls_init(struct pgw_server *s, struct err *err)
{
    const struct cfg *c = &s->cfg;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        return err_set(err, ERR_INTERNAL, "TLS: %s", ossl_reason());
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (SSL_CTX_use_certificate_chain_file(ctx, c->security.certificate_path) != 1) {
        err_set(err, ERR_CONFIG, "security.certificate_path %s: %s", c->security.certificate_path,
                ossl_reason());
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, c->security.private_key_path, SSL_FILETYPE_PEM) != 1) {
        err_set(err, ERR_CONFIG, "security.private_key_path %s: %s", c->security.private_key_path,
                ossl_reason());
        goto fail;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        err_set(err, ERR_CONFIG, "security.private_key_path %s does not match %s",
                c->security.private_key_path, c->security.certificate_path);
        goto fail;
    }
    if (c->security.ca_certificate_path[0] != '\0') {
        if (SSL_CTX_load_verify_locations(ctx, c->security.ca_certificate_path, NULL) != 1) {
            err_set(err, ERR_CONFIG, "security.ca_certificate_path %s: %s",
                    c->security.ca_certificate_path, ossl_reason());
            goto fail;
        }
        /* Ask clients for a certificate signed by this CA, as PostgreSQL
         * does when ssl_ca_file is set: one that is presented must verify
         * (else the handshake fails); whether one is required is decided at
         * authentication (security.client_auth_required, the cert method),
         * so the client gets a FATAL message rather than a TLS alert. */
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(c->security.ca_certificate_path);
        if (names == NULL) {
            err_set(err, ERR_CONFIG, "security.ca_certificate_path %s: no certificate in it",
                    c->security.ca_certificate_path);
            goto fail;
        }
        SSL_CTX_set_client_CA_list(ctx, names);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    X509 *cert = SSL_CTX_get0_certificate(ctx);
    if (cert == NULL || cert_hash(cert, s->cbind, &s->cbind_len) != 0) {
        err_set(err, ERR_CONFIG,
                "security.certificate_path %s: cannot hash the certificate for "
                "channel binding",
                c->security.certificate_path);
        goto fail;
    }
    s->ssl_ctx = ctx;
    return 0;
fail:
    SSL_CTX_free(ctx);
    return err->code;
}

void pgw__tls_free(struct pgw_server *s)
{
    if (s->ssl_ctx != NULL)
        SSL_CTX_free(s->ssl_ctx);
    s->ssl_ctx = NULL;
}

/* Put the remaining start-up time on the socket; 0 when already past. */
static int arm_deadline(struct pgw_conn *c)
{
    struct timeval tv = {0, 0};
    if (c->deadline_ms != 0) {
        uint64_t now = pgw__now_ms();
        if (now >= c->deadline_ms)
            return ERR_TIMEOUT;
        uint64_t left = c->deadline_ms - now;
        tv.tv_sec = (time_t)(left / 1000);
        tv.tv_usec = (suseconds_t)((left % 1000) * 1000);
    }
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return 0;
}

int pgw__tls_accept(struct pgw_conn *c, struct err *err)
{
    if (arm_deadline(c) != 0)
        return err_set(err, ERR_TIMEOUT, "TLS handshake timed out");
    c->ssl = SSL_new(c->srv->ssl_ctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
        return err_set(err, ERR_INTERNAL, "TLS: %s", ossl_reason());
    ERR_clear_error();
    int r = SSL_accept(c->ssl);
    if (r != 1) {
        int e = SSL_get_error(c->ssl, r);
        if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_WANT_READ)
            return err_set(err, ERR_IO, "TLS handshake: %s",
                           errno ? strerror(errno) : "connection closed");
        return err_set(err, ERR_IO, "TLS handshake: %s", ossl_reason());
    }
    return 0;
}

int pgw__read_more(struct pgw_conn *c)
{
    c->rpos = c->rlen = 0;
    for (;;) {
        if (arm_deadline(c) != 0)
            return ERR_TIMEOUT;
        ssize_t n;
        if (c->ssl != NULL) {
            ERR_clear_error();
            errno = 0;
            int r = SSL_read(c->ssl, c->rbuf, sizeof(c->rbuf));
            if (r > 0) {
                n = r;
            } else {
                int e = SSL_get_error(c->ssl, r);
                if (e == SSL_ERROR_ZERO_RETURN)
                    return ERR_SHUTDOWN;
                if ((e == SSL_ERROR_SYSCALL || e == SSL_ERROR_WANT_READ) &&
                    (errno == EAGAIN || errno == EWOULDBLOCK))
                    continue; /* deadline re-checked above */
                if (e == SSL_ERROR_SYSCALL && errno == 0)
                    return ERR_SHUTDOWN; /* EOF without close_notify */
                if (e == SSL_ERROR_SYSCALL && errno == EINTR)
                    continue;
                return ERR_IO;
            }
        } else {
            n = recv(c->fd, c->rbuf, sizeof(c->rbuf), 0);
            if (n == 0)
                return ERR_SHUTDOWN;
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                    continue;
                return ERR_IO;
            }
        }
        c->rlen = (size_t)n;
        met_counter_add(c->srv->m_bytes_in, (uint64_t)n);
        return 0;
    }
}

int pgw__flush(struct pgw_conn *c)
{
    size_t off = 0;
    while (off < c->out.len) {
        ssize_t n;
        if (c->ssl != NULL) {
            int r = SSL_write(c->ssl, c->out.data + off, (int)(c->out.len - off));
            n = r > 0 ? r : -1;
        } else {
            n = send(c->fd, c->out.data + off, c->out.len - off, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
        }
        if (n <= 0) {
            c->closing = true;
            sbuf_reset(&c->out);
            return ERR_IO;
        }
        off += (size_t)n;
    }
    met_counter_add(c->srv->m_bytes_out, off);
    sbuf_reset(&c->out);
    return 0;
}

/* ---- certificates for `init --generate-certs` ------------------------------------ */

static int add_ext(X509 *cert, int nid, const char *value)
{
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ex = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    if (ex == NULL)
        return -1;
    int ok = X509_add_ext(cert, ex, -1);
    X509_EXTENSION_free(ex);
    return ok == 1 ? 0 : -1;
}

int pgw_generate_cert(const char *cert_path, const char *key_path, const char *extra_host,
                      struct err *err)
{
    int rc = ERR_INTERNAL;
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    FILE *f = NULL;
    char san[600];
    if (pkey == NULL || cert == NULL)
        goto out;
    X509_set_version(cert, 2);
    uint8_t serial[16];
    if (RAND_bytes(serial, sizeof(serial)) != 1)
        goto out;
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert, pkey);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"ShardForge", -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1,
                               0);
    X509_set_issuer_name(cert, name);
    snprintf(san, sizeof(san), "DNS:localhost,IP:127.0.0.1,IP:::1");
    if (extra_host != NULL && extra_host[0] != '\0' && strcmp(extra_host, "localhost") != 0 &&
        strcmp(extra_host, "127.0.0.1") != 0 && strcmp(extra_host, "::1") != 0 &&
        strcmp(extra_host, "0.0.0.0") != 0 && strcmp(extra_host, "::") != 0) {
        struct in6_addr a6;
        bool ip =
            inet_pton(AF_INET, extra_host, &a6) == 1 || inet_pton(AF_INET6, extra_host, &a6) == 1;
        size_t L = strlen(san);
        snprintf(san + L, sizeof(san) - L, ",%s:%s", ip ? "IP" : "DNS", extra_host);
    }
    if (add_ext(cert, NID_subject_alt_name, san) != 0 ||
        add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") != 0 ||
        add_ext(cert, NID_key_usage, "critical,digitalSignature,keyCertSign") != 0 ||
        add_ext(cert, NID_ext_key_usage, "serverAuth") != 0)
        goto out;
    if (X509_sign(cert, pkey, EVP_sha256()) == 0)
        goto out;
    int kfd = open(key_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (kfd < 0 || (f = fdopen(kfd, "w")) == NULL) {
        if (kfd >= 0)
            close(kfd);
        rc = err_errno(err, errno, "write %s", key_path);
        goto out_noset;
    }
    if (PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) != 1 || fflush(f) != 0 ||
        fsync(fileno(f)) != 0) {
        rc = err_errno(err, errno, "write %s", key_path);
        goto out_noset;
    }
    fclose(f);
    f = fopen(cert_path, "w");
    if (f == NULL || PEM_write_X509(f, cert) != 1 || fflush(f) != 0 || fsync(fileno(f)) != 0) {
        rc = err_errno(err, errno, "write %s", cert_path);
        goto out_noset;
    }
    rc = 0;
    goto out_noset;
out:
    err_set(err, ERR_INTERNAL, "generate certificate: %s", ossl_reason());
out_noset:
    if (f != NULL)
        fclose(f);
    X509_free(cert);
    EVP_PKEY_free(pkey);
    return rc;
}

int pgw_password_secret(const char *password, struct sbuf *out, struct err *err)
{
    return pgw_scram_make_secret(password, NULL, out, err);
}
