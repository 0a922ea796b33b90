/* pgcat_size.c — pg_relation_size, pg_table_size, pg_indexes_size,
 * pg_total_relation_size and pg_database_size from this node's store.
 *
 * A relation's bytes are the approximate size of its key spans
 * (/<table oid>/<index id>/..., every version and lock) in this node's
 * RocksDB (kv_approximate_size: RocksDB's estimate for SST files, counted
 * bytes for memtables); only this node's copy counts.
 * The primary index holds the rows: it is the table's "heap" here, and
 * pg_relation_size of a PRIMARY KEY index names the same span; secondary
 * indexes are pg_indexes_size. Views, catalogs and relations without
 * storage are 0, an oid that names no relation is NULL (as PostgreSQL). */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/pgcat_size.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <string.h>

static int span_size(struct sql_env *env, uint32_t table, uint32_t idx, uint64_t *out,
                     struct err *e)
{
    struct sbuf lo, hi;
    sbuf_init(&lo);
    sbuf_init(&hi);
    kv_key_put_table_prefix(&lo, table, idx);
    bool bounded = kv_key_prefix_end((const uint8_t *)lo.data, lo.len, &hi);
    int rc = kv_approximate_size(env->kv, lo.data, lo.len, bounded ? hi.data : NULL,
                                 bounded ? hi.len : 0, out, e);
    sbuf_free(&lo);
    sbuf_free(&hi);
    return rc;
}

/* Bytes of t's primary index (heap), its secondary indexes, or both. */
enum part { PART_NONE = 0, PART_HEAP = 1, PART_INDEXES = 2, PART_ALL = 3 };

static int table_bytes(struct sql_env *env, const struct sql_table_desc *t, enum part p,
                       uint64_t *out, struct err *e)
{
    *out = 0;
    if (t->kind == 'v')
        return 0;
    for (int i = 0; i < t->nidx; i++) {
        if (!(p & (i == 0 ? PART_HEAP : PART_INDEXES)))
            continue;
        uint64_t b = 0;
        int rc = span_size(env, t->oid, t->idx[i].id, &b, e);
        if (rc != 0)
            return rc;
        *out += b;
    }
    return 0;
}

static int ret_bytes(struct sql_value *out, uint64_t b)
{
    *out = sql_int8(b > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)b);
    return 0;
}

/* The relation oid names: *t NULL (and *none true) when nothing does; a
 * catalog or view gives *t NULL, *none false (0 bytes). */
static int find_rel(struct sql_fcall *c, const struct sql_value *a, const struct sql_table_desc **t,
                    int *idx_pos, bool *none, struct err *e)
{
    uint32_t oid = (uint32_t)a->u.i;
    *t = NULL;
    *idx_pos = -1;
    *none = false;
    if (sql_vtab_by_oid(oid) != NULL)
        return 0;
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, oid, &o, e);
    if (rc != 0)
        return rc;
    if (o.table == NULL || o.is_constraint || o.check_pos >= 0 || o.fk_pos >= 0) {
        *none = true;
        return 0;
    }
    *t = o.table;
    *idx_pos = o.idx_pos;
    return 0;
}

static int rel_size(struct sql_fcall *c, const struct sql_value *a, enum part p,
                    struct sql_value *out, struct err *e)
{
    const struct sql_table_desc *t;
    int pos;
    bool none;
    int rc = find_rel(c, a, &t, &pos, &none, e);
    if (rc != 0)
        return rc;
    if (none) {
        *out = sql_null(SQL_T_INT8);
        return 0;
    }
    uint64_t b = 0;
    if (t == NULL)
        return ret_bytes(out, 0);
    if (pos >= 0) { /* an index: its own span as its "heap"; it has no indexes */
        if (p & PART_HEAP)
            rc = span_size(c->env, t->oid, t->idx[pos].id, &b, e);
    } else {
        rc = table_bytes(c->env, t, p, &b, e);
    }
    return rc != 0 ? rc : ret_bytes(out, b);
}

