/* datetime_int.h — private header of the date/time types (datetime*.c and
 * their unit tests only).
 *
 * The token codes, masks and broken-down structs mirror PostgreSQL's
 * src/include/utils/datetime.h and datatype/timestamp.h so that the decoding
 * logic can follow src/backend/utils/adt/datetime.c step by step; keeping the
 * same numbering keeps the field masks (DT_M) comparable with PostgreSQL's
 * when reading both side by side.
 */
#ifndef SF_SQL_DATETIME_INT_H
#define SF_SQL_DATETIME_INT_H

#include "sql/datetime.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- units and epochs ---- */
#define DT_USECS_PER_DAY    INT64_C(86400000000)
#define DT_USECS_PER_HOUR   INT64_C(3600000000)
#define DT_USECS_PER_MINUTE INT64_C(60000000)
#define DT_USECS_PER_SEC    INT64_C(1000000)
#define DT_SECS_PER_DAY     86400
#define DT_SECS_PER_HOUR    3600
#define DT_SECS_PER_MINUTE  60
#define DT_MINS_PER_HOUR    60
#define DT_HOURS_PER_DAY    24
#define DT_MONTHS_PER_YEAR  12
#define DT_DAYS_PER_MONTH   30 /* interval arithmetic's month */
#define DT_DAYS_PER_YEAR    365.25

#define DT_UNIX_EPOCH_JDATE     2440588 /* date2j(1970, 1, 1) */
#define DT_POSTGRES_EPOCH_JDATE 2451545 /* date2j(2000, 1, 1) */

/* Julian-day validity (timestamp.h): Nov 1, 4714 BC .. May 31, 5874898. */
#define DT_JULIAN_MINYEAR  (-4713)
#define DT_JULIAN_MINMONTH 11
#define DT_JULIAN_MAXYEAR  5874898
#define DT_JULIAN_MAXMONTH 6

#define DT_DATETIME_MIN_JULIAN  0
#define DT_DATE_END_JULIAN      2147483494 /* date2j(5874898, 1, 1) */
#define DT_TIMESTAMP_END_JULIAN 109203528  /* date2j(294277, 1, 1) */

#define DT_MIN_TIMESTAMP INT64_C(-211813488000000000)
#define DT_END_TIMESTAMP INT64_C(9223371331200000000)

#define DT_MAX_TZDISP_HOUR 15
#define DT_MAX_PRECISION   6

/* ---- lexer field types (ftype[]) ---- */
#define DTK_NUMBER  0
#define DTK_STRING  1
#define DTK_DATE    2
#define DTK_TIME    3
#define DTK_TZ      4
#define DTK_AGO     5
#define DTK_SPECIAL 6

/* ---- token values ---- */
#define DTK_EARLY      9
#define DTK_LATE       10
#define DTK_EPOCH      11
#define DTK_NOW        12
#define DTK_YESTERDAY  13
#define DTK_TODAY      14
#define DTK_TOMORROW   15
#define DTK_ZULU       16
#define DTK_DELTA      17
#define DTK_SECOND     18
#define DTK_MINUTE     19
#define DTK_HOUR       20
#define DTK_DAY        21
#define DTK_WEEK       22
#define DTK_MONTH      23
#define DTK_QUARTER    24
#define DTK_YEAR       25
#define DTK_DECADE     26
#define DTK_CENTURY    27
#define DTK_MILLENNIUM 28
#define DTK_MILLISEC   29
#define DTK_MICROSEC   30
#define DTK_JULIAN     31
#define DTK_DOW        32
#define DTK_DOY        33
#define DTK_TZ_HOUR    34
#define DTK_TZ_MINUTE  35
#define DTK_ISOYEAR    36
#define DTK_ISODOW     37

