/* vtab.h — virtual tables: pg_catalog and information_schema relations
 * computed from our catalog when a query reads them (pgcat*.c).
 *
 * The binder resolves a relation name here first when the schema is
 * pg_catalog or information_schema, or when it is unqualified (pg_catalog
 * is implicitly first in search_path, as PostgreSQL). A virtual table has a
 * descriptor like a real one (kind 'r', oid PostgreSQL's own, e.g. pg_class
 * 1259, schema pg_catalog) and produces all its rows at once.
 *
 * Column names, order and types are PostgreSQL 15's (generated from its
 * pg_attribute). Types this build lacks are text holding PostgreSQL's text
 * form: arrays ("{1,2}"), int2vector/oidvector ("1 2"), aclitem[] (always
 * NULL), pg_node_tree (our expression text, which pg_get_expr accepts).
 *
 * OIDs shown (pgcat.c):
 *   relations, indexes, CHECK constraints, schemas, databases: the catalog's;
 *   PRIMARY KEY / UNIQUE constraints: SQL_PGCAT_CONOID(index oid) (the
 *     catalog gives those constraints no oid of their own);
 *   roles: 10 for the bootstrap superuser (SQL_DEFAULT_NAME), 6171 for
 *     pg_database_owner, else SQL_PGCAT_ROLE_BASE + a hash of the name;
 *   types, functions, catalog relations, access methods: PostgreSQL's.
 */
#ifndef SF_SQL_VTAB_H
#define SF_SQL_VTAB_H

#include "sql/catalog.h"

struct sql_vtab {
    const struct sql_table_desc *desc; /* columns (ids 1..n), no indexes */
    /* Produce every row: *rows is nrows arrays of desc->ncols values, in ctx. */
    int (*rows)(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows, size_t *nrows,
                struct err *e);
};

/* schema "pg_catalog" or "information_schema" (NULL: pg_catalog only).
 * NULL when no such virtual table. */
const struct sql_vtab *sql_vtab_lookup(const char *schema, const char *name);
/* A virtual table by its relation oid (1259 -> pg_class), NULL when none. */
const struct sql_vtab *sql_vtab_by_oid(uint32_t oid);
/* Every virtual table: pg_catalog's in name order, then information_schema's
 * (pg_class lists them). */
const struct sql_vtab *const *sql_vtab_all(size_t *n);

/* regclass output as PostgreSQL's regclassout: the relation's name,
 * schema-qualified when search_path does not find it first, quoted as
 * quote_identifier; the number when no relation has that oid. For the
 * executor's text output of regclass values and ::text casts (value.c has
 * no catalog access). */
int sql_pgcat_regclass_out(struct sql_env *env, uint32_t oid, struct sbuf *out, struct err *e);

/* ---- layer-internal helpers shared by pgcat*.c ---- */

#define SQL_PGCAT_CONOID_BIAS    0x40000000u
#define SQL_PGCAT_CONOID(idxoid) ((uint32_t)(idxoid) | SQL_PGCAT_CONOID_BIAS)
#define SQL_PGCAT_ROLE_BASE      0x70000000u
/* A view's _RETURN rule (pg_rewrite): its oid with this bias. */
#define SQL_PGCAT_RULEOID(viewoid) ((uint32_t)(viewoid) | 0x30000000u)
#define SQL_PGCAT_OID_HEAP         2
#define SQL_PGCAT_OID_BTREE        403
#define SQL_PGCAT_ROLE_BOOTSTRAP   10
/* pg_extension.oid of plpgsql (PostgreSQL 15's initdb) */
#define SQL_PGCAT_PLPGSQL_EXT  13559
#define SQL_PGCAT_ROLE_DBOWNER 6171

/* Role oid shown for a role name (see above). */
uint32_t sql__pgcat_role_oid(const char *name);

/* What a relation-ish oid names: a table/sequence/view, one of its indexes,
 * one of its CHECK constraints, or the constraint of a unique index. */
struct sql__pgcat_obj {
    const struct sql_table_desc *table; /* NULL when not found */
    int idx_pos;                        /* index (or its constraint) position, else -1 */
    int check_pos;                      /* CHECK position, else -1 */
    bool is_constraint;                 /* oid was SQL_PGCAT_CONOID(index) */
    int fk_pos;                         /* FOREIGN KEY position in table->fks, else -1 */
};
int sql__pgcat_find(struct sql_env *env, uint32_t oid, struct sql__pgcat_obj *out, struct err *e);

/* Text of pg_get_indexdef(index, col, pretty) into out (col 0: the whole
 * CREATE INDEX). */
void sql__pgcat_indexdef(struct sql_env *env, const struct sql_table_desc *t, int idx_pos, int col,
                         bool pretty, struct sbuf *out);
/* pg_get_constraintdef of an object found by sql__pgcat_find. */
void sql__pgcat_constraintdef(const struct sql__pgcat_obj *o, bool pretty, struct sbuf *out);
/* pg_attrdef.adbin of a column: its DEFAULT as pg_get_expr shows it
 * without pretty (deparse.h sql_deparse_default). NULL when none. */
const char *sql__pgcat_adbin(struct sql_env *env, struct mem_ctx *ctx,
                             const struct sql_col_desc *c);
/* Re-render expression text (adbin, conbin) as pg_get_expr does; t (may
 * be NULL) gives the column types for the implicit casts of a CHECK. */
void sql__pgcat_expr(const char *sql, const struct sql_table_desc *t, bool pretty,
                     struct sbuf *out);
