/* pgcat_rel.c — rows of the relation catalogs: pg_class, pg_attribute,
 * pg_index, pg_constraint, pg_attrdef, pg_sequence, pg_depend,
 * pg_description, and the views pg_tables, pg_indexes, pg_sequences.
 *
 * Everything comes from sql_cat_list_tables (the statement's transaction,
 * so a transaction sees its own DDL) plus the virtual tables themselves
 * (sql_vtab_all), which pg_class and pg_attribute list under pg_catalog as
 * PostgreSQL lists its catalogs. Values PostgreSQL keeps and we do not
 * (pages, tuples, frozen xids) are PostgreSQL's values for a relation never
 * vacuumed: relpages 0, reltuples -1.
 */
#include "sql/temp.h"
#include "sql/deparse.h"
#include "sql/domain.h"
#include "sql/ctype.h"
#include "sql/acl.h"
#include "sql/regns.h"
#include "sql/vtab.h"
#include "sql/rowtype.h"
#include "sql/stats.h"
#include "sql/stats_rel.h"

#include "common/mem.h"
#include "common/str.h"
#include "sql/env.h"

#include <stdio.h>
#include <string.h>

static int user_tables(struct sql_env *env, const struct sql_table_desc ***all, size_t *n,
                       struct err *e)
{
    return sql_cat_list_tables(env, all, n, e);
}

static int visible_cols(const struct sql_table_desc *t)
{
    int n = 0;
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden)
            n++;
    return n;
}

static bool has_index(const struct sql_table_desc *t)
{
    for (int i = 0; i < t->nidx; i++)
        if (t->idx[i].oid != 0)
            return true;
    return false;
}

/* One pg_description row of an object (objsubid 0). */
static void descr_row(struct sql__vrows *r, uint32_t oid, uint32_t classoid, const char *text)
{
    sql__vr_row(r);
    sql__vr_int(r, "objoid", oid);
    sql__vr_int(r, "classoid", classoid);
    sql__vr_int(r, "objsubid", 0);
    sql__vr_str(r, "description", text);
}

/* pg_class.relpersistence of t: temporary by its schema, a sequence as the
 * table owning it (SET LOGGED / UNLOGGED change both, ddl_alter_meta.c). */
static char rel_persistence(const struct sql_table_desc *t, const struct sql_table_desc **all,
                            size_t n)
{
    if (sql_temp_is_schema_name(t->schema))
        return 't';
    if (t->kind == 'S' && t->seq.owned_by_table != 0)
        for (size_t i = 0; i < n; i++)
            if (all[i]->oid == t->seq.owned_by_table)
                return all[i]->persistence == 'u' ? 'u' : 'p';
    return t->persistence == 'u' ? 'u' : 'p';
}

/* The pg_class columns every row shares. */
static void class_common(struct sql__vrows *r)
{
    sql__vr_int(r, "reltype", 0);
    sql__vr_int(r, "reloftype", 0);
    sql__vr_int(r, "reltablespace", 0);
    sql__vr_int(r, "relpages", 0);
    sql__vr_float(r, "reltuples", -1);
    sql__vr_int(r, "relallvisible", 0);
    sql__vr_int(r, "reltoastrelid", 0);
    sql__vr_bool(r, "relisshared", false);
    sql__vr_char(r, "relpersistence", 'p');
    sql__vr_bool(r, "relhasrules", false);
    sql__vr_bool(r, "relhastriggers", false);
    sql__vr_bool(r, "relhassubclass", false);
    sql__vr_bool(r, "relrowsecurity", false);
    sql__vr_bool(r, "relforcerowsecurity", false);
    sql__vr_bool(r, "relispopulated", true);
    sql__vr_bool(r, "relispartition", false);
    sql__vr_int(r, "relrewrite", 0);
    sql__vr_int(r, "relfrozenxid", 0);
    sql__vr_int(r, "relminmxid", 0);
}

