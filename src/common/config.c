/* config.c — the key table, layering, validation and rendering of config.h.
 *
 * One row per key (rows[] below) drives everything: defaults, loading from
 * the TOML file, the environment and flags, validation, cfg_print,
 * cfg_render_file and the Markdown reference. Adding a key is adding a row
 * (and its field in struct cfg).
 *
 * Loading checks each value on its own (type, range, allowed set, length);
 * cfg_validate re-checks those — the struct may have been edited directly —
 * and adds the rules that need more than one key or a parser (addresses).
 * A load that fails leaves c unchanged: it works on a copy.
 */
#include "common/config.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "common/toml.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>

#define CFG_FILE_MAX (1024 * 1024)
#define ENV_PREFIX   "SHARDFORGE_"
#define WHY_MAX      600 /* "expected ..., got ..." */

enum row_type { T_STR, T_INT, T_BOOL, T_LIST, T_ENUM };

/* Checks that only cfg_validate makes (see the file comment). */
enum row_check { CHK_NONE, CHK_NONEMPTY, CHK_HOSTPORT, CHK_HOSTPORT_OR_EMPTY, CHK_AUTH_RULE };

struct row {
    const char *section;
    const char *key;
    const char *name; /* "section.key" */
    enum row_type type;
    size_t off;       /* of the field in struct cfg */
    size_t size;      /* of the field: strings may hold size - 1 bytes */
    size_t count_off; /* T_LIST: of the size_t entry count */
    const char *def_s;
    int64_t def_i; /* integers; booleans as 0/1 */
    int64_t min, max;
    const char *allowed; /* T_ENUM: "a|b|c" */
    enum row_check check;
    bool reloadable;
    const char *help;
};

#define ROW(sec, k, ...)                                                                     \
    {                                                                                        \
        .section = #sec, .key = #k, .name = #sec "." #k, .off = offsetof(struct cfg, sec.k), \
        .size = sizeof(((struct cfg *)0)->sec.k), __VA_ARGS__                                \
    }

static const struct row rows[] = {
    ROW(cluster, name, .type = T_STR, .def_s = "shardforge", .check = CHK_NONEMPTY,
        .help = "Cluster name; every node of a cluster uses the same one."),
    ROW(cluster, cluster_id, .type = T_STR, .def_s = "",
        .help = "Cluster UUID, written by `shardforge init`; empty before init."),
    ROW(cluster, node_id, .type = T_INT, .def_i = 1, .min = 1, .max = INT64_MAX,
        .help = "This node's id, unique within the cluster."),
    ROW(cluster, data_directory, .type = T_STR, .def_s = "./data", .check = CHK_NONEMPTY,
        .help = "Directory that holds this node's data."),
    ROW(cluster, bind_address, .type = T_STR, .def_s = "127.0.0.1:26257", .check = CHK_HOSTPORT,
        .help = "host:port this node listens on for other nodes (Raft)."),
    ROW(cluster, advertise_address, .type = T_STR, .def_s = "", .check = CHK_HOSTPORT_OR_EMPTY,
        .help = "host:port other nodes use to reach this one; empty means bind_address."),
    ROW(cluster, sql_address, .type = T_STR, .def_s = "127.0.0.1:5432", .check = CHK_HOSTPORT,
        .help = "host:port of the SQL (PostgreSQL protocol) listener."),
    ROW(cluster, cluster_members, .type = T_LIST, .check = CHK_HOSTPORT,
        .count_off = offsetof(struct cfg, cluster.n_cluster_members),
        .help = "Internode addresses (host:port) of the cluster's members."),
    ROW(raft, election_timeout_ms, .type = T_INT, .def_i = 1000, .min = 50, .max = 600000,
        .help = "Raft election timeout in milliseconds; more than twice the heartbeat."),
    ROW(raft, heartbeat_interval_ms, .type = T_INT, .def_i = 100, .min = 1, .max = 60000,
        .help = "Interval between leader heartbeats in milliseconds."),
    ROW(raft, snapshot_interval_entries, .type = T_INT, .def_i = 10000, .min = 1, .max = 1000000000,
        .help = "Take a Raft snapshot every this many log entries."),
    ROW(raft, snapshot_interval_bytes, .type = T_INT, .def_i = 16777216, .min = 1048576,
        .max = INT64_MAX,
        .help = "Also take a Raft snapshot once the entries applied since the last one "
                "hold this many bytes (bounds the log kept in memory)."),
    ROW(raft, pre_vote, .type = T_BOOL, .def_i = 1,
        .help = "Pre-vote, so a rejoining node cannot depose the leader (Raft thesis 9.6)."),
    ROW(raft, check_quorum, .type = T_BOOL, .def_i = 1,
        .help = "A leader steps down when it loses contact with a quorum (Raft thesis 6.2)."),
    ROW(storage, engine, .type = T_ENUM, .def_s = "rocksdb", .allowed = "rocksdb|memory",
        .help = "Storage engine."),
    ROW(storage, block_cache_size_mb, .type = T_INT, .def_i = 128, .min = 1, .max = 1048576,
        .help = "RocksDB block cache size in MiB."),
    ROW(storage, write_buffer_size_mb, .type = T_INT, .def_i = 64, .min = 1, .max = 65536,
        .help = "RocksDB write buffer (memtable) size in MiB."),
    ROW(storage, compression, .type = T_ENUM, .def_s = "lz4", .allowed = "none|lz4|zstd",
        .help = "Compression of on-disk blocks."),
    ROW(storage, range_max_bytes, .type = T_INT, .def_i = 67108864, .min = 1,
        .max = INT64_C(1) << 40, .help = "A range is split when it grows past this many bytes."),
    ROW(storage, presplit_ranges, .type = T_INT, .def_i = 4, .min = 1, .max = 64,
        .help = "Ranges `init` splits the user keyspace into, besides range 1 (system "
                "metadata)."),
    ROW(gc, ttl_seconds, .type = T_INT, .def_i = 3600, .min = 1, .max = INT64_C(1) << 31,
        .help = "MVCC versions older than this many seconds, and not needed by a running "
                "transaction, are garbage-collected."),
    ROW(gc, interval_seconds, .type = T_INT, .def_i = 60, .min = 1, .max = 86400,
        .help = "How often the background garbage collection runs."),
    ROW(network, max_connections, .type = T_INT, .def_i = 100, .min = 1, .max = 1000000,
        .help = "Maximum number of concurrent SQL connections."),
    ROW(network, connection_timeout_sec, .type = T_INT, .def_i = 60, .min = 1, .max = 86400,
        .help = "Connection timeout in seconds."),
    ROW(network, max_message_size_mb, .type = T_INT, .def_i = 64, .min = 1, .max = 1024,
        .help = "Largest protocol message accepted, in MiB."),
    ROW(security, tls_enabled, .type = T_BOOL, .def_i = 0,
        .help = "Use TLS; needs certificate_path and private_key_path."),
    ROW(security, certificate_path, .type = T_STR, .def_s = "",
        .help = "PEM certificate of this node (required when tls_enabled)."),
    ROW(security, private_key_path, .type = T_STR, .def_s = "",
        .help = "PEM private key of this node (required when tls_enabled)."),
    ROW(security, ca_certificate_path, .type = T_STR, .def_s = "",
        .help = "PEM CA certificate that peers' certificates are checked against."),
    ROW(security, client_auth_required, .type = T_BOOL, .def_i = 0,
        .help = "TCP clients must connect over TLS with a certificate signed by "
                "ca_certificate_path whose CN is the user name (PostgreSQL's "
                "clientcert=verify-full), on top of the authentication method."),
    ROW(security, auth_method, .type = T_ENUM, .def_s = "trust",
        .allowed = "trust|password|scram-sha-256|cert",
        .help = "How SQL clients authenticate when security.auth_rules is empty."),
    ROW(security, auth_rules, .type = T_LIST, .check = CHK_AUTH_RULE,
        .count_off = offsetof(struct cfg, security.n_auth_rules),
        .help = "Ordered pg_hba-like rules \"TYPE DATABASE USER [ADDRESS] METHOD\"; the first "
                "match decides (TYPE local|host|hostssl|hostnossl, ADDRESS a CIDR or all for "
                "host*, METHOD trust|password|scram-sha-256|cert|reject). Empty: "
                "security.auth_method for every connection; no match: refused."),
    ROW(security, allow_cleartext_password, .type = T_BOOL, .def_i = 0,
        .help = "Allow the password method on connections without TLS."),
    ROW(monitoring, http_address, .type = T_STR, .def_s = "127.0.0.1", .check = CHK_NONEMPTY,
        .help = "Host the admin HTTP server (metrics, health) binds."),
    ROW(monitoring, metrics_port, .type = T_INT, .def_i = 9090, .min = 1, .max = 65535,
        .help = "Port of the admin HTTP server."),
    ROW(monitoring, log_level, .type = T_ENUM, .def_s = "info", .allowed = "debug|info|warn|error",
        .reloadable = true, .help = "Least severe level that is logged."),
    ROW(monitoring, structured_logging, .type = T_BOOL, .def_i = 0, .reloadable = true,
        .help = "Write logs as JSON lines."),
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))
_Static_assert(N_ROWS <= sizeof(((struct cfg *)0)->source) / sizeof(enum cfg_source),
               "struct cfg source[] must have a slot per key");

