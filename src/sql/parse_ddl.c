/* parse_ddl.c — converting DDL (CREATE/ALTER/DROP ...) and utility
 * statements (transactions, SET/SHOW, EXPLAIN, COPY, VACUUM, PREPARE...).
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"

#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cv_option(struct sql__cv *cv, const PgQuery__DefElem *d, struct sql_option *o)
{
    o->ns = sql__strdup(cv, d->defnamespace);
    o->name = mem_strdup(cv->ctx, d->defname != NULL ? d->defname : "");
    o->location = d->location;
    const pq_node *a = d->arg;
    if (a == NULL || a->node_case == PG_QUERY__NODE__NODE__NOT_SET) {
        o->kind = SQL_OPT_NONE;
        return 0;
    }
    switch (a->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
        o->kind = SQL_OPT_STRING;
        o->str = mem_strdup(cv->ctx, a->string->sval);
        return 0;
    case PG_QUERY__NODE__NODE_INTEGER:
        o->kind = SQL_OPT_INT;
        o->ival = a->integer->ival;
        return 0;
    case PG_QUERY__NODE__NODE_FLOAT:
        o->kind = SQL_OPT_NUMERIC;
        o->str = mem_strdup(cv->ctx, a->float_->fval);
        return 0;
    case PG_QUERY__NODE__NODE_BOOLEAN:
        o->kind = SQL_OPT_BOOL;
        o->bval = a->boolean->boolval;
        return 0;
    case PG_QUERY__NODE__NODE_TYPE_NAME:
        o->kind = SQL_OPT_TYPE;
        return sql__cv_typename(cv, a->type_name, &o->type);
    case PG_QUERY__NODE__NODE_A_STAR:
        o->kind = SQL_OPT_STAR;
        return 0;
    case PG_QUERY__NODE__NODE_LIST:
        /* Names (OWNED BY t.c, FORCE_QUOTE (a, b)) or roles (IN ROLE a, b). */
        o->kind = SQL_OPT_LIST;
        sql__list_init(cv, &o->list, a->list->n_items);
        for (size_t i = 0; i < a->list->n_items; i++) {
            const pq_node *it = a->list->items[i];
            if (it->node_case == PG_QUERY__NODE__NODE_STRING)
                o->list.items[i] = mem_strdup(cv->ctx, it->string->sval);
            else if (it->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC &&
                     it->role_spec->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
                o->list.items[i] = mem_strdup(
                    cv->ctx, it->role_spec->rolename != NULL ? it->role_spec->rolename : "");
            else
                return sql__unsupported(cv, "option value of this form");
        }
        return 0;
    case PG_QUERY__NODE__NODE_A_CONST: {
        const PgQuery__AConst *c = a->a_const;
        switch (c->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
            o->kind = SQL_OPT_INT;
            o->ival = c->ival->ival;
            return 0;
        case PG_QUERY__A__CONST__VAL_SVAL:
            o->kind = SQL_OPT_STRING;
            o->str = mem_strdup(cv->ctx, c->sval->sval);
            return 0;
        case PG_QUERY__A__CONST__VAL_BOOLVAL:
            o->kind = SQL_OPT_BOOL;
            o->bval = c->boolval->boolval;
            return 0;
        case PG_QUERY__A__CONST__VAL_FVAL:
            o->kind = SQL_OPT_NUMERIC;
            o->str = mem_strdup(cv->ctx, c->fval->fval);
            return 0;
        default:
            break;
        }
        break;
    }
    default:
        break;
    }
    return sql__unsupported(cv, "option value of this form");
}

int sql__cv_options(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            return sql__malformed(cv, "option");
        struct sql_option *o = mem_alloc0(cv->ctx, sizeof(*o));
        int rc = cv_option(cv, items[i]->def_elem, o);
        if (rc != 0)
            return rc;
        out->items[i] = o;
    }
    return 0;
}

static enum sql_drop_behavior behavior(PgQuery__DropBehavior b)
{
    return b == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE    ? SQL_DROP_CASCADE
           : b == PG_QUERY__DROP_BEHAVIOR__DROP_RESTRICT ? SQL_DROP_RESTRICT
                                                         : SQL_DROP_DEFAULT;
}

/* A column's constraint list: DEFERRABLE, NOT DEFERRABLE, INITIALLY
 * DEFERRED / IMMEDIATE come as separate items that qualify the constraint
 * before them (PostgreSQL's transformConstraintAttrs, with its errors). */
struct attr_state {
    struct sql_constraint *last;
    bool saw_deferrability, saw_initially;
};

static int deferrable_unique(struct sql__cv *cv)
{
    return sql__unsupported(cv, "DEFERRABLE unique and primary key constraints");
}

static int attr_error(struct sql__cv *cv, const PgQuery__Constraint *c, const char *msg)
{
    cv->err_location = c->location;
    return err_set_state(cv->e, ERR_INVAL, "42601", "%s", msg);
}

/* 1: c is not an attribute (convert it); 0: applied to as->last. */
static int constraint_attr(struct sql__cv *cv, const PgQuery__Constraint *c, struct attr_state *as)
{
    struct sql_constraint *k = as->last;
    bool ok = k != NULL && (k->kind == SQL_CONSTR_PRIMARY || k->kind == SQL_CONSTR_UNIQUE ||
                            k->kind == SQL_CONSTR_FOREIGN);
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        if (!ok)
            return attr_error(cv, c, "misplaced DEFERRABLE clause");
        if (as->saw_deferrability)
            return attr_error(cv, c, "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed");
        as->saw_deferrability = true;
        k->deferrable = true;
        return k->kind == SQL_CONSTR_FOREIGN ? 0 : deferrable_unique(cv);
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
        if (!ok)
            return attr_error(cv, c, "misplaced NOT DEFERRABLE clause");
        if (as->saw_deferrability)
            return attr_error(cv, c, "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed");
        as->saw_deferrability = true;
        k->deferrable = false;
        if (as->saw_initially && k->initially_deferred)
            return attr_error(cv, c, "constraint declared INITIALLY DEFERRED must be DEFERRABLE");
        return 0;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
        if (!ok)
            return attr_error(cv, c, "misplaced INITIALLY DEFERRED clause");
        if (as->saw_initially)
            return attr_error(cv, c, "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed");
        as->saw_initially = true;
        k->initially_deferred = true;
        if (!as->saw_deferrability)
            k->deferrable = true;
        else if (!k->deferrable)
            return attr_error(cv, c, "constraint declared INITIALLY DEFERRED must be DEFERRABLE");
        return k->kind == SQL_CONSTR_FOREIGN ? 0 : deferrable_unique(cv);
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
        if (!ok)
            return attr_error(cv, c, "misplaced INITIALLY IMMEDIATE clause");
        if (as->saw_initially)
            return attr_error(cv, c, "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed");
        as->saw_initially = true;
        k->initially_deferred = false;
        return 0;
    default:
        return 1;
    }
}

