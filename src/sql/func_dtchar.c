/* func_dtchar.c — the date/time template patterns of PostgreSQL 15
 * (formatting.c, C locale): to_char(timestamp | timestamptz | interval,
 * text) (parse_format + DCH_to_char) and to_date / to_timestamp(text, text)
 * (DCH_from_char + do_to_timestamp).
 *
 * Keywords match case-sensitively as PostgreSQL's DCH_keywords table does
 * (upper case, lower case, and the capitalized Day / Dy / Month / Mon), the
 * longest one at each position. A keyword may carry one prefix suffix (FM:
 * no padding, TM: names unpadded as translation mode prints them, the C
 * locale's names being the English ones) and one postfix (TH / th ordinal,
 * SP accepted and ignored). Outside double quotes a backslash only escapes
 * a double quote. An interval prints its fields as they are (years, months,
 * days, hours beyond 24); the calendar patterns that make no sense for it
 * are 22007 as in PostgreSQL.
 *
 * Reading (to_date / to_timestamp) follows DCH_from_char: outside FX mode
 * spaces before fields are skipped and a template space or separator matches
 * one space or separator of the input or nothing; a number field takes
 * exactly its width unless FM is given or a non-digit pattern follows (then
 * as many digits as there are); every field may be set once (22007
 * "conflicting values"); Gregorian and ISO week fields do not mix; the input
 * may end before the template does. TZH / TZM give the zone, FF1..FF6 the
 * rounding of the result; TZ and OF are 0A000 there, as in PostgreSQL.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/datetime.h"
#include "sql/datetime_int.h"
#include "sql/env.h"
#include "sql/func_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum dk {
    K_A_D,
    K_A_M,
    K_AD,
    K_AM,
    K_B_C,
    K_BC,
    K_CC,
    K_DAY,
    K_DDD,
    K_DD,
    K_DY,
    K_D,
    K_FF1,
    K_FF2,
    K_FF3,
    K_FF4,
    K_FF5,
    K_FF6,
    K_FX,
    K_HH24,
    K_HH12,
    K_HH,
    K_IDDD,
    K_ID,
    K_IW,
    K_IYYY,
    K_IYY,
    K_IY,
    K_I,
    K_J,
    K_MI,
    K_MM,
    K_MONTH,
    K_MON,
    K_MS,
    K_OF,
    K_P_M,
    K_PM,
    K_Q,
    K_RM,
    K_SSSSS,
    K_SSSS,
    K_SS,
    K_TZH,
    K_TZM,
    K_TZ,
    K_US,
    K_WW,
    K_W,
    K_Y_YYY,
    K_YYYY,
    K_YYY,
    K_YY,
    K_Y
};

enum { M_NONE, M_GREG, M_ISO };

/* A keyword: its name, case as written (0 lower, 1 Capitalized, 2 UPPER). */
struct dkw {
    const char *name;
    enum dk k;
    int cs;
};

/* What DCH_keywords says of each key: is it digits (is_digit), and which
 * date convention it belongs to (from_char_set_mode). */
static bool key_digit(enum dk k)
{
    switch (k) {
    case K_CC:
    case K_DDD:
    case K_DD:
    case K_D:
    case K_FF1:
    case K_FF2:
    case K_FF3:
    case K_FF4:
    case K_FF5:
    case K_FF6:
    case K_HH24:
    case K_HH12:
    case K_HH:
    case K_IDDD:
    case K_ID:
    case K_IW:
    case K_IYYY:
    case K_IYY:
    case K_IY:
    case K_I:
    case K_J:
    case K_MI:
    case K_MM:
    case K_MS:
    case K_Q:
    case K_SSSSS:
    case K_SSSS:
    case K_SS:
    case K_TZM:
    case K_US:
    case K_WW:
    case K_W:
    case K_Y_YYY:
    case K_YYYY:
    case K_YYY:
    case K_YY:
    case K_Y:
        return true;
    default:
        return false;
    }
}

static int key_mode(enum dk k)
{
    switch (k) {
    case K_DDD:
    case K_DD:
    case K_D:
    case K_MM:
    case K_MONTH:
    case K_MON:
    case K_RM:
    case K_WW:
    case K_W:
    case K_Y_YYY:
    case K_YYYY:
    case K_YYY:
    case K_YY:
    case K_Y:
        return M_GREG;
    case K_IDDD:
    case K_ID:
    case K_IW:
    case K_IYYY:
    case K_IYY:
    case K_IY:
    case K_I:
        return M_ISO;
    default:
        return M_NONE;
    }
}

