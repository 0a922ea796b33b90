/* parse_fmt.c — sql_ast_format_*: an S-expression form of ast.h trees, for
 * tests and debugging. Not SQL: names are printed raw (no quoting), strings
 * in single quotes with '' doubled.
 *
 * Recursion follows the tree, whose depth sql_parse bounds (max_depth).
 */
#include "common/str.h"
#include "sql/ast.h"
#include "sql/sqlfn.h"
#include "sql/trigger.h"

#include <inttypes.h>
#include <stddef.h>

static void fmt_select(struct sbuf *b, const struct sql_select *q);

static void put_qname(struct sbuf *b, const struct sql_qname *q)
{
    if (q->catalog != NULL)
        sbuf_printf(b, "%s.", q->catalog);
    if (q->schema != NULL)
        sbuf_printf(b, "%s.", q->schema);
    sbuf_puts(b, q->name != NULL ? q->name : "?");
}

static void put_str(struct sbuf *b, const char *s)
{
    sbuf_putc(b, '\'');
    for (; *s != '\0'; s++) {
        if (*s == '\'')
            sbuf_putc(b, '\'');
        sbuf_putc(b, *s);
    }
    sbuf_putc(b, '\'');
}

static void put_names(struct sbuf *b, const struct sql_list *l, const char *sep)
{
    for (int i = 0; i < l->n; i++) {
        if (i > 0)
            sbuf_puts(b, sep);
        sbuf_puts(b, (const char *)l->items[i]);
    }
}

static void put_exprs(struct sbuf *b, const struct sql_list *l)
{
    for (int i = 0; i < l->n; i++) {
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, l->items[i]);
    }
}

static void put_type(struct sbuf *b, const struct sql_typename *t)
{
    if (t->setof)
        sbuf_puts(b, "SETOF ");
    put_qname(b, &t->name);
    if (t->typmods.n > 0) {
        sbuf_putc(b, '(');
        for (int i = 0; i < t->typmods.n; i++) {
            if (i > 0)
                sbuf_putc(b, ',');
            sql_ast_format_expr(b, t->typmods.items[i]);
        }
        sbuf_putc(b, ')');
    }
    for (int i = 0; i < t->array_dims; i++)
        sbuf_puts(b, "[]");
}

static void put_sortby(struct sbuf *b, const struct sql_sortby *s)
{
    static const char *const dirs[] = {"", " ASC", " DESC", " USING "};
    static const char *const nulls[] = {"", " NULLS FIRST", " NULLS LAST"};
    if (s->dir == SQL_SORT_DEFAULT && s->nulls == SQL_NULLS_DEFAULT) {
        sql_ast_format_expr(b, s->expr);
        return;
    }
    sbuf_putc(b, '(');
    sql_ast_format_expr(b, s->expr);
    sbuf_puts(b, dirs[s->dir]);
    if (s->dir == SQL_SORT_USING)
        sbuf_puts(b, s->using_op);
    sbuf_puts(b, nulls[s->nulls]);
    sbuf_putc(b, ')');
}

static void put_sortbys(struct sbuf *b, const char *head, const struct sql_list *l)
{
    if (l->n == 0)
        return;
    sbuf_printf(b, " (%s", head);
    for (int i = 0; i < l->n; i++) {
        sbuf_putc(b, ' ');
        put_sortby(b, l->items[i]);
    }
    sbuf_putc(b, ')');
}

static void put_bound(struct sbuf *b, int fo, bool start, const struct sql_expr *off)
{
    if (fo & (start ? SQL_FRAME_START_UNBOUNDED_PRECEDING : SQL_FRAME_END_UNBOUNDED_PRECEDING))
        sbuf_puts(b, "UNBOUNDED PRECEDING");
    else if (fo & (start ? SQL_FRAME_START_UNBOUNDED_FOLLOWING : SQL_FRAME_END_UNBOUNDED_FOLLOWING))
        sbuf_puts(b, "UNBOUNDED FOLLOWING");
    else if (fo & (start ? SQL_FRAME_START_CURRENT_ROW : SQL_FRAME_END_CURRENT_ROW))
        sbuf_puts(b, "CURRENT ROW");
    else {
        if (off != NULL)
            sql_ast_format_expr(b, off);
        sbuf_puts(b,
                  fo & (start ? SQL_FRAME_START_OFFSET_PRECEDING : SQL_FRAME_END_OFFSET_PRECEDING)
                      ? " PRECEDING"
                      : " FOLLOWING");
    }
}

static void put_window(struct sbuf *b, const struct sql_window *w)
{
    sbuf_puts(b, "(WINDOW");
    if (w->name != NULL)
        sbuf_printf(b, " %s", w->name);
    if (w->refname != NULL)
        sbuf_printf(b, " (BASE %s)", w->refname);
    if (w->partition.n > 0) {
        sbuf_puts(b, " (PARTITION BY");
        put_exprs(b, &w->partition);
        sbuf_putc(b, ')');
    }
    put_sortbys(b, "ORDER BY", &w->order);
    int fo = w->frame_options;
    if (fo & SQL_FRAME_NONDEFAULT) {
        sbuf_puts(b, fo & SQL_FRAME_ROWS     ? " (ROWS "
                     : fo & SQL_FRAME_GROUPS ? " (GROUPS "
                                             : " (RANGE ");
        if (fo & SQL_FRAME_BETWEEN)
            sbuf_puts(b, "BETWEEN ");
        put_bound(b, fo, true, w->start_offset);
        if (fo & SQL_FRAME_BETWEEN) {
            sbuf_puts(b, " AND ");
            put_bound(b, fo, false, w->end_offset);
        }
        if (fo & SQL_FRAME_EXCLUDE_CURRENT_ROW)
            sbuf_puts(b, " EXCLUDE CURRENT ROW");
        if (fo & SQL_FRAME_EXCLUDE_GROUP)
            sbuf_puts(b, " EXCLUDE GROUP");
        if (fo & SQL_FRAME_EXCLUDE_TIES)
            sbuf_puts(b, " EXCLUDE TIES");
        sbuf_putc(b, ')');
    }
    sbuf_putc(b, ')');
}

static void put_indirs(struct sbuf *b, const struct sql_list *l)
{
    for (int i = 0; i < l->n; i++) {
        const struct sql_indir *d = l->items[i];
        switch (d->kind) {
        case SQL_INDIR_SUBSCRIPT:
            sbuf_puts(b, " [");
            sql_ast_format_expr(b, d->uidx);
            sbuf_putc(b, ']');
            break;
        case SQL_INDIR_SLICE:
            sbuf_puts(b, " [");
            if (d->lidx != NULL)
                sql_ast_format_expr(b, d->lidx);
            sbuf_putc(b, ':');
            if (d->uidx != NULL)
                sql_ast_format_expr(b, d->uidx);
            sbuf_putc(b, ']');
            break;
        case SQL_INDIR_FIELD:
            sbuf_printf(b, " .%s", d->field);
            break;
        case SQL_INDIR_STAR:
            sbuf_puts(b, " .*");
            break;
        }
    }
}

