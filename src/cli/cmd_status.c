/* cmd_status.c — `shardforge status` and `shardforge health`: ask a running
 * node's admin HTTP server. */
#include "cli/cli.h"

#include "common/config.h"
#include "common/err.h"
#include "common/str.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define HTTP_TIMEOUT_MS 5000

static const struct cli_flag status_flags[] = {
    {"http", "HOST:PORT", "admin HTTP address of the node (default: from the config)", false},
    {"config", "FILE", "config file to read the admin address from", false},
    {"data-dir", "DIR", "data directory whose shardforge.toml names the admin address", false},
    {"detailed", NULL, "also show process details and per-range state", false},
    {"json", NULL, "print the status document as JSON", false},
};

const struct cli_command cli_status_cmd = {
    .name = "status",
    .summary = "Show a running node's identity, addresses, uptime, ranges and leaders.",
    .usage = "[--http HOST:PORT | --config FILE | --data-dir DIR] [--detailed] [--json]",
    .description = NULL,
    .flags = status_flags,
    .n_flags = sizeof(status_flags) / sizeof(status_flags[0]),
    .max_positional = 0,
};

static const struct cli_flag health_flags[] = {
    {"http", "HOST:PORT", "admin HTTP address of the node (default: from the config)", false},
    {"config", "FILE", "config file to read the admin address from", false},
    {"data-dir", "DIR", "data directory whose shardforge.toml names the admin address", false},
};

const struct cli_command cli_health_cmd = {
    .name = "health",
    .summary = "Exit 0 when the node answers /health, 1 otherwise.",
    .usage = "[--http HOST:PORT | --config FILE | --data-dir DIR]",
    .description = NULL,
    .flags = health_flags,
    .n_flags = sizeof(health_flags) / sizeof(health_flags[0]),
    .max_positional = 0,
};

/* The admin address from --http or the config. */
static int admin_address(const struct cli_command *cmd, const struct cli_args *args, char *host,
                         size_t cap, int *port)
{
    const char *http = cli_get(cmd, args, "http");
    if (http != NULL) {
        if (str_parse_hostport(http, host, cap, port) != 0) {
            cli_error(cmd->name, "--http: expected HOST:PORT, got \"%s\"", http);
            return CLI_EXIT_USAGE;
        }
        return 0;
    }
    char path[PATH_MAX];
    struct cfg c;
    struct err err = {0};
    cli_config_path(cli_get(cmd, args, "config"), cli_get(cmd, args, "data-dir"), path,
                    sizeof(path));
    if (cli_load_config(&c, path, &err) != 0) {
        cli_error(cmd->name, "%s", err.msg);
        return CLI_EXIT_FAIL;
    }
    snprintf(host, cap, "%s", c.monitoring.http_address);
    *port = (int)c.monitoring.metrics_port;
    return 0;
}

static void fmt_duration(double s, char *out, size_t cap)
{
    long t = (long)s;
    if (t < 60)
        snprintf(out, cap, "%lds", t);
    else if (t < 3600)
        snprintf(out, cap, "%ldm %lds", t / 60, t % 60);
    else if (t < 86400)
        snprintf(out, cap, "%ldh %ldm", t / 3600, (t % 3600) / 60);
    else
        snprintf(out, cap, "%ldd %ldh", t / 86400, (t % 86400) / 3600);
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "?";
}

