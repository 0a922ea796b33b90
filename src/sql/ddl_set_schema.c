/* ddl_set_schema.c — ALTER TABLE / SEQUENCE / VIEW / MATERIALIZED VIEW ...
 * SET SCHEMA (PostgreSQL's AlterTableNamespace, commands/tablecmds.c).
 *
 * A relation lives in its schema through its name record (0x01 'n' <db>
 * <schema> <name>) and the schema oid and name of its descriptor
 * (catalog_int.h). Moving it rewrites both; a table (or materialized view)
 * takes its indexes (their name records) and the sequences it owns (SERIAL,
 * identity, OWNED BY: their descriptors and name records) along, as
 * PostgreSQL's AlterIndexNamespaces / AlterSeqNamespaces. The row type
 * (pg_type, rowtype.h) and the constraints (pg_constraint.connamespace)
 * follow from the descriptor's schema.
 *
 * What names a relation by text has to follow too:
 *  - column DEFAULTs reading a moved sequence (`nextval('s.seq'::regclass)`,
 *    PostgreSQL stores the regclass oid): every table's DEFAULT text naming
 *    the sequence by its old qualified name (or unqualified, when it was in
 *    public) is rewritten with the new one (sql__nextval_text's form);
 *    RENAME of a sequence does the same (sql__seq_rename_defaults, from
 *    ddl.c);
 *  - views and materialized views reading a moved relation: their stored
 *    query names every relation with its schema (bind_view.c), so the
 *    references are rewritten in the parsed query and the text stored
 *    again. A stored text that does not parse back to itself (a view whose
 *    references could not be qualified) is refused with 0A000 rather than
 *    guessed at.
 *
 * Differences from PostgreSQL: moving into pg_catalog or information_schema
 * (PostgreSQL lets a superuser) is 0A000: those schemas are served by
 * virtual tables here.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/deparse.h"
#include "sql/domain.h"
#include "sql/env.h"
#include "sql/parse.h"
#include "sql/temp.h"
#include "sql/view.h"

#include <stdio.h>
#include <string.h>

/* One relation being moved (the statement's, its indexes, its sequences). */
struct moved {
    uint32_t oid;
    char kind; /* name record kind: 'r', 'S', 'v', 'i' */
    const char *name;
};

#define MOVED_MAX 256

struct move {
    uint32_t from, to; /* schema oids */
    const char *from_name, *to_name;
    /* ALTER ... RENAME TO of v[0] (sql__view_rename_rel): its new name, the
     * memory for the aliases keeping the old name as the references' qualifier */
    const char *rename_to;
    struct mem_ctx *ctx;
    int pass;       /* a rename: 0 looks for the new name in use, 1 renames the relation
                     * references, 2 their column qualifiers */
    bool conflict;  /* pass 0 found the new name used as a name or qualifier: pass 1 keeps
                     * the old name as an alias instead of requalifying */
    bool requalify; /* pass 1 renamed an unaliased reference: pass 2 renames its qualifiers */
    struct moved v[MOVED_MAX];
    int n;
};

static int add_moved(struct move *m, uint32_t oid, char kind, const char *name, struct err *e)
{
    if (m->n == MOVED_MAX)
        return sql__ddl_unsupported(e,
                                    "SET SCHEMA of a table with this many indexes and sequences");
    m->v[m->n].oid = oid;
    m->v[m->n].kind = kind;
    m->v[m->n].name = name;
    m->n++;
    return 0;
}

/* 42P07 (42710 for a type) when the target schema has a name one of the
 * moved relations takes (PostgreSQL: AlterRelationNamespaceInternal, then
 * AlterTypeNamespaceInternal for the row type). */