static const char *const sqlvalue_names[] = {
    "CURRENT_DATE",   "CURRENT_TIME",    "CURRENT_TIMESTAMP", "LOCALTIME",
    "LOCALTIMESTAMP", "CURRENT_ROLE",    "CURRENT_USER",      "USER",
    "SESSION_USER",   "CURRENT_CATALOG", "CURRENT_SCHEMA",
};

void sql_ast_format_expr(struct sbuf *b, const struct sql_expr *e)
{
    if (e == NULL) {
        sbuf_puts(b, "<null>");
        return;
    }
    switch (e->kind) {
    case SQL_EXPR_CONST:
        switch (e->u.c.kind) {
        case SQL_CONST_NULL:
            sbuf_puts(b, "NULL");
            break;
        case SQL_CONST_BOOL:
            sbuf_puts(b, e->u.c.bval ? "TRUE" : "FALSE");
            break;
        case SQL_CONST_INT4:
            sbuf_printf(b, "%" PRId64, e->u.c.ival);
            break;
        case SQL_CONST_INT8:
            sbuf_printf(b, "int8:%" PRId64, e->u.c.ival);
            break;
        case SQL_CONST_NUMERIC:
            sbuf_printf(b, "num:%s", e->u.c.str);
            break;
        case SQL_CONST_STRING:
            put_str(b, e->u.c.str);
            break;
        case SQL_CONST_BITSTRING:
            sbuf_printf(b, "bits:%s", e->u.c.str);
            break;
        }
        break;
    case SQL_EXPR_COLUMN:
        put_names(b, &e->u.column.fields, ".");
        if (e->u.column.star)
            sbuf_puts(b, e->u.column.fields.n > 0 ? ".*" : "*");
        break;
    case SQL_EXPR_PARAM:
        sbuf_printf(b, "$%d", e->u.param);
        break;
    case SQL_EXPR_OP:
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL:
        sbuf_putc(b, '(');
        if (e->u.op.schema != NULL)
            sbuf_printf(b, "OPERATOR(%s.%s)", e->u.op.schema, e->u.op.name);
        else
            sbuf_puts(b, e->u.op.name);
        if (e->kind != SQL_EXPR_OP)
            sbuf_puts(b, e->kind == SQL_EXPR_OP_ANY ? " ANY" : " ALL");
        if (e->u.op.l != NULL) {
            sbuf_putc(b, ' ');
            sql_ast_format_expr(b, e->u.op.l);
        }
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, e->u.op.r);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_DISTINCT:
    case SQL_EXPR_NULLIF:
        sbuf_puts(b, e->kind == SQL_EXPR_NULLIF ? "(NULLIF "
                     : e->u.op.not              ? "(IS NOT DISTINCT FROM "
                                                : "(IS DISTINCT FROM ");
        sql_ast_format_expr(b, e->u.op.l);
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, e->u.op.r);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT:
    case SQL_EXPR_COALESCE:
    case SQL_EXPR_GREATEST:
    case SQL_EXPR_LEAST:
    case SQL_EXPR_ARRAY: {
        static const char *const heads[] = {
            [SQL_EXPR_AND] = "AND",           [SQL_EXPR_OR] = "OR",
            [SQL_EXPR_NOT] = "NOT",           [SQL_EXPR_COALESCE] = "COALESCE",
            [SQL_EXPR_GREATEST] = "GREATEST", [SQL_EXPR_LEAST] = "LEAST",
            [SQL_EXPR_ARRAY] = "ARRAY"};
        sbuf_printf(b, "(%s", heads[e->kind]);
        put_exprs(b, &e->u.args);
        sbuf_putc(b, ')');
        break;
    }
    case SQL_EXPR_ROW:
        sbuf_puts(b, e->u.row.explicit_row ? "(ROW" : "(ROW-IMPLICIT");
        put_exprs(b, &e->u.row.args);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_NULLTEST:
        sbuf_puts(b, e->u.nulltest.not ? "(IS NOT NULL " : "(IS NULL ");
        sql_ast_format_expr(b, e->u.nulltest.arg);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_BOOLTEST: {
        static const char *const t[] = {"IS TRUE",      "IS NOT TRUE", "IS FALSE",
                                        "IS NOT FALSE", "IS UNKNOWN",  "IS NOT UNKNOWN"};
        sbuf_printf(b, "(%s ", t[e->u.booltest.test]);
        sql_ast_format_expr(b, e->u.booltest.arg);
        sbuf_putc(b, ')');
        break;
    }
    case SQL_EXPR_BETWEEN:
        sbuf_printf(b, "(%sBETWEEN%s ", e->u.between.not ? "NOT " : "",
                    e->u.between.symmetric ? " SYMMETRIC" : "");
        sql_ast_format_expr(b, e->u.between.arg);
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, e->u.between.lo);
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, e->u.between.hi);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_IN:
        sbuf_puts(b, e->u.in.not ? "(NOT IN " : "(IN ");
        sql_ast_format_expr(b, e->u.in.arg);
        sbuf_puts(b, " (");
        for (int i = 0; i < e->u.in.list.n; i++) {
            if (i > 0)
                sbuf_putc(b, ' ');
            sql_ast_format_expr(b, e->u.in.list.items[i]);
        }
        sbuf_puts(b, "))");
        break;
    case SQL_EXPR_LIKE: {
        static const char *const k[] = {"LIKE", "ILIKE", "SIMILAR"};
        sbuf_printf(b, "(%s%s ", e->u.like.not ? "NOT " : "", k[e->u.like.kind]);
        sql_ast_format_expr(b, e->u.like.arg);
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, e->u.like.pattern);
        sbuf_putc(b, ')');
        break;
    }
    case SQL_EXPR_SUBLINK:
        switch (e->u.sublink.kind) {
        case SQL_SUBLINK_EXISTS:
            sbuf_puts(b, "(EXISTS ");
            break;
        case SQL_SUBLINK_ANY:
        case SQL_SUBLINK_ALL:
            sbuf_printf(b, "(%s %s ", e->u.sublink.op,
                        e->u.sublink.kind == SQL_SUBLINK_ANY ? "ANY" : "ALL");
            sql_ast_format_expr(b, e->u.sublink.test);
            sbuf_putc(b, ' ');
            break;
        case SQL_SUBLINK_EXPR:
            sbuf_puts(b, "(SUBQUERY ");
            break;
        case SQL_SUBLINK_ARRAY:
            sbuf_puts(b, "(ARRAY ");
            break;
        case SQL_SUBLINK_ROWCOMPARE:
            sbuf_printf(b, "(%s ROWCOMPARE ", e->u.sublink.op);
            sql_ast_format_expr(b, e->u.sublink.test);
            sbuf_putc(b, ' ');
            break;
        }
        fmt_select(b, e->u.sublink.query);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_CASE:
        sbuf_puts(b, "(CASE");
        if (e->u.case_.arg != NULL) {
            sbuf_putc(b, ' ');
            sql_ast_format_expr(b, e->u.case_.arg);
        }
        for (int i = 0; i < e->u.case_.whens.n; i++) {
            const struct sql_case_when *w = e->u.case_.whens.items[i];
            sbuf_puts(b, " (WHEN ");
            sql_ast_format_expr(b, w->cond);
            sbuf_putc(b, ' ');
            sql_ast_format_expr(b, w->result);
            sbuf_putc(b, ')');
        }
        if (e->u.case_.def != NULL) {
            sbuf_puts(b, " (ELSE ");
            sql_ast_format_expr(b, e->u.case_.def);
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_CAST:
        sbuf_puts(b, "(CAST ");
        sql_ast_format_expr(b, e->u.cast.arg);
        sbuf_putc(b, ' ');
        put_type(b, e->u.cast.type);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_FUNC:
        sbuf_puts(b, "(CALL ");
        put_qname(b, &e->u.func.name);
        if (e->u.func.distinct)
            sbuf_puts(b, " DISTINCT");
        if (e->u.func.variadic)
            sbuf_puts(b, " VARIADIC");
        if (e->u.func.star)
            sbuf_puts(b, " *");
        put_exprs(b, &e->u.func.args);
        put_sortbys(b, e->u.func.within_group ? "WITHIN GROUP" : "ORDER BY", &e->u.func.order);
        if (e->u.func.filter != NULL) {
            sbuf_puts(b, " (FILTER ");
            sql_ast_format_expr(b, e->u.func.filter);
            sbuf_putc(b, ')');
        }
        if (e->u.func.over != NULL) {
            sbuf_puts(b, " (OVER ");
            put_window(b, e->u.func.over);
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_INDIRECTION:
        sbuf_puts(b, "(INDIR ");
        sql_ast_format_expr(b, e->u.indir.arg);
        put_indirs(b, &e->u.indir.path);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_COLLATE:
        sbuf_puts(b, "(COLLATE ");
        sql_ast_format_expr(b, e->u.collate.arg);
        sbuf_putc(b, ' ');
        put_qname(b, &e->u.collate.collation);
        sbuf_putc(b, ')');
        break;
    case SQL_EXPR_SQLVALUE:
        sbuf_puts(b, sqlvalue_names[e->u.sqlvalue.op]);
        if (e->u.sqlvalue.typmod >= 0)
            sbuf_printf(b, "(%d)", e->u.sqlvalue.typmod);
        break;
    case SQL_EXPR_DEFAULT:
        sbuf_puts(b, "DEFAULT");
        break;
    }
}

