/* side_raw.c — the peer: RocksDB through its C API, nothing in between.
 *
 * The options repeat, call for call, what src/storage/eng_rocksdb.c sets
 * (rdb_make_options): one LRU block cache, a full bloom filter of 10 bits
 * per key, parallelism clamp(nproc, 2, 8), bytes_per_sync 1 MiB, dynamic
 * level bytes, the same write buffer size and compression. Both sides thus
 * run the same RocksDB configuration and differ only in what ShardForge
 * adds on top (kv, Raft, its log). Writes are rocksdb_put with sync=1 (WAL
 * fsync before return, which RocksDB group-commits across threads); reads
 * are rocksdb_get. Everything lives in the default column family.
 */
#include "kvbench.h"

#include "common/err.h"
#include "common/mem.h"
#include "storage/storage.h"

#include <rocksdb/c.h>
#include <string.h>
#include <unistd.h>

#define RAW_INFO_LOG_WARN  2 /* rocksdb::InfoLogLevel::WARN_LEVEL */
#define RAW_BLOOM_BITS     10.0
#define RAW_BYTES_PER_SYNC (1u << 20)
#define RAW_PRELOAD_BATCH  1000

struct kvb_raw {
    rocksdb_t *db;
    rocksdb_options_t *opts;
    rocksdb_block_based_table_options_t *bbto;
    rocksdb_cache_t *cache;
    rocksdb_writeoptions_t *wo_sync;
    rocksdb_readoptions_t *ro;
};

static int compression_type(int c)
{
    switch (c) {
    case ENG_COMPRESS_LZ4:
        return rocksdb_lz4_compression;
    case ENG_COMPRESS_ZSTD:
        return rocksdb_zstd_compression;
    default:
        return rocksdb_no_compression;
    }
}

static int raw_fail(struct err *err, char *msg, const char *what)
{
    int rc = err_set(err, ERR_IO, "raw rocksdb: %s: %s", what, msg ? msg : "?");
    rocksdb_free(msg);
    return rc;
}

static int raw_write(void *state, const void *key, size_t klen, const void *val, size_t vlen,
                     struct err *err)
{
    struct kvb_raw *r = state;
    char *msg = NULL;
    rocksdb_put(r->db, r->wo_sync, key, klen, val, vlen, &msg);
    return msg != NULL ? raw_fail(err, msg, "put") : 0;
}

static int raw_read(void *state, const void *key, size_t klen, bool *found, struct err *err)
{
    struct kvb_raw *r = state;
    char *msg = NULL;
    size_t vlen = 0;
    char *v = rocksdb_get(r->db, r->ro, key, klen, &vlen, &msg);
    if (msg != NULL)
        return raw_fail(err, msg, "get");
    *found = v != NULL;
    rocksdb_free(v);
    return 0;
}

int kvb_raw_open(const char *path, const struct kvb_config *cfg, struct kvb_raw **out,
                 struct kvb_side *side, struct err *err)
{
    struct kvb_raw *r = xcalloc(1, sizeof(*r));
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = ncpu < 2 ? 2 : ncpu > 8 ? 8 : (int)ncpu;
    char *msg = NULL;

    r->cache = rocksdb_cache_create_lru(cfg->rocks.block_cache_mb << 20);
    r->bbto = rocksdb_block_based_options_create();
    rocksdb_block_based_options_set_block_cache(r->bbto, r->cache);
    /* the table options take ownership of the filter policy */
    rocksdb_block_based_options_set_filter_policy(
        r->bbto, rocksdb_filterpolicy_create_bloom_full(RAW_BLOOM_BITS));
    r->opts = rocksdb_options_create();
    rocksdb_options_set_create_if_missing(r->opts, 1);
    rocksdb_options_increase_parallelism(r->opts, threads);
    rocksdb_options_set_max_background_jobs(r->opts, threads);
    rocksdb_options_set_info_log_level(r->opts, RAW_INFO_LOG_WARN);
    rocksdb_options_set_keep_log_file_num(r->opts, 4);
    rocksdb_options_set_bytes_per_sync(r->opts, RAW_BYTES_PER_SYNC);
    rocksdb_options_set_level_compaction_dynamic_level_bytes(r->opts, 1);
    rocksdb_options_set_write_buffer_size(r->opts, cfg->rocks.write_buffer_mb << 20);
    rocksdb_options_set_compression(r->opts, compression_type(cfg->rocks.compression));
    rocksdb_options_set_block_based_table_factory(r->opts, r->bbto);
    r->wo_sync = rocksdb_writeoptions_create();
    rocksdb_writeoptions_set_sync(r->wo_sync, 1);
    r->ro = rocksdb_readoptions_create();

    r->db = rocksdb_open(r->opts, path, &msg);
    if (msg != NULL) {
        int rc = raw_fail(err, msg, path);
        kvb_raw_close(r);
        return rc;
    }
    side->name = "raw";
    side->state = r;
    side->write = raw_write;
    side->read = raw_read;
    *out = r;
    return 0;
}

int kvb_raw_preload(struct kvb_raw *r, const struct kvb_config *cfg, struct err *err)
{
    unsigned char *value = kvb_value_new(cfg->value_size);
    unsigned char key[KVB_KEY_LEN];
    rocksdb_writebatch_t *wb = rocksdb_writebatch_create();
    char *msg = NULL;
    int rc = 0;

    for (uint64_t i = 0; i < cfg->keys && rc == 0; i++) {
        kvb_key(i, key);
        rocksdb_writebatch_put(wb, (const char *)key, sizeof(key), (const char *)value,
                               cfg->value_size);
        if ((i + 1) % RAW_PRELOAD_BATCH == 0 || i + 1 == cfg->keys) {
            rocksdb_write(r->db, r->wo_sync, wb, &msg);
            if (msg != NULL)
                rc = raw_fail(err, msg, "preload");
            rocksdb_writebatch_clear(wb);
        }
    }
    rocksdb_writebatch_destroy(wb);
    xfree(value);
    return rc;
}

void kvb_raw_close(struct kvb_raw *r)
{
    if (r == NULL)
        return;
    if (r->db != NULL)
        rocksdb_close(r->db);
    if (r->ro != NULL)
        rocksdb_readoptions_destroy(r->ro);
    if (r->wo_sync != NULL)
        rocksdb_writeoptions_destroy(r->wo_sync);
    if (r->opts != NULL)
        rocksdb_options_destroy(r->opts);
    if (r->bbto != NULL)
        rocksdb_block_based_options_destroy(r->bbto);
    if (r->cache != NULL)
        rocksdb_cache_destroy(r->cache);
    xfree(r);
}
