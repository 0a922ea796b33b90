/* fk.c — FOREIGN KEY constraints: DDL and enforcement (see fk.h).
 *
 * References: PostgreSQL 15 commands/tablecmds.c (ATAddForeignKeyConstraint,
 * transformFkeyGetPrimaryKey, transformFkeyCheckAttrs), utils/adt/ri_triggers.c
 * (RI_FKey_check, ri_restrict, ri_set, ri_ReportViolation).
 */
#include "sql/fk.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/engine_int.h"
#include "sql/deparse.h"
#include "sql/env.h"
#include "sql/temp.h"
#include "sql/trigger.h"
#include "sql/exec.h"
#include "sql/value.h"
#include "sql/value_int.h"

#include <stdio.h>
#include <string.h>

/* ---- helpers ---- */

/* The index of t whose pg_class oid is oid. */
static const struct sql_idx_desc *idx_by_oid(const struct sql_table_desc *t, uint32_t oid, int *pos)
{
    for (int i = 0; i < t->nidx; i++) {
        if (t->idx[i].oid == oid && oid != 0) {
            if (pos)
                *pos = i;
            return &t->idx[i];
        }
    }
    return NULL;
}

static const char *col_name(const struct sql_table_desc *t, uint32_t id)
{
    const struct sql_col_desc *c = sql_cat_column_by_id(t, id);
    return c ? c->name : "?";
}

static int col_pos(const struct sql_table_desc *t, uint32_t id)
{
    return sql_cat_column_pos(t, id);
}

/* The table oid, or t itself when it is t (self reference, maybe unstored). */
static int table_of(struct sql_env *env, const struct sql_table_desc *t, uint32_t oid,
                    const struct sql_table_desc **out, struct err *e)
{
    if (oid == t->oid) {
        *out = t;
        return 0;
    }
    return sql_cat_table_by_oid(env, oid, out, e);
}

/* "(a, b)=(1, 2)" of columns ids[] of t in row. */
static void key_text(struct sql_env *env, const struct sql_table_desc *t, const uint32_t *ids,
                     int n, const struct sql_value *row, struct sbuf *out)
{
    sbuf_putc(out, '(');
    for (int k = 0; k < n; k++) {
        if (k > 0)
            sbuf_puts(out, ", ");
        sbuf_puts(out, col_name(t, ids[k]));
    }
    sbuf_puts(out, ")=(");
    for (int k = 0; k < n; k++) {
        if (k > 0)
            sbuf_puts(out, ", ");
        int p = col_pos(t, ids[k]);
        struct err e2 = {0};
        if (p < 0 || row[p].null)
            sbuf_puts(out, "null");
        else if (sql_value_out(&row[p], &env->fmt, out, &e2) != 0)
            sbuf_puts(out, "?");
    }
    sbuf_putc(out, ')');
}

static int child_violation(struct sql_env *env, const struct sql_table_desc *c,
                           const struct sql_fk_desc *f, const struct sql_table_desc *p,
                           const struct sql_value *row, bool full_mix, struct err *e)
{
    struct sbuf d;
    sbuf_init(&d);
    if (full_mix)
        sbuf_puts(&d, "MATCH FULL does not allow mixing of null and nonnull key values.");
    else {
        sbuf_puts(&d, "Key ");
        key_text(env, c, f->col_ids, f->ncols, row, &d);
        sbuf_printf(&d, " is not present in table \"%s\".", p ? p->name : "?");
    }
    err_set_state(e, ERR_INVAL, "23503",
                  "insert or update on table \"%s\" violates foreign key constraint "
                  "\"%s\"\nDETAIL:  %s\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCONSTRAINT NAME:  %s",
                  c->name, f->name, d.data ? d.data : "", c->schema, c->name, f->name);
    sbuf_free(&d);
    return e->code;
}

static int parent_violation(struct sql_env *env, const struct sql_table_desc *p,
                            const struct sql_table_desc *c, const struct sql_fk_desc *f,
                            const struct sql_value *prow, struct err *e)
{
    struct sbuf d;
    sbuf_init(&d);
    key_text(env, p, f->ref_col_ids, f->ncols, prow, &d);
    err_set_state(e, ERR_INVAL, "23503",
                  "update or delete on table \"%s\" violates foreign key constraint \"%s\" on "
                  "table \"%s\"\nDETAIL:  Key %s is still referenced from table \"%s\".\nSCHEMA "
                  "NAME:  %s\nTABLE NAME:  %s\nCONSTRAINT NAME:  %s",
                  p->name, f->name, c->name, d.data ? d.data : "", c->name, c->schema, c->name,
                  f->name);
    sbuf_free(&d);
    return e->code;
}

static bool vals_equal(const struct sql_value *a, const struct sql_value *b)
{
    return !a->null && !b->null && sql_value_cmp(a, b) == 0;
}

/* Do values a and b differ (NULL vs value, or unequal)? */
static bool vals_differ(const struct sql_value *a, const struct sql_value *b)
{
    if (a->null || b->null)
        return a->null != b->null;
    return sql_value_cmp(a, b) != 0;
}

/* Collect rows of t matching vals on columns ids[0..n) (through an index
 * whose leading columns are those columns when there is one, else a full
 * scan), read with env's transaction. */
struct rowlist {
    struct sql_value **rows;
    size_t n, cap;
};

static void rowlist_add(struct mem_ctx *ctx, struct rowlist *l, const struct sql_table_desc *t,
                        const struct sql_value *row)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        l->rows = mem_realloc(ctx, l->rows, sizeof *l->rows * l->cap, sizeof *l->rows * nc);
        l->cap = nc;
    }
    struct sql_value *cp = mem_alloc(ctx, sizeof *cp * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        sql_value_copy(ctx, &row[i], &cp[i]);
    l->rows[l->n++] = cp;
}

static bool row_matches(const struct sql_table_desc *t, const uint32_t *ids, int n,
                        const struct sql_value *vals, const struct sql_value *row)
{
    for (int k = 0; k < n; k++) {
        int p = col_pos(t, ids[k]);
        if (p < 0 || !vals_equal(&row[p], &vals[k]))
            return false;
    }
    return true;
}

static int find_rows(struct sql_env *env, const struct sql_table_desc *t, const uint32_t *ids,
                     int n, const struct sql_value *vals, bool first_only, struct mem_ctx *ctx,
                     struct rowlist *out, struct err *e)
{
    /* an index whose first n columns are ids (any order) */
    int ipos = -1;
    struct sql_value *eq = NULL;
    for (int i = 0; i < t->nidx && ipos < 0; i++) {
        const struct sql_idx_desc *ix = &t->idx[i];
        if (ix->ncols < n || ix->pred != NULL) /* a partial index lacks rows */
            continue;
        bool ok = true;
        for (int j = 0; j < n && ok; j++) {
            bool in = false;
            for (int k = 0; k < n; k++)
                in = in || ix->col_ids[j] == ids[k];
            ok = in;
        }
        if (ok)
            ipos = i;
    }
    struct sql_tbl_span span = {0};
    if (ipos >= 0) {
        eq = mem_alloc(ctx, sizeof *eq * (size_t)n);
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                if (t->idx[ipos].col_ids[j] == ids[k])
                    eq[j] = vals[k];
        span.idx_pos = ipos;
        span.eq = eq;
        span.neq = n;
    }
    struct mem_ctx *sctx = mem_ctx_new(ctx, "fk scan");
    struct sql_tbl_scan *s = NULL;
    int rc = sql_tbl_scan_open(env, t, ipos >= 0 ? &span : NULL, sctx, &s, e);
    struct sql_value *row = mem_alloc(sctx, sizeof *row * (size_t)(t->ncols + 1));
    uint64_t nrows = 0;
    while (rc == 0) {
        bool has;
        rc = sql_tbl_scan_next(s, row, &has, e);
        if (rc != 0 || !has)
            break;
        if ((++nrows & 255) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        if (!row_matches(t, ids, n, vals, row))
            continue;
        rowlist_add(ctx, out, t, row);
        if (first_only)
            break;
    }
    if (s)
        sql_tbl_scan_close(s);
    mem_ctx_free(sctx);
    return rc;
}

/* find_rows at the newest committed state (a fresh read-only transaction). */
static int find_rows_fresh(struct sql_env *env, const struct sql_table_desc *t, const uint32_t *ids,
                           int n, const struct sql_value *vals, bool first_only,
                           struct mem_ctx *ctx, struct rowlist *out, struct err *e)
{
    struct sql_env renv = *env;
    int rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &renv.txn, e);
    if (rc != 0)
        return rc;
    renv.fk_state = NULL;
    rc = find_rows(&renv, t, ids, n, vals, first_only, ctx, out, e);
    kv_txn_rollback(renv.txn);
    return rc;
}

