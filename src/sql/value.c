/* value.c — SQL values: constructors, text input and output (typinput /
 * typoutput), binary send/recv, comparison and hashing.
 *
 * Each conversion follows the PostgreSQL 15 function named beside it
 * (src/backend/utils/adt/): the same accepted forms, the same output text and
 * the same SQLSTATE and message on error. Float output is in
 * value_float.c, json validation in value_json.c.
 */
#include "sql/value.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "sql/array.h"
#include "sql/range.h"
#include "sql/ctype.h"
#include "sql/enum.h"
#include "sql/inet.h"
#include "sql/json_int.h"
#include "sql/value_int.h"
#include "sql/typio.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- constructors ---- */

static struct sql_value int_value(uint32_t type, int64_t i)
{
    struct sql_value v = sql_null(type);
    v.null = false;
    v.u.i = i;
    return v;
}

struct sql_value sql_int2(int16_t v)
{
    return int_value(SQL_T_INT2, v);
}

struct sql_value sql_int4(int32_t v)
{
    return int_value(SQL_T_INT4, v);
}

struct sql_value sql_int8(int64_t v)
{
    return int_value(SQL_T_INT8, v);
}

struct sql_value sql_float8(double f)
{
    struct sql_value v = sql_null(SQL_T_FLOAT8);
    v.null = false;
    v.u.f = f;
    return v;
}

struct sql_value sql_text(const char *p, size_t len)
{
    struct sql_value v = sql_null(SQL_T_TEXT);
    v.null = false;
    v.u.s.p = p;
    v.u.s.len = len;
    return v;
}

struct sql_value sql_cstr(const char *s)
{
    return sql_text(s, strlen(s));
}

bool sql__type_is_bytes(uint32_t t)
{
    switch (t) {
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
    case SQL_T_NAME:
    case SQL_T_BYTEA:
    case SQL_T_UNKNOWN:
    case SQL_T_JSON:
    case SQL_T_JSONB:
    case SQL_T_CHAR:
    case SQL_T_INT2VECTOR:
    case SQL_T_OIDVECTOR:
        return true;
    default:
        return false;
    }
}

bool sql__type_is_int(uint32_t t)
{
    switch (t) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
    case SQL_T_XID:
        return true;
    default:
        return false;
    }
}

void sql_value_copy(struct mem_ctx *ctx, const struct sql_value *v, struct sql_value *out)
{
    struct sql_value c = *v;
    if (!v->null) {
        if (sql__type_is_bytes(v->type)) {
            char *p = mem_alloc(ctx, v->u.s.len + 1);
            if (v->u.s.len > 0)
                memcpy(p, v->u.s.p, v->u.s.len);
            p[v->u.s.len] = '\0';
            c.u.s.p = p;
        } else if (v->type == SQL_T_NUMERIC) {
            sql_num_copy(ctx, &v->u.n, &c.u.n);
        } else if (sql_array_elemtype(v->type) != 0 ||
                   (v->type == SQL_T_RECORD && v->u.arr != NULL)) {
            sql__array_copy(ctx, v, &c);
        } else if (sql_range_subtype(v->type) != 0) {
            sql__range_copy(ctx, v, &c);
        }
    }
    *out = c;
}

void sql_fmt_init(struct sql_fmt *f)
{
    memset(f, 0, sizeof(*f));
    f->extra_float_digits = 1;
    f->bytea_hex = true;
}

/* ---- helpers ---- */

/* A NUL-terminated copy of s[0..len): in buf when it fits, else in ctx. */
static char *cstring(struct mem_ctx *ctx, const char *s, size_t len, char *buf, size_t cap)
{
    char *p = len < cap ? buf : mem_alloc(ctx, len + 1);
    if (len > 0)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

const char *sql__type_err_name(uint32_t type)
{
    switch (type) {
    case SQL_T_INT2:
        return "smallint";
    case SQL_T_INT4:
        return "integer";
    case SQL_T_INT8:
        return "bigint";
    case SQL_T_FLOAT4:
        return "real";
    case SQL_T_FLOAT8:
        return "double precision";
    case SQL_T_BOOL:
        return "boolean";
    default: {
        const struct sql_type_info *ti = sql_type_get(type);
        return ti ? ti->name : "unknown";
    }
    }
}

/* pg_strtoint16/32/64: blanks around, optional sign, decimal digits. */
static int int_in(const char *s, uint32_t type, int64_t *out, struct err *e)
{
    const char *p = s;
    bool neg = false;
    uint64_t acc = 0, limit;
    int64_t lo, hi;

    switch (type) {
    case SQL_T_INT2:
        lo = INT16_MIN, hi = INT16_MAX;
        break;
    case SQL_T_INT4:
        lo = INT32_MIN, hi = INT32_MAX;
        break;
    default:
        lo = INT64_MIN, hi = INT64_MAX;
        break;
    }
    while (is_space(*p))
        p++;
    if (*p == '-') {
        neg = true;
        p++;
    } else if (*p == '+') {
        p++;
    }
    if (!isdigit((unsigned char)*p))
        goto syntax;
    limit = neg ? (uint64_t)0 - (uint64_t)lo : (uint64_t)hi;
    bool overflow = false;
    while (isdigit((unsigned char)*p)) {
        unsigned d = (unsigned)(*p - '0');
        if (acc > (limit - d) / 10)
            overflow = true;
        else
            acc = acc * 10 + d;
        p++;
    }
    while (is_space(*p))
        p++;
    if (*p != '\0')
        goto syntax;
    if (overflow)
        return err_set_state(e, ERR_INVAL, "22003", "value \"%s\" is out of range for type %s", s,
                             sql__type_err_name(type));
    *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return 0;
syntax:
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s: \"%s\"",
                         sql__type_err_name(type), s);
}

/* oidin (uint32in_subr): strtoul semantics, -2^31.. accepted and wrapped. */
static int oid_in(const char *s, const char *tname, int64_t *out, struct err *e)
{
    const char *p = s;
    char *end;
    while (is_space(*p))
        p++;
    if (*p == '\0')
        goto syntax;
    errno = 0;
    unsigned long long v = strtoull(p, &end, 10);
    if (end == p)
        goto syntax;
    bool neg = *p == '-';
    if (errno == ERANGE || (!neg && v > UINT32_MAX) ||
        (neg && v != 0 && v < (unsigned long long)0 - (unsigned long long)(-(int64_t)INT32_MIN)))
        return err_set_state(e, ERR_INVAL, "22003", "value \"%s\" is out of range for type %s", s,
                             tname);
    while (is_space(*end))
        end++;
    if (*end != '\0')
        goto syntax;
    *out = (int64_t)(uint32_t)v;
    return 0;
syntax:
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s: \"%s\"", tname,
                         s);
}

