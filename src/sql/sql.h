/* sql.h — the SQL layer's public interface: sessions that run statements,
 * and the role/database catalog that authentication reads.
 *
 * pgwire drives one struct sql_session per client connection, from that
 * connection's session thread (DESIGN.md §3). Results flow back through a
 * result sink (a vtable the caller passes in: upward communication by
 * callbacks, DESIGN.md §1), so this layer never sees the wire format.
 *
 * Statements run for real (session.c): transactions (implicit per simple
 * query / per Sync, BEGIN blocks, savepoints), settings (settings.c, env.h's
 * sql_setting_*), prepared statements and portals with a plan cache, COPY
 * FROM STDIN / TO STDOUT (copy.c) through the sink's copy callbacks.
 * ParameterStatus: after a batch, pgwire calls sql_session_report before
 * ReadyForQuery.
 *
 * Role catalog (roles.c), stored through kv in system keys (DESIGN.md §5:
 * range 1 holds users):
 *
 *   logical key 0x01 'R' <role name>      -> role record
 *   logical key 0x01 'D' <database name>  -> database record
 *
 *   role record, version 1 (all integers big-endian):
 *     OFFSET  SIZE  MEANING
 *     0       1     version = SQL_CATALOG_VERSION
 *     1       1     flags: bit 0 superuser, bit 1 login, bit 2 NOINHERIT
 *     2       2     name length N (1..SQL_NAME_MAX)
 *     4       N     name (UTF-8, no NUL)
 *     4+N     2     secret length S (0: no password; ..SQL_SECRET_MAX)
 *     6+N     S     SCRAM-SHA-256 secret, PostgreSQL's rolpassword format
 *     6+N+S   4     CRC-32C of bytes [0, 6+N+S)
 *
 *   database record: version 2 (with the database's oid) is documented at
 *   the top of roles.c; version 1 records (no oid) are still read and get
 *   oid 5.
 *
 * A record that fails its checks is ERR_CORRUPT (XX001) naming the key; it
 * is never half-used.
 */
#ifndef SF_SQL_SQL_H
#define SF_SQL_SQL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct kv;
struct mem_ctx;
struct sql_catalog;

#define SQL_NAME_MAX        63 /* NAMEDATALEN - 1, as PostgreSQL */
#define SQL_NAME_BUF        (SQL_NAME_MAX + 1)
#define SQL_SECRET_MAX      512
#define SQL_CATALOG_VERSION 1
#define SQL_DEFAULT_NAME    "shardforge" /* initial superuser and database */

/* ---- results ------------------------------------------------------------------ */

/* A result column (RowDescription): type OIDs are PostgreSQL's. */
struct sql_column {
    const char *name;
    uint32_t table_oid;
    int16_t attnum;
    uint32_t type_oid;
    int16_t typlen;
    int32_t typmod;
    int16_t format; /* 0 text, 1 binary */
};

/* A value in a row: len -1 is NULL. */
struct sql_datum {
    const uint8_t *data;
    int32_t len;
};

/* A notice (WARNING, NOTICE, ...): severity, SQLSTATE, message. */
struct sql_notice {
    const char *severity;
    const char *sqlstate;
    const char *message;
    const char *detail;
    const char *hint;
};

/* Where a statement's results go. Every callback returns 0, or a negative
 * code when the client is gone (the statement then stops). Strings and
 * arrays passed in are borrowed for the duration of the call. */
struct sql_sink {
    int (*row_description)(void *arg, const struct sql_column *cols, size_t n);
    int (*data_row)(void *arg, const struct sql_datum *vals, size_t n);
    int (*command_complete)(void *arg, const char *tag);
    int (*empty_query)(void *arg);
    int (*notice)(void *arg, const struct sql_notice *n);
    /* COPY (may be NULL: COPY FROM STDIN / TO STDOUT then fail with 0A000).
     * copy_in_begin: CopyInResponse (format 0 text, ncols columns), then
     * copy_in_read returns the next CopyData (*data borrowed until the next
     * call) or *done at CopyDone; a CopyFail is an error (57014 "COPY from
     * stdin failed: <message>"), as is any other message (08P01).
     * copy_out_begin: CopyOutResponse; copy_out_data: one CopyData;
     * copy_out_done: CopyDone. */
    int (*copy_in_begin)(void *arg, int format, size_t ncols);
    int (*copy_in_read)(void *arg, const uint8_t **data, size_t *len, bool *done, struct err *e);
    int (*copy_out_begin)(void *arg, int format, size_t ncols);
    int (*copy_out_data)(void *arg, const void *data, size_t len);
    int (*copy_out_done)(void *arg);
    /* ParameterStatus (sql_session_report). */
    int (*parameter_status)(void *arg, const char *name, const char *value);
    void *arg;
};