static const struct dkw kws[] = {
    {"A.D.", K_A_D, 2},    {"A.M.", K_A_M, 2},    {"AD", K_AD, 2},       {"AM", K_AM, 2},
    {"B.C.", K_B_C, 2},    {"BC", K_BC, 2},       {"CC", K_CC, 2},       {"DAY", K_DAY, 2},
    {"DDD", K_DDD, 2},     {"DD", K_DD, 2},       {"DY", K_DY, 2},       {"Day", K_DAY, 1},
    {"Dy", K_DY, 1},       {"D", K_D, 2},         {"FF1", K_FF1, 2},     {"FF2", K_FF2, 2},
    {"FF3", K_FF3, 2},     {"FF4", K_FF4, 2},     {"FF5", K_FF5, 2},     {"FF6", K_FF6, 2},
    {"FX", K_FX, 2},       {"HH24", K_HH24, 2},   {"HH12", K_HH12, 2},   {"HH", K_HH, 2},
    {"IDDD", K_IDDD, 2},   {"ID", K_ID, 2},       {"IW", K_IW, 2},       {"IYYY", K_IYYY, 2},
    {"IYY", K_IYY, 2},     {"IY", K_IY, 2},       {"I", K_I, 2},         {"J", K_J, 2},
    {"MI", K_MI, 2},       {"MM", K_MM, 2},       {"MONTH", K_MONTH, 2}, {"MON", K_MON, 2},
    {"MS", K_MS, 2},       {"Month", K_MONTH, 1}, {"Mon", K_MON, 1},     {"OF", K_OF, 2},
    {"P.M.", K_P_M, 2},    {"PM", K_PM, 2},       {"Q", K_Q, 2},         {"RM", K_RM, 2},
    {"SSSSS", K_SSSSS, 2}, {"SSSS", K_SSSS, 2},   {"SS", K_SS, 2},       {"TZH", K_TZH, 2},
    {"TZM", K_TZM, 2},     {"TZ", K_TZ, 2},       {"US", K_US, 2},       {"WW", K_WW, 2},
    {"W", K_W, 2},         {"Y,YYY", K_Y_YYY, 2}, {"YYYY", K_YYYY, 2},   {"YYY", K_YYY, 2},
    {"YY", K_YY, 2},       {"Y", K_Y, 2},         {"a.d.", K_A_D, 0},    {"a.m.", K_A_M, 0},
    {"ad", K_AD, 0},       {"am", K_AM, 0},       {"b.c.", K_B_C, 0},    {"bc", K_BC, 0},
    {"cc", K_CC, 0},       {"day", K_DAY, 0},     {"ddd", K_DDD, 0},     {"dd", K_DD, 0},
    {"dy", K_DY, 0},       {"d", K_D, 0},         {"ff1", K_FF1, 0},     {"ff2", K_FF2, 0},
    {"ff3", K_FF3, 0},     {"ff4", K_FF4, 0},     {"ff5", K_FF5, 0},     {"ff6", K_FF6, 0},
    {"fx", K_FX, 0},       {"hh24", K_HH24, 0},   {"hh12", K_HH12, 0},   {"hh", K_HH, 0},
    {"iddd", K_IDDD, 0},   {"id", K_ID, 0},       {"iw", K_IW, 0},       {"iyyy", K_IYYY, 0},
    {"iyy", K_IYY, 0},     {"iy", K_IY, 0},       {"i", K_I, 0},         {"j", K_J, 0},
    {"mi", K_MI, 0},       {"mm", K_MM, 0},       {"month", K_MONTH, 0}, {"mon", K_MON, 0},
    {"ms", K_MS, 0},       {"of", K_OF, 0},       {"p.m.", K_P_M, 0},    {"pm", K_PM, 0},
    {"q", K_Q, 0},         {"rm", K_RM, 0},       {"sssss", K_SSSSS, 0}, {"ssss", K_SSSS, 0},
    {"ss", K_SS, 0},       {"tzh", K_TZH, 0},     {"tzm", K_TZM, 0},     {"tz", K_TZ, 0},
    {"us", K_US, 0},       {"ww", K_WW, 0},       {"w", K_W, 0},         {"y,yyy", K_Y_YYY, 0},
    {"yyyy", K_YYYY, 0},   {"yyy", K_YYY, 0},     {"yy", K_YY, 0},       {"y", K_Y, 0},
};

static const char *const months_full[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
static const char *const days_full[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
static const char *const rm_upper[] = {"XII", "XI", "X",  "IX",  "VIII", "VII",
                                       "VI",  "V",  "IV", "III", "II",   "I"};

/* What DCH_to_char reads: PostgreSQL's pg_tm with fsec, the zone's offset
 * and abbreviation (NULL for timestamp and interval). */
struct tmc {
    int64_t year; /* astronomical for timestamps; the interval's years */
    int64_t hour;
    int mon, mday, min, sec, wday, yday, usec;
    long gmtoff;
    const char *tzn;
};

static const struct dkw *find_kw(const char *p, size_t left)
{
    const struct dkw *best = NULL;
    size_t bestlen = 0;
    for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
        size_t n = strlen(kws[i].name);
        if (n > left || n <= bestlen || memcmp(p, kws[i].name, n) != 0)
            continue;
        best = &kws[i];
        bestlen = n;
    }
    return best;
}

/* Names in the keyword's case; pad to 9 unless FM or TM. */
static void put_name(struct sbuf *b, const char *name, size_t maxlen, int cs, int pad)
{
    size_t n = strlen(name);
    if (n > maxlen)
        n = maxlen;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (cs == 2 || (cs == 1 && i == 0))
            ch = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        else
            ch = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        sbuf_putc(b, ch);
    }
    for (size_t i = n; (int)i < pad; i++)
        sbuf_putc(b, ' ');
}

/* str_numth: the ordinal suffix of the number just written. */
static void put_th(struct sbuf *b, size_t start, bool upper, struct err *e, int *rc)
{
    size_t len = b->len - start;
    const char *num = b->data + start;
    if (len == 0 || num[len - 1] < '0' || num[len - 1] > '9') {
        *rc = err_set_state(e, ERR_INVAL, "22P02", "\"%.*s\" is not a number", (int)len, num);
        return;
    }
    char last = num[len - 1];
    if (len > 1 && num[len - 2] == '1')
        last = '0';
    const char *s = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
    if (upper)
        sbuf_putc(b, (char)(s[0] - 32)), sbuf_putc(b, (char)(s[1] - 32));
    else
        sbuf_puts(b, s);
}

static int invalid_for_interval(struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22007",
                         "invalid format specification for an interval value"
                         "\nHINT:  Intervals are not tied to specific calendar dates.");
}

static int64_t adjust_year(int64_t y, bool iv)
{
    return iv ? y : (y <= 0 ? -(y - 1) : y);
}

/* "%0*lld" with width w, and w + 1 when v is negative (the interval case). */
static void put_pad(struct sbuf *b, int64_t v, int w, bool fm)
{
    if (fm)
        sbuf_printf(b, "%lld", (long long)v);
    else
        sbuf_printf(b, "%0*lld", v < 0 ? w + 1 : w, (long long)v);
}

/* parse_format's nodes. */
enum { N_END, N_ACTION, N_CHAR, N_SPACE, N_SEP };

struct fnode {
    int type;
    const struct dkw *kw;
    bool fm, tm, th, thu;
    const char *ch; /* N_CHAR / N_SPACE / N_SEP: the character in the template */
    size_t chlen;
};

