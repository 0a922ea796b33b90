/* pgcat_tz.c — the pg_timezone_names and pg_timezone_abbrevs system views
 * (pg_timezone_names() and pg_timezone_abbrevs() of PostgreSQL 15's
 * datetime.c), evaluated at the transaction's start.
 *
 * pg_timezone_names lists every zone file of the tz database the node reads
 * (directory order, as pg_tzenumerate_next: hidden entries and leap-second
 * zones skipped) with the abbreviation, UTC offset and DST flag in force
 * then. pg_timezone_abbrevs lists the Default timezone_abbreviations set in
 * its sorted order; an abbreviation defined by a zone (MSK = Europe/Moscow)
 * gets the offset that zone gave it at that moment.
 */
#include "common/mem.h"
#include "sql/datetime.h"
#include "sql/datetime_int.h"
#include "sql/env.h"
#include "sql/vtab.h"

#include <string.h>

struct tzn_acc {
    struct sql__vrows *r;
};

static void set_offset(struct sql__vrows *r, int32_t gmtoff)
{
    struct sql_interval iv = {(int64_t)gmtoff * DT_USECS_PER_SEC, 0, 0};
    sql__vr_interval(r, "utc_offset", &iv);
}

static void add_zone(void *arg, const char *name, const char *abbr, int32_t gmtoff, bool isdst)
{
    struct tzn_acc *a = arg;
    sql__vr_row(a->r);
    sql__vr_str(a->r, "name", name);
    sql__vr_str(a->r, "abbrev", abbr);
    set_offset(a->r, gmtoff);
    sql__vr_bool(a->r, "is_dst", isdst);
}

int sql__pgcat_timezone_names(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                              size_t *nrows, struct err *e)
{
    (void)e;
    struct sql__vrows r;
    struct tzn_acc a = {&r};
    int64_t now = env->fmt.dt.now;
    /* Unix seconds, rounded toward minus infinity as timestamp2tm does */
    int64_t secs = now / DT_USECS_PER_SEC - (now % DT_USECS_PER_SEC < 0 ? 1 : 0);
    secs += (int64_t)(DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_timezone_names")->desc, ctx);
    dt__tz_enumerate(secs, add_zone, &a);
    sql__vr_done(&r, rows, nrows);
    return 0;
}

int sql__pgcat_timezone_abbrevs(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                                size_t *nrows, struct err *e)
{
    (void)e;
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_timezone_abbrevs")->desc, ctx);
    for (int i = 0;; i++) {
        const struct dt_tok *t = dt__abbrev_nth(i);
        if (t == NULL)
            break;
        int32_t gmtoff = t->value;
        bool isdst = t->type == DT_DTZ;
        if (t->type == DT_DYNTZ) {
            const char *zone = dt__abbrev_zone(t);
            const struct sql_tz *tz = zone ? dt__tz_find(zone) : NULL;
            if (tz == NULL) /* zone missing from the tz database */
                continue;
            int dst = 0;
            gmtoff = -dt__tz_abbrev_offset_ts(env->fmt.dt.now, t->token, tz, &dst);
            isdst = dst != 0;
        }
        char up[DT_TOKMAXLEN + 1];
        size_t n = strlen(t->token);
        if (n > DT_TOKMAXLEN)
            n = DT_TOKMAXLEN;
        for (size_t k = 0; k < n; k++)
            up[k] =
                (char)(t->token[k] >= 'a' && t->token[k] <= 'z' ? t->token[k] - 32 : t->token[k]);
        up[n] = '\0';
        sql__vr_row(&r);
        sql__vr_str(&r, "abbrev", up);
        set_offset(&r, gmtoff);
        sql__vr_bool(&r, "is_dst", isdst);
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}
