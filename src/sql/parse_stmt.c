/* parse_stmt.c — converting queries (SELECT, VALUES, set operations, WITH,
 * FROM items) and DML (INSERT, UPDATE, DELETE), and the statement dispatch.
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"

#include <stdio.h>
#include <string.h>

int sql__cv_alias(struct sql__cv *cv, const PgQuery__Alias *a, struct sql_alias **out)
{
    if (a == NULL) {
        *out = NULL;
        return 0;
    }
    struct sql_alias *al = mem_alloc0(cv->ctx, sizeof(*al));
    al->name = mem_strdup(cv->ctx, a->aliasname != NULL ? a->aliasname : "");
    int rc = sql__cv_names(cv, a->colnames, a->n_colnames, &al->colnames);
    if (rc != 0)
        return rc;
    *out = al;
    return 0;
}

int sql__cv_rangevar(struct sql__cv *cv, const PgQuery__RangeVar *r, struct sql_rangevar **out)
{
    if (r == NULL)
        return sql__malformed(cv, "RangeVar");
    struct sql_rangevar *rv = mem_alloc0(cv->ctx, sizeof(*rv));
    rv->name.catalog = sql__strdup(cv, r->catalogname);
    rv->name.schema = sql__strdup(cv, r->schemaname);
    rv->name.name = mem_strdup(cv->ctx, r->relname != NULL ? r->relname : "");
    rv->only = !r->inh;
    rv->persistence =
        r->relpersistence != NULL && r->relpersistence[0] != '\0' ? r->relpersistence[0] : 'p';
    rv->location = r->location;
    int rc = sql__cv_alias(cv, r->alias, &rv->alias);
    if (rc != 0)
        return rc;
    *out = rv;
    return 0;
}

/* UPDATE SET (a, b) = (SELECT x, y ...): column colno takes
 * (SELECT c<colno> FROM (SELECT x, y ...) AS s(c1, c2)), the subquery run
 * once per column (PostgreSQL runs it once per row). */
static int multiassign_sublink(struct sql__cv *cv, const PgQuery__MultiAssignRef *m, int location,
                               struct sql_select *q, struct sql_expr **out)
{
    if (m->colno < 1 || m->colno > m->ncolumns)
        return sql__malformed(cv, "MultiAssignRef");
    int rc;
    if (q == NULL && (rc = sql__cv_select_node(cv, m->source->sub_link->subselect, &q)) != 0)
        return rc;
    /* the source's location rides in the name: the binder's "number of
     * columns does not match" points there (bind_select.c) */
    int srcloc = m->source->node_case == PG_QUERY__NODE__NODE_SUB_LINK
                     ? m->source->sub_link->location
                     : m->source->row_expr->location;
    char alias_name[40];
    snprintf(alias_name, sizeof alias_name, "?multiassign?%d", srcloc);
    struct sql_alias *al = mem_alloc0(cv->ctx, sizeof *al);
    al->name = mem_strdup(cv->ctx, alias_name);
    sql__list_init(cv, &al->colnames, (size_t)m->ncolumns);
    for (int k = 0; k < m->ncolumns; k++) {
        char nm[32];
        snprintf(nm, sizeof nm, "?c%d?", k + 1);
        al->colnames.items[k] = mem_strdup(cv->ctx, nm);
    }
    struct sql_from *f = mem_alloc0(cv->ctx, sizeof *f);
    f->kind = SQL_FROM_SUBQUERY;
    f->u.sub.query = q;
    f->u.sub.alias = al;
    struct sql_expr *col = mem_alloc0(cv->ctx, sizeof *col);
    col->kind = SQL_EXPR_COLUMN;
    col->location = location;
    sql__list_init(cv, &col->u.column.fields, 2);
    col->u.column.fields.items[0] = al->name;
    col->u.column.fields.items[1] = al->colnames.items[m->colno - 1];
    struct sql_target *tg = mem_alloc0(cv->ctx, sizeof *tg);
    tg->val = col;
    tg->location = location;
    struct sql_select *w = mem_alloc0(cv->ctx, sizeof *w);
    sql__list_init(cv, &w->targets, 1);
    w->targets.items[0] = tg;
    sql__list_init(cv, &w->from, 1);
    w->from.items[0] = f;
    struct sql_expr *x = mem_alloc0(cv->ctx, sizeof *x);
    x->kind = SQL_EXPR_SUBLINK;
    x->location = m->source->node_case == PG_QUERY__NODE__NODE_SUB_LINK
                      ? m->source->sub_link->location
                      : m->source->row_expr->location;
    x->u.sublink.kind = SQL_SUBLINK_EXPR;
    x->u.sublink.query = w;
    *out = x;
    return 0;
}

