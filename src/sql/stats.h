/* stats.h — column statistics collected by ANALYZE (stats.c), shown by
 * pg_stats and used by the planner's selectivity estimates (plan_cost.c).
 *
 * One record per analyzed table at the system key 0x01 'z' <table oid BE32>
 * (catalog_int.h conventions: big-endian, CRC-32C last), written in the
 * ANALYZE statement's transaction:
 *   0      1    version = 1
 *   1      8    total rows (int64) at the time of ANALYZE
 *   9      4    relpages estimate (bytes of the rows / 8192, rounded up)
 *   13     2    ncols (<= SQL_MAX_TABLE_COLS + 1), then per column:
 *                 u32 column id, u32 type oid, u32 null_frac (float bits),
 *                 u32 avg_width, u32 n_distinct (float bits; < 0: a fraction
 *                 of the rows), u8 flags (bit 0: correlation present),
 *                 u32 correlation (float bits),
 *                 u16 nmcv (<= SQL_STATS_MAX_VALS), nmcv × u32 frequency (float bits),
 *                 u32 length + the MCV values as one row record (sql_row_encode,
 *                 column ids 1..nmcv, all of the column's type),
 *                 u16 nhist (<= SQL_STATS_MAX_VALS), u32 length + the histogram
 *                 bounds as one row record (ids 1..nhist)
 *   ...    4    CRC-32C
 * A column whose id is gone or whose type changed (DROP COLUMN, ALTER COLUMN
 * TYPE) is ignored when read; DROP TABLE deletes the record. A record that
 * fails to decode is XX001.
 */
#ifndef SF_SQL_STATS_H
#define SF_SQL_STATS_H

#include "sql/catalog.h"
#include "sql/value.h"

#include <stdbool.h>
#include <stdint.h>

struct sql_list;

#define SQL_STATS_TARGET   100   /* default_statistics_target */
#define SQL_STATS_MAX_VALS 101   /* histogram: target + 1 bounds */
#define SQL_STATS_SAMPLE   30000 /* 300 * target rows */

struct sql_colstats {
    uint32_t col_id;
    uint32_t type;
    double null_frac;
    int32_t avg_width;
    double n_distinct; /* < 0: -fraction of the rows */
    bool has_corr;
    double correlation;
    int nmcv;
    struct sql_value *mcv; /* by decreasing frequency */
    double *mcv_freq;
    int nhist;
    struct sql_value *hist; /* ascending, MCVs excluded */
};

struct sql_tstats {
    uint32_t oid;
    double reltuples;
    int32_t relpages;
    int ncols;
    struct sql_colstats *cols;
};

/* ANALYZE of one table: sample its rows (all up to SQL_STATS_SAMPLE, a
 * uniform reservoir beyond), compute every column's statistics (only the
 * columns named in cols when it is non-empty: the others keep theirs) and
 * store them with the row count (t->reltuples) in env->txn. verbose: PostgreSQL's
 * two INFO messages (ANALYZE VERBOSE). */
int sql_stats_analyze(struct sql_env *env, const struct sql_table_desc *t,
                      const struct sql_list *cols, bool verbose, struct err *e);
/* The statistics of t (NULL when never analyzed), in ctx; columns that no
 * longer match t are dropped. */
int sql_stats_get(struct sql_env *env, const struct sql_table_desc *t, struct mem_ctx *ctx,
                  const struct sql_tstats **out, struct err *e);
/* The statistics of column position pos of t, NULL when none. */
const struct sql_colstats *sql_stats_col(const struct sql_tstats *s, const struct sql_table_desc *t,
                                         int pos);
/* Delete t's record (DROP TABLE). */
int sql_stats_delete(struct sql_env *env, uint32_t oid, struct err *e);
/* pg_stats rows. */
int sql__pgcat_stats(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e);
/* pg_statistic rows (the same statistics in PostgreSQL's stakind slots). */
int sql__pgcat_statistic(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e);

#endif
