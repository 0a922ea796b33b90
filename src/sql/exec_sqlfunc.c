/* exec_sqlfunc.c — calling user-defined SQL functions (sqlfn.h): overload
 * resolution against the stored functions, the bound call, and running
 * the body.
 *
 * A call binds to a BX_FUNC whose sql_func_def is embedded in a struct
 * fn_site (plan memory) that also holds the function's descriptor. At run
 * time the body is parsed and planned once per call site and cursor (the
 * plans live in the calling cursor's memory, sql_fcall.cache_ctx), as
 * PostgreSQL's fmgr_sql caches its execution state in fn_extra; each call
 * runs the statements in order with the arguments as parameters $1..$n and
 * returns the last statement's first row (all its rows for SETOF, as an
 * array that the function-scan node unnests: PN_SERIES srf 3 for a scalar
 * element type, srf 4 spreading a record's fields over the columns).
 *
 * Arguments are referenced by $n or by name: while a body is planned the
 * binder's last resort for an unknown column `x` (or `fname.x`) is the
 * input parameter of that name (PostgreSQL's sql_fn_post_column_ref).
 *
 * Nesting is bounded by the session thread's stack: a call made with less
 * than SQL_STACK_RESERVE bytes of it left (sql_stack_check) fails with PostgreSQL's 54001, so a
 * function calling itself without end cannot overflow the C stack.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/acl.h"
#include "sql/array.h"
#include "sql/range.h"
#include "sql/array_int.h"
#include "sql/deparse.h"
#include "sql/engine_int.h"
#include "sql/exec.h"
#include "sql/parse.h"
#include "sql/plpgsql_int.h"
#include "sql/regtype.h"
#include "sql/sqlfn.h"
#include "sql/value_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 2000

/* ---- parameter names while a body is planned ---- */

struct fn_scope {
    const struct sql_fn_desc *f;
    struct fn_scope *prev;
};
static _Thread_local struct fn_scope *g_scope;
static _Thread_local int g_depth;
/* CALL: the call expression a procedure may bind to, and the procedure it
 * bound (sql__fn_call_stmt) */
static _Thread_local bool g_call_ok;
static _Thread_local const struct sql_expr *g_call_expr;
static _Thread_local const struct sql_fn_desc *g_called;
/* the byte offset in the body of plan_body's last error, or -1 */
static _Thread_local int g_body_errpos = -1;

static int input_index(const struct sql_fn_desc *f, const char *name)
{
    int k = 0;
    for (int i = 0; i < f->nargs; i++) {
        char m = f->args[i].mode;
        if (!sql__fn_is_input(f, m))
            continue;
        k++;
        if (f->args[i].name[0] && strcmp(f->args[i].name, name) == 0)
            return k;
    }
    return 0;
}

void eng__sqlfn_allow_call(bool on, const struct sql_fn_desc **called)
{
    if (on) {
        g_call_ok = true;
        g_call_expr = NULL;
        g_called = NULL;
        return;
    }
    g_call_ok = false;
    *called = g_called;
    g_called = NULL;
}

bool eng__sqlfn_planning(void)
{
    return g_scope != NULL;
}

int eng__sqlfn_param_ref(struct binder *b, struct scope *s, const struct sql_expr *x,
                         struct bx **out, struct err *e)
{
    if (g_scope == NULL)
        return sql__pl_param_ref(b, s, x, out, e); /* a PL/pgSQL variable? */
    if (x->kind != SQL_EXPR_COLUMN || x->u.column.star)
        return 1;
    const struct sql_fn_desc *f = g_scope->f;
    const struct sql_list *fl = &x->u.column.fields;
    int n = 0;
    if (fl->n == 1)
        n = input_index(f, fl->items[0]);
    else if (fl->n == 2 && strcmp(fl->items[0], f->name) == 0)
        n = input_index(f, fl->items[1]);
    if (n == 0)
        return 1;
    struct sql_expr px;
    memset(&px, 0, sizeof px);
    px.kind = SQL_EXPR_PARAM;
    px.location = x->location;
    px.u.param = n;
    return eng__bind_expr(b, s, &px, out, e);
}

/* ---- stack depth ---- */

static int depth_check(struct err *e)
{
    if (g_depth >= MAX_DEPTH)
        return sql_stack_depth_error(e);
    return sql_stack_check(e);
}

/* ---- the body ---- */

struct body {
    int n;
    struct sql_plan **plans;
    const struct sql_column *cols; /* the last statement's */
    size_t ncols;
    bool last_rows; /* the last statement returns rows */
};

static const char *stmt_kind_word(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_TRANSACTION:
        return "transaction control statements";
    default:
        return "utility statements";
    }
}

static int type_name(struct sql_env *env, uint32_t t, int32_t tm, struct mem_ctx *ctx,
                     const char **out)
{
    struct err e2;
    err_clear(&e2);
    if (sql__type_name_env(env, ctx, t, tm, out, &e2) != 0) {
        struct sbuf b;
        sbuf_init(&b);
        sql_type_format(t, tm, &b);
        *out = mem_strndup(ctx, b.data ? b.data : "", b.len);
        sbuf_free(&b);
    }
    return 0;
}

static int mismatch(struct sql_env *env, const struct sql_fn_desc *f, struct mem_ctx *ctx,
                    struct err *e, const char *detail)
{
    const char *rt;
    type_name(env, sql__fn_rettype_oid(f), f->rettype == SQL_T_RECORD ? -1 : f->rettypmod, ctx,
              &rt);
    return err_set_state(e, ERR_INVAL, "42P13",
                         "return type mismatch in function declared to return %s"
                         "\nDETAIL:  %s\nCONTEXT:  SQL function \"%s\"",
                         rt, detail, f->name);
}

static bool coercible(uint32_t from, uint32_t to)
{
    if (from == to || from == SQL_T_UNKNOWN)
        return true;
    enum sql_cast_ctx c = sql_cast_context(from, to);
    return c == SQL_CAST_IMPLICIT || c == SQL_CAST_ASSIGNMENT;
}