int sql__cv_targets(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
            return sql__malformed(cv, "ResTarget");
        const PgQuery__ResTarget *r = items[i]->res_target;
        struct sql_target *t = mem_alloc0(cv->ctx, sizeof(*t));
        t->name = sql__strdup(cv, r->name);
        t->location = r->location;
        int rc = sql__cv_indirection(cv, r->indirection, r->n_indirection, &t->indirection);
        if (rc != 0)
            return rc;
        if (r->val != NULL && r->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
            /* UPDATE SET (a, b) = ROW(x, y): the grammar gives each column a
             * reference to the whole source; with a row source, take its
             * element as PostgreSQL's analysis does. */
            const PgQuery__MultiAssignRef *m = r->val->multi_assign_ref;
            if (m->source != NULL && m->source->node_case == PG_QUERY__NODE__NODE_SUB_LINK &&
                (m->source->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ||
                 m->source->sub_link->sub_link_type ==
                     PG_QUERY__SUB_LINK_TYPE__MULTIEXPR_SUBLINK)) {
                rc = multiassign_sublink(cv, m, r->location, NULL, &t->val);
                if (rc != 0)
                    return rc;
                out->items[i] = t;
                continue;
            }
            if (m->source == NULL || m->source->node_case != PG_QUERY__NODE__NODE_ROW_EXPR) {
                struct sql_expr *src = NULL;
                if (m->source != NULL && sql__cv_expr(cv, m->source, &src) == 0 && src != NULL)
                    cv->err_location = src->location;
                return err_set_state(cv->e, ERR_INVAL, "42601",
                                     "source for a multiple-column UPDATE item must be a "
                                     "sub-SELECT or ROW() expression");
            }
            const PgQuery__RowExpr *row = m->source->row_expr;
            size_t k = 0;
            for (; k < row->n_args; k++) {
                const pq_node *a = row->args[k];
                if (a->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
                    a->column_ref->n_fields > 0 &&
                    a->column_ref->fields[a->column_ref->n_fields - 1]->node_case ==
                        PG_QUERY__NODE__NODE_A_STAR)
                    break;
            }
            if (k < row->n_args) {
                /* ROW(t.*, ...): its columns once expanded, as (SELECT t.*, ...) */
                struct sql_select *q = mem_alloc0(cv->ctx, sizeof *q);
                sql__list_init(cv, &q->targets, row->n_args);
                for (size_t j = 0; j < row->n_args; j++) {
                    struct sql_target *rt = mem_alloc0(cv->ctx, sizeof *rt);
                    rt->location = -1;
                    if ((rc = sql__cv_expr(cv, row->args[j], &rt->val)) != 0)
                        return rc;
                    q->targets.items[j] = rt;
                }
                if ((rc = multiassign_sublink(cv, m, r->location, q, &t->val)) != 0)
                    return rc;
                out->items[i] = t;
                continue;
            }
            if (m->colno < 1 || (size_t)m->colno > row->n_args ||
                (size_t)m->ncolumns != row->n_args) {
                cv->err_location = row->location;
                return err_set_state(cv->e, ERR_INVAL, "42601",
                                     "number of columns does not match number of values");
            }
            rc = sql__cv_expr(cv, row->args[m->colno - 1], &t->val);
        } else {
            rc = sql__cv_expr_opt(cv, r->val, &t->val);
        }
        if (rc != 0)
            return rc;
        out->items[i] = t;
    }
    return 0;
}