static const char *const sections[] = {"cluster", "raft",     "storage",   "gc",
                                       "network", "security", "monitoring"};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

/* ---- fields ------------------------------------------------------------- */

static char *fstr(struct cfg *c, const struct row *r)
{
    return (char *)c + r->off;
}

static const char *cstr(const struct cfg *c, const struct row *r)
{
    return (const char *)c + r->off;
}

static int64_t *fint(struct cfg *c, const struct row *r)
{
    return (int64_t *)(void *)((char *)c + r->off);
}

static int64_t cint(const struct cfg *c, const struct row *r)
{
    return *(const int64_t *)(const void *)((const char *)c + r->off);
}

static bool *fbool(struct cfg *c, const struct row *r)
{
    return (bool *)(void *)((char *)c + r->off);
}

static bool cbool(const struct cfg *c, const struct row *r)
{
    return *(const bool *)(const void *)((const char *)c + r->off);
}

static char (*flist(struct cfg *c, const struct row *r))[CFG_STR_MAX]
{
    return (char(*)[CFG_STR_MAX])(void *)((char *)c + r->off);
}

static const char (*clist(const struct cfg *c, const struct row *r))[CFG_STR_MAX]
{
    return (const char(*)[CFG_STR_MAX])(const void *)((const char *)c + r->off);
}

static size_t *fcount(struct cfg *c, const struct row *r)
{
    return (size_t *)(void *)((char *)c + r->count_off);
}

static size_t ccount(const struct cfg *c, const struct row *r)
{
    return *(const size_t *)(const void *)((const char *)c + r->count_off);
}

static size_t row_index(const struct row *r)
{
    return (size_t)(r - rows);
}

static const struct row *find_row(const char *section, const char *key)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(rows[i].section, section) == 0 && strcmp(rows[i].key, key) == 0)
            return &rows[i];
    return NULL;
}

static const struct row *find_row_dotted(const char *name)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(rows[i].name, name) == 0)
            return &rows[i];
    return NULL;
}

static bool is_section(const char *s)
{
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (strcmp(sections[i], s) == 0)
            return true;
    return false;
}

static void env_name(const struct row *r, char *buf, size_t cap)
{
    snprintf(buf, cap, ENV_PREFIX "%s_%s", r->section, r->key);
    for (char *p = buf; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
}

static size_t suggest_dist(const char *word)
{
    return strlen(word) / 3 + 1;
}

/* ---- text --------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4), 0 if invalid (RFC 3629). */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4;
    else
        return 0;
    if (s[0] == 0xe0)
        lo = 0xa0;
    else if (s[0] == 0xed)
        hi = 0x9f;
    else if (s[0] == 0xf0)
        lo = 0x90;
    else if (s[0] == 0xf4)
        hi = 0x8f;
    if (s[1] < lo || s[1] > hi)
        return 0; /* also stops at the NUL */
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_seq(p);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

/* s as a TOML basic string. Bytes that are not UTF-8 (possible only when the
 * struct was filled directly) become U+FFFD, so the output stays TOML. */
static void put_toml_str(struct sbuf *b, const char *s)
{
    sbuf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_seq(p);
        switch (*p) {
        case '"':
            sbuf_puts(b, "\\\"");
            break;
        case '\\':
            sbuf_puts(b, "\\\\");
            break;
        case '\b':
            sbuf_puts(b, "\\b");
            break;
        case '\t':
            sbuf_puts(b, "\\t");
            break;
        case '\n':
            sbuf_puts(b, "\\n");
            break;
        case '\f':
            sbuf_puts(b, "\\f");
            break;
        case '\r':
            sbuf_puts(b, "\\r");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                sbuf_printf(b, "\\u%04X", *p);
            else if (n == 0)
                sbuf_puts(b, "\\uFFFD");
            else
                sbuf_append(b, p, n);
        }
        p += n ? n : 1;
    }
    sbuf_putc(b, '"');
}