/* float8in_internal / float4in. */
static int float_in(const char *s, bool f4, double *out, struct err *e)
{
    const char *tname = f4 ? "real" : "double precision";
    const char *num = s;
    char *end;
    double v;

    while (is_space(*num))
        num++;
    if (*num == '\0')
        goto syntax;
    errno = 0;
    if (f4)
        v = strtof(num, &end);
    else
        v = strtod(num, &end);
    if (end == num)
        goto syntax;
    if (errno == ERANGE) {
        if (v == 0.0 || isinf(v)) {
            int n = (int)(end - num);
            return err_set_state(e, ERR_INVAL, "22003", "\"%.*s\" is out of range for type %s", n,
                                 num, tname);
        }
    }
    while (is_space(*end))
        end++;
    if (*end != '\0')
        goto syntax;
    if (isnan(v))
        v = NAN;
    *out = v;
    return 0;
syntax:
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s: \"%s\"", tname,
                         s);
}

/* boolin / parse_bool_with_len. */
static int bool_in(const char *s, size_t len, bool *out, struct err *e)
{
    const char *p = s;
    size_t n = len;
    while (n > 0 && is_space(*p))
        p++, n--;
    while (n > 0 && is_space(p[n - 1]))
        n--;
    if (n > 0) {
        switch (p[0]) {
        case 't':
        case 'T':
            if (strncasecmp(p, "true", n) == 0 && n <= 4)
                return *out = true, 0;
            break;
        case 'f':
        case 'F':
            if (strncasecmp(p, "false", n) == 0 && n <= 5)
                return *out = false, 0;
            break;
        case 'y':
        case 'Y':
            if (strncasecmp(p, "yes", n) == 0 && n <= 3)
                return *out = true, 0;
            break;
        case 'n':
        case 'N':
            if (strncasecmp(p, "no", n) == 0 && n <= 2)
                return *out = false, 0;
            break;
        case 'o':
        case 'O':
            if (n >= 2 && n <= 2 && strncasecmp(p, "on", n) == 0)
                return *out = true, 0;
            if (n >= 2 && n <= 3 && strncasecmp(p, "off", n) == 0)
                return *out = false, 0;
            break;
        case '1':
            if (n == 1)
                return *out = true, 0;
            break;
        case '0':
            if (n == 1)
                return *out = false, 0;
            break;
        default:
            break;
        }
    }
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type boolean: \"%.*s\"",
                         (int)len, s);
}

/* ---- UTF-8 (PostgreSQL's pg_utf8_islegal / pg_utf_mblen) ---- */

static int utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    if ((c & 0xf8) == 0xf0)
        return 4;
    return 1;
}

static bool utf8_legal(const unsigned char *s, int n)
{
    unsigned char a;
    if (n < 1 || n > 4)
        return false;
    for (int i = 2; i < n; i++) /* bytes past the second: continuation bytes */
        if (s[i] < 0x80 || s[i] > 0xBF)
            return false;
    if (n >= 2) {
        a = s[1];
        switch (*s) {
        case 0xE0:
            if (a < 0xA0 || a > 0xBF)
                return false;
            break;
        case 0xED:
            if (a < 0x80 || a > 0x9F)
                return false;
            break;
        case 0xF0:
            if (a < 0x90 || a > 0xBF)
                return false;
            break;
        case 0xF4:
            if (a < 0x80 || a > 0x8F)
                return false;
            break;
        default:
            if (a < 0x80 || a > 0xBF)
                return false;
            break;
        }
    }
    a = *s;
    if (a >= 0x80 && a < 0xC2)
        return false;
    if (a > 0xF4)
        return false;
    return true;
}

int sql__utf8_verify(const char *s, size_t len, struct err *e)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80 && p[i] != 0) {
            i++;
            continue;
        }
        int l = utf8_len(p[i]);
        if (p[i] == 0 || (size_t)l > len - i || !utf8_legal(p + i, l)) {
            char buf[32];
            size_t o = 0;
            size_t lim = (size_t)l < len - i ? (size_t)l : len - i;
            for (size_t j = 0; j < lim; j++)
                o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s0x%02x", j ? " " : "", p[i + j]);
            return err_set_state(e, ERR_INVAL, "22021",
                                 "invalid byte sequence for encoding \"UTF8\": %s", buf);
        }
        i += (size_t)l;
    }
    return 0;
}

/* Bytes of the first nchars characters of s (pg_mbcharcliplen), and the
 * number of characters of s. */
size_t sql__utf8_clip(const char *s, size_t len, size_t nchars)
{
    size_t i = 0, c = 0;
    while (i < len && c < nchars) {
        size_t l = (size_t)utf8_len((unsigned char)s[i]);
        if (l > len - i)
            l = len - i;
        i += l;
        c++;
    }
    return i;
}

size_t sql__utf8_cliplen(const char *s, size_t len, size_t maxbytes)
{
    size_t i = 0;
    if (len <= maxbytes)
        return len;
    while (i < len) {
        size_t l = (size_t)utf8_len((unsigned char)s[i]);
        if (i + l > maxbytes)
            break;
        i += l;
    }
    return i;
}

size_t sql__utf8_chars(const char *s, size_t len)
{
    size_t i = 0, c = 0;
    while (i < len) {
        size_t l = (size_t)utf8_len((unsigned char)s[i]);
        if (l > len - i)
            l = len - i;
        i += l;
        c++;
    }
    return c;
}

/* ---- character types with a typmod (varchar_input, bpchar_input) ---- */

