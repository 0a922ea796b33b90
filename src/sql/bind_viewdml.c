/* bind_viewdml.c — INSERT, UPDATE and DELETE on automatically updatable
 * views, as PostgreSQL's rewriteTargetView: a view whose query reads one
 * table (or one such view) without DISTINCT, GROUP BY, HAVING, set
 * operations, WITH, LIMIT/OFFSET, aggregates, window functions or
 * set-returning functions in its select list is written through to that
 * table. Each level of views is resolved top down (its errors first, with
 * PostgreSQL's texts) and bound bottom up: every view column becomes an
 * expression over the base table's row (slot 0 on), a column that is a plain
 * column of its relation maps to a base column and may be written.
 *
 * The statement is then planned by plan_dml.c against the base table: its
 * column names replaced by the base table's, its expressions (SET values,
 * WHERE, RETURNING) bound in a scope whose one relation is the view with
 * those expressions as columns (rte.vexprs), the views' WHERE clauses ANDed
 * into UPDATE/DELETE, and WITH [LOCAL|CASCADED] CHECK OPTION checked on
 * every new row (eng__view_wco_check, 44000).
 *
 * UPDATE ... FROM / DELETE ... USING (plan_dml.c's plan_modify_from) join
 * the base table under the view's name, the view's scope in its place.
 * INSERT ... ON CONFLICT maps its inference columns and DO UPDATE targets
 * to base columns and binds the existing row and EXCLUDED as the view's
 * columns (eng__view_on_conflict, eng__view_exprs_at; plan_upsert.c).
 */
#include "sql/acl.h"
#include "sql/engine_int.h"

#include "sql/parse.h"
#include "sql/view.h"

#include <stdlib.h>
#include <string.h>

#define VIEW_DML_MAX_DEPTH 64

/* ---- is the query automatically updatable ---- */

static const char D_SINGLE[] =
    "Views that do not select from a single table or view are not automatically updatable.";

static bool plan_has(const struct pnode *p, enum pn_kind k)
{
    if (p == NULL || p->kind == PN_SUBQ)
        return false;
    if (p->kind == k)
        return true;
    return plan_has(p->l, k) || plan_has(p->r, k);
}

/* PostgreSQL's view_query_is_auto_updatable up to the FROM check: the
 * detail text when q is not, else NULL. */
static int query_detail(struct binder *b, const struct sql_select *q, const char **detail,
                        struct err *e)
{
    *detail = NULL;
    if (q->distinct)
        *detail = "Views containing DISTINCT are not automatically updatable.";
    else if (q->group_by.n > 0 || q->gsets.n > 0)
        *detail = "Views containing GROUP BY are not automatically updatable.";
    else if (q->having != NULL)
        *detail = "Views containing HAVING are not automatically updatable.";
    else if (q->op != SQL_SETOP_NONE)
        *detail = "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
    else if (q->with != NULL)
        *detail = "Views containing WITH are not automatically updatable.";
    else if (q->limit != NULL || q->offset != NULL)
        *detail = "Views containing LIMIT or OFFSET are not automatically updatable.";
    if (*detail != NULL)
        return 0;
    /* aggregates, window functions and SRFs of the select list: plan it */
    struct pnode *p;
    struct sql_column *cols;
    int ncols;
    struct cte_ref *saved = b->ctes;
    b->ctes = NULL;
    int rc = eng__plan_select(b, NULL, q, &p, &cols, &ncols, e);
    b->ctes = saved;
    if (rc != 0)
        return rc;
    if (plan_has(p, PN_AGG))
        *detail = "Views that return aggregate functions are not automatically updatable.";
    else if (plan_has(p, PN_WINDOW))
        *detail = "Views that return window functions are not automatically updatable.";
    else if (plan_has(p, PN_PROJSET))
        *detail = "Views that return set-returning functions are not automatically updatable.";
    else if (q->values.n > 0 || q->from.n != 1 ||
             ((const struct sql_from *)q->from.items[0])->kind != SQL_FROM_TABLE)
        *detail = D_SINGLE;
    return 0;
}

/* The column of the FROM relation (named alias, columns cols) that target
 * tg is a plain reference to, or -1. */