static int check_free(struct sql_env *env, const struct move *m, struct err *e)
{
    for (int i = 0; i < m->n; i++) {
        uint32_t other;
        char kind = 0;
        int rc = sql__name_lookup(env, m->to, m->v[i].name, &other, &kind, e);
        if (rc != 0)
            return rc;
        if (other == 0)
            continue;
        if (kind == 'e' || kind == 'd')
            return err_set_state(e, ERR_EXISTS, "42710",
                                 "type \"%s\" already exists in schema \"%s\"", m->v[i].name,
                                 m->to_name);
        return err_set_state(e, ERR_EXISTS, "42P07",
                             "relation \"%s\" already exists in schema \"%s\"", m->v[i].name,
                             m->to_name);
    }
    return 0;
}

/* The string literal naming a relation in schema as sql__nextval_text
 * writes it ('seq' in public, else 's.seq'), or always qualified. */
static char *rel_lit(struct sql_env *env, const char *schema, const char *name, bool qualify)
{
    struct sbuf id, b;
    sbuf_init(&id);
    sbuf_init(&b);
    if (qualify || (strcmp(schema, SQL_NS_PUBLIC_NAME) != 0 && !sql_temp_is_schema_name(schema))) {
        sql_deparse_ident(schema, &id);
        sbuf_putc(&id, '.');
    }
    sql_deparse_ident(name, &id);
    sbuf_putc(&b, '\'');
    for (size_t i = 0; i < id.len; i++) {
        if (id.data[i] == '\'')
            sbuf_putc(&b, '\'');
        sbuf_putc(&b, id.data[i]);
    }
    sbuf_putc(&b, '\'');
    char *s = mem_strdup(env->stmt_ctx, b.data);
    sbuf_free(&id);
    sbuf_free(&b);
    return s;
}

/* text with every occurrence of from replaced by to (NULL when none). */
static char *replace_all(struct sql_env *env, const char *text, const char *from, const char *to)
{
    if (text == NULL || strstr(text, from) == NULL)
        return NULL;
    struct sbuf b;
    sbuf_init(&b);
    size_t fl = strlen(from);
    const char *p = text, *q;
    while ((q = strstr(p, from)) != NULL) {
        sbuf_append(&b, p, (size_t)(q - p));
        sbuf_puts(&b, to);
        p = q + fl;
    }
    sbuf_puts(&b, p);
    char *s = mem_strdup(env->stmt_ctx, b.data);
    sbuf_free(&b);
    return s;
}

/* Rewrite olds[k] to tos[k] in the DEFAULT of every table (desc, a working
 * copy the caller stores, is edited in place; all: sql_cat_list_tables). */
static int replace_defaults(struct sql_env *env, const struct sql_table_desc **all, size_t nall,
                            struct sql_table_desc *desc, const char *const *olds,
                            const char *const *tos, int nold, struct err *e)
{
    for (size_t i = 0; i < nall + 1; i++) {
        const struct sql_table_desc *t0 = i < nall ? all[i] : desc;
        if (t0 == NULL || (i < nall && desc != NULL && t0->oid == desc->oid) || t0->kind == 'S')
            continue;
        struct sql_table_desc *t = i < nall ? NULL : desc;
        for (int c = 0; c < t0->ncols; c++) {
            for (int k = 0; k < nold; k++) {
                const char *cur = t != NULL ? t->cols[c].default_sql : t0->cols[c].default_sql;
                char *nd = replace_all(env, cur, olds[k], tos[k]);
                if (nd == NULL)
                    continue;
                if (t == NULL)
                    t = sql__desc_copy(env->stmt_ctx, t0);
                t->cols[c].default_sql = nd;
            }
        }
        if (t != NULL && t != desc) {
            t->version++;
            int rc = sql__desc_store(env, t, e);
            if (rc != 0)
                return rc;
            all[i] = t; /* a later rewrite of the same statement edits this version */
        }
    }
    return 0;
}

/* The DEFAULT texts that name sequence `name` of schema `schema`
 * (nextval('x'::regclass) as SERIAL writes it, nextval('x') as a DEFAULT
 * written so is kept), qualified and, in public, unqualified; and what
 * they become for schema `to_schema` / name `to_name`. */
