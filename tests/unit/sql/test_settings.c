/* test_settings.c — unit tests for settings.c: PostgreSQL 15's names,
 * defaults, SHOW forms, validation messages and the transactional
 * semantics of SET / SET LOCAL / RESET.
 *
 * Expected texts were produced by a PostgreSQL 15.20 server (`SET ...;
 * SHOW ...` and the error of each failing SET, VERBOSITY verbose).
 * The session hooks settings.c calls are stubbed here: one fake session
 * whose transaction state the tests drive.
 */
#include "sql/session_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>

#include <string.h>

static struct sql__gucs *g_gucs;
static bool g_in_txn;
static int g_iso_set = -100, g_ro_set = -100;

struct sql__gucs *sql__session_gucs(struct sql_session *s)
{
    (void)s;
    return g_gucs;
}
bool sql__session_in_txn(struct sql_session *s)
{
    (void)s;
    return g_in_txn;
}
const char *sql__session_txn_isolation(struct sql_session *s)
{
    (void)s;
    return "read committed";
}
bool sql__session_txn_read_only(struct sql_session *s)
{
    (void)s;
    return false;
}
int sql__session_txn_deferrable(struct sql_session *s)
{
    (void)s;
    return -1;
}
int sql__session_set_txn_mode(struct sql_session *s, int isolation, int read_only, struct err *e)
{
    (void)s;
    (void)e;
    g_iso_set = isolation;
    g_ro_set = read_only;
    return 0;
}

static struct sql_env env;
static struct mem_ctx *ctx;

static void setup(void)
{
    g_gucs = sql__gucs_new();
    g_in_txn = false;
    memset(&env, 0, sizeof(env));
    env.sess = (struct sql_session *)(void *)&env; /* any non-NULL: stubs ignore it */
    env.user = "alice";
    env.superuser = true;
    env.fmt.extra_float_digits = 1;
    env.fmt.bytea_hex = true;
    sql__gucs_apply_all(&env);
    ctx = mem_ctx_new(NULL, "test");
}

static void teardown(void)
{
    sql__gucs_free(g_gucs);
    mem_ctx_free(ctx);
}

TestSuite(settings, .init = setup, .fini = teardown);

static const char *show(const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    int rc = sql_setting_show(&env, name, ctx, &v, &e);
    cr_assert_eq(rc, 0, "SHOW %s: %s", name, e.msg);
    return v;
}

static void set_ok(const char *name, const char *value)
{
    struct err e = {0};
    int rc = sql_setting_set(&env, name, value, false, &e);
    cr_assert_eq(rc, 0, "SET %s = %s: %s", name, value ? value : "DEFAULT", e.msg);
}

static void set_fails(const char *name, const char *value, const char *state, const char *msg)
{
    struct err e = {0};
    int rc = sql_setting_set(&env, name, value, false, &e);
    cr_assert_neq(rc, 0, "SET %s = %s succeeded", name, value);
    cr_expect_str_eq(err_sqlstate(&e), state, "SET %s = %s: %s", name, value, e.msg);
    cr_expect_str_eq(e.msg, msg);
}

Test(settings, table_sorted)
{
    cr_assert(sql__guc_sorted());
}

Test(settings, defaults)
{
    cr_expect_str_eq(show("DateStyle"), "ISO, MDY");
    cr_expect_str_eq(show("datestyle"), "ISO, MDY");
    cr_expect_str_eq(show("TimeZone"), "UTC");
    cr_expect_str_eq(show("IntervalStyle"), "postgres");
    cr_expect_str_eq(show("extra_float_digits"), "1");
    cr_expect_str_eq(show("search_path"), "\"$user\", public");
    cr_expect_str_eq(show("statement_timeout"), "0");
    cr_expect_str_eq(show("work_mem"), "4MB");
    cr_expect_str_eq(show("maintenance_work_mem"), "64MB");
    cr_expect_str_eq(show("client_encoding"), "UTF8");
    cr_expect_str_eq(show("server_encoding"), "UTF8");
    cr_expect_str_eq(show("standard_conforming_strings"), "on");
    cr_expect_str_eq(show("integer_datetimes"), "on");
    cr_expect_str_eq(show("server_version_num"), "150000");
    cr_expect_str_eq(show("max_identifier_length"), "63");
    cr_expect_str_eq(show("block_size"), "8192");
    cr_expect_str_eq(show("bytea_output"), "hex");
    cr_expect_str_eq(show("default_transaction_isolation"), "read committed");
    cr_expect_str_eq(show("transaction_isolation"), "read committed");
    cr_expect_str_eq(show("is_superuser"), "on");
    cr_expect_str_eq(show("session_authorization"), "alice");
    cr_expect_str_eq(show("lc_messages"), "C");
    cr_expect_str_eq(show("client_min_messages"), "notice");
    cr_expect_str_eq(sql__guc_canonical_name("timezone"), "TimeZone");
}