int sql__char_typmod(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const char *s, size_t len,
                     bool explicit_cast, struct sql_value *out, struct err *e)
{
    out->null = false;
    out->type = type;
    out->u.s.p = s;
    out->u.s.len = len;
    if (typmod < 4 || (type != SQL_T_VARCHAR && type != SQL_T_BPCHAR))
        return 0;
    size_t maxlen = (size_t)(typmod - 4);
    size_t clip = sql__utf8_clip(s, len, maxlen);
    if (clip < len) {
        /* Longer than maxlen characters: only blanks may be cut, unless an
         * explicit cast, which truncates. */
        if (!explicit_cast) {
            for (size_t i = clip; i < len; i++)
                if (s[i] != ' ')
                    return err_set_state(e, ERR_INVAL, "22001", "value too long for type %s(%d)",
                                         type == SQL_T_VARCHAR ? "character varying" : "character",
                                         (int)maxlen);
        }
        out->u.s.len = clip;
        return 0;
    }
    if (type == SQL_T_BPCHAR) {
        size_t nch = sql__utf8_chars(s, len);
        if (nch < maxlen) {
            size_t pad = maxlen - nch;
            char *p = mem_alloc(ctx, len + pad + 1);
            if (len > 0)
                memcpy(p, s, len);
            memset(p + len, ' ', pad);
            p[len + pad] = '\0';
            out->u.s.p = p;
            out->u.s.len = len + pad;
        }
    }
    return 0;
}

/* ---- bytea (byteain / byteaout) ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int bytea_in(struct mem_ctx *ctx, const char *s, size_t len, struct sql_value *out,
                    struct err *e)
{
    uint8_t *buf;
    size_t n = 0;
    if (len >= 2 && s[0] == '\\' && s[1] == 'x') {
        buf = mem_alloc(ctx, (len - 2) / 2 + 1);
        size_t i = 2;
        while (i < len) {
            char c = s[i];
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int hi = hexval(c);
            if (hi < 0)
                return err_set_state(e, ERR_INVAL, "22023", "invalid hexadecimal digit: \"%c\"", c);
            if (i + 1 >= len)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "invalid hexadecimal data: odd number of digits");
            int lo = hexval(s[i + 1]);
            if (lo < 0)
                return err_set_state(e, ERR_INVAL, "22023", "invalid hexadecimal digit: \"%c\"",
                                     s[i + 1]);
            buf[n++] = (uint8_t)(hi << 4 | lo);
            i += 2;
        }
    } else {
        buf = mem_alloc(ctx, len + 1);
        size_t i = 0;
        while (i < len) {
            if (s[i] != '\\') {
                buf[n++] = (uint8_t)s[i++];
            } else if (i + 1 < len && s[i + 1] == '\\') {
                buf[n++] = '\\';
                i += 2;
            } else if (i + 3 < len + 0 && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                       s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
                buf[n++] =
                    (uint8_t)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
                i += 4;
            } else {
                return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type bytea");
            }
        }
    }
    out->u.s.p = (const char *)buf;
    out->u.s.len = n;
    return 0;
}

static void bytea_out(const uint8_t *p, size_t n, bool hex, struct sbuf *out)
{
    static const char hexd[] = "0123456789abcdef";
    if (hex) {
        sbuf_reserve(out, 2 + 2 * n);
        sbuf_append(out, "\\x", 2);
        for (size_t i = 0; i < n; i++) {
            char two[2] = {hexd[p[i] >> 4], hexd[p[i] & 15]};
            sbuf_append(out, two, 2);
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\')
            sbuf_append(out, "\\\\", 2);
        else if (p[i] < 0x20 || p[i] > 0x7e)
            sbuf_printf(out, "\\%03o", p[i]);
        else
            sbuf_putc(out, (char)p[i]);
    }
}

/* ---- uuid (string_to_uuid) ---- */

static int uuid_in(const char *s, uint8_t out[16], struct err *e)
{
    const char *p = s;
    bool braces = false;
    if (*p == '{') {
        p++;
        braces = true;
    }
    for (int i = 0; i < 16; i++) {
        if (p[0] == '\0' || p[1] == '\0')
            goto syntax;
        int hi = hexval(p[0]), lo = hexval(p[1]);
        if (hi < 0 || lo < 0)
            goto syntax;
        out[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
        if (p[0] == '-' && (i % 2) == 1 && i < 15)
            p++;
    }
    if (braces) {
        if (*p != '}')
            goto syntax;
        p++;
    }
    if (*p != '\0')
        goto syntax;
    return 0;
syntax:
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type uuid: \"%s\"", s);
}

/* ---- typmods of the date/time types ---- */

static const int64_t ts_scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};

/* AdjustTimestampForTypmod: round to typmod fractional digits. */
int sql__ts_typmod(int64_t *ts, int32_t typmod, struct err *e)
{
    if (typmod < 0 || typmod >= 6 || *ts == SQL_TS_NOBEGIN || *ts == SQL_TS_NOEND)
        return 0;
    int64_t scale = ts_scales[typmod], off = scale / 2;
    int64_t v = *ts;
    if (v >= 0) {
        if (v > INT64_MAX - off)
            return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
        v = ((v + off) / scale) * scale;
    } else {
        if (v < INT64_MIN + off)
            return err_set_state(e, ERR_INVAL, "22008", "timestamp out of range");
        v = -((((-v) + off) / scale) * scale);
    }
    *ts = v;
    return 0;
}

/* AdjustTimeForTypmod. */
void sql__time_typmod(int64_t *t, int32_t typmod)
{
    if (typmod < 0 || typmod >= 6)
        return;
    int64_t scale = ts_scales[typmod], off = scale / 2;
    if (*t >= 0)
        *t = ((*t + off) / scale) * scale;
    else
        *t = -((((-*t) + off) / scale) * scale);
}

#define USECS_PER_DAY    INT64_C(86400000000)
#define USECS_PER_HOUR   INT64_C(3600000000)
#define USECS_PER_MINUTE INT64_C(60000000)
#define USECS_PER_SEC    INT64_C(1000000)

