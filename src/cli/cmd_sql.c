/* cmd_sql.c — `shardforge sql`: a libpq client. One statement string as
 * argument, a file (-f), standard input, or an interactive shell with
 * libedit line editing and history (~/.shardforge_history).
 *
 * Connection: a postgresql:// URL or conninfo (--url), else --host --port
 * --user --database over the PG* environment variables, else the local
 * node's cluster.sql_address from its config (--config / --data-dir, as
 * `status`). Output: aligned like psql (default), csv or json.
 * Exit status: 0 when every statement succeeded, 1 on the first SQL error
 * ("ERROR:  msg" and the SQLSTATE on stderr; the rest is not run), 2 usage.
 */
#include "cli/cli.h"

#include "common/config.h"
#include "common/err.h"
#include "common/str.h"

#include <editline/readline.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_flag sql_flags[] = {
    {"url", "URL", "postgresql://user@host:port/db URL or \"key=value\" conninfo", false},
    {"host", "HOST",
     "server host or Unix socket directory (default: PGHOST, else the node's "
     "cluster.sql_address)",
     false},
    {"port", "PORT", "server port (default: PGPORT, else the node's)", false},
    {"user", "NAME", "role (default: PGUSER, else shardforge)", false},
    {"database", "NAME", "database (default: PGDATABASE, else shardforge)", false},
    {"file", "FILE", "run the statements in FILE (alias -f)", false},
    {"format", "FMT", "table (default), csv or json", false},
    {"config", "FILE", "config file of the local node (to find its sql_address)", false},
    {"data-dir", "DIR", "data directory of the local node", false},
};

const struct cli_command cli_sql_cmd = {
    .name = "sql",
    .summary = "Run SQL against a node (one statement, -f FILE, stdin, or a shell).",
    .usage = "[flags] [SQL]",
    .description = "Without SQL and without -f, reads standard input, or opens an interactive\n"
                   "shell when standard input is a terminal. Exits 1 on the first SQL error.",
    .flags = sql_flags,
    .n_flags = sizeof(sql_flags) / sizeof(sql_flags[0]),
    .max_positional = 1,
};

enum fmt { FMT_TABLE, FMT_CSV, FMT_JSON };

static void print_csv_field(const char *v)
{
    if (strpbrk(v, ",\"\n\r") == NULL) {
        fputs(v, stdout);
        return;
    }
    putchar('"');
    for (; *v; v++) {
        if (*v == '"')
            putchar('"');
        putchar(*v);
    }
    putchar('"');
}

static size_t utf8_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

static void print_table(const PGresult *r)
{
    int nf = PQnfields(r), nt = PQntuples(r);
    size_t *w = calloc((size_t)nf + 1, sizeof(size_t));
    for (int j = 0; j < nf; j++) {
        w[j] = utf8_width(PQfname(r, j));
        for (int i = 0; i < nt; i++) {
            size_t l = utf8_width(PQgetvalue(r, i, j));
            if (l > w[j])
                w[j] = l;
        }
    }
    for (int j = 0; j < nf; j++) {
        const char *h = PQfname(r, j);
        size_t l = utf8_width(h), pad = w[j] - l;
        printf("%s%*s%s%*s%s", j ? "| " : " ", (int)(pad / 2), "", h, (int)(pad - pad / 2), "",
               j + 1 < nf ? " " : "\n");
    }
    for (int j = 0; j < nf; j++) {
        for (size_t k = 0; k < w[j] + 2; k++)
            putchar('-');
        if (j + 1 < nf)
            putchar('+');
    }
    putchar('\n');
    for (int i = 0; i < nt; i++) {
        for (int j = 0; j < nf; j++) {
            const char *v = PQgetisnull(r, i, j) ? "" : PQgetvalue(r, i, j);
            Oid t = PQftype(r, j);
            bool num = t == 20 || t == 21 || t == 23 || t == 700 || t == 701 || t == 1700;
            int pad = (int)(w[j] - utf8_width(v));
            if (num)
                printf("%s%*s%s%s", j ? "| " : " ", pad, "", v, j + 1 < nf ? " " : "\n");
            else
                printf("%s%s%*s%s", j ? "| " : " ", v, j + 1 < nf ? pad : 0, "",
                       j + 1 < nf ? " " : "\n");
        }
    }
    printf("(%d row%s)\n\n", nt, nt == 1 ? "" : "s");
    free(w);
}

