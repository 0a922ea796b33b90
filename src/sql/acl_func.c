/* acl_func.c — the privilege inquiry functions: has_table_privilege,
 * has_sequence_privilege, has_column_privilege, has_schema_privilege,
 * has_database_privilege, has_function_privilege, pg_has_role (every
 * argument form: the role by name or oid, or left out for current_user;
 * the object by name or oid), and acldefault / aclexplode / makeaclitem
 * (PostgreSQL 15's utils/adt/acl.c). Column privileges are not built, so
 * has_column_privilege answers the table's privileges for an existing
 * column, as PostgreSQL does for a column without its own ACL.
 */
#include "sql/acl.h"

#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/regtype.h"
#include "sql/sqlfn.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int sql__fn_find(struct sql_env *env, const struct sql_fn_ref *r, const struct sql_fn_desc **out,
                 struct err *e);

struct pmap {
    const char *name;
    uint32_t bit;
};

static const struct pmap table_privs[] = {{"SELECT", SQL_ACL_SELECT},
                                          {"INSERT", SQL_ACL_INSERT},
                                          {"UPDATE", SQL_ACL_UPDATE},
                                          {"DELETE", SQL_ACL_DELETE},
                                          {"TRUNCATE", SQL_ACL_TRUNCATE},
                                          {"REFERENCES", SQL_ACL_REFERENCES},
                                          {"TRIGGER", SQL_ACL_TRIGGER},
                                          {"RULE", 0},
                                          {NULL, 0}};
static const struct pmap seq_privs[] = {
    {"USAGE", SQL_ACL_USAGE}, {"SELECT", SQL_ACL_SELECT}, {"UPDATE", SQL_ACL_UPDATE}, {NULL, 0}};
static const struct pmap col_privs[] = {{"SELECT", SQL_ACL_SELECT},
                                        {"INSERT", SQL_ACL_INSERT},
                                        {"UPDATE", SQL_ACL_UPDATE},
                                        {"REFERENCES", SQL_ACL_REFERENCES},
                                        {NULL, 0}};
static const struct pmap nsp_privs[] = {
    {"CREATE", SQL_ACL_CREATE}, {"USAGE", SQL_ACL_USAGE}, {NULL, 0}};
static const struct pmap db_privs[] = {{"CREATE", SQL_ACL_CREATE},
                                       {"TEMPORARY", SQL_ACL_TEMP},
                                       {"TEMP", SQL_ACL_TEMP},
                                       {"CONNECT", SQL_ACL_CONNECT},
                                       {NULL, 0}};
static const struct pmap fn_privs[] = {{"EXECUTE", SQL_ACL_EXECUTE}, {NULL, 0}};

/* convert_any_priv_string: "select, insert with grant option" */
static int parse_privs(const struct sql_value *v, const struct pmap *m, uint32_t *privs,
                       uint32_t *gopts, struct err *e)
{
    *privs = *gopts = 0;
    char buf[256];
    size_t n = v->u.s.len < sizeof buf - 1 ? v->u.s.len : sizeof buf - 1;
    memcpy(buf, v->u.s.p, n);
    buf[n] = '\0';
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*tok))
            tok++;
        char *end = tok + strlen(tok);
        while (end > tok && isspace((unsigned char)end[-1]))
            *--end = '\0';
        bool go = false;
        size_t tl = strlen(tok);
        static const char wgo[] = " WITH GRANT OPTION";
        if (tl > sizeof wgo - 1 && strcasecmp(tok + tl - (sizeof wgo - 1), wgo) == 0) {
            go = true;
            tok[tl - (sizeof wgo - 1)] = '\0';
            end = tok + strlen(tok);
            while (end > tok && isspace((unsigned char)end[-1]))
                *--end = '\0';
        }
        const struct pmap *hit = NULL;
        for (const struct pmap *p = m; p->name != NULL; p++)
            if (strcasecmp(p->name, tok) == 0)
                hit = p;
        if (hit == NULL)
            return err_set_state(e, ERR_INVAL, "22023", "unrecognized privilege type: \"%s\"", tok);
        *privs |= hit->bit;
        if (go)
            *gopts |= hit->bit;
    }
    return 0;
}

