/* func_isolation.c — pg_isolation_test_session_is_blocked(pid, pids[]), the
 * question PostgreSQL's isolationtester (and tests/isolation) asks to know
 * that a step is waiting for a lock.
 *
 * PostgreSQL answers true when pid waits for a lock held by one of pids.
 * We answer true when the session of pid is waiting for any lock (a row or
 * table lock in kv's lock table, or an advisory lock): common/waitstate.c
 * records those waits. The pids argument is not looked at: in an isolation
 * test every lock is held by one of its sessions. */
#include "common/waitstate.h"
#include "sql/func_int.h"
#include "sql/value.h"

#include <string.h>

int sql__fn_pg_isolation_test_session_is_blocked(struct sql_fcall *c, const struct sql_value *a,
                                                 int n, struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    *out = sql_bool(waitstate_is_waiting((int32_t)a[0].u.i));
    return 0;
}
