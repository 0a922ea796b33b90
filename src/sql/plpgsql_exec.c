/* plpgsql_exec.c — running a compiled PL/pgSQL function (plpgsql_int.h):
 * variables, expressions as planned queries with the variables as
 * parameters, the statements, exception blocks over kv savepoints, and
 * the trigger entry point (plpgsql.h).
 *
 * Memory: everything a call makes lives in its call context (the
 * caller's, freed when the call returns). Values a loop assigns again and
 * again are made in a per-statement scratch context and copied into the
 * variable's own context, which is reset on each assignment, so a long
 * loop does not grow the call's memory.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/array.h"
#include "sql/array_int.h"
#include "sql/engine_int.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/fk.h"
#include "sql/numeric.h"
#include "sql/parse.h"
#include "sql/plpgsql_int.h"
#include "sql/sqlfn.h"
#include "sql/value_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REFS 64

/* A variable's value: a scalar, or a record's fields. */
struct pl_val {
    struct mem_ctx *ctx; /* the value's memory (reset on assignment) */
    struct sql_value v;  /* scalar */
    bool rec_set;        /* record: assigned (else "not assigned yet") */
    int n;
    const char **names;
    uint32_t *types;
    struct sql_value *vals;
};

enum { FLOW_OK, FLOW_EXIT, FLOW_CONTINUE, FLOW_RETURN };

struct pl_run {
    struct sql_env *env;
    struct pl_func *fn;
    struct mem_ctx *ctx;
    struct pl_callinfo *ci;
    struct pl_val *vals;
    int flow;
    const char *flow_label;
    uint64_t rowcount;
    bool ctx_added;
    /* the error an exception handler is running for (RAISE; GET STACKED) */
    const struct err *handling;
    struct mem_ctx *scratch; /* scratch() */
};

/* The expression being planned (sql__pl_param_ref reads it). */
struct pl_planning {
    struct pl_run *r;
    struct pl_expr *x;
    int ndatums;
    struct pl_planning *prev;
};
static _Thread_local struct pl_planning *g_plan;

static int run_stmts(struct pl_run *r, const struct pl_stmts *ss, struct err *e);

/* ---- errors ---- */

void sql__pl_add_context(struct err *e, const char *line)
{
    static const char *const fields[] = {
        "\nSCHEMA NAME:  ",   "\nTABLE NAME:  ",      "\nCOLUMN NAME:  ",
        "\nDATATYPE NAME:  ", "\nCONSTRAINT NAME:  ", "\nQUERY:  "};
    size_t len = strlen(e->msg);
    size_t at = len;
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        const char *p = strstr(e->msg, fields[k]);
        if (p != NULL && (size_t)(p - e->msg) < at)
            at = (size_t)(p - e->msg);
    }
    const char *c = strstr(e->msg, "\nCONTEXT:  ");
    const char *head = c != NULL && (size_t)(c - e->msg) < at ? "\n" : "\nCONTEXT:  ";
    size_t add = strlen(head) + strlen(line);
    if (len + add + 1 > sizeof e->msg)
        return;
    memmove(e->msg + at + add, e->msg + at, len - at + 1);
    memcpy(e->msg + at, head, strlen(head));
    memcpy(e->msg + at + strlen(head), line, strlen(line));
}

static const char *stmt_name(const struct pl_stmt *s)
{
    switch (s->kind) {
    case PLS_BLOCK:
        return "statement block";
    case PLS_ASSIGN:
        return "assignment";
    case PLS_IF:
        return "IF";
    case PLS_CASE:
        return "CASE";
    case PLS_LOOP:
        return "LOOP";
    case PLS_WHILE:
        return "WHILE";
    case PLS_FORI:
        return "FOR with integer loop variable";
    case PLS_FORS:
        return "FOR over SELECT rows";
    case PLS_DYNFORS:
        return "FOR over EXECUTE statement";
    case PLS_FOREACH:
        return "FOREACH over array";
    case PLS_EXIT:
        return s->is_exit ? "EXIT" : "CONTINUE";
    case PLS_RETURN:
        return "RETURN";
    case PLS_RETURN_NEXT:
        return "RETURN NEXT";
    case PLS_RETURN_QUERY:
        return "RETURN QUERY";
    case PLS_RAISE:
        return "RAISE";
    case PLS_ASSERT:
        return "ASSERT";
    case PLS_EXECSQL:
        return "SQL statement";
    case PLS_DYNEXECUTE:
        return "EXECUTE";
    case PLS_GETDIAG:
        return s->stacked ? "GET STACKED DIAGNOSTICS" : "GET DIAGNOSTICS";
    case PLS_PERFORM:
        return "PERFORM";
    case PLS_CALL:
        return "CALL";
    case PLS_COMMIT:
        return "COMMIT";
    case PLS_ROLLBACK:
        return "ROLLBACK";
    default:
        return s->what;
    }
}

static void stmt_context(struct pl_run *r, const struct pl_stmt *s, struct err *e)
{
    if (r->ctx_added)
        return;
    r->ctx_added = true;
    char line[300];
    snprintf(line, sizeof line, "PL/pgSQL function %s line %d at %s", r->fn->name, s->lineno,
             stmt_name(s));
    sql__pl_add_context(e, line);
}

/* ---- values ---- */

static struct pl_val *val_of(struct pl_run *r, int dno)
{
    return &r->vals[dno];
}

static void val_reset(struct pl_run *r, struct pl_val *pv)
{
    if (pv->ctx == NULL)
        pv->ctx = mem_ctx_new(r->ctx, "plpgsql var");
    else
        mem_ctx_reset(pv->ctx);
}

static int cast_val(struct pl_run *r, struct mem_ctx *ctx, const struct sql_value *v, uint32_t to,
                    int32_t typmod, struct sql_value *out, struct err *e)
{
    if (v->null) {
        *out = sql_null(to ? to : v->type);
        return 0;
    }
    if (to == 0 || (v->type == to && typmod < 0) || to == SQL_T_RECORD || to == SQL_T_ANY) {
        *out = *v;
        return 0;
    }
    if (v->type == SQL_T_UNKNOWN) {
        struct sql_value t = *v;
        t.type = SQL_T_TEXT;
        return sql_value_cast(ctx, &t, to, typmod, true, &r->env->fmt, out, e);
    }
    return sql_value_cast(ctx, v, to, typmod, true, &r->env->fmt, out, e);
}

/* A record value (array of fields, record shape) as names/types/vals. */
static bool record_fields(const struct sql_value *v, int *n, const char *const **names,
                          const uint32_t **types)
{
    int32_t tm = sql__record_value_typmod(v);
    uint32_t typoid;
    if (tm >= 0 && sql__record_shape(tm, n, names, types, &typoid))
        return true;
    return false;
}

/* Does a value of type t hold no pointer (a copy of the struct is the
 * value)? */
static bool byval(uint32_t t)
{
    switch (t) {
    case SQL_T_BOOL:
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_DATE:
    case SQL_T_TIME:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_INTERVAL:
    case SQL_T_TIMETZ:
    case SQL_T_UUID:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        return true;
    default:
        return false;
    }
}

/* The run's scratch memory for a leaf step (an expression evaluated and
 * its value used up before anything else runs); reset after each use. */
static struct mem_ctx *scratch(struct pl_run *r)
{
    if (r->scratch == NULL)
        r->scratch = mem_ctx_new(r->ctx, "plpgsql scratch");
    return r->scratch;
}

static int set_scalar(struct pl_run *r, int dno, const struct sql_value *v, struct err *e)
{
    struct pl_datum *d = &r->fn->datums[dno];
    struct pl_val *pv = val_of(r, dno);
    if (d->isconst && r->handling == NULL && false)
        return 0;
    if (v->null && d->notnull)
        return err_set_state(e, ERR_INVAL, "22004",
                             "null value cannot be assigned to variable \"%s\" declared NOT NULL",
                             d->name);
    if (v->null || (byval(v->type) && (v->type == d->type || d->type == 0))) {
        /* no memory of its own: no context to make */
        pv->v = v->null ? sql_null(d->type != 0 ? d->type : v->type) : *v;
        return 0;
    }
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql assign");
    struct sql_value cv;
    int rc = cast_val(r, tmp, v, d->type, d->typmod, &cv, e);
    if (rc == 0 && !cv.null && byval(cv.type)) {
        pv->v = cv;
    } else if (rc == 0) {
        /* copied before the old value goes: the new one may share its memory */
        struct mem_ctx *old = pv->ctx;
        pv->ctx = mem_ctx_new(r->ctx, "plpgsql var");
        sql_value_copy(pv->ctx, &cv, &pv->v);
        if (d->type != 0 && cv.null)
            pv->v.type = d->type;
        if (old != NULL)
            mem_ctx_free(old);
    }
    mem_ctx_free(tmp);
    return rc;
}

/* Set a record variable from n values with these names and types. */
static void set_record(struct pl_run *r, int dno, int n, const char *const *names,
                       const uint32_t *types, const struct sql_value *vals)
{
    struct pl_val *pv = val_of(r, dno);
    struct mem_ctx *old = pv->ctx;
    pv->ctx = mem_ctx_new(r->ctx, "plpgsql record");
    pv->rec_set = vals != NULL;
    pv->n = n;
    pv->names = mem_alloc0(pv->ctx, sizeof *pv->names * (size_t)(n + 1));
    pv->types = mem_alloc0(pv->ctx, sizeof *pv->types * (size_t)(n + 1));
    pv->vals = mem_alloc0(pv->ctx, sizeof *pv->vals * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        pv->names[i] = mem_strdup(pv->ctx, names[i] != NULL ? names[i] : "?column?");
        pv->types[i] = types[i];
        if (vals != NULL)
            sql_value_copy(pv->ctx, &vals[i], &pv->vals[i]);
        else
            pv->vals[i] = sql_null(types[i]);
    }
    if (old != NULL)
        mem_ctx_free(old);
}

/* A record variable's value as a record sql_value, in ctx. */
static struct sql_value record_value(struct pl_run *r, int dno, struct mem_ctx *ctx)
{
    struct pl_val *pv = val_of(r, dno);
    if (!pv->rec_set)
        return sql_null(SQL_T_RECORD);
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, pv->n);
    for (int i = 0; i < pv->n; i++)
        a->items[i] = pv->vals[i];
    sql__record_set_typmod(a, eng__record_typmod(pv->n, pv->names, pv->types, 0));
    struct sql_value v = sql_null(SQL_T_RECORD);
    v.null = false;
    v.u.arr = a;
    return v;
}

static bool is_record_datum(const struct pl_datum *d)
{
    return d->kind == PLD_REC || (d->kind == PLD_VAR && d->is_record);
}

static int find_field(struct pl_run *r, int dno, const char *field, struct err *e)
{
    struct pl_val *pv = val_of(r, dno);
    struct pl_datum *d = &r->fn->datums[dno];
    if (pv->n == 0 && !pv->rec_set)
        return err_set_state(e, ERR_INVAL, "55000",
                             "record \"%s\" is not assigned yet" SQL_NUM_DETAIL_SEP
                             "The tuple structure of a not-yet-assigned record is indeterminate.",
                             d->name);
    for (int i = 0; i < pv->n; i++)
        if (strcmp(pv->names[i], field) == 0)
            return i;
    return err_set_state(e, ERR_NOTFOUND, "42703", "record \"%s\" has no field \"%s\"", d->name,
                         field);
}

/* ---- TG_ variables ---- */

static const char *const tg_names[] = {"tg_name",  "tg_when",       "tg_level",   "tg_op",
                                       "tg_relid", "tg_table_name", "tg_relname", "tg_table_schema",
                                       "tg_nargs", "tg_argv"};

static uint32_t tg_type(const char *n)
{
    if (strcmp(n, "tg_relid") == 0)
        return SQL_T_OID;
    if (strcmp(n, "tg_nargs") == 0)
        return SQL_T_INT4;
    if (strcmp(n, "tg_argv") == 0)
        return sql_array_of(SQL_T_TEXT);
    if (strcmp(n, "tg_op") == 0 || strcmp(n, "tg_when") == 0 || strcmp(n, "tg_level") == 0)
        return SQL_T_TEXT;
    return SQL_T_NAME;
}