static char *cstr(struct sql_fcall *c, const struct sql_value *v)
{
    return mem_strndup(c->ctx, v->u.s.p, v->u.s.len);
}

static uint32_t argtype(struct sql_fcall *c, int i)
{
    return c->match != NULL && c->match->def != NULL ? c->match->def->args[i] : SQL_T_TEXT;
}

/* The role argument: *user "" for PUBLIC; *found false for an unknown oid. */
static int role_arg(struct sql_fcall *c, const struct sql_value *v, uint32_t type,
                    const char **user, bool *found, struct err *e)
{
    *found = true;
    if (type == SQL_T_OID) {
        if ((uint32_t)v->u.i == SQL_PGCAT_ROLE_DBOWNER) {
            *user = "pg_database_owner";
            return 0;
        }
        struct sql_role *roles;
        size_t nr;
        int rc = sql_cat_list_roles(c->env, &roles, &nr, e);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < nr; i++)
            if (sql__pgcat_role_oid(roles[i].name) == (uint32_t)v->u.i) {
                *user = mem_strdup(c->ctx, roles[i].name);
                return 0;
            }
        *found = false;
        return 0;
    }
    char *name = cstr(c, v);
    if (strcmp(name, "public") == 0) {
        *user = "";
        return 0;
    }
    struct sql_role r;
    bool f;
    int rc = sql__role_get_txn(c->env->txn, c->ctx, name, &r, &f, e);
    if (rc != 0)
        return rc;
    if (!f)
        return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", name);
    *user = name;
    return 0;
}

/* privileges and grant options user holds on the object (aclmask with the
 * owner's implicit grant options). user "" is PUBLIC. */
static int holds(struct sql_env *env, const char *user, char objtype, uint32_t oid,
                 const char *owner, const char *name, uint32_t privs, uint32_t gopts, bool *yes,
                 struct err *e)
{
    *yes = false;
    uint32_t have = 0;
    int rc;
    if (privs & ~gopts) {
        if (user[0] == '\0') {
            struct mem_ctx *ctx = mem_ctx_new(NULL, "acl");
            struct sql_acl a;
            rc = sql__acl_get(env, objtype, oid, owner, name, ctx, &a, e);
            for (int i = 0; rc == 0 && i < a.n; i++)
                if (a.items[i].grantee[0] == '\0')
                    have |= a.items[i].privs;
            mem_ctx_free(ctx);
            if (rc != 0)
                return rc;
        } else if ((rc = sql__acl_mask(env, user, objtype, oid, owner, name, privs & ~gopts, &have,
                                       e)) != 0) {
            return rc;
        }
        if (have & privs & ~gopts) {
            *yes = true;
            return 0;
        }
    }
    if (gopts == 0 || user[0] == '\0')
        return 0;
    bool owner_priv;
    if ((rc = sql__acl_has_privs_of(env, user, owner, &owner_priv, e)) != 0)
        return rc;
    if (owner_priv) {
        *yes = true;
        return 0;
    }
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl");
    struct sql_acl a;
    rc = sql__acl_get(env, objtype, oid, owner, name, ctx, &a, e);
    for (int i = 0; rc == 0 && i < a.n && !*yes; i++) {
        if ((a.items[i].goptions & gopts) == 0 || a.items[i].grantee[0] == '\0')
            continue;
        bool has;
        rc = sql__acl_has_privs_of(env, user, a.items[i].grantee, &has, e);
        *yes = rc == 0 && has;
    }
    mem_ctx_free(ctx);
    return rc;
}

