/* pgcat_misc.c — rows of the other pg_catalog relations: pg_namespace,
 * pg_database, pg_roles / pg_authid / pg_user, pg_type, pg_settings,
 * pg_stat_activity, pg_am, pg_tablespace, pg_collation, pg_proc.
 *
 * Fixed rows use PostgreSQL 15's oids and values (heap 2, btree 403,
 * pg_default 1663, pg_global 1664, collations default 100 / C 950 /
 * POSIX 951, encoding 6 = UTF8, locale C). pg_proc lists the functions of
 * both registries (func.h) under their PostgreSQL oids; operators and
 * aggregates are not there.
 */
#include "sql/enum.h"
#include "sql/domain.h"
#include "sql/ctype.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/rowtype.h"
#include "sql/sqlfn.h"
#include "sql/acl.h"
#include "sql/backend_sig.h"
#include "sql/vtab.h"
#include "sql/typio.h"

#include "common/mem.h"
#include "common/str.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int sql__pgcat_namespace(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_namespace")->desc, ctx);
    struct sql_schema_desc *s;
    size_t n;
    int rc = sql_cat_list_schemas(env, &s, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", s[i].oid);
        sql__vr_str(&r, "nspname", s[i].name);
        sql__vr_int(&r, "nspowner", sql__pgcat_role_oid(s[i].owner));
        const char *acl = sql__acl_column(env, 'n', s[i].oid, ctx);
        if (acl == NULL && s[i].oid == SQL_NS_PUBLIC) /* explicit in PostgreSQL 15 */
            acl = sql__pgcat_public_acl(env, s[i].owner, ctx);
        sql__vr_str(&r, "nspacl", acl);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

const char *sql__pgcat_public_acl(struct sql_env *env, const char *owner, struct mem_ctx *ctx)
{
    struct sql_acl a;
    struct err le = {0};
    if (sql__acl_get(env, 'n', SQL_NS_PUBLIC, owner, "public", ctx, &a, &le) != 0)
        return NULL;
    struct sbuf b;
    sbuf_init(&b);
    sql__acl_text(&a, &b);
    const char *t = mem_strdup(ctx, b.data != NULL ? b.data : "{}");
    sbuf_free(&b);
    return t;
}

/* pg_init_privs: the public schema's initial ACL, as initdb leaves it
 * (pg_dump compares the current ACL with it). */
int sql__pgcat_init_privs(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e)
{
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_init_privs")->desc, ctx);
    sql__vr_row(&r);
    sql__vr_int(&r, "objoid", SQL_NS_PUBLIC);
    sql__vr_int(&r, "classoid", 2615);
    sql__vr_int(&r, "objsubid", 0);
    sql__vr_char(&r, "privtype", 'i');
    sql__vr_str(&r, "initprivs", sql__pgcat_public_acl(env, "pg_database_owner", ctx));
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_database(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_database")->desc, ctx);
    struct sql_db_desc *d;
    size_t n;
    int rc = sql_cat_list_databases(env, &d, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", d[i].oid);
        sql__vr_str(&r, "datname", d[i].name);
        sql__vr_int(&r, "datdba", sql__pgcat_role_oid(d[i].owner));
        sql__vr_str(&r, "datacl", sql__acl_column(env, 'd', d[i].oid, ctx));
        sql__vr_int(&r, "encoding", 6);
        sql__vr_char(&r, "datlocprovider", 'c');
        sql__vr_bool(&r, "datistemplate", false);
        sql__vr_bool(&r, "datallowconn", true);
        sql__vr_int(&r, "datconnlimit", -1);
        sql__vr_int(&r, "datfrozenxid", 0);
        sql__vr_int(&r, "datminmxid", 1);
        sql__vr_int(&r, "dattablespace", 1663);
        sql__vr_str(&r, "datcollate", "C");
        sql__vr_str(&r, "datctype", "C");
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* The roles, plus pg_database_owner (owner of public) as PostgreSQL has it. */
static int roles(struct sql_env *env, const char *table, struct mem_ctx *ctx,
                 struct sql_value ***rows, size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, table)->desc, ctx);
    struct sql_role *v;
    size_t n;
    int rc = sql_cat_list_roles(env, &v, &n, e);
    if (rc != 0)
        return rc;
    bool user_view = strcmp(table, "pg_user") == 0;
    for (size_t i = 0; i <= n; i++) {
        struct sql_role dbowner;
        const struct sql_role *ro = &dbowner;
        if (i < n) {
            ro = &v[i];
        } else {
            if (user_view)
                break; /* pg_user: roles that can log in */
            memset(&dbowner, 0, sizeof(dbowner));
            snprintf(dbowner.name, sizeof(dbowner.name), "pg_database_owner");
        }
        if (user_view && !ro->login)
            continue;
        uint32_t oid = sql__pgcat_role_oid(ro->name);
        const char *pw = ro->secret[0] != '\0' ? "********" : NULL;
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", oid);
        sql__vr_str(&r, "rolname", ro->name);
        sql__vr_bool(&r, "rolsuper", ro->superuser);
        sql__vr_bool(&r, "rolinherit", true);
        sql__vr_bool(&r, "rolcreaterole", ro->superuser);
        sql__vr_bool(&r, "rolcreatedb", ro->superuser);
        sql__vr_bool(&r, "rolcanlogin", ro->login);
        sql__vr_bool(&r, "rolreplication", ro->superuser);
        sql__vr_bool(&r, "rolbypassrls", ro->superuser);
        sql__vr_int(&r, "rolconnlimit", -1);
        if (strcmp(table, "pg_authid") == 0)
            sql__vr_str(&r, "rolpassword", ro->secret[0] != '\0' ? ro->secret : NULL);
        else
            sql__vr_str(&r, "rolpassword", pw);
        /* pg_user */
        sql__vr_str(&r, "usename", ro->name);
        sql__vr_int(&r, "usesysid", oid);
        sql__vr_bool(&r, "usecreatedb", ro->superuser);
        sql__vr_bool(&r, "usesuper", ro->superuser);
        sql__vr_bool(&r, "userepl", ro->superuser);
        sql__vr_bool(&r, "usebypassrls", ro->superuser);
        sql__vr_str(&r, "passwd", pw);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_roles(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    return roles(env, "pg_roles", ctx, rows, nrows, e);
}

int sql__pgcat_authid(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e)
{
    return roles(env, "pg_authid", ctx, rows, nrows, e);
}

int sql__pgcat_user(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e)
{
    return roles(env, "pg_user", ctx, rows, nrows, e);
}

static void type_common(struct sql__vrows *r, char kind, uint32_t oid)
{
    struct sql_typio io = sql_typio_for(kind, oid);
    sql__vr_int(r, "typnamespace", SQL_NS_PG_CATALOG);
    sql__vr_int(r, "typowner", SQL_PGCAT_ROLE_BOOTSTRAP);
    sql__vr_bool(r, "typisdefined", true);
    sql__vr_char(r, "typdelim", ',');
    sql__vr_int(r, "typrelid", 0);
    sql__vr_int(r, "typsubscript", 0);
    sql__vr_int(r, "typinput", io.in);
    sql__vr_int(r, "typoutput", io.out);
    sql__vr_int(r, "typreceive", io.recv);
    sql__vr_int(r, "typsend", io.send);
    sql__vr_int(r, "typmodin", 0);
    sql__vr_int(r, "typmodout", 0);
    sql__vr_int(r, "typanalyze", 0);
    sql__vr_bool(r, "typnotnull", false);
    sql__vr_int(r, "typbasetype", 0);
    sql__vr_int(r, "typtypmod", -1);
    sql__vr_int(r, "typndims", 0);
}

int sql__pgcat_type(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_type")->desc, ctx);
    size_t n;
    const struct sql_type_info *ti = sql_type_all(&n);
    for (size_t i = 0; i < n; i++) {
        const struct sql_type_info *t = &ti[i];
        sql__vr_row(&r);
        type_common(&r, 'b', t->oid);
        sql__vr_int(&r, "oid", t->oid);
        sql__vr_str(&r, "typname", t->name);
        sql__vr_int(&r, "typlen", t->typlen);
        sql__vr_bool(&r, "typbyval", t->byval);
        sql__vr_char(&r, "typtype",
                     t->category == SQL_TC_PSEUDO ? 'p'
                     : t->category == 'R'         ? 'r'
                                                  : 'b');
        sql__vr_char(&r, "typcategory", t->category);
        sql__vr_bool(&r, "typispreferred", t->preferred);
        sql__vr_int(&r, "typelem", t->oid == SQL_T_NAME ? SQL_T_CHAR : 0);
        sql__vr_int(&r, "typarray", t->array_oid);
        sql__vr_char(&r, "typalign", t->align);
        sql__vr_char(&r, "typstorage", sql__pgcat_typstorage(t->oid));
        sql__vr_int(&r, "typcollation", sql__pgcat_typcollation(t->oid));
    }
    /* the array types PostgreSQL pairs with each (typarray) */
    for (size_t i = 0; i < n; i++) {
        const struct sql_type_info *t = &ti[i];
        if (t->array_oid == 0)
            continue;
        char name[SQL_NAME_BUF];
        snprintf(name, sizeof(name), "_%s", t->name);
        sql__vr_row(&r);
        type_common(&r, 'A', t->array_oid);
        sql__vr_int(&r, "oid", t->array_oid);
        sql__vr_str(&r, "typname", name);
        sql__vr_int(&r, "typlen", -1);
        sql__vr_bool(&r, "typbyval", false);
        sql__vr_char(&r, "typtype", 'b');
        sql__vr_char(&r, "typcategory", 'A');
        sql__vr_bool(&r, "typispreferred", false);
        sql__vr_int(&r, "typelem", t->oid);
        sql__vr_int(&r, "typarray", 0);
        sql__vr_char(&r, "typalign", t->align == 'd' ? 'd' : 'i');
        sql__vr_char(&r, "typstorage", 'x');
        sql__vr_int(&r, "typcollation", sql__pgcat_typcollation(t->oid));
    }
    int rc = sql__enum_pgtype_rows(env, &r, e);
    if (rc == 0)
        rc = sql__domain_pgtype_rows(env, &r, e);
    if (rc == 0)
        rc = sql__ctype_pgtype_rows(env, &r, e);
    if (rc == 0)
        rc = sql__rowtype_pgtype_rows(env, &r, e);
    if (rc != 0)
        return rc;
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_settings(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_settings")->desc, ctx);
    struct sql_setting_row *s;
    size_t n;
    int rc = sql_setting_all(env, ctx, &s, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        sql__vr_row(&r);
        sql__vr_str(&r, "name", s[i].name);
        sql__vr_str(&r, "setting", s[i].raw);
        sql__vr_str(&r, "unit", s[i].unit);
        sql__vr_str(&r, "category", s[i].category);
        sql__vr_str(&r, "short_desc", s[i].short_desc);
        sql__vr_str(&r, "context", s[i].context);
        sql__vr_str(&r, "vartype", s[i].vartype);
        sql__vr_str(&r, "source", s[i].source);
        sql__vr_str(&r, "min_val", s[i].min_val);
        sql__vr_str(&r, "max_val", s[i].max_val);
        sql__vr_str(&r, "enumvals", s[i].enumvals);
        sql__vr_str(&r, "boot_val", s[i].boot_val);
        sql__vr_str(&r, "reset_val", s[i].reset_val);
        sql__vr_bool(&r, "pending_restart", false);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* pg_stat_ssl: every session of the node (a session without a backend pid,
 * which no client connection is: this one, as not using TLS). */
int sql__pgcat_stat_ssl(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_stat_ssl")->desc, ctx);
    if (env->sess != NULL && sql__session_has_bsig(env->sess)) {
        int rc = sql__bsig_ssl(env, &r, e);
        if (rc == 0)
            sql__vr_done(&r, rows, nrows);
        return rc;
    }
    sql__vr_row(&r);
    sql__vr_int(&r, "pid", env->backend_pid);
    sql__vr_bool(&r, "ssl", false);
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* This session only: other sessions are not visible to this layer. */
int sql__pgcat_stat_activity(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                             size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_stat_activity")->desc, ctx);
    if (env->sess != NULL && sql__session_has_bsig(env->sess)) { /* every session of the node */
        int rc = sql__bsig_activity(env, &r, e);
        if (rc == 0)
            sql__vr_done(&r, rows, nrows);
        return rc;
    }
    /* no registered session (no backend pid): this one only */
    const char *app = NULL;
    struct err ignore = {0};
    if (sql_setting_show(env, "application_name", ctx, &app, &ignore) != 0)
        app = "";
    sql__vr_row(&r);
    sql__vr_int(&r, "datid", env->db_oid);
    sql__vr_str(&r, "datname", env->database);
    sql__vr_int(&r, "pid", env->backend_pid);
    sql__vr_int(&r, "usesysid", sql__pgcat_role_oid(env->user != NULL ? env->user : ""));
    sql__vr_str(&r, "usename", env->user);
    sql__vr_str(&r, "application_name", app);
    if (env->client_addr != NULL)
        sql__vr_str(&r, "client_addr", env->client_addr);
    sql__vr_int(&r, "client_port", env->client_port);
    sql__vr_ts(&r, "backend_start", env->fmt.dt.now);
    sql__vr_ts(&r, "xact_start", env->fmt.dt.now);
    sql__vr_ts(&r, "query_start", env->stmt_start);
    sql__vr_ts(&r, "state_change", env->stmt_start);
    sql__vr_str(&r, "state", "active");
    sql__vr_str(&r, "query", "");
    sql__vr_str(&r, "backend_type", "client backend");
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_am(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows, size_t *nrows,
                  struct err *e)
{
    (void)env;
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_am")->desc, ctx);
    sql__vr_row(&r);
    sql__vr_int(&r, "oid", SQL_PGCAT_OID_HEAP);
    sql__vr_str(&r, "amname", "heap");
    sql__vr_int(&r, "amhandler", 3);
    sql__vr_char(&r, "amtype", 't');
    sql__vr_row(&r);
    sql__vr_int(&r, "oid", SQL_PGCAT_OID_BTREE);
    sql__vr_str(&r, "amname", "btree");
    sql__vr_int(&r, "amhandler", 330);
    sql__vr_char(&r, "amtype", 'i');
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_tablespace(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e)
{
    (void)env;
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_tablespace")->desc, ctx);
    static const struct {
        uint32_t oid;
        const char *name;
    } ts[] = {{1663, "pg_default"}, {1664, "pg_global"}};
    for (size_t i = 0; i < 2; i++) {
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", ts[i].oid);
        sql__vr_str(&r, "spcname", ts[i].name);
        sql__vr_int(&r, "spcowner", SQL_PGCAT_ROLE_BOOTSTRAP);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_collation(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    (void)env;
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_collation")->desc, ctx);
    static const struct {
        uint32_t oid;
        const char *name;
        char provider;
        const char *locale;
    } co[] = {{100, "default", 'd', NULL}, {950, "C", 'c', "C"}, {951, "POSIX", 'c', "POSIX"}};
    for (size_t i = 0; i < 3; i++) {
        sql__vr_row(&r);
        sql__vr_int(&r, "oid", co[i].oid);
        sql__vr_str(&r, "collname", co[i].name);
        sql__vr_int(&r, "collnamespace", SQL_NS_PG_CATALOG);
        sql__vr_int(&r, "collowner", SQL_PGCAT_ROLE_BOOTSTRAP);
        sql__vr_char(&r, "collprovider", co[i].provider);
        sql__vr_bool(&r, "collisdeterministic", true);
        sql__vr_int(&r, "collencoding", -1);
        sql__vr_str(&r, "collcollate", co[i].locale);
        sql__vr_str(&r, "collctype", co[i].locale);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static void proc_rows(struct sql__vrows *r, const struct sql_func_def *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct sql_func_def *d = &defs[i];
        if (d->oid == 0 || !isalpha((unsigned char)d->name[0]))
            continue; /* operators are pg_operator's; rows without a PostgreSQL oid */
        struct sbuf args;
        sbuf_init(&args);
        for (int k = 0; k < d->nargs && k < SQL_FUNC_MAX_ARGS; k++)
            sbuf_printf(&args, "%s%u", k > 0 ? " " : "", d->args[k]);
        sql__vr_row(r);
        sql__vr_int(r, "oid", d->oid);
        sql__vr_str(r, "proname", d->name);
        sql__vr_int(r, "pronamespace", SQL_NS_PG_CATALOG);
        sql__vr_int(r, "proowner", SQL_PGCAT_ROLE_BOOTSTRAP);
        sql__vr_int(r, "prolang", 12);
        sql__vr_float(r, "procost", 1);
        sql__vr_float(r, "prorows", 0);
        sql__vr_int(r, "provariadic", d->variadic ? d->args[d->nargs > 0 ? d->nargs - 1 : 0] : 0);
        sql__vr_int(r, "prosupport", 0);
        sql__vr_char(r, "prokind", d->fn == sql__fn_window ? 'w' : 'f');
        sql__vr_bool(r, "prosecdef", false);
        sql__vr_bool(r, "proleakproof", false);
        sql__vr_bool(r, "proisstrict", d->strict);
        sql__vr_bool(r, "proretset", false);
        sql__vr_char(r, "provolatile", d->volatility);
        sql__vr_char(r, "proparallel", 's');
        sql__vr_int(r, "pronargs", d->nargs);
        sql__vr_int(r, "pronargdefaults", 0);
        sql__vr_int(r, "prorettype", d->ret);
        sql__vr_str(r, "proargtypes", args.data);
        sql__vr_str(r, "prosrc", d->name);
        sbuf_free(&args);
    }
}

int sql__pgcat_proc(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_proc")->desc, ctx);
    proc_rows(&r, sql_core_funcs, sql_core_nfuncs);
    proc_rows(&r, sql_pgcat_funcs, sql_pgcat_nfuncs);
    proc_rows(&r, sql_json_funcs, sql_json_nfuncs);
    int rc = env != NULL ? sql__fn_pgproc_rows(env, &r, e) : 0; /* user functions (sqlfn.h) */
    sql__vr_done(&r, rows, nrows);
    return rc;
}
