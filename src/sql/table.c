/* table.c — rows and index entries in kv keys (layout in catalog.h):
 * insert, update, delete, lock, and index backfill for DDL.
 *
 * Uniqueness is checked with kv_txn_lock on the unique key rather than a
 * plain read: the lock is held until commit, so two transactions inserting
 * the same key serialize and the second sees the first's row (23505)
 * instead of overwriting it.
 */
#include "sql/acl.h"
#include "sql/catalog.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/env.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

void sql__idx_prefix(struct sbuf *b, const struct sql_table_desc *t, const struct sql_idx_desc *ix)
{
    kv_key_put_table_prefix(b, t->oid, ix->id);
}

/* Declare the span of key prefix lo (consumed) fresh in txn. */
static int fresh_span(struct kv_txn *txn, struct sbuf *lo, struct err *e)
{
    struct sbuf hi;
    sbuf_init(&hi);
    int rc = 0;
    if (kv_key_prefix_end((const uint8_t *)lo->data, lo->len, &hi))
        rc = kv_txn_fresh_span(txn, lo->data, lo->len, hi.data, hi.len, e);
    sbuf_free(&hi);
    sbuf_free(lo);
    return rc;
}

int sql__index_id_new(struct sql_env *env, struct sql_table_desc *t, uint32_t *id, struct err *e)
{
    uint32_t oid;
    int rc = sql__oid_alloc(env, &oid, e);
    if (rc != 0)
        return rc;
    if (oid < t->next_idx_id) { /* cannot happen: OIDs start above every local id */
        *id = t->next_idx_id++;
        return 0;
    }
    *id = oid;
    t->next_idx_id = oid + 1;
    struct sbuf lo;
    sbuf_init(&lo);
    kv_key_put_table_prefix(&lo, t->oid, oid);
    return fresh_span(env->txn, &lo, e);
}

int sql__table_fresh(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    struct sbuf lo;
    sbuf_init(&lo);
    kv_key_put_uvarint(&lo, t->oid, KV_KEY_ASC);
    return fresh_span(env->txn, &lo, e);
}

