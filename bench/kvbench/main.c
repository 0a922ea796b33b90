/* main.c — kvbench: ShardForge's kv layer against raw RocksDB, one run.
 *
 * Usage: kvbench [--dir DIR] [--keys N] [--seconds S | --ops N] [--rounds R]
 *                [--threads 1,4,16] [--value-size B] [--engine rocksdb|memory]
 *                [--side both|raw|shardforge] [--op both|write|read]
 *                [--pause S] [--keep] [--smoke]
 *
 * Opens and preloads both sides, then for every thread count runs a write
 * phase and a read phase. A phase is cut into --rounds slices that
 * alternate the sides (raw, ShardForge, raw, ShardForge, ...), so that a
 * change in the machine's load or disk state hits both alike — on a shared
 * machine this matters more than anything else. It prints one line per
 * side and phase, a summary table, the peak RSS and, as its last line,
 * `ratio write=<x.xx> read=<y.yy>`: ShardForge's ops/s over raw RocksDB's
 * at the largest thread count. --side and --op restrict a run (profiling,
 * the RSS of one side alone); the ratio line needs both sides and both
 * operations.
 *
 * Exit status: 0 when every operation succeeded and every read found its
 * key; 1 when a side failed to open or operations failed; 2 for bad flags.
 * Missing the performance targets does not fail the run: benchmarks are not
 * tests (DESIGN.md §11); the report says whether they are met.
 */
#include "kvbench.h"

#include "common/config.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define TARGET_WRITE 0.5
#define TARGET_READ  0.5

struct side_results {
    bool ran;
    struct kvb_result write[KVB_MAX_PHASES];
    struct kvb_result read[KVB_MAX_PHASES];
};

static void usage(FILE *out)
{
    fprintf(out, "usage: kvbench [options]\n"
                 "  --dir DIR         where the data goes (a kvbench-XXXXXX directory is made\n"
                 "                    in it and removed at the end; default $TMPDIR or /tmp)\n"
                 "  --keys N          preloaded keys, read and overwritten (default 100000)\n"
                 "  --seconds S       length of each phase (default 5)\n"
                 "  --ops N           operations per phase instead of a time\n"
                 "  --rounds R        slices per phase, alternating the sides (default 5)\n"
                 "  --pause S         idle seconds before each phase (default 0)\n"
                 "  --threads LIST    comma-separated thread counts (default 1,4,16)\n"
                 "  --value-size B    bytes per value (default 100)\n"
                 "  --engine E        ShardForge's engine: rocksdb (default) or memory\n"
                 "  --side S          both (default), raw or shardforge\n"
                 "  --op O            both (default), write or read (profiling)\n"
                 "  --keep            keep the data directory\n"
                 "  --smoke           tiny run: keys 1000, 0.3 s per phase, threads 1,4\n"
                 "The last line is `ratio write=<x> read=<y>`: ShardForge ops/s over raw\n"
                 "RocksDB ops/s at the largest thread count (when both sides run).\n");
}

static int parse_u64(const char *flag, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < min || v > max) {
        fprintf(stderr, "kvbench: %s: expected an integer in [%llu, %llu], got \"%s\"\n", flag,
                (unsigned long long)min, (unsigned long long)max, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_threads(const char *s, struct kvb_config *cfg)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", s);
    cfg->n_threads = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        uint64_t v;
        if (cfg->n_threads == KVB_MAX_PHASES) {
            fprintf(stderr, "kvbench: --threads: at most %d counts\n", KVB_MAX_PHASES);
            return -1;
        }
        if (parse_u64("--threads", tok, 1, KVB_MAX_THREADS, &v) != 0)
            return -1;
        cfg->threads[cfg->n_threads++] = (int)v;
    }
    if (cfg->n_threads == 0) {
        fprintf(stderr, "kvbench: --threads: empty list\n");
        return -1;
    }
    return 0;
}

