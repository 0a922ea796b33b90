/* keyenc.c — order-preserving key encoding of SQL values (format in keyenc.h).
 *
 * Encoders write the ascending form and, for KV_KEY_DESC, complement what
 * they wrote: one code path per type, and DESC is exactly reversed because
 * every encoding is prefix-free.
 *
 * The decoder reads through struct rd, which bounds every read by n and XORs
 * each byte with the direction's mask (0x00 or 0xFF), so it too has one code
 * path per type. It accepts only canonical encodings (minimal integer
 * lengths, no -0 or other NaNs, normalized numerics, ...): that makes
 * "equal values <=> equal bytes" hold for whatever is read from disk, and
 * lets the fuzz target check decode -> encode -> same bytes.
 */
#include "kv/keyenc.h"

#include "common/assert.h"
#include "common/err.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USECS_PER_DAY         INT64_C(86400000000)
#define DAYS_PER_MONTH        30 /* PostgreSQL's interval_cmp_value */
#define INTERVAL_DAY_BIAS     (INT64_C(1) << 47)
#define CANONICAL_NAN_BITS    UINT64_C(0x7FF8000000000000)
#define NUMERIC_PLAIN_MAX_PAD 20 /* more padding zeros than this: print 1e+30 */

_Static_assert(KV_KEY_TAG_INT_ZERO - KV_KEY_TAG_INT_NEG8 == 8, "8 negative int lengths");
_Static_assert(KV_KEY_TAG_INT_POS8 - KV_KEY_TAG_INT_ZERO == 8, "8 positive int lengths");
_Static_assert(KV_KEY_TAG_UVARINT_LEN8 - KV_KEY_TAG_UVARINT_LEN1 == 7, "8 uvarint lengths");
_Static_assert(KV_KEY_TAG_UUID < KV_KEY_TAG_UVARINT_SMALL, "type tags below uvarint tags");
_Static_assert(KV_KEY_TAG_UVARINT_LEN8 < KV_KEY_TAG_NULL_HI, "NULL_HI above every value tag");
_Static_assert(KV_KEY_TAG_NULL_HI < KV_KEY_TAG_DESC_MIN, "ascending tags below 0x80");
_Static_assert(KV_KEY_UVARINT_SMALL_COUNT == 70, "one-byte uvarints 0..69");
_Static_assert(sizeof(double) == 8 && sizeof(uint64_t) == 8, "IEEE-754 binary64");
_Static_assert(INT64_C(1) << 37 >
                   (INT64_C(1) << 31) * (DAYS_PER_MONTH + 1) + INT64_MAX / USECS_PER_DAY,
               "interval day count fits the 48-bit field with room to spare");
_Static_assert(USECS_PER_DAY < (INT64_C(1) << 40), "time of day fits 5 bytes");

/* ------------------------------------------------------------------------ */
/* Encoding                                                                 */
/* ------------------------------------------------------------------------ */

/* Complement b->data[start..len) for a descending value. */
static void finish(struct sbuf *b, size_t start, enum kv_key_dir dir)
{
    PRE(dir == KV_KEY_ASC || dir == KV_KEY_DESC);
    if (dir != KV_KEY_DESC)
        return;
    unsigned char *d = (unsigned char *)b->data;
    for (size_t i = start; i < b->len; i++)
        d[i] = (unsigned char)~d[i];
}

static void put_byte(struct sbuf *b, uint8_t c)
{
    sbuf_append(b, &c, 1);
}

/* Bytes needed for v in big-endian without leading zero bytes (0 for 0). */
static unsigned be_len(uint64_t v)
{
    unsigned n = 0;
    while (v != 0) {
        n++;
        v >>= 8;
    }
    return n;
}

/* Write the low n bytes of v big-endian to out. */
static void be_store(uint8_t *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/* INT, ascending, into out (at most 9 bytes); returns the length. */
static size_t int_encode(uint8_t *out, int64_t v)
{
    unsigned n;
    if (v == 0) {
        out[0] = KV_KEY_TAG_INT_ZERO;
        return 1;
    }
    if (v > 0) {
        n = be_len((uint64_t)v);
        out[0] = (uint8_t)(KV_KEY_TAG_INT_ZERO + n);
    } else {
        n = be_len((uint64_t)~v); /* ~v == -v - 1 >= 0 */
        if (n == 0)
            n = 1;
        out[0] = (uint8_t)(KV_KEY_TAG_INT_ZERO - n);
    }
    be_store(out + 1, (uint64_t)v, n);
    return 1 + n;
}

void kv_key_put_null(struct sbuf *b, enum kv_key_dir dir, bool nulls_first)
{
    size_t start = b->len;
    /* Ascending NULLS FIRST and descending NULLS LAST both need the low tag
     * before complementing. */
    bool low = nulls_first == (dir == KV_KEY_ASC);
    put_byte(b, low ? KV_KEY_TAG_NULL_LO : KV_KEY_TAG_NULL_HI);
    finish(b, start, dir);
}

void kv_key_put_bool(struct sbuf *b, bool v, enum kv_key_dir dir)
{
    size_t start = b->len;
    put_byte(b, v ? KV_KEY_TAG_TRUE : KV_KEY_TAG_FALSE);
    finish(b, start, dir);
}

void kv_key_put_int64(struct sbuf *b, int64_t v, enum kv_key_dir dir)
{
    uint8_t tmp[9];
    size_t start = b->len;
    sbuf_append(b, tmp, int_encode(tmp, v));
    finish(b, start, dir);
}

void kv_key_put_int16(struct sbuf *b, int16_t v, enum kv_key_dir dir)
{
    kv_key_put_int64(b, v, dir);
}

void kv_key_put_int32(struct sbuf *b, int32_t v, enum kv_key_dir dir)
{
    kv_key_put_int64(b, v, dir);
}

static uint64_t double_bits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    return u;
}

