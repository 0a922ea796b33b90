/* catalog.c — descriptors in kv system keys: encoding (formats in
 * catalog_int.h), the node-wide cache, lookups through the statement's
 * transaction, OID and row id allocation.
 *
 * The cache maps system keys to copies of their stored bytes (or "absent").
 * A statement decodes what it reads into env->stmt_ctx, so a descriptor it
 * holds stays valid whatever other sessions do to the cache. The cache is
 * bypassed by a transaction that ran DDL (it must see its own writes) and
 * dropped whole by sql_catalog_invalidate, which session.c calls when such
 * a transaction commits. A read that raced with an invalidation is not
 * inserted (the generation is compared under the mutex).
 *
 * Single node for now: another node's DDL does not invalidate this cache
 * (that needs the cluster's invalidation broadcast, DESIGN.md §12).
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/acl.h"
#include "sql/catalog_int.h"
#include "sql/trigger.h"
#include "sql/temp.h"
#include "sql/env.h"
#include "sql/enum.h"
#include "sql/domain.h"
#include "sql/ctype.h"
#include "sql/rowtype.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define CACHE_MAX_ENTRIES 100000
#define OID_BLOCK         32
#define ROWID_BLOCK       10000
#define ALLOC_RETRIES     20

struct centry {
    bool absent;
    size_t len;
    uint8_t data[];
};

struct sql_catalog {
    struct kv *kv;
    struct sql_catalog *next_shared; /* registry of sql_catalog_acquire */
    int refs;
    pthread_mutex_t mu;
    uint64_t gen;
    struct hash_table *h; /* key bytes -> struct centry * */
    uint32_t oid_next, oid_end;
    int64_t rowid_next, rowid_end;
};

/* ---- byte helpers ---- */

