/* domain.c — domains: the node-wide table of loaded domains, catalog
 * records, name resolution, value checks, DDL (CREATE / ALTER / DROP
 * DOMAIN) and pg_type / pg_constraint rows. Representation: domain.h. */
#include "sql/domain.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/ast.h"
#include "sql/array.h"
#include "sql/catalog.h"
#include "sql/acl.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/enum.h"
#include "sql/env.h"
#include "sql/exec.h"
#include "sql/func.h"
#include "sql/oidreg.h"
#include "sql/regtype.h"
#include "sql/vtab.h"
#include "sql/typio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOMAIN_FORMAT 1

/* ---- the node-wide table ---- */

struct entry {
    struct oidreg_item h; /* first: oid, the version's memory, all versions */
    struct sql_domain d;
};

static struct oidreg reg = OIDREG_INIT;

__attribute__((destructor)) static void reg_free(void)
{
    oidreg_free(&reg);
}

const struct sql_domain *sql_domain_get(uint32_t oid)
{
    if (oid < SQL_FIRST_USER_OID)
        return NULL;
    struct entry *ent = (struct entry *)oidreg_get(&reg, oid);
    return ent != NULL ? &ent->d : NULL;
}

const struct sql_type_info *sql__domain_type_info(uint32_t oid)
{
    const struct sql_domain *d = sql_domain_get(oid & ~SQL_DOMAIN_ARRAY);
    return d == NULL ? NULL : (oid & SQL_DOMAIN_ARRAY) != 0 ? &d->ati : &d->ti;
}

static bool name_is(const struct oidreg_item *it, const void *name)
{
    return strcmp(((const struct entry *)it)->d.ti.name, name) == 0;
}

const struct sql_type_info *sql__domain_by_name(const char *name)
{
    struct entry *ent = (struct entry *)oidreg_find(&reg, name_is, name);
    return ent != NULL ? &ent->d.ti : NULL;
}

static const struct sql_domain *reg_put(struct entry *ent)
{
    ent->d.ati.name = mem_printf(ent->h.ctx, "_%s", ent->d.ti.name);
    ent->d.ati.sql_name = mem_printf(ent->h.ctx, "%s[]", ent->d.ti.name);
    ent->h.oid = ent->d.ti.oid;
    oidreg_put(&reg, &ent->h);
    return &ent->d;
}

/* ---- records ---- */

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

static void encode(const struct sql_domain *d, struct sbuf *out)
{
    sbuf_putc(out, DOMAIN_FORMAT);
    sbuf_putc(out, 'd');
    sql__put32(out, d->ti.oid);
    sql__put32(out, d->version);
    sql__put32(out, d->schema_oid);
    sql__put32(out, d->base);
    sql__put32(out, (uint32_t)d->base_typmod);
    sql__put32(out, d->parent);
    sbuf_putc(out, (char)(d->notnull ? 1 : 0));
    sql__put_str(out, d->schema);
    sql__put_str(out, d->ti.name);
    sql__put_str(out, d->owner);
    put_ostr(out, d->default_sql);
    sql__put16(out, (uint16_t)d->nchecks);
    for (int i = 0; i < d->nchecks; i++) {
        sql__put32(out, d->checks[i].oid);
        sbuf_putc(out, (char)(d->checks[i].validated ? 1 : 0));
        sql__put_str(out, d->checks[i].name);
        put_ostr(out, d->checks[i].expr_sql);
    }
    sql__put_crc(out);
}

static uint8_t rd8(struct sql__rd *r)
{
    const uint8_t *q = sql__rd_take(r, 1);
    return q ? q[0] : 0;
}

static char *rd_ostr(struct sql__rd *r, struct mem_ctx *ctx)
{
    uint32_t n = sql__rd32(r);
    if (r->bad || n == 0xFFFFFFFFu)
        return NULL;
    const uint8_t *q = sql__rd_take(r, n);
    return q ? mem_strndup(ctx, (const char *)q, n) : NULL;
}

static void fill_ti(struct sql_domain *d, const char *name)
{
    const struct sql_type_info *bt = sql_type_get(d->base);
    uint32_t oid = d->ti.oid;
    if (bt != NULL)
        d->ti = *bt;
    d->ti.oid = oid;
    d->ti.name = name;
    d->ti.sql_name = name;
    d->ti.array_oid = 0;
    d->ti.preferred = false;
    memset(&d->ati, 0, sizeof(d->ati));
    d->ati.oid = oid | SQL_DOMAIN_ARRAY;
    d->ati.name = name; /* "_name" set by its callers that own the memory */
    d->ati.sql_name = name;
    d->ati.typlen = -1;
    d->ati.category = 'A';
    d->ati.align = d->ti.align == 'd' ? 'd' : 'i';
}

static int decode(const uint8_t *p, size_t n, uint32_t oid, struct entry **out, struct err *e)
{
    if (n < 10 || !sql__crc_ok(p, n, DOMAIN_FORMAT) || p[1] != 'd')
        return sql__corrupt(e, "domain", oid, "bad record");
    struct entry *ent = xcalloc(1, sizeof(*ent));
    ent->h.ctx = mem_ctx_new(NULL, "domain");
    struct mem_ctx *ctx = ent->h.ctx;
    struct sql_domain *d = &ent->d;
    struct sql__rd r = {p, n - 4, 2, false};
    d->ti.oid = sql__rd32(&r);
    d->version = sql__rd32(&r);
    d->schema_oid = sql__rd32(&r);
    d->base = sql__rd32(&r);
    d->base_typmod = (int32_t)sql__rd32(&r);
    d->parent = sql__rd32(&r);
    d->notnull = (rd8(&r) & 1) != 0;
    d->schema = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    char *name = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    d->owner = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    d->default_sql = rd_ostr(&r, ctx);
    int nc = sql__rd16(&r);
    if (nc > SQL_DOMAIN_MAX_CHECKS)
        r.bad = true;
    struct sql_domain_check *c = mem_alloc0(ctx, sizeof(*c) * (size_t)(nc ? nc : 1));
    for (int i = 0; i < nc && !r.bad; i++) {
        c[i].oid = sql__rd32(&r);
        c[i].validated = (rd8(&r) & 1) != 0;
        c[i].name = sql__rd_str(&r, ctx, SQL_NAME_MAX);
        c[i].expr_sql = rd_ostr(&r, ctx);
        if (c[i].expr_sql == NULL)
            r.bad = true;
    }
    if (r.bad || r.o != r.n || d->ti.oid != oid || name == NULL) {
        mem_ctx_free(ctx);
        xfree(ent);
        return sql__corrupt(e, "domain", oid, "bad record");
    }
    d->nchecks = nc;
    d->checks = c;
    fill_ti(d, name);
    d->ti.oid = oid;
    *out = ent;
    return 0;
}

static int read_key(struct sql_env *env, uint32_t oid, void **val, size_t *vlen, bool *found,
                    struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, oid);
    int rc = sql__cat_get(env, k.data, k.len, env->stmt_ctx, val, vlen, found, e);
    sbuf_free(&k);
    return rc;
}

/* Read oid's record through env and publish it; *out NULL when oid is not
 * a domain. */
static int load(struct sql_env *env, uint32_t oid, const struct sql_domain **out, struct err *e)
{
    *out = NULL;
    if (oid < SQL_FIRST_USER_OID)
        return 0;
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = read_key(env, oid, &val, &vlen, &found, e);
    if (rc != 0 || !found)
        return rc;
    const uint8_t *p = val;
    if (vlen < 10 || p[1] != 'd')
        return 0;
    const struct sql_domain *cur = sql_domain_get(oid);
    if (cur != NULL && cur->version == sql__get32(p + 6)) {
        *out = cur;
        return 0;
    }
    struct entry *ent;
    if ((rc = decode(p, vlen, oid, &ent, e)) != 0)
        return rc;
    const struct sql_domain *par = NULL;
    if ((ent->d.base >= SQL_FIRST_USER_OID && (rc = sql__enum_load(env, ent->d.base, e)) != 0) ||
        (ent->d.parent != 0 && (rc = load(env, ent->d.parent, &par, e)) != 0)) {
        mem_ctx_free(ent->h.ctx);
        xfree(ent);
        return rc;
    }
    fill_ti(&ent->d, ent->d.ti.name);
    *out = reg_put(ent);
    return 0;
}

