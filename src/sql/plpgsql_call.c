/* plpgsql_call.c — the ways into the PL/pgSQL interpreter: a function call
 * (from exec_sqlfunc.c), a trigger (plpgsql.h), CREATE FUNCTION's check
 * of the body, and DO.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/engine_int.h"
#include "sql/plpgsql_int.h"
#include "sql/sqlfn.h"

#include <stdio.h>
#include <string.h>

int sql__pl_call(struct sql_env *env, const struct sql_fn_desc *f, const struct sql_value *args,
                 int nargs, struct pl_callinfo *ci, struct mem_ctx *ctx, struct err *e)
{
    struct pl_func *fn;
    int rc = sql__pl_get(env, f, false, &fn, e);
    if (rc != 0) {
        char line[300];
        struct sbuf sig;
        sbuf_init(&sig);
        sql__fn_signature(f, &sig);
        snprintf(line, sizeof line, "compilation of PL/pgSQL function \"%s\" near line 1", f->name);
        sbuf_free(&sig);
        if (strcmp(err_sqlstate(e), "42601") == 0 && strstr(e->msg, "\nCONTEXT:  ") == NULL)
            sql__pl_add_context(e, line);
        return rc;
    }
    return sql__pl_exec(env, fn, args, nargs, ci, ctx, e);
}

int sql_plpgsql_call_trigger(struct sql_env *env, const struct sql_fn_desc *f,
                             const struct sql_trig_event *ev, struct mem_ctx *ctx,
                             struct sql_value **out_row, bool *is_null, struct err *e)
{
    *out_row = NULL;
    *is_null = true;
    if (!f->plpgsql)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "feature not supported: trigger functions in LANGUAGE sql");
    struct pl_callinfo ci;
    memset(&ci, 0, sizeof ci);
    ci.trig = ev;
    ci.rettype = SQL_T_RECORD;
    ci.rettypmod = -1;
    struct mem_ctx *call = mem_ctx_new(ctx, "plpgsql trigger");
    int rc = sql__pl_call(env, f, NULL, 0, &ci, call, e);
    if (rc == 0) {
        *is_null = ci.trig_null || ci.trig_row == NULL;
        if (!*is_null) {
            struct sql_value *row = mem_alloc0(ctx, sizeof *row * (size_t)(ev->ncols + 1));
            for (int i = 0; i < ev->ncols; i++)
                sql_value_copy(ctx, &ci.trig_row[i], &row[i]);
            *out_row = row;
        }
    }
    mem_ctx_free(call);
    return rc;
}

/* A compile error: its position in the statement when the body's text
 * shows where (no CONTEXT then, as PostgreSQL), else a CONTEXT line. */
static void compile_error(const struct sql_fn_desc *f, int errpos, int errline, int body_location,
                          bool quotes_doubled, bool is_do, struct err *e)
{
    if (errpos >= 0 && body_location >= 0 && (size_t)errpos <= strlen(f->body)) {
        int extra = 0;
        for (int i = 0; quotes_doubled && i < errpos; i++)
            extra += f->body[i] == '\'';
        eng__set_error_location(body_location + errpos + extra);
        return;
    }
    if (strstr(e->msg, "\nCONTEXT:  ") != NULL)
        return;
    char line[300];
    if (is_do)
        snprintf(line, sizeof line, "PL/pgSQL function inline_code_block");
    else
        snprintf(line, sizeof line, "compilation of PL/pgSQL function \"%s\" near line 1", f->name);
    sql__pl_add_context(e, line);
}

int sql__pl_validate(struct sql_env *env, const struct sql_fn_desc *f, int body_location,
                     bool quotes_doubled, struct err *e)
{
    struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "plpgsql validate");
    struct pl_func *fn;
    int errpos = -1, errline = 0;
    int rc = sql__pl_compile(env, f, false, ctx, &fn, &errpos, &errline, e);
    mem_ctx_free(ctx);
    if (rc != 0)
        compile_error(f, errpos, errline, body_location, quotes_doubled, false, e);
    return rc;
}

int sql__pl_do(struct sql_env *env, const char *body, int body_location, bool quotes_doubled,
               struct err *e)
{
    struct sql_fn_desc *f = mem_alloc0(env->stmt_ctx, sizeof *f);
    f->name = "inline_code_block";
    f->body = body;
    f->plpgsql = true;
    f->rettype = SQL_T_VOID;
    f->rettypmod = -1;
    struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "plpgsql do");
    struct pl_func *fn;
    int errpos = -1, errline = 0;
    int rc = sql__pl_compile(env, f, true, ctx, &fn, &errpos, &errline, e);
    if (rc != 0) {
        compile_error(f, errpos, errline, body_location, quotes_doubled, true, e);
    } else {
        struct pl_callinfo ci;
        memset(&ci, 0, sizeof ci);
        ci.rettype = SQL_T_VOID;
        ci.rettypmod = -1;
        rc = sql__pl_exec(env, fn, NULL, 0, &ci, ctx, e);
    }
    mem_ctx_free(ctx);
    return rc;
}
