/* range_int.h — private interface of value_range.c and func_range.c. */
#ifndef SF_SQL_RANGE_INT_H
#define SF_SQL_RANGE_INT_H

#include "sql/range.h"

/* PostgreSQL's RangeBound. */
struct sql_range_bound {
    struct sql_value v;
    bool inf;
    bool inc;
    bool lower;
};

/* Deserialize v (non-NULL, a range type). */
void sql__range_bounds(const struct sql_value *v, struct sql_range_bound *lo,
                       struct sql_range_bound *hi, bool *empty);
/* range_cmp_bounds / range_cmp_bound_values. */
int sql__range_cmp_bounds(const struct sql_range_bound *b1, const struct sql_range_bound *b2);
int sql__range_cmp_bound_values(const struct sql_range_bound *b1, const struct sql_range_bound *b2);
/* make_range: 22000 when lower > upper; canonicalizes discrete types. */
int sql__range_make(struct mem_ctx *ctx, uint32_t type, const struct sql_range_bound *lower,
                    const struct sql_range_bound *upper, bool empty, struct sql_value *out,
                    struct err *e);

#endif
