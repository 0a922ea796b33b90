/* datetime_cal.c — calendar arithmetic: Julian days, ISO weeks, breaking
 * timestamps into fields and back.
 *
 * date2j/j2date are PostgreSQL's (after Fliegel & Van Flandern, CACM 11:657,
 * 1968): exact for every Julian day 0 .. INT_MAX and, as PostgreSQL relies
 * on, for the few negative days back to Nov 1, 4714 BC. Years are
 * astronomical: 1 BC is year 0.
 */
#include "sql/datetime_int.h"

#include <limits.h>

static const int days_in_month_tab[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};

bool dt__isleap(int year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int dt__days_in_month(int year, int mon)
{
    return days_in_month_tab[dt__isleap(year)][mon - 1];
}

/* Computed in 64 bits and wrapped to int as PostgreSQL's int arithmetic
 * does on two's-complement machines, so garbage years (which PostgreSQL
 * rejects later) cost no undefined behaviour. */
int dt__date2j(int year, int month, int day)
{
    int64_t y = year;
    int64_t m = month;
    int64_t julian;
    int64_t century;

    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    century = y / 100;
    julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + day;
    return (int)(uint32_t)(uint64_t)julian;
}

void dt__j2date(int jd, int *year, int *month, int *day)
{
    unsigned int julian;
    unsigned int quad;
    unsigned int extra;
    int y;

    julian = (unsigned int)jd;
    julian += 32044;
    quad = julian / 146097;
    extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    y = (int)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int)(quad * 4);
    *year = y - 4800;
    quad = julian * 2141 / 65536;
    *day = (int)(julian - 7834 * quad / 256);
    *month = (int)((quad + 10) % 12 + 1);
}

/* 0 = Sunday .. 6 = Saturday. */
int dt__j2day(int jd)
{
    jd += 1;
    jd %= 7;
    if (jd < 0)
        jd += 7;
    return jd;
}

bool dt__valid_julian(int y, int m, int d)
{
    (void)d;
    return (y > DT_JULIAN_MINYEAR || (y == DT_JULIAN_MINYEAR && m >= DT_JULIAN_MINMONTH)) &&
           (y < DT_JULIAN_MAXYEAR || (y == DT_JULIAN_MAXYEAR && m < DT_JULIAN_MAXMONTH));
}

bool dt__valid_date(int32_t d)
{
    return (int64_t)(DT_DATETIME_MIN_JULIAN - DT_POSTGRES_EPOCH_JDATE) <= d &&
           d < (DT_DATE_END_JULIAN - DT_POSTGRES_EPOCH_JDATE);
}

bool dt__date_ok(int32_t d)
{
    return (int64_t)(DT_DATETIME_MIN_JULIAN - DT_POSTGRES_EPOCH_JDATE - 40) <= d &&
           d < (DT_DATE_END_JULIAN - DT_POSTGRES_EPOCH_JDATE);
}

bool dt__valid_ts(int64_t ts)
{
    return DT_MIN_TIMESTAMP <= ts && ts < DT_END_TIMESTAMP;
}

void dt__dt2time(int64_t t, int *hour, int *min, int *sec, int *fsec)
{
    *hour = (int)(t / DT_USECS_PER_HOUR);
    t -= (int64_t)*hour * DT_USECS_PER_HOUR;
    *min = (int)(t / DT_USECS_PER_MINUTE);
    t -= (int64_t)*min * DT_USECS_PER_MINUTE;
    *sec = (int)(t / DT_USECS_PER_SEC);
    *fsec = (int)(t - (int64_t)*sec * DT_USECS_PER_SEC);
}

int64_t dt__time2t(int hour, int min, int sec, int fsec)
{
    return ((((int64_t)hour * DT_MINS_PER_HOUR + min) * DT_SECS_PER_MINUTE) + sec) *
               DT_USECS_PER_SEC +
           fsec;
}

int dt__isoweek2j(int year, int week)
{
    int day4 = dt__date2j(year, 1, 4); /* the 4th of January is in week 1 */
    int day0 = dt__j2day(day4 - 1);    /* days since that week's Monday */
    return (week - 1) * 7 + (day4 - day0);
}

int dt__date2isoweek(int year, int mon, int mday)
{
    int dayn = dt__date2j(year, mon, mday);
    int day4 = dt__date2j(year, 1, 4);
    int day0 = dt__j2day(day4 - 1);
    int result;

    /* before the first week containing a Thursday: last year's week */
    if (dayn < day4 - day0) {
        day4 = dt__date2j(year - 1, 1, 4);
        day0 = dt__j2day(day4 - 1);
    }
    result = (dayn - (day4 - day0)) / 7 + 1;
    /* the last days of December may be in next year's week 1 */
    if (result >= 52) {
        day4 = dt__date2j(year + 1, 1, 4);
        day0 = dt__j2day(day4 - 1);
        if (dayn >= day4 - day0)
            result = (dayn - (day4 - day0)) / 7 + 1;
    }
    return result;
}

int dt__date2isoyear(int year, int mon, int mday)
{
    int dayn = dt__date2j(year, mon, mday);
    int day4 = dt__date2j(year, 1, 4);
    int day0 = dt__j2day(day4 - 1);
    int result;

    if (dayn < day4 - day0) {
        day4 = dt__date2j(year - 1, 1, 4);
        day0 = dt__j2day(day4 - 1);
        year--;
    }
    result = (dayn - (day4 - day0)) / 7 + 1;
    if (result >= 52) {
        day4 = dt__date2j(year + 1, 1, 4);
        day0 = dt__j2day(day4 - 1);
        if (dayn >= day4 - day0)
            year++;
    }
    return year;
}

