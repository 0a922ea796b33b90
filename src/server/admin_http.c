/* admin_http.c — the admin HTTP server (libmicrohttpd, its own thread).
 *
 *   GET /health   200 "ok" while the process runs
 *   GET /ready    200 "ready" when SERVING, else 503 with the state
 *   GET /metrics  Prometheus text exposition format 0.0.4
 *   GET /status   JSON (the document of `shardforge status --json`)
 * Other paths get 404, other methods 405. We create and bind the listening
 * socket ourselves so a bind failure reports errno precisely.
 */
#include "server/server_int.h"

#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/metrics.h"
#include "common/str.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct srv_http {
    struct MHD_Daemon *daemon;
    struct srv_node *node;
    int fd;
    struct met_counter *req_health, *req_ready, *req_metrics, *req_status, *req_other;
};

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *ctype,
                             const char *body, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", ctype);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    struct srv_http *h = cls;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        static const char msg[] = "method not allowed\n";
        return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", msg,
                     sizeof(msg) - 1);
    }
    if (strcmp(url, "/health") == 0) {
        met_counter_inc(h->req_health);
        return reply(conn, MHD_HTTP_OK, "text/plain; charset=utf-8", "ok\n", 3);
    }
    if (strcmp(url, "/ready") == 0) {
        met_counter_inc(h->req_ready);
        enum srv_node_state st = srv_node_state(h->node);
        char body[64];
        int n = snprintf(body, sizeof(body), "%s\n",
                         st == SRV_SERVING ? "ready" : srv_node_state_name(st));
        return reply(conn, st == SRV_SERVING ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
                     "text/plain; charset=utf-8", body, (size_t)n);
    }
    if (strcmp(url, "/metrics") == 0) {
        met_counter_inc(h->req_metrics);
        struct sbuf b;
        sbuf_init(&b);
        met_render(&b);
        enum MHD_Result r =
            reply(conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
        sbuf_free(&b);
        return r;
    }
    if (strcmp(url, "/status") == 0) {
        met_counter_inc(h->req_status);
        const char *d = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "detailed");
        bool detailed = d != NULL && strcmp(d, "0") != 0 && strcmp(d, "false") != 0;
        struct sbuf b;
        sbuf_init(&b);
        srv_node_status_json(h->node, detailed, &b);
        enum MHD_Result r = reply(conn, MHD_HTTP_OK, "application/json", b.data, b.len);
        sbuf_free(&b);
        return r;
    }
    met_counter_inc(h->req_other);
    static const char nf[] = "not found: try /health, /ready, /metrics or /status\n";
    return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", nf, sizeof(nf) - 1);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    log_warn("http", "%s", msg);
}

/* Bind host:port. Returns the fd or -1 with err set. */
static int listen_on(const char *host, int port, struct err *err)
{
    struct addrinfo hints, *res = NULL;
    char portstr[16];
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(portstr, sizeof(portstr), "%d", port);
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0) {
        err_set(err, ERR_CONFIG, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
    if (fd < 0) {
        err_errno(err, errno, "socket");
        freeaddrinfo(res);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 64) != 0) {
        err_errno(err, errno, "cannot listen on %s:%d", host, port);
        close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    return fd;
}

int srv__http_start(struct srv_node *node, const char *host, int port, struct srv_http **out,
                    struct err *err)
{
    struct srv_http *h = xcalloc(1, sizeof(*h));
    h->node = node;
    h->fd = listen_on(host, port, err);
    if (h->fd < 0) {
        xfree(h);
        return err->code;
    }
    static const char help[] = "Admin HTTP requests by path.";
    h->req_health = met_counter_new("shardforge_http_requests_total", help, "path=\"/health\"");
    h->req_ready = met_counter_new("shardforge_http_requests_total", help, "path=\"/ready\"");
    h->req_metrics = met_counter_new("shardforge_http_requests_total", help, "path=\"/metrics\"");
    h->req_status = met_counter_new("shardforge_http_requests_total", help, "path=\"/status\"");
    h->req_other = met_counter_new("shardforge_http_requests_total", help, "path=\"other\"");

    h->daemon =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle,
                         h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_LISTEN_SOCKET,
                         h->fd, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
    if (h->daemon == NULL) {
        close(h->fd);
        xfree(h);
        return err_set(err, ERR_INTERNAL, "admin http: could not start the server on %s:%d", host,
                       port);
    }
    *out = h;
    return 0;
}

void srv__http_stop(struct srv_http *h)
{
    if (h == NULL)
        return;
    MHD_stop_daemon(h->daemon);
    close(h->fd);
    xfree(h);
}
