/* test_mem.c — memory contexts: alignment, reset, cleanups, limits, sizes. */
#include "common/mem.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

/* Under ASan, let a huge malloc fail with NULL (as it would in production)
 * instead of stopping the test. Unused otherwise. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

Test(mem, x_allocators)
{
    char *p = xmalloc(0);
    cr_expect_not_null(p, "size 0 still gives a pointer");
    xfree(p);
    int *z = xcalloc(16, sizeof(int));
    for (int i = 0; i < 16; i++)
        cr_expect_eq(z[i], 0);
    z = xrealloc(z, 1024 * sizeof(int));
    cr_expect_eq(z[15], 0, "contents kept");
    xfree(z);
    char *s = xstrdup("hello");
    cr_expect_str_eq(s, "hello");
    xfree(s);
    s = xstrndup("hello", 3);
    cr_expect_str_eq(s, "hel");
    xfree(s);
    s = xstrndup("hi", 10);
    cr_expect_str_eq(s, "hi");
    xfree(s);
    xfree(NULL);
}

Test(mem, alignment_of_every_size)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "align");
    cr_expect_str_eq(mem_ctx_name(ctx), "align");
    for (size_t n = 0; n < 600; n++) {
        unsigned char *p = mem_alloc(ctx, n);
        cr_assert_not_null(p);
        cr_assert_eq((uintptr_t)p % 16, 0, "size %zu", n);
        memset(p, 0xab, n);
    }
    for (size_t n = 16000; n < 100000; n += 12345) {
        void *p = mem_alloc(ctx, n);
        cr_assert_eq((uintptr_t)p % 16, 0, "size %zu", n);
        cr_assert_eq((uintptr_t)mem_alloc(ctx, 1) % 16, 0);
    }
    cr_assert_eq((uintptr_t)mem_try_alloc(ctx, 33) % 16, 0);
    cr_assert_eq((uintptr_t)mem_alloc0(ctx, 7) % 16, 0);
    cr_assert_eq((uintptr_t)mem_strdup(ctx, "x") % 16, 0);
    mem_ctx_free(ctx);
}

Test(mem, contents_survive_many_allocations)
{
    enum { N = 2000 };
    struct mem_ctx *ctx = mem_ctx_new(NULL, "fill");
    unsigned char *ptr[N];
    size_t len[N];
    for (size_t i = 0; i < N; i++) {
        /* Mostly small, now and then one above the dedicated-block size. */
        len[i] = i % 97 == 0 ? 20000 + i : i % 200;
        ptr[i] = mem_alloc(ctx, len[i]);
        memset(ptr[i], (int)(i & 0xff), len[i]);
    }
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < len[i]; j++)
            cr_assert_eq(ptr[i][j], (unsigned char)(i & 0xff), "alloc %zu byte %zu", i, j);
    }
    mem_ctx_free(ctx);
}

Test(mem, alloc0_strdup_printf)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "misc");
    unsigned char *z = mem_alloc0(ctx, 100);
    for (int i = 0; i < 100; i++)
        cr_expect_eq(z[i], 0);
    cr_expect_str_eq(mem_strdup(ctx, "abc"), "abc");
    cr_expect_str_eq(mem_strndup(ctx, "abcdef", 2), "ab");
    cr_expect_str_eq(mem_strndup(ctx, "ab", 50), "ab");
    cr_expect_str_eq(mem_printf(ctx, "%s-%d", "range", 7), "range-7");
    cr_expect_str_eq(mem_printf(ctx, "%s", ""), "");
    char big[5000];
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    char *p = mem_printf(ctx, "<%s>", big);
    cr_expect_eq(strlen(p), sizeof(big) + 1);
    cr_expect_eq(p[0], '<');
    cr_expect_eq(p[sizeof(big)], '>');
    mem_ctx_free(ctx);
}

