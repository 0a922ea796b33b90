/* cmd_init.c — `shardforge init`: create and bootstrap a data directory.
 *
 * Order of writes: the directory, shardforge.toml, then CLUSTER last — the
 * CLUSTER file is the commit point that marks the directory initialised. On
 * any failure what this run created is removed again, so a failed init never
 * leaves a half-written directory behind.
 */
#include "cli/cli.h"

#include "common/config.h"
#include "common/err.h"
#include "common/str.h"
#include "pgwire/pgwire.h"
#include "server/server.h"
#include "sql/sql.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct cli_flag init_flags[] = {
    {"single-node", NULL, "bootstrap a one-node cluster (required: multi-node init comes later)",
     false},
    {"data-dir", "DIR", "data directory to create (required)", false},
    {"listen", "HOST:PORT", "internode (Raft) address (cluster.bind_address)", false},
    {"sql-listen", "HOST:PORT", "PostgreSQL protocol address (cluster.sql_address)", false},
    {"http-listen", "HOST:PORT", "admin HTTP address (monitoring.http_address/metrics_port)",
     false},
    {"cluster-name", "NAME", "cluster name (cluster.name)", false},
    {"set", "KEY=VALUE", "any config key, e.g. --set raft.election_timeout_ms=2000", true},
    {"force", NULL, "replace an existing cluster in DIR (its data is deleted)", false},
    {"user", "NAME", "name of the initial superuser (default shardforge)", false},
    {"password-file", "FILE", "give the initial superuser the password in FILE (first line)",
     false},
    {"generate-certs", NULL, "write a self-signed TLS certificate and key into DIR and enable TLS",
     false},
};

const struct cli_command cli_init_cmd = {
    .name = "init",
    .summary = "Create a data directory with a config file and bootstrap a new cluster.",
    .usage = "--single-node --data-dir DIR [flags]",
    .description = "Writes DIR/shardforge.toml (every setting, commented) and DIR/CLUSTER (the\n"
                   "cluster id and node id). Refuses a directory that already holds a cluster\n"
                   "unless --force is given, and a non-empty directory that is not ShardForge's.",
    .flags = init_flags,
    .n_flags = sizeof(init_flags) / sizeof(init_flags[0]),
    .max_positional = 0,
};

/* Set host and port of the admin server from "HOST:PORT". */
int cli__apply_http_listen(struct cfg *c, const char *value, struct err *err);
int cli__apply_http_listen(struct cfg *c, const char *value, struct err *err)
{
    char host[256];
    int port;
    char portstr[16];
    if (str_parse_hostport(value, host, sizeof(host), &port) != 0)
        return err_set(err, ERR_CONFIG, "--http-listen: expected HOST:PORT, got \"%s\"", value);
    snprintf(portstr, sizeof(portstr), "%d", port);
    int rc = cfg_set(c, "monitoring.http_address", host, CFG_SRC_FLAG, err);
    if (rc == 0)
        rc = cfg_set(c, "monitoring.metrics_port", portstr, CFG_SRC_FLAG, err);
    return rc;
}

/* Apply --set KEY=VALUE flags. */
int cli__apply_sets(const struct cli_command *cmd, const struct cli_args *args, struct cfg *c,
                    struct err *err);
int cli__apply_sets(const struct cli_command *cmd, const struct cli_args *args, struct cfg *c,
                    struct err *err)
{
    int set_idx = cli_flag_index(cmd, "set");
    for (int i = 0; i < args->n_multi; i++) {
        if (args->multi_flag[i] != set_idx)
            continue;
        const char *kv = args->multi_value[i];
        const char *eq = strchr(kv, '=');
        if (eq == NULL || eq == kv)
            return err_set(err, ERR_CONFIG, "--set: expected KEY=VALUE, got \"%s\"", kv);
        char key[128];
        size_t n = (size_t)(eq - kv);
        if (n >= sizeof(key))
            return err_set(err, ERR_CONFIG, "--set: key too long in \"%s\"", kv);
        memcpy(key, kv, n);
        key[n] = '\0';
        int rc = cfg_set(c, key, eq + 1, CFG_SRC_FLAG, err);
        if (rc != 0)
            return err_prefix(err, "--set");
    }
    return 0;
}

