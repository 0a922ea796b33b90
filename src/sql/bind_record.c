/* bind_record.c — comparison operators on record values (PostgreSQL's
 * record_eq / record_ne / record_lt / ... over anonymous records, e.g. a
 * subquery's ROW(a, b) column compared with another record), and the check
 * of two record shapes that are compared (set operations).
 *
 * Row constructors on both sides are expanded column by column by
 * bind_row.c; what reaches here is a record-valued expression. Fields are
 * compared as record_cmp does: field by field, a NULL field sorting after
 * any value, two NULL fields equal (sql__array_cmp on the fields). Records
 * whose shapes differ (field count, field types) fail when compared, as
 * PostgreSQL's: 42804 "cannot compare record types with different numbers
 * of columns" / "cannot compare dissimilar column types T1 and T2 at record
 * column N" — raised when a row is compared, not at bind time.
 */
#include "sql/array.h"
#include "sql/engine_int.h"

#include <string.h>

enum { REC_EQ, REC_NE, REC_LT, REC_LE, REC_GT, REC_GE };

static int rec_compare(struct sql_fcall *c, const struct sql_value *a, int n, int op,
                       struct sql_value *out, struct err *e)
{
    (void)c;
    if (n == 3) /* shapes that cannot be compared: the message */
        return err_set_state(e, ERR_INVAL, "42804", "%.*s", (int)a[2].u.s.len, a[2].u.s.p);
    int r = sql_value_cmp(&a[0], &a[1]);
    bool v = false;
    switch (op) {
    case REC_EQ:
        v = r == 0;
        break;
    case REC_NE:
        v = r != 0;
        break;
    case REC_LT:
        v = r < 0;
        break;
    case REC_LE:
        v = r <= 0;
        break;
    case REC_GT:
        v = r > 0;
        break;
    default:
        v = r >= 0;
        break;
    }
    *out = sql_bool(v);
    return 0;
}

#define REC_FN(nm, OP)                                                                          \
    static int nm(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out, \
                  struct err *e)                                                                \
    {                                                                                           \
        return rec_compare(c, a, n, OP, out, e);                                                \
    }
REC_FN(fn_record_eq, REC_EQ)
REC_FN(fn_record_ne, REC_NE)
REC_FN(fn_record_lt, REC_LT)
REC_FN(fn_record_le, REC_LE)
REC_FN(fn_record_gt, REC_GT)
REC_FN(fn_record_ge, REC_GE)

static const struct sql_func_def rec_defs[] = {
    {"=", 0, 2, false, {SQL_T_RECORD, SQL_T_RECORD}, SQL_T_BOOL, fn_record_eq, true, 'i'},
    {"<>", 0, 2, false, {SQL_T_RECORD, SQL_T_RECORD}, SQL_T_BOOL, fn_record_ne, true, 'i'},
    {"<", 0, 2, false, {SQL_T_RECORD, SQL_T_RECORD}, SQL_T_BOOL, fn_record_lt, true, 'i'},
    {"<=", 0, 2, false, {SQL_T_RECORD, SQL_T_RECORD}, SQL_T_BOOL, fn_record_le, true, 'i'},
    {">", 0, 2, false, {SQL_T_RECORD, SQL_T_RECORD}, SQL_T_BOOL, fn_record_gt, true, 'i'},
    {">=", 0, 2, false, {SQL_T_RECORD, SQL_T_RECORD}, SQL_T_BOOL, fn_record_ge, true, 'i'},
};

int eng__record_op(struct binder *b, const char *op, struct bx *l, struct bx *r, int location,
                   struct bx **out, struct err *e)
{
    if (l == NULL || (l->type != SQL_T_RECORD && r->type != SQL_T_RECORD))
        return 1;
    if (strcmp(op, "!=") == 0)
        op = "<>";
    const struct sql_func_def *def = NULL;
    for (size_t i = 0; i < sizeof rec_defs / sizeof rec_defs[0] && def == NULL; i++)
        if (strcmp(rec_defs[i].name, op) == 0)
            def = &rec_defs[i];
    if (def == NULL)
        return 1;
    /* record OP 'literal': PostgreSQL picks record OP record and coerces the
     * literal to the anonymous type record, whose record_in refuses it */
    struct bx *lit = l->type == SQL_T_RECORD ? r : l;
    if (lit->type == SQL_T_UNKNOWN && lit->kind == BX_CONST)
        return eng__err(e, lit->location, ERR_UNSUPPORTED, "0A000",
                        "input of anonymous composite types is not implemented");
    if (l->type != SQL_T_RECORD || r->type != SQL_T_RECORD)
        return 1;
    struct err me = {0};
    int nargs = 2;
    struct bx *msg = NULL;
    if (eng__record_shapes_check(l->typmod, r->typmod, &me) != 0) {
        struct sql_value v = sql_text(mem_strdup(b->ctx, me.msg), strlen(me.msg));
        msg = eng__const(b->ctx, &v, -1);
        nargs = 3;
    }
    struct sql_func_match *m = mem_alloc0(b->ctx, sizeof *m);
    m->def = def;
    m->nargs = nargs;
    m->argtypes[0] = SQL_T_RECORD;
    m->argtypes[1] = SQL_T_RECORD;
    m->argtypes[2] = SQL_T_TEXT;
    m->ret = SQL_T_BOOL;
    m->ret_typmod = -1;
    struct bx *fx = mem_alloc0(b->ctx, sizeof *fx);
    fx->kind = BX_FUNC;
    fx->type = SQL_T_BOOL;
    fx->typmod = -1;
    fx->location = location;
    fx->u.fn.m = m;
    fx->u.fn.args = mem_alloc(b->ctx, sizeof(struct bx *) * 3);
    fx->u.fn.args[0] = l;
    fx->u.fn.args[1] = r;
    fx->u.fn.args[2] = msg;
    fx->u.fn.nargs = nargs;
    fx->u.fn.name = def->name;
    fx->u.fn.op = true;
    fx->u.fn.cache_slot = b->nfcache++;
    *out = fx;
    return 0;
}
