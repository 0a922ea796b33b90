/* range.h — range replicas: one Raft group (libraft 0.15) per key range.
 *
 * The keyspace (opaque byte keys ordered bytewise — the kv layer's physical
 * keys, which it makes prefix-free so that every version of a key falls in
 * one range) is split into ranges
 * [start, end). Every range is one libraft group; a node holds at most one
 * replica of a range, and a replica's raft id is its node id. All replicas
 * of a node share one engine (struct eng) and one internode TCP port, over
 * which a custom raft_uv_transport multiplexes every group by a
 * (range id, replica id) handshake.
 *
 * What this layer knows: ranges, Raft, the range map, applying batches of
 * engine operations. What it does not: MVCC, transactions, timestamps — the
 * kv layer above builds batches (struct rng_batch) and reads the engine
 * directly once rng_read_begin says this node may serve reads.
 *
 * Keyspace reserved by this layer:
 *     0x00 ...                 never used
 *     0x01 'm' <end key>       range descriptor of the range ending at <end
 *                              key> (meta; lives in range 1)  RNG_META_PREFIX
 *     0x01 ...                 other system keys (kv's TSO, catalog later);
 *                              range 1 spans [RNG_KEY_MIN, RNG_USER_MIN)
 *     0x02 ... 0xFF            user keys (tables), pre-split at bootstrap
 * Node-local state (applied index per range, not replicated) lives in the
 * engine CF RNG_CF_LOCAL, which no range spans.
 *
 * Threads (DESIGN.md §3): every struct raft and uv handle is touched only by
 * the loop thread that runs the store's uv loop. rng_propose and
 * rng_read_begin are called from session threads and block on a completion
 * object; the loop thread never blocks on them. rng_store_open/close run on
 * the loop thread.
 *
 * Durability: a proposal returns success only after its entry is committed
 * by a quorum (fsynced raft logs) and applied to this node's engine. The
 * state machine applies an entry's operations and the range's applied index
 * in one engine batch, so restart replays exactly the missing suffix.
 */
#ifndef SF_RANGE_RANGE_H
#define SF_RANGE_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct eng;
struct uv_loop_s;

struct rng_store;
struct rng_batch;

#define RNG_CF_LOCAL    "local" /* node-local range state; never replicated */
#define RNG_META_PREFIX "\x01m" /* + end key: range descriptors, in range 1 */
#define RNG_RANGE1_END  "\x02"  /* range 1 = [ "" , "\x02" ) */
/* Added by the range layer (see README.md):
 * RNG_META_CF: the engine CF holding the descriptors as raw (non-MVCC) keys;
 *   it must be one of rng_store_config.cfs.
 * RNG_KEY_MAX: every key sorts below it (user keys lie in [0x02, 0xFF 0xFF));
 *   the last range's meta key is RNG_META_PREFIX RNG_KEY_MAX. */
#define RNG_META_CF "default"
#define RNG_KEY_MAX "\xff\xff"

/* ---- the range map -------------------------------------------------------------- */

#define RNG_MAX_REPLICAS 7
/* A replica takes a snapshot once the entries applied since its last one
 * hold this many bytes (raft.snapshot_interval_bytes), and keeps at most an
 * eighth of it as trailing entries: libraft holds every entry after
 * (snapshot - trailing) in memory, and reloads them all on restart. */
#define RNG_SNAPSHOT_BYTES_DEFAULT (16u << 20)

struct rng_replica_desc {
    uint64_t node_id;  /* == raft id */
    char address[256]; /* internode host:port of that node */
    int role;          /* RAFT_VOTER, RAFT_STANDBY or RAFT_SPARE (raft.h) */
};

/* A range descriptor. start/end are owned by the descriptor (xmalloc);
 * end_len == 0 with end_inf means +infinity. Free with rng_desc_free. */
struct rng_desc {
    uint64_t range_id;
    uint64_t generation; /* bumped on every split/merge/membership change */
    unsigned char *start;
    size_t start_len;
    unsigned char *end;
    size_t end_len;
    bool end_inf;
    struct rng_replica_desc replicas[RNG_MAX_REPLICAS];
    int n_replicas;
};

void rng_desc_free(struct rng_desc *d);
void rng_desc_copy(struct rng_desc *dst, const struct rng_desc *src);
/* True when start <= key < end. */
bool rng_desc_contains(const struct rng_desc *d, const void *key, size_t klen);

/* ---- the store: all replicas of a node -------------------------------------------- */