int sql__domain_fix_cols(struct sql_env *env, struct sql_table_desc *t, struct err *e)
{
    for (int i = 0; i < t->ncols; i++) {
        struct sql_col_desc *c = &t->cols[i];
        if (c->type < SQL_FIRST_USER_OID || c->domain != 0)
            continue;
        const struct sql_domain *d;
        int rc = load(env, c->type & ~SQL_DOMAIN_ARRAY, &d, e);
        if (rc != 0)
            return rc;
        if (d == NULL)
            continue;
        if ((c->type & SQL_DOMAIN_ARRAY) != 0) { /* d[] */
            c->domain = c->type;
            c->type = sql_array_of(d->base);
            c->typmod = d->base_typmod;
            continue;
        }
        c->domain = d->ti.oid;
        c->type = d->base;
        c->typmod = d->base_typmod;
    }
    return 0;
}

/* ---- name resolution ---- */

static int lookup(struct sql_env *env, const char *schema, const char *name, uint32_t *oid,
                  char *kind, struct err *e)
{
    *oid = 0;
    *kind = 0;
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
        if (rc != 0)
            return rc;
        if (*oid != 0)
            return 0;
    }
    return 0;
}

int sql_type_resolve_domain(struct sql_env *env, const struct sql_typename *t, uint32_t *oid,
                            int32_t *typmod, int *serial, uint32_t *domain, struct err *e)
{
    if (domain != NULL)
        *domain = 0;
    int rc = sql_type_resolve_env(env, t, oid, typmod, serial, e);
    if (rc == 0 || env == NULL || env->txn == NULL || rc != ERR_NOTFOUND ||
        strcmp(err_sqlstate(e), "42704") != 0 || t->name.catalog != NULL || t->name.name == NULL)
        return rc;
    struct err saved = *e;
    uint32_t to;
    char kind;
    struct err le;
    err_clear(&le);
    const struct sql_domain *d = NULL;
    if (lookup(env, t->name.schema, t->name.name, &to, &kind, &le) != 0 ||
        (to != 0 && kind == 'd' && load(env, to, &d, &le) != 0)) {
        *e = le;
        return le.code;
    }
    if (d == NULL && to != 0 && kind == 'r') { /* a table's row type (ctype.h) */
        const struct sql_ctype *ct = NULL;
        err_clear(e);
        if ((rc = sql__ctype_load(env, to, &ct, e)) != 0)
            return rc;
        if (ct != NULL)
            return sql__ctype_resolve(env, to, t, oid, typmod, serial, e);
    }
    if (d == NULL && to != 0 && (kind == 'r' || kind == 'v')) { /* rowtype.h */
        err_clear(e);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "using the row type of relation \"%s\" as a type is not supported",
                             t->name.name);
    }
    if (d == NULL) {
        *e = saved;
        return rc;
    }
    err_clear(e);
    if (t->typmods.n > 0)
        return err_set_state(e, ERR_INVAL, "42601", "type modifier is not allowed for type \"%s\"",
                             d->ti.name);
    if (t->array_dims > 0) { /* d[]: an array of the base type, elements checked */
        uint32_t at = sql_array_elemtype(d->base) == 0 ? sql_array_of(d->base) : 0;
        if (at == 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "arrays of domains over array types are not supported");
        *oid = at;
        *typmod = d->base_typmod;
        if (serial)
            *serial = 0;
        if (domain != NULL)
            *domain = d->ti.oid | SQL_DOMAIN_ARRAY;
        return 0;
    }
    *oid = d->base;
    *typmod = d->base_typmod;
    if (serial)
        *serial = 0;
    if (domain != NULL)
        *domain = d->ti.oid;
    return 0;
}

/* ---- checks ---- */

/* A one-column table "value" of d's base type, for compiling checks. */
struct fake {
    struct sql_table_desc t;
    struct sql_col_desc c;
};

static void fake_table(struct fake *f, const struct sql_domain *d)
{
    memset(f, 0, sizeof(*f));
    f->c.id = 1;
    f->c.attnum = 1;
    snprintf(f->c.name, sizeof(f->c.name), "value");
    f->c.type = d->base;
    f->c.typmod = d->base_typmod;
    f->t.oid = d->ti.oid;
    f->t.kind = 'r';
    snprintf(f->t.name, sizeof(f->t.name), "%s", d->ti.name);
    snprintf(f->t.schema, sizeof(f->t.schema), "%s", d->schema ? d->schema : "");
    f->t.ncols = 1;
    f->t.cols = &f->c;
}

struct dcache {
    const struct sql_domain *d; /* the version compiled */
    struct sql_rowexpr **x;     /* per check */
    void *parent;               /* the parent domain's cache */
};

