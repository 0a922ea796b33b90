/* test_config.c — configuration: defaults, the file, environment and flag
 * layers with their sources, every error message, validation rules,
 * rendering (print, render_file round trip, Markdown) and reload. */
#include "common/config.h"
#include "common/err.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Index of a key in the key table (and so in c->source[]). */
static size_t idx(const char *name)
{
    for (size_t i = 0; i < cfg_key_count(); i++)
        if (strcmp(cfg_key_name(i), name) == 0)
            return i;
    cr_assert_fail("no key %s", name);
    return 0;
}

static struct cfg *fresh(void)
{
    struct cfg *c = malloc(sizeof(*c));
    cfg_defaults(c);
    return c;
}

static void load_ok(struct cfg *c, const char *text)
{
    struct err e = {0};
    int rc = cfg_load_text(c, text, strlen(text), "shardforge.toml", &e);
    cr_assert_eq(rc, 0, "unexpected error: %s\n--- input:\n%s", e.msg, text);
}

static void load_bad(const char *text, const char *want)
{
    struct cfg *c = fresh(), *before = fresh();
    struct err e = {0};
    int rc = cfg_load_text(c, text, strlen(text), "shardforge.toml", &e);
    cr_expect_eq(rc, ERR_CONFIG, "expected an error for:\n%s", text);
    cr_expect_str_eq(e.msg, want, "got:  %s\nwant: %s", e.msg, want);
    cr_expect(memcmp(c, before, sizeof(*c)) == 0, "a failed load changed the config");
    free(c);
    free(before);
}

static void env_bad(char *const *envp, const char *want)
{
    struct cfg *c = fresh(), *before = fresh();
    struct err e = {0};
    cr_expect_eq(cfg_load_env(c, envp, &e), ERR_CONFIG);
    cr_expect_str_eq(e.msg, want, "got:  %s\nwant: %s", e.msg, want);
    cr_expect(memcmp(c, before, sizeof(*c)) == 0, "a failed load changed the config");
    free(c);
    free(before);
}

static void set_bad(const char *key, const char *value, const char *want)
{
    struct cfg *c = fresh(), *before = fresh();
    struct err e = {0};
    cr_expect_eq(cfg_set(c, key, value, CFG_SRC_FLAG, &e), ERR_CONFIG);
    cr_expect_str_eq(e.msg, want, "got:  %s\nwant: %s", e.msg, want);
    cr_expect(memcmp(c, before, sizeof(*c)) == 0, "a failed set changed the config");
    free(c);
    free(before);
}

static void validate_bad(const struct cfg *c, const char *want)
{
    struct err e = {0};
    cr_expect_eq(cfg_validate(c, &e), ERR_CONFIG);
    cr_expect_str_eq(e.msg, want, "got:  %s\nwant: %s", e.msg, want);
}

/* ---- defaults and the key table ----------------------------------------- */

Test(config, defaults)
{
    struct cfg *c = fresh();
    cr_expect_str_eq(c->cluster.name, "shardforge");
    cr_expect_str_eq(c->cluster.cluster_id, "");
    cr_expect_eq(c->cluster.node_id, 1);
    cr_expect_str_eq(c->cluster.data_directory, "./data");
    cr_expect_str_eq(c->cluster.bind_address, "127.0.0.1:26257");
    cr_expect_str_eq(c->cluster.advertise_address, "");
    cr_expect_str_eq(c->cluster.sql_address, "127.0.0.1:5432");
    cr_expect_eq(c->cluster.n_cluster_members, 0);
    cr_expect_eq(c->raft.election_timeout_ms, 1000);
    cr_expect_eq(c->raft.heartbeat_interval_ms, 100);
    cr_expect_eq(c->raft.snapshot_interval_entries, 10000);
    cr_expect_eq(c->raft.snapshot_interval_bytes, 16777216);
    cr_expect(c->raft.pre_vote);
    cr_expect(c->raft.check_quorum);
    cr_expect_str_eq(c->storage.engine, "rocksdb");
    cr_expect_eq(c->storage.block_cache_size_mb, 128);
    cr_expect_eq(c->storage.write_buffer_size_mb, 64);
    cr_expect_str_eq(c->storage.compression, "lz4");
    cr_expect_eq(c->storage.range_max_bytes, 67108864);
    cr_expect_eq(c->network.max_connections, 100);
    cr_expect_eq(c->network.connection_timeout_sec, 60);
    cr_expect_eq(c->network.max_message_size_mb, 64);
    cr_expect_not(c->security.tls_enabled);
    cr_expect_str_eq(c->security.certificate_path, "");
    cr_expect_str_eq(c->security.private_key_path, "");
    cr_expect_str_eq(c->security.ca_certificate_path, "");
    cr_expect_str_eq(c->security.auth_method, "trust");
    cr_expect_str_eq(c->monitoring.http_address, "127.0.0.1");
    cr_expect_eq(c->monitoring.metrics_port, 9090);
    cr_expect_str_eq(c->monitoring.log_level, "info");
    cr_expect_not(c->monitoring.structured_logging);
    cr_expect_str_eq(c->file_path, "");
    for (size_t i = 0; i < cfg_key_count(); i++)
        cr_expect_eq(c->source[i], CFG_SRC_DEFAULT, "%s", cfg_key_name(i));
    struct err e = {0};
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);
    free(c);
}

Test(config, key_names)
{
    cr_expect_eq(cfg_key_count(), 37);
    cr_expect_str_eq(cfg_key_name(0), "cluster.name");
    cr_expect_str_eq(cfg_key_name(cfg_key_count() - 1), "monitoring.structured_logging");
    cr_expect_null(cfg_key_name(cfg_key_count()));
    for (size_t i = 0; i < cfg_key_count(); i++) {
        const char *dot = strchr(cfg_key_name(i), '.');
        cr_expect_not_null(dot, "%s", cfg_key_name(i));
        for (size_t j = 0; j < i; j++)
            cr_expect_str_neq(cfg_key_name(i), cfg_key_name(j));
    }
    cr_expect_str_eq(cfg_source_name(CFG_SRC_DEFAULT), "default");
    cr_expect_str_eq(cfg_source_name(CFG_SRC_FILE), "file");
    cr_expect_str_eq(cfg_source_name(CFG_SRC_ENV), "env");
    cr_expect_str_eq(cfg_source_name(CFG_SRC_FLAG), "flag");
    cr_expect_str_eq(cfg_source_name((enum cfg_source)42), "unknown");
}

/* ---- the file ----------------------------------------------------------- */

