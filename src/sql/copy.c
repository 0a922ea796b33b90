/* copy.c — the COPY FROM STDIN / TO STDOUT statement: streams rows
 * between the client (the sink's copy callbacks) and the executor
 * (sql_loader_* for FROM, a plan and cursor for TO); the formats are
 * copy_fmt.c's. A line "\." ends the data.
 *
 * Errors name the line as PostgreSQL does, in a CONTEXT appended to the
 * message ("\nCONTEXT:  COPY t, line 3, column a: \"x\"") that pgwire puts
 * in the ErrorResponse's W field.
 *
 * Memory: one context per row (reset after the loader takes the row);
 * input is buffered up to one record (bounded by the client's message
 * size times the record length).
 */
#include "sql/session_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/catalog.h"
#include "sql/copy_bin.h"
#include "sql/exec.h"
#include "sql/fk.h"
#include "sql/value.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_LINE_PRINT 100 /* bytes of a line a CONTEXT quotes */

/* ---- the statement ---------------------------------------------------------------- */

/* The quoted value of a CONTEXT line: at most MAX_LINE_PRINT bytes (not
 * cutting a UTF-8 sequence), then "...", as PostgreSQL's limit_printout_length. */
static void clip(char *out, size_t cap, const char *val, size_t vlen)
{
    size_t n = vlen > MAX_LINE_PRINT ? MAX_LINE_PRINT : vlen;
    while (n < vlen && n > 0 && ((unsigned char)val[n] & 0xC0) == 0x80)
        n--;
    snprintf(out, cap, "%.*s%s", (int)n, val, n < vlen ? "..." : "");
}

/* Append "\nCONTEXT:  COPY t, line n[, column c]: \"v\"" after whatever e
 * holds (keeping its DETAIL). */
static void add_context(struct err *e, const char *table, uint64_t line, const char *col,
                        const char *val, size_t vlen)
{
    char quoted[MAX_LINE_PRINT * 2 + 8];
    clip(quoted, sizeof(quoted), val, vlen);
    size_t used = strlen(e->msg);
    if (col != NULL)
        snprintf(e->msg + used, sizeof(e->msg) - used,
                 "\nCONTEXT:  COPY %s, line %llu, column %s: \"%s\"", table,
                 (unsigned long long)line, col, quoted);
    else
        snprintf(e->msg + used, sizeof(e->msg) - used, "\nCONTEXT:  COPY %s, line %llu: \"%s\"",
                 table, (unsigned long long)line, quoted);
}

static int line_error(struct err *e, const char *table, uint64_t line, const char *raw,
                      size_t rawlen)
{
    add_context(e, table, line, NULL, raw, rawlen);
    return e->code;
}

struct copy_in {
    struct sql_env *env;
    const struct sql_sink *sink;
    const struct sql__copy_opts *o;
    struct sql_loader *ld;
    const uint32_t *types;
    const int32_t *typmods;
    size_t ntypes;
    const char *table;
    const char **colnames;
    bool *fnn, *fnull;
    struct mem_ctx *row_ctx;
    uint64_t line;
    bool crlf_known, crlf;
};

