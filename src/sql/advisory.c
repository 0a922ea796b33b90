/* advisory.c — advisory locks (advisory.h): a node-local lock table.
 *
 * The table is a flat array of holds (tag, session, mode, session count,
 * transaction count) and one of waiters, under one mutex; a release
 * broadcasts one condition variable and waiters recheck. Advisory locks are
 * few and short-lived, so linear scans are fine.
 *
 * The lock tag is PostgreSQL's (SET_LOCKTAG_INT64 / SET_LOCKTAG_INT32):
 * database oid, key high 32 bits / first key, key low 32 bits / second
 * key, and 1 for a bigint key or 2 for a pair of integers; pg_locks shows
 * them as database, classid, objid, objsubid.
 *
 * Modes: ExclusiveLock conflicts with any lock of another session,
 * ShareLock with another session's ExclusiveLock; a session never conflicts
 * with itself. A waiter checks on every wake-up whether its wait closes a
 * cycle of advisory waits and is then the victim (40P01, with PostgreSQL's
 * DETAIL) — waits on row locks are kv's and not part of this graph.
 *
 * Lock order: the table mutex is a leaf (no other lock is taken under it).
 */
#include "sql/advisory.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "common/waitstate.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/env.h"
#include "sql/func_int.h"
#include "sql/session_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PG_EPOCH_US 946684800000000LL /* 2000-01-01 in Unix microseconds */

struct tag {
    uint32_t db, f2, f3;
    uint16_t f4;
};

struct hold {
    struct tag tag;
    const struct sql_env *env;
    int32_t pid;
    bool excl;
    uint32_t sess_cnt, xact_cnt;
};

struct waiter {
    struct tag tag;
    const struct sql_env *env;
    int32_t pid;
    bool excl;
    int64_t since; /* timestamptz */
};

