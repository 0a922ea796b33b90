/* catalog_int.h — private interface of the catalog files (catalog*.c,
 * ddl*.c, table*.c, sequence*.c, roles.c): stored formats, key builders,
 * OID and row id allocation, descriptor encoding.
 *
 * System keys (logical kv keys, kv.h; 0x01 'm' and 0x01 't' belong to
 * lower layers, 0x01 'R' roles and 0x01 'D' databases to roles.c, 0x01 'F'
 * function names and 0x01 'P' functions to ddl_function.c, sqlfn.h):
 *
 *   0x01 'n' <db oid BE32> <schema oid BE32> <name>  -> name record
 *   0x01 'o' <oid BE32>                              -> descriptor record
 *   0x01 's' <db oid BE32> <name>                    -> schema record
 *   0x01 'O'                                         -> OID counter
 *   0x01 'I'                                         -> hidden row id counter
 *   0x01 'q' <sequence oid BE32>                     -> sequence state
 *   0x01 'g' <table oid BE32> <index id BE32>        -> garbage span record
 *
 * Tables, indexes and sequences share one name space per schema (pg_class).
 * All integers are big-endian. "str" is a u16 length (<= SQL_NAME_MAX for
 * names) followed by that many bytes (no NUL); "ostr" is a u32 length
 * followed by the bytes, 0xFFFFFFFF meaning NULL. Every record ends with
 * the CRC-32C of all bytes before it; decoding checks the CRC, the version,
 * every length against the remaining bytes and every count against its
 * limit, and fails with ERR_CORRUPT (XX001) naming the key, never
 * half-using a record.
 *
 * name record, version 1 (10 bytes):
 *   OFFSET SIZE MEANING
 *   0      1    version = SQL_CAT_FORMAT
 *   1      1    kind: 'r' table, 'S' sequence, 'i' index, 'v' view, 'e' enum type
 *                (enum.h: its records at 'o' <oid>), 'd' domain (domain.h)
 *   2      4    oid
 *   6      4    CRC-32C of [0, 6)
 *
 * descriptor record, version 1, kind 'i' (an index: points at its table):
 *   0      1    version
 *   1      1    'i'
 *   2      4    table oid
 *   6      4    CRC-32C
 *
 * descriptor record, version 1, kind 'r' or 'S':
 *   0      1    version
 *   1      1    kind
 *   2      4    oid
 *   6      4    descriptor version (bumped by every change)
 *   10     4    schema oid
 *   14     4    next column id
 *   18     4    next index id
 *   22     2    next attnum
 *   24     8    reltuples (int64, -1 unknown)
 *   32     ...  str schema, str name, str owner, ostr options, ostr comment
 *          2    ncols (<= SQL_MAX_TABLE_COLS + 1), then per column:
 *                 u32 id, u16 attnum, str name, u32 type, u32 typmod (a domain
 *                 column: the domain's oid and -1, domain.h),
 *                 u8 flags (bit 0 not null, bit 1 hidden, bit 2 generated
 *                 stored: the default is its expression), u8 identity
 *                 (0, 'a', 'd'), u32 identity sequence oid, ostr default,
 *                 ostr comment
 *          2    nidx (>= 1 for 'r'), then per index:
 *                 u32 id, u32 oid, str name, u8 flags (bit 0 unique, bit 1
 *                 primary, bit 2 constraint), u8 ncols (1..SQL_MAX_INDEX_COLS),
 *                 per column: u32 column id, u8 flags (bit 0 desc, bit 1
 *                 nulls first, bit 2 expression: the column id is 0 and an
 *                 ostr with the expression's SQL text follows)
 *          2    nchecks, then per check: u32 oid, str name, ostr expression
 *          4+8*5+1+4+4  sequence: u32 type, i64 start, increment, min, max,
 *                 cache, u8 cycle, u32 owned-by table, u32 owned-by column
 *          4    CRC-32C of everything before
 *
 * descriptor record, version 2, kind 'r' or 'S': version 1's bytes up to the
 * sequence part, then (before the CRC):
 *          2    nfks, then per foreign key: u32 oid, str name, u32 referenced
 *                 table oid, u32 referenced index oid, u8 ncols
 *                 (1..SQL_MAX_INDEX_COLS), per column: u32 column id, u32
 *                 referenced column id; u8 on update, u8 on delete ('a' 'r'
 *                 'c' 'n' 'd'), u8 match ('s', 'f')
 *          2    nrefby, then per referencing table: u32 table oid
 * Version 1 records are still read (no foreign keys); writes use version 2.
 * descriptor record, kind 'v' (a view): as 'r' with nidx 0 and no checks,
 * and after the foreign-key part (always empty), before the CRC:
 *          ostr the view's query (deparse.h storage form of the SELECT)
 *          2    ndeps (<= 65535), then per dependency: u32 oid of a table
 *               or view it reads, u16 attnum of a column it uses (0: the
 *               relation itself)
 * kind 'r', optional trailers before the CRC, in this order: 'M' (a
 * materialized view, ddl_matview.c), then 'V' u16 n, n x u32: the oids of
 * the CHECK / FOREIGN KEY constraints added NOT VALID and not validated,
 * then 'D' (DEFERRABLE foreign keys: u16 n, n x (u32 oid, u8 flags)).
 * Kinds 'r' and 'v', last (ddl_alter_meta.c): 'X' u8 persistence (0 or 'u'),
 * u8 replica identity (0, 'n', 'f', 'i'); u16 n, n x (u32 column id, u8 1 when
 * a statistics target is set, i16 target, u8 attstorage (0: the type's), u8
 * attcompression (0, 'p', 'l'), ostr attoptions); u16 n, n x (u32 index id, u8
 * flags 1 clustered | 2 replica identity, ostr reloptions); u16 n, n x (u8 'i'
 * index comment / 'k' its constraint's comment (u32 index id) / 'c' CHECK /
 * 'f' FOREIGN KEY comment (u32 constraint oid), ostr text).
 *
 * schema record, version 1: u8 version, u32 oid, str owner, u32 CRC-32C.
 *
 * counter record (OID, row id), version 1: u8 version, u64 next value,
 * u32 CRC-32C. Both are advanced in blocks by short transactions of their
 * own (never rolled back: values are never reused).
 *
 * sequence state, version 1: u8 version, i64 last_value, u8 is_called,
 * u32 CRC-32C. Version 2 (written since ALTER SEQUENCE): the same with a u8
 * log_cnt (0..32, PostgreSQL's values logged ahead: 32 after a nextval that
 * found none left, one less per later nextval, 0 after setval/RESTART)
 * before the CRC; version 1 records read as log_cnt 0. Updated by nextval/setval in short
 * transactions of their own (non-transactional, as PostgreSQL's), except for a sequence whose state
 * the current transaction wrote (created, restarted or dropped it), which is
 * updated in that transaction (see sequence.c).
 *
 * garbage span record, version 1: u8 version, u32 CRC-32C. The key names a
 * key span /<table oid>/<index id>/... no descriptor uses any more (a
 * dropped table or index, the old ids after TRUNCATE or ADD PRIMARY KEY).
 * Written in the DDL transaction (so a rollback keeps the data), deleted
 * in batches by VACUUM in transactions of its own (sql__gc_spans).
 */
