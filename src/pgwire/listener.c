/* listener.c — the SQL listener: TCP on cluster.sql_address and the Unix
 * socket DATA/.s.PGSQL.<port>, an accept thread that starts one detached
 * session thread per connection, the connection limit, metrics, and the
 * shutdown that waits for the sessions.
 *
 * Threads: the accept thread (`sf-pgw-accept`) polls both listening sockets
 * and the wake pipe; session threads (`sf-pgw-session`) own their struct
 * pgw_conn. srv->mu protects the connection list and count; it is a leaf.
 */
#include "pgwire/pgw_int.h"

#include "common/log.h"
#include "common/metrics.h"
#include "sql/catalog.h"
#include "sql/temp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

uint64_t pgw__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int listen_tcp(struct pgw_server *s, struct err *err)
{
    char host[256], port_s[16];
    int port;
    const char *addr = s->cfg.cluster.sql_address;
    if (str_parse_hostport(addr, host, sizeof(host), &port) != 0)
        return err_set(err, ERR_CONFIG, "cluster.sql_address: bad address \"%s\"", addr);
    snprintf(port_s, sizeof(port_s), "%d", port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int g = getaddrinfo(host[0] ? host : NULL, port_s, &hints, &res);
    if (g != 0)
        return err_set(err, ERR_CONFIG, "cluster.sql_address %s: %s", addr, gai_strerror(g));
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        freeaddrinfo(res);
        return err_errno(err, errno, "socket");
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
        int e = errno;
        freeaddrinfo(res);
        close(fd);
        err_errno(err, e, "listen on %s", addr);
        if (e == EADDRINUSE)
            err->code = ERR_BUSY;
        return err_prefix(err, "SQL listener (cluster.sql_address; change it in the config or "
                               "pass --sql-listen HOST:PORT)");
    }
    freeaddrinfo(res);
    s->tcp_fd = fd;
    return 0;
}

/* DATA/.s.PGSQL.<port>, with PostgreSQL's lock file beside it. A stale
 * socket (its lock not held) is removed; the data directory's own lock
 * already excludes a second node on this directory. */
static int listen_unix(struct pgw_server *s, struct err *err)
{
    char host[256];
    int port;
    if (str_parse_hostport(s->cfg.cluster.sql_address, host, sizeof(host), &port) != 0)
        return 0;
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    int n = snprintf(s->unix_path, sizeof(s->unix_path), "%s/.s.PGSQL.%d",
                     s->cfg.cluster.data_directory, port);
    if (n < 0 || (size_t)n >= sizeof(sa.sun_path)) {
        log_warn("pgwire", "Unix socket path %s is longer than %zu bytes; not listening on it",
                 s->unix_path, sizeof(sa.sun_path) - 1);
        s->unix_path[0] = '\0';
        return 0;
    }
    memcpy(sa.sun_path, s->unix_path, (size_t)n + 1);
    unlink(s->unix_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return err_errno(err, errno, "socket");
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 128) != 0) {
        int e = errno;
        close(fd);
        s->unix_path[0] = '\0';
        return err_errno(err, e, "SQL listener: Unix socket %s", sa.sun_path);
    }
    chmod(s->unix_path, 0777);
    s->unix_fd = fd;
    return 0;
}

void pgw__sockaddr_text(const struct sockaddr_storage *a, char *buf, size_t cap, int32_t *port)
{
    buf[0] = '\0';
    *port = -1;
    if (a->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)a;
        if (inet_ntop(AF_INET, &in->sin_addr, buf, (socklen_t)cap) != NULL)
            *port = ntohs(in->sin_port);
    } else if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)a;
        if (inet_ntop(AF_INET6, &in->sin6_addr, buf, (socklen_t)cap) != NULL)
            *port = ntohs(in->sin6_port);
    }
    if (*port < 0)
        buf[0] = '\0';
}

static void peer_name(struct pgw_conn *c)
{
    if (c->is_unix) {
        snprintf(c->peer, sizeof(c->peer), "[local]");
        snprintf(c->host, sizeof(c->host), "[local]");
        return;
    }
    char h[INET6_ADDRSTRLEN];
    int32_t port;
    pgw__sockaddr_text(&c->addr, h, sizeof(h), &port);
    if (port < 0) {
        snprintf(h, sizeof(h), "?");
        port = 0;
    }
    snprintf(c->host, sizeof(c->host), "%s", h);
    snprintf(c->peer, sizeof(c->peer), "%s:%d", h, (int)port);
}

/* Too many clients: answer at once, without a thread (PostgreSQL sends the
 * same FATAL before reading anything; libpq reads it even in place of the
 * answer to an SSLRequest). */
static void reject_full(int fd)
{
    struct sbuf b;
    struct err e = {0};
    sbuf_init(&b);
    struct pgw_notice n = {
        .severity = "FATAL", .sqlstate = "53300", .message = "sorry, too many clients already"};
    if (pgw_put_error(&b, &n, &e) == 0) {
        ssize_t w = send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)w;
    }
    sbuf_free(&b);
    close(fd);
}

