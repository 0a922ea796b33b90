/* test_copy.c — unit tests for copy_fmt.c: COPY options and the text and
 * CSV formats, against what PostgreSQL 15.20 does with the same input
 * (`COPY ... FROM STDIN` / `COPY ... TO STDOUT` in psql; messages with
 * VERBOSITY verbose). */
#include "sql/parse.h"
#include "sql/session_int.h"

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
TestSuite(copy, .init = setup, .fini = teardown);

/* Options of a COPY statement text. */
static int opts_of(const char *sql, struct sql__copy_opts *o, struct err *e)
{
    struct sql_parse_result pr = {0};
    struct err pe = {0};
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, ctx, &pr, &pe), 0, "%s: %s", sql, pe.msg);
    cr_assert_eq(pr.stmts[0]->kind, SQL_STMT_COPY);
    return sql__copy_opts_parse(&pr.stmts[0]->u.copy.options, pr.stmts[0]->u.copy.from, o, e);
}

static void opts_fail(const char *sql, const char *state, const char *msg)
{
    struct sql__copy_opts o;
    struct err e = {0};
    cr_assert_neq(opts_of(sql, &o, &e), 0, "%s accepted", sql);
    cr_expect_str_eq(err_sqlstate(&e), state, "%s: %s", sql, e.msg);
    cr_expect_str_eq(e.msg, msg, "%s", sql);
}

Test(copy, options)
{
    struct sql__copy_opts o;
    struct err e = {0};
    cr_assert_eq(opts_of("COPY t FROM STDIN", &o, &e), 0);
    cr_expect(!o.csv);
    cr_expect_eq(o.delim, '\t');
    cr_expect_str_eq(o.null_str, "\\N");
    cr_assert_eq(opts_of("COPY t FROM STDIN WITH CSV HEADER", &o, &e), 0, "%s", e.msg);
    cr_expect(o.csv);
    cr_expect(o.header);
    cr_expect_eq(o.delim, ',');
    cr_expect_eq(o.quote, '"');
    cr_expect_eq(o.escape, '"');
    cr_expect_str_eq(o.null_str, "");
    cr_assert_eq(opts_of("COPY t FROM STDIN (FORMAT csv, DELIMITER ';', NULL 'x', QUOTE '''', "
                         "ESCAPE '\\', HEADER true, ENCODING 'utf8')",
                         &o, &e),
                 0, "%s", e.msg);
    cr_expect_eq(o.delim, ';');
    cr_expect_eq(o.quote, '\'');
    cr_expect_eq(o.escape, '\\');
    cr_expect_str_eq(o.null_str, "x");
    cr_assert_eq(opts_of("COPY t FROM STDIN WITH DELIMITER '|' NULL AS ''", &o, &e), 0);
    cr_expect_eq(o.delim, '|');
    cr_assert_eq(opts_of("COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE *)", &o, &e), 0);
    cr_expect(o.force_quote_all);
    cr_assert_eq(opts_of("COPY t FROM STDIN (FREEZE on)", &o, &e), 0, "%s", e.msg);
}

Test(copy, option_errors)
{
    opts_fail("COPY t FROM STDIN (FORMAT csv, QUOTE 'ab')", "0A000",
              "COPY quote must be a single one-byte character");
    opts_fail("COPY t FROM STDIN (FORMAT text, QUOTE 'a')", "0A000",
              "COPY quote available only in CSV mode");
    opts_fail("COPY t FROM STDIN (FORMAT foo)", "22023", "COPY format \"foo\" not recognized");
    opts_fail("COPY t FROM STDIN (DELIMITER ',', DELIMITER ';')", "42601",
              "conflicting or redundant options");
    opts_fail("COPY t FROM STDIN (BOGUS 1)", "42601", "option \"bogus\" not recognized");
    opts_fail("COPY t FROM STDIN (FORMAT binary, HEADER)", "0A000",
              "cannot specify HEADER in BINARY mode");
    opts_fail("COPY t FROM STDIN (DELIMITER '\\')", "22023", "COPY delimiter cannot be \"\\\"");
    opts_fail("COPY t TO STDOUT (FORCE_NOT_NULL (a))", "0A000",
              "COPY force not null available only in CSV mode");
    opts_fail("COPY t TO STDOUT (FORMAT csv, FORCE_NOT_NULL (a))", "0A000",
              "COPY force not null only available using COPY FROM");
    {
        struct sql__copy_opts o;
        struct err e = {0};
        cr_assert_eq(opts_of("COPY t FROM STDIN (FORMAT binary)", &o, &e), 0, "%s", e.msg);
        cr_assert(o.binary);
    }
    opts_fail("COPY t FROM STDIN (ENCODING 'latin1')", "0A000",
              "COPY ENCODING \"latin1\" is not supported: only UTF8");
}

static struct sql__copy_opts text_opts(void)
{
    struct sql__copy_opts o;
    memset(&o, 0, sizeof(o));
    o.delim = '\t';
    o.null_str = "\\N";
    o.null_len = 2;
    return o;
}

static struct sql__copy_opts csv_opts(void)
{
    struct sql__copy_opts o;
    memset(&o, 0, sizeof(o));
    o.csv = true;
    o.delim = ',';
    o.quote = '"';
    o.escape = '"';
    o.null_str = "";
    o.null_len = 0;
    return o;
}

