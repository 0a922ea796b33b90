/* regns.c — the catalog side of the regnamespace and regrole types:
 * input by name (regnamespacein / regrolein) and output as a name
 * (regnamespaceout / regroleout). value.c has no catalog, so the binder
 * (constants), the evaluator (casts), Bind (parameters) and the cursor
 * (result columns) call here. regclass input by name lives here too
 * (sql__regclass_in_env); its output is pgcat_def.c's.
 *
 * Input: an oid in digits, "-" for InvalidOid, or one identifier (quoted
 * or folded to lower case). Output: "-" for InvalidOid, the quoted name,
 * or the oid in digits when nothing has it (as PostgreSQL prints a
 * dropped object's oid). */
#include "sql/regns.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog.h"
#include "sql/deparse.h"
#include "sql/catalog_int.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/regtype.h"
#include "sql/sqlfn.h"
#include "sql/typio.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sql__regns_type(uint32_t type)
{
    return type == SQL_T_REGNAMESPACE || type == SQL_T_REGROLE || type == SQL_T_REGPROCEDURE;
}

/* ---- regprocedure: name(argument types) ---- */

/* A built-in function's definition by oid (the core, pg_catalog and json
 * registries), or NULL. */
static const struct sql_func_def *builtin_by_oid(uint32_t oid)
{
    const struct sql_func_def *const tabs[] = {sql_core_funcs, sql_pgcat_funcs, sql_json_funcs};
    const size_t ns[] = {sql_core_nfuncs, sql_pgcat_nfuncs, sql_json_nfuncs};
    for (size_t t = 0; t < 3; t++)
        for (size_t i = 0; i < ns[t]; i++)
            if (tabs[t][i].oid == oid && !tabs[t][i].variadic)
                return &tabs[t][i];
    return NULL;
}

/* regprocedurein: "name(type, ...)" (name maybe schema-qualified): an I/O
 * function of a built-in type, a built-in function, or a user function
 * with exactly those argument types. 42883 when none. */
static int regprocedure_in(struct sql_env *env, const char *s, size_t len, int64_t *oid,
                           struct err *e)
{
    const char *lp = memchr(s, '(', len);
    if (lp == NULL || len < 2 || s[len - 1] != ')')
        return err_set_state(e, ERR_INVAL, "22P02", "expected a left parenthesis");
    char fname[2 * SQL_NAME_BUF + 2];
    size_t fl = (size_t)(lp - s);
    while (fl > 0 && isspace((unsigned char)s[fl - 1]))
        fl--;
    if (fl == 0 || fl >= sizeof fname)
        return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    memcpy(fname, s, fl);
    fname[fl] = '\0';
    const char *schema = NULL, *name = fname;
    char *dot = strchr(fname, '.');
    if (dot != NULL) {
        *dot = '\0';
        schema = fname;
        name = dot + 1;
    }
    for (char *p = fname; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (schema == NULL || strcmp(schema, "pg_catalog") == 0) {
        /* an I/O function (each name is one function; its arguments are
         * pseudo-types such as cstring that have no type here) */
        uint32_t io = sql_typio_proc_by_name(name, strlen(name));
        if (io != 0) {
            *oid = io;
            return 0;
        }
    }
    /* the argument types, split at top-level commas */
    uint32_t types[SQL_FUNC_MAX_ARGS];
    int n = 0;
    const char *p = lp + 1, *end = s + len - 1;
    while (p < end) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p == end)
            break;
        const char *q = p;
        int depth = 0;
        while (q < end && (depth > 0 || *q != ',')) {
            depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
            q++;
        }
        if (n >= SQL_FUNC_MAX_ARGS)
            return err_set_state(e, ERR_INVAL, "54023", "too many arguments");
        int64_t t = 0;
        int rc = sql__regtype_in_env(env, env->stmt_ctx, p, (size_t)(q - p), &t, e);
        if (rc != 0)
            return rc;
        types[n++] = (uint32_t)t;
        p = q < end ? q + 1 : q;
    }
    if (schema == NULL || strcmp(schema, "pg_catalog") == 0) {
        struct sql_func_match m;
        struct err le = {0};
        if (sql_func_lookup(name, types, n, &m, &le) == 0 && m.def->oid != 0 && m.def->nargs == n &&
            !m.def->variadic && memcmp(m.def->args, types, sizeof types[0] * (size_t)n) == 0) {
            *oid = m.def->oid;
            return 0;
        }
    }
    const struct sql_fn_desc **c = NULL;
    int nc = 0;
    int rc = sql__fn_candidates(env, schema, name, env->stmt_ctx, &c, &nc, e);
    if (rc != 0)
        return rc;
    for (int i = 0; i < nc; i++)
        if (c[i]->nin == n && memcmp(c[i]->intypes, types, sizeof types[0] * (size_t)n) == 0) {
            *oid = c[i]->oid;
            return 0;
        }
    return err_set_state(e, ERR_NOTFOUND, "42883", "function \"%.*s\" does not exist", (int)len, s);
}

