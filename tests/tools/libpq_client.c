/* libpq_client.c — drives libpq's protocol paths against a server and
 * prints what it sees, one deterministic line per observation.
 *
 *   libpq_client CONNINFO
 *
 * tests/cluster/test_libpq.py runs it against ShardForge and compares the
 * output with what the same program prints against PostgreSQL 15 (the
 * expected text lives in the test). Covered: multi-statement simple queries,
 * PQexecParams with text and binary parameters and binary results (the wire
 * formats of int2/4/8, float8, numeric, bool, text, bytea, date, timestamp,
 * uuid), PQprepare + PQdescribePrepared (parameter and column type OIDs and
 * typmods), pipeline mode with an error in the middle, single-row mode,
 * error fields, notices, command tags, COPY in and out, transaction status
 * and the start-up ParameterStatus values.
 *
 * Nothing here depends on OIDs of user objects, timings or version strings.
 * Exit status: 0 when every step ran (server errors are output, not
 * failures), 1 on a connection failure or a protocol surprise, 2 on usage.
 */
#include <libpq-fe.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void fail(const char *what, PGconn *conn)
{
    printf("FAIL %s: %s", what, conn ? PQerrorMessage(conn) : "\n");
    failures++;
}

static void notice_proc(void *arg, const char *message)
{
    (void)arg;
    printf("notice: %s", message);
}

static void print_hex(const char *v, int len)
{
    printf("\\x");
    for (int i = 0; i < len; i++)
        printf("%02x", (unsigned char)v[i]);
}

/* One line with an error's fields, or nothing when res is not an error. */
static void print_error(const PGresult *res)
{
    static const struct {
        int code;
        const char *name;
    } fields[] = {
        {PG_DIAG_SEVERITY, "severity"},
        {PG_DIAG_SEVERITY_NONLOCALIZED, "severity_nl"},
        {PG_DIAG_SQLSTATE, "sqlstate"},
        {PG_DIAG_MESSAGE_PRIMARY, "message"},
        {PG_DIAG_MESSAGE_DETAIL, "detail"},
        {PG_DIAG_MESSAGE_HINT, "hint"},
        {PG_DIAG_STATEMENT_POSITION, "position"},
        {PG_DIAG_SCHEMA_NAME, "schema"},
        {PG_DIAG_TABLE_NAME, "table"},
        {PG_DIAG_COLUMN_NAME, "column"},
        {PG_DIAG_DATATYPE_NAME, "datatype"},
        {PG_DIAG_CONSTRAINT_NAME, "constraint"},
        {PG_DIAG_CONTEXT, "context"},
    };
    printf("  error:");
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = PQresultErrorField(res, fields[i].code);
        if (v)
            printf(" %s=[%s]", fields[i].name, v);
    }
    printf("\n");
}

/* A result: status, command tag, affected rows, columns and rows. Binary
 * values are printed in hex. */
static void print_result(const char *label, const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    printf("%s: %s", label, PQresStatus(st));
    if (st == PGRES_FATAL_ERROR || st == PGRES_NONFATAL_ERROR) {
        printf("\n");
        print_error(res);
        return;
    }
    if (*PQcmdStatus((PGresult *)res))
        printf(" tag=[%s]", PQcmdStatus((PGresult *)res));
    if (*PQcmdTuples((PGresult *)res))
        printf(" rows_affected=%s", PQcmdTuples((PGresult *)res));
    printf("\n");
    int nf = PQnfields(res);
    if (nf > 0 || st == PGRES_TUPLES_OK || st == PGRES_SINGLE_TUPLE) {
        printf("  columns:");
        for (int c = 0; c < nf; c++)
            printf(" %s(type=%u mod=%d fmt=%d)", PQfname(res, c), PQftype(res, c), PQfmod(res, c),
                   PQfformat(res, c));
        printf("\n");
    }
    for (int r = 0; r < PQntuples(res); r++) {
        printf("  row:");
        for (int c = 0; c < nf; c++) {
            printf(" ");
            if (PQgetisnull(res, r, c))
                printf("NULL");
            else if (PQfformat(res, c) == 1)
                print_hex(PQgetvalue(res, r, c), PQgetlength(res, r, c));
            else
                printf("[%s]", PQgetvalue(res, r, c));
        }
        printf("\n");
    }
}

static void exec_print(PGconn *conn, const char *label, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    print_result(label, res);
    PQclear(res);
}

/* Every result of a multi-statement simple query, in order. */
static void multi_statement(PGconn *conn)
{
    if (!PQsendQuery(conn, "SELECT 1 AS a; SELECT 'x' AS b, NULL AS c; "
                           "CREATE TABLE m (v int); INSERT INTO m VALUES (1), (2); "
                           "SELECT 1/0; SELECT 'not reached'")) {
        fail("send multi", conn);
        return;
    }
    PGresult *res;
    int n = 0;
    while ((res = PQgetResult(conn)) != NULL) {
        char label[32];
        snprintf(label, sizeof label, "multi[%d]", n++);
        print_result(label, res);
        PQclear(res);
    }
    exec_print(conn, "empty", "");
    exec_print(conn, "only_semicolons", ";;");
}