static int load_record(struct copy_in *ci, const char *rec, size_t len, struct err *e)
{
    struct sql__copy_fields f;
    mem_ctx_reset(ci->row_ctx);
    int rc = ci->o->csv ? sql__copy_csv_split(ci->o, rec, len, ci->row_ctx, &f, e)
                        : sql__copy_text_split(ci->o, rec, len, ci->row_ctx, &f, e);
    if (rc != 0)
        return line_error(e, ci->table, ci->line, rec, len);
    if (f.n > ci->ntypes) {
        err_set_state(e, ERR_INVAL, "22P04", "extra data after last expected column");
        return line_error(e, ci->table, ci->line, rec, len);
    }
    if (f.n < ci->ntypes) {
        err_set_state(e, ERR_INVAL, "22P04", "missing data for column \"%s\"", ci->colnames[f.n]);
        return line_error(e, ci->table, ci->line, rec, len);
    }
    struct sql_value *vals = mem_alloc(ci->row_ctx, (f.n ? f.n : 1) * sizeof(*vals));
    for (size_t i = 0; i < f.n; i++) {
        const char *v = f.vals[i];
        size_t vl = f.lens[i];
        if (v == NULL && ci->fnn != NULL && ci->fnn[i]) {
            v = "";
            vl = 0;
        }
        if (v != NULL && ci->fnull != NULL && ci->fnull[i] && vl == ci->o->null_len &&
            memcmp(v, ci->o->null_str, vl) == 0)
            v = NULL;
        if (v == NULL) {
            vals[i] = sql_null(ci->types[i]);
            if ((rc = sql_loader_check_field(ci->ld, i, &vals[i], e)) != 0) {
                size_t used = strlen(e->msg);
                snprintf(e->msg + used, sizeof(e->msg) - used,
                         "\nCONTEXT:  COPY %s, line %llu, column %s: null input", ci->table,
                         (unsigned long long)ci->line, ci->colnames[i]);
                return rc;
            }
            continue;
        }
        rc = sql_value_in(ci->row_ctx, ci->types[i], ci->typmods ? ci->typmods[i] : -1, v, vl,
                          &ci->env->fmt, &vals[i], e);
        if (rc == 0)
            rc = sql_loader_check_field(ci->ld, i, &vals[i], e);
        if (rc != 0) {
            add_context(e, ci->table, ci->line, ci->colnames[i], v, vl);
            return rc;
        }
    }
    rc = sql_loader_row(ci->ld, vals, e);
    if (rc != 0 && strstr(e->msg, "\nCONTEXT:  ") == NULL) {
        /* PostgreSQL finds unique violations when it flushes its batch of
         * rows, where the line's text is no longer at hand. */
        if (strcmp(err_sqlstate(e), "23505") == 0) {
            size_t used = strlen(e->msg);
            snprintf(e->msg + used, sizeof(e->msg) - used, "\nCONTEXT:  COPY %s, line %llu",
                     ci->table, (unsigned long long)ci->line);
            return rc;
        }
        return line_error(e, ci->table, ci->line, rec, len);
    }
    return rc;
}

/* Feed the buffered input; *stop at the "\." end marker. */
static int feed(struct copy_in *ci, struct sbuf *buf, size_t *pos, bool eof, bool *stop,
                struct err *e)
{
    for (;;) {
        const char *p = buf->data + *pos;
        size_t avail = buf->len - *pos;
        if (avail == 0)
            return 0;
        size_t rec_len, consumed;
        if (ci->o->csv) {
            if (!sql__copy_csv_record(ci->o, p, avail, eof, &rec_len, &consumed))
                return 0;
        } else {
            const char *nl = memchr(p, '\n', avail);
            if (nl == NULL) {
                if (!eof)
                    return 0;
                rec_len = consumed = avail;
            } else {
                rec_len = (size_t)(nl - p);
                consumed = rec_len + 1;
            }
            if (!ci->crlf_known && nl != NULL) {
                ci->crlf_known = true;
                ci->crlf = rec_len > 0 && p[rec_len - 1] == '\r';
            }
            if (ci->crlf && rec_len > 0 && p[rec_len - 1] == '\r')
                rec_len--;
        }
        ci->line++;
        *pos += consumed;
        if (rec_len == 2 && p[0] == '\\' && p[1] == '.') {
            *stop = true;
            return 0;
        }
        if (!ci->o->csv && memchr(p, '\r', rec_len) != NULL) {
            err_set_state(e, ERR_INVAL, "22P04",
                          "literal carriage return found in data\nHINT:  Use \"\\r\" to "
                          "represent carriage return.");
            return line_error(e, ci->table, ci->line, p, rec_len);
        }
        if (ci->line == 1 && ci->o->header)
            continue;
        int rc = load_record(ci, p, rec_len, e);
        if (rc != 0)
            return rc;
        if (ci->line % 1024 == 0) {
            rc = sql_env_check_interrupts(ci->env, e);
            if (rc != 0)
                return rc;
        }
    }
}

