/* range_int.h — private structures of the range layer (for the files of
 * src/range and tests/unit/range only).
 *
 * Files and what they own:
 *   batch.c      rng_batch_*, the batch and group-commit entry formats
 *   desc.c       descriptors: rng_desc_*, their encoding, meta and local keys
 *   snapshot.c   the range snapshot format (encode from an engine snapshot,
 *                validate, decode)
 *   fsm.c        the raft_fsm: apply, snapshot, restore
 *   transport.c  the node-wide listener and the per-group raft_uv_transport
 *   store.c      open/close, replica lifecycle, raft_io hooks, status
 *   bootstrap.c  rng_store_bootstrap*
 *   propose.c    the request queue, group commit, proposals, read barriers
 *   lease.c      leader leases and rng_read_begin
 *   cache.c      the range map (rng_lookup, rng_list)
 */
#ifndef SF_RANGE_RANGE_INT_H
#define SF_RANGE_RANGE_INT_H

#include "range/range.h"

#include "common/err.h"
#include "common/str.h"

#include <pthread.h>
#include <raft.h>
#include <raft/uv.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct eng_cf;
struct eng_snapshot;
struct met_counter;
struct met_gauge;
struct met_histogram;

/* ---- little helpers ------------------------------------------------------ */

static inline void rng__put_le16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static inline void rng__put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static inline void rng__put_le64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static inline void rng__put_be64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (56 - 8 * i));
}
static inline uint16_t rng__get_le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t rng__get_le32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}
static inline uint64_t rng__get_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* Bytewise key order (memcmp, shorter first on a common prefix). */
int rng__keycmp(const void *a, size_t alen, const void *b, size_t blen);

/* ---- batches (batch.c) --------------------------------------------------- */

#define RNG__BATCH_MAGIC   "SFRB"
#define RNG__BATCH_VERSION 1
#define RNG__BATCH_HDR     24
#define RNG__OP_HDR        10 /* op, cf, klen (4), vlen (4) */
/* Largest encoded batch accepted (must fit a raft_uv segment). */
#define RNG__BATCH_MAX (4u << 20)
/* raft_uv's segment size (its default is 8 MiB): fewer segment switches
 * during bulk loads (store.c). libraft preallocates up to three segments
 * per range, so a fresh node's raft directory is ~5 x 48 MiB; 32 MiB saved
 * little more (pgbench -i -s 10 generate / primary keys: 8 MiB 2.5-3.0 /
 * 2.0 s, 16 MiB 2.4 / 1.5 s, 32 MiB 2.35 / 1.5 s) for twice the disk. */
#define RNG__SEGMENT_BYTES (16u << 20)

enum { RNG__OP_PUT = 1, RNG__OP_DELETE = 2, RNG__OP_DELETE_RANGE = 3 };

/* A batch keeps its operations already in the wire format of its payload,
 * so encoding is one header plus one copy. */
struct rng_batch {
    struct sbuf ops; /* encoded operations (bytes [24, end) of a payload) */
    uint32_t count;
    bool bad; /* a cf_id outside 0..255 or a length over 4 GiB was given */
};

/* One decoded operation; pointers borrow the payload. */
struct rng__op {
    int op;
    unsigned cf;
    const unsigned char *key;
    uint32_t klen;
    const unsigned char *val; /* value, or end key of a delete_range */
    uint32_t vlen;
};

/* Encoded size of b as a payload, and the encoding into out (that many
 * bytes) for range_id. */
size_t rng__batch_encoded_len(const struct rng_batch *b);
void rng__batch_encode(const struct rng_batch *b, uint64_t range_id, unsigned char *out);
/* Encode b in place and free it: the returned buffer (malloc'ed) holds the
 * payload (*len bytes) at RNG__BATCH_HEAD - RNG__BATCH_HDR, with room for a
 * group entry of it alone (RNG__GROUP_PAD of RNG__BATCH_HEAD + ops). */