static int cv_from(struct sql__cv *cv, const pq_node *n, struct sql_from **out);

/* A column definition list (ColumnDef nodes) into struct sql_funccol *s. */
static int cv_funccols(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list **out)
{
    struct sql_list *l = mem_alloc0(cv->ctx, sizeof *l);
    sql__list_init(cv, l, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            return sql__malformed(cv, "column definition");
        const PgQuery__ColumnDef *d = items[i]->column_def;
        struct sql_funccol *c = mem_alloc0(cv->ctx, sizeof *c);
        c->name = sql__strdup(cv, d->colname != NULL ? d->colname : "");
        c->location = d->location;
        if (d->type_name == NULL)
            return sql__malformed(cv, "column definition type");
        int rc = sql__cv_typename(cv, d->type_name, &c->type);
        if (rc != 0)
            return rc;
        l->items[i] = c;
    }
    *out = l;
    return 0;
}

static int cv_from_inner(struct sql__cv *cv, const pq_node *n, struct sql_from *f)
{
    int rc;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
        f->kind = SQL_FROM_TABLE;
        return sql__cv_rangevar(cv, n->range_var, &f->u.table);
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        f->kind = SQL_FROM_SUBQUERY;
        f->u.sub.lateral = n->range_subselect->lateral;
        rc = sql__cv_select_node(cv, n->range_subselect->subquery, &f->u.sub.query);
        if (rc == 0)
            rc = sql__cv_alias(cv, n->range_subselect->alias, &f->u.sub.alias);
        return rc;
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
        const PgQuery__JoinExpr *j = n->join_expr;
        f->kind = SQL_FROM_JOIN;
        switch (j->jointype) {
        case PG_QUERY__JOIN_TYPE__JOIN_INNER:
            f->u.join.type = j->quals == NULL && j->n_using_clause == 0 && !j->is_natural
                                 ? SQL_JOIN_CROSS
                                 : SQL_JOIN_INNER;
            break;
        case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
            f->u.join.type = SQL_JOIN_LEFT;
            break;
        case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
            f->u.join.type = SQL_JOIN_RIGHT;
            break;
        case PG_QUERY__JOIN_TYPE__JOIN_FULL:
            f->u.join.type = SQL_JOIN_FULL;
            break;
        default:
            return sql__malformed(cv, "join type");
        }
        f->u.join.natural = j->is_natural;
        rc = cv_from(cv, j->larg, &f->u.join.l);
        if (rc == 0)
            rc = cv_from(cv, j->rarg, &f->u.join.r);
        if (rc == 0)
            rc = sql__cv_names(cv, j->using_clause, j->n_using_clause, &f->u.join.using_cols);
        if (rc == 0)
            rc = sql__cv_alias(cv, j->join_using_alias, &f->u.join.using_alias);
        if (rc == 0)
            rc = sql__cv_expr_opt(cv, j->quals, &f->u.join.on);
        if (rc == 0)
            rc = sql__cv_alias(cv, j->alias, &f->u.join.alias);
        return rc;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        const PgQuery__RangeFunction *r = n->range_function;
        if (r->n_functions < 1)
            return sql__malformed(cv, "RangeFunction");
        f->kind = SQL_FROM_FUNCTION;
        f->u.func.lateral = r->lateral;
        f->u.func.ordinality = r->ordinality;
        f->u.func.rowsfrom = r->is_rowsfrom;
        f->u.func.coldef_location = -1;
        sql__list_init(cv, &f->u.func.calls, r->n_functions);
        sql__list_init(cv, &f->u.func.coldefs, r->n_functions);
        bool any_defs = false;
        /* Each entry is a two-element list: the call and its column definitions. */
        for (size_t k = 0; k < r->n_functions; k++) {
            const pq_node *item = r->functions[k];
            if (item->node_case != PG_QUERY__NODE__NODE_LIST || item->list->n_items < 1)
                return sql__malformed(cv, "RangeFunction");
            rc = sql__cv_expr(cv, item->list->items[0],
                              (struct sql_expr **)&f->u.func.calls.items[k]);
            if (rc != 0)
                return rc;
            f->u.func.coldefs.items[k] = NULL;
            if (item->list->n_items > 1 &&
                item->list->items[1]->node_case == PG_QUERY__NODE__NODE_LIST) {
                rc = cv_funccols(cv, item->list->items[1]->list->items,
                                 item->list->items[1]->list->n_items,
                                 (struct sql_list **)&f->u.func.coldefs.items[k]);
                if (rc != 0)
                    return rc;
                any_defs = true;
            }
        }
        if (r->n_coldeflist > 0) { /* f(...) AS t(a int, ...): the only call's */
            rc = cv_funccols(cv, r->coldeflist, r->n_coldeflist,
                             (struct sql_list **)&f->u.func.coldefs.items[0]);
            if (rc != 0)
                return rc;
            any_defs = true;
        }
        if (!any_defs)
            f->u.func.coldefs.n = 0;
        f->u.func.call = f->u.func.calls.items[0];
        return sql__cv_alias(cv, r->alias, &f->u.func.alias);
    }
    default:
        return sql__unsupported_node(cv, n);
    }
}

