/* stats_rel.h — non-transactional pg_class.reltuples / relpages
 * (stats_rel.c): what ANALYZE found, surviving a ROLLBACK as PostgreSQL's
 * in-place update does. */
#ifndef SF_SQL_STATS_REL_H
#define SF_SQL_STATS_REL_H

#include "sql/catalog.h"

#include <stdbool.h>
#include <stdint.h>

struct err;
struct sql_env;

/* Record ANALYZE's counts for table oid, whose descriptor was at
 * base_version before ANALYZE, in a kv transaction of its own committed at
 * once. Best effort: a failure leaves the transactional values. */
void sql_stats_rel_put(struct sql_env *env, uint32_t oid, uint32_t base_version, int64_t reltuples,
                       int32_t relpages);
/* The counts pg_class shows for t instead of the descriptor's, when the
 * last ANALYZE was rolled back (*found false otherwise). */
int sql_stats_rel_get(struct sql_env *env, const struct sql_table_desc *t, bool *found,
                      int64_t *reltuples, int32_t *relpages, struct err *e);

#endif
