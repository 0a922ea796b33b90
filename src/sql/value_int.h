/* value_int.h — helpers shared by the files of the value module (value.c,
 * value_float.c, value_json.c, types.c, cast.c, rowcodec.c); private to them
 * and their unit tests.
 */
#ifndef SF_SQL_VALUE_INT_H
#define SF_SQL_VALUE_INT_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sql_array;

/* Payload in u.s (text-like types, bytea, "char", json, unknown). */
bool sql__type_is_bytes(uint32_t t);
/* Payload in u.i (int2/4/8 and the OID-like types). */
bool sql__type_is_int(uint32_t t);
/* Type name as PostgreSQL's input errors word it ("integer", "real"). */
const char *sql__type_err_name(uint32_t type);
/* value_record.c: record values (fields in u.arr) as text and binary. */
int sql__record_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                    struct err *e);
int sql__record_send(const struct sql_value *v, struct sbuf *out, struct err *e);
/* composite.c: a record value's shape (the binder's record typmod, bind_srf.c)
 * rides in its field array's unused lbs[1] as typmod + 1 (0: unknown). */
int32_t sql__record_value_typmod(const struct sql_value *v);
void sql__record_set_typmod(struct sql_array *a, int32_t typmod);
/* bind_srf.c: the fields of record shape typmod (false: unknown); typoid:
 * its named composite type, 0 for an anonymous record. */
bool sql__record_shape(int32_t typmod, int *n, const char *const **names, const uint32_t **types,
                       uint32_t *typoid);
/* 22021 unless s[0..len) is valid UTF-8 without NUL (pg_verify_mbstr). */
int sql__utf8_verify(const char *s, size_t len, struct err *e);
/* Bytes of the first nchars characters; number of characters. */
size_t sql__utf8_clip(const char *s, size_t len, size_t nchars);
size_t sql__utf8_chars(const char *s, size_t len);
/* Bytes of the longest prefix of at most maxbytes that does not split a
 * character (pg_mbcliplen). */
size_t sql__utf8_cliplen(const char *s, size_t len, size_t maxbytes);
/* varchar/bpchar length coercion of s[0..len) (s must stay valid: the result
 * may point into it); padding is allocated in ctx. */
int sql__char_typmod(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const char *s, size_t len,
                     bool explicit_cast, struct sql_value *out, struct err *e);
/* 22P02 "invalid input syntax for type json" unless s is one JSON value. */
int sql__json_validate(const char *s, size_t len, struct err *e);
/* Date/time typmods (AdjustTimestampForTypmod & co.). */
int sql__ts_typmod(int64_t *ts, int32_t typmod, struct err *e);
void sql__time_typmod(int64_t *t, int32_t typmod);
int sql__interval_typmod(struct sql_interval *iv, int32_t typmod, struct err *e);
/* regtypein of a type name of the type table ("integer", "varchar(10)",
 * "pg_catalog.int8", "\"char\""): 42704 for other names. */
int sql__regtype_in(const char *s, int64_t *oid, struct err *e);
/* float4out / float8out with extra_float_digits. */
void sql__float_out(double x, bool f4, int extra_float_digits, struct sbuf *out);

#endif
