/* parse_grant.c — GRANT / REVOKE (privileges and roles) into
 * SQL_STMT_GRANT (struct sql_grant, acl.h). ALTER DEFAULT PRIVILEGES and
 * the object kinds not built answer 0A000 naming them.
 */
#include "sql/acl.h"
#include "sql/parse_int.h"
#include "sql/sqlfn.h"

#include "common/err.h"
#include "common/mem.h"

#include <string.h>

int sql__cv_fref(struct sql__cv *cv, const pq_node *o, struct sql_fn_ref **out);

static int rolespecs(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
            return sql__malformed(cv, "role");
        const PgQuery__RoleSpec *r = items[i]->role_spec;
        struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
        switch (r->roletype) {
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
            q->name = mem_strdup(cv->ctx, r->rolename != NULL ? r->rolename : "");
            break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
            q->name = mem_strdup(cv->ctx, "CURRENT_ROLE");
            q->schema = "*"; /* marks a keyword, not a quoted name */
            break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
            q->name = mem_strdup(cv->ctx, "CURRENT_USER");
            q->schema = "*";
            break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
            q->name = mem_strdup(cv->ctx, "SESSION_USER");
            q->schema = "*";
            break;
        default:
            q->name = mem_strdup(cv->ctx, "PUBLIC");
            q->schema = "*";
        }
        out->items[i] = q;
    }
    return 0;
}

static const struct {
    const char *name;
    uint32_t bit;
} privnames[] = {
    {"select", SQL_ACL_SELECT},     {"insert", SQL_ACL_INSERT},
    {"update", SQL_ACL_UPDATE},     {"delete", SQL_ACL_DELETE},
    {"truncate", SQL_ACL_TRUNCATE}, {"references", SQL_ACL_REFERENCES},
    {"trigger", SQL_ACL_TRIGGER},   {"execute", SQL_ACL_EXECUTE},
    {"usage", SQL_ACL_USAGE},       {"create", SQL_ACL_CREATE},
    {"temporary", SQL_ACL_TEMP},    {"temp", SQL_ACL_TEMP},
    {"connect", SQL_ACL_CONNECT},
};

static const char *objtype_word(PgQuery__ObjectType t)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        return "GRANT ON TYPE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        return "GRANT ON DOMAIN";
    case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE:
        return "GRANT ON LANGUAGE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_LARGEOBJECT:
        return "GRANT ON LARGE OBJECT";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLESPACE:
        return "GRANT ON TABLESPACE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
        return "GRANT ON FOREIGN DATA WRAPPER";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER:
        return "GRANT ON FOREIGN SERVER";
    case PG_QUERY__OBJECT_TYPE__OBJECT_PARAMETER_ACL:
        return "GRANT ON PARAMETER";
    default:
        return "GRANT on this kind of object";
    }
}

