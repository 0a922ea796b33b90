/* pgcat_info.c — information_schema views: tables, columns, schemata,
 * table_constraints, key_column_usage, sequences (SQL standard part 11,
 * as PostgreSQL 15's information_schema.sql computes them for a
 * superuser: every object is listed, pg_catalog's included).
 *
 * NOT NULL columns appear in table_constraints as CHECK constraints named
 * <schema oid>_<table oid>_<attnum>_not_null, as PostgreSQL names them.
 * Domains are their base types here (sql_identifier is name, character_data
 * and yes_or_no are varchar, cardinal_number is int4).
 */
#include "sql/domain.h"
#include "sql/env.h"
#include "sql/view.h"
#include "sql/vtab.h"

#include "common/mem.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>

static const char *yes_no(bool b)
{
    return b ? "YES" : "NO";
}

static const char *dbname(struct sql_env *env)
{
    return env->database != NULL ? env->database : SQL_DEFAULT_NAME;
}

int sql__pgcat_is_schemata(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                           size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "schemata")->desc, ctx);
    struct sql_schema_desc *s;
    size_t n;
    int rc = sql_cat_list_schemas(env, &s, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        sql__vr_row(&r);
        sql__vr_str(&r, "catalog_name", dbname(env));
        sql__vr_str(&r, "schema_name", s[i].name);
        sql__vr_str(&r, "schema_owner", s[i].owner);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_is_tables(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "tables")->desc, ctx);
    size_t nv;
    const struct sql_vtab *const *vt = sql_vtab_all(&nv);
    for (size_t i = 0; i < nv; i++) {
        bool view = sql__pgcat_relkind(vt[i]) == 'v';
        sql__vr_row(&r);
        sql__vr_str(&r, "table_catalog", dbname(env));
        sql__vr_str(&r, "table_schema", vt[i]->desc->schema);
        sql__vr_str(&r, "table_name", vt[i]->desc->name);
        sql__vr_str(&r, "table_type", view ? "VIEW" : "BASE TABLE");
        sql__vr_str(&r, "is_insertable_into", yes_no(!view));
        sql__vr_str(&r, "is_typed", "NO");
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if ((t->kind != 'r' && t->kind != 'v') || t->matview)
            continue;
        sql__vr_row(&r);
        sql__vr_str(&r, "table_catalog", dbname(env));
        sql__vr_str(&r, "table_schema", t->schema);
        sql__vr_str(&r, "table_name", t->name);
        sql__vr_str(&r, "table_type", t->kind == 'v' ? "VIEW" : "BASE TABLE");
        bool ins = t->kind == 'r';
        if (t->kind == 'v')
            sql_view_updatable(env, t, ctx, &ins, NULL);
        sql__vr_str(&r, "is_insertable_into", yes_no(ins));
        sql__vr_str(&r, "is_typed", "NO");
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* The type columns of information_schema.columns (PostgreSQL's
 * _pg_char_max_length, _pg_numeric_precision, ... functions). */
static void column_type(struct sql__vrows *r, struct sql_env *env, uint32_t type, int32_t typmod)
{
    const struct sql_type_info *ti = sql_type_get(type);
    sql__vr_str(r, "data_type", ti != NULL ? ti->sql_name : "USER-DEFINED");
    switch (type) {
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
        if (typmod >= 4) {
            sql__vr_int(r, "character_maximum_length", typmod - 4);
            sql__vr_int(r, "character_octet_length", (int64_t)(typmod - 4) * 4);
        } else {
            sql__vr_int(r, "character_octet_length", 1073741824);
        }
        break;
    case SQL_T_TEXT:
        sql__vr_int(r, "character_octet_length", 1073741824);
        break;
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
        sql__vr_int(r, "numeric_precision", type == SQL_T_INT2 ? 16 : type == SQL_T_INT4 ? 32 : 64);
        sql__vr_int(r, "numeric_precision_radix", 2);
        sql__vr_int(r, "numeric_scale", 0);
        break;
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
        sql__vr_int(r, "numeric_precision", type == SQL_T_FLOAT4 ? 24 : 53);
        sql__vr_int(r, "numeric_precision_radix", 2);
        break;
    case SQL_T_NUMERIC:
        sql__vr_int(r, "numeric_precision_radix", 10);
        if (typmod >= 4) {
            sql__vr_int(r, "numeric_precision", ((typmod - 4) >> 16) & 0xFFFF);
            sql__vr_int(r, "numeric_scale", (typmod - 4) & 0xFFFF);
        }
        break;
    case SQL_T_DATE:
        sql__vr_int(r, "datetime_precision", 0);
        break;
    case SQL_T_TIME:
    case SQL_T_TIMETZ:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
        sql__vr_int(r, "datetime_precision", typmod >= 0 ? typmod : 6);
        break;
    case SQL_T_INTERVAL: {
        /* _pg_datetime_precision: the precision in the low 16 bits
         * (0xFFFF: none); _pg_interval_type: the fields format_type
         * prints after "interval[(p)] ", upper-cased. */
        int prec = typmod < 0 || (typmod & 0xFFFF) == 0xFFFF ? 6 : typmod & 0xFFFF;
        sql__vr_int(r, "datetime_precision", prec);
        struct sbuf f;
        sbuf_init(&f);
        sql_type_format(type, typmod, &f);
        const char *p = f.data != NULL ? f.data + strlen("interval") : "";
        while (*p == '(' || *p == ')' || (*p >= '0' && *p <= '9'))
            p++;
        if (*p == ' ') {
            char buf[64];
            size_t n = 0;
            for (p++; *p && n + 1 < sizeof(buf); p++)
                buf[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            buf[n] = '\0';
            sql__vr_str(r, "interval_type", buf);
        }
        sbuf_free(&f);
        break;
    }
    default:
        break;
    }
    sql__vr_str(r, "udt_catalog", dbname(env));
    sql__vr_str(r, "udt_schema", SQL_NS_PG_CATALOG_STR);
    sql__vr_str(r, "udt_name", ti != NULL ? ti->name : "???");
}

static void column_common(struct sql__vrows *r, struct sql_env *env, const char *schema,
                          const char *table, const char *name, int attnum)
{
    char dtd[16];
    snprintf(dtd, sizeof(dtd), "%d", attnum);
    sql__vr_row(r);
    sql__vr_str(r, "table_catalog", dbname(env));
    sql__vr_str(r, "table_schema", schema);
    sql__vr_str(r, "table_name", table);
    sql__vr_str(r, "column_name", name);
    sql__vr_int(r, "ordinal_position", attnum);
    sql__vr_str(r, "dtd_identifier", dtd);
    sql__vr_str(r, "is_self_referencing", "NO");
    sql__vr_str(r, "is_generated", "NEVER");
}

static const struct sql_table_desc *by_oid(const struct sql_table_desc **all, size_t n,
                                           uint32_t oid)
{
    for (size_t i = 0; i < n; i++)
        if (all[i]->oid == oid)
            return all[i];
    return NULL;
}

int sql__pgcat_is_columns(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "columns")->desc, ctx);
    size_t nv;
    const struct sql_vtab *const *vt = sql_vtab_all(&nv);
    for (size_t i = 0; i < nv; i++) {
        const struct sql_table_desc *d = vt[i]->desc;
        for (int c = 0; c < d->ncols; c++) {
            column_common(&r, env, d->schema, d->name, d->cols[c].name, d->cols[c].attnum);
            column_type(&r, env, d->cols[c].type, -1);
            sql__vr_str(&r, "is_nullable", "YES");
            sql__vr_str(&r, "is_identity", "NO");
            sql__vr_str(&r, "is_updatable", "NO");
        }
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if ((t->kind != 'r' && t->kind != 'v') || t->matview)
            continue;
        bool *vupd = NULL;
        if (t->kind == 'v') {
            bool any;
            vupd = mem_alloc0(ctx, sizeof(bool) * (size_t)(t->ncols + 1));
            sql_view_updatable(env, t, ctx, &any, vupd);
        }
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_col_desc *cd = &t->cols[c];
            if (cd->hidden)
                continue;
            column_common(&r, env, t->schema, t->name, cd->name, cd->attnum);
            column_type(&r, env, cd->type, cd->typmod);
            const struct sql_domain *dom = cd->domain != 0 ? sql_domain_get(cd->domain) : NULL;
            if (dom != NULL) {
                sql__vr_str(&r, "domain_catalog", dbname(env));
                sql__vr_str(&r, "domain_schema", dom->schema);
                sql__vr_str(&r, "domain_name", dom->ti.name);
            }
            if (cd->generated) {
                sql__vr_str(&r, "is_generated", "ALWAYS");
                sql__vr_str(&r, "generation_expression", sql__pgcat_adbin(env, ctx, cd));
            } else if (cd->identity == 0) {
                sql__vr_str(&r, "column_default", sql__pgcat_adbin(env, ctx, cd));
            }
            sql__vr_str(&r, "is_nullable", yes_no(!cd->not_null));
            sql__vr_str(&r, "is_identity", yes_no(cd->identity != 0));
            sql__vr_str(&r, "is_updatable", yes_no(t->kind == 'r' || (vupd != NULL && vupd[c])));
            if (cd->identity != 0) {
                sql__vr_str(&r, "identity_generation",
                            cd->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
                const struct sql_table_desc *s = by_oid(all, n, cd->identity_seq);
                if (s != NULL) {
                    char buf[32];
                    snprintf(buf, sizeof(buf), "%lld", (long long)s->seq.start);
                    sql__vr_str(&r, "identity_start", buf);
                    snprintf(buf, sizeof(buf), "%lld", (long long)s->seq.increment);
                    sql__vr_str(&r, "identity_increment", buf);
                    snprintf(buf, sizeof(buf), "%lld", (long long)s->seq.max);
                    sql__vr_str(&r, "identity_maximum", buf);
                    snprintf(buf, sizeof(buf), "%lld", (long long)s->seq.min);
                    sql__vr_str(&r, "identity_minimum", buf);
                    sql__vr_str(&r, "identity_cycle", yes_no(s->seq.cycle));
                }
            }
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static void constraint_row(struct sql__vrows *r, struct sql_env *env,
                           const struct sql_table_desc *t, const char *name, const char *type)
{
    sql__vr_row(r);
    sql__vr_str(r, "constraint_catalog", dbname(env));
    sql__vr_str(r, "constraint_schema", t->schema);
    sql__vr_str(r, "constraint_name", name);
    sql__vr_str(r, "table_catalog", dbname(env));
    sql__vr_str(r, "table_schema", t->schema);
    sql__vr_str(r, "table_name", t->name);
    sql__vr_str(r, "constraint_type", type);
    sql__vr_str(r, "is_deferrable", "NO");
    sql__vr_str(r, "initially_deferred", "NO");
    sql__vr_str(r, "enforced", "YES");
}

int sql__pgcat_is_table_constraints(struct sql_env *env, struct mem_ctx *ctx,
                                    struct sql_value ***rows, size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "table_constraints")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'r')
            continue;
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0 || !ix->constraint)
                continue;
            constraint_row(&r, env, t, ix->name, ix->primary ? "PRIMARY KEY" : "UNIQUE");
            if (!ix->primary)
                sql__vr_str(&r, "nulls_distinct", "YES");
        }
        for (int k = 0; k < t->nchecks; k++)
            constraint_row(&r, env, t, t->checks[k].name, "CHECK");
        for (int k = 0; k < t->nfks; k++) {
            constraint_row(&r, env, t, t->fks[k].name, "FOREIGN KEY");
            if (t->fks[k].deferrable)
                sql__vr_str(&r, "is_deferrable", "YES");
            if (t->fks[k].initdeferred)
                sql__vr_str(&r, "initially_deferred", "YES");
        }
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_col_desc *cd = &t->cols[c];
            if (cd->hidden || !cd->not_null)
                continue;
            char name[64];
            snprintf(name, sizeof(name), "%u_%u_%d_not_null", t->schema_oid, t->oid, cd->attnum);
            constraint_row(&r, env, t, name, "CHECK");
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_is_key_column_usage(struct sql_env *env, struct mem_ctx *ctx,
                                   struct sql_value ***rows, size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "key_column_usage")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0 || !ix->constraint)
                continue;
            for (int j = 0; j < ix->ncols; j++) {
                const struct sql_col_desc *cd = sql_cat_column_by_id(t, ix->col_ids[j]);
                sql__vr_row(&r);
                sql__vr_str(&r, "constraint_catalog", dbname(env));
                sql__vr_str(&r, "constraint_schema", t->schema);
                sql__vr_str(&r, "constraint_name", ix->name);
                sql__vr_str(&r, "table_catalog", dbname(env));
                sql__vr_str(&r, "table_schema", t->schema);
                sql__vr_str(&r, "table_name", t->name);
                sql__vr_str(&r, "column_name", cd != NULL ? cd->name : "?");
                sql__vr_int(&r, "ordinal_position", j + 1);
            }
        }
        for (int k = 0; k < t->nfks; k++) {
            const struct sql_fk_desc *f = &t->fks[k];
            const struct sql_table_desc *p = NULL;
            if (f->ref_table == t->oid)
                p = t;
            else if ((rc = sql_cat_table_by_oid(env, f->ref_table, &p, e)) != 0)
                return rc;
            const struct sql_idx_desc *ix = NULL;
            for (int m = 0; p != NULL && m < p->nidx; m++)
                if (p->idx[m].oid == f->ref_idx)
                    ix = &p->idx[m];
            for (int j = 0; j < f->ncols; j++) {
                const struct sql_col_desc *cd = sql_cat_column_by_id(t, f->col_ids[j]);
                int upos = j + 1;
                for (int m = 0; ix != NULL && m < ix->ncols; m++)
                    if (ix->col_ids[m] == f->ref_col_ids[j])
                        upos = m + 1;
                sql__vr_row(&r);
                sql__vr_str(&r, "constraint_catalog", dbname(env));
                sql__vr_str(&r, "constraint_schema", t->schema);
                sql__vr_str(&r, "constraint_name", f->name);
                sql__vr_str(&r, "table_catalog", dbname(env));
                sql__vr_str(&r, "table_schema", t->schema);
                sql__vr_str(&r, "table_name", t->name);
                sql__vr_str(&r, "column_name", cd != NULL ? cd->name : "?");
                sql__vr_int(&r, "ordinal_position", j + 1);
                sql__vr_int(&r, "position_in_unique_constraint", upos);
            }
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static const char *rule_word(char a)
{
    switch (a) {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return "NO ACTION";
    }
}

int sql__pgcat_is_referential_constraints(struct sql_env *env, struct mem_ctx *ctx,
                                          struct sql_value ***rows, size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "referential_constraints")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->nfks; k++) {
            const struct sql_fk_desc *f = &t->fks[k];
            const struct sql_table_desc *p = NULL;
            if (f->ref_table == t->oid)
                p = t;
            else if ((rc = sql_cat_table_by_oid(env, f->ref_table, &p, e)) != 0)
                return rc;
            const struct sql_idx_desc *ix = NULL;
            for (int m = 0; p != NULL && m < p->nidx; m++)
                if (p->idx[m].oid == f->ref_idx)
                    ix = &p->idx[m];
            sql__vr_row(&r);
            sql__vr_str(&r, "constraint_catalog", dbname(env));
            sql__vr_str(&r, "constraint_schema", t->schema);
            sql__vr_str(&r, "constraint_name", f->name);
            if (ix != NULL && ix->constraint) {
                sql__vr_str(&r, "unique_constraint_catalog", dbname(env));
                sql__vr_str(&r, "unique_constraint_schema", p->schema);
                sql__vr_str(&r, "unique_constraint_name", ix->name);
            }
            sql__vr_str(&r, "match_option", f->match == 'f' ? "FULL" : "NONE");
            sql__vr_str(&r, "update_rule", rule_word(f->upd));
            sql__vr_str(&r, "delete_rule", rule_word(f->del));
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_is_sequences(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                            size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", "sequences")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'S')
            continue;
        uint32_t type = t->seq.type != 0 ? t->seq.type : SQL_T_INT8;
        const struct sql_type_info *ti = sql_type_get(type);
        char buf[32];
        sql__vr_row(&r);
        sql__vr_str(&r, "sequence_catalog", dbname(env));
        sql__vr_str(&r, "sequence_schema", t->schema);
        sql__vr_str(&r, "sequence_name", t->name);
        sql__vr_str(&r, "data_type", ti != NULL ? ti->sql_name : "bigint");
        sql__vr_int(&r, "numeric_precision",
                    type == SQL_T_INT2   ? 16
                    : type == SQL_T_INT4 ? 32
                                         : 64);
        sql__vr_int(&r, "numeric_precision_radix", 2);
        sql__vr_int(&r, "numeric_scale", 0);
        snprintf(buf, sizeof(buf), "%lld", (long long)t->seq.start);
        sql__vr_str(&r, "start_value", buf);
        snprintf(buf, sizeof(buf), "%lld", (long long)t->seq.min);
        sql__vr_str(&r, "minimum_value", buf);
        snprintf(buf, sizeof(buf), "%lld", (long long)t->seq.max);
        sql__vr_str(&r, "maximum_value", buf);
        snprintf(buf, sizeof(buf), "%lld", (long long)t->seq.increment);
        sql__vr_str(&r, "increment", buf);
        sql__vr_str(&r, "cycle_option", yes_no(t->seq.cycle));
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}
