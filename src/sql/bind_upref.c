/* bind_upref.c — references of a sublink's query to an enclosing level.
 *
 * A sublink's plan reads the columns of enclosing levels through BX_COL of
 * level > 0: slot idx of that level's row when the sublink is evaluated.
 * Below aggregation that is the level's full-width row; in a grouped level
 * (select list, HAVING, ORDER BY over [group keys, aggregates]) it is not,
 * so every such reference is noted at the level it reaches (scope.uprefs),
 * each sublink keeps those made while its query was bound, and regrouping
 * maps them onto the grouped row: a column to its group key (42803 when
 * it is not one, as PostgreSQL's check_ungrouped_columns), an outer-level
 * aggregate to its result. At run time the sublink's outer row is then
 * rebuilt from the grouped row (exec.c eng__run_sublink).
 *
 * Outer-level aggregates: an aggregate whose arguments reference only
 * enclosing levels belongs to the nearest of them (SQL's rule, PostgreSQL's
 * agglevelsup): bind_agg binds it there and the sublink's query reads it
 * through a pseudo slot past that level's columns (eng__upref_agg).
 */
#include "sql/engine_int.h"

#include <string.h>

static struct scope *up(struct scope *s, int level)
{
    for (int i = 0; i < level && s != NULL; i++)
        s = s->parent;
    return s;
}

static void push(struct binder *b, struct scope *t, const struct eng_upref *u)
{
    if (t->nuprefs == t->capuprefs) {
        int nc = t->capuprefs ? t->capuprefs * 2 : 8;
        t->uprefs = mem_realloc(b->ctx, t->uprefs, sizeof *t->uprefs * (size_t)t->capuprefs,
                                sizeof *t->uprefs * (size_t)nc);
        t->capuprefs = nc;
    }
    t->uprefs[t->nuprefs++] = *u;
}

struct note_arg {
    struct binder *b;
    struct scope *t;
    int level;
};

static bool note_fn(struct bx *x, void *arg)
{
    struct note_arg *a = arg;
    if (x->kind == BX_COL && x->u.col.level == a->level) {
        struct eng_upref u = {.slot = x->u.col.idx,
                              .agg = -1,
                              .location = x->location,
                              .rel = x->u.col.rel,
                              .name = x->u.col.name};
        push(a->b, a->t, &u);
    }
    return false;
}

void eng__upref_note(struct binder *b, struct scope *s, int level, struct bx *x)
{
    if (level <= 0 || x == NULL)
        return;
    struct scope *t = up(s, level);
    if (t == NULL)
        return;
    struct note_arg a = {.b = b, .t = t, .level = level};
    eng__bx_walk(x, note_fn, &a);
}

void eng__upref_take(struct binder *b, struct scope *s, int lo, struct bx *sub)
{
    int n = s->nuprefs - lo;
    if (n <= 0)
        return;
    sub->u.sub.uprefs = mem_alloc(b->ctx, sizeof *sub->u.sub.uprefs * (size_t)n);
    memcpy(sub->u.sub.uprefs, s->uprefs + lo, sizeof *sub->u.sub.uprefs * (size_t)n);
    sub->u.sub.nuprefs = n;
}

struct bx *eng__upref_agg(struct binder *b, struct scope *anc, int level, const struct bx *agg)
{
    struct bx *x = mem_alloc0(b->ctx, sizeof *x);
    x->kind = BX_COL;
    x->type = agg->type;
    x->typmod = agg->typmod;
    x->location = agg->location;
    x->u.col.level = level;
    x->u.col.idx = anc->width + agg->u.agg.idx;
    x->u.col.name = agg->u.agg.ref->name;
    struct eng_upref u = {.slot = x->u.col.idx,
                          .agg = agg->u.agg.idx,
                          .location = agg->location,
                          .name = x->u.col.name};
    push(b, anc, &u);
    return x;
}

int eng__upref_regroup(struct binder *b, struct bx **groups, int ngroups, const struct bx *x,
                       struct bx *c, struct err *e)
{
    int n = x->u.sub.nuprefs;
    if (n == 0)
        return 0;
    int *gsrc = mem_alloc(b->ctx, sizeof *gsrc * (size_t)n);
    int width = 0;
    for (int i = 0; i < n; i++) {
        const struct eng_upref *u = &x->u.sub.uprefs[i];
        if (u->slot + 1 > width)
            width = u->slot + 1;
        if (u->agg >= 0) {
            gsrc[i] = ngroups + u->agg;
            continue;
        }
        gsrc[i] = -1;
        for (int g = 0; g < ngroups && gsrc[i] < 0; g++)
            if (groups[g]->kind == BX_COL && groups[g]->u.col.level == 0 &&
                groups[g]->u.col.idx == u->slot)
                gsrc[i] = g;
        if (gsrc[i] < 0)
            return eng__err(e, u->location, ERR_INVAL, "42803",
                            "subquery uses ungrouped column \"%s.%s\" from outer query",
                            u->rel ? u->rel : "?", u->name ? u->name : "?");
    }
    c->u.sub.gsrc = gsrc;
    c->u.sub.gwidth = width;
    return 0;
}

struct on_check {
    int lo, hi;
    const struct bx *bad;
};

static bool on_check_fn(struct bx *x, void *arg)
{
    struct on_check *a = arg;
    if (x->kind == BX_COL && x->u.col.level == 0 && (x->u.col.idx < a->lo || x->u.col.idx >= a->hi))
        a->bad = x;
    return a->bad != NULL;
}

static int on_err(struct err *e, int location, const char *rel)
{
    return eng__err(e, location, ERR_INVAL, "42P01",
                    "invalid reference to FROM-clause entry for table \"%s\"" ENG_HINT_SEP
                    "There is an entry for table \"%s\", but it cannot be referenced from this "
                    "part of the query.",
                    rel ? rel : "?", rel ? rel : "?");
}

int eng__lateral_on_check(struct scope *s, struct bx *on, int ulo, int lo, int hi, struct err *e)
{
    struct on_check a = {.lo = lo, .hi = hi};
    eng__bx_walk(on, on_check_fn, &a);
    if (a.bad != NULL)
        return on_err(e, a.bad->location, a.bad->u.col.rel);
    for (int i = ulo; i < s->nuprefs; i++) {
        const struct eng_upref *u = &s->uprefs[i];
        if (u->agg < 0 && (u->slot < lo || u->slot >= hi))
            return on_err(e, u->location, u->rel);
    }
    return 0;
}
