/* bind_assign.c — assignment to parts of a column: UPDATE ... SET a[i] = v /
 * a[lo:hi] = arr / c.f = v, INSERT INTO t (a[i], c.f) and ON CONFLICT DO
 * UPDATE SET a[i] = v (PostgreSQL's transformAssignmentIndirection, with
 * array_set_element and array_set_slice through the subscripting assignment
 * of arraysubs.c, and FieldStore).
 *
 * An array target becomes the call sf_array_assign(base, value, mode,
 * lo1, hi1, ..., lon, hin) whose result is the array's new value: base is
 * the column (or, for a second assignment to parts of the same column,
 * the previous assignment's call, as PostgreSQL's rewriter chains them;
 * for INSERT a NULL), mode bit 0 a slice, bits 1 + 2k / 2 + 2k the lower /
 * upper bound of subscript k left out (a[:2], a[3:]). A NULL array is an
 * empty one; assigning NULL to a slice leaves the array unchanged.
 * One-dimensional arrays extend (the gap filled with NULLs); others must be
 * assigned within their bounds. Errors are PostgreSQL's (2202E, 22004).
 *
 * A field target becomes sf_field_assign(base, value, k): the record with
 * field k replaced (a NULL record gets NULL fields). Paths nest: c.arr[2]
 * assigns element 2 of the field arr of base's c, read by a BX_FIELD of the
 * base. Arrays of composite types do not exist (ctype.c), so a field below a
 * subscript is always PostgreSQL's "not a composite type" error.
 */
#include "sql/array.h"
#include "sql/ctype.h"
#include "sql/engine_int.h"
#include "sql/value_int.h"

#include <string.h>

#define ASSIGN_MAXDIM 6

static int sub_err(struct err *e, const char *msg)
{
    return err_set_state(e, ERR_INVAL, "2202E", "%s", msg);
}

/* A copy of src (ndim >= 1) over the new bounds lb..ub of its only
 * dimension, NULLs where src has nothing. */
static struct sql_array *extend1(struct mem_ctx *ctx, const struct sql_array *src, uint32_t et,
                                 int64_t lb, int64_t ub, struct err *e)
{
    if (ub - lb + 1 > 134217727) {
        err_set_state(e, ERR_INVAL, "54000", "array size exceeds the maximum allowed (134217727)");
        return NULL;
    }
    int n = (int)(ub - lb + 1);
    struct sql_array *a = sql_array_new(ctx, et, n);
    a->lbs[0] = (int)lb;
    for (int i = 0; i < n; i++)
        a->items[i] = sql_null(et);
    if (src != NULL && src->ndim == 1)
        for (int i = 0; i < src->nitems; i++)
            a->items[src->lbs[0] - lb + i] = src->items[i];
    return a;
}

static struct sql_array *copy_arr(struct mem_ctx *ctx, const struct sql_array *src)
{
    struct sql_array *a = mem_alloc0(ctx, sizeof *a);
    *a = *src;
    a->items = mem_alloc0(ctx, sizeof(struct sql_value) * (size_t)(src->nitems + 1));
    if (src->nitems > 0)
        memcpy(a->items, src->items, sizeof(struct sql_value) * (size_t)src->nitems);
    return a;
}