static void print_human(json_t *root, bool detailed)
{
    char up[64];
    json_t *addrs = json_object_get(root, "addresses");
    fmt_duration(json_number_value(json_object_get(root, "uptime_seconds")), up, sizeof(up));
    printf("%-16s %lld\n", "node", (long long)json_integer_value(json_object_get(root, "node_id")));
    printf("%-16s %s (%s)\n", "cluster", jstr(root, "cluster_name"), jstr(root, "cluster_id"));
    printf("%-16s %s\n", "state", jstr(root, "state"));
    printf("%-16s %s (commit %s)\n", "version", jstr(root, "version"), jstr(root, "commit"));
    printf("%-16s %s\n", "uptime", up);
    printf("%-16s %s\n", "data directory", jstr(root, "data_directory"));
    printf("%-16s %s\n", "sql", jstr(addrs, "sql"));
    printf("%-16s %s\n", "internode", jstr(addrs, "internode"));
    printf("%-16s %s\n", "admin", jstr(addrs, "admin"));
    printf("%-16s %s\n", "storage", jstr(json_object_get(root, "storage"), "engine"));
    json_t *ranges = json_object_get(root, "ranges");
    size_t nr = json_array_size(ranges);
    if (nr == 0) {
        printf("%-16s none\n", "ranges");
    } else {
        printf("%-16s %zu\n", "ranges", nr);
        if (detailed) {
            printf("\n  %-8s %-10s %-10s %s\n", "range", "leader", "applied", "span");
            for (size_t i = 0; i < nr; i++) {
                json_t *r = json_array_get(ranges, i);
                printf("  %-8lld %-10lld %-10lld [%s, %s)\n",
                       (long long)json_integer_value(json_object_get(r, "range_id")),
                       (long long)json_integer_value(json_object_get(r, "leader")),
                       (long long)json_integer_value(json_object_get(r, "applied_index")),
                       jstr(r, "start"), jstr(r, "end"));
            }
        }
    }
    json_t *proc = json_object_get(root, "process");
    if (detailed && proc != NULL) {
        printf("%-16s %d\n", "pid", (int)json_integer_value(json_object_get(root, "pid")));
        printf("%-16s %.1f MiB\n", "memory (RSS)",
               json_number_value(json_object_get(proc, "rss_bytes")) / (1024.0 * 1024.0));
        printf("%-16s %.0f\n", "threads", json_number_value(json_object_get(proc, "threads")));
        printf("%-16s %.0f\n", "open fds", json_number_value(json_object_get(proc, "open_fds")));
        printf("%-16s %.3f ms\n", "loop lag",
               json_number_value(json_object_get(proc, "loop_lag_seconds")) * 1000.0);
        printf("%-16s %s\n", "config file", jstr(root, "config_file"));
    }
}

int cli_cmd_status(int argc, char **argv)
{
    const struct cli_command *cmd = &cli_status_cmd;
    struct cli_args args;
    struct err err = {0};
    char host[256];
    int port = 0, status = 0;
    int rc = cli_parse(cmd, argc, argv, &args);
    if (rc != 0)
        return rc;
    if (args.help) {
        cli_print_help(cmd);
        return CLI_EXIT_OK;
    }
    if ((rc = admin_address(cmd, &args, host, sizeof(host), &port)) != 0)
        return rc;
    bool detailed = cli_has(cmd, &args, "detailed");
    struct sbuf body;
    sbuf_init(&body);
    rc = cli_http_get(host, port, detailed ? "/status?detailed=1" : "/status", HTTP_TIMEOUT_MS,
                      &status, &body, &err);
    if (rc != 0) {
        cli_error(cmd->name,
                  "cannot reach the node's admin HTTP at %s:%d: %s (is it running? "
                  "pass --http HOST:PORT)",
                  host, port, err.msg);
        sbuf_free(&body);
        return CLI_EXIT_FAIL;
    }
    if (status != 200) {
        cli_error(cmd->name, "%s:%d/status answered HTTP %d", host, port, status);
        sbuf_free(&body);
        return CLI_EXIT_FAIL;
    }
    if (cli_has(cmd, &args, "json")) {
        fputs(body.data, stdout);
        sbuf_free(&body);
        return CLI_EXIT_OK;
    }
    json_error_t jerr;
    json_t *root = json_loadb(body.data, body.len, 0, &jerr);
    sbuf_free(&body);
    if (root == NULL || !json_is_object(root)) {
        cli_error(cmd->name, "%s:%d/status: invalid JSON: %s", host, port, jerr.text);
        json_decref(root);
        return CLI_EXIT_FAIL;
    }
    print_human(root, detailed);
    json_decref(root);
    return CLI_EXIT_OK;
}

int cli_cmd_health(int argc, char **argv)
{
    const struct cli_command *cmd = &cli_health_cmd;
    struct cli_args args;
    struct err err = {0};
    char host[256];
    int port = 0, status = 0;
    int rc = cli_parse(cmd, argc, argv, &args);
    if (rc != 0)
        return rc;
    if (args.help) {
        cli_print_help(cmd);
        return CLI_EXIT_OK;
    }
    if ((rc = admin_address(cmd, &args, host, sizeof(host), &port)) != 0)
        return rc;
    struct sbuf body;
    sbuf_init(&body);
    rc = cli_http_get(host, port, "/health", HTTP_TIMEOUT_MS, &status, &body, &err);
    sbuf_free(&body);
    if (rc != 0) {
        cli_error(cmd->name, "unhealthy: cannot reach %s:%d: %s", host, port, err.msg);
        return CLI_EXIT_FAIL;
    }
    if (status != 200) {
        cli_error(cmd->name, "unhealthy: %s:%d/health answered HTTP %d", host, port, status);
        return CLI_EXIT_FAIL;
    }
    printf("ok: node at %s:%d is healthy\n", host, port);
    return CLI_EXIT_OK;
}
