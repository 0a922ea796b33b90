/* numeric.h — PostgreSQL 15's NUMERIC: exact decimal arithmetic of arbitrary precision.
 *
 * Values behave as PostgreSQL's (src/backend/utils/adt/numeric.c): the same
 * text forms, result scales, rounding, special values, errors (SQLSTATE and
 * message text) and binary wire format. A value is sign, base-10000 digits,
 * weight and display scale:
 *
 *     value = sign * sum(digits[i] * 10000^(weight - i)),  shown with dscale
 *     decimal digits after the point (1.50 and 1.5 are equal, dscale 2 and 1).
 *
 * Special values are NaN, +Infinity and -Infinity. As in PostgreSQL, NaN
 * equals NaN and sorts above +Infinity, so sql_num_cmp is a total order.
 *
 * Ownership: every function that produces a struct sql_num allocates its
 * digits in the mem_ctx the caller passes ("allocated in CTX"); results never
 * share digits with the inputs, so an input may live in a shorter context.
 * A struct sql_num is a small value: copy it freely, never free its digits.
 * Inputs are never modified. Temporary working memory comes from the
 * aborting allocator and is released before returning, error or not.
 *
 * Errors: functions that can fail return 0 or ERR_INVAL (ERR_UNSUPPORTED for
 * "cannot convert NaN to integer" and friends, ERR_CORRUPT for a bad storage
 * encoding) and set e (may be NULL) with PostgreSQL's SQLSTATE and message,
 * e.g. 22003 "value overflows numeric format", 22012 "division by zero",
 * 22P02 'invalid input syntax for type numeric: "abc"'. When PostgreSQL adds
 * a DETAIL, the message continues with SQL_NUM_DETAIL_SEP and the detail
 * ("numeric field overflow\nDETAIL:  A field with precision 5, ..."), which
 * the wire protocol layer splits into the M and D fields. On error the
 * output value is left unchanged.
 *
 * Limits (PostgreSQL's): at most 131072 digits before the decimal point
 * (weight <= SQL_NUM_WEIGHT_MAX) and 16383 after (dscale <=
 * SQL_NUM_DSCALE_MAX); a typmod has precision 1..1000 and scale -1000..1000.
 * Work is polynomial in the number of digits (multiplication and division
 * are quadratic); exp() and power() refuse results beyond about 10^2600 and
 * 10^131072 before doing the work.
 *
 * Storage encoding, version SQL_NUM_FORMAT_VERSION (sql_num_encode). The
 * length is kept by the container (row format), so the digit count is
 * (length - header) / 2. All integers are big-endian. The form is unique:
 * a value has exactly one encoding, and decoding validates that.
 *
 *   Special (NaN, +Infinity, -Infinity)
 *     OFFSET  SIZE  MEANING
 *     0       2     0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity
 *
 *   Short form: used exactly when dscale <= 63 and -64 <= weight <= 63
 *     OFFSET  SIZE  MEANING
 *     0       2     bit 15 = 1, bit 14 = 0, bit 13 = sign (1: negative),
 *                   bits 12..7 = dscale, bits 6..0 = weight (7-bit two's
 *                   complement)
 *     2       2n    n digits, each 0..9999; no leading or trailing zero
 *                   digit; zero has n = 0, positive sign and weight 0
 *
 *   Long form: otherwise
 *     OFFSET  SIZE  MEANING
 *     0       2     bits 15..14 = 00 positive or 01 negative, bits 13..0 dscale
 *     2       2     weight, int16
 *     4       2n    n digits as in the short form (n >= 1)
 *
 *   No digit may lie right of the display scale (dscale hides no digits).
 *   This is PostgreSQL's on-disk numeric (NumericShort/NumericLong) without
 *   the varlena header and with big-endian integers.
 *
 * Binary wire format (sql_num_send / sql_num_recv) is PostgreSQL's:
 *     OFFSET  SIZE  MEANING
 *     0       2     ndigits, uint16
 *     2       2     weight, int16
 *     4       2     sign: 0x0000 +, 0x4000 -, 0xC000 NaN, 0xD000 +Inf, 0xF000 -Inf
 *     6       2     dscale, uint16 (0..0x3FFF)
 *     8       2n    digits, int16 each (0..9999)
 *
 * Thread safety: none needed; functions touch only their arguments.
 */
