/* value_record.c — anonymous record values (ROW(...), a multi-column
 * set-returning function of a select list): a value of type record whose
 * u.arr holds the fields as a one-dimensional sql_array (array.h). The
 * field names and types are the binder's (the record's typmod, bind_srf.c).
 *
 * Text form as PostgreSQL's record_out: "(f1,f2)", a NULL field empty, a
 * field quoted when it is empty or holds "(),\\\" or white space (quotes
 * and backslashes doubled). Binary form as record_send: the field count,
 * then per field its type OID and length-prefixed binary value (-1: NULL).
 */
#include "sql/array.h"
#include "sql/value.h"
#include "sql/value_int.h"

#include <ctype.h>
#include <string.h>

int sql__record_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                    struct err *e)
{
    const struct sql_array *a = v->u.arr;
    struct sbuf el;
    sbuf_init(&el);
    sbuf_putc(out, '(');
    for (int i = 0; a != NULL && i < a->nitems; i++) {
        const struct sql_value *x = &a->items[i];
        if (i > 0)
            sbuf_putc(out, ',');
        if (x->null)
            continue;
        sbuf_reset(&el);
        int rc = sql_value_out(x, f, &el, e);
        if (rc != 0) {
            sbuf_free(&el);
            return rc;
        }
        const char *p = el.data ? el.data : "";
        /* quoting doubles the quotes of every nested level: ROW(ROW(...))
         * 40 deep would otherwise need terabytes */
        if (out->len + 2 * el.len + 3 > SQL_MAX_ALLOC) {
            sbuf_free(&el);
            return sql_enlarge_error(e, out->len, 2 * el.len + 3);
        }
        bool q = el.len == 0;
        for (size_t k = 0; k < el.len && !q; k++)
            q = p[k] == '"' || p[k] == '\\' || p[k] == '(' || p[k] == ')' || p[k] == ',' ||
                isspace((unsigned char)p[k]);
        if (!q) {
            sbuf_append(out, p, el.len);
            continue;
        }
        sbuf_putc(out, '"');
        for (size_t k = 0; k < el.len; k++) {
            if (p[k] == '"' || p[k] == '\\')
                sbuf_putc(out, p[k]);
            sbuf_putc(out, p[k]);
        }
        sbuf_putc(out, '"');
    }
    sbuf_putc(out, ')');
    sbuf_free(&el);
    return 0;
}

static void put32(struct sbuf *out, uint32_t x)
{
    uint8_t b[4] = {(uint8_t)(x >> 24), (uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x};
    sbuf_append(out, (const char *)b, 4);
}

int sql__record_send(const struct sql_value *v, struct sbuf *out, struct err *e)
{
    const struct sql_array *a = v->u.arr;
    int n = a != NULL ? a->nitems : 0;
    put32(out, (uint32_t)n);
    struct sbuf el;
    sbuf_init(&el);
    for (int i = 0; i < n; i++) {
        const struct sql_value *x = &a->items[i];
        put32(out, x->type == SQL_T_UNKNOWN ? SQL_T_TEXT : x->type);
        if (x->null) {
            put32(out, 0xffffffffu);
            continue;
        }
        sbuf_reset(&el);
        int rc = sql_value_send(x, &el, e);
        if (rc != 0) {
            sbuf_free(&el);
            return rc;
        }
        put32(out, (uint32_t)el.len);
        sbuf_append(out, el.data ? el.data : "", el.len);
    }
    sbuf_free(&el);
    return 0;
}
