/* test_str.c — sbuf, JSON escaping, edit distance, host:port parsing. */
#include "common/str.h"

#include "common/err.h"
#include "common/mem.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

Test(sbuf, append_and_binary_bytes)
{
    struct sbuf b;
    sbuf_init(&b);
    cr_expect_eq(b.len, 0);
    cr_expect_str_eq(b.data, "");
    sbuf_puts(&b, "ab");
    sbuf_putc(&b, 'c');
    sbuf_append(&b, "d\0e", 3);
    sbuf_append(&b, NULL, 0);
    cr_expect_eq(b.len, 6, "len counts the NUL byte");
    cr_expect_eq(memcmp(b.data, "abcd\0e", 7), 0, "and a terminator follows");
    sbuf_reset(&b);
    cr_expect_eq(b.len, 0);
    cr_expect_str_eq(b.data, "");
    cr_expect_geq(b.cap, 7, "reset keeps the memory");
    sbuf_free(&b);
    cr_expect_null(b.data);
}

Test(sbuf, growth_keeps_terminator)
{
    struct sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < 10000; i++) {
        sbuf_putc(&b, (char)('a' + i % 26));
        cr_assert_lt(b.len, b.cap);
        cr_assert_eq(b.data[b.len], '\0');
    }
    cr_expect_eq(strlen(b.data), 10000);
    cr_expect_eq(b.data[9999], 'a' + 9999 % 26);
    sbuf_reserve(&b, 100000);
    cr_expect_geq(b.cap, b.len + 100000 + 1);
    sbuf_free(&b);
}

Test(sbuf, printf_growth)
{
    struct sbuf b;
    char big[3000];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    sbuf_init(&b);
    sbuf_printf(&b, "%d-%s", 42, "x");
    cr_expect_str_eq(b.data, "42-x");
    sbuf_printf(&b, "[%s]", big);
    cr_expect_eq(b.len, 4 + sizeof(big) + 1);
    cr_expect_eq(strlen(b.data), b.len);
    cr_expect_eq(b.data[4], '[');
    cr_expect_eq(b.data[b.len - 1], ']');
    sbuf_printf(&b, "%s", "");
    cr_expect_eq(b.len, 4 + sizeof(big) + 1);
    for (int i = 0; i < 1000; i++)
        sbuf_printf(&b, "%05d", i);
    cr_expect_eq(b.len, 4 + sizeof(big) + 1 + 5000);
    cr_expect_eq(memcmp(b.data + b.len - 5, "00999", 5), 0);
    sbuf_free(&b);
}

/* Output that fills the free room exactly, or one byte less, or one more:
 * the terminator must still fit and nothing may be cut. */
Test(sbuf, printf_at_the_room_boundary)
{
    for (int extra = -1; extra <= 1; extra++) {
        struct sbuf b;
        sbuf_init(&b);
        size_t room = b.cap - b.len;
        char s[256];
        size_t n = room - 1 + (size_t)(extra + 1) - 1; /* room-2, room-1, room */
        memset(s, 'a' + extra + 1, n);
        s[n] = '\0';
        sbuf_printf(&b, "%s", s);
        cr_expect_eq(b.len, n);
        cr_expect_str_eq(b.data, s);
        sbuf_printf(&b, "%d", 7);
        cr_expect_eq(b.len, n + 1);
        cr_expect_eq(b.data[n], '7');
        cr_expect_eq(b.data[n + 1], '\0');
        sbuf_free(&b);
    }
}

Test(sbuf, put_i64)
{
    static const int64_t vals[] = {0,   1,         -1,        9,         10,
                                   -10, 123456789, INT32_MIN, INT64_MAX, INT64_MIN};
    struct sbuf b, want;
    sbuf_init(&b);
    sbuf_init(&want);
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        sbuf_put_i64(&b, vals[i]);
        sbuf_putc(&b, ',');
        sbuf_printf(&want, "%lld,", (long long)vals[i]);
    }
    cr_expect_str_eq(b.data, want.data);
    cr_expect_str_eq(b.data, "0,1,-1,9,10,-10,123456789,-2147483648,9223372036854775807,"
                             "-9223372036854775808,");
    sbuf_free(&b);
    sbuf_free(&want);
}

Test(sbuf, zeroed_and_detached_buffers_work)
{
    struct sbuf b = {0};
    sbuf_reset(&b);
    sbuf_puts(&b, "from zero");
    cr_expect_str_eq(b.data, "from zero");
    char *s = sbuf_detach(&b);
    cr_expect_str_eq(s, "from zero");
    cr_expect_null(b.data);
    cr_expect_eq(b.len, 0);
    xfree(s);
    sbuf_printf(&b, "%s", "again");
    cr_expect_str_eq(b.data, "again");
    sbuf_free(&b);
    s = sbuf_detach(&b);
    cr_expect_str_eq(s, "", "detaching an empty buffer gives an empty string");
    xfree(s);
}

