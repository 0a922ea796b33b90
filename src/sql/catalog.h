/* catalog.h — schemas, tables, columns, indexes, constraints and sequences:
 * versioned descriptors stored in kv system keys (range 1), read through the
 * statement's transaction (so DDL is transactional: CREATE TABLE inside
 * BEGIN ... ROLLBACK leaves nothing), cached per node; and the storage of
 * table rows and index entries in kv keys (keyenc.h).
 *
 * OIDs: every user object (database, schema, table, index, sequence,
 * constraint) gets an OID >= SQL_FIRST_USER_OID from one allocator; OIDs
 * are never reused. A table's OID is its table id in keys.
 *
 * Keys of user data (DESIGN.md §7):
 *   /<table oid>/<pk index id>/<pk values>     -> row (sql_row_encode of every column)
 *   /<table oid>/<index id>/<values>           -> pk suffix (unique index, no NULL in values)
 *   /<table oid>/<index id>/<values>/<pk>      -> empty (non-unique, or a NULL in values)
 * The primary index (t->idx[0], id SQL_PRIMARY_INDEX_ID when the table is
 * created) orders by the primary key columns, or by the hidden int8 row id
 * of a table declared without one. Index ids are never reused within a
 * table: TRUNCATE and ADD PRIMARY KEY move the data to fresh index ids and
 * queue the old key spans for deletion (catalog_int.h "garbage spans"),
 * so they cost O(1) kv writes in the transaction, not one per row.
 * <pk values> are the primary index columns, each written by sql_key_put in
 * the index column's direction; the pk suffix is those bytes.
 *
 * The stored formats of descriptors and names are in catalog_int.h.
 *
 * Descriptors returned by lookups are immutable and valid until the end of
 * the statement (env->stmt_ctx). Lookups reflect the transaction's own DDL.
 */
#ifndef SF_SQL_CATALOG_H
#define SF_SQL_CATALOG_H

#include "sql/ast.h"
#include "sql/sql.h"
#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct kv;
struct mem_ctx;
struct sbuf;
struct sql_env;

#define SQL_FIRST_USER_OID   16384
#define SQL_MAX_INDEX_COLS   32
#define SQL_MAX_TABLE_COLS   1600
#define SQL_PRIMARY_INDEX_ID 1

/* Fixed OIDs of the built-in schemas and the namespace of user objects. */
#define SQL_NS_PG_CATALOG     11
#define SQL_NS_PUBLIC         2200
#define SQL_NS_INFORMATION    13000
#define SQL_NS_PUBLIC_NAME    "public"
#define SQL_NS_PG_CATALOG_STR "pg_catalog"

/* Message suffixes giving an error PostgreSQL's ErrorResponse object fields
 * (errtablecol / errtableconstraint; pgwire splits them off): arguments
 * schema, table, column (or constraint) after the message's own. */
#define SQL_ERR_TABLE_COLUMN     "\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCOLUMN NAME:  %s"
#define SQL_ERR_TABLE_CONSTRAINT "\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCONSTRAINT NAME:  %s"

struct sql_col_desc {
    uint32_t id;    /* stable column id used in the row format; never reused */
    int16_t attnum; /* pg_attribute.attnum: 1.. in creation order (gaps after drops) */
    char name[SQL_NAME_BUF];
    uint32_t type;
    int32_t typmod;
    bool not_null;
    bool hidden;           /* the row id of a table without a primary key (not in SELECT *) */
    char identity;         /* 0, 'a' GENERATED ALWAYS, 'd' BY DEFAULT */
    uint32_t identity_seq; /* identity columns: the oid of their sequence */
    char *default_sql;     /* DEFAULT as SQL text (deparse.h), or NULL */
    char *comment;         /* COMMENT ON COLUMN, or NULL */
    uint32_t domain;       /* the column's domain (type/typmod are its base's), or 0 (domain.h) */
    uint32_t ctype;        /* the column's composite type (type/typmod: SQL_T_RECORD and its
                            * record shape), or 0 (ctype.h) */

    /* 's' GENERATED ALWAYS AS (default_sql) STORED, or 0 (ddl_generated.c) */
    char generated;

