/* plpgsql.h — LANGUAGE plpgsql: functions, procedures, DO blocks and
 * trigger functions.
 *
 * The boundary between the trigger machinery (trigger.c: the catalog of
 * triggers and the points in the DML executor where they fire) and the
 * PL/pgSQL interpreter: the trigger side describes one event in a struct
 * sql_trig_event and calls sql_plpgsql_call_trigger; the interpreter runs
 * the trigger function with NEW, OLD and the TG_ variables PostgreSQL
 * defines (plpgsql's "Triggers on Data Changes") and hands back the row
 * the function returned.
 */
#ifndef SF_SQL_PLPGSQL_H
#define SF_SQL_PLPGSQL_H

#include <stdbool.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sql_env;
struct sql_fn_desc;
struct sql_value;

/* One trigger event. Strings are PostgreSQL's TG_ values. */
struct sql_trig_event {
    const char *name;        /* TG_NAME */
    const char *when;        /* TG_WHEN: "BEFORE", "AFTER" or "INSTEAD OF" */
    const char *level;       /* TG_LEVEL: "ROW" or "STATEMENT" */
    const char *op;          /* TG_OP: "INSERT", "UPDATE", "DELETE" or "TRUNCATE" */
    uint32_t relid;          /* TG_RELID */
    const char *table;       /* TG_TABLE_NAME (and TG_RELNAME) */
    const char *schema;      /* TG_TABLE_SCHEMA */
    int nargs;               /* TG_NARGS */
    const char *const *argv; /* TG_ARGV[0..nargs-1] */
    /* The table's visible columns, in order; the rows below have ncols
     * values each (dropped columns are not among them). */
    int ncols;
    const char *const *colnames;
    const uint32_t *coltypes;
    const int32_t *coltypmods;
    const struct sql_value *new_row; /* NEW; NULL when the event has none */
    const struct sql_value *old_row; /* OLD; NULL when the event has none */
};

/* Run trigger function f (its return type is trigger) for ev inside the
 * statement's transaction. On success *is_null tells whether the function
 * returned NULL; otherwise *out_row holds the returned row's ncols values,
 * cast to the columns' types and allocated in ctx. Errors raised by the
 * function come back in e with PostgreSQL's SQLSTATE and a CONTEXT line
 * naming the function. */
int sql_plpgsql_call_trigger(struct sql_env *env, const struct sql_fn_desc *f,
                             const struct sql_trig_event *ev, struct mem_ctx *ctx,
                             struct sql_value **out_row, bool *is_null, struct err *e);

/* Free the session's cache of compiled PL/pgSQL functions (session.c, when
 * the session ends). */
void sql_plpgsql_session_end(struct sql_env *env);

#endif
