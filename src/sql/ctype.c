/* ctype.c — named composite types (CREATE TYPE name AS (...)): the
 * node-wide table, catalog records, DDL, record_in, pg_type rows.
 * Formats and representation: ctype.h. */
#include "sql/ctype.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/domain.h"
#include "sql/engine_int.h"
#include "sql/enum.h"
#include "sql/env.h"
#include "sql/value_int.h"
#include "sql/vtab.h"
#include "sql/typio.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTYPE_FORMAT 2 /* version 1 records are read too */

/* ---- the node-wide table ---- */

struct entry {
    struct sql_ctype t;
    struct mem_ctx *ctx;
    struct entry *next; /* all versions ever registered (freed at exit) */
    bool current;
};

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *all_entries;

__attribute__((destructor)) static void reg_free(void)
{
    while (all_entries != NULL) {
        struct entry *n = all_entries->next;
        mem_ctx_free(all_entries->ctx);
        xfree(all_entries);
        all_entries = n;
    }
}

const struct sql_ctype *sql_ctype_get(uint32_t oid)
{
    const struct sql_ctype *r = NULL;
    pthread_mutex_lock(&reg_mu);
    for (struct entry *x = all_entries; x != NULL && r == NULL; x = x->next)
        if (x->current && x->t.oid == oid)
            r = &x->t;
    pthread_mutex_unlock(&reg_mu);
    return r;
}

const struct sql_type_info *sql__ctype_type_info(uint32_t oid)
{
    if (oid < SQL_FIRST_USER_OID)
        return NULL;
    const struct sql_ctype *t = sql_ctype_get(oid);
    return t != NULL ? &t->ti : NULL;
}

const struct sql_type_info *sql__ctype_by_name(const char *name)
{
    const struct sql_type_info *r = NULL;
    pthread_mutex_lock(&reg_mu);
    for (struct entry *x = all_entries; x != NULL && r == NULL; x = x->next)
        if (x->current && strcmp(x->t.name, name) == 0)
            r = &x->t.ti;
    pthread_mutex_unlock(&reg_mu);
    return r;
}

const struct sql_ctype *sql__ctype_of_shape(int32_t typmod)
{
    int n;
    const char *const *names;
    uint32_t typoid = 0;
    if (typmod < 0 || !sql__record_shape(typmod, &n, &names, NULL, &typoid) || typoid == 0)
        return NULL;
    return sql_ctype_get(typoid);
}

static const struct sql_ctype *reg_put(struct entry *ent)
{
    pthread_mutex_lock(&reg_mu);
    for (struct entry *x = all_entries; x != NULL; x = x->next)
        if (x->t.oid == ent->t.oid)
            x->current = false;
    ent->current = true;
    ent->next = all_entries;
    all_entries = ent;
    pthread_mutex_unlock(&reg_mu);
    return &ent->t;
}

static void reg_remove(uint32_t oid)
{
    pthread_mutex_lock(&reg_mu);
    for (struct entry *x = all_entries; x != NULL; x = x->next)
        if (x->t.oid == oid)
            x->current = false;
    pthread_mutex_unlock(&reg_mu);
}

/* ---- records ---- */

static void encode(const struct sql_ctype *t, struct sbuf *out)
{
    sbuf_putc(out, CTYPE_FORMAT);
    sbuf_putc(out, 'c');
    sql__put32(out, t->oid);
    sql__put32(out, t->version);
    sql__put32(out, t->schema_oid);
    sql__put32(out, t->relid);
    sql__put_str(out, t->schema);
    sql__put_str(out, t->name);
    sql__put_str(out, t->owner);
    sql__put16(out, (uint16_t)t->n);
    for (int i = 0; i < t->n; i++) {
        sql__put_str(out, t->names[i]);
        sql__put32(out, t->types[i]);
        sql__put32(out, (uint32_t)t->typmods[i]);
    }
    for (int i = 0; i < t->n; i++)
        sql__put32(out, t->ids != NULL ? t->ids[i] : (uint32_t)i + 1);
    sql__put32(out, t->next_id != 0 ? t->next_id : (uint32_t)t->n + 1);
    sql__put_crc(out);
}