struct rng_store_config {
    const char *data_dir;          /* raft logs under data_dir/raft/<range_id>/ */
    uint64_t node_id;              /* >= 1 */
    const char *listen_address;    /* internode host:port to bind */
    const char *advertise_address; /* what other nodes dial; NULL = listen */
    struct eng *engine;            /* shared; must have CF RNG_CF_LOCAL and the CFs
                                      named in cfs[] */
    const char *const *cfs;        /* engine CFs a batch may write, by index (the
                                      cf_id of rng_batch_*); cfs[0] is usually
                                      "default". Copied. */
    size_t n_cfs;
    struct uv_loop_s *loop; /* the loop thread's loop */
    unsigned election_timeout_ms;
    unsigned heartbeat_interval_ms;
    unsigned snapshot_interval_entries;
    uint64_t snapshot_interval_bytes; /* 0: RNG_SNAPSHOT_BYTES_DEFAULT */
    bool pre_vote;
    bool check_quorum;
    const char *metric_labels; /* e.g. `node="1"`, or NULL; copied */
};

/* Before the first open: create range 1 plus n_presplit user ranges
 * (split points spread over [0x02, 0xFF]), each bootstrapped as a one-voter
 * group on this node, and write their descriptors. Runs its own temporary
 * uv loop; call with no store open. Idempotent failure: on error nothing is
 * left that a later bootstrap would trip on. */
int rng_store_bootstrap(const struct rng_store_config *cfg, int n_presplit, struct err *err);
/* Added: bootstrap one node of a multi-node cluster. Every node runs this
 * with the SAME members (its own node id among them) and n_presplit; each
 * range is bootstrapped with all members as voters (raft ids = node ids,
 * addresses = the members' advertised addresses) and the descriptors list
 * them, so the nodes start with identical range-1 state. n_presplit < 1 is
 * taken as 1, at most 254. rng_store_bootstrap(cfg, n, err) is this with
 * the one member {cfg->node_id, advertise address}. */
struct rng_member {
    uint64_t node_id;
    const char *address; /* internode host:port other nodes dial */
};
int rng_store_bootstrap_members(const struct rng_store_config *cfg,
                                const struct rng_member *members, size_t n_members, int n_presplit,
                                struct err *err);

/* Open every replica found in the engine's range map (on this node) and
 * start serving. PRE: on the loop thread. Returns 0 and *out, or an error
 * (address in use names the address). A replica whose raft log or snapshot
 * is unreadable or corrupt is marked failed (logged with range id and file)
 * and refuses work with ERR_CORRUPT; the other ranges keep serving. */
int rng_store_open(const struct rng_store_config *cfg, struct rng_store **out, struct err *err);
/* Close every replica; cb(arg) runs on the loop thread once every raft
 * instance and handle is closed and the store freed. Pending proposals fail
 * with ERR_SHUTDOWN. PRE: on the loop thread; not from a raft callback. */
void rng_store_close(struct rng_store *s, void (*cb)(void *arg), void *arg);

/* ---- batches of engine operations -------------------------------------------------- */

/* Encoded as a raft entry payload, version 1 (all integers little endian):
 *     offset  size  meaning
 *     0       4     magic "SFRB"
 *     4       1     version (1)
 *     5       3     reserved (0)
 *     8       8     range id the batch was proposed to
 *     16      4     number of operations
 *     20      4     crc32c of bytes [24, end)
 *     24      ...   operations, each:
 *                     1   op (1 put, 2 delete, 3 delete_range)
 *                     1   cf index
 *                     4   key length, then key bytes
 *                     4   value (put) or end key (delete_range) length, then bytes
 * A batch that fails its checks at apply is refused and the replica enters
 * the failed state (never applies half a batch, never limps on).
 *
 * Group commit (added): concurrent proposals to one range are carried by ONE
 * raft entry whose payload is a group, version 1:
 *     offset  size  meaning
 *     0       4     magic "SFRG"
 *     4       1     version (1)
 *     5       3     reserved (0)
 *     8       4     number of batches n (>= 1)
 *     12      4     crc32c of bytes [16, end)
 *     16      ...   n times: 4 bytes length L, then L bytes of one batch
 *                   payload in the format above
 *     ..      0..7  zero bytes padding the group to a multiple of 8 (raft_uv
 *                   in libraft 0.15 cannot reload unaligned entries)
 * An entry payload starts with "SFRB" (one batch) or "SFRG" (a group). The
 * batches of a group are validated together and applied in one engine
 * batch; a batch whose keys are outside the range is skipped alone (its
 * proposer gets ERR_INVAL), deterministically on every replica. */
