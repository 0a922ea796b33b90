/* datetime_parse.c — interpreting lexed fields as a date and time
 * (DecodeDateTime, for date/timestamp/timestamptz) or a time of day
 * (DecodeTimeOnly).
 *
 * This follows PostgreSQL 15's src/backend/utils/adt/datetime.c function by
 * function, because "accept what PostgreSQL accepts" is only achievable by
 * making the same decisions in the same order: fields are decoded left to
 * right with a bit mask (fmask) of the date/time parts already seen, so that
 * "01/02/03", "Jan 2 2003", "2003-01-02T04:05:06Z" and "J2452642" all land
 * in the right fields. Quirks of PostgreSQL 15 are kept on purpose (the
 * fields are validated even for 'infinity'; a unit prefix such as "h" before
 * a time is tolerated by DecodeTimeOnly); the differential tests depend on
 * them.
 */
#include "sql/datetime_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- helpers */

static const struct sql_tz *session_tz(const struct dt_parse *ps)
{
    return ps->ctx != NULL && ps->ctx->tz != NULL ? ps->ctx->tz : sql_tz_utc();
}

static int date_order(const struct dt_parse *ps)
{
    return ps->ctx != NULL ? (int)ps->ctx->order : SQL_DT_MDY;
}

/* GetCurrentTimeUsec: "now" in the session zone. */
static void current_time(const struct dt_parse *ps, struct dt_tm *tm, int *fsec, int *tzp)
{
    int tz = 0;
    int64_t now = ps->ctx != NULL ? ps->ctx->now : 0;
    if (dt__ts2tm(now, session_tz(ps), &tz, tm, fsec) != 0) {
        /* an out-of-range clock: fall back to the epoch of the calendar */
        dt__ts2tm(0, session_tz(ps), &tz, tm, fsec);
    }
    if (tzp != NULL)
        *tzp = tz;
}

/* time_overflows: each field in range and the total at most 24:00:00. */
static bool time_overflows(int hour, int min, int sec, int fsec)
{
    if (hour < 0 || hour > DT_HOURS_PER_DAY || min < 0 || min >= DT_MINS_PER_HOUR || sec < 0 ||
        sec > DT_SECS_PER_MINUTE || fsec < 0 || fsec > DT_USECS_PER_SEC)
        return true;
    return dt__time2t(hour, min, sec, fsec) > DT_USECS_PER_DAY;
}

/* DecodeNumberField: a run of digits as yyyymmdd, yymmdd, hhmmss or hhmm,
 * with an optional fraction. Returns DTK_DATE/DTK_TIME or a DTERR. */
static int decode_number_field(int len, char *str, int fmask, int *tmask, struct dt_tm *tm,
                               int *fsec, bool *is2digits)
{
    char *cp = strchr(str, '.');

    if (cp != NULL) {
        if (cp[1] == '\0') {
            *fsec = 0;
        } else {
            double frac;
            errno = 0;
            frac = strtod(cp, NULL);
            if (errno != 0)
                return DTERR_BAD_FORMAT;
            *fsec = (int)rint(frac * 1000000);
        }
        *cp = '\0';
        len = (int)strlen(str);
    } else if ((fmask & DT_DATE_M) != DT_DATE_M) {
        if (len >= 6) {
            *tmask = DT_DATE_M;
            /* from the end: two digits of day, two of month, the rest year */
            tm->mday = atoi(str + (len - 2));
            str[len - 2] = '\0';
            tm->mon = atoi(str + (len - 4));
            str[len - 4] = '\0';
            tm->year = atoi(str);
            if (len - 4 == 2)
                *is2digits = true;
            return DTK_DATE;
        }
    }
    if ((fmask & DT_TIME_M) != DT_TIME_M) {
        if (len == 6) { /* hhmmss */
            *tmask = DT_TIME_M;
            tm->sec = atoi(str + 4);
            str[4] = '\0';
            tm->min = atoi(str + 2);
            str[2] = '\0';
            tm->hour = atoi(str);
            return DTK_TIME;
        } else if (len == 4) { /* hhmm */
            *tmask = DT_TIME_M;
            tm->sec = 0;
            tm->min = atoi(str + 2);
            str[2] = '\0';
            tm->hour = atoi(str);
            return DTK_TIME;
        }
    }
    return DTERR_BAD_FORMAT;
}

/* DecodeNumber: one numeric field, placed by what has been seen so far. */
static int decode_number(int flen, char *str, bool have_text_month, int fmask, int *tmask,
                         struct dt_tm *tm, int *fsec, bool *is2digits, int order)
{
    int val, r;
    char *cp;
    bool range;