/* The arguments after the optional role: (obj, priv) or (role, obj, priv). */
static int split_args(struct sql_fcall *c, const struct sql_value *a, int n, int objargs,
                      const char **user, bool *role_found, int *first, struct err *e)
{
    *role_found = true;
    if (n == objargs + 1) {
        *user = c->env->user != NULL ? c->env->user : "";
        *first = 0;
        return 0;
    }
    *first = 1;
    return role_arg(c, &a[0], argtype(c, 0), user, role_found, e);
}

/* A relation argument: *t NULL for an unknown oid. */
static int rel_arg(struct sql_fcall *c, const struct sql_value *v, uint32_t type,
                   const struct sql_table_desc **t, struct err *e)
{
    *t = NULL;
    if (type == SQL_T_OID)
        return sql_cat_table_by_oid(c->env, (uint32_t)v->u.i, t, e) != 0 ? (err_clear(e), 0) : 0;
    char *s = cstr(c, v);
    char *dot = strchr(s, '.');
    const char *schema = NULL, *name = s;
    if (dot != NULL) {
        *dot = '\0';
        schema = s;
        name = dot + 1;
    }
    /* identifiers fold to lower case unless quoted (as regclassin) */
    char *nm = mem_strdup(c->ctx, name);
    if (nm[0] == '"') {
        size_t l = strlen(nm);
        nm = mem_strndup(c->ctx, nm + 1, l >= 2 ? l - 2 : 0);
    } else {
        for (char *p = nm; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    int rc = sql_cat_table(c->env, schema, nm, t, e);
    if (rc != 0)
        return rc;
    if (*t == NULL) {
        if (schema != NULL)
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist",
                                 schema, nm);
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", nm);
    }
    return 0;
}

static int ret_bool(struct sql_value *out, bool b, bool null)
{
    *out = null ? sql_null(SQL_T_BOOL) : sql_bool(b);
    return 0;
}

int sql__fn_has_table_privilege(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 1, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    const struct sql_table_desc *t;
    if ((rc = rel_arg(c, &a[f], argtype(c, f), &t, e)) != 0)
        return rc;
    uint32_t privs, gopts;
    if ((rc = parse_privs(&a[f + 1], table_privs, &privs, &gopts, e)) != 0)
        return rc;
    if (t == NULL)
        return ret_bool(out, false, true);
    bool yes;
    if ((rc = holds(c->env, user, sql__acl_reltype(t), t->oid, t->owner, t->name, privs, gopts,
                    &yes, e)) != 0)
        return rc;
    return ret_bool(out, yes, false);
}

int sql__fn_has_sequence_privilege(struct sql_fcall *c, const struct sql_value *a, int n,
                                   struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 1, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    const struct sql_table_desc *t;
    if ((rc = rel_arg(c, &a[f], argtype(c, f), &t, e)) != 0)
        return rc;
    uint32_t privs, gopts;
    if ((rc = parse_privs(&a[f + 1], seq_privs, &privs, &gopts, e)) != 0)
        return rc;
    if (t == NULL)
        return ret_bool(out, false, true);
    if (t->kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", t->name);
    bool yes;
    if ((rc = holds(c->env, user, 'S', t->oid, t->owner, t->name, privs, gopts, &yes, e)) != 0)
        return rc;
    return ret_bool(out, yes, false);
}

int sql__fn_has_column_privilege(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 2, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    const struct sql_table_desc *t;
    if ((rc = rel_arg(c, &a[f], argtype(c, f), &t, e)) != 0)
        return rc;
    uint32_t privs, gopts;
    if ((rc = parse_privs(&a[f + 2], col_privs, &privs, &gopts, e)) != 0)
        return rc;
    if (t == NULL)
        return ret_bool(out, false, true);
    bool have_col = false;
    int attnum = 0;
    if (argtype(c, f + 1) == SQL_T_INT2) {
        int64_t at = a[f + 1].u.i;
        attnum = (int)at;
        for (int i = 0; i < t->ncols; i++)
            have_col |= !t->cols[i].hidden && t->cols[i].attnum == at;
        if (!have_col && at < 0 && at >= -6 && t->kind == 'r')
            have_col = true; /* system columns */
        if (!have_col)
            return ret_bool(out, false, true);
    } else {
        char *col = cstr(c, &a[f + 1]);
        for (int i = 0; i < t->ncols; i++)
            if (!t->cols[i].hidden && strcmp(t->cols[i].name, col) == 0) {
                have_col = true;
                attnum = t->cols[i].attnum;
            }
        if (!have_col)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" of relation \"%s\" does not exist", col, t->name);
    }
    bool yes;
    if ((rc = holds(c->env, user, sql__acl_reltype(t), t->oid, t->owner, t->name, privs, gopts,
                    &yes, e)) != 0)
        return rc;
    if (!yes && attnum > 0 && user[0] != '\0' && gopts == 0) { /* the column's own ACL */
        uint32_t have;
        if ((rc = sql__acl_col_mask(c->env, user, t->oid, attnum, privs, &have, e)) != 0)
            return rc;
        yes = have != 0;
    }
    return ret_bool(out, yes, false);
}

/* The tail has_schema_privilege and has_database_privilege share: the
 * object (NULL: none) named by argument f, its privilege words checked
 * against pm; a missing object named by text is state/what's "does not
 * exist", one named by oid answers NULL. */
struct named_obj {
    uint32_t oid;
    const char *owner, *name;
};

static int named_privilege(struct sql_fcall *c, const struct sql_value *a, int f, const char *user,
                           char objtype, const struct named_obj *o, const char *want,
                           const struct pmap *pm, const char *state, const char *what,
                           struct sql_value *out, struct err *e)
{
    uint32_t privs, gopts;
    int rc = parse_privs(&a[f + 1], pm, &privs, &gopts, e);
    if (rc != 0)
        return rc;
    if (o == NULL) {
        if (want != NULL)
            return err_set_state(e, ERR_NOTFOUND, state, "%s \"%s\" does not exist", what, want);
        return ret_bool(out, false, true);
    }
    bool yes;
    if ((rc = holds(c->env, user, objtype, o->oid, o->owner, o->name, privs, gopts, &yes, e)) != 0)
        return rc;
    return ret_bool(out, yes, false);
}

int sql__fn_has_schema_privilege(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 1, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    struct sql_schema_desc *ss;
    size_t ns;
    if ((rc = sql_cat_list_schemas(c->env, &ss, &ns, e)) != 0)
        return rc;
    const char *want = argtype(c, f) == SQL_T_OID ? NULL : cstr(c, &a[f]);
    struct named_obj o, *hit = NULL;
    for (size_t i = 0; i < ns && hit == NULL; i++)
        if (want != NULL ? strcmp(ss[i].name, want) == 0 : ss[i].oid == (uint32_t)a[f].u.i) {
            o = (struct named_obj){ss[i].oid, ss[i].owner, ss[i].name};
            hit = &o;
        }
    return named_privilege(c, a, f, user, 'n', hit, want, nsp_privs, "3F000", "schema", out, e);
}

int sql__fn_has_database_privilege(struct sql_fcall *c, const struct sql_value *a, int n,
                                   struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 1, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    struct sql_db_desc *ds;
    size_t nd;
    if ((rc = sql_cat_list_databases(c->env, &ds, &nd, e)) != 0)
        return rc;
    const char *want = argtype(c, f) == SQL_T_OID ? NULL : cstr(c, &a[f]);
    struct named_obj o, *hit = NULL;
    for (size_t i = 0; i < nd && hit == NULL; i++)
        if (want != NULL ? strcmp(ds[i].name, want) == 0 : ds[i].oid == (uint32_t)a[f].u.i) {
            o = (struct named_obj){ds[i].oid, ds[i].owner, ds[i].name};
            hit = &o;
        }
    return named_privilege(c, a, f, user, 'd', hit, want, db_privs, "3D000", "database", out, e);
}

/* "name(type, ...)" (regprocedurein) to a function. */
static int fn_by_text(struct sql_fcall *c, const char *s, const struct sql_fn_desc **out,
                      struct err *e)
{
    *out = NULL;
    const char *lp = strchr(s, '(');
    struct sql_fn_ref r;
    memset(&r, 0, sizeof r);
    char *nm = mem_strndup(c->ctx, s, lp != NULL ? (size_t)(lp - s) : strlen(s));
    char *dot = strchr(nm, '.');
    if (dot != NULL) {
        *dot = '\0';
        r.name.schema = nm;
        r.name.name = dot + 1;
    } else {
        r.name.name = nm;
    }
    for (char *p = r.name.name; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (lp == NULL)
        return err_set_state(e, ERR_INVAL, "22P02", "expected a left parenthesis");
    r.args_given = true;
    const char *rp = strrchr(lp, ')');
    if (rp == NULL)
        return err_set_state(e, ERR_INVAL, "22P02", "expected a right parenthesis");
    /* each argument type through regtypein; the reference wants type names:
     * match on resolved oids instead */
    uint32_t types[SQL_FN_MAX_ARGS];
    int nt = 0;
    const char *p = lp + 1;
    while (p < rp) {
        while (p < rp && isspace((unsigned char)*p))
            p++;
        if (p >= rp)
            break;
        const char *q = p;
        int depth = 0;
        while (q < rp && (depth > 0 || *q != ',')) {
            depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
            q++;
        }
        int64_t oid;
        int rc = sql__regtype_in_env(c->env, c->ctx, p, (size_t)(q - p), &oid, e);
        if (rc != 0)
            return rc;
        if (nt < SQL_FN_MAX_ARGS)
            types[nt++] = (uint32_t)oid;
        p = q < rp ? q + 1 : q;
    }
    const struct sql_fn_desc **cands;
    int nc;
    int rc = sql__fn_candidates(c->env, r.name.schema, r.name.name, c->ctx, &cands, &nc, e);
    if (rc != 0)
        return rc;
    for (int i = 0; i < nc; i++)
        if (cands[i]->nin == nt &&
            (nt == 0 || memcmp(cands[i]->intypes, types, sizeof types[0] * (size_t)nt) == 0))
            *out = cands[i];
    if (*out == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42883", "function \"%s\" does not exist", s);
    return 0;
}

int sql__fn_has_function_privilege(struct sql_fcall *c, const struct sql_value *a, int n,
                                   struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 1, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    const struct sql_fn_desc *fd = NULL;
    bool builtin = false;
    if (argtype(c, f) == SQL_T_OID) {
        if (sql__fn_load(c->env, (uint32_t)a[f].u.i, c->ctx, &fd, e) != 0)
            err_clear(e);
        builtin = fd == NULL; /* a built-in's oid: EXECUTE to PUBLIC */
    } else {
        char *s = cstr(c, &a[f]);
        rc = fn_by_text(c, s, &fd, e);
        if (rc != 0 && strcmp(err_sqlstate(e), "42883") == 0) {
            /* a built-in function: PUBLIC may execute it */
            err_clear(e);
            rc = 0;
            builtin = true;
        }
        if (rc != 0)
            return rc;
    }
    uint32_t privs, gopts;
    if ((rc = parse_privs(&a[f + 1], fn_privs, &privs, &gopts, e)) != 0)
        return rc;
    if (builtin)
        return ret_bool(out, gopts == 0, false);
    bool yes;
    if ((rc = holds(c->env, user, 'f', fd->oid, fd->owner, fd->name, privs, gopts, &yes, e)) != 0)
        return rc;
    return ret_bool(out, yes, false);
}

int sql__fn_pg_has_role(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    const char *user;
    bool found;
    int f;
    int rc = split_args(c, a, n, 1, &user, &found, &f, e);
    if (rc != 0 || !found)
        return rc != 0 ? rc : ret_bool(out, false, true);
    const char *role;
    if ((rc = role_arg(c, &a[f], argtype(c, f), &role, &found, e)) != 0)
        return rc;
    if (!found)
        return ret_bool(out, false, true);
    if (role[0] == '\0')
        return err_set_state(e, ERR_NOTFOUND, "42704", "role \"public\" does not exist");
    char *mode = cstr(c, &a[f + 1]);
    for (char *p = mode; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    /* trim */
    while (*mode == ' ')
        mode++;
    size_t ml = strlen(mode);
    while (ml > 0 && mode[ml - 1] == ' ')
        mode[--ml] = '\0';
    bool yes = false;
    if (user[0] == '\0') {
        /* PUBLIC is a member of nothing */
    } else if (strcmp(mode, "MEMBER") == 0) {
        rc = sql__acl_is_member(c->env, user, role, &yes, e);
    } else if (strcmp(mode, "USAGE") == 0) {
        rc = sql__acl_has_privs_of(c->env, user, role, &yes, e);
    } else if (strcmp(mode, "MEMBER WITH ADMIN OPTION") == 0 ||
               strcmp(mode, "MEMBER WITH GRANT OPTION") == 0 ||
               strcmp(mode, "USAGE WITH ADMIN OPTION") == 0 ||
               strcmp(mode, "USAGE WITH GRANT OPTION") == 0) {
        rc = sql__acl_is_admin(c->env, user, role, &yes, e);
    } else {
        return err_set_state(e, ERR_INVAL, "22023", "unrecognized privilege type: \"%s\"", mode);
    }
    if (rc != 0)
        return rc;
    return ret_bool(out, yes, false);
}

/* acldefault("char", owner oid) -> aclitem[] text */
int sql__fn_acldefault(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)n;
    char t = a[0].u.s.len > 0 ? a[0].u.s.p[0] : '?';
    /* PostgreSQL's letters; 'S' there is a foreign server, 's' a sequence */
    char objtype = t == 'r' || t == 'n' || t == 'd' || t == 'f' || t == 'l' || t == 'L' ||
                           t == 'T' || t == 'F' || t == 't'
                       ? t
                   : t == 's'             ? 'S'
                   : t == 'S'             ? 'V'
                   : t == 'c' || t == 'p' ? 'c'
                                          : 0;
    if (objtype == 0)
        return err_set_state(e, ERR_INVAL, "XX000", "unrecognized object type abbreviation: %c", t);
    if (objtype == 'c') /* columns and parameters: no default privileges listed */
        return sql_value_in(c->ctx, SQL_T_TEXT_ARRAY, -1, "{}", 2, NULL, out, e);
    const char *owner;
    bool found;
    int rc = role_arg(c, &a[1], SQL_T_OID, &owner, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        owner = mem_printf(c->ctx, "%u", (unsigned)a[1].u.i);
    struct sql_acl acl;
    sql__acl_default(objtype, owner, c->ctx, &acl);
    struct sbuf b;
    sbuf_init(&b);
    sql__acl_text(&acl, &b);
    rc = sql_value_in(c->ctx, SQL_T_TEXT_ARRAY, -1, b.data, b.len, NULL, out, e);
    sbuf_free(&b);
    return rc;
}

/* ---- pg_auth_members ---- */

struct am_rows {
    struct sql__vrows *r;
    const char *member;
};

static int am_cb(void *arg, const char *role, bool admin, const char *grantor, struct err *e)
{
    (void)e;
    struct am_rows *a = arg;
    sql__vr_row(a->r);
    sql__vr_int(a->r, "roleid", sql__pgcat_role_oid(role));
    sql__vr_int(a->r, "member", sql__pgcat_role_oid(a->member));
    sql__vr_int(a->r, "grantor", sql__pgcat_role_oid(grantor));
    sql__vr_bool(a->r, "admin_option", admin);
    return 0;
}

int sql__pgcat_auth_members(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                            size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_auth_members")->desc, ctx);
    struct sql_role *roles;
    size_t nr;
    int rc = sql_cat_list_roles(env, &roles, &nr, e);
    for (size_t i = 0; rc == 0 && i < nr; i++) {
        struct am_rows a = {.r = &r, .member = roles[i].name};
        rc = sql__acl_member_of_direct(env, roles[i].name, am_cb, &a, e);
    }
    if (rc != 0)
        return rc;
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* ---- information_schema.table_privileges / role_table_grants ---- */

/* One row per (relation, grantor, grantee, privilege) of the relation's
 * ACL (aclexplode of relacl or its default), as PostgreSQL's views: only
 * rows whose grantor or grantee is a role the current user has the
 * privileges of, or PUBLIC the grantee (role_table_grants: only the first
 * two). */
static int table_grants(struct sql_env *env, struct mem_ctx *ctx, const char *view, bool roles_only,
                        struct sql_value ***rows, size_t *nrows, struct err *e)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } order[] = {{SQL_ACL_INSERT, "INSERT"},     {SQL_ACL_SELECT, "SELECT"},
                 {SQL_ACL_UPDATE, "UPDATE"},     {SQL_ACL_DELETE, "DELETE"},
                 {SQL_ACL_TRUNCATE, "TRUNCATE"}, {SQL_ACL_REFERENCES, "REFERENCES"},
                 {SQL_ACL_TRIGGER, "TRIGGER"}};
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup("information_schema", view)->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    const char *me = env->user != NULL ? env->user : "";
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'r' && t->kind != 'v')
            continue;
        struct sql_acl acl;
        if ((rc = sql__acl_get(env, 'r', t->oid, t->owner, t->name, ctx, &acl, e)) != 0)
            break;
        for (int k = 0; rc == 0 && k < acl.n; k++) {
            const struct sql_aclitem *it = &acl.items[k];
            bool pub = it->grantee[0] == '\0';
            bool mine_grantor, mine_grantee = false;
            if ((rc = sql__acl_has_privs_of(env, me, it->grantor, &mine_grantor, e)) != 0)
                break;
            if (!pub && (rc = sql__acl_has_privs_of(env, me, it->grantee, &mine_grantee, e)) != 0)
                break;
            if (!(mine_grantor || mine_grantee || (pub && !roles_only)))
                continue;
            bool owner_grantee = false;
            if (!pub &&
                (rc = sql__acl_has_privs_of(env, it->grantee, t->owner, &owner_grantee, e)) != 0)
                break;
            for (size_t b = 0; b < sizeof order / sizeof order[0]; b++) {
                if (!(it->privs & order[b].bit))
                    continue;
                sql__vr_row(&r);
                sql__vr_str(&r, "grantor", it->grantor);
                sql__vr_str(&r, "grantee", pub ? "PUBLIC" : it->grantee);
                sql__vr_str(&r, "table_catalog", env->database);
                sql__vr_str(&r, "table_schema", t->schema);
                sql__vr_str(&r, "table_name", t->name);
                sql__vr_str(&r, "privilege_type", order[b].name);
                sql__vr_str(&r, "is_grantable",
                            (it->goptions & order[b].bit) || owner_grantee ? "YES" : "NO");
                sql__vr_str(&r, "with_hierarchy", order[b].bit == SQL_ACL_SELECT ? "YES" : "NO");
            }
        }
    }
    if (rc != 0)
        return rc;
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_is_table_privileges(struct sql_env *env, struct mem_ctx *ctx,
                                   struct sql_value ***rows, size_t *nrows, struct err *e)
{
    return table_grants(env, ctx, "table_privileges", false, rows, nrows, e);
}

int sql__pgcat_is_role_table_grants(struct sql_env *env, struct mem_ctx *ctx,
                                    struct sql_value ***rows, size_t *nrows, struct err *e)
{
    return table_grants(env, ctx, "role_table_grants", true, rows, nrows, e);
}