Test(config, load_every_key)
{
    struct cfg *c = fresh();
    load_ok(c, "# a node\n"
               "[cluster]\n"
               "name = \"prod\"\n"
               "cluster_id = \"6f1c0c4e-0000-4000-8000-000000000001\"\n"
               "node_id = 3\n"
               "data_directory = '/var/lib/sf'\n"
               "bind_address = \"10.0.0.3:26257\"\n"
               "advertise_address = \"[::1]:26257\"\n"
               "sql_address = \"0.0.0.0:5432\"\n"
               "cluster_members = [\"a:1\", \"b:2\",\n \"c:3\"]\n"
               "[raft]\n"
               "election_timeout_ms = 1_500\n"
               "heartbeat_interval_ms = 150\n"
               "snapshot_interval_entries = 0x10\n"
               "snapshot_interval_bytes = 8388608\n"
               "pre_vote = false\n"
               "check_quorum = false\n"
               "[storage]\n"
               "engine = \"memory\"\n"
               "block_cache_size_mb = 256\n"
               "write_buffer_size_mb = 32\n"
               "compression = \"zstd\"\n"
               "range_max_bytes = 1048576\n"
               "presplit_ranges = 9\n"
               "[gc]\n"
               "ttl_seconds = 120\n"
               "interval_seconds = 5\n"
               "[network]\n"
               "max_connections = 500\n"
               "connection_timeout_sec = 30\n"
               "max_message_size_mb = 16\n"
               "[security]\n"
               "tls_enabled = true\n"
               "certificate_path = \"/c.pem\"\n"
               "private_key_path = \"/k.pem\"\n"
               "ca_certificate_path = \"/ca.pem\"\n"
               "client_auth_required = true\n"
               "auth_method = \"scram-sha-256\"\n"
               "auth_rules = [\"local all all trust\", \"host all all all scram-sha-256\"]\n"
               "allow_cleartext_password = true\n"
               "[monitoring]\n"
               "http_address = \"0.0.0.0\"\n"
               "metrics_port = 9100\n"
               "log_level = \"warn\"\n"
               "structured_logging = true\n");
    cr_expect_str_eq(c->cluster.name, "prod");
    cr_expect_str_eq(c->cluster.cluster_id, "6f1c0c4e-0000-4000-8000-000000000001");
    cr_expect_eq(c->cluster.node_id, 3);
    cr_expect_str_eq(c->cluster.data_directory, "/var/lib/sf");
    cr_expect_str_eq(c->cluster.bind_address, "10.0.0.3:26257");
    cr_expect_str_eq(c->cluster.advertise_address, "[::1]:26257");
    cr_expect_str_eq(c->cluster.sql_address, "0.0.0.0:5432");
    cr_assert_eq(c->cluster.n_cluster_members, 3);
    cr_expect_str_eq(c->cluster.cluster_members[0], "a:1");
    cr_expect_str_eq(c->cluster.cluster_members[2], "c:3");
    cr_expect_eq(c->raft.election_timeout_ms, 1500);
    cr_expect_eq(c->raft.heartbeat_interval_ms, 150);
    cr_expect_eq(c->raft.snapshot_interval_entries, 16);
    cr_expect_eq(c->raft.snapshot_interval_bytes, 8388608);
    cr_expect_not(c->raft.pre_vote);
    cr_expect_not(c->raft.check_quorum);
    cr_expect_str_eq(c->storage.engine, "memory");
    cr_expect_eq(c->storage.block_cache_size_mb, 256);
    cr_expect_eq(c->storage.write_buffer_size_mb, 32);
    cr_expect_str_eq(c->storage.compression, "zstd");
    cr_expect_eq(c->storage.range_max_bytes, 1048576);
    cr_expect_eq(c->storage.presplit_ranges, 9);
    cr_expect_eq(c->gc.ttl_seconds, 120);
    cr_expect_eq(c->gc.interval_seconds, 5);
    cr_expect_eq(c->network.max_connections, 500);
    cr_expect_eq(c->network.connection_timeout_sec, 30);
    cr_expect_eq(c->network.max_message_size_mb, 16);
    cr_expect(c->security.tls_enabled);
    cr_expect_str_eq(c->security.certificate_path, "/c.pem");
    cr_expect_str_eq(c->security.private_key_path, "/k.pem");
    cr_expect_str_eq(c->security.ca_certificate_path, "/ca.pem");
    cr_expect(c->security.client_auth_required);
    cr_expect_str_eq(c->security.auth_method, "scram-sha-256");
    cr_assert_eq(c->security.n_auth_rules, 2);
    cr_expect_str_eq(c->security.auth_rules[1], "host all all all scram-sha-256");
    cr_expect(c->security.allow_cleartext_password);
    cr_expect_str_eq(c->monitoring.http_address, "0.0.0.0");
    cr_expect_eq(c->monitoring.metrics_port, 9100);
    cr_expect_str_eq(c->monitoring.log_level, "warn");
    cr_expect(c->monitoring.structured_logging);
    for (size_t i = 0; i < cfg_key_count(); i++)
        cr_expect_eq(c->source[i], CFG_SRC_FILE, "%s", cfg_key_name(i));
    cr_expect_eq(c->source_line[idx("cluster.name")], 3);
    cr_expect_eq(c->source_line[idx("cluster.cluster_members")], 10);
    cr_expect_eq(c->source_line[idx("raft.election_timeout_ms")], 13);
    cr_expect_str_eq(c->file_path, "shardforge.toml");
    struct err e = {0};
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);
    free(c);
}

Test(config, partial_file_keeps_other_values)
{
    struct cfg *c = fresh();
    load_ok(c, "[raft]\npre_vote = false\n\n[monitoring]\n  log_level = \"error\"\n");
    cr_expect_not(c->raft.pre_vote);
    cr_expect_str_eq(c->monitoring.log_level, "error");
    cr_expect_eq(c->source[idx("raft.pre_vote")], CFG_SRC_FILE);
    cr_expect_eq(c->source_line[idx("raft.pre_vote")], 2);
    cr_expect_eq(c->source_line[idx("monitoring.log_level")], 5);
    cr_expect_eq(c->source[idx("raft.check_quorum")], CFG_SRC_DEFAULT);
    cr_expect_eq(c->raft.election_timeout_ms, 1000);
    free(c);
}

Test(config, sections_may_be_written_any_way_toml_allows)
{
    struct cfg *c = fresh();
    load_ok(c, "raft.pre_vote = false\n"
               "storage = { engine = \"memory\", compression = \"none\" }\n"
               "[cluster]\nnode_id = 9\n");
    cr_expect_not(c->raft.pre_vote);
    cr_expect_str_eq(c->storage.engine, "memory");
    cr_expect_str_eq(c->storage.compression, "none");
    cr_expect_eq(c->cluster.node_id, 9);
    cr_expect_eq(c->source_line[idx("storage.compression")], 2);
    load_ok(c, "");
    cr_expect_eq(c->cluster.node_id, 9); /* an empty file changes nothing */
    free(c);
}

Test(config, empty_member_list)
{
    struct cfg *c = fresh();
    load_ok(c, "[cluster]\ncluster_members = [\"a:1\"]\n");
    cr_expect_eq(c->cluster.n_cluster_members, 1);
    load_ok(c, "[cluster]\ncluster_members = []\n");
    cr_expect_eq(c->cluster.n_cluster_members, 0);
    free(c);
}