static double bits_double(uint64_t u)
{
    double v;
    memcpy(&v, &u, sizeof(v));
    return v;
}

void kv_key_put_float8(struct sbuf *b, double v, enum kv_key_dir dir)
{
    uint8_t tmp[9];
    size_t start = b->len;
    uint64_t u;
    if (isnan(v))
        u = CANONICAL_NAN_BITS;
    else if (v == 0)
        u = 0; /* -0 == +0 */
    else
        u = double_bits(v);
    u = (u >> 63) ? ~u : u ^ (UINT64_C(1) << 63);
    tmp[0] = KV_KEY_TAG_FLOAT;
    be_store(tmp + 1, u, 8);
    sbuf_append(b, tmp, sizeof(tmp));
    finish(b, start, dir);
}

void kv_key_put_float4(struct sbuf *b, float v, enum kv_key_dir dir)
{
    kv_key_put_float8(b, (double)v, dir);
}

/* Append the BYTES payload and terminator of p[0..len). */
static void put_escaped(struct sbuf *b, const uint8_t *p, size_t len)
{
    static const uint8_t esc[2] = {0x00, 0xFF}, term[2] = {0x00, 0x01};
    while (len > 0) {
        const uint8_t *z = memchr(p, 0x00, len);
        size_t run = z ? (size_t)(z - p) : len;
        sbuf_append(b, p, run);
        if (z == NULL)
            break;
        sbuf_append(b, esc, 2);
        p += run + 1;
        len -= run + 1;
    }
    sbuf_append(b, term, 2);
}

void kv_key_put_text(struct sbuf *b, const char *s, size_t len, enum kv_key_dir dir)
{
    size_t start = b->len;
    put_byte(b, KV_KEY_TAG_TEXT);
    put_escaped(b, (const uint8_t *)s, len);
    finish(b, start, dir);
}

void kv_key_put_bytea(struct sbuf *b, const void *p, size_t len, enum kv_key_dir dir)
{
    size_t start = b->len;
    put_byte(b, KV_KEY_TAG_BYTEA);
    put_escaped(b, p, len);
    finish(b, start, dir);
}

static void put_fixed_signed(struct sbuf *b, uint8_t tag, int64_t v, unsigned nbytes,
                             enum kv_key_dir dir)
{
    uint8_t tmp[9];
    size_t start = b->len;
    uint64_t sign = UINT64_C(1) << (8 * nbytes - 1);
    tmp[0] = tag;
    be_store(tmp + 1, (uint64_t)v ^ sign, nbytes);
    sbuf_append(b, tmp, 1 + nbytes);
    finish(b, start, dir);
}

void kv_key_put_date(struct sbuf *b, int32_t days, enum kv_key_dir dir)
{
    put_fixed_signed(b, KV_KEY_TAG_DATE, days, 4, dir);
}

void kv_key_put_timestamp(struct sbuf *b, int64_t us, enum kv_key_dir dir)
{
    put_fixed_signed(b, KV_KEY_TAG_TIMESTAMP, us, 8, dir);
}

void kv_key_put_timestamptz(struct sbuf *b, int64_t us, enum kv_key_dir dir)
{
    put_fixed_signed(b, KV_KEY_TAG_TIMESTAMPTZ, us, 8, dir);
}

void kv_key_put_interval(struct sbuf *b, const struct kv_key_interval *iv, enum kv_key_dir dir)
{
    /* span = day * USECS_PER_DAY + usec with 0 <= usec < USECS_PER_DAY. */
    int64_t q = iv->micros / USECS_PER_DAY, r = iv->micros % USECS_PER_DAY;
    if (r < 0) {
        q--;
        r += USECS_PER_DAY;
    }
    int64_t day = (int64_t)iv->months * DAYS_PER_MONTH + iv->days + q;
    uint8_t tmp[12];
    size_t start = b->len;
    tmp[0] = KV_KEY_TAG_INTERVAL;
    be_store(tmp + 1, (uint64_t)(day + INTERVAL_DAY_BIAS), 6);
    be_store(tmp + 7, (uint64_t)r, 5);
    sbuf_append(b, tmp, sizeof(tmp));
    finish(b, start, dir);
}

void kv_key_put_uuid(struct sbuf *b, const uint8_t uuid[16], enum kv_key_dir dir)
{
    size_t start = b->len;
    put_byte(b, KV_KEY_TAG_UUID);
    sbuf_append(b, uuid, 16);
    finish(b, start, dir);
}

void kv_key_put_uvarint(struct sbuf *b, uint64_t v, enum kv_key_dir dir)
{
    uint8_t tmp[9];
    size_t start = b->len, len = 1;
    if (v < KV_KEY_UVARINT_SMALL_COUNT) {
        tmp[0] = (uint8_t)(KV_KEY_TAG_UVARINT_SMALL + v);
    } else {
        unsigned n = be_len(v);
        tmp[0] = (uint8_t)(KV_KEY_TAG_UVARINT_LEN1 + n - 1);
        be_store(tmp + 1, v, n);
        len += n;
    }
    sbuf_append(b, tmp, len);
    finish(b, start, dir);
}

void kv_key_put_table_prefix(struct sbuf *b, uint64_t table_id, uint64_t index_id)
{
    kv_key_put_uvarint(b, table_id, KV_KEY_ASC);
    kv_key_put_uvarint(b, index_id, KV_KEY_ASC);
}

