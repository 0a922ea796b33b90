/* config.h — the node's configuration: keys, defaults, layering, validation.
 *
 * Layers, later wins: built-in defaults < the TOML file < environment
 * SHARDFORGE_<SECTION>_<KEY> (upper case, e.g. SHARDFORGE_RAFT_PRE_VOTE) <
 * command-line flags (cfg_set). Each value remembers where it came from
 * (cfg_print). Every error names the file, line, key, the bad value and what
 * is allowed, and suggests the closest known key for an unknown one.
 *
 * The key table lives in config.c: one row per key with section, name, type,
 * default, limits, reloadable flag and help; README.md's config reference is
 * generated from the same rows (cfg_doc_markdown).
 */
#ifndef SF_COMMON_CONFIG_H
#define SF_COMMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct sbuf;

#define CFG_STR_MAX     512
#define CFG_MEMBERS_MAX 64

enum cfg_source { CFG_SRC_DEFAULT = 0, CFG_SRC_FILE, CFG_SRC_ENV, CFG_SRC_FLAG };

struct cfg {
    struct {
        char name[CFG_STR_MAX];              /* cluster name, non-empty */
        char cluster_id[CFG_STR_MAX];        /* UUID written by init; "" before init */
        int64_t node_id;                     /* >= 1 */
        char data_directory[CFG_STR_MAX];    /* non-empty */
        char bind_address[CFG_STR_MAX];      /* host:port, internode (Raft) */
        char advertise_address[CFG_STR_MAX]; /* host:port or "" = bind_address */
        char sql_address[CFG_STR_MAX];       /* host:port, PostgreSQL protocol */
        char cluster_members[CFG_MEMBERS_MAX][CFG_STR_MAX]; /* host:port each */
        size_t n_cluster_members;
    } cluster;
    struct {
        int64_t election_timeout_ms;   /* >= 50 and > 2 * heartbeat */
        int64_t heartbeat_interval_ms; /* >= 1 */
        int64_t snapshot_interval_entries;
        int64_t snapshot_interval_bytes;
        bool pre_vote;
        bool check_quorum;
    } raft;
    struct {
        char engine[32]; /* rocksdb | memory */
        int64_t block_cache_size_mb;
        int64_t write_buffer_size_mb;
        char compression[16]; /* none | lz4 | zstd */
        int64_t range_max_bytes;
        int64_t presplit_ranges; /* user ranges created by init besides range 1 */
    } storage;
    struct {
        int64_t ttl_seconds; /* MVCC versions older than this are garbage */
        int64_t interval_seconds;
    } gc;
    struct {
        int64_t max_connections;
        int64_t connection_timeout_sec;
        int64_t max_message_size_mb;
    } network;
    struct {
        bool tls_enabled;
        char certificate_path[CFG_STR_MAX];
        char private_key_path[CFG_STR_MAX];
        char ca_certificate_path[CFG_STR_MAX];
        bool client_auth_required;                     /* TLS + CA-signed cert, CN = user */
        char auth_method[32];                          /* trust | password | scram-sha-256 | cert */
        char auth_rules[CFG_MEMBERS_MAX][CFG_STR_MAX]; /* see cfg_auth_rule_parse */
        size_t n_auth_rules;
        bool allow_cleartext_password; /* password method without TLS */
    } security;
    struct {
        char http_address[CFG_STR_MAX]; /* host the admin HTTP server binds */
        int64_t metrics_port;           /* admin HTTP port */
        char log_level[16];             /* debug | info | warn | error */
        bool structured_logging;
    } monitoring;

    /* Where each key's value came from: index = row of the key table. */
    enum cfg_source source[64];
    int source_line[64];         /* line in the file when source == FILE */
    char file_path[CFG_STR_MAX]; /* the file loaded, "" if none */
};

/* Fill every key with its default; sources = DEFAULT. */
void cfg_defaults(struct cfg *c);
/* Apply the TOML file at path over c. ERR_NOTFOUND / ERR_IO when unreadable,
 * ERR_CONFIG with "<file>:<line>:<col>: ..." for syntax, unknown sections or
 * keys (with "did you mean"), or values of the wrong type or range. */