Test(config, unknown_keys_and_sections)
{
    load_bad("[raft]\nelection_timout_ms = 5\n",
             "shardforge.toml:2:1: unknown key 'raft.election_timout_ms' (did you mean "
             "'election_timeout_ms'?)");
    load_bad("[raft]\n  prevote = true\n",
             "shardforge.toml:2:3: unknown key 'raft.prevote' (did you mean 'pre_vote'?)");
    load_bad("[raft]\nnode_id = 2\n",
             "shardforge.toml:2:1: unknown key 'raft.node_id' (did you mean 'cluster.node_id'?)");
    load_bad("[raft]\nxyzzy = 2\n", "shardforge.toml:2:1: unknown key 'raft.xyzzy'");
    load_bad("[rafts]\n", "shardforge.toml:1:2: unknown section [rafts] (did you mean [raft]?)");
    load_bad("[clustr.x]\n",
             "shardforge.toml:1:2: unknown section [clustr] (did you mean [cluster]?)");
    load_bad("[zzzzzzzzzz]\n", "shardforge.toml:1:2: unknown section [zzzzzzzzzz]");
    load_bad("node_id = 1\n", "shardforge.toml:1:1: unknown key 'node_id' (did you mean "
                              "'cluster.node_id' under [cluster]?)");
    load_bad("\n\nfoo = 1\n", "shardforge.toml:3:1: unknown key 'foo' (keys belong in a "
                              "[section])");
    load_bad("raft = 5\n", "shardforge.toml:1:1: 'raft' must be a section ([raft]), got "
                           "integer 5");
    load_bad("[raft.sub]\n", "shardforge.toml:1:7: unknown key 'raft.sub'");
    load_bad("[cluster]\nname.first = \"x\"\n",
             "shardforge.toml:2:1: cluster.name: expected a string, got table");
}

Test(config, wrong_types)
{
    load_bad("[raft]\nheartbeat_interval_ms = \"abc\"\n",
             "shardforge.toml:2:25: raft.heartbeat_interval_ms: expected an integer, got string "
             "\"abc\"");
    load_bad("[raft]\nheartbeat_interval_ms = 1.5\n",
             "shardforge.toml:2:25: raft.heartbeat_interval_ms: expected an integer, got float "
             "1.5");
    load_bad("[raft]\npre_vote = \"yes\"\n",
             "shardforge.toml:2:12: raft.pre_vote: expected a boolean (true/false), got string "
             "\"yes\"");
    load_bad("[raft]\npre_vote = 1\n",
             "shardforge.toml:2:12: raft.pre_vote: expected a boolean (true/false), got "
             "integer 1");
    load_bad("[cluster]\nname = 5\n",
             "shardforge.toml:2:8: cluster.name: expected a string, got integer 5");
    load_bad("[cluster]\nname = [\"a\"]\n",
             "shardforge.toml:2:8: cluster.name: expected a string, got array");
    load_bad("[cluster]\nname = {a = 1}\n",
             "shardforge.toml:2:8: cluster.name: expected a string, got table");
    load_bad("[cluster]\nname = true\n",
             "shardforge.toml:2:8: cluster.name: expected a string, got boolean true");
    load_bad("[cluster]\ncluster_members = \"a:1,b:2\"\n",
             "shardforge.toml:2:19: cluster.cluster_members: expected an array of strings, got "
             "string \"a:1,b:2\"");
    load_bad("[cluster]\ncluster_members = [\"a:1\",\n  5]\n",
             "shardforge.toml:3:3: cluster.cluster_members: entry 2: expected a string, got "
             "integer 5");
    load_bad("[storage]\nengine = 1\n",
             "shardforge.toml:2:10: storage.engine: expected one of rocksdb|memory, got "
             "integer 1");
    load_bad("[cluster]\nname = \"tab\\there \\\"q\\\"\"\nnode_id = \"x\"\n",
             "shardforge.toml:3:11: cluster.node_id: expected an integer, got string \"x\"");
    load_bad("[cluster]\nnode_id = \"a\\nb\"\n",
             "shardforge.toml:2:11: cluster.node_id: expected an integer, got string "
             "\"a\\nb\"");
}

Test(config, ranges_and_sets)
{
    load_bad("[raft]\nheartbeat_interval_ms = 0\n",
             "shardforge.toml:2:25: raft.heartbeat_interval_ms: expected an integer in "
             "1..60000, got 0");
    load_bad("[raft]\nelection_timeout_ms = 49\n",
             "shardforge.toml:2:23: raft.election_timeout_ms: expected an integer in "
             "50..600000, got 49");
    load_bad("[cluster]\nnode_id = -1\n",
             "shardforge.toml:2:11: cluster.node_id: expected an integer in "
             "1..9223372036854775807, got -1");
    load_bad("[monitoring]\nmetrics_port = 65536\n",
             "shardforge.toml:2:16: monitoring.metrics_port: expected an integer in 1..65535, "
             "got 65536");
    load_bad("[network]\nmax_connections = 0\n",
             "shardforge.toml:2:19: network.max_connections: expected an integer in "
             "1..1000000, got 0");
    load_bad("[storage]\nengine = \"leveldb\"\n",
             "shardforge.toml:2:10: storage.engine: expected one of rocksdb|memory, got string "
             "\"leveldb\"");
    load_bad("[storage]\ncompression = \"LZ4\"\n",
             "shardforge.toml:2:15: storage.compression: expected one of none|lz4|zstd, got "
             "string \"LZ4\"");
    load_bad("[security]\nauth_method = \"md5\"\n",
             "shardforge.toml:2:15: security.auth_method: expected one of "
             "trust|password|scram-sha-256|cert, got string \"md5\"");
    load_bad("[monitoring]\nlog_level = \"trace\"\n",
             "shardforge.toml:2:13: monitoring.log_level: expected one of "
             "debug|info|warn|error, got string \"trace\"");
}

Test(config, string_lengths)
{
    char *text = malloc(2000);
    char big[600];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    sprintf(text, "[cluster]\nname = \"%.511s\"\n", big); /* 511 bytes fit */
    struct cfg *c = fresh();
    load_ok(c, text);
    cr_expect_eq(strlen(c->cluster.name), 511);
    sprintf(text, "[cluster]\nname = \"%.512s\"\n", big);
    load_bad(text, "shardforge.toml:2:8: cluster.name: expected at most 511 bytes, got 512 bytes");
    sprintf(text, "[cluster]\ncluster_members = [\"a:1\", \"%s\"]\n", big);
    load_bad(text, "shardforge.toml:2:27: cluster.cluster_members: entry 2: expected at most 511 "
                   "bytes, got 599 bytes");
    /* A long value is shortened in messages. */
    sprintf(text, "[cluster]\nnode_id = \"%s\"\n", big);
    struct err e = {0};
    cr_expect_eq(cfg_load_text(c, text, strlen(text), "f", &e), ERR_CONFIG);
    cr_expect(strstr(e.msg, "xxx\"...") != NULL, "%s", e.msg);
    cr_expect_lt(strlen(e.msg), 200);
    free(text);
    free(c);
}

Test(config, too_many_members)
{
    struct sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "[cluster]\ncluster_members = [");
    for (int i = 0; i < 64; i++)
        sbuf_printf(&b, "\"h%d:1\",", i);
    sbuf_puts(&b, "]\n");
    struct cfg *c = fresh();
    load_ok(c, b.data);
    cr_expect_eq(c->cluster.n_cluster_members, 64);
    cr_expect_str_eq(c->cluster.cluster_members[63], "h63:1");
    sbuf_reset(&b);
    sbuf_puts(&b, "[cluster]\ncluster_members = [");
    for (int i = 0; i < 65; i++)
        sbuf_printf(&b, "\"h%d:1\",", i);
    sbuf_puts(&b, "]\n");
    load_bad(b.data, "shardforge.toml:2:19: cluster.cluster_members: expected at most 64 entries, "
                     "got 65");
    sbuf_free(&b);
    free(c);
}

