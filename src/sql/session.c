/* session.c — a SQL session: statement dispatch, transactions, prepared
 * statements and portals (the interface pgwire drives, sql.h).
 *
 * Transaction states (PostgreSQL's xact.c block states, reduced):
 *
 *   IDLE --first statement--> IMPLICIT --end of query / Sync--> IDLE (commit)
 *     |                          |  error: rolled back at once
 *     |                          +--BEGIN--> BLOCK (the implicit one becomes the block)
 *     +--BEGIN--> BLOCK --COMMIT/ROLLBACK--> IDLE
 *                   |  error
 *                   v
 *                FAILED --ROLLBACK / COMMIT (answers ROLLBACK)--> IDLE
 *                   +----ROLLBACK TO savepoint--> BLOCK
 *
 * Every statement runs in the session's kv transaction between
 * kv_txn_stmt_begin and kv_txn_stmt_end(failed), so a failed statement
 * inside a block is undone and poisons the block (25P02 for the rest).
 *
 * Memory: sess_ctx (session life) > txn_ctx (reset at transaction end) >
 * stmt_ctx (reset per simple-protocol statement). A prepared statement owns
 * a context for its AST and one per plan (refcounted: a portal pins the
 * plan it runs); a portal owns a context for its parameters, cursor and
 * the catalog lookups of its execution (env->stmt_ctx while it runs).
 * Planning for a prepared statement runs with env->stmt_ctx = the plan's
 * context, so whatever the planner looks up lives as long as the plan.
 */
#include "sql/session_int.h"
#include "sql/plpgsql.h"
#include "sql/sqlfn.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/metrics.h"
#include "common/str.h"
#include "common/waitstate.h"
#include "kv/kv.h"
#include "sql/advisory.h"
#include "sql/backend_sig.h"
#include "sql/catalog.h"
#include "sql/array.h"
#include "sql/ctype.h"
#include "sql/cursor_int.h"
#include "sql/enum.h"
#include "sql/exec.h"
#include "sql/fk.h"
#include "sql/notify.h"
#include "sql/parse.h"
#include "sql/regns.h"
#include "sql/regtype.h"
#include "sql/rowtype.h"
#include "sql/temp.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_PARAMS  65535
#define PG_EPOCH_US 946684800000000LL /* 2000-01-01 in Unix microseconds */

/* ---- metrics -------------------------------------------------------------------- */

enum stype {
    ST_SELECT,
    ST_INSERT,
    ST_UPDATE,
    ST_DELETE,
    ST_DDL,
    ST_TXN,
    ST_COPY,
    ST_UTILITY,
    ST_N
};
static const char *const stype_names[ST_N] = {"select", "insert",      "update", "delete",
                                              "ddl",    "transaction", "copy",   "utility"};
static struct met_counter *m_stmts[ST_N];
static struct met_counter *m_errors;
static struct met_histogram *m_latency;
static pthread_once_t metrics_once = PTHREAD_ONCE_INIT;

static void metrics_init(void)
{
    for (int i = 0; i < ST_N; i++) {
        char labels[64];
        snprintf(labels, sizeof(labels), "type=\"%s\"", stype_names[i]);
        m_stmts[i] = met_counter_new("shardforge_sql_statements_total",
                                     "SQL statements executed, by type", labels);
    }
    m_errors = met_counter_new("shardforge_sql_statement_errors_total",
                               "SQL statements that failed", NULL);
    m_latency =
        met_histogram_new("shardforge_sql_statement_duration_seconds", "SQL statement latency",
                          NULL, met_latency_buckets, met_latency_nbuckets);
}

static enum stype stype_of(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_SELECT:
    case SQL_STMT_EXPLAIN:
        return ST_SELECT;
    case SQL_STMT_INSERT:
        return ST_INSERT;
    case SQL_STMT_UPDATE:
        return ST_UPDATE;
    case SQL_STMT_DELETE:
        return ST_DELETE;
    case SQL_STMT_TRANSACTION:
        return ST_TXN;
    case SQL_STMT_COPY:
        return ST_COPY;
    case SQL_STMT_SET:
    case SQL_STMT_SET_TRANSACTION:
    case SQL_STMT_SHOW:
    case SQL_STMT_PREPARE:
    case SQL_STMT_EXECUTE:
    case SQL_STMT_DEALLOCATE:
    case SQL_STMT_DISCARD:
    case SQL_STMT_DECLARE:
    case SQL_STMT_FETCH:
    case SQL_STMT_CLOSE:
        return ST_UTILITY;
    default:
        return ST_DDL;
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double mono_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t wall_tstz(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 - PG_EPOCH_US;
}

/* ---- structures ----------------------------------------------------------------- */

/* A plan and the context it lives in; portals pin it. */
struct planref {
    struct mem_ctx *ctx;
    struct sql_plan *plan;
    int refs;
};

struct prepared {
    char *name;
    struct mem_ctx *ctx; /* text, AST, types */
    char *text;
    size_t len;
    const struct sql_stmt *st; /* NULL: empty statement */
    size_t ndeclared;
    uint32_t *declared; /* as Parse/PREPARE gave them */
    size_t nparams;
    uint32_t *ptypes;   /* declared + inferred */
    struct planref *pr; /* NULL when not plannable */
    int refs;           /* portals using it, + 1 while in the table */
    bool sql_level;
    int64_t created; /* pg_prepared_statements.prepare_time */
    char *src;       /* PREPARE: the whole query string (its statement), else NULL */
    int64_t runs;    /* plans handed out (Bind, EXECUTE): generic_plans */
};

struct portal {
    char *name;
    struct mem_ctx *ctx;
    struct prepared *ps;
    struct planref *pr;
    struct sql_value *params;
    size_t nparams;
    size_t ncols;
    int16_t *formats; /* per column */
    struct sql_cursor *cur;
    struct mem_ctx *run_ctx; /* env->stmt_ctx while it runs */
    bool started, done, suspended;
    bool cursor; /* made by DECLARE: FETCH/MOVE/CLOSE reach it */
    char tag[64];
    struct sql__cstore *cs; /* DECLAREd cursors: FETCH/MOVE positions (cursor_int.h) */
    bool hold, held;        /* WITH HOLD; held over a COMMIT (its query closed) */
    bool binary;            /* DECLARE BINARY */
    bool failed;            /* an error while it ran: only CLOSE is left */
    int sp_level;           /* savepoints open at its DECLARE */
    bool scroll;            /* pg_cursors.is_scrollable */
    char *stmt_text;        /* pg_cursors.statement */
    int64_t created;        /* pg_cursors.creation_time */
};

struct savepoint {
    char *name;
    uint64_t kv_sp;
    bool read_only;     /* transaction_read_only when it was set */
    size_t notify_mark; /* sql_notify_mark */
    int guc_level;
    size_t adv_mark; /* sql_advisory_mark */
    struct sql_fk_mark fk_mark;
};

enum tstate { T_IDLE, T_IMPLICIT, T_BLOCK, T_FAILED };

struct sql_session {
    struct kv *kv;
    struct sql_catalog *cat;
    char user[SQL_NAME_BUF]; /* current user (env->user) */
    struct sql__identity ident;
    char database[SQL_NAME_BUF];
    _Atomic bool *cancel;
    struct sql_bsig *bsig; /* pg_cancel_backend's entry (backend_sig.h) */
    struct mem_ctx *sess_ctx, *txn_ctx, *stmt_ctx;
    struct sql_env env;
    struct sql__gucs *gucs;

    enum tstate ts;
    struct kv_txn *txn;
    int txn_stmts; /* statements run in the current kv transaction */
    int iso;       /* SQL_ISO_* of the current/next transaction */
    bool read_only;
    int deferrable; /* [NOT] DEFERRABLE of the current block (1/0), -1: not given */
    struct savepoint *sps;
    int nsps, capsps;
    uint64_t sp_gen; /* catalog generation search_path was resolved at */

    struct hash_table *stmts;   /* name -> struct prepared * */
    struct hash_table *portals; /* name -> struct portal * */

    const struct sql_sink *sink; /* of the running call */
    struct portal *outer;        /* the portal an Execute of a utility statement runs */
    int err_pos;
    bool multi;    /* running a multi-statement simple query */
    bool extended; /* running an Execute: RowDescription came from Describe */

    struct sql_nl *nl; /* LISTEN / NOTIFY (notify.h), made at first use */
    void (*nwake)(void *);
    void *nwake_arg;
};

/* ---- LISTEN / NOTIFY (notify.h) ------------------------------------------------- */

static struct sql_nl *session_nl(struct sql_session *s)
{
    if (s->nl == NULL)
        s->nl = sql_notify_new(s->database, s->env.backend_pid, s->nwake, s->nwake_arg);
    return s->nl;
}

void sql_session_set_notify_wake(struct sql_session *s, void (*wake)(void *), void *arg)
{
    s->nwake = wake;
    s->nwake_arg = arg;
}

bool sql_session_notify_pending(const struct sql_session *s)
{
    return s->nl != NULL && sql_notify_listening(s->nl);
}

bool sql_session_notify_take(struct sql_session *s, struct mem_ctx *ctx, int32_t *pid,
                             const char **channel, const char **payload)
{
    return sql_notify_take(s->nl, ctx, pid, channel, payload);
}

int sql__session_notify(struct sql_session *s, const char *channel, const char *payload,
                        struct err *e)
{
    return sql_notify_notify(session_nl(s), channel, payload, e);
}

size_t sql__session_listening(struct sql_session *s, struct mem_ctx *ctx, const char ***out)
{
    return sql_notify_channels(s->nl, ctx, out);
}

/* ---- hooks for settings.c -------------------------------------------------------- */

/* Weak, so that settings.c's unit test can put a fake session behind them
 * while the rest of the library (which reaches session.c) links as is;
 * the server has these only. */
#define SQL_SESSION_HOOK __attribute__((weak))

SQL_SESSION_HOOK struct sql__gucs *sql__session_gucs(struct sql_session *s)
{
    return s->gucs;
}

SQL_SESSION_HOOK bool sql__session_in_txn(struct sql_session *s)
{
    return s->ts != T_IDLE;
}

uint64_t sql__session_subxact_mark(struct sql_session *s)
{
    return s->nsps > 0 ? s->sps[s->nsps - 1].kv_sp : 0;
}

static const char *iso_name(int iso)
{
    switch (iso) {
    case SQL_ISO_SERIALIZABLE:
        return "serializable";
    case SQL_ISO_REPEATABLE_READ:
        return "repeatable read";
    default:
        return "read committed";
    }
}

SQL_SESSION_HOOK const char *sql__session_txn_isolation(struct sql_session *s)
{
    if (s->ts == T_IDLE)
        return iso_name(sql__gucs_default_isolation(s->gucs));
    return iso_name(s->iso);
}

SQL_SESSION_HOOK int sql__session_txn_deferrable(struct sql_session *s)
{
    return s->ts == T_IDLE ? -1 : s->deferrable;
}

SQL_SESSION_HOOK bool sql__session_txn_read_only(struct sql_session *s)
{
    if (s->ts == T_IDLE)
        return sql__gucs_default_read_only(s->gucs);
    return s->read_only;
}

static enum kv_isolation kv_iso(int iso)
{
    return iso == SQL_ISO_SERIALIZABLE      ? KV_ISO_SERIALIZABLE
           : iso == SQL_ISO_REPEATABLE_READ ? KV_ISO_REPEATABLE_READ
                                            : KV_ISO_READ_COMMITTED;
}

/* (Re)open the kv transaction with the session's modes. */
static int begin_kv(struct sql_session *s, struct err *e)
{
    struct kv_txn *t = NULL;
    int rc = kv_txn_begin(s->kv, kv_iso(s->iso), s->read_only, &t, e);
    if (rc != 0)
        return rc;
    kv_txn_set_lock_timeout(t, sql__gucs_lock_timeout(s->gucs));
    kv_txn_set_deadlock_timeout(t, sql__gucs_deadlock_timeout(s->gucs));
    s->txn = t;
    s->txn_stmts = 0;
    s->env.txn = t;
    s->env.read_only = s->read_only;
    /* now(): the transaction's start in microseconds, as PostgreSQL (the
     * kv timestamp's physical part has milliseconds only). */
    s->env.fmt.dt.now = wall_tstz();
    return 0;
}

SQL_SESSION_HOOK int sql__session_set_txn_mode(struct sql_session *s, int isolation, int read_only,
                                               struct err *e)
{
    if (s->ts == T_IDLE || s->ts == T_IMPLICIT) {
        /* PostgreSQL: SET TRANSACTION outside a block warns and does nothing. */
        if (s->sink != NULL && s->sink->notice != NULL) {
            struct sql_notice n = {.severity = "WARNING",
                                   .sqlstate = "25P01",
                                   .message = "SET TRANSACTION can only be used in transaction "
                                              "blocks"};
            s->sink->notice(s->sink->arg, &n);
        }
        return 0;
    }
    if (isolation != SQL_ISO_DEFAULT && isolation != s->iso) {
        if (s->txn_stmts > 0)
            return err_set_state(e, ERR_INVAL, "25001",
                                 "SET TRANSACTION ISOLATION LEVEL must be called before any "
                                 "query");
        if (s->nsps > 0)
            return err_set_state(e, ERR_INVAL, "25001",
                                 "SET TRANSACTION ISOLATION LEVEL must not be called in a "
                                 "subtransaction");
        int old = s->iso;
        s->iso = isolation == SQL_ISO_READ_UNCOMMITTED ? SQL_ISO_READ_COMMITTED : isolation;
        kv_txn_rollback(s->txn);
        s->txn = NULL;
        s->env.txn = NULL;
        int rc = begin_kv(s, e);
        if (rc != 0) {
            s->iso = old;
            int rc2 = begin_kv(s, NULL);
            (void)rc2;
            return rc;
        }
    }
    if (read_only >= 0 && (bool)read_only != s->read_only) {
        if (!read_only && s->read_only && s->nsps > 0)
            return err_set_state(e, ERR_INVAL, "25001",
                                 "cannot set transaction read-write mode inside a read-only "
                                 "transaction");
        if (!read_only && s->txn_stmts > 0 && s->read_only)
            return err_set_state(e, ERR_INVAL, "25001",
                                 "transaction read-write mode must be set before any query");
        s->read_only = read_only;
        s->env.read_only = read_only;
        /* Before the first query the kv transaction starts again in the new
         * mode; under a savepoint it stays (the mode is the SQL layer's,
         * restored by ROLLBACK TO). */
        if (s->txn_stmts == 0 && s->nsps == 0) {
            kv_txn_rollback(s->txn);
            s->txn = NULL;
            s->env.txn = NULL;
            return begin_kv(s, e);
        }
    }
    return 0;
}

/* ---- small helpers ---------------------------------------------------------------- */

static int notice_fwd(void *arg, const struct sql_notice *n)
{
    struct sql_session *s = arg;
    if (s->sink == NULL || s->sink->notice == NULL)
        return 0;
    if (sql__severity_rank(n->severity) < sql__gucs_min_messages(s->gucs))
        return 0;
    return s->sink->notice(s->sink->arg, n);
}

static void warn(struct sql_session *s, const char *sqlstate, const char *msg)
{
    struct sql_notice n = {.severity = "WARNING", .sqlstate = sqlstate, .message = msg};
    notice_fwd(s, &n);
}

static int check_cancel(struct sql_session *s, struct err *e)
{
    if (s->cancel != NULL && atomic_exchange(s->cancel, false))
        return err_set_state(e, ERR_TIMEOUT, "57014", "canceling statement due to user request");
    return 0;
}

/* Character position (1-based) of byte offset off in text. */
static int char_pos(const char *text, size_t len, size_t off)
{
    int n = 0;
    for (size_t i = 0; i < off && i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n + 1;
}

/* The position PostgreSQL gives an unknown COPY format: its FORMAT
 * option, found in the statement's text (options carry no location). */
static int copy_format_pos(const struct sql_stmt *st, const char *text, size_t len)
{
    size_t from = st->location > 0 ? (size_t)st->location : 0;
    size_t to = st->len > 0 && from + (size_t)st->len <= len ? from + (size_t)st->len : len;
    size_t found = 0;
    bool have = false;
    for (size_t i = from; i + 6 < to; i++) {
        if (strncasecmp(text + i, "format", 6) != 0 ||
            (i > 0 && isalnum((unsigned char)text[i - 1])))
            continue;
        if (!isspace((unsigned char)text[i + 6]))
            continue;
        found = i; /* the last one: the option list follows the target */
        have = true;
    }
    return have ? char_pos(text, len, found) : 0;
}

/* PostgreSQL reports no position for errors of constant folding
 * (division by zero, overflow): the planner raises them. */
static bool position_applies(const struct err *e)
{
    (void)e; /* errors raised while folding constants carry no location */
    return true;
}

/* ---- transaction life ---------------------------------------------------------------- */

static void portal_free(struct portal *p);
static void prepared_unref(struct prepared *ps);

/* Drop the portals of the transaction; cursors held over an earlier
 * COMMIT (WITH HOLD) stay unless all. */
static void drop_portals_all(struct sql_session *s, bool all)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    struct portal **list = NULL;
    size_t n = hash_count(s->portals), i = 0;
    if (n == 0)
        return;
    list = xcalloc(n, sizeof(*list));
    while (hash_next(s->portals, &pos, &k, &kl, &v))
        if (all || !((struct portal *)v)->held)
            list[i++] = v;
    n = i;
    for (i = 0; i < n; i++) {
        hash_del(s->portals, list[i]->name, strlen(list[i]->name));
        portal_free(list[i]);
    }
    xfree(list);
}

static void drop_portals(struct sql_session *s)
{
    drop_portals_all(s, false);
}

static int hold_cursors(struct sql_session *s, struct err *e);

/* ROLLBACK TO savepoint `level` (0-based) drops the cursors declared after
 * it; RELEASE of it gives them to the enclosing level. */
static void savepoint_cursors(struct sql_session *s, int level, bool rollback)
{
    size_t pos = 0, n = 0;
    const void *k;
    size_t kl;
    void *v;
    struct portal **list = xcalloc(hash_count(s->portals) + 1, sizeof(*list));
    while (hash_next(s->portals, &pos, &k, &kl, &v)) {
        struct portal *p = v;
        if (!p->cursor || p->held || p->sp_level <= level || p == s->outer)
            continue;
        if (rollback)
            list[n++] = p;
        else
            p->sp_level = level;
    }
    for (size_t i = 0; i < n; i++)
        portal_free(hash_del(s->portals, list[i]->name, strlen(list[i]->name)));
    xfree(list);
}

static void txn_cleanup(struct sql_session *s, bool committed)
{
    drop_portals(s);
    sql_cat_stmt_end(&s->env); /* a catalog reader transaction left open */
    bool ddl = s->env.txn_did_ddl;
    s->txn = NULL;
    s->env.txn = NULL;
    s->env.txn_did_ddl = false;
    s->env.deadline_ms = 0;
    sql_advisory_release_xact(&s->env);
    sql__gucs_txn_end(&s->env, committed);
    for (int i = 0; i < s->nsps; i++)
        xfree(s->sps[i].name);
    s->nsps = 0;
    s->ts = T_IDLE;
    s->iso = sql__gucs_default_isolation(s->gucs);
    s->read_only = sql__gucs_default_read_only(s->gucs);
    s->deferrable = -1;
    sql_fk_txn_end(&s->env);
    sql_notify_txn_end(s->nl, committed); /* LISTEN/NOTIFY take effect at commit */
    mem_ctx_reset(s->stmt_ctx);
    mem_ctx_reset(s->txn_ctx);
    if (committed && ddl && s->cat != NULL)
        sql_catalog_invalidate(s->cat);
}

static void txn_rollback(struct sql_session *s)
{
    drop_portals(s); /* their iterators go before the transaction */
    if (s->txn != NULL)
        kv_txn_rollback(s->txn);
    txn_cleanup(s, false);
}

/* ON COMMIT DELETE ROWS / DROP of temp tables (temp.h), in the committing
 * transaction. */
static int temp_on_commit(struct sql_session *s, struct err *e)
{
    if (s->env.temp_state == NULL)
        return 0;
    int rc = kv_txn_stmt_begin(s->txn, e);
    if (rc != 0)
        return rc;
    rc = sql_temp_pre_commit(&s->env, e);
    kv_txn_stmt_end(s->txn, rc != 0);
    return rc;
}

/* The deferred FOREIGN KEY checks (fk.h), in the committing transaction. */
static int fk_on_commit(struct sql_session *s, struct err *e)
{
    if (s->env.fk_txn == NULL)
        return 0;
    int rc = kv_txn_stmt_begin(s->txn, e);
    if (rc != 0)
        return rc;
    rc = sql_fk_pre_commit(&s->env, e);
    kv_txn_stmt_end(s->txn, rc != 0);
    return rc;
}

static int txn_commit(struct sql_session *s, struct err *e)
{
    int rc = 0;
    if (s->txn != NULL) {
        rc = hold_cursors(s, e); /* WITH HOLD cursors read their rest */
        drop_portals(s);         /* no iterator may be open at commit */
        if (rc == 0)
            rc = fk_on_commit(s, e);
        if (rc == 0)
            rc = temp_on_commit(s, e);
        if (rc == 0)
            rc = sql_notify_precommit(s->nl, e);
        if (rc == 0)
            rc = kv_txn_commit(s->txn, e);
        else
            kv_txn_rollback(s->txn);
    } else {
        rc = sql_notify_precommit(s->nl, e);
    }
    txn_cleanup(s, rc == 0);
    return rc;
}

/* Enter a transaction: an implicit one when idle. The kv transaction is
 * opened by the first statement that reads or writes (ensure_txn), so SET
 * and SHOW cost no timestamp. */
static void enter_txn(struct sql_session *s)
{
    if (s->ts == T_IDLE) {
        s->iso = sql__gucs_default_isolation(s->gucs);
        s->read_only = sql__gucs_default_read_only(s->gucs);
        s->deferrable = -1;
        s->ts = T_IMPLICIT;
    }
}

/* Make sure a kv transaction is open (in an implicit transaction when idle). */
static int ensure_txn(struct sql_session *s, struct err *e)
{
    if (s->txn != NULL)
        return 0;
    bool was_idle = s->ts == T_IDLE;
    enter_txn(s);
    int rc = begin_kv(s, e);
    if (rc != 0 && was_idle)
        s->ts = T_IDLE;
    return rc;
}

/* Statements that never touch kv. */
static bool needs_kv(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_SET:
    case SQL_STMT_SHOW:
    case SQL_STMT_SET_TRANSACTION:
    case SQL_STMT_DEALLOCATE:
    case SQL_STMT_DISCARD:
    case SQL_STMT_TRANSACTION:
        return false;
    default:
        return true;
    }
}