static struct sql_value tg_value(struct pl_run *r, const char *n, struct mem_ctx *ctx)
{
    const struct sql_trig_event *ev = r->ci->trig;
    if (ev == NULL)
        return sql_null(tg_type(n));
    const char *s = NULL;
    if (strcmp(n, "tg_name") == 0)
        s = ev->name;
    else if (strcmp(n, "tg_when") == 0)
        s = ev->when;
    else if (strcmp(n, "tg_level") == 0)
        s = ev->level;
    else if (strcmp(n, "tg_op") == 0)
        s = ev->op;
    else if (strcmp(n, "tg_table_name") == 0 || strcmp(n, "tg_relname") == 0)
        s = ev->table;
    else if (strcmp(n, "tg_table_schema") == 0)
        s = ev->schema;
    else if (strcmp(n, "tg_relid") == 0) {
        struct sql_value v = sql_int8(ev->relid);
        v.type = SQL_T_OID;
        return v;
    } else if (strcmp(n, "tg_nargs") == 0) {
        return sql_int4(ev->nargs);
    } else if (strcmp(n, "tg_argv") == 0) {
        struct sql_array *a = sql_array_new(ctx, SQL_T_TEXT, ev->nargs);
        for (int i = 0; i < ev->nargs; i++)
            a->items[i] = sql_cstr(ev->argv[i]);
        if (ev->nargs > 0)
            a->lbs[0] = 0; /* TG_ARGV is subscripted from 0 */
        struct sql_value v = sql_array_value(a);
        v.type = sql_array_of(SQL_T_TEXT);
        return v;
    }
    if (s == NULL)
        return sql_null(tg_type(n));
    struct sql_value v = sql_cstr(s);
    v.type = tg_type(n);
    return v;
}

/* ---- name resolution while an expression is planned ---- */

static int add_ref(struct pl_planning *pp, struct binder *b, enum pl_refkind kind, int dno,
                   const char *field, uint32_t type, struct err *e)
{
    struct pl_expr *x = pp->x;
    for (int i = 0; i < x->nrefs; i++)
        if (x->refs[i].kind == kind && x->refs[i].dno == dno &&
            strcmp(x->refs[i].field, field) == 0)
            return pp->ndatums + i + 1;
    if (x->nrefs >= MAX_REFS)
        return err_set_state(e, ERR_LIMIT, "54000", "too many variables in a PL/pgSQL expression");
    if (x->refs == NULL)
        x->refs = mem_alloc0(b->ctx, sizeof *x->refs * MAX_REFS);
    struct pl_ref *rf = &x->refs[x->nrefs++];
    rf->kind = kind;
    rf->dno = dno;
    rf->field = mem_strdup(b->ctx, field);
    rf->type = type;
    int n = pp->ndatums + x->nrefs;
    if ((size_t)n > b->cap)
        return err_set_state(e, ERR_LIMIT, "54000", "too many variables in a PL/pgSQL expression");
    if ((size_t)n > b->nparams) {
        for (size_t i = b->nparams; i < (size_t)n; i++)
            b->param_types[i] = 0;
        b->nparams = (size_t)n;
    }
    b->param_types[n - 1] = type;
    return n;
}

static int lookup(const struct pl_planning *pp, const char *label, const char *name)
{
    const struct pl_expr *x = pp->x;
    const struct pl_func *fn = pp->r->fn;
    for (int i = x->nvis - 1; i >= 0; i--) {
        const struct pl_datum *d = &fn->datums[x->vis[i].dno];
        const char *nm = x->vis[i].alias != NULL ? x->vis[i].alias : d->name;
        if (nm == NULL || strcmp(nm, name) != 0)
            continue;
        if (label != NULL && (x->vis[i].label == NULL || strcmp(x->vis[i].label, label) != 0))
            continue;
        return x->vis[i].dno;
    }
    return -1;
}

static bool is_label(const struct pl_planning *pp, const char *name)
{
    const struct pl_expr *x = pp->x;
    for (int i = 0; i < x->nvis; i++)
        if (x->vis[i].label != NULL && strcmp(x->vis[i].label, name) == 0)
            return true;
    return pp->r->fn->f != NULL && !pp->r->fn->is_do && strcmp(pp->r->fn->f->name, name) == 0;
}

static int bind_param(struct binder *b, struct scope *s, int n, int location, struct bx **out,
                      struct err *e)
{
    struct sql_expr px;
    memset(&px, 0, sizeof px);
    px.kind = SQL_EXPR_PARAM;
    px.location = location;
    px.u.param = n;
    return eng__bind_expr(b, s, &px, out, e);
}

int sql__pl_var_conflict(const char *name)
{
    struct pl_planning *pp = g_plan;
    if (pp == NULL || eng__sqlfn_planning() || pp->r->fn->conflict == 2)
        return 0;
    int dno = lookup(pp, NULL, name);
    if (dno < 0 || pp->r->fn->datums[dno].kind == PLD_ROW)
        return 0;
    return pp->r->fn->conflict == 1 ? 2 : 1;
}

int sql__pl_param_ref(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                      struct err *e)
{
    struct pl_planning *pp = g_plan;
    if (pp == NULL || x->kind != SQL_EXPR_COLUMN || x->u.column.star)
        return 1;
    const struct sql_list *fl = &x->u.column.fields;
    struct pl_run *r = pp->r;
    const struct pl_func *fn = r->fn;
    if (fl->n == 1) {
        const char *name = fl->items[0];
        int dno = lookup(pp, NULL, name);
        if (dno >= 0) {
            const struct pl_datum *d = &fn->datums[dno];
            if (d->kind == PLD_VAR && !d->is_record)
                return bind_param(b, s, dno + 1, x->location, out, e);
            if (is_record_datum(d)) {
                b->param_types[dno] = SQL_T_RECORD;
                pp->x->wholerec[dno] = true;
                return bind_param(b, s, dno + 1, x->location, out, e);
            }
            return 1;
        }
        if (fn->trigger)
            for (size_t i = 0; i < sizeof tg_names / sizeof tg_names[0]; i++)
                if (strcmp(tg_names[i], name) == 0) {
                    int n = add_ref(pp, b, PLR_TG, -1, name, tg_type(name), e);
                    if (n < 0)
                        return n;
                    return bind_param(b, s, n, x->location, out, e);
                }
        return 1;
    }
    if (fl->n == 2 || fl->n == 3) {
        const char *a = fl->items[0], *f2 = fl->items[1];
        int dno = -1;
        const char *field = NULL;
        if (fl->n == 3) {
            if (!is_label(pp, a))
                return 1;
            dno = lookup(pp, a, f2);
            field = fl->items[2];
        } else {
            dno = lookup(pp, NULL, a);
            if (dno >= 0 && is_record_datum(&fn->datums[dno])) {
                field = f2;
            } else if (is_label(pp, a)) {
                dno = lookup(pp,
                             is_label(pp, a) && pp->r->fn->f != NULL && !pp->r->fn->is_do &&
                                     strcmp(pp->r->fn->f->name, a) == 0
                                 ? NULL
                                 : a,
                             f2);
                if (dno >= 0 && fn->datums[dno].kind == PLD_VAR && !fn->datums[dno].is_record)
                    return bind_param(b, s, dno + 1, x->location, out, e);
                return 1;
            } else {
                return 1;
            }
        }
        if (dno < 0 || field == NULL || !is_record_datum(&fn->datums[dno]))
            return 1;
        int k = find_field(r, dno, field, e);
        if (k < 0)
            return k;
        int n = add_ref(pp, b, PLR_FIELD, dno, field, val_of(r, dno)->types[k], e);
        if (n < 0)
            return n;
        return bind_param(b, s, n, x->location, out, e);
    }
    return 1;
}

/* ---- expressions ---- */

static bool refs_current_of(struct pl_run *r, const struct pl_ref *refs, int nrefs)
{
    for (int i = 0; i < nrefs; i++) {
        const struct pl_ref *rf = &refs[i];
        if (rf->kind != PLR_FIELD)
            continue;
        struct pl_val *pv = val_of(r, rf->dno);
        int k;
        for (k = 0; k < pv->n; k++)
            if (strcmp(pv->names[k], rf->field) == 0)
                break;
        if (k == pv->n || pv->types[k] != rf->type)
            return false;
    }
    return true;
}

static bool refs_current(struct pl_run *r, const struct pl_expr *x)
{
    return refs_current_of(r, x->refs, x->nrefs);
}

static void planned_save(struct pl_expr *x, struct pl_planned *p)
{
    p->plan = x->plan;
    p->ptypes = x->ptypes;
    p->nparams = x->nparams;
    p->refs = x->refs;
    p->nrefs = x->nrefs;
    p->wholerec = x->wholerec;
    p->returns_rows = x->returns_rows;
}

static void planned_load(struct pl_expr *x, const struct pl_planned *p)
{
    x->plan = p->plan;
    x->ptypes = p->ptypes;
    x->nparams = p->nparams;
    x->refs = p->refs;
    x->nrefs = p->nrefs;
    x->wholerec = p->wholerec;
    x->returns_rows = p->returns_rows;
}

/* A query's parse or bind error: the query and the position in it as
 * PostgreSQL reports them (QUERY and its internal position; psql shows the
 * LINE). loc: 1-based in x->sql, 0 unknown. */
static void query_field(struct pl_expr *x, int loc, struct err *e)
{
    const char *q = x->query;
    int pos = loc > 0 ? loc - x->sqloff : 0;
    if (pos < 1 || (size_t)pos > strlen(q) + 1)
        pos = 0;
    size_t len = strlen(e->msg);
    const char *c = strstr(e->msg, "\nCONTEXT:  ");
    size_t at = c != NULL ? (size_t)(c - e->msg) : len;
    char add[ERR_MSG_MAX];
    int n = pos > 0 ? snprintf(add, sizeof add, "\nQUERY:  %s\nINTERNAL POSITION:  %d", q, pos)
                    : snprintf(add, sizeof add, "\nQUERY:  %s", q);
    if (n < 0 || len + (size_t)n + 1 > sizeof e->msg)
        return;
    memmove(e->msg + at + n, e->msg + at, len - at + 1);
    memcpy(e->msg + at, add, (size_t)n);
}

static int plan_expr(struct pl_run *r, struct pl_expr *x, struct err *e)
{
    if (x->plan != NULL && refs_current(r, x))
        return 0;
    struct sql_env *env = r->env;
    struct mem_ctx *ctx = r->fn->ctx; /* plans live as long as the compiled function */
    if (x->plan != NULL) {
        /* an earlier form for these types, else keep this one as such */
        for (int i = 0; i < x->nvariants; i++)
            if (refs_current_of(r, x->variants[i].refs, x->variants[i].nrefs)) {
                struct pl_planned cur;
                planned_save(x, &cur);
                planned_load(x, &x->variants[i]);
                x->variants[i] = cur;
                return 0;
            }
        if (x->nvariants < PL_PLAN_VARIANTS)
            planned_save(x, &x->variants[x->nvariants++]);
        else
            r->fn->worn = true; /* the old form stays in fn->ctx until it is dropped */
    }
    struct sql_parse_result pr;
    int rc = sql_parse(x->sql, strlen(x->sql), NULL, ctx, &pr, e);
    if (rc != 0) {
        query_field(x, pr.cursor, e);
        return rc;
    }
    if (pr.n != 1)
        return err_set_state(e, ERR_INVAL, "42601",
                             "query \"%s\" returned more than one statement"
                             "",
                             x->query);
    const struct sql_stmt *st = pr.stmts[0];
    if (st->kind != SQL_STMT_SELECT && st->kind != SQL_STMT_INSERT && st->kind != SQL_STMT_UPDATE &&
        st->kind != SQL_STMT_DELETE)
        return 2; /* a utility statement: the caller runs it */
    int nd = r->fn->ndatums;
    size_t cap = (size_t)nd + MAX_REFS;
    uint32_t *types = mem_alloc0(ctx, sizeof *types * (cap + 1));
    for (int i = 0; i < nd; i++) {
        const struct pl_datum *d = &r->fn->datums[i];
        types[i] = d->kind == PLD_VAR && !d->is_record ? d->type : 0;
        if (types[i] == 0 && d->kind == PLD_VAR && !d->is_record)
            types[i] = SQL_T_TEXT;
    }
    size_t np = (size_t)nd;
    x->refs = NULL;
    x->nrefs = 0;
    x->wholerec = mem_alloc0(ctx, sizeof *x->wholerec * (size_t)(nd + 1));
    struct pl_planning pp = {r, x, nd, g_plan};
    g_plan = &pp;
    struct sql_plan *p;
    /* catalog lookups live as long as the plan (as a prepared statement's) */
    struct mem_ctx *saved = env->stmt_ctx;
    env->stmt_ctx = ctx;
    rc = sql_plan_stmt(env, st, ctx, types, &np, cap, &p, e);
    env->stmt_ctx = saved;
    g_plan = pp.prev;
    if (rc != 0) {
        query_field(x, sql_plan_error_location(env), e);
        eng__set_error_location(-1);
        return rc;
    }
    x->plan = p;
    x->ptypes = types;
    x->nparams = (int)np;
    x->returns_rows = sql_plan_returns_rows(p);
    return 0;
}

