/* bind_wholerow.c — whole-row references to a FROM item: `t` (when no
 * column of that name is in scope) and `t.*` in expression context, and
 * `(expr).*` expanded in a select list.
 *
 * A whole-row reference is bound as ROW(the item's visible columns), a
 * record whose shape (bind_srf.c) carries the column names and, for a base
 * table, the table's row type (its OID is the table's: RowDescription and
 * pg_typeof name it). On the nullable side of an outer join the reference
 * is CASE WHEN ROW(...) IS NULL THEN NULL ELSE ROW(...) END: a
 * null-extended row is NULL as in PostgreSQL (a stored row whose columns
 * are all NULL reads as NULL there too).
 */
#include "sql/array_int.h"
#include "sql/engine_int.h"
#include "sql/value_int.h"

#include <string.h>

static struct bx *newbx(struct binder *b, enum bx_kind k, uint32_t type, int location)
{
    struct bx *x = mem_alloc0(b->ctx, sizeof *x);
    x->kind = k;
    x->type = type;
    x->typmod = -1;
    x->location = location;
    return x;
}

struct bx *eng__rte_colref(struct binder *b, const struct rte *r, int c, int level, int location)
{
    if (r->vexprs != NULL)
        return eng__view_colref(b, r, c, level, location);
    struct bx *x = newbx(b, BX_COL, r->coltypes[c], location);
    x->typmod = r->coltypmods ? r->coltypmods[c] : -1;
    x->u.col.level = level;
    x->u.col.idx = r->colslot != NULL && r->colslot[c] >= 0 ? r->colslot[c] : r->off + c;
    x->u.col.rel = r->alias;
    x->u.col.name = r->colnames[c];
    x->u.col.table_oid = r->table_oid;
    x->u.col.merged = r->merged != NULL ? r->merged[c] : NULL;
    x->u.col.attnum = r->attnums ? r->attnums[c] : 0;
    if (r->table_oid != 0) {
        eng__view_note(b, r->table_oid, x->u.col.attnum);
        eng__perm_colref(b, r->table_oid, x->u.col.attnum);
    }
    return x;
}

/* The whole row of rte r found `level` query levels up. */
static struct bx *whole_row(struct binder *b, const struct rte *r, int level, int location)
{
    if (r->func_scalar && r->ncols == 1)
        return eng__rte_colref(b, r, 0, level, location);
    int n = 0;
    struct bx **args = mem_alloc(b->ctx, sizeof *args * (size_t)(r->ncols + 1));
    const char **names = mem_alloc(b->ctx, sizeof *names * (size_t)(r->ncols + 1));
    uint32_t *types = mem_alloc(b->ctx, sizeof *types * (size_t)(r->ncols + 1));
    for (int c = 0; c < r->ncols; c++) {
        if (r->hidden != NULL && r->hidden[c])
            continue;
        args[n] = eng__rte_colref(b, r, c, level, location);
        names[n] = r->colnames[c] != NULL ? r->colnames[c] : "";
        types[n] = args[n]->type;
        n++;
    }
    struct bx *row = newbx(b, BX_ROW, SQL_T_RECORD, location);
    row->u.list.args = args;
    row->u.list.n = n;
    /* typoid: the table's row type; 2249 (record) marks the whole row of
     * another FROM item ((s).x names a missing column as s.x) */
    row->typmod = eng__record_typmod(n, names, types,
                                     r->table_oid != 0 ? r->table_oid
                                     : r->rowtype != 0 ? r->rowtype
                                                       : SQL_T_RECORD);
    if (!r->nullable || level > 0)
        return row;
    struct bx *test = newbx(b, BX_NULLTEST, SQL_T_BOOL, location);
    test->u.test.arg = row;
    test->u.test.test = 0;
    struct bx *cs = newbx(b, BX_CASE, SQL_T_RECORD, location);
    cs->typmod = row->typmod;
    cs->u.cs.n = 1;
    cs->u.cs.conds = mem_alloc(b->ctx, sizeof *cs->u.cs.conds);
    cs->u.cs.results = mem_alloc(b->ctx, sizeof *cs->u.cs.results);
    cs->u.cs.conds[0] = test;
    struct sql_value nv = sql_null(SQL_T_RECORD);
    cs->u.cs.results[0] = eng__const(b->ctx, &nv, row->typmod);
    cs->u.cs.def = row;
    return cs;
}

