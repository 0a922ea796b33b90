/* test_toml.c — the TOML reader: every supported construct, every error with
 * its exact line:column, bounds (nesting, integer range) and hostile input.
 *
 * Every parse goes through an exact-size heap copy of the text, so a read
 * past len is caught by AddressSanitizer in the sanitizer build.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/toml.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct mem_ctx *ctx;

static void setup(void)
{
    ctx = mem_ctx_new(NULL, "test_toml");
}

static void teardown(void)
{
    mem_ctx_free(ctx);
}

TestSuite(toml, .init = setup, .fini = teardown);

/* Parse len bytes of text from an exact-size copy. */
static int parse_n(const char *text, size_t len, struct toml_value **root, struct err *e)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    int rc = toml_parse(ctx, copy, len, "t.toml", root, e);
    free(copy);
    return rc;
}

static const struct toml_value *ok(const char *text)
{
    struct toml_value *root = NULL;
    struct err e = {0};
    int rc = parse_n(text, strlen(text), &root, &e);
    cr_assert_eq(rc, 0, "unexpected error: %s\n--- input:\n%s", e.msg, text);
    cr_assert_not_null(root);
    cr_assert_eq(root->type, TOML_TABLE);
    return root;
}

/* want is the whole message, "t.toml:L:C: what". */
static void bad_n(const char *text, size_t len, const char *want)
{
    struct toml_value *root = NULL;
    struct err e = {0};
    int rc = parse_n(text, len, &root, &e);
    cr_expect_eq(rc, ERR_CONFIG, "expected an error for input:\n%.*s", (int)len, text);
    cr_expect_eq(e.code, ERR_CONFIG);
    cr_expect_str_eq(e.msg, want, "got:  %s\nwant: %s\ninput:\n%.*s", e.msg, want, (int)len, text);
}

static void bad(const char *text, const char *want)
{
    bad_n(text, strlen(text), want);
}

/* Value at a dotted path of simple keys ("a.b.c"). */
static const struct toml_value *get(const struct toml_value *t, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    const struct toml_value *v = t;
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
        v = toml_get(v, k);
        cr_assert_not_null(v, "no key '%s' in path '%s'", k, path);
    }
    return v;
}

static void expect_str(const struct toml_value *root, const char *path, const char *want)
{
    const struct toml_value *v = get(root, path);
    cr_assert_eq(v->type, TOML_STRING, "%s is a %s", path, toml_type_name(v->type));
    cr_expect_str_eq(v->u.str.ptr, want, "%s", path);
    cr_expect_eq(v->u.str.len, strlen(want), "%s", path);
}

static void expect_int(const struct toml_value *root, const char *path, int64_t want)
{
    const struct toml_value *v = get(root, path);
    cr_assert_eq(v->type, TOML_INTEGER, "%s is a %s", path, toml_type_name(v->type));
    cr_expect_eq(v->u.i, want, "%s = %lld, want %lld", path, (long long)v->u.i, (long long)want);
}

static void expect_float(const struct toml_value *root, const char *path, double want)
{
    const struct toml_value *v = get(root, path);
    cr_assert_eq(v->type, TOML_FLOAT, "%s is a %s", path, toml_type_name(v->type));
    cr_expect_eq(v->u.f, want, "%s = %.17g, want %.17g", path, v->u.f, want);
}

/* ---- documents, comments, whitespace ----------------------------------- */

Test(toml, empty_and_blank_documents)
{
    cr_expect_eq(ok("")->u.tab.n, 0);
    cr_expect_eq(ok("\n\n  \t\n")->u.tab.n, 0);
    cr_expect_eq(ok("# only a comment")->u.tab.n, 0);
    cr_expect_eq(ok("# c1\n  # c2 with \"quotes\" and 'ticks' and ünïcödé\t\n")->u.tab.n, 0);
}

Test(toml, comments_after_values_and_headers)
{
    const struct toml_value *r = ok("a = 1 # one\n[t] # table\nb = \"#not a comment\" #c\n");
    expect_int(r, "a", 1);
    expect_str(r, "t.b", "#not a comment");
}

Test(toml, crlf_line_endings)
{
    const struct toml_value *r = ok("a = 1\r\nb = 2\r\n[t]\r\nc = [\r\n 1,\r\n]\r\n# x\r\n");
    expect_int(r, "a", 1);
    expect_int(r, "b", 2);
    cr_expect_eq(get(r, "t.c")->u.arr.n, 1);
    cr_expect_eq(get(r, "t.c")->line, 4);
}

Test(toml, byte_order_mark_is_skipped)
{
    const struct toml_value *r = ok("\xEF\xBB\xBF"
                                    "a = 1\n");
    expect_int(r, "a", 1);
    cr_expect_eq(r->u.tab.key_columns[0], 1);
    bad("\xEF\xBB\xBF"
        "a = \"x",
        "t.toml:1:5: unterminated string");
}

Test(toml, null_filename_uses_placeholder)
{
    struct toml_value *root;
    struct err e = {0};
    cr_assert_eq(toml_parse(ctx, "a = ", 4, NULL, &root, &e), ERR_CONFIG);
    cr_expect_str_eq(e.msg, "<input>:1:5: expected a value, found end of file");
}

/* ---- keys --------------------------------------------------------------- */

Test(toml, bare_quoted_and_dotted_keys)
{
    const struct toml_value *r = ok("bare_key-1 = 1\n"
                                    "1234 = 2\n"
                                    "\"quoted key\" = 3\n"
                                    "'literal \\key' = 4\n"
                                    "\"\" = 5\n"
                                    "\"\\u00e9\" = 6\n"
                                    "physical.color = \"orange\"\n"
                                    "physical . shape = \"round\"\n"
                                    "site.\"google.com\" = true\n"
                                    "3.14 = 7\n");
    expect_int(r, "bare_key-1", 1);
    expect_int(r, "1234", 2);
    expect_int(r, "quoted key", 3);
    cr_expect_eq(toml_get(r, "literal \\key")->u.i, 4);
    cr_expect_eq(toml_get(r, "")->u.i, 5);
    cr_expect_eq(toml_get(r, "\xC3\xA9")->u.i, 6);
    expect_str(r, "physical.color", "orange");
    expect_str(r, "physical.shape", "round");
    cr_expect_eq(toml_get(get(r, "site"), "google.com")->u.b, true);
    expect_int(r, "3.14", 7);
}

