/* rowtype_dep.c — a table whose row type is a column type elsewhere
 * (rowtype.h, ctype.h): DROP TABLE's dependency check (2BP01, CASCADE drops
 * the columns), ALTER TABLE's refusals (PostgreSQL's
 * find_composite_type_dependencies) and "cannot be made a member of
 * itself". */
#include "sql/rowtype.h"

#include "common/err.h"
#include "common/str.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"

int sql__rowtype_drop_check(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                            struct err *e)
{
    if (t->kind != 'r' || t->matview)
        return 0;
    struct sbuf deps;
    sbuf_init(&deps);
    int nd = 0;
    int rc = sql__ctype_dependents(env, t->oid, t->name, &deps, &nd, NULL, e);
    if (rc == 0 && nd > 0) {
        if (cascade) {
            bool handled = false;
            rc = sql__type_cascade_columns(env, &t->oid, 1, &handled, e);
            if (rc == 0 && !handled)
                rc = sql__ddl_unsupported(e, "DROP TABLE ... CASCADE of a row type views use");
        } else {
            rc = err_set_state(e, ERR_BUSY, "2BP01",
                               "cannot drop table %s because other objects depend on "
                               "it\nDETAIL:  %s\nHINT:  Use DROP ... CASCADE to drop the "
                               "dependent objects too.",
                               t->name, deps.data);
        }
    }
    sbuf_free(&deps);
    return rc;
}

int sql__rowtype_alter_check(struct sql_env *env, const struct sql_table_desc *t, bool rewrite,
                             struct err *e)
{
    if (t->kind != 'r' || t->matview)
        return 0;
    struct sbuf deps, first;
    sbuf_init(&deps);
    sbuf_init(&first);
    int nd = 0;
    int rc = sql__ctype_dependents(env, t->oid, t->name, &deps, &nd, &first, e);
    if (rc == 0 && nd > 0) {
        if (rewrite)
            rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                               "cannot alter table \"%s\" because column \"%s\" uses its row type",
                               t->name, first.data);
        else
            rc = sql__ddl_unsupported(e, "adding a column of a domain or composite type to a "
                                         "table whose row type a column uses");
    }
    sbuf_free(&deps);
    sbuf_free(&first);
    return rc;
}

int sql__rowtype_not_table(struct sql_env *env, const struct sql_rangevar *rv, struct err *e)
{
    uint32_t oid = 0, ns;
    char kind = 0;
    struct err le;
    err_clear(&le);
    if (sql__find_rel(env, rv->name.schema, rv->name.name, &oid, &kind, &ns, &le) != 0 ||
        oid == 0 || kind != 'c')
        return e->code;
    err_clear(e);
    return err_set_state(e, ERR_INVAL, "42809",
                         "\"%s\" is a composite type\nHINT:  Use ALTER TYPE instead.",
                         rv->name.name);
}
