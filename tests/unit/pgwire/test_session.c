/* test_session.c — the SQL session interface pgwire drives, on the paths
 * that need no kv (empty queries, syntax errors with their position,
 * SET/SHOW/RESET, ParameterStatus reporting, cancel, start-up settings),
 * and the security.auth_rules parser. Statements that read or write run
 * in tests/cluster/test_pgwire.py against a real node. */
#include "common/config.h"
#include "common/err.h"
#include "sql/sql.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

struct rec {
    int empty;
    int rowdesc;
    char cols[256];
    char rows[1024];
    char tags[512];
    char notices[512];
    char params[512];
};

static int on_empty(void *arg)
{
    ((struct rec *)arg)->empty++;
    return 0;
}

static int on_rowdesc(void *arg, const struct sql_column *cols, size_t n)
{
    struct rec *r = arg;
    r->rowdesc++;
    for (size_t i = 0; i < n; i++)
        snprintf(r->cols + strlen(r->cols), sizeof(r->cols) - strlen(r->cols), "%s%s",
                 r->cols[0] ? "," : "", cols[i].name);
    return 0;
}

static int on_row(void *arg, const struct sql_datum *v, size_t n)
{
    struct rec *r = arg;
    for (size_t i = 0; i < n; i++)
        snprintf(r->rows + strlen(r->rows), sizeof(r->rows) - strlen(r->rows), "%s%.*s",
                 i ? "|" : "", v[i].len < 0 ? 4 : (int)v[i].len,
                 v[i].len < 0 ? "NULL" : (const char *)v[i].data);
    snprintf(r->rows + strlen(r->rows), sizeof(r->rows) - strlen(r->rows), ";");
    return 0;
}

static int on_tag(void *arg, const char *tag)
{
    struct rec *r = arg;
    snprintf(r->tags + strlen(r->tags), sizeof(r->tags) - strlen(r->tags), "%s;", tag);
    return 0;
}

static int on_notice(void *arg, const struct sql_notice *n)
{
    struct rec *r = arg;
    snprintf(r->notices + strlen(r->notices), sizeof(r->notices) - strlen(r->notices), "%s %s %s;",
             n->severity, n->sqlstate, n->message);
    return 0;
}

static int on_param(void *arg, const char *name, const char *value)
{
    struct rec *r = arg;
    snprintf(r->params + strlen(r->params), sizeof(r->params) - strlen(r->params), "%s=%s;", name,
             value);
    return 0;
}

static struct sql_sink sink_for(struct rec *r)
{
    memset(r, 0, sizeof(*r));
    struct sql_sink k = {.row_description = on_rowdesc,
                         .data_row = on_row,
                         .command_complete = on_tag,
                         .empty_query = on_empty,
                         .notice = on_notice,
                         .parameter_status = on_param,
                         .arg = r};
    return k;
}

static struct sql_session *open_session(_Atomic bool *cancel)
{
    struct sql_session *s = NULL;
    struct err e = {0};
    struct sql_session_params p = {.user = "u", .database = "d", .cancel = cancel};
    cr_assert_eq(sql_session_open(NULL, &p, &s, &e), 0, "%s", e.msg);
    return s;
}

static int run(struct sql_session *s, const char *q, const struct sql_sink *k, struct err *e)
{
    memset(e, 0, sizeof(*e));
    return sql_exec_simple(s, q, strlen(q), k, e);
}

Test(sql_session, empty_queries)
{
    struct rec r;
    struct sql_sink sink = sink_for(&r);
    struct sql_session *s = open_session(NULL);
    struct err e = {0};
    const char *empties[] = {"", "  ", ";", " ; ;\n", "-- just a comment", "/* c */ ;"};
    for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++)
        cr_expect_eq(run(s, empties[i], &sink, &e), 0, "%s", empties[i]);
    cr_expect_eq(r.empty, 6);
    cr_expect_eq(sql_session_txn_status(s), SQL_TXN_IDLE);
    sql_session_close(s);
}

