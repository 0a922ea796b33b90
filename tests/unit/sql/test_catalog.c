/* test_catalog.c — catalog, DDL, table storage and sequences on a real
 * single-node kv stack (kv_test.h): create/drop/lookups, transactional DDL
 * rollback, index backfill and uniqueness, ADD PRIMARY KEY on loaded rows,
 * sequences, insert/update/delete/scan spans (DESC indexes, NULLs), corrupt
 * descriptor detection, TRUNCATE + VACUUM, roles and schemas.
 *
 * DEFAULT and CHECK expressions go through the engine's real expression
 * compiler (exec.h's sql_rowexpr_*).
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include "common/str.h"
#include "kv/keyenc.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/trigger.h"
#include "sql/env.h"
#include "sql/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixture ---- */

static struct kvt T;
/* Statement contexts are never reset here (tests keep descriptors across
 * statements); each transaction gets a fresh one, all freed at teardown. */
static struct mem_ctx *old_ctx[4096];
static int nold;

static struct sql_env env;
static char notices[4096];
static struct err E;

static int on_notice(void *arg, const struct sql_notice *n)
{
    (void)arg;
    size_t l = strlen(notices);
    snprintf(notices + l, sizeof(notices) - l, "%s %s: %s\n", n->severity, n->sqlstate, n->message);
    return 0;
}

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
    sql_fmt_init(&env.fmt);
    env.notice = on_notice;
    notices[0] = 0;
}

static void teardown(void)
{
    if (env.txn != NULL)
        kv_txn_rollback(env.txn);
    env.txn = NULL;
    sql_seq_session_free(env.seq_state);
    mem_ctx_free(env.stmt_ctx);
    while (nold > 0)
        mem_ctx_free(old_ctx[--nold]);
    mem_ctx_free(env.txn_ctx);
    sql_catalog_close(env.cat);
    kvt_stop(&T);
}

static void new_stmt(void)
{
    cr_assert_lt(nold, 4096);
    old_ctx[nold++] = env.stmt_ctx;
    env.stmt_ctx = mem_ctx_new(NULL, "stmt");
}

static void begin(void)
{
    struct err e = {0};
    new_stmt();
    cr_assert_null(env.txn);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0, "%s", e.msg);
}

static int commit(void)
{
    int rc = kv_txn_commit(env.txn, &E);
    env.txn = NULL;
    if (env.txn_did_ddl)
        sql_catalog_invalidate(env.cat);
    env.txn_did_ddl = false;
    return rc; /* stmt_ctx is kept: tests hold descriptors across statements */
}

static void rollback(void)
{
    kv_txn_rollback(env.txn);
    env.txn = NULL;
    env.txn_did_ddl = false;
}

/* Run DDL statements in the open transaction: 0 or the first error (E). */
static int ddl_in(const char *sql)
{
    struct sql_parse_result pr;
    memset(&E, 0, sizeof(E));
    int rc = sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &E);
    cr_assert_eq(rc, 0, "parse %s: %s", sql, E.msg);
    for (int i = 0; i < pr.n; i++) {
        struct sbuf tag;
        sbuf_init(&tag);
        rc = sql_ddl_exec(&env, pr.stmts[i], &tag, &E);
        sbuf_free(&tag);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Autocommit: own transaction, committed on success, rolled back on error. */
static int ddl(const char *sql)
{
    begin();
    int rc = ddl_in(sql);
    if (rc != 0) {
        rollback();
        return rc;
    }
    return commit();
}

#define OK(sql) cr_assert_eq(ddl(sql), 0, "%s: %s", (sql), E.msg)
#define FAILS(sql, state)                                                    \
    do {                                                                     \
        cr_assert_neq(ddl(sql), 0, "%s should fail", (sql));                 \
        cr_assert_str_eq(err_sqlstate(&E), (state), "%s: %s", (sql), E.msg); \
    } while (0)

static const struct sql_table_desc *table(const char *name)
{
    const struct sql_table_desc *t = NULL;
    struct err e = {0};
    bool own = env.txn == NULL;
    if (own)
        begin();
    cr_assert_eq(sql_cat_table(&env, NULL, name, &t, &e), 0, "%s", e.msg);
    if (own) {
        kv_txn_rollback(env.txn);
        env.txn = NULL;
    }
    return t;
}

/* Row of ints (INT_MIN = NULL) for a table whose visible columns are int4
 * followed by the hidden row id when there is one. */
#define NUL INT32_MIN
static void mkrow(const struct sql_table_desc *t, struct sql_value *row, const int *v)
{
    int k = 0;
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden) {
            row[i] = sql_null(SQL_T_INT8);
            continue;
        }
        row[i] = v[k] == NUL ? sql_null(t->cols[i].type) : sql_int4(v[k]);
        row[i].type = t->cols[i].type;
        k++;
    }
}

static int insert(const struct sql_table_desc *t, const int *v)
{
    struct sql_value row[16];
    mkrow(t, row, v);
    memset(&E, 0, sizeof(E));
    return sql_tbl_insert(&env, t, row, &E);
}

/* Scan into "a,b;a,b;" (visible columns) */
static void scan(const struct sql_table_desc *t, const struct sql_tbl_span *sp, char *out,
                 size_t cap)
{
    struct mem_ctx *ctx = mem_ctx_new(NULL, "scan");
    struct sql_tbl_scan *s;
    struct err e = {0};
    out[0] = 0;
    cr_assert_eq(sql_tbl_scan_open(&env, t, sp, ctx, &s, &e), 0, "%s", e.msg);
    struct sql_value row[16];
    for (;;) {
        bool has;
        cr_assert_eq(sql_tbl_scan_next(s, row, &has, &e), 0, "%s", e.msg);
        if (!has)
            break;
        size_t l = strlen(out);
        bool first = true;
        for (int i = 0; i < t->ncols; i++) {
            if (t->cols[i].hidden)
                continue;
            l = strlen(out);
            if (row[i].null)
                snprintf(out + l, cap - l, "%sN", first ? "" : ",");
            else
                snprintf(out + l, cap - l, "%s%lld", first ? "" : ",", (long long)row[i].u.i);
            first = false;
        }
        l = strlen(out);
        snprintf(out + l, cap - l, ";");
    }
    sql_tbl_scan_close(s);
    mem_ctx_free(ctx);
}

TestSuite(catalog, .init = setup, .fini = teardown, .timeout = 60);

/* ---- tests ---- */

Test(catalog, create_lookup_drop)
{
    OK("CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b text UNIQUE, c numeric(10,2))");
    const struct sql_table_desc *t = table("t");
    cr_assert_not_null(t);
    cr_assert_eq(t->kind, 'r');
    cr_assert_eq(t->ncols, 4);
    cr_assert_str_eq(t->schema, "public");
    cr_assert_eq(t->schema_oid, SQL_NS_PUBLIC);
    cr_assert_eq(t->cols[0].type, SQL_T_INT4);
    cr_assert(t->cols[0].not_null);
    cr_assert(t->cols[1].not_null);
    cr_assert(!t->cols[2].not_null);
    cr_assert_eq(t->cols[3].type, SQL_T_NUMERIC);
    cr_assert_eq(t->nidx, 2);
    cr_assert_str_eq(t->idx[0].name, "t_pkey");
    cr_assert(t->idx[0].primary);
    cr_assert_str_eq(t->idx[1].name, "t_b_key");
    cr_assert(t->idx[1].unique && t->idx[1].constraint);
    cr_assert_geq(t->oid, SQL_FIRST_USER_OID);
    /* index lookup */
    begin();
    const struct sql_table_desc *it;
    int pos;
    struct err e = {0};
    cr_assert_eq(sql_cat_index(&env, NULL, "t_b_key", &it, &pos, &e), 0);
    cr_assert_not_null(it);
    cr_assert_eq(pos, 1);
    cr_assert_eq(sql_cat_index(&env, "public", "t_pkey", &it, &pos, &e), 0);
    cr_assert_eq(pos, 0);
    rollback();
    FAILS("CREATE TABLE t (x int)", "42P07");
    cr_assert_str_eq(E.msg, "relation \"t\" already exists");
    OK("CREATE TABLE IF NOT EXISTS t (x int)");
    cr_assert_str_eq(notices, "NOTICE 42P07: relation \"t\" already exists, skipping\n");
    FAILS("CREATE TABLE t_pkey (x int)", "42P07");
    OK("DROP TABLE t");
    cr_assert_null(table("t"));
    FAILS("DROP TABLE t", "42P01");
    cr_assert_str_eq(E.msg, "table \"t\" does not exist");
    notices[0] = 0;
    OK("DROP TABLE IF EXISTS t, u");
    cr_assert_str_eq(notices, "NOTICE 00000: table \"t\" does not exist, skipping\n"
                              "NOTICE 00000: table \"u\" does not exist, skipping\n");
    /* The index name is free again. */
    OK("CREATE TABLE t_pkey (x int)");
}