    /* The value rows older than the column read (PostgreSQL's attmissingval):
     * ADD COLUMN with a non-volatile DEFAULT records it instead of rewriting
     * the rows. A version 1 row record (rowcodec.c) of one column with id 1
     * and this column's type, or NULL; see sql_cat_missing. */
    uint8_t *missing;
    uint32_t missing_len;
    /* ALTER COLUMN SET STATISTICS / STORAGE / COMPRESSION / SET (...) (ddl_alter_meta.c):
     * pg_attribute.attstattarget (when stattarget_set, else -1), attstorage (0: the
     * type's), attcompression (0 default, 'p' pglz, 'l' lz4), attoptions ("k=v,...") */
    bool stattarget_set;
    int16_t stattarget;
    char storage;
    char compression;
    char *attoptions;
};

enum {
    SQL_OPC_DEFAULT = 0,
    SQL_OPC_TEXT_PATTERN,    /* text_pattern_ops */
    SQL_OPC_VARCHAR_PATTERN, /* varchar_pattern_ops */
    SQL_OPC_BPCHAR_PATTERN   /* bpchar_pattern_ops */
};
/* The name of a non-default operator class (SQL_OPC_*), or NULL. */
const char *sql_opclass_name(int opc);

struct sql_idx_desc {
    uint32_t id;  /* index id within the table; SQL_PRIMARY_INDEX_ID is the primary index */
    uint32_t oid; /* pg_class oid of the index (0 for the hidden-rowid primary index) */
    char name[SQL_NAME_BUF];
    bool unique;
    bool primary;    /* PRIMARY KEY constraint */
    bool constraint; /* created by a UNIQUE/PRIMARY KEY constraint (pg_constraint row) */
    int ncols;
    uint32_t col_ids[SQL_MAX_INDEX_COLS]; /* column ids */
    bool desc[SQL_MAX_INDEX_COLS];
    bool nulls_first[SQL_MAX_INDEX_COLS];
    /* Operator class of each column, SQL_OPC_*: text compares bytewise here
     * (the C collation), so the pattern classes order keys as the default
     * one does and only pg_get_indexdef shows them. */
    uint8_t opclass[SQL_MAX_INDEX_COLS];
    /* Expression key columns (CREATE INDEX ... ((a + b))): column j is an
     * expression over the row when exprs[j] != NULL (col_ids[j] is then 0),
     * SQL text as pg_get_indexdef prints it (index_expr.c). */
    char *exprs[SQL_MAX_INDEX_COLS];
    /* Partial index (CREATE INDEX ... WHERE pred): the predicate as SQL text
     * (sql__deparse form, as CHECK expressions), or NULL (index_pred.c). */
    char *pred;
    /* ddl_alter_meta.c: CLUSTER ON (pg_index.indisclustered), REPLICA IDENTITY
     * USING INDEX (indisreplident), WITH (...) / ALTER INDEX SET (...) options
     * ("k=v,...", pg_class.reloptions) */
    bool clustered;
    bool replident;
    char *options;
    char *comment;    /* COMMENT ON INDEX, or NULL */
    char *concomment; /* COMMENT ON CONSTRAINT of its UNIQUE / PRIMARY KEY, or NULL */
};

struct sql_check_desc {
    uint32_t oid;
    char name[SQL_NAME_BUF];
    char *expr_sql; /* the CHECK expression as SQL text */
    bool not_valid; /* added NOT VALID, not validated since (pg_constraint.convalidated) */
    char *comment;  /* COMMENT ON CONSTRAINT, or NULL */
};

/* A FOREIGN KEY constraint of the referencing table (fk.c). */
struct sql_fk_desc {
    uint32_t oid;
    char name[SQL_NAME_BUF];
    uint32_t ref_table; /* referenced table oid (may be the table itself) */
    uint32_t ref_idx;   /* pg_class oid of the referenced table's unique index it uses */
    int ncols;
    uint32_t col_ids[SQL_MAX_INDEX_COLS];     /* referencing column ids */
    uint32_t ref_col_ids[SQL_MAX_INDEX_COLS]; /* referenced column ids, same order */
    char upd, del; /* pg_constraint.confupdtype/confdeltype: 'a' 'r' 'c' 'n' 'd' */
    char match;    /* 's' simple, 'f' full */

    /* added NOT VALID, not validated since (pg_constraint.convalidated) */
    bool not_valid;
    /* DEFERRABLE / INITIALLY DEFERRED (pg_constraint.condeferrable /
     * condeferred): its checks may wait for the commit (fk.c) */
    bool deferrable, initdeferred;
    char *comment; /* COMMENT ON CONSTRAINT, or NULL */
};