/* The parameter values for x's plan, in ctx. */
static struct sql_value *params_of(struct pl_run *r, struct pl_expr *x, struct mem_ctx *ctx,
                                   struct err *e, int *rcp)
{
    int nd = r->fn->ndatums;
    int n = x->nparams > nd + x->nrefs ? x->nparams : nd + x->nrefs;
    struct sql_value *pv = mem_alloc0(ctx, sizeof *pv * (size_t)(n + 1));
    *rcp = 0;
    for (int i = 0; i < n && i < x->nparams; i++) {
        uint32_t want = x->ptypes[i];
        if (i < nd) {
            const struct pl_datum *d = &r->fn->datums[i];
            if (is_record_datum(d)) {
                pv[i] = x->wholerec[i] ? record_value(r, i, ctx) : sql_null(SQL_T_RECORD);
                continue;
            }
            if (d->kind != PLD_VAR) {
                pv[i] = sql_null(want ? want : SQL_T_TEXT);
                continue;
            }
            const struct sql_value *v = &val_of(r, i)->v;
            if (v->type == 0 || v->null) {
                pv[i] = sql_null(want ? want : SQL_T_TEXT);
                continue;
            }
            if (want != 0 && want != v->type && want != SQL_T_RECORD) {
                int rc = cast_val(r, ctx, v, want, -1, &pv[i], e);
                if (rc != 0) {
                    *rcp = rc;
                    return NULL;
                }
            } else {
                pv[i] = *v;
            }
            continue;
        }
        const struct pl_ref *rf = &x->refs[i - nd];
        if (rf->kind == PLR_TG) {
            pv[i] = tg_value(r, rf->field, ctx);
            continue;
        }
        int k = find_field(r, rf->dno, rf->field, e);
        if (k < 0) {
            *rcp = k;
            return NULL;
        }
        pv[i] = val_of(r, rf->dno)->vals[k];
        if (pv[i].null)
            pv[i] = sql_null(rf->type);
    }
    return pv;
}

static int open_expr(struct pl_run *r, struct pl_expr *x, struct mem_ctx *ctx,
                     struct sql_cursor **cur, struct err *e)
{
    int rc = plan_expr(r, x, e);
    if (rc != 0)
        return rc;
    struct sql_value *pv = params_of(r, x, ctx, e, &rc);
    if (rc != 0)
        return rc;
    return sql_cursor_open(r->env, x->plan, pv, (size_t)x->nparams, ctx, cur, e);
}

/* Make x's text the query "SELECT <expr>" once. */
static void as_select(struct pl_run *r, struct pl_expr *x)
{
    if (x->sql == NULL) {
        x->sql = mem_printf(r->fn->ctx, "SELECT %s", x->query);
        x->sqloff = 7;
    }
}

static int eval_inner(struct pl_run *r, struct pl_expr *x, struct mem_ctx *ctx,
                      struct sql_value *out, struct err *e);

/* Is x one PostgreSQL would run as a query rather than a simple
 * expression (it names a query)? Errors inside those get a CONTEXT line
 * of their own. */
static bool not_simple(const char *q)
{
    for (const char *p = strcasestr(q, "select"); p != NULL; p = strcasestr(p + 1, "select"))
        if ((p == q || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
            !(isalnum((unsigned char)p[6]) || p[6] == '_'))
            return true;
    return false;
}

/* Evaluate a scalar expression into *out (allocated in ctx). */
static int eval(struct pl_run *r, struct pl_expr *x, struct mem_ctx *ctx, struct sql_value *out,
                struct err *e)
{
    int rc = eval_inner(r, x, ctx, out, e);
    if (rc != 0 && !r->ctx_added && not_simple(x->query) && strstr(e->msg, "\nQUERY:  ") == NULL) {
        const char *q =
            x->sql != NULL && strncmp(x->sql, "SELECT ", 7) == 0 ? x->sql + 7 : x->query;
        char line[600];
        snprintf(line, sizeof line, "SQL expression \"%s\"", q);
        sql__pl_add_context(e, line);
    }
    return rc;
}

static int eval_inner(struct pl_run *r, struct pl_expr *x, struct mem_ctx *ctx,
                      struct sql_value *out, struct err *e)
{
    as_select(r, x);
    struct sql_cursor *cur;
    int rc = open_expr(r, x, ctx, &cur, e);
    if (rc == 2)
        return err_set_state(e, ERR_INVAL, "42601", "syntax error at or near \"%s\"", x->query);
    if (rc != 0)
        return rc;
    size_t ncols;
    sql_plan_columns(x->plan, &ncols);
    if (ncols != 1) {
        sql_cursor_close(cur);
        return err_set_state(e, ERR_INVAL, "42601", "query \"%s\" returned %zu columns", x->sql,
                             ncols);
    }
    const struct sql_value *row;
    bool has;
    rc = sql_cursor_next(cur, &row, &has, e);
    if (rc == 0) {
        if (has)
            sql_value_copy(ctx, &row[0], out);
        else
            *out = sql_null(sql_plan_columns(x->plan, &ncols)[0].type_oid);
        if (has) {
            const struct sql_value *r2;
            bool has2;
            rc = sql_cursor_next(cur, &r2, &has2, e);
            if (rc == 0 && has2)
                rc = err_set_state(e, ERR_INVAL, "21000", "query \"%s\" returned more than one row",
                                   x->sql);
        }
    }
    sql_cursor_close(cur);
    return rc;
}

static int eval_bool(struct pl_run *r, struct pl_expr *x, bool *out, struct err *e)
{
    struct mem_ctx *tmp = scratch(r);
    struct sql_value v;
    int rc = eval(r, x, tmp, &v, e);
    if (rc == 0 && !v.null && v.type != SQL_T_BOOL) {
        struct sql_value b;
        rc = cast_val(r, tmp, &v, SQL_T_BOOL, -1, &b, e);
        v = b;
    }
    *out = rc == 0 && !v.null && v.u.b;
    mem_ctx_reset(tmp);
    return rc;
}

/* ---- assignment ---- */

/* The expression of "target := expr" (or "target = expr"). */
static const char *assign_rhs(const char *q, bool *subscript)
{
    int depth = 0;
    bool sq = false, dq = false;
    *subscript = false;
    for (const char *p = q; *p; p++) {
        if (sq) {
            sq = *p != '\'';
            continue;
        }
        if (dq) {
            dq = *p != '"';
            continue;
        }
        if (*p == '\'')
            sq = true;
        else if (*p == '"')
            dq = true;
        else if (*p == '[' || *p == '(')
            depth++, *subscript = *subscript || *p == '[';
        else if (*p == ']' || *p == ')')
            depth--;
        else if (depth == 0 && p[0] == ':' && p[1] == '=')
            return p + 2;
        else if (depth == 0 && p[0] == '=')
            return p + 1;
    }
    return NULL;
}

/* Assign a value to datum dno (a variable, a record, a record field or a
 * row of variables). */
static int assign_value(struct pl_run *r, int dno, const struct sql_value *v, struct err *e)
{
    struct pl_datum *d = &r->fn->datums[dno];
    if (d->kind == PLD_RECFIELD) {
        int k = find_field(r, d->parent, d->field, e);
        if (k < 0)
            return k;
        struct pl_val *pv = val_of(r, d->parent);
        struct sql_value cv;
        int rc = cast_val(r, pv->ctx, v, pv->types[k], -1, &cv, e);
        if (rc != 0)
            return rc;
        sql_value_copy(pv->ctx, &cv, &pv->vals[k]);
        if (cv.null)
            pv->vals[k] = sql_null(pv->types[k]);
        return 0;
    }
    if (is_record_datum(d)) {
        if (v->null) {
            struct pl_val *pv = val_of(r, dno);
            if (d->ncols > 0) {
                set_record(r, dno, d->ncols, d->colnames, d->coltypes, NULL);
                pv->rec_set = true;
            } else {
                pv->rec_set = false;
                pv->n = 0;
            }
            return 0;
        }
        if (v->type != SQL_T_RECORD)
            return err_set_state(e, ERR_INVAL, "42804",
                                 "cannot assign non-composite value to a record variable");
        int n;
        const char *const *names;
        const uint32_t *types;
        const struct sql_array *a = v->u.arr;
        if (!record_fields(v, &n, &names, &types) || n != a->nitems) {
            n = a->nitems;
            const char **nn = mem_alloc0(r->ctx, sizeof *nn * (size_t)(n + 1));
            uint32_t *tt = mem_alloc0(r->ctx, sizeof *tt * (size_t)(n + 1));
            for (int i = 0; i < n; i++) {
                nn[i] = mem_printf(r->ctx, "f%d", i + 1);
                tt[i] = a->items[i].type;
            }
            names = nn;
            types = tt;
        }
        if (d->ncols > 0) {
            /* a %ROWTYPE variable keeps its columns */
            struct sql_value *vals = mem_alloc0(r->ctx, sizeof *vals * (size_t)(d->ncols + 1));
            for (int i = 0; i < d->ncols; i++) {
                struct sql_value src = i < n ? a->items[i] : sql_null(d->coltypes[i]);
                int rc = cast_val(r, r->ctx, &src, d->coltypes[i], -1, &vals[i], e);
                if (rc != 0)
                    return rc;
            }
            set_record(r, dno, d->ncols, d->colnames, d->coltypes, vals);
            return 0;
        }
        set_record(r, dno, n, names, types, a->items);
        return 0;
    }
    if (d->kind == PLD_ROW) {
        if (v->type == SQL_T_RECORD && !v->null) {
            const struct sql_array *a = v->u.arr;
            for (int i = 0; i < d->nfields; i++) {
                struct sql_value fv = i < a->nitems ? a->items[i] : sql_null(0);
                int rc = assign_value(r, d->varnos[i], &fv, e);
                if (rc != 0)
                    return rc;
            }
            return 0;
        }
        for (int i = 0; i < d->nfields; i++) {
            struct sql_value fv = i == 0 ? *v : sql_null(0);
            int rc = assign_value(r, d->varnos[i], &fv, e);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    return set_scalar(r, dno, v, e);
}

/* A query row into target dno (INTO, FOR loops). */
static int assign_row(struct pl_run *r, int dno, const struct sql_column *cols, size_t ncols,
                      const struct sql_value *row, struct err *e)
{
    struct pl_datum *d = &r->fn->datums[dno];
    if (d->kind == PLD_ROW && d->nfields == 1 && is_record_datum(&r->fn->datums[d->varnos[0]]) &&
        !(ncols == 1 && row != NULL && row[0].type == SQL_T_RECORD))
        return assign_row(r, d->varnos[0], cols, ncols, row, e);
    if (is_record_datum(d)) {
        if (d->ncols > 0) {
            struct sql_value *vals = mem_alloc0(r->ctx, sizeof *vals * (size_t)(d->ncols + 1));
            for (int i = 0; i < d->ncols; i++) {
                struct sql_value src =
                    row != NULL && (size_t)i < ncols ? row[i] : sql_null(d->coltypes[i]);
                int rc = cast_val(r, r->ctx, &src, d->coltypes[i], -1, &vals[i], e);
                if (rc != 0)
                    return rc;
            }
            set_record(r, dno, d->ncols, d->colnames, d->coltypes, vals);
            return 0;
        }
        const char **names = mem_alloc0(r->ctx, sizeof *names * (ncols + 1));
        uint32_t *types = mem_alloc0(r->ctx, sizeof *types * (ncols + 1));
        for (size_t i = 0; i < ncols; i++) {
            names[i] = cols[i].name;
            types[i] = cols[i].type_oid;
        }
        set_record(r, dno, (int)ncols, names, types, row);
        if (row == NULL)
            val_of(r, dno)->rec_set = true;
        return 0;
    }
    if (d->kind == PLD_ROW) {
        for (int i = 0; i < d->nfields; i++) {
            struct sql_value fv = row != NULL && (size_t)i < ncols ? row[i] : sql_null(SQL_T_TEXT);
            int rc = assign_value(r, d->varnos[i], &fv, e);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    struct sql_value fv = row != NULL && ncols > 0 ? row[0] : sql_null(SQL_T_TEXT);
    return assign_value(r, dno, &fv, e);
}

/* var[i] := value for a one-dimensional array variable (PostgreSQL's
 * array_set_element: the array grows, NULLs filling any gap). */
static int assign_element(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_datum *d = &r->fn->datums[s->target];
    if (d->isconst)
        return err_set_state(e, ERR_INVAL, "22005", "variable \"%s\" is declared CONSTANT",
                             d->name);
    uint32_t et = sql_array_elemtype(d->type);
    if (et == 0)
        return err_set_state(e, ERR_INVAL, "42804", "subscripted object is not an array");
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql element");
    struct sql_value iv, v, cv;
    int rc = eval(r, s->upper, tmp, &iv, e);
    if (rc == 0 && iv.null)
        rc = err_set_state(e, ERR_INVAL, "22004", "array subscript in assignment must not be null");
    if (rc == 0)
        rc = eval(r, s->expr, tmp, &v, e);
    if (rc == 0)
        rc = cast_val(r, tmp, &v, et, -1, &cv, e);
    const struct sql_value *cur = &val_of(r, s->target)->v;
    const struct sql_array *a = !cur->null && cur->type == d->type ? cur->u.arr : NULL;
    if (rc == 0 && a != NULL && a->ndim > 1)
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "feature not supported: assignment to an element of a "
                           "multidimensional array in PL/pgSQL");
    if (rc == 0) {
        int64_t i = iv.u.i;
        int lb = a != NULL && a->nitems > 0 ? a->lbs[0] : (int)i;
        int n = a != NULL ? a->nitems : 0;
        int64_t lo = i < lb ? i : lb, hi = n > 0 ? (int64_t)lb + n - 1 : i;
        if (i > hi)
            hi = i;
        if (hi - lo + 1 > 100000000)
            rc = err_set_state(e, ERR_LIMIT, "54000", "array size exceeds the maximum allowed");
        else {
            struct sql_array *na = sql_array_new(tmp, et, (int)(hi - lo + 1));
            for (int64_t k = lo; k <= hi; k++) {
                struct sql_value *dst = &na->items[k - lo];
                if (k == i)
                    *dst = cv;
                else if (n > 0 && k >= lb && k < (int64_t)lb + n)
                    *dst = a->items[k - lb];
                else
                    *dst = sql_null(et);
            }
            na->lbs[0] = (int)lo;
            struct sql_value av = sql_array_value(na);
            av.type = d->type;
            rc = set_scalar(r, s->target, &av, e);
        }
    }
    mem_ctx_free(tmp);
    return rc;
}

static int exec_assign(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    if (s->expr->sql == NULL) {
        bool sub;
        const char *rhs = assign_rhs(s->expr->query, &sub);
        if (rhs == NULL)
            return err_set_state(e, ERR_INVAL, "42601", "syntax error at or near \"%s\"",
                                 s->expr->query);
        s->expr->sql = mem_printf(r->fn->ctx, "SELECT %s", rhs);
        s->expr->sqloff = 7 - (int)(rhs - s->expr->query);
        if (sub) {
            /* target[subscript] := value: the subscript as an expression of its own */
            const char *lb = strchr(s->expr->query, '[');
            const char *rb = lb != NULL ? strchr(lb, ']') : NULL;
            const char *more = rb != NULL ? strchr(rb, '[') : NULL;
            if (lb == NULL || rb == NULL || (more != NULL && more < rhs) ||
                memchr(lb, ':', (size_t)(rb - lb)) != NULL ||
                r->fn->datums[s->target].kind != PLD_VAR)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "feature not supported: assignment to a slice or to an "
                                     "element of a multidimensional array in PL/pgSQL");
            s->upper = mem_alloc0(r->fn->ctx, sizeof *s->upper);
            *s->upper = *s->expr;
            s->upper->plan = NULL;
            s->upper->query = mem_strndup(r->fn->ctx, lb + 1, (size_t)(rb - lb - 1));
            s->upper->sql = mem_printf(r->fn->ctx, "SELECT (%s)::integer", s->upper->query);
            s->upper->sqloff = 8;
        }
    }
    if (s->upper != NULL)
        return assign_element(r, s, e);
    struct pl_datum *d = &r->fn->datums[s->target];
    if (d->isconst)
        return err_set_state(e, ERR_INVAL, "22005", "variable \"%s\" is declared CONSTANT",
                             d->name);
    struct mem_ctx *tmp = scratch(r);
    struct sql_value v;
    int rc = eval(r, s->expr, tmp, &v, e);
    if (rc == 0)
        rc = assign_value(r, s->target, &v, e);
    mem_ctx_reset(tmp);
    return rc;
}

/* ---- RAISE ---- */

struct cond_ent {
    const char *name;
    const char *state;
};
#include "sql/plpgsql_conds.h"

static const char *cond_state(const char *name)
{
    for (size_t i = 0; i < sizeof pl_conds / sizeof pl_conds[0]; i++)
        if (strcmp(pl_conds[i].name, name) == 0)
            return pl_conds[i].state;
    return NULL;
}

static const char *state_cond(const char *state)
{
    for (size_t i = 0; i < sizeof pl_conds / sizeof pl_conds[0]; i++)
        if (strcmp(pl_conds[i].state, state) == 0)
            return pl_conds[i].name;
    return NULL;
}

static bool valid_state(const char *s)
{
    if (strlen(s) != 5)
        return false;
    for (int i = 0; i < 5; i++)
        if (!isdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]))
            return false;
    return true;
}

static int value_text(struct pl_run *r, const struct sql_value *v, struct sbuf *out, struct err *e)
{
    if (v->null)
        return 0;
    return sql_value_out(v, &r->env->fmt, out, e);
}

/* Split an error's message into its parts (message, DETAIL, HINT). */
static void err_part(const char *msg, const char *field, struct mem_ctx *ctx, const char **out)
{
    *out = NULL;
    const char *p;
    if (field == NULL) {
        p = msg;
    } else {
        p = strstr(msg, field);
        if (p == NULL)
            return;
        p += strlen(field);
    }
    static const char *const ends[] = {
        "\nDETAIL:  ",     "\nHINT:  ",        "\nCONTEXT:  ",       "\nSCHEMA NAME:  ",
        "\nTABLE NAME:  ", "\nCOLUMN NAME:  ", "\nDATATYPE NAME:  ", "\nCONSTRAINT NAME:  "};
    size_t len = strlen(p);
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        const char *q = strstr(p, ends[k]);
        if (q != NULL && (size_t)(q - p) < len)
            len = (size_t)(q - p);
    }
    *out = mem_strndup(ctx, p, len);
}

