/* value.h — SQL values at run time: the type table, text and binary I/O,
 * comparison, hashing, casts, and the storage encodings of rows and keys.
 *
 * A struct sql_value is a small by-value datum tagged with its type OID
 * (PostgreSQL's OIDs, so RowDescription and binary formats need no mapping).
 * Variable-length payloads (text, bytea, numeric digits) point into memory
 * owned by someone else: the producer allocates them in the mem_ctx it was
 * given, and they live as long as that context. Copy a value freely; use
 * sql_value_copy to move its payload into a longer-lived context.
 *
 * Representations (u.*):
 *   bool                                   b
 *   int2, int4, int8, oid, regclass, regtype, regproc, xid   i (int64_t)
 *   float4, float8                         f (double; float4 values are
 *                                          always exactly representable as float)
 *   numeric                                n (struct sql_num, numeric.h)
 *   text, varchar, bpchar, name, bytea,    s.p / s.len (bytes, not NUL-terminated;
 *   unknown ('...' literal), json, char    bpchar keeps its padding; "char" is
 *                                          0 or 1 byte)
 *   int2vector, oidvector                  s.p / s.len: the normalized text "1 2 3"
 *   date                                   date (days since 2000-01-01)
 *   timestamp, timestamptz, time           ts (microseconds)
 *   interval                               iv (struct sql_interval, datetime.h)
 *   uuid                                   uuid[16]
 *   jsonb                                  s.p / s.len: canonical text (json_int.h)
 *   arrays (int4[], text[]...)             arr (struct sql_array, array.h)
 *   timetz                                 ttz.time / ttz.zone (datetime.h)
 *   inet, cidr                             inet.family / bits / addr (inet.h)
 *   macaddr, macaddr8                      mac[6] / mac[8] (inet.h)
 *   int4range ... tstzrange                rng (struct sql_range, range.h)
 *
 * Errors: functions that can fail return 0 or a negative ERR_* code and set
 * e with PostgreSQL's SQLSTATE and message text (22P02 invalid input syntax,
 * 22003 out of range, 22001 value too long, 42846 cannot cast ...). A DETAIL
 * is appended to the message after SQL_NUM_DETAIL_SEP ("\nDETAIL:  ").
 *
 * Thread safety: everything is reentrant; the type table is static.
 */
#ifndef SF_SQL_VALUE_H
#define SF_SQL_VALUE_H

#include "common/str.h"
#include "sql/datetime.h"
#include "sql/numeric.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct err;
struct mem_ctx;
struct sql_typename;
struct sql_array; /* array.h */
struct sql_range; /* range.h */

/* ---- type OIDs (PostgreSQL's pg_type.oid) ---- */
enum {
    SQL_T_INVALID = 0,
    SQL_T_BOOL = 16,
    SQL_T_BYTEA = 17,
    SQL_T_CHAR = 18, /* "char": one byte */
    SQL_T_NAME = 19,
    SQL_T_INT8 = 20,
    SQL_T_INT2 = 21,
    SQL_T_INT2VECTOR = 22,
    SQL_T_INT4 = 23,
    SQL_T_REGPROC = 24,
    SQL_T_TEXT = 25,
    SQL_T_OID = 26,
    SQL_T_XID = 28,
    SQL_T_OIDVECTOR = 30,
    SQL_T_JSON = 114,
    SQL_T_FLOAT4 = 700,
    SQL_T_FLOAT8 = 701,
    SQL_T_UNKNOWN = 705,
    SQL_T_BPCHAR = 1042,
    SQL_T_VARCHAR = 1043,
    SQL_T_DATE = 1082,
    SQL_T_TIME = 1083,
    SQL_T_TIMESTAMP = 1114,
    SQL_T_TIMESTAMPTZ = 1184,
    SQL_T_INTERVAL = 1186,
    SQL_T_NUMERIC = 1700,
    SQL_T_REGPROCEDURE = 2202,
    SQL_T_REGCLASS = 2205,
    SQL_T_REGTYPE = 2206,
    SQL_T_REGNAMESPACE = 4089,
    SQL_T_REGROLE = 4096,
    SQL_T_RECORD = 2249,
    SQL_T_ANY = 2276,
    SQL_T_VOID = 2278,
    SQL_T_UUID = 2950,
    SQL_T_JSONB = 3802,
    SQL_T_TIMETZ = 1266,
    SQL_T_CIDR = 650, /* inet.h */
    SQL_T_INET = 869,
    SQL_T_MACADDR = 829,
    SQL_T_MACADDR8 = 774,
    SQL_T_INT4RANGE = 3904, /* range types (range.h) */
    SQL_T_NUMRANGE = 3906,
    SQL_T_TSRANGE = 3908,
    SQL_T_TSTZRANGE = 3910,
    SQL_T_DATERANGE = 3912,
    SQL_T_INT8RANGE = 3926,
};

/* PostgreSQL's typcategory letters. */
enum {
    SQL_TC_BOOL = 'B',
    SQL_TC_NUMERIC = 'N',
    SQL_TC_STRING = 'S',
    SQL_TC_DATETIME = 'D',
    SQL_TC_TIMESPAN = 'T',
    SQL_TC_USER = 'U',
    SQL_TC_UNKNOWN = 'X',
    SQL_TC_PSEUDO = 'P',
};

