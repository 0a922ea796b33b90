/* mem.c — the aborting allocator and memory contexts (see mem.h).
 *
 * A context owns a list of blocks. Small allocations are carved from the
 * current block (bump pointer, 16-byte aligned); an allocation larger than a
 * quarter of the block size gets a block of its own. Nothing is freed before
 * the context is reset, so mem_realloc copies into new space. A reset keeps
 * the context's first block (PostgreSQL's "keeper" block): a context reset
 * once per row then allocates no memory from malloc for small rows. Under
 * AddressSanitizer the kept block is poisoned until handed out again, so a
 * use after reset is still caught.
 */
#include "common/mem.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define MEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_ASAN 1
#endif
#endif
#ifdef MEM_ASAN
#include <sanitizer/asan_interface.h>
#define MEM_POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define MEM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define MEM_POISON(p, n)   ((void)(p), (void)(n))
#define MEM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define MEM_ALIGN 16
/* Small blocks are malloc'ed at 1 KiB, doubling to 64 KiB, header
 * included: a 1 KiB request is the largest glibc serves from its per-thread
 * cache (tcache). Blocks of 1 KiB + header were served by _int_malloc as
 * "large", whose first step consolidates every fastbin chunk: that cost ~5%
 * of a point-select transaction, whose kv transaction takes a new context. */
#define MEM_BLOCK_FIRST 1024
#define MEM_BLOCK_MAX   (64 * 1024)

static void oom(size_t n) __attribute__((noreturn));

static void oom(size_t n)
{
    char line[128];
    int len = snprintf(line, sizeof(line), "FATAL out of memory allocating %zu bytes\n", n);
    if (len > 0 && write(2, line, (size_t)len) < 0) {
        /* nothing more can be done */
    }
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom(n);
    return p;
}

/* Requests up to this size take malloc + memset: glibc's calloc never uses
 * the per-thread cache (tcache), so each one went through _int_malloc. */
#define MEM_SMALL_CALLOC 1024

