/* cmd_start.c — `shardforge start`: run a node in the foreground.
 *
 * Signals are blocked in every thread (the mask is set before any thread
 * starts) and taken synchronously by the main thread with sigwait:
 * SIGTERM/SIGINT stop the node gracefully (bounded by a 10 s watchdog),
 * SIGHUP reloads the reloadable settings and says what changed.
 */
#include "cli/cli.h"

#include "build_info.h"
#include "common/config.h"
#include "common/err.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/str.h"
#include "server/server.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli__apply_http_listen(struct cfg *c, const char *value, struct err *err);
int cli__apply_sets(const struct cli_command *cmd, const struct cli_args *args, struct cfg *c,
                    struct err *err);

#define SHUTDOWN_BUDGET_SEC 10

static const struct cli_flag start_flags[] = {
    {"config", "FILE", "config file (default: DIR/shardforge.toml of --data-dir)", false},
    {"data-dir", "DIR", "data directory; its shardforge.toml is the config file", false},
    {"listen", "HOST:PORT", "internode (Raft) address (cluster.bind_address)", false},
    {"sql-listen", "HOST:PORT", "PostgreSQL protocol address (cluster.sql_address)", false},
    {"http-listen", "HOST:PORT", "admin HTTP address (monitoring.http_address/metrics_port)",
     false},
    {"log-level", "LEVEL", "debug, info, warn or error (monitoring.log_level)", false},
    {"set", "KEY=VALUE", "any config key, e.g. --set raft.election_timeout_ms=2000", true},
    {"print-config", NULL, "print the effective config with the source of each value and exit",
     false},
};

const struct cli_command cli_start_cmd = {
    .name = "start",
    .summary = "Run a node in the foreground until SIGTERM or SIGINT.",
    .usage = "(--config FILE | --data-dir DIR) [flags]",
    .description =
        "Settings are layered: built-in defaults < config file < environment\n"
        "(SHARDFORGE_<SECTION>_<KEY>, e.g. SHARDFORGE_MONITORING_LOG_LEVEL=debug) < flags.\n"
        "Without --config/--data-dir, $SHARDFORGE_CONFIG, $SHARDFORGE_DATA_DIR or\n"
        "./data/shardforge.toml is used. SIGHUP reloads monitoring.log_level and\n"
        "monitoring.structured_logging.",
    .flags = start_flags,
    .n_flags = sizeof(start_flags) / sizeof(start_flags[0]),
    .max_positional = 0,
};

/* Build the effective config: file + env + this command's flags. */
static int build_config(const struct cli_command *cmd, const struct cli_args *args,
                        const char *path, struct cfg *c, struct err *err)
{
    int rc = cli_load_config(c, path, err);
    if (rc != 0)
        return rc;
    const char *dd = cli_get(cmd, args, "data-dir");
    if (dd != NULL && cli_get(cmd, args, "config") == NULL) {
        char abs[PATH_MAX];
        if (dd[0] != '/' && realpath(dd, abs) != NULL)
            dd = abs;
        rc = cfg_set(c, "cluster.data_directory", dd, CFG_SRC_FLAG, err);
        if (rc != 0)
            return rc;
    } else if (dd != NULL) {
        rc = cfg_set(c, "cluster.data_directory", dd, CFG_SRC_FLAG, err);
        if (rc != 0)
            return rc;
    }
    if (cli_get(cmd, args, "listen") &&
        (rc = cfg_set(c, "cluster.bind_address", cli_get(cmd, args, "listen"), CFG_SRC_FLAG,
                      err)) != 0)
        return err_prefix(err, "--listen");
    if (cli_get(cmd, args, "sql-listen") &&
        (rc = cfg_set(c, "cluster.sql_address", cli_get(cmd, args, "sql-listen"), CFG_SRC_FLAG,
                      err)) != 0)
        return err_prefix(err, "--sql-listen");
    if (cli_get(cmd, args, "log-level") &&
        (rc = cfg_set(c, "monitoring.log_level", cli_get(cmd, args, "log-level"), CFG_SRC_FLAG,
                      err)) != 0)
        return err_prefix(err, "--log-level");
    if (cli_get(cmd, args, "http-listen") &&
        (rc = cli__apply_http_listen(c, cli_get(cmd, args, "http-listen"), err)) != 0)
        return rc;
    if ((rc = cli__apply_sets(cmd, args, c, err)) != 0)
        return rc;
    cli_absolutize_data_dir(c, path);
    return cfg_validate(c, err);
}