#ifndef SF_SQL_CATALOG_INT_H
#define SF_SQL_CATALOG_INT_H

#include "sql/catalog.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kv_txn;
struct sql_role;

#define SQL_CAT_FORMAT  1
#define SQL_DESC_FORMAT 2 /* descriptor records ('r'/'S'); 1 is still read */
#define SQL_DB_FORMAT   2 /* database record version (roles.c); 1 has no oid */
/* The database created by sql_catalog_bootstrap (PostgreSQL's "postgres"
 * has oid 5), and the oid read from a version 1 database record. */
#define SQL_BOOTSTRAP_DB_OID 5

#define SQL_KEY_NAME    'n'
#define SQL_KEY_DESC    'o'
#define SQL_KEY_SCHEMA  's'
#define SQL_KEY_OID     'O'
#define SQL_KEY_ROWID   'I'
#define SQL_KEY_SEQ     'q'
#define SQL_KEY_GARBAGE 'g'

/* ---- byte helpers ---- */
void sql__put16(struct sbuf *b, uint16_t v);
void sql__put32(struct sbuf *b, uint32_t v);
void sql__put64(struct sbuf *b, uint64_t v);
uint32_t sql__get32(const uint8_t *p);
uint64_t sql__get64(const uint8_t *p);
/* Append the CRC-32C of b's bytes. */
void sql__put_crc(struct sbuf *b);
/* Check the trailing CRC of p[0..n) (n >= 5) and the version byte. */
bool sql__crc_ok(const uint8_t *p, size_t n, uint8_t version);
/* A string as its 16-bit length and bytes. */
void sql__put_str(struct sbuf *b, const char *s);
/* A bounds-checked reader of a record: any overrun sets bad and yields
 * zeros (NULL from sql__rd_take). */