static void accept_one(struct pgw_server *s, int lfd, bool is_unix)
{
    struct sockaddr_storage addr;
    socklen_t alen = sizeof(addr);
    int fd = accept4(lfd, (struct sockaddr *)&addr, &alen, SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
            log_warn("pgwire", "accept: %s", strerror(errno));
            if (errno == EMFILE || errno == ENFILE)
                usleep(100 * 1000); /* let sessions close before polling again */
        }
        return;
    }
    if (!is_unix) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
    }
    pthread_mutex_lock(&s->mu);
    /* Past the limit PostgreSQL still negotiates SSL and reads the start-up
     * packet before "too many clients" (libpq does not show an error sent
     * in place of the SSL answer): a few threads do that; beyond them the
     * error is written at once. */
    bool over = s->nconns - s->nover >= (size_t)s->cfg.network.max_connections;
    bool full = over && s->nover >= PGW_OVER_LIMIT_SLOTS;
    if (over)
        met_counter_inc(s->m_rejected);
    if (full) {
        pthread_mutex_unlock(&s->mu);
        log_warn("pgwire",
                 "connection refused: too many clients already (network.max_connections "
                 "= %lld)",
                 (long long)s->cfg.network.max_connections);
        reject_full(fd);
        return;
    }
    struct pgw_conn *c = xcalloc(1, sizeof(*c));
    c->notify_fd = -1;
    c->srv = s;
    c->fd = fd;
    c->is_unix = is_unix;
    c->over_limit = over;
    c->addr = addr;
    peer_name(c);
    c->next = s->conns;
    if (s->conns != NULL)
        s->conns->prev = c;
    s->conns = c;
    s->nconns++;
    if (over)
        s->nover++;
    pthread_mutex_unlock(&s->mu);
    met_counter_inc(s->m_total);
    met_gauge_add(s->m_current, 1);

    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 1u << 20);
    int rc = pthread_create(&th, &attr, pgw__session_main, c);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        log_error("pgwire", "cannot start a session thread: %s", strerror(rc));
        pthread_mutex_lock(&s->mu);
        if (c->prev)
            c->prev->next = c->next;
        else
            s->conns = c->next;
        if (c->next)
            c->next->prev = c->prev;
        s->nconns--;
        if (over)
            s->nover--;
        pthread_mutex_unlock(&s->mu);
        met_gauge_add(s->m_current, -1);
        reject_full(fd);
        xfree(c);
    }
}

static void *accept_main(void *arg)
{
    struct pgw_server *s = arg;
    pthread_setname_np(pthread_self(), "sf-pgw-accept");
    for (;;) {
        struct pollfd p[3];
        int n = 0;
        p[n++] = (struct pollfd){.fd = s->wake[0], .events = POLLIN};
        p[n++] = (struct pollfd){.fd = s->tcp_fd, .events = POLLIN};
        if (s->unix_fd >= 0)
            p[n++] = (struct pollfd){.fd = s->unix_fd, .events = POLLIN};
        int r = poll(p, (nfds_t)n, -1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            log_error("pgwire", "poll: %s", strerror(errno));
            break;
        }
        if (p[0].revents != 0 || atomic_load(&s->stopping))
            break;
        if (p[1].revents & POLLIN)
            accept_one(s, s->tcp_fd, false);
        if (n > 2 && (p[2].revents & POLLIN))
            accept_one(s, s->unix_fd, true);
    }
    return NULL;
}

static void register_metrics(struct pgw_server *s)
{
    s->m_current =
        met_gauge_new("shardforge_sql_connections", "Open SQL client connections.", NULL);
    s->m_total = met_counter_new("shardforge_sql_connections_total",
                                 "SQL client connections accepted.", NULL);
    s->m_rejected = met_counter_new("shardforge_sql_connections_rejected_total",
                                    "SQL connections refused (network.max_connections).", NULL);
    s->m_auth_fail = met_counter_new("shardforge_sql_auth_failures_total",
                                     "Failed SQL authentication attempts.", NULL);
    s->m_bytes_in = met_counter_new("shardforge_sql_bytes_received_total",
                                    "Bytes received from SQL clients.", NULL);
    s->m_bytes_out =
        met_counter_new("shardforge_sql_bytes_sent_total", "Bytes sent to SQL clients.", NULL);
    s->m_cancels = met_counter_new("shardforge_sql_cancel_requests_total",
                                   "CancelRequests received (valid or not).", NULL);
}

static int load_rules(struct pgw_server *s, struct err *err)
{
    size_t n = s->cfg.security.n_auth_rules;
    s->rules = xcalloc(n ? n : 1, sizeof(*s->rules));
    for (size_t i = 0; i < n; i++) {
        char why[256];
        if (cfg_auth_rule_parse(s->cfg.security.auth_rules[i], &s->rules[i], why, sizeof(why)) != 0)
            return err_set(err, ERR_CONFIG, "security.auth_rules: entry %zu: %s", i + 1, why);
    }
    s->nrules = n;
    return 0;
}

