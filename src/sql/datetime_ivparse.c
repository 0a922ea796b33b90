/* datetime_ivparse.c — interval text input: PostgreSQL's DecodeInterval
 * ("1 year 2 mons", "-1 days +02:00:00", "@ 1 hour ago", "1-2 3 4:05:06")
 * and DecodeISO8601Interval ("P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06").
 *
 * Fields are read right to left so that a unit word precedes its number.
 * Every accumulation is checked (PostgreSQL 15's pg_itm_in rules): an
 * overflow is DTERR_FIELD_OVERFLOW, reported as 22015.
 */
#include "sql/datetime_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool add_usecs(int64_t val, int64_t scale, struct dt_itm_in *itm)
{
    int64_t p;
    return !dt__mul64(val, scale, &p) && !dt__add64(itm->usec, p, &itm->usec);
}

/* AdjustFractMicroseconds: frac * scale microseconds, rounded half away. */
static bool adjust_fract_usecs(double frac, int64_t scale, struct dt_itm_in *itm)
{
    int64_t usec;
    if (frac == 0)
        return true;
    frac *= (double)scale;
    usec = (int64_t)frac;
    frac -= (double)usec;
    if (frac > 0.5)
        usec++;
    else if (frac < -0.5)
        usec--;
    return !dt__add64(itm->usec, usec, &itm->usec);
}

static bool adjust_fract_days(double frac, int scale, struct dt_itm_in *itm)
{
    int extra;
    if (frac == 0)
        return true;
    frac *= scale;
    extra = (int)frac;
    if (dt__add32(itm->mday, extra, &itm->mday))
        return false;
    frac -= extra;
    return adjust_fract_usecs(frac, DT_USECS_PER_DAY, itm);
}

static bool adjust_fract_years(double frac, int scale, struct dt_itm_in *itm)
{
    int extra = (int)rint(frac * scale * DT_MONTHS_PER_YEAR);
    return !dt__add32(itm->mon, extra, &itm->mon);
}

static bool adjust_usecs(int64_t val, double fval, int64_t scale, struct dt_itm_in *itm)
{
    return add_usecs(val, scale, itm) && adjust_fract_usecs(fval, scale, itm);
}

static bool adjust_days(int64_t val, int scale, struct dt_itm_in *itm)
{
    int32_t days;
    if (val < INT_MIN || val > INT_MAX)
        return false;
    return !dt__mul32((int32_t)val, scale, &days) && !dt__add32(itm->mday, days, &itm->mday);
}

static bool adjust_months(int64_t val, struct dt_itm_in *itm)
{
    if (val < INT_MIN || val > INT_MAX)
        return false;
    return !dt__add32(itm->mon, (int32_t)val, &itm->mon);
}

static bool adjust_years(int64_t val, int scale, struct dt_itm_in *itm)
{
    int32_t years;
    if (val < INT_MIN || val > INT_MAX)
        return false;
    return !dt__mul32((int32_t)val, scale, &years) && !dt__add32(itm->year, years, &itm->year);
}

/* DecodeTimeForInterval: like decode_time, into microseconds. Note that it
 * replaces what earlier (rightward) fields put there, as PostgreSQL does. */
static int decode_time_interval(char *str, int range, int *tmask, struct dt_itm_in *itm)
{
    struct dt_itm t;
    int r = dt__decode_time_common(str, range, tmask, &t);
    if (r)
        return r;
    itm->usec = t.usec;
    if (!add_usecs(t.hour, DT_USECS_PER_HOUR, itm) || !add_usecs(t.min, DT_USECS_PER_MINUTE, itm) ||
        !add_usecs(t.sec, DT_USECS_PER_SEC, itm))
        return DTERR_FIELD_OVERFLOW;
    return 0;
}

/* The unit of a number without one, from the typmod's field range (the
 * rightmost field it allows; seconds without a typmod). */
static int range_unit(int range)
{
#define RM(b) (1 << (b))
    switch (range) {
    case RM(DT_YEAR):
        return DTK_YEAR;
    case RM(DT_MONTH):
    case RM(DT_YEAR) | RM(DT_MONTH):
        return DTK_MONTH;
    case RM(DT_DAY):
        return DTK_DAY;
    case RM(DT_HOUR):
    case RM(DT_DAY) | RM(DT_HOUR):
        return DTK_HOUR;
    case RM(DT_MINUTE):
    case RM(DT_HOUR) | RM(DT_MINUTE):
    case RM(DT_DAY) | RM(DT_HOUR) | RM(DT_MINUTE):
        return DTK_MINUTE;
    default:
        return DTK_SECOND;
    }
#undef RM
}

