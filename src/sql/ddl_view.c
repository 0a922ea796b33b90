/* ddl_view.c — CREATE [OR REPLACE] VIEW, DROP VIEW, and the dependencies
 * of views on the relations and columns they read: DROP TABLE / DROP VIEW /
 * ALTER TABLE DROP COLUMN refuse (2BP01) or cascade to dependent views as
 * PostgreSQL's dependency.c words it, ALTER COLUMN TYPE of a used column
 * is refused, and a rename of something a view uses is refused (0A000: the
 * stored query names relations and columns by name).
 *
 * A view is a descriptor of kind 'v' (catalog_int.h): its columns (names,
 * types), its query in deparse.h's storage form and its dependencies.
 */
#include "sql/acl.h"
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/deparse.h"
#include "sql/env.h"
#include "sql/rowtype.h"
#include "sql/temp.h"
#include "sql/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_oid(const void *a, const void *b)
{
    const struct sql_table_desc *x = *(const struct sql_table_desc *const *)a;
    const struct sql_table_desc *y = *(const struct sql_table_desc *const *)b;
    return x->oid < y->oid ? -1 : x->oid > y->oid;
}

int sql_view_dependents(struct sql_env *env, uint32_t oid, int16_t attnum,
                        const struct sql_table_desc ***out, size_t *n, struct err *e)
{
    const struct sql_table_desc **all;
    size_t nall;
    *out = NULL;
    *n = 0;
    int rc = sql_cat_list_tables(env, &all, &nall, e);
    if (rc != 0)
        return rc;
    const struct sql_table_desc **v = mem_alloc0(env->stmt_ctx, sizeof *v * (nall + 1));
    size_t k = 0;
    for (size_t i = 0; i < nall; i++) {
        const struct sql_table_desc *t = all[i];
        if ((t->kind != 'v' && !t->matview) || t->oid == oid)
            continue;
        for (int j = 0; j < t->ndeps; j++) {
            if (t->deps[j].oid == oid && (attnum == 0 || t->deps[j].attnum == attnum)) {
                v[k++] = t;
                break;
            }
        }
    }
    qsort(v, k, sizeof *v, cmp_oid);
    *out = v;
    *n = k;
    return 0;
}

/* The transitive dependents of one object, depth first, with PostgreSQL's
 * "view v depends on table t" lines. */
struct dropset {
    const struct sql_table_desc **v;
    size_t n, cap;
    struct sbuf detail;  /* "view v depends on ..." lines */
    struct sbuf cascade; /* "drop cascades to view v" lines */
};

static bool in_set(const struct dropset *d, uint32_t oid)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i]->oid == oid)
            return true;
    return false;
}

static int collect(struct sql_env *env, uint32_t oid, int16_t attnum, const char *what,
                   uint32_t skip, struct dropset *d, struct err *e)
{
    const struct sql_table_desc **deps;
    size_t n;
    int rc = sql_view_dependents(env, oid, attnum, &deps, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct sql_table_desc *v = deps[i];
        if (v->oid == skip || in_set(d, v->oid))
            continue;
        if (d->n == d->cap) {
            size_t nc = d->cap ? d->cap * 2 : 8;
            d->v = mem_realloc(env->stmt_ctx, d->v, sizeof *d->v * d->cap, sizeof *d->v * nc);
            d->cap = nc;
        }
        d->v[d->n++] = v;
        if (d->detail.len > 0)
            sbuf_putc(&d->detail, '\n');
        const char *vw = v->matview ? "materialized view" : "view";
        sbuf_printf(&d->detail, "%s %s depends on %s", vw, v->name, what);
        if (d->cascade.len > 0)
            sbuf_putc(&d->cascade, '\n');
        sbuf_printf(&d->cascade, "drop cascades to %s %s", vw, v->name);
        char sub[SQL_NAME_BUF + 24];
        snprintf(sub, sizeof sub, "%s %s", vw, v->name);
        rc = collect(env, v->oid, 0, sub, skip, d, e);
    }
    return rc;
}

static int drop_view_desc(struct sql_env *env, const struct sql_table_desc *v, struct err *e)
{
    if (v->matview)
        return sql__drop_table(env, v, e);
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, v->oid);
    int rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    if (rc == 0)
        rc = sql__name_delete(env, v->schema_oid, v->name, e);
    if (rc == 0)
        sql__rowtype_forget(v->oid); /* rowtype.h */
    return rc;
}