static int plain_column(const struct sql_target *tg, const char *alias,
                        const struct sql_table_desc *rel)
{
    const struct sql_expr *x = tg->val;
    if (x == NULL || x->kind != SQL_EXPR_COLUMN || x->u.column.star)
        return -1;
    const struct sql_list *f = &x->u.column.fields;
    if (f->n < 1 || f->n > 2)
        return -1;
    if (f->n == 2 && strcmp(f->items[0], alias) != 0)
        return -1;
    const char *name = f->items[f->n - 1];
    for (int i = 0; i < rel->ncols; i++)
        if (!rel->cols[i].hidden && strcmp(rel->cols[i].name, name) == 0)
            return i;
    return -1;
}

static int not_updatable(const struct sql_table_desc *v, enum sql_stmt_kind op, const char *detail,
                         struct err *e)
{
    const char *msg, *hint;
    switch (op) {
    case SQL_STMT_INSERT:
        msg = "cannot insert into view";
        hint = "To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an "
               "unconditional ON INSERT DO INSTEAD rule.";
        break;
    case SQL_STMT_UPDATE:
        msg = "cannot update view";
        hint = "To enable updating the view, provide an INSTEAD OF UPDATE trigger or an "
               "unconditional ON UPDATE DO INSTEAD rule.";
        break;
    default:
        msg = "cannot delete from view";
        hint = "To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an "
               "unconditional ON DELETE DO INSTEAD rule.";
        break;
    }
    struct sbuf sb;
    sbuf_init(&sb);
    sbuf_printf(&sb, "%s \"%s\"", msg, v->name);
    if (detail != NULL)
        sbuf_printf(&sb, "%s%s", ENG_DETAIL_SEP, detail);
    sbuf_printf(&sb, "%s%s", ENG_HINT_SEP, hint);
    eng__set_error_location(-1);
    err_set_state(e, ERR_INVAL, "55000", "%s", sb.data);
    sbuf_free(&sb);
    return e->code;
}

/* ---- resolving a view down to its table ---- */

struct vlevel {
    const struct sql_table_desc *base;
    struct scope *base_scope;
    struct bx **exprs; /* per column of the view */
    int *basepos;      /* per column: the base table column it is, or -1 */
    struct bx *quals;
    struct eng_wco *wcos;
    int nwcos;
    const char **vdef; /* per base column: the default of a view column over it */
};

static char view_check_option(const struct sql_table_desc *v)
{
    const char *o = v->options;
    if (o == NULL)
        return 0;
    const char *p = strstr(o, "check_option=");
    if (p == NULL)
        return 0;
    p += strlen("check_option=");
    return strncmp(p, "cascaded", 8) == 0 ? 'c' : strncmp(p, "local", 5) == 0 ? 'l' : 0;
}

static struct scope *view_scope(struct binder *b, const struct sql_table_desc *v, const char *alias,
                                const struct vlevel *in)
{
    struct scope *s = eng__table_scope(b, v, alias);
    struct rte *r = &s->rtes[0];
    r->vexprs = in->exprs;
    r->table_oid = 0;
    s->width = in->base->ncols;
    return s;
}

