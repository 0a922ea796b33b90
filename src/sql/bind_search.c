/* bind_search.c — the SEARCH and CYCLE clauses of a WITH RECURSIVE query
 * (PostgreSQL 14+), checked as parse_cte.c's analyzeCTE checks them and
 * rewritten as rewriteSearchCycle.c rewrites them: the query gains columns
 * computed by its two terms, and the rewritten query is then bound as any
 * recursive query (bind_cte.c).
 *
 *   WITH RECURSIVE t(c1, c2) AS (left UNION [ALL] right)
 *     SEARCH DEPTH FIRST BY c1 SET sqc CYCLE c1 SET cmc TO v DEFAULT d USING cpa
 *
 * becomes
 *
 *   WITH RECURSIVE t(c1, c2, sqc, cmc, cpa) AS (
 *       SELECT *c1*, *c2*, ARRAY[ROW(*c1*)],
 *              CASE WHEN false THEN v ELSE d END, ARRAY[ROW(*c1*)]
 *         FROM (left) "*TLOCRN*"(*c1*, *c2*)
 *     UNION [ALL]
 *       SELECT *c1*, *c2*, *sqc* || ARRAY[ROW(*c1*)],
 *              CASE WHEN ROW(*c1*) = ANY (*cpa*) THEN v ELSE d END,
 *              *cpa* || ARRAY[ROW(*c1*)]
 *         FROM (right + ref.sqc, ref.cmc, ref.cpa) "*TROCRN*"(*c1*, *c2*, *sqc*, *cmc*, *cpa*)
 *        WHERE *cmc* <> v)
 *
 * with "*cN*" internal column names when two WITH columns share a name,
 * ref the recursive reference's name in the right term's FROM (inside an
 * aliased join it has none there: 0A000), and for
 * BREADTH FIRST the sequence column ROW(0::int8, cols), then
 * ROW((sqc).f1 + 1, cols). The left CASE gives the mark the common type of
 * v and d (select_common_type "CYCLE"). Inside the right term the added
 * columns are found by name but not expanded by * (rte.nostar), as
 * PostgreSQL's.
 */
#include "sql/engine_int.h"

#include <string.h>

static struct sql_expr *mk_expr(struct binder *b, enum sql_expr_kind kind)
{
    struct sql_expr *x = mem_alloc0(b->ctx, sizeof *x);
    x->kind = kind;
    x->location = -1;
    return x;
}

static void list_add(struct binder *b, struct sql_list *l, void *item)
{
    l->items = mem_realloc(b->ctx, l->items, sizeof(void *) * (size_t)l->n,
                           sizeof(void *) * (size_t)(l->n + 1));
    l->items[l->n++] = item;
}

/* A column reference: qual.name, or name when qual is NULL. */
static struct sql_expr *mk_col(struct binder *b, const char *qual, const char *name)
{
    struct sql_expr *x = mk_expr(b, SQL_EXPR_COLUMN);
    if (qual != NULL)
        list_add(b, &x->u.column.fields, (void *)qual);
    list_add(b, &x->u.column.fields, (void *)name);
    return x;
}

static struct sql_expr *mk_op(struct binder *b, const char *op, struct sql_expr *l,
                              struct sql_expr *r)
{
    struct sql_expr *x = mk_expr(b, SQL_EXPR_OP);
    x->u.op.name = (char *)op;
    x->u.op.l = l;
    x->u.op.r = r;
    return x;
}

static struct sql_expr *mk_int(struct binder *b, enum sql_const_kind kind, int64_t v)
{
    struct sql_expr *x = mk_expr(b, SQL_EXPR_CONST);
    x->u.c.kind = kind;
    x->u.c.ival = v;
    return x;
}

/* ROW(first, the columns of cols), first may be NULL. */
static struct sql_expr *mk_row(struct binder *b, struct sql_expr *first, const int *cols, int n,
                               char **inames)
{
    struct sql_expr *x = mk_expr(b, SQL_EXPR_ROW);
    x->u.row.explicit_row = true;
    if (first != NULL)
        list_add(b, &x->u.row.args, first);
    for (int i = 0; i < n; i++)
        list_add(b, &x->u.row.args, mk_col(b, NULL, inames[cols[i]]));
    return x;
}

