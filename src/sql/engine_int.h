/* engine_int.h — private structures of the query engine (binder, planner,
 * executor): bound expressions, plan nodes, execution state.
 *
 * Pipeline: the binder (bind_*.c) turns AST expressions into bound
 * expressions (struct bx: typed, names resolved, overloads chosen, constants
 * folded) and builds plan trees (struct pnode, plan_*.c) directly; the
 * executor (exec_*.c) instantiates per-cursor state (struct xnode) from a
 * plan and pulls rows from it. Plans hold no execution state, so one plan
 * serves many cursors.
 *
 * Row layouts. Below aggregation every node of one query level produces a
 * "full-width" row: one slot per column of every FROM item (range table
 * entry, rte) of that level, rte i at offset rte[i].off. A scan fills its
 * own slots only; a join combines the slots of its two sides. Column
 * references are absolute slot numbers, so a filter or join condition works
 * on any node's row. Above aggregation the layout is [group keys, aggregate
 * results]; above projection it is [targets, sort junk].
 *
 * Row validity: a row returned by a node's next() is valid until the next
 * call of that node's next() (or its close); a consumer that keeps rows
 * copies them (sql_value_copy).
 */
#ifndef SF_SQL_ENGINE_INT_H
#define SF_SQL_ENGINE_INT_H

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/func.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENG_HINT_SEP        "\nHINT:  "
#define ENG_DETAIL_SEP      SQL_NUM_DETAIL_SEP
#define ENG_INTERRUPT_EVERY 256

/* ---- bound expressions ---- */

enum bx_kind {
    BX_CONST,
    BX_COL,      /* u.col: slot of the row of query level `level` (0 = this one) */
    BX_PARAM,    /* u.param: $n - 1 */
    BX_FUNC,     /* function or operator call */
    BX_AND,      /* u.list */
    BX_OR,       /* u.list */
    BX_NOT,      /* u.list.args[0] */
    BX_NULLTEST, /* u.test */
    BX_BOOLTEST, /* u.test */
    BX_DISTINCT, /* u.cmp: l IS [NOT] DISTINCT FROM r via eq */
    BX_NULLIF,   /* u.cmp */
    BX_CASE,     /* u.cs */
    BX_COALESCE, /* u.list */
    BX_GREATEST, /* u.list */
    BX_LEAST,    /* u.list */
    BX_CAST,     /* u.cast */
    BX_SUBLINK,  /* u.sub */
    BX_SUBVAL,   /* the current row's first column inside an ANY/ALL comparison */
    BX_AGG,      /* u.agg: aggregate call, replaced by a BX_COL after grouping */
    BX_ARRAYCMP, /* u.arr: l op ANY/ALL (array): an array, or a catalog column's text form */
    BX_ERROR,    /* u.errmsg: an unsupported construct (arrays...): 0A000 if evaluated */
    BX_WINDOW,   /* u.win: window function call, replaced by a BX_COL by the window planner */
    BX_ROW,      /* u.list: ROW(...), a record (typmod: its shape, bind_srf.c) */
    BX_FIELD,    /* u.test: field u.test.test of the record u.test.arg */
};

struct bx_winref; /* bind_window.c / window_int.h */
struct pn_window;

struct bx;
struct pnode;

struct bx_func {
    const struct sql_func_match *m;
    struct bx **args;
    int nargs;
    const char *name; /* for EXPLAIN */
    bool op;          /* operator syntax */
    bool va_expand;   /* VARIADIC array call: the last argument's elements are the arguments */
    int cache_slot;   /* index of the call site's sql_fcall.cache in struct xrt */
};

struct bx_aggref {
    const struct sql_agg_def *def;
    const char *name;
    struct bx *arg;  /* NULL for count(*) */
    struct bx *arg2; /* second argument (string_agg's delimiter) or NULL */
    struct bx *filter;
    bool distinct;
    bool star;
    /* agg(... ORDER BY k1, k2...): the group's rows are collected, sorted by
     * these keys and fed to the aggregate in that order (exec_agg_order.c) */
    struct bx **okeys;
    bool *odesc, *onf; /* per key: DESC, NULLS FIRST */
    int nokeys;
    /* GROUPING(a, b) (def == &eng__grouping_def, bind_grouping.c): its
     * arguments, each a grouping expression of the level */
    struct bx **gargs;
    int ngargs;
};

struct bx {
    enum bx_kind kind;
    uint32_t type;
    int32_t typmod;
    int location;
    union {
        struct sql_value c;
        const char *errmsg;
        struct {
            int level;
            int idx;
            const char *rel;  /* alias of its relation, for messages */
            const char *name; /* column name */
            uint32_t table_oid;
            int16_t attnum;
            /* a merged JOIN USING column (FULL: COALESCE(l, r); or of a common
             * type): its expression over the joined columns, else NULL
             * (GROUP BY l, r covers it, as PostgreSQL's flattened join vars) */
            struct bx *merged;
        } col;
        int param;
        struct bx_func fn;
        struct {
            struct bx **args;
            int n;
        } list;
        struct {
            struct bx *arg;
            int test; /* NULLTEST: 0 IS NULL, 1 IS NOT NULL; BOOLTEST: enum sql_booltest */
        } test;
        struct {
            struct bx *l, *r;
            const struct sql_func_match *eq;
            bool not_;
        } cmp;
        struct {
            struct bx **conds; /* boolean conditions (simple CASE: arg = value) */
            struct bx **results;
            int n;
            struct bx *def; /* never NULL: a NULL constant when ELSE is absent */
        } cs;
        struct {
            struct bx *arg;
            bool explicit_;
        } cast;
        struct {
            enum sql_sublink_kind kind;
            struct pnode *plan;
            struct bx *cmp; /* ANY/ALL: test op BX_SUBVAL */
            int id;         /* cache slot for uncorrelated sublinks */
            bool correlated;
            int ncols;      /* the subquery's output width */
            struct bx *sep; /* ARRAY via array_to_string(ARRAY(q), sep): the separator */
            /* references of its query to the enclosing level's columns and
             * (outer-level) aggregates (bind_upref.c); gsrc: set when the
             * level is grouped, per reference its slot of the grouped row */
            struct eng_upref *uprefs;
            int nuprefs;
            int *gsrc;
            int gwidth;
            /* a correlated EXISTS: its hashed alternative (plan_exhash.c),
             * an uncorrelated sublink whose plan yields the inner keys and
             * whose hkeys are the outer keys, evaluated in the caller */
            struct bx *alt;
            struct bx **hkeys;
            int nhkeys;
            /* materialized WITH queries its query owns whose stores are
             * emptied at each run (bind_cte.c, exec_ctescan.c) */
            int *mat_reset;
            int nmat_reset;
        } sub;
        struct {
            struct bx *arr; /* an array (array.h), or text of an array literal */
            struct bx *cmp; /* l op BX_SUBVAL */
            bool all;
            uint32_t elemtype;
        } arr;
        struct {
            int idx; /* position in the level's aggregate list */
            struct bx_aggref *ref;
        } agg;
        struct bx_winref *win;
        int subcol; /* BX_SUBVAL: the column of the subquery row (bind_row.c) */
    } u;
};

/* ---- plans ---- */

enum pn_kind {
    PN_RESULT,   /* one row of nulls of width `width` (SELECT without FROM) */
    PN_VALUES,   /* VALUES rows placed at `off` */
    PN_SCAN,     /* table scan over a key span */
    PN_VTAB,     /* virtual table rows */
    PN_SERIES,   /* generate_series */
    PN_SUBQ,     /* a subquery's rows placed at `off` */
    PN_FILTER,   /* l filtered by qual */
    PN_JOIN,     /* nested loop / hash / index nested loop */
    PN_AGG,      /* grouping and aggregates */
    PN_PROJECT,  /* expressions over l's rows */
    PN_SORT,     /* sort on key columns */
    PN_DISTINCT, /* distinct on the first `ndistinct` columns */
    PN_LIMIT,    /* LIMIT/OFFSET */
    PN_SETOP,    /* UNION/INTERSECT/EXCEPT */
    PN_MODIFY,   /* INSERT/UPDATE/DELETE */
    PN_WINDOW,   /* window functions over sorted input (exec_window.c) */
    PN_LOCKROWS, /* SELECT ... FOR UPDATE/SHARE: lock the rows of l (plan_lock.c) */
    PN_WORKTAB,  /* WITH RECURSIVE: the working table of the enclosing PN_RECUNION */
    PN_RECUNION, /* WITH RECURSIVE: l the non-recursive term, r the recursive one */
    PN_DMLSCAN,  /* the RETURNING rows of a data-modifying WITH query (exec_dmlcte.c) */
    PN_PROJSET,  /* set-returning functions of a select list over l's rows (exec_projset.c) */
    PN_CTESCAN,  /* a materialized WITH query: the rows of store u.ctescan.id, which the
                  * first reader fills from l (exec_ctescan.c) */
};

enum join_alg { JOIN_NL, JOIN_HASH, JOIN_INDEX_NL, JOIN_LATERAL, JOIN_MERGE };

struct sort_key {
    int col;
    bool desc;
    bool nulls_first;
};

/* A deep copy of a table descriptor in plan memory. */
struct modify_col;

/* INSERT ... ON CONFLICT (exec_upsert.c). set and where are bound over
 * [existing row, EXCLUDED row] (2 * t->ncols slots). */
struct upsert_plan {
    bool do_update;
    int *arbiters; /* positions in t->idx */
    int narbiters;
    struct bx **set; /* per table column, NULL: unchanged */
    struct bx *where;
    bool all_unique; /* no conflict target: every unique index arbitrates */
};

/* A table locked by PN_LOCKROWS: its row at slots [off, off + t->ncols) of
 * the full-width row. */
struct lock_rel {
    const struct sql_table_desc *t;
    int off;
    enum sql_lock_wait wait;
    enum sql_lock_strength strength; /* the strongest asked for it */
};