static void put_alias(struct sbuf *b, const struct sql_alias *a)
{
    if (a == NULL)
        return;
    sbuf_printf(b, " AS %s", a->name);
    if (a->colnames.n > 0) {
        sbuf_puts(b, " (");
        put_names(b, &a->colnames, " ");
        sbuf_putc(b, ')');
    }
}

static void put_rangevar(struct sbuf *b, const struct sql_rangevar *r)
{
    if (r->alias == NULL && !r->only && r->persistence == 'p') {
        put_qname(b, &r->name);
        return;
    }
    sbuf_puts(b, "(");
    if (r->only)
        sbuf_puts(b, "ONLY ");
    if (r->persistence == 't')
        sbuf_puts(b, "TEMP ");
    else if (r->persistence == 'u')
        sbuf_puts(b, "UNLOGGED ");
    put_qname(b, &r->name);
    put_alias(b, r->alias);
    sbuf_putc(b, ')');
}

static void put_from(struct sbuf *b, const struct sql_from *f)
{
    static const char *const joins[] = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN",
                                        "CROSS JOIN"};
    switch (f->kind) {
    case SQL_FROM_TABLE:
        put_rangevar(b, f->u.table);
        break;
    case SQL_FROM_SUBQUERY:
        sbuf_puts(b, f->u.sub.lateral ? "(LATERAL " : "(SUBQUERY ");
        fmt_select(b, f->u.sub.query);
        put_alias(b, f->u.sub.alias);
        sbuf_putc(b, ')');
        break;
    case SQL_FROM_FUNCTION:
        sbuf_puts(b, f->u.func.lateral ? "(LATERAL FUNCTION " : "(FUNCTION ");
        if (f->u.func.rowsfrom)
            sbuf_puts(b, "ROWS FROM ");
        for (int k = 0; k < (f->u.func.rowsfrom ? f->u.func.calls.n : 1); k++) {
            if (k > 0)
                sbuf_puts(b, ", ");
            sql_ast_format_expr(b, f->u.func.rowsfrom ? f->u.func.calls.items[k] : f->u.func.call);
            const struct sql_list *dk = f->u.func.coldefs.n > k ? f->u.func.coldefs.items[k] : NULL;
            for (int i = 0; dk != NULL && i < dk->n; i++) {
                const struct sql_funccol *c = dk->items[i];
                sbuf_printf(b, "%s%s ", i == 0 ? " AS (" : ", ", c->name);
                put_type(b, c->type);
                if (i + 1 == dk->n)
                    sbuf_putc(b, ')');
            }
        }
        if (f->u.func.ordinality)
            sbuf_puts(b, " WITH ORDINALITY");
        put_alias(b, f->u.func.alias);
        sbuf_putc(b, ')');
        break;
    case SQL_FROM_JOIN:
        sbuf_printf(b, "(%s%s ", f->u.join.natural ? "NATURAL " : "", joins[f->u.join.type]);
        put_from(b, f->u.join.l);
        sbuf_putc(b, ' ');
        put_from(b, f->u.join.r);
        if (f->u.join.on != NULL) {
            sbuf_puts(b, " (ON ");
            sql_ast_format_expr(b, f->u.join.on);
            sbuf_putc(b, ')');
        }
        if (f->u.join.using_cols.n > 0) {
            sbuf_puts(b, " (USING ");
            put_names(b, &f->u.join.using_cols, " ");
            sbuf_putc(b, ')');
            put_alias(b, f->u.join.using_alias);
        }
        put_alias(b, f->u.join.alias);
        sbuf_putc(b, ')');
        break;
    }
}

static void put_targets(struct sbuf *b, const char *head, const struct sql_list *l)
{
    if (l->n == 0)
        return;
    sbuf_printf(b, " (%s", head);
    for (int i = 0; i < l->n; i++) {
        const struct sql_target *t = l->items[i];
        sbuf_putc(b, ' ');
        if (t->name == NULL) {
            sql_ast_format_expr(b, t->val);
            continue;
        }
        if (t->val == NULL && t->indirection.n == 0) {
            sbuf_puts(b, t->name);
            continue;
        }
        sbuf_printf(b, "(%s", t->name);
        put_indirs(b, &t->indirection);
        if (t->val != NULL) {
            sbuf_putc(b, ' ');
            sql_ast_format_expr(b, t->val);
        }
        sbuf_putc(b, ')');
    }
    sbuf_putc(b, ')');
}

