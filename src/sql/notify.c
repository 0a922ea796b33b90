/* notify.c — LISTEN / UNLISTEN / NOTIFY between the sessions of a node
 * (notify.h). One hub: a list of listeners under one leaf mutex, which
 * also guards every listener's channels and inbox (other sessions' commits
 * write them); a listener's pending actions belong to its session thread.
 */
#include "sql/notify.h"

#include "common/err.h"
#include "common/mem.h"

#include <pthread.h>
#include <string.h>

#define CHANNEL_MAX 63 /* PostgreSQL: NAMEDATALEN - 1 */

struct action {
    char kind; /* 'L' LISTEN, 'U' UNLISTEN (channel NULL: all), 'N' NOTIFY */
    char *channel;
    char *payload;
};

struct note {
    struct note *next;
    int32_t pid;
    char *channel;
    char *payload;
};

struct sql_nl {
    struct sql_nl *prev, *next; /* the hub's list */
    char *db;
    int32_t pid;
    void (*wake)(void *);
    void *arg;
    /* under the hub's mutex */
    char **channels;
    size_t nchannels, capchannels;
    struct note *in_head, *in_tail;
    size_t in_n;
    /* the session's own */
    struct action *acts;
    size_t nacts, capacts;
};

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sql_nl *g_head;

struct sql_nl *sql_notify_new(const char *db, int32_t pid, void (*wake)(void *), void *arg)
{
    struct sql_nl *l = xcalloc(1, sizeof(*l));
    l->db = xstrdup(db);
    l->pid = pid;
    l->wake = wake;
    l->arg = arg;
    pthread_mutex_lock(&g_mu);
    l->next = g_head;
    if (g_head != NULL)
        g_head->prev = l;
    g_head = l;
    pthread_mutex_unlock(&g_mu);
    return l;
}

static void drop_actions(struct sql_nl *l, size_t from)
{
    for (size_t i = from; i < l->nacts; i++) {
        xfree(l->acts[i].channel);
        xfree(l->acts[i].payload);
    }
    l->nacts = from;
}

void sql_notify_free(struct sql_nl *l)
{
    if (l == NULL)
        return;
    pthread_mutex_lock(&g_mu);
    if (l->prev != NULL)
        l->prev->next = l->next;
    else
        g_head = l->next;
    if (l->next != NULL)
        l->next->prev = l->prev;
    pthread_mutex_unlock(&g_mu);
    drop_actions(l, 0);
    xfree(l->acts);
    for (size_t i = 0; i < l->nchannels; i++)
        xfree(l->channels[i]);
    xfree(l->channels);
    while (l->in_head != NULL) {
        struct note *n = l->in_head;
        l->in_head = n->next;
        xfree(n->channel);
        xfree(n->payload);
        xfree(n);
    }
    xfree(l->db);
    xfree(l);
}

static int check_channel(const char *channel, struct err *e)
{
    if (channel == NULL || channel[0] == '\0')
        return err_set_state(e, ERR_INVAL, "22023", "channel name cannot be empty");
    if (strlen(channel) > CHANNEL_MAX)
        return err_set_state(e, ERR_INVAL, "22023", "channel name too long");
    return 0;
}

static void push_action(struct sql_nl *l, char kind, const char *channel, const char *payload)
{
    if (l->nacts == l->capacts) {
        l->capacts = l->capacts ? l->capacts * 2 : 8;
        l->acts = xrealloc(l->acts, l->capacts * sizeof(*l->acts));
    }
    l->acts[l->nacts++] =
        (struct action){kind, channel ? xstrdup(channel) : NULL, payload ? xstrdup(payload) : NULL};
}

int sql_notify_listen(struct sql_nl *l, const char *channel, struct err *e)
{
    int rc = check_channel(channel, e);
    if (rc == 0)
        push_action(l, 'L', channel, NULL);
    return rc;
}

int sql_notify_unlisten(struct sql_nl *l, const char *channel, struct err *e)
{
    int rc = channel != NULL ? check_channel(channel, e) : 0;
    if (rc == 0)
        push_action(l, 'U', channel, NULL);
    return rc;
}

int sql_notify_notify(struct sql_nl *l, const char *channel, const char *payload, struct err *e)
{
    int rc = check_channel(channel, e);
    if (rc != 0)
        return rc;
    if (payload != NULL && strlen(payload) > SQL_NOTIFY_PAYLOAD_MAX)
        return err_set_state(e, ERR_INVAL, "22023", "payload string too long");
    /* A repeat of a channel and payload already signaled is folded. */
    for (size_t i = 0; i < l->nacts; i++)
        if (l->acts[i].kind == 'N' && strcmp(l->acts[i].channel, channel) == 0 &&
            strcmp(l->acts[i].payload, payload ? payload : "") == 0)
            return 0;
    push_action(l, 'N', channel, payload ? payload : "");
    return 0;
}

size_t sql_notify_mark(const struct sql_nl *l)
{
    return l != NULL ? l->nacts : 0;
}

void sql_notify_rollback_to(struct sql_nl *l, size_t mark)
{
    if (l != NULL && mark <= l->nacts)
        drop_actions(l, mark);
}

