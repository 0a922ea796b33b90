/* datetime_tz.c — time zones: our own TZif reader, POSIX TZ rules, and the
 * conversions PostgreSQL builds on them.
 *
 * Files are read from the system tz database (RFC 8536 "TZif", versions 1-4;
 * only the 64-bit data of version 2+ is used) and never through localtime_r,
 * so no global TZ state is touched and every call is reentrant. A loaded zone
 * is immutable; the cache that owns it is guarded by one mutex.
 *
 * Semantics follow PostgreSQL's copy of tzcode (src/timezone/localtime.c):
 *  - times before the first transition use type 0 (local mean time), and
 *    pg_next_dst_boundary's "lowest-numbered standard type";
 *  - times after the last transition follow the footer's POSIX TZ rule, as
 *    tzcode's appended and extrapolated transitions do;
 *  - a name that is not a file is tried as a POSIX TZ string ('UTC+5',
 *    '<+0330>-3:30'), with PostgreSQL's extensions (empty std name allowed,
 *    default DST rule M3.2.0,M11.1.0), upper-cased as pg_tzset does;
 *  - file names match case-insensitively, one directory level at a time,
 *    never entering entries that start with '.' (pg_open_tzfile).
 * Leap-second records ("right/" zones) are read but ignored.
 */
#include "sql/datetime_int.h"

#include "common/mem.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define TZ_NAME_MAX   255       /* TZ_STRLEN_MAX */
#define TZ_FILE_MAX   (1 << 20) /* refuse larger files before reading */
#define TZ_MAX_TIMES  4000
#define TZ_MAX_TYPES  256
#define TZ_MAX_CHARS  512
#define TZ_MAX_LEAPS  128
#define TZ_CACHE_MAX  8192 /* distinct names kept; POSIX strings are unbounded */
#define TZ_RULE_CHARS 64   /* abbreviations in a POSIX TZ string */

enum rule_kind { RULE_JULIAN = 'J', RULE_DOY = 'n', RULE_MONTH = 'M' };

struct tz_rule {
    int kind;
    int day;
    int week;
    int mon;
    int32_t time; /* seconds after local midnight */
};

struct tz_type {
    int32_t utoff; /* seconds east of UTC */
    bool isdst;
    int abbr; /* index into chars */
};

struct sql_tz {
    char name[TZ_NAME_MAX + 1]; /* canonical spelling */
    int timecnt;
    int typecnt;
    int charcnt;
    int64_t *ats;   /* transition times, Unix seconds, ascending */
    uint8_t *types; /* type after each transition */
    struct tz_type *ttis;
    char *chars;
    /* POSIX rule in force after the last transition (footer) */
    bool has_rule;
    int std_type;
    int dst_type;
    struct tz_rule start;
    struct tz_rule end;
    bool leaps; /* has leap-second records ("right/" zones) */
    struct sql_tz *next;
    char key[TZ_NAME_MAX + 1]; /* upper-cased lookup name */
};

/* ----------------------------------------------------------- POSIX rules */

/* A parsed POSIX TZ string. */
struct tz_posix {
    char stdname[TZ_RULE_CHARS];
    char dstname[TZ_RULE_CHARS];
    int32_t stdoff; /* POSIX sign: seconds WEST of UTC */
    int32_t dstoff;
    bool has_dst;
    struct tz_rule start;
    struct tz_rule end;
};

static const char *getzname(const char *p)
{
    while (*p != '\0' && !isdigit((unsigned char)*p) && *p != ',' && *p != '-' && *p != '+')
        p++;
    return p;
}

static const char *getnum(const char *p, int *num, int min, int max)
{
    int n = 0;
    if (p == NULL || !isdigit((unsigned char)*p))
        return NULL;
    do {
        n = n * 10 + (*p - '0');
        if (n > max)
            return NULL;
        p++;
    } while (isdigit((unsigned char)*p));
    if (n < min)
        return NULL;
    *num = n;
    return p;
}

/* hh[:mm[:ss]]; hours up to 167 as tzcode allows ("M10.4.6/26"). */
static const char *getsecs(const char *p, int32_t *secs)
{
    int n;
    p = getnum(p, &n, 0, 24 * 7 - 1);
    if (p == NULL)
        return NULL;
    *secs = n * 3600;
    if (*p == ':') {
        p = getnum(p + 1, &n, 0, 59);
        if (p == NULL)
            return NULL;
        *secs += n * 60;
        if (*p == ':') {
            p = getnum(p + 1, &n, 0, 60);
            if (p == NULL)
                return NULL;
            *secs += n;
        }
    }
    return p;
}

