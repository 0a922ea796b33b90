/* func_dtfmt.c — (s1, e1) OVERLAPS (s2, e2) and date_bin (timestamp.c of
 * PostgreSQL 15). to_date / to_timestamp(text, text) are in func_dtchar.c.
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

/* (s1, e1) OVERLAPS (s2, e2) for time, timetz, timestamp and timestamptz, each end a
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
        if (a[i - 1].type == SQL_T_TIME) {
            /* time_pl_interval: wraps around midnight */
            int64_t day = INT64_C(86400000000);
            int64_t t = v[i - 1] + a[i].u.iv.time % day;
            t -= t / day * day;
            v[i] = t < 0 ? t + day : t;
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
