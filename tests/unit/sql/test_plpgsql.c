/* test_plpgsql.c — the PL/pgSQL interpreter end to end (the harness of
 * test_func_sql.c: a real single-node kv stack and catalog): the trigger
 * entry point sql_plpgsql_call_trigger (plpgsql.h) with NEW / OLD and the
 * TG_ variables, the scopes rebuilt from libpg_query's tree (nested blocks,
 * shadowing, labels), and hostile bodies that must fail with an error.
 * Expected values are PostgreSQL 15's.
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include "common/str.h"
#include "sql/catalog.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/parse.h"
#include "sql/plpgsql.h"
#include "sql/session_int.h"
#include "sql/sqlfn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* settings without a session (session.c's weak hook): the defaults */
static struct sql__gucs *g_gucs;
struct sql__gucs *sql__session_gucs(struct sql_session *s)
{
    (void)s;
    if (g_gucs == NULL)
        g_gucs = sql__gucs_new();
    return g_gucs;
}

static struct kvt T;
static struct sql_env env;
static struct sbuf out;
static char last_tag[64];

static void setup(void)
{
    struct err e = {0};
    int rc = kvt_start(&T, ENG_MEMORY, 0, NULL, &e);
    cr_assert_eq(rc, 0, "kvt_start: %s", e.msg);
    cr_assert_eq(sql_catalog_bootstrap(T.kv, "shardforge", NULL, "shardforge", &e), 0, "%s", e.msg);
    memset(&env, 0, sizeof(env));
    env.kv = T.kv;
    cr_assert_eq(sql_catalog_open(T.kv, &env.cat, &e), 0);
    env.stmt_ctx = mem_ctx_new(NULL, "stmt");
    env.txn_ctx = mem_ctx_new(NULL, "txn");
    env.user = "shardforge";
    env.database = "shardforge";
    env.superuser = true;
    env.search_path[0] = "public";
    env.nsearch = 1;
    sql_fmt_init(&env.fmt);
    sbuf_init(&out);
}

static void teardown(void)
{
    sql_plpgsql_session_end(&env);
    if (env.txn != NULL)
        kv_txn_rollback(env.txn);
    env.txn = NULL;
    sql_seq_session_free(env.seq_state);
    mem_ctx_free(env.stmt_ctx);
    mem_ctx_free(env.txn_ctx);
    sql_catalog_close(env.cat);
    kvt_stop(&T);
    sbuf_free(&out);
}

TestSuite(plpgsql, .init = setup, .fini = teardown, .timeout = 60);

static void put_err(const struct err *e)
{
    sbuf_printf(&out, "ERROR %s: %s", err_sqlstate(e), e->msg);
}

/* Run one statement with optional parameters in the open transaction. */
static int run_in(const struct sql_stmt *st, const struct sql_value *params, size_t np,
                  struct err *e)
{
    if (sql_ddl_is_ddl(st)) {
        struct sbuf tag;
        sbuf_init(&tag);
        int rc = sql_ddl_exec(&env, st, &tag, e);
        snprintf(last_tag, sizeof last_tag, "%s", tag.data ? tag.data : "");
        sbuf_free(&tag);
        if (rc == 0)
            env.txn_did_ddl = true;
        return rc;
    }
    uint32_t types[16] = {0};
    size_t n = 0;
    for (size_t i = 0; i < np && i < 16; i++)
        types[i] = params[i].type;
    n = np;
    struct sql_plan *p;
    int rc = sql_plan_stmt(&env, st, env.stmt_ctx, types, &n, 16, &p, e);
    if (rc != 0)
        return rc;
    struct sql_cursor *c;
    rc = sql_cursor_open(&env, p, params, np, env.stmt_ctx, &c, e);
    if (rc != 0)
        return rc;
    size_t ncols;
    sql_plan_columns(p, &ncols);
    bool first = true;
    for (;;) {
        const struct sql_value *row;
        bool has;
        rc = sql_cursor_next(c, &row, &has, e);
        if (rc != 0 || !has)
            break;
        if (!first)
            sbuf_putc(&out, '\n');
        first = false;
        for (size_t i = 0; i < ncols; i++) {
            if (i)
                sbuf_putc(&out, '|');
            if (row[i].null) {
                sbuf_puts(&out, "NULL");
                continue;
            }
            struct err e2 = {0};
            if (sql_value_out(&row[i], &env.fmt, &out, &e2) != 0)
                sbuf_printf(&out, "<out error %s>", e2.msg);
        }
    }
    if (rc == 0) {
        struct sbuf tag;
        sbuf_init(&tag);
        sql_cursor_tag(c, &tag);
        snprintf(last_tag, sizeof last_tag, "%s", tag.data ? tag.data : "");
        sbuf_free(&tag);
    }
    sql_cursor_close(c);
    return rc;
}

