/* parse_typename_util.c — conversions shared by the type-object statements
 * (parse_domain.c, parse_enum.c): one qualified name as a list, DROP
 * behaviour, and the name list of DROP DOMAIN / DROP TYPE. */
#include "common/mem.h"
#include "sql/parse_int.h"

#include <stdio.h>

int sql__cv_qname_list1(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, 1);
    struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
    int rc = sql__cv_qname(cv, items, n, q);
    if (rc != 0)
        return rc;
    out->items[0] = q;
    return 0;
}

enum sql_drop_behavior sql__cv_drop_behavior(PgQuery__DropBehavior b)
{
    return b == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE    ? SQL_DROP_CASCADE
           : b == PG_QUERY__DROP_BEHAVIOR__DROP_RESTRICT ? SQL_DROP_RESTRICT
                                                         : SQL_DROP_DEFAULT;
}

int sql__cv_drop_type_names(struct sql__cv *cv, const PgQuery__DropStmt *s, const char *kw,
                            struct sql_list *out)
{
    char what[64];
    sql__list_init(cv, out, s->n_objects);
    for (size_t i = 0; i < s->n_objects; i++) {
        const pq_node *o = s->objects[i];
        struct sql_qname *q = mem_alloc0(cv->ctx, sizeof(*q));
        int rc;
        if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            if (o->type_name->n_array_bounds > 0 || o->type_name->n_typmods > 0) {
                snprintf(what, sizeof(what), "DROP %s of an array type", kw);
                return sql__unsupported(cv, what);
            }
            rc = sql__cv_qname(cv, o->type_name->names, o->type_name->n_names, q);
        } else if (o->node_case == PG_QUERY__NODE__NODE_LIST) {
            rc = sql__cv_qname(cv, o->list->items, o->list->n_items, q);
        } else {
            snprintf(what, sizeof(what), "DROP %s object", kw);
            rc = sql__malformed(cv, what);
        }
        if (rc != 0)
            return rc;
        out->items[i] = q;
    }
    return 0;
}
