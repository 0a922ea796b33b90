/* cancel.c — BackendKeyData and CancelRequest (protocol §55.2.7).
 *
 * Every session gets a process-unique pid (a counter: all sessions share
 * one OS process) and a random 32-bit secret. A CancelRequest arrives on a
 * new connection; it sets the cancel flag of the session whose pid AND key
 * match, which the running statement checks (57014 "canceling statement due
 * to user request"). A wrong pair is ignored and logged, as PostgreSQL does;
 * the requester never learns whether it matched. The table is the server's
 * connection list under srv->mu.
 */
#include "pgwire/pgw_int.h"

#include "common/log.h"
#include "common/metrics.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

void pgw__cancel_register(struct pgw_conn *c)
{
    int32_t key = 0;
    if (RAND_bytes((unsigned char *)&key, sizeof(key)) != 1)
        key = (int32_t)(pgw__now_ms() ^ (uint64_t)(uintptr_t)c); /* never 0 in practice */
    int32_t pid = atomic_fetch_add(&c->srv->next_pid, 1) % 0x7fffffff + 1;
    pthread_mutex_lock(&c->srv->mu);
    c->key = key;
    c->pid = pid;
    pthread_mutex_unlock(&c->srv->mu);
}

void pgw__cancel_signal(struct pgw_server *s, int32_t pid, int32_t key)
{
    bool hit = false;
    met_counter_inc(s->m_cancels);
    pthread_mutex_lock(&s->mu);
    for (struct pgw_conn *c = s->conns; c != NULL; c = c->next) {
        if (c->pid != 0 && c->pid == pid) {
            if (CRYPTO_memcmp(&c->key, &key, sizeof(key)) == 0) {
                atomic_store(&c->cancel, true);
                hit = true;
            }
            break;
        }
    }
    pthread_mutex_unlock(&s->mu);
    if (hit)
        log_info("pgwire", "cancel request for session %d", (int)pid);
    else
        log_info("pgwire", "cancel request for session %d did not match any session", (int)pid);
}