/* The value of r in c as TOML. */
static void put_value(struct sbuf *b, const struct cfg *c, const struct row *r)
{
    switch (r->type) {
    case T_STR:
    case T_ENUM:
        put_toml_str(b, cstr(c, r));
        break;
    case T_INT:
        sbuf_printf(b, "%" PRId64, cint(c, r));
        break;
    case T_BOOL:
        sbuf_puts(b, cbool(c, r) ? "true" : "false");
        break;
    case T_LIST: {
        size_t n = ccount(c, r);
        if (n > CFG_MEMBERS_MAX)
            n = CFG_MEMBERS_MAX;
        sbuf_putc(b, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                sbuf_puts(b, ", ");
            put_toml_str(b, clist(c, r)[i]);
        }
        sbuf_putc(b, ']');
        break;
    }
    }
}

static void put_default(struct sbuf *b, const struct row *r)
{
    switch (r->type) {
    case T_STR:
    case T_ENUM:
        put_toml_str(b, r->def_s);
        break;
    case T_INT:
        sbuf_printf(b, "%" PRId64, r->def_i);
        break;
    case T_BOOL:
        sbuf_puts(b, r->def_i ? "true" : "false");
        break;
    case T_LIST:
        sbuf_puts(b, "[]");
        break;
    }
}

/* A quoted, escaped, shortened copy of s for messages. */
static void quote(char *buf, size_t cap, const char *s, size_t len)
{
    struct sbuf b;
    sbuf_init(&b);
    char *tmp = xstrndup(s, len > 100 ? 100 : len);
    put_toml_str(&b, tmp);
    xfree(tmp);
    snprintf(buf, cap, "%s%s", b.data, len > 100 ? "..." : "");
    sbuf_free(&b);
}

/* "string \"abc\"", "integer 5", ... for "got ..." in messages. */
static void describe_toml(char *buf, size_t cap, const struct toml_value *v)
{
    char q[256];
    switch (v->type) {
    case TOML_STRING:
        quote(q, sizeof(q), v->u.str.ptr, v->u.str.len);
        snprintf(buf, cap, "string %s", q);
        break;
    case TOML_INTEGER:
        snprintf(buf, cap, "integer %" PRId64, v->u.i);
        break;
    case TOML_FLOAT:
        snprintf(buf, cap, "float %g", v->u.f);
        break;
    case TOML_BOOL:
        snprintf(buf, cap, "boolean %s", v->u.b ? "true" : "false");
        break;
    case TOML_ARRAY:
    case TOML_TABLE:
        snprintf(buf, cap, "%s", toml_type_name(v->type));
        break;
    }
}

/* "rocksdb|memory" -> is s one of them? */
static bool in_set(const char *allowed, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = allowed;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, s, n) == 0)
            return true;
        if (bar == NULL)
            return false;
        p = bar + 1;
    }
}

/* ---- setting one key ---------------------------------------------------- */

/* Each setter leaves c alone on failure and writes why as "expected ...,
 * got ...". got is the offending value as the message shows it. */

static int because(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write the reason into why (WHY_MAX bytes); returns -1. */
static int because(char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, WHY_MAX, fmt, ap);
    va_end(ap);
    return -1;
}

static int set_str(struct cfg *c, const struct row *r, const char *s, size_t len, const char *got,
                   char *why)
{
    if (strlen(s) != len)
        return because(why, "expected text without NUL bytes, got %s", got);
    if (!valid_utf8(s))
        return because(why, "expected UTF-8 text, got %s", got);
    if (r->type == T_ENUM && !in_set(r->allowed, s))
        return because(why, "expected one of %s, got %s", r->allowed, got);
    if (len >= r->size)
        return because(why, "expected at most %zu bytes, got %zu bytes", r->size - 1, len);
    memcpy(fstr(c, r), s, len + 1);
    return 0;
}

static int set_int(struct cfg *c, const struct row *r, int64_t v, char *why)
{
    if (v < r->min || v > r->max)
        return because(why, "expected an integer in %" PRId64 "..%" PRId64 ", got %" PRId64, r->min,
                       r->max, v);
    *fint(c, r) = v;
    return 0;
}

/* The list in members[0..n) replaces the row's list. */
static int set_list(struct cfg *c, const struct row *r, char (*members)[CFG_STR_MAX], size_t n)
{
    memcpy(flist(c, r), members, n * sizeof(members[0]));
    *fcount(c, r) = n;
    return 0;
}

