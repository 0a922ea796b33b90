/* datetime.h — PostgreSQL 15's date, timestamp, timestamptz, interval and time
 * types: text and binary I/O, arithmetic, casts, extract/date_part/date_trunc.
 *
 * Behaviour follows PostgreSQL 15 (src/backend/utils/adt/{datetime,date,
 * timestamp}.c) with DateStyle ISO, IntervalStyle postgres and the "Default"
 * timezone_abbreviations set: the same accepted inputs, the same output text
 * and the same errors (SQLSTATE and message text).
 *
 * Representations (the same as PostgreSQL's, so binary I/O is a byte swap):
 *   date         int32_t days since 2000-01-01; INT32_MIN/INT32_MAX are
 *                -infinity/infinity. Range 4714-11-24 BC .. 5874897-12-31.
 *   timestamp,   int64_t microseconds since 2000-01-01 00:00:00 (UTC for
 *   timestamptz  timestamptz); INT64_MIN/INT64_MAX are -infinity/infinity.
 *                Range 4714-11-24 00:00 BC .. 294276-12-31 23:59:59.999999.
 *   interval     struct sql_interval {time usec, day, month}; no infinities.
 *   time         int64_t microseconds since midnight, 0 .. 24:00:00.
 *
 * Binary (wire) formats, all big-endian, as PostgreSQL's send/recv:
 *   date      OFFSET 0 SIZE 4  days (int32)
 *   timestamp OFFSET 0 SIZE 8  microseconds (int64), also timestamptz, time
 *   interval  OFFSET 0 SIZE 8  time (int64 microseconds)
 *             OFFSET 8 SIZE 4  day (int32)
 *             OFFSET 12 SIZE 4 month (int32)
 *
 * Errors: every function that can fail returns 0 or a negative ERR_* code
 * (ERR_INVAL for bad input and out-of-range values, ERR_UNSUPPORTED for
 * 0A000 "not supported", ERR_LIMIT when the zone cache is full) and fills e
 * (may be NULL) with PostgreSQL's SQLSTATE and message, e.g. 22007 `invalid
 * input syntax for type date: "x"`, 22008 `date/time field value out of
 * range: "x"`, 22008 `timestamp out of range`, 22015 `interval field value
 * out of range: "x"`, 22009 `time zone displacement out of range: "x"`,
 * 22023 `time zone "x" not recognized`. PostgreSQL's HINT and DETAIL lines
 * (DateStyle hint, "Months usually have fractional weeks") are not carried.
 * On error the outputs are unspecified.
 *
 * Where PostgreSQL 15 itself wraps around instead of checking (timestamp -
 * timestamp, timestamp - interval with INT_MIN fields, make_interval's
 * integer fields) the same wrapped result is produced, without undefined
 * behaviour; everywhere else an overflow is an error, never a wrap.
 *
 * Values are passed by value or through caller-owned out-parameters; no
 * function allocates memory the caller must free. Text outputs go to a
 * caller buffer of at least SQL_DT_OUT_MAX bytes.
 *
 * Time: nothing here reads the clock. 'now', 'today', 'tomorrow' and
 * 'yesterday' use ctx->now; the session TimeZone is ctx->tz.
 *
 * Thread safety: all functions are reentrant. Zones come from a process-wide
 * cache guarded by a mutex; a zone handle is immutable and lives until
 * sql_tz_cache_clear(). The cache keeps at most 8192 distinct names (POSIX
 * TZ strings are unbounded); past that, new names are not recognized.
 */
#ifndef SF_SQL_DATETIME_H
#define SF_SQL_DATETIME_H

#include "common/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SQL_DATE_NOBEGIN INT32_MIN
#define SQL_DATE_NOEND   INT32_MAX
#define SQL_TS_NOBEGIN   INT64_MIN
#define SQL_TS_NOEND     INT64_MAX

/* Size of every text output buffer (PostgreSQL's MAXDATELEN + 1). */
#define SQL_DT_OUT_MAX 129

struct sql_interval {
    int64_t time;  /* microseconds */
    int32_t day;   /* days, kept apart from time (DST) */
    int32_t month; /* months, kept apart from days */
};
_Static_assert(sizeof(struct sql_interval) == 16, "interval is 16 bytes");

/* A loaded time zone (opaque, immutable). */
struct sql_tz;

