/* plpgsql_comp.c — compiling a PL/pgSQL body: libpg_query's JSON dump of
 * PostgreSQL's PLpgSQL_function tree (pg_query_parse_plpgsql) read into
 * plpgsql_int.h's structures, the declared types resolved, and each
 * expression given the names in scope where it stands.
 *
 * Scopes. The dump lists the datums in the order the grammar created them
 * but not which block declared which. Declared variables (a DECLARE item
 * has a type name and a line number) of one block are consecutive datums,
 * created before anything in the block's body; the block's line number is
 * that of its BEGIN. So walking the statements in textual order, a block
 * takes the run of not yet taken declared datums starting at the next
 * one, as long as their lines are not after its BEGIN. Internal variables
 * the grammar makes for a statement (FOR's integer loop variable,
 * SQLSTATE / SQLERRM of an exception section) are taken the same way: the
 * first not yet taken one of that name.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog.h"
#include "sql/engine_int.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/json_int.h"
#include "sql/parse.h"
#include "sql/plpgsql_int.h"
#include "sql/sqlfn.h"
#include "sql/value_int.h"

#include <ctype.h>
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PL_TRIGGER_OID 2279
/* libpg_query's grammar does not know a function's OUT parameters, so it
 * refuses RETURN NEXT without an expression; with OUT parameters the
 * body is given to it with each such RETURN NEXT spelled RETURN NEXT
 * PL_OUT_MARK (same lines), which the compiler turns back. */
#define PL_OUT_MARK "'\x01out'"

/* ---- JSON access ---- */

static const struct jv *jget(const struct jv *o, const char *key)
{
    if (o == NULL || o->kind != JV_OBJECT)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < o->n; i++) {
        const struct jv *k = &o->kids[2 * i];
        if (k->len == kl && memcmp(k->s, key, kl) == 0)
            return &o->kids[2 * i + 1];
    }
    return NULL;
}

/* The node's type name and body: {"PLpgSQL_x": {...}}. */
static const char *jnode(const struct jv *o, const struct jv **body)
{
    *body = NULL;
    if (o == NULL || o->kind != JV_OBJECT || o->n != 1)
        return "";
    *body = &o->kids[1];
    return o->kids[0].s;
}

static int jint(const struct jv *o, const char *key)
{
    const struct jv *v = jget(o, key);
    if (v == NULL || v->kind != JV_NUMBER)
        return 0;
    char buf[32];
    size_t n = v->len < sizeof buf - 1 ? v->len : sizeof buf - 1;
    memcpy(buf, v->s, n);
    buf[n] = 0;
    return (int)strtol(buf, NULL, 10);
}

static bool jbool(const struct jv *o, const char *key)
{
    const struct jv *v = jget(o, key);
    return v != NULL && v->kind == JV_BOOL && v->b;
}

static const char *jstr(struct mem_ctx *ctx, const struct jv *o, const char *key)
{
    const struct jv *v = jget(o, key);
    if (v == NULL || v->kind != JV_STRING)
        return NULL;
    return mem_strndup(ctx, v->s, v->len);
}

/* ---- the compiler's state ---- */

struct comp {
    struct sql_env *env;
    struct mem_ctx *ctx;
    struct pl_func *fn;
    struct err *e;
    bool *taken;
    int *dmap;           /* the tree's datum numbers -> ours */
    int rn_line, rn_nth; /* return_next_var's position */
    int *errpos;         /* where in the body an error is, -1 unknown */
    int *errline;        /* else the line it is on, 0 unknown */
    int njd;
    /* names in scope */
    struct pl_vis *vis;
    int nvis, capvis;
    int depth;
};

static void vis_push(struct comp *c, int dno, const char *label)
{
    if (c->nvis == c->capvis) {
        int nc = c->capvis ? c->capvis * 2 : 32;
        c->vis = mem_realloc(c->ctx, c->vis, sizeof *c->vis * (size_t)c->capvis,
                             sizeof *c->vis * (size_t)nc);
        c->capvis = nc;
    }
    c->vis[c->nvis].dno = dno;
    c->vis[c->nvis].label = label;
    c->vis[c->nvis].alias = NULL;
    c->nvis++;
}

static struct pl_expr *mk_expr(struct comp *c, const struct jv *node, int lineno)
{
    const struct jv *b;
    const char *t = jnode(node, &b);
    if (b == NULL || strcmp(t, "PLpgSQL_expr") != 0)
        return NULL;
    struct pl_expr *x = mem_alloc0(c->ctx, sizeof *x);
    x->query = jstr(c->ctx, b, "query");
    if (x->query == NULL)
        x->query = "";
    x->lineno = lineno;
    /* a snapshot of the names in scope */
    struct pl_vis *v = mem_alloc(c->ctx, sizeof *v * (size_t)(c->nvis + 1));
    if (c->nvis > 0)
        memcpy(v, c->vis, sizeof *v * (size_t)c->nvis);
    x->vis = v;
    x->nvis = c->nvis;
    return x;
}

