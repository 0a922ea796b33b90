/* func_dt.c — date/time operators and functions (date.c, timestamp.c of
 * PostgreSQL 15) on top of datetime.h, in the session's TimeZone
 * (c->env->fmt.dt): +, - between dates, times, timestamps and intervals,
 * interval * / float8, now() and friends, date_part / extract, date_trunc,
 * age, make_*, to_timestamp, justify_*, isfinite, AT TIME ZONE (timezone).
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/env.h"
#include "sql/func_int.h"

#include <math.h>
#include <string.h>
#include <time.h>

#define USECS_PER_DAY INT64_C(86400000000)
/* Seconds from 1970-01-01 to 2000-01-01. */
#define EPOCH_DIFF_SECS INT64_C(946684800)

static const struct sql_dt_ctx *dtctx(const struct sql_fcall *c)
{
    return &sql__fn_fmt(c)->dt;
}

static void set_ts(uint32_t t, int64_t v, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = t;
    out->u.ts = v;
}

static void set_date(int32_t v, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_DATE;
    out->u.date = v;
}

static void set_iv(const struct sql_interval *iv, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INTERVAL;
    out->u.iv = *iv;
}

static void set_timetz(int64_t t, int32_t zone, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TIMETZ;
    out->u.ttz.time = t;
    out->u.ttz.zone = zone;
}

static int ts_oor(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
}

/* date + time -> timestamp (datetime_timestamp). */
static int date_time(int32_t d, int64_t t, struct sql_value *out, struct err *e)
{
    int64_t ts;
    int rc = sql_date_to_ts(d, &ts, e);
    if (rc < 0)
        return rc;
    if (ts != SQL_TS_NOBEGIN && ts != SQL_TS_NOEND) {
        if (__builtin_add_overflow(ts, t, &ts) || ts == SQL_TS_NOEND)
            return ts_oor(e);
    }
    set_ts(SQL_T_TIMESTAMP, ts, out);
    return 0;
}

/* time +/- interval: wraps around midnight. */
static void time_pl(int64_t t, const struct sql_interval *iv, bool minus, struct sql_value *out)
{
    int64_t span = iv->time % USECS_PER_DAY;
    int64_t r = minus ? t - span : t + span;
    r %= USECS_PER_DAY;
    if (r < 0)
        r += USECS_PER_DAY;
    set_ts(SQL_T_TIME, r, out);
}

int sql__fn_dt_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    /* Every form is commutative: put the interval / integer / time second. */
    const struct sql_value *x = &a[0], *y = &a[1];
    if (x->type == SQL_T_INTERVAL && y->type != SQL_T_INTERVAL) {
        x = &a[1];
        y = &a[0];
    } else if (x->type == SQL_T_INT4 ||
               ((x->type == SQL_T_TIME || x->type == SQL_T_TIMETZ) && y->type == SQL_T_DATE)) {
        x = &a[1];
        y = &a[0];
    }
    int rc;
    int32_t d;
    int64_t ts;
    struct sql_interval iv;
    switch (x->type) {
    case SQL_T_DATE:
        if (y->type == SQL_T_INT4) {
            rc = sql_date_pl_days(x->u.date, (int32_t)y->u.i, &d, e);
            if (rc == 0)
                set_date(d, out);
            return rc;
        }
        if (y->type == SQL_T_TIME)
            return date_time(x->u.date, y->u.ts, out, e);
        if (y->type == SQL_T_TIMETZ) {
            rc = sql_date_pl_timetz(x->u.date, y->u.ttz.time, y->u.ttz.zone, &ts, e);
            if (rc == 0)
                set_ts(SQL_T_TIMESTAMPTZ, ts, out);
            return rc;
        }
        rc = sql_date_pl_interval(x->u.date, &y->u.iv, &ts, e);
        if (rc == 0)
            set_ts(SQL_T_TIMESTAMP, ts, out);
        return rc;
    case SQL_T_TIME:
        time_pl(x->u.ts, &y->u.iv, false, out);
        return 0;
    case SQL_T_TIMETZ:
        set_timetz(sql_timetz_pl_interval(x->u.ttz.time, &y->u.iv, false), x->u.ttz.zone, out);
        return 0;
    case SQL_T_TIMESTAMP:
        rc = sql_ts_pl_interval(x->u.ts, &y->u.iv, &ts, e);
        if (rc == 0)
            set_ts(SQL_T_TIMESTAMP, ts, out);
        return rc;
    case SQL_T_TIMESTAMPTZ:
        rc = sql_tstz_pl_interval(x->u.ts, &y->u.iv, dtctx(c), &ts, e);
        if (rc == 0)
            set_ts(SQL_T_TIMESTAMPTZ, ts, out);
        return rc;
    case SQL_T_INTERVAL:
        rc = sql_interval_pl(&x->u.iv, &y->u.iv, &iv, e);
        if (rc == 0)
            set_iv(&iv, out);
        return rc;
    default:
        return err_set_state(e, ERR_INTERNAL, "XX000", "unexpected argument types for +");
    }
}