static void expect_json(const char *in, const char *want)
{
    struct sbuf b;
    sbuf_init(&b);
    sbuf_json_str(&b, in);
    cr_expect_str_eq(b.data, want);
    sbuf_free(&b);
}

Test(sbuf, json_escaping)
{
    expect_json("", "\"\"");
    expect_json("plain", "\"plain\"");
    expect_json("say \"hi\"", "\"say \\\"hi\\\"\"");
    expect_json("C:\\dir", "\"C:\\\\dir\"");
    expect_json("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
    expect_json("\x01\x08\x0c\x1f", "\"\\u0001\\u0008\\u000c\\u001f\"");
    expect_json("caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"");
    expect_json("del\x7f/", "\"del\x7f/\"");
}

Test(str, edit_distance)
{
    cr_expect_eq(str_edit_distance("", ""), 0);
    cr_expect_eq(str_edit_distance("", "abc"), 3);
    cr_expect_eq(str_edit_distance("abc", ""), 3);
    cr_expect_eq(str_edit_distance("same", "same"), 0);
    cr_expect_eq(str_edit_distance("kitten", "sitting"), 3);
    cr_expect_eq(str_edit_distance("sitting", "kitten"), 3);
    cr_expect_eq(str_edit_distance("flaw", "lawn"), 2);
    cr_expect_eq(str_edit_distance("ab", "ba"), 2, "no transpositions in Levenshtein");
    cr_expect_eq(str_edit_distance("node_id", "nodeid"), 1);
}

Test(str, closest)
{
    static const char *const keys[] = {"node_id", "data_directory", "bind_address", "sql_address",
                                       "node_ix"};
    cr_expect_str_eq(str_closest("nodeid", keys, 5, 3), "node_id");
    cr_expect_str_eq(str_closest("node_iy", keys, 5, 3), "node_id", "ties: first");
    cr_expect_str_eq(str_closest("sql_adress", keys, 5, 2), "sql_address");
    cr_expect_null(str_closest("completely_else", keys, 5, 3));
    cr_expect_null(str_closest("nodeid", keys, 0, 3));
    cr_expect_str_eq(str_closest("node_id", keys, 5, 0), "node_id");
    cr_expect_null(str_closest("node_i", keys, 5, 0));
    cr_expect_str_eq(str_closest("zzz", keys, 5, SIZE_MAX), "node_id", "no limit");
}

Test(str, has_prefix)
{
    cr_expect(str_has_prefix("SHARDFORGE_RAFT", "SHARDFORGE_"));
    cr_expect(str_has_prefix("abc", ""));
    cr_expect(str_has_prefix("abc", "abc"));
    cr_expect_not(str_has_prefix("ab", "abc"));
    cr_expect_not(str_has_prefix("xbc", "a"));
}

static void expect_hostport(const char *s, const char *host, int port)
{
    char h[64] = "untouched";
    int p = -1;
    cr_expect_eq(str_parse_hostport(s, h, sizeof(h), &p), 0, "\"%s\"", s);
    cr_expect_str_eq(h, host, "\"%s\"", s);
    cr_expect_eq(p, port, "\"%s\"", s);
}

static void expect_bad_hostport(const char *s)
{
    char h[64] = "untouched";
    int p = -1;
    cr_expect_eq(str_parse_hostport(s, h, sizeof(h), &p), ERR_INVAL, "\"%s\" accepted", s);
    cr_expect_str_eq(h, "untouched", "\"%s\": outputs left alone", s);
    cr_expect_eq(p, -1);
}

Test(str, hostport)
{
    expect_hostport("127.0.0.1:5432", "127.0.0.1", 5432);
    expect_hostport("localhost:1", "localhost", 1);
    expect_hostport("db.example.com:65535", "db.example.com", 65535);
    expect_hostport("[::1]:26257", "::1", 26257);
    expect_hostport("[fe80::1%eth0]:80", "fe80::1%eth0", 80);
    expect_hostport("[2001:db8::7]:9090", "2001:db8::7", 9090);
    expect_hostport("h:00080", "h", 80);

    static const char *const bad[] = {
        "",           "localhost",   "localhost:", ":5432",    "host:0",  "host:65536",
        "host:99999", "host:123456", "host:-1",    "host:+80", "host:8a", "host:80 ",
        "::1:80",     "[::1]",       "[::1]:",     "[::1]80",  "[]:80",   "[::1:80",
        "a:b:80",     "host: 80",    "host:0x50",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_bad_hostport(bad[i]);
    expect_bad_hostport(NULL);
}

Test(str, hostport_host_capacity)
{
    char h[4];
    int p = 0;
    cr_expect_eq(str_parse_hostport("abc:1", h, sizeof(h), &p), 0);
    cr_expect_str_eq(h, "abc");
    cr_expect_eq(str_parse_hostport("abcd:1", h, sizeof(h), &p), ERR_INVAL, "host too long");
    cr_expect_eq(str_parse_hostport("[abcd]:1", h, sizeof(h), &p), ERR_INVAL);
}