static int fn_array_assign(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    uint32_t at = c->match->ret, et = sql_array_elemtype(at);
    int mode = (int)a[2].u.i, nd = (n - 3) / 2;
    bool slice = (mode & 1) != 0;
    int64_t lo[ASSIGN_MAXDIM], hi[ASSIGN_MAXDIM];
    bool lmiss[ASSIGN_MAXDIM], hmiss[ASSIGN_MAXDIM];
    for (int k = 0; k < nd; k++) {
        lmiss[k] = (mode >> (1 + 2 * k) & 1) != 0;
        hmiss[k] = (mode >> (2 + 2 * k) & 1) != 0;
        const struct sql_value *l = &a[3 + 2 * k], *h = &a[4 + 2 * k];
        if ((slice && !lmiss[k] && l->null) || (!hmiss[k] && h->null))
            return err_set_state(e, ERR_INVAL, "22004",
                                 "array subscript in assignment must not be null");
        lo[k] = slice && !lmiss[k] ? l->u.i : 0;
        hi[k] = !hmiss[k] ? h->u.i : 0;
    }
    const struct sql_array *src = a[0].null ? NULL : a[0].u.arr;
    bool empty = src == NULL || src->ndim == 0 || src->nitems == 0;
    struct sql_array *r;
    if (!slice) {
        struct sql_value v = a[1];
        if (v.null)
            v = sql_null(et);
        if (empty) {
            r = sql_array_new(c->ctx, et, 1);
            r->ndim = nd;
            for (int k = 0; k < nd; k++) {
                r->dims[k] = 1;
                r->lbs[k] = (int)hi[k];
            }
            r->items[0] = v;
        } else if (src->ndim != nd) {
            return sub_err(e, "wrong number of array subscripts");
        } else if (nd == 1) {
            int64_t lb = src->lbs[0], ub = lb + src->dims[0] - 1;
            r = extend1(c->ctx, src, et, hi[0] < lb ? hi[0] : lb, hi[0] > ub ? hi[0] : ub, e);
            if (r == NULL)
                return ERR_INVAL;
            r->items[hi[0] - r->lbs[0]] = v;
        } else {
            int64_t off = 0;
            for (int k = 0; k < nd; k++) {
                if (hi[k] < src->lbs[k] || hi[k] >= src->lbs[k] + src->dims[k])
                    return sub_err(e, "array subscript out of range");
                off = off * src->dims[k] + (hi[k] - src->lbs[k]);
            }
            r = copy_arr(c->ctx, src);
            r->items[off] = v;
        }
    } else {
        if (a[1].null) { /* NULL source: the array unchanged */
            *out = a[0];
            return 0;
        }
        const struct sql_array *sv = a[1].u.arr;
        int svn = sv != NULL ? sv->nitems : 0;
        if (empty) {
            int64_t cnt = 1;
            for (int k = 0; k < nd; k++) {
                if (lmiss[k] || hmiss[k])
                    return err_set_state(
                        e, ERR_INVAL, "2202E",
                        "array slice subscript must provide both boundaries" ENG_DETAIL_SEP
                        "When assigning to a slice of an empty array value, slice boundaries "
                        "must be fully specified.");
                if (hi[k] < lo[k])
                    return sub_err(e, "upper bound cannot be less than lower bound");
                cnt *= hi[k] - lo[k] + 1;
            }
            if (svn < cnt)
                return sub_err(e, "source array too small");
            r = sql_array_new(c->ctx, et, (int)cnt);
            r->ndim = nd;
            for (int k = 0; k < nd; k++) {
                r->lbs[k] = (int)lo[k];
                r->dims[k] = (int)(hi[k] - lo[k] + 1);
            }
            for (int i = 0; i < cnt; i++)
                r->items[i] = sv->items[i];
        } else {
            if (nd > src->ndim)
                return sub_err(e, "wrong number of array subscripts");
            int dn = src->ndim;
            for (int k = 0; k < dn; k++) {
                int64_t lb = src->lbs[k], ub = lb + src->dims[k] - 1;
                if (k >= nd) {
                    lo[k] = lb;
                    hi[k] = ub;
                    continue;
                }
                if (lmiss[k])
                    lo[k] = lb;
                if (hmiss[k])
                    hi[k] = ub;
                if (hi[k] < lo[k])
                    return sub_err(e, "upper bound cannot be less than lower bound");
            }
            if (dn == 1) {
                int64_t cnt = hi[0] - lo[0] + 1;
                if (svn < cnt)
                    return sub_err(e, "source array too small");
                int64_t lb = src->lbs[0], ub = lb + src->dims[0] - 1;
                r = extend1(c->ctx, src, et, lo[0] < lb ? lo[0] : lb, hi[0] > ub ? hi[0] : ub, e);
                if (r == NULL)
                    return ERR_INVAL;
                for (int64_t i = 0; i < cnt; i++)
                    r->items[lo[0] - r->lbs[0] + i] = sv->items[i];
            } else {
                int64_t cnt = 1;
                for (int k = 0; k < dn; k++) {
                    if (lo[k] < src->lbs[k] || hi[k] >= src->lbs[k] + src->dims[k])
                        return sub_err(e, "array subscript out of range");
                    cnt *= hi[k] - lo[k] + 1;
                }
                if (svn < cnt)
                    return sub_err(e, "source array too small");
                r = copy_arr(c->ctx, src);
                int64_t idx[ASSIGN_MAXDIM];
                for (int k = 0; k < dn; k++)
                    idx[k] = lo[k];
                for (int64_t i = 0; i < cnt; i++) {
                    int64_t off = 0;
                    for (int k = 0; k < dn; k++)
                        off = off * src->dims[k] + (idx[k] - src->lbs[k]);
                    r->items[off] = sv->items[i];
                    for (int k = dn - 1; k >= 0; k--) {
                        if (++idx[k] <= hi[k])
                            break;
                        idx[k] = lo[k];
                    }
                }
            }
        }
    }
    for (int i = 0; i < r->nitems; i++)
        if (r->items[i].null)
            r->items[i].type = et;
    *out = sql_array_value(r);
    out->type = at;
    return 0;
}

