/* ctype_alter.c — ALTER TYPE of a named composite type (ctype.h): ADD /
 * DROP / ALTER ATTRIBUTE (several at once), RENAME ATTRIBUTE, RENAME TO,
 * with PostgreSQL's errors. Stored values name their fields by id
 * (ctype.h), so ADD and DROP ATTRIBUTE need no rewrite of the columns
 * using the type; ALTER ATTRIBUTE TYPE is refused while a column uses it,
 * as PostgreSQL does. */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/domain.h"
#include "sql/env.h"
#include "sql/sql.h"
#include "sql/value_int.h"

#include <string.h>

/* A working copy of a composite type's fields. */
struct work {
    int n, cap;
    const char **names;
    uint32_t *types;
    int32_t *typmods;
    uint32_t *ids;
};

static void work_init(struct sql_env *env, struct work *w, const struct sql_ctype *t, int extra)
{
    w->n = t->n;
    w->cap = t->n + extra + 1;
    w->names = mem_alloc0(env->stmt_ctx, sizeof(*w->names) * (size_t)w->cap);
    w->types = mem_alloc0(env->stmt_ctx, sizeof(*w->types) * (size_t)w->cap);
    w->typmods = mem_alloc0(env->stmt_ctx, sizeof(*w->typmods) * (size_t)w->cap);
    w->ids = mem_alloc0(env->stmt_ctx, sizeof(*w->ids) * (size_t)w->cap);
    for (int i = 0; i < t->n; i++) {
        w->names[i] = t->names[i];
        w->types[i] = t->types[i];
        w->typmods[i] = t->typmods[i];
        w->ids[i] = t->ids[i];
    }
}

static int find_field(const struct work *w, const char *name)
{
    for (int i = 0; i < w->n; i++)
        if (strcmp(w->names[i], name) == 0)
            return i;
    return -1;
}

/* The type of a field as CREATE TYPE accepts it. */
static int field_type(struct sql_env *env, const struct sql_ctype *t,
                      const struct sql_type_attr_cmd *a, uint32_t *type, int32_t *typmod,
                      struct err *e)
{
    int serial = 0;
    uint32_t dom = 0;
    int rc = sql_type_resolve_domain(env, a->type, type, typmod, &serial, &dom, e);
    if (rc != 0)
        return rc;
    if (dom != 0)
        return sql__ddl_unsupported(e, "composite type fields of a domain type");
    if (serial)
        return err_set_state(e, ERR_INVAL, "42809",
                             "sequence cannot be owned by relation \"%s\"" SQL_NUM_DETAIL_SEP
                             "This operation is not supported for composite types.",
                             t->name);
    if (*type == SQL_T_RECORD && *typmod >= 0) {
        const struct sql_ctype *ft = sql__ctype_of_shape(*typmod);
        if (ft != NULL && ft->oid == t->oid)
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "composite type %s cannot be made a member of itself", t->name);
        return sql__ddl_unsupported(e, "composite type fields of a composite type");
    }
    if (*type == SQL_T_RECORD || sql_array_elemtype(*type) == SQL_T_RECORD)
        return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" has pseudo-type %s", a->name,
                             *type == SQL_T_RECORD ? "record" : "record[]");
    if (a->collation != NULL && strcmp(a->collation->name, "C") != 0 &&
        strcmp(a->collation->name, "default") != 0 && strcmp(a->collation->name, "POSIX") != 0)
        return sql__ddl_unsupported(e, "COLLATE other than \"C\"");
    return 0;
}

static int alter_attrs(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                       struct sql_ctype *nt, struct err *e)
{
    const struct sql_list *cmds = &st->u.type_ddl.attrs;
    struct work w;
    work_init(env, &w, t, cmds->n);
    for (int k = 0; k < cmds->n; k++) {
        const struct sql_type_attr_cmd *a = cmds->items[k];
        int f = find_field(&w, a->name);
        int rc;
        switch (a->op) {
        case 'A': {
            if ((rc = sql__ctype_key_alter_check(env, t->oid, t->name, e)) != 0)
                return rc;
            if (f >= 0)
                return err_set_state(e, ERR_EXISTS, "42701",
                                     "column \"%s\" of relation \"%s\" already exists", a->name,
                                     t->name);
            if (strlen(a->name) > SQL_NAME_MAX)
                return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", a->name);
            if (w.n >= 1600)
                return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most 1600 columns");
            if ((rc = field_type(env, t, a, &w.types[w.n], &w.typmods[w.n], e)) != 0)
                return rc;
            w.names[w.n] = a->name;
            w.ids[w.n] = nt->next_id++;
            w.n++;
            break;
        }
        case 'D':
            if (f < 0) {
                if (a->if_exists) {
                    rc = sql__ddl_notice(
                        env, "00000", "column \"%s\" of relation \"%s\" does not exist, skipping",
                        a->name, t->name);
                    if (rc != 0)
                        return rc;
                    break;
                }
                return err_set_state(e, ERR_NOTFOUND, "42703",
                                     "column \"%s\" of relation \"%s\" does not exist", a->name,
                                     t->name);
            }
            if ((rc = sql__ctype_key_alter_check(env, t->oid, t->name, e)) != 0)
                return rc;
            memmove(&w.names[f], &w.names[f + 1], sizeof(*w.names) * (size_t)(w.n - f - 1));
            memmove(&w.types[f], &w.types[f + 1], sizeof(*w.types) * (size_t)(w.n - f - 1));
            memmove(&w.typmods[f], &w.typmods[f + 1], sizeof(*w.typmods) * (size_t)(w.n - f - 1));
            memmove(&w.ids[f], &w.ids[f + 1], sizeof(*w.ids) * (size_t)(w.n - f - 1));
            w.n--;
            break;
        case 'T': {
            if (f < 0)
                return err_set_state(e, ERR_NOTFOUND, "42703",
                                     "column \"%s\" of relation \"%s\" does not exist", a->name,
                                     t->name);
            struct sbuf deps, first;
            sbuf_init(&deps);
            sbuf_init(&first);
            int nd = 0;
            rc = sql__ctype_dependents(env, t->oid, t->name, &deps, &nd, &first, e);
            if (rc == 0 && nd > 0)
                rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                   "cannot alter type \"%s\" because column \"%s\" uses it",
                                   t->name, first.data);
            sbuf_free(&deps);
            sbuf_free(&first);
            if (rc != 0)
                return rc;
            if ((rc = field_type(env, t, a, &w.types[f], &w.typmods[f], e)) != 0)
                return rc;
            break;
        }
        default:
            return err_set(e, ERR_INTERNAL, "bad ALTER TYPE action");
        }
    }
    nt->n = w.n;
    nt->names = w.names;
    nt->types = w.types;
    nt->typmods = w.typmods;
    nt->ids = w.ids;
    return 0;
}

