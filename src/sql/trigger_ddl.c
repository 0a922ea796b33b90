/* trigger_ddl.c — CREATE [OR REPLACE] TRIGGER, DROP TRIGGER, ALTER TRIGGER
 * ... RENAME TO, ALTER TABLE ... ENABLE / DISABLE TRIGGER and the triggers
 * of a dropped function (trigger.h).
 *
 * A trigger is an entry of its table's descriptor (the 'T' trailer,
 * catalog.c), so these statements rewrite the descriptor through the DDL
 * transaction like any ALTER TABLE: ROLLBACK leaves nothing, the catalog
 * cache and cached plans follow. Checks and messages follow PostgreSQL 15's
 * CreateTriggerFiringOn (commands/trigger.c) in its order.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/engine_int.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/parse.h"
#include "sql/sqlfn.h"
#include "sql/trigger.h"

#include <stdio.h>
#include <string.h>

#define T_TRIGGER 2279 /* pg_type "trigger" */

static int find_trig(const struct sql_table_desc *t, const char *name)
{
    for (int i = 0; i < t->ntrigs; i++)
        if (strcmp(t->trigs[i].name, name) == 0)
            return i;
    return -1;
}

/* The relation a trigger statement names: tables and views (PostgreSQL's
 * "relation cannot have triggers" for the other kinds). */