static void put_with(struct sbuf *b, const struct sql_with *w)
{
    if (w == NULL)
        return;
    sbuf_puts(b, w->recursive ? " (WITH RECURSIVE" : " (WITH");
    for (int i = 0; i < w->ctes.n; i++) {
        const struct sql_cte *c = w->ctes.items[i];
        sbuf_printf(b, " (%s", c->name);
        if (c->colnames.n > 0) {
            sbuf_puts(b, " (");
            put_names(b, &c->colnames, " ");
            sbuf_putc(b, ')');
        }
        if (c->materialize != SQL_CTE_DEFAULT)
            sbuf_puts(b, c->materialize == SQL_CTE_MATERIALIZED ? " MATERIALIZED"
                                                                : " NOT MATERIALIZED");
        sbuf_putc(b, ' ');
        sql_ast_format_stmt(b, c->query);
        sbuf_putc(b, ')');
    }
    sbuf_putc(b, ')');
}

static void put_expr_clause(struct sbuf *b, const char *head, const struct sql_expr *e)
{
    if (e == NULL)
        return;
    sbuf_printf(b, " (%s ", head);
    sql_ast_format_expr(b, e);
    sbuf_putc(b, ')');
}

static void fmt_select(struct sbuf *b, const struct sql_select *q)
{
    static const char *const ops[] = {"", "UNION", "INTERSECT", "EXCEPT"};
    if (q->op != SQL_SETOP_NONE) {
        sbuf_printf(b, "(%s%s", ops[q->op], q->all ? " ALL" : "");
        put_with(b, q->with);
        sbuf_putc(b, ' ');
        fmt_select(b, q->larg);
        sbuf_putc(b, ' ');
        fmt_select(b, q->rarg);
    } else if (q->values.n > 0) {
        sbuf_puts(b, "(VALUES");
        put_with(b, q->with);
        for (int i = 0; i < q->values.n; i++) {
            const struct sql_list *row = q->values.items[i];
            sbuf_puts(b, " (");
            for (int k = 0; k < row->n; k++) {
                if (k > 0)
                    sbuf_putc(b, ' ');
                sql_ast_format_expr(b, row->items[k]);
            }
            sbuf_putc(b, ')');
        }
    } else {
        sbuf_puts(b, "(SELECT");
        put_with(b, q->with);
        if (q->distinct && q->distinct_on.n == 0)
            sbuf_puts(b, " DISTINCT");
        if (q->distinct_on.n > 0) {
            sbuf_puts(b, " (DISTINCT ON");
            put_exprs(b, &q->distinct_on);
            sbuf_putc(b, ')');
        }
        put_targets(b, "TARGETS", &q->targets);
        if (q->from.n > 0) {
            sbuf_puts(b, " (FROM");
            for (int i = 0; i < q->from.n; i++) {
                sbuf_putc(b, ' ');
                put_from(b, q->from.items[i]);
            }
            sbuf_putc(b, ')');
        }
        put_expr_clause(b, "WHERE", q->where);
        if (q->group_by.n > 0) {
            sbuf_puts(b, q->group_distinct ? " (GROUP BY DISTINCT" : " (GROUP BY");
            put_exprs(b, &q->group_by);
            sbuf_putc(b, ')');
        }
        if (q->gsets.n > 0) {
            sbuf_puts(b, " (GROUPING SETS");
            for (int i = 0; i < q->gsets.n; i++) {
                const struct sql_gset *g = q->gsets.items[i];
                sbuf_puts(b, " (");
                for (int j = 0; j < g->n; j++)
                    sbuf_printf(b, j > 0 ? " %d" : "%d", g->idx[j]);
                sbuf_putc(b, ')');
            }
            sbuf_putc(b, ')');
        }
        put_expr_clause(b, "HAVING", q->having);
        for (int i = 0; i < q->windows.n; i++) {
            sbuf_putc(b, ' ');
            put_window(b, q->windows.items[i]);
        }
    }
    put_sortbys(b, "ORDER BY", &q->order_by);
    put_expr_clause(b, q->with_ties ? "FETCH WITH TIES" : "LIMIT", q->limit);
    put_expr_clause(b, "OFFSET", q->offset);
    static const char *const str[] = {"FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE",
                                      "FOR UPDATE"};
    static const char *const wait[] = {"", " SKIP LOCKED", " NOWAIT"};
    for (int i = 0; i < q->locking.n; i++) {
        const struct sql_locking *l = q->locking.items[i];
        sbuf_printf(b, " (%s", str[l->strength]);
        for (int k = 0; k < l->rels.n; k++) {
            sbuf_putc(b, ' ');
            put_rangevar(b, l->rels.items[k]);
        }
        sbuf_printf(b, "%s)", wait[l->wait]);
    }
    sbuf_putc(b, ')');
}

static void put_option(struct sbuf *b, const struct sql_option *o)
{
    sbuf_putc(b, '(');
    if (o->ns != NULL)
        sbuf_printf(b, "%s.", o->ns);
    sbuf_puts(b, o->name);
    switch (o->kind) {
    case SQL_OPT_NONE:
        break;
    case SQL_OPT_STRING:
        sbuf_putc(b, ' ');
        put_str(b, o->str);
        break;
    case SQL_OPT_INT:
        sbuf_printf(b, " %" PRId64, o->ival);
        break;
    case SQL_OPT_NUMERIC:
        sbuf_printf(b, " num:%s", o->str);
        break;
    case SQL_OPT_BOOL:
        sbuf_puts(b, o->bval ? " TRUE" : " FALSE");
        break;
    case SQL_OPT_TYPE:
        sbuf_putc(b, ' ');
        put_type(b, o->type);
        break;
    case SQL_OPT_LIST:
        sbuf_puts(b, " (");
        put_names(b, &o->list, " ");
        sbuf_putc(b, ')');
        break;
    case SQL_OPT_STAR:
        sbuf_puts(b, " *");
        break;
    }
    sbuf_putc(b, ')');
}

static void put_options(struct sbuf *b, const char *head, const struct sql_list *l)
{
    if (l->n == 0)
        return;
    sbuf_printf(b, " (%s", head);
    for (int i = 0; i < l->n; i++) {
        sbuf_putc(b, ' ');
        put_option(b, l->items[i]);
    }
    sbuf_putc(b, ')');
}

static void put_name_list(struct sbuf *b, const char *head, const struct sql_list *l)
{
    if (l->n == 0)
        return;
    sbuf_printf(b, " (%s ", head);
    put_names(b, l, " ");
    sbuf_putc(b, ')');
}

