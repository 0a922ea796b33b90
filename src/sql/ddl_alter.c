/* ddl_alter.c — ALTER TABLE: ADD/DROP COLUMN, ADD/DROP CONSTRAINT (PRIMARY
 * KEY, UNIQUE, CHECK), ALTER COLUMN SET/DROP DEFAULT, SET/DROP NOT NULL,
 * TYPE (changes that rewrite the rows: ddl_alter_type.c).
 *
 * Commands run in order on a working copy of the descriptor, which is
 * stored once at the end. Data work happens in env->txn:
 *  - ADD COLUMN with a DEFAULT without volatile functions records the value
 *    as the column's missing value, which older rows read (PostgreSQL's
 *    fast default, catalog.h); a volatile DEFAULT (or identity/serial)
 *    rewrites every row with the value (evaluated per row, so volatile
 *    defaults differ per row as in PostgreSQL);
 *  - ADD PRIMARY KEY writes every row under a fresh primary index id,
 *    checking NOT NULL and uniqueness (a 64-bit hash set of the new keys,
 *    confirmed by a read on a hit), then rebuilds the secondary indexes
 *    (their entries name the primary key); the old spans become garbage
 *    for VACUUM. Memory: 8-16 bytes per row for the hash set, plus what kv
 *    buffers for the transaction's writes.
 */
#include "sql/catalog.h"
#include "sql/ctype.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/acl.h"
#include "sql/ddl_int.h"
#include "sql/trigger.h"
#include "sql/rowtype.h"
#include "sql/enum.h"
#include "sql/domain.h"
#include "sql/env.h"
#include "sql/vtab.h"
#include "sql/fk.h"

#include <stdio.h>
#include <string.h>

/* Visit every row of t: fn(arg, row) with row in a per-row context. */
typedef int (*row_fn)(struct sql_env *env, void *arg, struct sql_value *row, struct mem_ctx *rctx,
                      struct err *e);

static int for_each_row(struct sql_env *env, const struct sql_table_desc *t, row_fn fn, void *arg,
                        uint64_t *count, struct err *e)
{
    struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "alter scan");
    struct mem_ctx *rctx = mem_ctx_new(ctx, "alter row");
    struct sql_tbl_scan *s = NULL;
    struct sql_value *row = mem_alloc(ctx, sizeof(*row) * (size_t)(t->ncols + 2));
    uint64_t n = 0;
    /* A primary index rewritten by this statement's backfill batches is
     * read through a new transaction (catalog_int.h). */
    struct sql_env renv = *env;
    bool fresh = sql__fresh_primary(env, t);
    int rc = sql__table_ddl_lock(env, t, e);
    if (rc == 0 && fresh)
        rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &renv.txn, e);
    if (rc == 0)
        rc = sql_tbl_scan_open(&renv, t, NULL, ctx, &s, e);
    while (rc == 0) {
        bool has;
        mem_ctx_reset(rctx);
        rc = sql_tbl_scan_next(s, row, &has, e);
        if (rc != 0 || !has)
            break;
        if ((++n & 1023) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
            break;
        if (fn != NULL)
            rc = fn(env, arg, row, rctx, e);
    }
    sql_tbl_scan_close(s);
    if (fresh)
        kv_txn_rollback(renv.txn);
    mem_ctx_free(ctx);
    if (count)
        *count = n;
    return rc;
}

/* ---- ADD COLUMN ---- */

struct fill_arg {
    const struct sql_table_desc *old, *t;
    int pos; /* new column position in t */
    struct sql_rowexpr *x;
    uint32_t seq; /* identity sequence, else 0 */
    struct sql_value *nrow;
    struct sql__batch *bt; /* the primary index is fresh: write in batches */
};

static int fill_row(struct sql_env *env, void *arg, struct sql_value *row, struct mem_ctx *rctx,
                    struct err *e)
{
    struct fill_arg *a = arg;
    /* Old row -> new layout (the new column is appended before any hidden
     * row id column; map by column id). */
    for (int i = 0; i < a->t->ncols; i++) {
        int op = sql_cat_column_pos(a->old, a->t->cols[i].id);
        a->nrow[i] = op >= 0 ? row[op] : sql_null(a->t->cols[i].type);
    }
    struct sql_value v;
    int rc = 0;
    if (a->seq != 0) {
        int64_t n;
        rc = sql_seq_nextval(env, a->seq, &n, e);
        if (rc == 0)
            rc = sql_value_cast(rctx, &(struct sql_value){.type = SQL_T_INT8, .u.i = n},
                                a->t->cols[a->pos].type, -1, false, &env->fmt, &v, e);
    } else {
        rc = sql_rowexpr_eval(env, a->x, a->nrow, rctx, &v, e);
    }
    if (rc != 0)
        return rc;
    a->nrow[a->pos] = v;
    if (v.null && a->t->cols[a->pos].not_null)
        return err_set_state(
            e, ERR_INVAL, "23502",
            "column \"%s\" of relation \"%s\" contains null values" SQL_ERR_TABLE_COLUMN,
            a->t->cols[a->pos].name, a->t->name, a->t->schema, a->t->name, a->t->cols[a->pos].name);
    if (a->bt != NULL)
        return sql__tbl_put_row_batch(a->bt, a->t, a->nrow, e);
    return sql__tbl_put_row(env, a->t, a->nrow, e);
}

/* ADD COLUMN with a default without volatile functions (PostgreSQL's fast
 * default): the value, evaluated once, becomes the column's missing value
 * (catalog.h), which rows written before the column read; no row is
 * rewritten. A NULL default needs nothing, unless NOT NULL meets a row. */
