/* exec_modify_from.c — UPDATE ... FROM and DELETE ... USING.
 *
 * The joined rows (target row first) are read to the end before writing, so
 * a self-join or a rescanned inner side never sees the statement's own
 * writes. Each target row is then locked and re-read at its newest version
 * (sql_tbl_lock_row), the WHERE re-checked on it with the same source row
 * (EvalPlanQual), and modified once: a target row matched by several source
 * rows is changed by the first match only, as PostgreSQL.
 */
#include "sql/engine_int.h"
#include "sql/trigger.h"

#include <string.h>

static int add_ret(struct xrt *rt, const struct pnode *p, struct sql_value *full,
                   struct mem_ctx *mem, struct mem_ctx *ctx, struct sql_value ***rets, size_t *nr,
                   size_t *rcap, struct err *e)
{
    int nret_cols = p->u.modify.nreturning;
    if (nret_cols == 0)
        return 0;
    struct ectx c = {.rt = rt, .row = full, .outer = NULL, .mem = mem};
    struct sql_value *out = mem_alloc(ctx, sizeof *out * (size_t)nret_cols);
    for (int i = 0; i < nret_cols; i++) {
        struct sql_value v;
        int rc = eng__eval(&c, p->u.modify.returning[i], &v, e);
        if (rc != 0)
            return rc;
        sql_value_copy(ctx, &v, &out[i]);
    }
    if (*nr == *rcap) {
        size_t nc = *rcap ? *rcap * 2 : 16;
        *rets = mem_realloc(ctx, *rets, sizeof **rets * *rcap, sizeof **rets * nc);
        *rcap = nc;
    }
    (*rets)[(*nr)++] = out;
    return 0;
}

/* UPDATE view ... FROM / DELETE FROM view ... USING with INSTEAD OF
 * triggers: each joined row (the view's columns first) goes to them, as
 * PostgreSQL fires them once per row of the join. */
static int instead_rows(struct xrt *rt, const struct pnode *p, struct sql_value **mat, size_t nmat,
                        struct mem_ctx *mem, struct mem_ctx *ctx, uint64_t *count,
                        struct sql_value ***rets, size_t *nr, size_t *rcap, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    int n = t->ncols, w = p->u.modify.from_width;
    bool del = p->u.modify.op == SQL_STMT_DELETE;
    for (size_t mi = 0; mi < nmat; mi++) {
        int rc = eng__tick(rt, e);
        if (rc != 0)
            return rc;
        mem_ctx_reset(mem);
        struct sql_value *full = mem_alloc(mem, sizeof *full * (size_t)(w + 1));
        memcpy(full, mat[mi], sizeof *full * (size_t)w);
        struct ectx c = {.rt = rt, .row = full, .outer = NULL, .mem = mem};
        struct sql_value *nw = NULL;
        if (!del) {
            nw = mem_alloc(mem, sizeof *nw * (size_t)(n + 1));
            memcpy(nw, full, sizeof *nw * (size_t)n);
            for (int i = 0; i < n; i++) {
                if (p->u.modify.set[i] == NULL)
                    continue;
                if ((rc = eng__eval(&c, p->u.modify.set[i], &nw[i], e)) != 0)
                    return rc;
                if (nw[i].null)
                    nw[i].type = t->cols[i].type;
            }
        }
        bool skip;
        if ((rc = sql__trig_instead_row(rt->env, t, del ? SQL_TRIG_DELETE : SQL_TRIG_UPDATE, full,
                                        del ? NULL : &nw, mem, &skip, e)) != 0)
            return rc;
        if (skip)
            continue;
        if (!del)
            memcpy(full, nw, sizeof *full * (size_t)n);
        (*count)++;
        if ((rc = add_ret(rt, p, full, mem, ctx, rets, nr, rcap, e)) != 0)
            return rc;
    }
    return 0;
}

