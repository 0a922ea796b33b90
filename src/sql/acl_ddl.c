/* acl_ddl.c — GRANT / REVOKE of privileges and of roles, and DROP ROLE's
 * dependency check (PostgreSQL 15's aclchk.c ExecuteGrantStmt /
 * merge_acl_with_grant / select_best_grantor / restrict_and_check_grant,
 * user.c GrantRole / DelRoleMems, shdepend.c checkSharedDependencies).
 */
#include "sql/acl.h"

#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/sql.h"
#include "sql/sqlfn.h"
#include "sql/value.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"

#include <stdlib.h>
#include <string.h>

int sql__fn_find(struct sql_env *env, const struct sql_fn_ref *r, const struct sql_fn_desc **out,
                 struct err *e);

/* One object a GRANT names. */
struct gobj {
    char objtype;
    uint32_t oid;
    const char *owner, *name, *kind;
};

static const char *objtype_word(char t)
{
    return t == 'r'   ? "table"
           : t == 'S' ? "sequence"
           : t == 'n' ? "schema"
           : t == 'd' ? "database"
                      : "function";
}

/* The name of the lowest privilege bit of bits (privilege_to_string). */
static const char *priv_name(uint32_t bits)
{
    static const char *const names[SQL_ACL_NBITS] = {
        "INSERT",  "SELECT",  "UPDATE", "DELETE", "TRUNCATE",  "REFERENCES",
        "TRIGGER", "EXECUTE", "USAGE",  "CREATE", "TEMPORARY", "CONNECT"};
    for (int b = 0; b < SQL_ACL_NBITS; b++)
        if (bits & (1u << b))
            return names[b];
    return "?";
}

static int role_exists(struct sql_env *env, const char *name, bool *found, struct err *e)
{
    struct sql_role r;
    return sql__role_get_txn(env->txn, env->stmt_ctx, name, &r, found, e);
}

/* A RoleSpec to a role name ("" for PUBLIC when allow_public). */
static int resolve_role(struct sql_env *env, const struct sql_qname *q, bool allow_public,
                        const char **out, struct err *e)
{
    if (q->schema != NULL && strcmp(q->schema, "*") == 0) {
        if (strcmp(q->name, "PUBLIC") == 0) {
            if (!allow_public)
                return err_set_state(e, ERR_NOTFOUND, "42704", "role \"public\" does not exist");
            *out = "";
            return 0;
        }
        if (strcmp(q->name, "SESSION_USER") == 0)
            *out = env->session_user != NULL ? env->session_user : env->user;
        else
            *out = env->user != NULL ? env->user : "";
        return 0;
    }
    bool found;
    int rc = role_exists(env, q->name, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", q->name);
    *out = q->name;
    return 0;
}

static int add_obj(struct sql_env *env, struct gobj **v, int *n, int *cap, struct gobj o)
{
    (void)env;
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        *v = mem_realloc(env->stmt_ctx, *v, sizeof **v * (size_t)*cap, sizeof **v * (size_t)nc);
        *cap = nc;
    }
    (*v)[(*n)++] = o;
    return 0;
}

static struct gobj rel_obj(const struct sql_table_desc *t)
{
    return (struct gobj){.objtype = sql__acl_reltype(t),
                         .oid = t->oid,
                         .owner = t->owner,
                         .name = t->name,
                         .kind = sql__acl_relkind_word(t)};
}

static int collect(struct sql_env *env, const struct sql_grant *g, struct gobj **out, int *nout,
                   struct err *e)
{
    struct gobj *v = NULL;
    int n = 0, cap = 0, rc = 0;
    for (int i = 0; rc == 0 && i < g->objects.n; i++) {
        if (g->in_schema) {
            const struct sql_qname *q = g->objects.items[i];
            struct sql_schema_desc sd;
            bool found;
            if ((rc = sql_cat_schema(env, q->name, &sd, &found, e)) != 0)
                return rc;
            if (!found)
                return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                     q->name);
            if (g->objtype == 'f') {
                const struct sql_fn_desc **fs;
                size_t nf;
                if ((rc = sql__fn_list(env, &fs, &nf, e)) != 0)
                    return rc;
                for (size_t k = 0; k < nf; k++)
                    if (fs[k]->schema_oid == sd.oid)
                        add_obj(
                            env, &v, &n, &cap,
                            (struct gobj){'f', fs[k]->oid, fs[k]->owner, fs[k]->name, "function"});
                continue;
            }
            const struct sql_table_desc **ts;
            size_t nt;
            if ((rc = sql_cat_list_tables(env, &ts, &nt, e)) != 0)
                return rc;
            for (size_t k = 0; k < nt; k++) {
                const struct sql_table_desc *t = ts[k];
                if (strcmp(t->schema, sd.name) != 0 || t->kind == 'i')
                    continue;
                if ((g->objtype == 'S') != (t->kind == 'S'))
                    continue;
                if (t->kind != 'r' && t->kind != 'v' && t->kind != 'S')
                    continue;
                add_obj(env, &v, &n, &cap, rel_obj(t));
            }
            continue;
        }
        switch (g->objtype) {
        case 'r':
        case 'S': {
            const struct sql_qname *q = g->objects.items[i];
            const struct sql_table_desc *t;
            if ((rc = sql_cat_table(env, q->schema, q->name, &t, e)) != 0)
                return rc;
            if (t == NULL || t->kind == 'i') {
                if (q->schema != NULL)
                    return err_set_state(e, ERR_NOTFOUND, "42P01",
                                         "relation \"%s.%s\" does not exist", q->schema, q->name);
                return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                                     q->name);
            }
            if (g->objtype == 'S' && t->kind != 'S')
                return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", t->name);
            add_obj(env, &v, &n, &cap, rel_obj(t));
            break;
        }
        case 'n': {
            const struct sql_qname *q = g->objects.items[i];
            struct sql_schema_desc sd;
            bool found;
            if ((rc = sql_cat_schema(env, q->name, &sd, &found, e)) != 0)
                return rc;
            if (!found)
                return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                     q->name);
            add_obj(env, &v, &n, &cap,
                    (struct gobj){'n', sd.oid, mem_strdup(env->stmt_ctx, sd.owner),
                                  mem_strdup(env->stmt_ctx, sd.name), "schema"});
            break;
        }
        case 'd': {
            const struct sql_qname *q = g->objects.items[i];
            struct sql_db_desc d;
            bool found;
            if ((rc = sql__db_get_txn(env->txn, env->stmt_ctx, q->name, &d, &found, e)) != 0)
                return rc;
            if (!found)
                return err_set_state(e, ERR_NOTFOUND, "3D000", "database \"%s\" does not exist",
                                     q->name);
            add_obj(env, &v, &n, &cap,
                    (struct gobj){'d', d.oid, mem_strdup(env->stmt_ctx, d.owner),
                                  mem_strdup(env->stmt_ctx, d.name), "database"});
            break;
        }
        case 'f': {
            const struct sql_fn_desc *f;
            if ((rc = sql__fn_find(env, g->objects.items[i], &f, e)) != 0)
                return rc;
            add_obj(env, &v, &n, &cap, (struct gobj){'f', f->oid, f->owner, f->name, "function"});
            break;
        }
        default:
            return err_set(e, ERR_INTERNAL, "GRANT: bad object type");
        }
    }
    *out = v;
    *nout = n;
    return rc;
}

