/* ddl_matview.c — materialized views: CREATE MATERIALIZED VIEW (ddl_ctas.c
 * with the query's checks here), REFRESH MATERIALIZED VIEW [CONCURRENTLY]
 * [WITH [NO] DATA]; DROP MATERIALIZED VIEW is ddl_view.c's DROP VIEW.
 *
 * A materialized view is a table descriptor (kind 'r', hidden row id as
 * CREATE TABLE AS gives it) with `matview` set, its query in view_sql and
 * its dependencies in deps as a view's (ddl_view.c drops or refuses it
 * with the relations it reads), and `populated` false after WITH NO DATA.
 * REFRESH gives every index of it a fresh id (the old spans become garbage,
 * as TRUNCATE's) and fills it again in the statement's transaction:
 * ROLLBACK leaves the old contents. CONCURRENTLY runs as a plain refresh
 * after PostgreSQL's checks (the results are the same).
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/parse.h"
#include "sql/temp.h"
#include "sql/view.h"

#include <stdio.h>
#include <string.h>

int sql__deps_temp(struct sql_env *env, const struct sql_view_dep *deps, int ndeps, bool *temp,
                   struct err *e)
{
    *temp = false;
    for (int i = 0; i < ndeps && !*temp; i++) {
        const struct sql_table_desc *d;
        int rc = sql_cat_table_by_oid(env, deps[i].oid, &d, e);
        if (rc != 0)
            return rc;
        *temp = d != NULL && sql_temp_is_schema_name(d->schema);
    }
    return 0;
}

int sql__matview_check_query(struct sql_env *env, const char *text, const struct sql_view_dep *deps,
                             int ndeps, struct err *e)
{
    if (text == NULL)
        return sql__ddl_unsupported(e,
                                    "CREATE MATERIALIZED VIEW with * over a FULL JOIN ... USING");
    bool temp;
    int rc = sql__deps_temp(env, deps, ndeps, &temp, e);
    if (rc == 0 && temp)
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "materialized views must not use temporary tables or views");
    return rc;
}

/* The materialized view rv names (42P01 / 3F000 / 42809). */
static int open_matview(struct sql_env *env, const struct sql_rangevar *rv,
                        const struct sql_table_desc **out, struct err *e)
{
    uint32_t oid;
    char kind;
    *out = NULL;
    int rc = sql__find_rel_rv(env, rv, false, &oid, &kind, e);
    if (rc != 0)
        return rc;
    if (kind != 'r')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a table or materialized view",
                             rv->name.name);
    rc = sql_cat_table_by_oid(env, oid, out, e);
    if (rc == 0 && *out == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    if (rc == 0 && !(*out)->matview)
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a materialized view",
                             rv->name.name);
    return rc;
}

/* CONCURRENTLY needs a unique index without WHERE over plain columns. */
static bool has_plain_unique_index(const struct sql_table_desc *t)
{
    for (int i = 0; i < t->nidx; i++) {
        const struct sql_idx_desc *x = &t->idx[i];
        if (x->oid == 0 || !x->unique)
            continue;
        bool plain = true;
        for (int j = 0; j < x->ncols; j++)
            plain = plain && x->exprs[j] == NULL;
        if (plain)
            return true;
    }
    return false;
}

int sql__refresh_matview(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                         struct err *e)
{
    sbuf_puts(tag, "REFRESH MATERIALIZED VIEW");
    bool conc = st->u.create_table_as.concurrent, no_data = st->u.create_table_as.no_data;
    const struct sql_table_desc *t0;
    int rc = open_matview(env, st->u.create_table_as.table, &t0, e);
    if (rc != 0)
        return rc;
    if (conc && !t0->populated)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "CONCURRENTLY cannot be used when the materialized view is not "
                             "populated");
    if (conc && no_data)
        return err_set_state(e, ERR_INVAL, "42601",
                             "REFRESH options CONCURRENTLY and WITH NO DATA cannot be used "
                             "together");
    if (conc && !has_plain_unique_index(t0))
        return err_set_state(e, ERR_INVAL, "55000",
                             "cannot refresh materialized view \"%s.%s\" concurrently\nHINT:  "
                             "Create a unique index with no WHERE clause on one or more columns "
                             "of the materialized view.",
                             t0->schema, t0->name);
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    /* New index ids: the old contents become garbage at once (as TRUNCATE). */
    for (int j = 0; j < t->nidx; j++) {
        rc = sql__garbage_add(env, t->oid, t->idx[j].id, e);
        if (rc == 0)
            rc = sql__index_id_new(env, t, &t->idx[j].id, e);
        if (rc != 0)
            return rc;
    }
    t->reltuples = -1;
    t->populated = !no_data;
    t->version++;
    rc = sql__desc_store(env, t, e);
    if (rc != 0 || no_data)
        return rc;
    struct sql_parse_result pr;
    rc = sql_parse(t->view_sql, strlen(t->view_sql), NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT)
        return sql__corrupt(e, "materialized view", t->oid, "stored query is not a SELECT");
    struct sql_rangevar *rv = mem_alloc0(env->stmt_ctx, sizeof *rv);
    rv->name.schema = t->schema;
    rv->name.name = t->name;
    rv->location = -1;
    rv->persistence = 'p';
    struct sql_stmt fst;
    memset(&fst, 0, sizeof fst);
    fst.kind = SQL_STMT_CREATE_TABLE_AS;
    fst.location = -1;
    fst.u.create_table_as.table = rv;
    fst.u.create_table_as.query = pr.stmts[0]->u.select;
    fst.u.create_table_as.matview = true;
    uint64_t n = 0;
    bool saved = env->matview_fill;
    env->matview_fill = true;
    rc = sql__ctas_fill(env, &fst, t, &n, e);
    env->matview_fill = saved;
    return rc;
}
