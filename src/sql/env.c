/* env.c — what a running statement checks between rows: the cancel flag
 * (CancelRequest) and the statement_timeout deadline; and what it checks on
 * the way down a recursion: the stack left (env.h). */
#include "sql/env.h"

#include "common/err.h"
#include "sql/func.h"

#include <pthread.h>
#include <time.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sql_env_check_interrupts(struct sql_env *env, struct err *e)
{
    if (env->cancel != NULL && atomic_load_explicit(env->cancel, memory_order_relaxed) &&
        atomic_exchange(env->cancel, false))
        return err_set_state(e, ERR_TIMEOUT, "57014", "canceling statement due to user request");
    if (env->deadline_ms != 0 && now_ms() >= env->deadline_ms)
        return err_set_state(e, ERR_TIMEOUT, "57014",
                             "canceling statement due to statement timeout");
    return 0;
}

int sql_stack_check(struct err *e)
{
    static _Thread_local uintptr_t lo; /* the lowest address of this thread's stack */
    static _Thread_local bool known;
    if (!known) {
        pthread_attr_t attr;
        void *addr = NULL;
        size_t size = 0;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            if (pthread_attr_getstack(&attr, &addr, &size) != 0)
                addr = NULL;
            pthread_attr_destroy(&attr);
        }
        lo = (uintptr_t)addr;
        known = true;
    }
    char here;
    uintptr_t sp = (uintptr_t)&here;
    if (lo != 0 && sp - lo < SQL_STACK_RESERVE)
        return sql_stack_depth_error(e);
    return 0;
}

int sql_stack_depth_error(struct err *e)
{
    return err_set_state(e, ERR_LIMIT, "54001",
                         "stack depth limit exceeded" SQL_FUNC_HINT_SEP
                         "Increase the configuration parameter \"max_stack_depth\" (currently "
                         "2048kB), after ensuring the platform's stack depth limit is adequate.");
}