static int compile_check(struct sql_env *env, const struct sql_domain *d, const char *sql,
                         struct mem_ctx *ctx, struct sql_rowexpr **out, struct err *e)
{
    struct fake f;
    fake_table(&f, d);
    int rc = sql_rowexpr_compile(env, &f.t, sql, SQL_T_BOOL, -1, ctx, out, e);
    if (rc != 0 && strcmp(e->msg, "cannot use subquery in this expression") == 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot use subquery in check constraint");
    return rc;
}

static int eval_check(struct sql_env *env, struct sql_rowexpr *x, const struct sql_value *v,
                      struct mem_ctx *ctx, bool *ok, struct err *e)
{
    struct sql_value r;
    int rc = sql_rowexpr_eval(env, x, v, ctx, &r, e);
    if (rc != 0)
        return rc;
    *ok = r.null || r.u.b;
    return 0;
}

static int check_as(struct sql_env *env, uint32_t domain, const struct sql_domain *as,
                    const struct sql_value *v, struct mem_ctx *ctx, void **cache, struct err *e);

int sql__domain_check(struct sql_env *env, uint32_t domain, const struct sql_value *v,
                      struct mem_ctx *ctx, void **cache, struct err *e)
{
    if (*cache == NULL && env != NULL && env->txn != NULL) {
        /* first value of this call site: see the version this transaction
         * sees (a rolled-back ALTER DOMAIN left its own in the table) */
        const struct sql_domain *d;
        int rc = load(env, domain & ~SQL_DOMAIN_ARRAY, &d, e);
        if (rc != 0)
            return rc;
        *cache = mem_alloc0(env->stmt_ctx, sizeof(struct dcache));
    }
    if ((domain & SQL_DOMAIN_ARRAY) != 0) { /* d[]: each element (domain_in per item) */
        if (v->null)
            return 0;
        const struct sql_array *a = v->u.arr;
        for (int i = 0; i < a->nitems; i++) {
            int rc = check_as(env, domain & ~SQL_DOMAIN_ARRAY, NULL, &a->items[i], ctx, cache, e);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    return check_as(env, domain, NULL, v, ctx, cache, e);
}

/* The check of domain, errors naming `as` (the outermost domain) when set;
 * the ErrorResponse's schema and datatype fields name it too (PostgreSQL's
 * errdatatype / errdomainconstraint). */
static int check_as(struct sql_env *env, uint32_t domain, const struct sql_domain *as,
                    const struct sql_value *v, struct mem_ctx *ctx, void **cache, struct err *e)
{
    const struct sql_domain *d = sql_domain_get(domain);
    if (d == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "cache lookup failed for type %u", domain);
    const struct sql_domain *top = as != NULL ? as : d;
    struct dcache *dc = *cache;
    if (d->parent != 0) {
        if (dc == NULL) {
            dc = mem_alloc0(env->stmt_ctx, sizeof(*dc));
            *cache = dc;
        }
        int rc = check_as(env, d->parent, top, v, ctx, &dc->parent, e);
        if (rc != 0)
            return rc;
    }
    if (d->notnull && v->null) {
        const char *tname = NULL;
        int rc = sql__type_name_env(env, ctx, top->ti.oid, -1, &tname, e);
        if (rc != 0)
            return rc;
        return err_set_state(e, ERR_INVAL, "23502",
                             "domain %s does not allow null values\nSCHEMA NAME:  %s\nDATATYPE "
                             "NAME:  %s",
                             tname, top->schema, top->ti.name);
    }
    if (d->nchecks == 0)
        return 0;
    if (dc == NULL || dc->d != d) {
        struct mem_ctx *sctx = env->stmt_ctx;
        if (dc == NULL) {
            dc = mem_alloc0(sctx, sizeof(*dc));
            *cache = dc;
        }
        dc->d = d;
        dc->x = mem_alloc0(sctx, sizeof(*dc->x) * (size_t)d->nchecks);
        for (int i = 0; i < d->nchecks; i++) {
            int rc = compile_check(env, d, d->checks[i].expr_sql, sctx, &dc->x[i], e);
            if (rc != 0)
                return rc;
        }
        *cache = dc;
    }
    for (int i = 0; i < d->nchecks; i++) {
        bool ok;
        int rc = eval_check(env, dc->x[i], v, ctx, &ok, e);
        if (rc != 0)
            return rc;
        if (!ok) {
            /* format_type_be: qualified when search_path does not find it */
            const char *tname = NULL;
            if ((rc = sql__type_name_env(env, ctx, top->ti.oid, -1, &tname, e)) != 0)
                return rc;
            return err_set_state(e, ERR_INVAL, "23514",
                                 "value for domain %s violates check constraint \"%s\"\nSCHEMA "
                                 "NAME:  %s\nDATATYPE NAME:  %s\nCONSTRAINT NAME:  %s",
                                 tname, d->checks[i].name, top->schema, top->ti.name,
                                 d->checks[i].name);
        }
    }
    return 0;
}

/* ---- DDL ---- */

const char *sql__domain_ddl_word(const struct sql_stmt *st)
{
    switch (st->u.domain_ddl.op) {
    case 'c':
        return "CREATE DOMAIN";
    case 'd':
        return "DROP DOMAIN";
    default:
        return "ALTER DOMAIN";
    }
}

static void qname_text(const struct sql_qname *q, char *buf, size_t n)
{
    if (q->schema != NULL)
        snprintf(buf, n, "%s.%s", q->schema, q->name);
    else
        snprintf(buf, n, "%s", q->name);
}

/* Store d (a mutable copy, version already bumped) and publish it. */
static int store(struct sql_env *env, const struct sql_domain *d, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_desc(&k, d->ti.oid);
    encode(d, &v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    struct entry *ent = NULL;
    if (rc == 0)
        rc = decode((const uint8_t *)v.data, v.len, d->ti.oid, &ent, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc != 0)
        return rc;
    reg_put(ent);
    return 0;
}

static struct sql_domain *copy_domain(struct sql_env *env, const struct sql_domain *d)
{
    struct sql_domain *c = mem_alloc0(env->stmt_ctx, sizeof(*c));
    *c = *d;
    struct sql_domain_check *k = mem_alloc0(env->stmt_ctx, sizeof(*k) * (size_t)(d->nchecks + 1));
    if (d->nchecks > 0)
        memcpy(k, d->checks, sizeof(*k) * (size_t)d->nchecks);
    c->checks = k;
    c->version = d->version + 1;
    return c;
}

static const struct sql_domain_check *check_by_name(const struct sql_domain *d, const char *name)
{
    for (int i = 0; i < d->nchecks; i++)
        if (strcmp(d->checks[i].name, name) == 0)
            return &d->checks[i];
    return NULL;
}

/* Insert k into c's checks keeping name order. */
static void insert_check(struct sql_domain *c, const struct sql_domain_check *k)
{
    struct sql_domain_check *v = (struct sql_domain_check *)c->checks;
    int pos = c->nchecks;
    while (pos > 0 && strcmp(v[pos - 1].name, k->name) > 0) {
        v[pos] = v[pos - 1];
        pos--;
    }
    v[pos] = *k;
    c->nchecks++;
}

/* Validate and name a CHECK for c; fills *out (expr_sql in stmt_ctx). */
static int make_check(struct sql_env *env, const struct sql_domain *c,
                      const struct sql_constraint *k, struct sql_domain_check *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    if (k->no_inherit)
        return err_set_state(e, ERR_INVAL, "42P17",
                             "check constraints for domains cannot be marked NO INHERIT");
    out->expr_sql = sql__deparse(env, k->expr);
    struct sql_rowexpr *x;
    int rc = compile_check(env, c, out->expr_sql, env->stmt_ctx, &x, e);
    if (rc != 0)
        return rc;
    if (k->name != NULL) {
        if (strlen(k->name) > SQL_NAME_MAX)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", k->name);
        if (check_by_name(c, k->name) != NULL)
            return err_set_state(e, ERR_EXISTS, "42710",
                                 "constraint \"%s\" for domain \"%s\" already exists", k->name,
                                 c->ti.name);
        out->name = k->name;
    } else {
        for (int n = 0;; n++) {
            char buf[SQL_NAME_BUF + 16];
            char base[SQL_NAME_BUF];
            sql__make_name(c->ti.name, NULL, "check", base);
            if (n == 0)
                snprintf(buf, sizeof(buf), "%s", base);
            else
                snprintf(buf, sizeof(buf), "%s%d", base, n);
            if (check_by_name(c, buf) == NULL) {
                out->name = mem_strdup(env->stmt_ctx, buf);
                break;
            }
        }
    }
    out->validated = !k->not_valid;
    return sql__oid_alloc(env, &out->oid, e);
}

static int check_default(struct sql_env *env, const struct sql_domain *d, const char *sql,
                         struct err *e)
{
    struct fake f;
    fake_table(&f, d);
    f.t.ncols = 0;
    struct sql_rowexpr *x;
    return sql_rowexpr_compile(env, &f.t, sql, d->base, d->base_typmod, env->stmt_ctx, &x, e);
}

static int create_domain(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_qname *q = st->u.domain_ddl.names.items[0];
    uint32_t ns;
    const char *nsname;
    int rc = sql__creation_schema(env, q->schema, q->name, &ns, &nsname, e);
    if (rc != 0)
        return rc;
    if (strlen(q->name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", q->name);
    uint32_t base, dom;
    int32_t btm;
    int serial = 0;
    if ((rc = sql_type_resolve_domain(env, st->u.domain_ddl.type, &base, &btm, &serial, &dom, e)) !=
        0)
        return rc;
    if (serial)
        return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s\" does not exist",
                             st->u.domain_ddl.type->name.name);
    if (dom & SQL_DOMAIN_ARRAY)
        return sql__ddl_unsupported(e, "a domain over an array of a domain");
    if (sql__enum_array_elem(base) != 0)
        return sql__ddl_unsupported(e, "a domain over an array of an enum type");
    if (base == SQL_T_RECORD && btm >= 0) /* ctype.h */
        return sql__ddl_unsupported(e, "a domain over a composite type");
    const struct sql_type_info *bt = sql_type_get(base);
    if (bt == NULL || bt->category == 'P')
        return err_set_state(e, ERR_INVAL, "42804", "\"%s\" is not a valid base type for a domain",
                             bt != NULL ? bt->name : "?");
    const struct sql_qname *coll = st->u.domain_ddl.collation;
    if (coll != NULL && strcmp(coll->name, "default") != 0)
        return sql__ddl_unsupported(e, "CREATE DOMAIN ... COLLATE");
    uint32_t old;
    char kind;
    if ((rc = sql__name_lookup(env, ns, q->name, &old, &kind, e)) != 0)
        return rc;
    if (old != 0)
        return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists", q->name);
    struct sql_domain d = {0};
    if ((rc = sql__oid_alloc(env, &d.ti.oid, e)) != 0)
        return rc;
    d.base = base;
    d.base_typmod = btm;
    fill_ti(&d, q->name);
    d.version = 1;
    d.parent = dom;
    if (dom != 0)
        d.default_sql = sql_domain_get(dom)->default_sql; /* DefineDomain inherits it */
    d.schema_oid = ns;
    d.schema = nsname;
    d.owner = env->user != NULL ? env->user : "";
    const struct sql_list *cs = &st->u.domain_ddl.constraints;
    d.checks = mem_alloc0(env->stmt_ctx, sizeof(struct sql_domain_check) * (size_t)(cs->n + 1));
    bool saw_null = false, saw_notnull = false, saw_default = false;
    for (int i = 0; i < cs->n; i++) {
        const struct sql_constraint *k = cs->items[i];
        if (k->deferrable || k->initially_deferred)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "specifying constraint deferrability not supported for domains");
        switch (k->kind) {
        case SQL_CONSTR_NULL:
            if (saw_notnull)
                return err_set_state(e, ERR_INVAL, "42601",
                                     "conflicting NULL/NOT NULL constraints");
            saw_null = true;
            break;
        case SQL_CONSTR_NOT_NULL:
            if (saw_null)
                return err_set_state(e, ERR_INVAL, "42601",
                                     "conflicting NULL/NOT NULL constraints");
            saw_notnull = true;
            d.notnull = true;
            break;
        case SQL_CONSTR_DEFAULT:
            if (saw_default)
                return err_set_state(e, ERR_INVAL, "42601", "multiple default expressions");
            saw_default = true;
            d.default_sql = sql__deparse(env, k->expr);
            if ((rc = check_default(env, &d, d.default_sql, e)) != 0)
                return rc;
            break;
        case SQL_CONSTR_CHECK: {
            if (d.nchecks >= SQL_DOMAIN_MAX_CHECKS)
                return err_set_state(e, ERR_LIMIT, "54000", "too many domain constraints");
            if (k->not_valid)
                return err_set_state(e, ERR_INVAL, "42601",
                                     "check constraints cannot be marked NOT VALID");
            struct sql_domain_check c;
            if ((rc = make_check(env, &d, k, &c, e)) != 0)
                return rc;
            insert_check(&d, &c);
            break;
        }
        case SQL_CONSTR_UNIQUE:
            return err_set_state(e, ERR_INVAL, "42601",
                                 "unique constraints not possible for domains");
        case SQL_CONSTR_PRIMARY:
            return err_set_state(e, ERR_INVAL, "42601",
                                 "primary key constraints not possible for domains");
        case SQL_CONSTR_FOREIGN:
            return err_set_state(e, ERR_INVAL, "42601",
                                 "foreign key constraints not possible for domains");
        default:
            return sql__ddl_unsupported(e, "this constraint on a domain");
        }
    }
    if ((rc = sql__name_store(env, ns, q->name, 'd', d.ti.oid, e)) != 0)
        return rc;
    return store(env, &d, e);
}

/* The domain q names (42704 when none; 42809 when it is another type). */
static int find_domain(struct sql_env *env, const struct sql_qname *q, bool missing_ok,
                       bool for_drop, const struct sql_domain **out, struct err *e)
{
    *out = NULL;
    uint32_t oid;
    char kind;
    int rc = lookup(env, q->schema, q->name, &oid, &kind, e);
    if (rc != 0)
        return rc;
    if (oid != 0 && kind == 'd') {
        if ((rc = load(env, oid, out, e)) != 0)
            return rc;
        if (*out == NULL)
            return sql__corrupt(e, "domain", oid, "names a missing record");
        return 0;
    }
    char buf[2 * SQL_NAME_BUF + 2];
    qname_text(q, buf, sizeof(buf));
    if (oid != 0 && kind != 'i')
        return err_set_state(e, ERR_INVAL, "42809",
                             for_drop ? "\"%s\" is not a domain" : "%s is not a domain",
                             for_drop ? buf : q->name);
    struct sql_typename tn = {0};
    tn.name = *q;
    uint32_t bo;
    int32_t btm;
    struct err be;
    err_clear(&be);
    if (sql_type_resolve(&tn, &bo, &btm, NULL, &be) == 0) {
        struct sbuf fb;
        sbuf_init(&fb);
        sql_type_format(bo, -1, &fb);
        if (for_drop)
            err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a domain", buf);
        else
            err_set_state(e, ERR_INVAL, "42809", "%s is not a domain", fb.data);
        sbuf_free(&fb);
        return e->code;
    }
    if (missing_ok)
        return 0;
    return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s\" does not exist", buf);
}

/* Is a column of domain col_dom subject to domain d (d itself or a domain
 * it is over)? */
static bool domain_under(uint32_t col_dom, uint32_t d)
{
    for (int depth = 0; col_dom != 0 && depth < 64; depth++) {
        if (col_dom == d)
            return true;
        const struct sql_domain *x = sql_domain_get(col_dom);
        col_dom = x != NULL ? x->parent : 0;
    }
    return false;
}

/* Call fn on every value of a column of domain d in every table. */
typedef int (*val_fn)(struct sql_env *env, void *arg, const struct sql_table_desc *t,
                      const struct sql_col_desc *c, const struct sql_value *v, struct mem_ctx *ctx,
                      struct err *e);

static int for_each_value(struct sql_env *env, const struct sql_domain *d, val_fn fn, void *arg,
                          struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nt && rc == 0; i++) {
        const struct sql_table_desc *t = tabs[i];
        if (t->kind != 'r')
            continue;
        int pos = -1;
        for (int j = 0; j < t->ncols && pos < 0; j++)
            if (domain_under(t->cols[j].domain, d->ti.oid))
                pos = j;
        if (pos < 0)
            continue;
        struct mem_ctx *ctx = mem_ctx_new(env->stmt_ctx, "domain scan");
        struct mem_ctx *rctx = mem_ctx_new(ctx, "domain row");
        struct sql_tbl_scan *s = NULL;
        struct sql_value *row = mem_alloc(ctx, sizeof(*row) * (size_t)(t->ncols + 2));
        uint64_t n = 0;
        rc = sql__table_ddl_lock(env, t, e);
        if (rc == 0)
            rc = sql_tbl_scan_open(env, t, NULL, ctx, &s, e);
        while (rc == 0) {
            bool has;
            mem_ctx_reset(rctx);
            rc = sql_tbl_scan_next(s, row, &has, e);
            if (rc != 0 || !has)
                break;
            if ((++n & 1023) == 0 && (rc = sql_env_check_interrupts(env, e)) != 0)
                break;
            for (int j = 0; j < t->ncols && rc == 0; j++)
                if (domain_under(t->cols[j].domain, d->ti.oid))
                    rc = fn(env, arg, t, &t->cols[j], &row[j], rctx, e);
        }
        if (s != NULL)
            sql_tbl_scan_close(s);
        mem_ctx_free(ctx);
    }
    return rc;
}

static int notnull_value(struct sql_env *env, void *arg, const struct sql_table_desc *t,
                         const struct sql_col_desc *c, const struct sql_value *v,
                         struct mem_ctx *ctx, struct err *e)
{
    (void)env;
    (void)arg;
    (void)ctx;
    if (v->null)
        return err_set_state(e, ERR_INVAL, "23502",
                             "column \"%s\" of table \"%s\" contains null "
                             "values\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCOLUMN NAME:  %s",
                             c->name, t->name, t->schema, t->name, c->name);
    return 0;
}

static int check_value(struct sql_env *env, void *arg, const struct sql_table_desc *t,
                       const struct sql_col_desc *c, const struct sql_value *v, struct mem_ctx *ctx,
                       struct err *e)
{
    bool ok;
    int rc = eval_check(env, arg, v, ctx, &ok, e);
    if (rc != 0)
        return rc;
    if (!ok)
        return err_set_state(e, ERR_INVAL, "23514",
                             "column \"%s\" of table \"%s\" contains values that violate the new "
                             "constraint\nSCHEMA NAME:  %s\nTABLE NAME:  %s\nCOLUMN NAME:  %s",
                             c->name, t->name, t->schema, t->name, c->name);
    return 0;
}

int sql__domain_set_owner(struct sql_env *env, uint32_t oid, const char *owner, struct err *e)
{
    const struct sql_domain *d;
    int rc = load(env, oid, &d, e);
    if (rc != 0)
        return rc;
    if (d == NULL)
        return sql__corrupt(e, "domain", oid, "names a missing record");
    if ((rc = sql__acl_check_owner(env, d->owner, "type", d->ti.name, e)) != 0 ||
        (rc = sql__acl_owner_to(env, 0, 0, d->schema, d->owner, owner, e)) != 0)
        return rc; /* acl.h: the owner's, a member of the new owner */
    struct sql_domain *c = copy_domain(env, d);
    c->owner = owner;
    return store(env, c, e);
}

static int alter_domain(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_domain *d;
    int rc = find_domain(env, st->u.domain_ddl.names.items[0], false, false, &d, e);
    if (rc != 0)
        return rc;
    struct sql_domain *c = copy_domain(env, d);
    const char *cname = st->u.domain_ddl.name;
    switch (st->u.domain_ddl.op) {
    case 'T':
        if (st->u.domain_ddl.def == NULL) {
            c->default_sql = NULL;
        } else {
            c->default_sql = sql__deparse(env, st->u.domain_ddl.def);
            if ((rc = check_default(env, c, c->default_sql, e)) != 0)
                return rc;
        }
        break;
    case 'N':
        c->notnull = false;
        break;
    case 'O':
        if (d->notnull)
            return 0;
        if ((rc = for_each_value(env, d, notnull_value, NULL, e)) != 0)
            return rc;
        c->notnull = true;
        break;
    case 'C': {
        const struct sql_constraint *k = st->u.domain_ddl.constraints.items[0];
        if (k->kind == SQL_CONSTR_NOT_NULL) {
            if (d->notnull)
                return 0;
            if ((rc = for_each_value(env, d, notnull_value, NULL, e)) != 0)
                return rc;
            c->notnull = true;
            break;
        }
        if (k->kind != SQL_CONSTR_CHECK)
            return sql__ddl_unsupported(e, "this constraint on a domain");
        if (c->nchecks >= SQL_DOMAIN_MAX_CHECKS)
            return err_set_state(e, ERR_LIMIT, "54000", "too many domain constraints");
        struct sql_domain_check nk;
        if ((rc = make_check(env, c, k, &nk, e)) != 0)
            return rc;
        if (nk.validated) {
            struct sql_rowexpr *x;
            if ((rc = compile_check(env, c, nk.expr_sql, env->stmt_ctx, &x, e)) != 0 ||
                (rc = for_each_value(env, d, check_value, x, e)) != 0)
                return rc;
        }
        insert_check(c, &nk);
        break;
    }
    case 'X': {
        int pos = -1;
        for (int i = 0; i < c->nchecks; i++)
            if (strcmp(c->checks[i].name, cname) == 0)
                pos = i;
        if (pos < 0) {
            if (st->u.domain_ddl.if_exists)
                return sql__ddl_notice(env, "00000",
                                       "constraint \"%s\" of domain \"%s\" does not exist, "
                                       "skipping",
                                       cname, d->ti.name);
            return err_set_state(e, ERR_NOTFOUND, "42704",
                                 "constraint \"%s\" of domain \"%s\" does not exist", cname,
                                 d->ti.name);
        }
        struct sql_domain_check *v = (struct sql_domain_check *)c->checks;
        memmove(&v[pos], &v[pos + 1], sizeof(*v) * (size_t)(c->nchecks - pos - 1));
        c->nchecks--;
        break;
    }
    case 'V': {
        struct sql_domain_check *k = (struct sql_domain_check *)check_by_name(c, cname);
        if (k == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42704",
                                 "constraint \"%s\" of domain \"%s\" does not exist", cname,
                                 d->ti.name);
        if (k->validated)
            return 0;
        struct sql_rowexpr *x;
        if ((rc = compile_check(env, c, k->expr_sql, env->stmt_ctx, &x, e)) != 0 ||
            (rc = for_each_value(env, d, check_value, x, e)) != 0)
            return rc;
        k->validated = true;
        break;
    }
    case 'n': {
        const char *to = st->u.domain_ddl.newname;
        if (strlen(to) > SQL_NAME_MAX)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", to);
        uint32_t old;
        char kind;
        if ((rc = sql__name_lookup(env, d->schema_oid, to, &old, &kind, e)) != 0)
            return rc;
        if (old != 0)
            return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists", to);
        c->ti.name = to;
        c->ti.sql_name = to;
        if ((rc = sql__name_delete(env, d->schema_oid, d->ti.name, e)) != 0 ||
            (rc = sql__name_store(env, d->schema_oid, to, 'd', d->ti.oid, e)) != 0)
            return rc;
        break;
    }
    case 'S': { /* SET SCHEMA (ddl_set_schema.c) */
        uint32_t to;
        if ((rc = sql__type_set_schema(env, d->ti.oid, 'd', d->ti.name, d->schema_oid,
                                       st->u.domain_ddl.newname, &to, e)) != 0)
            return rc;
        if (to == d->schema_oid)
            return 0;
        c->schema_oid = to;
        c->schema = st->u.domain_ddl.newname;
        break;
    }
    case 'r': {
        const char *to = st->u.domain_ddl.newname;
        const struct sql_domain_check *k = check_by_name(c, cname ? cname : "");
        if (k == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42704",
                                 "constraint \"%s\" for domain %s does not exist",
                                 cname ? cname : "", d->ti.name);
        if (strlen(to) > SQL_NAME_MAX)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", to);
        if (check_by_name(c, to) != NULL)
            return err_set_state(e, ERR_EXISTS, "42710",
                                 "constraint \"%s\" for domain \"%s\" already exists", to,
                                 d->ti.name);
        struct sql_domain_check nk = *k;
        nk.name = to;
        int pos = (int)(k - c->checks);
        struct sql_domain_check *v = (struct sql_domain_check *)c->checks;
        memmove(&v[pos], &v[pos + 1], sizeof(*v) * (size_t)(c->nchecks - pos - 1));
        c->nchecks--;
        insert_check(c, &nk);
        break;
    }
    default:
        return err_set(e, ERR_INTERNAL, "bad domain DDL");
    }
    return store(env, c, e);
}

static int list_domains(struct sql_env *env, const struct sql_domain ***out, size_t *n,
                        struct err *e);

/* The objects depending on a domain, in PostgreSQL's order (its
 * findDependentObjects: the array type's dependents first, then the other
 * dependents in creation (oid) order, each dependent domain followed by its
 * own): "x depends on y" DETAIL lines, "drop cascades to x" lines, the
 * dependent domains and whether a view is among them. */
struct depwalk {
    struct sql_env *env;
    const uint32_t *skip;
    int nskip;
    struct sbuf *out;
    struct sbuf drops;
    int n;
    bool views;
    const struct sql_domain **doms;
    int ndoms;
    const struct sql_table_desc **tabs;
    size_t nt;
    const struct sql_domain **all;
    size_t nall;
};

static void dep_line(struct depwalk *w, const char *what, const char *of, bool arr)
{
    if (w->n > 0) {
        sbuf_putc(w->out, '\n');
        sbuf_putc(&w->drops, '\n');
    }
    sbuf_printf(w->out, "%s depends on type %s%s", what, of, arr ? "[]" : "");
    sbuf_printf(&w->drops, "drop cascades to %s", what);
    w->n++;
}

/* The columns of table t of type oid (a view: one line). */
static void dep_columns(struct depwalk *w, const struct sql_table_desc *t, uint32_t oid,
                        const char *of, bool arr)
{
    for (int j = 0; j < t->ncols; j++) {
        const struct sql_col_desc *c = &t->cols[j];
        if (c->domain != oid)
            continue;
        char what[3 * SQL_NAME_BUF];
        if (t->kind == 'v') {
            w->views = true;
            snprintf(what, sizeof what, "view %s", t->name);
            dep_line(w, what, of, arr);
            return;
        }
        snprintf(what, sizeof what, "column %s of table %s", c->name, t->name);
        dep_line(w, what, of, arr);
    }
}

static bool dep_uses(const struct sql_table_desc *t, uint32_t oid)
{
    for (int j = 0; j < t->ncols; j++)
        if (t->cols[j].domain == oid)
            return true;
    return false;
}

static void dep_walk(struct depwalk *w, const struct sql_domain *d, int depth)
{
    for (size_t i = 0; i < w->nt; i++)
        dep_columns(w, w->tabs[i], d->ti.oid | SQL_DOMAIN_ARRAY, d->ti.name, true);
    /* domains over d and tables using d, in oid order */
    uint32_t last = 0;
    for (;;) {
        uint32_t best = UINT32_MAX;
        const struct sql_domain *bv = NULL;
        const struct sql_table_desc *bt = NULL;
        for (size_t i = 0; i < w->nall; i++) {
            const struct sql_domain *v = w->all[i];
            bool skipped = false;
            for (int k = 0; k < w->nskip; k++)
                skipped = skipped || w->skip[k] == v->ti.oid;
            if (v->parent == d->ti.oid && !skipped && v->ti.oid > last && v->ti.oid < best) {
                best = v->ti.oid;
                bv = v;
                bt = NULL;
            }
        }
        for (size_t i = 0; i < w->nt; i++) {
            const struct sql_table_desc *t = w->tabs[i];
            if (t->oid > last && t->oid < best && dep_uses(t, d->ti.oid)) {
                best = t->oid;
                bt = t;
                bv = NULL;
            }
        }
        if (bv == NULL && bt == NULL)
            return;
        last = best;
        if (bt != NULL) {
            dep_columns(w, bt, d->ti.oid, d->ti.name, false);
            continue;
        }
        char what[SQL_NAME_BUF + 8];
        snprintf(what, sizeof what, "type %s", bv->ti.name);
        dep_line(w, what, d->ti.name, false);
        w->doms = mem_realloc(w->env->stmt_ctx, w->doms, sizeof(*w->doms) * (size_t)w->ndoms,
                              sizeof(*w->doms) * (size_t)(w->ndoms + 1));
        w->doms[w->ndoms++] = bv;
        if (depth < 64)
            dep_walk(w, bv, depth + 1);
    }
}

static int dep_start(struct sql_env *env, struct depwalk *w, const uint32_t *skip, int nskip,
                     struct sbuf *out, struct err *e)
{
    memset(w, 0, sizeof(*w));
    w->env = env;
    w->skip = skip;
    w->nskip = nskip;
    w->out = out;
    sbuf_init(&w->drops);
    int rc = sql_cat_list_tables(env, &w->tabs, &w->nt, e);
    if (rc == 0)
        rc = list_domains(env, &w->all, &w->nall, e);
    return rc;
}

/* Tables, views and domains using domain d, as PostgreSQL's DETAIL. */
static int dependents(struct sql_env *env, const struct sql_domain *d, const uint32_t *skip,
                      int nskip, struct sbuf *out, int *n, struct err *e)
{
    struct depwalk w;
    *n = 0;
    int rc = dep_start(env, &w, skip, nskip, out, e);
    if (rc == 0)
        dep_walk(&w, d, 0);
    sbuf_free(&w.drops);
    *n = w.n;
    return rc;
}

int sql__domain_dependents_of_base(struct sql_env *env, uint32_t oid, const char *oidname,
                                   struct sbuf *out, int *n, struct err *e)
{
    const struct sql_domain **v;
    size_t nv;
    int rc = list_domains(env, &v, &nv, e);
    for (size_t i = 0; rc == 0 && i < nv; i++) {
        if (v[i]->base != oid || v[i]->parent != 0)
            continue;
        if (*n > 0)
            sbuf_putc(out, '\n');
        sbuf_printf(out, "type %s depends on type %s", v[i]->ti.name, oidname);
        (*n)++;
        struct sbuf sub;
        sbuf_init(&sub);
        int ns;
        rc = dependents(env, v[i], NULL, 0, &sub, &ns, e);
        if (rc == 0 && ns > 0) {
            sbuf_putc(out, '\n');
            sbuf_puts(out, sub.data);
            *n += ns;
        }
        sbuf_free(&sub);
    }
    return rc;
}

static int drop_one(struct sql_env *env, const struct sql_domain *d, struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, d->ti.oid);
    int rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    if (rc == 0)
        rc = sql__name_delete(env, d->schema_oid, d->ti.name, e);
    if (rc == 0)
        oidreg_remove(&reg, d->ti.oid);
    return rc;
}

struct capture {
    struct sbuf *drops;
    int *n;
};

/* env->notice while the columns are dropped: keep the "drop cascades to"
 * lines of what they drop beyond the columns (dependent views). */
static int capture_notice(void *arg, const struct sql_notice *nt)
{
    struct capture *c = arg;
    const char *lines = nt->detail != NULL ? nt->detail : nt->message;
    for (const char *p = lines; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        if (len > 17 && strncmp(p, "drop cascades to ", 17) == 0 &&
            !(len > 24 && strncmp(p + 17, "column ", 7) == 0)) {
            if (*c->n > 0)
                sbuf_putc(c->drops, '\n');
            sbuf_append(c->drops, p, len);
            (*c->n)++;
        }
        p = nl != NULL ? nl + 1 : NULL;
    }
    return 0;
}

/* DROP DOMAIN ... CASCADE of d with dependents: PostgreSQL's NOTICE, the
 * table columns of d and of the domains over it dropped (ddl_type_cascade.c),
 * then those domains; dependent views: 0A000. */
static int cascade_deps(struct sql_env *env, const struct sql_domain *d, struct err *e)
{
    struct sbuf deps;
    sbuf_init(&deps);
    struct depwalk w;
    int rc = dep_start(env, &w, NULL, 0, &deps, e);
    if (rc == 0)
        dep_walk(&w, d, 0);
    sbuf_free(&deps);
    if (rc == 0 && w.views)
        rc = sql__ddl_unsupported(e, "DROP DOMAIN ... CASCADE with dependent views");
    if (rc != 0) {
        sbuf_free(&w.drops);
        return rc;
    }
    uint32_t *oids = mem_alloc0(env->stmt_ctx, sizeof(uint32_t) * (size_t)(2 * w.ndoms + 2));
    int no = 0;
    oids[no++] = d->ti.oid | SQL_DOMAIN_ARRAY;
    oids[no++] = d->ti.oid;
    for (int i = 0; i < w.ndoms; i++) {
        oids[no++] = w.doms[i]->ti.oid | SQL_DOMAIN_ARRAY;
        oids[no++] = w.doms[i]->ti.oid;
    }
    /* the column drops' own notices (their dependent views) join ours */
    bool handled = false;
    int (*notice)(void *, const struct sql_notice *) = env->notice;
    void *notice_arg = env->notice_arg;
    struct capture cap = {&w.drops, &w.n};
    env->notice = capture_notice;
    env->notice_arg = &cap;
    rc = sql__type_cascade_columns(env, oids, no, &handled, e);
    env->notice = notice;
    env->notice_arg = notice_arg;
    if (rc == 0 && !handled)
        rc = sql__ddl_unsupported(e, "DROP DOMAIN ... CASCADE with dependent views");
    if (rc == 0 && w.n > 0 && env->notice != NULL) {
        char msg[64];
        struct sql_notice nt = {.severity = "NOTICE", .sqlstate = "00000", .message = msg};
        if (w.n == 1) {
            nt.message = w.drops.data;
        } else {
            snprintf(msg, sizeof msg, "drop cascades to %d other objects", w.n);
            nt.detail = w.drops.data;
        }
        rc = env->notice(env->notice_arg, &nt);
    }
    sbuf_free(&w.drops);
    for (int i = w.ndoms - 1; rc == 0 && i >= 0; i--)
        rc = drop_one(env, w.doms[i], e);
    return rc;
}

int sql__domain_cascade_base(struct sql_env *env, uint32_t base, const uint32_t *oids, int noids,
                             bool *handled, struct err *e)
{
    *handled = false;
    struct sbuf deps;
    sbuf_init(&deps);
    struct depwalk w;
    int rc = dep_start(env, &w, NULL, 0, &deps, e);
    for (size_t i = 0; rc == 0 && i < w.nall; i++) {
        const struct sql_domain *v = w.all[i];
        if (v->base != base || v->parent != 0)
            continue;
        w.doms = mem_realloc(env->stmt_ctx, w.doms, sizeof(*w.doms) * (size_t)w.ndoms,
                             sizeof(*w.doms) * (size_t)(w.ndoms + 1));
        w.doms[w.ndoms++] = v;
        dep_walk(&w, v, 0);
    }
    sbuf_free(&deps);
    sbuf_free(&w.drops);
    if (rc != 0)
        return rc;
    if (w.views)
        return 0;
    uint32_t *all = mem_alloc0(env->stmt_ctx, sizeof(uint32_t) * (size_t)(2 * w.ndoms + noids + 1));
    int n = 0;
    for (int i = 0; i < noids; i++)
        all[n++] = oids[i];
    for (int i = 0; i < w.ndoms; i++) {
        all[n++] = w.doms[i]->ti.oid | SQL_DOMAIN_ARRAY;
        all[n++] = w.doms[i]->ti.oid;
    }
    int (*notice)(void *, const struct sql_notice *) = env->notice; /* the caller's NOTICE */
    env->notice = NULL;
    rc = sql__type_cascade_columns(env, all, n, handled, e);
    env->notice = notice;
    for (int i = w.ndoms - 1; rc == 0 && *handled && i >= 0; i--)
        rc = drop_one(env, w.doms[i], e);
    return rc;
}

static int drop_domains(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_list *names = &st->u.domain_ddl.names;
    if (names->n > 1) {
        /* every dependent of every domain named, as one error */
        struct sbuf all;
        sbuf_init(&all);
        int total = 0, rc = 0;
        uint32_t *skip = mem_alloc0(env->stmt_ctx, sizeof(uint32_t) * (size_t)names->n);
        for (int i = 0; i < names->n && rc == 0; i++) {
            const struct sql_domain *d;
            rc = find_domain(env, names->items[i], st->u.domain_ddl.if_exists, true, &d, e);
            if (rc == 0 && d != NULL)
                skip[i] = d->ti.oid;
        }
        for (int i = names->n - 1; i >= 0 && rc == 0; i--) {
            const struct sql_domain *d;
            rc = find_domain(env, names->items[i], st->u.domain_ddl.if_exists, true, &d, e);
            if (rc != 0 || d == NULL)
                continue;
            struct sbuf deps;
            sbuf_init(&deps);
            int nd;
            rc = dependents(env, d, skip, names->n, &deps, &nd, e);
            if (rc == 0 && nd > 0) {
                if (total > 0)
                    sbuf_putc(&all, '\n');
                sbuf_puts(&all, deps.data);
                total += nd;
            }
            sbuf_free(&deps);
        }
        if (rc == 0 && total > 0 && st->u.domain_ddl.behavior != SQL_DROP_CASCADE) {
            rc = err_set_state(e, ERR_BUSY, "2BP01",
                               "cannot drop desired object(s) because other objects depend "
                               "on them" SQL_NUM_DETAIL_SEP "%s" SQL_FUNC_HINT_SEP
                               "Use DROP ... CASCADE to drop the dependent objects too.",
                               all.data);
        }
        sbuf_free(&all);
        if (rc != 0)
            return rc;
    }
    for (int i = 0; i < names->n; i++) {
        const struct sql_qname *q = names->items[i];
        const struct sql_domain *d;
        int rc = find_domain(env, q, st->u.domain_ddl.if_exists, true, &d, e);
        if (rc != 0)
            return rc;
        if (d == NULL) {
            char buf[2 * SQL_NAME_BUF + 2];
            qname_text(q, buf, sizeof(buf));
            if ((rc = sql__ddl_notice(env, "00000", "type \"%s\" does not exist, skipping", buf)) !=
                0)
                return rc;
            continue;
        }
        struct sbuf deps;
        sbuf_init(&deps);
        int nd;
        rc = dependents(env, d, NULL, 0, &deps, &nd, e);
        if (rc == 0 && nd > 0) {
            if (st->u.domain_ddl.behavior == SQL_DROP_CASCADE)
                rc = cascade_deps(env, d, e);
            else if (names->n > 1)
                rc = err_set_state(e, ERR_BUSY, "2BP01",
                                   "cannot drop desired object(s) because other objects depend "
                                   "on them" SQL_NUM_DETAIL_SEP "%s" SQL_FUNC_HINT_SEP
                                   "Use DROP ... CASCADE to drop the dependent objects too.",
                                   deps.data);
            else
                rc = err_set_state(e, ERR_BUSY, "2BP01",
                                   "cannot drop type %s because other objects depend on "
                                   "it" SQL_NUM_DETAIL_SEP "%s" SQL_FUNC_HINT_SEP
                                   "Use DROP ... CASCADE to drop the dependent objects too.",
                                   d->ti.name, deps.data);
        }
        sbuf_free(&deps);
        if (rc != 0)
            return rc;
        if ((rc = drop_one(env, d, e)) != 0)
            return rc;
    }
    return 0;
}

int sql__domain_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    sbuf_puts(tag, sql__domain_ddl_word(st));
    switch (st->u.domain_ddl.op) {
    case 'c':
        return create_domain(env, st, e);
    case 'd':
        return drop_domains(env, st, e);
    default:
        return alter_domain(env, st, e);
    }
}

