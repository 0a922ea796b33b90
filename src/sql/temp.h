/* temp.h — temporary tables (CREATE TEMP TABLE): the session's temp schema
 * "pg_temp_N", ON COMMIT actions, and dropping it all when the session ends.
 *
 * A temp table is a plain catalog table in a per-session schema named
 * pg_temp_<oid of the schema> (PostgreSQL's pg_temp_N), created by the
 * session's first CREATE TEMP TABLE in its transaction. The schema is
 * searched first for relations (env->search_path gets it in front, or in
 * place of "pg_temp" when search_path names it), never used for an
 * unqualified CREATE of a permanent relation, and never in another
 * session's search path: other sessions cannot see the tables by name
 * (pg_class lists them, as PostgreSQL's does). "pg_temp" as a schema name
 * means the session's own temp schema. The session drops the schema with
 * everything in it when it closes (also after an abrupt disconnect: pgwire
 * closes the session), and server start drops every temp schema left by a
 * crash (single-node: the start of any node drops them).
 */
#ifndef SF_SQL_TEMP_H
#define SF_SQL_TEMP_H

#include <stdbool.h>
#include <stdint.h>

struct err;
struct kv;
struct sql_env;
struct sql_rangevar;

/* Is name a temp schema's name ("pg_temp_N")? */
bool sql_temp_is_schema_name(const char *name);
/* The session's temp schema, created in env->txn when it does not exist. */
int sql__temp_schema(struct sql_env *env, uint32_t *oid, const char **name, struct err *e);
/* The schema CREATE TABLE / CREATE TABLE AS / CREATE SEQUENCE rv goes to:
 * the temp schema for TEMP (or a schema "pg_temp"), 42P16 for TEMP in a
 * permanent schema, else sql__creation_schema's. *temp: a temp relation. */
int sql__temp_creation_schema(struct sql_env *env, const struct sql_rangevar *rv, uint32_t *oid,
                              const char **name, bool *temp, struct err *e);
/* ON COMMIT for a new table oid: 0/'p' nothing, 'd' DELETE ROWS, 'D' DROP;
 * 42P16 when the table is not temporary. */
int sql__temp_on_commit(struct sql_env *env, uint32_t oid, bool temp, char action, struct err *e);
/* Put the temp schema into env->search_path (first, or in place of
 * "pg_temp"); drops "pg_temp" when the session has none. */
void sql_temp_search_path(struct sql_env *env);
/* Before a transaction commits: run the ON COMMIT actions in env->txn. */
int sql_temp_pre_commit(struct sql_env *env, struct err *e);
/* The session ends: drop its temp schema and everything in it (in a
 * transaction of its own) and free the ON COMMIT state. */
void sql_temp_session_end(struct sql_env *env);
/* Server start: drop every temp schema of every database (left by a crash). */
void sql_temp_startup_cleanup(struct kv *kv);

#endif