static const char *getoffset(const char *p, int32_t *off)
{
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    } else if (*p == '+') {
        p++;
    }
    p = getsecs(p, off);
    if (p != NULL && neg)
        *off = -*off;
    return p;
}

static const char *getrule(const char *p, struct tz_rule *r)
{
    if (*p == 'J') {
        r->kind = RULE_JULIAN;
        p = getnum(p + 1, &r->day, 1, 365);
    } else if (*p == 'M') {
        r->kind = RULE_MONTH;
        p = getnum(p + 1, &r->mon, 1, 12);
        if (p == NULL || *p++ != '.')
            return NULL;
        p = getnum(p, &r->week, 1, 5);
        if (p == NULL || *p++ != '.')
            return NULL;
        p = getnum(p, &r->day, 0, 6);
    } else if (isdigit((unsigned char)*p)) {
        r->kind = RULE_DOY;
        p = getnum(p, &r->day, 0, 365);
    } else {
        return NULL;
    }
    if (p == NULL)
        return NULL;
    if (*p == '/')
        return getoffset(p + 1, &r->time);
    r->time = 2 * 3600;
    return p;
}

/* A zone abbreviation: <quoted> or letters. Returns the rest or NULL. */
static const char *getabbr(const char *p, char *out)
{
    const char *s;
    size_t n;
    if (*p == '<') {
        s = ++p;
        while (*p != '\0' && *p != '>')
            p++;
        if (*p != '>')
            return NULL;
        n = (size_t)(p - s);
        p++;
    } else {
        s = p;
        p = getzname(p);
        n = (size_t)(p - s);
    }
    if (n >= TZ_RULE_CHARS)
        return NULL;
    memcpy(out, s, n);
    out[n] = '\0';
    return p;
}

/* tzparse(name, sp, lastditch = false) as PostgreSQL has it. */
static bool tz_parse_posix(const char *s, struct tz_posix *tp)
{
    static const char defrule[] = ",M3.2.0,M11.1.0";

    memset(tp, 0, sizeof(*tp));
    s = getabbr(s, tp->stdname);
    if (s == NULL || *s == '\0') /* an empty std name is allowed, an offset not */
        return false;
    s = getoffset(s, &tp->stdoff);
    if (s == NULL)
        return false;
    if (*s == '\0')
        return true;
    s = getabbr(s, tp->dstname);
    if (s == NULL || tp->dstname[0] == '\0')
        return false;
    tp->has_dst = true;
    if (*s != '\0' && *s != ',' && *s != ';') {
        s = getoffset(s, &tp->dstoff);
        if (s == NULL)
            return false;
    } else {
        tp->dstoff = tp->stdoff - 3600;
    }
    if (*s == '\0')
        s = defrule;
    if (*s != ',' && *s != ';')
        return false;
    s = getrule(s + 1, &tp->start);
    if (s == NULL || *s++ != ',')
        return false;
    s = getrule(s, &tp->end);
    return s != NULL && *s == '\0';
}

/* transtime: seconds from Jan 1 00:00 UTC of year to the rule's instant,
 * offset being the POSIX (west) offset in force before it. */
static int64_t transtime(int year, const struct tz_rule *r, int32_t offset)
{
    int64_t value = 0;
    bool leap = dt__isleap(year);

    switch (r->kind) {
    case RULE_JULIAN:
        value = (int64_t)(r->day - 1) * DT_SECS_PER_DAY;
        if (leap && r->day >= 60)
            value += DT_SECS_PER_DAY;
        break;
    case RULE_DOY:
        value = (int64_t)r->day * DT_SECS_PER_DAY;
        break;
    default: {
        int dow = dt__j2day(dt__date2j(year, r->mon, 1));
        int d = r->day - dow;
        int len = dt__days_in_month(year, r->mon);
        if (d < 0)
            d += 7;
        for (int i = 1; i < r->week; i++) {
            if (d + 7 >= len)
                break;
            d += 7;
        }
        value =
            ((int64_t)dt__date2j(year, r->mon, 1) - dt__date2j(year, 1, 1) + d) * DT_SECS_PER_DAY;
        break;
    }
    }
    return value + r->time + offset;
}

struct tz_trans {
    int64_t at;
    int type;
};

