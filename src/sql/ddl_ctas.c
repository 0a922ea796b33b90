/* ddl_ctas.c — CREATE TABLE name [(cols)] AS query [WITH [NO] DATA]: a
 * table (no primary key: hidden row id) whose columns are the query's
 * output columns with their types, then filled by running
 * INSERT INTO name query in the same transaction. The command tag is
 * PostgreSQL's "SELECT n" ("CREATE TABLE AS" WITH NO DATA).
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/temp.h"
#include "sql/view.h"

#include <stdio.h>
#include <string.h>

static int fill(struct sql_env *env, const struct sql_stmt *st, const struct sql_table_desc *t,
                uint64_t *nrows, struct err *e)
{
    struct sql_rangevar *rv = mem_alloc0(env->stmt_ctx, sizeof *rv);
    rv->name.schema = mem_strdup(env->stmt_ctx, t->schema);
    rv->name.name = mem_strdup(env->stmt_ctx, t->name);
    rv->location = -1;
    rv->persistence = 'p';
    struct sql_stmt *ins = mem_alloc0(env->stmt_ctx, sizeof *ins);
    ins->kind = SQL_STMT_INSERT;
    ins->location = -1;
    ins->u.insert.table = rv;
    ins->u.insert.source = st->u.create_table_as.query;
    struct sql_plan *p;
    int rc = sql_plan_stmt(env, ins, env->stmt_ctx, NULL, NULL, 0, &p, e);
    if (rc != 0)
        return rc;
    struct sql_cursor *c;
    rc = sql_cursor_open(env, p, NULL, 0, env->stmt_ctx, &c, e);
    if (rc != 0)
        return rc;
    for (;;) {
        const struct sql_value *row;
        bool has;
        rc = sql_cursor_next(c, &row, &has, e);
        if (rc != 0 || !has)
            break;
    }
    if (rc == 0) {
        struct sbuf tag;
        sbuf_init(&tag);
        sql_cursor_tag(c, &tag);
        unsigned long long oid = 0, n = 0;
        if (sscanf(tag.data, "INSERT %llu %llu", &oid, &n) == 2)
            *nrows = n;
        sbuf_free(&tag);
    }
    sql_cursor_close(c);
    return rc;
}

int sql__ctas_fill(struct sql_env *env, const struct sql_stmt *st, const struct sql_table_desc *t,
                   uint64_t *nrows, struct err *e)
{
    return fill(env, st, t, nrows, e);
}

int sql__create_table_as(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                         struct err *e)
{
    const struct sql_rangevar *rv = st->u.create_table_as.table;
    bool mv = st->u.create_table_as.matview;
    sbuf_puts(tag, mv ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS");
    if (mv && rv->persistence == 'u')
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "materialized views cannot be unlogged");
    uint32_t ns;
    const char *nsname;
    bool temp;
    int rc = sql__temp_creation_schema(env, rv, &ns, &nsname, &temp, e);
    if (rc == 0 && st->u.create_table_as.on_commit != 0 && !temp)
        rc = sql__temp_on_commit(env, 0, false, st->u.create_table_as.on_commit, e);
    if (rc != 0)
        return rc;
    if (strlen(rv->name.name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
    uint32_t old;
    rc = sql__name_lookup(env, ns, rv->name.name, &old, NULL, e);
    if (rc != 0)
        return rc;
    if (old != 0) {
        if (st->u.create_table_as.if_not_exists)
            return sql__ddl_notice(env, "42P07", "relation \"%s\" already exists, skipping",
                                   rv->name.name);
        return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists",
                             rv->name.name);
    }
    struct sql_column *cols;
    int ncols;
    struct sql_view_dep *deps;
    int ndeps;
    char *text;
    rc = sql_view_describe(env, st->u.create_table_as.query, env->stmt_ctx, &cols, &ncols, &deps,
                           &ndeps, &text, e);
    if (rc == 0 && mv)
        rc = sql__matview_check_query(env, text, deps, ndeps, e);
    if (rc != 0)
        return rc;
    const struct sql_list *names = &st->u.create_table_as.colnames;
    if (names->n > ncols)
        return err_set_state(e, ERR_INVAL, "42601", "too many column names were specified");
    if (ncols > SQL_MAX_TABLE_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most %d columns",
                             SQL_MAX_TABLE_COLS);
    struct sql_table_desc *t;
    rc = sql__new_table_desc(env, ns, nsname, rv->name.name, &t, e);
    if (rc != 0)
        return rc;
    if (rv->persistence == 'u')
        t->persistence = 'u'; /* CREATE UNLOGGED TABLE AS: pg_class only (ddl_alter_meta.c) */
    t->cols = mem_alloc0(env->stmt_ctx, sizeof(*t->cols) * (size_t)(ncols + 2));
    for (int i = 0; i < ncols; i++) {
        struct sql_col_desc *c = &t->cols[t->ncols++];
        const char *nm = i < names->n ? names->items[i] : cols[i].name;
        for (int j = 0; j < i; j++)
            if (strcmp(t->cols[j].name, nm) == 0)
                return err_set_state(e, ERR_EXISTS, "42701",
                                     "column \"%s\" specified more than once", nm);
        if (cols[i].type_oid == SQL_T_RECORD && cols[i].typmod >= 0 &&
            sql__ctype_of_shape(cols[i].typmod) != NULL) /* ctype.h */
            return sql__ddl_unsupported(e, "CREATE TABLE AS with a column of a composite type");
        if (cols[i].type_oid == SQL_T_RECORD ||
            sql_array_elemtype(cols[i].type_oid) == SQL_T_RECORD)
            return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" has pseudo-type %s", nm,
                                 cols[i].type_oid == SQL_T_RECORD ? "record" : "record[]");
        c->id = t->next_col_id++;
        c->attnum = t->next_attnum++;
        snprintf(c->name, sizeof c->name, "%s", nm);
        c->type = cols[i].type_oid == SQL_T_UNKNOWN ? SQL_T_TEXT : cols[i].type_oid;
        c->typmod = cols[i].typmod;
    }
    struct sql_col_desc *rid = &t->cols[t->ncols++];
    rid->id = t->next_col_id++;
    rid->attnum = t->next_attnum++;
    snprintf(rid->name, sizeof(rid->name), "rowid");
    rid->type = SQL_T_INT8;
    rid->typmod = -1;
    rid->not_null = true;
    rid->hidden = true;
    t->idx = mem_alloc0(env->stmt_ctx, sizeof(*t->idx) * 2);
    t->nidx = 1;
    struct sql_idx_desc *px = &t->idx[0];
    px->id = SQL_PRIMARY_INDEX_ID;
    px->unique = true;
    snprintf(px->name, sizeof(px->name), "%s_rowid", t->name);
    px->ncols = 1;
    px->col_ids[0] = rid->id;
    t->checks = mem_alloc0(env->stmt_ctx, sizeof(*t->checks));
    if (mv) {
        t->matview = true;
        t->populated = !st->u.create_table_as.no_data;
        t->view_sql = text;
        t->deps = deps;
        t->ndeps = ndeps;
    }
    rc = sql__desc_store(env, t, e);
    if (rc == 0)
        rc = sql__name_store(env, ns, t->name, 'r', t->oid, e);
    for (int i = 0; rc == 0 && i < t->nidx; i++)
        rc = sql__index_store(env, t, &t->idx[i], e);
    if (rc == 0)
        rc = sql__temp_on_commit(env, t->oid, temp, st->u.create_table_as.on_commit, e);
    if (rc != 0 || st->u.create_table_as.no_data)
        return rc;
    uint64_t n = 0;
    bool saved = env->matview_fill;
    env->matview_fill = mv;
    rc = fill(env, st, t, &n, e);
    env->matview_fill = saved;
    if (rc == 0) {
        sbuf_reset(tag);
        sbuf_printf(tag, "SELECT %llu", (unsigned long long)n);
    }
    return rc;
}