/* regprocedureout: name(types) for the functions above, else the oid. */
static int regprocedure_out(struct sql_env *env, uint32_t oid, struct sbuf *out, struct err *e)
{
    const char *io = sql_typio_proc_sig(oid);
    if (io != NULL) {
        sbuf_puts(out, io);
        return 0;
    }
    const struct sql_func_def *d = builtin_by_oid(oid);
    if (d != NULL) {
        sbuf_printf(out, "%s(", d->name);
        for (int i = 0; i < d->nargs; i++) {
            if (i > 0)
                sbuf_putc(out, ',');
            sql_type_format(d->args[i], -1, out);
        }
        sbuf_putc(out, ')');
        return 0;
    }
    if (oid >= SQL_FIRST_USER_OID) {
        const struct sql_fn_desc *f = NULL;
        int rc = sql__fn_load(env, oid, env->stmt_ctx, &f, e);
        if (rc != 0)
            return rc;
        if (f != NULL) {
            bool vis = false;
            for (int i = 0; i < env->nsearch && !vis; i++)
                vis = strcmp(env->search_path[i], f->schema) == 0;
            if (!vis) {
                sql_deparse_ident(f->schema, out);
                sbuf_putc(out, '.');
            }
            sql_deparse_ident(f->name, out);
            sbuf_putc(out, '(');
            for (int i = 0; i < f->nin; i++) {
                if (i > 0)
                    sbuf_putc(out, ',');
                if ((rc = sql__type_format_env(env, f->intypes[i], -1, out, e)) != 0)
                    return rc;
            }
            sbuf_putc(out, ')');
            return 0;
        }
    }
    sbuf_printf(out, "%u", oid);
    return 0;
}