/* check_sql_fn_retval: the last statement against the declared result. */
static int check_result(struct sql_env *env, const struct sql_fn_desc *f, const struct body *bd,
                        struct mem_ctx *ctx, struct err *e)
{
    if (f->rettype == SQL_T_VOID)
        return 0;
    if (!bd->last_rows)
        return mismatch(env, f, ctx, e,
                        "Function's final statement must be SELECT or INSERT/UPDATE/DELETE "
                        "RETURNING.");
    int n;
    const char **names;
    uint32_t *types;
    if (!sql__fn_result_cols(f, ctx, &n, &names, &types)) {
        if (f->rettype == SQL_T_RECORD)
            return 0; /* an anonymous record: any row */
        if (bd->ncols != 1)
            return mismatch(env, f, ctx, e, "Final statement must return exactly one column.");
        if (!coercible(bd->cols[0].type_oid, f->rettype)) {
            const char *at;
            type_name(env, bd->cols[0].type_oid, bd->cols[0].typmod, ctx, &at);
            return mismatch(env, f, ctx, e, mem_printf(ctx, "Actual return type is %s.", at));
        }
        return 0;
    }
    /* a row: one record column, or its columns one by one */
    /* (one column of the composite: the record is the row unless that
     * column is a record itself, as PostgreSQL's coerce-to-rettype first) */
    if (bd->ncols == 1 && bd->cols[0].type_oid == SQL_T_RECORD &&
        (n != 1 || types[0] != SQL_T_RECORD)) {
        int rn;
        const char *const *rnames;
        const uint32_t *rtypes;
        uint32_t rtyp;
        if (sql__fn_rettype_oid(f) != SQL_T_RECORD &&
            sql__record_shape(bd->cols[0].typmod, &rn, &rnames, &rtypes, &rtyp) && rtyp == 0 &&
            rn != n) { /* an anonymous ROW(...) of another width than the composite's */
            const char *rt;
            type_name(env, sql__fn_rettype_oid(f), f->rettypmod, ctx, &rt);
            return err_set_state(e, ERR_INVAL, "42846",
                                 "cannot cast type record to %s\nDETAIL:  Input has too %s "
                                 "columns.\nCONTEXT:  SQL function \"%s\"",
                                 rt, rn > n ? "many" : "few", f->name);
        }
        return 0;
    }
    if ((int)bd->ncols > n)
        return mismatch(env, f, ctx, e, "Final statement returns too many columns.");
    if ((int)bd->ncols < n)
        return mismatch(env, f, ctx, e, "Final statement returns too few columns.");
    for (int i = 0; i < n; i++) {
        if (coercible(bd->cols[i].type_oid, types[i]))
            continue;
        const char *at, *want;
        type_name(env, bd->cols[i].type_oid, bd->cols[i].typmod, ctx, &at);
        type_name(env, types[i], -1, ctx, &want);
        return mismatch(env, f, ctx, e,
                        mem_printf(ctx, "Final statement returns %s instead of %s at column %d.",
                                   at, want, i + 1));
    }
    return 0;
}

static int plan_body(struct sql_env *env, const struct sql_fn_desc *f, struct mem_ctx *ctx,
                     struct body **out, struct err *e)
{
    struct sql_parse_result pr;
    size_t len = strlen(f->body);
    int rc = sql_parse(f->body, len, NULL, ctx, &pr, e);
    if (rc != 0) {
        g_body_errpos = pr.cursor > 0 ? pr.cursor - 1 : -1;
        eng__set_error_location(-1);
        return rc;
    }
    struct body *bd = mem_alloc0(ctx, sizeof *bd);
    bd->n = pr.n;
    bd->plans = mem_alloc0(ctx, sizeof *bd->plans * (size_t)(pr.n + 1));
    struct fn_scope sc = {f, g_scope};
    g_scope = &sc;
    for (int i = 0; i < pr.n && rc == 0; i++) {
        const struct sql_stmt *st = pr.stmts[i];
        if (st->kind != SQL_STMT_SELECT && st->kind != SQL_STMT_INSERT &&
            st->kind != SQL_STMT_UPDATE && st->kind != SQL_STMT_DELETE) {
            rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                               "feature not supported: %s in SQL functions", stmt_kind_word(st));
            break;
        }
        uint32_t types[SQL_FN_MAX_ARGS + 1];
        for (int k = 0; k < f->nin; k++)
            types[k] = f->intypes[k];
        size_t np = (size_t)f->nin;
        rc = sql_plan_stmt(env, st, ctx, types, &np, (size_t)f->nin, &bd->plans[i], e);
    }
    g_scope = sc.prev;
    if (rc != 0) {
        int loc = sql_plan_error_location(env);
        g_body_errpos = loc > 0 ? loc - 1 : -1;
        eng__set_error_location(-1);
        return rc;
    }
    if (pr.n > 0) {
        struct sql_plan *last = bd->plans[pr.n - 1];
        bd->last_rows = sql_plan_returns_rows(last);
        bd->cols = sql_plan_columns(last, &bd->ncols);
    }
    if (pr.n == 0 && f->rettype != SQL_T_VOID)
        return mismatch(env, f, ctx, e,
                        "Function's final statement must be SELECT or INSERT/UPDATE/DELETE "
                        "RETURNING.");
    if ((rc = check_result(env, f, bd, ctx, e)) != 0)
        return rc;
    *out = bd;
    return 0;
}

int sql__fn_validate(struct sql_env *env, const struct sql_fn_desc *f, int body_location,
                     bool quotes_doubled, struct err *e)
{
    struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "sqlfn validate");
    struct body *bd;
    g_body_errpos = -1;
    int rc = plan_body(env, f, ctx, &bd, e);
    mem_ctx_free(ctx);
    if (rc != 0 && g_body_errpos >= 0 && body_location >= 0 &&
        (size_t)g_body_errpos <= strlen(f->body)) {
        /* the body's offset in the CREATE statement's literal */
        int extra = 0;
        for (int i = 0; quotes_doubled && i < g_body_errpos; i++)
            extra += f->body[i] == '\'';
        eng__set_error_location(body_location + g_body_errpos + extra);
    }
    return rc;
}

/* ---- calls ---- */

struct fn_site {
    struct sql_func_def def; /* first: c->match->def points here */
    const struct sql_fn_desc *f;
    bool rows;       /* the set of rows as an array (function scans), else one value */
    int ncols;       /* result row columns (0: a scalar result) */
    uint32_t *types; /* their types */
    int32_t shape;   /* the record typmod of a row result */
};

/* The bodies planned by the running statement, by function oid: every
 * call site and nesting level of one function shares its plans (plans hold
 * no execution state). Lives in env->stmt_ctx; its cleanup forgets it. */
struct body_ent {
    uint32_t oid;
    const struct sql_fn_desc *f;
    struct body *bd;
    struct body_ent *next;
};
struct body_cache {
    struct mem_ctx *ctx;
    struct body_ent *head;
};
static _Thread_local struct body_cache *g_bodies;

static void bodies_forget(void *arg)
{
    if (g_bodies == arg)
        g_bodies = NULL;
}

static int body_get(struct sql_env *env, const struct sql_fn_desc *f, struct body **out,
                    struct err *e)
{
    struct mem_ctx *ctx = env->stmt_ctx;
    if (g_bodies == NULL || g_bodies->ctx != ctx) {
        struct body_cache *bc = mem_alloc0(ctx, sizeof *bc);
        bc->ctx = ctx;
        mem_ctx_cleanup(ctx, bodies_forget, bc);
        g_bodies = bc;
    }
    for (struct body_ent *x = g_bodies->head; x != NULL; x = x->next)
        if (x->oid == f->oid && strcmp(x->f->body, f->body) == 0 && x->f->nin == f->nin &&
            memcmp(x->f->intypes, f->intypes, sizeof f->intypes[0] * (size_t)f->nin) == 0) {
            *out = x->bd;
            return 0;
        }
    struct body_cache *bc = g_bodies;
    struct body *bd;
    int rc = plan_body(env, f, ctx, &bd, e);
    if (rc != 0)
        return rc;
    struct body_ent *x = mem_alloc0(ctx, sizeof *x);
    x->oid = f->oid;
    x->f = f;
    x->bd = bd;
    x->next = bc->head;
    bc->head = x;
    *out = bd;
    return 0;
}