Test(toml, keys_keep_insertion_order_and_positions)
{
    const struct toml_value *r = ok("z = 1\n  a = 2\n\tm.n = 3\n");
    cr_assert_eq(r->u.tab.n, 3);
    cr_expect_str_eq(r->u.tab.keys[0], "z");
    cr_expect_str_eq(r->u.tab.keys[1], "a");
    cr_expect_str_eq(r->u.tab.keys[2], "m");
    cr_expect_eq(r->u.tab.key_lines[1], 2);
    cr_expect_eq(r->u.tab.key_columns[1], 3);
    cr_expect_eq(r->u.tab.key_lines[2], 3);
    cr_expect_eq(r->u.tab.key_columns[2], 2);
    const struct toml_value *m = get(r, "m");
    cr_expect_eq(m->u.tab.key_columns[0], 4); /* n */
    cr_expect_eq(get(r, "m.n")->column, 8);
    cr_expect_eq(get(r, "a")->line, 2);
    cr_expect_eq(get(r, "a")->column, 7);
}

Test(toml, key_errors)
{
    bad("= 1", "t.toml:1:1: expected a key, found '='");
    bad("a 1", "t.toml:1:3: expected '=' after the key, found '1'");
    bad("a", "t.toml:1:2: expected '=' after the key, found end of file");
    bad("a\nb = 1", "t.toml:1:2: expected '=' after the key, found end of line");
    bad("a. = 1", "t.toml:1:4: expected a key, found '='");
    bad(".a = 1", "t.toml:1:1: expected a key, found '.'");
    bad("a.b.c", "t.toml:1:6: expected '=' after the key, found end of file");
    bad("\"\"\"a\"\"\" = 1", "t.toml:1:1: a multi-line string cannot be a key");
    bad("'''a''' = 1", "t.toml:1:1: a multi-line string cannot be a key");
    bad("\"a\nb\" = 1", "t.toml:1:1: unterminated string");
    bad("k\xC3\xA9y = 1", "t.toml:1:2: expected '=' after the key, found '\xC3\xA9'");
    bad("\xFF = 1", "t.toml:1:1: expected a key, found invalid UTF-8 byte 0xFF");
    bad("\x01 = 1", "t.toml:1:1: expected a key, found control character U+0001");
}

Test(toml, duplicate_keys)
{
    bad("a = 1\na = 2", "t.toml:2:1: duplicate key 'a'");
    bad("a = 1\n\"a\" = 2", "t.toml:2:1: duplicate key 'a'");
    bad("a = 1\n'a' = 2", "t.toml:2:1: duplicate key 'a'");
    bad("x.a = 1\nx.a = 2", "t.toml:2:3: duplicate key 'x.a'");
    bad("[t]\nk = 1\n  k = 2", "t.toml:3:3: duplicate key 'k'");
    bad("t = {x = 1, x = 2}", "t.toml:1:13: duplicate key 'x'");
    bad("a = 1\na.b = 2", "t.toml:2:1: key 'a' is already an integer, not a table");
    bad("a.b = 1\na = 2", "t.toml:2:1: duplicate key 'a'");
}

Test(toml, many_keys_use_the_index)
{
    char *text = malloc(20 * 2000 + 64);
    size_t n = 0;
    for (int i = 0; i < 2000; i++)
        n += (size_t)sprintf(text + n, "key%d = %d\n", i, i);
    const struct toml_value *r = ok(text);
    cr_assert_eq(r->u.tab.n, 2000);
    for (int i = 0; i < 2000; i += 37) {
        char k[16];
        sprintf(k, "key%d", i);
        expect_int(r, k, i);
    }
    sprintf(text + n, "key1234 = 0\n");
    bad(text, "t.toml:2001:1: duplicate key 'key1234'");
    free(text);
}

/* ---- tables ------------------------------------------------------------- */

Test(toml, table_headers)
{
    const struct toml_value *r = ok("top = 0\n"
                                    "[a]\n"
                                    "x = 1\n"
                                    "[ b . \"c d\" . 'e' ]\n"
                                    "y = 2\n"
                                    "[a.sub]\n"
                                    "z = 3\n");
    expect_int(r, "top", 0);
    expect_int(r, "a.x", 1);
    cr_expect_eq(toml_get(toml_get(toml_get(r, "b"), "c d"), "e")->type, TOML_TABLE);
    cr_expect_eq(toml_get(toml_get(toml_get(toml_get(r, "b"), "c d"), "e"), "y")->u.i, 2);
    expect_int(r, "a.sub.z", 3);
    const struct toml_value *a = get(r, "a");
    cr_expect(a->u.tab.defined_by_header);
    cr_expect_not(a->u.tab.inline_table);
    cr_expect_eq(a->line, 2);
    cr_expect_eq(a->column, 1);
    cr_expect_not(get(r, "b")->u.tab.defined_by_header); /* implicit */
    cr_expect_not(r->u.tab.defined_by_header);
}

Test(toml, super_table_after_sub_table)
{
    const struct toml_value *r = ok("[x.y.z.w]\na = 1\n[x]\nb = 2\n[x.y]\nc = 3\n");
    expect_int(r, "x.y.z.w.a", 1);
    expect_int(r, "x.b", 2);
    expect_int(r, "x.y.c", 3);
}

Test(toml, dotted_keys_then_sub_table_header)
{
    /* TOML 1.0 "Table": apple was defined by dotted keys; a sub-table of it
     * may still get a header. */
    const struct toml_value *r = ok("[fruit]\n"
                                    "apple.color = \"red\"\n"
                                    "apple.taste.sweet = true\n"
                                    "[fruit.apple.texture]\n"
                                    "smooth = true\n");
    expect_str(r, "fruit.apple.color", "red");
    cr_expect(get(r, "fruit.apple.taste.sweet")->u.b);
    cr_expect(get(r, "fruit.apple.texture.smooth")->u.b);
}