/* One identifier of s (len bytes) into name: 0, or 42602 invalid name syntax. */
static int one_ident(const char *s, size_t len, char *name, struct err *e)
{
    size_t i = 0, k = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    while (len > i && isspace((unsigned char)s[len - 1]))
        len--;
    if (i < len && s[i] == '"') {
        i++;
        for (;;) {
            if (i >= len)
                return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
            if (s[i] == '"') {
                if (i + 1 < len && s[i + 1] == '"') {
                    if (k < SQL_NAME_MAX)
                        name[k++] = '"';
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            if (k < SQL_NAME_MAX)
                name[k++] = s[i];
            i++;
        }
        if (k == 0)
            return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    } else {
        for (; i < len && s[i] != '.' && s[i] != '"' && !isspace((unsigned char)s[i]); i++)
            if (k < SQL_NAME_MAX)
                name[k++] = (char)tolower((unsigned char)s[i]);
        if (k == 0)
            return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    }
    if (i != len) /* a qualified name, or trailing text */
        return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    name[k] = '\0';
    return 0;
}

int sql__regns_in(struct sql_env *env, uint32_t type, const char *s, size_t len, int64_t *oid,
                  struct err *e)
{
    bool digits = len > 0;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            digits = false;
    if (digits) {
        char buf[24];
        if (len >= sizeof buf)
            return err_set_state(e, ERR_INVAL, "22003",
                                 "value \"%.*s\" is out of range for type oid", (int)len, s);
        memcpy(buf, s, len);
        buf[len] = '\0';
        long long v = strtoll(buf, NULL, 10);
        if (v > (long long)UINT32_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "value \"%s\" is out of range for type oid",
                                 buf);
        *oid = v;
        return 0;
    }
    if (len == 1 && s[0] == '-') {
        *oid = 0;
        return 0;
    }
    if (type == SQL_T_REGPROCEDURE)
        return regprocedure_in(env, s, len, oid, e);
    char name[SQL_NAME_BUF];
    int rc = one_ident(s, len, name, e);
    if (rc != 0)
        return rc;
    if (type == SQL_T_REGNAMESPACE) {
        struct sql_schema_desc sd;
        bool found = false;
        if ((rc = sql_cat_schema(env, name, &sd, &found, e)) != 0)
            return rc;
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", name);
        *oid = sd.oid;
        return 0;
    }
    struct sql_role *roles = NULL;
    size_t n = 0;
    if ((rc = sql_cat_list_roles(env, &roles, &n, e)) != 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(roles[i].name, name) == 0) {
            *oid = sql__pgcat_role_oid(name);
            return 0;
        }
    return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", name);
}

int sql__regns_out(struct sql_env *env, uint32_t type, uint32_t oid, struct sbuf *out,
                   struct err *e)
{
    if (oid == 0) {
        sbuf_putc(out, '-');
        return 0;
    }
    int rc;
    if (type == SQL_T_REGPROCEDURE)
        return regprocedure_out(env, oid, out, e);
    if (type == SQL_T_REGNAMESPACE) {
        struct sql_schema_desc *all = NULL;
        size_t n = 0;
        if ((rc = sql_cat_list_schemas(env, &all, &n, e)) != 0)
            return rc;
        for (size_t i = 0; i < n; i++)
            if (all[i].oid == oid) {
                sql_deparse_ident(all[i].name, out);
                return 0;
            }
    } else {
        struct sql_role *roles = NULL;
        size_t n = 0;
        if ((rc = sql_cat_list_roles(env, &roles, &n, e)) != 0)
            return rc;
        for (size_t i = 0; i < n; i++)
            if (sql__pgcat_role_oid(roles[i].name) == oid) {
                sql_deparse_ident(roles[i].name, out);
                return 0;
            }
    }
    sbuf_printf(out, "%u", oid);
    return 0;
}

int sql__regns_text(struct sql_env *env, struct mem_ctx *mem, const struct sql_value *v,
                    struct sql_value *out, struct err *e)
{
    struct sbuf sb;
    sbuf_init(&sb);
    int rc = sql__regns_out(env, v->type, (uint32_t)v->u.i, &sb, e);
    if (rc == 0) {
        char *p = mem_strndup(mem, sb.data != NULL ? sb.data : "", sb.len);
        *out = sql_text(p, sb.len);
    }
    sbuf_free(&sb);
    return rc;
}

int sql__regclass_in_env(struct sql_env *env, const char *s, size_t len, int64_t *oid,
                         struct err *e)
{
    char buf[2 * SQL_NAME_BUF + 8];
    char schema[SQL_NAME_BUF], name[SQL_NAME_BUF];
    if (len >= sizeof buf)
        return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    memcpy(buf, s, len);
    buf[len] = '\0';
    /* all digits: an oid */
    bool digits = len > 0;
    for (size_t i = 0; i < len; i++)
        if (buf[i] < '0' || buf[i] > '9')
            digits = false;
    if (digits) {
        *oid = strtoll(buf, NULL, 10);
        return 0;
    }
    /* split on an unquoted dot; fold unquoted parts to lower case */
    char parts[2][SQL_NAME_BUF];
    int np = 0;
    size_t i = 0;
    while (i <= len && np < 2) {
        size_t k = 0;
        if (buf[i] == '"') {
            i++;
            while (i < len && k < SQL_NAME_MAX) {
                if (buf[i] == '"') {
                    if (i + 1 < len && buf[i + 1] == '"') {
                        parts[np][k++] = '"';
                        i += 2;
                        continue;
                    }
                    break;
                }
                parts[np][k++] = buf[i++];
            }
            i++; /* closing quote */
        } else {
            while (i < len && buf[i] != '.' && k < SQL_NAME_MAX) {
                char c = buf[i++];
                parts[np][k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
            }
        }
        parts[np][k] = '\0';
        np++;
        if (i < len && buf[i] == '.') {
            i++;
            continue;
        }
        break;
    }
    if (np == 2) {
        snprintf(schema, sizeof schema, "%s", parts[0]);
        snprintf(name, sizeof name, "%s", parts[1]);
    } else {
        schema[0] = '\0';
        snprintf(name, sizeof name, "%s", parts[0]);
    }
    const char *sch = schema[0] ? schema : NULL;
    if (sch == NULL || strcmp(sch, "pg_catalog") == 0 || strcmp(sch, "information_schema") == 0) {
        const struct sql_vtab *vt = sql_vtab_lookup(sch, name);
        if (vt != NULL) {
            *oid = vt->desc->oid;
            return 0;
        }
    }
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table(env, sch, name, &t, e);
    if (rc != 0)
        return rc;
    if (t == NULL && sch != NULL && strcmp(sch, "pg_catalog") != 0 &&
        strcmp(sch, "information_schema") != 0) {
        uint32_t ns = 0;
        if ((rc = sql__schema_oid(env, sch, &ns, e)) != 0)
            return rc;
        if (ns == 0)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", sch);
    }
    if (t == NULL) { /* an index is a relation too */
        int pos = -1;
        rc = sql_cat_index(env, sch, name, &t, &pos, e);
        if (rc != 0)
            return rc;
        if (t != NULL && pos >= 0 && t->idx[pos].oid != 0) {
            *oid = t->idx[pos].oid;
            return 0;
        }
        t = NULL;
    }
    if (t == NULL) {
        if (sch != NULL)
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist", sch,
                                 name);
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", name);
    }
    *oid = t->oid;
    return 0;
}

int sql__reg_in_env(struct sql_env *env, struct mem_ctx *ctx, uint32_t type, const char *s,
                    size_t len, int64_t *oid, struct err *e)
{
    switch (type) {
    case SQL_T_REGCLASS:
        return sql__regclass_in_env(env, s, len, oid, e);
    case SQL_T_REGTYPE:
        return sql__regtype_in_env(env, ctx, s, len, oid, e);
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROCEDURE:
        return sql__regns_in(env, type, s, len, oid, e);
    default:
        return 1;
    }
}

bool sql__reg_by_name(uint32_t type, const char *s, size_t len)
{
    if (type != SQL_T_REGCLASS && type != SQL_T_REGTYPE && !sql__regns_type(type))
        return false;
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    if (i == len || (len - i == 1 && s[i] == '-'))
        return false;
    for (; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return true;
    return false;
}