static void params_text_and_binary(PGconn *conn)
{
    /* Text parameters, types inferred by the server. */
    const char *tv[] = {"41", "abc", NULL, "2024-02-29"};
    PGresult *res = PQexecParams(conn,
                                 "SELECT $1::int4 + 1 AS i, upper($2) AS u, $3::text IS NULL AS n,"
                                 " $4::date + 1 AS d",
                                 4, NULL, tv, NULL, NULL, 0);
    print_result("params_text", res);
    PQclear(res);

    /* Binary parameters with explicit types: int4 7, int8 2^40, float8 1.5,
     * bool true, text "hé", bytea 00 ff. */
    static const char i4[] = {0, 0, 0, 7};
    static const char i8[] = {0, 0, 1, 0, 0, 0, 0, 0};
    static const char f8[] = {0x3f, (char)0xf8, 0, 0, 0, 0, 0, 0};
    static const char b1[] = {1};
    static const char tx[] = {'h', (char)0xc3, (char)0xa9};
    static const char by[] = {0, (char)0xff};
    const Oid types[] = {23, 20, 701, 16, 25, 17};
    const char *vals[] = {i4, i8, f8, b1, tx, by};
    const int lens[] = {4, 8, 8, 1, 3, 2};
    const int fmts[] = {1, 1, 1, 1, 1, 1};
    res = PQexecParams(conn,
                       "SELECT $1 * 2 AS i4, $2 + 1 AS i8, $3 * 2 AS f8, NOT $4 AS b,"
                       " $5 || '!' AS t, length($6) AS l",
                       6, types, vals, lens, fmts, 0);
    print_result("params_binary_in_text_out", res);
    PQclear(res);
    res = PQexecParams(conn,
                       "SELECT $1 * 2 AS i4, $2 + 1 AS i8, $3 * 2 AS f8, NOT $4 AS b,"
                       " $5 || '!' AS t, $6 AS by",
                       6, types, vals, lens, fmts, 1);
    print_result("params_binary_in_binary_out", res);
    PQclear(res);

    /* Binary result formats of common types. */
    res = PQexecParams(conn,
                       "SELECT 1::int2, -2::int4, 3::int8, 1.5::float4, -0.25::float8,"
                       " 12345.678::numeric, 0::numeric, -1e-5::numeric, 'NaN'::numeric,"
                       " true, 'txt'::text, 'ab'::varchar(5), 'c'::char(3), '\\x0102'::bytea,"
                       " '2000-01-02'::date, '2000-01-01 00:00:01.5'::timestamp,"
                       " '2000-01-01 00:00:00+00'::timestamptz, '1 day 1 second'::interval,"
                       " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, NULL::int4",
                       0, NULL, NULL, NULL, NULL, 1);
    print_result("binary_results", res);
    PQclear(res);

    /* A bad binary parameter: int4 with 3 bytes. */
    static const char bad[] = {0, 0, 1};
    const Oid t23[] = {23};
    const char *bv[] = {bad};
    const int bl[] = {3};
    const int bf[] = {1};
    res = PQexecParams(conn, "SELECT $1", 1, t23, bv, bl, bf, 0);
    print_result("bad_binary_param", res);
    PQclear(res);
    /* Text that is not a valid value of the parameter's type. */
    const char *nv[] = {"twelve"};
    res = PQexecParams(conn, "SELECT $1::int4", 1, NULL, nv, NULL, NULL, 0);
    print_result("bad_text_param", res);
    PQclear(res);
}