struct sql__rd {
    const uint8_t *p;
    size_t n, o;
    bool bad;
};
const uint8_t *sql__rd_take(struct sql__rd *r, size_t k);
uint16_t sql__rd16(struct sql__rd *r);
uint32_t sql__rd32(struct sql__rd *r);
/* A u16-length string (longer than max: bad) copied into ctx. */
char *sql__rd_str(struct sql__rd *r, struct mem_ctx *ctx, size_t max);

/* ---- keys ---- */
void sql__key_name(struct sbuf *b, uint32_t db, uint32_t schema, const char *name);
void sql__key_desc(struct sbuf *b, uint32_t oid);
void sql__key_schema(struct sbuf *b, uint32_t db, const char *name);
void sql__key_seq(struct sbuf *b, uint32_t oid);
void sql__key_garbage(struct sbuf *b, uint32_t table, uint32_t idx);

/* ---- descriptors ---- */
void sql__desc_encode(const struct sql_table_desc *t, struct sbuf *out);
/* Decode a 'r'/'S' record; strings and arrays allocated in ctx. */
int sql__desc_decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, uint32_t oid,
                     struct sql_table_desc **out, struct err *e);
/* Deep copy of t in ctx (DDL edits the copy). */
struct sql_table_desc *sql__desc_copy(struct mem_ctx *ctx, const struct sql_table_desc *t);
/* Drop every column's missing value (catalog.h): for DDL that rewrote every
 * row from decoded values (a horizon above every column id). */
void sql__clear_missing(struct sql_table_desc *t);

/* ---- reads and writes through env->txn (and the node cache) ---- */
/* Read a system key: through the node cache unless env->txn_did_ddl. */
int sql__cat_get(struct sql_env *env, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
                 size_t *vlen, bool *found, struct err *e);
int sql__cat_put(struct sql_env *env, const void *key, size_t klen, const void *val, size_t vlen,
                 struct err *e);
int sql__cat_del(struct sql_env *env, const void *key, size_t klen, struct err *e);
/* Write t's descriptor (version bumped by the caller) and, when names is
 * true, its name record. */
int sql__desc_store(struct sql_env *env, const struct sql_table_desc *t, struct err *e);
int sql__name_store(struct sql_env *env, uint32_t schema, const char *name, char kind, uint32_t oid,
                    struct err *e);
int sql__name_delete(struct sql_env *env, uint32_t schema, const char *name, struct err *e);
/* Look a name up in one schema: *oid 0 when absent; *kind from the record. */
int sql__name_lookup(struct sql_env *env, uint32_t schema, const char *name, uint32_t *oid,
                     char *kind, struct err *e);
/* The oids of every name record of one kind in the current database
 * (kind 'e': enum types, enum.h), in env->stmt_ctx. */
int sql__cat_list_kind(struct sql_env *env, char kind, uint32_t **oids, size_t *n, struct err *e);
/* Every object of kind loaded by load(env, oid, &obj, e) (NULL results
 * skipped), in env->stmt_ctx: the enum, domain and composite-type lists. */
int sql__cat_list_loaded(struct sql_env *env, char kind,
                         int (*load)(struct sql_env *env, uint32_t oid, const void **obj,
                                     struct err *e),
                         const void ***out, size_t *n, struct err *e);
