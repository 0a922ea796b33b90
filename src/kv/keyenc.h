/* keyenc.h — order-preserving ("memcomparable") encoding of SQL values in keys.
 *
 * A key is a concatenation of encoded values (DESIGN.md §7 "Keys"):
 *
 *     /<table_id>/<index_id>/<pk values>                 primary key (row)
 *     /<table_id>/<index_id>/<indexed values>/<pk>        secondary index entry
 *
 * The encoding has three properties the rest of the system relies on:
 *
 *  1. Order. memcmp() of two encodings orders them as SQL orders the values
 *     (ascending), or in exactly the reverse order for KV_KEY_DESC. Equal SQL
 *     values have byte-identical encodings, unequal ones never do.
 *  2. Self-delimiting and prefix-free. Every encoded value ends where its own
 *     bytes say, and no encoding is a proper prefix of another. Hence a
 *     composite key sorts lexicographically by its values, and (a) sorts
 *     before (a, b).
 *  3. Self-describing. The first byte of every value (its tag) names its type
 *     and direction, so a key decodes and prints without a schema.
 *
 * The decoder validates everything it reads (keys come from disk and from
 * peers, STYLE.md §6): truncated, unknown or non-canonical bytes give
 * ERR_CORRUPT and it never reads outside [p, p + n). Every byte string that
 * decodes is the one and only encoding of the decoded value, so re-encoding a
 * decoded value reproduces the bytes.
 *
 * Encoding format, version KV_KEY_FORMAT_VERSION
 * ----------------------------------------------
 * A descending value is its ascending encoding with every byte complemented
 * (x -> 0xFF - x), tag included. Ascending tags are all in 0x01..0x7F, so
 * descending tags are in 0x80..0xFE; 0x00 and 0xFF are never tags. Complement
 * reverses memcmp order of prefix-free strings, which is why DESC is exact.
 * The tables below describe the ascending form; "BE" is big-endian and
 * "flipped" means the sign bit is inverted so two's complement sorts as
 * unsigned.
 *
 *   TAG        TYPE         PAYLOAD (after the tag byte)
 *   0x01       NULL         none. Sorts before every value ("NULLS FIRST" asc)
 *   0x02       BOOL false   none
 *   0x03       BOOL true    none
 *   0x04-0x0B  INT < 0      8..1 bytes (tag 0x0C - n), see INT below
 *   0x0C       INT 0        none
 *   0x0D-0x14  INT > 0      1..8 bytes (tag 0x0C + n), see INT below
 *   0x15       FLOAT        8 bytes, see FLOAT below
 *   0x16       NUMERIC      none: -Infinity
 *   0x17       NUMERIC < 0  complement of the NUMERIC > 0 payload of |x|
 *   0x18       NUMERIC 0    none
 *   0x19       NUMERIC > 0  exponent and digits, see NUMERIC below
 *   0x1A       NUMERIC      none: +Infinity
 *   0x1B       NUMERIC      none: NaN (above +Infinity, as in PostgreSQL)
 *   0x1C       TEXT         escaped bytes, see BYTES below
 *   0x1D       BYTEA        escaped bytes, see BYTES below
 *   0x1E       DATE         4 bytes: days since 2000-01-01, int32 BE flipped
 *   0x1F       TIMESTAMP    8 bytes: µs since 2000-01-01, int64 BE flipped
 *   0x20       TIMESTAMPTZ  8 bytes: µs since 2000-01-01 UTC, int64 BE flipped
 *   0x21       INTERVAL     11 bytes, see INTERVAL below
 *   0x22       UUID         16 bytes, as stored (PostgreSQL compares memcmp)
 *   0x23-0x2F  reserved for new types
 *   0x30-0x75  UVARINT      none: the value is tag - 0x30 (0..69)
 *   0x76-0x7D  UVARINT      1..8 bytes BE (tag 0x75 + n), value >= 70
 *   0x7E       reserved
 *   0x7F       NULL         none. Sorts after every value ("NULLS LAST" asc)
 *
 * INT (int2, int4, int8; also the exponent inside NUMERIC). All integer
 * widths encode as int64, so an int4 and an int8 of equal value have equal
 * encodings and decode as KV_KEY_INT; the column type says the width.
 *   OFFSET  SIZE  MEANING
 *   0       1     tag: 0x0C + n for v > 0, 0x0C for 0, 0x0C - n for v < 0
 *   1       n     v > 0: v, BE, n minimal (first byte != 0x00)
 *                 v < 0: low n bytes of v (two's complement), BE, n minimal
 *                 with n >= 1 (first byte != 0xFF when n >= 2)
 *   More bytes mean a larger magnitude, so the tag orders by magnitude class
 *   and the payload orders within a class.
 *
 * FLOAT (float4 is widened to float8 exactly).
 *   OFFSET  SIZE  MEANING
 *   0       1     0x15
 *   1       8     IEEE-754 bits, BE; if the sign bit is set all bits are
 *                 complemented, else only the sign bit is. -0 is encoded as
 *                 +0 and every NaN as 0x7FF8000000000000, because PostgreSQL
 *                 treats -0 = 0 and all NaNs equal and above +Infinity.
 *
 * NUMERIC (from a decimal string). A finite nonzero |x| is written as
 * 0.d1d2...dk * 10^E with d1 != 0 and dk != 0 (so 1.50 and 1.5 are equal).
 *   OFFSET  SIZE  MEANING
 *   0       1     0x19 (x > 0) or 0x17 (x < 0)
 *   1       m     E as INT above (tag + payload), |E| <= KV_KEY_NUMERIC_MAX_EXP
 *   1+m     j     ceil(k / 2) bytes: digit pairs "ab" as 1 + 10a + b
 *                 (1..100); an odd k is padded with a 0 digit. The last pair
 *                 is never "00".
 *   1+m+j   1     0x00 terminator (below every pair byte)
 *   For x < 0 the bytes after the tag are the complement of those of |x|.
 *
 * BYTES (TEXT and BYTEA; text compares bytewise, i.e. "C" collation; other
 * collations must be turned into sort keys by the caller first).
 *   OFFSET  SIZE  MEANING
 *   0       1     0x1C (TEXT) or 0x1D (BYTEA)
 *   1       m     the bytes, each 0x00 written as 0x00 0xFF
 *   1+m     2     terminator 0x00 0x01
 *
 * INTERVAL. PostgreSQL compares intervals by the 128-bit span
 * months * 30 days + days + microseconds (interval_cmp_value), so
 * '1 mon' = '30 days' and '1 day' = '24:00:00'. The key holds that span only,
 * split as day = floor(span / 1 day) and usec = span mod 1 day (0 <= usec <
 * 86,400,000,000), which needs no 128-bit arithmetic.
 *   OFFSET  SIZE  MEANING
 *   0       1     0x21
 *   1       6     day + 2^47, BE (|day| < 2^37 for any interval)
 *   7       5     usec, BE
 *   Decoding gives a normalized interval equal to the original in SQL (not
 *   necessarily field by field): months = day / 30, days = day % 30, and the
 *   time part, all with one sign. A table whose key holds an interval must
 *   keep the original value in the row to return it unchanged.
 *
 * UVARINT (table and index ids, hidden row ids): unsigned 64-bit; small
 * values are one byte. Ascending is the normal use; DESC works as for all.
 */