static void put_constraint(struct sbuf *b, const struct sql_constraint *c)
{
    static const char *const kinds[] = {"NULL",  "NOT NULL",    "DEFAULT", "IDENTITY",  "GENERATED",
                                        "CHECK", "PRIMARY KEY", "UNIQUE",  "REFERENCES"};
    sbuf_printf(b, "(%s", kinds[c->kind]);
    if (c->name != NULL)
        sbuf_printf(b, " (NAME %s)", c->name);
    if (c->kind == SQL_CONSTR_IDENTITY || c->kind == SQL_CONSTR_GENERATED)
        sbuf_puts(b, c->generated_when == 'a' ? " ALWAYS" : " BY DEFAULT");
    if (c->expr != NULL) {
        sbuf_putc(b, ' ');
        sql_ast_format_expr(b, c->expr);
    }
    put_name_list(b, "KEYS", &c->keys);
    put_name_list(b, "INCLUDE", &c->include);
    put_options(b, "OPTIONS", &c->options);
    if (c->kind == SQL_CONSTR_FOREIGN) {
        put_name_list(b, "COLS", &c->fk_cols);
        sbuf_putc(b, ' ');
        put_rangevar(b, c->ref_table);
        put_name_list(b, "REFCOLS", &c->ref_cols);
        sbuf_printf(b, " (MATCH %c) (ON UPDATE %c) (ON DELETE %c)", c->match ? c->match : '-',
                    c->on_update ? c->on_update : '-', c->on_delete ? c->on_delete : '-');
    }
    if (c->nulls_not_distinct)
        sbuf_puts(b, " NULLS NOT DISTINCT");
    if (c->deferrable)
        sbuf_puts(b, " DEFERRABLE");
    if (c->initially_deferred)
        sbuf_puts(b, " INITIALLY DEFERRED");
    if (c->no_inherit)
        sbuf_puts(b, " NO INHERIT");
    if (c->not_valid)
        sbuf_puts(b, " NOT VALID");
    sbuf_putc(b, ')');
}

static void put_coldef(struct sbuf *b, const struct sql_column_def *c)
{
    sbuf_printf(b, "(COLUMN %s ", c->name);
    if (c->type != NULL)
        put_type(b, c->type);
    if (c->collation != NULL) {
        sbuf_puts(b, " (COLLATE ");
        put_qname(b, c->collation);
        sbuf_putc(b, ')');
    }
    for (int i = 0; i < c->constraints.n; i++) {
        sbuf_putc(b, ' ');
        put_constraint(b, c->constraints.items[i]);
    }
    sbuf_putc(b, ')');
}

static void put_index_elems(struct sbuf *b, const struct sql_list *l)
{
    static const char *const dirs[] = {"", " ASC", " DESC", ""};
    static const char *const nulls[] = {"", " NULLS FIRST", " NULLS LAST"};
    for (int i = 0; i < l->n; i++) {
        const struct sql_index_elem *el = l->items[i];
        sbuf_puts(b, " (");
        if (el->name != NULL)
            sbuf_puts(b, el->name);
        else
            sql_ast_format_expr(b, el->expr);
        if (el->collation != NULL) {
            sbuf_puts(b, " COLLATE ");
            put_qname(b, el->collation);
        }
        if (el->opclass != NULL) {
            sbuf_putc(b, ' ');
            put_qname(b, el->opclass);
        }
        sbuf_printf(b, "%s%s)", dirs[el->dir], nulls[el->nulls]);
    }
}

static void put_modes(struct sbuf *b, const struct sql_txn_modes *m)
{
    static const char *const iso[] = {"", " (ISOLATION READ UNCOMMITTED)",
                                      " (ISOLATION READ COMMITTED)", " (ISOLATION REPEATABLE READ)",
                                      " (ISOLATION SERIALIZABLE)"};
    sbuf_puts(b, iso[m->isolation]);
    if (m->read_only >= 0)
        sbuf_puts(b, m->read_only ? " READ ONLY" : " READ WRITE");
    if (m->deferrable >= 0)
        sbuf_puts(b, m->deferrable ? " DEFERRABLE" : " NOT DEFERRABLE");
}

/* Indexed by enum sql_object_type (ast.h), in its order. */
static const char *const objnames[] = {
    "TABLE", "INDEX",  "SEQUENCE",          "VIEW",      "SCHEMA", "DATABASE",
    "ROLE",  "COLUMN", "MATERIALIZED VIEW", "CONSTRAINT"};
_Static_assert(sizeof objnames / sizeof objnames[0] == SQL_OBJ_CONSTRAINT + 1,
               "objnames follows enum sql_object_type");

static const char *behavior_str(enum sql_drop_behavior bh)
{
    return bh == SQL_DROP_CASCADE ? " CASCADE" : bh == SQL_DROP_RESTRICT ? " RESTRICT" : "";
}

static void put_alter_cmd(struct sbuf *b, const struct sql_alter_cmd *a)
{
    switch (a->kind) {
    case SQL_ALTER_ADD_COLUMN:
        sbuf_puts(b, a->if_exists ? "(ADD IF NOT EXISTS " : "(ADD ");
        put_coldef(b, a->column);
        break;
    case SQL_ALTER_DROP_COLUMN:
        sbuf_printf(b, "(DROP COLUMN%s %s%s", a->if_exists ? " IF EXISTS" : "", a->name,
                    behavior_str(a->behavior));
        break;
    case SQL_ALTER_ADD_CONSTRAINT:
        sbuf_puts(b, "(ADD CONSTRAINT ");
        put_constraint(b, a->constraint);
        break;
    case SQL_ALTER_DROP_CONSTRAINT:
        sbuf_printf(b, "(DROP CONSTRAINT%s %s%s", a->if_exists ? " IF EXISTS" : "", a->name,
                    behavior_str(a->behavior));
        break;
    case SQL_ALTER_SET_DEFAULT:
        sbuf_printf(b, "(SET DEFAULT %s ", a->name);
        sql_ast_format_expr(b, a->expr);
        break;
    case SQL_ALTER_DROP_DEFAULT:
        sbuf_printf(b, "(DROP DEFAULT %s", a->name);
        break;
    case SQL_ALTER_SET_NOT_NULL:
        sbuf_printf(b, "(SET NOT NULL %s", a->name);
        break;
    case SQL_ALTER_DROP_NOT_NULL:
        sbuf_printf(b, "(DROP NOT NULL %s", a->name);
        break;
    case SQL_ALTER_TYPE:
        sbuf_printf(b, "(TYPE %s ", a->name);
        put_type(b, a->type);
        put_expr_clause(b, "USING", a->expr);
        break;
    case SQL_ALTER_DROP_EXPRESSION:
        sbuf_printf(b, "(DROP EXPRESSION%s %s", a->if_exists ? " IF EXISTS" : "", a->name);
        break;
    case SQL_ALTER_VALIDATE_CONSTRAINT:
        sbuf_printf(b, "(VALIDATE CONSTRAINT %s", a->name);
        break;
    default: /* the metadata forms (ddl_alter_meta.c) */
        sbuf_printf(b, "(ALTER FORM %d %s %s", (int)a->kind, a->name != NULL ? a->name : "-",
                    a->str != NULL ? a->str : "-");
        put_options(b, "OPTIONS", &a->options);
        break;
    }
    sbuf_putc(b, ')');
}