int pgw_server_start(const struct cfg *cfg, struct kv *kv, struct pgw_server **out, struct err *err)
{
    struct pgw_server *s = xcalloc(1, sizeof(*s));
    int rc;
    s->cfg = *cfg;
    s->kv = kv;
    s->tcp_fd = s->unix_fd = -1;
    s->wake[0] = s->wake[1] = -1;
    atomic_store(&s->next_pid, 0);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cond, NULL);
    if (RAND_bytes(s->mock_key, sizeof(s->mock_key)) != 1) {
        rc = err_set(err, ERR_INTERNAL, "RAND_bytes failed");
        goto err_after_alloc;
    }
    rc = load_rules(s, err);
    if (rc != 0)
        goto err_after_alloc;
    rc = sql_catalog_open(kv, &s->cat, err);
    if (rc != 0) {
        err_prefix(err, "SQL catalog");
        goto err_after_alloc;
    }
    sql_temp_startup_cleanup(kv); /* temp schemas a crash left behind */
    if (cfg->security.tls_enabled) {
        rc = pgw__tls_init(s, err);
        if (rc != 0)
            goto err_after_alloc;
    }
    rc = listen_tcp(s, err);
    if (rc != 0)
        goto err_after_tls;
    rc = listen_unix(s, err);
    if (rc != 0)
        goto err_after_tcp;
    if (pipe2(s->wake, O_CLOEXEC) != 0) {
        rc = err_errno(err, errno, "pipe");
        goto err_after_unix;
    }
    register_metrics(s);
    rc = pthread_create(&s->accept_thread, NULL, accept_main, s);
    if (rc != 0) {
        rc = err_set(err, ERR_INTERNAL, "cannot start the SQL accept thread: %s", strerror(rc));
        goto err_after_pipe;
    }
    s->accept_started = true;
    log_info("pgwire", "listening for SQL connections on %s%s%s (TLS %s)", cfg->cluster.sql_address,
             s->unix_path[0] ? " and " : "", s->unix_path, s->ssl_ctx ? "on" : "off");
    *out = s;
    return 0;

err_after_pipe:
    close(s->wake[0]);
    close(s->wake[1]);
err_after_unix:
    if (s->unix_fd >= 0) {
        close(s->unix_fd);
        unlink(s->unix_path);
    }
err_after_tcp:
    close(s->tcp_fd);
err_after_tls:
    pgw__tls_free(s);
err_after_alloc:
    if (s->cat != NULL)
        sql_catalog_close(s->cat);
    xfree(s->rules);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->mu);
    xfree(s);
    return rc;
}

size_t pgw_server_sessions(struct pgw_server *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->nconns;
    pthread_mutex_unlock(&s->mu);
    return n;
}

/* Shut every session's socket down (how: SHUT_RD first — the session sees
 * EOF and still sends its FATAL — then SHUT_RDWR for stragglers). */
static void shutdown_all(struct pgw_server *s, int how)
{
    for (struct pgw_conn *c = s->conns; c != NULL; c = c->next) {
        atomic_store(&c->cancel, true); /* a running statement stops at its next check */
        shutdown(c->fd, how);
    }
}

static bool wait_sessions(struct pgw_server *s, uint64_t until_ms)
{
    while (s->nconns > 0) {
        uint64_t now = pgw__now_ms();
        if (now >= until_ms)
            return false;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t wait = until_ms - now;
        if (wait > 100)
            wait = 100;
        ts.tv_nsec += (long)(wait * 1000000u);
        ts.tv_sec += ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&s->cond, &s->mu, &ts);
    }
    return true;
}

bool pgw_server_stop(struct pgw_server *s)
{
    if (s == NULL)
        return true;
    atomic_store(&s->stopping, true);
    if (s->accept_started) {
        ssize_t w = write(s->wake[1], "x", 1);
        (void)w;
        pthread_join(s->accept_thread, NULL);
    }
    close(s->wake[0]);
    close(s->wake[1]);
    close(s->tcp_fd);
    if (s->unix_fd >= 0) {
        close(s->unix_fd);
        unlink(s->unix_path);
    }
    uint64_t start = pgw__now_ms();
    pthread_mutex_lock(&s->mu);
    size_t open_sessions = s->nconns;
    shutdown_all(s, SHUT_RD);
    bool done = wait_sessions(s, start + PGW_STOP_GRACE_MS);
    if (!done) {
        shutdown_all(s, SHUT_RDWR);
        done = wait_sessions(s, start + PGW_STOP_LIMIT_MS);
    }
    pthread_mutex_unlock(&s->mu);
    if (!done) {
        /* A session thread is stuck (it must be inside a lower layer): keep
         * the server's memory rather than free it under the thread. */
        log_error("pgwire", "%zu SQL sessions did not finish within %d ms; abandoning them",
                  s->nconns, PGW_STOP_LIMIT_MS);
        return false;
    }
    if (open_sessions > 0)
        log_info("pgwire", "closed %zu SQL sessions", open_sessions);
    pgw__tls_free(s);
    if (s->cat != NULL)
        sql_catalog_close(s->cat);
    xfree(s->rules);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->mu);
    xfree(s);
    return true;
}