#ifndef SF_SQL_NUMERIC_H
#define SF_SQL_NUMERIC_H

#include "common/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;

#define SQL_NUM_FORMAT_VERSION 1

#define SQL_NUM_NBASE             10000
#define SQL_NUM_DEC_DIGITS        4 /* decimal digits per base-10000 digit */
#define SQL_NUM_MAX_PRECISION     1000
#define SQL_NUM_MIN_SCALE         (-1000)
#define SQL_NUM_MAX_SCALE         1000
#define SQL_NUM_MAX_DISPLAY_SCALE 1000 /* largest scale a function picks itself */
#define SQL_NUM_MAX_RESULT_SCALE  2000 /* bound on round()/trunc() scale argument */
#define SQL_NUM_MIN_SIG_DIGITS    16   /* significant digits division & co. aim for */
#define SQL_NUM_WEIGHT_MAX        32767
#define SQL_NUM_DSCALE_MAX        16383

/* No typmod (plain "numeric"). */
#define SQL_NUM_TYPMOD_NONE (-1)

/* Separates PostgreSQL's message from its DETAIL in struct err's message. */
#define SQL_NUM_DETAIL_SEP "\nDETAIL:  "

/* Bytes of sql_num_send's output for n digits. */
#define SQL_NUM_SEND_SIZE(n) (8 + 2 * (size_t)(n))

/* Sign, with PostgreSQL's wire values. */
enum sql_num_sign {
    SQL_NUM_POS = 0x0000,
    SQL_NUM_NEG = 0x4000,
    SQL_NUM_NAN = 0xC000,
    SQL_NUM_PINF = 0xD000,
    SQL_NUM_NINF = 0xF000,
};

/* A value. Invariants (sql_num_valid checks them):
 *  - finite: digits[0] and digits[ndigits - 1] are nonzero, every digit is
 *    0..9999, no digit lies right of dscale, weight <= SQL_NUM_WEIGHT_MAX,
 *    0 <= dscale <= SQL_NUM_DSCALE_MAX; zero is ndigits 0, weight 0, POS;
 *  - special (NAN, PINF, NINF): ndigits 0, weight 0, dscale 0.
 * digits is allocated in the context of the function that produced the value
 * (or static for constants); NULL when ndigits is 0. */
struct sql_num {
    enum sql_num_sign sign;
    int32_t weight;  /* weight of digits[0]: value of digits[0] is x * 10000^weight */
    int32_t dscale;  /* display scale: decimal digits after the point */
    int32_t ndigits; /* number of digits */
    const int16_t *digits;
};

/* ---- Special values and properties ---- */

/* Constant values (static digits; nothing to allocate). */
struct sql_num sql_num_zero(void);
struct sql_num sql_num_nan(void);
struct sql_num sql_num_pinf(void);
struct sql_num sql_num_ninf(void);
bool sql_num_is_nan(const struct sql_num *x);
/* +Infinity or -Infinity. */
bool sql_num_is_inf(const struct sql_num *x);
/* NaN or an infinity. */
bool sql_num_is_special(const struct sql_num *x);
/* Whether x satisfies the invariants of struct sql_num. */
bool sql_num_valid(const struct sql_num *x);
/* Copy src into dst with digits allocated in ctx. */
void sql_num_copy(struct mem_ctx *ctx, const struct sql_num *src, struct sql_num *dst);

/* ---- Type modifier: numeric(precision, scale) ---- */

/* Build the typmod of numeric(precision, scale) (numerictypmodin): precision
 * 1..1000, scale -1000..1000. Returns 0 or ERR_INVAL (22023 "NUMERIC
 * precision %d must be between 1 and 1000" / "NUMERIC scale %d must be
 * between -1000 and 1000"). numeric(p) is scale 0. */
