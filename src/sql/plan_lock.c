/* plan_lock.c — SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE /
 * FOR KEY SHARE [OF t] [NOWAIT | SKIP LOCKED]: PostgreSQL's checks
 * (CheckSelectLocking, transformLockingClause) and the PN_LOCKROWS node,
 * placed as PostgreSQL's LockRows: above the sort, below the LIMIT, so a
 * LIMIT locks only the rows it returns. Each table gets the strongest
 * strength asked for it, locked in kv's mode of that name.
 */
#include "sql/acl.h"
#include "sql/engine_int.h"

#include <stdio.h>
#include <string.h>

static const char *strength_name(enum sql_lock_strength s)
{
    switch (s) {
    case SQL_LOCK_FOR_KEY_SHARE:
        return "FOR KEY SHARE";
    case SQL_LOCK_FOR_SHARE:
        return "FOR SHARE";
    case SQL_LOCK_FOR_NO_KEY_UPDATE:
        return "FOR NO KEY UPDATE";
    case SQL_LOCK_FOR_UPDATE:
        break;
    }
    return "FOR UPDATE";
}

static const char *first_strength(const struct sql_select *sel)
{
    const struct sql_locking *lk = sel->locking.items[0];
    return strength_name(lk->strength);
}

int eng__lock_refuse(const struct sql_select *sel, struct err *e)
{
    if (sel->op != SQL_SETOP_NONE)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "%s is not allowed with UNION/INTERSECT/EXCEPT", first_strength(sel));
    return eng__err(e, -1, ERR_UNSUPPORTED, "0A000", "%s cannot be applied to VALUES",
                    first_strength(sel));
}

int eng__lock_check(const struct sql_select *sel, bool grouped_by, bool having, bool aggs,
                    struct err *e)
{
    const char *what = NULL;
    if (sel->distinct)
        what = "DISTINCT clause";
    else if (grouped_by)
        what = "GROUP BY clause";
    else if (having)
        what = "HAVING clause";
    else if (aggs)
        what = "aggregate functions";
    if (what != NULL)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000", "%s is not allowed with %s",
                        first_strength(sel), what);
    for (int i = 0; i < sel->locking.n; i++) {
        const struct sql_locking *lk = sel->locking.items[i];
        for (int k = 0; k < lk->rels.n; k++) {
            const struct sql_rangevar *rv = lk->rels.items[k];
            if (rv->name.schema != NULL || rv->name.catalog != NULL)
                return eng__err(e, rv->location, ERR_INVAL, "42601",
                                "%s must specify unqualified relation names",
                                strength_name(lk->strength));
        }
    }
    return 0;
}

static const struct pnode *find_leaf(const struct pnode *p, int off)
{
    if (p == NULL)
        return NULL;
    if (p->kind == PN_SCAN && p->u.scan.off == off)
        return p;
    if (p->kind == PN_SUBQ && p->u.subq.off == off)
        return p;
    if (p->kind == PN_SUBQ)
        return NULL; /* the subquery's own slots are another level */
    const struct pnode *l = find_leaf(p->l, off);
    return l != NULL ? l : find_leaf(p->r, off);
}

/* Add rte i with wait policy w (merging as applyLockingClause: NOWAIT >
 * SKIP LOCKED > wait). explicit_: named in OF. */
static int add_rel(struct binder *b, struct scope *s, int i, const struct pnode *in,
                   enum sql_lock_strength st, enum sql_lock_wait w, bool explicit_, int location,
                   struct lock_rel **rels, int *n, struct err *e)
{
    const struct rte *r = &s->rtes[i];
    const struct pnode *leaf = find_leaf(in, r->off);
    if (leaf == NULL || leaf->kind != PN_SCAN) {
        if (leaf != NULL && leaf->kind == PN_SUBQ)
            return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                            "%s on a subquery in FROM is not supported", strength_name(st));
        if (explicit_ && r->join_rte)
            return eng__err(e, location, ERR_UNSUPPORTED, "0A000", "%s cannot be applied to a join",
                            strength_name(st));
        if (explicit_ && r->table_oid == 0)
            return eng__err(e, location, ERR_UNSUPPORTED, "0A000",
                            "%s cannot be applied to a function", strength_name(st));
        return 0; /* catalog tables, functions: nothing to lock */
    }
    if (r->nullable)
        return eng__err(e, -1, ERR_UNSUPPORTED, "0A000",
                        "%s cannot be applied to the nullable side of an outer join",
                        strength_name(st));
    eng__perm_rel(b, leaf->u.scan.t, SQL_ACL_UPDATE); /* FOR UPDATE/SHARE: bind_acl.c */
    for (int k = 0; k < *n; k++)
        if ((*rels)[k].off == r->off) {
            if (w > (*rels)[k].wait)
                (*rels)[k].wait = w;
            if (st > (*rels)[k].strength)
                (*rels)[k].strength = st;
            return 0;
        }
    *rels =
        mem_realloc(b->ctx, *rels, sizeof **rels * (size_t)*n, sizeof **rels * (size_t)(*n + 1));
    (*rels)[*n].t = leaf->u.scan.t;
    (*rels)[*n].off = r->off;
    (*rels)[*n].wait = w;
    (*rels)[*n].strength = st;
    (*n)++;
    return 0;
}

int eng__plan_lockrows(struct binder *b, struct scope *s, const struct sql_select *sel,
                       struct pnode *in, struct bx *where, struct bx **targets, int ntargets,
                       int junk, struct pnode **out, struct err *e)
{
    struct lock_rel *rels = NULL;
    int n = 0, rc;
    for (int i = 0; i < sel->locking.n; i++) {
        const struct sql_locking *lk = sel->locking.items[i];
        if (lk->rels.n == 0) {
            for (int r = 0; r < s->nrtes; r++)
                if ((rc = add_rel(b, s, r, in, lk->strength, lk->wait, false, -1, &rels, &n, e)) !=
                    0)
                    return rc;
            continue;
        }
        for (int k = 0; k < lk->rels.n; k++) {
            const struct sql_rangevar *rv = lk->rels.items[k];
            int found = -1;
            for (int r = 0; r < s->nrtes; r++)
                /* the range table's names: a USING alias unless its join has an alias */
                if (s->rtes[r].alias != NULL && !s->rtes[r].pulled &&
                    !(s->rtes[r].using_alias && s->rtes[r].alias_hidden) &&
                    strcmp(s->rtes[r].alias, rv->name.name) == 0) {
                    found = r;
                    break;
                }
            if (found < 0)
                return eng__err(e, rv->location, ERR_NOTFOUND, "42P01",
                                "relation \"%s\" in %s clause not found in FROM clause",
                                rv->name.name, strength_name(lk->strength));
            if ((rc = add_rel(b, s, found, in, lk->strength, lk->wait, true, rv->location, &rels,
                              &n, e)) != 0)
                return rc;
        }
    }
    struct pnode *p = mem_alloc0(b->ctx, sizeof *p);
    p->kind = PN_LOCKROWS;
    p->width = in->width;
    p->l = in;
    p->est_rows = in->est_rows;
    p->u.lockrows.rels = rels;
    p->u.lockrows.nrels = n;
    p->u.lockrows.junk = junk;
    p->u.lockrows.full_width = s->width;
    p->u.lockrows.recheck = where;
    p->u.lockrows.targets = targets;
    p->u.lockrows.ntargets = ntargets;
    *out = p;
    return 0;
}