struct sql_type_info {
    uint32_t oid;
    const char *name;     /* pg_type.typname: "int4", "varchar" */
    const char *sql_name; /* format_type's: "integer", "character varying" */
    int16_t typlen;       /* -1 varlena, -2 cstring, else bytes */
    char category;        /* SQL_TC_* */
    bool preferred;       /* typispreferred */
    uint32_t array_oid;   /* pg_type.typarray (0 when none) */
    bool byval;
    char align; /* 'c' 's' 'i' 'd' */
};

/* The row for oid, or NULL for a type this build does not know. */
const struct sql_type_info *sql_type_get(uint32_t oid);
/* Every known type, for pg_type. */
const struct sql_type_info *sql_type_all(size_t *n);
/* Resolve a type name as written (parser output: pg_catalog.int4, varchar
 * with typmods (10), "double precision" as float8, serial...). *serial is
 * set to 2/4/8 for smallserial/serial/bigserial (the type is then the
 * integer type) and 0 otherwise; may be NULL, then serial types are 42704.
 * T[] resolves to T's array type (typmod: the element's).
 * Errors: 42704 type "x" does not exist, 22023 bad typmod. */
int sql_type_resolve(const struct sql_typename *t, uint32_t *oid, int32_t *typmod, int *serial,
                     struct err *e);
/* format_type(oid, typmod): "integer", "character varying(10)",
 * "numeric(10,2)", "timestamp without time zone". */
void sql_type_format(uint32_t oid, int32_t typmod, struct sbuf *out);

/* ---- values ---- */

struct sql_value {
    uint32_t type; /* type OID */
    bool null;
    union {
        bool b;
        int64_t i;
        double f;
        struct sql_num n;
        int32_t date;
        int64_t ts;
        struct sql_interval iv;
        uint8_t uuid[16];
        struct {
            const char *p;
            size_t len;
        } s;
        const struct sql_array *arr; /* array types (array.h) */
        const struct sql_range *rng; /* range types (range.h) */
        struct {
            int64_t time; /* microseconds since midnight */
            int32_t zone; /* seconds WEST of UTC */
        } ttz;            /* time with time zone */
        struct {
            uint8_t family; /* SQL_INET_AF_INET(6) */
            uint8_t bits;   /* mask length */
            uint8_t addr[16];
        } inet;         /* inet, cidr (inet.h) */
        uint8_t mac[8]; /* macaddr (6 bytes), macaddr8 */
    } u;
};

/* Constructors (no allocation; s is borrowed). sql_null and sql_bool are
 * inline: a scan calls sql_null for every column of every row. */
static inline struct sql_value sql_null(uint32_t type)
{
    struct sql_value v;
    memset(&v, 0, sizeof(v));
    v.type = type;
    v.null = true;
    return v;
}

static inline struct sql_value sql_bool(bool b)
{
    struct sql_value v = sql_null(SQL_T_BOOL);
    v.null = false;
    v.u.b = b;
    return v;
}
struct sql_value sql_int2(int16_t v);
struct sql_value sql_int4(int32_t v);
struct sql_value sql_int8(int64_t v);
struct sql_value sql_float8(double v);
struct sql_value sql_text(const char *p, size_t len); /* type text */
struct sql_value sql_cstr(const char *s);             /* type text, strlen */
/* Copy v's payload into ctx (no-op for fixed-size types). */
void sql_value_copy(struct mem_ctx *ctx, const struct sql_value *v, struct sql_value *out);

/* Output settings of a session (text output of floats, dates, bytea). */
struct sql_fmt {
    struct sql_dt_ctx dt;   /* TimeZone, DateStyle order, now */
    int extra_float_digits; /* -15..3; > 0 (default 1): shortest exact (%.17g-round-trip) */
    bool bytea_hex;         /* bytea_output = hex (default true) */
};
void sql_fmt_init(struct sql_fmt *f); /* UTC, MDY, extra_float_digits 1, hex */

/* The largest string a value or a function's result may grow to
 * (PostgreSQL's MaxAllocSize), and the error past it: 54000 "out of memory"
 * with DETAIL "Cannot enlarge string buffer containing HAVE bytes by MORE
 * more bytes." */
#define SQL_MAX_ALLOC ((size_t)0x3fffffff)
int sql_enlarge_error(struct err *e, size_t have, size_t more);

/* Text input (typinput), typmod applied (-1 none). s need not be
 * NUL-terminated. Payloads allocated in ctx.
 * The typmod is applied as the input function does (INSERT and COPY
 * semantics: 'abcd' into varchar(3) is 22001). For a literal with an
 * explicit cast ('abcd'::varchar(3) is 'abc') PostgreSQL's coerce_type
 * calls the input with typmod -1 and then the length coercion: do that with
 * sql_value_cast(..., explicit_cast = true). Interval is the exception: its
 * typmod steers parsing ('5'::interval year is 5 years), so pass it here. */
int sql_value_in(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const char *s, size_t len,
                 const struct sql_fmt *f, struct sql_value *out, struct err *e);