/* ---- pg_type, pg_constraint ---- */

/* load() for sql__cat_list_loaded */
static int load_any(struct sql_env *env, uint32_t oid, const void **obj, struct err *e)
{
    const struct sql_domain *t = NULL;
    int rc = load(env, oid, &t, e);
    *obj = t;
    return rc;
}

static int list_domains(struct sql_env *env, const struct sql_domain ***out, size_t *n,
                        struct err *e)
{
    return sql__cat_list_loaded(env, 'd', load_any, (const void ***)out, n, e);
}

int sql__domain_list(struct sql_env *env, const struct sql_domain ***out, size_t *n, struct err *e)
{
    return list_domains(env, out, n, e);
}

static const char *default_show(struct sql_env *env, const struct sql_domain *d)
{
    if (d->default_sql == NULL)
        return NULL;
    struct sql_col_desc c;
    memset(&c, 0, sizeof(c));
    c.type = d->base;
    c.typmod = d->base_typmod;
    c.default_sql = (char *)d->default_sql;
    return sql__pgcat_adbin(env, env->stmt_ctx, &c);
}

int sql__domain_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    const struct sql_domain **v;
    size_t n;
    int rc = list_domains(env, &v, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_domain *d = v[i];
        sql__vr_row(r);
        sql__vr_int(r, "oid", d->ti.oid);
        sql__vr_str(r, "typname", d->ti.name);
        sql__vr_int(r, "typnamespace", d->schema_oid);
        sql__vr_int(r, "typowner", sql__pgcat_role_oid(d->owner));
        sql__vr_int(r, "typlen", d->ti.typlen);
        sql__vr_bool(r, "typbyval", d->ti.byval);
        sql__vr_char(r, "typtype", 'd');
        sql__vr_char(r, "typcategory", d->ti.category);
        sql__vr_bool(r, "typispreferred", false);
        sql__vr_bool(r, "typisdefined", true);
        sql__vr_char(r, "typdelim", ',');
        sql__vr_int(r, "typrelid", 0);
        sql__vr_int(r, "typsubscript", 0);
        sql__vr_int(r, "typelem", 0);
        sql__vr_int(r, "typarray", d->ati.oid);
        {
            struct sql_typio io = sql_typio_for('d', d->base);
            sql__vr_int(r, "typinput", io.in);
            sql__vr_int(r, "typoutput", io.out);
            sql__vr_int(r, "typreceive", io.recv);
            sql__vr_int(r, "typsend", io.send);
        }
        sql__vr_int(r, "typmodin", 0);
        sql__vr_int(r, "typmodout", 0);
        sql__vr_int(r, "typanalyze", 0);
        sql__vr_char(r, "typalign", d->ti.align);
        sql__vr_char(r, "typstorage", sql__pgcat_typstorage(d->base));
        sql__vr_bool(r, "typnotnull", d->notnull);
        sql__vr_int(r, "typbasetype", d->parent != 0 ? d->parent : d->base);
        sql__vr_int(r, "typtypmod", d->parent != 0 ? -1 : d->base_typmod);
        sql__vr_int(r, "typndims", 0);
        sql__vr_int(r, "typcollation", sql__pgcat_typcollation(d->base));
        sql__vr_str(r, "typdefault", default_show(env, d));
    }
    for (size_t i = 0; i < n; i++) { /* the array types d[] */
        const struct sql_domain *d = v[i];
        sql__vr_row(r);
        sql__vr_int(r, "oid", d->ati.oid);
        sql__vr_str(r, "typname", d->ati.name);
        sql__vr_int(r, "typnamespace", d->schema_oid);
        sql__vr_int(r, "typowner", sql__pgcat_role_oid(d->owner));
        sql__vr_int(r, "typlen", -1);
        sql__vr_bool(r, "typbyval", false);
        sql__vr_char(r, "typtype", 'b');
        sql__vr_char(r, "typcategory", 'A');
        sql__vr_bool(r, "typispreferred", false);
        sql__vr_bool(r, "typisdefined", true);
        sql__vr_char(r, "typdelim", ',');
        sql__vr_int(r, "typrelid", 0);
        sql__vr_int(r, "typsubscript", 0);
        sql__vr_int(r, "typelem", d->ti.oid);
        sql__vr_int(r, "typarray", 0);
        {
            struct sql_typio io = sql_typio_for('A', 0);
            sql__vr_int(r, "typinput", io.in);
            sql__vr_int(r, "typoutput", io.out);
            sql__vr_int(r, "typreceive", io.recv);
            sql__vr_int(r, "typsend", io.send);
        }
        sql__vr_int(r, "typmodin", 0);
        sql__vr_int(r, "typmodout", 0);
        sql__vr_int(r, "typanalyze", 0);
        sql__vr_char(r, "typalign", d->ati.align);
        sql__vr_char(r, "typstorage", 'x');
        sql__vr_bool(r, "typnotnull", false);
        sql__vr_int(r, "typbasetype", 0);
        sql__vr_int(r, "typtypmod", -1);
        sql__vr_int(r, "typndims", 0);
        sql__vr_int(r, "typcollation", sql__pgcat_typcollation(d->base));
        sql__vr_str(r, "typdefault", NULL);
    }
    return 0;
}

