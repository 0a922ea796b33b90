/* bind_acl.c — the privileges a plan needs, checked every time it runs
 * (PostgreSQL's RTE requiredPerms + ExecCheckRTPerms, and the EXECUTE /
 * USAGE checks of functions and schemas).
 *
 * The binder notes each one in b->perms: the object, the privileges and
 * whose they must be (NULL: the current user; inside a view, the view's
 * owner, as PostgreSQL checks a view's relations as its owner). The plan
 * keeps the list and sql_cursor_open checks it before anything runs, so a
 * cached or prepared plan never outlives a REVOKE or a SET ROLE. Entries
 * as a superuser owner are not recorded; the current user being a
 * superuser skips the rest when checked. Every path that reads or writes a
 * table through a plan passes here; COPY, TRUNCATE, sequences and DDL check
 * on their own (acl.h).
 */
#include "sql/acl.h"
#include "sql/catalog.h"
#include "sql/engine_int.h"

#include "common/err.h"
#include "common/mem.h"

#include <string.h>

static bool same_user(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static struct eng_perm *perm_slot(struct binder *b, char objtype, uint32_t oid)
{
    for (int i = 0; i < b->nperms; i++)
        if (b->perms[i].oid == oid && b->perms[i].objtype == objtype &&
            same_user(b->perms[i].as_user, b->acl_user))
            return &b->perms[i];
    if (b->nperms == b->capperms) {
        int nc = b->capperms ? b->capperms * 2 : 8;
        b->perms = mem_realloc(b->ctx, b->perms, sizeof *b->perms * (size_t)b->capperms,
                               sizeof *b->perms * (size_t)nc);
        b->capperms = nc;
    }
    struct eng_perm *p = &b->perms[b->nperms++];
    memset(p, 0, sizeof *p);
    p->objtype = objtype;
    p->oid = oid;
    p->as_user = b->acl_user;
    return p;
}

void eng__perm_obj(struct binder *b, char objtype, uint32_t oid, const char *owner,
                   const char *kind, const char *name, uint32_t privs)
{
    if (b->acl_user_super || b->env == NULL)
        return;
    struct eng_perm *p = perm_slot(b, objtype, oid);
    if (p->name == NULL) {
        p->owner = owner != NULL ? mem_strdup(b->ctx, owner) : NULL;
        p->kind = kind;
        p->name = mem_strdup(b->ctx, name);
    }
    p->privs |= privs;
}

void eng__perm_rel(struct binder *b, const struct sql_table_desc *t, uint32_t privs)
{
    if (t == NULL || (t->kind != 'r' && t->kind != 'v' && t->kind != 'S'))
        return;
    eng__perm_obj(b, sql__acl_reltype(t), t->oid, t->owner, sql__acl_relkind_word(t), t->name,
                  privs);
}

static void add_col(struct binder *b, struct eng_perm *p, int which, int attnum)
{
    if (attnum <= 0)
        return; /* system columns: the table's privilege */
    for (int i = 0; i < p->ncols[which]; i++)
        if (p->cols[which][i] == attnum)
            return;
    if (p->ncols[which] == p->capcols[which]) {
        int nc = p->capcols[which] ? p->capcols[which] * 2 : 8;
        p->cols[which] =
            mem_realloc(b->ctx, p->cols[which], sizeof(int16_t) * (size_t)p->capcols[which],
                        sizeof(int16_t) * (size_t)nc);
        p->capcols[which] = nc;
    }
    p->cols[which][p->ncols[which]++] = (int16_t)attnum;
}

void eng__perm_colref(struct binder *b, uint32_t oid, int attnum)
{
    if (b->acl_user_super || b->acl_internal > 0)
        return;
    struct eng_perm *any = NULL;
    for (int i = 0; i < b->nperms; i++) {
        struct eng_perm *p = &b->perms[i];
        if (p->oid != oid || p->objtype != 'r')
            continue;
        if (same_user(p->as_user, b->acl_user)) {
            any = p;
            break;
        }
        if (any == NULL)
            any = p;
    }
    if (any != NULL) {
        any->privs |= SQL_ACL_SELECT;
        add_col(b, any, ENG_PERM_SEL, attnum);
    }
}

void eng__perm_col(struct binder *b, const struct sql_table_desc *t, int which, int attnum)
{
    if (b->acl_user_super || t == NULL || t->kind == 'S')
        return;
    add_col(b, perm_slot(b, 'r', t->oid), which, attnum);
}

/* Without the table-level privileges missing, column privileges: every
 * column listed for each, or any column when none is. */
static int column_check(struct sql_env *env, const struct eng_perm *q, uint32_t missing, bool *ok,
                        struct err *e)
{
    *ok = false;
    if (missing & ~SQL_ACL_COLUMN_PRIVS)
        return 0;
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table_by_oid(env, q->oid, &t, e);
    if (rc != 0 || t == NULL)
        return rc;
    static const uint32_t bits[3] = {SQL_ACL_SELECT, SQL_ACL_INSERT, SQL_ACL_UPDATE};
    for (int w = 0; w < 4; w++) {
        uint32_t bit = w < 3 ? bits[w] : SQL_ACL_REFERENCES;
        if (!(missing & bit))
            continue;
        int n = w < 3 ? q->ncols[w] : 0;
        if (n > 0) {
            for (int i = 0; i < n; i++) {
                uint32_t have;
                if ((rc = sql__acl_col_mask(env, q->as_user, q->oid, q->cols[w][i], bit, &have,
                                            e)) != 0)
                    return rc;
                if (!have)
                    return 0;
            }
            continue;
        }
        bool anyc = false;
        for (int i = 0; i < t->ncols && !anyc; i++) {
            if (t->cols[i].hidden)
                continue;
            uint32_t have;
            if ((rc = sql__acl_col_mask(env, q->as_user, q->oid, t->cols[i].attnum, bit, &have,
                                        e)) != 0)
                return rc;
            anyc = have != 0;
        }
        if (!anyc)
            return 0;
    }
    *ok = true;
    return 0;
}

int eng__perm_enter_view(struct binder *b, const struct sql_table_desc *v, const char **saved,
                         bool *saved_super, struct err *e)
{
    *saved = b->acl_user;
    *saved_super = b->acl_user_super;
    if (b->env == NULL)
        return 0;
    bool super = false;
    int rc = sql__acl_role_super(b->env, v->owner, &super, e);
    if (rc != 0)
        return rc;
    b->acl_user = mem_strdup(b->ctx, v->owner);
    b->acl_user_super = super;
    return 0;
}

void eng__perm_leave_view(struct binder *b, const char *saved, bool saved_super)
{
    b->acl_user = saved;
    b->acl_user_super = saved_super;
}

int sql_plan_check_perms(struct sql_env *env, const struct sql_plan *p, struct err *e)
{
    return eng__perms_check(env, p->perms, p->nperms, e);
}

int eng__perms_check(struct sql_env *env, const struct eng_perm *perms, int nperms, struct err *e)
{
    for (int i = 0; i < nperms; i++) {
        const struct eng_perm *q = &perms[i];
        if (q->as_user == NULL && env->superuser)
            continue;
        if (q->privs == 0)
            continue;
        const char *owner = q->owner;
        if (owner == NULL) { /* a schema: its owner now */
            struct sql_schema_desc sd;
            bool found = false;
            int rc = sql_cat_schema(env, q->name, &sd, &found, e);
            if (rc != 0)
                return rc;
            if (!found || strcmp(q->name, "pg_catalog") == 0 ||
                strcmp(q->name, "information_schema") == 0)
                continue;
            owner = mem_strdup(env->stmt_ctx, sd.owner);
        }
        if (q->objtype == 'r') { /* table privileges, else column privileges */
            uint32_t have;
            int rc =
                sql__acl_mask(env, q->as_user, 'r', q->oid, owner, q->name, q->privs, &have, e);
            bool ok = have == q->privs;
            if (rc == 0 && !ok)
                rc = column_check(env, q, q->privs & ~have, &ok, e);
            if (rc != 0)
                return rc;
            if (!ok)
                return err_set_state(e, ERR_INVAL, "42501", "permission denied for %s %s", q->kind,
                                     q->name);
            continue;
        }
        int rc = sql__acl_check(env, q->as_user, q->objtype, q->oid, owner, q->kind, q->name,
                                q->privs, q->objtype == 'S', e);
        if (rc != 0)
            return rc;
    }
    return 0;
}
