/* ddl_like.c — CREATE TABLE t (..., LIKE src [INCLUDING | EXCLUDING
 * {DEFAULTS | CONSTRAINTS | INDEXES | IDENTITY | COMMENTS | ...} | ALL] ...).
 *
 * The LIKE clauses are expanded into the statement, as PostgreSQL's
 * transformTableLikeClause does, and the expanded CREATE TABLE runs as
 * usual: every visible column of src with its type and NOT NULL (always),
 * its DEFAULT (INCLUDING DEFAULTS), its identity with the sequence's
 * options (INCLUDING IDENTITY), src's CHECK constraints under their names
 * (INCLUDING CONSTRAINTS), its PRIMARY KEY / UNIQUE constraints and indexes
 * under names chosen for the new table (INCLUDING INDEXES; plain indexes are
 * created after the table) and the columns' comments (INCLUDING COMMENTS).
 * STORAGE, COMPRESSION, STATISTICS and GENERATED have nothing to copy here.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/parse.h"

#include <stdio.h>
#include <string.h>

/* The first target of "SELECT <text>" parsed in ctx. */
static int parse_expr(struct sql_env *env, const char *text, struct sql_expr **out, struct err *e)
{
    char *q = mem_printf(env->stmt_ctx, "SELECT %s", text);
    struct sql_parse_result pr;
    int rc = sql_parse(q, strlen(q), NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set_state(e, ERR_CORRUPT, "XX000", "bad stored expression: %s", text);
    const struct sql_target *t = pr.stmts[0]->u.select->targets.items[0];
    *out = t->val;
    return 0;
}

static int make_typename(struct sql_env *env, uint32_t type, int32_t typmod,
                         struct sql_typename **out, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "NULL::");
    sql_type_format(type, typmod, &b);
    struct sql_expr *x;
    int rc = parse_expr(env, b.data, &x, e);
    sbuf_free(&b);
    if (rc != 0)
        return rc;
    if (x->kind != SQL_EXPR_CAST)
        return err_set_state(e, ERR_INTERNAL, "XX000", "CREATE TABLE LIKE: bad type");
    *out = x->u.cast.type;
    return 0;
}

struct growlist {
    void **items;
    int n, cap;
};

static void gl_add(struct sql_env *env, struct growlist *l, void *x)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        void **ni = mem_alloc(env->stmt_ctx, sizeof(void *) * (size_t)cap);
        if (l->n > 0)
            memcpy(ni, l->items, sizeof(void *) * (size_t)l->n);
        l->items = ni;
        l->cap = cap;
    }
    l->items[l->n++] = x;
}

static struct sql_constraint *new_constraint(struct sql_env *env, enum sql_constraint_kind kind)
{
    struct sql_constraint *k = mem_alloc0(env->stmt_ctx, sizeof(*k));
    k->kind = kind;
    k->location = -1;
    return k;
}

static struct sql_option *int_opt(struct sql_env *env, const char *name, int64_t v)
{
    struct sql_option *o = mem_alloc0(env->stmt_ctx, sizeof(*o));
    o->name = mem_strdup(env->stmt_ctx, name);
    o->kind = SQL_OPT_INT;
    o->ival = v;
    return o;
}

/* The identity constraint of column c (its sequence's options). */
static int identity_constraint(struct sql_env *env, const struct sql_col_desc *c,
                               struct sql_constraint **out, struct err *e)
{
    const struct sql_table_desc *sq;
    int rc = sql_cat_table_by_oid(env, c->identity_seq, &sq, e);
    if (rc != 0)
        return rc;
    struct sql_constraint *k = new_constraint(env, SQL_CONSTR_IDENTITY);
    k->generated_when = c->identity;
    if (sq != NULL && sq->kind == 'S') {
        struct sql_option **o = mem_alloc(env->stmt_ctx, sizeof(*o) * 8);
        int n = 0;
        if (sq->seq.type != c->type) {
            o[n] = mem_alloc0(env->stmt_ctx, sizeof(**o));
            o[n]->name = mem_strdup(env->stmt_ctx, "as");
            o[n]->kind = SQL_OPT_TYPE;
            rc = make_typename(env, sq->seq.type, -1, &o[n]->type, e);
            if (rc != 0)
                return rc;
            n++;
        }
        o[n++] = int_opt(env, "increment", sq->seq.increment);
        o[n++] = int_opt(env, "minvalue", sq->seq.min);
        o[n++] = int_opt(env, "maxvalue", sq->seq.max);
        o[n++] = int_opt(env, "start", sq->seq.start);
        o[n++] = int_opt(env, "cache", sq->seq.cache);
        o[n] = mem_alloc0(env->stmt_ctx, sizeof(**o));
        o[n]->name = mem_strdup(env->stmt_ctx, "cycle");
        o[n]->kind = SQL_OPT_BOOL;
        o[n++]->bval = sq->seq.cycle;
        k->options.n = n;
        k->options.items = (void **)o;
    }
    *out = k;
    return 0;
}