/* ---- token types (datetkn.type), also bit positions of field masks ---- */
#define DT_RESERV        0
#define DT_MONTH         1
#define DT_YEAR          2
#define DT_DAY           3
#define DT_JULIAN        4
#define DT_TZ            5 /* fixed-offset zone abbreviation */
#define DT_DTZ           6 /* fixed-offset zone abbreviation, daylight time */
#define DT_DYNTZ         7 /* abbreviation whose meaning comes from a zone */
#define DT_IGNORE        8
#define DT_AMPM          9
#define DT_HOUR          10
#define DT_MINUTE        11
#define DT_SECOND        12
#define DT_MILLISECOND   13
#define DT_MICROSECOND   14
#define DT_DOY           15
#define DT_DOW           16
#define DT_UNITS         17
#define DT_ADBC          18
#define DT_AGO           19
#define DT_ISOTIME       23
#define DT_WEEK          24
#define DT_DECADE        25
#define DT_CENTURY       26
#define DT_MILLENNIUM    27
#define DT_DTZMOD        28 /* "dst" as a separate word */
#define DT_UNKNOWN_FIELD 31

#define DT_AM   0
#define DT_PM   1
#define DT_HR24 2
#define DT_AD   0
#define DT_BC   1

#define DT_M(t)         ((int)(1u << (t)))
#define DT_ALL_SECS_M   (DT_M(DT_SECOND) | DT_M(DT_MILLISECOND) | DT_M(DT_MICROSECOND))
#define DT_DATE_M       (DT_M(DT_YEAR) | DT_M(DT_MONTH) | DT_M(DT_DAY))
#define DT_TIME_M       (DT_M(DT_HOUR) | DT_M(DT_MINUTE) | DT_ALL_SECS_M)
#define DT_INTERVAL_ALL 0x7FFF /* INTERVAL_FULL_RANGE: no typmod */

/* ---- decoder error codes (DTERR_*), turned into messages by dt__report ---- */
#define DTERR_BAD_FORMAT        (-1)
#define DTERR_FIELD_OVERFLOW    (-2)
#define DTERR_MD_FIELD_OVERFLOW (-3) /* triggers a DateStyle hint */
#define DTERR_INTERVAL_OVERFLOW (-4)
#define DTERR_TZDISP_OVERFLOW   (-5)
#define DTERR_BAD_TIMEZONE      (-6) /* zone name in dt_parse.badzone */

#define DT_MAXDATEFIELDS 25
#define DT_MAXDATELEN    128
#define DT_TOKMAXLEN     10

/* A token table row (datetkn). token is NUL-terminated, <= DT_TOKMAXLEN. */
struct dt_tok {
    const char *token;
    int type;
    int value;
};

/* Broken-down date/time (pg_tm). Years are astronomical (1 BC == 0), months
 * 1-based. gmtoff is seconds east of UTC. */
struct dt_tm {
    int sec;
    int min;
    int hour;
    int mday;
    int mon;
    int year;
    int wday;
    int yday;
    int isdst;
    long gmtoff;
    const char *zone; /* abbreviation, borrowed from the zone, or NULL */
};

/* Broken-down interval for output (pg_itm). */
struct dt_itm {
    int usec;
    int sec;
    int min;
    int64_t hour;
    int mday;
    int mon;
    int year;
};

/* Broken-down interval for input (pg_itm_in). */
struct dt_itm_in {
    int64_t usec;
    int mday;
    int mon;
    int year;
};

/* Lexed fields of one input string (ParseDateTime's outputs). */
struct dt_fields {
    char buf[2 * DT_MAXDATELEN + DT_MAXDATEFIELDS];
    char *field[DT_MAXDATEFIELDS];
    int ftype[DT_MAXDATEFIELDS];
    int nf;
};

/* Per-call decoding state: the caller's context and where a bad zone name
 * is reported. */
struct dt_parse {
    const struct sql_dt_ctx *ctx;
    const char *badzone; /* set with DTERR_BAD_TIMEZONE; points into fields */
};

/* ---- calendar (datetime_cal.c) ---- */
int dt__date2j(int year, int month, int day);
void dt__j2date(int jd, int *year, int *month, int *day);
int dt__j2day(int jd);
bool dt__isleap(int year);
int dt__days_in_month(int year, int mon);
bool dt__valid_julian(int year, int mon, int day);
bool dt__valid_date(int32_t d);
/* Valid, or one of the few days before 4714-11-24 BC that timestamptz::date
 * yields in zones west of UTC (PostgreSQL returns those unchecked). */