void sql__put16(struct sbuf *b, uint16_t v)
{
    uint8_t p[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(b, p, 2);
}

void sql__put32(struct sbuf *b, uint32_t v)
{
    uint8_t p[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(b, p, 4);
}

void sql__put64(struct sbuf *b, uint64_t v)
{
    sql__put32(b, (uint32_t)(v >> 32));
    sql__put32(b, (uint32_t)v);
}

uint32_t sql__get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

uint64_t sql__get64(const uint8_t *p)
{
    return ((uint64_t)sql__get32(p) << 32) | sql__get32(p + 4);
}

void sql__put_crc(struct sbuf *b)
{
    sql__put32(b, crc32c(0, b->data, b->len));
}

bool sql__crc_ok(const uint8_t *p, size_t n, uint8_t version)
{
    return n >= 5 && crc32c(0, p, n - 4) == sql__get32(p + n - 4) && p[0] == version;
}

int sql__corrupt(struct err *e, const char *what, uint32_t oid, const char *why)
{
    return err_set(e, ERR_CORRUPT, "catalog: %s record %u: %s", what, oid, why);
}

int sql__check_writable(struct sql_env *env, const char *what, struct err *e)
{
    if (env->read_only)
        return err_set_state(e, ERR_INVAL, "25006", "cannot execute %s in a read-only transaction",
                             what);
    return 0;
}

int sql__check_writable_rel(struct sql_env *env, const struct sql_table_desc *t, const char *what,
                            struct err *e)
{
    if (sql_temp_is_schema_name(t->schema)) { /* PostgreSQL: temporary relations are writable */
        if (env->read_only && env->txn != NULL)
            kv_txn_allow_private_writes(env->txn);
        return 0;
    }
    return sql__check_writable(env, what, e);
}

/* ---- keys ---- */

static void key_head(struct sbuf *b, char kind)
{
    sbuf_reset(b);
    sbuf_putc(b, 0x01);
    sbuf_putc(b, kind);
}

void sql__key_name(struct sbuf *b, uint32_t db, uint32_t schema, const char *name)
{
    key_head(b, SQL_KEY_NAME);
    sql__put32(b, db);
    sql__put32(b, schema);
    sbuf_puts(b, name);
}

void sql__key_desc(struct sbuf *b, uint32_t oid)
{
    key_head(b, SQL_KEY_DESC);
    sql__put32(b, oid);
}

void sql__key_schema(struct sbuf *b, uint32_t db, const char *name)
{
    key_head(b, SQL_KEY_SCHEMA);
    sql__put32(b, db);
    sbuf_puts(b, name);
}

void sql__key_seq(struct sbuf *b, uint32_t oid)
{
    key_head(b, SQL_KEY_SEQ);
    sql__put32(b, oid);
}

void sql__key_garbage(struct sbuf *b, uint32_t table, uint32_t idx)
{
    key_head(b, SQL_KEY_GARBAGE);
    sql__put32(b, table);
    sql__put32(b, idx);
}

/* ---- descriptor encoding ---- */

void sql__put_str(struct sbuf *b, const char *s)
{
    size_t n = strlen(s);
    sql__put16(b, (uint16_t)n);
    sbuf_append(b, s, n);
}

static void put_ostr(struct sbuf *b, const char *s)
{
    if (s == NULL) {
        sql__put32(b, 0xFFFFFFFFu);
        return;
    }
    size_t n = strlen(s);
    sql__put32(b, (uint32_t)n);
    sbuf_append(b, s, n);
}

void sql__desc_encode(const struct sql_table_desc *t, struct sbuf *out)
{
    sbuf_reset(out);
    sbuf_putc(out, SQL_DESC_FORMAT);
    sbuf_putc(out, t->kind);
    sql__put32(out, t->oid);
    sql__put32(out, t->version);
    sql__put32(out, t->schema_oid);
    sql__put32(out, t->next_col_id);
    sql__put32(out, t->next_idx_id);
    sql__put16(out, (uint16_t)t->next_attnum);
    sql__put64(out, (uint64_t)t->reltuples);
    sql__put_str(out, t->schema);
    sql__put_str(out, t->name);
    sql__put_str(out, t->owner);
    put_ostr(out, t->options);
    put_ostr(out, t->comment);
    sql__put16(out, (uint16_t)t->ncols);
    for (int i = 0; i < t->ncols; i++) {
        const struct sql_col_desc *c = &t->cols[i];
        sql__put32(out, c->id);
        sql__put16(out, (uint16_t)c->attnum);
        sql__put_str(out, c->name);
        sql__put32(out, c->domain != 0 ? c->domain : c->ctype != 0 ? c->ctype : c->type);
        sql__put32(out, c->domain != 0 || c->ctype != 0 ? (uint32_t)-1 : (uint32_t)c->typmod);
        sbuf_putc(out,
                  (char)((c->not_null ? 1 : 0) | (c->hidden ? 2 : 0) | (c->generated ? 4 : 0)));
        sbuf_putc(out, c->identity);
        sql__put32(out, c->identity_seq);
        put_ostr(out, c->default_sql);
        put_ostr(out, c->comment);
    }
    sql__put16(out, (uint16_t)t->nidx);
    for (int i = 0; i < t->nidx; i++) {
        const struct sql_idx_desc *x = &t->idx[i];
        sql__put32(out, x->id);
        sql__put32(out, x->oid);
        sql__put_str(out, x->name);
        sbuf_putc(out, (char)((x->unique ? 1 : 0) | (x->primary ? 2 : 0) | (x->constraint ? 4 : 0) |
                              (x->pred != NULL ? 8 : 0)));
        sbuf_putc(out, (char)x->ncols);
        for (int j = 0; j < x->ncols; j++) {
            sql__put32(out, x->col_ids[j]);
            sbuf_putc(out, (char)((x->desc[j] ? 1 : 0) | (x->nulls_first[j] ? 2 : 0) |
                                  (x->exprs[j] != NULL ? 4 : 0) | ((x->opclass[j] & 3) << 3)));
            if (x->exprs[j] != NULL)
                put_ostr(out, x->exprs[j]);
        }
        if (x->pred != NULL)
            put_ostr(out, x->pred);
    }
    sql__put16(out, (uint16_t)t->nchecks);
    for (int i = 0; i < t->nchecks; i++) {
        sql__put32(out, t->checks[i].oid);
        sql__put_str(out, t->checks[i].name);
        put_ostr(out, t->checks[i].expr_sql);
    }
    const struct sql_seq_desc *s = &t->seq;
    sql__put32(out, s->type);
    sql__put64(out, (uint64_t)s->start);
    sql__put64(out, (uint64_t)s->increment);
    sql__put64(out, (uint64_t)s->min);
    sql__put64(out, (uint64_t)s->max);
    sql__put64(out, (uint64_t)s->cache);
    sbuf_putc(out, s->cycle ? 1 : 0);
    sql__put32(out, s->owned_by_table);
    sql__put32(out, s->owned_by_col);
    sql__put16(out, (uint16_t)t->nfks);
    for (int i = 0; i < t->nfks; i++) {
        const struct sql_fk_desc *f = &t->fks[i];
        sql__put32(out, f->oid);
        sql__put_str(out, f->name);
        sql__put32(out, f->ref_table);
        sql__put32(out, f->ref_idx);
        sbuf_putc(out, (char)f->ncols);
        for (int j = 0; j < f->ncols; j++) {
            sql__put32(out, f->col_ids[j]);
            sql__put32(out, f->ref_col_ids[j]);
        }
        sbuf_putc(out, f->upd);
        sbuf_putc(out, f->del);
        sbuf_putc(out, f->match);
    }
    sql__put16(out, (uint16_t)t->nrefby);
    for (int i = 0; i < t->nrefby; i++)
        sql__put32(out, t->refby[i]);
    if (t->kind == 'v') {
        put_ostr(out, t->view_sql);
        sql__put16(out, (uint16_t)t->ndeps);
        for (int i = 0; i < t->ndeps; i++) {
            sql__put32(out, t->deps[i].oid);
            sql__put16(out, (uint16_t)t->deps[i].attnum);
        }
    }
    if (t->kind == 'r' && t->matview) { /* optional trailer: a materialized view */
        sbuf_putc(out, 'M');
        sbuf_putc(out, t->populated ? 1 : 0);
        put_ostr(out, t->view_sql);
        sql__put16(out, (uint16_t)t->ndeps);
        for (int i = 0; i < t->ndeps; i++) {
            sql__put32(out, t->deps[i].oid);
            sql__put16(out, (uint16_t)t->deps[i].attnum);
        }
    }
    int nnv = 0; /* optional trailer: the oids of NOT VALID constraints */
    for (int i = 0; i < t->nchecks; i++)
        nnv += t->checks[i].not_valid;
    for (int i = 0; i < t->nfks; i++)
        nnv += t->fks[i].not_valid;
    if (t->kind == 'r' && nnv > 0) {
        sbuf_putc(out, 'V');
        sql__put16(out, (uint16_t)nnv);
        for (int i = 0; i < t->nchecks; i++)
            if (t->checks[i].not_valid)
                sql__put32(out, t->checks[i].oid);
        for (int i = 0; i < t->nfks; i++)
            if (t->fks[i].not_valid)
                sql__put32(out, t->fks[i].oid);
    }
    int ndf = 0; /* optional trailer: DEFERRABLE foreign keys, oid + flags */
    for (int i = 0; i < t->nfks; i++)
        ndf += t->fks[i].deferrable;
    if (t->kind == 'r' && ndf > 0) {
        sbuf_putc(out, 'D');
        sql__put16(out, (uint16_t)ndf);
        for (int i = 0; i < t->nfks; i++) {
            if (!t->fks[i].deferrable)
                continue;
            sql__put32(out, t->fks[i].oid);
            sbuf_putc(out, (char)(1 | (t->fks[i].initdeferred ? 2 : 0)));
        }
    }
    int nmiss = 0; /* optional trailer: columns' missing values, id + record */
    for (int i = 0; i < t->ncols; i++)
        nmiss += t->cols[i].missing != NULL;
    if (t->kind == 'r' && nmiss > 0) {
        sbuf_putc(out, 'F');
        sql__put16(out, (uint16_t)nmiss);
        for (int i = 0; i < t->ncols; i++) {
            const struct sql_col_desc *c = &t->cols[i];
            if (c->missing == NULL)
                continue;
            sql__put32(out, c->id);
            sql__put32(out, c->missing_len);
            sbuf_append(out, c->missing, c->missing_len);
        }
    }
    /* optional trailer: storage attributes (ddl_alter_meta.c) */
    int nxc = 0, nxi = 0;
    for (int i = 0; i < t->ncols; i++)
        nxc += t->cols[i].stattarget_set || t->cols[i].storage != 0 ||
               t->cols[i].compression != 0 || t->cols[i].attoptions != NULL;
    for (int i = 0; i < t->nidx; i++)
        nxi += t->idx[i].clustered || t->idx[i].replident || t->idx[i].options != NULL;
    int ncm = 0; /* comments on indexes and constraints */
    for (int i = 0; i < t->nidx; i++)
        ncm += (t->idx[i].comment != NULL) + (t->idx[i].concomment != NULL);
    for (int i = 0; i < t->nchecks; i++)
        ncm += t->checks[i].comment != NULL;
    for (int i = 0; i < t->nfks; i++)
        ncm += t->fks[i].comment != NULL;
    if ((t->kind == 'r' || t->kind == 'v') &&
        (nxc > 0 || nxi > 0 || ncm > 0 || t->persistence != 0 || t->replident != 0)) {
        sbuf_putc(out, 'X');
        sbuf_putc(out, t->persistence);
        sbuf_putc(out, t->replident);
        sql__put16(out, (uint16_t)nxc);
        for (int i = 0; i < t->ncols; i++) {
            const struct sql_col_desc *c = &t->cols[i];
            if (!(c->stattarget_set || c->storage != 0 || c->compression != 0 ||
                  c->attoptions != NULL))
                continue;
            sql__put32(out, c->id);
            sbuf_putc(out, c->stattarget_set ? 1 : 0);
            sql__put16(out, (uint16_t)c->stattarget);
            sbuf_putc(out, c->storage);
            sbuf_putc(out, c->compression);
            put_ostr(out, c->attoptions);
        }
        sql__put16(out, (uint16_t)nxi);
        for (int i = 0; i < t->nidx; i++) {
            const struct sql_idx_desc *x = &t->idx[i];
            if (!(x->clustered || x->replident || x->options != NULL))
                continue;
            sql__put32(out, x->id);
            sbuf_putc(out, (char)((x->clustered ? 1 : 0) | (x->replident ? 2 : 0)));
            put_ostr(out, x->options);
        }
        sql__put16(out, (uint16_t)ncm);
        for (int i = 0; i < t->nidx; i++) {
            if (t->idx[i].comment != NULL) {
                sbuf_putc(out, 'i');
                sql__put32(out, t->idx[i].id);
                put_ostr(out, t->idx[i].comment);
            }
            if (t->idx[i].concomment != NULL) {
                sbuf_putc(out, 'k');
                sql__put32(out, t->idx[i].id);
                put_ostr(out, t->idx[i].concomment);
            }
        }
        for (int i = 0; i < t->nchecks; i++)
            if (t->checks[i].comment != NULL) {
                sbuf_putc(out, 'c');
                sql__put32(out, t->checks[i].oid);
                put_ostr(out, t->checks[i].comment);
            }
        for (int i = 0; i < t->nfks; i++)
            if (t->fks[i].comment != NULL) {
                sbuf_putc(out, 'f');
                sql__put32(out, t->fks[i].oid);
                put_ostr(out, t->fks[i].comment);
            }
    }
    /* optional trailer: user triggers (trigger.h) */
    if ((t->kind == 'r' || t->kind == 'v') && t->ntrigs > 0) {
        sbuf_putc(out, 'T');
        sql__put16(out, (uint16_t)t->ntrigs);
        for (int i = 0; i < t->ntrigs; i++) {
            const struct sql_trig_desc *g = &t->trigs[i];
            sql__put32(out, g->oid);
            sql__put_str(out, g->name);
            sql__put32(out, g->fn_oid);
            sql__put16(out, g->type);
            sbuf_putc(out, g->enabled);
            sql__put16(out, (uint16_t)g->nargs);
            for (int j = 0; j < g->nargs; j++)
                put_ostr(out, g->args[j]);
            sql__put16(out, (uint16_t)g->ncols);
            for (int j = 0; j < g->ncols; j++)
                sql__put32(out, g->col_ids[j]);
            put_ostr(out, g->when_sql);
        }
    }
    sql__put_crc(out);
}

const uint8_t *sql__rd_take(struct sql__rd *r, size_t k)
{
    if (r->bad || r->n - r->o < k) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p + r->o;
    r->o += k;
    return q;
}

static uint8_t rd8(struct sql__rd *r)
{
    const uint8_t *q = sql__rd_take(r, 1);
    return q ? q[0] : 0;
}

uint16_t sql__rd16(struct sql__rd *r)
{
    const uint8_t *q = sql__rd_take(r, 2);
    return q ? (uint16_t)((q[0] << 8) | q[1]) : 0;
}

uint32_t sql__rd32(struct sql__rd *r)
{
    const uint8_t *q = sql__rd_take(r, 4);
    return q ? sql__get32(q) : 0;
}

char *sql__rd_str(struct sql__rd *r, struct mem_ctx *ctx, size_t max)
{
    uint16_t n = sql__rd16(r);
    if (n > max) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = sql__rd_take(r, n);
    return q ? mem_strndup(ctx, (const char *)q, n) : NULL;
}

static uint64_t rd64(struct sql__rd *r)
{
    const uint8_t *q = sql__rd_take(r, 8);
    return q ? sql__get64(q) : 0;
}

/* A name into buf (SQL_NAME_BUF); empty names are refused. */
static void rd_name(struct sql__rd *r, char *buf)
{
    size_t n = sql__rd16(r);
    if (n == 0 || n > SQL_NAME_MAX) {
        r->bad = true;
        buf[0] = 0;
        return;
    }
    const uint8_t *q = sql__rd_take(r, n);
    if (q == NULL) {
        buf[0] = 0;
        return;
    }
    memcpy(buf, q, n);
    buf[n] = 0;
    if (memchr(buf, 0, n) != NULL)
        r->bad = true;
}

static char *rd_ostr(struct sql__rd *r, struct mem_ctx *ctx)
{
    uint32_t n = sql__rd32(r);
    if (n == 0xFFFFFFFFu || r->bad)
        return NULL;
    const uint8_t *q = sql__rd_take(r, n);
    if (q == NULL)
        return NULL;
    if (memchr(q, 0, n) != NULL) {
        r->bad = true;
        return NULL;
    }
    return mem_strndup(ctx, (const char *)q, n);
}

int sql__desc_decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, uint32_t oid,
                     struct sql_table_desc **out, struct err *e)
{
    *out = NULL;
    if (!sql__crc_ok(p, n, SQL_CAT_FORMAT) && !sql__crc_ok(p, n, SQL_DESC_FORMAT))
        return sql__corrupt(e, "descriptor", oid, "checksum or version mismatch");
    uint8_t fmt = p[0];
    struct sql__rd r = {.p = p, .n = n - 4};
    struct sql_table_desc *t = mem_alloc0(ctx, sizeof(*t));
    rd8(&r);
    t->kind = (char)rd8(&r);
    if (t->kind != 'r' && t->kind != 'S' && t->kind != 'v')
        return sql__corrupt(e, "descriptor", oid, "unknown kind");
    t->oid = sql__rd32(&r);
    t->version = sql__rd32(&r);
    t->schema_oid = sql__rd32(&r);
    t->next_col_id = sql__rd32(&r);
    t->next_idx_id = sql__rd32(&r);
    t->next_attnum = (int16_t)sql__rd16(&r);
    t->reltuples = (int64_t)rd64(&r);
    rd_name(&r, t->schema);
    rd_name(&r, t->name);
    rd_name(&r, t->owner);
    t->options = rd_ostr(&r, ctx);
    t->comment = rd_ostr(&r, ctx);
    if (t->oid != oid)
        return sql__corrupt(e, "descriptor", oid, "oid does not match its key");
    t->ncols = sql__rd16(&r);
    if (r.bad || t->ncols > SQL_MAX_TABLE_COLS + 1)
        return sql__corrupt(e, "descriptor", oid, "bad header or column count");
    t->cols = mem_alloc0(ctx, sizeof(*t->cols) * (size_t)(t->ncols + 1));
    for (int i = 0; i < t->ncols && !r.bad; i++) {
        struct sql_col_desc *c = &t->cols[i];
        c->id = sql__rd32(&r);
        c->attnum = (int16_t)sql__rd16(&r);
        rd_name(&r, c->name);
        c->type = sql__rd32(&r);
        c->typmod = (int32_t)sql__rd32(&r);
        uint8_t f = rd8(&r);
        c->not_null = (f & 1) != 0;
        c->hidden = (f & 2) != 0;
        c->generated = (f & 4) != 0 ? 's' : 0;
        c->identity = (char)rd8(&r);
        c->identity_seq = sql__rd32(&r);
        c->default_sql = rd_ostr(&r, ctx);
        c->comment = rd_ostr(&r, ctx);
        if ((f & ~7u) != 0 || (c->generated && c->default_sql == NULL) ||
            (c->identity != 0 && c->identity != 'a' && c->identity != 'd') || c->id == 0 ||
            c->id >= t->next_col_id || (i > 0 && c->id <= t->cols[i - 1].id))
            r.bad = true;
    }
    t->nidx = sql__rd16(&r);
    if (r.bad || t->nidx > 4096 || (t->kind == 'r' && t->nidx < 1))
        return sql__corrupt(e, "descriptor", oid, "bad columns or index count");
    t->idx = mem_alloc0(ctx, sizeof(*t->idx) * (size_t)(t->nidx + 1));
    for (int i = 0; i < t->nidx && !r.bad; i++) {
        struct sql_idx_desc *x = &t->idx[i];
        x->id = sql__rd32(&r);
        x->oid = sql__rd32(&r);
        rd_name(&r, x->name);
        uint8_t f = rd8(&r);
        x->unique = (f & 1) != 0;
        x->primary = (f & 2) != 0;
        x->constraint = (f & 4) != 0;
        x->ncols = rd8(&r);
        if ((f & ~15u) != 0 || x->ncols < 1 || x->ncols > SQL_MAX_INDEX_COLS || x->id == 0 ||
            x->id >= t->next_idx_id) {
            r.bad = true;
            break;
        }
        for (int j = 0; j < x->ncols; j++) {
            x->col_ids[j] = sql__rd32(&r);
            uint8_t cf = rd8(&r);
            x->desc[j] = (cf & 1) != 0;
            x->nulls_first[j] = (cf & 2) != 0;
            x->opclass[j] = (uint8_t)((cf >> 3) & 3);
            if ((cf & 4) != 0) {
                x->exprs[j] = rd_ostr(&r, ctx);
                if (x->exprs[j] == NULL || x->col_ids[j] != 0)
                    r.bad = true;
            } else if (sql_cat_column_pos(t, x->col_ids[j]) < 0) {
                r.bad = true;
            }
            if ((cf & ~31u) != 0)
                r.bad = true;
        }
        if ((f & 8) != 0) {
            x->pred = rd_ostr(&r, ctx);
            if (x->pred == NULL)
                r.bad = true;
        }
    }
    t->nchecks = sql__rd16(&r);
    if (r.bad || t->nchecks > 4096)
        return sql__corrupt(e, "descriptor", oid, "bad indexes or check count");
    t->checks = mem_alloc0(ctx, sizeof(*t->checks) * (size_t)(t->nchecks + 1));
    for (int i = 0; i < t->nchecks && !r.bad; i++) {
        t->checks[i].oid = sql__rd32(&r);
        rd_name(&r, t->checks[i].name);
        t->checks[i].expr_sql = rd_ostr(&r, ctx);
        if (t->checks[i].expr_sql == NULL)
            r.bad = true;
    }
    struct sql_seq_desc *s = &t->seq;
    s->type = sql__rd32(&r);
    s->start = (int64_t)rd64(&r);
    s->increment = (int64_t)rd64(&r);
    s->min = (int64_t)rd64(&r);
    s->max = (int64_t)rd64(&r);
    s->cache = (int64_t)rd64(&r);
    uint8_t cyc = rd8(&r);
    s->cycle = cyc == 1;
    s->owned_by_table = sql__rd32(&r);
    s->owned_by_col = sql__rd32(&r);
    if (fmt >= 2) {
        t->nfks = sql__rd16(&r);
        if (t->nfks > 4096)
            r.bad = true;
        t->fks = mem_alloc0(ctx, sizeof(*t->fks) * (size_t)(t->nfks + 1));
        for (int i = 0; i < t->nfks && !r.bad; i++) {
            struct sql_fk_desc *f = &t->fks[i];
            f->oid = sql__rd32(&r);
            rd_name(&r, f->name);
            f->ref_table = sql__rd32(&r);
            f->ref_idx = sql__rd32(&r);
            f->ncols = rd8(&r);
            if (f->ncols < 1 || f->ncols > SQL_MAX_INDEX_COLS) {
                r.bad = true;
                break;
            }
            for (int j = 0; j < f->ncols; j++) {
                f->col_ids[j] = sql__rd32(&r);
                f->ref_col_ids[j] = sql__rd32(&r);
                if (sql_cat_column_pos(t, f->col_ids[j]) < 0)
                    r.bad = true;
            }
            f->upd = (char)rd8(&r);
            f->del = (char)rd8(&r);
            f->match = (char)rd8(&r);
            if (strchr("arcnd", f->upd) == NULL || strchr("arcnd", f->del) == NULL ||
                (f->match != 's' && f->match != 'f') || f->upd == 0 || f->del == 0)
                r.bad = true;
        }
        t->nrefby = sql__rd16(&r);
        if (t->nrefby > 4096)
            r.bad = true;
        t->refby = mem_alloc0(ctx, sizeof(*t->refby) * (size_t)(t->nrefby + 1));
        for (int i = 0; i < t->nrefby && !r.bad; i++)
            t->refby[i] = sql__rd32(&r);
    } else {
        t->fks = mem_alloc0(ctx, sizeof(*t->fks));
        t->refby = mem_alloc0(ctx, sizeof(*t->refby));
    }
    if (t->kind == 'v') {
        t->view_sql = rd_ostr(&r, ctx);
        t->ndeps = sql__rd16(&r);
        if (t->view_sql == NULL || t->nidx != 0)
            r.bad = true;
        t->deps = mem_alloc0(ctx, sizeof(*t->deps) * (size_t)(t->ndeps + 1));
        for (int i = 0; i < t->ndeps && !r.bad; i++) {
            t->deps[i].oid = sql__rd32(&r);
            t->deps[i].attnum = (int16_t)sql__rd16(&r);
        }
    }
    if (t->kind == 'r' && !r.bad && r.o < r.n && r.p[r.o] == 'M') { /* a materialized view's */
        uint8_t m = rd8(&r);
        uint8_t pop = rd8(&r);
        t->matview = true;
        t->populated = pop == 1;
        t->view_sql = rd_ostr(&r, ctx);
        t->ndeps = sql__rd16(&r);
        if (m != 'M' || pop > 1 || t->view_sql == NULL)
            r.bad = true;
        t->deps = mem_alloc0(ctx, sizeof(*t->deps) * (size_t)(t->ndeps + 1));
        for (int i = 0; i < t->ndeps && !r.bad; i++) {
            t->deps[i].oid = sql__rd32(&r);
            t->deps[i].attnum = (int16_t)sql__rd16(&r);
        }
    }
    if (t->kind == 'r' && !r.bad && r.o < r.n && r.p[r.o] == 'V') { /* NOT VALID constraints */
        rd8(&r);
        int nnv = sql__rd16(&r);
        for (int i = 0; i < nnv && !r.bad; i++) {
            uint32_t o = sql__rd32(&r);
            bool hit = false;
            for (int j = 0; j < t->nchecks && !hit; j++)
                if (t->checks[j].oid == o)
                    hit = t->checks[j].not_valid = true;
            for (int j = 0; j < t->nfks && !hit; j++)
                if (t->fks[j].oid == o)
                    hit = t->fks[j].not_valid = true;
            if (!hit)
                r.bad = true;
        }
    }
    if (t->kind == 'r' && !r.bad && r.o < r.n && r.p[r.o] == 'D') { /* DEFERRABLE fks */
        rd8(&r);
        int ndf = sql__rd16(&r);
        for (int i = 0; i < ndf && !r.bad; i++) {
            uint32_t o = sql__rd32(&r);
            uint8_t fl = rd8(&r);
            bool hit = false;
            for (int j = 0; j < t->nfks && !hit; j++) {
                if (t->fks[j].oid == o) {
                    hit = t->fks[j].deferrable = true;
                    t->fks[j].initdeferred = (fl & 2) != 0;
                }
            }
            if (!hit || (fl & ~3) != 0 || (fl & 1) == 0)
                r.bad = true;
        }
    }
    if (t->kind == 'r' && !r.bad && r.o < r.n && r.p[r.o] == 'F') { /* missing values */
        rd8(&r);
        int nmiss = sql__rd16(&r);
        for (int i = 0; i < nmiss && !r.bad; i++) {
            uint32_t id = sql__rd32(&r);
            uint32_t len = sql__rd32(&r);
            const uint8_t *q = sql__rd_take(&r, len);
            int pos = sql_cat_column_pos(t, id);
            if (q == NULL || pos < 0 || len == 0 || t->cols[pos].missing != NULL) {
                r.bad = true;
                break;
            }
            t->cols[pos].missing = mem_alloc(ctx, len);
            memcpy(t->cols[pos].missing, q, len);
            t->cols[pos].missing_len = len;
        }
    }
    if ((t->kind == 'r' || t->kind == 'v') && !r.bad && r.o < r.n && r.p[r.o] == 'X') {
        rd8(&r); /* storage attributes (ddl_alter_meta.c) */
        t->persistence = (char)rd8(&r);
        t->replident = (char)rd8(&r);
        if ((t->persistence != 0 && t->persistence != 'u') ||
            (t->replident != 0 && strchr("nfi", t->replident) == NULL))
            r.bad = true;
        int nxc = sql__rd16(&r);
        for (int i = 0; i < nxc && !r.bad; i++) {
            uint32_t id = sql__rd32(&r);
            uint8_t fl = rd8(&r);
            int16_t st = (int16_t)sql__rd16(&r);
            char sto = (char)rd8(&r), cmp = (char)rd8(&r);
            char *opt = rd_ostr(&r, ctx);
            struct sql_col_desc *c = NULL;
            for (int j = 0; j < t->ncols && c == NULL; j++)
                if (t->cols[j].id == id)
                    c = &t->cols[j];
            if (c == NULL || fl > 1) {
                r.bad = true;
                break;
            }
            c->stattarget_set = fl == 1;
            c->stattarget = st;
            c->storage = sto;
            c->compression = cmp;
            c->attoptions = opt;
        }
        int nxi = sql__rd16(&r);
        for (int i = 0; i < nxi && !r.bad; i++) {
            uint32_t id = sql__rd32(&r);
            uint8_t fl = rd8(&r);
            char *opt = rd_ostr(&r, ctx);
            struct sql_idx_desc *x = NULL;
            for (int j = 0; j < t->nidx && x == NULL; j++)
                if (t->idx[j].id == id)
                    x = &t->idx[j];
            if (x == NULL || fl > 3) {
                r.bad = true;
                break;
            }
            x->clustered = (fl & 1) != 0;
            x->replident = (fl & 2) != 0;
            x->options = opt;
        }
        int ncm = sql__rd16(&r);
        for (int i = 0; i < ncm && !r.bad; i++) {
            uint8_t k = rd8(&r);
            uint32_t id = sql__rd32(&r);
            char *txt = rd_ostr(&r, ctx);
            bool hit = false;
            for (int j = 0; j < t->nidx && !hit && (k == 'i' || k == 'k'); j++)
                if (t->idx[j].id == id) {
                    hit = true;
                    *(k == 'i' ? &t->idx[j].comment : &t->idx[j].concomment) = txt;
                }
            for (int j = 0; j < t->nchecks && !hit && k == 'c'; j++)
                if (t->checks[j].oid == id) {
                    hit = true;
                    t->checks[j].comment = txt;
                }
            for (int j = 0; j < t->nfks && !hit && k == 'f'; j++)
                if (t->fks[j].oid == id) {
                    hit = true;
                    t->fks[j].comment = txt;
                }
            if (!hit || txt == NULL)
                r.bad = true;
        }
    }
    t->trigs = NULL;
    t->ntrigs = 0;
    if ((t->kind == 'r' || t->kind == 'v') && !r.bad && r.o < r.n && r.p[r.o] == 'T') {
        rd8(&r); /* user triggers (trigger.h) */
        t->ntrigs = sql__rd16(&r);
        t->trigs = mem_alloc0(ctx, sizeof(*t->trigs) * (size_t)(t->ntrigs + 1));
        for (int i = 0; i < t->ntrigs && !r.bad; i++) {
            struct sql_trig_desc *g = &t->trigs[i];
            g->oid = sql__rd32(&r);
            rd_name(&r, g->name);
            g->fn_oid = sql__rd32(&r);
            g->type = sql__rd16(&r);
            g->enabled = (char)rd8(&r);
            g->nargs = sql__rd16(&r);
            g->args = mem_alloc0(ctx, sizeof(*g->args) * (size_t)(g->nargs + 1));
            for (int j = 0; j < g->nargs && !r.bad; j++)
                if ((g->args[j] = rd_ostr(&r, ctx)) == NULL)
                    r.bad = true;
            g->ncols = sql__rd16(&r);
            g->col_ids = mem_alloc0(ctx, sizeof(*g->col_ids) * (size_t)(g->ncols + 1));
            for (int j = 0; j < g->ncols && !r.bad; j++)
                if (sql_cat_column_pos(t, g->col_ids[j] = sql__rd32(&r)) < 0)
                    r.bad = true;
            g->when_sql = rd_ostr(&r, ctx);
            if (g->enabled == 0 || strchr("ODRA", g->enabled) == NULL || g->type > 127)
                r.bad = true;
        }
    }
    if (r.bad || r.o != r.n || cyc > 1 || (t->kind == 'S' && s->increment == 0))
        return sql__corrupt(e, "descriptor", oid, "bad body or trailing bytes");
    *out = t;
    return 0;
}

static char *dup_opt(struct mem_ctx *ctx, const char *s)
{
    return s ? mem_strdup(ctx, s) : NULL;
}

struct sql_table_desc *sql__desc_copy(struct mem_ctx *ctx, const struct sql_table_desc *t)
{
    struct sql_table_desc *c = mem_alloc(ctx, sizeof(*c));
    *c = *t;
    /* Room for 20 more of each so DDL can append in place. */
    c->cols = mem_alloc0(ctx, sizeof(*c->cols) * (size_t)(t->ncols + 20));
    for (int i = 0; i < t->ncols; i++) {
        c->cols[i] = t->cols[i];
        c->cols[i].default_sql = dup_opt(ctx, t->cols[i].default_sql);
        c->cols[i].comment = dup_opt(ctx, t->cols[i].comment);
        if (t->cols[i].missing != NULL) {
            c->cols[i].missing = mem_alloc(ctx, t->cols[i].missing_len);
            memcpy(c->cols[i].missing, t->cols[i].missing, t->cols[i].missing_len);
        }
        c->cols[i].attoptions = dup_opt(ctx, t->cols[i].attoptions);
    }
    c->idx = mem_alloc0(ctx, sizeof(*c->idx) * (size_t)(t->nidx + 20));
    if (t->nidx > 0)
        memcpy(c->idx, t->idx, sizeof(*c->idx) * (size_t)t->nidx);
    for (int i = 0; i < t->nidx; i++)
        for (int j = 0; j < t->idx[i].ncols; j++)
            c->idx[i].exprs[j] = dup_opt(ctx, t->idx[i].exprs[j]);
    for (int i = 0; i < t->nidx; i++) {
        c->idx[i].pred = dup_opt(ctx, t->idx[i].pred);
        c->idx[i].options = dup_opt(ctx, t->idx[i].options);
        c->idx[i].comment = dup_opt(ctx, t->idx[i].comment);
        c->idx[i].concomment = dup_opt(ctx, t->idx[i].concomment);
    }
    c->checks = mem_alloc0(ctx, sizeof(*c->checks) * (size_t)(t->nchecks + 20));
    for (int i = 0; i < t->nchecks; i++) {
        c->checks[i] = t->checks[i];
        c->checks[i].expr_sql = dup_opt(ctx, t->checks[i].expr_sql);
        c->checks[i].comment = dup_opt(ctx, t->checks[i].comment);
    }
    c->fks = mem_alloc0(ctx, sizeof(*c->fks) * (size_t)(t->nfks + 20));
    if (t->nfks > 0)
        memcpy(c->fks, t->fks, sizeof(*c->fks) * (size_t)t->nfks);
    for (int i = 0; i < t->nfks; i++)
        c->fks[i].comment = dup_opt(ctx, t->fks[i].comment);
    c->refby = mem_alloc0(ctx, sizeof(*c->refby) * (size_t)(t->nrefby + 20));
    if (t->nrefby > 0)
        memcpy(c->refby, t->refby, sizeof(*c->refby) * (size_t)t->nrefby);
    c->options = dup_opt(ctx, t->options);
    c->comment = dup_opt(ctx, t->comment);
    c->view_sql = dup_opt(ctx, t->view_sql);
    c->deps = mem_alloc0(ctx, sizeof(*c->deps) * (size_t)(t->ndeps + 1));
    if (t->ndeps > 0)
        memcpy(c->deps, t->deps, sizeof(*c->deps) * (size_t)t->ndeps);
    c->trigs = sql__trigs_copy(ctx, t->trigs, t->ntrigs);
    return c;
}

/* ---- per-session state and the statement cache ---- */

struct sql__sess *sql__sess(struct sql_env *env)
{
    if (env->seq_state == NULL) {
        struct sql__sess *s = xcalloc(1, sizeof(*s));
        s->cur = hash_new(16);
        env->seq_state = s;
    }
    return env->seq_state;
}

void sql_seq_session_free(void *state)
{
    struct sql__sess *s = state;
    if (s == NULL)
        return;
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(s->cur, &pos, &k, &kl, &v))
        xfree(v);
    hash_free(s->cur);
    if (s->sc != NULL)
        s->sc->sess = NULL; /* the statement context's cleanup frees it */
    kv_txn_rollback(s->cf_txn);
    xfree(s);
}