static char *rd_str(struct sql__rd *r, struct mem_ctx *ctx)
{
    uint16_t n = sql__rd16(r);
    if (n > SQL_NAME_MAX) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = sql__rd_take(r, n);
    return q ? mem_strndup(ctx, (const char *)q, n) : NULL;
}

static int decode(const uint8_t *p, size_t n, uint32_t oid, struct entry **out, struct err *e)
{
    if (n < 10 || !sql__crc_ok(p, n, p[0] == 1 ? 1 : CTYPE_FORMAT) || p[1] != 'c')
        return sql__corrupt(e, "composite type", oid, "bad record");
    struct entry *ent = xcalloc(1, sizeof(*ent));
    ent->ctx = mem_ctx_new(NULL, "composite type");
    struct mem_ctx *ctx = ent->ctx;
    struct sql_ctype *t = &ent->t;
    struct sql__rd r = {p, n - 4, 2, false};
    t->oid = sql__rd32(&r);
    t->version = sql__rd32(&r);
    t->schema_oid = sql__rd32(&r);
    t->relid = sql__rd32(&r);
    t->schema = rd_str(&r, ctx);
    t->name = rd_str(&r, ctx);
    t->owner = rd_str(&r, ctx);
    int nf = sql__rd16(&r);
    const char **names = mem_alloc0(ctx, sizeof(*names) * (size_t)(nf + 1));
    uint32_t *types = mem_alloc0(ctx, sizeof(*types) * (size_t)(nf + 1));
    int32_t *typmods = mem_alloc0(ctx, sizeof(*typmods) * (size_t)(nf + 1));
    for (int i = 0; i < nf && !r.bad; i++) {
        names[i] = rd_str(&r, ctx);
        types[i] = sql__rd32(&r);
        typmods[i] = (int32_t)sql__rd32(&r);
    }
    uint32_t *ids = mem_alloc0(ctx, sizeof(*ids) * (size_t)(nf + 1));
    for (int i = 0; i < nf && !r.bad; i++)
        ids[i] = p[0] == 1 ? (uint32_t)i + 1 : sql__rd32(&r);
    t->next_id = p[0] == 1 ? (uint32_t)nf + 1 : sql__rd32(&r);
    t->ids = ids;
    if (r.bad || r.o != r.n || t->oid != oid) {
        mem_ctx_free(ctx);
        xfree(ent);
        return sql__corrupt(e, "composite type", oid, "bad record");
    }
    t->n = nf;
    t->names = names;
    t->types = types;
    t->typmods = typmods;
    t->shape = eng__record_typmod(nf, names, types, t->oid);
    t->ti.oid = t->oid;
    t->ti.name = t->name;
    t->ti.sql_name = t->name;
    t->ti.typlen = -1;
    t->ti.category = 'C';
    t->ti.preferred = false;
    t->ti.array_oid = 0;
    t->ti.byval = false;
    t->ti.align = 'd';
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

static int load(struct sql_env *env, uint32_t oid, const struct sql_ctype **out, struct err *e);

static bool same_fields(const struct sql_ctype *a, const struct sql_ctype *b)
{
    if (a->n != b->n || a->schema_oid != b->schema_oid || strcmp(a->name, b->name) != 0 ||
        strcmp(a->schema, b->schema) != 0 || strcmp(a->owner, b->owner) != 0)
        return false;
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->names[i], b->names[i]) != 0 || a->types[i] != b->types[i] ||
            a->typmods[i] != b->typmods[i] || a->ids[i] != b->ids[i])
            return false;
    return true;
}

/* The row type of table oid as a composite type (ctype.h): built from the
 * descriptor, the published entry reused while it is unchanged. */