static int exec_raise(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    if (s->message == NULL && s->condname == NULL && s->nopts == 0) {
        /* RAISE; re-throws the error being handled */
        if (r->handling == NULL)
            return err_set_state(e, ERR_INVAL, "0Z002",
                                 "RAISE without parameters cannot be used outside an exception "
                                 "handler");
        *e = *r->handling;
        r->ctx_added = true; /* its context stays as it was */
        return e->code ? e->code : ERR_INVAL;
    }
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql raise");
    int rc = 0;
    struct sbuf msg;
    sbuf_init(&msg);
    const char *state = NULL;
    const char *detail = NULL, *hint = NULL, *message = NULL;
    const char *objs[5] = {NULL, NULL, NULL, NULL, NULL}; /* COLUMN ... SCHEMA */
    bool seen[9] = {false};
    if (s->condname != NULL) {
        if (valid_state(s->condname)) {
            state = s->condname;
        } else if ((state = cond_state(s->condname)) == NULL) {
            rc = err_set_state(e, ERR_NOTFOUND, "42704", "unrecognized exception condition \"%s\"",
                               s->condname);
            goto out;
        }
    }
    if (s->message != NULL) {
        int pi = 0;
        for (const char *p = s->message; *p; p++) {
            if (p[0] == '%' && p[1] == '%') {
                sbuf_putc(&msg, '%');
                p++;
                continue;
            }
            if (*p != '%') {
                sbuf_putc(&msg, *p);
                continue;
            }
            if (pi >= s->nparams) {
                rc = err_set_state(e, ERR_INVAL, "42601", "too few parameters specified for RAISE");
                goto out;
            }
            struct sql_value v;
            if ((rc = eval(r, s->params[pi++], tmp, &v, e)) != 0)
                goto out;
            if (v.null)
                sbuf_puts(&msg, "<NULL>");
            else if ((rc = value_text(r, &v, &msg, e)) != 0)
                goto out;
        }
        if (pi < s->nparams) {
            rc = err_set_state(e, ERR_INVAL, "42601", "too many parameters specified for RAISE");
            goto out;
        }
        message = mem_strndup(tmp, msg.data ? msg.data : "", msg.len);
    }
    for (int i = 0; i < s->nopts; i++) {
        struct sql_value v;
        if ((rc = eval(r, s->opts[i].expr, tmp, &v, e)) != 0)
            goto out;
        struct sbuf t;
        sbuf_init(&t);
        if (v.null) {
            sbuf_free(&t);
            const char *opn[] = {"ERRCODE",    "MESSAGE",  "DETAIL", "HINT",  "COLUMN",
                                 "CONSTRAINT", "DATATYPE", "TABLE",  "SCHEMA"};
            int ot = s->opts[i].type;
            rc = err_set_state(e, ERR_INVAL, "22004", "RAISE statement option cannot be null");
            (void)opn;
            (void)ot;
            goto out;
        }
        if ((rc = value_text(r, &v, &t, e)) != 0) {
            sbuf_free(&t);
            goto out;
        }
        const char *txt = mem_strndup(tmp, t.data ? t.data : "", t.len);
        sbuf_free(&t);
        int ot = s->opts[i].type;
        if (ot >= 0 && ot < 9) {
            static const char *const names[] = {"ERRCODE",  "MESSAGE", "DETAIL",
                                                "HINT",     "COLUMN",  "CONSTRAINT",
                                                "DATATYPE", "TABLE",   "SCHEMA"};
            if (seen[ot] || (ot == 1 && message != NULL) || (ot == 0 && s->condname != NULL)) {
                rc = err_set_state(e, ERR_INVAL, "42601", "RAISE option already specified: %s",
                                   names[ot]);
                goto out;
            }
            seen[ot] = true;
        }
        switch (s->opts[i].type) {
        case 0:
            if (valid_state(txt))
                state = txt;
            else if ((state = cond_state(txt)) == NULL) {
                rc = err_set_state(e, ERR_NOTFOUND, "42704",
                                   "unrecognized exception condition \"%s\"", txt);
                goto out;
            }
            break;
        case 1:
            message = txt;
            break;
        case 2:
            detail = txt;
            break;
        case 3:
            hint = txt;
            break;
        case 4:
        case 5:
        case 6:
        case 7:
        case 8:
            objs[s->opts[i].type - 4] = txt;
            break;
        default:
            break;
        }
    }
    if (message == NULL) {
        if (s->condname != NULL)
            message = valid_state(s->condname) ? s->condname : s->condname;
        else if (state != NULL)
            message = state_cond(state) ? state_cond(state) : state;
        else
            message = "";
        if (s->condname == NULL && state != NULL)
            message = state;
    }
    if (s->elog_level >= 21) {
        if (state == NULL)
            state = "P0001";
        struct sbuf full;
        sbuf_init(&full);
        sbuf_puts(&full, message);
        if (detail != NULL)
            sbuf_printf(&full, "\nDETAIL:  %s", detail);
        if (hint != NULL)
            sbuf_printf(&full, "\nHINT:  %s", hint);
        static const char *const tags[] = {
            "\nCOLUMN NAME:  ", "\nCONSTRAINT NAME:  ", "\nDATATYPE NAME:  ", "\nTABLE NAME:  ",
            "\nSCHEMA NAME:  "};
        for (int k = 0; k < 5; k++)
            if (objs[k] != NULL)
                sbuf_printf(&full, "%s%s", tags[k], objs[k]);
        rc = err_set_state(e, ERR_INVAL, state, "%s", full.data ? full.data : "");
        sbuf_free(&full);
        goto out;
    }
    const char *sev = s->elog_level >= 19   ? "WARNING"
                      : s->elog_level >= 18 ? "NOTICE"
                      : s->elog_level >= 17 ? "INFO"
                      : s->elog_level >= 15 ? "LOG"
                                            : "DEBUG";
    if (r->env->notice != NULL && strcmp(sev, "LOG") != 0) {
        struct sql_notice n = {.severity = sev,
                               .sqlstate = state != NULL         ? state
                                           : s->elog_level >= 19 ? "01000"
                                                                 : "00000",
                               .message = message,
                               .detail = detail,
                               .hint = hint};
        r->env->notice(r->env->notice_arg, &n);
    }
out:
    sbuf_free(&msg);
    mem_ctx_free(tmp);
    return rc;
}