static const struct sql_func_def assign_def = {"sf_array_assign", 0,     3,  true, {0}, 0,
                                               fn_array_assign,   false, 'i'};

/* sf_field_assign(base, value, k): record base (NULL: every field NULL) with
 * field k replaced by value, the shape the call's return typmod
 * (PostgreSQL's FieldStore). */
static int fn_field_assign(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    int nf;
    const char *const *names;
    const uint32_t *types;
    int32_t tm = c->match->ret_typmod;
    if (!sql__record_shape(tm, &nf, &names, &types, NULL) || a[2].u.i < 0 || a[2].u.i >= nf)
        return err_set_state(e, ERR_INTERNAL, "XX000", "field assignment to an unknown record");
    const struct sql_array *src = a[0].null ? NULL : a[0].u.arr;
    struct sql_array *r = sql_array_new(c->ctx, SQL_T_RECORD, nf);
    sql__record_set_typmod(r, tm);
    for (int i = 0; i < nf; i++)
        r->items[i] = src != NULL && i < src->nitems ? src->items[i] : sql_null(types[i]);
    r->items[a[2].u.i] = a[1];
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = r;
    return 0;
}

static const struct sql_func_def field_def = {"sf_field_assign", 0,     3,  false, {0}, 0,
                                              fn_field_assign,   false, 'i'};

bool eng__is_assign_indir(const struct bx *x)
{
    return x != NULL && x->kind == BX_FUNC &&
           (x->u.fn.m->def == &assign_def || x->u.fn.m->def == &field_def ||
            eng__is_jsonb_assign(x));
}

static struct bx *int_sub(struct binder *b, struct scope *s, const struct sql_expr *x,
                          struct err *e, int *rc)
{
    struct bx *v;
    if ((*rc = eng__bind_expr(b, s, x, &v, e)) != 0)
        return NULL;
    if (v->type != SQL_T_INT4 && v->type != SQL_T_UNKNOWN &&
        sql_cast_context(v->type, SQL_T_INT4) != SQL_CAST_IMPLICIT &&
        sql_cast_context(v->type, SQL_T_INT4) != SQL_CAST_ASSIGNMENT) {
        *rc =
            eng__err(e, x->location, ERR_INVAL, "42804", "array subscript must have type integer");
        return NULL;
    }
    struct bx *o;
    if ((*rc = eng__coerce(b, v, SQL_T_INT4, -1, COERCE_ASSIGNMENT, &o, e)) != 0)
        return NULL;
    return o;
}