static int seq_default_texts(struct sql_env *env, const char *schema, const char *name,
                             const char *to_schema, const char *to_name, const char **olds,
                             const char **tos)
{
    const char *lits[2];
    int nlit = 0, nold = 0;
    lits[nlit++] = rel_lit(env, schema, name, true);
    if (strcmp(schema, SQL_NS_PUBLIC_NAME) == 0)
        lits[nlit++] = rel_lit(env, schema, name, false);
    const char *to = rel_lit(env, to_schema, to_name, false);
    for (int k = 0; k < nlit; k++) {
        olds[nold] = mem_printf(env->stmt_ctx, "nextval(%s::regclass)", lits[k]);
        tos[nold++] = mem_printf(env->stmt_ctx, "nextval(%s::regclass)", to);
        olds[nold] = mem_printf(env->stmt_ctx, "nextval(%s)", lits[k]);
        tos[nold++] = mem_printf(env->stmt_ctx, "nextval(%s)", to);
    }
    return nold;
}

/* DEFAULTs naming a moved sequence: rewritten in every table (desc, the
 * working copy of the moved table itself, is edited in place and stored by
 * the caller). */
static int fix_defaults(struct sql_env *env, const struct move *m, struct sql_table_desc *desc,
                        struct err *e)
{
    const struct sql_table_desc **all;
    size_t nall;
    int rc = sql_cat_list_tables(env, &all, &nall, e);
    if (rc != 0)
        return rc;
    for (int s = 0; s < m->n && rc == 0; s++) {
        if (m->v[s].kind != 'S')
            continue;
        const char *olds[4], *tos[4];
        int nold =
            seq_default_texts(env, m->from_name, m->v[s].name, m->to_name, m->v[s].name, olds, tos);
        rc = replace_defaults(env, all, nall, desc, olds, tos, nold, e);
    }
    return rc;
}

int sql__seq_rename_defaults(struct sql_env *env, const char *schema, const char *from,
                             const char *to, struct err *e)
{
    const struct sql_table_desc **all;
    size_t nall;
    int rc = sql_cat_list_tables(env, &all, &nall, e);
    if (rc != 0)
        return rc;
    const char *olds[4], *tos[4];
    int nold = seq_default_texts(env, schema, from, schema, to, olds, tos);
    return replace_defaults(env, all, nall, NULL, olds, tos, nold, e);
}

/* ---- views reading a moved relation ---- */

static void fix_select(struct sql_select *s, const struct move *m, int *hits);

struct fix {
    const struct move *m;
    int *hits;
};

static bool fix_visit(struct sql_expr *x, bool known, void *arg)
{
    struct fix *f = arg;
    if (x->kind == SQL_EXPR_SUBLINK)
        fix_select(x->u.sublink.query, f->m, f->hits);
    if (x->kind == SQL_EXPR_COLUMN && f->m->pass == 0 && f->m->rename_to != NULL) {
        const struct sql_list *fl = &x->u.column.fields;
        int q = fl->n - (x->u.column.star ? 1 : 2);
        for (int i = 0; i <= q; i++)
            if (strcmp(fl->items[i], f->m->rename_to) == 0)
                ((struct move *)f->m)->conflict = true;
    }
    if (x->kind == SQL_EXPR_COLUMN && f->m->pass == 2) {
        struct sql_list *fl = &x->u.column.fields;
        int q = fl->n - (x->u.column.star ? 1 : 2); /* the relation part */
        if (q >= 0 && strcmp(fl->items[q], f->m->v[0].name) == 0)
            fl->items[q] = (char *)f->m->rename_to;
    }
    return known;
}

static void fix_expr(struct sql_expr *x, const struct move *m, int *hits)
{
    struct fix f = {m, hits};
    sql_expr_walk(x, fix_visit, &f);
}