/* Text output (typoutput) appended to out. NULL values append nothing (the
 * caller sends -1). */
int sql_value_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                  struct err *e);
/* Binary output (typsend) / input (typreceive), PostgreSQL's formats. recv
 * checks everything (wire input): 22P03 "incorrect binary data format". */
int sql_value_send(const struct sql_value *v, struct sbuf *out, struct err *e);
int sql_value_recv(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const uint8_t *p, size_t n,
                   struct sql_value *out, struct err *e);

/* Compare two non-NULL values of the SAME type (or both in one of the
 * families {int2,int4,int8,oid}, {float4,float8}, {text,varchar,name,
 * unknown, bpchar with trailing spaces ignored for bpchar}): <0, 0, >0.
 * Text compares bytewise (C collation). NaN sorts above everything. */
int sql_value_cmp(const struct sql_value *a, const struct sql_value *b);
/* Hash consistent with sql_value_cmp == 0 (within a family too). */
uint64_t sql_value_hash(const struct sql_value *v, uint64_t seed);

/* ---- casts ---- */

enum sql_cast_ctx {
    SQL_CAST_NONE = 0,       /* no cast exists */
    SQL_CAST_IMPLICIT = 'i', /* pg_cast.castcontext */
    SQL_CAST_ASSIGNMENT = 'a',
    SQL_CAST_EXPLICIT = 'e',
};
/* Context in which PostgreSQL allows a cast from -> to (same type:
 * IMPLICIT). Includes the I/O-conversion casts (any type to text types is
 * ASSIGNMENT, text types to any type EXPLICIT) and unknown -> anything
 * (IMPLICIT). */
enum sql_cast_ctx sql_cast_context(uint32_t from, uint32_t to);
/* Convert v to type `to` with typmod (-1: none), as PostgreSQL's cast
 * functions do: int overflow 22003 "integer out of range", float -> int
 * rounds half to even, numeric(p,s) rounding and 22003 "numeric field
 * overflow", varchar(n) 22001 "value too long for type character varying(n)"
 * (explicit casts truncate instead), bpchar pads, bool <-> int, text I/O
 * casts use f. NULL casts to NULL of the target type. */
int sql_value_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to, int32_t typmod,
                   bool explicit_cast, const struct sql_fmt *f, struct sql_value *out,
                   struct err *e);

/* ---- storage encodings ---- */

/* Row format (the value of a primary-index key): the non-NULL columns of a
 * row, each tagged with its column id so columns can be added and dropped
 * without rewriting. Layout documented in rowcodec.c; versioned and
 * validated on decode (22P03-free: a bad record is ERR_CORRUPT XX001).
 * ids[i] is the column id of vals[i]; ids strictly increasing. */
void sql_row_encode(const uint32_t *ids, const struct sql_value *vals, size_t n, struct sbuf *out);
/* Decode into out[0..n): out[i] gets the column ids[i] with type types[i];
 * columns absent from the record are NULL. Unknown ids in the record are
 * skipped (dropped columns), and so are columns whose type is SQL_ROW_SKIP
 * (left NULL: the caller does not read them). Payloads point into p (or
 * ctx when a decode needs memory, e.g. numeric digits). */
#define SQL_ROW_SKIP 0u
int sql_row_decode(struct mem_ctx *ctx, const uint8_t *p, size_t len, const uint32_t *ids,
                   const uint32_t *types, size_t n, struct sql_value *out, struct err *e);
/* Version 2 rows carry a column-id horizon: the table's next column id when
 * the row was written (catalog.h next_col_id), so a reader can tell a column
 * that did not exist yet (id >= horizon) from one that was NULL. */
void sql_row_encode_h(const uint32_t *ids, const struct sql_value *vals, size_t n, uint32_t horizon,
                      struct sbuf *out);
/* sql_row_decode, and a column absent from the record whose id is at or
 * above the record's horizon (every id, for a version 1 record) gets
 * missing[i] instead of NULL when missing is not NULL and missing[i] is not
 * NULL: the value ADD COLUMN ... DEFAULT gave the rows it did not rewrite
 * (PostgreSQL's attmissingval). */
int sql_row_decode_m(struct mem_ctx *ctx, const uint8_t *p, size_t len, const uint32_t *ids,
                     const uint32_t *types, size_t n, const struct sql_value *missing,
                     struct sql_value *out, struct err *e);

/* Key encoding (kv/keyenc.h): append v in direction desc with NULL placed
 * first or last in scan order. ERR_INVAL for a type with no key encoding. */
int sql_key_put(struct sbuf *b, const struct sql_value *v, bool desc, bool nulls_first,
                struct err *e);
/* Whether values of type have a key encoding (sql_key_put accepts them). */
bool sql_key_type_ok(uint32_t type);
/* Decode one key value of the given type written by sql_key_put. Payloads
 * point into ctx. *consumed is its length. ERR_CORRUPT on bad bytes. */
int sql_key_get(struct mem_ctx *ctx, const uint8_t *p, size_t n, uint32_t type, bool desc,
                struct sql_value *out, size_t *consumed, struct err *e);

#endif
