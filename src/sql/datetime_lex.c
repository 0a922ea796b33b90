/* datetime_lex.c — splitting date/time text into typed fields
 * (ParseDateTime), and the small readers the decoders share: numbers with
 * PostgreSQL's overflow rules, fractions, hh:mm:ss, numeric zone offsets,
 * and the error messages (DateTimeParseError).
 *
 * Character classes are ASCII-only (PostgreSQL runs them in the C locale for
 * these bytes); anything else is a syntax error.
 */
#include "sql/datetime_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_punct(char c)
{
    return c > ' ' && c < 127 && !dt__isalnum(c);
}

static char to_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

void dt__downcase(const char *in, char *out, size_t cap)
{
    size_t i = 0;
    for (; in[i] != '\0' && i + 1 < cap && i < 63; i++)
        out[i] = to_lower(in[i]);
    out[i] = '\0';
}

/* strtoint / strtoi64 with PostgreSQL's ERANGE reporting. */
int dt__str2int(const char *s, char **end, bool *range)
{
    long long v;
    errno = 0;
    v = strtoll(s, end, 10);
    *range = errno == ERANGE || v < INT_MIN || v > INT_MAX;
    return (int)v;
}

int64_t dt__str2i64(const char *s, char **end, bool *range)
{
    long long v;
    errno = 0;
    v = strtoll(s, end, 10);
    *range = errno == ERANGE;
    return (int64_t)v;
}

/* ParseFraction: "." and optional digits, to end of string. */
int dt__parse_fraction(const char *cp, double *frac)
{
    char *end;
    if (cp[1] == '\0') {
        *frac = 0;
        return 0;
    }
    errno = 0;
    *frac = strtod(cp, &end);
    if (*end != '\0' || errno != 0)
        return DTERR_BAD_FORMAT;
    return 0;
}

int dt__parse_fsec(const char *cp, int *fsec)
{
    double frac;
    int r = dt__parse_fraction(cp, &frac);
    if (r)
        return r;
    *fsec = (int)rint(frac * 1000000);
    return 0;
}

/* ------------------------------------------------------------- lexing */

#define APPEND(c)                    \
    do {                             \
        if (bufp + 1 >= bufend)      \
            return DTERR_BAD_FORMAT; \
        *bufp++ = (c);               \
    } while (0)

/* ParseDateTime. buflen bounds the field storage as PostgreSQL's workbuf
 * does (longer inputs are syntax errors). */
