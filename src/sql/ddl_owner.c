/* ddl_owner.c — ALTER SCHEMA / DOMAIN / DATABASE / TYPE ... OWNER TO.
 *
 * Relations change owner as ALTER TABLE commands (ddl_alter_meta.c),
 * functions through ALTER FUNCTION (ddl_function.c) and composite types in
 * ctype_alter.c. Here: the objects whose records carry an owner name and
 * no other ALTER path: schemas, databases, enum types and domains. Each
 * rewrite goes through the DDL transaction, so BEGIN ... ROLLBACK undoes
 * it. pg_dump writes one of these after every object it creates. */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/acl.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"

#include <stdio.h>
#include <string.h>

static int schema_owner(struct sql_env *env, const char *name, const char *owner, struct err *e)
{
    struct sql_schema_desc sd;
    bool found = false;
    int rc = sql_cat_schema(env, name, &sd, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", name);
    if (strcmp(sd.owner, owner) == 0)
        return 0;
    if ((rc = sql__acl_check_owner(env, sd.owner, "schema", sd.name, e)) != 0 ||
        (rc = sql__acl_owner_to(env, 'n', sd.oid, NULL, sd.owner, owner, e)) != 0)
        return rc; /* acl.h: the owner's, a member of the new owner; the ACL follows */
    uint32_t db;
    if ((rc = sql__db_oid(env, &db, e)) != 0)
        return rc;
    return sql__schema_store(env, db, sd.name, sd.oid, owner, e);
}

static int database_owner(struct sql_env *env, const char *name, const char *owner, struct err *e)
{
    struct sql_db_desc d;
    bool found = false;
    int rc = sql__db_get_txn(env->txn, env->stmt_ctx, name, &d, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "3D000", "database \"%s\" does not exist", name);
    if (strcmp(d.owner, owner) == 0)
        return 0;
    if ((rc = sql__acl_check_owner(env, d.owner, "database", d.name, e)) != 0 ||
        (rc = sql__acl_owner_to(env, 'd', d.oid, NULL, d.owner, owner, e)) != 0)
        return rc;
    snprintf(d.owner, sizeof(d.owner), "%s", owner);
    env->txn_did_ddl = true;
    return sql__db_put_txn(env->txn, &d, e);
}

int sql__alter_type_owner(struct sql_env *env, const struct sql_qname *q, const char *owner,
                          bool domain_stmt, struct err *e)
{
    uint32_t oid = 0, ns;
    char kind = 0;
    struct err le;
    err_clear(&le);
    int rc = sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, &le);
    if (rc != 0 && le.code != ERR_NOTFOUND) {
        *e = le;
        return rc;
    }
    if (rc != 0 && q->schema != NULL) { /* the schema is missing */
        *e = le;
        return rc;
    }
    if (oid == 0 || (kind != 'e' && kind != 'd'))
        return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s\" does not exist", q->name);
    if (domain_stmt && kind != 'd')
        return err_set_state(e, ERR_INVAL, "42809", "%s is not a domain", q->name);
    return kind == 'e' ? sql__enum_set_owner(env, oid, owner, e)
                       : sql__domain_set_owner(env, oid, owner, e);
}

int sql__alter_owner(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                     struct err *e)
{
    char objtype = st->u.alter_owner.objtype;
    sbuf_puts(tag, objtype == 'n'   ? "ALTER SCHEMA"
                   : objtype == 'D' ? "ALTER DOMAIN"
                                    : "ALTER DATABASE");
    const char *owner;
    int rc = sql__owner_role(env, st->u.alter_owner.newowner, &owner, e);
    if (rc != 0)
        return rc;
    const struct sql_qname *q = &st->u.alter_owner.name;
    switch (objtype) {
    case 'n':
        return schema_owner(env, q->name, owner, e);
    case 'd':
        return database_owner(env, q->name, owner, e);
    default:
        return sql__alter_type_owner(env, q, owner, true, e);
    }
}
