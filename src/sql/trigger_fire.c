/* trigger_fire.c — running user triggers at the DML executor's firing
 * points (trigger.h), as PostgreSQL 15's commands/trigger.c.
 *
 * Which triggers fire: those of the event (INSERT, UPDATE, DELETE,
 * TRUNCATE) and timing, enabled for the session_replication_role ('A'
 * always; 'O' under origin and local, 'R' under replica), in name order;
 * an UPDATE OF
 * trigger only when one of its columns is in the SET list; a WHEN
 * condition is evaluated over OLD and NEW (BEFORE triggers: the NEW the
 * previous trigger returned; AFTER triggers: when the event is queued, on
 * the row written).
 *
 * AFTER ROW events wait in the statement's queue (struct sql__trig_queue:
 * the triggers chosen and copies of the rows, in the queue's own memory)
 * until sql__trig_end, which fires them in the order they were queued.
 * Queues nest: a statement run by a trigger function has its own, whose
 * events fire when that statement ends. The queue stack, the compiled WHEN
 * conditions and the call depth (pg_trigger_depth) are per thread: a
 * session runs on one thread and every begin is matched by an end or an
 * abort.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/func.h"
#include "sql/parse.h"
#include "sql/plpgsql.h"
#include "sql/sqlfn.h"
#include "sql/trigger.h"
#include "sql/value.h"

#include <stdlib.h>
#include <string.h>

struct qev {
    struct qev *next;
    const struct sql_table_desc *t;
    const struct sql_trig_desc *g;
    int event;
    struct sql_value *oldrow, *newrow; /* copies in the queue's memory, or NULL */
};

struct when_cache {
    struct when_cache *next;
    uint32_t trig_oid, table_oid, version;
    struct sql_rowexpr *x;
};

/* a table a foreign-key action wrote through (its statement triggers) */
struct cascade {
    struct cascade *next;
    const struct sql_table_desc *t;
    int event;
};

struct sql__trig_queue {
    struct sql__trig_queue *prev;
    struct mem_ctx *ctx;
    struct qev *head, *tail;
    struct cascade *cascades, *ctail;
};

static _Thread_local struct sql__trig_queue *cur_queue;
static _Thread_local int cur_depth;
/* compiled WHEN conditions: live while any queue is open (freed with the
 * outermost one), keyed by trigger and descriptor version */
static _Thread_local struct mem_ctx *when_ctx;
static _Thread_local struct when_cache *when_list;

static const char *op_name(int event)
{
    switch (event) {
    case SQL_TRIG_INSERT:
        return "INSERT";
    case SQL_TRIG_UPDATE:
        return "UPDATE";
    case SQL_TRIG_DELETE:
        return "DELETE";
    default:
        return "TRUNCATE";
    }
}

/* session_replication_role: true when "replica" (PostgreSQL's
 * SESSION_REPLICATION_ROLE_REPLICA), which fires 'R' and 'A' triggers
 * instead of 'O' and 'A' ones. */
static bool replica_role(struct sql_env *env)
{
    const char *v = NULL;
    struct err e2 = {0};
    struct mem_ctx *tmp = mem_ctx_new(NULL, "replication role");
    bool r = sql_setting_show(env, "session_replication_role", tmp, &v, &e2) == 0 && v != NULL &&
             strcmp(v, "replica") == 0;
    mem_ctx_free(tmp);
    return r;
}

static bool enabled(const struct sql_trig_desc *g, bool replica)
{
    return g->enabled == 'A' || g->enabled == (replica ? 'R' : 'O');
}

/* Does g fire for event at this level and timing (UPDATE OF: upd_cols)? */
static bool matches(const struct sql_table_desc *t, const struct sql_trig_desc *g, int event,
                    bool row, int timing, const bool *upd_cols, bool replica)
{
    if (!enabled(g, replica) || (g->type & event) == 0)
        return false;
    if (((g->type & SQL_TRIG_ROW) != 0) != row)
        return false;
    if ((g->type & (SQL_TRIG_BEFORE | SQL_TRIG_INSTEAD)) != timing)
        return false;
    if (event == SQL_TRIG_UPDATE && g->ncols > 0) {
        if (upd_cols == NULL)
            return false;
        bool hit = false;
        for (int k = 0; k < g->ncols && !hit; k++) {
            int pos = sql_cat_column_pos(t, g->col_ids[k]);
            hit = pos >= 0 && upd_cols[pos];
        }
        return hit;
    }
    return true;
}