/* ---- SQL statements ---- */

static uint64_t tag_count(struct sql_cursor *cur)
{
    struct sbuf t;
    sbuf_init(&t);
    sql_cursor_tag(cur, &t);
    uint64_t n = 0;
    if (t.data != NULL) {
        const char *sp = strrchr(t.data, ' ');
        if (sp != NULL)
            n = strtoull(sp + 1, NULL, 10);
    }
    sbuf_free(&t);
    return n;
}

static void set_found(struct pl_run *r, bool v)
{
    if (r->fn->found_dno >= 0) {
        struct sql_value b = sql_bool(v);
        set_scalar(r, r->fn->found_dno, &b, NULL);
    }
}

/* Run a statement with no result of its own (utility statements: DDL,
 * SET...) through the session. */
int sql__session_exec_utility(struct sql_env *env, const char *text, struct err *e);

static int exec_sql(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_expr *x = s->expr;
    if (x->sql == NULL)
        x->sql = x->query;
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql sql");
    struct sql_cursor *cur = NULL;
    int rc = open_expr(r, x, tmp, &cur, e);
    if (rc == 2) {
        if (s->into) {
            mem_ctx_free(tmp);
            return err_set_state(e, ERR_INVAL, "42601",
                                 "INTO used with a command that cannot "
                                 "return data");
        }
        rc = sql__session_exec_utility(r->env, x->query, e);
        mem_ctx_free(tmp);
        r->rowcount = 0;
        if (rc != 0 && strstr(e->msg, "\nQUERY:  ") == NULL) {
            char line[600];
            snprintf(line, sizeof line, "SQL statement \"%s\"", x->query);
            sql__pl_add_context(e, line);
        }
        return rc;
    }
    if (rc != 0) {
        mem_ctx_free(tmp);
        return rc;
    }
    size_t ncols;
    const struct sql_column *cols = sql_plan_columns(x->plan, &ncols);
    if (s->into && !x->returns_rows) {
        sql_cursor_close(cur);
        mem_ctx_free(tmp);
        return err_set_state(e, ERR_INVAL, "42601",
                             "INTO used with a command that cannot return data");
    }
    uint64_t n = 0;
    bool got = false;
    for (;;) {
        const struct sql_value *row;
        bool has;
        if ((rc = sql_cursor_next(cur, &row, &has, e)) != 0 || !has)
            break;
        n++;
        if (!s->into)
            continue;
        if (!got) {
            if ((rc = assign_row(r, s->target, cols, ncols, row, e)) != 0)
                break;
            got = true;
            if (!s->strict && x->plan != NULL && !sql_plan_writes(x->plan))
                break;
        } else if (s->strict || sql_plan_writes(x->plan)) {
            /* DML ... RETURNING INTO is strict about a second row */
            rc = err_set_state(e, ERR_INVAL, "P0003",
                               "query returned more than one row"
                               "\nHINT:  Make sure the query returns a "
                               "single row, or use LIMIT 1.");
            break;
        }
    }
    if (rc == 0 && !x->returns_rows)
        n = tag_count(cur);
    sql_cursor_close(cur);
    if (rc == 0 && s->into && !got) {
        if (s->strict)
            rc = err_set_state(e, ERR_NOTFOUND, "P0002", "query returned no rows");
        else
            rc = assign_row(r, s->target, cols, ncols, NULL, e);
    }
    mem_ctx_free(tmp);
    if (rc != 0) {
        if ((!s->into ||
             (strcmp(e->sqlstate, "P0002") != 0 && strcmp(e->sqlstate, "P0003") != 0)) &&
            strstr(e->msg, "\nQUERY:  ") == NULL) {
            char line[600];
            snprintf(line, sizeof line, "SQL statement \"%s\"", x->query);
            sql__pl_add_context(e, line);
        }
        return rc;
    }
    r->rowcount = n;
    set_found(r, n > 0);
    return 0;
}

static int exec_perform(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_expr *x = s->expr;
    if (x->sql == NULL)
        x->sql = x->query;
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql perform");
    struct sql_cursor *cur;
    int rc = open_expr(r, x, tmp, &cur, e);
    uint64_t n = 0;
    if (rc == 0) {
        for (;;) {
            const struct sql_value *row;
            bool has;
            if ((rc = sql_cursor_next(cur, &row, &has, e)) != 0 || !has)
                break;
            n++;
        }
        sql_cursor_close(cur);
    } else if (rc == 2) {
        rc = err_set_state(e, ERR_INVAL, "42601", "syntax error in PERFORM");
    }
    mem_ctx_free(tmp);
    if (rc != 0) {
        if (strstr(e->msg, "\nQUERY:  ") == NULL) {
            char line[600];
            snprintf(line, sizeof line, "SQL statement \"%s\"", x->query);
            sql__pl_add_context(e, line);
        }
        return rc;
    }
    r->rowcount = n;
    set_found(r, n > 0);
    return 0;
}

/* EXECUTE's text and USING values. */
static int dyn_prepare(struct pl_run *r, struct pl_stmt *s, struct mem_ctx *ctx, char **sql,
                       struct sql_value **params, uint32_t **types, struct err *e)
{
    struct sql_value qv;
    int rc = eval(r, s->expr, ctx, &qv, e);
    if (rc != 0)
        return rc;
    if (qv.null)
        return err_set_state(e, ERR_INVAL, "22004", "query string argument of EXECUTE is null");
    struct sbuf t;
    sbuf_init(&t);
    if ((rc = value_text(r, &qv, &t, e)) != 0) {
        sbuf_free(&t);
        return rc;
    }
    *sql = mem_strndup(ctx, t.data ? t.data : "", t.len);
    sbuf_free(&t);
    *params = mem_alloc0(ctx, sizeof **params * (size_t)(s->nparams + 1));
    *types = mem_alloc0(ctx, sizeof **types * (size_t)(s->nparams + 1));
    for (int i = 0; i < s->nparams; i++) {
        if ((rc = eval(r, s->params[i], ctx, &(*params)[i], e)) != 0)
            return rc;
        (*types)[i] = (*params)[i].type == SQL_T_UNKNOWN ? SQL_T_TEXT : (*params)[i].type;
        if ((*params)[i].type == SQL_T_UNKNOWN)
            (*params)[i].type = SQL_T_TEXT;
    }
    return 0;
}

/* Plan dynamic text; 2 for a utility statement. */
static int dyn_plan(struct pl_run *r, const char *sql, uint32_t *types, int np, struct mem_ctx *ctx,
                    struct sql_plan **out, struct err *e)
{
    struct sql_parse_result pr;
    int rc = sql_parse(sql, strlen(sql), NULL, ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n == 0)
        return err_set_state(e, ERR_INVAL, "42601", "cannot execute an empty query");
    if (pr.n > 1)
        return err_set_state(e, ERR_INVAL, "42601",
                             "EXECUTE of a string with more than one statement is not supported");
    const struct sql_stmt *st = pr.stmts[0];
    if (st->kind != SQL_STMT_SELECT && st->kind != SQL_STMT_INSERT && st->kind != SQL_STMT_UPDATE &&
        st->kind != SQL_STMT_DELETE)
        return 2;
    size_t n = (size_t)np;
    uint32_t *t = mem_alloc0(ctx, sizeof *t * (size_t)(np + 1));
    if (np > 0)
        memcpy(t, types, sizeof *t * (size_t)np);
    return sql_plan_stmt(r->env, st, ctx, t, &n, (size_t)np, out, e);
}

static int exec_dynexecute(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql execute");
    char *sql;
    struct sql_value *params;
    uint32_t *types;
    int rc = dyn_prepare(r, s, tmp, &sql, &params, &types, e);
    struct sql_plan *p = NULL;
    if (rc == 0)
        rc = dyn_plan(r, sql, types, s->nparams, tmp, &p, e);
    if (rc == 2) {
        if (s->into)
            rc = err_set_state(e, ERR_INVAL, "42601",
                               "INTO used with a command that cannot return data");
        else
            rc = sql__session_exec_utility(r->env, sql, e);
        r->rowcount = 0;
        mem_ctx_free(tmp);
        return rc;
    }
    if (rc != 0) {
        mem_ctx_free(tmp);
        return rc;
    }
    struct sql_cursor *cur;
    if ((rc = sql_cursor_open(r->env, p, params, (size_t)s->nparams, tmp, &cur, e)) != 0) {
        mem_ctx_free(tmp);
        return rc;
    }
    size_t ncols;
    const struct sql_column *cols = sql_plan_columns(p, &ncols);
    bool rows = sql_plan_returns_rows(p);
    uint64_t n = 0;
    bool got = false;
    for (;;) {
        const struct sql_value *row;
        bool has;
        if ((rc = sql_cursor_next(cur, &row, &has, e)) != 0 || !has)
            break;
        n++;
        if (s->into && !got) {
            if ((rc = assign_row(r, s->target, cols, ncols, row, e)) != 0)
                break;
            got = true;
        } else if (s->into && s->strict) {
            rc = err_set_state(e, ERR_INVAL, "P0003", "query returned more than one row");
            break;
        }
    }
    if (rc == 0 && !rows)
        n = tag_count(cur);
    sql_cursor_close(cur);
    if (rc == 0 && s->into && !rows)
        rc = err_set_state(e, ERR_INVAL, "42601",
                           "INTO used with a command that cannot return "
                           "data");
    if (rc == 0 && s->into && !got) {
        if (s->strict)
            rc = err_set_state(e, ERR_NOTFOUND, "P0002", "query returned no rows");
        else
            rc = assign_row(r, s->target, cols, ncols, NULL, e);
    }
    mem_ctx_free(tmp);
    if (rc == 0) {
        r->rowcount = n;
        set_found(r, n > 0);
    }
    return rc;
}

/* ---- loops ---- */

/* After a loop body: stop the loop? */
static bool loop_done(struct pl_run *r, const struct pl_stmt *s)
{
    if (r->flow == FLOW_OK)
        return false;
    if (r->flow == FLOW_RETURN)
        return true;
    if (r->flow_label != NULL && (s->label == NULL || strcmp(r->flow_label, s->label) != 0))
        return true; /* for an outer loop or block */
    if (r->flow == FLOW_EXIT) {
        r->flow = FLOW_OK;
        r->flow_label = NULL;
        return true;
    }
    r->flow = FLOW_OK; /* CONTINUE this loop */
    r->flow_label = NULL;
    return false;
}

static int exec_fori(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql fori");
    struct sql_value lo, hi, st;
    int rc = eval(r, s->expr, tmp, &lo, e);
    if (rc == 0)
        rc = eval(r, s->upper, tmp, &hi, e);
    int64_t step = 1;
    if (rc == 0 && s->step != NULL) {
        rc = eval(r, s->step, tmp, &st, e);
        if (rc == 0) {
            struct sql_value c;
            rc = cast_val(r, tmp, &st, SQL_T_INT4, -1, &c, e);
            if (rc == 0 && c.null)
                rc = err_set_state(e, ERR_INVAL, "22004", "BY value of FOR loop cannot be null");
            if (rc == 0) {
                step = c.u.i;
                if (step <= 0)
                    rc = err_set_state(e, ERR_INVAL, "22023",
                                       "BY value of FOR loop must be greater than zero");
            }
        }
    }
    struct sql_value a, b;
    if (rc == 0)
        rc = cast_val(r, tmp, &lo, SQL_T_INT4, -1, &a, e);
    if (rc == 0)
        rc = cast_val(r, tmp, &hi, SQL_T_INT4, -1, &b, e);
    if (rc == 0 && a.null)
        rc = err_set_state(e, ERR_INVAL, "22004", "lower bound of FOR loop cannot be null");
    if (rc == 0 && b.null)
        rc = err_set_state(e, ERR_INVAL, "22004", "upper bound of FOR loop cannot be null");
    mem_ctx_free(tmp);
    if (rc != 0)
        return rc;
    int64_t i = a.u.i, end = b.u.i;
    bool any = false;
    for (;;) {
        if (s->reverse ? i < end : i > end)
            break;
        any = true;
        struct sql_value v = sql_int4((int32_t)i);
        if ((rc = set_scalar(r, s->target, &v, e)) != 0)
            return rc;
        if ((rc = sql_env_check_interrupts(r->env, e)) != 0)
            return rc;
        if ((rc = run_stmts(r, &s->body, e)) != 0)
            return rc;
        if (loop_done(r, s))
            break;
        i = s->reverse ? i - step : i + step;
        if (i > INT32_MAX || i < INT32_MIN)
            break;
    }
    set_found(r, any);
    return 0;
}