Test(settings, unknown)
{
    const char *v;
    struct err e = {0};
    cr_expect_eq(sql_setting_show(&env, "nosuch", ctx, &v, &e), ERR_NOTFOUND);
    cr_expect_str_eq(err_sqlstate(&e), "42704");
    cr_expect_str_eq(e.msg, "unrecognized configuration parameter \"nosuch\"");
    set_fails("nosuch", "1", "42704", "unrecognized configuration parameter \"nosuch\"");
}

Test(settings, values_and_show_forms)
{
    set_ok("datestyle", "ymd");
    cr_expect_str_eq(show("DateStyle"), "ISO, YMD");
    cr_expect_eq(env.fmt.dt.order, SQL_DT_YMD);
    set_ok("datestyle", "iso, dmy");
    cr_expect_str_eq(show("DateStyle"), "ISO, DMY");
    set_ok("DateStyle", "ISO, US");
    cr_expect_str_eq(show("DateStyle"), "ISO, MDY");
    set_ok("statement_timeout", "1min");
    cr_expect_str_eq(show("statement_timeout"), "1min");
    cr_expect_eq(sql__gucs_statement_timeout(g_gucs), 60000);
    set_ok("statement_timeout", "1500");
    cr_expect_str_eq(show("statement_timeout"), "1500ms");
    set_ok("statement_timeout", "60000");
    cr_expect_str_eq(show("statement_timeout"), "1min");
    set_ok("statement_timeout", "1.5s");
    cr_expect_str_eq(show("statement_timeout"), "1500ms");
    set_ok("lock_timeout", "10ms");
    cr_expect_str_eq(show("lock_timeout"), "10ms");
    cr_expect_eq(sql__gucs_lock_timeout(g_gucs), 10);
    set_ok("work_mem", "1GB");
    cr_expect_str_eq(show("work_mem"), "1GB");
    set_ok("work_mem", "1025");
    cr_expect_str_eq(show("work_mem"), "1025kB");
    set_ok("client_encoding", "unicode");
    cr_expect_str_eq(show("client_encoding"), "UTF8");
    set_ok("extra_float_digits", "3");
    cr_expect_str_eq(show("extra_float_digits"), "3");
    cr_expect_eq(env.fmt.extra_float_digits, 3);
    set_ok("jit", "1");
    cr_expect_str_eq(show("jit"), "on");
    set_ok("jit", "of");
    cr_expect_str_eq(show("jit"), "off");
    set_ok("synchronous_commit", "true");
    cr_expect_str_eq(show("synchronous_commit"), "on");
    set_ok("bytea_output", "escape");
    cr_expect(!env.fmt.bytea_hex);
    set_ok("application_name", "5");
    cr_expect_str_eq(show("application_name"), "5");
    set_ok("TimeZone", "america/new_york");
    cr_expect_str_eq(show("TimeZone"), "America/New_York");
    cr_expect_neq(env.fmt.dt.tz, NULL);
    set_ok("timezone", "UTC+5");
    cr_expect_str_eq(show("TimeZone"), "UTC+5");
    set_ok("default_transaction_isolation", "read uncommitted");
    cr_expect_str_eq(show("default_transaction_isolation"), "read committed");
}