Test(config, syntax_errors_pass_through)
{
    load_bad("[raft]\npre_vote = tru\n",
             "shardforge.toml:2:12: invalid value 'tru' (strings must be quoted)");
    load_bad("[cluster]\nname = \"unterminated\n", "shardforge.toml:2:8: unterminated string");
    load_bad("[raft]\n[raft]\n", "shardforge.toml:2:1: table [raft] is defined more than once");
}

Test(config, failed_load_leaves_config_unchanged)
{
    struct cfg *c = fresh();
    load_ok(c, "[cluster]\nnode_id = 4\n");
    struct cfg *before = malloc(sizeof(*before));
    memcpy(before, c, sizeof(*c));
    struct err e = {0};
    const char *text = "[cluster]\nnode_id = 5\nname = \"n\"\n[raft]\npre_vote = 3\n";
    cr_expect_eq(cfg_load_text(c, text, strlen(text), "other.toml", &e), ERR_CONFIG);
    cr_expect(memcmp(c, before, sizeof(*c)) == 0);
    cr_expect_str_eq(c->file_path, "shardforge.toml");
    free(before);
    free(c);
}

Test(config, text_need_not_be_nul_terminated)
{
    struct cfg *c = fresh();
    struct err e = {0};
    const char *text = "[cluster]\nnode_id = 12";
    char *copy = malloc(strlen(text));
    memcpy(copy, text, strlen(text));
    cr_assert_eq(cfg_load_text(c, copy, strlen(text) - 1, "t", &e), 0, "%s", e.msg);
    cr_expect_eq(c->cluster.node_id, 1);
    free(copy);
    free(c);
}

Test(config, size_limit)
{
    size_t n = 1024 * 1024 + 1;
    char *text = malloc(n);
    memset(text, '\n', n);
    struct cfg *c = fresh();
    struct err e = {0};
    cr_expect_eq(cfg_load_text(c, text, n, "big.toml", &e), ERR_CONFIG);
    cr_expect_str_eq(e.msg, "big.toml: file is larger than 1 MiB (1048577 bytes)");
    cr_expect_eq(cfg_load_text(c, text, n - 1, "ok.toml", &e), 0, "%s", e.msg);
    free(text);
    free(c);
}

/* ---- cfg_load_file ------------------------------------------------------ */

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/sf_test_config_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    cr_expect_eq(system(cmd), 0);
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    fclose(f);
}

Test(config_file, load_file, .init = make_tmpdir, .fini = remove_tmpdir)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/shardforge.toml", tmpdir);
    const char *text = "[cluster]\nnode_id = 7\n[raft]\npre_vote = false\n";
    write_file(path, text, strlen(text));
    struct cfg *c = fresh();
    struct err e = {0};
    cr_assert_eq(cfg_load_file(c, path, &e), 0, "%s", e.msg);
    cr_expect_eq(c->cluster.node_id, 7);
    cr_expect_not(c->raft.pre_vote);
    cr_expect_str_eq(c->file_path, path);
    cr_expect_eq(c->source_line[idx("raft.pre_vote")], 4);

    text = "[raft]\npre_vote = maybe\n";
    write_file(path, text, strlen(text));
    char want[256];
    snprintf(want, sizeof(want), "%s:2:12: invalid value 'maybe' (strings must be quoted)", path);
    cr_expect_eq(cfg_load_file(c, path, &e), ERR_CONFIG);
    cr_expect_str_eq(e.msg, want);
    free(c);
}

Test(config_file, unreadable_files, .init = make_tmpdir, .fini = remove_tmpdir)
{
    char path[128], want[256];
    struct cfg *c = fresh();
    struct err e = {0};

    snprintf(path, sizeof(path), "%s/missing.toml", tmpdir);
    cr_expect_eq(cfg_load_file(c, path, &e), ERR_NOTFOUND);
    snprintf(want, sizeof(want), "%s: No such file or directory", path);
    cr_expect_str_eq(e.msg, want);

    cr_expect_eq(cfg_load_file(c, tmpdir, &e), ERR_IO);
    snprintf(want, sizeof(want), "%s: Is a directory", tmpdir);
    cr_expect_str_eq(e.msg, want);

    snprintf(path, sizeof(path), "%s/big.toml", tmpdir);
    size_t n = 1024 * 1024 + 10;
    char *text = malloc(n);
    memset(text, '#', n);
    write_file(path, text, n);
    free(text);
    cr_expect_eq(cfg_load_file(c, path, &e), ERR_CONFIG);
    snprintf(want, sizeof(want), "%s: file is larger than 1 MiB", path);
    cr_expect_str_eq(e.msg, want);

    if (geteuid() != 0) { /* root reads anything */
        snprintf(path, sizeof(path), "%s/secret.toml", tmpdir);
        write_file(path, "", 0);
        chmod(path, 0);
        cr_expect_eq(cfg_load_file(c, path, &e), ERR_IO);
        snprintf(want, sizeof(want), "%s: Permission denied", path);
        cr_expect_str_eq(e.msg, want);
    }
    free(c);
}

/* ---- environment -------------------------------------------------------- */

Test(config, environment)
{
    struct cfg *c = fresh();
    char *envp[] = {
        "PATH=/usr/bin",
        "SHARDFORGE_RAFT_PRE_VOTE=false",
        "SHARDFORGE_CLUSTER_NODE_ID=42",
        "SHARDFORGE_CLUSTER_CLUSTER_MEMBERS=a:1,b:2 , c:3",
        "SHARDFORGE_STORAGE_ENGINE=memory",
        "SHARDFORGE_MONITORING_STRUCTURED_LOGGING=ON",
        "SHARDFORGE_SECURITY_CA_CERTIFICATE_PATH=/ca dir/ca.pem",
        "SHARDFORGE_CONFIG=/etc/sf.toml",
        "SHARDFORGE_DATA_DIR=/data",
        "SHARDFORGE_NO_EQUALS_SIGN",
        "shardforge_raft_pre_vote=true",
        NULL,
    };
    struct err e = {0};
    cr_assert_eq(cfg_load_env(c, envp, &e), 0, "%s", e.msg);
    cr_expect_not(c->raft.pre_vote);
    cr_expect_eq(c->cluster.node_id, 42);
    cr_assert_eq(c->cluster.n_cluster_members, 3);
    cr_expect_str_eq(c->cluster.cluster_members[1], "b:2");
    cr_expect_str_eq(c->cluster.cluster_members[2], "c:3");
    cr_expect_str_eq(c->storage.engine, "memory");
    cr_expect(c->monitoring.structured_logging);
    cr_expect_str_eq(c->security.ca_certificate_path, "/ca dir/ca.pem");
    cr_expect_str_eq(c->cluster.data_directory, "./data"); /* DATA_DIR is the CLI's */
    cr_expect_eq(c->source[idx("raft.pre_vote")], CFG_SRC_ENV);
    cr_expect_eq(c->source[idx("cluster.cluster_members")], CFG_SRC_ENV);
    cr_expect_eq(c->source[idx("raft.check_quorum")], CFG_SRC_DEFAULT);
    cr_expect_eq(cfg_load_env(c, NULL, &e), 0);
    free(c);
}