    *tmask = 0;
    val = dt__str2int(str, &cp, &range);
    if (range)
        return DTERR_FIELD_OVERFLOW;
    if (cp == str)
        return DTERR_BAD_FORMAT;
    if (*cp == '.') {
        /* more than two digits before the point: a date or run-together
         * time (2001.360, 20011225.5, 040506.789) */
        if (cp - str > 2) {
            r = decode_number_field(flen, str, fmask | DT_DATE_M, tmask, tm, fsec, is2digits);
            return r < 0 ? r : 0;
        }
        r = dt__parse_fsec(cp, fsec);
        if (r)
            return r;
    } else if (*cp != '\0') {
        return DTERR_BAD_FORMAT;
    }

    /* day of year after a year ("2001.360" is handled above) */
    if (flen == 3 && (fmask & DT_DATE_M) == DT_M(DT_YEAR) && val >= 1 && val <= 366) {
        *tmask = DT_M(DT_DOY) | DT_M(DT_MONTH) | DT_M(DT_DAY);
        tm->yday = val;
        return 0;
    }

    switch (fmask & DT_DATE_M) {
    case 0:
        /* YYYY-MM-DD needs more than two year digits; else DateStyle */
        if (flen >= 3 || order == SQL_DT_YMD) {
            *tmask = DT_M(DT_YEAR);
            tm->year = val;
        } else if (order == SQL_DT_DMY) {
            *tmask = DT_M(DT_DAY);
            tm->mday = val;
        } else {
            *tmask = DT_M(DT_MONTH);
            tm->mon = val;
        }
        break;
    case DT_M(DT_YEAR):
        *tmask = DT_M(DT_MONTH);
        tm->mon = val;
        break;
    case DT_M(DT_MONTH):
        if (have_text_month) {
            /* MON-DD-YYYY, DD-MON-YYYY, YYYY-MON-DD */
            if (flen >= 3 || order == SQL_DT_YMD) {
                *tmask = DT_M(DT_YEAR);
                tm->year = val;
            } else {
                *tmask = DT_M(DT_DAY);
                tm->mday = val;
            }
        } else {
            *tmask = DT_M(DT_DAY);
            tm->mday = val;
        }
        break;
    case DT_M(DT_YEAR) | DT_M(DT_MONTH):
        if (have_text_month) {
            /* DD-MON-YYYY even in YMD mode */
            if (flen >= 3 && *is2digits) {
                *tmask = DT_M(DT_DAY);
                tm->mday = tm->year;
                tm->year = val;
                *is2digits = false;
            } else {
                *tmask = DT_M(DT_DAY);
                tm->mday = val;
            }
        } else {
            *tmask = DT_M(DT_DAY);
            tm->mday = val;
        }
        break;
    case DT_M(DT_DAY):
        *tmask = DT_M(DT_MONTH);
        tm->mon = val;
        break;
    case DT_M(DT_MONTH) | DT_M(DT_DAY):
        *tmask = DT_M(DT_YEAR);
        tm->year = val;
        break;
    case DT_M(DT_YEAR) | DT_M(DT_MONTH) | DT_M(DT_DAY):
        /* the date is complete: a run-together time */
        r = decode_number_field(flen, str, fmask, tmask, tm, fsec, is2digits);
        return r < 0 ? r : 0;
    default:
        return DTERR_BAD_FORMAT;
    }
    if (*tmask == DT_M(DT_YEAR))
        *is2digits = flen <= 2;
    return 0;
}

/* DecodeDate: a field with embedded delimiters ("2001-02-03", "feb-3-2001"). */
static int decode_date(char *str, int fmask, int *tmask, bool *is2digits, struct dt_tm *tm,
                       int order)
{
    int fsec;
    int nf = 0;
    int r, type, val, dmask = 0;
    bool have_text_month = false;
    char *field[DT_MAXDATEFIELDS];

    *tmask = 0;
    while (*str != '\0' && nf < DT_MAXDATEFIELDS) {
        while (*str != '\0' && !dt__isalnum(*str))
            str++;
        if (*str == '\0')
            return DTERR_BAD_FORMAT; /* ends with a separator */
        field[nf] = str;
        if (dt__isdigit(*str)) {
            while (dt__isdigit(*str))
                str++;
        } else if (dt__isalpha(*str)) {
            while (dt__isalpha(*str))
                str++;
        }
        if (*str != '\0')
            *str++ = '\0';
        nf++;
    }

    /* text fields first: an unambiguous month */
    for (int i = 0; i < nf; i++) {
        if (dt__isalpha(*field[i])) {
            type = dt__decode_special(field[i], &val);
            if (type == DT_IGNORE)
                continue;
            dmask = DT_M(type);
            if (type != DT_MONTH)
                return DTERR_BAD_FORMAT;
            tm->mon = val;
            have_text_month = true;
            if (fmask & dmask)
                return DTERR_BAD_FORMAT;
            fmask |= dmask;
            *tmask |= dmask;
            field[i] = NULL;
        }
    }
    for (int i = 0; i < nf; i++) {
        int len;
        if (field[i] == NULL)
            continue;
        len = (int)strlen(field[i]);
        if (len <= 0)
            return DTERR_BAD_FORMAT;
        r = decode_number(len, field[i], have_text_month, fmask, &dmask, tm, &fsec, is2digits,
                          order);
        if (r)
            return r;
        if (fmask & dmask)
            return DTERR_BAD_FORMAT;
        fmask |= dmask;
        *tmask |= dmask;
    }
    if ((fmask & ~(DT_M(DT_DOY) | DT_M(DT_TZ))) != DT_DATE_M)
        return DTERR_BAD_FORMAT;
    return 0;
}

