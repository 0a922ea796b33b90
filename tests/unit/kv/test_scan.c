/* test_scan.c — iterators: forward and reverse over several ranges, bounds
 * and limits against a model, merging of the transaction's own writes (and
 * not seeing writes made after the iterator opened), snapshots, and locks
 * of crashed transactions met during a scan.
 */
#include <criterion/criterion.h>

#include "kv/kv_int.h"
#include "kv_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kvt T;

static void setup(void)
{
    struct err e = {0};
    struct kv_options o;
    kv_options_init(&o);
    o.lock_timeout_ms = 10000;
    o.lock_ttl_ms = 300;
    int rc = kvt_start(&T, ENG_MEMORY, 3, &o, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
}

static void teardown(void)
{
    kvt_stop(&T);
}

struct kvrow {
    char k[32];
    size_t klen;
    char v[32];
};

static int row_cmp(const void *a, const void *b)
{
    const struct kvrow *x = a, *y = b;
    return kv__key_cmp(x->k, x->klen, y->k, y->klen);
}

/* Scan with t into out (max cap rows); returns the count. */
static size_t scan(struct kv_txn *t, const void *s, size_t sl, const void *e, size_t el, bool rev,
                   size_t limit, struct kvrow *out, size_t cap)
{
    struct kv_scan sc = {s, sl, e, el, rev, limit};
    struct kv_iter *it;
    struct err err = {0};
    cr_assert_eq(kv_txn_scan(t, &sc, &it, &err), 0, "%s", err.msg);
    size_t n = 0;
    for (;;) {
        bool has;
        cr_assert_eq(kv_iter_next(it, &has, &err), 0, "%s", err.msg);
        if (!has)
            break;
        size_t kl, vl;
        const void *k = kv_iter_key(it, &kl);
        const void *v = kv_iter_value(it, &vl);
        cr_assert_lt(n, cap);
        cr_assert_leq(kl, sizeof out[n].k);
        memcpy(out[n].k, k, kl);
        out[n].klen = kl;
        memcpy(out[n].v, v, vl < 31 ? vl : 31);
        out[n].v[vl < 31 ? vl : 31] = '\0';
        n++;
    }
    kv_iter_free(it);
    return n;
}

#define NKEYS 700

Test(kv_scan, bounds_limits_and_directions_match_a_model, .init = setup, .fini = teardown,
     .timeout = 120)
{
    static struct kvrow model[NKEYS];
    unsigned seed = 11;
    size_t n = 0;
    /* keys spread over every user range, some with NUL bytes */
    struct kv_txn *t = NULL;
    struct err e = {0};
    for (int i = 0; i < NKEYS; i++) {
        if (t == NULL)
            cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
        struct kvrow r;
        r.klen = 1 + (size_t)(rand_r(&seed) % 6);
        r.k[0] = (char)(0x02 + rand_r(&seed) % 0xFD);
        for (size_t j = 1; j < r.klen; j++)
            r.k[j] = (char)"\x00\x01"
                           "ab\xff"[rand_r(&seed) % 5];
        snprintf(r.v, sizeof r.v, "v%d", i);
        cr_assert_eq(kv_txn_put(t, r.k, r.klen, r.v, strlen(r.v), &e), 0, "%s", e.msg);
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            if (model[j].klen == r.klen && memcmp(model[j].k, r.k, r.klen) == 0) {
                model[j] = r;
                dup = true;
            }
        if (!dup)
            model[n++] = r;
        if (i % 50 == 49) {
            cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
            t = NULL;
        }
    }
    if (t != NULL)
        cr_assert_eq(kv_txn_commit(t, &e), 0);
    /* delete every 7th key */
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        if (j % 7 == 3)
            cr_assert_eq(kv_txn_delete(t, model[j].k, model[j].klen, &e), 0);
        else
            model[m++] = model[j];
    }
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    n = m;
    qsort(model, n, sizeof model[0], row_cmp);

    static struct kvrow got[NKEYS];
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &t, &e), 0);
    size_t g = scan(t, NULL, 0, NULL, 0, false, 0, got, NKEYS);
    cr_assert_eq(g, n);
    for (size_t j = 0; j < n; j++) {
        cr_assert(got[j].klen == model[j].klen &&
                      memcmp(got[j].k, model[j].k, n ? got[j].klen : 0) == 0,
                  "row %zu", j);
        cr_assert_str_eq(got[j].v, model[j].v);
    }
    g = scan(t, NULL, 0, NULL, 0, true, 0, got, NKEYS);
    cr_assert_eq(g, n);
    for (size_t j = 0; j < n; j++)
        cr_assert_str_eq(got[j].v, model[n - 1 - j].v);

    for (int round = 0; round < 60; round++) {
        size_t a = (size_t)rand_r(&seed) % n, b = (size_t)rand_r(&seed) % n;
        if (a > b) {
            size_t x = a;
            a = b;
            b = x;
        }
        bool rev = rand_r(&seed) % 2;
        size_t limit = rand_r(&seed) % 3 == 0 ? (size_t)(rand_r(&seed) % 20) : 0;
        /* [model[a], model[b]) */
        g = scan(t, model[a].k, model[a].klen, model[b].k, model[b].klen, rev, limit, got, NKEYS);
        size_t want = b - a;
        if (limit && limit < want)
            want = limit;
        cr_assert_eq(g, want, "round %d: [%zu,%zu) rev %d limit %zu: got %zu", round, a, b, rev,
                     limit, g);
        for (size_t j = 0; j < g; j++) {
            const struct kvrow *w = rev ? &model[b - 1 - j] : &model[a + j];
            cr_assert(got[j].klen == w->klen && memcmp(got[j].k, w->k, w->klen) == 0);
            cr_assert_str_eq(got[j].v, w->v);
        }
    }
    /* start >= end: nothing */
    cr_assert_eq(scan(t, "\x50", 1, "\x40", 1, false, 0, got, NKEYS), 0);
    cr_assert_eq(scan(t, "\x50", 1, "\x50", 1, true, 0, got, NKEYS), 0);
    cr_assert_eq(kv_txn_commit(t, &e), 0);
}

