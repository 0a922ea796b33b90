/* enum_key.c — key encoding of enum values (indexes, PRIMARY KEY and
 * UNIQUE on enum columns).
 *
 * A key holds the label's enumsortorder as a float4 key (kv_key_put_float4:
 * order-preserving), so index order is the enum's order and range scans
 * work. A label's sortorder never changes once given (ALTER TYPE ADD VALUE
 * BEFORE/AFTER places the new label halfway between its neighbours), except
 * when float4 runs out of room and PostgreSQL renumbers every label: that is
 * refused (0A000) for a type an index key uses (sql__enum_key_renumber_check),
 * as it would invalidate the stored keys.
 *
 * Decoding maps the sortorder back to the label's oid through the
 * node-wide table of loaded enum types (enum.h).
 */
#include "sql/enum.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "sql/catalog.h"

#include <string.h>

int sql__enum_key_put(struct sbuf *b, const struct sql_value *v, bool desc, struct err *e)
{
    const struct sql_enum_type *t = sql_enum_get(v->type);
    if (t == NULL)
        return err_set_state(e, ERR_INVAL, "XX000", "cache lookup failed for type %u", v->type);
    for (int i = 0; i < t->nlabels; i++)
        if (t->labels[i].oid == (uint32_t)v->u.i) {
            kv_key_put_float4(b, t->labels[i].sortorder, desc ? KV_KEY_DESC : KV_KEY_ASC);
            return 0;
        }
    return err_set_state(e, ERR_INVAL, "XX000", "invalid internal value for enum: %u",
                         (uint32_t)v->u.i);
}

int sql__enum_key_get(uint32_t type, double sortorder, struct sql_value *out, struct err *e)
{
    const struct sql_enum_type *t = sql_enum_get(type);
    if (t != NULL) {
        /* labels are in sort order */
        int lo = 0, hi = t->nlabels - 1;
        while (lo <= hi) {
            int mid = lo + (hi - lo) / 2;
            double s = t->labels[mid].sortorder;
            if (s == sortorder) {
                *out = sql_null(type);
                out->null = false;
                out->u.i = t->labels[mid].oid;
                return 0;
            }
            if (s < sortorder)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
    }
    return err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: no label of enum %u sorts at %g",
                         type, sortorder);
}

int sql__enum_key_renumber_check(struct sql_env *env, uint32_t type, struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nt; i++) {
        const struct sql_table_desc *t = tabs[i];
        if (t->kind != 'r')
            continue;
        bool has_col = false;
        for (int j = 0; j < t->ncols; j++)
            has_col = has_col || t->cols[j].type == type;
        if (!has_col)
            continue;
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            for (int j = 0; j < ix->ncols; j++) {
                const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
                if (ix->exprs[j] != NULL || (c != NULL && c->type == type))
                    return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                         "ALTER TYPE ... ADD VALUE that renumbers the labels of "
                                         "an enum type an index uses is not supported");
            }
        }
    }
    return 0;
}