Test(toml, dotted_keys_may_extend_an_implicit_table)
{
    const struct toml_value *r = ok("[a.b.c]\nz = 9\n[a]\nb.y = 1\n");
    expect_int(r, "a.b.c.z", 9);
    expect_int(r, "a.b.y", 1);
}

Test(toml, table_redefinition_errors)
{
    bad("[a]\n[a]", "t.toml:2:1: table [a] is defined more than once");
    bad("[a.b]\n[a]\n[a]", "t.toml:3:1: table [a] is defined more than once");
    bad("[a]\nb = 1\n[a.b]", "t.toml:3:4: key 'a.b' is already an integer, not a table");
    bad("[fruit]\napple.color = 1\n[fruit.apple]",
        "t.toml:3:1: table [fruit.apple] is already defined by dotted keys");
    bad("a.b = 1\n[a]", "t.toml:2:1: table [a] is already defined by dotted keys");
    bad("a = 1\n[a]", "t.toml:2:2: key 'a' is already an integer, not a table");
    bad("a = [1]\n[a.b]", "t.toml:2:2: key 'a' is already an array, not a table");
    bad("a = {x = 1}\n[a]", "t.toml:2:2: inline table 'a' cannot be extended");
    bad("a = {x = 1}\n[a.b]", "t.toml:2:2: inline table 'a' cannot be extended");
    bad("a = {x = 1}\na.y = 2", "t.toml:2:1: inline table 'a' cannot be extended");
    bad("a = {x.y = 1}\n[a.x]", "t.toml:2:2: inline table 'a' cannot be extended");
    bad("[a.b.c]\nz = 9\n[a]\nb.c.t = 1",
        "t.toml:4:3: table 'b.c' is already defined; dotted keys cannot extend it");
    bad("[a.b]\n[a]\nb.x = 1", "t.toml:3:1: table 'b' is already defined; dotted keys cannot "
                               "extend it");
}

Test(toml, header_errors)
{
    bad("[[a]]", "t.toml:1:1: arrays of tables ([[...]]) are not supported");
    bad("x = 1\n  [[a.b]]\n", "t.toml:2:3: arrays of tables ([[...]]) are not supported");
    bad("[a", "t.toml:1:3: expected ']' to close the table header, found end of file");
    bad("[a\n]", "t.toml:1:3: expected ']' to close the table header, found end of line");
    bad("[]", "t.toml:1:2: expected a key, found ']'");
    bad("[a] x", "t.toml:1:5: expected a newline after the table header, found 'x'");
    bad("[a] = 1", "t.toml:1:5: expected a newline after the table header, found '='");
}

/* ---- strings ------------------------------------------------------------ */

Test(toml, basic_string_escapes)
{
    const struct toml_value *r =
        ok("s = \"q\\\" b\\\\ bs\\b t\\t n\\n f\\f r\\r u\\u00E9 U\\U0001F600 \\u20ac\"\n"
           "tab = \"a\tb\"\n"
           "raw = \"Ünïcödé ✓ 😀\"\n"
           "empty = \"\"\n");
    expect_str(r, "s", "q\" b\\ bs\b t\t n\n f\f r\r u\xC3\xA9 U\xF0\x9F\x98\x80 \xE2\x82\xAC");
    expect_str(r, "tab", "a\tb");
    expect_str(r, "raw", "Ünïcödé ✓ 😀");
    expect_str(r, "empty", "");
    cr_expect_eq(get(r, "s")->line, 1);
    cr_expect_eq(get(r, "s")->column, 5);
}

Test(toml, literal_strings)
{
    const struct toml_value *r = ok("p = 'C:\\Users\\nodejs\\templates'\n"
                                    "q = 'Tom \"Dubs\" Preston'\n"
                                    "e = ''\n"
                                    "t = 'a\tb'\n");
    expect_str(r, "p", "C:\\Users\\nodejs\\templates");
    expect_str(r, "q", "Tom \"Dubs\" Preston");
    expect_str(r, "e", "");
    expect_str(r, "t", "a\tb");
}

Test(toml, multiline_basic_strings)
{
    const struct toml_value *r = ok("a = \"\"\"\nRoses\nViolets\"\"\"\n"
                                    "b = \"\"\"The quick \\\n\n   brown \\\n   fox.\"\"\"\n"
                                    "c = \"\"\"Here are two quotes: \"\". Simple.\"\"\"\n"
                                    "d = \"\"\"\"one quote\"\"\"\"\n"
                                    "e = \"\"\"\"\"two quotes\"\"\"\"\"\n"
                                    "f = \"\"\"\"\"\"\n"
                                    "g = \"\"\"x\r\ny\\t\"\"\"\n"
                                    "h = \"\"\"trailing ws \\   \n  z\"\"\"\n"
                                    "i = \"\"\"\ttab\"\"\"\n");
    expect_str(r, "a", "Roses\nViolets");
    expect_str(r, "b", "The quick brown fox.");
    expect_str(r, "c", "Here are two quotes: \"\". Simple.");
    expect_str(r, "d", "\"one quote\"");
    expect_str(r, "e", "\"\"two quotes\"\"");
    expect_str(r, "f", "");
    expect_str(r, "g", "x\ny\t");
    expect_str(r, "h", "trailing ws z");
    expect_str(r, "i", "\ttab");
    /* lines after a multi-line string are counted */
    cr_expect_eq(get(r, "b")->line, 4);
    cr_expect_eq(get(r, "c")->line, 8);
}

Test(toml, multiline_literal_strings)
{
    const struct toml_value *r = ok("re = '''I [dw]on't need \\d{2} apples'''\n"
                                    "lines = '''\nThe first newline is\ntrimmed.\n'''\n"
                                    "q = ''''one'''' \n"
                                    "qq = '''''two'''''\n"
                                    "crlf = '''a\r\nb'''\n");
    expect_str(r, "re", "I [dw]on't need \\d{2} apples");
    expect_str(r, "lines", "The first newline is\ntrimmed.\n");
    expect_str(r, "q", "'one'");
    expect_str(r, "qq", "''two''");
    expect_str(r, "crlf", "a\nb");
}