unsigned char *rng__batch_take(struct rng_batch *b, uint64_t range_id, size_t *len);
/* Validate a payload completely: magic, version, reserved bytes, range id
 * (== range_id), count, every length and bound, op codes, cf < n_cfs, crc.
 * Returns 0 with *count, or ERR_CORRUPT with err saying what is wrong. */
int rng__batch_check(const void *buf, size_t len, uint64_t range_id, size_t n_cfs, uint32_t *count,
                     struct err *err);
/* Iterate the operations of a payload that passed rng__batch_check. */
struct rng__op_iter {
    const unsigned char *p, *end;
};
void rng__op_iter_init(struct rng__op_iter *it, const void *buf, size_t len);
bool rng__op_iter_next(struct rng__op_iter *it, struct rng__op *op);
/* Iterate the (not yet encoded) operations of a batch. */
void rng__batch_iter(const struct rng_batch *b, struct rng__op_iter *it);

/* Group-commit entry payload, version 1 (all integers little endian):
 *     offset  size  meaning
 *     0       4     magic "SFRG"
 *     4       1     version (1)
 *     5       3     reserved (0)
 *     8       4     number of batches n (>= 1)
 *     12      4     crc32c of bytes [16, end)
 *     16      ...   n times: 4 bytes length L, then L bytes of one batch
 *                   payload ("SFRB", see range.h)
 *     ..      0..7  zero bytes: the group's length is a multiple of 8
 * A raft entry holds either one batch payload or one group payload; the
 * magic tells which. The padding works around a libraft 0.15 bug: raft_uv
 * cannot reload a segment holding an entry whose length is not a multiple
 * of 8 (test_store.c, libraft_bug_unaligned_entry). */
#define RNG__GROUP_MAGIC   "SFRG"
#define RNG__GROUP_VERSION 1
#define RNG__GROUP_HDR     16
#define RNG__GROUP_PAD(n)  (((n) + 7) & ~(size_t)7) /* padded entry length */
/* A group entry is closed once it passes this size (one batch may exceed). */
/* Room a batch keeps before its operations: a group header, the batch's
 * length and the batch header, so a proposal can become a raft entry
 * without a copy (rng_propose_async_take). */
#define RNG__BATCH_HEAD   (RNG__GROUP_HDR + 4 + RNG__BATCH_HDR)
#define RNG__GROUP_TARGET (1u << 20)

struct rng__slice {
    const unsigned char *p;
    size_t len;
};
/* Split an entry payload into its batch payloads (not validated: call
 * rng__batch_check on each). *out is xmalloc'ed (caller frees) with *n
 * slices borrowing buf. ERR_CORRUPT on a malformed group. */
int rng__entry_split(const void *buf, size_t len, struct rng__slice **out, uint32_t *n,
                     struct err *err);
/* Write a group header for n batches into out[16]; the crc is computed
 * over body (len bytes: everything after the header, padding included). */
void rng__group_header(unsigned char *out, uint32_t n, const void *body, size_t len);

/* ---- descriptors and keys (desc.c) -------------------------------------- */

/* Descriptor value, version 1 (little endian):
 *     0   4  magic "SFRD"
 *     4   1  version (1)
 *     5   1  flags (bit 0: end is +infinity)
 *     6   1  number of replicas (<= RNG_MAX_REPLICAS)
 *     7   1  reserved (0)
 *     8   8  range id
 *     16  8  generation
 *     24  4  start key length S
 *     28  4  end key length E
 *     32  S+E start key, end key
 *     ..  per replica: 8 node id, 1 role, 2 address length A (< 256), A bytes
 *     ..  4  crc32c of every byte before it */
#define RNG__DESC_MAGIC "SFRD"
void rng__desc_encode(const struct rng_desc *d, struct sbuf *out);
int rng__desc_decode(const void *buf, size_t len, struct rng_desc *out, struct err *err);
/* Meta key of d: RNG_META_PREFIX + end key (RNG_KEY_MAX when +infinity). */
void rng__meta_key(const struct rng_desc *d, struct sbuf *out);
/* Node-local keys in RNG_CF_LOCAL: 'a' + BE64(range id) holds the applied
 * index (8 bytes LE + crc32c of them); 's' + BE64(range id) is the sync
 * marker written (synced) before a snapshot. */
