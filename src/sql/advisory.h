/* advisory.h — PostgreSQL's advisory locks (pg_advisory_lock and friends),
 * node-local: one lock table per process shared by every session of this
 * node (advisory.c). Sessions on other nodes do not see these locks.
 *
 * Session-level locks are counted (reentrant) and live until
 * pg_advisory_unlock or the end of the session; transaction-level ones
 * until the transaction ends (commit, rollback, or the abort of a failed
 * block). Waits honour cancel, statement_timeout and lock_timeout and end
 * a cycle of advisory waits with 40P01.
 */
#ifndef SF_SQL_ADVISORY_H
#define SF_SQL_ADVISORY_H

#include "sql/func.h"

#include <stddef.h>

struct sql_env;
struct sql_value;
struct err;
struct mem_ctx;

/* Session hooks (session.c): release the transaction-level locks of env
 * (transaction end or abort) / every lock of env (session end). */
void sql_advisory_release_xact(const struct sql_env *env);
void sql_advisory_release_all(const struct sql_env *env);
/* SAVEPOINT: a mark of env's transaction-level locks; ROLLBACK TO: release
 * those acquired after the mark (as PostgreSQL's subtransaction abort). */
size_t sql_advisory_mark(const struct sql_env *env);
void sql_advisory_rollback_to(const struct sql_env *env, size_t mark);

/* pg_locks rows for the advisory locks (held and awaited), pgcat_more.c. */
struct sql_advisory_row {
    uint32_t db, classid, objid;
    int16_t objsubid;
    int32_t pid;
    bool exclusive;
    bool granted;
    int64_t waitstart; /* timestamptz, waiting rows only */
};
/* Every row, in ctx. */
void sql_advisory_rows(struct mem_ctx *ctx, struct sql_advisory_row **rows, size_t *n);

/* The SQL functions (func_reg.c). */
#define SQL__ADV_FN(name)                                                                  \
    int name(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out, \
             struct err *e)
SQL__ADV_FN(sql__fn_adv_lock);
SQL__ADV_FN(sql__fn_adv_lock_shared);
SQL__ADV_FN(sql__fn_adv_try_lock);
SQL__ADV_FN(sql__fn_adv_try_lock_shared);
SQL__ADV_FN(sql__fn_adv_unlock);
SQL__ADV_FN(sql__fn_adv_unlock_shared);
SQL__ADV_FN(sql__fn_adv_unlock_all);
SQL__ADV_FN(sql__fn_adv_xact_lock);
SQL__ADV_FN(sql__fn_adv_xact_lock_shared);
SQL__ADV_FN(sql__fn_adv_try_xact_lock);
SQL__ADV_FN(sql__fn_adv_try_xact_lock_shared);
SQL__ADV_FN(sql__fn_pg_sleep_for);
SQL__ADV_FN(sql__fn_txid_current);
#undef SQL__ADV_FN

#endif