/* Returns 0, 1 (help shown), or -1 (bad flags). */
static int parse_args(int argc, char **argv, struct kvb_config *cfg, bool *keep)
{
    struct cfg defaults;
    cfg_defaults(&defaults);
    memset(cfg, 0, sizeof(*cfg));
    const char *tmp = getenv("TMPDIR");
    snprintf(cfg->dir, sizeof(cfg->dir), "%s", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    cfg->keys = 100000;
    cfg->seconds = 5.0;
    cfg->value_size = 100;
    cfg->threads[0] = 1;
    cfg->threads[1] = 4;
    cfg->threads[2] = 16;
    cfg->n_threads = 3;
    cfg->run_raw = cfg->run_sf = true;
    cfg->run_write = cfg->run_read = true;
    cfg->rounds = 5;
    cfg->rocks.block_cache_mb = (size_t)defaults.storage.block_cache_size_mb;
    cfg->rocks.write_buffer_mb = (size_t)defaults.storage.write_buffer_size_mb;
    enum eng_compression comp = ENG_COMPRESS_LZ4;
    eng_compression_parse(defaults.storage.compression, &comp);
    cfg->rocks.compression = (int)comp;
    *keep = false;

    /* --smoke first, so that explicit flags override its sizes */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--smoke") == 0) {
            cfg->keys = 1000;
            cfg->seconds = 0.3;
            cfg->threads[0] = 1;
            cfg->threads[1] = 4;
            cfg->n_threads = 2;
        }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--smoke") == 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        }
        if (strcmp(a, "--keep") == 0) {
            *keep = true;
            continue;
        }
        /* the rest take a value: --flag VALUE or --flag=VALUE */
        const char *eq = strchr(a, '=');
        char name[64];
        const char *val;
        if (eq != NULL) {
            snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
            val = eq + 1;
        } else {
            snprintf(name, sizeof(name), "%s", a);
            if (i + 1 >= argc) {
                fprintf(stderr, "kvbench: %s needs a value (see --help)\n", a);
                return -1;
            }
            val = argv[++i];
        }
        uint64_t v;
        if (strcmp(name, "--dir") == 0) {
            if (strlen(val) + 32 >= sizeof(cfg->dir)) {
                fprintf(stderr, "kvbench: --dir: path too long\n");
                return -1;
            }
            snprintf(cfg->dir, sizeof(cfg->dir), "%s", val);
        } else if (strcmp(name, "--keys") == 0) {
            if (parse_u64(name, val, 1, 1000000000, &cfg->keys) != 0)
                return -1;
        } else if (strcmp(name, "--ops") == 0) {
            if (parse_u64(name, val, 1, UINT64_MAX / 2, &cfg->ops) != 0)
                return -1;
        } else if (strcmp(name, "--seconds") == 0) {
            char *end;
            double d = strtod(val, &end);
            if (end == val || *end != '\0' || !(d > 0.0 && d <= 86400.0)) {
                fprintf(stderr, "kvbench: --seconds: expected a number in (0, 86400], got \"%s\"\n",
                        val);
                return -1;
            }
            cfg->seconds = d;
        } else if (strcmp(name, "--rounds") == 0) {
            if (parse_u64(name, val, 1, 1000, &v) != 0)
                return -1;
            cfg->rounds = (unsigned)v;
        } else if (strcmp(name, "--pause") == 0) {
            char *end;
            double d = strtod(val, &end);
            if (end == val || *end != '\0' || !(d >= 0.0 && d <= 3600.0)) {
                fprintf(stderr, "kvbench: --pause: expected a number in [0, 3600], got \"%s\"\n",
                        val);
                return -1;
            }
            cfg->pause = d;
        } else if (strcmp(name, "--threads") == 0) {
            if (parse_threads(val, cfg) != 0)
                return -1;
        } else if (strcmp(name, "--value-size") == 0) {
            if (parse_u64(name, val, 1, 1u << 20, &v) != 0)
                return -1;
            cfg->value_size = (size_t)v;
        } else if (strcmp(name, "--engine") == 0) {
            if (strcmp(val, "rocksdb") == 0) {
                cfg->sf_memory = false;
            } else if (strcmp(val, "memory") == 0) {
                cfg->sf_memory = true;
            } else {
                fprintf(stderr, "kvbench: --engine: rocksdb or memory, got \"%s\"\n", val);
                return -1;
            }
        } else if (strcmp(name, "--side") == 0) {
            cfg->run_raw = strcmp(val, "both") == 0 || strcmp(val, "raw") == 0;
            cfg->run_sf = strcmp(val, "both") == 0 || strcmp(val, "shardforge") == 0;
            if (!cfg->run_raw && !cfg->run_sf) {
                fprintf(stderr, "kvbench: --side: both, raw or shardforge, got \"%s\"\n", val);
                return -1;
            }
        } else if (strcmp(name, "--op") == 0) {
            cfg->run_write = strcmp(val, "both") == 0 || strcmp(val, "write") == 0;
            cfg->run_read = strcmp(val, "both") == 0 || strcmp(val, "read") == 0;
            if (!cfg->run_write && !cfg->run_read) {
                fprintf(stderr, "kvbench: --op: both, write or read, got \"%s\"\n", val);
                return -1;
            }
        } else {
            fprintf(stderr, "kvbench: unknown flag %s (see --help)\n", name);
            return -1;
        }
    }
    return 0;
}

