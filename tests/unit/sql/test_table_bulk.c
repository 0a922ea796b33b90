/* test_table_bulk.c — pgbench's load path at scale: rows loaded into a
 * table without a primary key (hidden row ids), then ALTER TABLE ADD
 * PRIMARY KEY rewriting them, then point lookups by the new key.
 * SF_BULK_ROWS sets the row count (default 20000; pgbench scale 10 is
 * 1,000,000); timings are printed.
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include "common/str.h"
#include "sql/catalog.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct kvt T;
static struct sql_env env;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup(void)
{
    struct err e = {0};
    cr_assert_eq(kvt_start(&T, ENG_MEMORY, 0, NULL, &e), 0, "%s", e.msg);
    cr_assert_eq(sql_catalog_bootstrap(T.kv, "shardforge", NULL, "shardforge", &e), 0);
    memset(&env, 0, sizeof(env));
    env.kv = T.kv;
    cr_assert_eq(sql_catalog_open(T.kv, &env.cat, &e), 0);
    env.stmt_ctx = mem_ctx_new(NULL, "stmt");
    env.user = "shardforge";
    env.database = "shardforge";
    env.superuser = true;
    sql_fmt_init(&env.fmt);
}

static void teardown(void)
{
    mem_ctx_free(env.stmt_ctx);
    sql_catalog_close(env.cat);
    kvt_stop(&T);
}

/* One statement: a fresh statement context, as a session gives each. */
static void run(const char *sql)
{
    struct err e = {0};
    mem_ctx_reset(env.stmt_ctx);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
    struct sql_parse_result pr;
    cr_assert_eq(sql_parse(sql, strlen(sql), NULL, env.stmt_ctx, &pr, &e), 0, "%s", e.msg);
    for (int i = 0; i < pr.n; i++) {
        struct sbuf tag;
        sbuf_init(&tag);
        cr_assert_eq(sql_ddl_exec(&env, pr.stmts[i], &tag, &e), 0, "%s: %s", sql, e.msg);
        sbuf_free(&tag);
    }
    cr_assert_eq(kv_txn_commit(env.txn, &e), 0, "%s", e.msg);
    env.txn = NULL;
    env.txn_did_ddl = false;
    sql_catalog_invalidate(env.cat);
}

static const struct sql_table_desc *lookup(const char *name)
{
    struct err e = {0};
    const struct sql_table_desc *t;
    cr_assert_eq(sql_cat_table(&env, NULL, name, &t, &e), 0, "%s", e.msg);
    return t;
}

Test(bulk, load_then_add_primary_key, .init = setup, .fini = teardown, .timeout = 600)
{
    const char *envn = getenv("SF_BULK_ROWS");
    int n = envn ? atoi(envn) : 20000;
    struct err e = {0};
    run("CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler "
        "char(84)) WITH (fillfactor = 100)");
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
    const struct sql_table_desc *t = lookup("pgbench_accounts");
    double t0 = now_s();
    struct sql_value row[5];
    const int batch = 10000;
    for (int i = 1; i <= n; i++) {
        row[0] = sql_int4(i);
        row[1] = sql_int4((i - 1) / 100000 + 1);
        row[2] = sql_int4(0);
        row[3] = sql_null(SQL_T_BPCHAR);
        row[4] = sql_null(SQL_T_INT8);
        cr_assert_eq(sql_tbl_insert(&env, t, row, &e), 0, "%s", e.msg);
        if (i % batch == 0 || i == n) {
            cr_assert_eq(kv_txn_commit(env.txn, &e), 0, "%s", e.msg);
            cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, false, &env.txn, &e), 0);
        }
    }
    kv_txn_rollback(env.txn);
    env.txn = NULL;
    double t1 = now_s();
    run("ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)");
    double t2 = now_s();
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, true, &env.txn, &e), 0);
    mem_ctx_reset(env.stmt_ctx);
    t = lookup("pgbench_accounts");
    cr_assert(t->idx[0].primary);
    struct mem_ctx *ctx = mem_ctx_new(NULL, "scan");
    int lookups = n < 10000 ? n : 10000;
    double tp = 0;
    if (getenv("SF_BULK_SLEEP"))
        sleep((unsigned)atoi(getenv("SF_BULK_SLEEP")));
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            tp = now_s();
        for (int i = 0; i < lookups; i++) {
            struct sql_value k = sql_int4(1 + (int)(((int64_t)i * 7919) % n));
            struct sql_tbl_span sp = {.idx_pos = 0, .eq = &k, .neq = 1};
            struct sql_tbl_scan *s;
            cr_assert_eq(sql_tbl_scan_open(&env, t, &sp, ctx, &s, &e), 0, "%s", e.msg);
            bool has;
            cr_assert_eq(sql_tbl_scan_next(s, row, &has, &e), 0, "%s", e.msg);
            cr_assert(has);
            cr_assert_eq(row[0].u.i, k.u.i);
            sql_tbl_scan_close(s);
            mem_ctx_reset(ctx);
        }
    }
    mem_ctx_free(ctx);
    double t3 = now_s();
    /* descriptor lookups as every statement does them: one per statement */
    for (int i = 0; i < 100000; i++) {
        mem_ctx_reset(env.stmt_ctx);
        cr_assert_not_null(lookup("pgbench_accounts"));
    }
    double t4 = now_s();
    fprintf(stderr, "bulk: cached descriptor lookup %.2f us\n", (t4 - t3) * 1e6 / 100000);
    kv_txn_rollback(env.txn);
    env.txn = NULL;
    /* TRUNCATE is O(1); VACUUM then removes the old spans (the hidden row
     * id span the primary key replaced, and the truncated one). */
    run("TRUNCATE pgbench_accounts");
    double t5 = now_s();
    uint64_t spans = 0, keys = 0;
    cr_assert_eq(sql_catalog_gc(T.kv, &spans, &keys, &e), 0, "%s", e.msg);
    double t6 = now_s();
    cr_assert_eq(spans, 2); /* nobody runs: each span goes at once */
    cr_assert_eq(keys, 0);
    fprintf(stderr, "bulk: VACUUM collected %llu spans in %.2fs\n", (unsigned long long)spans,
            t6 - t5);
    cr_assert_eq(kv_txn_begin(T.kv, KV_ISO_READ_COMMITTED, true, &env.txn, &e), 0);
    kv_txn_rollback(env.txn);
    env.txn = NULL;
    fprintf(stderr,
            "bulk: %d rows: load %.2fs (%.1f us/row), ADD PRIMARY KEY %.2fs, %d point "
            "lookups %.1f us each (first pass), %.1f us (second)\n",
            n, t1 - t0, (t1 - t0) * 1e6 / n, t2 - t1, lookups, (tp - t2) * 1e6 / lookups,
            (t3 - tp) * 1e6 / lookups);
}