static void print_result(const PGresult *r, enum fmt f)
{
    int nf = PQnfields(r), nt = PQntuples(r);
    if (f == FMT_TABLE) {
        print_table(r);
    } else if (f == FMT_CSV) {
        for (int j = 0; j < nf; j++) {
            print_csv_field(PQfname(r, j));
            putchar(j + 1 < nf ? ',' : '\n');
        }
        for (int i = 0; i < nt; i++)
            for (int j = 0; j < nf; j++) {
                if (!PQgetisnull(r, i, j))
                    print_csv_field(PQgetvalue(r, i, j));
                putchar(j + 1 < nf ? ',' : '\n');
            }
    } else {
        struct sbuf b;
        sbuf_init(&b);
        sbuf_putc(&b, '[');
        for (int i = 0; i < nt; i++) {
            sbuf_puts(&b, i ? ",\n {" : "{");
            for (int j = 0; j < nf; j++) {
                if (j)
                    sbuf_puts(&b, ", ");
                sbuf_json_str(&b, PQfname(r, j));
                sbuf_puts(&b, ": ");
                if (PQgetisnull(r, i, j))
                    sbuf_puts(&b, "null");
                else
                    sbuf_json_str(&b, PQgetvalue(r, i, j));
            }
            sbuf_putc(&b, '}');
        }
        sbuf_puts(&b, "]\n");
        fputs(b.data, stdout);
        sbuf_free(&b);
    }
}

/* Run one query string (may hold several statements). 0 ok, 1 SQL error. */
static int run(PGconn *conn, const char *sql, enum fmt f)
{
    if (!PQsendQuery(conn, sql)) {
        fprintf(stderr, "%s", PQerrorMessage(conn));
        return 1;
    }
    int failed = 0;
    PGresult *r;
    while ((r = PQgetResult(conn)) != NULL) {
        switch (PQresultStatus(r)) {
        case PGRES_TUPLES_OK:
            print_result(r, f);
            break;
        case PGRES_COMMAND_OK:
            if (f == FMT_TABLE)
                printf("%s\n", PQcmdStatus(r));
            break;
        case PGRES_EMPTY_QUERY:
            break;
        default: {
            const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY);
            const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
            if (msg != NULL)
                fprintf(stderr, "%s:  %s\nSQLSTATE: %s\n", sev ? sev : "ERROR", msg,
                        st ? st : "?????");
            else
                fprintf(stderr, "%s", PQerrorMessage(conn));
            failed = 1;
        }
        }
        PQclear(r);
    }
    if (PQstatus(conn) == CONNECTION_BAD) {
        fprintf(stderr, "%s", PQerrorMessage(conn));
        failed = 1;
    }
    return failed;
}

static void notice_cb(void *arg, const char *message)
{
    (void)arg;
    fputs(message, stderr);
}

/* The local node's sql_address, split into host and port, when PGHOST etc.
 * say nothing. */
static void local_node(const struct cli_args *args, char *host, size_t hcap, char *port,
                       size_t pcap)
{
    char path[CFG_STR_MAX];
    struct cfg *c = calloc(1, sizeof(*c));
    struct err err = {0};
    int p = 5432;
    cli_config_path(cli_get(&cli_sql_cmd, args, "config"), cli_get(&cli_sql_cmd, args, "data-dir"),
                    path, sizeof(path));
    cfg_defaults(c);
    if (cli_load_config(c, path, &err) == 0)
        str_parse_hostport(c->cluster.sql_address, host, hcap, &p);
    else
        snprintf(host, hcap, "127.0.0.1");
    if (strcmp(host, "0.0.0.0") == 0 || host[0] == '\0')
        snprintf(host, hcap, "127.0.0.1");
    else if (strcmp(host, "::") == 0)
        snprintf(host, hcap, "::1");
    snprintf(port, pcap, "%d", p);
    free(c);
}

static PGconn *connect_db(const struct cli_args *args)
{
    const char *url = cli_get(&cli_sql_cmd, args, "url");
    if (url != NULL)
        return PQconnectdb(url);
    char host[256] = "", port[16] = "";
    const char *h = cli_get(&cli_sql_cmd, args, "host");
    const char *p = cli_get(&cli_sql_cmd, args, "port");
    if (h == NULL && getenv("PGHOST") == NULL && getenv("PGHOSTADDR") == NULL) {
        local_node(args, host, sizeof(host), port, sizeof(port));
        h = host;
        if (p == NULL && getenv("PGPORT") == NULL)
            p = port;
    }
    const char *u = cli_get(&cli_sql_cmd, args, "user");
    if (u == NULL && getenv("PGUSER") == NULL)
        u = "shardforge";
    const char *d = cli_get(&cli_sql_cmd, args, "database");
    if (d == NULL && getenv("PGDATABASE") == NULL)
        d = "shardforge";
    const char *keys[8], *vals[8];
    int n = 0;
#define KV(k, v)             \
    do {                     \
        if ((v) != NULL) {   \
            keys[n] = (k);   \
            vals[n++] = (v); \
        }                    \
    } while (0)
    KV("host", h);
    KV("port", p);
    KV("user", u);
    KV("dbname", d);
    KV("application_name", "shardforge sql");
    KV("fallback_application_name", "shardforge sql");
#undef KV
    keys[n] = vals[n] = NULL;
    return PQconnectdbParams(keys, vals, 1);
}

static int read_all(FILE *f, struct sbuf *b)
{
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        sbuf_append(b, buf, n);
    return ferror(f) ? -1 : 0;
}

