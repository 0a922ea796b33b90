/* hash.c — hash_bytes (wyhash), CRC-32C and an open-addressing hash table.
 *
 * hash_bytes is Wang Yi's wyhash, "final4" variant
 * (https://github.com/wangyi-fudan/wyhash, test_vector.cpp at 77e50f26; the
 * vectors in test_hash.c are from there). Loads are explicitly
 * little-endian, so the value is the same on every host; it is still meant
 * for in-memory tables only — nothing on disk depends on it (use crc32c).
 *
 * crc32c is CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; RFC 3720
 * §12.1 and appendix B.4). On x86-64 with SSE4.2 (checked once at run time)
 * it uses the crc32 instruction eight bytes at a time; elsewhere a
 * slicing-by-8 table (Intel's "slicing-by-8", Kounavis and Berry, 2005)
 * built on first use.
 *
 * crc32_msb is the CRC-32 polynomial 0x04C11DB7 taken most significant bit
 * first, with no reflection and no inversion: the running state in, the
 * state out (what libraft's byteCrc32 computes for its log segments; see
 * range/raft_crc.c). Slicing-by-8 as above, with big-endian loads.
 *
 * The table uses linear probing over a power-of-two array of slots, grows
 * (doubles) before the load would pass 3/4, and deletes by backward shift
 * (Knuth, TAOCP vol. 3, 6.4 Algorithm R), so it never holds tombstones and
 * a lookup stops at the first empty slot. Each slot caches its key's full
 * hash so probing and growing rarely touch keys.
 */
#include "common/hash.h"

#include "common/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HASH__CRC_HW 1
#include <nmmintrin.h>
#endif

/* ---- wyhash ------------------------------------------------------------ */

static const uint64_t wyp[4] = {0xa0761d6478bd642full, 0xe7037ed1a0b428dbull, 0x8ebc6af09c88c6e3ull,
                                0x589965cc75374cc3ull};

/* 64x64 -> 128 multiply; replaces *a and *b with the low and high halves. */
static inline void wymum(uint64_t *a, uint64_t *b)
{
    __extension__ typedef unsigned __int128 u128;
    u128 r = (u128)*a * *b;
    *a = (uint64_t)r;
    *b = (uint64_t)(r >> 64);
}

static inline uint64_t wymix(uint64_t a, uint64_t b)
{
    wymum(&a, &b);
    return a ^ b;
}

