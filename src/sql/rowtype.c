/* rowtype.c — row types of tables, views and materialized views (rowtype.h). */
#include "sql/rowtype.h"

#include "common/mem.h"
#include "sql/catalog.h"
#include "sql/ctype.h"
#include "sql/oidreg.h"
#include "sql/value_int.h"
#include "sql/vtab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    struct oidreg_item h; /* first */
    struct sql_type_info ti;
    uint32_t schema_oid;
};

static struct oidreg reg = OIDREG_INIT;

__attribute__((destructor)) static void reg_exit(void)
{
    oidreg_free(&reg);
}

static bool has_rowtype(const struct sql_table_desc *t)
{
    return t->kind == 'r' || t->kind == 'v';
}

struct same_name {
    const char *name;
    uint32_t schema_oid, oid;
};

static bool name_taken(const struct oidreg_item *it, const void *arg)
{
    const struct entry *x = (const struct entry *)it;
    const struct same_name *s = arg;
    return x->h.oid != s->oid && x->schema_oid == s->schema_oid && strcmp(x->ti.name, s->name) == 0;
}

void sql__rowtype_note(const struct sql_table_desc *t)
{
    if (!has_rowtype(t) || t->oid < SQL_FIRST_USER_OID)
        return;
    const struct entry *cur = (const struct entry *)oidreg_get(&reg, t->oid);
    if (cur != NULL && cur->schema_oid == t->schema_oid && strcmp(cur->ti.name, t->name) == 0)
        return;
    /* a dropped relation of the same name (its DROP rolled back elsewhere
     * or not seen here) gives way */
    struct same_name s = {t->name, t->schema_oid, t->oid};
    struct oidreg_item *old;
    while ((old = oidreg_find(&reg, name_taken, &s)) != NULL)
        oidreg_remove(&reg, old->oid);
    struct entry *x = xcalloc(1, sizeof(*x));
    x->h.ctx = mem_ctx_new(NULL, "rowtype");
    x->h.oid = t->oid;
    x->schema_oid = t->schema_oid;
    x->ti.oid = t->oid;
    x->ti.name = mem_strdup(x->h.ctx, t->name);
    x->ti.sql_name = x->ti.name;
    x->ti.typlen = -1;
    x->ti.category = 'C';
    x->ti.align = 'd';
    oidreg_put(&reg, &x->h);
}

void sql__rowtype_forget(uint32_t oid)
{
    oidreg_remove(&reg, oid);
}

const struct sql_type_info *sql__rowtype_type_info(uint32_t oid)
{
    if (oid < SQL_FIRST_USER_OID)
        return NULL;
    struct entry *x = (struct entry *)oidreg_get(&reg, oid);
    return x != NULL ? &x->ti : NULL;
}

static bool name_is(const struct oidreg_item *it, const void *name)
{
    return strcmp(((const struct entry *)it)->ti.name, name) == 0;
}

const struct sql_type_info *sql__rowtype_by_name(const char *name)
{
    struct entry *x = (struct entry *)oidreg_find(&reg, name_is, name);
    return x != NULL ? &x->ti : NULL;
}

uint32_t sql__rowtype_of_shape(int32_t typmod)
{
    int n;
    const char *const *names;
    uint32_t typoid = 0;
    if (typmod < 0 || !sql__record_shape(typmod, &n, &names, NULL, &typoid) || typoid == 0)
        return 0;
    return sql__rowtype_type_info(typoid) != NULL ? typoid : 0;
}

int sql__rowtype_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nt; i++) {
        const struct sql_table_desc *t = tabs[i];
        if (!has_rowtype(t))
            continue;
        sql__rowtype_note(t);
        sql__pgtype_composite_row(r, t->oid, t->name, t->schema_oid, sql__pgcat_role_oid(t->owner),
                                  t->oid);
    }
    return 0;
}