int sql__pgcat_class(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_class")->desc, ctx);
    size_t nv;
    const struct sql_vtab *const *vt = sql_vtab_all(&nv);
    for (size_t i = 0; i < nv; i++) {
        const struct sql_table_desc *d = vt[i]->desc;
        char kind = sql__pgcat_relkind(vt[i]);
        sql__vr_row(&r);
        class_common(&r);
        sql__vr_int(&r, "oid", d->oid);
        sql__vr_str(&r, "relname", d->name);
        sql__vr_int(&r, "relnamespace", d->schema_oid);
        sql__vr_int(&r, "relowner", SQL_PGCAT_ROLE_BOOTSTRAP);
        sql__vr_int(&r, "relam", kind == 'r' ? SQL_PGCAT_OID_HEAP : 0);
        sql__vr_int(&r, "relfilenode", kind == 'r' ? d->oid : 0);
        sql__vr_bool(&r, "relhasindex", false);
        sql__vr_char(&r, "relkind", kind);
        sql__vr_int(&r, "relnatts", d->ncols);
        sql__vr_int(&r, "relchecks", 0);
        sql__vr_char(&r, "relreplident", 'n');
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        uint32_t owner = sql__pgcat_role_oid(t->owner);
        sql__vr_row(&r);
        class_common(&r);
        sql__vr_int(&r, "oid", t->oid);
        sql__vr_str(&r, "relname", t->name);
        sql__vr_int(&r, "relnamespace", t->schema_oid);
        sql__vr_int(&r, "relowner", owner);
        sql__vr_str(&r, "relacl", sql__acl_column(env, sql__acl_reltype(t), t->oid, ctx));
        sql__vr_int(&r, "relam", t->kind == 'r' ? SQL_PGCAT_OID_HEAP : 0);
        sql__vr_int(&r, "relfilenode", t->kind == 'v' ? 0 : t->oid);
        if (t->kind == 'r' || t->kind == 'v')
            sql__vr_int(&r, "reltype", t->oid); /* its row type (rowtype.h) */
        if (t->kind == 'r') {
            bool nt = false; /* a rolled-back ANALYZE's counts (stats_rel.c) */
            int64_t ntuples = 0;
            int32_t npages = 0;
            rc = sql_stats_rel_get(env, t, &nt, &ntuples, &npages, e);
            if (rc != 0)
                return rc;
            sql__vr_float(&r, "reltuples", (double)(nt ? ntuples : t->reltuples));
            const struct sql_tstats *st = NULL;
            if (!nt && t->reltuples >= 0) {
                rc = sql_stats_get(env, t, ctx, &st, e);
                if (rc != 0)
                    return rc;
            }
            if (nt)
                sql__vr_int(&r, "relpages", npages);
            else if (st != NULL)
                sql__vr_int(&r, "relpages", st->relpages);
        }
        sql__vr_bool(&r, "relhasindex", has_index(t));
        sql__vr_char(&r, "relkind", t->matview ? 'm' : t->kind);
        sql__vr_int(&r, "relnatts", t->kind == 'S' ? 3 : visible_cols(t));
        if (t->kind == 'v' || t->matview)
            sql__vr_bool(&r, "relhasrules", true); /* its _RETURN rule */
        sql__vr_int(&r, "relchecks", t->nchecks);
        sql__vr_bool(&r, "relhastriggers", t->nfks > 0 || t->nrefby > 0 || t->ntrigs > 0);
        sql__vr_char(&r, "relreplident",
                     t->kind != 'r'      ? 'n'
                     : t->replident != 0 ? t->replident
                                         : 'd');
        char persist = rel_persistence(t, all, n);
        sql__vr_char(&r, "relpersistence", persist);
        if (t->options != NULL) { /* toast.* belong to the toast table PostgreSQL has */
            struct sbuf ob;
            sbuf_init(&ob);
            const char *p = t->options;
            while (*p) {
                const char *comma = strchr(p, ',');
                size_t len = comma ? (size_t)(comma - p) : strlen(p);
                if (strncmp(p, "toast.", 6) != 0) {
                    sbuf_putc(&ob, ob.len == 0 ? '{' : ',');
                    sbuf_append(&ob, p, len);
                }
                p += len + (comma ? 1 : 0);
            }
            if (ob.len > 0) {
                sbuf_putc(&ob, '}');
                sql__vr_str(&r, "reloptions", mem_strdup(ctx, ob.data));
            }
            sbuf_free(&ob);
        }
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0)
                continue;
            sql__vr_row(&r);
            class_common(&r);
            sql__vr_int(&r, "oid", ix->oid);
            sql__vr_str(&r, "relname", ix->name);
            sql__vr_int(&r, "relnamespace", t->schema_oid);
            sql__vr_int(&r, "relowner", owner);
            sql__vr_int(&r, "relam", SQL_PGCAT_OID_BTREE);
            sql__vr_int(&r, "relfilenode", ix->oid);
            sql__vr_float(&r, "reltuples", 0);
            sql__vr_bool(&r, "relhasindex", false);
            sql__vr_char(&r, "relkind", 'i');
            sql__vr_int(&r, "relnatts", ix->ncols);
            sql__vr_int(&r, "relchecks", 0);
            sql__vr_char(&r, "relreplident", 'n');
            sql__vr_char(&r, "relpersistence", persist);
            if (ix->options != NULL)
                sql__vr_str(&r, "reloptions", mem_printf(ctx, "{%s}", ix->options));
        }
    }
    /* composite types: a relkind 'c' row each (ctype.h) */
    const struct sql_ctype **ct;
    size_t nct;
    if ((rc = sql__ctype_list(env, &ct, &nct, e)) != 0)
        return rc;
    for (size_t i = 0; i < nct; i++) {
        sql__vr_row(&r);
        class_common(&r);
        sql__vr_int(&r, "oid", ct[i]->relid);
        sql__vr_str(&r, "relname", ct[i]->name);
        sql__vr_int(&r, "relnamespace", ct[i]->schema_oid);
        sql__vr_int(&r, "reltype", ct[i]->oid);
        sql__vr_int(&r, "relowner", sql__pgcat_role_oid(ct[i]->owner));
        sql__vr_int(&r, "relam", 0);
        sql__vr_int(&r, "relfilenode", 0);
        sql__vr_bool(&r, "relhasindex", false);
        sql__vr_char(&r, "relkind", 'c');
        sql__vr_int(&r, "relnatts", ct[i]->n);
        sql__vr_int(&r, "relchecks", 0);
        sql__vr_char(&r, "relreplident", 'n');
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* One pg_attribute row. */
static void attr_row(struct sql__vrows *r, uint32_t rel, const char *name, int attnum,
                     uint32_t type, int32_t typmod, bool notnull, bool hasdef, char identity)
{
    const struct sql_type_info *ti = sql_type_get(type);
    sql__vr_row(r);
    sql__vr_int(r, "attrelid", rel);
    sql__vr_str(r, "attname", name);
    sql__vr_int(r, "atttypid", type);
    sql__vr_int(r, "attstattarget", -1);
    sql__vr_int(r, "attlen", ti != NULL ? ti->typlen : -1);
    sql__vr_int(r, "attnum", attnum);
    sql__vr_int(r, "attndims", 0);
    sql__vr_int(r, "attcacheoff", -1);
    sql__vr_int(r, "atttypmod", typmod);
    sql__vr_bool(r, "attbyval", ti != NULL && ti->byval);
    sql__vr_char(r, "attalign", ti != NULL ? ti->align : 'i');
    sql__vr_char(r, "attstorage", sql__pgcat_typstorage(type));
    sql__vr_char(r, "attcompression", '\0');
    sql__vr_bool(r, "attnotnull", notnull);
    sql__vr_bool(r, "atthasdef", hasdef);
    sql__vr_bool(r, "atthasmissing", false);
    sql__vr_char(r, "attidentity", identity);
    sql__vr_char(r, "attgenerated", '\0');
    sql__vr_bool(r, "attisdropped", false);
    sql__vr_bool(r, "attislocal", true);
    sql__vr_int(r, "attinhcount", 0);
    sql__vr_int(r, "attcollation", sql__pgcat_typcollation(type));
}

int sql__pgcat_attribute(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_attribute")->desc, ctx);
    size_t nv;
    const struct sql_vtab *const *vt = sql_vtab_all(&nv);
    for (size_t i = 0; i < nv; i++) {
        const struct sql_table_desc *d = vt[i]->desc;
        for (int c = 0; c < d->ncols; c++)
            attr_row(&r, d->oid, d->cols[c].name, d->cols[c].attnum, d->cols[c].type, -1, false,
                     false, '\0');
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind == 'S') {
            attr_row(&r, t->oid, "last_value", 1, SQL_T_INT8, -1, true, false, '\0');
            attr_row(&r, t->oid, "log_cnt", 2, SQL_T_INT8, -1, true, false, '\0');
            attr_row(&r, t->oid, "is_called", 3, SQL_T_BOOL, -1, true, false, '\0');
            continue;
        }
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_col_desc *cd = &t->cols[c];
            if (cd->hidden)
                continue;
            attr_row(&r, t->oid, cd->name, cd->attnum,
                     cd->domain  ? cd->domain
                     : cd->ctype ? cd->ctype
                                 : cd->type,
                     cd->domain || cd->ctype ? -1 : cd->typmod, cd->not_null,
                     cd->default_sql != NULL && cd->identity == 0, cd->identity);
            sql__vr_str(&r, "attacl", sql__acl_column_att(env, 'c', t->oid, cd->attnum, ctx));
            if (cd->generated)
                sql__vr_char(&r, "attgenerated", cd->generated);
            if (cd->missing != NULL) /* a fast default (catalog.h); attmissingval stays NULL */
                sql__vr_bool(&r, "atthasmissing", true);
            if (cd->stattarget_set)
                sql__vr_int(&r, "attstattarget", cd->stattarget);
            if (cd->storage != 0)
                sql__vr_char(&r, "attstorage", cd->storage);
            if (cd->compression != 0)
                sql__vr_char(&r, "attcompression", cd->compression);
            if (cd->attoptions != NULL)
                sql__vr_str(&r, "attoptions", mem_printf(ctx, "{%s}", cd->attoptions));
        }
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0)
                continue;
            for (int j = 0; j < ix->ncols; j++) {
                const struct sql_col_desc *cd = sql_cat_column_by_id(t, ix->col_ids[j]);
                if (cd == NULL)
                    continue;
                attr_row(&r, ix->oid, cd->name, j + 1, cd->type, cd->typmod, false, false, '\0');
            }
        }
    }
    /* composite types: their fields (ctype.h) */
    const struct sql_ctype **ct;
    size_t nct;
    if ((rc = sql__ctype_list(env, &ct, &nct, e)) != 0)
        return rc;
    for (size_t i = 0; i < nct; i++)
        for (int f = 0; f < ct[i]->n; f++)
            attr_row(&r, ct[i]->relid, ct[i]->names[f], f + 1, ct[i]->types[f], ct[i]->typmods[f],
                     false, false, '\0');
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* "1 2" (int2vector) or "{1,2}" (int2[]) of an index's column attnums. */
static char *attnums(struct mem_ctx *ctx, const struct sql_table_desc *t,
                     const struct sql_idx_desc *ix, bool array)
{
    struct sbuf b;
    sbuf_init(&b);
    if (array)
        sbuf_putc(&b, '{');
    for (int k = 0; k < ix->ncols; k++) {
        const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[k]);
        if (k > 0)
            sbuf_putc(&b, array ? ',' : ' ');
        sbuf_printf(&b, "%d", c != NULL ? c->attnum : 0);
    }
    if (array)
        sbuf_putc(&b, '}');
    char *s = mem_strdup(ctx, b.data);
    sbuf_free(&b);
    return s;
}

