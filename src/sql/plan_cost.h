/* plan_cost.h — row estimates from ANALYZE statistics (plan_cost.c) for the
 * planner (plan_scan.c, bind_select.c). Every function answers "no
 * estimate" (false / NULL) for a table without usable statistics, and the
 * callers then keep their fixed guesses. */
#ifndef SF_SQL_PLAN_COST_H
#define SF_SQL_PLAN_COST_H

#include "sql/engine_int.h"
#include "sql/stats.h"

/* t's statistics (in b->ctx), NULL when it has none or was truncated since. */
const struct sql_tstats *eng__stats_of(struct binder *b, const struct sql_table_desc *t);
/* Rows of a scan of t (its columns at slots [off, off + t->ncols)) under the
 * conjunction quals[0..n). */
bool eng__scan_rows(struct binder *b, const struct sql_table_desc *t, int off, struct bx **quals,
                    int n, double *rows);
/* Whether a full scan beats an index span implementing idx_quals. */
bool eng__index_worse(struct binder *b, const struct sql_table_desc *t, int off,
                      struct bx **idx_quals, int n);
/* Selectivity of the equi-join lk[i] = rk[i] (columns of base tables of s). */
bool eng__join_sel(struct binder *b, struct scope *s, struct bx **lk, struct bx **rk, int nk,
                   double *sel);
/* A join p of inputs p->l, p->r (its left input covering slots [lo, hi), -1
 * when it may not be swapped) with hash keys lk = rk: its row estimate from
 * the key columns' statistics, and an inner hash join built on the smaller
 * input (the sides swapped). Nothing changes without statistics. */
void eng__join_estimate(struct binder *b, struct scope *s, struct pnode *p, enum sql_join_type type,
                        struct bx **lk, struct bx **rk, int nk, int lo, int hi);
/* With statistics on inner table t: whether an index nested loop (outer_rows
 * lookups of inner_rows rows each) beats hashing t; *inl unchanged without. */
void eng__prefer_index_nl(struct binder *b, const struct sql_table_desc *t, double outer_rows,
                          double inner_rows, bool *inl);
/* plan_join_order.c: one base table of a group of INNER joins. */
struct eng_jo_rel {
    const struct sql_table_desc *t;
    int off, ncols;    /* its slots */
    struct bx **quals; /* its own (pushed-down) quals */
    int nquals;
};
/* A join order of rels (order[0] first) for the join quals pool; false when
 * some relation has no statistics (keep the FROM order). */
bool eng__join_order(struct binder *b, struct scope *s, const struct eng_jo_rel *rels, int n,
                     struct bx **pool, int npool, int *order);
/* Relations (bit i: rels[i]) whose slots the slot range of q touches; *ok
 * false when q references an outer query level. */
uint32_t eng__jo_mask(const struct eng_jo_rel *rels, int n, const struct bx *q, bool *ok);
/* PostgreSQL's clamp_row_est: at least 1, rounded. */
double eng__clamp_rows(double r);

#endif