void *xcalloc(size_t count, size_t size)
{
    if (count > 0 && size > 0 && size <= MEM_SMALL_CALLOC && count <= MEM_SMALL_CALLOC / size) {
        void *p = malloc(count * size);
        if (p == NULL)
            oom(count * size);
        return memset(p, 0, count * size);
    }
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        oom(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void xfree(void *p)
{
    free(p);
}

struct mem_block {
    struct mem_block *next;
    size_t size; /* usable bytes in data */
    size_t used;
    _Alignas(MEM_ALIGN) unsigned char data[];
};

struct mem_cleanup {
    struct mem_cleanup *next;
    void (*fn)(void *arg);
    void *arg;
};

struct mem_ctx {
    const char *name;
    struct mem_ctx *parent;
    struct mem_ctx *first_child;
    struct mem_ctx *next_sibling;
    struct mem_ctx *prev_sibling;
    struct mem_block *blocks; /* head is the current block */
    struct mem_cleanup *cleanups;
    size_t bytes;      /* payload bytes handed out */
    size_t limit;      /* 0 = none; checked by mem_try_alloc */
    size_t next_block; /* malloc size (header included) of the next small block */
};

struct mem_ctx *mem_ctx_new(struct mem_ctx *parent, const char *name)
{
    struct mem_ctx *c = xcalloc(1, sizeof(*c));
    c->name = name;
    c->parent = parent;
    c->next_block = MEM_BLOCK_FIRST;
    if (parent != NULL) {
        c->next_sibling = parent->first_child;
        if (parent->first_child)
            parent->first_child->prev_sibling = c;
        parent->first_child = c;
    }
    return c;
}

/* Free ctx's children, cleanups and blocks; keep: all but the first block,
 * which is emptied (and poisoned). */
static void ctx_clear(struct mem_ctx *ctx, bool keep)
{
    while (ctx->first_child != NULL)
        mem_ctx_free(ctx->first_child);
    /* Cleanups are pushed at the head: this runs them newest first. A
     * cleanup may register another; loop until none is left. */
    while (ctx->cleanups != NULL) {
        struct mem_cleanup *cl = ctx->cleanups;
        ctx->cleanups = cl->next;
        cl->fn(cl->arg);
        free(cl);
    }
    struct mem_block *b = ctx->blocks, *keeper = NULL;
    while (b != NULL) {
        struct mem_block *next = b->next;
        if (keep && next == NULL && b->size == MEM_BLOCK_FIRST - sizeof(struct mem_block))
            keeper = b; /* the oldest block, of the first size */
        else
            free(b);
        b = next;
    }
    ctx->blocks = keeper;
    ctx->bytes = 0;
    ctx->next_block = MEM_BLOCK_FIRST;
    if (keeper != NULL) {
        keeper->used = 0;
        keeper->next = NULL;
        MEM_POISON(keeper->data, keeper->size);
        ctx->next_block = MEM_BLOCK_FIRST * 2;
    }
}

void mem_ctx_reset(struct mem_ctx *ctx)
{
    ctx_clear(ctx, true);
}

void mem_ctx_free(struct mem_ctx *ctx)
{
    if (ctx == NULL)
        return;
    ctx_clear(ctx, false);
    if (ctx->parent != NULL) {
        if (ctx->prev_sibling)
            ctx->prev_sibling->next_sibling = ctx->next_sibling;
        else
            ctx->parent->first_child = ctx->next_sibling;
        if (ctx->next_sibling)
            ctx->next_sibling->prev_sibling = ctx->prev_sibling;
    }
    free(ctx);
}

void mem_ctx_set_limit(struct mem_ctx *ctx, size_t limit)
{
    ctx->limit = limit;
}

size_t mem_ctx_bytes(const struct mem_ctx *ctx)
{
    return ctx->bytes;
}

size_t mem_ctx_total_bytes(const struct mem_ctx *ctx)
{
    size_t n = ctx->bytes;
    for (const struct mem_ctx *c = ctx->first_child; c; c = c->next_sibling)
        n += mem_ctx_total_bytes(c);
    return n;
}

const char *mem_ctx_name(const struct mem_ctx *ctx)
{
    return ctx->name;
}

/* NULL only when malloc fails. */
static void *ctx_alloc(struct mem_ctx *ctx, size_t n)
{
    size_t need = (n + MEM_ALIGN - 1) & ~(size_t)(MEM_ALIGN - 1);
    if (need < n)
        return NULL; /* overflow */
    struct mem_block *cur = ctx->blocks;
    if (cur != NULL && cur->size - cur->used >= need) {
        void *p = cur->data + cur->used;
        cur->used += need;
        ctx->bytes += n;
        MEM_UNPOISON(p, need);
        return p;
    }
    size_t bsize;
    if (need > MEM_BLOCK_MAX / 4) {
        bsize = need; /* a block of its own, kept behind the current one */
    } else {
        size_t total = ctx->next_block;
        while (total - sizeof(struct mem_block) < need)
            total *= 2;
        bsize = total - sizeof(struct mem_block);
        if (ctx->next_block < MEM_BLOCK_MAX)
            ctx->next_block *= 2;
    }
    if (bsize > SIZE_MAX - sizeof(struct mem_block))
        return NULL;
    struct mem_block *b = malloc(sizeof(struct mem_block) + bsize);
    if (b == NULL)
        return NULL;
    b->size = bsize;
    b->used = need;
    if (cur != NULL && bsize == need && need > MEM_BLOCK_MAX / 4) {
        b->next = cur->next; /* dedicated block: keep cur current */
        cur->next = b;
    } else {
        b->next = cur;
        ctx->blocks = b;
    }
    ctx->bytes += n;
    return b->data;
}

void *mem_alloc(struct mem_ctx *ctx, size_t n)
{
    void *p = ctx_alloc(ctx, n);
    if (p == NULL)
        oom(n);
    return p;
}

void *mem_alloc0(struct mem_ctx *ctx, size_t n)
{
    void *p = mem_alloc(ctx, n);
    memset(p, 0, n);
    return p;
}

void *mem_try_alloc(struct mem_ctx *ctx, size_t n)
{
    if (ctx->limit != 0 && (n > ctx->limit || ctx->bytes > ctx->limit - n))
        return NULL;
    return ctx_alloc(ctx, n);
}

void *mem_realloc(struct mem_ctx *ctx, void *p, size_t old_n, size_t new_n)
{
    void *q = mem_alloc(ctx, new_n);
    if (p != NULL && old_n > 0)
        memcpy(q, p, old_n < new_n ? old_n : new_n);
    return q;
}

char *mem_strdup(struct mem_ctx *ctx, const char *s)
{
    return mem_strndup(ctx, s, strlen(s));
}

char *mem_strndup(struct mem_ctx *ctx, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = mem_alloc(ctx, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *mem_printf(struct mem_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = mem_alloc(ctx, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void mem_ctx_cleanup(struct mem_ctx *ctx, void (*fn)(void *arg), void *arg)
{
    struct mem_cleanup *cl = xmalloc(sizeof(*cl));
    cl->fn = fn;
    cl->arg = arg;
    cl->next = ctx->cleanups;
    ctx->cleanups = cl;
}
