/* auth.c — choose the authentication method for a connection (the first
 * matching security.auth_rules entry, or security.auth_method when there
 * are none) and run it: trust, password (cleartext, PostgreSQL's
 * AuthenticationCleartextPassword), SCRAM-SHA-256[-PLUS] (scram.h) or cert
 * (a TLS client certificate verified against security.ca_certificate_path
 * whose CN is the user name). security.client_auth_required adds that
 * certificate check to every TCP connection, as PostgreSQL's
 * clientcert=verify-full.
 *
 * Failures follow PostgreSQL (auth.c: auth_failed): one message per method
 * whatever the reason — 28P01 "password authentication failed for user" for
 * password and SCRAM, for unknown users too (mock SCRAM exchange, and a
 * PBKDF2 of equal cost for cleartext) — after a delay of PGW_AUTH_DELAY_MS
 * that only this session waits; the reason goes to the server log.
 */
#include "pgwire/pgw_int.h"

#include "common/log.h"
#include "common/metrics.h"
#include "pgwire/scram.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

static bool addr_match(const struct pgw_conn *c, const struct cfg_auth_rule *r)
{
    if (r->any_address)
        return true;
    uint8_t a[16];
    int fam;
    if (c->addr.ss_family == AF_INET) {
        memcpy(a, &((const struct sockaddr_in *)&c->addr)->sin_addr, 4);
        fam = 4;
    } else if (c->addr.ss_family == AF_INET6) {
        const uint8_t *p = ((const struct sockaddr_in6 *)&c->addr)->sin6_addr.s6_addr;
        static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(p, v4mapped, 12) == 0) {
            memcpy(a, p + 12, 4);
            fam = 4;
        } else {
            memcpy(a, p, 16);
            fam = 6;
        }
    } else {
        return false;
    }
    if (fam != r->family)
        return false;
    int bits = r->prefix_bits;
    for (int i = 0; bits > 0; i++, bits -= 8) {
        uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
        if ((a[i] & mask) != (r->addr[i] & mask))
            return false;
    }
    return true;
}

static bool rule_match(const struct pgw_conn *c, const struct cfg_auth_rule *r)
{
    switch (r->type) {
    case CFG_AUTH_LOCAL:
        if (!c->is_unix)
            return false;
        break;
    case CFG_AUTH_HOST:
        if (c->is_unix)
            return false;
        break;
    case CFG_AUTH_HOSTSSL:
        if (c->is_unix || c->ssl == NULL)
            return false;
        break;
    case CFG_AUTH_HOSTNOSSL:
        if (c->is_unix || c->ssl != NULL)
            return false;
        break;
    }
    if (strcmp(r->database, "all") != 0 && strcmp(r->database, c->database) != 0)
        return false;
    if (strcmp(r->user, "all") != 0 && strcmp(r->user, c->user) != 0)
        return false;
    return c->is_unix || addr_match(c, r);
}

/* The method for c, or -1 when no rule matches. */
static int choose_method(const struct pgw_conn *c)
{
    const struct pgw_server *s = c->srv;
    if (s->nrules == 0) {
        const char *m = s->cfg.security.auth_method;
        if (strcmp(m, "password") == 0)
            return CFG_AUTH_PASSWORD;
        if (strcmp(m, "scram-sha-256") == 0)
            return CFG_AUTH_SCRAM;
        if (strcmp(m, "cert") == 0)
            return CFG_AUTH_CERT;
        return CFG_AUTH_TRUST;
    }
    for (size_t i = 0; i < s->nrules; i++)
        if (rule_match(c, &s->rules[i]))
            return (int)s->rules[i].method;
    return -1;
}

/* Wait the anti-brute-force delay (only this session), unless stopping. */
static void fail_delay(struct pgw_server *s)
{
    for (int waited = 0; waited < PGW_AUTH_DELAY_MS && !atomic_load(&s->stopping); waited += 50)
        usleep(50 * 1000);
}

static int auth_failed(struct pgw_conn *c, const char *method, const char *why)
{
    met_counter_inc(c->srv->m_auth_fail);
    log_warn("pgwire", "%s authentication failed for user \"%s\" from %s: %s", method, c->user,
             c->peer, why);
    fail_delay(c->srv);
    pgw__fatal(c, PGW_SQLSTATE_INVALID_PASSWORD, "password authentication failed for user \"%s\"",
               c->user);
    return ERR_INVAL;
}

/* Report a protocol-level failure of the exchange (08P01 ...) as FATAL. */
static int fatal_err(struct pgw_conn *c, const struct err *e)
{
    pgw__fatal(c, err_sqlstate(e), "%s", e->msg);
    return e->code ? e->code : ERR_INVAL;
}

static int read_auth_msg(struct pgw_conn *c, struct pgw_msg *m)
{
    if (pgw__flush(c) != 0)
        return ERR_IO;
    pgw_dec_set_phase(&c->dec, PGW_PHASE_AUTH);
    return pgw__next_msg(c, m);
}

