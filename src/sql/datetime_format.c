/* datetime_format.c — text output of dates, times, timestamps in every
 * DateStyle (ISO, SQL, Postgres, German) and intervals in every
 * IntervalStyle (postgres, postgres_verbose, sql_standard, iso_8601):
 * EncodeDateOnly, EncodeTimeOnly, EncodeDateTime, EncodeInterval in
 * PostgreSQL's datetime.c. Every writer stays within SQL_DT_OUT_MAX bytes.
 */
#include "sql/datetime_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pg_ultostr_zeropad: value in decimal, at least minwidth digits. */
static char *zeropad(char *str, unsigned long long value, int minwidth)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (int i = n; i < minwidth; i++)
        *str++ = '0';
    while (n > 0)
        *str++ = tmp[--n];
    return str;
}

/* AppendSeconds: seconds, and the fraction without trailing zeros. Signs
 * are stripped. */
static char *append_seconds(char *cp, int sec, int fsec, int precision, bool fillzeros)
{
    cp = zeropad(cp, (unsigned)abs(sec), fillzeros ? 2 : 1);
    if (fsec != 0) {
        int value = abs(fsec);
        char *end = &cp[precision + 1];
        bool gotnonzero = false;

        *cp++ = '.';
        /* written from the right, skipping zeros until a digit shows */
        while (precision--) {
            int oldval = value;
            int remainder;
            value /= 10;
            remainder = oldval - value * 10;
            if (remainder)
                gotnonzero = true;
            if (gotnonzero)
                cp[precision] = (char)('0' + remainder);
            else
                end = &cp[precision];
        }
        if (value) /* more digits than precision: print them all */
            return zeropad(cp, (unsigned)abs(fsec), 1);
        return end;
    }
    return cp;
}

/* EncodeTimezone: tz is seconds WEST; shown as +hh[:mm[:ss]]. */
static char *encode_tz(char *str, int tz)
{
    int sec = abs(tz);
    int min = sec / 60;
    int hour;

    sec -= min * 60;
    hour = min / 60;
    min -= hour * 60;
    *str++ = tz <= 0 ? '+' : '-';
    str = zeropad(str, (unsigned)hour, 2);
    if (sec != 0) {
        *str++ = ':';
        str = zeropad(str, (unsigned)min, 2);
        *str++ = ':';
        str = zeropad(str, (unsigned)sec, 2);
    } else if (min != 0) {
        *str++ = ':';
        str = zeropad(str, (unsigned)min, 2);
    }
    return str;
}

static char *encode_ymd(char *str, const struct dt_tm *tm)
{
    long long y = tm->year > 0 ? tm->year : -((long long)tm->year - 1);
    str = zeropad(str, (unsigned long long)y, 4);
    *str++ = '-';
    str = zeropad(str, (unsigned)tm->mon, 2);
    *str++ = '-';
    return zeropad(str, (unsigned)tm->mday, 2);
}

void dt__encode_date(const struct dt_tm *tm, char *str)
{
    str = encode_ymd(str, tm);
    if (tm->year <= 0) {
        memcpy(str, " BC", 3);
        str += 3;
    }
    *str = '\0';
}

void dt__encode_time(const struct dt_tm *tm, int fsec, bool print_tz, int tz, char *str)
{
    str = zeropad(str, (unsigned)tm->hour, 2);
    *str++ = ':';
    str = zeropad(str, (unsigned)tm->min, 2);
    *str++ = ':';
    str = append_seconds(str, tm->sec, fsec, DT_MAX_PRECISION, true);
    if (print_tz)
        str = encode_tz(str, tz);
    *str = '\0';
}

void dt__encode_datetime(const struct dt_tm *tm, int fsec, bool print_tz, int tz, char *str)
{
    if (tm->isdst < 0) /* no zone translation */
        print_tz = false;
    str = encode_ymd(str, tm);
    *str++ = ' ';
    str = zeropad(str, (unsigned)tm->hour, 2);
    *str++ = ':';
    str = zeropad(str, (unsigned)tm->min, 2);
    *str++ = ':';
    str = append_seconds(str, tm->sec, fsec, DT_MAX_PRECISION, true);
    if (print_tz)
        str = encode_tz(str, tz);
    if (tm->year <= 0) {
        memcpy(str, " BC", 3);
        str += 3;
    }
    *str = '\0';
}

/* AddPostgresIntPart: "[ ][+]N unit[s]"; each nonzero field sets is_before
 * for the next one only (PostgreSQL's historical rule). */
static char *add_part(char *cp, long long value, const char *units, bool *is_zero, bool *is_before)
{
    if (value == 0)
        return cp;
    cp += sprintf(cp, "%s%s%lld %s%s", !*is_zero ? " " : "", (*is_before && value > 0) ? "+" : "",
                  value, units, value != 1 ? "s" : "");
    *is_before = value < 0;
    *is_zero = false;
    return cp;
}

