/* exec_cursor.c — what a cursor's plan allows: PostgreSQL's
 * ExecSupportsBackwardScan mapped onto our plan nodes, to decide whether a
 * cursor declared without SCROLL / NO SCROLL may move backward.
 *
 * PostgreSQL: scans of tables, functions, VALUES and CTEs, Material and
 * Sort support backward scans; Result, Limit, LockRows and SubqueryScan as
 * their input; Append when every branch does; everything else (joins,
 * aggregation, Unique, SetOp, WindowAgg, ProjectSet, a Result without
 * input) does not. Our filters and projections are parts of PostgreSQL's
 * scan nodes, so they follow their input.
 */
#include "sql/engine_int.h"
#include "sql/exec.h"
#include "sql/vtab.h"

#include <string.h>

static bool node_backward_ok(const struct pnode *n)
{
    if (n == NULL)
        return false;
    switch (n->kind) {
    case PN_VALUES:
        /* one row of VALUES is a Result */
        return n->u.values.nrows > 1;
    case PN_SERIES:
        /* a set-returning call of a select list without FROM is a ProjectSet */
        return n->u.series.alias == NULL || strcmp(n->u.series.alias, "*SRF*") != 0;
    case PN_SCAN:
    case PN_SORT:
    case PN_RECUNION: /* read through a CteScan */
        return true;
    case PN_VTAB:
        /* a catalog table is a sequential scan; system views are joins */
        return sql__pgcat_relkind(n->u.vtab.vt) == 'r';
    case PN_SUBQ:
    case PN_FILTER:
    case PN_PROJECT:
    case PN_LIMIT:
        return node_backward_ok(n->l);
    case PN_SETOP:
        /* UNION ALL is an Append */
        return n->u.setop.op == SQL_SETOP_UNION && n->u.setop.all && node_backward_ok(n->l) &&
               node_backward_ok(n->r);
    default:
        return false;
    }
}

bool sql_plan_backward_ok(const struct sql_plan *p)
{
    if (p == NULL || p->kind != SQL_STMT_SELECT || p->writes || p->ndml > 0)
        return false;
    return node_backward_ok(p->root);
}

/* The top scan chain of a DECLAREd cursor decodes whole rows: WHERE
 * CURRENT OF finds the current row by its primary key (exec.c
 * sql_cursor_scan_row), which a column mask (plan_idxonly.c) may skip. */
static void full_rows(struct pnode *n)
{
    for (; n != NULL; n = n->l) {
        if (n->kind == PN_SCAN)
            n->u.scan.need = NULL;
        if (n->kind != PN_PROJECT && n->kind != PN_FILTER && n->kind != PN_LIMIT &&
            n->kind != PN_LOCKROWS && n->kind != PN_SCAN)
            return;
    }
}

void sql_plan_cursor_rows(struct sql_plan *p)
{
    if (p != NULL && p->kind == SQL_STMT_SELECT)
        full_rows(p->root);
}