struct pnode {
    enum pn_kind kind;
    int width; /* values per output row */
    struct pnode *l, *r;
    double est_rows; /* rough estimate for EXPLAIN and join choices */
    union {
        struct {
            struct bx ***rows; /* nrows x ncols */
            int nrows, ncols, off;
        } values;
        struct {
            const struct sql_table_desc *t;
            const char *alias;
            int off;
            int idx_pos; /* -1: whole primary index, no span */
            int neq;
            struct bx **eq; /* neq values for the index prefix */
            struct bx *lo, *hi;
            bool lo_incl, hi_incl;
            bool reverse;
            struct bx **index_conds; /* what the span implements, for EXPLAIN */
            int nindex_conds;
            struct bx *filter;
            /* every column the query reads is in the index entry: columns
             * outside it are left NULL (plan_idxonly.c) */
            bool index_only;
            bool index_only_shown; /* ... and the index's own key holds them: EXPLAIN
                                    * says Index Only Scan, as PostgreSQL */
            /* IN list / = ANY (array) on key column neq (plan_inlist.c): one
             * span per value, eq[neq] taken from in_vals (nin) or in_arr */
            bool has_in;
            struct bx **in_vals;
            int nin;
            struct bx *in_arr;
            /* the table's columns the query reads, by position
             * (plan_idxonly.c); NULL: all. The others are not decoded and
             * come back NULL. */
            bool *need;
        } scan;
        struct {
            const struct sql_vtab *vt;
            const char *alias;
            int off;
            struct bx *filter;
        } vtab;
        struct {
            struct bx *args[3];
            int nargs;
            uint32_t type;
            int off;
            const char *alias;
            int jfn;           /* 0: generate_series, else SQL_JSRF_* (json_int.h) */
            const char *fname; /* jfn, srf 3: the function's name */
            /* unnest / generate_subscripts (bind_array.c): srf 1 / 2, the
             * calls' arguments; srf 3: regexp_matches / regexp_split_to_table,
             * sargs[0] one call whose array result holds the rows; srf 6: as
             * 3, each element a row spread over the columns (a user
             * function's, exec_sqlfunc.c) */
            int srf;
            bool ordinality;
            struct bx **sargs;
            int nsargs;
            int ncols; /* jfn and srf: output columns at off (with ordinality) */
            /* srf 4 (bind_fromfunc.c): sargs[0] any expression, one row;
             * record: its value is a record spread over the ncols columns.
             * srf 5 (ROWS FROM, WITH ORDINALITY of a function that has
             * none of its own): kids, each a function scan whose columns
             * sit in this row, run in lock-step as PostgreSQL's
             * FunctionScan (exec_fromfunc.c); ncols counts them all. */
            bool record;
            bool setof; /* srf 4: sargs[0]'s array holds the rows (sql__setof_func) */
            struct pnode **kids;
            int nkids;
            uint32_t *coltypes;        /* srf 4 and 5: the ncols columns' types */
            const int32_t *coltypmods; /* jfn json[b]_to_record[set]: the columns' */
        } series;
        struct {
            int off;
            int ncols; /* the subquery's output columns */
            const char *alias;
        } subq;
        struct {
            int id; /* the statement's materialized WITH query id (binder.nmat) */
            const char *name;
            bool corr; /* reads enclosing levels: filled at once with the reader's runtime */
        } ctescan;
        struct {
            struct bx *qual;
        } filter;
        struct {
            enum sql_join_type type; /* INNER or LEFT */
            enum join_alg alg;
            struct bx *cond;   /* evaluated on the combined row (NULL: true) */
            struct bx **lkeys; /* hash join: keys over the left row */
            struct bx **rkeys; /* and over the right row */
            int nkeys;
            int roff, rwidth; /* slots of the right side */
            /* FULL JOIN USING: COALESCE(l, r) per merged column, at [moff, moff + nmerge) */
            struct bx **merge;
            int nmerge, moff;
            /* merge join: the right keys cover a unique index of the right
             * table, so a run of equal keys is one row (read no further) */
            bool inner_unique;
        } join;
        struct {
            struct bx **groups;
            int ngroups;
            struct bx_aggref **aggs;
            int naggs;
            int nfundep; /* trailing keys added by bind_fundep.c: EXPLAIN leaves them out */
            /* groups come out in key order (ASC NULLS LAST), as PostgreSQL's
             * sorted GroupAggregate, which it must use when an aggregate has
             * DISTINCT or ORDER BY */
            bool sorted;
        } agg;
        struct {
            struct bx **exprs;
            int n;
        } project;
        struct {
            struct sort_key *keys;
            int nkeys;
            struct bx **kexprs; /* merge join input (plan_merge.c): the keys as expressions,
                                 * for EXPLAIN; NULL otherwise */
        } sort;
        struct {
            int ndistinct;
            int *cols; /* DISTINCT ON: the key columns (NULL: the first ndistinct) */
        } distinct;
        struct {
            struct bx *limit, *offset;
            /* FETCH ... WITH TIES: the sort keys of the rows below; rows
             * equal on them to the last row within the count follow it */
            const struct sort_key *ties;
            int nties;
        } limit;
        struct {
            enum sql_setop op;
            bool all;
        } setop;
        struct {
            enum sql_stmt_kind op; /* INSERT/UPDATE/DELETE */
            const struct sql_table_desc *t;
            /* INSERT: for each table column, the source column or -1 */
            int *src_col;
            struct bx **defaults; /* per table column, NULL when no default */
            /* UPDATE: per table column the new value expression or NULL */
            struct bx **set;
            struct bx *recheck; /* UPDATE/DELETE: WHERE re-evaluated on the newest version */
            /* COPY FROM ... WHERE over the row with its defaults (before
             * generated columns and checks); a row failing it is skipped */
            struct bx *copy_where;
            /* UPDATE/DELETE ... WHERE CURRENT OF: the cursor whose current
             * row is the one changed (exec_modify.c), or NULL */
            const char *current_of;
            struct bx **checks;
            int nchecks;
            struct bx **returning;
            int nreturning;
            bool overriding_system;
            bool point;       /* l is a primary-key point scan: lock the row directly */
            bool materialize; /* read every source row before writing (Halloween) */
            const char *alias;
            struct upsert_plan *upsert; /* INSERT ... ON CONFLICT, or NULL */
            /* UPDATE ... FROM / DELETE ... USING (exec_modify_from.c): l yields
             * full-width rows of this width, the target's row at slot 0; set,
             * recheck and returning are bound over them */
            int from_width;
            /* DML on an automatically updatable view (bind_viewdml.c): its
             * check options, checked on every new row, innermost view first */
            struct eng_wco *wcos;
            int nwcos;
            /* per table column its generation expression over the new row,
             * or NULL (ddl_generated.c); stored by eng__check_row */
            struct bx **gens;
        } modify;
        struct pn_window *window;
        struct {
            struct lock_rel *rels;
            int nrels;
            int junk;            /* l's row: the full-width row starts at this slot */
            int full_width;      /* its width */
            struct bx *recheck;  /* WHERE over the full-width row, or NULL */
            struct bx **targets; /* the output columns over the full-width row */
            int ntargets;
        } lockrows;
        struct {
            int id; /* the PN_RECUNION whose working table it reads */
            int ncols;
            const char *name;
        } wtab;
        struct {
            int id;
            int ncols;
            bool all; /* UNION ALL: no duplicate elimination */
            const char *name;
        } rec;
        struct {
            int id; /* position in sql_plan.dml */
            int ncols;
            const char *name;
        } dmlscan;
        struct {
            struct pnode **srfs; /* PN_SERIES each, args over l's row */
            int nsrfs;
            uint32_t *types; /* per slot: the type of the SRF columns there */
        } projset;
    } u;
};

/* A table lock mode (enum kv_tlock_mode) on a relation. */
struct eng_rel_lock {
    uint32_t oid;
    int mode;
};

/* A privilege check a plan needs each time it runs (bind_acl.c). */
struct eng_perm {
    char objtype; /* acl.h: 'r', 'S', 'n', 'f' */
    uint32_t oid;
    uint32_t privs;      /* all of them ('S': any one) */
    const char *as_user; /* NULL: the current user; else a view's owner */
    const char *owner, *kind, *name;
    /* the columns (attnums) read, inserted and updated (ENG_PERM_SEL/INS/UPD):
     * without the table-level privilege, column privileges on each will do
     * (none listed: on any column), as ExecCheckRTEPerms */
    int16_t *cols[3];
    int ncols[3], capcols[3];
};
enum { ENG_PERM_SEL, ENG_PERM_INS, ENG_PERM_UPD };

struct sql_plan {
    enum sql_stmt_kind kind; /* SELECT, INSERT, UPDATE, DELETE, EXPLAIN */
    /* the privileges it needs, checked by every sql_cursor_open */
    const struct eng_perm *perms;
    int nperms;
    /* the table locks its binding took, taken again first by every
     * sql_cursor_open (PostgreSQL's AcquireExecutorLocks) */
    const struct eng_rel_lock *rel_locks;
    int nrel_locks;
    bool temp_writes; /* writes temporary tables (kv_txn_allow_private_writes) */
    struct pnode *root;
    struct sql_column *cols;
    size_t ncols;
    uint64_t generation;
    int nsublinks;
    int nfcache;
    int nmat; /* materialized WITH queries (PN_CTESCAN stores) */
    int nparams;
    uint32_t *param_types;
    bool writes;
    char **explain_lines; /* EXPLAIN: the text, computed at plan time */
    int nexplain;
    /* EXPLAIN ANALYZE: root/cols are the inner statement's (an_kind), run
     * by the cursor with instrumented nodes; the text is made afterwards. */
    bool analyze;
    bool an_timing, an_summary;
    enum sql_stmt_kind an_kind;
    double plan_ms; /* planning time */
    /* data-modifying WITH queries (PN_MODIFY), run in order to completion
     * before the main query, all reading the statement's one snapshot */
    struct pnode **dml;
    int ndml;
    bool *dml_after;        /* per query: not read by the main query, run after it */
    const char **dml_names; /* per query: its WITH name (EXPLAIN) */
};

/* ---- binder ---- */

/* A reference from a sublink's query to a column or to an aggregate of an
 * enclosing query level (bind_upref.c): the sublink's plan reads slot of
 * that level's row. An outer-level aggregate (PostgreSQL's agglevelsup,
 * e.g. the SUM in SELECT (SELECT SUM(t.x)) FROM t) is computed by that
 * level and read through a pseudo slot past its columns. */
struct eng_upref {
    int slot;
    int agg; /* >= 0: the level's aggregate number; -1: a column */
    int location;
    const char *rel, *name;
};