static long channel_at(const struct sql_nl *l, const char *channel)
{
    for (size_t i = 0; i < l->nchannels; i++)
        if (strcmp(l->channels[i], channel) == 0)
            return (long)i;
    return -1;
}

/* Would m listen on channel once l's actions applied (m == l: with them)? */
static bool will_listen(const struct sql_nl *m, const struct sql_nl *l, const char *channel)
{
    bool on = channel_at(m, channel) >= 0;
    if (m != l)
        return on;
    for (size_t i = 0; i < l->nacts; i++) {
        const struct action *a = &l->acts[i];
        if (a->kind == 'L' && strcmp(a->channel, channel) == 0)
            on = true;
        else if (a->kind == 'U' && (a->channel == NULL || strcmp(a->channel, channel) == 0))
            on = false;
    }
    return on;
}

int sql_notify_precommit(struct sql_nl *l, struct err *e)
{
    if (l == NULL || l->nacts == 0)
        return 0;
    int rc = 0;
    pthread_mutex_lock(&g_mu);
    for (struct sql_nl *m = g_head; m != NULL && rc == 0; m = m->next) {
        if (strcmp(m->db, l->db) != 0)
            continue;
        size_t n = 0;
        for (size_t i = 0; i < l->nacts; i++)
            n += l->acts[i].kind == 'N' && will_listen(m, l, l->acts[i].channel);
        if (n > 0 && m->in_n + n > SQL_NOTIFY_INBOX_MAX)
            rc = err_set_state(e, ERR_LIMIT, "54000", "too many notifications in the NOTIFY queue");
    }
    pthread_mutex_unlock(&g_mu);
    return rc;
}

static void apply_listen(struct sql_nl *l, const struct action *a)
{
    if (a->kind == 'L') {
        if (channel_at(l, a->channel) >= 0)
            return;
        if (l->nchannels == l->capchannels) {
            l->capchannels = l->capchannels ? l->capchannels * 2 : 4;
            l->channels = xrealloc(l->channels, l->capchannels * sizeof(*l->channels));
        }
        l->channels[l->nchannels++] = xstrdup(a->channel);
        return;
    }
    for (size_t i = 0; i < l->nchannels;) {
        if (a->channel == NULL || strcmp(l->channels[i], a->channel) == 0) {
            xfree(l->channels[i]);
            l->channels[i] = l->channels[--l->nchannels];
        } else {
            i++;
        }
    }
}

void sql_notify_txn_end(struct sql_nl *l, bool committed)
{
    if (l == NULL || l->nacts == 0)
        return;
    if (!committed) {
        drop_actions(l, 0);
        return;
    }
    pthread_mutex_lock(&g_mu);
    for (size_t i = 0; i < l->nacts; i++)
        if (l->acts[i].kind != 'N')
            apply_listen(l, &l->acts[i]);
    for (struct sql_nl *m = g_head; m != NULL; m = m->next) {
        if (strcmp(m->db, l->db) != 0)
            continue;
        bool got = false;
        for (size_t i = 0; i < l->nacts; i++) {
            const struct action *a = &l->acts[i];
            if (a->kind != 'N' || channel_at(m, a->channel) < 0)
                continue;
            struct note *n = xcalloc(1, sizeof(*n));
            n->pid = l->pid;
            n->channel = xstrdup(a->channel);
            n->payload = xstrdup(a->payload);
            if (m->in_tail != NULL)
                m->in_tail->next = n;
            else
                m->in_head = n;
            m->in_tail = n;
            m->in_n++;
            got = true;
        }
        if (got && m->wake != NULL)
            m->wake(m->arg);
    }
    pthread_mutex_unlock(&g_mu);
    drop_actions(l, 0);
}

bool sql_notify_take(struct sql_nl *l, struct mem_ctx *ctx, int32_t *pid, const char **channel,
                     const char **payload)
{
    if (l == NULL)
        return false;
    pthread_mutex_lock(&g_mu);
    struct note *n = l->in_head;
    if (n != NULL) {
        l->in_head = n->next;
        if (l->in_head == NULL)
            l->in_tail = NULL;
        l->in_n--;
    }
    pthread_mutex_unlock(&g_mu);
    if (n == NULL)
        return false;
    *pid = n->pid;
    *channel = mem_strdup(ctx, n->channel);
    *payload = mem_strdup(ctx, n->payload);
    xfree(n->channel);
    xfree(n->payload);
    xfree(n);
    return true;
}

bool sql_notify_listening(const struct sql_nl *l)
{
    if (l == NULL)
        return false;
    pthread_mutex_lock(&g_mu);
    bool on = l->nchannels > 0 || l->in_head != NULL;
    pthread_mutex_unlock(&g_mu);
    return on;
}

size_t sql_notify_channels(const struct sql_nl *l, struct mem_ctx *ctx, const char ***out)
{
    *out = NULL;
    if (l == NULL)
        return 0;
    pthread_mutex_lock(&g_mu);
    size_t n = l->nchannels;
    const char **v = mem_alloc(ctx, sizeof(*v) * (n + 1));
    for (size_t i = 0; i < n; i++)
        v[i] = mem_strdup(ctx, l->channels[i]);
    pthread_mutex_unlock(&g_mu);
    *out = v;
    return n;
}