#define INIT_AUTH_RULES                                                                       \
    "local all all trust, host all all 127.0.0.1/32 trust, host all all ::1/128 trust, host " \
    "all all all scram-sha-256"

/* The first line of path (without its newline) as a SCRAM secret in out. */
static int read_password(const char *path, struct sbuf *out, struct err *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return err_errno(err, errno, "open %s", path);
    char line[1024];
    if (fgets(line, sizeof(line), f) == NULL) {
        fclose(f);
        return err_set(err, ERR_INVAL, "%s is empty", path);
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0')
        return err_set(err, ERR_INVAL, "%s: the password is empty", path);
    int rc = pgw_password_secret(line, out, err);
    memset(line, 0, sizeof(line));
    return rc;
}

/* What a directory holds: 0 absent or empty, 1 only leftovers of a failed
 * init (shardforge.toml, temp files), 2 foreign content. */
static int dir_contents(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int kind = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strcmp(e->d_name, SRV_CONFIG_FILE) == 0 || strstr(e->d_name, ".tmp.") != NULL) {
            if (kind < 1)
                kind = 1;
        } else {
            kind = 2;
        }
    }
    closedir(d);
    return kind;
}

/* Remove everything inside dir (not dir itself). */
static int wipe_dir(const char *dir, struct err *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return err_errno(err, errno, "open %s", dir);
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL && rc == 0) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = wipe_dir(path, err);
            if (rc == 0 && rmdir(path) != 0)
                rc = err_errno(err, errno, "remove %s", path);
        } else if (unlink(path) != 0) {
            rc = err_errno(err, errno, "remove %s", path);
        }
    }
    closedir(d);
    return rc;
}

static int mkdir_p(const char *dir, bool *created, struct err *err)
{
    char tmp[PATH_MAX];
    struct stat st;
    *created = false;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return err_set(err, ERR_EXISTS, "%s exists and is not a directory", dir);
        return 0;
    }
    snprintf(tmp, sizeof(tmp), "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return err_errno(err, errno, "create %s", tmp);
        *p = '/';
    }
    if (mkdir(tmp, 0700) != 0)
        return err_errno(err, errno, "create %s", tmp);
    *created = true;
    return 0;
}

