/* copy_bin.c — COPY FROM STDIN / TO STDOUT in PostgreSQL's binary format
 * (copy_bin.h). Field values use the binary send/receive functions of the
 * extended protocol (sql_value_send / sql_value_recv).
 *
 * Input is taken a whole tuple at a time from copy.c's buffer: a tuple that
 * is not complete yet waits for the next CopyData (memory bounded by the
 * largest tuple). */
#include "sql/copy_bin.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/value.h"

#include <stdio.h>
#include <string.h>

static const uint8_t signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};

static int32_t get32(const uint8_t *p)
{
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     (uint32_t)p[3]);
}

static int16_t get16(const uint8_t *p)
{
    return (int16_t)(((uint16_t)p[0] << 8) | (uint16_t)p[1]);
}

static void put32(struct sbuf *b, int32_t v)
{
    uint8_t x[4] = {(uint8_t)((uint32_t)v >> 24), (uint8_t)((uint32_t)v >> 16),
                    (uint8_t)((uint32_t)v >> 8), (uint8_t)v};
    sbuf_append(b, x, 4);
}

static void put16(struct sbuf *b, int16_t v)
{
    uint8_t x[2] = {(uint8_t)((uint16_t)v >> 8), (uint8_t)v};
    sbuf_append(b, x, 2);
}

/* Append PostgreSQL's binary-mode CONTEXT (no data quoted). */
static int context(struct err *e, const struct sql__copy_bin_in *b, const char *col)
{
    if (strstr(e->msg, "\nCONTEXT:  ") != NULL)
        return e->code;
    size_t used = strlen(e->msg);
    if (col != NULL)
        snprintf(e->msg + used, sizeof(e->msg) - used, "\nCONTEXT:  COPY %s, line %llu, column %s",
                 b->table, (unsigned long long)b->line, col);
    else
        snprintf(e->msg + used, sizeof(e->msg) - used, "\nCONTEXT:  COPY %s, line %llu", b->table,
                 (unsigned long long)b->line);
    return e->code;
}

static int bad_format(struct err *e, const char *msg)
{
    return err_set_state(e, ERR_INVAL, "22P04", "%s", msg);
}

/* The header (ReceiveCopyBinaryHeader); *need: more input is needed. */
static int header(const uint8_t *p, size_t len, bool eof, size_t *used, bool *need, struct err *e)
{
    *need = false;
    if (len < sizeof(signature) || memcmp(p, signature, sizeof(signature)) != 0) {
        if (!eof && len < sizeof(signature) && memcmp(p, signature, len) == 0) {
            *need = true;
            return 0;
        }
        return bad_format(e, "COPY file signature not recognized");
    }
    size_t at = sizeof(signature);
    if (len < at + 4) {
        if (!eof) {
            *need = true;
            return 0;
        }
        return bad_format(e, "invalid COPY file header (missing flags)");
    }
    int32_t flags = get32(p + at);
    if ((flags & (1 << 16)) != 0)
        return bad_format(e, "invalid COPY file header (WITH OIDS)");
    flags &= ~(1 << 16);
    if ((flags >> 16) != 0)
        return bad_format(e, "unrecognized critical flags in COPY file header");
    at += 4;
    if (len < at + 4) {
        if (!eof) {
            *need = true;
            return 0;
        }
        return bad_format(e, "invalid COPY file header (missing length)");
    }
    int32_t ext = get32(p + at);
    if (ext < 0)
        return bad_format(e, "invalid COPY file header (missing length)");
    at += 4;
    if (len - at < (size_t)ext) {
        if (!eof) {
            *need = true;
            return 0;
        }
        return bad_format(e, "invalid COPY file header (wrong length)");
    }
    *used = at + (size_t)ext;
    return 0;
}

/* The next tuple (its field count already checked): received field by field
 * as PostgreSQL's CopyReadBinaryAttribute, then loaded; *need when it is not
 * complete yet (and !eof). */