/* AdjustIntervalForTypmod: drop fields below the range, round seconds. */
int sql__interval_typmod(struct sql_interval *iv, int32_t typmod, struct err *e)
{
    if (typmod < 0)
        return 0;
    int range = (typmod >> 16) & 0x7FFF;
    int prec = typmod & 0xFFFF;
    const int M = 1 << 1, Y = 1 << 2, D = 1 << 3, H = 1 << 10, MI = 1 << 11, S = 1 << 12;
    if (range == 0x7FFF) {
        /* full range */
    } else if (range == Y) {
        iv->month = (iv->month / 12) * 12;
        iv->day = 0;
        iv->time = 0;
    } else if (range == M || range == (Y | M)) {
        iv->day = 0;
        iv->time = 0;
    } else if (range == D) {
        iv->time = 0;
    } else if (range == H || range == (D | H)) {
        iv->time = (iv->time / USECS_PER_HOUR) * USECS_PER_HOUR;
    } else if (range == MI || range == (H | MI) || range == (D | H | MI)) {
        iv->time = (iv->time / USECS_PER_MINUTE) * USECS_PER_MINUTE;
    } else if (range == S || range == (MI | S) || range == (H | MI | S) ||
               range == (D | H | MI | S)) {
        /* fractional-second rounding only */
    } else {
        return err_set_state(e, ERR_INTERNAL, "XX000", "unrecognized interval typmod: %d",
                             (int)typmod);
    }
    if (prec != 0xFFFF) {
        if (prec < 0 || prec > 6)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "interval(%d) precision must be between %d and %d", prec, 0, 6);
        int64_t scale = ts_scales[prec], off = scale / 2;
        if (iv->time >= 0) {
            if (iv->time > INT64_MAX - off)
                return err_set_state(e, ERR_INVAL, "22008", "interval out of range");
            iv->time = ((iv->time + off) / scale) * scale;
        } else {
            if (iv->time < INT64_MIN + off)
                return err_set_state(e, ERR_INVAL, "22008", "interval out of range");
            iv->time = -(((-iv->time + off) / scale) * scale);
        }
    }
    return 0;
}

/* ---- int2vector, oidvector (int2vectorin, oidvectorin): numbers separated
 * by blanks, kept in their normalized text form "1 2 3". ---- */

static int vector_in(struct mem_ctx *ctx, uint32_t type, const char *s, size_t len,
                     struct sql_value *out, struct err *e)
{
    struct sbuf norm;
    char *item = mem_alloc(ctx, len + 1);
    size_t i = 0;
    int rc = 0;
    sbuf_init(&norm);
    while (i < len) {
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len)
            break;
        size_t j = i;
        while (j < len && !is_space(s[j]))
            j++;
        memcpy(item, s + i, j - i);
        item[j - i] = '\0';
        int64_t x;
        struct err ie = {0};
        rc = type == SQL_T_INT2VECTOR ? int_in(item, SQL_T_INT2, &x, &ie)
                                      : oid_in(item, "oid", &x, &ie);
        if (rc != 0 && type == SQL_T_OIDVECTOR) {
            /* oidvectorin reports the rest of the input, not the item */
            const char *rest = cstring(ctx, s + i, len - i, item, 0);
            if (strcmp(ie.sqlstate, "22003") == 0)
                rc = err_set_state(e, ERR_INVAL, "22003",
                                   "value \"%s\" is out of range for type oid", rest);
            else
                rc = err_set_state(e, ERR_INVAL, "22P02",
                                   "invalid input syntax for type oid: \"%s\"", rest);
        } else if (rc != 0) {
            rc = err_set_state(e, ERR_INVAL, ie.sqlstate, "%s", ie.msg);
        }
        if (rc != 0)
            break;
        sbuf_printf(&norm, "%s%" PRId64, norm.len > 0 ? " " : "", x);
        i = j;
    }
    if (rc == 0) {
        char *p = mem_alloc(ctx, norm.len + 1);
        memcpy(p, norm.data, norm.len + 1);
        out->u.s.p = p;
        out->u.s.len = norm.len;
    }
    sbuf_free(&norm);
    return rc;
}

/* ---- text input ---- */

