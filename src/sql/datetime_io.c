/* datetime_io.c — text and binary input/output of date, timestamp,
 * timestamptz, interval and time, binary input/output of timetz, and their
 * comparisons (date_in/date_out, timestamp_in/..., interval_recv/... in
 * PostgreSQL's date.c and timestamp.c).
 */
#include "sql/datetime_int.h"

#include <string.h>

/* Field storage PostgreSQL gives each type's parser. */
#define DT_WORKBUF       (DT_MAXDATELEN + DT_MAXDATEFIELDS)
#define DT_INTERVAL_WORK 256
/* PostgreSQL's TZDISP_LIMIT: 15:59 in seconds */
#define TZDISP_LIMIT ((DT_MAX_TZDISP_HOUR * 60 + 59) * 60)

static int decode(const char *str, const struct sql_dt_ctx *ctx, const char *type, int *dtype,
                  struct dt_tm *tm, int *fsec, int *tz, struct err *e)
{
    struct dt_fields f;
    struct dt_parse ps = {ctx, NULL};
    int r = dt__parse(str, &f, DT_WORKBUF);
    if (r == 0)
        r = dt__decode_datetime(&f, &ps, dtype, tm, fsec, tz);
    if (r != 0)
        return dt__report(e, r, &ps, str, type);
    return 0;
}

/* ----------------------------------------------------------------- date */

int sql_date_in(const char *str, const struct sql_dt_ctx *ctx, int32_t *out, struct err *e)
{
    struct dt_tm tm;
    int fsec, tz, dtype, r;
    int64_t d;

    r = decode(str, ctx, "date", &dtype, &tm, &fsec, &tz, e);
    if (r)
        return r;
    switch (dtype) {
    case DTK_DATE:
        break;
    case DTK_EPOCH:
        tm.year = 1970;
        tm.mon = 1;
        tm.mday = 1;
        break;
    case DTK_LATE:
        *out = SQL_DATE_NOEND;
        return 0;
    case DTK_EARLY:
        *out = SQL_DATE_NOBEGIN;
        return 0;
    default:
        return dt__report(e, DTERR_BAD_FORMAT, NULL, str, "date");
    }
    if (!dt__valid_julian(tm.year, tm.mon, tm.mday))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: \"%s\"", str);
    d = (int64_t)dt__date2j(tm.year, tm.mon, tm.mday) - DT_POSTGRES_EPOCH_JDATE;
    if (!dt__valid_date((int32_t)d))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: \"%s\"", str);
    *out = (int32_t)d;
    return 0;
}

int sql_date_out(int32_t d, char *buf, struct err *e)
{
    return sql_date_out_ctx(d, NULL, buf, e);
}

int sql_date_out_ctx(int32_t d, const struct sql_dt_ctx *ctx, char *buf, struct err *e)
{
    struct dt_tm tm;

    if (d == SQL_DATE_NOBEGIN) {
        strcpy(buf, "-infinity");
        return 0;
    }
    if (d == SQL_DATE_NOEND) {
        strcpy(buf, "infinity");
        return 0;
    }
    if (!dt__date_ok(d)) {
        buf[0] = '\0';
        return dt__range_err(e, "date out of range");
    }
    memset(&tm, 0, sizeof(tm));
    dt__j2date(d + DT_POSTGRES_EPOCH_JDATE, &tm.year, &tm.mon, &tm.mday);
    dt__encode_date_style(&tm, ctx ? ctx->style : SQL_DS_ISO, ctx ? ctx->order : SQL_DT_MDY, buf);
    return 0;
}

/* ------------------------------------------------------------ timestamp */

static int ts_in(const char *str, const struct sql_dt_ctx *ctx, bool with_tz, int64_t *out,
                 struct err *e)
{
    const char *type = with_tz ? "timestamp with time zone" : "timestamp";
    struct dt_tm tm;
    int fsec, tz, dtype, r;

    r = decode(str, ctx, type, &dtype, &tm, &fsec, &tz, e);
    if (r)
        return r;
    switch (dtype) {
    case DTK_DATE:
        if (dt__tm2ts(&tm, fsec, with_tz ? &tz : NULL, out) != 0)
            return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range: \"%s\"", str);
        return 0;
    case DTK_EPOCH:
        *out = dt__epoch_ts();
        return 0;
    case DTK_LATE:
        *out = SQL_TS_NOEND;
        return 0;
    case DTK_EARLY:
        *out = SQL_TS_NOBEGIN;
        return 0;
    default:
        return dt__report(e, DTERR_BAD_FORMAT, NULL, str, type);
    }
}

int sql_ts_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    return ts_in(str, ctx, false, out, e);
}

int sql_tstz_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    return ts_in(str, ctx, true, out, e);
}