Test(catalog, create_errors)
{
    FAILS("CREATE TABLE d (a int, a int)", "42701");
    cr_assert_str_eq(E.msg, "column \"a\" specified more than once");
    FAILS("CREATE TABLE d (a int PRIMARY KEY, b int PRIMARY KEY)", "42P16");
    cr_assert_str_eq(E.msg, "multiple primary keys for table \"d\" are not allowed");
    FAILS("CREATE TABLE d (a int PRIMARY KEY, b int, PRIMARY KEY (b))", "42P16");
    FAILS("CREATE TABLE d (a nosuchtype)", "42704");
    FAILS("CREATE TABLE d (a int REFERENCES x (y))", "42P01");
    FAILS("CREATE TABLE d (a int REFERENCES d (a))", "42830");
    FAILS("CREATE TEMP TABLE public.d (a int)", "42P16");
    FAILS("CREATE TABLE d (a int, PRIMARY KEY (zz))", "42703");
    cr_assert_str_eq(E.msg, "column \"zz\" named in key does not exist");
    FAILS("CREATE TABLE d (a int) WITH (fillfactor = 5)", "22023");
    OK("CREATE TABLE d (a int) WITH (fillfactor = 70)");
    cr_assert_str_eq(table("d")->options, "fillfactor=70");
    FAILS("CREATE TABLE nosuch.d (a int)", "3F000");
    FAILS("CREATE INDEX ON d ((random() + a))", "42P17");
    FAILS("CREATE INDEX ON d (a) WHERE random() > a", "42P17");
    OK("CREATE INDEX ON d (a) WHERE a > 0"); /* a partial index (index_pred.c) */
    cr_assert_eq(table("d")->nidx, 2);
    cr_assert_not_null(table("d")->idx[1].pred);
}

Test(catalog, transactional_rollback)
{
    begin();
    cr_assert_eq(ddl_in("CREATE TABLE r1 (a int PRIMARY KEY)"), 0, "%s", E.msg);
    cr_assert_not_null(table("r1"));
    cr_assert_eq(ddl_in("CREATE INDEX ON r1 (a)"), 0, "%s", E.msg);
    cr_assert_eq(table("r1")->nidx, 2);
    rollback();
    cr_assert_null(table("r1"));
    /* A dropped table comes back on rollback. */
    OK("CREATE TABLE r2 (a int)");
    begin();
    cr_assert_eq(ddl_in("DROP TABLE r2"), 0, "%s", E.msg);
    cr_assert_null(table("r2"));
    rollback();
    cr_assert_not_null(table("r2"));
}

Test(catalog, insert_unique_not_null)
{
    OK("CREATE TABLE u (id int PRIMARY KEY, a int UNIQUE, b int NOT NULL)");
    const struct sql_table_desc *t = table("u");
    begin();
    cr_assert_eq(insert(t, (int[]){1, 10, 100}), 0, "%s", E.msg);
    cr_assert_eq(insert(t, (int[]){2, NUL, 200}), 0, "%s", E.msg);
    cr_assert_eq(insert(t, (int[]){3, NUL, 300}), 0, "%s", E.msg); /* NULLs never collide */
    cr_assert_eq(commit(), 0);
    begin();
    cr_assert_eq(insert(t, (int[]){1, 11, 0}), ERR_EXISTS);
    cr_assert_str_eq(err_sqlstate(&E), "23505");
    cr_assert_str_eq(E.msg, "duplicate key value violates unique constraint \"u_pkey\"\n"
                            "DETAIL:  Key (id)=(1) already exists.\nSCHEMA NAME:  public\n"
                            "TABLE NAME:  u\nCONSTRAINT NAME:  u_pkey");
    rollback();
    begin();
    cr_assert_eq(insert(t, (int[]){4, 10, 0}), ERR_EXISTS);
    cr_assert_str_eq(E.msg, "duplicate key value violates unique constraint \"u_a_key\"\n"
                            "DETAIL:  Key (a)=(10) already exists.\nSCHEMA NAME:  public\n"
                            "TABLE NAME:  u\nCONSTRAINT NAME:  u_a_key");
    rollback();
    begin();
    cr_assert_neq(insert(t, (int[]){5, 50, NUL}), 0);
    cr_assert_str_eq(err_sqlstate(&E), "23502");
    cr_assert_str_eq(E.msg, "null value in column \"b\" of relation \"u\" violates not-null "
                            "constraint\nDETAIL:  Failing row contains (5, 50, null).\n"
                            "SCHEMA NAME:  public\nTABLE NAME:  u\nCOLUMN NAME:  b");
    rollback();
    begin();
    char buf[256];
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,10,100;2,N,200;3,N,300;");
    /* point lookup on the primary key and on the unique index */
    struct sql_value k = sql_int4(2);
    struct sql_tbl_span sp = {.idx_pos = 0, .eq = &k, .neq = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "2,N,200;");
    k = sql_int4(10);
    sp.idx_pos = 1;
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,10,100;");
    k = sql_int4(99);
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "");
    rollback();
    /* read-only */
    begin();
    env.read_only = true;
    cr_assert_neq(insert(t, (int[]){9, 9, 9}), 0);
    cr_assert_str_eq(err_sqlstate(&E), "25006");
    cr_assert_str_eq(E.msg, "cannot execute INSERT in a read-only transaction");
    env.read_only = false;
    rollback();
}

