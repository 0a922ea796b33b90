/* session.c — one client connection's thread: start-up (SSLRequest,
 * GSSENCRequest, CancelRequest, StartupMessage), authentication (auth.c),
 * then the simple and extended query protocols driving an sql_session
 * (protocol §55.2). Blocking I/O; the output is buffered and written at
 * ReadyForQuery, Flush, or past PGW_FLUSH_AT bytes.
 *
 * Errors: a framing error (the decoder is sticky, proto.h) is FATAL 08P01
 * and closes; an error inside an extended-protocol batch skips messages
 * until Sync (PostgreSQL's ignore_till_sync); every other error is one
 * ErrorResponse followed by ReadyForQuery.
 */
#include "pgwire/pgw_int.h"

#include "build_info.h"
#include "common/log.h"
#include "common/str.h"
#include "common/metrics.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <openssl/bn.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

void pgw__fatal(struct pgw_conn *c, const char *sqlstate, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct pgw_notice n = {.severity = "FATAL", .sqlstate = sqlstate, .message = msg};
    struct err e = {0};
    pgw_put_error(&c->out, &n, &e);
    pgw__flush(c);
    c->closing = true;
}

int pgw__next_msg(struct pgw_conn *c, struct pgw_msg *m)
{
    struct err e = {0};
    for (;;) {
        if (c->rpos < c->rlen) {
            size_t used = 0;
            int rc = pgw_dec_next(&c->dec, c->rbuf + c->rpos, c->rlen - c->rpos, &used, m, &e);
            c->rpos += used;
            if (rc == 0)
                return 0;
            if (rc != ERR_AGAIN) {
                log_warn("pgwire", "%s: %s", c->peer, e.msg);
                pgw__fatal(c, err_sqlstate(&e), "%s", e.msg);
                return rc;
            }
        }
        int rc = pgw__read_more(c);
        if (rc != 0) {
            if (rc == ERR_TIMEOUT && c->idle_armed) {
                pgw__fatal(c, "25P03", "terminating connection due to idle-in-transaction timeout");
            } else if (rc == ERR_TIMEOUT) {
                log_warn("pgwire",
                         "%s: start-up not completed within "
                         "network.connection_timeout_sec = %lld s",
                         c->peer, (long long)c->srv->cfg.network.connection_timeout_sec);
                /* As PostgreSQL: a client that has said who it is learns why. */
                if (c->user[0] != '\0')
                    pgw__fatal(c, "08006", "canceling authentication due to timeout");
            } else if (rc == ERR_SHUTDOWN &&
                       (atomic_load(&c->srv->stopping) || atomic_load(&c->terminate))) {
                pgw__fatal(c, "57P01", "terminating connection due to administrator command");
            }
            c->closing = true;
            return rc;
        }
    }
}

/* ---- the result sink ----------------------------------------------------------- */

static int maybe_flush(struct pgw_conn *c)
{
    if (c->out.len >= PGW_FLUSH_AT && !c->hold)
        return pgw__flush(c);
    return c->closing ? ERR_IO : 0;
}

static int sink_row_description(void *arg, const struct sql_column *cols, size_t n)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    if (cols == NULL) {
        pgw_put_no_data(&c->out);
        return 0;
    }
    struct pgw_field *f = mem_alloc(c->msg_ctx, (n ? n : 1) * sizeof(*f));
    for (size_t i = 0; i < n; i++)
        f[i] =
            (struct pgw_field){cols[i].name,   cols[i].table_oid, cols[i].attnum, cols[i].type_oid,
                               cols[i].typlen, cols[i].typmod,    cols[i].format};
    int rc = pgw_put_row_description(&c->out, f, n, &e);
    return rc != 0 ? rc : maybe_flush(c);
}

static int sink_data_row(void *arg, const struct sql_datum *vals, size_t n)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    _Static_assert(sizeof(struct sql_datum) == sizeof(struct pgw_value), "same layout");
    int rc = pgw_put_data_row(&c->out, (const struct pgw_value *)(const void *)vals, n, &e);
    return rc != 0 ? rc : maybe_flush(c);
}

static int sink_command_complete(void *arg, const char *tag)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    return pgw_put_command_complete(&c->out, tag, &e);
}

static int sink_empty_query(void *arg)
{
    struct pgw_conn *c = arg;
    pgw_put_empty_query(&c->out);
    return 0;
}

static int sink_notice(void *arg, const struct sql_notice *n)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    struct pgw_notice pn = {.severity = n->severity,
                            .sqlstate = n->sqlstate,
                            .message = n->message,
                            .detail = n->detail,
                            .hint = n->hint};
    return pgw_put_notice(&c->out, &pn, &e);
}

/* Split "msg\nDETAIL:  d\nHINT:  h\nCONTEXT:  w" (the convention of every
 * layer's struct err) into ErrorResponse fields; sections "\nSCHEMA NAME:  ",
 * "\nTABLE NAME:  ", "\nCOLUMN NAME:  ", "\nDATATYPE NAME:  " and
 * "\nCONSTRAINT NAME:  " give the fields s, t, c, d, n, "\nQUERY:  " and
 * "\nINTERNAL POSITION:  " the fields q and p. buf is modified. */