/* From a TOML value. *where is the value to point the message at. */
static int set_from_toml(struct cfg *c, const struct row *r, const struct toml_value *v,
                         const struct toml_value **where, char *why)
{
    char got[300];

    *where = v;
    describe_toml(got, sizeof(got), v);
    switch (r->type) {
    case T_STR:
    case T_ENUM:
        if (v->type != TOML_STRING) {
            if (r->type == T_ENUM)
                return because(why, "expected one of %s, got %s", r->allowed, got);
            return because(why, "expected a string, got %s", got);
        }
        return set_str(c, r, v->u.str.ptr, v->u.str.len, got, why);
    case T_INT:
        if (v->type != TOML_INTEGER)
            return because(why, "expected an integer, got %s", got);
        return set_int(c, r, v->u.i, why);
    case T_BOOL:
        if (v->type != TOML_BOOL)
            return because(why, "expected a boolean (true/false), got %s", got);
        *fbool(c, r) = v->u.b;
        return 0;
    case T_LIST: {
        if (v->type != TOML_ARRAY)
            return because(why, "expected an array of strings, got %s", got);
        size_t n = v->u.arr.n;
        if (n > CFG_MEMBERS_MAX)
            return because(why, "expected at most %d entries, got %zu", CFG_MEMBERS_MAX, n);
        char(*tmp)[CFG_STR_MAX] = xmalloc(CFG_MEMBERS_MAX * sizeof(*tmp));
        for (size_t i = 0; i < n; i++) {
            const struct toml_value *it = v->u.arr.items[i];
            *where = it;
            describe_toml(got, sizeof(got), it);
            int bad = 0;
            if (it->type != TOML_STRING)
                bad = because(why, "entry %zu: expected a string, got %s", i + 1, got);
            else if (it->u.str.len >= CFG_STR_MAX)
                bad = because(why, "entry %zu: expected at most %d bytes, got %zu bytes", i + 1,
                              CFG_STR_MAX - 1, it->u.str.len);
            if (bad) {
                xfree(tmp);
                return bad;
            }
            memcpy(tmp[i], it->u.str.ptr, it->u.str.len + 1);
        }
        set_list(c, r, tmp, n);
        xfree(tmp);
        return 0;
    }
    }
    return -1;
}

static bool parse_int(const char *s, int64_t *out)
{
    bool neg = false;
    uint64_t mag = 0;

    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (*s == '\0')
        return false;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        uint64_t d = (uint64_t)(*s - '0');
        if (mag > (limit - d) / 10)
            return false;
        mag = mag * 10 + d;
    }
    *out = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "on", "1"}, *const no[] = {"false", "off", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return *out = true, true;
        if (strcasecmp(s, no[i]) == 0)
            return *out = false, true;
    }
    return false;
}

/* From text, as the environment and flags give it. */
static int set_from_string(struct cfg *c, const struct row *r, const char *s, char *why)
{
    char got[300];

    quote(got, sizeof(got), s, strlen(s));
    switch (r->type) {
    case T_STR:
    case T_ENUM:
        return set_str(c, r, s, strlen(s), got, why);
    case T_INT: {
        int64_t v;
        if (!parse_int(s, &v))
            return because(why, "expected an integer, got %s", got);
        return set_int(c, r, v, why);
    }
    case T_BOOL: {
        bool v;
        if (!parse_bool(s, &v))
            return because(why, "expected a boolean (true/false), got %s", got);
        *fbool(c, r) = v;
        return 0;
    }
    case T_LIST: {
        /* "a:1, b:2": comma-separated, blanks around entries ignored. */
        char(*tmp)[CFG_STR_MAX] = xmalloc(CFG_MEMBERS_MAX * sizeof(*tmp));
        size_t n = 0;
        int rc = 0;
        if (!valid_utf8(s))
            rc = because(why, "expected UTF-8 text, got %s", got);
        for (const char *p = s; rc == 0 && *s;) {
            const char *comma = strchr(p, ',');
            const char *end = comma ? comma : p + strlen(p);
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
                end--;
            size_t len = (size_t)(end - p);
            if (len == 0) {
                rc = because(why, "entry %zu is empty in %s", n + 1, got);
            } else if (n == CFG_MEMBERS_MAX) {
                rc = because(why, "expected at most %d entries, got more in %s", CFG_MEMBERS_MAX,
                             got);
            } else if (len >= CFG_STR_MAX) {
                rc = because(why, "entry %zu: expected at most %d bytes, got %zu bytes", n + 1,
                             CFG_STR_MAX - 1, len);
            } else {
                memcpy(tmp[n], p, len);
                tmp[n++][len] = '\0';
            }
            if (comma == NULL)
                break;
            p = comma + 1;
        }
        if (rc == 0)
            set_list(c, r, tmp, n);
        xfree(tmp);
        return rc;
    }
    }
    return -1;
}

static void mark(struct cfg *c, const struct row *r, enum cfg_source src, int line)
{
    c->source[row_index(r)] = src;
    c->source_line[row_index(r)] = line;
}

/* ---- defaults and the file ---------------------------------------------- */

void cfg_defaults(struct cfg *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct row *r = &rows[i];
        switch (r->type) {
        case T_STR:
        case T_ENUM:
            snprintf(fstr(c, r), r->size, "%s", r->def_s);
            break;
        case T_INT:
            *fint(c, r) = r->def_i;
            break;
        case T_BOOL:
            *fbool(c, r) = r->def_i != 0;
            break;
        case T_LIST:
            *fcount(c, r) = 0;
            break;
        }
        mark(c, r, CFG_SRC_DEFAULT, 0);
    }
}

/* An unknown key "sec.key" in the file: suggest a key of the same section,
 * else the same key in another section. */
static int unknown_key(struct err *err, const char *name, int line, int column, const char *sec,
                       const char *key)
{
    const char *cands[N_ROWS];
    size_t n = 0;
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(rows[i].section, sec) == 0)
            cands[n++] = rows[i].key;
    const char *best = str_closest(key, cands, n, suggest_dist(key));
    if (best == NULL) {
        for (size_t i = 0; i < N_ROWS && best == NULL; i++)
            if (strcmp(rows[i].key, key) == 0)
                best = rows[i].name;
    }
    if (best != NULL)
        return err_set(err, ERR_CONFIG, "%s:%d:%d: unknown key '%s.%s' (did you mean '%s'?)", name,
                       line, column, sec, key, best);
    return err_set(err, ERR_CONFIG, "%s:%d:%d: unknown key '%s.%s'", name, line, column, sec, key);
}

/* A top-level key that is not a known section. */
static int unknown_top(struct err *err, const char *name, int line, int column, const char *key,
                       const struct toml_value *v)
{
    if (v->type != TOML_TABLE) {
        for (size_t i = 0; i < N_ROWS; i++)
            if (strcmp(rows[i].key, key) == 0)
                return err_set(err, ERR_CONFIG,
                               "%s:%d:%d: unknown key '%s' (did you mean '%s' under [%s]?)", name,
                               line, column, key, rows[i].name, rows[i].section);
        return err_set(err, ERR_CONFIG, "%s:%d:%d: unknown key '%s' (keys belong in a [section])",
                       name, line, column, key);
    }
    const char *best = str_closest(key, sections, N_SECTIONS, suggest_dist(key));
    if (best != NULL)
        return err_set(err, ERR_CONFIG, "%s:%d:%d: unknown section [%s] (did you mean [%s]?)", name,
                       line, column, key, best);
    return err_set(err, ERR_CONFIG, "%s:%d:%d: unknown section [%s]", name, line, column, key);
}