static void fix_list(struct sql_list *l, const struct move *m, int *hits)
{
    for (int i = 0; i < l->n; i++)
        fix_expr(l->items[i], m, hits);
}

static void fix_rangevar(struct sql_rangevar *rv, const struct move *m, int *hits)
{
    if (rv != NULL && m->rename_to != NULL && m->pass == 0 &&
        (strcmp(rv->name.name, m->rename_to) == 0 ||
         (rv->alias != NULL && strcmp(rv->alias->name, m->rename_to) == 0)))
        ((struct move *)m)->conflict = true; /* in any schema */
    if (rv == NULL || rv->name.schema == NULL || strcmp(rv->name.schema, m->from_name) != 0)
        return;
    if (m->rename_to != NULL) { /* a rename */
        struct move *mm = (struct move *)m;
        if (m->pass == 0 && (strcmp(rv->name.name, m->rename_to) == 0 ||
                             (rv->alias != NULL && strcmp(rv->alias->name, m->rename_to) == 0)))
            mm->conflict = true;
        if (m->pass == 1 && strcmp(rv->name.name, m->v[0].name) == 0) {
            if (rv->alias == NULL && m->conflict) { /* the old name stays its qualifier */
                rv->alias = mem_alloc0(m->ctx, sizeof(*rv->alias));
                rv->alias->name = mem_strdup(m->ctx, m->v[0].name);
            } else if (rv->alias == NULL) {
                mm->requalify = true; /* its references: pass 2 */
            } else if (strcmp(rv->alias->name, m->rename_to) == 0 && rv->alias->colnames.n == 0)
                rv->alias = NULL; /* "FROM t t" reads "FROM t" */
            rv->name.name = (char *)m->rename_to;
            (*hits)++;
        }
        return;
    }
    for (int i = 0; i < m->n; i++) {
        if (m->v[i].kind != 'i' && strcmp(rv->name.name, m->v[i].name) == 0) {
            rv->name.schema = (char *)m->to_name;
            (*hits)++;
            return;
        }
    }
}

static void alias_conflict(const struct sql_alias *a, const struct move *m)
{
    if (a != NULL && m->rename_to != NULL && m->pass == 0 && strcmp(a->name, m->rename_to) == 0)
        ((struct move *)m)->conflict = true;
}

static void fix_from(struct sql_from *f, const struct move *m, int *hits)
{
    if (f == NULL)
        return;
    if (f->kind == SQL_FROM_SUBQUERY)
        alias_conflict(f->u.sub.alias, m);
    else if (f->kind == SQL_FROM_JOIN) {
        alias_conflict(f->u.join.alias, m);
        alias_conflict(f->u.join.using_alias, m);
    } else if (f->kind == SQL_FROM_FUNCTION)
        alias_conflict(f->u.func.alias, m);
    switch (f->kind) {
    case SQL_FROM_TABLE:
        fix_rangevar(f->u.table, m, hits);
        break;
    case SQL_FROM_SUBQUERY:
        fix_select(f->u.sub.query, m, hits);
        break;
    case SQL_FROM_JOIN:
        fix_from(f->u.join.l, m, hits);
        fix_from(f->u.join.r, m, hits);
        fix_expr(f->u.join.on, m, hits);
        break;
    case SQL_FROM_FUNCTION:
        fix_expr(f->u.func.call, m, hits);
        for (int k = 1; k < f->u.func.calls.n; k++) /* ROWS FROM: the others */
            fix_expr(f->u.func.calls.items[k], m, hits);
        break;
    }
}