static void split_fields(char *buf, struct pgw_notice *n)
{
    static const struct {
        const char *tag;
        size_t off;
    } tags[] = {
        {"\nDETAIL:  ", offsetof(struct pgw_notice, detail)},
        {"\nHINT:  ", offsetof(struct pgw_notice, hint)},
        {"\nCONTEXT:  ", offsetof(struct pgw_notice, where)},
        /* the object fields of constraint violations (psql's VERBOSE labels) */
        {"\nSCHEMA NAME:  ", offsetof(struct pgw_notice, schema)},
        {"\nTABLE NAME:  ", offsetof(struct pgw_notice, table)},
        {"\nCOLUMN NAME:  ", offsetof(struct pgw_notice, column)},
        {"\nDATATYPE NAME:  ", offsetof(struct pgw_notice, datatype)},
        {"\nCONSTRAINT NAME:  ", offsetof(struct pgw_notice, constraint)},
        /* the query a PL/pgSQL statement ran (q) and the position in it (p) */
        {"\nQUERY:  ", offsetof(struct pgw_notice, internal_query)},
        {"\nINTERNAL POSITION:  ", offsetof(struct pgw_notice, file)},
    };
    n->message = buf;
    for (;;) {
        char *best = NULL;
        size_t bi = 0;
        for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
            char *p = strstr(buf, tags[i].tag);
            if (p != NULL && (best == NULL || p < best)) {
                best = p;
                bi = i;
            }
        }
        if (best == NULL)
            return;
        *best = '\0';
        buf = best + strlen(tags[bi].tag);
        const char **slot = (const char **)(void *)((char *)n + tags[bi].off);
        if (*slot == NULL)
            *slot = buf;
    }
}

static void send_error_sev(struct pgw_conn *c, const char *severity, const struct err *src)
{
    struct err e = {0};
    char buf[ERR_MSG_MAX];
    snprintf(buf, sizeof(buf), "%s", src->msg[0] ? src->msg : err_str(src->code));
    struct pgw_notice n = {.severity = severity, .sqlstate = err_sqlstate(src)};
    split_fields(buf, &n);
    if (n.file != NULL) { /* INTERNAL POSITION, parked in file */
        n.internal_position = atoi(n.file);
        n.file = NULL;
    }
    if (c->sql != NULL)
        n.position = sql_session_error_position(c->sql);
    pgw_put_error(&c->out, &n, &e);
}

static void send_error(struct pgw_conn *c, const struct err *src)
{
    /* a statement stopped by pg_terminate_backend: the connection ends
     * instead, as PostgreSQL's ProcessInterrupts does */
    if (atomic_load(&c->terminate) && strcmp(err_sqlstate(src), "57014") == 0) {
        pgw__fatal(c, "57P01", "terminating connection due to administrator command");
        return;
    }
    send_error_sev(c, "ERROR", src);
}

static int sink_parameter_status(void *arg, const char *name, const char *value)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    return pgw_put_parameter_status(&c->out, name, value, &e);
}

/* ---- COPY ------------------------------------------------------------------------ */

static int sink_copy_in_begin(void *arg, int format, size_t ncols)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    int16_t *f = mem_alloc0(c->msg_ctx, (ncols ? ncols : 1) * sizeof(int16_t));
    for (size_t i = 0; i < ncols; i++)
        f[i] = (int16_t)format;
    int rc = pgw_put_copy_in_response(&c->out, (int8_t)format, f, ncols, &e);
    if (rc != 0)
        return rc;
    c->in_copy = true;
    return pgw__flush(c);
}

/* The next CopyData of COPY FROM STDIN (protocol §55.2.6). Flush and Sync
 * are ignored meanwhile, as PostgreSQL does. */
static int sink_copy_in_read(void *arg, const uint8_t **data, size_t *len, bool *done,
                             struct err *e)
{
    struct pgw_conn *c = arg;
    *done = false;
    *data = NULL;
    *len = 0;
    for (;;) {
        struct pgw_msg m;
        if (pgw__next_msg(c, &m) != 0) {
            c->in_copy = false;
            return err_set_state(e, ERR_IO, "08006", "connection lost during COPY");
        }
        switch (m.type) {
        case PGW_MSG_COPY_DATA:
            *data = m.body;
            *len = m.len;
            return 0;
        case PGW_MSG_COPY_DONE:
            c->in_copy = false;
            *done = true;
            return 0;
        case PGW_MSG_COPY_FAIL: {
            struct pgw_copy_fail cf;
            struct err pe = {0};
            c->in_copy = false;
            if (pgw_parse_copy_fail(&m, &cf, &pe) != 0)
                return err_set_state(e, ERR_INVAL, "08P01", "%s", pe.msg);
            return err_set_state(e, ERR_TIMEOUT, "57014", "COPY from stdin failed: %s", cf.message);
        }
        case PGW_MSG_FLUSH:
        case PGW_MSG_SYNC:
            continue;
        case PGW_MSG_TERMINATE:
            c->in_copy = false;
            c->closing = true;
            return err_set_state(e, ERR_SHUTDOWN, "08006", "client terminated during COPY");
        default:
            c->in_copy = false;
            return err_set_state(e, ERR_INVAL, "08P01",
                                 "unexpected message type 0x%02X during COPY from stdin",
                                 (unsigned)m.type);
        }
    }
}

