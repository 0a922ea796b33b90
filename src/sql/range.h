/* range.h — PostgreSQL's built-in range types (int4range, int8range,
 * numrange, daterange, tsrange, tstzrange), value_range.c.
 *
 * A range value (struct sql_value.u.rng) is always canonical, as
 * PostgreSQL's make_range leaves it: an empty range has no bounds; an
 * infinite bound is never inclusive; a discrete range (int4, int8, date) is
 * '[lower, upper)'. Flags are PostgreSQL's (rangetypes.h), so range_send's
 * first byte is flags & SQL_RANGE_WIRE.
 *
 * Text format: 'empty', or '[' / '(' lower ',' upper ']' / ')', a missing
 * bound being infinite, bounds double-quoted with "" and \ escapes.
 * Binary format: flags byte, then for each finite bound int32 length and
 * the subtype's send bytes. Ordering (btree range_cmp): empty first, then
 * by lower bound (-infinity first, inclusive before exclusive), then upper.
 *
 * Storage: rows hold the binary format (rowcodec.c RT_BYTES); keys hold one
 * bytea key value whose bytes order as range_cmp (sql__range_key_put).
 * Multiranges, CREATE TYPE AS RANGE and GiST are not built (0A000).
 */
#ifndef SF_SQL_RANGE_H
#define SF_SQL_RANGE_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;

enum {
    SQL_RANGE_EMPTY = 0x01,
    SQL_RANGE_LB_INC = 0x02,
    SQL_RANGE_UB_INC = 0x04,
    SQL_RANGE_LB_INF = 0x08,
    SQL_RANGE_UB_INF = 0x10,
    SQL_RANGE_WIRE = 0x1f,
};

struct sql_range {
    uint8_t flags;
    struct sql_value lo, hi; /* meaningful only when finite and not empty */
};

/* The subtype of a range type (int4 for int4range), 0 for other types. */
uint32_t sql_range_subtype(uint32_t type);
/* The range type whose subtype is sub, 0 when none. */
uint32_t sql_range_of(uint32_t sub);

int sql__range_in(struct mem_ctx *ctx, uint32_t type, const char *s, size_t len,
                  const struct sql_fmt *f, struct sql_value *out, struct err *e);
int sql__range_out(const struct sql_value *v, const struct sql_fmt *f, struct sbuf *out,
                   struct err *e);
int sql__range_send(const struct sql_value *v, struct sbuf *out, struct err *e);
int sql__range_recv(struct mem_ctx *ctx, uint32_t type, const uint8_t *p, size_t n,
                    struct sql_value *out, struct err *e);
int sql__range_cmp(const struct sql_value *a, const struct sql_value *b);
uint64_t sql__range_hash(const struct sql_value *v, uint64_t seed);
void sql__range_copy(struct mem_ctx *ctx, const struct sql_value *v, struct sql_value *out);
int sql__range_key_put(struct sbuf *b, const struct sql_value *v, bool desc, struct err *e);
int sql__range_key_get(struct mem_ctx *ctx, uint32_t type, const uint8_t *p, size_t n, bool desc,
                       struct sql_value *out, size_t *consumed, struct err *e);

/* pg_range's rows (func_range.c). */
struct sql_env;
int sql__pgcat_range(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);

#endif
