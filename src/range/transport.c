/* transport.c — one TCP port for every raft group of a node.
 *
 * raft_uv talks to its peers through a struct raft_uv_transport: connect()
 * hands it a connected stream to write to, and the accept callback given to
 * listen() hands it a stream to read from (raft_uv reads on incoming
 * streams only and writes on outgoing ones). Here every group gets its own
 * transport object, but all share the node's listener (struct rng__net):
 *
 *   dialer                                   listener
 *   connect(range, peer) ── TCP ──────────▶  accept; read EXACTLY the
 *   write handshake (range id, source,        handshake bytes (40 + address,
 *   target, own address) ─────────────────▶   never past them), validate,
 *   on write done: stream to raft_uv          look the range up: its raft_uv
 *                                             gets the stream; unknown -> close
 *
 * Reading exactly the handshake works because libuv reads into the buffer
 * the alloc callback offers and stops reading once the read callback calls
 * uv_read_stop; the next byte on the stream is raft_uv's.
 *
 * Handles: streams are allocated with raft_malloc because raft_uv frees
 * the ones it is given with raft_free after uv_close. Every handle we own
 * is freed only in its close callback. A transport's close (called by
 * raft_uv while it closes) cancels its pending connects, whose callbacks
 * fire with RAFT_CANCELED, and fires its own callback later from a timer
 * close callback, never inline.
 */
#include "range/range_int.h"

#include "common/hash.h"
#include "common/log.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

_Static_assert(sizeof(RNG__HS_MAGIC) - 1 == 4, "handshake magic is 4 bytes");
_Static_assert(RNG__HS_HDR == 40, "handshake layout");

/* ---- handshake ------------------------------------------------------------- */

int rng__hs_encode(unsigned char *out, size_t cap, uint64_t range_id, uint64_t src, uint64_t dst,
                   const char *addr, size_t *len)
{
    size_t alen = strlen(addr);
    uint32_t crc;
    if (alen == 0 || alen > RNG__HS_ADDR_MAX || cap < RNG__HS_HDR + alen)
        return ERR_INVAL;
    memcpy(out, RNG__HS_MAGIC, 4);
    rng__put_le16(out + 4, RNG__HS_VERSION);
    rng__put_le16(out + 6, (uint16_t)alen);
    rng__put_le64(out + 8, range_id);
    rng__put_le64(out + 16, src);
    rng__put_le64(out + 24, dst);
    rng__put_le32(out + 32, 0);
    memcpy(out + RNG__HS_HDR, addr, alen);
    crc = crc32c(0, out, 36);
    crc = crc32c(crc, out + RNG__HS_HDR, alen);
    rng__put_le32(out + 36, crc);
    *len = RNG__HS_HDR + alen;
    return 0;
}

/* Header checks possible before the address arrives; returns the address
 * length or a negative error. */
static int hs_check_header(const unsigned char *p, struct err *err)
{
    uint16_t alen;
    if (memcmp(p, RNG__HS_MAGIC, 4) != 0)
        return err_set(err, ERR_CORRUPT, "handshake: bad magic");
    if (rng__get_le16(p + 4) != RNG__HS_VERSION)
        return err_set(err, ERR_CORRUPT, "handshake: unsupported version %u", rng__get_le16(p + 4));
    alen = rng__get_le16(p + 6);
    if (alen == 0 || alen > RNG__HS_ADDR_MAX)
        return err_set(err, ERR_CORRUPT, "handshake: address length %u", alen);
    if (rng__get_le32(p + 32) != 0)
        return err_set(err, ERR_CORRUPT, "handshake: reserved bytes not zero");
    return alen;
}