/* Run sql (one or more statements), each in its own transaction; returns
 * the output of the last one (rows or error). */
static const char *qp(const char *sql, const struct sql_value *params, size_t np)
{
    struct sql_parse_result pr;
    struct err e = {0};
    sbuf_reset(&out);
    if (sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &e) != 0) {
        put_err(&e);
        return out.data;
    }
    for (int i = 0; i < pr.n; i++) {
        sbuf_reset(&out);
        memset(&e, 0, sizeof e);
        cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
        kv_txn_stmt_begin(env.txn, &e);
        env.fmt.dt.now = 0;
        int rc = run_in(pr.stmts[i], params, np, &e);
        if (rc != 0) {
            sbuf_reset(&out);
            put_err(&e);
            kv_txn_rollback(env.txn);
        } else {
            struct err ce = {0};
            kv_txn_stmt_end(env.txn, false);
            if (kv_txn_commit(env.txn, &ce) != 0) {
                sbuf_reset(&out);
                put_err(&ce);
            }
        }
        env.txn = NULL;
        if (env.txn_did_ddl)
            sql_catalog_invalidate(env.cat);
        env.txn_did_ddl = false;
        mem_ctx_reset(env.stmt_ctx);
    }
    if (out.data == NULL)
        sbuf_puts(&out, "");
    return out.data;
}

static const char *q(const char *sql)
{
    return qp(sql, NULL, 0);
}

/* Fire trigger function fname for one event in its own transaction;
 * returns the row it gave back as "a|b|c", "NULL", or "ERROR state: msg". */
static const uint32_t std_types[] = {SQL_T_INT4, SQL_T_TEXT, SQL_T_INT4};

static const char *fire_t(const char *fname, const char *op, const struct sql_value *newrow,
                          const struct sql_value *oldrow, int nargs, const char *const *argv,
                          const uint32_t *types)
{
    static const char *const names[] = {"a", "b", "c"};
    static const int32_t typmods[] = {-1, -1, -1};
    struct err e = {0};
    sbuf_reset(&out);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
    kv_txn_stmt_begin(env.txn, &e);
    const struct sql_fn_desc **c;
    int nc;
    cr_assert_eq(sql__fn_candidates(&env, NULL, fname, env.stmt_ctx, &c, &nc, &e), 0, "%s", e.msg);
    cr_assert_eq(nc, 1);
    struct sql_trig_event ev = {.name = "tr",
                                .when = "BEFORE",
                                .level = "ROW",
                                .op = op,
                                .relid = 16400,
                                .table = "t",
                                .schema = "public",
                                .nargs = nargs,
                                .argv = argv,
                                .ncols = 3,
                                .colnames = names,
                                .coltypes = types,
                                .coltypmods = typmods,
                                .new_row = newrow,
                                .old_row = oldrow};
    struct sql_value *row;
    bool isnull;
    int rc = sql_plpgsql_call_trigger(&env, c[0], &ev, env.stmt_ctx, &row, &isnull, &e);
    if (rc != 0) {
        put_err(&e);
    } else if (isnull) {
        sbuf_puts(&out, "NULL");
    } else {
        for (int i = 0; i < 3; i++) {
            if (i)
                sbuf_putc(&out, '|');
            if (row[i].null)
                sbuf_puts(&out, "NULL");
            else
                sql_value_out(&row[i], &env.fmt, &out, &e);
        }
    }
    kv_txn_rollback(env.txn);
    env.txn = NULL;
    mem_ctx_reset(env.stmt_ctx);
    return out.data ? out.data : "";
}

static const char *fire(const char *fname, const char *op, const struct sql_value *newrow,
                        const struct sql_value *oldrow, int nargs, const char *const *argv)
{
    return fire_t(fname, op, newrow, oldrow, nargs, argv, std_types);
}

static const char *TRG =
    "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF TG_OP = 'INSERT' THEN\n"
    "    NEW.b := upper(NEW.b) || '/' || TG_TABLE_NAME || '/' || TG_WHEN || '/' || TG_NARGS;\n"
    "    NEW.c := coalesce(NEW.c, 0) + NEW.a * 10;\n"
    "    RETURN NEW;\n"
    "  ELSIF TG_OP = 'UPDATE' THEN\n"
    "    IF NEW.a <> OLD.a THEN\n"
    "      RAISE EXCEPTION 'key change % -> %', OLD.a, NEW.a USING ERRCODE = 'check_violation';\n"
    "    END IF;\n"
    "    NEW.b := TG_ARGV[0];\n"
    "    RETURN NEW;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$";

