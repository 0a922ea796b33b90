/* backend_sig.c — pg_cancel_backend over the node's sessions (backend_sig.h).
 *
 * A mutex-guarded list of the open sessions: pid, authenticated role,
 * whether that role is a superuser, and the session's cancel flag. As
 * PostgreSQL's pg_signal_backend: an unknown pid is a WARNING and false; a
 * superuser's session can be cancelled only by a superuser; otherwise the
 * caller needs the privileges of the session's role or of
 * pg_signal_backend (42501). pg_terminate_backend does the same checks
 * and then calls the session's terminate hook (pgwire ends the
 * connection with FATAL 57P01); with a timeout it waits for the session
 * to leave the list. */
#include "sql/backend_sig.h"

#include "common/mem.h"
#include "sql/acl.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/sql.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What pg_stat_activity shows of a session; under the entry's m. */
struct bsig_activity {
    char database[SQL_NAME_BUF];
    uint32_t db_oid;
    char app[SQL_NAME_BUF];
    char client_addr[64]; /* "": a Unix-domain socket */
    int32_t client_port;
    bool ssl;
    struct sql_ssl_info ssl_info;
    int64_t backend_start, xact_start, query_start, state_change; /* 0: none */
    char state; /* 'A' active, else the transaction status 'I', 'T', 'E' */
    char query[SQL_BSIG_QUERY_MAX + 1];
};

