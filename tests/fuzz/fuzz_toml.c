/* fuzz_toml.c — libFuzzer target for the TOML reader and the config loader.
 *
 * Each input is parsed by toml_parse (the tree is walked, so every node is
 * touched) and loaded by cfg_load_text over the defaults, then validated and
 * printed. Everything is freed: the memory context, the sbufs. Run:
 *   fuzz_toml -max_total_time=120 tests/fuzz/toml_seeds
 */
#include "common/config.h"
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "common/toml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Visit every node; checks the invariants a consumer relies on. Depth is
 * bounded by the parser (64), so recursion is safe. */
static size_t walk(const struct toml_value *v, int depth)
{
    size_t n = 1;
    if (depth > 65 || v->line < 1 || v->column < 1)
        abort();
    switch (v->type) {
    case TOML_STRING:
        if (strlen(v->u.str.ptr) != v->u.str.len)
            abort(); /* NUL inside a string must have been refused */
        break;
    case TOML_ARRAY:
        for (size_t i = 0; i < v->u.arr.n; i++)
            n += walk(v->u.arr.items[i], depth + 1);
        break;
    case TOML_TABLE:
        for (size_t i = 0; i < v->u.tab.n; i++) {
            if (v->u.tab.key_lines[i] < 1 || v->u.tab.key_columns[i] < 1)
                abort();
            if (i < 64 && toml_get(v, v->u.tab.keys[i]) != v->u.tab.vals[i])
                abort(); /* keys are unique; toml_get is linear, so sample */
            n += walk(v->u.tab.vals[i], depth + 1);
        }
        break;
    default:
        break;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "fuzz");
    struct toml_value *root = NULL;
    struct err e = {0};

    if (toml_parse(ctx, (const char *)data, size, "fuzz.toml", &root, &e) == 0)
        walk(root, 0);
    else if (e.code != ERR_CONFIG || strncmp(e.msg, "fuzz.toml:", 10) != 0)
        abort();
    mem_ctx_free(ctx);

    struct cfg *c = malloc(sizeof(*c));
    cfg_defaults(c);
    if (cfg_load_text(c, (const char *)data, size, "fuzz.toml", &e) == 0) {
        struct sbuf out;
        sbuf_init(&out);
        struct cfg *again = malloc(sizeof(*again));
        (void)cfg_validate(c, &e);
        /* What cfg_print and cfg_render_file write must load back. */
        cfg_print(c, &out);
        cfg_defaults(again);
        if (cfg_load_text(again, out.data, out.len, "printed.toml", &e) != 0)
            abort();
        sbuf_reset(&out);
        cfg_render_file(c, &out);
        cfg_defaults(again);
        if (cfg_load_text(again, out.data, out.len, "rendered.toml", &e) != 0)
            abort();
        free(again);
        sbuf_free(&out);
    }
    free(c);
    return 0;
}