static int fast_default(struct sql_env *env, const struct sql_table_desc *old,
                        struct sql_table_desc *nt, int pos, struct sql_rowexpr *x, struct err *e)
{
    struct sql_col_desc *c = &nt->cols[pos];
    struct sql_value *nrow = mem_alloc(env->stmt_ctx, sizeof(*nrow) * (size_t)(nt->ncols + 1));
    for (int i = 0; i < nt->ncols; i++)
        nrow[i] = sql_null(nt->cols[i].type);
    struct sql_value v;
    int rc = sql_rowexpr_eval(env, x, nrow, env->stmt_ctx, &v, e);
    if (rc != 0)
        return rc;
    if (v.null) {
        uint64_t n = 0;
        if (c->not_null && (rc = for_each_row(env, old, NULL, NULL, &n, e)) == 0 && n > 0)
            rc = err_set_state(
                e, ERR_INVAL, "23502",
                "column \"%s\" of relation \"%s\" contains null values" SQL_ERR_TABLE_COLUMN,
                c->name, nt->name, nt->schema, nt->name, c->name);
        return rc;
    }
    static const uint32_t one = 1;
    struct sbuf b;
    sbuf_init(&b);
    sql_row_encode(&one, &v, 1, &b);
    c->missing = mem_alloc(env->stmt_ctx, b.len);
    memcpy(c->missing, b.data, b.len);
    c->missing_len = (uint32_t)b.len;
    sbuf_free(&b);
    return 0;
}

static int add_index_for(struct sql_env *env, struct sql_table_desc *t,
                         const struct sql_constraint *k, const char *col, bool primary,
                         struct err *e);
static int add_check_validated(struct sql_env *env, struct sql_table_desc *t,
                               const struct sql_constraint *k, struct err *e);

static int add_column(struct sql_env *env, struct sql_table_desc **tp,
                      const struct sql_alter_cmd *cmd, struct err *e)
{
    struct sql_table_desc *t = *tp;
    const struct sql_column_def *cd = cmd->column;
    if (sql_cat_column(t, cd->name) != NULL) {
        if (cmd->if_exists)
            return sql__ddl_notice(env, "42701",
                                   "column \"%s\" of relation \"%s\" already exists, skipping",
                                   cd->name, t->name);
        return err_set_state(e, ERR_EXISTS, "42701",
                             "column \"%s\" of relation \"%s\" already exists", cd->name, t->name);
    }
    if (t->kind == 'r') {
        int krc = sql__ctype_key_alter_check(env, t->oid, t->name, e); /* ctype_key.c */
        if (krc != 0)
            return krc;
    }
    int visible = 0;
    for (int i = 0; i < t->ncols; i++)
        visible += !t->cols[i].hidden;
    if (visible >= SQL_MAX_TABLE_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most %d columns",
                             SQL_MAX_TABLE_COLS);
    const struct sql_table_desc *old = sql__desc_copy(env->stmt_ctx, t);
    struct sql_table_desc *nt = sql__desc_copy(env->stmt_ctx, t);
    struct sql__col_constraints cs;
    struct sql__pending pend = {0};
    for (int i = 0; i < cd->constraints.n; i++) {
        const struct sql_constraint *k = cd->constraints.items[i];
        if (k->kind == SQL_CONSTR_DEFAULT && k->expr != NULL &&
            sql__default_colref_check(k->expr, false, e) != 0)
            return -1;
    }
    int rc = sql__add_column(env, nt, cd, &pend, &cs, e);
    if (rc != 0)
        return rc;
    int pos = nt->ncols - 1;
    struct sql_col_desc *c = &nt->cols[pos];
    if (c->default_sql != NULL || c->identity != 0 || c->domain != 0 || c->ctype != 0) {
        bool rewrite = c->default_sql != NULL || c->identity != 0;
        if ((rc = sql__rowtype_alter_check(env, t, rewrite, e)) != 0) /* rowtype.h */
            return rc;
    }
    if (c->generated) {
        const struct sql_expr *gx = NULL;
        for (int j = 0; j < cd->constraints.n; j++) {
            const struct sql_constraint *k = cd->constraints.items[j];
            if (k->kind == SQL_CONSTR_GENERATED)
                gx = k->expr;
        }
        if ((rc = sql__gen_validate(env, nt, pos, gx, e)) != 0) {
            if (strcmp(err_sqlstate(e), "42P17") == 0) /* PostgreSQL: no position here */
                sql__ddl_errpos(-1);
            return rc;
        }
    }
    if (c->domain != 0) { /* existing rows would need the domain's default and checks */
        uint64_t nrows = 0;
        rc = for_each_row(env, old, NULL, NULL, &nrows, e);
        if (rc == 0 && nrows > 0)
            rc = sql__ddl_unsupported(e, "ADD COLUMN of a domain type to a table with rows");
        if (rc != 0)
            return rc;
    }
    struct sql__batch bt = {.kv = env->kv};
    bool fresh = sql__fresh_primary(env, old);
    if (c->default_sql != NULL) {
        struct sql_rowexpr *x;
        rc = sql__ddl_compile(env, nt, c->default_sql, c->type, c->typmod, env->stmt_ctx, &x, e);
        if (rc != 0) {
            const struct sql_expr *dx = NULL;
            for (int j = 0; j < cd->constraints.n; j++) {
                const struct sql_constraint *k = cd->constraints.items[j];
                if (k->kind == SQL_CONSTR_DEFAULT)
                    dx = k->expr;
            }
            sql__ddl_expr_errpos(nt, dx, true, e);
            return rc;
        }
        if (!c->generated && c->domain == 0 && c->ctype == 0 && sql_rowexpr_stable(x)) {
            rc = fast_default(env, old, nt, pos, x, e);
        } else {
            struct fill_arg a = {.old = old, .t = nt, .pos = pos, .x = x, .bt = fresh ? &bt : NULL};
            a.nrow = mem_alloc(env->stmt_ctx, sizeof(*a.nrow) * (size_t)(nt->ncols + 1));
            rc = for_each_row(env, old, fill_row, &a, NULL, e);
            rc = sql__batch_end(&bt, rc, e);
            sql__clear_missing(nt); /* every row now holds every column */
        }
    } else if (c->identity != 0) {
        struct fill_arg a = {
            .old = old, .t = nt, .pos = pos, .seq = c->identity_seq, .bt = fresh ? &bt : NULL};
        a.nrow = mem_alloc(env->stmt_ctx, sizeof(*a.nrow) * (size_t)(nt->ncols + 1));
        rc = for_each_row(env, old, fill_row, &a, NULL, e);
        rc = sql__batch_end(&bt, rc, e);
        sql__clear_missing(nt);
    } else if (c->not_null) {
        uint64_t n = 0;
        rc = for_each_row(env, old, NULL, NULL, &n, e);
        if (rc == 0 && n > 0)
            rc = err_set_state(
                e, ERR_INVAL, "23502",
                "column \"%s\" of relation \"%s\" contains null values" SQL_ERR_TABLE_COLUMN,
                c->name, nt->name, nt->schema, nt->name, c->name);
    }
    if (rc != 0)
        return rc;
    *tp = nt;
    if (cs.primary != NULL)
        rc = add_index_for(env, nt, cs.primary, cd->name, true, e);
    for (int i = 0; rc == 0 && i < cs.nuniques; i++)
        rc = add_index_for(env, nt, cs.uniques[i], cd->name, false, e);
    for (int i = 0; rc == 0 && i < cs.nchecks; i++)
        rc = add_check_validated(env, nt, cs.checks[i], e);
    for (int i = 0; rc == 0 && i < cs.nfks; i++)
        rc = sql__fk_add(env, nt, cs.fks[i], cd->name, true, e);
    return rc;
}