static int sink_copy_out_begin(void *arg, int format, size_t ncols)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    int16_t *f = mem_alloc0(c->msg_ctx, (ncols ? ncols : 1) * sizeof(int16_t));
    for (size_t i = 0; i < ncols; i++)
        f[i] = (int16_t)format;
    int rc = pgw_put_copy_out_response(&c->out, (int8_t)format, f, ncols, &e);
    return rc != 0 ? rc : maybe_flush(c);
}

static int sink_copy_out_data(void *arg, const void *data, size_t len)
{
    struct pgw_conn *c = arg;
    struct err e = {0};
    int rc = pgw_put_copy_data(&c->out, data, len, &e);
    return rc != 0 ? rc : maybe_flush(c);
}

static int sink_copy_out_done(void *arg)
{
    struct pgw_conn *c = arg;
    pgw_put_copy_done(&c->out);
    return maybe_flush(c);
}

/* ---- start-up ------------------------------------------------------------------ */

/* Start-up parameters that are not settings. */
static bool not_a_setting(const char *k)
{
    return strcmp(k, "user") == 0 || strcmp(k, "database") == 0 ||
           strcmp(k, "application_name") == 0 || strcmp(k, "client_encoding") == 0 ||
           strcmp(k, "replication") == 0 || strcmp(k, "options") == 0 ||
           strncmp(k, "_pq_.", 5) == 0;
}

/* Split the "options" start-up parameter ("-c x=y --x=y", backslash
 * escapes a space) into settings, as PostgreSQL's pg_split_opts and
 * process_postgres_switches (only -c / --name=value are accepted). */
static int split_options(struct pgw_conn *c, const char *opts, const char ***names,
                         const char ***values, size_t *n, size_t *cap)
{
    const char *p = opts;
    bool want_c = false;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        struct sbuf w;
        sbuf_init(&w);
        while (*p && *p != ' ' && *p != '\t') {
            if (*p == '\\' && p[1])
                p++;
            sbuf_putc(&w, *p++);
        }
        const char *arg = NULL;
        if (want_c) {
            arg = w.data;
            want_c = false;
        } else if (strcmp(w.data, "-c") == 0) {
            want_c = true;
        } else if (strncmp(w.data, "-c", 2) == 0) {
            arg = w.data + 2;
        } else if (strncmp(w.data, "--", 2) == 0) {
            arg = w.data + 2;
        } else {
            pgw__fatal(c, "42601", "invalid command-line argument for server process: %s", w.data);
            sbuf_free(&w);
            return -1;
        }
        if (arg != NULL) {
            const char *eq = strchr(arg, '=');
            if (eq == NULL) {
                pgw__fatal(c, "42601", "-c %s requires a value", arg);
                sbuf_free(&w);
                return -1;
            }
            if (*n == *cap) {
                size_t nc = *cap * 2 + 4;
                const char **nn = mem_alloc(c->msg_ctx, nc * sizeof(*nn));
                const char **nv = mem_alloc(c->msg_ctx, nc * sizeof(*nv));
                if (*n) {
                    memcpy(nn, *names, *n * sizeof(*nn));
                    memcpy(nv, *values, *n * sizeof(*nv));
                }
                *names = nn;
                *values = nv;
                *cap = nc;
            }
            char *name = mem_strndup(c->msg_ctx, arg, (size_t)(eq - arg));
            for (char *q = name; *q; q++)
                if (*q == '-')
                    *q = '_';
            (*names)[*n] = name;
            (*values)[*n] = mem_strdup(c->msg_ctx, eq + 1);
            (*n)++;
        }
        sbuf_free(&w);
    }
    return 0;
}

/* PostgreSQL's encoding-name comparison: letters and digits, any case
 * (asyncpg sends client_encoding='utf-8' with the quotes). */
static bool enc_is(const char *v, const char *key)
{
    char k[64];
    str_encoding_key(v, k, sizeof(k));
    return strcmp(k, key) == 0;
}

static bool utf8_name(const char *v)
{
    return enc_is(v, "utf8") || enc_is(v, "unicode");
}

static void copy_name(char *dst, const char *src)
{
    /* NAMEDATALEN truncation, as PostgreSQL (at a byte: names are ASCII in practice). */
    snprintf(dst, SQL_NAME_BUF, "%s", src);
}