/* search_path resolved into env (after SET, and after DDL elsewhere). */
static void resolve_search_path(struct sql_session *s)
{
    uint64_t gen = s->cat != NULL ? sql_catalog_generation(s->cat) : 0;
    if (s->env.nsearch >= 0 && gen == s->sp_gen)
        return;
    const char *tmp[SQL_SEARCH_PATH_MAX];
    int n = sql__gucs_search_path(s->gucs, s->user, s->sess_ctx, tmp, SQL_SEARCH_PATH_MAX);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(tmp[i], s->user) == 0 && s->env.txn != NULL && s->cat != NULL) {
            /* "$user" (or the user's name) only when such a schema exists. */
            struct sql_schema_desc d;
            bool found = false;
            struct err e = {0};
            if (sql_cat_schema(&s->env, tmp[i], &d, &found, &e) != 0 || !found)
                continue;
        }
        s->env.search_path[k++] = tmp[i];
    }
    s->env.nsearch = k;
    sql_temp_search_path(&s->env);
    /* Without a kv transaction "$user" was not checked: resolve again. */
    s->sp_gen = s->env.txn != NULL ? gen : UINT64_MAX;
}

/* PostgreSQL takes the snapshot of a REPEATABLE READ or SERIALIZABLE block
 * at its first statement that reads or writes, not at BEGIN: the kv
 * transaction BEGIN opened, still unused, starts again now. now() stays
 * the time of BEGIN. */
static int snapshot_at_first_stmt(struct sql_session *s, struct err *e)
{
    if (s->ts != T_BLOCK || s->txn_stmts != 0 || s->nsps != 0 || s->iso == SQL_ISO_READ_COMMITTED)
        return 0;
    int64_t now = s->env.fmt.dt.now;
    kv_txn_rollback(s->txn);
    s->txn = NULL;
    s->env.txn = NULL;
    int rc = begin_kv(s, e);
    if (rc != 0)
        return rc;
    s->env.fmt.dt.now = now;
    return 0;
}

/* A statement starts in the open transaction. */
static int stmt_begin(struct sql_session *s, struct mem_ctx *stmt_ctx, bool uses_kv, struct err *e)
{
    /* Statements that never touch kv (SET, SHOW, ...) leave the kv
     * transaction alone: SET TRANSACTION stays legal until a statement that
     * reads or writes, and may even replace the kv transaction. */
    if (s->txn != NULL && uses_kv) {
        int src = snapshot_at_first_stmt(s, e);
        if (src != 0)
            return src;
        int rc = kv_txn_stmt_begin(s->txn, e);
        if (rc != 0)
            return rc;
        s->txn_stmts++;
    }
    s->env.stmt_ctx = stmt_ctx;
    s->env.txn_ctx = s->txn_ctx;
    s->env.stmt_start = wall_tstz();
    int to = sql__gucs_statement_timeout(s->gucs);
    s->env.deadline_ms = to > 0 ? mono_ms() + to : 0;
    resolve_search_path(s);
    return 0;
}

static void stmt_end(struct sql_session *s, bool failed)
{
    sql_cat_stmt_end(&s->env);
    if (s->txn != NULL)
        kv_txn_stmt_end(s->txn, failed);
    s->env.deadline_ms = 0;
}

/* A statement failed: a block becomes FAILED, an implicit transaction is
 * rolled back at once. A failed block without savepoints is aborted in kv
 * right away, as PostgreSQL's AbortTransaction does: its locks are released
 * now, not at the client's ROLLBACK (a deadlock victim must free the
 * winner). With savepoints the kv transaction stays (poisoned) so ROLLBACK
 * TO can revive it; the failed statement's own locks are already undone by
 * kv_txn_stmt_end. */
static void stmt_failed(struct sql_session *s)
{
    met_counter_inc(m_errors);
    if (s->ts == T_BLOCK || s->ts == T_FAILED) {
        s->ts = T_FAILED;
        if (s->nsps == 0 && s->txn != NULL) {
            drop_portals(s); /* their iterators go before the transaction */
            kv_txn_rollback(s->txn);
            s->txn = NULL;
            s->env.txn = NULL;
            sql_advisory_release_xact(&s->env);
        }
    } else if (s->ts == T_IMPLICIT) {
        txn_rollback(s);
    }
}

/* ---- sessions ------------------------------------------------------------------------ */

struct sql__identity *sql__session_ident(struct sql_session *s)
{
    return &s->ident;
}

struct sql_env *sql__session_env(struct sql_session *s)
{
    return &s->env;
}

/* Lock waits below SQL (kv's lock table) end on cancel and statement_timeout. */
static int check_interrupts(void *arg, struct err *e)
{
    return sql_env_check_interrupts(arg, e);
}

int sql_session_open(struct kv *kv, const struct sql_session_params *p, struct sql_session **out,
                     struct err *err)
{
    pthread_once(&metrics_once, metrics_init);
    struct sql_session *s = xcalloc(1, sizeof(*s));
    s->kv = kv;
    s->cat = p->catalog;
    snprintf(s->user, sizeof(s->user), "%s", p->user ? p->user : "");
    snprintf(s->database, sizeof(s->database), "%s", p->database ? p->database : "");
    s->cancel = p->cancel;
    s->sess_ctx = mem_ctx_new(NULL, "sql session");
    s->txn_ctx = mem_ctx_new(s->sess_ctx, "sql transaction");
    s->stmt_ctx = mem_ctx_new(s->sess_ctx, "sql statement");
    s->gucs = sql__gucs_new();
    s->stmts = hash_new(16);
    s->portals = hash_new(16);
    s->ts = T_IDLE;

    struct sql_env *env = &s->env;
    env->kv = kv;
    env->cat = p->catalog;
    env->sess = s;
    env->stmt_ctx = s->stmt_ctx;
    env->txn_ctx = s->txn_ctx;
    env->user = s->user;
    env->database = s->database;
    env->superuser = p->superuser;
    s->ident.cur = s->user;
    sql__acl_identity_init(env, s->user, p->superuser);
    env->backend_pid = p->backend_pid;
    env->client_addr = p->client_addr ? mem_strdup(s->sess_ctx, p->client_addr) : NULL;
    env->server_addr = p->server_addr ? mem_strdup(s->sess_ctx, p->server_addr) : NULL;
    env->client_port = p->client_addr ? p->client_port : -1;
    env->server_port = p->server_addr ? p->server_port : -1;
    waitstate_bind(env->backend_pid, check_interrupts, env);
    sql_fmt_init(&env->fmt);
    env->cancel = p->cancel;
    s->bsig = sql__bsig_add(p->backend_pid, s->user, p->superuser, p->cancel, p->terminate,
                            p->terminate_arg);
    sql__bsig_identity(s->bsig, s->database, p->application_name, env->client_addr,
                       env->client_port, p->ssl);
    env->notice = notice_fwd;
    env->notice_arg = s;
    env->nsearch = -1;
    sql__gucs_apply_all(env);
    if (p->application_name != NULL && p->application_name[0])
        sql__gucs_set_default(env, "application_name", p->application_name, NULL);
    for (size_t i = 0; i < p->nsettings; i++) {
        int rc = sql__gucs_set_default(env, p->setting_names[i], p->setting_values[i], err);
        if (rc != 0) {
            sql_session_close(s);
            return rc;
        }
    }
    s->iso = sql__gucs_default_isolation(s->gucs);
    s->read_only = sql__gucs_default_read_only(s->gucs);
    s->deferrable = -1;
    *out = s;
    return 0;
}

static void prepared_free(struct prepared *ps);

void sql_session_close(struct sql_session *s)
{
    if (s == NULL)
        return;
    s->sink = NULL;
    if (s->txn != NULL || s->ts != T_IDLE)
        txn_rollback(s);
    drop_portals_all(s, true);
    sql_temp_session_end(&s->env);
    sql_advisory_release_all(&s->env);
    sql_plpgsql_session_end(&s->env);
    sql_notify_free(s->nl);
    sql__bsig_remove(s->bsig);
    waitstate_unbind(s->env.backend_pid);
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(s->stmts, &pos, &k, &kl, &v))
        prepared_free(v);
    hash_free(s->stmts);
    hash_free(s->portals);
    if (s->env.seq_state != NULL)
        sql_seq_session_free(s->env.seq_state);
    sql__gucs_free(s->gucs);
    mem_ctx_free(s->sess_ctx);
    xfree(s->sps);
    xfree(s);
}

bool sql__session_has_bsig(const struct sql_session *s)
{
    return s != NULL && s->bsig != NULL;
}

void sql__session_set_appname(struct sql_session *s, const char *app)
{
    if (s != NULL)
        sql__bsig_set_app(s->bsig, app);
}

enum sql_txn_status sql_session_txn_status(const struct sql_session *s)
{
    switch (s->ts) {
    case T_BLOCK:
        return SQL_TXN_BLOCK;
    case T_FAILED:
        return SQL_TXN_FAILED;
    default:
        return SQL_TXN_IDLE;
    }
}

