/* plan_dml.c — INSERT, UPDATE and DELETE plans: target columns, assignment
 * casts with typmods, column defaults compiled once per plan (identity
 * columns draw from their sequence), CHECK constraints, RETURNING, and for
 * UPDATE/DELETE the scan chosen by plan_scan.c (a primary-key point lookup
 * becomes a direct lock of the row: one kv read).
 */
#include "sql/ctype.h"
#include "kv/kv.h"
#include "sql/acl.h"
#include "sql/engine_int.h"
#include "sql/trigger.h"

#include "sql/parse.h"
#include "sql/temp.h"

#include <stdio.h>
#include <string.h>

static void type_name(uint32_t t, int32_t tm, char *buf, size_t cap)
{
    struct sbuf sb;
    sbuf_init(&sb);
    sql_type_format(t, tm, &sb);
    snprintf(buf, cap, "%s", sb.data ? sb.data : "");
    sbuf_free(&sb);
}

static int assign_coerce(struct binder *b, struct bx *x, const struct sql_col_desc *col,
                         struct bx **out, struct err *e)
{
    if (x->type != SQL_T_UNKNOWN && x->type != col->type &&
        sql__ctype_type_info(x->type) == NULL && /* eng__coerce: 0A000 */
        sql_cast_context(x->type, col->type) != SQL_CAST_IMPLICIT &&
        sql_cast_context(x->type, col->type) != SQL_CAST_ASSIGNMENT) {
        char a[128], c[128];
        type_name(col->ctype != 0 ? col->ctype : col->type, -1, c, sizeof c);
        type_name(x->type, -1, a, sizeof a);
        return eng__err(e, x->location, ERR_INVAL, "42804",
                        "column \"%s\" is of type %s but expression is of type %s" ENG_HINT_SEP
                        "You will need to rewrite or cast the expression.",
                        col->name, c, a);
    }
    bool lit = x->kind == BX_CONST && x->type == SQL_T_UNKNOWN;
    int rc = eng__coerce(b, x, col->type, col->typmod, COERCE_ASSIGNMENT, out, e);
    if (rc == 0 && col->domain != 0)
        rc = lit ? eng__domain_wrap_literal(b, *out, col->domain, x->location, out, e)
                 : eng__domain_wrap(b, *out, col->domain, out, e);
    return rc;
}

/* ---- defaults and checks ---- */

static int identity_nextval(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)n;
    int64_t v = 0;
    int rc = sql_seq_nextval(c->env, (uint32_t)a[0].u.i, &v, e);
    if (rc != 0)
        return rc;
    *out = sql_int8(v);
    return 0;
}

static const struct sql_func_def identity_def = {
    "nextval", 0, 1, false, {SQL_T_INT8}, SQL_T_INT8, identity_nextval, true, 'v'};