int sql__domain_constraint_rows(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    const struct sql_domain **v;
    size_t n;
    int rc = list_domains(env, &v, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_domain *d = v[i];
        /* in creation (oid) order, as PostgreSQL's heap returns them */
        int *ord = mem_alloc0(env->stmt_ctx, sizeof(int) * (size_t)(d->nchecks + 1));
        for (int j = 0; j < d->nchecks; j++) {
            int p = j;
            while (p > 0 && d->checks[ord[p - 1]].oid > d->checks[j].oid) {
                ord[p] = ord[p - 1];
                p--;
            }
            ord[p] = j;
        }
        for (int jj = 0; jj < d->nchecks; jj++) {
            int j = ord[jj];
            sql__vr_row(r);
            sql__vr_int(r, "oid", d->checks[j].oid);
            sql__vr_str(r, "conname", d->checks[j].name);
            sql__vr_int(r, "connamespace", d->schema_oid);
            sql__vr_char(r, "contype", 'c');
            sql__vr_bool(r, "condeferrable", false);
            sql__vr_bool(r, "condeferred", false);
            sql__vr_bool(r, "convalidated", d->checks[j].validated);
            sql__vr_int(r, "conrelid", 0);
            sql__vr_int(r, "contypid", d->ti.oid);
            sql__vr_int(r, "conindid", 0);
            sql__vr_int(r, "conparentid", 0);
            sql__vr_int(r, "confrelid", 0);
            sql__vr_char(r, "confupdtype", ' ');
            sql__vr_char(r, "confdeltype", ' ');
            sql__vr_char(r, "confmatchtype", ' ');
            sql__vr_bool(r, "conislocal", true);
            sql__vr_int(r, "coninhcount", 0);
            sql__vr_bool(r, "connoinherit", false);
            sql__vr_str(r, "conbin", d->checks[j].expr_sql);
        }
    }
    return 0;
}