/* ---- constraints ---- */

static int rebuild_secondaries(struct sql_env *env, struct sql_table_desc *t, struct err *e)
{
    for (int i = 1; i < t->nidx; i++) {
        int rc = sql__garbage_add(env, t->oid, t->idx[i].id, e);
        if (rc != 0)
            return rc;
        rc = sql__index_id_new(env, t, &t->idx[i].id, e);
        if (rc != 0)
            return rc;
        /* Backfill from t with only the indexes built so far. */
        struct sql_table_desc tmp = *t;
        tmp.nidx = i;
        rc = sql__idx_backfill(env, &tmp, &t->idx[i], false, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Add a PRIMARY KEY or UNIQUE constraint (col: a column constraint's
 * column, else k->keys), building its index over the existing rows. */
static int add_index_for(struct sql_env *env, struct sql_table_desc *t,
                         const struct sql_constraint *k, const char *col, bool primary,
                         struct err *e)
{
    if (primary && t->idx[0].primary)
        return err_set_state(e, ERR_INVAL, "42P16",
                             "multiple primary keys for table \"%s\" are not allowed", t->name);
    if (k->include.n > 0)
        return sql__ddl_unsupported(e, "INCLUDE columns");
    if (k->nulls_not_distinct)
        return sql__ddl_unsupported(e, "NULLS NOT DISTINCT");
    struct sql_idx_desc ix;
    memset(&ix, 0, sizeof(ix));
    ix.unique = ix.constraint = true;
    ix.primary = primary;
    struct sql_list one = {1, (void **)&col};
    int rc = sql__reloptions_apply(env, SQL_RELOPT_INDEX, NULL, &k->options, false, &ix.options, e);
    if (rc != 0)
        return rc;
    rc = sql__index_cols(t, col ? &one : &k->keys, &ix, true, e);
    if (rc != 0)
        return rc;
    if (k->name != NULL) {
        uint32_t o;
        rc = sql__name_lookup(env, t->schema_oid, k->name, &o, NULL, e);
        if (rc != 0)
            return rc;
        if (o != 0)
            return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists", k->name);
        snprintf(ix.name, sizeof(ix.name), "%s", k->name);
    } else if (primary) {
        rc = sql__choose_rel_name(env, t->schema_oid, t->name, NULL, "pkey", NULL, ix.name, e);
    } else {
        char cols[4 * SQL_NAME_BUF];
        sql__index_colnames(t, &ix, cols);
        rc = sql__choose_rel_name(env, t->schema_oid, t->name, cols, "key", NULL, ix.name, e);
    }
    if (rc == 0)
        rc = sql__oid_alloc(env, &ix.oid, e);
    if (rc == 0)
        rc = sql__index_id_new(env, t, &ix.id, e);
    if (rc != 0)
        return rc;
    if (!primary) {
        rc = sql__idx_backfill(env, t, &ix, false, e);
        if (rc != 0)
            return rc;
        t->idx[t->nidx++] = ix;
        return sql__index_store(env, t, &ix, e);
    }
    /* A new primary key: rewrite every row under it. */
    rc = sql__idx_backfill(env, t, &ix, true, e);
    if (rc != 0)
        return rc;
    for (int j = 0; j < ix.ncols; j++)
        t->cols[sql_cat_column_pos(t, ix.col_ids[j])].not_null = true;
    const struct sql_idx_desc old = t->idx[0];
    rc = sql__index_unstore(env, t, &old, e);
    if (rc != 0)
        return rc;
    t->idx[0] = ix;
    /* Forget the hidden row id column. */
    int hp = sql_cat_column_pos(t, old.col_ids[0]);
    if (old.ncols == 1 && hp >= 0 && t->cols[hp].hidden) {
        memmove(&t->cols[hp], &t->cols[hp + 1], sizeof(*t->cols) * (size_t)(t->ncols - hp - 1));
        t->ncols--;
    }
    rc = rebuild_secondaries(env, t, e);
    if (rc == 0)
        rc = sql__index_store(env, t, &ix, e);
    return rc;
}

struct check_arg {
    struct sql_rowexpr *x;
    const char *name, *table, *schema;
};

static int check_row(struct sql_env *env, void *arg, struct sql_value *row, struct mem_ctx *rctx,
                     struct err *e)
{
    struct check_arg *a = arg;
    struct sql_value v;
    int rc = sql_rowexpr_eval(env, a->x, row, rctx, &v, e);
    if (rc != 0)
        return rc;
    if (!v.null && !v.u.b)
        return err_set_state(e, ERR_INVAL, "23514",
                             "check constraint \"%s\" of relation \"%s\" is violated by some "
                             "row" SQL_ERR_TABLE_CONSTRAINT,
                             a->name, a->table, a->schema, a->table, a->name);
    return 0;
}

static int add_check_validated(struct sql_env *env, struct sql_table_desc *t,
                               const struct sql_constraint *k, struct err *e)
{
    int rc = sql__add_check(env, t, k, e);
    if (rc != 0)
        return rc;
    const struct sql_check_desc *ck = &t->checks[t->nchecks - 1];
    struct sql_rowexpr *x;
    rc = sql__ddl_compile(env, t, ck->expr_sql, SQL_T_BOOL, -1, env->stmt_ctx, &x, e);
    if (rc != 0)
        sql__ddl_expr_errpos(t, k->expr, false, e);
    if (rc != 0 || k->not_valid) {
        t->checks[t->nchecks - 1].not_valid = rc == 0 && k->not_valid;
        return rc;
    }
    struct check_arg a = {.x = x, .name = ck->name, .table = t->name, .schema = t->schema};
    return for_each_row(env, t, check_row, &a, NULL, e);
}

/* ---- dropping the primary key ---- */

struct rekey_arg {
    const struct sql_table_desc *old, *t; /* t: the new layout, idx[0] its rowid index */
    int rowid_pos;
    struct sql_value *nrow;
};

static int rekey_row(struct sql_env *env, void *arg, struct sql_value *row, struct mem_ctx *rctx,
                     struct err *e)
{
    (void)rctx;
    struct rekey_arg *a = arg;
    for (int i = 0; i < a->t->ncols; i++) {
        int op = sql_cat_column_pos(a->old, a->t->cols[i].id);
        a->nrow[i] = op >= 0 ? row[op] : sql_null(a->t->cols[i].type);
    }
    int64_t id;
    int rc = sql__rowid_alloc(env, &id, e);
    if (rc != 0)
        return rc;
    a->nrow[a->rowid_pos] = sql_int8(id);
    return sql__tbl_put_row(env, a->t, a->nrow, e);
}

/* Replace the primary key of t by a hidden row id, as a table created
 * without one has: every row is rewritten under a fresh index id with a new
 * row id, the secondary indexes are rebuilt (their entries name the primary
 * key) and the old primary span becomes garbage. The key columns keep
 * their NOT NULL, as in PostgreSQL. */
static int drop_primary_key(struct sql_env *env, struct sql_table_desc *t, struct err *e)
{
    const struct sql_table_desc *old = sql__desc_copy(env->stmt_ctx, t);
    struct sql_col_desc *c = &t->cols[t->ncols++];
    memset(c, 0, sizeof(*c));
    c->id = t->next_col_id++;
    c->attnum = t->next_attnum++;
    snprintf(c->name, sizeof(c->name), "rowid");
    c->type = SQL_T_INT8;
    c->typmod = -1;
    c->not_null = true;
    c->hidden = true;
    struct sql_idx_desc ix;
    memset(&ix, 0, sizeof(ix));
    ix.unique = true;
    int rc = sql__index_id_new(env, t, &ix.id, e);
    if (rc != 0)
        return rc;
    ix.ncols = 1;
    ix.col_ids[0] = c->id;
    snprintf(ix.name, sizeof(ix.name), "%s_rowid", t->name);
    const struct sql_idx_desc opk = t->idx[0];
    t->idx[0] = ix;
    struct sql_table_desc only = *t; /* rows go to the new primary index only */
    only.nidx = 1;
    struct rekey_arg a = {.old = old, .t = &only, .rowid_pos = t->ncols - 1};
    a.nrow = mem_alloc(env->stmt_ctx, sizeof(*a.nrow) * (size_t)(t->ncols + 1));
    rc = for_each_row(env, old, rekey_row, &a, NULL, e);
    if (rc == 0)
        rc = sql__garbage_add(env, t->oid, opk.id, e);
    if (rc == 0)
        rc = sql__index_unstore(env, old, &opk, e);
    if (rc == 0)
        rc = rebuild_secondaries(env, t, e);
    return rc;
}

static int drop_constraint(struct sql_env *env, struct sql_table_desc *t,
                           const struct sql_alter_cmd *cmd, struct err *e)
{
    bool fk_found = false;
    int rc0 = sql__fk_drop_constraint(env, t, cmd->name, &fk_found, e);
    if (rc0 != 0 || fk_found)
        return rc0;
    for (int i = 0; i < t->nidx; i++) {
        if (!t->idx[i].constraint || strcmp(t->idx[i].name, cmd->name) != 0)
            continue;
        if (i == 0 && t->idx[0].primary &&
            (rc0 = sql__view_drop_pkey_deps(env, t, cmd->behavior == SQL_DROP_CASCADE, e)) != 0)
            return rc0;
        if ((rc0 = sql__fk_index_drop(env, t, &t->idx[i], "constraint", e)) != 0)
            return rc0;
        if (i == 0)
            return drop_primary_key(env, t, e);
        int rc = sql__index_unstore(env, t, &t->idx[i], e);
        if (rc != 0)
            return rc;
        memmove(&t->idx[i], &t->idx[i + 1], sizeof(*t->idx) * (size_t)(t->nidx - i - 1));
        t->nidx--;
        return 0;
    }
    for (int i = 0; i < t->nchecks; i++) {
        if (strcmp(t->checks[i].name, cmd->name) != 0)
            continue;
        memmove(&t->checks[i], &t->checks[i + 1],
                sizeof(*t->checks) * (size_t)(t->nchecks - i - 1));
        t->nchecks--;
        return 0;
    }
    if (cmd->if_exists)
        return sql__ddl_notice(env, "00000",
                               "constraint \"%s\" of relation \"%s\" does not exist, skipping",
                               cmd->name, t->name);
    return err_set_state(e, ERR_NOTFOUND, "42704",
                         "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
}

/* ---- columns ---- */

static struct sql_col_desc *find_col(struct sql_table_desc *t, const char *name)
{
    const struct sql_col_desc *c = sql_cat_column(t, name);
    return c ? &t->cols[c - t->cols] : NULL;
}

static int no_column(struct sql_table_desc *t, const char *name, struct err *e)
{
    return err_set_state(e, ERR_NOTFOUND, "42703",
                         "column \"%s\" of relation \"%s\" does not exist", name, t->name);
}

static bool idx_uses(const struct sql_idx_desc *ix, uint32_t col)
{
    for (int j = 0; j < ix->ncols; j++)
        if (ix->col_ids[j] == col)
            return true;
    return false;
}

static int drop_column(struct sql_env *env, struct sql_table_desc *t,
                       const struct sql_alter_cmd *cmd, struct err *e);

/* Generated columns reading column c: 2BP01, or with CASCADE dropped first
 * (PostgreSQL's dependency of the column's default on c). */
static int drop_generated_users(struct sql_env *env, struct sql_table_desc *t,
                                const struct sql_col_desc *c, const struct sql_alter_cmd *cmd,
                                struct err *e)
{
    int users[64];
    int nu = c->generated ? 0 : sql__gen_users(env, t, c->name, users, 64);
    if (nu == 0)
        return 0;
    struct sbuf d;
    sbuf_init(&d);
    bool cascade = cmd->behavior == SQL_DROP_CASCADE;
    char(*names)[SQL_NAME_BUF] = mem_alloc(env->stmt_ctx, sizeof(*names) * (size_t)nu);
    for (int i = 0; i < nu; i++) {
        snprintf(names[i], SQL_NAME_BUF, "%s", t->cols[users[i]].name);
        if (cascade)
            sbuf_printf(&d, "%sdrop cascades to column %s of table %s", i ? "\n" : "", names[i],
                        t->name);
        else
            sbuf_printf(&d, "%scolumn %s of table %s depends on column %s of table %s",
                        i ? "\n" : "", names[i], t->name, c->name, t->name);
    }
    int rc = 0;
    if (!cascade) {
        rc = err_set_state(e, ERR_INVAL, "2BP01",
                           "cannot drop column %s of table %s because other objects depend on "
                           "it\nDETAIL:  %s\nHINT:  Use DROP ... CASCADE to drop the dependent "
                           "objects too.",
                           c->name, t->name, d.data);
        sbuf_free(&d);
        return rc;
    }
    if (env->notice != NULL) {
        char msg[128];
        struct sql_notice n = {.severity = "NOTICE", .sqlstate = "00000", .message = d.data};
        if (nu > 1) {
            snprintf(msg, sizeof msg, "drop cascades to %d other objects", nu);
            n.message = msg;
            n.detail = d.data;
        }
        rc = env->notice(env->notice_arg, &n);
    }
    sbuf_free(&d);
    for (int i = 0; rc == 0 && i < nu; i++) {
        struct sql_alter_cmd sub = *cmd;
        sub.name = names[i];
        sub.if_exists = false;
        rc = drop_column(env, t, &sub, e);
    }
    return rc;
}

static int drop_column(struct sql_env *env, struct sql_table_desc *t,
                       const struct sql_alter_cmd *cmd, struct err *e)
{
    struct sql_col_desc *c = find_col(t, cmd->name);
    if (c == NULL) {
        if (cmd->if_exists)
            return sql__ddl_notice(env, "00000",
                                   "column \"%s\" of relation \"%s\" does not exist, skipping",
                                   cmd->name, t->name);
        return no_column(t, cmd->name, e);
    }
    int rc = drop_generated_users(env, t, c, cmd, e);
    if (rc == 0) /* triggers whose UPDATE OF or WHEN names it (trigger_ddl.c) */
        rc = sql__trigger_drop_column(env, t, cmd->name, cmd->behavior == SQL_DROP_CASCADE, e);
    if (rc == 0 && t->kind == 'r')
        rc = sql__ctype_key_alter_check(env, t->oid, t->name, e); /* ctype_key.c */
    if (rc != 0)
        return rc;
    c = find_col(t, cmd->name);
    uint32_t id = c->id;
    rc = sql__view_drop_column_deps(env, t, c, cmd->behavior == SQL_DROP_CASCADE, e);
    if (rc != 0)
        return rc;
    rc = sql__fk_drop_column(env, t, id, e);
    if (rc != 0)
        return rc;
    c = find_col(t, cmd->name);
    /* Indexes on it go with it (PostgreSQL drops them, constraints too). */
    for (int i = t->nidx - 1; i >= 1; i--) {
        bool in_pred = false; /* a partial index's predicate reads it */
        rc = sql__idx_pred_uses(env, &t->idx[i], cmd->name, &in_pred, e);
        if (rc != 0)
            return rc;
        if (!idx_uses(&t->idx[i], id) && !in_pred)
            continue;
        rc = sql__index_unstore(env, t, &t->idx[i], e);
        if (rc != 0)
            return rc;
        memmove(&t->idx[i], &t->idx[i + 1], sizeof(*t->idx) * (size_t)(t->nidx - i - 1));
        t->nidx--;
    }
    if (t->idx[0].primary && idx_uses(&t->idx[0], id)) {
        rc = drop_primary_key(env, t, e);
        if (rc != 0)
            return rc;
        c = find_col(t, cmd->name); /* t->cols grew */
    }
    /* CHECK constraints that reference it. */
    for (int i = t->nchecks - 1; i >= 0; i--) {
        struct sql__colrefs r = {0};
        rc = sql__text_colrefs(env, t->checks[i].expr_sql, &r, e);
        if (rc != 0)
            return rc;
        bool uses = r.overflow;
        for (int j = 0; j < r.n; j++)
            uses = uses || strcmp(r.names[j], cmd->name) == 0;
        if (!uses)
            continue;
        memmove(&t->checks[i], &t->checks[i + 1],
                sizeof(*t->checks) * (size_t)(t->nchecks - i - 1));
        t->nchecks--;
    }
    /* Sequences it owns. */
    const struct sql_table_desc **seqs;
    size_t n;
    rc = sql__owned_seqs(env, t, id, &seqs, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = sql__drop_seq(env, seqs[i], e);
    if (rc != 0)
        return rc;
    int pos = (int)(c - t->cols);
    memmove(&t->cols[pos], &t->cols[pos + 1], sizeof(*t->cols) * (size_t)(t->ncols - pos - 1));
    t->ncols--;
    return 0;
}

struct nn_arg {
    int pos;
    const char *col, *table, *schema;
};

static int nn_row(struct sql_env *env, void *arg, struct sql_value *row, struct mem_ctx *rctx,
                  struct err *e)
{
    struct nn_arg *a = arg;
    if (row[a->pos].null)
        return err_set_state(
            e, ERR_INVAL, "23502",
            "column \"%s\" of relation \"%s\" contains null values" SQL_ERR_TABLE_COLUMN, a->col,
            a->table, a->schema, a->table, a->col);
    return 0;
}

static int alter_column(struct sql_env *env, struct sql_table_desc *t,
                        const struct sql_alter_cmd *cmd, struct err *e)
{
    struct sql_col_desc *c = find_col(t, cmd->name);
    if (c == NULL)
        return no_column(t, cmd->name, e);
    switch (cmd->kind) {
    case SQL_ALTER_SET_DEFAULT: {
        if (c->generated)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "column \"%s\" of relation \"%s\" is a generated column", c->name,
                                 t->name);
        if (c->identity != 0)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "column \"%s\" of relation \"%s\" is an identity column", c->name,
                                 t->name);
        if (cmd->expr == NULL) {
            c->default_sql = NULL;
            return 0;
        }
        int crc = sql__default_colref_check(cmd->expr, false, e);
        if (crc != 0)
            return crc;
        c->default_sql = sql__deparse(env, cmd->expr);
        int rc =
            sql__ddl_compile(env, t, c->default_sql, c->type, c->typmod, env->stmt_ctx, NULL, e);
        if (rc != 0)
            sql__ddl_expr_errpos(t, cmd->expr, true, e);
        return rc;
    }
    case SQL_ALTER_DROP_DEFAULT:
        if (c->generated)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "column \"%s\" of relation \"%s\" is a generated "
                                 "column\nHINT:  Use ALTER TABLE ... ALTER COLUMN ... DROP "
                                 "EXPRESSION instead.",
                                 c->name, t->name);
        if (c->identity != 0)
            return err_set_state(
                e, ERR_INVAL, "42601",
                "column \"%s\" of relation \"%s\" is an identity column" SQL_NUM_DETAIL_SEP
                "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.",
                c->name, t->name);
        c->default_sql = NULL;
        return 0;
    case SQL_ALTER_SET_NOT_NULL: {
        if (c->not_null)
            return 0;
        struct nn_arg a = {
            .pos = (int)(c - t->cols), .col = c->name, .table = t->name, .schema = t->schema};
        int rc = for_each_row(env, t, nn_row, &a, NULL, e);
        if (rc == 0)
            c->not_null = true;
        return rc;
    }
    case SQL_ALTER_DROP_NOT_NULL:
        if (t->idx[0].primary && idx_uses(&t->idx[0], c->id))
            return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" is in a primary key",
                                 c->name);
        if (c->identity != 0)
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "column \"%s\" of relation \"%s\" is an identity column", c->name,
                                 t->name);
        c->not_null = false;
        return 0;
    case SQL_ALTER_TYPE: {
        uint32_t type;
        int32_t typmod;
        uint32_t dom = 0;
        int rc = sql__rowtype_alter_check(env, t, true, e); /* rowtype.h */
        if (rc != 0)
            return rc;
        rc = sql_type_resolve_domain(env, cmd->type, &type, &typmod, NULL, &dom, e);
        if (rc == 0 && dom != 0)
            rc = sql__ddl_unsupported(e, "ALTER COLUMN TYPE to a domain");
        if (rc == 0 && (type == SQL_T_RECORD || c->ctype != 0)) /* ctype.h */
            rc = sql__ddl_unsupported(e, "ALTER COLUMN TYPE of or to a composite type");
        if (rc != 0)
            return rc;  /* PostgreSQL gives no position here */
        c->storage = 0; /* the new type's storage (ddl_alter_meta.c) */
        if (sql__pgcat_typstorage(type) == 'p')
            c->compression = 0;
        int users[1];
        if (!c->generated && sql__gen_users(env, t, c->name, users, 1) > 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "cannot alter type of a column used by a generated "
                                 "column\nDETAIL:  Column \"%s\" is used by generated column "
                                 "\"%s\".",
                                 c->name, t->cols[users[0]].name);
        rc = sql__view_alter_type_deps(env, t, c, e);
        if (rc != 0)
            return rc;
        if (cmd->expr != NULL)
            return sql__alter_column_type(env, t, (int)(c - t->cols), type, typmod, cmd->expr, e);
        if (type == c->type && typmod == c->typmod) {
            c->domain = 0; /* from a domain to its base type */
            return 0;
        }
        /* Changes that need no rewrite: the row format stores every
         * integer width alike and text and varchar alike, and so do keys
         * (rowcodec.c, keyenc.h). Widening only: narrowing would need every
         * row checked. */
        bool ok = false;
        if (type == SQL_T_VARCHAR && (c->type == SQL_T_VARCHAR || c->type == SQL_T_TEXT))
            ok = typmod == -1 ? c->type == SQL_T_VARCHAR || c->typmod == -1
                              : c->type == SQL_T_VARCHAR && c->typmod != -1 && typmod >= c->typmod;
        else if (type == SQL_T_TEXT && c->type == SQL_T_VARCHAR)
            ok = true;
        else if (type == SQL_T_INT8)
            ok = c->type == SQL_T_INT2 || c->type == SQL_T_INT4;
        else if (type == SQL_T_INT4)
            ok = c->type == SQL_T_INT2;
        if (ok) {
            if (c->default_sql != NULL) {
                int rc2 =
                    sql__ddl_compile(env, t, c->default_sql, type, typmod, env->stmt_ctx, NULL, e);
                if (rc2 != 0)
                    return rc2;
            }
            c->type = type;
            c->typmod = typmod;
            c->domain = 0;
            return 0;
        }
        return sql__alter_column_type(env, t, (int)(c - t->cols), type, typmod, NULL, e);
    }
    case SQL_ALTER_DROP_EXPRESSION:
        if (!c->generated) {
            if (cmd->if_exists)
                return sql__ddl_notice(env, "00000",
                                       "column \"%s\" of relation \"%s\" is not a stored "
                                       "generated column, skipping",
                                       c->name, t->name);
            return err_set_state(e, ERR_INVAL, "55000",
                                 "column \"%s\" of relation \"%s\" is not a stored generated "
                                 "column",
                                 c->name, t->name);
        }
        c->generated = 0;
        c->default_sql = NULL;
        return 0;
    default:
        return sql__ddl_unsupported(e, "this form of ALTER TABLE");
    }
}