static int open_rel(struct sql_env *env, const struct sql_rangevar *rv, bool missing_ok,
                    const struct sql_table_desc **out, struct err *e)
{
    *out = NULL;
    uint32_t oid;
    char kind;
    if (missing_ok && rv->name.schema != NULL) { /* DROP TRIGGER IF EXISTS ... ON s.t */
        uint32_t ns;
        int rc = sql__schema_oid(env, rv->name.schema, &ns, e);
        if (rc != 0)
            return rc;
        if (ns == 0)
            return sql__ddl_notice(env, "00000", "schema \"%s\" does not exist, skipping",
                                   rv->name.schema);
    }
    int rc = sql__find_rel_rv(env, rv, missing_ok, &oid, &kind, e);
    if (rc != 0 || oid == 0)
        return rc;
    const struct sql_table_desc *t;
    if ((rc = sql_cat_table_by_oid(env, oid, &t, e)) != 0)
        return rc;
    if (t == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    if (t->kind == 'S' || t->matview)
        return err_set_state(e, ERR_INVAL, "42809",
                             "relation \"%s\" cannot have triggers\nDETAIL:  This operation is "
                             "not supported for %s.",
                             t->name, t->matview ? "materialized views" : "sequences");
    if (t->kind != 'r' && t->kind != 'v')
        return err_set_state(e, ERR_INVAL, "42809", "relation \"%s\" cannot have triggers",
                             t->name);
    *out = t;
    return 0;
}

struct refs {
    bool old_ref, new_ref;
    int old_loc, new_loc; /* of the first one */
    int new_sys_loc;      /* new.tableoid, new.ctid, ...: the first one, or -1 */
};

static bool sys_column(const char *c)
{
    static const char *const sys[] = {"tableoid", "ctid", "xmin", "cmin", "xmax", "cmax"};
    for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
        if (strcmp(c, sys[i]) == 0)
            return true;
    return false;
}

static bool visit_ref(struct sql_expr *x, bool known, void *arg)
{
    (void)known;
    struct refs *r = arg;
    if (x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n >= 1) {
        const char *q = x->u.column.fields.items[0];
        bool o = strcmp(q, "old") == 0, n = strcmp(q, "new") == 0;
        if (!o && !n)
            o = n = true; /* unqualified: the binder decides */
        if (o && !r->old_ref)
            r->old_loc = x->location;
        if (n && !r->new_ref)
            r->new_loc = x->location;
        r->old_ref |= o;
        r->new_ref |= n;
        if (n && !o && x->u.column.fields.n == 2 && r->new_sys_loc < 0 &&
            sys_column(x->u.column.fields.items[1]))
            r->new_sys_loc = x->location;
    }
    return true;
}

/* old IS DISTINCT FROM new is stored (and printed, as ruleutils.c prints a
 * whole-row Var) as old.* IS DISTINCT FROM new.* */
static bool visit_star(struct sql_expr *x, bool known, void *arg)
{
    const struct sql_table_desc *t = arg;
    if ((x->kind == SQL_EXPR_DISTINCT || x->kind == SQL_EXPR_OP) && x->u.op.l != NULL &&
        x->u.op.r != NULL) {
        struct sql_expr *sides[2] = {x->u.op.l, x->u.op.r};
        for (int i = 0; i < 2; i++) {
            struct sql_expr *c = sides[i];
            if (c->kind == SQL_EXPR_COLUMN && c->u.column.fields.n == 1 &&
                (strcmp(c->u.column.fields.items[0], "old") == 0 ||
                 strcmp(c->u.column.fields.items[0], "new") == 0) &&
                sql_cat_column(t, c->u.column.fields.items[0]) == NULL)
                c->u.column.star = true;
        }
    }
    return known;
}

static int store(struct sql_env *env, struct sql_table_desc *t, struct err *e)
{
    t->version++;
    return sql__desc_store(env, t, e);
}

static int create_trigger(struct sql_env *env, const struct sql_trig_ddl *d, struct err *e)
{
    int rc = sql__check_not_system(d->table->name.schema, d->table->name.name, e);
    const struct sql_table_desc *t0;
    if (rc == 0)
        rc = open_rel(env, d->table, false, &t0, e);
    if (rc != 0)
        return rc;
    bool is_view = t0->kind == 'v';
    int type = (d->row ? SQL_TRIG_ROW : 0) | d->timing | d->events;
    if (!is_view && d->timing == SQL_TRIG_INSTEAD)
        return err_set_state(e, ERR_INVAL, "42809",
                             "\"%s\" is a table\nDETAIL:  Tables cannot have INSTEAD OF triggers.",
                             t0->name);
    if (is_view && d->timing != SQL_TRIG_INSTEAD && d->row)
        return err_set_state(e, ERR_INVAL, "42809",
                             "\"%s\" is a view\nDETAIL:  Views cannot have row-level BEFORE or "
                             "AFTER triggers.",
                             t0->name);
    if (is_view && (d->events & SQL_TRIG_TRUNCATE))
        return err_set_state(e, ERR_INVAL, "42809",
                             "\"%s\" is a view\nDETAIL:  Views cannot have TRUNCATE triggers.",
                             t0->name);
    if ((d->events & SQL_TRIG_TRUNCATE) && d->row)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "TRUNCATE FOR EACH ROW triggers are not supported");
    if (d->timing == SQL_TRIG_INSTEAD) {
        if (!d->row)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "INSTEAD OF triggers must be FOR EACH ROW");
        if (d->when != NULL)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "INSTEAD OF triggers cannot have WHEN conditions");
        if (d->cols.n > 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "INSTEAD OF triggers cannot have column lists");
    }
    char *when_sql = NULL;
    if (d->when != NULL) {
        struct refs r = {false, false, -1, -1, -1};
        sql_expr_walk(d->when, visit_ref, &r);
        if (d->row && d->timing == SQL_TRIG_BEFORE && r.new_sys_loc >= 0)
            return eng__err(e, r.new_sys_loc, ERR_UNSUPPORTED, "0A000",
                            "BEFORE trigger's WHEN condition cannot reference NEW system columns");
        sql_expr_walk(d->when, visit_star, (void *)t0);
        when_sql = sql__deparse(env, d->when); /* before compiling rewrites whole rows */
        struct sql_rowexpr *x;
        if ((rc = sql_rowexpr_compile_when(env, t0, d->when, env->stmt_ctx, &x, e)) != 0)
            return rc;
        int first = !r.new_ref || (r.old_ref && r.old_loc < r.new_loc) ? r.old_loc : r.new_loc;
        if (!d->row && (r.old_ref || r.new_ref))
            return eng__err(e, first, ERR_INVAL, "42P17",
                            "statement trigger's WHEN condition cannot reference column values");
        if ((d->events & SQL_TRIG_INSERT) && r.old_ref)
            return eng__err(e, r.old_loc, ERR_INVAL, "42P17",
                            "INSERT trigger's WHEN condition cannot reference OLD values");
        if ((d->events & SQL_TRIG_DELETE) && r.new_ref)
            return eng__err(e, r.new_loc, ERR_INVAL, "42P17",
                            "DELETE trigger's WHEN condition cannot reference NEW values");
    }
    /* the function: name(), returning trigger */
    const struct sql_fn_desc **c;
    int n;
    if ((rc = sql__fn_candidates(env, d->func.schema, d->func.name, env->stmt_ctx, &c, &n, e)) != 0)
        return rc;
    const struct sql_fn_desc *f = NULL;
    for (int i = 0; i < n && f == NULL; i++)
        if (c[i]->nin == 0)
            f = c[i];
    if (f == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42883", "function %s%s%s() does not exist",
                             d->func.schema ? d->func.schema : "", d->func.schema ? "." : "",
                             d->func.name);
    if (f->rettype != T_TRIGGER)
        return err_set_state(e, ERR_INVAL, "42P17", "function %s%s%s must return type trigger",
                             d->func.schema ? d->func.schema : "", d->func.schema ? "." : "",
                             d->func.name);
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    /* UPDATE OF columns */
    uint32_t *cols = mem_alloc0(env->stmt_ctx, sizeof *cols * (size_t)(d->cols.n + 1));
    for (int i = 0; i < d->cols.n; i++) {
        const char *cn = d->cols.items[i];
        const struct sql_col_desc *col = sql_cat_column(t, cn);
        if (col == NULL || col->hidden)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" of relation \"%s\" does not exist", cn, t->name);
        for (int j = 0; j < i; j++)
            if (cols[j] == col->id)
                return err_set_state(e, ERR_INVAL, "42701",
                                     "column \"%s\" specified more than once", cn);
        cols[i] = col->id;
    }
    int pos = find_trig(t, d->name);
    if (pos >= 0 && !d->replace)
        return err_set_state(e, ERR_EXISTS, "42710",
                             "trigger \"%s\" for relation \"%s\" already exists", d->name, t->name);
    struct sql_trig_desc g;
    memset(&g, 0, sizeof g);
    if (pos >= 0) {
        g.oid = t->trigs[pos].oid;
    } else if ((rc = sql__oid_alloc(env, &g.oid, e)) != 0) {
        return rc;
    }
    snprintf(g.name, sizeof g.name, "%s", d->name);
    g.fn_oid = f->oid;
    g.type = (uint16_t)type;
    g.enabled = pos >= 0 ? t->trigs[pos].enabled : 'O';
    g.nargs = d->args.n;
    g.args = (char **)d->args.items;
    g.ncols = d->cols.n;
    g.col_ids = cols;
    g.when_sql = when_sql;
    if (pos >= 0) {
        t->trigs[pos] = g;
    } else {
        struct sql_trig_desc *nt = mem_alloc0(env->stmt_ctx, sizeof *nt * (size_t)(t->ntrigs + 1));
        if (t->ntrigs > 0)
            memcpy(nt, t->trigs, sizeof *nt * (size_t)t->ntrigs);
        nt[t->ntrigs++] = g;
        t->trigs = nt;
    }
    return store(env, t, e);
}