/* ---- the statement's queue ---- */

struct fk_ev {
    char kind; /* 'i' child row written (check), 'd' parent delete, 'u' parent update */
    const struct sql_table_desc *t;
    struct sql_value *old, *nw;
    uint64_t fkmask; /* 'i': which fks of t to check (bit i; bit 63: the rest) */
    struct fk_ev *next;
};

struct fk_queue {
    struct sql_env *env;
    struct mem_ctx *ctx;
    struct fk_ev *head, *tail;
};

static void queue_gone(void *arg)
{
    struct fk_queue *q = arg;
    if (q->env->fk_state == q)
        q->env->fk_state = NULL;
}

static struct fk_queue *queue(struct sql_env *env)
{
    struct fk_queue *q = env->fk_state;
    if (q != NULL)
        return q;
    q = mem_alloc0(env->stmt_ctx, sizeof *q);
    q->env = env;
    q->ctx = mem_ctx_new(env->stmt_ctx, "fk queue");
    mem_ctx_cleanup(env->stmt_ctx, queue_gone, q);
    env->fk_state = q;
    return q;
}

static struct sql_value *copy_row(struct mem_ctx *ctx, const struct sql_table_desc *t,
                                  const struct sql_value *row)
{
    if (row == NULL)
        return NULL;
    struct sql_value *cp = mem_alloc(ctx, sizeof *cp * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        sql_value_copy(ctx, &row[i], &cp[i]);
    return cp;
}

static void push(struct sql_env *env, char kind, const struct sql_table_desc *t,
                 const struct sql_value *old, const struct sql_value *nw, uint64_t mask)
{
    struct fk_queue *q = queue(env);
    struct fk_ev *ev = mem_alloc0(q->ctx, sizeof *ev);
    ev->kind = kind;
    ev->t = t;
    ev->old = copy_row(q->ctx, t, old);
    ev->nw = copy_row(q->ctx, t, nw);
    ev->fkmask = mask;
    if (q->tail)
        q->tail->next = ev;
    else
        q->head = ev;
    q->tail = ev;
}

int sql_fk_after_insert(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_value *row, struct err *e)
{
    (void)e;
    if (t->nfks > 0)
        push(env, 'i', t, NULL, row, ~(uint64_t)0);
    return 0;
}

static bool ref_key_changed(const struct sql_table_desc *t, const struct sql_value *old,
                            const struct sql_value *nw)
{
    /* any column referenced by some fk: compare every column referenced
     * by an index would be enough; compare all columns of unique indexes */
    for (int i = 0; i < t->nidx; i++) {
        const struct sql_idx_desc *ix = &t->idx[i];
        if (!ix->unique)
            continue;
        for (int j = 0; j < ix->ncols; j++) {
            int p = col_pos(t, ix->col_ids[j]);
            if (p >= 0 && vals_differ(&old[p], &nw[p]))
                return true;
        }
    }
    return false;
}

int sql_fk_after_update(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_value *old, const struct sql_value *nw, struct err *e)
{
    (void)e;
    if (t->nfks > 0) {
        uint64_t mask = 0;
        /* A new primary key moves the row away from a deferred check
         * queued for it (child_now finds it by key): a DEFERRABLE fk checks
         * the row under its new key, as PostgreSQL's RI trigger does for a
         * row this transaction inserted. */
        bool pk_moved = false;
        for (int k = 0; t->nidx > 0 && k < t->idx[0].ncols && !pk_moved; k++) {
            int p = col_pos(t, t->idx[0].col_ids[k]);
            pk_moved = p >= 0 && vals_differ(&old[p], &nw[p]);
        }
        for (int i = 0; i < t->nfks; i++) {
            const struct sql_fk_desc *f = &t->fks[i];
            bool ch = pk_moved && f->deferrable;
            for (int k = 0; k < f->ncols && !ch; k++) {
                int p = col_pos(t, f->col_ids[k]);
                ch = p >= 0 && vals_differ(&old[p], &nw[p]);
            }
            if (ch)
                mask |= i < 63 ? (uint64_t)1 << i : (uint64_t)1 << 63;
        }
        if (mask != 0)
            push(env, 'i', t, NULL, nw, mask);
    }
    if (t->nrefby > 0 && ref_key_changed(t, old, nw))
        push(env, 'u', t, old, nw, 0);
    return 0;
}

int sql_fk_after_delete(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_value *old, struct err *e)
{
    (void)e;
    if (t->nrefby > 0)
        push(env, 'd', t, old, NULL, 0);
    return 0;
}

void sql_fk_discard(struct sql_env *env)
{
    struct fk_queue *q = env->fk_state;
    if (q != NULL)
        q->head = q->tail = NULL;
}

/* ---- checks and actions ---- */

/* Lock and return the parent row of child row (f of c): *found. */
static int parent_lookup(struct sql_env *env, const struct sql_table_desc *c,
                         const struct sql_fk_desc *f, const struct sql_table_desc *p,
                         const struct sql_value *row, struct mem_ctx *ctx, bool *found,
                         struct err *e)
{
    *found = false;
    int ipos = -1;
    const struct sql_idx_desc *ix = idx_by_oid(p, f->ref_idx, &ipos);
    struct sql_value *vals = mem_alloc(ctx, sizeof *vals * (size_t)f->ncols);
    for (int k = 0; k < f->ncols; k++) {
        vals[k] = row[col_pos(c, f->col_ids[k])];
        int pp = col_pos(p, f->ref_col_ids[k]);
        if (pp < 0)
            return 0;
        if (sql__type_is_int(vals[k].type) && sql__type_is_int(p->cols[pp].type))
            vals[k].type = p->cols[pp].type;
    }
    if (ix != NULL && ipos == 0) {
        /* the primary index: lock the row by its key (newest version) */
        struct sql_value *prow = mem_alloc(ctx, sizeof *prow * (size_t)(p->ncols + 1));
        for (int i = 0; i < p->ncols; i++)
            prow[i] = sql_null(p->cols[i].type);
        for (int k = 0; k < f->ncols; k++)
            prow[col_pos(p, f->ref_col_ids[k])] = vals[k];
        return sql_tbl_lock_row_mode(env, p, prow, SQL_LOCK_FOR_KEY_SHARE, ctx, found, e);
    }
    struct rowlist l = {0};
    int rc = find_rows(env, p, f->ref_col_ids, f->ncols, vals, true, ctx, &l, e);
    if (rc == 0 && l.n == 0)
        rc = find_rows_fresh(env, p, f->ref_col_ids, f->ncols, vals, true, ctx, &l, e);
    if (rc != 0 || l.n == 0)
        return rc;
    bool f2 = false;
    rc = sql_tbl_lock_row_mode(env, p, l.rows[0], SQL_LOCK_FOR_KEY_SHARE, ctx, &f2, e);
    if (rc == 0 && f2)
        *found = row_matches(p, f->ref_col_ids, f->ncols, vals, l.rows[0]);
    return rc;
}

static int check_child(struct sql_env *env, const struct sql_table_desc *c, int fi,
                       const struct sql_value *row, struct mem_ctx *ctx, struct err *e)
{
    const struct sql_fk_desc *f = &c->fks[fi];
    int nnull = 0;
    for (int k = 0; k < f->ncols; k++) {
        int p = col_pos(c, f->col_ids[k]);
        if (p < 0 || row[p].null)
            nnull++;
    }
    if (nnull == f->ncols)
        return 0;
    const struct sql_table_desc *p = NULL;
    int rc = table_of(env, c, f->ref_table, &p, e);
    if (rc != 0)
        return rc;
    if (nnull > 0)
        return f->match == 'f' ? child_violation(env, c, f, p, row, true, e) : 0;
    if (p == NULL)
        return 0;
    bool found;
    rc = parent_lookup(env, c, f, p, row, ctx, &found, e);
    if (rc != 0)
        return rc;
    return found ? 0 : child_violation(env, c, f, p, row, false, e);
}

static int default_values(struct sql_env *env, const struct sql_table_desc *c,
                          const struct sql_fk_desc *f, struct sql_value *nrow, struct mem_ctx *ctx,
                          struct err *e)
{
    for (int k = 0; k < f->ncols; k++) {
        int p = col_pos(c, f->col_ids[k]);
        const struct sql_col_desc *cd = &c->cols[p];
        if (cd->default_sql == NULL) {
            nrow[p] = sql_null(cd->type);
            continue;
        }
        struct sql_rowexpr *x;
        int rc = sql_rowexpr_compile(env, c, cd->default_sql, cd->type, cd->typmod, ctx, &x, e);
        if (rc == 0)
            rc = sql_rowexpr_eval(env, x, nrow, ctx, &nrow[p], e);
        if (rc != 0)
            return rc;
        if (nrow[p].null)
            nrow[p].type = cd->type;
    }
    return 0;
}

/* Generated columns (recomputed) and CHECK constraints of c on a row an
 * action made. */
static int check_constraints(struct sql_env *env, const struct sql_table_desc *c,
                             struct sql_value *row, struct mem_ctx *ctx, struct err *e)
{
    for (int i = 0; i < c->ncols; i++) {
        const struct sql_col_desc *cd = &c->cols[i];
        if (!cd->generated)
            continue;
        struct sql_rowexpr *x;
        int rc = sql_rowexpr_compile(env, c, cd->default_sql, cd->type, cd->typmod, ctx, &x, e);
        if (rc == 0)
            rc = sql_rowexpr_eval(env, x, row, ctx, &row[i], e);
        if (rc != 0)
            return rc;
        if (row[i].null)
            row[i].type = cd->type;
    }
    for (int i = 0; i < c->nchecks; i++) {
        struct sql_rowexpr *x;
        struct sql_value v;
        int rc = sql_rowexpr_compile(env, c, c->checks[i].expr_sql, SQL_T_BOOL, -1, ctx, &x, e);
        if (rc == 0)
            rc = sql_rowexpr_eval(env, x, row, ctx, &v, e);
        if (rc != 0)
            return rc;
        if (v.null || v.u.b)
            continue;
        struct sbuf sb;
        sbuf_init(&sb);
        eng__format_row(c, row, &env->fmt, &sb);
        err_set_state(e, ERR_INVAL, "23514",
                      "new row for relation \"%s\" violates check constraint \"%s\"\nDETAIL:  "
                      "Failing row contains (%s).\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCONSTRAINT "
                      "NAME:  %s",
                      c->name, c->checks[i].name, sb.data ? sb.data : "", c->schema, c->name,
                      c->checks[i].name);
        sbuf_free(&sb);
        return e->code;
    }
    return 0;
}

/* PostgreSQL's CONTEXT of an error in the query an action runs
 * (ri_triggers.c): 'SQL statement "UPDATE ONLY ..."'. */
static void action_context(const struct sql_table_desc *c, const struct sql_fk_desc *f, char act,
                           bool is_delete, struct err *e)
{
    if (strstr(e->msg, "\nCONTEXT:  ") != NULL)
        return;
    struct sbuf q;
    sbuf_init(&q);
    bool del = act == 'c' && is_delete;
    sbuf_printf(&q, "%s \"%s\".\"%s\"", del ? "DELETE FROM ONLY" : "UPDATE ONLY", c->schema,
                c->name);
    if (!del) {
        sbuf_puts(&q, " SET");
        for (int k = 0; k < f->ncols; k++) {
            sbuf_printf(&q, "%s \"%s\" = ", k > 0 ? "," : "", col_name(c, f->col_ids[k]));
            if (act == 'c')
                sbuf_printf(&q, "$%d", k + 1);
            else
                sbuf_puts(&q, act == 'n' ? "NULL" : "DEFAULT");
        }
    }
    sbuf_puts(&q, " WHERE");
    int base = act == 'c' && !del ? f->ncols : 0;
    for (int k = 0; k < f->ncols; k++)
        sbuf_printf(&q, "%s $%d OPERATOR(pg_catalog.=) \"%s\"", k > 0 ? " AND" : "", base + k + 1,
                    col_name(c, f->col_ids[k]));
    size_t used = strlen(e->msg);
    snprintf(e->msg + used, sizeof(e->msg) - used, "\nCONTEXT:  SQL statement \"%s\"", q.data);
    sbuf_free(&q);
}

/* Parent row old of p deleted (nw NULL) or its key updated to nw: act on
 * the referencing rows of c through f. */
static int parent_action(struct sql_env *env, const struct sql_table_desc *p,
                         const struct sql_table_desc *c, const struct sql_fk_desc *f,
                         const struct sql_value *old, const struct sql_value *nw, char act,
                         struct mem_ctx *ctx, struct err *e)
{
    struct sql_value *vals = mem_alloc(ctx, sizeof *vals * (size_t)f->ncols);
    bool changed = nw == NULL;
    for (int k = 0; k < f->ncols; k++) {
        int pp = col_pos(p, f->ref_col_ids[k]);
        if (pp < 0 || old[pp].null)
            return 0;
        vals[k] = old[pp];
        int cp = col_pos(c, f->col_ids[k]);
        if (cp >= 0 && sql__type_is_int(vals[k].type) && sql__type_is_int(c->cols[cp].type))
            vals[k].type = c->cols[cp].type;
        if (nw != NULL && vals_differ(&old[pp], &nw[pp]))
            changed = true;
    }
    if (!changed)
        return 0;
    struct rowlist l = {0};
    int rc;
    if ((act == 'c' || act == 'n' || act == 'd') && c->ntrigs > 0 &&
        (rc = sql__trig_cascade_stmt(
             env, c, act == 'c' && nw == NULL ? SQL_TRIG_DELETE : SQL_TRIG_UPDATE, e)) != 0)
        return rc; /* the child's statement triggers (trigger.h) */
    if (act == 'a') {
        /* NO ACTION: fine when a row with the old key exists again */
        struct sql_value *pv = mem_alloc(ctx, sizeof *pv * (size_t)f->ncols);
        for (int k = 0; k < f->ncols; k++)
            pv[k] = old[col_pos(p, f->ref_col_ids[k])];
        rc = find_rows(env, p, f->ref_col_ids, f->ncols, pv, true, ctx, &l, e);
        if (rc != 0 || l.n > 0)
            return rc;
    }
    rc = find_rows(env, c, f->col_ids, f->ncols, vals, false, ctx, &l, e);
    if (rc == 0)
        rc = find_rows_fresh(env, c, f->col_ids, f->ncols, vals, false, ctx, &l, e);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        struct sql_value *row = l.rows[i];
        bool found = false;
        if ((rc = sql_tbl_lock_row_mode(env, c, row, SQL_LOCK_FOR_KEY_SHARE, ctx, &found, e)) != 0)
            break;
        if (!found || !row_matches(c, f->col_ids, f->ncols, vals, row))
            continue;
        if (act == 'a' || act == 'r')
            return parent_violation(env, p, c, f, old, e);
        if (act == 'c' && nw == NULL) {
            bool skip = false; /* the child's row triggers (trigger.h) */
            if (c->ntrigs > 0)
                rc = sql__trig_before_row(env, c, SQL_TRIG_DELETE, row, NULL, NULL, ctx, &skip, e);
            if (rc == 0 && !skip) {
                rc = sql_tbl_delete(env, c, row, e);
                if (rc != 0)
                    action_context(c, f, act, true, e);
                if (rc == 0)
                    rc = sql_fk_after_delete(env, c, row, e);
                if (rc == 0 && c->ntrigs > 0)
                    rc = sql__trig_after_row(env, c, SQL_TRIG_DELETE, row, NULL, NULL, e);
            }
            continue;
        }
        struct sql_value *nrow = mem_alloc(ctx, sizeof *nrow * (size_t)(c->ncols + 1));
        memcpy(nrow, row, sizeof *nrow * (size_t)c->ncols);
        if (act == 'c') {
            for (int k = 0; k < f->ncols; k++) {
                int cp = col_pos(c, f->col_ids[k]);
                nrow[cp] = nw[col_pos(p, f->ref_col_ids[k])];
                if (sql__type_is_int(nrow[cp].type) && sql__type_is_int(c->cols[cp].type))
                    nrow[cp].type = c->cols[cp].type;
            }
        } else if (act == 'n') {
            for (int k = 0; k < f->ncols; k++) {
                int cp = col_pos(c, f->col_ids[k]);
                nrow[cp] = sql_null(c->cols[cp].type);
            }
        } else {
            rc = default_values(env, c, f, nrow, ctx, e);
        }
        bool *upd = NULL, skip = false;
        if (rc == 0 && c->ntrigs > 0) { /* the child's row triggers (trigger.h) */
            upd = mem_alloc0(ctx, sizeof *upd * (size_t)(c->ncols + 1));
            for (int k = 0; k < f->ncols; k++)
                upd[col_pos(c, f->col_ids[k])] = true;
            rc = sql__trig_before_row(env, c, SQL_TRIG_UPDATE, row, &nrow, upd, ctx, &skip, e);
        }
        if (skip)
            continue;
        if (rc == 0)
            rc = check_constraints(env, c, nrow, ctx, e);
        if (rc == 0)
            rc = sql_tbl_update(env, c, row, nrow, e);
        if (rc != 0)
            action_context(c, f, act, nw == NULL, e);
        if (rc == 0)
            rc = sql_fk_after_update(env, c, row, nrow, e);
        if (rc == 0 && c->ntrigs > 0)
            rc = sql__trig_after_row(env, c, SQL_TRIG_UPDATE, row, nrow, upd, e);
    }
    return rc;
}