static void prepared(PGconn *conn)
{
    exec_print(conn, "create",
               "CREATE TABLE p (id int PRIMARY KEY, name varchar(10) NOT NULL,"
               " price numeric(10,2), at timestamptz)");
    PGresult *res =
        PQprepare(conn, "ins", "INSERT INTO p VALUES ($1, $2, $3) RETURNING id, price", 0, NULL);
    print_result("prepare_ins", res);
    PQclear(res);
    res = PQdescribePrepared(conn, "ins");
    printf("describe_ins: %s nparams=%d", PQresStatus(PQresultStatus(res)), PQnparams(res));
    for (int i = 0; i < PQnparams(res); i++)
        printf(" $%d=%u", i + 1, PQparamtype(res, i));
    printf("\n");
    print_result("describe_ins_result", res);
    PQclear(res);
    for (int i = 1; i <= 3; i++) {
        char id[8], price[16];
        snprintf(id, sizeof id, "%d", i);
        snprintf(price, sizeof price, "%d.255", i * 10);
        const char *v[] = {id, i == 2 ? "toolongname!" : "name", i == 3 ? NULL : price};
        res = PQexecPrepared(conn, "ins", 3, v, NULL, NULL, 0);
        print_result("exec_ins", res);
        PQclear(res);
    }
    res = PQprepare(conn, "sel", "SELECT id, name, price, at FROM p WHERE id >= $1 ORDER BY id", 0,
                    NULL);
    print_result("prepare_sel", res);
    PQclear(res);
    res = PQdescribePrepared(conn, "sel");
    printf("describe_sel: nparams=%d $1=%u\n", PQnparams(res), PQparamtype(res, 0));
    print_result("describe_sel_result", res);
    PQclear(res);
    const char *v[] = {"0"};
    res = PQexecPrepared(conn, "sel", 1, v, NULL, NULL, 0);
    print_result("exec_sel", res);
    PQclear(res);
    res = PQprepare(conn, "ins", "SELECT 1", 0, NULL);
    print_result("prepare_duplicate", res);
    PQclear(res);
    res = PQprepare(conn, "bad", "SELECT nosuch FROM p", 0, NULL);
    print_result("prepare_bad", res);
    PQclear(res);
    res = PQexecPrepared(conn, "nosuchstmt", 0, NULL, NULL, NULL, 0);
    print_result("exec_unknown", res);
    PQclear(res);
    exec_print(conn, "deallocate", "DEALLOCATE ins");
    res = PQexecPrepared(conn, "ins", 0, NULL, NULL, NULL, 0);
    print_result("exec_deallocated", res);
    PQclear(res);
    /* SQL-level PREPARE / EXECUTE. */
    exec_print(conn, "sql_prepare", "PREPARE q(int) AS SELECT $1 * 3 AS x");
    exec_print(conn, "sql_execute", "EXECUTE q(14)");
    exec_print(conn, "sql_deallocate", "DEALLOCATE q");
}

static void pipeline(PGconn *conn)
{
    if (!PQenterPipelineMode(conn)) {
        fail("enter pipeline", conn);
        return;
    }
    const char *v1[] = {"1"};
    const char *v2[] = {"0"};
    PQsendQueryParams(conn, "SELECT 10 / $1::int AS q", 1, NULL, v1, NULL, NULL, 0);
    PQsendQueryParams(conn, "SELECT 10 / $1::int AS q", 1, NULL, v2, NULL, NULL, 0);
    PQsendQueryParams(conn, "SELECT 'skipped' AS s", 0, NULL, NULL, NULL, NULL, 0);
    PQpipelineSync(conn);
    PQsendQueryParams(conn, "SELECT 'after sync' AS s", 0, NULL, NULL, NULL, NULL, 0);
    PQpipelineSync(conn);
    int syncs = 0, n = 0;
    while (syncs < 2 && n < 20) {
        PGresult *res = PQgetResult(conn);
        if (res == NULL)
            continue; /* end of one query's results */
        char label[32];
        snprintf(label, sizeof label, "pipeline[%d]", n++);
        if (PQresultStatus(res) == PGRES_PIPELINE_SYNC)
            syncs++;
        print_result(label, res);
        PQclear(res);
    }
    if (!PQexitPipelineMode(conn))
        fail("exit pipeline", conn);
}

static void single_row(PGconn *conn)
{
    if (!PQsendQuery(conn, "SELECT g, g * g AS sq FROM generate_series(1, 3) g ORDER BY g")) {
        fail("send single", conn);
        return;
    }
    if (!PQsetSingleRowMode(conn))
        fail("single row mode", conn);
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        print_result("single_row", res);
        PQclear(res);
    }
}

static void errors_and_notices(PGconn *conn)
{
    exec_print(conn, "syntax", "SELECT * FORM t");
    exec_print(conn, "undefined_column", "SELECT nosuch FROM generate_series(1, 2) g");
    exec_print(conn, "undefined_function", "SELECT nosuchfn(1)");
    exec_print(conn, "create_e",
               "CREATE TABLE e (id int PRIMARY KEY, v text NOT NULL, n int CHECK (n > 0))");
    exec_print(conn, "insert_ok", "INSERT INTO e VALUES (1, 'a', 1)");
    exec_print(conn, "unique", "INSERT INTO e VALUES (1, 'b', 2)");
    exec_print(conn, "not_null", "INSERT INTO e VALUES (2, NULL, 2)");
    exec_print(conn, "check", "INSERT INTO e VALUES (2, 'c', 0)");
    exec_print(conn, "overflow", "SELECT 2147483647 + 1");
    exec_print(conn, "notice", "DROP TABLE IF EXISTS nosuch_table");
    exec_print(conn, "update", "UPDATE e SET n = n + 1");
    exec_print(conn, "delete", "DELETE FROM e WHERE id > 5");
    exec_print(conn, "select_tag", "SELECT * FROM e");
}

