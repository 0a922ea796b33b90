/* config_resolve.c — which config file a command uses, and loading it with
 * its layers (defaults < file < environment; flags are the command's). */
#include "cli/cli.h"

#include "common/config.h"
#include "common/err.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

void cli_config_path(const char *flag_config, const char *flag_data_dir, char *out, size_t cap)
{
    const char *env;
    out[0] = '\0';
    if (flag_config != NULL) {
        snprintf(out, cap, "%s", flag_config);
    } else if (flag_data_dir != NULL) {
        snprintf(out, cap, "%s/shardforge.toml", flag_data_dir);
    } else if ((env = getenv("SHARDFORGE_CONFIG")) != NULL && env[0] != '\0') {
        snprintf(out, cap, "%s", env);
    } else if ((env = getenv("SHARDFORGE_DATA_DIR")) != NULL && env[0] != '\0') {
        snprintf(out, cap, "%s/shardforge.toml", env);
    } else if (access("./data/shardforge.toml", F_OK) == 0) {
        snprintf(out, cap, "./data/shardforge.toml");
    }
}

int cli_load_config(struct cfg *c, const char *path, struct err *err)
{
    int rc;
    cfg_defaults(c);
    if (path != NULL && path[0] != '\0') {
        rc = cfg_load_file(c, path, err);
        if (rc != 0)
            return rc;
    }
    return cfg_load_env(c, environ, err);
}

void cli_absolutize_data_dir(struct cfg *c, const char *config_path)
{
    char *d = c->cluster.data_directory;
    char base[PATH_MAX];
    char joined[PATH_MAX * 2];
    if (d[0] == '/')
        return;
    if (config_path != NULL && config_path[0] != '\0' && strchr(config_path, '/') != NULL) {
        /* relative to the config file's directory */
        snprintf(base, sizeof(base), "%s", config_path);
        *strrchr(base, '/') = '\0';
        if (base[0] == '\0')
            snprintf(base, sizeof(base), "/");
    } else if (getcwd(base, sizeof(base)) == NULL) {
        return;
    }
    char resolved[PATH_MAX];
    if (base[0] != '/' && realpath(base, resolved) != NULL)
        snprintf(base, sizeof(base), "%s", resolved);
    const char *rel = d;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (strcmp(rel, ".") == 0 || rel[0] == '\0')
        snprintf(joined, sizeof(joined), "%s", base);
    else
        snprintf(joined, sizeof(joined), "%s/%s", base, rel);
    snprintf(c->cluster.data_directory, sizeof(c->cluster.data_directory), "%s", joined);
}