/* ---- deferred checks (DEFERRABLE foreign keys) ----
 *
 * A check of a foreign key that is deferred in the transaction (INITIALLY
 * DEFERRED, or SET CONSTRAINTS ... DEFERRED) waits in the transaction's
 * list until SET CONSTRAINTS ... IMMEDIATE or the commit: a child row's
 * "the parent exists" ('i') and a parent row's NO ACTION "no child is
 * left" ('p'). Cascading actions and RESTRICT never wait (PostgreSQL).
 * At the check, a child row that was deleted or had its key changed since
 * is skipped (its update queued its own check: a change of its fk columns,
 * or of its primary key for a DEFERRABLE fk), and a parent key that
 * exists again passes. ROLLBACK TO drops the checks queued after the
 * savepoint. */
struct fk_dev {
    struct fk_dev *next;
    uint64_t seq;       /* order of queueing (savepoint marks) */
    char kind;          /* 'i' child row, 'p' parent row */
    uint32_t table_oid; /* the child table (whose fk it is) */
    uint32_t fk_oid;
    uint32_t parent_oid;
    /* by column, not by position (a later ALTER TABLE may move them): the
     * key the row had for the fk ('i': the child's referencing columns,
     * 'p': the parent's referenced ones), and a child row's primary index
     * columns (pk_ids / pk) to find it again */
    struct sql_value *key;
    int nkey;
    uint32_t *pk_ids;
    struct sql_value *pk;
    int npk;
};