static int cv_from(struct sql__cv *cv, const pq_node *n, struct sql_from **out)
{
    if (n == NULL)
        return sql__malformed(cv, "FROM item");
    int rc = sql__cv_enter(cv);
    if (rc != 0)
        return rc;
    struct sql_from *f = mem_alloc0(cv->ctx, sizeof(*f));
    rc = cv_from_inner(cv, n, f);
    sql__cv_leave(cv);
    if (rc != 0)
        return rc;
    *out = f;
    return 0;
}

static int cv_from_list(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        int rc = cv_from(cv, items[i], (struct sql_from **)&out->items[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The SEARCH and CYCLE clauses of c (PostgreSQL 14's CTESearchClause and
 * CTECycleClause) into cte. */
static int cv_search_cycle(struct sql__cv *cv, const PgQuery__CommonTableExpr *c,
                           struct sql_cte *cte)
{
    int rc = 0;
    if (c->search_clause != NULL) {
        const PgQuery__CTESearchClause *sc = c->search_clause;
        struct sql_cte_search *s = mem_alloc0(cv->ctx, sizeof(*s));
        rc = sql__cv_names(cv, sc->search_col_list, sc->n_search_col_list, &s->cols);
        if (rc != 0)
            return rc;
        s->breadth_first = sc->search_breadth_first;
        s->seq_column = mem_strdup(cv->ctx, sc->search_seq_column ? sc->search_seq_column : "");
        s->location = sc->location;
        cte->search = s;
    }
    if (c->cycle_clause != NULL) {
        const PgQuery__CTECycleClause *cc = c->cycle_clause;
        struct sql_cte_cycle *y = mem_alloc0(cv->ctx, sizeof(*y));
        rc = sql__cv_names(cv, cc->cycle_col_list, cc->n_cycle_col_list, &y->cols);
        if (rc == 0 && (cc->cycle_mark_value == NULL || cc->cycle_mark_default == NULL))
            rc = sql__malformed(cv, "CYCLE clause");
        if (rc == 0)
            rc = sql__cv_expr(cv, cc->cycle_mark_value, &y->mark_value);
        if (rc == 0)
            rc = sql__cv_expr(cv, cc->cycle_mark_default, &y->mark_default);
        if (rc != 0)
            return rc;
        y->mark_column = mem_strdup(cv->ctx, cc->cycle_mark_column ? cc->cycle_mark_column : "");
        y->path_column = mem_strdup(cv->ctx, cc->cycle_path_column ? cc->cycle_path_column : "");
        y->location = cc->location;
        cte->cycle = y;
    }
    return 0;
}

int sql__cv_with(struct sql__cv *cv, const PgQuery__WithClause *w, struct sql_with **out)
{
    if (w == NULL) {
        *out = NULL;
        return 0;
    }
    struct sql_with *with = mem_alloc0(cv->ctx, sizeof(*with));
    with->recursive = w->recursive;
    sql__list_init(cv, &with->ctes, w->n_ctes);
    for (size_t i = 0; i < w->n_ctes; i++) {
        if (w->ctes[i]->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
            return sql__malformed(cv, "CTE");
        const PgQuery__CommonTableExpr *c = w->ctes[i]->common_table_expr;
        struct sql_cte *cte = mem_alloc0(cv->ctx, sizeof(*cte));
        int rc = cv_search_cycle(cv, c, cte);
        if (rc != 0)
            return rc;
        cte->name = mem_strdup(cv->ctx, c->ctename != NULL ? c->ctename : "");
        cte->location = c->location;
        cte->materialize = c->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways
                               ? SQL_CTE_MATERIALIZED
                           : c->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever
                               ? SQL_CTE_NOT_MATERIALIZED
                               : SQL_CTE_DEFAULT;
        rc = sql__cv_names(cv, c->aliascolnames, c->n_aliascolnames, &cte->colnames);
        if (rc == 0 && c->ctequery == NULL)
            rc = sql__malformed(cv, "CTE query");
        if (rc == 0)
            rc = sql__cv_stmt(cv, c->ctequery, &cte->query);
        if (rc != 0)
            return rc;
        cte->query->location = -1;
        cte->query->len = 0;
        with->ctes.items[i] = cte;
    }
    *out = with;
    return 0;
}

static int cv_locking(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_LOCKING_CLAUSE)
            return sql__malformed(cv, "locking clause");
        const PgQuery__LockingClause *l = items[i]->locking_clause;
        struct sql_locking *lk = mem_alloc0(cv->ctx, sizeof(*lk));
        switch (l->strength) {
        case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE:
            lk->strength = SQL_LOCK_FOR_KEY_SHARE;
            break;
        case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE:
            lk->strength = SQL_LOCK_FOR_SHARE;
            break;
        case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE:
            lk->strength = SQL_LOCK_FOR_NO_KEY_UPDATE;
            break;
        default:
            lk->strength = SQL_LOCK_FOR_UPDATE;
        }
        lk->wait = l->wait_policy == PG_QUERY__LOCK_WAIT_POLICY__LockWaitSkip ? SQL_LOCK_WAIT_SKIP
                   : l->wait_policy == PG_QUERY__LOCK_WAIT_POLICY__LockWaitError
                       ? SQL_LOCK_WAIT_NOWAIT
                       : SQL_LOCK_WAIT_BLOCK;
        sql__list_init(cv, &lk->rels, l->n_locked_rels);
        for (size_t k = 0; k < l->n_locked_rels; k++) {
            if (l->locked_rels[k]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
                return sql__malformed(cv, "locked relation");
            int rc = sql__cv_rangevar(cv, l->locked_rels[k]->range_var,
                                      (struct sql_rangevar **)&lk->rels.items[k]);
            if (rc != 0)
                return rc;
        }
        out->items[i] = lk;
    }
    return 0;
}

static int cv_select_inner(struct sql__cv *cv, const PgQuery__SelectStmt *s, struct sql_select *q)
{
    int rc;
    if (s->into_clause != NULL)
        return sql__unsupported(cv, "SELECT INTO");
    switch (s->op) {
    case PG_QUERY__SET_OPERATION__SETOP_UNION:
        q->op = SQL_SETOP_UNION;
        break;
    case PG_QUERY__SET_OPERATION__SETOP_INTERSECT:
        q->op = SQL_SETOP_INTERSECT;
        break;
    case PG_QUERY__SET_OPERATION__SETOP_EXCEPT:
        q->op = SQL_SETOP_EXCEPT;
        break;
    default:
        q->op = SQL_SETOP_NONE;
    }
    q->all = s->all;
    if (q->op != SQL_SETOP_NONE) {
        if (s->larg == NULL || s->rarg == NULL)
            return sql__malformed(cv, "set operation");
        rc = sql__cv_select(cv, s->larg, &q->larg);
        if (rc == 0)
            rc = sql__cv_select(cv, s->rarg, &q->rarg);
        if (rc != 0)
            return rc;
    }
    rc = sql__cv_with(cv, s->with_clause, &q->with);
    if (rc != 0)
        return rc;
    if (s->n_distinct_clause > 0) {
        q->distinct = true;
        /* Plain DISTINCT is a list holding one empty node. */
        if (!(s->n_distinct_clause == 1 &&
              s->distinct_clause[0]->node_case == PG_QUERY__NODE__NODE__NOT_SET)) {
            rc = sql__cv_exprs(cv, s->distinct_clause, s->n_distinct_clause, &q->distinct_on);
            if (rc != 0)
                return rc;
        }
    }
    rc = sql__cv_targets(cv, s->target_list, s->n_target_list, &q->targets);
    if (rc == 0)
        rc = cv_from_list(cv, s->from_clause, s->n_from_clause, &q->from);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->where_clause, &q->where);
    if (rc == 0)
        rc = sql__cv_group_clause(cv, s->group_clause, s->n_group_clause, &q->group_by, &q->gsets);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->having_clause, &q->having);
    if (rc == 0)
        rc = sql__cv_sortbys(cv, s->sort_clause, s->n_sort_clause, &q->order_by);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->limit_count, &q->limit);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->limit_offset, &q->offset);
    if (rc == 0)
        rc = cv_locking(cv, s->locking_clause, s->n_locking_clause, &q->locking);
    if (rc != 0)
        return rc;
    q->group_distinct = s->group_distinct;
    q->with_ties = s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES;
    sql__list_init(cv, &q->windows, s->n_window_clause);
    for (size_t i = 0; i < s->n_window_clause; i++) {
        if (s->window_clause[i]->node_case != PG_QUERY__NODE__NODE_WINDOW_DEF)
            return sql__malformed(cv, "WINDOW");
        rc = sql__cv_window(cv, s->window_clause[i]->window_def,
                            (struct sql_window **)&q->windows.items[i]);
        if (rc != 0)
            return rc;
    }
    sql__list_init(cv, &q->values, s->n_values_lists);
    for (size_t i = 0; i < s->n_values_lists; i++) {
        const pq_node *row = s->values_lists[i];
        if (row->node_case != PG_QUERY__NODE__NODE_LIST)
            return sql__malformed(cv, "VALUES");
        struct sql_list *l = mem_alloc0(cv->ctx, sizeof(*l));
        rc = sql__cv_exprs(cv, row->list->items, row->list->n_items, l);
        if (rc != 0)
            return rc;
        q->values.items[i] = l;
    }
    return 0;
}