/* ---- helpers ---------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static const char *fs_name(const char *path)
{
    struct statfs sf;
    static char buf[32];
    if (statfs(path, &sf) != 0)
        return "unknown fs";
    switch ((unsigned long)sf.f_type) {
    case 0xEF53:
        return "ext4";
    case 0x01021994:
        return "tmpfs";
    case 0x58465342:
        return "xfs";
    case 0x9123683E:
        return "btrfs";
    case 0x794C7630:
        return "overlayfs";
    default:
        snprintf(buf, sizeof(buf), "fs 0x%lx", (unsigned long)sf.f_type);
        return buf;
    }
}

static double peak_rss_mib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0.0;
    return (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

static const char *compression_name(int c)
{
    return c == ENG_COMPRESS_LZ4 ? "lz4" : c == ENG_COMPRESS_ZSTD ? "zstd" : "none";
}

static void print_phase(const char *side, enum kvb_op op, int threads, const struct kvb_result *r)
{
    printf("  %-10s  %-5s  %7d  %10.0f  %8.1f  %8.1f  %9.1f  %6llu\n", side,
           op == KVB_WRITE ? "write" : "read", threads, r->ops_per_s, r->p50_us, r->p99_us,
           r->max_us, (unsigned long long)(r->errors + r->misses));
    if (r->errors > 0)
        printf("      %llu errors, first: %s\n", (unsigned long long)r->errors, r->first_error);
    if (r->misses > 0)
        printf("      %llu reads found no value\n", (unsigned long long)r->misses);
    fflush(stdout);
}

static void print_phase_header(void)
{
    printf("  %-10s  %-5s  %7s  %10s  %8s  %8s  %9s  %6s\n", "side", "op", "threads", "ops/s",
           "p50 us", "p99 us", "max us", "errors");
}

static void pause_before_phase(const struct kvb_config *cfg)
{
    if (cfg->pause <= 0.0)
        return;
    struct timespec ts;
    ts.tv_sec = (time_t)cfg->pause;
    ts.tv_nsec = (long)((cfg->pause - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static bool phase_ok(const struct kvb_result *r)
{
    return r->errors == 0 && r->misses == 0 && r->ops > 0;
}

/* One phase at one thread count: rounds slices, alternating raw and
 * ShardForge, so that both see the same machine (other load, page cache,
 * disk state) within a second of each other; then one line per side.
 * Returns 0 or -1 (threads could not be started). */
static int run_phase(const struct kvb_config *cfg, const struct kvb_side *raw,
                     const struct kvb_side *sfside, struct kvb_sf *sf, enum kvb_op op, int threads,
                     struct kvb_result *rr, struct kvb_result *sr, bool *all_ok)
{
    struct err err = {0};
    double slice_s = cfg->seconds / (double)cfg->rounds;
    pause_before_phase(cfg);
    memset(rr, 0, sizeof(*rr));
    memset(sr, 0, sizeof(*sr));
    if (sf != NULL)
        kvb_sf_mark(sf);
    for (unsigned r = 0; r < cfg->rounds; r++) {
        uint64_t ops = 0;
        if (cfg->ops > 0) {
            ops = cfg->ops / cfg->rounds + (r + 1 == cfg->rounds ? cfg->ops % cfg->rounds : 0);
            if (ops == 0)
                continue;
        }
        uint64_t seed = (uint64_t)threads << 20 | (uint64_t)r;
        if (raw != NULL &&
            kvb_run_slice(raw, op, threads, cfg, slice_s, ops, seed, rr, &err) != 0) {
            fprintf(stderr, "kvbench: raw: %s\n", err.msg);
            return -1;
        }
        if (sfside != NULL &&
            kvb_run_slice(sfside, op, threads, cfg, slice_s, ops, seed, sr, &err) != 0) {
            fprintf(stderr, "kvbench: shardforge: %s\n", err.msg);
            return -1;
        }
    }
    if (raw != NULL) {
        kvb_result_finish(rr);
        print_phase(raw->name, op, threads, rr);
        *all_ok = *all_ok && phase_ok(rr);
    }
    if (sfside != NULL) {
        kvb_result_finish(sr);
        print_phase(sfside->name, op, threads, sr);
        kvb_sf_report(sf, stdout);
        *all_ok = *all_ok && phase_ok(sr);
    }
    return 0;
}