int eng__compile_text(struct binder *b, struct scope *s, const char *sql, uint32_t want_type,
                      int32_t want_typmod, bool is_check, struct bx **out, struct err *e)
{
    char *text = mem_printf(b->ctx, "SELECT %s", sql);
    struct sql_parse_result pr;
    int rc = sql_parse(text, strlen(text), NULL, b->ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set_state(e, ERR_CORRUPT, "XX000", "bad stored expression: %s", sql);
    const struct sql_target *t = pr.stmts[0]->u.select->targets.items[0];
    bool aa = s->allow_aggs;
    const char *af = s->agg_forbidden;
    s->allow_aggs = false;
    s->agg_forbidden = is_check ? "check constraints" : "DEFAULT expressions";
    struct bx *x;
    rc = eng__bind_expr(b, s, t->val, &x, e);
    s->allow_aggs = aa;
    s->agg_forbidden = af;
    eng__set_error_location(-1);
    if (rc != 0)
        return rc;
    if (is_check)
        return eng__coerce(b, x, SQL_T_BOOL, -1, COERCE_IMPLICIT, out, e);
    if (want_type == 0) {
        *out = x;
        return 0;
    }
    return eng__coerce(b, x, want_type, want_typmod, COERCE_ASSIGNMENT, out, e);
}

static int column_default_own(struct binder *b, const struct sql_table_desc *t, int ci,
                              struct bx **out, struct err *e);

static int column_default(struct binder *b, const struct sql_table_desc *t, int ci, struct bx **out,
                          struct err *e)
{
    int rc = column_default_own(b, t, ci, out, e);
    if (rc == 0 && t->cols[ci].domain != 0)
        rc = eng__domain_default(b, &t->cols[ci], *out, out, e);
    return rc;
}

static int column_default_own(struct binder *b, const struct sql_table_desc *t, int ci,
                              struct bx **out, struct err *e)
{
    const struct sql_col_desc *col = &t->cols[ci];
    *out = NULL;
    if (col->generated) /* computed over the new row (compile_checks) */
        return 0;
    if (col->identity != 0 && col->identity_seq != 0) {
        struct sql_value oid = sql_int8(col->identity_seq);
        struct bx *arg = eng__const(b->ctx, &oid, -1);
        struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
        m->def = &identity_def;
        m->nargs = 1;
        m->argtypes[0] = SQL_T_INT8;
        m->ret = SQL_T_INT8;
        m->ret_typmod = -1;
        struct bx *f = mem_alloc0(b->ctx, sizeof *f);
        f->kind = BX_FUNC;
        f->type = SQL_T_INT8;
        f->typmod = -1;
        f->location = -1;
        f->u.fn.m = m;
        f->u.fn.args = mem_alloc(b->ctx, sizeof(struct bx *));
        f->u.fn.args[0] = arg;
        f->u.fn.nargs = 1;
        f->u.fn.name = "nextval";
        f->u.fn.cache_slot = b->nfcache++;
        return eng__coerce(b, f, col->type, col->typmod, COERCE_ASSIGNMENT, out, e);
    }
    if (col->default_sql == NULL)
        return 0;
    struct scope *empty = mem_alloc0(b->ctx, sizeof *empty);
    return eng__compile_text(b, empty, col->default_sql, col->type, col->typmod, false, out, e);
}

static struct bx *null_of(struct binder *b, const struct sql_col_desc *col)
{
    struct sql_value v = sql_null(col->type);
    return eng__const(b->ctx, &v, col->typmod);
}

static int compile_checks_own(struct binder *b, struct pnode *m, const struct sql_table_desc *t,
                              struct scope *s, struct err *e);

/* CHECK constraints and generated columns over the new row: the columns
 * they read need no SELECT (bind_acl.c) */
static int compile_checks(struct binder *b, struct pnode *m, const struct sql_table_desc *t,
                          struct scope *s, struct err *e)
{
    b->acl_internal++;
    int rc = compile_checks_own(b, m, t, s, e);
    b->acl_internal--;
    return rc;
}

static int compile_checks_own(struct binder *b, struct pnode *m, const struct sql_table_desc *t,
                              struct scope *s, struct err *e)
{
    for (int i = 0; i < t->ncols; i++) {
        const struct sql_col_desc *col = &t->cols[i];
        if (!col->generated)
            continue;
        if (m->u.modify.gens == NULL)
            m->u.modify.gens = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(t->ncols + 1));
        int rc = eng__compile_text(b, s, col->default_sql, col->type, col->typmod, false,
                                   &m->u.modify.gens[i], e);
        if (rc == 0 && col->domain != 0)
            rc = eng__domain_wrap(b, m->u.modify.gens[i], col->domain, &m->u.modify.gens[i], e);
        if (rc != 0)
            return rc;
    }
    m->u.modify.nchecks = t->nchecks;
    m->u.modify.checks = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(t->nchecks + 1));
    for (int i = 0; i < t->nchecks; i++) {
        int rc = eng__compile_text(b, s, t->checks[i].expr_sql, SQL_T_BOOL, -1, true,
                                   &m->u.modify.checks[i], e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int returning(struct binder *b, struct scope *s, const struct sql_list *ret, struct pnode *m,
                     struct sql_plan *p, struct err *e)
{
    if (ret->n == 0)
        return 0;
    struct tlist tl = {0};
    /* PostgreSQL's EXPR_KIND_RETURNING */
    const char *af = s->agg_forbidden, *wf = s->win_forbidden, *sf = s->srf_forbidden;
    bool as = s->allow_srfs;
    s->agg_forbidden = s->win_forbidden = "RETURNING";
    s->srf_forbidden = "!RETURNING"; /* no HINT */
    s->allow_srfs = true;
    int rc = eng__bind_targets(b, s, ret, &tl, e);
    s->agg_forbidden = af;
    s->win_forbidden = wf;
    s->srf_forbidden = sf;
    s->allow_srfs = as;
    if (rc != 0)
        return rc;
    p->cols = mem_alloc0(b->ctx, sizeof *p->cols * (size_t)(tl.n > 0 ? tl.n : 1));
    for (int i = 0; i < tl.n; i++) {
        rc = eng__resolve_unknown(b, tl.x[i], &tl.x[i], e);
        if (rc != 0)
            return rc;
        const struct bx *x = tl.x[i];
        p->cols[i].name = tl.names[i];
        p->cols[i].type_oid = x->type;
        p->cols[i].typmod = x->typmod;
        const struct sql_type_info *ti = sql_type_get(x->type);
        p->cols[i].typlen = ti ? ti->typlen : -1;
        if (x->kind == BX_COL && x->u.col.level == 0 && x->u.col.table_oid != 0) {
            p->cols[i].table_oid = x->u.col.table_oid;
            p->cols[i].attnum = x->u.col.attnum;
        }
    }
    p->ncols = (size_t)tl.n;
    m->u.modify.returning = tl.x;
    m->u.modify.nreturning = tl.n;
    return 0;
}

/* The columns an INSERT / UPDATE names, for column privileges
 * (bind_acl.c); an INSERT without a column list: eng__plan_insert notes
 * the ones its source fills. */
static void perm_target_cols(struct binder *b, const struct sql_table_desc *t, int which,
                             const struct sql_list *targets)
{
    for (int i = 0; i < targets->n; i++) {
        const struct sql_target *tg = targets->items[i];
        const struct sql_col_desc *c = tg->name != NULL ? sql_cat_column(t, tg->name) : NULL;
        if (c != NULL)
            eng__perm_col(b, t, which, c->attnum);
    }
}

static int writable_table(struct binder *b, const struct sql_rangevar *rv,
                          const struct sql_table_desc **t, struct err *e)
{
    const char *schema = rv->name.schema;
    if (schema != NULL &&
        (strcmp(schema, "pg_catalog") == 0 || strcmp(schema, "information_schema") == 0))
        return eng__err(e, rv->location, ERR_UNSUPPORTED, "0A000",
                        "cannot change system catalog \"%s\"", rv->name.name);
    int rc = eng__lookup_table(b, rv, false, t, NULL, e);
    if (rc == 0) /* as PostgreSQL's setTargetTable */
        rc = eng__lock_rel(b, rv, false, KV_TLOCK_ROW_EXCLUSIVE, t, e);
    if (rc != 0)
        return rc;
    if ((*t)->kind == 'S')
        return eng__err(e, rv->location, ERR_INVAL, "42809", "cannot change sequence \"%s\"",
                        (*t)->name);
    if ((*t)->kind != 'r' && (*t)->kind != 'v')
        return eng__err(e, rv->location, ERR_INVAL, "42809", "cannot change relation \"%s\"",
                        (*t)->name);
    if ((*t)->matview && !b->env->matview_fill)
        return eng__err(e, -1, ERR_INVAL, "42809", "cannot change materialized view \"%s\"",
                        (*t)->name);
    if ((*t)->kind == 'r' && sql_temp_is_schema_name((*t)->schema))
        b->ndml_temp++;
    else
        b->ndml_perm++;
    return 0;
}

static bool plan_reads_table(const struct pnode *p, uint32_t oid)
{
    if (p == NULL)
        return false;
    if (p->kind == PN_SCAN && p->u.scan.t->oid == oid)
        return true;
    return plan_reads_table(p->l, oid) || plan_reads_table(p->r, oid);
}

static struct pnode *new_modify(struct binder *b, enum sql_stmt_kind op,
                                const struct sql_table_desc *t)
{
    struct pnode *m = mem_alloc0(b->ctx, sizeof *m);
    m->kind = PN_MODIFY;
    m->u.modify.op = op;
    m->u.modify.t = t;
    m->u.modify.defaults = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(t->ncols + 1));
    return m;
}

static int identity_error(struct binder *b, const struct sql_col_desc *col, int location,
                          struct err *e)
{
    (void)b;
    return eng__err(e, location, ERR_INVAL, "428C9",
                    "cannot insert a non-DEFAULT value into column \"%s\"" ENG_DETAIL_SEP
                    "Column \"%s\" is an identity column defined as GENERATED ALWAYS." ENG_HINT_SEP
                    "Use OVERRIDING SYSTEM VALUE to override.",
                    col->name, col->name);
}

static int generated_error(const struct sql_col_desc *col, struct err *e)
{
    return eng__err(e, -1, ERR_INVAL, "428C9",
                    "cannot insert a non-DEFAULT value into column \"%s\"" ENG_DETAIL_SEP
                    "Column \"%s\" is a generated column.",
                    col->name, col->name);
}

/* ---- INSERT ---- */

/* t.* or (x).* in a select list: several columns */
static bool is_star_target(const struct sql_target *tg)
{
    const struct sql_expr *v = tg->val;
    if (v == NULL)
        return false;
    if (v->kind == SQL_EXPR_COLUMN)
        return v->u.column.star;
    return v->kind == SQL_EXPR_INDIRECTION && v->u.indir.path.n > 0 &&
           ((const struct sql_indir *)v->u.indir.path.items[v->u.indir.path.n - 1])->kind ==
               SQL_INDIR_STAR;
}

/* A subscript of INSERT's target list naming a column of the table: PostgreSQL's
 * HINT (errorMissingColumn) appended to the 42703. */
static void insert_col_hint(const struct sql_table_desc *t, struct err *e)
{
    char name[128];
    if (strcmp(e->sqlstate, "42703") != 0 || strchr(e->msg, '\n') != NULL ||
        sscanf(e->msg, "column \"%127[^\"]\" does not exist", name) != 1)
        return;
    const struct sql_col_desc *col = sql_cat_column(t, name);
    if (col == NULL || col->hidden)
        return;
    size_t len = strlen(e->msg);
    snprintf(e->msg + len, sizeof e->msg - len,
             ENG_HINT_SEP "There is a column named \"%s\" in table \"%s\", but it cannot be "
                          "referenced from this part of the query.",
             name, t->name);
}

/* INSERT's targets with indirection (tind[c] not NULL) over one source row
 * (vals: a VALUES row's expressions, bound here; NULL: row[c] is the source
 * column): each column's value, NULL of its type assigned at each of its
 * targets in turn (PostgreSQL's NULL base, chained as rewriteTargetListIU
 * does), into row[] at the slot of its first target. */
static int insert_indir(struct binder *b, struct scope *s, const struct sql_table_desc *t,
                        const struct sql_target **tind, const int *tcol, int nt, const int *src_col,
                        const struct sql_list *vals, struct bx **row, struct err *e)
{
    struct bx **acc = mem_alloc0(b->ctx, sizeof *acc * (size_t)(t->ncols + 1));
    for (int c = 0; c < nt; c++) {
        const struct sql_target *tg = tind[c];
        if (tg == NULL)
            continue;
        const struct sql_col_desc *col = &t->cols[tcol[c]];
        const struct sql_expr *x = vals != NULL ? vals->items[c] : NULL;
        if (x != NULL && x->kind == SQL_EXPR_DEFAULT)
            return eng__err(e, tg->location, ERR_UNSUPPORTED, "0A000",
                            ((const struct sql_indir *)tg->indirection.items[0])->kind ==
                                    SQL_INDIR_FIELD
                                ? "cannot set a subfield to DEFAULT"
                                : "cannot set an array element to DEFAULT");
        struct bx *v = row[c]; /* (identity columns are integers: 42804 below) */
        int rc;
        if (x != NULL && (rc = eng__bind_expr(b, s, x, &v, e)) != 0)
            return rc;
        struct bx *base = acc[tcol[c]] != NULL ? acc[tcol[c]] : null_of(b, col);
        if ((rc = eng__bind_assign_indir(b, s, col, base, &tg->indirection, v, tg->location, -1,
                                         &acc[tcol[c]], e)) != 0) {
            insert_col_hint(t, e);
            return rc;
        }
        if (col->generated) /* after the target is analysed, as in PostgreSQL's rewriter */
            return generated_error(col, e);
        struct sql_value nv = sql_null(SQL_T_INT4); /* the slot of a later target: unused */
        row[c] = eng__const(b->ctx, &nv, -1);
    }
    for (int i = 0; i < t->ncols; i++) {
        if (acc[i] == NULL)
            continue;
        int rc;
        if (t->cols[i].domain != 0 &&
            (rc = eng__domain_wrap(b, acc[i], t->cols[i].domain, &acc[i], e)) != 0)
            return rc;
        row[src_col[i]] = acc[i];
    }
    return 0;
}

int eng__plan_insert(struct binder *b, const struct sql_stmt *st, struct sql_plan *p, struct err *e)
{
    if (st->u.insert.with != NULL) { /* WITH ... INSERT: the queries are seen by the source */
        struct cte_ref *saved;
        int rc = eng__with_push(b, NULL, st->u.insert.with, &saved, e);
        if (rc == 0) {
            struct sql_stmt *copy = mem_alloc(b->ctx, sizeof *copy);
            *copy = *st;
            copy->u.insert.with = NULL;
            rc = eng__plan_insert(b, copy, p, e);
        }
        b->ctes = saved;
        return rc;
    }
    const struct sql_table_desc *t;
    int rc = writable_table(b, st->u.insert.table, &t, e);
    if (rc != 0)
        return rc;
    {
        uint32_t need = SQL_ACL_INSERT; /* bind_acl.c */
        if (st->u.insert.on_conflict.present && st->u.insert.on_conflict.do_update)
            need |= SQL_ACL_UPDATE;
        if (st->u.insert.on_conflict.present &&
            (st->u.insert.on_conflict.infer.n > 0 || st->u.insert.on_conflict.constraint != NULL))
            need |= SQL_ACL_SELECT; /* the arbiter's columns are read */
        if (st->u.insert.returning.n > 0)
            need |= SQL_ACL_SELECT;
        eng__perm_rel(b, t, need);
        perm_target_cols(b, t, ENG_PERM_INS, &st->u.insert.cols);
        if (st->u.insert.on_conflict.present && st->u.insert.on_conflict.do_update)
            perm_target_cols(b, t, ENG_PERM_UPD, &st->u.insert.on_conflict.set);
    }
    const char *alias = st->u.insert.table->alias ? st->u.insert.table->alias->name : t->name;
    b->vdml = NULL;
    bool instead = t->kind == 'v' && sql__trig_instead(t, SQL_TRIG_INSERT);
    if (instead && st->u.insert.on_conflict.present) /* PostgreSQL: no arbiter index */
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "INSERT ... ON CONFLICT on a view with an INSTEAD OF trigger is not "
                        "supported");
    if (t->kind == 'v' && !instead) { /* an automatically updatable view: its base table */
        bool oc = st->u.insert.on_conflict.present;
        if (oc && (rc = eng__view_on_conflict_check(b, st, t, e)) != 0)
            return rc;
        if ((rc = eng__view_dml(b, st, t, &st, e)) != 0)
            return rc;
        if (oc && (rc = eng__view_on_conflict(b, st, &st, e)) != 0)
            return rc;
        t = b->vdml->base;
        alias = b->vdml->base_scope->rtes[0].alias;
    }
    struct pnode *m = new_modify(b, SQL_STMT_INSERT, t);
    m->u.modify.alias = alias;
    m->u.modify.overriding_system = st->u.insert.overriding_system;
    m->u.modify.src_col = mem_alloc(b->ctx, sizeof(int) * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        m->u.modify.src_col[i] = -1;
    /* target columns */
    int nt = 0;
    int *tcol = mem_alloc(b->ctx, sizeof(int) * (size_t)(t->ncols + st->u.insert.cols.n + 1));
    /* INSERT INTO t (a[1], c.f): the targets with indirection (NULL: none);
     * the source column of a column's first such target carries the
     * column's value, every assignment to it chained (bind_assign.c) */
    const struct sql_target **tind =
        mem_alloc0(b->ctx, sizeof *tind * (size_t)(t->ncols + st->u.insert.cols.n + 1));
    bool any_indir = false;
    if (st->u.insert.cols.n > 0) {
        bool *partial = mem_alloc0(b->ctx, sizeof *partial * (size_t)(t->ncols + 1));
        for (int i = 0; i < st->u.insert.cols.n; i++) {
            const struct sql_target *tg = st->u.insert.cols.items[i];
            const struct sql_col_desc *col = sql_cat_column(t, tg->name);
            if (col == NULL || col->hidden)
                return eng__err(e, tg->location, ERR_NOTFOUND, "42703",
                                "column \"%s\" of relation \"%s\" does not exist", tg->name,
                                t->name);
            int pos = (int)(col - t->cols);
            /* as checkInsertTargets: a whole column is assigned once, and
             * not together with parts of it */
            if (m->u.modify.src_col[pos] >= 0 && (tg->indirection.n == 0 || !partial[pos]))
                return eng__err(e, tg->location, ERR_INVAL, "42701",
                                "column \"%s\" specified more than once", tg->name);
            if (tg->indirection.n > 0) {
                tind[nt] = tg;
                any_indir = true;
                partial[pos] = true;
            }
            if (m->u.modify.src_col[pos] < 0)
                m->u.modify.src_col[pos] = nt;
            tcol[nt++] = pos;
        }
    } else {
        /* no column list: the first N visible columns, N the source's width */
        int want = -1;
        const struct sql_select *src0 = st->u.insert.source;
        if (src0 != NULL && src0->values.n > 0 && src0->op == SQL_SETOP_NONE)
            want = ((const struct sql_list *)src0->values.items[0])->n;
        else if (src0 != NULL && src0->op == SQL_SETOP_NONE && src0->values.n == 0) {
            bool star = false;
            for (int i = 0; i < src0->targets.n; i++) {
                const struct sql_target *tg = src0->targets.items[i];
                if (tg->val != NULL && tg->val->kind == SQL_EXPR_COLUMN && tg->val->u.column.star)
                    star = true;
            }
            if (!star)
                want = src0->targets.n;
        }
        for (int i = 0; i < t->ncols; i++)
            if (!t->cols[i].hidden && (want < 0 || nt < want)) {
                m->u.modify.src_col[i] = nt;
                tcol[nt++] = i;
            }
    }
    /* defaults of every column (needed for untargeted ones and DEFAULT) */
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden)
            continue;
        rc = column_default(b, t, i, &m->u.modify.defaults[i], e);
        struct bx *vd = NULL;
        if (rc == 0 && b->vdml != NULL && (rc = eng__view_default(b, t, i, &vd, e)) == 0 &&
            vd != NULL)
            m->u.modify.defaults[i] = vd;
        if (rc != 0)
            return rc;
    }
    if (b->vdml == NULL && st->u.insert.cols.n == 0 && st->u.insert.source != NULL)
        for (int i = 0; i < t->ncols; i++) /* insertedCols: the ones the source fills */
            if (m->u.modify.src_col[i] >= 0)
                eng__perm_col(b, t, ENG_PERM_INS, t->cols[i].attnum);
    const struct sql_select *src = st->u.insert.source;
    struct pnode *sp;
    bool is_values = src != NULL && src->values.n > 0 && src->order_by.n == 0 &&
                     src->limit == NULL && src->offset == NULL && src->with == NULL;
    /* OVERRIDING USER VALUE: the values given for identity columns are
     * replaced by the identity's default (rewriteTargetListIU) */
    bool overriding = st->u.insert.overriding_system || st->u.insert.overriding_user;
    if (src == NULL) {
        sp = mem_alloc0(b->ctx, sizeof *sp);
        sp->kind = PN_RESULT;
        sp->width = 0;
        sp->est_rows = 1;
        for (int i = 0; i < t->ncols; i++)
            m->u.modify.src_col[i] = -1;
    } else if (is_values) {
        int nrows = src->values.n;
        struct scope *s = mem_alloc0(b->ctx, sizeof *s);
        s->agg_forbidden = "VALUES";
        struct bx ***rows = mem_alloc(b->ctx, sizeof *rows * (size_t)nrows);
        for (int r = 0; r < nrows; r++) {
            const struct sql_list *row = src->values.items[r];
            const struct sql_list *row0 = src->values.items[0];
            if (row->n != row0->n)
                return eng__err(
                    e, row->n > 0 ? ((const struct sql_expr *)row->items[0])->location : -1,
                    ERR_INVAL, "42601", "VALUES lists must all be the same length");
            if (row->n > nt) {
                const struct sql_expr *x = row->items[nt];
                return eng__err(e, x->location, ERR_INVAL, "42601",
                                "INSERT has more expressions than target columns");
            }
            if (row->n < nt) {
                const struct sql_target *tg =
                    st->u.insert.cols.n > row->n ? st->u.insert.cols.items[row->n] : NULL;
                return eng__err(e, tg ? tg->location : -1, ERR_INVAL, "42601",
                                "INSERT has more target columns than expressions");
            }
            rows[r] = mem_alloc(b->ctx, sizeof **rows * (size_t)(nt > 0 ? nt : 1));
            for (int c = 0; c < nt; c++) {
                const struct sql_expr *x = row->items[c];
                const struct sql_col_desc *col = &t->cols[tcol[c]];
                if (tind[c] != NULL)
                    continue; /* insert_indir */
                if (x->kind == SQL_EXPR_DEFAULT ||
                    (st->u.insert.overriding_user && col->identity != 0)) {
                    /* OVERRIDING USER VALUE: identity columns take their default */
                    rows[r][c] = m->u.modify.defaults[tcol[c]] ? m->u.modify.defaults[tcol[c]]
                                                               : null_of(b, col);
                    continue;
                }
                if (col->generated)
                    return generated_error(col, e);
                if (col->identity == 'a' && !overriding)
                    return identity_error(b, col, -1, e); /* PostgreSQL gives no position */
                struct bx *v;
                rc = eng__bind_expr(b, s, x, &v, e);
                if (rc == 0)
                    rc = assign_coerce(b, v, col, &rows[r][c], e);
                if (rc != 0)
                    return rc;
            }
            if (any_indir && (rc = insert_indir(b, s, t, tind, tcol, nt, m->u.modify.src_col, row,
                                                rows[r], e)) != 0)
                return rc;
        }
        sp = mem_alloc0(b->ctx, sizeof *sp);
        sp->kind = PN_VALUES;
        sp->width = nt;
        sp->u.values.rows = rows;
        sp->u.values.nrows = nrows;
        sp->u.values.ncols = nt;
        sp->est_rows = nrows;
    } else {
        struct sql_column *cols;
        int ncols;
        b->keep_unknown = true;
        rc = eng__plan_select(b, NULL, src, &sp, &cols, &ncols, e);
        b->keep_unknown = false;
        if (rc != 0)
            return rc;
        if (ncols > nt) {
            /* the first extra expression (exprLocation of the target entry):
             * in the leftmost SELECT of set operations; a * (at most one)
             * stands for the columns it expands to */
            int loc = -1;
            const struct sql_select *q = src;
            while (q->op != SQL_SETOP_NONE && q->larg != NULL)
                q = q->larg;
            int nstar = 0;
            for (int i = 0; i < q->targets.n; i++) {
                const struct sql_target *tg = q->targets.items[i];
                nstar += is_star_target(tg);
            }
            if (q->values.n == 0 && nstar <= 1) {
                int k = 0;
                for (int i = 0; i < q->targets.n && loc < 0; i++) {
                    const struct sql_target *tg = q->targets.items[i];
                    bool star = is_star_target(tg);
                    int w = star ? ncols - (q->targets.n - 1) : 1;
                    if (nt < k + w && tg->val != NULL)
                        loc = tg->val->location;
                    k += w;
                }
            }
            return eng__err(e, loc, ERR_INVAL, "42601",
                            "INSERT has more expressions than target columns");
        }
        if (ncols < nt) {
            const struct sql_target *tg =
                st->u.insert.cols.n > ncols ? st->u.insert.cols.items[ncols] : NULL;
            return eng__err(e, tg ? tg->location : -1, ERR_INVAL, "42601",
                            "INSERT has more target columns than expressions");
        }
        struct pnode *pr = mem_alloc0(b->ctx, sizeof *pr);
        pr->kind = PN_PROJECT;
        pr->width = nt;
        pr->l = sp;
        pr->est_rows = sp->est_rows;
        pr->u.project.n = nt;
        pr->u.project.exprs = mem_alloc(b->ctx, sizeof(struct bx *) * (size_t)(nt > 0 ? nt : 1));
        for (int c = 0; c < nt; c++) {
            const struct sql_col_desc *col = &t->cols[tcol[c]];
            if (col->generated)
                return generated_error(col, e);
            if (st->u.insert.overriding_user && col->identity != 0 && tind[c] == NULL &&
                m->u.modify.defaults[tcol[c]] != NULL) {
                pr->u.project.exprs[c] = m->u.modify.defaults[tcol[c]]; /* OVERRIDING USER */
                continue;
            }
            if (col->identity == 'a' && !overriding && tind[c] == NULL)
                return identity_error(b, col, -1, e);
            struct bx *v = mem_alloc0(b->ctx, sizeof *v);
            v->kind = BX_COL;
            v->type = cols[c].type_oid;
            v->typmod = cols[c].typmod;
            v->location = -1;
            v->u.col.idx = c;
            v->u.col.name = cols[c].name;
            if (tind[c] != NULL) {
                pr->u.project.exprs[c] = v; /* below */
                continue;
            }
            rc = assign_coerce(b, v, col, &pr->u.project.exprs[c], e);
            if (rc != 0)
                return rc;
        }
        if (any_indir &&
            (rc = insert_indir(b, mem_alloc0(b->ctx, sizeof(struct scope)), t, tind, tcol, nt,
                               m->u.modify.src_col, NULL, pr->u.project.exprs, e)) != 0)
            return rc;
        sp = pr;
        /* triggers may write what the source reads: it is read first */
        m->u.modify.materialize = plan_reads_table(sp, t->oid) || t->ntrigs > 0;
    }
    m->l = sp;
    if (st->u.insert.on_conflict.present && (rc = eng__plan_upsert(b, st, t, alias, m, e)) != 0)
        return rc;
    struct scope *ts = eng__table_scope(b, t, alias);
    if ((rc = compile_checks(b, m, t, ts, e)) != 0)
        return rc;
    if (b->vdml != NULL) {
        m->u.modify.wcos = b->vdml->wcos;
        m->u.modify.nwcos = b->vdml->nwcos;
        ts = b->vdml->scope;
    }
    if ((rc = returning(b, ts, &st->u.insert.returning, m, p, e)) != 0) {
        static const char miss[] = "missing FROM-clause entry for table \"excluded\"";
        if (m->u.modify.upsert != NULL && strncmp(e->msg, miss, sizeof miss - 1) == 0)
            err_set_state(e, rc, "42P01",
                          "invalid reference to FROM-clause entry for table "
                          "\"excluded\"" ENG_HINT_SEP "There is an entry for table \"excluded\", "
                          "but it cannot be referenced from this part of the query.");
        return rc;
    }
    p->root = m;
    return 0;
}