#ifndef SF_KV_KEYENC_H
#define SF_KV_KEYENC_H

#include "common/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

/* Bump when the byte format changes; stored keys of another version must be
 * rewritten, never reinterpreted. */
#define KV_KEY_FORMAT_VERSION 1

/* Bounds on NUMERIC (PostgreSQL's own limits are well inside: 131072 digits
 * before the point, 16383 after). */
#define KV_KEY_NUMERIC_MAX_EXP    (1 << 20) /* |E| */
#define KV_KEY_NUMERIC_MAX_DIGITS (1 << 20) /* significant digits k */

/* Tag bytes of the ascending encoding (the table above). */
enum {
    KV_KEY_TAG_NULL_LO = 0x01,
    KV_KEY_TAG_FALSE = 0x02,
    KV_KEY_TAG_TRUE = 0x03,
    KV_KEY_TAG_INT_NEG8 = 0x04,
    KV_KEY_TAG_INT_ZERO = 0x0C,
    KV_KEY_TAG_INT_POS8 = 0x14,
    KV_KEY_TAG_FLOAT = 0x15,
    KV_KEY_TAG_NUM_NINF = 0x16,
    KV_KEY_TAG_NUM_NEG = 0x17,
    KV_KEY_TAG_NUM_ZERO = 0x18,
    KV_KEY_TAG_NUM_POS = 0x19,
    KV_KEY_TAG_NUM_PINF = 0x1A,
    KV_KEY_TAG_NUM_NAN = 0x1B,
    KV_KEY_TAG_TEXT = 0x1C,
    KV_KEY_TAG_BYTEA = 0x1D,
    KV_KEY_TAG_DATE = 0x1E,
    KV_KEY_TAG_TIMESTAMP = 0x1F,
    KV_KEY_TAG_TIMESTAMPTZ = 0x20,
    KV_KEY_TAG_INTERVAL = 0x21,
    KV_KEY_TAG_UUID = 0x22,
    KV_KEY_TAG_UVARINT_SMALL = 0x30, /* + value, value < KV_KEY_UVARINT_SMALL_COUNT */
    KV_KEY_TAG_UVARINT_LEN1 = 0x76,  /* + (n - 1) for n payload bytes */
    KV_KEY_TAG_UVARINT_LEN8 = 0x7D,
    KV_KEY_TAG_NULL_HI = 0x7F,
    KV_KEY_TAG_DESC_MIN = 0x80, /* tags >= this are complemented (descending) */
};
#define KV_KEY_UVARINT_SMALL_COUNT (KV_KEY_TAG_UVARINT_LEN1 - KV_KEY_TAG_UVARINT_SMALL)