int sql_session_report(struct sql_session *s, const struct sql_sink *sink, bool all)
{
    if (sink == NULL || sink->parameter_status == NULL)
        return 0;
    if (all) {
        const char *names[32], *vals[32];
        size_t n = sql__gucs_report_all(s->gucs, names, vals, 32);
        for (size_t i = 0; i < n; i++) {
            int rc = sink->parameter_status(sink->arg, names[i], vals[i]);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    const char *name, *val;
    while (sql__gucs_next_report(s->gucs, &name, &val)) {
        int rc = sink->parameter_status(sink->arg, name, val);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int sql_session_error_position(struct sql_session *s)
{
    int p = s->err_pos;
    s->err_pos = 0;
    return p;
}

int sql_session_idle_timeout_ms(const struct sql_session *s)
{
    if (s->ts == T_BLOCK || s->ts == T_FAILED)
        return sql__gucs_idle_in_txn_timeout(s->gucs);
    return 0;
}

/* ---- prepared statements ------------------------------------------------------------- */

static void planref_unref(struct planref *pr)
{
    if (pr != NULL && --pr->refs == 0) {
        mem_ctx_free(pr->ctx);
        xfree(pr);
    }
}

static void prepared_free(struct prepared *ps)
{
    planref_unref(ps->pr);
    ps->pr = NULL;
    prepared_unref(ps);
}

static void prepared_unref(struct prepared *ps)
{
    if (--ps->refs > 0)
        return;
    planref_unref(ps->pr);
    mem_ctx_free(ps->ctx);
    xfree(ps->name);
    xfree(ps);
}

static struct prepared *find_stmt(struct sql_session *s, const char *name)
{
    return hash_get(s->stmts, name, strlen(name));
}

static void drop_stmt(struct sql_session *s, const char *name)
{
    struct prepared *ps = hash_del(s->stmts, name, strlen(name));
    if (ps != NULL)
        prepared_free(ps);
}

static bool plannable(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_SELECT:
    case SQL_STMT_INSERT:
    case SQL_STMT_UPDATE:
    case SQL_STMT_DELETE:
        return true;
    case SQL_STMT_EXPLAIN:
        return st->u.explain.stmt != NULL && plannable(st->u.explain.stmt);
    default:
        return false;
    }
}

/* Plan ps (again) in the open transaction. */
static int plan_prepared(struct sql_session *s, struct prepared *ps, struct err *e)
{
    struct planref *pr = xcalloc(1, sizeof(*pr));
    pr->ctx = mem_ctx_new(ps->ctx, "sql plan");
    pr->refs = 1;
    size_t cap = ps->ndeclared > 256 ? ps->ndeclared : 256;
    uint32_t *types = mem_alloc0(pr->ctx, cap * sizeof(uint32_t));
    memcpy(types, ps->declared, ps->ndeclared * sizeof(uint32_t));
    size_t np = ps->ndeclared;
    struct mem_ctx *saved = s->env.stmt_ctx;
    s->env.stmt_ctx = pr->ctx; /* lookups live as long as the plan */
    int rc = sql_plan_stmt(&s->env, ps->st, pr->ctx, types, &np, cap, &pr->plan, e);
    s->env.stmt_ctx = saved;
    if (rc != 0) {
        int loc = sql_plan_error_location(&s->env);
        if (loc > 0 && position_applies(e))
            s->err_pos = char_pos(ps->text, ps->len, (size_t)(loc - 1));
        mem_ctx_free(pr->ctx);
        xfree(pr);
        return rc;
    }
    planref_unref(ps->pr);
    ps->pr = pr;
    ps->nparams = np;
    ps->ptypes = types;
    return 0;
}

/* Plan ps again; its result columns must stay what they were (PostgreSQL's
 * RevalidateCachedQuery for a fixed-result plan: 0A000). */
static int replan_same_result(struct sql_session *s, struct prepared *ps, struct err *e)
{
    size_t n0 = 0, n1 = 0;
    const struct sql_column *c0 = sql_plan_columns(ps->pr->plan, &n0);
    struct planref *old = ps->pr;
    old->refs++; /* c0 lives in its context */
    int rc = plan_prepared(s, ps, e);
    if (rc == 0) {
        const struct sql_column *c1 = sql_plan_columns(ps->pr->plan, &n1);
        bool same = n0 == n1;
        for (size_t i = 0; same && i < n0; i++)
            same = c0[i].type_oid == c1[i].type_oid && c0[i].typmod == c1[i].typmod &&
                   strcmp(c0[i].name, c1[i].name) == 0;
        if (!same)
            rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                               "cached plan must not change result type");
    }
    planref_unref(old);
    return rc;
}

static bool plan_stale(const struct sql_session *s, const struct prepared *ps)
{
    return ps->pr != NULL && s->cat != NULL &&
           sql_plan_generation(ps->pr->plan) != sql_catalog_generation(s->cat);
}

/* Create a prepared statement from one parsed statement (st allocated in
 * ctx, which the statement takes over). */
static int make_prepared(struct sql_session *s, const char *name, struct mem_ctx *ctx,
                         const char *text, size_t len, const struct sql_stmt *st, size_t ndeclared,
                         const uint32_t *declared, bool sql_level, bool in_stmt,
                         struct prepared **out, struct err *e)
{
    struct prepared *ps = xcalloc(1, sizeof(*ps));
    ps->name = xstrdup(name);
    ps->ctx = ctx;
    ps->text = mem_strndup(ctx, text, len);
    ps->len = len;
    ps->st = st;
    ps->refs = 1;
    ps->sql_level = sql_level;
    ps->created = wall_tstz();
    ps->ndeclared = ndeclared;
    ps->declared = mem_alloc0(ctx, (ndeclared ? ndeclared : 1) * sizeof(uint32_t));
    if (ndeclared)
        memcpy(ps->declared, declared, ndeclared * sizeof(uint32_t));
    ps->nparams = ndeclared;
    ps->ptypes = ps->declared;
    if (st != NULL && plannable(st) && in_stmt) {
        int rc = plan_prepared(s, ps, e);
        if (rc != 0) {
            ps->ctx = NULL;
            prepared_unref(ps);
            return rc;
        }
    } else if (st != NULL && plannable(st)) {
        int rc = ensure_txn(s, e);
        if (rc == 0) {
            rc = stmt_begin(s, s->stmt_ctx, true, e);
            if (rc == 0) {
                rc = plan_prepared(s, ps, e);
                stmt_end(s, rc != 0);
            }
        }
        if (rc != 0) {
            ps->ctx = NULL;
            prepared_unref(ps);
            return rc;
        }
    }
    *out = ps;
    return 0;
}

/* ---- result rows ------------------------------------------------------------------- */

struct rowbuf {
    struct sbuf b;
    size_t *offs;
    struct sql_datum *vals;
    size_t cap;
};

static int send_row(struct sql_session *s, const struct sql_sink *sink, const struct sql_value *row,
                    size_t n, const int16_t *formats, struct rowbuf *rb, struct err *e)
{
    if (rb->cap < n) {
        rb->cap = n;
        rb->offs = xrealloc(rb->offs, (n ? n : 1) * sizeof(size_t) * 2);
        rb->vals = xrealloc(rb->vals, (n ? n : 1) * sizeof(struct sql_datum));
    }
    sbuf_reset(&rb->b);
    for (size_t i = 0; i < n; i++) {
        size_t start = rb->b.len;
        rb->offs[2 * i] = start;
        if (row[i].null) {
            rb->offs[2 * i + 1] = (size_t)-1;
            continue;
        }
        bool bin = formats != NULL && formats[i] == 1;
        int rc;
        if (!bin && row[i].type == SQL_T_REGTYPE && (uint32_t)row[i].u.i >= SQL_FIRST_USER_OID &&
            sql_type_get((uint32_t)row[i].u.i) != NULL)
            /* regtypeout of a user type: qualified when not visible (value.c has
             * no catalog); binary sends the oid */
            rc = sql__type_format_env(&s->env, (uint32_t)row[i].u.i, -1, &rb->b, e);
        else
            rc = bin ? sql_value_send(&row[i], &rb->b, e)
                     : sql_value_out(&row[i], &s->env.fmt, &rb->b, e);
        if (rc != 0)
            return rc;
        rb->offs[2 * i + 1] = rb->b.len - start;
    }
    for (size_t i = 0; i < n; i++) {
        if (rb->offs[2 * i + 1] == (size_t)-1) {
            rb->vals[i] = (struct sql_datum){NULL, -1};
        } else {
            rb->vals[i].data = (const uint8_t *)rb->b.data + rb->offs[2 * i];
            rb->vals[i].len = (int32_t)rb->offs[2 * i + 1];
        }
    }
    return sink->data_row(sink->arg, rb->vals, n);
}

static void rowbuf_free(struct rowbuf *rb)
{
    sbuf_free(&rb->b);
    xfree(rb->offs);
    xfree(rb->vals);
}

/* RowDescription of n columns (0 for "SELECT FROM t"); NoData, a NULL
 * array, when the statement returns no rows. */
static int send_columns(const struct sql_sink *sink, const struct sql_column *cols, size_t n,
                        const int16_t *formats, struct mem_ctx *ctx, bool rows)
{
    if (!rows && n == 0)
        return sink->row_description(sink->arg, NULL, 0);
    struct sql_column *c = mem_alloc(ctx, (n ? n : 1) * sizeof(*c));
    for (size_t i = 0; i < n; i++) {
        c[i] = cols[i];
        c[i].format = formats != NULL ? formats[i] : 0;
        const struct sql_ctype *ct =
            c[i].type_oid == SQL_T_RECORD ? sql__ctype_of_shape(c[i].typmod) : NULL;
        if (ct != NULL) { /* a composite type's value: its own oid (ctype.h) */
            c[i].type_oid = ct->oid;
            c[i].typmod = -1;
        }
        if (sql_array_elemtype(c[i].type_oid) == SQL_T_RECORD)
            c[i].typmod = -1; /* record[]'s typmod is its elements' shape (bind_array.c) */
        uint32_t rt = c[i].type_oid == SQL_T_RECORD ? sql__rowtype_of_shape(c[i].typmod) : 0;
        if (rt != 0) { /* a whole row of a relation: its row type (rowtype.h) */
            c[i].type_oid = rt;
            c[i].typmod = -1;
        }
    }
    return sink->row_description(sink->arg, c, n);
}

/* Run an open cursor up to max_rows rows (<= 0: all). */
static int drain(struct sql_session *s, struct sql_cursor *cur, size_t ncols,
                 const int16_t *formats, int32_t max_rows, const struct sql_sink *sink, bool *more,
                 int64_t *nsent, struct err *e)
{
    struct rowbuf rb = {0};
    sbuf_init(&rb.b);
    int32_t sent = 0;
    int rc = 0;
    *more = false;
    for (;;) {
        if (max_rows > 0 && sent >= max_rows) {
            *more = true;
            break;
        }
        const struct sql_value *row = NULL;
        bool has = false;
        rc = sql_cursor_next(cur, &row, &has, e);
        if (rc != 0 || !has)
            break;
        rc = send_row(s, sink, row, ncols, formats, &rb, e);
        if (rc != 0)
            break;
        sent++;
    }
    if (nsent != NULL)
        *nsent = sent;
    rowbuf_free(&rb);
    return rc;
}

/* ---- utility statements ------------------------------------------------------------- */

/* A result of text columns; without RowDescription when an Execute runs
 * it (Describe sent it). */
static int send_text_result(struct sql_session *s, const struct sql_sink *sink, struct mem_ctx *ctx,
                            const char *const *names, size_t ncols, const char *const *const *rows,
                            size_t nrows)
{
    struct sql_column *c = mem_alloc0(ctx, ncols * sizeof(*c));
    for (size_t i = 0; i < ncols; i++)
        c[i] = (struct sql_column){names[i], 0, 0, SQL_T_TEXT, -1, -1, 0};
    int rc = s->extended ? 0 : sink->row_description(sink->arg, c, ncols);
    struct sql_datum *d = mem_alloc0(ctx, ncols * sizeof(*d));
    for (size_t r = 0; rc == 0 && r < nrows; r++) {
        for (size_t i = 0; i < ncols; i++) {
            const char *v = rows[r][i];
            d[i] = v == NULL ? (struct sql_datum){NULL, -1}
                             : (struct sql_datum){(const uint8_t *)v, (int32_t)strlen(v)};
        }
        rc = sink->data_row(sink->arg, d, ncols);
    }
    return rc;
}

static int exec_show(struct sql_session *s, const struct sql_stmt *st, const struct sql_sink *sink,
                     bool describe_only, struct sbuf *tag, struct err *e)
{
    const char *name = st->u.show.name;
    struct mem_ctx *ctx = s->env.stmt_ctx;
    if (strcmp(name, "all") == 0) {
        static const char *const cols[] = {"name", "setting", "description"};
        struct sql_setting_row *rows = NULL;
        size_t n = 0;
        int rc = sql_setting_all(&s->env, ctx, &rows, &n, e);
        if (rc != 0)
            return rc;
        const char *const **r = mem_alloc0(ctx, (n ? n : 1) * sizeof(*r));
        for (size_t i = 0; i < n; i++) {
            const char **row = mem_alloc(ctx, 3 * sizeof(*row));
            row[0] = rows[i].name;
            row[1] = rows[i].setting;
            row[2] = rows[i].short_desc;
            r[i] = row;
        }
        rc = send_text_result(s, sink, ctx, cols, 3, r, describe_only ? 0 : n);
        sbuf_puts(tag, "SHOW");
        return rc;
    }
    const char *val = NULL;
    int rc = sql_setting_show(&s->env, name, ctx, &val, e);
    if (rc != 0)
        return rc;
    const char *colname = sql__guc_session_name(&s->env, name);
    const char *row[1] = {val};
    const char *const *rows[1] = {row};
    rc = send_text_result(s, sink, ctx, &colname, 1, rows, describe_only ? 0 : 1);
    sbuf_puts(tag, "SHOW");
    return rc;
}

/* EXECUTE's parameters of composite or unknown type: constants only (the
 * others are expressions, sql_execute_param). */
static int const_param(struct sql_session *s, const struct sql_expr *x, uint32_t type,
                       struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    bool neg = false;
    if (x->kind == SQL_EXPR_OP && x->u.op.l == NULL && x->u.op.r != NULL &&
        strcmp(x->u.op.name, "-") == 0) {
        neg = true;
        x = x->u.op.r;
    }
    if (x->kind == SQL_EXPR_CAST)
        x = x->u.cast.arg;
    if (x->kind != SQL_EXPR_CONST)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "EXECUTE parameters other than constants are not supported");
    const struct sql_const *c = &x->u.c;
    char buf[32];
    const char *txt;
    switch (c->kind) {
    case SQL_CONST_NULL:
        *out = sql_null(type);
        return 0;
    case SQL_CONST_BOOL:
        txt = c->bval ? "true" : "false";
        break;
    case SQL_CONST_INT4:
    case SQL_CONST_INT8:
        snprintf(buf, sizeof(buf), "%lld", (long long)c->ival);
        txt = buf;
        break;
    default:
        txt = c->str;
    }
    const char *full = neg ? mem_printf(ctx, "-%s", txt) : txt;
    return sql_value_in(ctx, type, -1, full, strlen(full), &s->env.fmt, out, e);
}

static int exec_prepared_rows(struct sql_session *s, struct prepared *ps,
                              const struct sql_value *params, size_t np,
                              const struct sql_sink *sink, bool send_desc, struct sbuf *tag,
                              struct err *e);

/* Set when EXECUTE failed evaluating a parameter: the error position is
 * then in the EXECUTE's own text. */
static _Thread_local bool g_exec_param_err;

/* The prepared statement EXECUTE st names and its parameter values. */
static int execute_args(struct sql_session *s, const struct sql_stmt *st, struct prepared **out,
                        struct sql_value **out_vals, struct err *e)
{
    struct prepared *ps = find_stmt(s, st->u.execute.name);
    if (ps == NULL)
        return err_set_state(e, ERR_NOTFOUND, "26000", "prepared statement \"%s\" does not exist",
                             st->u.execute.name);
    if (ps->st == NULL || ps->pr == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "EXECUTE of a prepared utility statement is not supported");
    size_t given = (size_t)st->u.execute.params.n;
    if (given != ps->nparams)
        return err_set_state(e, ERR_INVAL, "42601",
                             "wrong number of parameters for prepared statement \"%s\"\nDETAIL:  "
                             "Expected %zu parameters but got %zu.",
                             ps->name, ps->nparams, given);
    struct sql_value *vals = mem_alloc0(s->env.stmt_ctx, (given ? given : 1) * sizeof(*vals));
    for (size_t i = 0; i < given; i++) {
        int rc = ps->ptypes[i] >= SQL_FIRST_USER_OID || ps->ptypes[i] == SQL_T_UNKNOWN
                     ? const_param(s, st->u.execute.params.items[i], ps->ptypes[i], s->env.stmt_ctx,
                                   &vals[i], e)
                     : sql_execute_param(&s->env, st->u.execute.params.items[i], (int)i,
                                         ps->ptypes[i], s->env.stmt_ctx, &vals[i], e);
        if (rc != 0) {
            g_exec_param_err = true;
            return rc;
        }
    }
    *out = ps;
    *out_vals = vals;
    return 0;
}

static int exec_execute(struct sql_session *s, const struct sql_stmt *st,
                        const struct sql_sink *sink, struct sbuf *tag, struct err *e)
{
    struct prepared *ps;
    struct sql_value *vals;
    int rc = execute_args(s, st, &ps, &vals, e);
    if (rc != 0)
        return rc;
    ps->runs++;
    return exec_prepared_rows(s, ps, vals, ps->nparams, sink, !s->extended, tag, e);
}

/* EXPLAIN [options] EXECUTE name (args): the prepared statement's query
 * planned again under the EXPLAIN, its parameters bound to the values. */
static int exec_explain_execute(struct sql_session *s, const struct sql_stmt *st, const char *text,
                                size_t len, const struct sql_sink *sink, struct sbuf *tag,
                                struct err *e)
{
    struct prepared *ps;
    struct sql_value *vals;
    g_exec_param_err = false;
    int rc = execute_args(s, st->u.explain.stmt, &ps, &vals, e);
    if (rc != 0) {
        int loc = g_exec_param_err ? sql_plan_error_location(&s->env) : 0;
        if (loc > 0 && position_applies(e))
            s->err_pos = char_pos(text, len, (size_t)(loc - 1));
        return rc;
    }
    struct sql_stmt *x = mem_alloc(s->env.stmt_ctx, sizeof(*x));
    *x = *st;
    x->u.explain.stmt = (struct sql_stmt *)ps->st;
    size_t np = ps->nparams;
    uint32_t *types = mem_alloc0(s->env.stmt_ctx, (np ? np : 1) * sizeof(uint32_t));
    if (np > 0)
        memcpy(types, ps->ptypes, np * sizeof(uint32_t));
    struct sql_plan *plan = NULL;
    rc = sql_plan_stmt(&s->env, x, s->env.stmt_ctx, types, &np, np, &plan, e);
    if (rc != 0)
        return rc;
    size_t ncols = 0;
    const struct sql_column *cols = sql_plan_columns(plan, &ncols);
    rc = send_columns(sink, cols, ncols, NULL, s->env.stmt_ctx, true);
    struct sql_cursor *cur = NULL;
    if (rc == 0)
        rc = sql_cursor_open(&s->env, plan, vals, ps->nparams, s->env.stmt_ctx, &cur, e);
    if (rc != 0)
        return rc;
    bool more = false;
    rc = drain(s, cur, ncols, NULL, 0, sink, &more, NULL, e);
    if (rc == 0)
        sql_cursor_tag(cur, tag);
    sql_cursor_close(cur);
    return rc;
}

static int exec_prepare(struct sql_session *s, const struct sql_stmt *st, const char *text,
                        size_t len, struct err *e)
{
    const char *name = st->u.prepare.name;
    if (find_stmt(s, name) != NULL)
        return err_set_state(e, ERR_EXISTS, "42P05", "prepared statement \"%s\" already exists",
                             name);
    if (!plannable(st->u.prepare.stmt))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "PREPARE of this statement type is not supported");
    if (st->location < 0 || (size_t)st->location + (size_t)st->len > len)
        return err_set(e, ERR_INTERNAL, "PREPARE: statement span unknown");
    /* The query's AST dies with the query: parse the PREPARE again into the
     * prepared statement's own context. */
    struct mem_ctx *ctx = mem_ctx_new(NULL, "sql prepared");
    const char *sub = text + st->location;
    size_t sublen = st->len > 0 ? (size_t)st->len : len - (size_t)st->location;
    char *copy = mem_strndup(ctx, sub, sublen);
    struct sql_parse_result pr = {0};
    int rc = sql_parse(copy, sublen, NULL, ctx, &pr, e);
    if (rc == 0 && (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_PREPARE))
        rc = err_set(e, ERR_INTERNAL, "PREPARE: reparse");
    if (rc != 0) {
        mem_ctx_free(ctx);
        return rc;
    }
    const struct sql_stmt *own = pr.stmts[0];
    size_t n = (size_t)own->u.prepare.argtypes.n;
    uint32_t *types = mem_alloc0(ctx, (n ? n : 1) * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        int32_t typmod;
        rc = sql_type_resolve_env(&s->env, own->u.prepare.argtypes.items[i], &types[i], &typmod,
                                  NULL, e);
        if (rc == 0 && types[i] == SQL_T_RECORD && typmod >= 0) { /* a composite type (ctype.h) */
            const struct sql_ctype *ct = sql__ctype_of_shape(typmod);
            if (ct != NULL)
                types[i] = ct->oid;
        }
        if (rc != 0) {
            mem_ctx_free(ctx);
            return rc;
        }
    }
    struct prepared *ps = NULL;
    rc = make_prepared(s, name, ctx, copy, sublen, own->u.prepare.stmt, n, types, true, true, &ps,
                       e);
    if (rc != 0) {
        mem_ctx_free(ctx);
        return rc;
    }
    ps->src = mem_strndup(ctx, text, len);
    hash_put(s->stmts, ps->name, strlen(ps->name), ps);
    return 0;
}

