/* ddl_schema_objs.c — the objects of a schema that are not relations:
 * enum, domain and composite types and functions, for DROP SCHEMA (its
 * 2BP01 dependency list, its CASCADE notice and the drops themselves).
 *
 * Descriptions are PostgreSQL's getObjectDescription: "type s.t" (a
 * domain is a type too) and "function s.f(integer,text)", qualified when
 * the search path does not find the name. Objects are dropped newest
 * first, so one that another object of the schema uses (an enum under a
 * domain) goes after its users; each drop is the object's own DROP with
 * RESTRICT, so something outside the schema that still uses it fails the
 * whole statement (2BP01) instead of being left dangling. */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/domain.h"
#include "sql/enum.h"
#include "sql/env.h"
#include "sql/regtype.h"
#include "sql/sqlfn.h"

#include <stdlib.h>
#include <string.h>

static void add(struct sql_env *env, struct sql__schema_obj **v, size_t *n, size_t *cap,
                uint32_t oid, char kind, const char *name, const void *obj)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        struct sql__schema_obj *nv = mem_alloc0(env->stmt_ctx, sizeof *nv * nc);
        if (*n > 0)
            memcpy(nv, *v, sizeof *nv * *n);
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = (struct sql__schema_obj){.oid = oid, .kind = kind, .name = name, .obj = obj};
}

static bool on_path(const struct sql_env *env, const char *schema)
{
    for (int i = 0; i < env->nsearch; i++)
        if (strcmp(env->search_path[i], schema) == 0)
            return true;
    return false;
}

static int by_oid(const void *a, const void *b)
{
    uint32_t x = ((const struct sql__schema_obj *)a)->oid;
    uint32_t y = ((const struct sql__schema_obj *)b)->oid;
    return x < y ? -1 : x > y;
}

void sql__schema_objs_sort(struct sql__schema_obj *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, by_oid);
}

int sql__schema_objs(struct sql_env *env, uint32_t ns, const char *nsname,
                     struct sql__schema_obj **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    const struct sql_enum_type **en = NULL;
    const struct sql_domain **dm = NULL;
    const struct sql_ctype **ct = NULL;
    const struct sql_fn_desc **fn = NULL;
    size_t nen = 0, ndm = 0, nct = 0, nfn = 0;
    int rc = sql__enum_list(env, &en, &nen, e);
    if (rc == 0)
        rc = sql__domain_list(env, &dm, &ndm, e);
    if (rc == 0)
        rc = sql__ctype_list(env, &ct, &nct, e);
    if (rc == 0)
        rc = sql__fn_list(env, &fn, &nfn, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nen; i++)
        if (en[i]->schema_oid == ns)
            add(env, out, n, &cap, en[i]->ti.oid, 'e', en[i]->ti.name, en[i]);
    for (size_t i = 0; i < ndm; i++)
        if (dm[i]->schema_oid == ns)
            add(env, out, n, &cap, dm[i]->ti.oid, 'd', dm[i]->ti.name, dm[i]);
    for (size_t i = 0; i < nct; i++)
        if (ct[i]->schema_oid == ns)
            add(env, out, n, &cap, ct[i]->oid, 'c', ct[i]->name, ct[i]);
    for (size_t i = 0; i < nfn; i++)
        if (fn[i]->schema_oid == ns)
            add(env, out, n, &cap, fn[i]->oid, 'f', fn[i]->name, fn[i]);
    sql__schema_objs_sort(*out, *n);
    for (size_t i = 0; i < *n; i++) {
        struct sql__schema_obj *o = &(*out)[i];
        struct sbuf d;
        sbuf_init(&d);
        if (o->kind == 'f') {
            sbuf_puts(&d,
                      ((const struct sql_fn_desc *)o->obj)->is_proc ? "procedure " : "function ");
            if (!on_path(env, nsname))
                sbuf_printf(&d, "%s.", nsname);
            sql__fn_signature(o->obj, &d);
        } else {
            const char *tn = NULL;
            if ((rc = sql__type_name_env(env, env->stmt_ctx, o->oid, -1, &tn, e)) != 0) {
                sbuf_free(&d);
                return rc;
            }
            sbuf_printf(&d, "type %s", tn);
        }
        o->desc = mem_strdup(env->stmt_ctx, d.data != NULL ? d.data : "");
        sbuf_free(&d);
    }
    return 0;
}

int sql__schema_obj_drop(struct sql_env *env, const char *nsname, const struct sql__schema_obj *o,
                         struct err *e)
{
    if (o->kind == 'f')
        return sql__fn_drop(env, o->obj, e);
    struct sql_qname *q = mem_alloc0(env->stmt_ctx, sizeof *q);
    q->schema = (char *)nsname;
    q->name = (char *)o->name;
    void **items = mem_alloc0(env->stmt_ctx, sizeof *items);
    items[0] = q;
    struct sql_stmt st;
    memset(&st, 0, sizeof st);
    st.location = -1;
    if (o->kind == 'd') {
        st.kind = SQL_STMT_DOMAIN_DDL;
        st.u.domain_ddl.op = 'd';
        st.u.domain_ddl.names.items = items;
        st.u.domain_ddl.names.n = 1;
        st.u.domain_ddl.behavior = SQL_DROP_RESTRICT;
    } else {
        st.kind = SQL_STMT_TYPE_DDL;
        st.u.type_ddl.op = 'd';
        st.u.type_ddl.names.items = items;
        st.u.type_ddl.names.n = 1;
        st.u.type_ddl.behavior = SQL_DROP_RESTRICT;
    }
    struct sbuf tag;
    sbuf_init(&tag);
    int rc = sql_ddl_exec(env, &st, &tag, e);
    sbuf_free(&tag);
    return rc;
}
