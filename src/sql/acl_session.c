/* acl_session.c — the session's identity: SET ROLE, SET SESSION
 * AUTHORIZATION, current_user / session_user (PostgreSQL 15's
 * miscinit.c SetSessionAuthorization / SetCurrentRoleId and variable.c
 * check_role / check_session_authorization).
 *
 * The settings "role" and "session_authorization" hold the names
 * (settings.c); their apply hooks come here and point env->user,
 * env->session_user and env->superuser at the result, so a SET LOCAL ROLE
 * rolled back with its transaction restores the identity with the value.
 */
#include "sql/acl.h"
#include "sql/env.h"
#include "sql/session_int.h"
#include "sql/sql.h"

#include "sql/catalog_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "kv/kv.h"

#include <stdio.h>
#include <string.h>

static struct sql__identity *ident(struct sql_env *env)
{
    return env->sess != NULL ? sql__session_ident(env->sess) : NULL;
}

void sql__acl_identity_init(struct sql_env *env, const char *user, bool super)
{
    struct sql__identity *id = ident(env);
    if (id == NULL)
        return;
    snprintf(id->auth_user, sizeof id->auth_user, "%s", user);
    id->auth_super = super;
    snprintf(id->sess_user, sizeof id->sess_user, "%s", user);
    id->sess_super = super;
    id->role[0] = '\0';
    id->role_super = false;
    env->session_user = id->sess_user;
}

static int lookup(struct sql_env *env, const char *name, bool *found, bool *super, struct err *e)
{
    struct sql_role r;
    *found = *super = false;
    int rc = sql_role_get(env->kv, name, &r, found, e);
    if (rc == 0 && *found)
        *super = r.superuser;
    return rc;
}

int sql__acl_check_identity(struct sql_env *env, const char *name, const char *value, struct err *e)
{
    struct sql__identity *id = ident(env);
    if (id == NULL || value == NULL)
        return 0; /* RESET: back to the session's own */
    bool role = strcmp(name, "role") == 0;
    if (role && strcmp(value, "none") == 0)
        return 0;
    if (!role && value[0] == '\0')
        return 0;
    bool found, super;
    int rc = lookup(env, value, &found, &super, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_INVAL, "22023", "role \"%s\" does not exist", value);
    if (!role) {
        if (!id->auth_super && strcmp(value, id->auth_user) != 0)
            return err_set_state(e, ERR_INVAL, "42501",
                                 "permission denied to set session authorization");
        return 0;
    }
    if (id->sess_super || strcmp(value, id->sess_user) == 0)
        return 0;
    /* is the session user a member of the role (whatever INHERIT says)? */
    struct sql_env tmp = *env;
    tmp.superuser = false;
    tmp.seq_state = NULL; /* no catalog-reader state of the session's */
    bool member = false;
    struct kv_txn *own = NULL;
    if (tmp.txn == NULL) { /* SET outside a transaction: read the roles in one of our own */
        if ((rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &own, e)) != 0)
            return rc;
        tmp.txn = own;
    }
    rc = sql__acl_is_member(&tmp, id->sess_user, value, &member, e);
    if (own != NULL)
        kv_txn_rollback(own);
    if (rc != 0)
        return rc;
    if (!member)
        return err_set_state(e, ERR_INVAL, "42501", "permission denied to set role \"%s\"", value);
    return 0;
}

void sql__acl_apply_identity(struct sql_env *env, char which, const char *v)
{
    struct sql__identity *id = ident(env);
    if (id == NULL || id->cur == NULL)
        return;
    struct err e = {0};
    bool found, super;
    if (which == 's') {
        if (v == NULL || v[0] == '\0' || strcmp(v, id->auth_user) == 0) {
            snprintf(id->sess_user, sizeof id->sess_user, "%s", id->auth_user);
            id->sess_super = id->auth_super;
        } else if (lookup(env, v, &found, &super, &e) == 0 && found) {
            snprintf(id->sess_user, sizeof id->sess_user, "%s", v);
            id->sess_super = super;
        }
    } else if (v == NULL || v[0] == '\0' || strcmp(v, "none") == 0) {
        id->role[0] = '\0';
    } else if (lookup(env, v, &found, &super, &e) == 0 && found) {
        snprintf(id->role, sizeof id->role, "%s", v);
        id->role_super = super;
    }
    bool use_role = id->role[0] != '\0';
    snprintf(id->cur, SQL_NAME_BUF, "%s", use_role ? id->role : id->sess_user);
    env->superuser = use_role ? id->role_super : id->sess_super;
    env->session_user = id->sess_user;
    env->user = id->cur;
}

int sql_session_connect_check(struct sql_session *s, struct err *e)
{
    struct sql__identity *id = sql__session_ident(s);
    struct sql_env *env = sql__session_env(s);
    if (id->auth_super)
        return 0;
    struct kv_txn *t;
    int rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &t, e);
    if (rc != 0)
        return rc;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "connect check");
    struct sql_db_desc d;
    bool found = false;
    rc = sql__db_get_txn(t, ctx, env->database, &d, &found, e);
    if (rc == 0 && found) {
        struct kv_txn *saved = env->txn;
        struct mem_ctx *saved_stmt = env->stmt_ctx;
        env->txn = t;
        env->stmt_ctx = ctx;
        uint32_t have = 0;
        rc = sql__acl_mask(env, NULL, 'd', d.oid, d.owner, d.name, SQL_ACL_CONNECT, &have, e);
        env->txn = saved;
        env->stmt_ctx = saved_stmt;
        if (rc == 0 && have == 0)
            rc = err_set_state(e, ERR_INVAL, "42501",
                               "permission denied for database \"%s\"\nDETAIL:  User does not "
                               "have CONNECT privilege.",
                               d.name);
    }
    kv_txn_rollback(t);
    mem_ctx_free(ctx);
    return rc;
}