int sql__fn_dt_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    const struct sql_value *x = &a[0], *y = &a[1];
    int rc;
    int32_t d;
    int64_t ts;
    struct sql_interval iv;
    switch (x->type) {
    case SQL_T_DATE:
        if (y->type == SQL_T_INT4) {
            rc = sql_date_mi_days(x->u.date, (int32_t)y->u.i, &d, e);
            if (rc == 0)
                set_date(d, out);
            return rc;
        }
        if (y->type == SQL_T_DATE) {
            rc = sql_date_mi(x->u.date, y->u.date, &d, e);
            if (rc == 0) {
                memset(out, 0, sizeof(*out));
                out->type = SQL_T_INT4;
                out->u.i = d;
            }
            return rc;
        }
        rc = sql_date_mi_interval(x->u.date, &y->u.iv, &ts, e);
        if (rc == 0)
            set_ts(SQL_T_TIMESTAMP, ts, out);
        return rc;
    case SQL_T_TIME:
        if (y->type == SQL_T_TIME) {
            memset(&iv, 0, sizeof(iv));
            iv.time = x->u.ts - y->u.ts;
            set_iv(&iv, out);
            return 0;
        }
        time_pl(x->u.ts, &y->u.iv, true, out);
        return 0;
    case SQL_T_TIMETZ:
        set_timetz(sql_timetz_pl_interval(x->u.ttz.time, &y->u.iv, true), x->u.ttz.zone, out);
        return 0;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
        if (y->type == x->type) {
            rc = sql_ts_mi(x->u.ts, y->u.ts, &iv, e);
            if (rc == 0)
                set_iv(&iv, out);
            return rc;
        }
        if (x->type == SQL_T_TIMESTAMP)
            rc = sql_ts_mi_interval(x->u.ts, &y->u.iv, &ts, e);
        else
            rc = sql_tstz_mi_interval(x->u.ts, &y->u.iv, dtctx(c), &ts, e);
        if (rc == 0)
            set_ts(x->type, ts, out);
        return rc;
    case SQL_T_INTERVAL:
        rc = sql_interval_mi(&x->u.iv, &y->u.iv, &iv, e);
        if (rc == 0)
            set_iv(&iv, out);
        return rc;
    default:
        return err_set_state(e, ERR_INTERNAL, "XX000", "unexpected argument types for -");
    }
}

int sql__fn_dt_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e)
{
    struct sql_interval iv;
    int rc = sql_interval_um(&a[0].u.iv, &iv, e);
    if (rc == 0)
        set_iv(&iv, out);
    return rc;
}

int sql__fn_iv_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    const struct sql_value *iv = a[0].type == SQL_T_INTERVAL ? &a[0] : &a[1];
    const struct sql_value *f = a[0].type == SQL_T_INTERVAL ? &a[1] : &a[0];
    struct sql_interval r;
    int rc = sql_interval_mul(&iv->u.iv, f->u.f, &r, e);
    if (rc == 0)
        set_iv(&r, out);
    return rc;
}