static int rowtype_load(struct sql_env *env, uint32_t oid, const struct sql_ctype **out,
                        struct err *e)
{
    const struct sql_table_desc *td;
    int rc = sql_cat_table_by_oid(env, oid, &td, e);
    if (rc != 0 || td == NULL || td->kind != 'r' || td->matview)
        return rc;
    struct entry *ent = xcalloc(1, sizeof(*ent));
    ent->ctx = mem_ctx_new(NULL, "row type");
    struct mem_ctx *ctx = ent->ctx;
    struct sql_ctype *t = &ent->t;
    int n = 0;
    for (int i = 0; i < td->ncols; i++)
        n += !td->cols[i].hidden;
    const char **names = mem_alloc0(ctx, sizeof(*names) * (size_t)(n + 1));
    uint32_t *types = mem_alloc0(ctx, sizeof(*types) * (size_t)(n + 1));
    int32_t *typmods = mem_alloc0(ctx, sizeof(*typmods) * (size_t)(n + 1));
    uint32_t *ids = mem_alloc0(ctx, sizeof(*ids) * (size_t)(n + 1));
    bool nested = false;
    int k = 0;
    for (int i = 0; i < td->ncols; i++) {
        const struct sql_col_desc *c = &td->cols[i];
        if (c->hidden)
            continue;
        nested |= c->domain != 0 || c->ctype != 0 || c->type == SQL_T_RECORD;
        names[k] = mem_strdup(ctx, c->name);
        types[k] = c->type;
        typmods[k] = c->typmod;
        ids[k] = c->id;
        k++;
    }
    t->oid = oid;
    t->relid = oid;
    t->version = 0;
    t->schema_oid = td->schema_oid;
    t->schema = mem_strdup(ctx, td->schema);
    t->name = mem_strdup(ctx, td->name);
    t->owner = mem_strdup(ctx, td->owner);
    t->n = n;
    t->names = names;
    t->types = types;
    t->typmods = typmods;
    t->ids = ids;
    t->next_id = td->next_col_id;
    t->rowtype = true;
    if (nested) {
        mem_ctx_free(ctx);
        xfree(ent);
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "using the row type of relation \"%s\", which has columns of domain "
                             "or composite types, as a type is not supported",
                             td->name);
    }
    const struct sql_ctype *cur = sql_ctype_get(oid);
    if (cur != NULL && same_fields(cur, t)) {
        mem_ctx_free(ctx);
        xfree(ent);
        *out = cur;
        return 0;
    }
    t->shape = eng__record_typmod(n, names, types, oid);
    t->ti.oid = oid;
    t->ti.name = t->name;
    t->ti.sql_name = t->name;
    t->ti.typlen = -1;
    t->ti.category = 'C';
    t->ti.align = 'd';
    *out = reg_put(ent);
    return 0;
}

int sql__ctype_load(struct sql_env *env, uint32_t oid, const struct sql_ctype **out, struct err *e)
{
    return load(env, oid, out, e);
}

/* Read type oid's record through env and publish it; *out NULL when oid is
 * not a composite type. */
static int load(struct sql_env *env, uint32_t oid, const struct sql_ctype **out, struct err *e)
{
    *out = NULL;
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = read_key(env, oid, &val, &vlen, &found, e);
    if (rc != 0 || !found)
        return rc;
    const uint8_t *p = val;
    if (vlen >= 2 && p[1] == 'r')
        return rowtype_load(env, oid, out, e);
    if (vlen < 10 || p[1] != 'c')
        return 0;
    const struct sql_ctype *cur = sql_ctype_get(oid);
    if (cur != NULL && cur->version == sql__get32(p + 6)) {
        *out = cur;
        return 0;
    }
    struct entry *ent;
    if ((rc = decode(p, vlen, oid, &ent, e)) != 0)
        return rc;
    *out = reg_put(ent);
    return 0;
}

int sql__ctype_resolve(struct sql_env *env, uint32_t oid, const struct sql_typename *t,
                       uint32_t *type, int32_t *typmod, int *serial, struct err *e)
{
    const struct sql_ctype *ct;
    int rc = load(env, oid, &ct, e);
    if (rc != 0)
        return rc;
    if (ct == NULL)
        return sql__corrupt(e, "composite type", oid, "names a missing record");
    if (t->typmods.n > 0)
        return err_set_state(e, ERR_INVAL, "42601", "type modifier is not allowed for type \"%s\"",
                             ct->name);
    if (t->array_dims > 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "arrays of composite types are not supported");
    if (ct->shape < 0)
        return err_set_state(e, ERR_LIMIT, "54000", "too many record types");
    *type = SQL_T_RECORD;
    *typmod = ct->shape;
    if (serial)
        *serial = 0;
    return 0;
}