Test(catalog, update_delete_lock)
{
    OK("CREATE TABLE m (id int PRIMARY KEY, a int, b int UNIQUE); CREATE INDEX ON m (a)");
    const struct sql_table_desc *t = table("m");
    cr_assert_eq(t->nidx, 3);
    cr_assert_str_eq(t->idx[2].name, "m_a_idx");
    begin();
    for (int i = 1; i <= 5; i++)
        cr_assert_eq(insert(t, (int[]){i, i % 2, i * 10}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    begin();
    struct sql_value o[3], n[3];
    mkrow(t, o, (int[]){3, 1, 30});
    mkrow(t, n, (int[]){30, 0, 31});
    struct err e = {0};
    cr_assert_eq(sql_tbl_update(&env, t, o, n, &e), 0, "%s", e.msg);
    mkrow(t, o, (int[]){4, 0, 40});
    cr_assert_eq(sql_tbl_delete(&env, t, o, &e), 0, "%s", e.msg);
    /* a unique clash on update */
    mkrow(t, o, (int[]){5, 1, 50});
    mkrow(t, n, (int[]){5, 1, 10});
    cr_assert_eq(sql_tbl_update(&env, t, o, n, &e), ERR_EXISTS);
    rollback();
    begin();
    mkrow(t, o, (int[]){3, 1, 30});
    mkrow(t, n, (int[]){30, 0, 31});
    cr_assert_eq(sql_tbl_update(&env, t, o, n, &e), 0, "%s", e.msg);
    mkrow(t, o, (int[]){4, 0, 40});
    cr_assert_eq(sql_tbl_delete(&env, t, o, &e), 0, "%s", e.msg);
    cr_assert_eq(commit(), 0);
    begin();
    char buf[256];
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,1,10;2,0,20;5,1,50;30,0,31;");
    struct sql_value k = sql_int4(0);
    struct sql_tbl_span sp = {.idx_pos = 2, .eq = &k, .neq = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "2,0,20;30,0,31;");
    k = sql_int4(31);
    sp.idx_pos = 1;
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "30,0,31;");
    k = sql_int4(30);
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "");
    /* lock_row re-reads */
    struct sql_value row[3];
    mkrow(t, row, (int[]){30, 0, 0});
    bool found;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "lock");
    cr_assert_eq(sql_tbl_lock_row(&env, t, row, ctx, &found, &e), 0, "%s", e.msg);
    cr_assert(found);
    cr_assert_eq(row[2].u.i, 31);
    mkrow(t, row, (int[]){4, 0, 0});
    cr_assert_eq(sql_tbl_lock_row(&env, t, row, ctx, &found, &e), 0, "%s", e.msg);
    cr_assert(!found);
    mem_ctx_free(ctx);
    rollback();
}

Test(catalog, spans_desc_nulls)
{
    OK("CREATE TABLE s (id int PRIMARY KEY, a int); CREATE INDEX s_a ON s (a); "
       "CREATE INDEX s_ad ON s (a DESC)");
    const struct sql_table_desc *t = table("s");
    cr_assert(t->idx[2].desc[0] && t->idx[2].nulls_first[0]);
    cr_assert(!t->idx[1].desc[0] && !t->idx[1].nulls_first[0]);
    begin();
    int vals[][2] = {{1, 5}, {2, NUL}, {3, 7}, {4, 5}, {5, 3}, {6, NUL}, {7, 9}};
    for (size_t i = 0; i < 7; i++)
        cr_assert_eq(insert(t, vals[i]), 0, "%s", E.msg);
    char buf[256];
    /* a > 5 on the ASC index: skips every 5 and the NULLs (last) */
    struct sql_value five = sql_int4(5), seven = sql_int4(7);
    struct sql_tbl_span sp = {.idx_pos = 1, .lo = &five, .lo_incl = false};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "3,7;7,9;");
    sp.lo_incl = true;
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,5;4,5;3,7;7,9;");
    /* a < 7 */
    sp = (struct sql_tbl_span){.idx_pos = 1, .hi = &seven, .hi_incl = false};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "5,3;1,5;4,5;");
    /* whole ASC index: NULLs last */
    sp = (struct sql_tbl_span){.idx_pos = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "5,3;1,5;4,5;3,7;7,9;2,N;6,N;");
    sp.reverse = true;
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "6,N;2,N;7,9;3,7;4,5;1,5;5,3;");
    /* DESC index: NULLs first, then descending; bounds in SQL terms */
    sp = (struct sql_tbl_span){.idx_pos = 2};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "2,N;6,N;7,9;3,7;1,5;4,5;5,3;");
    sp = (struct sql_tbl_span){.idx_pos = 2, .lo = &five, .lo_incl = false};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "7,9;3,7;");
    sp = (struct sql_tbl_span){.idx_pos = 2, .hi = &seven, .hi_incl = true};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "3,7;1,5;4,5;5,3;");
    sp = (struct sql_tbl_span){
        .idx_pos = 2, .lo = &five, .lo_incl = true, .hi = &seven, .hi_incl = false};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,5;4,5;");
    /* empty and NULL spans */
    sp = (struct sql_tbl_span){
        .idx_pos = 1, .lo = &seven, .lo_incl = false, .hi = &five, .hi_incl = false};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "");
    struct sql_value nul = sql_null(SQL_T_INT4);
    sp = (struct sql_tbl_span){.idx_pos = 1, .eq = &nul, .neq = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "");
    /* primary key range, reverse */
    struct sql_value two = sql_int4(2), six = sql_int4(6);
    sp = (struct sql_tbl_span){
        .idx_pos = 0, .lo = &two, .lo_incl = true, .hi = &six, .hi_incl = false, .reverse = true};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "5,3;4,5;3,7;2,N;");
    rollback();
}