/* Resolve a schema name to its oid (0 when absent). */
int sql__schema_oid(struct sql_env *env, const char *name, uint32_t *oid, struct err *e);
/* The role an ALTER ... OWNER TO names (NULL or CURRENT_USER /
 * CURRENT_ROLE / SESSION_USER: the session's user) into *out, allocated in
 * env->stmt_ctx; 42704 when no such role (ddl_alter_meta.c). */
int sql__owner_role(struct sql_env *env, const char *to, const char **out, struct err *e);
/* ALTER SCHEMA / DOMAIN / DATABASE / TYPE ... OWNER TO (ddl_owner.c); the
 * type form is reached from ALTER TYPE of a type that is no composite. */
int sql__alter_owner(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                     struct err *e);
int sql__alter_type_owner(struct sql_env *env, const struct sql_qname *q, const char *owner,
                          bool domain_stmt, struct err *e);
int sql__enum_set_owner(struct sql_env *env, uint32_t oid, const char *owner, struct err *e);
int sql__domain_set_owner(struct sql_env *env, uint32_t oid, const char *owner, struct err *e);
/* Write the record of schema name (oid, owner) of database db. */
int sql__schema_store(struct sql_env *env, uint32_t db, const char *name, uint32_t oid,
                      const char *owner, struct err *e);
/* The schema CREATE uses for an unqualified name: 3F000 when none. */
int sql__creation_schema(struct sql_env *env, const char *schema, const char *relname,
                         uint32_t *oid, const char **name, struct err *e);
/* env->db_oid, resolved on first use (3D000 when the database is gone). */
int sql__db_oid(struct sql_env *env, uint32_t *oid, struct err *e);

/* ---- allocation ---- */
int sql__oid_alloc(struct sql_env *env, uint32_t *oid, struct err *e);
int sql__oid_alloc_kv(struct kv *kv, struct sql_catalog *c, uint32_t *oid, struct err *e);
int sql__rowid_alloc(struct sql_env *env, int64_t *id, struct err *e);

/* ---- storage helpers (table.c) ---- */
/* Key prefix /<table oid>/<index id>. */
void sql__idx_prefix(struct sbuf *b, const struct sql_table_desc *t, const struct sql_idx_desc *ix);
/* A new index id for t (its key span /<t->oid>/<id>): a global OID, so
 * never handed out before — unlike t->next_idx_id, which a rolled-back
 * transaction hands out again — and its span has never held a committed
 * version. The span is declared fresh in env->txn (kv_txn_fresh_span):
 * the statement's writes there (a backfill, a rewrite, a bulk load after
 * TRUNCATE) take no locks and are committed in one write each. Raises
 * t->next_idx_id past the id. */
int sql__index_id_new(struct sql_env *env, struct sql_table_desc *t, uint32_t *id, struct err *e);
/* Declare t's whole key space (/<t->oid>/...) fresh in env->txn: t was
 * created by it under a new OID. */
int sql__table_fresh(struct sql_env *env, const struct sql_table_desc *t, struct err *e);
/* Append the index columns of row (t->cols order) to b. */
int sql__idx_values(struct sql_env *env, struct sbuf *b, const struct sql_table_desc *t,
                    const struct sql_idx_desc *ix, const struct sql_value *row, bool *has_null,
                    struct err *e);
/* Write every index entry of ix for rows of t (CREATE INDEX, ADD PRIMARY KEY
 * backfill), checking uniqueness when ix->unique. ix is not in t->idx yet
 * (or is, at position pos; pass -1 when not). For a new primary index the
 * rows are rewritten under it. Rows are read from t's current primary index.
 * Under READ COMMITTED the entries are written and committed in batches by
 * transactions of their own (see table.c); otherwise through env->txn. */
int sql__idx_backfill(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_idx_desc *ix, bool as_primary, struct err *e);
/* Was t's primary index written by backfill batches in this statement? Then
 * env->txn's snapshot may not see it: read it with *rt (a new read-only
 * transaction, rolled back by the caller) and write to it with committed
 * batches (struct sql__batch). */