/* ---- record_in ---- */

static int malformed(struct err *e, const char *s, size_t len, const char *detail)
{
    return err_set_state(e, ERR_INVAL, "22P02",
                         "malformed record literal: \"%.*s\"" SQL_NUM_DETAIL_SEP "%s", (int)len, s,
                         detail);
}

int sql__ctype_record_in(struct mem_ctx *ctx, const struct sql_ctype *ct, const char *s, size_t len,
                         struct sql_value *out, struct err *e)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    if (i >= len || s[i++] != '(')
        return malformed(e, s, len, "Missing left parenthesis.");
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, ct->n);
    sql__record_set_typmod(a, ct->shape);
    struct sbuf buf;
    sbuf_init(&buf);
    int rc = 0;
    for (int f = 0; f < ct->n && rc == 0; f++) {
        if (f > 0) {
            if (i < len && s[i] == ',')
                i++;
            else {
                rc = malformed(e, s, len, "Too few columns.");
                break;
            }
        }
        if (i < len && (s[i] == ',' || s[i] == ')')) {
            a->items[f] = sql_null(ct->types[f]);
            continue;
        }
        bool inq = false;
        sbuf_reset(&buf);
        while (inq || !(i < len && (s[i] == ',' || s[i] == ')'))) {
            if (i >= len) {
                rc = malformed(e, s, len, "Unexpected end of input.");
                break;
            }
            char ch = s[i++];
            if (ch == '\\') {
                if (i >= len) {
                    rc = malformed(e, s, len, "Unexpected end of input.");
                    break;
                }
                sbuf_putc(&buf, s[i++]);
            } else if (ch == '"') {
                if (!inq)
                    inq = true;
                else if (i < len && s[i] == '"')
                    sbuf_putc(&buf, s[i++]);
                else
                    inq = false;
            } else {
                sbuf_putc(&buf, ch);
            }
        }
        if (rc != 0)
            break;
        rc = sql_value_in(ctx, ct->types[f], ct->typmods[f], buf.len ? buf.data : "", buf.len, NULL,
                          &a->items[f], e);
    }
    if (rc == 0) {
        if (i >= len || s[i++] != ')')
            rc = malformed(e, s, len, "Too many columns.");
    }
    if (rc == 0) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i < len)
            rc = malformed(e, s, len, "Junk after right parenthesis.");
    }
    sbuf_free(&buf);
    if (rc != 0)
        return rc;
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = a;
    return 0;
}

/* ---- DDL ---- */

static void qname_text(const struct sql_qname *q, char *buf, size_t n)
{
    if (q->schema != NULL)
        snprintf(buf, n, "%s.%s", q->schema, q->name);
    else
        snprintf(buf, n, "%s", q->name);
}

