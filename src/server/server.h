/* server.h — the node process: data directory, lifecycle, threads, admin HTTP.
 *
 * A node moves through these states (srv_node_state), one way only:
 *
 *     STARTING --(all components up)--> SERVING --(SIGTERM/SIGINT)--> DRAINING --> STOPPED
 *         \________________(start-up failure)_____________________________/
 *
 * /ready answers 200 only in SERVING. Components start in this order and stop
 * in the reverse one: data-dir lock + pid file, metrics, loop thread,
 * background thread, admin HTTP. Later layers (storage, ranges, pgwire) plug
 * in between the background thread and the admin HTTP server.
 */
#ifndef SF_SERVER_SERVER_H
#define SF_SERVER_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cfg;
struct err;
struct sbuf;
struct srv_node;

enum srv_node_state {
    SRV_STARTING = 0,
    SRV_SERVING,
    SRV_DRAINING,
    SRV_STOPPED,
};

/* ---- data directory (datadir.c) ------------------------------------------------- */

/* The CLUSTER file marks an initialised data directory. Layout (text, one
 * key=value per line, version 1):
 *     line            meaning
 *     shardforge-cluster 1   magic and format version
 *     cluster_id=UUID
 *     cluster_name=NAME
 *     node_id=N
 *     created=ISO-8601 UTC
 *     crc32c=XXXXXXXX        CRC-32C of every byte before this line
 */
#define SRV_CLUSTER_FILE    "CLUSTER"
#define SRV_CLUSTER_VERSION 1
#define SRV_CONFIG_FILE     "shardforge.toml"
#define SRV_LOCK_FILE       "LOCK"
#define SRV_PID_FILE        "shardforge.pid"

struct srv_cluster_id {
    char cluster_id[64];
    char cluster_name[256];
    int64_t node_id;
    char created[40];
};

/* Write DIR/CLUSTER atomically (temp file, fsync, rename, fsync dir). */
int srv_cluster_write(const char *dir, const struct srv_cluster_id *id, struct err *err);
/* Read and verify DIR/CLUSTER. ERR_NOTFOUND when absent; ERR_CORRUPT naming
 * the file when the magic, a field or the checksum is wrong. */
int srv_cluster_read(const char *dir, struct srv_cluster_id *id, struct err *err);
/* A new random (v4) UUID in out (37 bytes). */
void srv_uuid_new(char out[37]);

/* Take the exclusive lock on DIR/LOCK (flock) and write DIR/shardforge.pid.
 * ERR_BUSY with the holder's pid when another process has it. *lock_fd
 * receives the descriptor; release with srv_datadir_unlock. */
int srv_datadir_lock(const char *dir, int *lock_fd, struct err *err);
void srv_datadir_unlock(const char *dir, int lock_fd);
/* True when another process holds the lock on DIR (used by init --force). */
bool srv_datadir_in_use(const char *dir, long *pid);
/* Write path atomically with content (temp + fsync + rename + dir fsync). */
int srv_write_file_atomic(const char *path, const char *data, size_t len, struct err *err);

/* Create the node's storage and its initial ranges (range 1 plus
 * storage.presplit_ranges user ranges) in cfg's data directory; `init`
 * calls it after writing the config and before the CLUSTER file. A memory
 * engine is bootstrapped at every start instead (nothing to do here). */
int srv_store_bootstrap(const struct cfg *cfg, struct err *err);

/* Write the role catalog's initial superuser `user` (SCRAM secret, or ""/NULL
 * for none) and the database "shardforge": opens the store briefly (engine,
 * ranges on a temporary loop thread, kv), writes, closes (pgwire_hook.c).
 * `init` calls it after srv_store_bootstrap. */
int srv_catalog_bootstrap(const struct cfg *cfg, const char *user, const char *secret,
                          struct err *err);

/* ---- the node (node.c) ---------------------------------------------------------- */

/* Start every component of a node for cfg (validated; copied). config_path
 * may be NULL. On success the node is SERVING and *out owns it. On failure
 * everything started is stopped again and err says what failed, naming the
 * setting or flag to change for an address in use. */
int srv_node_start(const struct cfg *cfg, const char *config_path, struct srv_node **out,
                   struct err *err);
/* Graceful stop (DRAINING, then components in reverse order) and free. */
void srv_node_stop(struct srv_node *node);
enum srv_node_state srv_node_state(const struct srv_node *node);
const char *srv_node_state_name(enum srv_node_state s);
/* Apply the reloadable settings of next (log level, structured logging);
 * appends what changed to out, and notes keys that changed but need a
 * restart. Returns the number of settings applied. */
int srv_node_reload(struct srv_node *node, const struct cfg *next, struct sbuf *out);
/* The /status document (JSON, see status.c) into out. */
void srv_node_status_json(struct srv_node *node, bool detailed, struct sbuf *out);
/* The admin URL ("http://127.0.0.1:9090"). Borrowed for the node's life. */
const char *srv_node_admin_url(const struct srv_node *node);

#endif