int sql_num_typmod(int32_t precision, int32_t scale, int32_t *typmod, struct err *e);
/* Parts of a valid typmod (typmod >= 4, as PostgreSQL's). */
int32_t sql_num_typmod_precision(int32_t typmod);
int32_t sql_num_typmod_scale(int32_t typmod);
/* Coerce x to typmod (PostgreSQL's numeric(numeric, int4), the length
 * coercion of a cast): round to the scale, then check the precision. NaN
 * passes any typmod; SQL_NUM_TYPMOD_NONE (any typmod < 4) passes everything.
 * Errors 22003 "numeric field overflow" with DETAIL "A field with precision
 * P, scale S must round to an absolute value less than 10^N." or "... cannot
 * hold an infinite value.". out is allocated in ctx. */
int sql_num_apply_typmod(struct mem_ctx *ctx, const struct sql_num *x, int32_t typmod,
                         struct sql_num *out, struct err *e);

/* ---- Text ---- */

/* Parse text s (NUL-terminated) as numeric_in(s, typmod) does: optional
 * leading and trailing white space, an optional sign, digits with at most
 * one '.', an optional exponent (e/E, optional sign, digits; blanks allowed
 * after the 'e' as strtol allows), or NaN / [+-]Infinity / [+-]inf in any
 * case. No underscores, no hex. typmod as sql_num_apply_typmod (applied
 * before the range check, as PostgreSQL does for COPY input).
 * Errors: 22P02 'invalid input syntax for type numeric: "<s>"', 22003
 * "value overflows numeric format", the typmod errors. out allocated in ctx.
 * Memory use is bounded by the limits above, not by strlen(s). */
int sql_num_in(struct mem_ctx *ctx, const char *s, int32_t typmod, struct sql_num *out,
               struct err *e);
/* Append numeric_out(x) to b: plain notation with exactly dscale digits after
 * the point, "NaN", "Infinity", "-Infinity". */
void sql_num_out_sbuf(const struct sql_num *x, struct sbuf *b);
/* Same, as a NUL-terminated string allocated in ctx. */
char *sql_num_out(struct mem_ctx *ctx, const struct sql_num *x);
/* numeric_out_sci: scientific notation with scale digits after the point,
 * e.g. 1.23e+04 (for to_char's EEEE). scale is clamped to 0..1000. Allocated
 * in ctx. */
char *sql_num_out_sci(struct mem_ctx *ctx, const struct sql_num *x, int scale);
/* Append the canonical decimal string of x for kv_key_put_numeric (keyenc.h):
 * equal values give equal strings (1.50 and 1.5 give "1.5"), and it is the
 * string the key decoder returns: "0", "-1.5", "1.5e+30", "NaN", "Infinity",
 * "-Infinity". The display scale is not kept. */
void sql_num_key_string(const struct sql_num *x, struct sbuf *b);

/* ---- Binary wire format and storage ---- */

/* Append PostgreSQL's binary form (numeric_send) to b. */
void sql_num_send(const struct sql_num *x, struct sbuf *b);
/* numeric_recv of the n bytes at p (untrusted) with typmod. Digits hidden by
 * dscale are truncated away, as PostgreSQL does. Errors: 08P01
 * "insufficient data left in message", 22P03 "invalid sign in external
 * \"numeric\" value" (and "invalid scale", "invalid digit"), 22P03
 * "incorrect binary data format" for trailing bytes (PostgreSQL's bind code
 * adds " in bind parameter N"), 22003 range and typmod errors. At most 65535
 * digits are read, so memory is bounded. out allocated in ctx. */
int sql_num_recv(struct mem_ctx *ctx, const uint8_t *p, size_t n, int32_t typmod,
                 struct sql_num *out, struct err *e);
/* Bytes of the storage encoding of x (see the table above). */
size_t sql_num_encoded_size(const struct sql_num *x);
/* Append the storage encoding of x to b. */
void sql_num_encode(const struct sql_num *x, struct sbuf *b);
/* Decode a storage encoding (untrusted: from disk or a peer). Returns 0 or
 * ERR_CORRUPT (XX001) for anything but the one encoding of a valid value.
 * out allocated in ctx. */
int sql_num_decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, struct sql_num *out,
                   struct err *e);

/* ---- Comparison and hashing ---- */