/* A user trigger of a table or view (trigger.h; pg_trigger). tgtype bits
 * are PostgreSQL's (SQL_TRIG_*). */
struct sql_trig_desc {
    uint32_t oid;
    char name[SQL_NAME_BUF];
    uint32_t fn_oid; /* the trigger function (returns trigger) */
    uint16_t type;   /* pg_trigger.tgtype */
    char enabled;    /* pg_trigger.tgenabled: 'O' origin, 'D' disabled, 'R', 'A' */
    int nargs;       /* EXECUTE FUNCTION f('a', 'b') */
    char **args;
    int ncols; /* UPDATE OF: column ids (pg_trigger.tgattr), else 0 */
    uint32_t *col_ids;
    char *when_sql; /* WHEN condition, deparse.h text over old.* / new.*, or NULL */
};

struct sql_seq_desc {
    uint32_t type; /* int2/int4/int8 */
    int64_t start, increment, min, max, cache;
    bool cycle;
    uint32_t owned_by_table; /* 0 when not owned */
    uint32_t owned_by_col;   /* column id */
};

struct sql_view_dep {
    uint32_t oid;   /* a table or view the view reads */
    int16_t attnum; /* a column of it the view uses, 0 for the relation, or
                     * SQL_VIEW_DEP_PKEY for its primary key constraint */
};
/* The view's GROUP BY relies on table oid's primary key for functional
 * dependency (bind_fundep.c): ALTER TABLE ... DROP CONSTRAINT of the key is
 * refused (2BP01) or, with CASCADE, drops the view. No column has it. */
#define SQL_VIEW_DEP_PKEY INT16_MIN

struct sql_table_desc {
    uint32_t oid;
    uint32_t version; /* bumped by every change of this descriptor */
    uint32_t schema_oid;
    char schema[SQL_NAME_BUF];
    char name[SQL_NAME_BUF];
    char kind; /* 'r' table, 'S' sequence, 'v' view */
    char owner[SQL_NAME_BUF];
    int ncols; /* visible and hidden columns, in attnum order; dropped ones removed */
    struct sql_col_desc *cols;
    int nidx; /* idx[0] is the primary index */
    struct sql_idx_desc *idx;
    int nchecks;
    struct sql_check_desc *checks;
    struct sql_seq_desc seq; /* kind 'S' */
    char *options;           /* reloptions as "fillfactor=90,..." or NULL */
    char *comment;           /* COMMENT ON TABLE, or NULL */
    uint32_t next_col_id;    /* next column id to hand out (ids are never reused) */
    uint32_t next_idx_id;    /* next index id to hand out (ids are never reused) */
    int16_t next_attnum;     /* next attnum (PostgreSQL: dropped columns keep theirs) */
    int64_t reltuples;       /* row count from the last ANALYZE, -1 unknown (planner) */
    int nfks;                /* FOREIGN KEY constraints of this table */
    struct sql_fk_desc *fks;
    int nrefby; /* tables with a FOREIGN KEY referencing this one (may be itself) */
    uint32_t *refby;
    /* kind 'v': the query (deparse.h storage form of the SELECT) and the
     * relations and columns it depends on (attnum 0: the relation itself). */
    char *view_sql;
    int ndeps;
    struct sql_view_dep *deps;
    /* kind 'r' with matview set: a materialized view (ddl_matview.c), a
     * table filled from view_sql (deps as a view's); populated false after
     * WITH NO DATA until REFRESH. pg_class.relkind 'm'. */
    bool matview;
    bool populated;
    /* ddl_alter_meta.c: 'u' UNLOGGED (pg_class.relpersistence; 0 permanent, a
     * temporary table's comes from its schema); REPLICA IDENTITY 0 (DEFAULT), 'n'
     * NOTHING, 'f' FULL, 'i' USING INDEX (the index's `replident`) */
    char persistence;
    char replident;
    /* user triggers (trigger.h), in creation order; 'r' and 'v' */
    int ntrigs;
    struct sql_trig_desc *trigs;
};

struct sql_schema_desc {
    uint32_t oid;
    char name[SQL_NAME_BUF];
    char owner[SQL_NAME_BUF];
};

/* ---- node-wide cache ---- */

struct sql_catalog;
int sql_catalog_open(struct kv *kv, struct sql_catalog **out, struct err *e);
void sql_catalog_close(struct sql_catalog *c);
/* The node-wide catalog of kv shared by every session over it: created by
 * the first acquire, freed by the last release (session open / close).
 * Sessions must share one so that an invalidation reaches them all. */