int rng__hs_decode(const unsigned char *buf, size_t len, uint64_t *range_id, uint64_t *src,
                   uint64_t *dst, char *addr, size_t addr_cap, struct err *err)
{
    int alen;
    uint32_t crc;
    if (len < RNG__HS_HDR)
        return err_set(err, ERR_CORRUPT, "handshake: %zu bytes, too short", len);
    alen = hs_check_header(buf, err);
    if (alen < 0)
        return alen;
    if (len != RNG__HS_HDR + (size_t)alen)
        return err_set(err, ERR_CORRUPT, "handshake: %zu bytes, expected %d", len,
                       RNG__HS_HDR + alen);
    crc = crc32c(0, buf, 36);
    crc = crc32c(crc, buf + RNG__HS_HDR, (size_t)alen);
    if (crc != rng__get_le32(buf + 36))
        return err_set(err, ERR_CORRUPT, "handshake: checksum mismatch");
    if (memchr(buf + RNG__HS_HDR, '\0', (size_t)alen) != NULL || (size_t)alen >= addr_cap)
        return err_set(err, ERR_CORRUPT, "handshake: bad address");
    *range_id = rng__get_le64(buf + 8);
    *src = rng__get_le64(buf + 16);
    *dst = rng__get_le64(buf + 24);
    if (*range_id == 0 || *src == 0 || *dst == 0)
        return err_set(err, ERR_CORRUPT, "handshake: zero id");
    memcpy(addr, buf + RNG__HS_HDR, (size_t)alen);
    addr[alen] = '\0';
    return 0;
}

/* ---- addresses --------------------------------------------------------------- */

static int parse_numeric(const char *hostport, struct sockaddr_storage *ss, char *host,
                         size_t hostcap, int *port)
{
    if (str_parse_hostport(hostport, host, hostcap, port) != 0)
        return ERR_INVAL;
    memset(ss, 0, sizeof(*ss));
    if (strcmp(host, "localhost") == 0)
        snprintf(host, hostcap, "127.0.0.1");
    if (uv_ip4_addr(host, *port, (struct sockaddr_in *)ss) == 0)
        return 0;
    if (uv_ip6_addr(host, *port, (struct sockaddr_in6 *)ss) == 0)
        return 0;
    return ERR_NOTFOUND; /* a name: resolve it */
}

/* ---- the node listener ------------------------------------------------------- */

struct rng__tp;

struct hs_in {
    struct rng__net *net;
    uv_tcp_t *tcp;
    unsigned char buf[RNG__HS_HDR + RNG__HS_ADDR_MAX];
    size_t got, want;
    uint64_t started; /* uv_now */
    struct hs_in *prev, *next;
};

struct rng__net {
    uv_loop_t *loop;
    uv_tcp_t listener;
    uv_timer_t sweep;
    uint64_t node_id;
    int port;
    struct hash_table *groups; /* BE64 range id -> struct rng__tp * (listening) */
    struct hs_in *hs;          /* handshakes in progress */
    bool closing;
    int open_handles;
    void (*close_cb)(void *arg);
    void *close_arg;
};

struct rng__tp {
    struct raft_uv_transport *t;
    uv_loop_t *loop;
    struct rng__net *net;
    uint64_t range_id;
    uint64_t self_id;
    char self_addr[RNG__HS_ADDR_MAX + 1];
    raft_uv_accept_cb accept_cb;
    struct conn_out *pending;
    uv_timer_t timer; /* closed to defer the close callback */
    bool timer_inited;
    bool timer_closed;
    bool closing;
    bool close_fired;
    raft_uv_transport_close_cb close_cb;
};

static void hs_unlink(struct hs_in *h)
{
    if (h->prev)
        h->prev->next = h->next;
    else
        h->net->hs = h->next;
    if (h->next)
        h->next->prev = h->prev;
    h->prev = h->next = NULL;
}

static void net_maybe_done(struct rng__net *n)
{
    if (!n->closing || n->open_handles > 0 || n->hs != NULL)
        return;
    void (*cb)(void *) = n->close_cb;
    void *arg = n->close_arg;
    hash_free(n->groups);
    xfree(n);
    if (cb)
        cb(arg);
}

static void hs_tcp_closed(uv_handle_t *h)
{
    struct hs_in *hs = h->data;
    struct rng__net *n = hs->net;
    raft_free(h);
    hs_unlink(hs);
    xfree(hs);
    net_maybe_done(n);
}