/* ---- sessions ------------------------------------------------------------------ */

/* Transaction status as ReadyForQuery reports it. */
enum sql_txn_status {
    SQL_TXN_IDLE = 'I',
    SQL_TXN_BLOCK = 'T',  /* inside BEGIN ... */
    SQL_TXN_FAILED = 'E', /* a failed transaction block: only ROLLBACK */
};

/* The TLS state of a connection, for pg_stat_ssl (strings NUL-terminated;
 * client_dn, client_serial, issuer_dn empty without a client certificate). */
struct sql_ssl_info {
    char version[32]; /* "TLSv1.3" */
    char cipher[64];
    int32_t bits;
    char client_dn[256];    /* "/CN=name", as PostgreSQL formats it */
    char client_serial[64]; /* decimal */
    char issuer_dn[256];
};

struct sql_session_params {
    const char *user;     /* authenticated role; copied */
    const char *database; /* an existing database; copied */
    const char *application_name;
    /* Set (from any thread) by a CancelRequest: the running statement stops
     * with 57014 "canceling statement due to user request". Borrowed: must
     * outlive the session. NULL: not cancellable. */
    _Atomic bool *cancel;
    /* pg_terminate_backend of this session (from any thread, while the
     * session is open): end the connection with FATAL 57P01 once the
     * running statement, if any, stopped (the caller sets *cancel too).
     * NULL: not terminable. */
    void (*terminate)(void *arg);
    void *terminate_arg;
    /* Node-wide catalog cache (catalog.h), borrowed; must outlive the session. */
    struct sql_catalog *catalog;
    bool superuser;
    int32_t backend_pid;
    /* The connection's TCP endpoints (pg_stat_activity, inet_client_addr()
     * and friends): numeric addresses, copied; NULL for a Unix-domain
     * socket (ports then -1). */
    const char *client_addr, *server_addr;
    int32_t client_port, server_port;
    /* TLS in use: its state (copied); NULL: a plain connection */
    const struct sql_ssl_info *ssl;
    /* Settings from the start-up packet (DateStyle, TimeZone, options -c
     * x=y ...): session defaults, validated as SET (an error fails the open:
     * send it as FATAL). */
    size_t nsettings;
    const char *const *setting_names;
    const char *const *setting_values;
};

struct sql_session;

/* Open a session over kv (shared, outlives the session). Returns 0 and *out
 * (caller owns: sql_session_close). */
int sql_session_open(struct kv *kv, const struct sql_session_params *p, struct sql_session **out,
                     struct err *err);
/* Roll back an open transaction and free. NULL is a no-op. */
void sql_session_close(struct sql_session *s);
enum sql_txn_status sql_session_txn_status(const struct sql_session *s);
/* LISTEN / NOTIFY (notify.h): wake(arg) runs (on another session's thread,
 * must not block) when a notification arrives for s; set before the first
 * LISTEN. notify_pending: s listens or has notifications waiting;
 * notify_take: the oldest waiting one (strings in ctx), false when none —
 * sent as NotificationResponse when s is not in a transaction. */
void sql_session_set_notify_wake(struct sql_session *s, void (*wake)(void *), void *arg);
bool sql_session_notify_pending(const struct sql_session *s);
bool sql_session_notify_take(struct sql_session *s, struct mem_ctx *ctx, int32_t *pid,
                             const char **channel, const char **payload);

/* Simple query: run every statement of text (len bytes, valid UTF-8),
 * sending results to sink. Returns 0 when all statements ran (or text held
 * none: sink->empty_query was called), or the first statement's error (err
 * filled with SQLSTATE and message: send it as an ErrorResponse; the later
 * statements did not run), or the sink's error. */