static int cv_constraint(struct sql__cv *cv, const PgQuery__Constraint *c,
                         struct sql_constraint **out)
{
    struct sql_constraint *k = mem_alloc0(cv->ctx, sizeof(*k));
    int rc = 0;
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        k->kind = SQL_CONSTR_NULL;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        k->kind = SQL_CONSTR_NOT_NULL;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        k->kind = SQL_CONSTR_DEFAULT;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        k->kind = SQL_CONSTR_IDENTITY;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        k->kind = SQL_CONSTR_GENERATED;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        k->kind = SQL_CONSTR_CHECK;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        k->kind = SQL_CONSTR_PRIMARY;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        k->kind = SQL_CONSTR_UNIQUE;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        k->kind = SQL_CONSTR_FOREIGN;
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        return sql__unsupported(cv, "EXCLUDE constraints");
    default:
        return sql__unsupported(cv, "constraint attributes DEFERRABLE / INITIALLY");
    }
    if (c->indexname != NULL && c->indexname[0] != '\0')
        return sql__unsupported(cv, "constraints USING INDEX");
    if (c->where_clause != NULL)
        return sql__unsupported(cv, "constraints with WHERE");
    if (c->n_fk_del_set_cols > 0)
        return sql__unsupported(cv, "ON DELETE SET NULL/DEFAULT with a column list");
    k->name = sql__strdup(cv, c->conname);
    k->location = c->location;
    k->generated_when = c->generated_when != NULL ? c->generated_when[0] : '\0';
    k->match = c->fk_matchtype != NULL ? c->fk_matchtype[0] : '\0';
    k->on_update = c->fk_upd_action != NULL ? c->fk_upd_action[0] : '\0';
    k->on_delete = c->fk_del_action != NULL ? c->fk_del_action[0] : '\0';
    k->deferrable = c->deferrable;
    k->initially_deferred = c->initdeferred;
    if (k->deferrable && (k->kind == SQL_CONSTR_PRIMARY || k->kind == SQL_CONSTR_UNIQUE))
        return deferrable_unique(cv);
    k->no_inherit = c->is_no_inherit;
    k->nulls_not_distinct = c->nulls_not_distinct;
    k->not_valid = c->skip_validation;
    rc = sql__cv_expr_opt(cv, c->raw_expr, &k->expr);
    if (rc == 0)
        rc = sql__cv_names(cv, c->keys, c->n_keys, &k->keys);
    if (rc == 0)
        rc = sql__cv_names(cv, c->including, c->n_including, &k->include);
    if (rc == 0)
        rc = sql__cv_options(cv, c->options, c->n_options, &k->options);
    if (rc == 0 && c->pktable != NULL)
        rc = sql__cv_rangevar(cv, c->pktable, &k->ref_table);
    if (rc == 0)
        rc = sql__cv_names(cv, c->fk_attrs, c->n_fk_attrs, &k->fk_cols);
    if (rc == 0)
        rc = sql__cv_names(cv, c->pk_attrs, c->n_pk_attrs, &k->ref_cols);
    if (rc != 0)
        return rc;
    *out = k;
    return 0;
}

