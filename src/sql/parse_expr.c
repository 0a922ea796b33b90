/* parse_expr.c — converting libpg_query's expression nodes, type names,
 * sort clauses and window definitions into ast.h.
 *
 * What the grammar already rewrote stays rewritten, as PostgreSQL's raw
 * parse tree has it: EXTRACT, SUBSTRING, POSITION, TRIM, OVERLAY and AT TIME
 * ZONE are function calls (pg_catalog.extract, ...; func.sql_syntax set),
 * NOT IN is IN with not, LIKE ... ESCAPE e has the pattern wrapped in
 * like_escape(), SIMILAR TO in similar_to_escape(), and -<number> is folded
 * into a negative constant.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/parse_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct sql_expr *new_expr(struct sql__cv *cv, enum sql_expr_kind kind, int location)
{
    struct sql_expr *x = mem_alloc0(cv->ctx, sizeof(*x));
    x->kind = kind;
    x->location = location;
    return x;
}

int sql__cv_expr_opt(struct sql__cv *cv, const pq_node *n, struct sql_expr **out)
{
    if (n == NULL || n->node_case == PG_QUERY__NODE__NODE__NOT_SET) {
        *out = NULL;
        return 0;
    }
    return sql__cv_expr(cv, n, out);
}

int sql__cv_exprs(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        int rc = sql__cv_expr(cv, items[i], (struct sql_expr **)&out->items[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* "123" (possibly negative) as an int64, false when not an integer or out of range. */
static bool parse_int8(const char *s, int64_t *v)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (*p == '\0')
        return false;
    for (const char *q = p; *q != '\0'; q++)
        if (*q < '0' || *q > '9')
            return false;
    errno = 0;
    char *end;
    long long x = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *v = x;
    return true;
}

static int cv_const(struct sql__cv *cv, const PgQuery__AConst *a, struct sql_expr **out)
{
    struct sql_expr *x = new_expr(cv, SQL_EXPR_CONST, a->location);
    struct sql_const *c = &x->u.c;
    if (a->isnull) {
        c->kind = SQL_CONST_NULL;
        *out = x;
        return 0;
    }
    switch (a->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        c->kind = SQL_CONST_INT4;
        c->ival = a->ival->ival;
        break;
    case PG_QUERY__A__CONST__VAL_FVAL:
        if (parse_int8(a->fval->fval, &c->ival)) {
            /* As PostgreSQL's make_const: an oversize integer that fits
             * int4 after folding the sign (-2147483648) is an integer. */
            c->kind =
                c->ival >= INT32_MIN && c->ival <= INT32_MAX ? SQL_CONST_INT4 : SQL_CONST_INT8;
        } else {
            c->kind = SQL_CONST_NUMERIC;
            c->str = mem_strdup(cv->ctx, a->fval->fval);
        }
        break;
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        c->kind = SQL_CONST_BOOL;
        c->bval = a->boolval->boolval;
        break;
    case PG_QUERY__A__CONST__VAL_SVAL:
        c->kind = SQL_CONST_STRING;
        c->str = mem_strdup(cv->ctx, a->sval->sval);
        break;
    case PG_QUERY__A__CONST__VAL_BSVAL:
        c->kind = SQL_CONST_BITSTRING;
        c->str = mem_strdup(cv->ctx, a->bsval->bsval);
        break;
    default:
        return sql__malformed(cv, "A_Const");
    }
    *out = x;
    return 0;
}

static int cv_column(struct sql__cv *cv, const PgQuery__ColumnRef *r, struct sql_expr **out)
{
    struct sql_expr *x = new_expr(cv, SQL_EXPR_COLUMN, r->location);
    size_t n = r->n_fields;
    if (n == 0)
        return sql__malformed(cv, "ColumnRef");
    if (r->fields[n - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        x->u.column.star = true;
        n--;
    }
    int rc = sql__cv_names(cv, r->fields, n, &x->u.column.fields);
    if (rc != 0)
        return rc;
    *out = x;
    return 0;
}

int sql__cv_indirection(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        struct sql_indir *d = mem_alloc0(cv->ctx, sizeof(*d));
        const pq_node *it = items[i];
        int rc = 0;
        switch (it->node_case) {
        case PG_QUERY__NODE__NODE_A_INDICES:
            d->kind = it->a_indices->is_slice ? SQL_INDIR_SLICE : SQL_INDIR_SUBSCRIPT;
            rc = sql__cv_expr_opt(cv, it->a_indices->lidx, &d->lidx);
            if (rc == 0)
                rc = sql__cv_expr_opt(cv, it->a_indices->uidx, &d->uidx);
            break;
        case PG_QUERY__NODE__NODE_STRING:
            d->kind = SQL_INDIR_FIELD;
            d->field = mem_strdup(cv->ctx, it->string->sval);
            break;
        case PG_QUERY__NODE__NODE_A_STAR:
            d->kind = SQL_INDIR_STAR;
            break;
        default:
            return sql__malformed(cv, "indirection");
        }
        if (rc != 0)
            return rc;
        out->items[i] = d;
    }
    return 0;
}