struct sql_bsig {
    int32_t pid;
    bool superuser;
    pthread_mutex_t m;
    struct bsig_activity act;
    _Atomic bool *cancel;
    void (*terminate)(void *arg);
    void *terminate_arg;
    char user[SQL_NAME_BUF];
    struct sql_bsig *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct sql_bsig *head;

#define PG_EPOCH_US 946684800000000LL /* 2000-01-01 in Unix microseconds */

static int64_t now_tstz(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 - PG_EPOCH_US;
}

struct sql_bsig *sql__bsig_add(int32_t pid, const char *user, bool superuser, _Atomic bool *cancel,
                               void (*terminate)(void *arg), void *terminate_arg)
{
    if (pid <= 0 || cancel == NULL)
        return NULL;
    struct sql_bsig *b = xcalloc(1, sizeof(*b));
    b->pid = pid;
    b->terminate = terminate;
    b->terminate_arg = terminate_arg;
    pthread_mutex_init(&b->m, NULL);
    b->act.backend_start = b->act.state_change = now_tstz();
    b->act.state = 'I';
    b->superuser = superuser;
    b->cancel = cancel;
    snprintf(b->user, sizeof(b->user), "%s", user ? user : "");
    pthread_mutex_lock(&mu);
    b->next = head;
    head = b;
    pthread_mutex_unlock(&mu);
    return b;
}

void sql__bsig_remove(struct sql_bsig *b)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&mu);
    for (struct sql_bsig **p = &head; *p != NULL; p = &(*p)->next) {
        if (*p == b) {
            *p = b->next;
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    pthread_mutex_destroy(&b->m);
    free(b);
}

/* The role and superuser flag of pid's session; false when none. */
static bool find(int32_t pid, char *user, bool *superuser)
{
    bool found = false;
    pthread_mutex_lock(&mu);
    for (struct sql_bsig *b = head; b != NULL; b = b->next) {
        if (b->pid == pid) {
            memcpy(user, b->user, SQL_NAME_BUF);
            *superuser = b->superuser;
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    return found;
}

/* Set pid's cancel flag (and terminate it); false when the session has
 * gone meanwhile or cannot be terminated. */
static bool signal_cancel(int32_t pid, bool terminate)
{
    bool found = false;
    pthread_mutex_lock(&mu);
    for (struct sql_bsig *b = head; b != NULL; b = b->next) {
        if (b->pid == pid && (!terminate || b->terminate != NULL)) {
            atomic_store(b->cancel, true);
            if (terminate)
                b->terminate(b->terminate_arg);
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    return found;
}

static void warn(struct sql_env *env, const char *msg)
{
    if (env == NULL || env->notice == NULL)
        return;
    struct sql_notice nt = {.severity = "WARNING", .sqlstate = "01000", .message = msg};
    env->notice(env->notice_arg, &nt);
}

/* PostgreSQL's pg_signal_backend checks for signalling a session of role
 * user (super: a superuser's): 0, or 42501 worded for a cancel or a
 * termination. */
static int may_signal(struct sql_env *env, const char *user, bool super, bool terminate,
                      struct err *e)
{
    if (super && !env->superuser)
        return err_set_state(e, ERR_INVAL, "42501",
                             terminate ? "must be a superuser to terminate superuser process"
                                       : "must be a superuser to cancel superuser query");
    bool ok = env->superuser;
    int rc = ok ? 0 : sql__acl_has_privs_of(env, env->user, user, &ok, e);
    if (rc == 0 && !ok)
        rc = sql__acl_has_privs_of(env, env->user, "pg_signal_backend", &ok, e);
    if (rc != 0)
        return rc;
    if (!ok)
        return err_set_state(e, ERR_INVAL, "42501",
                             terminate ? "must be a member of the role whose process is being "
                                         "terminated or member of pg_signal_backend"
                                       : "must be a member of the role whose query is being "
                                         "canceled or member of pg_signal_backend");
    return 0;
}

int sql__fn_pg_cancel_backend(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    struct sql_env *env = c->env;
    int32_t pid = (int32_t)a[0].u.i;
    char user[SQL_NAME_BUF];
    bool super = false;
    *out = sql_bool(false);
    if (!find(pid, user, &super)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "PID %d is not a PostgreSQL backend process", (int)pid);
        warn(env, msg);
        return 0;
    }
    if (env == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "pg_cancel_backend outside a session");
    int rc = may_signal(env, user, super, false, e);
    if (rc != 0)
        return rc;
    if (pid == env->backend_pid) /* the signal interrupts this very statement */
        return err_set_state(e, ERR_TIMEOUT, "57014", "canceling statement due to user request");
    if (!signal_cancel(pid, false)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "could not send signal to process %d", (int)pid);
        warn(env, msg);
        return 0;
    }
    *out = sql_bool(true);
    return 0;
}

int sql__fn_pg_terminate_backend(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e)
{
    struct sql_env *env = c->env;
    int32_t pid = (int32_t)a[0].u.i;
    int64_t timeout = n > 1 ? a[1].u.i : 0;
    *out = sql_bool(false);
    if (timeout < 0)
        return err_set_state(e, ERR_INVAL, "22003", "\"timeout\" must not be negative");
    char user[SQL_NAME_BUF];
    bool super = false;
    if (!find(pid, user, &super)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "PID %d is not a PostgreSQL backend process", (int)pid);
        warn(env, msg);
        return 0;
    }
    if (env == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "pg_terminate_backend outside a session");
    int rc = may_signal(env, user, super, true, e);
    if (rc != 0)
        return rc;
    if (!signal_cancel(pid, true)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "could not send signal to process %d", (int)pid);
        warn(env, msg);
        return 0;
    }
    if (pid == env->backend_pid && env->cancel != NULL) /* this connection: after the statement */
        atomic_store(env->cancel, false);
    /* With a timeout, wait (in 10 ms steps) for the session to be gone. */
    for (int64_t waited = 0; timeout > 0 && pid != env->backend_pid; waited += 10) {
        char u[SQL_NAME_BUF];
        bool s;
        if (!find(pid, u, &s))
            break;
        if (waited >= timeout) {
            char msg[128];
            snprintf(msg, sizeof(msg),
                     "backend with PID %d did not terminate within %lld milliseconds", (int)pid,
                     (long long)timeout);
            warn(env, msg);
            return 0;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    *out = sql_bool(true);
    return 0;
}

/* ---- pg_stat_activity ---------------------------------------------------------- */

void sql__bsig_identity(struct sql_bsig *b, const char *database, const char *app,
                        const char *client_addr, int32_t client_port,
                        const struct sql_ssl_info *ssl)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&b->m);
    snprintf(b->act.database, sizeof(b->act.database), "%s", database ? database : "");
    snprintf(b->act.app, sizeof(b->act.app), "%s", app ? app : "");
    snprintf(b->act.client_addr, sizeof(b->act.client_addr), "%s", client_addr ? client_addr : "");
    b->act.client_port = client_addr ? client_port : -1;
    b->act.ssl = ssl != NULL;
    if (ssl != NULL)
        b->act.ssl_info = *ssl;
    pthread_mutex_unlock(&b->m);
}

void sql__bsig_set_app(struct sql_bsig *b, const char *app)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&b->m);
    snprintf(b->act.app, sizeof(b->act.app), "%s", app ? app : "");
    pthread_mutex_unlock(&b->m);
}