static bool ts_special(int64_t ts, char *buf)
{
    if (ts == SQL_TS_NOBEGIN) {
        strcpy(buf, "-infinity");
        return true;
    }
    if (ts == SQL_TS_NOEND) {
        strcpy(buf, "infinity");
        return true;
    }
    return false;
}

int sql_ts_out(int64_t ts, char *buf, struct err *e)
{
    return sql_ts_out_ctx(ts, NULL, buf, e);
}

int sql_ts_out_ctx(int64_t ts, const struct sql_dt_ctx *ctx, char *buf, struct err *e)
{
    struct dt_tm tm;
    int fsec;

    if (ts_special(ts, buf))
        return 0;
    if (!dt__valid_ts(ts) || dt__ts2tm(ts, NULL, NULL, &tm, &fsec) != 0) {
        buf[0] = '\0';
        return dt__range_err(e, "timestamp out of range");
    }
    dt__encode_datetime_style(&tm, fsec, false, 0, ctx ? ctx->style : SQL_DS_ISO,
                              ctx ? ctx->order : SQL_DT_MDY, buf);
    return 0;
}

int sql_tstz_out(int64_t ts, const struct sql_dt_ctx *ctx, char *buf, struct err *e)
{
    const struct sql_tz *zone = ctx != NULL && ctx->tz != NULL ? ctx->tz : sql_tz_utc();
    struct dt_tm tm;
    int fsec, tz;

    if (ts_special(ts, buf))
        return 0;
    if (!dt__valid_ts(ts) || dt__ts2tm(ts, zone, &tz, &tm, &fsec) != 0) {
        buf[0] = '\0';
        return dt__range_err(e, "timestamp out of range");
    }
    dt__encode_datetime_style(&tm, fsec, true, tz, ctx ? ctx->style : SQL_DS_ISO,
                              ctx ? ctx->order : SQL_DT_MDY, buf);
    return 0;
}

/* ------------------------------------------------------------- interval */

int sql_interval_in(const char *str, struct sql_interval *out, struct err *e)
{
    return sql_interval_in_typmod(str, -1, NULL, out, e);
}

int sql_interval_in_typmod(const char *str, int32_t typmod, const struct sql_dt_ctx *ctx,
                           struct sql_interval *out, struct err *e)
{
    int range = typmod >= 0 ? (typmod >> 16) & DT_INTERVAL_ALL : DT_INTERVAL_ALL;
    bool sqlstd = ctx != NULL && ctx->ivstyle == SQL_IS_SQL_STANDARD;
    struct dt_fields f;
    struct dt_itm_in itm;
    int dtype = DTK_DELTA;
    int r;
    int64_t months;

    memset(&itm, 0, sizeof(itm));
    r = dt__parse(str, &f, DT_INTERVAL_WORK);
    if (r == 0)
        r = dt__decode_interval(&f, range, sqlstd, &dtype, &itm);
    if (r == DTERR_BAD_FORMAT) /* try ISO 8601 "format with designators" */
        r = dt__decode_iso8601_interval(str, &dtype, &itm);
    if (r != 0) {
        if (r == DTERR_FIELD_OVERFLOW)
            r = DTERR_INTERVAL_OVERFLOW;
        return dt__report(e, r, NULL, str, "interval");
    }
    months = (int64_t)itm.year * DT_MONTHS_PER_YEAR + itm.mon;
    if (months > INT32_MAX || months < INT32_MIN)
        return dt__range_err(e, "interval out of range");
    out->month = (int32_t)months;
    out->day = itm.mday;
    out->time = itm.usec;
    return 0;
}

void sql_interval_out(const struct sql_interval *iv, char *buf)
{
    sql_interval_out_ctx(iv, NULL, buf);
}

void sql_interval_out_ctx(const struct sql_interval *iv, const struct sql_dt_ctx *ctx, char *buf)
{
    struct dt_itm itm;
    dt__interval2itm(iv, &itm);
    dt__encode_interval_style(&itm, ctx ? ctx->ivstyle : SQL_IS_POSTGRES, buf);
}

/* ----------------------------------------------------------------- time */

int sql_time_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e)
{
    struct dt_fields f;
    struct dt_parse ps = {ctx, NULL};
    struct dt_tm tm;
    int fsec, tz, dtype;
    int r = dt__parse(str, &f, DT_WORKBUF);

    if (r == 0)
        r = dt__decode_timeonly(&f, &ps, &dtype, &tm, &fsec, &tz);
    if (r != 0)
        return dt__report(e, r, &ps, str, "time");
    *out = dt__time2t(tm.hour, tm.min, tm.sec, fsec);
    return 0;
}