Test(kv_scan, own_writes_merge_and_no_halloween, .init = setup, .fini = teardown, .timeout = 60)
{
    const char *keys[] = {"\x30"
                          "a",
                          "\x30"
                          "c",
                          "\x30"
                          "e",
                          "\xa0"
                          "x"};
    for (int i = 0; i < 4; i++)
        cr_assert_eq(kvt_put1(T.kv, keys[i], "old"), 0);
    struct kv_txn *t;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    cr_assert_eq(kv_txn_put(t,
                            "\x30"
                            "b",
                            2, "new", 3, &e),
                 0);
    cr_assert_eq(kv_txn_put(t,
                            "\x30"
                            "c",
                            2, "upd", 3, &e),
                 0);
    cr_assert_eq(kv_txn_delete(t,
                               "\x30"
                               "e",
                               2, &e),
                 0);
    cr_assert_eq(kv_txn_put(t,
                            "\xf0"
                            "z",
                            2, "tail", 4, &e),
                 0);
    struct kvrow got[16];
    size_t n = scan(t, "\x30", 1, NULL, 0, false, 0, got, 16);
    const char *want_k[] = {"\x30"
                            "a",
                            "\x30"
                            "b",
                            "\x30"
                            "c",
                            "\xa0"
                            "x",
                            "\xf0"
                            "z"};
    const char *want_v[] = {"old", "new", "upd", "old", "tail"};
    cr_assert_eq(n, 5);
    for (size_t i = 0; i < n; i++) {
        cr_assert(got[i].klen == 2 && memcmp(got[i].k, want_k[i], 2) == 0, "row %zu", i);
        cr_assert_str_eq(got[i].v, want_v[i]);
    }
    n = scan(t, "\x30", 1, NULL, 0, true, 0, got, 16);
    cr_assert_eq(n, 5);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(got[i].v, want_v[4 - i]);

    /* an UPDATE that moves every row it scans forward must not see them again */
    struct kv_scan sc = {"\x30", 1, "\x31", 1, false, 0};
    struct kv_iter *it;
    cr_assert_eq(kv_txn_scan(t, &sc, &it, &e), 0);
    int seen = 0;
    for (;;) {
        bool has;
        cr_assert_eq(kv_iter_next(it, &has, &e), 0, "%s", e.msg);
        if (!has)
            break;
        size_t kl;
        const char *k = kv_iter_key(it, &kl);
        char nk[8];
        memcpy(nk, k, kl);
        nk[kl] = 'z'; /* sorts after k, before the next row */
        cr_assert_eq(kv_txn_put(t, nk, kl + 1, "moved", 5, &e), 0);
        cr_assert_eq(kv_txn_delete(t, k, kl, &e), 0);
        seen++;
        cr_assert_lt(seen, 10);
    }
    kv_iter_free(it);
    cr_assert_eq(seen, 3);
    cr_assert_eq(kv_txn_commit(t, &e), 0, "%s", e.msg);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, true, &t, &e), 0);
    n = scan(t, "\x30", 1, "\x31", 1, false, 0, got, 16);
    cr_assert_eq(n, 3);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(got[i].klen, 3);
        cr_assert_str_eq(got[i].v, "moved");
    }
    kv_txn_rollback(t);
}

Test(kv_scan, snapshot_and_abandoned_locks, .init = setup, .fini = teardown, .timeout = 60)
{
    char k0[64], k2[64];
    kvt_key_in_range(&T, 0, "s", k0, sizeof k0);
    kvt_key_in_range(&T, 2, "s", k2, sizeof k2);
    cr_assert_eq(kvt_put1(T.kv, k0, "1"), 0);
    struct kv_txn *rr;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &rr, &e), 0);
    /* committed after rr started: invisible to it */
    cr_assert_eq(kvt_put1(T.kv, k2, "2"), 0);
    struct kvrow got[8];
    cr_assert_eq(scan(rr, NULL, 0, NULL, 0, false, 0, got, 8), 1);
    cr_assert_eq(scan(rr, NULL, 0, NULL, 0, true, 0, got, 8), 1);
    kv_txn_rollback(rr);

    /* an abandoned insert of two new keys: a scan waits for the TTL and
     * rolls it back; nothing of it is visible */
    struct kv_txn *t;
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    char n0[64], n2[64];
    kvt_key_in_range(&T, 0, "new", n0, sizeof n0);
    kvt_key_in_range(&T, 2, "new", n2, sizeof n2);
    cr_assert_eq(kv_txn_put(t, n0, strlen(n0), "x", 1, &e), 0);
    cr_assert_eq(kv_txn_put(t, n2, strlen(n2), "x", 1, &e), 0);
    atomic_store(&T.kv->inject, KV__INJECT_AFTER_PREWRITE);
    cr_assert_eq(kv_txn_commit(t, &e), ERR_INTERNAL);
    atomic_store(&T.kv->inject, KV__INJECT_NONE);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, true, &rr, &e), 0);
    int64_t t0 = kvt_ms();
    cr_assert_eq(scan(rr, NULL, 0, NULL, 0, true, 0, got, 8), 2);
    cr_assert_geq(kvt_ms() - t0, 150);
    cr_assert_eq(scan(rr, NULL, 0, NULL, 0, false, 0, got, 8), 2);
    kv_txn_rollback(rr);
}