/* ValidateDate: BC and two-digit years, day of year, field ranges. */
int dt__validate_date(int fmask, bool isjulian, bool is2digits, bool bc, struct dt_tm *tm)
{
    if (fmask & DT_M(DT_YEAR)) {
        if (isjulian) {
            /* already correct */
        } else if (bc) {
            if (tm->year <= 0) /* no year zero in AD/BC notation */
                return DTERR_FIELD_OVERFLOW;
            tm->year = -(tm->year - 1); /* 1 BC is year 0 */
        } else if (is2digits) {
            if (tm->year < 0)
                return DTERR_FIELD_OVERFLOW;
            if (tm->year < 70)
                tm->year += 2000;
            else if (tm->year < 100)
                tm->year += 1900;
        } else {
            if (tm->year <= 0)
                return DTERR_FIELD_OVERFLOW;
        }
    }
    if (fmask & DT_M(DT_DOY))
        dt__j2date(dt__date2j(tm->year, 1, 1) + tm->yday - 1, &tm->year, &tm->mon, &tm->mday);
    if (fmask & DT_M(DT_MONTH)) {
        if (tm->mon < 1 || tm->mon > DT_MONTHS_PER_YEAR)
            return DTERR_MD_FIELD_OVERFLOW;
    }
    if (fmask & DT_M(DT_DAY)) {
        if (tm->mday < 1 || tm->mday > 31)
            return DTERR_MD_FIELD_OVERFLOW;
    }
    if ((fmask & DT_DATE_M) == DT_DATE_M) {
        if (tm->mday > dt__days_in_month(tm->year, tm->mon))
            return DTERR_FIELD_OVERFLOW;
    }
    return 0;
}

static int decode_time(char *str, int *tmask, struct dt_tm *tm, int *fsec)
{
    struct dt_itm itm;
    int r = dt__decode_time_common(str, DT_INTERVAL_ALL, tmask, &itm);
    if (r)
        return r;
    if (itm.hour > INT_MAX)
        return DTERR_FIELD_OVERFLOW;
    tm->hour = (int)itm.hour;
    tm->min = itm.min;
    tm->sec = itm.sec;
    *fsec = itm.usec;
    return 0;
}

/* The ptype-labelled number of DecodeDateTime/DecodeTimeOnly ("y2001",
 * "J2451187", the time after a "T"). */
