/* test_internals.c — kv's building blocks without a store: physical keys,
 * record formats (round trips, checksums, truncation), the transaction
 * buffer with savepoint undo, latches, the lock table and the wait-for
 * graph.
 */
#include <criterion/criterion.h>

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- physical keys ---- */

static void esc(struct sbuf *b, const void *k, size_t n)
{
    sbuf_reset(b);
    kv__key_esc(b, k, n);
}

Test(kv_keys, escape_round_trip)
{
    const char *cases[] = {"", "a", "abc", "\x00", "a\x00", "\x00\x00", "\x00\x01", "\xff\x00x"};
    const size_t lens[] = {0, 1, 3, 1, 2, 2, 2, 3};
    struct sbuf b, out;
    sbuf_init(&b);
    sbuf_init(&out);
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        esc(&b, cases[i], lens[i]);
        size_t used = 0;
        sbuf_reset(&out);
        /* followed by a timestamp, as in the write CF */
        kv__key_put_ts(&b, 12345);
        cr_assert_eq(kv__key_unesc(b.data, b.len, &used, &out, NULL), 0);
        cr_assert_eq(used, b.len - KV__TS_LEN);
        cr_assert_eq(out.len, lens[i]);
        cr_assert(memcmp(out.data, cases[i], lens[i]) == 0);
        cr_assert_eq(kv__key_get_ts(b.data, b.len), 12345);
    }
    sbuf_free(&b);
    sbuf_free(&out);
}

static int esc_cmp(const void *a, size_t al, const void *b, size_t bl)
{
    struct sbuf x, y;
    sbuf_init(&x);
    sbuf_init(&y);
    kv__key_esc(&x, a, al);
    kv__key_esc(&y, b, bl);
    int c = kv__key_cmp(x.data, x.len, y.data, y.len);
    sbuf_free(&x);
    sbuf_free(&y);
    return c < 0 ? -1 : c > 0;
}

Test(kv_keys, escape_preserves_order_and_is_prefix_free)
{
    /* random short keys over a tiny alphabet hit the 0x00 cases often */
    unsigned seed = 7;
    for (int i = 0; i < 20000; i++) {
        unsigned char a[6], b[6];
        size_t al = (size_t)(rand_r(&seed) % 6), bl = (size_t)(rand_r(&seed) % 6);
        for (size_t j = 0; j < al; j++)
            a[j] = (unsigned char)"\x00\x01\x02\xff"[rand_r(&seed) % 4];
        for (size_t j = 0; j < bl; j++)
            b[j] = (unsigned char)"\x00\x01\x02\xff"[rand_r(&seed) % 4];
        int want = kv__key_cmp(a, al, b, bl);
        want = want < 0 ? -1 : want > 0;
        cr_assert_eq(esc_cmp(a, al, b, bl), want);
        /* prefix-free: esc(a) is never a proper prefix of esc(b) */
        struct sbuf x, y;
        sbuf_init(&x);
        sbuf_init(&y);
        kv__key_esc(&x, a, al);
        kv__key_esc(&y, b, bl);
        if (x.len < y.len)
            cr_assert(memcmp(x.data, y.data, x.len) != 0);
        /* every version of a sorts inside [esc(a), esc_end(esc(a))) */
        struct sbuf end;
        sbuf_init(&end);
        kv__key_esc_end(&end, x.data, x.len);
        if (want != 0)
            cr_assert((kv__key_cmp(y.data, y.len, x.data, x.len) < 0) ==
                      (kv__key_cmp(y.data, y.len, end.data, end.len) < 0));
        sbuf_free(&x);
        sbuf_free(&y);
        sbuf_free(&end);
    }
}

Test(kv_keys, unescape_rejects_garbage)
{
    struct err e = {0};
    size_t used;
    cr_assert_eq(kv__key_unesc("abc", 3, &used, NULL, &e), ERR_CORRUPT);
    cr_assert_eq(kv__key_unesc("a\x00\x05", 3, &used, NULL, &e), ERR_CORRUPT);
    cr_assert_eq(kv__key_unesc("a\x00", 2, &used, NULL, &e), ERR_CORRUPT);
    cr_assert_eq(kv__key_check("", 0, &e), ERR_INVAL);
    cr_assert_eq(kv__key_check("\x01m", 2, &e), ERR_INVAL);
    cr_assert_eq(kv__key_check("\x00x", 2, &e), ERR_INVAL);
    cr_assert_eq(kv__key_check("\x01t", 2, &e), 0);
}