/* "value" outside quotes -> VALUE, as ruleutils prints CoerceToDomainValue. */
static void upcase_value(const char *s, struct sbuf *out)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        char ch = s[i];
        if (ch == '\'' || ch == '"') {
            size_t j = i + 1;
            while (j < n && s[j] != ch)
                j++;
            if (j < n)
                j++;
            sbuf_append(out, s + i, j - i);
            i = j;
            continue;
        }
        bool word_start = (ch >= 'a' && ch <= 'z') || ch == '_';
        if (word_start) {
            size_t j = i;
            while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9') ||
                             s[j] == '_' || s[j] == '$'))
                j++;
            bool prev_dot = i > 0 && s[i - 1] == '.';
            if (j - i == 5 && memcmp(s + i, "value", 5) == 0 && !prev_dot &&
                !(j < n && s[j] == '.'))
                sbuf_puts(out, "VALUE");
            else
                sbuf_append(out, s + i, j - i);
            i = j;
            continue;
        }
        if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
            size_t j = i;
            while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                             (s[j] >= '0' && s[j] <= '9') || s[j] == '_' || s[j] == '.'))
                j++;
            sbuf_append(out, s + i, j - i);
            i = j;
            continue;
        }
        sbuf_putc(out, ch);
        i++;
    }
}

