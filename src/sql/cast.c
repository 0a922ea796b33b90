/* cast.c — casts between SQL types: the pg_cast contexts (which casts exist
 * and where they apply) and the conversions themselves (PostgreSQL 15's cast
 * functions, length coercions and I/O conversion casts).
 *
 * The context table is PostgreSQL 15's pg_cast restricted to the types of
 * value.h (SELECT castsource, casttarget, castcontext FROM pg_cast), plus
 * the rules find_coercion_pathway applies when pg_cast has no row: to a
 * string-category type by I/O conversion in assignment context, from one in
 * explicit context, and unknown (a quoted literal) to anything implicitly.
 */
#include "sql/value.h"

#include "common/err.h"
#include "common/mem.h"
#include "sql/array.h"
#include "sql/inet.h"
#include "sql/json_int.h"
#include "sql/value_int.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

struct cast_row {
    uint16_t from, to;
    char ctx;
};

/* PostgreSQL 15 pg_cast rows among our types (sorted by from, to). */
static const struct cast_row casts[] = {
    {16, 23, 'e'},     {16, 25, 'a'},     {16, 1042, 'a'},   {16, 1043, 'a'},   {18, 23, 'e'},
    {18, 25, 'i'},     {18, 1042, 'a'},   {18, 1043, 'a'},   {19, 25, 'i'},     {19, 1042, 'a'},
    {19, 1043, 'a'},   {20, 21, 'a'},     {20, 23, 'a'},     {20, 24, 'i'},     {20, 26, 'i'},
    {20, 700, 'i'},    {20, 701, 'i'},    {20, 1700, 'i'},   {20, 2202, 'i'},   {20, 2205, 'i'},
    {20, 2206, 'i'},   {20, 4089, 'i'},   {20, 4096, 'i'},   {21, 20, 'i'},     {21, 23, 'i'},
    {21, 24, 'i'},     {21, 26, 'i'},     {21, 700, 'i'},    {21, 701, 'i'},    {21, 1700, 'i'},
    {21, 2202, 'i'},   {21, 2205, 'i'},   {21, 2206, 'i'},   {21, 4089, 'i'},   {21, 4096, 'i'},
    {22, 1005, 'i'},   {23, 16, 'e'},     {23, 18, 'e'},     {23, 20, 'i'},     {23, 21, 'a'},
    {23, 24, 'i'},     {23, 26, 'i'},     {23, 700, 'i'},    {23, 701, 'i'},    {23, 1700, 'i'},
    {23, 2202, 'i'},   {23, 2205, 'i'},   {23, 2206, 'i'},   {23, 4089, 'i'},   {23, 4096, 'i'},
    {24, 20, 'a'},     {24, 23, 'a'},     {24, 26, 'i'},     {24, 2202, 'i'},   {25, 18, 'a'},
    {25, 19, 'i'},     {25, 1042, 'i'},   {25, 1043, 'i'},   {25, 2205, 'i'},   {26, 20, 'a'},
    {26, 23, 'a'},     {26, 24, 'i'},     {26, 2202, 'i'},   {26, 2205, 'i'},   {26, 2206, 'i'},
    {26, 4089, 'i'},   {26, 4096, 'i'},   {30, 1028, 'i'},   {650, 25, 'a'},    {650, 869, 'i'},
    {650, 1042, 'a'},  {650, 1043, 'a'},  {700, 20, 'a'},    {700, 21, 'a'},    {700, 23, 'a'},
    {700, 701, 'i'},   {700, 1700, 'a'},  {701, 20, 'a'},    {701, 21, 'a'},    {701, 23, 'a'},
    {701, 700, 'a'},   {701, 1700, 'a'},  {774, 829, 'i'},   {829, 774, 'i'},   {869, 25, 'a'},
    {869, 650, 'a'},   {869, 1042, 'a'},  {869, 1043, 'a'},  {1042, 18, 'a'},   {1042, 19, 'i'},
    {1042, 25, 'i'},   {1042, 1043, 'i'}, {1043, 18, 'a'},   {1043, 19, 'i'},   {1043, 25, 'i'},
    {1043, 1042, 'i'}, {1043, 2205, 'i'}, {1082, 1114, 'i'}, {1082, 1184, 'i'}, {1083, 1186, 'i'},
    {1083, 1266, 'i'}, {1114, 1082, 'a'}, {1114, 1083, 'a'}, {1114, 1184, 'i'}, {1184, 1082, 'a'},
    {1184, 1083, 'a'}, {1184, 1114, 'a'}, {1184, 1266, 'a'}, {1186, 1083, 'a'}, {1266, 1083, 'a'},
    {1700, 20, 'a'},   {1700, 21, 'a'},   {1700, 23, 'a'},   {1700, 700, 'i'},  {1700, 701, 'i'},
    {2202, 20, 'a'},   {2202, 23, 'a'},   {2202, 24, 'i'},   {2202, 26, 'i'},   {2205, 20, 'a'},
    {2205, 23, 'a'},   {2205, 26, 'i'},   {2206, 20, 'a'},   {2206, 23, 'a'},   {2206, 26, 'i'},
    {4089, 20, 'a'},   {4089, 23, 'a'},   {4089, 26, 'i'},   {4096, 20, 'a'},   {4096, 23, 'a'},
    {4096, 26, 'i'},
};