static void fix_select(struct sql_select *s, const struct move *m, int *hits)
{
    if (s == NULL)
        return;
    fix_select(s->larg, m, hits);
    fix_select(s->rarg, m, hits);
    if (s->with != NULL) {
        for (int i = 0; i < s->with->ctes.n; i++) {
            const struct sql_cte *c = s->with->ctes.items[i];
            if (m->rename_to != NULL && m->pass == 0 && c->name != NULL &&
                strcmp(c->name, m->rename_to) == 0)
                ((struct move *)m)->conflict = true;
            if (c->query != NULL && c->query->kind == SQL_STMT_SELECT)
                fix_select(c->query->u.select, m, hits);
        }
    }
    fix_list(&s->distinct_on, m, hits);
    for (int i = 0; i < s->targets.n; i++)
        fix_expr(((struct sql_target *)s->targets.items[i])->val, m, hits);
    for (int i = 0; i < s->from.n; i++)
        fix_from(s->from.items[i], m, hits);
    fix_expr(s->where, m, hits);
    fix_list(&s->group_by, m, hits);
    fix_expr(s->having, m, hits);
    for (int i = 0; i < s->windows.n; i++) {
        struct sql_window *w = s->windows.items[i];
        fix_list(&w->partition, m, hits);
        for (int j = 0; j < w->order.n; j++)
            fix_expr(((struct sql_sortby *)w->order.items[j])->expr, m, hits);
    }
    for (int i = 0; i < s->values.n; i++)
        fix_list(s->values.items[i], m, hits);
    for (int i = 0; i < s->order_by.n; i++)
        fix_expr(((struct sql_sortby *)s->order_by.items[i])->expr, m, hits);
    fix_expr(s->limit, m, hits);
    fix_expr(s->offset, m, hits);
}

/* The stored query of view v with the moved relations' references in the
 * new schema: *out NULL when v names none of them by its schema. */
static int view_text(struct sql_env *env, const struct sql_table_desc *v, const struct move *m,
                     char **out, struct err *e)
{
    *out = NULL;
    if (v->view_sql == NULL)
        return 0;
    struct sql_parse_result pr;
    int rc = sql_parse(v->view_sql, strlen(v->view_sql), NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT)
        return sql__corrupt(e, "view", v->oid, "stored query is not a SELECT");
    struct sql_select *q = pr.stmts[0]->u.select;
    struct sbuf b;
    sbuf_init(&b);
    sql_deparse_select(q, 0, &b);
    bool same = b.data != NULL && strcmp(b.data, v->view_sql) == 0;
    sbuf_reset(&b);
    int hits = 0;
    struct move *mm = (struct move *)m;
    mm->requalify = false;
    mm->conflict = false;
    if (m->rename_to != NULL) { /* is the new name in use in the query? */
        int h0 = 0;
        mm->pass = 0;
        fix_select(q, m, &h0);
    }
    mm->pass = 1;
    fix_select(q, m, &hits);
    if (m->rename_to != NULL && m->requalify && hits > 0) {
        int h2 = 0;
        mm->pass = 2;
        fix_select(q, m, &h2);
    }
    if (hits > 0 && same) {
        sql_deparse_select(q, 0, &b);
        *out = mem_strdup(env->stmt_ctx, b.data);
    }
    sbuf_free(&b);
    if ((hits == 0 || !same) && m->rename_to != NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "renaming relation \"%s\" is not supported: view \"%s\" depends on "
                             "it",
                             m->v[0].name, v->name);
    if (hits == 0 || !same)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "changing the schema of relation \"%s\" is not supported: view "
                             "\"%s\" depends on it",
                             m->v[0].name, v->name);
    return 0;
}