static bool sep_char(const char *p)
{
    unsigned char c = (unsigned char)*p;
    return c > 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
           !(c >= '0' && c <= '9');
}

static int clen(const char *p, size_t left)
{
    int n = sql__utf8_clen(p, left);
    return n < 1 ? 1 : n;
}

/* The template as nodes (at most len + 1 of them, allocated in ctx). */
static struct fnode *parse_format(struct mem_ctx *ctx, const char *f, size_t len)
{
    struct fnode *nodes = mem_alloc(ctx, sizeof *nodes * (len + 1));
    size_t nn = 0;
    for (size_t i = 0; i < len;) {
        bool fm = false, tm = false;
        if (len - i >= 2 && (memcmp(f + i, "FM", 2) == 0 || memcmp(f + i, "fm", 2) == 0)) {
            fm = true;
            i += 2;
        } else if (len - i >= 2 && (memcmp(f + i, "TM", 2) == 0 || memcmp(f + i, "tm", 2) == 0)) {
            tm = true;
            i += 2;
        }
        if (i >= len)
            break;
        const struct dkw *kw = find_kw(f + i, len - i);
        if (kw != NULL) {
            struct fnode *n = &nodes[nn++];
            memset(n, 0, sizeof *n);
            n->type = N_ACTION;
            n->kw = kw;
            n->fm = fm;
            n->tm = tm;
            i += strlen(kw->name);
            if (len - i >= 2 && (memcmp(f + i, "TH", 2) == 0 || memcmp(f + i, "th", 2) == 0)) {
                n->th = true;
                n->thu = f[i] == 'T';
                i += 2;
            } else if (len - i >= 2 && memcmp(f + i, "SP", 2) == 0) {
                i += 2;
            }
            continue;
        }
        if (f[i] == '"') {
            i++;
            while (i < len) {
                if (f[i] == '"') {
                    i++;
                    break;
                }
                if (f[i] == '\\' && i + 1 < len)
                    i++;
                struct fnode *n = &nodes[nn++];
                memset(n, 0, sizeof *n);
                n->type = N_CHAR;
                n->ch = f + i;
                n->chlen = (size_t)clen(f + i, len - i);
                i += n->chlen;
            }
            continue;
        }
        if (f[i] == '\\' && i + 1 < len && f[i + 1] == '"')
            i++;
        struct fnode *n = &nodes[nn++];
        memset(n, 0, sizeof *n);
        n->type = sep_char(f + i)                                   ? N_SEP
                  : (f[i] == ' ' || (f[i] >= '\t' && f[i] <= '\r')) ? N_SPACE
                                                                    : N_CHAR;
        n->ch = f + i;
        n->chlen = (size_t)clen(f + i, len - i);
        i += n->chlen;
    }
    memset(&nodes[nn], 0, sizeof nodes[nn]);
    nodes[nn].type = N_END;
    return nodes;
}