int sql_value_in(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const char *s, size_t len,
                 const struct sql_fmt *f, struct sql_value *out, struct err *e)
{
    char buf[128];
    const struct sql_dt_ctx *dt = f ? &f->dt : NULL;
    struct sql_value v = sql_null(type);
    int rc = 0;

    v.null = false;
    /* Input functions take C strings: stop at a NUL as PostgreSQL's would. */
    const char *nul = len > 0 ? memchr(s, '\0', len) : NULL;
    if (nul)
        len = (size_t)(nul - s);
    if (sql_array_elemtype(type) != 0)
        return sql__array_in(ctx, type, typmod, s, len, f, out, e);
    if (sql_range_subtype(type) != 0)
        return sql__range_in(ctx, type, s, len, f, out, e);

    switch (type) {
    case SQL_T_BOOL:
        rc = bool_in(s, len, &v.u.b, e);
        break;
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
        rc = int_in(cstring(ctx, s, len, buf, sizeof(buf)), type, &v.u.i, e);
        break;
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC: {
        const char *c = cstring(ctx, s, len, buf, sizeof(buf));
        if (type != SQL_T_OID) {
            const char *q = c;
            while (is_space(*q))
                q++;
            if (strcmp(q, "-") == 0) { /* InvalidOid */
                v.u.i = 0;
                break;
            }
            if (type == SQL_T_REGTYPE && !isdigit((unsigned char)*q)) {
                rc = sql__regtype_in(q, &v.u.i, e);
                break;
            }
            /* Relation and function names need the catalog: the binder
             * resolves them before here. */
            if (!isdigit((unsigned char)*q))
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "input of %s by name is not supported here",
                                     sql__type_err_name(type));
        }
        rc = oid_in(c, "oid", &v.u.i, e);
        break;
    }
    case SQL_T_XID: {
        /* xidin: strtoul without checks, as PostgreSQL 15. */
        const char *c = cstring(ctx, s, len, buf, sizeof(buf));
        v.u.i = (int64_t)(uint32_t)strtoul(c, NULL, 0);
        break;
    }
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
        rc = float_in(cstring(ctx, s, len, buf, sizeof(buf)), type == SQL_T_FLOAT4, &v.u.f, e);
        break;
    case SQL_T_NUMERIC:
        rc = sql_num_in(ctx, cstring(ctx, s, len, buf, sizeof(buf)), typmod, &v.u.n, e);
        break;
    case SQL_T_TEXT:
    case SQL_T_UNKNOWN: {
        char *p = mem_alloc(ctx, len + 1);
        if (len > 0)
            memcpy(p, s, len);
        p[len] = '\0';
        v.u.s.p = p;
        v.u.s.len = len;
        break;
    }
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR: {
        char *p = mem_alloc(ctx, len + 1);
        if (len > 0)
            memcpy(p, s, len);
        p[len] = '\0';
        rc = sql__char_typmod(ctx, type, typmod, p, len, false, &v, e);
        break;
    }
    case SQL_T_NAME: {
        size_t n = sql__utf8_cliplen(s, len, 63); /* namein: NAMEDATALEN - 1 */
        char *p = mem_alloc(ctx, n + 1);
        if (n > 0)
            memcpy(p, s, n);
        p[n] = '\0';
        v.u.s.p = p;
        v.u.s.len = n;
        break;
    }
    case SQL_T_CHAR: {
        /* charin: '\ooo' is one byte by octal value, else the first byte. */
        char *p = mem_alloc(ctx, 2);
        if (len == 4 && s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
            s[3] >= '0' && s[3] <= '7')
            p[0] = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
        else
            p[0] = len > 0 ? s[0] : '\0';
        p[1] = '\0';
        v.u.s.p = p;
        v.u.s.len = p[0] != '\0' ? 1 : 0;
        break;
    }
    case SQL_T_JSON: {
        rc = sql__json_validate(s, len, e);
        if (rc == 0) {
            char *p = mem_alloc(ctx, len + 1);
            if (len > 0)
                memcpy(p, s, len);
            p[len] = '\0';
            v.u.s.p = p;
            v.u.s.len = len;
        }
        break;
    }
    case SQL_T_JSONB:
        rc = sql__jsonb_in(ctx, s, len, &v, e);
        break;
    case SQL_T_BYTEA:
        rc = bytea_in(ctx, s, len, &v, e);
        break;
    case SQL_T_INT2VECTOR:
    case SQL_T_OIDVECTOR:
        rc = vector_in(ctx, type, s, len, &v, e);
        break;
    case SQL_T_UUID:
        rc = uuid_in(cstring(ctx, s, len, buf, sizeof(buf)), v.u.uuid, e);
        break;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        rc = sql__net_in(type, cstring(ctx, s, len, buf, sizeof(buf)), &v, e);
        break;
    case SQL_T_DATE:
        rc = sql_date_in(cstring(ctx, s, len, buf, sizeof(buf)), dt, &v.u.date, e);
        break;
    case SQL_T_TIMESTAMP:
        rc = sql_ts_in(cstring(ctx, s, len, buf, sizeof(buf)), dt, &v.u.ts, e);
        if (rc == 0)
            rc = sql__ts_typmod(&v.u.ts, typmod, e);
        break;
    case SQL_T_TIMESTAMPTZ:
        rc = sql_tstz_in(cstring(ctx, s, len, buf, sizeof(buf)), dt, &v.u.ts, e);
        if (rc == 0)
            rc = sql__ts_typmod(&v.u.ts, typmod, e);
        break;
    case SQL_T_TIME:
        rc = sql_time_in(cstring(ctx, s, len, buf, sizeof(buf)), dt, &v.u.ts, e);
        if (rc == 0)
            sql__time_typmod(&v.u.ts, typmod);
        break;
    case SQL_T_TIMETZ:
        rc = sql_timetz_in(cstring(ctx, s, len, buf, sizeof(buf)), dt, &v.u.ttz.time, &v.u.ttz.zone,
                           e);
        if (rc == 0)
            sql__time_typmod(&v.u.ttz.time, typmod);
        break;
    case SQL_T_INTERVAL:
        rc = sql_interval_in_typmod(cstring(ctx, s, len, buf, sizeof(buf)), typmod, dt, &v.u.iv, e);
        if (rc == 0)
            rc = sql__interval_typmod(&v.u.iv, typmod, e);
        break;
    default: {
        if (sql_enum_get(type) != NULL)
            return sql__enum_in(type, s, len, out, e);
        const struct sql_ctype *ct = type >= 16384          ? sql_ctype_get(type)
                                     : type == SQL_T_RECORD ? sql__ctype_of_shape(typmod)
                                                            : NULL;
        if (ct != NULL) /* a composite-typed parameter or column (ctype.h) */
            return sql__ctype_record_in(ctx, ct, s, len, out, e);
        const struct sql_type_info *ti = sql_type_get(type);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "input of type %s is not supported",
                             ti ? ti->sql_name : "unknown");
    }
    }
    if (rc != 0)
        return rc;
    *out = v;
    return 0;
}

/* ---- text output ---- */

static void uuid_out(const uint8_t *u, struct sbuf *out)
{
    static const char hexd[] = "0123456789abcdef";
    char buf[37];
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buf[o++] = '-';
        buf[o++] = hexd[u[i] >> 4];
        buf[o++] = hexd[u[i] & 15];
    }
    sbuf_append(out, buf, (size_t)o);
}

int sql_value_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                  struct err *e)
{
    char buf[SQL_DT_OUT_MAX];
    struct sql_fmt deff;
    int rc;

    if (v->null)
        return 0;
    if (f == NULL) {
        sql_fmt_init(&deff);
        f = &deff;
    }
    if (sql_array_elemtype(v->type) != 0)
        return sql__array_out(v, f, out, e);
    if (sql_range_subtype(v->type) != 0)
        return sql__range_out(v, f, out, e);
    if (v->type == SQL_T_RECORD && v->u.arr != NULL)
        return sql__record_out(v, f, out, e);
    switch (v->type) {
    case SQL_T_BOOL:
        sbuf_putc(out, v->u.b ? 't' : 'f');
        return 0;
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
        sbuf_put_i64(out, v->u.i);
        return 0;
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGCLASS:
    case SQL_T_REGPROC:
    case SQL_T_OID:
    case SQL_T_XID: {
        /* regtypeout: format_type_be of a known type; reg* print InvalidOid
         * as "-". Relation and function names are the binder's. */
        const struct sql_type_info *ti =
            v->type == SQL_T_REGTYPE ? sql_type_get((uint32_t)v->u.i) : NULL;
        const char *proc = v->type == SQL_T_REGPROC        ? sql_typio_proc_name((uint32_t)v->u.i)
                           : v->type == SQL_T_REGPROCEDURE ? sql_typio_proc_sig((uint32_t)v->u.i)
                                                           : NULL;
        if (ti != NULL)
            sbuf_puts(out, ti->sql_name);
        else if (proc != NULL)
            sbuf_puts(out, proc);
        else if ((uint32_t)v->u.i == 0 && v->type != SQL_T_OID && v->type != SQL_T_XID)
            sbuf_putc(out, '-');
        else
            sbuf_printf(out, "%" PRIu32, (uint32_t)v->u.i);
        return 0;
    }
    case SQL_T_FLOAT4:
        sql__float_out(v->u.f, true, f->extra_float_digits, out);
        return 0;
    case SQL_T_FLOAT8:
        sql__float_out(v->u.f, false, f->extra_float_digits, out);
        return 0;
    case SQL_T_NUMERIC:
        sql_num_out_sbuf(&v->u.n, out);
        return 0;
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
    case SQL_T_NAME:
    case SQL_T_UNKNOWN:
    case SQL_T_JSON:
    case SQL_T_JSONB:
    case SQL_T_INT2VECTOR:
    case SQL_T_OIDVECTOR:
        sbuf_append(out, v->u.s.p, v->u.s.len);
        return 0;
    case SQL_T_CHAR:
        /* charout: a high-bit byte prints as \ooo. */
        if (v->u.s.len > 0) {
            unsigned char c = (unsigned char)v->u.s.p[0];
            if (c >= 0x80)
                sbuf_printf(out, "\\%03o", c);
            else
                sbuf_putc(out, (char)c);
        }
        return 0;
    case SQL_T_BYTEA:
        bytea_out((const uint8_t *)v->u.s.p, v->u.s.len, f->bytea_hex, out);
        return 0;
    case SQL_T_UUID:
        uuid_out(v->u.uuid, out);
        return 0;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        sql__net_out(v, out);
        return 0;
    case SQL_T_DATE:
        if ((rc = sql_date_out_ctx(v->u.date, &f->dt, buf, e)) != 0)
            return rc;
        break;
    case SQL_T_TIMESTAMP:
        if ((rc = sql_ts_out_ctx(v->u.ts, &f->dt, buf, e)) != 0)
            return rc;
        break;
    case SQL_T_TIMESTAMPTZ:
        if ((rc = sql_tstz_out(v->u.ts, &f->dt, buf, e)) != 0)
            return rc;
        break;
    case SQL_T_TIME:
        sql_time_out(v->u.ts, buf);
        break;
    case SQL_T_TIMETZ:
        sql_timetz_out(v->u.ttz.time, v->u.ttz.zone, buf);
        break;
    case SQL_T_INTERVAL:
        sql_interval_out_ctx(&v->u.iv, &f->dt, buf);
        break;
    case SQL_T_VOID:
        return 0;
    default: {
        if (sql_enum_get(v->type) != NULL)
            return sql__enum_out(v, out, e);
        const struct sql_type_info *ti = sql_type_get(v->type);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "output of type %s is not supported",
                             ti ? ti->sql_name : "unknown");
    }
    }
    sbuf_puts(out, buf);
    return 0;
}

