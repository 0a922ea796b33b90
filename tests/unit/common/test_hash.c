/* test_hash.c — hash_bytes vectors, CRC-32C vectors and the hash table. */
#include "common/hash.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- hash_bytes -------------------------------------------------------- */

/* wyhash final4 reference vectors (wyhash test_vector.cpp, commit 77e50f26). */
Test(hash_bytes, wyhash_reference_vectors)
{
    static const struct {
        uint64_t seed;
        uint64_t want;
        const char *in;
    } v[] = {
        {0, 0x0409638ee2bde459ull, ""},
        {1, 0xa8412d091b5fe0a9ull, "a"},
        {2, 0x32dd92e4b2915153ull, "abc"},
        {3, 0x8619124089a3a16bull, "message digest"},
        {4, 0x7a43afb61d7f5f40ull, "abcdefghijklmnopqrstuvwxyz"},
        {5, 0xff42329b90e50d58ull,
         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"},
        {6, 0xc39cab13b115aad3ull,
         "12345678901234567890123456789012345678901234567890123456789012345678901234567890"},
    };
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        cr_expect_eq(hash_bytes(v[i].in, strlen(v[i].in), v[i].seed), v[i].want,
                     "vector %zu (\"%s\")", i, v[i].in);
}

Test(hash_bytes, null_pointer_with_zero_length)
{
    cr_expect_eq(hash_bytes(NULL, 0, 0), 0x0409638ee2bde459ull);
}

Test(hash_bytes, seed_and_every_length_matter)
{
    unsigned char buf[300];
    static uint64_t seen[301];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 7 + 1);
    for (size_t n = 0; n <= sizeof(buf); n++) {
        seen[n] = hash_bytes(buf, n, 42);
        cr_expect_neq(seen[n], hash_bytes(buf, n, 43), "len %zu", n);
        for (size_t m = 0; m < n; m++)
            cr_expect_neq(seen[m], seen[n], "len %zu vs %zu", m, n);
    }
}

Test(hash_bytes, alignment_does_not_matter)
{
    unsigned char src[200], buf[216];
    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i ^ 0x5a);
    uint64_t want = hash_bytes(src, sizeof(src), 9);
    for (size_t off = 0; off < 16; off++) {
        memcpy(buf + off, src, sizeof(src));
        cr_expect_eq(hash_bytes(buf + off, sizeof(src), 9), want, "offset %zu", off);
    }
}

Test(hash_bytes, single_bit_flips_change_about_half_the_bits)
{
    unsigned char buf[64] = {0};
    uint64_t base = hash_bytes(buf, sizeof(buf), 0);
    unsigned total = 0;
    for (size_t bit = 0; bit < sizeof(buf) * 8; bit++) {
        buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        uint64_t h = hash_bytes(buf, sizeof(buf), 0);
        buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        int d = __builtin_popcountll(h ^ base);
        cr_expect(d >= 12 && d <= 52, "bit %zu flips %d output bits", bit, d);
        total += (unsigned)d;
    }
    double mean = (double)total / (sizeof(buf) * 8);
    cr_expect(mean > 30.0 && mean < 34.0, "mean flipped bits %f", mean);
}

/* ---- CRC-32C ----------------------------------------------------------- */

/* Bit at a time, straight from the definition; the oracle for the others. */
static uint32_t crc_ref(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
}

static void expect_crc(const void *p, size_t n, uint32_t want, const char *what)
{
    cr_expect_eq(crc32c(0, p, n), want, "crc32c %s: %08x", what, crc32c(0, p, n));
    cr_expect_eq(crc32c__sw(0, p, n), want, "crc32c__sw %s: %08x", what, crc32c__sw(0, p, n));
    cr_expect_eq(crc_ref(0, p, n), want, "reference %s", what);
}

Test(crc32c, check_value)
{
    expect_crc("123456789", 9, 0xE3069283u, "123456789");
    expect_crc("", 0, 0, "empty");
    expect_crc("a", 1, 0xC1D04330u, "a");
    expect_crc("The quick brown fox jumps over the lazy dog", 43, 0x22620404u, "fox");
}