/* Refuse (2BP01) or drop the views that depend on oid/attnum; obj is
 * "table t", "view v" or "column a of table t". */
static int drop_dependents(struct sql_env *env, uint32_t oid, int16_t attnum, const char *obj,
                           bool cascade, bool quiet, struct err *e)
{
    struct dropset d = {0};
    sbuf_init(&d.detail);
    sbuf_init(&d.cascade);
    int rc = collect(env, oid, attnum, obj, oid, &d, e);
    if (rc == 0 && d.n > 0) {
        if (!cascade) {
            rc = err_set_state(e, ERR_INVAL, "2BP01",
                               "cannot drop %s because other objects depend on it\nDETAIL:  "
                               "%s\nHINT:  Use DROP ... CASCADE to drop the dependent objects "
                               "too.",
                               obj, d.detail.data);
        } else if (env->notice != NULL && !quiet) {
            char msg[64];
            struct sql_notice nt = {.severity = "NOTICE", .sqlstate = "00000", .message = msg};
            if (d.n == 1) {
                nt.message = d.cascade.data;
            } else {
                snprintf(msg, sizeof msg, "drop cascades to %zu other objects", d.n);
                nt.detail = d.cascade.data;
            }
            rc = env->notice(env->notice_arg, &nt);
        }
        for (size_t i = 0; rc == 0 && cascade && i < d.n; i++)
            rc = drop_view_desc(env, d.v[i], e);
    }
    sbuf_free(&d.detail);
    sbuf_free(&d.cascade);
    return rc;
}

int sql_view_drop_dependents(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                             struct err *e)
{
    char obj[SQL_NAME_BUF + 24];
    snprintf(obj, sizeof obj, "%s %s",
             t->kind == 'v' ? "view"
             : t->matview   ? "materialized view"
                            : "table",
             t->name);
    return drop_dependents(env, t->oid, 0, obj, cascade, false, e);
}

int sql__view_drop_dependents_quiet(struct sql_env *env, const struct sql_table_desc *t,
                                    struct err *e)
{
    return drop_dependents(env, t->oid, 0, t->name, true, true, e);
}

int sql__view_drop_column_deps(struct sql_env *env, const struct sql_table_desc *t,
                               const struct sql_col_desc *c, bool cascade, struct err *e)
{
    char obj[2 * SQL_NAME_BUF + 20];
    snprintf(obj, sizeof obj, "column %s of table %s", c->name, t->name);
    return drop_dependents(env, t->oid, c->attnum, obj, cascade, false, e);
}

int sql__view_drop_pkey_deps(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                             struct err *e)
{
    char obj[2 * SQL_NAME_BUF + 28];
    snprintf(obj, sizeof obj, "constraint %s on table %s", t->idx[0].name, t->name);
    return drop_dependents(env, t->oid, SQL_VIEW_DEP_PKEY, obj, cascade, false, e);
}

int sql__view_alter_type_deps(struct sql_env *env, const struct sql_table_desc *t,
                              const struct sql_col_desc *c, struct err *e)
{
    const struct sql_table_desc **deps;
    size_t n;
    int rc = sql_view_dependents(env, t->oid, c->attnum, &deps, &n, e);
    if (rc == 0 && n > 0)
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "cannot alter type of a column used by a view or rule\nDETAIL:  rule "
                           "_RETURN on %s %s depends on column \"%s\"",
                           deps[0]->matview ? "materialized view" : "view", deps[0]->name, c->name);
    return rc;
}

int sql__view_rename_check(struct sql_env *env, const struct sql_table_desc *t, int16_t attnum,
                           struct err *e)
{
    const struct sql_table_desc **deps;
    size_t n;
    int rc = sql_view_dependents(env, t->oid, t->kind == 'v' ? 0 : attnum, &deps, &n, e);
    if (rc == 0 && n > 0)
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "renaming %s \"%s\" is not supported: view \"%s\" depends on it",
                           attnum != 0 ? "a column of" : "relation", t->name, deps[0]->name);
    return rc;
}

/* ---- CREATE [OR REPLACE] VIEW ---- */