/* For every thread count: the write phase, then the read phase. */
static int run_phases(const struct kvb_config *cfg, const struct kvb_side *raw,
                      const struct kvb_side *sfside, struct kvb_sf *sf,
                      struct side_results *raw_res, struct side_results *sf_res, bool *all_ok)
{
    print_phase_header();
    for (size_t i = 0; i < cfg->n_threads; i++) {
        if (cfg->run_write && run_phase(cfg, raw, sfside, sf, KVB_WRITE, cfg->threads[i],
                                        &raw_res->write[i], &sf_res->write[i], all_ok) != 0)
            return -1;
        if (cfg->run_read && run_phase(cfg, raw, sfside, sf, KVB_READ, cfg->threads[i],
                                       &raw_res->read[i], &sf_res->read[i], all_ok) != 0)
            return -1;
    }
    raw_res->ran = raw != NULL;
    sf_res->ran = sfside != NULL;
    return 0;
}

/* Resident set size now, from /proc/self/statm (0 if unknown). */
static double rss_now_mib(void)
{
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0.0;
    if (fscanf(f, "%lu %lu", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static double ratio(const struct kvb_result *sf, const struct kvb_result *raw)
{
    return raw->ops_per_s > 0 ? sf->ops_per_s / raw->ops_per_s : 0.0;
}

int main(int argc, char **argv)
{
    struct kvb_config cfg;
    struct side_results raw_res, sf_res;
    bool keep, all_ok = true;
    char base[4200], path[4300];
    struct err err = {0};
    int rc = parse_args(argc, argv, &cfg, &keep);
    if (rc != 0)
        return rc > 0 ? 0 : 2;

    log_init(2, LOG_WARN, false);
    setvbuf(stdout, NULL, _IOLBF, 0);
    memset(&raw_res, 0, sizeof(raw_res));
    memset(&sf_res, 0, sizeof(sf_res));

    if (mkdir(cfg.dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "kvbench: mkdir %s: %s\n", cfg.dir, strerror(errno));
        return 1;
    }
    snprintf(base, sizeof(base), "%s/kvbench-XXXXXX", cfg.dir);
    if (mkdtemp(base) == NULL) {
        fprintf(stderr, "kvbench: mkdtemp %s: %s\n", base, strerror(errno));
        return 1;
    }

    char threads[128] = "";
    for (size_t i = 0; i < cfg.n_threads; i++)
        snprintf(threads + strlen(threads), sizeof(threads) - strlen(threads), "%s%d", i ? "," : "",
                 cfg.threads[i]);
    printf("kvbench: ShardForge kv (1 node, range 1 + pre-split ranges, Raft) vs raw RocksDB "
           "(rocksdb/c.h), sync=true writes\n");
    printf("  keys %llu, value %zu B, ", (unsigned long long)cfg.keys, cfg.value_size);
    if (cfg.ops > 0)
        printf("%llu ops per phase", (unsigned long long)cfg.ops);
    else
        printf("%.1f s per phase", cfg.seconds);
    printf(" in %u slices alternating the sides, threads %s, %ld CPUs\n", cfg.rounds, threads,
           sysconf(_SC_NPROCESSORS_ONLN));
    printf("  dir %s (%s); rocksdb both sides: block cache %zu MiB, write buffer %zu MiB, %s; "
           "shardforge engine %s\n",
           base, fs_name(base), cfg.rocks.block_cache_mb, cfg.rocks.write_buffer_mb,
           compression_name(cfg.rocks.compression), cfg.sf_memory ? "memory" : "rocksdb");
    if (strcmp(fs_name(base), "tmpfs") == 0)
        printf("  WARNING: tmpfs makes fsync free: sync=true numbers mean nothing here\n");

    struct kvb_raw *raw = NULL;
    struct kvb_sf *sf = NULL;
    struct kvb_side raw_side, sf_side;
    double rss_raw = 0.0, rss_both = 0.0;
    if (cfg.run_raw) {
        snprintf(path, sizeof(path), "%s/raw", base);
        uint64_t t0 = kvb_now_ns();
        if (kvb_raw_open(path, &cfg, &raw, &raw_side, &err) != 0 ||
            kvb_raw_preload(raw, &cfg, &err) != 0) {
            fprintf(stderr, "kvbench: %s\n", err.msg);
            rc = 1;
            goto out_close;
        }
        rss_raw = rss_now_mib();
        printf("raw rocksdb: opened and preloaded %llu keys in %.2f s (RSS now %.1f MiB)\n",
               (unsigned long long)cfg.keys, (double)(kvb_now_ns() - t0) / 1e9, rss_raw);
    }
    if (cfg.run_sf) {
        snprintf(path, sizeof(path), "%s/shardforge", base);
        uint64_t t0 = kvb_now_ns();
        if (kvb_sf_open(path, &cfg, &sf, &sf_side, &err) != 0) {
            fprintf(stderr, "kvbench: shardforge: %s\n", err.msg);
            rc = 1;
            goto out_close;
        }
        uint64_t t1 = kvb_now_ns();
        if (kvb_sf_preload(sf, &cfg, &err) != 0) {
            fprintf(stderr, "kvbench: shardforge: %s\n", err.msg);
            rc = 1;
            goto out_close;
        }
        rss_both = rss_now_mib();
        printf("shardforge: stack up in %.2f s, preloaded %llu keys in %.2f s (RSS now %.1f MiB, "
               "+%.1f)\n",
               (double)(t1 - t0) / 1e9, (unsigned long long)cfg.keys,
               (double)(kvb_now_ns() - t1) / 1e9, rss_both, rss_both - rss_raw);
    }
    rc = run_phases(&cfg, raw ? &raw_side : NULL, sf ? &sf_side : NULL, sf, &raw_res, &sf_res,
                    &all_ok);
    kvb_sf_close(sf);
    sf = NULL;
    kvb_raw_close(raw);
    raw = NULL;
    if (rc != 0) {
        rc = 1;
        goto out;
    }

    /* ---- summary ---- */
    double rss = peak_rss_mib();
    bool full = raw_res.ran && sf_res.ran && cfg.run_write && cfg.run_read;
    if (full) {
        printf("summary: ShardForge / raw RocksDB\n");
        printf("  %7s  %12s  %12s  %6s  %12s  %12s  %6s\n", "threads", "sf write/s", "raw write/s",
               "ratio", "sf read/s", "raw read/s", "ratio");
        for (size_t i = 0; i < cfg.n_threads; i++)
            printf("  %7d  %12.0f  %12.0f  %6.2f  %12.0f  %12.0f  %6.2f\n", cfg.threads[i],
                   sf_res.write[i].ops_per_s, raw_res.write[i].ops_per_s,
                   ratio(&sf_res.write[i], &raw_res.write[i]), sf_res.read[i].ops_per_s,
                   raw_res.read[i].ops_per_s, ratio(&sf_res.read[i], &raw_res.read[i]));
    }
    printf("peak RSS: %.1f MiB (whole process, %s; of which up to %.1f MiB of latency "
           "samples)\n",
           rss, cfg.run_raw && cfg.run_sf ? "both sides open at once" : "one side",
           (double)kvb_lat_peak_bytes() / (1024.0 * 1024.0));
    if (!all_ok)
        printf("FAILED: some operations failed or reads missed (see above)\n");
    if (full) {
        size_t last = 0;
        for (size_t i = 1; i < cfg.n_threads; i++)
            if (cfg.threads[i] > cfg.threads[last])
                last = i;
        double w = ratio(&sf_res.write[last], &raw_res.write[last]);
        double r = ratio(&sf_res.read[last], &raw_res.read[last]);
        printf("targets at %d threads: write %.2f (>= %.1f: %s), read %.2f (>= %.1f: %s)\n",
               cfg.threads[last], w, TARGET_WRITE, w >= TARGET_WRITE ? "met" : "MISSED", r,
               TARGET_READ, r >= TARGET_READ ? "met" : "MISSED");
        printf("ratio write=%.2f read=%.2f\n", w, r);
    }
    rc = all_ok ? 0 : 1;
    goto out;

out_close:
    kvb_sf_close(sf);
    kvb_raw_close(raw);
out:
    if (!keep)
        nftw(base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        fprintf(stderr, "kvbench: data kept in %s\n", base);
    return rc;
}