static int dch(const struct tmc *t, bool iv, const struct fnode *nodes, struct sbuf *b,
               struct err *e)
{
    int rc = 0;
    for (const struct fnode *nd = nodes; nd->type != N_END && rc == 0; nd++) {
        if (nd->type != N_ACTION) {
            sbuf_append(b, nd->ch, nd->chlen);
            continue;
        }
        const struct dkw *kw = nd->kw;
        bool fm = nd->fm, tm = nd->tm, th = nd->th, thu = nd->thu;
        size_t start = b->len;
        bool num = true;
        int cs = kw->cs;
        switch (kw->k) {
        case K_A_M:
        case K_P_M:
        case K_AM:
        case K_PM: {
            bool pm = t->hour % 24 >= 12;
            bool dots = kw->k == K_A_M || kw->k == K_P_M;
            const char *s = dots ? (pm ? "P.M." : "A.M.") : (pm ? "PM" : "AM");
            put_name(b, s, 4, cs, 0);
            num = false;
            break;
        }
        case K_A_D:
        case K_B_C:
        case K_AD:
        case K_BC: {
            if (iv)
                return invalid_for_interval(e);
            bool bc = t->year <= 0;
            bool dots = kw->k == K_A_D || kw->k == K_B_C;
            const char *s = dots ? (bc ? "B.C." : "A.D.") : (bc ? "BC" : "AD");
            put_name(b, s, 4, cs, 0);
            num = false;
            break;
        }
        case K_MONTH:
        case K_MON:
            if (iv)
                return invalid_for_interval(e);
            num = false;
            if (t->mon == 0)
                break;
            if (kw->k == K_MONTH)
                put_name(b, months_full[t->mon - 1], 9, cs, fm || tm ? 0 : 9);
            else
                put_name(b, months_full[t->mon - 1], 3, cs, 0);
            break;
        case K_DAY:
        case K_DY:
            if (iv)
                return invalid_for_interval(e);
            num = false;
            if (kw->k == K_DAY)
                put_name(b, days_full[t->wday], 9, cs, fm || tm ? 0 : 9);
            else
                put_name(b, days_full[t->wday], 3, cs, 0);
            break;
        case K_RM: {
            num = false;
            if (t->mon == 0 && t->year == 0)
                break;
            int m;
            if (t->mon == 0)
                m = t->year >= 0 ? 0 : 11;
            else if (t->mon < 0)
                m = -(t->mon + 1);
            else
                m = 12 - t->mon;
            const char *s = rm_upper[m];
            put_name(b, s, 4, cs == 0 ? 0 : 2, fm ? 0 : 4);
            break;
        }
        case K_TZ:
            if (iv)
                return invalid_for_interval(e);
            num = false;
            for (const char *z = t->tzn; z != NULL && *z != '\0'; z++)
                sbuf_putc(b, cs == 0 && *z >= 'A' && *z <= 'Z' ? (char)(*z + 32) : *z);
            break;
        case K_TZH:
            if (iv)
                return invalid_for_interval(e);
            sbuf_printf(b, "%c%02ld", t->gmtoff >= 0 ? '+' : '-', labs(t->gmtoff) / 3600);
            break;
        case K_TZM:
            if (iv)
                return invalid_for_interval(e);
            sbuf_printf(b, "%02ld", (labs(t->gmtoff) % 3600) / 60);
            break;
        case K_OF:
            if (iv)
                return invalid_for_interval(e);
            num = false;
            sbuf_printf(b, "%c%0*ld", t->gmtoff >= 0 ? '+' : '-', fm ? 0 : 2,
                        labs(t->gmtoff) / 3600);
            if (labs(t->gmtoff) % 3600 != 0)
                sbuf_printf(b, ":%02ld", (labs(t->gmtoff) % 3600) / 60);
            break;
        case K_FX:
            num = false;
            break;
        case K_HH:
        case K_HH12: {
            int64_t h = t->hour % 12 == 0 ? 12 : t->hour % 12;
            sbuf_printf(b, "%0*lld", fm ? 0 : t->hour >= 0 ? 2 : 3, (long long)h);
            break;
        }
        case K_HH24:
            put_pad(b, t->hour, 2, fm);
            break;
        case K_MI:
            put_pad(b, t->min, 2, fm);
            break;
        case K_SS:
            put_pad(b, t->sec, 2, fm);
            break;
        case K_FF1:
        case K_FF2:
        case K_FF3:
        case K_FF4:
        case K_FF5:
        case K_FF6: {
            int d = (int)(kw->k - K_FF1) + 1, div = 1;
            for (int k = d; k < 6; k++)
                div *= 10;
            sbuf_printf(b, "%0*d", d, t->usec / div);
            break;
        }
        case K_MS:
            sbuf_printf(b, "%03d", t->usec / 1000);
            break;
        case K_US:
            sbuf_printf(b, "%06d", t->usec);
            break;
        case K_SSSS:
        case K_SSSSS:
            sbuf_printf(b, "%lld", (long long)(t->hour * 3600 + t->min * 60 + t->sec));
            break;
        case K_Y_YYY: {
            int64_t y = adjust_year(t->year, iv);
            sbuf_printf(b, "%lld,%03lld", (long long)(y / 1000), (long long)(y - y / 1000 * 1000));
            break;
        }
        case K_YYYY:
        case K_IYYY:
        case K_YYY:
        case K_IYY:
        case K_YY:
        case K_IY:
        case K_Y:
        case K_I: {
            bool iso = kw->k == K_IYYY || kw->k == K_IYY || kw->k == K_IY || kw->k == K_I;
            /* the width follows the calendar year's sign, also for ISO years */
            bool neg = adjust_year(t->year, iv) < 0;
            int64_t y = t->year;
            if (iso)
                y = dt__date2isoyear((int)t->year, t->mon, t->mday);
            y = adjust_year(y, iv);
            int w = kw->k == K_YYYY || kw->k == K_IYYY ? 4
                    : kw->k == K_YYY || kw->k == K_IYY ? 3
                    : kw->k == K_YY || kw->k == K_IY   ? 2
                                                       : 1;
            int64_t m = w == 4 ? 0 : w == 3 ? 1000 : w == 2 ? 100 : 10;
            if (m != 0)
                y %= m;
            if (w == 1)
                sbuf_printf(b, "%1lld", (long long)y);
            else
                sbuf_printf(b, "%0*lld", fm ? 0 : neg ? w + 1 : w, (long long)y);
            break;
        }
        case K_MM:
            put_pad(b, t->mon, 2, fm);
            break;
        case K_DDD:
            sbuf_printf(b, "%0*d", fm ? 0 : 3, t->yday);
            break;
        case K_IDDD: {
            int iy = dt__date2isoyear((int)t->year, t->mon, t->mday);
            int d = dt__date2j((int)t->year, t->mon, t->mday) - dt__isoweek2j(iy, 1) + 1;
            sbuf_printf(b, "%0*d", fm ? 0 : 3, d);
            break;
        }
        case K_DD:
            sbuf_printf(b, "%0*d", fm ? 0 : 2, t->mday);
            break;
        case K_D:
            if (iv)
                return invalid_for_interval(e);
            sbuf_printf(b, "%d", t->wday + 1);
            break;
        case K_ID:
            if (iv)
                return invalid_for_interval(e);
            sbuf_printf(b, "%d", t->wday == 0 ? 7 : t->wday);
            break;
        case K_WW:
            sbuf_printf(b, "%0*d", fm ? 0 : 2, (t->yday - 1) / 7 + 1);
            break;
        case K_IW:
            sbuf_printf(b, "%0*d", fm ? 0 : 2, dt__date2isoweek((int)t->year, t->mon, t->mday));
            break;
        case K_Q:
            if (t->mon == 0) {
                num = false;
                break;
            }
            sbuf_printf(b, "%d", (t->mon - 1) / 3 + 1);
            break;
        case K_CC: {
            int64_t c;
            if (iv)
                c = t->year / 100;
            else if (t->year > 0)
                c = (t->year - 1) / 100 + 1;
            else
                c = t->year / 100 - 1;
            if (c <= 99 && c >= -99)
                sbuf_printf(b, "%0*lld", fm ? 0 : c >= 0 ? 2 : 3, (long long)c);
            else
                sbuf_printf(b, "%lld", (long long)c);
            break;
        }
        case K_W:
            sbuf_printf(b, "%d", (t->mday - 1) / 7 + 1);
            break;
        case K_J:
            sbuf_printf(b, "%d", dt__date2j((int)t->year, t->mon, t->mday));
            break;
        }
        if (th && num)
            put_th(b, start, thu, e, &rc);
    }
    return rc;
}