/* ---- NUMERIC ---- */

enum num_kind { NUM_FINITE, NUM_ZERO, NUM_NAN, NUM_PINF, NUM_NINF };

/* A parsed numeric: the significant digits are the virtual string
 * int_digits ++ frac_digits restricted to [first, last], and the value is
 * sign 0.<digits> * 10^exp. */
struct num {
    enum num_kind kind;
    bool neg;
    const char *ip; /* integer-part digits */
    size_t ilen;
    const char *fp; /* fraction digits */
    size_t flen;
    size_t first, last; /* indexes of the first and last nonzero digit */
    int64_t exp;
};

static char num_digit(const struct num *x, size_t i)
{
    return i < x->ilen ? x->ip[i] : x->fp[i - x->ilen];
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool ieq(const char *a, const char *lower)
{
    for (; *lower; a++, lower++) {
        char c = *a;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *lower)
            return false;
    }
    return *a == '\0';
}

static int num_parse(const char *s, struct num *x, struct err *e)
{
    memset(x, 0, sizeof(*x));
    const char *p = s;
    bool signed_ = false;
    if (*p == '+' || *p == '-') {
        x->neg = *p == '-';
        signed_ = true;
        p++;
    }
    if (ieq(p, "infinity") || ieq(p, "inf")) {
        x->kind = x->neg ? NUM_NINF : NUM_PINF;
        return 0;
    }
    if (!signed_ && ieq(p, "nan")) {
        x->kind = NUM_NAN;
        return 0;
    }
    x->ip = p;
    while (is_digit(*p))
        p++;
    x->ilen = (size_t)(p - x->ip);
    x->fp = p;
    if (*p == '.') {
        x->fp = ++p;
        while (is_digit(*p))
            p++;
        x->flen = (size_t)(p - x->fp);
    }
    if (x->ilen + x->flen == 0)
        return err_set(e, ERR_INVAL, "invalid input syntax for type numeric: \"%s\"", s);
    int64_t ex = 0;
    if (*p == 'e' || *p == 'E') {
        bool eneg = false;
        p++;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        if (!is_digit(*p))
            return err_set(e, ERR_INVAL, "invalid input syntax for type numeric: \"%s\"", s);
        for (; is_digit(*p); p++) {
            ex = ex * 10 + (*p - '0');
            if (ex > 4 * (int64_t)KV_KEY_NUMERIC_MAX_EXP)
                return err_set(e, ERR_INVAL, "numeric exponent out of range: \"%s\"", s);
        }
        if (eneg)
            ex = -ex;
    }
    if (*p != '\0')
        return err_set(e, ERR_INVAL, "invalid input syntax for type numeric: \"%s\"", s);
    if (x->ilen > (size_t)INT32_MAX || x->flen > (size_t)INT32_MAX)
        return err_set(e, ERR_INVAL, "numeric literal too long");

    size_t n = x->ilen + x->flen, i = 0;
    while (i < n && num_digit(x, i) == '0')
        i++;
    if (i == n) {
        x->kind = NUM_ZERO;
        return 0;
    }
    x->first = i;
    x->last = n - 1;
    while (num_digit(x, x->last) == '0')
        x->last--;
    x->kind = NUM_FINITE;
    x->exp = (int64_t)x->ilen + ex - (int64_t)x->first;
    if (x->exp > KV_KEY_NUMERIC_MAX_EXP || x->exp < -KV_KEY_NUMERIC_MAX_EXP)
        return err_set(e, ERR_INVAL, "numeric value out of range: \"%s\"", s);
    if (x->last - x->first + 1 > KV_KEY_NUMERIC_MAX_DIGITS)
        return err_set(e, ERR_INVAL, "numeric value has more than %d digits",
                       KV_KEY_NUMERIC_MAX_DIGITS);
    return 0;
}

