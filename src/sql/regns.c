/* regns.c — the catalog side of the regnamespace and regrole types:
 * input by name (regnamespacein / regrolein) and output as a name
 * (regnamespaceout / regroleout). value.c has no catalog, so the binder
 * (constants), the evaluator (casts) and the cursor (result columns) call
 * here, as they do for regclass.
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
#include "sql/env.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool sql__regns_type(uint32_t type)
{
    return type == SQL_T_REGNAMESPACE || type == SQL_T_REGROLE;
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
