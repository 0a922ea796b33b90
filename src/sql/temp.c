/* temp.c — temporary tables: the session's temp schema, ON COMMIT actions,
 * cleanup at session end and at server start (temp.h). */
#include "sql/temp.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/fk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMP_PREFIX "pg_temp_"

/* ON COMMIT actions of the session's temp tables (env->temp_state). */
struct on_commit {
    uint32_t oid;
    char action; /* 'd' DELETE ROWS, 'D' DROP */
};
struct temp_state {
    int n, cap;
    struct on_commit *v;
};

bool sql_temp_is_schema_name(const char *name)
{
    if (name == NULL || strncmp(name, TEMP_PREFIX, strlen(TEMP_PREFIX)) != 0)
        return false;
    const char *p = name + strlen(TEMP_PREFIX);
    if (*p == 0)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

static int schema_put(struct sql_env *env, const char *name, uint32_t oid, struct err *e)
{
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    return sql__schema_store(env, db, name, oid, env->user ? env->user : SQL_DEFAULT_NAME, e);
}

int sql__temp_schema(struct sql_env *env, uint32_t *oid, const char **name, struct err *e)
{
    int rc;
    if (env->temp_schema[0] != 0) {
        uint32_t o = 0;
        rc = sql__schema_oid(env, env->temp_schema, &o, e);
        if (rc != 0)
            return rc;
        if (o != 0) {
            *oid = o;
            *name = env->temp_schema;
            return 0;
        }
    }
    /* First use (or the transaction that created it rolled back): the
     * name stays the session's for its whole life. */
    uint32_t o = env->temp_schema_oid;
    if (o == 0) {
        rc = sql__oid_alloc(env, &o, e);
        if (rc != 0)
            return rc;
    }
    char nm[SQL_NAME_BUF];
    snprintf(nm, sizeof(nm), TEMP_PREFIX "%u", o);
    rc = schema_put(env, nm, o, e);
    if (rc != 0)
        return rc;
    env->temp_schema_oid = o;
    snprintf(env->temp_schema, sizeof(env->temp_schema), "%s", nm);
    sql_temp_search_path(env);
    *oid = o;
    *name = env->temp_schema;
    return 0;
}

int sql__temp_creation_schema(struct sql_env *env, const struct sql_rangevar *rv, uint32_t *oid,
                              const char **name, bool *temp, struct err *e)
{
    const char *schema = rv->name.schema;
    bool want_temp = rv->persistence == 't';
    bool temp_ns =
        schema != NULL && (strcmp(schema, "pg_temp") == 0 ||
                           (env->temp_schema[0] && strcmp(schema, env->temp_schema) == 0));
    *temp = false;
    if (want_temp && schema != NULL && !temp_ns) {
        if (sql_temp_is_schema_name(schema))
            return err_set_state(e, ERR_INVAL, "0A000",
                                 "cannot create relations in temporary schemas of other sessions");
        sql__ddl_errpos(rv->location);
        return err_set_state(e, ERR_INVAL, "42P16",
                             "cannot create temporary relation in non-temporary schema");
    }
    if (want_temp || temp_ns) {
        if (rv->persistence == 'u') {
            sql__ddl_errpos(rv->location);
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "only temporary relations may be created in temporary schemas");
        }
        *temp = true;
        return sql__temp_schema(env, oid, name, e);
    }
    if (schema != NULL && sql_temp_is_schema_name(schema))
        return err_set_state(e, ERR_INVAL, "0A000",
                             "cannot create relations in temporary schemas of other sessions");
    int rc = sql__creation_schema(env, schema, rv->name.name, oid, name, e);
    if (rc != 0 && strncmp(e->msg, "permission denied for schema", 28) == 0) /* acl.c */
        sql__ddl_errpos(rv->location);
    return rc;
}

int sql__temp_on_commit(struct sql_env *env, uint32_t oid, bool temp, char action, struct err *e)
{
    if (action == 0)
        return 0;
    if (!temp)
        return err_set_state(e, ERR_INVAL, "42P16",
                             "ON COMMIT can only be used on temporary tables");
    if (action == 'p')
        return 0;
    struct temp_state *s = env->temp_state;
    if (s == NULL) {
        s = xcalloc(1, sizeof(*s));
        env->temp_state = s;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = xrealloc(s->v, sizeof(*s->v) * (size_t)s->cap);
    }
    s->v[s->n].oid = oid;
    s->v[s->n].action = action;
    s->n++;
    return 0;
}

void sql_temp_search_path(struct sql_env *env)
{
    const char *tmp = env->temp_schema[0] ? env->temp_schema : NULL;
    int k = 0;
    bool placed = false;
    for (int i = 0; i < env->nsearch; i++) {
        const char *s = env->search_path[i];
        if (strcmp(s, "pg_temp") == 0 || (tmp != NULL && strcmp(s, tmp) == 0)) {
            if (tmp == NULL || placed)
                continue;
            s = tmp;
            placed = true;
        }
        env->search_path[k++] = s;
    }
    env->nsearch = k;
    if (tmp != NULL && !placed) {
        if (env->nsearch >= SQL_SEARCH_PATH_MAX)
            env->nsearch = SQL_SEARCH_PATH_MAX - 1;
        memmove(&env->search_path[1], &env->search_path[0],
                sizeof(env->search_path[0]) * (size_t)env->nsearch);
        env->search_path[0] = tmp;
        env->nsearch++;
    }
}