/* Is relation t visible through env's search_path (pg_table_is_visible)? */
int sql__pgcat_visible(struct sql_env *env, const struct sql_table_desc *t, const char *relname,
                       bool *visible, struct err *e);
/* typstorage of a type: 'p' plain, 'x' extended, 'm' main (numeric). */
char sql__pgcat_typstorage(uint32_t type);
/* typcollation of a type: 100 default for text types, 950 C for name, else 0. */
uint32_t sql__pgcat_typcollation(uint32_t type);

/* Building rows of a virtual table: values set by column name (a name the
 * table lacks is ignored), every other column NULL. Strings are copied
 * into ctx. */
struct sql__vrows {
    const struct sql_table_desc *desc;
    struct mem_ctx *ctx;
    struct sql_value **rows;
    size_t n, cap;
    struct sql_value *cur;
};
void sql__vr_init(struct sql__vrows *r, const struct sql_table_desc *d, struct mem_ctx *ctx);
void sql__vr_row(struct sql__vrows *r);
void sql__vr_int(struct sql__vrows *r, const char *col, int64_t v);     /* integer and oid types */
void sql__vr_str(struct sql__vrows *r, const char *col, const char *s); /* NULL s: NULL */
void sql__vr_char(struct sql__vrows *r, const char *col, char c);       /* "char"; 0: '' */
void sql__vr_bool(struct sql__vrows *r, const char *col, bool b);
void sql__vr_float(struct sql__vrows *r, const char *col, double f);
void sql__vr_ts(struct sql__vrows *r, const char *col, int64_t ts);
void sql__vr_interval(struct sql__vrows *r, const char *col, const struct sql_interval *iv);
void sql__vr_done(struct sql__vrows *r, struct sql_value ***rows, size_t *n);

/* pg_class.relkind of a virtual table: 'r' catalog, 'v' system view. */
char sql__pgcat_relkind(const struct sql_vtab *v);

/* Row producers (pgcat_rel.c, pgcat_misc.c), registered in pgcat.c. */
int sql__pgcat_am(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows, size_t *nrows,
                  struct err *e);
int sql__pgcat_attrdef(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e);
int sql__pgcat_attribute(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);
int sql__pgcat_authid(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e);
int sql__pgcat_class(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);
int sql__pgcat_collation(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);
int sql__pgcat_constraint(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e);
int sql__pgcat_database(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
int sql__pgcat_depend(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e);
/* The public schema's ACL when it has no record of its own (PostgreSQL
 * 15's: owner UC, PUBLIC U), as text in ctx. */
const char *sql__pgcat_public_acl(struct sql_env *env, const char *owner, struct mem_ctx *ctx);
int sql__pgcat_init_privs(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e);
int sql__pgcat_rewrite(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e);
int sql__pgcat_description(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                           size_t *nrows, struct err *e);
int sql__pgcat_index(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);
int sql__pgcat_indexes(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e);
int sql__pgcat_namespace(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);
int sql__pgcat_proc(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e);
int sql__pgcat_roles(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);
int sql__pgcat_sequence(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
int sql__pgcat_sequences(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);
int sql__pgcat_settings(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
int sql__pgcat_stat_ssl(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
int sql__pgcat_stat_activity(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                             size_t *nrows, struct err *e);
int sql__pgcat_tables(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e);
int sql__pgcat_tablespace(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e);
int sql__pgcat_type(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e);
int sql__pgcat_user(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e);
/* pg_timezone_names, pg_timezone_abbrevs at the transaction's start
 * (pgcat_tz.c). */
int sql__pgcat_timezone_names(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                              size_t *nrows, struct err *e);
int sql__pgcat_timezone_abbrevs(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                                size_t *nrows, struct err *e);
/* pg_locks: the advisory locks of this node (pgcat_more.c). */
int sql__pgcat_locks(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);
/* pg_cursors: the session's DECLAREd cursors (session.c). */
int sql__pgcat_cursors(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                       size_t *nrows, struct err *e);
int sql__pgcat_prepared_statements(struct sql_env *env, struct mem_ctx *ctx,
                                   struct sql_value ***rows, size_t *nrows, struct err *e);
/* initdb's comment on a built-in object (classoid: its catalog's oid), or
 * NULL; _at: the i-th one (NULL past the end). */
const char *sql__pgcat_builtin_descr(uint32_t classoid, uint32_t oid);
const char *sql__pgcat_builtin_descr_at(size_t i, uint32_t *classoid, uint32_t *oid);
int sql__pgcat_extension(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);
int sql__pgcat_language(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
/* information_schema (pgcat_info.c). */
int sql__pgcat_is_columns(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                          size_t *nrows, struct err *e);
int sql__pgcat_is_referential_constraints(struct sql_env *env, struct mem_ctx *ctx,
                                          struct sql_value ***rows, size_t *nrows, struct err *e);
int sql__pgcat_is_key_column_usage(struct sql_env *env, struct mem_ctx *ctx,
                                   struct sql_value ***rows, size_t *nrows, struct err *e);
int sql__pgcat_is_schemata(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                           size_t *nrows, struct err *e);
int sql__pgcat_is_sequences(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                            size_t *nrows, struct err *e);
int sql__pgcat_is_table_constraints(struct sql_env *env, struct mem_ctx *ctx,
                                    struct sql_value ***rows, size_t *nrows, struct err *e);
/* pgcat_view.c: pg_views, information_schema.views. */
int sql__pgcat_matviews(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
int sql__pgcat_views(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);
int sql__pgcat_is_views(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                        size_t *nrows, struct err *e);
int sql__pgcat_is_tables(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);

#endif