int sql__cv_select(struct sql__cv *cv, const PgQuery__SelectStmt *s, struct sql_select **out)
{
    int rc = sql__cv_enter(cv);
    if (rc != 0)
        return rc;
    struct sql_select *q = mem_alloc0(cv->ctx, sizeof(*q));
    rc = cv_select_inner(cv, s, q);
    sql__cv_leave(cv);
    if (rc != 0)
        return rc;
    *out = q;
    return 0;
}

int sql__cv_select_node(struct sql__cv *cv, const pq_node *n, struct sql_select **out)
{
    if (n == NULL || n->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return sql__malformed(cv, "subquery");
    return sql__cv_select(cv, n->select_stmt, out);
}

int sql__cv_index_elems(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
            return sql__malformed(cv, "IndexElem");
        const PgQuery__IndexElem *ie = items[i]->index_elem;
        struct sql_index_elem *el = mem_alloc0(cv->ctx, sizeof(*el));
        el->name = sql__strdup(cv, ie->name);
        int rc = sql__cv_expr_opt(cv, ie->expr, &el->expr);
        if (rc != 0)
            return rc;
        el->dir = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_ASC    ? SQL_SORT_ASC
                  : ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC ? SQL_SORT_DESC
                                                                       : SQL_SORT_DEFAULT;
        el->nulls =
            ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST  ? SQL_NULLS_FIRST
            : ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? SQL_NULLS_LAST
                                                                               : SQL_NULLS_DEFAULT;
        if (ie->n_collation > 0) {
            el->collation = mem_alloc0(cv->ctx, sizeof(*el->collation));
            rc = sql__cv_qname(cv, ie->collation, ie->n_collation, el->collation);
            if (rc != 0)
                return rc;
        }
        if (ie->n_opclass > 0) {
            if (ie->n_opclassopts > 0)
                return sql__unsupported(cv, "operator class options");
            el->opclass = mem_alloc0(cv->ctx, sizeof(*el->opclass));
            rc = sql__cv_qname(cv, ie->opclass, ie->n_opclass, el->opclass);
            if (rc != 0)
                return rc;
        }
        out->items[i] = el;
    }
    return 0;
}