static bool is_string_cat(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR || t == SQL_T_BPCHAR || t == SQL_T_NAME;
}

/* Types that take part in casts at all (pseudo-types do not). */
static bool castable(uint32_t t)
{
    const struct sql_type_info *ti = sql_type_get(t);
    return ti != NULL && ti->category != 'P';
}

enum sql_cast_ctx sql_cast_context(uint32_t from, uint32_t to)
{
    if (from == to)
        return SQL_CAST_IMPLICIT;
    if (sql_array_elemtype(from) != 0 && sql_array_elemtype(to) != 0)
        return sql__array_cast_context(from, to);
    if ((from == SQL_T_RECORD || from == SQL_T_VOID) && is_string_cat(to))
        return SQL_CAST_ASSIGNMENT; /* record_out, void_out: an I/O conversion cast */
    if (!castable(to))
        return SQL_CAST_NONE;
    if (from == SQL_T_UNKNOWN)
        return SQL_CAST_IMPLICIT;
    if (!castable(from))
        return SQL_CAST_NONE;
    if (from == SQL_T_JSONB || to == SQL_T_JSONB || from == SQL_T_JSON) {
        enum sql_cast_ctx jc = sql__jsonb_cast_context(from, to);
        if (jc != SQL_CAST_NONE)
            return jc;
    }
    size_t lo = 0, hi = sizeof(casts) / sizeof(casts[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct cast_row *r = &casts[mid];
        if (r->from == from && r->to == to)
            return (enum sql_cast_ctx)r->ctx;
        if (r->from < from || (r->from == from && r->to < to))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (is_string_cat(to))
        return SQL_CAST_ASSIGNMENT;
    if (is_string_cat(from))
        return SQL_CAST_EXPLICIT;
    return SQL_CAST_NONE;
}

/* ---- conversions ---- */

static int int_range(int64_t x, uint32_t to, struct err *e)
{
    switch (to) {
    case SQL_T_INT2:
        if (x < INT16_MIN || x > INT16_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "smallint out of range");
        return 0;
    case SQL_T_INT4:
        if (x < INT32_MIN || x > INT32_MAX)
            return err_set_state(e, ERR_INVAL, "22003", "integer out of range");
        return 0;
    default:
        return 0;
    }
}

static bool is_oidlike(uint32_t t)
{
    return t == SQL_T_OID || t == SQL_T_REGCLASS || t == SQL_T_REGTYPE || t == SQL_T_REGPROC ||
           t == SQL_T_REGNAMESPACE || t == SQL_T_REGROLE || t == SQL_T_REGPROCEDURE ||
           t == SQL_T_XID;
}

static int int_to_int(int64_t x, uint32_t from, uint32_t to, int64_t *out, struct err *e)
{
    if (is_oidlike(to)) {
        if (from == SQL_T_INT8) {
            if (x < 0 || x > (int64_t)UINT32_MAX)
                return err_set_state(e, ERR_INVAL, "22003", "OID out of range");
        }
        *out = (int64_t)(uint32_t)x; /* int4 -> oid is binary: -1 is 4294967295 */
        return 0;
    }
    if (is_oidlike(from) && to == SQL_T_INT4) {
        *out = (int32_t)(uint32_t)x; /* binary coercion */
        return 0;
    }
    if (is_oidlike(from) && to == SQL_T_INT2) {
        /* oid -> int4 (binary) -> int2 */
        x = (int32_t)(uint32_t)x;
    }
    int rc = int_range(x, to, e);
    if (rc == 0)
        *out = x;
    return rc;
}

/* float -> int as dtoi4 & co.: round half to even, then range check. */
static int float_to_int(double f, uint32_t to, int64_t *out, struct err *e)
{
    double r = rint(f);
    const char *msg = to == SQL_T_INT2   ? "smallint out of range"
                      : to == SQL_T_INT4 ? "integer out of range"
                                         : "bigint out of range";
    double lo = to == SQL_T_INT2   ? (double)INT16_MIN
                : to == SQL_T_INT4 ? (double)INT32_MIN
                                   : -9223372036854775808.0;
    double hi = to == SQL_T_INT2   ? (double)INT16_MAX + 1
                : to == SQL_T_INT4 ? (double)INT32_MAX + 1
                                   : 9223372036854775808.0;
    if (isnan(r) || !(r >= lo && r < hi))
        return err_set_state(e, ERR_INVAL, "22003", "%s", msg);
    *out = (int64_t)r;
    return 0;
}

/* Apply the typmod of type `type` to v in place (length coercion). */
static int apply_typmod(struct mem_ctx *ctx, struct sql_value *v, int32_t typmod,
                        bool explicit_cast, struct err *e)
{
    if (typmod < 0)
        return 0;
    switch (v->type) {
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
        return sql__char_typmod(ctx, v->type, typmod, v->u.s.p, v->u.s.len, explicit_cast, v, e);
    case SQL_T_NUMERIC: {
        struct sql_num n;
        int rc = sql_num_apply_typmod(ctx, &v->u.n, typmod, &n, e);
        if (rc == 0)
            v->u.n = n;
        return rc;
    }
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
        return sql__ts_typmod(&v->u.ts, typmod, e);
    case SQL_T_TIME:
        sql__time_typmod(&v->u.ts, typmod);
        return 0;
    case SQL_T_TIMETZ:
        sql__time_typmod(&v->u.ttz.time, typmod);
        return 0;
    case SQL_T_INTERVAL:
        return sql__interval_typmod(&v->u.iv, typmod, e);
    default:
        return 0;
    }
}

static size_t rtrim_len(const char *p, size_t n)
{
    while (n > 0 && p[n - 1] == ' ')
        n--;
    return n;
}

/* Text-like value to another text-like type (before the typmod). */
static void text_to_text(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to,
                         struct sql_value *out)
{
    const char *p = v->u.s.p;
    size_t n = v->u.s.len;
    if (v->type == SQL_T_CHAR) {
        /* char_text: a high-bit byte becomes \ooo, as charout. */
        if (n > 0 && (unsigned char)p[0] >= 0x80) {
            char *b = mem_alloc(ctx, 5);
            unsigned c = (unsigned char)p[0];
            b[0] = '\\';
            b[1] = (char)('0' + ((c >> 6) & 7));
            b[2] = (char)('0' + ((c >> 3) & 7));
            b[3] = (char)('0' + (c & 7));
            b[4] = '\0';
            p = b;
            n = 4;
        }
    } else if (v->type == SQL_T_BPCHAR && to != SQL_T_BPCHAR) {
        n = rtrim_len(p, n); /* rtrim1: bpchar to text, varchar and name */
    }
    if (to == SQL_T_NAME)
        n = sql__utf8_cliplen(p, n, 63);
    if (to == SQL_T_CHAR) {
        /* text_char: '\ooo' is one byte, else the first byte. */
        char *b = mem_alloc(ctx, 2);
        if (n == 4 && p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
            p[3] >= '0' && p[3] <= '7')
            b[0] = (char)(((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
        else
            b[0] = n > 0 ? p[0] : '\0';
        b[1] = '\0';
        p = b;
        n = b[0] != '\0' ? 1 : 0;
    }
    *out = *v;
    out->type = to;
    out->u.s.p = p;
    out->u.s.len = n;
}

static bool is_texty(uint32_t t)
{
    return is_string_cat(t) || t == SQL_T_CHAR || t == SQL_T_UNKNOWN;
}

static int io_cast_out(struct mem_ctx *ctx, const struct sql_value *v, const struct sql_fmt *f,
                       const char **p, size_t *n, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    int rc;
    if (v->type == SQL_T_BOOL)
        sbuf_puts(&b, v->u.b ? "true" : "false"); /* booltext */
    else if ((rc = sql_value_out(v, f, &b, e)) != 0) {
        sbuf_free(&b);
        return rc;
    }
    char *s = mem_alloc(ctx, b.len + 1);
    memcpy(s, b.data, b.len + 1);
    *p = s;
    *n = b.len;
    sbuf_free(&b);
    return 0;
}

int sql_value_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to, int32_t typmod,
                   bool explicit_cast, const struct sql_fmt *f, struct sql_value *out,
                   struct err *e)
{
    struct sql_fmt deff;
    struct sql_value r;
    uint32_t from = v->type;
    int rc = 0;

    if (f == NULL) {
        sql_fmt_init(&deff);
        f = &deff;
    }
    if (v->null) {
        *out = sql_null(to);
        return 0;
    }
    if (sql_array_elemtype(from) != 0 || sql_array_elemtype(to) != 0)
        return sql__array_cast(ctx, v, to, typmod, explicit_cast, f, out, e);
    memset(&r, 0, sizeof(r));
    r.type = to;

    if (from == to) {
        r = *v;
        goto typmod;
    }
    if ((from == SQL_T_JSONB && !is_texty(to)) || (from == SQL_T_JSON && to == SQL_T_JSONB)) {
        bool handled;
        rc = sql__jsonb_cast(ctx, v, to, &handled, out, e);
        if (handled || rc != 0)
            return rc;
    }
    if (sql__net_type(from)) { /* inet.h: cidr(inet), text(inet), macaddr8(macaddr)... */
        bool handled;
        if ((rc = sql__net_cast(ctx, v, to, &r, &handled, e)) != 0)
            return rc;
        if (handled)
            goto typmod;
    }
    /* unknown literals and string types to non-string types: input function */
    if ((from == SQL_T_UNKNOWN || is_string_cat(from)) && !is_texty(to)) {
        const char *p = v->u.s.p;
        size_t n = v->u.s.len;
        if (from == SQL_T_BPCHAR)
            n = rtrim_len(p, n);
        rc = sql_value_in(ctx, to, typmod, p, n, f, &r, e);
        if (rc != 0)
            return rc;
        *out = r;
        return 0;
    }
    if (is_texty(from) && is_texty(to)) {
        text_to_text(ctx, v, to, &r);
        goto typmod;
    }
    if (is_texty(to)) {
        /* I/O conversion (and booltext) to a string type */
        if (to == SQL_T_CHAR) {
            if (from != SQL_T_INT4)
                goto nocast;
            if (v->u.i < SCHAR_MIN || v->u.i > SCHAR_MAX)
                return err_set_state(e, ERR_INVAL, "22003", "\"char\" out of range");
            char *b = mem_alloc(ctx, 2);
            b[0] = (char)(signed char)v->u.i;
            b[1] = '\0';
            r.u.s.p = b;
            r.u.s.len = b[0] ? 1 : 0;
            goto typmod;
        }
        if ((rc = io_cast_out(ctx, v, f, &r.u.s.p, &r.u.s.len, e)) != 0)
            return rc;
        if (to == SQL_T_NAME)
            r.u.s.len = sql__utf8_cliplen(r.u.s.p, r.u.s.len, 63);
        goto typmod;
    }
    if (from == SQL_T_CHAR && to == SQL_T_INT4) {
        r.u.i = v->u.s.len > 0 ? (int64_t)(signed char)v->u.s.p[0] : 0;
        goto typmod;
    }

    bool is_null = false; /* the time casts of an infinite timestamp give NULL */
    switch (to) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
        if (sql__type_is_int(from) && from != SQL_T_XID)
            rc = int_to_int(v->u.i, from, to, &r.u.i, e);
        else if ((from == SQL_T_FLOAT4 || from == SQL_T_FLOAT8) && !is_oidlike(to))
            rc = float_to_int(v->u.f, to, &r.u.i, e);
        else if (from == SQL_T_NUMERIC && !is_oidlike(to)) {
            if (to == SQL_T_INT2) {
                int16_t x = 0;
                rc = sql_num_to_int16(&v->u.n, &x, e);
                r.u.i = x;
            } else if (to == SQL_T_INT4) {
                int32_t x = 0;
                rc = sql_num_to_int32(&v->u.n, &x, e);
                r.u.i = x;
            } else {
                rc = sql_num_to_int64(&v->u.n, &r.u.i, e);
            }
        } else if (from == SQL_T_BOOL && to == SQL_T_INT4)
            r.u.i = v->u.b ? 1 : 0;
        else
            goto nocast;
        break;
    case SQL_T_BOOL:
        if (from != SQL_T_INT4)
            goto nocast;
        r.u.b = v->u.i != 0;
        break;
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8: {
        double d;
        if (from == SQL_T_INT2 || from == SQL_T_INT4 || from == SQL_T_INT8)
            d = (double)v->u.i;
        else if (from == SQL_T_FLOAT4 || from == SQL_T_FLOAT8)
            d = v->u.f;
        else if (from == SQL_T_NUMERIC) {
            if (to == SQL_T_FLOAT4) {
                float fl = 0;
                rc = sql_num_to_float(&v->u.n, &fl, e);
                d = fl;
            } else {
                d = 0;
                rc = sql_num_to_double(&v->u.n, &d, e);
            }
            if (rc != 0)
                return rc;
        } else
            goto nocast;
        if (to == SQL_T_FLOAT4) {
            if (from == SQL_T_INT2 || from == SQL_T_INT4 || from == SQL_T_INT8) {
                d = (float)v->u.i; /* i4tof / i8tof: one rounding */
            } else {
                float fl = (float)d;
                if (isinf(fl) && !isinf(d))
                    return err_set_state(e, ERR_INVAL, "22003", "value out of range: overflow");
                if (fl == 0.0f && d != 0.0)
                    return err_set_state(e, ERR_INVAL, "22003", "value out of range: underflow");
                d = fl;
            }
        }
        r.u.f = d;
        break;
    }
    case SQL_T_NUMERIC:
        if (from == SQL_T_INT2 || from == SQL_T_INT4 || from == SQL_T_INT8)
            sql_num_from_int64(ctx, v->u.i, &r.u.n);
        else if (from == SQL_T_FLOAT8)
            sql_num_from_double(ctx, v->u.f, &r.u.n);
        else if (from == SQL_T_FLOAT4)
            sql_num_from_float(ctx, (float)v->u.f, &r.u.n);
        else
            goto nocast;
        break;
    case SQL_T_DATE:
        if (from == SQL_T_TIMESTAMP)
            rc = sql_ts_to_date(v->u.ts, &r.u.date, e);
        else if (from == SQL_T_TIMESTAMPTZ)
            rc = sql_tstz_to_date(v->u.ts, &f->dt, &r.u.date, e);
        else
            goto nocast;
        break;
    case SQL_T_TIMESTAMP:
        if (from == SQL_T_DATE)
            rc = sql_date_to_ts(v->u.date, &r.u.ts, e);
        else if (from == SQL_T_TIMESTAMPTZ)
            rc = sql_tstz_to_ts(v->u.ts, &f->dt, &r.u.ts, e);
        else
            goto nocast;
        break;
    case SQL_T_TIMESTAMPTZ:
        if (from == SQL_T_DATE)
            rc = sql_date_to_tstz(v->u.date, &f->dt, &r.u.ts, e);
        else if (from == SQL_T_TIMESTAMP)
            rc = sql_ts_to_tstz(v->u.ts, &f->dt, &r.u.ts, e);
        else
            goto nocast;
        break;
    case SQL_T_TIME:
        if (from == SQL_T_TIMESTAMP)
            rc = sql_ts_to_time(v->u.ts, &r.u.ts, &is_null, e);
        else if (from == SQL_T_TIMESTAMPTZ)
            rc = sql_tstz_to_time(v->u.ts, &f->dt, &r.u.ts, &is_null, e);
        else if (from == SQL_T_TIMETZ)
            r.u.ts = v->u.ttz.time;
        else if (from == SQL_T_INTERVAL) {
            int64_t t = v->u.iv.time % INT64_C(86400000000);
            if (t < 0)
                t += INT64_C(86400000000);
            r.u.ts = t;
        } else
            goto nocast;
        break;
    case SQL_T_INTERVAL:
        if (from != SQL_T_TIME)
            goto nocast;
        r.u.iv.time = v->u.ts;
        r.u.iv.day = 0;
        r.u.iv.month = 0;
        break;
    case SQL_T_TIMETZ:
        if (from == SQL_T_TIME) {
            r.u.ttz.time = v->u.ts;
            rc = sql_time_to_timetz(v->u.ts, &f->dt, &r.u.ttz.zone, e);
        } else if (from == SQL_T_TIMESTAMPTZ)
            rc = sql_tstz_to_timetz(v->u.ts, &f->dt, &r.u.ttz.time, &r.u.ttz.zone, &is_null, e);
        else
            goto nocast;
        break;
    default:
        goto nocast;
    }
    if (rc != 0)
        return rc;
    if (is_null) {
        *out = sql_null(to);
        return 0;
    }

typmod:
    r.type = to;
    r.null = false;
    if ((rc = apply_typmod(ctx, &r, typmod, explicit_cast, e)) != 0)
        return rc;
    *out = r;
    return 0;

nocast : {
    /* format_type_be: no typmod, so bpchar is "character" */
    const struct sql_type_info *fi = sql_type_get(from), *ti = sql_type_get(to);
    return err_set_state(e, ERR_INVAL, "42846", "cannot cast type %s to %s",
                         fi ? fi->sql_name : "unknown", ti ? ti->sql_name : "unknown");
}
}