int eng__scope_rel(struct scope *s, const char *schema, const char *rel, int location,
                   const struct rte **out, int *level, struct err *e)
{
    *out = NULL;
    *level = 0;
    for (struct scope *sc = s; sc != NULL; sc = sc->parent, (*level)++) {
        const struct rte *hit = NULL;
        for (int i = 0; i < sc->nrtes; i++) {
            const struct rte *r = &sc->rtes[i];
            if (r->alias == NULL || r->alias_hidden || strcmp(r->alias, rel) != 0)
                continue;
            if (schema != NULL &&
                (r->relid == 0 || r->relschema == NULL || strcmp(r->relschema, schema) != 0))
                continue;
            if (hit != NULL)
                return eng__err(e, location, ERR_INVAL, "42P09",
                                "table reference \"%s\" is ambiguous", rel);
            hit = r;
        }
        if (hit != NULL) {
            *out = hit;
            return 0;
        }
    }
    return 0;
}

int eng__bind_wholerow(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                       struct err *e)
{
    const struct sql_list *f = &x->u.column.fields;
    if (f->n < 1 || (!x->u.column.star && f->n != 1))
        return 1;
    const char *rel = f->items[f->n - 1];
    int level;
    const struct rte *r;
    int src =
        eng__scope_rel(s, f->n >= 2 ? f->items[f->n - 2] : NULL, rel, x->location, &r, &level, e);
    if (src != 0)
        return src;
    if (r != NULL) {
        struct scope *m = s;
        for (int k = 0; k < level && m != NULL; k++, m = m->parent)
            m->correlated = true;
        *out = whole_row(b, r, level, x->location);
        eng__upref_note(b, s, level, *out);
        if (b->view_deps != NULL)
            return eng__err(
                e, x->location, ERR_UNSUPPORTED, "0A000",
                "whole-row references in CREATE VIEW and CREATE TABLE AS are not supported");
        return 0;
    }
    if (!x->u.column.star)
        return 1;
    return eng__missing_rte(b, s, rel, x->location, e);
}

int eng__bind_fieldstar(struct binder *b, struct scope *s, const struct sql_expr *v,
                        struct bx ***xs, const char ***names, int *n, struct err *e)
{
    const struct sql_list *path = &v->u.indir.path;
    /* (arg).f1.f2.* : the record before the star */
    struct sql_expr head = *v;
    head.u.indir.path.n = path->n - 1;
    struct bx *rec;
    int rc = head.u.indir.path.n > 0 ? eng__bind_indirection(b, s, &head, &rec, e)
                                     : eng__bind_expr(b, s, v->u.indir.arg, &rec, e);
    if (rc != 0)
        return rc;
    int nf = 0;
    const char *const *fnames = NULL;
    if (rec->type != SQL_T_RECORD || !sql__record_shape(rec->typmod, &nf, &fnames, NULL, NULL)) {
        if (rec->type == SQL_T_RECORD)
            return eng__err(e, v->location, ERR_UNSUPPORTED, "0A000",
                            "record type has not been registered");
        struct sbuf tn;
        sbuf_init(&tn);
        sql_type_format(rec->type, rec->typmod, &tn);
        rc =
            eng__err(e, -1, ERR_INVAL, "42809", "type %s is not composite", tn.data ? tn.data : "");
        sbuf_free(&tn);
        return rc;
    }
    *xs = mem_alloc(b->ctx, sizeof **xs * (size_t)(nf + 1));
    *names = mem_alloc(b->ctx, sizeof **names * (size_t)(nf + 1));
    for (int i = 0; i < nf; i++) {
        if ((rc = eng__bind_fieldsel(b, rec, fnames[i], v->location, &(*xs)[i], e)) != 0)
            return rc;
        (*names)[i] = fnames[i];
    }
    *n = nf;
    return 0;
}