static int resolve(struct binder *b, const struct sql_table_desc *v, enum sql_stmt_kind op,
                   const bool *mod, bool parent_cascaded, int depth, struct vlevel *out,
                   struct err *e)
{
    if (depth >= VIEW_DML_MAX_DEPTH)
        return err_set_state(e, ERR_INVAL, "42P17",
                             "infinite recursion detected in rules for relation \"%s\"", v->name);
    if (v->view_sql == NULL)
        return sql__view_corrupt(e, v);
    struct sql_parse_result pr;
    int rc = sql_parse(v->view_sql, strlen(v->view_sql), NULL, b->ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT)
        return sql__view_corrupt(e, v);
    const struct sql_select *q = pr.stmts[0]->u.select;
    const char *detail;
    if ((rc = query_detail(b, q, &detail, e)) != 0)
        return rc;
    if (detail != NULL)
        return not_updatable(v, op, detail, e);
    if (op == SQL_STMT_INSERT) { /* PostgreSQL adds the view's defaults to the target list */
        bool *m2 = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(v->ncols + 1));
        for (int i = 0; i < v->ncols; i++)
            m2[i] = mod[i] || v->cols[i].default_sql != NULL;
        mod = m2;
    }
    const struct sql_rangevar *rv = ((const struct sql_from *)q->from.items[0])->u.table;
    const struct sql_table_desc *bt;
    const struct sql_vtab *vt;
    struct cte_ref *saved = b->ctes;
    b->ctes = NULL;
    rc = eng__lookup_table(b, rv, true, &bt, &vt, e);
    b->ctes = saved;
    if (rc != 0)
        return rc;
    if (vt != NULL)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000", "cannot change system catalog \"%s\"",
                        rv->name.name);
    if (bt->kind != 'r' && bt->kind != 'v')
        return not_updatable(v, op, D_SINGLE, e);
    {
        /* the base relation is changed with the view owner's privileges (bind_acl.c) */
        const char *acl_saved;
        bool acl_saved_super;
        if ((rc = eng__perm_enter_view(b, v, &acl_saved, &acl_saved_super, e)) != 0)
            return rc;
        eng__perm_rel(b, bt,
                      op == SQL_STMT_INSERT   ? SQL_ACL_INSERT
                      : op == SQL_STMT_UPDATE ? SQL_ACL_UPDATE
                                              : SQL_ACL_DELETE);
        eng__perm_leave_view(b, acl_saved, acl_saved_super);
    }
    const char *alias = rv->alias ? rv->alias->name : bt->name;
    int nv = v->ncols;
    if (q->targets.n != nv)
        return sql__view_corrupt(e, v);
    int *pos = mem_alloc(b->ctx, sizeof(int) * (size_t)(nv + 1));
    bool any = false;
    for (int i = 0; i < nv; i++) {
        pos[i] = plain_column(q->targets.items[i], alias, bt);
        any |= pos[i] >= 0;
    }
    if (op != SQL_STMT_DELETE && !any)
        return not_updatable(
            v, op, "Views that have no updatable columns are not automatically updatable.", e);
    for (int i = 0; i < nv && op != SQL_STMT_DELETE; i++)
        if (mod[i] && pos[i] < 0)
            return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                            "%s column \"%s\" of view \"%s\"" ENG_DETAIL_SEP
                            "View columns that are not columns of their base relation are not "
                            "updatable.",
                            op == SQL_STMT_INSERT ? "cannot insert into" : "cannot update",
                            v->cols[i].name, v->name);
    /* this view's check option (PostgreSQL: a cascaded one above makes it
     * cascaded here too) */
    bool add_wco = false, cascaded = false;
    if (op != SQL_STMT_DELETE) {
        char co = view_check_option(v);
        bool has = co != 0;
        cascaded = co == 'c';
        if (parent_cascaded)
            has = cascaded = true;
        add_wco = has && (cascaded || q->where != NULL);
    }
    struct vlevel in = {0};
    struct scope *s;
    if (bt->kind == 'v') {
        bool *imod = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(bt->ncols + 1));
        for (int i = 0; i < nv; i++)
            if (mod[i] && pos[i] >= 0)
                imod[pos[i]] = true;
        rc = resolve(b, bt, op, imod, add_wco ? cascaded : parent_cascaded, depth + 1, &in, e);
        if (rc != 0)
            return rc;
        s = view_scope(b, bt, alias, &in);
    } else {
        in.base = bt;
        in.base_scope = eng__table_scope(b, bt, alias);
        s = eng__table_scope(b, bt, alias);
    }
    out->base = in.base;
    out->base_scope = in.base_scope;
    out->vdef =
        in.vdef ? in.vdef : mem_alloc0(b->ctx, sizeof(char *) * (size_t)(in.base->ncols + 1));
    out->exprs = mem_alloc0(b->ctx, sizeof(struct bx *) * (size_t)(nv + 1));
    out->basepos = mem_alloc(b->ctx, sizeof(int) * (size_t)(nv + 1));
    for (int i = 0; i < nv; i++) {
        const struct sql_target *tg = q->targets.items[i];
        rc = eng__bind_expr(b, s, tg->val, &out->exprs[i], e);
        if (rc != 0)
            return rc;
        out->basepos[i] = pos[i] < 0 ? -1 : bt->kind == 'v' ? in.basepos[pos[i]] : pos[i];
        if (out->basepos[i] >= 0 && v->cols[i].default_sql != NULL)
            out->vdef[out->basepos[i]] = v->cols[i].default_sql; /* the outer view's wins */
    }
    struct bx *w = NULL;
    if (q->where != NULL && (rc = eng__bind_bool(b, s, q->where, "WHERE", &w, e)) != 0)
        return rc;
    out->quals = in.quals;
    if (w != NULL) {
        if (out->quals == NULL) {
            out->quals = w;
        } else {
            struct bx *two[2] = {in.quals, w};
            out->quals = eng__and_list(b->ctx, two, 2);
        }
    }
    out->nwcos = in.nwcos + (add_wco ? 1 : 0);
    out->wcos = mem_alloc0(b->ctx, sizeof *out->wcos * (size_t)(out->nwcos + 1));
    for (int i = 0; i < in.nwcos; i++)
        out->wcos[i] = in.wcos[i];
    if (add_wco) {
        out->wcos[in.nwcos].qual = w;
        out->wcos[in.nwcos].view = v->name;
    }
    return 0;
}