static int apply_doc(struct cfg *c, const struct toml_value *root, const char *name,
                     struct err *err)
{
    char why[WHY_MAX];

    for (size_t i = 0; i < root->u.tab.n; i++) {
        const char *sec = root->u.tab.keys[i];
        const struct toml_value *t = root->u.tab.vals[i];
        int line = root->u.tab.key_lines[i], column = root->u.tab.key_columns[i];

        if (!is_section(sec))
            return unknown_top(err, name, line, column, sec, t);
        if (t->type != TOML_TABLE) {
            describe_toml(why, sizeof(why), t);
            return err_set(err, ERR_CONFIG, "%s:%d:%d: '%s' must be a section ([%s]), got %s", name,
                           line, column, sec, sec, why);
        }
        for (size_t j = 0; j < t->u.tab.n; j++) {
            const char *key = t->u.tab.keys[j];
            const struct toml_value *v = t->u.tab.vals[j], *where;
            const struct row *r = find_row(sec, key);
            line = t->u.tab.key_lines[j];
            column = t->u.tab.key_columns[j];
            if (r == NULL)
                return unknown_key(err, name, line, column, sec, key);
            if (set_from_toml(c, r, v, &where, why) != 0)
                return err_set(err, ERR_CONFIG, "%s:%d:%d: %s: %s", name, where->line,
                               where->column, r->name, why);
            mark(c, r, CFG_SRC_FILE, line);
        }
    }
    return 0;
}

int cfg_load_text(struct cfg *c, const char *text, size_t len, const char *name, struct err *err)
{
    struct toml_value *root;
    int rc;

    if (name == NULL)
        name = "<config>";
    if (len > CFG_FILE_MAX)
        return err_set(err, ERR_CONFIG, "%s: file is larger than 1 MiB (%zu bytes)", name, len);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "config");
    struct cfg *next = xmalloc(sizeof(*next));
    memcpy(next, c, sizeof(*next));
    rc = toml_parse(ctx, text, len, name, &root, err);
    if (rc == 0) {
        snprintf(next->file_path, sizeof(next->file_path), "%s", name);
        rc = apply_doc(next, root, name, err);
    }
    if (rc == 0)
        memcpy(c, next, sizeof(*c));
    xfree(next);
    mem_ctx_free(ctx);
    return rc;
}

