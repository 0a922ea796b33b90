/* cursor_store.c — FETCH / MOVE positioning of DECLAREd cursors
 * (cursor_int.h), ported from PostgreSQL 15's pquery.c so that positions,
 * command tag counts and the NO SCROLL errors match it exactly. */
#include "sql/cursor_int.h"

#include "common/err.h"
#include "common/mem.h"

#include <string.h>

#define FETCH_ALL INT64_MAX

void sql__cstore_init(struct sql__cstore *cs, struct mem_ctx *ctx, size_t ncols, bool scroll,
                      sql__cstore_pull_fn pull, void *pull_arg)
{
    memset(cs, 0, sizeof(*cs));
    cs->ctx = ctx;
    cs->ncols = ncols;
    cs->scroll = scroll;
    cs->pull = pull;
    cs->pull_arg = pull_arg;
    cs->at_start = true;
}

static int no_scroll_error(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "55000",
                         "cursor can only scan forward"
                         "\nHINT:  "
                         "Declare it with SCROLL option to enable backward scan.");
}

static void append(struct sql__cstore *cs, const struct sql_value *row)
{
    if (cs->n == cs->cap) {
        uint64_t cap = cs->cap ? cs->cap * 2 : 64;
        struct sql_value **nr = mem_alloc(cs->ctx, cap * sizeof(*nr));
        if (cs->n > 0)
            memcpy(nr, cs->rows, cs->n * sizeof(*nr));
        cs->rows = nr;
        cs->cap = cap;
    }
    struct sql_value *copy = mem_alloc(cs->ctx, (cs->ncols ? cs->ncols : 1) * sizeof(*copy));
    for (size_t i = 0; i < cs->ncols; i++)
        sql_value_copy(cs->ctx, &row[i], &copy[i]);
    cs->rows[cs->n++] = copy;
}

/* One row forward; *row NULL past the end. */
static int step_forward(struct sql__cstore *cs, const struct sql_value **row, struct err *e)
{
    *row = NULL;
    if (cs->cur >= cs->base && cs->cur < cs->base + cs->n) {
        cs->cur++;
        *row = cs->rows[cs->cur - cs->base - 1];
        return 0;
    }
    if (!cs->eof && cs->pull != NULL) {
        const struct sql_value *r = NULL;
        bool has = false;
        int rc = cs->pull(cs->pull_arg, &r, &has, e);
        if (rc != 0)
            return rc;
        if (has) {
            if (cs->scroll) {
                append(cs, r);
                *row = cs->rows[cs->n - 1];
            } else {
                cs->base++;
                *row = r;
            }
            cs->cur++;
            return 0;
        }
        cs->eof = true;
    }
    cs->cur = cs->base + cs->n + 1;
    return 0;
}

/* One row backward (scrollable cursors only); *row NULL before the start. */
static void step_backward(struct sql__cstore *cs, const struct sql_value **row)
{
    *row = NULL;
    if (cs->cur > cs->base + 1 && cs->cur - 1 <= cs->base + cs->n) {
        cs->cur--;
        *row = cs->rows[cs->cur - cs->base - 1];
        return;
    }
    cs->cur = cs->base;
}

/* ExecutorRun: count 0 = every row; emit NULL discards them. */
static int run(struct sql__cstore *cs, bool forward, uint64_t count, sql__cstore_emit_fn emit,
               void *arg, uint64_t *processed, struct err *e)
{
    uint64_t got = 0;
    int rc = 0;
    while (count == 0 || got < count) {
        const struct sql_value *row = NULL;
        if (forward)
            rc = step_forward(cs, &row, e);
        else
            step_backward(cs, &row);
        if (rc != 0 || row == NULL)
            break;
        got++;
        if (emit != NULL && (rc = emit(arg, row, e)) != 0)
            break;
    }
    *processed = got;
    return rc;
}

/* PortalRunSelect. */
static int run_select(struct sql__cstore *cs, bool forward, int64_t count, sql__cstore_emit_fn emit,
                      void *arg, uint64_t *nprocessed, struct err *e)
{
    uint64_t n = 0;
    int rc = 0;
    *nprocessed = 0;
    if (forward) {
        bool moves = !(cs->at_end || count <= 0);
        uint64_t c = moves && count != FETCH_ALL ? (uint64_t)count : 0;
        if (moves) {
            rc = run(cs, true, c, emit, arg, &n, e);
            if (rc != 0)
                return rc;
            if (n > 0)
                cs->at_start = false;
            if (c == 0 || n < c)
                cs->at_end = true;
            cs->pos += n;
        }
    } else {
        if (!cs->scroll)
            return no_scroll_error(e);
        bool moves = !(cs->at_start || count <= 0);
        uint64_t c = moves && count != FETCH_ALL ? (uint64_t)count : 0;
        if (moves) {
            rc = run(cs, false, c, emit, arg, &n, e);
            if (rc != 0)
                return rc;
            if (n > 0 && cs->at_end) {
                cs->at_end = false;
                cs->pos++;
            }
            if (c == 0 || n < c) {
                cs->at_start = true;
                cs->pos = 0;
            } else {
                cs->pos -= n;
            }
        }
    }
    *nprocessed = n;
    return 0;
}

