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
 * The first call compares the two (crc_impls_agree); on any difference every call goes to
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

static uint32_t rocksdb_crc(uint32_t init, const void *buf, size_t n)
{
    return __real__ZN7rocksdb6crc32c6ExtendEjPKcm(init, buf, n);
}

static void check(void)
{
    bool same = crc_impls_agree(crc32c, rocksdb_crc);
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