void sql_time_out(int64_t t, char *buf)
{
    struct dt_tm tm;
    int fsec;

    memset(&tm, 0, sizeof(tm));
    if (t < 0 || t > DT_USECS_PER_DAY) /* not a valid time: print the clamped value */
        t = t < 0 ? 0 : DT_USECS_PER_DAY;
    dt__dt2time(t, &tm.hour, &tm.min, &tm.sec, &fsec);
    dt__encode_time(&tm, fsec, false, 0, buf);
}

/* --------------------------------------------------------------- binary */

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static int bad_length(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22P03", "incorrect binary data format");
}

void sql_date_send(int32_t d, uint8_t out[4])
{
    put32(out, (uint32_t)d);
}

int sql_date_recv(const uint8_t *p, size_t n, int32_t *out, struct err *e)
{
    int32_t d;
    if (n != 4)
        return bad_length(e);
    d = (int32_t)get32(p);
    /* the range date_in accepts */
    if (d != SQL_DATE_NOBEGIN && d != SQL_DATE_NOEND && !dt__valid_date(d))
        return dt__range_err(e, "date out of range");
    *out = d;
    return 0;
}

void sql_ts_send(int64_t ts, uint8_t out[8])
{
    put64(out, (uint64_t)ts);
}

int sql_ts_recv(const uint8_t *p, size_t n, int64_t *out, struct err *e)
{
    int64_t ts;
    if (n != 8)
        return bad_length(e);
    ts = (int64_t)get64(p);
    if (ts != SQL_TS_NOBEGIN && ts != SQL_TS_NOEND && !dt__valid_ts(ts))
        return dt__range_err(e, "timestamp out of range");
    *out = ts;
    return 0;
}

void sql_interval_send(const struct sql_interval *iv, uint8_t out[16])
{
    put64(out, (uint64_t)iv->time);
    put32(out + 8, (uint32_t)iv->day);
    put32(out + 12, (uint32_t)iv->month);
}

int sql_interval_recv(const uint8_t *p, size_t n, struct sql_interval *out, struct err *e)
{
    if (n != 16)
        return bad_length(e);
    out->time = (int64_t)get64(p);
    out->day = (int32_t)get32(p + 8);
    out->month = (int32_t)get32(p + 12);
    return 0;
}

void sql_time_send(int64_t t, uint8_t out[8])
{
    put64(out, (uint64_t)t);
}

int sql_time_recv(const uint8_t *p, size_t n, int64_t *out, struct err *e)
{
    int64_t t;
    if (n != 8)
        return bad_length(e);
    t = (int64_t)get64(p);
    if (t < 0 || t > DT_USECS_PER_DAY)
        return err_set_state(e, ERR_INVAL, "22003", "time out of range");
    *out = t;
    return 0;
}

void sql_timetz_send(int64_t t, int32_t zone, uint8_t out[12])
{
    put64(out, (uint64_t)t);
    put32(out + 8, (uint32_t)zone);
}

int sql_timetz_recv(const uint8_t *p, size_t n, int64_t *t, int32_t *zone, struct err *e)
{
    int64_t v;
    int32_t z;

    if (n != 12)
        return bad_length(e);
    v = (int64_t)get64(p);
    z = (int32_t)get32(p + 8);
    if (v < 0 || v > DT_USECS_PER_DAY)
        return err_set_state(e, ERR_INVAL, "22P03", "time out of range");
    if (z < -TZDISP_LIMIT || z > TZDISP_LIMIT)
        return err_set_state(e, ERR_INVAL, "22009", "time zone displacement out of range");
    *t = v;
    *zone = z;
    return 0;
}

/* ---------------------------------------------------------- comparisons */

int sql_date_cmp(int32_t a, int32_t b)
{
    return a < b ? -1 : a > b;
}

int sql_ts_cmp(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

/* The span as (days, microseconds in [0, day)), months being 30 days: the
 * exact value of PostgreSQL's 128-bit interval_cmp_value without 128 bits. */
static void span_of(const struct sql_interval *iv, int64_t *days, int64_t *usec)
{
    int64_t d = (int64_t)iv->month * DT_DAYS_PER_MONTH + iv->day;
    int64_t t = iv->time % DT_USECS_PER_DAY;
    d += iv->time / DT_USECS_PER_DAY;
    if (t < 0) {
        t += DT_USECS_PER_DAY;
        d--;
    }
    *days = d;
    *usec = t;
}

int sql_interval_cmp(const struct sql_interval *a, const struct sql_interval *b)
{
    int64_t da, ua, db, ub;
    span_of(a, &da, &ua);
    span_of(b, &db, &ub);
    if (da != db)
        return da < db ? -1 : 1;
    return ua < ub ? -1 : ua > ub;
}
