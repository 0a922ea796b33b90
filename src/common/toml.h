/* toml.h — a TOML reader (subset of TOML v1.0.0), our own.
 *
 * Supported: comments; [table] and [a.b] headers; bare, quoted and dotted
 * keys; basic strings with escapes (\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX),
 * literal strings, multi-line basic and literal strings; integers (decimal
 * with _ separators, 0x/0o/0b, +/-); floats (fraction, exponent, inf, nan);
 * booleans; arrays (possibly multi-line, trailing comma, nested); inline
 * tables. Not supported, each answered with an error at file:line:column:
 * dates and times, arrays of tables ([[x]]). Also errors: duplicate keys,
 * redefined tables, invalid UTF-8, control characters, integer overflow,
 * anything else TOML forbids.
 *
 * The document is a tree of struct toml_value allocated in a memory context
 * the caller passes; freeing the context frees the document.
 */
#ifndef SF_COMMON_TOML_H
#define SF_COMMON_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem_ctx;
struct err;

enum toml_type { TOML_STRING, TOML_INTEGER, TOML_FLOAT, TOML_BOOL, TOML_ARRAY, TOML_TABLE };

struct toml_value {
    enum toml_type type;
    int line;   /* where the value starts, 1-based */
    int column; /* 1-based, in bytes */
    union {
        struct {
            char *ptr; /* NUL-terminated; may contain NUL via \u0000 -> refused */
            size_t len;
        } str;
        int64_t i;
        double f;
        bool b;
        struct {
            struct toml_value **items;
            size_t n;
        } arr;
        struct {
            char **keys; /* insertion order */
            struct toml_value **vals;
            int *key_lines; /* line of each key */
            int *key_columns;
            size_t n;
            bool defined_by_header; /* [x] seen explicitly */
            bool inline_table;      /* {...}: closed to later additions */
        } tab;
    } u;
};

/* Parse text (len bytes, need not be NUL-terminated). filename is used in
 * messages only. On success *out is the root table. On failure returns
 * ERR_CONFIG with err->msg "<filename>:<line>:<col>: <what>". */
int toml_parse(struct mem_ctx *ctx, const char *text, size_t len, const char *filename,
               struct toml_value **out, struct err *err);

/* Value of key in a table, or NULL. */
const struct toml_value *toml_get(const struct toml_value *table, const char *key);
const char *toml_type_name(enum toml_type t);

#endif