#define RNG__LOCAL_KEY_LEN 9
void rng__applied_key(uint64_t range_id, unsigned char out[RNG__LOCAL_KEY_LEN]);
void rng__sync_key(uint64_t range_id, unsigned char out[RNG__LOCAL_KEY_LEN]);
void rng__applied_value(uint64_t index, unsigned char out[12]);
int rng__applied_decode(const void *buf, size_t len, uint64_t *index, struct err *err);
/* Read every descriptor stored under RNG_META_PREFIX in meta_cf, sorted by
 * start key. *out is xmalloc'ed (rng_desc_array_free). */
int rng__desc_load_all(struct eng_cf *meta_cf, struct rng_desc **out, size_t *n, struct err *err);
/* True when [start, end) (end NULL: to the end of the span) lies inside d's
 * span, a key is inside when start <= key < end and key < RNG_KEY_MAX. */
bool rng__span_contains_key(const struct rng_desc *d, const void *key, size_t klen);
bool rng__span_contains_range(const struct rng_desc *d, const void *start, size_t slen,
                              const void *end, size_t elen);
/* Upper bound of d's span for iterators and delete_range (RNG_KEY_MAX when
 * +infinity). */
void rng__span_end(const struct rng_desc *d, const void **end, size_t *elen);

/* ---- snapshots (snapshot.c) ---------------------------------------------- */

/* Range snapshot, version 1 (little endian):
 *     0   4  magic "SFRS"
 *     4   1  version (1)
 *     5   1  number of CFs of the store (records name CFs by index)
 *     6   1  flags: RNG__SNAP_F_ENGINE (below), other bits 0
 *     7   1  reserved (0)
 *     8   8  range id
 *     16  8  applied index (the raft snapshot's index)
 *     24  .. records: 1 cf index, 4 key length K, K bytes, 4 value length V,
 *            V bytes — keys ascending within a CF, CFs in index order
 *     end-16  8  number of records
 *     end-8   4  magic "SFRE"
 *     end-4   4  crc32c of every byte before it */
#define RNG__SNAP_MAGIC     "SFRS"
#define RNG__SNAP_END_MAGIC "SFRE"
#define RNG__SNAP_HDR       24
#define RNG__SNAP_TRAILER   16
/* A marker: no records, the state up to the index is durable in the engine
 * of the replica that wrote it. What a replica keeps on disk as its raft
 * snapshot (fsm.c); never sent to a peer (rng__fsm_snapshot_message). */
#define RNG__SNAP_F_ENGINE 0x01
int rng__snap_encode_marker(size_t n_cfs, uint64_t range_id, uint64_t index, struct sbuf *out);
/* buf passed rng__snap_check and is a marker. */
bool rng__snap_is_marker(const void *buf, size_t len);
int rng__snap_encode(struct eng_cf *const *cfs, size_t n_cfs, const struct eng_snapshot *snap,
                     const struct rng_desc *span, uint64_t range_id, uint64_t index,
                     struct sbuf *out, struct err *err);
/* Validate every byte: header, each record (cf < n_cfs, key in span,
 * lengths), the record count, trailer and crc. Returns 0 with *index. */
int rng__snap_check(const void *buf, size_t len, uint64_t range_id, size_t n_cfs,
                    const struct rng_desc *span, uint64_t *index, struct err *err);
struct rng__snap_rec {
    unsigned cf;
    const unsigned char *key, *val;
    uint32_t klen, vlen;
};
/* Iterate the records of a snapshot that passed rng__snap_check. */
void rng__snap_iter_init(struct rng__op_iter *it, const void *buf, size_t len);
bool rng__snap_iter_next(struct rng__op_iter *it, struct rng__snap_rec *rec);

/* ---- the state machine (fsm.c) ------------------------------------------- */