static int cast_to(struct sql_env *env, struct mem_ctx *ctx, const struct sql_value *v,
                   uint32_t type, struct sql_value *out, struct err *e)
{
    if (v->null) {
        *out = sql_null(type);
        return 0;
    }
    if (v->type == type || type == SQL_T_RECORD || type == SQL_T_VOID) {
        *out = *v;
        return 0;
    }
    return sql_value_cast(ctx, v, type, -1, false, &env->fmt, out, e);
}

/* One result row of the last statement as the function's value. */
static int row_value(struct sql_env *env, const struct fn_site *site, struct mem_ctx *ctx,
                     const struct sql_value *row, size_t ncols, struct sql_value *out,
                     struct err *e)
{
    const struct sql_fn_desc *f = site->f;
    if (site->ncols == 0) {
        if (f->rettype == SQL_T_VOID) {
            *out = sql_null(SQL_T_VOID);
            return 0;
        }
        if (f->rettype == SQL_T_RECORD && ncols != 1) {
            /* an anonymous record: the row as it is */
            struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, (int)ncols);
            for (size_t i = 0; i < ncols; i++)
                sql_value_copy(ctx, &row[i], &a->items[i]);
            *out = sql_null(SQL_T_RECORD);
            out->null = false;
            out->u.arr = a;
            return 0;
        }
        struct sql_value v;
        int rc = cast_to(env, ctx, &row[0], f->rettype, &v, e);
        if (rc != 0)
            return rc;
        sql_value_copy(ctx, &v, out);
        return 0;
    }
    const struct sql_value *src = row;
    size_t n = ncols;
    if (ncols == 1 && row[0].type == SQL_T_RECORD &&
        (site->ncols != 1 || site->types[0] != SQL_T_RECORD)) {
        if (row[0].null) {
            *out = sql_null(SQL_T_RECORD);
            return 0;
        }
        src = row[0].u.arr->items;
        n = (size_t)row[0].u.arr->nitems;
    }
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, site->ncols);
    sql__record_set_typmod(a, site->shape);
    for (int i = 0; i < site->ncols; i++) {
        struct sql_value v = (size_t)i < n ? src[i] : sql_null(site->types[i]);
        int rc = cast_to(env, ctx, &v, site->types[i], &v, e);
        if (rc != 0)
            return rc;
        sql_value_copy(ctx, &v, &a->items[i]);
    }
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = a;
    return 0;
}

struct rowbuf {
    struct sql_value *v;
    int n, cap;
};

static void rowbuf_push(struct mem_ctx *ctx, struct rowbuf *rb, const struct sql_value *v)
{
    if (rb->n == rb->cap) {
        int nc = rb->cap ? rb->cap * 2 : 16;
        rb->v =
            mem_realloc(ctx, rb->v, sizeof *rb->v * (size_t)rb->cap, sizeof *rb->v * (size_t)nc);
        rb->cap = nc;
    }
    rb->v[rb->n++] = *v;
}

static int run_body_own(struct sql_fcall *c, const struct fn_site *site,
                        const struct sql_value *args, int nargs, struct mem_ctx *tmp,
                        struct sql_value *out, int *stmt, struct err *e);

/* *stmt: the statement running when an error came (0: while planning). A
 * SECURITY DEFINER function runs as its owner (current_user and every
 * privilege check of its statements, acl.h). */
static int run_body(struct sql_fcall *c, const struct fn_site *site, const struct sql_value *args,
                    int nargs, struct mem_ctx *tmp, struct sql_value *out, int *stmt, struct err *e)
{
    struct sql_env *env = c->env;
    if (!site->f->secdef || site->f->owner == NULL)
        return run_body_own(c, site, args, nargs, tmp, out, stmt, e);
    bool super;
    *stmt = 0;
    int rc = sql__acl_role_super(env, site->f->owner, &super, e);
    if (rc != 0)
        return rc;
    const char *saved_user = env->user;
    bool saved_super = env->superuser;
    env->user = site->f->owner;
    env->superuser = super;
    rc = run_body_own(c, site, args, nargs, tmp, out, stmt, e);
    env->user = saved_user;
    env->superuser = saved_super;
    return rc;
}

static int run_body_own(struct sql_fcall *c, const struct fn_site *site,
                        const struct sql_value *args, int nargs, struct mem_ctx *tmp,
                        struct sql_value *out, int *stmt, struct err *e)
{
    struct sql_env *env = c->env;
    const struct sql_fn_desc *f = site->f;
    struct body *bd;
    *stmt = 0;
    int rc0 = body_get(env, f, &bd, e);
    if (rc0 != 0)
        return rc0;
    struct rowbuf rb = {0};
    bool have = false;
    struct sql_value first = sql_null(f->rettype);
    for (int i = 0; i < bd->n; i++) {
        struct sql_cursor *cur;
        *stmt = i + 1;
        int rc = sql_cursor_open(env, bd->plans[i], args, (size_t)nargs, tmp, &cur, e);
        if (rc != 0)
            return rc;
        bool last = i == bd->n - 1;
        for (;;) {
            const struct sql_value *row;
            bool has;
            rc = sql_cursor_next(cur, &row, &has, e);
            if (rc != 0 || !has)
                break;
            if (!last || f->rettype == SQL_T_VOID)
                continue;
            if (site->rows && f->retset) {
                struct sql_value v;
                if ((rc = row_value(env, site, tmp, row, bd->ncols, &v, e)) != 0)
                    break;
                rowbuf_push(tmp, &rb, &v);
            } else if (!have) {
                if ((rc = row_value(env, site, tmp, row, bd->ncols, &first, e)) != 0)
                    break;
                have = true;
                if (bd->plans[i]->kind == SQL_STMT_SELECT)
                    break; /* the rest is never read (DML runs to its end) */
            }
        }
        sql_cursor_close(cur);
        if (rc != 0)
            return rc;
    }
    if (f->rettype == SQL_T_VOID) {
        *out = sql_null(SQL_T_VOID);
        out->null = false;
        if (site->rows && !f->retset) { /* SETOF void: no rows */
            rowbuf_push(tmp, &rb, out);
            have = true;
        }
    }
    if (!site->rows) {
        if (have)
            sql_value_copy(c->ctx, &first, out);
        else
            *out = sql_null(f->rettype);
        return 0;
    }
    if (!f->retset && f->rettype != SQL_T_VOID) {
        /* one row: the value, or NULL when the query had none */
        struct sql_value v = have ? first : sql_null(site->ncols ? SQL_T_RECORD : f->rettype);
        rowbuf_push(tmp, &rb, &v);
    }
    uint32_t et = site->ncols ? SQL_T_RECORD : f->rettype;
    struct sql_array *a = sql_array_new(tmp, et, rb.n);
    for (int i = 0; i < rb.n; i++)
        a->items[i] = rb.v[i];
    struct sql_value av = sql_array_value(a);
    av.type = c->match->ret;
    sql_value_copy(c->ctx, &av, out);
    out->type = c->match->ret;
    return 0;
}

