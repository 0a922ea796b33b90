/* pgcat_size.h — the relation and database size functions (pgcat_size.c),
 * registered in pgcat_func.c. Layer-internal. */
#ifndef SF_SQL_PGCAT_SIZE_H
#define SF_SQL_PGCAT_SIZE_H

struct err;
struct sql_fcall;
struct sql_value;

/* pg_relation_size(regclass [, fork]) */
int sql__fn_relation_size(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
/* pg_table_size(regclass) */
int sql__fn_table_size(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
/* pg_indexes_size(regclass) */
int sql__fn_indexes_size(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
/* pg_total_relation_size(regclass) */
int sql__fn_total_relation_size(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e);
/* pg_database_size(name | oid) */
int sql__fn_database_size(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
/* pg_tablespace_size(name | oid) */
int sql__fn_tablespace_size(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);

#endif