Test(catalog, index_backfill_unique)
{
    OK("CREATE TABLE b (a int)");
    const struct sql_table_desc *t = table("b");
    cr_assert_eq(t->ncols, 2);
    cr_assert(t->cols[1].hidden);
    begin();
    cr_assert_eq(insert(t, (int[]){1}), 0, "%s", E.msg);
    cr_assert_eq(insert(t, (int[]){2}), 0, "%s", E.msg);
    cr_assert_eq(insert(t, (int[]){1}), 0, "%s", E.msg);
    cr_assert_eq(insert(t, (int[]){NUL}), 0, "%s", E.msg);
    cr_assert_eq(insert(t, (int[]){NUL}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    FAILS("CREATE UNIQUE INDEX bu ON b (a)", "23505");
    cr_assert_str_eq(E.msg, "could not create unique index \"bu\"\nDETAIL:  Key (a)=(1) is "
                            "duplicated.\nSCHEMA NAME:  public\nTABLE NAME:  b\nCONSTRAINT "
                            "NAME:  bu");
    OK("CREATE INDEX ON b (a)");
    OK("CREATE INDEX ON b (a)");
    t = table("b");
    cr_assert_eq(t->nidx, 3);
    cr_assert_str_eq(t->idx[1].name, "b_a_idx");
    cr_assert_str_eq(t->idx[2].name, "b_a_idx1");
    begin();
    char buf[128];
    struct sql_value one = sql_int4(1);
    struct sql_tbl_span sp = {.idx_pos = 2, .eq = &one, .neq = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1;1;");
    rollback();
    FAILS("DROP INDEX b", "42809");
    OK("DROP INDEX b_a_idx");
    cr_assert_eq(table("b")->nidx, 2);
    OK("CREATE TABLE pk (a int PRIMARY KEY)");
    FAILS("DROP INDEX pk_pkey", "2BP01");
    cr_assert_str_eq(E.msg, "cannot drop index pk_pkey because constraint pk_pkey on table pk "
                            "requires it\nHINT:  You can drop constraint pk_pkey on table pk "
                            "instead.");
}

Test(catalog, add_primary_key_on_loaded_rows)
{
    OK("CREATE TABLE acc (aid int, bid int, abalance int)");
    OK("CREATE INDEX acc_bid ON acc (bid)");
    const struct sql_table_desc *t = table("acc");
    const int N = 3000;
    begin();
    for (int i = N; i >= 1; i--)
        cr_assert_eq(insert(t, (int[]){i, i % 10, 0}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    OK("ALTER TABLE acc ADD PRIMARY KEY (aid)");
    t = table("acc");
    cr_assert_eq(t->ncols, 3, "hidden row id gone");
    cr_assert(t->idx[0].primary);
    cr_assert_str_eq(t->idx[0].name, "acc_pkey");
    cr_assert(t->cols[0].not_null);
    begin();
    char buf[128];
    struct sql_value k = sql_int4(1234);
    struct sql_tbl_span sp = {.idx_pos = 0, .eq = &k, .neq = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1234,4,0;");
    /* the secondary index was rebuilt against the new primary key */
    k = sql_int4(7);
    sp = (struct sql_tbl_span){.idx_pos = 1, .eq = &k, .neq = 1};
    struct mem_ctx *ctx = mem_ctx_new(NULL, "n");
    struct sql_tbl_scan *s;
    struct err e = {0};
    cr_assert_eq(sql_tbl_scan_open(&env, t, &sp, ctx, &s, &e), 0);
    int n = 0;
    struct sql_value row[3];
    for (bool has = true; has;) {
        cr_assert_eq(sql_tbl_scan_next(s, row, &has, &e), 0, "%s", e.msg);
        if (has) {
            cr_assert_eq(row[1].u.i, 7);
            n++;
        }
    }
    cr_assert_eq(n, N / 10);
    mem_ctx_free(ctx);
    cr_assert_eq(insert(t, (int[]){5, 0, 0}), ERR_EXISTS);
    rollback();
    FAILS("ALTER TABLE acc ADD PRIMARY KEY (bid)", "42P16");
    /* duplicates and NULLs are refused */
    OK("CREATE TABLE d2 (a int, b int)");
    t = table("d2");
    begin();
    cr_assert_eq(insert(t, (int[]){1, 1}), 0);
    cr_assert_eq(insert(t, (int[]){2, NUL}), 0);
    cr_assert_eq(insert(t, (int[]){1, 3}), 0);
    cr_assert_eq(commit(), 0);
    FAILS("ALTER TABLE d2 ADD PRIMARY KEY (a)", "23505");
    cr_assert_str_eq(E.msg, "could not create unique index \"d2_pkey\"\nDETAIL:  Key (a)=(1) is "
                            "duplicated.\nSCHEMA NAME:  public\nTABLE NAME:  d2\nCONSTRAINT "
                            "NAME:  d2_pkey");
    FAILS("ALTER TABLE d2 ADD CONSTRAINT d2k PRIMARY KEY (b)", "23502");
    cr_assert_str_eq(E.msg, "column \"b\" of relation \"d2\" contains null values\nSCHEMA "
                            "NAME:  public\nTABLE NAME:  d2\nCOLUMN NAME:  b");
    OK("ALTER TABLE d2 ADD UNIQUE (b)");
    cr_assert_str_eq(table("d2")->idx[1].name, "d2_b_key");
    FAILS("ALTER TABLE d2 ADD CONSTRAINT c1 CHECK (a > 1)", "23514");
    cr_assert_str_eq(E.msg, "check constraint \"c1\" of relation \"d2\" is violated by some row"
                            "\nSCHEMA NAME:  public\nTABLE NAME:  d2\nCONSTRAINT NAME:  c1");
    OK("ALTER TABLE d2 ADD CHECK (a > 0)");
    cr_assert_str_eq(table("d2")->checks[0].name, "d2_a_check");
    OK("ALTER TABLE d2 DROP CONSTRAINT d2_a_check");
    cr_assert_eq(table("d2")->nchecks, 0);
    FAILS("ALTER TABLE d2 DROP CONSTRAINT nope", "42704");
    OK("ALTER TABLE d2 ADD FOREIGN KEY (a) REFERENCES acc (aid)");
    cr_assert_eq(table("d2")->nfks, 1);
    cr_assert_str_eq(table("d2")->fks[0].name, "d2_a_fkey");
    cr_assert_eq(table("acc")->nrefby, 1);
    FAILS("ALTER TABLE d2 ADD FOREIGN KEY (b) REFERENCES acc (bid)", "42830");
    OK("ALTER TABLE d2 DROP CONSTRAINT d2_a_fkey");
    cr_assert_eq(table("acc")->nrefby, 0);
}

Test(catalog, alter_columns)
{
    OK("CREATE TABLE al (id int PRIMARY KEY, a int)");
    const struct sql_table_desc *t = table("al");
    begin();
    cr_assert_eq(insert(t, (int[]){1, 10}), 0);
    cr_assert_eq(insert(t, (int[]){2, NUL}), 0);
    cr_assert_eq(commit(), 0);
    OK("ALTER TABLE al ADD COLUMN c int DEFAULT 7");
    t = table("al");
    cr_assert_eq(t->ncols, 3);
    cr_assert_str_eq(t->cols[2].default_sql, "7");
    begin();
    char buf[128];
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,10,7;2,N,7;");
    rollback();
    FAILS("ALTER TABLE al ADD COLUMN d int NOT NULL", "23502");
    FAILS("ALTER TABLE al ADD COLUMN a int", "42701");
    notices[0] = 0;
    OK("ALTER TABLE al ADD COLUMN IF NOT EXISTS a int");
    cr_assert_str_eq(notices,
                     "NOTICE 42701: column \"a\" of relation \"al\" already exists, skipping\n");
    FAILS("ALTER TABLE al ALTER COLUMN a SET NOT NULL", "23502");
    OK("ALTER TABLE al ALTER COLUMN c SET NOT NULL");
    cr_assert(table("al")->cols[2].not_null);
    FAILS("ALTER TABLE al ALTER COLUMN id DROP NOT NULL", "42P16");
    OK("ALTER TABLE al ALTER COLUMN c DROP DEFAULT");
    cr_assert_null(table("al")->cols[2].default_sql);
    OK("CREATE INDEX ON al (a)");
    OK("ALTER TABLE al DROP COLUMN a");
    t = table("al");
    cr_assert_eq(t->ncols, 2);
    cr_assert_eq(t->nidx, 1, "index on the dropped column dropped");
    begin();
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,7;2,7;");
    rollback();
    /* the dropped column's id is not reused */
    OK("ALTER TABLE al ADD COLUMN a int");
    t = table("al");
    cr_assert_gt(t->cols[2].id, 2);
    begin();
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,7,N;2,7,N;");
    rollback();
    /* Dropping a key column drops the primary key: the rows are rewritten
     * under hidden row ids and the secondary indexes rebuilt. */
    OK("CREATE TABLE dpk (id int PRIMARY KEY, v int, w int)");
    OK("CREATE INDEX dpk_w ON dpk (w)");
    const struct sql_table_desc *d = table("dpk");
    begin();
    cr_assert_eq(insert(d, (int[]){1, 10, 100}), 0);
    cr_assert_eq(insert(d, (int[]){2, 20, 200}), 0);
    cr_assert_eq(commit(), 0);
    OK("ALTER TABLE dpk DROP COLUMN id");
    d = table("dpk");
    cr_assert(!d->idx[0].primary);
    cr_assert_eq(d->nidx, 2);
    cr_assert_null(sql_cat_column(d, "id"));
    begin();
    scan(d, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "10,100;20,200;");
    cr_assert_eq(insert(d, (int[]){10, 100}), 0, "no key left: duplicates are fine");
    scan(d, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "10,100;20,200;10,100;");
    rollback();
    OK("CREATE TABLE dpk2 (a int, b int, CONSTRAINT dpk2_pk PRIMARY KEY (a, b))");
    OK("ALTER TABLE dpk2 DROP CONSTRAINT dpk2_pk");
    cr_assert(!table("dpk2")->idx[0].primary);
    cr_assert(sql_cat_column(table("dpk2"), "a")->not_null, "NOT NULL stays");
    FAILS("ALTER TABLE al DROP COLUMN zz", "42703");
    FAILS("DROP TABLE pg_catalog.pg_class", "42501");
    cr_assert_str_eq(E.msg, "permission denied: \"pg_class\" is a system catalog");
    FAILS("TRUNCATE pg_attribute", "42501");
    FAILS("ALTER TABLE pg_class ADD COLUMN x int", "42501");
    OK("ALTER TABLE al ALTER COLUMN a TYPE bigint");
    cr_assert_eq(sql_cat_column(table("al"), "a")->type, SQL_T_INT8);
    begin();
    scan(table("al"), NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,7,N;2,7,N;");
    rollback();
    /* Narrowing and USING rewrite the rows (ddl_alter_type.c). */
    OK("ALTER TABLE al ALTER COLUMN a TYPE int");
    cr_assert_eq(sql_cat_column(table("al"), "a")->type, SQL_T_INT4);
    OK("ALTER TABLE al ALTER COLUMN a TYPE text USING a::text");
    cr_assert_eq(sql_cat_column(table("al"), "a")->type, SQL_T_TEXT);
    FAILS("ALTER TABLE al ALTER COLUMN a TYPE int", "42804");
    begin();
    scan(table("al"), NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1,7,N;2,7,N;");
    rollback();
    OK("ALTER TABLE al RENAME COLUMN a TO z");
    cr_assert_not_null(sql_cat_column(table("al"), "z"));
    OK("ALTER TABLE al RENAME TO al2");
    cr_assert_null(table("al"));
    cr_assert_not_null(table("al2"));
    OK("ALTER INDEX al_pkey RENAME TO al2_pkey");
    cr_assert_str_eq(table("al2")->idx[0].name, "al2_pkey");
    OK("COMMENT ON TABLE al2 IS 'hello'; COMMENT ON COLUMN al2.z IS 'zed'");
    cr_assert_str_eq(table("al2")->comment, "hello");
    cr_assert_str_eq(sql_cat_column(table("al2"), "z")->comment, "zed");
}

Test(catalog, sequences)
{
    OK("CREATE SEQUENCE sq START 5 INCREMENT BY 5 MAXVALUE 20");
    const struct sql_table_desc *s = table("sq");
    cr_assert_eq(s->kind, 'S');
    cr_assert_eq(s->seq.start, 5);
    cr_assert_eq(s->seq.max, 20);
    uint32_t oid = s->oid;
    begin();
    int64_t v;
    struct err e = {0};
    cr_assert_eq(sql_seq_currval(&env, oid, &v, &e), ERR_INVAL);
    cr_assert_str_eq(err_sqlstate(&e), "55000");
    cr_assert_str_eq(e.msg, "currval of sequence \"sq\" is not yet defined in this session");
    cr_assert_eq(sql_seq_lastval(&env, &v, &e), ERR_INVAL);
    cr_assert_eq(sql_seq_nextval(&env, oid, &v, &e), 0, "%s", e.msg);
    cr_assert_eq(v, 5);
    cr_assert_eq(sql_seq_nextval(&env, oid, &v, &e), 0);
    cr_assert_eq(v, 10);
    rollback(); /* non-transactional */
    begin();
    cr_assert_eq(sql_seq_nextval(&env, oid, &v, &e), 0);
    cr_assert_eq(v, 15);
    cr_assert_eq(sql_seq_currval(&env, oid, &v, &e), 0);
    cr_assert_eq(v, 15);
    cr_assert_eq(sql_seq_nextval(&env, oid, &v, &e), 0);
    cr_assert_eq(v, 20);
    cr_assert_neq(sql_seq_nextval(&env, oid, &v, &e), 0);
    cr_assert_str_eq(err_sqlstate(&e), "2200H");
    cr_assert_str_eq(e.msg, "nextval: reached maximum value of sequence \"sq\" (20)");
    rollback();
    begin();
    cr_assert_eq(sql_seq_setval(&env, oid, 7, false, &v, &e), 0, "%s", e.msg);
    cr_assert_eq(sql_seq_nextval(&env, oid, &v, &e), 0);
    cr_assert_eq(v, 7);
    cr_assert_neq(sql_seq_setval(&env, oid, 99, true, &v, &e), 0);
    cr_assert_str_eq(err_sqlstate(&e), "22003");
    cr_assert_eq(sql_seq_lastval(&env, &v, &e), 0);
    cr_assert_eq(v, 7);
    rollback();
    FAILS("CREATE SEQUENCE bad INCREMENT 0", "22023");
    cr_assert_str_eq(E.msg, "INCREMENT must not be zero");
    FAILS("CREATE SEQUENCE bad MINVALUE 10 MAXVALUE 5", "22023");
    FAILS("CREATE SEQUENCE bad AS smallint MAXVALUE 100000", "22023");
    cr_assert_str_eq(E.msg, "MAXVALUE (100000) is out of range for sequence data type smallint");
    FAILS("CREATE SEQUENCE bad START 0", "22023");
    cr_assert_str_eq(E.msg, "START value (0) cannot be less than MINVALUE (1)");
    OK("CREATE SEQUENCE cyc AS smallint MAXVALUE 2 CYCLE");
    begin();
    uint32_t c = table("cyc")->oid;
    int64_t got[4];
    for (int i = 0; i < 4; i++)
        cr_assert_eq(sql_seq_nextval(&env, c, &got[i], &e), 0, "%s", e.msg);
    cr_assert(got[0] == 1 && got[1] == 2 && got[2] == 1 && got[3] == 2);
    rollback();
    /* a sequence created in this transaction is updated inside it */
    begin();
    cr_assert_eq(ddl_in("CREATE SEQUENCE inner_s"), 0, "%s", E.msg);
    const struct sql_table_desc *is = table("inner_s");
    cr_assert_eq(sql_seq_nextval(&env, is->oid, &v, &e), 0, "%s", e.msg);
    cr_assert_eq(v, 1);
    cr_assert_eq(sql_seq_nextval(&env, is->oid, &v, &e), 0, "%s", e.msg);
    cr_assert_eq(v, 2);
    cr_assert_eq(commit(), 0);
    begin();
    cr_assert_eq(sql_seq_nextval(&env, is->oid, &v, &e), 0, "%s", e.msg);
    cr_assert_eq(v, 3);
    rollback();
}

Test(catalog, serial_identity)
{
    OK("CREATE TABLE se (id serial PRIMARY KEY, b bigserial, g int GENERATED ALWAYS AS IDENTITY "
       "(START 100))");
    const struct sql_table_desc *t = table("se");
    cr_assert_str_eq(t->cols[0].default_sql, "nextval('se_id_seq'::regclass)");
    cr_assert_eq(t->cols[0].type, SQL_T_INT4);
    cr_assert(t->cols[0].not_null);
    cr_assert_eq(t->cols[1].type, SQL_T_INT8);
    cr_assert_str_eq(t->cols[1].default_sql, "nextval('se_b_seq'::regclass)");
    cr_assert_eq(t->cols[2].identity, 'a');
    const struct sql_table_desc *s = table("se_g_seq");
    cr_assert_not_null(s);
    cr_assert_eq(t->cols[2].identity_seq, s->oid);
    cr_assert_eq(s->seq.start, 100);
    cr_assert_eq(s->seq.max, INT32_MAX);
    cr_assert_eq(s->seq.owned_by_table, t->oid);
    cr_assert_not_null(table("se_id_seq"));
    FAILS("DROP SEQUENCE se_id_seq", "2BP01");
    /* owned sequences go with the table */
    OK("DROP TABLE se");
    cr_assert_null(table("se_id_seq"));
    cr_assert_null(table("se_g_seq"));
}

Test(catalog, corrupt_descriptor)
{
    OK("CREATE TABLE cx (a int)");
    uint32_t oid = table("cx")->oid;
    /* flip one byte of the stored descriptor */
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, oid);
    struct kv_txn *t;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &t, &e), 0);
    void *val;
    size_t vl;
    bool found;
    cr_assert_eq(kv_txn_get(t, k.data, k.len, NULL, &val, &vl, &found, &e), 0);
    cr_assert(found);
    ((uint8_t *)val)[vl / 2] ^= 0x40;
    cr_assert_eq(kv_txn_put(t, k.data, k.len, val, vl, &e), 0);
    xfree(val);
    cr_assert_eq(kv_txn_commit(t, &e), 0);
    sbuf_free(&k);
    sql_catalog_invalidate(env.cat);
    begin();
    const struct sql_table_desc *d;
    cr_assert_eq(sql_cat_table(&env, NULL, "cx", &d, &e), ERR_CORRUPT);
    cr_assert_str_eq(err_sqlstate(&e), "XX001");
    rollback();
    /* truncated record */
    struct sql_table_desc *out;
    uint8_t junk[3] = {1, 'r', 0};
    struct mem_ctx *ctx = mem_ctx_new(NULL, "c");
    cr_assert_eq(sql__desc_decode(ctx, junk, sizeof(junk), 1, &out, &e), ERR_CORRUPT);
    mem_ctx_free(ctx);
}

Test(catalog, encode_decode_roundtrip_fuzz)
{
    OK("CREATE TABLE rt (id int PRIMARY KEY, a text DEFAULT 5, b int UNIQUE, CHECK (b > 0))");
    const struct sql_table_desc *t = table("rt");
    struct sbuf b;
    sbuf_init(&b);
    sql__desc_encode(t, &b);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "c");
    struct sql_table_desc *d;
    struct err e = {0};
    cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, b.len, t->oid, &d, &e), 0, "%s", e.msg);
    cr_assert_str_eq(d->name, "rt");
    cr_assert_eq(d->nchecks, 1);
    cr_assert_str_eq(d->checks[0].name, "rt_b_check");
    /* every truncation and every single-byte change is refused */
    for (size_t n = 0; n < b.len; n++)
        cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, n, t->oid, &d, &e), ERR_CORRUPT);
    for (size_t i = 0; i < b.len; i++) {
        b.data[i] ^= 0x11;
        cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, b.len, t->oid, &d, &e), ERR_CORRUPT);
        b.data[i] ^= 0x11;
    }
    mem_ctx_free(ctx);
    sbuf_free(&b);
}