/* DateStyle's field order for ambiguous numeric dates ('01/02/03'). */
enum sql_dt_order { SQL_DT_MDY = 0, SQL_DT_DMY, SQL_DT_YMD };
/* DateStyle's output format and IntervalStyle (zero: ISO, postgres). */
enum sql_dt_style { SQL_DS_ISO = 0, SQL_DS_SQL, SQL_DS_POSTGRES, SQL_DS_GERMAN };
enum sql_iv_style {
    SQL_IS_POSTGRES = 0,
    SQL_IS_POSTGRES_VERBOSE,
    SQL_IS_SQL_STANDARD,
    SQL_IS_ISO8601
};

/* Session settings the functions need. A zeroed struct means TimeZone UTC,
 * now = 2000-01-01 00:00 UTC, DateStyle MDY. */
struct sql_dt_ctx {
    const struct sql_tz *tz; /* session TimeZone; NULL means UTC */
    int64_t now;             /* transaction start time (a timestamptz) */
    enum sql_dt_order order;
    enum sql_dt_style style;   /* output of date, timestamp[tz] */
    enum sql_iv_style ivstyle; /* output of interval */
};

/* ------------------------------------------------------------------ zones */

/* Find a zone by name as SET TIME ZONE does: an IANA name from the tz
 * database (case-insensitive), or a POSIX TZ string ('UTC+5', 'EST5EDT').
 * *out is borrowed until sql_tz_cache_clear(). Errors: ERR_INVAL, 22023
 * `time zone "name" not recognized`. */
int sql_tz_lookup(const char *name, const struct sql_tz **out, struct err *e);
/* The UTC zone (never fails). Borrowed, as above. */
const struct sql_tz *sql_tz_utc(void);
/* A fixed zone utoff seconds east of UTC (|utoff| < 24h), as SET TIME ZONE
 * INTERVAL '+05:30' gives. Borrowed, as above. */
int sql_tz_fixed(int32_t utoff, const struct sql_tz **out, struct err *e);
/* Canonical name ("America/New_York"). Borrowed for the zone's life. */
const char *sql_tz_name(const struct sql_tz *tz);
/* UTC offset (seconds east) in effect at timestamptz ts (finite). */
int32_t sql_tz_offset_at(const struct sql_tz *tz, int64_t ts);
/* Directory of the tz database; default /usr/share/zoneinfo. Call before the
 * first lookup; dir is copied. */
void sql_tz_set_dir(const char *dir);
/* Free every cached zone. Only when no handle is in use (tests, shutdown). */
void sql_tz_cache_clear(void);

/* ------------------------------------------------------------- text I/O */
/* Input follows PostgreSQL's parser (ParseDateTime/DecodeDateTime): ISO 8601
 * with ' ' or 'T', offsets (+05:30, Z, UTC, abbreviations such as EST or
 * MSK, zone names such as America/New_York), month names, BC, Julian days
 * (J2451187), 'epoch', 'infinity', 'now', 'today', ... ctx may be NULL
 * (UTC, MDY, now = 2000-01-01). Output is DateStyle ISO and IntervalStyle
 * postgres: '2024-01-15 10:30:00.123456+00', '1 year 2 mons 3 days
 * 04:05:06.5', '-1 days +02:00:00', 'infinity', '0044-03-15 BC'.
 * Output functions write at most SQL_DT_OUT_MAX bytes including the NUL and
 * fail (22008) only for values outside the type's range. */

int sql_date_in(const char *str, const struct sql_dt_ctx *ctx, int32_t *out, struct err *e);
int sql_date_out(int32_t d, char *buf, struct err *e);
/* The same in ctx's DateStyle / IntervalStyle (ctx NULL: ISO, postgres). */
int sql_date_out_ctx(int32_t d, const struct sql_dt_ctx *ctx, char *buf, struct err *e);
int sql_ts_out_ctx(int64_t ts, const struct sql_dt_ctx *ctx, char *buf, struct err *e);
void sql_interval_out_ctx(const struct sql_interval *iv, const struct sql_dt_ctx *ctx, char *buf);
int sql_ts_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
int sql_ts_out(int64_t ts, char *buf, struct err *e);
int sql_tstz_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
int sql_tstz_out(int64_t ts, const struct sql_dt_ctx *ctx, char *buf, struct err *e);
int sql_interval_in(const char *str, struct sql_interval *out, struct err *e);
/* interval_in with a typmod (its field range decides what a number without
 * a unit is: '1 2' DAY TO HOUR is a day and two hours) and the session's
 * IntervalStyle (sql_standard spreads a leading '-'; ctx may be NULL). */
