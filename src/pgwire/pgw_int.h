/* pgw_int.h — private to src/pgwire: the server, a connection, and the
 * pieces the session thread calls (I/O with TLS, authentication, cancel
 * keys).
 *
 * A connection's life (session.c), PostgreSQL's order (protocol §55.2):
 *
 *   ACCEPTED --SSLRequest--> 'S' + TLS handshake / 'N' --+
 *      |   <-----------------------------------------------+
 *      |--CancelRequest--> signal the matching session, close
 *      |--StartupMessage--> AUTHENTICATING --ok--> READY <--> (queries)
 *      |                          |                  |
 *      +--timeout/garbage---------+----failure-------+--Terminate/EOF/stop--> CLOSED
 *
 * Start-up and authentication must finish within
 * network.connection_timeout_sec of the accept.
 */
#ifndef SF_PGWIRE_PGW_INT_H
#define SF_PGWIRE_PGW_INT_H

#include "common/config.h"
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "pgwire/pgwire.h"
#include "pgwire/proto.h"
#include "sql/sql.h"

#include <openssl/ssl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct kv;
struct sql_catalog;
struct sql_session;
struct met_counter;
struct met_gauge;

#define PGW_READ_BUF         16384
#define PGW_FLUSH_AT         65536  /* flush the output buffer past this */
#define PGW_AUTH_DELAY_MS    1000   /* after a failed authentication */
#define PGW_OVER_LIMIT_SLOTS 16     /* threads that answer 53300 after SSL negotiation */
#define PGW_STOP_GRACE_MS    3000   /* sessions finish before SHUT_RDWR */
#define PGW_STOP_LIMIT_MS    8000   /* and are abandoned after this */
#define PGW_SERVER_VERSION   "15.0" /* ParameterStatus server_version */

struct pgw_conn {
    struct pgw_conn *next, *prev; /* server's list, under srv->mu */
    struct pgw_server *srv;
    int fd;
    bool is_unix;
    struct sockaddr_storage addr;
    char peer[64]; /* "127.0.0.1:5555", "[local]" */
    char host[64]; /* address only, for rules and messages */
    SSL *ssl;
    int32_t pid, key;       /* BackendKeyData; pid 0 until start-up is done */
    _Atomic bool cancel;    /* set by a CancelRequest */
    _Atomic bool terminate; /* set by pg_terminate_backend: FATAL 57P01 and close */
    uint64_t deadline_ms;   /* start-up deadline (monotonic), 0: none */
    uint8_t rbuf[PGW_READ_BUF];
    size_t rpos, rlen;
    struct sbuf out;
    struct pgw_dec dec;
    struct mem_ctx *msg_ctx; /* reset after every message */
    char user[SQL_NAME_BUF];
    char database[SQL_NAME_BUF];
    char appname[SQL_NAME_BUF];
    char client_encoding[16];
    bool superuser;
    struct sql_session *sql;
    bool closing;    /* write failed or FATAL sent: stop */
    bool idle_armed; /* deadline_ms is idle_in_transaction_session_timeout's */
    bool in_copy;    /* COPY FROM STDIN is reading CopyData */
    bool hold;       /* do not flush (Describe inserts ParameterDescription) */
    bool over_limit; /* past network.max_connections: 53300 after the start-up packet */
    int notify_fd;   /* eventfd: a NOTIFY arrived for the session (-1: none yet) */
};

struct pgw_server {
    struct cfg cfg;
    struct kv *kv;
    struct sql_catalog *cat; /* node-wide catalog cache, opened by pgw_server_start */
    int tcp_fd, unix_fd;
    char unix_path[CFG_STR_MAX + 32];
    int wake[2]; /* pipe: stop the accept thread */
    pthread_t accept_thread;
    bool accept_started;
    pthread_mutex_t mu; /* protects conns, nconns; a leaf lock */
    pthread_cond_t cond;
    struct pgw_conn *conns;
    size_t nconns; /* session threads */
    size_t nover;  /* of which over_limit, at most PGW_OVER_LIMIT_SLOTS */
    _Atomic bool stopping;
    _Atomic int32_t next_pid;
    SSL_CTX *ssl_ctx;
    uint8_t cbind[64]; /* tls-server-end-point hash of our certificate */
    size_t cbind_len;
    struct cfg_auth_rule *rules;
    size_t nrules;
    uint8_t mock_key[32];
    struct met_gauge *m_current;
    struct met_counter *m_total, *m_rejected, *m_auth_fail, *m_bytes_in, *m_bytes_out, *m_cancels;
};

/* ---- io.c / tls.c --------------------------------------------------------------- */

/* Load certificate and key (TLS 1.2+), compute the channel-binding hash.
 * Returns 0 or ERR_CONFIG naming the file. */
int pgw__tls_init(struct pgw_server *s, struct err *err);
void pgw__tls_free(struct pgw_server *s);
/* Server side of the handshake on c->fd. */
int pgw__tls_accept(struct pgw_conn *c, struct err *err);
/* Read at least one byte into c->rbuf (which must be empty). 0, ERR_SHUTDOWN
 * (EOF), ERR_TIMEOUT (start-up deadline), ERR_IO. */
/* listener.c: the numeric address and port of a TCP endpoint ("" and -1
 * for any other family). */
void pgw__sockaddr_text(const struct sockaddr_storage *a, char *buf, size_t cap, int32_t *port);
int pgw__read_more(struct pgw_conn *c);
/* Write c->out and empty it; on failure c->closing. */
int pgw__flush(struct pgw_conn *c);
uint64_t pgw__now_ms(void);

/* ---- auth.c --------------------------------------------------------------------- */

/* Authenticate c->user for c->database by the first matching rule. Returns 0
 * (AuthenticationOk sent), or an error already reported to the client
 * (c->closing set). */
int pgw__authenticate(struct pgw_conn *c);
/* Send a FATAL ErrorResponse and mark the connection closing. */
void pgw__fatal(struct pgw_conn *c, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Next complete message into *m (borrowed until the next call); on a
 * framing error sends FATAL. Returns 0 or an error (connection done). */
int pgw__next_msg(struct pgw_conn *c, struct pgw_msg *m);

/* ---- cancel.c ------------------------------------------------------------------- */

/* Register c's (pid, key) (fresh random key) / forget it. */
void pgw__cancel_register(struct pgw_conn *c);
/* A CancelRequest: set the cancel flag of the session with this pid and key;
 * an unknown pair is ignored (as PostgreSQL, which logs it). */
void pgw__cancel_signal(struct pgw_server *s, int32_t pid, int32_t key);

/* ---- session.c ------------------------------------------------------------------ */

void *pgw__session_main(void *arg);

#endif