/* PostgreSQL's sql_exec_error_callback: a CONTEXT line per call, the
 * innermost first, before the object fields (SCHEMA NAME...) that may
 * follow in the message. */
static void add_context(struct err *e, const char *fname, int stmt)
{
    char line[160];
    if (stmt > 0)
        snprintf(line, sizeof line, "SQL function \"%s\" statement %d", fname, stmt);
    else
        snprintf(line, sizeof line, "SQL function \"%s\" during startup", fname);
    static const char *const fields[] = {"\nSCHEMA NAME:  ", "\nTABLE NAME:  ", "\nCOLUMN NAME:  ",
                                         "\nDATATYPE NAME:  ", "\nCONSTRAINT NAME:  "};
    size_t len = strlen(e->msg);
    size_t at = len;
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        const char *p = strstr(e->msg, fields[k]);
        if (p != NULL && (size_t)(p - e->msg) < at)
            at = (size_t)(p - e->msg);
    }
    const char *ctx = strstr(e->msg, "\nCONTEXT:  ");
    const char *head = ctx != NULL && (size_t)(ctx - e->msg) < at ? "\n" : "\nCONTEXT:  ";
    size_t add = strlen(head) + strlen(line);
    if (len + add + 1 > sizeof e->msg)
        return;
    memmove(e->msg + at + add, e->msg + at, len - at + 1);
    memcpy(e->msg + at, head, strlen(head));
    memcpy(e->msg + at + strlen(head), line, strlen(line));
}

/* A LANGUAGE plpgsql function's call (plpgsql_call.c), its result in the
 * form run_body gives. */
static int run_plpgsql(struct sql_fcall *c, const struct fn_site *site,
                       const struct sql_value *args, int nargs, struct mem_ctx *tmp,
                       struct sql_value *out, struct err *e)
{
    const struct sql_fn_desc *f = site->f;
    if (f->rettype == SQL_FN_TRIGGER)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "trigger functions can only be called as triggers\nCONTEXT:  "
                             "compilation of PL/pgSQL function \"%s\" near line 1",
                             f->name);
    struct pl_callinfo ci;
    memset(&ci, 0, sizeof ci);
    ci.rettype = f->rettype;
    ci.rettypmod = site->shape;
    ci.nresult = site->ncols;
    ci.resulttypes = site->types;
    ci.rows = site->rows && f->retset;
    int rc = sql__pl_call(c->env, f, args, nargs, &ci, tmp, e);
    if (rc != 0)
        return rc;
    if (!site->rows) {
        sql_value_copy(c->ctx, &ci.result, out);
        return 0;
    }
    struct rowbuf rb = {0};
    if (f->retset) {
        for (int i = 0; i < ci.nsetrows; i++)
            rowbuf_push(tmp, &rb, &ci.setrows[i]);
    } else {
        rowbuf_push(tmp, &rb, &ci.result);
    }
    uint32_t et = site->ncols ? SQL_T_RECORD : f->rettype;
    struct sql_array *a = sql_array_new(tmp, et, rb.n);
    for (int i = 0; i < rb.n; i++)
        a->items[i] = rb.v[i];
    struct sql_value av = sql_array_value(a);
    av.type = c->match->ret;
    sql_value_copy(c->ctx, &av, out);
    out->type = c->match->ret;
    return 0;
}

static int fn_sqlfunc(struct sql_fcall *c, const struct sql_value *args, int nargs,
                      struct sql_value *out, struct err *e)
{
    const struct fn_site *site = (const struct fn_site *)c->match->def;
    int rc = depth_check(e);
    if (rc != 0)
        return rc;
    if ((rc = sql_env_check_interrupts(c->env, e)) != 0)
        return rc;
    struct mem_ctx *tmp = mem_ctx_new(c->ctx, "sqlfn call");
    g_depth++;
    int stmt;
    if (site->f->plpgsql) {
        rc = run_plpgsql(c, site, args, nargs, tmp, out, e);
        g_depth--;
        mem_ctx_free(tmp);
        return rc;
    }
    rc = run_body(c, site, args, nargs, tmp, out, &stmt, e);
    g_depth--;
    mem_ctx_free(tmp);
    if (rc != 0)
        add_context(e, site->f->name, stmt);
    return rc;
}

/* ---- binding ---- */

/* The input argument of f named name (0-based), -1 when none. */
static int input_pos(const struct sql_fn_desc *f, const char *name)
{
    int k = input_index(f, name);
    return k - 1;
}

static bool compat_family(uint32_t t)
{
    return t == SQL_FN_ANYCOMPATIBLE || t == SQL_FN_ANYCOMPATIBLEARRAY ||
           t == SQL_FN_ANYCOMPATIBLENONARRAY || t == SQL_FN_ANYCOMPATIBLERANGE;
}

/* The element types the call gives f's polymorphic arguments: *elem for
 * anyelement / anyarray / anynonarray (all the same type), *celem for the
 * anycompatible family (their common type; text when all are unknown).
 * False when they do not agree or cannot be determined. */
