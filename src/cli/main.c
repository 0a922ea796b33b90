/* main.c — the `shardforge` program: one binary, subcommands. */
#include "cli/cli.h"

#include "build_info.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>

struct entry {
    const struct cli_command *cmd;
    int (*run)(int argc, char **argv);
};

static const struct entry commands[] = {
    {&cli_init_cmd, cli_cmd_init},     {&cli_start_cmd, cli_cmd_start},
    {&cli_status_cmd, cli_cmd_status}, {&cli_health_cmd, cli_cmd_health},
    {&cli_sql_cmd, cli_cmd_sql},       {&cli_version_cmd, cli_cmd_version},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "ShardForge %s — a distributed SQL database that speaks PostgreSQL.\n\n",
            SF_VERSION);
    fprintf(f, "Usage: shardforge <command> [flags]\n\nCommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].cmd->name, commands[i].cmd->summary);
    fprintf(f, "  %-10s %s\n", "help", "Show help for a command: shardforge help <command>");
    fprintf(f, "\nRun 'shardforge <command> --help' for a command's flags.\n");
}

static const struct entry *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].cmd->name, name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown(const char *name)
{
    const char *names[N_COMMANDS + 1];
    for (size_t i = 0; i < N_COMMANDS; i++)
        names[i] = commands[i].cmd->name;
    names[N_COMMANDS] = "help";
    const char *best = str_closest(name, names, N_COMMANDS + 1, strlen(name) / 2 + 1);
    if (best != NULL)
        fprintf(stderr, "shardforge: unknown command '%s' (did you mean '%s'?)\n", name, best);
    else
        fprintf(stderr, "shardforge: unknown command '%s'\n", name);
    fprintf(stderr, "Run 'shardforge --help' for usage.\n");
    return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return cli_cmd_version(0, NULL);
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        const struct entry *e = find(argv[2]);
        if (e == NULL)
            return unknown(argv[2]);
        cli_print_help(e->cmd);
        return CLI_EXIT_OK;
    }
    if (name[0] == '-') {
        fprintf(stderr, "shardforge: unknown flag '%s' (flags come after the command)\n", name);
        fprintf(stderr, "Run 'shardforge --help' for usage.\n");
        return CLI_EXIT_USAGE;
    }
    const struct entry *e = find(name);
    if (e == NULL)
        return unknown(name);
    return e->run(argc - 2, argv + 2);
}