static int cv_coldef(struct sql__cv *cv, const PgQuery__ColumnDef *c, struct sql_column_def **out)
{
    struct sql_column_def *d = mem_alloc0(cv->ctx, sizeof(*d));
    d->name = mem_strdup(cv->ctx, c->colname != NULL ? c->colname : "");
    d->location = c->location;
    if (c->compression != NULL && c->compression[0] != '\0')
        return sql__unsupported(cv, "COMPRESSION");
    if (c->n_fdwoptions > 0)
        return sql__unsupported(cv, "column OPTIONS");
    int rc = c->type_name != NULL ? sql__cv_typename(cv, c->type_name, &d->type) : 0;
    if (rc != 0)
        return rc;
    if (c->coll_clause != NULL) {
        d->collation = mem_alloc0(cv->ctx, sizeof(*d->collation));
        rc = sql__cv_qname(cv, c->coll_clause->collname, c->coll_clause->n_collname, d->collation);
        if (rc != 0)
            return rc;
    }
    sql__list_init(cv, &d->constraints, c->n_constraints);
    struct attr_state as = {0};
    int nk = 0;
    for (size_t i = 0; i < c->n_constraints; i++) {
        if (c->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return sql__malformed(cv, "column constraint");
        const PgQuery__Constraint *pc = c->constraints[i]->constraint;
        rc = constraint_attr(cv, pc, &as);
        if (rc == 1) {
            rc = cv_constraint(cv, pc, (struct sql_constraint **)&d->constraints.items[nk]);
            as.last = d->constraints.items[nk++];
            as.saw_deferrability = as.saw_initially = false;
        }
        if (rc != 0)
            return rc;
    }
    d->constraints.n = nk;
    *out = d;
    return 0;
}

/* ON COMMIT of CREATE [TEMP] TABLE (AS): 0 none, 'p' PRESERVE ROWS, 'd'
 * DELETE ROWS, 'D' DROP. */
static char cv_on_commit(PgQuery__OnCommitAction a)
{
    switch (a) {
    case PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_PRESERVE_ROWS:
        return 'p';
    case PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DELETE_ROWS:
        return 'd';
    case PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP:
        return 'D';
    default:
        return 0;
    }
}

static int cv_create_table(struct sql__cv *cv, const PgQuery__CreateStmt *s, struct sql_stmt *st)
{
    if (s->n_inh_relations > 0)
        return sql__unsupported(cv, "INHERITS");
    if (s->partspec != NULL || s->partbound != NULL)
        return sql__unsupported(cv, "partitioned tables");
    if (s->of_typename != NULL)
        return sql__unsupported(cv, "CREATE TABLE OF type");
    if (s->tablespacename != NULL && s->tablespacename[0] != '\0')
        return sql__unsupported(cv, "TABLESPACE");
    if (s->access_method != NULL && s->access_method[0] != '\0')
        return sql__unsupported(cv, "CREATE TABLE USING access method");
    st->kind = SQL_STMT_CREATE_TABLE;
    st->u.create_table.if_not_exists = s->if_not_exists;
    st->u.create_table.on_commit = cv_on_commit(s->oncommit);
    int rc = sql__cv_rangevar(cv, s->relation, &st->u.create_table.table);
    if (rc == 0)
        rc = sql__cv_options(cv, s->options, s->n_options, &st->u.create_table.options);
    if (rc != 0)
        return rc;
    size_t ncol = 0, ncon = 0, nlike = 0;
    for (size_t i = 0; i < s->n_table_elts; i++) {
        if (s->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            ncol++;
        else if (s->table_elts[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            ncon++;
        else if (s->table_elts[i]->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE)
            nlike++;
        else
            return sql__unsupported_node(cv, s->table_elts[i]);
    }
    ncon += s->n_constraints;
    sql__list_init(cv, &st->u.create_table.columns, ncol);
    sql__list_init(cv, &st->u.create_table.constraints, ncon);
    sql__list_init(cv, &st->u.create_table.likes, nlike);
    ncol = ncon = nlike = 0;
    for (size_t i = 0; i < s->n_table_elts + s->n_constraints; i++) {
        const pq_node *el =
            i < s->n_table_elts ? s->table_elts[i] : s->constraints[i - s->n_table_elts];
        if (el->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            rc = cv_coldef(cv, el->column_def,
                           (struct sql_column_def **)&st->u.create_table.columns.items[ncol++]);
        else if (el->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            rc = cv_constraint(
                cv, el->constraint,
                (struct sql_constraint **)&st->u.create_table.constraints.items[ncon++]);
        else if (el->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
            struct sql_table_like *l = mem_alloc0(cv->ctx, sizeof(*l));
            l->options = el->table_like_clause->options;
            l->ncols_before = (int)ncol;
            st->u.create_table.likes.items[nlike++] = l;
            rc = sql__cv_rangevar(cv, el->table_like_clause->relation, &l->rel);
        } else
            rc = sql__malformed(cv, "table element");
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int object_type(PgQuery__ObjectType t, enum sql_object_type *out)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        *out = SQL_OBJ_TABLE;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        *out = SQL_OBJ_INDEX;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        *out = SQL_OBJ_SEQUENCE;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        *out = SQL_OBJ_VIEW;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        *out = SQL_OBJ_SCHEMA;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        *out = SQL_OBJ_DATABASE;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE:
        *out = SQL_OBJ_ROLE;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        *out = SQL_OBJ_COLUMN;
        return 0;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        *out = SQL_OBJ_MATVIEW;
        return 0;
    default:
        return -1;
    }
}

static const char *object_word(PgQuery__ObjectType t)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
        return "FUNCTION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        return "TRIGGER";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        return "TYPE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
        return "EXTENSION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        return "MATERIALIZED VIEW";
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        return "DOMAIN";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        return "FOREIGN TABLE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
        return "PROCEDURE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        return "RULE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        return "POLICY";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
        return "CONSTRAINT";
    default:
        return "this object type";
    }
}

/* DROP of object types that cannot be created here: the word PostgreSQL's
 * messages use and the shape of the names, or NULL. */
static const char *other_object(PgQuery__ObjectType t, char *form)
{
    *form = 'n';
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
        return "collation";
    case PG_QUERY__OBJECT_TYPE__OBJECT_CONVERSION:
        return "conversion";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSPARSER:
        return "text search parser";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSDICTIONARY:
        return "text search dictionary";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSTEMPLATE:
        return "text search template";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TSCONFIGURATION:
        return "text search configuration";
    case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT:
        return "statistics object";
    case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE:
        return "language";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FDW:
        return "foreign-data wrapper";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_SERVER:
        return "server";
    case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION:
        return "publication";
    case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER:
        return "event trigger";
    case PG_QUERY__OBJECT_TYPE__OBJECT_ACCESS_METHOD:
        return "access method";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        *form = 'r';
        return "trigger";
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        *form = 'r';
        return "rule";
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        *form = 'r';
        return "policy";
    case PG_QUERY__OBJECT_TYPE__OBJECT_OPCLASS:
        *form = 'a';
        return "operator class";
    case PG_QUERY__OBJECT_TYPE__OBJECT_OPFAMILY:
        *form = 'a';
        return "operator family";
    default:
        return NULL;
    }
}

/* "ALTER <object type> ... RENAME" of a form that is not built (its 0A000). */
static const char *rename_form(struct sql__cv *cv, PgQuery__ObjectType t)
{
    char form;
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        return "ALTER SCHEMA ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        return "ALTER DATABASE ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE:
        return "ALTER ROLE ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
        return "ALTER FUNCTION ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
        return "ALTER PROCEDURE ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
        return "ALTER ROUTINE ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
        return "ALTER AGGREGATE ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        return "ALTER FOREIGN TABLE ... RENAME";
    case PG_QUERY__OBJECT_TYPE__OBJECT_SUBSCRIPTION:
        return "ALTER SUBSCRIPTION ... RENAME";
    default: {
        const char *w = other_object(t, &form);
        if (w == NULL)
            return "this form of ALTER ... RENAME";
        char *r = mem_printf(cv->ctx, "ALTER %s ... RENAME",
                             strcmp(w, "foreign-data wrapper") == 0 ? "foreign data wrapper"
                             : strcmp(w, "statistics object") == 0  ? "statistics"
                                                                    : w);
        for (char *p = r; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        return r;
    }
    }
}

static int cv_drop_other(struct sql__cv *cv, const PgQuery__DropStmt *s, struct sql_stmt *st)
{
    st->u.drop.objtype = SQL_OBJ_OTHER;
    st->u.drop.if_exists = s->missing_ok;
    st->u.drop.behavior = behavior(s->behavior);
    sql__list_init(cv, &st->u.drop.parts, s->n_objects);
    for (size_t i = 0; i < s->n_objects; i++) {
        const pq_node *o = s->objects[i];
        struct sql_list *l = mem_alloc0(cv->ctx, sizeof(*l));
        int rc;
        if (o->node_case == PG_QUERY__NODE__NODE_LIST)
            rc = sql__cv_names(cv, o->list->items, o->list->n_items, l);
        else if (o->node_case == PG_QUERY__NODE__NODE_STRING)
            rc = sql__cv_names(cv, (pq_node **)&s->objects[i], 1, l);
        else
            rc = sql__malformed(cv, "DROP object");
        if (rc != 0)
            return rc;
        if (l->n < (st->u.drop.form == 'n' ? 1 : 2))
            return sql__malformed(cv, "DROP object");
        st->u.drop.parts.items[i] = l;
    }
    return 0;
}

static int cv_drop(struct sql__cv *cv, const PgQuery__DropStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_DROP;
    st->u.drop.what = other_object(s->remove_type, &st->u.drop.form);
    if (st->u.drop.what != NULL)
        return cv_drop_other(cv, s, st);
    if (object_type(s->remove_type, &st->u.drop.objtype) != 0 ||
        st->u.drop.objtype == SQL_OBJ_COLUMN) {
        char buf[64];
        snprintf(buf, sizeof(buf), "DROP %s", object_word(s->remove_type));
        return sql__unsupported(cv, buf);
    }
    st->u.drop.if_exists = s->missing_ok;
    st->u.drop.concurrent = s->concurrent;
    st->u.drop.behavior = behavior(s->behavior);
    sql__list_init(cv, &st->u.drop.names, s->n_objects);
    for (size_t i = 0; i < s->n_objects; i++) {
        const pq_node *o = s->objects[i];
        struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
        int rc;
        if (o->node_case == PG_QUERY__NODE__NODE_LIST)
            rc = sql__cv_qname(cv, o->list->items, o->list->n_items, q);
        else if (o->node_case == PG_QUERY__NODE__NODE_STRING)
            rc = sql__cv_qname(cv, (pq_node **)&s->objects[i], 1, q);
        else
            rc = sql__malformed(cv, "DROP object");
        if (rc != 0)
            return rc;
        st->u.drop.names.items[i] = q;
    }
    return 0;
}

static int cv_rolespecs(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
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
            break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
            q->name = mem_strdup(cv->ctx, "CURRENT_USER");
            break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
            q->name = mem_strdup(cv->ctx, "SESSION_USER");
            break;
        default:
            q->name = mem_strdup(cv->ctx, "PUBLIC");
        }
        out->items[i] = q;
    }
    return 0;
}

/* The name of an ALTER TABLE form that is not built (its 0A000). */
static const char *alter_form_name(PgQuery__AlterTableType t)
{
    switch (t) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
        return "ALTER TABLE ... ATTACH PARTITION";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
        return "ALTER TABLE ... DETACH PARTITION";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
        return "ALTER TABLE ... INHERIT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
        return "ALTER TABLE ... NO INHERIT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf:
        return "ALTER TABLE ... OF";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf:
        return "ALTER TABLE ... NOT OF";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
        return "ALTER TABLE ... ENABLE/DISABLE ROW LEVEL SECURITY";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
        return "ALTER TABLE ... [NO] FORCE ROW LEVEL SECURITY";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_GenericOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnGenericOptions:
        return "ALTER TABLE ... OPTIONS";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIndexConstraint:
        return "constraints USING INDEX";
    default:
        return "this form of ALTER TABLE";
    }
}