static int cmp_trig(const void *a, const void *b)
{
    const struct sql_trig_desc *x = *(const struct sql_trig_desc *const *)a;
    const struct sql_trig_desc *y = *(const struct sql_trig_desc *const *)b;
    return strcmp(x->name, y->name);
}

/* The triggers of t that fire, in name order, into out (room for t->ntrigs). */
static int pick(struct sql_env *env, const struct sql_table_desc *t, int event, bool row,
                int timing, const bool *upd_cols, const struct sql_trig_desc **out)
{
    int n = 0;
    bool replica = replica_role(env);
    for (int i = 0; i < t->ntrigs; i++)
        if (matches(t, &t->trigs[i], event, row, timing, upd_cols, replica))
            out[n++] = &t->trigs[i];
    if (n > 1)
        qsort(out, (size_t)n, sizeof *out, cmp_trig);
    return n;
}

/* ---- WHEN ---- */

static int when_compiled(struct sql_env *env, const struct sql_table_desc *t,
                         const struct sql_trig_desc *g, struct sql_rowexpr **out, struct err *e)
{
    for (struct when_cache *w = when_list; w != NULL; w = w->next)
        if (w->trig_oid == g->oid && w->table_oid == t->oid && w->version == t->version) {
            *out = w->x;
            return 0;
        }
    struct mem_ctx *ctx = when_ctx != NULL ? when_ctx : env->stmt_ctx;
    char *text = mem_printf(ctx, "SELECT %s", g->when_sql);
    struct sql_parse_result pr;
    int rc = sql_parse(text, strlen(text), NULL, ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set_state(e, ERR_CORRUPT, "XX000", "bad stored WHEN condition: %s", g->when_sql);
    const struct sql_target *tg = pr.stmts[0]->u.select->targets.items[0];
    /* bound against a copy in the cache's memory: the cache outlives the
     * statement whose descriptor this is */
    const struct sql_table_desc *tc = when_ctx != NULL ? sql__desc_copy(ctx, t) : t;
    if ((rc = sql_rowexpr_compile_when(env, tc, tg->val, ctx, out, e)) != 0)
        return rc;
    if (when_ctx != NULL) {
        struct when_cache *w = mem_alloc0(ctx, sizeof *w);
        w->trig_oid = g->oid;
        w->table_oid = t->oid;
        w->version = t->version;
        w->x = *out;
        w->next = when_list;
        when_list = w;
    }
    return 0;
}

static int when_ok(struct sql_env *env, const struct sql_table_desc *t,
                   const struct sql_trig_desc *g, const struct sql_value *oldrow,
                   const struct sql_value *newrow, struct mem_ctx *mem, bool *ok, struct err *e)
{
    *ok = true;
    if (g->when_sql == NULL)
        return 0;
    struct sql_rowexpr *x;
    int rc = when_compiled(env, t, g, &x, e);
    if (rc != 0)
        return rc;
    int n = t->ncols;
    struct sql_value *row = mem_alloc(mem, sizeof *row * (size_t)(2 * n + 1));
    for (int i = 0; i < n; i++) {
        row[i] = oldrow != NULL ? oldrow[i] : sql_null(t->cols[i].type);
        row[n + i] = newrow != NULL ? newrow[i] : sql_null(t->cols[i].type);
    }
    struct sql_value v;
    if ((rc = sql_rowexpr_eval(env, x, row, mem, &v, e)) != 0)
        return rc;
    *ok = !v.null && v.u.b;
    return 0;
}

/* ---- calling the function ---- */

/* Trigger functions loaded in the statement's memory (env->stmt_ctx): the
 * interpreter's cache may keep the descriptor it is given for as long as
 * that context lives (plpgsql_comp.c under DDL), and loading once per
 * statement rather than per row keeps the memory flat. */
#define FN_CACHE_MAX 16
struct fn_cache {
    struct mem_ctx *ctx;
    int n;
    uint32_t oids[FN_CACHE_MAX];
    const struct sql_fn_desc *fs[FN_CACHE_MAX];
};
static _Thread_local struct fn_cache *fn_cache;

static void fn_cache_forget(void *arg)
{
    if (fn_cache == arg)
        fn_cache = NULL;
}

static int load_fn(struct sql_env *env, uint32_t oid, const struct sql_fn_desc **f, struct err *e)
{
    if (fn_cache == NULL || fn_cache->ctx != env->stmt_ctx) {
        struct fn_cache *c = mem_alloc0(env->stmt_ctx, sizeof *c);
        c->ctx = env->stmt_ctx;
        mem_ctx_cleanup(env->stmt_ctx, fn_cache_forget, c);
        fn_cache = c;
    }
    struct fn_cache *c = fn_cache;
    for (int i = 0; i < c->n; i++)
        if (c->oids[i] == oid) {
            *f = c->fs[i];
            return 0;
        }
    int rc = sql__fn_load(env, oid, env->stmt_ctx, f, e);
    if (rc == 0 && *f != NULL && c->n < FN_CACHE_MAX) {
        c->oids[c->n] = oid;
        c->fs[c->n++] = *f;
    }
    return rc;
}

/* Call g for one event; for a row trigger *ret gets the full row the
 * function returned (hidden columns from base), NULL when it returned NULL. */
static int call(struct sql_env *env, const struct sql_table_desc *t, const struct sql_trig_desc *g,
                int event, int timing, bool row, const struct sql_value *oldrow,
                const struct sql_value *newrow, struct mem_ctx *mem, struct sql_value **ret,
                struct err *e)
{
    if (ret != NULL)
        *ret = NULL;
    const struct sql_fn_desc *f;
    int rc = load_fn(env, g->fn_oid, &f, e);
    if (rc != 0)
        return rc;
    if (f == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "cache lookup failed for function %u",
                             g->fn_oid);
    int nv = 0;
    for (int i = 0; i < t->ncols; i++)
        nv += !t->cols[i].hidden;
    const char **names = mem_alloc0(mem, sizeof *names * (size_t)(nv + 1));
    uint32_t *types = mem_alloc0(mem, sizeof *types * (size_t)(nv + 1));
    int32_t *typmods = mem_alloc0(mem, sizeof *typmods * (size_t)(nv + 1));
    struct sql_value *ov = NULL, *nwv = NULL;
    if (oldrow != NULL)
        ov = mem_alloc0(mem, sizeof *ov * (size_t)(nv + 1));
    if (newrow != NULL)
        nwv = mem_alloc0(mem, sizeof *nwv * (size_t)(nv + 1));
    for (int i = 0, k = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden)
            continue;
        names[k] = t->cols[i].name;
        types[k] = t->cols[i].type;
        typmods[k] = t->cols[i].typmod;
        if (ov != NULL)
            ov[k] = oldrow[i];
        if (nwv != NULL)
            nwv[k] = newrow[i];
        k++;
    }
    struct sql_trig_event ev = {
        .name = g->name,
        .when = timing == SQL_TRIG_BEFORE    ? "BEFORE"
                : timing == SQL_TRIG_INSTEAD ? "INSTEAD OF"
                                             : "AFTER",
        .level = row ? "ROW" : "STATEMENT",
        .op = op_name(event),
        .relid = t->oid,
        .table = t->name,
        .schema = t->schema,
        .nargs = g->nargs,
        .argv = (const char *const *)g->args,
        .ncols = nv,
        .colnames = names,
        .coltypes = types,
        .coltypmods = typmods,
        .new_row = nwv,
        .old_row = ov,
    };
    if (cur_depth >= SQL_TRIG_MAX_DEPTH)
        return sql_stack_depth_error(e);
    struct sql_value *out = NULL;
    bool is_null = true;
    cur_depth++;
    rc = sql_plpgsql_call_trigger(env, f, &ev, mem, &out, &is_null, e);
    cur_depth--;
    if (rc != 0 || ret == NULL || is_null || out == NULL)
        return rc;
    const struct sql_value *base = newrow != NULL ? newrow : oldrow;
    struct sql_value *full = mem_alloc(mem, sizeof *full * (size_t)(t->ncols + 1));
    for (int i = 0, k = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden) {
            full[i] = base != NULL ? base[i] : sql_null(t->cols[i].type);
            continue;
        }
        full[i] = out[k++];
        if (full[i].null)
            full[i].type = t->cols[i].type;
    }
    *ret = full;
    return 0;
}

