/* parse.h — SQL text to ShardForge's syntax tree (ast.h), with PostgreSQL's
 * own grammar through libpg_query.
 *
 * sql_parse runs PostgreSQL 15's raw parser (libpg_query,
 * pg_query_parse_protobuf), unpacks the protobuf tree with protobuf-c and
 * converts it once into struct sql_stmt trees allocated in the caller's
 * mem_ctx. Nothing of libpg_query outlives the call.
 *
 * Errors (return value, e->sqlstate, e->msg as PostgreSQL prints them):
 *  - ERR_INVAL 42601 syntax errors: "syntax error at or near \"x\"",
 *    "syntax error at end of input", "unterminated quoted string at or near
 *    ...", with out->cursor the 1-based character position (ErrorResponse P);
 *  - ERR_UNSUPPORTED 0A000 "feature not supported: CREATE TRIGGER" for what
 *    PostgreSQL parses and we do not convert (never a partial tree);
 *  - ERR_LIMIT 54001 "stack depth limit exceeded" when the tree nests deeper
 *    than opts->max_depth;
 *  - ERR_LIMIT 54000 when the text is longer than opts->max_len;
 *  - ERR_INVAL 22021 for a NUL byte inside the text.
 *
 * Stack use. libpg_query's protobuf writer and protobuf-c's unpacker recurse
 * once per tree level without a depth check (30,000 levels of 1+1+...+1
 * overflow an 8 MB stack in libpg_query, 8,700 in unpack). So sql_parse
 * (1) bounds the possible depth by counting the tokens that can open a tree
 * level (words, operator runs, '(' and '['); above SQL_PARSE_INLINE_TOKENS
 * it runs libpg_query on a helper thread whose stack is sized from that
 * count (refusing with 54001 past SQL_PARSE_MAX_TOKENS), and (2) walks the
 * protobuf encoding iteratively to check its nesting before unpacking it.
 * On the caller's thread sql_parse uses at most about 512 KB of stack.
 *
 * Thread safety: reentrant; libpg_query keeps per-thread state.
 */
#ifndef SF_SQL_PARSE_H
#define SF_SQL_PARSE_H

#include "sql/ast.h"

#include <stddef.h>

struct err;
struct mem_ctx;

#define SQL_PARSE_DEFAULT_MAX_LEN   ((size_t)1 << 30) /* PostgreSQL's MaxAllocSize */
#define SQL_PARSE_DEFAULT_MAX_DEPTH 1000
#define SQL_PARSE_INLINE_TOKENS     256
#define SQL_PARSE_MAX_TOKENS        (1 << 20)

struct sql_parse_opts {
    size_t max_len; /* bytes of query text; 0: SQL_PARSE_DEFAULT_MAX_LEN */
    int max_depth;  /* tree nesting; 0: SQL_PARSE_DEFAULT_MAX_DEPTH */
};

struct sql_parse_result {
    struct sql_stmt **stmts; /* allocated in ctx; n == 0 for an empty query */
    int n;
    int cursor; /* on error: 1-based character position, 0 if none */
};

/* Parse text (len bytes, text[len] must be NUL) into statements, each with
 * its byte span (location, len) in text for the simple query protocol.
 * opts may be NULL for the defaults. Returns 0, or an ERR_* code with e set
 * (see above); on error out->n is 0. Output allocated in ctx. */
int sql_parse(const char *text, size_t len, const struct sql_parse_opts *opts, struct mem_ctx *ctx,
              struct sql_parse_result *out, struct err *e);

#endif
