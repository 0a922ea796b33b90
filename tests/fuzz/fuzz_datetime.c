/* fuzz_datetime.c — libFuzzer target for the date/time types (sql/datetime.h).
 *
 * The first byte picks a mode and a session time zone; the rest is the input
 * (cut at the first NUL, as a C string reaches the parsers). Checked
 * properties, each an abort() when broken:
 *  - text input either fails with a SQLSTATE of class 22 or gives a value
 *    whose output text reads back as the same value (date, timestamp,
 *    timestamptz, interval, time);
 *  - binary recv accepts a value only if its text output works and send
 *    gives back the same bytes;
 *  - arithmetic, casts, extract and date_trunc on accepted values return
 *    0 or an error with a SQLSTATE, never crash, and results are in range;
 *  - zone names and AT TIME ZONE never crash.
 * Run: fuzz_datetime -max_total_time=300 tests/fuzz/datetime_seeds
 */
#include "sql/datetime.h"

#include "common/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const zones[] = {
    "UTC",          "America/New_York", "Europe/Berlin",    "Australia/Lord_Howe",
    "Asia/Kolkata", "Pacific/Chatham",  "America/Santiago", "EST5EDT"};

static const char *const units[] = {
    "microseconds",   "milliseconds", "second", "minute", "hour",    "day",        "week",
    "month",          "quarter",      "year",   "decade", "century", "millennium", "epoch",
    "julian",         "dow",          "isodow", "doy",    "isoyear", "timezone",   "timezone_hour",
    "timezone_minute"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void check_err(int r, const struct err *e)
{
    const char *st;
    if (r == 0)
        return;
    if (r > 0 || e->code != r)
        abort();
    st = err_sqlstate(e);
    /* data exceptions, feature not supported, or the zone cache limit */
    if (strncmp(st, "22", 2) != 0 && strcmp(st, "0A000") != 0 && strcmp(st, "54000") != 0)
        abort();
}

static void check_ts_range(int64_t ts)
{
    if (ts != SQL_TS_NOBEGIN && ts != SQL_TS_NOEND &&
        (ts < INT64_C(-211813488000000000) || ts >= INT64_C(9223371331200000000)))
        abort();
}

static void check_date_range(int32_t d)
{
    /* timestamptz::date may give a few days before 4714-11-24 BC, as in PG */
    if (d != SQL_DATE_NOBEGIN && d != SQL_DATE_NOEND && (d < -2451545 - 40 || d >= 2145031949))
        abort();
}

static void exercise_ts(int64_t ts, bool tz, const struct sql_dt_ctx *ctx, const char *s)
{
    struct err e = {0};
    struct sql_interval iv = {INT64_C(3600000000) * 25, 31, 13}, riv;
    struct sql_dt_part p;
    int64_t out;
    int32_t d;
    bool isnull;
    int r;

    r = tz ? sql_tstz_pl_interval(ts, &iv, ctx, &out, &e) : sql_ts_pl_interval(ts, &iv, &out, &e);
    check_err(r, &e);
    if (r == 0)
        check_ts_range(out);
    r = tz ? sql_tstz_mi_interval(ts, &iv, ctx, &out, &e) : sql_ts_mi_interval(ts, &iv, &out, &e);
    check_err(r, &e);
    if (r == 0)
        check_ts_range(out);
    check_err(sql_ts_mi(ts, 0, &riv, &e), &e);
    check_err(tz ? sql_tstz_age(ts, 0, ctx, &riv, &e) : sql_ts_age(ts, 0, &riv, &e), &e);
    r = tz ? sql_tstz_to_date(ts, ctx, &d, &e) : sql_ts_to_date(ts, &d, &e);
    check_err(r, &e);
    if (r == 0)
        check_date_range(d);
    check_err(tz ? sql_tstz_to_time(ts, ctx, &out, &isnull, &e)
                 : sql_ts_to_time(ts, &out, &isnull, &e),
              &e);
    r = tz ? sql_tstz_to_ts(ts, ctx, &out, &e) : sql_ts_to_tstz(ts, ctx, &out, &e);
    check_err(r, &e);
    for (size_t i = 0; i < NELEM(units); i++) {
        check_err(tz ? sql_tstz_extract(units[i], ts, ctx, &p, &e)
                     : sql_ts_extract(units[i], ts, &p, &e),
                  &e);
        r = tz ? sql_tstz_trunc(units[i], ts, NULL, ctx, &out, &e)
               : sql_ts_trunc(units[i], ts, &out, &e);
        check_err(r, &e);
        if (r == 0)
            check_ts_range(out);
    }
    r = tz ? sql_tstz_at_zone(ts, "Europe/Berlin", &out, &e) : sql_ts_at_zone(ts, "msk", &out, &e);
    check_err(r, &e);
    (void)s;
}

static void fuzz_date(const char *s, const struct sql_dt_ctx *ctx)
{
    struct err e = {0};
    char buf[SQL_DT_OUT_MAX];
    struct sql_dt_part p;
    struct sql_interval iv = {1, 1, 1};
    int32_t d, d2, days;
    int64_t ts;
    int r = sql_date_in(s, ctx, &d, &e);

    check_err(r, &e);
    if (r != 0)
        return;
    check_date_range(d);
    if (sql_date_out(d, buf, &e) != 0)
        abort();
    if (sql_date_in(buf, ctx, &d2, &e) != 0 || d2 != d)
        abort();
    check_err(sql_date_pl_days(d, 1000000, &d2, &e), &e);
    check_err(sql_date_mi(d, 0, &days, &e), &e);
    check_err(sql_date_pl_interval(d, &iv, &ts, &e), &e);
    check_err(sql_date_to_tstz(d, ctx, &ts, &e), &e);
    for (size_t i = 0; i < NELEM(units); i++)
        check_err(sql_date_extract(units[i], d, &p, &e), &e);
}

static void fuzz_ts(const char *s, const struct sql_dt_ctx *ctx, bool tz)
{
    struct err e = {0};
    char buf[SQL_DT_OUT_MAX];
    int64_t ts, ts2;
    int r = tz ? sql_tstz_in(s, ctx, &ts, &e) : sql_ts_in(s, ctx, &ts, &e);

    check_err(r, &e);
    if (r != 0)
        return;
    check_ts_range(ts);
    if ((tz ? sql_tstz_out(ts, ctx, buf, &e) : sql_ts_out(ts, buf, &e)) != 0)
        abort();
    if ((tz ? sql_tstz_in(buf, ctx, &ts2, &e) : sql_ts_in(buf, ctx, &ts2, &e)) != 0 || ts2 != ts)
        abort();
    exercise_ts(ts, tz, ctx, s);
}

static bool iv_eq(const struct sql_interval *a, const struct sql_interval *b)
{
    return a->time == b->time && a->day == b->day && a->month == b->month;
}

static void exercise_iv(const struct sql_interval *iv)
{
    struct err e = {0};
    struct sql_interval r, r2;
    struct sql_dt_part p;
    static const double factors[] = {0, 1, -1, 0.5, 3, 1e-3, 1e10, -2.5};

    if (sql_interval_cmp(iv, iv) != 0)
        abort();
    check_err(sql_interval_justify_days(iv, &r, &e), &e);
    check_err(sql_interval_justify_hours(iv, &r, &e), &e);
    check_err(sql_interval_justify_interval(iv, &r, &e), &e);
    if (sql_interval_um(iv, &r, &e) == 0) {
        if (sql_interval_pl(iv, &r, &r2, &e) != 0 || r2.time != 0 || r2.day != 0 || r2.month != 0)
            abort();
        if (sql_interval_cmp(iv, &r) != -sql_interval_cmp(&r, iv))
            abort();
    }
    for (size_t i = 0; i < NELEM(factors); i++) {
        check_err(sql_interval_mul(iv, factors[i], &r, &e), &e);
        check_err(sql_interval_div(iv, factors[i], &r, &e), &e);
    }
    for (size_t i = 0; i < NELEM(units); i++) {
        check_err(sql_interval_extract(units[i], iv, &p, &e), &e);
        check_err(sql_interval_trunc(units[i], iv, &r, &e), &e);
    }
}

static void fuzz_interval(const char *s)
{
    struct err e = {0};
    char buf[SQL_DT_OUT_MAX];
    struct sql_interval iv, iv2;
    int r = sql_interval_in(s, &iv, &e);

    check_err(r, &e);
    if (r != 0)
        return;
    sql_interval_out(&iv, buf);
    r = sql_interval_in(buf, &iv2, &e);
    /* PostgreSQL's own output of INT64_MIN microseconds does not read back */
    if (iv.time != INT64_MIN && (r != 0 || !iv_eq(&iv, &iv2)))
        abort();
    exercise_iv(&iv);
}

static void fuzz_time(const char *s, const struct sql_dt_ctx *ctx)
{
    struct err e = {0};
    char buf[SQL_DT_OUT_MAX];
    struct sql_dt_part p;
    int64_t t, t2;
    int r = sql_time_in(s, ctx, &t, &e);

    check_err(r, &e);
    if (r != 0)
        return;
    if (t < 0 || t > INT64_C(86400000000))
        abort();
    sql_time_out(t, buf);
    if (sql_time_in(buf, ctx, &t2, &e) != 0 || t2 != t)
        abort();
    for (size_t i = 0; i < NELEM(units); i++)
        check_err(sql_time_extract(units[i], t, &p, &e), &e);
}

static void fuzz_binary(const uint8_t *p, size_t n, const struct sql_dt_ctx *ctx)
{
    struct err e = {0};
    char buf[SQL_DT_OUT_MAX];
    uint8_t back[16];
    int32_t d;
    int64_t ts;
    struct sql_interval iv;
    int r;

    r = sql_date_recv(p, n, &d, &e);
    check_err(r, &e);
    if (r == 0) {
        sql_date_send(d, back);
        if (memcmp(back, p, 4) != 0 || sql_date_out(d, buf, &e) != 0)
            abort();
    }
    r = sql_ts_recv(p, n, &ts, &e);
    check_err(r, &e);
    if (r == 0) {
        sql_ts_send(ts, back);
        if (memcmp(back, p, 8) != 0 || sql_ts_out(ts, buf, &e) != 0 ||
            sql_tstz_out(ts, ctx, buf, &e) != 0)
            abort();
        exercise_ts(ts, true, ctx, "");
    }
    r = sql_time_recv(p, n, &ts, &e);
    check_err(r, &e);
    if (r == 0) {
        sql_time_send(ts, back);
        if (memcmp(back, p, 8) != 0)
            abort();
        sql_time_out(ts, buf);
    }
    r = sql_interval_recv(p, n, &iv, &e);
    check_err(r, &e);
    if (r == 0) {
        sql_interval_send(&iv, back);
        if (memcmp(back, p, 16) != 0)
            abort();
        sql_interval_out(&iv, buf);
        exercise_iv(&iv);
    }
}

static void fuzz_zone(const char *s, const struct sql_dt_ctx *ctx)
{
    struct err e = {0};
    const struct sql_tz *tz;
    int64_t ts = INT64_C(758000000000000), out;
    int r = sql_tz_lookup(s, &tz, &e);

    check_err(r, &e);
    if (r == 0)
        (void)sql_tz_offset_at(tz, ts);
    check_err(sql_tstz_at_zone(ts, s, &out, &e), &e);
    check_err(sql_ts_at_zone(ts, s, &out, &e), &e);
    check_err(sql_tstz_trunc("day", ts, s, ctx, &out, &e), &e);
    check_err(sql_make_tstz(2024, 3, 10, 2, 30, 0, s, ctx, &out, &e), &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct sql_tz *tzs[NELEM(zones)];
    static bool loaded;
    struct sql_dt_ctx ctx = {0};
    char s[600];
    uint8_t mode;

    if (!loaded) {
        for (size_t i = 0; i < NELEM(zones); i++)
            if (sql_tz_lookup(zones[i], &tzs[i], NULL) != 0)
                tzs[i] = sql_tz_utc();
        loaded = true;
    }
    if (size < 1 || size > sizeof(s) - 1)
        return 0;
    mode = data[0];
    data++;
    size--;
    memcpy(s, data, size);
    s[size] = '\0';
    ctx.tz = tzs[(mode >> 3) % NELEM(zones)];
    ctx.now = INT64_C(758637000123456); /* 2024-01-15 12:30:00.123456+00 */
    ctx.order = (enum sql_dt_order)((mode >> 6) % 3);

    switch (mode & 7) {
    case 0:
        fuzz_date(s, &ctx);
        break;
    case 1:
        fuzz_ts(s, &ctx, false);
        break;
    case 2:
        fuzz_ts(s, &ctx, true);
        break;
    case 3:
    case 4:
        fuzz_interval(s);
        break;
    case 5:
        fuzz_time(s, &ctx);
        break;
    case 6:
        fuzz_binary(data, size, &ctx);
        break;
    default:
        fuzz_zone(s, &ctx);
        break;
    }
    return 0;
}