/* ---- UPDATE / DELETE ---- */

static int plan_source_scan(struct binder *b, struct scope *s, const struct sql_table_desc *t,
                            const struct sql_expr *where, struct pnode *m, struct err *e)
{
    struct bx *w = NULL;
    int rc;
    if (where != NULL) {
        s->agg_forbidden = "WHERE";
        rc = eng__bind_bool(b, s, where, "WHERE", &w, e);
        s->agg_forbidden = NULL;
        if (rc != 0)
            return rc;
    }
    struct bx **cs = NULL;
    int n = 0, cap = 0;
    eng__conjuncts(b->ctx, w, &cs, &n, &cap);
    if (b->vdml != NULL) { /* a view: its WHERE clauses too, over the base table */
        eng__conjuncts(b->ctx, b->vdml->quals, &cs, &n, &cap);
        w = eng__and_list(b->ctx, cs, n);
        s = b->vdml->base_scope;
    }
    /* conjuncts with sublinks stay out of the scan's span choice but are
     * still evaluated by its filter */
    struct pnode *scan;
    rc = eng__plan_scan(b, s, 0, t, cs, n, -1, -1, &scan, e);
    if (rc != 0)
        return rc;
    m->l = scan;
    m->u.modify.recheck = w;
    const struct sql_idx_desc *pk = t->nidx > 0 ? &t->idx[0] : NULL;
    bool hidden_pk = false;
    if (pk != NULL)
        for (int i = 0; i < pk->ncols; i++) {
            const struct sql_col_desc *c = sql_cat_column_by_id(t, pk->col_ids[i]);
            if (c == NULL || c->hidden)
                hidden_pk = true;
        }
    m->u.modify.point = pk != NULL && !hidden_pk && scan->u.scan.idx_pos == 0 &&
                        scan->u.scan.neq == pk->ncols && scan->u.scan.lo == NULL &&
                        scan->u.scan.hi == NULL;
    return 0;
}