/* Check the start-up packet's parameters; FATAL and -1 on a bad one. */
static int startup_params(struct pgw_conn *c, const struct pgw_startup *st)
{
    const char *user = pgw_startup_get(st, "user");
    const char *db = pgw_startup_get(st, "database");
    const char *app = pgw_startup_get(st, "application_name");
    const char *enc = pgw_startup_get(st, "client_encoding");
    const char *repl = pgw_startup_get(st, "replication");
    if (!pgw_utf8_valid(user, strlen(user)) || (db && !pgw_utf8_valid(db, strlen(db)))) {
        pgw__fatal(c, PGW_SQLSTATE_BAD_ENCODING, "invalid byte sequence in start-up packet");
        return -1;
    }
    copy_name(c->user, user);
    copy_name(c->database, db && db[0] ? db : user);
    if (app != NULL && pgw_utf8_valid(app, strlen(app)))
        copy_name(c->appname, app);
    snprintf(c->client_encoding, sizeof(c->client_encoding), "UTF8");
    if (enc != NULL) {
        if (enc_is(enc, "sqlascii")) {
            snprintf(c->client_encoding, sizeof(c->client_encoding), "SQL_ASCII");
        } else if (!utf8_name(enc)) {
            struct pgw_notice n = {
                .severity = "FATAL",
                .sqlstate = PGW_SQLSTATE_INVALID_PARAMETER,
                .message = "invalid value for parameter \"client_encoding\"",
                .detail = "This server supports only the UTF8 client encoding (and SQL_ASCII).",
            };
            char msg[200];
            snprintf(msg, sizeof(msg), "invalid value for parameter \"client_encoding\": \"%.60s\"",
                     enc);
            n.message = msg;
            struct err e = {0};
            pgw_put_error(&c->out, &n, &e);
            pgw__flush(c);
            c->closing = true;
            return -1;
        }
    }
    if (repl != NULL && strcasecmp(repl, "false") != 0 && strcasecmp(repl, "off") != 0 &&
        strcmp(repl, "0") != 0) {
        pgw__fatal(c, "0A000", "replication connections are not supported");
        return -1;
    }
    return 0;
}

/* The settings of the start-up packet, in order (options first, as
 * PostgreSQL applies them before the packet's own parameters). */
static int startup_settings(struct pgw_conn *c, const struct pgw_startup *st,
                            struct sql_session_params *sp)
{
    const char **names = NULL, **values = NULL;
    size_t n = 0, cap = 0;
    const char *opts = pgw_startup_get(st, "options");
    if (opts != NULL && split_options(c, opts, &names, &values, &n, &cap) != 0)
        return -1;
    for (size_t i = 0; i < st->nparams; i++) {
        if (not_a_setting(st->names[i]))
            continue;
        if (n == cap) {
            size_t nc = cap * 2 + 8;
            const char **nn = mem_alloc(c->msg_ctx, nc * sizeof(*nn));
            const char **nv = mem_alloc(c->msg_ctx, nc * sizeof(*nv));
            if (n) {
                memcpy(nn, names, n * sizeof(*nn));
                memcpy(nv, values, n * sizeof(*nv));
            }
            names = nn;
            values = nv;
            cap = nc;
        }
        /* Copied: the packet's body is the decoder's, reused by the
         * authentication exchange that follows. */
        names[n] = mem_strdup(c->msg_ctx, st->names[i]);
        values[n] = mem_strdup(c->msg_ctx, st->values[i]);
        n++;
    }
    if (strcmp(c->client_encoding, "UTF8") != 0 && n < cap) {
        names[n] = "client_encoding";
        values[n] = c->client_encoding;
        n++;
    } else if (strcmp(c->client_encoding, "UTF8") != 0) {
        const char **nn = mem_alloc(c->msg_ctx, (n + 1) * sizeof(*nn));
        const char **nv = mem_alloc(c->msg_ctx, (n + 1) * sizeof(*nv));
        if (n) {
            memcpy(nn, names, n * sizeof(*nn));
            memcpy(nv, values, n * sizeof(*nv));
        }
        names = nn;
        values = nv;
        names[n] = "client_encoding";
        values[n] = c->client_encoding;
        n++;
    }
    sp->nsettings = n;
    sp->setting_names = names;
    sp->setting_values = values;
    return 0;
}

static int param_status(struct pgw_conn *c, const char *k, const char *v)
{
    struct err e = {0};
    return pgw_put_parameter_status(&c->out, k, v, &e);
}

static void send_ready_info(struct pgw_conn *c, const struct sql_sink *sink)
{
    /* What libpq, psql and drivers read at start-up (PostgreSQL's
     * GUC_REPORT settings): the session's reported settings, then the two
     * fixed by authentication. */
    sql_session_report(c->sql, sink, true);
    param_status(c, "is_superuser", c->superuser ? "on" : "off");
    param_status(c, "session_authorization", c->user);
    pgw_put_backend_key_data(&c->out, c->pid, c->key);
}

/* Negotiate: we speak 3.0 and no "_pq_." option. */
static int negotiate(struct pgw_conn *c, const struct pgw_startup *st)
{
    size_t nopts = 0;
    if (!pgw_startup_needs_negotiation(st, &nopts))
        return 0;
    const char **opts = mem_alloc(c->msg_ctx, (nopts ? nopts : 1) * sizeof(*opts));
    size_t k = 0;
    for (size_t i = 0; i < st->nparams && k < nopts; i++)
        if (strncmp(st->names[i], "_pq_.", 5) == 0)
            opts[k++] = st->names[i];
    struct err e = {0};
    return pgw_put_negotiate_protocol_version(&c->out, 0, opts, k, &e);
}

