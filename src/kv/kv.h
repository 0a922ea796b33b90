/* kv.h — transactions over ranges: the interface the SQL layer uses.
 *
 * Percolator-style distributed transactions (DESIGN.md §6) on top of the
 * range layer (range/range.h): a timestamp oracle, MVCC reads at a snapshot
 * timestamp, in-memory pessimistic locks for UPDATE/DELETE/SELECT FOR UPDATE
 * (wait queues, deadlock detection), one-phase commit when every write falls
 * in one range and two-phase commit (prewrite, commit the primary, then the
 * secondaries) otherwise.
 *
 * Keys given to and returned by this interface are LOGICAL keys: arbitrary
 * byte strings (the SQL layer builds them with keyenc.h). User keys start
 * with a byte >= 0x02; keys starting with 0x01 are system keys (0x01 'm' is
 * reserved for the range layer and refused here, 0x01 't' is the timestamp
 * oracle's). The physical layout is described in kv_int.h.
 *
 * Transactions
 * ------------
 *       kv_txn_begin
 *            |
 *            v          error in any call          kv_txn_rollback_to
 *   +---> ACTIVE  -------------------------------->  POISONED ----+
 *   |        |  \                                      |          |
 *   +--------+   \ kv_txn_commit                       |          |
 *   (any call)    v                                    |          |
 *            COMMITTING --> (freed)  <-----------------+----------+
 *                              kv_txn_rollback / kv_txn_commit
 *
 * After an error a transaction is POISONED (STYLE.md §5, PostgreSQL's
 * "current transaction is aborted"): every call fails with SQLSTATE 25P02
 * except kv_txn_rollback, kv_txn_rollback_to (which makes it ACTIVE again)
 * and kv_txn_commit (which then rolls back and returns that error).
 * kv_txn_commit and kv_txn_rollback always end and free the transaction.
 *
 * Isolation (DESIGN.md §6):
 *  - KV_ISO_READ_COMMITTED (default): every statement (kv_txn_stmt_begin)
 *    reads at a fresh timestamp. kv_txn_lock returns the NEWEST committed
 *    value once the lock is held, so the SQL layer re-checks its WHERE as
 *    PostgreSQL does after a blocked UPDATE.
 *  - KV_ISO_REPEATABLE_READ: snapshot isolation at the start timestamp; a
 *    write or lock of a key committed by another transaction after the
 *    start fails with ERR_CONFLICT (40001, "could not serialize access due
 *    to concurrent update"): first updater wins.
 *  - KV_ISO_SERIALIZABLE: REPEATABLE READ plus write-skew prevention by
 *    commit-time read refresh: a read-write transaction records the keys
 *    it read (get, batch_get, lock) and the spans its scans consumed; its
 *    commit fails with ERR_CONFLICT (40001, "could not serialize access due
 *    to read/write dependencies among transactions") when another
 *    transaction committed a put or delete there after start_ts and at or
 *    before the commit's commit_ts. A read-only one never fails (it
 *    serializes at start_ts).
 *
 * Writes are buffered in the transaction until commit; reads see the
 * transaction's own writes. Every put/delete/lock takes an in-memory
 * pessimistic lock on its key at once (blocking behind another holder;
 * ERR_DEADLOCK 40P01 for the one victim of a wait cycle; ERR_LOCKTIMEOUT
 * 55P03 after the lock timeout). Locks are held until commit or rollback
 * (or a rollback_to a savepoint taken before them).
 *
 * Threads: struct kv is shared by every session thread; a struct kv_txn and
 * its iterators belong to one thread at a time. No call may be made from the
 * range store's loop thread (they block on it).
 *
 * Single node for now: the timestamp oracle lives with range 1's leader and
 * is called in-process; requests from other nodes (internode RPC) and
 * forwarding reads/writes to remote leaseholders come with the cluster issue
 * (until then a range led elsewhere answers ERR_NOTLEADER).
 */
#ifndef SF_KV_KV_H
#define SF_KV_KV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct rng_store;

struct kv;
struct kv_txn;
struct kv_iter;

/* Engine column families used by kv, by index in the range layer's
 * rng_store_config.cfs (the server opens the engine with these plus
 * RNG_CF_LOCAL). kv_cf_names[i] is the name of index i. */