int cfg_load_file(struct cfg *c, const char *path, struct err *err);
/* Same from text in memory (for tests); name is used in messages. */
int cfg_load_text(struct cfg *c, const char *text, size_t len, const char *name, struct err *err);
/* Apply SHARDFORGE_<SECTION>_<KEY> variables of envp (NULL-terminated
 * "NAME=value" strings). An unknown SHARDFORGE_* variable is an error naming it
 * (with a suggestion); SHARDFORGE_CONFIG and SHARDFORGE_DATA_DIR are ignored
 * here (the CLI reads them). */
int cfg_load_env(struct cfg *c, char *const *envp, struct err *err);
/* Set "section.key" from a string as a command-line flag would (source FLAG).
 * Strings are taken as is; integers, booleans (true/false/on/off/1/0) and
 * arrays (comma-separated) are parsed. */
int cfg_set(struct cfg *c, const char *dotted_key, const char *value, enum cfg_source src,
            struct err *err);
/* Check cross-field rules (as the seed's validate()): non-empty names,
 * parseable addresses, ports in range, sizes > 0, election timeout >= 50 ms
 * and > 2 x heartbeat, engine/compression/auth/log level from their sets,
 * TLS paths present when tls_enabled. The message names the key, its source
 * (file:line, env variable or flag), the bad value and what is allowed. */
int cfg_validate(const struct cfg *c, struct err *err);

/* The effective configuration as TOML, each line annotated with its source:
 *   election_timeout_ms = 1000   # default
 *   node_id = 1                  # file ./data/shardforge.toml:7
 */
void cfg_print(const struct cfg *c, struct sbuf *out);
/* A full config file with every key, commented help and c's values — what
 * `init` writes. */
void cfg_render_file(const struct cfg *c, struct sbuf *out);
/* Markdown table of every key: | key | default | reload | meaning |. */
void cfg_doc_markdown(struct sbuf *out);

/* Reloadable keys (SIGHUP): monitoring.log_level, monitoring.structured_logging.
 * Copies them from next into c; appends "key: old -> new" lines of what
 * changed to out (may be NULL). Returns the number of keys changed. */
int cfg_reload(struct cfg *c, const struct cfg *next, struct sbuf *out);

/* One security.auth_rules entry, pg_hba-like:
 *     TYPE DATABASE USER [ADDRESS] METHOD
 * TYPE local (Unix socket; no ADDRESS) | host (TCP, with or without TLS) |
 * hostssl (TCP with TLS) | hostnossl (TCP without TLS); DATABASE and USER a
 * name or "all"; ADDRESS (host* only) "all", an IP address or a CIDR;
 * METHOD trust | password | scram-sha-256 | cert (TLS client certificate
 * whose CN is the user name) | reject. */
enum cfg_auth_type { CFG_AUTH_LOCAL, CFG_AUTH_HOST, CFG_AUTH_HOSTSSL, CFG_AUTH_HOSTNOSSL };
enum cfg_auth_method {
    CFG_AUTH_TRUST,
    CFG_AUTH_PASSWORD,
    CFG_AUTH_SCRAM,
    CFG_AUTH_REJECT,
    CFG_AUTH_CERT
};
struct cfg_auth_rule {
    enum cfg_auth_type type;
    char database[64]; /* "all" matches every database */
    char user[64];     /* "all" matches every user */
    bool any_address;  /* ADDRESS "all" */
    int family;        /* 4 or 6 when an address is given */
    unsigned char addr[16];
    int prefix_bits;
    enum cfg_auth_method method;
};
/* Parse one rule. Returns 0, or -1 with why (cap wcap) saying what is wrong. */
int cfg_auth_rule_parse(const char *text, struct cfg_auth_rule *r, char *why, size_t wcap);
const char *cfg_auth_method_name(enum cfg_auth_method m);

/* All known dotted key names ("cluster.name", ...), for suggestions. */
size_t cfg_key_count(void);
const char *cfg_key_name(size_t i);
const char *cfg_source_name(enum cfg_source s);

#endif