void sql__bsig_active(struct sql_bsig *b, uint32_t db_oid, const char *app, const char *query,
                      size_t len)
{
    if (b == NULL)
        return;
    int64_t now = now_tstz();
    if (len > SQL_BSIG_QUERY_MAX)
        len = SQL_BSIG_QUERY_MAX;
    pthread_mutex_lock(&b->m);
    b->act.db_oid = db_oid;
    if (app != NULL)
        snprintf(b->act.app, sizeof(b->act.app), "%s", app);
    if (b->act.xact_start == 0)
        b->act.xact_start = now;
    b->act.query_start = b->act.state_change = now;
    b->act.state = 'A';
    memcpy(b->act.query, query, len);
    b->act.query[len] = 0;
    pthread_mutex_unlock(&b->m);
}

void sql__bsig_idle(struct sql_bsig *b, char txn_status)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&b->m);
    if (b->act.state != txn_status) {
        b->act.state = txn_status;
        b->act.state_change = now_tstz();
    }
    if (txn_status == 'I')
        b->act.xact_start = 0;
    pthread_mutex_unlock(&b->m);
}

static const char *state_name(char st)
{
    switch (st) {
    case 'A':
        return "active";
    case 'T':
        return "idle in transaction";
    case 'E':
        return "idle in transaction (aborted)";
    default:
        return "idle";
    }
}

/* A copy of the list (privilege checks read the catalog, so not under the
 * list's mutex), oldest session first, as backends are numbered, each with
 * whether env's role may see its activity (its own role's privileges or
 * pg_read_all_stats). Caller frees *out. */
struct bsig_seen {
    int32_t pid;
    char user[SQL_NAME_BUF];
    bool full;
    struct bsig_activity act;
};

static int seen_sessions(struct sql_env *env, struct bsig_seen **out, size_t *nout, struct err *e)
{
    size_t n = 0, cap = 16;
    struct bsig_seen *v = xmalloc(cap * sizeof(*v));
    pthread_mutex_lock(&mu);
    for (struct sql_bsig *b = head; b != NULL; b = b->next) {
        if (n == cap) {
            cap *= 2;
            v = xrealloc(v, cap * sizeof(*v));
        }
        v[n].pid = b->pid;
        memcpy(v[n].user, b->user, SQL_NAME_BUF);
        pthread_mutex_lock(&b->m);
        v[n].act = b->act;
        pthread_mutex_unlock(&b->m);
        n++;
    }
    pthread_mutex_unlock(&mu);
    for (size_t i = 0; i < n / 2; i++) { /* the list is newest first */
        struct bsig_seen t = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = t;
    }
    bool all_stats = env->superuser;
    int rc = 0;
    if (!all_stats)
        rc = sql__acl_has_privs_of(env, env->user, "pg_read_all_stats", &all_stats, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        v[i].full = all_stats || strcmp(v[i].user, env->user) == 0;
        if (!v[i].full)
            rc = sql__acl_has_privs_of(env, env->user, v[i].user, &v[i].full, e);
    }
    if (rc != 0) {
        xfree(v);
        return rc;
    }
    *out = v;
    *nout = n;
    return 0;
}

int sql__bsig_activity(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    struct bsig_seen *v;
    size_t n;
    int rc = seen_sessions(env, &v, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct bsig_activity *a = &v[i].act;
        sql__vr_row(r);
        sql__vr_int(r, "datid", a->db_oid);
        sql__vr_str(r, "datname", a->database);
        sql__vr_int(r, "pid", v[i].pid);
        sql__vr_int(r, "usesysid", sql__pgcat_role_oid(v[i].user));
        sql__vr_str(r, "usename", v[i].user);
        sql__vr_str(r, "application_name", a->app);
        sql__vr_str(r, "backend_type", "client backend");
        if (!v[i].full) {
            sql__vr_str(r, "query", "<insufficient privilege>");
            continue;
        }
        if (a->client_addr[0] != '\0')
            sql__vr_str(r, "client_addr", a->client_addr);
        sql__vr_int(r, "client_port", a->client_port);
        sql__vr_ts(r, "backend_start", a->backend_start);
        if (a->xact_start != 0)
            sql__vr_ts(r, "xact_start", a->xact_start);
        if (a->query_start != 0)
            sql__vr_ts(r, "query_start", a->query_start);
        sql__vr_ts(r, "state_change", a->state_change);
        if (a->state != 'A')
            sql__vr_str(r, "wait_event_type", "Client");
        if (a->state != 'A')
            sql__vr_str(r, "wait_event", "ClientRead");
        sql__vr_str(r, "state", state_name(a->state));
        sql__vr_str(r, "query", a->query);
    }
    xfree(v);
    return 0;
}