/* ---- the statement ---- */

static struct sql_target *renamed(struct binder *b, const struct sql_target *tg, const char *name)
{
    struct sql_target *c = mem_alloc(b->ctx, sizeof *c);
    *c = *tg;
    c->name = (char *)name;
    return c;
}

static int view_col(const struct sql_table_desc *v, const char *name)
{
    for (int i = 0; i < v->ncols; i++)
        if (!v->cols[i].hidden && strcmp(v->cols[i].name, name) == 0)
            return i;
    return -1;
}

int eng__view_dml(struct binder *b, const struct sql_stmt *st, const struct sql_table_desc *v,
                  const struct sql_stmt **st_out, struct err *e)
{
    enum sql_stmt_kind op = st->kind;
    int nv = v->ncols;
    bool *mod = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(nv + 1));
    int *order = mem_alloc(b->ctx, sizeof(int) * (size_t)(nv + 1));
    int norder = 0;
    const struct sql_list *targets = op == SQL_STMT_INSERT   ? &st->u.insert.cols
                                     : op == SQL_STMT_UPDATE ? &st->u.update.set
                                                             : NULL;
    const struct sql_rangevar *rv = op == SQL_STMT_INSERT   ? st->u.insert.table
                                    : op == SQL_STMT_UPDATE ? st->u.update.table
                                                            : st->u.delete_.table;
    if (targets != NULL && targets->n > 0) {
        for (int i = 0; i < targets->n; i++) {
            const struct sql_target *tg = targets->items[i];
            int c = view_col(v, tg->name);
            if (c < 0)
                return eng__err(e, tg->location, ERR_NOTFOUND, "42703",
                                "column \"%s\" of relation \"%s\" does not exist", tg->name,
                                v->name);
            if (mod[c])
                return op == SQL_STMT_INSERT
                           ? eng__err(e, tg->location, ERR_INVAL, "42701",
                                      "column \"%s\" specified more than once", tg->name)
                           : eng__err(e, -1, ERR_INVAL, "42601",
                                      "multiple assignments to same column \"%s\"", tg->name);
            mod[c] = true;
            order[norder++] = c;
        }
    } else if (op == SQL_STMT_INSERT) {
        /* no column list: the first N columns, N the source's width */
        int want = -1;
        const struct sql_select *src = st->u.insert.source;
        if (src != NULL && src->values.n > 0 && src->op == SQL_SETOP_NONE)
            want = ((const struct sql_list *)src->values.items[0])->n;
        else if (src != NULL && src->op == SQL_SETOP_NONE && src->values.n == 0) {
            bool star = false;
            for (int i = 0; i < src->targets.n; i++) {
                const struct sql_target *tg = src->targets.items[i];
                if (tg->val != NULL && tg->val->kind == SQL_EXPR_COLUMN && tg->val->u.column.star)
                    star = true;
            }
            if (!star)
                want = src->targets.n;
        }
        for (int i = 0; i < nv && src != NULL; i++)
            if (!v->cols[i].hidden && (want < 0 || norder < want)) {
                mod[i] = true;
                order[norder++] = i;
            }
    }
    struct vlevel lv = {0};
    eng__set_error_location(-1);
    int rc = resolve(b, v, op, mod, false, 0, &lv, e);
    if (rc != 0)
        return rc;
    struct eng_view_dml *d = mem_alloc0(b->ctx, sizeof *d);
    d->view = v;
    d->base = lv.base;
    d->base_scope = lv.base_scope;
    d->quals = op == SQL_STMT_INSERT ? NULL : lv.quals;
    d->wcos = lv.wcos;
    d->nwcos = lv.nwcos;
    d->scope = view_scope(b, v, rv->alias ? rv->alias->name : v->name, &lv);
    d->vdef = lv.vdef;
    d->basepos = lv.basepos;
    if (op == SQL_STMT_UPDATE) { /* SET x = DEFAULT: the view's own default, or NULL */
        d->vdef = mem_alloc0(b->ctx, sizeof(char *) * (size_t)(lv.base->ncols + 1));
        for (int i = 0; i < nv; i++)
            if (lv.basepos[i] >= 0 && v->cols[i].default_sql != NULL)
                d->vdef[lv.basepos[i]] = v->cols[i].default_sql;
    }
    struct sql_stmt *c = mem_alloc(b->ctx, sizeof *c);
    *c = *st;
    if (op != SQL_STMT_DELETE && norder > 0) {
        struct sql_list l;
        l.n = norder;
        l.items = mem_alloc0(b->ctx, sizeof(void *) * (size_t)norder);
        for (int i = 0; i < norder; i++) {
            int vc = order[i];
            const char *bname = lv.base->cols[lv.basepos[vc]].name;
            struct sql_target *tg;
            if (targets->n > 0) {
                tg = renamed(b, targets->items[i], bname);
            } else {
                tg = mem_alloc0(b->ctx, sizeof *tg);
                tg->name = (char *)bname;
                tg->location = -1;
            }
            l.items[i] = tg;
        }
        if (op == SQL_STMT_INSERT)
            c->u.insert.cols = l;
        else
            c->u.update.set = l;
    }
    b->vdml = d;
    *st_out = c;
    return 0;
}

