/* ddl_int.h — private interface between the DDL files (ddl*.c,
 * sequence.c): naming, column and constraint building, shared statements.
 */
#ifndef SF_SQL_DDL_INT_H
#define SF_SQL_DDL_INT_H

#include "sql/catalog.h"
#include "sql/exec.h"

#include <stdbool.h>
#include <stdint.h>

struct sql_rowexpr;

/* Names chosen by one statement but not stored yet. */
#define SQL__PENDING_MAX 256
struct sql__pending {
    int n;
    char names[SQL__PENDING_MAX][SQL_NAME_BUF];
};
void sql__pending_add(struct sql__pending *p, const char *name);

/* Distinct column names referenced by an expression. */
#define SQL__COLREFS_MAX 64
struct sql__colrefs {
    int n;
    const char *names[SQL__COLREFS_MAX];
    int locations[SQL__COLREFS_MAX]; /* of each name's first reference */
    bool overflow;                   /* a whole-row or unknown reference, or too many */
};
void sql__expr_colrefs(const struct sql_expr *x, struct sql__colrefs *r);
/* 42P10 "cannot use column reference in DEFAULT expression" when x reads a column. */
int sql__default_colref_check(const struct sql_expr *x, bool pos, struct err *e);
int sql__text_colrefs(struct sql_env *env, const char *sql, struct sql__colrefs *r, struct err *e);

/* Constraints of a column definition the caller applies. */
#define SQL__MAX_COL_CONSTR 16
struct sql__col_constraints {
    const struct sql_constraint *primary;
    const struct sql_constraint *uniques[SQL__MAX_COL_CONSTR];
    int nuniques;
    const struct sql_constraint *checks[SQL__MAX_COL_CONSTR];
    int nchecks;
    const struct sql_constraint *fks[SQL__MAX_COL_CONSTR]; /* REFERENCES */
    int nfks;
};

/* Error position (byte offset in the statement text, -1 none) that the
 * session reports with the error of the DDL statement now running
 * (sql_plan_error_location). */
void sql__ddl_errpos(int location);
/* After a failed sql__ddl_compile of x (DEFAULT when is_default, else
 * CHECK) on t: point the error where PostgreSQL does (the unknown column
 * reference; a DEFAULT's expression), else at nothing. */
void sql__ddl_expr_errpos(const struct sql_table_desc *t, const struct sql_expr *x, bool is_default,
                          const struct err *e);
