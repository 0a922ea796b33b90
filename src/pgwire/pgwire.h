/* pgwire.h — the PostgreSQL protocol server: the one header other layers
 * (server/) include from pgwire/.
 *
 * pgw_server_start listens on cluster.sql_address (TCP) and on the Unix
 * socket DATA/.s.PGSQL.<port> (so `psql -h DATA -p PORT` works) and runs one
 * session thread per connection (blocking I/O, DESIGN.md §3) that speaks
 * protocol 3.0: SSLRequest/TLS, start-up, authentication by
 * security.auth_rules / security.auth_method against the role catalog
 * (sql.h), CancelRequest, and the simple and extended query protocols
 * driving an sql_session.
 */
#ifndef SF_PGWIRE_PGWIRE_H
#define SF_PGWIRE_PGWIRE_H

#include <stdbool.h>
#include <stddef.h>

struct cfg;
struct err;
struct kv;
struct pgw_server;
struct sbuf;

/* Start listening. cfg is copied; kv is borrowed and must stay open until
 * pgw_server_stop returns. Opens the node-wide SQL catalog cache
 * (sql_catalog_open) that every session shares; closed by pgw_server_stop. Errors: ERR_BUSY/ERR_IO
 * naming cluster.sql_address
 * (--sql-listen) when the address is in use, ERR_CONFIG for bad TLS files or
 * auth rules. *out: caller owns (pgw_server_stop). */
int pgw_server_start(const struct cfg *cfg, struct kv *kv, struct pgw_server **out,
                     struct err *err);
/* Stop accepting, tell every session "terminating connection due to
 * administrator command" (57P01), wait for the session threads (bounded),
 * close the sockets and free. NULL is a no-op. */
/* Returns false when some session threads did not finish within the stop
 * limit (they were abandoned, still inside lower layers): the caller must
 * not close what they use (kv, the store). */
bool pgw_server_stop(struct pgw_server *s);
/* Open sessions right now. */
size_t pgw_server_sessions(struct pgw_server *s);

/* Write a self-signed certificate (EC P-256, SHA-256, 10 years, CA:TRUE so
 * clients can use it as sslrootcert) valid for localhost, 127.0.0.1, ::1 and
 * extra_host (may be NULL), and its key (mode 0600). */
int pgw_generate_cert(const char *cert_path, const char *key_path, const char *extra_host,
                      struct err *err);
/* A SCRAM-SHA-256 secret for password (PostgreSQL's format) into out. */
int pgw_password_secret(const char *password, struct sbuf *out, struct err *err);

#endif
