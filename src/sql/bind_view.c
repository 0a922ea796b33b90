/* bind_view.c — views in the binder: a view named in FROM is expanded as a
 * subquery over its stored query (bind_select.c's from_item calls
 * eng__view_expand), and CREATE VIEW binds its query here to learn the
 * output columns and the relations/columns it depends on (the binder
 * notes them through eng__view_note while b->view_deps is set).
 */
#include "sql/engine_int.h"
#include "sql/deparse.h"
#include "sql/parse.h"
#include "sql/view.h"

#include "common/str.h"

#include <string.h>

#define VIEW_MAX_DEPTH 64

#define VIEW_MAX_FRAMES 64

struct view_qual {
    struct sql_expr *x;
    struct sql_list old, repl;
};

struct view_list {
    struct sql_list *list;
    struct sql_list old, repl;
};

struct view_rel {
    struct sql_rangevar *rv;
    char *old, *repl;
};

struct eng_view_deps {
    struct sql_view_dep *v;
    int n, cap;
    struct view_rel *rels;
    int nr, rcap;
    struct view_qual *quals;
    int nq, qcap;
    struct view_list *lists;
    int nl, lcap;
    struct {
        const struct sql_list *targets;
        int *starts;
    } frames[VIEW_MAX_FRAMES];
    int nframes;
    bool overflow;
};

static void *grow(struct mem_ctx *ctx, void *p, int *cap, int n, size_t size)
{
    if (n < *cap)
        return p;
    int nc = *cap ? *cap * 2 : 8;
    p = mem_realloc(ctx, p, size * (size_t)*cap, size * (size_t)nc);
    *cap = nc;
    return p;
}

void eng__view_relation(struct binder *b, const struct sql_rangevar *rv, const char *schema)
{
    struct eng_view_deps *d = b->view_deps;
    if (d == NULL || b->view_depth > 0 || rv->name.schema != NULL)
        return;
    for (int i = 0; i < d->nr; i++)
        if (d->rels[i].rv == rv)
            return;
    d->rels = grow(b->ctx, d->rels, &d->rcap, d->nr, sizeof *d->rels);
    struct view_rel *r = &d->rels[d->nr++];
    r->rv = (struct sql_rangevar *)rv; /* rewritten for the deparse, then restored */
    r->old = rv->name.schema;
    r->repl = mem_strdup(b->ctx, schema);
}

void eng__view_qualify(struct binder *b, const struct sql_expr *x, const char *alias)
{
    struct eng_view_deps *d = b->view_deps;
    if (d == NULL || b->view_depth > 0 || alias == NULL || x->kind != SQL_EXPR_COLUMN ||
        x->u.column.fields.n != 1)
        return;
    for (int i = 0; i < d->nq; i++)
        if (d->quals[i].x == x)
            return;
    d->quals = grow(b->ctx, d->quals, &d->qcap, d->nq, sizeof *d->quals);
    struct view_qual *q = &d->quals[d->nq++];
    q->x = (struct sql_expr *)x; /* rewritten for the deparse, then restored */
    q->old = x->u.column.fields;
    q->repl.n = 2;
    q->repl.items = mem_alloc0(b->ctx, sizeof(void *) * 2);
    q->repl.items[0] = mem_strdup(b->ctx, alias);
    q->repl.items[1] = x->u.column.fields.items[0];
}

static struct sql_target *col_target(struct binder *b, const struct bx *x, const char *name)
{
    struct sql_expr *c = mem_alloc0(b->ctx, sizeof *c);
    c->kind = SQL_EXPR_COLUMN;
    c->location = -1;
    c->u.column.fields.items = mem_alloc0(b->ctx, sizeof(void *) * 2);
    if (x->u.col.rel != NULL)
        c->u.column.fields.items[c->u.column.fields.n++] = mem_strdup(b->ctx, x->u.col.rel);
    c->u.column.fields.items[c->u.column.fields.n++] = mem_strdup(b->ctx, x->u.col.name);
    struct sql_target *t = mem_alloc0(b->ctx, sizeof *t);
    t->val = c;
    t->location = -1;
    if (strcmp(name, x->u.col.name) != 0)
        t->name = mem_strdup(b->ctx, name);
    return t;
}