static int plan_modify_from(struct binder *b, const struct sql_stmt *st, struct sql_plan *p,
                            struct err *e);

/* UPDATE / DELETE of a view with an INSTEAD OF trigger (trigger.h): the
 * rows are the view's, SELECT * FROM view [alias] WHERE where, one view row
 * per source row (exec_modify.c hands each to the trigger). */
static int plan_view_source(struct binder *b, const struct sql_rangevar *rv,
                            const struct sql_expr *where, const char *current_of, struct pnode *m,
                            struct err *e)
{
    if (current_of != NULL)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "WHERE CURRENT OF on a view is not supported");
    struct sql_select *sel = mem_alloc0(b->ctx, sizeof *sel);
    struct sql_expr *star = mem_alloc0(b->ctx, sizeof *star);
    star->kind = SQL_EXPR_COLUMN;
    star->location = -1;
    star->u.column.star = true;
    struct sql_target *tg = mem_alloc0(b->ctx, sizeof *tg);
    tg->val = star;
    tg->location = -1;
    sel->targets.n = 1;
    sel->targets.items = mem_alloc(b->ctx, sizeof(void *));
    sel->targets.items[0] = tg;
    struct sql_from *f = mem_alloc0(b->ctx, sizeof *f);
    f->kind = SQL_FROM_TABLE;
    f->u.table = (struct sql_rangevar *)rv;
    sel->from.n = 1;
    sel->from.items = mem_alloc(b->ctx, sizeof(void *));
    sel->from.items[0] = f;
    sel->where = (struct sql_expr *)where;
    struct pnode *src;
    struct sql_column *cols;
    int ncols;
    int rc = eng__plan_select(b, NULL, sel, &src, &cols, &ncols, e);
    if (rc != 0)
        return rc;
    m->l = src;
    m->u.modify.recheck = NULL;
    m->u.modify.point = false;
    m->u.modify.materialize = true; /* the triggers write what the view reads */
    return 0;
}