static inline uint64_t rd8(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static inline uint64_t rd4(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

/* 1..3 bytes: first, middle and last byte. */
static inline uint64_t rd3(const unsigned char *p, size_t k)
{
    return (uint64_t)p[0] << 16 | (uint64_t)p[k >> 1] << 8 | p[k - 1];
}

uint64_t hash_bytes(const void *key, size_t n, uint64_t seed)
{
    const unsigned char *p = key;
    uint64_t a, b;

    seed ^= wymix(seed ^ wyp[0], wyp[1]);
    if (n <= 16) {
        if (n >= 4) {
            a = rd4(p) << 32 | rd4(p + ((n >> 3) << 2));
            b = rd4(p + n - 4) << 32 | rd4(p + n - 4 - ((n >> 3) << 2));
        } else if (n > 0) {
            a = rd3(p, n);
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        size_t i = n;
        if (i > 48) {
            uint64_t see1 = seed, see2 = seed;
            do {
                seed = wymix(rd8(p) ^ wyp[1], rd8(p + 8) ^ seed);
                see1 = wymix(rd8(p + 16) ^ wyp[2], rd8(p + 24) ^ see1);
                see2 = wymix(rd8(p + 32) ^ wyp[3], rd8(p + 40) ^ see2);
                p += 48;
                i -= 48;
            } while (i > 48);
            seed ^= see1 ^ see2;
        }
        while (i > 16) {
            seed = wymix(rd8(p) ^ wyp[1], rd8(p + 8) ^ seed);
            i -= 16;
            p += 16;
        }
        a = rd8(p + i - 16);
        b = rd8(p + i - 8);
    }
    a ^= wyp[1];
    b ^= seed;
    wymum(&a, &b);
    return wymix(a ^ wyp[0] ^ n, b ^ wyp[1]);
}

/* ---- CRC-32C ----------------------------------------------------------- */

#define CRC32C_POLY 0x82F63B78u /* reflected 0x1EDC6F41 */

/* crc_table[k][b]: CRC of byte b followed by k zero bytes. */
static uint32_t crc_table[8][256];
static pthread_once_t crc_table_once = PTHREAD_ONCE_INIT;

static void crc_table_init(void)
{
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t c = b;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (CRC32C_POLY & (0u - (c & 1u)));
        crc_table[0][b] = c;
    }
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t c = crc_table[0][b];
        for (int k = 1; k < 8; k++) {
            c = crc_table[0][c & 0xff] ^ (c >> 8);
            crc_table[k][b] = c;
        }
    }
}

uint32_t crc32c__sw(uint32_t crc, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    uint32_t c = ~crc;

    pthread_once(&crc_table_once, crc_table_init);
    while (n > 0 && ((uintptr_t)p & 7) != 0) {
        c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
        n--;
    }
    while (n >= 8) {
        uint32_t lo = c ^ (uint32_t)rd4(p);
        uint32_t hi = (uint32_t)rd4(p + 4);
        c = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
            crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^ crc_table[3][hi & 0xff] ^
            crc_table[2][(hi >> 8) & 0xff] ^ crc_table[1][(hi >> 16) & 0xff] ^
            crc_table[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
        c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

#ifdef HASH__CRC_HW
__attribute__((target("sse4.2"))) static uint32_t crc32c_hw(uint32_t crc, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    uint64_t c = ~crc;

    while (n > 0 && ((uintptr_t)p & 7) != 0) {
        c = _mm_crc32_u8((uint32_t)c, *p++);
        n--;
    }
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8); /* x86 is little-endian, as the instruction expects */
        c = _mm_crc32_u64(c, v);
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
        c = _mm_crc32_u8((uint32_t)c, *p++);
    return ~(uint32_t)c;
}
#endif

/* 0 = not checked yet, 1 = table, 2 = SSE4.2. */
static atomic_int crc_impl;

bool crc32c__has_hw(void)
{
#ifdef HASH__CRC_HW
    int impl = atomic_load_explicit(&crc_impl, memory_order_relaxed);
    if (impl == 0) {
        __builtin_cpu_init();
        impl = __builtin_cpu_supports("sse4.2") ? 2 : 1;
        atomic_store_explicit(&crc_impl, impl, memory_order_relaxed);
    }
    return impl == 2;
#else
    return false;
#endif
}

uint32_t crc32c(uint32_t crc, const void *p, size_t n)
{
#ifdef HASH__CRC_HW
    if (crc32c__has_hw())
        return crc32c_hw(crc, p, n);
#endif
    return crc32c__sw(crc, p, n);
}

/* ---- CRC-32, most significant bit first --------------------------------- */

#define CRC32_MSB_POLY 0x04C11DB7u

/* msb_table[k][b]: the CRC of byte b followed by k zero bytes. */
static uint32_t msb_table[8][256];
static pthread_once_t msb_table_once = PTHREAD_ONCE_INIT;

static void msb_table_init(void)
{
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t c = b << 24;
        for (int k = 0; k < 8; k++)
            c = (c << 1) ^ (CRC32_MSB_POLY & (0u - (c >> 31)));
        msb_table[0][b] = c;
    }
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t c = msb_table[0][b];
        for (int k = 1; k < 8; k++) {
            c = (c << 8) ^ msb_table[0][c >> 24];
            msb_table[k][b] = c;
        }
    }
}

static inline uint32_t rd4_be(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint32_t crc32_msb(uint32_t crc, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    uint32_t c = crc;

    pthread_once(&msb_table_once, msb_table_init);
    while (n >= 8) {
        uint32_t hi = c ^ rd4_be(p);
        uint32_t lo = rd4_be(p + 4);
        c = msb_table[7][hi >> 24] ^ msb_table[6][(hi >> 16) & 0xff] ^
            msb_table[5][(hi >> 8) & 0xff] ^ msb_table[4][hi & 0xff] ^ msb_table[3][lo >> 24] ^
            msb_table[2][(lo >> 16) & 0xff] ^ msb_table[1][(lo >> 8) & 0xff] ^
            msb_table[0][lo & 0xff];
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
        c = (c << 8) ^ msb_table[0][(c >> 24) ^ *p++];
    return c;
}

bool crc_impls_agree(crc_fn ours, crc_fn theirs)
{
    static const uint32_t inits[] = {0, 1, 0xFFFFFFFFu, 0x80000000u, 0x1BADB002u};
    unsigned char buf[1024];
    uint32_t x = 0x2545F491u; /* xorshift32 */
    for (size_t i = 0; i < sizeof(buf); i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        buf[i] = (unsigned char)x;
    }
    for (size_t k = 0; k < sizeof(inits) / sizeof(inits[0]); k++)
        for (size_t off = 0; off < 8; off++)
            for (size_t n = 0; n + off <= sizeof(buf); n += n < 24 ? 1 : 97)
                if (ours(inits[k], buf + off, n) != theirs(inits[k], buf + off, n))
                    return false;
    return true;
}

/* ---- hash table -------------------------------------------------------- */

#define HASH_SEED    0x5348415244464f52ull /* fixed: iteration order replays */
#define HASH_MIN_CAP 8

struct hash_slot {
    unsigned char *key; /* NULL: empty slot; else a copy we own */
    size_t klen;
    uint64_t hash;
    void *value;
};

struct hash_table {
    struct hash_slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

/* Invariant: count <= cap * 3 / 4, so some slot is always empty. */
static bool load_ok(size_t count, size_t cap)
{
    return count <= cap / 4 * 3;
}

struct hash_table *hash_new(size_t initial_capacity)
{
    struct hash_table *h = xcalloc(1, sizeof(*h));
    size_t cap = HASH_MIN_CAP;
    while (!load_ok(initial_capacity, cap))
        cap *= 2;
    h->slots = xcalloc(cap, sizeof(*h->slots));
    h->cap = cap;
    return h;
}

void hash_free(struct hash_table *h)
{
    if (h == NULL)
        return;
    for (size_t i = 0; i < h->cap; i++)
        xfree(h->slots[i].key);
    xfree(h->slots);
    xfree(h);
}

static uint64_t key_hash(const void *key, size_t klen)
{
    return hash_bytes(klen ? key : "", klen, HASH_SEED);
}

/* Slot holding key, or the empty slot where it would go. */
static size_t find_slot(const struct hash_table *h, const void *key, size_t klen, uint64_t hv)
{
    size_t mask = h->cap - 1;
    size_t i = (size_t)hv & mask;
    for (;;) {
        const struct hash_slot *s = &h->slots[i];
        if (s->key == NULL)
            return i;
        if (s->hash == hv && s->klen == klen && (klen == 0 || memcmp(s->key, key, klen) == 0))
            return i;
        i = (i + 1) & mask;
    }
}

static void grow(struct hash_table *h)
{
    struct hash_slot *old = h->slots;
    size_t old_cap = h->cap;
    size_t cap = old_cap * 2;
    size_t mask = cap - 1;

    h->slots = xcalloc(cap, sizeof(*h->slots));
    h->cap = cap;
    for (size_t j = 0; j < old_cap; j++) {
        if (old[j].key == NULL)
            continue;
        size_t i = (size_t)old[j].hash & mask;
        while (h->slots[i].key != NULL)
            i = (i + 1) & mask;
        h->slots[i] = old[j];
    }
    xfree(old);
}

void *hash_put(struct hash_table *h, const void *key, size_t klen, void *value)
{
    uint64_t hv = key_hash(key, klen);
    size_t i = find_slot(h, key, klen, hv);
    struct hash_slot *s = &h->slots[i];

    if (s->key != NULL) {
        void *prev = s->value;
        s->value = value;
        return prev;
    }
    if (!load_ok(h->count + 1, h->cap)) {
        grow(h);
        i = find_slot(h, key, klen, hv);
        s = &h->slots[i];
    }
    s->key = xmalloc(klen);
    if (klen > 0)
        memcpy(s->key, key, klen);
    s->klen = klen;
    s->hash = hv;
    s->value = value;
    h->count++;
    return NULL;
}

void *hash_get(const struct hash_table *h, const void *key, size_t klen)
{
    size_t i = find_slot(h, key, klen, key_hash(key, klen));
    return h->slots[i].key != NULL ? h->slots[i].value : NULL;
}

void *hash_del(struct hash_table *h, const void *key, size_t klen)
{
    size_t mask = h->cap - 1;
    size_t i = find_slot(h, key, klen, key_hash(key, klen));
    if (h->slots[i].key == NULL)
        return NULL;

    void *value = h->slots[i].value;
    xfree(h->slots[i].key);
    h->count--;
    /* Backward shift: pull later members of the probe run into the hole
     * unless their home slot lies cyclically in (hole, j]. */
    for (size_t j = (i + 1) & mask; h->slots[j].key != NULL; j = (j + 1) & mask) {
        size_t home = (size_t)h->slots[j].hash & mask;
        bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (!stays) {
            h->slots[i] = h->slots[j];
            i = j;
        }
    }
    memset(&h->slots[i], 0, sizeof(h->slots[i]));
    return value;
}

size_t hash_count(const struct hash_table *h)
{
    return h->count;
}

bool hash_next(const struct hash_table *h, size_t *pos, const void **key, size_t *klen,
               void **value)
{
    for (size_t i = *pos; i < h->cap; i++) {
        const struct hash_slot *s = &h->slots[i];
        if (s->key == NULL)
            continue;
        if (key != NULL)
            *key = s->key;
        if (klen != NULL)
            *klen = s->klen;
        if (value != NULL)
            *value = s->value;
        *pos = i + 1;
        return true;
    }
    *pos = h->cap;
    return false;
}