/* RFC 3720 appendix B.4 (also leveldb's crc32c_test). */
Test(crc32c, rfc3720_vectors)
{
    unsigned char buf[32];
    memset(buf, 0, sizeof(buf));
    expect_crc(buf, sizeof(buf), 0x8A9136AAu, "32 zeros");
    memset(buf, 0xff, sizeof(buf));
    expect_crc(buf, sizeof(buf), 0x62A8AB43u, "32 x ff");
    for (int i = 0; i < 32; i++)
        buf[i] = (unsigned char)i;
    expect_crc(buf, sizeof(buf), 0x46DD794Eu, "incrementing");
    for (int i = 0; i < 32; i++)
        buf[i] = (unsigned char)(31 - i);
    expect_crc(buf, sizeof(buf), 0x113FDB5Cu, "decrementing");

    static const unsigned char scsi_read[48] = {
        0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
        0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    expect_crc(scsi_read, sizeof(scsi_read), 0xD9963A56u, "iSCSI read PDU");
}

Test(crc32c, incremental_equals_one_shot)
{
    unsigned char buf[1000];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 131 + 17);
    uint32_t whole = crc32c(0, buf, sizeof(buf));
    cr_assert_eq(whole, crc_ref(0, buf, sizeof(buf)));
    for (size_t cut = 0; cut <= sizeof(buf); cut++) {
        uint32_t c = crc32c(0, buf, cut);
        c = crc32c(c, buf + cut, sizeof(buf) - cut);
        cr_expect_eq(c, whole, "split at %zu", cut);
        uint32_t s = crc32c__sw(0, buf, cut);
        s = crc32c__sw(s, buf + cut, sizeof(buf) - cut);
        cr_expect_eq(s, whole, "sw split at %zu", cut);
    }
    /* Byte at a time. */
    uint32_t c = 0;
    for (size_t i = 0; i < sizeof(buf); i++)
        c = crc32c(c, buf + i, 1);
    cr_expect_eq(c, whole);
}

Test(crc32c, every_alignment_and_length_agree)
{
    unsigned char buf[300];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(rand() & 0xff);
    if (!crc32c__has_hw())
        cr_log_warn("no SSE4.2 here: only the table path is tested");
    for (size_t off = 0; off < 16; off++) {
        for (size_t n = 0; n + off <= 280; n += (n < 40 ? 1 : 13)) {
            uint32_t want = crc_ref(0x12345678u, buf + off, n);
            cr_expect_eq(crc32c(0x12345678u, buf + off, n), want, "off %zu len %zu", off, n);
            cr_expect_eq(crc32c__sw(0x12345678u, buf + off, n), want, "sw off %zu len %zu", off, n);
        }
    }
}

Test(crc32c, large_buffer)
{
    size_t n = 1 << 20;
    unsigned char *buf = malloc(n);
    cr_assert_not_null(buf);
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i >> 3);
    uint32_t want = crc_ref(0, buf, n);
    cr_expect_eq(crc32c(0, buf, n), want);
    cr_expect_eq(crc32c__sw(0, buf, n), want);
    free(buf);
}

/* ---- CRC-32 most significant bit first ------------------------------------ */