/* FOR over the rows of an open cursor. */
static int for_rows(struct pl_run *r, struct pl_stmt *s, struct sql_cursor *cur,
                    const struct sql_column *cols, size_t ncols, struct err *e)
{
    bool any = false;
    int rc = 0;
    for (;;) {
        const struct sql_value *row;
        bool has;
        if ((rc = sql_cursor_next(cur, &row, &has, e)) != 0 || !has)
            break;
        any = true;
        if (s->target >= 0 && (rc = assign_row(r, s->target, cols, ncols, row, e)) != 0)
            break;
        if ((rc = run_stmts(r, &s->body, e)) != 0)
            break;
        if (loop_done(r, s))
            break;
    }
    if (rc == 0)
        set_found(r, any);
    return rc;
}

static int exec_fors(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_expr *x = s->expr;
    if (x->sql == NULL)
        x->sql = x->query;
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql fors");
    struct sql_cursor *cur;
    int rc = open_expr(r, x, tmp, &cur, e);
    if (rc == 2)
        rc = err_set_state(e, ERR_INVAL, "42601", "cannot open %s query as cursor", "a non-SELECT");
    if (rc == 0) {
        size_t ncols;
        const struct sql_column *cols = sql_plan_columns(x->plan, &ncols);
        rc = for_rows(r, s, cur, cols, ncols, e);
        sql_cursor_close(cur);
    }
    mem_ctx_free(tmp);
    return rc;
}

static int exec_dynfors(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql dynfors");
    char *sql;
    struct sql_value *params;
    uint32_t *types;
    struct sql_plan *p = NULL;
    int rc = dyn_prepare(r, s, tmp, &sql, &params, &types, e);
    if (rc == 0)
        rc = dyn_plan(r, sql, types, s->nparams, tmp, &p, e);
    if (rc == 2)
        rc = err_set_state(e, ERR_INVAL, "42P11", "cannot open %s query as cursor", "a non-SELECT");
    struct sql_cursor *cur;
    if (rc == 0 &&
        (rc = sql_cursor_open(r->env, p, params, (size_t)s->nparams, tmp, &cur, e)) == 0) {
        size_t ncols;
        const struct sql_column *cols = sql_plan_columns(p, &ncols);
        rc = for_rows(r, s, cur, cols, ncols, e);
        sql_cursor_close(cur);
    }
    mem_ctx_free(tmp);
    return rc;
}

static int exec_foreach(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql foreach");
    struct sql_value av;
    int rc = eval(r, s->expr, tmp, &av, e);
    if (rc == 0 && av.null)
        rc = err_set_state(e, ERR_INVAL, "22004", "FOREACH expression must not be null");
    if (rc == 0 && sql_array_elemtype(av.type) == 0) {
        struct sbuf tn;
        sbuf_init(&tn);
        sql_type_format(av.type, -1, &tn);
        rc = err_set_state(e, ERR_INVAL, "42804",
                           "FOREACH expression must yield an array, not "
                           "type %s",
                           tn.data ? tn.data : "?");
        sbuf_free(&tn);
    }
    const struct sql_array *a = rc == 0 ? av.u.arr : NULL;
    int ndim = a != NULL ? a->ndim : 0;
    if (rc == 0 && (s->slice < 0 || s->slice > ndim))
        rc = err_set_state(e, ERR_INVAL, "2202E",
                           "slice dimension (%d) is out of the valid range 0..%d", s->slice, ndim);
    const struct pl_datum *td = &r->fn->datums[s->target];
    if (rc == 0 && s->slice > 0 && (td->kind != PLD_VAR || sql_array_elemtype(td->type) == 0))
        rc = err_set_state(e, ERR_INVAL, "42804",
                           "FOREACH ... SLICE loop variable must be of an array type");
    /* each step: one element, or a slice of the last s->slice dimensions */
    int per = 1;
    for (int k = ndim - s->slice; rc == 0 && s->slice > 0 && k < ndim; k++)
        per *= a->dims[k];
    bool any = false;
    for (int i = 0; rc == 0 && per > 0 && i + per <= a->nitems; i += per) {
        any = true;
        if (s->slice == 0) {
            rc = assign_value(r, s->target, &a->items[i], e);
        } else {
            struct mem_ctx *st = mem_ctx_new(tmp, "slice");
            struct sql_array *sa = sql_array_new(st, a->elemtype, per);
            sa->ndim = s->slice;
            for (int k = 0; k < s->slice; k++) {
                sa->dims[k] = a->dims[ndim - s->slice + k];
                sa->lbs[k] = 1;
            }
            for (int k = 0; k < per; k++)
                sa->items[k] = a->items[i + k];
            struct sql_value sv = sql_array_value(sa);
            sv.type = av.type;
            rc = assign_value(r, s->target, &sv, e);
            mem_ctx_free(st);
        }
        if (rc != 0)
            break;
        if ((rc = run_stmts(r, &s->body, e)) != 0)
            break;
        if (loop_done(r, s))
            break;
    }
    mem_ctx_free(tmp);
    if (rc == 0)
        set_found(r, any);
    return rc;
}

/* ---- RETURN ---- */

/* The OUT parameters as the result (a row when several). */
static int out_params_value(struct pl_run *r, struct mem_ctx *ctx, struct sql_value *out,
                            struct err *e)
{
    struct pl_func *fn = r->fn;
    struct pl_callinfo *ci = r->ci;
    if (fn->nout == 1 && ci->nresult == 0) {
        sql_value_copy(ctx, &val_of(r, fn->outdnos[0])->v, out);
        return 0;
    }
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, fn->nout);
    for (int i = 0; i < fn->nout; i++) {
        struct sql_value v = val_of(r, fn->outdnos[i])->v;
        uint32_t t = fn->datums[fn->outdnos[i]].type;
        if (v.type == 0)
            v = sql_null(t);
        int rc = cast_val(r, ctx, &v, t, -1, &a->items[i], e);
        if (rc != 0)
            return rc;
        struct sql_value c;
        sql_value_copy(ctx, &a->items[i], &c);
        a->items[i] = c;
    }
    sql__record_set_typmod(a, ci->rettypmod);
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = a;
    return 0;
}

/* An expression that names a record variable, or -1. */
static int record_name(struct pl_run *r, const struct pl_expr *x)
{
    char buf[128];
    size_t n = 0;
    for (const char *p = x->query; *p && n < sizeof buf - 1; p++)
        if (!isspace((unsigned char)*p))
            buf[n++] = (char)tolower((unsigned char)*p);
    buf[n] = 0;
    for (int i = x->nvis - 1; i >= 0; i--) {
        const struct pl_datum *d = &r->fn->datums[x->vis[i].dno];
        if (d->name != NULL && strcmp(d->name, buf) == 0)
            return is_record_datum(d) ? x->vis[i].dno : -1;
    }
    return -1;
}

/* The value a RETURN / RETURN NEXT expression (or variable dno, when x is
 * NULL) gives, cast to the result. */
static int return_value(struct pl_run *r, struct pl_expr *x, int dno, struct mem_ctx *ctx,
                        struct sql_value *out, struct err *e)
{
    struct pl_callinfo *ci = r->ci;
    int rd = x != NULL ? record_name(r, x) : -1;
    struct sql_value v;
    int rc;
    if (x == NULL) {
        const struct pl_datum *d = &r->fn->datums[dno];
        if (is_record_datum(d))
            v = record_value(r, dno, ctx);
        else if (d->kind == PLD_ROW) {
            struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, d->nfields);
            for (int i = 0; i < d->nfields; i++)
                a->items[i] = val_of(r, d->varnos[i])->v;
            v = sql_null(SQL_T_RECORD);
            v.null = false;
            v.u.arr = a;
        } else
            v = val_of(r, dno)->v;
    } else if (rd >= 0) {
        v = record_value(r, rd, ctx);
    } else if ((rc = eval(r, x, ctx, &v, e)) != 0) {
        return rc;
    }
    if (ci->nresult > 0) {
        /* a row result */
        if (v.null) {
            *out = sql_null(SQL_T_RECORD);
            return 0;
        }
        if (v.type != SQL_T_RECORD)
            return err_set_state(e, ERR_INVAL, "42804",
                                 "cannot return non-composite value from function returning "
                                 "composite type");
        const struct sql_array *a = v.u.arr;
        if (a->nitems != ci->nresult)
            return err_set_state(e, ERR_INVAL, "42804",
                                 "returned record type does not match expected record type");
        struct sql_array *o = sql_array_new(ctx, SQL_T_RECORD, ci->nresult);
        for (int i = 0; i < ci->nresult; i++)
            if ((rc = cast_val(r, ctx, &a->items[i], ci->resulttypes[i], -1, &o->items[i], e)) != 0)
                return rc;
        sql__record_set_typmod(o, ci->rettypmod);
        *out = sql_null(SQL_T_RECORD);
        out->null = false;
        out->u.arr = o;
        return 0;
    }
    if (ci->rettype == SQL_T_VOID) {
        *out = sql_null(SQL_T_VOID);
        return 0;
    }
    return cast_val(r, ctx, &v, ci->rettype, -1, out, e);
}

static void push_row(struct pl_run *r, const struct sql_value *v)
{
    struct pl_callinfo *ci = r->ci;
    if (ci->nsetrows == ci->capsetrows) {
        int nc = ci->capsetrows ? ci->capsetrows * 2 : 16;
        ci->setrows = mem_realloc(r->ctx, ci->setrows, sizeof *ci->setrows * (size_t)ci->capsetrows,
                                  sizeof *ci->setrows * (size_t)nc);
        ci->capsetrows = nc;
    }
    sql_value_copy(r->ctx, v, &ci->setrows[ci->nsetrows++]);
}

static int exec_return(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_callinfo *ci = r->ci;
    if (s->lineno == 0 && s->expr == NULL)
        return 0; /* the parser's RETURN at the end of every body: falling off the end */
    r->flow = FLOW_RETURN;
    if (ci->trig != NULL) {
        if (s->expr == NULL && s->target < 0)
            return err_set_state(e, ERR_INVAL, "2F005",
                                 "control reached end of trigger procedure without RETURN");
        int rd = s->expr != NULL ? record_name(r, s->expr) : s->target;
        if (rd >= 0 && !is_record_datum(&r->fn->datums[rd]))
            rd = -1;
        if (rd >= 0) {
            struct pl_val *pv = val_of(r, rd);
            if (!pv->rec_set) {
                ci->trig_null = true;
                return 0;
            }
            if (pv->n != ci->trig->ncols)
                return err_set_state(e, ERR_INVAL, "42804",
                                     "returned row structure does not match the structure of "
                                     "the triggering table" SQL_NUM_DETAIL_SEP
                                     "Number of returned columns (%d) does not match expected "
                                     "column count (%d).",
                                     pv->n, ci->trig->ncols);
            ci->trig_null = false;
            ci->trig_row = pv->vals;
            return 0;
        }
        struct sql_value v;
        int rc = eval(r, s->expr, r->ctx, &v, e);
        if (rc != 0)
            return rc;
        if (v.null) {
            ci->trig_null = true;
            return 0;
        }
        if (v.type != SQL_T_RECORD)
            return err_set_state(e, ERR_INVAL, "42804",
                                 "cannot return non-composite value from function returning "
                                 "composite type");
        if (v.u.arr->nitems != ci->trig->ncols)
            return err_set_state(e, ERR_INVAL, "42804",
                                 "returned row structure does not match the structure of the "
                                 "triggering table" SQL_NUM_DETAIL_SEP
                                 "Number of returned columns (%d) does not match expected "
                                 "column count (%d).",
                                 v.u.arr->nitems, ci->trig->ncols);
        ci->trig_null = false;
        ci->trig_row = (struct sql_value *)v.u.arr->items;
        return 0;
    }
    if (ci->rows && r->fn->f->retset)
        return 0; /* RETURN in a SETOF function ends it */
    if (s->expr == NULL && s->target >= 0)
        return return_value(r, NULL, s->target, r->ctx, &ci->result, e);
    if (s->expr == NULL) {
        if (r->fn->nout > 0)
            return out_params_value(r, r->ctx, &ci->result, e);
        ci->result = sql_null(ci->rettype);
        if (ci->rettype == SQL_T_VOID)
            ci->result.null = false;
        return 0;
    }
    return return_value(r, s->expr, -1, r->ctx, &ci->result, e);
}