bool sql__fresh_primary(struct sql_env *env, const struct sql_table_desc *t);
struct sql__batch {
    struct kv *kv;
    struct kv_txn *b;
    size_t n;
};
int sql__batch_put(struct sql__batch *bt, const void *k, size_t kl, const void *v, size_t vl,
                   struct err *e);
int sql__batch_end(struct sql__batch *bt, int rc, struct err *e);
/* Row value of row under its primary key into the batch (ADD COLUMN). */
int sql__tbl_put_row_batch(struct sql__batch *bt, const struct sql_table_desc *t,
                           const struct sql_value *row, struct err *e);
/* Write row's value under its primary key, no checks, indexes untouched
 * (ALTER TABLE ADD COLUMN rewriting rows). */
int sql__tbl_put_row(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_value *row, struct err *e);
/* "(a, b)=(1, 2)" key description for 23505 details. */
int sql__key_desc_text(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, const struct sql_value *row, struct sbuf *out,
                       struct err *e);
/* Queue the span of index ix of table oid for deletion (garbage record). */
int sql__garbage_add(struct sql_env *env, uint32_t table, uint32_t idx, struct err *e);
/* Delete every queued garbage span (VACUUM), in short transactions: at
 * once when no transaction but self (the caller's) may still read it, else
 * key by key. *spans: spans collected; *keys: keys deleted one by one. */
int sql__gc_spans(struct kv *kv, const struct kv_txn *self, uint64_t *spans, uint64_t *keys,
                  struct err *e);

/* ---- roles.c, in a given transaction ---- */
int sql__role_get_txn(struct kv_txn *t, struct mem_ctx *ctx, const char *name, struct sql_role *out,
                      bool *found, struct err *e);
/* Is name one of PostgreSQL's predefined roles (found by sql__role_get_txn
 * without a record)? */
bool sql__role_predefined(const char *name);
int sql__role_put_txn(struct kv_txn *t, const struct sql_role *r, struct err *e);
int sql__role_del_txn(struct kv_txn *t, const char *name, struct err *e);
int sql__role_list_txn(struct kv_txn *t, struct mem_ctx *ctx, struct sql_role **out, size_t *n,
                       struct err *e);
/* Database record: *found false when absent. */
int sql__db_get_txn(struct kv_txn *t, struct mem_ctx *ctx, const char *name,
                    struct sql_db_desc *out, bool *found, struct err *e);
int sql__db_put_txn(struct kv_txn *t, const struct sql_db_desc *d, struct err *e);
int sql__db_del_txn(struct kv_txn *t, const char *name, struct err *e);
int sql__db_list_txn(struct kv_txn *t, struct mem_ctx *ctx, struct sql_db_desc **out, size_t *n,
                     struct err *e);

/* ---- sequences (sequence.c) ---- */
/* Parse CREATE SEQUENCE / identity options into s (defaults for type),
 * validating as PostgreSQL's init_params; the type is AS's or default_type.
 * owned_by: the OWNED BY list or NULL. */
int sql__seq_options(struct sql_env *env, const struct sql_list *opts, const char *seqname,
                     uint32_t default_type, struct sql_seq_desc *s,
                     const struct sql_list **owned_by, struct err *e);
/* An identity column's SEQUENCE NAME option among opts (pg_dump writes it):
 * *given false when absent; else name and the schema (t's when not
 * qualified). 3F000 for a missing schema. */
int sql__seq_identity_name(struct sql_env *env, const struct sql_list *opts,
                           const struct sql_table_desc *t, char *name, uint32_t *schema_oid,
                           const char **schema, bool *given, struct err *e);
/* Write the initial state of a new sequence (in env->txn). */
int sql__seq_state_init(struct sql_env *env, const struct sql_table_desc *seq, struct err *e);
/* Restart (TRUNCATE RESTART IDENTITY, in env->txn). */
int sql__seq_restart(struct sql_env *env, const struct sql_table_desc *seq, struct err *e);
int sql__seq_state_delete(struct sql_env *env, uint32_t oid, struct err *e);
/* ALTER SEQUENCE (sequence_alter.c) helpers: option value as int64 (22003,
 * 42601), the bounds of a sequence type, and writing the state in env->txn
 * (log_cnt 0). */