int sql__ctype_store(struct sql_env *env, const struct sql_ctype *t, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_desc(&k, t->oid);
    encode(t, &v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    struct entry *ent = NULL;
    if (rc == 0)
        rc = decode((const uint8_t *)v.data, v.len, t->oid, &ent, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc != 0)
        return rc;
    reg_put(ent);
    return 0;
}

static int create_ctype(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_qname *q = st->u.type_ddl.names.items[0];
    uint32_t ns;
    const char *nsname;
    int rc = sql__creation_schema(env, q->schema, q->name, &ns, &nsname, e);
    if (rc != 0)
        return rc;
    if (strlen(q->name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", q->name);
    uint32_t old;
    char kind;
    if ((rc = sql__name_lookup(env, ns, q->name, &old, &kind, e)) != 0)
        return rc;
    struct sql_typename tn = {0};
    tn.name.name = q->name;
    uint32_t bo;
    int32_t btm;
    struct err be;
    err_clear(&be);
    bool builtin = q->schema == NULL && ns == SQL_NS_PG_CATALOG &&
                   sql_type_resolve(&tn, &bo, &btm, NULL, &be) == 0;
    if (old != 0 || builtin)
        return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists", q->name);
    const struct sql_list *names = &st->u.type_ddl.labels;
    const struct sql_list *types = &st->u.type_ddl.fieldtypes;
    if (names->n > 1600)
        return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most 1600 columns");
    const char **fn = mem_alloc0(env->stmt_ctx, sizeof(*fn) * (size_t)(names->n + 1));
    uint32_t *ft = mem_alloc0(env->stmt_ctx, sizeof(*ft) * (size_t)(names->n + 1));
    int32_t *fm = mem_alloc0(env->stmt_ctx, sizeof(*fm) * (size_t)(names->n + 1));
    for (int i = 0; i < names->n; i++) {
        fn[i] = names->items[i];
        if (strlen(fn[i]) > SQL_NAME_MAX)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", fn[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(fn[j], fn[i]) == 0)
                return err_set_state(e, ERR_EXISTS, "42701",
                                     "column \"%s\" specified more than once", fn[i]);
        const struct sql_typename *t = types->items[i];
        int serial = 0;
        uint32_t dom = 0;
        if ((rc = sql_type_resolve_domain(env, t, &ft[i], &fm[i], &serial, &dom, e)) != 0)
            return rc;
        if (dom != 0)
            return sql__ddl_unsupported(e, "composite type fields of a domain type");
        if (serial)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "composite type fields of serial types are not supported");
        if (ft[i] == SQL_T_RECORD && fm[i] >= 0)
            return sql__ddl_unsupported(e, "composite type fields of a composite type");
        if (ft[i] == SQL_T_RECORD || sql_array_elemtype(ft[i]) == SQL_T_RECORD)
            return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" has pseudo-type %s", fn[i],
                                 ft[i] == SQL_T_RECORD ? "record" : "record[]");
    }
    struct sql_ctype t = {0};
    if ((rc = sql__oid_alloc(env, &t.oid, e)) != 0 || (rc = sql__oid_alloc(env, &t.relid, e)) != 0)
        return rc;
    t.version = 1;
    t.schema_oid = ns;
    t.schema = nsname;
    t.name = q->name;
    t.owner = env->user != NULL ? env->user : "";
    t.n = names->n;
    t.names = fn;
    t.types = ft;
    t.typmods = fm;
    if ((rc = sql__name_store(env, ns, q->name, 'c', t.oid, e)) != 0)
        return rc;
    return sql__ctype_store(env, &t, e);
}

/* The composite type q names, or NULL. */
static int find_ctype(struct sql_env *env, const struct sql_qname *q, const struct sql_ctype **out,
                      struct err *e)
{
    *out = NULL;
    uint32_t oid, ns;
    char kind;
    struct err le;
    err_clear(&le);
    if (sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, &le) != 0) {
        if (le.code == ERR_NOTFOUND)
            return 0; /* e.g. a missing schema: the enum path reports it */
        *e = le;
        return le.code;
    }
    if (oid == 0 || kind != 'c')
        return 0;
    int rc = load(env, oid, out, e);
    if (rc == 0 && *out == NULL)
        return sql__corrupt(e, "composite type", oid, "names a missing record");
    return rc;
}

int sql__ctype_dependents(struct sql_env *env, uint32_t oid, const char *name, struct sbuf *out,
                          int *n, struct sbuf *first, struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    *n = 0;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nt; i++) {
        for (int j = 0; j < tabs[i]->ncols; j++) {
            const struct sql_col_desc *c = &tabs[i]->cols[j];
            if (c->ctype != oid && c->type != oid)
                continue;
            if (*n > 0)
                sbuf_putc(out, '\n');
            if (first != NULL && *n == 0)
                sbuf_printf(first, "%s.%s", tabs[i]->name, c->name);
            if (tabs[i]->kind == 'v')
                sbuf_printf(out, "view %s depends on type %s", tabs[i]->name, name);
            else
                sbuf_printf(out, "column %s of table %s depends on type %s", c->name, tabs[i]->name,
                            name);
            (*n)++;
            if (tabs[i]->kind == 'v')
                break;
        }
    }
    return 0;
}