static int exec_return_next(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_callinfo *ci = r->ci;
    if (!r->fn->f->retset)
        return err_set_state(e, ERR_INVAL, "42804",
                             "cannot use RETURN NEXT in a non-SETOF "
                             "function");
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql return next");
    struct sql_value v;
    int rc;
    if (s->expr == NULL && s->target >= 0)
        rc = return_value(r, NULL, s->target, tmp, &v, e);
    else if (s->expr == NULL)
        rc = out_params_value(r, tmp, &v, e);
    else
        rc = return_value(r, s->expr, -1, tmp, &v, e);
    if (rc == 0 && ci->rows)
        push_row(r, &v);
    mem_ctx_free(tmp);
    return rc;
}

static int exec_return_query(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_callinfo *ci = r->ci;
    if (!r->fn->f->retset)
        return err_set_state(e, ERR_INVAL, "42804",
                             "cannot use RETURN QUERY in a non-SETOF function");
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql return query");
    struct sql_cursor *cur = NULL;
    size_t ncols = 0;
    int rc;
    if (s->is_exit) {
        char *sql;
        struct sql_value *params;
        uint32_t *types;
        struct sql_plan *p = NULL;
        rc = dyn_prepare(r, s, tmp, &sql, &params, &types, e);
        if (rc == 0)
            rc = dyn_plan(r, sql, types, s->nparams, tmp, &p, e);
        if (rc == 0)
            rc = sql_cursor_open(r->env, p, params, (size_t)s->nparams, tmp, &cur, e);
        if (rc == 0)
            sql_plan_columns(p, &ncols);
    } else {
        if (s->expr->sql == NULL)
            s->expr->sql = s->expr->query;
        rc = open_expr(r, s->expr, tmp, &cur, e);
        if (rc == 0)
            sql_plan_columns(s->expr->plan, &ncols);
    }
    if (rc == 2)
        rc = err_set_state(e, ERR_INVAL, "42601", "cannot open a non-SELECT query as cursor");
    uint64_t n = 0;
    if (rc == 0) {
        int want = ci->nresult > 0 ? ci->nresult : 1;
        if ((int)ncols != want)
            rc = err_set_state(e, ERR_INVAL, "42804",
                               "structure of query does not match function result type"
                               "\nDETAIL:  Number of returned columns (%zu) does not match "
                               "expected column count (%d).",
                               ncols, want);
    }
    while (rc == 0) {
        const struct sql_value *row;
        bool has;
        if ((rc = sql_cursor_next(cur, &row, &has, e)) != 0 || !has)
            break;
        n++;
        struct mem_ctx *rt = mem_ctx_new(tmp, "row");
        struct sql_value v;
        if (ci->nresult > 0) {
            struct sql_array *o = sql_array_new(rt, SQL_T_RECORD, ci->nresult);
            for (int i = 0; i < ci->nresult && rc == 0; i++)
                rc = cast_val(r, rt, &row[i], ci->resulttypes[i], -1, &o->items[i], e);
            sql__record_set_typmod(o, ci->rettypmod);
            v = sql_null(SQL_T_RECORD);
            v.null = false;
            v.u.arr = o;
        } else {
            rc = cast_val(r, rt, &row[0], ci->rettype, -1, &v, e);
        }
        if (rc == 0 && ci->rows)
            push_row(r, &v);
        mem_ctx_free(rt);
    }
    if (cur != NULL)
        sql_cursor_close(cur);
    mem_ctx_free(tmp);
    if (rc == 0) {
        r->rowcount = n;
        set_found(r, n > 0);
    }
    return rc;
}

/* ---- GET DIAGNOSTICS ---- */

static int exec_getdiag(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    if (s->stacked && r->handling == NULL)
        return err_set_state(e, ERR_INVAL, "0Z002",
                             "GET STACKED DIAGNOSTICS cannot be used outside an exception "
                             "handler");
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql diag");
    int rc = 0;
    for (int i = 0; i < s->ndiags && rc == 0; i++) {
        const char *k = s->diags[i].kind ? s->diags[i].kind : "";
        struct sql_value v = sql_null(SQL_T_TEXT);
        const char *txt = NULL;
        if (strcmp(k, "ROW_COUNT") == 0) {
            v = sql_int8((int64_t)r->rowcount);
        } else if (strcmp(k, "PG_ROUTINE_OID") == 0) {
            v = sql_int8(r->fn->f != NULL ? r->fn->f->oid : 0);
            v.type = SQL_T_OID;
        } else if (strcmp(k, "PG_CONTEXT") == 0) {
            txt = mem_printf(tmp, "PL/pgSQL function %s line %d at GET DIAGNOSTICS", r->fn->name,
                             s->lineno);
        } else if (r->handling != NULL) {
            const char *msg = r->handling->msg;
            if (strcmp(k, "RETURNED_SQLSTATE") == 0)
                txt = err_sqlstate(r->handling);
            else if (strcmp(k, "MESSAGE_TEXT") == 0)
                err_part(msg, NULL, tmp, &txt);
            else if (strcmp(k, "PG_EXCEPTION_DETAIL") == 0)
                err_part(msg, "\nDETAIL:  ", tmp, &txt);
            else if (strcmp(k, "PG_EXCEPTION_HINT") == 0)
                err_part(msg, "\nHINT:  ", tmp, &txt);
            else if (strcmp(k, "PG_EXCEPTION_CONTEXT") == 0) {
                const char *c = strstr(msg, "\nCONTEXT:  ");
                txt = c != NULL ? c + 11 : "";
            } else if (strcmp(k, "COLUMN_NAME") == 0)
                err_part(msg, "\nCOLUMN NAME:  ", tmp, &txt);
            else if (strcmp(k, "CONSTRAINT_NAME") == 0)
                err_part(msg, "\nCONSTRAINT NAME:  ", tmp, &txt);
            else if (strcmp(k, "PG_DATATYPE_NAME") == 0)
                err_part(msg, "\nDATATYPE NAME:  ", tmp, &txt);
            else if (strcmp(k, "TABLE_NAME") == 0)
                err_part(msg, "\nTABLE NAME:  ", tmp, &txt);
            else if (strcmp(k, "SCHEMA_NAME") == 0)
                err_part(msg, "\nSCHEMA NAME:  ", tmp, &txt);
            if (txt == NULL)
                txt = "";
        }
        if (txt != NULL)
            v = sql_cstr(txt);
        rc = assign_value(r, s->diags[i].target, &v, e);
    }
    mem_ctx_free(tmp);
    return rc;
}

/* ---- CALL ---- */

/* The datum an argument's text names (a plain variable), -1 when none. */
static int arg_var(struct pl_run *r, const struct pl_expr *x, const char *a, size_t n)
{
    while (n > 0 && isspace((unsigned char)*a))
        a++, n--;
    while (n > 0 && isspace((unsigned char)a[n - 1]))
        n--;
    char name[SQL_NAME_BUF];
    if (n == 0 || n >= sizeof name)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)a[i]) && a[i] != '_' && a[i] != '$')
            return -1;
        name[i] = (char)tolower((unsigned char)a[i]);
    }
    name[n] = 0;
    if (name[0] == '$') {
        int k = atoi(name + 1);
        return k >= 1 && k <= r->fn->ndatums ? k - 1 : -1;
    }
    for (int i = x->nvis - 1; i >= 0; i--) {
        const struct pl_datum *d = &r->fn->datums[x->vis[i].dno];
        const char *nm = x->vis[i].alias != NULL ? x->vis[i].alias : d->name;
        if (nm != NULL && strcmp(nm, name) == 0)
            return x->vis[i].dno;
    }
    return -1;
}

/* CALL proc(args): run as the query SELECT proc(args), then the
 * procedure's OUT / INOUT results assigned to the variables passed for
 * them (PostgreSQL: 42601 when such an argument is no variable). */
static int exec_call(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    struct pl_expr *x = s->expr;
    const char *q = x->query;
    while (isspace((unsigned char)*q))
        q++;
    if (strncasecmp(q, "call", 4) == 0)
        q += 4;
    if (x->sql == NULL) {
        x->sql = mem_printf(r->fn->ctx, "SELECT %s", q);
        x->sqloff = 7 - (int)(q - x->query);
    }
    const struct sql_fn_desc *f = NULL;
    int rc = 0;
    if (x->plan == NULL) {
        eng__sqlfn_allow_call(true, NULL);
        rc = plan_expr(r, x, e);
        eng__sqlfn_allow_call(false, &f);
        if (rc == 0 && f == NULL)
            rc = err_set_state(e, ERR_INVAL, "42809", "%s is not a procedure", q);
        if (rc != 0) {
            x->plan = NULL;
            return rc == 2 ? err_set_state(e, ERR_INVAL, "42601", "syntax error in CALL") : rc;
        }
        x->proc = f;
    }
    f = x->proc;
    struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql call");
    struct sql_value v;
    rc = eval(r, x, tmp, &v, e);
    int nout = 0;
    for (int i = 0; rc == 0 && i < f->nargs; i++)
        nout += f->args[i].mode == 'o' || f->args[i].mode == 'b';
    if (rc == 0 && nout > 0) {
        /* the argument texts, split at top-level commas */
        const char *open = strchr(q, '(');
        const char *a = open != NULL ? open + 1 : "";
        int depth = 0, k = 0, o = 0;
        bool sq = false;
        for (const char *p = a; rc == 0 && *p; p++) {
            if (sq) {
                sq = *p != '\'';
                continue;
            }
            if (*p == '\'')
                sq = true;
            else if (*p == '(' || *p == '[')
                depth++;
            else if ((*p == ')' || *p == ']') && depth > 0)
                depth--;
            else if ((*p == ',' && depth == 0) || (*p == ')' && depth == 0)) {
                if (k < f->nargs && (f->args[k].mode == 'o' || f->args[k].mode == 'b')) {
                    int dno = arg_var(r, x, a, (size_t)(p - a));
                    struct sql_value ov = sql_null(f->args[k].type);
                    if (nout == 1 && v.type != SQL_T_RECORD)
                        ov = v;
                    else if (v.type == SQL_T_RECORD && !v.null && o < v.u.arr->nitems)
                        ov = v.u.arr->items[o];
                    if (dno < 0)
                        rc = err_set_state(e, ERR_INVAL, "42601",
                                           "procedure parameter \"%s\" is an output parameter but "
                                           "corresponding argument is not writable",
                                           f->args[k].name);
                    else
                        rc = assign_value(r, dno, &ov, e);
                    o++;
                }
                k++;
                a = p + 1;
                if (*p == ')')
                    break;
            }
        }
    }
    mem_ctx_free(tmp);
    return rc;
}

/* ---- blocks and exceptions ---- */

static bool cond_matches(const struct pl_cond *c, const char *state)
{
    if (c->others)
        return strcmp(state, "57014") != 0 && strcmp(state, "P0004") != 0;
    const char *want = c->sqlstate[0] ? c->sqlstate : NULL;
    if (c->name != NULL) {
        /* a name may stand for several codes (PostgreSQL lists some twice) */
        for (size_t i = 0; i < sizeof pl_conds / sizeof pl_conds[0]; i++) {
            if (strcmp(pl_conds[i].name, c->name) != 0)
                continue;
            const char *w = pl_conds[i].state;
            if (strcmp(w + 2, "000") == 0 ? strncmp(w, state, 2) == 0 : strcmp(w, state) == 0)
                return true;
        }
        return false;
    }
    if (want == NULL)
        return false;
    if (strcmp(want + 2, "000") == 0)
        return strncmp(want, state, 2) == 0;
    return strcmp(want, state) == 0;
}

static int init_vars(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    for (int i = 0; i < s->ninit; i++) {
        int dno = s->initvars[i];
        struct pl_datum *d = &r->fn->datums[dno];
        struct pl_val *pv = val_of(r, dno);
        if (is_record_datum(d)) {
            if (d->ncols > 0) {
                set_record(r, dno, d->ncols, d->colnames, d->coltypes, NULL);
                pv->rec_set = d->ncols > 0 && d->typname != NULL && strstr(d->typname, "%") != NULL;
                pv->rec_set = true;
            } else {
                pv->rec_set = false;
                pv->n = 0;
            }
            continue;
        }
        if (d->is_cursor) {
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "feature not supported: cursor variables in PL/pgSQL");
        }
        struct sql_value v = sql_null(d->type);
        int rc;
        if (d->def != NULL) {
            struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql init");
            rc = eval(r, d->def, tmp, &v, e);
            if (rc == 0) {
                bool nn = d->notnull;
                if (v.null && nn) {
                    rc = err_set_state(e, ERR_INVAL, "22004",
                                       "null value cannot be assigned to variable \"%s\" declared "
                                       "NOT NULL",
                                       d->name);
                } else {
                    rc = set_scalar(r, dno, &v, e);
                }
            }
            mem_ctx_free(tmp);
            if (rc != 0)
                return rc;
            continue;
        }
        if (d->notnull)
            return err_set_state(e, ERR_INVAL, "22004",
                                 "null value cannot be assigned to variable \"%s\" declared NOT "
                                 "NULL",
                                 d->name);
        val_reset(r, pv);
        pv->v = sql_null(d->type);
    }
    return 0;
}