/* Bit at a time, straight from the definition. */
static uint32_t msb_ref(uint32_t crc, const unsigned char *p, size_t n)
{
    while (n-- > 0) {
        crc ^= (uint32_t)*p++ << 24;
        for (int k = 0; k < 8; k++)
            crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

/* The catalogue's check values (reveng CRC-32/MPEG-2: init ffffffff, no
 * xorout; CRC-32/CKSUM: init 0, xorout ffffffff). */
Test(crc32_msb, check_values)
{
    cr_expect_eq(crc32_msb(0xFFFFFFFFu, "123456789", 9), 0x0376E6E7u);
    cr_expect_eq(crc32_msb(0, "123456789", 9) ^ 0xFFFFFFFFu, 0x765E7680u);
    cr_expect_eq(crc32_msb(0, "", 0), 0);
    cr_expect_eq(crc32_msb(0x1234u, "", 0), 0x1234u, "no bytes: the state as it was");
}

Test(crc32_msb, every_alignment_length_and_split_agree)
{
    unsigned char buf[600];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(rand() & 0xff);
    for (size_t off = 0; off < 16; off++) {
        for (size_t n = 0; n + off <= 580; n += (n < 40 ? 1 : 11)) {
            uint32_t want = msb_ref(0x9ABCDEF0u, buf + off, n);
            cr_expect_eq(crc32_msb(0x9ABCDEF0u, buf + off, n), want, "off %zu len %zu", off, n);
            size_t cut = n / 3;
            uint32_t c = crc32_msb(0x9ABCDEF0u, buf + off, cut);
            cr_expect_eq(crc32_msb(c, buf + off + cut, n - cut), want, "split %zu/%zu", cut, n);
        }
    }
    uint32_t big = crc32_msb(0, buf, sizeof(buf));
    cr_expect_eq(big, msb_ref(0, buf, sizeof(buf)));
    buf[317] ^= 0x10;
    cr_expect_neq(crc32_msb(0, buf, sizeof(buf)), big, "one flipped bit changes it");
}

static uint32_t msb_bitwise(uint32_t crc, const void *p, size_t n)
{
    return msb_ref(crc, p, n);
}

static uint32_t msb_last_byte_flipped(uint32_t crc, const void *p, size_t n)
{
    unsigned char buf[1100];
    memcpy(buf, p, n);
    if (n > 300)
        buf[n - 1] ^= 1;
    return msb_ref(crc, buf, n);
}

Test(crc_impls_agree, same_crc_agrees_others_do_not)
{
    cr_expect(crc_impls_agree(crc32c, crc32c__sw));
    cr_expect(crc_impls_agree(crc32_msb, msb_bitwise));
    cr_expect_not(crc_impls_agree(crc32_msb, crc32c), "another polynomial");
    cr_expect_not(crc_impls_agree(crc32_msb, msb_last_byte_flipped), "one length differs");
}

/* ---- hash table -------------------------------------------------------- */

#define V(x) ((void *)(uintptr_t)(x))

Test(hash_table, put_get_replace_del)
{
    struct hash_table *h = hash_new(0);
    cr_expect_eq(hash_count(h), 0);
    cr_expect_null(hash_get(h, "a", 1));
    cr_expect_null(hash_put(h, "a", 1, V(1)));
    cr_expect_null(hash_put(h, "b", 1, V(2)));
    cr_expect_eq(hash_count(h), 2);
    cr_expect_eq(hash_get(h, "a", 1), V(1));
    cr_expect_eq(hash_get(h, "b", 1), V(2));
    cr_expect_eq(hash_put(h, "a", 1, V(3)), V(1), "replace returns the old value");
    cr_expect_eq(hash_count(h), 2);
    cr_expect_eq(hash_get(h, "a", 1), V(3));
    cr_expect_eq(hash_del(h, "a", 1), V(3));
    cr_expect_null(hash_del(h, "a", 1), "second delete finds nothing");
    cr_expect_null(hash_get(h, "a", 1));
    cr_expect_eq(hash_count(h), 1);
    cr_expect_null(hash_del(h, "zz", 2));
    cr_expect_eq(hash_get(h, "b", 1), V(2));
    hash_free(h);
    hash_free(NULL);
}

Test(hash_table, binary_and_empty_keys)
{
    struct hash_table *h = hash_new(4);
    cr_expect_null(hash_put(h, "a\0b", 3, V(1)));
    cr_expect_null(hash_put(h, "a\0c", 3, V(2)));
    cr_expect_null(hash_put(h, "a", 1, V(3)));
    cr_expect_null(hash_put(h, "a\0", 2, V(4)));
    cr_expect_null(hash_put(h, "", 0, V(5)));
    cr_expect_null(hash_put(h, "\0\0\0\0", 4, V(6)));
    cr_expect_eq(hash_count(h), 6);
    cr_expect_eq(hash_get(h, "a\0b", 3), V(1));
    cr_expect_eq(hash_get(h, "a\0c", 3), V(2));
    cr_expect_eq(hash_get(h, "a", 1), V(3));
    cr_expect_eq(hash_get(h, "a\0", 2), V(4));
    cr_expect_eq(hash_get(h, NULL, 0), V(5), "empty key, NULL pointer");
    cr_expect_eq(hash_get(h, "x", 0), V(5), "empty key, any pointer");
    cr_expect_eq(hash_get(h, "\0\0\0\0", 4), V(6));
    cr_expect_null(hash_get(h, "\0\0\0", 3));
    cr_expect_eq(hash_del(h, "", 0), V(5));
    cr_expect_null(hash_get(h, "", 0));
    cr_expect_eq(hash_count(h), 5);
    hash_free(h);
}

Test(hash_table, keys_are_copied)
{
    struct hash_table *h = hash_new(0);
    char key[16] = "volatile";
    hash_put(h, key, strlen(key), V(7));
    memset(key, 'x', sizeof(key));
    cr_expect_eq(hash_get(h, "volatile", 8), V(7));
    cr_expect_null(hash_get(h, key, 8));

    size_t pos = 0, klen = 0;
    const void *k = NULL;
    void *v = NULL;
    cr_assert(hash_next(h, &pos, &k, &klen, &v));
    cr_expect_eq(klen, 8);
    cr_expect_eq(memcmp(k, "volatile", 8), 0);
    cr_expect_neq((const void *)k, (const void *)key);
    cr_expect_eq(v, V(7));
    cr_expect_not(hash_next(h, &pos, &k, &klen, &v));
    cr_expect_not(hash_next(h, &pos, NULL, NULL, NULL), "stays at the end");
    hash_free(h);
}

static size_t key_of(unsigned i, unsigned char *buf)
{
    /* Variable length, with NULs, so lengths and bytes both matter. */
    size_t n = 4 + i % 5;
    memset(buf, 0, n);
    memcpy(buf, &i, sizeof(i));
    return n;
}

Test(hash_table, grows_to_many_keys_and_iterates_each_once)
{
    enum { N = 100000 };
    struct hash_table *h = hash_new(0);
    unsigned char k[16];
    for (unsigned i = 0; i < N; i++)
        cr_assert_null(hash_put(h, k, key_of(i, k), V(i + 1)));
    cr_expect_eq(hash_count(h), N);
    for (unsigned i = 0; i < N; i++)
        cr_assert_eq(hash_get(h, k, key_of(i, k)), V(i + 1), "key %u", i);
    /* Same bytes, other length: absent. */
    unsigned z = 0;
    cr_expect_null(hash_get(h, &z, 3));

    unsigned char *seen = calloc(N, 1);
    size_t pos = 0, klen, visits = 0;
    const void *key;
    void *val;
    while (hash_next(h, &pos, &key, &klen, &val)) {
        unsigned i = (unsigned)((uintptr_t)val - 1);
        cr_assert_lt(i, N);
        cr_assert_eq(klen, key_of(i, k));
        cr_assert_eq(memcmp(key, k, klen), 0);
        cr_assert_eq(seen[i], 0, "key %u visited twice", i);
        seen[i] = 1;
        visits++;
    }
    cr_expect_eq(visits, N);
    free(seen);

    /* Delete every other key, then check both halves. */
    for (unsigned i = 0; i < N; i += 2)
        cr_assert_eq(hash_del(h, k, key_of(i, k)), V(i + 1));
    cr_expect_eq(hash_count(h), N / 2);
    for (unsigned i = 0; i < N; i++) {
        void *want = i % 2 ? V(i + 1) : NULL;
        cr_assert_eq(hash_get(h, k, key_of(i, k)), want, "key %u", i);
    }
    hash_free(h);
}

Test(hash_table, presized_table)
{
    struct hash_table *h = hash_new(1000);
    unsigned char k[16];
    for (unsigned i = 0; i < 1000; i++)
        hash_put(h, k, key_of(i, k), V(i + 1));
    cr_expect_eq(hash_count(h), 1000);
    for (unsigned i = 0; i < 1000; i++)
        cr_assert_eq(hash_get(h, k, key_of(i, k)), V(i + 1));
    hash_free(h);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random puts and deletes against a plain array: backward-shift deletion must
 * keep every probe run intact, through growth and wrap-around. */
Test(hash_table, random_operations_match_a_model)
{
    enum { KEYS = 3000, OPS = 300000 };
    static uintptr_t model[KEYS]; /* 0 = absent */
    struct hash_table *h = hash_new(0);
    size_t live = 0;
    for (unsigned op = 0; op < OPS; op++) {
        unsigned i = (unsigned)(rng() % KEYS);
        unsigned char k[16];
        size_t n = key_of(i, k);
        uint64_t r = rng() % 10;
        if (r < 5) {
            uintptr_t v = op + 1;
            void *prev = hash_put(h, k, n, V(v));
            cr_assert_eq(prev, V(model[i]), "op %u put %u", op, i);
            if (model[i] == 0)
                live++;
            model[i] = v;
        } else if (r < 9) {
            void *prev = hash_del(h, k, n);
            cr_assert_eq(prev, V(model[i]), "op %u del %u", op, i);
            if (model[i] != 0)
                live--;
            model[i] = 0;
        } else {
            cr_assert_eq(hash_get(h, k, n), V(model[i]), "op %u get %u", op, i);
        }
        cr_assert_eq(hash_count(h), live);
        if (op % 10000 == 0) {
            for (unsigned j = 0; j < KEYS; j++)
                cr_assert_eq(hash_get(h, k, key_of(j, k)), V(model[j]), "op %u key %u", op, j);
            size_t pos = 0, visits = 0;
            while (hash_next(h, &pos, NULL, NULL, NULL))
                visits++;
            cr_assert_eq(visits, live);
        }
    }
    /* Empty it completely, then reuse it. */
    for (unsigned j = 0; j < KEYS; j++) {
        unsigned char k[16];
        hash_del(h, k, key_of(j, k));
    }
    cr_expect_eq(hash_count(h), 0);
    size_t pos = 0;
    cr_expect_not(hash_next(h, &pos, NULL, NULL, NULL));
    cr_expect_null(hash_put(h, "again", 5, V(1)));
    cr_expect_eq(hash_get(h, "again", 5), V(1));
    hash_free(h);
}