/* The name of type t (a composite type's by its name) into out. */
static void type_name(uint32_t t, int32_t typmod, struct sbuf *out)
{
    const struct sql_ctype *ct = t == SQL_T_RECORD ? sql__ctype_of_shape(typmod) : NULL;
    if (ct != NULL)
        sbuf_puts(out, ct->name);
    else
        sql_type_format(t, -1, out);
    if (out->len == 0)
        sbuf_puts(out, "?");
}

static struct bx *new_call(struct binder *b, const struct sql_func_def *def, struct bx **args,
                           int n, uint32_t type, int32_t typmod, int location)
{
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = def;
    m->nargs = n;
    m->ret = type;
    m->ret_typmod = typmod;
    for (int i = 0; i < n; i++)
        m->argtypes[i] = args[i]->type;
    struct bx *fx = mem_alloc0(b->ctx, sizeof *fx);
    fx->kind = BX_FUNC;
    fx->type = type;
    fx->typmod = typmod;
    fx->location = location;
    fx->u.fn.m = m;
    fx->u.fn.args = args;
    fx->u.fn.nargs = n;
    fx->u.fn.name = def->name;
    fx->u.fn.cache_slot = b->nfcache++;
    return fx;
}

/* A target's assignment path being bound: its indirection, its value (bound,
 * not yet coerced), the target's and the base column reference's
 * locations. */
struct apath {
    struct binder *b;
    struct scope *s;
    const struct sql_list *ind;
    struct bx *val;
    int location, base_location;
};

/* One step of the path (PostgreSQL's transformAssignmentIndirection): the
 * new value of a (type, typmod) whose current value is base after assigning
 * val at ind[i..]; name is the column's, or the field's below a field;
 * subscripted: the step above was a subscript (the leaf's error wording). */
static int assign_step(struct apath *p, int i, const char *name, uint32_t type, int32_t typmod,
                       struct bx *base, bool subscripted, struct bx **out, struct err *e);

static int assign_field(struct apath *p, int i, const char *name, uint32_t type, int32_t typmod,
                        struct bx *base, struct bx **out, struct err *e)
{
    struct binder *b = p->b;
    const struct sql_indir *d = p->ind->items[i];
    const struct sql_ctype *ct = type == SQL_T_RECORD ? sql__ctype_of_shape(typmod) : NULL;
    if (ct == NULL) {
        struct sbuf tn;
        sbuf_init(&tn);
        type_name(type, typmod, &tn);
        int rc = eng__err(e, p->location, ERR_INVAL, "42804",
                          "cannot assign to field \"%s\" of column \"%s\" because its type %s is "
                          "not a composite type",
                          d->field, name, tn.data);
        sbuf_free(&tn);
        return rc;
    }
    int k = 0;
    while (k < ct->n && strcmp(ct->names[k], d->field) != 0)
        k++;
    if (k == ct->n)
        return eng__err(e, p->location, ERR_NOTFOUND, "42703",
                        "cannot assign to field \"%s\" of column \"%s\" because there is no such "
                        "column in data type %s",
                        d->field, name, ct->name);
    uint32_t ft = ct->types[k];
    int32_t ftm = ct->typmods[k];
    const struct sql_ctype *fct = sql_ctype_get(ft);
    if (fct != NULL) { /* a composite field: a record of its shape */
        ft = SQL_T_RECORD;
        ftm = fct->shape;
    }
    struct bx *fb = mem_alloc0(b->ctx, sizeof *fb); /* the field's current value */
    fb->kind = BX_FIELD;
    fb->type = ft;
    fb->typmod = ftm;
    fb->location = -1;
    fb->u.test.arg = base;
    fb->u.test.test = k;
    struct bx *v;
    int rc = assign_step(p, i + 1, d->field, ft, ftm, fb, false, &v, e);
    if (rc != 0)
        return rc;
    struct sql_value kv = sql_int4(k);
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * 3);
    args[0] = base;
    args[1] = v;
    args[2] = eng__const(b->ctx, &kv, -1);
    *out = new_call(b, &field_def, args, 3, type, typmod, p->location);
    return 0;
}

