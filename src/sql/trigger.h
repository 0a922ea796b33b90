/* trigger.h — user triggers: CREATE / DROP / ALTER TRIGGER (trigger_ddl.c),
 * where they fire in the DML executor (trigger_fire.c) and their
 * pg_catalog rows (pgcat_trigger.c).
 *
 * Storage: a table's triggers ride in its descriptor, in the optional
 * 'T' trailer (catalog.c; struct sql_trig_desc in catalog.h), so they are
 * versioned, cached, transactional and dropped with the table:
 *
 *   OFFSET SIZE MEANING
 *   0      1    'T'
 *   1      2    n triggers, then per trigger in creation order:
 *               u32 oid, str name, u32 function oid, u16 tgtype,
 *               u8 tgenabled ('O' 'D' 'R' 'A'), u16 nargs + ostr each,
 *               u16 ncols + u32 column id each (UPDATE OF),
 *               ostr WHEN condition (deparse.h text, NULL when none)
 *
 * Trigger oids come from the catalog's OID allocator. A trigger function
 * names no dependency record: DROP FUNCTION looks through the database's
 * tables for triggers calling it (2BP01 unless CASCADE).
 *
 * Firing (PostgreSQL's trigger.c / nodeModifyTable.c order):
 *   BEFORE STATEMENT → per row: BEFORE ROW (may change NEW or skip the
 *   row), constraint checks and the write, AFTER ROW event queued →
 *   end of the statement: queued AFTER ROW events in order, then AFTER
 *   STATEMENT. Triggers of one event fire in name order.
 */
#ifndef SF_SQL_TRIGGER_H
#define SF_SQL_TRIGGER_H

#include "sql/ast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;
struct sql_table_desc;
struct sql_trig_desc;
struct sql_value;

/* pg_trigger.tgtype bits (PostgreSQL's catalog/pg_trigger.h) */
#define SQL_TRIG_ROW       (1 << 0)
#define SQL_TRIG_BEFORE    (1 << 1)
#define SQL_TRIG_INSERT    (1 << 2)
#define SQL_TRIG_DELETE    (1 << 3)
#define SQL_TRIG_UPDATE    (1 << 4)
#define SQL_TRIG_TRUNCATE  (1 << 5)
#define SQL_TRIG_INSTEAD   (1 << 6)
#define SQL_TRIG_MAX_DEPTH 64 /* nesting of trigger calls before 54001 */

/* ---- the parsed statement (parse_trigger.c) ---- */
struct sql_trig_ddl {
    char op; /* 'c' CREATE [OR REPLACE], 'd' DROP, 'r' ALTER TRIGGER ... RENAME TO */
    bool replace;
    char *name;
    struct sql_rangevar *table;
    struct sql_qname func;
    struct sql_list args; /* char * */
    bool row;
    int timing;           /* SQL_TRIG_BEFORE, SQL_TRIG_INSTEAD or 0 (AFTER) */
    int events;           /* SQL_TRIG_INSERT | ... */
    struct sql_list cols; /* char *: UPDATE OF */
    struct sql_expr *when;
    int location;
    char *newname; /* 'r' */
    bool if_exists;
    enum sql_drop_behavior behavior;
};

/* parse_trigger.c: 1 when n is not a trigger statement */
struct sql__cv;

/* ---- DDL (trigger_ddl.c) ---- */
int sql__trigger_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                     struct err *e);
/* ALTER TABLE t ENABLE/DISABLE TRIGGER name|ALL|USER on the working copy t:
 * name NULL with which 'a' ALL or 'u' USER; mode 'O' 'A' 'R' (enable) or 'D'. */
int sql__trigger_enable(struct sql_table_desc *t, const char *name, char which, char mode,
                        struct err *e);
/* ALTER TABLE t DROP COLUMN name on the working copy t: the triggers whose
 * UPDATE OF list or WHEN condition names the column. RESTRICT: 2BP01 with
 * PostgreSQL's DETAIL; CASCADE: they are dropped ("drop cascades to"). */
int sql__trigger_drop_column(struct sql_env *env, struct sql_table_desc *t, const char *name,
                             bool cascade, struct err *e);
