/* datetime_field.c — extract() / date_part() and date_trunc() for date,
 * timestamp, timestamptz, interval and time.
 *
 * PostgreSQL 15's extract() returns numeric and date_part() float8; both are
 * computed here at once (struct sql_dt_part). The numeric is rendered as the
 * exact text PostgreSQL prints, with the same scale: seconds and epochs carry
 * six digits ("5.000000"), milliseconds three, and julian is the day number
 * plus numeric division of the microseconds by 86400000000 at the scale
 * numeric_div picks (select_div_scale), e.g. "2460325.43750000000000000000".
 * Units resolve as in PostgreSQL: interval-unit words first (DecodeUnits),
 * then date words (DecodeSpecial: "epoch", "dow", "julian", ...).
 */
#include "sql/datetime_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define T_DATE      "date"
#define T_TIMESTAMP "timestamp without time zone"
#define T_TSTZ      "timestamp with time zone"
#define T_INTERVAL  "interval"
#define T_TIME      "time without time zone"
#define T_TIMETZ    "time with time zone"

static int not_recognized(struct err *e, const char *unit, const char *type)
{
    return err_set_state(e, ERR_INVAL, "22023", "unit \"%s\" not recognized for type %s", unit,
                         type);
}

static int not_supported(struct err *e, const char *unit, const char *type)
{
    return err_set_state(e, ERR_UNSUPPORTED, "0A000", "unit \"%s\" not supported for type %s", unit,
                         type);
}

/* downcase_truncate_identifier: ASCII lower case, at most 63 bytes, never
 * cutting a UTF-8 sequence. */
