/* parse_function.c — CREATE [OR REPLACE] FUNCTION / PROCEDURE, DROP
 * FUNCTION / PROCEDURE, DO and CALL into SQL_STMT_FUNCTION_DDL (sqlfn.h).
 * DROP ROUTINE and ALTER PROCEDURE stay with the generic
 * unsupported-statement path.
 *
 * A SQL-standard body RETURN expr is kept as the text "SELECT expr"
 * (deparse.h), std_body set; BEGIN ATOMIC ... END is 0A000.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/deparse.h"
#include "sql/parse_int.h"
#include "sql/sqlfn.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *node_sval(const pq_node *n)
{
    if (n == NULL)
        return NULL;
    if (n->node_case == PG_QUERY__NODE__NODE_STRING)
        return n->string->sval;
    return NULL;
}

static int opt_bool(const pq_node *a)
{
    if (a == NULL)
        return 1;
    if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        return a->boolean->boolval ? 1 : 0;
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return a->integer->ival != 0;
    return 1;
}

static double opt_num(const pq_node *a)
{
    if (a == NULL)
        return 0;
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return a->integer->ival;
    if (a->node_case == PG_QUERY__NODE__NODE_FLOAT)
        return strtod(a->float_->fval, NULL);
    return 0;
}

/* The body literal after AS at loc: its first character's offset. */
static void body_location_at(struct sql__cv *cv, int loc, size_t skip, struct sql_fn_ddl *f)
{
    f->body_location = -1;
    if (cv->text == NULL || loc < 0 || (size_t)loc + skip >= cv->len)
        return;
    size_t i = (size_t)loc + skip;
    while (i < cv->len && (cv->text[i] == ' ' || cv->text[i] == '\t' || cv->text[i] == '\n' ||
                           cv->text[i] == '\r'))
        i++;
    if (i >= cv->len)
        return;
    if (cv->text[i] == '\'') {
        f->body_location = (int)i + 1;
        f->quotes_doubled = true;
    } else if (cv->text[i] == '$') {
        size_t k = i + 1;
        while (k < cv->len && cv->text[k] != '$')
            k++;
        if (k < cv->len)
            f->body_location = (int)k + 1;
    }
}

static void body_location(struct sql__cv *cv, int loc, struct sql_fn_ddl *f)
{
    body_location_at(cv, loc, 2, f); /* past AS */
}

static int conflicting(struct sql__cv *cv)
{
    return err_set_state(cv->e, ERR_INVAL, "42601", "conflicting or redundant options");
}

static int cv_options(struct sql__cv *cv, pq_node **opts, size_t n, struct sql_fn_ddl *f)
{
    bool seen_lang = false, seen_as = false, seen_vol = false, seen_strict = false;
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            return sql__malformed(cv, "function option");
        const PgQuery__DefElem *d = opts[i]->def_elem;
        const char *name = d->defname != NULL ? d->defname : "";
        const pq_node *a = d->arg;
        if (strcmp(name, "language") == 0) {
            if (seen_lang)
                return conflicting(cv);
            seen_lang = true;
            const char *l = node_sval(a);
            if (l == NULL)
                return sql__malformed(cv, "LANGUAGE");
            f->language = mem_strdup(cv->ctx, l);
            for (char *p = f->language; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        } else if (strcmp(name, "as") == 0) {
            if (seen_as)
                return conflicting(cv);
            seen_as = true;
            if (a == NULL || a->node_case != PG_QUERY__NODE__NODE_LIST || a->list->n_items < 1)
                return sql__malformed(cv, "AS");
            const char *b = node_sval(a->list->items[0]);
            if (b == NULL)
                return sql__malformed(cv, "AS");
            f->body = mem_strdup(cv->ctx, b);
            body_location(cv, d->location, f);
            f->nas = (int)a->list->n_items;
        } else if (strcmp(name, "volatility") == 0) {
            if (seen_vol)
                return conflicting(cv);
            seen_vol = true;
            const char *v = node_sval(a);
            f->volatility = v == NULL ? 0 : v[0] == 'i' ? 'i' : v[0] == 's' ? 's' : 'v';
        } else if (strcmp(name, "strict") == 0) {
            if (seen_strict)
                return conflicting(cv);
            seen_strict = true;
            f->strict = opt_bool(a);
        } else if (strcmp(name, "security") == 0) {
            f->secdef = opt_bool(a);
        } else if (strcmp(name, "leakproof") == 0) {
            f->leakproof = opt_bool(a);
        } else if (strcmp(name, "cost") == 0) {
            f->cost = opt_num(a);
        } else if (strcmp(name, "rows") == 0) {
            f->rows = opt_num(a);
        } else if (strcmp(name, "parallel") == 0) {
            const char *v = node_sval(a);
            f->parallel = v == NULL                    ? 0
                          : v[0] == 's' && v[1] == 'a' ? 's'
                          : v[0] == 'r'                ? 'r'
                                                       : 'u';
        } else if (strcmp(name, "set") == 0) {
            return sql__unsupported(cv, "SET clauses of CREATE FUNCTION");
        } else if (strcmp(name, "window") == 0) {
            return sql__unsupported(cv, "CREATE FUNCTION ... WINDOW");
        } else if (strcmp(name, "support") == 0) {
            return sql__unsupported(cv, "CREATE FUNCTION ... SUPPORT");
        } else if (strcmp(name, "transform") == 0) {
            return sql__unsupported(cv, "CREATE FUNCTION ... TRANSFORM");
        } else {
            return sql__malformed(cv, "function option");
        }
    }
    return 0;
}