static int decode_labelled(char **field, int *ftype, int i, int ptype, int fmask, int *tmask,
                           struct dt_tm *tm, int *fsec, int *tzp, bool *isjulian, bool *is2digits,
                           bool set_ftype)
{
    char *cp;
    int val, r;
    bool rg;

    val = dt__str2int(field[i], &cp, &rg);
    if (rg)
        return DTERR_FIELD_OVERFLOW;
    /* only a few kinds may have an embedded decimal */
    if (*cp == '.') {
        if (ptype != DTK_JULIAN && ptype != DTK_TIME && ptype != DTK_SECOND)
            return DTERR_BAD_FORMAT;
    } else if (*cp != '\0') {
        return DTERR_BAD_FORMAT;
    }
    switch (ptype) {
    case DTK_YEAR:
        tm->year = val;
        *tmask = DT_M(DT_YEAR);
        break;
    case DTK_MONTH:
        /* a month and an hour already? then minutes */
        if ((fmask & DT_M(DT_MONTH)) != 0 && (fmask & DT_M(DT_HOUR)) != 0) {
            tm->min = val;
            *tmask = DT_M(DT_MINUTE);
        } else {
            tm->mon = val;
            *tmask = DT_M(DT_MONTH);
        }
        break;
    case DTK_DAY:
        tm->mday = val;
        *tmask = DT_M(DT_DAY);
        break;
    case DTK_HOUR:
        tm->hour = val;
        *tmask = DT_M(DT_HOUR);
        break;
    case DTK_MINUTE:
        tm->min = val;
        *tmask = DT_M(DT_MINUTE);
        break;
    case DTK_SECOND:
        tm->sec = val;
        *tmask = DT_M(DT_SECOND);
        if (*cp == '.') {
            r = dt__parse_fsec(cp, fsec);
            if (r)
                return r;
            *tmask = DT_ALL_SECS_M;
        }
        break;
    case DTK_TZ:
        *tmask = DT_M(DT_TZ);
        r = dt__decode_timezone(field[i], tzp);
        if (r)
            return r;
        break;
    case DTK_JULIAN:
        if (val < 0)
            return DTERR_FIELD_OVERFLOW;
        *tmask = DT_DATE_M;
        dt__j2date(val, &tm->year, &tm->mon, &tm->mday);
        *isjulian = true;
        if (*cp == '.') { /* fractional Julian day */
            double time;
            r = dt__parse_fraction(cp, &time);
            if (r)
                return r;
            time *= DT_USECS_PER_DAY;
            dt__dt2time((int64_t)time, &tm->hour, &tm->min, &tm->sec, fsec);
            *tmask |= DT_TIME_M;
        }
        break;
    case DTK_TIME: /* after "t": run-together ISO time */
        r = decode_number_field((int)strlen(field[i]), field[i], fmask | DT_DATE_M, tmask, tm, fsec,
                                is2digits);
        if (r < 0)
            return r;
        if (set_ftype)
            ftype[i] = r;
        if (*tmask != DT_TIME_M)
            return DTERR_BAD_FORMAT;
        break;
    default:
        return DTERR_BAD_FORMAT;
    }
    return 0;
}

/* DecodeDateTime. Returns 0, a DTERR code, or 1 for "time only" (which
 * every caller treats as a syntax error). */