/* ---- INSERT ... ON CONFLICT ---- */

static const struct sql_index_elem *infer_elem(const struct sql_stmt *st, int k)
{
    return st->u.insert.on_conflict.infer.items[k];
}

int eng__view_on_conflict_check(struct binder *b, const struct sql_stmt *st,
                                const struct sql_table_desc *v, struct err *e)
{
    const __typeof__(st->u.insert.on_conflict) *oc = &st->u.insert.on_conflict;
    if (oc->constraint != NULL) /* a view has no constraints */
        return eng__err(e, -1, ERR_NOTFOUND, "42704",
                        "constraint \"%s\" for table \"%s\" does not exist", oc->constraint,
                        v->name);
    for (int k = 0; k < oc->infer.n; k++) {
        const struct sql_index_elem *ie = infer_elem(st, k);
        if (ie->name == NULL || view_col(v, ie->name) >= 0)
            continue;
        /* bound as a column of the view for PostgreSQL's error and hint */
        const struct sql_rangevar *rv = st->u.insert.table;
        struct sql_expr *ref = mem_alloc0(b->ctx, sizeof *ref);
        ref->kind = SQL_EXPR_COLUMN;
        ref->location = oc->infer_location;
        ref->u.column.fields.n = 1;
        ref->u.column.fields.items = mem_alloc(b->ctx, sizeof(void *));
        ref->u.column.fields.items[0] = ie->name;
        struct bx *x;
        int rc = eng__bind_expr(b, eng__table_scope(b, v, rv->alias ? rv->alias->name : v->name),
                                ref, &x, e);
        if (rc != 0)
            return rc;
    }
    for (int i = 0; i < oc->set.n; i++) {
        const struct sql_target *tg = oc->set.items[i];
        if (view_col(v, tg->name) < 0)
            return eng__err(e, tg->location, ERR_NOTFOUND, "42703",
                            "column \"%s\" of relation \"%s\" does not exist", tg->name, v->name);
    }
    return 0;
}