int dt__parse(const char *str, struct dt_fields *f, size_t buflen)
{
    const char *cp = str;
    char *bufp = f->buf;
    const char *bufend = f->buf + (buflen < sizeof(f->buf) ? buflen : sizeof(f->buf));
    int nf = 0;

    while (*cp != '\0') {
        if (dt__isspace(*cp)) {
            cp++;
            continue;
        }
        if (nf >= DT_MAXDATEFIELDS)
            return DTERR_BAD_FORMAT;
        f->field[nf] = bufp;

        if (dt__isdigit(*cp)) {
            APPEND(*cp++);
            while (dt__isdigit(*cp))
                APPEND(*cp++);
            if (*cp == ':') { /* time */
                f->ftype[nf] = DTK_TIME;
                APPEND(*cp++);
                while (dt__isdigit(*cp) || *cp == ':' || *cp == '.')
                    APPEND(*cp++);
            } else if (*cp == '-' || *cp == '/' || *cp == '.') { /* date */
                char delim = *cp;
                APPEND(*cp++);
                if (dt__isdigit(*cp)) {
                    f->ftype[nf] = delim == '.' ? DTK_NUMBER : DTK_DATE;
                    while (dt__isdigit(*cp))
                        APPEND(*cp++);
                    /* three fields only with matching delimiters */
                    if (*cp == delim) {
                        f->ftype[nf] = DTK_DATE;
                        APPEND(*cp++);
                        while (dt__isdigit(*cp) || *cp == delim)
                            APPEND(*cp++);
                    }
                } else {
                    f->ftype[nf] = DTK_DATE;
                    while (dt__isalnum(*cp) || *cp == delim)
                        APPEND(to_lower(*cp++));
                }
            } else {
                f->ftype[nf] = DTK_NUMBER;
            }
        } else if (*cp == '.') { /* fractional seconds */
            APPEND(*cp++);
            while (dt__isdigit(*cp))
                APPEND(*cp++);
            f->ftype[nf] = DTK_NUMBER;
        } else if (dt__isalpha(*cp)) {
            bool is_date = false;
            f->ftype[nf] = DTK_STRING;
            APPEND(to_lower(*cp++));
            while (dt__isalpha(*cp))
                APPEND(to_lower(*cp++));
            /* A date with embedded punctuation, or a zone name like
             * America/New_York or EST5EDT -- unless what we have is a
             * keyword followed by a number ("J2451187"). */
            if (*cp == '-' || *cp == '/' || *cp == '.') {
                is_date = true;
            } else if (*cp == '+' || dt__isdigit(*cp)) {
                *bufp = '\0';
                if (dt__date_token(f->field[nf]) == NULL)
                    is_date = true;
            }
            if (is_date) {
                f->ftype[nf] = DTK_DATE;
                do {
                    APPEND(to_lower(*cp++));
                } while (*cp == '+' || *cp == '-' || *cp == '/' || *cp == '_' || *cp == '.' ||
                         *cp == ':' || dt__isalnum(*cp));
            }
        } else if (*cp == '+' || *cp == '-') { /* zone offset or special */
            APPEND(*cp++);
            while (dt__isspace(*cp))
                cp++;
            if (dt__isdigit(*cp)) {
                f->ftype[nf] = DTK_TZ;
                APPEND(*cp++);
                while (dt__isdigit(*cp) || *cp == ':' || *cp == '.' || *cp == '-')
                    APPEND(*cp++);
            } else if (dt__isalpha(*cp)) {
                f->ftype[nf] = DTK_SPECIAL;
                APPEND(to_lower(*cp++));
                while (dt__isalpha(*cp))
                    APPEND(to_lower(*cp++));
            } else {
                return DTERR_BAD_FORMAT;
            }
        } else if (is_punct(*cp)) { /* other punctuation delimits fields */
            cp++;
            continue;
        } else {
            return DTERR_BAD_FORMAT;
        }
        *bufp++ = '\0';
        nf++;
    }
    f->nf = nf;
    return 0;
}

/* DecodeTimezone: "+hh", "-hh:mm[:ss]", "+hhmm". *tzp gets seconds WEST. */
int dt__decode_timezone(const char *str, int *tzp)
{
    int tz, hr, min, sec = 0;
    char *cp;
    bool range;

    if (*str != '+' && *str != '-')
        return DTERR_BAD_FORMAT;
    hr = dt__str2int(str + 1, &cp, &range);
    if (range)
        return DTERR_TZDISP_OVERFLOW;
    if (*cp == ':') {
        min = dt__str2int(cp + 1, &cp, &range);
        if (range)
            return DTERR_TZDISP_OVERFLOW;
        if (*cp == ':') {
            sec = dt__str2int(cp + 1, &cp, &range);
            if (range)
                return DTERR_TZDISP_OVERFLOW;
        }
    } else if (*cp == '\0' && strlen(str) > 3) {
        min = hr % 100;
        hr = hr / 100;
    } else {
        min = 0;
    }
    if (hr < 0 || hr > DT_MAX_TZDISP_HOUR)
        return DTERR_TZDISP_OVERFLOW;
    if (min < 0 || min >= DT_MINS_PER_HOUR)
        return DTERR_TZDISP_OVERFLOW;
    if (sec < 0 || sec >= DT_SECS_PER_MINUTE)
        return DTERR_TZDISP_OVERFLOW;
    tz = (hr * DT_MINS_PER_HOUR + min) * DT_SECS_PER_MINUTE + sec;
    if (*str == '-')
        tz = -tz;
    *tzp = -tz;
    if (*cp != '\0')
        return DTERR_BAD_FORMAT;
    return 0;
}