static int auth_password(struct pgw_conn *c, const struct sql_role *role, bool found)
{
    struct pgw_msg m;
    struct pgw_password pw;
    struct err e = {0};
    if (c->ssl == NULL && !c->is_unix && !c->srv->cfg.security.allow_cleartext_password) {
        met_counter_inc(c->srv->m_auth_fail);
        log_warn("pgwire",
                 "refused cleartext password authentication of \"%s\" from %s without "
                 "TLS",
                 c->user, c->peer);
        pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                   "password authentication needs an SSL connection (or "
                   "security.allow_cleartext_password = true)");
        return ERR_INVAL;
    }
    pgw_put_auth_cleartext(&c->out);
    int rc = read_auth_msg(c, &m);
    if (rc != 0)
        return rc;
    if (pgw_parse_password(&m, &pw, &e) != 0)
        return fatal_err(c, &e);
    if (pw.len == 0)
        return auth_failed(c, "password", "empty password returned by client");
    struct pgw_scram_verifier v;
    bool ok = false;
    const char *why = "no such role";
    if (found && role->secret[0] != '\0' && pgw_scram_parse_secret(role->secret, &v, &e) == 0) {
        ok = pgw_scram_verify_plain(pw.password, &v);
        why = "password does not match";
    } else {
        /* Same work as a real check, so timing does not tell. */
        static const uint8_t salt[PGW_SCRAM_SALT_LEN] = {0};
        pgw_scram_derive(pw.password, salt, sizeof(salt), PGW_SCRAM_ITERATIONS, &v, &e);
        if (found)
            why = "role has no password";
    }
    if (!ok)
        return auth_failed(c, "password", why);
    return 0;
}

static int auth_scram(struct pgw_conn *c, const struct sql_role *role, bool found)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "scram");
    struct pgw_scram_config sc;
    struct err e = {0};
    struct sbuf out;
    struct pgw_msg m;
    int rc;

    memset(&sc, 0, sizeof(sc));
    sc.user = c->user;
    sc.secret = found && role->secret[0] != '\0' ? role->secret : NULL;
    sc.mock_key = c->srv->mock_key;
    sc.mock_key_len = sizeof(c->srv->mock_key);
    if (c->ssl != NULL) {
        sc.cbind_data = c->srv->cbind;
        sc.cbind_len = c->srv->cbind_len;
    }
    struct pgw_scram *x = pgw_scram_new(ctx, &sc);
    sbuf_init(&out);
    const char *mechs[2];
    size_t nm = pgw_scram_mechanisms(x, mechs);
    rc = pgw_put_auth_sasl(&c->out, mechs, nm, &e);
    if (rc == 0)
        rc = read_auth_msg(c, &m);
    if (rc != 0)
        goto done;
    struct pgw_sasl_initial init;
    if (pgw_parse_sasl_initial(&m, &init, &e) != 0 ||
        pgw_scram_select(x, init.mechanism, &e) != 0) {
        rc = fatal_err(c, &e);
        goto done;
    }
    rc = pgw_scram_step(x, init.data, init.len < 0 ? 0 : (size_t)init.len, &out, &e);
    while (rc == PGW_SCRAM_STEP_CONTINUE) {
        rc = pgw_put_auth_sasl_continue(&c->out, out.data, out.len, &e);
        if (rc == 0)
            rc = read_auth_msg(c, &m);
        if (rc != 0)
            goto done;
        struct pgw_sasl_response resp;
        if (pgw_parse_sasl_response(&m, &resp, &e) != 0) {
            rc = fatal_err(c, &e);
            goto done;
        }
        rc = pgw_scram_step(x, resp.data, resp.len, &out, &e);
    }
    if (rc == PGW_SCRAM_STEP_DONE) {
        rc = pgw_put_auth_sasl_final(&c->out, out.data, out.len, &e);
        if (rc != 0)
            rc = fatal_err(c, &e);
    } else if (strcmp(err_sqlstate(&e), PGW_SQLSTATE_INVALID_PASSWORD) == 0) {
        rc = auth_failed(c, "SCRAM", pgw_scram_detail(x));
    } else {
        rc = fatal_err(c, &e);
    }
done:
    sbuf_free(&out);
    mem_ctx_free(ctx);
    return rc;
}

/* The verified client certificate's Common Name into cn: 1, or 0 when the
 * connection has no verified certificate, -1 when it has no CN. */
static int peer_cert_cn(const struct pgw_conn *c, char *cn, size_t cap)
{
    cn[0] = '\0';
    if (c->ssl == NULL)
        return 0;
    X509 *cert = SSL_get1_peer_certificate(c->ssl);
    if (cert == NULL)
        return 0;
    int rc = 0;
    if (SSL_get_verify_result(c->ssl) == X509_V_OK) {
        X509_NAME *subj = X509_get_subject_name(cert);
        int len = subj ? X509_NAME_get_text_by_NID(subj, NID_commonName, cn, (int)cap) : -1;
        /* An embedded NUL or a CN too long for cap is no match for any user. */
        rc = len > 0 && (size_t)len < cap && strlen(cn) == (size_t)len ? 1 : -1;
    }
    X509_free(cert);
    return rc;
}

