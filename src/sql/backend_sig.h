/* backend_sig.h — the node's client sessions by backend pid, for
 * pg_cancel_backend (PostgreSQL's signalfuncs.c).
 *
 * sql_session_open registers each session that has a backend pid and a
 * cancel flag (the flag CancelRequest sets); sql_session_close removes it.
 * pg_cancel_backend(pid) sets the flag of the session with that pid: its
 * running statement stops with 57014, as after a CancelRequest.
 * pg_terminate_backend(pid) also calls the session's terminate hook (the
 * connection ends with FATAL 57P01); the hook runs under the list's mutex,
 * so the connection cannot go away meanwhile. */
#ifndef SF_SQL_BACKEND_SIG_H
#define SF_SQL_BACKEND_SIG_H

#include "common/err.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct sql_bsig;
struct sql_env;
struct sql_fcall;
struct sql_value;
struct sql__vrows;

/* The query text pg_stat_activity keeps (track_activity_query_size). */
#define SQL_BSIG_QUERY_MAX 1024

/* Register a session (pid > 0, cancel non-NULL, else NULL is returned);
 * user is the authenticated role, copied. */
struct sql_bsig *sql__bsig_add(int32_t pid, const char *user, bool superuser, _Atomic bool *cancel,
                               void (*terminate)(void *arg), void *terminate_arg);
/* Unregister (NULL: no-op). */
void sql__bsig_remove(struct sql_bsig *b);

/* pg_stat_activity and pg_stat_ssl: at open, the session's database,
 * start-up application_name, client address and port (NULL, -1: a
 * Unix-domain socket) and TLS state (NULL: none); a statement starting (its
 * text, cut to SQL_BSIG_QUERY_MAX bytes; app: the current application_name
 * or NULL); the session going idle with transaction status 'I', 'T' or 'E'.
 * All from the session's own thread; b NULL: no-op. */
struct sql_ssl_info;
void sql__bsig_identity(struct sql_bsig *b, const char *database, const char *app,
                        const char *client_addr, int32_t client_port,
                        const struct sql_ssl_info *ssl);
/* pg_stat_ssl: one row per session of this node (TLS columns NULL where
 * env's role may not see the session's activity, as pg_stat_activity). */
int sql__bsig_ssl(struct sql_env *env, struct sql__vrows *r, struct err *e);
void sql__bsig_active(struct sql_bsig *b, uint32_t db_oid, const char *app, const char *query,
                      size_t len);
void sql__bsig_idle(struct sql_bsig *b, char txn_status);
/* One pg_stat_activity row per session of this node, oldest first: query
 * text and times only where env's role has the session role's privileges
 * or pg_read_all_stats ("<insufficient privilege>" otherwise). */
int sql__bsig_activity(struct sql_env *env, struct sql__vrows *r, struct err *e);
/* DROP DATABASE: 0 when no other session is connected to database db
 * (waiting up to 5 s for them to leave, as PostgreSQL); with force, first
 * end them (pg_terminate_backend's checks, 42501); else 55006 "database
 * ... is being accessed by other users" with the count in DETAIL. */
int sql__bsig_database_idle(struct sql_env *env, const char *db, bool force, struct err *e);
/* Whether session s is in the list (it has a backend pid); its
 * application_name changed (SET, RESET; s NULL: no-op). session.c. */
struct sql_session;
bool sql__session_has_bsig(const struct sql_session *s);
void sql__session_set_appname(struct sql_session *s, const char *app);
void sql__bsig_set_app(struct sql_bsig *b, const char *app);

/* pg_cancel_backend(int4) -> bool. */
int sql__fn_pg_cancel_backend(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e);
/* pg_terminate_backend(int4, int8 timeout ms) -> bool. */
int sql__fn_pg_terminate_backend(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e);

#endif
