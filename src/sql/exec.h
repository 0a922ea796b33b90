/* exec.h — the query engine: bind a parsed statement against the catalog,
 * plan it, and run it as a cursor (DESIGN.md §7).
 *
 * Statements handled here: SELECT (and VALUES, set operations as far as
 * built), INSERT, UPDATE, DELETE (with RETURNING), EXPLAIN of those.
 * Everything else is session.c's (transactions, SET/SHOW, COPY framing)
 * or catalog.h's (DDL).
 *
 * Plans are built once (sql_plan_stmt) and run many times (prepared
 * statements, portals): a plan holds no per-execution state; it lives in
 * the mem_ctx it was built in and records the catalog generation it was
 * built at (sql_plan_generation) so session.c re-plans after DDL.
 *
 * A cursor runs a plan with parameter values inside env->txn; rows are
 * produced one at a time (streaming: bounded memory, except where an
 * operator must materialize: sort, hash join build side, hash aggregate).
 * A cursor may stay open across several sql_cursor_next batches (portal
 * suspension) while its transaction lives.
 */
#ifndef SF_SQL_EXEC_H
#define SF_SQL_EXEC_H

#include "sql/ast.h"
#include "sql/sql.h"
#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;
struct sql_table_desc;

struct sql_plan;
struct sql_cursor;

/* Bind and plan st (SELECT, INSERT, UPDATE, DELETE, EXPLAIN). Parameters:
 * on entry param_types[0..*nparams) hold the declared types (0 =
 * unspecified), on return *nparams is the number of parameters the
 * statement uses ($n's highest n) and every unspecified type is inferred
 * from its context (as PostgreSQL: the other operand's type, the target
 * column's type; text when nothing says). cap bounds param_types.
 * Errors: 42P01, 42703 (with position), 42804, 42883, 0A000 naming an
 * unsupported feature... err's position: sql_plan_error_position. */
int sql_plan_stmt(struct sql_env *env, const struct sql_stmt *st, struct mem_ctx *ctx,
                  uint32_t *param_types, size_t *nparams, size_t cap, struct sql_plan **out,
                  struct err *e);
/* 1-based character position of the last bind error in the statement text
 * (ErrorResponse 'P'), 0 when none. Byte offset -> the caller converts. */
int sql_plan_error_location(const struct sql_env *env);
/* Result columns (RowDescription); *n 0 for DML without RETURNING (NoData).
 * format fields are 0; the caller copies and sets them. */
const struct sql_column *sql_plan_columns(const struct sql_plan *p, size_t *n);
uint64_t sql_plan_generation(const struct sql_plan *p);
/* Take the table locks p's binding took (answered from the transaction's
 * list once held), as PostgreSQL's AcquireExecutorLocks: sql_cursor_open
 * does it first; Bind does it for a cached plan so that a wait (the count
 * of sql_table_lock_waits moves) is followed by planning again. Returns 0
 * or the lock's error (55P03, 40P01, cancel). */
int sql_plan_lock(struct sql_env *env, const struct sql_plan *p, struct err *e);
/* Does the plan write (INSERT/UPDATE/DELETE)? (read-only transactions, 25006) */
bool sql_plan_writes(const struct sql_plan *p);
/* Does the plan produce rows (RowDescription rather than NoData)? True for
 * SELECT, VALUES and EXPLAIN even with zero columns (SELECT FROM t), and for
 * DML with RETURNING. */
bool sql_plan_returns_rows(const struct sql_plan *p);
/* Could PostgreSQL run this plan backward cheaply (its
 * ExecSupportsBackwardScan over the equivalent plan)? A cursor declared
 * with neither SCROLL nor NO SCROLL is scrollable when this holds
 * (exec_cursor.c). */
bool sql_plan_backward_ok(const struct sql_plan *p);
/* A DECLAREd cursor's plan (private to it): its scan reads whole rows, so
 * WHERE CURRENT OF finds the primary key of the current row. */
void sql_plan_cursor_rows(struct sql_plan *p);

/* Run p with params (typed as sql_plan_stmt inferred; NULLs allowed).
 * Cursor memory in ctx. */
int sql_cursor_open(struct sql_env *env, const struct sql_plan *p, const struct sql_value *params,
                    size_t nparams, struct mem_ctx *ctx, struct sql_cursor **out, struct err *e);
/* Next row: *row points at sql_plan_columns' n values, valid until the next
 * call. DML without RETURNING does all its work in the first call and
 * returns no row. Checks interrupts (sql_env_check_interrupts). */
int sql_cursor_next(struct sql_cursor *c, const struct sql_value **row, bool *has_row,
                    struct err *e);