Test(mem, bytes_and_total_bytes)
{
    struct mem_ctx *root = mem_ctx_new(NULL, "root");
    struct mem_ctx *a = mem_ctx_new(root, "a");
    struct mem_ctx *b = mem_ctx_new(root, "b");
    struct mem_ctx *a1 = mem_ctx_new(a, "a1");
    cr_expect_eq(mem_ctx_total_bytes(root), 0);
    mem_alloc(root, 10);
    mem_alloc(a, 100);
    mem_alloc(a1, 1000);
    mem_alloc(b, 30000);
    mem_alloc(b, 1);
    cr_expect_eq(mem_ctx_bytes(root), 10, "payload bytes, not padding");
    cr_expect_eq(mem_ctx_bytes(a), 100);
    cr_expect_eq(mem_ctx_bytes(b), 30001);
    cr_expect_eq(mem_ctx_total_bytes(a), 1100);
    cr_expect_eq(mem_ctx_total_bytes(root), 31111);
    mem_ctx_free(a1);
    cr_expect_eq(mem_ctx_total_bytes(root), 30111, "freed child detached");
    mem_ctx_reset(b);
    cr_expect_eq(mem_ctx_bytes(b), 0);
    cr_expect_eq(mem_ctx_total_bytes(root), 110);
    mem_alloc(b, 5);
    cr_expect_eq(mem_ctx_total_bytes(root), 115, "reset context is usable");
    mem_ctx_free(root);
}

static char order[64];

static void mark(void *arg)
{
    strncat(order, arg, sizeof(order) - strlen(order) - 1);
}

Test(mem, cleanups_run_in_reverse_children_first)
{
    struct mem_ctx *root = mem_ctx_new(NULL, "root");
    struct mem_ctx *child = mem_ctx_new(root, "child");
    struct mem_ctx *grandchild = mem_ctx_new(child, "grandchild");
    mem_ctx_cleanup(root, mark, "R1");
    mem_ctx_cleanup(child, mark, "C1");
    mem_ctx_cleanup(root, mark, "R2");
    mem_ctx_cleanup(grandchild, mark, "G1");
    mem_ctx_cleanup(child, mark, "C2");
    mem_ctx_cleanup(grandchild, mark, "G2");

    order[0] = '\0';
    mem_ctx_reset(root);
    cr_expect_str_eq(order, "G2G1C2C1R2R1");

    /* Cleanups run once: a second reset finds none; the root is reusable. */
    order[0] = '\0';
    mem_ctx_reset(root);
    cr_expect_str_eq(order, "");
    mem_ctx_cleanup(root, mark, "X");
    mem_ctx_free(root);
    cr_expect_str_eq(order, "X");
}

Test(mem, siblings_all_freed_before_parent_cleanups)
{
    struct mem_ctx *root = mem_ctx_new(NULL, "root");
    struct mem_ctx *s[3];
    for (int i = 0; i < 3; i++)
        s[i] = mem_ctx_new(root, "sibling");
    mem_ctx_cleanup(root, mark, "P");
    mem_ctx_cleanup(s[0], mark, "a");
    mem_ctx_cleanup(s[1], mark, "b");
    mem_ctx_cleanup(s[2], mark, "c");
    /* Freeing the middle sibling must keep the list of the others intact. */
    order[0] = '\0';
    mem_ctx_free(s[1]);
    cr_expect_str_eq(order, "b");
    order[0] = '\0';
    mem_ctx_free(root);
    cr_expect_eq(strlen(order), 3);
    cr_expect_eq(order[2], 'P', "parent last: %s", order);
    cr_expect(strchr(order, 'a') && strchr(order, 'c'));
}

static struct mem_ctx *late_ctx;

static void register_more(void *arg)
{
    mark(arg);
    mem_ctx_cleanup(late_ctx, mark, "late");
}

Test(mem, cleanup_registered_during_reset_runs)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "ctx");
    late_ctx = ctx;
    mem_ctx_cleanup(ctx, register_more, "first");
    order[0] = '\0';
    mem_ctx_reset(ctx);
    cr_expect_str_eq(order, "firstlate");
    mem_ctx_free(ctx);
    mem_ctx_free(NULL);
}

static void read_arg(void *arg)
{
    /* The cleanup's argument lives in the context being reset: memory must
     * still be valid while cleanups run. */
    mark(arg);
}

Test(mem, cleanup_argument_in_same_context)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "ctx");
    char *arg = mem_strdup(ctx, "mine");
    mem_ctx_cleanup(ctx, read_arg, arg);
    order[0] = '\0';
    mem_ctx_free(ctx);
    cr_expect_str_eq(order, "mine");
}

