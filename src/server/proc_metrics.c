/* proc_metrics.c — process metrics computed at scrape time from /proc:
 * resident memory, open file descriptors, threads, uptime and build info. */
#include "server/server_int.h"

#include "build_info.h"
#include "common/metrics.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

double srv__proc_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f == NULL)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(f);
    return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

double srv__proc_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    double n = 0;
    if (d == NULL)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* the descriptor opendir itself holds */
}

double srv__proc_threads(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double n = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof(line), f) != NULL)
        if (strncmp(line, "Threads:", 8) == 0) {
            n = (double)atol(line + 8);
            break;
        }
    fclose(f);
    return n;
}

static double fn_rss(void *arg)
{
    return srv__proc_rss_bytes();
}

static double fn_fds(void *arg)
{
    return srv__proc_open_fds();
}

static double fn_threads(void *arg)
{
    return srv__proc_threads();
}

static double fn_uptime(void *arg)
{
    struct srv_node *node = arg;
    return srv__now_seconds() - node->started_at;
}

static double fn_start_time(void *arg)
{
    struct srv_node *node = arg;
    return node->started_at;
}

static double fn_state(void *arg)
{
    return (double)srv_node_state(arg);
}

static double fn_loop_lag(void *arg)
{
    struct srv_node *node = arg;
    return (double)atomic_load(&node->loop_lag_us) / 1e6;
}

void srv__proc_metrics_register(struct srv_node *node)
{
    char labels[512];
    snprintf(labels, sizeof(labels), "version=\"%s\",commit=\"%s\",build_type=\"%s\"", SF_VERSION,
             SF_GIT_COMMIT, SF_BUILD_TYPE);
    met_gauge_set(
        met_gauge_new("shardforge_build_info", "Build of this binary (always 1).", labels), 1);
    snprintf(labels, sizeof(labels), "node_id=\"%lld\"", (long long)node->cfg.cluster.node_id);
    met_gauge_set(met_gauge_new("shardforge_node_info", "This node's id (always 1).", labels), 1);
    met_gauge_fn_new("shardforge_uptime_seconds", "Seconds since the node started.", NULL,
                     fn_uptime, node);
    met_gauge_fn_new("shardforge_node_state",
                     "Node state: 0 starting, 1 serving, 2 draining, 3 stopped.", NULL, fn_state,
                     node);
    met_gauge_fn_new("shardforge_loop_lag_seconds",
                     "Latency of the last task posted to the loop thread.", NULL, fn_loop_lag,
                     node);
    met_gauge_fn_new("process_resident_memory_bytes", "Resident memory size in bytes.", NULL,
                     fn_rss, NULL);
    met_gauge_fn_new("process_open_fds", "Number of open file descriptors.", NULL, fn_fds, NULL);
    met_gauge_fn_new("process_threads", "Number of OS threads in the process.", NULL, fn_threads,
                     NULL);
    met_gauge_fn_new("process_start_time_seconds",
                     "Start time of the process since the unix epoch in seconds.", NULL,
                     fn_start_time, node);
}
