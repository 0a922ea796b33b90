/* rdb_crc.c — RocksDB's crc32c, computed with the CPU's crc32 instruction.
 *
 * Debian's librocksdb is built for any x86-64, without SSE4.2, so its
 * rocksdb::crc32c::Extend takes the table path (Slow_CRC32): ~3% of a bulk
 * load's CPU, almost all of it the WAL record checksums of the applier's
 * writes. When the server links RocksDB's static archive it also links this
 * file with `-Wl,--wrap=_ZN7rocksdb6crc32c6ExtendEjPKcm` (CMakeLists.txt),
 * so RocksDB's calls of Extend from its other objects come here and are
 * answered by our crc32c (common/hash.c: the same CRC-32C, with the same
 * pre- and post-inversion; SSE4.2 when the CPU has it).
 *
 * The first call compares the two on a fixed set of buffers, lengths,
 * alignments and starting values; on any difference every call goes to
 * RocksDB's own function and a warning is logged once. Not part of sfcore:
 * a binary linked against the shared librocksdb has no __real_ symbol.
 */
#include "common/hash.h"
#include "common/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* uint32_t rocksdb::crc32c::Extend(uint32_t init, const char *buf, size_t n) */
uint32_t __real__ZN7rocksdb6crc32c6ExtendEjPKcm(uint32_t init, const char *buf, size_t n);
uint32_t __wrap__ZN7rocksdb6crc32c6ExtendEjPKcm(uint32_t init, const char *buf, size_t n);

static pthread_once_t check_once = PTHREAD_ONCE_INIT;
static atomic_bool use_ours;

static void check(void)
{
    char buf[1024];
    uint32_t x = 0x2545F491u;
    for (size_t i = 0; i < sizeof(buf); i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        buf[i] = (char)x;
    }
    static const uint32_t inits[] = {0, 1, 0xFFFFFFFFu, 0x80000000u, 0x1BADB002u};
    bool same = true;
    for (size_t k = 0; k < sizeof(inits) / sizeof(inits[0]) && same; k++)
        for (size_t off = 0; off < 8 && same; off++)
            for (size_t n = 0; n + off <= sizeof(buf) && same; n += n < 24 ? 1 : 97)
                same = crc32c(inits[k], buf + off, n) ==
                       __real__ZN7rocksdb6crc32c6ExtendEjPKcm(inits[k], buf + off, n);
    if (!same)
        log_warn("storage", "RocksDB's crc32c differs from ours; using RocksDB's own");
    atomic_store(&use_ours, same);
}

uint32_t __wrap__ZN7rocksdb6crc32c6ExtendEjPKcm(uint32_t init, const char *buf, size_t n)
{
    pthread_once(&check_once, check);
    if (atomic_load_explicit(&use_ours, memory_order_relaxed))
        return crc32c(init, buf, n);
    return __real__ZN7rocksdb6crc32c6ExtendEjPKcm(init, buf, n);
}