static int replace_check(const struct sql_table_desc *old, const struct sql_table_desc *nv,
                         struct err *e)
{
    if (nv->ncols < old->ncols)
        return err_set_state(e, ERR_INVAL, "42P16", "cannot drop columns from view");
    for (int i = 0; i < old->ncols; i++) {
        const struct sql_col_desc *a = &old->cols[i], *b = &nv->cols[i];
        if (strcmp(a->name, b->name) != 0)
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "cannot change name of view column \"%s\" to \"%s\"\nHINT:  "
                                 "Use ALTER VIEW ... RENAME COLUMN ... to change name of view "
                                 "column instead.",
                                 a->name, b->name);
        if (a->type != b->type || a->typmod != b->typmod) {
            struct sbuf x, y;
            sbuf_init(&x);
            sbuf_init(&y);
            sql_type_format(a->type, a->typmod, &x);
            sql_type_format(b->type, b->typmod, &y);
            int rc = err_set_state(e, ERR_INVAL, "42P16",
                                   "cannot change data type of view column \"%s\" from %s to %s",
                                   a->name, x.data, y.data);
            sbuf_free(&x);
            sbuf_free(&y);
            return rc;
        }
    }
    return 0;
}

/* Whether reloptions text holds check_option. */
static bool view_has_check_option(const char *o)
{
    return strncmp(o, "check_option=", 13) == 0 || strstr(o, ",check_option=") != NULL;
}

/* WITH (...) (PostgreSQL's view reloptions: check_option, security_barrier,
 * security_invoker; ddl_alter_meta.c checks them) and WITH CHECK OPTION:
 * reloptions text "check_option=local,..." in *out, or NULL. */
static int view_options(struct sql_env *env, const struct sql_stmt *st, const char **out,
                        struct err *e)
{
    char *o = NULL;
    int rc =
        sql__reloptions_apply(env, SQL_RELOPT_VIEW, NULL, &st->u.create_view.options, false, &o, e);
    if (rc != 0)
        return rc;
    enum sql_check_option c = st->u.create_view.check;
    if (c != SQL_CHECK_NONE) {
        if (o != NULL && view_has_check_option(o))
            return err_set_state(e, ERR_INVAL, "22023",
                                 "parameter \"check_option\" specified more than once");
        o = mem_printf(env->stmt_ctx, "%s%scheck_option=%s", o != NULL ? o : "",
                       o != NULL ? "," : "", c == SQL_CHECK_LOCAL ? "local" : "cascaded");
    }
    *out = o;
    return 0;
}