int eng__view_on_conflict(struct binder *b, const struct sql_stmt *st,
                          const struct sql_stmt **st_out, struct err *e)
{
    const struct eng_view_dml *d = b->vdml;
    struct sql_stmt *c = mem_alloc(b->ctx, sizeof *c);
    *c = *st;
    __typeof__(c->u.insert.on_conflict) *oc = &c->u.insert.on_conflict;
    if (oc->infer.n > 0) {
        void **items = mem_alloc(b->ctx, sizeof(void *) * (size_t)oc->infer.n);
        for (int k = 0; k < oc->infer.n; k++) {
            const struct sql_index_elem *ie = infer_elem(st, k);
            items[k] = (void *)ie;
            if (ie->name == NULL)
                continue; /* an expression: plan_upsert.c's 0A000 */
            int p = d->basepos[view_col(d->view, ie->name)];
            if (p < 0) /* a computed view column: no index can match it */
                return eng__err(e, -1, ERR_INVAL, "42P10",
                                "there is no unique or exclusion constraint matching the ON "
                                "CONFLICT specification");
            struct sql_index_elem *ne = mem_alloc(b->ctx, sizeof *ne);
            *ne = *ie;
            ne->name = (char *)d->base->cols[p].name;
            items[k] = ne;
        }
        oc->infer.items = items;
    }
    if (oc->set.n > 0) {
        void **items = mem_alloc(b->ctx, sizeof(void *) * (size_t)oc->set.n);
        for (int i = 0; i < oc->set.n; i++) {
            const struct sql_target *tg = oc->set.items[i];
            int vc = view_col(d->view, tg->name);
            if (vc < 0 || d->basepos[vc] < 0) /* PostgreSQL names the statement an insert */
                return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                                "cannot insert into column \"%s\" of view \"%s\"" ENG_DETAIL_SEP
                                "View columns that are not columns of their base relation are "
                                "not updatable.",
                                tg->name, d->view->name);
            items[i] = renamed(b, tg, d->base->cols[d->basepos[vc]].name);
        }
        oc->set.items = items;
    }
    *st_out = c;
    return 0;
}

static struct bx **shift_list(struct binder *b, struct bx **xs, int n, int level, int off);

static struct bx *shift_at(struct binder *b, const struct bx *x, int level, int off);

/* A copy of x (over the base row at this level) as seen `level` query
 * levels further down, or NULL when it holds something that cannot move
 * (a sublink, an aggregate). */
static struct bx *shift(struct binder *b, const struct bx *x, int level)
{
    return shift_at(b, x, level, 0);
}

struct bx **eng__view_exprs_at(struct binder *b, int off)
{
    const struct rte *r = &b->vdml->scope->rtes[0];
    struct bx **out = mem_alloc0(b->ctx, sizeof *out * (size_t)(r->ncols + 1));
    for (int i = 0; i < r->ncols; i++)
        out[i] = shift_at(b, r->vexprs[i], 0, off);
    return out;
}

/* shift, the base row's columns also moved to slot off on */
static struct bx *shift_at(struct binder *b, const struct bx *x, int level, int off)
{
    if (x == NULL)
        return NULL;
    struct bx *c = mem_alloc(b->ctx, sizeof *c);
    *c = *x;
    bool ok = true;
    switch (x->kind) {
    case BX_CONST:
    case BX_PARAM:
    case BX_SUBVAL:
    case BX_ERROR:
        break;
    case BX_COL:
        if (x->u.col.level == 0)
            c->u.col.idx += off;
        c->u.col.level += level;
        break;
    case BX_FUNC:
        c->u.fn.args = shift_list(b, x->u.fn.args, x->u.fn.nargs, level, off);
        ok = x->u.fn.nargs == 0 || c->u.fn.args != NULL;
        c->u.fn.cache_slot = b->nfcache++;
        break;
    case BX_AND:
    case BX_OR:
    case BX_NOT:
    case BX_COALESCE:
    case BX_GREATEST:
    case BX_LEAST:
    case BX_ROW:
        c->u.list.args = shift_list(b, x->u.list.args, x->u.list.n, level, off);
        ok = x->u.list.n == 0 || c->u.list.args != NULL;
        break;
    case BX_NULLTEST:
    case BX_BOOLTEST:
    case BX_FIELD:
        ok = (c->u.test.arg = shift_at(b, x->u.test.arg, level, off)) != NULL;
        break;
    case BX_DISTINCT:
    case BX_NULLIF:
        ok = (c->u.cmp.l = shift_at(b, x->u.cmp.l, level, off)) != NULL &&
             (c->u.cmp.r = shift_at(b, x->u.cmp.r, level, off)) != NULL;
        break;
    case BX_CASE:
        c->u.cs.conds = shift_list(b, x->u.cs.conds, x->u.cs.n, level, off);
        c->u.cs.results = shift_list(b, x->u.cs.results, x->u.cs.n, level, off);
        c->u.cs.def = shift_at(b, x->u.cs.def, level, off);
        ok = c->u.cs.conds != NULL && c->u.cs.results != NULL && c->u.cs.def != NULL;
        break;
    case BX_CAST:
        ok = (c->u.cast.arg = shift_at(b, x->u.cast.arg, level, off)) != NULL;
        break;
    case BX_ARRAYCMP:
        ok = (c->u.arr.arr = shift_at(b, x->u.arr.arr, level, off)) != NULL &&
             (c->u.arr.cmp = shift_at(b, x->u.arr.cmp, level, off)) != NULL;
        break;
    default:
        ok = false;
        break;
    }
    return ok ? c : NULL;
}