int sql__fn_iv_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    struct sql_interval r;
    int rc = sql_interval_div(&a[0].u.iv, a[1].u.f, &r, e);
    if (rc == 0)
        set_iv(&r, out);
    return rc;
}

/* ---- current time ---- */

static int64_t clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec - EPOCH_DIFF_SECS) * 1000000 + ts.tv_nsec / 1000;
}

int sql__fn_now(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    set_ts(SQL_T_TIMESTAMPTZ, dtctx(c)->now, out);
    return 0;
}

int sql__fn_statement_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    set_ts(SQL_T_TIMESTAMPTZ, c->env ? c->env->stmt_start : dtctx(c)->now, out);
    return 0;
}

int sql__fn_clock_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    /* Never before now(): the transaction's start comes from the cluster
     * clock, which may run slightly ahead of this node's. */
    int64_t t = clock_now(), start = dtctx(c)->now;
    set_ts(SQL_T_TIMESTAMPTZ, t < start ? start : t, out);
    return 0;
}

int sql__fn_current_date(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    int32_t d;
    int rc = sql_tstz_to_date(dtctx(c)->now, dtctx(c), &d, e);
    if (rc == 0)
        set_date(d, out);
    return rc;
}

int sql__fn_localtimestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    int64_t ts;
    int rc = sql_tstz_to_ts(dtctx(c)->now, dtctx(c), &ts, e);
    if (rc == 0)
        set_ts(SQL_T_TIMESTAMP, ts, out);
    return rc;
}

int sql__fn_localtime(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    int64_t t;
    bool isnull = false;
    int rc = sql_tstz_to_time(dtctx(c)->now, dtctx(c), &t, &isnull, e);
    if (rc == 0) {
        set_ts(SQL_T_TIME, t, out);
        out->null = isnull;
    }
    return rc;
}

/* ---- fields ---- */

static const char *field_name(struct sql_fcall *c, const struct sql_value *v)
{
    return mem_strndup(c->ctx, v->u.s.p ? v->u.s.p : "", v->u.s.len);
}

static int extract_any(struct sql_fcall *c, const struct sql_value *a, bool is_extract,
                       struct sql_dt_part *p, struct err *e)
{
    const char *f = field_name(c, &a[0]);
    const struct sql_value *v = &a[1];
    switch (v->type) {
    case SQL_T_DATE:
        if (is_extract)
            return sql_date_extract(f, v->u.date, p, e);
        else {
            int64_t ts;
            int rc = sql_date_to_ts(v->u.date, &ts, e);
            return rc < 0 ? rc : sql_ts_extract(f, ts, p, e);
        }
    case SQL_T_TIMESTAMP:
        return sql_ts_extract(f, v->u.ts, p, e);
    case SQL_T_TIMESTAMPTZ:
        return sql_tstz_extract(f, v->u.ts, dtctx(c), p, e);
    case SQL_T_INTERVAL:
        return sql_interval_extract(f, &v->u.iv, p, e);
    case SQL_T_TIME:
        return sql_time_extract(f, v->u.ts, p, e);
    case SQL_T_TIMETZ:
        return sql_timetz_extract(f, v->u.ttz.time, v->u.ttz.zone, p, e);
    default:
        return err_set_state(e, ERR_INTERNAL, "XX000", "unexpected argument type for extract");
    }
}

int sql__fn_date_part(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    struct sql_dt_part p;
    int rc = extract_any(c, a, false, &p, e);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_FLOAT8;
    switch (p.kind) {
    case SQL_DT_PART_NULL:
        out->null = true;
        break;
    case SQL_DT_PART_POS_INF:
        out->u.f = INFINITY;
        break;
    case SQL_DT_PART_NEG_INF:
        out->u.f = -INFINITY;
        break;
    default:
        out->u.f = p.f8;
        break;
    }
    return 0;
}