#define KV_CF_DEFAULT 0 /* non-MVCC system records (the TSO high-water mark) */
#define KV_CF_LOCK    1 /* esc(key) -> lock record */
#define KV_CF_WRITE   2 /* esc(key) + BE64(~commit_ts) -> write record */
#define KV_CF_DATA    3 /* esc(key) + BE64(~start_ts) -> data record */
#define KV_CF_COUNT   4
extern const char *const kv_cf_names[KV_CF_COUNT];
/* The write CF's keys are versions (eng_options.version_cfs): esc(key), a
 * prefix-free encoding, then this many bytes of timestamp. Engines opened
 * for kv should declare it (kv_engine_options), so point reads can skip
 * memtables and files without the key; kv is correct either way. */
#define KV_VERSION_SUFFIX_LEN 8
struct eng_options;
/* Declare kv's version CF in o (which must also list kv_cf_names). */
void kv_engine_options(struct eng_options *o);

/* Bounds on what a caller may store (ERR_LIMIT beyond). */
#define KV_MAX_KEY_LEN   (64u * 1024u)
#define KV_MAX_VALUE_LEN (64u * 1024u * 1024u)

enum kv_isolation {
    KV_ISO_READ_COMMITTED = 0,
    KV_ISO_REPEATABLE_READ = 1,
    KV_ISO_SERIALIZABLE = 2,
};

struct kv_options {
    int lock_timeout_ms;    /* default for new transactions; 0 = wait forever
                               (PostgreSQL's lock_timeout = 0). Default 0 */
    int lock_ttl_ms;        /* life of a prewrite lock without its coordinator
                               before others may roll it back. Default 3000 */
    int propose_timeout_ms; /* bound on one rng_propose. Default 10000 */
    int read_timeout_ms;    /* bound on rng_read_begin. Default 5000 */
    int tso_window_ms;      /* TSO high-water mark window. Default 3000 */
    /* Wall clock in ms since the epoch (timestamps, lock TTLs); NULL: the
     * system clock. Tests inject one. Must be thread-safe. */
    int64_t (*clock_ms)(void *arg);
    void *clock_arg;
    const char *metric_labels; /* e.g. `node="1"`, NULL for none; copied */
};

/* Fill o with the defaults above. */
void kv_options_init(struct kv_options *o);

/* Open the transaction layer over store s (open, serving range 1 on this
 * node for the timestamp oracle) whose engine has the CFs kv_cf_names and
 * whose rng_store_config.cfs lists them at the KV_CF_* indexes. Recovers the
 * timestamp oracle's high-water mark through range 1 and persists a new
 * window. Starts kv's background worker (asynchronous commit of secondary
 * keys). Returns 0 and *out (caller owns: kv_close), or an error
 * (ERR_INVAL: missing CF; errors of rng_read_begin/rng_propose on range 1).
 * s must outlive the kv. PRE: not on the loop thread. */
int kv_open(struct rng_store *s, const struct kv_options *o, struct kv **out, struct err *err);
/* Finish queued background work (secondary commits), stop the worker and
 * free kv. PRE: every transaction of kv is finished; the store still open;
 * not on the loop thread. NULL is a no-op. */
void kv_close(struct kv *kv);

/* A fresh timestamp from the oracle, strictly greater than any handed out
 * before (also across restarts). Returns 0 or an error of persisting the
 * high-water mark through range 1. */
int kv_timestamp(struct kv *kv, uint64_t *ts, struct err *err);
/* Physical part (ms since the epoch) of a timestamp. */
static inline uint64_t kv_ts_physical_ms(uint64_t ts)
{
    return ts >> 18;
}
#define KV_TS_LOGICAL_BITS 18

/* ---- transactions -------------------------------------------------------------- */

/* Begin a transaction. Returns 0 and *out (caller owns until
 * kv_txn_commit or kv_txn_rollback, which free it), or an error of the
 * timestamp oracle. */
int kv_txn_begin(struct kv *kv, enum kv_isolation iso, bool read_only, struct kv_txn **out,
                 struct err *err);
/* Let a read-only transaction write (and lock) keys that no other
 * transaction reads — a session's temporary tables, which PostgreSQL lets a
 * read-only transaction change. It still serializes as read-only. */