int sql__pgcat_index(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_index")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0)
                continue;
            struct sbuf coll, cls, opt;
            sbuf_init(&coll);
            sbuf_init(&cls);
            sbuf_init(&opt);
            for (int j = 0; j < ix->ncols; j++) {
                const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
                const char *sp = j > 0 ? " " : "";
                sbuf_printf(&coll, "%s%u", sp, c != NULL ? sql__pgcat_typcollation(c->type) : 0);
                sbuf_printf(&cls, "%s0", sp);
                sbuf_printf(&opt, "%s%d", sp, (ix->desc[j] ? 1 : 0) | (ix->nulls_first[j] ? 2 : 0));
            }
            sql__vr_row(&r);
            sql__vr_int(&r, "indexrelid", ix->oid);
            sql__vr_int(&r, "indrelid", t->oid);
            sql__vr_int(&r, "indnatts", ix->ncols);
            sql__vr_int(&r, "indnkeyatts", ix->ncols);
            sql__vr_bool(&r, "indisunique", ix->unique);
            sql__vr_bool(&r, "indnullsnotdistinct", false);
            sql__vr_bool(&r, "indisprimary", ix->primary);
            sql__vr_bool(&r, "indisexclusion", false);
            sql__vr_bool(&r, "indimmediate", true);
            sql__vr_bool(&r, "indisclustered", ix->clustered);
            sql__vr_bool(&r, "indisvalid", true);
            sql__vr_bool(&r, "indcheckxmin", false);
            sql__vr_bool(&r, "indisready", true);
            sql__vr_bool(&r, "indislive", true);
            sql__vr_bool(&r, "indisreplident", ix->replident);
            sql__vr_str(&r, "indkey", attnums(ctx, t, ix, false));
            sql__vr_str(&r, "indcollation", coll.data);
            sql__vr_str(&r, "indclass", cls.data);
            sql__vr_str(&r, "indoption", opt.data);
            if (ix->pred != NULL)
                sql__vr_str(&r, "indpred", ix->pred);
            sbuf_free(&coll);
            sbuf_free(&cls);
            sbuf_free(&opt);
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static void constraint_common(struct sql__vrows *r, const struct sql_table_desc *t)
{
    sql__vr_int(r, "connamespace", t->schema_oid);
    sql__vr_bool(r, "condeferrable", false);
    sql__vr_bool(r, "condeferred", false);
    sql__vr_bool(r, "convalidated", true);
    sql__vr_int(r, "conrelid", t->oid);
    sql__vr_int(r, "contypid", 0);
    sql__vr_int(r, "conparentid", 0);
    sql__vr_int(r, "confrelid", 0);
    sql__vr_char(r, "confupdtype", ' ');
    sql__vr_char(r, "confdeltype", ' ');
    sql__vr_char(r, "confmatchtype", ' ');
    sql__vr_bool(r, "conislocal", true);
    sql__vr_int(r, "coninhcount", 0);
}

int sql__pgcat_constraint(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_constraint")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0 || !ix->constraint)
                continue;
            sql__vr_row(&r);
            constraint_common(&r, t);
            sql__vr_int(&r, "oid", SQL_PGCAT_CONOID(ix->oid));
            sql__vr_str(&r, "conname", ix->name);
            sql__vr_char(&r, "contype", ix->primary ? 'p' : 'u');
            sql__vr_int(&r, "conindid", ix->oid);
            sql__vr_bool(&r, "connoinherit", true);
            sql__vr_str(&r, "conkey", attnums(ctx, t, ix, true));
        }
        for (int k = 0; k < t->nchecks; k++) {
            const struct sql_check_desc *c = &t->checks[k];
            sql__vr_row(&r);
            constraint_common(&r, t);
            sql__vr_int(&r, "oid", c->oid);
            sql__vr_str(&r, "conname", c->name);
            sql__vr_char(&r, "contype", 'c');
            sql__vr_int(&r, "conindid", 0);
            sql__vr_bool(&r, "connoinherit", false);
            sql__vr_str(&r, "conbin", c->expr_sql);
            if (c->not_valid)
                sql__vr_bool(&r, "convalidated", false);
        }
        for (int k = 0; k < t->nfks; k++) {
            const struct sql_fk_desc *f = &t->fks[k];
            const struct sql_table_desc *p = NULL;
            if (f->ref_table == t->oid)
                p = t;
            else if ((rc = sql_cat_table_by_oid(env, f->ref_table, &p, e)) != 0)
                return rc;
            sql__vr_row(&r);
            constraint_common(&r, t);
            sql__vr_int(&r, "oid", f->oid);
            sql__vr_str(&r, "conname", f->name);
            sql__vr_char(&r, "contype", 'f');
            sql__vr_int(&r, "conindid", f->ref_idx);
            sql__vr_int(&r, "confrelid", f->ref_table);
            sql__vr_char(&r, "confupdtype", f->upd);
            sql__vr_char(&r, "confdeltype", f->del);
            sql__vr_char(&r, "confmatchtype", f->match);
            if (f->not_valid)
                sql__vr_bool(&r, "convalidated", false);
            sql__vr_bool(&r, "condeferrable", f->deferrable);
            sql__vr_bool(&r, "condeferred", f->initdeferred);
            sql__vr_bool(&r, "connoinherit", true);
            struct sbuf b1, b2;
            sbuf_init(&b1);
            sbuf_init(&b2);
            sbuf_putc(&b1, '{');
            sbuf_putc(&b2, '{');
            for (int m = 0; m < f->ncols; m++) {
                const struct sql_col_desc *c1 = sql_cat_column_by_id(t, f->col_ids[m]);
                const struct sql_col_desc *c2 =
                    p ? sql_cat_column_by_id(p, f->ref_col_ids[m]) : NULL;
                sbuf_printf(&b1, "%s%d", m > 0 ? "," : "", c1 ? c1->attnum : 0);
                sbuf_printf(&b2, "%s%d", m > 0 ? "," : "", c2 ? c2->attnum : 0);
            }
            sbuf_putc(&b1, '}');
            sbuf_putc(&b2, '}');
            sql__vr_str(&r, "conkey", mem_strdup(ctx, b1.data));
            sql__vr_str(&r, "confkey", mem_strdup(ctx, b2.data));
            sbuf_free(&b1);
            sbuf_free(&b2);
        }
    }
    if ((rc = sql__domain_constraint_rows(env, &r, e)) != 0)
        return rc;
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* pg_attrdef.oid: the catalog gives defaults no oid; a stable one made of
 * the table oid and attnum (FNV-1a), outside the range of allocated oids. */