/* LISTEN / NOTIFY: another session's commit wakes this connection. */
static void notify_wake(void *arg)
{
    struct pgw_conn *c = arg;
    uint64_t one = 1;
    ssize_t w = write(c->notify_fd, &one, sizeof(one));
    (void)w; /* the counter saturating means a wake is pending anyway */
}

/* pg_terminate_backend (sql_session_params.terminate), from the calling
 * session's thread while this connection's session is open: mark it and
 * wake a read blocked on the socket (SHUT_RD leaves writes working); the
 * serve loop then sends FATAL 57P01 and closes. */
/* The connection's client and server endpoints (pg_stat_activity,
 * inet_client_addr() ...): empty on a Unix-domain socket. */
static void endpoints(const struct pgw_conn *c, char caddr[64], int32_t *cport, char saddr[64],
                      int32_t *sport)
{
    caddr[0] = saddr[0] = '\0';
    *cport = *sport = -1;
    if (c->is_unix)
        return;
    pgw__sockaddr_text(&c->addr, caddr, 64, cport);
    struct sockaddr_storage local;
    socklen_t len = sizeof(local);
    if (getsockname(c->fd, (struct sockaddr *)&local, &len) == 0)
        pgw__sockaddr_text(&local, saddr, 64, sport);
}

/* A certificate name as PostgreSQL's X509_NAME_to_cstring prints it:
 * "/CN=alice/O=org" (RFC 2253 escaping, UTF-8). "" when it does not fit. */
static void x509_name_text(X509_NAME *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    BIO *m = BIO_new(BIO_s_mem());
    if (m == NULL)
        return;
    int count = X509_NAME_entry_count(name);
    for (int i = 0; i < count; i++) {
        X509_NAME_ENTRY *ent = X509_NAME_get_entry(name, i);
        int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(ent));
        const char *field = nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
        if (field == NULL && nid != NID_undef)
            field = OBJ_nid2ln(nid);
        BIO_printf(m, "/%s=", field ? field : "?");
        ASN1_STRING_print_ex(m, X509_NAME_ENTRY_get_data(ent),
                             (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) |
                                 ASN1_STRFLGS_UTF8_CONVERT);
    }
    char *p = NULL;
    long n = BIO_get_mem_data(m, &p);
    if (n > 0 && (size_t)n < cap) {
        memcpy(buf, p, (size_t)n);
        buf[n] = '\0';
    }
    BIO_free(m);
}

/* pg_stat_ssl's columns for a TLS connection. */
static void ssl_info(const struct pgw_conn *c, struct sql_ssl_info *si)
{
    memset(si, 0, sizeof(*si));
    snprintf(si->version, sizeof(si->version), "%s", SSL_get_version(c->ssl));
    const SSL_CIPHER *ci = SSL_get_current_cipher(c->ssl);
    if (ci != NULL) {
        snprintf(si->cipher, sizeof(si->cipher), "%s", SSL_CIPHER_get_name(ci));
        si->bits = SSL_CIPHER_get_bits(ci, NULL);
    }
    X509 *cert = SSL_get1_peer_certificate(c->ssl);
    if (cert == NULL)
        return;
    x509_name_text(X509_get_subject_name(cert), si->client_dn, sizeof(si->client_dn));
    x509_name_text(X509_get_issuer_name(cert), si->issuer_dn, sizeof(si->issuer_dn));
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), NULL);
    char *dec = bn ? BN_bn2dec(bn) : NULL;
    if (dec != NULL)
        snprintf(si->client_serial, sizeof(si->client_serial), "%s", dec);
    if (si->client_serial[0] == '\0')
        si->client_dn[0] = '\0'; /* all three or none */
    OPENSSL_free(dec);
    BN_free(bn);
    X509_free(cert);
}

static void terminate_conn(void *arg)
{
    struct pgw_conn *c = arg;
    atomic_store(&c->terminate, true);
    shutdown(c->fd, SHUT_RD);
}

/* Start-up phase until ReadyForQuery. Returns 0 when the session may run
 * queries; else the connection is done. */