static int cv_params(struct sql__cv *cv, pq_node **ps, size_t n, struct sql_fn_ddl *f)
{
    sql__list_init(cv, &f->params, n);
    for (size_t i = 0; i < n; i++) {
        if (ps[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
            return sql__malformed(cv, "function parameter");
        const PgQuery__FunctionParameter *p = ps[i]->function_parameter;
        struct sql_fn_param *fp = mem_alloc0(cv->ctx, sizeof *fp);
        fp->name = p->name != NULL && p->name[0] != 0 ? mem_strdup(cv->ctx, p->name) : NULL;
        int rc = sql__cv_typename(cv, p->arg_type, &fp->type);
        if (rc != 0)
            return rc;
        switch (p->mode) {
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
            fp->mode = 'o';
            break;
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
            fp->mode = 'b';
            break;
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
            fp->mode = 'v';
            break;
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
            fp->mode = 't';
            break;
        default:
            fp->mode = 'i';
            break;
        }
        if (p->defexpr != NULL && p->defexpr->node_case != PG_QUERY__NODE__NODE__NOT_SET &&
            (rc = sql__cv_expr(cv, p->defexpr, &fp->def)) != 0)
            return rc;
        f->params.items[i] = fp;
    }
    return 0;
}

/* One statement of a SQL-standard body as text: RETURN expr as SELECT
 * expr, a SELECT deparsed; others are 0A000 (no deparser for them yet). */
static int body_stmt(struct sql__cv *cv, const pq_node *n, struct sbuf *b)
{
    if (n->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
        struct sql_expr *x;
        int rc = sql__cv_expr(cv, n->return_stmt->returnval, &x);
        if (rc != 0)
            return rc;
        sbuf_puts(b, "SELECT ");
        sql_deparse_expr(x, b);
        return 0;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
        struct sql_stmt *st;
        int rc = sql__cv_stmt(cv, n, &st);
        if (rc != 0)
            return rc;
        if (st->kind != SQL_STMT_SELECT)
            return sql__malformed(cv, "SELECT");
        sql_deparse_select(st->u.select, 0, b);
        return 0;
    }
    return sql__unsupported(cv, "statements other than SELECT and RETURN in BEGIN ATOMIC bodies");
}

static int cv_create(struct sql__cv *cv, const PgQuery__CreateFunctionStmt *s, struct sql_stmt *st)
{
    struct sql_fn_ddl *f = mem_alloc0(cv->ctx, sizeof *f);
    f->op = 'c';
    f->replace = s->replace;
    f->strict = -1;
    f->secdef = -1;
    f->leakproof = -1;
    f->location = -1;
    f->body_location = -1;
    int rc = sql__cv_qname(cv, s->funcname, s->n_funcname, &f->name);
    if (rc == 0)
        rc = cv_params(cv, s->parameters, s->n_parameters, f);
    if (rc == 0 && s->return_type != NULL)
        rc = sql__cv_typename(cv, s->return_type, &f->ret);
    if (rc == 0)
        rc = cv_options(cv, s->options, s->n_options, f);
    if (rc != 0)
        return rc;
    if (s->sql_body != NULL && s->sql_body->node_case != PG_QUERY__NODE__NODE__NOT_SET) {
        if (f->body != NULL)
            return err_set_state(cv->e, ERR_INVAL, "42P13", "duplicate function body specified");
        struct sbuf b;
        sbuf_init(&b);
        if (s->sql_body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
            rc = body_stmt(cv, s->sql_body, &b);
        } else if (s->sql_body->node_case == PG_QUERY__NODE__NODE_LIST) {
            /* BEGIN ATOMIC: a list holding the list of statements */
            const PgQuery__List *l = s->sql_body->list;
            if (l->n_items == 1 && l->items[0]->node_case == PG_QUERY__NODE__NODE_LIST)
                l = l->items[0]->list;
            f->atomic = true;
            for (size_t i = 0; i < l->n_items && rc == 0; i++) {
                if (i > 0)
                    sbuf_puts(&b, ";\n");
                rc = body_stmt(cv, l->items[i], &b);
            }
        } else {
            rc = sql__malformed(cv, "function body");
        }
        if (rc != 0) {
            sbuf_free(&b);
            return rc;
        }
        f->body = mem_strndup(cv->ctx, b.data ? b.data : "", b.len);
        sbuf_free(&b);
        f->std_body = true;
        if (f->language == NULL)
            f->language = mem_strdup(cv->ctx, "sql");
    }
    st->kind = SQL_STMT_FUNCTION_DDL;
    st->u.fn_ddl = f;
    return 0;
}

int sql__cv_fref(struct sql__cv *cv, const pq_node *o, struct sql_fn_ref **out);

static struct sql_fn_ddl *new_alter(struct sql__cv *cv, char op)
{
    struct sql_fn_ddl *f = mem_alloc0(cv->ctx, sizeof *f);
    f->op = op;
    f->strict = -1;
    f->secdef = -1;
    f->leakproof = -1;
    f->cost = -1;
    f->rows = -1;
    sql__list_init(cv, &f->drops, 1);
    return f;
}

static int cv_alter(struct sql__cv *cv, const PgQuery__AlterFunctionStmt *s, struct sql_stmt *st)
{
    struct sql_fn_ddl *f = new_alter(cv, 'a');
    int rc;
    if (s->func == NULL)
        return sql__malformed(cv, "ALTER FUNCTION");
    PgQuery__Node n = PG_QUERY__NODE__INIT;
    n.node_case = PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS;
    n.object_with_args = s->func;
    if ((rc = sql__cv_fref(cv, &n, (struct sql_fn_ref **)&f->drops.items[0])) != 0)
        return rc;
    if ((rc = cv_options(cv, s->actions, s->n_actions, f)) != 0)
        return rc;
    st->kind = SQL_STMT_FUNCTION_DDL;
    st->u.fn_ddl = f;
    return 0;
}

static int cv_fref_mode(struct sql__cv *cv, const pq_node *o, bool keep_out,
                        struct sql_fn_ref **out);

static int cv_drop(struct sql__cv *cv, const PgQuery__DropStmt *s, struct sql_stmt *st, bool proc)
{
    struct sql_fn_ddl *f = mem_alloc0(cv->ctx, sizeof *f);
    f->op = 'd';
    f->proc = proc;
    f->if_exists = s->missing_ok;
    f->behavior = sql__cv_drop_behavior(s->behavior);
    sql__list_init(cv, &f->drops, s->n_objects);
    for (size_t i = 0; i < s->n_objects; i++) {
        int rc = cv_fref_mode(cv, s->objects[i], proc, (struct sql_fn_ref **)&f->drops.items[i]);
        if (rc != 0)
            return rc;
    }
    st->kind = SQL_STMT_FUNCTION_DDL;
    st->u.fn_ddl = f;
    return 0;
}

int sql__cv_fref(struct sql__cv *cv, const pq_node *o, struct sql_fn_ref **out)
{
    return cv_fref_mode(cv, o, false, out);
}

/* keep_out: a procedure's OUT arguments identify it (PostgreSQL 14+). */
static int cv_fref_mode(struct sql__cv *cv, const pq_node *o, bool keep_out,
                        struct sql_fn_ref **out)
{
    {
        if (o->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
            return sql__malformed(cv, "function reference");
        const PgQuery__ObjectWithArgs *ow = o->object_with_args;
        struct sql_fn_ref *r = mem_alloc0(cv->ctx, sizeof *r);
        int rc = sql__cv_qname(cv, ow->objname, ow->n_objname, &r->name);
        if (rc != 0)
            return rc;
        r->args_given = !ow->args_unspecified;
        /* objfuncargs carries the modes: OUT arguments do not identify */
        size_t na = ow->n_objargs;
        sql__list_init(cv, &r->argtypes, 0);
        for (size_t k = 0; k < na; k++) {
            if (!keep_out && k < ow->n_objfuncargs &&
                ow->objfuncargs[k]->node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER &&
                ow->objfuncargs[k]->function_parameter->mode ==
                    PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT)
                continue;
            if (ow->objargs[k]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
                return sql__malformed(cv, "DROP FUNCTION argument");
            struct sql_typename *t;
            if ((rc = sql__cv_typename(cv, ow->objargs[k]->type_name, &t)) != 0)
                return rc;
            struct sql_list *l = &r->argtypes;
            void **items = mem_alloc(cv->ctx, sizeof(void *) * (size_t)(l->n + 1));
            for (int j = 0; j < l->n; j++)
                items[j] = l->items[j];
            items[l->n] = t;
            l->items = items;
            l->n++;
        }
        *out = r;
    }
    return 0;
}

/* DO [LANGUAGE name] 'body': u.fn_ddl with op 'x', body and language. */
static int cv_do(struct sql__cv *cv, const PgQuery__DoStmt *s, struct sql_stmt *st)
{
    struct sql_fn_ddl *f = mem_alloc0(cv->ctx, sizeof *f);
    f->op = 'x';
    f->body_location = -1;
    for (size_t i = 0; i < s->n_args; i++) {
        if (s->args[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            return sql__malformed(cv, "DO option");
        const PgQuery__DefElem *d = s->args[i]->def_elem;
        const char *name = d->defname != NULL ? d->defname : "";
        const char *v = node_sval(d->arg);
        if (v == NULL)
            return sql__malformed(cv, "DO option");
        if (strcmp(name, "as") == 0) {
            if (f->body != NULL)
                return conflicting(cv);
            f->body = mem_strdup(cv->ctx, v);
            body_location_at(cv, d->location, 0, f);
        } else if (strcmp(name, "language") == 0) {
            if (f->language != NULL)
                return conflicting(cv);
            f->language = mem_strdup(cv->ctx, v);
            for (char *p = f->language; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        } else {
            return sql__malformed(cv, "DO option");
        }
    }
    if (f->body == NULL)
        return err_set_state(cv->e, ERR_INVAL, "42601", "no inline code specified");
    st->kind = SQL_STMT_FUNCTION_DDL;
    st->u.fn_ddl = f;
    return 0;
}

int sql__cv_function(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st)
{
    if (n->node_case == PG_QUERY__NODE__NODE_DO_STMT)
        return cv_do(cv, n->do_stmt, st);
    if (n->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
        int rc = cv_create(cv, n->create_function_stmt, st);
        if (rc == 0)
            st->u.fn_ddl->proc = n->create_function_stmt->is_procedure;
        return rc;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT &&
        (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
         n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE))
        return cv_drop(cv, n->drop_stmt, st,
                       n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE);
    if (n->node_case == PG_QUERY__NODE__NODE_CALL_STMT) {
        const PgQuery__CallStmt *cs = n->call_stmt;
        if (cs->funccall == NULL)
            return sql__malformed(cv, "CALL");
        PgQuery__Node fn = PG_QUERY__NODE__INIT;
        fn.node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
        fn.func_call = cs->funccall;
        struct sql_fn_ddl *f = mem_alloc0(cv->ctx, sizeof *f);
        f->op = 'k';
        int rc = sql__cv_expr(cv, &fn, &f->call);
        if (rc != 0)
            return rc;
        st->kind = SQL_STMT_FUNCTION_DDL;
        st->u.fn_ddl = f;
        return 0;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT &&
        n->alter_function_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION)
        return cv_alter(cv, n->alter_function_stmt, st);
    if (n->node_case == PG_QUERY__NODE__NODE_RENAME_STMT &&
        n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION &&
        n->rename_stmt->object != NULL) {
        struct sql_fn_ddl *f = new_alter(cv, 'r');
        int rc = sql__cv_fref(cv, n->rename_stmt->object, (struct sql_fn_ref **)&f->drops.items[0]);
        if (rc != 0)
            return rc;
        f->newname = mem_strdup(cv->ctx, n->rename_stmt->newname);
        st->kind = SQL_STMT_FUNCTION_DDL;
        st->u.fn_ddl = f;
        return 0;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_ALTER_OWNER_STMT &&
        n->alter_owner_stmt->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION &&
        n->alter_owner_stmt->object != NULL && n->alter_owner_stmt->newowner != NULL) {
        const PgQuery__RoleSpec *rs = n->alter_owner_stmt->newowner;
        if (rs->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
            return sql__unsupported(cv, "ALTER FUNCTION ... OWNER TO CURRENT_USER");
        struct sql_fn_ddl *f = new_alter(cv, 'o');
        int rc =
            sql__cv_fref(cv, n->alter_owner_stmt->object, (struct sql_fn_ref **)&f->drops.items[0]);
        if (rc != 0)
            return rc;
        f->newname = mem_strdup(cv->ctx, rs->rolename);
        st->kind = SQL_STMT_FUNCTION_DDL;
        st->u.fn_ddl = f;
        return 0;
    }
    return 1;
}
