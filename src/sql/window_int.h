/* window_int.h — window functions shared by the binder (bind_window.c), the
 * executor (exec_window.c) and EXPLAIN: bound calls and window nodes.
 */
#ifndef SF_SQL_WINDOW_INT_H
#define SF_SQL_WINDOW_INT_H

#include "sql/engine_int.h"

enum win_fn {
    WF_AGG, /* any aggregate over the frame */
    WF_ROW_NUMBER,
    WF_RANK,
    WF_DENSE_RANK,
    WF_PERCENT_RANK,
    WF_CUME_DIST,
    WF_NTILE,
    WF_LAG,
    WF_LEAD,
    WF_FIRST_VALUE,
    WF_LAST_VALUE,
    WF_NTH_VALUE,
};

/* A bound window specification (named windows resolved). */
struct win_spec {
    struct bx **part; /* PARTITION BY */
    int npart;
    struct bx **ord; /* ORDER BY */
    bool *desc, *nulls_first;
    int nord;
    int frame;                /* SQL_FRAME_* bits, defaults filled in */
    struct bx *soff, *eoff;   /* frame offsets (ROWS/GROUPS: int8; RANGE: the in_range type) */
    struct bx *scond, *econd; /* RANGE offset: over the row [value, current value] */
    struct bx *sneg, *eneg;   /* RANGE offset: offset < 0 */
    int named;                /* OVER w: w's position in the WINDOW clause, else -1 */
};

struct bx_winref {
    enum win_fn fn;
    const char *name;
    const struct sql_agg_def *agg;
    struct bx *args[3];
    int nargs;
    struct bx *filter;
    struct win_spec *spec;
    struct bx *node; /* the BX_WINDOW node, rewritten into a BX_COL when planned */
};

struct pn_window {
    struct bx_winref **funcs; /* results at slots in_width .. in_width + nfuncs - 1 */
    int nfuncs;
    int in_width;
    int *pcols; /* partition key slots */
    int npart;
    int *ocols; /* order key slots */
    bool *onulls_first;
    int nord;
    const struct win_spec *spec;
};

#endif