/* ---- cursors: DECLARE / FETCH / MOVE / CLOSE ----------------------------------------- */

/* A cursor is a portal with a name in the portals table (the namespace is
 * the protocol's, as PostgreSQL's): DECLARE plans its query, opens it at
 * once (its snapshot is the DECLARE's statement) and keeps it until CLOSE
 * or the end of the transaction. FETCH/MOVE positions are PostgreSQL's
 * (cursor_store.c); a scrollable cursor (SCROLL, or neither SCROLL nor NO
 * SCROLL over a plan PostgreSQL could run backward) keeps the rows it has
 * read. WITH HOLD: at COMMIT the rest of the query is read into the
 * cursor's memory and the cursor outlives the transaction (until CLOSE,
 * DISCARD ALL or the session's end); a rollback of the declaring
 * transaction drops it. */

static const char *lock_clause_name(enum sql_lock_strength st)
{
    switch (st) {
    case SQL_LOCK_FOR_KEY_SHARE:
        return "FOR KEY SHARE";
    case SQL_LOCK_FOR_SHARE:
        return "FOR SHARE";
    case SQL_LOCK_FOR_NO_KEY_UPDATE:
        return "FOR NO KEY UPDATE";
    default:
        return "FOR UPDATE";
    }
}

/* PostgreSQL's transformDeclareCursorStmt checks of the options. */
static int declare_options_check(const struct sql_stmt *st, struct err *e)
{
    if (st->u.declare.scroll && st->u.declare.no_scroll)
        return err_set_state(e, ERR_INVAL, "42P11", "cannot specify both %s and %s", "SCROLL",
                             "NO SCROLL");
    if (st->u.declare.asensitive && st->u.declare.insensitive)
        return err_set_state(e, ERR_INVAL, "42P11", "cannot specify both %s and %s", "ASENSITIVE",
                             "INSENSITIVE");
    return 0;
}

static int declare_lock_check(const struct sql_stmt *st, struct err *e)
{
    const struct sql_stmt *dq = st->u.declare.query;
    if (dq == NULL || dq->kind != SQL_STMT_SELECT || dq->u.select->locking.n == 0)
        return 0;
    const struct sql_locking *lk = dq->u.select->locking.items[0];
    const char *what = lock_clause_name(lk->strength);
    if (st->u.declare.hold)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "DECLARE CURSOR WITH HOLD ... %s is not supported"
                             "\nDETAIL:  Holdable cursors must be READ ONLY.",
                             what);
    if (st->u.declare.scroll)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "DECLARE SCROLL CURSOR ... %s is not supported"
                             "\nDETAIL:  Scrollable cursors must be READ ONLY.",
                             what);
    if (st->u.declare.insensitive)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "DECLARE INSENSITIVE CURSOR ... %s is not valid"
                             "\nDETAIL:  Insensitive cursors must be READ ONLY.",
                             what);
    return 0;
}

/* The cursor's query, for cursor_store.c (env->stmt_ctx is the portal's
 * run context while it runs). */
static int portal_pull(void *arg, const struct sql_value **row, bool *has, struct err *e)
{
    struct portal *p = arg;
    *has = false;
    if (p->cur == NULL)
        return 0;
    return sql_cursor_next(p->cur, row, has, e);
}

static int exec_declare(struct sql_session *s, const struct sql_stmt *st, const char *text,
                        size_t len, struct sbuf *tag, struct err *e)
{
    const char *name = st->u.declare.name;
    int rc = declare_options_check(st, e);
    if (rc != 0)
        return rc;
    const struct sql_stmt *dq = st->u.declare.query;
    if (dq != NULL && dq->kind == SQL_STMT_SELECT && dq->u.select->with != NULL)
        for (int i = 0; i < dq->u.select->with->ctes.n; i++) {
            const struct sql_cte *c = dq->u.select->with->ctes.items[i];
            if (c->query != NULL && c->query->kind != SQL_STMT_SELECT)
                return err_set_state(
                    e, ERR_UNSUPPORTED, "0A000",
                    "DECLARE CURSOR must not contain data-modifying statements in WITH");
        }
    if ((rc = declare_lock_check(st, e)) != 0)
        return rc;
    if (name == NULL)
        return err_set_state(e, ERR_INVAL, "34000", "invalid cursor name: must not be empty");
    if (s->ts != T_BLOCK && !s->multi && !st->u.declare.hold)
        return err_set_state(e, ERR_INVAL, "25P01",
                             "DECLARE CURSOR can only be used in transaction blocks");
    if (hash_get(s->portals, name, strlen(name)) != NULL)
        return err_set_state(e, ERR_EXISTS, "42P03", "cursor \"%s\" already exists", name);
    if (st->location < 0 || (size_t)st->location + (size_t)st->len > len)
        return err_set(e, ERR_INTERNAL, "DECLARE: statement span unknown");
    /* The query's AST dies with the query: parse the DECLARE again into the
     * cursor's own context (as PREPARE does). */
    struct mem_ctx *ctx = mem_ctx_new(NULL, "sql cursor");
    size_t sublen = st->len > 0 ? (size_t)st->len : len - (size_t)st->location;
    char *copy = mem_strndup(ctx, text + st->location, sublen);
    struct sql_parse_result pr = {0};
    rc = sql_parse(copy, sublen, NULL, ctx, &pr, e);
    if (rc == 0 && (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_DECLARE))
        rc = err_set(e, ERR_INTERNAL, "DECLARE: reparse");
    if (rc != 0) {
        mem_ctx_free(ctx);
        return rc;
    }
    /* Parameters of an extended-protocol DECLARE: the outer portal's values,
     * their types as its statement declared them (0: inferred here). */
    const struct portal *outer = s->outer;
    size_t nouter = outer != NULL ? outer->nparams : 0;
    uint32_t *declared = mem_alloc0(ctx, (nouter ? nouter : 1) * sizeof(uint32_t));
    for (size_t i = 0; i < nouter; i++)
        declared[i] = outer->ps->ptypes[i];
    struct prepared *ps = NULL;
    rc = make_prepared(s, "", ctx, copy, sublen, pr.stmts[0]->u.declare.query, nouter, declared,
                       true, true, &ps, e);
    if (rc != 0) {
        mem_ctx_free(ctx);
        return rc;
    }
    if (ps->nparams > nouter) {
        prepared_unref(ps);
        return err_set_state(e, ERR_INVAL, "42P02", "there is no parameter $%zu", nouter + 1);
    }
    struct portal *p = xcalloc(1, sizeof(*p));
    p->name = xstrdup(name);
    p->cursor = true;
    p->ctx = mem_ctx_new(NULL, "sql cursor portal");
    p->run_ctx = mem_ctx_new(p->ctx, "sql cursor run");
    p->ps = ps; /* takes the reference make_prepared returned */
    p->pr = ps->pr;
    p->pr->refs++;
    const struct sql_column *cols = sql_plan_columns(p->pr->plan, &p->ncols);
    (void)cols;
    p->formats = mem_alloc0(p->ctx, (p->ncols ? p->ncols : 1) * sizeof(int16_t));
    for (size_t i = 0; i < p->ncols; i++)
        p->formats[i] = st->u.declare.binary ? 1 : 0;
    p->nparams = nouter;
    p->params = mem_alloc0(p->ctx, (nouter ? nouter : 1) * sizeof(struct sql_value));
    for (size_t i = 0; i < nouter && rc == 0; i++) {
        const struct sql_value *v = &outer->params[i];
        uint32_t want = ps->ptypes[i];
        if (v->null || v->type == want || want == 0 || v->type != SQL_T_TEXT) {
            sql_value_copy(p->ctx, v, &p->params[i]);
            if (v->null)
                p->params[i].type = want ? want : v->type;
        } else {
            /* An untyped text parameter, typed by the cursor's query. */
            rc =
                sql_value_in(p->ctx, want, -1, v->u.s.p, v->u.s.len, &s->env.fmt, &p->params[i], e);
        }
    }
    struct mem_ctx *saved = s->env.stmt_ctx;
    s->env.stmt_ctx = p->run_ctx;
    if (rc == 0) {
        sql_plan_cursor_rows(p->pr->plan);
        rc = sql_cursor_open(&s->env, p->pr->plan, p->params, p->nparams, p->run_ctx, &p->cur, e);
    }
    s->env.stmt_ctx = saved;
    if (rc != 0) {
        portal_free(p);
        return rc;
    }
    p->started = true;
    p->hold = st->u.declare.hold;
    p->sp_level = s->nsps;
    p->binary = st->u.declare.binary;
    p->scroll = st->u.declare.scroll ||
                (!st->u.declare.no_scroll && dq != NULL && dq->kind == SQL_STMT_SELECT &&
                 dq->u.select->locking.n == 0 && sql_plan_backward_ok(p->pr->plan));
    p->stmt_text = mem_strndup(p->ctx, text, len);
    p->created = s->env.stmt_start;
    p->cs = mem_alloc(p->ctx, sizeof(*p->cs));
    sql__cstore_init(p->cs, p->ctx, p->ncols, p->scroll, portal_pull, p);
    hash_put(s->portals, p->name, strlen(p->name), p);
    sbuf_puts(tag, "DECLARE CURSOR");
    return 0;
}

/* COMMIT: every WITH HOLD cursor of the transaction reads the rest of its
 * query (PostgreSQL's PersistHoldablePortal) and closes it; they become
 * held only when all succeeded (a failure fails the COMMIT). */
