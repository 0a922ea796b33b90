/* func_dtfmt.c — to_date(text, text) and to_timestamp(text, text): the
 * input read against a template (formatting.c DCH_from_char of PostgreSQL
 * 15, the common patterns): YYYY YYY YY Y Y,YYY MM DD DDD HH HH12 HH24 MI SS
 * MS US FF1..FF6 AM PM A.M. P.M. MONTH Month month MON Mon mon DAY Day day
 * DY Dy dy J; other template characters skip one input character, spaces
 * skip spaces, double-quoted text skips its length. Not FX (exact) mode.
 */
#include "common/err.h"
#include "common/mem.h"
#include "sql/datetime.h"
#include "sql/datetime_int.h"
#include "sql/env.h"
#include "sql/func_int.h"
#include "sql/numeric.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};
static const char *const days[] = {"sunday",   "monday", "tuesday", "wednesday",
                                   "thursday", "friday", "saturday"};

struct dtparse {
    int64_t year;
    int mon, mday, yday, hour, min, sec, usec;
    int clock12; /* 0 none, 1 am, 2 pm */
    bool has_hh12, has_year, has_julian;
    int yearlen;
    int64_t julian;
};

static bool pfx_ci(const char *f, size_t flen, const char *k)
{
    size_t l = strlen(k);
    if (l > flen)
        return false;
    for (size_t i = 0; i < l; i++)
        if (tolower((unsigned char)f[i]) != tolower((unsigned char)k[i]))
            return false;
    return true;
}

static int bad_value(struct err *e, const char *s, size_t len, const char *field,
                     const char *detail)
{
    size_t l = 0;
    while (l < len && !isspace((unsigned char)s[l]) && l < 32)
        l++;
    return err_set_state(e, ERR_INVAL, "22007",
                         "invalid value \"%.*s\" for \"%s\"" SQL_NUM_DETAIL_SEP "%s", (int)l, s,
                         field, detail);
}

/* Read up to maxd digits (maxd 0: any number) with an optional sign. */
static int read_int(const char **sp, const char *end, int maxd, bool sign, const char *field,
                    int64_t *out, struct err *e)
{
    const char *s = *sp;
    while (s < end && *s == ' ')
        s++;
    const char *st = s;
    bool neg = false;
    if (sign && s < end && (*s == '-' || *s == '+')) {
        neg = *s == '-';
        s++;
    }
    int64_t v = 0;
    int nd = 0;
    while (s < end && isdigit((unsigned char)*s) && (maxd == 0 || nd < maxd) && nd < 18) {
        v = v * 10 + (*s - '0');
        s++;
        nd++;
    }
    if (nd == 0) {
        if (st >= end)
            return err_set_state(
                e, ERR_INVAL, "22007",
                "source string too short for \"%s\" formatting field" SQL_NUM_DETAIL_SEP
                "Field requires %d characters, but only 0 remain.",
                field, maxd ? maxd : 1);
        return bad_value(e, st, (size_t)(end - st), field, "Value must be an integer.");
    }
    *out = neg ? -v : v;
    *sp = s;
    return 0;
}

static int read_name(const char **sp, const char *end, const char *const *names, int n,
                     size_t abbrev, const char *field, int *out, struct err *e)
{
    const char *s = *sp;
    while (s < end && *s == ' ')
        s++;
    for (int i = 0; i < n; i++) {
        size_t l = abbrev ? abbrev : strlen(names[i]);
        if ((size_t)(end - s) >= l) {
            bool ok = true;
            for (size_t k = 0; k < l; k++)
                if (tolower((unsigned char)s[k]) != names[i][k]) {
                    ok = false;
                    break;
                }
            if (ok) {
                *out = i;
                *sp = s + l;
                return 0;
            }
        }
    }
    return bad_value(e, s, (size_t)(end - s), field,
                     "The given value did not match any of the allowed values for this field.");
}