static void hs_drop(struct hs_in *hs, const char *why)
{
    if (why)
        log_debug("range", "transport: dropping incoming connection: %s", why);
    uv_read_stop((uv_stream_t *)hs->tcp);
    if (!uv_is_closing((uv_handle_t *)hs->tcp))
        uv_close((uv_handle_t *)hs->tcp, hs_tcp_closed);
}

static void hs_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    struct hs_in *hs = h->data;
    (void)suggested;
    buf->base = (char *)hs->buf + hs->got;
    buf->len = hs->want - hs->got;
}

static void hs_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    struct hs_in *hs = s->data;
    struct rng__net *n = hs->net;
    struct err e = {0};
    uint64_t range_id, src, dst;
    char addr[RNG__HS_ADDR_MAX + 1];
    struct rng__tp *tp;
    unsigned char key[8];
    int alen;

    (void)buf;
    if (nread == 0)
        return;
    if (nread < 0) {
        hs_drop(hs, nread == UV_EOF ? NULL : uv_strerror((int)nread));
        return;
    }
    hs->got += (size_t)nread;
    if (hs->got < hs->want)
        return;
    if (hs->want == RNG__HS_HDR) {
        alen = hs_check_header(hs->buf, &e);
        if (alen < 0) {
            hs_drop(hs, e.msg);
            return;
        }
        hs->want = RNG__HS_HDR + (size_t)alen;
        return;
    }
    uv_read_stop(s);
    if (rng__hs_decode(hs->buf, hs->got, &range_id, &src, &dst, addr, sizeof(addr), &e) != 0) {
        hs_drop(hs, e.msg);
        return;
    }
    if (dst != n->node_id) {
        hs_drop(hs, "handshake for another node");
        return;
    }
    rng__put_be64(key, range_id);
    tp = hash_get(n->groups, key, sizeof(key));
    if (tp == NULL || tp->accept_cb == NULL || tp->closing) {
        hs_drop(hs, "unknown range");
        return;
    }
    /* The stream now belongs to raft_uv. */
    hs_unlink(hs);
    s->data = NULL;
    tp->accept_cb(tp->t, src, addr, s);
    xfree(hs);
}

static void net_on_connection(uv_stream_t *server, int status)
{
    struct rng__net *n = server->data;
    struct hs_in *hs;
    if (status != 0 || n->closing)
        return;
    hs = xcalloc(1, sizeof(*hs));
    hs->net = n;
    hs->tcp = raft_malloc(sizeof(*hs->tcp));
    if (hs->tcp == NULL) {
        xfree(hs);
        return;
    }
    uv_tcp_init(n->loop, hs->tcp);
    hs->tcp->data = hs;
    hs->want = RNG__HS_HDR;
    hs->started = uv_now(n->loop);
    hs->next = n->hs;
    if (n->hs)
        n->hs->prev = hs;
    n->hs = hs;
    if (uv_accept(server, (uv_stream_t *)hs->tcp) != 0 ||
        uv_read_start((uv_stream_t *)hs->tcp, hs_alloc, hs_read) != 0) {
        hs_drop(hs, "accept failed");
        return;
    }
    uv_tcp_nodelay(hs->tcp, 1);
}

static void net_sweep(uv_timer_t *t)
{
    struct rng__net *n = t->data;
    uint64_t now = uv_now(n->loop);
    for (struct hs_in *hs = n->hs; hs != NULL; hs = hs->next)
        if (now - hs->started > RNG__HS_TIMEOUT_MS && !uv_is_closing((uv_handle_t *)hs->tcp))
            hs_drop(hs, "handshake timed out");
}

static void net_handle_closed(uv_handle_t *h)
{
    struct rng__net *n = h->data;
    n->open_handles--;
    net_maybe_done(n);
}

int rng__net_open(uv_loop_t *loop, const char *listen_address, uint64_t node_id,
                  struct rng__net **out, struct err *err)
{
    struct rng__net *n;
    struct sockaddr_storage ss;
    char host[256];
    int port, rc;