/* An index's stored options "k=v,..." as the WITH (...) list that gives them again. */
static int like_index_options(struct sql_env *env, const char *stored, struct sql_list *out)
{
    out->n = 0;
    out->items = NULL;
    if (stored == NULL)
        return 0;
    int n = 1;
    for (const char *p = stored; *p; p++)
        n += *p == ',';
    out->items = mem_alloc0(env->stmt_ctx, sizeof(void *) * (size_t)n);
    char *c = mem_strdup(env->stmt_ctx, stored), *save = NULL;
    for (char *tok = strtok_r(c, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        struct sql_option *o = mem_alloc0(env->stmt_ctx, sizeof(*o));
        char *eq = strchr(tok, '=');
        if (eq != NULL)
            *eq = '\0';
        o->name = tok;
        o->kind = SQL_OPT_STRING;
        o->str = eq != NULL ? eq + 1 : (char *)"true";
        o->location = -1;
        out->items[out->n++] = o;
    }
    return 0;
}

int sql__create_table_like(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_list *likes = &st->u.create_table.likes;
    const struct sql_list *defs = &st->u.create_table.columns;
    struct growlist cols = {0}, cons = {0}, idxs = {0};
    const struct sql_table_desc **srcs =
        mem_alloc(env->stmt_ctx, sizeof(*srcs) * (size_t)(likes->n + 1));
    int rc = 0;
    /* The sources, checked before anything is built. */
    for (int i = 0; i < likes->n; i++) {
        const struct sql_table_like *l = likes->items[i];
        uint32_t oid, ns;
        char kind;
        rc = sql__find_rel(env, l->rel->name.schema, l->rel->name.name, &oid, &kind, &ns, e);
        if (rc != 0)
            return rc;
        if (oid == 0) {
            sql__ddl_errpos(l->rel->location);
            if (l->rel->name.schema != NULL)
                return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist",
                                     l->rel->name.schema, l->rel->name.name);
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                                 l->rel->name.name);
        }
        if (kind != 'r' && kind != 'v') {
            sql__ddl_errpos(l->rel->location);
            return err_set_state(e, ERR_INVAL, "42809",
                                 "relation \"%s\" is invalid in LIKE clause" SQL_NUM_DETAIL_SEP
                                 "This operation is not supported for %s.",
                                 l->rel->name.name, kind == 'S' ? "sequences" : "indexes");
        }
        rc = sql_cat_table_by_oid(env, oid, &srcs[i], e);
        if (rc != 0 || srcs[i] == NULL)
            return rc != 0 ? rc : sql__corrupt(e, "name", oid, "missing descriptor");
    }
    int li = 0;
    for (int ci = 0; ci <= defs->n; ci++) {
        for (;
             li < likes->n && ((const struct sql_table_like *)likes->items[li])->ncols_before == ci;
             li++) {
            const struct sql_table_like *l = likes->items[li];
            const struct sql_table_desc *src = srcs[li];
            uint32_t o = l->options;
            for (int k = 0; k < src->ncols; k++) {
                const struct sql_col_desc *c = &src->cols[k];
                if (c->hidden)
                    continue;
                struct sql_column_def *cd = mem_alloc0(env->stmt_ctx, sizeof(*cd));
                cd->name = mem_strdup(env->stmt_ctx, c->name);
                cd->location = -1;
                rc = c->ctype != 0 /* a composite type (ctype.h) */
                         ? make_typename(env, c->ctype, -1, &cd->type, e)
                         : make_typename(env, c->type, c->typmod, &cd->type, e);
                if (rc != 0)
                    return rc;
                struct growlist kc = {0};
                if (c->not_null)
                    gl_add(env, &kc, new_constraint(env, SQL_CONSTR_NOT_NULL));
                if ((o & SQL_LIKE_IDENTITY) && c->identity != 0) {
                    struct sql_constraint *ik;
                    rc = identity_constraint(env, c, &ik, e);
                    if (rc != 0)
                        return rc;
                    gl_add(env, &kc, ik);
                } else if (c->generated ? (o & SQL_LIKE_GENERATED) != 0
                                        : (o & SQL_LIKE_DEFAULTS) && c->default_sql != NULL &&
                                              c->identity == 0) {
                    struct sql_constraint *dk = new_constraint(
                        env, c->generated ? SQL_CONSTR_GENERATED : SQL_CONSTR_DEFAULT);
                    dk->generated_when = 'a';
                    rc = parse_expr(env, c->default_sql, &dk->expr, e);
                    if (rc != 0)
                        return rc;
                    gl_add(env, &kc, dk);
                }
                cd->constraints.n = kc.n;
                cd->constraints.items = kc.items;
                gl_add(env, &cols, cd);
            }
            if (o & SQL_LIKE_CONSTRAINTS) {
                for (int k = 0; k < src->nchecks; k++) {
                    struct sql_constraint *ck = new_constraint(env, SQL_CONSTR_CHECK);
                    ck->name = mem_strdup(env->stmt_ctx, src->checks[k].name);
                    rc = parse_expr(env, src->checks[k].expr_sql, &ck->expr, e);
                    if (rc != 0)
                        return rc;
                    gl_add(env, &cons, ck);
                }
            }
            if (o & SQL_LIKE_INDEXES) {
                for (int k = 0; k < src->nidx; k++) {
                    const struct sql_idx_desc *ix = &src->idx[k];
                    if (k == 0 && !ix->primary)
                        continue; /* the hidden row id */
                    if (ix->constraint) {
                        struct sql_constraint *uk = new_constraint(
                            env, ix->primary ? SQL_CONSTR_PRIMARY : SQL_CONSTR_UNIQUE);
                        char **names = mem_alloc(env->stmt_ctx, sizeof(char *) * (size_t)ix->ncols);
                        for (int j = 0; j < ix->ncols; j++)
                            names[j] =
                                (char *)src->cols[sql_cat_column_pos(src, ix->col_ids[j])].name;
                        uk->keys.n = ix->ncols;
                        uk->keys.items = (void **)names;
                        rc = like_index_options(env, ix->options, &uk->options);
                        if (rc != 0)
                            return rc;
                        gl_add(env, &cons, uk);
                        continue;
                    }
                    struct sql_stmt *is = mem_alloc0(env->stmt_ctx, sizeof(*is));
                    is->kind = SQL_STMT_CREATE_INDEX;
                    is->location = -1;
                    is->u.create_index.table = st->u.create_table.table;
                    is->u.create_index.method = mem_strdup(env->stmt_ctx, "btree");
                    is->u.create_index.unique = ix->unique;
                    struct sql_index_elem **el =
                        mem_alloc(env->stmt_ctx, sizeof(*el) * (size_t)ix->ncols);
                    for (int j = 0; j < ix->ncols; j++) {
                        el[j] = mem_alloc0(env->stmt_ctx, sizeof(**el));
                        if (ix->exprs[j] != NULL) { /* an expression key column */
                            rc = parse_expr(env, ix->exprs[j], &el[j]->expr, e);
                            if (rc != 0)
                                return rc;
                        } else {
                            el[j]->name =
                                (char *)src->cols[sql_cat_column_pos(src, ix->col_ids[j])].name;
                        }
                        el[j]->dir = ix->desc[j] ? SQL_SORT_DESC : SQL_SORT_DEFAULT;
                        if (ix->nulls_first[j] != ix->desc[j])
                            el[j]->nulls = ix->nulls_first[j] ? SQL_NULLS_FIRST : SQL_NULLS_LAST;
                    }
                    is->u.create_index.params.n = ix->ncols;
                    is->u.create_index.params.items = (void **)el;
                    rc = like_index_options(env, ix->options, &is->u.create_index.options);
                    if (rc != 0)
                        return rc;
                    if (ix->pred != NULL) { /* a partial index keeps its predicate */
                        rc = parse_expr(env, ix->pred, &is->u.create_index.where, e);
                        if (rc != 0)
                            return rc;
                    }
                    gl_add(env, &idxs, is);
                }
            }
        }
        if (ci < defs->n)
            gl_add(env, &cols, defs->items[ci]);
    }
    for (int i = 0; i < st->u.create_table.constraints.n; i++)
        gl_add(env, &cons, st->u.create_table.constraints.items[i]);
    struct sql_stmt ct = *st;
    ct.u.create_table.likes.n = 0;
    ct.u.create_table.columns.n = cols.n;
    ct.u.create_table.columns.items = cols.items;
    ct.u.create_table.constraints.n = cons.n;
    ct.u.create_table.constraints.items = cons.items;
    /* A name taken: CREATE TABLE's error (or IF NOT EXISTS notice) only. */
    uint32_t oid0 = 0, ns0;
    const char *nsname;
    if (sql__creation_schema(env, st->u.create_table.table->name.schema,
                             st->u.create_table.table->name.name, &ns0, &nsname, e) == 0) {
        rc = sql__name_lookup(env, ns0, st->u.create_table.table->name.name, &oid0, NULL, e);
        if (rc != 0)
            return rc;
    } else {
        err_clear(e); /* CREATE TABLE reports it */
    }
    rc = sql__create_table_stmt(env, &ct, e);
    if (rc != 0 || oid0 != 0)
        return rc;
    const struct sql_table_desc *nt;
    for (int i = 0; i < idxs.n; i++) {
        rc = sql__create_index_stmt(env, idxs.items[i], e);
        if (rc != 0)
            return rc;
    }
    /* Column comments, storage and compression; CHECK comments (by name). */
    struct sql_table_desc *w = NULL;
    for (int i = 0; i < likes->n; i++) {
        const struct sql_table_like *l = likes->items[i];
        uint32_t o = l->options & (SQL_LIKE_COMMENTS | SQL_LIKE_STORAGE | SQL_LIKE_COMPRESSION);
        if (o == 0)
            continue;
        if (w == NULL) {
            rc = sql_cat_table(env, st->u.create_table.table->name.schema,
                               st->u.create_table.table->name.name, &nt, e);
            if (rc != 0 || nt == NULL)
                return rc;
            w = sql__desc_copy(env->stmt_ctx, nt);
        }
        for (int k = 0; k < srcs[i]->ncols; k++) {
            const struct sql_col_desc *c = &srcs[i]->cols[k];
            if (c->hidden)
                continue;
            const struct sql_col_desc *nc0 = sql_cat_column(w, c->name);
            if (nc0 == NULL)
                continue;
            struct sql_col_desc *nc = &w->cols[nc0 - w->cols];
            if ((o & SQL_LIKE_COMMENTS) && c->comment != NULL)
                nc->comment = mem_strdup(env->stmt_ctx, c->comment);
            if ((o & SQL_LIKE_STORAGE) && nc->type == c->type)
                nc->storage = c->storage;
            if ((o & SQL_LIKE_COMPRESSION) && nc->type == c->type)
                nc->compression = c->compression;
        }
        if (!(o & SQL_LIKE_COMMENTS) || !(l->options & SQL_LIKE_CONSTRAINTS))
            continue;
        for (int k = 0; k < srcs[i]->nchecks; k++) {
            if (srcs[i]->checks[k].comment == NULL)
                continue;
            for (int j = 0; j < w->nchecks; j++)
                if (strcmp(w->checks[j].name, srcs[i]->checks[k].name) == 0)
                    w->checks[j].comment = mem_strdup(env->stmt_ctx, srcs[i]->checks[k].comment);
        }
    }
    if (w != NULL) {
        w->version++;
        rc = sql__desc_store(env, w, e);
    }
    return rc;
}