/* Outcome of the entry just applied, read by the apply callback (which
 * libraft runs right after fsm->apply, on the same stack). Valid until the
 * next apply. */
struct rng__apply_result {
    uint64_t index;
    int entry_rc; /* 0, or the code of every batch (ERR_CORRUPT) */
    uint32_t n;   /* batches in the entry */
    int *rc;      /* per batch: 0 or ERR_INVAL (key outside range) */
    uint32_t cap;
    /* non-NULL: the engine write was handed to the applier (applier.c) and
     * has not necessarily happened yet; the proposer is completed once it
     * has (the apply callback attaches its entry to the job) */
    struct rng__apply_job *job;
};

/* An entry whose engine write runs on the applier thread (applier.c). The
 * loop thread builds it in fsm_apply; the applier writes wb and moves the
 * job to its done list; the loop then completes `en` (if the apply callback
 * attached one) and frees the job. */
struct rng__entry;
struct rng__apply_job {
    struct rng__fsm *f;
    uint64_t index;
    struct eng_batch *wb;
    struct rng__apply_result res;
    struct rng__entry *en; /* this node's proposal, or NULL */
    int rc;                /* the engine write's outcome (applier) */
    struct err err;
    struct rng__apply_job *next;
};

/* Entries of at least this many bytes (and no meta key) are written by the
 * applier; at most RNG__PIPE_DEPTH of a replica's are queued at once. */
#define RNG__PIPE_MIN_BYTES (256u << 10)
#define RNG__PIPE_DEPTH     4u

/* One thread per store that performs the engine writes of large entries
 * (bulk loads), so the loop thread goes on with raft (log writes, the next
 * proposals) meanwhile. FIFO: a replica's writes happen in index order. */
struct rng__applier {
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* work queued, or stop */
    pthread_cond_t done_cv; /* a job finished */
    struct rng__apply_job *head, *tail;
    struct rng__apply_job *done, *done_tail;
    bool stop;
    void *async;                                 /* uv_async_t *: done jobs for the loop */
    void (*on_done)(struct rng__apply_job *job); /* loop thread */
};

int rng__applier_start(struct rng__applier *a, struct uv_loop_s *loop,
                       void (*on_done)(struct rng__apply_job *job), struct err *err);
/* Loop thread: hand job to the applier (f->pending counted). */
void rng__applier_push(struct rng__applier *a, struct rng__apply_job *job);
/* Loop thread: wait until f has no engine write outstanding (fewer than
 * `below`). a may be NULL (nothing to wait for). */
void rng__applier_drain(struct rng__applier *a, struct rng__fsm *f);
void rng__applier_wait_below(struct rng__applier *a, struct rng__fsm *f, unsigned below);
/* Loop thread: run on_done for every finished job now. */
void rng__applier_process(struct rng__applier *a);
/* Loop thread: finish every job, stop the thread, close the async handle
 * (close_cb(h) runs when it is closed; h->data is left to the caller). */
void rng__applier_stop(struct rng__applier *a, void (*close_cb)(uv_handle_t *h), void *data);
void rng__apply_job_free(struct rng__apply_job *job);
/* propose.c: complete the proposals of an entry whose engine write
 * finished with res, and free it. */
void rng__entry_finish(struct rng__entry *en, const struct rng__apply_result *res);

struct rng__fsm_config {
    struct eng *engine;
    struct eng_cf *cf_local;
    struct eng_cf *const *cfs; /* borrowed for the fsm's life */
    size_t n_cfs;
    size_t meta_cf;              /* index of RNG_META_CF in cfs */
    const struct rng_desc *desc; /* span and range id; copied */
    const char *where;           /* raft dir, for messages; copied */
    void (*on_meta)(void *arg);  /* meta keys changed (loop thread) */
    void (*on_fail)(void *arg);  /* the fsm entered the failed state */
    void *hook_arg;
    struct rng__applier *applier; /* NULL: every write on the loop thread */
};