/* WHERE CURRENT OF (PostgreSQL's execCurrentOf): the row of table_oid the
 * cursor's query last returned: with FOR UPDATE/SHARE the row it locked of
 * that table, else the row of a simply updatable scan of the table (a scan
 * under only projections, filters and LIMIT); *row points at the table's
 * ncols values (valid until the cursor moves). 1 when the query is no such
 * scan, 2 when its FOR UPDATE/SHARE does not lock the table, 3 when it
 * locks it more than once. */
int sql_cursor_scan_row(struct sql_cursor *c, uint32_t table_oid, const struct sql_value **row);
/* Command tag after the last row: "SELECT 3", "INSERT 0 1", "UPDATE 2",
 * "DELETE 0", "EXPLAIN". */
void sql_cursor_tag(const struct sql_cursor *c, struct sbuf *tag);
/* Release iterators. NULL is a no-op. */
void sql_cursor_close(struct sql_cursor *c);

/* ---- expressions over one table's rows (DDL, COPY) ---- */

struct sql_rowexpr;
/* Compile SQL expression text (a DEFAULT or CHECK) against the columns of
 * t, result cast (assignment) to want_type/want_typmod (0: keep its type;
 * CHECK uses SQL_T_BOOL). Errors as the binder's. */
int sql_rowexpr_compile(struct sql_env *env, const struct sql_table_desc *t, const char *sql,
                        uint32_t want_type, int32_t want_typmod, struct mem_ctx *ctx,
                        struct sql_rowexpr **out, struct err *e);
/* A trigger's WHEN condition x over old.* and new.* of t (trigger.h):
 * evaluated over a row of 2 * t->ncols values, OLD's then NEW's. PostgreSQL's
 * errors for subqueries, aggregates, window and set-returning functions and
 * a non-boolean result. Whole-row comparisons (old.* IS DISTINCT FROM new.*)
 * are rewritten in x into ROW() comparisons of the visible columns. */
int sql_rowexpr_compile_when(struct sql_env *env, const struct sql_table_desc *t,
                             const struct sql_expr *x, struct mem_ctx *ctx,
                             struct sql_rowexpr **out, struct err *e);
/* The type of a compiled expression (ALTER COLUMN TYPE ... USING). */
uint32_t sql_rowexpr_type(const struct sql_rowexpr *x);
/* Evaluate over row (t->ncols values in t->cols order); result in ctx. */
int sql_rowexpr_eval(struct sql_env *env, struct sql_rowexpr *x, const struct sql_value *row,
                     struct mem_ctx *ctx, struct sql_value *out, struct err *e);
/* Does x call only immutable functions (index expressions)? */
bool sql_rowexpr_immutable(const struct sql_rowexpr *x);
/* ... or stable (no volatile function): one value per statement. */
bool sql_rowexpr_stable(const struct sql_rowexpr *x);
/* EXECUTE's parameter i (from 0): x bound without columns and coerced
 * (assignment) to want_type, as PostgreSQL's EvaluateParams (42804 when it
 * cannot be; subqueries 0A000), evaluated into ctx. */
int sql_execute_param(struct sql_env *env, const struct sql_expr *x, int i, uint32_t want_type,
                      struct mem_ctx *ctx, struct sql_value *out, struct err *e);

/* ---- bulk load (COPY FROM) ---- */

struct sql_loader;
/* Open a loader for INSERT INTO table (cols) with rows of values: cols an
 * empty list means every visible column. types/typmods/ntypes: the column types
 * (and typmods) the caller parses each field as. Defaults, identity,
 * CHECK, NOT NULL, unique and index maintenance as INSERT. */
int sql_loader_open(struct sql_env *env, const struct sql_rangevar *table,
                    const struct sql_list *cols, struct mem_ctx *ctx, struct sql_loader **out,
                    const uint32_t **types, const int32_t **typmods, size_t *ntypes, struct err *e);
/* COPY FROM ... WHERE cond: bound over the table's columns (PostgreSQL's
 * errors: no subqueries, aggregates, window or set-returning functions);
 * rows for which it is not true are skipped (not counted). Call once,
 * right after sql_loader_open. */
int sql_loader_where(struct sql_loader *l, struct sql_expr *where, struct err *e);
/* Table of the loader: its descriptor (columns, kind). */
const struct sql_table_desc *sql_loader_table(const struct sql_loader *l);
int sql_loader_row(struct sql_loader *l, const struct sql_value *vals, struct err *e);
/* Check field's value against its column's domain (domain.h), as
 * PostgreSQL's domain_in does while reading the field; 0 when none. */
int sql_loader_check_field(struct sql_loader *l, size_t field, const struct sql_value *v,
                           struct err *e);
/* Rows loaded so far. */
uint64_t sql_loader_count(const struct sql_loader *l);

#endif
