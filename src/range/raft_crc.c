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
 * the other), so the first call compares them on a fixed set of buffers,
 * lengths, alignments and starting states; on any difference (a libraft
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

static void check(void)
{
    unsigned char buf[1024];
    uint32_t x = 0x2545F491u;
    for (size_t i = 0; i < sizeof(buf); i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        buf[i] = (unsigned char)x;
    }
    static const unsigned inits[] = {0, 1, 0xFFFFFFFFu, 0x80000000u, 0x1BADB002u};
    bool same = true;
    for (size_t k = 0; k < sizeof(inits) / sizeof(inits[0]) && same; k++)
        for (size_t off = 0; off < 8 && same; off++)
            for (size_t n = 0; n + off <= sizeof(buf) && same; n += n < 24 ? 1 : 97)
                same =
                    crc32_msb(inits[k], buf + off, n) == __real_byteCrc32(buf + off, n, inits[k]);
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