void eng__view_target(struct binder *b, const struct sql_list *targets, int i,
                      const struct tlist *tl)
{
    struct eng_view_deps *d = b->view_deps;
    if (d == NULL || b->view_depth > 0)
        return;
    if (i == 0) {
        if (d->nframes == VIEW_MAX_FRAMES) {
            d->overflow = true;
            return;
        }
        d->frames[d->nframes].targets = targets;
        d->frames[d->nframes].starts = mem_alloc0(b->ctx, sizeof(int) * (size_t)(targets->n + 1));
        d->nframes++;
    }
    if (d->nframes == 0 || d->frames[d->nframes - 1].targets != targets) {
        d->overflow = true;
        return;
    }
    int *starts = d->frames[d->nframes - 1].starts;
    starts[i] = tl->n;
    if (i < targets->n)
        return;
    d->nframes--;
    bool any = false;
    int total = 0;
    for (int k = 0; k < targets->n; k++) {
        const struct sql_target *t = targets->items[k];
        bool star = t->val != NULL && t->val->kind == SQL_EXPR_COLUMN && t->val->u.column.star;
        any |= star;
        total += star ? starts[k + 1] - starts[k] : 1;
    }
    if (!any)
        return;
    struct sql_list repl;
    repl.n = 0;
    repl.items = mem_alloc0(b->ctx, sizeof(void *) * (size_t)(total + 1));
    for (int k = 0; k < targets->n; k++) {
        const struct sql_target *t = targets->items[k];
        bool star = t->val != NULL && t->val->kind == SQL_EXPR_COLUMN && t->val->u.column.star;
        if (!star) {
            repl.items[repl.n++] = targets->items[k];
            continue;
        }
        for (int j = starts[k]; j < starts[k + 1]; j++) {
            const struct bx *x = tl->x[j];
            if (x->kind != BX_COL || x->u.col.name == NULL) {
                d->overflow = true; /* not expressible: keep the text as written */
                return;
            }
            repl.items[repl.n++] = col_target(b, x, tl->names[j]);
        }
    }
    d->lists = grow(b->ctx, d->lists, &d->lcap, d->nl, sizeof *d->lists);
    struct view_list *l = &d->lists[d->nl++];
    l->list = (struct sql_list *)targets; /* rewritten for the deparse, then restored */
    l->old = *targets;
    l->repl = repl;
}

void eng__view_note(struct binder *b, uint32_t oid, int16_t attnum)
{
    struct eng_view_deps *d = b->view_deps;
    if (d == NULL || b->view_depth > 0 || oid < SQL_FIRST_USER_OID)
        return;
    for (int i = 0; i < d->n; i++)
        if (d->v[i].oid == oid && d->v[i].attnum == attnum)
            return;
    if (d->n == d->cap) {
        int nc = d->cap ? d->cap * 2 : 8;
        d->v = mem_realloc(b->ctx, d->v, sizeof *d->v * (size_t)d->cap, sizeof *d->v * (size_t)nc);
        d->cap = nc;
    }
    d->v[d->n].oid = oid;
    d->v[d->n].attnum = attnum;
    d->n++;
}

