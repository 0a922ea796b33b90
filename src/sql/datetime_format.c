/* datetime_format.c — text output: DateStyle ISO for dates, times and
 * timestamps, IntervalStyle postgres for intervals (EncodeDateOnly,
 * EncodeTimeOnly, EncodeDateTime, EncodeInterval in PostgreSQL's
 * datetime.c). Every writer stays within SQL_DT_OUT_MAX bytes.
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