static int parse_dt(const char *in, size_t inlen, const char *f, size_t flen, struct dtparse *p,
                    struct err *e)
{
    const char *s = in, *end = in + inlen;
    int64_t v;
    int rc, k;
    memset(p, 0, sizeof(*p));
    p->mon = 1;
    p->mday = 1;
    p->year = 1;
    for (size_t i = 0; i < flen;) {
        const char *fp = f + i;
        size_t left = flen - i;
        if (pfx_ci(fp, left, "FM") || pfx_ci(fp, left, "FX")) {
            i += 2;
            continue;
        }
        if (pfx_ci(fp, left, "Y,YYY")) {
            int64_t th, rest;
            if ((rc = read_int(&s, end, 0, false, "Y,YYY", &th, e)) < 0)
                return rc;
            if (s < end && *s == ',')
                s++;
            if ((rc = read_int(&s, end, 3, false, "Y,YYY", &rest, e)) < 0)
                return rc;
            p->year = th * 1000 + rest;
            p->has_year = true;
            p->yearlen = 4;
            i += 5;
        } else if (pfx_ci(fp, left, "YYYY")) {
            /* Greedy unless another field follows without a separator. */
            int maxd = left > 4 && isalnum((unsigned char)fp[4]) ? 4 : 0;
            if ((rc = read_int(&s, end, maxd, true, "YYYY", &p->year, e)) < 0)
                return rc;
            p->has_year = true;
            p->yearlen = 4;
            i += 4;
        } else if (pfx_ci(fp, left, "YYY") || pfx_ci(fp, left, "YY") || pfx_ci(fp, left, "Y")) {
            int l = pfx_ci(fp, left, "YYY") ? 3 : pfx_ci(fp, left, "YY") ? 2 : 1;
            const char *st = s;
            while (st < end && *st == ' ')
                st++;
            if ((rc = read_int(&s, end, l, false, l == 3 ? "YYY" : l == 2 ? "YY" : "Y", &v, e)) < 0)
                return rc;
            int nd = (int)(s - st);
            if (nd <= 2 && l >= 2)
                v = v < 70 ? v + 2000 : v + 1900;
            else if (nd == 3)
                v = v < 520 ? v + 2000 : v + 1000;
            else if (nd == 1)
                v += 2000;
            p->year = v;
            p->has_year = true;
            p->yearlen = l;
            i += (size_t)l;
        } else if (pfx_ci(fp, left, "MONTH")) {
            if ((rc = read_name(&s, end, months, 12, 0, "MONTH", &k, e)) < 0)
                return rc;
            p->mon = k + 1;
            i += 5;
        } else if (pfx_ci(fp, left, "MON")) {
            if ((rc = read_name(&s, end, months, 12, 3, "MON", &k, e)) < 0)
                return rc;
            p->mon = k + 1;
            i += 3;
        } else if (pfx_ci(fp, left, "MM")) {
            if ((rc = read_int(&s, end, 2, false, "MM", &v, e)) < 0)
                return rc;
            p->mon = (int)v;
            i += 2;
        } else if (pfx_ci(fp, left, "MI")) {
            if ((rc = read_int(&s, end, 2, false, "MI", &v, e)) < 0)
                return rc;
            p->min = (int)v;
            i += 2;
        } else if (pfx_ci(fp, left, "MS")) {
            const char *st = s;
            if ((rc = read_int(&s, end, 3, false, "MS", &v, e)) < 0)
                return rc;
            for (int nd = (int)(s - st); nd < 3; nd++)
                v *= 10;
            p->usec += (int)v * 1000;
            i += 2;
        } else if (pfx_ci(fp, left, "US") ||
                   (pfx_ci(fp, left, "FF") && left >= 3 && fp[2] >= '1' && fp[2] <= '6')) {
            int l = fp[0] == 'U' || fp[0] == 'u' ? 6 : fp[2] - '0';
            const char *st = s;
            while (st < end && *st == ' ')
                st++;
            if ((rc = read_int(&s, end, l, false,
                               l == 6 && (fp[0] == 'U' || fp[0] == 'u') ? "US" : "FF", &v, e)) < 0)
                return rc;
            for (int nd = (int)(s - st); nd < 6; nd++)
                v *= 10;
            p->usec += (int)v;
            i += fp[0] == 'U' || fp[0] == 'u' ? 2 : 3;
        } else if (pfx_ci(fp, left, "DDD")) {
            if ((rc = read_int(&s, end, 3, false, "DDD", &v, e)) < 0)
                return rc;
            p->yday = (int)v;
            i += 3;
        } else if (pfx_ci(fp, left, "DD")) {
            if ((rc = read_int(&s, end, 2, false, "DD", &v, e)) < 0)
                return rc;
            p->mday = (int)v;
            i += 2;
        } else if (pfx_ci(fp, left, "DAY")) {
            if ((rc = read_name(&s, end, days, 7, 0, "DAY", &k, e)) < 0)
                return rc;
            i += 3;
        } else if (pfx_ci(fp, left, "DY")) {
            if ((rc = read_name(&s, end, days, 7, 3, "DY", &k, e)) < 0)
                return rc;
            i += 2;
        } else if (pfx_ci(fp, left, "HH24")) {
            if ((rc = read_int(&s, end, 2, false, "HH24", &v, e)) < 0)
                return rc;
            p->hour = (int)v;
            i += 4;
        } else if (pfx_ci(fp, left, "HH12") || pfx_ci(fp, left, "HH")) {
            int l = pfx_ci(fp, left, "HH12") ? 4 : 2;
            if ((rc = read_int(&s, end, 2, false, l == 4 ? "HH12" : "HH", &v, e)) < 0)
                return rc;
            if (v < 1 || v > 12)
                return err_set_state(
                    e, ERR_INVAL, "22008",
                    "hour \"%d\" is invalid for the 12-hour clock" SQL_FUNC_HINT_SEP
                    "Use the 24-hour clock, or give an hour between 1 and 12.",
                    (int)v);
            p->hour = (int)v;
            p->has_hh12 = true;
            i += (size_t)l;
        } else if (pfx_ci(fp, left, "SSSSS")) {
            if ((rc = read_int(&s, end, 5, false, "SSSSS", &v, e)) < 0)
                return rc;
            p->hour = (int)(v / 3600);
            p->min = (int)(v / 60 % 60);
            p->sec = (int)(v % 60);
            i += 5;
        } else if (pfx_ci(fp, left, "SS")) {
            if ((rc = read_int(&s, end, 2, false, "SS", &v, e)) < 0)
                return rc;
            p->sec = (int)v;
            i += 2;
        } else if (pfx_ci(fp, left, "A.M.") || pfx_ci(fp, left, "P.M.") || pfx_ci(fp, left, "AM") ||
                   pfx_ci(fp, left, "PM")) {
            size_t l = fp[1] == '.' ? 4 : 2;
            while (s < end && *s == ' ')
                s++;
            if (pfx_ci(s, (size_t)(end - s), l == 4 ? "A.M." : "AM"))
                p->clock12 = 1;
            else if (pfx_ci(s, (size_t)(end - s), l == 4 ? "P.M." : "PM"))
                p->clock12 = 2;
            else
                return bad_value(e, s, (size_t)(end - s), l == 4 ? "A.M." : "AM",
                                 "The given value did not match any of the allowed values for "
                                 "this field.");
            s += l;
            i += l;
        } else if (fp[0] == 'J' && !(left > 1 && isalpha((unsigned char)fp[1]))) {
            if ((rc = read_int(&s, end, 0, false, "J", &p->julian, e)) < 0)
                return rc;
            p->has_julian = true;
            i += 1;
        } else if (fp[0] == '"') {
            i++;
            while (i < flen && f[i] != '"') {
                if (f[i] == '\\' && i + 1 < flen)
                    i++;
                if (s < end)
                    s += sql__utf8_clen(s, (size_t)(end - s));
                i += (size_t)sql__utf8_clen(f + i, flen - i);
            }
            if (i < flen)
                i++;
        } else if (fp[0] == ' ') {
            while (s < end && isspace((unsigned char)*s))
                s++;
            i++;
        } else {
            /* A separator or literal character: skip one input character
             * (non-FX mode also lets a separator match nothing before a
             * digit). */
            if (s < end && !(isdigit((unsigned char)*s) && !isalnum((unsigned char)fp[0])))
                s += sql__utf8_clen(s, (size_t)(end - s));
            i += (size_t)sql__utf8_clen(fp, left);
        }
    }
    if (p->clock12 == 2 && p->hour < 12)
        p->hour += 12;
    else if (p->clock12 == 1 && p->hour == 12)
        p->hour = 0;
    return 0;
}