static struct sql_expr *mk_array1(struct binder *b, struct sql_expr *elem)
{
    struct sql_expr *x = mk_expr(b, SQL_EXPR_ARRAY);
    list_add(b, &x->u.args, elem);
    return x;
}

/* CASE WHEN cond THEN v ELSE d END */
static struct sql_expr *mk_case(struct binder *b, struct sql_expr *cond, struct sql_expr *v,
                                struct sql_expr *d)
{
    struct sql_expr *x = mk_expr(b, SQL_EXPR_CASE);
    struct sql_case_when *w = mem_alloc0(b->ctx, sizeof *w);
    w->cond = cond;
    w->result = v;
    list_add(b, &x->u.case_.whens, w);
    x->u.case_.def = d;
    return x;
}

static void add_target(struct binder *b, struct sql_select *q, const char *name,
                       struct sql_expr *val)
{
    struct sql_target *t = mem_alloc0(b->ctx, sizeof *t);
    t->name = (char *)name;
    t->val = val;
    t->location = -1;
    list_add(b, &q->targets, t);
}

/* SELECT ... FROM (sub) alias(names) */
static struct sql_select *mk_wrap(struct binder *b, struct sql_select *sub, const char *alias,
                                  char **names, int n)
{
    struct sql_select *q = mem_alloc0(b->ctx, sizeof *q);
    struct sql_from *f = mem_alloc0(b->ctx, sizeof *f);
    f->kind = SQL_FROM_SUBQUERY;
    f->u.sub.query = sub;
    f->u.sub.alias = mem_alloc0(b->ctx, sizeof *f->u.sub.alias);
    f->u.sub.alias->name = (char *)alias;
    for (int i = 0; i < n; i++)
        list_add(b, &f->u.sub.alias->colnames, names[i]);
    list_add(b, &q->from, f);
    return q;
}

/* The recursive reference among the FROM items of the right term: a table
 * named name, unqualified, at the top or inside joins. *qual: the name
 * that qualifies its columns there, NULL inside an aliased join (whose
 * alias hides it; the added columns are not among the join's columns). */
static const struct sql_rangevar *find_ref(const struct sql_from *f, const char *name,
                                           bool in_alias, const char **qual)
{
    if (f == NULL)
        return NULL;
    if (f->kind == SQL_FROM_TABLE) {
        const struct sql_rangevar *rv = f->u.table;
        if (rv->name.schema == NULL && rv->name.catalog == NULL &&
            strcmp(rv->name.name, name) == 0) {
            *qual = in_alias ? NULL : rv->alias != NULL ? rv->alias->name : rv->name.name;
            return rv;
        }
        return NULL;
    }
    if (f->kind != SQL_FROM_JOIN)
        return NULL;
    bool a = in_alias || f->u.join.alias != NULL;
    const struct sql_rangevar *rv = find_ref(f->u.join.l, name, a, qual);
    return rv != NULL ? rv : find_ref(f->u.join.r, name, a, qual);
}

static int not_recursive(const struct sql_cte *c, struct err *e)
{
    return eng__err(e, c->location, ERR_INVAL, "42601", "WITH query is not recursive");
}