bool dt__date_ok(int32_t d);
bool dt__valid_ts(int64_t ts);
void dt__dt2time(int64_t t, int *hour, int *min, int *sec, int *fsec);
int64_t dt__time2t(int hour, int min, int sec, int fsec);
int dt__date2isoweek(int year, int mon, int mday);
int dt__date2isoyear(int year, int mon, int mday);
int dt__isoweek2j(int year, int week);
/* Break ts into *tm (+ *fsec). With tz non-NULL the result is local time in
 * tz and *tzp receives the offset in PostgreSQL's sign (seconds WEST).
 * Returns 0 or -1 when ts is outside the Julian range. */
int dt__ts2tm(int64_t ts, const struct sql_tz *tz, int *tzp, struct dt_tm *tm, int *fsec);
/* Assemble tm/fsec (and *tzp, seconds west, if non-NULL) into a timestamp;
 * -1 when out of range. */
int dt__tm2ts(const struct dt_tm *tm, int fsec, const int *tzp, int64_t *out);
void dt__interval2itm(const struct sql_interval *iv, struct dt_itm *itm);
int dt__itm2interval(const struct dt_itm *itm, struct sql_interval *iv);
int64_t dt__epoch_ts(void);

/* ---- zones (datetime_tz.c) ---- */
/* Offset (seconds east of UTC), DST flag and abbreviation in effect at the
 * Unix time t. */
void dt__tz_at(const struct sql_tz *tz, int64_t t, long *gmtoff, int *isdst, const char **abbr);
/* pg_next_dst_boundary: state at t and the next transition after t.
 * Returns 1 with a boundary, 0 when none follows, -1 on failure. */
int dt__tz_next_boundary(const struct sql_tz *tz, int64_t t, long *before_gmtoff, int *before_isdst,
                         int64_t *boundary, long *after_gmtoff, int *after_isdst);
/* DetermineTimeZoneOffset: offset (seconds WEST) of local time tm in tz;
 * sets tm->isdst. *tp (may be NULL) receives the UTC Unix time. */
int dt__tz_offset_local(struct dt_tm *tm, const struct sql_tz *tz, int64_t *tp);
/* pg_interpret_timezone_abbrev: meaning of upper-case abbr in tz at Unix
 * time t; false when the zone never used it. */
bool dt__tz_abbrev_at(const struct sql_tz *tz, const char *abbr, int64_t t, long *gmtoff,
                      int *isdst);
/* DetermineTimeZoneAbbrevOffset(TS): seconds WEST. */
int dt__tz_abbrev_offset_local(struct dt_tm *tm, const char *abbr, const struct sql_tz *tz);
int dt__tz_abbrev_offset_ts(int64_t ts, const char *abbr, const struct sql_tz *tz, int *isdst);
/* Fixed offset (seconds east) when tz never changes offset. */
bool dt__tz_fixed_offset(const struct sql_tz *tz, long *gmtoff);
/* pg_tzenumerate_next: every zone file under the tz directory (hidden
 * entries and leap-second zones skipped, directory order), with the
 * abbreviation, offset (seconds east) and DST flag in force at Unix time t. */
typedef void (*dt__tz_enum_fn)(void *arg, const char *name, const char *abbr, int32_t gmtoff,
                               bool isdst);
void dt__tz_enumerate(int64_t t, dt__tz_enum_fn fn, void *arg);
/* pg_tzset: NULL when unknown (no error raised). Case-insensitive. */
const struct sql_tz *dt__tz_find(const char *name);

/* ---- abbreviations and keywords (datetime_tok.c) ---- */
const struct dt_tok *dt__abbrev_lookup(const char *lowtoken);
const struct dt_tok *dt__date_token(const char *lowtoken);
const struct dt_tok *dt__delta_token(const char *lowtoken);
/* Zone name of a DYNTZ abbreviation row. */
const char *dt__abbrev_zone(const struct dt_tok *tok);
/* The i-th abbreviation of the Default set (sorted), NULL past the end. */
const struct dt_tok *dt__abbrev_nth(int i);
int dt__decode_special(const char *lowtoken, int *val);
int dt__decode_units(const char *lowtoken, int *val);
/* DecodeTimezoneAbbrev: type TZ/DTZ/DYNTZ or DT_UNKNOWN_FIELD. */
int dt__decode_tz_abbrev(const char *lowtoken, int *offset, const struct sql_tz **tz);
/* CheckDateTokenTables: sorted, tokens fit (for tests). */
bool dt__tables_ok(void);