static int hold_cursors(struct sql_session *s, struct err *e)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    size_t n = hash_count(s->portals), i = 0;
    if (n == 0)
        return 0;
    struct portal **list = xcalloc(n, sizeof(*list));
    while (hash_next(s->portals, &pos, &k, &kl, &v)) {
        struct portal *p = v;
        if (p->hold && !p->held && p->cs != NULL)
            list[i++] = p;
    }
    n = i;
    int rc = 0;
    if (n > 0 && s->txn != NULL)
        rc = kv_txn_stmt_begin(s->txn, e);
    for (i = 0; i < n && rc == 0; i++) {
        struct portal *p = list[i];
        struct mem_ctx *saved = s->env.stmt_ctx;
        s->env.stmt_ctx = p->run_ctx;
        rc = sql__cstore_hold(p->cs, e);
        s->env.stmt_ctx = saved;
        if (rc == 0) {
            sql_cursor_close(p->cur);
            p->cur = NULL;
        }
    }
    if (n > 0 && s->txn != NULL)
        kv_txn_stmt_end(s->txn, rc != 0);
    for (i = 0; i < n && rc == 0; i++)
        list[i]->held = true;
    xfree(list);
    return rc;
}

/* pg_cursors: the session's DECLAREd cursors. */
int sql__pgcat_cursors(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e)
{
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_cursors")->desc, ctx);
    struct sql_session *s = env->sess;
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (s != NULL && hash_next(s->portals, &pos, &k, &kl, &v)) {
        const struct portal *p = v;
        if (!p->cursor || p->cs == NULL)
            continue;
        sql__vr_row(&r);
        sql__vr_str(&r, "name", p->name);
        sql__vr_str(&r, "statement", p->stmt_text);
        sql__vr_bool(&r, "is_holdable", p->hold);
        sql__vr_bool(&r, "is_binary", p->binary);
        sql__vr_bool(&r, "is_scrollable", p->scroll);
        sql__vr_ts(&r, "creation_time", p->created);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* pg_prepared_statements: the session's named prepared statements. Plans are
 * made once and reused with any parameters (PostgreSQL's generic plans), so
 * every Bind or EXECUTE counts as one generic plan. */
int sql__pgcat_prepared_statements(struct sql_env *env, struct mem_ctx *ctx,
                                   struct sql_value ***rows, size_t *nrows, struct err *e)
{
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_prepared_statements")->desc, ctx);
    struct sql_session *s = env->sess;
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    struct sbuf b;
    sbuf_init(&b);
    while (s != NULL && hash_next(s->stmts, &pos, &k, &kl, &v)) {
        const struct prepared *ps = v;
        if (ps->name[0] == 0)
            continue; /* the unnamed statement is not listed */
        sql__vr_row(&r);
        sql__vr_str(&r, "name", ps->name);
        sql__vr_str(&r, "statement", ps->src != NULL ? ps->src : ps->text);
        sql__vr_ts(&r, "prepare_time", ps->created);
        sbuf_reset(&b);
        sbuf_putc(&b, '{');
        for (size_t i = 0; i < ps->nparams; i++)
            sbuf_printf(&b, "%s%u", i ? "," : "", ps->ptypes[i]);
        sbuf_putc(&b, '}');
        sql__vr_str(&r, "parameter_types", b.data);
        sql__vr_bool(&r, "from_sql", ps->sql_level);
        sql__vr_int(&r, "generic_plans", ps->runs);
        sql__vr_int(&r, "custom_plans", 0);
    }
    sbuf_free(&b);
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static struct portal *fetch_target(struct sql_session *s, const char *name, struct err *e)
{
    struct portal *p = name != NULL ? hash_get(s->portals, name, strlen(name)) : NULL;
    if (p == NULL || p->pr == NULL || (p->cs == NULL && p->cur == NULL && !p->done)) {
        err_set_state(e, ERR_NOTFOUND, "34000", "cursor \"%s\" does not exist",
                      name != NULL ? name : "");
        return NULL;
    }
    return p;
}

int sql__session_cursor_row(struct sql_session *s, const char *name, const struct sql_table_desc *t,
                            const struct sql_value **row, struct err *e)
{
    struct portal *p = fetch_target(s, name, e);
    if (p == NULL)
        return e->code;
    if (!p->cursor || p->cs == NULL)
        return err_set_state(e, ERR_INVAL, "24000", "cursor \"%s\" is not a SELECT query", name);
    if (p->held)
        return err_set_state(e, ERR_INVAL, "24000",
                             "cursor \"%s\" is held from a previous transaction", name);
    const struct sql__cstore *cs = p->cs;
    bool positioned = cs->cur > 0 && cs->cur <= cs->base + cs->n;
    /* every row read: the query is closed (fetch_declared), so the cursor
     * is past its end */
    if (p->cur == NULL && !positioned)
        return err_set_state(e, ERR_INVAL, "24000", "cursor \"%s\" is not positioned on a row",
                             name);
    int how = p->cur != NULL ? sql_cursor_scan_row(p->cur, t->oid, row) : 1;
    if (how == 2)
        return err_set_state(e, ERR_INVAL, "24000",
                             "cursor \"%s\" does not have a FOR UPDATE/SHARE reference to table "
                             "\"%s\"",
                             name, t->name);
    if (how == 3)
        return err_set_state(e, ERR_INVAL, "24000",
                             "cursor \"%s\" has multiple FOR UPDATE/SHARE references to table "
                             "\"%s\"",
                             name, t->name);
    if (how != 0)
        return err_set_state(e, ERR_INVAL, "24000",
                             "cursor \"%s\" is not a simply updatable scan of table \"%s\"", name,
                             t->name);
    if (!positioned)
        return err_set_state(e, ERR_INVAL, "24000", "cursor \"%s\" is not positioned on a row",
                             name);
    /* the scan's row is the last one read; a scrollable cursor moved back
     * stands on one held in memory */
    if (cs->cur != cs->base + cs->n || cs->pull == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "WHERE CURRENT OF a cursor moved back from its last fetched row is "
                             "not supported");
    return 0;
}

struct fetch_emit {
    struct sql_session *s;
    const struct sql_sink *sink;
    size_t ncols;
    const int16_t *formats;
    struct rowbuf rb;
};

static int fetch_emit_row(void *arg, const struct sql_value *row, struct err *e)
{
    struct fetch_emit *fe = arg;
    return send_row(fe->s, fe->sink, row, fe->ncols, fe->formats, &fe->rb, e);
}

/* FETCH / MOVE on a DECLAREd cursor (cursor_store.c). */
static int fetch_declared(struct sql_session *s, struct portal *p, const struct sql_stmt *st,
                          const struct sql_sink *sink, struct sbuf *tag, struct err *e)
{
    if (p->failed)
        return err_set_state(e, ERR_INVAL, "55000", "portal \"%s\" cannot be run", p->name);
    bool move = st->u.fetch.move;
    const int16_t *formats = p->formats;
    if (s->extended && s->outer != NULL && s->outer->ncols == p->ncols)
        formats = s->outer->formats;
    int rc = 0;
    if (!move && !s->extended) {
        size_t n = 0;
        const struct sql_column *cols = sql_plan_columns(p->pr->plan, &n);
        rc = send_columns(sink, cols, n, formats, s->env.stmt_ctx, true);
    }
    if (rc != 0)
        return rc;
    struct fetch_emit fe;
    memset(&fe, 0, sizeof(fe));
    fe.s = s;
    fe.sink = sink;
    fe.ncols = p->ncols;
    fe.formats = formats;
    sbuf_init(&fe.rb.b);
    uint64_t got = 0;
    struct mem_ctx *saved = s->env.stmt_ctx;
    s->env.stmt_ctx = p->run_ctx;
    rc = sql__cstore_fetch(p->cs, st->u.fetch.direction, st->u.fetch.count,
                           move ? NULL : fetch_emit_row, &fe, &got, e);
    s->env.stmt_ctx = saved;
    rowbuf_free(&fe.rb);
    if (rc != 0) {
        p->failed = true; /* PostgreSQL's MarkPortalFailed */
        return rc;
    }
    if (p->cs->eof && p->cur != NULL) {
        /* every row read: release the query's iterators */
        sql_cursor_close(p->cur);
        p->cur = NULL;
    }
    sbuf_printf(tag, "%s %llu", move ? "MOVE" : "FETCH", (unsigned long long)got);
    return 0;
}

static int exec_fetch(struct sql_session *s, const struct sql_stmt *st, const struct sql_sink *sink,
                      struct sbuf *tag, struct err *e)
{
    struct portal *p = fetch_target(s, st->u.fetch.name, e);
    if (p == NULL)
        return e->code;
    if (p->cs != NULL)
        return fetch_declared(s, p, st, sink, tag, e);
    int64_t count = st->u.fetch.count;
    if (st->u.fetch.direction != 0 || count < 0)
        return err_set_state(e, ERR_INVAL, "55000",
                             "cursor can only scan forward"
                             "\nHINT:  "
                             "Declare it with SCROLL option to enable backward scan.");
    if (count == 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "FETCH/MOVE of the current row (count 0) is not supported");
    bool move = st->u.fetch.move;
    const int16_t *formats = p->formats;
    if (s->extended && s->outer != NULL && s->outer->ncols == p->ncols)
        formats = s->outer->formats;
    int rc = 0;
    if (!move && !s->extended) {
        size_t n = 0;
        const struct sql_column *cols = sql_plan_columns(p->pr->plan, &n);
        rc = send_columns(sink, cols, n, formats, s->env.stmt_ctx, true);
    }
    int64_t got = 0;
    struct mem_ctx *saved = s->env.stmt_ctx;
    s->env.stmt_ctx = p->run_ctx;
    if (rc == 0 && !p->done) {
        if (move) {
            for (; got < count; got++) {
                const struct sql_value *row = NULL;
                bool has = false;
                if ((rc = sql_cursor_next(p->cur, &row, &has, e)) != 0 || !has)
                    break;
            }
            if (rc == 0 && got < count)
                p->done = true;
        } else {
            bool more = false;
            int32_t max = count > INT32_MAX ? 0 : (int32_t)count;
            rc = drain(s, p->cur, p->ncols, formats, max, sink, &more, &got, e);
            if (rc == 0 && !more)
                p->done = true;
        }
    }
    s->env.stmt_ctx = saved;
    if (rc != 0)
        return rc;
    if (p->done && p->cur != NULL) {
        sql_cursor_close(p->cur);
        p->cur = NULL;
    }
    sbuf_printf(tag, "%s %lld", move ? "MOVE" : "FETCH", (long long)got);
    return 0;
}

static int exec_close(struct sql_session *s, const struct sql_stmt *st, struct sbuf *tag,
                      struct err *e)
{
    const char *name = st->u.close.name;
    if (name == NULL) {
        size_t pos = 0, n = 0;
        const void *k;
        size_t kl;
        void *v;
        char **names = xcalloc(hash_count(s->portals) + 1, sizeof(*names));
        while (hash_next(s->portals, &pos, &k, &kl, &v))
            if (((struct portal *)v)->cursor)
                names[n++] = ((struct portal *)v)->name;
        for (size_t i = 0; i < n; i++)
            portal_free(hash_del(s->portals, names[i], strlen(names[i])));
        xfree(names);
        sbuf_puts(tag, "CLOSE CURSOR ALL");
        return 0;
    }
    struct portal *p = hash_get(s->portals, name, strlen(name));
    if (p == NULL || p == s->outer)
        return err_set_state(e, ERR_NOTFOUND, "34000", "cursor \"%s\" does not exist", name);
    portal_free(hash_del(s->portals, name, strlen(name)));
    sbuf_puts(tag, "CLOSE CURSOR");
    return 0;
}

static void discard_all_stmts(struct sql_session *s, bool only_sql_level)
{
    size_t n = hash_count(s->stmts), i = 0;
    if (n == 0)
        return;
    struct prepared **list = xcalloc(n, sizeof(*list));
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(s->stmts, &pos, &k, &kl, &v))
        list[i++] = v;
    for (i = 0; i < n; i++)
        if (!only_sql_level || list[i]->sql_level)
            drop_stmt(s, list[i]->name);
    xfree(list);
}

static const char *stmt_text_word(const char *text, size_t len, const struct sql_stmt *st)
{
    if (text == NULL || st->location < 0 || (size_t)st->location >= len)
        return "";
    return text + st->location;
}

/* Transaction control. */
static int exec_txn(struct sql_session *s, const struct sql_stmt *st, const char *text, size_t len,
                    struct sbuf *tag, struct err *e)
{
    const char *spname = st->u.txn.savepoint != NULL ? st->u.txn.savepoint : "";
    if (st->u.txn.chain &&
        (st->u.txn.kind == SQL_TXN_COMMIT || st->u.txn.kind == SQL_TXN_ROLLBACK)) {
        /* COMMIT / ROLLBACK AND CHAIN: end the block, then begin another
         * with the same characteristics (PostgreSQL's chained transaction). */
        bool commit = st->u.txn.kind == SQL_TXN_COMMIT;
        if (s->ts != T_BLOCK && s->ts != T_FAILED)
            return err_set_state(e, ERR_INVAL, "25P01",
                                 "%s AND CHAIN can only be used in "
                                 "transaction blocks",
                                 commit ? "COMMIT" : "ROLLBACK");
        int iso = s->iso;
        bool ro = s->read_only, deferrable = s->deferrable;
        int rc = 0;
        if (commit && s->ts == T_BLOCK) {
            sbuf_puts(tag, "COMMIT");
            rc = txn_commit(s, e);
        } else {
            sbuf_puts(tag, "ROLLBACK");
            txn_rollback(s);
        }
        if (rc != 0)
            return rc;
        s->iso = iso;
        s->read_only = ro;
        rc = begin_kv(s, e);
        if (rc != 0)
            return rc;
        s->deferrable = deferrable;
        s->ts = T_BLOCK;
        return 0;
    }
    switch (st->u.txn.kind) {
    case SQL_TXN_BEGIN: {
        const char *w = stmt_text_word(text, len, st);
        sbuf_puts(tag, strncasecmp(w, "start", 5) == 0 ? "START TRANSACTION" : "BEGIN");
        if (s->ts == T_BLOCK || s->ts == T_FAILED) {
            warn(s, "25001", "there is already a transaction in progress");
            return 0;
        }
        const struct sql_txn_modes *m = &st->u.txn.modes;
        int iso = m->isolation == SQL_ISO_DEFAULT            ? sql__gucs_default_isolation(s->gucs)
                  : m->isolation == SQL_ISO_READ_UNCOMMITTED ? SQL_ISO_READ_COMMITTED
                                                             : (int)m->isolation;
        bool ro = m->read_only >= 0 ? m->read_only == 1 : sql__gucs_default_read_only(s->gucs);
        s->deferrable = m->deferrable; /* SHOW transaction_deferrable */
        if (s->ts == T_IMPLICIT && s->txn != NULL) {
            /* The implicit transaction becomes the block. */
            s->ts = T_BLOCK;
            if (s->txn_stmts == 0 && (iso != s->iso || ro != s->read_only)) {
                kv_txn_rollback(s->txn);
                s->txn = NULL;
                s->iso = iso;
                s->read_only = ro;
                int rc = begin_kv(s, e);
                if (rc != 0) {
                    txn_cleanup(s, false);
                    return rc;
                }
            }
            return 0;
        }
        s->iso = iso;
        s->read_only = ro;
        int rc = begin_kv(s, e);
        if (rc != 0)
            return rc;
        s->ts = T_BLOCK;
        return 0;
    }
    case SQL_TXN_COMMIT:
        if (s->ts == T_FAILED) {
            sbuf_puts(tag, "ROLLBACK");
            txn_rollback(s);
            return 0;
        }
        sbuf_puts(tag, "COMMIT");
        if (s->ts != T_BLOCK)
            warn(s, "25P01", "there is no transaction in progress");
        return txn_commit(s, e);
    case SQL_TXN_ROLLBACK:
        sbuf_puts(tag, "ROLLBACK");
        if (s->ts != T_BLOCK && s->ts != T_FAILED)
            warn(s, "25P01", "there is no transaction in progress");
        txn_rollback(s);
        return 0;
    case SQL_TXN_SAVEPOINT: {
        if (s->ts != T_BLOCK)
            return err_set_state(e, ERR_INVAL, "25P01",
                                 "SAVEPOINT can only be used in transaction blocks");
        uint64_t sp = 0;
        int rc = kv_txn_savepoint(s->txn, &sp, e);
        if (rc != 0)
            return rc;
        if (s->nsps == s->capsps) {
            s->capsps = s->capsps ? s->capsps * 2 : 8;
            s->sps = xrealloc(s->sps, (size_t)s->capsps * sizeof(*s->sps));
        }
        s->sps[s->nsps++] = (struct savepoint){xstrdup(spname),
                                               sp,
                                               s->read_only,
                                               sql_notify_mark(s->nl),
                                               sql__gucs_savepoint(&s->env),
                                               sql_advisory_mark(&s->env),
                                               sql_fk_deferred_mark(&s->env)};
        sbuf_puts(tag, "SAVEPOINT");
        return 0;
    }
    case SQL_TXN_RELEASE:
    case SQL_TXN_ROLLBACK_TO: {
        bool rb = st->u.txn.kind == SQL_TXN_ROLLBACK_TO;
        if (s->ts != T_BLOCK && s->ts != T_FAILED)
            return err_set_state(e, ERR_INVAL, "25P01", "%s can only be used in transaction blocks",
                                 rb ? "ROLLBACK TO SAVEPOINT" : "RELEASE SAVEPOINT");
        int i = s->nsps - 1;
        while (i >= 0 && strcmp(s->sps[i].name, spname) != 0)
            i--;
        if (i < 0)
            return err_set_state(e, ERR_NOTFOUND, "3B001", "savepoint \"%s\" does not exist",
                                 spname);
        if (rb) {
            int rc = kv_txn_rollback_to(s->txn, s->sps[i].kv_sp, e);
            if (rc != 0)
                return rc;
            sql__gucs_rollback_to(&s->env, s->sps[i].guc_level);
            sql_notify_rollback_to(s->nl, s->sps[i].notify_mark);
            s->read_only = s->env.read_only = s->sps[i].read_only;
            sql_advisory_rollback_to(&s->env, s->sps[i].adv_mark);
            sql_fk_deferred_rollback_to(&s->env, s->sps[i].fk_mark);
            savepoint_cursors(s, i, true);
            for (int j = i + 1; j < s->nsps; j++)
                xfree(s->sps[j].name);
            s->nsps = i + 1;
            s->ts = T_BLOCK;
            sbuf_puts(tag, "ROLLBACK");
        } else {
            int rc = kv_txn_release(s->txn, s->sps[i].kv_sp, e);
            if (rc != 0)
                return rc;
            sql__gucs_release(&s->env, s->sps[i].guc_level);
            /* PostgreSQL's CommitSubTransaction restores XactReadOnly too */
            s->read_only = s->env.read_only = s->sps[i].read_only;
            savepoint_cursors(s, i, false);
            for (int j = i; j < s->nsps; j++)
                xfree(s->sps[j].name);
            s->nsps = i;
            sbuf_puts(tag, "RELEASE");
        }
        return 0;
    }
    case SQL_TXN_PREPARE:
        /* Two-phase commit is off, as in a default PostgreSQL
         * (max_prepared_transactions = 0): the block ends rolled back. */
        sbuf_puts(tag, "ROLLBACK");
        if (s->ts != T_BLOCK) {
            if (s->ts != T_FAILED)
                warn(s, "25P01", "there is no transaction in progress");
            txn_rollback(s);
            return 0;
        }
        txn_rollback(s);
        return err_set_state(e, ERR_UNSUPPORTED, "55000",
                             "prepared transactions are disabled\nHINT:  Set "
                             "max_prepared_transactions to a nonzero value.");
    }
    return err_set(e, ERR_INTERNAL, "unknown transaction statement");
}

static bool allowed_when_failed(const struct sql_stmt *st)
{
    return st->kind == SQL_STMT_TRANSACTION &&
           (st->u.txn.kind == SQL_TXN_ROLLBACK || st->u.txn.kind == SQL_TXN_COMMIT ||
            st->u.txn.kind == SQL_TXN_ROLLBACK_TO || st->u.txn.kind == SQL_TXN_PREPARE);
}

static int failed_error(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "25P02",
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
}

/* Run a plannable statement from scratch (simple protocol). */
static int exec_planned(struct sql_session *s, const struct sql_stmt *st, const char *text,
                        size_t len, const struct sql_sink *sink, struct sbuf *tag, struct err *e)
{
    if (st->kind == SQL_STMT_EXPLAIN && st->u.explain.stmt != NULL &&
        st->u.explain.stmt->kind == SQL_STMT_EXECUTE)
        return exec_explain_execute(s, st, text, len, sink, tag, e);
    uint32_t types[1] = {0};
    size_t np = 0;
    struct sql_plan *plan = NULL;
    int rc = sql_plan_stmt(&s->env, st, s->env.stmt_ctx, types, &np, 0, &plan, e);
    if (rc != 0) {
        int loc = sql_plan_error_location(&s->env);
        if (loc > 0 && position_applies(e))
            s->err_pos = char_pos(text, len, (size_t)(loc - 1));
        return rc;
    }
    if (np > 0)
        return err_set_state(e, ERR_INVAL, "42P02", "there is no parameter $%zu", np);
    if (s->read_only && sql_plan_writes(plan))
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             st->kind == SQL_STMT_SELECT   ? "SELECT"
                             : st->kind == SQL_STMT_INSERT ? "INSERT"
                             : st->kind == SQL_STMT_UPDATE ? "UPDATE"
                                                           : "DELETE");
    size_t ncols = 0;
    const struct sql_column *cols = sql_plan_columns(plan, &ncols);
    if (sql_plan_returns_rows(plan)) {
        rc = send_columns(sink, cols, ncols, NULL, s->env.stmt_ctx, true);
        if (rc != 0)
            return rc;
    }
    struct sql_cursor *cur = NULL;
    rc = sql_cursor_open(&s->env, plan, NULL, 0, s->env.stmt_ctx, &cur, e);
    if (rc != 0)
        return rc;
    bool more = false;
    rc = drain(s, cur, ncols, NULL, 0, sink, &more, NULL, e);
    if (rc == 0)
        sql_cursor_tag(cur, tag);
    sql_cursor_close(cur);
    return rc;
}

static int exec_prepared_rows(struct sql_session *s, struct prepared *ps,
                              const struct sql_value *params, size_t np,
                              const struct sql_sink *sink, bool send_desc, struct sbuf *tag,
                              struct err *e)
{
    if (plan_stale(s, ps)) {
        int rc = replan_same_result(s, ps, e);
        if (rc != 0)
            return rc;
    }
    struct sql_plan *plan = ps->pr->plan;
    if (s->read_only && sql_plan_writes(plan))
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             ps->st->kind == SQL_STMT_SELECT   ? "SELECT"
                             : ps->st->kind == SQL_STMT_INSERT ? "INSERT"
                             : ps->st->kind == SQL_STMT_UPDATE ? "UPDATE"
                                                               : "DELETE");
    struct sql_cursor *cur = NULL;
    uint64_t waits = sql_table_lock_waits(&s->env);
    int rc = sql_cursor_open(&s->env, plan, params, np, s->env.stmt_ctx, &cur, e);
    if (rc == 0 && sql_table_lock_waits(&s->env) != waits) {
        /* The plan's table locks had to wait (for DDL, maybe): plan again
         * with what committed meanwhile, as PostgreSQL's plancache
         * revalidates a plan after AcquireExecutorLocks. Opening a cursor
         * reads and writes nothing yet. */
        sql_cursor_close(cur);
        cur = NULL;
        rc = sql_cat_after_wait(&s->env, false, e);
        if (rc == 0)
            rc = replan_same_result(s, ps, e);
        if (rc != 0)
            return rc;
        plan = ps->pr->plan;
        rc = sql_cursor_open(&s->env, plan, params, np, s->env.stmt_ctx, &cur, e);
    }
    if (rc != 0)
        return rc;
    size_t ncols = 0;
    const struct sql_column *cols = sql_plan_columns(plan, &ncols);
    if (send_desc && sql_plan_returns_rows(plan)) {
        rc = send_columns(sink, cols, ncols, NULL, s->env.stmt_ctx, true);
        if (rc != 0) {
            sql_cursor_close(cur);
            return rc;
        }
    }
    bool more = false;
    rc = drain(s, cur, ncols, NULL, 0, sink, &more, NULL, e);
    if (rc == 0)
        sql_cursor_tag(cur, tag);
    sql_cursor_close(cur);
    return rc;
}

static const char *discard_tag(enum sql_discard d)
{
    switch (d) {
    case SQL_DISCARD_ALL:
        return "DISCARD ALL";
    case SQL_DISCARD_PLANS:
        return "DISCARD PLANS";
    case SQL_DISCARD_SEQUENCES:
        return "DISCARD SEQUENCES";
    case SQL_DISCARD_TEMP:
        return "DISCARD TEMP";
    }
    return "DISCARD";
}

/* Run one statement (not transaction control) in the open transaction.
 * describe_only: only send RowDescription (extended Describe of utility). */
/* CALL: the procedure's output arguments as one row (sqlfn.h). */
static int exec_call(struct sql_session *s, const struct sql_stmt *st, const char *text, size_t len,
                     const struct sql_sink *sink, struct sbuf *tag, struct err *e)
{
    struct sql_column *cols;
    size_t n;
    struct sql_value *row;
    int rc = sql__fn_call_stmt(&s->env, st, &cols, &n, &row, e);
    if (rc != 0) {
        int loc = sql_plan_error_location(&s->env);
        if (loc > 0 && position_applies(e))
            s->err_pos = char_pos(text, len, (size_t)(loc - 1));
        return rc;
    }
    sbuf_puts(tag, "CALL");
    if (n == 0)
        return 0;
    if (!s->extended && (rc = sink->row_description(sink->arg, cols, n)) != 0)
        return rc;
    struct sql_datum *d = mem_alloc0(s->env.stmt_ctx, n * sizeof(*d));
    for (size_t i = 0; i < n; i++) {
        if (row[i].null) {
            d[i] = (struct sql_datum){NULL, -1};
            continue;
        }
        struct sbuf b;
        sbuf_init(&b);
        if ((rc = sql_value_out(&row[i], &s->env.fmt, &b, e)) != 0) {
            sbuf_free(&b);
            return rc;
        }
        char *t = mem_strndup(s->env.stmt_ctx, b.data ? b.data : "", b.len);
        d[i] = (struct sql_datum){(const uint8_t *)t, (int32_t)b.len};
        sbuf_free(&b);
    }
    return sink->data_row(sink->arg, d, n);
}

static int exec_stmt_body(struct sql_session *s, const struct sql_stmt *st, const char *text,
                          size_t len, const struct sql_sink *sink, struct sbuf *tag, struct err *e)
{
    switch (st->kind) {
    case SQL_STMT_SELECT:
    case SQL_STMT_INSERT:
    case SQL_STMT_UPDATE:
    case SQL_STMT_DELETE:
    case SQL_STMT_EXPLAIN:
        return exec_planned(s, st, text, len, sink, tag, e);
    case SQL_STMT_SET: {
        if (st->u.set.local && s->ts != T_BLOCK)
            warn(s, "25P01", "SET LOCAL can only be used in transaction blocks");
        int rc = sql__exec_set(&s->env, st, e);
        if (rc == 0)
            sbuf_puts(tag, st->u.set.kind == SQL_SET_RESET || st->u.set.kind == SQL_SET_RESET_ALL
                               ? "RESET"
                               : "SET");
        return rc;
    }
    case SQL_STMT_SET_TRANSACTION: {
        const struct sql_txn_modes *m = &st->u.set_txn.modes;
        int rc = 0;
        if (st->u.set_txn.session) {
            if (m->isolation != SQL_ISO_DEFAULT)
                rc = sql_setting_set(&s->env, "default_transaction_isolation",
                                     iso_name(m->isolation), false, e);
            if (rc == 0 && m->read_only >= 0)
                rc = sql_setting_set(&s->env, "default_transaction_read_only",
                                     m->read_only ? "on" : "off", false, e);
            if (rc == 0 && m->deferrable >= 0)
                rc = sql_setting_set(&s->env, "default_transaction_deferrable",
                                     m->deferrable ? "on" : "off", false, e);
        } else {
            rc = sql__session_set_txn_mode(s, m->isolation, m->read_only, e);
            if (rc == 0 && m->deferrable >= 0 && s->ts == T_BLOCK)
                s->deferrable = m->deferrable;
        }
        if (rc == 0)
            sbuf_puts(tag, "SET");
        return rc;
    }
    case SQL_STMT_SHOW:
        return exec_show(s, st, sink, false, tag, e);
    case SQL_STMT_COPY: {
        int rc = sql__exec_copy(&s->env, st, sink, tag, e);
        int loc = rc != 0 ? sql_plan_error_location(&s->env) : 0;
        if (loc > 0)
            s->err_pos = char_pos(text, len, (size_t)(loc - 1));
        else if (rc != 0 && strncmp(e->msg, "COPY format \"", 13) == 0)
            s->err_pos = copy_format_pos(st, text, len);
        return rc;
    }
    case SQL_STMT_PREPARE: {
        int rc = exec_prepare(s, st, text, len, e);
        if (rc == 0)
            sbuf_puts(tag, "PREPARE");
        return rc;
    }
    case SQL_STMT_EXECUTE: {
        g_exec_param_err = false;
        int rc = exec_execute(s, st, sink, tag, e);
        int loc = g_exec_param_err ? sql_plan_error_location(&s->env) : 0;
        if (loc > 0 && position_applies(e))
            s->err_pos = char_pos(text, len, (size_t)(loc - 1));
        return rc;
    }
    case SQL_STMT_DECLARE:
        return exec_declare(s, st, text, len, tag, e);
    case SQL_STMT_FETCH:
        return exec_fetch(s, st, sink, tag, e);
    case SQL_STMT_CLOSE:
        return exec_close(s, st, tag, e);
    case SQL_STMT_DEALLOCATE:
        if (st->u.deallocate.name == NULL) {
            discard_all_stmts(s, true);
            sbuf_puts(tag, "DEALLOCATE ALL");
            return 0;
        }
        if (find_stmt(s, st->u.deallocate.name) == NULL)
            return err_set_state(e, ERR_NOTFOUND, "26000",
                                 "prepared statement \"%s\" does not exist", st->u.deallocate.name);
        drop_stmt(s, st->u.deallocate.name);
        sbuf_puts(tag, "DEALLOCATE");
        return 0;
    case SQL_STMT_DISCARD:
        if (st->u.discard == SQL_DISCARD_ALL) {
            if (s->ts == T_BLOCK || s->multi)
                return err_set_state(e, ERR_INVAL, "25001",
                                     "DISCARD ALL cannot run inside a transaction block");
            discard_all_stmts(s, false);
            drop_portals_all(s, true);                                     /* held cursors too */
            if (s->nl != NULL && sql_notify_unlisten(s->nl, NULL, e) != 0) /* UNLISTEN * */
                return e->code;
            int rc = sql__gucs_reset_all(&s->env, e);
            if (rc == 0) /* and SET SESSION AUTHORIZATION DEFAULT (which ends SET ROLE) */
                rc = sql_setting_set(&s->env, "session_authorization", NULL, false, e);
            if (rc != 0)
                return rc;
        }
        if ((st->u.discard == SQL_DISCARD_ALL || st->u.discard == SQL_DISCARD_TEMP) &&
            s->env.temp_schema[0] != 0) {
            if (s->txn != NULL || s->ts == T_BLOCK)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "DISCARD TEMP inside a transaction block is not supported");
            sql_temp_session_end(&s->env);
            s->env.nsearch = -1; /* resolve search_path again, without it */
        }
        if ((st->u.discard == SQL_DISCARD_ALL || st->u.discard == SQL_DISCARD_SEQUENCES) &&
            s->env.seq_state != NULL) {
            sql_seq_session_free(s->env.seq_state);
            s->env.seq_state = NULL;
        }
        sbuf_puts(tag, discard_tag(st->u.discard));
        return 0;
    case SQL_STMT_SET_CONSTRAINTS:
        sbuf_puts(tag, "SET CONSTRAINTS");
        if (s->ts != T_BLOCK && !s->multi) {
            warn(s, "25P01", "SET CONSTRAINTS can only be used in transaction blocks");
            return 0;
        }
        return sql_fk_set_constraints(&s->env, st, e);
    case SQL_STMT_LISTEN:
    case SQL_STMT_UNLISTEN:
    case SQL_STMT_NOTIFY: {
        struct sql_nl *l = session_nl(s);
        const char *ch = st->u.notify.channel;
        int rc = st->kind == SQL_STMT_LISTEN ? sql_notify_listen(l, ch, e)
                 : st->kind == SQL_STMT_UNLISTEN
                     ? sql_notify_unlisten(l, ch, e)
                     : sql_notify_notify(l, ch, st->u.notify.payload, e);
        if (rc == 0)
            sbuf_puts(tag, st->kind == SQL_STMT_LISTEN     ? "LISTEN"
                           : st->kind == SQL_STMT_UNLISTEN ? "UNLISTEN"
                                                           : "NOTIFY");
        return rc;
    }
    case SQL_STMT_LOCK:
        if (s->ts != T_BLOCK && !s->multi)
            return err_set_state(e, ERR_INVAL, "25P01",
                                 "LOCK TABLE can only be used in transaction blocks");
        sbuf_puts(tag, "LOCK TABLE");
        return sql__lock_stmt(&s->env, st, e);
    default:
        break;
    }
    if (st->kind == SQL_STMT_FUNCTION_DDL && st->u.fn_ddl->op == 'k')
        return exec_call(s, st, text, len, sink, tag, e);
    if (sql_ddl_is_ddl(st)) {
        const char *what = sql_ddl_needs_no_block(st);
        if (what != NULL && (s->ts == T_BLOCK || s->multi || s->txn_stmts > 1))
            return err_set_state(e, ERR_INVAL, "25001", "%s cannot run inside a transaction block",
                                 what);
        int rc = sql_ddl_exec(&s->env, st, tag, e);
        if (rc != 0) {
            int loc = sql_plan_error_location(&s->env);
            if (loc > 0 && position_applies(e))
                s->err_pos = char_pos(text, len, (size_t)(loc - 1));
        }
        return rc;
    }
    return err_set_state(e, ERR_UNSUPPORTED, "0A000", "this statement is not supported");
}