static struct bx **shift_list(struct binder *b, struct bx **xs, int n, int level, int off)
{
    struct bx **out = mem_alloc(b->ctx, sizeof *out * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++)
        if ((out[i] = shift_at(b, xs[i], level, off)) == NULL)
            return NULL;
    return n > 0 ? out : NULL;
}

struct bx *eng__view_colref(struct binder *b, const struct rte *r, int c, int level, int location)
{
    const struct bx *v = r->vexprs[c];
    struct bx *x = mem_alloc0(b->ctx, sizeof *x);
    if (v != NULL && (level == 0 || (v->kind == BX_COL && v->u.col.level == 0))) {
        *x = *v;
        if (x->kind == BX_COL) {
            x->u.col.level = level;
            x->location = location;
        }
        return x;
    }
    struct bx *sh = v != NULL ? shift(b, v, level) : NULL;
    if (sh != NULL)
        return sh;
    x->kind = BX_ERROR;
    x->type = r->coltypes[c];
    x->typmod = -1;
    x->location = location;
    x->u.errmsg = "a subquery referencing a computed column of the view written to is not "
                  "supported";
    return x;
}

/* ---- view column defaults ---- */

int eng__view_default(struct binder *b, const struct sql_table_desc *t, int pos, struct bx **out,
                      struct err *e)
{
    *out = NULL;
    const char *sql = b->vdml != NULL && b->vdml->vdef != NULL ? b->vdml->vdef[pos] : NULL;
    if (sql == NULL)
        return 0;
    struct scope *empty = mem_alloc0(b->ctx, sizeof *empty);
    return eng__compile_text(b, empty, sql, t->cols[pos].type, t->cols[pos].typmod, false, out, e);
}

/* ---- check options ---- */

int eng__view_wco_check(struct xrt *rt, const struct pnode *p, const struct sql_value *row,
                        struct mem_ctx *mem, struct err *e)
{
    struct ectx c = {.rt = rt, .row = row, .outer = NULL, .mem = mem};
    for (int i = 0; i < p->u.modify.nwcos; i++) {
        const struct eng_wco *w = &p->u.modify.wcos[i];
        if (w->qual == NULL)
            continue;
        bool ok;
        int rc = eng__eval_qual(&c, w->qual, &ok, e);
        if (rc != 0)
            return rc;
        if (ok)
            continue;
        struct sbuf sb;
        sbuf_init(&sb);
        eng__format_row(p->u.modify.t, row, &rt->env->fmt, &sb);
        err_set_state(e, ERR_INVAL, "44000",
                      "new row violates check option for view \"%s\"" ENG_DETAIL_SEP
                      "Failing row contains (%s).",
                      w->view, sb.data ? sb.data : "");
        sbuf_free(&sb);
        return e->code;
    }
    return 0;
}

/* ---- CREATE VIEW ... WITH CHECK OPTION, information_schema ---- */

static void binder_init(struct binder *b, struct sql_env *env, struct mem_ctx *ctx, uint32_t *dummy)
{
    memset(b, 0, sizeof *b);
    b->env = env;
    b->ctx = ctx;
    b->param_types = dummy;
    b->fmt = env->fmt;
}