struct fk_mode {
    uint32_t oid;
    bool deferred;
};

struct fk_txn {
    struct mem_ctx *ctx;
    struct fk_dev *head, *tail;
    size_t n;
    uint64_t next_seq;
    /* SET CONSTRAINTS, in order (the newest that names a constraint wins;
     * oid 0: ALL); ROLLBACK TO cuts it back to the savepoint's length */
    struct fk_mode *modes;
    int nmodes, capmodes;
};

static struct fk_txn *txn_state(struct sql_env *env)
{
    struct fk_txn *x = env->fk_txn;
    if (x == NULL) {
        x = xcalloc(1, sizeof *x);
        x->ctx = mem_ctx_new(NULL, "fk deferred");
        env->fk_txn = x;
    }
    return x;
}

static bool is_deferred(struct sql_env *env, const struct sql_fk_desc *f)
{
    if (!f->deferrable)
        return false;
    const struct fk_txn *x = env->fk_txn;
    if (x != NULL) {
        for (int i = x->nmodes - 1; i >= 0; i--)
            if (x->modes[i].oid == f->oid || x->modes[i].oid == 0)
                return x->modes[i].deferred;
    }
    return f->initdeferred;
}

static void defer_push(struct sql_env *env, char kind, const struct sql_table_desc *c,
                       const struct sql_fk_desc *f, const struct sql_table_desc *rt,
                       const struct sql_value *row)
{
    struct fk_txn *x = txn_state(env);
    struct fk_dev *d = mem_alloc0(x->ctx, sizeof *d);
    d->seq = x->next_seq++;
    d->kind = kind;
    d->table_oid = c->oid;
    d->fk_oid = f->oid;
    d->parent_oid = f->ref_table;
    d->nkey = f->ncols;
    d->key = mem_alloc(x->ctx, sizeof *d->key * (size_t)f->ncols);
    for (int k = 0; k < f->ncols; k++) {
        int p = col_pos(rt, kind == 'i' ? f->col_ids[k] : f->ref_col_ids[k]);
        if (p >= 0)
            sql_value_copy(x->ctx, &row[p], &d->key[k]);
        else
            d->key[k] = sql_null(SQL_T_INT4);
    }
    if (kind == 'i' && c->nidx > 0) {
        const struct sql_idx_desc *pk = &c->idx[0];
        d->npk = pk->ncols;
        d->pk_ids = mem_alloc(x->ctx, sizeof *d->pk_ids * (size_t)pk->ncols);
        d->pk = mem_alloc(x->ctx, sizeof *d->pk * (size_t)pk->ncols);
        for (int k = 0; k < pk->ncols; k++) {
            int p = col_pos(c, pk->col_ids[k]);
            d->pk_ids[k] = pk->col_ids[k];
            if (p >= 0)
                sql_value_copy(x->ctx, &row[p], &d->pk[k]);
            else
                d->pk[k] = sql_null(SQL_T_INT4);
        }
    }
    if (x->tail)
        x->tail->next = d;
    else
        x->head = d;
    x->tail = d;
    x->n++;
}

/* A row of t in its current layout: NULLs but for columns ids[0..n) =
 * vals. */
