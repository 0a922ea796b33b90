/* cursor_int.h — private to session.c and cursor_store.c: the position
 * logic of a DECLAREd cursor (PostgreSQL's DoPortalRunFetch,
 * PortalRunSelect and DoPortalRewind in pquery.c) over a row source that
 * keeps the rows already read when the cursor may scroll.
 *
 * Positions: the "executor" position cur is 0 before the first row, k on
 * row k, total + 1 after the last one. Rows base+1 .. base+n are held in
 * memory: a scrollable cursor holds every row read so far (base 0, memory
 * proportional to the rows fetched); a NO SCROLL cursor holds none while its
 * query runs (base counts the rows read) and, once held over a COMMIT (WITH
 * HOLD), the rows that were still to come. at_start / at_end / pos are
 * PostgreSQL's portal fields, which decide the command tags' counts.
 */
#ifndef SF_SQL_CURSOR_INT_H
#define SF_SQL_CURSOR_INT_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;

/* Next row of the query (valid until the next call); *has false at the end. */
typedef int (*sql__cstore_pull_fn)(void *arg, const struct sql_value **row, bool *has,
                                   struct err *e);
/* A row for the client (FETCH); NULL for MOVE. */
typedef int (*sql__cstore_emit_fn)(void *arg, const struct sql_value *row, struct err *e);

struct sql__cstore {
    struct mem_ctx *ctx; /* the held rows */
    size_t ncols;
    bool scroll; /* may move backward: keeps every row read */
    bool eof;    /* the query has no more rows (or none is left to pull) */
    uint64_t base, n, cap;
    struct sql_value **rows;
    uint64_t cur;
    bool at_start, at_end;
    uint64_t pos;
    sql__cstore_pull_fn pull; /* NULL once every row is held */
    void *pull_arg;
};

void sql__cstore_init(struct sql__cstore *cs, struct mem_ctx *ctx, size_t ncols, bool scroll,
                      sql__cstore_pull_fn pull, void *pull_arg);

/* FETCH/MOVE: direction 0 forward, 1 backward, 2 absolute, 3 relative (as
 * the AST's), count INT64_MAX for ALL. *processed: the tag's count. */
int sql__cstore_fetch(struct sql__cstore *cs, int direction, int64_t count,
                      sql__cstore_emit_fn emit, void *emit_arg, uint64_t *processed, struct err *e);

/* WITH HOLD at COMMIT: read the rest of the query into memory; afterwards
 * pull is NULL and the cursor no longer needs its query. */
int sql__cstore_hold(struct sql__cstore *cs, struct err *e);

#endif