int sql__create_view(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.create_view.view;
    const char *options = NULL;
    bool want_check = st->u.create_view.check != SQL_CHECK_NONE;
    for (int i = 0; i < st->u.create_view.options.n; i++) {
        const struct sql_option *o = st->u.create_view.options.items[i];
        want_check |= o->ns == NULL && strcmp(o->name, "check_option") == 0;
    }
    int rc = 0;
    if (want_check && (rc = sql_view_check_option_ok(env, st->u.create_view.query, e)) != 0)
        return rc;
    rc = view_options(env, st, &options, e);
    if (rc != 0)
        return rc;
    uint32_t ns;
    const char *nsname;
    bool temp;
    rc = sql__temp_creation_schema(env, rv, &ns, &nsname, &temp, e);
    if (rc != 0)
        return rc;
    if (strlen(rv->name.name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
    struct sql_column *cols;
    int ncols;
    struct sql_view_dep *deps;
    int ndeps;
    char *text;
    rc = sql_view_describe(env, st->u.create_view.query, env->stmt_ctx, &cols, &ncols, &deps,
                           &ndeps, &text, e);
    if (rc != 0)
        return rc;
    if (text == NULL)
        return sql__ddl_unsupported(e, "CREATE VIEW with * over a FULL JOIN ... USING");
    bool uses_temp = false;
    if (!temp && (rc = sql__deps_temp(env, deps, ndeps, &uses_temp, e)) != 0)
        return rc;
    if (uses_temp) { /* PostgreSQL's implicit TEMP */
        rc = sql__ddl_notice(env, "00000", "view \"%s\" will be a temporary view", rv->name.name);
        if (rc == 0 && rv->name.schema != NULL)
            rc = err_set_state(e, ERR_INVAL, "42P16",
                               "cannot create temporary relation in non-temporary schema");
        if (rc == 0)
            rc = sql__temp_schema(env, &ns, &nsname, e);
        if (rc != 0)
            return rc;
    }
    const struct sql_list *names = &st->u.create_view.colnames;
    if (names->n > ncols)
        return err_set_state(e, ERR_INVAL, "42601",
                             "CREATE VIEW specifies more column names than columns");
    if (ncols > SQL_MAX_TABLE_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most %d columns",
                             SQL_MAX_TABLE_COLS);
    struct sql_table_desc *t = mem_alloc0(env->stmt_ctx, sizeof(*t));
    t->version = 1;
    t->kind = 'v';
    t->schema_oid = ns;
    snprintf(t->schema, sizeof(t->schema), "%s", nsname);
    snprintf(t->name, sizeof(t->name), "%s", rv->name.name);
    snprintf(t->owner, sizeof(t->owner), "%s", env->user ? env->user : SQL_DEFAULT_NAME);
    t->next_idx_id = SQL_PRIMARY_INDEX_ID + 1;
    t->reltuples = -1;
    t->cols = mem_alloc0(env->stmt_ctx, sizeof(*t->cols) * (size_t)(ncols + 1));
    t->ncols = ncols;
    for (int i = 0; i < ncols; i++) {
        struct sql_col_desc *c = &t->cols[i];
        const char *nm = i < names->n ? names->items[i] : cols[i].name;
        if (strlen(nm) > SQL_NAME_MAX)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
        for (int j = 0; j < i; j++)
            if (strcmp(t->cols[j].name, nm) == 0)
                return err_set_state(e, ERR_EXISTS, "42701",
                                     "column \"%s\" specified more than once", nm);
        c->id = (uint32_t)(i + 1);
        c->attnum = (int16_t)(i + 1);
        snprintf(c->name, sizeof c->name, "%s", nm);
        c->type = cols[i].type_oid == SQL_T_UNKNOWN ? SQL_T_TEXT : cols[i].type_oid;
        c->typmod = cols[i].typmod;
        const struct sql_ctype *ct =
            c->type == SQL_T_RECORD ? sql__ctype_of_shape(c->typmod) : NULL;
        /* an anonymous record (ROW(...), a SEARCH / CYCLE column) has no
         * type a view column can keep, as PostgreSQL's CheckAttributeType */
        if ((c->type == SQL_T_RECORD && ct == NULL) || sql_array_elemtype(c->type) == SQL_T_RECORD)
            return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" has pseudo-type %s", nm,
                                 c->type == SQL_T_RECORD ? "record" : "record[]");
        if (ct != NULL) /* stored as the composite type's oid (ctype.h) */
            c->ctype = ct->oid;
    }
    t->next_col_id = (uint32_t)ncols + 1;
    t->next_attnum = (int16_t)(ncols + 1);
    t->view_sql = text;
    t->options = (char *)options;
    t->ndeps = ndeps;
    t->deps = deps;

    uint32_t old;
    char kind = 0;
    rc = sql__name_lookup(env, ns, rv->name.name, &old, &kind, e);
    if (rc != 0)
        return rc;
    if (old != 0) {
        if (!st->u.create_view.replace)
            return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists",
                                 rv->name.name);
        if (kind != 'v')
            return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a view", rv->name.name);
        const struct sql_table_desc *o;
        rc = sql_cat_table_by_oid(env, old, &o, e);
        if (rc != 0)
            return rc;
        if (o == NULL)
            return sql__corrupt(e, "name", old, "names a missing descriptor");
        rc = replace_check(o, t, e);
        if (rc != 0)
            return rc;
        for (int i = 0; i < ndeps; i++)
            if (deps[i].oid == old)
                return err_set_state(e, ERR_INVAL, "42P17",
                                     "infinite recursion detected in rules for relation \"%s\"",
                                     rv->name.name);
        t->oid = old;
        t->version = o->version + 1;
        snprintf(t->owner, sizeof t->owner, "%s", o->owner);
        t->comment = o->comment;
        for (int i = 0; i < o->ncols; i++) /* the columns keep their defaults */
            t->cols[i].default_sql = o->cols[i].default_sql;
        return sql__desc_store(env, t, e);
    }
    rc = sql__oid_alloc(env, &t->oid, e);
    if (rc == 0)
        rc = sql__desc_store(env, t, e);
    if (rc == 0)
        rc = sql__name_store(env, ns, t->name, 'v', t->oid, e);
    return rc;
}