static bool in_list(const struct sql_list *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i], name) == 0)
            return true;
    return false;
}

/* Whether rows copied into t may bypass the transaction's write buffer
 * (kv_txn_set_bulk): nothing the statement writes is read back by it — no
 * primary key or unique index whose check would look for the rows copied
 * before (a hidden row id is unique by construction). kv applies it only
 * to spans created in this transaction. */
static bool copy_bulk_ok(const struct sql_table_desc *t)
{
    if (t->nidx == 0 || t->idx[0].primary || t->idx[0].ncols != 1)
        return false;
    int hp = sql_cat_column_pos(t, t->idx[0].col_ids[0]);
    if (hp < 0 || !t->cols[hp].hidden)
        return false;
    for (int i = 1; i < t->nidx; i++)
        if (t->idx[i].unique)
            return false;
    return true;
}

static int copy_from(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                     const struct sql__copy_opts *o, struct sbuf *tag, struct err *e)
{
    if (sink->copy_in_begin == NULL || sink->copy_in_read == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY FROM STDIN is not supported over this connection");
    if (st->u.copy.where != NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "COPY FROM ... WHERE is not supported");
    struct copy_in ci = {.env = env, .sink = sink, .o = o};
    ci.table = st->u.copy.table->name.name;
    int rc = sql_loader_open(env, st->u.copy.table, &st->u.copy.cols, env->stmt_ctx, &ci.ld,
                             &ci.types, &ci.typmods, &ci.ntypes, e);
    if (rc != 0)
        return rc;
    const struct sql_table_desc *bt = NULL;
    struct err be = {0};
    if (sql_cat_table(env, st->u.copy.table->name.schema, st->u.copy.table->name.name, &bt, &be) ==
            0 &&
        bt != NULL && copy_bulk_ok(bt))
        kv_txn_set_bulk(env->txn, true);
    /* Column names for messages: the list given, else the table's. */
    ci.colnames = mem_alloc0(env->stmt_ctx, (ci.ntypes ? ci.ntypes : 1) * sizeof(char *));
    if (st->u.copy.cols.n > 0) {
        for (size_t i = 0; i < ci.ntypes && (int)i < st->u.copy.cols.n; i++)
            ci.colnames[i] = st->u.copy.cols.items[i];
    } else {
        const struct sql_table_desc *t = NULL;
        struct err e2 = {0};
        if (sql_cat_table(env, st->u.copy.table->name.schema, st->u.copy.table->name.name, &t,
                          &e2) == 0 &&
            t != NULL) {
            size_t k = 0;
            for (int i = 0; i < t->ncols && k < ci.ntypes; i++)
                if (!t->cols[i].hidden)
                    ci.colnames[k++] = t->cols[i].name;
        }
    }
    for (size_t i = 0; i < ci.ntypes; i++)
        if (ci.colnames[i] == NULL)
            ci.colnames[i] = "?";
    if (o->force_not_null.n > 0 || o->force_null.n > 0) {
        ci.fnn = mem_alloc0(env->stmt_ctx, ci.ntypes * sizeof(bool));
        ci.fnull = mem_alloc0(env->stmt_ctx, ci.ntypes * sizeof(bool));
        const struct sql_list *ls[2] = {&o->force_not_null, &o->force_null};
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < ls[k]->n; j++) {
                const char *name = ls[k]->items[j];
                size_t i = 0;
                while (i < ci.ntypes && strcmp(ci.colnames[i], name) != 0)
                    i++;
                if (i == ci.ntypes)
                    return err_set_state(e, ERR_INVAL, "42P10",
                                         "%s column \"%s\" not referenced by COPY",
                                         k == 0 ? "FORCE_NOT_NULL" : "FORCE_NULL", name);
                (k == 0 ? ci.fnn : ci.fnull)[i] = true;
            }
        }
    }
    ci.row_ctx = mem_ctx_new(env->stmt_ctx, "copy row");
    struct sql__copy_bin_in bin = {.env = env,
                                   .ld = ci.ld,
                                   .types = ci.types,
                                   .typmods = ci.typmods,
                                   .ntypes = ci.ntypes,
                                   .table = ci.table,
                                   .colnames = ci.colnames,
                                   .row_ctx = ci.row_ctx};
    rc = sink->copy_in_begin(sink->arg, o->binary ? 1 : 0, ci.ntypes);
    if (rc != 0)
        return err_set(e, rc, "client connection lost");
    struct sbuf buf;
    sbuf_init(&buf);
    size_t pos = 0;
    bool done = false, stop = false;
    while (!done) {
        const uint8_t *data = NULL;
        size_t len = 0;
        rc = sink->copy_in_read(sink->arg, &data, &len, &done, e);
        if (rc != 0) {
            /* CopyFail or a protocol error: PostgreSQL names the line it
             * was reading. */
            size_t used = strlen(e->msg);
            if (strstr(e->msg, "\nCONTEXT:  ") == NULL)
                snprintf(e->msg + used, sizeof(e->msg) - used, "\nCONTEXT:  COPY %s, line %llu",
                         ci.table, (unsigned long long)(o->binary ? bin.line : ci.line) + 1);
            break;
        }
        if (stop)
            continue; /* after "\.": read until CopyDone, ignore */
        if (pos > 0 && pos == buf.len) {
            sbuf_reset(&buf);
            pos = 0;
        } else if (pos > (1u << 20)) {
            memmove(buf.data, buf.data + pos, buf.len - pos);
            buf.len -= pos;
            pos = 0;
        }
        if (len > 0)
            sbuf_append(&buf, data, len);
        if (o->binary) {
            size_t used = 0;
            rc = sql__copy_bin_feed(&bin, (const uint8_t *)buf.data + pos, buf.len - pos, done,
                                    &used, e);
            pos += used;
        } else {
            rc = feed(&ci, &buf, &pos, done, &stop, e);
        }
        if (rc != 0)
            break;
    }
    sbuf_free(&buf);
    mem_ctx_free(ci.row_ctx);
    if (rc == 0)
        rc = sql_fk_stmt_end(env, e);
    else
        sql_fk_discard(env);
    if (rc != 0)
        return rc;
    sbuf_printf(tag, "COPY %llu", (unsigned long long)sql_loader_count(ci.ld));
    return 0;
}