/* j['a'][0] = v of a jsonb (bind_jsonb.c): the run of subscripts at
 * ind[i..] in one sf_jsonb_assign call. */
static int assign_jsonb(struct apath *p, int i, const char *name, struct bx *base, struct bx **out,
                        struct err *e)
{
    int j = i;
    while (j < p->ind->n && ((const struct sql_indir *)p->ind->items[j])->kind != SQL_INDIR_FIELD &&
           ((const struct sql_indir *)p->ind->items[j])->kind != SQL_INDIR_STAR)
        j++;
    struct bx **subs, *v;
    int rc = eng__bind_jsonb_assign_subs(p->b, p->s, p->ind, i, j, &subs, e);
    if (rc != 0)
        return rc;
    if (j < p->ind->n)
        rc = assign_field(p, j, name, SQL_T_JSONB, -1, NULL, &v, e);
    else
        rc = assign_step(p, j, name, SQL_T_JSONB, -1, NULL, true, &v, e);
    if (rc != 0)
        return rc;
    if (base == NULL) {
        struct sql_value nv = sql_null(SQL_T_JSONB);
        base = eng__const(p->b->ctx, &nv, -1);
    }
    *out = eng__jsonb_assign_call(p->b, base, v, subs, j - i, p->location);
    return 0;
}

static int assign_subscripts(struct apath *p, int i, const char *name, uint32_t type,
                             int32_t typmod, struct bx *base, struct bx **out, struct err *e)
{
    struct binder *b = p->b;
    const struct sql_list *ind = p->ind;
    uint32_t et = sql_array_elemtype(type);
    if (et == 0 && type == SQL_T_JSONB)
        return assign_jsonb(p, i, name, base, out, e);
    if (et == 0) {
        struct sbuf tn;
        sbuf_init(&tn);
        type_name(type, typmod, &tn);
        /* PostgreSQL points at the container: the column of UPDATE; nothing
         * for INSERT's NULL and a field's (FieldStore) base */
        int rc =
            eng__err(e, i == 0 ? p->base_location : -1, ERR_INVAL, "42804",
                     "cannot subscript type %s because it does not support subscripting", tn.data);
        sbuf_free(&tn);
        return rc;
    }
    int j = i;
    bool slice = false;
    while (j < ind->n && ((const struct sql_indir *)ind->items[j])->kind != SQL_INDIR_FIELD &&
           ((const struct sql_indir *)ind->items[j])->kind != SQL_INDIR_STAR) {
        slice = slice || ((const struct sql_indir *)ind->items[j])->kind == SQL_INDIR_SLICE;
        j++;
    }
    int nd = j - i;
    if (nd > ASSIGN_MAXDIM)
        return eng__err(e, p->location, ERR_INVAL, "54000",
                        "number of array dimensions (%d) exceeds the maximum allowed (%d)", nd,
                        ASSIGN_MAXDIM);
    int n = 3 + 2 * nd, rc = 0, mode = slice ? 1 : 0;
    struct bx **args = mem_alloc0(b->ctx, sizeof *args * (size_t)n);
    struct sql_value nullv = sql_null(SQL_T_INT4);
    for (int k = 0; k < nd; k++) {
        const struct sql_indir *d = ind->items[i + k];
        struct bx *lo = NULL, *hi = NULL;
        if (d->kind == SQL_INDIR_SLICE) {
            if (d->lidx != NULL && (lo = int_sub(b, p->s, d->lidx, e, &rc)) == NULL)
                return rc;
            if (d->uidx != NULL && (hi = int_sub(b, p->s, d->uidx, e, &rc)) == NULL)
                return rc;
            if (d->lidx == NULL)
                mode |= 1 << (1 + 2 * k);
            if (d->uidx == NULL)
                mode |= 1 << (2 + 2 * k);
        } else {
            if ((hi = int_sub(b, p->s, d->uidx, e, &rc)) == NULL)
                return rc;
            if (slice) { /* a[1:2][3]: the second dimension is 1..3 */
                struct sql_value one = sql_int4(1);
                lo = eng__const(b->ctx, &one, -1);
            }
        }
        args[3 + 2 * k] = lo != NULL ? lo : eng__const(b->ctx, &nullv, -1);
        args[4 + 2 * k] = hi != NULL ? hi : eng__const(b->ctx, &nullv, -1);
    }
    /* the value: an element, or an array for a slice */
    uint32_t vt = slice ? type : et;
    int32_t vtm = slice ? typmod : -1;
    struct bx *v;
    if (j < ind->n) {
        /* a field of an element: arrays of composite types do not exist
         * (ctype.c), so this is PostgreSQL's "not a composite type" */
        if (vt == SQL_T_RECORD)
            return eng__err(e, p->location, ERR_UNSUPPORTED, "0A000",
                            "assignment to fields of array elements is not supported");
        if ((rc = assign_field(p, j, name, vt, vtm, NULL, &v, e)) != 0)
            return rc;
    } else if ((rc = assign_step(p, j, name, vt, vtm, NULL, true, &v, e)) != 0)
        return rc;
    struct sql_value mv = sql_int4(mode);
    args[0] = base;
    args[1] = v;
    args[2] = eng__const(b->ctx, &mv, -1);
    *out = new_call(b, &assign_def, args, n, type, typmod, p->location);
    return 0;
}

