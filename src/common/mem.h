/* mem.h — the aborting allocator and memory contexts (arenas in a tree).
 *
 * Two allocation policies (STYLE.md §4):
 *  - xmalloc/xcalloc/xrealloc/xstrdup and mem_alloc* never return NULL: on
 *    failure they log the size and abort the process. Use them for internal
 *    sizes.
 *  - mem_try_alloc returns NULL when the allocation fails or would pass the
 *    context's limit (mem_ctx_set_limit). Use it for sizes a client or peer
 *    controls, after bounding them, and answer ERR_NOMEM (SQLSTATE 53200).
 *
 * Memory contexts follow PostgreSQL's (src/backend/utils/mmgr/README): every
 * allocation belongs to a context; mem_ctx_reset frees every allocation of
 * the context and deletes its children; mem_ctx_free does that and frees the
 * context itself. Nothing allocated in a context is freed one by one.
 * Cleanup callbacks (nginx's pool cleanups) release non-memory resources —
 * iterators, snapshots, locks — when their context is reset or freed; they
 * run in reverse order of registration, children first.
 *
 * Thread safety: a context is owned by one thread at a time; no locking.
 */
#ifndef SF_COMMON_MEM_H
#define SF_COMMON_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void xfree(void *p);

struct mem_ctx;

/* A new context, child of parent (NULL: a root, freed with mem_ctx_free).
 * name is borrowed: it must outlive the context (use a string literal). */
struct mem_ctx *mem_ctx_new(struct mem_ctx *parent, const char *name);
/* Free every allocation and child, run cleanups; the context stays usable. */
void mem_ctx_reset(struct mem_ctx *ctx);
/* Reset, detach from the parent and free the context itself. NULL is a no-op. */
void mem_ctx_free(struct mem_ctx *ctx);
/* Limit (bytes) on what mem_try_alloc may hold in this context, 0 = none. */
void mem_ctx_set_limit(struct mem_ctx *ctx, size_t limit);
/* Bytes currently allocated in this context (not counting children). */
size_t mem_ctx_bytes(const struct mem_ctx *ctx);
/* Bytes in this context and all its descendants. */
size_t mem_ctx_total_bytes(const struct mem_ctx *ctx);
const char *mem_ctx_name(const struct mem_ctx *ctx);

/* Allocated in ctx, 16-byte aligned; abort on failure. n == 0 is allowed. */
void *mem_alloc(struct mem_ctx *ctx, size_t n);
void *mem_alloc0(struct mem_ctx *ctx, size_t n);
/* NULL on failure or when the context's limit would be passed. */
void *mem_try_alloc(struct mem_ctx *ctx, size_t n);
/* Grow an allocation of ctx (old contents kept); p NULL acts as mem_alloc. */
void *mem_realloc(struct mem_ctx *ctx, void *p, size_t old_n, size_t new_n);
char *mem_strdup(struct mem_ctx *ctx, const char *s);
char *mem_strndup(struct mem_ctx *ctx, const char *s, size_t n);
char *mem_printf(struct mem_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run fn(arg) when ctx is reset or freed. */
void mem_ctx_cleanup(struct mem_ctx *ctx, void (*fn)(void *arg), void *arg);

#endif
