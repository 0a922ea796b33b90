/* table_scan.c — scans of a table over a key span of one index.
 *
 * Bounds (keys are in index order, which for a DESC column is the reverse
 * of SQL order): P = /<oid>/<index id>/<eq values>. Without bounds the span
 * is [P, prefix_end(P)). A bound v on the next column gives, in key order,
 * "at or after P+v" (P+v) or "after every key starting with P+v"
 * (prefix_end(P+v)), and similarly for the upper end. A comparison never
 * matches NULL, so when the column is bounded the NULLs are cut off at
 * whichever end they sort (nulls_first: the start).
 *
 * The hot path: full-key equality on the primary index is one kv_txn_get;
 * on a unique secondary index two. Secondary index scans fetch their rows
 * with kv_txn_batch_get, SCAN_BATCH entries at a time.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/env.h"

#include <string.h>

#define SCAN_BATCH 256

struct sql_tbl_scan {
    struct sql_env *env;
    const struct sql_table_desc *t;
    const struct sql_idx_desc *ix;
    bool secondary;
    struct kv_iter *it;
    bool done;
    bool closed;
    /* point lookups */
    bool point;
    struct sbuf point_key;
    /* per-row and per-batch memory */
    struct mem_ctx *row_ctx;
    struct mem_ctx *batch_ctx;
    uint32_t *ids, *types;
    struct sql_value *missing; /* sql_cat_missing, or NULL */
    bool none;                 /* no column wanted (sql_tbl_scan_need): nothing to decode */
    size_t prefix_len;         /* bytes of /<oid>/<index id> */
    /* secondary batches */
    struct kv_key *keys;
    struct kv_value *vals;
    size_t nbatch, bpos;
    bool index_only; /* secondary: rows decoded from the entries */
};

static void scan_release(struct sql_tbl_scan *s)
{
    if (s->closed)
        return;
    s->closed = true;
    kv_iter_free(s->it);
    s->it = NULL;
    sbuf_free(&s->point_key);
}

static void scan_cleanup(void *arg)
{
    scan_release(arg);
}

void sql_tbl_scan_close(struct sql_tbl_scan *s)
{
    if (s != NULL)
        scan_release(s);
}

static int put_bound(struct sbuf *b, const struct sql_value *v, const struct sql_idx_desc *ix,
                     int col, bool after, struct err *e)
{
    size_t base = b->len;
    int rc = sql_key_put(b, v, ix->desc[col], ix->nulls_first[col], e);
    if (rc != 0 || !after)
        return rc;
    /* prefix_end of the whole key so far. */
    struct sbuf end;
    sbuf_init(&end);
    bool ok = kv_key_prefix_end((const uint8_t *)b->data, b->len, &end);
    (void)base;
    sbuf_reset(b);
    if (ok)
        sbuf_append(b, end.data, end.len);
    sbuf_free(&end);
    return 0;
}

static bool same_key_family(uint32_t a, uint32_t b)
{
    static const uint32_t fam[][4] = {
        {SQL_T_INT2, SQL_T_INT4, SQL_T_INT8, SQL_T_OID},
        {SQL_T_FLOAT4, SQL_T_FLOAT8, SQL_T_FLOAT8, SQL_T_FLOAT8},
        {SQL_T_TEXT, SQL_T_VARCHAR, SQL_T_NAME, SQL_T_UNKNOWN},
    };
    if (a == b)
        return true;
    for (size_t f = 0; f < sizeof(fam) / sizeof(fam[0]); f++) {
        bool ia = false, ib = false;
        for (int i = 0; i < 4; i++) {
            ia = ia || fam[f][i] == a;
            ib = ib || fam[f][i] == b;
        }
        if (ia && ib)
            return true;
    }
    return false;
}

/* Make v comparable with keys of a column of type ct. */
static int key_compatible(struct mem_ctx *ctx, struct sql_value *v, uint32_t ct,
                          const struct sql_fmt *f, struct err *e)
{
    if (v->null || v->type == 0 || same_key_family(v->type, ct))
        return 0;
    if (sql_cast_context(v->type, ct) != SQL_CAST_IMPLICIT)
        return 0; /* the caller compares in another type; keys cannot help */
    struct sql_value out;
    int rc = sql_value_cast(ctx, v, ct, -1, false, f, &out, e);
    if (rc == 0)
        *v = out;
    return rc;
}

