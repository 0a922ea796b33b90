/* pgcat_more.c — more pg_catalog rows: pg_locks (the node's advisory
 * locks, advisory.h, and its table locks, kv_table_locks). */
#include "sql/advisory.h"
#include "common/mem.h"
#include "kv/kv.h"
#include "sql/env.h"
#include "sql/vtab.h"

#include <stdio.h>

int sql__pgcat_locks(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    (void)e;
    struct sql_advisory_row *a = NULL;
    size_t n = 0;
    sql_advisory_rows(ctx, &a, &n);
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_locks")->desc, ctx);
    for (size_t i = 0; i < n; i++) {
        char vt[32];
        sql__vr_row(&r);
        sql__vr_str(&r, "locktype", "advisory");
        sql__vr_int(&r, "database", a[i].db);
        sql__vr_int(&r, "classid", a[i].classid);
        sql__vr_int(&r, "objid", a[i].objid);
        sql__vr_int(&r, "objsubid", a[i].objsubid);
        snprintf(vt, sizeof vt, "%d/1", a[i].pid);
        sql__vr_str(&r, "virtualtransaction", vt);
        sql__vr_int(&r, "pid", a[i].pid);
        sql__vr_str(&r, "mode", a[i].exclusive ? "ExclusiveLock" : "ShareLock");
        sql__vr_bool(&r, "granted", a[i].granted);
        sql__vr_bool(&r, "fastpath", false);
        if (!a[i].granted)
            sql__vr_ts(&r, "waitstart", a[i].waitstart);
    }
    /* relation locks: kv's table locks (table_lock.c) */
    struct kv_tlock_row *tl = NULL;
    size_t ntl = 0;
    if (env->kv != NULL)
        kv_table_locks(env->kv, &tl, &ntl);
    for (size_t i = 0; i < ntl; i++) {
        char vt[32];
        sql__vr_row(&r);
        sql__vr_str(&r, "locktype", "relation");
        sql__vr_int(&r, "database", tl[i].db);
        sql__vr_int(&r, "relation", tl[i].rel);
        snprintf(vt, sizeof vt, "%d/1", tl[i].owner);
        sql__vr_str(&r, "virtualtransaction", vt);
        sql__vr_int(&r, "pid", tl[i].owner);
        sql__vr_str(&r, "mode", kv_tlock_mode_name((enum kv_tlock_mode)tl[i].mode));
        sql__vr_bool(&r, "granted", tl[i].granted);
        sql__vr_bool(&r, "fastpath", tl[i].granted && tl[i].mode <= KV_TLOCK_ROW_EXCLUSIVE);
    }
    xfree(tl);
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* The comments initdb leaves on built-in objects we show (pg_description,
 * obj_description). */
static const struct {
    uint32_t classoid, oid;
    const char *text;
} builtin_descr[] = {
    {2615, SQL_NS_PUBLIC, "standard public schema"},
    {2612, 12, "built-in functions"},
    {2612, 13, "dynamically-loaded C functions"},
    {2612, 14, "SQL-language functions"},
    {3079, SQL_PGCAT_PLPGSQL_EXT, "PL/pgSQL procedural language"},
    {2612, 13563, "PL/pgSQL procedural language"},
};

const char *sql__pgcat_builtin_descr_at(size_t i, uint32_t *classoid, uint32_t *oid)
{
    if (i >= sizeof builtin_descr / sizeof builtin_descr[0])
        return NULL;
    *classoid = builtin_descr[i].classoid;
    *oid = builtin_descr[i].oid;
    return builtin_descr[i].text;
}

const char *sql__pgcat_builtin_descr(uint32_t classoid, uint32_t oid)
{
    for (size_t i = 0; i < sizeof builtin_descr / sizeof builtin_descr[0]; i++)
        if (builtin_descr[i].classoid == classoid && builtin_descr[i].oid == oid)
            return builtin_descr[i].text;
    return NULL;
}

/* pg_extension: plpgsql, which initdb installs (PL/pgSQL is built in). */
int sql__pgcat_extension(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    (void)env;
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_extension")->desc, ctx);
    sql__vr_row(&r);
    sql__vr_int(&r, "oid", SQL_PGCAT_PLPGSQL_EXT);
    sql__vr_str(&r, "extname", "plpgsql");
    sql__vr_int(&r, "extowner", SQL_PGCAT_ROLE_BOOTSTRAP);
    sql__vr_int(&r, "extnamespace", SQL_NS_PG_CATALOG);
    sql__vr_bool(&r, "extrelocatable", false);
    sql__vr_str(&r, "extversion", "1.0");
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_language(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    (void)env;
    (void)e;
    static const struct {
        uint32_t oid;
        const char *name;
        bool trusted;
        uint32_t validator;
    } langs[] = {{12, "internal", false, 2246},
                 {13, "c", false, 2247},
                 {14, "sql", true, 2248},
                 {13563, "plpgsql", true, 13562}};
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_language")->desc, ctx);
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", langs[i].oid);
        sql__vr_str(&r, "lanname", langs[i].name);
        sql__vr_int(&r, "lanowner", SQL_PGCAT_ROLE_BOOTSTRAP);
        sql__vr_bool(&r, "lanispl", langs[i].oid == 13563);
        sql__vr_bool(&r, "lanpltrusted", langs[i].trusted);
        sql__vr_int(&r, "lanplcallfoid", langs[i].oid == 13563 ? 13560 : 0);
        sql__vr_int(&r, "laninline", langs[i].oid == 13563 ? 13561 : 0);
        sql__vr_int(&r, "lanvalidator", langs[i].validator);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}
