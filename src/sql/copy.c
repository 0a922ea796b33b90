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
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog.h"
#include "sql/copy_bin.h"
#include "sql/exec.h"
#include "sql/fk.h"
#include "sql/trigger.h"
#include "sql/value.h"

#include "sql/engine_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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
    bool *conv; /* convert_selectively: the fields converted (others NULL) */
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
    /* column by column, as PostgreSQL's NextCopyFrom: a bad value before a
     * missing field is reported first */
    struct sql_value *vals = mem_alloc(ci->row_ctx, (ci->ntypes ? ci->ntypes : 1) * sizeof(*vals));
    for (size_t i = 0; i < ci->ntypes; i++) {
        if (i >= f.n) {
            err_set_state(e, ERR_INVAL, "22P04", "missing data for column \"%s\"", ci->colnames[i]);
            return line_error(e, ci->table, ci->line, rec, len);
        }
        const char *v = f.vals[i];
        size_t vl = f.lens[i];
        if (ci->conv != NULL && !ci->conv[i]) {
            vals[i] = sql_null(ci->types[i]);
            continue;
        }
        if (v == NULL && ci->fnn != NULL && ci->fnn[i]) {
            v = ci->o->null_str; /* FORCE_NOT_NULL: the NULL string as a value */
            vl = ci->o->null_len;
        } else if (v != NULL && ci->fnull != NULL && ci->fnull[i] && vl == ci->o->null_len &&
                   memcmp(v, ci->o->null_str, vl) == 0) {
            v = NULL; /* FORCE_NULL: a quoted NULL string */
        }
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

/* HEADER MATCH: the header line's fields must be the columns' names, in
 * order (PostgreSQL's NextCopyFromRawFields). */
static int header_match(struct copy_in *ci, const char *rec, size_t len, struct err *e)
{
    struct sql__copy_fields f;
    mem_ctx_reset(ci->row_ctx);
    int rc = ci->o->csv ? sql__copy_csv_split(ci->o, rec, len, ci->row_ctx, &f, e)
                        : sql__copy_text_split(ci->o, rec, len, ci->row_ctx, &f, e);
    if (rc != 0)
        return line_error(e, ci->table, ci->line, rec, len);
    if (f.n != ci->ntypes) {
        err_set_state(e, ERR_INVAL, "22P04",
                      "wrong number of fields in header line: got %zu, expected %zu", f.n,
                      ci->ntypes);
        return line_error(e, ci->table, ci->line, rec, len);
    }
    for (size_t i = 0; i < f.n; i++) {
        if (f.vals[i] == NULL)
            err_set_state(e, ERR_INVAL, "22P04",
                          "column name mismatch in header line field %zu: got null value "
                          "(\"%s\"), expected \"%s\"",
                          i + 1, ci->o->null_str, ci->colnames[i]);
        else if (strlen(ci->colnames[i]) != f.lens[i] ||
                 memcmp(ci->colnames[i], f.vals[i], f.lens[i]) != 0)
            err_set_state(e, ERR_INVAL, "22P04",
                          "column name mismatch in header line field %zu: got \"%.*s\", "
                          "expected \"%s\"",
                          i + 1, (int)f.lens[i], f.vals[i], ci->colnames[i]);
        else
            continue;
        return line_error(e, ci->table, ci->line, rec, len);
    }
    return 0;
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
        if (ci->line == 1 && ci->o->header) {
            if (ci->o->header_match) {
                int rc = header_match(ci, p, rec_len, e);
                if (rc != 0)
                    return rc;
            }
            continue;
        }
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

/* Whether rows copied into t may bypass the transaction's write buffer
 * (kv_txn_set_bulk): nothing the statement writes is read back by it — no
 * primary key or unique index whose check would look for the rows copied
 * before (a hidden row id is unique by construction). kv applies it only
 * to spans created in this transaction. */
static bool copy_bulk_ok(const struct sql_table_desc *t)
{
    if (t->ntrigs > 0) /* a trigger may read the rows copied before */
        return false;
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

/* errcode_for_file_access */
static const char *file_state(int errnum)
{
    switch (errnum) {
    case ENOENT:
        return "58P01";
    case EACCES:
    case EPERM:
    case EROFS:
        return "42501";
    case EEXIST:
        return "58P02";
    default:
        return "58030";
    }
}

/* The server-side file of COPY FROM 'file' / TO 'file', opened as
 * PostgreSQL's BeginCopyFrom / BeginCopyTo do. */
static int open_file(const char *name, bool from, FILE **out, struct err *e)
{
    if (!from && name[0] != '/')
        return err_set_state(e, ERR_INVAL, "42602", "relative path not allowed for COPY to file");
    FILE *fp = NULL;
    if (from) {
        fp = fopen(name, "rb");
    } else {
        int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0 && (fp = fdopen(fd, "wb")) == NULL)
            close(fd);
    }
    if (fp == NULL) {
        int en = errno;
        err_set_state(e, ERR_IO, file_state(en), "could not open file \"%s\" for %s: %s", name,
                      from ? "reading" : "writing", strerror(en));
        if (en == ENOENT || en == EACCES) {
            size_t used = strlen(e->msg);
            snprintf(e->msg + used, sizeof e->msg - used,
                     "\nHINT:  COPY %s instructs the PostgreSQL server process to %s a file. You "
                     "may want a client-side facility such as psql's \\copy.",
                     from ? "FROM" : "TO", from ? "read" : "write");
        }
        return e->code;
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) != 0) {
        int en = errno;
        fclose(fp);
        return err_set_state(e, ERR_IO, file_state(en), "could not stat file \"%s\": %s", name,
                             strerror(en));
    }
    if (S_ISDIR(sb.st_mode)) {
        fclose(fp);
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is a directory", name);
    }
    *out = fp;
    return 0;
}

/* The next piece of COPY FROM's input: from the client, or the file. */
static int read_input(const struct sql_sink *sink, FILE *fp, char *fbuf, size_t fcap,
                      const uint8_t **data, size_t *len, bool *done, struct err *e)
{
    if (fp == NULL)
        return sink->copy_in_read(sink->arg, data, len, done, e);
    size_t n = fread(fbuf, 1, fcap, fp);
    if (n < fcap && ferror(fp))
        return err_set_state(e, ERR_IO, "58030", "could not read from COPY file: %s",
                             strerror(errno));
    *data = (const uint8_t *)fbuf;
    *len = n;
    *done = n < fcap && feof(fp);
    return 0;
}

/* COPY FREEZE: only into a table created or truncated in the current
 * subtransaction (PostgreSQL's CopyFrom; the rows are written as any). */
static int freeze_check(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    if (t->nidx > 0)
        kv_key_put_table_prefix(&k, t->oid, t->idx[0].id);
    bool ok = t->nidx > 0 &&
              kv_txn_fresh_since(env->txn, k.data, k.len,
                                 env->sess != NULL ? sql__session_subxact_mark(env->sess) : 0);
    sbuf_free(&k);
    if (!ok)
        return err_set_state(e, ERR_INVAL, "55000",
                             "cannot perform COPY FREEZE because the table was not created or "
                             "truncated in the current subtransaction");
    return 0;
}

static int copy_from(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                     const struct sql__copy_opts *o, struct sbuf *tag, struct err *e)
{
    bool from_file = st->u.copy.filename != NULL;
    if (!from_file && (sink->copy_in_begin == NULL || sink->copy_in_read == NULL))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY FROM STDIN is not supported over this connection");
    struct copy_in ci = {.env = env, .sink = sink, .o = o};
    ci.table = st->u.copy.table->name.name;
    int rc = sql_loader_open(env, st->u.copy.table, &st->u.copy.cols, env->stmt_ctx, &ci.ld,
                             &ci.types, &ci.typmods, &ci.ntypes, e);
    if (rc != 0) {
        eng__set_error_location(-1); /* PostgreSQL's table_openrv: no position */
        return rc;
    }
    if (st->u.copy.where != NULL && (rc = sql_loader_where(ci.ld, st->u.copy.where, e)) != 0)
        return rc;
    eng__set_error_location(-1); /* errors from here on point at no token */
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
                const struct sql_col_desc *tc = sql_cat_column(sql_loader_table(ci.ld), name);
                if (tc == NULL || tc->hidden) /* CopyGetAttnums */
                    return err_set_state(e, ERR_NOTFOUND, "42703",
                                         "column \"%s\" of relation \"%s\" does not exist", name,
                                         ci.table);
                for (int q = 0; q < j; q++)
                    if (strcmp(ls[k]->items[q], name) == 0)
                        return err_set_state(e, ERR_INVAL, "42701",
                                             "column \"%s\" specified more than once", name);
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
    if (o->convert_sel) {
        ci.conv = mem_alloc0(env->stmt_ctx, (ci.ntypes ? ci.ntypes : 1) * sizeof(bool));
        for (int j = 0; j < o->convert_list.n; j++) {
            const char *name = o->convert_list.items[j];
            const struct sql_col_desc *c = sql_cat_column(sql_loader_table(ci.ld), name);
            if (c == NULL || c->hidden)
                return err_set_state(e, ERR_NOTFOUND, "42703",
                                     "column \"%s\" of relation \"%s\" does not exist", name,
                                     ci.table);
            size_t i = 0;
            while (i < ci.ntypes && strcmp(ci.colnames[i], name) != 0)
                i++;
            if (i == ci.ntypes)
                return err_set_state(e, ERR_INVAL, "42P10",
                                     "selected column \"%s\" not referenced by COPY", name);
            ci.conv[i] = true;
        }
    }
    FILE *fp = NULL;
    if (from_file && (rc = open_file(st->u.copy.filename, true, &fp, e)) != 0)
        return rc;
    ci.row_ctx = mem_ctx_new(env->stmt_ctx, "copy row");
    struct sql__copy_bin_in bin = {.env = env,
                                   .ld = ci.ld,
                                   .types = ci.types,
                                   .typmods = ci.typmods,
                                   .ntypes = ci.ntypes,
                                   .table = ci.table,
                                   .colnames = ci.colnames,
                                   .row_ctx = ci.row_ctx};
    /* CopyFrom's FREEZE checks, then the BEFORE STATEMENT triggers and the
     * AFTER ROW queue (trigger.h): run before the CopyInResponse, so their
     * notices reach the client first as PostgreSQL's do, while an error is
     * reported after the copy-in began (the client's data is read and
     * dropped), as PostgreSQL's CopyFrom raises it */
    int pre = 0;
    struct err pe = {0};
    if (o->freeze)
        pre = freeze_check(env, sql_loader_table(ci.ld), &pe);
    const struct sql_table_desc *tt = sql_loader_table(ci.ld);
    struct sql__trig_queue *tq = NULL;
    if (pre == 0 && tt->ntrigs > 0 &&
        (pre = sql__trig_stmt(env, tt, SQL_TRIG_INSERT, SQL_TRIG_BEFORE, NULL, &pe)) == 0)
        tq = sql__trig_begin(env);
    if (!from_file) {
        rc = sink->copy_in_begin(sink->arg, o->binary ? 1 : 0, ci.ntypes);
        if (rc != 0) {
            sql__trig_abort(env, tq);
            mem_ctx_free(ci.row_ctx);
            return err_set(e, rc, "client connection lost");
        }
    }
    if (pre != 0) {
        *e = pe;
        rc = pre;
    }
    size_t fcap = 1u << 16;
    char *fbuf = from_file ? mem_alloc(env->stmt_ctx, fcap) : NULL;
    struct sbuf buf;
    sbuf_init(&buf);
    size_t pos = 0;
    bool done = rc != 0, stop = false;
    while (!done) {
        const uint8_t *data = NULL;
        size_t len = 0;
        rc = read_input(sink, fp, fbuf, fcap, &data, &len, &done, e);
        if (rc != 0 && from_file)
            break;
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
    if (fp != NULL)
        fclose(fp);
    if (rc == 0)
        rc = sql_fk_stmt_end(env, e);
    else
        sql_fk_discard(env);
    if (rc == 0)
        rc = sql__trig_end(env, tq, e);
    else
        sql__trig_abort(env, tq);
    if (rc == 0 && tt->ntrigs > 0)
        rc = sql__trig_stmt(env, tt, SQL_TRIG_INSERT, 0, NULL, e);
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

/* Where COPY TO's output goes: the client, or the file. */
struct copy_out {
    const struct sql_sink *sink;
    FILE *fp;
};

static int write_out(struct copy_out *d, const char *p, size_t n, struct err *e)
{
    if (d->fp == NULL) {
        int rc = d->sink->copy_out_data(d->sink->arg, p, n);
        return rc != 0 ? err_set(e, rc, "client connection lost") : 0;
    }
    if (n > 0 && fwrite(p, 1, n, d->fp) != n)
        return err_set_state(e, ERR_IO, file_state(errno), "could not write to COPY file: %s",
                             strerror(errno));
    return 0;
}

static int copy_to(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                   const struct sql__copy_opts *o, struct sbuf *tag, struct err *e)
{
    bool to_file = st->u.copy.filename != NULL;
    if (!to_file && (sink->copy_out_begin == NULL || sink->copy_out_data == NULL ||
                     sink->copy_out_done == NULL))
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
    } else if (q->kind == SQL_STMT_INSERT || q->kind == SQL_STMT_UPDATE ||
               q->kind == SQL_STMT_DELETE) {
        const struct sql_list *ret = q->kind == SQL_STMT_INSERT   ? &q->u.insert.returning
                                     : q->kind == SQL_STMT_UPDATE ? &q->u.update.returning
                                                                  : &q->u.delete_.returning;
        if (ret->n == 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "COPY query must have a RETURNING clause");
    } else if (q->kind != SQL_STMT_SELECT) {
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY query must not be a utility command");
    }
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
    if (rc != 0) {
        if (st->u.copy.query == NULL)
            eng__set_error_location(-1); /* COPY table TO: no position */
        return rc;
    }
    eng__set_error_location(-1); /* errors from here on point at no token */
    if (np > 0)
        return err_set_state(e, ERR_INVAL, "42P02", "there is no parameter $%zu", np);
    if (env->read_only && sql_plan_writes(plan))
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             q->kind == SQL_STMT_INSERT   ? "INSERT"
                             : q->kind == SQL_STMT_UPDATE ? "UPDATE"
                             : q->kind == SQL_STMT_DELETE ? "DELETE"
                                                          : "SELECT");
    size_t ncols = 0;
    const struct sql_column *cols = sql_plan_columns(plan, &ncols);
    /* FORCE_QUOTE names as PostgreSQL's CopyGetAttnums: columns of the table
     * (or of the query's result, the first of a name), each once, and in
     * the copied list */
    bool *force = mem_alloc0(env->stmt_ctx, (ncols ? ncols : 1) * sizeof(bool));
    for (size_t i = 0; i < ncols; i++)
        force[i] = o->force_quote_all;
    const struct sql_table_desc *qt = NULL;
    if (st->u.copy.query == NULL && o->force_quote.n > 0) {
        struct err e2 = {0};
        if (sql_cat_table(env, st->u.copy.table->name.schema, st->u.copy.table->name.name, &qt,
                          &e2) != 0)
            qt = NULL;
    }
    for (int j = 0; j < o->force_quote.n; j++) {
        const char *name = o->force_quote.items[j];
        if (qt != NULL) {
            const struct sql_col_desc *c = sql_cat_column(qt, name);
            if (c == NULL || c->hidden)
                return err_set_state(e, ERR_NOTFOUND, "42703",
                                     "column \"%s\" of relation \"%s\" does not exist", name,
                                     qt->name);
        }
        for (int k = 0; k < j; k++)
            if (strcmp(o->force_quote.items[k], name) == 0)
                return err_set_state(e, ERR_INVAL, "42701",
                                     "column \"%s\" specified more than once", name);
        size_t i = 0;
        while (i < ncols && strcmp(cols[i].name, name) != 0)
            i++;
        if (i == ncols && qt == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42703", "column \"%s\" does not exist", name);
        if (i == ncols)
            return err_set_state(e, ERR_INVAL, "42P10",
                                 "FORCE_QUOTE column \"%s\" not referenced by COPY", name);
        force[i] = true;
    }
    struct copy_out out = {.sink = sink};
    if (to_file && (rc = open_file(st->u.copy.filename, false, &out.fp, e)) != 0)
        return rc;
    struct sql_cursor *cur = NULL;
    rc = sql_cursor_open(env, plan, NULL, 0, env->stmt_ctx, &cur, e);
    if (rc != 0) {
        if (out.fp != NULL)
            fclose(out.fp);
        return rc;
    }
    if (!to_file && (rc = sink->copy_out_begin(sink->arg, o->binary ? 1 : 0, ncols)) != 0) {
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
            /* a lone "\." would read back as the end marker: quoted, as
             * PostgreSQL's CopyAttributeOutCSV does for one column */
            if (o->csv)
                sql__copy_csv_put(o, val.data, val.len,
                                  force[i] || (ncols == 1 && val.len == 2 && val.data[0] == '\\' &&
                                               val.data[1] == '.'),
                                  &line);
            else
                sql__copy_text_put(o, val.data, val.len, &line);
        }
        if (rc != 0)
            break;
        if (!o->binary)
            sbuf_putc(&line, '\n');
        nrows++;
        /* One CopyData per row, as PostgreSQL sends them. */
        rc = write_out(&out, line.data, line.len, e);
        sbuf_reset(&line);
        if (rc != 0)
            break;
    }
    if (rc == 0 && o->binary)
        sql__copy_bin_trailer(&line);
    if (rc == 0 && line.len > 0)
        rc = write_out(&out, line.data, line.len, e);
    sbuf_free(&line);
    sbuf_free(&val);
    sql_cursor_close(cur);
    if (out.fp != NULL) {
        if (fclose(out.fp) != 0 && rc == 0)
            rc = err_set_state(e, ERR_IO, file_state(errno), "could not close file \"%s\": %s",
                               st->u.copy.filename, strerror(errno));
        out.fp = NULL;
    }
    if (rc != 0)
        return rc;
    if (!to_file && (rc = sink->copy_out_done(sink->arg)) != 0)
        return err_set(e, rc, "client connection lost");
    sbuf_printf(tag, "COPY %llu", (unsigned long long)nrows);
    return 0;
}