Test(config, environment_values)
{
    static const struct {
        const char *text;
        bool want;
    } bools[] = {{"true", true},   {"TRUE", true}, {"on", true}, {"1", true},
                 {"false", false}, {"Off", false}, {"0", false}};
    for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
        struct cfg *c = fresh();
        char var[64];
        snprintf(var, sizeof(var), "SHARDFORGE_SECURITY_TLS_ENABLED=%s", bools[i].text);
        char *envp[] = {var, NULL};
        struct err e = {0};
        cr_assert_eq(cfg_load_env(c, envp, &e), 0, "%s", e.msg);
        cr_expect_eq(c->security.tls_enabled, bools[i].want, "%s", bools[i].text);
        free(c);
    }
    struct cfg *c = fresh();
    char *envp[] = {"SHARDFORGE_CLUSTER_CLUSTER_MEMBERS=",
                    "SHARDFORGE_RAFT_HEARTBEAT_INTERVAL_MS=+7", "SHARDFORGE_CLUSTER_NAME=", NULL};
    c->cluster.n_cluster_members = 1;
    struct err e = {0};
    cr_assert_eq(cfg_load_env(c, envp, &e), 0, "%s", e.msg);
    cr_expect_eq(c->cluster.n_cluster_members, 0);
    cr_expect_eq(c->raft.heartbeat_interval_ms, 7);
    cr_expect_str_eq(c->cluster.name, ""); /* cfg_validate refuses it */
    free(c);
}

Test(config, environment_errors)
{
    env_bad((char *[]){"SHARDFORGE_RAFT_PRE_VOTE=maybe", NULL},
            "environment SHARDFORGE_RAFT_PRE_VOTE: expected a boolean (true/false), got "
            "\"maybe\"");
    env_bad((char *[]){"SHARDFORGE_RAFT_PREVOTE=false", NULL},
            "environment SHARDFORGE_RAFT_PREVOTE: unknown variable (did you mean "
            "SHARDFORGE_RAFT_PRE_VOTE?)");
    env_bad((char *[]){"SHARDFORGE_ELECTION_TIMEOUT_MS=5", NULL},
            "environment SHARDFORGE_ELECTION_TIMEOUT_MS: unknown variable (did you mean "
            "SHARDFORGE_RAFT_ELECTION_TIMEOUT_MS?)");
    env_bad((char *[]){"SHARDFORGE_XYZZY=1", NULL},
            "environment SHARDFORGE_XYZZY: unknown variable");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NODE_ID=abc", NULL},
            "environment SHARDFORGE_CLUSTER_NODE_ID: expected an integer, got \"abc\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NODE_ID=", NULL},
            "environment SHARDFORGE_CLUSTER_NODE_ID: expected an integer, got \"\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NODE_ID=1.5", NULL},
            "environment SHARDFORGE_CLUSTER_NODE_ID: expected an integer, got \"1.5\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NODE_ID=99999999999999999999", NULL},
            "environment SHARDFORGE_CLUSTER_NODE_ID: expected an integer, got "
            "\"99999999999999999999\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NODE_ID=0", NULL},
            "environment SHARDFORGE_CLUSTER_NODE_ID: expected an integer in "
            "1..9223372036854775807, got 0");
    env_bad((char *[]){"SHARDFORGE_STORAGE_COMPRESSION=gzip", NULL},
            "environment SHARDFORGE_STORAGE_COMPRESSION: expected one of none|lz4|zstd, got "
            "\"gzip\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_CLUSTER_MEMBERS=a:1,,b:2", NULL},
            "environment SHARDFORGE_CLUSTER_CLUSTER_MEMBERS: entry 2 is empty in \"a:1,,b:2\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_CLUSTER_MEMBERS=a:1,", NULL},
            "environment SHARDFORGE_CLUSTER_CLUSTER_MEMBERS: entry 2 is empty in \"a:1,\"");
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NAME=caf\xe9", NULL},
            "environment SHARDFORGE_CLUSTER_NAME: expected UTF-8 text, got \"caf\\uFFFD\"");
    /* The first bad variable stops the load; nothing of it applies. */
    env_bad((char *[]){"SHARDFORGE_CLUSTER_NODE_ID=5", "SHARDFORGE_RAFT_PRE_VOTE=x", NULL},
            "environment SHARDFORGE_RAFT_PRE_VOTE: expected a boolean (true/false), got \"x\"");
}

Test(config, too_many_members_from_environment)
{
    struct sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "SHARDFORGE_CLUSTER_CLUSTER_MEMBERS=");
    for (int i = 0; i < 65; i++)
        sbuf_printf(&b, "%sh:%d", i ? "," : "", i + 1);
    char *envp[] = {b.data, NULL};
    struct cfg *c = fresh();
    struct err e = {0};
    cr_expect_eq(cfg_load_env(c, envp, &e), ERR_CONFIG);
    cr_expect(strstr(e.msg, "expected at most 64 entries, got more in \"h:1,h:2,") != NULL, "%s",
              e.msg);
    sbuf_free(&b);
    free(c);
}

/* ---- cfg_set ------------------------------------------------------------ */

Test(config, set)
{
    struct cfg *c = fresh();
    struct err e = {0};
    cr_assert_eq(cfg_set(c, "raft.pre_vote", "off", CFG_SRC_FLAG, &e), 0, "%s", e.msg);
    cr_assert_eq(cfg_set(c, "cluster.node_id", "-0", CFG_SRC_FLAG, &e), ERR_CONFIG);
    cr_assert_eq(cfg_set(c, "cluster.node_id", "17", CFG_SRC_FLAG, &e), 0, "%s", e.msg);
    cr_assert_eq(cfg_set(c, "cluster.data_directory", " /d ", CFG_SRC_FLAG, &e), 0, "%s", e.msg);
    cr_assert_eq(cfg_set(c, "cluster.cluster_members", "x:1", CFG_SRC_FLAG, &e), 0, "%s", e.msg);
    cr_assert_eq(cfg_set(c, "monitoring.log_level", "debug", CFG_SRC_ENV, &e), 0, "%s", e.msg);
    cr_expect_not(c->raft.pre_vote);
    cr_expect_eq(c->cluster.node_id, 17);
    cr_expect_str_eq(c->cluster.data_directory, " /d "); /* strings are taken as is */
    cr_expect_eq(c->cluster.n_cluster_members, 1);
    cr_expect_str_eq(c->monitoring.log_level, "debug");
    cr_expect_eq(c->source[idx("raft.pre_vote")], CFG_SRC_FLAG);
    cr_expect_eq(c->source[idx("monitoring.log_level")], CFG_SRC_ENV);
    free(c);
}