struct rng__fsm {
    struct raft_fsm fsm; /* version 3; fsm.data == this */
    struct raft *raft;   /* set before raft_start: entry index source */
    struct eng *engine;
    struct eng_cf *cf_local;
    struct eng_cf *const *cfs;
    size_t n_cfs;
    size_t meta_cf;
    struct rng_desc desc;
    char where[512];
    uint64_t range_id;
    uint64_t applied; /* applied index as last written to the engine */
    bool failed;
    struct err fail_err;
    struct rng__apply_result res;
    struct eng_batch *wb; /* reused write batch */
    /* pipelined writes (applier.c): jobs handed over and not yet written;
     * set when one failed (every later one is skipped, the replica fails) */
    struct rng__applier *applier;
    atomic_uint pending;
    atomic_bool write_failed;
    /* snapshot in progress (snapshot() .. snapshot_finalize()) */
    uint64_t snap_index;
    atomic_bool snap_active;
    void (*on_meta)(void *arg);
    void (*on_fail)(void *arg);
    void *hook_arg;
    /* byte-bounded log (loop thread): bytes of the entries applied since
     * the last snapshot; the store's entry-count policy, restored after a
     * snapshot this fsm asked for by bytes */
    uint64_t log_bytes, snap_bytes;
    unsigned cfg_threshold, cfg_trailing;
    /* counters (loop thread), for tests and status */
    uint64_t n_applied, n_skipped, n_restored, n_restore_skipped, n_snapshots, n_byte_snapshots;
    uint64_t n_pipelined;
};

/* Load the applied index and set up f. On a corrupt applied index the fsm
 * starts failed (returns 0; check f->failed). Errors: ERR_INVAL. */
int rng__fsm_init(struct rng__fsm *f, const struct rng__fsm_config *c, struct err *err);
void rng__fsm_close(struct rng__fsm *f);
/* A snapshot for a peer (snapsend.c): libraft sends the marker it read
 * back from disk; rng__snap_job_new (loop thread) returns 1 when m is not
 * one (send m as is), ERR_BUSY while the engine replays the log or a
 * configuration change is uncommitted (libraft tries again later), else 0
 * with *out holding m with the index, term and configuration of the engine's
 * applied index A and an engine snapshot at A. rng__snap_job_run (any
 * thread) reads the whole range into msg's data (rc, err); free with
 * rng__snap_job_free. */
struct rng__snap_job {
    uv_work_t work;
    struct rng__fsm *f;
    struct eng_snapshot *snap;
    struct rng_desc desc;
    struct raft_message msg; /* conf and data are the job's */
    struct sbuf data;
    int rc;
    struct err err;
    /* the send (snapsend.c) */
    struct rng__replica *rep;
    struct raft_io_send inner, *orig;
    raft_io_send_cb cb;
    uint64_t peer;
};
/* libraft's send, for an InstallSnapshot carrying this replica's marker
 * (loop thread): builds the snapshot in the thread pool, then sends it.
 * Returns 1 when m is something else (the caller sends it). */
int rng__snapsend(struct rng__replica *rep, struct raft_io_send *req, const struct raft_message *m,
                  raft_io_send_cb cb);
int rng__snap_job_new(struct rng__fsm *f, const struct raft_message *m, struct rng__snap_job **out,
                      struct err *err);