static int drop_trigger(struct sql_env *env, const struct sql_trig_ddl *d, struct err *e)
{
    const struct sql_table_desc *t0;
    int rc = open_rel(env, d->table, d->if_exists, &t0, e);
    if (rc != 0 || t0 == NULL)
        return rc;
    int pos = find_trig(t0, d->name);
    if (pos < 0) {
        if (d->if_exists)
            return sql__ddl_notice(env, "00000",
                                   "trigger \"%s\" for relation \"%s\" does not exist, skipping",
                                   d->name, t0->name);
        return err_set_state(e, ERR_NOTFOUND, "42704",
                             "trigger \"%s\" for table \"%s\" does not exist", d->name, t0->name);
    }
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    for (int i = pos; i + 1 < t->ntrigs; i++)
        t->trigs[i] = t->trigs[i + 1];
    t->ntrigs--;
    return store(env, t, e);
}

static int rename_trigger(struct sql_env *env, const struct sql_trig_ddl *d, struct err *e)
{
    const struct sql_table_desc *t0;
    int rc = open_rel(env, d->table, d->if_exists, &t0, e);
    if (rc != 0 || t0 == NULL)
        return rc;
    int pos = find_trig(t0, d->name);
    if (pos < 0)
        return err_set_state(e, ERR_NOTFOUND, "42704",
                             "trigger \"%s\" for table \"%s\" does not exist", d->name, t0->name);
    if (find_trig(t0, d->newname) >= 0)
        return err_set_state(e, ERR_EXISTS, "42710",
                             "trigger \"%s\" for relation \"%s\" already exists", d->newname,
                             t0->name);
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    snprintf(t->trigs[pos].name, sizeof t->trigs[pos].name, "%s", d->newname);
    return store(env, t, e);
}

int sql__trigger_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                     struct err *e)
{
    const struct sql_trig_ddl *d = st->u.trig_ddl;
    switch (d->op) {
    case 'c':
        sbuf_puts(tag, "CREATE TRIGGER");
        return create_trigger(env, d, e);
    case 'd':
        sbuf_puts(tag, "DROP TRIGGER");
        return drop_trigger(env, d, e);
    case 'r':
        sbuf_puts(tag, "ALTER TRIGGER");
        return rename_trigger(env, d, e);
    default:
        return err_set(e, ERR_INTERNAL, "trigger DDL: bad op");
    }
}