void kv_txn_allow_private_writes(struct kv_txn *t);
/* Lock wait timeout of this transaction in ms (0 = forever); PostgreSQL's
 * SET lock_timeout. */
void kv_txn_set_lock_timeout(struct kv_txn *t, int ms);
/* The lock wait timeout in force (ms, 0 = forever). */
int kv_txn_lock_timeout(const struct kv_txn *t);
/* How long a lock wait of this transaction lasts before it looks for a
 * deadlock (ms, 0 = at once, the default); PostgreSQL's deadlock_timeout. */
void kv_txn_set_deadlock_timeout(struct kv_txn *t, int ms);
uint64_t kv_txn_start_ts(const struct kv_txn *t);
/* Timestamp reads of the current statement see (start_ts under RR). */
uint64_t kv_txn_read_ts(const struct kv_txn *t);
enum kv_isolation kv_txn_isolation(const struct kv_txn *t);
/* NULL while the transaction is usable, else the error that poisoned it
 * (borrowed until the transaction ends). */
const struct err *kv_txn_error(const struct kv_txn *t);

/* Statements. stmt_begin takes the statement's read timestamp (READ
 * COMMITTED) and an implicit savepoint. stmt_end(t, failed): when failed,
 * every write and lock of the statement is undone and the transaction is
 * POISONED (only rollback or rollback_to is legal next, as in PostgreSQL).
 * Calling them is optional: without stmt_begin a transaction reads at its
 * start timestamp. stmt_begin returns 0, 25P02 when poisoned, or an error of
 * the timestamp oracle (which poisons). */
int kv_txn_stmt_begin(struct kv_txn *t, struct err *err);
/* The running statement's mark (0: none): unique per statement of t. */
uint64_t kv_txn_stmt_mark(const struct kv_txn *t);
/* READ COMMITTED: move the statement's read timestamp to now, so a DDL
 * statement that waited for a table lock reads what the writers it waited
 * for committed. No-op under REPEATABLE READ. */
int kv_txn_refresh_read_ts(struct kv_txn *t, struct err *err);
void kv_txn_stmt_end(struct kv_txn *t, bool failed);
/* One snapshot for a whole statement (PostgreSQL's data-modifying WITH):
 * read_mark names the transaction's own writes so far; with a read cap set
 * to such a mark, kv_txn_get, kv_txn_batch_get and kv_txn_scan see only
 * the own writes made before it, while kv_txn_lock and the writes still see
 * the newest. 0: no cap (the default; stmt_begin clears it); returns the
 * cap it replaces. */
uint64_t kv_txn_read_mark(struct kv_txn *t);
uint64_t kv_txn_set_read_cap(struct kv_txn *t, uint64_t mark);
uint64_t kv_txn_read_cap(const struct kv_txn *t);
/* Whether this transaction wrote key (put or delete) after mark. */
bool kv_txn_written_since(struct kv_txn *t, const void *key, size_t klen, uint64_t mark);

/* Reads. The value is allocated in ctx, or with ctx NULL the caller owns it
 * (xfree); *found false (and *val NULL) when the key has no visible value.
 * A key locked by a committing or crashed transaction is resolved (its
 * primary decides: roll forward or, once its TTL passed, roll back) or
 * waited for. Errors poison the transaction. */
int kv_txn_get(struct kv_txn *t, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
               size_t *vlen, bool *found, struct err *err);

struct kv_key {
    const void *key;
    size_t len;
};
struct kv_value {
    void *val; /* allocated in the ctx given; NULL when !found */
    size_t len;
    bool found;
};
/* kv_txn_get for n keys at once; out[i] answers keys[i]. ctx is required. */
int kv_txn_batch_get(struct kv_txn *t, const struct kv_key *keys, size_t n, struct mem_ctx *ctx,
                     struct kv_value *out, struct err *err);

/* Scans of [start, end) in logical key order (reverse: descending). start
 * NULL: from the first key; end NULL: no upper bound. limit 0: no limit. */
struct kv_scan {
    const void *start;
    size_t start_len;
    const void *end;
    size_t end_len;
    bool reverse;
    size_t limit;
};
/* Open an iterator that walks the ranges covering the span, in batches, at
 * the statement's read timestamp; it sees the transaction's own writes made
 * before this call (not later ones: no Halloween problem). Caller owns
 * *out: kv_iter_free before the transaction ends. */
