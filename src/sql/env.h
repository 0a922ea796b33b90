/* env.h — what one running statement sees of its session: the transaction,
 * the memory contexts, the session settings, the catalog cache.
 *
 * session.c owns and fills a struct sql_env per session; the binder,
 * planner, executor, DDL and functions read it (and write only the fields
 * documented as theirs). Everything here belongs to the session thread.
 */
#ifndef SF_SQL_ENV_H
#define SF_SQL_ENV_H

#include "sql/sql.h"
#include "sql/value.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct kv;
struct kv_txn;
struct mem_ctx;
struct sql_catalog;
struct sql_session;

#define SQL_SEARCH_PATH_MAX 16

struct sql_env {
    struct kv *kv;
    struct kv_txn *txn;      /* the statement's transaction; never NULL while it runs */
    struct sql_catalog *cat; /* node-wide catalog cache (catalog.h) */
    struct sql_session *sess;

    struct mem_ctx *stmt_ctx; /* reset when the statement ends */
    struct mem_ctx *txn_ctx;  /* reset when the transaction ends */

    const char *user;         /* current_user (SET ROLE's role, else the session user) */
    const char *session_user; /* session_user (SET SESSION AUTHORIZATION's, else authenticated) */
    const char *database;     /* current_database() */
    uint32_t db_oid;          /* filled by the catalog on first use */
    bool superuser;
    int32_t backend_pid; /* pg_backend_pid(), BackendKeyData's pid */
    /* the connection's TCP endpoints (NULL, -1: a Unix-domain socket) */
    const char *client_addr, *server_addr;
    int32_t client_port, server_port;

    struct sql_fmt
        fmt; /* TimeZone, DateStyle, extra_float_digits; fmt.dt.now = transaction start */
    int64_t stmt_start; /* statement_timestamp(), a timestamptz */

    /* search_path, resolved: schema names in order ("$user" dropped when no
     * such schema). pg_catalog is searched first unless listed. */
    const char *search_path[SQL_SEARCH_PATH_MAX];
    int nsearch;

    _Atomic bool *cancel; /* CancelRequest flag, may be NULL */
    int64_t deadline_ms;  /* CLOCK_MONOTONIC ms when statement_timeout fires; 0: none */

    /* Send a NOTICE/WARNING to the client now (may be NULL: dropped). */
    int (*notice)(void *arg, const struct sql_notice *n);
    void *notice_arg;

    /* Per-session sequence state for currval/lastval (catalog.h owns it). */
    void *seq_state;
    /* Set by DDL run in the current transaction: catalog reads bypass the
     * node cache until the transaction ends (session.c clears it). */
    bool txn_did_ddl;
    /* Transaction is READ ONLY (SET TRANSACTION READ ONLY, or
     * default_transaction_read_only): writes fail with 25006. */
    bool read_only;
    /* FOREIGN KEY events queued by the running statement (fk.c), or NULL. */
    void *fk_state;
    /* The transaction's deferred FOREIGN KEY checks and SET CONSTRAINTS
     * modes (fk.c), or NULL; session.c ends it with the transaction. */
    void *fk_txn;
    /* Temporary tables (temp.c): the session's temp schema "pg_temp_N" (""
     * until the first CREATE TEMP TABLE; it is then searched first, as
     * PostgreSQL's), its oid, and the ON COMMIT actions (temp.c's). */
    char temp_schema[SQL_NAME_BUF];
    uint32_t temp_schema_oid;
    void *temp_state;
    /* Set while CREATE / REFRESH MATERIALIZED VIEW fills a materialized
     * view (ddl_matview.c): INSERT into it is allowed then (VACUUM and COMMENT
     * set it to open one as a table). */
    bool matview_fill;
    /* The session's compiled PL/pgSQL functions and their plans
     * (plpgsql_comp.c; freed by sql_plpgsql_session_end), or NULL. */
    void *plpgsql_cache;
};

/* Check the cancel flag and statement deadline: 57014 "canceling statement
 * due to user request" / "canceling statement due to statement timeout".
 * The executor calls this every few hundred rows and in pg_sleep. */
int sql_env_check_interrupts(struct sql_env *env, struct err *e);

/* Fail with PostgreSQL's 54001 "stack depth limit exceeded" when less than
 * SQL_STACK_RESERVE bytes of the calling thread's stack are left. Every
 * recursion whose depth the statement decides (nested queries and WITH
 * references in the binder, SQL function calls) calls it on the way down,
 * so no statement can overflow the session thread's stack. */
#define SQL_STACK_RESERVE ((size_t)320 << 10)
int sql_stack_check(struct err *e);
/* That error (with PostgreSQL's HINT), for limits counted in levels. */
int sql_stack_depth_error(struct err *e);

/* Session settings (GUCs, settings.c). Names are case-insensitive.
 * show: the value as SHOW prints it, allocated in ctx; 42704
 * `unrecognized configuration parameter "x"`. set: as SET [LOCAL] name TO
 * value (value NULL: RESET); validates (22023 / 42704), updates env->fmt
 * and friends, and queues a ParameterStatus when the setting is reported. */
int sql_setting_show(struct sql_env *env, const char *name, struct mem_ctx *ctx, const char **val,
                     struct err *e);
int sql_setting_set(struct sql_env *env, const char *name, const char *value, bool local,
                    struct err *e);

/* One setting as pg_settings / SHOW ALL list it. */
struct sql_setting_row {
    const char *name;
    const char *setting;    /* current value as SHOW prints it */
    const char *unit;       /* NULL when none */
    const char *category;   /* "Client Connection Defaults / Locale and Formatting" */
    const char *short_desc; /* SHOW ALL's description */
    const char *context;    /* "user", "superuser", "internal", ... */
    const char *vartype;    /* "bool", "integer", "string", "enum", "real" */
    /* pg_settings' columns: the value in the base unit without one, the
     * bounds (NULL unless a number), "{a,b}" of an enum, the boot and
     * RESET values (base unit), "default" or "session" */
    const char *raw, *min_val, *max_val, *enumvals, *boot_val, *reset_val, *source;
};
/* Every setting, sorted by name, strings in ctx. */
int sql_setting_all(struct sql_env *env, struct mem_ctx *ctx, struct sql_setting_row **rows,
                    size_t *n, struct err *e);

#endif
