/* ddl_misc.c — CREATE/DROP SCHEMA, CREATE/DROP DATABASE, CREATE/ALTER/DROP
 * ROLE (USER), all in env->txn.
 *
 * Passwords are stored only as SCRAM-SHA-256 secrets (PostgreSQL's
 * rolpassword format): a value that already is one is kept as given,
 * anything else is hashed with scram_secret_make (common/scram_secret.h).
 */
#include "sql/backend_sig.h"
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/scram_secret.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/acl.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/vtab.h"
#include "sql/fk.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- schemas ---- */

/* The relation an element of CREATE SCHEMA creates (or indexes), or NULL. */
static struct sql_rangevar *element_rel(const struct sql_stmt *s, int *order)
{
    switch (s->kind) {
    case SQL_STMT_CREATE_SEQUENCE:
        *order = 0;
        return s->u.create_sequence.seq;
    case SQL_STMT_CREATE_TABLE:
        *order = 1;
        return s->u.create_table.table;
    case SQL_STMT_CREATE_VIEW:
        *order = 2;
        return s->u.create_view.view;
    case SQL_STMT_CREATE_INDEX:
        *order = 3;
        return s->u.create_index.table;
    default:
        return NULL;
    }
}

/* CREATE SCHEMA name elements... (PostgreSQL's transformCreateSchemaStmt):
 * each element created in the schema (42P15 when it names another one), in
 * PostgreSQL's order (sequences, tables, views, indexes), with the new
 * schema searched first. */
static int schema_elements(struct sql_env *env, const char *name, const struct sql_list *elts,
                           struct err *e)
{
    for (int i = 0; i < elts->n; i++) {
        const struct sql_stmt *s = elts->items[i];
        int order = -1;
        struct sql_rangevar *rv = element_rel(s, &order);
        if (rv == NULL)
            return sql__ddl_unsupported(e, "this kind of CREATE SCHEMA element");
        if (rv->name.schema != NULL && strcmp(rv->name.schema, name) != 0)
            return err_set_state(e, ERR_INVAL, "42P15",
                                 "CREATE specifies a schema (%s) different from the one being "
                                 "created (%s)",
                                 rv->name.schema, name);
        if (rv->persistence == 't')
            return sql__ddl_unsupported(e, "temporary relations in CREATE SCHEMA");
        rv->name.schema = (char *)name;
    }
    const char *saved[SQL_SEARCH_PATH_MAX];
    int nsaved = env->nsearch;
    memcpy(saved, env->search_path, sizeof saved);
    if (env->nsearch < SQL_SEARCH_PATH_MAX) {
        memmove(&env->search_path[1], &env->search_path[0],
                sizeof(env->search_path[0]) * (size_t)env->nsearch);
        env->search_path[0] = name;
        env->nsearch++;
    }
    struct sbuf tag;
    sbuf_init(&tag);
    int rc = 0;
    for (int pass = 0; pass < 4 && rc == 0; pass++)
        for (int i = 0; i < elts->n && rc == 0; i++) {
            const struct sql_stmt *s = elts->items[i];
            int order = -1;
            element_rel(s, &order);
            if (order == pass)
                rc = sql_ddl_exec(env, s, &tag, e);
        }
    sbuf_free(&tag);
    memcpy(env->search_path, saved, sizeof saved);
    env->nsearch = nsaved;
    return rc;
}