int sql__fn_extract(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    struct sql_dt_part p;
    int rc = extract_any(c, a, true, &p, e);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_NUMERIC;
    switch (p.kind) {
    case SQL_DT_PART_NULL:
        out->null = true;
        return 0;
    case SQL_DT_PART_POS_INF:
        out->u.n = sql_num_pinf();
        return 0;
    case SQL_DT_PART_NEG_INF:
        out->u.n = sql_num_ninf();
        return 0;
    default:
        return sql_num_in(c->ctx, p.num, SQL_NUM_TYPMOD_NONE, &out->u.n, e);
    }
}

int sql__fn_date_trunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    const char *f = field_name(c, &a[0]);
    int rc;
    int64_t ts;
    if (a[1].type == SQL_T_INTERVAL) {
        struct sql_interval iv;
        rc = sql_interval_trunc(f, &a[1].u.iv, &iv, e);
        if (rc == 0)
            set_iv(&iv, out);
        return rc;
    }
    if (a[1].type == SQL_T_TIMESTAMP) {
        rc = sql_ts_trunc(f, a[1].u.ts, &ts, e);
    } else {
        const char *zone = n > 2 ? field_name(c, &a[2]) : NULL;
        rc = sql_tstz_trunc(f, a[1].u.ts, zone, dtctx(c), &ts, e);
    }
    if (rc == 0)
        set_ts(a[1].type, ts, out);
    return rc;
}

int sql__fn_age(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e)
{
    struct sql_interval iv;
    int rc;
    int64_t x, y = a[n - 1].u.ts;
    if (n == 2) {
        x = a[0].u.ts;
    } else {
        /* age(t) = age(current_date at midnight, t) */
        int32_t d;
        rc = sql_tstz_to_date(dtctx(c)->now, dtctx(c), &d, e);
        if (rc == 0)
            rc = a[0].type == SQL_T_TIMESTAMP ? sql_date_to_ts(d, &x, e)
                                              : sql_date_to_tstz(d, dtctx(c), &x, e);
        if (rc < 0)
            return rc;
    }
    if (a[0].type == SQL_T_TIMESTAMP)
        rc = sql_ts_age(x, y, &iv, e);
    else
        rc = sql_tstz_age(x, y, dtctx(c), &iv, e);
    if (rc == 0)
        set_iv(&iv, out);
    return rc;
}

int sql__fn_make_date(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    int32_t d;
    int rc = sql_make_date((int32_t)a[0].u.i, (int32_t)a[1].u.i, (int32_t)a[2].u.i, &d, e);
    if (rc == 0)
        set_date(d, out);
    return rc;
}

int sql__fn_make_time(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    int64_t h = a[0].u.i, m = a[1].u.i;
    double s = a[2].u.f;
    /* float_time_overflows: 24:00:00 is the last valid time. */
    if (h < 0 || m < 0 || m > 59 || s < 0 || s > 60 || isnan(s) || h > 24 ||
        (h == 24 && (m > 0 || s > 0)))
        return err_set_state(e, ERR_INVAL, "22008", "time field value out of range: %d:%02d:%02g",
                             (int)h, (int)m, s);
    int64_t t = ((h * 60 + m) * 60) * INT64_C(1000000) + (int64_t)rint(s * 1e6);
    if (t > USECS_PER_DAY)
        return err_set_state(e, ERR_INVAL, "22008", "time field value out of range: %d:%02d:%02g",
                             (int)h, (int)m, s);
    set_ts(SQL_T_TIME, t, out);
    return 0;
}

int sql__fn_make_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    int64_t ts;
    int rc = sql_make_ts((int32_t)a[0].u.i, (int32_t)a[1].u.i, (int32_t)a[2].u.i, (int32_t)a[3].u.i,
                         (int32_t)a[4].u.i, a[5].u.f, &ts, e);
    if (rc == 0)
        set_ts(SQL_T_TIMESTAMP, ts, out);
    return rc;
}