static int cv_insert(struct sql__cv *cv, const PgQuery__InsertStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_INSERT;
    int rc = sql__cv_with(cv, s->with_clause, &st->u.insert.with);
    if (rc == 0)
        rc = sql__cv_rangevar(cv, s->relation, &st->u.insert.table);
    if (rc == 0)
        rc = sql__cv_targets(cv, s->cols, s->n_cols, &st->u.insert.cols);
    if (rc == 0 && s->select_stmt != NULL)
        rc = sql__cv_select_node(cv, s->select_stmt, &st->u.insert.source);
    if (rc == 0)
        rc = sql__cv_targets(cv, s->returning_list, s->n_returning_list, &st->u.insert.returning);
    if (rc != 0)
        return rc;
    st->u.insert.overriding_system =
        s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE;
    st->u.insert.overriding_user = s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE;
    const PgQuery__OnConflictClause *oc = s->on_conflict_clause;
    if (oc != NULL) {
        st->u.insert.on_conflict.present = true;
        st->u.insert.on_conflict.location = oc->location;
        st->u.insert.on_conflict.do_update =
            oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
        if (oc->infer != NULL) {
            st->u.insert.on_conflict.infer_location = oc->infer->location;
            rc = sql__cv_index_elems(cv, oc->infer->index_elems, oc->infer->n_index_elems,
                                     &st->u.insert.on_conflict.infer);
            if (rc == 0)
                rc = sql__cv_expr_opt(cv, oc->infer->where_clause,
                                      &st->u.insert.on_conflict.infer_where);
            st->u.insert.on_conflict.constraint = sql__strdup(cv, oc->infer->conname);
        }
        if (rc == 0)
            rc = sql__cv_targets(cv, oc->target_list, oc->n_target_list,
                                 &st->u.insert.on_conflict.set);
        if (rc == 0)
            rc = sql__cv_expr_opt(cv, oc->where_clause, &st->u.insert.on_conflict.where);
    }
    return rc;
}