static struct sql_aclitem *find_item(struct sql_acl *a, const char *grantee, const char *grantor)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->items[i].grantee, grantee) == 0 && strcmp(a->items[i].grantor, grantor) == 0)
            return &a->items[i];
    return NULL;
}

static struct sql_aclitem *add_item(struct sql_env *env, struct sql_acl *a, const char *grantee,
                                    const char *grantor)
{
    struct sql_aclitem *it = mem_alloc0(env->stmt_ctx, sizeof *it * (size_t)(a->n + 1));
    if (a->n > 0)
        memcpy(it, a->items, sizeof *it * (size_t)a->n);
    a->items = it;
    it[a->n] = (struct sql_aclitem){.grantee = mem_strdup(env->stmt_ctx, grantee),
                                    .grantor = mem_strdup(env->stmt_ctx, grantor)};
    return &it[a->n++];
}

static void compact(struct sql_acl *a)
{
    int k = 0;
    for (int i = 0; i < a->n; i++)
        if (a->items[i].privs != 0 || a->items[i].goptions != 0)
            a->items[k++] = a->items[i];
    a->n = k;
}

/* Revoke privs (grant options only when gopt) that grantee got from
 * grantor; what grantee granted on from those grant options goes too when
 * cascade (recursive_revoke), else 2BP01. */