static int cv_grant(struct sql__cv *cv, const PgQuery__GrantStmt *s, struct sql_stmt *st)
{
    struct sql_grant *g = mem_alloc0(cv->ctx, sizeof *g);
    g->is_grant = s->is_grant;
    switch (s->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        g->objtype = 'r';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        g->objtype = 'S';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        g->objtype = 'n';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        g->objtype = 'd';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
        g->objtype = 'f';
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
        return sql__unsupported(cv, "GRANT ON PROCEDURE");
    default:
        return sql__unsupported(cv, objtype_word(s->objtype));
    }
    if (s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_DEFAULTS)
        return sql__unsupported(cv, "ALTER DEFAULT PRIVILEGES");
    g->in_schema = s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA;
    g->all = s->n_privileges == 0;
    for (size_t i = 0; i < s->n_privileges; i++) {
        if (s->privileges[i]->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV)
            return sql__malformed(cv, "privilege");
        const PgQuery__AccessPriv *ap = s->privileges[i]->access_priv;
        const char *pn = ap->priv_name != NULL ? ap->priv_name : "";
        uint32_t bit = 0;
        for (size_t k = 0; k < sizeof privnames / sizeof privnames[0]; k++)
            if (strcmp(privnames[k].name, pn) == 0)
                bit = privnames[k].bit;
        if (ap->n_cols > 0) { /* PRIV (col, ...): column privileges */
            if (pn[0] == '\0')
                bit = SQL_ACL_COLUMN_PRIVS; /* ALL (col) */
            if (bit == 0 && g->bad_priv == NULL)
                g->bad_priv = mem_strdup(cv->ctx, pn);
            size_t nn = (size_t)g->ncol + ap->n_cols;
            g->col_privs =
                mem_realloc(cv->ctx, g->col_privs, sizeof *g->col_privs * (size_t)g->ncol,
                            sizeof *g->col_privs * nn);
            g->col_names =
                mem_realloc(cv->ctx, g->col_names, sizeof *g->col_names * (size_t)g->ncol,
                            sizeof *g->col_names * nn);
            for (size_t k = 0; k < ap->n_cols; k++) {
                if (ap->cols[k]->node_case != PG_QUERY__NODE__NODE_STRING)
                    return sql__malformed(cv, "column privilege");
                g->col_privs[g->ncol] = bit;
                g->col_names[g->ncol] = mem_strdup(cv->ctx, ap->cols[k]->string->sval);
                g->ncol++;
            }
            continue;
        }
        if (pn[0] == '\0') {
            g->all = true;
            continue;
        }
        if (bit == 0) {
            if (g->bad_priv == NULL)
                g->bad_priv = mem_strdup(cv->ctx, pn);
            continue;
        }
        g->privs |= bit;
        if (g->npriv_words < SQL_ACL_NBITS)
            g->priv_words[g->npriv_words++] = mem_strdup(cv->ctx, pn);
    }
    int rc = 0;
    sql__list_init(cv, &g->objects, s->n_objects);
    for (size_t i = 0; rc == 0 && i < s->n_objects; i++) {
        const pq_node *o = s->objects[i];
        if (g->objtype == 'f' && !g->in_schema) {
            rc = sql__cv_fref(cv, o, (struct sql_fn_ref **)&g->objects.items[i]);
            continue;
        }
        struct sql_qname *q = mem_alloc0(cv->ctx, sizeof *q);
        if (o->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            struct sql_rangevar *rv;
            rc = sql__cv_rangevar(cv, o->range_var, &rv);
            if (rc == 0)
                *q = rv->name;
        } else if (o->node_case == PG_QUERY__NODE__NODE_STRING) {
            q->name = mem_strdup(cv->ctx, o->string->sval);
        } else {
            rc = sql__malformed(cv, "GRANT object");
        }
        g->objects.items[i] = q;
    }
    if (rc == 0)
        rc = rolespecs(cv, s->grantees, s->n_grantees, &g->grantees);
    if (rc != 0)
        return rc;
    g->grant_option = s->grant_option;
    g->cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    if (s->grantor != NULL) {
        pq_node node = PG_QUERY__NODE__INIT;
        node.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
        node.role_spec = s->grantor;
        pq_node *np = &node;
        struct sql_list l;
        if ((rc = rolespecs(cv, &np, 1, &l)) != 0)
            return rc;
        g->grantor = ((struct sql_qname *)l.items[0])->name;
    }
    st->kind = SQL_STMT_GRANT;
    st->u.grant = g;
    return 0;
}

static int cv_grant_role(struct sql__cv *cv, const PgQuery__GrantRoleStmt *s, struct sql_stmt *st)
{
    struct sql_grant *g = mem_alloc0(cv->ctx, sizeof *g);
    g->is_grant = s->is_grant;
    g->roles = true;
    sql__list_init(cv, &g->objects, s->n_granted_roles);
    for (size_t i = 0; i < s->n_granted_roles; i++) {
        if (s->granted_roles[i]->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV)
            return sql__malformed(cv, "granted role");
        const PgQuery__AccessPriv *ap = s->granted_roles[i]->access_priv;
        struct sql_qname *q = mem_alloc0(cv->ctx, sizeof *q);
        q->name = mem_strdup(cv->ctx, ap->priv_name != NULL ? ap->priv_name : "");
        g->objects.items[i] = q;
    }
    int rc = rolespecs(cv, s->grantee_roles, s->n_grantee_roles, &g->grantees);
    if (rc != 0)
        return rc;
    g->grant_option = s->admin_opt;
    g->cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    if (s->grantor != NULL) {
        pq_node node = PG_QUERY__NODE__INIT;
        node.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
        node.role_spec = s->grantor;
        pq_node *np = &node;
        struct sql_list l;
        if ((rc = rolespecs(cv, &np, 1, &l)) != 0)
            return rc;
        g->grantor = ((struct sql_qname *)l.items[0])->name;
    }
    st->kind = SQL_STMT_GRANT;
    st->u.grant = g;
    return 0;
}

int sql__cv_grant(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_GRANT_STMT:
        return cv_grant(cv, n->grant_stmt, st);
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
        return cv_grant_role(cv, n->grant_role_stmt, st);
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
        return sql__unsupported(cv, "ALTER DEFAULT PRIVILEGES");
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
        return sql__unsupported(cv, "row-level security policies");
    default:
        return 1;
    }
}