int sql__idx_values(struct sql_env *env, struct sbuf *b, const struct sql_table_desc *t,
                    const struct sql_idx_desc *ix, const struct sql_value *row, bool *has_null,
                    struct err *e)
{
    if (has_null)
        *has_null = false;
    for (int j = 0; j < ix->ncols; j++) {
        const struct sql_value *v;
        struct sql_value xv;
        if (ix->exprs[j] != NULL) {
            if (env == NULL)
                return sql__corrupt(e, "index", ix->oid, "expression in a primary key");
            int rc = sql__idx_expr_eval(env, t, ix, j, row, &xv, e);
            if (rc != 0)
                return rc;
            v = &xv;
        } else {
            int pos = sql_cat_column_pos(t, ix->col_ids[j]);
            if (pos < 0)
                return sql__corrupt(e, "index", ix->oid, "unknown column");
            v = &row[pos];
        }
        if (v->null && has_null)
            *has_null = true;
        int rc = sql_key_put(b, v, ix->desc[j], ix->nulls_first[j], e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The primary key of row: key = /<oid>/<pk id>/<pk values>; *suffix_off is
 * where the pk values start. */
static int row_key(const struct sql_table_desc *t, const struct sql_value *row, struct sbuf *key,
                   size_t *suffix_off, struct err *e)
{
    sbuf_reset(key);
    sql__idx_prefix(key, t, &t->idx[0]);
    *suffix_off = key->len;
    return sql__idx_values(NULL, key, t, &t->idx[0], row, NULL, e);
}

/* The entry of secondary index ix for a row whose pk suffix is pk[0..pklen);
 * an empty key when the row is outside a partial index's predicate. */
static int entry_key(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_idx_desc *ix, const struct sql_value *row, const char *pk,
                     size_t pklen, struct sbuf *key, bool *unique_form, struct err *e)
{
    bool has_null, match;
    sbuf_reset(key);
    *unique_form = false;
    if (ix->pred != NULL) {
        int rc = sql__idx_pred_match(env, t, ix, row, &match, e);
        if (rc != 0 || !match)
            return rc;
    }
    sql__idx_prefix(key, t, ix);
    int rc = sql__idx_values(env, key, t, ix, row, &has_null, e);
    if (rc != 0)
        return rc;
    *unique_form = ix->unique && !has_null;
    if (!*unique_form)
        sbuf_append(key, pk, pklen);
    return 0;
}

static void row_value(const struct sql_table_desc *t, const struct sql_value *row, struct sbuf *out)
{
    /* sql_row_encode_h skips the NULL columns itself */
    uint32_t ids_s[64];
    bool big = t->ncols > 64;
    uint32_t *ids = big ? xmalloc(sizeof(*ids) * (size_t)t->ncols) : ids_s;
    for (int i = 0; i < t->ncols; i++)
        ids[i] = t->cols[i].id;
    sbuf_reset(out);
    sql_row_encode_h(ids, row, (size_t)t->ncols, t->next_col_id, out);
    if (big)
        xfree(ids);
}

/* Decode a stored row into row[0..t->ncols). */
static int row_decode(const struct sql_table_desc *t, struct mem_ctx *ctx, const void *p,
                      size_t len, struct sql_value *row, struct err *e)
{
    uint32_t ids_s[32], types_s[32];
    uint32_t *ids = ids_s, *types = types_s;
    if (t->ncols > 32) {
        ids = mem_alloc(ctx, sizeof(*ids) * (size_t)t->ncols);
        types = mem_alloc(ctx, sizeof(*types) * (size_t)t->ncols);
    }
    bool has_missing = false;
    for (int i = 0; i < t->ncols; i++) {
        ids[i] = t->cols[i].id;
        types[i] = t->cols[i].type;
        has_missing |= t->cols[i].missing != NULL;
    }
    struct sql_value *missing = NULL;
    if (has_missing) {
        int rc = sql_cat_missing(t, ctx, &missing, e);
        if (rc != 0)
            return rc;
    }
    return sql_row_decode_m(ctx, p, len, ids, types, (size_t)t->ncols, missing, row, e);
}

int sql__key_desc_text(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, const struct sql_value *row, struct sbuf *out,
                       struct err *e)
{
    sbuf_putc(out, '(');
    for (int j = 0; j < ix->ncols; j++) {
        const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
        if (j > 0)
            sbuf_puts(out, ", ");
        sbuf_puts(out, ix->exprs[j] ? ix->exprs[j] : c ? c->name : "?");
    }
    sbuf_puts(out, ")=(");
    for (int j = 0; j < ix->ncols; j++) {
        int pos = sql_cat_column_pos(t, ix->col_ids[j]);
        const struct sql_value *v = pos >= 0 ? &row[pos] : NULL;
        struct sql_value xv;
        if (ix->exprs[j] != NULL) {
            int rc = sql__idx_expr_eval(env, t, ix, j, row, &xv, e);
            if (rc != 0)
                return rc;
            v = &xv;
        }
        if (j > 0)
            sbuf_puts(out, ", ");
        if (v == NULL || v->null) {
            sbuf_puts(out, "null");
        } else {
            int rc = sql_value_out(v, &env->fmt, out, e);
            if (rc != 0)
                return rc;
        }
    }
    sbuf_putc(out, ')');
    return 0;
}

static int dup_error(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_idx_desc *ix, const struct sql_value *row, struct err *e)
{
    struct sbuf d;
    sbuf_init(&d);
    struct err e2 = {0};
    if (sql__key_desc_text(env, t, ix, row, &d, &e2) != 0) {
        sbuf_reset(&d);
        sbuf_puts(&d, "(?)");
    }
    int attnums[64];
    int nk = ix->ncols < 64 ? ix->ncols : 64;
    for (int j = 0; j < nk; j++) { /* the key's columns; an expression: 0 */
        const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
        attnums[j] = ix->exprs[j] == NULL && c != NULL ? c->attnum : 0;
    }
    if (!sql__acl_key_visible(env, t, attnums, nk)) /* acl.h: no DETAIL */
        err_set_state(e, ERR_EXISTS, "23505",
                      "duplicate key value violates unique constraint \"%s\"\nSCHEMA NAME:  "
                      "%s\nTABLE NAME:  %s\nCONSTRAINT NAME:  %s",
                      ix->name, t->schema, t->name, ix->name);
    else
        err_set_state(e, ERR_EXISTS, "23505",
                      "duplicate key value violates unique constraint \"%s\"" SQL_NUM_DETAIL_SEP
                      "Key %s already exists.\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCONSTRAINT "
                      "NAME:  %s",
                      ix->name, d.data, t->schema, t->name, ix->name);
    sbuf_free(&d);
    return ERR_EXISTS;
}

static int not_null_check(struct sql_env *env, const struct sql_table_desc *t,
                          const struct sql_value *row, struct err *e)
{
    for (int i = 0; i < t->ncols; i++) {
        if (!t->cols[i].not_null || !row[i].null)
            continue;
        struct sbuf d;
        sbuf_init(&d);
        bool first = true;
        for (int j = 0; j < t->ncols; j++) {
            if (t->cols[j].hidden)
                continue;
            if (!first)
                sbuf_puts(&d, ", ");
            first = false;
            struct err e2 = {0};
            if (row[j].null || sql_value_out(&row[j], &env->fmt, &d, &e2) != 0)
                sbuf_puts(&d, row[j].null ? "null" : "?");
        }
        err_set_state(e, ERR_INVAL, "23502",
                      "null value in column \"%s\" of relation \"%s\" violates not-null "
                      "constraint%s\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCOLUMN NAME:  %s",
                      t->cols[i].name, t->name, sql__acl_failing_row(env, t, row, d.data),
                      t->schema, t->name, t->cols[i].name);
        sbuf_free(&d);
        return ERR_INVAL;
    }
    return 0;
}

/* Lock key and fail with 23505 when a row holds it. */
static int unique_check(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_idx_desc *ix, const struct sql_value *row,
                        const struct sbuf *key, struct err *e)
{
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = kv_txn_lock(env->txn, key->data, key->len, NULL, &val, &vlen, &found, e);
    xfree(val);
    if (rc != 0)
        return rc;
    return found ? dup_error(env, t, ix, row, e) : 0;
}

static bool hidden_pk(const struct sql_table_desc *t)
{
    if (t->nidx < 1 || t->idx[0].ncols != 1)
        return false;
    const struct sql_col_desc *c = sql_cat_column_by_id(t, t->idx[0].col_ids[0]);
    return c != NULL && c->hidden;
}

/* A thread's buffers for sql_tbl_insert, freed when the thread ends. */
struct ins_bufs {
    struct sbuf key, val, ekey;
    int depth;
};

static pthread_key_t ins_bufs_key;
static pthread_once_t ins_bufs_once = PTHREAD_ONCE_INIT;
static bool ins_bufs_ok;

static void ins_bufs_free(void *p)
{
    struct ins_bufs *b = p;
    sbuf_free(&b->key);
    sbuf_free(&b->val);
    sbuf_free(&b->ekey);
    xfree(b);
}

static void ins_bufs_init(void)
{
    ins_bufs_ok = pthread_key_create(&ins_bufs_key, ins_bufs_free) == 0;
}

/* NULL when no key could be made (then every insert uses its own). */
static struct ins_bufs *ins_bufs_get(void)
{
    pthread_once(&ins_bufs_once, ins_bufs_init);
    if (!ins_bufs_ok)
        return NULL;
    struct ins_bufs *b = pthread_getspecific(ins_bufs_key);
    if (b == NULL) {
        b = xcalloc(1, sizeof *b);
        if (pthread_setspecific(ins_bufs_key, b) != 0) {
            xfree(b);
            return NULL;
        }
    }
    return b;
}

int sql_tbl_insert(struct sql_env *env, const struct sql_table_desc *t, struct sql_value *row,
                   struct err *e)
{
    int rc = sql__check_writable_rel(env, t, "INSERT", e);
    if (rc != 0)
        return rc;
    if (t->kind != 'r' || t->nidx < 1)
        return err_set_state(e, ERR_INVAL, "42809", "cannot insert into \"%s\"", t->name);
    rc = sql__table_write_lock(env, t, e);
    if (rc != 0)
        return rc;
    bool hidden = hidden_pk(t);
    if (hidden) {
        int pos = sql_cat_column_pos(t, t->idx[0].col_ids[0]);
        if (row[pos].null) {
            int64_t id;
            rc = sql__rowid_alloc(env, &id, e);
            if (rc != 0)
                return rc;
            row[pos] = sql_int8(id);
        }
    }
    rc = not_null_check(env, t, row, e);
    if (rc != 0)
        return rc;
    /* the buffers of this thread's outermost insert are kept for the next
     * row (a COPY inserts millions); a nested one (an index expression
     * calling a function that inserts) gets its own */
    struct ins_bufs *tb = ins_bufs_get();
    bool tl = tb != NULL && tb->depth++ == 0;
    struct sbuf key = {0}, val = {0}, ekey = {0};
    if (tl) {
        key = tb->key;
        val = tb->val;
        ekey = tb->ekey;
        memset(&tb->key, 0, sizeof tb->key);
        memset(&tb->val, 0, sizeof tb->val);
        memset(&tb->ekey, 0, sizeof tb->ekey);
        sbuf_reset(&val);
        sbuf_reset(&ekey);
    }
    size_t off;
    rc = row_key(t, row, &key, &off, e);
    if (rc == 0 && !hidden)
        rc = unique_check(env, t, &t->idx[0], row, &key, e);
    for (int i = 1; rc == 0 && i < t->nidx; i++) {
        bool uf;
        rc = entry_key(env, t, &t->idx[i], row, key.data + off, key.len - off, &ekey, &uf, e);
        if (rc == 0 && uf)
            rc = unique_check(env, t, &t->idx[i], row, &ekey, e);
    }
    if (rc == 0) {
        row_value(t, row, &val);
        rc = kv_txn_put(env->txn, key.data, key.len, val.data, val.len, e);
    }
    for (int i = 1; rc == 0 && i < t->nidx; i++) {
        bool uf;
        rc = entry_key(env, t, &t->idx[i], row, key.data + off, key.len - off, &ekey, &uf, e);
        if (rc == 0 && ekey.len > 0)
            rc = kv_txn_put(env->txn, ekey.data, ekey.len, uf ? key.data + off : "",
                            uf ? key.len - off : 0, e);
    }
    if (tb != NULL)
        tb->depth--;
    if (tl && key.cap <= 4096 && val.cap <= 65536 && ekey.cap <= 4096) {
        tb->key = key;
        tb->val = val;
        tb->ekey = ekey;
    } else {
        sbuf_free(&key);
        sbuf_free(&val);
        sbuf_free(&ekey);
    }
    return rc;
}

int sql__tbl_put_row(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_value *row, struct err *e)
{
    struct sbuf key, val;
    sbuf_init(&key);
    sbuf_init(&val);
    size_t off;
    int rc = row_key(t, row, &key, &off, e);
    if (rc == 0) {
        row_value(t, row, &val);
        rc = kv_txn_put(env->txn, key.data, key.len, val.data, val.len, e);
    }
    sbuf_free(&key);
    sbuf_free(&val);
    return rc;
}

/* Whether ix's columns are "key" columns for row-lock strength (PostgreSQL's
 * INDEX_ATTR_BITMAP_KEY: unique indexes without expressions). */
static bool is_key_index(const struct sql_idx_desc *ix)
{
    if (!ix->unique)
        return false;
    for (int j = 0; j < ix->ncols; j++)
        if (ix->exprs[j] != NULL)
            return false;
    return true;
}

/* Lock row key key in mode (the value is not needed). */
static int lock_key_mode(struct sql_env *env, const struct sbuf *key, enum kv_lock_mode mode,
                         struct err *e)
{
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = kv_txn_lock_mode(env->txn, key->data, key->len, mode, NULL, &val, &vlen, &found, e);
    xfree(val);
    return rc;
}

int sql_tbl_update(struct sql_env *env, const struct sql_table_desc *t,
                   const struct sql_value *old_row, struct sql_value *new_row, struct err *e)
{
    int rc = sql__check_writable_rel(env, t, "UPDATE", e);
    if (rc == 0)
        rc = sql__table_write_lock(env, t, e);
    if (rc != 0)
        return rc;
    if (hidden_pk(t)) {
        /* The row id never changes; callers may leave it NULL. */
        int pos = sql_cat_column_pos(t, t->idx[0].col_ids[0]);
        new_row[pos] = old_row[pos];
    }
    rc = not_null_check(env, t, new_row, e);
    if (rc != 0)
        return rc;
    struct sbuf okey, nkey, val, oe, ne;
    sbuf_init(&okey);
    sbuf_init(&nkey);
    sbuf_init(&val);
    sbuf_init(&oe);
    sbuf_init(&ne);
    size_t ooff, noff;
    rc = row_key(t, old_row, &okey, &ooff, e);
    if (rc == 0)
        rc = row_key(t, new_row, &nkey, &noff, e);
    bool pk_changed =
        rc == 0 && (okey.len != nkey.len || memcmp(okey.data, nkey.data, okey.len) != 0);
    bool key_changed = false;
    if (rc == 0 && pk_changed)
        rc = unique_check(env, t, &t->idx[0], new_row, &nkey, e);
    /* Secondary entries: check every changed unique key first. */
    for (int i = 1; rc == 0 && i < t->nidx; i++) {
        bool ouf, nuf;
        rc =
            entry_key(env, t, &t->idx[i], old_row, okey.data + ooff, okey.len - ooff, &oe, &ouf, e);
        if (rc == 0)
            rc = entry_key(env, t, &t->idx[i], new_row, nkey.data + noff, nkey.len - noff, &ne,
                           &nuf, e);
        bool changed = rc == 0 && (oe.len != ne.len || memcmp(oe.data, ne.data, oe.len) != 0);
        if (changed && is_key_index(&t->idx[i]))
            key_changed = true;
        if (changed && nuf)
            rc = unique_check(env, t, &t->idx[i], new_row, &ne, e);
    }
    /* A key column changes (PostgreSQL's key_intact false): the row takes
     * FOR UPDATE strength, which conflicts with foreign-key checks' FOR KEY
     * SHARE; otherwise the put below takes FOR NO KEY UPDATE. */
    if (rc == 0 && key_changed && !pk_changed)
        rc = lock_key_mode(env, &okey, KV_LOCK_UPDATE, e);
    if (rc == 0) {
        row_value(t, new_row, &val);
        if (pk_changed)
            rc = kv_txn_delete(env->txn, okey.data, okey.len, e);
        if (rc == 0)
            rc = kv_txn_put(env->txn, nkey.data, nkey.len, val.data, val.len, e);
    }
    for (int i = 1; rc == 0 && i < t->nidx; i++) {
        bool ouf, nuf;
        rc =
            entry_key(env, t, &t->idx[i], old_row, okey.data + ooff, okey.len - ooff, &oe, &ouf, e);
        if (rc == 0)
            rc = entry_key(env, t, &t->idx[i], new_row, nkey.data + noff, nkey.len - noff, &ne,
                           &nuf, e);
        if (rc != 0)
            break;
        bool same_key = oe.len == ne.len && memcmp(oe.data, ne.data, oe.len) == 0;
        if (same_key && (!nuf || !pk_changed || ne.len == 0))
            continue; /* same key, same value (or outside a partial index) */
        if (!same_key && oe.len > 0)
            rc = kv_txn_delete(env->txn, oe.data, oe.len, e);
        if (rc == 0 && ne.len > 0)
            rc = kv_txn_put(env->txn, ne.data, ne.len, nuf ? nkey.data + noff : "",
                            nuf ? nkey.len - noff : 0, e);
    }
    sbuf_free(&okey);
    sbuf_free(&nkey);
    sbuf_free(&val);
    sbuf_free(&oe);
    sbuf_free(&ne);
    return rc;
}

int sql_tbl_delete(struct sql_env *env, const struct sql_table_desc *t,
                   const struct sql_value *old_row, struct err *e)
{
    int rc = sql__check_writable_rel(env, t, "DELETE", e);
    if (rc == 0)
        rc = sql__table_write_lock(env, t, e);
    if (rc != 0)
        return rc;
    struct sbuf key, ekey;
    sbuf_init(&key);
    sbuf_init(&ekey);
    size_t off;
    rc = row_key(t, old_row, &key, &off, e);
    if (rc == 0)
        rc = kv_txn_delete(env->txn, key.data, key.len, e);
    for (int i = 1; rc == 0 && i < t->nidx; i++) {
        bool uf;
        rc = entry_key(env, t, &t->idx[i], old_row, key.data + off, key.len - off, &ekey, &uf, e);
        if (rc == 0 && ekey.len > 0)
            rc = kv_txn_delete(env->txn, ekey.data, ekey.len, e);
    }
    sbuf_free(&key);
    sbuf_free(&ekey);
    return rc;
}

int sql_tbl_row_written_since(struct sql_env *env, const struct sql_table_desc *t,
                              const struct sql_value *row, uint64_t mark, bool *written,
                              struct err *e)
{
    *written = false;
    struct sbuf key;
    sbuf_init(&key);
    size_t off;
    int rc = row_key(t, row, &key, &off, e);
    if (rc == 0)
        *written = kv_txn_written_since(env->txn, key.data, key.len, mark);
    sbuf_free(&key);
    return rc;
}

static enum kv_lock_mode kv_mode(enum sql_lock_strength s)
{
    switch (s) {
    case SQL_LOCK_FOR_KEY_SHARE:
        return KV_LOCK_KEY_SHARE;
    case SQL_LOCK_FOR_SHARE:
        return KV_LOCK_SHARE;
    case SQL_LOCK_FOR_NO_KEY_UPDATE:
        return KV_LOCK_NO_KEY_UPDATE;
    case SQL_LOCK_FOR_UPDATE:
        break;
    }
    return KV_LOCK_UPDATE;
}

int sql_tbl_lock_row(struct sql_env *env, const struct sql_table_desc *t, struct sql_value *row,
                     struct mem_ctx *ctx, bool *found, struct err *e)
{
    return sql_tbl_lock_row_mode(env, t, row, SQL_LOCK_FOR_UPDATE, ctx, found, e);
}

int sql_tbl_lock_row_mode(struct sql_env *env, const struct sql_table_desc *t,
                          struct sql_value *row, enum sql_lock_strength strength,
                          struct mem_ctx *ctx, bool *found, struct err *e)
{
    *found = false;
    struct sbuf key;
    sbuf_init(&key);
    size_t off;
    int rc = row_key(t, row, &key, &off, e);
    void *val = NULL;
    size_t vlen = 0;
    if (rc == 0)
        rc = kv_txn_lock_mode(env->txn, key.data, key.len, kv_mode(strength), ctx, &val, &vlen,
                              found, e);
    sbuf_free(&key);
    if (rc == 0 && *found)
        rc = row_decode(t, ctx, val, vlen, row, e);
    return rc;
}

int sql_tbl_lock_unique(struct sql_env *env, const struct sql_table_desc *t, int idx_pos,
                        const struct sql_value *row, struct mem_ctx *ctx,
                        struct sql_value *existing, bool *found, struct err *e)
{
    return sql_tbl_lock_unique_mode(env, t, idx_pos, row, SQL_LOCK_FOR_UPDATE, ctx, existing, found,
                                    e);
}

int sql_tbl_lock_unique_mode(struct sql_env *env, const struct sql_table_desc *t, int idx_pos,
                             const struct sql_value *row, enum sql_lock_strength strength,
                             struct mem_ctx *ctx, struct sql_value *existing, bool *found,
                             struct err *e)
{
    *found = false;
    const struct sql_idx_desc *ix = &t->idx[idx_pos];
    struct sbuf key;
    sbuf_init(&key);
    bool has_null = false, match = true;
    sql__idx_prefix(&key, t, ix);
    int rc = sql__idx_pred_match(env, t, ix, row, &match, e);
    if (rc == 0 && !match) { /* outside a partial index: no conflict there */
        sbuf_free(&key);
        return 0;
    }
    rc = sql__idx_values(env, &key, t, ix, row, &has_null, e);
    void *val = NULL;
    size_t vlen = 0;
    /* a secondary entry keeps the exclusive lock (it serializes inserts of
     * the key); the row itself (the primary key) takes strength */
    if (rc == 0 && !has_null)
        rc = kv_txn_lock_mode(env->txn, key.data, key.len,
                              idx_pos == 0 ? kv_mode(strength) : KV_LOCK_UPDATE, ctx, &val, &vlen,
                              found, e);
    if (rc == 0 && *found && idx_pos != 0) {
        /* a unique secondary entry: its value is the row's primary key suffix */
        sbuf_reset(&key);
        sql__idx_prefix(&key, t, &t->idx[0]);
        sbuf_append(&key, val, vlen);
        rc = kv_txn_lock_mode(env->txn, key.data, key.len, kv_mode(strength), ctx, &val, &vlen,
                              found, e);
    }
    if (rc == 0 && *found)
        rc = row_decode(t, ctx, val, vlen, existing, e);
    sbuf_free(&key);
    return rc;
}

/* ---- backfill (CREATE INDEX, ADD PRIMARY KEY, ADD UNIQUE) ---- */

/* An open-addressing set of 64-bit key hashes (0 is "empty"). */
struct hset {
    uint64_t *v;
    size_t cap, n;
};

/* Insert h; true when it was already there. */
static bool hset_add(struct hset *s, uint64_t h)
{
    if (h == 0)
        h = 1;
    if (2 * (s->n + 1) > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *nv = xcalloc(nc, sizeof(*nv));
        for (size_t i = 0; i < s->cap; i++) {
            if (s->v[i] == 0)
                continue;
            size_t j = s->v[i] & (nc - 1);
            while (nv[j] != 0)
                j = (j + 1) & (nc - 1);
            nv[j] = s->v[i];
        }
        xfree(s->v);
        s->v = nv;
        s->cap = nc;
    }
    size_t j = h & (s->cap - 1);
    while (s->v[j] != 0) {
        if (s->v[j] == h)
            return true;
        j = (j + 1) & (s->cap - 1);
    }
    s->v[j] = h;
    s->n++;
    return false;
}

static int backfill_dup(struct sql_env *env, const struct sql_table_desc *t,
                        const struct sql_idx_desc *ix, const struct sql_value *row, struct err *e)
{
    struct sbuf d;
    sbuf_init(&d);
    struct err e2 = {0};
    if (sql__key_desc_text(env, t, ix, row, &d, &e2) != 0) {
        sbuf_reset(&d);
        sbuf_puts(&d, "(?)");
    }
    err_set_state(e, ERR_EXISTS, "23505",
                  "could not create unique index \"%s\"" SQL_NUM_DETAIL_SEP
                  "Key %s is duplicated." SQL_ERR_TABLE_CONSTRAINT,
                  ix->name, d.data, t->schema, t->name, ix->name);
    sbuf_free(&d);
    return ERR_EXISTS;
}

#define BACKFILL_BATCH 5000
/* An index backfill's batches write a fresh span (no locks, one record a
 * key) in kv bulk mode (only their keys are kept until the commit): bigger
 * ones mean fewer commits, each of which waits for every proposal in flight
 * (ADD PRIMARY KEY of 1M rows: 3.9 s with 40000-row batches, 3.0 s). */
#define BACKFILL_FRESH_BATCH 250000

/* Write a garbage record for (table, idx) in a committed transaction of its
 * own, then delete it in env->txn: if the DDL commits the record is gone
 * (the data is in use), if it rolls back the record stays and VACUUM
 * deletes the orphan entries. */
static int backfill_guard(struct sql_env *env, uint32_t table, uint32_t idx, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_garbage(&k, table, idx);
    sbuf_putc(&v, SQL_CAT_FORMAT);
    sql__put_crc(&v);
    struct kv_txn *g;
    int rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, false, &g, e);
    if (rc == 0) {
        rc = kv_txn_put(g, k.data, k.len, v.data, v.len, e);
        if (rc == 0)
            rc = kv_txn_commit(g, e);
        else
            kv_txn_rollback(g);
    }
    if (rc == 0)
        rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

/* kv's key order: bytewise, a prefix first. */
static int key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c != 0 ? c : al < bl ? -1 : al > bl;
}

/* Put the hash of every key already in the new index's span (as b sees
 * it) into set: the backfill's keys stopped arriving in ascending order. */
static int backfill_fill_set(struct kv_txn *b, uint32_t table, uint32_t idx, struct hset *set,
                             struct err *e)
{
    struct sbuf lo, hi;
    sbuf_init(&lo);
    sbuf_init(&hi);
    kv_key_put_table_prefix(&lo, table, idx);
    kv_key_prefix_end((const uint8_t *)lo.data, lo.len, &hi);
    struct kv_scan sc = {.start = lo.data, .start_len = lo.len, .end = hi.data, .end_len = hi.len};
    struct kv_iter *it = NULL;
    int rc = kv_txn_scan(b, &sc, &it, e);
    while (rc == 0) {
        bool has;
        rc = kv_iter_next(it, &has, e);
        if (rc != 0 || !has)
            break;
        size_t kl;
        const void *k = kv_iter_key(it, &kl);
        (void)hset_add(set, hash_bytes(k, kl, 0x5f3759df));
    }
    kv_iter_free(it);
    sbuf_free(&lo);
    sbuf_free(&hi);
    return rc;
}

/* Backfill: rows are read through env->txn (so they include its own
 * writes); the entries go to the fresh index id in batches of
 * BACKFILL_FRESH_BATCH, each committed by a short transaction of its own. No
 * reader looks at that id before the descriptor naming it commits, so the
 * batches are invisible until then; and the DDL transaction stays small
 * (no million buffered writes and locks to resolve after its commit). */
static struct sql__sess *fresh_state(struct sql_env *env)
{
    struct sql__sess *s = sql__sess(env);
    uint64_t ts = kv_txn_start_ts(env->txn);
    if (s->fresh_ctx != env->stmt_ctx || s->fresh_ts != ts) {
        s->fresh_ctx = env->stmt_ctx;
        s->fresh_ts = ts;
        s->nfresh = 0;
    }
    return s;
}

bool sql__fresh_primary(struct sql_env *env, const struct sql_table_desc *t)
{
    struct sql__sess *s = fresh_state(env);
    for (int i = 0; i < s->nfresh; i++)
        if (s->fresh[i].table == t->oid && s->fresh[i].idx == t->idx[0].id)
            return true;
    /* Lost track (more than 16 in one statement): be safe. */
    return s->nfresh == (int)(sizeof(s->fresh) / sizeof(s->fresh[0]));
}

static void fresh_add(struct sql_env *env, uint32_t table, uint32_t idx)
{
    struct sql__sess *s = fresh_state(env);
    if (s->nfresh < (int)(sizeof(s->fresh) / sizeof(s->fresh[0]))) {
        s->fresh[s->nfresh].table = table;
        s->fresh[s->nfresh].idx = idx;
        s->nfresh++;
    }
}

int sql__batch_put(struct sql__batch *bt, const void *k, size_t kl, const void *v, size_t vl,
                   struct err *e)
{
    int rc = 0;
    if (bt->b == NULL && (rc = kv_txn_begin(bt->kv, KV_ISO_READ_COMMITTED, false, &bt->b, e)) != 0)
        return rc;
    rc = kv_txn_put(bt->b, k, kl, v, vl, e);
    if (rc == 0 && ++bt->n >= BACKFILL_BATCH) {
        rc = kv_txn_commit(bt->b, e);
        bt->b = NULL;
        bt->n = 0;
    }
    return rc;
}

int sql__batch_end(struct sql__batch *bt, int rc, struct err *e)
{
    if (bt->b != NULL) {
        if (rc == 0)
            rc = kv_txn_commit(bt->b, e);
        else
            kv_txn_rollback(bt->b);
        bt->b = NULL;
        bt->n = 0;
    }
    return rc;
}

int sql__tbl_put_row_batch(struct sql__batch *bt, const struct sql_table_desc *t,
                           const struct sql_value *row, struct err *e)
{
    struct sbuf key, val;
    sbuf_init(&key);
    sbuf_init(&val);
    size_t off;
    int rc = row_key(t, row, &key, &off, e);
    if (rc == 0) {
        row_value(t, row, &val);
        rc = sql__batch_put(bt, key.data, key.len, val.data, val.len, e);
    }
    sbuf_free(&key);
    sbuf_free(&val);
    return rc;
}

/* A transaction for one backfill batch. The index id is new
 * (sql__index_id_new): its span is fresh in the batch too, so the entries
 * are written once each, without locks. */
static int backfill_batch(struct sql_env *env, const struct sql_table_desc *t,
                          const struct sql_idx_desc *ix, struct kv_txn **b, struct err *e)
{
    int rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, false, b, e);
    if (rc != 0)
        return rc;
    struct sbuf lo;
    sbuf_init(&lo);
    kv_key_put_table_prefix(&lo, t->oid, ix->id);
    rc = fresh_span(*b, &lo, e);
    if (rc != 0) {
        kv_txn_rollback(*b);
        *b = NULL;
    } else {
        kv_txn_set_bulk(*b, true); /* entries bypass the buffer (kv invariant 15) */
    }
    return rc;
}

int sql__idx_backfill(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_idx_desc *ix, bool as_primary, struct err *e)
{
    /* Batches only under READ COMMITTED, where the statements after this
     * one read at a newer timestamp and so see them; a REPEATABLE READ
     * snapshot would not: write through env->txn there. */
    bool batched = kv_txn_isolation(env->txn) == KV_ISO_READ_COMMITTED;
    bool fresh_read = sql__fresh_primary(env, t);
    int rc = sql__table_ddl_lock(env, t, e);
    if (rc == 0 && batched)
        rc = backfill_guard(env, t->oid, ix->id, e);
    if (rc != 0)
        return rc;
    struct sql_env renv = *env;
    if (fresh_read) {
        rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &renv.txn, e);
        if (rc != 0)
            return rc;
    }
    struct mem_ctx *rctx = mem_ctx_new(env->stmt_ctx, "backfill row");
    struct sql_tbl_scan *s = NULL;
    struct sql_value *row = mem_alloc(env->stmt_ctx, sizeof(*row) * (size_t)(t->ncols + 1));
    struct sbuf key, pk, val, maxk;
    sbuf_init(&key);
    sbuf_init(&pk);
    sbuf_init(&val);
    sbuf_init(&maxk);
    /* Unique keys are checked with a set of key hashes, but only once they
     * stop ascending: while every key is bigger than all before it (a
     * table loaded in key order, as pgbench's) none can be a duplicate. */
    struct hset set = {0};
    bool ascending = true, have_max = false;
    struct kv_txn *b = NULL;
    size_t inbatch = 0;
    /* When the new index becomes the primary one, entries are rows. */
    struct sql_table_desc nt = *t;
    struct sql_idx_desc nidx0;
    if (as_primary) {
        nidx0 = *ix;
        nt.idx = &nidx0;
        nt.nidx = 1;
    }
    rc = sql_tbl_scan_open(&renv, t, NULL, env->stmt_ctx, &s, e);
    /* A new primary key moves the stored records as they are (same
     * columns, so the same record): only its columns are decoded. */
    bool raw = false;
    if (rc == 0 && as_primary && ix->pred == NULL) {
        bool *need = mem_alloc0(env->stmt_ctx, sizeof(bool) * (size_t)(t->ncols + 1));
        raw = true;
        for (int j = 0; j < ix->ncols; j++) {
            int pos = sql_cat_column_pos(t, ix->col_ids[j]);
            if (ix->exprs[j] != NULL || pos < 0)
                raw = false;
            else
                need[pos] = true;
        }
        if (raw)
            sql_tbl_scan_need(s, need);
    }
    uint64_t nrows = 0;
    while (rc == 0) {
        bool has;
        mem_ctx_reset(rctx);
        rc = sql_tbl_scan_next(s, row, &has, e);
        if (rc != 0 || !has)
            break;
        if ((++nrows & 1023) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        size_t off = 0;
        if (!as_primary && (rc = row_key(t, row, &pk, &off, e)) != 0)
            break;
        bool uf = false;
        if (as_primary) {
            for (int j = 0; j < ix->ncols; j++) {
                int pos = sql_cat_column_pos(t, ix->col_ids[j]);
                if (row[pos].null) {
                    rc = err_set_state(e, ERR_INVAL, "23502",
                                       "column \"%s\" of relation \"%s\" contains null "
                                       "values" SQL_ERR_TABLE_COLUMN,
                                       t->cols[pos].name, t->name, t->schema, t->name,
                                       t->cols[pos].name);
                    break;
                }
            }
            if (rc != 0)
                break;
            size_t noff;
            rc = row_key(&nt, row, &key, &noff, e);
            uf = true;
        } else {
            rc = entry_key(env, t, ix, row, pk.data + off, pk.len - off, &key, &uf, e);
            if (rc == 0 && key.len == 0)
                continue; /* outside the predicate of a partial index */
        }
        if (rc != 0)
            break;
        if (!batched)
            b = env->txn;
        else if (b == NULL && (rc = backfill_batch(env, t, ix, &b, e)) != 0)
            break;
        bool check = uf;
        if (check && ascending) {
            int c = have_max ? key_cmp(key.data, key.len, maxk.data, maxk.len) : 1;
            if (c > 0) {
                sbuf_reset(&maxk);
                sbuf_append(&maxk, key.data, key.len);
                have_max = true;
                check = false; /* a new maximum: no duplicate possible */
            } else {
                ascending = false;
                rc = backfill_fill_set(b, t->oid, ix->id, &set, e);
                if (rc != 0)
                    break;
            }
        }
        if (check && hset_add(&set, hash_bytes(key.data, key.len, 0x5f3759df))) {
            /* A hash hit: the index id is fresh, so only this backfill can
             * have written the key (in an earlier, committed batch or in
             * this one, both of which b sees). */
            void *v = NULL;
            size_t vl = 0;
            bool found = false;
            rc = kv_txn_get(b, key.data, key.len, rctx, &v, &vl, &found, e);
            if (rc == 0 && found)
                rc = backfill_dup(env, t, ix, row, e);
            if (rc != 0)
                break;
        }
        const void *rec;
        size_t recl;
        if (as_primary && raw) {
            if (!sql_tbl_scan_record(s, &rec, &recl)) {
                rc = err_set(e, ERR_INTERNAL, "backfill of \"%s\": no stored record", ix->name);
                break;
            }
            rc = kv_txn_put(b, key.data, key.len, rec, recl, e);
        } else if (as_primary) {
            row_value(t, row, &val);
            rc = kv_txn_put(b, key.data, key.len, val.data, val.len, e);
        } else {
            rc =
                kv_txn_put(b, key.data, key.len, uf ? pk.data + off : "", uf ? pk.len - off : 0, e);
        }
        if (rc == 0 && batched && ++inbatch >= BACKFILL_FRESH_BATCH) {
            rc = kv_txn_commit(b, e);
            b = NULL;
            inbatch = 0;
        }
    }
    if (batched && b != NULL) {
        if (rc == 0)
            rc = kv_txn_commit(b, e);
        else
            kv_txn_rollback(b);
    }
    if (rc == 0 && batched)
        fresh_add(env, t->oid, ix->id);
    sql_tbl_scan_close(s);
    if (fresh_read)
        kv_txn_rollback(renv.txn);
    xfree(set.v);
    sbuf_free(&key);
    sbuf_free(&pk);
    sbuf_free(&val);
    sbuf_free(&maxk);
    mem_ctx_free(rctx);
    return rc;
}

/* ---- clearing and garbage spans ---- */

/* Delete up to limit keys (0: all) of /<table>/<idx>/..., starting after
 * *resume when it is not empty; *resume is set to the last key deleted, so
 * the next batch starts there instead of stepping over the tombstones this
 * one left (which would make a big span quadratic). */
static int delete_span(struct kv_txn *txn, uint32_t table, uint32_t idx, size_t limit,
                       struct sbuf *resume, size_t *deleted, struct err *e)
{
    struct sbuf start, end;
    sbuf_init(&start);
    sbuf_init(&end);
    kv_key_put_table_prefix(&start, table, idx);
    kv_key_prefix_end((const uint8_t *)start.data, start.len, &end);
    if (resume != NULL && resume->len > 0) {
        sbuf_reset(&start);
        sbuf_append(&start, resume->data, resume->len);
        sbuf_putc(&start, 0); /* the smallest key after it */
    }
    struct kv_scan sc = {.start = start.data,
                         .start_len = start.len,
                         .end = end.data,
                         .end_len = end.len,
                         .limit = limit};
    struct kv_iter *it = NULL;
    *deleted = 0;
    int rc = kv_txn_scan(txn, &sc, &it, e);
    while (rc == 0) {
        bool has;
        rc = kv_iter_next(it, &has, e);
        if (rc != 0 || !has)
            break;
        size_t kl;
        const void *k = kv_iter_key(it, &kl);
        rc = kv_txn_delete(txn, k, kl, e);
        (*deleted)++;
        if (rc == 0 && resume != NULL) {
            sbuf_reset(resume);
            sbuf_append(resume, k, kl);
        }
        if (limit != 0 && *deleted >= limit)
            break;
    }
    kv_iter_free(it);
    sbuf_free(&start);
    sbuf_free(&end);
    return rc;
}

int sql_tbl_clear(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    int rc = sql__check_writable(env, "TRUNCATE TABLE", e);
    for (int i = 0; rc == 0 && i < t->nidx; i++) {
        size_t n;
        rc = delete_span(env->txn, t->oid, t->idx[i].id, 0, NULL, &n, e);
    }
    return rc;
}

int sql__garbage_add(struct sql_env *env, uint32_t table, uint32_t idx, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_garbage(&k, table, idx);
    sbuf_putc(&v, SQL_CAT_FORMAT);
    sql__put_crc(&v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

#define GC_BATCH 5000

/* Clear one garbage span at once (kv_clear_span) when nobody can read it
 * any more: seen_ts is when it was seen to be garbage. */
static int clear_span(struct kv *kv, const struct kv_txn *self, uint32_t table, uint32_t idx,
                      uint64_t seen_ts, bool *cleared, struct err *e)
{
    struct sbuf start, end;
    sbuf_init(&start);
    sbuf_init(&end);
    kv_key_put_table_prefix(&start, table, idx);
    kv_key_prefix_end((const uint8_t *)start.data, start.len, &end);
    int rc = kv_clear_span(kv, self, start.data, start.len, end.data, end.len, seen_ts, cleared, e);
    sbuf_free(&start);
    sbuf_free(&end);
    return rc;
}

int sql__gc_spans(struct kv *kv, const struct kv_txn *self, uint64_t *spans, uint64_t *keys,
                  struct err *e)
{
    *spans = *keys = 0;
    for (;;) {
        /* Take the first garbage record. */
        struct kv_txn *t;
        int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, true, &t, e);
        if (rc != 0)
            return rc;
        uint8_t start[2] = {0x01, SQL_KEY_GARBAGE}, end[2] = {0x01, SQL_KEY_GARBAGE + 1};
        struct kv_scan sc = {.start = start, .start_len = 2, .end = end, .end_len = 2, .limit = 1};
        struct kv_iter *it;
        bool has = false;
        uint8_t gkey[10];
        rc = kv_txn_scan(t, &sc, &it, e);
        if (rc == 0) {
            rc = kv_iter_next(it, &has, e);
            if (rc == 0 && has) {
                size_t kl;
                const uint8_t *k = kv_iter_key(it, &kl);
                if (kl != sizeof(gkey))
                    rc = err_set(e, ERR_CORRUPT, "catalog: bad garbage span key");
                else
                    memcpy(gkey, k, kl);
            }
            kv_iter_free(it);
        }
        uint64_t seen_ts = kv_txn_read_ts(t); /* the record committed at or before */
        kv_txn_rollback(t);
        if (rc != 0 || !has)
            return rc;
        uint32_t table = sql__get32(gkey + 2), idx = sql__get32(gkey + 6);
        /* Delete its keys in batches, each in its own transaction. */
        struct sbuf resume;
        sbuf_init(&resume);
        for (;;) {
            rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, false, &t, e);
            if (rc != 0)
                break;
            /* A DDL transaction still using the span (backfill_guard)
             * holds this record's lock: wait for it, then skip the span if
             * that transaction committed (the record is gone). */
            void *gv = NULL;
            size_t gl = 0;
            bool still = false;
            rc = kv_txn_lock(t, gkey, sizeof(gkey), NULL, &gv, &gl, &still, e);
            xfree(gv);
            if (rc == 0 && !still) {
                kv_txn_rollback(t);
                break;
            }
            /* Nobody left who could read it: remove it at once. Else
             * (a transaction older than the drop still runs) one MVCC
             * delete per key, which any snapshot allows. */
            bool cleared = false;
            if (rc == 0 && resume.len == 0)
                rc = clear_span(kv, self, table, idx, seen_ts, &cleared, e);
            size_t n = 0;
            if (rc == 0 && !cleared)
                rc = delete_span(t, table, idx, GC_BATCH, &resume, &n, e);
            if (rc == 0 && n < GC_BATCH)
                rc = kv_txn_delete(t, gkey, sizeof(gkey), e);
            if (rc != 0) {
                kv_txn_rollback(t);
                break;
            }
            rc = kv_txn_commit(t, e);
            if (rc != 0)
                break;
            *keys += n;
            if (n < GC_BATCH) {
                (*spans)++;
                break;
            }
        }
        sbuf_free(&resume);
        if (rc != 0)
            return rc;
    }
}

int sql_catalog_gc(struct kv *kv, uint64_t *spans, uint64_t *keys, struct err *e)
{
    return sql__gc_spans(kv, NULL, spans, keys, e);
}