int sql__bsig_ssl(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    struct bsig_seen *v;
    size_t n;
    int rc = seen_sessions(env, &v, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct bsig_activity *a = &v[i].act;
        sql__vr_row(r);
        sql__vr_int(r, "pid", v[i].pid);
        if (!v[i].full)
            continue;
        sql__vr_bool(r, "ssl", a->ssl);
        if (!a->ssl)
            continue;
        const struct sql_ssl_info *s = &a->ssl_info;
        sql__vr_str(r, "version", s->version);
        sql__vr_str(r, "cipher", s->cipher);
        sql__vr_int(r, "bits", s->bits);
        if (s->client_dn[0] != '\0') {
            sql__vr_str(r, "client_dn", s->client_dn);
            sql__vr_str(r, "client_serial", s->client_serial);
            sql__vr_str(r, "issuer_dn", s->issuer_dn);
        }
    }
    xfree(v);
    return 0;
}

/* Sessions of database db other than env's: their count, and up to cap of
 * their pids, roles and superuser flags. */
static int db_sessions(const struct sql_env *env, const char *db, int32_t *pids,
                       char (*users)[SQL_NAME_BUF], bool *supers, int cap)
{
    int n = 0;
    pthread_mutex_lock(&mu);
    for (struct sql_bsig *b = head; b != NULL; b = b->next) {
        if (b->pid == env->backend_pid)
            continue;
        pthread_mutex_lock(&b->m);
        bool in = strcmp(b->act.database, db) == 0;
        pthread_mutex_unlock(&b->m);
        if (!in)
            continue;
        if (n < cap) {
            pids[n] = b->pid;
            memcpy(users[n], b->user, SQL_NAME_BUF);
            supers[n] = b->superuser;
        }
        n++;
    }
    pthread_mutex_unlock(&mu);
    return n;
}

#define DB_SESSIONS_MAX 256

int sql__bsig_database_idle(struct sql_env *env, const char *db, bool force, struct err *e)
{
    int32_t pids[DB_SESSIONS_MAX];
    static _Thread_local char users[DB_SESSIONS_MAX][SQL_NAME_BUF];
    bool supers[DB_SESSIONS_MAX];
    int n = db_sessions(env, db, pids, users, supers, DB_SESSIONS_MAX);
    if (n > 0 && force) {
        int m = n < DB_SESSIONS_MAX ? n : DB_SESSIONS_MAX;
        for (int i = 0; i < m; i++) { /* every check before any signal */
            int rc = may_signal(env, users[i], supers[i], true, e);
            if (rc != 0)
                return rc;
        }
        for (int i = 0; i < m; i++)
            (void)signal_cancel(pids[i], true);
    }
    /* as PostgreSQL's CountOtherDBBackends: up to 5 s for them to leave */
    for (int waited = 0; waited < 5000 && n > 0; waited += 10) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        if ((waited % 100) == 0 && sql_env_check_interrupts(env, e) != 0)
            return e->code;
        n = db_sessions(env, db, pids, users, supers, 0);
    }
    if (n == 0)
        return 0;
    if (n == 1)
        return err_set_state(e, ERR_BUSY, "55006",
                             "database \"%s\" is being accessed by other users\nDETAIL:  There "
                             "is 1 other session using the database.",
                             db);
    return err_set_state(e, ERR_BUSY, "55006",
                         "database \"%s\" is being accessed by other users\nDETAIL:  There are "
                         "%d other sessions using the database.",
                         db, n);
}