/* The rule's transitions in UTC year `year` (0 or 2), as tzparse makes them. */
static int rule_year(const struct sql_tz *tz, int year, struct tz_trans *out)
{
    int32_t stdoff = -tz->ttis[tz->std_type].utoff;
    int32_t dstoff = -tz->ttis[tz->dst_type].utoff;
    int64_t jan1 = ((int64_t)dt__date2j(year, 1, 1) - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    int64_t yearsecs = (int64_t)(dt__isleap(year) ? 366 : 365) * DT_SECS_PER_DAY;
    int64_t st = transtime(year, &tz->start, stdoff);
    int64_t en = transtime(year, &tz->end, dstoff);
    bool reversed = en < st;

    if (reversed) {
        int64_t swap = st;
        st = en;
        en = swap;
    }
    if (!(reversed || (st < en && en - st < yearsecs + (stdoff - dstoff))))
        return 0;
    out[0].at = jan1 + st;
    out[0].type = reversed ? tz->std_type : tz->dst_type;
    out[1].at = jan1 + en;
    out[1].type = reversed ? tz->dst_type : tz->std_type;
    return 2;
}

static int year_of_unix(int64_t t)
{
    int64_t days = t / DT_SECS_PER_DAY;
    int y, m, d;
    if (t % DT_SECS_PER_DAY < 0)
        days--;
    dt__j2date((int)(days + DT_UNIX_EPOCH_JDATE), &y, &m, &d);
    return y;
}

/* Rule state at t and the first rule transition after t. */
static void rule_at(const struct sql_tz *tz, int64_t t, int *type, int64_t *next, int *next_type)
{
    struct tz_trans tr[8];
    int n = 0;
    int y = year_of_unix(t);

    for (int yy = y - 1; yy <= y + 2; yy++)
        n += rule_year(tz, yy, tr + n);
    /* tiny insertion sort: rules with 167-hour times may overlap years */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && tr[j - 1].at > tr[j].at; j--) {
            struct tz_trans s = tr[j];
            tr[j] = tr[j - 1];
            tr[j - 1] = s;
        }
    *type = n == 0 ? tz->dst_type : tz->std_type; /* no transitions: perpetual DST */
    *next = INT64_MAX;
    *next_type = *type;
    for (int i = 0; i < n; i++) {
        if (tr[i].at <= t) {
            *type = tr[i].type;
        } else {
            *next = tr[i].at;
            *next_type = tr[i].type;
            break;
        }
    }
    if (n > 0 && tr[0].at > t) /* cannot happen: year y-1 ends before t */
        *type = tr[0].type == tz->dst_type ? tz->std_type : tz->dst_type;
}

static bool use_rule(const struct sql_tz *tz, int64_t t)
{
    return tz->has_rule && (tz->timecnt == 0 || t > tz->ats[tz->timecnt - 1]);
}

