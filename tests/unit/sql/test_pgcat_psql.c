/* test_pgcat_psql.c — psql 15's describe queries (psql -E) run through a
 * whole SQL session (sql.h: parser, binder, executor, pg_catalog virtual
 * tables) over a single-node kv stack, compared with what a PostgreSQL 15
 * server returns for the same schema (psql -At: columns joined by '|',
 * NULL empty; the table oid substituted).
 *
 * Schema (as test_pgcat.c):
 *   CREATE TABLE t (id serial PRIMARY KEY, name varchar(10) NOT NULL
 *     DEFAULT 'x', price numeric(10,2) DEFAULT 0, big bigint DEFAULT 0,
 *     neg int DEFAULT -1, ts timestamptz DEFAULT now(), txt text DEFAULT
 *     'a''b', CONSTRAINT t_price_check CHECK (price > 0), UNIQUE (name,
 *     big), CHECK (big > 0 AND neg < 10 OR txt IS NULL));
 *   CREATE INDEX t_ts_idx ON t (ts DESC, name);  CREATE SEQUENCE s1;
 *
 * Known differences, expected here as ours: database
 * collation C (PostgreSQL's initdb default here was C.UTF-8); templates
 * and ACLs do not exist. psql's publications query for \d needs int2[]
 * casts, array_upper and subscripts, which the engine lacks: not run here.
 */
#include <criterion/criterion.h>

#include "kv_test.h"

#include "common/str.h"
#include "sql/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kvt T;
static struct sql_session *S;

struct rec {
    struct sbuf out;
};

static int on_rowdesc(void *arg, const struct sql_column *cols, size_t n)
{
    (void)arg;
    (void)cols;
    (void)n;
    return 0;
}

static int on_row(void *arg, const struct sql_datum *vals, size_t n)
{
    struct rec *r = arg;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sbuf_putc(&r->out, '|');
        if (vals[i].len >= 0)
            sbuf_append(&r->out, vals[i].data, (size_t)vals[i].len);
    }
    sbuf_putc(&r->out, '\n');
    return 0;
}

static int on_complete(void *arg, const char *tag)
{
    (void)arg;
    (void)tag;
    return 0;
}

static int on_empty(void *arg)
{
    (void)arg;
    return 0;
}

static int on_notice(void *arg, const struct sql_notice *n)
{
    (void)arg;
    (void)n;
    return 0;
}

/* Run q; the rows as psql -At prints them, or "ERROR <state>: <msg>". */
static char *run(const char *q)
{
    struct rec r;
    sbuf_init(&r.out);
    struct sql_sink k = {.row_description = on_rowdesc,
                         .data_row = on_row,
                         .command_complete = on_complete,
                         .empty_query = on_empty,
                         .notice = on_notice,
                         .arg = &r};
    struct err e = {0};
    if (sql_exec_simple(S, q, strlen(q), &k, &e) != 0) {
        sbuf_reset(&r.out);
        sbuf_printf(&r.out, "ERROR %s: %s", err_sqlstate(&e), e.msg);
    }
    return sbuf_detach(&r.out);
}

static void setup(void)
{
    struct err e = {0};
    cr_assert_eq(kvt_start(&T, ENG_MEMORY, 0, NULL, &e), 0, "kvt_start: %s", e.msg);
    cr_assert_eq(sql_catalog_bootstrap(T.kv, "shardforge", NULL, "shardforge", &e), 0, "%s", e.msg);
    struct sql_session_params p = {.user = "shardforge", .database = "shardforge"};
    cr_assert_eq(sql_session_open(T.kv, &p, &S, &e), 0, "%s", e.msg);
    static const char *const ddl[] = {
        "CREATE TABLE t (id serial PRIMARY KEY, name varchar(10) NOT NULL DEFAULT 'x', "
        "price numeric(10,2) DEFAULT 0, big bigint DEFAULT 0, neg int DEFAULT -1, "
        "ts timestamptz DEFAULT now(), txt text DEFAULT 'a''b', "
        "CONSTRAINT t_price_check CHECK (price > 0), UNIQUE (name, big), "
        "CHECK (big > 0 AND neg < 10 OR txt IS NULL))",
        "CREATE INDEX t_ts_idx ON t (ts DESC, name)",
        "CREATE SEQUENCE s1",
    };
    for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++) {
        char *r = run(ddl[i]);
        cr_assert_str_eq(r, "", "%s", ddl[i]);
        xfree(r);
    }
}

