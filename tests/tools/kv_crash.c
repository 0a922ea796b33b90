/* kv_crash.c — crash-consistency driver for the transaction layer.
 *
 *   kv_crash DIR [--keys K] [--presplit N] [--threads T]
 *       Open DIR (bootstrapping it when new: rocksdb engine, range 1 plus N
 *       user ranges), then run transactions forever, each writing K keys
 *       spread over the user ranges with values naming the transaction.
 *       After each kv_txn_commit returns 0 it prints "ACK <id>" (id = the
 *       transaction's start timestamp, unique across restarts) and flushes.
 *   kv_crash DIR --verify FILE
 *       Reopen DIR and check, reading everything at one snapshot (which
 *       resolves what a killed process left behind), that every id ACKed in
 *       FILE ("ACK <id>" lines; others ignored) is present with all its
 *       keys, and that no transaction is partially visible. Prints
 *       "OK <n> transactions (<m> acked)" and exits 0, or prints what is
 *       wrong and exits 1.
 * Exit status 2: usage or open errors. Meant to be SIGKILLed by a pytest.
 *
 * Key of key j of transaction id: <range byte> "kvcrash/" <id, 16 hex> "/"
 * <j>; value: "<id>:<j>:<K>:" padded with 'x' to a pseudo-random length
 * (some inline in the write record, some in the data CF).
 */
#include "kv_test.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int usage(void)
{
    fprintf(stderr, "usage: kv_crash DIR [--keys K] [--presplit N] [--threads T]\n"
                    "       kv_crash DIR --verify FILE\n");
    return 2;
}

static int open_dir(struct kvt *t, const char *dir, int presplit, struct err *e)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    t->kind = ENG_ROCKSDB;
    t->presplit = presplit;
    kv_options_init(&t->kopt);
    t->kopt.lock_timeout_ms = 10000;
    snprintf(t->dir, sizeof t->dir, "%s", dir);
    mkdir(dir, 0755);
    char marker[320];
    snprintf(marker, sizeof marker, "%s/engine", dir);
    struct stat st;
    bool fresh = stat(marker, &st) != 0;
    int rc = kvt__open(t, fresh, e);
    if (rc != 0)
        kvt__close(t);
    return rc;
}

static unsigned char range_byte(struct kvt *t, size_t j)
{
    struct rng_desc *all = NULL;
    size_t n = 0;
    kvt_ranges(t, &all, &n);
    unsigned char b = 0x02;
    if (n > 1) {
        size_t r = 1 + j % (n - 1);
        if (all[r].start_len > 0)
            b = all[r].start[0];
    }
    rng_desc_array_free(all, n);
    return b;
}

static size_t make_key(char *out, unsigned char first, uint64_t id, int j)
{
    out[0] = (char)first;
    return 1 + (size_t)snprintf(out + 1, 63, "kvcrash/%016" PRIx64 "/%d", id, j);
}

struct runner {
    struct kvt *t;
    int keys;
    unsigned char bytes[64];
    pthread_mutex_t *out_mu;
};

static void *run(void *arg)
{
    struct runner *r = arg;
    unsigned seed = (unsigned)(uintptr_t)arg ^ (unsigned)time(NULL);
    for (;;) {
        struct kv_txn *txn;
        struct err e = {0};
        if (kv_txn_begin(r->t->kv, KV_ISO_READ_COMMITTED, false, &txn, &e) != 0) {
            fprintf(stderr, "begin: %s\n", e.msg);
            usleep(10000);
            continue;
        }
        uint64_t id = kv_txn_start_ts(txn);
        int rc = 0;
        for (int j = 0; j < r->keys && rc == 0; j++) {
            char k[64], v[1200];
            size_t kl = make_key(k, r->bytes[j % 64], id, j);
            int vl = snprintf(v, sizeof v, "%" PRIu64 ":%d:%d:", id, j, r->keys);
            int pad = (int)(rand_r(&seed) % 1000); /* both sides of KV__INLINE_MAX */
            memset(v + vl, 'x', (size_t)pad);
            rc = kv_txn_put(txn, k, kl, v, (size_t)(vl + pad), &e);
        }
        if (rc != 0) {
            fprintf(stderr, "put: %s\n", e.msg);
            kv_txn_rollback(txn);
            continue;
        }
        rc = kv_txn_commit(txn, &e);
        if (rc == 0) {
            pthread_mutex_lock(r->out_mu);
            printf("ACK %" PRIu64 "\n", id);
            fflush(stdout);
            pthread_mutex_unlock(r->out_mu);
        } else {
            fprintf(stderr, "commit: %s\n", e.msg);
        }
    }
    return NULL;
}

struct seen {
    uint64_t id;
    int count, want;
};