static int type_at(const struct sql_tz *tz, int64_t t)
{
    int lo, hi;
    if (use_rule(tz, t)) {
        int type, nt;
        int64_t next;
        rule_at(tz, t, &type, &next, &nt);
        return type;
    }
    if (tz->timecnt == 0 || t < tz->ats[0])
        return 0;
    lo = 1;
    hi = tz->timecnt;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (t < tz->ats[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return tz->types[lo - 1];
}

void dt__tz_at(const struct sql_tz *tz, int64_t t, long *gmtoff, int *isdst, const char **abbr)
{
    const struct tz_type *tt = &tz->ttis[type_at(tz, t)];
    *gmtoff = tt->utoff;
    *isdst = tt->isdst;
    *abbr = tz->chars + tt->abbr;
}

int32_t sql_tz_offset_at(const struct sql_tz *tz, int64_t ts)
{
    long gmtoff;
    int isdst;
    const char *abbr;
    int64_t t = ts / DT_USECS_PER_SEC;
    if (ts % DT_USECS_PER_SEC < 0)
        t--;
    t += (int64_t)(DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    dt__tz_at(tz, t, &gmtoff, &isdst, &abbr);
    return (int32_t)gmtoff;
}

static int lowest_std_type(const struct sql_tz *tz)
{
    for (int i = 0; i < tz->typecnt; i++)
        if (!tz->ttis[i].isdst)
            return i;
    return 0;
}

int dt__tz_next_boundary(const struct sql_tz *tz, int64_t t, long *before_gmtoff, int *before_isdst,
                         int64_t *boundary, long *after_gmtoff, int *after_isdst)
{
    int b, a, lo, hi;

    if (tz->has_rule && (tz->timecnt == 0 || t >= tz->ats[tz->timecnt - 1])) {
        int64_t next;
        rule_at(tz, t, &b, &next, &a);
        *before_gmtoff = tz->ttis[b].utoff;
        *before_isdst = tz->ttis[b].isdst;
        if (next == INT64_MAX)
            return 0;
        *boundary = next;
        *after_gmtoff = tz->ttis[a].utoff;
        *after_isdst = tz->ttis[a].isdst;
        return 1;
    }
    if (tz->timecnt == 0) {
        b = lowest_std_type(tz);
        *before_gmtoff = tz->ttis[b].utoff;
        *before_isdst = tz->ttis[b].isdst;
        return 0;
    }
    if (t >= tz->ats[tz->timecnt - 1]) {
        b = tz->types[tz->timecnt - 1];
        *before_gmtoff = tz->ttis[b].utoff;
        *before_isdst = tz->ttis[b].isdst;
        return 0;
    }
    if (t < tz->ats[0]) {
        b = lowest_std_type(tz);
        a = tz->types[0];
        *before_gmtoff = tz->ttis[b].utoff;
        *before_isdst = tz->ttis[b].isdst;
        *boundary = tz->ats[0];
        *after_gmtoff = tz->ttis[a].utoff;
        *after_isdst = tz->ttis[a].isdst;
        return 1;
    }
    lo = 1;
    hi = tz->timecnt - 1;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (t < tz->ats[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    b = tz->types[lo - 1];
    a = tz->types[lo];
    *before_gmtoff = tz->ttis[b].utoff;
    *before_isdst = tz->ttis[b].isdst;
    *boundary = tz->ats[lo];
    *after_gmtoff = tz->ttis[a].utoff;
    *after_isdst = tz->ttis[a].isdst;
    return 1;
}

/* DetermineTimeZoneOffsetInternal. Local times in a spring-forward gap take
 * the offset from before the transition; ambiguous fall-back times the one
 * after it, as PostgreSQL decides. */
int dt__tz_offset_local(struct dt_tm *tm, const struct sql_tz *tz, int64_t *tp)
{
    int64_t day, mytime, prevtime, boundary, beforetime, aftertime;
    long before_gmtoff, after_gmtoff;
    int before_isdst, after_isdst, res;

    if (!dt__valid_julian(tm->year, tm->mon, tm->mday))
        goto overflow;
    day =
        (int64_t)(dt__date2j(tm->year, tm->mon, tm->mday) - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    mytime = day + tm->sec + ((int64_t)tm->min + (int64_t)tm->hour * 60) * 60;
    prevtime = mytime - DT_SECS_PER_DAY;
    res = dt__tz_next_boundary(tz, prevtime, &before_gmtoff, &before_isdst, &boundary,
                               &after_gmtoff, &after_isdst);
    if (res < 0)
        goto overflow;
    if (res == 0) {
        tm->isdst = before_isdst;
        if (tp)
            *tp = mytime - before_gmtoff;
        return (int)-before_gmtoff;
    }
    beforetime = mytime - before_gmtoff;
    aftertime = mytime - after_gmtoff;
    if (beforetime < boundary && aftertime < boundary) {
        tm->isdst = before_isdst;
        if (tp)
            *tp = beforetime;
        return (int)-before_gmtoff;
    }
    if (beforetime > boundary && aftertime >= boundary) {
        tm->isdst = after_isdst;
        if (tp)
            *tp = aftertime;
        return (int)-after_gmtoff;
    }
    if (beforetime > aftertime) {
        tm->isdst = before_isdst;
        if (tp)
            *tp = beforetime;
        return (int)-before_gmtoff;
    }
    tm->isdst = after_isdst;
    if (tp)
        *tp = aftertime;
    return (int)-after_gmtoff;

overflow:
    tm->isdst = 0;
    if (tp)
        *tp = 0;
    return 0;
}

static bool abbr_matches(const struct sql_tz *tz, int type, const char *abbr)
{
    return strcmp(tz->chars + tz->ttis[type].abbr, abbr) == 0;
}

bool dt__tz_abbrev_at(const struct sql_tz *tz, const char *abbr, int64_t t, long *gmtoff,
                      int *isdst)
{
    int lo = 0, hi = tz->timecnt, found = -1;

    /* the footer's transitions come after the file's (tzcode appends them) */
    if (use_rule(tz, t)) {
        int type, nt;
        int64_t next;
        rule_at(tz, t, &type, &next, &nt);
        if (abbr_matches(tz, type, abbr))
            found = type;
        else if (abbr_matches(tz, nt, abbr))
            found = nt;
    }
    while (found < 0 && lo < hi) {
        int mid = (lo + hi) >> 1;
        if (t < tz->ats[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    for (int i = lo - 1; found < 0 && i >= 0; i--)
        if (abbr_matches(tz, tz->types[i], abbr))
            found = tz->types[i];
    for (int i = lo; found < 0 && i < tz->timecnt; i++)
        if (abbr_matches(tz, tz->types[i], abbr))
            found = tz->types[i];
    if (found < 0 && tz->has_rule) {
        if (abbr_matches(tz, tz->std_type, abbr))
            found = tz->std_type;
        else if (abbr_matches(tz, tz->dst_type, abbr))
            found = tz->dst_type;
    }
    if (found < 0)
        return false;
    *gmtoff = tz->ttis[found].utoff;
    *isdst = tz->ttis[found].isdst;
    return true;
}

static void upcase(const char *in, char *out, size_t cap)
{
    size_t i = 0;
    for (; in[i] != '\0' && i + 1 < cap; i++)
        out[i] = (char)toupper((unsigned char)in[i]);
    out[i] = '\0';
}

int dt__tz_abbrev_offset_local(struct dt_tm *tm, const char *abbr, const struct sql_tz *tz)
{
    int64_t t;
    long gmtoff;
    int isdst;
    char up[TZ_NAME_MAX + 1];
    int zone_offset = dt__tz_offset_local(tm, tz, &t);

    upcase(abbr, up, sizeof(up));
    if (dt__tz_abbrev_at(tz, up, t, &gmtoff, &isdst)) {
        tm->isdst = isdst;
        return (int)-gmtoff;
    }
    return zone_offset;
}

int dt__tz_abbrev_offset_ts(int64_t ts, const char *abbr, const struct sql_tz *tz, int *isdst)
{
    long gmtoff;
    char up[TZ_NAME_MAX + 1];
    int64_t t = ts / DT_USECS_PER_SEC +
                (int64_t)(DT_POSTGRES_EPOCH_JDATE - DT_UNIX_EPOCH_JDATE) * DT_SECS_PER_DAY;
    struct dt_tm tm;
    int tzo, fsec;

    upcase(abbr, up, sizeof(up));
    if (dt__tz_abbrev_at(tz, up, t, &gmtoff, isdst))
        return (int)-gmtoff;
    if (dt__ts2tm(ts, tz, &tzo, &tm, &fsec) != 0)
        return 0;
    tzo = dt__tz_offset_local(&tm, tz, NULL);
    *isdst = tm.isdst;
    return tzo;
}

/* pg_get_timezone_offset: fixed when every type has the same offset, even
 * if the abbreviations differ. */
bool dt__tz_fixed_offset(const struct sql_tz *tz, long *gmtoff)
{
    for (int i = 1; i < tz->typecnt; i++)
        if (tz->ttis[i].utoff != tz->ttis[0].utoff)
            return false;
    *gmtoff = tz->ttis[0].utoff;
    return true;
}

/* ------------------------------------------------------------ TZif files */

struct rd {
    const uint8_t *p;
    size_t n;
};

static bool take(struct rd *r, size_t n, const uint8_t **out)
{
    if (r->n < n)
        return false;
    *out = r->p;
    r->p += n;
    r->n -= n;
    return true;
}

static int32_t be32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

static int64_t be64(const uint8_t *p)
{
    return (int64_t)((uint64_t)(uint32_t)be32(p) << 32 | (uint32_t)be32(p + 4));
}

struct tzif_hdr {
    int version;
    int32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static bool read_hdr(struct rd *r, struct tzif_hdr *h)
{
    const uint8_t *p;
    if (!take(r, 44, &p) || memcmp(p, "TZif", 4) != 0)
        return false;
    h->version = p[4];
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    if (h->timecnt < 0 || h->timecnt > TZ_MAX_TIMES || h->typecnt < 1 ||
        h->typecnt > TZ_MAX_TYPES || h->charcnt < 1 || h->charcnt > TZ_MAX_CHARS ||
        h->leapcnt < 0 || h->leapcnt > TZ_MAX_LEAPS ||
        (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
        (h->isstdcnt != 0 && h->isstdcnt != h->typecnt))
        return false;
    return true;
}

static size_t block_size(const struct tzif_hdr *h, size_t timesz)
{
    return (size_t)h->timecnt * (timesz + 1) + (size_t)h->typecnt * 6 + (size_t)h->charcnt +
           (size_t)h->leapcnt * (timesz + 4) + (size_t)h->isstdcnt + (size_t)h->isutcnt;
}

static void tz_free(struct sql_tz *tz)
{
    if (tz == NULL)
        return;
    xfree(tz->ats);
    xfree(tz->types);
    xfree(tz->ttis);
    xfree(tz->chars);
    xfree(tz);
}

/* Index of abbreviation s in tz->chars, appending it when new. */
static int add_abbr(struct sql_tz *tz, const char *s)
{
    size_t n = strlen(s);
    for (int i = 0; i < tz->charcnt;) {
        if (strcmp(tz->chars + i, s) == 0)
            return i;
        i += (int)strlen(tz->chars + i) + 1;
    }
    tz->chars = xrealloc(tz->chars, (size_t)tz->charcnt + n + 1);
    memcpy(tz->chars + tz->charcnt, s, n + 1);
    tz->charcnt += (int)(n + 1);
    return tz->charcnt - (int)(n + 1);
}

static int add_type(struct sql_tz *tz, int32_t utoff, bool isdst, const char *abbr)
{
    int a = add_abbr(tz, abbr);
    tz->ttis = xrealloc(tz->ttis, sizeof(*tz->ttis) * (size_t)(tz->typecnt + 1));
    tz->ttis[tz->typecnt].utoff = utoff;
    tz->ttis[tz->typecnt].isdst = isdst;
    tz->ttis[tz->typecnt].abbr = a;
    return tz->typecnt++;
}

/* Attach a parsed POSIX string: types for std (and dst with its rule). */
static void attach_posix(struct sql_tz *tz, const struct tz_posix *tp)
{
    tz->std_type = add_type(tz, -tp->stdoff, false, tp->stdname);
    if (tp->has_dst) {
        tz->dst_type = add_type(tz, -tp->dstoff, true, tp->dstname);
        tz->has_rule = true;
        tz->start = tp->start;
        tz->end = tp->end;
    }
}

/* Parse TZif bytes into a new zone; NULL when malformed. */
static struct sql_tz *tz_from_tzif(const uint8_t *data, size_t len)
{
    struct rd r = {data, len};
    struct tzif_hdr h;
    const uint8_t *p;
    size_t timesz = 4;
    struct sql_tz *tz;

    if (!read_hdr(&r, &h))
        return NULL;
    if (h.version >= '2') {
        /* skip the 32-bit block; the 64-bit one follows with its own header */
        if (!take(&r, block_size(&h, 4), &p) || !read_hdr(&r, &h))
            return NULL;
        timesz = 8;
    }
    if (!take(&r, block_size(&h, timesz), &p))
        return NULL;

    tz = xcalloc(1, sizeof(*tz));
    tz->leaps = h.leapcnt > 0;
    tz->timecnt = h.timecnt;
    tz->typecnt = h.typecnt;
    tz->charcnt = h.charcnt;
    tz->ats = xmalloc(sizeof(int64_t) * (size_t)(h.timecnt + 1));
    tz->types = xmalloc((size_t)h.timecnt + 1);
    tz->ttis = xmalloc(sizeof(*tz->ttis) * (size_t)h.typecnt);
    tz->chars = xmalloc((size_t)h.charcnt + 1);
    for (int i = 0; i < h.timecnt; i++) {
        tz->ats[i] = timesz == 8 ? be64(p) : be32(p);
        p += timesz;
        if (i > 0 && tz->ats[i] <= tz->ats[i - 1])
            goto bad;
    }
    for (int i = 0; i < h.timecnt; i++) {
        tz->types[i] = *p++;
        if (tz->types[i] >= h.typecnt)
            goto bad;
    }
    for (int i = 0; i < h.typecnt; i++) {
        tz->ttis[i].utoff = be32(p);
        tz->ttis[i].isdst = p[4] != 0;
        tz->ttis[i].abbr = p[5];
        if (p[4] > 1 || p[5] >= h.charcnt || tz->ttis[i].utoff < -89999 ||
            tz->ttis[i].utoff > 89999)
            goto bad;
        p += 6;
    }
    memcpy(tz->chars, p, (size_t)h.charcnt);
    tz->chars[h.charcnt] = '\0'; /* every abbreviation now ends in the array */
    tz->charcnt = h.charcnt + 1;

    /* footer (version 2+): "\n" POSIX-TZ-string "\n" */
    if (timesz == 8 && r.n >= 2 && r.p[0] == '\n') {
        const uint8_t *nl = memchr(r.p + 1, '\n', r.n - 1);
        if (nl != NULL && (size_t)(nl - r.p) < 128) {
            char s[128];
            struct tz_posix tp;
            memcpy(s, r.p + 1, (size_t)(nl - r.p - 1));
            s[nl - r.p - 1] = '\0';
            if (s[0] != '\0' && tz_parse_posix(s, &tp) && tp.has_dst)
                attach_posix(tz, &tp);
        }
    }
    return tz;
bad:
    tz_free(tz);
    return NULL;
}

/* A zone from a POSIX TZ string alone. */
static struct sql_tz *tz_from_posix(const char *s)
{
    struct tz_posix tp;
    struct sql_tz *tz;
    if (!tz_parse_posix(s, &tp))
        return NULL;
    tz = xcalloc(1, sizeof(*tz));
    tz->chars = xmalloc(1);
    tz->ats = xmalloc(sizeof(int64_t));
    tz->types = xmalloc(1);
    attach_posix(tz, &tp);
    return tz;
}

/* ---------------------------------------------------------- file lookup */

static pthread_mutex_t tz_mu = PTHREAD_MUTEX_INITIALIZER;
static char tz_dir[1024] = "/usr/share/zoneinfo";
static struct sql_tz *tz_cache;
static int tz_cache_n;

void sql_tz_set_dir(const char *dir)
{
    pthread_mutex_lock(&tz_mu);
    snprintf(tz_dir, sizeof(tz_dir), "%s", dir);
    pthread_mutex_unlock(&tz_mu);
}

/* scan_directory_ci: the entry of dir equal to name[0..len) ignoring case. */
static bool scan_ci(const char *dir, const char *name, size_t len, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    bool found = false;

    if (d == NULL)
        return false;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') /* never ".", "..", or hidden files */
            continue;
        if (strlen(de->d_name) == len && strncasecmp(de->d_name, name, len) == 0) {
            snprintf(out, cap, "%s", de->d_name);
            found = true;
            break;
        }
    }
    closedir(d);
    return found;
}

/* Read the TZif file for name (any case). canon receives the spelling found.
 * Returns the parsed zone or NULL. */
static struct sql_tz *tz_load_file(const char *name, char *canon)
{
    char path[2048];
    char part[256];
    size_t base, plen;
    const char *f = name;
    struct stat st;
    uint8_t *buf;
    ssize_t got;
    size_t have = 0;
    int fd;
    struct sql_tz *tz;

    plen = (size_t)snprintf(path, sizeof(path), "%s", tz_dir);
    base = plen;
    if (plen + 1 + strlen(name) >= sizeof(path) - 1)
        return NULL;
    for (;;) {
        const char *slash = strchr(f, '/');
        size_t n = slash ? (size_t)(slash - f) : strlen(f);
        if (!scan_ci(path, f, n, part, sizeof(part)))
            return NULL;
        plen += (size_t)snprintf(path + plen, sizeof(path) - plen, "/%s", part);
        if (plen >= sizeof(path) - 1)
            return NULL;
        if (slash == NULL)
            break;
        f = slash + 1;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        st.st_size > TZ_FILE_MAX) {
        close(fd);
        return NULL;
    }
    buf = xmalloc((size_t)st.st_size);
    while (have < (size_t)st.st_size) {
        got = read(fd, buf + have, (size_t)st.st_size - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        have += (size_t)got;
    }
    close(fd);
    tz = tz_from_tzif(buf, have);
    xfree(buf);
    if (tz != NULL)
        snprintf(canon, TZ_NAME_MAX + 1, "%s", path + base + 1);
    return tz;
}

static const struct sql_tz *cache_find(const char *key)
{
    for (struct sql_tz *t = tz_cache; t != NULL; t = t->next)
        if (strcmp(t->key, key) == 0)
            return t;
    return NULL;
}

static const struct sql_tz *cache_add(struct sql_tz *tz, const char *key)
{
    if (tz_cache_n >= TZ_CACHE_MAX) {
        tz_free(tz);
        return NULL;
    }
    snprintf(tz->key, sizeof(tz->key), "%s", key);
    tz->next = tz_cache;
    tz_cache = tz;
    tz_cache_n++;
    return tz;
}

const struct sql_tz *dt__tz_find(const char *name)
{
    char up[TZ_NAME_MAX + 1];
    char canon[TZ_NAME_MAX + 1];
    const struct sql_tz *found;
    struct sql_tz *tz = NULL;

    if (strlen(name) > TZ_NAME_MAX)
        return NULL;
    upcase(name, up, sizeof(up));
    pthread_mutex_lock(&tz_mu);
    found = cache_find(up);
    if (found == NULL) {
        if (strcmp(up, "GMT") != 0)
            tz = tz_load_file(name, canon);
        if (tz == NULL && up[0] != ':') {
            tz = tz_from_posix(up);
            snprintf(canon, sizeof(canon), "%s", up);
        }
        if (tz != NULL) {
            snprintf(tz->name, sizeof(tz->name), "%s", canon);
            found = cache_add(tz, up);
        }
    }
    pthread_mutex_unlock(&tz_mu);
    return found;
}

int sql_tz_lookup(const char *name, const struct sql_tz **out, struct err *e)
{
    const struct sql_tz *tz = dt__tz_find(name);
    if (tz == NULL)
        return err_set_state(e, ERR_INVAL, "22023", "time zone \"%s\" not recognized", name);
    *out = tz;
    return 0;
}

static struct tz_type utc_type = {0, false, 0};
static char utc_chars[] = "UTC";
static struct sql_tz utc_zone = {
    .name = "UTC",
    .typecnt = 1,
    .charcnt = 4,
    .ttis = &utc_type,
    .chars = utc_chars,
};

const struct sql_tz *sql_tz_utc(void)
{
    return &utc_zone;
}

int sql_tz_fixed(int32_t utoff, const struct sql_tz **out, struct err *e)
{
    char key[64];
    char abbr[32];
    int a = utoff < 0 ? -utoff : utoff;
    const struct sql_tz *found;
    struct sql_tz *tz;

    if (utoff <= -DT_SECS_PER_DAY || utoff >= DT_SECS_PER_DAY)
        return err_set_state(e, ERR_INVAL, "22023", "time zone offset %d is out of range", utoff);
    /* the abbreviation PostgreSQL shows for such zones: <+05:30> */
    if (a % 60 != 0)
        snprintf(abbr, sizeof(abbr), "%c%02d:%02d:%02d", utoff < 0 ? '-' : '+', a / 3600,
                 a / 60 % 60, a % 60);
    else if (a % 3600 != 0)
        snprintf(abbr, sizeof(abbr), "%c%02d:%02d", utoff < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    else
        snprintf(abbr, sizeof(abbr), "%c%02d", utoff < 0 ? '-' : '+', a / 3600);
    snprintf(key, sizeof(key), "<%s>%s%d", abbr, utoff <= 0 ? "+" : "-", a);
    pthread_mutex_lock(&tz_mu);
    found = cache_find(key);
    if (found == NULL) {
        tz = xcalloc(1, sizeof(*tz));
        tz->chars = xmalloc(1);
        tz->ats = xmalloc(sizeof(int64_t));
        tz->types = xmalloc(1);
        tz->std_type = add_type(tz, utoff, false, abbr);
        snprintf(tz->name, sizeof(tz->name), "%s", key);
        found = cache_add(tz, key);
    }
    pthread_mutex_unlock(&tz_mu);
    if (found == NULL)
        return err_set_state(e, ERR_LIMIT, "54000", "too many time zones loaded");
    *out = found;
    return 0;
}

const char *sql_tz_name(const struct sql_tz *tz)
{
    return tz->name;
}

void sql_tz_cache_clear(void)
{
    pthread_mutex_lock(&tz_mu);
    while (tz_cache != NULL) {
        struct sql_tz *n = tz_cache->next;
        tz_free(tz_cache);
        tz_cache = n;
    }
    tz_cache_n = 0;
    pthread_mutex_unlock(&tz_mu);
}

/* ------------------------------------------------------------ enumeration */

struct tz_walk {
    int64_t t;
    dt__tz_enum_fn fn;
    void *arg;
    size_t base; /* length of the tz directory prefix in path */
    char path[2048];
};

/* A zone file's bytes, or NULL when not a readable regular file. */
static uint8_t *read_zone_file(const char *path, size_t *len)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        st.st_size > TZ_FILE_MAX) {
        close(fd);
        return NULL;
    }
    uint8_t *buf = xmalloc((size_t)st.st_size);
    size_t have = 0;
    while (have < (size_t)st.st_size) {
        ssize_t got = read(fd, buf + have, (size_t)st.st_size - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        have += (size_t)got;
    }
    close(fd);
    *len = have;
    return buf;
}

static void walk_dir(struct tz_walk *w, size_t plen, int depth)
{
    DIR *d = opendir(w->path);
    struct dirent *de;
    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        size_t n;
        if (de->d_name[0] == '.') /* hidden files, ".", ".." */
            continue;
        n = (size_t)snprintf(w->path + plen, sizeof(w->path) - plen, "/%s", de->d_name);
        if (plen + n >= sizeof(w->path) - 1 || stat(w->path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 8)
                walk_dir(w, plen + n, depth + 1);
            continue;
        }
        size_t len = 0;
        uint8_t *buf = read_zone_file(w->path, &len);
        struct sql_tz *tz = buf ? tz_from_tzif(buf, len) : NULL;
        xfree(buf);
        if (tz == NULL) /* not a zone file (zone.tab, tzdata.zi, ...) */
            continue;
        if (!tz->leaps) { /* pg_tz_acceptable rejects leap-second zones */
            long gmtoff;
            int isdst;
            const char *abbr;
            dt__tz_at(tz, w->t, &gmtoff, &isdst, &abbr);
            w->fn(w->arg, w->path + w->base + 1, abbr, (int32_t)gmtoff, isdst != 0);
        }
        tz_free(tz);
    }
    closedir(d);
}

void dt__tz_enumerate(int64_t t, dt__tz_enum_fn fn, void *arg)
{
    struct tz_walk *w = xcalloc(1, sizeof(*w));
    w->t = t;
    w->fn = fn;
    w->arg = arg;
    pthread_mutex_lock(&tz_mu);
    w->base = (size_t)snprintf(w->path, sizeof(w->path), "%s", tz_dir);
    pthread_mutex_unlock(&tz_mu);
    if (w->base < sizeof(w->path) - 1)
        walk_dir(w, w->base, 0);
    xfree(w);
}