static int find_name(char **names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* Positions in names of the columns of list (SEARCH BY / CYCLE); what is
 * "search" or "cycle". */
static int col_positions(struct binder *b, const struct sql_list *list, char **names, int n,
                         const char *what, int location, int **out, struct err *e)
{
    int *pos = mem_alloc(b->ctx, sizeof(int) * (size_t)(list->n > 0 ? list->n : 1));
    for (int i = 0; i < list->n; i++) {
        const char *col = list->items[i];
        pos[i] = find_name(names, n, col);
        if (pos[i] < 0)
            return eng__err(e, location, ERR_INVAL, "42601",
                            "%s column \"%s\" not in WITH query column list", what, col);
        for (int k = 0; k < i; k++)
            if (strcmp(list->items[k], col) == 0)
                return eng__err(e, location, ERR_INVAL, "42701",
                                "%s column \"%s\" specified more than once", what, col);
    }
    *out = pos;
    return 0;
}

/* The checks of analyzeCTE on the column names (names: the WITH query's
 * n columns). */
static int check_names(struct binder *b, const struct sql_cte *c, char **names, int n, int **spos,
                       int **cpos, struct err *e)
{
    const struct sql_cte_search *s = c->search;
    const struct sql_cte_cycle *y = c->cycle;
    int rc;
    if (s != NULL) {
        if ((rc = col_positions(b, &s->cols, names, n, "search", s->location, spos, e)) != 0)
            return rc;
        if (find_name(names, n, s->seq_column) >= 0)
            return eng__err(e, s->location, ERR_INVAL, "42601",
                            "search sequence column name \"%s\" already used in WITH query "
                            "column list",
                            s->seq_column);
    }
    if (y != NULL) {
        if ((rc = col_positions(b, &y->cols, names, n, "cycle", y->location, cpos, e)) != 0)
            return rc;
        if (find_name(names, n, y->mark_column) >= 0)
            return eng__err(e, y->location, ERR_INVAL, "42601",
                            "cycle mark column name \"%s\" already used in WITH query column "
                            "list",
                            y->mark_column);
        if (find_name(names, n, y->path_column) >= 0)
            return eng__err(e, y->location, ERR_INVAL, "42601",
                            "cycle path column name \"%s\" already used in WITH query column "
                            "list",
                            y->path_column);
        if (strcmp(y->mark_column, y->path_column) == 0)
            return eng__err(e, y->location, ERR_INVAL, "42601",
                            "cycle mark column name and cycle path column name are the same");
    }
    if (s != NULL && y != NULL) {
        if (strcmp(s->seq_column, y->mark_column) == 0)
            return eng__err(e, s->location, ERR_INVAL, "42601",
                            "search sequence column name and cycle mark column name are the "
                            "same");
        if (strcmp(s->seq_column, y->path_column) == 0)
            return eng__err(e, s->location, ERR_INVAL, "42601",
                            "search sequence column name and cycle path column name are the "
                            "same");
    }
    return 0;
}

/* The cycle mark values: their common type (42804 "CYCLE types ... cannot
 * be matched"), each coercible to it, and an equality operator for it. */
static int check_mark(struct binder *b, const struct sql_cte_cycle *y, struct err *e)
{
    struct scope *empty = mem_alloc0(b->ctx, sizeof *empty);
    struct bx *v, *d, *cv, *cd, *eq;
    int rc = eng__bind_expr(b, empty, y->mark_value, &v, e);
    if (rc == 0)
        rc = eng__bind_expr(b, empty, y->mark_default, &d, e);
    if (rc != 0)
        return rc;
    struct bx *pair[2] = {v, d};
    uint32_t t;
    if ((rc = eng__common_type(pair, 2, "CYCLE", &t, e)) != 0)
        return rc;
    if (t == SQL_T_UNKNOWN)
        t = SQL_T_TEXT;
    rc = eng__coerce(b, v, t, -1, COERCE_IMPLICIT, &cv, e);
    if (rc == 0)
        rc = eng__coerce(b, d, t, -1, COERCE_IMPLICIT, &cd, e);
    if (rc != 0)
        return rc;
    if (eng__make_op(b, "=", cv, cd, -1, &eq, e) != 0 || eq->type != SQL_T_BOOL) {
        struct sbuf tn;
        sbuf_init(&tn);
        sql_type_format(t, -1, &tn);
        rc =
            eng__err(e, -1, ERR_NOTFOUND, "42883",
                     "could not identify an equality operator for type %s", tn.data ? tn.data : "");
        sbuf_free(&tn);
        return rc;
    }
    return 0;
}

int eng__cte_search_cycle(struct binder *b, struct scope *parent, struct cte_ref *r, bool recursive,
                          struct err *e)
{
    const struct sql_cte *c = r->cte;
    const struct sql_cte_search *s = c->search;
    const struct sql_cte_cycle *y = c->cycle;
    int rc;
    if (y != NULL && (rc = check_mark(b, y, e)) != 0)
        return rc;
    if (!recursive || c->query == NULL || c->query->kind != SQL_STMT_SELECT)
        return not_recursive(c, e);
    const struct sql_select *q = c->query->u.select;
    const struct sql_rangevar *ref = NULL;
    const char *refname = NULL;
    if (q->op == SQL_SETOP_UNION && q->larg->op == SQL_SETOP_NONE && q->rarg->op == SQL_SETOP_NONE)
        for (int i = 0; i < q->rarg->from.n && ref == NULL; i++)
            ref = find_ref(q->rarg->from.items[i], c->name, false, &refname);
    if (ref == NULL || refname == NULL) {
        /* not the form the rewrite handles: the errors of the query come
         * first, as PostgreSQL checks the form after analysing it */
        if ((rc = eng__cte_analyze(b, parent, r, e)) != 0)
            return rc;
        if (r->rec_state != CTE_RECURSIVE)
            return not_recursive(c, e);
        if (q->larg->op != SQL_SETOP_NONE)
            return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                            "with a SEARCH or CYCLE clause, the left side of the UNION must be "
                            "a SELECT");
        if (q->rarg->op != SQL_SETOP_NONE)
            return eng__err(e, -1, ERR_INVAL, "42601",
                            "with a SEARCH or CYCLE clause, the right side of the UNION must be "
                            "a SELECT");
        return eng__err(e, ref != NULL ? ref->location : c->location, ERR_UNSUPPORTED, "0A000",
                        "SEARCH or CYCLE with the recursive reference inside an aliased join "
                        "is not supported");
    }

    /* the WITH query's columns: its names, else the left term's */
    struct pnode *lp;
    struct sql_column *lc;
    int n;
    r->rec_state = CTE_IN_NONREC;
    rc = eng__plan_select(b, parent, q->larg, &lp, &lc, &n, e);
    r->rec_state = CTE_PLAIN;
    if (rc != 0)
        return rc;
    if (c->colnames.n > n)
        return eng__err(e, c->location, ERR_INVAL, "42P10",
                        "WITH query \"%s\" has %d columns available but %d columns specified",
                        c->name, n, c->colnames.n);
    int nadd = (s != NULL ? 1 : 0) + (y != NULL ? 2 : 0);
    int nall = n + nadd;
    char **names = mem_alloc(b->ctx, sizeof(char *) * (size_t)nall);
    char **inames = mem_alloc(b->ctx, sizeof(char *) * (size_t)nall);
    for (int i = 0; i < n; i++)
        names[i] = i < c->colnames.n ? c->colnames.items[i] : (char *)lc[i].name;
    int *spos = NULL, *cpos = NULL;
    if ((rc = check_names(b, c, names, n, &spos, &cpos, e)) != 0)
        return rc;
    int sq = -1, cm = -1, cp = -1; /* positions of the added columns */
    if (s != NULL) {
        sq = n;
        names[sq] = s->seq_column;
    }
    if (y != NULL) {
        cm = s != NULL ? n + 1 : n;
        cp = cm + 1;
        names[cm] = y->mark_column;
        names[cp] = y->path_column;
    }
    /* the subqueries' columns: the WITH query's names (so EXPLAIN reads
     * well), internal ones when two are the same */
    bool unique = true;
    for (int i = 0; i < nall && unique; i++)
        unique = find_name(names, i, names[i]) < 0;
    for (int i = 0; i < nall; i++)
        inames[i] = unique ? names[i] : mem_printf(b->ctx, "*c%d*", i + 1);

    /* left: SELECT cols, initial values FROM (left) "*TLOCRN*"(cols) */
    struct sql_select *nl = mk_wrap(b, q->larg, "*TLOCRN*", inames, n);
    for (int i = 0; i < n; i++)
        add_target(b, nl, names[i], mk_col(b, NULL, inames[i]));
    if (s != NULL) {
        int ns = s->cols.n;
        add_target(b, nl, names[sq],
                   s->breadth_first ? mk_row(b, mk_int(b, SQL_CONST_INT8, 0), spos, ns, inames)
                                    : mk_array1(b, mk_row(b, NULL, spos, ns, inames)));
    }
    if (y != NULL) {
        struct sql_expr *f = mk_expr(b, SQL_EXPR_CONST);
        f->u.c.kind = SQL_CONST_BOOL;
        add_target(b, nl, names[cm], mk_case(b, f, y->mark_value, y->mark_default));
        add_target(b, nl, names[cp], mk_array1(b, mk_row(b, NULL, cpos, y->cols.n, inames)));
    }

    /* right: the term with the reference's added columns, wrapped */
    struct sql_select *rr = mem_alloc(b->ctx, sizeof *rr);
    *rr = *q->rarg;
    memset(&rr->targets, 0, sizeof rr->targets);
    for (int i = 0; i < q->rarg->targets.n; i++)
        list_add(b, &rr->targets, q->rarg->targets.items[i]);
    for (int i = n; i < nall; i++)
        add_target(b, rr, names[i], mk_col(b, refname, names[i]));
    struct sql_select *nr = mk_wrap(b, rr, "*TROCRN*", inames, nall);
    for (int i = 0; i < n; i++)
        add_target(b, nr, names[i], mk_col(b, NULL, inames[i]));
    if (s != NULL) {
        int ns = s->cols.n;
        if (s->breadth_first) {
            struct sql_expr *fs = mk_expr(b, SQL_EXPR_INDIRECTION);
            struct sql_indir *ind = mem_alloc0(b->ctx, sizeof *ind);
            ind->kind = SQL_INDIR_FIELD;
            ind->field = "f1";
            fs->u.indir.arg = mk_col(b, NULL, inames[sq]);
            list_add(b, &fs->u.indir.path, ind);
            add_target(
                b, nr, names[sq],
                mk_row(b, mk_op(b, "+", fs, mk_int(b, SQL_CONST_INT8, 1)), spos, ns, inames));
        } else {
            add_target(b, nr, names[sq],
                       mk_op(b, "||", mk_col(b, NULL, inames[sq]),
                             mk_array1(b, mk_row(b, NULL, spos, ns, inames))));
        }
    }
    if (y != NULL) {
        struct sql_expr *any = mk_expr(b, SQL_EXPR_OP_ANY);
        any->u.op.name = "=";
        any->u.op.l = mk_row(b, NULL, cpos, y->cols.n, inames);
        any->u.op.r = mk_col(b, NULL, inames[cp]);
        add_target(b, nr, names[cm], mk_case(b, any, y->mark_value, y->mark_default));
        add_target(b, nr, names[cp],
                   mk_op(b, "||", mk_col(b, NULL, inames[cp]),
                         mk_array1(b, mk_row(b, NULL, cpos, y->cols.n, inames))));
        nr->where = mk_op(b, "<>", mk_col(b, NULL, inames[cm]), y->mark_value);
    }

    struct sql_select *nq = mem_alloc(b->ctx, sizeof *nq);
    *nq = *q;
    nq->larg = nl;
    nq->rarg = nr;
    struct sql_stmt *st = mem_alloc(b->ctx, sizeof *st);
    *st = *c->query;
    st->u.select = nq;
    struct sql_cte *nc = mem_alloc(b->ctx, sizeof *nc);
    *nc = *c;
    nc->query = st;
    nc->search = NULL;
    nc->cycle = NULL;
    memset(&nc->colnames, 0, sizeof nc->colnames);
    for (int i = 0; i < nall; i++)
        list_add(b, &nc->colnames, names[i]);
    r->cte = nc;
    r->rec_hidden = nadd;
    r->rec_rarg = rr;
    if ((rc = eng__cte_analyze(b, parent, r, e)) != 0)
        return rc;
    if (r->rec_state != CTE_RECURSIVE)
        return not_recursive(c, e);
    return 0;
}
