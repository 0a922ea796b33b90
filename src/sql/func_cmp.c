/* func_cmp.c — the comparison operators = <> < <= > >= of every type,
 * including PostgreSQL's cross-type ones: int2/int4/int8 and float4/float8
 * pairs, name vs text, and date vs timestamp vs timestamptz (the date is
 * taken as midnight, in the session TimeZone against a timestamptz; the
 * timestamp as wall-clock time in the session TimeZone).
 */
#include "common/err.h"
#include "sql/env.h"
#include "sql/func_int.h"

#include <string.h>

/* Convert a date or timestamp to the type of the other side. */
static int widen(struct sql_fcall *c, const struct sql_value *v, uint32_t to, int64_t *out,
                 struct err *e)
{
    const struct sql_dt_ctx *dt = &sql__fn_fmt(c)->dt;
    if (v->type == SQL_T_DATE) {
        if (to == SQL_T_TIMESTAMPTZ)
            return sql_date_to_tstz(v->u.date, dt, out, e);
        return sql_date_to_ts(v->u.date, out, e);
    }
    if (v->type == SQL_T_TIMESTAMP && to == SQL_T_TIMESTAMPTZ)
        return sql_ts_to_tstz(v->u.ts, dt, out, e);
    *out = v->u.ts;
    return 0;
}

static int rank(uint32_t t)
{
    return t == SQL_T_DATE ? 0 : t == SQL_T_TIMESTAMP ? 1 : 2;
}

static bool is_dt(uint32_t t)
{
    return t == SQL_T_DATE || t == SQL_T_TIMESTAMP || t == SQL_T_TIMESTAMPTZ;
}

/* A value the widening cannot represent compares as PostgreSQL's
 * date2timestamp_opt_overflow makes it: beyond every finite value of the
 * other type, short of its infinity. */
static int widen_cmp(struct sql_fcall *c, const struct sql_value *v, uint32_t to, int64_t *out,
                     int *ovf, struct err *e)
{
    *ovf = 0;
    int rc = widen(c, v, to, out, e);
    if (rc < 0 && strcmp(e->sqlstate, "22008") == 0) {
        err_clear(e);
        *ovf = (v->type == SQL_T_DATE ? v->u.date > 0 : v->u.ts > 0) ? 1 : -1;
        return 0;
    }
    return rc;
}

static int compare(struct sql_fcall *c, const struct sql_value *a, int *r, struct err *e)
{
    if (a[0].type != a[1].type && is_dt(a[0].type) && is_dt(a[1].type)) {
        uint32_t to = rank(a[0].type) > rank(a[1].type) ? a[0].type : a[1].type;
        int64_t x = 0, y = 0;
        int ox, oy;
        int rc = widen_cmp(c, &a[0], to, &x, &ox, e);
        if (rc == 0)
            rc = widen_cmp(c, &a[1], to, &y, &oy, e);
        if (rc < 0)
            return rc;
        if (ox != 0)
            *r = ox > 0 ? (oy == 0 && y == SQL_TS_NOEND ? -1 : 1)
                        : (oy == 0 && y == SQL_TS_NOBEGIN ? 1 : -1);
        else if (oy != 0)
            *r = oy > 0 ? (x == SQL_TS_NOEND ? 1 : -1) : (x == SQL_TS_NOBEGIN ? -1 : 1);
        else
            *r = sql_ts_cmp(x, y);
        return 0;
    }
    *r = sql_value_cmp(&a[0], &a[1]);
    return 0;
}

static int result(bool b, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_BOOL;
    out->u.b = b;
    return 0;
}

int sql__fn_cmp_eq(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int r = 0;
    int rc = compare(c, a, &r, e);
    return rc < 0 ? rc : result(r == 0, out);
}

int sql__fn_cmp_ne(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int r = 0;
    int rc = compare(c, a, &r, e);
    return rc < 0 ? rc : result(r != 0, out);
}

int sql__fn_cmp_lt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int r = 0;
    int rc = compare(c, a, &r, e);
    return rc < 0 ? rc : result(r < 0, out);
}

int sql__fn_cmp_le(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int r = 0;
    int rc = compare(c, a, &r, e);
    return rc < 0 ? rc : result(r <= 0, out);
}

int sql__fn_cmp_gt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int r = 0;
    int rc = compare(c, a, &r, e);
    return rc < 0 ? rc : result(r > 0, out);
}

int sql__fn_cmp_ge(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    int r = 0;
    int rc = compare(c, a, &r, e);
    return rc < 0 ? rc : result(r >= 0, out);
}