/* ---- character classes (ASCII only, as PostgreSQL's C-locale bytes) ---- */
static inline bool dt__isdigit(char c)
{
    return c >= '0' && c <= '9';
}
static inline bool dt__isalpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool dt__isalnum(char c)
{
    return dt__isdigit(c) || dt__isalpha(c);
}
static inline bool dt__isspace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ---- shared readers (datetime_lex.c) ---- */
/* strtoint / strtoi64: *range is set on overflow (ERANGE). */
int dt__str2int(const char *s, char **end, bool *range);
int64_t dt__str2i64(const char *s, char **end, bool *range);
/* ParseFraction: "." and optional digits to the end; ParseFractionalSecond
 * rounds it to microseconds. */
int dt__parse_fraction(const char *cp, double *frac);
int dt__parse_fsec(const char *cp, int *fsec);
/* DecodeTimeCommon: hh:mm[:ss[.frac]] or mm:ss.frac into itm. */
int dt__decode_time_common(char *str, int range, int *tmask, struct dt_itm *itm);

/* ---- text decoding (datetime_lex.c, datetime_parse.c, datetime_ivparse.c) ---- */
int dt__parse(const char *str, struct dt_fields *f, size_t buflen);
int dt__decode_datetime(struct dt_fields *f, struct dt_parse *ps, int *dtype, struct dt_tm *tm,
                        int *fsec, int *tzp);
int dt__decode_timeonly(struct dt_fields *f, struct dt_parse *ps, int *dtype, struct dt_tm *tm,
                        int *fsec, int *tzp);
int dt__decode_timezone(const char *str, int *tzp);
int dt__decode_interval(struct dt_fields *f, int range, bool sqlstd, int *dtype,
                        struct dt_itm_in *itm);
int dt__decode_iso8601_interval(const char *str, int *dtype, struct dt_itm_in *itm);
int dt__validate_date(int fmask, bool isjulian, bool is2digits, bool bc, struct dt_tm *tm);
/* DateTimeParseError: fills e with the SQLSTATE and message PostgreSQL uses. */
int dt__report(struct err *e, int dterr, const struct dt_parse *ps, const char *str,
               const char *type);
/* Lower-case and truncate an identifier like downcase_truncate_identifier
 * (ASCII only, at most 63 bytes). */
void dt__downcase(const char *in, char *out, size_t cap);

/* ---- text encoding (datetime_format.c) ---- */
void dt__encode_date(const struct dt_tm *tm, char *str);
void dt__encode_time(const struct dt_tm *tm, int fsec, bool print_tz, int tz, char *str);
void dt__encode_datetime(const struct dt_tm *tm, int fsec, bool print_tz, int tz, char *str);
void dt__encode_interval(const struct dt_itm *itm, char *str);
/* DateStyle and IntervalStyle variants (EncodeDateOnly, EncodeDateTime with
 * tzn = tm->zone, EncodeInterval). */
void dt__encode_date_style(const struct dt_tm *tm, enum sql_dt_style style, enum sql_dt_order order,
                           char *str);
void dt__encode_datetime_style(const struct dt_tm *tm, int fsec, bool print_tz, int tz,
                               enum sql_dt_style style, enum sql_dt_order order, char *str);
void dt__encode_interval_style(const struct dt_itm *itm, enum sql_iv_style style, char *str);

/* ---- arithmetic helpers (datetime_arith.c) ---- */
/* The zone argument of date_trunc(..., zone): abbreviation or name. */
int dt__zone_arg(const char *zone, const struct sql_tz **out, struct err *e);

/* ---- errors shared by several files ---- */
int dt__range_err(struct err *e, const char *what);

/* Explicit switch fall-through (gcc and clang). */
#define DT_FALLTHROUGH __attribute__((fallthrough))

/* Checked arithmetic. */
static inline bool dt__add32(int32_t a, int32_t b, int32_t *r)
{
    return __builtin_add_overflow(a, b, r);
}
static inline bool dt__mul32(int32_t a, int32_t b, int32_t *r)
{
    return __builtin_mul_overflow(a, b, r);
}
static inline bool dt__add64(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_add_overflow(a, b, r);
}
static inline bool dt__sub64(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_sub_overflow(a, b, r);
}
static inline bool dt__mul64(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_mul_overflow(a, b, r);
}

#endif