/* WHERE CURRENT OF cursor: the row is the cursor's, found when the
 * statement runs (exec_modify.c); the source scan is not read. */
static int current_of(struct binder *b, const char *cursor, struct pnode *m, struct err *e)
{
    if (cursor == NULL)
        return 0;
    if (b->vdml != NULL)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "WHERE CURRENT OF on a view is not implemented");
    m->u.modify.current_of = cursor;
    m->u.modify.point = false;
    m->u.modify.materialize = false;
    return 0;
}

/* One SET target of UPDATE (plain or FROM): its value expression, bound in
 * scope s, into m->u.modify.set at the column's position. */
static int bind_set_target(struct binder *b, struct scope *s, const struct sql_table_desc *t,
                           struct pnode *m, const struct sql_target *tg, struct err *e)
{
    const struct sql_col_desc *col = sql_cat_column(t, tg->name);
    if (col == NULL || col->hidden)
        return eng__err(e, tg->location, ERR_NOTFOUND, "42703",
                        "column \"%s\" of relation \"%s\" does not exist", tg->name, t->name);
    int pos = (int)(col - t->cols);
    if (tg->indirection.n > 0) { /* SET a[i] = v, c.f = v (bind_assign.c) */
        struct bx *base = m->u.modify.set[pos];
        if (base != NULL && col->domain != 0 && base->kind == BX_FUNC &&
            strcmp(base->u.fn.name, "sf_domain_check") == 0)
            base = base->u.fn.args[0]; /* the previous a[i] = v of a domain column */
        if (base != NULL && !eng__is_assign_indir(base))
            return eng__err(e, -1, ERR_INVAL, "42601", "multiple assignments to same column \"%s\"",
                            tg->name);
        if (tg->val->kind == SQL_EXPR_DEFAULT)
            return eng__err(e, tg->location, ERR_UNSUPPORTED, "0A000",
                            ((const struct sql_indir *)tg->indirection.items[0])->kind ==
                                    SQL_INDIR_FIELD
                                ? "cannot set a subfield to DEFAULT"
                                : "cannot set an array element to DEFAULT");
        if (base == NULL) {
            struct sql_expr *ref = mem_alloc0(b->ctx, sizeof *ref);
            ref->kind = SQL_EXPR_COLUMN;
            ref->location = -1;
            ref->u.column.fields.n = 2;
            ref->u.column.fields.items = mem_alloc(b->ctx, sizeof(void *) * 2);
            ref->u.column.fields.items[0] = (void *)m->u.modify.alias;
            ref->u.column.fields.items[1] = (void *)col->name;
            /* through a view: the base table's column */
            int rc = eng__bind_expr(b, b->vdml != NULL ? b->vdml->base_scope : s, ref, &base, e);
            if (rc != 0)
                return rc;
        }
        struct bx *v;
        s->agg_forbidden = "UPDATE";
        int rc = eng__bind_expr(b, s, tg->val, &v, e);
        s->agg_forbidden = NULL;
        if (rc == 0)
            rc = eng__bind_assign_indir(b, s, col, base, &tg->indirection, v, tg->location,
                                        tg->location, &m->u.modify.set[pos], e);
        if (rc == 0 && col->generated) /* after the target is analysed, as PostgreSQL */
            return eng__err(e, -1, ERR_INVAL, "428C9",
                            "column \"%s\" can only be updated to DEFAULT" ENG_DETAIL_SEP
                            "Column \"%s\" is a generated column.",
                            col->name, col->name);
        if (rc == 0 && col->domain != 0)
            rc = eng__domain_wrap(b, m->u.modify.set[pos], col->domain, &m->u.modify.set[pos], e);
        return rc;
    }
    if (m->u.modify.set[pos] != NULL)
        return eng__err(e, -1, ERR_INVAL, "42601", "multiple assignments to same column \"%s\"",
                        tg->name);
    int rc;
    if (tg->val->kind == SQL_EXPR_DEFAULT) {
        struct bx *d = NULL; /* through a view: the view column's default, or NULL */
        if ((rc = b->vdml == NULL ? column_default(b, t, pos, &d, e)
                                  : eng__view_default(b, t, pos, &d, e)) != 0)
            return rc;
        m->u.modify.set[pos] = d ? d : null_of(b, col);
        return 0;
    }
    if (col->identity == 'a' || col->generated)
        return eng__err(e, -1, ERR_INVAL, "428C9",
                        "column \"%s\" can only be updated to DEFAULT" ENG_DETAIL_SEP
                        "Column \"%s\" is %s.",
                        col->name, col->name,
                        col->generated ? "a generated column"
                                       : "an identity column defined as GENERATED ALWAYS");
    struct bx *v;
    s->agg_forbidden = "UPDATE";
    rc = eng__bind_expr(b, s, tg->val, &v, e);
    s->agg_forbidden = NULL;
    if (rc == 0)
        rc = assign_coerce(b, v, col, &m->u.modify.set[pos], e);
    return rc;
}