int cli_cmd_init(int argc, char **argv)
{
    const struct cli_command *cmd = &cli_init_cmd;
    struct cli_args args;
    struct err err = {0};
    struct cfg c;
    int rc = cli_parse(cmd, argc, argv, &args);
    if (rc != 0)
        return rc;
    if (args.help) {
        cli_print_help(cmd);
        return CLI_EXIT_OK;
    }
    const char *data_dir = cli_get(cmd, &args, "data-dir");
    if (data_dir == NULL || data_dir[0] == '\0') {
        cli_error(cmd->name, "--data-dir DIR is required");
        fprintf(stderr, "Run 'shardforge init --help' for usage.\n");
        return CLI_EXIT_USAGE;
    }
    if (!cli_has(cmd, &args, "single-node")) {
        cli_error(cmd->name, "only --single-node is supported so far (SQLSTATE 0A000: "
                             "multi-node bootstrap is not supported yet)");
        return CLI_EXIT_USAGE;
    }

    /* Absolute data directory. */
    char abs_dir[PATH_MAX];
    if (data_dir[0] == '/') {
        snprintf(abs_dir, sizeof(abs_dir), "%s", data_dir);
    } else {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof(cwd)) == NULL) {
            cli_error(cmd->name, "cannot read the working directory: %s", strerror(errno));
            return CLI_EXIT_FAIL;
        }
        const char *rel = data_dir;
        while (rel[0] == '.' && rel[1] == '/')
            rel += 2;
        snprintf(abs_dir, sizeof(abs_dir), "%s/%s", cwd, rel);
    }
    size_t L = strlen(abs_dir);
    while (L > 1 && abs_dir[L - 1] == '/')
        abs_dir[--L] = '\0';

    cfg_defaults(&c);
    char uuid[37];
    srv_uuid_new(uuid);
    rc = cfg_set(&c, "cluster.data_directory", abs_dir, CFG_SRC_FLAG, &err);
    if (rc == 0)
        rc = cfg_set(&c, "cluster.cluster_id", uuid, CFG_SRC_FLAG, &err);
    if (rc == 0 && cli_get(cmd, &args, "listen"))
        rc = cfg_set(&c, "cluster.bind_address", cli_get(cmd, &args, "listen"), CFG_SRC_FLAG, &err);
    if (rc == 0 && cli_get(cmd, &args, "sql-listen"))
        rc = cfg_set(&c, "cluster.sql_address", cli_get(cmd, &args, "sql-listen"), CFG_SRC_FLAG,
                     &err);
    if (rc == 0 && cli_get(cmd, &args, "cluster-name"))
        rc = cfg_set(&c, "cluster.name", cli_get(cmd, &args, "cluster-name"), CFG_SRC_FLAG, &err);
    if (rc == 0 && cli_get(cmd, &args, "http-listen"))
        rc = cli__apply_http_listen(&c, cli_get(cmd, &args, "http-listen"), &err);
    /* A single node trusts its own machine and asks everyone else for a
     * password (--set security.auth_rules=... replaces these). */
    if (rc == 0)
        rc = cfg_set(&c, "security.auth_rules", INIT_AUTH_RULES, CFG_SRC_FLAG, &err);
    char cert_path[PATH_MAX + 16], key_path[PATH_MAX + 16];
    snprintf(cert_path, sizeof(cert_path), "%s/server.crt", abs_dir);
    snprintf(key_path, sizeof(key_path), "%s/server.key", abs_dir);
    bool gen_certs = cli_has(cmd, &args, "generate-certs");
    if (rc == 0 && gen_certs) {
        rc = cfg_set(&c, "security.tls_enabled", "true", CFG_SRC_FLAG, &err);
        if (rc == 0)
            rc = cfg_set(&c, "security.certificate_path", cert_path, CFG_SRC_FLAG, &err);
        if (rc == 0)
            rc = cfg_set(&c, "security.private_key_path", key_path, CFG_SRC_FLAG, &err);
    }
    if (rc == 0)
        rc = cli__apply_sets(cmd, &args, &c, &err);
    if (rc == 0)
        rc = cfg_validate(&c, &err);
    if (rc != 0) {
        cli_error(cmd->name, "%s", err.msg);
        return CLI_EXIT_FAIL;
    }

    /* The initial superuser and its password. */
    const char *user = cli_get(cmd, &args, "user") ? cli_get(cmd, &args, "user") : SQL_DEFAULT_NAME;
    if (user[0] == '\0' || strlen(user) > SQL_NAME_MAX) {
        cli_error(cmd->name, "--user: a role name has 1 to %d bytes", SQL_NAME_MAX);
        return CLI_EXIT_USAGE;
    }
    struct sbuf secret;
    sbuf_init(&secret);
    if (cli_get(cmd, &args, "password-file") != NULL &&
        read_password(cli_get(cmd, &args, "password-file"), &secret, &err) != 0) {
        cli_error(cmd->name, "--password-file: %s", err.msg);
        sbuf_free(&secret);
        return CLI_EXIT_FAIL;
    }

    /* What is there already? */
    struct srv_cluster_id existing;
    struct err rerr = {0};
    int have = srv_cluster_read(abs_dir, &existing, &rerr);
    bool force = cli_has(cmd, &args, "force");
    if (have == 0 || have == ERR_CORRUPT || have == ERR_UNSUPPORTED) {
        if (!force) {
            if (have == 0)
                cli_error(cmd->name,
                          "%s already holds cluster %s (node %lld); refusing to overwrite it "
                          "(pass --force to delete it and create a new cluster)",
                          abs_dir, existing.cluster_id, (long long)existing.node_id);
            else
                cli_error(cmd->name,
                          "%s holds a damaged or unknown cluster (%s); refusing to touch it "
                          "(pass --force to delete it and create a new cluster)",
                          abs_dir, rerr.msg);
            return CLI_EXIT_FAIL;
        }
        long pid = 0;
        if (srv_datadir_in_use(abs_dir, &pid)) {
            cli_error(cmd->name, "%s is in use by a running shardforge (pid %ld); stop it first",
                      abs_dir, pid);
            return CLI_EXIT_FAIL;
        }
        if (wipe_dir(abs_dir, &err) != 0) {
            cli_error(cmd->name, "--force: %s", err.msg);
            return CLI_EXIT_FAIL;
        }
    } else if (dir_contents(abs_dir) == 2) {
        cli_error(cmd->name,
                  "%s is not empty and is not a ShardForge data directory; choose an empty or "
                  "new directory",
                  abs_dir);
        return CLI_EXIT_FAIL;
    }

    bool created = false;
    rc = mkdir_p(abs_dir, &created, &err);
    if (rc != 0) {
        cli_error(cmd->name, "%s", err.msg);
        return CLI_EXIT_FAIL;
    }
    if (access(abs_dir, W_OK) != 0) {
        cli_error(cmd->name, "%s is not writable: %s", abs_dir, strerror(errno));
        if (created)
            rmdir(abs_dir);
        return CLI_EXIT_FAIL;
    }

    if (gen_certs) {
        char host[256] = "";
        int port;
        str_parse_hostport(c.cluster.sql_address, host, sizeof(host), &port);
        rc = pgw_generate_cert(cert_path, key_path, host, &err);
        if (rc != 0)
            goto err_after_config;
    }

    char cfg_path[PATH_MAX + 32];
    snprintf(cfg_path, sizeof(cfg_path), "%s/%s", abs_dir, SRV_CONFIG_FILE);
    struct sbuf file;
    sbuf_init(&file);
    cfg_render_file(&c, &file);
    rc = srv_write_file_atomic(cfg_path, file.data, file.len, &err);
    sbuf_free(&file);
    if (rc != 0)
        goto err_after_dir;

    /* The engine and the initial ranges (Raft logs, range descriptors). */
    rc = srv_store_bootstrap(&c, &err);
    if (rc != 0)
        goto err_after_config;
    /* The role catalog: the superuser and the default database. */
    rc = srv_catalog_bootstrap(&c, user, secret.data, &err);
    if (rc != 0)
        goto err_after_config;

    struct srv_cluster_id id;
    memset(&id, 0, sizeof(id));
    snprintf(id.cluster_id, sizeof(id.cluster_id), "%s", uuid);
    snprintf(id.cluster_name, sizeof(id.cluster_name), "%s", c.cluster.name);
    id.node_id = c.cluster.node_id;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(id.created, sizeof(id.created), "%Y-%m-%dT%H:%M:%SZ", &tm);
    rc = srv_cluster_write(abs_dir, &id, &err);
    if (rc != 0)
        goto err_after_config;

    printf("Initialized single-node cluster \"%s\" (id %s), node %lld, in %s\n", c.cluster.name,
           uuid, (long long)c.cluster.node_id, abs_dir);
    printf("Storage: %s engine, %lld ranges (range 1: system metadata)\n", c.storage.engine,
           (long long)c.storage.presplit_ranges + 1);
    printf("SQL: superuser \"%s\" (%s), database \"%s\"; TLS %s\n", user,
           secret.len ? "SCRAM-SHA-256 password" : "no password: trusted on this machine only",
           SQL_DEFAULT_NAME, gen_certs ? "on (server.crt, server.key)" : "off");
    printf("Start it with:\n  shardforge start --config %s\n", cfg_path);
    sbuf_free(&secret);
    return CLI_EXIT_OK;

err_after_config : {
    /* The directory was new, empty or held only leftovers of a failed
     * init: whatever is in it now is this run's. */
    struct err werr = {0};
    wipe_dir(abs_dir, &werr);
}
err_after_dir:
    if (created)
        rmdir(abs_dir);
    sbuf_free(&secret);
    cli_error(cmd->name, "%s", err.msg);
    return CLI_EXIT_FAIL;
}
