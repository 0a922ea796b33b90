/* ddl_constraint.c — ALTER TABLE ... RENAME CONSTRAINT (PostgreSQL's
 * RenameConstraint): a CHECK or FOREIGN KEY constraint is renamed in the
 * descriptor; a PRIMARY KEY or UNIQUE constraint renames its index too (the
 * index's relation name first: 42P07 when taken, then 42710 when another
 * constraint of the table has the name).
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"

#include <stdio.h>
#include <string.h>

static bool constraint_named(const struct sql_table_desc *t, const char *name)
{
    for (int i = 0; i < t->nchecks; i++)
        if (strcmp(t->checks[i].name, name) == 0)
            return true;
    for (int i = 0; i < t->nfks; i++)
        if (strcmp(t->fks[i].name, name) == 0)
            return true;
    for (int i = 0; i < t->nidx; i++)
        if (t->idx[i].constraint && strcmp(t->idx[i].name, name) == 0)
            return true;
    return false;
}

int sql__rename_constraint(struct sql_env *env, uint32_t oid, const struct sql_stmt *st,
                           struct err *e)
{
    const char *from = st->u.rename.subname, *to = st->u.rename.newname;
    const struct sql_table_desc *t0;
    int rc = sql_cat_table_by_oid(env, oid, &t0, e);
    if (rc != 0 || t0 == NULL)
        return rc != 0 ? rc : sql__corrupt(e, "name", oid, "missing descriptor");
    if (t0->kind != 'r' || t0->matview)
        return sql__ddl_unsupported(e, "RENAME CONSTRAINT of this kind of relation");
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    char *name = NULL;
    int idx = -1;
    for (int i = 0; i < t->nchecks && name == NULL; i++)
        if (strcmp(t->checks[i].name, from) == 0)
            name = t->checks[i].name;
    for (int i = 0; i < t->nfks && name == NULL; i++)
        if (strcmp(t->fks[i].name, from) == 0)
            name = t->fks[i].name;
    for (int i = 0; i < t->nidx && name == NULL; i++)
        if (t->idx[i].constraint && strcmp(t->idx[i].name, from) == 0) {
            name = t->idx[i].name;
            idx = i;
        }
    if (name == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42704",
                             "constraint \"%s\" for table \"%s\" does not exist", from, t->name);
    if (idx >= 0) {
        uint32_t other;
        rc = sql__name_lookup(env, t->schema_oid, to, &other, NULL, e);
        if (rc != 0)
            return rc;
        if (other != 0)
            return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists", to);
    }
    if (constraint_named(t, to))
        return err_set_state(e, ERR_EXISTS, "42710",
                             "constraint \"%s\" for relation \"%s\" already exists", to, t->name);
    if (idx >= 0) {
        rc = sql__name_delete(env, t->schema_oid, from, e);
        if (rc == 0)
            rc = sql__name_store(env, t->schema_oid, to, 'i', t->idx[idx].oid, e);
        if (rc != 0)
            return rc;
    }
    snprintf(name, SQL_NAME_BUF, "%s", to);
    t->version++;
    return sql__desc_store(env, t, e);
}