int sql__create_schema(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const char *auth = st->u.create_schema.authrole;
    if (auth != NULL && (strcmp(auth, "CURRENT_ROLE") == 0 || strcmp(auth, "CURRENT_USER") == 0 ||
                         strcmp(auth, "SESSION_USER") == 0)) /* cv_rolespecs' words */
        auth = env->user ? env->user : SQL_DEFAULT_NAME;
    const char *name = st->u.create_schema.name ? st->u.create_schema.name : auth;
    const char *owner = auth ? auth : (env->user ? env->user : SQL_DEFAULT_NAME);
    if (name == NULL || name[0] == 0 || strlen(name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42602", "invalid schema name \"%s\"", name ? name : "");
    if (strncmp(name, "pg_", 3) == 0)
        return err_set_state(e, ERR_INVAL, "42939",
                             "unacceptable schema name \"%s\"" SQL_NUM_DETAIL_SEP
                             "The prefix \"pg_\" is reserved for system "
                             "schemas.",
                             name);
    uint32_t oid;
    int rc = sql__schema_oid(env, name, &oid, e);
    if (rc != 0)
        return rc;
    if (oid != 0) {
        if (st->u.create_schema.if_not_exists)
            return sql__ddl_notice(env, "42P06", "schema \"%s\" already exists, skipping", name);
        return err_set_state(e, ERR_EXISTS, "42P06", "schema \"%s\" already exists", name);
    }
    if (st->u.create_schema.authrole != NULL) {
        struct sql_role r;
        bool found;
        rc = sql__role_get_txn(env->txn, env->stmt_ctx, owner, &r, &found, e);
        if (rc != 0)
            return rc;
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", owner);
    }
    uint32_t db;
    rc = sql__db_oid(env, &db, e);
    if (rc == 0)
        rc = sql__oid_alloc(env, &oid, e);
    if (rc == 0)
        rc = sql__schema_store(env, db, name, oid, owner, e);
    if (rc != 0 || st->u.create_schema.elts.n == 0)
        return rc;
    return schema_elements(env, name, &st->u.create_schema.elts, e);
}

int sql__drop_schema(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    for (int i = 0; i < st->u.drop.names.n; i++) {
        const struct sql_qname *q = st->u.drop.names.items[i];
        uint32_t oid;
        rc = sql__schema_oid(env, q->name, &oid, e);
        if (rc != 0)
            return rc;
        if (oid == 0) {
            if (st->u.drop.if_exists) {
                rc = sql__ddl_notice(env, "00000", "schema \"%s\" does not exist, skipping",
                                     q->name);
                if (rc != 0)
                    return rc;
                continue;
            }
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", q->name);
        }
        if (oid == SQL_NS_PG_CATALOG || oid == SQL_NS_INFORMATION)
            return err_set_state(e, ERR_INVAL, "2BP01",
                                 "cannot drop schema %s because it is required by the database "
                                 "system",
                                 q->name);
        if (oid == SQL_NS_PUBLIC)
            return sql__ddl_unsupported(e, "DROP SCHEMA public");
        {
            struct sql_schema_desc sd;
            bool found = false;
            if ((rc = sql_cat_schema(env, q->name, &sd, &found, e)) != 0)
                return rc;
            if (found && (rc = sql__acl_check_owner(env, sd.owner, "schema", q->name, e)) != 0)
                return rc;
        }
        /* Its relations. */
        const struct sql_table_desc **all;
        size_t n;
        rc = sql_cat_list_tables(env, &all, &n, e);
        if (rc != 0)
            return rc;
        /* Dependents as PostgreSQL lists them, oldest first: tables, views,
         * the sequences no column owns (owned ones go with their table),
         * types and functions (ddl_schema_objs.c). */
        struct sql__schema_obj *objs = NULL;
        size_t nobjs = 0;
        if ((rc = sql__schema_objs(env, oid, q->name, &objs, &nobjs, e)) != 0)
            return rc;
        struct sql__schema_obj *list = mem_alloc0(env->stmt_ctx, sizeof *list * (n + nobjs + 1));
        size_t nlist = 0;
        for (size_t j = 0; j < n; j++) {
            const struct sql_table_desc *r = all[j];
            if (r->schema_oid != oid || (r->kind == 'S' && r->seq.owned_by_table != 0))
                continue;
            bool vis = false; /* getObjectDescription: qualified unless visible */
            if ((rc = sql__pgcat_visible(env, r, r->name, &vis, e)) != 0)
                return rc;
            list[nlist].oid = r->oid;
            list[nlist++].desc = mem_printf(env->stmt_ctx, "%s %s%s%s",
                                            r->kind == 'S'   ? "sequence"
                                            : r->kind == 'v' ? "view"
                                                             : "table",
                                            vis ? "" : q->name, vis ? "" : ".", r->name);
        }
        for (size_t j = 0; j < nobjs; j++)
            list[nlist++] = objs[j];
        sql__schema_objs_sort(list, nlist);
        struct sbuf deps;
        sbuf_init(&deps);
        size_t nin = 0;
        for (size_t j = 0; j < nlist; j++, nin++)
            if (nin < 100)
                sbuf_printf(&deps, "%s%s", nin ? "\n" : "", list[j].desc);
        if (nin > 100)
            sbuf_printf(&deps, "\nand %zu other objects (see server log for list)", nin - 100);
        if (nin > 0 && st->u.drop.behavior != SQL_DROP_CASCADE) {
            /* "table s.t depends on schema s" for each */
            struct sbuf d;
            sbuf_init(&d);
            const char *p = deps.data;
            while (*p) {
                const char *nl = strchr(p, '\n');
                size_t l = nl ? (size_t)(nl - p) : strlen(p);
                if (strncmp(p, "and ", 4) == 0)
                    sbuf_printf(&d, "%s%.*s", d.len ? "\n" : "", (int)l, p);
                else
                    sbuf_printf(&d, "%s%.*s depends on schema %s", d.len ? "\n" : "", (int)l, p,
                                q->name);
                p += l + (nl ? 1 : 0);
            }
            err_set_state(e, ERR_INVAL, "2BP01",
                          "cannot drop schema %s because other objects depend on "
                          "it" SQL_NUM_DETAIL_SEP "%s\nHINT:  Use DROP ... CASCADE to drop the "
                          "dependent objects too.",
                          q->name, d.data);
            sbuf_free(&d);
            sbuf_free(&deps);
            return ERR_INVAL;
        }
        if (nin == 1) {
            rc = sql__ddl_notice(env, "00000", "drop cascades to %s", deps.data);
        } else if (nin > 1) {
            struct sbuf d;
            sbuf_init(&d);
            const char *p = deps.data;
            while (*p) {
                const char *nl = strchr(p, '\n');
                size_t l = nl ? (size_t)(nl - p) : strlen(p);
                sbuf_printf(&d, "%s%s%.*s", d.len ? "\n" : "",
                            strncmp(p, "and ", 4) == 0 ? "" : "drop cascades to ", (int)l, p);
                p += l + (nl ? 1 : 0);
            }
            char msg[64];
            snprintf(msg, sizeof(msg), "drop cascades to %zu other objects", nin);
            struct sql_notice nt = {
                .severity = "NOTICE", .sqlstate = "00000", .message = msg, .detail = d.data};
            rc = env->notice ? env->notice(env->notice_arg, &nt) : 0;
            sbuf_free(&d);
        }
        sbuf_free(&deps);
        if (rc != 0)
            return rc;
        if (nin > 0) {
            /* Tables first (they drop their owned sequences), then what is left. */
            uint32_t *drop = mem_alloc0(env->stmt_ctx, sizeof(*drop) * (n + 1));
            int ndrop = 0;
            for (size_t j = 0; j < n; j++)
                if (all[j]->schema_oid == oid && all[j]->kind == 'r')
                    drop[ndrop++] = all[j]->oid;
            for (size_t j = 0; j < n && rc == 0; j++)
                if (all[j]->schema_oid == oid && (all[j]->kind == 'r' || all[j]->kind == 'v'))
                    rc = sql__view_drop_dependents_quiet(env, all[j], e);
            for (size_t j = 0; j < n && rc == 0; j++) {
                if (all[j]->schema_oid != oid || (all[j]->kind != 'r' && all[j]->kind != 'v'))
                    continue;
                /* foreign keys from and to tables outside the schema */
                if (all[j]->kind == 'r' && (all[j]->nfks > 0 || all[j]->nrefby > 0))
                    rc = sql__fk_drop_table(env, all[j], true, drop, ndrop, e);
                const struct sql_table_desc *cur = NULL;
                bool view = all[j]->kind == 'v' || all[j]->matview;
                if (rc == 0 && view) /* a dependent view may be gone already */
                    rc = sql_cat_table_by_oid(env, all[j]->oid, &cur, e);
                if (rc == 0 && (!view || cur != NULL))
                    rc = sql__drop_table(env, all[j], e);
            }
            const struct sql_table_desc **rest;
            size_t nrest;
            if (rc == 0)
                rc = sql_cat_list_tables(env, &rest, &nrest, e);
            for (size_t j = 0; rc == 0 && j < nrest; j++)
                if (rest[j]->schema_oid == oid && rest[j]->kind == 'S')
                    rc = sql__drop_seq(env, rest[j], e);
            /* types and functions, newest first (an enum after the domain over it) */
            for (size_t j = nobjs; rc == 0 && j > 0; j--)
                rc = sql__schema_obj_drop(env, q->name, &objs[j - 1], e);
            if (rc != 0)
                return rc;
        }
        struct sbuf k;
        sbuf_init(&k);
        sql__key_schema(&k, db, q->name);
        rc = sql__cat_del(env, k.data, k.len, e);
        sbuf_free(&k);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- databases ---- */

int sql__create_database(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const char *name = st->u.create_database.name;
    if (!env->superuser)
        return err_set_state(e, ERR_INVAL, "42501", "permission denied to create database");
    if (name == NULL || name[0] == 0 || strlen(name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42602", "invalid database name \"%s\"",
                             name ? name : "");
    struct sql_db_desc d;
    memset(&d, 0, sizeof(d));
    snprintf(d.owner, sizeof(d.owner), "%s", env->user ? env->user : SQL_DEFAULT_NAME);
    for (int i = 0; i < st->u.create_database.options.n; i++) {
        const struct sql_option *o = st->u.create_database.options.items[i];
        if (strcmp(o->name, "owner") == 0 && o->str != NULL) {
            struct sql_role r;
            bool found;
            int rc = sql__role_get_txn(env->txn, env->stmt_ctx, o->str, &r, &found, e);
            if (rc != 0)
                return rc;
            if (!found)
                return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist",
                                     o->str);
            snprintf(d.owner, sizeof(d.owner), "%s", o->str);
        } else if (strcmp(o->name, "encoding") == 0) {
            const char *enc = o->str ? o->str : "";
            if (strcasecmp(enc, "UTF8") != 0 && strcasecmp(enc, "UTF-8") != 0 &&
                strcasecmp(enc, "unicode") != 0)
                return sql__ddl_unsupported(e, "an encoding other than UTF8");
        } else if (strcmp(o->name, "template") == 0 || strcmp(o->name, "locale") == 0 ||
                   strcmp(o->name, "lc_collate") == 0 || strcmp(o->name, "lc_ctype") == 0 ||
                   strcmp(o->name, "connection_limit") == 0 ||
                   strcmp(o->name, "allow_connections") == 0 ||
                   strcmp(o->name, "is_template") == 0 || strcmp(o->name, "locale_provider") == 0 ||
                   strcmp(o->name, "strategy") == 0) {
            /* accepted; one template, one locale ("C") */
        } else if (strcmp(o->name, "tablespace") == 0) {
            return sql__ddl_unsupported(e, "TABLESPACE");
        } else {
            return err_set_state(e, ERR_INVAL, "42601", "option \"%s\" not recognized", o->name);
        }
    }
    bool found;
    int rc = sql__db_get_txn(env->txn, env->stmt_ctx, name, &d, &found, e);
    if (rc != 0)
        return rc;
    if (found)
        return err_set_state(e, ERR_EXISTS, "42P04", "database \"%s\" already exists", name);
    snprintf(d.name, sizeof(d.name), "%s", name);
    rc = sql__oid_alloc(env, &d.oid, e);
    if (rc == 0) {
        env->txn_did_ddl = true;
        rc = sql__db_put_txn(env->txn, &d, e);
    }
    return rc;
}

int sql__drop_database(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_qname *q = st->u.drop.names.items[0];
    struct sql_db_desc d;
    bool found;
    int rc = sql__db_get_txn(env->txn, env->stmt_ctx, q->name, &d, &found, e);
    if (rc != 0)
        return rc;
    if (!found) {
        if (st->u.drop.if_exists)
            return sql__ddl_notice(env, "00000", "database \"%s\" does not exist, skipping",
                                   q->name);
        return err_set_state(e, ERR_NOTFOUND, "3D000", "database \"%s\" does not exist", q->name);
    }
    if (env->database && strcmp(env->database, q->name) == 0)
        return err_set_state(e, ERR_BUSY, "55006", "cannot drop the currently open database");
    if (!env->superuser && (env->user == NULL || strcmp(env->user, d.owner) != 0))
        return err_set_state(e, ERR_INVAL, "42501", "must be owner of database %s", q->name);
    /* nobody else may be connected to it (FORCE: end their sessions first) */
    rc = sql__bsig_database_idle(env, q->name, st->u.drop.force, e);
    if (rc != 0)
        return rc;
    env->txn_did_ddl = true;
    /* The database's catalog records and data stay behind, unreachable:
     * no later database reuses its oid. */
    return sql__db_del_txn(env->txn, q->name, e);
}

/* ---- roles ---- */

static int role_password(const struct sql_option *o, struct sql_role *r, struct err *e)
{
    if (o->kind == SQL_OPT_NONE || o->str == NULL) {
        r->secret[0] = 0; /* PASSWORD NULL */
        return 0;
    }
    const char *pw = o->str;
    if (strncmp(pw, "SCRAM-SHA-256$", 14) == 0) {
        if (strlen(pw) > SQL_SECRET_MAX)
            return err_set(e, ERR_LIMIT, "password secret too long");
        snprintf(r->secret, sizeof(r->secret), "%s", pw);
        return 0;
    }
    if (strlen(pw) == 35 && strncmp(pw, "md5", 3) == 0 && strspn(pw + 3, "0123456789abcdef") == 32)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "MD5 password hashes are not supported (give the password or a "
                             "SCRAM-SHA-256 secret)");
    if (pw[0] == 0) {
        /* PostgreSQL: empty password -> NOTICE and no password. */
        r->secret[0] = 0;
        return 1;
    }
    struct sbuf b;
    sbuf_init(&b);
    int rc = scram_secret_make(pw, &b, e);
    if (rc == 0) {
        if (b.len > SQL_SECRET_MAX)
            rc = err_set(e, ERR_LIMIT, "password secret too long");
        else
            snprintf(r->secret, sizeof(r->secret), "%s", b.data);
    }
    sbuf_free(&b);
    return rc;
}

static int role_options(struct sql_env *env, const struct sql_list *opts, struct sql_role *r,
                        bool *pw_changed, bool *attr_changed, struct err *e)
{
    *pw_changed = *attr_changed = false;
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *o = opts->items[i];
        bool bv = o->kind == SQL_OPT_BOOL ? o->bval : o->kind == SQL_OPT_INT ? o->ival != 0 : true;
        if (strcmp(o->name, "password") == 0) {
            int rc = role_password(o, r, e);
            if (rc < 0)
                return rc;
            if (rc == 1) {
                rc = sql__ddl_notice(env, "00000",
                                     "empty string is not a valid password, "
                                     "clearing password");
                if (rc != 0)
                    return rc;
            }
            *pw_changed = true;
        } else if (strcmp(o->name, "canlogin") == 0) {
            r->login = bv;
            *attr_changed = true;
        } else if (strcmp(o->name, "superuser") == 0) {
            r->superuser = bv;
            *attr_changed = true;
        } else if (strcmp(o->name, "inherit") == 0) {
            r->noinherit = !bv;
            *attr_changed = true;
        } else if (strcmp(o->name, "createdb") == 0 || strcmp(o->name, "createrole") == 0 ||
                   strcmp(o->name, "connectionlimit") == 0 || strcmp(o->name, "validUntil") == 0 ||
                   strcmp(o->name, "bypassrls") == 0 || strcmp(o->name, "isreplication") == 0) {
            /* Not modelled: only superusers create objects that need these. */
            if ((strcmp(o->name, "createdb") == 0 || strcmp(o->name, "createrole") == 0 ||
                 strcmp(o->name, "isreplication") == 0 || strcmp(o->name, "bypassrls") == 0) &&
                bv)
                return sql__ddl_unsupported(e, "role attributes CREATEDB, CREATEROLE, "
                                               "REPLICATION and BYPASSRLS");
            *attr_changed = true;
        } else if (strcmp(o->name, "addroleto") == 0 || strcmp(o->name, "rolemembers") == 0 ||
                   strcmp(o->name, "adminmembers") == 0 || strcmp(o->name, "dropmembers") == 0) {
            /* memberships: sql__acl_role_options once the role is stored (acl_ddl.c) */
        } else {
            return err_set_state(e, ERR_INVAL, "42601", "option \"%s\" not recognized", o->name);
        }
    }
    return 0;
}

int sql__create_role(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    if (!env->superuser)
        return err_set_state(e, ERR_INVAL, "42501", "permission denied to create role");
    const char *name = st->u.role.name;
    if (name == NULL || name[0] == 0 || strlen(name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42602", "invalid role name \"%s\"", name ? name : "");
    if (strncmp(name, "pg_", 3) == 0)
        return err_set_state(e, ERR_INVAL, "42939",
                             "role name \"%s\" is reserved" SQL_NUM_DETAIL_SEP
                             "Role names starting with \"pg_\" are "
                             "reserved.",
                             name);
    struct sql_role r;
    bool found;
    int rc = sql__role_get_txn(env->txn, env->stmt_ctx, name, &r, &found, e);
    if (rc != 0)
        return rc;
    if (found)
        return err_set_state(e, ERR_EXISTS, "42710", "role \"%s\" already exists", name);
    memset(&r, 0, sizeof(r));
    snprintf(r.name, sizeof(r.name), "%s", name);
    r.login = st->u.role.kind == SQL_ROLE_USER;
    bool pw, attr;
    rc = role_options(env, &st->u.role.options, &r, &pw, &attr, e);
    if (rc != 0)
        return rc;
    env->txn_did_ddl = true;
    rc = sql__role_put_txn(env->txn, &r, e);
    return rc != 0 ? rc : sql__acl_role_options(env, name, &st->u.role.options, e);
}

int sql__alter_role(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const char *name = st->u.role.name;
    struct sql_role r;
    bool found;
    int rc = sql__role_get_txn(env->txn, env->stmt_ctx, name ? name : "", &r, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist",
                             name ? name : "");
    bool pw, attr;
    bool was_super = r.superuser;
    rc = role_options(env, &st->u.role.options, &r, &pw, &attr, e);
    if (rc != 0)
        return rc;
    if (!env->superuser) {
        bool self = env->user != NULL && strcmp(env->user, name) == 0;
        if (attr || !self || was_super)
            return err_set_state(e, ERR_INVAL, "42501", "permission denied");
    }
    env->txn_did_ddl = true;
    rc = sql__role_put_txn(env->txn, &r, e);
    return rc != 0 ? rc : sql__acl_role_options(env, name, &st->u.role.options, e);
}

int sql__drop_role(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    if (!env->superuser)
        return err_set_state(e, ERR_INVAL, "42501", "permission denied to drop role");
    for (int i = 0; i < st->u.drop.names.n; i++) {
        const struct sql_qname *q = st->u.drop.names.items[i];
        struct sql_role r;
        bool found;
        int rc = sql__role_get_txn(env->txn, env->stmt_ctx, q->name, &r, &found, e);
        if (rc != 0)
            return rc;
        if (!found) {
            if (st->u.drop.if_exists) {
                rc = sql__ddl_notice(env, "00000", "role \"%s\" does not exist, skipping", q->name);
                if (rc != 0)
                    return rc;
                continue;
            }
            return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", q->name);
        }
        if (env->user != NULL && strcmp(env->user, q->name) == 0)
            return err_set_state(e, ERR_BUSY, "55006", "current user cannot be dropped");
        if (sql__role_predefined(q->name))
            return err_set_state(e, ERR_BUSY, "2BP01",
                                 "cannot drop role %s because it is required by the database "
                                 "system",
                                 q->name);
        if (env->session_user != NULL && strcmp(env->session_user, q->name) == 0)
            return err_set_state(e, ERR_BUSY, "55006", "session user cannot be dropped");
        env->txn_did_ddl = true;
        rc = sql__acl_drop_role(env, q->name, e); /* acl_ddl.c: 2BP01, memberships */
        if (rc != 0)
            return rc;
        rc = sql__role_del_txn(env->txn, q->name, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}
