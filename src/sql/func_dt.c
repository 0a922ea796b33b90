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