/* ---- catalog reads of the running statement (sql__sess cf_*) ---- */

/* s's cf_* state, reset when it belongs to an earlier statement. */
static struct sql__sess *cf_state(struct sql_env *env)
{
    struct sql__sess *s = sql__sess(env);
    uint64_t ts = kv_txn_start_ts(env->txn), mark = kv_txn_stmt_mark(env->txn);
    if (s->cf_ts != ts || s->cf_mark != mark) {
        kv_txn_rollback(s->cf_txn);
        s->cf_txn = NULL;
        s->cf_waited = false;
        s->cf_reader = false;
        s->cf_ts = ts;
        s->cf_mark = mark;
    }
    return s;
}

/* Whether the statement's catalog reads bypass the caches (a wait). */
static bool cf_bypass(struct sql_env *env)
{
    return env->txn != NULL && env->seq_state != NULL && cf_state(env)->cf_waited;
}

int sql_cat_after_wait(struct sql_env *env, bool new_snapshot, struct err *e)
{
    if (env->txn == NULL)
        return 0;
    struct sql__sess *s = cf_state(env);
    s->cf_waited = true;
    kv_txn_rollback(s->cf_txn); /* the next read begins a newer one */
    s->cf_txn = NULL;
    if (!new_snapshot) {
        s->cf_reader = true; /* READ COMMITTED too: the rows keep the old snapshot */
        return 0;
    }
    return kv_txn_refresh_read_ts(env->txn, e);
}