/* DROP FUNCTION f (returning trigger): the triggers calling it. RESTRICT:
 * 2BP01 with PostgreSQL's DETAIL when there are any; CASCADE: drop them
 * with the "drop cascades to" NOTICE. */
struct sql_fn_desc;
int sql__trigger_fn_dropped(struct sql_env *env, const struct sql_fn_desc *f,
                            enum sql_drop_behavior behavior, struct err *e);

/* Deep copy of n triggers in ctx (plans keep their tables' triggers). */
struct sql_trig_desc *sql__trigs_copy(struct mem_ctx *ctx, const struct sql_trig_desc *g, int n);

/* ---- firing (trigger_fire.c) ---- */

/* Statement-level triggers of event at timing (SQL_TRIG_BEFORE or 0);
 * upd_cols: UPDATE's SET list as a per-column flag (UPDATE OF). */
int sql__trig_stmt(struct sql_env *env, const struct sql_table_desc *t, int event, int timing,
                   const bool *upd_cols, struct err *e);
/* BEFORE ROW triggers of event on the row: newrow (INSERT / UPDATE) may be
 * replaced by the one a trigger returned (in mem); *skip when one returned
 * NULL. upd_cols: UPDATE's SET list as a per-column flag (NULL: none). */
int sql__trig_before_row(struct sql_env *env, const struct sql_table_desc *t, int event,
                         const struct sql_value *oldrow, struct sql_value **newrow,
                         const bool *upd_cols, struct mem_ctx *mem, bool *skip, struct err *e);
/* Has view v an INSTEAD OF row trigger for event (enabled or not, as
 * PostgreSQL's view_has_instead_trigger)? The planner then targets the view
 * itself (plan_dml.c) and the executor calls sql__trig_instead_row per row. */
bool sql__trig_instead(const struct sql_table_desc *v, int event);
/* INSTEAD OF triggers of event on a view row (OLD for UPDATE / DELETE, NEW
 * for INSERT / UPDATE): *newrow becomes the row a trigger returned; *skip
 * when one returned NULL (the row is not counted, as PostgreSQL). */
int sql__trig_instead_row(struct sql_env *env, const struct sql_table_desc *v, int event,
                          const struct sql_value *oldrow, struct sql_value **newrow,
                          struct mem_ctx *mem, bool *skip, struct err *e);
/* Queue the AFTER ROW triggers of event for the row just written (copied).
 * Outside a statement's queue (sql__trig_begin) they fire at once. */
int sql__trig_after_row(struct sql_env *env, const struct sql_table_desc *t, int event,
                        const struct sql_value *oldrow, const struct sql_value *newrow,
                        const bool *upd_cols, struct err *e);
/* A foreign-key action (fk.c) writes t for event: t's BEFORE STATEMENT
 * triggers fire now and its AFTER STATEMENT ones at the end of the
 * statement, once per statement, table and event (PostgreSQL's RI query). */
int sql__trig_cascade_stmt(struct sql_env *env, const struct sql_table_desc *t, int event,
                           struct err *e);
/* A statement's AFTER queue: begin before its first row, end after its
 * last (fires the queued events, then nothing more is queued there);
 * abort on error. Queues nest (a trigger's statements have their own). */
struct sql__trig_queue;
struct sql__trig_queue *sql__trig_begin(struct sql_env *env);
int sql__trig_end(struct sql_env *env, struct sql__trig_queue *q, struct err *e);
void sql__trig_abort(struct sql_env *env, struct sql__trig_queue *q);
/* pg_trigger_depth() */
int sql__trig_depth(struct sql_env *env);

/* ---- catalog (pgcat_trigger.c) ---- */
struct sql_fcall;
/* pg_trigger and information_schema.triggers rows (vtab.h's row functions) */
int sql__pgcat_trigger(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e);
int sql__pgcat_is_triggers(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                           size_t *nrows, struct err *e);
/* pg_get_triggerdef(oid[, pretty]) and pg_trigger_depth() (func.h sql_fn) */
int sql__fn_triggerdef(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_pg_trigger_depth(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
/* pg_get_triggerdef text of g on t. */
void sql__trigger_def(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_trig_desc *g, bool pretty, struct sbuf *out);

#endif