int kv_txn_scan(struct kv_txn *t, const struct kv_scan *s, struct kv_iter **out, struct err *err);
/* Advance: *has_row true and the row is current, or false at the end.
 * Errors poison the transaction. */
int kv_iter_next(struct kv_iter *it, bool *has_row, struct err *err);
/* The current row. Borrowed until the next kv_iter_next or kv_iter_free. */
const void *kv_iter_key(const struct kv_iter *it, size_t *klen);
const void *kv_iter_value(const struct kv_iter *it, size_t *vlen);
/* NULL is a no-op. */
void kv_iter_free(struct kv_iter *it);

/* Writes: buffered until commit, after taking the key's pessimistic lock
 * (which may wait: ERR_DEADLOCK, ERR_LOCKTIMEOUT). Under REPEATABLE READ a
 * key committed by another transaction after start_ts gives ERR_CONFLICT.
 * Key and value are copied. A read-only transaction refuses with 25006.
 * Errors poison the transaction. */
int kv_txn_put(struct kv_txn *t, const void *key, size_t klen, const void *val, size_t vlen,
               struct err *err);
int kv_txn_delete(struct kv_txn *t, const void *key, size_t klen, struct err *err);
/* SELECT FOR UPDATE: take the key's pessimistic lock, then return the NEWEST
 * committed value (or this transaction's own write of it) — under READ
 * COMMITTED whatever committed while waiting; under REPEATABLE READ
 * ERR_CONFLICT if that is newer than start_ts. Value as kv_txn_get. */
int kv_txn_lock(struct kv_txn *t, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
                size_t *vlen, bool *found, struct err *err);

/* Row-lock modes, PostgreSQL's (README.tuplock), weakest first; each one's
 * conflicts include the weaker ones': KEY SHARE conflicts with UPDATE only;
 * SHARE with NO KEY UPDATE and UPDATE; NO KEY UPDATE with SHARE, NO KEY
 * UPDATE and UPDATE; UPDATE with all four. */
enum kv_lock_mode {
    KV_LOCK_KEY_SHARE = 0,
    KV_LOCK_SHARE = 1,
    KV_LOCK_NO_KEY_UPDATE = 2,
    KV_LOCK_UPDATE = 3,
};
/* Whether modes a and b (of two transactions) conflict. */
bool kv_lock_conflicts(enum kv_lock_mode a, enum kv_lock_mode b);
/* kv_txn_lock in mode (kv_txn_lock is KV_LOCK_UPDATE). A transaction keeps
 * the strongest mode it asked for on a key; asking for a stronger one
 * upgrades (waits while another holds a conflicting mode; two holders
 * upgrading at once deadlock: one gets 40P01). kv_txn_put takes NO KEY
 * UPDATE, kv_txn_delete UPDATE. Under REPEATABLE READ a newly taken or
 * upgraded lock on a key committed by another after start_ts is 40001 in
 * every mode. A rollback_to releases the locks first taken after the
 * savepoint; a lock taken before it and upgraded after keeps the stronger
 * mode until the transaction ends. */
int kv_txn_lock_mode(struct kv_txn *t, const void *key, size_t klen, enum kv_lock_mode mode,
                     struct mem_ctx *ctx, void **val, size_t *vlen, bool *found, struct err *err);
/* kv_txn_lock_mode without the snapshot's checks: under REPEATABLE READ a
 * key committed by another after start_ts is no conflict, and SERIALIZABLE
 * does not count it as read. For the SQL layer's own catalog keys (a
 * writer's lock on its table's descriptor), which PostgreSQL reads as of
 * now whatever the snapshot. */
int kv_txn_lock_newest(struct kv_txn *t, const void *key, size_t klen, enum kv_lock_mode mode,
                       struct mem_ctx *ctx, void **val, size_t *vlen, bool *found, struct err *err);
/* The mode t holds on key, or -1 when none (tests). */
int kv_txn_lock_held(struct kv_txn *t, const void *key, size_t klen);

/* Table-level lock modes, PostgreSQL's (lockdefs.h), weakest first, with
 * its conflict table (lock.c LockConflicts). They live in their own
 * namespace of in-memory locks, one per relation id, never persisted nor
 * proposed; waits share the wait-for graph with row locks (a cycle through
 * both is 40P01). */