Test(kv_keys, newest_version_first)
{
    struct sbuf a, b;
    sbuf_init(&a);
    sbuf_init(&b);
    kv__key_esc(&a, "k", 1);
    kv__key_esc(&b, "k", 1);
    kv__key_put_ts(&a, 100);
    kv__key_put_ts(&b, 200);
    cr_assert(kv__key_cmp(b.data, b.len, a.data, a.len) < 0);
    sbuf_free(&a);
    sbuf_free(&b);
}

/* ---- records ---- */

Test(kv_records, lock_round_trip_and_corruption)
{
    struct kv__lock_rec r = {.kind = KV__OP_DELETE,
                             .ttl_ms = 3000,
                             .start_ts = 1ull << 40,
                             .for_update_ts = (1ull << 40) + 5,
                             .lock_ms = 1700000000000ull,
                             .primary = "prim\x00ary",
                             .primary_len = 8};
    struct sbuf b;
    sbuf_init(&b);
    kv__lock_rec_encode(&b, &r);
    struct kv__lock_rec d;
    cr_assert_eq(kv__lock_rec_decode(b.data, b.len, &d, NULL), 0);
    cr_assert_eq(d.kind, r.kind);
    cr_assert_eq(d.ttl_ms, r.ttl_ms);
    cr_assert_eq(d.start_ts, r.start_ts);
    cr_assert_eq(d.for_update_ts, r.for_update_ts);
    cr_assert_eq(d.lock_ms, r.lock_ms);
    cr_assert_eq(d.primary_len, 8);
    cr_assert(memcmp(d.primary, "prim\x00ary", 8) == 0);
    for (size_t cut = 0; cut < b.len; cut++)
        cr_assert_eq(kv__lock_rec_decode(b.data, cut, &d, NULL), ERR_CORRUPT);
    for (size_t i = 0; i < b.len; i++) {
        b.data[i] ^= 0x10;
        cr_assert_eq(kv__lock_rec_decode(b.data, b.len, &d, NULL), ERR_CORRUPT, "byte %zu", i);
        b.data[i] ^= 0x10;
    }
    sbuf_free(&b);
}

Test(kv_records, write_data_tso_round_trip)
{
    struct sbuf b;
    sbuf_init(&b);
    struct kv__write_rec w = {
        .kind = KV__OP_PUT, .has_value = true, .start_ts = 77, .value = "v\x00v", .value_len = 3};
    kv__write_rec_encode(&b, &w);
    struct kv__write_rec d;
    cr_assert_eq(kv__write_rec_decode(b.data, b.len, &d, NULL), 0);
    cr_assert(d.has_value && d.value_len == 3 && memcmp(d.value, "v\x00v", 3) == 0);
    cr_assert_eq(d.start_ts, 77);
    for (size_t i = 0; i < b.len; i++) {
        b.data[i] ^= 0x01;
        cr_assert_eq(kv__write_rec_decode(b.data, b.len, &d, NULL), ERR_CORRUPT);
        b.data[i] ^= 0x01;
    }
    sbuf_reset(&b);
    struct kv__write_rec rb = {.kind = KV__OP_ROLLBACK, .start_ts = 9};
    kv__write_rec_encode(&b, &rb);
    cr_assert_eq(kv__write_rec_decode(b.data, b.len, &d, NULL), 0);
    cr_assert_eq(d.kind, KV__OP_ROLLBACK);
    cr_assert(!d.has_value);

    sbuf_reset(&b);
    kv__data_rec_encode(&b, "hello", 5);
    const void *v;
    size_t n;
    cr_assert_eq(kv__data_rec_decode(b.data, b.len, &v, &n, NULL), 0);
    cr_assert(n == 5 && memcmp(v, "hello", 5) == 0);
    b.data[b.len - 1] ^= 1;
    cr_assert_eq(kv__data_rec_decode(b.data, b.len, &v, &n, NULL), ERR_CORRUPT);

    sbuf_reset(&b);
    kv__tso_rec_encode(&b, 123456789);
    uint64_t lim;
    cr_assert_eq(kv__tso_rec_decode(b.data, b.len, &lim, NULL), 0);
    cr_assert_eq(lim, 123456789);
    b.data[9] ^= 1;
    cr_assert_eq(kv__tso_rec_decode(b.data, b.len, &lim, NULL), ERR_CORRUPT);
    sbuf_free(&b);
}

