/* waitstate.c — which client sessions are waiting for a lock right now
 * (see waitstate.h). */
#include "common/waitstate.h"

#include <stdatomic.h>
#include <stddef.h>

#define WS_SLOTS 1024

struct ws_slot {
    _Atomic int32_t pid;     /* 0: free */
    _Atomic int32_t waiting; /* nesting depth of lock waits */
};

static struct ws_slot slots[WS_SLOTS];
static _Thread_local struct ws_slot *mine;
static _Thread_local waitstate_check_fn check_fn;
static _Thread_local void *check_arg;

void waitstate_bind(int32_t pid, waitstate_check_fn check, void *arg)
{
    if (pid <= 0 || mine != NULL)
        return;
    check_fn = check;
    check_arg = arg;
    for (size_t i = 0; i < WS_SLOTS; i++) {
        int32_t expect = 0;
        if (atomic_compare_exchange_strong(&slots[i].pid, &expect, pid)) {
            atomic_store(&slots[i].waiting, 0);
            mine = &slots[i];
            return;
        }
    }
}

void waitstate_unbind(int32_t pid)
{
    if (mine == NULL || atomic_load(&mine->pid) != pid)
        return;
    atomic_store(&mine->waiting, 0);
    atomic_store(&mine->pid, 0);
    mine = NULL;
    check_fn = NULL;
    check_arg = NULL;
}

int waitstate_check(struct err *e)
{
    return check_fn != NULL ? check_fn(check_arg, e) : 0;
}

void waitstate_enter(void)
{
    if (mine != NULL)
        atomic_fetch_add(&mine->waiting, 1);
}

void waitstate_leave(void)
{
    if (mine != NULL && atomic_load(&mine->waiting) > 0)
        atomic_fetch_sub(&mine->waiting, 1);
}

bool waitstate_is_waiting(int32_t pid)
{
    if (pid <= 0)
        return false;
    for (size_t i = 0; i < WS_SLOTS; i++)
        if (atomic_load(&slots[i].pid) == pid)
            return atomic_load(&slots[i].waiting) > 0;
    return false;
}
