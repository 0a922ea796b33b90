/* datetime_arith.c — arithmetic on dates, timestamps and intervals, casts
 * between the types, AT TIME ZONE, age(), make_*() and to_timestamp()
 * (date.c and timestamp.c in PostgreSQL).
 *
 * Month arithmetic works on broken-down fields: add the months, clamp the
 * day to the target month's length (Jan 31 + 1 mon = Feb 29 in a leap year),
 * then add days on the calendar (so a day across a DST change keeps the
 * wall-clock time for timestamptz), then the time part in microseconds.
 * Every overflow is an error ("timestamp out of range", "interval out of
 * range"), never a wrap.
 */
#include "sql/datetime_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct sql_tz *ctx_tz(const struct sql_dt_ctx *ctx)
{
    return ctx != NULL && ctx->tz != NULL ? ctx->tz : sql_tz_utc();
}

static int ts_range(struct err *e)
{
    return dt__range_err(e, "timestamp out of range");
}

static int iv_range(struct err *e)
{
    return dt__range_err(e, "interval out of range");
}

static bool ts_finite(int64_t ts)
{
    return ts != SQL_TS_NOBEGIN && ts != SQL_TS_NOEND;
}

/* ---------------------------------------------------------------- dates */

static int date_add(int32_t d, int64_t days, int32_t *out, struct err *e)
{
    int64_t r;
    if (d == SQL_DATE_NOBEGIN || d == SQL_DATE_NOEND) { /* infinity stays */
        *out = d;
        return 0;
    }
    r = (int64_t)d + days;
    if (r < INT32_MIN || r > INT32_MAX || !dt__valid_date((int32_t)r))
        return dt__range_err(e, "date out of range");
    *out = (int32_t)r;
    return 0;
}

int sql_date_pl_days(int32_t d, int32_t days, int32_t *out, struct err *e)
{
    return date_add(d, days, out, e);
}

int sql_date_mi_days(int32_t d, int32_t days, int32_t *out, struct err *e)
{
    return date_add(d, -(int64_t)days, out, e);
}

int sql_date_mi(int32_t a, int32_t b, int32_t *out, struct err *e)
{
    if (a == SQL_DATE_NOBEGIN || a == SQL_DATE_NOEND || b == SQL_DATE_NOBEGIN ||
        b == SQL_DATE_NOEND)
        return dt__range_err(e, "cannot subtract infinite dates");
    *out = a - b; /* both in the valid range: cannot overflow */
    return 0;
}

int sql_date_to_ts(int32_t d, int64_t *out, struct err *e)
{
    if (d == SQL_DATE_NOBEGIN) {
        *out = SQL_TS_NOBEGIN;
        return 0;
    }
    if (d == SQL_DATE_NOEND) {
        *out = SQL_TS_NOEND;
        return 0;
    }
    /* a date's range is wider than a timestamp's */
    if (d >= DT_TIMESTAMP_END_JULIAN - DT_POSTGRES_EPOCH_JDATE || !dt__date_ok(d))
        return dt__range_err(e, "date out of range for timestamp");
    *out = (int64_t)d * DT_USECS_PER_DAY;
    return 0;
}

int sql_date_to_tstz(int32_t d, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    struct dt_tm tm;
    int tz;
    int64_t r;

    if (d == SQL_DATE_NOBEGIN || d == SQL_DATE_NOEND)
        return sql_date_to_ts(d, out, e);
    if (d >= DT_TIMESTAMP_END_JULIAN - DT_POSTGRES_EPOCH_JDATE || !dt__date_ok(d))
        return dt__range_err(e, "date out of range for timestamp");
    memset(&tm, 0, sizeof(tm));
    dt__j2date(d + DT_POSTGRES_EPOCH_JDATE, &tm.year, &tm.mon, &tm.mday);
    tz = dt__tz_offset_local(&tm, ctx_tz(ctx), NULL);
    r = (int64_t)d * DT_USECS_PER_DAY + (int64_t)tz * DT_USECS_PER_SEC;
    /* the zone may push midnight out of the timestamp range */
    if (!dt__valid_ts(r))
        return dt__range_err(e, "date out of range for timestamp");
    *out = r;
    return 0;
}