static bool poly_elems(const struct sql_fn_desc *f, const uint32_t *types, const int *map, int n,
                       uint32_t *elem, uint32_t *celem)
{
    *elem = 0;
    *celem = 0;
    bool has = false, chas = false;
    uint32_t rsub = 0; /* subtype of an anycompatiblerange argument */
    uint32_t cands[SQL_FN_MAX_ARGS];
    int ncand = 0;
    for (int i = 0; i < n; i++) {
        uint32_t want = f->intypes[map[i]];
        if (!sql__fn_is_poly(want))
            continue;
        bool compat = compat_family(want);
        has = has || !compat;
        chas = chas || compat;
        if (types[i] == SQL_T_UNKNOWN)
            continue;
        bool arr = want == SQL_FN_ANYARRAY || want == SQL_FN_ANYCOMPATIBLEARRAY;
        bool rngw = want == SQL_FN_ANYRANGE || want == SQL_FN_ANYCOMPATIBLERANGE;
        uint32_t et = rngw  ? sql_range_subtype(types[i])
                      : arr ? sql_array_elemtype(types[i])
                            : types[i];
        if (et == 0 || (!arr && sql_array_elemtype(types[i]) != 0 &&
                        (want == SQL_FN_ANYNONARRAY || want == SQL_FN_ANYCOMPATIBLENONARRAY)))
            return false;
        if (compat) {
            if (want == SQL_FN_ANYCOMPATIBLERANGE) {
                if (rsub != 0 && rsub != et)
                    return false;
                rsub = et; /* the range fixes the common type */
            }
            cands[ncand++] = et;
            continue;
        }
        if (*elem != 0 && *elem != et)
            return false;
        *elem = et;
    }
    bool rng = false, crng = false;
    for (int p = 0; p < f->nin; p++) {
        has = has || (sql__fn_is_poly(f->intypes[p]) && !compat_family(f->intypes[p]));
        chas = chas || compat_family(f->intypes[p]);
        rng = rng || f->intypes[p] == SQL_FN_ANYRANGE;
        crng = crng || f->intypes[p] == SQL_FN_ANYCOMPATIBLERANGE;
    }
    if (has && *elem == 0)
        return false;
    if (rng && sql_range_of(*elem) == 0)
        return false; /* no range type over the element type */
    if (chas) {
        if (ncand == 0) {
            *celem = SQL_T_TEXT;
            return true;
        }
        /* the candidate every other converts to implicitly */
        for (int k = 0; k < ncand && *celem == 0; k++) {
            bool ok = true;
            for (int j = 0; j < ncand && ok; j++)
                ok = cands[j] == cands[k] ||
                     sql_cast_context(cands[j], cands[k]) == SQL_CAST_IMPLICIT;
            if (ok)
                *celem = cands[k];
        }
        if (*celem == 0)
            return false;
        if (crng && rsub != 0) {
            /* anycompatiblerange: every other argument must convert to its subtype */
            for (int j = 0; j < ncand; j++)
                if (cands[j] != rsub && sql_cast_context(cands[j], rsub) != SQL_CAST_IMPLICIT)
                    return false;
            *celem = rsub;
        }
        if (crng && sql_range_of(*celem) == 0)
            return false;
    }
    return true;
}

/* Can f take the call's arguments (types, names: NULL or per argument a
 * name or NULL)? map[i]: the input position of argument i. *score: exact
 * type matches, plus unknown literals going to a preferred string type
 * (func_select_candidate's order, simplified). */
static bool match_cand(const struct sql_fn_desc *f, const uint32_t *types, const char *const *names,
                       int n, int *map, int *score)
{
    *score = 0;
    if (n > f->nin)
        return false;
    bool filled[SQL_FN_MAX_ARGS] = {false};
    for (int i = 0; i < n; i++) {
        int p = names != NULL && names[i] != NULL ? input_pos(f, names[i]) : i;
        if (p < 0 || filled[p])
            return false;
        filled[p] = true;
        map[i] = p;
    }
    for (int p = 0; p < f->nin; p++)
        if (!filled[p] && p < f->nin - f->ndefaults)
            return false;
    uint32_t elem, celem;
    if (!poly_elems(f, types, map, n, &elem, &celem))
        return false;
    for (int i = 0; i < n; i++) {
        uint32_t want = f->intypes[map[i]];
        if (sql__fn_is_poly(want))
            continue;
        if (types[i] == want) {
            (*score)++;
            continue;
        }
        if (types[i] == SQL_T_UNKNOWN) {
            const struct sql_type_info *ti = sql_type_get(want);
            if (ti != NULL && ti->category == SQL_TC_STRING && ti->preferred)
                (*score)++;
            continue;
        }
        if (sql_cast_context(types[i], want) != SQL_CAST_IMPLICIT)
            return false;
    }
    return true;
}

/* f with its polymorphic types replaced by the call's (types/map as
 * match_cand's), in ctx; f itself when it has none. */
static const struct sql_fn_desc *concrete(struct mem_ctx *ctx, const struct sql_fn_desc *f,
                                          const uint32_t *types, const int *map, int n)
{
    uint32_t elem, celem;
    if (!poly_elems(f, types, map, n, &elem, &celem) || (elem == 0 && celem == 0))
        return f;
    struct sql_fn_desc *c = mem_alloc(ctx, sizeof *c);
    *c = *f;
    c->generic = f->generic != NULL ? f->generic : f;
    struct sql_fn_arg *args = mem_alloc0(ctx, sizeof *args * (size_t)(f->nargs + 1));
    uint32_t arrt = sql_array_of(elem), carrt = sql_array_of(celem);
    uint32_t rngt = sql_range_of(elem), crngt = sql_range_of(celem);
#define MAPT(t)                                 \
    ((t) == SQL_FN_ANYRANGE             ? rngt  \
     : (t) == SQL_FN_ANYCOMPATIBLERANGE ? crngt \
     : (t) == SQL_FN_ANYARRAY           ? arrt  \
     : (t) == SQL_FN_ANYCOMPATIBLEARRAY ? carrt \
     : compat_family(t)                 ? celem \
     : sql__fn_is_poly(t)               ? elem  \
                                        : (t))
    for (int i = 0; i < f->nargs; i++) {
        args[i] = f->args[i];
        args[i].type = MAPT(f->args[i].type);
    }
    c->args = args;
    for (int i = 0; i < f->nin; i++)
        c->intypes[i] = MAPT(f->intypes[i]);
    c->rettype = MAPT(f->rettype);
#undef MAPT
    if (sql__fn_is_poly(f->rettype) || f->rettype == SQL_T_RECORD) {
        int nc;
        const char **names;
        uint32_t *rtypes;
        if (f->rettype == SQL_T_RECORD && sql__fn_result_cols(c, ctx, &nc, &names, &rtypes) &&
            f->rettypmod >= 0)
            c->rettypmod = eng__record_typmod(nc, names, rtypes, 0);
        else if (f->rettype != SQL_T_RECORD)
            c->rettypmod = -1;
    }
    return c;
}

static void call_text(const char *name, const uint32_t *types, const char *const *names, int n,
                      struct sbuf *b)
{
    sbuf_printf(b, "%s(", name);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sbuf_puts(b, ", ");
        if (names != NULL && names[i] != NULL)
            sbuf_printf(b, "%s => ", names[i]);
        sql_type_format(types[i], -1, b);
    }
    sbuf_putc(b, ')');
}

/* Choose among the candidates: the one with the best score; a tie is
 * 42725. *out NULL when none fits; map as match_cand's. */
static int choose(const struct sql_fn_desc *const *c, int nc, const char *name,
                  const uint32_t *types, const char *const *names, int n, int location,
                  const struct sql_fn_desc **out, int *map, struct err *e)
{
    *out = NULL;
    const struct sql_fn_desc *best = NULL;
    int best_score = -1, ties = 0;
    int m[SQL_FN_MAX_ARGS];
    for (int i = 0; i < nc; i++) {
        int sc;
        if (!match_cand(c[i], types, names, n, m, &sc))
            continue;
        /* an exact match of every argument, without defaults, wins outright */
        if (sc == n && c[i]->nin == n)
            sc += 1000;
        if (sc > best_score) {
            best = c[i];
            best_score = sc;
            ties = 0;
            memcpy(map, m, sizeof m[0] * (size_t)n);
        } else if (sc == best_score) {
            ties++;
        }
    }
    if (best != NULL && ties > 0) {
        struct sbuf b;
        sbuf_init(&b);
        call_text(name, types, names, n, &b);
        int rc = eng__err(e, location, ERR_INVAL, "42725",
                          "function %s is not unique" SQL_FUNC_HINT_SEP
                          "Could not choose a best candidate function. You might need to add "
                          "explicit type casts.",
                          b.data);
        sbuf_free(&b);
        return rc;
    }
    *out = best;
    return 0;
}