Test(toml, string_errors_with_positions)
{
    bad("a = \"abc", "t.toml:1:5: unterminated string");
    bad("a = \"abc\nb = 1", "t.toml:1:5: unterminated string");
    bad("x = 1\n  key = 'abc", "t.toml:2:9: unterminated string");
    bad("a = 'abc\n'", "t.toml:1:5: unterminated string");
    bad("a = \"\"\"abc\n\n", "t.toml:1:5: unterminated string");
    bad("a = '''abc''", "t.toml:1:5: unterminated string");
    bad("a = \"x\\qy\"", "t.toml:1:7: invalid escape sequence '\\q'");
    bad("a = \"x\\ y\"", "t.toml:1:7: invalid escape sequence '\\ '");
    bad("a = \"\"\"x\\ y\"\"\"", "t.toml:1:9: invalid escape sequence '\\ '");
    bad("a = \"\\e\"", "t.toml:1:6: invalid escape sequence '\\e'");
    bad("a = \"\\x41\"", "t.toml:1:6: invalid escape sequence '\\x'");
    bad("a = \"\\", "t.toml:1:6: invalid escape sequence");
    bad("a = \"\\u12\"", "t.toml:1:6: invalid escape: \\u needs 4 hex digits");
    bad("a = \"\\u12G4\"", "t.toml:1:6: invalid escape: \\u needs 4 hex digits");
    bad("a = \"\\U0001F60\"", "t.toml:1:6: invalid escape: \\U needs 8 hex digits");
    bad("a = \"\\uD800\"", "t.toml:1:6: invalid escape: U+D800 is not a Unicode scalar value");
    bad("a = \"\\uDFFF\"", "t.toml:1:6: invalid escape: U+DFFF is not a Unicode scalar value");
    bad("a = \"\\U00110000\"",
        "t.toml:1:6: invalid escape: U+110000 is not a Unicode scalar value");
    bad("a = \"\\u0000\"", "t.toml:1:6: invalid escape: NUL (\\u0000) is not allowed");
    bad("a = 'x' 'y'", "t.toml:1:9: expected a newline after the value, found '''");
    bad("a = \"\"\"x\"\"\"\"\"\"", "t.toml:1:14: expected a newline after the value, found '\"'");
}

Test(toml, control_characters)
{
    bad("a = \"x\x01\"", "t.toml:1:7: control character U+0001 in string");
    bad("a = 'x\x1f'", "t.toml:1:7: control character U+001F in string");
    bad("a = \"x\x7f\"", "t.toml:1:7: control character U+007F in string");
    bad("a = \"\"\"x\x0b\"\"\"", "t.toml:1:9: control character U+000B in string");
    bad("a = '''\nx\x08'''", "t.toml:2:2: control character U+0008 in string");
    bad("a = \"x\ry\"", "t.toml:1:7: control character U+000D in string");
    bad("a = \"\"\"x\ry\"\"\"", "t.toml:1:9: control character U+000D in string");
    bad("# comment \x7f\n", "t.toml:1:11: control character U+007F in comment");
    bad_n("a = 1 # \x00 nul\n", 14, "t.toml:1:9: control character U+0000 in comment");
    bad_n("a = \"\x00\"", 7, "t.toml:1:6: control character U+0000 in string");
    bad("a = 1\rb = 2", "t.toml:1:6: expected a newline after the value, found control "
                        "character U+000D");
    bad("a = 1 # c\rb = 2", "t.toml:1:10: control character U+000D in comment");
    bad("\r", "t.toml:1:1: expected a key, found control character U+000D");
}

Test(toml, invalid_utf8)
{
    bad("a = \"\xff\"", "t.toml:1:6: invalid UTF-8 in string");
    bad("a = 'ok \xc3'", "t.toml:1:9: invalid UTF-8 in string");            /* truncated */
    bad("a = \"\xc0\x80\"", "t.toml:1:6: invalid UTF-8 in string");         /* overlong NUL */
    bad("a = \"\xe0\x80\xaf\"", "t.toml:1:6: invalid UTF-8 in string");     /* overlong '/' */
    bad("a = \"\xed\xa0\x80\"", "t.toml:1:6: invalid UTF-8 in string");     /* surrogate */
    bad("a = \"\xf4\x90\x80\x80\"", "t.toml:1:6: invalid UTF-8 in string"); /* > U+10FFFF */
    bad("a = \"\xf8\x88\x80\x80\x80\"", "t.toml:1:6: invalid UTF-8 in string");
    bad("a = '''\n\n  \x80'''", "t.toml:3:3: invalid UTF-8 in string");
    bad("# caf\xe9\n", "t.toml:1:6: invalid UTF-8 in comment");
    bad("\"k\xfe\" = 1", "t.toml:1:3: invalid UTF-8 in string");
    bad_n("a = \"\xe2\x82", 7, "t.toml:1:6: invalid UTF-8 in string"); /* cut by len */
    /* valid edges */
    const struct toml_value *r =
        ok("a = \"\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 "
           "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf\"\n");
    cr_expect_eq(get(r, "a")->u.str.len, 2 + 1 + 2 + 1 + 3 + 1 + 3 + 1 + 3 + 1 + 4 + 1 + 4);
}

/* ---- integers ----------------------------------------------------------- */

Test(toml, integers)
{
    const struct toml_value *r = ok("a = 99\nb = +42\nc = 0\nd = -17\ne = +0\nf = -0\n"
                                    "g = 1_000\nh = 5_349_221\ni = 53_49_221\nj = 1_2_3_4_5\n"
                                    "hex1 = 0xDEADBEEF\nhex2 = 0xdeadbeef\nhex3 = 0xdead_beef\n"
                                    "oct1 = 0o01234567\noct2 = 0o755\nbin1 = 0b11010110\n"
                                    "bin2 = 0b1_0\nhex0 = 0x0\n");
    expect_int(r, "a", 99);
    expect_int(r, "b", 42);
    expect_int(r, "c", 0);
    expect_int(r, "d", -17);
    expect_int(r, "e", 0);
    expect_int(r, "f", 0);
    expect_int(r, "g", 1000);
    expect_int(r, "h", 5349221);
    expect_int(r, "i", 5349221);
    expect_int(r, "j", 12345);
    expect_int(r, "hex1", 0xDEADBEEF);
    expect_int(r, "hex2", 0xDEADBEEF);
    expect_int(r, "hex3", 0xDEADBEEF);
    expect_int(r, "oct1", 01234567);
    expect_int(r, "oct2", 0755);
    expect_int(r, "bin1", 214);
    expect_int(r, "bin2", 2);
    expect_int(r, "hex0", 0);
}

