/* background.c — the background thread: periodic jobs (MVCC GC, splits, lock
 * cleanup and statistics register here as their layers land).
 *
 * Jobs are registered before start; the thread sleeps on a condition
 * variable until the next job is due or stop is requested. A job runs to
 * completion; stop waits for the running one.
 */
#include "server/server_int.h"

#include "common/err.h"
#include "common/log.h"

#include <errno.h>
#include <string.h>
#include <time.h>

uint64_t srv__monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

double srv__now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void srv__bg_add_job(struct srv_background *bg, const char *name, uint64_t interval_ms,
                     void (*fn)(void *arg), void *arg)
{
    if (bg->n_jobs >= SRV_MAX_JOBS) {
        log_error("server", "background: too many jobs, %s not registered", name);
        return;
    }
    struct srv_job *j = &bg->jobs[bg->n_jobs++];
    j->name = name;
    j->interval_ms = interval_ms ? interval_ms : 1000;
    j->fn = fn;
    j->arg = arg;
    j->next_due_ms = 0;
}

static void *bg_main(void *arg)
{
    struct srv_background *bg = arg;
    pthread_setname_np(pthread_self(), "sf-background");
    pthread_mutex_lock(&bg->mu);
    while (!bg->stopping) {
        uint64_t now = srv__monotonic_ms();
        uint64_t next = now + 1000;
        for (int i = 0; i < bg->n_jobs; i++) {
            struct srv_job *j = &bg->jobs[i];
            if (j->next_due_ms <= now) {
                pthread_mutex_unlock(&bg->mu);
                j->fn(j->arg);
                pthread_mutex_lock(&bg->mu);
                now = srv__monotonic_ms();
                j->next_due_ms = now + j->interval_ms;
            }
            if (j->next_due_ms < next)
                next = j->next_due_ms;
        }
        if (bg->stopping)
            break;
        uint64_t wait_ms = next > now ? next - now : 0;
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += (time_t)(wait_ms / 1000);
        deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&bg->cond, &bg->mu, &deadline);
    }
    pthread_mutex_unlock(&bg->mu);
    return NULL;
}

int srv__bg_start(struct srv_background *bg, struct err *err)
{
    pthread_condattr_t ca;
    pthread_mutex_init(&bg->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&bg->cond, &ca);
    pthread_condattr_destroy(&ca);
    bg->stopping = false;
    int rc = pthread_create(&bg->thread, NULL, bg_main, bg);
    if (rc != 0) {
        pthread_cond_destroy(&bg->cond);
        pthread_mutex_destroy(&bg->mu);
        return err_errno(err, rc, "background thread: pthread_create");
    }
    bg->started = true;
    return 0;
}

void srv__bg_stop(struct srv_background *bg)
{
    if (!bg->started)
        return;
    pthread_mutex_lock(&bg->mu);
    bg->stopping = true;
    pthread_cond_signal(&bg->cond);
    pthread_mutex_unlock(&bg->mu);
    pthread_join(bg->thread, NULL);
    pthread_cond_destroy(&bg->cond);
    pthread_mutex_destroy(&bg->mu);
    bg->started = false;
}