static int drop_one(struct sql_env *env, const struct sql_stmt *st, const struct sql_ctype *t,
                    struct err *e)
{
    struct sbuf deps;
    sbuf_init(&deps);
    int nd;
    int rc = sql__ctype_dependents(env, t->oid, t->name, &deps, &nd, NULL, e);
    if (rc == 0 && nd > 0) {
        if (st->u.type_ddl.behavior == SQL_DROP_CASCADE) {
            uint32_t oids[1] = {t->oid};
            bool handled;
            rc = sql__type_cascade_columns(env, oids, 1, &handled, e);
            if (rc == 0 && !handled)
                rc = sql__ddl_unsupported(e, "DROP TYPE ... CASCADE of a type views use");
        } else {
            rc = err_set_state(e, ERR_BUSY, "2BP01",
                               "cannot drop type %s because other objects depend on "
                               "it" SQL_NUM_DETAIL_SEP "%s" SQL_FUNC_HINT_SEP
                               "Use DROP ... CASCADE to drop the dependent objects too.",
                               t->name, deps.data);
        }
    }
    sbuf_free(&deps);
    if (rc != 0)
        return rc;
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, t->oid);
    rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    if (rc == 0)
        rc = sql__name_delete(env, t->schema_oid, t->name, e);
    if (rc != 0)
        return rc;
    reg_remove(t->oid);
    return 0;
}

int sql__ctype_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    if (st->u.type_ddl.op == 'C') {
        sbuf_puts(tag, "CREATE TYPE");
        return create_ctype(env, st, e);
    }
    if (st->u.type_ddl.names.n == 0)
        return 1;
    if (st->u.type_ddl.op != 'd') { /* ALTER TYPE (ctype_alter.c) */
        const struct sql_ctype *t;
        const struct sql_qname *q = st->u.type_ddl.names.items[0];
        int rc = find_ctype(env, q, &t, e);
        if (rc != 0)
            return rc;
        bool attrs = st->u.type_ddl.op == 'L' || st->u.type_ddl.op == 'R';
        if (t == NULL && attrs) { /* PostgreSQL looks a relation up */
            uint32_t oid = 0, ns;
            char kind = 0;
            struct err le;
            err_clear(&le);
            if (sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, &le) != 0 &&
                le.code != ERR_NOTFOUND) {
                *e = le;
                return le.code;
            }
            if (oid != 0 && kind != 'e' && kind != 'd')
                return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a composite type",
                                     q->name);
            if (le.code == ERR_NOTFOUND && q->schema != NULL) {
                *e = le;
                return le.code;
            }
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                                 q->name);
        }
        if (t == NULL && st->u.type_ddl.op == 'O') { /* an enum or a domain (ddl_owner.c) */
            sbuf_puts(tag, "ALTER TYPE");
            const char *owner;
            rc = sql__owner_role(env, st->u.type_ddl.newname, &owner, e);
            if (rc == 0)
                rc = sql__alter_type_owner(env, q, owner, false, e);
            return rc;
        }
        if (t == NULL)
            return 1;
        sbuf_puts(tag, "ALTER TYPE");
        return sql__ctype_alter(env, st, t, e);
    }
    /* DROP TYPE: handled here when every name is a composite type */
    const struct sql_list *names = &st->u.type_ddl.names;
    const struct sql_ctype **v = mem_alloc0(env->stmt_ctx, sizeof(*v) * (size_t)names->n);
    for (int i = 0; i < names->n; i++) {
        int rc = find_ctype(env, names->items[i], &v[i], e);
        if (rc != 0)
            return rc;
        if (v[i] == NULL) {
            if (i > 0) {
                char buf[2 * SQL_NAME_BUF + 2];
                qname_text(names->items[i], buf, sizeof(buf));
                return sql__ddl_unsupported(e, "DROP TYPE of composite and other types at once");
            }
            return 1;
        }
    }
    if (names->n > 1)
        return sql__ddl_unsupported(e, "DROP TYPE of several composite types");
    sbuf_puts(tag, "DROP TYPE");
    return drop_one(env, st, v[0], e);
}

/* ---- pg_type ---- */

/* load() for sql__cat_list_loaded */
static int load_any(struct sql_env *env, uint32_t oid, const void **obj, struct err *e)
{
    const struct sql_ctype *t = NULL;
    int rc = load(env, oid, &t, e);
    *obj = t;
    return rc;
}