int eng__plan_update(struct binder *b, const struct sql_stmt *st, struct sql_plan *p, struct err *e)
{
    if (st->u.update.with != NULL) { /* WITH ... UPDATE: the queries are seen by the rest */
        struct cte_ref *saved;
        int rc = eng__with_push(b, NULL, st->u.update.with, &saved, e);
        if (rc == 0) {
            struct sql_stmt *copy = mem_alloc(b->ctx, sizeof *copy);
            *copy = *st;
            copy->u.update.with = NULL;
            rc = eng__plan_update(b, copy, p, e);
        }
        b->ctes = saved;
        return rc;
    }
    if (st->u.update.from.n > 0)
        return plan_modify_from(b, st, p, e);
    const struct sql_table_desc *t;
    int rc = writable_table(b, st->u.update.table, &t, e);
    if (rc != 0)
        return rc;
    eng__perm_rel(b, t, SQL_ACL_UPDATE);
    perm_target_cols(b, t, ENG_PERM_UPD, &st->u.update.set);
    const char *alias = st->u.update.table->alias ? st->u.update.table->alias->name : t->name;
    b->vdml = NULL;
    bool instead = t->kind == 'v' && sql__trig_instead(t, SQL_TRIG_UPDATE);
    if (t->kind == 'v' && !instead) { /* an automatically updatable view: its base table */
        if ((rc = eng__view_dml(b, st, t, &st, e)) != 0)
            return rc;
        t = b->vdml->base;
        alias = b->vdml->base_scope->rtes[0].alias;
    }
    struct pnode *m = new_modify(b, SQL_STMT_UPDATE, t);
    m->u.modify.alias = alias;
    m->u.modify.set = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(t->ncols + 1));
    struct scope *s = b->vdml ? b->vdml->scope : eng__table_scope(b, t, alias);
    for (int i = 0; i < st->u.update.set.n; i++) {
        const struct sql_target *tg = st->u.update.set.items[i];
        if ((rc = bind_set_target(b, s, t, m, tg, e)) != 0)
            return rc;
    }
    if (instead)
        rc = plan_view_source(b, st->u.update.table, st->u.update.where, st->u.update.current_of, m,
                              e);
    else
        rc = plan_source_scan(b, s, t, st->u.update.where, m, e);
    if (rc != 0)
        return rc;
    if ((rc = current_of(b, st->u.update.current_of, m, e)) != 0)
        return rc;
    if (t->ntrigs > 0) /* triggers may write what the scan reads: it is read first */
        m->u.modify.materialize = true;
    /* Halloween: updating a column of the index being walked */
    const struct pnode *scan = m->l;
    int ip = scan->u.scan.idx_pos >= 0 ? scan->u.scan.idx_pos : 0;
    if (!m->u.modify.point && ip < t->nidx) {
        const struct sql_idx_desc *ix = &t->idx[ip];
        for (int k = 0; k < ix->ncols; k++) {
            int pos = sql_cat_column_pos(t, ix->col_ids[k]);
            if (pos >= 0 && m->u.modify.set[pos] != NULL)
                m->u.modify.materialize = true;
            if (ix->exprs[k] != NULL) /* an expression key column may read any of them */
                for (int c = 0; c < t->ncols; c++)
                    if (m->u.modify.set[c] != NULL)
                        m->u.modify.materialize = true;
        }
    }
    if (b->vdml != NULL) {
        m->u.modify.wcos = b->vdml->wcos;
        m->u.modify.nwcos = b->vdml->nwcos;
    }
    if ((rc = compile_checks(b, m, t, b->vdml ? b->vdml->base_scope : s, e)) != 0)
        return rc;
    if ((rc = returning(b, s, &st->u.update.returning, m, p, e)) != 0)
        return rc;
    p->root = m;
    return 0;
}