static void lower_units(const char *in, char *out)
{
    size_t n = strlen(in);
    if (n > 63) {
        n = 63;
        while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (in[i] >= 'A' && in[i] <= 'Z') ? (char)(in[i] + 32) : in[i];
    out[n] = '\0';
}

static int decode_unit(const char *low, int *val)
{
    int type = dt__decode_units(low, val);
    if (type == DT_UNKNOWN_FIELD)
        type = dt__decode_special(low, val);
    return type;
}

/* ---------------------------------------------------------- result text */

static void set_int(struct sql_dt_part *p, int64_t v)
{
    p->kind = SQL_DT_PART_VALUE;
    p->f8 = (double)v;
    snprintf(p->num, sizeof(p->num), "%" PRId64, v);
}

/* whole + frac / 10^scale with 0 <= frac < 10^scale, printed at scale. */
static void fmt_scaled(char *out, size_t cap, int64_t whole, int64_t frac, int scale)
{
    static const int64_t pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    bool neg = whole < 0;
    uint64_t w = neg ? (uint64_t)(-(whole + 1)) : (uint64_t)whole;
    int64_t f = frac;

    /* a negative value with a fraction: -(w+1) + f = -(w + (1 - f)) */
    if (neg) {
        if (f == 0)
            w += 1;
        else
            f = pow10[scale] - f;
    }
    if (neg && w == 0 && f == 0)
        neg = false;
    snprintf(out, cap, "%s%" PRIu64 ".%0*" PRId64, neg ? "-" : "", w, scale, f);
}

/* int64_div_fast_to_numeric(v, scale) */
static void set_scaled(struct sql_dt_part *p, int64_t v, int scale, double f8)
{
    static const int64_t pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    int64_t whole = v / pow10[scale];
    int64_t frac = v % pow10[scale];
    if (frac < 0) {
        frac += pow10[scale];
        whole--;
    }
    p->kind = SQL_DT_PART_VALUE;
    p->f8 = f8;
    fmt_scaled(p->num, sizeof(p->num), whole, frac, scale);
}

/* julian as numeric: jd + usecs / 86400000000, numeric_div's scale. */
static void set_julian(struct sql_dt_part *p, int jd, int64_t usecs)
{
    const int64_t den = INT64_C(86400000000);
    int weight1 = 0, first1 = 0, qweight, rscale;
    int64_t v = usecs, rem;
    char digits[40];
    int n;

    /* weight and first digit of the dividend in base 10000 (den is
     * 864|0000|0000: weight 2, first digit 864) */
    if (v != 0) {
        int64_t t = v;
        while (t >= 10000) {
            t /= 10000;
            weight1++;
        }
        first1 = (int)t;
    }
    qweight = weight1 - 2;
    if (first1 <= 864)
        qweight--;
    rscale = 16 - qweight * 4;
    if (rscale < 0)
        rscale = 0;
    if (rscale > (int)sizeof(digits) - 2)
        rscale = (int)sizeof(digits) - 2;
    /* long division: usecs < den, so every digit is fractional */
    rem = v;
    for (n = 0; n < rscale; n++) {
        rem *= 10;
        digits[n] = (char)('0' + rem / den);
        rem %= den;
    }
    /* round half up on the next digit */
    if (rem * 10 / den >= 5) {
        int i = rscale - 1;
        while (i >= 0 && digits[i] == '9')
            digits[i--] = '0';
        if (i >= 0)
            digits[i]++;
        else
            jd++;
    }
    digits[rscale] = '\0';
    p->kind = SQL_DT_PART_VALUE;
    snprintf(p->num, sizeof(p->num), "%d%s%s", jd, rscale > 0 ? "." : "", digits);
}

static void set_inf(struct sql_dt_part *p, bool neg)
{
    p->kind = neg ? SQL_DT_PART_NEG_INF : SQL_DT_PART_POS_INF;
    p->f8 = neg ? -__builtin_inf() : __builtin_inf();
    strcpy(p->num, neg ? "-Infinity" : "Infinity");
}

static void set_null(struct sql_dt_part *p)
{
    p->kind = SQL_DT_PART_NULL;
    p->f8 = 0;
    p->num[0] = '\0';
}

/* ------------------------------------------------------------ timestamp */

/* NonFiniteTimestampTzPart: NULL for oscillating units, +/-Infinity for
 * monotonic ones. */
static int nonfinite_part(int type, int val, const char *low, bool neg, const char *tname,
                          struct sql_dt_part *out, struct err *e)
{
    if (type != DT_UNITS && type != DT_RESERV)
        return not_recognized(e, low, tname);
    switch (val) {
    case DTK_MICROSEC:
    case DTK_MILLISEC:
    case DTK_SECOND:
    case DTK_MINUTE:
    case DTK_HOUR:
    case DTK_DAY:
    case DTK_MONTH:
    case DTK_QUARTER:
    case DTK_WEEK:
    case DTK_DOW:
    case DTK_ISODOW:
    case DTK_DOY:
    case DTK_TZ:
    case DTK_TZ_MINUTE:
    case DTK_TZ_HOUR:
        set_null(out);
        return 0;
    case DTK_YEAR:
    case DTK_DECADE:
    case DTK_CENTURY:
    case DTK_MILLENNIUM:
    case DTK_JULIAN:
    case DTK_ISOYEAR:
    case DTK_EPOCH:
        set_inf(out, neg);
        return 0;
    default:
        return not_supported(e, low, tname);
    }
}

static int64_t decade_of(int year)
{
    /* decade 0 starts on year 1 BC; -1 is 11 BC thru 2 BC */
    return year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
}

static int64_t century_of(int year)
{
    return year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
}

static int64_t millennium_of(int year)
{
    return year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
}

/* The calendar units shared by timestamps and dates; false if val is not
 * one of them. */
static bool calendar_unit(int val, int year, int mon, int mday, int64_t *r)
{
    switch (val) {
    case DTK_DAY:
        *r = mday;
        return true;
    case DTK_MONTH:
        *r = mon;
        return true;
    case DTK_QUARTER:
        *r = (mon - 1) / 3 + 1;
        return true;
    case DTK_WEEK:
        *r = dt__date2isoweek(year, mon, mday);
        return true;
    case DTK_YEAR:
        *r = year > 0 ? year : year - 1; /* no year 0: 1 BC is -1 */
        return true;
    case DTK_DECADE:
        *r = decade_of(year);
        return true;
    case DTK_CENTURY:
        *r = century_of(year);
        return true;
    case DTK_MILLENNIUM:
        *r = millennium_of(year);
        return true;
    case DTK_ISOYEAR:
        *r = dt__date2isoyear(year, mon, mday);
        if (*r <= 0) /* BC years */
            *r -= 1;
        return true;
    case DTK_DOW:
    case DTK_ISODOW:
        *r = dt__j2day(dt__date2j(year, mon, mday));
        if (val == DTK_ISODOW && *r == 0)
            *r = 7;
        return true;
    case DTK_DOY:
        *r = dt__date2j(year, mon, mday) - dt__date2j(year, 1, 1) + 1;
        return true;
    default:
        return false;
    }
}

/* (timestamp - epoch) / 10^6 and PostgreSQL's float8 of it. Past
 * INT64_MAX + epoch (the last ~1000 years) PostgreSQL divides in numeric,
 * whose scale there is 4 (select_div_scale on a dividend of weight 4 and
 * leading base-10000 digit 922 by 10^6), and then rounds to 6: the value
 * is rounded to 100 microseconds. */
static void set_epoch(struct sql_dt_part *p, int64_t ts)
{
    int64_t epoch = dt__epoch_ts();
    int64_t whole, frac;

    p->kind = SQL_DT_PART_VALUE;
    if (ts < INT64_MAX + epoch) {
        int64_t v = ts - epoch;
        p->f8 = (double)v / 1000000.0;
        whole = v / DT_USECS_PER_SEC;
        frac = v % DT_USECS_PER_SEC;
        if (frac < 0) {
            frac += DT_USECS_PER_SEC;
            whole--;
        }
    } else {
        uint64_t u = (uint64_t)ts - (uint64_t)epoch; /* positive, beyond INT64_MAX */
        p->f8 = ((double)ts - (double)epoch) / 1000000.0;
        u = (u + 50) / 100 * 100;
        whole = (int64_t)(u / (uint64_t)DT_USECS_PER_SEC);
        frac = (int64_t)(u % (uint64_t)DT_USECS_PER_SEC);
    }
    fmt_scaled(p->num, sizeof(p->num), whole, frac, 6);
}

static int ts_part(const char *field, int64_t ts, const struct sql_tz *tz, const char *tname,
                   struct sql_dt_part *out, struct err *e)
{
    char low[64];
    int type, val, fsec, tzo = 0;
    struct dt_tm tm;
    int64_t r = 0;

    lower_units(field, low);
    type = decode_unit(low, &val);
    if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND)
        return nonfinite_part(type, val, low, ts == SQL_TS_NOBEGIN, tname, out, e);

    if (type == DT_UNITS) {
        if (dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
            return dt__range_err(e, "timestamp out of range");
        if (calendar_unit(val, tm.year, tm.mon, tm.mday, &r)) {
            set_int(out, r);
            return 0;
        }
        switch (val) {
        case DTK_TZ:
            if (tz == NULL)
                return not_supported(e, low, tname);
            set_int(out, -tzo);
            return 0;
        case DTK_TZ_MINUTE:
            if (tz == NULL)
                return not_supported(e, low, tname);
            set_int(out, (-tzo / 60) % 60);
            return 0;
        case DTK_TZ_HOUR:
            if (tz == NULL)
                return not_supported(e, low, tname);
            set_int(out, -tzo / 3600);
            return 0;
        case DTK_MICROSEC:
            set_int(out, tm.sec * INT64_C(1000000) + fsec);
            return 0;
        case DTK_MILLISEC:
            set_scaled(out, tm.sec * INT64_C(1000000) + fsec, 3, tm.sec * 1000.0 + fsec / 1000.0);
            return 0;
        case DTK_SECOND:
            set_scaled(out, tm.sec * INT64_C(1000000) + fsec, 6, tm.sec + fsec / 1000000.0);
            return 0;
        case DTK_MINUTE:
            set_int(out, tm.min);
            return 0;
        case DTK_HOUR:
            set_int(out, tm.hour);
            return 0;
        case DTK_JULIAN: {
            int jd = dt__date2j(tm.year, tm.mon, tm.mday);
            int64_t us = dt__time2t(tm.hour, tm.min, tm.sec, fsec);
            set_julian(out, jd, us);
            out->f8 = jd + ((((tm.hour * 60) + tm.min) * 60) + tm.sec + (fsec / 1000000.0)) /
                               (double)DT_SECS_PER_DAY;
            return 0;
        }
        default:
            return not_supported(e, low, tname);
        }
    }
    if (type == DT_RESERV) {
        if (val != DTK_EPOCH)
            return not_supported(e, low, tname);
        set_epoch(out, ts);
        return 0;
    }
    return not_recognized(e, low, tname);
}

int sql_ts_extract(const char *field, int64_t ts, struct sql_dt_part *out, struct err *e)
{
    return ts_part(field, ts, NULL, T_TIMESTAMP, out, e);
}

int sql_tstz_extract(const char *field, int64_t ts, const struct sql_dt_ctx *ctx,
                     struct sql_dt_part *out, struct err *e)
{
    const struct sql_tz *tz = ctx != NULL && ctx->tz != NULL ? ctx->tz : sql_tz_utc();
    return ts_part(field, ts, tz, T_TSTZ, out, e);
}

/* ----------------------------------------------------------------- date */

int sql_date_extract(const char *field, int32_t d, struct sql_dt_part *out, struct err *e)
{
    char low[64];
    int type, val, year, mon, mday;
    int64_t r;

    lower_units(field, low);
    type = decode_unit(low, &val);
    if ((d == SQL_DATE_NOBEGIN || d == SQL_DATE_NOEND) && (type == DT_UNITS || type == DT_RESERV)) {
        switch (val) {
        case DTK_DAY:
        case DTK_MONTH:
        case DTK_QUARTER:
        case DTK_WEEK:
        case DTK_DOW:
        case DTK_ISODOW:
        case DTK_DOY:
            set_null(out);
            return 0;
        case DTK_YEAR:
        case DTK_DECADE:
        case DTK_CENTURY:
        case DTK_MILLENNIUM:
        case DTK_JULIAN:
        case DTK_ISOYEAR:
        case DTK_EPOCH:
            set_inf(out, d == SQL_DATE_NOBEGIN);
            return 0;
        default:
            return not_supported(e, low, T_DATE);
        }
    }
    if (type == DT_UNITS) {
        if (!dt__date_ok(d))
            return dt__range_err(e, "date out of range");
        dt__j2date(d + DT_POSTGRES_EPOCH_JDATE, &year, &mon, &mday);
        if (calendar_unit(val, year, mon, mday, &r)) {
            set_int(out, r);
            return 0;
        }
        if (val == DTK_JULIAN) {
            set_int(out, (int64_t)d + DT_POSTGRES_EPOCH_JDATE);
            return 0;
        }
        return not_supported(e, low, T_DATE);
    }
    if (type == DT_RESERV) {
        if (val != DTK_EPOCH)
            return not_supported(e, low, T_DATE);
        set_int(out,
                ((int64_t)d + DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY);
        return 0;
    }
    return not_recognized(e, low, T_DATE);
}

/* ------------------------------------------------------------- interval */

int sql_interval_extract(const char *field, const struct sql_interval *iv, struct sql_dt_part *out,
                         struct err *e)
{
    char low[64];
    int type, val;
    struct dt_itm tm;

    lower_units(field, low);
    type = decode_unit(low, &val);
    if (type == DT_UNITS) {
        dt__interval2itm(iv, &tm);
        switch (val) {
        case DTK_MICROSEC:
            set_int(out, tm.sec * INT64_C(1000000) + tm.usec);
            return 0;
        case DTK_MILLISEC:
            set_scaled(out, tm.sec * INT64_C(1000000) + tm.usec, 3,
                       tm.sec * 1000.0 + tm.usec / 1000.0);
            return 0;
        case DTK_SECOND:
            set_scaled(out, tm.sec * INT64_C(1000000) + tm.usec, 6, tm.sec + tm.usec / 1000000.0);
            return 0;
        case DTK_MINUTE:
            set_int(out, tm.min);
            return 0;
        case DTK_HOUR:
            set_int(out, tm.hour);
            return 0;
        case DTK_DAY:
            set_int(out, tm.mday);
            return 0;
        case DTK_MONTH:
            set_int(out, tm.mon);
            return 0;
        case DTK_QUARTER:
            set_int(out, tm.mon / 3 + 1);
            return 0;
        case DTK_YEAR:
            set_int(out, tm.year);
            return 0;
        case DTK_DECADE:
            set_int(out, tm.year / 10);
            return 0;
        case DTK_CENTURY:
            set_int(out, tm.year / 100);
            return 0;
        case DTK_MILLENNIUM:
            set_int(out, tm.year / 1000);
            return 0;
        default:
            return not_supported(e, low, T_INTERVAL);
        }
    }
    if (type == DT_RESERV && val == DTK_EPOCH) {
        /* months count 365.25/12 days when whole years, else 30 days;
         * times 4 keeps it in integers */
        int64_t secs = ((int64_t)(4 * 365.25) * (iv->month / DT_MONTHS_PER_YEAR) +
                        (int64_t)(4 * DT_DAYS_PER_MONTH) * (iv->month % DT_MONTHS_PER_YEAR) +
                        (int64_t)4 * iv->day) *
                       (DT_SECS_PER_DAY / 4);
        int64_t whole = secs + iv->time / DT_USECS_PER_SEC;
        int64_t frac = iv->time % DT_USECS_PER_SEC;
        double f8;
        if (frac < 0) {
            frac += DT_USECS_PER_SEC;
            whole--;
        }
        f8 = (double)iv->time / 1000000.0;
        f8 += ((double)DT_DAYS_PER_YEAR * DT_SECS_PER_DAY) * (iv->month / DT_MONTHS_PER_YEAR);
        f8 += ((double)DT_DAYS_PER_MONTH * DT_SECS_PER_DAY) * (iv->month % DT_MONTHS_PER_YEAR);
        f8 += ((double)DT_SECS_PER_DAY) * iv->day;
        out->kind = SQL_DT_PART_VALUE;
        out->f8 = f8;
        fmt_scaled(out->num, sizeof(out->num), whole, frac, 6);
        return 0;
    }
    return not_recognized(e, low, T_INTERVAL);
}

/* ----------------------------------------------------------------- time */

/* time_part_common and timetz_part_common: the fields of time of day t,
 * with tz also the zone's (zone is seconds WEST, as stored). */
static int time_fields(const char *field, int64_t t, bool tz, int32_t zone, struct sql_dt_part *out,
                       struct err *e)
{
    char low[64];
    int type, val, hour, min, sec, fsec;
    const char *tname = tz ? T_TIMETZ : T_TIME;

    lower_units(field, low);
    type = decode_unit(low, &val);
    if (type == DT_UNITS) {
        if (!tz && (t < 0 || t > DT_USECS_PER_DAY))
            return err_set_state(e, ERR_INVAL, "22003", "time out of range");
        dt__dt2time(t, &hour, &min, &sec, &fsec);
        switch (val) {
        case DTK_TZ:
            if (!tz)
                break;
            set_int(out, -(int64_t)zone);
            return 0;
        case DTK_TZ_MINUTE:
            if (!tz)
                break;
            set_int(out, (-(int64_t)zone / DT_SECS_PER_MINUTE) % DT_MINS_PER_HOUR);
            return 0;
        case DTK_TZ_HOUR:
            if (!tz)
                break;
            set_int(out, -(int64_t)zone / DT_SECS_PER_HOUR);
            return 0;
        case DTK_MICROSEC:
            set_int(out, sec * INT64_C(1000000) + fsec);
            return 0;
        case DTK_MILLISEC:
            set_scaled(out, sec * INT64_C(1000000) + fsec, 3, sec * 1000.0 + fsec / 1000.0);
            return 0;
        case DTK_SECOND:
            set_scaled(out, sec * INT64_C(1000000) + fsec, 6, sec + fsec / 1000000.0);
            return 0;
        case DTK_MINUTE:
            set_int(out, min);
            return 0;
        case DTK_HOUR:
            set_int(out, hour);
            return 0;
        default:
            break;
        }
        return not_supported(e, low, tname);
    }
    if (type == DT_RESERV && val == DTK_EPOCH) {
        if (tz)
            set_scaled(out, t + (int64_t)zone * DT_USECS_PER_SEC, 6, (double)t / 1000000.0 + zone);
        else
            set_scaled(out, t, 6, (double)t / 1000000.0);
        return 0;
    }
    return not_recognized(e, low, tname);
}

int sql_time_extract(const char *field, int64_t t, struct sql_dt_part *out, struct err *e)
{
    return time_fields(field, t, false, 0, out, e);
}

int sql_timetz_extract(const char *field, int64_t t, int32_t zone, struct sql_dt_part *out,
                       struct err *e)
{
    return time_fields(field, t, true, zone, out, e);
}

/* ----------------------------------------------------------- date_trunc */

/* Truncate broken-down fields to unit val; false when val is not a unit
 * date_trunc supports. *redo is set for units of a day or more (the zone
 * offset must then be looked up again). */
static bool trunc_tm(int val, struct dt_tm *tm, int *fsec, bool *redo)
{
    *redo = false;
    switch (val) {
    case DTK_WEEK: {
        int woy = dt__date2isoweek(tm->year, tm->mon, tm->mday);
        /* week 52/53 in January is last year's; week 1 in December next's */
        if (woy >= 52 && tm->mon == 1)
            --tm->year;
        if (woy <= 1 && tm->mon == DT_MONTHS_PER_YEAR)
            ++tm->year;
        dt__j2date(dt__isoweek2j(tm->year, woy), &tm->year, &tm->mon, &tm->mday);
        tm->hour = 0;
        tm->min = 0;
        tm->sec = 0;
        *fsec = 0;
        *redo = true;
        return true;
    }
    case DTK_MILLENNIUM:
        /* first year of the millennium: ..., -1000, 1, 1001, 2001 */
        if (tm->year > 0)
            tm->year = ((tm->year + 999) / 1000) * 1000 - 999;
        else
            tm->year = -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
        DT_FALLTHROUGH;
    case DTK_CENTURY:
        if (tm->year > 0)
            tm->year = ((tm->year + 99) / 100) * 100 - 99;
        else
            tm->year = -((99 - (tm->year - 1)) / 100) * 100 + 1;
        DT_FALLTHROUGH;
    case DTK_DECADE:
        if (val != DTK_MILLENNIUM && val != DTK_CENTURY) {
            if (tm->year > 0)
                tm->year = (tm->year / 10) * 10;
            else
                tm->year = -((8 - (tm->year - 1)) / 10) * 10;
        }
        DT_FALLTHROUGH;
    case DTK_YEAR:
        tm->mon = 1;
        DT_FALLTHROUGH;
    case DTK_QUARTER:
        tm->mon = (3 * ((tm->mon - 1) / 3)) + 1;
        DT_FALLTHROUGH;
    case DTK_MONTH:
        tm->mday = 1;
        DT_FALLTHROUGH;
    case DTK_DAY:
        tm->hour = 0;
        *redo = true;
        DT_FALLTHROUGH;
    case DTK_HOUR:
        tm->min = 0;
        DT_FALLTHROUGH;
    case DTK_MINUTE:
        tm->sec = 0;
        DT_FALLTHROUGH;
    case DTK_SECOND:
        *fsec = 0;
        return true;
    case DTK_MILLISEC:
        *fsec = (*fsec / 1000) * 1000;
        return true;
    case DTK_MICROSEC:
        return true;
    default:
        return false;
    }
}

int sql_ts_trunc(const char *field, int64_t ts, int64_t *out, struct err *e)
{
    char low[64];
    int type, val, fsec;
    bool redo;
    struct dt_tm tm;

    if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND) {
        *out = ts;
        return 0;
    }
    lower_units(field, low);
    type = dt__decode_units(low, &val);
    if (type != DT_UNITS)
        return not_recognized(e, low, T_TIMESTAMP);
    if (dt__ts2tm(ts, NULL, NULL, &tm, &fsec) != 0)
        return dt__range_err(e, "timestamp out of range");
    if (!trunc_tm(val, &tm, &fsec, &redo))
        return not_supported(e, low, T_TIMESTAMP);
    if (dt__tm2ts(&tm, fsec, NULL, out) != 0)
        return dt__range_err(e, "timestamp out of range");
    return 0;
}

int sql_tstz_trunc(const char *field, int64_t ts, const char *zone, const struct sql_dt_ctx *ctx,
                   int64_t *out, struct err *e)
{
    char low[64];
    int type, val, fsec, tzo, r;
    bool redo;
    struct dt_tm tm;
    const struct sql_tz *tz = ctx != NULL && ctx->tz != NULL ? ctx->tz : sql_tz_utc();

    if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND) { /* the zone is not even looked up */
        *out = ts;
        return 0;
    }
    if (zone != NULL && (r = dt__zone_arg(zone, &tz, e)) != 0)
        return r;
    lower_units(field, low);
    type = dt__decode_units(low, &val);
    if (type != DT_UNITS)
        return not_recognized(e, low, T_TSTZ);
    if (dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
        return dt__range_err(e, "timestamp out of range");
    if (!trunc_tm(val, &tm, &fsec, &redo))
        return not_supported(e, low, T_TSTZ);
    if (redo)
        tzo = dt__tz_offset_local(&tm, tz, NULL);
    if (dt__tm2ts(&tm, fsec, &tzo, out) != 0)
        return dt__range_err(e, "timestamp out of range");
    return 0;
}

int sql_interval_trunc(const char *field, const struct sql_interval *iv, struct sql_interval *out,
                       struct err *e)
{
    char low[64];
    int type, val;
    struct dt_itm tm;

    lower_units(field, low);
    type = dt__decode_units(low, &val);
    if (type != DT_UNITS)
        return not_recognized(e, low, T_INTERVAL);
    dt__interval2itm(iv, &tm);
    switch (val) {
    case DTK_MILLENNIUM:
        tm.year = (tm.year / 1000) * 1000;
        DT_FALLTHROUGH;
    case DTK_CENTURY:
        tm.year = (tm.year / 100) * 100;
        DT_FALLTHROUGH;
    case DTK_DECADE:
        tm.year = (tm.year / 10) * 10;
        DT_FALLTHROUGH;
    case DTK_YEAR:
        tm.mon = 0;
        DT_FALLTHROUGH;
    case DTK_QUARTER:
        tm.mon = 3 * (tm.mon / 3);
        DT_FALLTHROUGH;
    case DTK_MONTH:
        tm.mday = 0;
        DT_FALLTHROUGH;
    case DTK_DAY:
        tm.hour = 0;
        DT_FALLTHROUGH;
    case DTK_HOUR:
        tm.min = 0;
        DT_FALLTHROUGH;
    case DTK_MINUTE:
        tm.sec = 0;
        DT_FALLTHROUGH;
    case DTK_SECOND:
        tm.usec = 0;
        break;
    case DTK_MILLISEC:
        tm.usec = (tm.usec / 1000) * 1000;
        break;
    case DTK_MICROSEC:
        break;
    case DTK_WEEK:
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "unit \"%s\" not supported for type %s\nDETAIL:  Months usually "
                             "have fractional weeks.",
                             low, T_INTERVAL);
    default:
        return not_supported(e, low, T_INTERVAL);
    }
    if (dt__itm2interval(&tm, out) != 0)
        return dt__range_err(e, "interval out of range");
    return 0;
}