int sql__ctype_list(struct sql_env *env, const struct sql_ctype ***out, size_t *n, struct err *e)
{
    return sql__cat_list_loaded(env, 'c', load_any, (const void ***)out, n, e);
}

/* The pg_type row of a composite type (named, or a relation's row type). */
void sql__pgtype_composite_row(struct sql__vrows *r, uint32_t oid, const char *name, uint32_t nsp,
                               uint32_t owner, uint32_t relid)
{
    sql__vr_row(r);
    sql__vr_int(r, "oid", oid);
    sql__vr_str(r, "typname", name);
    sql__vr_int(r, "typnamespace", nsp);
    sql__vr_int(r, "typowner", owner);
    sql__vr_int(r, "typlen", -1);
    sql__vr_bool(r, "typbyval", false);
    sql__vr_char(r, "typtype", 'c');
    sql__vr_char(r, "typcategory", 'C');
    sql__vr_bool(r, "typispreferred", false);
    sql__vr_bool(r, "typisdefined", true);
    sql__vr_char(r, "typdelim", ',');
    sql__vr_int(r, "typrelid", relid);
    sql__vr_int(r, "typsubscript", 0);
    sql__vr_int(r, "typelem", 0);
    sql__vr_int(r, "typarray", 0);
    {
        struct sql_typio io = sql_typio_for('c', 0);
        sql__vr_int(r, "typinput", io.in);
        sql__vr_int(r, "typoutput", io.out);
        sql__vr_int(r, "typreceive", io.recv);
        sql__vr_int(r, "typsend", io.send);
    }
    sql__vr_int(r, "typmodin", 0);
    sql__vr_int(r, "typmodout", 0);
    sql__vr_int(r, "typanalyze", 0);
    sql__vr_char(r, "typalign", 'd');
    sql__vr_char(r, "typstorage", 'x');
    sql__vr_bool(r, "typnotnull", false);
    sql__vr_int(r, "typbasetype", 0);
    sql__vr_int(r, "typtypmod", -1);
    sql__vr_int(r, "typndims", 0);
    sql__vr_int(r, "typcollation", 0);
}

int sql__ctype_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    const struct sql_ctype **v;
    size_t no;
    int rc = sql__ctype_list(env, &v, &no, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < no; i++) {
        const struct sql_ctype *t = v[i];
        sql__pgtype_composite_row(r, t->oid, t->name, t->schema_oid, sql__pgcat_role_oid(t->owner),
                                  t->relid);
    }
    return 0;
}

/* ---- table columns ---- */

int sql__ctype_fix_cols(struct sql_env *env, struct sql_table_desc *t, struct err *e)
{
    for (int i = 0; i < t->ncols; i++) {
        struct sql_col_desc *c = &t->cols[i];
        if (c->type < SQL_FIRST_USER_OID || c->domain != 0 || c->ctype != 0)
            continue;
        const struct sql_ctype *ct;
        int rc = load(env, c->type, &ct, e);
        if (rc != 0)
            return rc;
        if (ct == NULL)
            continue;
        if (ct->shape < 0)
            return err_set_state(e, ERR_LIMIT, "54000", "too many record types");
        c->ctype = ct->oid;
        c->type = SQL_T_RECORD;
        c->typmod = ct->shape;
    }
    return 0;
}

static void put32be(struct sbuf *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(out, b, 4);
}

static uint32_t get32be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int sql__ctype_encode(const struct sql_value *v, struct sbuf *out)
{
    const struct sql_ctype *ct = sql__ctype_of_shape(sql__record_value_typmod(v));
    struct err e;
    err_clear(&e);
    put32be(out, (ct != NULL ? ct->oid : 0) | 0x80000000u);
    int n = v->u.arr != NULL ? v->u.arr->nitems : 0;
    put32be(out, (uint32_t)n);
    for (int i = 0; i < n; i++)
        put32be(out, ct != NULL && i < ct->n ? ct->ids[i] : (uint32_t)i + 1);
    return sql__record_send(v, out, &e);
}