static int tuple(struct sql__copy_bin_in *b, const uint8_t *p, size_t len, bool eof, size_t *used,
                 bool *need, struct err *e)
{
    *need = false;
    size_t at = 2;
    size_t n = b->ntypes;
    struct sql_value *vals = mem_alloc(b->row_ctx, (n ? n : 1) * sizeof(*vals));
    for (size_t i = 0; i < n; i++) {
        if (len - at < 4) {
            if (!eof) {
                *need = true;
                return 0;
            }
            bad_format(e, "unexpected EOF in COPY data");
            return context(e, b, b->colnames[i]);
        }
        int32_t sz = get32(p + at);
        at += 4;
        if (sz == -1) {
            vals[i] = sql_null(b->types[i]);
        } else if (sz < 0) {
            bad_format(e, "invalid field size");
            return context(e, b, b->colnames[i]);
        } else if (len - at < (size_t)sz) {
            if (!eof) {
                *need = true;
                return 0;
            }
            bad_format(e, "unexpected EOF in COPY data");
            return context(e, b, b->colnames[i]);
        } else {
            int rc = sql_value_recv(b->row_ctx, b->types[i], b->typmods ? b->typmods[i] : -1,
                                    p + at, (size_t)sz, &vals[i], e);
            if (rc != 0)
                return context(e, b, b->colnames[i]);
            at += (size_t)sz;
        }
    }
    /* Every field is here: check and load. */
    for (size_t i = 0; i < n; i++) {
        int rc = sql_loader_check_field(b->ld, i, &vals[i], e);
        if (rc != 0)
            return context(e, b, b->colnames[i]);
    }
    int rc = sql_loader_row(b->ld, vals, e);
    if (rc != 0)
        return context(e, b, NULL);
    *used = at;
    return 0;
}

int sql__copy_bin_feed(struct sql__copy_bin_in *b, const uint8_t *p, size_t len, bool eof,
                       size_t *consumed, struct err *e)
{
    size_t at = 0;
    *consumed = 0;
    for (;;) {
        const uint8_t *q = p + at;
        size_t avail = len - at;
        bool need = false;
        size_t used = 0;
        int rc;
        if (b->state == 0) {
            if (avail == 0 && !eof)
                break;
            rc = header(q, avail, eof, &used, &need, e);
            if (rc != 0)
                return rc;
            if (need)
                break;
            b->state = 1;
            at += used;
            continue;
        }
        if (b->state == 2) {
            if (avail > 0) {
                bad_format(e, "received copy data after EOF marker");
                return context(e, b, NULL);
            }
            break;
        }
        if (avail < 2) {
            /* a tuple's field count not complete: at the end, PostgreSQL
             * takes this as the end of the data */
            if (eof)
                at = len;
            break;
        }
        int16_t nf = get16(q);
        if (nf == -1) {
            b->line++;
            b->state = 2;
            at += 2;
            continue;
        }
        if ((size_t)(uint16_t)nf != b->ntypes || nf < 0) {
            b->line++;
            err_set_state(e, ERR_INVAL, "22P04", "row field count is %d, expected %d", (int)nf,
                          (int)b->ntypes);
            return context(e, b, NULL);
        }
        mem_ctx_reset(b->row_ctx);
        b->line++;
        rc = tuple(b, q, avail, eof, &used, &need, e);
        if (rc != 0)
            return rc;
        if (need) {
            b->line--;
            break;
        }
        at += used;
        if (b->line % 1024 == 0 && (rc = sql_env_check_interrupts(b->env, e)) != 0)
            return rc;
    }
    *consumed = at;
    return 0;
}

void sql__copy_bin_header(struct sbuf *out)
{
    sbuf_append(out, signature, sizeof(signature));
    put32(out, 0); /* flags */
    put32(out, 0); /* header extension length */
}

int sql__copy_bin_tuple(const struct sql_value *row, size_t n, struct sbuf *out, struct err *e)
{
    put16(out, (int16_t)n);
    for (size_t i = 0; i < n; i++) {
        if (row[i].null) {
            put32(out, -1);
            continue;
        }
        size_t at = out->len;
        put32(out, 0);
        int rc = sql_value_send(&row[i], out, e);
        if (rc != 0)
            return rc;
        size_t sz = out->len - at - 4;
        uint8_t x[4] = {(uint8_t)(sz >> 24), (uint8_t)(sz >> 16), (uint8_t)(sz >> 8), (uint8_t)sz};
        memcpy(out->data + at, x, 4);
    }
    return 0;
}

void sql__copy_bin_trailer(struct sbuf *out)
{
    put16(out, -1);
}