int sql_exec_simple(struct sql_session *s, const char *text, size_t len,
                    const struct sql_sink *sink, struct err *err);

/* Extended query protocol. Names "" are the unnamed statement / portal.
 * sql_prepare: parse text with nparams declared parameter types (0 =
 * unspecified). sql_bind: a portal from a statement and parameter values
 * (formats: 0 text, 1 binary, one per parameter). sql_describe_*: the
 * parameter types and/or result columns to the sink (row_description with
 * cols NULL means NoData; cols non-NULL with n == 0 is a RowDescription of
 * no columns, as for "SELECT FROM t"). sql_execute: run a portal, at most max_rows rows
 * (<= 0: all); *suspended true when rows remain. sql_close_*: forget (no
 * error when absent, as PostgreSQL). sql_sync: end of an extended-protocol
 * batch (commits an implicit transaction). */
int sql_prepare(struct sql_session *s, const char *name, const char *text, size_t len,
                size_t nparams, const uint32_t *param_types, struct err *err);
int sql_bind(struct sql_session *s, const char *portal, const char *stmt, size_t nparams,
             const struct sql_datum *params, const int16_t *formats, size_t nresult_formats,
             const int16_t *result_formats, struct err *err);
int sql_describe_statement(struct sql_session *s, const char *name, uint32_t *param_types,
                           size_t cap, size_t *nparams, const struct sql_sink *sink,
                           struct err *err);
int sql_describe_portal(struct sql_session *s, const char *name, const struct sql_sink *sink,
                        struct err *err);
int sql_execute(struct sql_session *s, const char *portal, int32_t max_rows,
                const struct sql_sink *sink, bool *suspended, struct err *err);
void sql_close_statement(struct sql_session *s, const char *name);
void sql_close_portal(struct sql_session *s, const char *name);
int sql_sync(struct sql_session *s, struct err *err);

/* Send ParameterStatus for every reported setting whose value changed
 * (all of them when all is true: after start-up) through
 * sink->parameter_status. Call before ReadyForQuery. */
int sql_session_report(struct sql_session *s, const struct sql_sink *sink, bool all);
/* 1-based character position of the last error in its statement text
 * (ErrorResponse 'P'), 0 when none; cleared by the call. */
int sql_session_error_position(struct sql_session *s);
/* idle_in_transaction_session_timeout in ms when the session is inside a
 * transaction block (status T or E), else 0. */
int sql_session_idle_timeout_ms(const struct sql_session *s);

/* CONNECT privilege on the session's database (acl_session.c), checked
 * by pgwire after authentication: 42501 "permission denied for database"
 * with PostgreSQL's DETAIL when the session user lacks it. */
int sql_session_connect_check(struct sql_session *s, struct err *e);

/* ---- role and database catalog (roles.c) ----------------------------------------- */

struct sql_role {
    char name[SQL_NAME_MAX + 1];
    bool superuser;
    bool login;
    bool noinherit;                  /* NOINHERIT: members do not use the privileges of its roles */
    char secret[SQL_SECRET_MAX + 1]; /* "" when the role has no password */
};

/* Read a role. *found false when absent. ERR_CORRUPT for a damaged record. */
int sql_role_get(struct kv *kv, const char *name, struct sql_role *out, bool *found,
                 struct err *err);
/* Create or replace a role (one transaction). */
int sql_role_put(struct kv *kv, const struct sql_role *r, struct err *err);
/* Does a database exist? */
int sql_database_exists(struct kv *kv, const char *name, bool *found, struct err *err);
/* Create or replace a database record. */
int sql_database_put(struct kv *kv, const char *name, const char *owner, struct err *err);
/* Does the catalog hold any role? */
int sql_catalog_empty(struct kv *kv, bool *empty, struct err *err);
/* Write the initial superuser (with secret, may be "" or NULL) and the
 * database of the same default name, both in one transaction; then the
 * maintenance database "postgres" (PostgreSQL's) unless that was the name. */
int sql_catalog_bootstrap(struct kv *kv, const char *user, const char *secret, const char *database,
                          struct err *err);

#endif