static int exec_block(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    int rc = init_vars(r, s, e);
    if (rc != 0) {
        if (!r->ctx_added) {
            r->ctx_added = true;
            char line[300];
            snprintf(line, sizeof line,
                     "PL/pgSQL function %s line %d during statement block local variable "
                     "initialization",
                     r->fn->name, s->decl_line > 0 ? s->decl_line : s->lineno);
            sql__pl_add_context(e, line);
        }
        return rc;
    }
    if (s->nhandlers == 0) {
        rc = run_stmts(r, &s->body, e);
    } else {
        uint64_t sp;
        if ((rc = kv_txn_savepoint(r->env->txn, &sp, e)) != 0)
            return rc;
        /* deferred foreign key checks queued inside go with its writes */
        struct sql_fk_mark fm = sql_fk_deferred_mark(r->env);
        rc = run_stmts(r, &s->body, e);
        if (rc == 0) {
            rc = kv_txn_release(r->env->txn, sp, e);
        } else {
            const char *state = err_sqlstate(e);
            struct pl_handler *h = NULL;
            for (int i = 0; i < s->nhandlers && h == NULL; i++)
                for (int k = 0; k < s->handlers[i].nconds && h == NULL; k++)
                    if (cond_matches(&s->handlers[i].conds[k], state))
                        h = &s->handlers[i];
            if (h != NULL) {
                struct err saved = *e;
                struct err e2;
                err_clear(&e2);
                if (kv_txn_rollback_to(r->env->txn, sp, &e2) != 0) {
                    *e = e2;
                    return e2.code ? e2.code : ERR_INTERNAL;
                }
                kv_txn_release(r->env->txn, sp, &e2);
                sql_fk_deferred_rollback_to(r->env, fm);
                err_clear(e);
                r->flow = FLOW_OK;
                r->flow_label = NULL;
                r->ctx_added = false;
                struct mem_ctx *hctx = mem_ctx_new(r->ctx, "plpgsql handler");
                struct err *held = mem_alloc(hctx, sizeof *held);
                *held = saved;
                const struct err *prev = r->handling;
                r->handling = held;
                if (s->sqlstate_dno >= 0) {
                    struct sql_value v = sql_cstr(err_sqlstate(&saved));
                    set_scalar(r, s->sqlstate_dno, &v, NULL);
                }
                if (s->sqlerrm_dno >= 0) {
                    const char *m;
                    err_part(saved.msg, NULL, hctx, &m);
                    struct sql_value v = sql_cstr(m);
                    set_scalar(r, s->sqlerrm_dno, &v, NULL);
                }
                rc = run_stmts(r, &h->body, e);
                r->handling = prev;
                mem_ctx_free(hctx);
            }
        }
    }
    if (rc == 0 && r->flow == FLOW_EXIT && r->flow_label != NULL && s->label != NULL &&
        strcmp(r->flow_label, s->label) == 0) {
        r->flow = FLOW_OK;
        r->flow_label = NULL;
    }
    return rc;
}

/* ---- statements ---- */

static int run_stmt(struct pl_run *r, struct pl_stmt *s, struct err *e)
{
    int rc = 0;
    bool b;
    switch (s->kind) {
    case PLS_BLOCK:
        rc = exec_block(r, s, e);
        break;
    case PLS_ASSIGN:
        rc = exec_assign(r, s, e);
        break;
    case PLS_IF:
        if ((rc = eval_bool(r, s->expr, &b, e)) != 0)
            break;
        if (b) {
            rc = run_stmts(r, &s->body, e);
            break;
        }
        for (int i = 0; i < s->nelsif; i++) {
            if ((rc = eval_bool(r, s->elsifs[i].cond, &b, e)) != 0)
                break;
            if (b)
                return run_stmts(r, &s->elsifs[i].body, e);
        }
        if (rc == 0)
            rc = run_stmts(r, &s->else_body, e);
        break;
    case PLS_CASE: {
        if (s->expr != NULL) {
            struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql case");
            struct sql_value v;
            rc = eval(r, s->expr, tmp, &v, e);
            if (rc == 0) {
                /* the hidden variable takes the value's type */
                struct pl_datum *d = &r->fn->datums[s->target];
                if (d->type != v.type && v.type != SQL_T_UNKNOWN) {
                    d->type = v.type;
                    for (int i = 0; i < s->nelsif; i++)
                        s->elsifs[i].cond->plan = NULL;
                }
                rc = set_scalar(r, s->target, &v, e);
            }
            mem_ctx_free(tmp);
            if (rc != 0)
                break;
        }
        for (int i = 0; i < s->nelsif; i++) {
            if ((rc = eval_bool(r, s->elsifs[i].cond, &b, e)) != 0)
                break;
            if (b)
                return run_stmts(r, &s->elsifs[i].body, e);
        }
        if (rc != 0)
            break;
        if (!s->have_else)
            rc = err_set_state(e, ERR_NOTFOUND, "20000",
                               "case not found" SQL_FUNC_HINT_SEP
                               "CASE statement is missing ELSE part.");
        else
            rc = run_stmts(r, &s->else_body, e);
        break;
    }
    case PLS_LOOP:
        for (;;) {
            if ((rc = sql_env_check_interrupts(r->env, e)) != 0)
                break;
            if ((rc = run_stmts(r, &s->body, e)) != 0)
                break;
            if (loop_done(r, s))
                break;
        }
        break;
    case PLS_WHILE:
        for (;;) {
            if ((rc = sql_env_check_interrupts(r->env, e)) != 0)
                break;
            if ((rc = eval_bool(r, s->expr, &b, e)) != 0 || !b)
                break;
            if ((rc = run_stmts(r, &s->body, e)) != 0)
                break;
            if (loop_done(r, s))
                break;
        }
        break;
    case PLS_FORI:
        rc = exec_fori(r, s, e);
        break;
    case PLS_FORS:
        rc = exec_fors(r, s, e);
        break;
    case PLS_DYNFORS:
        rc = exec_dynfors(r, s, e);
        break;
    case PLS_FOREACH:
        rc = exec_foreach(r, s, e);
        break;
    case PLS_EXIT:
        if (s->expr != NULL) {
            if ((rc = eval_bool(r, s->expr, &b, e)) != 0 || !b)
                break;
        }
        r->flow = s->is_exit ? FLOW_EXIT : FLOW_CONTINUE;
        r->flow_label = s->label;
        break;
    case PLS_RETURN:
        rc = exec_return(r, s, e);
        break;
    case PLS_RETURN_NEXT:
        rc = exec_return_next(r, s, e);
        break;
    case PLS_RETURN_QUERY:
        rc = exec_return_query(r, s, e);
        break;
    case PLS_RAISE:
        rc = exec_raise(r, s, e);
        break;
    case PLS_ASSERT: {
        if ((rc = eval_bool(r, s->expr, &b, e)) != 0)
            break;
        if (!b) {
            const char *msg = "assertion failed";
            struct mem_ctx *tmp = mem_ctx_new(r->ctx, "plpgsql assert");
            if (s->upper != NULL) {
                struct sql_value v;
                if ((rc = eval(r, s->upper, tmp, &v, e)) != 0) {
                    mem_ctx_free(tmp);
                    break;
                }
                if (!v.null) {
                    struct sbuf t;
                    sbuf_init(&t);
                    value_text(r, &v, &t, e);
                    msg = mem_strndup(tmp, t.data ? t.data : "", t.len);
                    sbuf_free(&t);
                }
            }
            rc = err_set_state(e, ERR_INVAL, "P0004", "%s", msg);
            mem_ctx_free(tmp);
        }
        break;
    }
    case PLS_EXECSQL:
        rc = exec_sql(r, s, e);
        break;
    case PLS_DYNEXECUTE:
        rc = exec_dynexecute(r, s, e);
        break;
    case PLS_GETDIAG:
        rc = exec_getdiag(r, s, e);
        break;
    case PLS_PERFORM:
        rc = exec_perform(r, s, e);
        break;
    case PLS_CALL:
        rc = exec_call(r, s, e);
        break;
    case PLS_COMMIT:
    case PLS_ROLLBACK:
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000", "invalid transaction termination");
        memcpy(e->sqlstate, "2D000", 6);
        break;
    case PLS_UNSUPPORTED:
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "feature not supported: PL/pgSQL statement %s", s->what);
        break;
    }
    if (rc != 0)
        stmt_context(r, s, e);
    return rc;
}

static int run_stmts(struct pl_run *r, const struct pl_stmts *ss, struct err *e)
{
    for (int i = 0; i < ss->n; i++) {
        int rc = run_stmt(r, ss->v[i], e);
        if (rc != 0)
            return rc;
        if (r->flow != FLOW_OK)
            return 0;
    }
    return 0;
}

/* ---- the call ---- */

int sql__pl_exec(struct sql_env *env, struct pl_func *fn, const struct sql_value *args, int nargs,
                 struct pl_callinfo *ci, struct mem_ctx *ctx, struct err *e)
{
    struct pl_run r;
    memset(&r, 0, sizeof r);
    r.env = env;
    r.fn = fn;
    r.ctx = ctx;
    r.ci = ci;
    r.vals = mem_alloc0(ctx, sizeof *r.vals * (size_t)(fn->ndatums + 1));
    for (int i = 0; i < fn->ndatums; i++)
        r.vals[i].v = sql_null(fn->datums[i].type);
    int rc = 0;
    /* the parameters */
    const struct sql_fn_desc *f = fn->f;
    int k = 0;
    for (int i = 0; !fn->is_do && i < f->nargs && i < fn->ndatums; i++) {
        char m = f->args[i].mode;
        if (sql__fn_is_input(f, m)) {
            if (k < nargs) {
                struct pl_val *pv = &r.vals[i];
                val_reset(&r, pv);
                sql_value_copy(pv->ctx, &args[k], &pv->v);
                if (args[k].null)
                    pv->v.type = fn->datums[i].type;
            }
            k++;
        }
    }
    set_found(&r, false);
    if (ci->trig != NULL) {
        const struct sql_trig_event *ev = ci->trig;
        const char *const *names = ev->colnames;
        set_record(&r, fn->new_dno, ev->ncols, names, ev->coltypes, ev->new_row);
        set_record(&r, fn->old_dno, ev->ncols, names, ev->coltypes, ev->old_row);
    }
    ci->result = sql_null(ci->rettype);
    ci->trig_null = true;
    fn->active++;
    rc = run_stmt(&r, fn->action, e);
    fn->active--;
    if (rc == 0 && r.flow != FLOW_RETURN && ci->trig != NULL)
        rc = err_set_state(e, ERR_INVAL, "2F005",
                           "control reached end of trigger procedure without RETURN"
                           "\nCONTEXT:  PL/pgSQL function %s",
                           fn->name);
    else if (rc == 0 && r.flow != FLOW_RETURN && !fn->is_do && !fn->is_proc && !f->retset) {
        if (fn->nout > 0)
            rc = out_params_value(&r, ctx, &ci->result, e);
        else if (ci->rettype != SQL_T_VOID)
            rc = err_set_state(e, ERR_INVAL, "2F005",
                               "control reached end of function without RETURN"
                               "\nCONTEXT:  PL/pgSQL function %s",
                               fn->name);
    }
    if (rc == 0 && fn->is_proc && fn->nout > 0)
        rc = out_params_value(&r, ctx, &ci->result, e);
    if (rc == 0 && ci->rettype == SQL_T_VOID && r.flow != FLOW_RETURN) {
        ci->result = sql_null(SQL_T_VOID);
        ci->result.null = false;
    }
    if (rc == 0 && ci->trig != NULL && !ci->trig_null && ci->trig_row != NULL) {
        /* the row, cast to the table's columns */
        const struct sql_trig_event *ev = ci->trig;
        struct sql_value *out = mem_alloc0(ctx, sizeof *out * (size_t)(ev->ncols + 1));
        for (int i = 0; i < ev->ncols && rc == 0; i++) {
            struct sql_value c;
            rc = cast_val(&r, ctx, &ci->trig_row[i], ev->coltypes[i], ev->coltypmods[i], &c, e);
            if (rc == 0)
                sql_value_copy(ctx, &c, &out[i]);
        }
        ci->trig_row = out;
    }
    return rc;
}