int kv_key_put_numeric(struct sbuf *b, const char *s, enum kv_key_dir dir, struct err *e)
{
    struct num x;
    int rc = num_parse(s, &x, e);
    if (rc < 0)
        return rc;
    size_t start = b->len;
    switch (x.kind) {
    case NUM_NAN:
        put_byte(b, KV_KEY_TAG_NUM_NAN);
        break;
    case NUM_PINF:
        put_byte(b, KV_KEY_TAG_NUM_PINF);
        break;
    case NUM_NINF:
        put_byte(b, KV_KEY_TAG_NUM_NINF);
        break;
    case NUM_ZERO:
        put_byte(b, KV_KEY_TAG_NUM_ZERO);
        break;
    case NUM_FINITE: {
        put_byte(b, x.neg ? KV_KEY_TAG_NUM_NEG : KV_KEY_TAG_NUM_POS);
        size_t body = b->len;
        uint8_t tmp[9];
        sbuf_append(b, tmp, int_encode(tmp, x.exp));
        size_t k = x.last - x.first + 1;
        sbuf_reserve(b, k / 2 + 2);
        for (size_t i = 0; i < k; i += 2) {
            int hi = num_digit(&x, x.first + i) - '0';
            int lo = i + 1 < k ? num_digit(&x, x.first + i + 1) - '0' : 0;
            put_byte(b, (uint8_t)(1 + 10 * hi + lo));
        }
        put_byte(b, 0x00);
        if (x.neg)
            finish(b, body, KV_KEY_DESC);
        break;
    }
    }
    finish(b, start, dir);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Decoding                                                                 */
/* ------------------------------------------------------------------------ */

/* A bounded reader; every byte read is XORed with x (0x00 asc, 0xFF desc). */
struct rd {
    const uint8_t *p;
    size_t n;
    size_t off;
    uint8_t x;
};

static bool rd_byte(struct rd *r, uint8_t *c)
{
    if (r->off >= r->n)
        return false;
    *c = r->p[r->off++] ^ r->x;
    return true;
}

/* Read k <= 8 bytes as an unsigned big-endian integer. */
static bool rd_be(struct rd *r, unsigned k, uint64_t *v)
{
    if (r->n - r->off < k)
        return false;
    uint64_t u = 0;
    for (unsigned i = 0; i < k; i++)
        u = (u << 8) | (uint8_t)(r->p[r->off + i] ^ r->x);
    r->off += k;
    *v = u;
    return true;
}

static int bad(struct err *e, const struct rd *r, const char *what)
{
    return err_set(e, ERR_CORRUPT, "key: %s at offset %zu", what, r->off);
}

/* uint64 -> int64 by two's complement, without implementation-defined casts. */
static int64_t u2i(uint64_t u)
{
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/* INT payload after tag t (already read). */
static int int_decode(struct rd *r, uint8_t t, int64_t *v, struct err *e)
{
    if (t < KV_KEY_TAG_INT_NEG8 || t > KV_KEY_TAG_INT_POS8)
        return bad(e, r, "bad integer tag");
    if (t == KV_KEY_TAG_INT_ZERO) {
        *v = 0;
        return 0;
    }
    bool neg = t < KV_KEY_TAG_INT_ZERO;
    unsigned n = neg ? (unsigned)(KV_KEY_TAG_INT_ZERO - t) : (unsigned)(t - KV_KEY_TAG_INT_ZERO);
    size_t at = r->off;
    uint64_t u;
    if (!rd_be(r, n, &u))
        return bad(e, r, "truncated integer");
    uint8_t lead = (uint8_t)(r->p[at] ^ r->x);
    if (!neg) {
        if (lead == 0x00 || (n == 8 && (lead & 0x80)))
            return bad(e, r, "non-canonical integer");
        *v = (int64_t)u;
        return 0;
    }
    if ((n >= 2 && lead == 0xFF) || (n == 8 && !(lead & 0x80)))
        return bad(e, r, "non-canonical integer");
    if (n < 8)
        u |= ~UINT64_C(0) << (8 * n); /* sign-extend */
    *v = u2i(u);
    return 0;
}

/* Bytes of a BYTES payload up to and including its terminator. Appends the
 * unescaped bytes to sink unless it is NULL. */
static int bytes_decode(struct rd *r, struct sbuf *sink, struct err *e)
{
    const uint8_t raw0 = r->x; /* how an encoded 0x00 looks in this direction */
    for (;;) {
        const uint8_t *s = r->p + r->off;
        size_t left = r->n - r->off;
        const uint8_t *z = left ? memchr(s, raw0, left) : NULL;
        if (z == NULL) {
            r->off = r->n;
            return bad(e, r, "unterminated string");
        }
        size_t run = (size_t)(z - s);
        if (sink != NULL) {
            size_t at = sink->len;
            sbuf_append(sink, s, run);
            if (r->x)
                finish(sink, at, KV_KEY_DESC);
        }
        r->off += run + 1;
        uint8_t c;
        if (!rd_byte(r, &c))
            return bad(e, r, "truncated string escape");
        if (c == 0x01)
            return 0;
        if (c != 0xFF)
            return bad(e, r, "bad string escape");
        if (sink != NULL)
            put_byte(sink, 0x00);
    }
}

/* Digit i of the NUMERIC digit pairs (each XORed with mask). */
static char pair_digit(const uint8_t *pairs, size_t i, uint8_t mask)
{
    unsigned pair = (uint8_t)(pairs[i / 2] ^ mask) - 1u; /* 0..99 */
    return (char)('0' + (i % 2 ? pair % 10 : pair / 10));
}

/* Format the NUMERIC digit pairs pairs[0..np) (already validated, XORed with
 * mask) with exponent ex into sink. */
static void num_format(struct sbuf *sink, bool neg, int64_t ex, const uint8_t *pairs, size_t np,
                       uint8_t mask)
{
    size_t k = 2 * np;
    if ((uint8_t)(pairs[np - 1] ^ mask) % 10 == 1) /* pair "a0": odd digit count */
        k--;
    sbuf_reserve(sink, k + 32);
    if (neg)
        sbuf_putc(sink, '-');
    int64_t pad = ex >= (int64_t)k ? ex - (int64_t)k : (ex <= 0 ? -ex : 0);
    if (pad > NUMERIC_PLAIN_MAX_PAD) {
        sbuf_putc(sink, pair_digit(pairs, 0, mask));
        if (k > 1)
            sbuf_putc(sink, '.');
        for (size_t i = 1; i < k; i++)
            sbuf_putc(sink, pair_digit(pairs, i, mask));
        sbuf_printf(sink, "e%+" PRId64, ex - 1);
    } else if (ex <= 0) {
        sbuf_puts(sink, "0.");
        for (int64_t i = 0; i < -ex; i++)
            sbuf_putc(sink, '0');
        for (size_t i = 0; i < k; i++)
            sbuf_putc(sink, pair_digit(pairs, i, mask));
    } else {
        for (size_t i = 0; i < k || (int64_t)i < ex; i++) {
            if ((int64_t)i == ex)
                sbuf_putc(sink, '.');
            sbuf_putc(sink, i < k ? pair_digit(pairs, i, mask) : '0');
        }
    }
}

/* NUMERIC payload after a NUM_POS/NUM_NEG tag. */
static int numeric_decode(struct rd *r, bool neg, struct sbuf *sink, struct err *e)
{
    uint8_t saved = r->x;
    if (neg)
        r->x ^= 0xFF;
    uint8_t t;
    int64_t ex;
    int rc;
    if (!rd_byte(r, &t)) {
        rc = bad(e, r, "truncated numeric");
        goto out;
    }
    if ((rc = int_decode(r, t, &ex, e)) < 0)
        goto out;
    if (ex > KV_KEY_NUMERIC_MAX_EXP || ex < -KV_KEY_NUMERIC_MAX_EXP) {
        rc = bad(e, r, "numeric exponent out of range");
        goto out;
    }
    size_t first = r->off;
    uint8_t c = 0, prev = 0;
    for (;;) {
        if (!rd_byte(r, &c)) {
            rc = bad(e, r, "unterminated numeric");
            goto out;
        }
        if (c == 0x00)
            break;
        if (c > 100 || (r->off - 1 == first && c < 11)) {
            rc = bad(e, r, "bad numeric digits");
            goto out;
        }
        prev = c;
    }
    size_t np = r->off - 1 - first;
    if (np == 0 || prev == 1) {
        rc = bad(e, r, np == 0 ? "numeric without digits" : "numeric with trailing zeros");
        goto out;
    }
    if (2 * np - (prev % 10 == 1) > KV_KEY_NUMERIC_MAX_DIGITS) {
        rc = bad(e, r, "numeric with too many digits");
        goto out;
    }
    if (sink != NULL)
        num_format(sink, neg, ex, r->p + first, np, r->x);
    rc = 0;
out:
    r->x = saved;
    return rc;
}

/* Split an interval span (day, usec) into normalized fields; false when they
 * cannot hold it. */
static bool interval_fields(int64_t day, int64_t usec, struct kv_key_interval *iv)
{
    if (day < 0 && usec > 0) { /* give the time part the sign of the day part */
        day++;
        usec -= USECS_PER_DAY;
    }
    int64_t months = day / DAYS_PER_MONTH;
    if (months > INT32_MAX)
        months = INT32_MAX;
    else if (months < INT32_MIN)
        months = INT32_MIN;
    day -= months * DAYS_PER_MONTH;
    int64_t days = day;
    if (days > INT32_MAX)
        days = INT32_MAX;
    else if (days < INT32_MIN)
        days = INT32_MIN;
    day -= days;
    /* What is left of day goes into the time part, if it fits. */
    if (day > INT64_MAX / USECS_PER_DAY || day < INT64_MIN / USECS_PER_DAY)
        return false;
    int64_t extra = day * USECS_PER_DAY;
    if ((extra > 0 && usec > INT64_MAX - extra) || (extra < 0 && usec < INT64_MIN - extra))
        return false;
    iv->months = (int32_t)months;
    iv->days = (int32_t)days;
    iv->micros = extra + usec;
    return true;
}

/* Decode one value of either direction into out (may be NULL: validate
 * only). */
static int decode_any(const uint8_t *p, size_t n, struct kv_key_value *out, size_t *consumed,
                      struct err *e)
{
    struct rd r = {p, n, 0, 0};
    struct kv_key_value dummy;
    struct sbuf *sink = NULL;
    uint8_t t;
    int rc = 0;
    uint64_t u;

    if (out == NULL) {
        out = &dummy;
    } else {
        sink = &out->buf;
        sbuf_reset(sink);
        out->data = NULL;
        out->len = 0;
    }
    if (n == 0)
        return err_set(e, ERR_CORRUPT, "key: empty value");
    if (p[0] == 0x00 || p[0] == 0xFF)
        return bad(e, &r, "reserved tag");
    if (p[0] >= KV_KEY_TAG_DESC_MIN) {
        r.x = 0xFF;
        out->dir = KV_KEY_DESC;
    } else {
        out->dir = KV_KEY_ASC;
    }
    t = (uint8_t)(p[0] ^ r.x);
    r.off = 1;

    if (t >= KV_KEY_TAG_INT_NEG8 && t <= KV_KEY_TAG_INT_POS8) {
        out->type = KV_KEY_INT;
        rc = int_decode(&r, t, &out->u.i64, e);
    } else if (t >= KV_KEY_TAG_UVARINT_SMALL && t < KV_KEY_TAG_UVARINT_LEN1) {
        out->type = KV_KEY_UVARINT;
        out->u.u64 = (uint64_t)(t - KV_KEY_TAG_UVARINT_SMALL);
    } else if (t >= KV_KEY_TAG_UVARINT_LEN1 && t <= KV_KEY_TAG_UVARINT_LEN8) {
        unsigned k = (unsigned)(t - KV_KEY_TAG_UVARINT_LEN1) + 1;
        size_t at = r.off;
        out->type = KV_KEY_UVARINT;
        if (!rd_be(&r, k, &u))
            return bad(e, &r, "truncated uvarint");
        if ((uint8_t)(p[at] ^ r.x) == 0 || u < KV_KEY_UVARINT_SMALL_COUNT)
            return bad(e, &r, "non-canonical uvarint");
        out->u.u64 = u;
    } else {
        switch (t) {
        case KV_KEY_TAG_NULL_LO:
        case KV_KEY_TAG_NULL_HI:
            out->type = KV_KEY_NULL;
            out->nulls_first = (t == KV_KEY_TAG_NULL_LO) == (out->dir == KV_KEY_ASC);
            break;
        case KV_KEY_TAG_FALSE:
        case KV_KEY_TAG_TRUE:
            out->type = KV_KEY_BOOL;
            out->u.b = t == KV_KEY_TAG_TRUE;
            break;
        case KV_KEY_TAG_FLOAT:
            out->type = KV_KEY_FLOAT;
            if (!rd_be(&r, 8, &u))
                return bad(e, &r, "truncated float");
            u = (u >> 63) ? u ^ (UINT64_C(1) << 63) : ~u;
            out->u.f64 = bits_double(u);
            if (u == (UINT64_C(1) << 63) || (isnan(out->u.f64) && u != CANONICAL_NAN_BITS))
                return bad(e, &r, "non-canonical float");
            break;
        case KV_KEY_TAG_NUM_NINF:
        case KV_KEY_TAG_NUM_ZERO:
        case KV_KEY_TAG_NUM_PINF:
        case KV_KEY_TAG_NUM_NAN:
            out->type = KV_KEY_NUMERIC;
            if (sink != NULL)
                sbuf_puts(sink, t == KV_KEY_TAG_NUM_NINF   ? "-Infinity"
                                : t == KV_KEY_TAG_NUM_ZERO ? "0"
                                : t == KV_KEY_TAG_NUM_PINF ? "Infinity"
                                                           : "NaN");
            break;
        case KV_KEY_TAG_NUM_NEG:
        case KV_KEY_TAG_NUM_POS:
            out->type = KV_KEY_NUMERIC;
            rc = numeric_decode(&r, t == KV_KEY_TAG_NUM_NEG, sink, e);
            break;
        case KV_KEY_TAG_TEXT:
        case KV_KEY_TAG_BYTEA:
            out->type = t == KV_KEY_TAG_TEXT ? KV_KEY_TEXT : KV_KEY_BYTEA;
            rc = bytes_decode(&r, sink, e);
            break;
        case KV_KEY_TAG_DATE:
            out->type = KV_KEY_DATE;
            if (!rd_be(&r, 4, &u))
                return bad(e, &r, "truncated date");
            out->u.date = (int32_t)((int64_t)u - (INT64_C(1) << 31));
            break;
        case KV_KEY_TAG_TIMESTAMP:
        case KV_KEY_TAG_TIMESTAMPTZ:
            out->type = t == KV_KEY_TAG_TIMESTAMP ? KV_KEY_TIMESTAMP : KV_KEY_TIMESTAMPTZ;
            if (!rd_be(&r, 8, &u))
                return bad(e, &r, "truncated timestamp");
            out->u.ts = u2i(u ^ (UINT64_C(1) << 63));
            break;
        case KV_KEY_TAG_INTERVAL: {
            uint64_t usec;
            out->type = KV_KEY_INTERVAL;
            if (!rd_be(&r, 6, &u) || !rd_be(&r, 5, &usec))
                return bad(e, &r, "truncated interval");
            if (usec >= (uint64_t)USECS_PER_DAY ||
                !interval_fields((int64_t)u - INTERVAL_DAY_BIAS, (int64_t)usec, &out->u.iv))
                return bad(e, &r, "interval out of range");
            break;
        }
        case KV_KEY_TAG_UUID:
            out->type = KV_KEY_UUID;
            if (r.n - r.off < 16)
                return bad(e, &r, "truncated uuid");
            for (size_t i = 0; i < 16; i++)
                out->u.uuid[i] = p[r.off + i] ^ r.x;
            r.off += 16;
            break;
        default:
            return err_set(e, ERR_CORRUPT, "key: unknown tag 0x%02x at offset 0", p[0]);
        }
    }
    if (rc < 0)
        return rc;
    if (sink != NULL &&
        (out->type == KV_KEY_TEXT || out->type == KV_KEY_BYTEA || out->type == KV_KEY_NUMERIC)) {
        if (sink->data == NULL)
            sbuf_init(sink); /* an empty string still gets a readable pointer */
        out->data = (const uint8_t *)sink->data;
        out->len = sink->len;
    }
    *consumed = r.off;
    return 0;
}

void kv_key_value_init(struct kv_key_value *v)
{
    memset(v, 0, sizeof(*v));
}

void kv_key_value_free(struct kv_key_value *v)
{
    if (v->buf.data != NULL)
        sbuf_free(&v->buf);
    v->data = NULL;
    v->len = 0;
}

int kv_key_decode_next(const uint8_t *p, size_t n, enum kv_key_dir dir, struct kv_key_value *out,
                       size_t *consumed, struct err *e)
{
    size_t used;
    int rc = decode_any(p, n, out, &used, e);
    if (rc < 0)
        return rc;
    if (out->dir != dir)
        return err_set(e, ERR_CORRUPT, "key: %s value where %s was expected",
                       out->dir == KV_KEY_DESC ? "descending" : "ascending",
                       dir == KV_KEY_DESC ? "descending" : "ascending");
    *consumed = used;
    return 0;
}

int kv_key_skip(const uint8_t *p, size_t n, size_t *consumed, struct err *e)
{
    return decode_any(p, n, NULL, consumed, e);
}

/* Decode a value that must have the given type and direction. */
static int decode_typed(const uint8_t *p, size_t n, enum kv_key_dir dir, enum kv_key_type type,
                        struct kv_key_value *v, size_t *consumed, struct err *e)
{
    size_t used;
    int rc = decode_any(p, n, v, &used, e);
    if (rc < 0)
        return rc;
    if (v->type != type || v->dir != dir)
        return err_set(e, ERR_CORRUPT, "key: expected %s %s, found %s %s", kv_key_type_name(type),
                       dir == KV_KEY_DESC ? "desc" : "asc", kv_key_type_name(v->type),
                       v->dir == KV_KEY_DESC ? "desc" : "asc");
    *consumed = used;
    return 0;
}

int kv_key_decode_int64(const uint8_t *p, size_t n, enum kv_key_dir dir, int64_t *v,
                        size_t *consumed, struct err *e)
{
    struct kv_key_value kv = {0};
    int rc = decode_typed(p, n, dir, KV_KEY_INT, &kv, consumed, e);
    kv_key_value_free(&kv);
    if (rc == 0)
        *v = kv.u.i64;
    return rc;
}

int kv_key_decode_uvarint(const uint8_t *p, size_t n, enum kv_key_dir dir, uint64_t *v,
                          size_t *consumed, struct err *e)
{
    struct kv_key_value kv = {0};
    int rc = decode_typed(p, n, dir, KV_KEY_UVARINT, &kv, consumed, e);
    kv_key_value_free(&kv);
    if (rc == 0)
        *v = kv.u.u64;
    return rc;
}

int kv_key_decode_table_prefix(const uint8_t *p, size_t n, uint64_t *table_id, uint64_t *index_id,
                               size_t *consumed, struct err *e)
{
    size_t a, b;
    int rc = kv_key_decode_uvarint(p, n, KV_KEY_ASC, table_id, &a, e);
    if (rc == 0)
        rc = kv_key_decode_uvarint(p + a, n - a, KV_KEY_ASC, index_id, &b, e);
    if (rc < 0)
        return err_prefix(e, "table prefix");
    *consumed = a + b;
    return 0;
}

int kv_key_put_value(struct sbuf *b, const struct kv_key_value *v, struct err *e)
{
    enum kv_key_dir dir = v->dir;
    switch (v->type) {
    case KV_KEY_NULL:
        kv_key_put_null(b, dir, v->nulls_first);
        return 0;
    case KV_KEY_BOOL:
        kv_key_put_bool(b, v->u.b, dir);
        return 0;
    case KV_KEY_INT:
        kv_key_put_int64(b, v->u.i64, dir);
        return 0;
    case KV_KEY_FLOAT:
        kv_key_put_float8(b, v->u.f64, dir);
        return 0;
    case KV_KEY_NUMERIC:
        if (v->data == NULL || memchr(v->data, '\0', v->len) != NULL)
            return err_set(e, ERR_INVAL, "numeric value is not a string");
        return kv_key_put_numeric(b, (const char *)v->data, dir, e);
    case KV_KEY_TEXT:
        kv_key_put_text(b, (const char *)v->data, v->len, dir);
        return 0;
    case KV_KEY_BYTEA:
        kv_key_put_bytea(b, v->data, v->len, dir);
        return 0;
    case KV_KEY_DATE:
        kv_key_put_date(b, v->u.date, dir);
        return 0;
    case KV_KEY_TIMESTAMP:
        kv_key_put_timestamp(b, v->u.ts, dir);
        return 0;
    case KV_KEY_TIMESTAMPTZ:
        kv_key_put_timestamptz(b, v->u.ts, dir);
        return 0;
    case KV_KEY_INTERVAL:
        kv_key_put_interval(b, &v->u.iv, dir);
        return 0;
    case KV_KEY_UUID:
        kv_key_put_uuid(b, v->u.uuid, dir);
        return 0;
    case KV_KEY_UVARINT:
        kv_key_put_uvarint(b, v->u.u64, dir);
        return 0;
    }
    return err_set(e, ERR_INVAL, "key: unknown value type %d", (int)v->type);
}

/* ------------------------------------------------------------------------ */
/* Scan bounds and printing                                                 */
/* ------------------------------------------------------------------------ */

bool kv_key_prefix_end(const uint8_t *key, size_t n, struct sbuf *out)
{
    while (n > 0 && key[n - 1] == 0xFF)
        n--;
    if (n == 0)
        return false;
    size_t start = out->len;
    sbuf_append(out, key, n);
    out->data[start + n - 1] = (char)(key[n - 1] + 1);
    return true;
}

const char *kv_key_type_name(enum kv_key_type t)
{
    switch (t) {
    case KV_KEY_NULL:
        return "null";
    case KV_KEY_BOOL:
        return "bool";
    case KV_KEY_INT:
        return "int";
    case KV_KEY_FLOAT:
        return "float";
    case KV_KEY_NUMERIC:
        return "numeric";
    case KV_KEY_TEXT:
        return "text";
    case KV_KEY_BYTEA:
        return "bytea";
    case KV_KEY_DATE:
        return "date";
    case KV_KEY_TIMESTAMP:
        return "timestamp";
    case KV_KEY_TIMESTAMPTZ:
        return "timestamptz";
    case KV_KEY_INTERVAL:
        return "interval";
    case KV_KEY_UUID:
        return "uuid";
    case KV_KEY_UVARINT:
        return "uvarint";
    }
    return "unknown";
}

/* Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", civil_from_days). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

#define PG_EPOCH_DAYS 10957 /* 2000-01-01 in days since 1970-01-01 */

/* Append the date of PostgreSQL day number days (ISO, "BC" before year 1). */
static void format_date(struct sbuf *out, int64_t days, bool *bc)
{
    int64_t y;
    unsigned m, d;
    civil_from_days(days + PG_EPOCH_DAYS, &y, &m, &d);
    *bc = y <= 0;
    sbuf_printf(out, "%04" PRId64 "-%02u-%02u", *bc ? 1 - y : y, m, d);
}

/* ".5" for 500000 µs, nothing for 0: PostgreSQL's style. */
static void format_fraction(struct sbuf *out, uint64_t us)
{
    us %= 1000000;
    if (us == 0)
        return;
    char tmp[8];
    snprintf(tmp, sizeof(tmp), ".%06u", (unsigned)us);
    size_t n = strlen(tmp);
    while (tmp[n - 1] == '0')
        n--;
    sbuf_append(out, tmp, n);
}

static void format_timestamp(struct sbuf *out, int64_t ts, bool tz)
{
    if (ts == INT64_MIN || ts == INT64_MAX) {
        sbuf_puts(out, ts == INT64_MIN ? "'-infinity'" : "'infinity'");
        return;
    }
    int64_t days = ts / USECS_PER_DAY, us = ts % USECS_PER_DAY;
    if (us < 0) {
        days--;
        us += USECS_PER_DAY;
    }
    bool bc;
    sbuf_putc(out, '\'');
    format_date(out, days, &bc);
    int64_t s = us / 1000000;
    sbuf_printf(out, " %02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
    format_fraction(out, (uint64_t)us);
    if (tz)
        sbuf_puts(out, "+00");
    if (bc)
        sbuf_puts(out, " BC");
    sbuf_putc(out, '\'');
}

static void format_float(struct sbuf *out, double f)
{
    if (isnan(f)) {
        sbuf_puts(out, "NaN");
        return;
    }
    if (isinf(f)) {
        sbuf_puts(out, f < 0 ? "-Infinity" : "Infinity");
        return;
    }
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) { /* shortest that reads back */
        snprintf(tmp, sizeof(tmp), "%.*g", prec, f);
        if (strtod(tmp, NULL) == f)
            break;
    }
    sbuf_puts(out, tmp);
}

static void format_quoted(struct sbuf *out, const uint8_t *s, size_t len, bool bytea)
{
    if (bytea) {
        sbuf_puts(out, "'\\x");
        for (size_t i = 0; i < len; i++)
            sbuf_printf(out, "%02x", s[i]);
        sbuf_putc(out, '\'');
        return;
    }
    sbuf_putc(out, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'')
            sbuf_puts(out, "''");
        else if (s[i] == '\\')
            sbuf_puts(out, "\\\\");
        else if (s[i] < 0x20 || s[i] == 0x7F)
            sbuf_printf(out, "\\x%02x", s[i]);
        else
            sbuf_putc(out, (char)s[i]);
    }
    sbuf_putc(out, '\'');
}

static void format_value(struct sbuf *out, const struct kv_key_value *v)
{
    switch (v->type) {
    case KV_KEY_NULL:
        sbuf_puts(out, "NULL");
        break;
    case KV_KEY_BOOL:
        sbuf_puts(out, v->u.b ? "true" : "false");
        break;
    case KV_KEY_INT:
        sbuf_printf(out, "%" PRId64, v->u.i64);
        break;
    case KV_KEY_UVARINT:
        sbuf_printf(out, "%" PRIu64, v->u.u64);
        break;
    case KV_KEY_FLOAT:
        format_float(out, v->u.f64);
        break;
    case KV_KEY_NUMERIC:
        sbuf_append(out, v->data, v->len);
        break;
    case KV_KEY_TEXT:
    case KV_KEY_BYTEA:
        format_quoted(out, v->data, v->len, v->type == KV_KEY_BYTEA);
        break;
    case KV_KEY_DATE:
        if (v->u.date == INT32_MIN || v->u.date == INT32_MAX) {
            sbuf_puts(out, v->u.date == INT32_MIN ? "'-infinity'" : "'infinity'");
        } else {
            bool bc;
            sbuf_putc(out, '\'');
            format_date(out, v->u.date, &bc);
            sbuf_puts(out, bc ? " BC'" : "'");
        }
        break;
    case KV_KEY_TIMESTAMP:
    case KV_KEY_TIMESTAMPTZ:
        format_timestamp(out, v->u.ts, v->type == KV_KEY_TIMESTAMPTZ);
        break;
    case KV_KEY_INTERVAL: {
        const struct kv_key_interval *iv = &v->u.iv;
        uint64_t us = iv->micros < 0 ? -(uint64_t)iv->micros : (uint64_t)iv->micros;
        uint64_t s = us / 1000000;
        sbuf_printf(out, "'%" PRId32 " mons %" PRId32 " days %s%02" PRIu64 ":%02u:%02u", iv->months,
                    iv->days, iv->micros < 0 ? "-" : "", s / 3600, (unsigned)(s / 60 % 60),
                    (unsigned)(s % 60));
        format_fraction(out, us);
        sbuf_putc(out, '\'');
        break;
    }
    case KV_KEY_UUID: {
        const uint8_t *u = v->u.uuid;
        sbuf_putc(out, '\'');
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10)
                sbuf_putc(out, '-');
            sbuf_printf(out, "%02x", u[i]);
        }
        sbuf_putc(out, '\'');
        break;
    }
    }
}

int kv_key_format(const uint8_t *key, size_t n, struct sbuf *out)
{
    struct kv_key_value v = {0};
    size_t off = 0;
    int rc = 0;
    while (off < n) {
        size_t used;
        sbuf_putc(out, '/');
        if (decode_any(key + off, n - off, &v, &used, NULL) < 0) {
            sbuf_putc(out, '?');
            for (size_t i = off; i < n && i < off + 32; i++)
                sbuf_printf(out, "%02x", key[i]);
            if (n - off > 32)
                sbuf_puts(out, "...");
            rc = ERR_CORRUPT;
            break;
        }
        format_value(out, &v);
        off += used;
    }
    kv_key_value_free(&v);
    return rc;
}