int sql_temp_pre_commit(struct sql_env *env, struct err *e)
{
    struct temp_state *s = env->temp_state;
    if (s == NULL || s->n == 0 || env->txn == NULL)
        return 0;
    int k = 0;
    for (int i = 0; i < s->n; i++) {
        const struct sql_table_desc *t;
        int rc = sql_cat_table_by_oid(env, s->v[i].oid, &t, e);
        if (rc != 0)
            return rc;
        if (t == NULL)
            continue; /* dropped, or created by a rolled-back transaction */
        if (s->v[i].action == 'd') {
            if (!env->read_only && (rc = sql_tbl_clear(env, t, e)) != 0)
                return rc;
            s->v[k++] = s->v[i];
            continue;
        }
        if (t->nfks > 0 || t->nrefby > 0) {
            rc = sql__fk_drop_table(env, t, true, &t->oid, 1, e);
            if (rc != 0)
                return rc;
        }
        rc = sql__view_drop_dependents_quiet(env, t, e);
        if (rc == 0)
            rc = sql_cat_table_by_oid(env, s->v[i].oid, &t, e);
        if (rc == 0 && t != NULL)
            rc = sql__drop_table(env, t, e);
        if (rc != 0)
            return rc;
    }
    s->n = k;
    return 0;
}

/* DROP SCHEMA name CASCADE in env->txn, without notices. */
static int drop_schema_quiet(struct sql_env *env, const char *name, struct err *e)
{
    struct sql_qname q = {.name = (char *)name};
    void *items[1] = {&q};
    struct sql_stmt st;
    memset(&st, 0, sizeof(st));
    st.kind = SQL_STMT_DROP;
    st.u.drop.objtype = SQL_OBJ_SCHEMA;
    st.u.drop.names.n = 1;
    st.u.drop.names.items = items;
    st.u.drop.if_exists = true;
    st.u.drop.behavior = SQL_DROP_CASCADE;
    int (*notice)(void *, const struct sql_notice *) = env->notice;
    env->notice = NULL;
    int rc = sql__drop_schema(env, &st, e);
    env->notice = notice;
    return rc;
}

void sql_temp_session_end(struct sql_env *env)
{
    struct temp_state *s = env->temp_state;
    if (s != NULL) {
        xfree(s->v);
        xfree(s);
        env->temp_state = NULL;
    }
    if (env->temp_schema[0] == 0 || env->kv == NULL)
        return;
    struct mem_ctx *saved_ctx = env->stmt_ctx;
    env->stmt_ctx = mem_ctx_new(NULL, "sql temp drop");
    for (int attempt = 0; attempt < 5; attempt++) {
        struct err e = {0};
        struct kv_txn *t;
        if (kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, false, &t, &e) != 0)
            return;
        env->txn = t;
        env->txn_did_ddl = true;
        env->read_only = false;
        int rc = kv_txn_stmt_begin(t, &e);
        if (rc == 0) {
            rc = drop_schema_quiet(env, env->temp_schema, &e);
            kv_txn_stmt_end(t, rc != 0);
        }
        if (rc == 0)
            rc = kv_txn_commit(t, &e);
        else
            kv_txn_rollback(t);
        env->txn = NULL;
        env->txn_did_ddl = false;
        mem_ctx_reset(env->stmt_ctx);
        if (rc == 0) {
            if (env->cat != NULL)
                sql_catalog_invalidate(env->cat);
            break;
        }
        if (rc != ERR_CONFLICT && rc != ERR_DEADLOCK)
            break;
    }
    mem_ctx_free(env->stmt_ctx);
    env->stmt_ctx = saved_ctx;
    env->temp_schema[0] = 0;
}

void sql_temp_startup_cleanup(struct kv *kv)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "sql temp cleanup");
    struct err e = {0};
    struct kv_txn *t;
    if (kv_txn_begin(kv, KV_ISO_READ_COMMITTED, false, &t, &e) != 0) {
        mem_ctx_free(ctx);
        return;
    }
    struct sql_env env;
    memset(&env, 0, sizeof(env));
    env.kv = kv;
    env.txn = t;
    env.stmt_ctx = ctx;
    env.txn_ctx = ctx;
    env.user = SQL_DEFAULT_NAME;
    env.superuser = true;
    env.txn_did_ddl = true;
    int rc = kv_txn_stmt_begin(t, &e);
    bool stmt = rc == 0;
    struct sql_db_desc *dbs = NULL;
    size_t ndb = 0;
    if (rc == 0)
        rc = sql__db_list_txn(t, ctx, &dbs, &ndb, &e);
    bool any = false;
    for (size_t i = 0; rc == 0 && i < ndb; i++) {
        env.database = dbs[i].name;
        env.db_oid = dbs[i].oid;
        struct sql_schema_desc *ss;
        size_t ns;
        rc = sql_cat_list_schemas(&env, &ss, &ns, &e);
        for (size_t j = 0; rc == 0 && j < ns; j++) {
            if (!sql_temp_is_schema_name(ss[j].name))
                continue;
            rc = drop_schema_quiet(&env, ss[j].name, &e);
            any = true;
        }
    }
    if (stmt)
        kv_txn_stmt_end(t, rc != 0);
    if (rc == 0 && any)
        rc = kv_txn_commit(t, &e);
    else
        kv_txn_rollback(t);
    mem_ctx_free(ctx);
}