static int cv_update(struct sql__cv *cv, const PgQuery__UpdateStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_UPDATE;
    int rc = sql__cv_with(cv, s->with_clause, &st->u.update.with);
    if (rc == 0)
        rc = sql__cv_rangevar(cv, s->relation, &st->u.update.table);
    if (rc == 0)
        rc = sql__cv_targets(cv, s->target_list, s->n_target_list, &st->u.update.set);
    if (rc == 0)
        rc = cv_from_list(cv, s->from_clause, s->n_from_clause, &st->u.update.from);
    if (rc == 0 && s->where_clause != NULL &&
        s->where_clause->node_case == PG_QUERY__NODE__NODE_CURRENT_OF_EXPR) {
        if (s->where_clause->current_of_expr->cursor_name == NULL ||
            s->where_clause->current_of_expr->cursor_name[0] == '\0')
            return sql__unsupported(cv, "WHERE CURRENT OF a cursor parameter");
        st->u.update.current_of = sql__strdup(cv, s->where_clause->current_of_expr->cursor_name);
    } else if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->where_clause, &st->u.update.where);
    if (rc == 0)
        rc = sql__cv_targets(cv, s->returning_list, s->n_returning_list, &st->u.update.returning);
    return rc;
}

static int cv_delete(struct sql__cv *cv, const PgQuery__DeleteStmt *s, struct sql_stmt *st)
{
    st->kind = SQL_STMT_DELETE;
    int rc = sql__cv_with(cv, s->with_clause, &st->u.delete_.with);
    if (rc == 0)
        rc = sql__cv_rangevar(cv, s->relation, &st->u.delete_.table);
    if (rc == 0)
        rc = cv_from_list(cv, s->using_clause, s->n_using_clause, &st->u.delete_.using_);
    if (rc == 0 && s->where_clause != NULL &&
        s->where_clause->node_case == PG_QUERY__NODE__NODE_CURRENT_OF_EXPR) {
        if (s->where_clause->current_of_expr->cursor_name == NULL ||
            s->where_clause->current_of_expr->cursor_name[0] == '\0')
            return sql__unsupported(cv, "WHERE CURRENT OF a cursor parameter");
        st->u.delete_.current_of = sql__strdup(cv, s->where_clause->current_of_expr->cursor_name);
    } else if (rc == 0)
        rc = sql__cv_expr_opt(cv, s->where_clause, &st->u.delete_.where);
    if (rc == 0)
        rc = sql__cv_targets(cv, s->returning_list, s->n_returning_list, &st->u.delete_.returning);
    return rc;
}