Test(catalog, triggers_roundtrip)
{
    OK("CREATE TABLE tg (id int PRIMARY KEY, a text, b int)");
    const struct sql_table_desc *t = table("tg");
    struct mem_ctx *ctx = mem_ctx_new(NULL, "c");
    struct sql_table_desc *w = sql__desc_copy(ctx, t);
    char *args[] = {"x", "it's"};
    uint32_t cols[] = {t->cols[2].id, t->cols[1].id};
    struct sql_trig_desc g[2] = {
        {.oid = 90001,
         .name = "tg_b",
         .fn_oid = 80001,
         .type = SQL_TRIG_ROW | SQL_TRIG_BEFORE | SQL_TRIG_INSERT | SQL_TRIG_UPDATE,
         .enabled = 'O',
         .nargs = 2,
         .args = args,
         .ncols = 2,
         .col_ids = cols,
         .when_sql = "(new.b > 0)"},
        {.oid = 90002, .name = "tg_s", .fn_oid = 80001, .type = SQL_TRIG_TRUNCATE, .enabled = 'D'},
    };
    w->trigs = g;
    w->ntrigs = 2;
    struct sbuf b;
    sbuf_init(&b);
    sql__desc_encode(w, &b);
    struct sql_table_desc *d;
    struct err e = {0};
    cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, b.len, t->oid, &d, &e), 0, "%s", e.msg);
    cr_assert_eq(d->ntrigs, 2);
    cr_expect_str_eq(d->trigs[0].name, "tg_b");
    cr_expect_eq(d->trigs[0].type, g[0].type);
    cr_expect_eq(d->trigs[0].fn_oid, 80001);
    cr_expect_eq(d->trigs[0].nargs, 2);
    cr_expect_str_eq(d->trigs[0].args[1], "it's");
    cr_expect_eq(d->trigs[0].ncols, 2);
    cr_expect_eq(d->trigs[0].col_ids[0], t->cols[2].id);
    cr_expect_str_eq(d->trigs[0].when_sql, "(new.b > 0)");
    cr_expect_eq(d->trigs[1].enabled, 'D');
    cr_expect_null(d->trigs[1].when_sql);
    /* a copy keeps them; truncations are refused */
    struct sql_table_desc *c = sql__desc_copy(ctx, d);
    cr_expect_str_eq(c->trigs[0].args[0], "x");
    for (size_t n = 0; n < b.len; n++)
        cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, n, t->oid, &d, &e), ERR_CORRUPT);
    /* an UPDATE OF column the table lacks is corrupt */
    cols[0] = 4242;
    sbuf_reset(&b);
    sql__desc_encode(w, &b);
    cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, b.len, t->oid, &d, &e), ERR_CORRUPT);
    mem_ctx_free(ctx);
    sbuf_free(&b);
}

