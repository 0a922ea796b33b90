/* array.h — PostgreSQL arrays of the scalar types (value_array.c).
 *
 * An array value is a struct sql_value whose type is an array type OID
 * (int4[] = 1007, text[] = 1009: the typarray of its element type) and
 * whose u.arr points at a struct sql_array allocated in the producer's
 * mem_ctx (copy with sql_value_copy). Elements are stored in row-major
 * order as struct sql_value tagged with the element type (NULL elements
 * have null set). An empty array has ndim 0 and nitems 0.
 *
 * Text I/O is PostgreSQL's array_in/array_out ('{1,2,NULL}', quoting,
 * '[0:1]={1,2}'), binary I/O array_send/array_recv, comparison btree
 * ordering of array_cmp (element by element, NULL above everything, then
 * item count, dimensionality, dimensions, lower bounds).
 */
#ifndef SF_SQL_ARRAY_H
#define SF_SQL_ARRAY_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;

#define SQL_ARRAY_MAXDIM 6

struct sql_array {
    uint32_t elemtype;
    int ndim;
    int dims[SQL_ARRAY_MAXDIM];
    int lbs[SQL_ARRAY_MAXDIM];
    int nitems;
    struct sql_value *items;
};

/* Element type of an array type, 0 when type is not one. */
uint32_t sql_array_elemtype(uint32_t type);
/* Array type of an element type, 0 when there is none. */
uint32_t sql_array_of(uint32_t elemtype);
/* A one-dimensional array of n items (lower bound 1, n 0: empty), items
 * allocated (uninitialized) in ctx. */
struct sql_array *sql_array_new(struct mem_ctx *ctx, uint32_t elemtype, int n);
struct sql_value sql_array_value(const struct sql_array *a);

/* pg_type row of an array type (sql_type_get falls back to this). */
const struct sql_type_info *sql__array_type_info(uint32_t oid);

/* The value.h operations for array types (value.c, cast.c, rowcodec.c). */
int sql__array_in(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const char *s, size_t len,
                  const struct sql_fmt *f, struct sql_value *out, struct err *e);
int sql__array_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                   struct err *e);
int sql__array_send(const struct sql_value *v, struct sbuf *out, struct err *e);
int sql__array_recv(struct mem_ctx *ctx, uint32_t type, int32_t typmod, const uint8_t *p, size_t n,
                    struct sql_value *out, struct err *e);
int sql__array_cmp(const struct sql_value *a, const struct sql_value *b);
uint64_t sql__array_hash(const struct sql_value *v, uint64_t seed);
void sql__array_copy(struct mem_ctx *ctx, const struct sql_value *v, struct sql_value *out);
/* Cast context between two array types (element casts), SQL_CAST_NONE else. */
enum sql_cast_ctx sql__array_cast_context(uint32_t from, uint32_t to);
/* Casts to or from an array type: element-wise, text I/O. v is not NULL. */
int sql__array_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to, int32_t typmod,
                    bool explicit_cast, const struct sql_fmt *f, struct sql_value *out,
                    struct err *e);

#endif