static int rename_attr(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                       struct sql_ctype *nt, struct err *e)
{
    struct work w;
    work_init(env, &w, t, 0);
    const char *from = st->u.type_ddl.value, *to = st->u.type_ddl.newname;
    int f = find_field(&w, from);
    if (f < 0)
        return err_set_state(e, ERR_NOTFOUND, "42703", "column \"%s\" does not exist", from);
    if (find_field(&w, to) >= 0)
        return err_set_state(e, ERR_EXISTS, "42701",
                             "column \"%s\" of relation \"%s\" already exists", to, t->name);
    if (strlen(to) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", to);
    w.names[f] = to;
    nt->names = w.names;
    nt->types = w.types;
    nt->typmods = w.typmods;
    nt->ids = w.ids;
    (void)env;
    return 0;
}

static int rename_to(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                     struct sql_ctype *nt, struct err *e)
{
    const char *to = st->u.type_ddl.newname;
    if (strlen(to) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", to);
    uint32_t old;
    char kind;
    int rc = sql__name_lookup(env, t->schema_oid, to, &old, &kind, e);
    if (rc != 0)
        return rc;
    if (old != 0) /* the name of its pg_class row */
        return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists", to);
    if ((rc = sql__name_delete(env, t->schema_oid, t->name, e)) != 0 ||
        (rc = sql__name_store(env, t->schema_oid, to, 'c', t->oid, e)) != 0)
        return rc;
    nt->name = to;
    return 0;
}

static int owner_to(struct sql_env *env, const struct sql_stmt *st, struct sql_ctype *nt,
                    struct err *e)
{
    const char *to;
    int rc = sql__owner_role(env, st->u.type_ddl.newname, &to, e); /* ddl_alter_meta.c */
    if (rc != 0)
        return rc;
    nt->owner = to;
    return 0;
}

static int set_schema(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                      struct sql_ctype *nt, struct err *e)
{
    const char *to = st->u.type_ddl.newname;
    uint32_t ns = 0;
    int rc = sql__schema_oid(env, to, &ns, e);
    if (rc != 0)
        return rc;
    if (ns == 0)
        return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", to);
    if (ns == t->schema_oid)
        return 0;
    if (ns == SQL_NS_PG_CATALOG || ns == SQL_NS_INFORMATION)
        return sql__ddl_unsupported(e, "ALTER TYPE ... SET SCHEMA into a system schema");
    uint32_t old;
    char kind;
    if ((rc = sql__name_lookup(env, ns, t->name, &old, &kind, e)) != 0)
        return rc;
    if (old != 0)
        return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists in schema \"%s\"",
                             t->name, to);
    if ((rc = sql__name_delete(env, t->schema_oid, t->name, e)) != 0 ||
        (rc = sql__name_store(env, ns, t->name, 'c', t->oid, e)) != 0)
        return rc;
    nt->schema_oid = ns;
    nt->schema = mem_strdup(env->stmt_ctx, to);
    return 0;
}

int sql__ctype_alter(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                     struct err *e)
{
    struct sql_ctype nt = *t;
    nt.version = t->version + 1;
    if (nt.next_id == 0)
        nt.next_id = (uint32_t)t->n + 1;
    int rc;
    switch (st->u.type_ddl.op) {
    case 'L':
        rc = alter_attrs(env, st, t, &nt, e);
        break;
    case 'R':
        rc = rename_attr(env, st, t, &nt, e);
        break;
    case 'n':
        rc = rename_to(env, st, t, &nt, e);
        break;
    case 'O':
        rc = owner_to(env, st, &nt, e);
        break;
    case 'S':
        rc = set_schema(env, st, t, &nt, e);
        break;
    default:
        return sql__ddl_unsupported(e, "this form of ALTER TYPE of a composite type");
    }
    if (rc != 0)
        return rc;
    return sql__ctype_store(env, &nt, e);
}
