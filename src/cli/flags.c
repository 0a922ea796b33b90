/* flags.c — command-line flag parsing with "did you mean" suggestions. */
#include "cli/cli.h"

#include "common/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_error(const char *cmd, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (cmd != NULL)
        fprintf(stderr, "shardforge %s: %s\n", cmd, msg);
    else
        fprintf(stderr, "shardforge: %s\n", msg);
}

int cli_flag_index(const struct cli_command *cmd, const char *name)
{
    for (size_t i = 0; i < cmd->n_flags; i++)
        if (strcmp(cmd->flags[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *cli_get(const struct cli_command *cmd, const struct cli_args *args, const char *name)
{
    int i = cli_flag_index(cmd, name);
    return i < 0 ? NULL : args->value[i];
}

bool cli_has(const struct cli_command *cmd, const struct cli_args *args, const char *name)
{
    int i = cli_flag_index(cmd, name);
    return i >= 0 && args->present[i];
}

void cli_print_help(const struct cli_command *cmd)
{
    printf("Usage: shardforge %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->description != NULL)
        printf("\n%s\n", cmd->description);
    printf("\nFlags:\n");
    for (size_t i = 0; i < cmd->n_flags; i++) {
        const struct cli_flag *f = &cmd->flags[i];
        char left[64];
        if (f->metavar != NULL)
            snprintf(left, sizeof(left), "--%s %s", f->name, f->metavar);
        else
            snprintf(left, sizeof(left), "--%s", f->name);
        printf("  %-28s %s\n", left, f->help);
    }
    printf("  %-28s %s\n", "-h, --help", "show this help");
}

static void suggest_flag(const struct cli_command *cmd, const char *name)
{
    const char *names[CLI_MAX_FLAGS + 1];
    size_t n = 0;
    for (size_t i = 0; i < cmd->n_flags && n < CLI_MAX_FLAGS; i++)
        names[n++] = cmd->flags[i].name;
    names[n++] = "help";
    size_t maxd = strlen(name) / 3 + 2;
    const char *best = str_closest(name, names, n, maxd);
    if (best != NULL)
        cli_error(cmd->name, "unknown flag '--%s' (did you mean '--%s'?)", name, best);
    else
        cli_error(cmd->name, "unknown flag '--%s'", name);
    fprintf(stderr, "Run 'shardforge %s --help' for usage.\n", cmd->name);
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *args)
{
    memset(args, 0, sizeof(*args));
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (!only_positional && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            args->help = true;
            continue;
        }
        if (!only_positional && a[0] == '-' && a[1] != '\0') {
            if (a[1] != '-') {
                cli_error(cmd->name, "unknown flag '%s' (flags are spelled --name)", a);
                fprintf(stderr, "Run 'shardforge %s --help' for usage.\n", cmd->name);
                return CLI_EXIT_USAGE;
            }
            char name[128];
            const char *eq = strchr(a + 2, '=');
            size_t nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            if (nlen == 0 || nlen >= sizeof(name)) {
                cli_error(cmd->name, "malformed flag '%s'", a);
                return CLI_EXIT_USAGE;
            }
            memcpy(name, a + 2, nlen);
            name[nlen] = '\0';
            int fi = cli_flag_index(cmd, name);
            if (fi < 0) {
                suggest_flag(cmd, name);
                return CLI_EXIT_USAGE;
            }
            const struct cli_flag *f = &cmd->flags[fi];
            const char *val = NULL;
            if (f->metavar != NULL) {
                if (eq != NULL) {
                    val = eq + 1;
                } else if (i + 1 < argc) {
                    val = argv[++i];
                } else {
                    cli_error(cmd->name, "flag '--%s' needs a value (%s)", name, f->metavar);
                    return CLI_EXIT_USAGE;
                }
            } else if (eq != NULL) {
                cli_error(cmd->name, "flag '--%s' takes no value", name);
                return CLI_EXIT_USAGE;
            }
            if (args->present[fi] && !f->repeatable && f->metavar != NULL) {
                cli_error(cmd->name, "flag '--%s' given twice", name);
                return CLI_EXIT_USAGE;
            }
            args->present[fi] = true;
            args->value[fi] = val;
            if (f->repeatable) {
                if (args->n_multi >= CLI_MAX_VALUES) {
                    cli_error(cmd->name, "too many '--%s' flags", name);
                    return CLI_EXIT_USAGE;
                }
                args->multi_flag[args->n_multi] = fi;
                args->multi_value[args->n_multi++] = val;
            }
            continue;
        }
        if (args->n_positional >= cmd->max_positional ||
            args->n_positional >= (int)(sizeof(args->positional) / sizeof(args->positional[0]))) {
            cli_error(cmd->name, "unexpected argument '%s'", a);
            fprintf(stderr, "Run 'shardforge %s --help' for usage.\n", cmd->name);
            return CLI_EXIT_USAGE;
        }
        args->positional[args->n_positional++] = a;
    }
    return 0;
}