/* ---- binary I/O ---- */

static void put_be(struct sbuf *out, uint64_t v, int n)
{
    uint8_t b[8];
    for (int i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    sbuf_append(out, b, (size_t)n);
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

int sql_value_send(const struct sql_value *v, struct sbuf *out, struct err *e)
{
    uint8_t b[16];
    if (v->null)
        return 0;
    if (sql_array_elemtype(v->type) != 0)
        return sql__array_send(v, out, e);
    if (sql_range_subtype(v->type) != 0)
        return sql__range_send(v, out, e);
    if (v->type == SQL_T_RECORD && v->u.arr != NULL)
        return sql__record_send(v, out, e);
    switch (v->type) {
    case SQL_T_BOOL:
        sbuf_putc(out, v->u.b ? 1 : 0);
        return 0;
    case SQL_T_CHAR:
        sbuf_putc(out, v->u.s.len > 0 ? v->u.s.p[0] : 0);
        return 0;
    case SQL_T_INT2:
        put_be(out, (uint64_t)v->u.i, 2);
        return 0;
    case SQL_T_INT4:
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
    case SQL_T_XID:
        put_be(out, (uint64_t)v->u.i, 4);
        return 0;
    case SQL_T_INT8:
        put_be(out, (uint64_t)v->u.i, 8);
        return 0;
    case SQL_T_FLOAT4: {
        float fl = (float)v->u.f;
        uint32_t bits;
        memcpy(&bits, &fl, 4);
        put_be(out, bits, 4);
        return 0;
    }
    case SQL_T_FLOAT8: {
        uint64_t bits;
        memcpy(&bits, &v->u.f, 8);
        put_be(out, bits, 8);
        return 0;
    }
    case SQL_T_NUMERIC:
        sql_num_send(&v->u.n, out);
        return 0;
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
    case SQL_T_NAME:
    case SQL_T_UNKNOWN:
    case SQL_T_JSON:
    case SQL_T_BYTEA:
        sbuf_append(out, v->u.s.p, v->u.s.len);
        return 0;
    case SQL_T_UUID:
        sbuf_append(out, v->u.uuid, 16);
        return 0;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        sql__net_send(v, out);
        return 0;
    case SQL_T_JSONB:
        sql__jsonb_send(v, out);
        return 0;
    case SQL_T_DATE:
        sql_date_send(v->u.date, b);
        sbuf_append(out, b, 4);
        return 0;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
        sql_ts_send(v->u.ts, b);
        sbuf_append(out, b, 8);
        return 0;
    case SQL_T_TIME:
        sql_time_send(v->u.ts, b);
        sbuf_append(out, b, 8);
        return 0;
    case SQL_T_TIMETZ:
        sql_timetz_send(v->u.ttz.time, v->u.ttz.zone, b);
        sbuf_append(out, b, 12);
        return 0;
    case SQL_T_INTERVAL:
        sql_interval_send(&v->u.iv, b);
        sbuf_append(out, b, 16);
        return 0;
    case SQL_T_VOID:
        return 0;
    default: {
        if (sql_enum_get(v->type) != NULL) /* enum_send: the label's text */
            return sql__enum_out(v, out, e);
        const struct sql_type_info *ti = sql_type_get(v->type);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "binary output of type %s is not supported",
                             ti ? ti->sql_name : "unknown");
    }
    }
}

static int fixed_len(size_t n, size_t want, struct err *e)
{
    if (n < want)
        return err_set_state(e, ERR_INVAL, "08P01", "insufficient data left in message");
    if (n > want)
        return err_set_state(e, ERR_INVAL, "22P03", "incorrect binary data format");
    return 0;
}

int sql_value_recv(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const uint8_t *p, size_t n,
                   struct sql_value *out, struct err *e)
{
    struct sql_value v = sql_null(type);
    int rc = 0;
    v.null = false;
    if (sql_array_elemtype(type) != 0)
        return sql__array_recv(ctx, type, typmod, p, n, out, e);
    if (sql_range_subtype(type) != 0)
        return sql__range_recv(ctx, type, p, n, out, e);
    switch (type) {
    case SQL_T_BOOL:
        if ((rc = fixed_len(n, 1, e)) != 0)
            return rc;
        v.u.b = p[0] != 0;
        break;
    case SQL_T_CHAR: {
        if ((rc = fixed_len(n, 1, e)) != 0)
            return rc;
        char *c = mem_alloc(ctx, 2);
        c[0] = (char)p[0];
        c[1] = '\0';
        v.u.s.p = c;
        v.u.s.len = p[0] ? 1 : 0;
        break;
    }
    case SQL_T_INT2:
        if ((rc = fixed_len(n, 2, e)) != 0)
            return rc;
        v.u.i = (int16_t)get_be(p, 2);
        break;
    case SQL_T_INT4:
        if ((rc = fixed_len(n, 4, e)) != 0)
            return rc;
        v.u.i = (int32_t)get_be(p, 4);
        break;
    case SQL_T_OID:
    case SQL_T_REGCLASS:
    case SQL_T_REGTYPE:
    case SQL_T_REGPROCEDURE:
    case SQL_T_REGNAMESPACE:
    case SQL_T_REGROLE:
    case SQL_T_REGPROC:
    case SQL_T_XID:
        if ((rc = fixed_len(n, 4, e)) != 0)
            return rc;
        v.u.i = (int64_t)(uint32_t)get_be(p, 4);
        break;
    case SQL_T_INT8:
        if ((rc = fixed_len(n, 8, e)) != 0)
            return rc;
        v.u.i = (int64_t)get_be(p, 8);
        break;
    case SQL_T_FLOAT4: {
        if ((rc = fixed_len(n, 4, e)) != 0)
            return rc;
        uint32_t bits = (uint32_t)get_be(p, 4);
        float fl;
        memcpy(&fl, &bits, 4);
        v.u.f = fl;
        break;
    }
    case SQL_T_FLOAT8: {
        if ((rc = fixed_len(n, 8, e)) != 0)
            return rc;
        uint64_t bits = get_be(p, 8);
        memcpy(&v.u.f, &bits, 8);
        break;
    }
    case SQL_T_NUMERIC:
        rc = sql_num_recv(ctx, p, n, typmod, &v.u.n, e);
        break;
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
    case SQL_T_UNKNOWN:
    case SQL_T_NAME:
    case SQL_T_JSON: {
        if ((rc = sql__utf8_verify((const char *)p, n, e)) != 0)
            return rc;
        if (type == SQL_T_NAME && n >= 64)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
        if (type == SQL_T_JSON && (rc = sql__json_validate((const char *)p, n, e)) != 0)
            return rc;
        char *c = mem_alloc(ctx, n + 1);
        if (n > 0)
            memcpy(c, p, n);
        c[n] = '\0';
        rc = sql__char_typmod(ctx, type, typmod, c, n, false, &v, e);
        break;
    }
    case SQL_T_BYTEA: {
        char *c = mem_alloc(ctx, n + 1);
        if (n > 0)
            memcpy(c, p, n);
        c[n] = '\0';
        v.u.s.p = c;
        v.u.s.len = n;
        break;
    }
    case SQL_T_UUID:
        if ((rc = fixed_len(n, 16, e)) != 0)
            return rc;
        memcpy(v.u.uuid, p, 16);
        break;
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        rc = sql__net_recv(type, p, n, &v, e);
        break;
    case SQL_T_JSONB:
        rc = sql__jsonb_recv(ctx, p, n, &v, e);
        break;
    case SQL_T_DATE:
        rc = sql_date_recv(p, n, &v.u.date, e);
        break;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
        rc = sql_ts_recv(p, n, &v.u.ts, e);
        if (rc == 0)
            rc = sql__ts_typmod(&v.u.ts, typmod, e);
        break;
    case SQL_T_TIME:
        rc = sql_time_recv(p, n, &v.u.ts, e);
        if (rc == 0)
            sql__time_typmod(&v.u.ts, typmod);
        break;
    case SQL_T_TIMETZ:
        rc = sql_timetz_recv(p, n, &v.u.ttz.time, &v.u.ttz.zone, e);
        if (rc == 0)
            sql__time_typmod(&v.u.ttz.time, typmod);
        break;
    case SQL_T_INTERVAL:
        rc = sql_interval_recv(p, n, &v.u.iv, e);
        if (rc == 0)
            rc = sql__interval_typmod(&v.u.iv, typmod, e);
        break;
    default: {
        if (sql_enum_get(type) != NULL) { /* enum_recv: the label's text */
            if ((rc = sql__utf8_verify((const char *)p, n, e)) != 0)
                return rc;
            return sql__enum_in(type, (const char *)p, n, out, e);
        }
        const struct sql_ctype *ct = type >= 16384          ? sql_ctype_get(type)
                                     : type == SQL_T_RECORD ? sql__ctype_of_shape(typmod)
                                                            : NULL;
        if (ct != NULL) /* record_recv of a composite-typed parameter or column (ctype.h) */
            return sql__ctype_record_recv(ctx, ct, p, n, out, e);
        const struct sql_type_info *ti = sql_type_get(type);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "binary input of type %s is not supported",
                             ti ? ti->sql_name : "unknown");
    }
    }
    if (rc != 0)
        return rc;
    *out = v;
    return 0;
}