Test(catalog, missing_values_roundtrip)
{
    OK("CREATE TABLE mv (id int PRIMARY KEY)");
    OK("ALTER TABLE mv ADD COLUMN a text DEFAULT 'x', ADD COLUMN b int DEFAULT 3");
    const struct sql_table_desc *t = table("mv");
    cr_assert_not_null(t->cols[1].missing);
    cr_assert_not_null(t->cols[2].missing);
    struct sbuf b;
    sbuf_init(&b);
    sql__desc_encode(t, &b);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "c");
    struct sql_table_desc *d;
    struct err e = {0};
    cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, b.len, t->oid, &d, &e), 0, "%s", e.msg);
    struct sql_value *mv;
    cr_assert_eq(sql_cat_missing(d, ctx, &mv, &e), 0, "%s", e.msg);
    cr_assert_not_null(mv);
    cr_expect(mv[0].null);
    cr_expect_eq(mv[1].u.s.len, 1);
    cr_expect_eq(mv[1].u.s.p[0], 'x');
    cr_expect_eq(mv[2].u.i, 3);
    for (size_t n = 0; n < b.len; n++)
        cr_assert_eq(sql__desc_decode(ctx, (uint8_t *)b.data, n, t->oid, &d, &e), ERR_CORRUPT);
    mem_ctx_free(ctx);
    sbuf_free(&b);
}