static struct sql_value *row_of(const struct sql_table_desc *t, const uint32_t *ids,
                                const struct sql_value *vals, int n, struct mem_ctx *ctx)
{
    struct sql_value *row = mem_alloc(ctx, sizeof *row * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        row[i] = sql_null(t->cols[i].type);
    for (int k = 0; k < n; k++) {
        int p = col_pos(t, ids[k]);
        if (p >= 0)
            row[p] = vals[k];
    }
    return row;
}

/* The child row of d as it is now: *row NULL when it is gone or its key
 * for f changed. Without a way to find it again (its primary index
 * changed), the key it had is checked. */
static int child_now(struct sql_env *env, const struct sql_table_desc *c,
                     const struct sql_fk_desc *f, const struct fk_dev *d, struct mem_ctx *ctx,
                     const struct sql_value **row, struct err *e)
{
    *row = NULL;
    bool same = c->nidx > 0 && d->npk == c->idx[0].ncols && d->nkey == f->ncols;
    for (int k = 0; same && k < d->npk; k++)
        same = d->pk_ids[k] == c->idx[0].col_ids[k] && col_pos(c, d->pk_ids[k]) >= 0;
    if (!same) {
        *row = row_of(c, f->col_ids, d->key, f->ncols, ctx);
        return 0;
    }
    struct rowlist l = {0};
    int rc = find_rows(env, c, d->pk_ids, d->npk, d->pk, true, ctx, &l, e);
    if (rc != 0 || l.n == 0)
        return rc;
    for (int k = 0; k < f->ncols; k++) {
        int p = col_pos(c, f->col_ids[k]);
        if (p < 0 || vals_differ(&l.rows[0][p], &d->key[k]))
            return 0;
    }
    *row = l.rows[0];
    return 0;
}

static int run_deferred(struct sql_env *env, const struct fk_dev *d, struct mem_ctx *ctx,
                        struct err *e)
{
    const struct sql_table_desc *c = NULL, *p = NULL;
    int rc = sql_cat_table_by_oid(env, d->table_oid, &c, e);
    if (rc == ERR_NOTFOUND) { /* dropped since: its checks went with it */
        err_clear(e);
        return 0;
    }
    if (rc != 0 || c == NULL)
        return rc;
    int fi = -1;
    for (int i = 0; i < c->nfks && fi < 0; i++)
        if (c->fks[i].oid == d->fk_oid)
            fi = i;
    if (fi < 0)
        return 0;
    const struct sql_fk_desc *f = &c->fks[fi];
    if (d->kind == 'i') {
        const struct sql_value *row;
        rc = child_now(env, c, f, d, ctx, &row, e);
        if (rc != 0 || row == NULL)
            return rc;
        return check_child(env, c, fi, row, ctx, e);
    }
    rc = table_of(env, c, d->parent_oid, &p, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    if (rc != 0 || p == NULL || d->nkey != f->ncols)
        return rc;
    return parent_action(env, p, c, f, row_of(p, f->ref_col_ids, d->key, f->ncols, ctx), NULL, 'a',
                         ctx, e);
}

/* Run the deferred checks that are no longer deferred (all: every one). */
static int run_pending(struct sql_env *env, bool all, struct err *e)
{
    struct fk_txn *x = env->fk_txn;
    if (x == NULL || x->head == NULL)
        return 0;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "fk deferred check");
    struct fk_dev **pp = &x->head;
    int rc = 0;
    uint64_t n = 0;
    while (rc == 0 && *pp != NULL) {
        struct fk_dev *d = *pp;
        bool run = all;
        if (!run) {
            const struct sql_table_desc *c = NULL;
            struct err e2 = {0};
            run = true;
            if (sql_cat_table_by_oid(env, d->table_oid, &c, &e2) == 0 && c != NULL)
                for (int i = 0; i < c->nfks; i++)
                    if (c->fks[i].oid == d->fk_oid)
                        run = !is_deferred(env, &c->fks[i]);
        }
        if (!run) {
            pp = &d->next;
            continue;
        }
        if ((++n & 255) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        mem_ctx_reset(ctx);
        rc = run_deferred(env, d, ctx, e);
        /* cascades of the checks themselves never defer: nothing queued */
        if (rc == 0)
            rc = sql_fk_stmt_end(env, e);
        *pp = d->next;
        x->n--;
    }
    x->tail = NULL;
    for (struct fk_dev *d = x->head; d != NULL; d = d->next)
        x->tail = d;
    mem_ctx_free(ctx);
    return rc;
}

int sql_fk_pre_commit(struct sql_env *env, struct err *e)
{
    return run_pending(env, true, e);
}

struct sql_fk_mark sql_fk_deferred_mark(struct sql_env *env)
{
    const struct fk_txn *x = env->fk_txn; /* none yet: everything later is after the mark */
    return x != NULL ? (struct sql_fk_mark){x->next_seq, x->nmodes} : (struct sql_fk_mark){0, 0};
}

void sql_fk_deferred_rollback_to(struct sql_env *env, struct sql_fk_mark mark)
{
    struct fk_txn *x = env->fk_txn;
    if (x == NULL)
        return;
    /* checks run by SET CONSTRAINTS ... IMMEDIATE since are gone from the
     * list already: drop by queueing order, not by position */
    struct fk_dev **pp = &x->head;
    x->tail = NULL;
    while (*pp != NULL) {
        if ((*pp)->seq >= mark.seq) {
            *pp = (*pp)->next;
            x->n--;
        } else {
            x->tail = *pp;
            pp = &(*pp)->next;
        }
    }
    if (mark.nmodes < x->nmodes)
        x->nmodes = mark.nmodes;
}

void sql_fk_txn_end(struct sql_env *env)
{
    struct fk_txn *x = env->fk_txn;
    if (x == NULL)
        return;
    mem_ctx_free(x->ctx);
    xfree(x->modes);
    xfree(x);
    env->fk_txn = NULL;
}

static void set_mode(struct fk_txn *x, uint32_t oid, bool deferred)
{
    if (x->nmodes == x->capmodes) {
        x->capmodes = x->capmodes ? x->capmodes * 2 : 8;
        x->modes = xrealloc(x->modes, sizeof *x->modes * (size_t)x->capmodes);
    }
    x->modes[x->nmodes++] = (struct fk_mode){oid, deferred};
}

int sql_fk_set_constraints(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_list *names = &st->u.set_constraints.names;
    bool deferred = st->u.set_constraints.deferred;
    struct fk_txn *x = txn_state(env);
    if (names->n == 0) /* ALL */
        set_mode(x, 0, deferred);
    const struct sql_table_desc **ts = NULL;
    size_t nt = 0;
    if (names->n > 0) {
        int rc = sql_cat_list_tables(env, &ts, &nt, e);
        if (rc != 0)
            return rc;
    }
    for (int i = 0; i < names->n; i++) {
        const struct sql_qname *q = names->items[i];
        /* the first schema of the search path (or the named one) holding a
         * constraint of that name; every such constraint there */
        int nsch = q->schema != NULL ? 1 : env->nsearch;
        bool found = false;
        for (int s = 0; s < nsch && !found; s++) {
            const char *schema = q->schema != NULL ? q->schema : env->search_path[s];
            for (size_t t = 0; t < nt; t++) {
                const struct sql_table_desc *td = ts[t];
                if (td->kind != 'r' || strcmp(td->schema, schema) != 0)
                    continue;
                for (int k = 0; k < td->nfks; k++) {
                    if (strcmp(td->fks[k].name, q->name) != 0)
                        continue;
                    found = true;
                    if (td->fks[k].deferrable)
                        set_mode(x, td->fks[k].oid, deferred);
                    else if (deferred)
                        return err_set_state(e, ERR_INVAL, "42809",
                                             "constraint \"%s\" is not deferrable", q->name);
                }
                for (int k = 0; k < td->nidx && !found; k++)
                    found = td->idx[k].constraint && strcmp(td->idx[k].name, q->name) == 0;
                for (int k = 0; k < td->nchecks && !found; k++)
                    found = strcmp(td->checks[k].name, q->name) == 0;
                if (found && deferred)
                    for (int k = 0; k < td->nidx; k++)
                        if (td->idx[k].constraint && strcmp(td->idx[k].name, q->name) == 0)
                            return err_set_state(e, ERR_INVAL, "42809",
                                                 "constraint \"%s\" is not deferrable", q->name);
            }
        }
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "42704", "constraint \"%s\" does not exist",
                                 q->name);
    }
    /* checks waiting for a constraint now IMMEDIATE run now */
    return deferred ? 0 : run_pending(env, false, e);
}

static int run_parent(struct sql_env *env, const struct fk_ev *ev, struct mem_ctx *ctx,
                      struct err *e)
{
    const struct sql_table_desc *p = ev->t;
    for (int i = 0; i < p->nrefby; i++) {
        bool dup = false;
        for (int j = 0; j < i; j++)
            dup = dup || p->refby[j] == p->refby[i];
        if (dup)
            continue;
        const struct sql_table_desc *c = NULL;
        int rc = table_of(env, p, p->refby[i], &c, e);
        if (rc != 0)
            return rc;
        if (c == NULL)
            continue;
        for (int k = 0; k < c->nfks; k++) {
            if (c->fks[k].ref_table != p->oid)
                continue;
            const struct sql_value *nw = ev->kind == 'u' ? ev->nw : NULL;
            char act = nw ? c->fks[k].upd : c->fks[k].del;
            if (act == 'a' && is_deferred(env, &c->fks[k])) { /* NO ACTION waits */
                defer_push(env, 'p', c, &c->fks[k], p, ev->old);
                continue;
            }
            rc = parent_action(env, p, c, &c->fks[k], ev->old, nw, act, ctx, e);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

int sql_fk_stmt_end(struct sql_env *env, struct err *e)
{
    struct fk_queue *q = env->fk_state;
    if (q == NULL)
        return 0;
    struct mem_ctx *ctx = mem_ctx_new(q->ctx, "fk event");
    int rc = 0;
    uint64_t n = 0;
    while (rc == 0 && q->head != NULL) {
        struct fk_ev *ev = q->head;
        q->head = ev->next;
        if (q->head == NULL)
            q->tail = NULL;
        if ((++n & 255) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        mem_ctx_reset(ctx);
        if (ev->kind == 'i') {
            for (int i = 0; rc == 0 && i < ev->t->nfks; i++) {
                uint64_t bit = i < 63 ? (uint64_t)1 << i : (uint64_t)1 << 63;
                if (!(ev->fkmask & bit))
                    continue;
                if (is_deferred(env, &ev->t->fks[i]))
                    defer_push(env, 'i', ev->t, &ev->t->fks[i], ev->t, ev->nw);
                else
                    rc = check_child(env, ev->t, i, ev->nw, ctx, e);
            }
        } else {
            rc = run_parent(env, ev, ctx, e);
        }
    }
    mem_ctx_free(ctx);
    q->head = q->tail = NULL;
    mem_ctx_reset(q->ctx);
    return rc;
}

/* ---- DDL ---- */

static bool types_compatible(uint32_t a, uint32_t b)
{
    if (a == b)
        return true;
    if (sql__type_is_int(a) && sql__type_is_int(b))
        return true;
    return (a == SQL_T_TEXT || a == SQL_T_VARCHAR) && (b == SQL_T_TEXT || b == SQL_T_VARCHAR);
}

static bool numeric_like(uint32_t a)
{
    return sql__type_is_int(a) || a == SQL_T_NUMERIC || a == SQL_T_FLOAT4 || a == SQL_T_FLOAT8;
}

static bool name_taken(const struct sql_table_desc *t, const char *name)
{
    for (int i = 0; i < t->nidx; i++)
        if (t->idx[i].constraint && strcmp(t->idx[i].name, name) == 0)
            return true;
    for (int i = 0; i < t->nchecks; i++)
        if (strcmp(t->checks[i].name, name) == 0)
            return true;
    for (int i = 0; i < t->nfks; i++)
        if (strcmp(t->fks[i].name, name) == 0)
            return true;
    return false;
}

/* PostgreSQL's ChooseConstraintName(relname, "col1_col2", "fkey"). */
static void choose_name(const struct sql_table_desc *t, const struct sql_fk_desc *f, char *out)
{
    char cols[SQL_NAME_BUF * 2];
    size_t w = 0;
    cols[0] = 0;
    for (int k = 0; k < f->ncols; k++) {
        const char *n = col_name(t, f->col_ids[k]);
        int m = snprintf(cols + w, sizeof cols - w, "%s%s", k > 0 ? "_" : "", n);
        if (m < 0 || (size_t)m >= sizeof cols - w)
            break;
        w += (size_t)m;
        if (w >= SQL_NAME_MAX)
            break;
    }
    cols[SQL_NAME_MAX] = 0;
    char label[32];
    for (int pass = 0;; pass++) {
        if (pass == 0)
            snprintf(label, sizeof label, "fkey");
        else
            snprintf(label, sizeof label, "fkey%d", pass);
        sql__make_name(t->name, cols, label, out);
        if (!name_taken(t, out))
            return;
    }
}

static int add_refby(struct sql_env *env, struct sql_table_desc *t, uint32_t parent, struct err *e)
{
    if (parent == t->oid) {
        for (int i = 0; i < t->nrefby; i++)
            if (t->refby[i] == t->oid)
                return 0;
        if (t->refby == NULL)
            t->refby = mem_alloc0(env->stmt_ctx, sizeof(*t->refby) * 4);
        t->refby[t->nrefby++] = t->oid;
        return 0;
    }
    const struct sql_table_desc *p0;
    int rc = sql_cat_table_by_oid(env, parent, &p0, e);
    if (rc != 0 || p0 == NULL)
        return rc;
    for (int i = 0; i < p0->nrefby; i++)
        if (p0->refby[i] == t->oid)
            return 0;
    struct sql_table_desc *p = sql__desc_copy(env->stmt_ctx, p0);
    p->refby[p->nrefby++] = t->oid;
    p->version++;
    return sql__desc_store_tlock(env, p, KV_TLOCK_SHARE_ROW_EXCLUSIVE, e);
}

/* Remove child from parent's refby unless child still has a fk to it. */
static int del_refby(struct sql_env *env, struct sql_table_desc *child, uint32_t parent,
                     struct err *e)
{
    for (int i = 0; i < child->nfks; i++)
        if (child->fks[i].ref_table == parent)
            return 0;
    if (parent == child->oid) {
        for (int i = 0; i < child->nrefby; i++) {
            if (child->refby[i] == child->oid) {
                memmove(&child->refby[i], &child->refby[i + 1],
                        sizeof(*child->refby) * (size_t)(child->nrefby - i - 1));
                child->nrefby--;
                i--;
            }
        }
        return 0;
    }
    const struct sql_table_desc *p0;
    int rc = sql_cat_table_by_oid(env, parent, &p0, e);
    if (rc != 0 || p0 == NULL)
        return rc;
    struct sql_table_desc *p = sql__desc_copy(env->stmt_ctx, p0);
    bool any = false;
    for (int i = 0; i < p->nrefby; i++) {
        if (p->refby[i] == child->oid) {
            memmove(&p->refby[i], &p->refby[i + 1],
                    sizeof(*p->refby) * (size_t)(p->nrefby - i - 1));
            p->nrefby--;
            i--;
            any = true;
        }
    }
    if (!any)
        return 0;
    p->version++;
    return sql__desc_store_tlock(env, p, KV_TLOCK_SHARE_ROW_EXCLUSIVE, e);
}

int sql__fk_add(struct sql_env *env, struct sql_table_desc *t, const struct sql_constraint *k,
                const char *colname, bool validate, struct err *e)
{
    if (k->match == 'p')
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "MATCH PARTIAL not yet implemented");
    const struct sql_rangevar *rv = k->ref_table;
    const struct sql_table_desc *p = NULL;
    int rc;
    if (strcmp(rv->name.name, t->name) == 0 &&
        (rv->name.schema == NULL || strcmp(rv->name.schema, t->schema) == 0)) {
        p = t;
    } else {
        rc = sql__open_table(env, rv, false, &p, e);
        if (rc != 0)
            return rc;
        if (p->kind != 'r')
            return err_set_state(e, ERR_INVAL, "42809", "referenced relation \"%s\" is not a table",
                                 p->name);
        /* PostgreSQL's ATAddForeignKeyConstraint persistence rules */
        char tp = sql_temp_is_schema_name(t->schema) ? 't' : t->persistence == 'u' ? 'u' : 'p';
        char pp = sql_temp_is_schema_name(p->schema) ? 't' : p->persistence == 'u' ? 'u' : 'p';
        if (tp == 'p' && pp != 'p')
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "constraints on permanent tables may reference only permanent "
                                 "tables");
        if (tp == 'u' && pp == 't')
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "constraints on unlogged tables may reference only permanent or "
                                 "unlogged tables");
        if (tp == 't' && pp != 't')
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "constraints on temporary tables may reference only temporary "
                                 "tables");
    }
    struct sql_fk_desc f;
    memset(&f, 0, sizeof f);
    f.ref_table = p->oid;
    f.upd = k->on_update ? k->on_update : 'a';
    f.del = k->on_delete ? k->on_delete : 'a';
    f.match = k->match == 'f' ? 'f' : 's';
    f.deferrable = k->deferrable || k->initially_deferred;
    f.initdeferred = k->initially_deferred;
    /* referencing columns */
    int n = colname ? 1 : k->fk_cols.n;
    if (n > SQL_MAX_INDEX_COLS)
        return err_set_state(e, ERR_LIMIT, "54011",
                             "cannot have more than %d keys in a foreign key", SQL_MAX_INDEX_COLS);
    for (int i = 0; i < n; i++) {
        const char *cn = colname ? colname : k->fk_cols.items[i];
        const struct sql_col_desc *c = sql_cat_column(t, cn);
        if (c == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" referenced in foreign key constraint does not "
                                 "exist",
                                 cn);
        f.col_ids[i] = c->id;
        if (c->generated && (strchr("cnd", f.upd) != NULL || strchr("nd", f.del) != NULL))
            return err_set_state(e, ERR_INVAL, "42601",
                                 "invalid %s action for foreign key constraint containing "
                                 "generated column",
                                 strchr("cnd", f.upd) != NULL ? "ON UPDATE" : "ON DELETE");
    }
    f.ncols = n;
    /* referenced columns and the unique index */
    const struct sql_idx_desc *ix = NULL;
    if (k->ref_cols.n == 0) {
        if (p->nidx < 1 || !p->idx[0].primary)
            return err_set_state(e, ERR_INVAL, "42830",
                                 "there is no primary key for referenced table \"%s\"", p->name);
        ix = &p->idx[0];
        if (ix->ncols != n)
            return err_set_state(e, ERR_INVAL, "42830",
                                 "number of referencing and referenced columns for foreign key "
                                 "disagree");
        for (int i = 0; i < n; i++)
            f.ref_col_ids[i] = ix->col_ids[i];
    } else {
        if (k->ref_cols.n != n)
            return err_set_state(e, ERR_INVAL, "42830",
                                 "number of referencing and referenced columns for foreign key "
                                 "disagree");
        for (int i = 0; i < n; i++) {
            const char *cn = k->ref_cols.items[i];
            const struct sql_col_desc *c = sql_cat_column(p, cn);
            if (c == NULL)
                return err_set_state(e, ERR_NOTFOUND, "42703",
                                     "column \"%s\" referenced in foreign key constraint does "
                                     "not exist",
                                     cn);
            f.ref_col_ids[i] = c->id;
        }
        for (int i = 0; i < p->nidx && ix == NULL; i++) {
            const struct sql_idx_desc *x = &p->idx[i];
            if (!x->unique || x->ncols != n || (i == 0 && !x->primary) || x->pred != NULL)
                continue;
            bool ok = true;
            for (int j = 0; j < n && ok; j++) {
                bool in = false;
                for (int m = 0; m < n; m++)
                    in = in || x->col_ids[j] == f.ref_col_ids[m];
                ok = in;
            }
            if (ok)
                ix = x;
        }
        if (ix == NULL)
            return err_set_state(e, ERR_INVAL, "42830",
                                 "there is no unique constraint matching given keys for "
                                 "referenced table \"%s\"",
                                 p->name);
    }
    f.ref_idx = ix->oid;
    /* name */
    if (k->name != NULL) {
        if (name_taken(t, k->name))
            return err_set_state(e, ERR_EXISTS, "42710",
                                 "constraint \"%s\" for relation \"%s\" already exists", k->name,
                                 t->name);
        snprintf(f.name, sizeof f.name, "%s", k->name);
    } else {
        choose_name(t, &f, f.name);
    }
    /* types */
    for (int i = 0; i < n; i++) {
        const struct sql_col_desc *a = sql_cat_column_by_id(t, f.col_ids[i]);
        const struct sql_col_desc *b = sql_cat_column_by_id(p, f.ref_col_ids[i]);
        if (types_compatible(a->type, b->type))
            continue;
        struct sbuf ta, tb;
        sbuf_init(&ta);
        sbuf_init(&tb);
        sql_type_format(a->type, -1, &ta);
        sql_type_format(b->type, -1, &tb);
        /* PostgreSQL implements the pair when both are in one operator
         * family (the floats) or the referencing type coerces implicitly to
         * the referenced one (integer to numeric): here not yet. */
        bool pg_ok = (a->type == SQL_T_FLOAT4 || a->type == SQL_T_FLOAT8) ==
                         (b->type == SQL_T_FLOAT4 || b->type == SQL_T_FLOAT8) &&
                     (a->type == SQL_T_FLOAT4 || a->type == SQL_T_FLOAT8);
        pg_ok = pg_ok || sql_cast_context(a->type, b->type) == SQL_CAST_IMPLICIT;
        if (pg_ok && numeric_like(a->type) && numeric_like(b->type))
            err_set_state(e, ERR_UNSUPPORTED, "0A000",
                          "foreign keys between columns of types %s and %s are not supported",
                          ta.data, tb.data);
        else
            err_set_state(e, ERR_INVAL, "42804",
                          "foreign key constraint \"%s\" cannot be implemented\nDETAIL:  Key "
                          "columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
                          f.name, a->name, b->name, ta.data, tb.data);
        sbuf_free(&ta);
        sbuf_free(&tb);
        return e->code;
    }
    rc = sql__oid_alloc(env, &f.oid, e);
    if (rc != 0)
        return rc;
    if (t->fks == NULL || t->nfks % 16 == 0) {
        struct sql_fk_desc *nf = mem_alloc0(env->stmt_ctx, sizeof(*nf) * (size_t)(t->nfks + 17));
        if (t->nfks > 0)
            memcpy(nf, t->fks, sizeof(*nf) * (size_t)t->nfks);
        t->fks = nf;
    }
    if (t->refby == NULL || t->nrefby % 16 == 0) {
        uint32_t *nr = mem_alloc0(env->stmt_ctx, sizeof(*nr) * (size_t)(t->nrefby + 17));
        if (t->nrefby > 0)
            memcpy(nr, t->refby, sizeof(*nr) * (size_t)t->nrefby);
        t->refby = nr;
    }
    t->fks[t->nfks++] = f;
    rc = add_refby(env, t, p->oid, e);
    t->fks[t->nfks - 1].not_valid = validate && k->not_valid;
    if (rc != 0 || !validate || k->not_valid)
        return rc;
    return sql__fk_validate(env, t, t->nfks - 1, e);
}

/* Check every row of t against its foreign key t->fks[fi] (ADD FOREIGN KEY,
 * VALIDATE CONSTRAINT). */
int sql__fk_validate(struct sql_env *env, const struct sql_table_desc *t, int fi, struct err *e)
{
    int rc;
    struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "fk validate");
    struct mem_ctx *rctx = mem_ctx_new(ctx, "fk validate row");
    struct sql_tbl_scan *s = NULL;
    rc = sql__table_ddl_lock(env, t, e);
    if (rc == 0)
        rc = sql_tbl_scan_open(env, t, NULL, ctx, &s, e);
    struct sql_value *row = mem_alloc(ctx, sizeof *row * (size_t)(t->ncols + 1));
    uint64_t nrows = 0;
    while (rc == 0) {
        bool has;
        rc = sql_tbl_scan_next(s, row, &has, e);
        if (rc != 0 || !has)
            break;
        if ((++nrows & 255) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        mem_ctx_reset(rctx);
        rc = check_child(env, t, fi, row, rctx, e);
    }
    if (s)
        sql_tbl_scan_close(s);
    mem_ctx_free(ctx);
    return rc;
}

int sql__fk_drop_table(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                       const uint32_t *dropping, int ndropping, struct err *e)
{
    /* referencing tables (other than t and those dropped too) */
    struct sbuf d;
    sbuf_init(&d);
    int ndep = 0;
    int rc = 0;
    for (int i = 0; rc == 0 && i < t->nrefby; i++) {
        uint32_t co = t->refby[i];
        bool skip = co == t->oid;
        for (int j = 0; j < i; j++)
            skip = skip || t->refby[j] == co;
        for (int j = 0; j < ndropping; j++)
            skip = skip || dropping[j] == co;
        if (skip)
            continue;
        const struct sql_table_desc *c0;
        rc = sql_cat_table_by_oid(env, co, &c0, e);
        if (rc != 0 || c0 == NULL)
            break;
        struct sql_table_desc *c = sql__desc_copy(env->stmt_ctx, c0);
        for (int k = 0; k < c->nfks; k++) {
            if (c->fks[k].ref_table != t->oid)
                continue;
            sbuf_printf(&d, "%s%s to constraint %s on table %s", ndep > 0 ? "\n" : "",
                        cascade ? "drop cascades" : "constraint", c->fks[k].name, c->name);
            ndep++;
            if (cascade) {
                memmove(&c->fks[k], &c->fks[k + 1], sizeof(*c->fks) * (size_t)(c->nfks - k - 1));
                c->nfks--;
                k--;
            }
        }
        if (cascade) {
            c->version++;
            rc = sql__desc_store(env, c, e);
        }
    }
    if (rc == 0 && ndep > 0) {
        if (!cascade) {
            /* PostgreSQL words each dependency "constraint X on table C
             * depends on table P" */
            struct sbuf d2;
            sbuf_init(&d2);
            for (int i = 0; i < t->nrefby; i++) {
                uint32_t co = t->refby[i];
                bool skip = co == t->oid;
                for (int j = 0; j < i; j++)
                    skip = skip || t->refby[j] == co;
                for (int j = 0; j < ndropping; j++)
                    skip = skip || dropping[j] == co;
                const struct sql_table_desc *c0 = NULL;
                if (!skip && sql_cat_table_by_oid(env, co, &c0, e) == 0 && c0 != NULL)
                    for (int k = 0; k < c0->nfks; k++)
                        if (c0->fks[k].ref_table == t->oid)
                            sbuf_printf(&d2, "%sconstraint %s on table %s depends on table %s",
                                        d2.len > 0 ? "\n" : "", c0->fks[k].name, c0->name, t->name);
            }
            err_set_state(e, ERR_INVAL, "2BP01",
                          "cannot drop table %s because other objects depend on it\nDETAIL:  "
                          "%s\nHINT:  Use DROP ... CASCADE to drop the dependent objects too.",
                          t->name, d2.data ? d2.data : "");
            sbuf_free(&d2);
            rc = e->code;
        } else if (ndep == 1) {
            rc = sql__ddl_notice(env, "00000", "%s", d.data);
        } else {
            rc = sql__ddl_notice(env, "00000", "drop cascades to %d other objects\nDETAIL:  %s",
                                 ndep, d.data);
        }
    }
    sbuf_free(&d);
    if (rc != 0)
        return rc;
    /* t's own foreign keys: leave the parents' lists */
    struct sql_table_desc *tc = sql__desc_copy(env->stmt_ctx, t);
    uint32_t parents[64];
    int np = 0;
    for (int k = 0; k < tc->nfks && np < 64; k++) {
        bool seen = tc->fks[k].ref_table == t->oid;
        for (int j = 0; j < np; j++)
            seen = seen || parents[j] == tc->fks[k].ref_table;
        if (!seen)
            parents[np++] = tc->fks[k].ref_table;
    }
    tc->nfks = 0;
    for (int j = 0; rc == 0 && j < np; j++) {
        bool dropped = false;
        for (int m = 0; m < ndropping; m++)
            dropped = dropped || dropping[m] == parents[j];
        if (!dropped)
            rc = del_refby(env, tc, parents[j], e);
    }
    return rc;
}

int sql__fk_drop_constraint(struct sql_env *env, struct sql_table_desc *t, const char *name,
                            bool *found, struct err *e)
{
    *found = false;
    for (int i = 0; i < t->nfks; i++) {
        if (strcmp(t->fks[i].name, name) != 0)
            continue;
        *found = true;
        uint32_t parent = t->fks[i].ref_table;
        memmove(&t->fks[i], &t->fks[i + 1], sizeof(*t->fks) * (size_t)(t->nfks - i - 1));
        t->nfks--;
        return del_refby(env, t, parent, e);
    }
    return 0;
}

int sql__fk_truncate(struct sql_env *env, uint32_t *oids, int *n, int max, bool cascade,
                     struct err *e)
{
    /* Without CASCADE, PostgreSQL's heap_truncate_check_FKs: per table in the
     * list's order, its referencing tables in oid order, the first not in the
     * list is the error. */
    for (int i = 0; !cascade && i < *n; i++) {
        const struct sql_table_desc *t;
        int rc = sql_cat_table_by_oid(env, oids[i], &t, e);
        if (rc != 0)
            return rc;
        uint32_t best = 0;
        for (int j = 0; t != NULL && j < t->nrefby; j++) {
            bool in = false;
            for (int m = 0; m < *n && !in; m++)
                in = oids[m] == t->refby[j];
            if (!in && (best == 0 || t->refby[j] < best))
                best = t->refby[j];
        }
        if (best == 0)
            continue;
        const struct sql_table_desc *c;
        rc = sql_cat_table_by_oid(env, best, &c, e);
        if (rc != 0)
            return rc;
        if (c == NULL)
            continue;
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot truncate a table referenced in a foreign key "
                             "constraint\nDETAIL:  Table \"%s\" references \"%s\".\nHINT:  "
                             "Truncate table \"%s\" at the same time, or use TRUNCATE ... "
                             "CASCADE.",
                             c->name, t->name, c->name);
    }
    if (!cascade)
        return 0;
    /* CASCADE: heap_truncate_find_FKs of the set, in oid order, each round. */
    int done = 0;
    for (;;) {
        uint32_t add[256];
        int nadd = 0;
        for (int i = done; i < *n; i++) {
            const struct sql_table_desc *t;
            int rc = sql_cat_table_by_oid(env, oids[i], &t, e);
            if (rc != 0)
                return rc;
            for (int j = 0; t != NULL && j < t->nrefby; j++) {
                uint32_t co = t->refby[j];
                bool in = false;
                for (int m = 0; m < *n && !in; m++)
                    in = oids[m] == co;
                for (int m = 0; m < nadd && !in; m++)
                    in = add[m] == co;
                if (in)
                    continue;
                if (nadd == 256)
                    return sql__ddl_unsupported(e, "TRUNCATE of this many tables");
                int k = nadd++;
                while (k > 0 && add[k - 1] > co) { /* oid order */
                    add[k] = add[k - 1];
                    k--;
                }
                add[k] = co;
            }
        }
        if (nadd == 0)
            return 0;
        done = *n;
        for (int k = 0; k < nadd; k++) {
            const struct sql_table_desc *c;
            int rc = sql_cat_table_by_oid(env, add[k], &c, e);
            if (rc != 0)
                return rc;
            if (c == NULL)
                continue;
            if (*n >= max)
                return sql__ddl_unsupported(e, "TRUNCATE of this many tables");
            oids[(*n)++] = add[k];
            rc = sql__ddl_notice(env, "00000", "truncate cascades to table \"%s\"", c->name);
            if (rc != 0)
                return rc;
        }
    }
}

