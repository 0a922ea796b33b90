/* fuzz_sqlparse.c — libFuzzer target for sql/parse.h.
 *
 * Arbitrary bytes (up to the first NUL) go through sql_parse with a small
 * depth limit; a success must format every statement and have spans inside
 * the text; an error must carry a known code, a SQLSTATE and a message.
 * The tree is freed with its memory context.
 */
#include "sql/parse.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "fuzz");
    struct sql_parse_result r;
    struct err e = {0};
    struct sql_parse_opts opts = {.max_len = 1 << 16, .max_depth = 200};
    int rc = sql_parse(text, len, &opts, ctx, &r, &e);
    if (rc == 0) {
        struct sbuf b;
        sbuf_init(&b);
        for (int i = 0; i < r.n; i++) {
            const struct sql_stmt *s = r.stmts[i];
            if (s->location < 0 || s->len < 0 || (size_t)s->location + (size_t)s->len > len)
                abort();
            sql_ast_format_stmt(&b, s);
        }
        sbuf_free(&b);
    } else {
        if (r.n != 0 || e.code != rc || e.msg[0] == '\0' || strlen(err_sqlstate(&e)) != 5)
            abort();
        if (rc != ERR_INVAL && rc != ERR_UNSUPPORTED && rc != ERR_LIMIT)
            abort(); /* ERR_INTERNAL would mean a tree we misread */
    }
    mem_ctx_free(ctx);
    free(text);
    return 0;
}