static int bind_default(struct binder *b, struct scope *s, const char *text, struct bx **out,
                        struct err *e)
{
    char *q = mem_printf(b->ctx, "SELECT %s", text);
    struct sql_parse_result pr;
    int rc = sql_parse(q, strlen(q), NULL, b->ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set_state(e, ERR_CORRUPT, "XX001", "bad function default \"%s\"", text);
    const struct sql_target *t = pr.stmts[0]->u.select->targets.items[0];
    return eng__bind_expr(b, s, t->val, out, e);
}

static struct fn_site *make_site(struct binder *b, const struct sql_fn_desc *f, bool rows)
{
    struct fn_site *site = mem_alloc0(b->ctx, sizeof *site);
    site->f = f;
    site->rows = rows;
    int n;
    const char **names;
    uint32_t *types;
    if (sql__fn_result_cols(f, b->ctx, &n, &names, &types)) {
        site->ncols = n;
        site->types = types;
        site->shape = f->rettype == SQL_T_RECORD && f->rettypmod >= 0
                          ? f->rettypmod
                          : eng__record_typmod(n, names, types, 0);
    }
    struct sql_func_def *d = &site->def;
    d->name = f->name;
    d->oid = f->oid;
    d->nargs = f->nin;
    for (int i = 0; i < f->nin && i < SQL_FUNC_MAX_ARGS; i++)
        d->args[i] = f->intypes[i];
    d->ret = f->rettype;
    d->fn = fn_sqlfunc;
    d->strict = f->strict;
    d->volatility = f->volatility;
    return site;
}

/* Resolve name(args) among the user functions. 1 when none fits. */
static int resolve(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **args,
                   int n, const struct sql_fn_desc **out, struct bx ***full, int *nfull,
                   struct err *e)
{
    *out = NULL;
    if (b->env == NULL || b->env->txn == NULL)
        return 1;
    const struct sql_fn_desc **c;
    int nc;
    int rc =
        sql__fn_candidates(b->env, x->u.func.name.schema, x->u.func.name.name, b->ctx, &c, &nc, e);
    if (rc != 0)
        return rc;
    if (nc == 0 || n > SQL_FN_MAX_ARGS)
        return 1;
    uint32_t types[SQL_FN_MAX_ARGS];
    for (int i = 0; i < n; i++)
        types[i] = args[i]->type;
    const char *const *names =
        x->u.func.argnames.n == n ? (const char *const *)x->u.func.argnames.items : NULL;
    const struct sql_fn_desc *f;
    int map[SQL_FN_MAX_ARGS];
    if ((rc = choose(c, nc, x->u.func.name.name, types, names, n, x->location, &f, map, e)) != 0)
        return rc;
    if (f == NULL)
        return 1;
    f = concrete(b->ctx, f, types, map, n);
    struct bx **all = mem_alloc0(b->ctx, sizeof *all * (size_t)(f->nin + 1));
    for (int i = 0; i < n; i++)
        all[map[i]] = args[i];
    /* the DEFAULTs of the arguments not given */
    for (int i = 0; i < f->nin; i++) {
        if (all[i] != NULL)
            continue;
        int k = 0;
        const char *def = NULL;
        for (int j = 0; j < f->nargs; j++) {
            char m = f->args[j].mode;
            if (!sql__fn_is_input(f, m))
                continue;
            if (k == i)
                def = f->args[j].def;
            k++;
        }
        if (def == NULL)
            return 1;
        if ((rc = bind_default(b, s, def, &all[i], e)) != 0)
            return rc;
    }
    eng__perm_obj(b, 'f', f->oid, f->owner, "function", f->name, SQL_ACL_EXECUTE); /* bind_acl.c */
    *out = f;
    *full = all;
    *nfull = f->nin;
    return 0;
}

/* 42883 for a call no user function takes (named notation, or a
 * function scan of a user function's name). */
static int no_named(const struct sql_expr *x, struct bx **args, int n, struct err *e)
{
    uint32_t types[SQL_FN_MAX_ARGS];
    for (int i = 0; i < n && i < SQL_FN_MAX_ARGS; i++)
        types[i] = args[i]->type;
    struct sbuf b;
    sbuf_init(&b);
    call_text(x->u.func.name.name, types,
              x->u.func.argnames.n > 0 ? (const char *const *)x->u.func.argnames.items : NULL,
              n < SQL_FN_MAX_ARGS ? n : SQL_FN_MAX_ARGS, &b);
    int rc = eng__err(e, x->location, ERR_NOTFOUND, "42883",
                      "function %s does not exist" SQL_FUNC_HINT_SEP
                      "No function matches the given name and argument types. You might need "
                      "to add explicit type casts.",
                      b.data);
    sbuf_free(&b);
    return rc;
}

static int finish(struct binder *b, const struct sql_expr *x, const struct sql_fn_desc *f,
                  struct bx **args, int n, bool rows, struct bx **out, struct err *e)
{
    struct fn_site *site = make_site(b, f, rows);
    struct sql_func_match m;
    memset(&m, 0, sizeof m);
    m.def = &site->def;
    m.nargs = n;
    for (int i = 0; i < n && i < (int)(sizeof m.argtypes / sizeof m.argtypes[0]); i++)
        m.argtypes[i] = f->intypes[i];
    m.ret = f->rettype;
    m.ret_typmod = f->rettype == SQL_T_RECORD ? site->shape : f->rettypmod;
    if (f->rettype == SQL_T_RECORD && site->ncols == 0)
        m.ret_typmod = -1;
    if (rows) {
        uint32_t et = site->ncols ? SQL_T_RECORD : f->rettype;
        uint32_t at = sql_array_of(et);
        m.ret = at != 0 ? at : sql_array_of(SQL_T_TEXT);
        m.ret_typmod = -1;
    }
    if (n > (int)(sizeof m.argtypes / sizeof m.argtypes[0]))
        return eng__err(e, x->location, ERR_INVAL, "54023",
                        "cannot pass more than 100 arguments to a function");
    return eng__finish_call(b, &m, args, n, f->name, false, x->location, out, e);
}

int eng__sqlfn_bind_call(struct binder *b, struct scope *s, const struct sql_expr *x,
                         struct bx **args, int n, struct bx **out, struct err *e)
{
    const struct sql_fn_desc *f;
    struct bx **all;
    int nall;
    int rc = resolve(b, s, x, args, n, &f, &all, &nall, e);
    if (rc == 1 && x->u.func.argnames.n > 0)
        return no_named(x, args, n, e);
    if (rc != 0)
        return rc;
    if (f->is_proc != (g_call_ok && (g_call_expr == x || g_call_expr == NULL))) {
        struct sbuf sig;
        sbuf_init(&sig);
        uint32_t ty[SQL_FN_MAX_ARGS];
        for (int i = 0; i < n && i < SQL_FN_MAX_ARGS; i++)
            ty[i] = args[i]->type;
        call_text(x->u.func.name.name, ty,
                  x->u.func.argnames.n == n ? (const char *const *)x->u.func.argnames.items : NULL,
                  n < SQL_FN_MAX_ARGS ? n : SQL_FN_MAX_ARGS, &sig);
        rc = eng__err(e, x->location, ERR_INVAL, "42809",
                      f->is_proc ? "%s is a procedure" SQL_FUNC_HINT_SEP "To call a procedure, use "
                                   "CALL."
                                 : "%s is not a procedure" SQL_FUNC_HINT_SEP
                                   "To call a function, use SELECT.",
                      sig.data);
        sbuf_free(&sig);
        return rc;
    }
    if (f->is_proc) {
        g_called = f;
        /* an OUT argument's expression is not evaluated (PostgreSQL passes NULL) */
        for (int i = 0, k = 0; i < f->nargs && k < nall; i++) {
            if (!sql__fn_is_input(f, f->args[i].mode))
                continue;
            if (f->args[i].mode == 'o') {
                struct sql_value nv = sql_null(f->args[i].type);
                all[k] = eng__const(b->ctx, &nv, -1);
            }
            k++;
        }
    }
    if (f->retset)
        return eng__err(e, x->location, ERR_UNSUPPORTED, "0A000",
                        "set-valued function called in context that cannot accept a set");
    return finish(b, x, f, all, nall, false, out, e);
}

int sql__fn_call_stmt(struct sql_env *env, const struct sql_stmt *st, struct sql_column **cols,
                      size_t *ncols, struct sql_value **row, struct err *e)
{
    *ncols = 0;
    *cols = NULL;
    *row = NULL;
    const struct sql_expr *call = st->u.fn_ddl->call;
    struct mem_ctx *ctx = env->stmt_ctx;
    /* SELECT proc(args): the call bound as a function's, the procedure's
     * output arguments its value */
    struct sql_select *sel = mem_alloc0(ctx, sizeof *sel);
    struct sql_target *t = mem_alloc0(ctx, sizeof *t);
    t->val = (struct sql_expr *)call;
    void **items = mem_alloc(ctx, sizeof *items);
    items[0] = t;
    sel->targets.items = items;
    sel->targets.n = 1;
    struct sql_stmt q;
    memset(&q, 0, sizeof q);
    q.kind = SQL_STMT_SELECT;
    q.location = -1;
    q.u.select = sel;
    uint32_t types[1] = {0};
    size_t np = 0;
    struct sql_plan *p;
    bool save_ok = g_call_ok;
    const struct sql_expr *save_x = g_call_expr;
    g_call_ok = true;
    g_call_expr = call;
    g_called = NULL;
    int rc = sql_plan_stmt(env, &q, ctx, types, &np, 0, &p, e);
    g_call_ok = save_ok;
    g_call_expr = save_x;
    const struct sql_fn_desc *f = g_called;
    g_called = NULL;
    if (rc != 0 && strcmp(err_sqlstate(e), "42883") == 0 && strncmp(e->msg, "function ", 9) == 0) {
        /* no such procedure: PostgreSQL's words for CALL */
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "procedure %s", e->msg + 9);
        char *h = strstr(msg, "No function matches");
        if (h != NULL) {
            *h = 0;
            snprintf(e->msg, sizeof e->msg, "%sNo procedure matches%s", msg, h + 19);
        } else {
            snprintf(e->msg, sizeof e->msg, "%s", msg);
        }
    }
    if (rc != 0)
        return rc;
    if (f == NULL) {
        struct sbuf b;
        sbuf_init(&b);
        sql_deparse_expr(call, &b);
        rc = eng__err(e, call->location, ERR_INVAL, "42809",
                      "%s is not a procedure" SQL_FUNC_HINT_SEP "To call a function, use SELECT.",
                      b.data ? b.data : "");
        sbuf_free(&b);
        return rc;
    }
    struct sql_cursor *cur;
    if ((rc = sql_cursor_open(env, p, NULL, 0, ctx, &cur, e)) != 0)
        return rc;
    const struct sql_value *r;
    bool has;
    rc = sql_cursor_next(cur, &r, &has, e);
    struct sql_value v = rc == 0 && has ? r[0] : sql_null(SQL_T_VOID);
    struct sql_value keep;
    sql_value_copy(ctx, &v, &keep);
    sql_cursor_close(cur);
    if (rc != 0)
        return rc;
    int nout = 0;
    for (int i = 0; i < f->nargs; i++)
        nout += f->args[i].mode == 'o' || f->args[i].mode == 'b';
    if (nout == 0)
        return 0;
    struct sql_column *c = mem_alloc0(ctx, sizeof *c * (size_t)nout);
    struct sql_value *out = mem_alloc0(ctx, sizeof *out * (size_t)nout);
    int k = 0;
    for (int i = 0; i < f->nargs; i++) {
        if (f->args[i].mode != 'o' && f->args[i].mode != 'b')
            continue;
        c[k].name = f->args[i].name[0] ? f->args[i].name : mem_printf(ctx, "column%d", k + 1);
        c[k].type_oid = f->args[i].type;
        c[k].typmod = -1;
        const struct sql_type_info *ti = sql_type_get(f->args[i].type);
        c[k].typlen = ti != NULL ? ti->typlen : -1;
        if (keep.type == SQL_T_RECORD && !keep.null && k < keep.u.arr->nitems)
            out[k] = keep.u.arr->items[k];
        else if (nout == 1 && keep.type != SQL_T_RECORD && keep.type != SQL_T_VOID)
            out[k] = keep;
        else
            out[k] = sql_null(f->args[i].type);
        k++;
    }
    *cols = c;
    *ncols = (size_t)nout;
    *row = out;
    return 0;
}