Test(settings, errors_as_postgres)
{
    set_fails("extra_float_digits", "abc", "22023",
              "invalid value for parameter \"extra_float_digits\": \"abc\"");
    set_fails("extra_float_digits", "10", "22023",
              "10 is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)");
    set_fails("statement_timeout", "x", "22023",
              "invalid value for parameter \"statement_timeout\": \"x\"");
    set_fails("client_encoding", "foo", "22023",
              "invalid value for parameter \"client_encoding\": \"foo\"");
    set_fails("client_encoding", "latin1", "0A000",
              "conversion between LATIN1 and UTF8 is not supported");
    set_fails("datestyle", "foo", "22023",
              "invalid value for parameter \"DateStyle\": \"foo\"\nDETAIL:  Unrecognized key "
              "word: \"foo\".");
    set_fails("timezone", "Mars/X", "22023",
              "invalid value for parameter \"TimeZone\": \"Mars/X\"");
    set_fails("intervalstyle", "x", "22023",
              "invalid value for parameter \"intervalstyle\": \"x\"\nHINT:  Available values: "
              "postgres, postgres_verbose, sql_standard, iso_8601.");
    set_fails("server_version", "1", "55P02", "parameter \"server_version\" cannot be changed");
    set_fails("bytea_output", "x", "22023",
              "invalid value for parameter \"bytea_output\": \"x\"\nHINT:  Available values: "
              "escape, hex.");
    set_fails("jit", "maybe", "22023", "parameter \"jit\" requires a Boolean value");
    set_fails("default_transaction_isolation", "foo", "22023",
              "invalid value for parameter \"default_transaction_isolation\": \"foo\"\nHINT:  "
              "Available values: serializable, repeatable read, read committed, read "
              "uncommitted.");
    set_fails("lock_timeout", "-1", "22023",
              "-1 ms is outside the valid range for parameter \"lock_timeout\" (0 .. "
              "2147483647)");
    set_fails("work_mem", "10", "22023",
              "10 kB is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)");
    set_fails("is_superuser", "on", "55P02", "parameter \"is_superuser\" cannot be changed");
    set_fails("max_connections", "5", "55P02",
              "parameter \"max_connections\" cannot be changed without restarting the server");
    set_fails("lc_monetary", "xx", "22023", "invalid value for parameter \"lc_monetary\": \"xx\"");
    set_fails("datestyle", "ISO, German", "22023",
              "invalid value for parameter \"DateStyle\": \"ISO, German\"\nDETAIL:  "
              "Conflicting \"datestyle\" specifications.");
    /* Words not given keep their current value; German alone means DMY. */
    set_ok("DateStyle", "German");
    cr_expect_str_eq(show("DateStyle"), "German, DMY");
    set_ok("DateStyle", "SQL");
    cr_expect_str_eq(show("DateStyle"), "SQL, DMY");
    set_ok("DateStyle", "MDY");
    cr_expect_str_eq(show("DateStyle"), "SQL, MDY");
    set_ok("DateStyle", "default");
    cr_expect_str_eq(show("DateStyle"), "ISO, MDY");
    set_ok("IntervalStyle", "iso_8601");
    cr_expect_str_eq(show("IntervalStyle"), "iso_8601");
}

Test(settings, transactional)
{
    set_ok("application_name", "a");
    g_in_txn = true;
    set_ok("application_name", "b");
    sql__gucs_txn_end(&env, false); /* ROLLBACK */
    g_in_txn = false;
    cr_expect_str_eq(show("application_name"), "a");

    g_in_txn = true;
    set_ok("application_name", "c");
    sql__gucs_txn_end(&env, true); /* COMMIT */
    g_in_txn = false;
    cr_expect_str_eq(show("application_name"), "c");

    g_in_txn = true;
    struct err e = {0};
    cr_assert_eq(sql_setting_set(&env, "application_name", "local", true, &e), 0);
    cr_expect_str_eq(show("application_name"), "local");
    sql__gucs_txn_end(&env, true); /* SET LOCAL ends with the transaction */
    g_in_txn = false;
    cr_expect_str_eq(show("application_name"), "c");

    /* SET, then SET LOCAL, commit: the SET stays. */
    g_in_txn = true;
    set_ok("application_name", "d");
    cr_assert_eq(sql_setting_set(&env, "application_name", "e", true, &e), 0);
    sql__gucs_txn_end(&env, true);
    g_in_txn = false;
    cr_expect_str_eq(show("application_name"), "d");

    /* Savepoints. */
    g_in_txn = true;
    set_ok("extra_float_digits", "2");
    int lvl = sql__gucs_savepoint(&env);
    set_ok("extra_float_digits", "3");
    sql__gucs_rollback_to(&env, lvl);
    cr_expect_str_eq(show("extra_float_digits"), "2");
    cr_expect_eq(env.fmt.extra_float_digits, 2);
    sql__gucs_txn_end(&env, true);
    g_in_txn = false;
    cr_expect_str_eq(show("extra_float_digits"), "2");
}

Test(settings, reset_and_defaults)
{
    struct err e = {0};
    cr_assert_eq(sql__gucs_set_default(&env, "DateStyle", "ISO, DMY", &e), 0, "%s", e.msg);
    cr_assert_eq(sql__gucs_set_default(&env, "extra_float_digits", "3", &e), 0);
    set_ok("datestyle", "ymd");
    set_ok("datestyle", NULL); /* RESET */
    cr_expect_str_eq(show("DateStyle"), "ISO, DMY");
    set_ok("extra_float_digits", "0");
    cr_assert_eq(sql__gucs_reset_all(&env, &e), 0);
    cr_expect_str_eq(show("extra_float_digits"), "3");
    cr_expect_eq(sql__gucs_set_default(&env, "nosuch", "1", &e), ERR_NOTFOUND);
}