Test(catalog, truncate_vacuum)
{
    OK("CREATE TABLE tr (id serial PRIMARY KEY, a int)");
    OK("CREATE INDEX ON tr (a)");
    const struct sql_table_desc *t = table("tr");
    begin();
    for (int i = 1; i <= 50; i++)
        cr_assert_eq(insert(t, (int[]){i, i}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    uint32_t old0 = t->idx[0].id;
    OK("TRUNCATE tr RESTART IDENTITY");
    t = table("tr");
    cr_assert_neq(t->idx[0].id, old0);
    begin();
    char buf[64];
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "");
    cr_assert_eq(insert(t, (int[]){1, 1}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    /* VACUUM deletes the old spans */
    OK("VACUUM");
    struct kv_txn *kt;
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, true, &kt, &e), 0);
    struct sbuf s0, s1;
    sbuf_init(&s0);
    sbuf_init(&s1);
    kv_key_put_table_prefix(&s0, t->oid, old0);
    kv_key_prefix_end((uint8_t *)s0.data, s0.len, &s1);
    struct kv_scan sc = {.start = s0.data, .start_len = s0.len, .end = s1.data, .end_len = s1.len};
    struct kv_iter *it;
    cr_assert_eq(kv_txn_scan(kt, &sc, &it, &e), 0);
    bool has;
    cr_assert_eq(kv_iter_next(it, &has, &e), 0);
    cr_assert(!has, "old rows deleted by VACUUM");
    kv_iter_free(it);
    kv_txn_rollback(kt);
    sbuf_free(&s0);
    sbuf_free(&s1);
    OK("ANALYZE tr");
    cr_assert_eq(table("tr")->reltuples, 1);
    cr_assert_str_eq(sql_ddl_needs_no_block(
                         &(struct sql_stmt){.kind = SQL_STMT_VACUUM, .u.vacuum.vacuum = true}),
                     "VACUUM");
}

Test(catalog, schemas)
{
    OK("CREATE SCHEMA s1");
    FAILS("CREATE SCHEMA s1", "42P06");
    OK("CREATE SCHEMA IF NOT EXISTS s1");
    OK("CREATE TABLE s1.t (a int)");
    begin();
    const struct sql_table_desc *t;
    struct err e = {0};
    cr_assert_eq(sql_cat_table(&env, "s1", "t", &t, &e), 0);
    cr_assert_not_null(t);
    cr_assert_str_eq(t->schema, "s1");
    cr_assert_eq(sql_cat_table(&env, NULL, "t", &t, &e), 0);
    cr_assert_null(t, "s1 is not in the search path");
    struct sql_schema_desc *ss;
    size_t n;
    cr_assert_eq(sql_cat_list_schemas(&env, &ss, &n, &e), 0);
    cr_assert_eq(n, 4);
    rollback();
    FAILS("DROP SCHEMA s1", "2BP01");
    cr_assert_str_eq(E.msg, "cannot drop schema s1 because other objects depend on it\n"
                            "DETAIL:  table s1.t depends on schema s1\n"
                            "HINT:  Use DROP ... CASCADE to drop the dependent objects too.");
    notices[0] = 0;
    OK("DROP SCHEMA s1 CASCADE");
    cr_assert_str_eq(notices, "NOTICE 00000: drop cascades to table s1.t\n");
    FAILS("DROP SCHEMA s1", "3F000");
    OK("DROP SCHEMA IF EXISTS s1");
    FAILS("CREATE SCHEMA pg_x", "42939");
}

Test(catalog, roles_databases)
{
    OK("CREATE ROLE r1 LOGIN PASSWORD 'secret'");
    struct sql_role r;
    bool found;
    struct err e = {0};
    cr_assert_eq(sql_role_get(T.kv, "r1", &r, &found, &e), 0);
    cr_assert(found && r.login && !r.superuser);
    cr_assert(strncmp(r.secret, "SCRAM-SHA-256$4096:", 19) == 0, "%s", r.secret);
    FAILS("CREATE ROLE r1", "42710");
    cr_assert_str_eq(E.msg, "role \"r1\" already exists");
    OK("CREATE USER u1");
    cr_assert_eq(sql_role_get(T.kv, "u1", &r, &found, &e), 0);
    cr_assert(found && r.login);
    OK("ALTER ROLE u1 SUPERUSER PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$YQ==:Yg=='");
    cr_assert_eq(sql_role_get(T.kv, "u1", &r, &found, &e), 0);
    cr_assert(r.superuser);
    cr_assert_str_eq(r.secret, "SCRAM-SHA-256$4096:c2FsdA==$YQ==:Yg==");
    FAILS("DROP ROLE shardforge", "55006");
    cr_assert_str_eq(E.msg, "current user cannot be dropped");
    OK("DROP ROLE r1, u1");
    FAILS("DROP ROLE r1", "42704");
    OK("DROP ROLE IF EXISTS r1");
    env.superuser = false;
    FAILS("CREATE ROLE r2", "42501");
    cr_assert_str_eq(E.msg, "permission denied to create role");
    env.superuser = true;
    OK("CREATE DATABASE d1");
    FAILS("CREATE DATABASE d1", "42P04");
    cr_assert_eq(sql_database_exists(T.kv, "d1", &found, &e), 0);
    cr_assert(found);
    FAILS("DROP DATABASE shardforge", "55006");
    OK("DROP DATABASE d1");
    cr_assert_eq(sql_database_exists(T.kv, "d1", &found, &e), 0);
    cr_assert(!found);
    /* a table in another database is invisible */
    OK("CREATE DATABASE d2; CREATE TABLE only_here (a int)");
    env.database = "d2";
    env.db_oid = 0;
    cr_assert_null(table("only_here"));
    env.database = "shardforge";
    env.db_oid = 0;
    cr_assert_not_null(table("only_here"));
}

Test(catalog, pgbench_init_ddl)
{
    OK("drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, "
       "pgbench_tellers");
    OK("create table pgbench_history(tid int,bid int,aid    int,delta int,mtime "
       "timestamp,filler char(22))");
    OK("create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) "
       "with (fillfactor=100)");
    OK("create table pgbench_accounts(aid    int not null,bid int,abalance int,filler "
       "char(84)) with (fillfactor=100)");
    OK("create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with "
       "(fillfactor=100)");
    begin();
    cr_assert_eq(ddl_in("truncate table pgbench_accounts, pgbench_branches, pgbench_history, "
                        "pgbench_tellers"),
                 0, "%s", E.msg);
    const struct sql_table_desc *t = table("pgbench_branches");
    for (int i = 1; i <= 3; i++) {
        struct sql_value row[4] = {sql_int4(i), sql_int4(0), sql_null(SQL_T_BPCHAR),
                                   sql_null(SQL_T_INT8)};
        cr_assert_eq(sql_tbl_insert(&env, t, row, &E), 0, "%s", E.msg);
    }
    cr_assert_eq(commit(), 0);
    OK("vacuum analyze pgbench_branches");
    OK("vacuum analyze pgbench_tellers");
    OK("VACUUM (ANALYZE) pgbench_accounts");
    cr_assert_eq(table("pgbench_branches")->reltuples, 3);
    OK("alter table pgbench_branches add primary key (bid)");
    OK("alter table pgbench_tellers add primary key (tid)");
    OK("alter table pgbench_accounts add primary key (aid)");
    t = table("pgbench_branches");
    cr_assert_str_eq(t->idx[0].name, "pgbench_branches_pkey");
    begin();
    char buf[64];
    struct sql_value k = sql_int4(2);
    struct sql_tbl_span sp = {.idx_pos = 0, .eq = &k, .neq = 1};
    struct mem_ctx *ctx = mem_ctx_new(NULL, "s");
    struct sql_tbl_scan *s;
    cr_assert_eq(sql_tbl_scan_open(&env, t, &sp, ctx, &s, &E), 0);
    struct sql_value row[4];
    bool has;
    cr_assert_eq(sql_tbl_scan_next(s, row, &has, &E), 0, "%s", E.msg);
    cr_assert(has && row[0].u.i == 2 && row[1].u.i == 0 && row[2].null);
    mem_ctx_free(ctx);
    (void)buf;
    /* an UPDATE of the hidden-row-id-free table keeps working */
    struct sql_value nrow[3] = {row[0], sql_int4(5), row[2]};
    cr_assert_eq(sql_tbl_update(&env, t, row, nrow, &E), 0, "%s", E.msg);
    rollback();
}

Test(catalog, span_value_types_and_cache)
{
    OK("CREATE TABLE nm (n numeric PRIMARY KEY, t text)");
    OK("CREATE INDEX ON nm (t)");
    const struct sql_table_desc *t = table("nm");
    begin();
    struct mem_ctx *ctx = mem_ctx_new(NULL, "v");
    for (int i = 1; i <= 3; i++) {
        struct sql_value v;
        char s[8];
        snprintf(s, sizeof(s), "%d", i);
        cr_assert_eq(sql_value_in(ctx, SQL_T_NUMERIC, -1, s, strlen(s), &env.fmt, &v, &E), 0);
        struct sql_value row[2] = {v, sql_cstr(i == 2 ? "two" : "other")};
        cr_assert_eq(sql_tbl_insert(&env, t, row, &E), 0, "%s", E.msg);
    }
    /* an int4 bound on a numeric key converts implicitly */
    struct sql_value k = sql_int4(2);
    struct sql_tbl_span sp = {.idx_pos = 0, .eq = &k, .neq = 1};
    struct sql_tbl_scan *s;
    cr_assert_eq(sql_tbl_scan_open(&env, t, &sp, ctx, &s, &E), 0, "%s", E.msg);
    struct sql_value row[2];
    bool has;
    cr_assert_eq(sql_tbl_scan_next(s, row, &has, &E), 0, "%s", E.msg);
    cr_assert(has);
    cr_assert_eq(row[1].u.s.len, 3);
    struct sql_value tv = sql_cstr("other");
    sp = (struct sql_tbl_span){.idx_pos = 1, .eq = &tv, .neq = 1};
    cr_assert_eq(sql_tbl_scan_open(&env, t, &sp, ctx, &s, &E), 0, "%s", E.msg);
    int n = 0;
    for (has = true; has;) {
        cr_assert_eq(sql_tbl_scan_next(s, row, &has, &E), 0, "%s", E.msg);
        n += has;
    }
    cr_assert_eq(n, 2);
    mem_ctx_free(ctx);
    rollback();
    /* the node cache follows committed DDL once invalidated */
    uint64_t g = sql_catalog_generation(env.cat);
    OK("ALTER TABLE nm ADD COLUMN z int");
    cr_assert_gt(sql_catalog_generation(env.cat), g);
    cr_assert_eq(table("nm")->ncols, 3);
    /* sessions over one kv share one catalog */
    struct sql_catalog *a = sql_catalog_acquire(T.kv), *b = sql_catalog_acquire(T.kv);
    cr_assert_eq(a, b);
    uint64_t ga = sql_catalog_generation(a);
    sql_catalog_invalidate(b);
    cr_assert_gt(sql_catalog_generation(a), ga);
    sql_catalog_release(a);
    sql_catalog_release(b);
}

/* Volatile defaults per row. */
Test(catalog, add_serial_and_identity_column_fills_rows)
{
    OK("CREATE TABLE fil (a int)");
    const struct sql_table_desc *t = table("fil");
    begin();
    for (int i = 1; i <= 3; i++)
        cr_assert_eq(insert(t, (int[]){i * 10}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    OK("ALTER TABLE fil ADD COLUMN s serial");
    OK("ALTER TABLE fil ADD COLUMN g bigint GENERATED BY DEFAULT AS IDENTITY");
    t = table("fil");
    begin();
    char buf[128];
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "10,1,1;20,2,2;30,3,3;");
    rollback();
    FAILS("ALTER TABLE fil ADD COLUMN bad int DEFAULT nosuchcol", "42P10"); /* PostgreSQL's */
}

Test(catalog, alter_several_commands_and_repeatable_read)
{
    OK("CREATE TABLE mc (a int, b int)");
    const struct sql_table_desc *t = table("mc");
    begin();
    for (int i = 1; i <= 20; i++)
        cr_assert_eq(insert(t, (int[]){i, 100 + i}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    /* later commands read the primary index the first one rewrote */
    OK("ALTER TABLE mc ADD PRIMARY KEY (a), ADD UNIQUE (b), ADD COLUMN c int DEFAULT 5, ADD "
       "CHECK (b > 100)");
    t = table("mc");
    cr_assert_eq(t->nidx, 2);
    begin();
    char buf[512];
    struct sql_value k = sql_int4(117);
    struct sql_tbl_span sp = {.idx_pos = 1, .eq = &k, .neq = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "17,117,5;");
    scan(t, NULL, buf, sizeof(buf));
    cr_assert(strncmp(buf, "1,101,5;2,102,5;", 16) == 0, "%s", buf);
    rollback();
    FAILS("ALTER TABLE mc ADD PRIMARY KEY (b)", "42P16");
    /* REPEATABLE READ: the DDL writes through its own transaction, so the
     * same transaction sees the rewritten table */
    OK("CREATE TABLE rr (a int)");
    t = table("rr");
    begin();
    for (int i = 1; i <= 5; i++)
        cr_assert_eq(insert(t, (int[]){i}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    new_stmt();
    struct err e = {0};
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, false, &env.txn, &e), 0);
    cr_assert_eq(ddl_in("ALTER TABLE rr ADD PRIMARY KEY (a)"), 0, "%s", E.msg);
    cr_assert_eq(ddl_in("CREATE INDEX ON rr (a DESC)"), 0, "%s", E.msg);
    t = table("rr");
    scan(t, NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1;2;3;4;5;");
    sp = (struct sql_tbl_span){.idx_pos = 1};
    scan(t, &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "5;4;3;2;1;");
    cr_assert_eq(commit(), 0);
    begin();
    scan(table("rr"), NULL, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1;2;3;4;5;");
    rollback();
}

Test(catalog, dropped_span_waits_for_older_readers)
{
    OK("CREATE TABLE gd (a int)");
    const struct sql_table_desc *t = table("gd");
    begin();
    for (int i = 1; i <= 7; i++)
        cr_assert_eq(insert(t, (int[]){i}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    /* a transaction older than the DROP may still read the rows: they go
     * one MVCC delete at a time, which its snapshot does not see */
    struct err e = {0};
    struct kv_txn *old = NULL;
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_REPEATABLE_READ, true, &old, &e), 0, "%s", e.msg);
    OK("DROP TABLE gd");
    uint64_t spans = 0, keys = 0;
    cr_assert_eq(sql_catalog_gc(T.kv, &spans, &keys, &e), 0, "%s", e.msg);
    cr_assert_eq(spans, 1);
    cr_assert_eq(keys, 7);
    kv_txn_rollback(old);
    /* with nobody older left, a dropped span goes at once */
    OK("CREATE TABLE ge (a int)");
    t = table("ge");
    begin();
    for (int i = 1; i <= 7; i++)
        cr_assert_eq(insert(t, (int[]){i}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    OK("DROP TABLE ge");
    cr_assert_eq(sql_catalog_gc(T.kv, &spans, &keys, &e), 0, "%s", e.msg);
    cr_assert_eq(spans, 1);
    cr_assert_eq(keys, 0);
    cr_assert_eq(sql_catalog_gc(T.kv, &spans, &keys, &e), 0, "%s", e.msg);
    cr_assert_eq(spans, 0);
}

Test(catalog, rolled_back_backfill_is_collected)
{
    OK("CREATE TABLE gb (a int)");
    const struct sql_table_desc *t = table("gb");
    begin();
    for (int i = 1; i <= 5; i++)
        cr_assert_eq(insert(t, (int[]){i}), 0, "%s", E.msg);
    cr_assert_eq(commit(), 0);
    begin();
    cr_assert_eq(ddl_in("CREATE INDEX gbi ON gb (a)"), 0, "%s", E.msg);
    uint32_t id = table("gb")->idx[1].id;
    rollback();
    cr_assert_eq(table("gb")->nidx, 1);
    uint64_t spans = 0, keys = 0;
    struct err e = {0};
    cr_assert_eq(sql_catalog_gc(T.kv, &spans, &keys, &e), 0, "%s", e.msg);
    /* nobody runs: the span goes at once */
    cr_assert_eq(spans, 1, "orphan entries of index id %u collected", id);
    cr_assert_eq(keys, 0);
    /* a committed index keeps its entries */
    OK("CREATE INDEX gbi ON gb (a)");
    cr_assert_eq(sql_catalog_gc(T.kv, &spans, &keys, &e), 0, "%s", e.msg);
    cr_assert_eq(spans, 0);
    begin();
    char buf[64];
    struct sql_tbl_span sp = {.idx_pos = 1};
    scan(table("gb"), &sp, buf, sizeof(buf));
    cr_assert_str_eq(buf, "1;2;3;4;5;");
    rollback();
}