void sql_cat_stmt_end(struct sql_env *env)
{
    struct sql__sess *s = env->seq_state;
    if (s == NULL)
        return;
    kv_txn_rollback(s->cf_txn);
    s->cf_txn = NULL;
    s->cf_waited = false;
    s->cf_reader = false;
}

/* The transaction a catalog read goes through: the statement's, except
 * under REPEATABLE READ / SERIALIZABLE without DDL of its own, where names
 * and descriptors are the newest committed (PostgreSQL's catalog snapshot):
 * the statement's catalog reader transaction, begun at its first read (also
 * under READ COMMITTED after a wait that keeps the statement's snapshot). */
static int cat_reader(struct sql_env *env, struct kv_txn **out, struct err *e)
{
    *out = env->txn;
    if (env->txn == NULL || env->txn_did_ddl || env->kv == NULL)
        return 0;
    struct sql__sess *s = cf_state(env);
    if (kv_txn_isolation(env->txn) == KV_ISO_READ_COMMITTED && !s->cf_reader)
        return 0;
    if (s->cf_txn == NULL) {
        int rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &s->cf_txn, e);
        if (rc != 0) {
            s->cf_txn = NULL;
            return err_prefix(e, "catalog");
        }
    }
    *out = s->cf_txn;
    return 0;
}