static int seen_cmp(const void *a, const void *b)
{
    uint64_t x = ((const struct seen *)a)->id, y = ((const struct seen *)b)->id;
    return x < y ? -1 : x > y;
}

static int verify(struct kvt *t, const char *file)
{
    struct kv_txn *txn;
    struct err e = {0};
    if (kv_txn_begin(t->kv, KV_ISO_REPEATABLE_READ, true, &txn, &e) != 0) {
        fprintf(stderr, "begin: %s\n", e.msg);
        return 2;
    }
    struct kv_scan sc = {"\x02", 1, NULL, 0, false, 0};
    struct kv_iter *it;
    if (kv_txn_scan(txn, &sc, &it, &e) != 0) {
        fprintf(stderr, "scan: %s\n", e.msg);
        return 2;
    }
    size_t n = 0, cap = 1024;
    struct seen *s = malloc(cap * sizeof *s);
    int bad = 0;
    for (;;) {
        bool has;
        if (kv_iter_next(it, &has, &e) != 0) {
            fprintf(stderr, "scan: %s\n", e.msg);
            return 2;
        }
        if (!has)
            break;
        size_t kl, vl;
        const char *k = kv_iter_key(it, &kl);
        const char *v = kv_iter_value(it, &vl);
        if (kl < 9 || memcmp(k + 1, "kvcrash/", 8) != 0)
            continue;
        char vb[64];
        size_t m = vl < 63 ? vl : 63;
        memcpy(vb, v, m);
        vb[m] = '\0';
        uint64_t id;
        int j, want;
        if (sscanf(vb, "%" SCNu64 ":%d:%d:", &id, &j, &want) != 3) {
            printf("BAD value under key %.*s\n", (int)kl - 1, k + 1);
            bad++;
            continue;
        }
        if (n > 0 && s[n - 1].id == id) {
            s[n - 1].count++;
            continue;
        }
        if (n == cap) {
            cap *= 2;
            s = realloc(s, cap * sizeof *s);
        }
        s[n++] = (struct seen){id, 1, want};
    }
    kv_iter_free(it);
    kv_txn_rollback(txn);
    /* keys of one transaction are spread over ranges: merge by id */
    qsort(s, n, sizeof *s, seen_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && s[m - 1].id == s[i].id)
            s[m - 1].count += s[i].count;
        else
            s[m++] = s[i];
    }
    for (size_t i = 0; i < m; i++) {
        if (s[i].count != s[i].want) {
            printf("PARTIAL transaction %" PRIu64 ": %d of %d keys visible\n", s[i].id, s[i].count,
                   s[i].want);
            bad++;
        }
    }
    FILE *f = fopen(file, "r");
    if (f == NULL) {
        perror(file);
        free(s);
        return 2;
    }
    char line[128];
    size_t acked = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        uint64_t id;
        if (sscanf(line, "ACK %" SCNu64, &id) != 1)
            continue;
        acked++;
        struct seen key = {id, 0, 0};
        struct seen *p = bsearch(&key, s, m, sizeof *s, seen_cmp);
        if (p == NULL) {
            printf("LOST acknowledged transaction %" PRIu64 "\n", id);
            bad++;
        }
    }
    fclose(f);
    free(s);
    if (bad != 0) {
        printf("FAILED: %d problems\n", bad);
        return 1;
    }
    printf("OK %zu transactions (%zu acked)\n", m, acked);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *dir = argv[1];
    const char *verify_file = NULL;
    int keys = 4, presplit = 3, threads = 2;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--verify") == 0 && i + 1 < argc)
            verify_file = argv[++i];
        else if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc)
            keys = atoi(argv[++i]);
        else if (strcmp(argv[i], "--presplit") == 0 && i + 1 < argc)
            presplit = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else
            return usage();
    }
    if (keys < 1 || keys > 64 || presplit < 0 || threads < 1 || threads > 64)
        return usage();
    struct kvt t;
    struct err e = {0};
    if (open_dir(&t, dir, presplit, &e) != 0) {
        fprintf(stderr, "kv_crash: open %s: %s\n", dir, e.msg);
        return 2;
    }
    if (verify_file != NULL) {
        int rc = verify(&t, verify_file);
        kvt__close(&t);
        return rc;
    }
    pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;
    struct runner *r = calloc((size_t)threads, sizeof *r);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    for (int i = 0; i < threads; i++) {
        r[i].t = &t;
        r[i].keys = keys;
        r[i].out_mu = &out_mu;
        for (int j = 0; j < 64; j++)
            r[i].bytes[j] = range_byte(&t, (size_t)j);
        pthread_create(&th[i], NULL, run, &r[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    return 0;
}