int sql__fn_make_timestamptz(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    int64_t ts;
    const char *zone = n > 6 ? field_name(c, &a[6]) : NULL;
    int rc = sql_make_tstz((int32_t)a[0].u.i, (int32_t)a[1].u.i, (int32_t)a[2].u.i,
                           (int32_t)a[3].u.i, (int32_t)a[4].u.i, a[5].u.f, zone, dtctx(c), &ts, e);
    if (rc == 0)
        set_ts(SQL_T_TIMESTAMPTZ, ts, out);
    return rc;
}

int sql__fn_make_interval(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    struct sql_interval iv;
    int rc = sql_make_interval((int32_t)a[0].u.i, (int32_t)a[1].u.i, (int32_t)a[2].u.i,
                               (int32_t)a[3].u.i, (int32_t)a[4].u.i, (int32_t)a[5].u.i, a[6].u.f,
                               &iv, e);
    if (rc == 0)
        set_iv(&iv, out);
    return rc;
}

int sql__fn_to_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    int64_t ts;
    int rc = sql_to_timestamp(a[0].u.f, &ts, e);
    if (rc == 0)
        set_ts(SQL_T_TIMESTAMPTZ, ts, out);
    return rc;
}

typedef int (*iv_fn)(const struct sql_interval *, struct sql_interval *, struct err *);

static int justify(iv_fn fn, const struct sql_value *a, struct sql_value *out, struct err *e)
{
    struct sql_interval iv;
    int rc = fn(&a[0].u.iv, &iv, e);
    if (rc == 0)
        set_iv(&iv, out);
    return rc;
}

int sql__fn_justify_days(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    return justify(sql_interval_justify_days, a, out, e);
}

int sql__fn_justify_hours(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    return justify(sql_interval_justify_hours, a, out, e);
}

int sql__fn_justify_interval(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    return justify(sql_interval_justify_interval, a, out, e);
}

int sql__fn_isfinite(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    bool fin = true;
    if (a[0].type == SQL_T_DATE)
        fin = a[0].u.date != SQL_DATE_NOBEGIN && a[0].u.date != SQL_DATE_NOEND;
    else if (a[0].type == SQL_T_TIMESTAMP || a[0].type == SQL_T_TIMESTAMPTZ)
        fin = a[0].u.ts != SQL_TS_NOBEGIN && a[0].u.ts != SQL_TS_NOEND;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_BOOL;
    out->u.b = fin;
    return 0;
}

/* timezone(zone, value): AT TIME ZONE. */
int sql__fn_timezone(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    int64_t r;
    int rc;
    bool to_ts = a[1].type == SQL_T_TIMESTAMPTZ;
    if (a[1].type == SQL_T_TIMETZ) {
        int32_t zone;
        if (a[0].type == SQL_T_INTERVAL)
            rc = sql_timetz_at_offset(a[1].u.ttz.time, a[1].u.ttz.zone, &a[0].u.iv, &r, &zone, e);
        else
            rc = sql_timetz_at_zone(a[1].u.ttz.time, a[1].u.ttz.zone, field_name(c, &a[0]),
                                    dtctx(c), &r, &zone, e);
        if (rc == 0)
            set_timetz(r, zone, out);
        return rc;
    }
    if (a[0].type == SQL_T_INTERVAL) {
        rc = to_ts ? sql_tstz_at_offset(a[1].u.ts, &a[0].u.iv, &r, e)
                   : sql_ts_at_offset(a[1].u.ts, &a[0].u.iv, &r, e);
    } else {
        const char *zone = field_name(c, &a[0]);
        rc = to_ts ? sql_tstz_at_zone(a[1].u.ts, zone, &r, e)
                   : sql_ts_at_zone(a[1].u.ts, zone, &r, e);
    }
    if (rc == 0)
        set_ts(to_ts ? SQL_T_TIMESTAMP : SQL_T_TIMESTAMPTZ, r, out);
    return rc;
}

/* ---- to_char(timestamp, text) (formatting.c DCH_to_char) ----
 * The date/time template patterns of PostgreSQL 15 except the time zone
 * ones (TZ, TZH, TZM, OF) and RM, which are 0A000. to_char of numbers and
 * intervals is 0A000 too. */

