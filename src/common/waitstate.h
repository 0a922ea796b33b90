/* waitstate.h — which client sessions are waiting for a lock right now.
 *
 * A session thread binds its backend pid (waitstate_bind); every lock wait
 * (kv's lock table, advisory locks) brackets its sleep with
 * waitstate_enter/waitstate_leave; pg_isolation_test_session_is_blocked asks
 * waitstate_is_waiting(pid). Lock-free, a fixed number of slots: a thread
 * that finds none is simply never reported as waiting.
 *
 * The bound thread also leaves a check for interrupts (query cancel,
 * statement_timeout) that lock waits in layers below SQL call between
 * sleeps (waitstate_check). */
#ifndef SF_COMMON_WAITSTATE_H
#define SF_COMMON_WAITSTATE_H

#include "common/err.h"

#include <stdbool.h>
#include <stdint.h>

/* 0, or a negative ERR_* code with e filled: the wait must end. */
typedef int (*waitstate_check_fn)(void *arg, struct err *e);

/* Bind the calling thread to pid (> 0) and its interrupt check (may be
 * NULL); no-op when already bound. */
void waitstate_bind(int32_t pid, waitstate_check_fn check, void *arg);
/* Unbind the calling thread when it is bound to pid. */
void waitstate_unbind(int32_t pid);
/* The calling thread starts / stops waiting for a lock (nestable). */
void waitstate_enter(void);
void waitstate_leave(void);
/* True when a thread bound to pid is inside waitstate_enter/leave. */
bool waitstate_is_waiting(int32_t pid);
/* The calling thread's interrupt check: 0 when it has none. */
int waitstate_check(struct err *e);

#endif