Test(sql_session, syntax_error_position)
{
    struct rec r;
    struct sql_sink sink = sink_for(&r);
    struct sql_session *s = open_session(NULL);
    struct err e = {0};
    cr_expect_eq(run(s, "SELEC 1", &sink, &e), ERR_INVAL);
    cr_expect_str_eq(err_sqlstate(&e), "42601");
    cr_expect_str_eq(e.msg, "syntax error at or near \"SELEC\"");
    cr_expect_eq(sql_session_error_position(s), 1);
    cr_expect_eq(sql_session_error_position(s), 0);
    cr_expect_eq(run(s, "SHOW x; SELECT 'é' +", &sink, &e), ERR_INVAL);
    cr_expect_str_eq(e.msg, "syntax error at end of input");
    cr_expect_eq(sql_session_error_position(s), 21);
    cr_expect_eq(sql_prepare(s, "", "SELECT 1; SELECT 2", 18, 0, NULL, &e), ERR_INVAL);
    cr_expect_str_eq(e.msg, "cannot insert multiple commands into a prepared statement");
    sql_session_close(s);
}

Test(sql_session, set_show_reset)
{
    struct rec r;
    struct sql_sink sink = sink_for(&r);
    struct sql_session *s = open_session(NULL);
    struct err e = {0};
    cr_assert_eq(run(s, "SET datestyle = ymd; SHOW datestyle; SHOW TIME ZONE", &sink, &e), 0, "%s",
                 e.msg);
    cr_expect_str_eq(r.cols, "DateStyle,TimeZone");
    cr_expect_str_eq(r.rows, "ISO, YMD;UTC;");
    cr_expect_str_eq(r.tags, "SET;SHOW;SHOW;");
    cr_expect_eq(sql_session_txn_status(s), SQL_TXN_IDLE);
    cr_assert_eq(sql_session_report(s, &sink, false), 0);
    cr_expect_str_eq(r.params, "DateStyle=ISO, YMD;");
    sink = sink_for(&r);
    cr_assert_eq(run(s, "RESET datestyle; SHOW datestyle", &sink, &e), 0, "%s", e.msg);
    cr_expect_str_eq(r.rows, "ISO, MDY;");
    cr_expect_str_eq(r.tags, "RESET;SHOW;");

    /* An error rolls the implicit transaction back: the SET before it too. */
    sink = sink_for(&r);
    cr_expect_eq(run(s, "SET extra_float_digits = 3; SET extra_float_digits = 9", &sink, &e),
                 ERR_INVAL);
    cr_expect_str_eq(e.msg, "9 is outside the valid range for parameter \"extra_float_digits\" "
                            "(-15 .. 3)");
    sink = sink_for(&r);
    cr_assert_eq(run(s, "SHOW extra_float_digits", &sink, &e), 0);
    cr_expect_str_eq(r.rows, "1;");

    sink = sink_for(&r);
    cr_expect_eq(run(s, "SHOW nosuch", &sink, &e), ERR_NOTFOUND);
    cr_expect_str_eq(err_sqlstate(&e), "42704");
    cr_expect_str_eq(e.msg, "unrecognized configuration parameter \"nosuch\"");

    sink = sink_for(&r);
    cr_assert_eq(run(s, "SET LOCAL work_mem = '8MB'; SHOW work_mem", &sink, &e), 0);
    cr_expect_str_eq(r.notices, "WARNING 25P01 SET LOCAL can only be used in transaction blocks;");
    cr_expect_str_eq(r.rows, "8MB;");
    sink = sink_for(&r);
    cr_assert_eq(run(s, "SHOW work_mem; SHOW ALL", &sink, &e), 0);
    cr_expect(strncmp(r.rows, "4MB;", 4) == 0, "%s", r.rows);
    cr_expect(strstr(r.cols, "name,setting,description") != NULL);

    sink = sink_for(&r);
    cr_assert_eq(run(s, "COMMIT", &sink, &e), 0);
    cr_expect_str_eq(r.notices, "WARNING 25P01 there is no transaction in progress;");
    cr_expect_str_eq(r.tags, "COMMIT;");
    sink = sink_for(&r);
    cr_assert_eq(run(s, "ROLLBACK", &sink, &e), 0);
    cr_expect_str_eq(r.tags, "ROLLBACK;");
    cr_expect_eq(run(s, "SAVEPOINT a", &sink, &e), ERR_INVAL);
    cr_expect_str_eq(err_sqlstate(&e), "25P01");
    cr_expect_str_eq(e.msg, "SAVEPOINT can only be used in transaction blocks");
    cr_expect_eq(run(s, "DEALLOCATE nope", &sink, &e), ERR_NOTFOUND);
    cr_expect_str_eq(e.msg, "prepared statement \"nope\" does not exist");
    sink = sink_for(&r);
    cr_assert_eq(run(s, "DEALLOCATE ALL; DISCARD ALL", &sink, &e), ERR_INVAL);
    cr_expect_str_eq(e.msg, "DISCARD ALL cannot run inside a transaction block");
    cr_assert_eq(run(s, "DISCARD ALL", &sink, &e), 0, "%s", e.msg);
    sql_session_close(s);
}

