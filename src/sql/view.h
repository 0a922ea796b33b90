/* view.h — views (CREATE VIEW, ddl_view.c) and their expansion in the
 * binder (bind_view.c). A view is a descriptor of kind 'v' (catalog.h):
 * its output columns with their types, the query in deparse.h's storage
 * form, and the relations and columns the query uses. The binder expands a
 * view in FROM as a subquery (its stored text parsed again), named by the
 * view and with the view's column names.
 */
#ifndef SF_SQL_VIEW_H
#define SF_SQL_VIEW_H

#include "sql/catalog.h"

struct err;
struct mem_ctx;
struct sql_env;
struct sql_select;

/* Bind q as a view's query: its output columns (names, types, typmods in
 * cols, allocated in ctx), what it depends on (deps, deduplicated, user
 * relations only) and its text to store (deparse.h storage form, with
 * column references qualified and * expanded as PostgreSQL fixes them when
 * the view is created; NULL when a * could not be written out). */
int sql_view_describe(struct sql_env *env, const struct sql_select *q, struct mem_ctx *ctx,
                      struct sql_column **cols, int *ncols, struct sql_view_dep **deps, int *ndeps,
                      char **text, struct err *e);

/* pg_get_viewdef of view v: its stored query laid out as PostgreSQL's
 * ruleutils prints it (pretty: only the parentheses pretty mode keeps). */
int sql_view_def(struct sql_env *env, const struct sql_table_desc *v, bool pretty,
                 struct mem_ctx *ctx, char **out, struct err *e);

/* Views that depend directly on relation oid (attnum 0: on anything of
 * it, else on that column). */
int sql_view_dependents(struct sql_env *env, uint32_t oid, int16_t attnum,
                        const struct sql_table_desc ***out, size_t *n, struct err *e);

/* DROP TABLE / DROP VIEW of t: with views depending on it, 2BP01 unless
 * cascade, else drop them (and theirs) first with PostgreSQL's notices. */
int sql_view_drop_dependents(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                             struct err *e);

/* CREATE VIEW ... WITH CHECK OPTION of query q: 0A000 unless q is
 * automatically updatable (bind_viewdml.c). */
int sql_view_check_option_ok(struct sql_env *env, const struct sql_select *q, struct err *e);

/* information_schema: whether view v takes INSERT and UPDATE (PostgreSQL's
 * relation_is_updatable: automatically updatable at every level, with at
 * least one column of its base table) and, when cols (v->ncols) is not
 * NULL, which of its columns can be updated. Scratch memory under ctx. */
void sql_view_updatable(struct sql_env *env, const struct sql_table_desc *v, struct mem_ctx *ctx,
                        bool *ins_upd, bool *cols);

#endif