static uint32_t attrdef_oid(uint32_t rel, int attnum)
{
    uint32_t h = 2166136261u;
    uint32_t v[2] = {rel, (uint32_t)attnum};
    for (int i = 0; i < 2; i++) {
        for (int b = 0; b < 4; b++) {
            h ^= (v[i] >> (8 * b)) & 0xFF;
            h *= 16777619u;
        }
    }
    return 0x50000000u | (h & 0x0FFFFFFFu);
}

int sql__pgcat_attrdef(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_attrdef")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_col_desc *cd = &t->cols[c];
            if (cd->hidden || cd->default_sql == NULL || cd->identity != 0)
                continue;
            sql__vr_row(&r);
            sql__vr_int(&r, "oid", attrdef_oid(t->oid, cd->attnum));
            sql__vr_int(&r, "adrelid", t->oid);
            sql__vr_int(&r, "adnum", cd->attnum);
            sql__vr_str(&r, "adbin", sql__pgcat_adbin(env, ctx, cd));
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_sequence(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_sequence")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'S')
            continue;
        sql__vr_row(&r);
        sql__vr_int(&r, "seqrelid", t->oid);
        sql__vr_int(&r, "seqtypid", t->seq.type != 0 ? t->seq.type : SQL_T_INT8);
        sql__vr_int(&r, "seqstart", t->seq.start);
        sql__vr_int(&r, "seqincrement", t->seq.increment);
        sql__vr_int(&r, "seqmax", t->seq.max);
        sql__vr_int(&r, "seqmin", t->seq.min);
        sql__vr_int(&r, "seqcache", t->seq.cache);
        sql__vr_bool(&r, "seqcycle", t->seq.cycle);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static const struct sql_table_desc *by_oid(const struct sql_table_desc **all, size_t n,
                                           uint32_t oid)
{
    for (size_t i = 0; i < n; i++)
        if (all[i]->oid == oid)
            return all[i];
    return NULL;
}

static void depend_row(struct sql__vrows *r, uint32_t objid, uint32_t refobjid, int refobjsubid,
                       char deptype)
{
    sql__vr_row(r);
    sql__vr_int(r, "classid", 1259);
    sql__vr_int(r, "objid", objid);
    sql__vr_int(r, "objsubid", 0);
    sql__vr_int(r, "refclassid", 1259);
    sql__vr_int(r, "refobjid", refobjid);
    sql__vr_int(r, "refobjsubid", refobjsubid);
    sql__vr_char(r, "deptype", deptype);
}

/* The nextval('seq'::regclass) sequences a default reads: dependency rows
 * of its pg_attrdef entry ('n'), so pg_dump creates the sequence first. */
static void default_seq_deps(struct sql__vrows *r, struct sql_env *env, uint32_t adoid,
                             const char *sql)
{
    for (const char *p = sql != NULL ? strstr(sql, "nextval('") : NULL; p != NULL;
         p = strstr(p + 1, "nextval('")) {
        const char *q = p + 9;
        struct sbuf name;
        sbuf_init(&name);
        while (*q != '\0' && !(q[0] == '\'' && q[1] != '\'')) {
            sbuf_putc(&name, *q);
            q += q[0] == '\'' ? 2 : 1; /* '' is one quote */
        }
        int64_t seq = 0;
        struct err le = {0};
        if (name.len > 0 && sql__regclass_in_env(env, name.data, name.len, &seq, &le) == 0 &&
            seq != 0) {
            depend_row(r, adoid, (uint32_t)seq, 0, 'n');
            sql__vr_int(r, "classid", 2604);
        }
        sbuf_free(&name);
    }
}

/* What psql, drivers and pg_dump read: sequences owned by a column ('a' for
 * serial / OWNED BY, 'i' for identity), indexes on their table, foreign
 * keys on their columns and on the referenced ones and index, column
 * defaults on their column and the sequences they read, and each view's
 * _RETURN rule on its view ('i') and on what the view reads ('n'). */
int sql__pgcat_depend(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_depend")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind == 'S' && t->seq.owned_by_table != 0) {
            const struct sql_table_desc *owner = by_oid(all, n, t->seq.owned_by_table);
            const struct sql_col_desc *c =
                owner != NULL ? sql_cat_column_by_id(owner, t->seq.owned_by_col) : NULL;
            bool identity = c != NULL && c->identity != 0 && c->identity_seq == t->oid;
            depend_row(&r, t->oid, t->seq.owned_by_table, c != NULL ? c->attnum : 0,
                       identity ? 'i' : 'a');
        }
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_col_desc *cd = &t->cols[c];
            if (cd->hidden || cd->default_sql == NULL || cd->identity != 0)
                continue;
            uint32_t ad = attrdef_oid(t->oid, cd->attnum);
            depend_row(&r, ad, t->oid, cd->attnum, 'a');
            sql__vr_int(&r, "classid", 2604);
            default_seq_deps(&r, env, ad, cd->default_sql);
        }
        if (t->kind == 'v' || t->matview) {
            uint32_t rule = SQL_PGCAT_RULEOID(t->oid);
            depend_row(&r, rule, t->oid, 0, 'i');
            sql__vr_int(&r, "classid", 2618);
            for (int k = 0; k < t->ndeps; k++) {
                const struct sql_view_dep *d = &t->deps[k];
                if (d->oid == t->oid)
                    continue;
                if (d->attnum == SQL_VIEW_DEP_PKEY) {
                    const struct sql_table_desc *dt = by_oid(all, n, d->oid);
                    if (dt == NULL || dt->nidx == 0 || dt->idx[0].oid == 0)
                        continue;
                    depend_row(&r, rule, 0, 0, 'n');
                    sql__vr_int(&r, "refclassid", 2606);
                    sql__vr_int(&r, "refobjid", SQL_PGCAT_CONOID(dt->idx[0].oid));
                } else {
                    depend_row(&r, rule, d->oid, d->attnum, 'n');
                }
                sql__vr_int(&r, "classid", 2618);
            }
        }
        for (int k = 0; k < t->nfks; k++) {
            /* a FOREIGN KEY: on its columns ('a'), on the referenced
             * columns and the unique index it uses ('n'), as DBD::Pg's
             * foreign_key_info reads them */
            const struct sql_fk_desc *f = &t->fks[k];
            const struct sql_table_desc *p = by_oid(all, n, f->ref_table);
            for (int m = 0; m < f->ncols; m++) {
                const struct sql_col_desc *c1 = sql_cat_column_by_id(t, f->col_ids[m]);
                depend_row(&r, f->oid, t->oid, c1 != NULL ? c1->attnum : 0, 'a');
                sql__vr_int(&r, "classid", 2606);
            }
            for (int m = 0; m < f->ncols && p != NULL; m++) {
                const struct sql_col_desc *c2 = sql_cat_column_by_id(p, f->ref_col_ids[m]);
                depend_row(&r, f->oid, p->oid, c2 != NULL ? c2->attnum : 0, 'n');
                sql__vr_int(&r, "classid", 2606);
            }
            if (f->ref_idx != 0) {
                depend_row(&r, f->oid, f->ref_idx, 0, 'n');
                sql__vr_int(&r, "classid", 2606);
            }
        }
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->oid == 0)
                continue;
            if (ix->constraint) {
                depend_row(&r, ix->oid, 0, 0, 'i'); /* on its constraint */
                sql__vr_int(&r, "refclassid", 2606);
                sql__vr_int(&r, "refobjid", SQL_PGCAT_CONOID(ix->oid));
            } else {
                for (int j = 0; j < ix->ncols; j++) {
                    const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
                    depend_row(&r, ix->oid, t->oid, c != NULL ? c->attnum : 0, 'a');
                }
            }
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_description(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                           size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_description")->desc, ctx);
    for (size_t i = 0;; i++) { /* initdb's: public, the languages, plpgsql */
        uint32_t classoid, oid;
        const char *text = sql__pgcat_builtin_descr_at(i, &classoid, &oid);
        if (text == NULL)
            break;
        descr_row(&r, oid, classoid, text);
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->comment != NULL) {
            sql__vr_row(&r);
            sql__vr_int(&r, "objoid", t->oid);
            sql__vr_int(&r, "classoid", 1259);
            sql__vr_int(&r, "objsubid", 0);
            sql__vr_str(&r, "description", t->comment);
        }
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_col_desc *cd = &t->cols[c];
            if (cd->hidden || cd->comment == NULL)
                continue;
            sql__vr_row(&r);
            sql__vr_int(&r, "objoid", t->oid);
            sql__vr_int(&r, "classoid", 1259);
            sql__vr_int(&r, "objsubid", cd->attnum);
            sql__vr_str(&r, "description", cd->comment);
        }
        for (int k = 0; k < t->nidx; k++) { /* indexes and their constraints */
            const struct sql_idx_desc *ix = &t->idx[k];
            if (ix->comment != NULL)
                descr_row(&r, ix->oid, 1259, ix->comment);
            if (ix->concomment != NULL)
                descr_row(&r, SQL_PGCAT_CONOID(ix->oid), 2606, ix->concomment);
        }
        for (int k = 0; k < t->nchecks; k++)
            if (t->checks[k].comment != NULL)
                descr_row(&r, t->checks[k].oid, 2606, t->checks[k].comment);
        for (int k = 0; k < t->nfks; k++)
            if (t->fks[k].comment != NULL)
                descr_row(&r, t->fks[k].oid, 2606, t->fks[k].comment);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_tables(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_tables")->desc, ctx);
    size_t nv;
    const struct sql_vtab *const *vt = sql_vtab_all(&nv);
    for (size_t i = 0; i < nv; i++) {
        if (sql__pgcat_relkind(vt[i]) != 'r')
            continue;
        sql__vr_row(&r);
        sql__vr_str(&r, "schemaname", vt[i]->desc->schema);
        sql__vr_str(&r, "tablename", vt[i]->desc->name);
        sql__vr_str(&r, "tableowner", SQL_DEFAULT_NAME);
        sql__vr_bool(&r, "hasindexes", false);
        sql__vr_bool(&r, "hasrules", false);
        sql__vr_bool(&r, "hastriggers", false);
        sql__vr_bool(&r, "rowsecurity", false);
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'r' || t->matview)
            continue;
        sql__vr_row(&r);
        sql__vr_str(&r, "schemaname", t->schema);
        sql__vr_str(&r, "tablename", t->name);
        sql__vr_str(&r, "tableowner", t->owner);
        sql__vr_bool(&r, "hasindexes", has_index(t));
        sql__vr_bool(&r, "hasrules", false);
        sql__vr_bool(&r, "hastriggers", t->nfks > 0 || t->nrefby > 0 || t->ntrigs > 0);
        sql__vr_bool(&r, "rowsecurity", false);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_indexes(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_indexes")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        for (int k = 0; k < t->nidx; k++) {
            if (t->idx[k].oid == 0)
                continue;
            struct sbuf def;
            sbuf_init(&def);
            sql__pgcat_indexdef(env, t, k, 0, false, &def);
            sql__vr_row(&r);
            sql__vr_str(&r, "schemaname", t->schema);
            sql__vr_str(&r, "tablename", t->name);
            sql__vr_str(&r, "indexname", t->idx[k].name);
            sql__vr_str(&r, "indexdef", def.data);
            sbuf_free(&def);
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_sequences(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_sequences")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'S')
            continue;
        sql__vr_row(&r);
        sql__vr_str(&r, "schemaname", t->schema);
        sql__vr_str(&r, "sequencename", t->name);
        sql__vr_str(&r, "sequenceowner", t->owner);
        sql__vr_int(&r, "data_type", t->seq.type != 0 ? t->seq.type : SQL_T_INT8);
        sql__vr_int(&r, "start_value", t->seq.start);
        sql__vr_int(&r, "min_value", t->seq.min);
        sql__vr_int(&r, "max_value", t->seq.max);
        sql__vr_int(&r, "increment_by", t->seq.increment);
        sql__vr_bool(&r, "cycle", t->seq.cycle);
        sql__vr_int(&r, "cache_size", t->seq.cache);
        int64_t last;
        bool called;
        int log_cnt;
        rc = sql_seq_read(env, t->oid, &last, &called, &log_cnt, e);
        if (rc != 0)
            return rc;
        if (called)
            sql__vr_int(&r, "last_value", last);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* pg_rewrite: the _RETURN rule of each view and materialized view (its
 * oid SQL_PGCAT_RULEOID(view)); pg_dump finds a view's dependencies
 * through it. */
int sql__pgcat_rewrite(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_rewrite")->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = user_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'v' && !t->matview)
            continue;
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", SQL_PGCAT_RULEOID(t->oid));
        sql__vr_str(&r, "rulename", "_RETURN");
        sql__vr_int(&r, "ev_class", t->oid);
        sql__vr_char(&r, "ev_type", '1');
        sql__vr_char(&r, "ev_enabled", 'O');
        sql__vr_bool(&r, "is_instead", true);
        sql__vr_str(&r, "ev_qual", "<>");
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}
