/* test_value_array.c — array values: text I/O (array_in / array_out),
 * binary send/recv, comparison, casts and the row codec. */
#include "sql/array.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <string.h>

static struct mem_ctx *ctx;

static void setup(void)
{
    ctx = mem_ctx_new(NULL, "test");
}

static void teardown(void)
{
    mem_ctx_free(ctx);
}

TestSuite(value_array, .init = setup, .fini = teardown);

/* in then out, or "ERROR sqlstate" */
static const char *io(uint32_t type, const char *s)
{
    struct sql_value v;
    struct err e;
    err_clear(&e);
    if (sql_value_in(ctx, type, -1, s, strlen(s), NULL, &v, &e) != 0)
        return mem_printf(ctx, "ERROR %s", e.sqlstate);
    struct sbuf b;
    sbuf_init(&b);
    cr_assert_eq(sql_value_out(&v, NULL, &b, &e), 0);
    char *r = mem_strndup(ctx, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

Test(value_array, text_io)
{
    cr_expect_str_eq(io(1007, "{1,2,NULL}"), "{1,2,NULL}");
    cr_expect_str_eq(io(1007, " { 1 , 2 } "), "{1,2}");
    cr_expect_str_eq(io(1007, "{{1,2},{3,4}}"), "{{1,2},{3,4}}");
    cr_expect_str_eq(io(1007, "[0:1]={1,2}"), "[0:1]={1,2}");
    cr_expect_str_eq(io(1007, "{}"), "{}");
    cr_expect_str_eq(io(1009, "{\"a b\",\"c\\\"d\",\"NULL\",\"\",x\\,y}"),
                     "{\"a b\",\"c\\\"d\",\"NULL\",\"\",\"x,y\"}");
    cr_expect_str_eq(io(1007, "{1,2"), "ERROR 22P02");
    cr_expect_str_eq(io(1007, "{{1},{2,3}}"), "ERROR 22P02");
    cr_expect_str_eq(io(1007, "[2:1]={1}"), "ERROR 2202E");
    cr_expect_str_eq(io(1007, "{a}"), "ERROR 22P02");
    cr_expect_str_eq(io(1007, "{{{{{{{1}}}}}}}"), "ERROR 54000");
}

Test(value_array, binary_roundtrip_compare_rowcodec)
{
    struct sql_value v, w;
    struct err e;
    err_clear(&e);
    const char *s = "[2:3][1:2]={{1,NULL},{3,4}}";
    cr_assert_eq(sql_value_in(ctx, 1016, -1, s, strlen(s), NULL, &v, &e), 0);
    struct sbuf b;
    sbuf_init(&b);
    cr_assert_eq(sql_value_send(&v, &b, &e), 0);
    cr_assert_eq(sql_value_recv(ctx, 1016, -1, (const uint8_t *)b.data, b.len, &w, &e), 0);
    cr_expect_eq(sql_value_cmp(&v, &w), 0);
    cr_expect_eq(sql_value_hash(&v, 1), sql_value_hash(&w, 1));
    /* element type mismatch on the wire */
    cr_expect_neq(sql_value_recv(ctx, 1007, -1, (const uint8_t *)b.data, b.len, &w, &e), 0);
    sbuf_reset(&b);
    uint32_t ids[1] = {1}, types[1] = {1016};
    sql_row_encode(ids, &v, 1, &b);
    cr_assert_eq(sql_row_decode(ctx, (const uint8_t *)b.data, b.len, ids, types, 1, &w, &e), 0);
    cr_expect_eq(sql_value_cmp(&v, &w), 0);
    sbuf_free(&b);

    struct sql_value a1, a2;
    cr_assert_eq(sql_value_in(ctx, 1007, -1, "{1,2}", 5, NULL, &a1, &e), 0);
    cr_assert_eq(sql_value_in(ctx, 1007, -1, "{1,2,0}", 7, NULL, &a2, &e), 0);
    cr_expect_lt(sql_value_cmp(&a1, &a2), 0);
    cr_assert_eq(sql_value_in(ctx, 1007, -1, "{1,NULL}", 8, NULL, &a2, &e), 0);
    cr_expect_lt(sql_value_cmp(&a1, &a2), 0);
}

Test(value_array, casts_and_types)
{
    cr_expect_eq(sql_array_of(SQL_T_INT4), 1007u);
    cr_expect_eq(sql_array_elemtype(1009), (uint32_t)SQL_T_TEXT);
    cr_expect_eq(sql_array_elemtype(SQL_T_TEXT), 0u);
    cr_expect_eq(sql_cast_context(1007, 1016), SQL_CAST_IMPLICIT);
    cr_expect_eq(sql_cast_context(1016, 1007), SQL_CAST_ASSIGNMENT);
    cr_expect_eq(sql_cast_context(1007, SQL_T_TEXT), SQL_CAST_ASSIGNMENT);
    cr_expect_eq(sql_cast_context(SQL_T_TEXT, 1007), SQL_CAST_EXPLICIT);
    struct sql_value v, w;
    struct err e;
    err_clear(&e);
    cr_assert_eq(sql_value_in(ctx, 1016, -1, "{1,99999999999}", 15, NULL, &v, &e), 0);
    cr_expect_neq(sql_value_cast(ctx, &v, 1007, -1, false, NULL, &w, &e), 0);
    cr_expect_str_eq(e.sqlstate, "22003");
    struct sbuf b;
    sbuf_init(&b);
    sql_type_format(1015, 14, &b);
    cr_expect_str_eq(b.data, "character varying(10)[]");
    sbuf_free(&b);
}