/* The "constraint X on table C depends on ..." lines of every foreign key
 * referencing t through column col_id (0: any) or index oid ix_oid (0: any),
 * skipping t's own fks on col_id. */
static int dependents(struct sql_env *env, const struct sql_table_desc *t, uint32_t col_id,
                      uint32_t ix_oid, const char *what, struct sbuf *d, struct err *e)
{
    for (int i = 0; i < t->nrefby; i++) {
        bool dup = false;
        for (int j = 0; j < i; j++)
            dup = dup || t->refby[j] == t->refby[i];
        if (dup)
            continue;
        const struct sql_table_desc *c;
        int rc = table_of(env, t, t->refby[i], &c, e);
        if (rc != 0)
            return rc;
        if (c == NULL)
            continue;
        for (int k = 0; k < c->nfks; k++) {
            const struct sql_fk_desc *f = &c->fks[k];
            if (f->ref_table != t->oid)
                continue;
            bool hit = false;
            if (ix_oid != 0)
                hit = f->ref_idx == ix_oid;
            for (int m = 0; m < f->ncols && col_id != 0; m++)
                hit = hit || (f->ref_col_ids[m] == col_id && !(c == t && f->col_ids[m] == col_id));
            if (hit)
                sbuf_printf(d, "%sconstraint %s on table %s depends on %s", d->len > 0 ? "\n" : "",
                            f->name, c->name, what);
        }
    }
    return 0;
}