static int quiet_rd(void *arg, const struct sql_column *cols, size_t n)
{
    (void)arg;
    (void)cols;
    (void)n;
    return 0;
}
static int quiet_row(void *arg, const struct sql_datum *vals, size_t n)
{
    (void)arg;
    (void)vals;
    (void)n;
    return 0;
}
static int quiet_tag(void *arg, const char *tag)
{
    (void)arg;
    (void)tag;
    return 0;
}
static int quiet_empty(void *arg)
{
    (void)arg;
    return 0;
}

/* A utility statement run by PL/pgSQL (plpgsql_exec.c): DDL, SET... inside
 * the running statement, its rows (if any) dropped. */
int sql__session_exec_utility(struct sql_env *env, const char *text, struct err *e);
int sql__session_exec_utility(struct sql_env *env, const char *text, struct err *e)
{
    struct sql_session *s = env->sess;
    if (s == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "feature not supported: utility statements here");
    struct sql_parse_result pr;
    size_t len = strlen(text);
    int rc = sql_parse(text, len, NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    static const struct sql_sink quiet = {.row_description = quiet_rd,
                                          .data_row = quiet_row,
                                          .command_complete = quiet_tag,
                                          .empty_query = quiet_empty};
    for (int i = 0; i < pr.n && rc == 0; i++) {
        const struct sql_stmt *st = pr.stmts[i];
        if (st->kind == SQL_STMT_TRANSACTION)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "unsupported transaction command in PL/pgSQL");
        if (st->kind == SQL_STMT_COPY || st->kind == SQL_STMT_PREPARE ||
            st->kind == SQL_STMT_EXECUTE || st->kind == SQL_STMT_DECLARE ||
            st->kind == SQL_STMT_FETCH || st->kind == SQL_STMT_CLOSE)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "feature not supported: this statement in PL/pgSQL");
        const char *what = st->kind == SQL_STMT_VACUUM ? "VACUUM"
                           : sql_ddl_is_ddl(st)        ? sql_ddl_needs_no_block(st)
                                                       : NULL;
        if (what != NULL)
            return err_set_state(e, ERR_INVAL, "25001", "%s cannot be executed from a function",
                                 what);
        struct sbuf tag;
        sbuf_init(&tag);
        rc = exec_stmt_body(s, st, text, len, &quiet, &tag, e);
        sbuf_free(&tag);
    }
    return rc;
}