Test(config, set_errors)
{
    set_bad("raft.pre_vote", "maybe",
            "raft.pre_vote: expected a boolean (true/false), got \"maybe\"");
    set_bad("raft.prevote", "true", "unknown key 'raft.prevote' (did you mean 'raft.pre_vote'?)");
    set_bad("pre_vote", "true", "unknown key 'pre_vote' (did you mean 'raft.pre_vote'?)");
    set_bad("nothing.like.it", "1", "unknown key 'nothing.like.it'");
    set_bad("cluster.node_id", "seven", "cluster.node_id: expected an integer, got \"seven\"");
    set_bad("cluster.node_id", "0",
            "cluster.node_id: expected an integer in 1..9223372036854775807, got 0");
    set_bad("storage.engine", "leveldb",
            "storage.engine: expected one of rocksdb|memory, got \"leveldb\"");
    set_bad("monitoring.metrics_port", "-1",
            "monitoring.metrics_port: expected an integer in 1..65535, got -1");
    set_bad("cluster.name", NULL, "cluster.name: expected a value");
}

/* text has a line "<start><spaces><end>" (cfg_print aligns comments). */
static void expect_line(const char *text, const char *start, const char *end)
{
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (!str_has_prefix(p, start))
            continue;
        const char *q = p + strlen(start);
        while (*q == ' ')
            q++;
        if (q - p < (long)strlen(start) + 2)
            break; /* at least two spaces before the comment */
        cr_expect(strncmp(q, end, strlen(end)) == 0 && q[strlen(end)] == '\n',
                  "line '%s...' does not end in '%s':\n%s", start, end, text);
        return;
    }
    cr_expect_fail("no line '%s  %s' in:\n%s", start, end, text);
}

/* ---- layering ----------------------------------------------------------- */

Test(config, file_then_env_then_flag)
{
    struct cfg *c = fresh();
    struct err e = {0};
    load_ok(c, "[raft]\nheartbeat_interval_ms = 200\nelection_timeout_ms = 2000\n"
               "[monitoring]\nlog_level = \"warn\"\n");
    char *envp[] = {"SHARDFORGE_RAFT_HEARTBEAT_INTERVAL_MS=300",
                    "SHARDFORGE_MONITORING_LOG_LEVEL=error", NULL};
    cr_assert_eq(cfg_load_env(c, envp, &e), 0, "%s", e.msg);
    cr_assert_eq(cfg_set(c, "raft.heartbeat_interval_ms", "400", CFG_SRC_FLAG, &e), 0);

    cr_expect_eq(c->raft.heartbeat_interval_ms, 400);
    cr_expect_eq(c->source[idx("raft.heartbeat_interval_ms")], CFG_SRC_FLAG);
    cr_expect_str_eq(c->monitoring.log_level, "error");
    cr_expect_eq(c->source[idx("monitoring.log_level")], CFG_SRC_ENV);
    cr_expect_eq(c->raft.election_timeout_ms, 2000);
    cr_expect_eq(c->source[idx("raft.election_timeout_ms")], CFG_SRC_FILE);
    cr_expect_eq(c->source_line[idx("raft.election_timeout_ms")], 3);
    cr_expect_eq(c->network.max_connections, 100);
    cr_expect_eq(c->source[idx("network.max_connections")], CFG_SRC_DEFAULT);

    struct sbuf out;
    sbuf_init(&out);
    cfg_print(c, &out);
    expect_line(out.data, "heartbeat_interval_ms = 400", "# flag");
    expect_line(out.data, "election_timeout_ms = 2000", "# file shardforge.toml:3");
    expect_line(out.data, "log_level = \"error\"", "# env SHARDFORGE_MONITORING_LOG_LEVEL");
    expect_line(out.data, "max_connections = 100", "# default");
    sbuf_free(&out);
    free(c);
}

/* ---- validation --------------------------------------------------------- */

Test(config, validate_sources_in_messages)
{
    struct cfg *c = fresh();
    struct err e = {0};
    load_ok(c, "[cluster]\n\nbind_address = \"localhost\"\n");
    validate_bad(c, "cluster.bind_address = \"localhost\" (shardforge.toml:3): not a valid address "
                    "(allowed: host:port or [ipv6]:port, port 1..65535)");
    cfg_defaults(c);
    char *envp[] = {"SHARDFORGE_CLUSTER_BIND_ADDRESS=host:0", NULL};
    cr_assert_eq(cfg_load_env(c, envp, &e), 0, "%s", e.msg);
    validate_bad(c, "cluster.bind_address = \"host:0\" (environment "
                    "SHARDFORGE_CLUSTER_BIND_ADDRESS): not a valid address (allowed: host:port "
                    "or [ipv6]:port, port 1..65535)");
    cr_assert_eq(cfg_set(c, "cluster.bind_address", "a:b:c", CFG_SRC_FLAG, &e), 0);
    validate_bad(c, "cluster.bind_address = \"a:b:c\" (command line): not a valid address "
                    "(allowed: host:port or [ipv6]:port, port 1..65535)");
    cfg_defaults(c);
    strcpy(c->cluster.bind_address, "nope");
    validate_bad(c, "cluster.bind_address = \"nope\" (default): not a valid address (allowed: "
                    "host:port or [ipv6]:port, port 1..65535)");
    free(c);
}