/* Operator name list: [schema,] name. */
static int op_name(struct sql__cv *cv, pq_node **items, size_t n, char **schema, char **name)
{
    *schema = NULL;
    if (n > 2) /* OPERATOR(a.b.+) */
        return err_set_state(cv->e, ERR_INVAL, "42601",
                             "improper qualified name (too many dotted names)");
    if (n == 1 || n == 2) {
        const char *s = sql__node_str(items[n - 1]);
        if (s != NULL) {
            *name = mem_strdup(cv->ctx, s);
            if (n == 2) {
                const char *sc = sql__node_str(items[0]);
                if (sc == NULL)
                    return sql__malformed(cv, "operator name");
                *schema = mem_strdup(cv->ctx, sc);
            }
            return 0;
        }
    }
    return sql__malformed(cv, "operator name");
}

static int list_items(const pq_node *n, pq_node ***items, size_t *count)
{
    if (n == NULL || n->node_case != PG_QUERY__NODE__NODE_LIST)
        return -1;
    *items = n->list->items;
    *count = n->list->n_items;
    return 0;
}

static int cv_aexpr(struct sql__cv *cv, const PgQuery__AExpr *a, struct sql_expr **out)
{
    struct sql_expr *x;
    int rc;
    pq_node **items;
    size_t n;
    char *schema, *name;
    rc = op_name(cv, a->name, a->n_name, &schema, &name);
    if (rc != 0)
        return rc;
    switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        enum sql_expr_kind k = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP       ? SQL_EXPR_OP
                               : a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ? SQL_EXPR_OP_ANY
                               : a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL ? SQL_EXPR_OP_ALL
                               : a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF
                                   ? SQL_EXPR_NULLIF
                                   : SQL_EXPR_DISTINCT;
        x = new_expr(cv, k, a->location);
        x->u.op.schema = schema;
        x->u.op.name = name;
        x->u.op.not = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
        rc = sql__cv_expr_opt(cv, a->lexpr, &x->u.op.l);
        if (rc == 0)
            rc = sql__cv_expr(cv, a->rexpr, &x->u.op.r);
        if (rc == 0 && k != SQL_EXPR_OP && x->u.op.l == NULL)
            return sql__malformed(cv, "A_Expr");
        break;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        x = new_expr(cv, SQL_EXPR_IN, a->location);
        x->u.in.not = strcmp(name, "<>") == 0;
        if (list_items(a->rexpr, &items, &n) != 0)
            return sql__malformed(cv, "IN list");
        rc = sql__cv_expr(cv, a->lexpr, &x->u.in.arg);
        if (rc == 0)
            rc = sql__cv_exprs(cv, items, n, &x->u.in.list);
        break;
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
        x = new_expr(cv, SQL_EXPR_LIKE, a->location);
        x->u.like.kind = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_LIKE    ? SQL_LIKE
                         : a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE ? SQL_ILIKE
                                                                           : SQL_SIMILAR;
        x->u.like.op = name;
        x->u.like.not = name[0] == '!';
        rc = sql__cv_expr(cv, a->lexpr, &x->u.like.arg);
        if (rc == 0)
            rc = sql__cv_expr(cv, a->rexpr, &x->u.like.pattern);
        break;
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
        x = new_expr(cv, SQL_EXPR_BETWEEN, a->location);
        x->u.between.not = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                           a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        x->u.between.symmetric = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                                 a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        if (list_items(a->rexpr, &items, &n) != 0 || n != 2)
            return sql__malformed(cv, "BETWEEN");
        rc = sql__cv_expr(cv, a->lexpr, &x->u.between.arg);
        if (rc == 0)
            rc = sql__cv_expr(cv, items[0], &x->u.between.lo);
        if (rc == 0)
            rc = sql__cv_expr(cv, items[1], &x->u.between.hi);
        break;
    default:
        return sql__malformed(cv, "A_Expr kind");
    }
    if (rc != 0)
        return rc;
    *out = x;
    return 0;
}