/* -1, 0 or 1. NaN = NaN > +Infinity > every finite value > -Infinity. */
int sql_num_cmp(const struct sql_num *a, const struct sql_num *b);
/* Consistent with sql_num_cmp: equal values (1.0 and 1.00) hash alike. */
uint64_t sql_num_hash(const struct sql_num *x, uint64_t seed);

/* ---- Arithmetic (operators and functions of PostgreSQL 15) ----
 * Every result is allocated in ctx; scales are PostgreSQL's:
 *   add, sub: max(dscale a, dscale b); mul: dscale a + dscale b (rounded to
 *   16383 if larger); div: at least 16 significant digits and not less than
 *   either input's dscale (select_div_scale), capped at 1000; mod: max;
 *   div_trunc: 0. */

int sql_num_add(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e);
int sql_num_sub(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e);
int sql_num_mul(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e);
/* a / b, rounded half away from zero. 22012 "division by zero". */
int sql_num_div(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e);
/* div(a, b): a / b truncated toward zero to an integer. */
int sql_num_div_trunc(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                      struct sql_num *out, struct err *e);
/* a % b = a - trunc(a / b) * b (sign of a). */
int sql_num_mod(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                struct sql_num *out, struct err *e);
void sql_num_neg(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out);
void sql_num_abs(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out);
/* sign(a): -1, 0 or 1 with dscale 0; NaN for NaN; +-1 for infinities. */
void sql_num_sign_of(const struct sql_num *a, struct sql_num *out);
/* round(a, s) half away from zero and trunc(a, s); s may be negative (the
 * result then has dscale 0) and is clamped to +-2000. Specials unchanged.
 * Rounding up can pass the largest value: 22003. */
int sql_num_round(struct mem_ctx *ctx, const struct sql_num *a, int32_t s, struct sql_num *out,
                  struct err *e);
int sql_num_trunc(struct mem_ctx *ctx, const struct sql_num *a, int32_t s, struct sql_num *out,
                  struct err *e);
/* ceil / floor, dscale 0 (22003 as round). */
int sql_num_ceil(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e);
int sql_num_floor(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e);
/* sqrt: 2201F "cannot take square root of a negative number". */
int sql_num_sqrt(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e);
/* exp: 22003 "value overflows numeric format" for a >= ~6000. */
int sql_num_exp(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e);
/* ln: 2201E "cannot take logarithm of zero" / "... of a negative number". */
int sql_num_ln(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out, struct err *e);
/* log(base, x); log10(x) is log(10, x), as in PostgreSQL. log(1, x) is
 * 22012 "division by zero". */
int sql_num_log(struct mem_ctx *ctx, const struct sql_num *base, const struct sql_num *x,
                struct sql_num *out, struct err *e);
int sql_num_log10(struct mem_ctx *ctx, const struct sql_num *x, struct sql_num *out, struct err *e);
/* power(a, b) / a ^ b. 2201F "zero raised to a negative power is undefined",
 * 2201F "a negative number raised to a non-integer power yields a complex
 * result", 22003 on overflow. POSIX pow() rules for NaN and infinities. */
int sql_num_power(struct mem_ctx *ctx, const struct sql_num *a, const struct sql_num *b,
                  struct sql_num *out, struct err *e);
/* scale(a) (the dscale) and min_scale(a); false for NaN and infinities, which
 * PostgreSQL maps to NULL. */
bool sql_num_scale(const struct sql_num *a, int32_t *scale);
bool sql_num_min_scale(const struct sql_num *a, int32_t *scale);
/* trim_scale(a): a with dscale reduced to min_scale. Specials unchanged. */
void sql_num_trim_scale(struct mem_ctx *ctx, const struct sql_num *a, struct sql_num *out);
/* width_bucket(operand, low, high, count). Errors 2201G "count must be
 * greater than zero", "operand, lower bound, and upper bound cannot be NaN",
 * "lower and upper bounds must be finite", "lower bound cannot equal upper
 * bound"; 22003 "integer out of range". */
int sql_num_width_bucket(const struct sql_num *operand, const struct sql_num *low,
                         const struct sql_num *high, int32_t count, int32_t *bucket, struct err *e);