static int cv_alter_cmd(struct sql__cv *cv, const PgQuery__AlterTableCmd *c,
                        struct sql_alter_cmd **out)
{
    struct sql_alter_cmd *a = mem_alloc0(cv->ctx, sizeof(*a));
    int rc = 0;
    a->name = sql__strdup(cv, c->name);
    a->if_exists = c->missing_ok;
    a->behavior = behavior(c->behavior);
    switch (c->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        a->kind = SQL_ALTER_ADD_COLUMN;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            return sql__malformed(cv, "ADD COLUMN");
        rc = cv_coldef(cv, c->def->column_def, &a->column);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        a->kind = SQL_ALTER_DROP_COLUMN;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        a->kind = SQL_ALTER_ADD_CONSTRAINT;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return sql__malformed(cv, "ADD CONSTRAINT");
        rc = cv_constraint(cv, c->def->constraint, &a->constraint);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        a->kind = SQL_ALTER_DROP_CONSTRAINT;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        a->kind = c->def != NULL ? SQL_ALTER_SET_DEFAULT : SQL_ALTER_DROP_DEFAULT;
        rc = sql__cv_expr_opt(cv, c->def, &a->expr);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        a->kind = SQL_ALTER_SET_NOT_NULL;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        a->kind = SQL_ALTER_DROP_NOT_NULL;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
        a->kind = SQL_ALTER_TYPE;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            return sql__malformed(cv, "ALTER COLUMN TYPE");
        const PgQuery__ColumnDef *d = c->def->column_def;
        if (d->coll_clause != NULL)
            return sql__unsupported(cv, "ALTER COLUMN TYPE ... COLLATE");
        rc = sql__cv_typename(cv, d->type_name, &a->type);
        if (rc == 0)
            rc = sql__cv_expr_opt(cv, d->raw_default, &a->expr);
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        a->kind = SQL_ALTER_DROP_EXPRESSION;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        a->kind = SQL_ALTER_VALIDATE_CONSTRAINT;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
        a->kind = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions ||
                          c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions
                      ? SQL_ALTER_SET_RELOPTIONS
                      : SQL_ALTER_SET_COLOPTIONS;
        a->flag = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions ||
                  c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "SET (...)");
        rc = sql__cv_options(cv, c->def->list->items, c->def->list->n_items, &a->options);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
        a->kind = SQL_ALTER_SET_PERSISTENCE;
        a->ch = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged ? 'p' : 'u';
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity: {
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT)
            return sql__malformed(cv, "REPLICA IDENTITY");
        const PgQuery__ReplicaIdentityStmt *ri = c->def->replica_identity_stmt;
        a->kind = SQL_ALTER_REPLICA_IDENTITY;
        a->ch = ri->identity_type != NULL && ri->identity_type[0] ? ri->identity_type[0] : 'd';
        a->str = sql__strdup(cv, ri->name);
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: {
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return sql__malformed(cv, "ALTER CONSTRAINT");
        const PgQuery__Constraint *k = c->def->constraint;
        a->kind = SQL_ALTER_ALTER_CONSTRAINT;
        a->name = sql__strdup(cv, k->conname);
        a->flag = k->deferrable;
        a->flag2 = k->initdeferred;
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
        a->kind = SQL_ALTER_SET_STATISTICS;
        a->num = c->num;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_INTEGER)
            return sql__malformed(cv, "SET STATISTICS");
        a->ival = c->def->integer->ival;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
        a->kind = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage
                      ? SQL_ALTER_SET_STORAGE
                      : SQL_ALTER_SET_COMPRESSION;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_STRING)
            return sql__malformed(cv, "SET STORAGE");
        a->str = sql__strdup(cv, c->def->string->sval);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
        a->kind = SQL_ALTER_CLUSTER_ON;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
        a->kind = SQL_ALTER_DROP_CLUSTER;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOids:
        a->kind = SQL_ALTER_NOOP;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
        a->kind = SQL_ALTER_NOOP;
        a->ch = 't';
        a->str = sql__strdup(cv, c->name);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
        a->kind = SQL_ALTER_NOOP;
        a->ch = 'm';
        a->str = sql__strdup(cv, c->name);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: {
        struct sql_list l;
        pq_node node = PG_QUERY__NODE__INIT;
        node.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
        node.role_spec = c->newowner;
        pq_node *np = &node;
        if (c->newowner == NULL)
            return sql__malformed(cv, "OWNER TO");
        rc = cv_rolespecs(cv, &np, 1, &l);
        if (rc == 0) {
            a->kind = SQL_ALTER_OWNER;
            a->str = ((struct sql_qname *)l.items[0])->name;
        }
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
        a->kind = SQL_ALTER_TRIGGER;
        a->flag = c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig;
        a->num = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig    ? 'A'
                 : c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig ? 'R'
                                                                                  : 0;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
        a->kind = SQL_ALTER_TRIGGER;
        a->ch = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll ||
                        c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll
                    ? 'a'
                    : 'u';
        a->flag = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll ||
                  c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
        a->kind = SQL_ALTER_RULE;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        a->kind = SQL_ALTER_ADD_IDENTITY;
        if (c->def == NULL || c->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return sql__malformed(cv, "ADD GENERATED AS IDENTITY");
        rc = cv_constraint(cv, c->def->constraint, &a->constraint);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        a->kind = SQL_ALTER_SET_IDENTITY;
        if (c->def != NULL && c->def->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "SET GENERATED");
        if (c->def != NULL)
            rc = sql__cv_options(cv, c->def->list->items, c->def->list->n_items, &a->options);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        a->kind = SQL_ALTER_DROP_IDENTITY;
        break;
    default:
        return sql__unsupported(cv, alter_form_name(c->subtype));
    }
    if (rc != 0)
        return rc;
    *out = a;
    return 0;
}

static int cv_txn_modes(struct sql__cv *cv, pq_node **items, size_t n, struct sql_txn_modes *m)
{
    m->isolation = SQL_ISO_DEFAULT;
    m->read_only = -1;
    m->deferrable = -1;
    struct sql_list opts;
    int rc = sql__cv_options(cv, items, n, &opts);
    if (rc != 0)
        return rc;
    for (int i = 0; i < opts.n; i++) {
        const struct sql_option *o = opts.items[i];
        if (strcmp(o->name, "transaction_isolation") == 0 && o->kind == SQL_OPT_STRING) {
            m->isolation = strcmp(o->str, "serializable") == 0      ? SQL_ISO_SERIALIZABLE
                           : strcmp(o->str, "repeatable read") == 0 ? SQL_ISO_REPEATABLE_READ
                           : strcmp(o->str, "read committed") == 0  ? SQL_ISO_READ_COMMITTED
                                                                    : SQL_ISO_READ_UNCOMMITTED;
        } else if (strcmp(o->name, "transaction_read_only") == 0 && o->kind == SQL_OPT_INT) {
            m->read_only = o->ival != 0;
        } else if (strcmp(o->name, "transaction_deferrable") == 0 && o->kind == SQL_OPT_INT) {
            m->deferrable = o->ival != 0;
        } else {
            return sql__malformed(cv, "transaction mode");
        }
    }
    return 0;
}