enum kv_tlock_mode {
    KV_TLOCK_ACCESS_SHARE = 1,
    KV_TLOCK_ROW_SHARE = 2,
    KV_TLOCK_ROW_EXCLUSIVE = 3,
    KV_TLOCK_SHARE_UPDATE_EXCLUSIVE = 4,
    KV_TLOCK_SHARE = 5,
    KV_TLOCK_SHARE_ROW_EXCLUSIVE = 6,
    KV_TLOCK_EXCLUSIVE = 7,
    KV_TLOCK_ACCESS_EXCLUSIVE = 8,
};
/* Whether table lock modes a and b (of two transactions) conflict. */
bool kv_tlock_conflicts(enum kv_tlock_mode a, enum kv_tlock_mode b);
/* PostgreSQL's name of mode ("AccessShareLock"). */
const char *kv_tlock_mode_name(enum kv_tlock_mode mode);
/* Options of kv_txn_table_lock. */
struct kv_tlock_opts {
    bool nowait;   /* fail with ERR_LOCKTIMEOUT instead of waiting */
    int32_t owner; /* shown by kv_table_locks (PostgreSQL's pid) */
    uint32_t db;   /* shown by kv_table_locks */
    /* Polled while waiting (every 50 ms); non-zero ends the wait with it. */
    int (*interrupt)(void *arg, struct err *e);
    void *arg;
};
/* Take table lock mode on relation rel for t until t ends (or a rollback_to
 * to a savepoint older than the lock). Modes are held side by side, as
 * PostgreSQL's (a holder of one mode asking for another waits only for
 * other holders, ahead of every waiter); a new request waits behind a
 * conflicting holder or queued waiter (FIFO). Asking again for a mode held
 * is answered from t without the lock table's mutex. ERR_DEADLOCK,
 * ERR_LOCKTIMEOUT (t's lock timeout, or nowait) or the interrupt's code;
 * none of them poisons t. *waited (may be NULL) tells whether it waited. */
int kv_txn_table_lock(struct kv_txn *t, uint32_t rel, enum kv_tlock_mode mode,
                      const struct kv_tlock_opts *o, bool *waited, struct err *err);
/* Bit (1 << mode) of every table lock mode t holds on rel; since_mark: only
 * those taken at or after that mark (kv_txn_stmt_mark), 0: all. */
unsigned kv_txn_table_locks_held(const struct kv_txn *t, uint32_t rel, uint64_t since_mark);
/* One table lock (granted: held in mode; else waited for), for pg_locks. */
struct kv_tlock_row {
    uint32_t rel, db;
    int32_t owner;
    uint64_t txn_id;
    uint8_t mode;
    bool granted;
};
/* Every table lock of this node: *out (xmalloc'd, xfree it), *n rows. */
void kv_table_locks(struct kv *kv, struct kv_tlock_row **out, size_t *n);

/* Declare [lo, hi) (logical keys) a fresh span of t: nothing was ever
 * committed in it and no other transaction can read or write it before t
 * commits — the key spans of a relation t created or truncated under ids
 * that are never reused. t's writes there take no locks and skip the
 * conflict checks, and at commit they are written as committed versions
 * just before the commit point (one write per key instead of a lock, a
 * commit and a resolution). Undone by rollback_to / a failed statement like
 * the writes after it. The caller vouches for freshness: a span that is not
 * fresh loses isolation. */
int kv_txn_fresh_span(struct kv_txn *t, const void *lo, size_t lolen, const void *hi, size_t hilen,
                      struct err *err);
/* Whether logical key lies in a fresh span declared at or after savepoint
 * sp (0: anywhere in t) that is still in force: COPY FREEZE's "created or
 * truncated in the current subtransaction". */
bool kv_txn_fresh_since(struct kv_txn *t, const void *key, size_t keylen, uint64_t sp);
/* Bulk mode for the current statement (kv_txn_stmt_begin turns it off):
 * writes of fresh keys the transaction has not written outside bulk mode
 * bypass its write buffer — staged briefly, then proposed as they come —
 * and its reads find them in the engine. Results are the same; a read of a
 * fresh key without a read cap waits for every bulk write to apply, so a
 * statement that reads what it bulk-writes (a uniqueness check) is slow.
 * SQL turns it on for COPY FROM into tables without unique indexes and for
 * index backfills. */