struct sql_catalog *sql_catalog_acquire(struct kv *kv);
void sql_catalog_release(struct sql_catalog *c);
/* A transaction that ran DDL committed: drop cached descriptors. */
void sql_catalog_invalidate(struct sql_catalog *c);
/* Changes with every invalidation: plans built at another generation are re-planned. */
uint64_t sql_catalog_generation(const struct sql_catalog *c);

/* Delete the key spans that DROP / TRUNCATE / ADD PRIMARY KEY left behind
 * (their data is unreachable at once; this reclaims the space): a span is
 * removed at once (kv_clear_span) when no running transaction started
 * before it became garbage, else key by key in batches of short
 * transactions of its own. VACUUM runs it; the server may also call it
 * from a background thread. *spans: spans collected; *keys: keys deleted
 * one at a time. */
int sql_catalog_gc(struct kv *kv, uint64_t *spans, uint64_t *keys, struct err *e);

/* ---- lookups (through env->txn) ---- */

/* A relation by name: schema NULL searches env->search_path (after
 * pg_catalog). *out NULL when absent (no error: the caller words it:
 * 42P01 relation "x" does not exist). */
int sql_cat_table(struct sql_env *env, const char *schema, const char *name,
                  const struct sql_table_desc **out, struct err *e);
int sql_cat_table_by_oid(struct sql_env *env, uint32_t oid, const struct sql_table_desc **out,
                         struct err *e);
/* An index by name: its table and position in table->idx; *table NULL when absent. */
int sql_cat_index(struct sql_env *env, const char *schema, const char *name,
                  const struct sql_table_desc **table, int *idx_pos, struct err *e);
/* A schema by name; *found false when absent. */
int sql_cat_schema(struct sql_env *env, const char *name, struct sql_schema_desc *out, bool *found,
                   struct err *e);
/* Every relation / schema of the current database (pg_catalog views). */
int sql_cat_list_tables(struct sql_env *env, const struct sql_table_desc ***out, size_t *n,
                        struct err *e);
int sql_cat_list_schemas(struct sql_env *env, struct sql_schema_desc **out, size_t *n,
                         struct err *e);
/* Every database name (pg_database) with its oid and owner. */
struct sql_db_desc {
    uint32_t oid;
    char name[SQL_NAME_BUF];
    char owner[SQL_NAME_BUF];
};
int sql_cat_list_databases(struct sql_env *env, struct sql_db_desc **out, size_t *n, struct err *e);
int sql_cat_list_roles(struct sql_env *env, struct sql_role **out, size_t *n, struct err *e);
/* Column by name in t (NULL when absent); hidden columns are found only by
 * their id. */
const struct sql_col_desc *sql_cat_column(const struct sql_table_desc *t, const char *name);
const struct sql_col_desc *sql_cat_column_by_id(const struct sql_table_desc *t, uint32_t id);
/* Position of column id in t->cols, -1 when absent. */
int sql_cat_column_pos(const struct sql_table_desc *t, uint32_t id);
/* The missing values of t's columns (sql_col_desc.missing) decoded in ctx,
 * one per column as sql_row_decode_m takes them; *out = NULL when no column
 * has one. */
int sql_cat_missing(const struct sql_table_desc *t, struct mem_ctx *ctx, struct sql_value **out,
                    struct err *e);

/* ---- DDL ---- */

/* Run a DDL statement (CREATE/DROP TABLE, INDEX, SEQUENCE, SCHEMA,
 * DATABASE, ROLE/USER, ALTER TABLE, ALTER ROLE, TRUNCATE, COMMENT, RENAME,
 * VACUUM, ANALYZE) in env->txn. Fills tag with the command tag ("CREATE
 * TABLE"). Notices ("relation \"t\" already exists, skipping") go through
 * env->notice. CREATE/DROP DATABASE refuse to run inside a transaction
 * block (25001) — session.c checks that with sql_ddl_needs_no_block.
 * Sets env->txn_did_ddl: session.c must call sql_catalog_invalidate when
 * that transaction commits and clear the flag when it ends. VACUUM deletes
 * the key spans of dropped/truncated relations in short transactions of
 * its own; ANALYZE stores the row count in t->reltuples and the column
 * statistics (stats.h). */