/* SELECT <cols or *> FROM table, for COPY table TO. */
static struct sql_stmt *select_of(struct mem_ctx *ctx, const struct sql_stmt *st)
{
    struct sql_select *sel = mem_alloc0(ctx, sizeof(*sel));
    int n = st->u.copy.cols.n;
    int nt = n > 0 ? n : 1;
    sel->targets.n = nt;
    sel->targets.items = mem_alloc0(ctx, (size_t)nt * sizeof(void *));
    for (int i = 0; i < nt; i++) {
        struct sql_expr *x = mem_alloc0(ctx, sizeof(*x));
        x->kind = SQL_EXPR_COLUMN;
        x->location = -1;
        if (n > 0) {
            x->u.column.fields.n = 1;
            x->u.column.fields.items = mem_alloc(ctx, sizeof(void *));
            x->u.column.fields.items[0] = st->u.copy.cols.items[i];
        } else {
            x->u.column.star = true;
        }
        struct sql_target *t = mem_alloc0(ctx, sizeof(*t));
        t->val = x;
        t->location = -1;
        sel->targets.items[i] = t;
    }
    struct sql_from *f = mem_alloc0(ctx, sizeof(*f));
    f->kind = SQL_FROM_TABLE;
    f->u.table = st->u.copy.table;
    sel->from.n = 1;
    sel->from.items = mem_alloc(ctx, sizeof(void *));
    sel->from.items[0] = f;
    struct sql_stmt *q = mem_alloc0(ctx, sizeof(*q));
    q->kind = SQL_STMT_SELECT;
    q->location = -1;
    q->u.select = sel;
    return q;
}