struct tm_parts {
    int64_t year; /* astronomical: 0 is 1 BC, -43 is 44 BC */
    int month, mday, hour, min, sec, usec, dow, doy, isodow, isoweek, quarter;
    int64_t isoyear, julian, century;
};

static int part(const char *f, int64_t ts, double *v, struct err *e)
{
    struct sql_dt_part p;
    int rc = sql_ts_extract(f, ts, &p, e);
    *v = p.f8;
    return rc;
}

static int split_ts(int64_t ts, struct tm_parts *t, struct err *e)
{
    static const char *const f[] = {"year",         "month",   "day",    "hour",   "minute",
                                    "microseconds", "dow",     "doy",    "isodow", "week",
                                    "quarter",      "isoyear", "julian", "century"};
    double v[14];
    for (int i = 0; i < 14; i++) {
        int rc = part(f[i], ts, &v[i], e);
        if (rc < 0)
            return rc;
    }
    t->year = (int64_t)v[0];
    if (t->year < 0)
        t->year++; /* extract's year -44 is astronomical -43 */
    t->month = (int)v[1];
    t->mday = (int)v[2];
    t->hour = (int)v[3];
    t->min = (int)v[4];
    int64_t us = (int64_t)llround(v[5]);
    t->sec = (int)(us / 1000000);
    t->usec = (int)(us % 1000000);
    t->dow = (int)v[6];
    t->doy = (int)v[7];
    t->isodow = (int)v[8];
    t->isoweek = (int)v[9];
    t->quarter = (int)v[10];
    t->isoyear = (int64_t)v[11];
    t->julian = (int64_t)v[12];
    t->century = (int64_t)v[13];
    return 0;
}

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

/* Case of a text keyword as written: 0 lower, 1 Capitalized, 2 UPPER. */
static int kw_case(const char *p)
{
    if (p[0] >= 'a' && p[0] <= 'z')
        return 0;
    return p[1] >= 'a' && p[1] <= 'z' ? 1 : 2;
}

static void put_name(struct sbuf *b, const char *name, size_t maxlen, int cs, bool pad)
{
    size_t n = strlen(name);
    if (n > maxlen)
        n = maxlen;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (cs == 2 || (cs == 1 && i == 0))
            ch = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        else
            ch = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        sbuf_putc(b, ch);
    }
    if (pad)
        for (size_t i = n; i < 9; i++)
            sbuf_putc(b, ' ');
}

static void put_num(struct sbuf *b, int64_t v, int width, bool fm)
{
    if (fm)
        sbuf_printf(b, "%lld", (long long)v);
    else if (v < 0)
        sbuf_printf(b, "-%0*lld", width, (long long)-v);
    else
        sbuf_printf(b, "%0*lld", width, (long long)v);
}

static const char *ordinal(int64_t v)
{
    int64_t m = v % 100;
    if (m >= 11 && m <= 13)
        return "th";
    switch (v % 10) {
    case 1:
        return "st";
    case 2:
        return "nd";
    case 3:
        return "rd";
    default:
        return "th";
    }
}

/* Numeric keywords: name, width, which value. Longest first where one is a
 * prefix of another. */
enum nk {
    K_HH24,
    K_HH12,
    K_HH,
    K_MI,
    K_SSSSS,
    K_SSSS,
    K_SS,
    K_MS,
    K_US,
    K_IYYY,
    K_YYYY,
    K_YYY,
    K_YY,
    K_Y,
    K_MM,
    K_DDD,
    K_DD,
    K_D,
    K_ID,
    K_IW,
    K_WW,
    K_W,
    K_Q,
    K_J,
    K_CC
};
static const struct {
    const char *name;
    enum nk k;
} num_kw[] = {
    {"HH24", K_HH24}, {"HH12", K_HH12}, {"HH", K_HH}, {"MI", K_MI}, {"SSSSS", K_SSSSS},
    {"SSSS", K_SSSS}, {"SS", K_SS},     {"MS", K_MS}, {"US", K_US}, {"IYYY", K_IYYY},
    {"YYYY", K_YYYY}, {"YYY", K_YYY},   {"YY", K_YY}, {"Y", K_Y},   {"MM", K_MM},
    {"DDD", K_DDD},   {"DD", K_DD},     {"D", K_D},   {"ID", K_ID}, {"IW", K_IW},
    {"WW", K_WW},     {"W", K_W},       {"Q", K_Q},   {"J", K_J},   {"CC", K_CC},
};