/* DecodeInterval. range is the typmod's field mask (DT_INTERVAL_ALL for
 * none); sqlstd is IntervalStyle sql_standard, where a leading '-' applies
 * to every field when no other field carries a sign. */
int dt__decode_interval(struct dt_fields *f, int range, bool sqlstd, int *dtype,
                        struct dt_itm_in *itm)
{
    char **field = f->field;
    int *ftype = f->ftype;
    int nf = f->nf;
    bool is_before = false;
    char *cp;
    int fmask = 0, tmask, type, uval, r;
    int64_t val;
    double fval;
    bool rg;

    *dtype = DTK_DELTA;
    type = DT_IGNORE;
    itm->usec = 0;
    itm->mday = 0;
    itm->mon = 0;
    itm->year = 0;

    /* sql_standard: '-1 2:03' is minus a day and minus 2:03, when no other
     * field has a sign of its own (each field is made negative as read) */
    bool force_neg = false;
    if (sqlstd && nf > 0 && *field[0] == '-') {
        force_neg = true;
        for (int i = 1; i < nf; i++)
            if (*field[i] == '-' || *field[i] == '+')
                force_neg = false;
    }

    /* right to left, so units come before their values */
    for (int i = nf - 1; i >= 0; i--) {
        switch (ftype[i]) {
        case DTK_TIME:
            r = decode_time_interval(field[i], range, &tmask, itm);
            if (r)
                return r;
            if (force_neg && itm->usec > 0)
                itm->usec = -itm->usec;
            type = DTK_DAY;
            break;

        case DTK_TZ:
            /* signed hh:mm[:ss] is a time with a sign */
            if (strchr(field[i] + 1, ':') != NULL &&
                decode_time_interval(field[i] + 1, range, &tmask, itm) == 0) {
                if (*field[i] == '-') {
                    if (itm->usec == INT64_MIN)
                        return DTERR_FIELD_OVERFLOW;
                    itm->usec = -itm->usec;
                }
                /* '1 +02:03' is a day and a time */
                type = DTK_DAY;
                break;
            }
            /* else a signed number or year-month */
            DT_FALLTHROUGH;
        case DTK_DATE:
        case DTK_NUMBER:
            if (type == DT_IGNORE)
                type = range_unit(range); /* the rightmost unit the typmod allows */
            val = dt__str2i64(field[i], &cp, &rg);
            if (rg)
                return DTERR_FIELD_OVERFLOW;
            if (*cp == '-') {
                /* SQL "years-months" */
                int val2 = dt__str2int(cp + 1, &cp, &rg);
                if (rg || val2 < 0 || val2 >= DT_MONTHS_PER_YEAR)
                    return DTERR_FIELD_OVERFLOW;
                if (*cp != '\0')
                    return DTERR_BAD_FORMAT;
                type = DTK_MONTH;
                if (*field[i] == '-')
                    val2 = -val2;
                if (dt__mul64(val, DT_MONTHS_PER_YEAR, &val) || dt__add64(val, val2, &val))
                    return DTERR_FIELD_OVERFLOW;
                fval = 0;
            } else if (*cp == '.') {
                r = dt__parse_fraction(cp, &fval);
                if (r)
                    return r;
                if (*field[i] == '-')
                    fval = -fval;
            } else if (*cp == '\0') {
                fval = 0;
            } else {
                return DTERR_BAD_FORMAT;
            }

            if (force_neg) {
                if (val > 0)
                    val = -val;
                if (fval > 0)
                    fval = -fval;
            }
            tmask = 0;
            switch (type) {
            case DTK_MICROSEC:
                if (!adjust_usecs(val, fval, 1, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_MICROSECOND);
                break;
            case DTK_MILLISEC:
                if (!adjust_usecs(val, fval, 1000, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_MILLISECOND);
                break;
            case DTK_SECOND:
                if (!adjust_usecs(val, fval, DT_USECS_PER_SEC, itm))
                    return DTERR_FIELD_OVERFLOW;
                /* with a fraction, also milli- and microseconds */
                tmask = fval == 0 ? DT_M(DT_SECOND) : DT_ALL_SECS_M;
                break;
            case DTK_MINUTE:
                if (!adjust_usecs(val, fval, DT_USECS_PER_MINUTE, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_MINUTE);
                break;
            case DTK_HOUR:
                if (!adjust_usecs(val, fval, DT_USECS_PER_HOUR, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_HOUR);
                type = DTK_DAY; /* for the next field to the left */
                break;
            case DTK_DAY:
                if (!adjust_days(val, 1, itm) || !adjust_fract_usecs(fval, DT_USECS_PER_DAY, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_DAY);
                break;
            case DTK_WEEK:
                if (!adjust_days(val, 7, itm) || !adjust_fract_days(fval, 7, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_WEEK);
                break;
            case DTK_MONTH:
                if (!adjust_months(val, itm) || !adjust_fract_days(fval, DT_DAYS_PER_MONTH, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_MONTH);
                break;
            case DTK_YEAR:
                if (!adjust_years(val, 1, itm) || !adjust_fract_years(fval, 1, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_YEAR);
                break;
            case DTK_DECADE:
                if (!adjust_years(val, 10, itm) || !adjust_fract_years(fval, 10, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_DECADE);
                break;
            case DTK_CENTURY:
                if (!adjust_years(val, 100, itm) || !adjust_fract_years(fval, 100, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_CENTURY);
                break;
            case DTK_MILLENNIUM:
                if (!adjust_years(val, 1000, itm) || !adjust_fract_years(fval, 1000, itm))
                    return DTERR_FIELD_OVERFLOW;
                tmask = DT_M(DT_MILLENNIUM);
                break;
            default:
                return DTERR_BAD_FORMAT;
            }
            break;

        case DTK_STRING:
        case DTK_SPECIAL:
            type = dt__decode_units(field[i], &uval);
            if (type == DT_IGNORE)
                continue;
            tmask = 0;
            switch (type) {
            case DT_UNITS:
                type = uval;
                break;
            case DT_AGO:
                is_before = true;
                type = uval;
                break;
            default:
                return DTERR_BAD_FORMAT;
            }
            break;

        default:
            return DTERR_BAD_FORMAT;
        }

        if (tmask & fmask)
            return DTERR_BAD_FORMAT;
        fmask |= tmask;
    }

    if (fmask == 0) /* at least one time field */
        return DTERR_BAD_FORMAT;
    if (is_before) { /* "ago" negates everything */
        if (itm->usec == INT64_MIN || itm->mday == INT_MIN || itm->mon == INT_MIN ||
            itm->year == INT_MIN)
            return DTERR_FIELD_OVERFLOW;
        itm->usec = -itm->usec;
        itm->mday = -itm->mday;
        itm->mon = -itm->mon;
        itm->year = -itm->year;
    }
    return 0;
}

/* ParseISO8601Number: what strtod takes, |value| <= 1e15, split into an
 * integral part (toward zero) and a fraction. */
static int parse_iso_number(const char *str, const char **endptr, int64_t *ipart, double *fpart)
{
    double v;
    char *end;
    if (!(dt__isdigit(*str) || *str == '-' || *str == '.'))
        return DTERR_BAD_FORMAT;
    errno = 0;
    v = strtod(str, &end);
    *endptr = end;
    if (end == str || errno != 0)
        return DTERR_BAD_FORMAT;
    if (isnan(v) || v < -1.0e15 || v > 1.0e15)
        return DTERR_FIELD_OVERFLOW;
    if (v >= 0)
        *ipart = (int64_t)floor(v);
    else
        *ipart = (int64_t)-floor(-v);
    *fpart = v - (double)*ipart;
    return 0;
}

static int iso_int_width(const char *s)
{
    if (*s == '-')
        s++;
    return (int)strspn(s, "0123456789");
}

/* DecodeISO8601Interval: "format with designators" (P1Y2M3DT4H5M6S) and
 * the "alternative format" (P0001-02-03T04:05:06, P00010203T040506). */
int dt__decode_iso8601_interval(const char *str, int *dtype, struct dt_itm_in *itm)
{
    bool datepart = true;
    bool havefield = false;

    *dtype = DTK_DELTA;
    itm->usec = 0;
    itm->mday = 0;
    itm->mon = 0;
    itm->year = 0;
    if (strlen(str) < 2 || str[0] != 'P')
        return DTERR_BAD_FORMAT;
    str++;
    while (*str) {
        const char *fieldstart;
        int64_t val;
        double fval;
        char unit;
        int r;

        if (*str == 'T') { /* the time part begins */
            datepart = false;
            havefield = false;
            str++;
            continue;
        }
        fieldstart = str;
        r = parse_iso_number(str, &str, &val, &fval);
        if (r)
            return r;
        unit = *str++; /* may step past the NUL: every path below stops then */

        if (datepart) {
            switch (unit) {
            case 'Y':
                if (!adjust_years(val, 1, itm) || !adjust_fract_years(fval, 1, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case 'M':
                if (!adjust_months(val, itm) || !adjust_fract_days(fval, DT_DAYS_PER_MONTH, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case 'W':
                if (!adjust_days(val, 7, itm) || !adjust_fract_days(fval, 7, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case 'D':
                if (!adjust_days(val, 1, itm) || !adjust_fract_usecs(fval, DT_USECS_PER_DAY, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case 'T': /* alternative format, basic: PYYYYMMDD */
            case '\0':
                if (iso_int_width(fieldstart) == 8 && !havefield) {
                    if (!adjust_years(val / 10000, 1, itm) ||
                        !adjust_months((val / 100) % 100, itm) || !adjust_days(val % 100, 1, itm) ||
                        !adjust_fract_usecs(fval, DT_USECS_PER_DAY, itm))
                        return DTERR_FIELD_OVERFLOW;
                    if (unit == '\0')
                        return 0;
                    datepart = false;
                    havefield = false;
                    continue;
                }
                /* else the extended alternative format */
                DT_FALLTHROUGH;
            case '-': /* alternative format, extended: PYYYY-MM-DD */
                if (havefield)
                    return DTERR_BAD_FORMAT;
                if (!adjust_years(val, 1, itm) || !adjust_fract_years(fval, 1, itm))
                    return DTERR_FIELD_OVERFLOW;
                if (unit == '\0')
                    return 0;
                if (unit == 'T') {
                    datepart = false;
                    havefield = false;
                    continue;
                }
                r = parse_iso_number(str, &str, &val, &fval);
                if (r)
                    return r;
                if (!adjust_months(val, itm) || !adjust_fract_days(fval, DT_DAYS_PER_MONTH, itm))
                    return DTERR_FIELD_OVERFLOW;
                if (*str == '\0')
                    return 0;
                if (*str == 'T') {
                    datepart = false;
                    havefield = false;
                    continue;
                }
                if (*str != '-')
                    return DTERR_BAD_FORMAT;
                str++;
                r = parse_iso_number(str, &str, &val, &fval);
                if (r)
                    return r;
                if (!adjust_days(val, 1, itm) || !adjust_fract_usecs(fval, DT_USECS_PER_DAY, itm))
                    return DTERR_FIELD_OVERFLOW;
                if (*str == '\0')
                    return 0;
                if (*str == 'T') {
                    datepart = false;
                    havefield = false;
                    continue;
                }
                return DTERR_BAD_FORMAT;
            default:
                return DTERR_BAD_FORMAT;
            }
        } else {
            switch (unit) {
            case 'H':
                if (!adjust_usecs(val, fval, DT_USECS_PER_HOUR, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case 'M':
                if (!adjust_usecs(val, fval, DT_USECS_PER_MINUTE, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case 'S':
                if (!adjust_usecs(val, fval, DT_USECS_PER_SEC, itm))
                    return DTERR_FIELD_OVERFLOW;
                break;
            case '\0': /* alternative format, basic: PThhmmss */
                if (iso_int_width(fieldstart) == 6 && !havefield) {
                    if (!adjust_usecs(val / 10000, 0, DT_USECS_PER_HOUR, itm) ||
                        !adjust_usecs((val / 100) % 100, 0, DT_USECS_PER_MINUTE, itm) ||
                        !adjust_usecs(val % 100, 0, DT_USECS_PER_SEC, itm) ||
                        !adjust_fract_usecs(fval, 1, itm))
                        return DTERR_FIELD_OVERFLOW;
                    return 0;
                }
                DT_FALLTHROUGH;
            case ':': /* alternative format, extended: PThh:mm:ss */
                if (havefield)
                    return DTERR_BAD_FORMAT;
                if (!adjust_usecs(val, fval, DT_USECS_PER_HOUR, itm))
                    return DTERR_FIELD_OVERFLOW;
                if (unit == '\0')
                    return 0;
                r = parse_iso_number(str, &str, &val, &fval);
                if (r)
                    return r;
                if (!adjust_usecs(val, fval, DT_USECS_PER_MINUTE, itm))
                    return DTERR_FIELD_OVERFLOW;
                if (*str == '\0')
                    return 0;
                if (*str != ':')
                    return DTERR_BAD_FORMAT;
                str++;
                r = parse_iso_number(str, &str, &val, &fval);
                if (r)
                    return r;
                if (!adjust_usecs(val, fval, DT_USECS_PER_SEC, itm))
                    return DTERR_FIELD_OVERFLOW;
                if (*str == '\0')
                    return 0;
                return DTERR_BAD_FORMAT;
            default:
                return DTERR_BAD_FORMAT;
            }
        }
        havefield = true;
    }
    return 0;
}