enum kv_key_dir {
    KV_KEY_ASC = 0,
    KV_KEY_DESC = 1,
};

enum kv_key_type {
    KV_KEY_NULL,
    KV_KEY_BOOL,
    KV_KEY_INT,   /* int2, int4, int8 */
    KV_KEY_FLOAT, /* float4, float8 */
    KV_KEY_NUMERIC,
    KV_KEY_TEXT,
    KV_KEY_BYTEA,
    KV_KEY_DATE,
    KV_KEY_TIMESTAMP,
    KV_KEY_TIMESTAMPTZ,
    KV_KEY_INTERVAL,
    KV_KEY_UUID,
    KV_KEY_UVARINT,
};

/* PostgreSQL's Interval fields. */
struct kv_key_interval {
    int32_t months;
    int32_t days;
    int64_t micros;
};

/* One decoded value. Zero-initialise it (or kv_key_value_init) before the
 * first decode and release it with kv_key_value_free; one value may be
 * reused for many decodes. */
struct kv_key_value {
    enum kv_key_type type;
    enum kv_key_dir dir;
    bool nulls_first; /* KV_KEY_NULL: where this NULL sorts in its column */
    union {
        bool b;                    /* KV_KEY_BOOL */
        int64_t i64;               /* KV_KEY_INT */
        uint64_t u64;              /* KV_KEY_UVARINT */
        double f64;                /* KV_KEY_FLOAT: never -0; NaN is the canonical quiet NaN */
        int32_t date;              /* KV_KEY_DATE: days since 2000-01-01 */
        int64_t ts;                /* KV_KEY_TIMESTAMP(TZ): µs since 2000-01-01 (UTC) */
        struct kv_key_interval iv; /* KV_KEY_INTERVAL: normalized (see above) */
        uint8_t uuid[16];          /* KV_KEY_UUID */
    } u;
    /* KV_KEY_TEXT, KV_KEY_BYTEA: the bytes; KV_KEY_NUMERIC: a canonical
     * decimal string ("-1.5", "1e-1000", "NaN", "Infinity", "-Infinity").
     * Always followed by a NUL. Borrowed from buf: valid until the next
     * decode into this value or kv_key_value_free. */
    const uint8_t *data;
    size_t len;
    struct sbuf buf; /* private storage behind data */
};

void kv_key_value_init(struct kv_key_value *v);
void kv_key_value_free(struct kv_key_value *v);

/* ---- Encoding. Every kv_key_put_* appends one value to b. ---- */

/* A NULL that sorts before (nulls_first) or after every non-NULL value of the
 * column in scan order. PostgreSQL's defaults are NULLS LAST for ASC and
 * NULLS FIRST for DESC; DESIGN.md's keys use NULLS FIRST for ascending.
 * Value tags always lie between the two NULL tags, so no separate
 * "value present" byte is needed. */
void kv_key_put_null(struct sbuf *b, enum kv_key_dir dir, bool nulls_first);
void kv_key_put_bool(struct sbuf *b, bool v, enum kv_key_dir dir);
/* int16/int32 encode exactly as the equal int64 (see INT above). */
void kv_key_put_int16(struct sbuf *b, int16_t v, enum kv_key_dir dir);
void kv_key_put_int32(struct sbuf *b, int32_t v, enum kv_key_dir dir);
void kv_key_put_int64(struct sbuf *b, int64_t v, enum kv_key_dir dir);
/* float4 is widened to double, so equal float4/float8 values encode equally. */
void kv_key_put_float4(struct sbuf *b, float v, enum kv_key_dir dir);
void kv_key_put_float8(struct sbuf *b, double v, enum kv_key_dir dir);
/* s (NUL-terminated): [+-]digits[.digits][e[+-]digits] with at least one
 * digit in the mantissa (".5" and "5." are accepted), or NaN, Infinity, Inf
 * (case-insensitive; infinities may be signed). Returns 0, or ERR_INVAL for
 * bad syntax or values beyond KV_KEY_NUMERIC_MAX_EXP / _MAX_DIGITS, in which
 * case b is unchanged. */