static bool match_ci(const char *p, size_t left, const char *kw)
{
    size_t n = strlen(kw);
    if (n > left)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 32);
        if (ch != kw[i])
            return false;
    }
    return true;
}

static int64_t num_value(const struct tm_parts *t, enum nk k, int *width)
{
    int64_t ay = t->year > 0 ? t->year : 1 - t->year; /* year as shown, BC positive */
    switch (k) {
    case K_HH24:
        *width = 2;
        return t->hour;
    case K_HH12:
    case K_HH:
        *width = 2;
        return t->hour % 12 == 0 ? 12 : t->hour % 12;
    case K_MI:
        *width = 2;
        return t->min;
    case K_SS:
        *width = 2;
        return t->sec;
    case K_SSSS:
    case K_SSSSS:
        *width = 0;
        return (int64_t)t->hour * 3600 + t->min * 60 + t->sec;
    case K_MS:
        *width = 3;
        return t->usec / 1000;
    case K_US:
        *width = 6;
        return t->usec;
    case K_IYYY:
        *width = 4;
        return t->isoyear > 0 ? t->isoyear : 1 - t->isoyear;
    case K_YYYY:
        *width = 4;
        return ay;
    case K_YYY:
        *width = 3;
        return ay % 1000;
    case K_YY:
        *width = 2;
        return ay % 100;
    case K_Y:
        *width = 1;
        return ay % 10;
    case K_MM:
        *width = 2;
        return t->month;
    case K_DDD:
        *width = 3;
        return t->doy;
    case K_DD:
        *width = 2;
        return t->mday;
    case K_D:
        *width = 1;
        return t->dow + 1;
    case K_ID:
        *width = 1;
        return t->isodow;
    case K_IW:
        *width = 2;
        return t->isoweek;
    case K_WW:
        *width = 2;
        return (t->doy - 1) / 7 + 1;
    case K_W:
        *width = 1;
        return (t->mday - 1) / 7 + 1;
    case K_Q:
        *width = 1;
        return t->quarter;
    case K_J:
        *width = 0;
        return t->julian;
    case K_CC:
        *width = 2;
        return t->century;
    }
    *width = 0;
    return 0;
}