static int cv_sublink(struct sql__cv *cv, const PgQuery__SubLink *s, struct sql_expr **out)
{
    struct sql_expr *x = new_expr(cv, SQL_EXPR_SUBLINK, s->location);
    int rc;
    switch (s->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        x->u.sublink.kind = SQL_SUBLINK_EXISTS;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ROWCOMPARE_SUBLINK:
        x->u.sublink.kind =
            s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK   ? SQL_SUBLINK_ANY
            : s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK ? SQL_SUBLINK_ALL
                                                                       : SQL_SUBLINK_ROWCOMPARE;
        if (s->n_oper_name == 0) {
            x->u.sublink.op = mem_strdup(cv->ctx, "="); /* IN (subquery) */
        } else {
            char *schema;
            rc = op_name(cv, s->oper_name, s->n_oper_name, &schema, &x->u.sublink.op);
            if (rc != 0)
                return rc;
            if (schema != NULL)
                return sql__unsupported(cv, "schema-qualified operator with ANY/ALL (subquery)");
        }
        rc = sql__cv_expr(cv, s->testexpr, &x->u.sublink.test);
        if (rc != 0)
            return rc;
        break;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
        x->u.sublink.kind = SQL_SUBLINK_EXPR;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
        x->u.sublink.kind = SQL_SUBLINK_ARRAY;
        break;
    default:
        return sql__unsupported(cv, "row comparison with a subquery");
    }
    rc = sql__cv_select_node(cv, s->subselect, &x->u.sublink.query);
    if (rc != 0)
        return rc;
    *out = x;
    return 0;
}

static int cv_case(struct sql__cv *cv, const PgQuery__CaseExpr *c, struct sql_expr **out)
{
    struct sql_expr *x = new_expr(cv, SQL_EXPR_CASE, c->location);
    int rc = sql__cv_expr_opt(cv, c->arg, &x->u.case_.arg);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, c->defresult, &x->u.case_.def);
    if (rc != 0)
        return rc;
    sql__list_init(cv, &x->u.case_.whens, c->n_args);
    for (size_t i = 0; i < c->n_args; i++) {
        if (c->args[i]->node_case != PG_QUERY__NODE__NODE_CASE_WHEN)
            return sql__malformed(cv, "CASE");
        const PgQuery__CaseWhen *w = c->args[i]->case_when;
        struct sql_case_when *cw = mem_alloc0(cv->ctx, sizeof(*cw));
        rc = sql__cv_expr(cv, w->expr, &cw->cond);
        if (rc == 0)
            rc = sql__cv_expr(cv, w->result, &cw->result);
        if (rc != 0)
            return rc;
        x->u.case_.whens.items[i] = cw;
    }
    *out = x;
    return 0;
}

int sql__cv_typename(struct sql__cv *cv, const PgQuery__TypeName *t, struct sql_typename **out)
{
    if (t == NULL)
        return sql__malformed(cv, "TypeName");
    if (t->pct_type)
        return sql__unsupported(cv, "%TYPE");
    struct sql_typename *tn = mem_alloc0(cv->ctx, sizeof(*tn));
    tn->location = t->location;
    tn->setof = t->setof;
    int rc;
    if (t->n_names > 3) {
        return err_set_state(cv->e, ERR_INVAL, "42601",
                             "improper qualified name (too many dotted names)");
    }
    rc = sql__cv_qname(cv, t->names, t->n_names, &tn->name);
    if (rc == 0)
        rc = sql__cv_exprs(cv, t->typmods, t->n_typmods, &tn->typmods);
    if (rc != 0)
        return rc;
    tn->array_dims = (int)t->n_array_bounds;
    *out = tn;
    return 0;
}