int eng__modify_from_run(struct xrt *rt, const struct pnode *p, struct xnode *src,
                         struct mem_ctx *ctx, uint64_t *count, struct sql_value ***ret_rows,
                         size_t *nret, struct err *e)
{
    const struct sql_table_desc *t = p->u.modify.t;
    int n = t->ncols, w = p->u.modify.from_width;
    struct mem_ctx *matctx = mem_ctx_new(ctx, "modify from source");
    struct mem_ctx *mem = mem_ctx_new(ctx, "modify from row");
    struct sql_value **mat = NULL, **rets = NULL;
    size_t nmat = 0, cap = 0, nr = 0, rcap = 0;
    int rc = 0;
    *count = 0;
    for (;;) {
        const struct sql_value *r;
        bool h;
        if ((rc = eng__xnext(src, &r, &h, e)) != 0)
            goto out;
        if (!h)
            break;
        if (nmat == cap) {
            size_t nc = cap ? cap * 2 : 64;
            mat = mem_realloc(matctx, mat, sizeof *mat * cap, sizeof *mat * nc);
            cap = nc;
        }
        struct sql_value *cp = mem_alloc(matctx, sizeof *cp * (size_t)(w > 0 ? w : 1));
        for (int i = 0; i < w; i++)
            sql_value_copy(matctx, &r[i], &cp[i]);
        mat[nmat++] = cp;
    }
    if (t->kind == 'v') { /* a view's INSTEAD OF triggers (trigger.h) */
        rc = instead_rows(rt, p, mat, nmat, mem, ctx, count, &rets, &nr, &rcap, e);
        goto out;
    }
    const struct sql_idx_desc *pk = &t->idx[0];
    int *pkpos = mem_alloc(matctx, sizeof(int) * (size_t)(pk->ncols + 1));
    for (int k = 0; k < pk->ncols; k++)
        pkpos[k] = sql_cat_column_pos(t, pk->col_ids[k]);
    struct vhash done;
    eng__vh_init(&done, matctx, pk->ncols);
    struct sql_value *keys = mem_alloc(matctx, sizeof *keys * (size_t)(pk->ncols + 1));
    for (size_t mi = 0; mi < nmat; mi++) {
        if ((rc = eng__tick(rt, e)) != 0)
            goto out;
        mem_ctx_reset(mem);
        struct sql_value *full = mem_alloc(mem, sizeof *full * (size_t)(w + 1));
        memcpy(full, mat[mi], sizeof *full * (size_t)w);
        for (int k = 0; k < pk->ncols; k++)
            keys[k] = full[pkpos[k]];
        uint64_t hv = eng__vh_hash(keys, pk->ncols);
        if (eng__vh_find(&done, keys, hv, NULL) != NULL)
            continue; /* already modified through another source row */
        struct sql_value *old = mem_alloc(mem, sizeof *old * (size_t)(n + 1));
        memcpy(old, full, sizeof *old * (size_t)n);
        bool found = false;
        enum sql_lock_strength st =
            p->u.modify.op == SQL_STMT_DELETE ? SQL_LOCK_FOR_UPDATE : SQL_LOCK_FOR_NO_KEY_UPDATE;
        if ((rc = sql_tbl_lock_row_mode(rt->env, t, old, st, mem, &found, e)) != 0)
            goto out;
        if (!found)
            continue;
        memcpy(full, old, sizeof *full * (size_t)n);
        struct ectx c = {.rt = rt, .row = full, .outer = NULL, .mem = mem};
        bool ok = true;
        if (p->u.modify.recheck != NULL &&
            (rc = eng__eval_qual(&c, p->u.modify.recheck, &ok, e)) != 0)
            goto out;
        if (!ok)
            continue;
        eng__vh_add(&done, keys, hv);
        bool skip = false;
        if (p->u.modify.op == SQL_STMT_DELETE) {
            if (t->ntrigs > 0 && (rc = sql__trig_before_row(rt->env, t, SQL_TRIG_DELETE, old, NULL,
                                                            NULL, mem, &skip, e)) != 0)
                goto out;
            if (skip)
                continue;
            if ((rc = sql_tbl_delete(rt->env, t, old, e)) != 0)
                goto out;
            if (t->ntrigs > 0 &&
                (rc = sql__trig_after_row(rt->env, t, SQL_TRIG_DELETE, old, NULL, NULL, e)) != 0)
                goto out;
        } else {
            struct sql_value *nw = mem_alloc(mem, sizeof *nw * (size_t)(n + 1));
            memcpy(nw, old, sizeof *nw * (size_t)n);
            for (int i = 0; i < n; i++) {
                if (p->u.modify.set[i] == NULL)
                    continue;
                if ((rc = eng__eval(&c, p->u.modify.set[i], &nw[i], e)) != 0)
                    goto out;
                if (nw[i].null)
                    nw[i].type = t->cols[i].type;
            }
            const bool *upd = NULL;
            if (t->ntrigs > 0) {
                upd = eng__set_cols(p->u.modify.set, n, mem);
                if ((rc = sql__trig_before_row(rt->env, t, SQL_TRIG_UPDATE, old, &nw, upd, mem,
                                               &skip, e)) != 0)
                    goto out;
                if (skip)
                    continue;
            }
            if ((rc = eng__check_row(rt, p, nw, mem, e)) != 0)
                goto out;
            if ((rc = sql_tbl_update(rt->env, t, old, nw, e)) != 0)
                goto out;
            if (p->u.modify.nwcos > 0 && (rc = eng__view_wco_check(rt, p, nw, mem, e)) != 0)
                goto out; /* a view's WITH CHECK OPTION */
            if (t->ntrigs > 0 &&
                (rc = sql__trig_after_row(rt->env, t, SQL_TRIG_UPDATE, old, nw, upd, e)) != 0)
                goto out;
            memcpy(full, nw, sizeof *full * (size_t)n);
        }
        (*count)++;
        int nret_cols = p->u.modify.nreturning;
        if (nret_cols == 0)
            continue;
        struct sql_value *out = mem_alloc(ctx, sizeof *out * (size_t)nret_cols);
        for (int i = 0; i < nret_cols; i++) {
            struct sql_value v;
            if ((rc = eng__eval(&c, p->u.modify.returning[i], &v, e)) != 0)
                goto out;
            sql_value_copy(ctx, &v, &out[i]);
        }
        if (nr == rcap) {
            size_t nc = rcap ? rcap * 2 : 16;
            rets = mem_realloc(ctx, rets, sizeof *rets * rcap, sizeof *rets * nc);
            rcap = nc;
        }
        rets[nr++] = out;
    }
out:
    mem_ctx_free(mem);
    mem_ctx_free(matctx);
    *ret_rows = rets;
    *nret = nr;
    return rc;
}