Test(toml, integer_limits)
{
    const struct toml_value *r =
        ok("max = 9223372036854775807\n"
           "min = -9223372036854775808\n"
           "hmax = 0x7FFFFFFFFFFFFFFF\n"
           "omax = 0o777777777777777777777\n"
           "bmax = 0b111111111111111111111111111111111111111111111111111111111"
           "111111\n"
           "u = 9_223_372_036_854_775_807\n");
    expect_int(r, "max", INT64_MAX);
    expect_int(r, "min", INT64_MIN);
    expect_int(r, "hmax", INT64_MAX);
    expect_int(r, "omax", INT64_MAX);
    expect_int(r, "bmax", INT64_MAX);
    expect_int(r, "u", INT64_MAX);
}

Test(toml, integer_overflow)
{
    bad("a = 9223372036854775808",
        "t.toml:1:5: integer '9223372036854775808' does not fit in 64 bits");
    bad("a = -9223372036854775809",
        "t.toml:1:5: integer '-9223372036854775809' does not fit in 64 bits");
    bad("a = 99999999999999999999999",
        "t.toml:1:5: integer '99999999999999999999999' does not fit in 64 bits");
    bad("a = 0x8000000000000000",
        "t.toml:1:5: integer '0x8000000000000000' does not fit in 64 bits");
    bad("a = 0xFFFFFFFFFFFFFFFFF",
        "t.toml:1:5: integer '0xFFFFFFFFFFFFFFFFF' does not fit in 64 bits");
    bad("a = 0o1000000000000000000000",
        "t.toml:1:5: integer '0o1000000000000000000000' does not fit in 64 bits");
    bad("a = 0b1000000000000000000000000000000000000000000000000000000000000000",
        "t.toml:1:5: integer '0b10000000000000000000000000000000000000' does not fit in 64 "
        "bits");
}

Test(toml, integer_syntax_errors)
{
    bad("a = 01", "t.toml:1:5: leading zeros are not allowed in '01'");
    bad("a = -01", "t.toml:1:5: leading zeros are not allowed in '-01'");
    bad("a = 00", "t.toml:1:5: leading zeros are not allowed in '00'");
    bad("a = 0_1", "t.toml:1:5: leading zeros are not allowed in '0_1'");
    bad("a = 007.5", "t.toml:1:5: leading zeros are not allowed in '007.5'");
    bad("a = 1__000", "t.toml:1:5: invalid number '1__000': '_' must be between digits");
    bad("a = 1_", "t.toml:1:5: invalid number '1_': '_' must be between digits");
    bad("a = _1", "t.toml:1:5: invalid number '_1'");
    bad("a = +", "t.toml:1:5: invalid number '+'");
    bad("a = -", "t.toml:1:5: invalid number '-'");
    bad("a = 1-2", "t.toml:1:5: invalid number '1-2'");
    bad("a = 12a", "t.toml:1:5: invalid number '12a'");
    bad("a = +0x1", "t.toml:1:5: a sign is not allowed on a hexadecimal integer");
    bad("a = -0o7", "t.toml:1:5: a sign is not allowed on a octal integer");
    bad("a = -0b1", "t.toml:1:5: a sign is not allowed on a binary integer");
    bad("a = 0x", "t.toml:1:5: invalid hexadecimal integer '0x'");
    bad("a = 0x_1", "t.toml:1:5: invalid hexadecimal integer '0x_1'");
    bad("a = 0xG", "t.toml:1:5: invalid hexadecimal integer '0xG'");
    bad("a = 0o8", "t.toml:1:5: invalid octal integer '0o8'");
    bad("a = 0b102", "t.toml:1:5: invalid binary integer '0b102'");
    bad("a = 0X1F", "t.toml:1:5: invalid number '0X1F'");
    bad("a = 1 2", "t.toml:1:7: expected a newline after the value, found '2'");
    bad("a = 1,", "t.toml:1:6: expected a newline after the value, found ','");
}

/* ---- floats, booleans, dates -------------------------------------------- */

Test(toml, floats)
{
    const struct toml_value *r = ok("a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\n"
                                    "f = -2E-2\ng = 6.626e-34\nh = 224_617.445_991_228\n"
                                    "i = 0e0\nj = 0.0\nk = -0.0\nl = 1e1_0\nm = 1E-400\n");
    expect_float(r, "a", 1.0);
    expect_float(r, "b", 3.1415);
    expect_float(r, "c", -0.01);
    expect_float(r, "d", 5e22);
    expect_float(r, "e", 1e6);
    expect_float(r, "f", -2e-2);
    expect_float(r, "g", 6.626e-34);
    expect_float(r, "h", 224617.445991228);
    expect_float(r, "i", 0.0);
    expect_float(r, "j", 0.0);
    expect_float(r, "k", 0.0);
    cr_expect(signbit(get(r, "k")->u.f));
    expect_float(r, "l", 1e10);
    expect_float(r, "m", 0.0); /* underflow rounds to zero */
}

Test(toml, special_floats)
{
    const struct toml_value *r =
        ok("a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\ng = [inf,nan]\n");
    cr_expect(isinf(get(r, "a")->u.f) && get(r, "a")->u.f > 0);
    cr_expect(isinf(get(r, "b")->u.f) && get(r, "b")->u.f > 0);
    cr_expect(isinf(get(r, "c")->u.f) && get(r, "c")->u.f < 0);
    cr_expect(isnan(get(r, "d")->u.f));
    cr_expect(isnan(get(r, "e")->u.f));
    cr_expect(isnan(get(r, "f")->u.f));
    cr_expect_eq(get(r, "g")->u.arr.items[0]->type, TOML_FLOAT);
}

