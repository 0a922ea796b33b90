/* parse_trigger.c — CREATE [OR REPLACE] TRIGGER, DROP TRIGGER and ALTER
 * TRIGGER ... RENAME TO into SQL_STMT_TRIGGER_DDL (trigger.h). Constraint
 * triggers and transition tables (REFERENCING) are 0A000. */
#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"
#include "sql/trigger.h"

#include <string.h>

static struct sql_trig_ddl *new_ddl(struct sql__cv *cv, struct sql_stmt *st, char op)
{
    struct sql_trig_ddl *d = mem_alloc0(cv->ctx, sizeof *d);
    d->op = op;
    d->location = -1;
    st->kind = SQL_STMT_TRIGGER_DDL;
    st->u.trig_ddl = d;
    return d;
}

static int str_list(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, (int)n);
    for (size_t i = 0; i < n; i++) {
        const char *s = sql__node_str(items[i]);
        if (s == NULL && items[i]->node_case == PG_QUERY__NODE__NODE_INTEGER)
            s = mem_printf(cv->ctx, "%d", (int)items[i]->integer->ival);
        if (s == NULL)
            return sql__malformed(cv, "trigger argument");
        out->items[i] = mem_strdup(cv->ctx, s);
    }
    return 0;
}

static int cv_create(struct sql__cv *cv, const PgQuery__CreateTrigStmt *s, struct sql_stmt *st)
{
    if (s->isconstraint)
        return sql__unsupported(cv, "CREATE CONSTRAINT TRIGGER");
    if (s->n_transition_rels > 0)
        return sql__unsupported(cv, "transition tables (REFERENCING OLD/NEW TABLE)");
    if (s->relation == NULL || s->trigname == NULL)
        return sql__malformed(cv, "CREATE TRIGGER");
    struct sql_trig_ddl *d = new_ddl(cv, st, 'c');
    d->replace = s->replace;
    d->name = mem_strdup(cv->ctx, s->trigname);
    int rc = sql__cv_rangevar(cv, s->relation, &d->table);
    if (rc == 0)
        rc = sql__cv_qname(cv, s->funcname, s->n_funcname, &d->func);
    if (rc == 0)
        rc = str_list(cv, s->args, s->n_args, &d->args);
    if (rc == 0)
        rc = str_list(cv, s->columns, s->n_columns, &d->cols);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->when_clause, &d->when);
    d->row = s->row;
    d->timing = s->timing;
    d->events = s->events;
    return rc;
}

int sql__cv_trigger(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    if (n->node_case == PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
        return cv_create(cv, n->create_trig_stmt, st);
    if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT &&
        n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
        const PgQuery__DropStmt *s = n->drop_stmt;
        if (s->n_objects != 1 || s->objects[0]->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "DROP TRIGGER");
        const PgQuery__List *l = s->objects[0]->list;
        if (l->n_items < 2)
            return sql__malformed(cv, "DROP TRIGGER");
        struct sql_trig_ddl *d = new_ddl(cv, st, 'd');
        d->if_exists = s->missing_ok;
        d->behavior = sql__cv_drop_behavior(s->behavior);
        const char *nm = sql__node_str(l->items[l->n_items - 1]);
        if (nm == NULL)
            return sql__malformed(cv, "DROP TRIGGER");
        d->name = mem_strdup(cv->ctx, nm);
        d->table = mem_alloc0(cv->ctx, sizeof *d->table);
        d->table->location = -1;
        return sql__cv_qname(cv, l->items, l->n_items - 1, &d->table->name);
    }
    if (n->node_case == PG_QUERY__NODE__NODE_RENAME_STMT &&
        n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
        const PgQuery__RenameStmt *s = n->rename_stmt;
        if (s->relation == NULL || s->subname == NULL || s->newname == NULL)
            return sql__malformed(cv, "ALTER TRIGGER");
        struct sql_trig_ddl *d = new_ddl(cv, st, 'r');
        d->name = mem_strdup(cv->ctx, s->subname);
        d->newname = mem_strdup(cv->ctx, s->newname);
        d->if_exists = s->missing_ok;
        return sql__cv_rangevar(cv, s->relation, &d->table);
    }
    return 1;
}