/* A FROM item of one query level. */
struct rte {
    const char *alias;   /* the name it is referenced by */
    const char *relname; /* the table's own name when aliased, else NULL */
    int off, ncols;      /* slots in the full-width row */
    const char **colnames;
    uint32_t *coltypes;
    int32_t *coltypmods;
    bool *hidden;
    bool *nostar;       /* found by name but not expanded by * (bind_search.c), or NULL */
    uint32_t table_oid; /* 0 unless a base table */
    int16_t *attnums;
    bool nullable;      /* inner side of an outer join */
    bool *using_hidden; /* right-hand USING columns: not found unqualified */
    bool alias_hidden;  /* inside an aliased join: not found by its name either */
    /* the target view of INSERT/UPDATE/DELETE (bind_viewdml.c): per column
     * its expression over the base table's row at slot 0, or NULL */
    struct bx **vexprs;
    bool pulled; /* a table of a sublink pulled up into a join (plan_sublink.c): no name finds it */
    /* a function in FROM returning a scalar (no ordinality): its whole-row
     * reference is that value (bind_wholerow.c) */
    bool func_scalar;
    bool join_rte;    /* (a JOIN b) AS t or JOIN ... USING (...) AS t */
    bool using_alias; /* JOIN ... USING (...) AS t: no range table entry of its own */
    /* a join alias (join_rte): per column the slot its value is read from
     * (the joined column it names, as PostgreSQL's join alias vars), or -1:
     * its own slot */
    int *colslot;
    struct bx **merged; /* per column its bx.u.col.merged, or NULL */
    /* a table or view named in FROM without an alias: its OID and schema
     * (PostgreSQL's rules for s1.t, s2.t and s1.t.col), else 0 / NULL */
    uint32_t relid;
    const char *relschema;
    uint32_t rowtype; /* a view's: its row type for whole-row values (rowtype.h), else 0 */
};

/* 42P01 for "rel.x" naming no visible FROM item, with PostgreSQL's hints
 * (errorMissingRTE: a table known here under an alias, or an entry that
 * exists but is hidden). */
struct scope;
struct binder;
int eng__missing_rte(const struct binder *b, const struct scope *s, const char *rel, int location,
                     struct err *e);
/* The levels a FROM subquery without LATERAL is bound beside but cannot
 * see (its own level's earlier FROM items): searched only for the hints
 * of eng__missing_rte and missing columns, as PostgreSQL's whole-rtable
 * searches (searchRangeTableForRel / searchRangeTableForCol). */
struct eng_nolat {
    const struct scope *s;
    const struct eng_nolat *up;
};

struct scope {
    struct scope *parent;
    struct rte *rtes;
    int nrtes, cap;
    int width;
    bool correlated;         /* something here references a parent level */
    bool in_agg_arg;         /* binding an aggregate's argument */
    bool agg_moved;          /* binding an outer-level aggregate of a sublink here */
    bool allow_aggs;         /* aggregates allowed here (target list, HAVING, ORDER BY) */
    struct bx_aggref **aggs; /* aggregates found at this level */
    int naggs, aggcap;
    const char *agg_forbidden; /* "WHERE", "JOIN conditions"... when aggregates are refused */
    void *from_tree;           /* the FROM items' join tree (bind_select.c), for SELECT * */
    /* window functions (bind_window.c) */
    bool allow_windows;             /* target list and ORDER BY of a SELECT */
    bool in_win_arg;                /* binding a window function's argument */
    const char *win_forbidden;      /* "HAVING", "FILTER", "window definitions"... */
    const struct sql_list *windefs; /* the SELECT's WINDOW clause */
    struct bx_winref **wins;        /* window function calls found at this level */
    int nwins, wincap;
    /* set-returning functions of the select list (bind_srf.c): PN_SERIES
     * plans over hidden rtes, run by a PN_PROJSET under the projection */
    bool allow_srfs;
    struct pnode **srfs;
    int nsrfs, srfcap;
    int srf_base;              /* the first of their slots */
    const char *srf_forbidden; /* "CASE", "COALESCE": an SRF there is an error */
    /* references to this level's columns and aggregates made by its
     * sublinks' queries (bind_upref.c) */
    struct eng_upref *uprefs;
    int nuprefs, capuprefs;
    /* binding GROUP BY / ORDER BY / DISTINCT ON: an SRF call equal to one of
     * the select list binds to that one's columns (bind_srf.c) */
    bool srf_dedup;
    bool selfref;                 /* its FROM reads a recursive query's working table */
    const struct sql_select *sel; /* the SELECT this level binds, or NULL */
};

/* A WITH query in scope: referencing it plans its query as a subquery. */
struct cte_ref {
    const struct sql_cte *cte;
    struct cte_ref *up; /* what its own query may see */
    /* WITH RECURSIVE (bind_cte.c) */
    int rec_state;               /* enum cte_rec_state */
    int rec_refs;                /* self-references seen in the recursive term */
    int rec_loc1;                /* the last one's location + 1 */
    int rec_id;                  /* the working table those references read */
    struct scope *rec_parent;    /* the recursive term's parent scope */
    struct sql_column *rec_cols; /* the non-recursive term's columns */
    int rec_ncols;
    int rec_hidden;                 /* its last columns added by SEARCH / CYCLE (bind_search.c):
                                     * * expands to them only in owner */
    const struct sql_select *owner; /* the SELECT whose WITH it is (bind_select.c) */
    const struct sql_with *with;    /* the WITH it is item with_idx of */
    int with_idx;
    const struct sql_select *rec_rarg; /* SEARCH / CYCLE: the user's recursive term
                                        * (with the added columns), whose width
                                        * bind_select.c checks */
    /* data-modifying WITH query (CTE_DML): its plan's position in
     * binder.dml and its RETURNING columns (none: it cannot be referenced) */
    int dml_id;
    struct sql_column *dml_cols;
    int dml_ncols;
    /* a plain WITH query's references (eng__cte_plain_ref): the first's
     * location, whether any other was seen, whether its body is volatile */
    int ref_loc;
    bool ref_more;
    bool ref_volatile;
    struct scope *with_parent; /* the parent scope of its WITH's SELECT */
    int mat_id1;               /* materialized (PN_CTESCAN): its store id + 1; 0 not yet */
    struct pnode *first_sq;    /* the first reference's PN_SUBQ */
};

enum cte_rec_state {
    CTE_PLAIN,     /* not self-referencing: planned as a subquery */
    CTE_IN_NONREC, /* planning its non-recursive term */
    CTE_IN_REC,    /* planning its recursive term: references are worktable scans */
    CTE_RECURSIVE, /* a recursive query: references plan a PN_RECUNION */
    CTE_NOFORM,    /* not UNION [ALL]: a self-reference is an error */
    CTE_DML,       /* INSERT/UPDATE/DELETE: references scan its RETURNING rows */
    CTE_DML_SELF,  /* planning a data-modifying WITH RECURSIVE query: no self-reference */
};

struct binder {
    int nvolatile;                 /* volatile function calls bound so far (bind_expr.c) */
    const struct eng_nolat *nolat; /* FROM subqueries being bound (eng_nolat) */
    struct sql_env *env;
    struct mem_ctx *ctx; /* plan memory */
    uint32_t *param_types;
    size_t cap;
    size_t nparams;
    size_t declared; /* types given by the caller */
    int nsublinks;
    int nmat; /* materialized WITH queries (cte_ref.mat_id1) */
    /* per materialized WITH query id: the sublink query that owns it when
     * its store is refilled at every run of that sublink (a volatile query
     * reading enclosing levels), else NULL; the sublink queries being
     * bound, innermost last (bind_cte.c) */
    const struct sql_select **mat_owner;
    int capmat_owner;
    const struct sql_select **sl_stack;
    int nsl_stack, capsl_stack;
    int nfcache;                  /* call sites (bx_func.cache_slot) */
    bool last_correlated;         /* set by eng__plan_select: the query referenced outer levels */
    struct cte_ref *ctes;         /* WITH queries visible here, innermost first */
    const struct cte_ref *in_cte; /* the non-recursive WITH query whose body is being
                                   * planned: the later items of its WITH are the ones
                                   * a failed lookup names in its DETAIL (isFutureCTE) */
    const struct cte_ref *in_cte_up; /* in_cte around the reference being planned */
    bool keep_unknown; /* INSERT ... SELECT: leave unknown-typed outputs for the target */
    int nofold_errors; /* > 0: binding a CASE arm or COALESCE argument that can never run:
                        * a constant that fails to fold stays unevaluated (as PostgreSQL's
                        * eval_const_expressions never simplifies such arms) */
    int no_fold;       /* > 0: calls stay calls, constant arguments or not (make_op_nofold) */
    struct sql_fmt fmt;
    int nworktables;                 /* WITH RECURSIVE: ids of PN_RECUNION nodes */
    struct eng_view_deps *view_deps; /* CREATE VIEW: what the query uses (bind_view.c) */
    int view_depth;                  /* > 0 while binding an expanded view's query */
    /* data-modifying WITH queries (bind_cte.c), and > 0 while planning a
     * WITH query's body (a data-modifying WITH there is not top level) */
    struct pnode **dml;
    int ndml, capdml;
    int cte_depth;
    int dml_owner;      /* 1 + the data-modifying query being planned, 0: the main query */
    int *dml_edge_from; /* references among them: owner (as dml_owner) -> query id */
    int *dml_edge_to;
    int ndml_edges, capdml_edges;
    const struct sql_with *top_with; /* the statement's own WITH: the only one that may
                                      * hold data-modifying queries */
    struct eng_view_dml *vdml;       /* INSERT/UPDATE/DELETE on a view (bind_viewdml.c), or NULL */
    const char **dml_names;          /* per data-modifying WITH query: its name */
    /* enable_* planner settings (plan_merge.c): ENG_OFF_* bits of the ones
     * switched off, read once per plan */
    unsigned planner_off;
    bool planner_read;
    /* binding a recursive term's FROM item on an outer join's nullable
     * side ("an outer join") or an INTERSECT / EXCEPT arm that may not read
     * the working table (bind_cte.c's 42P19, parse_cte.c's
     * checkWellFormedRecursion); NULL elsewhere */
    const char *rec_within;
    bool no_pullup; /* binding the FROM items of a FOR UPDATE level: JOIN/ON sublinks
                     * stay SubPlans (plan_sublink.c) */
    /* Table locks the binder took (eng__lock_rel), for the plan: a cached
     * plan takes them again before it runs (sql_cursor_open). */
    struct eng_rel_lock *rel_locks;
    int nrel_locks, caprel_locks;
    /* DML targets that are temporary tables / anything else: a read-only
     * transaction may write temporary tables (PostgreSQL's
     * ExecCheckXactReadOnly), so a plan whose every target is one does not
     * count as writing (sql_plan_writes). */
    int ndml_temp, ndml_perm;
    /* The node catalog's generation when binding started (0: not looked
     * at): a lock taken after DDL committed meanwhile resolves its name
     * again even without a wait (eng__lock_rel). */
    uint64_t cat_gen;
    /* privileges the plan needs (bind_acl.c); acl_user: whose (NULL: the
     * current user; a view's owner while its query is bound) */
    struct eng_perm *perms;
    int nperms, capperms;
    const char *acl_user;
    bool acl_user_super;
    uint32_t acl_target_oid; /* UPDATE ... FROM / DELETE ... USING: the target in FROM */
    int acl_internal;        /* > 0: binding CHECKs / generated columns: reads need no SELECT */
};