int sql__ctype_decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, struct sql_value *out,
                      struct err *e)
{
    if (n < 8)
        return sql__corrupt(e, "composite value", 0, "short");
    uint32_t oid = get32be(p);
    size_t o = 4;
    const uint8_t *idp = NULL;
    uint32_t nids = 0;
    if (oid & 0x80000000u) {
        oid &= 0x7fffffffu;
        nids = get32be(p + 4);
        if (nids > (n - 8) / 4)
            return sql__corrupt(e, "composite value", oid, "short");
        idp = p + 8;
        o = 8 + (size_t)nids * 4;
    }
    const struct sql_ctype *ct = sql_ctype_get(oid);
    if (ct == NULL)
        return sql__corrupt(e, "composite value", oid, "unknown composite type");
    if (n - o < 4)
        return sql__corrupt(e, "composite value", oid, "short");
    uint32_t nf = get32be(p + o);
    o += 4;
    if (idp != NULL && nf != nids)
        return sql__corrupt(e, "composite value", oid, "field count");
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, ct->n);
    sql__record_set_typmod(a, ct->shape);
    for (int i = 0; i < ct->n; i++)
        a->items[i] = sql_null(ct->types[i]);
    for (uint32_t j = 0; j < nf; j++) {
        if (n - o < 8)
            return sql__corrupt(e, "composite value", oid, "short");
        uint32_t ft = get32be(p + o), len = get32be(p + o + 4);
        o += 8;
        if (len != 0xffffffffu && len > n - o)
            return sql__corrupt(e, "composite value", oid, "short");
        uint32_t id = idp != NULL ? get32be(idp + 4 * (size_t)j) : j + 1;
        int f = -1;
        for (int i = 0; i < ct->n && f < 0; i++)
            if (ct->ids[i] == id)
                f = i;
        if (len == 0xffffffffu)
            continue;
        if (f >= 0) { /* else a dropped field */
            int rc = sql_value_recv(ctx, ft, -1, p + o, len, &a->items[f], e);
            if (rc != 0)
                return rc;
        }
        o += len;
    }
    if (o != n)
        return sql__corrupt(e, "composite value", oid, "trailing bytes");
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = a;
    return 0;
}

int sql__ctype_record_recv(struct mem_ctx *ctx, const struct sql_ctype *ct, const uint8_t *p,
                           size_t n, struct sql_value *out, struct err *e)
{
    if (n < 4)
        return err_set_state(e, ERR_INVAL, "22P03", "insufficient data left in message");
    uint32_t nf = get32be(p);
    if ((int32_t)nf != ct->n)
        return err_set_state(e, ERR_INVAL, "42804", "wrong number of columns: %d, expected %d",
                             (int)nf, ct->n);
    struct sql_array *a = sql_array_new(ctx, SQL_T_RECORD, ct->n);
    sql__record_set_typmod(a, ct->shape);
    size_t o = 4;
    for (int i = 0; i < ct->n; i++) {
        if (n - o < 8)
            return err_set_state(e, ERR_INVAL, "22P03", "insufficient data left in message");
        uint32_t ft = get32be(p + o), len = get32be(p + o + 4);
        o += 8;
        if (ft != ct->types[i]) {
            struct sbuf a1, a2;
            sbuf_init(&a1);
            sbuf_init(&a2);
            sql_type_format(ft, -1, &a1);
            sql_type_format(ct->types[i], -1, &a2);
            int rc = err_set_state(e, ERR_INVAL, "42804",
                                   "binary data has type %u (%s) instead of expected %u (%s) in "
                                   "record column %d",
                                   ft, a1.len ? a1.data : "???", ct->types[i],
                                   a2.len ? a2.data : "???", i + 1);
            sbuf_free(&a1);
            sbuf_free(&a2);
            return rc;
        }
        if (len == 0xffffffffu) {
            a->items[i] = sql_null(ct->types[i]);
            continue;
        }
        if (len > n - o)
            return err_set_state(e, ERR_INVAL, "22P03", "insufficient data left in message");
        int rc = sql_value_recv(ctx, ft, ct->typmods[i], p + o, len, &a->items[i], e);
        if (rc != 0)
            return rc;
        o += len;
    }
    if (o != n)
        return err_set_state(e, ERR_INVAL, "22P03",
                             "incorrect binary data format in bind parameter");
    *out = sql_null(SQL_T_RECORD);
    out->null = false;
    out->u.arr = a;
    return 0;
}