int sql__cv_dml(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (n->select_stmt->into_clause != NULL && n->select_stmt->into_clause->rel != NULL) {
            /* SELECT ... INTO t: CREATE TABLE t AS SELECT ... */
            PgQuery__SelectStmt q = *n->select_stmt;
            q.into_clause = NULL;
            st->kind = SQL_STMT_CREATE_TABLE_AS;
            int rc = sql__cv_rangevar(cv, n->select_stmt->into_clause->rel,
                                      &st->u.create_table_as.table);
            return rc != 0 ? rc : sql__cv_select(cv, &q, &st->u.create_table_as.query);
        }
        st->kind = SQL_STMT_SELECT;
        return sql__cv_select(cv, n->select_stmt, &st->u.select);
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return cv_insert(cv, n->insert_stmt, st);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return cv_update(cv, n->update_stmt, st);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return cv_delete(cv, n->delete_stmt, st);
    default:
        return 1;
    }
}

int sql__cv_stmt(struct sql__cv *cv, const pq_node *n, struct sql_stmt **out)
{
    int rc = sql__cv_enter(cv);
    if (rc != 0)
        return rc;
    struct sql_stmt *st = mem_alloc0(cv->ctx, sizeof(*st));
    st->location = -1;
    rc = sql__cv_dml(cv, n, st);
    if (rc == 1)
        rc = sql__cv_enum(cv, n, st);
    if (rc == 1)
        rc = sql__cv_domain(cv, n, st);
    if (rc == 1)
        rc = sql__cv_function(cv, n, st);
    if (rc == 1)
        rc = sql__cv_alter_owner(cv, n, st);
    if (rc == 1)
        rc = sql__cv_trigger(cv, n, st);
    if (rc == 1)
        rc = sql__cv_grant(cv, n, st);
    if (rc == 1)
        rc = sql__cv_ddl(cv, n, st);
    if (rc == 1)
        rc = sql__cv_util(cv, n, st);
    if (rc == 1)
        rc = sql__unsupported_node(cv, n);
    sql__cv_leave(cv);
    if (rc != 0)
        return rc;
    *out = st;
    return 0;
}