int eng__sqlfn_bind_qualified(struct binder *b, struct scope *s, const struct sql_expr *x,
                              struct bx **out, struct err *e)
{
    const struct sql_list *l = &x->u.func.args;
    if (l->n > SQL_FN_MAX_ARGS)
        return 1;
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * (size_t)(l->n + 1));
    for (int i = 0; i < l->n; i++) {
        int rc = eng__bind_expr(b, s, l->items[i], &args[i], e);
        if (rc != 0)
            return rc;
    }
    return eng__sqlfn_bind_call(b, s, x, args, l->n, out, e);
}

bool eng__sqlfn_exists(struct binder *b, const struct sql_expr *x)
{
    if (x->kind != SQL_EXPR_FUNC || x->u.func.star || x->u.func.over != NULL ||
        x->u.func.distinct || x->u.func.order.n > 0 || x->u.func.filter != NULL)
        return false;
    const struct sql_fn_desc **c;
    int nc;
    struct err e2;
    err_clear(&e2);
    if (b->env == NULL || b->env->txn == NULL)
        return false;
    if (sql__fn_candidates(b->env, x->u.func.name.schema, x->u.func.name.name, b->ctx, &c, &nc,
                           &e2) != 0)
        return false;
    return nc > 0;
}

bool eng__sqlfn_is_setof(struct binder *b, const struct sql_expr *x)
{
    if (x->kind != SQL_EXPR_FUNC || x->u.func.star || x->u.func.over != NULL ||
        x->u.func.distinct || x->u.func.order.n > 0 || x->u.func.filter != NULL)
        return false;
    const struct sql_fn_desc **c;
    int nc;
    struct err e2;
    err_clear(&e2);
    if (b->env == NULL || b->env->txn == NULL)
        return false;
    if (sql__fn_candidates(b->env, x->u.func.name.schema, x->u.func.name.name, b->ctx, &c, &nc,
                           &e2) != 0)
        return false;
    int n = x->u.func.args.n;
    for (int i = 0; i < nc; i++)
        if (c[i]->retset && n <= c[i]->nin && n >= c[i]->nin - c[i]->ndefaults)
            return true;
    return false;
}