/* A transaction-level acquisition, in order, for ROLLBACK TO SAVEPOINT. */
struct xacq {
    struct tag tag;
    const struct sql_env *env;
    bool excl;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct hold *holds;
static size_t nholds, capholds;
static struct waiter *waiters;
static size_t nwaiters, capwaiters;
static struct xacq *xlog;
static size_t nxlog, capxlog;

static bool tag_eq(const struct tag *a, const struct tag *b)
{
    return a->db == b->db && a->f2 == b->f2 && a->f3 == b->f3 && a->f4 == b->f4;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_pg(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 - PG_EPOCH_US;
}

/* Does another session hold tag in a mode conflicting with excl?
 * Returns the first such hold or NULL. Caller holds mu. */
static const struct hold *blocker(const struct tag *t, const struct sql_env *env, bool excl)
{
    for (size_t i = 0; i < nholds; i++) {
        const struct hold *h = &holds[i];
        if (h->env != env && tag_eq(&h->tag, t) && (excl || h->excl) &&
            h->sess_cnt + h->xact_cnt > 0)
            return h;
    }
    return NULL;
}

static struct hold *find_hold(const struct tag *t, const struct sql_env *env, bool excl)
{
    for (size_t i = 0; i < nholds; i++)
        if (holds[i].env == env && holds[i].excl == excl && tag_eq(&holds[i].tag, t))
            return &holds[i];
    return NULL;
}

static void grant(const struct tag *t, const struct sql_env *env, bool excl, bool xact)
{
    struct hold *h = find_hold(t, env, excl);
    if (h == NULL) {
        if (nholds == capholds) {
            capholds = capholds ? capholds * 2 : 16;
            holds = xrealloc(holds, capholds * sizeof *holds);
        }
        h = &holds[nholds++];
        *h = (struct hold){.tag = *t, .env = env, .pid = env->backend_pid, .excl = excl};
    }
    if (xact) {
        h->xact_cnt++;
        if (nxlog == capxlog) {
            capxlog = capxlog ? capxlog * 2 : 16;
            xlog = xrealloc(xlog, capxlog * sizeof *xlog);
        }
        xlog[nxlog++] = (struct xacq){.tag = *t, .env = env, .excl = excl};
    } else {
        h->sess_cnt++;
    }
}

static void compact(void);

/* Forget env's transaction-level acquisitions from its mark-th on,
 * releasing them when release. Caller holds mu. */
static void xlog_cut(const struct sql_env *env, size_t mark, bool release)
{
    size_t j = 0, seen = 0;
    for (size_t i = 0; i < nxlog; i++) {
        if (xlog[i].env == env && seen++ >= mark) {
            if (release) {
                struct hold *h = find_hold(&xlog[i].tag, env, xlog[i].excl);
                if (h != NULL && h->xact_cnt > 0)
                    h->xact_cnt--;
            }
            continue;
        }
        xlog[j++] = xlog[i];
    }
    nxlog = j;
}

size_t sql_advisory_mark(const struct sql_env *env)
{
    pthread_mutex_lock(&mu);
    size_t n = 0;
    for (size_t i = 0; i < nxlog; i++)
        if (xlog[i].env == env)
            n++;
    pthread_mutex_unlock(&mu);
    return n;
}

void sql_advisory_rollback_to(const struct sql_env *env, size_t mark)
{
    pthread_mutex_lock(&mu);
    xlog_cut(env, mark, true);
    compact();
    pthread_mutex_unlock(&mu);
}

/* Drop holds whose counts reached zero and wake waiters. Caller holds mu. */
static void compact(void)
{
    size_t j = 0;
    for (size_t i = 0; i < nholds; i++)
        if (holds[i].sess_cnt + holds[i].xact_cnt > 0)
            holds[j++] = holds[i];
    if (j != nholds) {
        nholds = j;
        pthread_cond_broadcast(&cv);
    }
}

static const struct waiter *waiter_of(const struct sql_env *env)
{
    for (size_t i = 0; i < nwaiters; i++)
        if (waiters[i].env == env)
            return &waiters[i];
    return NULL;
}

static void tag_text(const struct tag *t, char *buf, size_t len)
{
    snprintf(buf, len, "[%u,%u,%u,%u]", t->db, t->f2, t->f3, (unsigned)t->f4);
}

/* Depth-first search of the wait-for graph from the sessions blocking w:
 * true when it leads back to me; path[] collects the waiters on the cycle.
 * Caller holds mu. */
static bool cycle_from(const struct waiter *w, const struct sql_env *me, int depth,
                       const struct waiter **path, int *plen)
{
    if (depth > (int)nwaiters + 1)
        return false;
    path[depth] = w;
    for (size_t i = 0; i < nholds; i++) {
        const struct hold *h = &holds[i];
        if (h->env == w->env || !tag_eq(&h->tag, &w->tag) || !(w->excl || h->excl) ||
            h->sess_cnt + h->xact_cnt == 0)
            continue;
        if (h->env == me) {
            *plen = depth + 1;
            return true;
        }
        const struct waiter *next = waiter_of(h->env);
        if (next != NULL && cycle_from(next, me, depth + 1, path, plen))
            return true;
    }
    return false;
}

static int deadlock_error(const struct waiter *const *path, int plen, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < plen; i++) {
        const struct waiter *w = path[i];
        const struct waiter *nx = path[(i + 1) % plen];
        char tb[64];
        tag_text(&w->tag, tb, sizeof tb);
        /* the blocker of path[i] is the session of path[i + 1] */
        sbuf_printf(&b, "%sProcess %d waits for %s on advisory lock %s; blocked by process %d.",
                    i ? "\n" : "", w->pid, w->excl ? "ExclusiveLock" : "ShareLock", tb, nx->pid);
    }
    int rc = err_set_state(e, ERR_DEADLOCK, "40P01",
                           "deadlock detected\nDETAIL:  %.*s\nHINT:  See server log for query "
                           "details.",
                           (int)b.len, b.data ? b.data : "");
    sbuf_free(&b);
    return rc;
}

static void remove_waiter(const struct sql_env *env)
{
    for (size_t i = 0; i < nwaiters; i++)
        if (waiters[i].env == env) {
            waiters[i] = waiters[--nwaiters];
            return;
        }
}

/* Acquire tag for env; wait unless try. *got tells whether it was granted. */
static int acquire(struct sql_env *env, const struct tag *t, bool excl, bool xact, bool try,
                   bool *got, struct err *e)
{
    int lock_timeout = env->sess != NULL ? sql__gucs_lock_timeout(sql__session_gucs(env->sess)) : 0;
    int64_t lock_deadline = lock_timeout > 0 ? mono_ms() + lock_timeout : 0;
    int rc = 0;
    *got = false;
    pthread_mutex_lock(&mu);
    if (blocker(t, env, excl) == NULL) {
        grant(t, env, excl, xact);
        *got = true;
        pthread_mutex_unlock(&mu);
        return 0;
    }
    if (try) {
        pthread_mutex_unlock(&mu);
        return 0;
    }
    if (nwaiters == capwaiters) {
        capwaiters = capwaiters ? capwaiters * 2 : 16;
        waiters = xrealloc(waiters, capwaiters * sizeof *waiters);
    }
    waiters[nwaiters++] = (struct waiter){
        .tag = *t, .env = env, .pid = env->backend_pid, .excl = excl, .since = now_pg()};
    waitstate_enter();
    for (;;) {
        if (blocker(t, env, excl) == NULL) {
            grant(t, env, excl, xact);
            *got = true;
            break;
        }
        const struct waiter *path[64];
        int plen = 0;
        const struct waiter *mine = waiter_of(env);
        if (nwaiters < 63 && cycle_from(mine, env, 0, path, &plen)) {
            rc = deadlock_error(path, plen, e);
            break;
        }
        rc = sql_env_check_interrupts(env, e);
        if (rc < 0)
            break;
        if (lock_deadline != 0 && mono_ms() >= lock_deadline) {
            rc = err_set_state(e, ERR_LOCKTIMEOUT, "55P03",
                               "canceling statement due to lock timeout");
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&cv, &mu, &ts);
    }
    waitstate_leave();
    remove_waiter(env);
    pthread_mutex_unlock(&mu);
    return rc;
}

static void warn_not_owned(struct sql_env *env, bool excl)
{
    if (env == NULL || env->notice == NULL)
        return;
    struct sql_notice nt = {.severity = "WARNING",
                            .sqlstate = "01000",
                            .message = excl ? "you don't own a lock of type ExclusiveLock"
                                            : "you don't own a lock of type ShareLock"};
    env->notice(env->notice_arg, &nt);
}

static bool release_one(const struct tag *t, const struct sql_env *env, bool excl)
{
    pthread_mutex_lock(&mu);
    struct hold *h = find_hold(t, env, excl);
    bool ok = h != NULL && h->sess_cnt > 0;
    if (ok) {
        h->sess_cnt--;
        compact();
    }
    pthread_mutex_unlock(&mu);
    return ok;
}

void sql_advisory_release_xact(const struct sql_env *env)
{
    pthread_mutex_lock(&mu);
    xlog_cut(env, 0, false);
    for (size_t i = 0; i < nholds; i++)
        if (holds[i].env == env)
            holds[i].xact_cnt = 0;
    compact();
    pthread_mutex_unlock(&mu);
}

static void release_session(const struct sql_env *env, bool all)
{
    pthread_mutex_lock(&mu);
    for (size_t i = 0; i < nholds; i++)
        if (holds[i].env == env) {
            holds[i].sess_cnt = 0;
            if (all)
                holds[i].xact_cnt = 0;
        }
    if (all)
        xlog_cut(env, 0, false);
    compact();
    pthread_mutex_unlock(&mu);
}

void sql_advisory_release_all(const struct sql_env *env)
{
    release_session(env, true);
}

void sql_advisory_rows(struct mem_ctx *ctx, struct sql_advisory_row **rows, size_t *n)
{
    pthread_mutex_lock(&mu);
    size_t total = nholds + nwaiters;
    struct sql_advisory_row *r = mem_alloc(ctx, (total ? total : 1) * sizeof *r);
    size_t k = 0;
    for (size_t i = 0; i < nholds; i++) {
        const struct hold *h = &holds[i];
        r[k++] = (struct sql_advisory_row){.db = h->tag.db,
                                           .classid = h->tag.f2,
                                           .objid = h->tag.f3,
                                           .objsubid = (int16_t)h->tag.f4,
                                           .pid = h->pid,
                                           .exclusive = h->excl,
                                           .granted = true};
    }
    for (size_t i = 0; i < nwaiters; i++) {
        const struct waiter *w = &waiters[i];
        r[k++] = (struct sql_advisory_row){.db = w->tag.db,
                                           .classid = w->tag.f2,
                                           .objid = w->tag.f3,
                                           .objsubid = (int16_t)w->tag.f4,
                                           .pid = w->pid,
                                           .exclusive = w->excl,
                                           .granted = false,
                                           .waitstart = w->since};
    }
    pthread_mutex_unlock(&mu);
    *rows = r;
    *n = k;
}

/* ---- SQL functions ---- */

static int make_tag(struct sql_fcall *c, const struct sql_value *a, int n, struct tag *t,
                    struct err *e)
{
    if (c->env == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "advisory locks are not supported here");
    if (c->env->db_oid == 0 && c->env->txn == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "advisory locks are not supported outside a transaction");
    uint32_t db = 0;
    int rc = sql__db_oid(c->env, &db, e);
    if (rc < 0)
        return rc;
    memset(t, 0, sizeof *t);
    t->db = db;
    if (n == 1) {
        uint64_t k = (uint64_t)a[0].u.i;
        t->f2 = (uint32_t)(k >> 32);
        t->f3 = (uint32_t)k;
        t->f4 = 1;
    } else {
        t->f2 = (uint32_t)(int32_t)a[0].u.i;
        t->f3 = (uint32_t)(int32_t)a[1].u.i;
        t->f4 = 2;
    }
    return 0;
}

static void void_result(struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_VOID;
}

static int lock_fn(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e, bool excl, bool xact, bool try)
{
    struct tag t;
    int rc = make_tag(c, a, n, &t, e);
    if (rc < 0)
        return rc;
    bool got = false;
    rc = acquire(c->env, &t, excl, xact, try, &got, e);
    if (rc < 0)
        return rc;
    if (try)
        *out = sql_bool(got);
    else
        void_result(out);
    return 0;
}

int sql__fn_adv_lock(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    return lock_fn(c, a, n, out, e, true, false, false);
}

int sql__fn_adv_lock_shared(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, false, false, false);
}

