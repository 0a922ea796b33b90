/* regtype.c — regtype input and output with the catalog, as PostgreSQL's
 * regtypein / format_type: a type name resolves through search_path in the
 * current database only, and a user type prints schema-qualified when
 * search_path does not find it by its bare name (TypeIsVisible).
 *
 * value.c has no catalog (its sql__regtype_in searches the node's loaded
 * types by bare name); the binder resolves constants here, the executor
 * casts of text values, the session prints regtype result columns (text
 * format) here, and format_type, pg_type_is_visible and domain error
 * messages name types with sql__type_format_env.
 *
 * Input parses the string as PostgreSQL's typeStringToTypeName does: as
 * the type of "SELECT NULL::<string>", which must be the whole statement.
 */
#include "sql/array.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/deparse.h"
#include "sql/domain.h"
#include "sql/engine_int.h"
#include "sql/enum.h"
#include "sql/env.h"
#include "sql/parse.h"
#include "sql/regtype.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <string.h>

/* The type name s (len bytes) as the parser reads it, or an error:
 * 42601 syntax error / invalid type name "s". *tn allocated in ctx. */
static int parse_type_string(struct mem_ctx *ctx, const char *s, size_t len,
                             const struct sql_typename **tn, struct err *e)
{
    struct sbuf q;
    sbuf_init(&q);
    sbuf_puts(&q, "SELECT NULL::");
    sbuf_append(&q, s, len);
    struct sql_parse_result r;
    struct err pe;
    err_clear(&pe);
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    int rc = i == len ? ERR_INVAL : sql_parse(q.data, q.len, NULL, ctx, &r, &pe);
    sbuf_free(&q);
    if (i == len)
        return err_set_state(e, ERR_INVAL, "42601", "invalid type name \"%.*s\"", (int)len, s);
    if (rc != 0 && strncmp(pe.msg, "improper qualified name", 23) == 0) /* not the grammar's */
        return err_set_state(e, ERR_INVAL, err_sqlstate(&pe), "%s: %.*s", pe.msg, (int)(len - i),
                             s + i);
    if (rc != 0) {
        if (strcmp(err_sqlstate(&pe), "42601") != 0) {
            *e = pe;
            return rc;
        }
        return err_set_state(e, ERR_INVAL, "42601", "%s\nCONTEXT:  invalid type name \"%.*s\"",
                             pe.msg, (int)len, s);
    }
    const struct sql_select *sel =
        r.n == 1 && r.stmts[0]->kind == SQL_STMT_SELECT ? r.stmts[0]->u.select : NULL;
    const struct sql_target *tg = NULL;
    if (sel != NULL && sel->op == SQL_SETOP_NONE && sel->with == NULL && sel->from.n == 0 &&
        sel->where == NULL && sel->targets.n == 1 && sel->order_by.n == 0 && sel->limit == NULL &&
        sel->offset == NULL && sel->locking.n == 0 && sel->group_by.n == 0 && sel->having == NULL &&
        sel->windows.n == 0 && !sel->distinct)
        tg = sel->targets.items[0];
    const struct sql_expr *x = tg != NULL && tg->name == NULL ? tg->val : NULL;
    if (x == NULL || x->kind != SQL_EXPR_CAST || x->u.cast.arg == NULL ||
        x->u.cast.arg->kind != SQL_EXPR_CONST || x->u.cast.type == NULL || x->u.cast.type->setof)
        return err_set_state(e, ERR_INVAL, "42601", "invalid type name \"%.*s\"", (int)len, s);
    *tn = x->u.cast.type;
    return 0;
}

int sql__regtype_in_env(struct sql_env *env, struct mem_ctx *ctx, const char *s, size_t len,
                        int64_t *oid, struct err *e)
{
    const struct sql_typename *tn = NULL;
    int rc = parse_type_string(ctx, s, len, &tn, e);
    if (rc != 0)
        return rc;
    const char *sch = tn->name.schema;
    if (tn->name.catalog != NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cross-database references are not implemented: %s.%s.%s",
                             tn->name.catalog, sch, tn->name.name);
    if (sch != NULL && strcmp(sch, "pg_catalog") != 0 && strcmp(sch, "information_schema") != 0) {
        uint32_t ns = 0;
        if ((rc = sql__schema_oid(env, sch, &ns, e)) != 0)
            return rc;
        if (ns == 0)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", sch);
    }
    uint32_t t = 0, dom = 0;
    int32_t tm = -1;
    struct err be;
    err_clear(&be);
    if (sql_type_resolve(tn, &t, &tm, NULL, &be) == 0) { /* built-in (pg_catalog first) */
        *oid = t;
        return 0;
    }
    if (tn->typmods.n == 0 && tn->name.name != NULL) {
        /* a user type by its name record: composite types and row types are
         * their own oids here, not the record shapes their values carry */
        uint32_t to = 0, ns = 0;
        char kind = 0;
        if ((rc = sql__find_rel(env, sch, tn->name.name, &to, &kind, &ns, e)) != 0)
            return rc;
        if (to != 0 && (kind == 'c' || kind == 'r' || kind == 'v' || kind == 'm')) {
            if (tn->array_dims == 0) {
                *oid = to;
                return 0;
            }
            uint32_t at = sql_array_of(to);
            if (at != 0) {
                *oid = at;
                return 0;
            }
            return err_set_state(e, ERR_UNSUPPORTED, "0A000", "arrays of type %s are not supported",
                                 tn->name.name);
        }
    }
    if ((rc = sql_type_resolve_domain(env, tn, &t, &tm, NULL, &dom, e)) != 0)
        return rc;
    if (dom != 0)
        t = tn->array_dims > 0 ? (dom | SQL_DOMAIN_ARRAY) : dom;
    *oid = t;
    return 0;
}