int sql__fn_relation_size(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    if (n == 2) {
        const char *f = a[1].u.s.p;
        size_t fl = a[1].u.s.len;
        bool main_fork = fl == 4 && memcmp(f, "main", 4) == 0;
        if (!main_fork && !(fl == 3 && memcmp(f, "fsm", 3) == 0) &&
            !(fl == 2 && memcmp(f, "vm", 2) == 0) && !(fl == 4 && memcmp(f, "init", 4) == 0))
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid fork name\nHINT:  Valid fork names are \"main\", "
                                 "\"fsm\", \"vm\", and \"init\".");
        if (!main_fork) /* no such fork here: PostgreSQL's 0 for a missing fork */
            return rel_size(c, &a[0], PART_NONE, out, e);
    }
    return rel_size(c, &a[0], PART_HEAP, out, e);
}

int sql__fn_table_size(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)n;
    return rel_size(c, &a[0], PART_HEAP, out, e);
}

int sql__fn_indexes_size(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)n;
    return rel_size(c, &a[0], PART_INDEXES, out, e);
}

int sql__fn_total_relation_size(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    (void)n;
    return rel_size(c, &a[0], PART_ALL, out, e);
}

/* Sum of every relation of database env names. */
static int db_bytes(struct sql_env *env, uint64_t *out, struct err *e)
{
    const struct sql_table_desc **all = NULL;
    size_t nt = 0;
    int rc = sql_cat_list_tables(env, &all, &nt, e);
    *out = 0;
    for (size_t i = 0; rc == 0 && i < nt; i++) {
        uint64_t b = 0;
        rc = table_bytes(env, all[i], PART_ALL, &b, e);
        *out += b;
    }
    return rc;
}

int sql__fn_database_size(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    struct sql_db_desc *dbs = NULL;
    size_t nd = 0;
    int rc = sql_cat_list_databases(c->env, &dbs, &nd, e);
    if (rc != 0)
        return rc;
    const struct sql_db_desc *d = NULL;
    for (size_t i = 0; i < nd && d == NULL; i++) {
        bool hit = a[0].type == SQL_T_OID ? dbs[i].oid == (uint32_t)a[0].u.i
                                          : strlen(dbs[i].name) == a[0].u.s.len &&
                                                memcmp(dbs[i].name, a[0].u.s.p, a[0].u.s.len) == 0;
        if (hit)
            d = &dbs[i];
    }
    if (d == NULL) {
        if (a[0].type == SQL_T_OID) { /* PostgreSQL: NULL for an oid naming no database */
            *out = sql_null(SQL_T_INT8);
            return 0;
        }
        return err_set_state(e, ERR_NOTFOUND, "3D000", "database \"%.*s\" does not exist",
                             (int)a[0].u.s.len, a[0].u.s.p);
    }
    uint64_t b = 0;
    if (strcmp(d->name, c->env->database) == 0) {
        rc = db_bytes(c->env, &b, e);
    } else { /* another database's catalog, read in this transaction */
        struct sql_env other = *c->env;
        other.database = d->name;
        other.db_oid = 0;
        other.txn_did_ddl = true; /* bypass the node cache for a database not ours */
        rc = db_bytes(&other, &b, e);
    }
    return rc != 0 ? rc : ret_bytes(out, b);
}

/* pg_tablespace_size: pg_default holds every relation (the whole store of
 * this node: user keys from the smallest up); pg_global, the shared
 * catalogs' tablespace, counts nothing apart here (0). */
int sql__fn_tablespace_size(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    (void)n;
    uint32_t oid = 0;
    if (a[0].type == SQL_T_OID) {
        oid = (uint32_t)a[0].u.i;
    } else if (a[0].u.s.len == 10 && memcmp(a[0].u.s.p, "pg_default", 10) == 0) {
        oid = 1663;
    } else if (a[0].u.s.len == 9 && memcmp(a[0].u.s.p, "pg_global", 9) == 0) {
        oid = 1664;
    } else {
        return err_set_state(e, ERR_NOTFOUND, "42704", "tablespace \"%.*s\" does not exist",
                             (int)a[0].u.s.len, a[0].u.s.p);
    }
    if (oid == 1664)
        return ret_bytes(out, 0);
    if (oid != 1663) {
        *out = sql_null(SQL_T_INT8);
        return 0;
    }
    uint64_t b = 0;
    int rc = kv_approximate_size(c->env->kv, "", 0, NULL, 0, &b, e);
    return rc != 0 ? rc : ret_bytes(out, b);
}