static void copy_both_ways(PGconn *conn)
{
    exec_print(conn, "copy_create", "CREATE TABLE c (id int, t text, n numeric)");
    PGresult *res = PQexec(conn, "COPY c FROM STDIN");
    printf("copy_in_start: %s nfields=%d\n", PQresStatus(PQresultStatus(res)), PQnfields(res));
    PQclear(res);
    static const char data[] = "1\tone\t1.5\n2\t\\N\t\\N\n3\ttab\\there\t-3\n";
    if (PQputCopyData(conn, data, (int)strlen(data)) != 1 || PQputCopyEnd(conn, NULL) != 1)
        fail("copy put", conn);
    while ((res = PQgetResult(conn)) != NULL) {
        print_result("copy_in_end", res);
        PQclear(res);
    }
    /* A COPY the client aborts: nothing is loaded. */
    res = PQexec(conn, "COPY c FROM STDIN");
    PQclear(res);
    PQputCopyData(conn, "9\tnine\t9\n", 9);
    PQputCopyEnd(conn, "client gave up");
    while ((res = PQgetResult(conn)) != NULL) {
        print_result("copy_in_abort", res);
        PQclear(res);
    }
    /* A COPY with a bad row. */
    res = PQexec(conn, "COPY c FROM STDIN");
    PQclear(res);
    PQputCopyData(conn, "4\tfour\tx\n", 9);
    PQputCopyEnd(conn, NULL);
    while ((res = PQgetResult(conn)) != NULL) {
        print_result("copy_in_bad", res);
        PQclear(res);
    }
    res = PQexec(conn, "COPY (SELECT * FROM c ORDER BY id) TO STDOUT WITH (FORMAT csv)");
    printf("copy_out_start: %s\n", PQresStatus(PQresultStatus(res)));
    PQclear(res);
    char *buf;
    int len;
    while ((len = PQgetCopyData(conn, &buf, 0)) > 0) {
        printf("  copy_out: [%.*s]\n", len - 1, buf);
        PQfreemem(buf);
    }
    while ((res = PQgetResult(conn)) != NULL) {
        print_result("copy_out_end", res);
        PQclear(res);
    }
}

static void transaction_status(PGconn *conn)
{
    static const char *names[] = {"IDLE", "ACTIVE", "INTRANS", "INERROR", "UNKNOWN"};
    const char *steps[] = {"BEGIN",         "SELECT 1", "SELECT 1/0",  "SELECT 2",
                           "ROLLBACK",      "BEGIN",    "SAVEPOINT s", "SELECT 1/0",
                           "ROLLBACK TO s", "COMMIT",   "COMMIT"};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        PGresult *res = PQexec(conn, steps[i]);
        printf("txn %-14s -> %s %s%s\n", steps[i], PQresStatus(PQresultStatus(res)),
               names[PQtransactionStatus(conn)],
               PQresultStatus(res) == PGRES_FATAL_ERROR ? " (error)" : "");
        PQclear(res);
    }
}

static void parameter_status(PGconn *conn)
{
    static const char *names[] = {
        "client_encoding", "server_encoding",   "DateStyle",
        "TimeZone",        "integer_datetimes", "standard_conforming_strings",
        "IntervalStyle",   "is_superuser",      "session_authorization"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = PQparameterStatus(conn, names[i]);
        printf("param %s=%s\n", names[i], v ? v : "(none)");
    }
    printf("protocol=%d server_version_major=%d\n", PQprotocolVersion(conn),
           PQserverVersion(conn) / 10000);
    exec_print(conn, "set_datestyle", "SET DateStyle = 'ISO, DMY'");
    printf("param DateStyle=%s\n", PQparameterStatus(conn, "DateStyle"));
    exec_print(conn, "reset_datestyle", "RESET DateStyle");
    printf("param DateStyle=%s\n", PQparameterStatus(conn, "DateStyle"));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: libpq_client CONNINFO\n");
        return 2;
    }
    PGconn *conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "libpq_client: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    PQsetNoticeProcessor(conn, notice_proc, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);

    printf("== parameter status\n");
    parameter_status(conn);
    printf("== multi-statement\n");
    multi_statement(conn);
    printf("== parameters\n");
    params_text_and_binary(conn);
    printf("== prepared\n");
    prepared(conn);
    printf("== pipeline\n");
    pipeline(conn);
    printf("== single row\n");
    single_row(conn);
    printf("== errors and notices\n");
    errors_and_notices(conn);
    printf("== copy\n");
    copy_both_ways(conn);
    printf("== transaction status\n");
    transaction_status(conn);
    printf("== done\n");
    int bad = PQstatus(conn) != CONNECTION_OK;
    PQfinish(conn);
    return (bad || failures) ? 1 : 0;
}