int eng__sqlfn_bind_srf(struct binder *b, struct scope *s, const struct sql_expr *call,
                        bool ordinality, struct pnode *p, uint32_t **coltypes,
                        const char ***colnames, int *ncols, struct err *e)
{
    const struct sql_list *l = &call->u.func.args;
    if (l->n > SQL_FN_MAX_ARGS)
        return 1;
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * (size_t)(l->n + 1));
    for (int i = 0; i < l->n; i++) {
        int rc = eng__bind_expr(b, s, l->items[i], &args[i], e);
        if (rc != 0)
            return rc;
    }
    const struct sql_fn_desc *f;
    struct bx **all;
    int nall;
    int rc = resolve(b, s, call, args, l->n, &f, &all, &nall, e);
    if (rc == 1) /* the name is a user function's (eng__sqlfn_exists) */
        return no_named(call, args, l->n, e);
    if (rc != 0)
        return rc;
    struct bx *x;
    if ((rc = finish(b, call, f, all, nall, true, &x, e)) != 0)
        return rc;
    /* x may be folded: a constant array of the rows, or NULL (a strict
     * function with a NULL argument: no rows) */
    int n;
    const char **names;
    uint32_t *types;
    int nc;
    uint32_t *ct;
    const char **cn;
    if (sql__fn_result_cols(f, b->ctx, &n, &names, &types)) {
        nc = n;
        ct = mem_alloc0(b->ctx, sizeof *ct * (size_t)(n + 2));
        cn = mem_alloc0(b->ctx, sizeof *cn * (size_t)(n + 2));
        for (int i = 0; i < n; i++) {
            ct[i] = types[i];
            cn[i] = names[i];
        }
        p->u.series.srf = 6; /* a row per element, spread over its fields (bind_array.c) */
    } else {
        nc = 1;
        ct = mem_alloc0(b->ctx, sizeof *ct * 3);
        cn = mem_alloc0(b->ctx, sizeof *cn * 3);
        ct[0] = f->rettype;
        cn[0] = NULL;
        /* a single OUT parameter names the column */
        for (int i = 0; i < f->nargs; i++)
            if ((f->args[i].mode == 'o' || f->args[i].mode == 'b' || f->args[i].mode == 't') &&
                f->args[i].name[0])
                cn[0] = f->args[i].name;
        p->u.series.srf = 3;
    }
    if (ordinality) {
        ct[nc] = SQL_T_INT8;
        cn[nc] = "ordinality";
        nc++;
    }
    struct bx **sargs = mem_alloc(b->ctx, sizeof *sargs);
    sargs[0] = x;
    p->u.series.fname = f->name;
    p->u.series.sargs = sargs;
    p->u.series.nsargs = 1;
    p->u.series.ordinality = ordinality;
    p->u.series.ncols = nc;
    p->u.series.type = ct[0];
    *coltypes = ct;
    *colnames = cn;
    *ncols = nc;
    return 0;
}

int eng__sqlfn_regproc_in(struct binder *b, const char *s, size_t len, struct sql_value *out,
                          struct err *e)
{
    char name[2 * SQL_NAME_BUF + 2];
    if (len == 0 || len >= sizeof name)
        return 1;
    memcpy(name, s, len);
    name[len] = 0;
    if (name[0] >= '0' && name[0] <= '9')
        return 1;
    /* [schema.]name, folded to lower case unless quoted */
    char *schema = NULL, *fn = name;
    char *dot = strchr(name, '.');
    if (dot != NULL && strchr(name, '"') == NULL) {
        *dot = 0;
        schema = name;
        fn = dot + 1;
    }
    if (strchr(fn, '"') != NULL) {
        size_t l = strlen(fn);
        if (l >= 2 && fn[0] == '"' && fn[l - 1] == '"') {
            fn[l - 1] = 0;
            fn++;
        }
    } else {
        for (char *p = name; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    const struct sql_fn_desc **c;
    int nc;
    int rc = sql__fn_candidates(b->env, schema, fn, b->ctx, &c, &nc, e);
    if (rc != 0)
        return rc;
    if (nc == 0 && (schema == NULL || strcmp(schema, "pg_catalog") == 0)) {
        /* a built-in function: its one pg_proc oid */
        const struct {
            const struct sql_func_def *d;
            size_t n;
        } regs[] = {{sql_core_funcs, sql_core_nfuncs},
                    {sql_pgcat_funcs, sql_pgcat_nfuncs},
                    {sql_json_funcs, sql_json_nfuncs}};
        uint32_t oid = 0;
        bool many = false;
        for (size_t r = 0; r < sizeof regs / sizeof regs[0]; r++)
            for (size_t i = 0; i < regs[r].n; i++) {
                const struct sql_func_def *d = &regs[r].d[i];
                if (d->oid == 0 || strcmp(d->name, fn) != 0 || d->oid == oid)
                    continue;
                many = many || oid != 0;
                oid = d->oid;
            }
        if (many)
            return err_set_state(e, ERR_INVAL, "42725", "more than one function named \"%.*s\"",
                                 (int)len, s);
        if (oid == 0)
            return err_set_state(e, ERR_NOTFOUND, "42883", "function \"%.*s\" does not exist",
                                 (int)len, s);
        *out = sql_int8(oid);
        out->type = SQL_T_REGPROC;
        return 0;
    }
    if (nc == 0)
        return err_set_state(e, ERR_NOTFOUND, "42883", "function \"%.*s\" does not exist", (int)len,
                             s);
    if (nc > 1)
        return err_set_state(e, ERR_INVAL, "42725", "more than one function named \"%.*s\"",
                             (int)len, s);
    *out = sql_int8(c[0]->oid);
    out->type = SQL_T_REGPROC;
    return 0;
}