int dt__decode_datetime(struct dt_fields *f, struct dt_parse *ps, int *dtype, struct dt_tm *tm,
                        int *fsec, int *tzp)
{
    char **field = f->field;
    int *ftype = f->ftype;
    int nf = f->nf;
    int fmask = 0, tmask = 0, type;
    int ptype = 0; /* "prefix type" for ISO y2001m02d04 and Julian forms */
    int val, r;
    int mer = DT_HR24;
    bool have_text_month = false;
    bool isjulian = false;
    bool is2digits = false;
    bool bc = false;
    const struct sql_tz *named_tz = NULL;
    const struct sql_tz *abbrev_tz = NULL;
    const struct sql_tz *valtz;
    const char *abbrev = NULL;
    struct dt_tm cur;
    int order = date_order(ps);

    *dtype = DTK_DATE;
    tm->hour = 0;
    tm->min = 0;
    tm->sec = 0;
    tm->year = 0;
    tm->mon = 0;
    tm->mday = 0;
    tm->wday = 0;
    tm->yday = 0;
    *fsec = 0;
    tm->isdst = -1;
    if (tzp != NULL)
        *tzp = 0;

    for (int i = 0; i < nf; i++) {
        switch (ftype[i]) {
        case DTK_DATE:
            if (ptype == DTK_JULIAN) {
                /* integral Julian day with an attached zone */
                char *cp;
                bool rg;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                val = dt__str2int(field[i], &cp, &rg);
                if (rg || val < 0)
                    return DTERR_FIELD_OVERFLOW;
                dt__j2date(val, &tm->year, &tm->mon, &tm->mday);
                isjulian = true;
                r = dt__decode_timezone(cp, tzp);
                if (r)
                    return r;
                tmask = DT_DATE_M | DT_TIME_M | DT_M(DT_TZ);
                ptype = 0;
                break;
            } else if (ptype != 0 || ((fmask & (DT_M(DT_MONTH) | DT_M(DT_DAY))) ==
                                      (DT_M(DT_MONTH) | DT_M(DT_DAY)))) {
                /* a date already: a zone name with punctuation
                 * (America/New_York) or a run-together time with a zone
                 * (hhmmss-zz) */
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                if (dt__isdigit(*field[i]) || ptype != 0) {
                    char *cp;
                    if (ptype != 0) {
                        if (ptype != DTK_TIME)
                            return DTERR_BAD_FORMAT;
                        ptype = 0;
                    }
                    if ((fmask & DT_TIME_M) == DT_TIME_M)
                        return DTERR_BAD_FORMAT;
                    if ((cp = strchr(field[i], '-')) == NULL)
                        return DTERR_BAD_FORMAT;
                    r = dt__decode_timezone(cp, tzp);
                    if (r)
                        return r;
                    *cp = '\0';
                    r = decode_number_field((int)strlen(field[i]), field[i], fmask, &tmask, tm,
                                            fsec, &is2digits);
                    if (r < 0)
                        return r;
                    tmask |= DT_M(DT_TZ);
                } else {
                    named_tz = dt__tz_find(field[i]);
                    if (named_tz == NULL) {
                        ps->badzone = field[i];
                        return DTERR_BAD_TIMEZONE;
                    }
                    tmask = DT_M(DT_TZ);
                }
            } else {
                r = decode_date(field[i], fmask, &tmask, &is2digits, tm, order);
                if (r)
                    return r;
            }
            break;

        case DTK_TIME:
            /* an ISO time after a "t" field */
            if (ptype != 0) {
                if (ptype != DTK_TIME)
                    return DTERR_BAD_FORMAT;
                ptype = 0;
            }
            r = decode_time(field[i], &tmask, tm, fsec);
            if (r)
                return r;
            if (time_overflows(tm->hour, tm->min, tm->sec, *fsec))
                return DTERR_FIELD_OVERFLOW;
            break;

        case DTK_TZ: {
            int tz;
            if (tzp == NULL)
                return DTERR_BAD_FORMAT;
            r = dt__decode_timezone(field[i], &tz);
            if (r)
                return r;
            *tzp = tz;
            tmask = DT_M(DT_TZ);
            break;
        }

        case DTK_NUMBER:
            if (ptype != 0) {
                r = decode_labelled(field, ftype, i, ptype, fmask, &tmask, tm, fsec, tzp, &isjulian,
                                    &is2digits, false);
                if (r)
                    return r;
                ptype = 0;
                *dtype = DTK_DATE;
            } else {
                int flen = (int)strlen(field[i]);
                char *cp = strchr(field[i], '.');

                if (cp != NULL && !(fmask & DT_DATE_M)) {
                    /* embedded decimal and no date yet: yy.ddd or the like */
                    r = decode_date(field[i], fmask, &tmask, &is2digits, tm, order);
                    if (r)
                        return r;
                } else if (cp != NULL && flen - (int)strlen(cp) > 2) {
                    /* several digits before the point: run-together */
                    r = decode_number_field(flen, field[i], fmask, &tmask, tm, fsec, &is2digits);
                    if (r < 0)
                        return r;
                } else if (flen >= 6 && (!(fmask & DT_DATE_M) || !(fmask & DT_TIME_M))) {
                    /* six or more digits: YMD or HMS, unless both are known */
                    r = decode_number_field(flen, field[i], fmask, &tmask, tm, fsec, &is2digits);
                    if (r < 0)
                        return r;
                } else {
                    r = decode_number(flen, field[i], have_text_month, fmask, &tmask, tm, fsec,
                                      &is2digits, order);
                    if (r)
                        return r;
                }
            }
            break;

        case DTK_STRING:
        case DTK_SPECIAL:
            /* zone abbreviations take precedence over keywords */
            type = dt__decode_tz_abbrev(field[i], &val, &valtz);
            if (type == DT_UNKNOWN_FIELD)
                type = dt__decode_special(field[i], &val);
            if (type == DT_IGNORE)
                continue;
            tmask = DT_M(type);
            switch (type) {
            case DT_RESERV:
                switch (val) {
                case DTK_NOW:
                    tmask = DT_DATE_M | DT_TIME_M | DT_M(DT_TZ);
                    *dtype = DTK_DATE;
                    current_time(ps, tm, fsec, tzp);
                    break;
                case DTK_YESTERDAY:
                    tmask = DT_DATE_M;
                    *dtype = DTK_DATE;
                    current_time(ps, &cur, &r, NULL);
                    dt__j2date(dt__date2j(cur.year, cur.mon, cur.mday) - 1, &tm->year, &tm->mon,
                               &tm->mday);
                    break;
                case DTK_TODAY:
                    tmask = DT_DATE_M;
                    *dtype = DTK_DATE;
                    current_time(ps, &cur, &r, NULL);
                    tm->year = cur.year;
                    tm->mon = cur.mon;
                    tm->mday = cur.mday;
                    break;
                case DTK_TOMORROW:
                    tmask = DT_DATE_M;
                    *dtype = DTK_DATE;
                    current_time(ps, &cur, &r, NULL);
                    dt__j2date(dt__date2j(cur.year, cur.mon, cur.mday) + 1, &tm->year, &tm->mon,
                               &tm->mday);
                    break;
                case DTK_ZULU:
                    tmask = DT_TIME_M | DT_M(DT_TZ);
                    *dtype = DTK_DATE;
                    tm->hour = 0;
                    tm->min = 0;
                    tm->sec = 0;
                    if (tzp != NULL)
                        *tzp = 0;
                    break;
                default: /* epoch, infinity, -infinity */
                    *dtype = val;
                    break;
                }
                break;

            case DT_MONTH:
                /* a numeric month already? then it was the day */
                if ((fmask & DT_M(DT_MONTH)) && !have_text_month && !(fmask & DT_M(DT_DAY)) &&
                    tm->mon >= 1 && tm->mon <= 31) {
                    tm->mday = tm->mon;
                    tmask = DT_M(DT_DAY);
                }
                have_text_month = true;
                tm->mon = val;
                break;

            case DT_DTZMOD: /* "MET DST" */
                tmask |= DT_M(DT_DTZ);
                tm->isdst = 1;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                *tzp -= val;
                break;

            case DT_DTZ:
                tmask |= DT_M(DT_TZ);
                tm->isdst = 1;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                *tzp = -val;
                break;

            case DT_TZ:
                tm->isdst = 0;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                *tzp = -val;
                break;

            case DT_DYNTZ:
                tmask |= DT_M(DT_TZ);
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                abbrev_tz = valtz; /* resolved once the date is known */
                abbrev = field[i];
                break;

            case DT_AMPM:
                mer = val;
                break;

            case DT_ADBC:
                bc = val == DT_BC;
                break;

            case DT_DOW:
                tm->wday = val;
                break;

            case DT_UNITS:
                tmask = 0;
                ptype = val;
                break;

            case DT_ISOTIME:
                /* "t": the next field must be a time */
                tmask = 0;
                if ((fmask & DT_DATE_M) != DT_DATE_M)
                    return DTERR_BAD_FORMAT;
                if (i >= nf - 1 || (ftype[i + 1] != DTK_NUMBER && ftype[i + 1] != DTK_TIME &&
                                    ftype[i + 1] != DTK_DATE))
                    return DTERR_BAD_FORMAT;
                ptype = val;
                break;

            case DT_UNKNOWN_FIELD:
                /* last chance: an all-letters zone name ("Japan") */
                named_tz = dt__tz_find(field[i]);
                if (named_tz == NULL)
                    return DTERR_BAD_FORMAT;
                tmask = DT_M(DT_TZ);
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

    /* PostgreSQL 15 checks the fields even for 'infinity' and 'epoch' */
    r = dt__validate_date(fmask, isjulian, is2digits, bc, tm);
    if (r)
        return r;
    if (mer != DT_HR24 && tm->hour > DT_HOURS_PER_DAY / 2)
        return DTERR_FIELD_OVERFLOW;
    if (mer == DT_AM && tm->hour == DT_HOURS_PER_DAY / 2)
        tm->hour = 0;
    else if (mer == DT_PM && tm->hour != DT_HOURS_PER_DAY / 2)
        tm->hour += DT_HOURS_PER_DAY / 2;

    if (*dtype == DTK_DATE) {
        if ((fmask & DT_DATE_M) != DT_DATE_M) {
            if ((fmask & DT_TIME_M) == DT_TIME_M)
                return 1;
            return DTERR_BAD_FORMAT;
        }
        if (named_tz != NULL) {
            if (fmask & DT_M(DT_DTZMOD))
                return DTERR_BAD_FORMAT;
            *tzp = dt__tz_offset_local(tm, named_tz, NULL);
        }
        if (abbrev_tz != NULL) {
            if (fmask & DT_M(DT_DTZMOD))
                return DTERR_BAD_FORMAT;
            *tzp = dt__tz_abbrev_offset_local(tm, abbrev, abbrev_tz);
        }
        if (tzp != NULL && !(fmask & DT_M(DT_TZ))) {
            if (fmask & DT_M(DT_DTZMOD))
                return DTERR_BAD_FORMAT;
            *tzp = dt__tz_offset_local(tm, session_tz(ps), NULL);
        }
    }
    return 0;
}

/* DecodeTimeOnly, for the time type: dates are tolerated in a few forms
 * and zones only matter when they help resolve nothing (time has none). */
int dt__decode_timeonly(struct dt_fields *f, struct dt_parse *ps, int *dtype, struct dt_tm *tm,
                        int *fsec, int *tzp)
{
    char **field = f->field;
    int *ftype = f->ftype;
    int nf = f->nf;
    int fmask = 0, tmask = 0, type;
    int ptype = 0;
    int val, r;
    bool isjulian = false;
    bool is2digits = false;
    bool bc = false;
    int mer = DT_HR24;
    const struct sql_tz *named_tz = NULL;
    const struct sql_tz *abbrev_tz = NULL;
    const struct sql_tz *valtz;
    const char *abbrev = NULL;
    int order = date_order(ps);

    *dtype = DTK_TIME;
    tm->hour = 0;
    tm->min = 0;
    tm->sec = 0;
    tm->year = 0;
    tm->mon = 0;
    tm->mday = 0;
    tm->wday = 0;
    tm->yday = 0;
    *fsec = 0;
    tm->isdst = -1;
    if (tzp != NULL)
        *tzp = 0;

    for (int i = 0; i < nf; i++) {
        switch (ftype[i]) {
        case DTK_DATE:
            if (tzp == NULL)
                return DTERR_BAD_FORMAT;
            /* a date is accepted in limited circumstances */
            if (i == 0 && nf >= 2 && (ftype[nf - 1] == DTK_DATE || ftype[1] == DTK_TIME)) {
                r = decode_date(field[i], fmask, &tmask, &is2digits, tm, order);
                if (r)
                    return r;
            } else if (dt__isdigit(*field[i])) {
                char *cp;
                if ((fmask & DT_TIME_M) == DT_TIME_M)
                    return DTERR_BAD_FORMAT;
                if ((cp = strchr(field[i], '-')) == NULL)
                    return DTERR_BAD_FORMAT;
                r = dt__decode_timezone(cp, tzp);
                if (r)
                    return r;
                *cp = '\0';
                r = decode_number_field((int)strlen(field[i]), field[i], fmask | DT_DATE_M, &tmask,
                                        tm, fsec, &is2digits);
                if (r < 0)
                    return r;
                ftype[i] = r;
                tmask |= DT_M(DT_TZ);
            } else {
                named_tz = dt__tz_find(field[i]);
                if (named_tz == NULL) {
                    ps->badzone = field[i];
                    return DTERR_BAD_TIMEZONE;
                }
                ftype[i] = DTK_TZ;
                tmask = DT_M(DT_TZ);
            }
            break;

        case DTK_TIME:
            /* unlike DecodeDateTime, a pending prefix ("t", "h") stays */
            r = decode_time(field[i], &tmask, tm, fsec);
            if (r)
                return r;
            break;

        case DTK_TZ: {
            int tz;
            if (tzp == NULL)
                return DTERR_BAD_FORMAT;
            r = dt__decode_timezone(field[i], &tz);
            if (r)
                return r;
            *tzp = tz;
            tmask = DT_M(DT_TZ);
            break;
        }

        case DTK_NUMBER:
            if (ptype != 0) {
                /* only accept a date under limited circumstances */
                if ((ptype == DTK_JULIAN || ptype == DTK_YEAR || ptype == DTK_MONTH ||
                     ptype == DTK_DAY) &&
                    tzp == NULL)
                    return DTERR_BAD_FORMAT;
                r = decode_labelled(field, ftype, i, ptype, fmask, &tmask, tm, fsec, tzp, &isjulian,
                                    &is2digits, true);
                if (r)
                    return r;
                ptype = 0;
                *dtype = DTK_DATE;
            } else {
                int flen = (int)strlen(field[i]);
                char *cp = strchr(field[i], '.');

                if (cp != NULL) {
                    if (i == 0 && nf >= 2 && ftype[nf - 1] == DTK_DATE) {
                        r = decode_date(field[i], fmask, &tmask, &is2digits, tm, order);
                        if (r)
                            return r;
                    } else if (flen - (int)strlen(cp) > 2) {
                        r = decode_number_field(flen, field[i], fmask | DT_DATE_M, &tmask, tm, fsec,
                                                &is2digits);
                        if (r < 0)
                            return r;
                        ftype[i] = r;
                    } else {
                        return DTERR_BAD_FORMAT;
                    }
                } else if (flen > 4) {
                    r = decode_number_field(flen, field[i], fmask | DT_DATE_M, &tmask, tm, fsec,
                                            &is2digits);
                    if (r < 0)
                        return r;
                    ftype[i] = r;
                } else {
                    r = decode_number(flen, field[i], false, fmask | DT_DATE_M, &tmask, tm, fsec,
                                      &is2digits, order);
                    if (r)
                        return r;
                }
            }
            break;

        case DTK_STRING:
        case DTK_SPECIAL:
            type = dt__decode_tz_abbrev(field[i], &val, &valtz);
            if (type == DT_UNKNOWN_FIELD)
                type = dt__decode_special(field[i], &val);
            if (type == DT_IGNORE)
                continue;
            tmask = DT_M(type);
            switch (type) {
            case DT_RESERV:
                switch (val) {
                case DTK_NOW:
                    tmask = DT_TIME_M;
                    *dtype = DTK_TIME;
                    current_time(ps, tm, fsec, NULL);
                    break;
                case DTK_ZULU:
                    tmask = DT_TIME_M | DT_M(DT_TZ);
                    *dtype = DTK_TIME;
                    tm->hour = 0;
                    tm->min = 0;
                    tm->sec = 0;
                    tm->isdst = 0;
                    break;
                default:
                    return DTERR_BAD_FORMAT;
                }
                break;
            case DT_DTZMOD:
                tmask |= DT_M(DT_DTZ);
                tm->isdst = 1;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                *tzp -= val;
                break;
            case DT_DTZ:
                tmask |= DT_M(DT_TZ);
                tm->isdst = 1;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                *tzp = -val;
                ftype[i] = DTK_TZ;
                break;
            case DT_TZ:
                tm->isdst = 0;
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                *tzp = -val;
                ftype[i] = DTK_TZ;
                break;
            case DT_DYNTZ:
                tmask |= DT_M(DT_TZ);
                if (tzp == NULL)
                    return DTERR_BAD_FORMAT;
                abbrev_tz = valtz;
                abbrev = field[i];
                ftype[i] = DTK_TZ;
                break;
            case DT_AMPM:
                mer = val;
                break;
            case DT_ADBC:
                bc = val == DT_BC;
                break;
            case DT_UNITS:
                tmask = 0;
                ptype = val;
                break;
            case DT_ISOTIME:
                tmask = 0;
                /* the next field must be a time */
                if (i >= nf - 1 || (ftype[i + 1] != DTK_NUMBER && ftype[i + 1] != DTK_TIME &&
                                    ftype[i + 1] != DTK_DATE))
                    return DTERR_BAD_FORMAT;
                ptype = val;
                break;
            case DT_UNKNOWN_FIELD:
                named_tz = dt__tz_find(field[i]);
                if (named_tz == NULL)
                    return DTERR_BAD_FORMAT;
                tmask = DT_M(DT_TZ);
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

    r = dt__validate_date(fmask, isjulian, is2digits, bc, tm);
    if (r)
        return r;
    if (mer != DT_HR24 && tm->hour > DT_HOURS_PER_DAY / 2)
        return DTERR_FIELD_OVERFLOW;
    if (mer == DT_AM && tm->hour == DT_HOURS_PER_DAY / 2)
        tm->hour = 0;
    else if (mer == DT_PM && tm->hour != DT_HOURS_PER_DAY / 2)
        tm->hour += DT_HOURS_PER_DAY / 2;
    if (time_overflows(tm->hour, tm->min, tm->sec, *fsec))
        return DTERR_FIELD_OVERFLOW;
    if ((fmask & DT_TIME_M) != DT_TIME_M)
        return DTERR_BAD_FORMAT;

    /* The offsets below only matter for time with time zone, which we do
     * not provide; they are resolved anyway for the syntax checks. */
    if (named_tz != NULL) {
        long gmtoff;
        if (fmask & DT_M(DT_DTZMOD))
            return DTERR_BAD_FORMAT;
        if (dt__tz_fixed_offset(named_tz, &gmtoff)) {
            *tzp = (int)-gmtoff;
        } else {
            if ((fmask & DT_DATE_M) != DT_DATE_M)
                return DTERR_BAD_FORMAT;
            *tzp = dt__tz_offset_local(tm, named_tz, NULL);
        }
    }
    if (abbrev_tz != NULL) {
        struct dt_tm tt;
        int fs;
        if (fmask & DT_M(DT_DTZMOD))
            return DTERR_BAD_FORMAT;
        if ((fmask & DT_DATE_M) == 0) {
            current_time(ps, &tt, &fs, NULL);
        } else {
            if ((fmask & DT_DATE_M) != DT_DATE_M)
                return DTERR_BAD_FORMAT;
            tt.year = tm->year;
            tt.mon = tm->mon;
            tt.mday = tm->mday;
        }
        tt.hour = tm->hour;
        tt.min = tm->min;
        tt.sec = tm->sec;
        *tzp = dt__tz_abbrev_offset_local(&tt, abbrev, abbrev_tz);
        tm->isdst = tt.isdst;
    }
    if (tzp != NULL && !(fmask & DT_M(DT_TZ))) {
        struct dt_tm tt;
        int fs;
        if (fmask & DT_M(DT_DTZMOD))
            return DTERR_BAD_FORMAT;
        if ((fmask & DT_DATE_M) == 0) {
            current_time(ps, &tt, &fs, NULL);
        } else {
            if ((fmask & DT_DATE_M) != DT_DATE_M)
                return DTERR_BAD_FORMAT;
            tt.year = tm->year;
            tt.mon = tm->mon;
            tt.mday = tm->mday;
        }
        tt.hour = tm->hour;
        tt.min = tm->min;
        tt.sec = tm->sec;
        *tzp = dt__tz_offset_local(&tt, session_tz(ps), NULL);
        tm->isdst = tt.isdst;
    }
    return 0;
}