int sql_interval_in_typmod(const char *str, int32_t typmod, const struct sql_dt_ctx *ctx,
                           struct sql_interval *out, struct err *e);
void sql_interval_out(const struct sql_interval *iv, char *buf);
int sql_time_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
/* t outside 0 .. 24:00:00 (never produced here) prints clamped. */
void sql_time_out(int64_t t, char *buf);

/* ----------------------------------------------------------- binary I/O */
/* send writes exactly 4, 8 or 16 bytes; recv checks the length (22P03
 * `incorrect binary data format`) and the range as PostgreSQL does (22008
 * `date out of range` / `timestamp out of range`, 22003 `time out of
 * range`). Intervals accept any 16 bytes, as PostgreSQL 15 does. */
void sql_date_send(int32_t d, uint8_t out[4]);
int sql_date_recv(const uint8_t *p, size_t n, int32_t *out, struct err *e);
void sql_ts_send(int64_t ts, uint8_t out[8]); /* also timestamptz */
int sql_ts_recv(const uint8_t *p, size_t n, int64_t *out, struct err *e);
void sql_interval_send(const struct sql_interval *iv, uint8_t out[16]);
int sql_interval_recv(const uint8_t *p, size_t n, struct sql_interval *out, struct err *e);
void sql_time_send(int64_t t, uint8_t out[8]);
int sql_time_recv(const uint8_t *p, size_t n, int64_t *out, struct err *e);

/* ---------------------------------------------------------- comparisons */
int sql_date_cmp(int32_t a, int32_t b);
int sql_ts_cmp(int64_t a, int64_t b); /* also timestamptz, time */
/* Intervals compare as months*30 + days + time (24-hour days), so
 * '1 mon' = '30 days' = '720 hours'. */
int sql_interval_cmp(const struct sql_interval *a, const struct sql_interval *b);

/* ----------------------------------------------------------- arithmetic */
/* date + int, date - int: 22008 `date out of range`; infinities unchanged. */
int sql_date_pl_days(int32_t d, int32_t days, int32_t *out, struct err *e);
int sql_date_mi_days(int32_t d, int32_t days, int32_t *out, struct err *e);
/* date - date in days: 22008 `cannot subtract infinite dates`. */
int sql_date_mi(int32_t a, int32_t b, int32_t *out, struct err *e);
/* date +/- interval gives a timestamp. */
int sql_date_pl_interval(int32_t d, const struct sql_interval *iv, int64_t *out, struct err *e);
int sql_date_mi_interval(int32_t d, const struct sql_interval *iv, int64_t *out, struct err *e);
/* timestamp +/- interval: months first (day of month clamped to the month's
 * length), then days, then time. 22008 `timestamp out of range`. */
int sql_ts_pl_interval(int64_t ts, const struct sql_interval *iv, int64_t *out, struct err *e);
int sql_ts_mi_interval(int64_t ts, const struct sql_interval *iv, int64_t *out, struct err *e);
/* timestamptz +/- interval: months and days are added in local time of
 * ctx->tz (so '1 day' across a DST change keeps the wall-clock time). */
int sql_tstz_pl_interval(int64_t ts, const struct sql_interval *iv, const struct sql_dt_ctx *ctx,
                         int64_t *out, struct err *e);
int sql_tstz_mi_interval(int64_t ts, const struct sql_interval *iv, const struct sql_dt_ctx *ctx,
                         int64_t *out, struct err *e);
/* timestamp - timestamp (either kind): justify_hours of the difference.
 * 22008 `cannot subtract infinite timestamps` / `interval out of range`. */
int sql_ts_mi(int64_t a, int64_t b, struct sql_interval *out, struct err *e);
/* age(): symbolic difference in years/months/days; tstz in ctx->tz. */
int sql_ts_age(int64_t a, int64_t b, struct sql_interval *out, struct err *e);
int sql_tstz_age(int64_t a, int64_t b, const struct sql_dt_ctx *ctx, struct sql_interval *out,
                 struct err *e);