static int key_cmp(const struct sbuf *a, const struct sbuf *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

int sql_tbl_scan_open(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_tbl_span *span, struct mem_ctx *ctx,
                      struct sql_tbl_scan **out, struct err *e)
{
    *out = NULL;
    int pos = span ? span->idx_pos : 0;
    if (t->kind != 'r' || pos < 0 || pos >= t->nidx)
        return err_set(e, ERR_INVAL, "scan: bad index %d of \"%s\"", pos, t->name);
    const struct sql_idx_desc *ix = &t->idx[pos];
    struct sql_tbl_scan *s = mem_alloc0(ctx, sizeof(*s));
    s->env = env;
    s->t = t;
    s->ix = ix;
    s->secondary = pos != 0;
    s->index_only = s->secondary && span != NULL && span->index_only;
    sbuf_init(&s->point_key);
    s->row_ctx = mem_ctx_new(ctx, "scan row");
    s->batch_ctx = mem_ctx_new(ctx, "scan batch");
    s->ids = mem_alloc(ctx, sizeof(*s->ids) * (size_t)(t->ncols + 1));
    s->types = mem_alloc(ctx, sizeof(*s->types) * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++) {
        s->ids[i] = t->cols[i].id;
        s->types[i] = t->cols[i].type;
    }
    mem_ctx_cleanup(ctx, scan_cleanup, s);
    *out = s;
    int mrc = sql_cat_missing(t, ctx, &s->missing, e);
    if (mrc != 0)
        return mrc;

    int neq = span ? span->neq : 0;
    if (neq < 0 || neq > ix->ncols)
        return err_set(e, ERR_INVAL, "scan: %d equality columns on a %d-column index", neq,
                       ix->ncols);
    for (int i = 0; i < neq; i++) {
        if (span->eq[i].null) {
            s->done = true; /* NULL = x never matches */
            return 0;
        }
    }
    /* Bound values of another type than their column: convert when
     * PostgreSQL would do so implicitly (int -> numeric, float4 -> float8),
     * so their key encodings compare with the column's. */
    if (span != NULL && (span->neq > 0 || span->lo != NULL || span->hi != NULL)) {
        struct sql_tbl_span *cs = mem_alloc(ctx, sizeof(*cs));
        *cs = *span;
        struct sql_value *ev = mem_alloc(ctx, sizeof(*ev) * (size_t)(neq + 2));
        for (int i = 0; i < neq; i++)
            ev[i] = span->eq[i];
        cs->eq = ev;
        int c = neq < ix->ncols ? neq : ix->ncols - 1;
        ev[neq] = span->lo ? *span->lo : sql_null(0);
        ev[neq + 1] = span->hi ? *span->hi : sql_null(0);
        cs->lo = span->lo ? &ev[neq] : NULL;
        cs->hi = span->hi ? &ev[neq + 1] : NULL;
        for (int i = 0; i < neq + 2; i++) {
            int col = i < neq ? i : c;
            if (ix->exprs[col] != NULL)
                continue; /* the planner gives values of the expression's type */
            uint32_t ct = t->cols[sql_cat_column_pos(t, ix->col_ids[col])].type;
            int rc = key_compatible(ctx, &ev[i], ct, &env->fmt, e);
            if (rc != 0)
                return rc;
        }
        span = cs;
    }
    struct sbuf p, lo, hi;
    sbuf_init(&p);
    sbuf_init(&lo);
    sbuf_init(&hi);
    sql__idx_prefix(&p, t, ix);
    s->prefix_len = p.len;
    int rc = 0;
    for (int i = 0; rc == 0 && i < neq; i++)
        rc = sql_key_put(&p, &span->eq[i], ix->desc[i], ix->nulls_first[i], e);
    bool bounded = span != NULL && neq < ix->ncols && (span->lo != NULL || span->hi != NULL);
    if (rc == 0 && span != NULL && neq == ix->ncols && (!s->secondary || ix->unique)) {
        (void)bounded;
        /* Full-key equality: a point lookup. */
        s->point = true;
        sbuf_append(&s->point_key, p.data, p.len);
        goto out;
    }
    if (rc != 0)
        goto out;
    sbuf_append(&lo, p.data, p.len);
    bool hi_open = !kv_key_prefix_end((const uint8_t *)p.data, p.len, &hi);
    if (bounded) {
        int c = neq;
        bool desc = ix->desc[c];
        /* SQL lower bound: key start for ASC, key end for DESC. */
        const struct sql_value *kstart = desc ? span->hi : span->lo;
        bool kstart_incl = desc ? span->hi_incl : span->lo_incl;
        const struct sql_value *kend = desc ? span->lo : span->hi;
        bool kend_incl = desc ? span->lo_incl : span->hi_incl;
        if ((kstart && kstart->null) || (kend && kend->null)) {
            s->done = true;
            goto out;
        }
        if (kstart != NULL) {
            sbuf_reset(&lo);
            sbuf_append(&lo, p.data, p.len);
            rc = put_bound(&lo, kstart, ix, c, !kstart_incl, e);
        } else if (ix->nulls_first[c]) {
            struct sql_value nv = sql_null(0);
            sbuf_reset(&lo);
            sbuf_append(&lo, p.data, p.len);
            rc = put_bound(&lo, &nv, ix, c, true, e);
        }
        if (rc == 0 && kend != NULL) {
            sbuf_reset(&hi);
            sbuf_append(&hi, p.data, p.len);
            rc = put_bound(&hi, kend, ix, c, kend_incl, e);
            hi_open = hi.len == 0;
        } else if (rc == 0 && !ix->nulls_first[c]) {
            struct sql_value nv = sql_null(0);
            sbuf_reset(&hi);
            sbuf_append(&hi, p.data, p.len);
            rc = put_bound(&hi, &nv, ix, c, false, e);
            hi_open = false;
        }
        if (rc == 0 && !hi_open && key_cmp(&lo, &hi) >= 0) {
            s->done = true; /* empty span */
            goto out;
        }
    }
    if (rc == 0) {
        struct kv_scan sc = {.start = lo.data,
                             .start_len = lo.len,
                             .end = hi_open ? NULL : hi.data,
                             .end_len = hi_open ? 0 : hi.len,
                             .reverse = span ? span->reverse : false};
        rc = kv_txn_scan(env->txn, &sc, &s->it, e);
    }
out:
    sbuf_free(&p);
    sbuf_free(&lo);
    sbuf_free(&hi);
    return rc;
}

void sql_tbl_scan_need(struct sql_tbl_scan *s, const bool *need)
{
    s->none = true;
    for (int i = 0; i < s->t->ncols; i++) {
        if (!need[i])
            s->types[i] = SQL_ROW_SKIP;
        else
            s->none = false;
    }
}

bool sql_tbl_scan_record(struct sql_tbl_scan *s, const void **v, size_t *vl)
{
    if (s->point || s->secondary || s->it == NULL || s->done)
        return false;
    *v = kv_iter_value(s->it, vl);
    return true;
}

static int decode_row(struct sql_tbl_scan *s, struct mem_ctx *ctx, const void *v, size_t vl,
                      struct sql_value *row, struct err *e)
{
    if (s->none) { /* count(*) and the like: the record's presence is the row */
        for (int i = 0; i < s->t->ncols; i++)
            row[i] = sql_null(SQL_ROW_SKIP);
        return 0;
    }
    return sql_row_decode_m(ctx, v, vl, s->ids, s->types, (size_t)s->t->ncols, s->missing, row, e);
}

/* The primary key bytes (pk suffix) of an index entry. */
static int entry_pk(struct sql_tbl_scan *s, const uint8_t *k, size_t kl, const uint8_t *v,
                    size_t vl, const uint8_t **pk, size_t *pklen, struct err *e)
{
    if (vl > 0) { /* unique form: the value is the pk */
        *pk = v;
        *pklen = vl;
        return 0;
    }
    size_t o = s->prefix_len;
    for (int j = 0; j < s->ix->ncols; j++) {
        size_t used;
        if (o >= kl || kv_key_skip(k + o, kl - o, &used, e) != 0)
            return err_set(e, ERR_CORRUPT, "index \"%s\": bad entry key", s->ix->name);
        o += used;
    }
    if (o >= kl)
        return err_set(e, ERR_CORRUPT, "index \"%s\": entry without a row key", s->ix->name);
    *pk = k + o;
    *pklen = kl - o;
    return 0;
}

/* Index-only: the row of the entry k (value v): key columns and primary
 * key columns decoded, every other column NULL. */
static int decode_entry(struct sql_tbl_scan *s, const uint8_t *k, size_t kl, const uint8_t *v,
                        size_t vl, struct sql_value *row, struct err *e)
{
    const struct sql_table_desc *t = s->t;
    for (int i = 0; i < t->ncols; i++)
        row[i] = sql_null(t->cols[i].type);
    for (int pass = 0; pass < 2; pass++) {
        const struct sql_idx_desc *ix = pass == 0 ? s->ix : &t->idx[0];
        const uint8_t *p = k + s->prefix_len;
        size_t n = kl >= s->prefix_len ? kl - s->prefix_len : 0;
        if (pass == 1) {
            int rc = entry_pk(s, k, kl, v, vl, &p, &n, e);
            if (rc != 0)
                return rc;
        }
        size_t o = 0;
        for (int j = 0; j < ix->ncols; j++) {
            int pos = ix->exprs[j] ? -1 : sql_cat_column_pos(t, ix->col_ids[j]);
            size_t used = 0;
            int rc = o >= n    ? err_set(e, ERR_CORRUPT, "index \"%s\": short entry", s->ix->name)
                     : pos < 0 ? kv_key_skip(p + o, n - o, &used, e)
                     : t->cols[pos].ctype != 0
                         ? sql__ctype_key_get(s->row_ctx, t->cols[pos].ctype, p + o, n - o,
                                              ix->desc[j], &row[pos], &used, e)
                         : sql_key_get(s->row_ctx, p + o, n - o, t->cols[pos].type, ix->desc[j],
                                       &row[pos], &used, e);
            if (rc != 0)
                return rc;
            o += used;
        }
    }
    return 0;
}

static void row_key_of(struct sql_tbl_scan *s, const uint8_t *pk, size_t pklen, struct sbuf *b)
{
    sbuf_reset(b);
    sql__idx_prefix(b, s->t, &s->t->idx[0]);
    sbuf_append(b, pk, pklen);
}

/* Fill the next batch of a secondary index scan. */
static int fill_batch(struct sql_tbl_scan *s, struct err *e)
{
    mem_ctx_reset(s->batch_ctx);
    s->keys = mem_alloc(s->batch_ctx, sizeof(*s->keys) * SCAN_BATCH);
    s->vals = mem_alloc(s->batch_ctx, sizeof(*s->vals) * SCAN_BATCH);
    s->nbatch = s->bpos = 0;
    struct sbuf b;
    sbuf_init(&b);
    int rc = 0;
    while (s->nbatch < SCAN_BATCH) {
        bool has;
        rc = kv_iter_next(s->it, &has, e);
        if (rc != 0)
            break;
        if (!has) {
            s->done = true;
            break;
        }
        size_t kl, vl;
        const uint8_t *k = kv_iter_key(s->it, &kl);
        const uint8_t *v = kv_iter_value(s->it, &vl);
        const uint8_t *pk = NULL;
        size_t pklen = 0;
        rc = entry_pk(s, k, kl, v, vl, &pk, &pklen, e);
        if (rc != 0)
            break;
        row_key_of(s, pk, pklen, &b);
        void *kc = mem_alloc(s->batch_ctx, b.len);
        memcpy(kc, b.data, b.len);
        s->keys[s->nbatch].key = kc;
        s->keys[s->nbatch].len = b.len;
        s->nbatch++;
    }
    sbuf_free(&b);
    if (rc == 0 && s->nbatch > 0)
        rc = kv_txn_batch_get(s->env->txn, s->keys, s->nbatch, s->batch_ctx, s->vals, e);
    return rc;
}

int sql_tbl_scan_next(struct sql_tbl_scan *s, struct sql_value *row, bool *has_row, struct err *e)
{
    *has_row = false;
    if (s->closed)
        return 0;
    mem_ctx_reset(s->row_ctx);
    if (s->point) {
        if (s->done)
            return 0;
        s->done = true;
        void *v = NULL;
        size_t vl = 0;
        bool found = false;
        int rc = kv_txn_get(s->env->txn, s->point_key.data, s->point_key.len, s->row_ctx, &v, &vl,
                            &found, e);
        if (rc != 0 || !found)
            return rc;
        if (s->index_only) {
            rc = decode_entry(s, (const uint8_t *)s->point_key.data, s->point_key.len, v, vl, row,
                              e);
            *has_row = rc == 0;
            return rc;
        }
        if (s->secondary) {
            struct sbuf b;
            sbuf_init(&b);
            row_key_of(s, v, vl, &b);
            rc = kv_txn_get(s->env->txn, b.data, b.len, s->row_ctx, &v, &vl, &found, e);
            sbuf_free(&b);
            if (rc != 0 || !found)
                return rc;
        }
        rc = decode_row(s, s->row_ctx, v, vl, row, e);
        *has_row = rc == 0;
        return rc;
    }
    if (s->it == NULL)
        return 0;
    if (!s->secondary || s->index_only) {
        if (s->done)
            return 0;
        bool has;
        int rc = kv_iter_next(s->it, &has, e);
        if (rc != 0)
            return rc;
        if (!has) {
            s->done = true;
            return 0;
        }
        size_t vl;
        const void *v = kv_iter_value(s->it, &vl);
        if (s->index_only) {
            size_t kl;
            const uint8_t *k = kv_iter_key(s->it, &kl);
            rc = decode_entry(s, k, kl, v, vl, row, e);
            *has_row = rc == 0;
            return rc;
        }
        rc = decode_row(s, s->row_ctx, v, vl, row, e);
        *has_row = rc == 0;
        return rc;
    }
    for (;;) {
        while (s->bpos < s->nbatch) {
            struct kv_value *kvv = &s->vals[s->bpos++];
            if (!kvv->found)
                continue; /* deleted by this transaction since the scan began */
            int rc = decode_row(s, s->row_ctx, kvv->val, kvv->len, row, e);
            *has_row = rc == 0;
            return rc;
        }
        if (s->done)
            return 0;
        int rc = fill_batch(s, e);
        if (rc != 0)
            return rc;
        if (s->nbatch == 0 && s->done)
            return 0;
    }
}