static int fix_views(struct sql_env *env, const struct move *m, struct err *e)
{
    for (int i = 0; i < m->n; i++) {
        if (m->v[i].kind == 'i')
            continue;
        const struct sql_table_desc **deps;
        size_t n;
        int rc = sql_view_dependents(env, m->v[i].oid, 0, &deps, &n, e);
        for (size_t j = 0; rc == 0 && j < n; j++) {
            /* the newest version: an earlier relation of the move may have
             * rewritten it already */
            const struct sql_table_desc *v0;
            char *text;
            if ((rc = sql_cat_table_by_oid(env, deps[j]->oid, &v0, e)) != 0)
                break;
            if (v0 == NULL || (rc = view_text(env, v0, m, &text, e)) != 0 || text == NULL)
                continue;
            struct sql_table_desc *v = sql__desc_copy(env->stmt_ctx, v0);
            v->view_sql = text;
            v->version++;
            rc = sql__desc_store(env, v, e);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ALTER TABLE / VIEW / ... t RENAME TO newname: the stored queries of the
 * views reading t name it by its new name, aliased by its old one (so their
 * column references stay valid, as PostgreSQL's pg_get_viewdef shows). */
int sql__view_rename_rel(struct sql_env *env, const struct sql_table_desc *t, const char *newname,
                         struct err *e)
{
    struct move m;
    memset(&m, 0, sizeof m);
    m.from = m.to = t->schema_oid;
    m.from_name = m.to_name = t->schema;
    m.rename_to = newname;
    m.ctx = env->stmt_ctx;
    int rc = add_moved(&m, t->oid, t->kind, t->name, e);
    return rc != 0 ? rc : fix_views(env, &m, e);
}

/* ---- the statement ---- */

static int move_one(struct sql_env *env, const struct move *m, const struct moved *o,
                    struct sql_table_desc *desc, struct err *e)
{
    int rc = sql__name_delete(env, m->from, o->name, e);
    if (rc == 0)
        rc = sql__name_store(env, m->to, o->name, o->kind, o->oid, e);
    if (rc != 0 || desc == NULL)
        return rc;
    desc->schema_oid = m->to;
    snprintf(desc->schema, sizeof desc->schema, "%s", m->to_name);
    desc->version++;
    return 0;
}

static const char *kind_tag(enum sql_object_type ot)
{
    return ot == SQL_OBJ_SEQUENCE  ? "ALTER SEQUENCE"
           : ot == SQL_OBJ_VIEW    ? "ALTER VIEW"
           : ot == SQL_OBJ_MATVIEW ? "ALTER MATERIALIZED VIEW"
                                   : "ALTER TABLE";
}

int sql__set_schema(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    const struct sql_rangevar *rv = st->u.rename.rel;
    enum sql_object_type ot = st->u.rename.objtype;
    sbuf_puts(tag, kind_tag(ot));
    int rc = sql__check_not_system(rv->name.schema, rv->name.name, e);
    if (rc != 0)
        return rc;
    uint32_t oid, ns;
    char kind;
    rc = sql__find_rel_or_skip(env, rv, st->u.rename.if_exists, &oid, &kind, &ns, e);
    if (rc != 0 || oid == 0)
        return rc;
    if (kind == 'e' || kind == 'd') /* types share the name records, not pg_class */
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                             rv->name.name);
    const struct sql_table_desc *t0 = NULL;
    if ((kind == 'r' || kind == 'S' || kind == 'v') &&
        (rc = sql_cat_table_by_oid(env, oid, &t0, e)) != 0)
        return rc;
    if ((kind == 'r' || kind == 'S' || kind == 'v') && t0 == NULL)
        return sql__corrupt(e, "name", oid, "missing descriptor");
    /* PostgreSQL's RangeVarCallbackForAlterRelation */
    if (ot == SQL_OBJ_SEQUENCE && kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", rv->name.name);
    if (ot == SQL_OBJ_VIEW && kind != 'v')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a view", rv->name.name);
    if (ot == SQL_OBJ_MATVIEW && (t0 == NULL || !t0->matview))
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a materialized view",
                             rv->name.name);
    if (kind == 'c')
        return err_set_state(e, ERR_INVAL, "42809",
                             "\"%s\" is a composite type\nHINT:  Use ALTER TYPE instead.",
                             rv->name.name);
    if (kind == 'i')
        return err_set_state(e, ERR_INVAL, "42809",
                             "cannot change schema of index \"%s\"\nHINT:  Change the schema of "
                             "the table instead.",
                             rv->name.name);
    if (t0 == NULL)
        return sql__ddl_unsupported(e, "SET SCHEMA of this kind of relation");
    if (kind == 'S' && t0->seq.owned_by_table != 0) {
        const struct sql_table_desc *owner;
        if ((rc = sql_cat_table_by_oid(env, t0->seq.owned_by_table, &owner, e)) != 0)
            return rc;
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot move an owned sequence into another schema\nDETAIL:  "
                             "Sequence \"%s\" is linked to table \"%s\".",
                             t0->name, owner != NULL ? owner->name : "?");
    }
    struct move m;
    memset(&m, 0, sizeof m);
    m.from = t0->schema_oid;
    m.from_name = t0->schema;
    m.to_name = st->u.rename.newname;
    if (strcmp(m.to_name, "pg_temp") == 0 || sql_temp_is_schema_name(m.to_name)) {
        uint32_t tns = 0;
        const char *tname;
        if (strcmp(m.to_name, "pg_temp") != 0)
            rc = sql__schema_oid(env, m.to_name, &tns, e);
        else
            rc = sql__temp_schema(env, &tns, &tname, e);
        if (rc != 0)
            return rc;
        if (tns == 0)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                 m.to_name);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot move objects into or out of temporary schemas");
    }
    if ((rc = sql__schema_oid(env, m.to_name, &m.to, e)) != 0)
        return rc;
    if (m.to == 0)
        return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", m.to_name);
    if (sql_temp_is_schema_name(t0->schema))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot move objects into or out of temporary schemas");
    if (m.to == m.from) /* PostgreSQL: nothing to do */
        return 0;
    if (m.to == SQL_NS_PG_CATALOG || m.to == SQL_NS_INFORMATION)
        return sql__ddl_unsupported(e, "SET SCHEMA into a system schema");

    /* What moves: the relation, then (tables and materialized views) its
     * indexes and owned sequences. */
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    if ((rc = add_moved(&m, t->oid, kind, t->name, e)) != 0)
        return rc;
    const struct sql_table_desc **seqs = NULL;
    size_t nseqs = 0;
    if (kind == 'r') {
        for (int i = 0; i < t->nidx; i++)
            if (t->idx[i].oid != 0 &&
                (rc = add_moved(&m, t->idx[i].oid, 'i', t->idx[i].name, e)) != 0)
                return rc;
        if ((rc = sql__owned_seqs(env, t0, 0, &seqs, &nseqs, e)) != 0)
            return rc;
        for (size_t i = 0; i < nseqs; i++)
            if ((rc = add_moved(&m, seqs[i]->oid, 'S', seqs[i]->name, e)) != 0)
                return rc;
    }
    if ((rc = check_free(env, &m, e)) != 0)
        return rc;
    /* Views first: they read the descriptors at their old place. */
    if ((rc = fix_views(env, &m, e)) != 0)
        return rc;
    if ((rc = fix_defaults(env, &m, t, e)) != 0)
        return rc;
    if ((rc = move_one(env, &m, &m.v[0], t, e)) != 0)
        return rc;
    for (int i = 1; i < m.n; i++) {
        if (m.v[i].kind == 'i') {
            rc = move_one(env, &m, &m.v[i], NULL, e);
        } else {
            const struct sql_table_desc *s0;
            if ((rc = sql_cat_table_by_oid(env, m.v[i].oid, &s0, e)) != 0)
                return rc;
            if (s0 == NULL)
                return sql__corrupt(e, "sequence", m.v[i].oid, "missing descriptor");
            struct sql_table_desc *s = sql__desc_copy(env->stmt_ctx, s0);
            rc = move_one(env, &m, &m.v[i], s, e);
            if (rc == 0)
                rc = sql__desc_store(env, s, e);
        }
        if (rc != 0)
            return rc;
    }
    return sql__desc_store(env, t, e);
}

/* ---- ALTER TYPE / DOMAIN ... SET SCHEMA (enum.c, domain.c) ---- */

/* Does text name ident as a token (not inside a longer identifier)? */
static bool names_token(const char *text, const char *ident)
{
    size_t n = strlen(ident);
    for (const char *p = text != NULL ? strstr(text, ident) : NULL; p != NULL;
         p = strstr(p + 1, ident)) {
        bool before = p > text && (p[-1] == '_' || p[-1] == '$' || (p[-1] >= '0' && p[-1] <= '9') ||
                                   ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z'));
        char c = p[n];
        bool after = c == '_' || c == '$' || (c >= '0' && c <= '9') ||
                     ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (!before && !after)
            return true;
    }
    return false;
}

/* A type is resolved by name wherever a stored text casts to it (DEFAULT,
 * CHECK, generation and index expressions, view queries); PostgreSQL's
 * stored trees hold its oid. Moving a type such a text may name is 0A000. */
static int check_unnamed(struct sql_env *env, const char *name, struct err *e)
{
    const struct sql_table_desc **all;
    size_t nall;
    int rc = sql_cat_list_tables(env, &all, &nall, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nall; i++) {
        const struct sql_table_desc *t = all[i];
        bool hit = names_token(t->view_sql, name);
        for (int c = 0; !hit && c < t->ncols; c++)
            hit = names_token(t->cols[c].default_sql, name);
        for (int c = 0; !hit && c < t->nchecks; c++)
            hit = names_token(t->checks[c].expr_sql, name);
        for (int x = 0; !hit && x < t->nidx; x++) {
            hit = names_token(t->idx[x].pred, name);
            for (int j = 0; !hit && j < t->idx[x].ncols; j++)
                hit = names_token(t->idx[x].exprs[j], name);
        }
        if (hit)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "changing the schema of type \"%s\" is not supported: %s \"%s\" "
                                 "may name it in a stored expression",
                                 name, t->kind == 'v' || t->matview ? "view" : "table", t->name);
    }
    const struct sql_domain **doms;
    size_t nd;
    if ((rc = sql__domain_list(env, &doms, &nd, e)) != 0)
        return rc;
    for (size_t i = 0; i < nd; i++) {
        const struct sql_domain *d = doms[i];
        bool hit = names_token(d->default_sql, name);
        for (int c = 0; !hit && c < d->nchecks; c++)
            hit = names_token(d->checks[c].expr_sql, name);
        if (hit)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "changing the schema of type \"%s\" is not supported: domain "
                                 "\"%s\" may name it in a stored expression",
                                 name, d->ti.name);
    }
    return 0;
}