static int out_of_range(const char *in, size_t len, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22008", "date/time field value out of range: \"%.*s\"",
                         (int)len, in);
}

/* The date of p, checked. */
static int dt_date(const struct dtparse *p, const char *in, size_t len, int *y, int *m, int *d,
                   struct err *e)
{
    if (p->has_julian) {
        /* j2date */
        int64_t jd = p->julian + 32044;
        int64_t quad = jd / 146097;
        int64_t extra = (jd - quad * 146097) * 4 + 3;
        jd += 60 + quad * 3 + extra / 146097;
        quad = jd / 1461;
        jd -= quad * 1461;
        int64_t yy = jd * 4 / 1461;
        jd = ((yy != 0) ? ((jd + 305) % 365) : ((jd + 306) % 366)) + 123;
        yy += quad * 4;
        *y = (int)(yy - 4800);
        quad = jd * 2141 / 65536;
        *d = (int)(jd - 7834 * quad / 256);
        *m = (int)((quad + 10) % 12 + 1);
        return 0;
    }
    int64_t year = p->year;
    if (year <= 0 && p->has_year)
        year = year == 0 ? 1 : year; /* no year 0 */
    if (year < -4713 || year > 294276)
        return out_of_range(in, len, e);
    *y = (int)year;
    if (p->yday) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (p->yday < 1 || p->yday > (leap ? 366 : 365))
            return out_of_range(in, len, e);
        int yd = p->yday, mon = 1;
        while (yd > dt__days_in_month((int)year, mon)) {
            yd -= dt__days_in_month((int)year, mon);
            mon++;
        }
        *m = mon;
        *d = yd;
        return 0;
    }
    if (p->mon < 1 || p->mon > 12 || p->mday < 1 || p->mday > dt__days_in_month((int)year, p->mon))
        return out_of_range(in, len, e);
    *m = p->mon;
    *d = p->mday;
    return 0;
}