    *out = NULL;
    rc = parse_numeric(listen_address, &ss, host, sizeof(host), &port);
    if (rc == ERR_NOTFOUND) {
        /* A host name: resolve once at start-up (blocking is acceptable
         * here; connects to peers resolve asynchronously). */
        struct addrinfo hints, *ai = NULL;
        char ps[16];
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        snprintf(ps, sizeof(ps), "%d", port);
        if (getaddrinfo(host, ps, &hints, &ai) != 0 || ai == NULL)
            return err_set(err, ERR_CONFIG, "listen %s: cannot resolve host", listen_address);
        memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
        freeaddrinfo(ai);
    } else if (rc != 0) {
        return err_set(err, ERR_CONFIG, "listen %s: expected host:port", listen_address);
    }
    n = xcalloc(1, sizeof(*n));
    n->loop = loop;
    n->node_id = node_id;
    n->groups = hash_new(16);
    uv_tcp_init(loop, &n->listener);
    n->listener.data = n;
    n->open_handles = 1;
    rc = uv_tcp_bind(&n->listener, (const struct sockaddr *)&ss, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&n->listener, 128, net_on_connection);
    if (rc != 0) {
        err_set(err, rc == UV_EADDRINUSE ? ERR_BUSY : ERR_IO, "listen %s: %s", listen_address,
                rc == UV_EADDRINUSE ? "address already in use" : uv_strerror(rc));
        n->closing = true;
        uv_close((uv_handle_t *)&n->listener, net_handle_closed);
        return err->code;
    }
    {
        struct sockaddr_storage bound;
        int blen = sizeof(bound);
        n->port = port;
        if (uv_tcp_getsockname(&n->listener, (struct sockaddr *)&bound, &blen) == 0) {
            if (bound.ss_family == AF_INET)
                n->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
            else if (bound.ss_family == AF_INET6)
                n->port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
        }
    }
    uv_timer_init(loop, &n->sweep);
    n->sweep.data = n;
    n->open_handles++;
    uv_timer_start(&n->sweep, net_sweep, 1000, 1000);
    uv_unref((uv_handle_t *)&n->sweep);
    *out = n;
    return 0;
}

int rng__net_port(const struct rng__net *n)
{
    return n->port;
}

void rng__net_close(struct rng__net *n, void (*cb)(void *arg), void *arg)
{
    struct hs_in *hs, *next;
    n->closing = true;
    n->close_cb = cb;
    n->close_arg = arg;
    uv_close((uv_handle_t *)&n->listener, net_handle_closed);
    uv_close((uv_handle_t *)&n->sweep, net_handle_closed);
    for (hs = n->hs; hs != NULL; hs = next) {
        next = hs->next;
        if (!uv_is_closing((uv_handle_t *)hs->tcp))
            hs_drop(hs, NULL);
    }
}

/* ---- outgoing connections ------------------------------------------------------ */

struct conn_out {
    struct rng__tp *tp;
    struct raft_uv_connect *req;
    raft_uv_connect_cb cb;
    uv_getaddrinfo_t gai;
    bool gai_active;
    uv_tcp_t *tcp;
    uv_connect_t connect;
    uv_write_t write;
    unsigned char hs[RNG__HS_HDR + RNG__HS_ADDR_MAX];
    size_t hs_len;
    int port;
    bool finishing;
    bool silent; /* failed inside connect(): no callback */
    int status;
    struct conn_out *prev, *next;
};

static void tp_maybe_close(struct rng__tp *tp)
{
    if (!tp->closing || tp->close_fired || tp->pending != NULL || !tp->timer_closed)
        return;
    tp->close_fired = true;
    if (tp->net != NULL) {
        unsigned char key[8];
        rng__put_be64(key, tp->range_id);
        if (hash_get(tp->net->groups, key, sizeof(key)) == tp)
            hash_del(tp->net->groups, key, sizeof(key));
    }
    if (tp->close_cb)
        tp->close_cb(tp->t);
}

static void conn_unlink(struct conn_out *c)
{
    struct rng__tp *tp = c->tp;
    if (c->prev)
        c->prev->next = c->next;
    else
        tp->pending = c->next;
    if (c->next)
        c->next->prev = c->prev;
}