/* Schema and name of user type oid (not an array); *found false when it is
 * none of enum, domain, composite or relation row type. */
static int user_type_name(struct sql_env *env, uint32_t oid, const char **schema, const char **name,
                          bool *found, struct err *e)
{
    *found = false;
    const struct sql_enum_type *et = sql_enum_get(oid);
    if (et != NULL) {
        *schema = et->schema;
        *name = et->ti.name;
        *found = true;
        return 0;
    }
    const struct sql_domain *d = sql_domain_get(oid);
    if (d != NULL) {
        *schema = d->schema;
        *name = d->ti.name;
        *found = true;
        return 0;
    }
    const struct sql_ctype *ct = sql_ctype_get(oid);
    if (ct != NULL && !ct->rowtype) {
        *schema = ct->schema;
        *name = ct->name;
        *found = true;
        return 0;
    }
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table_by_oid(env, oid, &t, e);
    if (rc != 0)
        return rc;
    if (t != NULL) {
        *schema = t->schema;
        *name = t->name;
        *found = true;
    }
    return 0;
}

/* TypeIsVisible: the bare name finds oid through search_path (pg_catalog
 * first, as PostgreSQL searches it implicitly before the path). */
static int type_visible(struct sql_env *env, uint32_t oid, const char *name, bool *vis,
                        struct err *e)
{
    *vis = false;
    struct sql_typename tn;
    memset(&tn, 0, sizeof tn);
    tn.name.name = (char *)name;
    uint32_t bo;
    int32_t btm;
    struct err be;
    err_clear(&be);
    if (sql_type_resolve(&tn, &bo, &btm, NULL, &be) == 0)
        return 0; /* a built-in type of that name hides it */
    uint32_t to = 0, ns = 0;
    char kind = 0;
    int rc = sql__find_rel(env, NULL, name, &to, &kind, &ns, e);
    if (rc != 0)
        return rc;
    *vis = to == oid;
    return 0;
}

int sql__type_is_visible(struct sql_env *env, uint32_t oid, int *vis, struct err *e)
{
    if ((oid & SQL_DOMAIN_ARRAY) != 0 && sql_domain_get(oid & ~SQL_DOMAIN_ARRAY) != NULL)
        oid &= ~SQL_DOMAIN_ARRAY;
    uint32_t elem = sql_array_elemtype(oid);
    if (elem != 0)
        oid = elem;
    if (sql_type_get(oid) == NULL) {
        *vis = -1;
        return 0;
    }
    *vis = 1;
    if (oid < SQL_FIRST_USER_OID)
        return 0;
    const char *schema = NULL, *name = NULL;
    bool found = false, v = false;
    int rc = user_type_name(env, oid, &schema, &name, &found, e);
    if (rc != 0 || !found)
        return rc;
    if ((rc = type_visible(env, oid, name, &v, e)) != 0)
        return rc;
    *vis = v ? 1 : 0;
    return 0;
}

int sql__type_format_env(struct sql_env *env, uint32_t oid, int32_t typmod, struct sbuf *out,
                         struct err *e)
{
    if (env == NULL || env->txn == NULL) {
        sql_type_format(oid, typmod, out);
        return 0;
    }
    if ((oid & SQL_DOMAIN_ARRAY) != 0 && sql_domain_get(oid & ~SQL_DOMAIN_ARRAY) != NULL) {
        int rc = sql__type_format_env(env, oid & ~SQL_DOMAIN_ARRAY, typmod, out, e);
        sbuf_puts(out, "[]");
        return rc;
    }
    uint32_t elem = sql_array_elemtype(oid);
    if (elem != 0) {
        int rc = sql__type_format_env(env, elem, typmod, out, e);
        sbuf_puts(out, "[]");
        return rc;
    }
    if (oid < SQL_FIRST_USER_OID) {
        sql_type_format(oid, typmod, out);
        return 0;
    }
    const char *schema = NULL, *name = NULL;
    bool found = false, vis = false;
    int rc = user_type_name(env, oid, &schema, &name, &found, e);
    if (rc != 0)
        return rc;
    if (!found) {
        sql_type_format(oid, typmod, out);
        return 0;
    }
    if ((rc = type_visible(env, oid, name, &vis, e)) != 0)
        return rc;
    if (!vis) {
        sql_deparse_ident(schema, out);
        sbuf_putc(out, '.');
    }
    sql_deparse_ident(name, out);
    return 0;
}

int sql__type_name_env(struct sql_env *env, struct mem_ctx *mem, uint32_t oid, int32_t typmod,
                       const char **out, struct err *e)
{
    struct sbuf sb;
    sbuf_init(&sb);
    int rc = sql__type_format_env(env, oid, typmod, &sb, e);
    *out = rc == 0 ? mem_strndup(mem, sb.data, sb.len) : NULL;
    sbuf_free(&sb);
    return rc;
}
