/* datetime_timetz.c — time with time zone (timetz): text I/O, comparison,
 * casts, AT TIME ZONE and interval arithmetic (PostgreSQL's date.c timetz_*
 * functions; binary I/O is datetime_io.c's).
 *
 * A timetz is a time of day (microseconds, 0 .. 24:00:00) and a zone
 * offset in seconds WEST of UTC (PostgreSQL's sign: '+05:30' is -19800).
 * Values compare by their UTC-normalised time first, then by zone, so two
 * values are equal only when both parts are.
 */
#include "sql/datetime_int.h"

#include <string.h>

#define DT_WORKBUF (DT_MAXDATELEN + DT_MAXDATEFIELDS)

int sql_timetz_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *t, int32_t *zone,
                  struct err *e)
{
    struct dt_fields f;
    struct dt_parse ps = {ctx, NULL};
    struct dt_tm tm;
    int fsec, tz = 0, dtype;
    int r = dt__parse(str, &f, DT_WORKBUF);

    if (r == 0)
        r = dt__decode_timeonly(&f, &ps, &dtype, &tm, &fsec, &tz);
    if (r != 0)
        return dt__report(e, r, &ps, str, "time with time zone");
    *t = dt__time2t(tm.hour, tm.min, tm.sec, fsec);
    *zone = tz;
    return 0;
}

void sql_timetz_out(int64_t t, int32_t zone, char *buf)
{
    struct dt_tm tm;
    int fsec;

    memset(&tm, 0, sizeof(tm));
    if (t < 0 || t > DT_USECS_PER_DAY)
        t = t < 0 ? 0 : DT_USECS_PER_DAY;
    dt__dt2time(t, &tm.hour, &tm.min, &tm.sec, &fsec);
    dt__encode_time(&tm, fsec, true, zone, buf);
}

int sql_timetz_cmp(int64_t t1, int32_t z1, int64_t t2, int32_t z2)
{
    int64_t a = t1 + (int64_t)z1 * DT_USECS_PER_SEC;
    int64_t b = t2 + (int64_t)z2 * DT_USECS_PER_SEC;
    if (a != b)
        return a < b ? -1 : 1;
    if (z1 != z2)
        return z1 < z2 ? -1 : 1;
    return 0;
}

static const struct sql_tz *session_tz(const struct sql_dt_ctx *ctx)
{
    return ctx != NULL && ctx->tz != NULL ? ctx->tz : sql_tz_utc();
}

int sql_time_to_timetz(int64_t t, const struct sql_dt_ctx *ctx, int32_t *zone, struct err *e)
{
    struct dt_tm tm;
    int fsec, tzo;
    const struct sql_tz *tz = session_tz(ctx);

    /* GetCurrentDateTime: today's date in the session zone, then the time */
    if (dt__ts2tm(ctx != NULL ? ctx->now : 0, tz, &tzo, &tm, &fsec) != 0)
        return dt__range_err(e, "timestamp out of range");
    dt__dt2time(t, &tm.hour, &tm.min, &tm.sec, &fsec);
    *zone = dt__tz_offset_local(&tm, tz, NULL);
    return 0;
}

int sql_tstz_to_timetz(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *t, int32_t *zone,
                       bool *is_null, struct err *e)
{
    struct dt_tm tm;
    int fsec, tzo;

    *is_null = false;
    if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND) {
        *is_null = true;
        return 0;
    }
    if (dt__ts2tm(ts, session_tz(ctx), &tzo, &tm, &fsec) != 0)
        return dt__range_err(e, "timestamp out of range");
    *t = dt__time2t(tm.hour, tm.min, tm.sec, fsec);
    *zone = tzo;
    return 0;
}

/* Move t from zone `from` to zone `to` (both seconds west), wrapping. */
static int64_t rezone(int64_t t, int32_t from, int32_t to)
{
    int64_t r = t + ((int64_t)from - to) * DT_USECS_PER_SEC;
    while (r < 0)
        r += DT_USECS_PER_DAY;
    while (r >= DT_USECS_PER_DAY)
        r -= DT_USECS_PER_DAY;
    return r;
}

int sql_timetz_at_zone(int64_t t, int32_t zone, const char *name, const struct sql_dt_ctx *ctx,
                       int64_t *out_t, int32_t *out_zone, struct err *e)
{
    char low[64];
    int val, type, tz;
    const struct sql_tz *ztz = NULL;
    int64_t now = ctx != NULL ? ctx->now : 0;

    dt__downcase(name, low, sizeof(low));
    type = dt__decode_tz_abbrev(low, &val, &ztz);
    if (type == DT_TZ || type == DT_DTZ) {
        tz = -val;
    } else if (type == DT_DYNTZ) {
        int isdst;
        tz = dt__tz_abbrev_offset_ts(now, name, ztz, &isdst);
    } else {
        struct dt_tm tm;
        int fsec;
        ztz = dt__tz_find(name);
        if (ztz == NULL)
            return err_set_state(e, ERR_INVAL, "22023", "time zone \"%s\" not recognized", name);
        if (dt__ts2tm(now, ztz, &tz, &tm, &fsec) != 0)
            return dt__range_err(e, "timestamp out of range");
    }
    *out_t = rezone(t, zone, tz);
    *out_zone = tz;
    return 0;
}

int sql_timetz_at_offset(int64_t t, int32_t zone, const struct sql_interval *iv, int64_t *out_t,
                         int32_t *out_zone, struct err *e)
{
    int32_t tz;

    if (iv->month != 0 || iv->day != 0) {
        char buf[SQL_DT_OUT_MAX];
        sql_interval_out(iv, buf);
        return err_set_state(e, ERR_INVAL, "22023",
                             "interval time zone \"%s\" must not include months or days", buf);
    }
    tz = (int32_t) - (iv->time / DT_USECS_PER_SEC);
    *out_t = rezone(t, zone, tz);
    *out_zone = tz;
    return 0;
}

int64_t sql_timetz_pl_interval(int64_t t, const struct sql_interval *iv, bool minus)
{
    /* timetz_pl_interval: only the time part of the interval counts;
     * computed unsigned so that extreme spans wrap without overflow */
    int64_t span = iv->time % DT_USECS_PER_DAY;
    int64_t r = t % DT_USECS_PER_DAY + (minus ? -span : span);
    r %= DT_USECS_PER_DAY;
    if (r < 0)
        r += DT_USECS_PER_DAY;
    return r;
}

int sql_date_pl_timetz(int32_t d, int64_t t, int32_t zone, int64_t *out, struct err *e)
{
    if (d == SQL_DATE_NOBEGIN) {
        *out = SQL_TS_NOBEGIN;
        return 0;
    }
    if (d == SQL_DATE_NOEND) {
        *out = SQL_TS_NOEND;
        return 0;
    }
    if (d >= DT_TIMESTAMP_END_JULIAN - DT_POSTGRES_EPOCH_JDATE)
        return dt__range_err(e, "date out of range for timestamp");
    *out = (int64_t)d * DT_USECS_PER_DAY + t + (int64_t)zone * DT_USECS_PER_SEC;
    if (!dt__valid_ts(*out))
        return dt__range_err(e, "date out of range for timestamp");
    return 0;
}
