/* env.c — what a running statement checks between rows: the cancel flag
 * (CancelRequest) and the statement_timeout deadline (env.h). */
#include "sql/env.h"

#include "common/err.h"

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