int eng__view_expand(struct binder *b, const struct sql_table_desc *t,
                     const struct sql_rangevar *rv, const struct sql_select **q,
                     struct sql_alias **alias, struct err *e)
{
    if (b->view_depth >= VIEW_MAX_DEPTH)
        return err_set_state(e, ERR_INVAL, "42P17",
                             "infinite recursion detected in rules for relation \"%s\"", t->name);
    if (t->view_sql == NULL)
        return sql__view_corrupt(e, t);
    struct sql_parse_result pr;
    int rc = b->env != NULL && b->env->txn != NULL ? sql_table_read_lock(b->env, t, e) : 0;
    if (rc != 0)
        return rc;
    rc = sql_parse(t->view_sql, strlen(t->view_sql), NULL, b->ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT)
        return sql__view_corrupt(e, t);
    *q = pr.stmts[0]->u.select;
    struct sql_alias *a = mem_alloc0(b->ctx, sizeof *a);
    a->name = rv->alias ? rv->alias->name : mem_strdup(b->ctx, t->name);
    int n = 0;
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden)
            n++;
    a->colnames.items = mem_alloc0(b->ctx, sizeof(void *) * (size_t)(n + 1));
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden)
            a->colnames.items[a->colnames.n++] = mem_strdup(b->ctx, t->cols[i].name);
    if (rv->alias != NULL)
        for (int i = 0; i < rv->alias->colnames.n && i < a->colnames.n; i++)
            a->colnames.items[i] = rv->alias->colnames.items[i];
    if (rv->alias != NULL && rv->alias->colnames.n > a->colnames.n)
        return err_set_state(e, ERR_INVAL, "42P10",
                             "table \"%s\" has %d columns available but %d columns specified",
                             a->name, a->colnames.n, rv->alias->colnames.n);
    *alias = a;
    b->view_depth++;
    return 0;
}

int eng__view_check(const struct sql_table_desc *t, int ncols, struct err *e)
{
    int n = 0;
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden)
            n++;
    if (n == ncols)
        return 0;
    return err_set_state(e, ERR_INTERNAL, "XX000",
                         "view \"%s\" has %d columns but its query now yields %d", t->name, n,
                         ncols);
}

int sql__view_corrupt(struct err *e, const struct sql_table_desc *t)
{
    return err_set_state(e, ERR_CORRUPT, "XX001", "view \"%s\" (oid %u) has a bad stored query",
                         t->name, t->oid);
}

int sql_view_describe(struct sql_env *env, const struct sql_select *q, struct mem_ctx *ctx,
                      struct sql_column **cols, int *ncols, struct sql_view_dep **deps, int *ndeps,
                      char **text, struct err *e)
{
    struct binder b;
    uint32_t dummy[1] = {0};
    memset(&b, 0, sizeof b);
    b.env = env;
    b.ctx = ctx;
    b.param_types = dummy;
    b.fmt = env->fmt;
    struct eng_view_deps d = {0};
    b.view_deps = &d;
    struct pnode *p;
    eng__set_error_location(-1);
    int rc = eng__plan_select(&b, NULL, q, &p, cols, ncols, e);
    if (rc != 0)
        return rc;
    if (b.nparams > 0)
        return err_set_state(e, ERR_INVAL, "42P02", "there is no parameter $1");
    *deps = d.v;
    *ndeps = d.n;
    /* The text: references qualified and * expanded, unless something
     * could not be expressed (then as written). */
    if (!d.overflow) {
        for (int i = 0; i < d.nq; i++)
            d.quals[i].x->u.column.fields = d.quals[i].repl;
        for (int i = 0; i < d.nl; i++)
            *d.lists[i].list = d.lists[i].repl;
        for (int i = 0; i < d.nr; i++)
            d.rels[i].rv->name.schema = d.rels[i].repl;
    }
    struct sbuf out;
    sbuf_init(&out);
    sql_deparse_select(q, 0, &out);
    *text = d.overflow ? NULL : mem_strdup(ctx, out.data);
    sbuf_free(&out);
    if (!d.overflow) {
        for (int i = d.nr - 1; i >= 0; i--)
            d.rels[i].rv->name.schema = d.rels[i].old;
        for (int i = d.nl - 1; i >= 0; i--)
            *d.lists[i].list = d.lists[i].old;
        for (int i = d.nq - 1; i >= 0; i--)
            d.quals[i].x->u.column.fields = d.quals[i].old;
    }
    return 0;
}