int sql__fn_adv_try_lock(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, true, false, true);
}

int sql__fn_adv_try_lock_shared(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, false, false, true);
}

int sql__fn_adv_xact_lock(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, true, true, false);
}

int sql__fn_adv_xact_lock_shared(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, false, true, false);
}

int sql__fn_adv_try_xact_lock(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, true, true, true);
}

int sql__fn_adv_try_xact_lock_shared(struct sql_fcall *c, const struct sql_value *a, int n,
                                     struct sql_value *out, struct err *e)
{
    return lock_fn(c, a, n, out, e, false, true, true);
}

static int unlock_fn(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e, bool excl)
{
    struct tag t;
    int rc = make_tag(c, a, n, &t, e);
    if (rc < 0)
        return rc;
    bool ok = release_one(&t, c->env, excl);
    if (!ok)
        warn_not_owned(c->env, excl);
    *out = sql_bool(ok);
    return 0;
}

int sql__fn_adv_unlock(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    return unlock_fn(c, a, n, out, e, true);
}

int sql__fn_adv_unlock_shared(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    return unlock_fn(c, a, n, out, e, false);
}

int sql__fn_adv_unlock_all(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    if (c->env != NULL)
        release_session(c->env, false);
    void_result(out);
    return 0;
}

/* pg_sleep_for(interval): pg_sleep of the interval's length (a month is
 * 30 days, as PostgreSQL's interval_part epoch). */
int sql__fn_pg_sleep_for(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    const struct sql_interval *iv = &a[0].u.iv;
    double secs =
        (double)iv->time / 1e6 + (double)iv->day * 86400.0 + (double)iv->month * 30.0 * 86400.0;
    struct sql_value arg = sql_float8(secs);
    return sql__fn_pg_sleep(c, &arg, 1, out, e);
}

/* txid_current(): a number that identifies the transaction and grows with
 * time — the kv transaction's start timestamp. */
int sql__fn_txid_current(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    if (c->env == NULL || c->env->txn == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "txid_current is not supported here");
    *out = sql_int8((int64_t)(kv_txn_start_ts(c->env->txn) >> 1));
    return 0;
}