static int format_ts(const struct tm_parts *t, const char *fmt, size_t len, struct sbuf *b,
                     struct err *e)
{
    for (size_t i = 0; i < len;) {
        const char *p = fmt + i;
        size_t left = len - i;
        bool fm = false;
        if (left >= 2 && match_ci(p, left, "FM")) {
            fm = true;
            p += 2;
            left -= 2;
            i += 2;
            if (left == 0)
                break;
        }
        if (*p == '"') {
            size_t j = 1;
            while (j < left && p[j] != '"') {
                if (p[j] == '\\' && j + 1 < left)
                    j++;
                sbuf_putc(b, p[j]);
                j++;
            }
            i += j < left ? j + 1 : j;
            continue;
        }
        if (*p == '\\' && left > 1) {
            sbuf_putc(b, p[1]);
            i += 2;
            continue;
        }
        /* Unsupported keywords answer 0A000 rather than print wrong text. */
        static const char *const unsupported[] = {"TZH",   "TZM",  "TZ",  "OF", "RM",
                                                  "Y,YYY", "IDDD", "IYY", "IY", "SSSSS"};
        for (size_t k = 0; k < sizeof(unsupported) / sizeof(unsupported[0]); k++) {
            if (match_ci(p, left, "IYYY"))
                break;
            if (match_ci(p, left, unsupported[k]))
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "formatting field \"%s\" is not supported", unsupported[k]);
        }
        /* Text keywords. */
        size_t used = 0;
        if (match_ci(p, left, "MONTH")) {
            put_name(b, month_names[t->month - 1], 9, kw_case(p), !fm);
            used = 5;
        } else if (match_ci(p, left, "MON")) {
            put_name(b, month_names[t->month - 1], 3, kw_case(p), false);
            used = 3;
        } else if (match_ci(p, left, "DAY")) {
            put_name(b, day_names[t->dow], 9, kw_case(p), !fm);
            used = 3;
        } else if (match_ci(p, left, "DY")) {
            put_name(b, day_names[t->dow], 3, kw_case(p), false);
            used = 2;
        } else if (match_ci(p, left, "A.M.") || match_ci(p, left, "P.M.")) {
            const char *s = t->hour >= 12 ? "P.M." : "A.M.";
            put_name(b, s, 4, p[0] >= 'a' ? 0 : 2, false);
            used = 4;
        } else if (match_ci(p, left, "AM") || match_ci(p, left, "PM")) {
            put_name(b, t->hour >= 12 ? "PM" : "AM", 2, p[0] >= 'a' ? 0 : 2, false);
            used = 2;
        } else if (match_ci(p, left, "A.D.") || match_ci(p, left, "B.C.")) {
            put_name(b, t->year <= 0 ? "B.C." : "A.D.", 4, p[0] >= 'a' ? 0 : 2, false);
            used = 4;
        } else if (match_ci(p, left, "AD") || match_ci(p, left, "BC")) {
            put_name(b, t->year <= 0 ? "BC" : "AD", 2, p[0] >= 'a' ? 0 : 2, false);
            used = 2;
        }
        if (used) {
            i += used;
            continue;
        }
        /* Numeric keywords, with an optional TH / th suffix. */
        size_t k;
        for (k = 0; k < sizeof(num_kw) / sizeof(num_kw[0]); k++)
            if (match_ci(p, left, num_kw[k].name))
                break;
        if (k < sizeof(num_kw) / sizeof(num_kw[0])) {
            int width;
            int64_t v = num_value(t, num_kw[k].k, &width);
            put_num(b, v, width, fm);
            used = strlen(num_kw[k].name);
            if (left > used + 1 && (p[used] == 'T' || p[used] == 't') &&
                (p[used + 1] == 'H' || p[used + 1] == 'h')) {
                const char *o = ordinal(v);
                if (p[used] == 'T')
                    put_name(b, o, 2, 2, false);
                else
                    sbuf_puts(b, o);
                used += 2;
            }
            i += used;
            continue;
        }
        sbuf_putc(b, *p);
        i++;
    }
    return 0;
}

int sql__fn_to_char(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    int64_t ts;
    int rc = 0;
    switch (a[0].type) {
    case SQL_T_TIMESTAMP:
        ts = a[0].u.ts;
        break;
    case SQL_T_TIMESTAMPTZ:
        if (a[0].u.ts == SQL_TS_NOBEGIN || a[0].u.ts == SQL_TS_NOEND)
            ts = a[0].u.ts;
        else
            rc = sql_tstz_to_ts(a[0].u.ts, dtctx(c), &ts, e);
        break;
    case SQL_T_INTERVAL:
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "to_char(interval, text) is not supported");
    default:
        return sql__fn_num_to_char(c, a, n, out, e);
    }
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TEXT;
    if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND || a[1].u.s.len == 0) {
        out->null = true;
        return 0;
    }
    struct tm_parts t;
    rc = split_ts(ts, &t, e);
    if (rc < 0)
        return rc;
    struct sbuf b;
    sbuf_init(&b);
    rc = format_ts(&t, a[1].u.s.p, a[1].u.s.len, &b, e);
    if (rc == 0)
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return rc;
}
