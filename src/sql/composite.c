/* composite.c — record values' shapes at run time.
 *
 * A record value (value_record.c) holds its fields in u.arr, a
 * one-dimensional sql_array whose lbs[1] is otherwise unused: it carries
 * the binder's record typmod + 1 (bind_srf.c's shape table: field names,
 * types and the named composite type), 0 when unknown. to_json and
 * row_to_json read the field names from it.
 */
#include "sql/array.h"
#include "sql/value.h"
#include "sql/value_int.h"

int32_t sql__record_value_typmod(const struct sql_value *v)
{
    if (v->type != SQL_T_RECORD || v->null || v->u.arr == NULL)
        return -1;
    return v->u.arr->lbs[1] - 1;
}

void sql__record_set_typmod(struct sql_array *a, int32_t typmod)
{
    a->lbs[1] = typmod >= 0 ? typmod + 1 : 0;
}