/* One statement of a simple query or an Execute of a utility portal. */
static int run_one(struct sql_session *s, const struct sql_stmt *st, const char *text, size_t len,
                   const struct sql_sink *sink, struct mem_ctx *stmt_ctx, struct sbuf *tag,
                   struct err *e)
{
    double t0 = mono_sec();
    met_counter_inc(m_stmts[stype_of(st)]);
    int rc = check_cancel(s, e);
    if (rc == 0 && s->ts == T_FAILED && !allowed_when_failed(st))
        rc = failed_error(e);
    if (rc != 0)
        goto out;
    if (st->kind == SQL_STMT_TRANSACTION) {
        rc = exec_txn(s, st, text, len, tag, e);
        if (rc != 0 && st->u.txn.kind != SQL_TXN_COMMIT)
            stmt_failed(s);
        goto out;
    }
    enter_txn(s);
    if (needs_kv(st)) {
        rc = ensure_txn(s, e);
        if (rc != 0) {
            stmt_failed(s);
            goto out;
        }
    }
    mem_ctx_reset(stmt_ctx);
    rc = stmt_begin(s, stmt_ctx, needs_kv(st), e);
    if (rc != 0) {
        stmt_failed(s);
        goto out;
    }
    rc = exec_stmt_body(s, st, text, len, sink, tag, e);
    if (needs_kv(st))
        stmt_end(s, rc != 0);
    else
        s->env.deadline_ms = 0;
    if (rc != 0)
        stmt_failed(s);
out:
    met_histogram_observe(m_latency, mono_sec() - t0);
    return rc;
}

/* ---- simple query ------------------------------------------------------------------- */

int sql_exec_simple(struct sql_session *s, const char *text, size_t len,
                    const struct sql_sink *sink, struct err *err)
{
    s->sink = sink;
    s->err_pos = 0;
    sql__bsig_active(s->bsig, s->env.db_oid, NULL, text, len);
    struct mem_ctx *qctx = mem_ctx_new(s->sess_ctx, "sql query");
    struct sql_parse_result pr = {0};
    int rc = sql_parse(text, len, NULL, qctx, &pr, err);
    if (rc != 0) {
        s->err_pos = pr.cursor;
        stmt_failed(s); /* a syntax error inside a block fails it, as PostgreSQL */
        goto out;
    }
    if (pr.n == 0) {
        rc = sink->empty_query(sink->arg);
        goto out;
    }
    s->multi = pr.n > 1;
    struct sbuf tag;
    sbuf_init(&tag);
    for (int i = 0; i < pr.n; i++) {
        sbuf_reset(&tag);
        rc = run_one(s, pr.stmts[i], text, len, sink, s->stmt_ctx, &tag, err);
        if (rc != 0)
            break;
        /* the last statement's implicit transaction commits before its
         * CommandComplete, as PostgreSQL's exec_simple_query: a commit that
         * fails (a deferred constraint, a serialization failure) reports
         * only the error */
        if (i == pr.n - 1 && s->ts == T_IMPLICIT) {
            s->multi = false;
            rc = txn_commit(s, err);
            if (rc != 0)
                break;
        }
        rc = sink->command_complete(sink->arg, tag.data);
        if (rc != 0)
            break;
    }
    sbuf_free(&tag);
    s->multi = false;
    if (rc == 0 && s->ts == T_IMPLICIT)
        rc = txn_commit(s, err);
out:
    if (rc != 0 && s->ts == T_IMPLICIT)
        txn_rollback(s);
    mem_ctx_free(qctx);
    s->sink = NULL;
    /* after an error inside a block the status is 'E' once pgwire fails it */
    sql__bsig_idle(s->bsig, rc != 0 && s->ts == T_BLOCK ? (char)SQL_TXN_FAILED
                                                        : (char)sql_session_txn_status(s));
    return rc;
}

/* Any error of an extended-protocol message ends the statement: an
 * implicit transaction is rolled back, a block fails (PostgreSQL's
 * AbortCurrentTransaction). Idempotent for errors already handled. */
static void fail_after_error(struct sql_session *s)
{
    if (s->ts == T_BLOCK)
        s->ts = T_FAILED;
    else if (s->ts == T_IMPLICIT)
        txn_rollback(s);
}

/* ---- extended protocol -------------------------------------------------------------- */

static int prepare_impl(struct sql_session *s, const char *name, const char *text, size_t len,
                        size_t nparams, const uint32_t *param_types, struct err *err)
{
    s->err_pos = 0;
    int rc = check_cancel(s, err);
    if (rc != 0)
        return rc;
    if (name[0] != '\0' && find_stmt(s, name) != NULL)
        return err_set_state(err, ERR_EXISTS, "42P05", "prepared statement \"%s\" already exists",
                             name);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "sql prepared");
    struct sql_parse_result pr = {0};
    rc = sql_parse(text, len, NULL, ctx, &pr, err);
    if (rc != 0) {
        s->err_pos = pr.cursor;
        mem_ctx_free(ctx);
        stmt_failed(s);
        return rc;
    }
    if (pr.n > 1) {
        mem_ctx_free(ctx);
        return err_set_state(err, ERR_INVAL, "42601",
                             "cannot insert multiple commands into a prepared statement");
    }
    const struct sql_stmt *st = pr.n == 1 ? pr.stmts[0] : NULL;
    /* an empty statement parses (and describes) even there: Bind fails */
    if (s->ts == T_FAILED && st != NULL && !allowed_when_failed(st)) {
        mem_ctx_free(ctx);
        return failed_error(err);
    }
    if (name[0] == '\0')
        drop_stmt(s, "");
    struct prepared *ps = NULL;
    rc = make_prepared(s, name, ctx, text, len, st, nparams, param_types, false, false, &ps, err);
    if (rc != 0) {
        mem_ctx_free(ctx);
        stmt_failed(s);
        return rc;
    }
    hash_put(s->stmts, ps->name, strlen(ps->name), ps);
    return 0;
}

static int no_stmt(const char *name, struct err *err)
{
    if (name[0] == '\0')
        return err_set_state(err, ERR_NOTFOUND, "26000",
                             "unnamed prepared statement does not exist");
    return err_set_state(err, ERR_NOTFOUND, "26000", "prepared statement \"%s\" does not exist",
                         name);
}

static int no_portal(const char *name, struct err *err)
{
    if (name[0] == '\0')
        return err_set_state(err, ERR_NOTFOUND, "34000", "unnamed portal does not exist");
    return err_set_state(err, ERR_NOTFOUND, "34000", "portal \"%s\" does not exist", name);
}

static void portal_free(struct portal *p)
{
    if (p == NULL)
        return;
    sql_cursor_close(p->cur);
    p->cur = NULL;
    mem_ctx_free(p->ctx);
    planref_unref(p->pr);
    if (p->ps != NULL)
        prepared_unref(p->ps);
    xfree(p->name);
    xfree(p);
}

/* Columns of a statement: the plan's, or SHOW's. */
static const struct sql_column *stmt_columns(struct sql_session *s, const struct prepared *ps,
                                             struct mem_ctx *ctx, size_t *n)
{
    *n = 0;
    if (ps->st == NULL)
        return NULL;
    if (ps->pr != NULL)
        return sql_plan_columns(ps->pr->plan, n);
    if (ps->st->kind == SQL_STMT_SHOW) {
        const char *name = ps->st->u.show.name;
        if (strcmp(name, "all") == 0) {
            struct sql_column *c = mem_alloc0(ctx, 3 * sizeof(*c));
            static const char *const names[] = {"name", "setting", "description"};
            for (int i = 0; i < 3; i++)
                c[i] = (struct sql_column){names[i], 0, 0, SQL_T_TEXT, -1, -1, 0};
            *n = 3;
            return c;
        }
        const char *cn = sql__guc_session_name(&s->env, name);
        struct sql_column *c = mem_alloc0(ctx, sizeof(*c));
        c[0] = (struct sql_column){cn != NULL ? cn : name, 0, 0, SQL_T_TEXT, -1, -1, 0};
        *n = 1;
        return c;
    }
    if (ps->st->kind == SQL_STMT_EXECUTE) {
        const struct prepared *t = find_stmt(s, ps->st->u.execute.name);
        if (t != NULL && t != ps)
            return stmt_columns(s, t, ctx, n);
    }
    if (ps->st->kind == SQL_STMT_EXPLAIN) { /* EXPLAIN EXECUTE: planned when run */
        struct sql_column *c = mem_alloc0(ctx, sizeof(*c));
        c[0] = (struct sql_column){"QUERY PLAN", 0, 0, SQL_T_TEXT, -1, -1, 0};
        *n = 1;
        return c;
    }
    if (ps->st->kind == SQL_STMT_FETCH && !ps->st->u.fetch.move && ps->st->u.fetch.name != NULL) {
        const struct portal *p =
            hash_get(s->portals, ps->st->u.fetch.name, strlen(ps->st->u.fetch.name));
        if (p != NULL && p->pr != NULL)
            return sql_plan_columns(p->pr->plan, n);
    }
    return NULL;
}

/* PostgreSQL's CONTEXT for an error decoding a Bind parameter: a text
 * value is quoted, cut to log_parameter_max_length_on_error bytes, which
 * is 0 by default: "= '...'". */
static void param_context(struct err *err, const char *portal, size_t n, bool text)
{
    char line[256];
    if (portal[0] != '\0')
        snprintf(line, sizeof(line), "portal \"%.200s\" parameter $%zu%s", portal, n,
                 text ? " = '...'" : "");
    else
        snprintf(line, sizeof(line), "unnamed portal parameter $%zu%s", n, text ? " = '...'" : "");
    size_t used = strlen(err->msg);
    snprintf(err->msg + used, sizeof(err->msg) - used, "%s%s",
             strstr(err->msg, "\nCONTEXT:  ") != NULL ? "\n" : "\nCONTEXT:  ", line);
}

/* Whether the statement answers with rows (a RowDescription, maybe of no
 * columns) rather than NoData; n is its number of columns. */
static bool stmt_returns_rows(struct sql_session *s, const struct prepared *ps, size_t n)
{
    if (ps->st == NULL)
        return false;
    if (ps->pr != NULL)
        return sql_plan_returns_rows(ps->pr->plan);
    if (ps->st->kind == SQL_STMT_EXECUTE) {
        const struct prepared *t = find_stmt(s, ps->st->u.execute.name);
        if (t != NULL && t != ps)
            return stmt_returns_rows(s, t, n);
    }
    if (ps->st->kind == SQL_STMT_FETCH && !ps->st->u.fetch.move && ps->st->u.fetch.name != NULL) {
        const struct portal *p =
            hash_get(s->portals, ps->st->u.fetch.name, strlen(ps->st->u.fetch.name));
        return p != NULL && p->pr != NULL && sql_plan_returns_rows(p->pr->plan);
    }
    return n > 0;
}