Test(toml, float_errors)
{
    bad("a = 1.", "t.toml:1:5: invalid number '1.'");
    bad("a = .5", "t.toml:1:5: invalid number '.5'");
    bad("a = 1.e5", "t.toml:1:5: invalid number '1.e5'");
    bad("a = 1e", "t.toml:1:5: invalid number '1e'");
    bad("a = 1e+", "t.toml:1:5: invalid number '1e+'");
    bad("a = 1.5.2", "t.toml:1:5: invalid number '1.5.2'");
    bad("a = 1e5.5", "t.toml:1:5: invalid number '1e5.5'");
    bad("a = 1._5", "t.toml:1:5: invalid number '1._5': '_' must be between digits");
    bad("a = 1.5_", "t.toml:1:5: invalid number '1.5_': '_' must be between digits");
    bad("a = 1e400", "t.toml:1:5: float '1e400' is out of range");
    bad("a = -1.8e308", "t.toml:1:5: float '-1.8e308' is out of range");
    bad("a = infinity", "t.toml:1:5: invalid value 'infinity' (strings must be quoted)");
    bad("a = NaN", "t.toml:1:5: invalid value 'NaN' (strings must be quoted)");
    bad("a = +inf_", "t.toml:1:5: invalid number '+inf_'");
}

Test(toml, booleans)
{
    const struct toml_value *r = ok("t = true\nf = false\n");
    cr_expect_eq(get(r, "t")->type, TOML_BOOL);
    cr_expect(get(r, "t")->u.b);
    cr_expect_not(get(r, "f")->u.b);
    bad("a = True", "t.toml:1:5: invalid value 'True' (strings must be quoted)");
    bad("a = truex", "t.toml:1:5: invalid value 'truex' (strings must be quoted)");
    bad("a = yes", "t.toml:1:5: invalid value 'yes' (strings must be quoted)");
    bad("a = bare words", "t.toml:1:5: invalid value 'bare' (strings must be quoted)");
}

Test(toml, dates_and_times_are_refused)
{
    bad("d = 1979-05-27", "t.toml:1:5: dates and times are not supported");
    bad("d = 1979-05-27T07:32:00Z", "t.toml:1:5: dates and times are not supported");
    bad("d = 1979-05-27 07:32:00", "t.toml:1:5: dates and times are not supported");
    bad("x = 1\n  d = 07:32:00", "t.toml:2:7: dates and times are not supported");
    bad("d = [1979-05-27]", "t.toml:1:6: dates and times are not supported");
}

Test(toml, missing_values)
{
    bad("a =", "t.toml:1:4: expected a value, found end of file");
    bad("a = ", "t.toml:1:5: expected a value, found end of file");
    bad("a = \nb = 1", "t.toml:1:5: expected a value, found end of line");
    bad("a = # c", "t.toml:1:5: expected a value, found '#'");
    bad("a = =", "t.toml:1:5: expected a value, found '='");
    bad("a = }", "t.toml:1:5: expected a value, found '}'");
    bad("a = \xc3\xa9", "t.toml:1:5: expected a value, found '\xc3\xa9'");
}

/* ---- arrays ------------------------------------------------------------- */

Test(toml, arrays)
{
    const struct toml_value *r = ok("e = []\n"
                                    "i = [ 1, 2, 3 ]\n"
                                    "s = [\"red\", 'yellow', \"\"\"green\"\"\"]\n"
                                    "n = [ [ 1, 2 ], [3, 4, 5], [] ]\n"
                                    "m = [ 0.1, \"x\", true, [1], {a = 1} ]\n"
                                    "ml = [\n"
                                    "  1, # one\n"
                                    "  # a comment line\n"
                                    "\n"
                                    "  2,\n"
                                    "]\n"
                                    "t = [1,]\n"
                                    "o = [{x = 1}, {x = 2, y = {z = 3}}]\n");
    cr_expect_eq(get(r, "e")->type, TOML_ARRAY);
    cr_expect_eq(get(r, "e")->u.arr.n, 0);
    const struct toml_value *i = get(r, "i");
    cr_assert_eq(i->u.arr.n, 3);
    cr_expect_eq(i->u.arr.items[2]->u.i, 3);
    cr_expect_eq(i->u.arr.items[1]->column, 10);
    cr_expect_str_eq(get(r, "s")->u.arr.items[2]->u.str.ptr, "green");
    const struct toml_value *n = get(r, "n");
    cr_assert_eq(n->u.arr.n, 3);
    cr_expect_eq(n->u.arr.items[1]->u.arr.n, 3);
    cr_expect_eq(n->u.arr.items[1]->u.arr.items[2]->u.i, 5);
    cr_expect_eq(n->u.arr.items[2]->u.arr.n, 0);
    const struct toml_value *m = get(r, "m");
    cr_assert_eq(m->u.arr.n, 5);
    cr_expect_eq(m->u.arr.items[0]->type, TOML_FLOAT);
    cr_expect_eq(m->u.arr.items[1]->type, TOML_STRING);
    cr_expect_eq(m->u.arr.items[2]->type, TOML_BOOL);
    cr_expect_eq(m->u.arr.items[3]->type, TOML_ARRAY);
    cr_expect_eq(m->u.arr.items[4]->type, TOML_TABLE);
    const struct toml_value *ml = get(r, "ml");
    cr_assert_eq(ml->u.arr.n, 2);
    cr_expect_eq(ml->u.arr.items[1]->line, 10);
    cr_expect_eq(get(r, "t")->u.arr.n, 1);
    const struct toml_value *o = get(r, "o");
    cr_expect_eq(toml_get(toml_get(o->u.arr.items[1], "y"), "z")->u.i, 3);
    cr_expect(o->u.arr.items[0]->u.tab.inline_table);
}

Test(toml, array_errors)
{
    bad("a = [1 2]", "t.toml:1:8: expected ',' or ']' in array, found '2'");
    bad("a = [1,,2]", "t.toml:1:8: expected a value, found ','");
    bad("a = [,]", "t.toml:1:6: expected a value, found ','");
    bad("a = [1, 2", "t.toml:1:5: unterminated array");
    bad("a = [", "t.toml:1:5: unterminated array");
    bad("a = [\n1,\n2\n", "t.toml:1:5: unterminated array");
    bad("a = [1}", "t.toml:1:7: expected ',' or ']' in array, found '}'");
    bad("a = [1]]", "t.toml:1:8: expected a newline after the value, found ']'");
    bad("a = [ # c \x01\n]", "t.toml:1:11: control character U+0001 in comment");
    bad("a = [\"x\", 01]", "t.toml:1:11: leading zeros are not allowed in '01'");
}

