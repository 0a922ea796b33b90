/* ctype_key.c — key encoding of composite values (indexes, PRIMARY KEY and
 * UNIQUE on columns of a named composite type or a table's row type).
 *
 * PostgreSQL's btree record_ops (btrecordcmp, rowtypes.c) order records
 * field by field, a NULL field after every non-NULL one. A key holds a
 * record as ONE bytea key value (kv/keyenc.h) whose bytes are the fields'
 * own key encodings in field order, each ascending with NULLS LAST:
 *
 *   OFFSET  SIZE  MEANING
 *   0       1     bytea tag (complemented for a DESC column)
 *   1       m     escaped payload: field 1 key | field 2 key | ... | field n
 *
 * Field encodings are prefix-free and order-preserving, so comparing two
 * payloads bytewise compares the records field by field, and bytea's
 * encoding keeps that order (complemented for DESC, which reverses the
 * whole record order as PostgreSQL's DESC does). One key value per record
 * keeps kv_key_skip working on index entries.
 *
 * The payload has the type's fields as they are when the key is written;
 * ADD/DROP ATTRIBUTE (and ADD/DROP COLUMN of a table whose row type it is)
 * would change the encoding of equal values, so they are refused (0A000)
 * while an index key uses the type (sql__ctype_key_users).
 */
#include "sql/ctype.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "sql/array.h"
#include "sql/catalog.h"
#include "sql/value_int.h"

int sql__record_key_put(struct sbuf *b, const struct sql_value *v, bool desc, struct err *e)
{
    const struct sql_array *a = v->u.arr;
    if (a == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "record value without fields");
    struct sbuf in;
    sbuf_init(&in);
    int rc = 0;
    for (int i = 0; i < a->nitems && rc == 0; i++)
        rc = sql_key_put(&in, &a->items[i], false, false, e);
    if (rc == 0)
        kv_key_put_bytea(b, in.data, in.len, desc ? KV_KEY_DESC : KV_KEY_ASC);
    sbuf_free(&in);
    return rc;
}

int sql__ctype_key_get(struct mem_ctx *ctx, uint32_t ctype, const uint8_t *p, size_t n, bool desc,
                       struct sql_value *out, size_t *consumed, struct err *e)
{
    const struct sql_ctype *ct = sql_ctype_get(ctype);
    if (ct == NULL)
        return err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: unknown composite type %u",
                             ctype);
    struct kv_key_value kv;
    kv_key_value_init(&kv);
    size_t used = 0;
    int rc = kv_key_decode_next(p, n, desc ? KV_KEY_DESC : KV_KEY_ASC, &kv, &used, e);
    if (rc != 0)
        goto done;
    *out = sql_null(SQL_T_RECORD);
    if (kv.type == KV_KEY_NULL)
        goto ok;
    if (kv.type != KV_KEY_BYTEA) {
        rc = err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: record of type %s", ct->name);
        goto done;
    }
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, ct->n);
    sql__record_set_typmod(a, ct->shape);
    size_t o = 0;
    for (int i = 0; i < ct->n; i++) {
        size_t fu = 0;
        if (o >= kv.len) {
            rc = err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: short record of type %s",
                               ct->name);
            goto done;
        }
        rc = sql_key_get(ctx, kv.data + o, kv.len - o, ct->types[i], false, &a->items[i], &fu, e);
        if (rc != 0)
            goto done;
        o += fu;
    }
    if (o != kv.len) {
        rc =
            err_set_state(e, ERR_CORRUPT, "XX001", "invalid key: long record of type %s", ct->name);
        goto done;
    }
    out->null = false;
    out->u.arr = a;
ok:
    *consumed = used;
    rc = 0;
done:
    kv_key_value_free(&kv);
    return rc;
}

int sql__ctype_key_check(const struct sql_ctype *ct, struct err *e)
{
    for (int i = 0; i < ct->n; i++)
        if (!sql_key_type_ok(ct->types[i])) {
            const struct sql_type_info *ti = sql_type_get(ct->types[i]);
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "indexes and keys on composite type columns with a field of "
                                 "type %s are not supported",
                                 ti != NULL ? ti->sql_name : "unknown");
        }
    return 0;
}

int sql__ctype_key_users(struct sql_env *env, uint32_t oid, struct sbuf *first, int *n,
                         struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    *n = 0;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nt; i++) {
        const struct sql_table_desc *t = tabs[i];
        if (t->kind != 'r')
            continue;
        for (int k = 0; k < t->nidx; k++) {
            const struct sql_idx_desc *ix = &t->idx[k];
            for (int j = 0; j < ix->ncols; j++) {
                const struct sql_col_desc *c =
                    ix->exprs[j] != NULL ? NULL : sql_cat_column_by_id(t, ix->col_ids[j]);
                if (c == NULL || c->ctype != oid)
                    continue;
                if (*n == 0 && first != NULL)
                    sbuf_printf(first, "%s.%s", t->name, c->name);
                (*n)++;
            }
        }
    }
    return 0;
}

int sql__ctype_key_alter_check(struct sql_env *env, uint32_t oid, const char *name, struct err *e)
{
    struct sbuf first;
    sbuf_init(&first);
    int n = 0;
    int rc = sql__ctype_key_users(env, oid, &first, &n, e);
    if (rc == 0 && n > 0)
        rc = err_set_state(e, ERR_UNSUPPORTED, "0A000",
                           "adding or dropping fields of type \"%s\" while index key column "
                           "\"%s\" uses it is not supported",
                           name, first.data);
    sbuf_free(&first);
    return rc;
}