int sql__type_set_schema(struct sql_env *env, uint32_t oid, char kind, const char *name,
                         uint32_t from, const char *to_name, uint32_t *to, struct err *e)
{
    *to = 0;
    int rc;
    if (strcmp(to_name, "pg_temp") == 0) {
        const char *tname;
        if ((rc = sql__temp_schema(env, to, &tname, e)) != 0)
            return rc;
    } else if ((rc = sql__schema_oid(env, to_name, to, e)) != 0) {
        return rc;
    }
    if (*to == 0)
        return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", to_name);
    if (*to == from) /* PostgreSQL: nothing to do */
        return 0;
    if (strcmp(to_name, "pg_temp") == 0 || sql_temp_is_schema_name(to_name))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot move objects into or out of temporary schemas");
    if (*to == SQL_NS_PG_CATALOG || *to == SQL_NS_INFORMATION)
        return sql__ddl_unsupported(e, "SET SCHEMA into a system schema");
    uint32_t other;
    char okind;
    if ((rc = sql__name_lookup(env, *to, name, &other, &okind, e)) != 0)
        return rc;
    if (other != 0)
        return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists in schema \"%s\"",
                             name, to_name);
    if ((rc = check_unnamed(env, name, e)) != 0)
        return rc;
    if ((rc = sql__name_delete(env, from, name, e)) != 0)
        return rc;
    return sql__name_store(env, *to, name, kind, oid, e);
}