static void teardown(void)
{
    sql_session_close(S);
    S = NULL;
    kvt_stop(&T);
}

/* q with every '16385' replaced by the oid of relation rel. */
static char *with_oid(const char *q, const char *rel)
{
    char sel[128];
    snprintf(sel, sizeof(sel), "SELECT oid FROM pg_catalog.pg_class WHERE relname = '%s'", rel);
    char *oid = run(sel);
    size_t ol = strlen(oid);
    cr_assert_gt(ol, 1, "%s: %s", rel, oid);
    oid[ol - 1] = '\0';
    struct sbuf b;
    sbuf_init(&b);
    for (const char *p = q; *p != '\0';) {
        if (strncmp(p, "'16385'", 7) == 0) {
            sbuf_printf(&b, "'%s'", oid);
            p += 7;
        } else {
            sbuf_putc(&b, *p++);
        }
    }
    xfree(oid);
    return sbuf_detach(&b);
}

struct qcase {
    const char *name;
    const char *rel; /* relation whose oid replaces '16385', or NULL */
    const char *sql;
    const char *want;
};

static const struct qcase cases[] = {
    {"\\dt", NULL,
     "SELECT n.nspname as \"Schema\",\n"
     "  c.relname as \"Name\",\n"
     "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized "
     "view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' "
     "THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' "
     "END as \"Type\",\n"
     "  pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\"\n"
     "FROM pg_catalog.pg_class c\n"
     "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
     "     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam\n"
     "WHERE c.relkind IN ('r','p','')\n"
     "      AND n.nspname <> 'pg_catalog'\n"
     "      AND n.nspname !~ '^pg_toast'\n"
     "      AND n.nspname <> 'information_schema'\n"
     "  AND pg_catalog.pg_table_is_visible(c.oid)\n"
     "ORDER BY 1,2;",
     "public|t|table|shardforge\n"},
    {"\\d", NULL,
     "SELECT n.nspname as \"Schema\",\n"
     "  c.relname as \"Name\",\n"
     "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized "
     "view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' "
     "THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' "
     "END as \"Type\",\n"
     "  pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\"\n"
     "FROM pg_catalog.pg_class c\n"
     "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
     "     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam\n"
     "WHERE c.relkind IN ('r','p','v','m','S','f','')\n"
     "      AND n.nspname <> 'pg_catalog'\n"
     "      AND n.nspname !~ '^pg_toast'\n"
     "      AND n.nspname <> 'information_schema'\n"
     "  AND pg_catalog.pg_table_is_visible(c.oid)\n"
     "ORDER BY 1,2;",
     "public|s1|sequence|shardforge\npublic|t|table|shardforge\n"
     "public|t_id_seq|sequence|shardforge\n"},
    {"\\di", NULL,
     "SELECT n.nspname as \"Schema\",\n"
     "  c.relname as \"Name\",\n"
     "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized "
     "view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' "
     "THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' "
     "END as \"Type\",\n"
     "  pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\",\n"
     " c2.relname as \"Table\"\n"
     "FROM pg_catalog.pg_class c\n"
     "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
     "     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam\n"
     "     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid\n"
     "     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid\n"
     "WHERE c.relkind IN ('i','I','')\n"
     "      AND n.nspname <> 'pg_catalog'\n"
     "      AND n.nspname !~ '^pg_toast'\n"
     "      AND n.nspname <> 'information_schema'\n"
     "  AND pg_catalog.pg_table_is_visible(c.oid)\n"
     "ORDER BY 1,2;",
     "public|t_name_big_key|index|shardforge|t\npublic|t_pkey|index|shardforge|t\n"
     "public|t_ts_idx|index|shardforge|t\n"},
    {"\\d t (1)", NULL,
     "SELECT c.oid,\n"
     "  n.nspname,\n"
     "  c.relname\n"
     "FROM pg_catalog.pg_class c\n"
     "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
     "WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default\n"
     "  AND pg_catalog.pg_table_is_visible(c.oid)\n"
     "ORDER BY 2, 3;",
     NULL /* the oid varies: checked to end in "|public|t\n" */},
    {"\\d t (2)", "t",
     "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, "
     "c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', "
     "c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE "
     "c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, "
     "am.amname\n"
     "FROM pg_catalog.pg_class c\n"
     " LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)\n"
     "LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)\n"
     "WHERE c.oid = '16385';",
     "2|r|t|f|f|f|f|f|f||0||p|d|heap\n"},
    {"\\d t (3)", "t",
     "SELECT a.attname,\n"
     "  pg_catalog.format_type(a.atttypid, a.atttypmod),\n"
     "  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)\n"
     "   FROM pg_catalog.pg_attrdef d\n"
     "   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),\n"
     "  a.attnotnull,\n"
     "  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t\n"
     "   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> "
     "t.typcollation) AS attcollation,\n"
     "  a.attidentity,\n"
     "  a.attgenerated\n"
     "FROM pg_catalog.pg_attribute a\n"
     "WHERE a.attrelid = '16385' AND a.attnum > 0 AND NOT a.attisdropped\n"
     "ORDER BY a.attnum;",
     "id|integer|nextval('t_id_seq'::regclass)|t|||\n"
     "name|character varying(10)|'x'::character varying|t|||\n"
     "price|numeric(10,2)|0|f|||\n"
     "big|bigint|0|f|||\n"
     "neg|integer|'-1'::integer|f|||\n"
     "ts|timestamp with time zone|now()|f|||\n"
     "txt|text|'a''b'::text|f|||\n"},
    {"\\d t (4)", "t",
     "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, "
     "pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n"
     "  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, "
     "i.indisreplident, c2.reltablespace\n"
     "FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n"
     "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = "
     "i.indexrelid AND contype IN ('p','u','x'))\n"
     "WHERE c.oid = '16385' AND c.oid = i.indrelid AND i.indexrelid = c2.oid\n"
     "ORDER BY i.indisprimary DESC, c2.relname;",
     "t_pkey|t|t|f|t|CREATE UNIQUE INDEX t_pkey ON t USING btree (id)|PRIMARY KEY (id)|p|f|f|f|"
     "0\n"
     "t_name_big_key|f|t|f|t|CREATE UNIQUE INDEX t_name_big_key ON t USING btree (name, "
     "big)|UNIQUE (name, big)|u|f|f|f|0\n"
     "t_ts_idx|f|f|f|t|CREATE INDEX t_ts_idx ON t USING btree (ts DESC, name)|||||f|0\n"},
    {"\\d t (5)", "t",
     "SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)\n"
     "FROM pg_catalog.pg_constraint r\n"
     "WHERE r.conrelid = '16385' AND r.contype = 'c'\n"
     "ORDER BY 1;",
     "t_check|CHECK (big > 0 AND neg < 10 OR txt IS NULL)\n"
     "t_price_check|CHECK (price > 0::numeric)\n"},
    {"\\d t (6: policies)", "t",
     "SELECT pol.polname, pol.polpermissive,\n"
     "  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE "
     "pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any "
     "(pol.polroles) order by 1),',') END,\n"
     "  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),\n"
     "  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
     "  CASE pol.polcmd\n"
     "    WHEN 'r' THEN 'SELECT'\n"
     "    WHEN 'a' THEN 'INSERT'\n"
     "    WHEN 'w' THEN 'UPDATE'\n"
     "    WHEN 'd' THEN 'DELETE'\n"
     "    END AS cmd\n"
     "FROM pg_catalog.pg_policy pol\n"
     "WHERE pol.polrelid = '16385' ORDER BY 1;",
     ""},
    {"\\d t (7: extended statistics)", "t",
     "SELECT oid, stxrelid::pg_catalog.regclass, "
     "stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,\n"
     "pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,\n"
     "  'd' = any(stxkind) AS ndist_enabled,\n"
     "  'f' = any(stxkind) AS deps_enabled,\n"
     "  'm' = any(stxkind) AS mcv_enabled,\n"
     "stxstattarget\n"
     "FROM pg_catalog.pg_statistic_ext\n"
     "WHERE stxrelid = '16385'\n"
     "ORDER BY nsp, stxname;",
     ""},
    /* (8: publications) needs int2[] casts, array_upper and subscripts:
     * not run until the engine has arrays. */
    {"\\d t (9: inherits)", "t",
     "SELECT c.oid::pg_catalog.regclass\n"
     "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
     "WHERE c.oid = i.inhparent AND i.inhrelid = '16385'\n"
     "  AND c.relkind != 'p' AND c.relkind != 'I'\n"
     "ORDER BY inhseqno;",
     ""},
    {"\\d t (10: partitions)", "t",
     "SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, "
     "pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n"
     "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
     "WHERE c.oid = i.inhrelid AND i.inhparent = '16385'\n"
     "ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', "
     "c.oid::pg_catalog.regclass::pg_catalog.text;",
     ""},
    {"\\du", NULL,
     "SELECT r.rolname, r.rolsuper, r.rolinherit,\n"
     "  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,\n"
     "  r.rolconnlimit, r.rolvaliduntil,\n"
     "  ARRAY(SELECT b.rolname\n"
     "        FROM pg_catalog.pg_auth_members m\n"
     "        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)\n"
     "        WHERE m.member = r.oid) as memberof\n"
     ", r.rolreplication\n"
     ", r.rolbypassrls\n"
     "FROM pg_catalog.pg_roles r\n"
     "WHERE r.rolname !~ '^pg_'\n"
     "ORDER BY 1;",
     "shardforge|t|t|t|t|t|-1||{}|t|t\n"},
    {"\\d s1", "s1",
     "SELECT pg_catalog.format_type(seqtypid, NULL) AS \"Type\",\n"
     "       seqstart AS \"Start\",\n"
     "       seqmin AS \"Minimum\",\n"
     "       seqmax AS \"Maximum\",\n"
     "       seqincrement AS \"Increment\",\n"
     "       CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n"
     "       seqcache AS \"Cache\"\n"
     "FROM pg_catalog.pg_sequence\n"
     "WHERE seqrelid = '16385';",
     "bigint|1|1|9223372036854775807|1|no|1\n"},
    {"\\d t_id_seq (owned by)", "t_id_seq",
     "SELECT pg_catalog.quote_ident(nspname) || '.' ||\n"
     "   pg_catalog.quote_ident(relname) || '.' ||\n"
     "   pg_catalog.quote_ident(attname),\n"
     "   d.deptype\n"
     "FROM pg_catalog.pg_class c\n"
     "INNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid\n"
     "INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace\n"
     "INNER JOIN pg_catalog.pg_attribute a ON (\n"
     " a.attrelid=c.oid AND\n"
     " a.attnum=d.refobjsubid)\n"
     "WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass\n"
     " AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass\n"
     " AND d.objid='16385'\n"
     " AND d.deptype IN ('a', 'i')",
     "public.t.id|a\n"},
    {"\\l", NULL,
     "SELECT d.datname as \"Name\",\n"
     "       pg_catalog.pg_get_userbyid(d.datdba) as \"Owner\",\n"
     "       pg_catalog.pg_encoding_to_char(d.encoding) as \"Encoding\",\n"
     "       d.datcollate as \"Collate\",\n"
     "       d.datctype as \"Ctype\",\n"
     "       d.daticulocale as \"ICU Locale\",\n"
     "       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS \"Locale "
     "Provider\",\n"
     "       pg_catalog.array_to_string(d.datacl, E'\\n') AS \"Access privileges\"\n"
     "FROM pg_catalog.pg_database d\n"
     "ORDER BY 1;",
     "postgres|shardforge|UTF8|C|C||libc|\n"
     "shardforge|shardforge|UTF8|C|C||libc|\n"},
    {"\\dn", NULL,
     "SELECT n.nspname AS \"Name\",\n"
     "  pg_catalog.pg_get_userbyid(n.nspowner) AS \"Owner\"\n"
     "FROM pg_catalog.pg_namespace n\n"
     "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
     "ORDER BY 1;",
     "public|pg_database_owner\n"},
};

TestSuite(pgcat_psql, .init = setup, .fini = teardown, .timeout = 120);

Test(pgcat_psql, describe_queries)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct qcase *c = &cases[i];
        char *q = c->rel != NULL ? with_oid(c->sql, c->rel) : xstrdup(c->sql);
        char *got = run(q);
        if (c->want != NULL) {
            cr_expect_str_eq(got, c->want, "%s:\n%s\ngot:\n%s", c->name, q, got);
        } else {
            size_t n = strlen(got);
            cr_expect(n > 10 && strcmp(got + n - 10, "|public|t\n") == 0, "%s: %s", c->name, got);
        }
        xfree(got);
        xfree(q);
    }
}