bool sql__domain_constraintdef(struct sql_env *env, uint32_t oid, bool pretty, struct sbuf *out)
{
    struct err e;
    err_clear(&e);
    const struct sql_domain **v;
    size_t n;
    if (list_domains(env, &v, &n, &e) != 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        const struct sql_domain *d = v[i];
        for (int j = 0; j < d->nchecks; j++) {
            if (d->checks[j].oid != oid)
                continue;
            struct fake f;
            fake_table(&f, d);
            struct sbuf b;
            sbuf_init(&b);
            sql__pgcat_expr(d->checks[j].expr_sql, &f.t, pretty, &b);
            sbuf_puts(out, "CHECK (");
            upcase_value(b.data ? b.data : "", out);
            sbuf_putc(out, ')');
            if (!d->checks[j].validated)
                sbuf_puts(out, " NOT VALID");
            sbuf_free(&b);
            return true;
        }
    }
    return false;
}

int sql__domain_drop_type(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                          struct err *e)
{
    if (st->u.type_ddl.op == 'S' && st->u.type_ddl.names.n == 1) { /* ALTER TYPE SET SCHEMA */
        const struct sql_qname *q = st->u.type_ddl.names.items[0];
        uint32_t oid;
        char kind;
        int rc = lookup(env, q->schema, q->name, &oid, &kind, e);
        if (rc != 0 || oid == 0 || kind != 'd')
            return rc != 0 ? rc : 1;
        struct sql_stmt ds;
        memset(&ds, 0, sizeof(ds));
        ds.kind = SQL_STMT_DOMAIN_DDL;
        ds.u.domain_ddl.op = 'S';
        ds.u.domain_ddl.names = st->u.type_ddl.names;
        ds.u.domain_ddl.newname = st->u.type_ddl.newname;
        sbuf_puts(tag, "ALTER TYPE");
        return alter_domain(env, &ds, e);
    }
    if (st->u.type_ddl.op != 'd' || st->u.type_ddl.names.n == 0)
        return 1;
    for (int i = 0; i < st->u.type_ddl.names.n; i++) {
        const struct sql_qname *q = st->u.type_ddl.names.items[i];
        uint32_t oid;
        char kind;
        int rc = lookup(env, q->schema, q->name, &oid, &kind, e);
        if (rc != 0)
            return rc;
        if (oid == 0 || kind != 'd')
            return 1;
    }
    struct sql_stmt ds;
    memset(&ds, 0, sizeof(ds));
    ds.kind = SQL_STMT_DOMAIN_DDL;
    ds.u.domain_ddl.op = 'd';
    ds.u.domain_ddl.names = st->u.type_ddl.names;
    ds.u.domain_ddl.if_exists = st->u.type_ddl.if_exists;
    ds.u.domain_ddl.behavior = st->u.type_ddl.behavior;
    sbuf_puts(tag, "DROP TYPE");
    return drop_domains(env, &ds, e);
}