void dt__encode_interval(const struct dt_itm *itm, char *str)
{
    char *cp = str;
    bool is_before = false;
    bool is_zero = true;
    long long hour = itm->hour;

    cp = add_part(cp, itm->year, "year", &is_zero, &is_before);
    cp = add_part(cp, itm->mon, "mon", &is_zero, &is_before);
    cp = add_part(cp, itm->mday, "day", &is_zero, &is_before);
    if (is_zero || hour != 0 || itm->min != 0 || itm->sec != 0 || itm->usec != 0) {
        bool minus = hour < 0 || itm->min < 0 || itm->sec < 0 || itm->usec < 0;
        cp += sprintf(cp, "%s%s", is_zero ? "" : " ", minus ? "-" : (is_before ? "+" : ""));
        cp = zeropad(cp, (unsigned long long)llabs(hour), 2);
        *cp++ = ':';
        cp = zeropad(cp, (unsigned)abs(itm->min), 2);
        *cp++ = ':';
        cp = append_seconds(cp, itm->sec, itm->usec, DT_MAX_PRECISION, true);
    }
    *cp = '\0';
}

/* ---- DateStyle SQL / Postgres / German ---- */

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const day_abbr[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

static char *encode_year(char *str, const struct dt_tm *tm)
{
    long long y = tm->year > 0 ? tm->year : -((long long)tm->year - 1);
    return zeropad(str, (unsigned long long)y, 4);
}

/* Day and month in DateStyle order around sep ("15/01", "01-15"). */
static char *encode_dm(char *str, const struct dt_tm *tm, enum sql_dt_order order, char sep)
{
    bool dmy = order == SQL_DT_DMY;
    str = zeropad(str, (unsigned)(dmy ? tm->mday : tm->mon), 2);
    *str++ = sep;
    str = zeropad(str, (unsigned)(dmy ? tm->mon : tm->mday), 2);
    *str++ = sep;
    return str;
}

static char *encode_bc(char *str, const struct dt_tm *tm)
{
    if (tm->year <= 0) {
        memcpy(str, " BC", 3);
        str += 3;
    }
    return str;
}

void dt__encode_date_style(const struct dt_tm *tm, enum sql_dt_style style, enum sql_dt_order order,
                           char *str)
{
    switch (style) {
    case SQL_DS_ISO:
        dt__encode_date(tm, str);
        return;
    case SQL_DS_SQL:
        str = encode_year(encode_dm(str, tm, order, '/'), tm);
        break;
    case SQL_DS_GERMAN:
        str = encode_year(encode_dm(str, tm, SQL_DT_DMY, '.'), tm);
        break;
    case SQL_DS_POSTGRES:
        str = encode_year(encode_dm(str, tm, order, '-'), tm);
        break;
    }
    str = encode_bc(str, tm);
    *str = '\0';
}

static char *encode_hms(char *str, const struct dt_tm *tm, int fsec)
{
    str = zeropad(str, (unsigned)tm->hour, 2);
    *str++ = ':';
    str = zeropad(str, (unsigned)tm->min, 2);
    *str++ = ':';
    return append_seconds(str, tm->sec, fsec, DT_MAX_PRECISION, true);
}

/* The zone of a non-ISO style: its abbreviation, else the numeric offset. */
static char *encode_tzn(char *str, const struct dt_tm *tm, int tz)
{
    if (tm->zone != NULL) {
        *str++ = ' ';
        size_t n = strnlen(tm->zone, 10); /* MAXTZLEN */
        memcpy(str, tm->zone, n);
        return str + n;
    }
    *str++ = ' ';
    return encode_tz(str, tz);
}

void dt__encode_datetime_style(const struct dt_tm *tm, int fsec, bool print_tz, int tz,
                               enum sql_dt_style style, enum sql_dt_order order, char *str)
{
    if (style == SQL_DS_ISO) {
        dt__encode_datetime(tm, fsec, print_tz, tz, str);
        return;
    }
    if (tm->isdst < 0) /* no zone translation */
        print_tz = false;
    switch (style) {
    case SQL_DS_ISO:
        break;
    case SQL_DS_SQL:
    case SQL_DS_GERMAN:
        str = style == SQL_DS_SQL ? encode_dm(str, tm, order, '/')
                                  : encode_dm(str, tm, SQL_DT_DMY, '.');
        str = encode_year(str, tm);
        *str++ = ' ';
        str = encode_hms(str, tm, fsec);
        if (print_tz)
            str = encode_tzn(str, tm, tz);
        break;
    case SQL_DS_POSTGRES: {
        int wday = dt__j2day(dt__date2j(tm->year, tm->mon, tm->mday));
        memcpy(str, day_abbr[wday], 3);
        str += 3;
        *str++ = ' ';
        if (order == SQL_DT_DMY) {
            str = zeropad(str, (unsigned)tm->mday, 2);
            *str++ = ' ';
            memcpy(str, month_abbr[tm->mon - 1], 3);
            str += 3;
        } else {
            memcpy(str, month_abbr[tm->mon - 1], 3);
            str += 3;
            *str++ = ' ';
            str = zeropad(str, (unsigned)tm->mday, 2);
        }
        *str++ = ' ';
        str = encode_hms(str, tm, fsec);
        *str++ = ' ';
        str = encode_year(str, tm);
        if (print_tz)
            str = encode_tzn(str, tm, tz);
        break;
    }
    }
    str = encode_bc(str, tm);
    *str = '\0';
}

/* ---- IntervalStyle postgres_verbose / sql_standard / iso_8601 ---- */

static char *iso_part(char *cp, long long value, char unit)
{
    if (value == 0)
        return cp;
    return cp + sprintf(cp, "%lld%c", value, unit);
}

/* AddVerboseIntPart: the first nonzero field decides "ago"; later ones are
 * printed relative to it. */
static char *verbose_part(char *cp, long long value, const char *units, bool *is_zero,
                          bool *is_before)
{
    if (value == 0)
        return cp;
    if (*is_zero) {
        *is_before = value < 0;
        value = llabs(value);
    } else if (*is_before) {
        value = -value;
    }
    *is_zero = false;
    return cp + sprintf(cp, " %lld %s%s", value, units, value == 1 ? "" : "s");
}

static char *sql_std_hms(char *cp, long long hour, int min, int sec, int fsec)
{
    cp += sprintf(cp, "%lld:%02d:", hour, min);
    return append_seconds(cp, sec, fsec, DT_MAX_PRECISION, true);
}

void dt__encode_interval_style(const struct dt_itm *itm, enum sql_iv_style style, char *str)
{
    long long year = itm->year, mon = itm->mon, mday = itm->mday, hour = itm->hour;
    int min = itm->min, sec = itm->sec, fsec = itm->usec;
    char *cp = str;

    switch (style) {
    case SQL_IS_POSTGRES:
        dt__encode_interval(itm, str);
        return;
    case SQL_IS_SQL_STANDARD: {
        bool neg = year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0;
        bool pos = year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0;
        bool has_ym = year != 0 || mon != 0;
        bool has_dt = mday != 0 || hour != 0 || min != 0 || sec != 0 || fsec != 0;
        bool standard = !(neg && pos) && !(has_ym && has_dt);
        if (neg && standard) {
            *cp++ = '-';
            year = -year;
            mon = -mon;
            mday = -mday;
            hour = -hour;
            min = -min;
            sec = -sec;
            fsec = -fsec;
        }
        if (!neg && !pos) {
            strcpy(cp, "0");
            return;
        }
        if (!standard) {
            char ys = year < 0 || mon < 0 ? '-' : '+';
            char ds = mday < 0 ? '-' : '+';
            char ss = hour < 0 || min < 0 || sec < 0 || fsec < 0 ? '-' : '+';
            cp += sprintf(cp, "%c%lld-%lld %c%lld %c", ys, llabs(year), llabs(mon), ds, llabs(mday),
                          ss);
            cp = sql_std_hms(cp, llabs(hour), abs(min), sec, fsec);
        } else if (has_ym) {
            cp += sprintf(cp, "%lld-%lld", year, mon);
        } else if (mday != 0) {
            cp += sprintf(cp, "%lld ", mday);
            cp = sql_std_hms(cp, hour, min, sec, fsec);
        } else {
            cp = sql_std_hms(cp, hour, min, sec, fsec);
        }
        *cp = '\0';
        return;
    }
    case SQL_IS_ISO8601:
        if (year == 0 && mon == 0 && mday == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0) {
            strcpy(cp, "PT0S");
            return;
        }
        *cp++ = 'P';
        cp = iso_part(cp, year, 'Y');
        cp = iso_part(cp, mon, 'M');
        cp = iso_part(cp, mday, 'D');
        if (hour != 0 || min != 0 || sec != 0 || fsec != 0)
            *cp++ = 'T';
        cp = iso_part(cp, hour, 'H');
        cp = iso_part(cp, min, 'M');
        if (sec != 0 || fsec != 0) {
            if (sec < 0 || fsec < 0)
                *cp++ = '-';
            cp = append_seconds(cp, sec, fsec, DT_MAX_PRECISION, false);
            *cp++ = 'S';
        }
        *cp = '\0';
        return;
    case SQL_IS_POSTGRES_VERBOSE: {
        bool is_zero = true, is_before = false;
        *cp++ = '@';
        cp = verbose_part(cp, year, "year", &is_zero, &is_before);
        cp = verbose_part(cp, mon, "mon", &is_zero, &is_before);
        cp = verbose_part(cp, mday, "day", &is_zero, &is_before);
        cp = verbose_part(cp, hour, "hour", &is_zero, &is_before);
        cp = verbose_part(cp, min, "min", &is_zero, &is_before);
        if (sec != 0 || fsec != 0) {
            *cp++ = ' ';
            if (sec < 0 || (sec == 0 && fsec < 0)) {
                if (is_zero)
                    is_before = true;
                else if (!is_before)
                    *cp++ = '-';
            } else if (is_before) {
                *cp++ = '-';
            }
            cp = append_seconds(cp, sec, fsec, DT_MAX_PRECISION, false);
            cp += sprintf(cp, " sec%s", abs(sec) != 1 || fsec != 0 ? "s" : "");
            is_zero = false;
        }
        if (is_zero)
            cp += sprintf(cp, " 0");
        if (is_before)
            cp += sprintf(cp, " ago");
        *cp = '\0';
        return;
    }
    }
}