static void *watchdog(void *arg)
{
    sleep(SHUTDOWN_BUDGET_SEC);
    log_error("server", "shutdown did not finish within %d s; exiting now", SHUTDOWN_BUDGET_SEC);
    _exit(1);
    return NULL;
}

static void print_banner(struct srv_node *node, const struct cfg *c, const char *path)
{
    char host[256];
    int port = 0;
    printf("ShardForge %s (commit %s, %s build)\n", SF_VERSION, SF_GIT_COMMIT, SF_BUILD_TYPE);
    printf("  node %lld of cluster \"%s\" (id %s)\n", (long long)c->cluster.node_id,
           c->cluster.name, c->cluster.cluster_id[0] ? c->cluster.cluster_id : "?");
    printf("  data directory  %s\n", c->cluster.data_directory);
    if (path[0])
        printf("  config file     %s\n", path);
    printf("  admin HTTP      %s  (/health /ready /metrics /status)\n", srv_node_admin_url(node));
    if (str_parse_hostport(c->cluster.sql_address, host, sizeof(host), &port) == 0)
        printf("  SQL             psql -h %s -p %d -U shardforge shardforge\n", host, port);
    printf("  internode       %s\n", c->cluster.bind_address);
    printf("  pid             %ld  (stop with Ctrl-C or kill -TERM %ld)\n", (long)getpid(),
           (long)getpid());
    printf("ShardForge is ready.\n");
    fflush(stdout);
}

int cli_cmd_start(int argc, char **argv)
{
    const struct cli_command *cmd = &cli_start_cmd;
    struct cli_args args;
    struct err err = {0};
    struct cfg c;
    char path[PATH_MAX];
    int rc = cli_parse(cmd, argc, argv, &args);
    if (rc != 0)
        return rc;
    if (args.help) {
        cli_print_help(cmd);
        return CLI_EXIT_OK;
    }
    cli_config_path(cli_get(cmd, &args, "config"), cli_get(cmd, &args, "data-dir"), path,
                    sizeof(path));
    if (path[0] == '\0') {
        cli_error(cmd->name, "no config file: pass --config FILE or --data-dir DIR (create one "
                             "with: shardforge init --single-node --data-dir DIR)");
        return CLI_EXIT_USAGE;
    }
    if (access(path, F_OK) != 0) {
        cli_error(cmd->name,
                  "config file %s does not exist (create a data directory with: shardforge init "
                  "--single-node --data-dir DIR)",
                  path);
        return CLI_EXIT_FAIL;
    }
    char abs_path[PATH_MAX];
    if (realpath(path, abs_path) != NULL)
        snprintf(path, sizeof(path), "%s", abs_path);
    rc = build_config(cmd, &args, path, &c, &err);
    if (rc != 0) {
        cli_error(cmd->name, "%s", err.msg);
        return CLI_EXIT_FAIL;
    }
    if (cli_has(cmd, &args, "print-config")) {
        struct sbuf b;
        sbuf_init(&b);
        cfg_print(&c, &b);
        fputs(b.data, stdout);
        sbuf_free(&b);
        return CLI_EXIT_OK;
    }

    log_init(2, (enum log_level)log_level_parse(c.monitoring.log_level),
             c.monitoring.structured_logging);

    /* Block the signals we wait for in every thread, before any starts. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct srv_node *node = NULL;
    rc = srv_node_start(&c, path, &node, &err);
    if (rc != 0) {
        cli_error(cmd->name, "%s", err.msg);
        met_registry_reset();
        return CLI_EXIT_FAIL;
    }
    log_msg(LOG_INFO, "server", "ready", "admin", srv_node_admin_url(node), "data_directory",
            c.cluster.data_directory, NULL);
    print_banner(node, &c, path);

    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            struct cfg next;
            struct err rerr = {0};
            if (build_config(cmd, &args, path, &next, &rerr) != 0) {
                log_error("server", "reload failed, keeping the current settings: %s", rerr.msg);
                continue;
            }
            struct sbuf what;
            sbuf_init(&what);
            int n = srv_node_reload(node, &next, &what);
            /* One log line per change, and a summary. */
            char *save = NULL;
            for (char *line = strtok_r(what.data, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save))
                log_info("server", "reload: %s", line);
            log_info("server", "reload: %d setting%s changed", n, n == 1 ? "" : "s");
            sbuf_free(&what);
            continue;
        }
        log_info("server", "received %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
        break;
    }

    pthread_t wd;
    if (pthread_create(&wd, NULL, watchdog, NULL) == 0)
        pthread_detach(wd);
    srv_node_stop(node);
    met_registry_reset();
    log_info("server", "stopped");
    return CLI_EXIT_OK;
}