/* PostgreSQL's cert method and clientcert=verify-full: a verified client
 * certificate whose CN is the user name. verify_full_msg: on a mismatch, say
 * "certificate validation (clientcert=verify-full)" (client_auth_required)
 * rather than "certificate authentication" (the cert method). */
static int check_client_cert(struct pgw_conn *c, bool verify_full_msg)
{
    char cn[256];
    int r = peer_cert_cn(c, cn, sizeof(cn));
    if (r == 0) {
        met_counter_inc(c->srv->m_auth_fail);
        log_warn("pgwire", "connection of user \"%s\" from %s has no valid client certificate%s",
                 c->user, c->peer, c->ssl ? "" : " (not TLS)");
        pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                   "connection requires a valid client certificate");
        return ERR_INVAL;
    }
    if (r < 0 || strcmp(cn, c->user) != 0) {
        met_counter_inc(c->srv->m_auth_fail);
        log_warn("pgwire",
                 "certificate authentication failed for user \"%s\" from %s: provided user "
                 "name (%s) and authenticated user name (%s) do not match",
                 c->user, c->peer, c->user, r < 0 ? "(no CN)" : cn);
        fail_delay(c->srv);
        if (verify_full_msg)
            pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                       "certificate validation (clientcert=verify-full) failed for user \"%s\"",
                       c->user);
        else
            pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                       "certificate authentication failed for user \"%s\"", c->user);
        return ERR_INVAL;
    }
    return 0;
}

int pgw__authenticate(struct pgw_conn *c)
{
    struct pgw_server *s = c->srv;
    const char *enc = c->ssl ? "SSL encryption" : "no encryption";
    int method = choose_method(c);
    if (method < 0 || method == CFG_AUTH_REJECT) {
        met_counter_inc(s->m_auth_fail);
        log_warn("pgwire",
                 "connection of user \"%s\" to database \"%s\" from %s refused by "
                 "security.auth_rules",
                 c->user, c->database, c->peer);
        if (c->is_unix)
            pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                       "%s for local connection, user \"%s\", database \"%s\"",
                       method < 0 ? "no security.auth_rules entry"
                                  : "security.auth_rules rejects connection",
                       c->user, c->database);
        else
            pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                       "%s for host \"%s\", user \"%s\", database \"%s\", %s",
                       method < 0 ? "no security.auth_rules entry"
                                  : "security.auth_rules rejects connection",
                       c->host, c->user, c->database, enc);
        return ERR_INVAL;
    }

    /* security.client_auth_required: every TCP connection proves its user
     * with a certificate first (the Unix socket has no TLS). */
    if (s->cfg.security.client_auth_required && !c->is_unix && method != CFG_AUTH_CERT &&
        check_client_cert(c, true) != 0)
        return ERR_INVAL;

    struct sql_role role;
    bool found = false;
    struct err e = {0};
    if (sql_role_get(s->kv, c->user, &role, &found, &e) != 0) {
        log_error("pgwire", "reading role \"%s\": %s", c->user, e.msg);
        pgw__fatal(c, err_sqlstate(&e), "could not read the role catalog: %s", e.msg);
        return e.code;
    }
    int rc = 0;
    switch ((enum cfg_auth_method)method) {
    case CFG_AUTH_TRUST:
        if (!found) {
            met_counter_inc(s->m_auth_fail);
            log_warn("pgwire", "trust authentication of unknown role \"%s\" from %s", c->user,
                     c->peer);
            pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC, "role \"%s\" does not exist", c->user);
            return ERR_NOTFOUND;
        }
        break;
    case CFG_AUTH_PASSWORD:
        rc = auth_password(c, &role, found);
        break;
    case CFG_AUTH_SCRAM:
        rc = auth_scram(c, &role, found);
        break;
    case CFG_AUTH_CERT:
        rc = check_client_cert(c, false);
        if (rc == 0 && !found) {
            met_counter_inc(s->m_auth_fail);
            pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC, "role \"%s\" does not exist", c->user);
            return ERR_NOTFOUND;
        }
        break;
    case CFG_AUTH_REJECT:
        return ERR_INVAL; /* handled above */
    }
    if (rc != 0)
        return rc;
    if (!role.login) {
        pgw__fatal(c, PGW_SQLSTATE_INVALID_AUTH_SPEC, "role \"%s\" is not permitted to log in",
                   c->user);
        return ERR_INVAL;
    }
    c->superuser = role.superuser;
    pgw_put_auth_ok(&c->out);
    log_info("pgwire", "connection authorized: user=%s database=%s from %s method=%s%s", c->user,
             c->database, c->peer, cfg_auth_method_name((enum cfg_auth_method)method),
             c->ssl ? " TLS" : "");
    return 0;
}