Test(plpgsql, trigger_insert_assigns_new)
{
    cr_assert_str_eq(q(TRG), "");
    struct sql_value nr[3] = {sql_int4(7), sql_cstr("abc"), sql_null(SQL_T_INT4)};
    cr_assert_str_eq(fire("trg", "INSERT", nr, NULL, 0, NULL), "7|ABC/t/BEFORE/0|70");
}

Test(plpgsql, trigger_update_argv_and_raise)
{
    cr_assert_str_eq(q(TRG), "");
    struct sql_value o[3] = {sql_int4(1), sql_cstr("x"), sql_int4(5)};
    struct sql_value n1[3] = {sql_int4(1), sql_cstr("y"), sql_int4(6)};
    const char *argv[] = {"from-argv"};
    cr_assert_str_eq(fire("trg", "UPDATE", n1, o, 1, argv), "1|from-argv|6");
    struct sql_value n2[3] = {sql_int4(2), sql_cstr("y"), sql_int4(6)};
    cr_assert_str_eq(fire("trg", "UPDATE", n2, o, 1, argv),
                     "ERROR 23514: key change 1 -> 2\nCONTEXT:  PL/pgSQL function trg() line 9 "
                     "at RAISE");
}

Test(plpgsql, trigger_delete_returns_null)
{
    cr_assert_str_eq(q(TRG), "");
    struct sql_value o[3] = {sql_int4(1), sql_cstr("x"), sql_int4(5)};
    cr_assert_str_eq(fire("trg", "DELETE", NULL, o, 0, NULL), "NULL");
}