int cfg_load_file(struct cfg *c, const char *path, struct err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, errno, "%s", path);

    /* Read at most one byte more than allowed: the size may change after a
     * stat, and pipes have none. */
    char *buf = xmalloc(CFG_FILE_MAX + 1);
    size_t len = 0;
    int rc = 0;
    while (len < CFG_FILE_MAX + 1) {
        ssize_t n = read(fd, buf + len, CFG_FILE_MAX + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = err_errno(err, errno, "%s", path);
            break;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (rc == 0 && len > CFG_FILE_MAX)
        rc = err_set(err, ERR_CONFIG, "%s: file is larger than 1 MiB", path);
    if (rc == 0)
        rc = cfg_load_text(c, buf, len, path, err);
    xfree(buf);
    return rc;
}

/* ---- environment and flags ---------------------------------------------- */

int cfg_load_env(struct cfg *c, char *const *envp, struct err *err)
{
    char names[N_ROWS][64];
    const char *cands[N_ROWS];
    char why[WHY_MAX];
    int rc = 0;

    if (envp == NULL)
        return 0;
    for (size_t i = 0; i < N_ROWS; i++) {
        env_name(&rows[i], names[i], sizeof(names[i]));
        cands[i] = names[i];
    }
    struct cfg *next = xmalloc(sizeof(*next));
    memcpy(next, c, sizeof(*next));
    for (size_t e = 0; envp[e] != NULL && rc == 0; e++) {
        const char *var = envp[e];
        const char *eq = strchr(var, '=');
        if (!str_has_prefix(var, ENV_PREFIX) || eq == NULL)
            continue;
        size_t nlen = (size_t)(eq - var);
        char name[128];
        if (nlen >= sizeof(name)) {
            rc = err_set(err, ERR_CONFIG, "environment %.60s...: unknown variable", var);
            break;
        }
        memcpy(name, var, nlen);
        name[nlen] = '\0';
        if (strcmp(name, "SHARDFORGE_CONFIG") == 0 || strcmp(name, "SHARDFORGE_DATA_DIR") == 0)
            continue;
        const struct row *r = NULL;
        for (size_t i = 0; i < N_ROWS && r == NULL; i++)
            if (strcmp(names[i], name) == 0)
                r = &rows[i];
        if (r == NULL) {
            const char *best = str_closest(name, cands, N_ROWS, suggest_dist(name + 11));
            if (best != NULL)
                rc = err_set(err, ERR_CONFIG, "environment %s: unknown variable (did you mean %s?)",
                             name, best);
            else
                rc = err_set(err, ERR_CONFIG, "environment %s: unknown variable", name);
            break;
        }
        if (set_from_string(next, r, eq + 1, why) != 0) {
            rc = err_set(err, ERR_CONFIG, "environment %s: %s", name, why);
            break;
        }
        mark(next, r, CFG_SRC_ENV, 0);
    }
    if (rc == 0)
        memcpy(c, next, sizeof(*c));
    xfree(next);
    return rc;
}

int cfg_set(struct cfg *c, const char *dotted_key, const char *value, enum cfg_source src,
            struct err *err)
{
    char why[WHY_MAX];
    const struct row *r = find_row_dotted(dotted_key);

    if (r == NULL) {
        const char *cands[N_ROWS];
        for (size_t i = 0; i < N_ROWS; i++)
            cands[i] = rows[i].name;
        const char *best = str_closest(dotted_key, cands, N_ROWS, suggest_dist(dotted_key));
        for (size_t i = 0; i < N_ROWS && best == NULL; i++)
            if (strcmp(rows[i].key, dotted_key) == 0)
                best = rows[i].name; /* the section was left out */
        if (best != NULL)
            return err_set(err, ERR_CONFIG, "unknown key '%.200s' (did you mean '%s'?)", dotted_key,
                           best);
        return err_set(err, ERR_CONFIG, "unknown key '%.200s'", dotted_key);
    }
    if (value == NULL)
        return err_set(err, ERR_CONFIG, "%s: expected a value", r->name);
    if (set_from_string(c, r, value, why) != 0)
        return err_set(err, ERR_CONFIG, "%s: %s", r->name, why);
    mark(c, r, src, 0);
    return 0;
}

/* ---- validation --------------------------------------------------------- */

static void source_desc(const struct cfg *c, const struct row *r, char *buf, size_t cap)
{
    size_t i = row_index(r);
    char env[64];

    switch (c->source[i]) {
    case CFG_SRC_FILE:
        snprintf(buf, cap, "%s:%d", c->file_path, c->source_line[i]);
        break;
    case CFG_SRC_ENV:
        env_name(r, env, sizeof(env));
        snprintf(buf, cap, "environment %s", env);
        break;
    case CFG_SRC_FLAG:
        snprintf(buf, cap, "command line");
        break;
    default:
        snprintf(buf, cap, "default");
        break;
    }
}

/* "<key> = <value> (<source>): <problem>" */
static int invalid(const struct cfg *c, const struct row *r, struct err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int invalid(const struct cfg *c, const struct row *r, struct err *err, const char *fmt, ...)
{
    char src[CFG_STR_MAX + 64], problem[ERR_MSG_MAX];
    struct sbuf v;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(problem, sizeof(problem), fmt, ap);
    va_end(ap);
    sbuf_init(&v);
    put_value(&v, c, r);
    source_desc(c, r, src, sizeof(src));
    err_set(err, ERR_CONFIG, "%s = %.200s%s (%s): %s", r->name, v.data, v.len > 200 ? "..." : "",
            src, problem);
    sbuf_free(&v);
    return ERR_CONFIG;
}

static bool hostport_ok(const char *s)
{
    char host[CFG_STR_MAX];
    int port;
    return str_parse_hostport(s, host, sizeof(host), &port) == 0;
}

static void allowed_list(const char *allowed, char *buf, size_t cap)
{
    size_t j = 0;
    for (const char *p = allowed; *p && j + 3 < cap; p++) {
        if (*p == '|') {
            buf[j++] = ',';
            buf[j++] = ' ';
        } else {
            buf[j++] = *p;
        }
    }
    buf[j] = '\0';
}

#define HOSTPORT_ALLOWED "host:port or [ipv6]:port, port 1..65535"

static int check_row(const struct cfg *c, const struct row *r, struct err *err)
{
    char allowed[128];

    switch (r->type) {
    case T_INT:
        if (cint(c, r) < r->min || cint(c, r) > r->max)
            return invalid(c, r, err, "out of range (allowed: %" PRId64 "..%" PRId64 ")", r->min,
                           r->max);
        break;
    case T_ENUM:
        if (!in_set(r->allowed, cstr(c, r))) {
            allowed_list(r->allowed, allowed, sizeof(allowed));
            return invalid(c, r, err, "not allowed (allowed: %s)", allowed);
        }
        break;
    case T_STR:
        if (r->check == CHK_NONEMPTY && cstr(c, r)[0] == '\0')
            return invalid(c, r, err, "must not be empty");
        if (r->check == CHK_HOSTPORT && !hostport_ok(cstr(c, r)))
            return invalid(c, r, err, "not a valid address (allowed: " HOSTPORT_ALLOWED ")");
        if (r->check == CHK_HOSTPORT_OR_EMPTY && cstr(c, r)[0] != '\0' && !hostport_ok(cstr(c, r)))
            return invalid(c, r, err,
                           "not a valid address (allowed: \"\" for bind_address, " HOSTPORT_ALLOWED
                           ")");
        break;
    case T_LIST:
        if (ccount(c, r) > CFG_MEMBERS_MAX)
            return invalid(c, r, err, "too many entries (allowed: at most %d)", CFG_MEMBERS_MAX);
        for (size_t i = 0; i < ccount(c, r); i++) {
            const char *m = clist(c, r)[i];
            if (r->check == CHK_AUTH_RULE) {
                struct cfg_auth_rule rule;
                char why[256];
                if (cfg_auth_rule_parse(m, &rule, why, sizeof(why)) != 0) {
                    char q[300];
                    quote(q, sizeof(q), m, strlen(m));
                    return invalid(c, r, err, "entry %zu %s: %s", i + 1, q, why);
                }
                continue;
            }
            if (!hostport_ok(m)) {
                char q[300];
                quote(q, sizeof(q), m, strlen(m));
                return invalid(c, r, err,
                               "entry %zu %s is not a valid address (allowed: " HOSTPORT_ALLOWED
                               ")",
                               i + 1, q);
            }
        }
        break;
    case T_BOOL:
        break;
    }
    return 0;
}

int cfg_validate(const struct cfg *c, struct err *err)
{
    char src[CFG_STR_MAX + 64];

    for (size_t i = 0; i < N_ROWS; i++) {
        int rc = check_row(c, &rows[i], err);
        if (rc != 0)
            return rc;
    }

    const struct row *et = find_row("raft", "election_timeout_ms");
    const struct row *hb = find_row("raft", "heartbeat_interval_ms");
    if (c->raft.election_timeout_ms <= 2 * c->raft.heartbeat_interval_ms) {
        source_desc(c, hb, src, sizeof(src));
        return invalid(c, et, err,
                       "must be greater than 2 x raft.heartbeat_interval_ms (2 x %" PRId64
                       " = %" PRId64 ", %s)",
                       c->raft.heartbeat_interval_ms, 2 * c->raft.heartbeat_interval_ms, src);
    }

    if (c->security.tls_enabled) {
        const struct row *tls = find_row("security", "tls_enabled");
        const struct row *need[] = {find_row("security", "certificate_path"),
                                    find_row("security", "private_key_path")};
        source_desc(c, tls, src, sizeof(src));
        for (size_t i = 0; i < 2; i++)
            if (cstr(c, need[i])[0] == '\0')
                return invalid(c, need[i], err, "must be set when security.tls_enabled = true (%s)",
                               src);
    }
    bool cert_method = strcmp(c->security.auth_method, "cert") == 0;
    for (size_t i = 0; i < c->security.n_auth_rules && !cert_method; i++) {
        struct cfg_auth_rule r;
        char why[128];
        cert_method = cfg_auth_rule_parse(c->security.auth_rules[i], &r, why, sizeof(why)) == 0 &&
                      r.method == CFG_AUTH_CERT;
    }
    if (c->security.client_auth_required || cert_method) {
        const struct row *why =
            c->security.client_auth_required ? find_row("security", "client_auth_required")
            : strcmp(c->security.auth_method, "cert") == 0 ? find_row("security", "auth_method")
                                                           : find_row("security", "auth_rules");
        const char *what = c->security.client_auth_required ? "security.client_auth_required = true"
                                                            : "the cert authentication method";
        source_desc(c, why, src, sizeof(src));
        if (!c->security.tls_enabled)
            return invalid(c, find_row("security", "tls_enabled"), err,
                           "must be true when %s is used (%s)", what, src);
        if (c->security.ca_certificate_path[0] == '\0')
            return invalid(c, find_row("security", "ca_certificate_path"), err,
                           "must be set when %s is used (%s): client certificates are checked "
                           "against it",
                           what, src);
    }
    return 0;
}

/* ---- rendering ---------------------------------------------------------- */

void cfg_print(const struct cfg *c, struct sbuf *out)
{
    struct sbuf line;

    sbuf_init(&line);
    for (size_t s = 0; s < N_SECTIONS; s++) {
        size_t width = 0;
        /* Align the comments of a section, up to a point. */
        for (size_t i = 0; i < N_ROWS; i++) {
            if (strcmp(rows[i].section, sections[s]) != 0)
                continue;
            sbuf_reset(&line);
            sbuf_printf(&line, "%s = ", rows[i].key);
            put_value(&line, c, &rows[i]);
            if (line.len > width)
                width = line.len;
        }
        if (width > 48)
            width = 48;
        sbuf_printf(out, "%s[%s]\n", s ? "\n" : "", sections[s]);
        for (size_t i = 0; i < N_ROWS; i++) {
            const struct row *r = &rows[i];
            if (strcmp(r->section, sections[s]) != 0)
                continue;
            sbuf_reset(&line);
            sbuf_printf(&line, "%s = ", r->key);
            put_value(&line, c, r);
            sbuf_printf(out, "%-*s  # ", (int)width, line.data);
            switch (c->source[i]) {
            case CFG_SRC_FILE:
                sbuf_printf(out, "file %s:%d\n", c->file_path, c->source_line[i]);
                break;
            case CFG_SRC_ENV: {
                char env[64];
                env_name(r, env, sizeof(env));
                sbuf_printf(out, "env %s\n", env);
                break;
            }
            case CFG_SRC_FLAG:
                sbuf_puts(out, "flag\n");
                break;
            default:
                sbuf_puts(out, "default\n");
                break;
            }
        }
    }
    sbuf_free(&line);
}

void cfg_render_file(const struct cfg *c, struct sbuf *out)
{
    sbuf_puts(out, "# shardforge.toml — configuration of one ShardForge node.\n"
                   "#\n"
                   "# Every key is listed with what it does and its default. Environment\n"
                   "# variables SHARDFORGE_<SECTION>_<KEY> override this file, and command-line\n"
                   "# flags override both. Keys marked \"reloadable\" take effect on SIGHUP;\n"
                   "# the others need a restart.\n");
    for (size_t s = 0; s < N_SECTIONS; s++) {
        sbuf_printf(out, "\n[%s]\n", sections[s]);
        bool first = true;
        for (size_t i = 0; i < N_ROWS; i++) {
            const struct row *r = &rows[i];
            if (strcmp(r->section, sections[s]) != 0)
                continue;
            if (!first)
                sbuf_putc(out, '\n');
            first = false;
            sbuf_printf(out, "# %s", r->help);
            if (r->type == T_ENUM) {
                char allowed[128];
                allowed_list(r->allowed, allowed, sizeof(allowed));
                sbuf_printf(out, " One of: %s.", allowed);
            }
            if (r->reloadable)
                sbuf_puts(out, " Reloadable.");
            sbuf_puts(out, " (default: ");
            put_default(out, r);
            sbuf_puts(out, ")\n");
            sbuf_printf(out, "%s = ", r->key);
            put_value(out, c, r);
            sbuf_putc(out, '\n');
        }
    }
}

static void md_cell(struct sbuf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            sbuf_puts(out, "\\|");
        else
            sbuf_putc(out, *s);
    }
}

void cfg_doc_markdown(struct sbuf *out)
{
    struct sbuf cell;

    sbuf_init(&cell);
    sbuf_puts(out, "| key | default | reload | meaning |\n|---|---|---|---|\n");
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct row *r = &rows[i];
        sbuf_printf(out, "| `%s` | `", r->name);
        sbuf_reset(&cell);
        put_default(&cell, r);
        md_cell(out, cell.data);
        sbuf_printf(out, "` | %s | ", r->reloadable ? "yes" : "no");
        md_cell(out, r->help);
        if (r->type == T_ENUM) {
            char allowed[128];
            allowed_list(r->allowed, allowed, sizeof(allowed));
            sbuf_printf(out, " One of: %s.", allowed);
        } else if (r->type == T_INT) {
            sbuf_printf(out, " Range %" PRId64 "..%" PRId64 ".", r->min, r->max);
        }
        sbuf_puts(out, " |\n");
    }
    sbuf_free(&cell);
}

