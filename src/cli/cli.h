/* cli.h — private to src/cli: the `shardforge` command's pieces.
 *
 * Each subcommand is `int cli_cmd_<name>(int argc, char **argv)` returning
 * the process exit code: 0 success, 1 failure (one clear line on stderr),
 * 2 usage error (unknown command or flag, missing argument).
 */
#ifndef SF_CLI_CLI_H
#define SF_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>

struct cfg;
struct err;
struct sbuf;

#define CLI_EXIT_OK    0
#define CLI_EXIT_FAIL  1
#define CLI_EXIT_USAGE 2

/* ---- flags (flags.c) ----------------------------------------------------------- */

struct cli_flag {
    const char *name;    /* without dashes: "data-dir" */
    const char *metavar; /* NULL: a switch without value */
    const char *help;
    bool repeatable; /* values accumulate (e.g. --set) */
};

#define CLI_MAX_FLAGS  32
#define CLI_MAX_VALUES 64

struct cli_args {
    const char *value[CLI_MAX_FLAGS]; /* last value of each flag, or NULL */
    bool present[CLI_MAX_FLAGS];
    /* every value of repeatable flags, in order: */
    int multi_flag[CLI_MAX_VALUES];
    const char *multi_value[CLI_MAX_VALUES];
    int n_multi;
    const char *positional[8];
    int n_positional;
    bool help;
};

struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;       /* synopsis after "shardforge <name> " */
    const char *description; /* extra paragraphs for --help, or NULL */
    const struct cli_flag *flags;
    size_t n_flags;
    int max_positional;
};

/* Parse argv (after the command name). Unknown flags, missing values and
 * extra arguments print "shardforge CMD: ..." with a suggestion and return
 * CLI_EXIT_USAGE. -h/--help sets args->help. */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *args);
void cli_print_help(const struct cli_command *cmd);
/* Index of flag name in cmd (for args->value[]); -1 if absent. */
int cli_flag_index(const struct cli_command *cmd, const char *name);
const char *cli_get(const struct cli_command *cmd, const struct cli_args *args, const char *name);
bool cli_has(const struct cli_command *cmd, const struct cli_args *args, const char *name);
/* Print "shardforge CMD: msg" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- config resolution shared by start, status, health (config_resolve.c) ------ */

/* Which config file a command uses: --config FILE, else --data-dir DIR's
 * shardforge.toml, else $SHARDFORGE_CONFIG, else $SHARDFORGE_DATA_DIR's,
 * else ./data/shardforge.toml if it exists. Writes the path (or "") to out. */
void cli_config_path(const char *flag_config, const char *flag_data_dir, char *out, size_t cap);
/* defaults < file (if path non-empty) < environment. */
int cli_load_config(struct cfg *c, const char *path, struct err *err);
/* Make cluster.data_directory absolute (relative paths are relative to the
 * config file's directory, or to the working directory without a file). */
void cli_absolutize_data_dir(struct cfg *c, const char *config_path);

/* ---- a minimal HTTP/1.0 GET (http_client.c) ----------------------------------- */

/* GET http://host:port/path with a timeout. On success returns 0, *status the
 * HTTP status and body (caller owns, sbuf) the body. */
int cli_http_get(const char *host, int port, const char *path, int timeout_ms, int *status,
                 struct sbuf *body, struct err *err);

/* ---- commands ---------------------------------------------------------------- */

int cli_cmd_init(int argc, char **argv);
int cli_cmd_start(int argc, char **argv);
int cli_cmd_status(int argc, char **argv);
int cli_cmd_health(int argc, char **argv);
int cli_cmd_version(int argc, char **argv);
int cli_cmd_sql(int argc, char **argv);

extern const struct cli_command cli_init_cmd, cli_start_cmd, cli_status_cmd, cli_health_cmd,
    cli_version_cmd, cli_sql_cmd;

#endif