/* ---- the transaction buffer ---- */

static int n_released;
static void count_release(void *arg, struct kv__bent *e)
{
    (void)arg;
    (void)e;
    n_released++;
}

Test(kv_txnbuf, ordered_versions_and_savepoints)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "test");
    struct kv__buf b;
    kv__buf_init(&b, ctx, 42);
    /* insert 1000 keys in a scrambled order; they come out sorted */
    for (int i = 0; i < 1000; i++) {
        char k[16];
        int v = (i * 7919) % 1000;
        snprintf(k, sizeof k, "k%04d", v);
        struct kv__bent *e = kv__buf_get_or_add(&b, k, strlen(k));
        kv__buf_write(&b, e, KV__OP_PUT, k, strlen(k));
    }
    int n = 0;
    const struct kv__bent *prev = NULL;
    for (const struct kv__bent *e = kv__buf_seek(&b, NULL, 0); e; e = kv__buf_next(e), n++) {
        if (prev)
            cr_assert(kv__key_cmp(prev->key, prev->klen, e->key, e->klen) < 0);
        prev = e;
    }
    cr_assert_eq(n, 1000);
    const struct kv__bent *last = kv__buf_seek_prev(&b, NULL, 0);
    cr_assert(last && memcmp(last->key, "k0999", 5) == 0);
    const struct kv__bent *p = kv__buf_seek_prev(&b, "k0500", 5);
    cr_assert(p && memcmp(p->key, "k0499", 5) == 0);

    uint64_t sp = kv__buf_new_mark(&b);
    struct kv__bent *e = kv__buf_get_or_add(&b, "k0001", 5);
    kv__buf_write(&b, e, KV__OP_DELETE, NULL, 0);
    kv__buf_mark_locked(&b, e, 99);
    uint64_t wm = kv__buf_new_mark(&b);
    kv__buf_write(&b, e, KV__OP_PUT, "new", 3);
    cr_assert_eq(kv__buf_visible(e, UINT64_MAX)->op, KV__OP_PUT);
    cr_assert_eq(kv__buf_visible(e, wm)->op, KV__OP_DELETE); /* an iterator's view */
    n_released = 0;
    kv__buf_rollback_to(&b, sp, count_release, NULL);
    cr_assert_eq(n_released, 1);
    cr_assert_eq(e->lock_seq, 0);
    const struct kv__bver *v = kv__buf_visible(e, UINT64_MAX);
    cr_assert(v && v->op == KV__OP_PUT && v->vlen == 5 && memcmp(v->val, "k0001", 5) == 0);
    kv__buf_destroy(&b);
    mem_ctx_free(ctx);
}

/* ---- the wait-for graph ---- */

Test(kv_deadlock, cycles)
{
    struct kv__waitgraph g;
    kv__wg_init(&g);
    kv__wg_set(&g, 1, 2);
    kv__wg_set(&g, 2, 3);
    cr_assert(!kv__wg_cycle(&g, 1));
    kv__wg_set(&g, 3, 1);
    cr_assert(kv__wg_cycle(&g, 1));
    cr_assert(kv__wg_cycle(&g, 3));
    kv__wg_clear(&g, 3);
    cr_assert(!kv__wg_cycle(&g, 1));
    /* a cycle not through the asker is not the asker's */
    kv__wg_set(&g, 5, 6);
    kv__wg_set(&g, 6, 5);
    kv__wg_set(&g, 4, 5);
    cr_assert(!kv__wg_cycle(&g, 4));
    cr_assert(kv__wg_cycle(&g, 5));
    kv__wg_destroy(&g);
}

/* ---- lock table and latches need a struct kv: a minimal one ---- */

static struct kv *mini_kv(void)
{
    struct kv *kv = xcalloc(1, sizeof *kv);
    kv__lock_table_init(&kv->locks);
    kv__latches_init(&kv->latches);
    return kv;
}

static void mini_free(struct kv *kv)
{
    kv__lock_table_destroy(&kv->locks);
    kv__latches_destroy(&kv->latches);
    xfree(kv);
}

struct lt_arg {
    struct kv *kv;
    uint64_t id;
    const char *key;
    int timeout;
    int rc;
    atomic_int *step;
};