/* Break a count of microseconds (since the Postgres epoch), shifted by
 * gmtoff seconds, into a calendar day and time of day. -1 when the day is
 * before Julian day `minjd` or past INT_MAX. The shift is applied to the
 * time of day so that no intermediate value can overflow. */
static int split_usecs(int64_t usecs, long gmtoff, int64_t minjd, struct dt_tm *tm, int *fsec)
{
    int64_t date = usecs / DT_USECS_PER_DAY;
    int64_t time = usecs % DT_USECS_PER_DAY;

    if (time < 0) {
        time += DT_USECS_PER_DAY;
        date -= 1;
    }
    time += (int64_t)gmtoff * DT_USECS_PER_SEC; /* POSIX offsets reach 167 hours */
    date += time / DT_USECS_PER_DAY;
    time %= DT_USECS_PER_DAY;
    if (time < 0) {
        time += DT_USECS_PER_DAY;
        date -= 1;
    }
    date += DT_POSTGRES_EPOCH_JDATE;
    if (date < minjd || date > (int64_t)INT_MAX)
        return -1;
    dt__j2date((int)date, &tm->year, &tm->mon, &tm->mday);
    dt__dt2time(time, &tm->hour, &tm->min, &tm->sec, fsec);
    return 0;
}

int dt__ts2tm(int64_t ts, const struct sql_tz *tz, int *tzp, struct dt_tm *tm, int *fsec)
{
    int64_t utime;
    long gmtoff;
    int isdst;
    const char *abbr;

    tm->wday = 0;
    tm->yday = 0;
    if (split_usecs(ts, 0, 0, tm, fsec) != 0)
        return -1;
    if (tz == NULL) {
        tm->isdst = -1;
        tm->gmtoff = 0;
        tm->zone = NULL;
        return 0;
    }
    /* Unix seconds, rounded toward minus infinity as pg_localtime sees them */
    utime = (ts - *fsec) / DT_USECS_PER_SEC +
            (int64_t)(DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    dt__tz_at(tz, utime, &gmtoff, &isdst, &abbr);
    /* Local time may fall just before Julian day 0 (4714-11-23 BC); the
     * calendar routines cope with that, as pg_localtime does. */
    if (split_usecs(ts, gmtoff, -8, tm, fsec) != 0)
        return -1;
    tm->isdst = isdst;
    tm->gmtoff = gmtoff;
    tm->zone = abbr;
    if (tzp != NULL)
        *tzp = (int)-gmtoff;
    return 0;
}

int dt__tm2ts(const struct dt_tm *tm, int fsec, const int *tzp, int64_t *out)
{
    int64_t date;
    int64_t time;
    int64_t r;

    *out = 0;
    if (!dt__valid_julian(tm->year, tm->mon, tm->mday))
        return -1;
    date = dt__date2j(tm->year, tm->mon, tm->mday) - DT_POSTGRES_EPOCH_JDATE;
    time = dt__time2t(tm->hour, tm->min, tm->sec, fsec);
    if (dt__mul64(date, DT_USECS_PER_DAY, &r) || dt__add64(r, time, &r))
        return -1;
    /* dt2local(r, -tz): tz is seconds west, so add it */
    if (tzp != NULL && dt__add64(r, (int64_t)*tzp * DT_USECS_PER_SEC, &r))
        return -1;
    if (!dt__valid_ts(r))
        return -1;
    *out = r;
    return 0;
}

void dt__interval2itm(const struct sql_interval *iv, struct dt_itm *itm)
{
    int64_t time = iv->time;
    int64_t tfrac;

    itm->year = iv->month / DT_MONTHS_PER_YEAR;
    itm->mon = iv->month % DT_MONTHS_PER_YEAR;
    itm->mday = iv->day;
    tfrac = time / DT_USECS_PER_HOUR;
    time -= tfrac * DT_USECS_PER_HOUR;
    itm->hour = tfrac;
    tfrac = time / DT_USECS_PER_MINUTE;
    time -= tfrac * DT_USECS_PER_MINUTE;
    itm->min = (int)tfrac;
    tfrac = time / DT_USECS_PER_SEC;
    time -= tfrac * DT_USECS_PER_SEC;
    itm->sec = (int)tfrac;
    itm->usec = (int)time;
}

int dt__itm2interval(const struct dt_itm *itm, struct sql_interval *iv)
{
    int64_t months = (int64_t)itm->year * DT_MONTHS_PER_YEAR + itm->mon;
    int64_t t;

    if (months > INT32_MAX || months < INT32_MIN)
        return -1;
    if (dt__mul64(itm->hour, DT_USECS_PER_HOUR, &t) ||
        dt__add64(t, (int64_t)itm->min * DT_USECS_PER_MINUTE, &t) ||
        dt__add64(t, (int64_t)itm->sec * DT_USECS_PER_SEC, &t) || dt__add64(t, itm->usec, &t))
        return -1;
    iv->month = (int32_t)months;
    iv->day = itm->mday;
    iv->time = t;
    return 0;
}

int64_t dt__epoch_ts(void)
{
    return -(int64_t)(DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_USECS_PER_DAY;
}
