/* json_int.h — parsed JSON trees shared by value_jsonb.c (the jsonb type:
 * input, canonical output, ordering, hashing, casts) and func_json.c (json
 * and jsonb operators, functions and aggregates); private to them.
 *
 * A jsonb value is stored as its canonical text, exactly what jsonb_out
 * prints ('{"a": 1, "b": [1, 2]}'): object keys sorted as PostgreSQL sorts
 * them (by length, then bytes), duplicate keys resolved last-wins, numbers
 * as numeric_out prints them. So text output and storage are the same bytes
 * and equal values have equal text except for numbers of different scale
 * (1.0 and 1.00 are equal jsonb); comparison and hashing parse the text.
 * A json value is the text as given; functions parse it with keep_raw so
 * that operators return the original text of a member.
 */
#ifndef SF_SQL_JSON_INT_H
#define SF_SQL_JSON_INT_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_func_def;
struct sql_env;

/* Kinds in jsonb's type order (null < string < number < bool < array <
 * object, compareJsonbContainers). */
enum { JV_NULL, JV_STRING, JV_NUMBER, JV_BOOL, JV_ARRAY, JV_OBJECT };

struct jv {
    uint8_t kind;
    bool b;          /* JV_BOOL */
    const char *s;   /* JV_STRING: unescaped UTF-8; JV_NUMBER: the number's text */
    size_t len;      /* of s */
    const char *raw; /* json (keep_raw): the value's source text */
    size_t rawlen;   /* of raw */
    size_t n;        /* JV_ARRAY: elements; JV_OBJECT: pairs */
    struct jv *kids; /* JV_ARRAY: n values; JV_OBJECT: 2n (key, value) */
};

/* Parse s[0..len) (validated first: 22P02 as json_in). jsonb: numbers
 * normalized through numeric, objects sorted and deduplicated; else
 * (json) keys keep their order and raw spans are recorded. Allocated in
 * ctx. */
int sql__jv_parse(struct mem_ctx *ctx, const char *s, size_t len, bool jsonb, struct jv **out,
                  struct err *e);
/* Sort an object's pairs as jsonb does (length, then bytes; last
 * duplicate wins). Recursive when deep. */
void sql__jv_canon(struct jv *v, bool deep);
/* jsonb_out text of v appended to out. */
void sql__jv_out(const struct jv *v, struct sbuf *out);
/* jsonb_pretty text. */
void sql__jv_pretty(const struct jv *v, struct sbuf *out);
/* escape_json: a quoted JSON string. */
void sql__json_escape(struct sbuf *out, const char *s, size_t len);
/* jsonb ordering (compareJsonbContainers) and a consistent hash. */
int sql__jv_cmp(const struct jv *a, const struct jv *b);
uint64_t sql__jv_hash(const struct jv *v, uint64_t seed);
/* "null", "string", "number", "boolean", "array", "object" (jsonb_typeof). */
const char *sql__jv_typeof(const struct jv *v);

/* The jsonb type's hooks used by value.c / cast.c. */
int sql__jsonb_in(struct mem_ctx *ctx, const char *s, size_t len, struct sql_value *out,
                  struct err *e);
int sql__jsonb_recv(struct mem_ctx *ctx, const uint8_t *p, size_t n, struct sql_value *out,
                    struct err *e);
void sql__jsonb_send(const struct sql_value *v, struct sbuf *out);
int sql__jsonb_cmp(const struct sql_value *a, const struct sql_value *b);
uint64_t sql__jsonb_hash(const struct sql_value *v, uint64_t seed);
/* pg_cast rows with json/jsonb on either side (SQL_CAST_NONE: not ours). */
enum sql_cast_ctx sql__jsonb_cast_context(uint32_t from, uint32_t to);
/* jsonb -> bool/numeric/int/float, json -> jsonb, jsonb -> json. *handled
 * false when the pair is not one of those. */
int sql__jsonb_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to, bool *handled,
                    struct sql_value *out, struct err *e);

/* Set-returning functions (func_json.c), run by the executor as a
 * function scan in FROM (PN_SERIES with jfn set). */
enum {
    SQL_JSRF_NONE,
    SQL_JSRF_JSON_EACH,
    SQL_JSRF_JSON_EACH_TEXT,
    SQL_JSRF_JSONB_EACH,
    SQL_JSRF_JSONB_EACH_TEXT,
    SQL_JSRF_JSON_ELEMENTS,
    SQL_JSRF_JSON_ELEMENTS_TEXT,
    SQL_JSRF_JSONB_ELEMENTS,
    SQL_JSRF_JSONB_ELEMENTS_TEXT,
    SQL_JSRF_JSON_KEYS,
    SQL_JSRF_JSONB_KEYS,
    /* json[b]_populate_record[set](base, from_json): columns of base's
     * composite type (ncols 0 here), rows from sql__json_populate_rows */
    SQL_JSRF_JSON_POPULATE,
    SQL_JSRF_JSONB_POPULATE,
    SQL_JSRF_JSON_POPULATE_SET,
    SQL_JSRF_JSONB_POPULATE_SET,
    /* json[b]_to_record[set](from_json) AS x(col type, ...): the same with
     * base a NULL record of the column definitions' shape */
    SQL_JSRF_JSON_TO_RECORD,
    SQL_JSRF_JSONB_TO_RECORD,
    SQL_JSRF_JSON_TO_RECORDSET,
    SQL_JSRF_JSONB_TO_RECORDSET,
};
/* The SQL_JSRF_* of name (0 when not one), its output columns (names NULL:
 * named after the function or the alias) and its argument type. */
int sql__json_srf_find(const char *name, int *ncols, const uint32_t **types,
                       const char *const **cols, uint32_t *argtype);
/* All rows of fn over arg (NULL: none): *nrows rows of ncols values each,
 * row-major, allocated in ctx. Errors 22023 as PostgreSQL's. */
int sql__json_srf_rows(struct mem_ctx *ctx, int fn, const struct sql_value *arg,
                       struct sql_value **rows, size_t *nrows, struct err *e);

/* jsonb subscripting (bind_jsonb.c): sf_jsonb_subscript(jsonb, sub...) is
 * jsonb_get_element, sf_jsonb_assign(base, value, sub...) jsonb_set_element
 * as PostgreSQL's jsonb_subscript_assign calls it; subscripts are int4 or
 * text values. */
extern const struct sql_func_def sql__jsonb_subscript_def;
extern const struct sql_func_def sql__jsonb_assign_def;

/* The rows of fn (SQL_JSRF_JSON_POPULATE...) over js for record shape
 * typmod, base the record whose fields fill the keys js lacks (NULL or a
 * NULL value: none), typmods the fields' typmods (NULL: the composite
 * type's): *nrows rows of the shape's field count, row-major, allocated in
 * ctx. */
int sql__json_populate_rows(struct mem_ctx *ctx, struct sql_env *env, int fn,
                            const struct sql_value *base, const struct sql_value *js,
                            int32_t typmod, const int32_t *typmods, struct sql_value **rows,
                            size_t *nrows, struct err *e);

/* json[b]_build_object / _array called with VARIADIC array (one array
 * argument whose elements are the arguments), NULL for other names. */
const struct sql_func_def *sql__json_variadic_def(const char *name);

/* A jsonb value from a tree (canonical text allocated in ctx). */
void sql__jsonb_from_jv(struct mem_ctx *ctx, const struct jv *v, struct sql_value *out);

#endif