Test(plpgsql, trigger_returns_old_and_missing_return)
{
    cr_assert_str_eq(q("CREATE FUNCTION t2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "RETURN OLD; END $$"),
                     "");
    struct sql_value o[3] = {sql_int4(3), sql_cstr("old"), sql_null(SQL_T_INT4)};
    cr_assert_str_eq(fire("t2", "DELETE", NULL, o, 0, NULL), "3|old|NULL");
    cr_assert_str_eq(q("CREATE FUNCTION t3() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "NULL; END $$"),
                     "");
    cr_assert_str_eq(fire("t3", "INSERT", o, NULL, 0, NULL),
                     "ERROR 2F005: control reached end of trigger procedure without RETURN"
                     "\nCONTEXT:  PL/pgSQL function t3()");
}

Test(plpgsql, trigger_unknown_field)
{
    cr_assert_str_eq(q("CREATE FUNCTION t4() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "NEW.zz := 1; RETURN NEW; END $$"),
                     "");
    struct sql_value n[3] = {sql_int4(3), sql_cstr("x"), sql_null(SQL_T_INT4)};
    cr_assert_str_eq(fire("t4", "INSERT", n, NULL, 0, NULL),
                     "ERROR 42703: record \"new\" has no field \"zz\"\nCONTEXT:  PL/pgSQL "
                     "function t4() line 1 at assignment");
}

Test(plpgsql, trigger_called_directly)
{
    cr_assert_str_eq(q(TRG), "");
    cr_assert_str_eq(q("SELECT trg()"),
                     "ERROR 0A000: trigger functions can only be called as triggers\nCONTEXT:  "
                     "compilation of PL/pgSQL function \"trg\" near line 1");
}

Test(plpgsql, nested_scopes_and_labels)
{
    cr_assert_str_eq(q("CREATE FUNCTION sc(p int) RETURNS text LANGUAGE plpgsql AS $$\n"
                       "<<outer_b>>\n"
                       "DECLARE\n"
                       "  x int := 1;\n"
                       "  r text := '';\n"
                       "BEGIN\n"
                       "  DECLARE\n"
                       "    x int := 2;\n"
                       "  BEGIN\n"
                       "    r := r || x || outer_b.x;\n"
                       "    FOR i IN 1..2 LOOP\n"
                       "      DECLARE x text := 'i' || i;\n"
                       "      BEGIN\n"
                       "        r := r || x;\n"
                       "      END;\n"
                       "    END LOOP;\n"
                       "  END;\n"
                       "  RETURN r || x || p || $1;\n"
                       "END $$"),
                     "");
    cr_assert_str_eq(q("SELECT sc(5)"), "21i1i2155");
}

Test(plpgsql, hostile_bodies_fail_cleanly)
{
    static const char *const bodies[] = {
        "",
        "BEGIN",
        "BEGIN END",
        "BEGIN RETURN 1; END; garbage",
        "DECLARE x; BEGIN END",
        "BEGIN x := ; END",
        "BEGIN IF THEN END IF; END",
        "BEGIN RAISE EXCEPTION '%'; END",
        "BEGIN RETURN (SELECT (SELECT (SELECT 1))); END",
        "DECLARE x nosuchtype; BEGIN RETURN 1; END",
        "BEGIN LOOP EXIT nolabel; END LOOP; END",
        "BEGIN $$ $$ END",
        "<<a>> BEGIN <<a>> BEGIN EXIT a; END; RETURN 1; END",
        "BEGIN RETURN 1 +; END",
        "BEGIN FOREACH x IN ARRAY y LOOP END LOOP; END",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char sql[512];
        char tag[16];
        snprintf(tag, sizeof tag, "$x%zu$", i);
        snprintf(sql, sizeof sql,
                 "CREATE OR REPLACE FUNCTION h() RETURNS int LANGUAGE plpgsql AS %s%s%s", tag,
                 bodies[i], tag);
        const char *r = q(sql);
        if (r[0] == 0)
            r = q("SELECT h()");
        cr_assert(strncmp(r, "ERROR ", 6) == 0 || strcmp(r, "1") == 0, "body %zu: %s", i, r);
    }
}

/* One trigger function on tables whose columns differ in type: its
 * expressions are planned again for each (and the earlier plans kept). */
Test(plpgsql, trigger_tables_of_other_types)
{
    cr_assert_str_eq(q("CREATE FUNCTION t5() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "NEW.c := NEW.a + 1; NEW.b := NEW.b || '!'; RETURN NEW; END $$"),
                     "");
    static const uint32_t t2[] = {SQL_T_FLOAT8, SQL_T_TEXT, SQL_T_FLOAT8};
    static const uint32_t t3[] = {SQL_T_INT8, SQL_T_VARCHAR, SQL_T_INT8};
    struct sql_value n1[3] = {sql_int4(1), sql_cstr("x"), sql_null(SQL_T_INT4)};
    struct sql_value n2[3] = {sql_float8(1.5), sql_cstr("y"), sql_null(SQL_T_FLOAT8)};
    struct sql_value n3[3] = {sql_int8(10), sql_cstr("z"), sql_null(SQL_T_INT8)};
    n3[1].type = SQL_T_VARCHAR;
    for (int round = 0; round < 3; round++) {
        cr_assert_str_eq(fire_t("t5", "INSERT", n1, NULL, 0, NULL, std_types), "1|x!|2");
        cr_assert_str_eq(fire_t("t5", "INSERT", n2, NULL, 0, NULL, t2), "1.5|y!|2.5");
        cr_assert_str_eq(fire_t("t5", "INSERT", n3, NULL, 0, NULL, t3), "10|z!|11");
    }
}

/* Sibling blocks declaring the same names, a loop variable shadowing a
 * variable, SQLSTATE of nested exception sections: each name resolves to
 * the datum PostgreSQL's scopes give it. */
Test(plpgsql, sibling_and_exception_scopes)
{
    cr_assert_str_eq(q("CREATE FUNCTION sc2() RETURNS text LANGUAGE plpgsql AS $$\n"
                       "DECLARE\n"
                       "  i text := 'outer';\n"
                       "  r text := '';\n"
                       "BEGIN\n"
                       "  DECLARE\n"
                       "    v integer := 1;\n"
                       "  BEGIN\n"
                       "    r := r || v;\n"
                       "  END;\n"
                       "  DECLARE\n"
                       "    v text := 'two';\n"
                       "  BEGIN\n"
                       "    r := r || v;\n"
                       "  END;\n"
                       "  FOR i IN 3..4 LOOP\n"
                       "    r := r || i;\n"
                       "  END LOOP;\n"
                       "  r := r || i;\n"
                       "  BEGIN\n"
                       "    BEGIN\n"
                       "      PERFORM 1 / 0;\n"
                       "    EXCEPTION WHEN division_by_zero THEN\n"
                       "      r := r || ' inner ' || SQLSTATE;\n"
                       "      RAISE EXCEPTION 'again' USING ERRCODE = '22023';\n"
                       "    END;\n"
                       "  EXCEPTION WHEN OTHERS THEN\n"
                       "    r := r || ' outer ' || SQLSTATE || ' ' || SQLERRM;\n"
                       "  END;\n"
                       "  RETURN r;\n"
                       "END $$"),
                     "");
    cr_assert_str_eq(q("SELECT sc2()"), "1two34outer inner 22012 outer 22023 again");
}