int sql__fn_to_char(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    const struct sql_dt_ctx *dc = &sql__fn_fmt(c)->dt;
    struct tmc t;
    memset(&t, 0, sizeof t);
    bool iv = false;
    switch (a[0].type) {
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ: {
        int64_t ts = a[0].u.ts;
        memset(out, 0, sizeof(*out));
        out->type = SQL_T_TEXT;
        if (ts == SQL_TS_NOBEGIN || ts == SQL_TS_NOEND || a[1].u.s.len == 0) {
            out->null = true;
            return 0;
        }
        struct dt_tm tm;
        int fsec = 0, tz = 0;
        bool wtz = a[0].type == SQL_T_TIMESTAMPTZ;
        if (dt__ts2tm(ts, wtz ? dc->tz : NULL, &tz, &tm, &fsec) != 0)
            return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
        t.year = tm.year;
        t.mon = tm.mon;
        t.mday = tm.mday;
        t.hour = tm.hour;
        t.min = tm.min;
        t.sec = tm.sec;
        t.usec = fsec;
        if (wtz && dc->tz == NULL) {
            t.gmtoff = 0;
            t.tzn = "UTC";
        } else if (wtz) {
            t.gmtoff = tm.gmtoff;
            t.tzn = tm.zone;
        }
        int j = dt__date2j(tm.year, tm.mon, tm.mday);
        t.wday = (j + 1) % 7;
        t.yday = j - dt__date2j(tm.year, 1, 1) + 1;
        break;
    }
    case SQL_T_INTERVAL: {
        memset(out, 0, sizeof(*out));
        out->type = SQL_T_TEXT;
        if (a[1].u.s.len == 0) {
            out->null = true;
            return 0;
        }
        struct dt_itm itm;
        dt__interval2itm(&a[0].u.iv, &itm);
        iv = true;
        t.year = itm.year;
        t.mon = itm.mon;
        t.mday = itm.mday;
        t.hour = itm.hour;
        t.min = itm.min;
        t.sec = itm.sec;
        t.usec = itm.usec;
        t.yday = (int)((t.year * 12 + t.mon) * 30 + t.mday);
        break;
    }
    default:
        return sql__fn_num_to_char(c, a, n, out, e);
    }
    struct sbuf b;
    sbuf_init(&b);
    int rc = dch(&t, iv, parse_format(c->ctx, a[1].u.s.p, a[1].u.s.len), &b, e);
    if (rc == 0)
        sql__fn_text_out(c, b.data ? b.data : "", b.len, out);
    sbuf_free(&b);
    return rc;
}

/* ---- to_date / to_timestamp (DCH_from_char, do_to_timestamp) ---- */

/* TmFromChar: 0 is "not set" for every field. */
struct tmfc {
    int mode, hh, pm, mi, ss, ssss, d, dd, ddd, mm, ms, year, bc, ww, w, cc, j, us, yysz, clock;
    int tzsign, tzh, tzm, ff;
};

static const char *const ampm_s[] = {"am", "pm", "AM", "PM", NULL};
static const char *const ampm_l[] = {"a.m.", "p.m.", "A.M.", "P.M.", NULL};
static const char *const adbc_s[] = {"ad", "bc", "AD", "BC", NULL};
static const char *const adbc_l[] = {"a.d.", "b.c.", "A.D.", "B.C.", NULL};
static const char *const mon_s[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                    "Aug", "Sep", "Oct", "Nov", "Dec", NULL};
static const char *const mon_l[] = {"January",  "February", "March",  "April",     "May",
                                    "June",     "July",     "August", "September", "October",
                                    "November", "December", NULL};
