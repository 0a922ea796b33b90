/* loop.c — the loop thread: one libuv loop that will own every Raft group,
 * the internode transport and timers (DESIGN.md §3).
 *
 * Other threads hand it work with srv__loop_post: a task queue under a mutex
 * plus uv_async_send to wake the loop. Only this thread touches uv handles
 * after start-up.
 */
#include "server/server_int.h"

#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"

#include <string.h>

static void run_tasks(uv_async_t *handle)
{
    struct srv_loop *l = handle->data;
    pthread_mutex_lock(&l->mu);
    struct srv_loop_task *t = l->head;
    l->head = l->tail = NULL;
    bool stopping = l->stopping;
    pthread_mutex_unlock(&l->mu);

    while (t != NULL) {
        struct srv_loop_task *next = t->next;
        t->fn(t->arg);
        xfree(t);
        t = next;
    }
    if (stopping)
        uv_close((uv_handle_t *)&l->wakeup, NULL);
}

static void *loop_main(void *arg)
{
    struct srv_loop *l = arg;
    pthread_setname_np(pthread_self(), "sf-loop");
    uv_run(&l->loop, UV_RUN_DEFAULT);
    return NULL;
}

int srv__loop_start(struct srv_loop *l, struct err *err)
{
    int rc;
    memset(l, 0, sizeof(*l));
    pthread_mutex_init(&l->mu, NULL);
    if ((rc = uv_loop_init(&l->loop)) != 0)
        return err_set(err, ERR_INTERNAL, "loop thread: uv_loop_init: %s", uv_strerror(rc));
    if ((rc = uv_async_init(&l->loop, &l->wakeup, run_tasks)) != 0) {
        uv_loop_close(&l->loop);
        return err_set(err, ERR_INTERNAL, "loop thread: uv_async_init: %s", uv_strerror(rc));
    }
    l->wakeup.data = l;
    if ((rc = pthread_create(&l->thread, NULL, loop_main, l)) != 0) {
        uv_close((uv_handle_t *)&l->wakeup, NULL);
        uv_run(&l->loop, UV_RUN_DEFAULT);
        uv_loop_close(&l->loop);
        return err_errno(err, rc, "loop thread: pthread_create");
    }
    l->started = true;
    return 0;
}

int srv__loop_post(struct srv_loop *l, void (*fn)(void *arg), void *arg)
{
    struct srv_loop_task *t = xmalloc(sizeof(*t));
    t->fn = fn;
    t->arg = arg;
    t->next = NULL;
    pthread_mutex_lock(&l->mu);
    if (l->stopping || !l->started) {
        pthread_mutex_unlock(&l->mu);
        xfree(t);
        return ERR_SHUTDOWN;
    }
    if (l->tail)
        l->tail->next = t;
    else
        l->head = t;
    l->tail = t;
    pthread_mutex_unlock(&l->mu);
    uv_async_send(&l->wakeup);
    return 0;
}

void srv__loop_stop(struct srv_loop *l)
{
    if (!l->started)
        return;
    pthread_mutex_lock(&l->mu);
    l->stopping = true;
    pthread_mutex_unlock(&l->mu);
    uv_async_send(&l->wakeup); /* runs what is queued, then closes the handle */
    pthread_join(l->thread, NULL);
    int rc = uv_loop_close(&l->loop);
    if (rc != 0)
        log_warn("server", "loop thread: handles still open at stop: %s", uv_strerror(rc));
    pthread_mutex_destroy(&l->mu);
    l->started = false;
}