static int startup(struct pgw_conn *c, const struct sql_sink *sink)
{
    struct pgw_server *s = c->srv;
    bool ssl_done = false, gss_done = false;
    struct pgw_msg m;
    struct err e = {0};
    for (;;) {
        int rc = pgw__next_msg(c, &m);
        if (rc != 0)
            return rc;
        switch (m.type) {
        case PGW_MSG_SSL_REQUEST:
            if (ssl_done) {
                pgw__fatal(c, "0A000",
                           "unsupported frontend protocol 1234.5679: server "
                           "supports 3.0 to 3.0");
                return ERR_INVAL;
            }
            ssl_done = true;
            /* CVE-2021-23214: nothing may follow the request before the
             * handshake. */
            if (c->rpos < c->rlen) {
                pgw__fatal(c, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                           "received unencrypted data after SSL request");
                return ERR_INVAL;
            }
            if (s->ssl_ctx != NULL && !c->is_unix) {
                pgw_put_ssl_answer(&c->out, 'S');
                if (pgw__flush(c) != 0)
                    return ERR_IO;
                if (pgw__tls_accept(c, &e) != 0) {
                    log_warn("pgwire", "%s: %s", c->peer, e.msg);
                    c->closing = true;
                    return e.code;
                }
            } else {
                pgw_put_ssl_answer(&c->out, 'N');
                if (pgw__flush(c) != 0)
                    return ERR_IO;
            }
            break;
        case PGW_MSG_GSSENC_REQUEST:
            if (gss_done || c->rpos < c->rlen) {
                pgw__fatal(c, PGW_SQLSTATE_PROTOCOL_VIOLATION,
                           "received unencrypted data after GSSAPI encryption request");
                return ERR_INVAL;
            }
            gss_done = true;
            pgw_put_ssl_answer(&c->out, 'N');
            if (pgw__flush(c) != 0)
                return ERR_IO;
            break;
        case PGW_MSG_CANCEL_REQUEST: {
            struct pgw_cancel cr;
            if (pgw_parse_cancel(&m, &cr, &e) == 0)
                pgw__cancel_signal(s, cr.pid, cr.key);
            c->closing = true;
            return ERR_SHUTDOWN; /* no answer, as PostgreSQL */
        }
        case PGW_MSG_STARTUP: {
            struct pgw_startup st;
            if (pgw_parse_startup(&m, c->msg_ctx, &st, &e) != 0) {
                pgw__fatal(c, err_sqlstate(&e), "%s", e.msg);
                return e.code;
            }
            if (c->over_limit) {
                log_warn("pgwire",
                         "connection from %s refused: too many clients already "
                         "(network.max_connections = %lld)",
                         c->peer, (long long)s->cfg.network.max_connections);
                pgw__fatal(c, "53300", "sorry, too many clients already");
                return ERR_LIMIT;
            }
            if (startup_params(c, &st) != 0)
                return ERR_INVAL;
            if (negotiate(c, &st) != 0)
                return ERR_INVAL;
            struct sql_session_params sp = {0};
            if (startup_settings(c, &st, &sp) != 0)
                return ERR_INVAL;
            rc = pgw__authenticate(c);
            if (rc != 0)
                return rc;
            bool found = false;
            if (sql_database_exists(s->kv, c->database, &found, &e) != 0) {
                pgw__fatal(c, err_sqlstate(&e), "could not read the catalog: %s", e.msg);
                return e.code;
            }
            if (!found) {
                pgw__fatal(c, "3D000", "database \"%s\" does not exist", c->database);
                return ERR_NOTFOUND;
            }
            sp.user = c->user;
            sp.database = c->database;
            sp.application_name = c->appname;
            sp.cancel = &c->cancel;
            sp.terminate = terminate_conn;
            sp.terminate_arg = c;
            sp.catalog = s->cat;
            sp.superuser = c->superuser;
            pgw__cancel_register(c); /* the pid: pg_backend_pid() */
            sp.backend_pid = c->pid;
            char caddr[64], saddr[64];
            endpoints(c, caddr, &sp.client_port, saddr, &sp.server_port);
            sp.client_addr = caddr[0] ? caddr : NULL;
            sp.server_addr = saddr[0] ? saddr : NULL;
            struct sql_ssl_info si;
            if (c->ssl != NULL) {
                ssl_info(c, &si);
                sp.ssl = &si;
            }
            if (sql_session_open(s->kv, &sp, &c->sql, &e) != 0 ||
                sql_session_connect_check(c->sql, &e) != 0) { /* CONNECT privilege */
                send_error_sev(c, "FATAL", &e);
                pgw__flush(c);
                c->closing = true;
                return e.code;
            }
            c->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (c->notify_fd >= 0)
                sql_session_set_notify_wake(c->sql, notify_wake, c);
            send_ready_info(c, sink);
            pgw_put_ready_for_query(&c->out, SQL_TXN_IDLE);
            c->deadline_ms = 0;
            pgw_dec_set_phase(&c->dec, PGW_PHASE_NORMAL);
            return pgw__flush(c);
        }
        default:
            pgw__fatal(c, PGW_SQLSTATE_PROTOCOL_VIOLATION, "invalid start-up packet");
            return ERR_INVAL;
        }
        mem_ctx_reset(c->msg_ctx);
    }
}

/* ---- queries ------------------------------------------------------------------- */

/* NotificationResponse for every notification waiting, when the session
 * is outside a transaction (PostgreSQL delivers them between transactions). */
static void send_notifications(struct pgw_conn *c)
{
    if (c->sql == NULL || sql_session_txn_status(c->sql) != SQL_TXN_IDLE)
        return;
    int32_t pid;
    const char *ch, *pl;
    while (sql_session_notify_take(c->sql, c->msg_ctx, &pid, &ch, &pl))
        pgw_put_notification(&c->out, pid, ch, pl);
}