static int revoke_from(struct sql_acl *a, const char *grantee, const char *grantor, uint32_t privs,
                       bool gopt, bool cascade, int depth, struct err *e)
{
    if (depth > 64)
        return 0;
    struct sql_aclitem *it = find_item(a, grantee, grantor);
    if (it == NULL)
        return 0;
    uint32_t lost_go = it->goptions & privs;
    it->goptions &= ~privs;
    if (!gopt)
        it->privs &= ~privs;
    if (lost_go == 0 || grantee[0] == '\0')
        return 0;
    /* still held with grant option from another grantor? then nothing depends */
    uint32_t still = 0;
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->items[i].grantee, grantee) == 0)
            still |= a->items[i].goptions;
    uint32_t gone = lost_go & ~still;
    if (gone == 0)
        return 0;
    for (int i = 0; i < a->n; i++) {
        if (strcmp(a->items[i].grantor, grantee) != 0 ||
            strcmp(a->items[i].grantee, grantee) == 0 || (a->items[i].privs & gone) == 0)
            continue;
        if (!cascade)
            return err_set_state(e, ERR_BUSY, "2BP01",
                                 "dependent privileges exist\nHINT:  Use CASCADE to revoke them "
                                 "too.");
        int rc = revoke_from(a, a->items[i].grantee, grantee, gone, false, cascade, depth + 1, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The grantor to use and the grant options it has (select_best_grantor). */
static int best_grantor(struct sql_env *env, const struct gobj *o, const struct sql_acl *a,
                        uint32_t want, const char **grantor, uint32_t *goptions, struct err *e)
{
    const char *user = env->user != NULL ? env->user : "";
    bool owner_priv;
    int rc = sql__acl_has_privs_of(env, user, o->owner, &owner_priv, e);
    if (rc != 0)
        return rc;
    if (env->superuser || owner_priv) {
        *grantor = o->owner;
        *goptions = sql__acl_all(o->objtype);
        return 0;
    }
    *grantor = user;
    *goptions = 0;
    /* the grant options user holds itself, or through a role it has the privileges of */
    int best = -1;
    for (int i = 0; i < a->n; i++) {
        const struct sql_aclitem *it = &a->items[i];
        if (it->grantee[0] == '\0' || it->goptions == 0)
            continue;
        bool has;
        if ((rc = sql__acl_has_privs_of(env, user, it->grantee, &has, e)) != 0)
            return rc;
        if (!has)
            continue;
        uint32_t go = 0;
        for (int k = 0; k < a->n; k++)
            if (strcmp(a->items[k].grantee, it->grantee) == 0)
                go |= a->items[k].goptions;
        if ((go & want) == want || best < 0 ||
            __builtin_popcount(go & want) > __builtin_popcount(*goptions & want)) {
            *grantor = it->grantee;
            *goptions = go;
            best = i;
            if ((go & want) == want)
                break;
        }
    }
    return 0;
}

/* A table-level REVOKE takes the privileges off every column too
 * (expand_all_col_privileges). */
static int revoke_all_columns(struct sql_env *env, const struct gobj *o, const char *grantee,
                              const char *grantor, uint32_t privs, const struct sql_grant *g,
                              struct err *e)
{
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table_by_oid(env, o->oid, &t, e);
    for (int k = 0; rc == 0 && t != NULL && k < t->ncols; k++) {
        struct sql_acl *ca;
        if ((rc = sql__acl_col_load(env, t->oid, t->cols[k].attnum, env->stmt_ctx, &ca, e)) != 0 ||
            ca == NULL)
            continue;
        rc = revoke_from(ca, grantee, grantor, privs, g->grant_option, g->cascade, 0, e);
        compact(ca);
        if (rc == 0)
            rc = sql__acl_col_store(env, t->oid, t->cols[k].attnum, ca, e);
    }
    return rc;
}

/* GRANT / REVOKE priv (col, ...) ON table (ExecGrant_Attribute). */
static int grant_columns(struct sql_env *env, const struct sql_grant *g, const struct gobj *o,
                         const char **grantees, struct err *e)
{
    if (o->objtype != 'r')
        return err_set_state(e, ERR_INVAL, "0LP01", "invalid privilege type %s for sequence",
                             priv_name(g->col_privs[0]));
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table_by_oid(env, o->oid, &t, e);
    if (rc != 0 || t == NULL)
        return rc;
    for (int i = 0; i < g->ncol; i++) {
        uint32_t want = g->col_privs[i];
        if (want & ~SQL_ACL_COLUMN_PRIVS)
            return err_set_state(e, ERR_INVAL, "0LP01", "invalid privilege type %s for column",
                                 priv_name(want & ~SQL_ACL_COLUMN_PRIVS));
        const struct sql_col_desc *c = sql_cat_column(t, g->col_names[i]);
        if (c == NULL || c->hidden)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" of relation \"%s\" does not exist", g->col_names[i],
                                 t->name);
        struct sql_acl *ca;
        if ((rc = sql__acl_col_load(env, t->oid, c->attnum, env->stmt_ctx, &ca, e)) != 0)
            return rc;
        if (ca == NULL)
            ca = mem_alloc0(env->stmt_ctx, sizeof *ca);
        const char *grantor;
        uint32_t avail;
        if ((rc = best_grantor(env, o, ca, want, &grantor, &avail, e)) != 0)
            return rc;
        uint32_t eff = want & avail;
        if (avail == 0 && !env->superuser) { /* no privilege at all on it: an error */
            uint32_t have = 0, thave = 0;
            if ((rc = sql__acl_col_mask(env, NULL, t->oid, c->attnum, SQL_ACL_COLUMN_PRIVS, &have,
                                        e)) != 0 ||
                (rc = sql__acl_mask(env, NULL, 'r', t->oid, t->owner, t->name, SQL_ACL_COLUMN_PRIVS,
                                    &thave, e)) != 0)
                return rc;
            if (have == 0 && thave == 0)
                return err_set_state(e, ERR_INVAL, "42501",
                                     "permission denied for column \"%s\" of relation \"%s\"",
                                     c->name, t->name);
        }
        if (eff != want) {
            if (g->is_grant)
                rc = eff == 0
                         ? sql__ddl_warning(env, "01007",
                                            "no privileges were granted for column \"%s\" of "
                                            "relation \"%s\"",
                                            c->name, t->name)
                         : sql__ddl_warning(env, "01007",
                                            "not all privileges were granted for column \"%s\" "
                                            "of relation \"%s\"",
                                            c->name, t->name);
            else
                rc = eff == 0 ? sql__ddl_warning(env, "01006",
                                                 "no privileges could be revoked for column \"%s\" "
                                                 "of relation \"%s\"",
                                                 c->name, t->name)
                              : sql__ddl_warning(env, "01006",
                                                 "not all privileges could be revoked for column "
                                                 "\"%s\" of relation \"%s\"",
                                                 c->name, t->name);
            if (rc != 0)
                return rc;
        }
        for (int gi = 0; gi < g->grantees.n; gi++) {
            const char *ge = grantees[gi];
            if (g->is_grant) {
                struct sql_aclitem *it = find_item(ca, ge, grantor);
                if (it == NULL)
                    it = add_item(env, ca, ge, grantor);
                it->privs |= eff;
                if (g->grant_option)
                    it->goptions |= eff;
            } else if ((rc = revoke_from(ca, ge, grantor, eff, g->grant_option, g->cascade, 0,
                                         e)) != 0) {
                return rc;
            }
        }
        compact(ca);
        if ((rc = sql__acl_col_store(env, t->oid, c->attnum, ca, e)) != 0)
            return rc;
    }
    return 0;
}

static int grant_objects(struct sql_env *env, const struct sql_grant *g, struct err *e)
{
    if (g->bad_priv != NULL)
        return err_set_state(e, ERR_INVAL, "42601", "unrecognized privilege type \"%s\"",
                             g->bad_priv);
    struct gobj *objs = NULL;
    int nobj = 0;
    int rc = collect(env, g, &objs, &nobj, e);
    if (rc != 0)
        return rc;
    const char **grantees =
        mem_alloc0(env->stmt_ctx, sizeof *grantees * (size_t)(g->grantees.n + 1));
    for (int i = 0; i < g->grantees.n; i++)
        if ((rc = resolve_role(env, g->grantees.items[i], true, &grantees[i], e)) != 0)
            return rc;
    if (g->grant_option && g->is_grant)
        for (int i = 0; i < g->grantees.n; i++)
            if (grantees[i][0] == '\0')
                return err_set_state(e, ERR_INVAL, "0LP01",
                                     "grant options can only be granted to roles");
    if (g->grantor != NULL) {
        const struct sql_qname q = {.name = (char *)g->grantor,
                                    .schema = (strcmp(g->grantor, "CURRENT_USER") == 0 ||
                                               strcmp(g->grantor, "CURRENT_ROLE") == 0 ||
                                               strcmp(g->grantor, "SESSION_USER") == 0)
                                                  ? "*"
                                                  : NULL};
        const char *gr;
        if ((rc = resolve_role(env, &q, false, &gr, e)) != 0)
            return rc;
        if (env->user == NULL || strcmp(gr, env->user) != 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000", "grantor must be current user");
    }
    uint32_t all_of_type = sql__acl_all(g->objtype);
    uint32_t bad = g->objtype != 'r' && !g->all ? g->privs & ~all_of_type : 0;
    if (bad != 0)
        return err_set_state(e, ERR_INVAL, "0LP01", "invalid privilege type %s for %s",
                             priv_name(bad), objtype_word(g->objtype));
    for (int oi = 0; oi < nobj; oi++) {
        if (g->ncol > 0 && (rc = grant_columns(env, g, &objs[oi], grantees, e)) != 0)
            return rc;
        if (!g->all && g->privs == 0)
            continue; /* column privileges only */
        const struct gobj *o = &objs[oi];
        uint32_t all = sql__acl_all(o->objtype);
        uint32_t want = g->all ? all : g->privs;
        if (o->objtype == 'S' && (want & ~all) != 0) {
            if (!g->all) {
                rc = sql__ddl_warning(env, "01007",
                                      "sequence \"%s\" only supports USAGE, SELECT, and UPDATE "
                                      "privileges",
                                      o->name);
                if (rc != 0)
                    return rc;
            }
            want &= all;
        } else if (o->objtype == 'r' && (want & ~all) != 0) {
            return err_set_state(e, ERR_INVAL, "0LP01", "invalid privilege type %s for %s",
                                 priv_name(want & ~all), "table");
        }
        struct sql_acl acl;
        if ((rc = sql__acl_get(env, o->objtype, o->oid, o->owner, o->name, env->stmt_ctx, &acl,
                               e)) != 0)
            return rc;
        const char *grantor;
        uint32_t avail;
        if ((rc = best_grantor(env, o, &acl, want, &grantor, &avail, e)) != 0)
            return rc;
        uint32_t eff = want & avail;
        if (avail == 0 && !env->superuser) {
            /* no grant options at all: an error unless the user holds some privilege */
            uint32_t have;
            if ((rc = sql__acl_mask(env, NULL, o->objtype, o->oid, o->owner, o->name, all, &have,
                                    e)) != 0)
                return rc;
            if (have == 0)
                return err_set_state(e, ERR_INVAL, "42501", "permission denied for %s %s", o->kind,
                                     o->name);
        }
        if (eff != want && !(g->all && eff != 0)) { /* ALL warns only when nothing was done */
            if (g->is_grant)
                rc = eff == 0
                         ? sql__ddl_warning(env, "01007", "no privileges were granted for \"%s\"",
                                            o->name)
                         : sql__ddl_warning(env, "01007",
                                            "not all privileges were granted for \"%s\"", o->name);
            else
                rc = eff == 0
                         ? sql__ddl_warning(env, "01006",
                                            "no privileges could be revoked for \"%s\"", o->name)
                         : sql__ddl_warning(env, "01006",
                                            "not all privileges could be revoked for \"%s\"",
                                            o->name);
            if (rc != 0)
                return rc;
        }
        uint32_t colprivs = SQL_ACL_SELECT | SQL_ACL_INSERT | SQL_ACL_UPDATE | SQL_ACL_REFERENCES;
        if (!g->is_grant && o->objtype == 'r' && (want & colprivs) != 0 &&
            strcmp(grantor, o->owner) != 0) {
            /* PostgreSQL revokes the column privileges too (expand_all_col_privileges):
             * none held with grant option here, so one warning per column */
            const struct sql_table_desc *t = NULL;
            if ((rc = sql_cat_table_by_oid(env, o->oid, &t, e)) != 0)
                return rc;
            static const char *const sys[] = {"tableoid", "cmax", "xmax", "cmin", "xmin", "ctid"};
            for (int k = 0; t != NULL && t->kind == 'r' && k < 6; k++)
                if ((rc = sql__ddl_warning(env, "01006",
                                           "no privileges could be revoked for column \"%s\" of "
                                           "relation \"%s\"",
                                           sys[k], o->name)) != 0)
                    return rc;
            for (int k = 0; t != NULL && k < t->ncols; k++)
                if (!t->cols[k].hidden &&
                    (rc = sql__ddl_warning(env, "01006",
                                           "no privileges could be revoked for column \"%s\" of "
                                           "relation \"%s\"",
                                           t->cols[k].name, o->name)) != 0)
                    return rc;
        }
        for (int gi = 0; gi < g->grantees.n; gi++) {
            const char *ge = grantees[gi];
            if (g->is_grant) {
                struct sql_aclitem *it = find_item(&acl, ge, grantor);
                if (it == NULL)
                    it = add_item(env, &acl, ge, grantor);
                it->privs |= eff;
                if (g->grant_option)
                    it->goptions |= eff;
            } else {
                rc = revoke_from(&acl, ge, grantor, eff, g->grant_option, g->cascade, 0, e);
                if (rc == 0 && o->objtype == 'r' && (eff & SQL_ACL_COLUMN_PRIVS) != 0)
                    rc = revoke_all_columns(env, o, ge, grantor, eff & SQL_ACL_COLUMN_PRIVS, g, e);
                if (rc != 0)
                    return rc;
            }
        }
        compact(&acl);
        if ((rc = sql__acl_store(env, o->objtype, o->oid, &acl, e)) != 0)
            return rc;
    }
    return 0;
}

/* ---- role membership ---- */

static size_t mem_key(const char *member, const char *role, uint8_t *k)
{
    size_t ml = strlen(member), rl = strlen(role);
    k[0] = 0x01;
    k[1] = 'M';
    memcpy(k + 2, member, ml);
    k[2 + ml] = 0x00;
    memcpy(k + 3 + ml, role, rl);
    return 3 + ml + rl;
}

struct memfind {
    const char *role;
    bool found, admin;
};

static int memfind_cb(void *arg, const char *role, bool admin, const char *grantor, struct err *e)
{
    (void)grantor;
    (void)e;
    struct memfind *m = arg;
    if (strcmp(role, m->role) == 0) {
        m->found = true;
        m->admin = admin;
    }
    return 0;
}

static int put_member(struct sql_env *env, const char *member, const char *role, bool admin,
                      const char *grantor, struct err *e)
{
    uint8_t k[2 * SQL_NAME_MAX + 8];
    size_t kl = mem_key(member, role, k);
    struct sbuf b;
    sbuf_init(&b);
    sbuf_putc(&b, SQL_ACL_FORMAT);
    sbuf_putc(&b, admin ? 1 : 0);
    size_t gl = strlen(grantor);
    sbuf_putc(&b, (char)(gl >> 8));
    sbuf_putc(&b, (char)gl);
    sbuf_append(&b, grantor, gl);
    uint32_t c = crc32c(0, b.data, b.len);
    uint8_t cb[4] = {(uint8_t)(c >> 24), (uint8_t)(c >> 16), (uint8_t)(c >> 8), (uint8_t)c};
    sbuf_append(&b, cb, 4);
    int rc = kv_txn_put(env->txn, k, kl, b.data, b.len, e);
    sbuf_free(&b);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

static int del_member(struct sql_env *env, const char *member, const char *role, struct err *e)
{
    uint8_t k[2 * SQL_NAME_MAX + 8];
    size_t kl = mem_key(member, role, k);
    int rc = kv_txn_delete(env->txn, k, kl, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

static int grant_roles(struct sql_env *env, const struct sql_grant *g, struct err *e)
{
    int rc = 0;
    const char *user = env->user != NULL ? env->user : "";
    for (int i = 0; i < g->objects.n; i++) {
        const struct sql_qname *rq = g->objects.items[i];
        bool found;
        if ((rc = role_exists(env, rq->name, &found, e)) != 0)
            return rc;
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", rq->name);
        bool admin;
        if ((rc = sql__acl_is_admin(env, user, rq->name, &admin, e)) != 0)
            return rc;
        if (!admin)
            return err_set_state(e, ERR_INVAL, "42501", "must have admin option on role \"%s\"",
                                 rq->name);
        for (int k = 0; k < g->grantees.n; k++) {
            const char *member;
            if ((rc = resolve_role(env, g->grantees.items[k], false, &member, e)) != 0)
                return rc;
            struct memfind m = {.role = rq->name};
            if ((rc = sql__acl_member_of_direct(env, member, memfind_cb, &m, e)) != 0)
                return rc;
            if (!g->is_grant) {
                if (!m.found) {
                    if ((rc = sql__ddl_warning(env, "01000",
                                               "role \"%s\" is not a member of role \"%s\"", member,
                                               rq->name)) != 0)
                        return rc;
                    continue;
                }
                rc = g->grant_option ? put_member(env, member, rq->name, false, user, e)
                                     : del_member(env, member, rq->name, e);
                if (rc != 0)
                    return rc;
                continue;
            }
            if (strcmp(member, rq->name) == 0)
                return err_set_state(e, ERR_INVAL, "0LP01",
                                     "role \"%s\" is a member of role \"%s\"", member, rq->name);
            /* a cycle: is the granted role already a member of the grantee? */
            bool cyc = false;
            {
                struct sql_env tmp = *env;
                tmp.superuser = false;
                tmp.user = NULL;
                struct sql_role rr;
                bool f2;
                if ((rc = sql__role_get_txn(env->txn, env->stmt_ctx, rq->name, &rr, &f2, e)) != 0)
                    return rc;
                if (!rr.superuser &&
                    (rc = sql__acl_is_member(&tmp, rq->name, member, &cyc, e)) != 0)
                    return rc;
            }
            if (cyc)
                return err_set_state(e, ERR_INVAL, "0LP01",
                                     "role \"%s\" is a member of role \"%s\"", rq->name, member);
            if (m.found && (m.admin || !g->grant_option)) {
                if ((rc = sql__ddl_notice(env, "00000",
                                          "role \"%s\" is already a member of role \"%s\"", member,
                                          rq->name)) != 0)
                    return rc;
                continue;
            }
            if ((rc = put_member(env, member, rq->name, g->grant_option, user, e)) != 0)
                return rc;
        }
    }
    return 0;
}

int sql__grant_exec(struct sql_env *env, const struct sql_grant *g, struct err *e)
{
    env->txn_did_ddl = true;
    return g->roles ? grant_roles(env, g, e) : grant_objects(env, g, e);
}

static struct sql_qname *qn(struct sql_env *env, const char *name)
{
    struct sql_qname *q = mem_alloc0(env->stmt_ctx, sizeof *q);
    q->name = mem_strdup(env->stmt_ctx, name);
    return q;
}

static void list1(struct sql_env *env, struct sql_list *l, const char *name)
{
    l->n = 1;
    l->items = mem_alloc0(env->stmt_ctx, sizeof(void *));
    l->items[0] = qn(env, name);
}

int sql__acl_role_options(struct sql_env *env, const char *role, const struct sql_list *opts,
                          struct err *e)
{
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *o = opts->items[i];
        bool in = strcmp(o->name, "addroleto") == 0, members = strcmp(o->name, "rolemembers") == 0,
             admins = strcmp(o->name, "adminmembers") == 0,
             drop = strcmp(o->name, "dropmembers") == 0;
        if (!in && !members && !admins && !drop)
            continue;
        for (int k = 0; k < o->list.n; k++) {
            struct sql_grant g;
            memset(&g, 0, sizeof g);
            g.is_grant = !drop;
            g.roles = true;
            g.grant_option = admins;
            if (in) { /* IN ROLE x: role joins x */
                list1(env, &g.objects, o->list.items[k]);
                list1(env, &g.grantees, role);
            } else { /* ROLE / ADMIN / WITH USER x: x joins role */
                list1(env, &g.objects, role);
                list1(env, &g.grantees, o->list.items[k]);
            }
            int rc = grant_roles(env, &g, e);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

/* ---- DROP ROLE ---- */

struct depi {
    uint32_t oid;
    char *text;
};

struct dep {
    struct sql_env *env;
    struct depi *v;
    int n, cap;
};

/* "owner of <kind> <name>" (owner) or "privileges for <kind> <name>". */
static void dep_add(struct dep *d, uint32_t oid, bool owner, const char *kind, const char *name)
{
    if (d->n == d->cap) {
        int nc = d->cap ? d->cap * 2 : 16;
        d->v = mem_realloc(d->env->stmt_ctx, d->v, sizeof *d->v * (size_t)d->cap,
                           sizeof *d->v * (size_t)nc);
        d->cap = nc;
    }
    d->v[d->n].oid = oid;
    d->v[d->n].text =
        mem_printf(d->env->stmt_ctx, "%s %s %s", owner ? "owner of" : "privileges for", kind, name);
    d->n++;
}

static int depi_cmp(const void *a, const void *b)
{
    const struct depi *x = a, *y = b;
    return x->oid < y->oid ? -1 : x->oid > y->oid ? 1 : 0;
}

/* getObjectDescription's name: schema-qualified unless the schema is on
 * the search path. */
static const char *qual_name(struct sql_env *env, const char *schema, const char *name)
{
    for (int i = 0; i < env->nsearch; i++)
        if (strcmp(env->search_path[i], schema) == 0)
            return name;
    if (strcmp(schema, "pg_catalog") == 0)
        return name;
    return mem_printf(env->stmt_ctx, "%s.%s", schema, name);
}

static const char *fn_desc_name(struct sql_env *env, const struct sql_fn_desc *f)
{
    struct sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "%s(", qual_name(env, f->schema, f->name));
    for (int i = 0; i < f->nin; i++) {
        if (i > 0)
            sbuf_puts(&b, ",");
        sql_type_format(f->intypes[i], -1, &b);
    }
    sbuf_putc(&b, ')');
    const char *r = mem_strdup(env->stmt_ctx, b.data);
    sbuf_free(&b);
    return r;
}

struct drop_mem {
    struct sql_env *env;
    const char *role;
    struct err *e;
};

int sql__acl_drop_role(struct sql_env *env, const char *role, struct err *e)
{
    struct sbuf detail;
    sbuf_init(&detail);
    struct dep d = {.env = env};
    int rc = 0;
    /* ACLs naming the role whose objects are not in this database: the role
     * is taken out of them once nothing here depends on it (PostgreSQL
     * refuses while another database holds them: not modelled) */
    struct {
        char ot;
        uint32_t oid;
        int attnum;
    } stale[256];
    int nstale = 0;
    /* objects it owns in this database */
    const struct sql_table_desc **ts;
    size_t nt;
    if ((rc = sql_cat_list_tables(env, &ts, &nt, e)) != 0)
        goto out;
    for (size_t i = 0; i < nt; i++)
        if (ts[i]->kind != 'i' && strcmp(ts[i]->owner, role) == 0 &&
            strncmp(ts[i]->schema, "pg_temp", 7) != 0)
            dep_add(&d, ts[i]->oid, true, sql__acl_relkind_word(ts[i]),
                    qual_name(env, ts[i]->schema, ts[i]->name));
    struct sql_schema_desc *ss;
    size_t ns;
    if ((rc = sql_cat_list_schemas(env, &ss, &ns, e)) != 0)
        goto out;
    for (size_t i = 0; i < ns; i++)
        if (strcmp(ss[i].owner, role) == 0 && strncmp(ss[i].name, "pg_", 3) != 0 &&
            strcmp(ss[i].name, "public") != 0 && strcmp(ss[i].name, "information_schema") != 0)
            dep_add(&d, ss[i].oid, true, "schema", ss[i].name);
    const struct sql_fn_desc **fs;
    size_t nf;
    if ((rc = sql__fn_list(env, &fs, &nf, e)) != 0)
        goto out;
    for (size_t i = 0; i < nf; i++)
        if (strcmp(fs[i]->owner, role) == 0)
            dep_add(&d, fs[i]->oid, true, "function", fn_desc_name(env, fs[i]));
    /* privileges granted to it (or by it) */
    {
        uint8_t start[2] = {0x01, 'a'}, end[2] = {0x01, 'b'};
        struct kv_scan sc = {.start = start, .start_len = 2, .end = end, .end_len = 2};
        struct kv_iter *it;
        if ((rc = kv_txn_scan(env->txn, &sc, &it, e)) != 0)
            goto out;
        struct mem_ctx *ctx = mem_ctx_new(NULL, "drop role");
        for (;;) {
            bool has;
            if ((rc = kv_iter_next(it, &has, e)) != 0 || !has)
                break;
            size_t kl, vl;
            const uint8_t *k = kv_iter_key(it, &kl);
            const uint8_t *v = kv_iter_value(it, &vl);
            char ot = kl >= 3 ? (char)k[2] : 0;
            if (kl != (ot == 'c' ? 9u : 7u))
                continue;
            uint32_t oid =
                ((uint32_t)k[3] << 24) | ((uint32_t)k[4] << 16) | ((uint32_t)k[5] << 8) | k[6];
            int attnum = ot == 'c' ? (int16_t)(((unsigned)k[7] << 8) | k[8]) : 0;
            struct sql_acl *a;
            (void)v;
            (void)vl;
            rc = ot == 'c' ? sql__acl_col_load(env, oid, attnum, ctx, &a, e)
                           : sql__acl_load(env, ot, oid, ctx, &a, e);
            if (rc != 0 || a == NULL) {
                if (rc != 0)
                    break;
                continue;
            }
            bool uses = false;
            for (int i = 0; i < a->n; i++)
                if (strcmp(a->items[i].grantee, role) == 0 ||
                    strcmp(a->items[i].grantor, role) == 0)
                    uses = true;
            if (!uses)
                continue;
            const char *name = NULL, *kind = objtype_word(ot), *owner = NULL;
            if (ot == 'c') {
                const struct sql_table_desc *t = NULL;
                if (sql_cat_table_by_oid(env, oid, &t, e) != 0) {
                    err_clear(e);
                    t = NULL;
                }
                bool here = false;
                for (size_t i = 0; t != NULL && i < ns; i++)
                    here |= ss[i].oid == t->schema_oid;
                for (int i = 0; here && i < t->ncols; i++)
                    if (t->cols[i].attnum == attnum) {
                        kind = "column";
                        name = mem_printf(ctx, "%s of %s %s", t->cols[i].name,
                                          sql__acl_relkind_word(t),
                                          qual_name(env, t->schema, t->name));
                    }
            } else if (ot == 'r' || ot == 'S') {
                const struct sql_table_desc *t = NULL;
                if ((rc = sql_cat_table_by_oid(env, oid, &t, e)) != 0) {
                    err_clear(e);
                    rc = 0;
                }
                bool here = false; /* of this database? */
                for (size_t i = 0; t != NULL && i < ns; i++)
                    here |= ss[i].oid == t->schema_oid;
                if (t != NULL && here) {
                    name = qual_name(env, t->schema, t->name);
                    kind = sql__acl_relkind_word(t);
                    owner = t->owner;
                }
            } else if (ot == 'n') {
                for (size_t i = 0; i < ns; i++)
                    if (ss[i].oid == oid) {
                        name = ss[i].name;
                        owner = ss[i].owner;
                    }
            } else if (ot == 'f') {
                for (size_t i = 0; i < nf; i++)
                    if (fs[i]->oid == oid) {
                        name = fn_desc_name(env, fs[i]);
                        owner = fs[i]->owner;
                    }
            } else if (ot == 'd') {
                struct sql_db_desc *dbs;
                size_t nd;
                if ((rc = sql__db_list_txn(env->txn, ctx, &dbs, &nd, e)) != 0)
                    break;
                for (size_t i = 0; i < nd; i++)
                    if (dbs[i].oid == oid) {
                        name = mem_strdup(ctx, dbs[i].name);
                        owner = mem_strdup(ctx, dbs[i].owner);
                    }
            }
            if (name != NULL && owner != NULL && strcmp(owner, role) == 0) {
                /* its own object: "owner of" says it (no shared dependency for the owner) */
            } else if (name != NULL) {
                dep_add(&d, oid, false, kind, name);
            } else if (nstale < 256) { /* another database's object, or one dropped */
                stale[nstale].ot = ot;
                stale[nstale].oid = oid;
                stale[nstale].attnum = attnum;
                nstale++;
            }
        }
        kv_iter_free(it);
        mem_ctx_free(ctx);
        if (rc != 0)
            goto out;
    }
    if (d.n > 0) {
        qsort(d.v, (size_t)d.n, sizeof *d.v, depi_cmp); /* shared_dependency_comparator */
        for (int i = 0; i < d.n && i < 100; i++)
            sbuf_printf(&detail, "%s%s", i > 0 ? "\n" : "", d.v[i].text);
        if (d.n > 100)
            sbuf_printf(&detail, "\nand %d other objects (see server log for list)", d.n - 100);
        rc = err_set_state(e, ERR_BUSY, "2BP01",
                           "role \"%s\" cannot be dropped because some objects depend on "
                           "it\nDETAIL:  %s",
                           role, detail.data);
        goto out;
    }
    for (int i = 0; i < nstale; i++) {
        struct sql_acl *a;
        rc = stale[i].ot == 'c'
                 ? sql__acl_col_load(env, stale[i].oid, stale[i].attnum, env->stmt_ctx, &a, e)
                 : sql__acl_load(env, stale[i].ot, stale[i].oid, env->stmt_ctx, &a, e);
        if (rc != 0)
            goto out;
        if (a == NULL)
            continue;
        int k = 0;
        for (int j = 0; j < a->n; j++)
            if (strcmp(a->items[j].grantee, role) != 0 && strcmp(a->items[j].grantor, role) != 0)
                a->items[k++] = a->items[j];
        a->n = k;
        rc = stale[i].ot == 'c' ? sql__acl_col_store(env, stale[i].oid, stale[i].attnum, a, e)
                                : sql__acl_store(env, stale[i].ot, stale[i].oid, a, e);
        if (rc != 0)
            goto out;
    }
    /* its memberships, both ways */
    {
        uint8_t start[2] = {0x01, 'M'}, end[2] = {0x01, 'N'};
        struct kv_scan sc = {.start = start, .start_len = 2, .end = end, .end_len = 2};
        struct kv_iter *it;
        if ((rc = kv_txn_scan(env->txn, &sc, &it, e)) != 0)
            goto out;
        struct sbuf keys;
        sbuf_init(&keys);
        size_t rl = strlen(role);
        for (;;) {
            bool has;
            if ((rc = kv_iter_next(it, &has, e)) != 0 || !has)
                break;
            size_t kl;
            const uint8_t *k = kv_iter_key(it, &kl);
            const uint8_t *z = memchr(k + 2, 0, kl - 2);
            if (z == NULL)
                continue;
            size_t ml = (size_t)(z - (k + 2));
            bool hit = (ml == rl && memcmp(k + 2, role, rl) == 0) ||
                       (kl - ml - 3 == rl && memcmp(z + 1, role, rl) == 0);
            if (hit) {
                uint32_t l32 = (uint32_t)kl;
                sbuf_append(&keys, &l32, sizeof l32);
                sbuf_append(&keys, k, kl);
            }
        }
        kv_iter_free(it);
        for (size_t o = 0; rc == 0 && o < keys.len;) {
            uint32_t l32;
            memcpy(&l32, keys.data + o, sizeof l32);
            o += sizeof l32;
            rc = kv_txn_delete(env->txn, keys.data + o, l32, e);
            o += l32;
        }
        sbuf_free(&keys);
    }
out:
    sbuf_free(&detail);
    return rc;
}

/* ---- ALTER ... OWNER TO (aclnewowner) ---- */

static void newowner(struct sql_env *env, struct sql_acl *a, const char *from, const char *to)
{
    for (int i = 0; i < a->n; i++) {
        if (strcmp(a->items[i].grantee, from) == 0)
            a->items[i].grantee = mem_strdup(env->stmt_ctx, to);
        if (strcmp(a->items[i].grantor, from) == 0)
            a->items[i].grantor = mem_strdup(env->stmt_ctx, to);
    }
    /* merge the items that became duplicates */
    for (int i = 0; i < a->n; i++)
        for (int j = i + 1; j < a->n; j++)
            if (strcmp(a->items[i].grantee, a->items[j].grantee) == 0 &&
                strcmp(a->items[i].grantor, a->items[j].grantor) == 0) {
                a->items[i].privs |= a->items[j].privs;
                a->items[i].goptions |= a->items[j].goptions;
                a->items[j].privs = a->items[j].goptions = 0;
            }
    compact(a);
}

int sql__acl_owner_to(struct sql_env *env, char objtype, uint32_t oid, const char *schema,
                      const char *from, const char *to, struct err *e)
{
    if (strcmp(from, to) == 0)
        return 0;
    if (!env->superuser) { /* PostgreSQL 15: the new owner must be a role one is a member of */
        bool member;
        int rc = sql__acl_is_member(env, env->user != NULL ? env->user : "", to, &member, e);
        if (rc != 0)
            return rc;
        if (!member)
            return err_set_state(e, ERR_INVAL, "42501", "must be member of role \"%s\"", to);
        struct sql_schema_desc sd; /* and may create in the object's schema */
        bool found = false;
        if (schema != NULL && (rc = sql_cat_schema(env, schema, &sd, &found, e)) != 0)
            return rc;
        if (found && (rc = sql__acl_check(env, to, 'n', sd.oid, sd.owner, "schema", sd.name,
                                          SQL_ACL_CREATE, false, e)) != 0)
            return rc;
    }
    struct sql_acl *a;
    int rc = sql__acl_load(env, objtype, oid, env->stmt_ctx, &a, e);
    if (rc == 0 && a != NULL) {
        newowner(env, a, from, to);
        rc = sql__acl_store(env, objtype, oid, a, e);
    }
    if (rc != 0 || objtype != 'r')
        return rc;
    const struct sql_table_desc *t = NULL;
    if ((rc = sql_cat_table_by_oid(env, oid, &t, e)) != 0 || t == NULL)
        return rc;
    for (int k = 0; rc == 0 && k < t->ncols; k++) {
        struct sql_acl *ca;
        if ((rc = sql__acl_col_load(env, oid, t->cols[k].attnum, env->stmt_ctx, &ca, e)) != 0 ||
            ca == NULL)
            continue;
        newowner(env, ca, from, to);
        rc = sql__acl_col_store(env, oid, t->cols[k].attnum, ca, e);
    }
    return rc;
}