/* ---- reload and names --------------------------------------------------- */

static void plain_value(struct sbuf *b, const struct cfg *c, const struct row *r)
{
    if (r->type == T_STR || r->type == T_ENUM)
        sbuf_puts(b, cstr(c, r));
    else
        put_value(b, c, r);
}

static bool same_value(const struct cfg *a, const struct cfg *b, const struct row *r)
{
    switch (r->type) {
    case T_STR:
    case T_ENUM:
        return strncmp(cstr(a, r), cstr(b, r), r->size) == 0;
    case T_INT:
        return cint(a, r) == cint(b, r);
    case T_BOOL:
        return cbool(a, r) == cbool(b, r);
    case T_LIST:
        break;
    }
    return true; /* lists are not reloadable */
}

int cfg_reload(struct cfg *c, const struct cfg *next, struct sbuf *out)
{
    int changed = 0;

    for (size_t i = 0; i < N_ROWS; i++) {
        const struct row *r = &rows[i];
        if (!r->reloadable || r->type == T_LIST || same_value(c, next, r))
            continue;
        if (out != NULL) {
            sbuf_printf(out, "%s: ", r->name);
            plain_value(out, c, r);
            sbuf_puts(out, " -> ");
            plain_value(out, next, r);
            sbuf_putc(out, '\n');
        }
        memcpy((char *)c + r->off, (const char *)next + r->off, r->size);
        c->source[i] = next->source[i];
        c->source_line[i] = next->source_line[i];
        changed++;
    }
    return changed;
}