/* ---- statement level ---- */

int sql__trig_stmt(struct sql_env *env, const struct sql_table_desc *t, int event, int timing,
                   const bool *upd_cols, struct err *e)
{
    if (t == NULL || t->ntrigs == 0)
        return 0;
    const struct sql_trig_desc **gs = mem_alloc(env->stmt_ctx, sizeof *gs * (size_t)t->ntrigs);
    int n = pick(env, t, event, false, timing, upd_cols, gs);
    if (n == 0)
        return 0;
    struct mem_ctx *mem = mem_ctx_new(NULL, "statement trigger");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        bool ok;
        if ((rc = when_ok(env, t, gs[i], NULL, NULL, mem, &ok, e)) != 0 || !ok)
            continue;
        rc = call(env, t, gs[i], event, timing, false, NULL, NULL, mem, NULL, e);
    }
    mem_ctx_free(mem);
    return rc;
}

/* ---- row level ---- */

int sql__trig_before_row(struct sql_env *env, const struct sql_table_desc *t, int event,
                         const struct sql_value *oldrow, struct sql_value **newrow,
                         const bool *upd_cols, struct mem_ctx *mem, bool *skip, struct err *e)
{
    *skip = false;
    if (t == NULL || t->ntrigs == 0)
        return 0;
    const struct sql_trig_desc **gs = mem_alloc(mem, sizeof *gs * (size_t)t->ntrigs);
    int n = pick(env, t, event, true, SQL_TRIG_BEFORE, upd_cols, gs);
    for (int i = 0; i < n; i++) {
        const struct sql_value *nw = newrow != NULL ? *newrow : NULL;
        bool ok;
        int rc = when_ok(env, t, gs[i], oldrow, nw, mem, &ok, e);
        if (rc != 0)
            return rc;
        if (!ok)
            continue;
        struct sql_value *ret;
        if ((rc = call(env, t, gs[i], event, SQL_TRIG_BEFORE, true, oldrow, nw, mem, &ret, e)) != 0)
            return rc;
        if (ret == NULL) {
            *skip = true;
            return 0;
        }
        if (newrow != NULL)
            *newrow = ret;
    }
    return 0;
}