static void *lt_thread(void *p)
{
    struct lt_arg *a = p;
    bool waited;
    struct err e = {0};
    a->rc = kv__lock_acquire(a->kv, a->id, a->key, strlen(a->key), a->timeout, &waited, &e);
    if (a->rc == 0) {
        atomic_fetch_add(a->step, 1);
        kv__lock_release(a->kv, a->id, a->key, strlen(a->key));
    }
    return NULL;
}

Test(kv_lock_table, fifo_handoff_timeout_and_deadlock, .timeout = 30)
{
    struct kv *kv = mini_kv();
    bool waited;
    struct err e = {0};
    cr_assert_eq(kv__lock_acquire(kv, 1, "a", 1, 0, &waited, &e), 0);
    cr_assert(!waited);
    cr_assert_eq(kv__lock_acquire(kv, 1, "a", 1, 0, &waited, &e), 0); /* re-entrant */
    /* timeout */
    cr_assert_eq(kv__lock_acquire(kv, 2, "a", 1, 50, &waited, &e), ERR_LOCKTIMEOUT);
    cr_assert(waited);
    /* a waiter gets the lock on release */
    atomic_int step = 0;
    struct lt_arg a2 = {kv, 2, "a", 5000, -1, &step};
    pthread_t th;
    pthread_create(&th, NULL, lt_thread, &a2);
    usleep(50000);
    cr_assert_eq(atomic_load(&step), 0);
    /* deadlock: 2 waits for 1 on "a"; 2 also holds "b" (taken here: the
     * lock table does not care which thread asks); 1 asking for "b" would
     * close the cycle, so 1 is the victim */
    cr_assert_eq(kv__lock_acquire(kv, 2, "b", 1, 0, &waited, &e), 0);
    cr_assert_eq(kv__lock_acquire(kv, 1, "b", 1, 0, &waited, &e), ERR_DEADLOCK);
    kv__lock_release(kv, 2, "b", 1);
    kv__lock_release(kv, 1, "a", 1);
    pthread_join(th, NULL);
    cr_assert_eq(a2.rc, 0);
    cr_assert_eq(atomic_load(&step), 1);
    mini_free(kv);
}

struct latch_arg {
    struct kv *kv;
    atomic_int *inside;
    atomic_int *max_inside;
};

static void *latch_thread(void *p)
{
    struct latch_arg *a = p;
    for (int i = 0; i < 200; i++) {
        struct kv__latch l;
        kv__latch_init(&l);
        kv__latch_add(&l, "y", 1);
        kv__latch_add(&l, "x", 1);
        kv__latch_add(&l, "x", 1);
        kv__latch_acquire(a->kv, &l);
        int n = atomic_fetch_add(a->inside, 1) + 1;
        int m = atomic_load(a->max_inside);
        while (n > m && !atomic_compare_exchange_weak(a->max_inside, &m, n))
            ;
        atomic_fetch_sub(a->inside, 1);
        kv__latch_release(a->kv, &l);
        kv__latch_free_keys(&l);
    }
    return NULL;
}

Test(kv_latch, mutual_exclusion_and_reader_gate, .timeout = 30)
{
    struct kv *kv = mini_kv();
    atomic_int inside = 0, max_inside = 0;
    struct latch_arg a = {kv, &inside, &max_inside};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, latch_thread, &a);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    cr_assert_eq(atomic_load(&max_inside), 1);

    /* a gate with start_ts 10 blocks readers at ts >= 10 until commit_ts
     * is known to be above them */
    struct kv__latch g;
    kv__latch_init(&g);
    kv__latch_add(&g, "k", 1);
    g.gate = true;
    g.start_ts = 10;
    kv__latch_acquire(kv, &g);
    kv__latch_wait_read(kv, "a", 1, "j", 1, 100); /* no overlap: returns */
    kv__latch_wait_read(kv, "k", 1, "l", 1, 5);   /* started after the reader */
    kv__latch_set_commit_ts(kv, &g, 50);
    kv__latch_wait_read(kv, "a", 1, NULL, 0, 20); /* commits above the reader */
    kv__latch_release(kv, &g);
    kv__latch_wait_read(kv, "a", 1, NULL, 0, 100); /* released */
    kv__latch_free_keys(&g);
    mini_free(kv);
}