/* Report the outcome of a failed connection and free it. */
static void conn_complete(struct conn_out *c)
{
    struct rng__tp *tp = c->tp;
    conn_unlink(c);
    if (!c->silent)
        c->cb(c->req, NULL, c->status);
    xfree(c);
    tp_maybe_close(tp);
}

static void conn_tcp_closed(uv_handle_t *h)
{
    struct conn_out *c = h->data;
    raft_free(h);
    conn_complete(c);
}

static void conn_finish(struct conn_out *c, int status)
{
    if (c->finishing)
        return;
    c->finishing = true;
    c->status = c->tp->closing ? RAFT_CANCELED : status;
    if (c->tcp != NULL) {
        if (!uv_is_closing((uv_handle_t *)c->tcp))
            uv_close((uv_handle_t *)c->tcp, conn_tcp_closed);
    } else {
        conn_complete(c);
    }
}

static void conn_write_cb(uv_write_t *w, int status)
{
    struct conn_out *c = w->data;
    struct rng__tp *tp = c->tp;
    uv_tcp_t *tcp = c->tcp;
    if (c->finishing)
        return; /* the close callback completes it */
    if (status != 0 || tp->closing) {
        conn_finish(c, RAFT_NOCONNECTION);
        return;
    }
    conn_unlink(c);
    tcp->data = NULL;
    c->cb(c->req, (uv_stream_t *)tcp, 0);
    xfree(c);
    tp_maybe_close(tp);
}

static void conn_connect_cb(uv_connect_t *req, int status)
{
    struct conn_out *c = req->data;
    uv_buf_t b;
    if (c->finishing)
        return;
    if (status != 0 || c->tp->closing) {
        conn_finish(c, RAFT_NOCONNECTION);
        return;
    }
    uv_tcp_nodelay(c->tcp, 1);
    b = uv_buf_init((char *)c->hs, (unsigned)c->hs_len);
    c->write.data = c;
    if (uv_write(&c->write, (uv_stream_t *)c->tcp, &b, 1, conn_write_cb) != 0)
        conn_finish(c, RAFT_NOCONNECTION);
}

static int conn_start_tcp(struct conn_out *c, const struct sockaddr *sa)
{
    int rc;
    c->tcp = raft_malloc(sizeof(*c->tcp));
    if (c->tcp == NULL)
        return RAFT_NOMEM;
    uv_tcp_init(c->tp->loop, c->tcp);
    c->tcp->data = c;
    c->connect.data = c;
    rc = uv_tcp_connect(&c->connect, c->tcp, sa, conn_connect_cb);
    return rc == 0 ? 0 : RAFT_NOCONNECTION;
}

static void conn_gai_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
    struct conn_out *c = req->data;
    c->gai_active = false;
    if (status != 0 || res == NULL || c->tp->closing) {
        if (res)
            uv_freeaddrinfo(res);
        conn_finish(c, RAFT_NOCONNECTION);
        return;
    }
    if (conn_start_tcp(c, res->ai_addr) != 0)
        conn_finish(c, RAFT_NOCONNECTION);
    uv_freeaddrinfo(res);
}