size_t cfg_key_count(void)
{
    return N_ROWS;
}

const char *cfg_key_name(size_t i)
{
    return i < N_ROWS ? rows[i].name : NULL;
}

const char *cfg_source_name(enum cfg_source s)
{
    switch (s) {
    case CFG_SRC_DEFAULT:
        return "default";
    case CFG_SRC_FILE:
        return "file";
    case CFG_SRC_ENV:
        return "env";
    case CFG_SRC_FLAG:
        return "flag";
    }
    return "unknown";
}

/* ---- security.auth_rules ------------------------------------------------ */

static const char *const auth_types[] = {"local", "host", "hostssl", "hostnossl"};
static const char *const auth_methods[] = {"trust", "password", "scram-sha-256", "reject", "cert"};
#define N_AUTH_METHODS (sizeof(auth_methods) / sizeof(auth_methods[0]))

/* One comma-free word list entry: "all" or a name. */
static int rule_name(const char *w, char *out, size_t cap, const char *what, char *why, size_t wcap)
{
    if (strlen(w) >= cap) {
        snprintf(why, wcap, "%s name \"%s\" is too long (at most %zu bytes)", what, w, cap - 1);
        return -1;
    }
    snprintf(out, cap, "%s", w);
    return 0;
}

int cfg_auth_rule_parse(const char *text, struct cfg_auth_rule *r, char *why, size_t wcap)
{
    char buf[CFG_STR_MAX];
    char *words[8];
    size_t n = 0;
    char *save = NULL;

    memset(r, 0, sizeof(*r));
    snprintf(buf, sizeof(buf), "%s", text);
    for (char *w = strtok_r(buf, " \t", &save); w != NULL; w = strtok_r(NULL, " \t", &save)) {
        if (n == 8) {
            snprintf(why, wcap, "too many fields (expected TYPE DATABASE USER [ADDRESS] METHOD)");
            return -1;
        }
        words[n++] = w;
    }
    if (n < 4) {
        snprintf(why, wcap, "expected TYPE DATABASE USER [ADDRESS] METHOD, got %zu field%s", n,
                 n == 1 ? "" : "s");
        return -1;
    }
    int type = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(words[0], auth_types[i]) == 0)
            type = i;
    if (type < 0) {
        snprintf(why, wcap,
                 "unknown connection type \"%s\" (allowed: local, host, hostssl, "
                 "hostnossl)",
                 words[0]);
        return -1;
    }
    r->type = (enum cfg_auth_type)type;
    size_t want = r->type == CFG_AUTH_LOCAL ? 4 : 5;
    if (n != want) {
        snprintf(why, wcap, "%s rules have %zu fields: %s, got %zu", words[0], want,
                 want == 4 ? "local DATABASE USER METHOD" : "TYPE DATABASE USER ADDRESS METHOD", n);
        return -1;
    }
    if (rule_name(words[1], r->database, sizeof(r->database), "database", why, wcap) != 0 ||
        rule_name(words[2], r->user, sizeof(r->user), "user", why, wcap) != 0)
        return -1;
    if (want == 5) {
        const char *a = words[3];
        if (strcmp(a, "all") == 0) {
            r->any_address = true;
        } else {
            char host[64];
            const char *slash = strchr(a, '/');
            size_t hl = slash ? (size_t)(slash - a) : strlen(a);
            if (hl >= sizeof(host)) {
                snprintf(why, wcap, "address \"%s\" is not an IP address or CIDR", a);
                return -1;
            }
            memcpy(host, a, hl);
            host[hl] = '\0';
            if (inet_pton(AF_INET, host, r->addr) == 1) {
                r->family = 4;
            } else if (inet_pton(AF_INET6, host, r->addr) == 1) {
                r->family = 6;
            } else {
                snprintf(why, wcap,
                         "address \"%s\" is not an IP address, CIDR (127.0.0.1/32, ::1/128) or "
                         "all",
                         a);
                return -1;
            }
            int maxbits = r->family == 4 ? 32 : 128;
            int bits = maxbits;
            if (slash != NULL) {
                int64_t v;
                if (!parse_int(slash + 1, &v) || v < 0 || v > maxbits) {
                    snprintf(why, wcap, "prefix length in \"%s\" must be 0..%d", a, maxbits);
                    return -1;
                }
                bits = (int)v;
            }
            r->prefix_bits = bits;
        }
    }
    const char *m = words[n - 1];
    int method = -1;
    for (size_t i = 0; i < N_AUTH_METHODS; i++)
        if (strcmp(m, auth_methods[i]) == 0)
            method = (int)i;
    if (method < 0) {
        snprintf(why, wcap,
                 "unknown method \"%s\" (allowed: trust, password, scram-sha-256, cert, reject)",
                 m);
        return -1;
    }
    r->method = (enum cfg_auth_method)method;
    return 0;
}

const char *cfg_auth_method_name(enum cfg_auth_method m)
{
    return (unsigned)m < N_AUTH_METHODS ? auth_methods[m] : "unknown";
}
