/* test_err.c — the error table, SQLSTATEs, message chains, errno mapping. */
#include "common/err.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

Test(err, codes_follow_table_order)
{
    cr_expect_eq(ERR_OK, 0);
    cr_expect_eq(ERR_NOMEM, -1);
    cr_expect_eq(ERR_INVAL, -2);
    cr_expect_eq(ERR_INTERNAL, -ERR__COUNT, "last row");
}

Test(err, every_row_has_a_message_and_sqlstate)
{
#define CHECK(name, state, msg)                        \
    cr_expect_str_eq(err_str(ERR_##name), msg, #name); \
    cr_expect_str_eq(err_code_sqlstate(ERR_##name), state, #name);
    ERR_MAP(CHECK)
#undef CHECK
    for (int code = -1; code >= -ERR__COUNT; code--) {
        const char *s = err_code_sqlstate(code);
        cr_assert_eq(strlen(s), 5, "code %d", code);
        for (int i = 0; i < 5; i++)
            cr_expect((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z'), "code %d: %s",
                      code, s);
        cr_expect_str_neq(err_str(code), "unknown error");
    }
}

Test(err, sqlstates_that_clients_depend_on)
{
    cr_expect_str_eq(err_code_sqlstate(ERR_NOMEM), "53200");
    cr_expect_str_eq(err_code_sqlstate(ERR_CONFLICT), "40001");
    cr_expect_str_eq(err_code_sqlstate(ERR_DEADLOCK), "40P01");
    cr_expect_str_eq(err_code_sqlstate(ERR_UNSUPPORTED), "0A000");
    cr_expect_str_eq(err_code_sqlstate(ERR_SHUTDOWN), "57P01");
    cr_expect_str_eq(err_code_sqlstate(ERR_CORRUPT), "XX001");
}

Test(err, codes_outside_the_table)
{
    cr_expect_str_eq(err_str(0), "ok");
    cr_expect_str_eq(err_code_sqlstate(0), "00000");
    static const int odd[] = {1, 42, INT_MAX, -ERR__COUNT - 1, -1000, INT_MIN + 1, INT_MIN};
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        cr_expect_str_eq(err_str(odd[i]), "unknown error", "code %d", odd[i]);
        cr_expect_str_eq(err_code_sqlstate(odd[i]), "XX000", "code %d", odd[i]);
    }
}

Test(err, set_and_clear)
{
    struct err e = {0};
    cr_expect_eq(e.code, 0, "zeroed means no error");
    cr_expect_str_eq(err_sqlstate(&e), "00000");
    cr_expect_eq(err_set(&e, ERR_INVAL, "bad port %d", 99999), ERR_INVAL);
    cr_expect_eq(e.code, ERR_INVAL);
    cr_expect_str_eq(e.msg, "bad port 99999");
    cr_expect_str_eq(err_sqlstate(&e), "22023");
    err_clear(&e);
    cr_expect_eq(e.code, 0);
    cr_expect_str_eq(e.msg, "");
    cr_expect_str_eq(err_sqlstate(&e), "00000");
    cr_expect_eq(err_set(NULL, ERR_IO, "nowhere"), ERR_IO, "NULL err still returns the code");
    err_clear(NULL);
}

Test(err, explicit_sqlstate)
{
    struct err e = {0};
    cr_expect_eq(err_set_state(&e, ERR_INVAL, "42601", "syntax error at %s", "FROM"), ERR_INVAL);
    cr_expect_str_eq(err_sqlstate(&e), "42601");
    cr_expect_str_eq(e.msg, "syntax error at FROM");
    /* A later plain set drops the explicit state. */
    err_set(&e, ERR_NOTFOUND, "table t");
    cr_expect_str_eq(err_sqlstate(&e), "42704");
    /* A malformed state is ignored: the code's default applies. */
    err_set_state(&e, ERR_LIMIT, "123", "x");
    cr_expect_str_eq(err_sqlstate(&e), "54000");
    err_set_state(&e, ERR_LIMIT, "123456", "x");
    cr_expect_str_eq(err_sqlstate(&e), "54000");
    err_set_state(&e, ERR_LIMIT, NULL, "x");
    cr_expect_str_eq(err_sqlstate(&e), "54000");
    cr_expect_eq(err_set_state(NULL, ERR_LIMIT, "54001", "x"), ERR_LIMIT);
}

Test(err, prefix_chain)
{
    struct err e = {0};
    err_set(&e, ERR_IO, "ENOSPC");
    cr_expect_eq(err_prefix(&e, "raft append"), ERR_IO);
    err_prefix(&e, "range %d", 7);
    err_prefix(&e, "commit");
    cr_expect_str_eq(e.msg, "commit: range 7: raft append: ENOSPC");
    cr_expect_eq(e.code, ERR_IO, "prefixing keeps the code");
    cr_expect_eq(err_prefix(NULL, "x"), 0);
}

Test(err, long_messages_are_truncated)
{
    struct err e = {0};
    char big[3 * ERR_MSG_MAX];
    memset(big, 'm', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    err_set(&e, ERR_INTERNAL, "%s", big);
    cr_expect_eq(strlen(e.msg), ERR_MSG_MAX - 1);
    err_prefix(&e, "outer");
    cr_expect_eq(strlen(e.msg), ERR_MSG_MAX - 1);
    cr_expect(strncmp(e.msg, "outer: mmm", 10) == 0);
    char long_prefix[600];
    memset(long_prefix, 'p', sizeof(long_prefix) - 1);
    long_prefix[sizeof(long_prefix) - 1] = '\0';
    err_prefix(&e, "%s", long_prefix);
    cr_expect_eq(strlen(e.msg), ERR_MSG_MAX - 1, "bounded however long the prefix");
}

Test(err, errno_mapping)
{
    static const struct {
        int errnum;
        int code;
    } map[] = {
        {ENOMEM, ERR_NOMEM}, {EEXIST, ERR_EXISTS}, {ENOENT, ERR_NOTFOUND},
        {EBUSY, ERR_BUSY},   {EAGAIN, ERR_BUSY},   {EIO, ERR_IO},
        {ENOSPC, ERR_IO},    {EACCES, ERR_IO},     {0, ERR_IO},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        struct err e = {0};
        cr_expect_eq(err_errno(&e, map[i].errnum, "op"), map[i].code, "errno %d", map[i].errnum);
        cr_expect_eq(e.code, map[i].code);
    }
    struct err e = {0};
    err_errno(&e, ENOENT, "open %s", "/data/shardforge.toml");
    char want[256];
    snprintf(want, sizeof(want), "open /data/shardforge.toml: %s", strerror(ENOENT));
    cr_expect_str_eq(e.msg, want);
    cr_expect_str_eq(err_sqlstate(&e), "42704");
    cr_expect_eq(err_errno(NULL, EIO, "x"), ERR_IO);
}
