/* bind_dmlcte.c — data-modifying statements in WITH, as PostgreSQL's
 * parse_cte.c and nodeModifyTable.c treat them:
 *
 *   WITH x AS (INSERT | UPDATE | DELETE ... [RETURNING ...]) main query
 *
 * Each such query is planned once, when its WITH is bound (so its errors
 * come whether or not it is referenced), into binder.dml and later
 * sql_plan.dml; the cursor runs every one of them, in order and to
 * completion, before the main query (exec_dmlcte.c), keeping its RETURNING
 * rows. A reference plans a PN_DMLSCAN leaf over those rows. Sub-statements
 * and the main query read one snapshot, the statement's start: the kv read
 * cap (kv_txn_set_read_cap) hides the statement's own writes from scans and
 * reads, while row locks and unique checks still see them.
 *
 * Only the top level may hold such a WITH (0A000 otherwise: a subquery, an
 * INSERT's SELECT, another WITH query's body); a query without RETURNING
 * cannot be referenced (0A000); in WITH RECURSIVE it must not reference
 * itself (42P19).
 */
#include "sql/engine_int.h"

#include <string.h>

static int top_level_err(const struct sql_cte *c, struct err *e)
{
    return eng__err(e, c->location, ERR_UNSUPPORTED, "0A000",
                    "WITH clause containing a data-modifying statement must be at the top level");
}

int eng__dml_nested_check(const struct sql_select *q, struct err *e)
{
    if (q == NULL)
        return 0;
    if (q->with != NULL)
        for (int i = 0; i < q->with->ctes.n; i++) {
            const struct sql_cte *c = q->with->ctes.items[i];
            if (c->query == NULL)
                continue;
            if (c->query->kind != SQL_STMT_SELECT)
                return top_level_err(c, e);
            int rc = eng__dml_nested_check(c->query->u.select, e);
            if (rc != 0)
                return rc;
        }
    if (q->op != SQL_SETOP_NONE) {
        int rc = eng__dml_nested_check(q->larg, e);
        return rc != 0 ? rc : eng__dml_nested_check(q->rarg, e);
    }
    return 0;
}

int eng__dml_cte_plan(struct binder *b, struct cte_ref *r, bool recursive, struct err *e)
{
    const struct sql_cte *c = r->cte;
    struct cte_ref *saved = b->ctes;
    if (recursive) { /* a self-reference is an error, not another table */
        r->rec_state = CTE_DML_SELF;
        b->ctes = r;
    }
    struct sql_plan sub;
    memset(&sub, 0, sizeof sub);
    bool keep_unknown = b->keep_unknown;
    b->keep_unknown = false;
    b->cte_depth++;
    int owner = b->dml_owner;
    b->dml_owner = b->ndml + 1;
    int rc;
    switch (c->query->kind) {
    case SQL_STMT_INSERT:
        rc = eng__plan_insert(b, c->query, &sub, e);
        break;
    case SQL_STMT_UPDATE:
        rc = eng__plan_update(b, c->query, &sub, e);
        break;
    case SQL_STMT_DELETE:
        rc = eng__plan_delete(b, c->query, &sub, e);
        break;
    default:
        rc = eng__err(e, c->location, ERR_UNSUPPORTED, "0A000",
                      "this statement is not supported in WITH");
        break;
    }
    b->cte_depth--;
    b->dml_owner = owner;
    b->keep_unknown = keep_unknown;
    b->ctes = saved;
    r->rec_state = CTE_DML;
    if (rc != 0)
        return rc;
    if (c->colnames.n > (int)sub.ncols)
        return eng__err(e, c->location, ERR_INVAL, "42P10",
                        "WITH query \"%s\" has %d columns available but %d columns specified",
                        c->name, (int)sub.ncols, c->colnames.n);
    if (b->ndml == b->capdml) {
        int nc = b->capdml ? b->capdml * 2 : 4;
        b->dml = mem_realloc(b->ctx, b->dml, sizeof *b->dml * (size_t)b->capdml,
                             sizeof *b->dml * (size_t)nc);
        b->dml_names = mem_realloc(b->ctx, b->dml_names, sizeof *b->dml_names * (size_t)b->capdml,
                                   sizeof *b->dml_names * (size_t)nc);
        b->capdml = nc;
    }
    b->dml_names[b->ndml] = c->name; /* EXPLAIN's "CTE name" */
    r->dml_id = b->ndml;
    b->dml[b->ndml++] = sub.root;
    r->dml_cols = sub.cols;
    r->dml_ncols = (int)sub.ncols;
    return 0;
}

int eng__dml_cte_ref(struct binder *b, struct cte_ref *c, int location, struct pnode **out,
                     struct sql_column **cols, int *ncols, struct err *e)
{
    const char *name = c->cte->name;
    if (c->rec_state == CTE_DML_SELF)
        return eng__err(e, c->cte->location, ERR_INVAL, "42P19",
                        "recursive query \"%s\" must not contain data-modifying statements", name);
    if (c->dml_ncols == 0)
        return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                        "WITH query \"%s\" does not have a RETURNING clause", name);
    if (b->ndml_edges == b->capdml_edges) {
        int nc = b->capdml_edges ? b->capdml_edges * 2 : 8;
        b->dml_edge_from =
            mem_realloc(b->ctx, b->dml_edge_from, sizeof(int) * (size_t)b->capdml_edges,
                        sizeof(int) * (size_t)nc);
        b->dml_edge_to = mem_realloc(b->ctx, b->dml_edge_to, sizeof(int) * (size_t)b->capdml_edges,
                                     sizeof(int) * (size_t)nc);
        b->capdml_edges = nc;
    }
    b->dml_edge_from[b->ndml_edges] = b->dml_owner;
    b->dml_edge_to[b->ndml_edges++] = c->dml_id;
    struct pnode *p = mem_alloc0(b->ctx, sizeof *p);
    p->kind = PN_DMLSCAN;
    p->width = c->dml_ncols;
    p->est_rows = 100;
    p->u.dmlscan.id = c->dml_id;
    p->u.dmlscan.ncols = c->dml_ncols;
    p->u.dmlscan.name = name;
    b->last_correlated = false;
    *out = p;
    *cols = c->dml_cols;
    *ncols = c->dml_ncols;
    return 0;
}

bool *eng__dml_after(struct binder *b)
{
    /* a query references only earlier ones: walk from the last */
    bool *read = mem_alloc0(b->ctx, sizeof(bool) * (size_t)(b->ndml + 1));
    for (int i = 0; i < b->ndml_edges; i++)
        if (b->dml_edge_from[i] == 0)
            read[b->dml_edge_to[i]] = true;
    for (int id = b->ndml - 1; id >= 0; id--)
        if (read[id])
            for (int i = 0; i < b->ndml_edges; i++)
                if (b->dml_edge_from[i] == id + 1)
                    read[b->dml_edge_to[i]] = true;
    for (int id = 0; id < b->ndml; id++)
        read[id] = !read[id];
    return read;
}