void kv_txn_set_bulk(struct kv_txn *t, bool on);

/* Savepoints: *sp names the current point. rollback_to discards the writes
 * and releases the locks taken after it (it stays valid, as PostgreSQL's
 * ROLLBACK TO) and makes a poisoned transaction ACTIVE again; release
 * forgets it and every later one (its writes stay). Savepoint handles are
 * plain numbers, increasing within a transaction. ERR_INVAL for an unknown
 * (released or rolled-back-over) savepoint. */
int kv_txn_savepoint(struct kv_txn *t, uint64_t *sp, struct err *err);
int kv_txn_rollback_to(struct kv_txn *t, uint64_t sp, struct err *err);
int kv_txn_release(struct kv_txn *t, uint64_t sp, struct err *err);

/* Commit and free t. One range written: one proposal (1PC). Several: two
 * phase commit; returns after the primary key is committed (the commit
 * point), the secondaries are committed in the background. Returns 0, or
 * (t rolled back) ERR_CONFLICT (40001), the poisoning error, ERR_TIMEOUT /
 * SQLSTATE 08007 when the outcome is unknown (the commit may have happened),
 * or an error of the range layer. A SERIALIZABLE transaction's failed read
 * check is ERR_CONFLICT with PostgreSQL's message, DETAIL and HINT (no
 * "commit:" prefix). PRE: no iterator of t is open. */
int kv_txn_commit(struct kv_txn *t, struct err *err);
/* Roll back and free t (releases its locks). NULL is a no-op. */
void kv_txn_rollback(struct kv_txn *t);

/* ---- garbage collection -------------------------------------------------------- */

struct kv_gc_stats {
    uint64_t safepoint;        /* versions older than this were collectable */
    uint64_t versions_removed; /* write records (and their data) removed */
    uint64_t locks_resolved;   /* expired locks rolled back or forward */
    uint64_t ranges;           /* ranges visited (led by this node) */
};
/* Remove MVCC versions no reader can need: for every key, the versions
 * older than the safepoint except the newest one <= safepoint (dropped too
 * when it is a delete or rollback). safepoint = now - gc_ttl_ms, never
 * beyond the oldest running transaction's start_ts on this node. Expired
 * locks are resolved. Runs through rng_propose on every range this node
 * leads; called by the server's background thread. stats may be NULL. */
int kv_gc_run(struct kv *kv, uint64_t gc_ttl_ms, struct kv_gc_stats *stats, struct err *err);

/* Remove physically every version, data record and lock of the logical
 * keys in [start, end), range by range (delete_range through each range's
 * log), for a span nobody reads any more: the caller saw it become garbage
 * (a dropped or truncated relation) at seen_ts, so a transaction that
 * started after seen_ts cannot reach it. Done only when no running
 * transaction on this node but self (NULL: none) started at or before
 * seen_ts; otherwise *cleared is false and nothing is removed (the caller
 * deletes the keys one MVCC delete at a time, as any reader allows). */
int kv_clear_span(struct kv *kv, const struct kv_txn *self, const void *start, size_t slen,
                  const void *end, size_t elen, uint64_t seen_ts, bool *cleared, struct err *err);

/* Approximate bytes this node's store holds for logical keys in [lo, hi)
 * (hi NULL: unbounded), every version and lock included: the figure
 * behind pg_relation_size (eng_approximate_size: estimated for SST files,
 * exact for memtables). */
int kv_approximate_size(struct kv *kv, const void *lo, size_t lolen, const void *hi, size_t hilen,
                        uint64_t *out, struct err *err);

/* ---- metrics ------------------------------------------------------------------- */

/* Also exported as shardforge_kv_* Prometheus series. Counts since open. */
struct kv_stats {
    uint64_t commits_1pc;
    uint64_t commits_2pc;
    uint64_t rollbacks;
    uint64_t conflicts;     /* 40001 */
    uint64_t deadlocks;     /* 40P01 */
    uint64_t lock_waits;    /* pessimistic lock waits started */
    uint64_t lock_timeouts; /* 55P03 */
    uint64_t locks_resolved;
    uint64_t gc_versions;
};
void kv_stats(struct kv *kv, struct kv_stats *out);

#endif