int sql__fk_drop_column(struct sql_env *env, struct sql_table_desc *t, uint32_t col_id,
                        struct err *e)
{
    const struct sql_col_desc *col = sql_cat_column_by_id(t, col_id);
    char what[3 * SQL_NAME_BUF];
    snprintf(what, sizeof what, "column %s of table %s", col ? col->name : "?", t->name);
    struct sbuf d;
    sbuf_init(&d);
    int rc = dependents(env, t, col_id, 0, what, &d, e);
    if (rc == 0 && d.len > 0)
        rc = err_set_state(e, ERR_INVAL, "2BP01",
                           "cannot drop column %s of table %s because other objects depend on "
                           "it\nDETAIL:  %s\nHINT:  Use DROP ... CASCADE to drop the dependent "
                           "objects too.",
                           col ? col->name : "?", t->name, d.data);
    sbuf_free(&d);
    if (rc != 0)
        return rc;
    for (int k = 0; k < t->nfks; k++) {
        bool uses = false;
        for (int m = 0; m < t->fks[k].ncols; m++)
            uses = uses || t->fks[k].col_ids[m] == col_id;
        if (!uses)
            continue;
        bool found;
        char name[SQL_NAME_BUF];
        snprintf(name, sizeof name, "%s", t->fks[k].name);
        rc = sql__fk_drop_constraint(env, t, name, &found, e);
        if (rc != 0)
            return rc;
        k--;
    }
    return 0;
}