Test(config, validate_rules)
{
    struct cfg *c = fresh();

    cfg_defaults(c);
    c->cluster.name[0] = '\0';
    validate_bad(c, "cluster.name = \"\" (default): must not be empty");

    cfg_defaults(c);
    c->cluster.node_id = 0;
    validate_bad(c, "cluster.node_id = 0 (default): out of range (allowed: "
                    "1..9223372036854775807)");

    cfg_defaults(c);
    c->cluster.data_directory[0] = '\0';
    validate_bad(c, "cluster.data_directory = \"\" (default): must not be empty");

    cfg_defaults(c);
    strcpy(c->cluster.advertise_address, "10.0.0.1");
    validate_bad(c, "cluster.advertise_address = \"10.0.0.1\" (default): not a valid address "
                    "(allowed: \"\" for bind_address, host:port or [ipv6]:port, port 1..65535)");
    strcpy(c->cluster.advertise_address, "[fe80::1]:26257");
    struct err e = {0};
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);

    cfg_defaults(c);
    strcpy(c->cluster.sql_address, "127.0.0.1:99999");
    validate_bad(c, "cluster.sql_address = \"127.0.0.1:99999\" (default): not a valid address "
                    "(allowed: host:port or [ipv6]:port, port 1..65535)");

    cfg_defaults(c);
    cr_assert_eq(cfg_set(c, "cluster.cluster_members", "a:1,b,c:3", CFG_SRC_FLAG, &e), 0);
    validate_bad(c, "cluster.cluster_members = [\"a:1\", \"b\", \"c:3\"] (command line): entry 2 "
                    "\"b\" is not a valid address (allowed: host:port or [ipv6]:port, port "
                    "1..65535)");
    c->cluster.n_cluster_members = 65;
    cr_expect_eq(cfg_validate(c, &e), ERR_CONFIG);
    cr_expect(str_has_prefix(e.msg, "cluster.cluster_members = [\"a:1\", \"b\", \"c:3\", \"\", "),
              "%s", e.msg);
    cr_expect(strstr(e.msg, "... (command line): too many entries (allowed: at most 64)") != NULL,
              "%s", e.msg);

    cfg_defaults(c);
    c->raft.election_timeout_ms = 40;
    validate_bad(c, "raft.election_timeout_ms = 40 (default): out of range (allowed: 50..600000)");

    cfg_defaults(c);
    load_ok(c, "[raft]\nheartbeat_interval_ms = 500\n");
    validate_bad(c, "raft.election_timeout_ms = 1000 (default): must be greater than 2 x "
                    "raft.heartbeat_interval_ms (2 x 500 = 1000, shardforge.toml:2)");
    c->raft.election_timeout_ms = 1001;
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);

    cfg_defaults(c);
    c->raft.heartbeat_interval_ms = 0;
    validate_bad(c, "raft.heartbeat_interval_ms = 0 (default): out of range (allowed: 1..60000)");

    cfg_defaults(c);
    c->raft.snapshot_interval_entries = 0;
    validate_bad(c, "raft.snapshot_interval_entries = 0 (default): out of range (allowed: "
                    "1..1000000000)");

    cfg_defaults(c);
    c->raft.snapshot_interval_bytes = 4096;
    validate_bad(c, "raft.snapshot_interval_bytes = 4096 (default): out of range (allowed: "
                    "1048576..9223372036854775807)");

    cfg_defaults(c);
    strcpy(c->storage.engine, "leveldb");
    validate_bad(c, "storage.engine = \"leveldb\" (default): not allowed (allowed: rocksdb, "
                    "memory)");

    cfg_defaults(c);
    strcpy(c->storage.compression, "gzip");
    validate_bad(c, "storage.compression = \"gzip\" (default): not allowed (allowed: none, lz4, "
                    "zstd)");

    cfg_defaults(c);
    c->storage.block_cache_size_mb = 0;
    validate_bad(c, "storage.block_cache_size_mb = 0 (default): out of range (allowed: "
                    "1..1048576)");
    cfg_defaults(c);
    c->storage.write_buffer_size_mb = -5;
    validate_bad(c, "storage.write_buffer_size_mb = -5 (default): out of range (allowed: "
                    "1..65536)");
    cfg_defaults(c);
    c->storage.range_max_bytes = 0;
    validate_bad(c, "storage.range_max_bytes = 0 (default): out of range (allowed: "
                    "1..1099511627776)");

    cfg_defaults(c);
    c->network.max_connections = 0;
    validate_bad(c, "network.max_connections = 0 (default): out of range (allowed: 1..1000000)");
    cfg_defaults(c);
    c->network.connection_timeout_sec = 0;
    validate_bad(c, "network.connection_timeout_sec = 0 (default): out of range (allowed: "
                    "1..86400)");
    cfg_defaults(c);
    c->network.max_message_size_mb = 0;
    validate_bad(c, "network.max_message_size_mb = 0 (default): out of range (allowed: 1..1024)");

    cfg_defaults(c);
    strcpy(c->security.auth_method, "md5");
    validate_bad(c, "security.auth_method = \"md5\" (default): not allowed (allowed: trust, "
                    "password, scram-sha-256, cert)");

    cfg_defaults(c);
    c->monitoring.http_address[0] = '\0';
    validate_bad(c, "monitoring.http_address = \"\" (default): must not be empty");
    cfg_defaults(c);
    c->monitoring.metrics_port = 0;
    validate_bad(c, "monitoring.metrics_port = 0 (default): out of range (allowed: 1..65535)");
    c->monitoring.metrics_port = 65536;
    validate_bad(c, "monitoring.metrics_port = 65536 (default): out of range (allowed: 1..65535)");
    cfg_defaults(c);
    strcpy(c->monitoring.log_level, "trace");
    validate_bad(c, "monitoring.log_level = \"trace\" (default): not allowed (allowed: debug, "
                    "info, warn, error)");
    free(c);
}

Test(config, validate_tls_paths)
{
    struct cfg *c = fresh();
    struct err e = {0};
    cr_assert_eq(cfg_set(c, "security.tls_enabled", "true", CFG_SRC_FLAG, &e), 0);
    validate_bad(c, "security.certificate_path = \"\" (default): must be set when "
                    "security.tls_enabled = true (command line)");
    load_ok(c, "[security]\ncertificate_path = \"/c.pem\"\n");
    validate_bad(c, "security.private_key_path = \"\" (default): must be set when "
                    "security.tls_enabled = true (command line)");
    cr_assert_eq(cfg_set(c, "security.private_key_path", "/k.pem", CFG_SRC_FLAG, &e), 0);
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);
    cr_assert_eq(cfg_set(c, "security.tls_enabled", "false", CFG_SRC_FLAG, &e), 0);
    c->security.certificate_path[0] = '\0';
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);
    free(c);
}

Test(config, validate_client_certificates)
{
    struct cfg *c = fresh();
    struct err e = {0};
    cr_assert_eq(cfg_set(c, "security.client_auth_required", "true", CFG_SRC_FLAG, &e), 0);
    validate_bad(c, "security.tls_enabled = false (default): must be true when "
                    "security.client_auth_required = true is used (command line)");
    cr_assert_eq(cfg_set(c, "security.tls_enabled", "true", CFG_SRC_FLAG, &e), 0);
    cr_assert_eq(cfg_set(c, "security.certificate_path", "/c.pem", CFG_SRC_FLAG, &e), 0);
    cr_assert_eq(cfg_set(c, "security.private_key_path", "/k.pem", CFG_SRC_FLAG, &e), 0);
    validate_bad(c, "security.ca_certificate_path = \"\" (default): must be set when "
                    "security.client_auth_required = true is used (command line): client "
                    "certificates are checked against it");
    cr_assert_eq(cfg_set(c, "security.client_auth_required", "false", CFG_SRC_FLAG, &e), 0);
    cr_assert_eq(cfg_set(c, "security.auth_rules", "hostssl all all all cert", CFG_SRC_FLAG, &e),
                 0);
    validate_bad(c, "security.ca_certificate_path = \"\" (default): must be set when the cert "
                    "authentication method is used (command line): client certificates are "
                    "checked against it");
    cr_assert_eq(cfg_set(c, "security.ca_certificate_path", "/ca.pem", CFG_SRC_FLAG, &e), 0);
    cr_expect_eq(cfg_validate(c, &e), 0, "%s", e.msg);
    free(c);
}

/* ---- rendering ---------------------------------------------------------- */

Test(config, print_is_toml_with_sources)
{
    struct cfg *c = fresh();
    struct err e = {0};
    load_ok(c, "[cluster]\nname = \"q\\\"uote\"\n");
    cr_assert_eq(cfg_set(c, "raft.pre_vote", "false", CFG_SRC_FLAG, &e), 0);
    struct sbuf out;
    sbuf_init(&out);
    cfg_print(c, &out);
    cr_expect(str_has_prefix(out.data, "[cluster]\nname = \"q\\\"uote\"  "), "%s", out.data);
    cr_expect(strstr(out.data, "# file shardforge.toml:2\n") != NULL);
    cr_expect(strstr(out.data, "pre_vote = false  ") != NULL);
    cr_expect(strstr(out.data, "\n[monitoring]\n") != NULL);
    /* The printed configuration loads back to the same values. */
    struct cfg *d = fresh();
    cr_assert_eq(cfg_load_text(d, out.data, out.len, "printed", &e), 0, "%s", e.msg);
    cr_expect_str_eq(d->cluster.name, "q\"uote");
    cr_expect_not(d->raft.pre_vote);
    sbuf_free(&out);
    free(d);
    free(c);
}