int sql__trigger_enable(struct sql_table_desc *t, const char *name, char which, char mode,
                        struct err *e)
{
    if (name != NULL) {
        int pos = find_trig(t, name);
        if (pos < 0)
            return err_set_state(e, ERR_NOTFOUND, "42704",
                                 "trigger \"%s\" for table \"%s\" does not exist", name, t->name);
        t->trigs[pos].enabled = mode;
        return 0;
    }
    /* ALL also names the internal (foreign key) triggers: PostgreSQL would
     * switch those too, which this engine cannot do */
    if (which == 'a' && mode == 'D' && (t->nfks > 0 || t->nrefby > 0))
        return sql__ddl_unsupported(e, "DISABLE TRIGGER ALL on a table with foreign keys");
    for (int i = 0; i < t->ntrigs; i++)
        t->trigs[i].enabled = mode;
    return 0;
}

static int fn_drop(struct sql_env *env, uint32_t fn_oid, const char *what, bool cascade,
                   struct sbuf *cascaded, int *ncascaded, struct err *e)
{
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    struct sbuf deps;
    sbuf_init(&deps);
    int nd = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct sql_table_desc *t = all[i];
        int hits = 0;
        for (int k = 0; k < t->ntrigs; k++) {
            if (t->trigs[k].fn_oid != fn_oid)
                continue;
            hits++;
            sbuf_printf(&deps, "%strigger %s on %s %s", nd++ > 0 ? "\n" : "", t->trigs[k].name,
                        t->kind == 'v' ? "view" : "table", t->name);
        }
        if (hits == 0 || !cascade)
            continue;
        struct sql_table_desc *w = sql__desc_copy(env->stmt_ctx, t);
        int m = 0;
        for (int k = 0; k < w->ntrigs; k++)
            if (w->trigs[k].fn_oid != fn_oid)
                w->trigs[m++] = w->trigs[k];
        w->ntrigs = m;
        rc = store(env, w, e);
    }
    if (rc == 0 && nd > 0 && !cascade) {
        if (nd == 1)
            rc = err_set_state(e, ERR_INVAL, "2BP01",
                               "cannot drop function %s because other objects depend on it"
                               "\nDETAIL:  %s depends on function %s"
                               "\nHINT:  Use DROP ... CASCADE to drop the dependent objects too.",
                               what, deps.data, what);
        else {
            struct sbuf dd;
            sbuf_init(&dd);
            for (const char *p = deps.data; p != NULL && *p;) {
                const char *nl = strchr(p, '\n');
                size_t l = nl ? (size_t)(nl - p) : strlen(p);
                sbuf_printf(&dd, "%s%.*s depends on function %s", dd.len ? "\n" : "", (int)l, p,
                            what);
                p = nl ? nl + 1 : p + l;
            }
            rc = err_set_state(e, ERR_INVAL, "2BP01",
                               "cannot drop function %s because other objects depend on it"
                               "\nDETAIL:  %s"
                               "\nHINT:  Use DROP ... CASCADE to drop the dependent objects too.",
                               what, dd.data);
            sbuf_free(&dd);
        }
    }
    if (rc == 0 && nd > 0 && cascade && cascaded != NULL) {
        sbuf_printf(cascaded, "%s%s", cascaded->len ? "\n" : "", deps.data);
        *ncascaded += nd;
    }
    sbuf_free(&deps);
    return rc;
}

int sql__trigger_fn_dropped(struct sql_env *env, const struct sql_fn_desc *f,
                            enum sql_drop_behavior behavior, struct err *e)
{
    struct sbuf sig, casc;
    sbuf_init(&sig);
    sbuf_init(&casc);
    sql__fn_signature(f, &sig);
    int nc = 0;
    int rc = fn_drop(env, f->oid, sig.data, behavior == SQL_DROP_CASCADE, &casc, &nc, e);
    if (rc == 0 && nc == 1)
        rc = sql__ddl_notice(env, "00000", "drop cascades to %s", casc.data);
    else if (rc == 0 && nc > 1 && env->notice != NULL) {
        char msg[64];
        snprintf(msg, sizeof msg, "drop cascades to %d other objects", nc);
        struct sbuf det;
        sbuf_init(&det);
        for (const char *p = casc.data; p != NULL && *p;) {
            const char *nl = strchr(p, '\n');
            size_t l = nl ? (size_t)(nl - p) : strlen(p);
            sbuf_printf(&det, "%sdrop cascades to %.*s", det.len ? "\n" : "", (int)l, p);
            p = nl ? nl + 1 : p + l;
        }
        struct sql_notice no = {
            .severity = "NOTICE", .sqlstate = "00000", .message = msg, .detail = det.data};
        rc = env->notice(env->notice_arg, &no);
        sbuf_free(&det);
    }
    sbuf_free(&sig);
    sbuf_free(&casc);
    return rc;
}