static int tp_connect(struct raft_uv_transport *t, struct raft_uv_connect *req, raft_id id,
                      const char *address, raft_uv_connect_cb cb)
{
    struct rng__tp *tp = t->impl;
    struct conn_out *c;
    struct sockaddr_storage ss;
    char host[256];
    int port, rc;

    if (tp->closing)
        return RAFT_CANCELED;
    c = xcalloc(1, sizeof(*c));
    c->tp = tp;
    c->req = req;
    c->cb = cb;
    if (rng__hs_encode(c->hs, sizeof(c->hs), tp->range_id, tp->self_id, id, tp->self_addr,
                       &c->hs_len) != 0) {
        xfree(c);
        return RAFT_INVALID;
    }
    rc = parse_numeric(address, &ss, host, sizeof(host), &port);
    if (rc != 0 && rc != ERR_NOTFOUND) {
        xfree(c);
        return RAFT_NOCONNECTION;
    }
    c->next = tp->pending;
    if (tp->pending)
        tp->pending->prev = c;
    tp->pending = c;
    if (rc == 0) {
        rc = conn_start_tcp(c, (const struct sockaddr *)&ss);
    } else {
        struct addrinfo hints;
        char ps[16];
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        snprintf(ps, sizeof(ps), "%d", port);
        c->gai.data = c;
        c->gai_active = true;
        rc = uv_getaddrinfo(tp->loop, &c->gai, conn_gai_cb, host, ps, &hints) == 0
                 ? 0
                 : RAFT_NOCONNECTION;
        if (rc != 0)
            c->gai_active = false;
    }
    if (rc != 0) {
        /* No callback for a connect() that returns an error. */
        c->silent = true;
        c->finishing = true;
        if (c->tcp != NULL) {
            uv_close((uv_handle_t *)c->tcp, conn_tcp_closed);
        } else {
            conn_unlink(c);
            xfree(c);
        }
        return RAFT_NOCONNECTION;
    }
    return 0;
}

/* ---- the raft_uv_transport methods ---------------------------------------------- */

static void tp_timer_closed(uv_handle_t *h)
{
    struct rng__tp *tp = h->data;
    tp->timer_closed = true;
    tp_maybe_close(tp);
}

static int tp_init(struct raft_uv_transport *t, raft_id id, const char *address)
{
    struct rng__tp *tp = t->impl;
    tp->self_id = id;
    snprintf(tp->self_addr, sizeof(tp->self_addr), "%s", address);
    if (!tp->timer_inited) {
        uv_timer_init(tp->loop, &tp->timer);
        tp->timer.data = tp;
        tp->timer_inited = true;
    }
    return 0;
}

static int tp_listen(struct raft_uv_transport *t, raft_uv_accept_cb cb)
{
    struct rng__tp *tp = t->impl;
    unsigned char key[8];
    tp->accept_cb = cb;
    if (tp->net == NULL)
        return 0;
    rng__put_be64(key, tp->range_id);
    hash_put(tp->net->groups, key, sizeof(key), tp);
    return 0;
}

static void tp_close(struct raft_uv_transport *t, raft_uv_transport_close_cb cb)
{
    struct rng__tp *tp = t->impl;
    struct conn_out *c, *next;
    tp->closing = true;
    tp->close_cb = cb;
    tp->accept_cb = NULL;
    for (c = tp->pending; c != NULL; c = next) {
        next = c->next;
        if (c->gai_active) {
            uv_cancel((uv_req_t *)&c->gai);
        } else if (c->tcp != NULL && !c->finishing) {
            c->finishing = true;
            c->status = RAFT_CANCELED;
            uv_close((uv_handle_t *)c->tcp, conn_tcp_closed);
        }
    }
    if (tp->timer_inited)
        uv_close((uv_handle_t *)&tp->timer, tp_timer_closed);
    else
        tp->timer_closed = true; /* never initialised: nothing to wait for */
    /* If nothing is pending and no timer exists, the callback must still not
     * run inline; raft_uv always calls init before close, so the timer
     * exists whenever close is called. */
}

void rng__transport_setup(struct raft_uv_transport *t, uv_loop_t *loop, struct rng__net *net,
                          uint64_t range_id)
{
    struct rng__tp *tp = xcalloc(1, sizeof(*tp));
    memset(t, 0, sizeof(*t));
    tp->t = t;
    tp->loop = loop;
    tp->net = net;
    tp->range_id = range_id;
    t->impl = tp;
    t->init = tp_init;
    t->listen = tp_listen;
    t->connect = tp_connect;
    t->close = tp_close;
}

void rng__transport_free(struct raft_uv_transport *t)
{
    struct rng__tp *tp = t->impl;
    if (tp == NULL)
        return;
    if (tp->net != NULL && !tp->close_fired) {
        unsigned char key[8];
        rng__put_be64(key, tp->range_id);
        if (hash_get(tp->net->groups, key, sizeof(key)) == tp)
            hash_del(tp->net->groups, key, sizeof(key));
    }
    xfree(tp);
    t->impl = NULL;
}