int sql__fk_index_drop(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, const char *what, struct err *e)
{
    if (ix->oid == 0)
        return 0;
    char dep[2 * SQL_NAME_BUF];
    snprintf(dep, sizeof dep, "index %s", ix->name);
    struct sbuf d;
    sbuf_init(&d);
    int rc = dependents(env, t, 0, ix->oid, dep, &d, e);
    if (rc == 0 && d.len > 0) {
        if (strcmp(what, "constraint") == 0)
            rc = err_set_state(e, ERR_INVAL, "2BP01",
                               "cannot drop constraint %s on table %s because other objects "
                               "depend on it\nDETAIL:  %s\nHINT:  Use DROP ... CASCADE to drop "
                               "the dependent objects too.",
                               ix->name, t->name, d.data);
        else
            rc = err_set_state(e, ERR_INVAL, "2BP01",
                               "cannot drop index %s because other objects depend on "
                               "it\nDETAIL:  %s\nHINT:  Use DROP ... CASCADE to drop the "
                               "dependent objects too.",
                               ix->name, d.data);
    }
    sbuf_free(&d);
    return rc;
}

static const char *action_word(char a)
{
    switch (a) {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return NULL;
    }
}

int sql__fk_def(struct sql_env *env, const struct sql_table_desc *t, const struct sql_fk_desc *f,
                struct sbuf *out, struct err *e)
{
    const struct sql_table_desc *p = NULL;
    int rc = table_of(env, t, f->ref_table, &p, e);
    if (rc != 0)
        return rc;
    sbuf_puts(out, "FOREIGN KEY (");
    for (int k = 0; k < f->ncols; k++) {
        if (k > 0)
            sbuf_puts(out, ", ");
        sql_deparse_ident(col_name(t, f->col_ids[k]), out);
    }
    sbuf_puts(out, ") REFERENCES ");
    if (p != NULL) {
        /* qualified when not visible through search_path */
        bool vis = false;
        for (int i = 0; i < env->nsearch; i++)
            if (strcmp(env->search_path[i], p->schema) == 0) {
                const struct sql_table_desc *first = NULL;
                struct err e2 = {0};
                if (sql_cat_table(env, NULL, p->name, &first, &e2) == 0 && first != NULL &&
                    first->oid == p->oid)
                    vis = true;
                break;
            }
        if (!vis) {
            sql_deparse_ident(p->schema, out);
            sbuf_putc(out, '.');
        }
        sql_deparse_ident(p->name, out);
    }
    sbuf_putc(out, '(');
    for (int k = 0; k < f->ncols; k++) {
        if (k > 0)
            sbuf_puts(out, ", ");
        sql_deparse_ident(p ? col_name(p, f->ref_col_ids[k]) : "?", out);
    }
    sbuf_putc(out, ')');
    if (f->match == 'f')
        sbuf_puts(out, " MATCH FULL");
    const char *u = action_word(f->upd), *d = action_word(f->del);
    if (u)
        sbuf_printf(out, " ON UPDATE %s", u);
    if (d)
        sbuf_printf(out, " ON DELETE %s", d);
    if (f->deferrable)
        sbuf_puts(out, " DEFERRABLE");
    if (f->initdeferred)
        sbuf_puts(out, " INITIALLY DEFERRED");
    return 0;
}
