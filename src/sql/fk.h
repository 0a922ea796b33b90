/* fk.h — FOREIGN KEY constraints (fk.c): DDL on the descriptors
 * (catalog.h struct sql_fk_desc, the referenced table's refby list) and
 * enforcement on every write path.
 *
 * Enforcement: the writers (exec_modify.c for INSERT/UPDATE/DELETE and
 * INSERT ... SELECT, the loader for COPY FROM) report each written row with
 * sql_fk_after_*; the events are queued per statement and run by
 * sql_fk_stmt_end at the end of the statement (PostgreSQL's NO ACTION
 * timing), cascades included (their writes queue more events, so they
 * recurse). A checked parent row is locked FOR KEY SHARE (kv_txn_lock_mode:
 * concurrent child inserts of one parent and non-key updates of the parent
 * do not wait for each other; a delete or key update of it does) until
 * commit; a parent delete/update looks for referencing rows at its
 * statement snapshot and at the newest committed state (a fresh read-only
 * transaction), so a child committed meanwhile is seen.
 */
#ifndef SF_SQL_FK_H
#define SF_SQL_FK_H

#include "sql/ast.h"
#include "sql/catalog.h"

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

struct sql_env;
struct err;

/* ---- DML hooks ---- */
int sql_fk_after_insert(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_value *row, struct err *e);
int sql_fk_after_update(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_value *old, const struct sql_value *nw, struct err *e);
int sql_fk_after_delete(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_value *old, struct err *e);
/* Run the queued checks and actions of the statement (then the queue is
 * empty). */
int sql_fk_stmt_end(struct sql_env *env, struct err *e);
/* Forget the queued events (the statement failed). */
void sql_fk_discard(struct sql_env *env);

/* ---- deferred checks (DEFERRABLE foreign keys), per transaction ---- */
/* Before the commit: run every deferred check (23503 fails the commit). */
int sql_fk_pre_commit(struct sql_env *env, struct err *e);
/* SAVEPOINT / ROLLBACK TO: the checks queued and the SET CONSTRAINTS modes
 * set after a mark are dropped. */
struct sql_fk_mark {
    uint64_t seq;
    int nmodes;
};
struct sql_fk_mark sql_fk_deferred_mark(struct sql_env *env);
void sql_fk_deferred_rollback_to(struct sql_env *env, struct sql_fk_mark mark);
/* The transaction ended (committed or not): forget its checks and modes. */
void sql_fk_txn_end(struct sql_env *env);
/* SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE} in a transaction
 * block: 42704 for an unknown name, 42809 to defer one that is not
 * DEFERRABLE; IMMEDIATE runs the checks waiting for those constraints. */
int sql_fk_set_constraints(struct sql_env *env, const struct sql_stmt *st, struct err *e);

/* ---- DDL (ddl*.c) ---- */
/* Add FOREIGN KEY k to t (the caller stores t). colname: the column of a
 * column constraint (REFERENCES), else NULL. validate: check t's rows. */
int sql__fk_add(struct sql_env *env, struct sql_table_desc *t, const struct sql_constraint *k,
                const char *colname, bool validate, struct err *e);
/* Before DROP TABLE t: 2BP01 when another table references it (unless
 * cascade: drop those constraints), and remove t from its parents' lists.
 * dropping: oids of every table the statement drops. */
int sql__fk_drop_table(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                       const uint32_t *dropping, int ndropping, struct err *e);
/* ALTER TABLE DROP CONSTRAINT of a foreign key of t: *found false when t
 * has no foreign key of that name. */
int sql__fk_drop_constraint(struct sql_env *env, struct sql_table_desc *t, const char *name,
                            bool *found, struct err *e);
/* TRUNCATE: check/extend the list of tables (oids) to truncate; cascade
 * adds referencing tables (NOTICE), else 0A000. */
int sql__fk_truncate(struct sql_env *env, uint32_t *oids, int *n, int max, bool cascade,
                     struct err *e);
/* DROP COLUMN col of t: 2BP01 when a foreign key references it; the
 * foreign keys of t using it are dropped. */
int sql__fk_drop_column(struct sql_env *env, struct sql_table_desc *t, uint32_t col_id,
                        struct err *e);
/* Dropping index ix of t (DROP INDEX, DROP CONSTRAINT): 2BP01 when a
 * foreign key uses it. what: "index" or "constraint". */
int sql__fk_index_drop(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, const char *what, struct err *e);
/* pg_get_constraintdef text of fk f of t. */
int sql__fk_def(struct sql_env *env, const struct sql_table_desc *t, const struct sql_fk_desc *f,
                struct sbuf *out, struct err *e);

#endif