static int assign_step(struct apath *p, int i, const char *name, uint32_t type, int32_t typmod,
                       struct bx *base, bool subscripted, struct bx **out, struct err *e)
{
    if (i < p->ind->n) {
        const struct sql_indir *d = p->ind->items[i];
        if (d->kind == SQL_INDIR_STAR)
            return eng__err(e, p->location, ERR_INVAL, "42601",
                            "row expansion via \"*\" is not supported here");
        if (d->kind == SQL_INDIR_FIELD)
            return assign_field(p, i, name, type, typmod, base, out, e);
        return assign_subscripts(p, i, name, type, typmod, base, out, e);
    }
    /* the leaf: the value coerced to the element's, slice's or field's type */
    struct bx *v = p->val;
    if (v->type != SQL_T_UNKNOWN && v->type != type &&
        !(v->type == SQL_T_RECORD && type == SQL_T_RECORD) &&
        sql_cast_context(v->type, type) != SQL_CAST_IMPLICIT &&
        sql_cast_context(v->type, type) != SQL_CAST_ASSIGNMENT) {
        struct sbuf a1, a2;
        sbuf_init(&a1);
        sbuf_init(&a2);
        type_name(type, typmod, &a1);
        type_name(v->type, v->typmod, &a2);
        int rc = eng__err(e, p->location, ERR_INVAL, "42804",
                          subscripted ? "subscripted assignment to \"%s\" requires type %s but "
                                        "expression is of type %s" ENG_HINT_SEP
                                        "You will need to rewrite or cast the expression."
                                      : "subfield \"%s\" is of type %s but expression is of "
                                        "type %s" ENG_HINT_SEP
                                        "You will need to rewrite or cast the expression.",
                          name, a1.data, a2.data);
        sbuf_free(&a1);
        sbuf_free(&a2);
        return rc;
    }
    (void)base; /* the value replaces it whole */
    return eng__coerce(p->b, v, type, typmod, COERCE_ASSIGNMENT, out, e);
}

int eng__bind_assign_indir(struct binder *b, struct scope *s, const struct sql_col_desc *col,
                           struct bx *base, const struct sql_list *ind, struct bx *val,
                           int location, int base_location, struct bx **out, struct err *e)
{
    struct apath p = {b, s, ind, val, location, base_location};
    return assign_step(&p, 0, col->name, col->type, col->typmod, base, false, out, e);
}