/* ---- ALTER VIEW ---- */

int sql__alter_view(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.alter_table.table;
    uint32_t oid;
    char kind;
    int rc = sql__find_rel_rv(env, rv, st->u.alter_table.if_exists, &oid, &kind, e);
    if (rc != 0 || oid == 0)
        return rc;
    if (kind != 'v')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a view", rv->name.name);
    const struct sql_table_desc *v0;
    rc = sql_cat_table_by_oid(env, oid, &v0, e);
    if (rc != 0)
        return rc;
    if (v0 == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    struct sql_table_desc *v = sql__desc_copy(env->stmt_ctx, v0);
    for (int i = 0; i < st->u.alter_table.cmds.n; i++) {
        const struct sql_alter_cmd *cmd = st->u.alter_table.cmds.items[i];
        if (cmd->kind == SQL_ALTER_SET_RELOPTIONS || cmd->kind == SQL_ALTER_OWNER) {
            rc = sql__alter_meta(env, v, cmd, e); /* ddl_alter_meta.c */
            if (rc != 0)
                return rc;
            continue;
        }
        if (cmd->kind != SQL_ALTER_SET_DEFAULT && cmd->kind != SQL_ALTER_DROP_DEFAULT)
            return sql__ddl_unsupported(e, "this form of ALTER VIEW");
        struct sql_col_desc *c = NULL;
        for (int j = 0; j < v->ncols; j++)
            if (!v->cols[j].hidden && strcmp(v->cols[j].name, cmd->name) == 0)
                c = &v->cols[j];
        if (c == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" of relation \"%s\" does not exist", cmd->name,
                                 v->name);
        c->default_sql = NULL;
        if (cmd->kind == SQL_ALTER_SET_DEFAULT && cmd->expr != NULL) {
            c->default_sql = sql__deparse(env, cmd->expr);
            rc = sql__ddl_compile(env, v, c->default_sql, c->type, c->typmod, env->stmt_ctx, NULL,
                                  e);
            if (rc != 0)
                return rc;
        }
    }
    v->version++;
    return sql__desc_store(env, v, e);
}

/* ---- DROP VIEW ---- */

int sql__drop_view(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    bool cascade = st->u.drop.behavior == SQL_DROP_CASCADE;
    bool mv = st->u.drop.objtype == SQL_OBJ_MATVIEW; /* DROP MATERIALIZED VIEW */
    const char *word = mv ? "materialized view" : "view";
    for (int i = 0; i < st->u.drop.names.n; i++) {
        const struct sql_qname *q = st->u.drop.names.items[i];
        uint32_t oid, ns;
        char kind;
        int rc = sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, e);
        if (rc != 0)
            return rc;
        if (oid == 0) {
            if (q->schema != NULL && ns == 0 && !st->u.drop.if_exists)
                return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                     q->schema);
            if (st->u.drop.if_exists) {
                rc = sql__ddl_notice(env, "00000", "%s \"%s\" does not exist, skipping", word,
                                     q->name);
                if (rc != 0)
                    return rc;
                continue;
            }
            return err_set_state(e, ERR_NOTFOUND, "42P01", "%s \"%s\" does not exist", word,
                                 q->name);
        }
        const struct sql_table_desc *v = NULL;
        if (kind == 'v' || kind == 'r') {
            rc = sql_cat_table_by_oid(env, oid, &v, e);
            if (rc != 0)
                return rc;
            if (v == NULL)
                return sql__corrupt(e, "name", oid, "names a missing descriptor");
        }
        if (v == NULL || v->matview != mv || (!mv && kind != 'v')) {
            const char *hint = kind == 'i'   ? "Use DROP INDEX to remove an index."
                               : kind == 'S' ? "Use DROP SEQUENCE to remove a sequence."
                               : kind == 'v' ? "Use DROP VIEW to remove a view."
                               : v != NULL && v->matview
                                   ? "Use DROP MATERIALIZED VIEW to remove a materialized view."
                                   : "Use DROP TABLE to remove a table.";
            return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a %s\nHINT:  %s", q->name,
                                 word, hint);
        }
        rc = sql__acl_check_owner(env, v->owner, word, v->name, e); /* acl.h */
        if (rc == 0)
            rc = sql_view_drop_dependents(env, v, cascade, e);
        if (rc == 0)
            rc = drop_view_desc(env, v, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}