int sql__exec_copy(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                   struct sbuf *tag, struct err *e)
{
    eng__set_error_location(-1);
    /* Server-side files: superusers only (PostgreSQL also lets members of
     * pg_read_server_files / pg_write_server_files, roles not built here).
     * Programs are not run. */
    if ((st->u.copy.filename != NULL || st->u.copy.program) && !env->superuser) {
        if (st->u.copy.program)
            return err_set_state(e, ERR_INVAL, "42501",
                                 "must be superuser or have privileges of the "
                                 "pg_execute_server_program role to COPY to or from an external "
                                 "program\nHINT:  Anyone can COPY to stdout or from stdin. psql's "
                                 "\\copy command also works for anyone.");
        return err_set_state(e, ERR_INVAL, "42501",
                             "must be superuser or have privileges of the %s role to COPY %s a "
                             "file\nHINT:  Anyone can COPY to stdout or from stdin. psql's "
                             "\\copy command also works for anyone.",
                             st->u.copy.from ? "pg_read_server_files" : "pg_write_server_files",
                             st->u.copy.from ? "from" : "to");
    }
    if (st->u.copy.program)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "COPY %s PROGRAM is not supported\nHINT:  Use COPY %s (psql's "
                             "\\copy) instead.",
                             st->u.copy.from ? "FROM" : "TO",
                             st->u.copy.from ? "FROM STDIN" : "TO STDOUT");
    struct sql__copy_opts o;
    int rc = sql__copy_opts_parse(&st->u.copy.options, st->u.copy.from, &o, e);
    if (rc != 0) {
        eng__set_error_location(o.err_loc);
        return rc;
    }
    if (st->u.copy.from) {
        if (st->u.copy.table == NULL)
            return err_set_state(e, ERR_INVAL, "42601", "COPY FROM requires a table");
        return copy_from(env, st, sink, &o, tag, e);
    }
    return copy_to(env, st, sink, &o, tag, e);
}