Test(copy, text_split)
{
    struct sql__copy_opts o = text_opts();
    struct sql__copy_fields f;
    struct err e = {0};
    const char *line = "1\tab\\x41\\101\\n\\\\\t\\N\t\tx\\ty\\.";
    cr_assert_eq(sql__copy_text_split(&o, line, strlen(line), ctx, &f, &e), 0);
    cr_assert_eq(f.n, 5);
    cr_expect_str_eq(f.vals[0], "1");
    cr_expect_str_eq(f.vals[1], "abAA\n\\");
    cr_expect_null(f.vals[2]);
    cr_expect_str_eq(f.vals[3], "");
    cr_expect_str_eq(f.vals[4], "x\ty.");
    const char *esc = "\\b\\f\\r\\v\\7\\0101\\q";
    cr_assert_eq(sql__copy_text_split(&o, esc, strlen(esc), ctx, &f, &e), 0);
    cr_assert_eq(f.n, 1);
    cr_expect_eq(f.lens[0], 8);
    cr_expect_eq(memcmp(f.vals[0],
                        "\b\f\r\v\x07\x08"
                        "1q",
                        8),
                 0);
    /* "\N" only as the whole raw field: "\\N" is the text \N. */
    const char *notnull = "\\\\N";
    cr_assert_eq(sql__copy_text_split(&o, notnull, strlen(notnull), ctx, &f, &e), 0);
    cr_expect_str_eq(f.vals[0], "\\N");
}

Test(copy, text_put)
{
    struct sql__copy_opts o = text_opts();
    struct sbuf b;
    sbuf_init(&b);
    const char *v = "a\tb\nc\\d\re\bf\fg\vh";
    sql__copy_text_put(&o, v, strlen(v), &b);
    cr_expect_str_eq(b.data, "a\\tb\\nc\\\\d\\re\\bf\\fg\\vh");
    sbuf_reset(&b);
    o.delim = '|';
    sql__copy_text_put(&o, "a|b", 3, &b);
    cr_expect_str_eq(b.data, "a\\|b");
    sbuf_free(&b);
}

Test(copy, csv_records)
{
    struct sql__copy_opts o = csv_opts();
    size_t rl, used;
    const char *in = "1,\"a\nb\",c\nnext";
    cr_assert(sql__copy_csv_record(&o, in, strlen(in), false, &rl, &used));
    cr_expect_eq(rl, 9);
    cr_expect_eq(used, 10);
    cr_expect(!sql__copy_csv_record(&o, "1,\"open\n", 8, false, &rl, &used));
    cr_assert(sql__copy_csv_record(&o, "x,y\r\nz", 6, false, &rl, &used));
    cr_expect_eq(rl, 3);
    cr_expect_eq(used, 5);
    cr_assert(sql__copy_csv_record(&o, "last", 4, true, &rl, &used));
    cr_expect_eq(rl, 4);
}

Test(copy, csv_split)
{
    struct sql__copy_opts o = csv_opts();
    struct sql__copy_fields f;
    struct err e = {0};
    const char *rec = "1,\"a\"\"b,c\",,\"\",x y";
    cr_assert_eq(sql__copy_csv_split(&o, rec, strlen(rec), ctx, &f, &e), 0);
    cr_assert_eq(f.n, 5);
    cr_expect_str_eq(f.vals[0], "1");
    cr_expect_str_eq(f.vals[1], "a\"b,c");
    cr_expect_null(f.vals[2]);
    cr_expect_str_eq(f.vals[3], ""); /* quoted empty: not NULL */
    cr_expect(f.quoted[3]);
    cr_expect_str_eq(f.vals[4], "x y");
    cr_expect_eq(sql__copy_csv_split(&o, "1,\"ab", 5, ctx, &f, &e), ERR_INVAL);
    cr_expect_str_eq(err_sqlstate(&e), "22P04");
    cr_expect_str_eq(e.msg, "unterminated CSV quoted field");
    o.escape = '\\';
    const char *rec2 = "\"a\\\"b\\\\c\"";
    cr_assert_eq(sql__copy_csv_split(&o, rec2, strlen(rec2), ctx, &f, &e), 0);
    cr_expect_str_eq(f.vals[0], "a\"b\\c");
}

Test(copy, csv_put)
{
    struct sql__copy_opts o = csv_opts();
    struct sbuf b;
    sbuf_init(&b);
    /* PostgreSQL: 1,"abAA\n\",c / 2,"a""b,c","" / 3,,\. */
    sql__copy_csv_put(&o, "abAA\n\\", 6, false, &b);
    cr_expect_str_eq(b.data, "\"abAA\n\\\"");
    sbuf_reset(&b);
    sql__copy_csv_put(&o, "a\"b,c", 5, false, &b);
    cr_expect_str_eq(b.data, "\"a\"\"b,c\"");
    sbuf_reset(&b);
    sql__copy_csv_put(&o, "", 0, false, &b);
    cr_expect_str_eq(b.data, "\"\"");
    sbuf_reset(&b);
    sql__copy_csv_put(&o, "\\.", 2, false, &b);
    cr_expect_str_eq(b.data, "\\.");
    sbuf_reset(&b);
    sql__copy_csv_put(&o, "plain", 5, true, &b);
    cr_expect_str_eq(b.data, "\"plain\"");
    sbuf_free(&b);
}