int sql_ddl_exec(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e);
bool sql_ddl_is_ddl(const struct sql_stmt *st);
/* LOCK TABLE (table_lock.c), inside a transaction block. */
int sql__lock_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* A reader of t (a scan of a query): ACCESS SHARE table lock until the
 * transaction ends, unless the statement already holds a stronger mode on
 * t (table_lock.c). */
int sql_table_read_lock(struct sql_env *env, const struct sql_table_desc *t, struct err *e);
/* Table lock mode (enum kv_tlock_mode) on relation oid until the
 * transaction ends; name for messages; nowait: 55P03 at once. */
int sql_table_lock(struct sql_env *env, uint32_t oid, const char *name, int mode, bool nowait,
                   struct err *e);
/* How many table lock waits this session has had (table_lock.c): a caller
 * that sees the count move across a lock knows it waited. */
uint64_t sql_table_lock_waits(struct sql_env *env);
/* A table lock of the running statement had to wait (the count above
 * moved): from now on its catalog reads bypass the node and statement
 * caches (the DDL waited for may not have invalidated them yet) and see
 * what committed meanwhile (through a new catalog reader transaction under
 * REPEATABLE READ, or without new_snapshot); under READ COMMITTED with
 * new_snapshot the statement's read timestamp moves to now, as PostgreSQL
 * takes a statement's snapshot after parse analysis (EXECUTE keeps the one
 * it took before: new_snapshot false). Call before the statement read any row; then resolve the
 * names again (the binder) or plan again (session.c for cached plans). */
int sql_cat_after_wait(struct sql_env *env, bool new_snapshot, struct err *e);
/* The end of a statement: the catalog reader transaction of a REPEATABLE
 * READ statement (catalog.c) is finished. */
void sql_cat_stmt_end(struct sql_env *env);
/* Statements PostgreSQL refuses inside a transaction block (CREATE/DROP
 * DATABASE, VACUUM): the name for "X cannot run inside a transaction block". */
const char *sql_ddl_needs_no_block(const struct sql_stmt *st);

/* ---- sequences (non-transactional, as PostgreSQL's) ---- */
int sql_seq_nextval(struct sql_env *env, uint32_t seq_oid, int64_t *out, struct err *e);
int sql_seq_currval(struct sql_env *env, uint32_t seq_oid, int64_t *out, struct err *e);
int sql_seq_lastval(struct sql_env *env, int64_t *out, struct err *e);
int sql_seq_setval(struct sql_env *env, uint32_t seq_oid, int64_t v, bool is_called, int64_t *out,
                   struct err *e);
/* The newest state of a sequence (SELECT ... FROM seq, pg_sequences):
 * last_value, is_called and PostgreSQL's log_cnt. */
int sql_seq_read(struct sql_env *env, uint32_t oid, int64_t *last, bool *called, int *log_cnt,
                 struct err *e);
/* Free per-session sequence state (env->seq_state). */
void sql_seq_session_free(void *seq_state);

/* ---- table storage ---- */

/* Rows are arrays of t->ncols values in t->cols order (hidden row id
 * included). These functions check NOT NULL (23502 `null value in column
 * "c" of relation "t" violates not-null constraint` + DETAIL "Failing row
 * contains (...)."), uniqueness of every unique index (23505 `duplicate key
 * value violates unique constraint "x"` + DETAIL "Key (c)=(v) already
 * exists."), assign the hidden row id on insert, and maintain every index.
 * CHECK constraints and defaults are the caller's (they need expressions).
 * Read-only transactions: 25006. Uniqueness is checked with kv_txn_lock on
 * the unique key (held to commit), so concurrent inserts of one key
 * serialize and the later one gets 23505. sql_tbl_update keeps the hidden
 * row id of old_row (new_row's may be NULL) and rewrites only the index
 * entries whose key or value changed. */
int sql_tbl_insert(struct sql_env *env, const struct sql_table_desc *t, struct sql_value *row,
                   struct err *e);
int sql_tbl_update(struct sql_env *env, const struct sql_table_desc *t,
                   const struct sql_value *old_row, struct sql_value *new_row, struct err *e);
int sql_tbl_delete(struct sql_env *env, const struct sql_table_desc *t,
                   const struct sql_value *old_row, struct err *e);
/* Whether the statement's transaction wrote row's primary key after kv
 * mark (data-modifying WITH: a row changed by this statement is skipped). */
