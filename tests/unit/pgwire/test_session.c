/* test_session.c — the SQL session interface pgwire drives (this build:
 * honest 0A000 answers) and the security.auth_rules parser. */
#include "common/config.h"
#include "common/err.h"
#include "sql/sql.h"

#include <criterion/criterion.h>
#include <string.h>

struct rec {
    int empty;
};

static int on_empty(void *arg)
{
    ((struct rec *)arg)->empty++;
    return 0;
}

static struct sql_session *open_session(_Atomic bool *cancel)
{
    struct sql_session *s = NULL;
    struct err e = {0};
    struct sql_session_params p = {.user = "u", .database = "d", .cancel = cancel};
    cr_assert_eq(sql_session_open(NULL, &p, &s, &e), 0);
    return s;
}

Test(session, empty_queries_and_0A000)
{
    struct rec r = {0};
    struct sql_sink sink = {.empty_query = on_empty, .arg = &r};
    struct sql_session *s = open_session(NULL);
    struct err e = {0};
    const char *empties[] = {"", " ;; \n", "-- c\n;", "/* a /* b */ */ ;"};
    for (size_t i = 0; i < 4; i++)
        cr_expect_eq(sql_exec_simple(s, empties[i], strlen(empties[i]), &sink, &e), 0, "%s",
                     empties[i]);
    cr_expect_eq(r.empty, 4);
    const char *q = "SELECT 1";
    cr_expect_eq(sql_exec_simple(s, q, strlen(q), &sink, &e), ERR_UNSUPPORTED);
    cr_expect_str_eq(err_sqlstate(&e), "0A000");
    cr_expect_str_eq(e.msg, "feature not supported: SQL statements are not supported by this "
                            "build yet");
    const char *unterminated = "/* x";
    cr_expect_eq(sql_exec_simple(s, unterminated, 4, &sink, &e), ERR_UNSUPPORTED);
    cr_expect_eq(sql_prepare(s, "", q, strlen(q), 0, NULL, &e), ERR_UNSUPPORTED);
    cr_expect_eq(sql_session_txn_status(s), SQL_TXN_IDLE);
    sql_session_close(s);
}

Test(session, cancel_flag_is_checked_once)
{
    _Atomic bool cancel = true;
    struct rec r = {0};
    struct sql_sink sink = {.empty_query = on_empty, .arg = &r};
    struct sql_session *s = open_session(&cancel);
    struct err e = {0};
    cr_expect_eq(sql_exec_simple(s, "SELECT 1", 8, &sink, &e), ERR_TIMEOUT);
    cr_expect_str_eq(err_sqlstate(&e), "57014");
    cr_expect_str_eq(e.msg, "canceling statement due to user request");
    cr_expect_eq(sql_exec_simple(s, "SELECT 1", 8, &sink, &e), ERR_UNSUPPORTED);
    sql_session_close(s);
}

Test(auth_rules, parse)
{
    struct cfg_auth_rule r;
    char why[256];
    cr_assert_eq(cfg_auth_rule_parse("host all all 127.0.0.1/32 trust", &r, why, sizeof(why)), 0);
    cr_expect_eq(r.type, CFG_AUTH_HOST);
    cr_expect_eq(r.family, 4);
    cr_expect_eq(r.prefix_bits, 32);
    cr_expect_eq(r.method, CFG_AUTH_TRUST);
    cr_assert_eq(cfg_auth_rule_parse("hostssl db bob ::1/128 scram-sha-256", &r, why, 256), 0);
    cr_expect_eq(r.family, 6);
    cr_expect_str_eq(r.user, "bob");
    cr_assert_eq(cfg_auth_rule_parse("local all all reject", &r, why, 256), 0);
    cr_expect_eq(r.method, CFG_AUTH_REJECT);
    cr_assert_eq(cfg_auth_rule_parse("host all all all password", &r, why, 256), 0);
    cr_expect(r.any_address);

    cr_expect_eq(cfg_auth_rule_parse("host all all trust", &r, why, 256), -1);
    cr_expect_str_eq(why, "host rules have 5 fields: TYPE DATABASE USER ADDRESS METHOD, got 4");
    cr_expect_eq(cfg_auth_rule_parse("hots all all all trust", &r, why, 256), -1);
    cr_expect(strstr(why, "unknown connection type \"hots\"") != NULL);
    cr_expect_eq(cfg_auth_rule_parse("host all all 10.0.0.0/33 trust", &r, why, 256), -1);
    cr_expect(strstr(why, "prefix length") != NULL);
    cr_expect_eq(cfg_auth_rule_parse("host all all 1.2.3.4 md5", &r, why, 256), -1);
    cr_expect(strstr(why, "unknown method \"md5\"") != NULL);
}

Test(auth_rules, config_errors_name_the_entry_and_line)
{
    struct cfg c;
    struct err e = {0};
    cfg_defaults(&c);
    const char *text = "[security]\nauth_rules = [\"local all all trust\",\n"
                       "  \"host all all 1.2.3.4/40 trust\"]\n";
    int rc = cfg_load_text(&c, text, strlen(text), "shardforge.toml", &e);
    if (rc == 0)
        rc = cfg_validate(&c, &e);
    cr_expect_neq(rc, 0);
    cr_expect(strstr(e.msg, "security.auth_rules") != NULL, "%s", e.msg);
    cr_expect(strstr(e.msg, "entry 2") != NULL, "%s", e.msg);
    cr_expect(strstr(e.msg, "shardforge.toml:2") != NULL, "%s", e.msg);
}