struct rng_batch *rng_batch_new(void);
void rng_batch_put(struct rng_batch *b, int cf_id, const void *key, size_t klen, const void *val,
                   size_t vlen);
/* A put whose key and value the caller writes in place: *key and *val
 * point at klen and vlen bytes inside b, valid until b changes next.
 * Returns 0, or ERR_INVAL (b is then bad, as rng_batch_put would make it). */
int rng_batch_put_room(struct rng_batch *b, int cf_id, size_t klen, size_t vlen, void **key,
                       void **val);
void rng_batch_delete(struct rng_batch *b, int cf_id, const void *key, size_t klen);
void rng_batch_delete_range(struct rng_batch *b, int cf_id, const void *start, size_t slen,
                            const void *end, size_t elen);
size_t rng_batch_count(const struct rng_batch *b);
size_t rng_batch_bytes(const struct rng_batch *b);
/* Make room for bytes more of operations (no reallocation while they come). */
void rng_batch_reserve(struct rng_batch *b, size_t bytes);
void rng_batch_free(struct rng_batch *b);

/* ---- proposals and reads (any thread but the loop thread) -------------------------- */

/* Propose b to range_id and wait until it is committed and applied here.
 * Concurrent proposals to one range are batched into one raft entry (group
 * commit). Every key of b must lie in the range (else ERR_INVAL: "key
 * outside range", the caller refreshes its range cache). Returns 0, or
 * ERR_NOTLEADER (err names the leader's node id when known), ERR_TIMEOUT
 * (outcome unknown: the entry may still commit), ERR_SHUTDOWN, ERR_CORRUPT
 * (replica failed), ERR_NOTFOUND (no such range here). b stays the caller's. */
int rng_propose(struct rng_store *s, uint64_t range_id, const struct rng_batch *b, int timeout_ms,
                struct err *err);
/* The same, without waiting: cb(arg, rc, err) runs on the loop thread once
 * the outcome is known (it must not block). */
int rng_propose_async(struct rng_store *s, uint64_t range_id, const struct rng_batch *b,
                      void (*cb)(void *arg, int rc, const struct err *err), void *arg);
/* rng_propose_async consuming b (freed whatever the outcome): its buffer
 * becomes the proposal, and the raft entry when no other proposal joins
 * it — no copy of a big batch. */
int rng_propose_async_take(struct rng_store *s, uint64_t range_id, struct rng_batch *b,
                           void (*cb)(void *arg, int rc, const struct err *err), void *arg);

/* May this node serve a read of range_id now? Returns 0 when this replica is
 * the leader, holds a valid lease and has applied every entry it
 * acknowledged — then the caller reads the engine directly. Without a valid
 * lease it first runs a raft barrier (blocking, bounded by timeout_ms).
 * ERR_NOTLEADER / ERR_TIMEOUT / ERR_NOTFOUND / ERR_CORRUPT otherwise. */
int rng_read_begin(struct rng_store *s, uint64_t range_id, int timeout_ms, struct err *err);

/* Added: the leader of range_id as this node last saw it (0: unknown), from
 * the published replica state (any thread, no waiting). ERR_NOTFOUND when
 * this node has no replica of range_id. */
int rng_leader(struct rng_store *s, uint64_t range_id, uint64_t *leader_id, struct err *err);

/* ---- range map lookups (any thread) ------------------------------------------------ */

/* The descriptor of the range holding key (from the node's range cache,
 * kept in step with range 1's applied state). Caller owns *out's fields
 * (rng_desc_free). ERR_NOTFOUND if none. */
int rng_lookup(struct rng_store *s, const void *key, size_t klen, struct rng_desc *out,
               struct err *err);
/* Every range in key order; caller owns the array and descriptors
 * (rng_desc_array_free). */
int rng_list(struct rng_store *s, struct rng_desc **out, size_t *n, struct err *err);
void rng_desc_array_free(struct rng_desc *a, size_t n);

/* Per-replica state for /status (copied under a lock; any thread). */
struct rng_replica_status {
    uint64_t range_id;
    int raft_state;     /* RAFT_FOLLOWER / CANDIDATE / LEADER / UNAVAILABLE */
    uint64_t leader_id; /* 0 when unknown */
    uint64_t term;
    uint64_t commit_index;
    uint64_t applied_index;
    bool lease_valid;
    bool failed; /* refused to serve (corruption) */
};
int rng_store_status(struct rng_store *s, struct rng_replica_status **out, size_t *n);

struct eng *rng_store_engine(struct rng_store *s);
uint64_t rng_store_node_id(const struct rng_store *s);

#endif