int sql__seq_opt_int(const struct sql_option *o, int64_t *v, struct err *e);
int sql__seq_type_bounds(uint32_t type, int64_t *min, int64_t *max);
int sql__seq_state_write(struct sql_env *env, uint32_t oid, int64_t last, bool called,
                         struct err *e);

/* The options of CREATE and ALTER SEQUENCE by name (NULL: not given). */
struct sql__seq_opts {
    const struct sql_option *as, *inc, *start, *restart, *minv, *maxv, *cache, *cycle, *owned;
};
/* Sort opts into o: 42601 for an unknown or repeated option; with create,
 * RESTART is 0A000 and SEQUENCE NAME is skipped (sql__seq_identity_name). */
int sql__seq_collect(const struct sql_list *opts, bool create, struct sql__seq_opts *o,
                     struct err *e);
/* Option values, checked as PostgreSQL's init_params: AS (22023 unless
 * smallint, integer or bigint), INCREMENT (not zero), CACHE (positive). */
int sql__seq_opt_type(const struct sql_option *o, uint32_t *type, struct err *e);
int sql__seq_opt_increment(const struct sql_option *o, int64_t *v, struct err *e);
int sql__seq_opt_cache(const struct sql_option *o, int64_t *v, struct err *e);
/* 22023 unless MAXVALUE or MINVALUE (what) v fits sequence type type; unless
 * s->min < s->max; unless the START or RESTART (what) value v is within
 * s->min .. s->max. */
int sql__seq_check_bound(const char *what, int64_t v, uint32_t type, struct err *e);
int sql__seq_check_minmax(const struct sql_seq_desc *s, struct err *e);
int sql__seq_check_value(const char *what, int64_t v, const struct sql_seq_desc *s, struct err *e);
/* The column OWNED BY [schema.]table.column (owned: 2 or 3 names) names,
 * for a sequence in schema ns: 42P01, 42703, 55000 (another schema). */
int sql__seq_owned_col(struct sql_env *env, const struct sql_list *owned, uint32_t ns,
                       uint32_t *table, uint32_t *col, struct err *e);

/* ---- per-session state (env->seq_state) ---- */

#define SQL__SEQ_OWN_MAX  64
#define SQL__STMT_CACHE_N 16

/* Descriptors and names already read by the running statement (DML only:
 * a transaction that ran DDL bypasses it). Lives until env->stmt_ctx is
 * reset (a cleanup callback of that context frees it). */
struct sql__stmt_cache {
    struct sql__sess *sess; /* NULL once the session is gone */
    struct mem_ctx *ctx;    /* the statement context it belongs to */
    uint64_t gen;           /* catalog generation of the entries */
    int next;
    struct {
        uint32_t oid;    /* descriptor entries: oid != 0, name[0] == 0 */
        uint32_t schema; /* name entries: name[0] != 0 */
        char name[SQL_NAME_BUF];
        char kind;
        uint32_t name_oid;
        const struct sql_table_desc *desc;
    } e[SQL__STMT_CACHE_N];
};

struct sql__sess {
    struct hash_table *cur; /* sequence oid (4 bytes) -> int64_t * (currval) */
    bool has_last;
    int64_t last;
    uint64_t own_ts; /* start_ts of the transaction that wrote own[] */
    uint32_t own[SQL__SEQ_OWN_MAX];
    int nown;
    struct sql__stmt_cache *sc;
    /* Index spans written by committed backfill batches in the running
     * statement (see table.c): reads of them go through a new transaction. */
    struct mem_ctx *fresh_ctx;
    uint64_t fresh_ts;
    struct {
        uint32_t table, idx;
    } fresh[16];
    int nfresh;
    /* Tables whose write lock the running statement holds (table_lock.c):
     * valid for (tl_ts, tl_mark) = (start_ts, statement mark). */
    uint64_t tl_ts, tl_mark;
    uint32_t tl[16];
    int ntl;
    /* The table lock mode descriptor writes take (table_lock.c): 0 is
     * ACCESS EXCLUSIVE; CREATE INDEX sets SHARE for its run. */
    int tl_ddl_mode;
    /* Table lock waits of the session so far (table_lock.c): a binder or a
     * cursor open that sees it move re-resolves its names (PostgreSQL's
     * RangeVarGetRelidExtended retry, plancache's revalidation). */
    uint64_t tl_waits;
    /* Catalog reads of the running statement, valid for (cf_ts, cf_mark) =
     * (start_ts, statement mark) (catalog.c): cf_waited once a table lock
     * wait happened (the node and statement caches are bypassed from then
     * on: the DDL waited for may not have invalidated them yet); cf_txn,
     * under REPEATABLE READ / SERIALIZABLE, a read-only READ COMMITTED
     * transaction begun at the statement's first catalog read that misses
     * the node cache (or after a wait), so names and descriptors are the
     * newest committed, as PostgreSQL's catalog snapshot, while the rows
     * are read at the transaction's snapshot. */
    uint64_t cf_ts, cf_mark;
    bool cf_waited, cf_reader; /* cf_reader: cf_txn under READ COMMITTED too */
    struct kv_txn *cf_txn;
};