int sql__cv_sortbys(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case != PG_QUERY__NODE__NODE_SORT_BY)
            return sql__malformed(cv, "SortBy");
        const PgQuery__SortBy *s = items[i]->sort_by;
        struct sql_sortby *sb = mem_alloc0(cv->ctx, sizeof(*sb));
        switch (s->sortby_dir) {
        case PG_QUERY__SORT_BY_DIR__SORTBY_ASC:
            sb->dir = SQL_SORT_ASC;
            break;
        case PG_QUERY__SORT_BY_DIR__SORTBY_DESC:
            sb->dir = SQL_SORT_DESC;
            break;
        case PG_QUERY__SORT_BY_DIR__SORTBY_USING: {
            char *schema;
            sb->dir = SQL_SORT_USING;
            int rc = op_name(cv, s->use_op, s->n_use_op, &schema, &sb->using_op);
            if (rc != 0)
                return rc;
            break;
        }
        default:
            sb->dir = SQL_SORT_DEFAULT;
        }
        sb->nulls = s->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ? SQL_NULLS_FIRST
                    : s->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST
                        ? SQL_NULLS_LAST
                        : SQL_NULLS_DEFAULT;
        int rc = sql__cv_expr(cv, s->node, &sb->expr);
        if (rc != 0)
            return rc;
        out->items[i] = sb;
    }
    return 0;
}

int sql__cv_window(struct sql__cv *cv, const PgQuery__WindowDef *w, struct sql_window **out)
{
    struct sql_window *win = mem_alloc0(cv->ctx, sizeof(*win));
    win->name = sql__strdup(cv, w->name);
    win->refname = sql__strdup(cv, w->refname);
    win->frame_options = w->frame_options;
    win->location = w->location;
    int rc = sql__cv_exprs(cv, w->partition_clause, w->n_partition_clause, &win->partition);
    if (rc == 0)
        rc = sql__cv_sortbys(cv, w->order_clause, w->n_order_clause, &win->order);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, w->start_offset, &win->start_offset);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, w->end_offset, &win->end_offset);
    if (rc != 0)
        return rc;
    *out = win;
    return 0;
}

/* Built-in functions callable with named arguments (pg_proc.proargnames)
 * and their defaults (proargdefaults; NULL: none). A call naming its
 * arguments is rewritten here into positional order; trailing arguments
 * without a default may be left out when the name has overloads of fewer
 * arguments (make_timestamptz). A default is an integer or numeric
 * literal's text, true / false, or 'text' (an untyped string literal). */
struct named_fn {
    const char *name;
    int n;
    const char *args[7];
    const char *defs[7];
};
#define JSONPATH_ARGS                     \
    {"target", "path", "vars", "silent"}, \
    {                                     \
        NULL, NULL, "'{}'", "false"       \
    }
