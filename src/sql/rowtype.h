/* rowtype.h — the row types of tables, views and materialized views: every
 * relation with columns has a composite type of its own name (pg_type
 * typtype 'c', typrelid the relation). Its oid is the relation's own oid
 * (pg_class.reltype): user oids are never shared between catalogs, so it
 * is unique in pg_type too.
 *
 * A whole-row value (`SELECT t FROM t`, bind_wholerow.c) is a record whose
 * shape names the relation (bind_srf.c's typoid); RowDescription and
 * pg_typeof send the row type's oid for it, as PostgreSQL does. The
 * node-wide table (oid -> type row) is filled whenever a relation's
 * descriptor is decoded (catalog.c) and by pg_type; sql_type_get and
 * regtype input fall back to it. Entries stay allocated until exit.
 */
#ifndef SF_SQL_ROWTYPE_H
#define SF_SQL_ROWTYPE_H

#include "sql/value.h"

#include <stdbool.h>
#include <stdint.h>

struct err;
struct sql_env;
struct sql_table_desc;
struct sql__vrows;

/* Publish t's row type (no-op for sequences and for an unchanged one). */
void sql__rowtype_note(const struct sql_table_desc *t);
/* Forget relation oid's row type (DROP). */
void sql__rowtype_forget(uint32_t oid);
/* sql_type_get's fallback: the row type oid, or NULL. */
const struct sql_type_info *sql__rowtype_type_info(uint32_t oid);
/* regtype input: a row type by name, or NULL. */
const struct sql_type_info *sql__rowtype_by_name(const char *name);
/* The row type a record shape (typmod) names, or 0. */
uint32_t sql__rowtype_of_shape(int32_t typmod);
/* DROP TABLE t: 2BP01 when a column of another table has t's row type
 * (CASCADE drops those columns), rowtype_dep.c. */
int sql__rowtype_drop_check(struct sql_env *env, const struct sql_table_desc *t, bool cascade,
                            struct err *e);
/* ALTER TABLE t that PostgreSQL refuses while a column has t's row type
 * (rewrite: ADD COLUMN with a default, ALTER COLUMN TYPE: 0A000 "cannot
 * alter table ... uses its row type"; else a column of a domain or
 * composite type, 0A000 here). */
int sql__rowtype_alter_check(struct sql_env *env, const struct sql_table_desc *t, bool rewrite,
                             struct err *e);
/* ALTER TABLE naming a composite type: PostgreSQL's 42809 "is a composite
 * type" (HINT ALTER TYPE) in e; e unchanged (its code returned) else. */
struct sql_rangevar;
int sql__rowtype_not_table(struct sql_env *env, const struct sql_rangevar *rv, struct err *e);
/* pg_type rows of the relations' row types. */
int sql__rowtype_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e);

#endif
