/* notify.h — LISTEN / UNLISTEN / NOTIFY and pg_notify (PostgreSQL's
 * commands/async.c) between the sessions of this node.
 *
 * A session's listener (sql_nl) holds the channels it listens on, the
 * actions of its open transaction (LISTEN, UNLISTEN, NOTIFY: they take
 * effect at commit, in order, and go with a rollback or ROLLBACK TO) and
 * its inbox of notifications delivered to it. At commit the transaction's
 * notifications (duplicates of one channel and payload folded, as
 * PostgreSQL) go to every listener of their channel in the same database,
 * this session included, in commit order; each receiver's wake callback
 * runs so that an idle connection can send them at once (pgwire).
 *
 * Lock order: the hub's mutex is a leaf; wake callbacks run under it and
 * must not block (pgwire writes an eventfd).
 */
#ifndef SF_SQL_NOTIFY_H
#define SF_SQL_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;

#define SQL_NOTIFY_PAYLOAD_MAX 7999 /* PostgreSQL: NOTIFY_PAYLOAD_MAX_LENGTH - 1 */
#define SQL_NOTIFY_INBOX_MAX   100000

struct sql_nl;

/* A listener of database `db` for backend pid; wake(arg) runs when a
 * notification arrives (may be NULL). */
struct sql_nl *sql_notify_new(const char *db, int32_t pid, void (*wake)(void *), void *arg);
/* Leave the hub; pending actions and the inbox go. NULL is a no-op. */
void sql_notify_free(struct sql_nl *l);

/* Queue an action of the open transaction. Channel names are checked
 * (22023 "channel name cannot be empty" / "channel name too long"), and
 * payloads (22023 "payload string too long"). channel NULL for UNLISTEN *. */
int sql_notify_listen(struct sql_nl *l, const char *channel, struct err *e);
int sql_notify_unlisten(struct sql_nl *l, const char *channel, struct err *e);
int sql_notify_notify(struct sql_nl *l, const char *channel, const char *payload, struct err *e);

/* Savepoints: the number of queued actions, and dropping those after it. */
size_t sql_notify_mark(const struct sql_nl *l);
void sql_notify_rollback_to(struct sql_nl *l, size_t mark);
/* Before the commit: 54000 "too many notifications in the NOTIFY queue"
 * when a receiver's inbox is full. */
int sql_notify_precommit(struct sql_nl *l, struct err *e);
/* The transaction ended: apply its actions (committed) or drop them. */
void sql_notify_txn_end(struct sql_nl *l, bool committed);

/* Take the oldest delivered notification (strings in ctx): false when none. */
bool sql_notify_take(struct sql_nl *l, struct mem_ctx *ctx, int32_t *pid, const char **channel,
                     const char **payload);
/* Does it listen on any channel (committed)? */
bool sql_notify_listening(const struct sql_nl *l);
/* The channels it listens on (committed), in ctx. */
size_t sql_notify_channels(const struct sql_nl *l, struct mem_ctx *ctx, const char ***out);

#endif