/* Is the word w (n bytes, any case) at p in body? */
static bool word_at(const char *body, const char *p, const char *w, size_t n)
{
    return strncasecmp(p, w, n) == 0 &&
           (p == body || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.')) &&
           !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* The byte offset of line lineno (1-based) in the body, -1 when none. */
static int line_offset(const char *body, int lineno)
{
    const char *p = body;
    for (int l = 1; l < lineno && p != NULL; l++) {
        p = strchr(p, '\n');
        if (p != NULL)
            p++;
    }
    return p != NULL ? (int)(p - body) : -1;
}

/* Point *c->errpos at the first s in the body at or after line lineno. */
static void point_at(struct comp *c, int lineno, const char *s)
{
    const char *body = c->fn->f->body;
    int off = lineno > 0 ? line_offset(body, lineno) : 0;
    if (off < 0 || c->errpos == NULL || s == NULL || s[0] == 0)
        return;
    const char *hit = strstr(body + off, s);
    if (hit == NULL)
        hit = strcasestr(body + off, s);
    if (hit != NULL)
        *c->errpos = (int)(hit - body);
}

/* RETURN NEXT var: PostgreSQL's tree keeps the variable's number
 * (retvarno), which libpg_query's dump leaves out; read the name from the
 * statement's line of the body. *nth: RETURN NEXTs met on that line. */
static int return_next_var(struct comp *c, int lineno, int nth)
{
    const char *p = c->fn->f->body;
    for (int l = 1; l < lineno && p != NULL; l++) {
        p = strchr(p, '\n');
        if (p != NULL)
            p++;
    }
    if (p == NULL)
        return -1;
    const char *end = strchr(p, '\n');
    if (end == NULL)
        end = p + strlen(p);
    int seen = 0;
    for (const char *q = p; q + 6 < end; q++) {
        if (strncasecmp(q, "return", 6) != 0 ||
            (q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_')))
            continue;
        const char *w = q + 6;
        while (w < end && isspace((unsigned char)*w))
            w++;
        if (end - w < 4 || strncasecmp(w, "next", 4) != 0)
            continue;
        w += 4;
        if (seen++ != nth)
            continue;
        while (w < end && isspace((unsigned char)*w))
            w++;
        char name[SQL_NAME_BUF];
        size_t n = 0;
        if (*w == '"') {
            for (w++; w < end && *w != '"' && n < sizeof name - 1; w++)
                name[n++] = *w;
        } else {
            for (; w < end && (isalnum((unsigned char)*w) || *w == '_' || *w == '$') &&
                   n < sizeof name - 1;
                 w++)
                name[n++] = (char)tolower((unsigned char)*w);
        }
        name[n] = 0;
        for (int i = c->nvis - 1; i >= 0 && n > 0; i--) {
            const struct pl_datum *d = &c->fn->datums[c->vis[i].dno];
            if (d->name != NULL && strcmp(d->name, name) == 0)
                return c->vis[i].dno;
        }
        return -1;
    }
    return -1;
}

/* DECLARE name ALIAS FOR target: the tree keeps no trace of them, so the
 * body's text is read for them; each becomes a name of its target in
 * every scope (PostgreSQL: in its block's). */
static void add_aliases(struct comp *c)
{
    const char *body = c->fn->f->body;
    for (const char *p = body; (p = strcasestr(p, "alias")) != NULL; p += 5) {
        if (!word_at(body, p, "alias", 5))
            continue;
        const char *w = p + 5;
        while (isspace((unsigned char)*w))
            w++;
        if (!word_at(body, w, "for", 3))
            continue;
        w += 3;
        while (isspace((unsigned char)*w))
            w++;
        char target[SQL_NAME_BUF];
        size_t n = 0;
        while ((isalnum((unsigned char)*w) || *w == '_' || *w == '$') && n < sizeof target - 1)
            target[n++] = (char)tolower((unsigned char)*w++);
        target[n] = 0;
        /* the alias name: the word before ALIAS */
        const char *e = p;
        while (e > body && isspace((unsigned char)e[-1]))
            e--;
        const char *s = e;
        while (s > body && (isalnum((unsigned char)s[-1]) || s[-1] == '_'))
            s--;
        if (s == e || n == 0)
            continue;
        char *name = mem_strndup(c->ctx, s, (size_t)(e - s));
        for (char *q = name; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        int dno = -1;
        for (int i = c->nvis - 1; i >= 0 && dno < 0; i--) {
            const struct pl_datum *d = &c->fn->datums[c->vis[i].dno];
            if (d->name != NULL && strcmp(d->name, target) == 0)
                dno = c->vis[i].dno;
        }
        if (dno < 0 && c->fn->trigger && (strcmp(target, "new") == 0 || strcmp(target, "old") == 0))
            continue;
        if (dno < 0)
            continue;
        vis_push(c, dno, NULL);
        c->vis[c->nvis - 1].alias = name;
    }
}

/* Our datum for the tree's datum number jd (-1 when out of range). */
static int J(struct comp *c, int jd)
{
    return jd >= 0 && jd < c->njd ? c->dmap[jd] : -1;
}

/* The first datum not yet taken that is an internal variable named name. */
static int take_internal(struct comp *c, const char *name)
{
    for (int i = 0; i < c->fn->ndatums; i++) {
        struct pl_datum *d = &c->fn->datums[i];
        if (!c->taken[i] && !d->decl && d->kind == PLD_VAR && d->name != NULL &&
            strcmp(d->name, name) == 0 && d->lineno > 0) {
            c->taken[i] = true;
            return i;
        }
    }
    return -1;
}

static int syntax(struct comp *c, const char *what)
{
    return err_set_state(c->e, ERR_INVAL, "42601", "%s", what);
}

static int comp_stmts(struct comp *c, const struct jv *arr, struct pl_stmts *out);

static int comp_block(struct comp *c, const struct jv *b, struct pl_stmt *s)
{
    int save = c->nvis;
    /* the block's declarations */
    int first = -1;
    for (int i = 0; i < c->fn->ndatums; i++)
        if (c->fn->datums[i].decl && !c->taken[i]) {
            first = i;
            break;
        }
    int *init = mem_alloc0(c->ctx, sizeof *init * (size_t)(c->fn->ndatums + 1));
    int ninit = 0;
    bool has_line = jget(b, "lineno") != NULL;
    for (int i = first; i >= 0 && i < c->fn->ndatums && has_line; i++) {
        struct pl_datum *d = &c->fn->datums[i];
        if (!d->decl || c->taken[i])
            break;
        if (d->lineno > s->lineno)
            break;
        c->taken[i] = true;
        init[ninit++] = i;
        vis_push(c, i, s->label);
        /* its DEFAULT sees the variables declared before it */
        if (d->def != NULL) {
            struct pl_vis *v = mem_alloc(c->ctx, sizeof *v * (size_t)(c->nvis + 1));
            memcpy(v, c->vis, sizeof *v * (size_t)(c->nvis - 1));
            d->def->vis = v;
            d->def->nvis = c->nvis - 1;
        }
    }
    s->initvars = init;
    s->ninit = ninit;
    if (ninit > 0) {
        /* the DECLARE before the first variable */
        const char *body = c->fn->f->body;
        int off = line_offset(body, c->fn->datums[init[0]].lineno);
        int line = c->fn->datums[init[0]].lineno;
        for (int k = off; k >= 0 && off >= 0; k--) {
            if (body[k] == '\n' && k < off)
                line--;
            if (word_at(body, body + k, "declare", 7)) {
                s->decl_line = line;
                break;
            }
        }
    }
    int rc = comp_stmts(c, jget(b, "body"), &s->body);
    if (rc != 0)
        return rc;
    const struct jv *eb;
    const char *et = jnode(jget(b, "exceptions"), &eb);
    if (eb != NULL && strcmp(et, "PLpgSQL_exception_block") == 0) {
        s->sqlstate_dno = take_internal(c, "sqlstate");
        s->sqlerrm_dno = take_internal(c, "sqlerrm");
        if (s->sqlstate_dno >= 0)
            vis_push(c, s->sqlstate_dno, NULL);
        if (s->sqlerrm_dno >= 0)
            vis_push(c, s->sqlerrm_dno, NULL);
        const struct jv *l = jget(eb, "exc_list");
        int n = l != NULL && l->kind == JV_ARRAY ? (int)l->n : 0;
        s->handlers = mem_alloc0(c->ctx, sizeof *s->handlers * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const struct jv *hb;
            jnode(&l->kids[i], &hb);
            struct pl_handler *h = &s->handlers[s->nhandlers++];
            const struct jv *cl = jget(hb, "conditions");
            int nc = cl != NULL && cl->kind == JV_ARRAY ? (int)cl->n : 0;
            h->conds = mem_alloc0(c->ctx, sizeof *h->conds * (size_t)(nc + 1));
            for (int k = 0; k < nc; k++) {
                const struct jv *cb;
                jnode(&cl->kids[k], &cb);
                const char *name = jstr(c->ctx, cb, "condname");
                struct pl_cond *pc = &h->conds[h->nconds++];
                if (name == NULL)
                    name = "";
                bool is_state = strlen(name) == 5;
                for (int j = 0; j < 5 && is_state; j++)
                    is_state = isdigit((unsigned char)name[j]) || isupper((unsigned char)name[j]);
                if (is_state) {
                    memcpy(pc->sqlstate, name, 6);
                } else if (strcmp(name, "others") == 0) {
                    pc->others = true;
                } else {
                    pc->name = name;
                }
            }
            if ((rc = comp_stmts(c, jget(hb, "action"), &h->body)) != 0)
                return rc;
        }
    } else {
        s->sqlstate_dno = s->sqlerrm_dno = -1;
    }
    c->nvis = save;
    return 0;
}

static int comp_exprs(struct comp *c, const struct jv *arr, int lineno, struct pl_expr ***out,
                      int *n)
{
    *n = 0;
    *out = NULL;
    if (arr == NULL || arr->kind != JV_ARRAY)
        return 0;
    *out = mem_alloc0(c->ctx, sizeof **out * (arr->n + 1));
    for (size_t i = 0; i < arr->n; i++)
        (*out)[(*n)++] = mk_expr(c, &arr->kids[i], lineno);
    return 0;
}

/* The datum a loop / INTO target names. */
static int target_dno(struct comp *c, const struct jv *node)
{
    const struct jv *b;
    const char *t = jnode(node, &b);
    if (b == NULL)
        return -1;
    if (strcmp(t, "PLpgSQL_rec") == 0)
        return J(c, jint(b, "dno"));
    if (strcmp(t, "PLpgSQL_row") == 0) {
        /* an unnamed row of the listed variables: find its datum */
        const struct jv *fl = jget(b, "fields");
        int nf = fl != NULL && fl->kind == JV_ARRAY ? (int)fl->n : 0;
        for (int i = 0; i < c->fn->ndatums; i++) {
            struct pl_datum *d = &c->fn->datums[i];
            if (d->kind != PLD_ROW || c->taken[i] || d->nfields != nf)
                continue;
            bool same = true;
            for (int k = 0; k < nf && same; k++) {
                const struct jv *fb;
                jnode(&fl->kids[k], &fb);
                if (fb == NULL)
                    fb = &fl->kids[k];
                same = d->varnos[k] == J(c, jint(fb, "varno"));
            }
            if (same) {
                c->taken[i] = true;
                return i;
            }
        }
        return -1;
    }
    return -1;
}

static int comp_stmt(struct comp *c, const struct jv *node, struct pl_stmt **out)
{
    const struct jv *b;
    const char *t = jnode(node, &b);
    if (b == NULL)
        return err_set_state(c->e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
    if (++c->depth > 200) {
        c->depth--;
        return sql_stack_depth_error(c->e);
    }
    struct pl_stmt *s = mem_alloc0(c->ctx, sizeof *s);
    s->lineno = jint(b, "lineno");
    s->label = jstr(c->ctx, b, "label");
    s->target = -1;
    s->sqlstate_dno = s->sqlerrm_dno = -1;
    int rc = 0;
    int save = c->nvis;
    if (strcmp(t, "PLpgSQL_stmt_block") == 0) {
        s->kind = PLS_BLOCK;
        rc = comp_block(c, b, s);
    } else if (strcmp(t, "PLpgSQL_stmt_assign") == 0) {
        s->kind = PLS_ASSIGN;
        s->target = J(c, jint(b, "varno"));
        s->expr = mk_expr(c, jget(b, "expr"), s->lineno);
        if (s->target < 0) {
            rc = err_set_state(c->e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
            goto out;
        }
        if (c->fn->datums[s->target].isconst) {
            point_at(c, s->lineno, c->fn->datums[s->target].name);
            rc = err_set_state(c->e, ERR_INVAL, "22005", "variable \"%s\" is declared CONSTANT",
                               c->fn->datums[s->target].name);
            goto out;
        }
    } else if (strcmp(t, "PLpgSQL_stmt_if") == 0) {
        s->kind = PLS_IF;
        s->expr = mk_expr(c, jget(b, "cond"), s->lineno);
        if ((rc = comp_stmts(c, jget(b, "then_body"), &s->body)) != 0)
            goto out;
        const struct jv *l = jget(b, "elsif_list");
        int n = l != NULL && l->kind == JV_ARRAY ? (int)l->n : 0;
        s->elsifs = mem_alloc0(c->ctx, sizeof *s->elsifs * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const struct jv *eb;
            jnode(&l->kids[i], &eb);
            s->elsifs[i].cond = mk_expr(c, jget(eb, "cond"), jint(eb, "lineno"));
            if ((rc = comp_stmts(c, jget(eb, "stmts"), &s->elsifs[i].body)) != 0)
                goto out;
        }
        s->nelsif = n;
        rc = comp_stmts(c, jget(b, "else_body"), &s->else_body);
    } else if (strcmp(t, "PLpgSQL_stmt_case") == 0) {
        s->kind = PLS_CASE;
        s->expr = jget(b, "t_expr") != NULL ? mk_expr(c, jget(b, "t_expr"), s->lineno) : NULL;
        s->target = s->expr != NULL ? J(c, jint(b, "t_varno")) : -1;
        if (s->target >= 0 && s->target < c->fn->ndatums) {
            c->taken[s->target] = true;
            vis_push(c, s->target, NULL);
        }
        const struct jv *l = jget(b, "case_when_list");
        int n = l != NULL && l->kind == JV_ARRAY ? (int)l->n : 0;
        s->elsifs = mem_alloc0(c->ctx, sizeof *s->elsifs * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const struct jv *eb;
            jnode(&l->kids[i], &eb);
            s->elsifs[i].cond = mk_expr(c, jget(eb, "expr"), jint(eb, "lineno"));
            if ((rc = comp_stmts(c, jget(eb, "stmts"), &s->elsifs[i].body)) != 0)
                goto out;
        }
        s->nelsif = n;
        s->have_else = jbool(b, "have_else");
        rc = comp_stmts(c, jget(b, "else_stmts"), &s->else_body);
    } else if (strcmp(t, "PLpgSQL_stmt_loop") == 0) {
        s->kind = PLS_LOOP;
        rc = comp_stmts(c, jget(b, "body"), &s->body);
    } else if (strcmp(t, "PLpgSQL_stmt_while") == 0) {
        s->kind = PLS_WHILE;
        s->expr = mk_expr(c, jget(b, "cond"), s->lineno);
        rc = comp_stmts(c, jget(b, "body"), &s->body);
    } else if (strcmp(t, "PLpgSQL_stmt_fori") == 0) {
        s->kind = PLS_FORI;
        s->expr = mk_expr(c, jget(b, "lower"), s->lineno);
        s->upper = mk_expr(c, jget(b, "upper"), s->lineno);
        s->step = jget(b, "step") != NULL ? mk_expr(c, jget(b, "step"), s->lineno) : NULL;
        s->reverse = jbool(b, "reverse");
        const struct jv *vb;
        jnode(jget(b, "var"), &vb);
        const char *name = jstr(c->ctx, vb, "refname");
        s->target = name != NULL ? take_internal(c, name) : -1;
        if (s->target < 0)
            return err_set_state(c->e, ERR_INTERNAL, "XX000", "FOR loop variable not found");
        c->fn->datums[s->target].type = SQL_T_INT4;
        vis_push(c, s->target, s->label);
        rc = comp_stmts(c, jget(b, "body"), &s->body);
    } else if (strcmp(t, "PLpgSQL_stmt_fors") == 0 || strcmp(t, "PLpgSQL_stmt_dynfors") == 0) {
        s->kind = t[13] == 'd' ? PLS_DYNFORS : PLS_FORS;
        s->target = target_dno(c, jget(b, "var"));
        s->expr = mk_expr(c, jget(b, "query"), s->lineno);
        if ((rc = comp_exprs(c, jget(b, "params"), s->lineno, &s->params, &s->nparams)) != 0)
            goto out;
        rc = comp_stmts(c, jget(b, "body"), &s->body);
    } else if (strcmp(t, "PLpgSQL_stmt_foreach_a") == 0) {
        s->kind = PLS_FOREACH;
        s->target = J(c, jint(b, "varno"));
        s->slice = jint(b, "slice");
        s->expr = mk_expr(c, jget(b, "expr"), s->lineno);
        rc = comp_stmts(c, jget(b, "body"), &s->body);
    } else if (strcmp(t, "PLpgSQL_stmt_exit") == 0) {
        s->kind = PLS_EXIT;
        s->is_exit = jbool(b, "is_exit");
        s->expr = jget(b, "cond") != NULL ? mk_expr(c, jget(b, "cond"), s->lineno) : NULL;
    } else if (strcmp(t, "PLpgSQL_stmt_return") == 0 ||
               strcmp(t, "PLpgSQL_stmt_return_next") == 0) {
        s->kind = strcmp(t, "PLpgSQL_stmt_return") == 0 ? PLS_RETURN : PLS_RETURN_NEXT;
        s->expr = jget(b, "expr") != NULL ? mk_expr(c, jget(b, "expr"), s->lineno) : NULL;
        if (s->expr != NULL && strcmp(s->expr->query, PL_OUT_MARK) == 0)
            s->expr = NULL; /* RETURN NEXT; of the OUT parameters */
        const struct sql_fn_desc *f = c->fn->f;
        if (s->kind == PLS_RETURN && s->lineno > 0 && !c->fn->is_proc && c->fn->nout == 0) {
            bool can_omit = f->retset || f->rettype == SQL_T_VOID;
            if (s->expr == NULL && s->target < 0 && !can_omit) {
                point_at(c, s->lineno, ";");
                rc = err_set_state(c->e, ERR_INVAL, "42601", "missing expression at or near \";\"");
                goto out;
            }
            if (s->expr != NULL && f->rettype == SQL_T_VOID && !f->retset) {
                point_at(c, s->lineno, s->expr->query);
                rc = err_set_state(c->e, ERR_INVAL, "42804",
                                   "RETURN cannot have a parameter in function returning void");
                goto out;
            }
            if (s->expr != NULL && f->retset) {
                point_at(c, s->lineno, s->expr->query);
                rc = err_set_state(c->e, ERR_INVAL, "42804",
                                   "RETURN cannot have a parameter in function returning set"
                                   "\nHINT:  Use RETURN NEXT or RETURN QUERY.");
                goto out;
            }
        }
        s->target = jget(b, "retvarno") != NULL ? J(c, jint(b, "retvarno")) : -1;
        if (s->kind == PLS_RETURN_NEXT && s->expr == NULL && s->target < 0 && c->fn->nout == 0 &&
            !c->fn->is_do) {
            if (s->lineno != c->rn_line) {
                c->rn_line = s->lineno;
                c->rn_nth = 0;
            }
            s->target = return_next_var(c, s->lineno, c->rn_nth++);
        }
    } else if (strcmp(t, "PLpgSQL_stmt_return_query") == 0) {
        s->kind = PLS_RETURN_QUERY;
        s->is_exit = jget(b, "dynquery") != NULL; /* dynamic */
        s->expr = mk_expr(c, jget(b, s->is_exit ? "dynquery" : "query"), s->lineno);
        rc = comp_exprs(c, jget(b, "params"), s->lineno, &s->params, &s->nparams);
    } else if (strcmp(t, "PLpgSQL_stmt_raise") == 0) {
        s->kind = PLS_RAISE;
        s->elog_level = jint(b, "elog_level");
        s->condname = jstr(c->ctx, b, "condname");
        s->message = jstr(c->ctx, b, "message");
        if ((rc = comp_exprs(c, jget(b, "params"), s->lineno, &s->params, &s->nparams)) != 0)
            goto out;
        if (s->message != NULL) {
            /* PostgreSQL counts the placeholders when it compiles */
            int want = 0;
            for (const char *p = s->message; *p; p++) {
                if (p[0] == '%' && p[1] == '%')
                    p++;
                else if (*p == '%')
                    want++;
            }
            if (want != s->nparams) {
                if (c->errline != NULL)
                    *c->errline = s->lineno;
                rc =
                    err_set_state(c->e, ERR_INVAL, "42601", "too %s parameters specified for RAISE",
                                  want < s->nparams ? "many" : "few");
                goto out;
            }
        }
        const struct jv *l = jget(b, "options");
        int n = l != NULL && l->kind == JV_ARRAY ? (int)l->n : 0;
        s->opts = mem_alloc0(c->ctx, sizeof *s->opts * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const struct jv *ob;
            jnode(&l->kids[i], &ob);
            s->opts[i].type = jint(ob, "opt_type");
            s->opts[i].expr = mk_expr(c, jget(ob, "expr"), s->lineno);
        }
        s->nopts = n;
    } else if (strcmp(t, "PLpgSQL_stmt_assert") == 0) {
        s->kind = PLS_ASSERT;
        s->expr = mk_expr(c, jget(b, "cond"), s->lineno);
        s->upper = jget(b, "message") != NULL ? mk_expr(c, jget(b, "message"), s->lineno) : NULL;
    } else if (strcmp(t, "PLpgSQL_stmt_execsql") == 0) {
        s->kind = PLS_EXECSQL;
        s->expr = mk_expr(c, jget(b, "sqlstmt"), s->lineno);
        s->into = jbool(b, "into");
        s->strict = jbool(b, "strict");
        s->target = s->into ? target_dno(c, jget(b, "target")) : -1;
    } else if (strcmp(t, "PLpgSQL_stmt_dynexecute") == 0) {
        s->kind = PLS_DYNEXECUTE;
        s->expr = mk_expr(c, jget(b, "query"), s->lineno);
        s->into = jbool(b, "into");
        s->strict = jbool(b, "strict");
        s->target = s->into ? target_dno(c, jget(b, "target")) : -1;
        rc = comp_exprs(c, jget(b, "params"), s->lineno, &s->params, &s->nparams);
    } else if (strcmp(t, "PLpgSQL_stmt_getdiag") == 0) {
        s->kind = PLS_GETDIAG;
        s->stacked = jbool(b, "is_stacked");
        const struct jv *l = jget(b, "diag_items");
        int n = l != NULL && l->kind == JV_ARRAY ? (int)l->n : 0;
        s->diags = mem_alloc0(c->ctx, sizeof *s->diags * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const struct jv *db;
            jnode(&l->kids[i], &db);
            s->diags[i].kind = jstr(c->ctx, db, "kind");
            s->diags[i].target = J(c, jint(db, "target"));
        }
        s->ndiags = n;
    } else if (strcmp(t, "PLpgSQL_stmt_perform") == 0) {
        s->kind = PLS_PERFORM;
        s->expr = mk_expr(c, jget(b, "expr"), s->lineno);
    } else if (strcmp(t, "PLpgSQL_stmt_call") == 0) {
        s->kind = PLS_CALL;
        s->expr = mk_expr(c, jget(b, "expr"), s->lineno);
    } else if (strcmp(t, "PLpgSQL_stmt_commit") == 0) {
        s->kind = PLS_COMMIT;
    } else if (strcmp(t, "PLpgSQL_stmt_rollback") == 0) {
        s->kind = PLS_ROLLBACK;
    } else {
        s->kind = PLS_UNSUPPORTED;
        s->what = strncmp(t, "PLpgSQL_stmt_", 13) == 0 ? mem_strdup(c->ctx, t + 13) : "statement";
    }
out:
    c->nvis = save;
    c->depth--;
    if (rc == 0)
        *out = s;
    return rc;
}

static int comp_stmts(struct comp *c, const struct jv *arr, struct pl_stmts *out)
{
    out->n = 0;
    out->v = NULL;
    if (arr == NULL || arr->kind != JV_ARRAY)
        return 0;
    out->v = mem_alloc0(c->ctx, sizeof *out->v * (arr->n + 1));
    for (size_t i = 0; i < arr->n; i++) {
        int rc = comp_stmt(c, &arr->kids[i], &out->v[out->n]);
        if (rc != 0)
            return rc;
        out->n++;
    }
    return 0;
}

/* ---- declared types ---- */

/* Plan sql and take its result columns. */
static int plan_cols(struct sql_env *env, struct mem_ctx *ctx, const char *sql,
                     const struct sql_column **cols, size_t *n, struct err *e)
{
    struct sql_parse_result pr;
    int rc = sql_parse(sql, strlen(sql), NULL, ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1)
        return err_set_state(e, ERR_INVAL, "42601", "syntax error in type name");
    uint32_t types[1] = {0};
    size_t np = 0;
    struct sql_plan *p;
    if ((rc = sql_plan_stmt(env, pr.stmts[0], ctx, types, &np, 1, &p, e)) != 0)
        return rc;
    *cols = sql_plan_columns(p, n);
    return 0;
}

static void set_record_cols(struct mem_ctx *ctx, struct pl_datum *d, int n,
                            const char *const *names, const uint32_t *types)
{
    d->is_record = true;
    d->ncols = n;
    d->colnames = mem_alloc0(ctx, sizeof *d->colnames * (size_t)(n + 1));
    d->coltypes = mem_alloc0(ctx, sizeof *d->coltypes * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        d->colnames[i] = mem_strdup(ctx, names[i] != NULL ? names[i] : "?column?");
        d->coltypes[i] = types[i];
    }
}

static int resolve_decl_type(struct comp *c, struct pl_datum *d)
{
    struct mem_ctx *ctx = c->ctx;
    char *tn = mem_strdup(ctx, d->typname);
    size_t l = strlen(tn);
    while (l > 0 && isspace((unsigned char)tn[l - 1]))
        tn[--l] = 0;
    char low[256];
    size_t k;
    for (k = 0; k < l && k < sizeof low - 1; k++)
        low[k] = (char)tolower((unsigned char)tn[k]);
    low[k] = 0;
    const struct sql_column *cols;
    size_t n;
    int rc;
    if (strcmp(low, "record") == 0) {
        d->is_record = true;
        d->type = SQL_T_RECORD;
        d->typmod = -1;
        return 0;
    }
    if (l > 8 && strcmp(low + l - 8, "%rowtype") == 0) {
        tn[l - 8] = 0;
        if ((rc = plan_cols(c->env, ctx, mem_printf(ctx, "SELECT * FROM %s", tn), &cols, &n,
                            c->e)) != 0)
            return rc;
        const char **names = mem_alloc0(ctx, sizeof *names * (n + 1));
        uint32_t *types = mem_alloc0(ctx, sizeof *types * (n + 1));
        for (size_t i = 0; i < n; i++) {
            names[i] = cols[i].name;
            types[i] = cols[i].type_oid;
        }
        set_record_cols(ctx, d, (int)n, names, types);
        d->type = SQL_T_RECORD;
        d->typmod = eng__record_typmod((int)n, names, types, 0);
        return 0;
    }
    if (l > 5 && strcmp(low + l - 5, "%type") == 0) {
        tn[l - 5] = 0;
        /* a variable's type, else a column's */
        for (int i = c->nvis - 1; i >= 0; i--) {
            struct pl_datum *v = &c->fn->datums[c->vis[i].dno];
            if (v->name != NULL && strcmp(v->name, tn) == 0 && v->kind == PLD_VAR) {
                d->type = v->type;
                d->typmod = v->typmod;
                return 0;
            }
        }
        char *dot = strrchr(tn, '.');
        if (dot == NULL)
            return err_set_state(c->e, ERR_INVAL, "42704", "variable \"%s\" does not exist", tn);
        *dot = 0;
        if ((rc = plan_cols(c->env, ctx, mem_printf(ctx, "SELECT %s FROM %s", dot + 1, tn), &cols,
                            &n, c->e)) != 0)
            return rc;
        if (n != 1)
            return syntax(c, "syntax error");
        d->type = cols[0].type_oid;
        d->typmod = cols[0].typmod;
        return 0;
    }
    if ((rc = plan_cols(c->env, ctx, mem_printf(ctx, "SELECT NULL::%s", tn), &cols, &n, c->e)) != 0)
        return rc;
    if (n != 1)
        return syntax(c, "syntax error");
    d->type = cols[0].type_oid;
    d->typmod = cols[0].typmod;
    if (d->type == SQL_T_RECORD) {
        int nf;
        const char *const *names;
        const uint32_t *types;
        uint32_t typoid;
        if (sql__record_shape(d->typmod, &nf, &names, &types, &typoid))
            set_record_cols(ctx, d, nf, names, types);
        else
            d->is_record = true;
    }
    return 0;
}

/* ---- the whole function ---- */

static const char *type_text(struct mem_ctx *ctx, uint32_t t)
{
    if (t == PL_TRIGGER_OID)
        return "trigger";
    if (sql__fn_is_poly(t))
        return sql__fn_poly_name(t);
    struct sbuf b;
    sbuf_init(&b);
    sql_type_format(t, -1, &b);
    const char *r = mem_strndup(ctx, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

/* The CREATE FUNCTION text libpg_query's plpgsql parser reads: the
 * parameter names and modes, the result type and the body. */

/* The body as libpg_query's grammar is given it (same lines): RETURN NEXT;
 * marked (with OUT parameters, out_mark), and record types spelled RECORD
 * (its grammar takes only that spelling, and no %ROWTYPE, as a record
 * variable whose fields may be assigned; read_datum finds the type as
 * written in the body). */

static const char *prep_body(struct mem_ctx *ctx, const char *body, bool out_mark)
{
    struct sbuf b;
    sbuf_init(&b);
    const char *p = body;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            const char *e = strchr(p + 1, q);
            size_t n = e != NULL ? (size_t)(e - p) + 1 : strlen(p);
            sbuf_append(&b, p, n);
            p += n;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            const char *e = strchr(p, '\n');
            size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
            sbuf_append(&b, p, n);
            p += n;
            continue;
        }
        if (word_at(body, p, "record", 6)) {
            sbuf_puts(&b, "RECORD");
            p += 6;
            continue;
        }
        if (isalpha((unsigned char)*p) || *p == '_' || *p == '"') {
            /* name[.name]%rowtype */
            const char *w = p;
            while (isalnum((unsigned char)*w) || *w == '_' || *w == '.' || *w == '"' || *w == '$')
                w++;
            if ((p == body || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
                strncasecmp(w, "%rowtype", 8) == 0 &&
                !(isalnum((unsigned char)w[8]) || w[8] == '_')) {
                sbuf_puts(&b, "RECORD");
                p = w + 8;
                continue;
            }
        }
        if (out_mark && strncasecmp(p, "next", 4) == 0 &&
            (p == body || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
            const char *w = p + 4;
            while (isspace((unsigned char)*w))
                w++;
            if (*w == ';' && (isspace((unsigned char)p[4]) || p[4] == ';')) {
                sbuf_append(&b, p, 4);
                sbuf_puts(&b, " " PL_OUT_MARK);
                p += 4;
                continue;
            }
        }
        sbuf_putc(&b, *p++);
    }
    const char *r = mem_strndup(ctx, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

/* text with the type in the first declaration of var spelled RECORD;
 * NULL when there is none to change. */
static const char *respell_decl(struct mem_ctx *ctx, const char *text, const char *var)
{
    size_t nl = strlen(var);
    for (const char *p = strstr(text, "$pl"); p != NULL && *p; p++) {
        if (!word_at(text, p, var, nl))
            continue;
        const char *w = p + nl;
        if (*w != ' ' && *w != '\t')
            continue;
        while (*w == ' ' || *w == '\t')
            w++;
        if (word_at(text, w, "constant", 8)) {
            w += 8;
            while (*w == ' ' || *w == '\t')
                w++;
        }
        const char *t = w;
        while (isalnum((unsigned char)*w) || *w == '_' || *w == '.' || *w == '"' || *w == '$')
            w++;
        if (w == t || (w - t == 6 && strncmp(t, "RECORD", 6) == 0))
            continue;
        const char *after = w;
        while (*after == ' ' || *after == '\t')
            after++;
        if (*after != ';' && *after != ':' && *after != '=' &&
            !word_at(text, after, "default", 7) && !word_at(text, after, "not", 3))
            continue;
        return mem_printf(ctx, "%.*sRECORD%s", (int)(t - text), text, w);
    }
    return NULL;
}

static const char *create_text(struct mem_ctx *ctx, const struct sql_fn_desc *f, bool is_do,
                               bool is_proc)
{
    int nout = 0;
    for (int i = 0; !is_do && i < f->nargs; i++)
        nout += f->args[i].mode == 'o' || f->args[i].mode == 'b' || f->args[i].mode == 't';
    const char *body = prep_body(ctx, f->body, nout > 0);
    /* a dollar quote the body does not contain */
    char tag[32];
    for (int i = 0;; i++) {
        snprintf(tag, sizeof tag, "$pl%d$", i);
        if (strstr(f->body, tag) == NULL)
            break;
    }
    struct sbuf b;
    sbuf_init(&b);
    if (is_do) {
        sbuf_printf(&b, "DO %s%s%s", tag, body, tag);
    } else {
        sbuf_printf(&b, "CREATE %s f(", is_proc ? "PROCEDURE" : "FUNCTION");
        bool first = true;
        for (int i = 0; i < f->nargs; i++) {
            char m = f->args[i].mode;
            if (m == 't')
                continue;
            if (!first)
                sbuf_puts(&b, ", ");
            first = false;
            sbuf_puts(&b, m == 'o' ? "OUT " : m == 'b' ? "INOUT " : m == 'v' ? "VARIADIC " : "");
            if (f->args[i].name[0])
                sbuf_printf(&b, "\"%s\" ", f->args[i].name);
            else
                sbuf_printf(&b, "\"$%d\" ", i + 1); /* so ALIAS FOR $n finds it */
            sbuf_puts(&b, type_text(ctx, f->args[i].type));
        }
        sbuf_putc(&b, ')');
        bool table = false;
        for (int i = 0; i < f->nargs; i++)
            table = table || f->args[i].mode == 't';
        if (table) {
            sbuf_puts(&b, " RETURNS TABLE (");
            bool tf = true;
            for (int i = 0; i < f->nargs; i++) {
                if (f->args[i].mode != 't')
                    continue;
                sbuf_printf(&b, "%s\"%s\" %s", tf ? "" : ", ", f->args[i].name,
                            type_text(ctx, f->args[i].type));
                tf = false;
            }
            sbuf_putc(&b, ')');
        } else if (!is_proc) {
            sbuf_printf(&b, " RETURNS %s%s", f->retset ? "SETOF " : "",
                        f->rettype == SQL_T_RECORD ? "record"
                                                   : type_text(ctx, sql__fn_rettype_oid(f)));
        }
        sbuf_printf(&b, " LANGUAGE plpgsql AS %s%s%s", tag, body, tag);
    }
    const char *r = mem_strndup(ctx, b.data, b.len);
    sbuf_free(&b);
    return r;
}

/* The type written for variable name declared on line lineno: "x%rowtype"
 * as is, anything else "record". */
static const char *decl_type_text(struct comp *c, int lineno, const char *name)
{
    const char *body = c->fn->f->body;
    int off = line_offset(body, lineno);
    if (off < 0)
        return "record";
    size_t nl = strlen(name);
    for (const char *p = body + off; *p && *p != '\n'; p++) {
        if (!word_at(body, p, name, nl))
            continue;
        const char *w = p + nl;
        while (*w == ' ' || *w == '\t')
            w++;
        if (word_at(body, w, "constant", 8)) {
            w += 8;
            while (*w == ' ' || *w == '\t')
                w++;
        }
        const char *t = w;
        while (isalnum((unsigned char)*w) || *w == '_' || *w == '.' || *w == '"' || *w == '$')
            w++;
        if (strncasecmp(w, "%rowtype", 8) == 0)
            return mem_strndup(c->ctx, t, (size_t)(w - t) + 8);
        if (w > t && !(w - t == 6 && strncasecmp(t, "record", 6) == 0))
            return mem_strndup(c->ctx, t, (size_t)(w - t)); /* a composite type */
        if (w > t)
            break;
    }
    return "record";
}

static int read_datum(struct comp *c, const struct jv *node, struct pl_datum *d)
{
    const struct jv *b;
    const char *t = jnode(node, &b);
    if (b == NULL)
        return err_set_state(c->e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
    d->name = jstr(c->ctx, b, "refname");
    d->lineno = jint(b, "lineno");
    d->parent = -1;
    if (strcmp(t, "PLpgSQL_var") == 0) {
        d->kind = PLD_VAR;
        const struct jv *tb;
        jnode(jget(b, "datatype"), &tb);
        const char *tn = jstr(c->ctx, tb, "typname");
        d->isconst = jbool(b, "isconst");
        d->notnull = jbool(b, "notnull");
        d->is_cursor = jget(b, "cursor_explicit_expr") != NULL;
        if (tn != NULL && strcmp(tn, "UNKNOWN") != 0) {
            d->typname = tn;
            d->decl = d->lineno > 0;
        }
        if (d->is_cursor)
            d->decl = true;
        if (jget(b, "default_val") != NULL)
            d->def = mk_expr(c, jget(b, "default_val"), d->lineno);
    } else if (strcmp(t, "PLpgSQL_rec") == 0) {
        d->kind = PLD_REC;
        d->is_record = true;
        d->type = SQL_T_RECORD;
        d->typmod = -1;
        d->decl = d->lineno > 0; /* a DECLAREd RECORD */
        if (d->decl && d->name != NULL)
            d->typname = decl_type_text(c, d->lineno, d->name);
    } else if (strcmp(t, "PLpgSQL_row") == 0) {
        d->kind = PLD_ROW;
        const struct jv *fl = jget(b, "fields");
        int nf = fl != NULL && fl->kind == JV_ARRAY ? (int)fl->n : 0;
        d->varnos = mem_alloc0(c->ctx, sizeof *d->varnos * (size_t)(nf + 1));
        for (int k = 0; k < nf; k++) {
            const struct jv *fb;
            jnode(&fl->kids[k], &fb);
            if (fb == NULL)
                fb = &fl->kids[k];
            d->varnos[k] = J(c, jint(fb, "varno"));
        }
        d->nfields = nf;
    } else if (strcmp(t, "PLpgSQL_recfield") == 0) {
        d->kind = PLD_RECFIELD;
        d->field = jstr(c->ctx, b, "fieldname");
        d->parent = J(c, jint(b, "recparentno"));
    } else {
        return err_set_state(c->e, ERR_UNSUPPORTED, "0A000",
                             "feature not supported: PL/pgSQL datum %s", t);
    }
    return 0;
}

/* PostgreSQL's "syntax error at or near ..." texts come from libpg_query;
 * the CONTEXT names the function as PostgreSQL's compile does. */
static int parse_error(struct comp *c, const char *msg, bool is_do)
{
    if (is_do)
        return err_set_state(c->e, ERR_INVAL, "42601",
                             "%s\nCONTEXT:  PL/pgSQL function "
                             "inline_code_block",
                             msg);
    return err_set_state(c->e, ERR_INVAL, "42601", "%s", msg);
}

int sql__pl_compile(struct sql_env *env, const struct sql_fn_desc *f, bool is_do,
                    struct mem_ctx *ctx, struct pl_func **out, int *errpos, int *errline,
                    struct err *e)
{
    struct comp c;
    memset(&c, 0, sizeof c);
    c.errpos = errpos;
    c.errline = errline;
    if (errpos != NULL)
        *errpos = -1;
    if (errline != NULL)
        *errline = 0;
    c.env = env;
    c.ctx = ctx;
    c.e = e;
    struct pl_func *fn = mem_alloc0(ctx, sizeof *fn);
    fn->f = f;
    fn->ctx = ctx;
    fn->is_do = is_do;
    fn->is_proc = f->is_proc;
    fn->trigger = !is_do && f->rettype == PL_TRIGGER_OID;
    fn->found_dno = fn->new_dno = fn->old_dno = -1;
    c.fn = fn;
    if (is_do) {
        fn->name = "inline_code_block";
    } else {
        struct sbuf sig;
        sbuf_init(&sig);
        sql__fn_signature(f->generic != NULL ? f->generic : f, &sig);
        fn->name = mem_strndup(ctx, sig.data ? sig.data : f->name, sig.len);
        sbuf_free(&sig);
    }
    const char *text = create_text(ctx, f, is_do, f->is_proc);
    PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(text);
    /* "x.f" not a known variable: x may be of a composite type, which the
     * grammar only takes spelled RECORD (read_datum finds the type as
     * written); respell its declaration and parse again */
    for (int tries = 0; tries < 16 && r.error != NULL && r.error->message != NULL; tries++) {
        const char *m = r.error->message;
        const char *dot = strchr(m, '.');
        if (m[0] != '"' || dot == NULL || strstr(m, "\" is not a known variable") == NULL)
            break;
        char var[SQL_NAME_BUF];
        size_t vl = (size_t)(dot - m - 1);
        if (vl == 0 || vl >= sizeof var)
            break;
        memcpy(var, m + 1, vl);
        var[vl] = 0;
        const char *nt = respell_decl(ctx, text, var);
        if (nt == NULL)
            break;
        pg_query_free_plpgsql_parse_result(r);
        text = nt;
        r = pg_query_parse_plpgsql(text);
    }
    if (r.error != NULL) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s", r.error->message ? r.error->message : "syntax error");
        pg_query_free_plpgsql_parse_result(r);
        const char *near = strstr(msg, "at or near \"");
        if (near != NULL) {
            char tok[200];
            snprintf(tok, sizeof tok, "%s", near + 12);
            char *q = strrchr(tok, '"');
            if (q != NULL)
                *q = 0;
            point_at(&c, 1, tok);
        } else if (strstr(msg, "at end of input") != NULL && errpos != NULL) {
            *errpos = (int)strlen(f->body);
        } else if (strstr(msg, "\" is declared CONSTANT") != NULL) {
            /* the assignment to it */
            char name[200];
            snprintf(name, sizeof name, "%s", msg + 10);
            char *q = strchr(name, '"');
            if (q != NULL)
                *q = 0;
            size_t nl = strlen(name);
            for (const char *p = f->body; errpos != NULL && (p = strstr(p, name)) != NULL; p++) {
                const char *w = p + nl;
                while (*w == ' ' || *w == '\t')
                    w++;
                bool word = (p == f->body || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'));
                if (word && (w[0] == '=' || (w[0] == ':' && w[1] == '='))) {
                    *errpos = (int)(p - f->body);
                    break;
                }
            }
            return err_set_state(e, ERR_INVAL, "22005", "%s", msg);
        }
        return parse_error(&c, msg, is_do && (errpos == NULL || *errpos < 0));
    }
    size_t jl = r.plpgsql_funcs ? strlen(r.plpgsql_funcs) : 0;
    char *json = mem_strndup(ctx, r.plpgsql_funcs ? r.plpgsql_funcs : "", jl);
    pg_query_free_plpgsql_parse_result(r);
    struct jv *root;
    int rc = sql__jv_parse(ctx, json, jl, false, &root, e);
    if (rc != 0)
        return rc;
    if (root->kind != JV_ARRAY || root->n != 1)
        return err_set_state(e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
    const struct jv *fb;
    if (strcmp(jnode(&root->kids[0], &fb), "PLpgSQL_function") != 0 || fb == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
    const struct jv *dl = jget(fb, "datums");
    int njd = dl != NULL && dl->kind == JV_ARRAY ? (int)dl->n : 0;
    /* our datums: every parameter first (so $n is datum n-1), then the
     * tree's (which has datums for the named parameters only) */
    int np = is_do ? 0 : f->nargs;
    c.njd = njd;
    c.dmap = mem_alloc0(ctx, sizeof *c.dmap * (size_t)(njd + 1));
    int nd = 0, jpos = 0;
    for (int i = 0; i < np && jpos < njd; i++) {
        const struct jv *jb;
        jnode(&dl->kids[jpos], &jb);
        const char *rn = jstr(ctx, jb, "refname");
        char dollar[16];
        snprintf(dollar, sizeof dollar, "$%d", i + 1);
        const char *want = f->args[i].name[0] ? f->args[i].name : dollar;
        if (rn != NULL && strcmp(rn, want) == 0)
            c.dmap[jpos++] = i;
    }
    int first_other = jpos;
    nd = np + (njd - first_other);
    for (int j = first_other; j < njd; j++)
        c.dmap[j] = np + (j - first_other);
    fn->ndatums = nd;
    fn->datums = mem_alloc0(ctx, sizeof *fn->datums * (size_t)(nd + 1));
    c.taken = mem_alloc0(ctx, sizeof *c.taken * (size_t)(nd + 1));
    for (int j = 0; j < njd; j++)
        if ((rc = read_datum(&c, &dl->kids[j], &fn->datums[c.dmap[j]])) != 0)
            return rc;
    /* parameters, found, NEW / OLD */
    fn->outdnos = mem_alloc0(ctx, sizeof *fn->outdnos * (size_t)(np + 1));
    for (int i = 0; i < np; i++) {
        struct pl_datum *d = &fn->datums[i];
        d->kind = PLD_VAR;
        d->name = f->args[i].name[0] ? f->args[i].name : mem_printf(ctx, "$%d", i + 1);
        d->type = f->args[i].type;
        d->typmod = -1;
        d->decl = false;
        d->typname = NULL;
        c.taken[i] = true;
        vis_push(&c, i, NULL);
        if (f->args[i].mode == 'o' || f->args[i].mode == 'b' || f->args[i].mode == 't')
            fn->outdnos[fn->nout++] = i;
    }
    for (int i = np; i < nd; i++) {
        struct pl_datum *d = &fn->datums[i];
        if (d->name != NULL && strcmp(d->name, "found") == 0 && d->lineno == 0 &&
            fn->found_dno < 0) {
            fn->found_dno = i;
            d->type = SQL_T_BOOL;
            c.taken[i] = true;
            vis_push(&c, i, NULL);
        }
    }
    add_aliases(&c);
    /* #variable_conflict (the dump does not keep it) */
    for (const char *p = f->body; (p = strstr(p, "#variable_conflict")) != NULL; p++) {
        const char *w = p + 18;
        while (isspace((unsigned char)*w))
            w++;
        if (strncasecmp(w, "use_variable", 12) == 0)
            fn->conflict = 1;
        else if (strncasecmp(w, "use_column", 10) == 0)
            fn->conflict = 2;
        break;
    }
    if (fn->trigger) {
        fn->new_dno = J(&c, jint(fb, "new_varno"));
        fn->old_dno = J(&c, jint(fb, "old_varno"));
        for (int k = 0; k < 2; k++) {
            int dn = k == 0 ? fn->new_dno : fn->old_dno;
            if (dn < 0 || dn >= nd || fn->datums[dn].kind != PLD_REC)
                return err_set_state(e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
            fn->datums[dn].decl = false;
            c.taken[dn] = true;
            vis_push(&c, dn, NULL);
        }
    }
    /* record fields and rows name their parents */
    for (int i = 0; i < nd; i++) {
        struct pl_datum *d = &fn->datums[i];
        if (d->kind == PLD_RECFIELD && (d->parent < 0 || d->parent >= nd))
            return err_set_state(e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
        for (int k = 0; d->kind == PLD_ROW && k < d->nfields; k++)
            if (d->varnos[k] < 0 || d->varnos[k] >= nd)
                return err_set_state(e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
    }
    /* internal variables the grammar names: their types */
    for (int i = 0; i < nd; i++) {
        struct pl_datum *d = &fn->datums[i];
        if (d->kind == PLD_VAR && !d->decl && d->type == 0 && d->name != NULL &&
            (strcmp(d->name, "sqlstate") == 0 || strcmp(d->name, "sqlerrm") == 0))
            d->type = SQL_T_TEXT;
    }
    const struct jv *ab;
    const char *at = jnode(jget(fb, "action"), &ab);
    if (ab == NULL || strcmp(at, "PLpgSQL_stmt_block") != 0)
        return err_set_state(e, ERR_INTERNAL, "XX000", "malformed PL/pgSQL tree");
    if ((rc = comp_stmt(&c, jget(fb, "action"), &fn->action)) != 0)
        return rc;
    /* declared types, in order (a %TYPE may name an earlier variable) */
    for (int i = 0; i < nd; i++) {
        struct pl_datum *d = &fn->datums[i];
        if (d->kind == PLD_REC && d->typname != NULL && strcmp(d->typname, "record") != 0) {
            if ((rc = resolve_decl_type(&c, d)) != 0)
                return rc;
            continue;
        }
        if (d->kind != PLD_VAR)
            continue;
        if (d->is_cursor) {
            d->type = SQL_T_TEXT;
            continue;
        }
        if (d->typname == NULL) {
            if (d->type == 0 && !d->decl)
                d->type = SQL_T_TEXT; /* CASE's variable: typed by its value */
            continue;
        }
        /* the scope at its declaration: everything before it */
        c.nvis = 0;
        for (int k = 0; k < i; k++)
            if (fn->datums[k].kind == PLD_VAR && fn->datums[k].name != NULL)
                vis_push(&c, k, NULL);
        if ((rc = resolve_decl_type(&c, d)) != 0) {
            char *tn = mem_strdup(ctx, d->typname);
            char *pct = strchr(tn, '%');
            if (pct != NULL)
                *pct = 0;
            size_t l = strlen(tn);
            while (l > 0 && tn[l - 1] == ' ')
                tn[--l] = 0;
            point_at(&c, d->lineno, tn);
            return rc;
        }
    }
    *out = fn;
    return 0;
}

/* ---- the session's cache ----
 *
 * Compiled functions (with the plans their expressions get) live in the
 * session's cache, one memory context each, found by oid and checked
 * against the stored function (its body, argument and result types), so
 * CREATE OR REPLACE compiles afresh. The whole cache is dropped when the
 * catalog generation or the search_path changes (plans name tables and
 * functions), and not used at all in a transaction that has done DDL (the
 * catalog it would see is the transaction's own): then a statement-long
 * cache stands in. PostgreSQL's plpgsql keeps compiled functions per
 * session the same way (plpgsql_HashTable) and its plans in the plan
 * cache.
 */

#define PL_CACHE_MAX 128

struct pl_cache_ent {
    uint32_t oid;
    const struct sql_fn_desc *f; /* a copy, in ctx */
    struct pl_func *fn;
    struct mem_ctx *ctx;
    struct pl_cache_ent *next;
};
struct pl_cache {
    struct mem_ctx *ctx; /* the cache's own (entries have a child each) */
    uint64_t generation;
    char *search_path;
    int n;
    struct pl_cache_ent *head;
};
/* the statement-long stand-in */
static _Thread_local struct pl_cache *g_stmt_cache;

static void stmt_cache_forget(void *arg)
{
    if (g_stmt_cache == arg)
        g_stmt_cache = NULL;
}

void sql_plpgsql_session_end(struct sql_env *env)
{
    struct pl_cache *pc = env->plpgsql_cache;
    if (pc == NULL)
        return;
    env->plpgsql_cache = NULL;
    mem_ctx_free(pc->ctx);
}

static char *path_text(struct sql_env *env, struct mem_ctx *ctx)
{
    struct sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < env->nsearch; i++)
        sbuf_printf(&b, "%s,", env->search_path[i]);
    sbuf_puts(&b, env->temp_schema);
    char *r = mem_strndup(ctx, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

static struct pl_cache *cache_of(struct sql_env *env)
{
    if (env->txn_did_ddl || env->cat == NULL) {
        struct mem_ctx *ctx = env->stmt_ctx;
        if (g_stmt_cache == NULL || g_stmt_cache->ctx != ctx) {
            struct pl_cache *pc = mem_alloc0(ctx, sizeof *pc);
            pc->ctx = ctx;
            mem_ctx_cleanup(ctx, stmt_cache_forget, pc);
            g_stmt_cache = pc;
        }
        return g_stmt_cache;
    }
    struct pl_cache *pc = env->plpgsql_cache;
    uint64_t gen = sql_catalog_generation(env->cat);
    char *path = path_text(env, env->stmt_ctx);
    if (pc != NULL &&
        (pc->generation != gen || strcmp(pc->search_path, path) != 0 || pc->n >= PL_CACHE_MAX)) {
        sql_plpgsql_session_end(env);
        pc = NULL;
    }
    if (pc == NULL) {
        struct mem_ctx *ctx = mem_ctx_new(NULL, "plpgsql cache");
        pc = mem_alloc0(ctx, sizeof *pc);
        pc->ctx = ctx;
        pc->generation = gen;
        pc->search_path = mem_strdup(ctx, path);
        env->plpgsql_cache = pc;
    }
    return pc;
}

/* f copied into ctx (the cache outlives the statement that loaded f). */
static const struct sql_fn_desc *copy_desc(struct mem_ctx *ctx, const struct sql_fn_desc *f)
{
    struct sql_fn_desc *c = mem_alloc(ctx, sizeof *c);
    *c = *f;
    c->schema = f->schema != NULL ? mem_strdup(ctx, f->schema) : NULL;
    c->name = mem_strdup(ctx, f->name);
    c->owner = f->owner != NULL ? mem_strdup(ctx, f->owner) : NULL;
    c->body = mem_strdup(ctx, f->body);
    struct sql_fn_arg *a = mem_alloc0(ctx, sizeof *a * (size_t)(f->nargs + 1));
    for (int i = 0; i < f->nargs; i++) {
        a[i] = f->args[i];
        a[i].name = mem_strdup(ctx, f->args[i].name);
        a[i].def = f->args[i].def != NULL ? mem_strdup(ctx, f->args[i].def) : NULL;
    }
    c->args = a;
    c->generic = f->generic != NULL ? copy_desc(ctx, f->generic) : NULL;
    return c;
}

static bool same_fn(const struct sql_fn_desc *a, const struct sql_fn_desc *b)
{
    if (a->oid != b->oid || a->nargs != b->nargs || a->rettype != b->rettype ||
        a->retset != b->retset || a->rettypmod != b->rettypmod || a->is_proc != b->is_proc ||
        strcmp(a->body, b->body) != 0 || strcmp(a->name, b->name) != 0)
        return false;
    for (int i = 0; i < a->nargs; i++)
        if (a->args[i].type != b->args[i].type || a->args[i].mode != b->args[i].mode ||
            strcmp(a->args[i].name, b->args[i].name) != 0)
            return false;
    return true;
}

int sql__pl_get(struct sql_env *env, const struct sql_fn_desc *f, bool is_do, struct pl_func **out,
                struct err *e)
{
    struct pl_cache *pc = cache_of(env);
    for (struct pl_cache_ent **xp = &pc->head; *xp != NULL && !is_do; xp = &(*xp)->next) {
        struct pl_cache_ent *x = *xp;
        if (!same_fn(x->f, f))
            continue;
        if (x->fn->worn && x->fn->active == 0 && x->ctx != pc->ctx) {
            /* replanned too often (plans pile up in its memory): start over */
            *xp = x->next;
            pc->n--;
            mem_ctx_free(x->ctx);
            break;
        }
        *out = x->fn;
        return 0;
    }
    bool own = pc->ctx != env->stmt_ctx;
    struct mem_ctx *ctx = own ? mem_ctx_new(pc->ctx, "plpgsql function") : pc->ctx;
    const struct sql_fn_desc *fc = own ? copy_desc(ctx, f) : f;
    struct pl_func *fn;
    /* the declared types' lookups live as long as the compiled function */
    struct mem_ctx *saved = env->stmt_ctx;
    env->stmt_ctx = ctx;
    int rc = sql__pl_compile(env, fc, is_do, ctx, &fn, NULL, NULL, e);
    env->stmt_ctx = saved;
    if (rc != 0) {
        if (own)
            mem_ctx_free(ctx);
        return rc;
    }
    struct pl_cache_ent *x = mem_alloc0(ctx, sizeof *x);
    x->oid = f->oid;
    x->f = fc;
    x->fn = fn;
    x->ctx = ctx;
    x->next = pc->head;
    pc->head = x;
    pc->n++;
    *out = fn;
    return 0;
}