Test(settings, reporting)
{
    const char *names[32], *vals[32];
    size_t n = sql__gucs_report_all(g_gucs, names, vals, 32);
    bool saw_ds = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], "DateStyle") == 0)
            saw_ds = strcmp(vals[i], "ISO, MDY") == 0;
    cr_expect(saw_ds);
    const char *name, *val;
    cr_expect(!sql__gucs_next_report(g_gucs, &name, &val));
    set_ok("TimeZone", "Europe/Paris");
    set_ok("work_mem", "8MB"); /* not reported */
    cr_assert(sql__gucs_next_report(g_gucs, &name, &val));
    cr_expect_str_eq(name, "TimeZone");
    cr_expect_str_eq(val, "Europe/Paris");
    cr_expect(!sql__gucs_next_report(g_gucs, &name, &val));
}

Test(settings, show_all)
{
    struct sql_setting_row *rows;
    size_t n;
    struct err e = {0};
    cr_assert_eq(sql_setting_all(&env, ctx, &rows, &n, &e), 0);
    cr_assert_gt(n, 40);
    for (size_t i = 1; i < n; i++)
        cr_expect_lt(strcasecmp(rows[i - 1].name, rows[i].name), 0);
    for (size_t i = 0; i < n; i++) {
        cr_expect_neq(strcmp(rows[i].name, "is_superuser"), 0);
        if (strcmp(rows[i].name, "work_mem") == 0) {
            cr_expect_str_eq(rows[i].setting, "4MB");
            cr_expect_str_eq(rows[i].unit, "kB");
            cr_expect_str_eq(rows[i].short_desc,
                             "Sets the maximum memory to be used for query workspaces.");
        }
    }
}

Test(settings, search_path)
{
    const char *sp[SQL_SEARCH_PATH_MAX];
    int n = sql__gucs_search_path(g_gucs, "alice", ctx, sp, SQL_SEARCH_PATH_MAX);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(sp[0], "alice");
    cr_expect_str_eq(sp[1], "public");
    set_ok("search_path", "a, \"B c\", public");
    cr_expect_str_eq(show("search_path"), "a, \"B c\", public");
    n = sql__gucs_search_path(g_gucs, "alice", ctx, sp, SQL_SEARCH_PATH_MAX);
    cr_assert_eq(n, 3);
    cr_expect_str_eq(sp[1], "B c");
    cr_expect_eq(env.nsearch, -1);
}

Test(settings, txn_settings_reach_the_session)
{
    set_ok("transaction_isolation", "repeatable read");
    cr_expect_eq(g_iso_set, SQL_ISO_REPEATABLE_READ);
    set_ok("transaction_read_only", "on");
    cr_expect_eq(g_ro_set, 1);
}

#include "sql/parse.h"

/* SET statements as the parser gives them, through sql__exec_set. */
static void exec_set(const char *sql)
{
    struct sql_parse_result pr = {0};
    struct err e = {0};
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, ctx, &pr, &e), 0, "%s: %s", sql, e.msg);
    cr_assert_eq(pr.n, 1);
    cr_assert_eq(sql__exec_set(&env, pr.stmts[0], &e), 0, "%s: %s", sql, e.msg);
}

Test(settings, set_statements)
{
    exec_set("SET search_path = a, \"B c\", public");
    cr_expect_str_eq(show("search_path"), "a, \"B c\", public");
    exec_set("SET search_path = ''");
    cr_expect_str_eq(show("search_path"), "\"\"");
    exec_set("SET TIME ZONE 5");
    cr_expect_str_eq(show("TimeZone"), "<+05>-05");
    exec_set("SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE");
    cr_expect_str_eq(show("TimeZone"), "<+05:30>-05:30");
    exec_set("SET TIME ZONE 'Europe/Berlin'");
    cr_expect_str_eq(show("TimeZone"), "Europe/Berlin");
    exec_set("SET TIME ZONE LOCAL");
    cr_expect_str_eq(show("TimeZone"), "UTC");
    exec_set("SET application_name = 5");
    cr_expect_str_eq(show("application_name"), "5");
    exec_set("SET datestyle = iso, dmy");
    cr_expect_str_eq(show("DateStyle"), "ISO, DMY");
    exec_set("SET extra_float_digits TO 2");
    cr_expect_str_eq(show("extra_float_digits"), "2");
    exec_set("RESET extra_float_digits");
    cr_expect_str_eq(show("extra_float_digits"), "1");
    exec_set("SET statement_timeout = '2s'");
    cr_expect_str_eq(show("statement_timeout"), "2s");
    exec_set("SET statement_timeout TO DEFAULT");
    cr_expect_str_eq(show("statement_timeout"), "0");
    exec_set("RESET ALL");
    cr_expect_str_eq(show("DateStyle"), "ISO, MDY");
}