/* ---- Conversions ---- */

void sql_num_from_int64(struct mem_ctx *ctx, int64_t v, struct sql_num *out);
/* Round half away from zero to an integer. Errors: 0A000 "cannot convert NaN
 * to smallint" / "... infinity to ..." (integer, bigint), 22003 "smallint out
 * of range" / "integer out of range" / "bigint out of range". */
int sql_num_to_int16(const struct sql_num *x, int16_t *v, struct err *e);
int sql_num_to_int32(const struct sql_num *x, int32_t *v, struct err *e);
int sql_num_to_int64(const struct sql_num *x, int64_t *v, struct err *e);
/* float8 -> numeric as PostgreSQL: the value printed with %.15g (so 0.1 is
 * exactly 0.1), NaN and infinities kept. */
void sql_num_from_double(struct mem_ctx *ctx, double v, struct sql_num *out);
/* float4 -> numeric: %.6g. */
void sql_num_from_float(struct mem_ctx *ctx, float v, struct sql_num *out);
/* numeric -> float8 through the text form (strtod, correctly rounded).
 * 22003 '"<text>" is out of range for type double precision' when the value
 * overflows or underflows to zero. */
int sql_num_to_double(const struct sql_num *x, double *v, struct err *e);
/* numeric -> float4, 22003 '... out of range for type real'. */
int sql_num_to_float(const struct sql_num *x, float *v, struct err *e);

/* ---- Aggregation: sum() and avg() ----
 * One accumulator per group, as PostgreSQL's NumericAggState /
 * Int128AggState: numeric inputs are summed exactly (the sum's dscale is
 * the largest input dscale), int2/int4/int8 inputs in a 128-bit integer.
 *   sum(numeric), sum(int8) -> sql_num_agg_sum; avg(numeric), avg(int2),
 *   avg(int4), avg(int8) -> sql_num_agg_avg, which is sum / count with
 *   sql_num_div's scale (avg(1, 2) = 1.5000000000000000).
 * NaN inputs make both NaN; +Infinity and -Infinity together make NaN.
 * NULL inputs are the caller's to skip. */
struct sql_num_agg;

/* A new empty accumulator, allocated in ctx, which also holds its state:
 * valid until ctx is reset. */
struct sql_num_agg *sql_num_agg_new(struct mem_ctx *ctx);
void sql_num_agg_add(struct sql_num_agg *a, const struct sql_num *x);
void sql_num_agg_add_int64(struct sql_num_agg *a, int64_t v);
/* Fold src into dst (parallel or distributed partial aggregates). */
void sql_num_agg_merge(struct sql_num_agg *dst, const struct sql_num_agg *src);
/* Number of inputs added (merged counts included). */
int64_t sql_num_agg_count(const struct sql_num_agg *a);
/* The sum or average; *is_null (and out untouched) when nothing was added.
 * Errors: 22003 when the sum overflows the numeric range. out in ctx. */
/* Add x * x exactly (twice x's scale, no range check), as do_numeric_accum
 * keeps sumX2; NaN adds NaN and either infinity +Infinity. */
void sql_num_agg_add_square(struct sql_num_agg *a, const struct sql_num *x);
/* numeric_stddev_internal over sx (sum of x) and sx2 (sum of x * x, from
 * sql_num_agg_add_square): var_samp / var_pop, or their square roots when
 * sd; exact intermediates, the quotient at select_div_scale. *is_null for no
 * input (or one, when sample); NaN when any input was NaN or infinite. */
int sql_num_agg_variance(const struct sql_num_agg *sx, const struct sql_num_agg *sx2, bool sample,
                         bool sd, struct mem_ctx *ctx, struct sql_num *out, bool *is_null,
                         struct err *e);
int sql_num_agg_sum(const struct sql_num_agg *a, struct mem_ctx *ctx, struct sql_num *out,
                    bool *is_null, struct err *e);
int sql_num_agg_avg(const struct sql_num_agg *a, struct mem_ctx *ctx, struct sql_num *out,
                    bool *is_null, struct err *e);

#endif