static const struct named_fn named_fns[] = {
    {"json_array_element", 2, {"from_json", "element_index"}, {NULL}},
    {"json_array_element_text", 2, {"from_json", "element_index"}, {NULL}},
    {"json_array_elements", 1, {"from_json"}, {NULL}},
    {"json_array_elements_text", 1, {"from_json"}, {NULL}},
    {"json_each", 1, {"from_json"}, {NULL}},
    {"json_each_text", 1, {"from_json"}, {NULL}},
    {"json_object_field", 2, {"from_json", "field_name"}, {NULL}},
    {"json_object_field_text", 2, {"from_json", "field_name"}, {NULL}},
    {"json_populate_record", 3, {"base", "from_json", "use_json_as_text"}, {NULL, NULL, "false"}},
    {"json_populate_recordset",
     3,
     {"base", "from_json", "use_json_as_text"},
     {NULL, NULL, "false"}},
    {"jsonb_array_element", 2, {"from_json", "element_index"}, {NULL}},
    {"jsonb_array_element_text", 2, {"from_json", "element_index"}, {NULL}},
    {"jsonb_array_elements", 1, {"from_json"}, {NULL}},
    {"jsonb_array_elements_text", 1, {"from_json"}, {NULL}},
    {"jsonb_each", 1, {"from_json"}, {NULL}},
    {"jsonb_each_text", 1, {"from_json"}, {NULL}},
    {"jsonb_insert",
     4,
     {"jsonb_in", "path", "replacement", "insert_after"},
     {NULL, NULL, NULL, "false"}},
    {"jsonb_object_field", 2, {"from_json", "field_name"}, {NULL}},
    {"jsonb_object_field_text", 2, {"from_json", "field_name"}, {NULL}},
    {"jsonb_path_exists", 4, JSONPATH_ARGS},
    {"jsonb_path_exists_tz", 4, JSONPATH_ARGS},
    {"jsonb_path_match", 4, JSONPATH_ARGS},
    {"jsonb_path_match_tz", 4, JSONPATH_ARGS},
    {"jsonb_path_query", 4, JSONPATH_ARGS},
    {"jsonb_path_query_array", 4, JSONPATH_ARGS},
    {"jsonb_path_query_array_tz", 4, JSONPATH_ARGS},
    {"jsonb_path_query_first", 4, JSONPATH_ARGS},
    {"jsonb_path_query_first_tz", 4, JSONPATH_ARGS},
    {"jsonb_path_query_tz", 4, JSONPATH_ARGS},
    {"jsonb_populate_record", 2, {"base", "from_json"}, {NULL}},
    {"jsonb_populate_recordset", 2, {"base", "from_json"}, {NULL}},
    {"jsonb_set",
     4,
     {"jsonb_in", "path", "replacement", "create_if_missing"},
     {NULL, NULL, NULL, "true"}},
    {"jsonb_set_lax",
     5,
     {"jsonb_in", "path", "replacement", "create_if_missing", "null_value_treatment"},
     {NULL, NULL, NULL, "true", "'use_json_null'"}},
    {"make_date", 3, {"year", "month", "day"}, {NULL}},
    {"make_interval",
     7,
     {"years", "months", "weeks", "days", "hours", "mins", "secs"},
     {"0", "0", "0", "0", "0", "0", "0.0"}},
    {"make_time", 3, {"hour", "min", "sec"}, {NULL}},
    {"make_timestamp", 6, {"year", "month", "mday", "hour", "min", "sec"}, {NULL}},
    {"make_timestamptz", 7, {"year", "month", "mday", "hour", "min", "sec", "timezone"}, {NULL}},
    {"pg_terminate_backend", 2, {"pid", "timeout"}, {NULL, "0"}},
};
#undef JSONPATH_ARGS

static const char *const_type_name(const struct sql_expr *x)
{
    if (x->kind != SQL_EXPR_CONST)
        return "unknown";
    switch (x->u.c.kind) {
    case SQL_CONST_INT4:
        return "integer";
    case SQL_CONST_INT8:
        return "bigint";
    case SQL_CONST_NUMERIC:
        return "numeric";
    case SQL_CONST_BOOL:
        return "boolean";
    default:
        return "unknown";
    }
}