static int ts_to_date(int64_t ts, const struct sql_tz *tz, int32_t *out, struct err *e)
{
    struct dt_tm tm;
    int fsec, tzo;

    if (ts == SQL_TS_NOBEGIN) {
        *out = SQL_DATE_NOBEGIN;
        return 0;
    }
    if (ts == SQL_TS_NOEND) {
        *out = SQL_DATE_NOEND;
        return 0;
    }
    if (!dt__valid_ts(ts) || dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
        return ts_range(e);
    *out = dt__date2j(tm.year, tm.mon, tm.mday) - DT_POSTGRES_EPOCH_JDATE;
    return 0;
}

int sql_ts_to_date(int64_t ts, int32_t *out, struct err *e)
{
    return ts_to_date(ts, NULL, out, e);
}

int sql_tstz_to_date(int64_t ts, const struct sql_dt_ctx *ctx, int32_t *out, struct err *e)
{
    return ts_to_date(ts, ctx_tz(ctx), out, e);
}

int sql_ts_to_tstz(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    struct dt_tm tm;
    int fsec, tz;

    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    if (!dt__valid_ts(ts) || dt__ts2tm(ts, NULL, NULL, &tm, &fsec) != 0)
        return ts_range(e);
    tz = dt__tz_offset_local(&tm, ctx_tz(ctx), NULL);
    if (dt__tm2ts(&tm, fsec, &tz, out) != 0)
        return ts_range(e);
    return 0;
}

int sql_tstz_to_ts(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    struct dt_tm tm;
    int fsec, tz;

    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    if (!dt__valid_ts(ts) || dt__ts2tm(ts, ctx_tz(ctx), &tz, &tm, &fsec) != 0 ||
        dt__tm2ts(&tm, fsec, NULL, out) != 0)
        return ts_range(e);
    return 0;
}

static int ts_to_time(int64_t ts, const struct sql_tz *tz, int64_t *out, bool *is_null,
                      struct err *e)
{
    struct dt_tm tm;
    int fsec, tzo;

    *is_null = !ts_finite(ts); /* PostgreSQL returns NULL for infinities */
    if (*is_null) {
        *out = 0;
        return 0;
    }
    if (!dt__valid_ts(ts) || dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
        return ts_range(e);
    *out = dt__time2t(tm.hour, tm.min, tm.sec, fsec);
    return 0;
}

int sql_ts_to_time(int64_t ts, int64_t *out, bool *is_null, struct err *e)
{
    return ts_to_time(ts, NULL, out, is_null, e);
}

int sql_tstz_to_time(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *out, bool *is_null,
                     struct err *e)
{
    return ts_to_time(ts, ctx_tz(ctx), out, is_null, e);
}

/* ------------------------------------------------------ timestamp + iv */

/* timestamp(tz)_pl_interval; tz NULL for timestamp without time zone. */
static int ts_pl_interval(int64_t ts, const struct sql_interval *iv, const struct sql_tz *tz,
                          int64_t *out, struct err *e)
{
    struct dt_tm tm;
    int fsec, tzo;

    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    if (!dt__valid_ts(ts))
        return ts_range(e);
    if (iv->month != 0) {
        int32_t mon;
        if (dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
            return ts_range(e);
        if (dt__add32(tm.mon, iv->month, &mon))
            return ts_range(e);
        tm.mon = mon;
        if (tm.mon > DT_MONTHS_PER_YEAR) {
            tm.year += (tm.mon - 1) / DT_MONTHS_PER_YEAR;
            tm.mon = (tm.mon - 1) % DT_MONTHS_PER_YEAR + 1;
        } else if (tm.mon < 1) {
            tm.year += tm.mon / DT_MONTHS_PER_YEAR - 1;
            tm.mon = tm.mon % DT_MONTHS_PER_YEAR + DT_MONTHS_PER_YEAR;
        }
        /* end of month: Jan 31 + 1 mon is the last of February */
        if (tm.mday > dt__days_in_month(tm.year, tm.mon))
            tm.mday = dt__days_in_month(tm.year, tm.mon);
        if (tz != NULL)
            tzo = dt__tz_offset_local(&tm, tz, NULL);
        if (dt__tm2ts(&tm, fsec, tz != NULL ? &tzo : NULL, &ts) != 0)
            return ts_range(e);
    }
    if (iv->day != 0) {
        int64_t julian;
        if (dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
            return ts_range(e);
        julian = (int64_t)dt__date2j(tm.year, tm.mon, tm.mday) + iv->day;
        /* j2date wants a non-negative day; allow -1 for zone offsets */
        if (julian < (tz != NULL ? -1 : 0) || julian > INT32_MAX)
            return ts_range(e);
        dt__j2date((int)julian, &tm.year, &tm.mon, &tm.mday);
        if (tz != NULL)
            tzo = dt__tz_offset_local(&tm, tz, NULL);
        if (dt__tm2ts(&tm, fsec, tz != NULL ? &tzo : NULL, &ts) != 0)
            return ts_range(e);
    }
    if (dt__add64(ts, iv->time, &ts) || !dt__valid_ts(ts))
        return ts_range(e);
    *out = ts;
    return 0;
}

int sql_interval_um(const struct sql_interval *a, struct sql_interval *out, struct err *e)
{
    if (a->time == INT64_MIN || a->day == INT32_MIN || a->month == INT32_MIN)
        return iv_range(e);
    out->time = -a->time;
    out->day = -a->day;
    out->month = -a->month;
    return 0;
}

int sql_ts_pl_interval(int64_t ts, const struct sql_interval *iv, int64_t *out, struct err *e)
{
    return ts_pl_interval(ts, iv, NULL, out, e);
}

/* timestamp - interval adds the negated interval; PostgreSQL 15 negates
 * each field without an overflow check, so INT_MIN stays INT_MIN (and the
 * addition then reports the overflow as "timestamp out of range"). */
static struct sql_interval negate_wrap(const struct sql_interval *iv)
{
    struct sql_interval n;
    n.time = (int64_t)(0 - (uint64_t)iv->time);
    n.day = (int32_t)(0 - (uint32_t)iv->day);
    n.month = (int32_t)(0 - (uint32_t)iv->month);
    return n;
}

int sql_ts_mi_interval(int64_t ts, const struct sql_interval *iv, int64_t *out, struct err *e)
{
    struct sql_interval neg = negate_wrap(iv);
    return ts_pl_interval(ts, &neg, NULL, out, e);
}

int sql_tstz_pl_interval(int64_t ts, const struct sql_interval *iv, const struct sql_dt_ctx *ctx,
                         int64_t *out, struct err *e)
{
    return ts_pl_interval(ts, iv, ctx_tz(ctx), out, e);
}

int sql_tstz_mi_interval(int64_t ts, const struct sql_interval *iv, const struct sql_dt_ctx *ctx,
                         int64_t *out, struct err *e)
{
    struct sql_interval neg = negate_wrap(iv);
    return ts_pl_interval(ts, &neg, ctx_tz(ctx), out, e);
}

int sql_date_pl_interval(int32_t d, const struct sql_interval *iv, int64_t *out, struct err *e)
{
    int64_t ts = 0;
    int r = sql_date_to_ts(d, &ts, e);
    return r ? r : sql_ts_pl_interval(ts, iv, out, e);
}

int sql_date_mi_interval(int32_t d, const struct sql_interval *iv, int64_t *out, struct err *e)
{
    int64_t ts = 0;
    int r = sql_date_to_ts(d, &ts, e);
    return r ? r : sql_ts_mi_interval(ts, iv, out, e);
}

/* ------------------------------------------------------------ intervals */

int sql_interval_justify_hours(const struct sql_interval *a, struct sql_interval *out,
                               struct err *e)
{
    struct sql_interval r = *a;
    int64_t wholeday = r.time / DT_USECS_PER_DAY;
    int32_t day;

    r.time -= wholeday * DT_USECS_PER_DAY;
    if (wholeday > INT32_MAX || wholeday < INT32_MIN || dt__add32(r.day, (int32_t)wholeday, &day))
        return iv_range(e);
    r.day = day;
    if (r.day > 0 && r.time < 0) {
        r.time += DT_USECS_PER_DAY;
        r.day--;
    } else if (r.day < 0 && r.time > 0) {
        r.time -= DT_USECS_PER_DAY;
        r.day++;
    }
    *out = r;
    return 0;
}

int sql_interval_justify_days(const struct sql_interval *a, struct sql_interval *out, struct err *e)
{
    struct sql_interval r = *a;
    int32_t wholemonth = r.day / DT_DAYS_PER_MONTH;

    r.day -= wholemonth * DT_DAYS_PER_MONTH;
    if (dt__add32(r.month, wholemonth, &r.month))
        return iv_range(e);
    if (r.month > 0 && r.day < 0) {
        r.day += DT_DAYS_PER_MONTH;
        r.month--;
    } else if (r.month < 0 && r.day > 0) {
        r.day -= DT_DAYS_PER_MONTH;
        r.month++;
    }
    *out = r;
    return 0;
}

int sql_interval_justify_interval(const struct sql_interval *a, struct sql_interval *out,
                                  struct err *e)
{
    struct sql_interval r = *a;
    int64_t wholeday;
    int32_t wholemonth;

    /* pre-justify days when that can prevent an overflow */
    if ((r.day > 0 && r.time > 0) || (r.day < 0 && r.time < 0)) {
        wholemonth = r.day / DT_DAYS_PER_MONTH;
        r.day -= wholemonth * DT_DAYS_PER_MONTH;
        if (dt__add32(r.month, wholemonth, &r.month))
            return iv_range(e);
    }
    wholeday = r.time / DT_USECS_PER_DAY;
    r.time -= wholeday * DT_USECS_PER_DAY;
    r.day += (int32_t)wholeday; /* |day| < 30 or signs differ: no overflow */
    wholemonth = r.day / DT_DAYS_PER_MONTH;
    r.day -= wholemonth * DT_DAYS_PER_MONTH;
    if (dt__add32(r.month, wholemonth, &r.month))
        return iv_range(e);
    if (r.month > 0 && (r.day < 0 || (r.day == 0 && r.time < 0))) {
        r.day += DT_DAYS_PER_MONTH;
        r.month--;
    } else if (r.month < 0 && (r.day > 0 || (r.day == 0 && r.time > 0))) {
        r.day -= DT_DAYS_PER_MONTH;
        r.month++;
    }
    if (r.day > 0 && r.time < 0) {
        r.time += DT_USECS_PER_DAY;
        r.day--;
    } else if (r.day < 0 && r.time > 0) {
        r.time -= DT_USECS_PER_DAY;
        r.day++;
    }
    *out = r;
    return 0;
}

int sql_ts_mi(int64_t a, int64_t b, struct sql_interval *out, struct err *e)
{
    struct sql_interval r;
    if (!ts_finite(a) || !ts_finite(b))
        return dt__range_err(e, "cannot subtract infinite timestamps");
    /* PostgreSQL 15 does not check this subtraction: it wraps */
    r.time = (int64_t)((uint64_t)a - (uint64_t)b);
    r.month = 0;
    r.day = 0;
    /* PostgreSQL justifies the hours (so 25 hours print as 1 day 01:00) */
    return sql_interval_justify_hours(&r, out, e);
}

int sql_interval_pl(const struct sql_interval *a, const struct sql_interval *b,
                    struct sql_interval *out, struct err *e)
{
    struct sql_interval r;
    if (dt__add32(a->month, b->month, &r.month) || dt__add32(a->day, b->day, &r.day) ||
        dt__add64(a->time, b->time, &r.time))
        return iv_range(e);
    *out = r;
    return 0;
}

int sql_interval_mi(const struct sql_interval *a, const struct sql_interval *b,
                    struct sql_interval *out, struct err *e)
{
    struct sql_interval r;
    if (__builtin_sub_overflow(a->month, b->month, &r.month) ||
        __builtin_sub_overflow(a->day, b->day, &r.day) || dt__sub64(a->time, b->time, &r.time))
        return iv_range(e);
    *out = r;
    return 0;
}

#define TSROUND(j) (rint((double)(j)*1000000.0) / 1000000.0)

static bool fits_i32(double d)
{
    return !isnan(d) && d >= (double)INT32_MIN && d < -(double)INT32_MIN;
}

static bool fits_i64(double d)
{
    return !isnan(d) && d >= (double)INT64_MIN && d < -(double)INT64_MIN;
}

/* interval_mul / interval_div: fractions of months become days (30 per
 * month), fractions of days become time (86400 s per day), never upward. */
static int interval_scale(const struct sql_interval *a, double f, bool divide,
                          struct sql_interval *out, struct err *e)
{
    double month_remainder_days, sec_remainder, d;
    struct sql_interval r;
    int32_t day;

#define SCALE(x) (divide ? (double)(x) / f : (double)(x)*f)
    d = SCALE(a->month);
    if (!fits_i32(d))
        return iv_range(e);
    r.month = (int32_t)d;
    d = SCALE(a->day);
    if (!fits_i32(d))
        return iv_range(e);
    r.day = (int32_t)d;

    month_remainder_days = (SCALE(a->month) - r.month) * DT_DAYS_PER_MONTH;
    month_remainder_days = TSROUND(month_remainder_days);
    sec_remainder = (SCALE(a->day) - r.day + month_remainder_days - (int)month_remainder_days) *
                    DT_SECS_PER_DAY;
    sec_remainder = TSROUND(sec_remainder);
    /* 24:00:00 after rounding, or more from the cascade */
    if (fabs(sec_remainder) >= DT_SECS_PER_DAY) {
        if (dt__add32(r.day, (int)(sec_remainder / DT_SECS_PER_DAY), &day))
            return iv_range(e);
        r.day = day;
        sec_remainder -= (int)(sec_remainder / DT_SECS_PER_DAY) * DT_SECS_PER_DAY;
    }
    if (dt__add32(r.day, (int32_t)month_remainder_days, &day))
        return iv_range(e);
    r.day = day;
    d = rint(SCALE(a->time) + sec_remainder * DT_USECS_PER_SEC);
    if (!fits_i64(d))
        return iv_range(e);
    r.time = (int64_t)d;
#undef SCALE
    *out = r;
    return 0;
}

int sql_interval_mul(const struct sql_interval *a, double f, struct sql_interval *out,
                     struct err *e)
{
    return interval_scale(a, f, false, out, e);
}

int sql_interval_div(const struct sql_interval *a, double f, struct sql_interval *out,
                     struct err *e)
{
    if (f == 0.0)
        return err_set_state(e, ERR_INVAL, "22012", "division by zero");
    return interval_scale(a, f, true, out, e);
}

/* ------------------------------------------------------------------ age */

static int ts_age(int64_t a, int64_t b, const struct sql_tz *tz, struct sql_interval *out,
                  struct err *e)
{
    struct dt_tm t1, t2;
    struct dt_itm tm;
    int f1, f2, z1, z2;
    bool flip = a < b;

    /* PostgreSQL 15 does not reject infinities here: 'infinity' breaks down
     * like any other int64 whose day fits, '-infinity' does not */
    if (dt__ts2tm(a, tz, &z1, &t1, &f1) != 0 || dt__ts2tm(b, tz, &z2, &t2, &f2) != 0)
        return ts_range(e);
    /* the symbolic difference, field by field */
    tm.usec = f1 - f2;
    tm.sec = t1.sec - t2.sec;
    tm.min = t1.min - t2.min;
    tm.hour = t1.hour - t2.hour;
    tm.mday = t1.mday - t2.mday;
    tm.mon = t1.mon - t2.mon;
    tm.year = t1.year - t2.year;
    if (flip) {
        tm.usec = -tm.usec;
        tm.sec = -tm.sec;
        tm.min = -tm.min;
        tm.hour = -tm.hour;
        tm.mday = -tm.mday;
        tm.mon = -tm.mon;
        tm.year = -tm.year;
    }
    /* borrow from the next larger field */
    while (tm.usec < 0) {
        tm.usec += 1000000;
        tm.sec--;
    }
    while (tm.sec < 0) {
        tm.sec += 60;
        tm.min--;
    }
    while (tm.min < 0) {
        tm.min += 60;
        tm.hour--;
    }
    while (tm.hour < 0) {
        tm.hour += 24;
        tm.mday--;
    }
    while (tm.mday < 0) {
        if (flip)
            tm.mday += dt__days_in_month(t1.year, t1.mon);
        else
            tm.mday += dt__days_in_month(t2.year, t2.mon);
        tm.mon--;
    }
    while (tm.mon < 0) {
        tm.mon += 12;
        tm.year--;
    }
    if (flip) {
        tm.usec = -tm.usec;
        tm.sec = -tm.sec;
        tm.min = -tm.min;
        tm.hour = -tm.hour;
        tm.mday = -tm.mday;
        tm.mon = -tm.mon;
        tm.year = -tm.year;
    }
    if (dt__itm2interval(&tm, out) != 0)
        return iv_range(e);
    return 0;
}

int sql_ts_age(int64_t a, int64_t b, struct sql_interval *out, struct err *e)
{
    return ts_age(a, b, NULL, out, e);
}

int sql_tstz_age(int64_t a, int64_t b, const struct sql_dt_ctx *ctx, struct sql_interval *out,
                 struct err *e)
{
    return ts_age(a, b, ctx_tz(ctx), out, e);
}

/* ------------------------------------------------------- AT TIME ZONE */

#define ZONE_KIND_FIXED 1
#define ZONE_KIND_DYN   2
#define ZONE_KIND_NAME  3

/* Resolve a zone argument as timestamptz_zone does: abbreviations first
 * (fixed offsets, *offset seconds east; dynamic ones give *tz), then zone
 * names. */
static int resolve_zone(const char *name, int *offset, const struct sql_tz **tz, struct err *e)
{
    char low[64];
    int type;

    dt__downcase(name, low, sizeof(low));
    type = dt__decode_tz_abbrev(low, offset, tz);
    if (type == DT_TZ || type == DT_DTZ)
        return ZONE_KIND_FIXED;
    if (type == DT_DYNTZ)
        return ZONE_KIND_DYN;
    *tz = dt__tz_find(name);
    if (*tz == NULL)
        return err_set_state(e, ERR_INVAL, "22023", "time zone \"%s\" not recognized", name);
    return ZONE_KIND_NAME;
}

/* dt2local(ts, tz): ts - tz seconds, checked. */
static int shift(int64_t ts, int64_t tz, int64_t *out, struct err *e)
{
    int64_t d;
    if (dt__mul64(tz, DT_USECS_PER_SEC, &d) || dt__sub64(ts, d, out) || !dt__valid_ts(*out))
        return ts_range(e);
    return 0;
}

int sql_tstz_at_zone(int64_t ts, const char *zone, int64_t *out, struct err *e)
{
    const struct sql_tz *tz;
    int val, kind, isdst, tzo, fsec;
    struct dt_tm tm;

    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    kind = resolve_zone(zone, &val, &tz, e);
    if (kind < 0)
        return kind;
    if (!dt__valid_ts(ts))
        return ts_range(e);
    if (kind == ZONE_KIND_FIXED)
        return shift(ts, -val, out, e);
    if (kind == ZONE_KIND_DYN)
        return shift(ts, dt__tz_abbrev_offset_ts(ts, zone, tz, &isdst), out, e);
    if (dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0 || dt__tm2ts(&tm, fsec, NULL, out) != 0)
        return ts_range(e);
    return 0;
}

int sql_ts_at_zone(int64_t ts, const char *zone, int64_t *out, struct err *e)
{
    const struct sql_tz *tz;
    int val, kind, tzo, fsec;
    struct dt_tm tm;

    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    kind = resolve_zone(zone, &val, &tz, e);
    if (kind < 0)
        return kind;
    if (!dt__valid_ts(ts))
        return ts_range(e);
    if (kind == ZONE_KIND_FIXED)
        return shift(ts, val, out, e);
    if (dt__ts2tm(ts, NULL, NULL, &tm, &fsec) != 0)
        return ts_range(e);
    if (kind == ZONE_KIND_DYN)
        return shift(ts, -dt__tz_abbrev_offset_local(&tm, zone, tz), out, e);
    tzo = dt__tz_offset_local(&tm, tz, NULL);
    if (dt__tm2ts(&tm, fsec, &tzo, out) != 0)
        return ts_range(e);
    return 0;
}

static int check_iv_zone(const struct sql_interval *zone, struct err *e)
{
    char buf[SQL_DT_OUT_MAX];
    if (zone->month == 0 && zone->day == 0)
        return 0;
    sql_interval_out(zone, buf);
    return err_set_state(e, ERR_INVAL, "22023",
                         "interval time zone \"%s\" must not include months or days", buf);
}

int sql_tstz_at_offset(int64_t ts, const struct sql_interval *zone, int64_t *out, struct err *e)
{
    int r;
    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    if ((r = check_iv_zone(zone, e)) != 0)
        return r;
    return shift(ts, -(zone->time / DT_USECS_PER_SEC), out, e);
}

int sql_ts_at_offset(int64_t ts, const struct sql_interval *zone, int64_t *out, struct err *e)
{
    int r;
    if (!ts_finite(ts)) {
        *out = ts;
        return 0;
    }
    if ((r = check_iv_zone(zone, e)) != 0)
        return r;
    return shift(ts, zone->time / DT_USECS_PER_SEC, out, e);
}

/* The zone argument of date_trunc(field, timestamptz, zone). */
int dt__zone_arg(const char *zone, const struct sql_tz **out, struct err *e)
{
    int val;
    int kind = resolve_zone(zone, &val, out, e);
    if (kind < 0)
        return kind;
    if (kind == ZONE_KIND_FIXED)
        return sql_tz_fixed(val, out, e);
    return 0;
}

/* --------------------------------------------------------------- make_* */

/* A double as PostgreSQL's snprintf prints "%0*g": NaN and Infinity are
 * spelled out (glibc writes "nan"/"inf"). */
static const char *fmt_g(char *buf, size_t cap, double v, int width)
{
    if (isnan(v))
        return "NaN";
    if (isinf(v))
        return v < 0 ? "-Infinity" : "Infinity";
    snprintf(buf, cap, "%0*g", width, v);
    return buf;
}

int sql_make_date(int32_t year, int32_t mon, int32_t mday, int32_t *out, struct err *e)
{
    struct dt_tm tm;
    bool bc = false;
    int64_t d;

    memset(&tm, 0, sizeof(tm));
    tm.year = year;
    tm.mon = mon;
    tm.mday = mday;
    if (tm.year < 0) { /* negative years are BC; -INT_MIN stays INT_MIN */
        bc = true;
        tm.year = (int32_t)(0u - (uint32_t)year);
    }
    if (dt__validate_date(DT_DATE_M, false, false, bc, &tm) != 0)
        return err_set_state(e, ERR_INVAL, "22008", "date field value out of range: %d-%02d-%02d",
                             tm.year, tm.mon, tm.mday);
    if (!dt__valid_julian(tm.year, tm.mon, tm.mday))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: %d-%02d-%02d", tm.year,
                             tm.mon, tm.mday);
    d = (int64_t)dt__date2j(tm.year, tm.mon, tm.mday) - DT_POSTGRES_EPOCH_JDATE;
    if (!dt__valid_date((int32_t)d))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: %d-%02d-%02d", tm.year,
                             tm.mon, tm.mday);
    *out = (int32_t)d;
    return 0;
}

/* float_time_overflows */
static bool float_time_overflows(int hour, int min, double sec)
{
    if (hour < 0 || hour > DT_HOURS_PER_DAY || min < 0 || min >= DT_MINS_PER_HOUR)
        return true;
    if (isnan(sec))
        return true;
    sec = rint(sec * DT_USECS_PER_SEC);
    if (sec < 0 || sec > (double)DT_SECS_PER_MINUTE * DT_USECS_PER_SEC)
        return true;
    return ((((int64_t)hour * DT_MINS_PER_HOUR + min) * DT_SECS_PER_MINUTE) * DT_USECS_PER_SEC) +
               (int64_t)sec >
           DT_USECS_PER_DAY;
}

int sql_make_ts(int32_t year, int32_t mon, int32_t mday, int32_t hour, int32_t min, double sec,
                int64_t *out, struct err *e)
{
    struct dt_tm tm;
    bool bc = false;
    int64_t date, time, r;
    char g[64];

    memset(&tm, 0, sizeof(tm));
    tm.year = year;
    tm.mon = mon;
    tm.mday = mday;
    if (tm.year < 0) {
        bc = true;
        tm.year = (int32_t)(0u - (uint32_t)year);
    }
    if (dt__validate_date(DT_DATE_M, false, false, bc, &tm) != 0)
        return err_set_state(e, ERR_INVAL, "22008", "date field value out of range: %d-%02d-%02d",
                             year, mon, mday);
    if (!dt__valid_julian(tm.year, tm.mon, tm.mday))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: %d-%02d-%02d", year, mon,
                             mday);
    date = (int64_t)dt__date2j(tm.year, tm.mon, tm.mday) - DT_POSTGRES_EPOCH_JDATE;
    if (float_time_overflows(hour, min, sec))
        return err_set_state(e, ERR_INVAL, "22008", "time field value out of range: %d:%02d:%s",
                             hour, min, fmt_g(g, sizeof(g), sec, 2));
    time = (((int64_t)hour * DT_MINS_PER_HOUR + min) * DT_SECS_PER_MINUTE) * DT_USECS_PER_SEC +
           (int64_t)rint(sec * DT_USECS_PER_SEC);
    if (dt__mul64(date, DT_USECS_PER_DAY, &r) || dt__add64(r, time, &r) || !dt__valid_ts(r))
        return err_set_state(e, ERR_INVAL, "22008",
                             "timestamp out of range: %d-%02d-%02d %d:%02d:%s", year, mon, mday,
                             hour, min, fmt_g(g, sizeof(g), sec, 2));
    *out = r;
    return 0;
}

/* parse_sane_timezone: a numeric offset ("+05:30", ISO sign), an
 * abbreviation or a zone name, resolved at local time tm. Seconds WEST. */
static int sane_timezone(struct dt_tm *tm, const char *zone, int *tzp, struct err *e)
{
    int r, val, kind;
    const struct sql_tz *tz;

    if (isdigit((unsigned char)*zone))
        return err_set_state(e, ERR_INVAL, "22023",
                             "invalid input syntax for type %s: \"%s\"\nHINT:  Numeric time zones "
                             "must have \"-\" or \"+\" as first character.",
                             "numeric time zone", zone);
    r = dt__decode_timezone(zone, tzp);
    if (r == 0)
        return 0;
    if (r == DTERR_TZDISP_OVERFLOW)
        return err_set_state(e, ERR_INVAL, "22023", "numeric time zone \"%s\" out of range", zone);
    if (r != DTERR_BAD_FORMAT)
        return err_set_state(e, ERR_INVAL, "22023", "time zone \"%s\" not recognized", zone);
    kind = resolve_zone(zone, &val, &tz, e);
    if (kind < 0)
        return kind;
    if (kind == ZONE_KIND_FIXED)
        *tzp = -val;
    else if (kind == ZONE_KIND_DYN)
        *tzp = dt__tz_abbrev_offset_local(tm, zone, tz);
    else
        *tzp = dt__tz_offset_local(tm, tz, NULL);
    return 0;
}

int sql_make_tstz(int32_t year, int32_t mon, int32_t mday, int32_t hour, int32_t min, double sec,
                  const char *zone, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    int64_t ts;
    struct dt_tm tm;
    int fsec, tz, r;

    r = sql_make_ts(year, mon, mday, hour, min, sec, &ts, e);
    if (r)
        return r;
    if (zone == NULL)
        return sql_ts_to_tstz(ts, ctx, out, e);
    if (dt__ts2tm(ts, NULL, NULL, &tm, &fsec) != 0)
        return ts_range(e);
    r = sane_timezone(&tm, zone, &tz, e);
    if (r)
        return r;
    return shift(ts, -tz, out, e);
}

/* PostgreSQL 15 checks only secs for NaN and infinity: the integer fields
 * wrap around in two's complement, and seconds beyond the int64 range become
 * INT64_MIN (the x86 conversion result). That is reproduced here without
 * undefined behaviour, so make_interval(years => 2147483647) is '-1 years'
 * as in PostgreSQL 15. */
int sql_make_interval(int32_t years, int32_t months, int32_t weeks, int32_t days, int32_t hours,
                      int32_t mins, double secs, struct sql_interval *out, struct err *e)
{
    double s;
    int64_t us;

    if (isinf(secs) || isnan(secs))
        return iv_range(e);
    out->month = (int32_t)((uint32_t)years * DT_MONTHS_PER_YEAR + (uint32_t)months);
    out->day = (int32_t)((uint32_t)weeks * 7 + (uint32_t)days);
    s = rint(secs * DT_USECS_PER_SEC);
    us = fits_i64(s) ? (int64_t)s : INT64_MIN;
    out->time = (int64_t)((uint64_t)((int64_t)hours * DT_USECS_PER_HOUR) +
                          (uint64_t)((int64_t)mins * DT_USECS_PER_MINUTE) + (uint64_t)us);
    return 0;
}

int sql_to_timestamp(double secs, int64_t *out, struct err *e)
{
    double s;
    char g[64];

    if (isnan(secs))
        return dt__range_err(e, "timestamp cannot be NaN");
    if (isinf(secs)) {
        *out = secs < 0 ? SQL_TS_NOBEGIN : SQL_TS_NOEND;
        return 0;
    }
    if (secs < (double)DT_SECS_PER_DAY * (DT_DATETIME_MIN_JULIAN - DT_UNIX_EPOCH_JDATE) ||
        secs >= (double)DT_SECS_PER_DAY * (DT_TIMESTAMP_END_JULIAN - DT_UNIX_EPOCH_JDATE))
        return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range: \"%s\"",
                             fmt_g(g, sizeof(g), secs, 0));
    s = secs - (double)(DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    s = rint(s * DT_USECS_PER_SEC);
    if (!fits_i64(s) || !dt__valid_ts((int64_t)s))
        return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range: \"%s\"",
                             fmt_g(g, sizeof(g), secs, 0));
    *out = (int64_t)s;
    return 0;
}