/* ---- inline tables ------------------------------------------------------ */

Test(toml, inline_tables)
{
    const struct toml_value *r = ok("name = { first = \"Tom\", last = \"Preston-Werner\" }\n"
                                    "point = {x=1,y=2}\n"
                                    "empty = {}\n"
                                    "spaced = {   }\n"
                                    "animal = { type.name = \"pug\", type.size = 3 }\n"
                                    "nested = { a = { b = { c = [1, {d = true}] } } }\n");
    expect_str(r, "name.first", "Tom");
    expect_str(r, "name.last", "Preston-Werner");
    expect_int(r, "point.y", 2);
    cr_expect_eq(get(r, "empty")->u.tab.n, 0);
    cr_expect_eq(get(r, "spaced")->u.tab.n, 0);
    expect_str(r, "animal.type.name", "pug");
    expect_int(r, "animal.type.size", 3);
    cr_expect(get(r, "name")->u.tab.inline_table);
    cr_expect(get(r, "empty")->u.tab.inline_table);
    cr_expect(get(r, "animal.type")->u.tab.inline_table); /* closed with its parent */
    cr_expect(get(r, "nested.a.b")->u.tab.inline_table);
    const struct toml_value *c = get(r, "nested.a.b.c");
    cr_expect(toml_get(c->u.arr.items[1], "d")->u.b);
    cr_expect_eq(get(r, "point")->line, 2);
    cr_expect_eq(get(r, "point")->column, 9);
}

Test(toml, inline_table_errors)
{
    bad("a = {x = 1,}", "t.toml:1:11: trailing comma in inline table");
    bad("a = {x = 1, }", "t.toml:1:11: trailing comma in inline table");
    bad("a = {x = 1\n}", "t.toml:1:11: an inline table must be on one line");
    bad("a = {\nx = 1}", "t.toml:1:6: an inline table must be on one line");
    bad("a = {x = 1,\ny = 2}", "t.toml:1:12: an inline table must be on one line");
    bad("a = {x = 1", "t.toml:1:5: unterminated inline table");
    bad("a = {", "t.toml:1:5: unterminated inline table");
    bad("a = {x = 1 y = 2}", "t.toml:1:12: expected ',' or '}' in inline table, found 'y'");
    bad("a = {x = 1 # c\n}", "t.toml:1:12: expected ',' or '}' in inline table, found '#'");
    bad("a = {,}", "t.toml:1:6: expected a key, found ','");
    bad("a = {x}", "t.toml:1:7: expected '=' after the key, found '}'");
    bad("a = {x.y = 1, x = 2}", "t.toml:1:15: duplicate key 'x'");
    bad("a = {x = {y = 1}, x.z = 2}", "t.toml:1:19: inline table 'x' cannot be extended");
}

/* ---- newline after a value ---------------------------------------------- */

Test(toml, one_key_value_per_line)
{
    bad("a = 1 b = 2", "t.toml:1:7: expected a newline after the value, found 'b'");
    bad("a = \"x\"y", "t.toml:1:8: expected a newline after the value, found 'y'");
    bad("a = [1] [2]", "t.toml:1:9: expected a newline after the value, found '['");
    bad("a = {} x", "t.toml:1:8: expected a newline after the value, found 'x'");
    bad("a = 1\n\n\n   b = 2 3", "t.toml:4:10: expected a newline after the value, found '3'");
    bad("a = 1\r\nb = 2\r\nc", "t.toml:3:2: expected '=' after the key, found end of file");
}

/* ---- bounds ------------------------------------------------------------- */

/* prefix + n x open + m x close + tail, caller frees. */
static char *nest(const char *prefix, const char *open, int n, const char *close, int m,
                  const char *tail)
{
    size_t len =
        strlen(prefix) + strlen(open) * (size_t)n + strlen(close) * (size_t)m + strlen(tail) + 1;
    char *s = malloc(len);
    char *p = s + sprintf(s, "%s", prefix);
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s", open);
    for (int i = 0; i < m; i++)
        p += sprintf(p, "%s", close);
    sprintf(p, "%s", tail);
    return s;
}

Test(toml, nesting_of_arrays_is_bounded)
{
    /* The root is depth 0; every value must be at most 64 levels down. */
    char *s = nest("a = ", "[", 64, "]", 64, "\n"); /* innermost [] at depth 64 */
    ok(s);
    free(s);
    s = nest("a = ", "[", 63, "", 0, "1");
    char *t = nest(s, "", 0, "]", 63, "\n"); /* 1 at depth 64 */
    ok(t);
    free(t);
    free(s);
    s = nest("a = ", "[", 65, "]", 65, "");
    bad(s, "t.toml:1:69: nesting is deeper than 64 levels");
    free(s);
    s = nest("a = ", "[", 64, "1", 1, "");
    bad(s, "t.toml:1:69: nesting is deeper than 64 levels");
    free(s);
    s = nest("a = ", "[", 100000, "", 0, ""); /* no stack overflow */
    bad(s, "t.toml:1:69: nesting is deeper than 64 levels");
    free(s);
    s = nest("a = ", "[\n", 100, "", 0, "");
    bad(s, "t.toml:65:1: nesting is deeper than 64 levels");
    free(s);
}

Test(toml, nesting_of_tables_is_bounded)
{
    char *s = nest("a = ", "{b = ", 63, "", 0, "{}");
    char *t = nest(s, "", 0, "}", 63, ""); /* innermost {} at depth 64 */
    ok(t);
    free(t);
    free(s);
    s = nest("a = ", "{b = ", 64, "}", 64, "");
    bad(s, "t.toml:1:325: nesting is deeper than 64 levels"); /* the value of the 64th b */
    free(s);
    s = nest("", "k.", 63, "", 0, "k = 1"); /* 64 parts */
    ok(s);
    free(s);
    s = nest("", "k.", 64, "", 0, "k = 1");
    bad(s, "t.toml:1:129: nesting is deeper than 64 levels");
    free(s);
    s = nest("[", "k.", 62, "", 0, "k]\nx = 1\n"); /* table at depth 63 */
    ok(s);
    free(s);
    s = nest("[", "k.", 63, "", 0, "k]\nx = 1\n"); /* table at depth 64 */
    bad(s, "t.toml:2:5: nesting is deeper than 64 levels");
    free(s);
    s = nest("[", "k.", 62, "", 0, "k]\ny = {z = 1}\n");
    bad(s, "t.toml:2:10: nesting is deeper than 64 levels");
    free(s);
    s = nest("[", "k.", 62, "", 0, "k]\ny.z = 1\n");
    bad(s, "t.toml:2:7: nesting is deeper than 64 levels"); /* y is 64, 1 would be 65 */
    free(s);
    s = nest("[", "k.", 1000, "", 0, "k]\n");
    bad(s, "t.toml:1:130: nesting is deeper than 64 levels");
    free(s);
}

