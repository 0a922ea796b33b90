/* cmd_version.c — `shardforge version`. */
#include "cli/cli.h"

#include "build_info.h"

#include <jansson.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <pg_query.h>
#include <stdio.h>
#include <uv.h>

const struct cli_command cli_version_cmd = {
    .name = "version",
    .summary = "Print the version, git commit, build type and library versions.",
    .usage = "",
    .description = NULL,
    .flags = NULL,
    .n_flags = 0,
    .max_positional = 0,
};

int cli_cmd_version(int argc, char **argv)
{
    struct cli_args args;
    int rc = cli_parse(&cli_version_cmd, argc, argv, &args);
    if (rc != 0)
        return rc;
    if (args.help) {
        cli_print_help(&cli_version_cmd);
        return CLI_EXIT_OK;
    }
    printf("shardforge %s\n", SF_VERSION);
    printf("  %-14s %s\n", "commit", SF_GIT_COMMIT);
    printf("  %-14s %s\n", "build", SF_BUILD_TYPE);
    printf("  %-14s PostgreSQL %s (protocol 3.0)\n", "compatible", SF_PG_COMPAT);
    printf("  %-14s %s\n", "rocksdb", SF_ROCKSDB_VERSION);
    printf("  %-14s %s\n", "libraft", SF_RAFT_VERSION);
    printf("  %-14s PostgreSQL %s grammar\n", "libpg_query", PG_VERSION);
    printf("  %-14s %s\n", "openssl", OpenSSL_version(OPENSSL_VERSION));
    printf("  %-14s %s\n", "libuv", uv_version_string());
    printf("  %-14s %s\n", "libmicrohttpd", MHD_get_version());
    printf("  %-14s %s\n", "jansson", JANSSON_VERSION);
    return CLI_EXIT_OK;
}