/* ALTER TABLE ... VALIDATE CONSTRAINT: a NOT VALID CHECK or FOREIGN KEY
 * checked against every row, then marked valid. */
static int validate_constraint(struct sql_env *env, struct sql_table_desc *t,
                               const struct sql_alter_cmd *cmd, struct err *e)
{
    for (int i = 0; i < t->nchecks; i++) {
        struct sql_check_desc *ck = &t->checks[i];
        if (strcmp(ck->name, cmd->name) != 0)
            continue;
        if (!ck->not_valid)
            return 0;
        struct sql_rowexpr *x;
        int rc = sql__ddl_compile(env, t, ck->expr_sql, SQL_T_BOOL, -1, env->stmt_ctx, &x, e);
        if (rc != 0)
            return rc;
        struct check_arg a = {.x = x, .name = ck->name, .table = t->name, .schema = t->schema};
        if ((rc = for_each_row(env, t, check_row, &a, NULL, e)) != 0)
            return rc;
        ck->not_valid = false;
        return 0;
    }
    for (int i = 0; i < t->nfks; i++) {
        if (strcmp(t->fks[i].name, cmd->name) != 0)
            continue;
        if (!t->fks[i].not_valid)
            return 0;
        int rc = sql__fk_validate(env, t, i, e);
        if (rc == 0)
            t->fks[i].not_valid = false;
        return rc;
    }
    for (int i = 0; i < t->nidx; i++)
        if (t->idx[i].constraint && strcmp(t->idx[i].name, cmd->name) == 0)
            return err_set_state(e, ERR_INVAL, "42809",
                                 "constraint \"%s\" of relation \"%s\" is not a foreign key or "
                                 "check constraint",
                                 cmd->name, t->name);
    return err_set_state(e, ERR_NOTFOUND, "42704",
                         "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
}

/* ALTER TABLE / SEQUENCE s OWNER TO on a sequence (pg_dump writes the
 * former). */
static bool owner_only(const struct sql_stmt *st)
{
    for (int i = 0; i < st->u.alter_table.cmds.n; i++)
        if (((const struct sql_alter_cmd *)st->u.alter_table.cmds.items[i])->kind !=
            SQL_ALTER_OWNER)
            return false;
    return st->u.alter_table.cmds.n > 0;
}

static int alter_sequence_owner(struct sql_env *env, uint32_t oid, const struct sql_stmt *st,
                                struct err *e)
{
    const struct sql_table_desc *s0;
    int rc = sql_cat_table_by_oid(env, oid, &s0, e);
    if (rc != 0)
        return rc;
    if (s0 == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    struct sql_table_desc *s = sql__desc_copy(env->stmt_ctx, s0);
    for (int i = 0; rc == 0 && i < st->u.alter_table.cmds.n; i++)
        rc = sql__alter_meta(env, s, st->u.alter_table.cmds.items[i], e); /* ddl_alter_meta.c */
    if (rc != 0)
        return rc;
    s->version++;
    return sql__desc_store(env, s, e);
}

int sql__alter_table(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    if (st->u.alter_table.view)
        return sql__alter_view(env, st, e);
    if (st->u.alter_table.index)
        return sql__alter_index(env, st, e);     /* ddl_alter_meta.c */
    bool view_ok = st->u.alter_table.cmds.n > 0; /* forms PostgreSQL's ALTER TABLE takes on views */
    for (int i = 0; i < st->u.alter_table.cmds.n; i++) {
        const struct sql_alter_cmd *cmd = st->u.alter_table.cmds.items[i];
        view_ok &= cmd->kind == SQL_ALTER_SET_RELOPTIONS || cmd->kind == SQL_ALTER_OWNER ||
                   cmd->kind == SQL_ALTER_SET_DEFAULT || cmd->kind == SQL_ALTER_DROP_DEFAULT;
    }
    {
        uint32_t voids, vns;
        char vkind;
        const struct sql_rangevar *vrv = st->u.alter_table.table;
        int vrc = sql__find_rel(env, vrv->name.schema, vrv->name.name, &voids, &vkind, &vns, e);
        if (vrc != 0)
            return vrc;
        if (voids != 0 && vkind == 'v' && view_ok)
            return sql__alter_view(env, st, e);
        if (voids != 0 && vkind != 'S' && st->u.alter_table.sequence)
            return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", vrv->name.name);
        if (voids != 0 && vkind == 'S' && owner_only(st))
            return alter_sequence_owner(env, voids, st, e);
        if (voids != 0 && (vkind == 'v' || vkind == 'S') && st->u.alter_table.cmds.n > 0) {
            const struct sql_alter_cmd *c0 = st->u.alter_table.cmds.items[0];
            const char *what = sql__alter_action_name(c0);
            if (what != NULL)
                return err_set_state(e, ERR_INVAL, "42809",
                                     "ALTER action %s cannot be performed on relation \"%s\""
                                     "\nDETAIL:  This operation is not supported for %s.",
                                     what, vrv->name.name, vkind == 'v' ? "views" : "sequences");
        }
    }
    const struct sql_table_desc *t0 = NULL;
    const struct sql_rangevar *rv = st->u.alter_table.table;
    int rc = sql__check_not_system(rv->name.schema, rv->name.name, e);
    if (rc == 0)
        rc = sql__open_table(env, rv, st->u.alter_table.if_exists, &t0, e);
    if (rc != 0 && strcmp(err_sqlstate(e), "42809") == 0) /* a composite type (ctype.h) */
        rc = sql__rowtype_not_table(env, rv, e);
    if (rc != 0 || t0 == NULL)
        return rc;
    if ((rc = sql__acl_check_owner(env, t0->owner, sql__acl_relkind_word(t0), t0->name, e)) != 0)
        return rc;
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    for (int i = 0; rc == 0 && i < st->u.alter_table.cmds.n; i++) {
        const struct sql_alter_cmd *cmd = st->u.alter_table.cmds.items[i];
        /* Room for one more index / check per command. */
        struct sql_table_desc *w = sql__desc_copy(env->stmt_ctx, t);
        t = w;
        switch (cmd->kind) {
        case SQL_ALTER_ADD_COLUMN:
            rc = add_column(env, &t, cmd, e);
            break;
        case SQL_ALTER_DROP_COLUMN:
            rc = drop_column(env, t, cmd, e);
            break;
        case SQL_ALTER_ADD_CONSTRAINT: {
            const struct sql_constraint *k = cmd->constraint;
            switch (k->kind) {
            case SQL_CONSTR_PRIMARY:
                rc = add_index_for(env, t, k, NULL, true, e);
                break;
            case SQL_CONSTR_UNIQUE:
                rc = add_index_for(env, t, k, NULL, false, e);
                break;
            case SQL_CONSTR_CHECK:
                rc = add_check_validated(env, t, k, e);
                break;
            case SQL_CONSTR_FOREIGN:
                rc = sql__fk_add(env, t, k, NULL, true, e);
                break;
            default:
                rc = sql__ddl_unsupported(e, "this kind of constraint in ALTER TABLE");
                break;
            }
            break;
        }
        case SQL_ALTER_DROP_CONSTRAINT:
            rc = drop_constraint(env, t, cmd, e);
            break;
        case SQL_ALTER_VALIDATE_CONSTRAINT:
            rc = validate_constraint(env, t, cmd, e);
            break;
        case SQL_ALTER_SET_RELOPTIONS:
        case SQL_ALTER_SET_PERSISTENCE:
        case SQL_ALTER_REPLICA_IDENTITY:
        case SQL_ALTER_ALTER_CONSTRAINT:
        case SQL_ALTER_SET_STATISTICS:
        case SQL_ALTER_SET_STORAGE:
        case SQL_ALTER_SET_COMPRESSION:
        case SQL_ALTER_SET_COLOPTIONS:
        case SQL_ALTER_CLUSTER_ON:
        case SQL_ALTER_DROP_CLUSTER:
        case SQL_ALTER_NOOP:
        case SQL_ALTER_OWNER:
        case SQL_ALTER_TRIGGER:
        case SQL_ALTER_RULE:
        case SQL_ALTER_ADD_IDENTITY:
        case SQL_ALTER_SET_IDENTITY:
        case SQL_ALTER_DROP_IDENTITY:
        case SQL_ALTER_OF:
            rc = sql__alter_meta(env, t, cmd, e);
            break;
        default:
            rc = alter_column(env, t, cmd, e);
            break;
        }
    }
    if (rc != 0)
        return rc;
    t->version++;
    return sql__desc_store(env, t, e);
}