int sql_view_check_option_ok(struct sql_env *env, const struct sql_select *q, struct err *e)
{
    struct binder b;
    uint32_t dummy[1] = {0};
    binder_init(&b, env, env->stmt_ctx, dummy);
    const char *detail;
    int rc = query_detail(&b, q, &detail, e);
    if (rc != 0)
        return rc;
    if (detail == NULL) {
        const struct sql_rangevar *rv = ((const struct sql_from *)q->from.items[0])->u.table;
        const struct sql_table_desc *bt;
        const struct sql_vtab *vt;
        if ((rc = eng__lookup_table(&b, rv, true, &bt, &vt, e)) != 0)
            return rc;
        if (vt != NULL || (bt->kind != 'r' && bt->kind != 'v')) {
            detail = D_SINGLE;
        } else {
            const char *alias = rv->alias ? rv->alias->name : bt->name;
            bool any = false;
            for (int i = 0; i < q->targets.n && !any; i++) {
                const struct sql_target *tg = q->targets.items[i];
                any =
                    plain_column(tg, alias, bt) >= 0 ||
                    (tg->val != NULL && tg->val->kind == SQL_EXPR_COLUMN && tg->val->u.column.star);
            }
            if (!any)
                detail = "Views that have no updatable columns are not automatically updatable.";
        }
    }
    if (detail == NULL)
        return 0;
    eng__set_error_location(-1);
    return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                         "WITH CHECK OPTION is supported only on automatically updatable "
                         "views" ENG_HINT_SEP "%s",
                         detail);
}

/* relation_is_updatable for a view: *ok when every level is automatically
 * updatable, cols[i] when column i is a column of the base table. */
static int updatable_rec(struct binder *b, const struct sql_table_desc *v, int depth, bool *ok,
                         bool *cols, struct err *e)
{
    *ok = false;
    if (depth >= VIEW_DML_MAX_DEPTH || v->view_sql == NULL)
        return 0;
    struct sql_parse_result pr;
    int rc = sql_parse(v->view_sql, strlen(v->view_sql), NULL, b->ctx, &pr, e);
    if (rc != 0 || pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT)
        return rc;
    const struct sql_select *q = pr.stmts[0]->u.select;
    const char *detail;
    if ((rc = query_detail(b, q, &detail, e)) != 0 || detail != NULL)
        return rc;
    const struct sql_rangevar *rv = ((const struct sql_from *)q->from.items[0])->u.table;
    const struct sql_table_desc *bt;
    const struct sql_vtab *vt;
    if ((rc = eng__lookup_table(b, rv, true, &bt, &vt, e)) != 0)
        return rc;
    if (vt != NULL || (bt->kind != 'r' && bt->kind != 'v') || q->targets.n != v->ncols)
        return 0;
    const char *alias = rv->alias ? rv->alias->name : bt->name;
    bool *inner = NULL;
    if (bt->kind == 'v') {
        inner = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(bt->ncols + 1));
        bool iok;
        if ((rc = updatable_rec(b, bt, depth + 1, &iok, inner, e)) != 0 || !iok)
            return rc;
    }
    for (int i = 0; i < v->ncols; i++) {
        int p = plain_column(q->targets.items[i], alias, bt);
        cols[i] = p >= 0 && (inner == NULL || inner[p]);
    }
    *ok = true;
    return 0;
}

void sql_view_updatable(struct sql_env *env, const struct sql_table_desc *v, struct mem_ctx *ctx,
                        bool *ins_upd, bool *cols)
{
    struct binder b;
    uint32_t dummy[1] = {0};
    struct mem_ctx *tmp = mem_ctx_new(ctx, "view updatable");
    binder_init(&b, env, tmp, dummy);
    struct err e = {0};
    bool ok = false;
    bool *c = mem_alloc0(tmp, sizeof(bool) * (size_t)(v->ncols + 1));
    if (updatable_rec(&b, v, 0, &ok, c, &e) != 0)
        ok = false;
    *ins_upd = false;
    for (int i = 0; i < v->ncols; i++) {
        if (cols != NULL)
            cols[i] = ok && c[i];
        *ins_upd |= ok && c[i];
    }
    mem_ctx_free(tmp);
}