/* COPY t TO without a column list: PostgreSQL 15 leaves generated columns out. */
static const struct sql_stmt *no_generated(struct sql_env *env, const struct sql_stmt *st)
{
    const struct sql_table_desc *t = NULL;
    struct err e2 = {0};
    if (st->u.copy.cols.n > 0 ||
        sql_cat_table(env, st->u.copy.table->name.schema, st->u.copy.table->name.name, &t, &e2) !=
            0 ||
        t == NULL)
        return st;
    bool any = false;
    for (int i = 0; i < t->ncols; i++)
        any = any || t->cols[i].generated;
    if (!any)
        return st;
    struct sql_stmt *c = mem_alloc(env->stmt_ctx, sizeof *c);
    *c = *st;
    c->u.copy.cols.n = 0;
    c->u.copy.cols.items = mem_alloc(env->stmt_ctx, sizeof(void *) * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden && !t->cols[i].generated)
            c->u.copy.cols.items[c->u.copy.cols.n++] = (void *)t->cols[i].name;
    return c;
}

static int copy_to(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                   const struct sql__copy_opts *o, struct sbuf *tag, struct err *e)
{
    if (sink->copy_out_begin == NULL || sink->copy_out_data == NULL || sink->copy_out_done == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY TO STDOUT is not supported over this connection");
    const struct sql_stmt *q = st->u.copy.query;
    if (q == NULL) {
        const struct sql_table_desc *vt = NULL;
        struct err ev = {0};
        if (sql_cat_table(env, st->u.copy.table->name.schema, st->u.copy.table->name.name, &vt,
                          &ev) == 0 &&
            vt != NULL && (vt->kind == 'v' || vt->matview))
            return err_set_state(e, ERR_INVAL, "42809",
                                 "cannot copy from %sview \"%s\"\nHINT:  Try the COPY (SELECT "
                                 "...) TO variant.",
                                 vt->matview ? "materialized " : "", vt->name);
        q = select_of(env->stmt_ctx, no_generated(env, st));
    } else if (q->kind != SQL_STMT_SELECT)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY (INSERT/UPDATE/DELETE ... RETURNING) TO is not supported");
    uint32_t types[1] = {0};
    size_t np = 0;
    struct sql_plan *plan = NULL;
    if (st->u.copy.query == NULL && st->u.copy.cols.n > 0) {
        /* PostgreSQL checks the column list against the relation first. */
        const struct sql_table_desc *t = NULL;
        struct err e2 = {0};
        if (sql_cat_table(env, st->u.copy.table->name.schema, st->u.copy.table->name.name, &t,
                          &e2) == 0 &&
            t != NULL) {
            for (int j = 0; j < st->u.copy.cols.n; j++) {
                const char *name = st->u.copy.cols.items[j];
                bool found = false;
                for (int i = 0; i < t->ncols && !found; i++)
                    found = !t->cols[i].hidden && strcmp(t->cols[i].name, name) == 0;
                if (!found)
                    return err_set_state(e, ERR_NOTFOUND, "42703",
                                         "column \"%s\" of relation \"%s\" does not exist", name,
                                         st->u.copy.table->name.name);
                const struct sql_col_desc *gc = sql_cat_column(t, name);
                if (gc != NULL && gc->generated)
                    return err_set_state(e, ERR_INVAL, "42P10",
                                         "column \"%s\" is a generated column\nDETAIL:  "
                                         "Generated columns cannot be used in COPY.",
                                         name);
            }
        }
    }
    int rc = sql_plan_stmt(env, q, env->stmt_ctx, types, &np, 0, &plan, e);
    if (rc != 0)
        return rc;
    size_t ncols = 0;
    const struct sql_column *cols = sql_plan_columns(plan, &ncols);
    bool *force = mem_alloc0(env->stmt_ctx, (ncols ? ncols : 1) * sizeof(bool));
    for (size_t i = 0; i < ncols; i++)
        force[i] = o->force_quote_all || in_list(&o->force_quote, cols[i].name);
    for (int j = 0; j < o->force_quote.n; j++) {
        bool found = false;
        for (size_t i = 0; i < ncols; i++)
            found = found || strcmp(cols[i].name, o->force_quote.items[j]) == 0;
        if (!found)
            return err_set_state(e, ERR_INVAL, "42P10",
                                 "FORCE_QUOTE column \"%s\" not referenced by COPY",
                                 (const char *)o->force_quote.items[j]);
    }
    struct sql_cursor *cur = NULL;
    rc = sql_cursor_open(env, plan, NULL, 0, env->stmt_ctx, &cur, e);
    if (rc != 0)
        return rc;
    rc = sink->copy_out_begin(sink->arg, o->binary ? 1 : 0, ncols);
    if (rc != 0) {
        sql_cursor_close(cur);
        return err_set(e, rc, "client connection lost");
    }
    struct sbuf line, val;
    sbuf_init(&line);
    sbuf_init(&val);
    uint64_t nrows = 0;
    if (o->binary)
        sql__copy_bin_header(&line); /* sent with the first tuple, as PostgreSQL */
    if (o->header) {
        for (size_t i = 0; i < ncols; i++) {
            if (i > 0)
                sbuf_putc(&line, o->delim);
            if (o->csv)
                sql__copy_csv_put(o, cols[i].name, strlen(cols[i].name), false, &line);
            else
                sql__copy_text_put(o, cols[i].name, strlen(cols[i].name), &line);
        }
        sbuf_putc(&line, '\n');
    }
    for (;;) {
        const struct sql_value *row = NULL;
        bool has = false;
        rc = sql_cursor_next(cur, &row, &has, e);
        if (rc != 0 || !has)
            break;
        if (o->binary) {
            rc = sql__copy_bin_tuple(row, ncols, &line, e);
            if (rc != 0)
                break;
        }
        for (size_t i = 0; i < ncols && !o->binary; i++) {
            if (i > 0)
                sbuf_putc(&line, o->delim);
            if (row[i].null) {
                sbuf_append(&line, o->null_str, o->null_len);
                continue;
            }
            sbuf_reset(&val);
            rc = sql_value_out(&row[i], &env->fmt, &val, e);
            if (rc != 0)
                break;
            if (o->csv)
                sql__copy_csv_put(o, val.data, val.len, force[i], &line);
            else
                sql__copy_text_put(o, val.data, val.len, &line);
        }
        if (rc != 0)
            break;
        if (!o->binary)
            sbuf_putc(&line, '\n');
        nrows++;
        /* One CopyData per row, as PostgreSQL sends them. */
        rc = sink->copy_out_data(sink->arg, line.data, line.len);
        sbuf_reset(&line);
        if (rc != 0) {
            err_set(e, rc, "client connection lost");
            break;
        }
    }
    if (rc == 0 && o->binary)
        sql__copy_bin_trailer(&line);
    if (rc == 0 && line.len > 0)
        rc = sink->copy_out_data(sink->arg, line.data, line.len);
    sbuf_free(&line);
    sbuf_free(&val);
    sql_cursor_close(cur);
    if (rc != 0)
        return rc;
    rc = sink->copy_out_done(sink->arg);
    if (rc != 0)
        return err_set(e, rc, "client connection lost");
    sbuf_printf(tag, "COPY %llu", (unsigned long long)nrows);
    return 0;
}

int sql__exec_copy(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                   struct sbuf *tag, struct err *e)
{
    if (st->u.copy.filename != NULL || st->u.copy.program)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY %s a %s is not supported\nHINT:  Use COPY %s (psql's \\copy) "
                             "instead.",
                             st->u.copy.from ? "FROM" : "TO",
                             st->u.copy.program ? "program" : "file",
                             st->u.copy.from ? "FROM STDIN" : "TO STDOUT");
    struct sql__copy_opts o;
    int rc = sql__copy_opts_parse(&st->u.copy.options, st->u.copy.from, &o, e);
    if (rc != 0)
        return rc;
    if (st->u.copy.from) {
        if (st->u.copy.table == NULL)
            return err_set_state(e, ERR_INVAL, "42601", "COPY FROM requires a table");
        return copy_from(env, st, sink, &o, tag, e);
    }
    return copy_to(env, st, sink, &o, tag, e);
}