/* bind_acl.c */
void eng__perm_obj(struct binder *b, char objtype, uint32_t oid, const char *owner,
                   const char *kind, const char *name, uint32_t privs);
void eng__perm_rel(struct binder *b, const struct sql_table_desc *t, uint32_t privs);
/* a column of base table oid is read: SELECT on it */
void eng__perm_colref(struct binder *b, uint32_t oid, int attnum);
/* t's column attnum is inserted into / updated (which: ENG_PERM_INS / UPD) */
void eng__perm_col(struct binder *b, const struct sql_table_desc *t, int which, int attnum);
int eng__perm_enter_view(struct binder *b, const struct sql_table_desc *v, const char **saved,
                         bool *saved_super, struct err *e);
void eng__perm_leave_view(struct binder *b, const char *saved, bool saved_super);
int sql_plan_check_perms(struct sql_env *env, const struct sql_plan *p, struct err *e);
int eng__perms_check(struct sql_env *env, const struct eng_perm *perms, int nperms, struct err *e);

enum coerce_ctx { COERCE_IMPLICIT, COERCE_ASSIGNMENT, COERCE_EXPLICIT };

/* expr_eval.c: a regclass value as text (the relation's name, as regclassout) in mem. */
int eng__regclass_text(struct sql_env *env, struct mem_ctx *mem, const struct sql_value *v,
                       struct sql_value *out, struct err *e);

/* expr_eval.c: a regtype value as text (regtypeout with the catalog: format_type,
 * qualified when not visible) in mem. */
int eng__regtype_text(struct sql_env *env, struct mem_ctx *mem, const struct sql_value *v,
                      struct sql_value *out, struct err *e);
/* expr_eval.c: whether regtype input text s needs a name lookup (not an oid or "-"). */
bool eng__regtype_by_name(const char *s, size_t len);

/* bind_upref.c: note the references of x to the level `level` up from s
 * (BX_COL of that level); the uprefs of s from lo on, copied into the
 * sublink sub; an outer-level aggregate: note it at anc and return the
 * reference to it (level `level`); regroup a correlated sublink's
 * references (grouped level: group keys and aggregates), 42803 for an
 * ungrouped column. */
void eng__upref_note(struct binder *b, struct scope *s, int level, struct bx *x);
void eng__upref_take(struct binder *b, struct scope *s, int lo, struct bx *sub);
struct bx *eng__upref_agg(struct binder *b, struct scope *anc, int level, const struct bx *agg);
int eng__upref_regroup(struct binder *b, struct bx **groups, int ngroups, const struct bx *x,
                       struct bx *c, struct err *e);

/* bind_expr.c */
int eng__bind_expr(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                   struct err *e);
/* Bind x and coerce to boolean; clause names the place for 42804
 * ("argument of WHERE must be type boolean, not type integer"). */
int eng__bind_bool(struct binder *b, struct scope *s, const struct sql_expr *x, const char *clause,
                   struct bx **out, struct err *e);
/* A record[] value's typmod (bind_array.c): typmod when that record shape
 * names a composite type or a relation's row type, else -1. */
int32_t eng__named_shape(int32_t typmod);
int eng__coerce(struct binder *b, struct bx *x, uint32_t type, int32_t typmod, enum coerce_ctx cc,
                struct bx **out, struct err *e);
/* Unknown literals and params become text (output columns, sort keys). */
int eng__resolve_unknown(struct binder *b, struct bx *x, struct bx **out, struct err *e);
/* Bind op(l, r) of two bound expressions. */
int eng__make_op(struct binder *b, const char *op, struct bx *l, struct bx *r, int location,
                 struct bx **out, struct err *e);
struct bx *eng__const(struct mem_ctx *ctx, const struct sql_value *v, int32_t typmod);
bool eng__bx_equal(const struct bx *a, const struct bx *b);
/* PostgreSQL's select_common_type: what = "CASE", "COALESCE", "UNION"... */
int eng__common_type(struct bx **xs, int n, const char *what, uint32_t *type, struct err *e);
/* Record an error position (byte offset in the query text). */
void eng__set_error_location(int location);
/* Set e (code, SQLSTATE state, message) and the error position location
 * (< 0: none); returns code. The binder's and planner's error helper. */