/* Every key's value in a and b is the same. */
static void expect_same_values(const struct cfg *a, const struct cfg *b)
{
    struct sbuf pa, pb;
    sbuf_init(&pa);
    sbuf_init(&pb);
    struct cfg *ca = malloc(sizeof(*ca)), *cb = malloc(sizeof(*cb));
    memcpy(ca, a, sizeof(*ca));
    memcpy(cb, b, sizeof(*cb));
    /* Compare the printed values with sources masked. */
    for (size_t i = 0; i < cfg_key_count(); i++) {
        ca->source[i] = cb->source[i] = CFG_SRC_DEFAULT;
    }
    cfg_print(ca, &pa);
    cfg_print(cb, &pb);
    cr_expect_str_eq(pa.data, pb.data);
    sbuf_free(&pa);
    sbuf_free(&pb);
    free(ca);
    free(cb);
}

Test(config, render_file_round_trip)
{
    struct cfg *c = fresh();
    struct err e = {0};
    char *envp[] = {"SHARDFORGE_CLUSTER_NAME=we\"ird\\ na\tme \xc3\xa9 \xf0\x9f\x98\x80",
                    "SHARDFORGE_CLUSTER_CLUSTER_MEMBERS=a:1,[::1]:2",
                    "SHARDFORGE_RAFT_PRE_VOTE=false",
                    "SHARDFORGE_CLUSTER_NODE_ID=9223372036854775807",
                    "SHARDFORGE_STORAGE_COMPRESSION=none",
                    "SHARDFORGE_SECURITY_CA_CERTIFICATE_PATH=line1\nline2\x01",
                    "SHARDFORGE_MONITORING_STRUCTURED_LOGGING=true",
                    NULL};
    cr_assert_eq(cfg_load_env(c, envp, &e), 0, "%s", e.msg);

    struct sbuf out;
    sbuf_init(&out);
    cfg_render_file(c, &out);
    cr_expect(str_has_prefix(out.data, "# shardforge.toml"), "%s", out.data);
    cr_expect(strstr(out.data, "\n[raft]\n# ") != NULL);
    cr_expect(strstr(out.data, "(default: true)\npre_vote = false\n") != NULL, "%s", out.data);
    cr_expect(strstr(out.data, "(default: \"lz4\")\ncompression = \"none\"\n") != NULL);
    cr_expect(strstr(out.data, "(default: [])\ncluster_members = [\"a:1\", \"[::1]:2\"]\n") !=
              NULL);
    /* every key is preceded by its help line */
    for (size_t i = 0; i < cfg_key_count(); i++) {
        const char *key = strchr(cfg_key_name(i), '.') + 1;
        char needle[96];
        snprintf(needle, sizeof(needle), ")\n%s = ", key);
        cr_expect(strstr(out.data, needle) != NULL, "%s has no help line", key);
    }

    struct cfg *d = fresh();
    cr_assert_eq(cfg_load_text(d, out.data, out.len, "rendered.toml", &e), 0, "%s\n%s", e.msg,
                 out.data);
    expect_same_values(c, d);
    cr_expect_str_eq(d->cluster.name, "we\"ird\\ na\tme \xc3\xa9 \xf0\x9f\x98\x80");
    cr_expect_str_eq(d->security.ca_certificate_path, "line1\nline2\x01");
    cr_expect_eq(d->cluster.node_id, INT64_MAX);

    /* The defaults render and load back too. */
    struct cfg *def = fresh();
    sbuf_reset(&out);
    cfg_render_file(def, &out);
    cfg_defaults(d);
    d->cluster.node_id = 5;
    cr_assert_eq(cfg_load_text(d, out.data, out.len, "rendered.toml", &e), 0, "%s", e.msg);
    expect_same_values(def, d);
    cr_expect_eq(cfg_validate(d, &e), 0, "%s", e.msg);

    sbuf_free(&out);
    free(def);
    free(d);
    free(c);
}

Test(config, render_replaces_invalid_utf8)
{
    struct cfg *c = fresh();
    strcpy(c->cluster.name, "bad\xff");
    struct sbuf out;
    sbuf_init(&out);
    cfg_render_file(c, &out);
    cr_expect(strstr(out.data, "name = \"bad\\uFFFD\"\n") != NULL);
    struct cfg *d = fresh();
    struct err e = {0};
    cr_expect_eq(cfg_load_text(d, out.data, out.len, "r", &e), 0, "%s", e.msg);
    sbuf_free(&out);
    free(d);
    free(c);
}

Test(config, doc_markdown)
{
    struct sbuf out;
    sbuf_init(&out);
    cfg_doc_markdown(&out);
    cr_expect(
        str_has_prefix(out.data, "| key | default | reload | meaning |\n|---|---|---|---|\n"));
    size_t lines = 0;
    for (const char *p = out.data; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 2 + cfg_key_count());
    for (size_t i = 0; i < cfg_key_count(); i++) {
        char needle[96];
        snprintf(needle, sizeof(needle), "| `%s` | `", cfg_key_name(i));
        cr_expect(strstr(out.data, needle) != NULL, "%s missing", cfg_key_name(i));
    }
    cr_expect(strstr(out.data, "| `monitoring.log_level` | `\"info\"` | yes | ") != NULL);
    cr_expect(strstr(out.data, "| `raft.pre_vote` | `true` | no | ") != NULL);
    cr_expect(strstr(out.data, "One of: rocksdb, memory.") != NULL);
    cr_expect(strstr(out.data, "Range 50..600000.") != NULL);
    sbuf_free(&out);
}

/* ---- reload ------------------------------------------------------------- */

Test(config, reload_copies_only_reloadable_keys)
{
    struct cfg *c = fresh(), *next = fresh();
    struct err e = {0};
    load_ok(next, "[monitoring]\nlog_level = \"debug\"\nstructured_logging = true\n"
                  "[cluster]\nnode_id = 8\n");
    struct sbuf out;
    sbuf_init(&out);
    cr_expect_eq(cfg_reload(c, next, &out), 2);
    cr_expect_str_eq(out.data, "monitoring.log_level: info -> debug\n"
                               "monitoring.structured_logging: false -> true\n");
    cr_expect_str_eq(c->monitoring.log_level, "debug");
    cr_expect(c->monitoring.structured_logging);
    cr_expect_eq(c->source[idx("monitoring.log_level")], CFG_SRC_FILE);
    cr_expect_eq(c->source_line[idx("monitoring.log_level")], 2);
    cr_expect_eq(c->cluster.node_id, 1); /* needs a restart */
    cr_expect_eq(c->source[idx("cluster.node_id")], CFG_SRC_DEFAULT);

    sbuf_reset(&out);
    cr_expect_eq(cfg_reload(c, next, &out), 0); /* nothing changed */
    cr_expect_eq(out.len, 0);
    cr_assert_eq(cfg_set(next, "monitoring.log_level", "error", CFG_SRC_FLAG, &e), 0);
    cr_expect_eq(cfg_reload(c, next, NULL), 1);
    cr_expect_str_eq(c->monitoring.log_level, "error");
    sbuf_free(&out);
    free(next);
    free(c);
}