void sql_ast_format_stmt(struct sbuf *b, const struct sql_stmt *s)
{
    switch (s->kind) {
    case SQL_STMT_SELECT:
        fmt_select(b, s->u.select);
        return;
    case SQL_STMT_INSERT:
        sbuf_puts(b, "(INSERT");
        put_with(b, s->u.insert.with);
        sbuf_putc(b, ' ');
        put_rangevar(b, s->u.insert.table);
        put_targets(b, "COLS", &s->u.insert.cols);
        if (s->u.insert.overriding_system)
            sbuf_puts(b, " OVERRIDING SYSTEM VALUE");
        if (s->u.insert.overriding_user)
            sbuf_puts(b, " OVERRIDING USER VALUE");
        if (s->u.insert.source != NULL) {
            sbuf_putc(b, ' ');
            fmt_select(b, s->u.insert.source);
        } else {
            sbuf_puts(b, " DEFAULT VALUES");
        }
        if (s->u.insert.on_conflict.present) {
            sbuf_puts(b, " (ON CONFLICT");
            if (s->u.insert.on_conflict.constraint != NULL)
                sbuf_printf(b, " (ON CONSTRAINT %s)", s->u.insert.on_conflict.constraint);
            put_index_elems(b, &s->u.insert.on_conflict.infer);
            put_expr_clause(b, "WHERE", s->u.insert.on_conflict.infer_where);
            sbuf_puts(b, s->u.insert.on_conflict.do_update ? " DO UPDATE" : " DO NOTHING");
            put_targets(b, "SET", &s->u.insert.on_conflict.set);
            put_expr_clause(b, "WHERE", s->u.insert.on_conflict.where);
            sbuf_putc(b, ')');
        }
        put_targets(b, "RETURNING", &s->u.insert.returning);
        break;
    case SQL_STMT_UPDATE:
        sbuf_puts(b, "(UPDATE");
        put_with(b, s->u.update.with);
        sbuf_putc(b, ' ');
        put_rangevar(b, s->u.update.table);
        put_targets(b, "SET", &s->u.update.set);
        if (s->u.update.from.n > 0) {
            sbuf_puts(b, " (FROM");
            for (int i = 0; i < s->u.update.from.n; i++) {
                sbuf_putc(b, ' ');
                put_from(b, s->u.update.from.items[i]);
            }
            sbuf_putc(b, ')');
        }
        put_expr_clause(b, "WHERE", s->u.update.where);
        if (s->u.update.current_of != NULL)
            sbuf_printf(b, " (WHERE CURRENT OF %s)", s->u.update.current_of);
        put_targets(b, "RETURNING", &s->u.update.returning);
        break;
    case SQL_STMT_DELETE:
        sbuf_puts(b, "(DELETE");
        put_with(b, s->u.delete_.with);
        sbuf_putc(b, ' ');
        put_rangevar(b, s->u.delete_.table);
        if (s->u.delete_.using_.n > 0) {
            sbuf_puts(b, " (USING");
            for (int i = 0; i < s->u.delete_.using_.n; i++) {
                sbuf_putc(b, ' ');
                put_from(b, s->u.delete_.using_.items[i]);
            }
            sbuf_putc(b, ')');
        }
        put_expr_clause(b, "WHERE", s->u.delete_.where);
        if (s->u.delete_.current_of != NULL)
            sbuf_printf(b, " (WHERE CURRENT OF %s)", s->u.delete_.current_of);
        put_targets(b, "RETURNING", &s->u.delete_.returning);
        break;
    case SQL_STMT_CREATE_TABLE:
        sbuf_puts(b, s->u.create_table.if_not_exists ? "(CREATE TABLE IF NOT EXISTS "
                                                     : "(CREATE TABLE ");
        put_rangevar(b, s->u.create_table.table);
        for (int i = 0; i < s->u.create_table.columns.n; i++) {
            sbuf_putc(b, ' ');
            put_coldef(b, s->u.create_table.columns.items[i]);
        }
        for (int i = 0; i < s->u.create_table.constraints.n; i++) {
            sbuf_putc(b, ' ');
            put_constraint(b, s->u.create_table.constraints.items[i]);
        }
        for (int i = 0; i < s->u.create_table.likes.n; i++) {
            const struct sql_table_like *l = s->u.create_table.likes.items[i];
            sbuf_printf(b, " (LIKE@%d ", l->ncols_before);
            put_rangevar(b, l->rel);
            sbuf_printf(b, " %u)", l->options);
        }
        put_options(b, "WITH", &s->u.create_table.options);
        break;
    case SQL_STMT_CREATE_INDEX:
        sbuf_printf(b, "(CREATE%s INDEX%s%s %s ON ", s->u.create_index.unique ? " UNIQUE" : "",
                    s->u.create_index.concurrent ? " CONCURRENTLY" : "",
                    s->u.create_index.if_not_exists ? " IF NOT EXISTS" : "",
                    s->u.create_index.name != NULL ? s->u.create_index.name : "-");
        put_rangevar(b, s->u.create_index.table);
        sbuf_printf(b, " USING %s", s->u.create_index.method);
        put_index_elems(b, &s->u.create_index.params);
        put_name_list(b, "INCLUDE", &s->u.create_index.include);
        if (s->u.create_index.nulls_not_distinct)
            sbuf_puts(b, " NULLS NOT DISTINCT");
        put_options(b, "WITH", &s->u.create_index.options);
        put_expr_clause(b, "WHERE", s->u.create_index.where);
        break;
    case SQL_STMT_CREATE_SEQUENCE:
        sbuf_puts(b, s->u.create_sequence.if_not_exists ? "(CREATE SEQUENCE IF NOT EXISTS "
                                                        : "(CREATE SEQUENCE ");
        put_rangevar(b, s->u.create_sequence.seq);
        put_options(b, "OPTIONS", &s->u.create_sequence.options);
        break;
    case SQL_STMT_ALTER_SEQUENCE:
        sbuf_puts(b, s->u.alter_sequence.if_exists ? "(ALTER SEQUENCE IF EXISTS "
                                                   : "(ALTER SEQUENCE ");
        put_rangevar(b, s->u.alter_sequence.seq);
        put_options(b, "OPTIONS", &s->u.alter_sequence.options);
        break;
    case SQL_STMT_CREATE_SCHEMA:
        sbuf_printf(b, "(CREATE SCHEMA%s %s",
                    s->u.create_schema.if_not_exists ? " IF NOT EXISTS" : "",
                    s->u.create_schema.name != NULL ? s->u.create_schema.name : "-");
        if (s->u.create_schema.authrole != NULL)
            sbuf_printf(b, " (AUTHORIZATION %s)", s->u.create_schema.authrole);
        break;
    case SQL_STMT_CREATE_DATABASE:
        sbuf_printf(b, "(CREATE DATABASE %s", s->u.create_database.name);
        put_options(b, "WITH", &s->u.create_database.options);
        break;
    case SQL_STMT_CREATE_VIEW:
        sbuf_puts(b, s->u.create_view.replace ? "(CREATE OR REPLACE VIEW " : "(CREATE VIEW ");
        put_rangevar(b, s->u.create_view.view);
        put_name_list(b, "COLS", &s->u.create_view.colnames);
        put_options(b, "WITH", &s->u.create_view.options);
        sbuf_putc(b, ' ');
        fmt_select(b, s->u.create_view.query);
        if (s->u.create_view.check != SQL_CHECK_NONE)
            sbuf_puts(b, s->u.create_view.check == SQL_CHECK_LOCAL ? " LOCAL CHECK OPTION"
                                                                   : " CASCADED CHECK OPTION");
        break;
    case SQL_STMT_CREATE_TABLE_AS:
        sbuf_puts(b, s->u.create_table_as.matview ? "(CREATE MATERIALIZED VIEW "
                                                  : "(CREATE TABLE AS ");
        put_rangevar(b, s->u.create_table_as.table);
        put_name_list(b, "COLS", &s->u.create_table_as.colnames);
        sbuf_putc(b, ' ');
        fmt_select(b, s->u.create_table_as.query);
        if (s->u.create_table_as.no_data)
            sbuf_puts(b, " WITH NO DATA");
        break;
    case SQL_STMT_REINDEX:
        sbuf_printf(b, "(REINDEX %c%s%s ", s->u.reindex.kind,
                    s->u.reindex.concurrent ? " CONCURRENTLY" : "",
                    s->u.reindex.verbose ? " VERBOSE" : "");
        if (s->u.reindex.rel != NULL)
            put_rangevar(b, s->u.reindex.rel);
        else
            sbuf_puts(b, s->u.reindex.name != NULL ? s->u.reindex.name : "-");
        break;
    case SQL_STMT_SET_CONSTRAINTS:
        sbuf_printf(b, "(SET-CONSTRAINTS %s",
                    s->u.set_constraints.deferred ? "DEFERRED" : "IMMEDIATE");
        for (int i = 0; i < s->u.set_constraints.names.n; i++) {
            const struct sql_qname *q = s->u.set_constraints.names.items[i];
            sbuf_printf(b, " %s%s%s", q->schema ? q->schema : "", q->schema ? "." : "", q->name);
        }
        sbuf_putc(b, ')');
        break;
    case SQL_STMT_LISTEN:
    case SQL_STMT_UNLISTEN:
    case SQL_STMT_NOTIFY:
        sbuf_printf(b, "(%s %s",
                    s->kind == SQL_STMT_LISTEN     ? "LISTEN"
                    : s->kind == SQL_STMT_UNLISTEN ? "UNLISTEN"
                                                   : "NOTIFY",
                    s->u.notify.channel ? s->u.notify.channel : "*");
        if (s->u.notify.payload != NULL)
            sbuf_printf(b, " '%s'", s->u.notify.payload);
        break;
    case SQL_STMT_FUNCTION_DDL:
        sbuf_printf(b, "(FUNCTION-DDL %c", s->u.fn_ddl->op);
        break;
    case SQL_STMT_TRIGGER_DDL:
        sbuf_printf(b, "(TRIGGER-DDL %c %s", s->u.trig_ddl->op, s->u.trig_ddl->name);
        break;
    case SQL_STMT_GRANT:
        sbuf_puts(b, "(GRANT");
        break;
    case SQL_STMT_LOCK:
        sbuf_printf(b, "(LOCK %d", s->u.lock.mode);
        for (int i = 0; i < s->u.lock.rels.n; i++) {
            sbuf_putc(b, ' ');
            put_rangevar(b, s->u.lock.rels.items[i]);
        }
        if (s->u.lock.nowait)
            sbuf_puts(b, " NOWAIT");
        break;
    case SQL_STMT_REFRESH_MATVIEW:
        sbuf_puts(b, s->u.create_table_as.concurrent ? "(REFRESH MATERIALIZED VIEW CONCURRENTLY "
                                                     : "(REFRESH MATERIALIZED VIEW ");
        put_rangevar(b, s->u.create_table_as.table);
        if (s->u.create_table_as.no_data)
            sbuf_puts(b, " WITH NO DATA");
        break;
    case SQL_STMT_TYPE_DDL:
        sbuf_printf(b, "(TYPE %c", s->u.type_ddl.op);
        for (int i = 0; i < s->u.type_ddl.names.n; i++) {
            sbuf_putc(b, ' ');
            put_qname(b, s->u.type_ddl.names.items[i]);
        }
        if (s->u.type_ddl.labels.n > 0) {
            sbuf_puts(b, " (");
            put_names(b, &s->u.type_ddl.labels, " ");
            sbuf_putc(b, ')');
        }
        break;
    case SQL_STMT_DOMAIN_DDL:
        sbuf_printf(b, "(DOMAIN %c", s->u.domain_ddl.op);
        for (int i = 0; i < s->u.domain_ddl.names.n; i++) {
            sbuf_putc(b, ' ');
            put_qname(b, s->u.domain_ddl.names.items[i]);
        }
        break;
    case SQL_STMT_ALTER_OWNER:
        sbuf_printf(b, "(OWNER %c ", s->u.alter_owner.objtype);
        put_qname(b, &s->u.alter_owner.name);
        sbuf_printf(b, " %s",
                    s->u.alter_owner.newowner ? s->u.alter_owner.newowner : "CURRENT_USER");
        break;
    case SQL_STMT_CREATE_ROLE:
    case SQL_STMT_ALTER_ROLE: {
        static const char *const rk[] = {"ROLE", "USER", "GROUP"};
        sbuf_printf(b, "(%s %s %s", s->kind == SQL_STMT_CREATE_ROLE ? "CREATE" : "ALTER",
                    s->kind == SQL_STMT_CREATE_ROLE ? rk[s->u.role.kind] : "ROLE", s->u.role.name);
        put_options(b, "OPTIONS", &s->u.role.options);
        break;
    }
    case SQL_STMT_ALTER_TABLE:
        sbuf_puts(b, s->u.alter_table.if_exists ? "(ALTER TABLE IF EXISTS " : "(ALTER TABLE ");
        put_rangevar(b, s->u.alter_table.table);
        for (int i = 0; i < s->u.alter_table.cmds.n; i++) {
            sbuf_putc(b, ' ');
            put_alter_cmd(b, s->u.alter_table.cmds.items[i]);
        }
        break;
    case SQL_STMT_RENAME:
        sbuf_printf(b, "(%s %s%s ", s->u.rename.set_schema ? "SET SCHEMA" : "RENAME",
                    objnames[s->u.rename.objtype], s->u.rename.if_exists ? " IF EXISTS" : "");
        put_rangevar(b, s->u.rename.rel);
        if (s->u.rename.subname != NULL)
            sbuf_printf(b, " %s", s->u.rename.subname);
        sbuf_printf(b, " TO %s", s->u.rename.newname);
        break;
    case SQL_STMT_DROP:
        sbuf_printf(b, "(DROP %s%s%s", objnames[s->u.drop.objtype],
                    s->u.drop.concurrent ? " CONCURRENTLY" : "",
                    s->u.drop.if_exists ? " IF EXISTS" : "");
        for (int i = 0; i < s->u.drop.names.n; i++) {
            sbuf_putc(b, ' ');
            put_qname(b, s->u.drop.names.items[i]);
        }
        sbuf_puts(b, behavior_str(s->u.drop.behavior));
        break;
    case SQL_STMT_TRUNCATE:
        sbuf_puts(b, "(TRUNCATE");
        for (int i = 0; i < s->u.truncate.tables.n; i++) {
            sbuf_putc(b, ' ');
            put_rangevar(b, s->u.truncate.tables.items[i]);
        }
        if (s->u.truncate.restart_identity)
            sbuf_puts(b, " RESTART IDENTITY");
        sbuf_puts(b, behavior_str(s->u.truncate.behavior));
        break;
    case SQL_STMT_TRANSACTION: {
        static const char *const k[] = {"BEGIN",   "COMMIT",      "ROLLBACK",           "SAVEPOINT",
                                        "RELEASE", "ROLLBACK TO", "PREPARE TRANSACTION"};
        sbuf_printf(b, "(%s", k[s->u.txn.kind]);
        if (s->u.txn.savepoint != NULL)
            sbuf_printf(b, " %s", s->u.txn.savepoint);
        put_modes(b, &s->u.txn.modes);
        if (s->u.txn.chain)
            sbuf_puts(b, " AND CHAIN");
        break;
    }
    case SQL_STMT_SET:
        switch (s->u.set.kind) {
        case SQL_SET_VALUE:
            sbuf_printf(b, "(SET%s %s", s->u.set.local ? " LOCAL" : "", s->u.set.name);
            put_exprs(b, &s->u.set.args);
            break;
        case SQL_SET_DEFAULT:
            sbuf_printf(b, "(SET%s %s DEFAULT", s->u.set.local ? " LOCAL" : "", s->u.set.name);
            break;
        case SQL_SET_CURRENT:
            sbuf_printf(b, "(SET%s %s FROM CURRENT", s->u.set.local ? " LOCAL" : "", s->u.set.name);
            break;
        case SQL_SET_RESET:
            sbuf_printf(b, "(RESET %s", s->u.set.name);
            break;
        case SQL_SET_RESET_ALL:
            sbuf_puts(b, "(RESET ALL");
            break;
        }
        break;
    case SQL_STMT_SET_TRANSACTION:
        sbuf_puts(b, s->u.set_txn.session ? "(SET SESSION CHARACTERISTICS" : "(SET TRANSACTION");
        put_modes(b, &s->u.set_txn.modes);
        break;
    case SQL_STMT_SHOW:
        sbuf_printf(b, "(SHOW %s", s->u.show.name);
        break;
    case SQL_STMT_EXPLAIN:
        sbuf_puts(b, s->u.explain.analyze ? "(EXPLAIN ANALYZE" : "(EXPLAIN");
        put_options(b, "OPTIONS", &s->u.explain.options);
        sbuf_putc(b, ' ');
        sql_ast_format_stmt(b, s->u.explain.stmt);
        break;
    case SQL_STMT_COPY:
        sbuf_puts(b, "(COPY ");
        if (s->u.copy.table != NULL)
            put_rangevar(b, s->u.copy.table);
        else
            sql_ast_format_stmt(b, s->u.copy.query);
        put_name_list(b, "COLS", &s->u.copy.cols);
        sbuf_puts(b, s->u.copy.from ? " FROM " : " TO ");
        if (s->u.copy.program)
            sbuf_puts(b, "PROGRAM ");
        if (s->u.copy.filename != NULL)
            put_str(b, s->u.copy.filename);
        else
            sbuf_puts(b, s->u.copy.from ? "STDIN" : "STDOUT");
        put_options(b, "WITH", &s->u.copy.options);
        put_expr_clause(b, "WHERE", s->u.copy.where);
        break;
    case SQL_STMT_VACUUM:
        sbuf_puts(b, s->u.vacuum.vacuum ? "(VACUUM" : "(ANALYZE");
        put_options(b, "OPTIONS", &s->u.vacuum.options);
        for (int i = 0; i < s->u.vacuum.rels.n; i++) {
            sbuf_putc(b, ' ');
            put_rangevar(b, s->u.vacuum.rels.items[i]);
            put_name_list(b, "COLS", s->u.vacuum.cols.items[i]);
        }
        break;
    case SQL_STMT_PREPARE:
        sbuf_printf(b, "(PREPARE %s", s->u.prepare.name);
        if (s->u.prepare.argtypes.n > 0) {
            sbuf_puts(b, " (TYPES");
            for (int i = 0; i < s->u.prepare.argtypes.n; i++) {
                sbuf_putc(b, ' ');
                put_type(b, s->u.prepare.argtypes.items[i]);
            }
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ' ');
        sql_ast_format_stmt(b, s->u.prepare.stmt);
        break;
    case SQL_STMT_EXECUTE:
        sbuf_printf(b, "(EXECUTE %s", s->u.execute.name);
        put_exprs(b, &s->u.execute.params);
        break;
    case SQL_STMT_DEALLOCATE:
        sbuf_printf(b, "(DEALLOCATE %s",
                    s->u.deallocate.name != NULL ? s->u.deallocate.name : "ALL");
        break;
    case SQL_STMT_DECLARE:
        sbuf_printf(b, "(DECLARE %s%s%s%s ", s->u.declare.name ? s->u.declare.name : "\"\"",
                    s->u.declare.binary ? " BINARY" : "", s->u.declare.scroll ? " SCROLL" : "",
                    s->u.declare.hold ? " HOLD" : "");
        sql_ast_format_stmt(b, s->u.declare.query);
        break;
    case SQL_STMT_FETCH:
        sbuf_printf(b, "(%s %s %d %lld", s->u.fetch.move ? "MOVE" : "FETCH", s->u.fetch.name,
                    s->u.fetch.direction, (long long)s->u.fetch.count);
        break;
    case SQL_STMT_CLOSE:
        sbuf_printf(b, "(CLOSE %s", s->u.close.name != NULL ? s->u.close.name : "ALL");
        break;
    case SQL_STMT_DISCARD: {
        static const char *const d[] = {"ALL", "PLANS", "SEQUENCES", "TEMP"};
        sbuf_printf(b, "(DISCARD %s", d[s->u.discard]);
        break;
    }
    case SQL_STMT_COMMENT:
        sbuf_printf(b, "(COMMENT ON %s ", objnames[s->u.comment.objtype]);
        put_names(b, &s->u.comment.name, ".");
        sbuf_putc(b, ' ');
        if (s->u.comment.comment != NULL)
            put_str(b, s->u.comment.comment);
        else
            sbuf_puts(b, "NULL");
        break;
    }
    sbuf_putc(b, ')');
}