/* DoPortalRewind. */
static int rewind_cursor(struct sql__cstore *cs, struct err *e)
{
    if (cs->at_start && !cs->at_end)
        return 0;
    if (!cs->scroll)
        return no_scroll_error(e);
    cs->cur = 0;
    cs->at_start = true;
    cs->at_end = false;
    cs->pos = 0;
    return 0;
}

int sql__cstore_fetch(struct sql__cstore *cs, int direction, int64_t count,
                      sql__cstore_emit_fn emit, void *arg, uint64_t *processed, struct err *e)
{
    uint64_t dummy = 0;
    int rc = 0;
    bool move = emit == NULL;
    bool forward = true;
    *processed = 0;
    switch (direction) {
    case 0: /* FORWARD */
        if (count < 0) {
            forward = false;
            count = -count;
        }
        break;
    case 1: /* BACKWARD */
        forward = count < 0;
        if (count < 0)
            count = -count;
        break;
    case 2: /* ABSOLUTE */
        if (count > 0) {
            if ((uint64_t)(count - 1) <= cs->pos / 2 || cs->pos >= (uint64_t)INT64_MAX) {
                if ((rc = rewind_cursor(cs, e)) != 0)
                    return rc;
                if (count > 1 && (rc = run_select(cs, true, count - 1, NULL, NULL, &dummy, e)) != 0)
                    return rc;
            } else {
                int64_t pos = (int64_t)cs->pos;
                if (cs->at_end)
                    pos++;
                if (count <= pos)
                    rc = run_select(cs, false, pos - count + 1, NULL, NULL, &dummy, e);
                else if (count > pos + 1)
                    rc = run_select(cs, true, count - pos - 1, NULL, NULL, &dummy, e);
                if (rc != 0)
                    return rc;
            }
            return run_select(cs, true, 1, emit, arg, processed, e);
        }
        if (count < 0) {
            if ((rc = run_select(cs, true, FETCH_ALL, NULL, NULL, &dummy, e)) != 0)
                return rc;
            if (count < -1 && (rc = run_select(cs, false, -count - 1, NULL, NULL, &dummy, e)) != 0)
                return rc;
            return run_select(cs, false, 1, emit, arg, processed, e);
        }
        if ((rc = rewind_cursor(cs, e)) != 0)
            return rc;
        return run_select(cs, true, 0, emit, arg, processed, e);
    case 3: /* RELATIVE */
        if (count > 0) {
            if (count > 1 && (rc = run_select(cs, true, count - 1, NULL, NULL, &dummy, e)) != 0)
                return rc;
            return run_select(cs, true, 1, emit, arg, processed, e);
        }
        if (count < 0) {
            if (count < -1 && (rc = run_select(cs, false, -count - 1, NULL, NULL, &dummy, e)) != 0)
                return rc;
            return run_select(cs, false, 1, emit, arg, processed, e);
        }
        break; /* RELATIVE 0: FORWARD 0 */
    default:
        return err_set(e, ERR_INTERNAL, "bogus fetch direction");
    }
    if (count == 0) {
        bool on_row = !cs->at_start && !cs->at_end;
        if (move) {
            *processed = on_row ? 1 : 0;
            return 0;
        }
        if (on_row) {
            if ((rc = run_select(cs, false, 1, NULL, NULL, &dummy, e)) != 0)
                return rc;
            count = 1;
            forward = true;
        }
    }
    if (!forward && count == FETCH_ALL && move) {
        uint64_t result = cs->pos;
        if (result > 0 && !cs->at_end)
            result--;
        if ((rc = rewind_cursor(cs, e)) != 0)
            return rc;
        *processed = result;
        return 0;
    }
    return run_select(cs, forward, count, emit, arg, processed, e);
}

int sql__cstore_hold(struct sql__cstore *cs, struct err *e)
{
    if (cs->pull == NULL)
        return 0;
    bool scroll = cs->scroll;
    cs->scroll = true; /* keep what is still to come */
    while (!cs->eof) {
        const struct sql_value *r = NULL;
        bool has = false;
        int rc = cs->pull(cs->pull_arg, &r, &has, e);
        if (rc != 0) {
            cs->scroll = scroll;
            return rc;
        }
        if (!has)
            cs->eof = true;
        else
            append(cs, r);
    }
    cs->scroll = scroll;
    cs->pull = NULL;
    return 0;
}