static int cv_reindex(struct sql__cv *cv, const PgQuery__ReindexStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_REINDEX;
    switch (s->kind) {
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
        st->u.reindex.kind = 'i';
        break;
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE:
        st->u.reindex.kind = 't';
        break;
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA:
        st->u.reindex.kind = 's';
        break;
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE:
        st->u.reindex.kind = 'd';
        break;
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM:
        st->u.reindex.kind = 'y';
        break;
    default:
        return sql__malformed(cv, "REINDEX");
    }
    st->u.reindex.name = sql__strdup(cv, s->name);
    struct sql_list opts;
    int rc = sql__cv_options(cv, s->params, s->n_params, &opts);
    if (rc != 0)
        return rc;
    for (int i = 0; i < opts.n; i++) {
        const struct sql_option *o = opts.items[i];
        bool on = !(o->kind == SQL_OPT_BOOL && !o->bval) &&
                  !(o->kind == SQL_OPT_INT && o->ival == 0) &&
                  !(o->kind == SQL_OPT_STRING &&
                    (strcasecmp(o->str, "false") == 0 || strcasecmp(o->str, "off") == 0));
        if (strcmp(o->name, "verbose") == 0) {
            st->u.reindex.verbose = on;
        } else if (strcmp(o->name, "concurrently") == 0) {
            st->u.reindex.concurrent = on;
        } else if (strcmp(o->name, "tablespace") == 0 && o->kind == SQL_OPT_STRING) {
            st->u.reindex.tablespace = o->str;
        } else {
            cv->err_location = o->location;
            return err_set_state(cv->e, ERR_INVAL, "42601", "unrecognized REINDEX option \"%s\"",
                                 o->name);
        }
    }
    if (s->relation != NULL)
        return sql__cv_rangevar(cv, s->relation, &st->u.reindex.rel);
    return 0;
}