/* Does buf end a statement (a ';' outside quotes and comments)? */
static bool complete(const char *s)
{
    bool sq = false, dq = false, last_semi = false;
    for (; *s; s++) {
        if (!sq && !dq && s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
            if (!*s)
                break;
            continue;
        }
        if (*s == '\'' && !dq)
            sq = !sq;
        else if (*s == '"' && !sq)
            dq = !dq;
        if (*s == ';' && !sq && !dq)
            last_semi = true;
        else if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            last_semi = false;
    }
    return last_semi;
}

static int shell(PGconn *conn, enum fmt f)
{
    char hist[1024] = "";
    const char *home = getenv("HOME");
    if (home != NULL) {
        snprintf(hist, sizeof(hist), "%s/.shardforge_history", home);
        read_history(hist);
    }
    printf("shardforge sql — connected to %s:%s as %s (database %s). \\q quits.\n", PQhost(conn),
           PQport(conn), PQuser(conn), PQdb(conn));
    struct sbuf stmt;
    sbuf_init(&stmt);
    char prompt[128];
    for (;;) {
        snprintf(prompt, sizeof(prompt), "%s%s ", PQdb(conn), stmt.len ? "->" : "=>");
        char *line = readline(prompt);
        if (line == NULL)
            break;
        if (stmt.len == 0 &&
            (strcmp(line, "\\q") == 0 || strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0)) {
            free(line);
            break;
        }
        if (line[0] != '\0')
            add_history(line);
        if (stmt.len)
            sbuf_putc(&stmt, '\n');
        sbuf_puts(&stmt, line);
        free(line);
        if (complete(stmt.data)) {
            run(conn, stmt.data, f);
            sbuf_reset(&stmt);
            stmt.data[0] = '\0';
        }
    }
    if (hist[0])
        write_history(hist);
    sbuf_free(&stmt);
    return CLI_EXIT_OK;
}

int cli_cmd_sql(int argc, char **argv)
{
    /* psql's -f, -c, -h, -p, -U, -d as aliases of the long flags. */
    char **av = calloc((size_t)argc + 1, sizeof(char *));
    static const char *const alias[][2] = {{"-f", "--file"},
                                           {"-h", "--host"},
                                           {"-p", "--port"},
                                           {"-U", "--user"},
                                           {"-d", "--database"}};
    for (int i = 0; i < argc; i++) {
        av[i] = argv[i];
        for (size_t k = 0; k < sizeof(alias) / sizeof(alias[0]); k++)
            if (strcmp(argv[i], alias[k][0]) == 0)
                av[i] = (char *)alias[k][1];
        if (strcmp(argv[i], "-c") == 0)
            av[i] = NULL; /* "-c SQL": the SQL is the positional argument */
    }
    int ac = 0;
    for (int i = 0; i < argc; i++)
        if (av[i] != NULL)
            av[ac++] = av[i];
    struct cli_args args;
    int rc = cli_parse(&cli_sql_cmd, ac, av, &args);
    free(av);
    if (rc != 0)
        return rc;
    if (args.help) {
        cli_print_help(&cli_sql_cmd);
        return CLI_EXIT_OK;
    }
    enum fmt f = FMT_TABLE;
    const char *fs = cli_get(&cli_sql_cmd, &args, "format");
    if (fs != NULL) {
        if (strcmp(fs, "csv") == 0)
            f = FMT_CSV;
        else if (strcmp(fs, "json") == 0)
            f = FMT_JSON;
        else if (strcmp(fs, "table") != 0) {
            cli_error("sql", "--format: expected table, csv or json, got \"%s\"", fs);
            return CLI_EXIT_USAGE;
        }
    }
    const char *file = cli_get(&cli_sql_cmd, &args, "file");
    struct sbuf text;
    sbuf_init(&text);
    if (file != NULL) {
        FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
        if (in == NULL || read_all(in, &text) != 0) {
            cli_error("sql", "cannot read %s", file);
            sbuf_free(&text);
            return CLI_EXIT_FAIL;
        }
        if (in != stdin)
            fclose(in);
    }

    PGconn *conn = connect_db(&args);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "shardforge sql: %s", PQerrorMessage(conn));
        PQfinish(conn);
        sbuf_free(&text);
        return CLI_EXIT_FAIL;
    }
    PQsetNoticeProcessor(conn, notice_cb, NULL);
    int out;
    if (args.n_positional > 0) {
        out = run(conn, args.positional[0], f);
    } else if (file != NULL) {
        out = run(conn, text.data, f);
    } else if (isatty(STDIN_FILENO)) {
        out = shell(conn, f);
    } else if (read_all(stdin, &text) != 0) {
        cli_error("sql", "cannot read standard input");
        out = CLI_EXIT_FAIL;
    } else {
        out = run(conn, text.data, f);
    }
    PQfinish(conn);
    sbuf_free(&text);
    return out ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