/* ---- table locks (table_lock.c) ---- */
/* A writer (INSERT/UPDATE/DELETE/COPY/FOR UPDATE) of t: SHARE lock on t's
 * descriptor key, so DDL rewriting the descriptor waits for it and it
 * waits for such DDL; 40001 when the descriptor t was planned with is no
 * longer the newest. Once per statement and table. */
int sql__table_write_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e);
/* A DDL statement about to read t's rows (index build, constraint checks,
 * rewrites): NO KEY UPDATE lock on the descriptor key (waits for the
 * writers holding theirs), then under READ COMMITTED a new read timestamp,
 * so the rows those writers committed are read (t may already carry the
 * statement's own changes: no version check). */
int sql__table_ddl_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e);
/* The DDL table lock (the session's tl_ddl_mode, ACCESS EXCLUSIVE by default)
 * on relation oid: taken by every descriptor write (sql__cat_put/_del). */
int sql__table_ddl_tlock(struct sql_env *env, uint32_t oid, struct err *e);
/* sql__desc_store of t taking table lock mode on it instead (a FOREIGN KEY's
 * referenced table: SHARE ROW EXCLUSIVE, as PostgreSQL's). */
int sql__desc_store_tlock(struct sql_env *env, const struct sql_table_desc *t, int mode,
                          struct err *e);

/* The session state, created on first use. */
struct sql__sess *sql__sess(struct sql_env *env);

/* ---- errors ---- */
int sql__corrupt(struct err *e, const char *what, uint32_t oid, const char *why);
/* 25006 "cannot execute X in a read-only transaction" when env->read_only. */
int sql__check_writable(struct sql_env *env, const char *what, struct err *e);
/* ... unless t is a temporary relation (writable in a read-only transaction). */
int sql__check_writable_rel(struct sql_env *env, const struct sql_table_desc *t, const char *what,
                            struct err *e);

/* ---- expression key columns of indexes (index_expr.c) ---- */
/* The value of expression column j of ix for row (t->cols order), valid
 * until the next call (env may not be NULL). */
int sql__idx_expr_eval(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, int j, const struct sql_value *row,
                       struct sql_value *out, struct err *e);
/* CREATE INDEX: check and compile x over t's columns (42P17 for a function
 * that is not immutable); *text the stored form (pg_get_indexdef's). */
int sql__idx_expr_build(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_expr *x, char **text, struct err *e);
/* The name an expression column gives to an index's default name. */
const char *sql__idx_expr_colname(const struct sql_expr *x);

/* ---- partial indexes (index_pred.c) ---- */
/* *match: does row (t->cols order) have an entry in ix (true when ix has no
 * predicate; env may be NULL then)? */
int sql__idx_pred_match(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_idx_desc *ix, const struct sql_value *row, bool *match,
                        struct err *e);
/* CREATE INDEX ... WHERE x: check x over t's columns; *text the stored form. */
int sql__idx_pred_build(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_expr *x, char **text, struct err *e);
/* Does ix's predicate reference column (by name)? */
int sql__idx_pred_uses(struct sql_env *env, const struct sql_idx_desc *ix, const char *column,
                       bool *uses, struct err *e);

#endif