static void stmt_cache_cleanup(void *arg)
{
    struct sql__stmt_cache *sc = arg;
    if (sc->sess != NULL)
        sc->sess->sc = NULL;
    xfree(sc);
}

/* The running statement's cache, or NULL when it must not be used. */
static struct sql__stmt_cache *stmt_cache(struct sql_env *env)
{
    if (env->txn_did_ddl || env->stmt_ctx == NULL || cf_bypass(env))
        return NULL;
    struct sql__sess *s = sql__sess(env);
    if (s->sc != NULL && s->sc->ctx != env->stmt_ctx) {
        /* Another statement context: its own cleanup frees the old cache. */
        s->sc->sess = NULL;
        s->sc = NULL;
    }
    uint64_t gen = sql_catalog_generation(env->cat);
    if (s->sc != NULL && s->sc->gen != gen) {
        /* Committed DDL since: forget what this context cached. */
        memset(s->sc->e, 0, sizeof(s->sc->e));
        s->sc->gen = gen;
    }
    if (s->sc == NULL) {
        s->sc = xcalloc(1, sizeof(*s->sc));
        s->sc->sess = s;
        s->sc->ctx = env->stmt_ctx;
        s->sc->gen = gen;
        mem_ctx_cleanup(env->stmt_ctx, stmt_cache_cleanup, s->sc);
    }
    return s->sc;
}

static int stmt_cache_slot(struct sql__stmt_cache *sc)
{
    int i = sc->next;
    sc->next = (sc->next + 1) % SQL__STMT_CACHE_N;
    memset(&sc->e[i], 0, sizeof(sc->e[i]));
    return i;
}

/* ---- node cache ---- */

int sql_catalog_open(struct kv *kv, struct sql_catalog **out, struct err *e)
{
    (void)e;
    struct sql_catalog *c = xcalloc(1, sizeof(*c));
    c->kv = kv;
    pthread_mutex_init(&c->mu, NULL);
    c->h = hash_new(256);
    c->gen = 1;
    *out = c;
    return 0;
}

static void cache_clear(struct sql_catalog *c)
{
    size_t pos = 0;
    const void *k;
    size_t kl;
    void *v;
    while (hash_next(c->h, &pos, &k, &kl, &v))
        xfree(v);
    hash_free(c->h);
    c->h = hash_new(256);
}

void sql_catalog_close(struct sql_catalog *c)
{
    if (c == NULL)
        return;
    cache_clear(c);
    hash_free(c->h);
    pthread_mutex_destroy(&c->mu);
    xfree(c);
}

/* Shared catalogs, one per kv, reference-counted by sessions. */
static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sql_catalog *shared_head;

struct sql_catalog *sql_catalog_acquire(struct kv *kv)
{
    pthread_mutex_lock(&shared_mu);
    struct sql_catalog *c = shared_head;
    while (c != NULL && c->kv != kv)
        c = c->next_shared;
    if (c == NULL) {
        sql_catalog_open(kv, &c, NULL);
        c->next_shared = shared_head;
        shared_head = c;
    }
    c->refs++;
    pthread_mutex_unlock(&shared_mu);
    return c;
}

void sql_catalog_release(struct sql_catalog *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&shared_mu);
    bool last = --c->refs == 0;
    if (last) {
        struct sql_catalog **pp = &shared_head;
        while (*pp != NULL && *pp != c)
            pp = &(*pp)->next_shared;
        if (*pp == c)
            *pp = c->next_shared;
    }
    pthread_mutex_unlock(&shared_mu);
    if (last)
        sql_catalog_close(c);
}

void sql_catalog_invalidate(struct sql_catalog *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->mu);
    c->gen++;
    cache_clear(c);
    pthread_mutex_unlock(&c->mu);
}

uint64_t sql_catalog_generation(const struct sql_catalog *c)
{
    if (c == NULL)
        return 0;
    struct sql_catalog *m = (struct sql_catalog *)c;
    pthread_mutex_lock(&m->mu);
    uint64_t g = m->gen;
    pthread_mutex_unlock(&m->mu);
    return g;
}

int sql__cat_get(struct sql_env *env, const void *key, size_t klen, struct mem_ctx *ctx, void **val,
                 size_t *vlen, bool *found, struct err *e)
{
    struct sql_catalog *c = env->cat;
    bool use_cache = c != NULL && !env->txn_did_ddl && !cf_bypass(env);
    uint64_t gen = 0;
    if (use_cache) {
        pthread_mutex_lock(&c->mu);
        struct centry *ce = hash_get(c->h, key, klen);
        if (ce != NULL) {
            *found = !ce->absent;
            *vlen = ce->len;
            *val = NULL;
            if (*found) {
                *val = mem_alloc(ctx, ce->len + 1);
                memcpy(*val, ce->data, ce->len);
            }
            pthread_mutex_unlock(&c->mu);
            return 0;
        }
        gen = c->gen;
        pthread_mutex_unlock(&c->mu);
    }
    struct kv_txn *rt;
    int rc = cat_reader(env, &rt, e);
    if (rc != 0)
        return rc;
    rc = kv_txn_get(rt, key, klen, ctx, val, vlen, found, e);
    if (rc != 0)
        return err_prefix(e, "catalog");
    if (use_cache) {
        struct centry *ce = xmalloc(sizeof(*ce) + (*found ? *vlen : 0));
        ce->absent = !*found;
        ce->len = *found ? *vlen : 0;
        if (*found)
            memcpy(ce->data, *val, *vlen);
        pthread_mutex_lock(&c->mu);
        if (c->gen == gen) {
            if (hash_count(c->h) >= CACHE_MAX_ENTRIES)
                cache_clear(c);
            void *old = hash_put(c->h, key, klen, ce);
            xfree(old);
            ce = NULL;
        }
        pthread_mutex_unlock(&c->mu);
        xfree(ce);
    }
    return 0;
}