Test(sql_session, startup_settings)
{
    struct sql_session *s = NULL;
    struct err e = {0};
    const char *names[] = {"DateStyle", "extra_float_digits", "application_name"};
    const char *vals[] = {"ISO, DMY", "3", "psql"};
    struct sql_session_params p = {.user = "u",
                                   .database = "d",
                                   .nsettings = 3,
                                   .setting_names = names,
                                   .setting_values = vals};
    cr_assert_eq(sql_session_open(NULL, &p, &s, &e), 0, "%s", e.msg);
    struct rec r;
    struct sql_sink sink = sink_for(&r);
    cr_assert_eq(sql_session_report(s, &sink, true), 0);
    cr_expect(strstr(r.params, "DateStyle=ISO, DMY;") != NULL, "%s", r.params);
    cr_expect(strstr(r.params, "application_name=psql;") != NULL, "%s", r.params);
    cr_expect(strstr(r.params, "server_version=15.0;") != NULL, "%s", r.params);
    cr_assert_eq(run(s, "RESET ALL; SHOW DateStyle", &sink, &e), 0);
    cr_expect_str_eq(r.rows, "ISO, DMY;");
    sql_session_close(s);

    const char *bad_n[] = {"nosuch"};
    const char *bad_v[] = {"1"};
    p.nsettings = 1;
    p.setting_names = bad_n;
    p.setting_values = bad_v;
    cr_expect_eq(sql_session_open(NULL, &p, &s, &e), ERR_NOTFOUND);
    cr_expect_str_eq(e.msg, "unrecognized configuration parameter \"nosuch\"");
}

Test(sql_session, cancel_before_statement)
{
    _Atomic bool cancel = true;
    struct rec r;
    struct sql_sink sink = sink_for(&r);
    struct sql_session *s = open_session(&cancel);
    struct err e = {0};
    cr_expect_eq(run(s, "SHOW datestyle", &sink, &e), ERR_TIMEOUT);
    cr_expect_str_eq(err_sqlstate(&e), "57014");
    cr_expect_str_eq(e.msg, "canceling statement due to user request");
    cr_expect_eq(run(s, "SHOW datestyle", &sink, &e), 0);
    cancel = true;
    cr_expect_eq(sql_sync(s, &e), 0);
    cr_expect_eq(run(s, "SHOW datestyle", &sink, &e), 0);
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
    cr_assert_eq(cfg_auth_rule_parse("hostssl all all all cert", &r, why, 256), 0);
    cr_expect_eq(r.method, CFG_AUTH_CERT);

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