/* interval arithmetic: 22008 `interval out of range`; division by zero is
 * 22012 `division by zero`. */
int sql_interval_pl(const struct sql_interval *a, const struct sql_interval *b,
                    struct sql_interval *out, struct err *e);
int sql_interval_mi(const struct sql_interval *a, const struct sql_interval *b,
                    struct sql_interval *out, struct err *e);
int sql_interval_um(const struct sql_interval *a, struct sql_interval *out, struct err *e);
int sql_interval_mul(const struct sql_interval *a, double f, struct sql_interval *out,
                     struct err *e);
int sql_interval_div(const struct sql_interval *a, double f, struct sql_interval *out,
                     struct err *e);
int sql_interval_justify_days(const struct sql_interval *a, struct sql_interval *out,
                              struct err *e);
int sql_interval_justify_hours(const struct sql_interval *a, struct sql_interval *out,
                               struct err *e);
int sql_interval_justify_interval(const struct sql_interval *a, struct sql_interval *out,
                                  struct err *e);

/* ---------------------------------------------------------------- casts */
int sql_date_to_ts(int32_t d, int64_t *out, struct err *e);
int sql_date_to_tstz(int32_t d, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
int sql_ts_to_date(int64_t ts, int32_t *out, struct err *e);
int sql_tstz_to_date(int64_t ts, const struct sql_dt_ctx *ctx, int32_t *out, struct err *e);
int sql_ts_to_tstz(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
int sql_tstz_to_ts(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
/* timestamp -> time: *is_null is set for infinite inputs (SQL NULL). */
int sql_ts_to_time(int64_t ts, int64_t *out, bool *is_null, struct err *e);
int sql_tstz_to_time(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *out, bool *is_null,
                     struct err *e);

/* AT TIME ZONE. zone is a text argument: an abbreviation ('EST', 'MSK'), a
 * zone name or a POSIX TZ string, as PostgreSQL 15 resolves it.
 * timestamptz AT TIME ZONE zone -> timestamp (wall clock in zone). */
int sql_tstz_at_zone(int64_t ts, const char *zone, int64_t *out, struct err *e);
/* timestamp AT TIME ZONE zone -> timestamptz (ts read as wall clock in zone). */
int sql_ts_at_zone(int64_t ts, const char *zone, int64_t *out, struct err *e);
/* AT TIME ZONE INTERVAL: the interval (no months/days) is the UTC offset. */
int sql_tstz_at_offset(int64_t ts, const struct sql_interval *zone, int64_t *out, struct err *e);
int sql_ts_at_offset(int64_t ts, const struct sql_interval *zone, int64_t *out, struct err *e);

/* ------------------------------------------------------------- functions */

/* Result of extract() / date_part().
 *   kind == SQL_DT_PART_NULL: SQL NULL (e.g. date_part('day', 'infinity')).
 *   kind == SQL_DT_PART_POS_INF / NEG_INF: numeric/float8 +/-Infinity.
 *   kind == SQL_DT_PART_VALUE: num is the value of extract() (PostgreSQL 15
 *   returns numeric) as the exact decimal text PostgreSQL prints, with its
 *   scale ("5.000000", "2460325.43750000000000000000"), for the caller to
 *   feed to its numeric input; f8 is date_part()'s float8 result. */
enum sql_dt_part_kind {
    SQL_DT_PART_VALUE = 0,
    SQL_DT_PART_NULL,
    SQL_DT_PART_POS_INF,
    SQL_DT_PART_NEG_INF
};
struct sql_dt_part {
    enum sql_dt_part_kind kind;
    double f8;
    char num[64];
};

/* field is the unit text ('year', 'EPOCH', 'microseconds', ...). Unknown
 * units: 22023 `unit "x" not recognized for type T`; known but unsupported:
 * 0A000 `unit "x" not supported for type T`.
 * date_part(text, date) is sql_ts_extract on sql_date_to_ts's result;
 * sql_date_extract is extract(field FROM date). */
int sql_ts_extract(const char *field, int64_t ts, struct sql_dt_part *out, struct err *e);
int sql_tstz_extract(const char *field, int64_t ts, const struct sql_dt_ctx *ctx,
                     struct sql_dt_part *out, struct err *e);
int sql_date_extract(const char *field, int32_t d, struct sql_dt_part *out, struct err *e);
int sql_interval_extract(const char *field, const struct sql_interval *iv, struct sql_dt_part *out,
                         struct err *e);
int sql_time_extract(const char *field, int64_t t, struct sql_dt_part *out, struct err *e);

/* date_trunc(field, value[, zone]). For timestamptz the truncation happens
 * in zone (a name as for AT TIME ZONE) or, when zone is NULL, in ctx->tz. */
int sql_ts_trunc(const char *field, int64_t ts, int64_t *out, struct err *e);
int sql_tstz_trunc(const char *field, int64_t ts, const char *zone, const struct sql_dt_ctx *ctx,
                   int64_t *out, struct err *e);
int sql_interval_trunc(const char *field, const struct sql_interval *iv, struct sql_interval *out,
                       struct err *e);

/* make_date / make_timestamp / make_timestamptz / make_interval. Negative
 * years are BC. make_timestamptz uses zone when non-NULL, else ctx->tz. */
int sql_make_date(int32_t year, int32_t mon, int32_t mday, int32_t *out, struct err *e);
int sql_make_ts(int32_t year, int32_t mon, int32_t mday, int32_t hour, int32_t min, double sec,
                int64_t *out, struct err *e);
int sql_make_tstz(int32_t year, int32_t mon, int32_t mday, int32_t hour, int32_t min, double sec,
                  const char *zone, const struct sql_dt_ctx *ctx, int64_t *out, struct err *e);
int sql_make_interval(int32_t years, int32_t months, int32_t weeks, int32_t days, int32_t hours,
                      int32_t mins, double secs, struct sql_interval *out, struct err *e);
/* to_timestamp(double precision): Unix epoch seconds to timestamptz. */
int sql_to_timestamp(double secs, int64_t *out, struct err *e);

/* ------------------------------------------------- time with time zone */
/* timetz: t microseconds since midnight (0 .. 24:00:00) and zone in
 * seconds WEST of UTC (PostgreSQL's TimeTzADT). Binary format: OFFSET 0
 * SIZE 8 time (int64), OFFSET 8 SIZE 4 zone (int32). Implemented in
 * datetime_timetz.c; binary I/O in datetime_io.c, extract in
 * datetime_field.c. */
int sql_timetz_in(const char *str, const struct sql_dt_ctx *ctx, int64_t *t, int32_t *zone,
                  struct err *e);
void sql_timetz_out(int64_t t, int32_t zone, char *buf);
void sql_timetz_send(int64_t t, int32_t zone, uint8_t out[12]);
int sql_timetz_recv(const uint8_t *p, size_t n, int64_t *t, int32_t *zone, struct err *e);
/* By UTC-normalised time, then zone. */
int sql_timetz_cmp(int64_t t1, int32_t z1, int64_t t2, int32_t z2);
/* time -> timetz: the session zone's offset today at that time. */
int sql_time_to_timetz(int64_t t, const struct sql_dt_ctx *ctx, int32_t *zone, struct err *e);
/* timestamptz -> timetz in the session zone; infinities give NULL. */
int sql_tstz_to_timetz(int64_t ts, const struct sql_dt_ctx *ctx, int64_t *t, int32_t *zone,
                       bool *is_null, struct err *e);
/* timetz AT TIME ZONE text / interval (a zone name's offset is the one in
 * effect at ctx->now). */
int sql_timetz_at_zone(int64_t t, int32_t zone, const char *name, const struct sql_dt_ctx *ctx,
                       int64_t *out_t, int32_t *out_zone, struct err *e);
int sql_timetz_at_offset(int64_t t, int32_t zone, const struct sql_interval *iv, int64_t *out_t,
                         int32_t *out_zone, struct err *e);
/* timetz +/- interval: the time part only, modulo 24 hours. */
int64_t sql_timetz_pl_interval(int64_t t, const struct sql_interval *iv, bool minus);
/* date + timetz -> timestamptz. */
int sql_date_pl_timetz(int32_t d, int64_t t, int32_t zone, int64_t *out, struct err *e);
int sql_timetz_extract(const char *field, int64_t t, int32_t zone, struct sql_dt_part *out,
                       struct err *e);

#endif
