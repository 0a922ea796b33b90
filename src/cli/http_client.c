/* http_client.c — a minimal blocking HTTP/1.0 GET for status and health. */
#include "cli/cli.h"

#include "common/err.h"
#include "common/str.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HTTP_MAX_RESPONSE (16 * 1024 * 1024)

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_fd(int fd, short events, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return ETIMEDOUT;
        struct pollfd p = {.fd = fd, .events = events};
        int n = poll(&p, 1, (int)left);
        if (n > 0)
            return 0;
        if (n == 0)
            return ETIMEDOUT;
        if (errno != EINTR)
            return errno;
    }
}

int cli_http_get(const char *host, int port, const char *path, int timeout_ms, int *status,
                 struct sbuf *body, struct err *err)
{
    struct addrinfo hints, *res = NULL;
    char portstr[16];
    long long deadline = now_ms() + timeout_ms;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    snprintf(portstr, sizeof(portstr), "%d", port);
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0)
        return err_set(err, ERR_INVAL, "cannot resolve %s: %s", host, gai_strerror(rc));
    int fd =
        socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, res->ai_protocol);
    if (fd < 0) {
        freeaddrinfo(res);
        return err_errno(err, errno, "socket");
    }
    int e = 0;
    if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            e = errno;
        } else if ((e = wait_fd(fd, POLLOUT, deadline)) == 0) {
            socklen_t len = sizeof(e);
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len);
        }
    }
    freeaddrinfo(res);
    if (e != 0) {
        close(fd);
        return err_errno(err, e, "connect %s:%d", host, port);
    }
    char req[1024];
    int n = snprintf(req, sizeof(req),
                     "GET %s HTTP/1.0\r\nHost: %s:%d\r\nUser-Agent: shardforge-cli\r\n"
                     "Connection: close\r\n\r\n",
                     path, host, port);
    size_t off = 0;
    while (off < (size_t)n) {
        if ((e = wait_fd(fd, POLLOUT, deadline)) != 0)
            break;
        ssize_t w = send(fd, req + off, (size_t)n - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            e = errno;
            break;
        }
        off += (size_t)w;
    }
    struct sbuf resp;
    sbuf_init(&resp);
    while (e == 0) {
        if ((e = wait_fd(fd, POLLIN, deadline)) != 0)
            break;
        char buf[8192];
        ssize_t r = recv(fd, buf, sizeof(buf), 0);
        if (r == 0)
            break;
        if (r < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            e = errno;
            break;
        }
        if (resp.len + (size_t)r > HTTP_MAX_RESPONSE) {
            close(fd);
            sbuf_free(&resp);
            return err_set(err, ERR_LIMIT, "response from %s:%d is larger than %d bytes", host,
                           port, HTTP_MAX_RESPONSE);
        }
        sbuf_append(&resp, buf, (size_t)r);
    }
    close(fd);
    if (e != 0) {
        sbuf_free(&resp);
        return err_errno(err, e, "GET http://%s:%d%s", host, port, path);
    }
    int code = 0;
    if (sscanf(resp.data, "HTTP/%*d.%*d %d", &code) != 1) {
        sbuf_free(&resp);
        return err_set(err, ERR_CORRUPT, "GET http://%s:%d%s: not an HTTP response", host, port,
                       path);
    }
    const char *sep = strstr(resp.data, "\r\n\r\n");
    const char *b = sep ? sep + 4 : resp.data + resp.len;
    sbuf_append(body, b, resp.len - (size_t)(b - resp.data));
    *status = code;
    sbuf_free(&resp);
    return 0;
}