bool sql__trig_instead(const struct sql_table_desc *v, int event)
{
    for (int i = 0; v != NULL && i < v->ntrigs; i++)
        if ((v->trigs[i].type & SQL_TRIG_INSTEAD) && (v->trigs[i].type & event))
            return true;
    return false;
}

int sql__trig_instead_row(struct sql_env *env, const struct sql_table_desc *v, int event,
                          const struct sql_value *oldrow, struct sql_value **newrow,
                          struct mem_ctx *mem, bool *skip, struct err *e)
{
    *skip = false;
    const struct sql_trig_desc **gs = mem_alloc(mem, sizeof *gs * (size_t)(v->ntrigs + 1));
    int n = pick(env, v, event, true, SQL_TRIG_INSTEAD, NULL, gs);
    if (n == 0) { /* all disabled: nothing is done, the row does not count */
        *skip = true;
        return 0;
    }
    for (int i = 0; i < n; i++) {
        const struct sql_value *nw = newrow != NULL ? *newrow : NULL;
        struct sql_value *ret;
        int rc = call(env, v, gs[i], event, SQL_TRIG_INSTEAD, true, oldrow, nw, mem, &ret, e);
        if (rc != 0)
            return rc;
        if (ret == NULL) {
            *skip = true;
            return 0;
        }
        if (newrow != NULL)
            *newrow = ret;
    }
    return 0;
}