/* ---- comparison and hashing ---- */

/* The integer of an int-family value; the OID-like types are unsigned. */
static int64_t int_of(const struct sql_value *v)
{
    if (v->type == SQL_T_INT2 || v->type == SQL_T_INT4 || v->type == SQL_T_INT8)
        return v->u.i;
    return (int64_t)(uint32_t)v->u.i;
}

static int cmp3_i(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/* float8_cmp_internal: NaN = NaN, NaN above everything. */
static int cmp_float(double a, double b)
{
    if (isnan(a))
        return isnan(b) ? 0 : 1;
    if (isnan(b))
        return -1;
    return a < b ? -1 : a > b ? 1 : 0;
}

static size_t bpchar_len(const char *p, size_t n)
{
    while (n > 0 && p[n - 1] == ' ')
        n--;
    return n;
}

static bool is_textlike(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR || t == SQL_T_NAME || t == SQL_T_UNKNOWN ||
           t == SQL_T_BPCHAR || t == SQL_T_JSON || t == SQL_T_CHAR;
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = n > 0 ? memcmp(a, b, n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn ? 1 : 0;
}

/* Interval span as (days, usec in day), as interval_cmp_value. */
static void iv_span(const struct sql_interval *iv, int64_t *days, int64_t *usec)
{
    int64_t d = (int64_t)iv->month * 30 + iv->day;
    int64_t t = iv->time;
    d += t / USECS_PER_DAY;
    t %= USECS_PER_DAY;
    if (t < 0) {
        t += USECS_PER_DAY;
        d--;
    }
    *days = d;
    *usec = t;
}

int sql_value_cmp(const struct sql_value *a, const struct sql_value *b)
{
    uint32_t ta = a->type, tb = b->type;
    if (sql__type_is_int(ta) && sql__type_is_int(tb))
        return cmp3_i(int_of(a), int_of(b));
    if (ta == tb && (sql_array_elemtype(ta) != 0 ||
                     (ta == SQL_T_RECORD && a->u.arr != NULL && b->u.arr != NULL)))
        return sql__array_cmp(a, b); /* records: record_cmp, field by field */
    if ((ta == SQL_T_FLOAT4 || ta == SQL_T_FLOAT8) && (tb == SQL_T_FLOAT4 || tb == SQL_T_FLOAT8))
        return cmp_float(a->u.f, b->u.f);
    if (is_textlike(ta) && is_textlike(tb)) {
        size_t an = a->u.s.len, bn = b->u.s.len;
        if (ta == SQL_T_BPCHAR)
            an = bpchar_len(a->u.s.p, an);
        if (tb == SQL_T_BPCHAR)
            bn = bpchar_len(b->u.s.p, bn);
        return cmp_bytes(a->u.s.p, an, b->u.s.p, bn);
    }
    if ((ta == SQL_T_INET || ta == SQL_T_CIDR) && (tb == SQL_T_INET || tb == SQL_T_CIDR))
        return sql__net_cmp(a, b);
    if (ta != tb)
        return ta < tb ? -1 : 1;
    switch (ta) {
    case SQL_T_BOOL:
        return (int)a->u.b - (int)b->u.b;
    case SQL_T_NUMERIC:
        return sql_num_cmp(&a->u.n, &b->u.n);
    case SQL_T_BYTEA:
        return cmp_bytes(a->u.s.p, a->u.s.len, b->u.s.p, b->u.s.len);
    case SQL_T_DATE:
        return cmp3_i(a->u.date, b->u.date);
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
        return cmp3_i(a->u.ts, b->u.ts);
    case SQL_T_TIMETZ:
        return sql_timetz_cmp(a->u.ttz.time, a->u.ttz.zone, b->u.ttz.time, b->u.ttz.zone);
    case SQL_T_INTERVAL:
        return sql_interval_cmp(&a->u.iv, &b->u.iv);
    case SQL_T_UUID: {
        int c = memcmp(a->u.uuid, b->u.uuid, 16);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case SQL_T_JSONB:
        return sql__jsonb_cmp(a, b);
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        return sql__net_cmp(a, b);
    case SQL_T_INT4RANGE:
    case SQL_T_INT8RANGE:
    case SQL_T_NUMRANGE:
    case SQL_T_DATERANGE:
    case SQL_T_TSRANGE:
    case SQL_T_TSTZRANGE:
        return sql__range_cmp(a, b);
    default:
        if (ta >= 16384 && sql_enum_get(ta) != NULL)
            return sql__enum_cmp(a, b);
        return 0;
    }
}

static uint64_t hash_u64(uint64_t v, uint64_t seed)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return hash_bytes(b, 8, seed);
}

uint64_t sql_value_hash(const struct sql_value *v, uint64_t seed)
{
    if (v->null)
        return hash_u64(0x6e756c6c, seed);
    uint32_t t = v->type;
    if (sql__type_is_int(t)) {
        return hash_u64((uint64_t)int_of(v), seed);
    }
    if (sql_array_elemtype(t) != 0 || (t == SQL_T_RECORD && v->u.arr != NULL))
        return sql__array_hash(v, seed);
    if (t == SQL_T_FLOAT4 || t == SQL_T_FLOAT8) {
        double d = v->u.f;
        uint64_t bits;
        if (d == 0)
            d = 0; /* -0 hashes as 0 */
        if (isnan(d))
            bits = UINT64_C(0x7FF8000000000000);
        else
            memcpy(&bits, &d, 8);
        return hash_u64(bits, seed);
    }
    if (is_textlike(t)) {
        size_t n = v->u.s.len;
        if (t == SQL_T_BPCHAR)
            n = bpchar_len(v->u.s.p, n);
        return hash_bytes(v->u.s.p, n, seed);
    }
    switch (t) {
    case SQL_T_BOOL:
        return hash_u64(v->u.b ? 1 : 0, seed ^ 0xb001);
    case SQL_T_NUMERIC:
        return sql_num_hash(&v->u.n, seed);
    case SQL_T_BYTEA:
        return hash_bytes(v->u.s.p, v->u.s.len, seed ^ 0xb17e);
    case SQL_T_DATE:
        return hash_u64((uint64_t)(int64_t)v->u.date, seed ^ 0xda7e);
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
        return hash_u64((uint64_t)v->u.ts, seed ^ 0x7153);
    case SQL_T_TIMETZ:
        return hash_u64((uint64_t)(int64_t)v->u.ttz.zone,
                        hash_u64((uint64_t)v->u.ttz.time, seed ^ 0x7172));
    case SQL_T_INTERVAL: {
        int64_t d, us;
        iv_span(&v->u.iv, &d, &us);
        return hash_u64((uint64_t)us, hash_u64((uint64_t)d, seed ^ 0x1e7a));
    }
    case SQL_T_UUID:
        return hash_bytes(v->u.uuid, 16, seed ^ 0x0001d);
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
        return sql__net_hash(v, seed);
    case SQL_T_JSONB:
        return sql__jsonb_hash(v, seed ^ 0x750b);
    case SQL_T_INT4RANGE:
    case SQL_T_INT8RANGE:
    case SQL_T_NUMRANGE:
    case SQL_T_DATERANGE:
    case SQL_T_TSRANGE:
    case SQL_T_TSTZRANGE:
        return sql__range_hash(v, seed);
    default:
        if (t >= 16384 && sql_enum_get(t) != NULL)
            return hash_u64((uint64_t)(uint32_t)v->u.i, seed ^ 0xe0e0);
        return hash_u64(t, seed);
    }
}

int sql_enlarge_error(struct err *e, size_t have, size_t more)
{
    return err_set_state(e, ERR_LIMIT, "54000",
                         "out of memory" SQL_NUM_DETAIL_SEP
                         "Cannot enlarge string buffer containing %zu bytes by %zu more bytes.",
                         have, more);
}