int sql__ddl_notice(struct sql_env *env, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int sql__ddl_unsupported(struct err *e, const char *what);
/* A WARNING notice (sql__ddl_notice's severity WARNING). */
int sql__ddl_warning(struct sql_env *env, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* ddl_alter_meta.c: the metadata forms of ALTER TABLE (SET/RESET options, SET
 * STATISTICS/STORAGE/COMPRESSION, persistence, REPLICA IDENTITY, CLUSTER ON,
 * OWNER TO, ALTER CONSTRAINT, triggers, rules, identity) on the working copy t;
 * SET (...) / RESET (...) of a relation of kind SQL_RELOPT_* (reset: names only)
 * on the stored "k=v,..." old, validated as PostgreSQL's reloptions.c. */
struct sql_alter_cmd;
int sql__alter_meta(struct sql_env *env, struct sql_table_desc *t, const struct sql_alter_cmd *cmd,
                    struct err *e);
#define SQL_RELOPT_TABLE 1
#define SQL_RELOPT_INDEX 4
#define SQL_RELOPT_VIEW  8
int sql__reloptions_apply(struct sql_env *env, int kind, const char *old,
                          const struct sql_list *cmd, bool reset, char **out, struct err *e);
/* DROP of an object type that cannot be created here (SQL_OBJ_OTHER):
 * PostgreSQL's "does not exist" error or "skipping" notice; 0A000 for the
 * names of PostgreSQL's built-in objects of the type. */
struct sbuf;
int sql__drop_other(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                    struct err *e);
/* 42701 "column name ... conflicts with a system column name" (xmin, ctid, ...). */
int sql__sys_colname_check(const char *name, struct err *e);
/* PostgreSQL's name of an ALTER TABLE action (alter_table_type_to_string), or NULL. */
const char *sql__alter_action_name(const struct sql_alter_cmd *cmd);
/* ddl_set_schema.c: RENAME TO of t rewrites the views reading it (0A000 when a
 * stored text does not round-trip). */
int sql__view_rename_rel(struct sql_env *env, const struct sql_table_desc *t, const char *newname,
                         struct err *e);
/* COMMENT ON INDEX name / COMMENT ON CONSTRAINT name ON table. */
int sql__comment_index_constraint(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* REINDEX: secondary indexes rebuilt under fresh index ids (the primary index
 * holds the rows: nothing to rebuild); PostgreSQL's checks and errors. */
int sql__reindex(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* ALTER INDEX [IF EXISTS] name SET (...) / RESET (...) / ALTER [COLUMN] n SET STATISTICS. */
int sql__alter_index(struct sql_env *env, const struct sql_stmt *st, struct err *e);
void sql__make_name(const char *name1, const char *name2, const char *label, char *out);
int sql__choose_rel_name(struct sql_env *env, uint32_t schema, const char *name1, const char *name2,
                         const char *label, struct sql__pending *pend, char *out, struct err *e);
int sql__ddl_compile(struct sql_env *env, const struct sql_table_desc *t, const char *sql,
                     uint32_t type, int32_t typmod, struct mem_ctx *ctx, struct sql_rowexpr **x,
                     struct err *e);
char *sql__deparse(struct sql_env *env, const struct sql_expr *x);
int sql__find_rel(struct sql_env *env, const char *schema, const char *name, uint32_t *oid,
                  char *kind, uint32_t *schema_oid, struct err *e);
/* sql__find_rel of rv for a statement with IF EXISTS (if_exists): 42P01 when
 * rv names nothing, or under IF EXISTS the "skipping" notice and *oid 0. */
int sql__find_rel_or_skip(struct sql_env *env, const struct sql_rangevar *rv, bool if_exists,
                          uint32_t *oid, char *kind, uint32_t *schema_oid, struct err *e);
/* 42501 when schema.name (schema NULL: unqualified) is a pg_catalog relation. */
int sql__check_not_system(const char *schema, const char *name, struct err *e);
/* sql__find_rel of rv; when it names nothing: missing_ok, the "skipping"
 * notice and *oid 0, else 3F000 (a missing schema) or 42P01. */
int sql__find_rel_rv(struct sql_env *env, const struct sql_rangevar *rv, bool missing_ok,
                     uint32_t *oid, char *kind, struct err *e);
/* A table by range variable (42P01, 42809); missing_ok: notice, *out NULL. */
int sql__open_table(struct sql_env *env, const struct sql_rangevar *rv, bool missing_ok,
                    const struct sql_table_desc **out, struct err *e);
int sql__reloptions(struct sql_env *env, const struct sql_list *opts, char **out, struct err *e);
/* A new, empty plain-table descriptor (fresh OID, session user as owner,
 * reltuples -1) in the statement context (ddl.c). */
int sql__new_table_desc(struct sql_env *env, uint32_t ns, const char *nsname, const char *name,
                        struct sql_table_desc **out, struct err *e);
char *sql__nextval_text(struct sql_env *env, const char *schema, const char *seq);
int sql__create_seq(struct sql_env *env, uint32_t schema_oid, const char *schema, const char *name,
                    const struct sql_seq_desc *sd, struct sql_table_desc **out, struct err *e);
int sql__index_store(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_idx_desc *ix, struct err *e);
int sql__index_unstore(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, struct err *e);
int sql__add_column(struct sql_env *env, struct sql_table_desc *t, const struct sql_column_def *cd,
                    struct sql__pending *pend, struct sql__col_constraints *cs, struct err *e);
int sql__index_cols(const struct sql_table_desc *t, const struct sql_list *names,
                    struct sql_idx_desc *ix, bool for_key, struct err *e);
void sql__index_colnames(const struct sql_table_desc *t, const struct sql_idx_desc *ix, char *out);
int sql__add_check(struct sql_env *env, struct sql_table_desc *t, const struct sql_constraint *k,
                   struct err *e);
int sql__owned_seqs(struct sql_env *env, const struct sql_table_desc *t, uint32_t col_id,
                    const struct sql_table_desc ***out, size_t *n, struct err *e);
int sql__drop_seq(struct sql_env *env, const struct sql_table_desc *s, struct err *e);
int sql__drop_table(struct sql_env *env, const struct sql_table_desc *t, struct err *e);

/* Statements of other files. */
int sql__alter_table(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* ddl_view.c: CREATE [OR REPLACE] VIEW, DROP VIEW; views depending on a
 * column of t: DROP COLUMN refuses (2BP01) or cascades, ALTER COLUMN TYPE
 * refuses; renaming t (attnum 0) or its column attnum that a view uses is
 * refused (0A000). */
int sql__create_view(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* ALTER VIEW v ALTER [COLUMN] c SET DEFAULT x / DROP DEFAULT (ddl_view.c). */
int sql__alter_view(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* ddl_ctas.c: CREATE TABLE ... AS query [WITH [NO] DATA]; tag "SELECT n". */
int sql__create_table_as(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                         struct err *e);
/* DROP VIEW, and DROP MATERIALIZED VIEW (objtype SQL_OBJ_MATVIEW). */
int sql__drop_view(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__view_drop_column_deps(struct sql_env *env, const struct sql_table_desc *t,
                               const struct sql_col_desc *c, bool cascade, struct err *e);
int sql__view_alter_type_deps(struct sql_env *env, const struct sql_table_desc *t,
                              const struct sql_col_desc *c, struct err *e);
/* ALTER TABLE t DROP CONSTRAINT of its primary key (t->idx[0]): the views
 * whose GROUP BY relies on it (SQL_VIEW_DEP_PKEY), 2BP01 unless cascade,
 * else dropped with PostgreSQL's notice. */
int sql__view_drop_pkey_deps(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                             struct err *e);
/* DROP SCHEMA ... CASCADE: drop the views of other schemas that depend on
 * t, without notices. */
int sql__view_drop_dependents_quiet(struct sql_env *env, const struct sql_table_desc *t,
                                    struct err *e);
int sql__view_rename_check(struct sql_env *env, const struct sql_table_desc *t, int16_t attnum,
                           struct err *e);
/* ddl_alter_type.c: ALTER COLUMN TYPE rewriting every row (t: the working
 * descriptor, pos: the column; using_expr NULL: assignment cast). */
int sql__alter_column_type(struct sql_env *env, struct sql_table_desc *t, int pos, uint32_t type,
                           int32_t typmod, const struct sql_expr *using_expr, struct err *e);
/* ddl_like.c: CREATE TABLE with LIKE clauses (expanded, then created by
 * sql__create_table_stmt; indexes of INCLUDING INDEXES by
 * sql__create_index_stmt). */
int sql__create_table_like(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__create_table_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__create_index_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* sequence_alter.c: ALTER SEQUENCE. */
int sql__alter_sequence_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__create_sequence_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__create_schema(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__drop_schema(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__create_database(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__drop_database(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__create_role(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__alter_role(struct sql_env *env, const struct sql_stmt *st, struct err *e);
int sql__drop_role(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* ddl_matview.c: materialized views (kind 'r' descriptors with matview
 * set). The query check of CREATE MATERIALIZED VIEW (text NULL: 0A000; no
 * temporary relation among deps), REFRESH MATERIALIZED VIEW; whether
 * any of deps is a temporary relation (CREATE VIEW's implicit TEMP). */
int sql__matview_check_query(struct sql_env *env, const char *text, const struct sql_view_dep *deps,
                             int ndeps, struct err *e);
int sql__refresh_matview(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                         struct err *e);
int sql__deps_temp(struct sql_env *env, const struct sql_view_dep *deps, int ndeps, bool *temp,
                   struct err *e);
/* ddl_type_cascade.c: DROP DOMAIN / DROP TYPE ... CASCADE: drop the table
 * columns whose type is one of oids (a domain's oid, or an enum's and its
 * array's), with PostgreSQL's NOTICE; *handled false (nothing done) when a
 * view or materialized view has such a column. */
int sql__type_cascade_columns(struct sql_env *env, const uint32_t *oids, int noids, bool *handled,
                              struct err *e);
/* ddl_ctas.c: fill table t with st's query (INSERT INTO t query); rows in *nrows. */
int sql__ctas_fill(struct sql_env *env, const struct sql_stmt *st, const struct sql_table_desc *t,
                   uint64_t *nrows, struct err *e);

/* ddl_generated.c: PostgreSQL's checks of the generation expression of
 * t->cols[ci] (x: its AST for error positions, or NULL); the generated
 * columns of t reading column col (positions in out, count returned). */
int sql__gen_validate(struct sql_env *env, const struct sql_table_desc *t, int ci,
                      const struct sql_expr *x, struct err *e);
/* ddl_set_schema.c: ALTER TABLE / SEQUENCE / VIEW / MATERIALIZED VIEW ...
 * SET SCHEMA (a SQL_STMT_RENAME with set_schema). */
int sql__set_schema(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                    struct err *e);
/* ALTER TYPE / DOMAIN ... SET SCHEMA to_name of type oid (name record kind
 * 'e' or 'd', name, now in schema from): PostgreSQL's checks (3F000, 0A000
 * for temporary schemas, 42710 for a name taken), 0A000 when a stored
 * expression may name the type, and the move of its name record. *to: the
 * target schema's oid (== from: nothing to do, nothing done). The caller
 * stores the type's descriptor with the new schema. */
int sql__type_set_schema(struct sql_env *env, uint32_t oid, char kind, const char *name,
                         uint32_t from, const char *to_name, uint32_t *to, struct err *e);
/* ddl_rename_col.c: RENAME COLUMN from TO to in the stored expressions of t
 * (the working copy): generation expressions, CHECKs, index expressions and
 * predicates (0A000 for a text it cannot rewrite safely). */
int sql__rename_col_exprs(struct sql_env *env, struct sql_table_desc *t, const char *from,
                          const char *to, struct err *e);
/* ddl_constraint.c: ALTER TABLE ... RENAME CONSTRAINT on relation oid. */
int sql__rename_constraint(struct sql_env *env, uint32_t oid, const struct sql_stmt *st,
                           struct err *e);
int sql__fk_validate(struct sql_env *env, const struct sql_table_desc *t, int fi, struct err *e);
int sql__gen_users(struct sql_env *env, const struct sql_table_desc *t, const char *col, int *out,
                   int max);

/* ALTER SEQUENCE / TABLE s RENAME TO: the DEFAULTs of every table that name
 * sequence `from` of `schema` (nextval('from'::regclass): PostgreSQL
 * stores the oid) name `to` instead (ddl_set_schema.c). */
int sql__seq_rename_defaults(struct sql_env *env, const char *schema, const char *from,
                             const char *to, struct err *e);

/* ---- the non-relation objects of a schema (ddl_schema_objs.c) ---- */
struct sql__schema_obj {
    uint32_t oid;
    char kind;        /* 'e' enum, 'd' domain, 'c' composite type, 'f' function */
    const char *name; /* unqualified */
    const char *desc; /* getObjectDescription: "type s.t", "function s.f(integer)" */
    const void *obj;  /* its loaded descriptor */
};
/* The types and functions of schema ns (named nsname), oldest first, in
 * env->stmt_ctx. */
int sql__schema_objs(struct sql_env *env, uint32_t ns, const char *nsname,
                     struct sql__schema_obj **out, size_t *n, struct err *e);
/* Sort v oldest (smallest oid) first. */
void sql__schema_objs_sort(struct sql__schema_obj *v, size_t n);
/* Drop one of them (its own DROP, RESTRICT). */
int sql__schema_obj_drop(struct sql_env *env, const char *nsname, const struct sql__schema_obj *o,
                         struct err *e);

#endif