int eng__plan_delete(struct binder *b, const struct sql_stmt *st, struct sql_plan *p, struct err *e)
{
    if (st->u.delete_.with != NULL) { /* WITH ... DELETE */
        struct cte_ref *saved;
        int rc = eng__with_push(b, NULL, st->u.delete_.with, &saved, e);
        if (rc == 0) {
            struct sql_stmt *copy = mem_alloc(b->ctx, sizeof *copy);
            *copy = *st;
            copy->u.delete_.with = NULL;
            rc = eng__plan_delete(b, copy, p, e);
        }
        b->ctes = saved;
        return rc;
    }
    if (st->u.delete_.using_.n > 0)
        return plan_modify_from(b, st, p, e);
    const struct sql_table_desc *t;
    int rc = writable_table(b, st->u.delete_.table, &t, e);
    if (rc != 0)
        return rc;
    eng__perm_rel(b, t, SQL_ACL_DELETE);
    const char *alias = st->u.delete_.table->alias ? st->u.delete_.table->alias->name : t->name;
    b->vdml = NULL;
    bool instead = t->kind == 'v' && sql__trig_instead(t, SQL_TRIG_DELETE);
    if (t->kind == 'v' && !instead) { /* an automatically updatable view: its base table */
        if ((rc = eng__view_dml(b, st, t, &st, e)) != 0)
            return rc;
        t = b->vdml->base;
        alias = b->vdml->base_scope->rtes[0].alias;
    }
    struct pnode *m = new_modify(b, SQL_STMT_DELETE, t);
    m->u.modify.alias = alias;
    struct scope *s = b->vdml ? b->vdml->scope : eng__table_scope(b, t, alias);
    if (instead)
        rc = plan_view_source(b, st->u.delete_.table, st->u.delete_.where, st->u.delete_.current_of,
                              m, e);
    else
        rc = plan_source_scan(b, s, t, st->u.delete_.where, m, e);
    if (rc != 0)
        return rc;
    if (t->ntrigs > 0) /* triggers may write what the scan reads: it is read first */
        m->u.modify.materialize = true;
    if ((rc = current_of(b, st->u.delete_.current_of, m, e)) != 0)
        return rc;
    if ((rc = returning(b, s, &st->u.delete_.returning, m, p, e)) != 0)
        return rc;
    p->root = m;
    return 0;
}

