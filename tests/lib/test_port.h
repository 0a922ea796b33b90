/* test_port.h — TCP ports for test nodes on 127.0.0.1.
 *
 * A port "bound to 0, read and released" comes from the kernel's ephemeral
 * range: the kernel may hand the same one out again at once (two nodes of
 * one test on one port), and every outgoing connection takes its source
 * port from that range too, so a node restarted on its old port may find
 * a peer's connection sitting on it. test_free_port picks from below the
 * ephemeral range instead, checks that nothing holds the port now, and
 * never hands a port out twice in one process.
 */
#ifndef SF_TEST_PORT_H
#define SF_TEST_PORT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static inline bool test__port_bindable(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    bool ok = bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(fd);
    return ok;
}

/* A port on 127.0.0.1 that nothing holds now, outside the ephemeral range,
 * never returned before by this process. Aborts when none is found. */
static inline int test_free_port(void)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static unsigned char used[65536 / 8];
    static unsigned seed;
    int lo = 32768, hi = 60999;
    FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
    if (f != NULL) {
        if (fscanf(f, "%d %d", &lo, &hi) != 2)
            lo = 32768, hi = 60999;
        fclose(f);
    }
    /* Below the ephemeral range when there is room, else above it. */
    int first = 10000, last = lo - 1;
    if (last - first < 2000)
        first = hi + 1, last = 65535;
    if (last - first < 100)
        first = 1024, last = 65535;
    pthread_mutex_lock(&mu);
    if (seed == 0)
        seed = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
    int span = last - first + 1, port = -1;
    for (int tries = 0; tries < 4 * span && port < 0; tries++) {
        int p = first + (int)(rand_r(&seed) % (unsigned)span);
        if (used[p / 8] & (1u << (p % 8)))
            continue;
        if (test__port_bindable(p)) {
            used[p / 8] |= (unsigned char)(1u << (p % 8));
            port = p;
        }
    }
    pthread_mutex_unlock(&mu);
    if (port < 0)
        abort();
    return port;
}

#endif