struct colref {
    const char *name;
    bool hit;
};

static bool visit_col(struct sql_expr *x, bool known, void *arg)
{
    (void)known;
    struct colref *c = arg;
    if (x->kind == SQL_EXPR_COLUMN && x->u.column.fields.n >= 2 &&
        strcmp(x->u.column.fields.items[1], c->name) == 0)
        c->hit = true;
    return true;
}

/* Does g's WHEN condition or UPDATE OF list name column name of t? */
static int trig_uses(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_trig_desc *g, const char *name, bool *uses, struct err *e)
{
    *uses = false;
    for (int j = 0; j < g->ncols && !*uses; j++) {
        const struct sql_col_desc *c = sql_cat_column_by_id(t, g->col_ids[j]);
        *uses = c != NULL && strcmp(c->name, name) == 0;
    }
    if (*uses || g->when_sql == NULL)
        return 0;
    char *q = mem_printf(env->stmt_ctx, "SELECT %s", g->when_sql);
    struct sql_parse_result pr;
    int rc = sql_parse(q, strlen(q), NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set(e, ERR_CORRUPT, "catalog: bad stored WHEN condition \"%s\"", g->when_sql);
    struct colref c = {name, false};
    sql_expr_walk(((struct sql_target *)pr.stmts[0]->u.select->targets.items[0])->val, visit_col,
                  &c);
    *uses = c.hit;
    return 0;
}

int sql__trigger_drop_column(struct sql_env *env, struct sql_table_desc *t, const char *name,
                             bool cascade, struct err *e)
{
    struct sbuf d;
    sbuf_init(&d);
    int m = 0, nd = 0, rc = 0;
    for (int k = 0; k < t->ntrigs && rc == 0; k++) {
        bool uses;
        if ((rc = trig_uses(env, t, &t->trigs[k], name, &uses, e)) != 0)
            break;
        if (!uses) {
            t->trigs[m++] = t->trigs[k];
            continue;
        }
        if (cascade)
            sbuf_printf(&d, "%sdrop cascades to trigger %s on table %s", nd ? "\n" : "",
                        t->trigs[k].name, t->name);
        else
            sbuf_printf(&d, "%strigger %s on table %s depends on column %s of table %s",
                        nd ? "\n" : "", t->trigs[k].name, t->name, name, t->name);
        nd++;
    }
    if (rc == 0 && nd > 0 && !cascade)
        rc = err_set_state(e, ERR_INVAL, "2BP01",
                           "cannot drop column %s of table %s because other objects depend on "
                           "it\nDETAIL:  %s\nHINT:  Use DROP ... CASCADE to drop the dependent "
                           "objects too.",
                           name, t->name, d.data);
    else if (rc == 0 && nd == 1)
        rc = sql__ddl_notice(env, "00000", "%s", d.data);
    else if (rc == 0 && nd > 1 && env->notice != NULL) {
        char msg[64];
        snprintf(msg, sizeof msg, "drop cascades to %d other objects", nd);
        struct sql_notice no = {
            .severity = "NOTICE", .sqlstate = "00000", .message = msg, .detail = d.data};
        rc = env->notice(env->notice_arg, &no);
    }
    if (rc == 0 && nd > 0)
        t->ntrigs = m;
    sbuf_free(&d);
    return rc;
}

struct sql_trig_desc *sql__trigs_copy(struct mem_ctx *ctx, const struct sql_trig_desc *src, int n)
{
    struct sql_trig_desc *c = mem_alloc0(ctx, sizeof *c * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        struct sql_trig_desc *g = &c[i];
        *g = src[i];
        g->args = mem_alloc0(ctx, sizeof *g->args * (size_t)(g->nargs + 1));
        for (int j = 0; j < g->nargs; j++)
            g->args[j] = mem_strdup(ctx, src[i].args[j]);
        g->col_ids = mem_alloc0(ctx, sizeof *g->col_ids * (size_t)(g->ncols + 1));
        if (g->ncols > 0)
            memcpy(g->col_ids, src[i].col_ids, sizeof *g->col_ids * (size_t)g->ncols);
        g->when_sql = src[i].when_sql != NULL ? mem_strdup(ctx, src[i].when_sql) : NULL;
    }
    return c;
}