Test(mem, limits_apply_to_try_alloc)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "limited");
    mem_ctx_set_limit(ctx, 100);
    cr_expect_not_null(mem_try_alloc(ctx, 60));
    cr_expect_null(mem_try_alloc(ctx, 41), "60 + 41 passes 100");
    cr_expect_eq(mem_ctx_bytes(ctx), 60, "a refused allocation is not counted");
    cr_expect_not_null(mem_try_alloc(ctx, 40), "exactly at the limit");
    cr_expect_null(mem_try_alloc(ctx, 1));
    cr_expect_null(mem_try_alloc(ctx, SIZE_MAX), "no overflow in the check");
    cr_expect_not_null(mem_try_alloc(ctx, 0));
    /* The aborting allocator is not limited but counts. */
    cr_expect_not_null(mem_alloc(ctx, 500));
    cr_expect_eq(mem_ctx_bytes(ctx), 600);
    cr_expect_null(mem_try_alloc(ctx, 1));
    mem_ctx_reset(ctx);
    cr_expect_not_null(mem_try_alloc(ctx, 100), "reset releases the budget");
    mem_ctx_set_limit(ctx, 0);
    cr_expect_not_null(mem_try_alloc(ctx, 1 << 20), "0 = no limit");
    mem_ctx_free(ctx);
}

Test(mem, try_alloc_fails_cleanly_on_impossible_sizes)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "huge");
    cr_expect_null(mem_try_alloc(ctx, SIZE_MAX));
    cr_expect_null(mem_try_alloc(ctx, SIZE_MAX - 20));
    cr_expect_null(mem_try_alloc(ctx, SIZE_MAX / 2));
    cr_expect_eq(mem_ctx_bytes(ctx), 0);
    cr_expect_not_null(mem_try_alloc(ctx, 10), "the context still works");
    mem_ctx_free(ctx);
}

Test(mem, large_allocations)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "large");
    size_t n = 8u << 20;
    unsigned char *small = mem_alloc(ctx, 8);
    unsigned char *big = mem_alloc(ctx, n);
    unsigned char *small2 = mem_alloc(ctx, 8);
    memset(small, 1, 8);
    memset(big, 2, n);
    memset(small2, 3, 8);
    cr_expect_eq(big[0], 2);
    cr_expect_eq(big[n - 1], 2);
    cr_expect_eq(small[7], 1);
    cr_expect_eq(small2[0], 3);
    cr_expect_eq(mem_ctx_bytes(ctx), n + 16);
    unsigned char *t = mem_try_alloc(ctx, n);
    cr_assert_not_null(t);
    t[n - 1] = 9;
    cr_expect_eq(mem_ctx_bytes(ctx), 2 * n + 16);
    mem_ctx_free(ctx);
}

Test(mem, realloc_keeps_contents)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "realloc");
    char *p = mem_realloc(ctx, NULL, 0, 4);
    memcpy(p, "abc", 4);
    p = mem_realloc(ctx, p, 4, 100000);
    cr_expect_str_eq(p, "abc");
    cr_expect_eq((uintptr_t)p % 16, 0);
    memset(p + 3, 'x', 99996);
    p[99999] = '\0';
    char *q = mem_realloc(ctx, p, 100000, 200000);
    cr_expect_eq(q[99998], 'x');
    cr_expect_eq(q[99999], '\0');
    char *r = mem_realloc(ctx, q, 200000, 2);
    cr_expect_eq(memcmp(r, "ab", 2), 0, "shrinking copies the prefix");
    mem_ctx_free(ctx);
}

Test(mem, reset_frees_children_and_keeps_context)
{
    struct mem_ctx *root = mem_ctx_new(NULL, "root");
    for (int i = 0; i < 10; i++) {
        struct mem_ctx *c = mem_ctx_new(root, "child");
        mem_alloc(mem_ctx_new(c, "grandchild"), 64);
        mem_alloc(c, 64);
    }
    cr_expect_eq(mem_ctx_total_bytes(root), 10 * 128);
    mem_ctx_reset(root);
    cr_expect_eq(mem_ctx_total_bytes(root), 0, "children are gone");
    struct mem_ctx *again = mem_ctx_new(root, "again");
    mem_alloc(again, 3);
    cr_expect_eq(mem_ctx_total_bytes(root), 3);
    mem_ctx_free(root); /* LeakSanitizer checks nothing is left */
}