void rng__snap_job_run(struct rng__snap_job *j);
void rng__snap_job_free(struct rng__snap_job *j);
/* Enter the failed state (idempotent); logs with range id and dir. */
void rng__fsm_fail(struct rng__fsm *f, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- transport (transport.c) --------------------------------------------- */

/* Connection handshake, version 1 (little endian), sent by the dialer right
 * after connecting, before any raft_uv bytes:
 *     0   4  magic "SFRT"
 *     4   2  version (1)
 *     6   2  address length A (1..255)
 *     8   8  range id
 *     16  8  source replica id (the dialer's node id)
 *     24  8  target replica id (the listener's node id)
 *     32  4  reserved (0)
 *     36  4  crc32c of bytes [0, 36) and of the A address bytes
 *     40  A  the dialer's advertised address (no NUL)
 * The listener reads exactly these bytes (never past them), validates
 * them and hands the stream to the group's raft_uv; an unknown range or
 * wrong target closes the connection. */
#define RNG__HS_MAGIC    "SFRT"
#define RNG__HS_VERSION  1
#define RNG__HS_HDR      40
#define RNG__HS_ADDR_MAX 255
/* A handshake not completed in this time is dropped. */
#define RNG__HS_TIMEOUT_MS 5000

struct rng__net;
struct uv_loop_s;

int rng__hs_encode(unsigned char *out, size_t cap, uint64_t range_id, uint64_t src, uint64_t dst,
                   const char *addr, size_t *len);
/* Validate a complete handshake (header plus address). */
int rng__hs_decode(const unsigned char *buf, size_t len, uint64_t *range_id, uint64_t *src,
                   uint64_t *dst, char *addr, size_t addr_cap, struct err *err);

/* The node-wide listener. Open binds and listens (address in use -> an
 * error naming the address). Close stops accepting, drops handshakes in
 * progress and calls cb(arg) (later, on the loop) once its handles are
 * closed and it is freed. */
int rng__net_open(struct uv_loop_s *loop, const char *listen_address, uint64_t node_id,
                  struct rng__net **out, struct err *err);
void rng__net_close(struct rng__net *n, void (*cb)(void *arg), void *arg);
/* The port the listener is bound to (for tests that listen on port 0). */
int rng__net_port(const struct rng__net *n);

/* Set up t (a raft_uv_transport for range_id) on loop; net NULL: no
 * listening (bootstrap). raft_uv_init then owns t->data. Free t->impl with
 * rng__transport_free once raft_uv has closed. */
void rng__transport_setup(struct raft_uv_transport *t, struct uv_loop_s *loop, struct rng__net *net,
                          uint64_t range_id);
void rng__transport_free(struct raft_uv_transport *t);

/* ---- the store (store.c, propose.c, lease.c, cache.c) -------------------- */

enum rng__req_kind { RNG__REQ_PROPOSE = 1, RNG__REQ_READ = 2 };
enum rng__req_state { RNG__REQ_PENDING = 0, RNG__REQ_DONE, RNG__REQ_ABANDONED };

/* A request from another thread to the loop: a proposal or a read that
 * needs a barrier. Reference counted: the submitter and the loop. */
struct rng__req {
    int kind;
    uint64_t range_id;
    unsigned char *payload; /* encoded batch (xmalloc, or inside buf) */
    size_t len;
    /* rng_propose_async_take: the batch's own buffer (malloc'ed, as
     * raft_malloc is), payload at RNG__BATCH_HEAD - RNG__BATCH_HDR into it,
     * with room for the group header, length and padding: a group entry of
     * this request alone is built in place and handed to raft; NULL once
     * raft owns it */
    unsigned char *buf;
    uint64_t t_submit; /* uv_hrtime */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int refs;
    int state; /* under mu */
    int rc;
    struct err err;
    void (*cb)(void *arg, int rc, const struct err *err); /* async proposals */
    void *cb_arg;
    struct rng__req *next;
};

/* A raft entry in flight: the proposals it carries. */
struct rng__entry {
    struct raft_apply req;
    struct rng__replica *rep;
    struct rng__req **reqs;
    uint32_t n;
};

/* A barrier in flight: for leader readiness and/or reads. */
struct rng__barrier {
    struct raft_barrier req;
    struct rng__replica *rep;
    uint64_t term;
    bool is_term;           /* counted in term_barrier_inflight */
    struct rng__req *reads; /* completed when the barrier applies */
};

/* Lease bookkeeping for one peer (leader side). Times are uv_hrtime ns. */
#define RNG__LEASE_RING 256
struct rng__peer {
    uint64_t id;
    uint64_t epoch;              /* bumped when the ring is reset */
    uint64_t head_seq, next_seq; /* ring holds seqs [head_seq, next_seq) */
    uint64_t t_send[RNG__LEASE_RING];
    bool failed[RNG__LEASE_RING];
    uint64_t base; /* send time of the newest AppendEntries acked */
};

enum rng__rep_state {
    RNG__REP_NEW = 0,
    RNG__REP_RUNNING, /* raft started */
    RNG__REP_FAILED,  /* refuses work; raft closed or closing */
    RNG__REP_CLOSING,
    RNG__REP_CLOSED
};

/* What other threads may read about a replica (under store->pub_mu). */
struct rng__pub {
    int raft_state;
    uint64_t leader_id;
    uint64_t term;
    uint64_t commit;
    uint64_t applied;
    uint64_t lease_until; /* uv_hrtime ns; 0: no lease */
    bool ready;           /* leader that applied an entry of its term */
    bool failed;
    char leader_addr[256];
};

struct rng__replica {
    struct rng_store *store;
    uint64_t range_id;
    struct rng_desc desc;
    char dir[512];
    int state;
    bool raft_inited; /* raft_init succeeded: raft_close needed */
    bool io_inited;   /* raft_uv_init succeeded */
    bool raft_closing;
    struct raft raft;
    struct raft_io io;
    struct raft_uv_transport transport;
    struct rng__fsm fsm;
    /* raft_uv methods wrapped by our hooks */
    int (*uv_start)(struct raft_io *, unsigned, raft_io_tick_cb, raft_io_recv_cb);
    int (*uv_send)(struct raft_io *, struct raft_io_send *, const struct raft_message *,
                   raft_io_send_cb);
    raft_io_tick_cb raft_tick;
    raft_io_recv_cb raft_recv;
    /* proposals (loop thread) */
    struct rng__req *pending, *pending_tail;
    unsigned inflight;
    /* reads waiting for a barrier issued after they arrived */
    struct rng__req *reads_waiting;
    bool read_barrier_inflight;
    /* leadership */
    uint64_t ready_term;
    bool term_barrier_inflight;
    uint64_t lease_term;
    struct rng__peer peers[RNG_MAX_REPLICAS + 1];
    int n_peers;
    /* snapshots being built or sent to peers (snapsend.c); raft_close
     * waits for them. A peer gets a new one only after next_ms. */
    unsigned snap_sends;
    struct rng__snap_peer {
        uint64_t id, next_ms;
        unsigned backoff_ms;
    } snap_peers[RNG_MAX_REPLICAS + 1];
    int n_snap_peers;
    /* published copy and the values last added to the store gauges */
    struct rng__pub pub;
    int gauge_leader;
    double gauge_lag;
    bool gauge_failed;
};

struct rng_store {
    /* configuration (copied) */
    char *data_dir;
    uint64_t node_id;
    char *listen_address;
    char *advertise_address;
    struct eng *engine;
    struct eng_cf *cf_local;
    struct eng_cf **cfs;
    size_t n_cfs;
    size_t meta_cf;
    struct uv_loop_s *loop;
    unsigned election_timeout_ms;
    unsigned heartbeat_interval_ms;
    unsigned snapshot_interval_entries;
    uint64_t snapshot_interval_bytes;
    bool pre_vote;
    char *metric_labels;

    struct rng__net *net;
    void *async;                 /* uv_async_t *: wakes the loop for queued requests */
    struct rng__applier applier; /* large entries' engine writes */
    void *tick;                  /* uv_timer_t *: housekeeping (deferred closes) */
    atomic_bool closing;
    bool accepting; /* under qmu: requests may still be queued */
    bool finishing; /* every replica closed; closing the handles */
    int close_handles;

    /* replicas, sorted by range id; the array is fixed after open */
    struct rng__replica **reps;
    size_t n_reps;

    /* requests from other threads */
    pthread_mutex_t qmu;
    struct rng__req *qhead, *qtail;
    /* loop-thread work deferred to the next async callback */
    struct rng__defer *deferred;

    /* published replica state */
    pthread_mutex_t pub_mu;

    /* range map cache */
    pthread_rwlock_t map_lock;
    struct rng_desc *map;
    size_t n_map;

    /* close */
    void (*close_cb)(void *arg);
    void *close_arg;

    /* metrics */
    struct met_counter *m_proposals;
    struct met_counter *m_batches;
    struct met_histogram *m_commit_latency;
    struct met_gauge *m_apply_lag;
    struct met_gauge *m_leaders;
    struct met_gauge *m_failed;
};

/* store.c */
struct rng__replica *rng__store_replica(struct rng_store *s, uint64_t range_id);
int rng__mkdirs(const char *path, struct err *err);
/* Validate cfg and resolve its CF handles (*cfs xmalloc'ed). */
int rng__resolve_cfs(const struct rng_store_config *cfg, struct eng_cf ***cfs,
                     struct eng_cf **local, size_t *meta_cf, struct err *err);
/* Publish, flush and start barriers for rep in a later loop callback (for
 * use inside libraft callbacks, where raft must not be re-entered). */
void rng__replica_kick(struct rng__replica *rep);
/* Run fn(arg) on the loop thread in a later callback (never inline). */
void rng__defer(struct rng_store *s, void (*fn)(void *arg), void *arg);
/* Re-read the replica's raft state into its published copy and gauges;
 * start a leader barrier when needed. Loop thread, outside raft callbacks. */
void rng__replica_publish(struct rng__replica *rep);
/* Mark a replica failed, fail its requests and close its raft instance
 * (deferred). Loop thread. */
void rng__replica_fail(struct rng__replica *rep);
/* NOTLEADER error naming the leader known to rep's published state. */
int rng__err_notleader(struct rng__replica *rep, struct err *err);

/* propose.c */
struct rng__req *rng__req_new(int kind, uint64_t range_id);
void rng__req_unref(struct rng__req *r);
/* Complete r (loop thread): wakes the waiter or runs the async callback. */
void rng__req_complete(struct rng__req *r, int rc, const struct err *err);
/* Queue r for the loop (takes a reference). ERR_SHUTDOWN when the store no
 * longer accepts requests (r is then not queued and never completed). */
int rng__submit(struct rng_store *s, struct rng__req *r);
/* Wait for r; returns its rc (ERR_TIMEOUT after timeout_ms; <0: forever). */
int rng__req_wait(struct rng__req *r, int timeout_ms, struct err *err);
/* Async callback body: drain the queue, run deferred work, flush. */
void rng__drain(struct rng_store *s);
/* Fail every queued or pending request of rep with rc. */
void rng__replica_fail_requests(struct rng__replica *rep, int rc, const char *why);
void rng__flush(struct rng__replica *rep);

/* lease.c */
void rng__lease_on_send(struct rng__replica *rep, const struct raft_message *m,
                        struct raft_io_send *req, raft_io_send_cb cb, int *rv);
void rng__lease_on_recv(struct rng__replica *rep, const struct raft_message *m);
/* Lease expiry (uv_hrtime ns) for the current state; 0 if none. */
uint64_t rng__lease_until(struct rng__replica *rep);
void rng__lease_reset(struct rng__replica *rep);
void rng__start_read_barrier(struct rng__replica *rep);
void rng__maybe_term_barrier(struct rng__replica *rep);

/* cache.c */
int rng__cache_reload(struct rng_store *s, struct err *err);
void rng__cache_free(struct rng_store *s);

/* For tests: counters of a replica's state machine (loop thread values,
 * read without synchronisation: call when the store is quiet). */
struct rng__fsm_stats {
    uint64_t applied_index; /* engine applied index */
    uint64_t n_applied, n_skipped, n_restored, n_restore_skipped, n_snapshots;
    uint64_t n_byte_snapshots; /* asked for by the byte bound */
    uint64_t n_pipelined;      /* entries written by the applier thread */
    unsigned trailing;         /* libraft's trailing entries, as last set */
};
int rng__store_fsm_stats(struct rng_store *s, uint64_t range_id, struct rng__fsm_stats *out);
/* The listener's port (tests bind port 0). */
int rng__store_port(struct rng_store *s);

#endif
