/* hash.h — hash functions, crc32c and an open-addressing hash table.
 *
 * The table maps byte-string keys to void * values. It copies keys; values
 * are borrowed. Not thread-safe: the owner locks if it shares one.
 */
#ifndef SF_COMMON_HASH_H
#define SF_COMMON_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);
/* CRC-32C (Castagnoli), as used for every on-disk record we format.
 * crc is the running value: start with 0. */
uint32_t crc32c(uint32_t crc, const void *p, size_t n);
/* Layer-internal, for tests: the portable table implementation, and whether
 * crc32c() uses the SSE4.2 instruction on this CPU. */
uint32_t crc32c__sw(uint32_t crc, const void *p, size_t n);
bool crc32c__has_hw(void);
/* CRC-32 (polynomial 0x04C11DB7) most significant bit first, without
 * reflection or inversion: crc is the running state (libraft starts at 0)
 * and the state is returned as it is. Nothing of ours is stored under it. */
uint32_t crc32_msb(uint32_t crc, const void *p, size_t n);
/* Whether two implementations of one CRC, each (state, bytes, n) -> state,
 * agree on a fixed set of buffers, lengths, alignments and starting states:
 * the check before ours stands in for a library's (range/raft_crc.c,
 * storage/rdb_crc.c). */
typedef uint32_t (*crc_fn)(uint32_t crc, const void *p, size_t n);
bool crc_impls_agree(crc_fn ours, crc_fn theirs);

struct hash_table;

struct hash_table *hash_new(size_t initial_capacity);
void hash_free(struct hash_table *h);
/* Insert or replace. Returns the previous value or NULL. */
void *hash_put(struct hash_table *h, const void *key, size_t klen, void *value);
void *hash_get(const struct hash_table *h, const void *key, size_t klen);
/* Remove; returns the removed value or NULL. */
void *hash_del(struct hash_table *h, const void *key, size_t klen);
size_t hash_count(const struct hash_table *h);

/* Iteration: *pos starts at 0; returns false at the end. Key and value are
 * borrowed until the next change of the table. */
bool hash_next(const struct hash_table *h, size_t *pos, const void **key, size_t *klen,
               void **value);

#endif