Test(toml, input_need_not_be_nul_terminated)
{
    struct toml_value *root;
    struct err e = {0};
    cr_assert_eq(parse_n("a = 12345", 5, &root, &e), 0, "%s", e.msg);
    expect_int(root, "a", 1);
    cr_assert_eq(parse_n("a = trueX", 8, &root, &e), 0, "%s", e.msg);
    cr_expect(get(root, "a")->u.b);
    cr_assert_eq(parse_n("a = \"x\"   ", 7, &root, &e), 0, "%s", e.msg);
    expect_str(root, "a", "x");
    cr_assert_eq(parse_n("a = 1 # comment", 9, &root, &e), 0, "%s", e.msg);
    bad_n("a = \"abc\"", 8, "t.toml:1:5: unterminated string");
    bad_n("a = \"\"\"abc\"\"\"", 12, "t.toml:1:5: unterminated string");
    bad_n("a = '''abc'''", 11, "t.toml:1:5: unterminated string");
    bad_n("a = [1, 2]", 9, "t.toml:1:5: unterminated array");
    bad_n("a = {b = 1}", 10, "t.toml:1:5: unterminated inline table");
    bad_n("a = \"\\u00e9\"", 9, "t.toml:1:6: invalid escape: \\u needs 4 hex digits");
    bad_n("[abc]", 4, "t.toml:1:5: expected ']' to close the table header, found end of file");
    bad_n("a = 1e5", 6, "t.toml:1:5: invalid number '1e'");
    bad_n("a = \"\\", 6, "t.toml:1:6: invalid escape sequence");
}

Test(toml, empty_input_with_null_pointer)
{
    struct toml_value *root;
    struct err e = {0};
    cr_assert_eq(toml_parse(ctx, NULL, 0, "t.toml", &root, &e), 0);
    cr_expect_eq(root->u.tab.n, 0);
}

/* Random concatenations of tricky pieces: each must give 0 or ERR_CONFIG
 * with a located message, never a crash (a small deterministic fuzz run). */
Test(toml, random_inputs_never_crash)
{
    static const char *const pieces[] = {
        "[",  "]",      "{",          "}",   "=",           ",",    ".",          "\"",
        "'",  "\"\"\"", "'''",        "\\",  "\\u",         "#",    "\n",         "\r\n",
        "\r", " ",      "\t",         "a",   "b",           "1",    "0x",         "_",
        "-",  "+",      "e",          "inf", "true",        "\xc3", "\xa9",       "\xff",
        "[[", "a.b",    "1979-05-27", ":",   "\\U0001F600", "nan",  "9999999999", "0",
    };
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    char buf[256];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 0;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        int n = (int)(seed % 24);
        for (int k = 0; k < n; k++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            const char *p = pieces[seed % (sizeof(pieces) / sizeof(pieces[0]))];
            size_t pl = strlen(p);
            if (len + pl > sizeof(buf))
                break;
            memcpy(buf + len, p, pl);
            len += pl;
        }
        if (iter % 7 == 0 && len > 0)
            buf[seed % len] = '\0'; /* and embedded NULs */
        struct toml_value *root = NULL;
        struct err e = {0};
        int rc = parse_n(buf, len, &root, &e);
        cr_assert(rc == 0 || rc == ERR_CONFIG, "rc %d", rc);
        if (rc == 0)
            cr_assert_not_null(root);
        else
            cr_assert(strncmp(e.msg, "t.toml:", 7) == 0, "%s", e.msg);
        mem_ctx_reset(ctx);
    }
}

/* ---- lookup helpers ----------------------------------------------------- */

Test(toml, get_and_type_names)
{
    const struct toml_value *r = ok("a = 1\n");
    cr_expect_null(toml_get(r, "b"));
    cr_expect_null(toml_get(get(r, "a"), "x")); /* not a table */
    cr_expect_null(toml_get(NULL, "a"));
    cr_expect_str_eq(toml_type_name(TOML_STRING), "string");
    cr_expect_str_eq(toml_type_name(TOML_INTEGER), "integer");
    cr_expect_str_eq(toml_type_name(TOML_FLOAT), "float");
    cr_expect_str_eq(toml_type_name(TOML_BOOL), "boolean");
    cr_expect_str_eq(toml_type_name(TOML_ARRAY), "array");
    cr_expect_str_eq(toml_type_name(TOML_TABLE), "table");
}

Test(toml, everything_is_allocated_in_the_context)
{
    struct mem_ctx *mine = mem_ctx_new(NULL, "mine");
    struct toml_value *root;
    struct err e = {0};
    const char *text = "[a]\nb = [\"x\", {c = 1}]\nd = \"\"\"long\nstring\"\"\"\n";
    cr_assert_eq(toml_parse(mine, text, strlen(text), "t.toml", &root, &e), 0);
    cr_expect_gt(mem_ctx_total_bytes(mine), 0);
    mem_ctx_free(mine); /* nothing else to free; LeakSanitizer checks */
}

Test(toml, documents_over_16_mib_are_refused)
{
    size_t n = ((size_t)16 << 20) + 1;
    char *text = malloc(n);
    memset(text, '\n', n);
    bad_n(text, n, "t.toml:1:1: document is larger than 16 MiB");
    struct toml_value *root;
    struct err e = {0};
    cr_expect_eq(parse_n(text, n - 1, &root, &e), 0, "%s", e.msg);
    free(text);
}
