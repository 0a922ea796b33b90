/* copy_bin.h — COPY ... (FORMAT binary): PostgreSQL's binary COPY file format
 * (commands/copyfromparse.c, copyto.c): the 11-byte signature
 * "PGCOPY\n\377\r\n\0", an int32 flags word, an int32 header extension length
 * and that many bytes; per tuple an int16 field count, then per field an int32
 * length (-1 NULL) and the type's binary send format; the trailer int16 -1.
 * Integers are big-endian. */
#ifndef SF_SQL_COPY_BIN_H
#define SF_SQL_COPY_BIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;
struct sql_loader;
struct sql_value;

/* COPY FROM STDIN (FORMAT binary): the state of one statement's input. */
struct sql__copy_bin_in {
    struct sql_env *env;
    struct sql_loader *ld;
    const uint32_t *types;
    const int32_t *typmods;
    size_t ntypes;
    const char *table;
    const char **colnames;
    struct mem_ctx *row_ctx;
    uint64_t line; /* tuples read (PostgreSQL's cur_lineno) */
    int state;     /* 0 before the header, 1 tuples, 2 after the trailer */
};

/* Take what it can of the buffered input [p, p+len): the header, whole
 * tuples (loaded through the loader), the trailer. *consumed: bytes used.
 * eof: the client sent CopyDone (a partial unit is then an error).
 * Errors are PostgreSQL's (22P04 ..., with CONTEXT "COPY t, line n[, column c]"). */
int sql__copy_bin_feed(struct sql__copy_bin_in *b, const uint8_t *p, size_t len, bool eof,
                       size_t *consumed, struct err *e);

/* COPY TO STDOUT (FORMAT binary): the header, one tuple, the trailer. */
void sql__copy_bin_header(struct sbuf *out);
int sql__copy_bin_tuple(const struct sql_value *row, size_t n, struct sbuf *out, struct err *e);
void sql__copy_bin_trailer(struct sbuf *out);

#endif