static struct sql_value *copy_row(struct mem_ctx *ctx, const struct sql_table_desc *t,
                                  const struct sql_value *row)
{
    if (row == NULL)
        return NULL;
    struct sql_value *c = mem_alloc(ctx, sizeof *c * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        sql_value_copy(ctx, &row[i], &c[i]);
    return c;
}

int sql__trig_after_row(struct sql_env *env, const struct sql_table_desc *t, int event,
                        const struct sql_value *oldrow, const struct sql_value *newrow,
                        const bool *upd_cols, struct err *e)
{
    if (t == NULL || t->ntrigs == 0)
        return 0;
    struct mem_ctx *mem = mem_ctx_new(NULL, "after row trigger");
    const struct sql_trig_desc **gs = mem_alloc(mem, sizeof *gs * (size_t)t->ntrigs);
    int n = pick(env, t, event, true, 0, upd_cols, gs);
    int rc = 0;
    struct sql__trig_queue *q = cur_queue;
    for (int i = 0; i < n && rc == 0; i++) {
        bool ok;
        if ((rc = when_ok(env, t, gs[i], oldrow, newrow, mem, &ok, e)) != 0 || !ok)
            continue;
        if (q == NULL) { /* no statement queue: fire now */
            rc = call(env, t, gs[i], event, 0, true, oldrow, newrow, mem, NULL, e);
            continue;
        }
        struct qev *ev = mem_alloc0(q->ctx, sizeof *ev);
        ev->t = t;
        ev->g = gs[i];
        ev->event = event;
        ev->oldrow = copy_row(q->ctx, t, oldrow);
        ev->newrow = copy_row(q->ctx, t, newrow);
        if (q->tail != NULL)
            q->tail->next = ev;
        else
            q->head = ev;
        q->tail = ev;
    }
    mem_ctx_free(mem);
    return rc;
}

int sql__trig_cascade_stmt(struct sql_env *env, const struct sql_table_desc *t, int event,
                           struct err *e)
{
    struct sql__trig_queue *q = cur_queue;
    if (t == NULL || t->ntrigs == 0 || q == NULL)
        return 0;
    for (struct cascade *c = q->cascades; c != NULL; c = c->next)
        if (c->t->oid == t->oid && c->event == event)
            return 0; /* once per statement, as PostgreSQL's before_stmt_triggers_fired */
    struct cascade *c = mem_alloc0(q->ctx, sizeof *c);
    c->t = t;
    c->event = event;
    if (q->ctail != NULL)
        q->ctail->next = c;
    else
        q->cascades = c;
    q->ctail = c;
    return sql__trig_stmt(env, t, event, SQL_TRIG_BEFORE, NULL, e);
}

/* ---- the statement's queue ---- */

struct sql__trig_queue *sql__trig_begin(struct sql_env *env)
{
    (void)env;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "trigger queue");
    struct sql__trig_queue *q = mem_alloc0(ctx, sizeof *q);
    q->ctx = ctx;
    q->prev = cur_queue;
    if (cur_queue == NULL && when_ctx == NULL)
        when_ctx = mem_ctx_new(NULL, "trigger WHEN conditions");
    cur_queue = q;
    return q;
}

static void pop(struct sql__trig_queue *q)
{
    /* queues end in reverse order of their begin; an error unwinds the
     * ones a failed inner statement left open too */
    while (cur_queue != NULL && cur_queue != q) {
        struct sql__trig_queue *in = cur_queue;
        cur_queue = in->prev;
        mem_ctx_free(in->ctx);
    }
    if (cur_queue == q)
        cur_queue = q->prev;
    mem_ctx_free(q->ctx);
    if (cur_queue == NULL) {
        mem_ctx_free(when_ctx);
        when_ctx = NULL;
        when_list = NULL;
    }
}

int sql__trig_end(struct sql_env *env, struct sql__trig_queue *q, struct err *e)
{
    if (q == NULL)
        return 0;
    int rc = 0;
    /* events queued while firing (by this statement's own writes: none
     * after its end, but the cascade of a trigger's statement has its own
     * queue) are taken in order */
    struct mem_ctx *mem = mem_ctx_new(NULL, "after trigger call");
    for (struct qev *ev = q->head; ev != NULL && rc == 0; ev = ev->next) {
        mem_ctx_reset(mem);
        rc = call(env, ev->t, ev->g, ev->event, 0, true, ev->oldrow, ev->newrow, mem, NULL, e);
    }
    mem_ctx_free(mem);
    for (struct cascade *c = q->cascades; c != NULL && rc == 0; c = c->next)
        rc = sql__trig_stmt(env, c->t, c->event, 0, NULL, e);
    pop(q);
    return rc;
}

void sql__trig_abort(struct sql_env *env, struct sql__trig_queue *q)
{
    (void)env;
    if (q != NULL)
        pop(q);
}

int sql__trig_depth(struct sql_env *env)
{
    (void)env;
    return cur_depth;
}