int sql_tbl_row_written_since(struct sql_env *env, const struct sql_table_desc *t,
                              const struct sql_value *row, uint64_t mark, bool *written,
                              struct err *e);
/* Lock a row read by a scan (UPDATE/DELETE/FOR UPDATE) and re-read its
 * newest committed version: *found false when it was deleted meanwhile.
 * row is overwritten with the newest values (payloads in ctx). */
int sql_tbl_lock_row(struct sql_env *env, const struct sql_table_desc *t, struct sql_value *row,
                     struct mem_ctx *ctx, bool *found, struct err *e);
/* The same in a row-lock strength (sql_tbl_lock_row: FOR UPDATE): FOR KEY
 * SHARE (foreign-key checks), FOR SHARE, FOR NO KEY UPDATE (UPDATE not
 * changing a key column; sql_tbl_update takes FOR UPDATE itself when a
 * unique index column changes), FOR UPDATE (DELETE). */
int sql_tbl_lock_row_mode(struct sql_env *env, const struct sql_table_desc *t,
                          struct sql_value *row, enum sql_lock_strength strength,
                          struct mem_ctx *ctx, bool *found, struct err *e);

/* INSERT ... ON CONFLICT: lock the key of unique index t->idx[idx_pos] for
 * row's values (held to commit, as the uniqueness check's) and return the
 * newest committed row holding it, itself locked, in existing (payloads in
 * ctx): *found false when none does or a key column is NULL. */
int sql_tbl_lock_unique(struct sql_env *env, const struct sql_table_desc *t, int idx_pos,
                        const struct sql_value *row, struct mem_ctx *ctx,
                        struct sql_value *existing, bool *found, struct err *e);
/* The same locking the row (or the primary key) in strength; a unique
 * secondary key is always locked exclusively. */
int sql_tbl_lock_unique_mode(struct sql_env *env, const struct sql_table_desc *t, int idx_pos,
                             const struct sql_value *row, enum sql_lock_strength strength,
                             struct mem_ctx *ctx, struct sql_value *existing, bool *found,
                             struct err *e);

/* A key span on one index: the first neq index columns equal eq[0..neq),
 * then optionally a bound on the next column (lo/hi in SQL order, also for
 * DESC columns; a bounded column never yields NULLs). NULL values in eq
 * never match (the scan is empty). Values should have their column's type;
 * one of another type is converted when PostgreSQL would do so implicitly
 * (int4 -> numeric), else it must encode like the column's (int2/4/8,
 * text/varchar). Full-key equality on the primary index (or a unique
 * index) is a point lookup: one kv_txn_get (two). */
struct sql_tbl_span {
    int idx_pos; /* position in t->idx */
    const struct sql_value *eq;
    int neq;
    const struct sql_value *lo; /* NULL: unbounded */
    bool lo_incl;
    const struct sql_value *hi; /* NULL: unbounded */
    bool hi_incl;
    bool reverse; /* walk the index backwards */
    /* secondary index: rows from the entries alone (key and primary key
     * columns; the other columns NULL), without reading the rows */
    bool index_only;
};

struct sql_tbl_scan;
/* Open a scan of t over span (NULL: the whole primary index). Rows come
 * back whole (a secondary index scan fetches each row from the primary
 * index, in batches). Values are allocated in ctx; the scan closes itself
 * when ctx is reset (cleanup) or with sql_tbl_scan_close. */
int sql_tbl_scan_open(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_tbl_span *span, struct mem_ctx *ctx,
                      struct sql_tbl_scan **out, struct err *e);
/* Decode only the columns with need[position] set (before the first
 * sql_tbl_scan_next); the others come back NULL. */
void sql_tbl_scan_need(struct sql_tbl_scan *s, const bool *need);
/* The stored record of the row sql_tbl_scan_next just returned (valid
 * until the next call), for a scan of the whole primary index; false for
 * other scans. */
bool sql_tbl_scan_record(struct sql_tbl_scan *s, const void **v, size_t *vl);
/* row: t->ncols values, valid until the next call. */
int sql_tbl_scan_next(struct sql_tbl_scan *s, struct sql_value *row, bool *has_row, struct err *e);
void sql_tbl_scan_close(struct sql_tbl_scan *s);
/* Delete every row and index entry of t (TRUNCATE, DROP). */
int sql_tbl_clear(struct sql_env *env, const struct sql_table_desc *t, struct err *e);

#endif