/* A descriptor key ('o' oid): its relation's DDL table lock first
 * (table_lock.c), so DDL waits for the readers and writers of the table. */
static int desc_tlock(struct sql_env *env, const void *key, size_t klen, struct err *e)
{
    const uint8_t *k = key;
    if (klen != 6 || k[0] != 0x01 || k[1] != (uint8_t)SQL_KEY_DESC)
        return 0;
    return sql__table_ddl_tlock(env, sql__get32(k + 2), e);
}

int sql__cat_put(struct sql_env *env, const void *key, size_t klen, const void *val, size_t vlen,
                 struct err *e)
{
    env->txn_did_ddl = true;
    int rc = desc_tlock(env, key, klen, e);
    if (rc != 0)
        return rc;
    rc = kv_txn_put(env->txn, key, klen, val, vlen, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

int sql__cat_del(struct sql_env *env, const void *key, size_t klen, struct err *e)
{
    env->txn_did_ddl = true;
    int rc = desc_tlock(env, key, klen, e);
    if (rc != 0)
        return rc;
    rc = kv_txn_delete(env->txn, key, klen, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

/* ---- allocation ---- */

/* Advance the counter at key by n in a short transaction of its own;
 * *first is the first value of the block. */
static int counter_advance(struct kv *kv, char kind, uint64_t initial, uint64_t n, uint64_t *first,
                           struct err *e)
{
    uint8_t key[2] = {0x01, (uint8_t)kind};
    for (int attempt = 0;; attempt++) {
        struct kv_txn *t;
        int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, false, &t, e);
        if (rc != 0)
            return err_prefix(e, "catalog: counter");
        void *val = NULL;
        size_t vlen = 0;
        bool found = false;
        rc = kv_txn_lock(t, key, 2, NULL, &val, &vlen, &found, e);
        uint64_t next = initial;
        if (rc == 0 && found) {
            if (vlen != 13 || !sql__crc_ok(val, vlen, SQL_CAT_FORMAT))
                rc = sql__corrupt(e, "counter", (uint32_t)kind, "bad record");
            else
                next = sql__get64((uint8_t *)val + 1);
        }
        xfree(val);
        if (rc == 0) {
            struct sbuf b;
            sbuf_init(&b);
            sbuf_putc(&b, SQL_CAT_FORMAT);
            sql__put64(&b, next + n);
            sql__put_crc(&b);
            rc = kv_txn_put(t, key, 2, b.data, b.len, e);
            sbuf_free(&b);
        }
        if (rc != 0) {
            kv_txn_rollback(t);
        } else {
            rc = kv_txn_commit(t, e);
            if (rc == 0) {
                *first = next;
                return 0;
            }
        }
        if ((rc != ERR_CONFLICT && rc != ERR_DEADLOCK) || attempt >= ALLOC_RETRIES)
            return err_prefix(e, "catalog: counter");
    }
}

int sql__oid_alloc_kv(struct kv *kv, struct sql_catalog *c, uint32_t *oid, struct err *e)
{
    if (c != NULL) {
        pthread_mutex_lock(&c->mu);
        if (c->oid_next < c->oid_end) {
            *oid = c->oid_next++;
            pthread_mutex_unlock(&c->mu);
            return 0;
        }
        pthread_mutex_unlock(&c->mu);
    }
    uint64_t first;
    uint64_t n = c != NULL ? OID_BLOCK : 1;
    int rc = counter_advance(kv, SQL_KEY_OID, SQL_FIRST_USER_OID, n, &first, e);
    if (rc != 0)
        return rc;
    if (first + n > 0xFFFFFFF0u)
        return err_set_state(e, ERR_LIMIT, "54000", "out of OIDs");
    *oid = (uint32_t)first;
    if (c != NULL) {
        pthread_mutex_lock(&c->mu);
        c->oid_next = (uint32_t)first + 1;
        c->oid_end = (uint32_t)(first + n);
        pthread_mutex_unlock(&c->mu);
    }
    return 0;
}

int sql__oid_alloc(struct sql_env *env, uint32_t *oid, struct err *e)
{
    return sql__oid_alloc_kv(env->kv, env->cat, oid, e);
}

int sql__rowid_alloc(struct sql_env *env, int64_t *id, struct err *e)
{
    struct sql_catalog *c = env->cat;
    if (c != NULL) {
        pthread_mutex_lock(&c->mu);
        if (c->rowid_next < c->rowid_end) {
            *id = c->rowid_next++;
            pthread_mutex_unlock(&c->mu);
            return 0;
        }
        pthread_mutex_unlock(&c->mu);
    }
    uint64_t first;
    uint64_t n = c != NULL ? ROWID_BLOCK : 1;
    int rc = counter_advance(env->kv, SQL_KEY_ROWID, 1, n, &first, e);
    if (rc != 0)
        return rc;
    *id = (int64_t)first;
    if (c != NULL) {
        pthread_mutex_lock(&c->mu);
        c->rowid_next = (int64_t)first + 1;
        c->rowid_end = (int64_t)(first + n);
        pthread_mutex_unlock(&c->mu);
    }
    return 0;
}

/* ---- names, schemas, databases ---- */

int sql__db_oid(struct sql_env *env, uint32_t *oid, struct err *e)
{
    if (env->db_oid != 0) {
        *oid = env->db_oid;
        return 0;
    }
    struct sql_db_desc d;
    bool found = false;
    int rc =
        sql__db_get_txn(env->txn, env->stmt_ctx, env->database ? env->database : "", &d, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "3D000", "database \"%s\" does not exist",
                             env->database ? env->database : "");
    env->db_oid = d.oid;
    *oid = d.oid;
    return 0;
}

static uint32_t builtin_schema(const char *name)
{
    if (strcmp(name, SQL_NS_PUBLIC_NAME) == 0)
        return SQL_NS_PUBLIC;
    if (strcmp(name, SQL_NS_PG_CATALOG_STR) == 0)
        return SQL_NS_PG_CATALOG;
    if (strcmp(name, "information_schema") == 0)
        return SQL_NS_INFORMATION;
    return 0;
}

static int schema_read(struct sql_env *env, const char *name, struct sql_schema_desc *out,
                       bool *found, struct err *e)
{
    *found = false;
    memset(out, 0, sizeof(*out));
    if (strcmp(name, "pg_temp") == 0) { /* the session's temp schema (temp.h) */
        if (env->temp_schema[0] == 0)
            return 0;
        name = env->temp_schema;
    }
    uint32_t b = builtin_schema(name);
    if (b != 0) {
        out->oid = b;
        snprintf(out->name, sizeof(out->name), "%s", name);
        snprintf(out->owner, sizeof(out->owner), "%s",
                 b == SQL_NS_PUBLIC ? "pg_database_owner" : SQL_DEFAULT_NAME);
        *found = true;
        return 0;
    }
    if (strlen(name) == 0 || strlen(name) > SQL_NAME_MAX)
        return 0;
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct sbuf k;
    sbuf_init(&k);
    sql__key_schema(&k, db, name);
    void *val = NULL;
    size_t vlen = 0;
    rc = sql__cat_get(env, k.data, k.len, env->stmt_ctx, &val, &vlen, found, e);
    sbuf_free(&k);
    if (rc != 0 || !*found)
        return rc;
    *found = false;
    if (!sql__crc_ok(val, vlen, SQL_CAT_FORMAT))
        return sql__corrupt(e, "schema", 0, "checksum or version mismatch");
    struct sql__rd r = {.p = val, .n = vlen - 4};
    rd8(&r);
    out->oid = sql__rd32(&r);
    rd_name(&r, out->owner);
    if (r.bad || r.o != r.n)
        return sql__corrupt(e, "schema", out->oid, "bad record");
    snprintf(out->name, sizeof(out->name), "%s", name);
    *found = true;
    return 0;
}

int sql_cat_schema(struct sql_env *env, const char *name, struct sql_schema_desc *out, bool *found,
                   struct err *e)
{
    return schema_read(env, name, out, found, e);
}

int sql__schema_store(struct sql_env *env, uint32_t db, const char *name, uint32_t oid,
                      const char *owner, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_schema(&k, db, name);
    sbuf_putc(&v, SQL_CAT_FORMAT);
    sql__put32(&v, oid);
    sql__put16(&v, (uint16_t)strlen(owner));
    sbuf_puts(&v, owner);
    sql__put_crc(&v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

int sql__schema_oid(struct sql_env *env, const char *name, uint32_t *oid, struct err *e)
{
    struct sql_schema_desc s;
    bool found;
    int rc = schema_read(env, name, &s, &found, e);
    *oid = rc == 0 && found ? s.oid : 0;
    return rc;
}

static int creation_schema(struct sql_env *env, const char *schema, const char *relname,
                           uint32_t *oid, const char **name, struct err *e)
{
    if (schema != NULL) {
        int rc = sql__schema_oid(env, schema, oid, e);
        if (rc != 0)
            return rc;
        if (*oid == 0)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", schema);
        if (*oid == SQL_NS_PG_CATALOG || *oid == SQL_NS_INFORMATION)
            return err_set_state(e, ERR_INVAL, "42501",
                                 "permission denied to create \"%s.%s\"" SQL_NUM_DETAIL_SEP
                                 "System catalog modifications are currently disallowed.",
                                 schema, relname);
        *name = schema;
        return 0;
    }
    int n = env->nsearch;
    for (int i = 0; i < (n > 0 ? n : 1); i++) {
        const char *s = n > 0 ? env->search_path[i] : SQL_NS_PUBLIC_NAME;
        if (strcmp(s, SQL_NS_PG_CATALOG_STR) == 0 || strcmp(s, "information_schema") == 0 ||
            sql_temp_is_schema_name(s))
            continue;
        int rc = sql__schema_oid(env, s, oid, e);
        if (rc != 0)
            return rc;
        if (*oid != 0) {
            *name = s;
            return 0;
        }
    }
    return err_set_state(e, ERR_NOTFOUND, "3F000", "no schema has been selected to create in");
}

int sql__creation_schema(struct sql_env *env, const char *schema, const char *relname,
                         uint32_t *oid, const char **name, struct err *e)
{
    int rc = creation_schema(env, schema, relname, oid, name, e);
    if (rc == 0) /* CREATE on the schema (acl.c; superusers pass) */
        rc = sql__acl_check_schema(env, *name, SQL_ACL_CREATE, e);
    return rc;
}

int sql__name_lookup(struct sql_env *env, uint32_t schema, const char *name, uint32_t *oid,
                     char *kind, struct err *e)
{
    *oid = 0;
    if (kind)
        *kind = 0;
    if (strlen(name) == 0 || strlen(name) > SQL_NAME_MAX)
        return 0;
    struct sql__stmt_cache *sc = stmt_cache(env);
    for (int i = 0; sc != NULL && i < SQL__STMT_CACHE_N; i++) {
        if (sc->e[i].name[0] != 0 && sc->e[i].schema == schema &&
            strcmp(sc->e[i].name, name) == 0) {
            *oid = sc->e[i].name_oid;
            if (kind)
                *kind = sc->e[i].kind;
            return 0;
        }
    }
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct sbuf k;
    sbuf_init(&k);
    sql__key_name(&k, db, schema, name);
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    rc = sql__cat_get(env, k.data, k.len, env->stmt_ctx, &val, &vlen, &found, e);
    sbuf_free(&k);
    if (rc != 0)
        return rc;
    char kd = 0;
    if (found) {
        const uint8_t *p = val;
        if (vlen != 10 || !sql__crc_ok(p, vlen, SQL_CAT_FORMAT) ||
            (p[1] != 'r' && p[1] != 'S' && p[1] != 'i' && p[1] != 'v' && p[1] != 'e' &&
             p[1] != 'd' && p[1] != 'c'))
            return sql__corrupt(e, "name", 0, "bad record");
        *oid = sql__get32(p + 2);
        kd = (char)p[1];
        if (kind)
            *kind = kd;
    }
    if (sc != NULL) {
        int i = stmt_cache_slot(sc);
        sc->e[i].schema = schema;
        snprintf(sc->e[i].name, sizeof(sc->e[i].name), "%s", name);
        sc->e[i].name_oid = *oid;
        sc->e[i].kind = kd;
    }
    return 0;
}

int sql__name_store(struct sql_env *env, uint32_t schema, const char *name, char kind, uint32_t oid,
                    struct err *e)
{
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_name(&k, db, schema, name);
    sbuf_putc(&v, SQL_CAT_FORMAT);
    sbuf_putc(&v, kind);
    sql__put32(&v, oid);
    sql__put_crc(&v);
    rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

int sql__name_delete(struct sql_env *env, uint32_t schema, const char *name, struct err *e)
{
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct sbuf k;
    sbuf_init(&k);
    sql__key_name(&k, db, schema, name);
    rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    return rc;
}

int sql__desc_store(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_desc(&k, t->oid);
    sql__desc_encode(t, &v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc == 0)
        sql__rowtype_note(t); /* rowtype.h */
    return rc;
}

/* Read the record at 'o' <oid>: a table/sequence descriptor, or for an
 * index the oid of its table in *index_of. */
static int desc_read(struct sql_env *env, uint32_t oid, const struct sql_table_desc **out,
                     uint32_t *index_of, struct err *e)
{
    *out = NULL;
    if (index_of)
        *index_of = 0;
    struct sql__stmt_cache *sc = stmt_cache(env);
    for (int i = 0; sc != NULL && i < SQL__STMT_CACHE_N; i++) {
        if (sc->e[i].name[0] == 0 && sc->e[i].oid == oid) {
            *out = sc->e[i].desc;
            if (index_of)
                *index_of = sc->e[i].name_oid;
            return 0;
        }
    }
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, oid);
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = sql__cat_get(env, k.data, k.len, env->stmt_ctx, &val, &vlen, &found, e);
    sbuf_free(&k);
    if (rc != 0 || !found)
        return rc;
    const uint8_t *p = val;
    if (vlen >= 2 && p[1] == 'i') {
        if (vlen != 10 || !sql__crc_ok(p, vlen, SQL_CAT_FORMAT))
            return sql__corrupt(e, "descriptor", oid, "bad index record");
        if (index_of)
            *index_of = sql__get32(p + 2);
        if (sc != NULL) {
            int i = stmt_cache_slot(sc);
            sc->e[i].oid = oid;
            sc->e[i].name_oid = sql__get32(p + 2);
        }
        return 0;
    }
    if (vlen >= 2 && (p[1] == 'e' || p[1] == 'E'))
        return 0; /* an enum type or its array type (enum.h) */
    if (vlen >= 2 && (p[1] == 'd' || p[1] == 'c'))
        return 0; /* a domain (domain.h), a composite type (ctype.h) */
    struct sql_table_desc *t;
    rc = sql__desc_decode(env->stmt_ctx, p, vlen, oid, &t, e);
    if (rc == 0)
        rc = sql__domain_fix_cols(env, t, e);
    if (rc == 0)
        rc = sql__ctype_fix_cols(env, t, e);
    if (rc == 0)
        sql__rowtype_note(t); /* rowtype.h */
    for (int i = 0; rc == 0 && i < t->ncols; i++)
        if (t->cols[i].type >= SQL_FIRST_USER_OID)
            rc = sql__enum_load(env, t->cols[i].type, e);
    if (rc == 0) {
        *out = t;
        if (sc != NULL) {
            int i = stmt_cache_slot(sc);
            sc->e[i].oid = oid;
            sc->e[i].desc = t;
        }
    }
    return rc;
}

int sql_cat_table_by_oid(struct sql_env *env, uint32_t oid, const struct sql_table_desc **out,
                         struct err *e)
{
    return desc_read(env, oid, out, NULL, e);
}

/* Relation oid by (optional) schema and name, searching search_path. */
static int rel_lookup(struct sql_env *env, const char *schema, const char *name, uint32_t *oid,
                      char *kind, struct err *e)
{
    *oid = 0;
    if (schema != NULL) {
        uint32_t ns;
        int rc = sql__schema_oid(env, schema, &ns, e);
        if (rc != 0 || ns == 0)
            return rc;
        return sql__name_lookup(env, ns, name, oid, kind, e);
    }
    int n = env->nsearch;
    for (int i = 0; i < (n > 0 ? n : 1); i++) {
        const char *s = n > 0 ? env->search_path[i] : SQL_NS_PUBLIC_NAME;
        uint32_t ns;
        int rc = sql__schema_oid(env, s, &ns, e);
        if (rc != 0)
            return rc;
        if (ns == 0 || ns == SQL_NS_PG_CATALOG || ns == SQL_NS_INFORMATION)
            continue;
        rc = sql__name_lookup(env, ns, name, oid, kind, e);
        if (rc != 0 || *oid != 0)
            return rc;
    }
    return 0;
}

int sql_cat_table(struct sql_env *env, const char *schema, const char *name,
                  const struct sql_table_desc **out, struct err *e)
{
    *out = NULL;
    uint32_t oid;
    char kind;
    int rc = rel_lookup(env, schema, name, &oid, &kind, e);
    if (rc != 0 || oid == 0 || kind == 'i' || kind == 'e' || kind == 'd' || kind == 'c')
        return rc;
    rc = desc_read(env, oid, out, NULL, e);
    if (rc == 0 && *out == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    return rc;
}

int sql_cat_index(struct sql_env *env, const char *schema, const char *name,
                  const struct sql_table_desc **table, int *idx_pos, struct err *e)
{
    *table = NULL;
    *idx_pos = -1;
    uint32_t oid, tab;
    char kind;
    int rc = rel_lookup(env, schema, name, &oid, &kind, e);
    if (rc != 0 || oid == 0 || kind != 'i')
        return rc;
    const struct sql_table_desc *t;
    rc = desc_read(env, oid, &t, &tab, e);
    if (rc != 0)
        return rc;
    if (tab == 0)
        return sql__corrupt(e, "index", oid, "not an index record");
    rc = desc_read(env, tab, &t, NULL, e);
    if (rc != 0)
        return rc;
    if (t == NULL)
        return sql__corrupt(e, "index", oid, "table missing");
    for (int i = 0; i < t->nidx; i++) {
        if (t->idx[i].oid == oid) {
            *table = t;
            *idx_pos = i;
            return 0;
        }
    }
    return sql__corrupt(e, "index", oid, "not in its table's descriptor");
}

const struct sql_col_desc *sql_cat_column(const struct sql_table_desc *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden && strcmp(t->cols[i].name, name) == 0)
            return &t->cols[i];
    return NULL;
}

const struct sql_col_desc *sql_cat_column_by_id(const struct sql_table_desc *t, uint32_t id)
{
    int p = sql_cat_column_pos(t, id);
    return p < 0 ? NULL : &t->cols[p];
}

int sql_cat_column_pos(const struct sql_table_desc *t, uint32_t id)
{
    for (int i = 0; i < t->ncols; i++)
        if (t->cols[i].id == id)
            return i;
    return -1;
}

void sql__clear_missing(struct sql_table_desc *t)
{
    for (int i = 0; i < t->ncols; i++) {
        t->cols[i].missing = NULL;
        t->cols[i].missing_len = 0;
    }
}

int sql_cat_missing(const struct sql_table_desc *t, struct mem_ctx *ctx, struct sql_value **out,
                    struct err *e)
{
    *out = NULL;
    for (int i = 0; i < t->ncols; i++) {
        const struct sql_col_desc *c = &t->cols[i];
        if (c->missing == NULL)
            continue;
        if (*out == NULL) {
            *out = mem_alloc(ctx, sizeof(**out) * (size_t)t->ncols);
            for (int j = 0; j < t->ncols; j++)
                (*out)[j] = sql_null(t->cols[j].type);
        }
        static const uint32_t one = 1;
        int rc = sql_row_decode(ctx, c->missing, c->missing_len, &one, &c->type, 1, &(*out)[i], e);
        if (rc != 0)
            return err_prefix(e, "missing value of column \"%s\"", c->name);
    }
    return 0;
}

/* ---- listings (always through the transaction: pg_catalog views) ---- */

struct scan_cb {
    int (*fn)(void *arg, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl, struct err *e);
    void *arg;
};

static int scan_prefix(struct sql_env *env, const uint8_t *prefix, size_t plen,
                       const struct scan_cb *cb, struct err *e)
{
    struct sbuf end;
    sbuf_init(&end);
    bool bounded = kv_key_prefix_end(prefix, plen, &end);
    struct kv_scan sc = {.start = prefix,
                         .start_len = plen,
                         .end = bounded ? end.data : NULL,
                         .end_len = bounded ? end.len : 0};
    struct kv_iter *it;
    int rc = kv_txn_scan(env->txn, &sc, &it, e);
    sbuf_free(&end);
    if (rc != 0)
        return err_prefix(e, "catalog");
    for (;;) {
        bool has;
        rc = kv_iter_next(it, &has, e);
        if (rc != 0 || !has)
            break;
        size_t kl, vl;
        const uint8_t *k = kv_iter_key(it, &kl);
        const uint8_t *v = kv_iter_value(it, &vl);
        rc = cb->fn(cb->arg, k, kl, v, vl, e);
        if (rc != 0)
            break;
    }
    kv_iter_free(it);
    return rc;
}

struct list_tables {
    struct sql_env *env;
    const struct sql_table_desc **v;
    size_t n, cap;
};

static int list_tables_cb(void *arg, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
                          struct err *e)
{
    struct list_tables *l = arg;
    if (vl != 10 || !sql__crc_ok(v, vl, SQL_CAT_FORMAT))
        return sql__corrupt(e, "name", 0, "bad record");
    if (v[1] == 'i' || v[1] == 'e' || v[1] == 'd' || v[1] == 'c')
        return 0;
    const struct sql_table_desc *t;
    int rc = desc_read(l->env, sql__get32(v + 2), &t, NULL, e);
    if (rc != 0)
        return rc;
    if (t == NULL)
        return sql__corrupt(e, "name", sql__get32(v + 2), "names a missing descriptor");
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        l->v = mem_realloc(l->env->stmt_ctx, l->v, l->cap * sizeof(*l->v), nc * sizeof(*l->v));
        l->cap = nc;
    }
    l->v[l->n++] = t;
    (void)k;
    (void)kl;
    return 0;
}

/* scan_prefix over the name records of the current database. */
static int scan_names(struct sql_env *env, const struct scan_cb *cb, struct err *e)
{
    uint32_t db = 0;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    uint8_t prefix[6] = {
        0x01,       SQL_KEY_NAME, (uint8_t)(db >> 24), (uint8_t)(db >> 16), (uint8_t)(db >> 8),
        (uint8_t)db};
    return scan_prefix(env, prefix, sizeof(prefix), cb, e);
}

int sql_cat_list_tables(struct sql_env *env, const struct sql_table_desc ***out, size_t *n,
                        struct err *e)
{
    struct list_tables l = {.env = env};
    struct scan_cb cb = {list_tables_cb, &l};
    int rc = scan_names(env, &cb, e);
    *out = l.v;
    *n = rc == 0 ? l.n : 0;
    return rc;
}

struct list_kind {
    struct sql_env *env;
    char kind;
    uint32_t *v;
    size_t n, cap;
};

static int list_kind_cb(void *arg, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
                        struct err *e)
{
    struct list_kind *l = arg;
    (void)k;
    (void)kl;
    if (vl != 10 || !sql__crc_ok(v, vl, SQL_CAT_FORMAT))
        return sql__corrupt(e, "name", 0, "bad record");
    if ((char)v[1] != l->kind)
        return 0;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        l->v = mem_realloc(l->env->stmt_ctx, l->v, l->cap * sizeof(*l->v), nc * sizeof(*l->v));
        l->cap = nc;
    }
    l->v[l->n++] = sql__get32(v + 2);
    return 0;
}

int sql__cat_list_kind(struct sql_env *env, char kind, uint32_t **oids, size_t *n, struct err *e)
{
    struct list_kind l = {.env = env, .kind = kind};
    struct scan_cb cb = {list_kind_cb, &l};
    int rc = scan_names(env, &cb, e);
    *oids = l.v;
    *n = rc == 0 ? l.n : 0;
    return rc;
}

struct list_schemas {
    struct sql_env *env;
    struct sql_schema_desc *v;
    size_t n, cap;
};

static void schema_push(struct list_schemas *l, const struct sql_schema_desc *s)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        l->v = mem_realloc(l->env->stmt_ctx, l->v, l->cap * sizeof(*l->v), nc * sizeof(*l->v));
        l->cap = nc;
    }
    l->v[l->n++] = *s;
}

static int list_schemas_cb(void *arg, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl,
                           struct err *e)
{
    struct list_schemas *l = arg;
    struct sql_schema_desc s;
    memset(&s, 0, sizeof(s));
    if (kl < 6 || kl - 6 > SQL_NAME_MAX || !sql__crc_ok(v, vl, SQL_CAT_FORMAT))
        return sql__corrupt(e, "schema", 0, "bad record");
    memcpy(s.name, k + 6, kl - 6);
    struct sql__rd r = {.p = v, .n = vl - 4};
    rd8(&r);
    s.oid = sql__rd32(&r);
    rd_name(&r, s.owner);
    if (r.bad || r.o != r.n)
        return sql__corrupt(e, "schema", s.oid, "bad record");
    schema_push(l, &s);
    return 0;
}

int sql_cat_list_schemas(struct sql_env *env, struct sql_schema_desc **out, size_t *n,
                         struct err *e)
{
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct list_schemas l = {.env = env};
    static const char *const builtin[] = {SQL_NS_PG_CATALOG_STR, SQL_NS_PUBLIC_NAME,
                                          "information_schema"};
    for (size_t i = 0; i < 3; i++) {
        struct sql_schema_desc s;
        bool found;
        schema_read(env, builtin[i], &s, &found, e);
        schema_push(&l, &s);
    }
    uint8_t prefix[6] = {
        0x01,       SQL_KEY_SCHEMA, (uint8_t)(db >> 24), (uint8_t)(db >> 16), (uint8_t)(db >> 8),
        (uint8_t)db};
    struct scan_cb cb = {list_schemas_cb, &l};
    rc = scan_prefix(env, prefix, sizeof(prefix), &cb, e);
    *out = l.v;
    *n = rc == 0 ? l.n : 0;
    return rc;
}

int sql_cat_list_databases(struct sql_env *env, struct sql_db_desc **out, size_t *n, struct err *e)
{
    return sql__db_list_txn(env->txn, env->stmt_ctx, out, n, e);
}

int sql_cat_list_roles(struct sql_env *env, struct sql_role **out, size_t *n, struct err *e)
{
    return sql__role_list_txn(env->txn, env->stmt_ctx, out, n, e);
}

int sql__cat_list_loaded(struct sql_env *env, char kind,
                         int (*load)(struct sql_env *env, uint32_t oid, const void **obj,
                                     struct err *e),
                         const void ***out, size_t *n, struct err *e)
{
    uint32_t *oids;
    size_t no;
    *out = NULL;
    *n = 0;
    int rc = sql__cat_list_kind(env, kind, &oids, &no, e);
    if (rc != 0)
        return rc;
    const void **v = mem_alloc0(env->stmt_ctx, sizeof(*v) * (no ? no : 1));
    size_t k = 0;
    for (size_t i = 0; i < no; i++) {
        const void *obj;
        if ((rc = load(env, oids[i], &obj, e)) != 0)
            return rc;
        if (obj != NULL)
            v[k++] = obj;
    }
    *out = v;
    *n = k;
    return 0;
}