int kv_key_put_numeric(struct sbuf *b, const char *s, enum kv_key_dir dir, struct err *e);
void kv_key_put_text(struct sbuf *b, const char *s, size_t len, enum kv_key_dir dir);
void kv_key_put_bytea(struct sbuf *b, const void *p, size_t len, enum kv_key_dir dir);
/* PostgreSQL's representations: DATE days since 2000-01-01, TIMESTAMP(TZ)
 * µs since 2000-01-01 00:00 (UTC for TZ); ±infinity are the int extremes
 * and sort correctly. */
void kv_key_put_date(struct sbuf *b, int32_t days, enum kv_key_dir dir);
void kv_key_put_timestamp(struct sbuf *b, int64_t us, enum kv_key_dir dir);
void kv_key_put_timestamptz(struct sbuf *b, int64_t us, enum kv_key_dir dir);
void kv_key_put_interval(struct sbuf *b, const struct kv_key_interval *iv, enum kv_key_dir dir);
void kv_key_put_uuid(struct sbuf *b, const uint8_t uuid[16], enum kv_key_dir dir);
/* Unsigned, order-preserving, one byte below KV_KEY_UVARINT_SMALL_COUNT. */
void kv_key_put_uvarint(struct sbuf *b, uint64_t v, enum kv_key_dir dir);
/* /<table_id>/<index_id>, both ascending uvarints. */
void kv_key_put_table_prefix(struct sbuf *b, uint64_t table_id, uint64_t index_id);
/* Re-encode a decoded value (with its own dir and nulls_first). Returns 0, or
 * ERR_INVAL (b unchanged) for a NUMERIC string kv_key_put_numeric refuses or
 * an unknown type. */
int kv_key_put_value(struct sbuf *b, const struct kv_key_value *v, struct err *e);

/* ---- Decoding. p[0..n) is untrusted. ---- */

/* Decode the value at p, which must be encoded in direction dir. On success
 * returns 0, fills out (see struct kv_key_value for the lifetime of its
 * bytes) and sets *consumed to the value's length (1..n). Returns
 * ERR_CORRUPT (out's contents undefined, *consumed untouched) for n == 0,
 * truncated, unknown or non-canonical bytes, or a value of the other
 * direction. */
int kv_key_decode_next(const uint8_t *p, size_t n, enum kv_key_dir dir, struct kv_key_value *out,
                       size_t *consumed, struct err *e);
/* Validate the value at p (either direction) without materializing it; sets
 * *consumed. Returns 0 or ERR_CORRUPT. */
int kv_key_skip(const uint8_t *p, size_t n, size_t *consumed, struct err *e);
/* Typed forms: ERR_CORRUPT also when the value has another type. */
int kv_key_decode_int64(const uint8_t *p, size_t n, enum kv_key_dir dir, int64_t *v,
                        size_t *consumed, struct err *e);
int kv_key_decode_uvarint(const uint8_t *p, size_t n, enum kv_key_dir dir, uint64_t *v,
                          size_t *consumed, struct err *e);
int kv_key_decode_table_prefix(const uint8_t *p, size_t n, uint64_t *table_id, uint64_t *index_id,
                               size_t *consumed, struct err *e);

/* ---- Scan bounds and debugging. ---- */

/* Append to out the smallest key greater than every key that starts with
 * key[0..n): key with its trailing 0xFF bytes removed and the last remaining
 * byte incremented. Returns false, appending nothing, when there is no such
 * key (n == 0 or all bytes 0xFF): the scan is unbounded above. */
bool kv_key_prefix_end(const uint8_t *key, size_t n, struct sbuf *out);

/* Append a readable form of key[0..n) to out: one "/<value>" per value, e.g.
 * /1/2/'abc'/NULL/-5/1.5/true/'2024-01-15'. Undecodable bytes are printed as
 * "/?<hex>" and make it return ERR_CORRUPT; otherwise 0. */
int kv_key_format(const uint8_t *key, size_t n, struct sbuf *out);

/* "int", "text", ... (static). */
const char *kv_key_type_name(enum kv_key_type t);

#endif