static int cv_func_args(struct sql__cv *cv, const PgQuery__FuncCall *f, struct sql_expr *x)
{
    size_t nnamed = 0;
    for (size_t i = 0; i < f->n_args; i++)
        if (f->args[i]->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR)
            nnamed++;
    const struct named_fn *nf = NULL;
    if (x->u.func.name.schema == NULL || strcmp(x->u.func.name.schema, "pg_catalog") == 0)
        for (size_t k = 0; k < sizeof named_fns / sizeof named_fns[0]; k++)
            if (strcmp(named_fns[k].name, x->u.func.name.name) == 0)
                nf = &named_fns[k];
    /* trailing defaults filled in where the registry has the full form only
     * (pg_terminate_backend(pid) is pg_terminate_backend(pid, 0)) */
    bool short_defaults = nf != NULL && f->n_args < (size_t)nf->n &&
                          (nf->defs[0] != NULL || strcmp(nf->name, "pg_terminate_backend") == 0);
    if (nnamed == 0 && !short_defaults)
        return sql__cv_exprs(cv, f->args, f->n_args, &x->u.func.args);
    if (nf == NULL) {
        /* a user-defined function's named arguments (the binder maps them) */
        sql__list_init(cv, &x->u.func.args, f->n_args);
        sql__list_init(cv, &x->u.func.argnames, f->n_args);
        bool seen_named = false;
        for (size_t i = 0; i < f->n_args; i++) {
            const pq_node *a = f->args[i];
            int rc;
            if (a->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
                const PgQuery__NamedArgExpr *na = a->named_arg_expr;
                for (size_t j = 0; j < i; j++)
                    if (x->u.func.argnames.items[j] != NULL &&
                        strcmp(x->u.func.argnames.items[j], na->name) == 0)
                        return err_set_state(cv->e, ERR_INVAL, "42601",
                                             "argument name \"%s\" used more than once", na->name);
                x->u.func.argnames.items[i] = mem_strdup(cv->ctx, na->name);
                seen_named = true;
                rc = sql__cv_expr(cv, na->arg, (struct sql_expr **)&x->u.func.args.items[i]);
            } else {
                if (seen_named)
                    return err_set_state(cv->e, ERR_INVAL, "42601",
                                         "positional argument cannot follow named argument");
                x->u.func.argnames.items[i] = NULL;
                rc = sql__cv_expr(cv, a, (struct sql_expr **)&x->u.func.args.items[i]);
            }
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    struct sql_expr *slot[7] = {NULL};
    const char *names[16] = {NULL};
    struct sql_expr *given[16] = {NULL};
    if (f->n_args > 16 || f->n_args > (size_t)nf->n)
        goto nomatch_convert;
    for (size_t i = 0; i < f->n_args; i++) {
        const pq_node *a = f->args[i];
        int rc;
        if (a->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
            const PgQuery__NamedArgExpr *na = a->named_arg_expr;
            names[i] = na->name;
            for (size_t j = 0; j < i; j++)
                if (names[j] != NULL && strcmp(names[j], na->name) == 0) {
                    cv->err_location = na->location;
                    return err_set_state(cv->e, ERR_INVAL, "42601",
                                         "argument name \"%s\" used more than once", na->name);
                }
            rc = sql__cv_expr(cv, na->arg, &given[i]);
        } else {
            rc = sql__cv_expr(cv, a, &given[i]);
        }
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < f->n_args; i++) {
        int pos = (int)i;
        if (names[i] != NULL) {
            pos = -1;
            for (int k = 0; k < nf->n; k++)
                if (strcmp(nf->args[k], names[i]) == 0)
                    pos = k;
        }
        if (pos < 0 || slot[pos] != NULL)
            goto nomatch;
        slot[pos] = given[i];
    }
    int nargs = nf->n;
    for (int k = 0; k < nf->n; k++) {
        if (slot[k] != NULL)
            continue;
        if (nf->defs[k] == NULL) {
            /* a shorter overload: only when nothing after k is given */
            bool later = false;
            for (int m = k + 1; m < nf->n; m++)
                later = later || slot[m] != NULL;
            if (later || (strcmp(nf->name, "make_timestamptz") != 0))
                goto nomatch;
            nargs = k;
            break;
        }
        struct sql_expr *d = new_expr(cv, SQL_EXPR_CONST, -1);
        if (nf->defs[k][0] == '\'') {
            size_t dl = strlen(nf->defs[k]);
            d->u.c.kind = SQL_CONST_STRING;
            d->u.c.str = mem_strndup(cv->ctx, nf->defs[k] + 1, dl - 2);
        } else if (strcmp(nf->defs[k], "true") == 0 || strcmp(nf->defs[k], "false") == 0) {
            d->u.c.kind = SQL_CONST_BOOL;
            d->u.c.bval = nf->defs[k][0] == 't';
        } else if (strchr(nf->defs[k], '.') != NULL) {
            d->u.c.kind = SQL_CONST_NUMERIC;
            d->u.c.str = mem_strdup(cv->ctx, nf->defs[k]);
        } else {
            d->u.c.kind = SQL_CONST_INT4;
            d->u.c.ival = atoi(nf->defs[k]);
        }
        slot[k] = d;
    }
    sql__list_init(cv, &x->u.func.args, (size_t)nargs);
    for (int k = 0; k < nargs; k++)
        x->u.func.args.items[k] = slot[k];
    return 0;

nomatch_convert:
    for (size_t i = 0; i < f->n_args && i < 16; i++) {
        const pq_node *a = f->args[i];
        int rc;
        if (a->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
            names[i] = a->named_arg_expr->name;
            rc = sql__cv_expr(cv, a->named_arg_expr->arg, &given[i]);
        } else {
            rc = sql__cv_expr(cv, a, &given[i]);
        }
        if (rc != 0)
            return rc;
    }
nomatch : {
    struct sbuf b;
    sbuf_init(&b);
    for (size_t i = 0; i < f->n_args && i < 16; i++) {
        if (i)
            sbuf_puts(&b, ", ");
        if (names[i] != NULL)
            sbuf_printf(&b, "%s => ", names[i]);
        sbuf_puts(&b, given[i] ? const_type_name(given[i]) : "unknown");
    }
    cv->err_location = f->location;
    int rc = err_set_state(cv->e, ERR_NOTFOUND, "42883",
                           "function %s(%.*s) does not exist\nHINT:  No function matches the given "
                           "name and argument types. You might need to add explicit type casts.",
                           x->u.func.name.name, (int)b.len, b.data ? b.data : "");
    sbuf_free(&b);
    return rc;
}
}

static int cv_func(struct sql__cv *cv, const PgQuery__FuncCall *f, struct sql_expr **out)
{
    struct sql_expr *x = new_expr(cv, SQL_EXPR_FUNC, f->location);
    if (f->n_funcname > 3)
        return err_set_state(cv->e, ERR_INVAL, "42601",
                             "improper qualified name (too many dotted names)");
    int rc = sql__cv_qname(cv, f->funcname, f->n_funcname, &x->u.func.name);
    if (rc == 0)
        rc = cv_func_args(cv, f, x);
    if (rc == 0)
        rc = sql__cv_sortbys(cv, f->agg_order, f->n_agg_order, &x->u.func.order);
    if (rc == 0)
        rc = sql__cv_expr_opt(cv, f->agg_filter, &x->u.func.filter);
    if (rc == 0 && f->over != NULL)
        rc = sql__cv_window(cv, f->over, &x->u.func.over);
    if (rc != 0)
        return rc;
    x->u.func.star = f->agg_star;
    x->u.func.distinct = f->agg_distinct;
    x->u.func.variadic = f->func_variadic;
    x->u.func.within_group = f->agg_within_group;
    x->u.func.sql_syntax = f->funcformat == PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX;
    *out = x;
    return 0;
}

static enum sql_sqlvalue sqlvalue_op(PgQuery__SQLValueFunctionOp op)
{
    switch (op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
        return SQL_SV_CURRENT_DATE;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
        return SQL_SV_CURRENT_TIME;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
        return SQL_SV_CURRENT_TIMESTAMP;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
        return SQL_SV_LOCALTIME;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
        return SQL_SV_LOCALTIMESTAMP;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
        return SQL_SV_CURRENT_ROLE;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
        return SQL_SV_CURRENT_USER;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
        return SQL_SV_USER;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
        return SQL_SV_SESSION_USER;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
        return SQL_SV_CURRENT_CATALOG;
    default:
        return SQL_SV_CURRENT_SCHEMA;
    }
}

static int cv_expr_inner(struct sql__cv *cv, const pq_node *n, struct sql_expr **out)
{
    struct sql_expr *x;
    int rc = 0;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return cv_const(cv, n->a_const, out);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return cv_column(cv, n->column_ref, out);
    case PG_QUERY__NODE__NODE_PARAM_REF:
        x = new_expr(cv, SQL_EXPR_PARAM, n->param_ref->location);
        x->u.param = n->param_ref->number;
        break;
    case PG_QUERY__NODE__NODE_A_EXPR:
        return cv_aexpr(cv, n->a_expr, out);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
        const PgQuery__BoolExpr *b = n->bool_expr;
        enum sql_expr_kind k = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? SQL_EXPR_AND
                               : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? SQL_EXPR_OR
                                                                                : SQL_EXPR_NOT;
        if (b->n_args == 0 || (k == SQL_EXPR_NOT && b->n_args != 1))
            return sql__malformed(cv, "BoolExpr");
        x = new_expr(cv, k, b->location);
        rc = sql__cv_exprs(cv, b->args, b->n_args, &x->u.args);
        break;
    }
    case PG_QUERY__NODE__NODE_NULL_TEST:
        x = new_expr(cv, SQL_EXPR_NULLTEST, n->null_test->location);
        x->u.nulltest.not = n->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
        rc = sql__cv_expr(cv, n->null_test->arg, &x->u.nulltest.arg);
        break;
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
        static const enum sql_booltest map[] = {
            SQL_IS_TRUE,      SQL_IS_TRUE,    SQL_IS_NOT_TRUE,   SQL_IS_FALSE,
            SQL_IS_NOT_FALSE, SQL_IS_UNKNOWN, SQL_IS_NOT_UNKNOWN};
        unsigned t = (unsigned)n->boolean_test->booltesttype;
        if (t < 1 || t > 6)
            return sql__malformed(cv, "BooleanTest");
        x = new_expr(cv, SQL_EXPR_BOOLTEST, n->boolean_test->location);
        x->u.booltest.test = map[t];
        rc = sql__cv_expr(cv, n->boolean_test->arg, &x->u.booltest.arg);
        break;
    }
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return cv_sublink(cv, n->sub_link, out);
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return cv_case(cv, n->case_expr, out);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        x = new_expr(cv, SQL_EXPR_COALESCE, n->coalesce_expr->location);
        rc = sql__cv_exprs(cv, n->coalesce_expr->args, n->coalesce_expr->n_args, &x->u.args);
        break;
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        x = new_expr(cv,
                     n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_LEAST ? SQL_EXPR_LEAST
                                                                           : SQL_EXPR_GREATEST,
                     n->min_max_expr->location);
        rc = sql__cv_exprs(cv, n->min_max_expr->args, n->min_max_expr->n_args, &x->u.args);
        break;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        x = new_expr(cv, SQL_EXPR_CAST, n->type_cast->location);
        rc = sql__cv_expr(cv, n->type_cast->arg, &x->u.cast.arg);
        if (rc == 0)
            rc = sql__cv_typename(cv, n->type_cast->type_name, &x->u.cast.type);
        break;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return cv_func(cv, n->func_call, out);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        x = new_expr(cv, SQL_EXPR_FUNC, n->grouping_func->location);
        x->u.func.name.name = mem_strdup(cv->ctx, "grouping");
        x->u.func.grouping = true;
        rc = sql__cv_exprs(cv, n->grouping_func->args, n->grouping_func->n_args, &x->u.func.args);
        break;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        x = new_expr(cv, SQL_EXPR_ROW, n->row_expr->location);
        x->u.row.explicit_row =
            n->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL;
        rc = sql__cv_exprs(cv, n->row_expr->args, n->row_expr->n_args, &x->u.row.args);
        break;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        x = new_expr(cv, SQL_EXPR_ARRAY, n->a_array_expr->location);
        rc = sql__cv_exprs(cv, n->a_array_expr->elements, n->a_array_expr->n_elements, &x->u.args);
        break;
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        x = new_expr(cv, SQL_EXPR_INDIRECTION, -1);
        rc = sql__cv_expr(cv, n->a_indirection->arg, &x->u.indir.arg);
        if (rc == 0)
            rc = sql__cv_indirection(cv, n->a_indirection->indirection,
                                     n->a_indirection->n_indirection, &x->u.indir.path);
        if (rc == 0)
            x->location = x->u.indir.arg->location;
        break;
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        x = new_expr(cv, SQL_EXPR_COLLATE, n->collate_clause->location);
        rc = sql__cv_expr(cv, n->collate_clause->arg, &x->u.collate.arg);
        if (rc == 0)
            rc = sql__cv_qname(cv, n->collate_clause->collname, n->collate_clause->n_collname,
                               &x->u.collate.collation);
        break;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        x = new_expr(cv, SQL_EXPR_SQLVALUE, n->sqlvalue_function->location);
        x->u.sqlvalue.op = sqlvalue_op(n->sqlvalue_function->op);
        x->u.sqlvalue.typmod = n->sqlvalue_function->typmod;
        break;
    case PG_QUERY__NODE__NODE_SET_TO_DEFAULT:
        x = new_expr(cv, SQL_EXPR_DEFAULT, n->set_to_default->location);
        break;
    case PG_QUERY__NODE__NODE__NOT_SET:
        return sql__malformed(cv, "empty expression");
    default:
        return sql__unsupported_node(cv, n);
    }
    if (rc != 0)
        return rc;
    *out = x;
    return 0;
}

int sql__cv_expr(struct sql__cv *cv, const pq_node *n, struct sql_expr **out)
{
    if (n == NULL)
        return sql__malformed(cv, "missing expression");
    int rc = sql__cv_enter(cv);
    if (rc != 0)
        return rc;
    rc = cv_expr_inner(cv, n, out);
    sql__cv_leave(cv);
    return rc;
}