int sql__cv_ddl(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    int rc;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
        return cv_reindex(cv, n->reindex_stmt, st);
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return cv_create_table(cv, n->create_stmt, st);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return cv_drop(cv, n->drop_stmt, st);
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
        for (size_t i = 0; i < n->dropdb_stmt->n_options; i++) {
            const pq_node *o = n->dropdb_stmt->options[i];
            const char *name =
                o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? o->def_elem->defname : "";
            if (strcmp(name, "force") != 0)
                return err_set_state(cv->e, ERR_INVAL, "42601",
                                     "unrecognized DROP DATABASE option \"%s\"", name);
            st->u.drop.force = true;
        }
        st->kind = SQL_STMT_DROP;
        st->u.drop.objtype = SQL_OBJ_DATABASE;
        st->u.drop.if_exists = n->dropdb_stmt->missing_ok;
        sql__list_init(cv, &st->u.drop.names, 1);
        st->u.drop.names.items[0] = mem_alloc0(cv->ctx, sizeof(struct sql_qname));
        ((struct sql_qname *)st->u.drop.names.items[0])->name =
            mem_strdup(cv->ctx, n->dropdb_stmt->dbname);
        return 0;
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
        st->kind = SQL_STMT_DROP;
        st->u.drop.objtype = SQL_OBJ_ROLE;
        st->u.drop.if_exists = n->drop_role_stmt->missing_ok;
        return cv_rolespecs(cv, n->drop_role_stmt->roles, n->drop_role_stmt->n_roles,
                            &st->u.drop.names);
    case PG_QUERY__NODE__NODE_INDEX_STMT: {
        const PgQuery__IndexStmt *s = n->index_stmt;
        if (s->table_space != NULL && s->table_space[0] != '\0')
            return sql__unsupported(cv, "TABLESPACE");
        st->kind = SQL_STMT_CREATE_INDEX;
        st->u.create_index.name = sql__strdup(cv, s->idxname);
        st->u.create_index.method = mem_strdup(
            cv->ctx, s->access_method != NULL && s->access_method[0] ? s->access_method : "btree");
        st->u.create_index.unique = s->unique;
        st->u.create_index.if_not_exists = s->if_not_exists;
        st->u.create_index.concurrent = s->concurrent;
        st->u.create_index.nulls_not_distinct = s->nulls_not_distinct;
        rc = sql__cv_rangevar(cv, s->relation, &st->u.create_index.table);
        if (rc == 0)
            rc = sql__cv_index_elems(cv, s->index_params, s->n_index_params,
                                     &st->u.create_index.params);
        if (rc == 0) {
            sql__list_init(cv, &st->u.create_index.include, s->n_index_including_params);
            for (size_t i = 0; i < s->n_index_including_params && rc == 0; i++) {
                const pq_node *el = s->index_including_params[i];
                if (el->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM ||
                    el->index_elem->name == NULL)
                    rc = sql__unsupported(cv, "expressions in INCLUDE");
                else
                    st->u.create_index.include.items[i] = mem_strdup(cv->ctx, el->index_elem->name);
            }
        }
        if (rc == 0)
            rc = sql__cv_options(cv, s->options, s->n_options, &st->u.create_index.options);
        if (rc == 0)
            rc = sql__cv_expr_opt(cv, s->where_clause, &st->u.create_index.where);
        return rc;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        const PgQuery__AlterTableStmt *s = n->alter_table_stmt;
        if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
            s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_VIEW &&
            s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX &&
            s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
            return sql__unsupported(cv, s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
                                            ? "this form of ALTER MATERIALIZED VIEW"
                                            : "ALTER");
        st->kind = SQL_STMT_ALTER_TABLE;
        st->u.alter_table.view = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW;
        st->u.alter_table.index = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX;
        st->u.alter_table.sequence = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE;
        st->u.alter_table.if_exists = s->missing_ok;
        rc = sql__cv_rangevar(cv, s->relation, &st->u.alter_table.table);
        if (rc != 0)
            return rc;
        sql__list_init(cv, &st->u.alter_table.cmds, s->n_cmds);
        for (size_t i = 0; i < s->n_cmds; i++) {
            if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                return sql__malformed(cv, "ALTER TABLE command");
            rc = cv_alter_cmd(cv, s->cmds[i]->alter_table_cmd,
                              (struct sql_alter_cmd **)&st->u.alter_table.cmds.items[i]);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
        const PgQuery__RenameStmt *s = n->rename_stmt;
        if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT)
            st->u.rename.objtype = SQL_OBJ_CONSTRAINT;
        else if (object_type(s->rename_type, &st->u.rename.objtype) != 0)
            return sql__unsupported(cv, rename_form(cv, s->rename_type));
        if (s->relation == NULL || st->u.rename.objtype == SQL_OBJ_SCHEMA ||
            st->u.rename.objtype == SQL_OBJ_DATABASE || st->u.rename.objtype == SQL_OBJ_ROLE)
            return sql__unsupported(cv, rename_form(cv, s->rename_type));
        if (object_type(s->relation_type, &st->u.rename.reltype) != 0)
            st->u.rename.reltype = SQL_OBJ_TABLE;
        st->kind = SQL_STMT_RENAME;
        st->u.rename.subname = sql__strdup(cv, s->subname);
        st->u.rename.newname = mem_strdup(cv->ctx, s->newname != NULL ? s->newname : "");
        st->u.rename.if_exists = s->missing_ok;
        return sql__cv_rangevar(cv, s->relation, &st->u.rename.rel);
    }
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: { /* ALTER ... SET SCHEMA */
        const PgQuery__AlterObjectSchemaStmt *s = n->alter_object_schema_stmt;
        if (s->relation == NULL || object_type(s->object_type, &st->u.rename.objtype) != 0 ||
            (st->u.rename.objtype != SQL_OBJ_TABLE && st->u.rename.objtype != SQL_OBJ_SEQUENCE &&
             st->u.rename.objtype != SQL_OBJ_VIEW && st->u.rename.objtype != SQL_OBJ_MATVIEW))
            return 1; /* ALTER TYPE / DOMAIN (parse_enum.c, parse_domain.c) or unsupported */
        st->kind = SQL_STMT_RENAME;
        st->u.rename.set_schema = true;
        st->u.rename.reltype = st->u.rename.objtype;
        st->u.rename.newname = mem_strdup(cv->ctx, s->newschema != NULL ? s->newschema : "");
        st->u.rename.if_exists = s->missing_ok;
        return sql__cv_rangevar(cv, s->relation, &st->u.rename.rel);
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: {
        const PgQuery__TruncateStmt *s = n->truncate_stmt;
        st->kind = SQL_STMT_TRUNCATE;
        st->u.truncate.restart_identity = s->restart_seqs;
        st->u.truncate.behavior = behavior(s->behavior);
        sql__list_init(cv, &st->u.truncate.tables, s->n_relations);
        for (size_t i = 0; i < s->n_relations; i++) {
            if (s->relations[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
                return sql__malformed(cv, "TRUNCATE");
            rc = sql__cv_rangevar(cv, s->relations[i]->range_var,
                                  (struct sql_rangevar **)&st->u.truncate.tables.items[i]);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        st->kind = SQL_STMT_ALTER_SEQUENCE;
        st->u.alter_sequence.if_exists = n->alter_seq_stmt->missing_ok;
        rc = sql__cv_rangevar(cv, n->alter_seq_stmt->sequence, &st->u.alter_sequence.seq);
        if (rc == 0)
            rc = sql__cv_options(cv, n->alter_seq_stmt->options, n->alter_seq_stmt->n_options,
                                 &st->u.alter_sequence.options);
        return rc;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        st->kind = SQL_STMT_CREATE_SEQUENCE;
        st->u.create_sequence.if_not_exists = n->create_seq_stmt->if_not_exists;
        rc = sql__cv_rangevar(cv, n->create_seq_stmt->sequence, &st->u.create_sequence.seq);
        if (rc == 0)
            rc = sql__cv_options(cv, n->create_seq_stmt->options, n->create_seq_stmt->n_options,
                                 &st->u.create_sequence.options);
        return rc;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
        const PgQuery__CreateSchemaStmt *s = n->create_schema_stmt;
        st->kind = SQL_STMT_CREATE_SCHEMA;
        if (s->n_schema_elts > 0) {
            struct sql_list *l = &st->u.create_schema.elts;
            l->items = mem_alloc0(cv->ctx, sizeof(void *) * s->n_schema_elts);
            for (size_t i = 0; i < s->n_schema_elts; i++) {
                rc = sql__cv_stmt(cv, s->schema_elts[i], (struct sql_stmt **)&l->items[i]);
                if (rc != 0)
                    return rc;
                l->n++;
            }
        }
        st->u.create_schema.name = sql__strdup(cv, s->schemaname);
        st->u.create_schema.if_not_exists = s->if_not_exists;
        if (s->authrole != NULL) {
            struct sql_list l;
            pq_node node = PG_QUERY__NODE__INIT;
            node.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
            node.role_spec = s->authrole;
            pq_node *np = &node;
            rc = cv_rolespecs(cv, &np, 1, &l);
            if (rc != 0)
                return rc;
            st->u.create_schema.authrole = ((struct sql_qname *)l.items[0])->name;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
        st->kind = SQL_STMT_CREATE_DATABASE;
        st->u.create_database.name =
            mem_strdup(cv->ctx, n->createdb_stmt->dbname != NULL ? n->createdb_stmt->dbname : "");
        return sql__cv_options(cv, n->createdb_stmt->options, n->createdb_stmt->n_options,
                               &st->u.create_database.options);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
        const PgQuery__CreateTableAsStmt *s = n->create_table_as_stmt;
        bool mv = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
        if ((s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && !mv) || s->into == NULL ||
            s->into->rel == NULL || s->query == NULL)
            return 1;
        if (s->query->node_case == PG_QUERY__NODE__NODE_EXECUTE_STMT)
            return sql__unsupported(cv, "CREATE TABLE AS EXECUTE");
        if (s->into->n_options > 0)
            return sql__unsupported(cv, mv ? "CREATE MATERIALIZED VIEW with options"
                                           : "CREATE TABLE AS with options");
        if (mv && s->into->access_method != NULL && s->into->access_method[0] != '\0')
            return sql__unsupported(cv, "CREATE MATERIALIZED VIEW ... USING");
        st->u.create_table_as.matview = mv;
        st->u.create_table_as.on_commit = cv_on_commit(s->into->on_commit);
        if (s->into->table_space_name != NULL && s->into->table_space_name[0] != '\0')
            return sql__unsupported(cv, "CREATE TABLE AS ... TABLESPACE");
        st->kind = SQL_STMT_CREATE_TABLE_AS;
        st->u.create_table_as.no_data = s->into->skip_data;
        st->u.create_table_as.if_not_exists = s->if_not_exists;
        rc = sql__cv_rangevar(cv, s->into->rel, &st->u.create_table_as.table);
        if (rc == 0)
            rc = sql__cv_names(cv, s->into->col_names, s->into->n_col_names,
                               &st->u.create_table_as.colnames);
        if (rc == 0)
            rc = sql__cv_select_node(cv, s->query, &st->u.create_table_as.query);
        return rc;
    }
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: {
        const PgQuery__RefreshMatViewStmt *s = n->refresh_mat_view_stmt;
        if (s->relation == NULL)
            return sql__malformed(cv, "REFRESH MATERIALIZED VIEW");
        st->kind = SQL_STMT_REFRESH_MATVIEW;
        st->u.create_table_as.matview = true;
        st->u.create_table_as.concurrent = s->concurrent;
        st->u.create_table_as.no_data = s->skip_data;
        return sql__cv_rangevar(cv, s->relation, &st->u.create_table_as.table);
    }
    case PG_QUERY__NODE__NODE_VIEW_STMT: {
        const PgQuery__ViewStmt *s = n->view_stmt;
        st->kind = SQL_STMT_CREATE_VIEW;
        st->u.create_view.replace = s->replace;
        st->u.create_view.check =
            s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION
                ? SQL_CHECK_LOCAL
            : s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION
                ? SQL_CHECK_CASCADED
                : SQL_CHECK_NONE;
        rc = sql__cv_rangevar(cv, s->view, &st->u.create_view.view);
        if (rc == 0)
            rc = sql__cv_names(cv, s->aliases, s->n_aliases, &st->u.create_view.colnames);
        if (rc == 0)
            rc = sql__cv_select_node(cv, s->query, &st->u.create_view.query);
        if (rc == 0)
            rc = sql__cv_options(cv, s->options, s->n_options, &st->u.create_view.options);
        return rc;
    }
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: {
        const PgQuery__CreateRoleStmt *s = n->create_role_stmt;
        st->kind = SQL_STMT_CREATE_ROLE;
        st->u.role.kind = s->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER ? SQL_ROLE_USER
                          : s->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_GROUP
                              ? SQL_ROLE_GROUP
                              : SQL_ROLE_ROLE;
        st->u.role.name = mem_strdup(cv->ctx, s->role != NULL ? s->role : "");
        return sql__cv_options(cv, s->options, s->n_options, &st->u.role.options);
    }
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: {
        const PgQuery__AlterRoleStmt *s = n->alter_role_stmt;
        if ((s->action != 1 && s->action != -1) || s->role == NULL)
            return sql__unsupported(cv, "ALTER GROUP");
        st->kind = SQL_STMT_ALTER_ROLE;
        pq_node node = PG_QUERY__NODE__INIT;
        node.node_case = PG_QUERY__NODE__NODE_ROLE_SPEC;
        node.role_spec = s->role;
        pq_node *np = &node;
        struct sql_list l;
        rc = cv_rolespecs(cv, &np, 1, &l);
        if (rc != 0)
            return rc;
        st->u.role.name = ((struct sql_qname *)l.items[0])->name;
        rc = sql__cv_options(cv, s->options, s->n_options, &st->u.role.options);
        for (int i = 0; rc == 0 && s->action == -1 && i < st->u.role.options.n; i++) {
            struct sql_option *o = st->u.role.options.items[i]; /* ALTER GROUP ... DROP USER */
            if (strcmp(o->name, "rolemembers") == 0)
                o->name = "dropmembers";
        }
        return rc;
    }
    default:
        return 1;
    }
}

static int cv_comment(struct sql__cv *cv, const PgQuery__CommentStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_COMMENT;
    if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT)
        st->u.comment.objtype = SQL_OBJ_CONSTRAINT; /* name list: [schema.]table.constraint */
    else if (object_type(s->objtype, &st->u.comment.objtype) != 0) {
        char buf[64];
        snprintf(buf, sizeof(buf), "COMMENT ON %s", object_word(s->objtype));
        return sql__unsupported(cv, buf);
    }
    st->u.comment.comment = sql__strdup(cv, s->comment); /* protobuf has no NULL: "" */
    const pq_node *o = s->object;
    if (o == NULL)
        return sql__malformed(cv, "COMMENT object");
    if (o->node_case == PG_QUERY__NODE__NODE_LIST)
        return sql__cv_names(cv, o->list->items, o->list->n_items, &st->u.comment.name);
    if (o->node_case == PG_QUERY__NODE__NODE_STRING)
        return sql__cv_names(cv, (pq_node **)&s->object, 1, &st->u.comment.name);
    return sql__malformed(cv, "COMMENT object");
}

int sql__cv_util(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    int rc;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: {
        const PgQuery__TransactionStmt *s = n->transaction_stmt;
        st->kind = SQL_STMT_TRANSACTION;
        switch (s->kind) {
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
            st->u.txn.kind = SQL_TXN_BEGIN;
            break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
            st->u.txn.kind = SQL_TXN_COMMIT;
            break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
            st->u.txn.kind = SQL_TXN_ROLLBACK;
            break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
            st->u.txn.kind = SQL_TXN_SAVEPOINT;
            break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
            st->u.txn.kind = SQL_TXN_RELEASE;
            break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
            st->u.txn.kind = SQL_TXN_ROLLBACK_TO;
            break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
            st->u.txn.kind = SQL_TXN_PREPARE; /* session.c: two-phase commit is off */
            st->u.txn.savepoint = sql__strdup(cv, s->gid);
            return 0;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
            return err_set_state(cv->e, ERR_NOTFOUND, "42704",
                                 "prepared transaction with identifier \"%s\" does not exist",
                                 s->gid != NULL ? s->gid : "");
        default:
            return sql__unsupported(cv, "this transaction statement");
        }
        st->u.txn.savepoint = sql__strdup(cv, s->savepoint_name);
        st->u.txn.chain = s->chain;
        return cv_txn_modes(cv, s->options, s->n_options, &st->u.txn.modes);
    }
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: {
        const PgQuery__VariableSetStmt *s = n->variable_set_stmt;
        if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI) {
            if (s->name == NULL || (strcmp(s->name, "TRANSACTION") != 0 &&
                                    strcmp(s->name, "SESSION CHARACTERISTICS") != 0))
                return sql__unsupported(cv, s->name != NULL &&
                                                    strcmp(s->name, "TRANSACTION SNAPSHOT") == 0
                                                ? "SET TRANSACTION SNAPSHOT"
                                                : "this form of SET");
            st->kind = SQL_STMT_SET_TRANSACTION;
            st->u.set_txn.session = strcmp(s->name, "SESSION CHARACTERISTICS") == 0;
            return cv_txn_modes(cv, s->args, s->n_args, &st->u.set_txn.modes);
        }
        st->kind = SQL_STMT_SET;
        switch (s->kind) {
        case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
            st->u.set.kind = SQL_SET_DEFAULT;
            break;
        case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT:
            st->u.set.kind = SQL_SET_CURRENT;
            break;
        case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
            st->u.set.kind = SQL_SET_RESET;
            break;
        case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
            st->u.set.kind = SQL_SET_RESET_ALL;
            break;
        default:
            st->u.set.kind = SQL_SET_VALUE;
        }
        st->u.set.name = sql__strdup(cv, s->name);
        st->u.set.local = s->is_local;
        return sql__cv_exprs(cv, s->args, s->n_args, &st->u.set.args);
    }
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
        st->kind = SQL_STMT_SHOW;
        st->u.show.name = mem_strdup(
            cv->ctx, n->variable_show_stmt->name != NULL ? n->variable_show_stmt->name : "");
        return 0;
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
        st->kind = SQL_STMT_EXPLAIN;
        rc = sql__cv_options(cv, n->explain_stmt->options, n->explain_stmt->n_options,
                             &st->u.explain.options);
        for (int i = 0; rc == 0 && i < st->u.explain.options.n; i++) {
            const struct sql_option *o = st->u.explain.options.items[i];
            if (strcmp(o->name, "analyze") == 0)
                st->u.explain.analyze =
                    o->kind == SQL_OPT_NONE || (o->kind == SQL_OPT_BOOL && o->bval) ||
                    (o->kind == SQL_OPT_STRING &&
                     (strcmp(o->str, "true") == 0 || strcmp(o->str, "on") == 0));
        }
        if (rc == 0 && n->explain_stmt->query == NULL)
            rc = sql__malformed(cv, "EXPLAIN");
        if (rc == 0)
            rc = sql__cv_stmt(cv, n->explain_stmt->query, &st->u.explain.stmt);
        return rc;
    case PG_QUERY__NODE__NODE_COPY_STMT: {
        const PgQuery__CopyStmt *s = n->copy_stmt;
        st->kind = SQL_STMT_COPY;
        st->u.copy.from = s->is_from;
        st->u.copy.program = s->is_program;
        st->u.copy.filename = sql__strdup(cv, s->filename);
        rc = 0;
        if (s->relation != NULL)
            rc = sql__cv_rangevar(cv, s->relation, &st->u.copy.table);
        if (rc == 0 && s->query != NULL &&
            s->query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
            s->query->select_stmt->into_clause != NULL)
            return err_set_state(cv->e, ERR_UNSUPPORTED, "0A000",
                                 "COPY (SELECT INTO) is not supported");
        if (rc == 0 && s->query != NULL)
            rc = sql__cv_stmt(cv, s->query, &st->u.copy.query);
        if (rc == 0)
            rc = sql__cv_names(cv, s->attlist, s->n_attlist, &st->u.copy.cols);
        if (rc == 0)
            rc = sql__cv_options(cv, s->options, s->n_options, &st->u.copy.options);
        if (rc == 0)
            rc = sql__cv_expr_opt(cv, s->where_clause, &st->u.copy.where);
        return rc;
    }
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
        st->kind = SQL_STMT_LISTEN;
        st->u.notify.channel = sql__strdup(cv, n->listen_stmt->conditionname);
        return 0;
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
        st->kind = SQL_STMT_UNLISTEN;
        st->u.notify.channel = sql__strdup(cv, n->unlisten_stmt->conditionname);
        return 0;
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
        st->kind = SQL_STMT_NOTIFY;
        st->u.notify.channel = sql__strdup(cv, n->notify_stmt->conditionname);
        st->u.notify.payload = sql__strdup(cv, n->notify_stmt->payload);
        return 0;
    case PG_QUERY__NODE__NODE_LOCK_STMT: {
        const PgQuery__LockStmt *s = n->lock_stmt;
        st->kind = SQL_STMT_LOCK;
        st->u.lock.mode = s->mode;
        st->u.lock.nowait = s->nowait;
        sql__list_init(cv, &st->u.lock.rels, s->n_relations);
        for (size_t i = 0; i < s->n_relations; i++) {
            if (s->relations[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
                return sql__malformed(cv, "LOCK relation");
            rc = sql__cv_rangevar(cv, s->relations[i]->range_var,
                                  (struct sql_rangevar **)&st->u.lock.rels.items[i]);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT: {
        const PgQuery__ConstraintsSetStmt *s = n->constraints_set_stmt;
        st->kind = SQL_STMT_SET_CONSTRAINTS;
        st->u.set_constraints.deferred = s->deferred;
        sql__list_init(cv, &st->u.set_constraints.names, s->n_constraints);
        for (size_t i = 0; i < s->n_constraints; i++) {
            struct sql_rangevar *rv;
            if (s->constraints[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
                return sql__malformed(cv, "SET CONSTRAINTS name");
            rc = sql__cv_rangevar(cv, s->constraints[i]->range_var, &rv);
            if (rc != 0)
                return rc;
            st->u.set_constraints.names.items[i] = &rv->name;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT: {
        const PgQuery__VacuumStmt *s = n->vacuum_stmt;
        st->kind = SQL_STMT_VACUUM;
        st->u.vacuum.vacuum = s->is_vacuumcmd;
        rc = sql__cv_options(cv, s->options, s->n_options, &st->u.vacuum.options);
        if (rc != 0)
            return rc;
        sql__list_init(cv, &st->u.vacuum.rels, s->n_rels);
        sql__list_init(cv, &st->u.vacuum.cols, s->n_rels);
        for (size_t i = 0; i < s->n_rels; i++) {
            if (s->rels[i]->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION)
                return sql__malformed(cv, "VACUUM relation");
            const PgQuery__VacuumRelation *vr = s->rels[i]->vacuum_relation;
            struct sql_list *cols = mem_alloc0(cv->ctx, sizeof(*cols));
            rc = sql__cv_rangevar(cv, vr->relation,
                                  (struct sql_rangevar **)&st->u.vacuum.rels.items[i]);
            if (rc == 0)
                rc = sql__cv_names(cv, vr->va_cols, vr->n_va_cols, cols);
            if (rc != 0)
                return rc;
            st->u.vacuum.cols.items[i] = cols;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_PREPARE_STMT: {
        const PgQuery__PrepareStmt *s = n->prepare_stmt;
        st->kind = SQL_STMT_PREPARE;
        st->u.prepare.name = mem_strdup(cv->ctx, s->name != NULL ? s->name : "");
        sql__list_init(cv, &st->u.prepare.argtypes, s->n_argtypes);
        for (size_t i = 0; i < s->n_argtypes; i++) {
            if (s->argtypes[i]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
                return sql__malformed(cv, "PREPARE type");
            rc = sql__cv_typename(cv, s->argtypes[i]->type_name,
                                  (struct sql_typename **)&st->u.prepare.argtypes.items[i]);
            if (rc != 0)
                return rc;
        }
        if (s->query == NULL)
            return sql__malformed(cv, "PREPARE");
        return sql__cv_stmt(cv, s->query, &st->u.prepare.stmt);
    }
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
        st->kind = SQL_STMT_EXECUTE;
        st->u.execute.name =
            mem_strdup(cv->ctx, n->execute_stmt->name != NULL ? n->execute_stmt->name : "");
        return sql__cv_exprs(cv, n->execute_stmt->params, n->execute_stmt->n_params,
                             &st->u.execute.params);
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT: {
        const PgQuery__DeclareCursorStmt *d = n->declare_cursor_stmt;
        st->kind = SQL_STMT_DECLARE;
        st->u.declare.name = sql__strdup(cv, d->portalname);
        /* CURSOR_OPT_BINARY 0x1, SCROLL 0x2, HOLD 0x20 (parsenodes.h) */
        st->u.declare.binary = (d->options & 0x1) != 0;
        st->u.declare.scroll = (d->options & 0x2) != 0;
        st->u.declare.hold = (d->options & 0x20) != 0;
        /* NO_SCROLL 0x4, INSENSITIVE 0x8, ASENSITIVE 0x10 */
        st->u.declare.no_scroll = (d->options & 0x4) != 0;
        st->u.declare.insensitive = (d->options & 0x8) != 0;
        st->u.declare.asensitive = (d->options & 0x10) != 0;
        if (d->query == NULL)
            return sql__unsupported(cv, "DECLARE without a query");
        struct sql_stmt *q = mem_alloc0(cv->ctx, sizeof(*q));
        q->location = -1;
        rc = sql__cv_dml(cv, d->query, q);
        if (rc == 1)
            return sql__unsupported_node(cv, d->query);
        st->u.declare.query = q;
        return rc;
    }
    case PG_QUERY__NODE__NODE_FETCH_STMT: {
        const PgQuery__FetchStmt *f = n->fetch_stmt;
        st->kind = SQL_STMT_FETCH;
        st->u.fetch.name = sql__strdup(cv, f->portalname);
        st->u.fetch.move = f->ismove;
        st->u.fetch.count = f->how_many == INT64_MAX ? INT64_MAX : f->how_many;
        switch (f->direction) {
        case PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD:
            st->u.fetch.direction = 1;
            break;
        case PG_QUERY__FETCH_DIRECTION__FETCH_ABSOLUTE:
            st->u.fetch.direction = 2;
            break;
        case PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE:
            st->u.fetch.direction = 3;
            break;
        default:
            st->u.fetch.direction = 0;
            break;
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
        st->kind = SQL_STMT_CLOSE;
        st->u.close.name = sql__strdup(cv, n->close_portal_stmt->portalname);
        return 0;
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
        st->kind = SQL_STMT_DEALLOCATE;
        st->u.deallocate.name = sql__strdup(cv, n->deallocate_stmt->name);
        return 0;
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
        st->kind = SQL_STMT_DISCARD;
        switch (n->discard_stmt->target) {
        case PG_QUERY__DISCARD_MODE__DISCARD_PLANS:
            st->u.discard = SQL_DISCARD_PLANS;
            break;
        case PG_QUERY__DISCARD_MODE__DISCARD_SEQUENCES:
            st->u.discard = SQL_DISCARD_SEQUENCES;
            break;
        case PG_QUERY__DISCARD_MODE__DISCARD_TEMP:
            st->u.discard = SQL_DISCARD_TEMP;
            break;
        default:
            st->u.discard = SQL_DISCARD_ALL;
        }
        return 0;
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return cv_comment(cv, n->comment_stmt, st);
    default:
        return 1;
    }
}

int sql__cv_constraint(struct sql__cv *cv, const PgQuery__Constraint *c,
                       struct sql_constraint **out)
{
    return cv_constraint(cv, c, out);
}