/* Idle and listening: wait for the client or a notification, sending each
 * notification as it comes (PostgreSQL's ProcessClientReadInterrupt).
 * Returns when the socket is readable (or failed: the read reports it). */
static void wait_idle(struct pgw_conn *c)
{
    while (!c->closing && c->notify_fd >= 0 && sql_session_notify_pending(c->sql) &&
           sql_session_txn_status(c->sql) == SQL_TXN_IDLE && !atomic_load(&c->srv->stopping)) {
        if (c->ssl != NULL && SSL_pending(c->ssl) > 0)
            return;
        struct pollfd p[2] = {{.fd = c->fd, .events = POLLIN},
                              {.fd = c->notify_fd, .events = POLLIN}};
        int r = poll(p, 2, 1000);
        if (r < 0 && errno != EINTR)
            return;
        if (r > 0 && (p[1].revents & POLLIN)) {
            uint64_t n;
            ssize_t rd = read(c->notify_fd, &n, sizeof(n));
            (void)rd;
            send_notifications(c);
            if (pgw__flush(c) != 0)
                return;
            mem_ctx_reset(c->msg_ctx);
        }
        if (r > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
            return;
    }
}

static void ready(struct pgw_conn *c, const struct sql_sink *sink)
{
    send_notifications(c);
    sql_session_report(c->sql, sink, false); /* ParameterStatus of changed settings */
    pgw_put_ready_for_query(&c->out, (char)sql_session_txn_status(c->sql));
    pgw__flush(c);
}

/* One message in the READY state. *skip: ignoring until Sync after an
 * extended-protocol error. Returns 0 to go on, else the session ends. */
static int handle(struct pgw_conn *c, const struct pgw_msg *m, const struct sql_sink *sink,
                  bool *skip)
{
    struct pgw_fmsg f;
    struct err e = {0};
    int t = m->type;
    if (t == PGW_MSG_TERMINATE)
        return ERR_SHUTDOWN;
    bool extended = t == PGW_MSG_PARSE || t == PGW_MSG_BIND || t == PGW_MSG_DESCRIBE ||
                    t == PGW_MSG_EXECUTE || t == PGW_MSG_CLOSE || t == PGW_MSG_FLUSH;
    if (*skip && extended)
        return 0;
    if (pgw_msg_parse(m, c->msg_ctx, &f, &e) != 0) {
        if (strcmp(err_sqlstate(&e), PGW_SQLSTATE_PROTOCOL_VIOLATION) == 0) {
            pgw__fatal(c, err_sqlstate(&e), "%s", e.msg);
            return e.code;
        }
        send_error(c, &e);
        if (extended) {
            *skip = true;
            return pgw__flush(c) != 0 ? ERR_IO : 0;
        }
        if (t == PGW_MSG_QUERY || t == PGW_MSG_FUNCTION_CALL)
            ready(c, sink);
        return c->closing ? ERR_IO : 0;
    }
    int rc = 0;
    switch (t) {
    case PGW_MSG_QUERY:
        rc = sql_exec_simple(c->sql, f.u.query.sql, f.u.query.len, sink, &e);
        if (rc != 0 && !c->closing)
            send_error(c, &e);
        ready(c, sink);
        break;
    case PGW_MSG_PARSE:
        rc = sql_prepare(c->sql, f.u.parse.stmt, f.u.parse.query, f.u.parse.query_len,
                         f.u.parse.nparams, f.u.parse.param_types, &e);
        if (rc == 0)
            pgw_put_parse_complete(&c->out);
        break;
    case PGW_MSG_BIND: {
        const struct pgw_bind *b = &f.u.bind;
        int16_t *fmts = mem_alloc(c->msg_ctx, (b->nparams ? b->nparams : 1) * sizeof(int16_t));
        for (uint16_t i = 0; i < b->nparams; i++)
            fmts[i] = (int16_t)pgw_bind_param_format(b, i);
        rc = sql_bind(c->sql, b->portal, b->stmt, b->nparams,
                      (const struct sql_datum *)(const void *)b->params, fmts, b->nresult_formats,
                      b->result_formats, &e);
        if (rc == 0)
            pgw_put_bind_complete(&c->out);
        break;
    }
    case PGW_MSG_DESCRIBE: {
        if (f.u.target.kind == 'S') {
            uint32_t *types = mem_alloc(c->msg_ctx, 65536 * sizeof(uint32_t));
            size_t np = 0;
            /* ParameterDescription comes before RowDescription/NoData: the
             * sink output is appended after it. */
            size_t mark = c->out.len;
            c->hold = true;
            rc = sql_describe_statement(c->sql, f.u.target.name, types, 65536, &np, sink, &e);
            c->hold = false;
            if (rc == 0) {
                struct sbuf pd;
                sbuf_init(&pd);
                struct err pe = {0};
                rc = pgw_put_parameter_description(&pd, types, np, &pe);
                if (rc == 0 && mark <= c->out.len) {
                    size_t tail = c->out.len - mark;
                    sbuf_reserve(&c->out, pd.len);
                    memmove(c->out.data + mark + pd.len, c->out.data + mark, tail);
                    memcpy(c->out.data + mark, pd.data, pd.len);
                    c->out.len += pd.len;
                } else if (rc != 0) {
                    e = pe;
                }
                sbuf_free(&pd);
            }
        } else {
            rc = sql_describe_portal(c->sql, f.u.target.name, sink, &e);
        }
        break;
    }
    case PGW_MSG_EXECUTE: {
        bool suspended = false;
        rc = sql_execute(c->sql, f.u.execute.portal, f.u.execute.max_rows, sink, &suspended, &e);
        if (rc == 0 && suspended)
            pgw_put_portal_suspended(&c->out);
        break;
    }
    case PGW_MSG_CLOSE:
        if (f.u.target.kind == 'S')
            sql_close_statement(c->sql, f.u.target.name);
        else
            sql_close_portal(c->sql, f.u.target.name);
        pgw_put_close_complete(&c->out);
        break;
    case PGW_MSG_SYNC:
        *skip = false;
        if (sql_sync(c->sql, &e) != 0)
            send_error(c, &e);
        ready(c, sink);
        return c->closing ? ERR_IO : 0;
    case PGW_MSG_FLUSH:
        return pgw__flush(c);
    case PGW_MSG_COPY_DATA:
    case PGW_MSG_COPY_DONE:
    case PGW_MSG_COPY_FAIL:
        return 0; /* outside COPY: ignored, as PostgreSQL (a COPY may have failed) */
    default:
        pgw__fatal(c, PGW_SQLSTATE_PROTOCOL_VIOLATION, "invalid frontend message type %d", t);
        return ERR_INVAL;
    }
    if (rc != 0 && extended) {
        if (!c->closing)
            send_error(c, &e);
        *skip = true;
    }
    if (c->closing)
        return ERR_IO;
    return maybe_flush(c);
}

static void serve(struct pgw_conn *c, const struct sql_sink *sink)
{
    bool skip = false;
    struct pgw_msg m;
    while (!c->closing) {
        if (atomic_load(&c->srv->stopping) || atomic_load(&c->terminate)) {
            pgw__fatal(c, "57P01", "terminating connection due to administrator command");
            break;
        }
        /* idle_in_transaction_session_timeout: only while waiting for the
         * next message inside a transaction block. */
        int idle = sql_session_idle_timeout_ms(c->sql);
        if (idle > 0 && c->rpos >= c->rlen) {
            c->deadline_ms = pgw__now_ms() + (uint64_t)idle;
            c->idle_armed = true;
        }
        if (c->rpos >= c->rlen)
            wait_idle(c);
        int nrc = pgw__next_msg(c, &m);
        c->deadline_ms = 0;
        c->idle_armed = false;
        if (nrc != 0)
            break;
        int rc = handle(c, &m, sink, &skip);
        mem_ctx_reset(c->msg_ctx);
        if (rc != 0)
            break;
    }
}

/* ---- the thread ------------------------------------------------------------------ */

void *pgw__session_main(void *arg)
{
    struct pgw_conn *c = arg;
    struct pgw_server *s = c->srv;
    pthread_setname_np(pthread_self(), "sf-pgw-session");
    sbuf_init(&c->out);
    pgw_dec_init(&c->dec, (size_t)s->cfg.network.max_message_size_mb << 20);
    c->msg_ctx = mem_ctx_new(NULL, "pgw message");
    c->deadline_ms = pgw__now_ms() + (uint64_t)s->cfg.network.connection_timeout_sec * 1000u;

    const struct sql_sink sink = {.row_description = sink_row_description,
                                  .data_row = sink_data_row,
                                  .command_complete = sink_command_complete,
                                  .empty_query = sink_empty_query,
                                  .notice = sink_notice,
                                  .copy_in_begin = sink_copy_in_begin,
                                  .copy_in_read = sink_copy_in_read,
                                  .copy_out_begin = sink_copy_out_begin,
                                  .copy_out_data = sink_copy_out_data,
                                  .copy_out_done = sink_copy_out_done,
                                  .parameter_status = sink_parameter_status,
                                  .arg = c};
    if (startup(c, &sink) == 0)
        serve(c, &sink);

    if (c->sql != NULL)
        sql_session_close(c->sql);
    if (c->notify_fd >= 0) /* after the session left the NOTIFY hub: no wake comes later */
        close(c->notify_fd);
    if (c->ssl != NULL) {
        if (!c->closing)
            SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    pgw_dec_free(&c->dec);
    mem_ctx_free(c->msg_ctx);
    sbuf_free(&c->out);
    met_gauge_add(s->m_current, -1);

    pthread_mutex_lock(&s->mu);
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    s->nconns--;
    if (c->over_limit)
        s->nover--;
    close(c->fd); /* under mu: the stopping thread may shutdown() it */
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->mu);
    /* s may be freed from here on. */
    xfree(c);
    return NULL;
}