/* DecodeTimeCommon: hh:mm[:ss[.frac]] or mm:ss.frac. */
int dt__decode_time_common(char *str, int range, int *tmask, struct dt_itm *itm)
{
    char *cp;
    int fsec = 0;
    int r;
    bool rg;

    *tmask = DT_TIME_M;
    itm->hour = dt__str2i64(str, &cp, &rg);
    if (rg)
        return DTERR_FIELD_OVERFLOW;
    if (*cp != ':')
        return DTERR_BAD_FORMAT;
    itm->min = dt__str2int(cp + 1, &cp, &rg);
    if (rg)
        return DTERR_FIELD_OVERFLOW;
    if (*cp == '\0') {
        itm->sec = 0;
        /* a MINUTE TO SECOND interval takes two fields as mm:ss */
        if (range == ((1 << DT_MINUTE) | (1 << DT_SECOND))) {
            if (itm->hour > INT_MAX || itm->hour < INT_MIN)
                return DTERR_FIELD_OVERFLOW;
            itm->sec = itm->min;
            itm->min = (int)itm->hour;
            itm->hour = 0;
        }
    } else if (*cp == '.') {
        /* mm:ss.sss */
        r = dt__parse_fsec(cp, &fsec);
        if (r)
            return r;
        if (itm->hour > INT_MAX || itm->hour < INT_MIN)
            return DTERR_FIELD_OVERFLOW;
        itm->sec = itm->min;
        itm->min = (int)itm->hour;
        itm->hour = 0;
    } else if (*cp == ':') {
        itm->sec = dt__str2int(cp + 1, &cp, &rg);
        if (rg)
            return DTERR_FIELD_OVERFLOW;
        if (*cp == '.') {
            r = dt__parse_fsec(cp, &fsec);
            if (r)
                return r;
        } else if (*cp != '\0') {
            return DTERR_BAD_FORMAT;
        }
    } else {
        return DTERR_BAD_FORMAT;
    }
    if (itm->hour < 0 || itm->min < 0 || itm->min > DT_MINS_PER_HOUR - 1 || itm->sec < 0 ||
        itm->sec > DT_SECS_PER_MINUTE || fsec < 0 || fsec > DT_USECS_PER_SEC)
        return DTERR_FIELD_OVERFLOW;
    itm->usec = fsec;
    return 0;
}

/* ------------------------------------------------------------- errors */

int dt__report(struct err *e, int dterr, const struct dt_parse *ps, const char *str,
               const char *type)
{
    switch (dterr) {
    case DTERR_FIELD_OVERFLOW:
        return err_set_state(e, ERR_INVAL, "22008", "date/time field value out of range: \"%s\"",
                             str);
    case DTERR_MD_FIELD_OVERFLOW:
        return err_set_state(e, ERR_INVAL, "22008",
                             "date/time field value out of range: \"%s\"\nHINT:  Perhaps you "
                             "need a different \"datestyle\" setting.",
                             str);
    case DTERR_INTERVAL_OVERFLOW:
        return err_set_state(e, ERR_INVAL, "22015", "interval field value out of range: \"%s\"",
                             str);
    case DTERR_TZDISP_OVERFLOW:
        return err_set_state(e, ERR_INVAL, "22009", "time zone displacement out of range: \"%s\"",
                             str);
    case DTERR_BAD_TIMEZONE:
        return err_set_state(e, ERR_INVAL, "22023", "time zone \"%s\" not recognized",
                             ps != NULL && ps->badzone != NULL ? ps->badzone : str);
    default:
        return err_set_state(e, ERR_INVAL, "22007", "invalid input syntax for type %s: \"%s\"",
                             type, str);
    }
}

int dt__range_err(struct err *e, const char *what)
{
    return err_set_state(e, ERR_INVAL, "22008", "%s", what);
}