int sql__fn_to_date(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    const char *in = a[0].u.s.p ? a[0].u.s.p : "";
    struct dtparse p;
    int y, m, d;
    int rc = parse_dt(in, a[0].u.s.len, a[1].u.s.p ? a[1].u.s.p : "", a[1].u.s.len, &p, e);
    if (rc == 0)
        rc = dt_date(&p, in, a[0].u.s.len, &y, &m, &d, e);
    if (rc < 0)
        return rc;
    int32_t dv;
    if ((rc = sql_make_date(y, m, d, &dv, e)) < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_DATE;
    out->u.date = dv;
    return 0;
}

int sql__fn_to_timestamp_fmt(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    const char *in = a[0].u.s.p ? a[0].u.s.p : "";
    size_t len = a[0].u.s.len;
    struct dtparse p;
    int y, m, d;
    int rc = parse_dt(in, len, a[1].u.s.p ? a[1].u.s.p : "", a[1].u.s.len, &p, e);
    if (rc == 0)
        rc = dt_date(&p, in, len, &y, &m, &d, e);
    if (rc < 0)
        return rc;
    if (p.hour < 0 || p.hour > 24 || p.min < 0 || p.min > 59 || p.sec < 0 || p.sec > 60 ||
        (p.hour == 24 && (p.min > 0 || p.sec > 0 || p.usec > 0)))
        return out_of_range(in, len, e);
    const struct sql_dt_ctx *ctx = &sql__fn_fmt(c)->dt;
    int64_t ts;
    if ((rc = sql_make_tstz(y, m, d, p.hour, p.min, (double)p.sec + (double)p.usec / 1e6, NULL, ctx,
                            &ts, e)) < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TIMESTAMPTZ;
    out->u.ts = ts;
    return 0;
}

/* (s1, e1) OVERLAPS (s2, e2) for timestamp and timestamptz, each end a
 * timestamp or an interval added to the start (timestamp.c
 * overlaps_timestamp, with its NULL rules: not strict). */
int sql__fn_overlaps(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    int64_t v[4];
    bool nul[4];
    const struct sql_dt_ctx *ctx = &sql__fn_fmt(c)->dt;
    for (int i = 0; i < 4; i++) {
        nul[i] = a[i].null;
        if (nul[i] || a[i].type == SQL_T_INTERVAL)
            continue;
        if (a[i].type == SQL_T_TIMETZ) {
            /* one int64 in timetz order: UTC-normalised time, then zone */
            /* unsigned: a corrupt value must not overflow (valid ones fit) */
            uint64_t utc =
                (uint64_t)a[i].u.ttz.time + (uint64_t)(int64_t)a[i].u.ttz.zone * 1000000u;
            v[i] = (int64_t)(utc * 131072u + (uint64_t)((int64_t)a[i].u.ttz.zone + 65536));
            continue;
        }
        v[i] = a[i].u.ts;
    }
    for (int i = 1; i < 4; i += 2) {
        if (a[i].type != SQL_T_INTERVAL || nul[i])
            continue;
        if (nul[i - 1]) {
            nul[i] = true;
            continue;
        }
        int rc = a[i - 1].type == SQL_T_TIMESTAMPTZ
                     ? sql_tstz_pl_interval(v[i - 1], &a[i].u.iv, ctx, &v[i], e)
                     : sql_ts_pl_interval(v[i - 1], &a[i].u.iv, &v[i], e);
        if (rc < 0)
            return rc;
    }
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_BOOL;
    int64_t ts1 = v[0], te1 = v[1], ts2 = v[2], te2 = v[3];
    bool te1n = nul[1], te2n = nul[3];
    if (nul[0]) {
        if (te1n)
            goto null;
        ts1 = te1;
        te1n = true;
    } else if (!te1n && ts1 > te1) {
        int64_t t = ts1;
        ts1 = te1;
        te1 = t;
    }
    if (nul[2]) {
        if (te2n)
            goto null;
        ts2 = te2;
        te2n = true;
    } else if (!te2n && ts2 > te2) {
        int64_t t = ts2;
        ts2 = te2;
        te2 = t;
    }
    if (ts1 > ts2) {
        if (te2n)
            goto null;
        if (ts1 < te2) {
            out->u.b = true;
            return 0;
        }
        if (te1n)
            goto null;
        out->u.b = false;
        return 0;
    }
    if (ts1 < ts2) {
        if (te1n)
            goto null;
        if (ts2 < te1) {
            out->u.b = true;
            return 0;
        }
        if (te2n)
            goto null;
        out->u.b = false;
        return 0;
    }
    if (te1n || te2n)
        goto null;
    out->u.b = true;
    return 0;
null:
    out->null = true;
    return 0;
}

/* date_bin(stride, source, origin) (timestamp.c timestamp_bin). */
int sql__fn_date_bin(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    const struct sql_interval *st = &a[0].u.iv;
    int64_t ts = a[1].u.ts, origin = a[2].u.ts, stride, diff;
    memset(out, 0, sizeof(*out));
    out->type = a[1].type;
    if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND) {
        out->u.ts = ts;
        return 0;
    }
    if (origin == SQL_TS_NOBEGIN || origin == SQL_TS_NOEND)
        return err_set_state(e, ERR_INVAL, "22008", "origin out of range");
    if (st->month != 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "timestamps cannot be binned into intervals containing months or "
                             "years");
    if (__builtin_mul_overflow((int64_t)st->day, INT64_C(86400000000), &stride) ||
        __builtin_add_overflow(stride, st->time, &stride))
        return err_set_state(e, ERR_INVAL, "22008", "interval out of range");
    if (stride <= 0)
        return err_set_state(e, ERR_INVAL, "22023", "stride must be greater than zero");
    if (__builtin_sub_overflow(ts, origin, &diff))
        return err_set_state(e, ERR_INVAL, "22008", "interval out of range");
    int64_t mod = diff % stride;
    int64_t r = origin + (diff - mod);
    if (mod < 0)
        r -= stride;
    out->u.ts = r;
    return 0;
}