/* ---- UPDATE ... FROM / DELETE ... USING ---- */

/* The target's scans (slot 0) through a view: labelled with the base
 * table's name in the view, as PostgreSQL's EXPLAIN shows them. */
static void label_target_scans(struct pnode *p, const struct sql_table_desc *t, const char *alias)
{
    if (p == NULL || p->kind == PN_SUBQ)
        return;
    if (p->kind == PN_SCAN && p->u.scan.t->oid == t->oid && p->u.scan.off == 0)
        p->u.scan.alias = alias;
    label_target_scans(p->l, t, alias);
    label_target_scans(p->r, t, alias);
}

/* The target table joined with the FROM (USING) items, the target first
 * (slots [0, t->ncols)); SET, the WHERE re-check and RETURNING over the
 * joined row. Executed by exec_modify_from.c. */
static int plan_modify_from(struct binder *b, const struct sql_stmt *st, struct sql_plan *p,
                            struct err *e)
{
    bool upd = st->kind == SQL_STMT_UPDATE;
    if ((upd ? st->u.update.current_of : st->u.delete_.current_of) != NULL)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "WHERE CURRENT OF with %s is not supported", upd ? "FROM" : "USING");
    struct sql_rangevar *rv = upd ? st->u.update.table : st->u.delete_.table;
    const struct sql_list *items = upd ? &st->u.update.from : &st->u.delete_.using_;
    const struct sql_table_desc *t;
    int rc = writable_table(b, rv, &t, e);
    if (rc != 0)
        return rc;
    eng__perm_rel(b, t, upd ? SQL_ACL_UPDATE : SQL_ACL_DELETE);
    if (upd)
        perm_target_cols(b, t, ENG_PERM_UPD, &st->u.update.set);
    b->vdml = NULL;
    const char *alias = rv->alias ? rv->alias->name : t->name;
    struct sql_from *target = mem_alloc0(b->ctx, sizeof *target);
    target->kind = SQL_FROM_TABLE;
    target->u.table = rv;
    /* a view with an INSTEAD OF trigger is itself the target item: its rows
     * joined with the others go to the trigger (exec_modify_from.c) */
    bool instead = t->kind == 'v' && sql__trig_instead(t, upd ? SQL_TRIG_UPDATE : SQL_TRIG_DELETE);
    if (t->kind == 'v' && !instead) {
        /* an automatically updatable view: its base table is the target
         * item, whose columns and name are the view's (eng__plan_from_where
         * puts the view's rte in its place) */
        if ((rc = eng__view_dml(b, st, t, &st, e)) != 0)
            return rc;
        t = b->vdml->base;
        struct sql_rangevar *brv = mem_alloc0(b->ctx, sizeof *brv);
        brv->name.schema = mem_strdup(b->ctx, t->schema);
        brv->name.name = mem_strdup(b->ctx, t->name);
        brv->persistence = 'p';
        /* named as in the view (EXPLAIN's label): the view's rte replaces
         * it before any other item is bound */
        const char *balias = b->vdml->base_scope->rtes[0].alias;
        if (strcmp(balias, t->name) != 0) {
            brv->alias = mem_alloc0(b->ctx, sizeof *brv->alias);
            brv->alias->name = (char *)balias;
        }
        brv->location = rv->location;
        target->u.table = brv;
    }
    struct sql_list from = {0};
    from.n = items->n + 1;
    from.items = mem_alloc(b->ctx, sizeof(void *) * (size_t)from.n);
    from.items[0] = target;
    for (int i = 0; i < items->n; i++)
        from.items[i + 1] = items->items[i];
    struct scope *s;
    struct bx *w;
    struct pnode *src;
    b->acl_target_oid = t->oid; /* the target item needs no SELECT as such (bind_acl.c) */
    rc = eng__plan_from_where(b, &from, upd ? st->u.update.where : st->u.delete_.where, b->vdml, &s,
                              &w, &src, e);
    b->acl_target_oid = 0;
    if (rc != 0)
        return rc;
    struct pnode *m = new_modify(b, st->kind, t);
    /* through a view: the base table's own name in the view (EXPLAIN, SET a[i]) */
    m->u.modify.alias = b->vdml != NULL ? b->vdml->base_scope->rtes[0].alias : alias;
    m->u.modify.from_width = s->width;
    m->u.modify.recheck = w;
    m->l = src;
    if (b->vdml != NULL)
        label_target_scans(src, t, m->u.modify.alias);
    if (upd) {
        m->u.modify.set = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(t->ncols + 1));
        for (int i = 0; i < st->u.update.set.n; i++) {
            const struct sql_target *tg = st->u.update.set.items[i];
            if ((rc = bind_set_target(b, s, t, m, tg, e)) != 0)
                return rc;
        }
        struct scope *ts = b->vdml ? b->vdml->base_scope : eng__table_scope(b, t, alias);
        if ((rc = compile_checks(b, m, t, ts, e)) != 0)
            return rc;
        if (b->vdml != NULL) {
            m->u.modify.wcos = b->vdml->wcos;
            m->u.modify.nwcos = b->vdml->nwcos;
        }
    }
    if ((rc = returning(b, s, upd ? &st->u.update.returning : &st->u.delete_.returning, m, p, e)) !=
        0)
        return rc;
    p->root = m;
    return 0;
}