int eng__err(struct err *e, int location, int code, const char *state, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Default output column name of a target (FigureColname). */
const char *eng__figure_colname(const struct sql_expr *x);
/* Walk: calls fn on every node (pre-order); stops when fn returns true. */
bool eng__bx_walk(struct bx *x, bool (*fn)(struct bx *x, void *arg), void *arg);
bool eng__bx_is_const(const struct bx *x);

/* bind_row.c: x when it compares row constructors (=, <, IS DISTINCT FROM,
 * IS NULL, IN, multi-column sublinks): 0 bound, 1 not a row construct. */
int eng__bind_row(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                  struct err *e);

/* exec_sqlfunc.c: user-defined SQL functions (sqlfn.h). Each returns 1
 * when no user function fits (the caller's own error stands).
 * param_ref: an unknown column `x` / `fname.x` while a function body is
 * planned, bound as that input parameter. bind_call: name(args) in an
 * expression. bind_qualified: schema.name(...) outside pg_catalog/public.
 * bind_srf: a call in FROM (or a set-returning one in a select list) as a
 * PN_SERIES srf 3 / 4 leaf: *coltypes / *colnames its columns (names NULL:
 * the function's name), allocated in plan memory. exists / is_setof: is
 * there a user function of that name (returning a set)? */
int eng__sqlfn_param_ref(struct binder *b, struct scope *s, const struct sql_expr *x,
                         struct bx **out, struct err *e);
int eng__sqlfn_bind_call(struct binder *b, struct scope *s, const struct sql_expr *x,
                         struct bx **args, int n, struct bx **out, struct err *e);
int eng__sqlfn_bind_qualified(struct binder *b, struct scope *s, const struct sql_expr *x,
                              struct bx **out, struct err *e);
int eng__sqlfn_bind_srf(struct binder *b, struct scope *s, const struct sql_expr *call,
                        bool ordinality, struct pnode *p, uint32_t **coltypes,
                        const char ***colnames, int *ncols, struct err *e);
bool eng__sqlfn_exists(struct binder *b, const struct sql_expr *x);
/* 'name'::regproc naming a user function: *out its oid (regproc); 1 when
 * no user function has that name; 42725 when several do. */
int eng__sqlfn_regproc_in(struct binder *b, const char *s, size_t len, struct sql_value *out,
                          struct err *e);
bool eng__sqlfn_is_setof(struct binder *b, const struct sql_expr *x);
bool eng__expr_has_srf(struct binder *b, const struct sql_expr *x);

/* bind_srf.c: a set-returning function call in a select list (s->allow_srfs):
 * 0 bound (a column of its hidden rte), 1 not one; the PN_PROJSET over p. */
int eng__bind_srf(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                  struct err *e);
/* Records of these typmods (shapes) compared: 42804 when they differ
 * (bind_srf.c); comparison operators on record values (bind_record.c), 1
 * when l op r is not one. */
int eng__record_shapes_check(int32_t ltypmod, int32_t rtypmod, struct err *e);
int eng__record_op(struct binder *b, const char *op, struct bx *l, struct bx *r, int location,
                   struct bx **out, struct err *e);
/* bind_assign.c: assignment to part of column col, the target's indirection
 * ind (SET a[i] = v, a[lo:hi] = arr, c.f = v, c.f.g[i] = v, and INSERT's
 * (a[i], c.f) column lists): the column's new value from base (its current
 * value, a previous assignment's to the same column, or NULL of its type
 * for INSERT) and val, bound but not yet coerced; location the target's,
 * base_location the column reference's (-1 for INSERT's NULL base). Errors
 * are PostgreSQL's transformAssignmentIndirection ones (42703, 42804). */
int eng__bind_assign_indir(struct binder *b, struct scope *s, const struct sql_col_desc *col,
                           struct bx *base, const struct sql_list *ind, struct bx *val,
                           int location, int base_location, struct bx **out, struct err *e);
/* x is such an assignment (a later one to the same column chains onto it). */
bool eng__is_assign_indir(const struct bx *x);
/* jsonb subscripting (bind_jsonb.c): path[i..j) of a jsonb container read
 * (sf_jsonb_subscript), or bound for an assignment and the assignment call
 * (sf_jsonb_assign). */
int eng__bind_jsonb_subscript(struct binder *b, struct scope *s, struct bx *arg,
                              const struct sql_list *path, int i, int j, int location,
                              struct bx **out, struct err *e);
int eng__bind_jsonb_assign_subs(struct binder *b, struct scope *s, const struct sql_list *path,
                                int i, int j, struct bx ***subs, struct err *e);
struct bx *eng__jsonb_assign_call(struct binder *b, struct bx *base, struct bx *val,
                                  struct bx **subs, int nsubs, int location);
bool eng__is_jsonb_assign(const struct bx *x);
/* json[b]_build_object / _array(VARIADIC arr) (bind_jsonb.c); 1 when name
 * is not one of those. */
int eng__bind_json_variadic(struct binder *b, const char *name, struct bx **args, int n,
                            int location, struct bx **out, struct err *e);
struct srf_cols;
int eng__plan_projset(struct binder *b, struct scope *s, bool grouped, struct srf_cols *cols,
                      struct pnode **p, struct err *e);
/* ... in a grouped or windowed query: the references to the SRFs' columns
 * (targets tl and the SRFs' arguments), before grouping rewrites them; the
 * SRFs' arguments over the grouped row. */
int eng__srf_collect(struct binder *b, struct scope *s, struct bx **tl, int ntl, struct bx **groups,
                     int ngroups, struct srf_cols **out, struct err *e);
int eng__srf_regroup(struct binder *b, struct scope *s, struct bx **groups, int ngroups,
                     struct err *e);
int eng__regroup_srf(struct binder *b, struct bx **groups, int ngroups, int srf_lo, int srf_hi,
                     struct bx *x, struct bx **out, struct err *e);
/* bind_fromfunc.c: a function in FROM without a scan of its own into p
 * (srf 4); its columns' names, types and typmods (allocated in the
 * binder's ctx). defs: its column definition list, or NULL. */
/* A value of type from may stand for one of type to in a record a column
 * definition list describes (PostgreSQL's IsBinaryCoercible, for the
 * string types; unknown literals too). */
bool eng__binary_coercible(uint32_t from, uint32_t to);
int eng__bind_from_call(struct binder *b, struct scope *s, const struct sql_expr *call,
                        const struct sql_list *defs, struct pnode *p, const char ***names,
                        uint32_t **types, int32_t **typmods, int *ncols, struct err *e);
int eng__srf_leaf(struct binder *b, struct scope *s, const struct sql_expr *call,
                  struct pnode **plan, int *rte, struct err *e);
/* (arg).field of a record; the name of a record's field i (EXPLAIN). */
int eng__bind_fieldsel(struct binder *b, struct bx *arg, const char *field, int location,
                       struct bx **out, struct err *e);
const char *eng__record_field_name(const struct bx *rec, int i);
/* The typmod of a record of these fields; typoid: its named composite type
 * (a table's row type) or 0. */
int32_t eng__record_typmod(int n, const char *const *names, const uint32_t *types, uint32_t typoid);
/* bind_ctype.c: x cast to the composite type of record shape typmod
 * (ROW(...)::t, 'literal'::t, a record of that type). */
int eng__bind_ctype_cast(struct binder *b, struct bx *x, int32_t typmod, int location,
                         struct bx **out, struct err *e);
/* As eng__bind_ctype_cast, the fields coerced in context cc (PostgreSQL's
 * coerce_record_to_complex passes the cast's context on). */
int eng__bind_ctype_cast_cc(struct binder *b, struct bx *x, int32_t typmod, int location,
                            enum coerce_ctx cc, struct bx **out, struct err *e);
/* bind_wholerow.c: a whole-row reference (`t`, `t.*` in an expression):
 * 0 bound, 1 not one; the fields of (expr).* in a select list. */
int eng__bind_wholerow(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                       struct err *e);
int eng__bind_fieldstar(struct binder *b, struct scope *s, const struct sql_expr *v,
                        struct bx ***xs, const char ***names, int *n, struct err *e);
/* Column c of rte r found `level` query levels up (a view's column: its
 * expression, eng__view_colref). */
struct bx *eng__rte_colref(struct binder *b, const struct rte *r, int c, int level, int location);
/* The FROM item visible as [schema.]rel from scope s (alias_hidden ones
 * skipped), *level query levels up, in *out (NULL when none), as
 * PostgreSQL's refnameNamespaceItem: the nearest level that has one; two
 * there are 42P09 "table reference ... is ambiguous". With a schema only a
 * table or view named without an alias, of that schema, matches. */
int eng__scope_rel(struct scope *s, const char *schema, const char *rel, int location,
                   const struct rte **out, int *level, struct err *e);
/* An int2vector / oidvector (or a catalog column holding one as text) as
 * an int2[] / oid[] (lower bound 0, as PostgreSQL's vectors). */
struct bx *eng__vector_array(struct binder *b, struct bx *a, int location);
/* bind_select.c */
struct tlist {
    struct bx **x;
    const char **names;
    int n, cap;
};
/* Bind a target list (expanding * and t.*), names as PostgreSQL picks them. */
int eng__bind_targets(struct binder *b, struct scope *s, const struct sql_list *targets,
                      struct tlist *tl, struct err *e);
int eng__plan_select(struct binder *b, struct scope *parent, const struct sql_select *sel,
                     struct pnode **out, struct sql_column **cols, int *ncols, struct err *e);
/* Scope for rowexprs and DML: one base table at offset 0. */
struct scope *eng__table_scope(struct binder *b, const struct sql_table_desc *t, const char *alias);
const struct sql_table_desc *eng__copy_table(struct mem_ctx *ctx, const struct sql_table_desc *t);
int eng__lookup_table(struct binder *b, const struct sql_rangevar *rv, bool allow_vtab,
                      const struct sql_table_desc **t, const struct sql_vtab **vt, struct err *e);
/* Table lock mode (enum kv_tlock_mode) on *t, a relation rv named and
 * eng__lookup_table found. When taking it had to wait (or DDL committed on
 * this node since binding started), the name is looked up again (what committed meanwhile:
 * sql_cat_after_wait) and *t replaced, locking the relation it names now, as PostgreSQL's
 * RangeVarGetRelidExtended: a dropped or renamed table is 42P01, an altered
 * or truncated one is seen as it is now. */
int eng__lock_rel(struct binder *b, const struct sql_rangevar *rv, bool allow_vtab, int mode,
                  const struct sql_table_desc **t, struct err *e);

/* bind_window.c: a call with OVER; the SELECT's WINDOW clause checks; the
 * window nodes placed over p (after grouping, before the projection), which
 * turn every BX_WINDOW of this level into a BX_COL of their output; okeys:
 * the query's ORDER BY expressions (PostgreSQL orders the windows by them). */
int eng__bind_window_call(struct binder *b, struct scope *s, const struct sql_expr *x,
                          struct bx **out, struct err *e);
int eng__check_windows(struct binder *b, struct scope *s, const struct sql_list *windows,
                       struct err *e);
int eng__plan_windows(struct binder *b, struct scope *s, bool grouped, struct bx **groups,
                      int ngroups, struct bx **okeys, int nokeys, struct pnode **p, struct err *e);
bool eng__win_walk(struct bx *x, bool (*fn)(struct bx *x, void *arg), void *arg);
/* bind_grouping.c: one aggregation per grouping set of gsets (struct
 * sql_gset *) over in, appended, each in the layout [groups, aggregates]
 * with NULL for the keys outside its set; grefs[i]: the select-list item
 * group i names (-1: none), keys of equal expressions naming different
 * items being different keys. */
struct pnode *eng__plan_gsets(struct binder *b, struct pnode *in, const struct sql_list *gsets,
                              struct bx **groups, const int *grefs, int ng, struct bx_aggref **aggs,
                              int naggs);
/* bind_grouping.c: GROUPING(a, b) is bound as an aggregate of this def
 * (0 under a plain GROUP BY; each grouping set projects its own bit mask);
 * its arguments are checked against the level's group keys (42803) once
 * they are bound; GROUP BY DISTINCT: the sets without duplicates. */
extern const struct sql_agg_def eng__grouping_def;
int eng__bind_grouping(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                       struct err *e);
int eng__check_grouping(struct scope *s, struct bx **groups, int ng, struct err *e);
/* bind_srf.c: *pre when the group keys read set-returning functions: then
 * every SRF of the level runs below the aggregation (PostgreSQL's ProjectSet
 * under the Agg; 0A000 when others would have to run above it). */
int eng__srf_pre_agg(struct binder *b, struct scope *s, struct bx **groups, int ng,
                     const char *what, bool *pre, struct err *e);
/* bind_window.c: the same for the window definitions' PARTITION BY / ORDER
 * BY (the SRFs run below the window functions; 0A000 in a grouped query). */
int eng__srf_pre_window(struct binder *b, struct scope *s, bool grouped, bool *pre, struct err *e);
/* bind_upref.c: a JOIN's ON clause (bound with s->nuprefs == ulo before it)
 * may read only the join's own slots [lo, hi): 42P01 "invalid reference to
 * FROM-clause entry" for an earlier FROM item, as PostgreSQL. */
int eng__lateral_on_check(struct scope *s, struct bx *on, int ulo, int lo, int hi, struct err *e);
/* bind_fundep.c: columns of xs / having (and of the level's sublinks'
 * outer references) whose table's primary key is grouped become extra
 * group keys appended to *groups (PostgreSQL's functional dependency);
 * gsets (NULL: plain GROUP BY): only keys of every set count, and *gsets
 * is replaced by sets that hold the extra keys too. */
int eng__fundep_groups(struct binder *b, struct scope *s, struct bx ***groups, int *ng,
                       const struct sql_list **gsets, struct bx **xs, int nx, struct bx *having,
                       struct err *e);
bool eng__grouping_args_equal(const struct bx_aggref *x, const struct bx_aggref *y);
const struct sql_list *eng__gsets_distinct(struct binder *b, const struct sql_list *gsets,
                                           struct bx **groups, int ng);
/* bind_ordset.c: a call with WITHIN GROUP, or of an ordered-set aggregate
 * (percentile_cont, percentile_disc, mode) without it. */
bool eng__ordset_call(const struct sql_expr *x);
int eng__bind_ordset(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                     struct err *e);
int eng__ordset_check_const(struct scope *s, struct err *e);
/* bind_ordset.c: direct arguments read only the level's group keys (42803
 * with PostgreSQL's DETAIL); they are evaluated per input row, where those
 * keys hold the group's values. */
int eng__ordset_check_direct(struct binder *b, struct scope *s, struct bx **groups, int ng,
                             struct err *e);
/* bind_ordset.c: the aggregates of one grouping set: direct arguments with
 * the keys outside the set (nullg) read as NULL, as over PostgreSQL's
 * grouped row. aggs itself when none changes. */
struct bx_aggref **eng__ordset_for_set(struct binder *b, struct bx_aggref **aggs, int naggs,
                                       struct bx **nullg, int nnullg);
/* exec_ties.c: FETCH ... WITH TIES: make the PN_LIMIT l (over in) keep
 * the ties of its last row (0A000 when no sort is found below it); the
 * executor's side of PN_LIMIT with ties. */
int eng__plan_ties(struct binder *b, struct pnode *l, const struct sql_expr *count, struct err *e);
struct xnode;
int eng__limit_ties_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* bind_select.c: an expression over the grouped row [group keys, aggregates]. */
int eng__regroup_expr(struct binder *b, struct bx **groups, int ngroups, struct bx *x,
                      struct bx **out, struct err *e);
/* bind_select.c: x with each of the group keys nullg replaced by NULL. */
int eng__regroup_nullify(struct binder *b, struct bx **nullg, int nnullg, struct bx *x,
                         struct bx **out, struct err *e);
/* bind_cte.c: WITH of a SELECT. Push its queries on b->ctes (checking the
 * recursive ones); the caller restores b->ctes to *saved afterwards. */
int eng__with_push(struct binder *b, struct scope *parent, const struct sql_with *w,
                   struct cte_ref **saved, struct err *e);
/* bind_cte.c: whether r (just pushed, WITH RECURSIVE) references itself,
 * checking its form; r->rec_state ends CTE_PLAIN or CTE_RECURSIVE. */
int eng__cte_analyze(struct binder *b, struct scope *parent, struct cte_ref *r, struct err *e);
/* bind_search.c: r's SEARCH / CYCLE clauses checked (PostgreSQL's errors)
 * and r->cte replaced by the rewritten query (allocated in b->ctx), then
 * analysed as eng__cte_analyze does; recursive: WITH RECURSIVE. */
int eng__cte_search_cycle(struct binder *b, struct scope *parent, struct cte_ref *r, bool recursive,
                          struct err *e);
/* bind_dmlcte.c: plan data-modifying WITH query r->cte (r not yet on
 * b->ctes) into b->dml; a reference to it; 0A000 when a WITH inside
 * plain WITH query q holds a data-modifying statement. */
int eng__dml_cte_plan(struct binder *b, struct cte_ref *r, bool recursive, struct err *e);
int eng__dml_cte_ref(struct binder *b, struct cte_ref *c, int location, struct pnode **out,
                     struct sql_column **cols, int *ncols, struct err *e);
int eng__dml_nested_check(const struct sql_select *q, struct err *e);
/* Which of b->dml the main query does not read (directly or through
 * another): PostgreSQL runs those after the main query. */
bool *eng__dml_after(struct binder *b);
/* A reference in scope s to a WITH RECURSIVE query (rec_state != CTE_PLAIN):
 * its plan (width ncols) and output columns. */
/* bind_cte.c: whether name is a later item of the non-recursive WITH whose
 * query is being planned (b->in_cte): PostgreSQL's isFutureCTE. */
bool eng__future_cte(const struct binder *b, const char *name);
/* After planning a reference from scope s at location to plain WITH query
 * c as subquery sq (PN_SUBQ), whose body bound a volatile function when vol
 * and read enclosing levels when corr: a query PostgreSQL materializes
 * (MATERIALIZED, volatile, or referenced twice and not NOT MATERIALIZED)
 * reads its statement-wide store (sq's child becomes a PN_CTESCAN); a
 * volatile one reading enclosing levels stays inlined, 0A000 once it has
 * two references or one inside a sublink. */
int eng__cte_plain_ref(struct binder *b, const struct scope *s, struct cte_ref *c, int location,
                       bool vol, bool corr, struct pnode *sq, struct err *e);
int eng__plan_cte_ref(struct binder *b, struct scope *s, struct cte_ref *c, int location,
                      struct pnode **out, struct sql_column **cols, int *ncols, struct err *e);
/* bind_view.c: note a relation (attnum 0) or column the query uses
 * (CREATE VIEW); expand view t named by rv in FROM: its query and the alias
 * (view name or rv's alias, the view's column names) to bind it under, with
 * b->view_depth raised (the caller lowers it after binding). */
void eng__view_note(struct binder *b, uint32_t oid, int16_t attnum);
int eng__view_expand(struct binder *b, const struct sql_table_desc *t,
                     const struct sql_rangevar *rv, const struct sql_select **q,
                     struct sql_alias **alias, struct err *e);
int sql__view_corrupt(struct err *e, const struct sql_table_desc *t);
/* The expanded query of view t yields ncols columns: XX000 unless that is
 * the view's column count (a view never changes its columns). */
int eng__view_check(const struct sql_table_desc *t, int ncols, struct err *e);
/* CREATE VIEW stores its query with every column reference qualified and
 * every * expanded, as PostgreSQL's view definitions show them: the binder
 * reports an unqualified reference x resolved in rte alias, and the start
 * of each target i of a target list (i == targets->n: the end) with tl. */
void eng__view_qualify(struct binder *b, const struct sql_expr *x, const char *alias);
/* ... and the schema a relation named without one was found in. */
void eng__view_relation(struct binder *b, const struct sql_rangevar *rv, const char *schema);
void eng__view_target(struct binder *b, const struct sql_list *targets, int i,
                      const struct tlist *tl);

/* bind_viewdml.c: INSERT / UPDATE / DELETE on an automatically updatable
 * view (PostgreSQL's rewriteTargetView). The view v named by rv is
 * resolved down to its base table: *st_out is st with the view's column
 * names replaced by the base table's (INSERT column list, UPDATE SET
 * targets) and b->vdml describes the view (55000 when the view is not
 * automatically updatable, 0A000 for a column that cannot be written). */
struct eng_wco {
    struct bx *qual; /* over the base table's row */
    const char *view;
};
struct eng_view_dml {
    const struct sql_table_desc *view, *base;
    struct scope *scope;      /* the view's columns (rte 0) over the base row */
    struct scope *base_scope; /* the base table alone */
    struct bx *quals;         /* UPDATE/DELETE: the views' WHERE clauses, or NULL */
    struct eng_wco *wcos;
    int nwcos;
    const char **vdef; /* per base column: the view column default (ALTER VIEW), or NULL */
    int *basepos;      /* per view column: the base column it is, or -1 */
};
int eng__view_dml(struct binder *b, const struct sql_stmt *st, const struct sql_table_desc *v,
                  const struct sql_stmt **st_out, struct err *e);
/* INSERT ... ON CONFLICT on view v: the parse-time checks of its clause
 * (42704 ON CONSTRAINT, 42703 unknown columns), before eng__view_dml. */
int eng__view_on_conflict_check(struct binder *b, const struct sql_stmt *st,
                                const struct sql_table_desc *v, struct err *e);
/* After eng__view_dml: *st_out is st with the ON CONFLICT target columns
 * and DO UPDATE SET targets renamed to the base table's (42P10 / 0A000
 * for a view column that is not a base column). */
int eng__view_on_conflict(struct binder *b, const struct sql_stmt *st,
                          const struct sql_stmt **st_out, struct err *e);
/* The view's column expressions (b->vdml) over a base row at slot off (the
 * EXCLUDED row of ON CONFLICT DO UPDATE); an entry that cannot move is NULL. */
struct bx **eng__view_exprs_at(struct binder *b, int off);
/* The view column default that replaces base column pos's (NULL: none). */
int eng__view_default(struct binder *b, const struct sql_table_desc *t, int pos, struct bx **out,
                      struct err *e);
/* The column reference for column c of rte r when r->vexprs is set. */
struct bx *eng__view_colref(struct binder *b, const struct rte *r, int c, int level, int location);
/* Check options of modify node p on a new base-table row: 44000. */
struct xrt;
int eng__view_wco_check(struct xrt *rt, const struct pnode *p, const struct sql_value *row,
                        struct mem_ctx *mem, struct err *e);

/* plan_scan.c: choose an access path for quals (conjuncts over rte `ri`),
 * taking those the span implements; the rest become the scan's filter. */
int eng__plan_scan(struct binder *b, struct scope *s, int ri, const struct sql_table_desc *t,
                   struct bx **quals, int nquals, int outer_lo, int outer_hi, struct pnode **out,
                   struct err *e);
/* plan_idxexpr.c: an index text (key expression; is_check: predicate)
 * compiled over a scope of t alone as the index build compiles it, its
 * columns moved to the table's slots from off; NULL when it cannot be used
 * (fails, or holds a subquery, aggregate, window function or, is_check, an
 * error node). */
struct bx *eng__idx_text_bx(struct binder *b, const struct sql_table_desc *t, const char *text,
                            bool is_check, int off);
/* plan_idxexpr.c: expression key column j of index ip of t compiled as the
 * index build compiles it, its columns at the table's slots from off; NULL
 * when it cannot be used. */
struct bx *eng__idx_expr_bx(struct binder *b, const struct sql_table_desc *t, int ip, int j,
                            int off);
/* plan_inlist.c: q as an IN list (*vals, *nvals) or = ANY (*arr) on *key;
 * the EXPLAIN form of its index condition; the run-time key values of scan
 * p (converted to coltype, sorted in index order, distinct) in c->mem. */
bool eng__inlist_split(struct mem_ctx *ctx, struct bx *q, struct bx **key, struct bx ***vals,
                       int *nvals, struct bx **arr);
struct bx *eng__inlist_disp(struct mem_ctx *ctx, struct bx *q, struct bx *key, struct bx **vals,
                            int nvals);
struct ectx;
int eng__inlist_keys(const struct ectx *c, const struct pnode *p, uint32_t coltype, bool desc,
                     struct sql_value **out, int *n, struct err *e);
/* plan_idxpred.c: the predicate of partial index ip compiled over the
 * table's slots from off (NULL when none or unusable); is it implied by the
 * conjuncts quals (true for a full index)? drop[i] (when not NULL) is set
 * for quals equal to a predicate conjunct (the index implies them). */
struct bx *eng__idx_pred_bx(struct binder *b, const struct sql_table_desc *t, int ip, int off);
bool eng__idx_pred_implied(struct binder *b, const struct sql_table_desc *t, int ip, int off,
                           struct bx **quals, int nq, bool *drop);
/* plan_idxonly.c: make the index scan under a query level's top p an
 * index-only scan when the level reads only columns its index entries hold. */
void eng__index_only(struct mem_ctx *m, struct pnode *p);
/* ... and the inner scan of a SEMI/ANTI join j (only the join reads it). */
void eng__index_only_semi(struct pnode *j);
/* plan_idxorder.c: drop the Sort under a query level's top LIMIT p when an
 * index of its one scan gives that order (the scan walks the index). */
void eng__index_order(struct binder *b, struct pnode *p);
/* Split a boolean expression into its AND conjuncts (appends). */
void eng__conjuncts(struct mem_ctx *ctx, struct bx *x, struct bx ***list, int *n, int *cap);
struct bx *eng__and_list(struct mem_ctx *ctx, struct bx **xs, int n);
/* Which level-0 slots does x use: returns false when it uses outer levels,
 * sublinks or volatile functions that forbid moving it; lo and hi: the slot range. */
void eng__bx_slots(const struct bx *x, int *lo, int *hi, bool *outer);

/* plan_sublink.c: EXISTS / NOT EXISTS / x IN (SELECT ...) conjuncts of the
 * WHERE of a level with FROM items (or of an INNER JOIN's ON) pulled up
 * into semi and anti joins, as PostgreSQL's pull_up_sublinks.
 * eng__pullup_where binds the convertible ones (their FROM items get slots
 * of s; lo >= 0: they may reference only the level's slots [lo, hi)) and
 * returns the qual to bind, those conjuncts TRUE (or the conjuncts of an
 * EXISTS query's WHERE moved up to the level); eng__pullup_attach joins
 * them over the tree root (hidden from name lookup). bind_select.c's join
 * tree helpers. eng__pullup_simple: q's shape allows a pull-up;
 * eng__ast_conjuncts / eng__ast_and split and join AND trees. */
struct eng_pullup;
struct jt;
const struct sql_expr *eng__pullup_where(struct binder *b, struct scope *s,
                                         const struct sql_expr *where, int lo, int hi,
                                         struct eng_pullup **out);
struct jt *eng__pullup_attach(struct binder *b, struct scope *s, struct eng_pullup *pu,
                              struct jt *root);
int eng__jt_from_item(struct binder *b, struct scope *s, const struct sql_from *f, struct jt **out,
                      struct err *e);
bool eng__jt_is_table(const struct jt *j);
bool eng__pullup_simple(const struct sql_select *q, bool exists);
void eng__ast_conjuncts(struct binder *b, struct sql_expr *x, struct sql_expr ***list, int *n);
struct sql_expr *eng__ast_and(struct binder *b, struct sql_expr **xs, int n, int location);
/* plan_exhash.c: a correlated EXISTS (q) bound in a WHERE or JOIN ON whose
 * only correlation is `inner = outer` conjuncts of q's WHERE gets r's
 * u.sub.alt, the uncorrelated form run once and hashed (exec_subhash.c). */
void eng__exists_alt(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx *r);
/* Values of types a and b compare by sql_value_cmp as their `=` does. */
bool eng__exhash_compat(uint32_t a, uint32_t b);
struct jt *eng__jt_join(struct binder *b, struct jt *l, struct jt *r, enum sql_join_type type,
                        struct bx *on);
void eng__jt_shift_rtes(struct jt *j, int shift);

/* plan_dml.c */
int eng__plan_insert(struct binder *b, const struct sql_stmt *st, struct sql_plan *p,
                     struct err *e);
int eng__plan_update(struct binder *b, const struct sql_stmt *st, struct sql_plan *p,
                     struct err *e);
int eng__plan_delete(struct binder *b, const struct sql_stmt *st, struct sql_plan *p,
                     struct err *e);
/* Compile a column default / check text against a table scope. */
int eng__compile_text(struct binder *b, struct scope *s, const char *sql, uint32_t want_type,
                      int32_t want_typmod, bool is_check, struct bx **out, struct err *e);

/* explain.c */
int eng__explain(struct binder *b, const struct pnode *root, struct sql_plan *p, struct err *e);
void eng__deparse_bx(const struct bx *x, const struct pnode *ctxnode, struct sbuf *out);

/* ---- execution ---- */

struct subcache {
    bool done;
    struct sql_value v;     /* EXPR/EXISTS result */
    struct sql_value *vals; /* ANY/ALL: the rows' first column */
    size_t n;
    /* exec_subhash.c: vals sorted for a binary search per row (fast: 0 not
     * yet decided, 1 usable, -1 the comparison does not allow it) */
    int fast;
    struct sql_value *sorted;
    size_t nsorted;
    bool sub_null; /* vals holds a NULL */
    /* a hashed EXISTS alternative (exec_subhash.c): correlated runs so far
     * and how many before switching; its rows (nhkeys values each, no
     * NULLs) sorted */
    long runs, limit;
    void *hrows; /* struct hrow[nrows] (exec_subhash.c) */
    size_t nrows;
    /* (l1, ..., lk) = ANY / <> ALL: hrows the rows without NULLs, prows
     * those with some; lhs the lj */
    void *prows;
    size_t nprows;
    const struct bx **lhs;
};
/* exec_subhash.c: x = ANY / x <> ALL (uncorrelated SubPlan) by a binary
 * search of the cached values; false when this sublink cannot use it. */
bool eng__sub_lookup(const struct ectx *x, const struct bx *b, struct subcache *c,
                     struct sql_value *out, int *rc, struct err *e);
/* exec_subhash.c: a correlated EXISTS b answered from its hashed
 * alternative (u.sub.alt); false when the correlated plan is to run. */
bool eng__exists_hashed(const struct ectx *x, const struct bx *b, struct sql_value *out, int *rc,
                        struct err *e);

struct xrt {
    struct sql_env *env;
    const struct sql_value *params;
    size_t nparams;
    struct mem_ctx *ctx; /* cursor memory */
    struct subcache *caches;
    int ncaches;
    void **fcache; /* per call site, shared with subplans */
    int nfcache;
    const struct ectx *outer; /* subplans: the evaluating context */
    unsigned tick;
    /* EXPLAIN ANALYZE: count rows and loops per node (timing: and time);
     * every node opened is listed in all[]. */
    bool instrument, timing;
    struct xnode **all;
    int nall, capall;
    /* data-modifying WITH: the RETURNING rows of sql_plan.dml[i] */
    struct sql_value ***dml_rows;
    size_t *dml_n;
    struct eng_mats *mats; /* materialized WITH queries' stores (exec_ctescan.c) */
};

struct ectx {
    struct xrt *rt;
    const struct sql_value *row;
    const struct ectx *outer;
    struct mem_ctx *mem;
    const struct sql_value *subval;
};

/* expr_eval.c */
int eng__eval(const struct ectx *x, const struct bx *b, struct sql_value *out, struct err *e);
/* Evaluate a qual: *ok true only when the result is TRUE. */
int eng__eval_qual(const struct ectx *x, const struct bx *b, bool *ok, struct err *e);
int eng__tick(struct xrt *rt, struct err *e);
/* A qual with a constant FALSE or NULL conjunct (after folding): PostgreSQL
 * makes it a One-Time Filter, so the rows under it are never read (and
 * their expressions never raise errors). NULL qual: false. */
bool eng__qual_never_true(const struct bx *q);

/* ---- hash tables of value tuples (exec_hash.c) ---- */

struct vh_entry {
    struct vh_entry *next;  /* bucket chain */
    struct vh_entry *inext; /* insertion order */
    uint64_t h;
    struct sql_value *keys;
    void *payload;
    int64_t count; /* set operations: rows seen on the left / right */
    int64_t count2;
    bool matched;
};

struct vhash {
    struct mem_ctx *ctx;
    struct vh_entry **buckets;
    size_t nb, n;
    int nkeys;
    struct vh_entry *first, *last;
};

void eng__vh_init(struct vhash *h, struct mem_ctx *ctx, int nkeys);
uint64_t eng__vh_hash(const struct sql_value *keys, int nkeys);
/* Find an entry with equal keys (NULLs equal NULLs), starting after `from`
 * (NULL: the first). */
struct vh_entry *eng__vh_find(struct vhash *h, const struct sql_value *keys, uint64_t hv,
                              struct vh_entry *from);
/* Add an entry (keys copied into the table's memory). */
struct vh_entry *eng__vh_add(struct vhash *h, const struct sql_value *keys, uint64_t hv);
bool eng__keys_equal(const struct sql_value *a, const struct sql_value *b, int n);

/* ---- execution nodes ---- */

struct xnode {
    const struct pnode *p;
    struct xrt *rt;
    struct xnode *l, *r;
    struct mem_ctx *ctx;           /* node memory, lives with the cursor */
    struct mem_ctx *rowctx;        /* reset for every output row */
    struct sql_value *row;         /* output buffer of p->width values */
    const struct sql_value *param; /* rescan parameter (index nested loop) */
    bool started, done;
    union {
        struct {
            struct sql_tbl_scan *scan;
            struct mem_ctx *scanctx;
            struct sql_value *tmp; /* t->ncols */
            bool empty;
            struct sql_value *in_keys; /* IN list: the spans' values, in index order */
            int in_n, in_i;
            /* secondary index scan feeding a Sort (exec_sort.c): rows
             * buffered and returned in primary key order, as PostgreSQL's
             * seq and bitmap heap scans return heap order (exec_scan.c) */
            bool pk_order, buffered;
            struct mem_ctx *bufctx;
            struct sql_value **buf;
            size_t nbuf, ibuf;
        } scan;
        struct {
            struct sql_value **rows;
            size_t n, i;
        } mat; /* vtab, sort output, NL join inner */
        struct {
            int i;
        } values;
        struct {
            struct sql_value cur, stop, step;
            bool desc;
        } series;
        struct {
            const struct sql_value *lrow;
            bool lmatched;
            struct sql_value **rrows; /* NL: materialized right side */
            size_t nr, ri;
            struct vhash h; /* HASH: right rows by key */
            struct vh_entry *cand;
            struct sql_value *lkeys;
            uint64_t lh;
            bool built;
            bool rdone;             /* inner exhausted for the current left row */
            struct mem_ctx *keyctx; /* the left row's key values, reset per left row */
            bool *rmatched;         /* NL RIGHT/FULL: inner rows that found a match */
            bool inner_phase;       /* RIGHT/FULL: emitting the unmatched inner rows */
            struct vh_entry *uit;   /* HASH: next entry to test in the inner phase */
            size_t ui;              /* NL: next row to test in the inner phase */
            struct xrt *lrt;        /* LATERAL: the runtime whose outer row is the left row */
            struct ectx lect;       /* that outer row */
            struct mem_ctx *latctx; /* the right side opened for the current left row */
            struct xnode *rx;
        } join;
        struct {
            struct vhash h;
            struct vh_entry *it;
            void **states;
        } agg;
        struct {
            struct vhash h;
            struct sql_value *keys; /* DISTINCT ON: the key values of the current row */
        } distinct;
        struct {
            int64_t limit, offset, seen;
            struct sql_value *last; /* WITH TIES: the last row's sort key values */
        } limit;
        struct {
            struct vhash h;
            struct vh_entry *it;
            int phase;
        } setop;
        struct {
            struct win_state *st;
        } window;
        struct {
            struct xrec *owner; /* the PN_RECUNION state holding the working table */
            size_t i;
        } wtab;
        struct {
            struct xrec *st;
        } rec;
        struct {
            struct merge_state *st;
        } merge; /* JOIN_MERGE (exec_merge.c) */
        struct {
            struct xnode **srfs;
            struct sql_value **vals; /* per SRF: its rows' values for the current input row */
            size_t *n, k, nmax;
            const struct sql_value *in;
            struct mem_ctx *setctx; /* the sets of the current input row */
        } projset;
    } u;
    /* EXPLAIN ANALYZE instrumentation (rt->instrument): rows returned,
     * loops started, rows a filter or join filter removed, and time spent
     * (total, and until the first row) in ns. */
    uint64_t ins_rows, ins_loops, ins_removed;
    int64_t ins_ns, ins_first_ns;
    bool ins_running, ins_first_seen;
};

/* exec.c */
int eng__xopen(struct xrt *rt, const struct pnode *p, struct mem_ctx *ctx, struct xnode **out,
               struct err *e);
int eng__xnext(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* Restart from the beginning; outer: the row that parameterizes an inner
 * index scan (NULL otherwise). */
int eng__xrescan(struct xnode *x, const struct sql_value *outer, struct err *e);
/* Run a subplan to completion for a sublink. */
int eng__run_sublink(const struct ectx *x, const struct bx *b, struct sql_value *out,
                     struct err *e);

/* exec_window.c */
int eng__window_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* explain.c: the text of EXPLAIN ANALYZE after the run, from the
 * instrumented nodes (rt->all) and the statement's counters. */
int eng__explain_analyze(struct mem_ctx *ctx, const struct sql_fmt *fmt, const struct sql_plan *p,
                         struct xnode *const *all, int nall, const struct sql_value *params,
                         size_t nparams, uint64_t modified, double exec_ms, char ***lines, int *n);
/* explain.c: the text of EXPLAIN with the statement's parameters bound to
 * params (shown as constants, as a custom plan has them). */
int eng__explain_params(struct mem_ctx *ctx, const struct sql_fmt *fmt, const struct sql_plan *p,
                        const struct sql_value *params, size_t nparams, char ***lines, int *n);
/* exec_fromfunc.c: PN_SERIES srf 4 and 5 */
int eng__fromfunc_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* exec_projset.c */
int eng__projset_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* exec_recursive.c */
int eng__rec_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
int eng__wtab_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* exec_dmlcte.c: data-modifying WITH. Scan a query's RETURNING rows; run
 * every query of p->dml (once, in order) keeping their rows in rt. */
int eng__dmlscan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* exec_ctescan.c: the stores of a cursor's n materialized WITH queries
 * (NULL when n is 0), in ctx; a reader's next row (PN_CTESCAN). */
struct eng_mats *eng__mats_new(const struct xrt *rt, int n, struct mem_ctx *ctx);
int eng__ctescan_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* Empty store id (a sublink owning it runs again). */
void eng__mats_reset(struct eng_mats *ms, int id);
/* bind_cte.c: around binding a sublink's query q: push q, and after it
 * the ids of the stores q owns onto sublink r (u.sub.mat_reset). */
void eng__cte_sublink_push(struct binder *b, const struct sql_select *q);
void eng__cte_sublink_pop(struct binder *b, struct bx *r, int mlo);
int eng__dml_ctes_run(struct xrt *rt, const struct sql_plan *p, bool after, struct mem_ctx *ctx,
                      struct err *e);

/* exec_merge.c: merge join (PN_JOIN with alg JOIN_MERGE) */
int eng__merge_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* exec_join.c, shared with the merge join: a row's join keys (the join's
 * nkeys) into out, *has_null when one is NULL; FULL JOIN USING's merged
 * columns of x->row (none: 0; reset: x->rowctx first). */
int eng__join_eval_keys(struct xnode *x, struct bx **keys, const struct sql_value *row,
                        struct mem_ctx *mem, struct sql_value *out, bool *has_null, struct err *e);
int eng__join_put_merged(struct xnode *x, bool reset, struct err *e);

/* plan_merge.c: the enable_* planner settings and merge joins. As
 * PostgreSQL's disable_cost, a method switched off is only avoided when
 * another one can do the job. */
enum {
    ENG_OFF_HASHJOIN = 1 << 0,
    ENG_OFF_MERGEJOIN = 1 << 1,
    ENG_OFF_NESTLOOP = 1 << 2,
    ENG_OFF_SEQSCAN = 1 << 3,
    ENG_OFF_INDEXSCAN = 1 << 4,
    ENG_OFF_INDEXONLYSCAN = 1 << 5,
    ENG_OFF_SORT = 1 << 6,
    ENG_OFF_BITMAPSCAN = 1 << 7,
    ENG_OFF_HASHAGG = 1 << 8,
    ENG_OFF_MATERIAL = 1 << 9,
};
/* Whether the planner setting of bit `off` (ENG_OFF_*) is off. */
bool eng__planner_off(struct binder *b, unsigned off);
/* Whether the equi-join keys lk = rk (over the left / right input) can be
 * merged: plain columns of types ordered as the sort orders them. */
bool eng__merge_keys_ok(struct bx **lk, struct bx **rk, int nk);
/* The method of an equi-join on lk = rk (nk > 0) as the settings allow:
 * JOIN_HASH, or with hash join off JOIN_MERGE / JOIN_NL; nrest: the other join
 * conditions. */
enum join_alg eng__equi_join_alg(struct binder *b, enum sql_join_type type, struct bx **lk,
                                 struct bx **rk, int nk, int nrest);
/* Make p (l and r set) a merge join on lk = rk: each input sorted on its
 * keys unless it already comes in that order; cond: the join filter. */
void eng__plan_merge(struct binder *b, struct pnode *p, struct bx **lk, struct bx **rk, int nk,
                     struct bx *cond);
/* A query level ordered by the keys of its inner/left hash join of two
 * index-ordered scans: the join becomes a merge join reading the indexes
 * and the Sort goes (as PostgreSQL's Merge Join over Index Scans). */
void eng__merge_order(struct binder *b, struct pnode **rootp);

/* exec_modify.c */
int eng__modify_run(struct xrt *rt, const struct pnode *p, struct xnode *src, struct mem_ctx *ctx,
                    uint64_t *count, struct sql_value ***ret_rows, size_t *nret, struct err *e);
/* Build a row for insertion from source values (defaults, identity, casts,
 * checks) and insert it. */
int eng__insert_row(struct xrt *rt, const struct pnode *p, const struct sql_value *src,
                    struct mem_ctx *mem, struct sql_value **row_out, struct err *e);
/* UPDATE's SET list as a per-column flag (trigger.h's upd_cols), in mem. */
const bool *eng__set_cols(struct bx *const *set, int ncols, struct mem_ctx *mem);
/* Computes the generated columns of row, then checks the CHECK constraints. */
int eng__check_row(struct xrt *rt, const struct pnode *p, struct sql_value *row,
                   struct mem_ctx *mem, struct err *e);
void eng__format_row(const struct sql_table_desc *t, const struct sql_value *row,
                     const struct sql_fmt *f, struct sbuf *out);

/* exec_upsert.c: INSERT ... ON CONFLICT of one source row. */
struct upsert_state;
int eng__upsert_row(struct xrt *rt, const struct pnode *p, const struct sql_value *src,
                    struct mem_ctx *mem, struct mem_ctx *keep, struct upsert_state **st,
                    struct sql_value **row_out, struct err *e);
/* exec_modify_from.c: UPDATE ... FROM / DELETE ... USING. */
int eng__modify_from_run(struct xrt *rt, const struct pnode *p, struct xnode *src,
                         struct mem_ctx *ctx, uint64_t *count, struct sql_value ***ret_rows,
                         size_t *nret, struct err *e);
/* exec_lock.c */
int eng__lockrows_next(struct xnode *x, const struct sql_value **row, bool *has, struct err *e);
/* Lock a row read by a scan honouring a FOR UPDATE wait policy: *skipped
 * when SKIP LOCKED found it locked; NOWAIT fails with 55P03. */
int eng__lock_row_wait(struct sql_env *env, const struct sql_table_desc *t, struct sql_value *row,
                       struct mem_ctx *ctx, enum sql_lock_wait wait, bool *found, bool *skipped,
                       struct err *e);
/* The same in a row-lock strength (eng__lock_row_wait: FOR UPDATE). */
int eng__lock_row_wait_mode(struct sql_env *env, const struct sql_table_desc *t,
                            struct sql_value *row, enum sql_lock_strength strength,
                            struct mem_ctx *ctx, enum sql_lock_wait wait, bool *found,
                            bool *skipped, struct err *e);

/* plan_upsert.c: the ON CONFLICT clause of INSERT into t (m: its modify node,
 * defaults compiled). */
int eng__plan_upsert(struct binder *b, const struct sql_stmt *st, const struct sql_table_desc *t,
                     const char *alias, struct pnode *m, struct err *e);
/* plan_lock.c: SELECT ... FOR UPDATE/SHARE */
int eng__lock_refuse(const struct sql_select *sel, struct err *e);
int eng__lock_check(const struct sql_select *sel, bool grouped_by, bool having, bool aggs,
                    struct err *e);
int eng__plan_lockrows(struct binder *b, struct scope *s, const struct sql_select *sel,
                       struct pnode *in, struct bx *where, struct bx **targets, int ntargets,
                       int junk, struct pnode **out, struct err *e);
/* The junk columns carrying the full-width row s for PN_LOCKROWS. */
struct bx **eng__lock_junk(struct binder *b, struct scope *s);
/* plan_dml.c / bind_select.c: FROM items and WHERE of UPDATE ... FROM and
 * DELETE ... USING, the target table first: full-width rows. tv: the
 * target is that view's base table (item 0 names it under the view's
 * name): the view's columns replace the table's in the scope and its
 * WHERE clauses join *where_out; else NULL. */
int eng__plan_from_where(struct binder *b, const struct sql_list *from,
                         const struct sql_expr *where, const struct eng_view_dml *tv,
                         struct scope **s_out, struct bx **where_out, struct pnode **out,
                         struct err *e);

/* exec_agg_order.c: ORDER BY inside aggregate calls */
struct agg_ordbuf;
int eng__bind_agg_order(struct binder *b, struct scope *s, const struct sql_list *order,
                        struct bx_aggref *ref, struct err *e);
int eng__agg_order_distinct_check(const struct sql_list *order, const struct bx_aggref *ref,
                                  const struct bx *arg, const struct bx *arg2, struct err *e);
bool eng__agg_order_using_ok(const struct sql_sortby *sb);
void eng__agg_order_distinct_sort(struct binder *b, struct bx_aggref *ref);
bool eng__agg_order_equal(const struct bx_aggref *x, const struct bx_aggref *y);
bool eng__agg_order_walk(const struct bx_aggref *ref, bool (*fn)(struct bx *x, void *arg),
                         void *arg);
int eng__agg_order_add(struct mem_ctx *ctx, struct agg_ordbuf **bufp, const struct bx_aggref *a,
                       const struct ectx *c, const struct sql_value *vv, struct err *e);
int eng__agg_order_feed(struct mem_ctx *ctx, const struct bx_aggref *a, struct agg_ordbuf *ob,
                        void *state, struct err *e);

/* bind_domain.c: domains (domain.h). x (of the domain's base type) wrapped
 * in the check of domain: NOT NULL and CHECK constraints at run time. */
int eng__domain_wrap(struct binder *b, struct bx *x, uint32_t domain, struct bx **out,
                     struct err *e);
/* A column's DEFAULT as INSERT uses it (col->domain != 0): the column's
 * own, else the domain's, else NULL; checked against the domain. */
int eng__domain_default(struct binder *b, const struct sql_col_desc *col, struct bx *own,
                        struct bx **out, struct err *e);
/* eng__domain_wrap of x coerced from a string literal at location: an array
 * of a domain (domain.h SQL_DOMAIN_ARRAY) is checked now when x is a
 * constant, errors pointing at the literal (array_in's domain_in). */
int eng__domain_wrap_literal(struct binder *b, struct bx *x, uint32_t domain, int location,
                             struct bx **out, struct err *e);

#endif