static int bind_impl(struct sql_session *s, const char *portal, const char *stmt, size_t nparams,
                     const struct sql_datum *params, const int16_t *formats, size_t nresult_formats,
                     const int16_t *result_formats, struct err *err)
{
    s->err_pos = 0;
    struct prepared *ps = find_stmt(s, stmt);
    if (ps == NULL)
        return no_stmt(stmt, err);
    if (s->ts == T_FAILED && (ps->st == NULL || !allowed_when_failed(ps->st)))
        return failed_error(err);
    if (nparams != ps->nparams)
        return err_set_state(err, ERR_INVAL, "08P01",
                             "bind message supplies %zu parameters, but prepared statement "
                             "\"%s\" requires %zu",
                             nparams, stmt, ps->nparams);
    if (portal[0] == '\0') {
        struct portal *old = hash_del(s->portals, "", 0);
        portal_free(old);
    } else if (hash_get(s->portals, portal, strlen(portal)) != NULL) {
        return err_set_state(err, ERR_EXISTS, "42P03", "portal \"%s\" already exists", portal);
    }
    int rc = 0;
    if (ps->st != NULL && needs_kv(ps->st)) {
        rc = ensure_txn(s, err);
        if (rc != 0)
            return rc;
    }
    if (plan_stale(s, ps)) {
        rc = stmt_begin(s, s->stmt_ctx, true, err);
        if (rc == 0) {
            rc = replan_same_result(s, ps, err);
            stmt_end(s, rc != 0);
        }
        if (rc != 0) {
            stmt_failed(s);
            return rc;
        }
        if (nparams != ps->nparams)
            return err_set_state(err, ERR_INVAL, "08P01",
                                 "bind message supplies %zu parameters, but prepared statement "
                                 "\"%s\" requires %zu",
                                 nparams, stmt, ps->nparams);
    }
    if (ps->pr != NULL && s->txn != NULL) {
        /* The cached plan's table locks now, as PostgreSQL's GetCachedPlan
         * at Bind: one that had to wait (for DDL, maybe) is planned again
         * with what committed meanwhile, before Describe shows its columns. */
        uint64_t waits = sql_table_lock_waits(&s->env);
        rc = sql_plan_lock(&s->env, ps->pr->plan, err);
        if (rc == 0 && sql_table_lock_waits(&s->env) != waits) {
            rc = stmt_begin(s, s->stmt_ctx, true, err);
            if (rc == 0) {
                rc = sql_cat_after_wait(&s->env, false, err);
                if (rc == 0)
                    rc = replan_same_result(s, ps, err);
                stmt_end(s, rc != 0);
            }
        }
        if (rc != 0) {
            stmt_failed(s);
            return rc;
        }
        if (nparams != ps->nparams)
            return err_set_state(err, ERR_INVAL, "08P01",
                                 "bind message supplies %zu parameters, but prepared statement "
                                 "\"%s\" requires %zu",
                                 nparams, stmt, ps->nparams);
    }
    struct portal *p = xcalloc(1, sizeof(*p));
    p->name = xstrdup(portal);
    p->ctx = mem_ctx_new(NULL, "sql portal"); /* freed by portal_free only */
    p->run_ctx = mem_ctx_new(p->ctx, "sql portal run");
    p->ps = ps;
    ps->refs++;
    if (ps->pr != NULL) {
        p->pr = ps->pr;
        p->pr->refs++;
        ps->runs++;
    }
    size_t ncols = 0;
    stmt_columns(s, ps, p->ctx, &ncols);
    if (nresult_formats > 1 && nresult_formats != ncols) {
        portal_free(p);
        return err_set_state(err, ERR_INVAL, "08P01",
                             "bind message has %zu result formats but query has %zu columns",
                             nresult_formats, ncols);
    }
    p->ncols = ncols;
    p->formats = mem_alloc0(p->ctx, (ncols ? ncols : 1) * sizeof(int16_t));
    for (size_t i = 0; i < ncols; i++) {
        int16_t f = nresult_formats == 0   ? 0
                    : nresult_formats == 1 ? result_formats[0]
                                           : result_formats[i];
        if (f != 0 && f != 1) {
            portal_free(p);
            return err_set_state(err, ERR_INVAL, "22023", "unsupported format code: %d", f);
        }
        p->formats[i] = f;
    }
    p->nparams = nparams;
    p->params = mem_alloc0(p->ctx, (nparams ? nparams : 1) * sizeof(struct sql_value));
    for (size_t i = 0; i < nparams; i++) {
        uint32_t type = ps->ptypes[i] ? ps->ptypes[i] : SQL_T_TEXT;
        if (params[i].len < 0) {
            p->params[i] = sql_null(type);
            continue;
        }
        if (formats[i] == 1) {
            rc = sql_value_recv(p->ctx, type, -1, params[i].data, (size_t)params[i].len,
                                &p->params[i], err);
            if (rc != 0 && strcmp(err_sqlstate(err), "22P03") == 0)
                err_set_state(err, ERR_INVAL, "22P03",
                              "incorrect binary data format in bind parameter %zu", i + 1);
        } else if (s->txn != NULL &&
                   sql__reg_by_name(type, (const char *)params[i].data, (size_t)params[i].len)) {
            /* regclass / regtype / regnamespace / regrole by name: the catalog */
            int64_t oid = 0;
            rc = stmt_begin(s, s->stmt_ctx, true, err);
            if (rc == 0) {
                rc = sql__reg_in_env(&s->env, p->ctx, type, (const char *)params[i].data,
                                     (size_t)params[i].len, &oid, err);
                stmt_end(s, rc != 0);
            }
            p->params[i] = sql_int8(oid);
            p->params[i].type = type;
        } else {
            rc = sql_value_in(p->ctx, type, -1, (const char *)params[i].data, (size_t)params[i].len,
                              &s->env.fmt, &p->params[i], err);
        }
        if (rc != 0) {
            param_context(err, portal, i + 1, formats[i] != 1);
            portal_free(p);
            stmt_failed(s);
            return rc;
        }
    }
    hash_put(s->portals, p->name, strlen(p->name), p);
    return 0;
}

static int describe_statement_impl(struct sql_session *s, const char *name, uint32_t *param_types,
                                   size_t cap, size_t *nparams, const struct sql_sink *sink,
                                   struct err *err)
{
    *nparams = 0;
    struct prepared *ps = find_stmt(s, name);
    if (ps == NULL)
        return no_stmt(name, err);
    if (s->ts == T_FAILED && ps->st != NULL && !allowed_when_failed(ps->st))
        return failed_error(err);
    if (plan_stale(s, ps)) {
        int rc = ensure_txn(s, err);
        if (rc == 0)
            rc = stmt_begin(s, s->stmt_ctx, true, err);
        if (rc == 0) {
            rc = plan_prepared(s, ps, err);
            stmt_end(s, rc != 0);
        }
        if (rc != 0) {
            stmt_failed(s);
            return rc;
        }
    }
    if (ps->nparams > cap)
        return err_set_state(err, ERR_LIMIT, "54000", "too many parameters");
    for (size_t i = 0; i < ps->nparams; i++)
        param_types[i] = ps->ptypes[i] ? ps->ptypes[i] : SQL_T_TEXT;
    *nparams = ps->nparams;
    struct mem_ctx *tmp = mem_ctx_new(NULL, "describe");
    size_t n = 0;
    const struct sql_column *cols = stmt_columns(s, ps, tmp, &n);
    int rc = send_columns(sink, cols, n, NULL, tmp, stmt_returns_rows(s, ps, n));
    mem_ctx_free(tmp);
    return rc;
}

static int describe_portal_impl(struct sql_session *s, const char *name,
                                const struct sql_sink *sink, struct err *err)
{
    struct portal *p = hash_get(s->portals, name, strlen(name));
    if (p == NULL)
        return no_portal(name, err);
    if (s->ts == T_FAILED && (p->ps->st == NULL || !allowed_when_failed(p->ps->st)))
        return failed_error(err);
    size_t n = 0;
    const struct sql_column *cols = stmt_columns(s, p->ps, p->ctx, &n);
    return send_columns(sink, cols, n, p->formats, p->ctx, stmt_returns_rows(s, p->ps, n));
}

/* Execute of a DECLAREd cursor's portal: forward from its position, as
 * FETCH FORWARD max_rows (PostgreSQL's PortalRunSelect); tag SELECT n. */
static int execute_cursor(struct sql_session *s, struct portal *p, int32_t max_rows,
                          const struct sql_sink *sink, bool *suspended, struct err *err)
{
    if (p->failed)
        return err_set_state(err, ERR_INVAL, "55000", "portal \"%s\" cannot be run", p->name);
    int rc = check_cancel(s, err);
    if (rc == 0)
        rc = ensure_txn(s, err);
    if (rc == 0 && (rc = stmt_begin(s, p->run_ctx, true, err)) != 0)
        stmt_failed(s);
    if (rc != 0)
        return rc;
    struct fetch_emit fe;
    memset(&fe, 0, sizeof(fe));
    fe.s = s;
    fe.sink = sink;
    fe.ncols = p->ncols;
    fe.formats = p->formats;
    sbuf_init(&fe.rb.b);
    uint64_t got = 0;
    rc = sql__cstore_fetch(p->cs, 0, max_rows > 0 ? max_rows : INT64_MAX, fetch_emit_row, &fe, &got,
                           err);
    rowbuf_free(&fe.rb);
    stmt_end(s, rc != 0);
    if (rc != 0) {
        p->failed = true;
        stmt_failed(s);
        return rc;
    }
    if (!p->cs->at_end) {
        *suspended = true;
        return 0;
    }
    char tag[64];
    snprintf(tag, sizeof(tag), "SELECT %llu", (unsigned long long)got);
    return sink->command_complete(sink->arg, tag);
}

static int execute_impl(struct sql_session *s, const char *portal, int32_t max_rows,
                        const struct sql_sink *sink, bool *suspended, struct err *err)
{
    *suspended = false;
    s->err_pos = 0;
    struct portal *p = hash_get(s->portals, portal, strlen(portal));
    if (p == NULL)
        return no_portal(portal, err);
    const struct sql_stmt *st = p->ps->st;
    if (st == NULL)
        return sink->empty_query(sink->arg);
    if (s->ts == T_FAILED && !allowed_when_failed(st))
        return failed_error(err);
    if (p->cs != NULL) {
        s->sink = sink;
        int rc = execute_cursor(s, p, max_rows, sink, suspended, err);
        s->sink = NULL;
        return rc;
    }
    if (p->done) {
        /* Executing a finished portal again: no rows, the same tag. */
        return sink->command_complete(sink->arg, p->tag);
    }
    s->sink = sink;
    struct sbuf tag;
    sbuf_init(&tag);
    int rc;
    if (p->pr == NULL) {
        /* Utility statement: runs whole at Execute. */
        /* The statement may end the transaction (COMMIT, an error in an
         * implicit one), which drops every portal: run it detached. */
        hash_del(s->portals, p->name, strlen(p->name));
        s->extended = true;
        s->outer = p;
        rc = run_one(s, st, p->ps->text, p->ps->len, sink, p->run_ctx, &tag, err);
        s->outer = NULL;
        s->extended = false;
        if (rc == 0)
            rc = sink->command_complete(sink->arg, tag.data);
        if (rc == 0 && s->ts != T_IDLE && st->kind != SQL_STMT_TRANSACTION) {
            snprintf(p->tag, sizeof(p->tag), "%s", tag.data);
            p->done = true;
            hash_put(s->portals, p->name, strlen(p->name), p);
        } else {
            portal_free(p);
        }
        goto out;
    }
    double t0 = mono_sec();
    rc = check_cancel(s, err);
    if (rc == 0)
        rc = ensure_txn(s, err);
    if (rc != 0)
        goto out;
    if (!p->started)
        met_counter_inc(m_stmts[stype_of(st)]);
    rc = stmt_begin(s, p->run_ctx, true, err);
    if (rc != 0) {
        stmt_failed(s);
        goto out;
    }
    if (!p->started) {
        p->started = true;
        if (s->read_only && sql_plan_writes(p->pr->plan)) {
            rc = err_set_state(err, ERR_INVAL, "25006",
                               "cannot execute %s in a read-only transaction",
                               st->kind == SQL_STMT_SELECT   ? "SELECT"
                               : st->kind == SQL_STMT_INSERT ? "INSERT"
                               : st->kind == SQL_STMT_UPDATE ? "UPDATE"
                                                             : "DELETE");
        } else {
            rc = sql_cursor_open(&s->env, p->pr->plan, p->params, p->nparams, p->run_ctx, &p->cur,
                                 err);
        }
    }
    bool more = false;
    int64_t sent = 0;
    if (rc == 0)
        rc = drain(s, p->cur, p->ncols, p->formats, max_rows, sink, &more, &sent, err);
    stmt_end(s, rc != 0);
    met_histogram_observe(m_latency, mono_sec() - t0);
    if (rc != 0) {
        stmt_failed(s);
        goto out;
    }
    if (more) {
        *suspended = true;
        p->suspended = true;
        goto out;
    }
    sql_cursor_tag(p->cur, &tag);
    if (p->suspended && strncmp(tag.data, "SELECT ", 7) == 0) {
        /* PostgreSQL's tag counts the rows of this Execute only. */
        sbuf_reset(&tag);
        sbuf_printf(&tag, "SELECT %lld", (long long)sent);
    }
    sql_cursor_close(p->cur);
    p->cur = NULL;
    snprintf(p->tag, sizeof(p->tag), "%s", tag.data);
    p->done = true;
    rc = sink->command_complete(sink->arg, tag.data);
out:
    sbuf_free(&tag);
    s->sink = NULL;
    return rc;
}

void sql_close_statement(struct sql_session *s, const char *name)
{
    drop_stmt(s, name);
}

void sql_close_portal(struct sql_session *s, const char *name)
{
    struct portal *p = hash_del(s->portals, name, strlen(name));
    portal_free(p);
}

int sql_sync(struct sql_session *s, struct err *err)
{
    if (s->cancel != NULL)
        atomic_store(s->cancel, false); /* a cancel that arrived between statements is moot */
    int rc = s->ts == T_IMPLICIT ? txn_commit(s, err) : 0;
    sql__bsig_idle(s->bsig, (char)sql_session_txn_status(s));
    return rc;
}

int sql_bind(struct sql_session *s, const char *portal, const char *stmt, size_t nparams,
             const struct sql_datum *params, const int16_t *formats, size_t nresult_formats,
             const int16_t *result_formats, struct err *err)
{
    int rc =
        bind_impl(s, portal, stmt, nparams, params, formats, nresult_formats, result_formats, err);
    if (rc != 0)
        fail_after_error(s);
    return rc;
}

int sql_describe_statement(struct sql_session *s, const char *name, uint32_t *param_types,
                           size_t cap, size_t *nparams, const struct sql_sink *sink,
                           struct err *err)
{
    int rc = describe_statement_impl(s, name, param_types, cap, nparams, sink, err);
    if (rc != 0)
        fail_after_error(s);
    return rc;
}

int sql_describe_portal(struct sql_session *s, const char *name, const struct sql_sink *sink,
                        struct err *err)
{
    int rc = describe_portal_impl(s, name, sink, err);
    if (rc != 0)
        fail_after_error(s);
    return rc;
}

int sql_execute(struct sql_session *s, const char *portal, int32_t max_rows,
                const struct sql_sink *sink, bool *suspended, struct err *err)
{
    const struct portal *pt = hash_get(s->portals, portal, strlen(portal));
    if (pt != NULL && pt->ps != NULL && pt->ps->text != NULL)
        sql__bsig_active(s->bsig, s->env.db_oid, NULL, pt->ps->text, pt->ps->len);
    int rc = execute_impl(s, portal, max_rows, sink, suspended, err);
    if (rc != 0)
        fail_after_error(s);
    return rc;
}

int sql_prepare(struct sql_session *s, const char *name, const char *text, size_t len,
                size_t nparams, const uint32_t *param_types, struct err *err)
{
    int rc = prepare_impl(s, name, text, len, nparams, param_types, err);
    if (rc != 0)
        fail_after_error(s);
    return rc;
}