static const char *const day_s[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", NULL};
static const char *const day_l[] = {"Sunday",   "Monday", "Tuesday",  "Wednesday",
                                    "Thursday", "Friday", "Saturday", NULL};
static const char *const rm_lower[] = {"xii", "xi", "x",   "ix", "viii", "vii", "vi",
                                       "v",   "iv", "iii", "ii", "i",    NULL};

/* from_char_set_int */
static int set_int(int *dest, int v, const struct fnode *n, struct err *e)
{
    if (*dest != 0 && *dest != v)
        return err_set_state(
            e, ERR_INVAL, "22007", "conflicting values for \"%s\" field in formatting string%s",
            n->kw->name,
            "\nDETAIL:  This value contradicts a previous setting for the same field "
            "type.");
    *dest = v;
    return 0;
}

static bool next_is_sep(const struct fnode *n)
{
    if (n->type == N_END)
        return false;
    if (n->type == N_ACTION && n->th)
        return true;
    n++;
    if (n->type == N_END)
        return true;
    if (n->type == N_ACTION)
        return !key_digit(n->kw->k);
    if (n->chlen == 1 && n->ch[0] >= '0' && n->ch[0] <= '9')
        return false;
    return true;
}

static size_t space_len(const char *s)
{
    size_t n = 0;
    while (s[n] == ' ' || (s[n] >= '\t' && s[n] <= '\r'))
        n++;
    return n;
}

/* from_char_parse_int_len: the number of characters used, or -1 (error). */
static int parse_int_len(int *dest, const char **src, int len, const struct fnode *n, struct err *e)
{
    const char *init = *src;
    char copy[32];
    *src += space_len(*src);
    size_t used = strlen(*src);
    if (used > (size_t)len)
        used = (size_t)len;
    memcpy(copy, *src, used);
    copy[used] = '\0';
    long result;
    errno = 0;
    if (n->fm || next_is_sep(n)) {
        char *endp;
        result = strtol(init, &endp, 10);
        *src = endp;
    } else {
        if ((int)used < len) {
            char d[160];
            snprintf(d, sizeof d,
                     "\nDETAIL:  Field requires %d characters, but only %d remain.\nHINT:  If "
                     "your source string is not fixed-width, try using the \"FM\" modifier.",
                     len, (int)used);
            err_set_state(e, ERR_INVAL, "22007",
                          "source string too short for \"%s\" formatting field%s", n->kw->name, d);
            return -1;
        }
        char *last;
        result = strtol(copy, &last, 10);
        int u = (int)(last - copy);
        if (u > 0 && u < len) {
            char d[160];
            snprintf(d, sizeof d,
                     "\nDETAIL:  Field requires %d characters, but only %d could be parsed."
                     "\nHINT:  If your source string is not fixed-width, try using the \"FM\" "
                     "modifier.",
                     len, u);
            err_set_state(e, ERR_INVAL, "22007", "invalid value \"%s\" for \"%s\"%s", copy,
                          n->kw->name, d);
            return -1;
        }
        *src += u;
    }
    if (*src == init) {
        err_set_state(e, ERR_INVAL, "22007",
                      "invalid value \"%s\" for \"%s\"\nDETAIL:  Value must be an integer.", copy,
                      n->kw->name);
        return -1;
    }
    if (errno == ERANGE || result < INT32_MIN || result > INT32_MAX) {
        err_set_state(e, ERR_INVAL, "22008", "value for \"%s\" in source string is out of range%s",
                      n->kw->name,
                      "\nDETAIL:  Value must be in the range -2147483648 to 2147483647.");
        return -1;
    }
    if (dest != NULL && set_int(dest, (int)result, n, e) < 0)
        return -1;
    return (int)(*src - init);
}

static int parse_int(int *dest, const char **src, const struct fnode *n, struct err *e)
{
    return parse_int_len(dest, src, (int)strlen(n->kw->name), n, e);
}

/* from_char_seq_search over seq_search_ascii (case-insensitive prefix). */
static int seq_search(int *dest, const char **src, const char *const *arr, const struct fnode *n,
                      struct err *e)
{
    const char *s = *src;
    for (int i = 0; s[0] != '\0' && arr[i] != NULL; i++) {
        size_t l = strlen(arr[i]), k;
        for (k = 0; k < l; k++) {
            char a = arr[i][k], b = s[k];
            if (b == '\0')
                break;
            if (a >= 'A' && a <= 'Z')
                a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z')
                b = (char)(b + 32);
            if (a != b)
                break;
        }
        if (k == l) {
            *dest = i;
            *src = s + l;
            return 0;
        }
    }
    size_t w = 0;
    while (s[w] != '\0' && s[w] != ' ' && !(s[w] >= '\t' && s[w] <= '\r'))
        w++;
    return err_set_state(e, ERR_INVAL, "22007",
                         "invalid value \"%.*s\" for \"%s\"\nDETAIL:  The given value did not "
                         "match any of the allowed values for this field.",
                         (int)w, s, n->kw->name);
}

static void skip_th(const char **s, const struct fnode *n)
{
    if (!n->th)
        return;
    for (int i = 0; i < 2 && **s != '\0'; i++)
        *s += clen(*s, strlen(*s));
}

static int adjust_2020(int y)
{
    if (y < 70)
        return y + 2000;
    if (y < 100)
        return y + 1900;
    if (y < 520)
        return y + 2000;
    if (y < 1000)
        return y + 1000;
    return y;
}

static int from_char(const struct fnode *nodes, const char *in, struct tmfc *o, struct err *e)
{
    bool fx = false;
    int extra = 0, v, len;
    const char *s = in;
    for (const struct fnode *n = nodes; n->type != N_END && *s != '\0'; n++) {
        if (!fx && (n->type != N_ACTION || n->kw->k != K_FX) &&
            (n->type == N_ACTION || n == nodes)) {
            while (*s != '\0' && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) {
                s++;
                extra++;
            }
        }
        if (n->type == N_SPACE || n->type == N_SEP) {
            if (!fx) {
                extra--;
                if (*s == ' ' || (*s >= '\t' && *s <= '\r') || sep_char(s)) {
                    s++;
                    extra++;
                }
            } else {
                s += clen(s, strlen(s));
            }
            continue;
        }
        if (n->type != N_ACTION) {
            if (!fx && extra > 0)
                extra--;
            else
                s += clen(s, strlen(s));
            continue;
        }
        int mode = key_mode(n->kw->k);
        if (mode != M_NONE) {
            if (o->mode == M_NONE)
                o->mode = mode;
            else if (o->mode != mode)
                return err_set_state(e, ERR_INVAL, "22007",
                                     "invalid combination of date conventions\nHINT:  Do not mix "
                                     "Gregorian and ISO week date conventions in a formatting "
                                     "template.");
        }
        switch (n->kw->k) {
        case K_FX:
            fx = true;
            break;
        case K_A_M:
        case K_P_M:
        case K_AM:
        case K_PM:
            if (seq_search(&v, &s, n->kw->k == K_AM || n->kw->k == K_PM ? ampm_s : ampm_l, n, e) <
                    0 ||
                set_int(&o->pm, v % 2, n, e) < 0)
                return -1;
            o->clock = 12;
            break;
        case K_HH:
        case K_HH12:
            if (parse_int_len(&o->hh, &s, 2, n, e) < 0)
                return -1;
            o->clock = 12;
            skip_th(&s, n);
            break;
        case K_HH24:
            if (parse_int_len(&o->hh, &s, 2, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_MI:
            if (parse_int(&o->mi, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_SS:
            if (parse_int(&o->ss, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_MS:
            if ((len = parse_int_len(&o->ms, &s, 3, n, e)) < 0)
                return -1;
            o->ms *= len == 1 ? 100 : len == 2 ? 10 : 1;
            skip_th(&s, n);
            break;
        case K_FF1:
        case K_FF2:
        case K_FF3:
        case K_FF4:
        case K_FF5:
        case K_FF6:
        case K_US:
            if (n->kw->k != K_US)
                o->ff = (int)(n->kw->k - K_FF1) + 1;
            if ((len = parse_int_len(&o->us, &s, n->kw->k == K_US ? 6 : o->ff, n, e)) < 0)
                return -1;
            o->us *= len == 1   ? 100000
                     : len == 2 ? 10000
                     : len == 3 ? 1000
                     : len == 4 ? 100
                     : len == 5 ? 10
                                : 1;
            skip_th(&s, n);
            break;
        case K_SSSS:
        case K_SSSSS:
            if (parse_int(&o->ssss, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_TZ:
        case K_OF:
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "formatting field \"%s\" is only supported in to_char",
                                 n->kw->name);
        case K_TZH:
            if (*s == '+' || *s == '-' || *s == ' ') {
                o->tzsign = *s == '-' ? -1 : 1;
                s++;
            } else {
                o->tzsign = extra > 0 && s > in && s[-1] == '-' ? -1 : 1;
            }
            if (parse_int_len(&o->tzh, &s, 2, n, e) < 0)
                return -1;
            break;
        case K_TZM:
            if (o->tzsign == 0)
                o->tzsign = 1;
            if (parse_int_len(&o->tzm, &s, 2, n, e) < 0)
                return -1;
            break;
        case K_A_D:
        case K_B_C:
        case K_AD:
        case K_BC:
            if (seq_search(&v, &s, n->kw->k == K_AD || n->kw->k == K_BC ? adbc_s : adbc_l, n, e) <
                    0 ||
                set_int(&o->bc, v % 2, n, e) < 0)
                return -1;
            break;
        case K_MONTH:
        case K_MON:
            if (seq_search(&v, &s, n->kw->k == K_MONTH ? mon_l : mon_s, n, e) < 0 ||
                set_int(&o->mm, v + 1, n, e) < 0)
                return -1;
            break;
        case K_MM:
            if (parse_int(&o->mm, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_DAY:
        case K_DY:
            if (seq_search(&v, &s, n->kw->k == K_DAY ? day_l : day_s, n, e) < 0 ||
                set_int(&o->d, v, n, e) < 0)
                return -1;
            o->d++;
            break;
        case K_DDD:
            if (parse_int(&o->ddd, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_IDDD:
            if (parse_int_len(&o->ddd, &s, 3, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_DD:
            if (parse_int(&o->dd, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_D:
            if (parse_int(&o->d, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_ID:
            if (parse_int_len(&o->d, &s, 1, n, e) < 0)
                return -1;
            if (++o->d > 7)
                o->d = 1;
            skip_th(&s, n);
            break;
        case K_WW:
        case K_IW:
            if (parse_int(&o->ww, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_Q:
            if (parse_int(NULL, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_CC:
            if (parse_int(&o->cc, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_Y_YYY: {
            int mil, yrs, nch = 0;
            if (sscanf(s, "%d,%03d%n", &mil, &yrs, &nch) < 2)
                return err_set_state(e, ERR_INVAL, "22007", "invalid input string for \"Y,YYY\"");
            if (set_int(&o->year, yrs + mil * 1000, n, e) < 0)
                return -1;
            o->yysz = 4;
            s += nch;
            skip_th(&s, n);
            break;
        }
        case K_YYYY:
        case K_IYYY:
            if (parse_int(&o->year, &s, n, e) < 0)
                return -1;
            o->yysz = 4;
            skip_th(&s, n);
            break;
        case K_YYY:
        case K_IYY:
        case K_YY:
        case K_IY:
        case K_Y:
        case K_I:
            if ((len = parse_int(&o->year, &s, n, e)) < 0)
                return -1;
            if (len < 4)
                o->year = adjust_2020(o->year);
            o->yysz = n->kw->k == K_YYY || n->kw->k == K_IYY ? 3
                      : n->kw->k == K_YY || n->kw->k == K_IY ? 2
                                                             : 1;
            skip_th(&s, n);
            break;
        case K_RM:
            if (seq_search(&v, &s, rm_lower, n, e) < 0 || set_int(&o->mm, 12 - v, n, e) < 0)
                return -1;
            break;
        case K_W:
            if (parse_int(&o->w, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        case K_J:
            if (parse_int(&o->j, &s, n, e) < 0)
                return -1;
            skip_th(&s, n);
            break;
        }
        if (!fx) {
            extra = 0;
            while (*s != '\0' && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) {
                s++;
                extra++;
            }
        }
    }
    return 0;
}

static int field_overflow(const char *in, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22008", "date/time field value out of range: \"%s\"", in);
}

/* do_to_timestamp: tm, fsec, the zone given by TZH/TZM (*has_tz, *tz seconds
 * west) and the FF precision. */
static int to_tm(struct sql_fcall *c, const struct sql_value *a, const char **instr,
                 struct dt_tm *tm, int *fsec, bool *has_tz, int *tz, int *fprec, struct err *e)
{
    char *in = mem_alloc(c->ctx, a[0].u.s.len + 1);
    memcpy(in, a[0].u.s.p ? a[0].u.s.p : "", a[0].u.s.len);
    in[a[0].u.s.len] = '\0';
    *instr = in;
    struct tmfc o;
    memset(&o, 0, sizeof o);
    memset(tm, 0, sizeof *tm);
    tm->mday = tm->mon = 1;
    *fsec = 0;
    *has_tz = false;
    *fprec = 0;
    int fmask = 0; /* 1 year, 2 month, 4 day */
    if (a[1].u.s.len > 0 &&
        from_char(parse_format(c->ctx, a[1].u.s.p, a[1].u.s.len), in, &o, e) < 0)
        return -1;
    if (o.ssss) {
        int x = o.ssss;
        tm->hour = x / 3600;
        x %= 3600;
        tm->min = x / 60;
        tm->sec = x % 60;
    }
    if (o.ss)
        tm->sec = o.ss;
    if (o.mi)
        tm->min = o.mi;
    if (o.hh)
        tm->hour = o.hh;
    if (o.clock == 12) {
        if (tm->hour < 1 || tm->hour > 12)
            return err_set_state(e, ERR_INVAL, "22007",
                                 "hour \"%d\" is invalid for the 12-hour clock\nHINT:  Use the "
                                 "24-hour clock, or give an hour between 1 and 12.",
                                 tm->hour);
        if (o.pm && tm->hour < 12)
            tm->hour += 12;
        else if (!o.pm && tm->hour == 12)
            tm->hour = 0;
    }
    if (o.year) {
        if (o.cc && o.yysz <= 2) {
            if (o.bc)
                o.cc = -o.cc;
            tm->year = o.year % 100;
            if (tm->year) {
                if (o.cc >= 0)
                    tm->year += (o.cc - 1) * 100;
                else
                    tm->year = (o.cc + 1) * 100 - tm->year + 1;
            } else {
                tm->year = o.cc * 100 + (o.cc >= 0 ? 0 : 1);
            }
        } else {
            tm->year = o.year;
            if (o.bc)
                tm->year = -tm->year;
            if (tm->year < 0)
                tm->year++;
        }
        fmask |= 1;
    } else if (o.cc) {
        if (o.bc)
            o.cc = -o.cc;
        tm->year = o.cc >= 0 ? (o.cc - 1) * 100 + 1 : o.cc * 100 + 1;
        fmask |= 1;
    }
    if (o.j) {
        dt__j2date(o.j, &tm->year, &tm->mon, &tm->mday);
        fmask |= 7;
    }
    if (o.ww) {
        if (o.mode == M_ISO) {
            int jd = dt__isoweek2j(tm->year, o.ww);
            if (o.d)
                jd += o.d > 1 ? o.d - 2 : 6;
            dt__j2date(jd, &tm->year, &tm->mon, &tm->mday);
            fmask |= 7;
        } else {
            o.ddd = (o.ww - 1) * 7 + 1;
        }
    }
    if (o.w)
        o.dd = (o.w - 1) * 7 + 1;
    if (o.dd) {
        tm->mday = o.dd;
        fmask |= 4;
    }
    if (o.mm) {
        tm->mon = o.mm;
        fmask |= 2;
    }
    if (o.ddd && (tm->mon <= 1 || tm->mday <= 1)) {
        if (!tm->year && !o.bc)
            return err_set_state(e, ERR_INVAL, "22007",
                                 "cannot calculate day of year without year information");
        if (o.mode == M_ISO) {
            int j0 = dt__isoweek2j(tm->year, 1) - 1;
            dt__j2date(j0 + o.ddd, &tm->year, &tm->mon, &tm->mday);
            fmask |= 7;
        } else {
            static const int ysum[2][13] = {
                {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
                {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
            const int *y = ysum[dt__isleap(tm->year) ? 1 : 0];
            int i;
            for (i = 1; i <= 12; i++)
                if (o.ddd <= y[i])
                    break;
            if (tm->mon <= 1)
                tm->mon = i;
            if (tm->mday <= 1)
                tm->mday = o.ddd - y[i - 1];
            fmask |= 6;
        }
    }
    if (o.ms)
        *fsec += o.ms * 1000;
    if (o.us)
        *fsec += o.us;
    *fprec = o.ff;
    /* ValidateDate (the year is final: BC already applied) */
    if (((fmask & 2) && (tm->mon < 1 || tm->mon > 12)) ||
        ((fmask & 4) && (tm->mday < 1 || tm->mday > 31)) ||
        ((fmask & 7) == 7 && tm->mday > dt__days_in_month(tm->year, tm->mon)))
        return field_overflow(in, e);
    if (tm->hour < 0 || tm->hour >= 24 || tm->min < 0 || tm->min >= 60 || tm->sec < 0 ||
        tm->sec >= 60 || *fsec < 0 || *fsec >= 1000000)
        return field_overflow(in, e);
    if (o.tzsign) {
        if (o.tzh < 0 || o.tzh > 15 || o.tzm < 0 || o.tzm >= 60)
            return err_set_state(e, ERR_INVAL, "22009",
                                 "time zone displacement out of range: \"%s\"", in);
        *has_tz = true;
        *tz = -o.tzsign * (o.tzh * 3600 + o.tzm * 60);
    }
    return 0;
}

int sql__fn_to_date(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)n;
    struct dt_tm tm;
    int fsec, tz, fprec;
    bool has_tz;
    const char *in;
    if (to_tm(c, a, &in, &tm, &fsec, &has_tz, &tz, &fprec, e) < 0)
        return -1;
    if (!dt__valid_julian(tm.year, tm.mon, tm.mday))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: \"%s\"", in);
    int32_t d = dt__date2j(tm.year, tm.mon, tm.mday) - DT_POSTGRES_EPOCH_JDATE;
    if (!dt__valid_date(d))
        return err_set_state(e, ERR_INVAL, "22008", "date out of range: \"%s\"", in);
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_DATE;
    out->u.date = d;
    return 0;
}

int sql__fn_to_timestamp_fmt(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)n;
    struct dt_tm tm;
    int fsec, tz = 0, fprec;
    bool has_tz;
    const char *in;
    if (to_tm(c, a, &in, &tm, &fsec, &has_tz, &tz, &fprec, e) < 0)
        return -1;
    const struct sql_dt_ctx *dc = &sql__fn_fmt(c)->dt;
    if (!has_tz)
        tz = dc->tz != NULL ? dt__tz_offset_local(&tm, dc->tz, NULL) : 0;
    int64_t ts;
    if (dt__tm2ts(&tm, fsec, &tz, &ts) != 0)
        return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
    if (fprec > 0 && fprec < 6) {
        /* AdjustTimestampForTypmod */
        int64_t scale = 1;
        for (int i = fprec; i < 6; i++)
            scale *= 10;
        int64_t off = scale / 2;
        ts = ts >= 0 ? (ts + off) / scale * scale : -(((-ts) + off) / scale * scale);
        if (!dt__valid_ts(ts))
            return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
    }
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TIMESTAMPTZ;
    out->u.ts = ts;
    return 0;
}

/* timeofday: pg_strftime "%a %b %d %H:%M:%S.%%06d %Y %Z" of the clock in
 * the session TimeZone (years as %Y prints them: astronomical, no BC). */
int sql__fn_timeofday(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)a;
    (void)n;
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t ts = ((int64_t)now.tv_sec - INT64_C(946684800)) * 1000000 + now.tv_nsec / 1000;
    struct dt_tm tm;
    int fsec, tzp;
    if (dt__ts2tm(ts, sql__fn_fmt(c)->dt.tz, &tzp, &tm, &fsec) != 0)
        return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
    char buf[128];
    int len = snprintf(buf, sizeof(buf), "%s %s %02d %02d:%02d:%02d.%06d %d %s", days[tm.wday],
                       mons[tm.mon - 1], tm.mday, tm.hour, tm.min, tm.sec, fsec, tm.year,
                       tm.zone ? tm.zone : "UTC");
    sql__fn_text_out(c, buf, (size_t)len, out);
    return 0;
}
