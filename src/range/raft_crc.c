/* raft_crc.c — libraft's log checksum, computed eight bytes at a time.
 *
 * raft_uv checksums every entry it writes to and reads from its segments
 * with byteCrc32, a byte-at-a-time table loop: ~10% of a bulk load's CPU,
 * all of it on the loop thread. When the server links libraft's static
 * archive it also links this file with `-Wl,--wrap=byteCrc32`
 * (CMakeLists.txt), so libraft's calls come here and are answered by
 * crc32_msb (common/hash.c), the same CRC by slicing-by-8.
 *
 * The two must agree bit for bit (segments written by either are read by
 * the other), so the first call compares them (crc_impls_agree); on any difference (a libraft
 * whose byteCrc32 computes something else) every call goes to libraft's own
 * function and a warning is logged once.
 *
 * This file is not part of sfcore: a binary linked against the shared
 * libraft has no __real_byteCrc32.
 */
#include "common/hash.h"
#include "common/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

unsigned __real_byteCrc32(const void *buf, size_t size, unsigned init);
unsigned __wrap_byteCrc32(const void *buf, size_t size, unsigned init);

static pthread_once_t check_once = PTHREAD_ONCE_INIT;
static atomic_bool use_ours;

static uint32_t libraft_crc(uint32_t init, const void *buf, size_t n)
{
    return __real_byteCrc32(buf, n, init);
}

static void check(void)
{
    bool same = crc_impls_agree(crc32_msb, libraft_crc);
    if (!same)
        log_warn("range", "libraft's byteCrc32 differs from crc32_msb; using libraft's own");
    atomic_store(&use_ours, same);
}

unsigned __wrap_byteCrc32(const void *buf, size_t size, unsigned init)
{
    pthread_once(&check_once, check);
    if (atomic_load_explicit(&use_ours, memory_order_relaxed))
        return crc32_msb(init, buf, size);
    return __real_byteCrc32(buf, size, init);
}
