/* enum.c — enum types: the node-wide table of loaded types, value I/O and
 * ordering, catalog records and DDL, pg_type / pg_enum rows, operators,
 * functions and aggregates. Formats and representation: enum.h. */
#include "sql/enum.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/acl.h"
#include "sql/catalog_int.h"
#include "sql/ctype.h"
#include "sql/ddl_int.h"
#include "sql/domain.h"
#include "sql/env.h"
#include "sql/oidreg.h"
#include "sql/vtab.h"
#include "sql/typio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENUM_FORMAT 1
#define LABEL_MAX   63 /* NAMEDATALEN - 1 */

/* ---- the node-wide table ---- */

struct entry {
    struct oidreg_item h; /* first: oid, the version's memory, all versions */
    struct sql_enum_type t;
};

static struct oidreg reg = OIDREG_INIT;

__attribute__((destructor)) static void reg_free(void)
{
    oidreg_free(&reg);
}

const struct sql_enum_type *sql_enum_get(uint32_t oid)
{
    if (oid < SQL_FIRST_USER_OID)
        return NULL;
    struct entry *ent = (struct entry *)oidreg_get(&reg, oid);
    return ent != NULL ? &ent->t : NULL;
}

static bool array_is(const struct oidreg_item *it, const void *oid)
{
    return ((const struct entry *)it)->t.ati.oid == *(const uint32_t *)oid;
}

static const struct sql_enum_type *enum_of_array(uint32_t oid)
{
    if (oid < SQL_FIRST_USER_OID)
        return NULL;
    struct entry *ent = (struct entry *)oidreg_find(&reg, array_is, &oid);
    return ent != NULL ? &ent->t : NULL;
}

const struct sql_type_info *sql__enum_type_info(uint32_t oid)
{
    const struct sql_enum_type *t = sql_enum_get(oid);
    if (t != NULL)
        return &t->ti;
    t = enum_of_array(oid);
    return t != NULL ? &t->ati : NULL;
}

static bool name_is(const struct oidreg_item *it, const void *name)
{
    return strcmp(((const struct entry *)it)->t.ti.name, name) == 0;
}

const struct sql_type_info *sql__enum_by_name(const char *name)
{
    struct entry *ent = (struct entry *)oidreg_find(&reg, name_is, name);
    return ent != NULL ? &ent->t.ti : NULL;
}

uint32_t sql__enum_array_elem(uint32_t array_oid)
{
    const struct sql_enum_type *t = enum_of_array(array_oid);
    return t != NULL ? t->ti.oid : 0;
}

uint32_t sql__enum_array_of(uint32_t enum_oid)
{
    const struct sql_enum_type *t = sql_enum_get(enum_oid);
    return t != NULL ? t->ati.oid : 0;
}

/* Publish ent as the current version of its type. */
static const struct sql_enum_type *reg_put(struct entry *ent)
{
    ent->h.oid = ent->t.ti.oid;
    oidreg_put(&reg, &ent->h);
    return &ent->t;
}

/* ---- values ---- */

static const struct sql_enum_label *label_by_oid(const struct sql_enum_type *t, uint32_t oid,
                                                 int *pos)
{
    for (int i = 0; i < t->nlabels; i++)
        if (t->labels[i].oid == oid) {
            if (pos)
                *pos = i;
            return &t->labels[i];
        }
    return NULL;
}

static const struct sql_enum_label *label_by_name(const struct sql_enum_type *t, const char *s,
                                                  size_t len)
{
    for (int i = 0; i < t->nlabels; i++)
        if (strlen(t->labels[i].label) == len && memcmp(t->labels[i].label, s, len) == 0)
            return &t->labels[i];
    return NULL;
}

int sql__enum_in(uint32_t type, const char *s, size_t len, struct sql_value *out, struct err *e)
{
    const struct sql_enum_type *t = sql_enum_get(type);
    if (t == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "cache lookup failed for type %u", type);
    const struct sql_enum_label *l = label_by_name(t, s, len);
    if (l == NULL)
        return err_set_state(e, ERR_INVAL, "22P02", "invalid input value for enum %s: \"%.*s\"",
                             t->ti.name, (int)(len > 200 ? 200 : len), s);
    *out = sql_null(type);
    out->null = false;
    out->u.i = l->oid;
    return 0;
}

int sql__enum_out(const struct sql_value *v, struct sbuf *out, struct err *e)
{
    const struct sql_enum_type *t = sql_enum_get(v->type);
    const struct sql_enum_label *l = t != NULL ? label_by_oid(t, (uint32_t)v->u.i, NULL) : NULL;
    if (l == NULL)
        return err_set_state(e, ERR_INTERNAL, "XX000", "invalid internal value for enum: %u",
                             (uint32_t)v->u.i);
    sbuf_puts(out, l->label);
    return 0;
}

int sql__enum_cmp(const struct sql_value *a, const struct sql_value *b)
{
    uint32_t x = (uint32_t)a->u.i, y = (uint32_t)b->u.i;
    if (x == y)
        return 0;
    const struct sql_enum_type *t = sql_enum_get(a->type);
    const struct sql_enum_label *la = t ? label_by_oid(t, x, NULL) : NULL;
    const struct sql_enum_label *lb = t ? label_by_oid(t, y, NULL) : NULL;
    if (la == NULL || lb == NULL)
        return x < y ? -1 : 1;
    return la->sortorder < lb->sortorder ? -1 : la->sortorder > lb->sortorder ? 1 : 0;
}

/* ---- records ---- */

static void encode(const struct sql_enum_type *t, struct sbuf *out)
{
    sbuf_putc(out, ENUM_FORMAT);
    sbuf_putc(out, 'e');
    sql__put32(out, t->ti.oid);
    sql__put32(out, t->version);
    sql__put32(out, t->schema_oid);
    sql__put32(out, t->ati.oid);
    sql__put_str(out, t->schema);
    sql__put_str(out, t->ti.name);
    sql__put_str(out, t->owner);
    sql__put16(out, (uint16_t)t->nlabels);
    for (int i = 0; i < t->nlabels; i++) {
        uint32_t bits;
        memcpy(&bits, &t->labels[i].sortorder, 4);
        sql__put32(out, t->labels[i].oid);
        sql__put32(out, bits);
        sql__put_str(out, t->labels[i].label);
    }
    sql__put_crc(out);
}

/* Decode an 'e' record into a new (unpublished) entry. */
static int decode(const uint8_t *p, size_t n, uint32_t oid, struct entry **out, struct err *e)
{
    if (n < 10 || !sql__crc_ok(p, n, ENUM_FORMAT) || p[1] != 'e')
        return sql__corrupt(e, "enum type", oid, "bad record");
    struct entry *ent = xcalloc(1, sizeof(*ent));
    ent->h.ctx = mem_ctx_new(NULL, "enum type");
    struct mem_ctx *ctx = ent->h.ctx;
    struct sql_enum_type *t = &ent->t;
    struct sql__rd r = {p, n - 4, 2, false};
    t->ti.oid = sql__rd32(&r);
    t->version = sql__rd32(&r);
    t->schema_oid = sql__rd32(&r);
    t->ati.oid = sql__rd32(&r);
    t->schema = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    char *name = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    t->owner = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    int nl = sql__rd16(&r);
    struct sql_enum_label *l = mem_alloc0(ctx, sizeof(*l) * (size_t)(nl ? nl : 1));
    for (int i = 0; i < nl && !r.bad; i++) {
        l[i].oid = sql__rd32(&r);
        uint32_t bits = sql__rd32(&r);
        memcpy(&l[i].sortorder, &bits, 4);
        l[i].label = sql__rd_str(&r, ctx, LABEL_MAX);
    }
    if (r.bad || r.o != r.n || t->ti.oid != oid) {
        mem_ctx_free(ctx);
        xfree(ent);
        return sql__corrupt(e, "enum type", oid, "bad record");
    }
    t->nlabels = nl;
    t->labels = l;
    t->ti.name = name;
    t->ti.sql_name = name;
    t->ti.typlen = 4;
    t->ti.category = 'E';
    t->ti.preferred = false;
    t->ti.array_oid = t->ati.oid;
    t->ti.byval = true;
    t->ti.align = 'i';
    t->ati.name = mem_printf(ctx, "_%s", name);
    t->ati.sql_name = mem_printf(ctx, "%s[]", name);
    t->ati.typlen = -1;
    t->ati.category = 'A';
    t->ati.array_oid = 0;
    t->ati.byval = false;
    t->ati.align = 'i';
    *out = ent;
    return 0;
}

static void build_aggs(struct sql_enum_type *t);

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

/* Read type oid's record through env and publish it; *out NULL when oid is
 * not an enum type. */
static int load(struct sql_env *env, uint32_t oid, const struct sql_enum_type **out, struct err *e)
{
    *out = NULL;
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = read_key(env, oid, &val, &vlen, &found, e);
    if (rc != 0 || !found)
        return rc;
    const uint8_t *p = val;
    if (vlen < 10 || p[1] != 'e')
        return 0;
    const struct sql_enum_type *cur = sql_enum_get(oid);
    if (cur != NULL && cur->version == sql__get32(p + 6)) {
        *out = cur;
        return 0;
    }
    struct entry *ent;
    if ((rc = decode(p, vlen, oid, &ent, e)) != 0)
        return rc;
    build_aggs(&ent->t);
    *out = reg_put(ent);
    return 0;
}

int sql__enum_load(struct sql_env *env, uint32_t oid, struct err *e)
{
    if (oid < SQL_FIRST_USER_OID)
        return 0;
    const struct sql_enum_type *t;
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    /* an array of an enum: its record points at the enum */
    int rc = read_key(env, oid, &val, &vlen, &found, e);
    if (rc != 0 || !found)
        return rc;
    const uint8_t *p = val;
    if (vlen == 10 && p[1] == 'E' && sql__crc_ok(p, vlen, ENUM_FORMAT))
        oid = sql__get32(p + 2);
    else if (vlen < 2 || p[1] != 'e')
        return 0;
    return load(env, oid, &t, e);
}

/* ---- name resolution ---- */

int sql_type_resolve_env(struct sql_env *env, const struct sql_typename *t, uint32_t *oid,
                         int32_t *typmod, int *serial, struct err *e)
{
    int rc = sql_type_resolve(t, oid, typmod, serial, e);
    if (rc == 0 || env == NULL || env->txn == NULL || rc != ERR_NOTFOUND ||
        strcmp(err_sqlstate(e), "42704") != 0 || t->name.catalog != NULL || t->name.name == NULL)
        return rc;
    struct err saved = *e;
    uint32_t to, ns;
    char kind;
    struct err le;
    err_clear(&le);
    /* the name record of any kind: an enum type's is 'e' */
    if (sql__find_rel(env, t->name.schema, t->name.name, &to, &kind, &ns, &le) != 0) {
        *e = le;
        return le.code;
    }
    if (to != 0 && kind == 'c') { /* a composite type (ctype.h) */
        err_clear(e);
        return sql__ctype_resolve(env, to, t, oid, typmod, serial, e);
    }
    const struct sql_enum_type *et = NULL;
    if (to != 0 && kind == 'e' && load(env, to, &et, &le) != 0) {
        *e = le;
        return le.code;
    }
    if (et == NULL) {
        *e = saved;
        return rc;
    }
    err_clear(e);
    if (t->typmods.n > 0)
        return err_set_state(e, ERR_INVAL, "42601", "type modifier is not allowed for type \"%s\"",
                             et->ti.name);
    *oid = t->array_dims > 0 ? et->ati.oid : et->ti.oid;
    *typmod = -1;
    if (serial)
        *serial = 0;
    return 0;
}

/* ---- DDL ---- */

const char *sql__enum_ddl_word(const struct sql_stmt *st)
{
    switch (st->u.type_ddl.op) {
    case 'c':
    case 'C':
        return "CREATE TYPE";
    case 'd':
        return "DROP TYPE";
    default:
        return "ALTER TYPE";
    }
}

static void qname_text(const struct sql_qname *q, char *buf, size_t n)
{
    if (q->schema != NULL)
        snprintf(buf, n, "%s.%s", q->schema, q->name);
    else
        snprintf(buf, n, "%s", q->name);
}

static int check_label(const char *l, struct err *e)
{
    if (strlen(l) > LABEL_MAX)
        return err_set_state(e, ERR_INVAL, "22023",
                             "invalid enum label \"%s\"" SQL_NUM_DETAIL_SEP
                             "Labels must be %d bytes or less.",
                             l, LABEL_MAX);
    return 0;
}

/* Store t (a mutable copy, version already bumped) and publish it. */
static int store(struct sql_env *env, const struct sql_enum_type *t, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_desc(&k, t->ti.oid);
    encode(t, &v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    struct entry *ent = NULL;
    if (rc == 0)
        rc = decode((const uint8_t *)v.data, v.len, t->ti.oid, &ent, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc != 0)
        return rc;
    build_aggs(&ent->t);
    reg_put(ent);
    return 0;
}

static int create_enum(struct sql_env *env, const struct sql_stmt *st, struct err *e)
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
    struct sbuf probe;
    sbuf_init(&probe);
    sbuf_printf(&probe, "%s", q->name);
    struct sql_typename tn = {0};
    tn.name.name = probe.data;
    tn.name.schema = NULL;
    uint32_t bo;
    int32_t btm;
    struct err be;
    err_clear(&be);
    bool builtin = q->schema == NULL && sql_type_resolve(&tn, &bo, &btm, NULL, &be) == 0 &&
                   (ns == SQL_NS_PG_CATALOG);
    sbuf_free(&probe);
    if (old != 0 || builtin)
        return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists", q->name);
    const struct sql_list *labels = &st->u.type_ddl.labels;
    if (labels->n > SQL_ENUM_MAX_LABELS)
        return err_set_state(e, ERR_LIMIT, "54000", "too many enum labels");
    struct sql_enum_type t = {0};
    uint32_t oid, aoid;
    if ((rc = sql__oid_alloc(env, &oid, e)) != 0 || (rc = sql__oid_alloc(env, &aoid, e)) != 0)
        return rc;
    struct sql_enum_label *l =
        mem_alloc0(env->stmt_ctx, sizeof(*l) * (size_t)(labels->n ? labels->n : 1));
    for (int i = 0; i < labels->n; i++) {
        const char *s = labels->items[i];
        if ((rc = check_label(s, e)) != 0)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(l[j].label, s) == 0)
                return err_set_state(e, ERR_EXISTS, "23505",
                                     "duplicate key value violates unique constraint "
                                     "\"pg_enum_typid_label_index\"" SQL_NUM_DETAIL_SEP
                                     "Key (enumtypid, enumlabel)=(%u, %s) already exists.",
                                     oid, s);
        l[i].label = s;
        l[i].sortorder = (float)(i + 1);
    }
    for (int i = 0; i < labels->n; i++)
        if ((rc = sql__oid_alloc(env, &l[i].oid, e)) != 0)
            return rc;
    t.ti.oid = oid;
    t.ti.name = q->name;
    t.ati.oid = aoid;
    t.version = 1;
    t.schema_oid = ns;
    t.schema = nsname;
    t.owner = env->user != NULL ? env->user : "";
    t.nlabels = labels->n;
    t.labels = l;
    if ((rc = sql__name_store(env, ns, q->name, 'e', oid, e)) != 0)
        return rc;
    /* the array type's record points at the enum */
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_desc(&k, aoid);
    sbuf_putc(&v, ENUM_FORMAT);
    sbuf_putc(&v, 'E');
    sql__put32(&v, oid);
    sql__put_crc(&v);
    rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc != 0)
        return rc;
    return store(env, &t, e);
}

/* The enum type q names (42704 when none; 42809 when it is another type). */
static int find_enum(struct sql_env *env, const struct sql_qname *q, bool missing_ok, bool for_drop,
                     const struct sql_enum_type **out, struct err *e)
{
    *out = NULL;
    uint32_t oid, ns;
    char kind;
    int rc = sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, e);
    if (rc != 0)
        return rc;
    if (oid != 0 && kind == 'e') {
        if ((rc = load(env, oid, out, e)) != 0)
            return rc;
        if (*out == NULL)
            return sql__corrupt(e, "enum type", oid, "names a missing record");
        return 0;
    }
    char buf[2 * SQL_NAME_BUF + 2];
    qname_text(q, buf, sizeof(buf));
    if (oid != 0 && for_drop && kind == 'c')
        return sql__ddl_unsupported(e, "DROP TYPE of enum and other types at once");
    if (oid != 0 && for_drop && kind != 'i')
        return err_set_state(e, ERR_BUSY, "2BP01",
                             "cannot drop type %s because %s %s requires it" SQL_FUNC_HINT_SEP
                             "You can drop %s %s instead.",
                             q->name,
                             kind == 'v'   ? "view"
                             : kind == 'S' ? "sequence"
                                           : "table",
                             q->name,
                             kind == 'v'   ? "view"
                             : kind == 'S' ? "sequence"
                                           : "table",
                             q->name);
    if (oid != 0 && kind != 'i')
        return err_set_state(e, ERR_INVAL, "42809", "%s is not an enum", buf);
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
            err_set_state(e, ERR_BUSY, "2BP01",
                          "cannot drop type %s because it is required by the database system",
                          fb.data);
        else
            err_set_state(e, ERR_INVAL, "42809", "%s is not an enum", fb.data);
        sbuf_free(&fb);
        return e->code;
    }
    if (missing_ok)
        return 0;
    return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s\" does not exist", buf);
}

/* A mutable copy of t in env->stmt_ctx with room for one more label. */
static struct sql_enum_type *copy_type(struct sql_env *env, const struct sql_enum_type *t)
{
    struct sql_enum_type *c = mem_alloc0(env->stmt_ctx, sizeof(*c));
    *c = *t;
    struct sql_enum_label *l = mem_alloc0(env->stmt_ctx, sizeof(*l) * (size_t)(t->nlabels + 1));
    memcpy(l, t->labels, sizeof(*l) * (size_t)t->nlabels);
    c->labels = l;
    c->version = t->version + 1;
    return c;
}

/* The position of label name in t (22023 when t has no such label). */
static int existing_label(const struct sql_enum_type *t, const char *name, int *pos, struct err *e)
{
    *pos = -1;
    for (int i = 0; i < t->nlabels; i++)
        if (strcmp(t->labels[i].label, name) == 0)
            *pos = i;
    if (*pos < 0)
        return err_set_state(e, ERR_INVAL, "22023", "\"%s\" is not an existing enum label", name);
    return 0;
}

static int add_value(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_enum_type *t;
    int rc = find_enum(env, st->u.type_ddl.names.items[0], false, false, &t, e);
    if (rc != 0)
        return rc;
    const char *val = st->u.type_ddl.value;
    if ((rc = check_label(val, e)) != 0)
        return rc;
    if (label_by_name(t, val, strlen(val)) != NULL) {
        if (st->u.type_ddl.if_exists)
            return sql__ddl_notice(env, "42710", "enum label \"%s\" already exists, skipping", val);
        return err_set_state(e, ERR_EXISTS, "42710", "enum label \"%s\" already exists", val);
    }
    if (t->nlabels >= SQL_ENUM_MAX_LABELS)
        return err_set_state(e, ERR_LIMIT, "54000", "too many enum labels");
    int pos = t->nlabels; /* insert before this position */
    const char *nb = st->u.type_ddl.neighbor;
    if (nb != NULL) {
        int np;
        if ((rc = existing_label(t, nb, &np, e)) != 0)
            return rc;
        pos = st->u.type_ddl.after ? np + 1 : np;
    }
    struct sql_enum_type *c = copy_type(env, t);
    struct sql_enum_label *l = (struct sql_enum_label *)c->labels;
    memmove(&l[pos + 1], &l[pos], sizeof(*l) * (size_t)(t->nlabels - pos));
    c->nlabels = t->nlabels + 1;
    if ((rc = sql__oid_alloc(env, &l[pos].oid, e)) != 0)
        return rc;
    l[pos].label = val;
    /* PostgreSQL's AddEnumLabel: one past the end, else halfway between
     * the neighbours (renumbering when float4 runs out of room). */
    if (pos == c->nlabels - 1)
        l[pos].sortorder = pos == 0 ? 1 : l[pos - 1].sortorder + 1;
    else if (pos == 0)
        l[pos].sortorder = l[1].sortorder - 1;
    else {
        float mid = (l[pos - 1].sortorder + l[pos + 1].sortorder) / 2;
        if (mid <= l[pos - 1].sortorder || mid >= l[pos + 1].sortorder) {
            if ((rc = sql__enum_key_renumber_check(env, t->ti.oid, e)) != 0)
                return rc;
            for (int i = 0; i < c->nlabels; i++)
                l[i].sortorder = (float)(i + 1);
        } else {
            l[pos].sortorder = mid;
        }
    }
    return store(env, c, e);
}

static int rename_value(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_enum_type *t;
    int rc = find_enum(env, st->u.type_ddl.names.items[0], false, false, &t, e);
    if (rc != 0)
        return rc;
    const char *from = st->u.type_ddl.value, *to = st->u.type_ddl.newname;
    if ((rc = check_label(to, e)) != 0)
        return rc;
    int pos;
    if ((rc = existing_label(t, from, &pos, e)) != 0)
        return rc;
    if (label_by_name(t, to, strlen(to)) != NULL)
        return err_set_state(e, ERR_EXISTS, "42710", "enum label \"%s\" already exists", to);
    struct sql_enum_type *c = copy_type(env, t);
    ((struct sql_enum_label *)c->labels)[pos].label = to;
    return store(env, c, e);
}

static int rename_type(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_enum_type *t;
    int rc = find_enum(env, st->u.type_ddl.names.items[0], false, false, &t, e);
    if (rc != 0)
        return rc;
    const char *to = st->u.type_ddl.newname;
    if (strlen(to) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", to);
    uint32_t old;
    char kind;
    if ((rc = sql__name_lookup(env, t->schema_oid, to, &old, &kind, e)) != 0)
        return rc;
    if (old != 0)
        return err_set_state(e, ERR_EXISTS, "42710", "type \"%s\" already exists in schema \"%s\"",
                             to, t->schema);
    struct sql_enum_type *c = copy_type(env, t);
    c->ti.name = to;
    if ((rc = sql__name_delete(env, t->schema_oid, t->ti.name, e)) != 0 ||
        (rc = sql__name_store(env, t->schema_oid, to, 'e', t->ti.oid, e)) != 0)
        return rc;
    return store(env, c, e);
}

int sql__enum_set_owner(struct sql_env *env, uint32_t oid, const char *owner, struct err *e)
{
    const struct sql_enum_type *t;
    int rc = load(env, oid, &t, e);
    if (rc != 0)
        return rc;
    if (t == NULL)
        return sql__corrupt(e, "enum type", oid, "names a missing record");
    if ((rc = sql__acl_check_owner(env, t->owner, "type", t->ti.name, e)) != 0 ||
        (rc = sql__acl_owner_to(env, 0, 0, t->schema, t->owner, owner, e)) != 0)
        return rc; /* acl.h: the owner's, a member of the new owner */
    struct sql_enum_type *c = copy_type(env, t);
    c->owner = owner;
    return store(env, c, e);
}

/* ALTER TYPE ... SET SCHEMA of an enum type (ddl_set_schema.c). */
static int set_schema(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_qname *q = st->u.type_ddl.names.items[0];
    uint32_t oid, ns;
    char kind;
    int rc = sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, e);
    if (rc != 0)
        return rc;
    if (oid != 0 && (kind == 'r' || kind == 'v' || kind == 'S'))
        return err_set_state(e, ERR_INVAL, "42809",
                             "%s is a table's row type\nHINT:  Use ALTER TABLE instead.", q->name);
    const struct sql_enum_type *t;
    if ((rc = find_enum(env, q, false, false, &t, e)) != 0)
        return rc;
    uint32_t to;
    if ((rc = sql__type_set_schema(env, t->ti.oid, 'e', t->ti.name, t->schema_oid,
                                   st->u.type_ddl.newname, &to, e)) != 0)
        return rc;
    if (to == t->schema_oid)
        return 0;
    struct sql_enum_type *c = copy_type(env, t);
    c->schema_oid = to;
    c->schema = st->u.type_ddl.newname;
    return store(env, c, e);
}

/* Columns of tables and views using type oid (or its array), as
 * PostgreSQL's DETAIL lines. */
static int dependents(struct sql_env *env, const struct sql_enum_type *t, struct sbuf *out, int *n,
                      struct err *e)
{
    const struct sql_table_desc **tabs;
    size_t nt;
    *n = 0;
    int rc = sql_cat_list_tables(env, &tabs, &nt, e);
    if (rc != 0)
        return rc;
    /* PostgreSQL reaches the array type's dependents first (it is an
     * internal dependency of the enum) */
    for (int pass = 0; pass < 2; pass++) {
        uint32_t want = pass == 0 ? t->ati.oid : t->ti.oid;
        if (pass == 1 &&
            (rc = sql__domain_dependents_of_base(env, t->ti.oid, t->ti.name, out, n, e)) != 0)
            return rc;
        for (size_t i = 0; i < nt; i++) {
            for (int j = 0; j < tabs[i]->ncols; j++) {
                const struct sql_col_desc *c = &tabs[i]->cols[j];
                if (c->type != want || c->domain != 0)
                    continue;
                if (*n > 0)
                    sbuf_putc(out, '\n');
                if (tabs[i]->kind == 'v')
                    sbuf_printf(out, "view %s depends on type %s%s", tabs[i]->name, t->ti.name,
                                pass == 0 ? "[]" : "");
                else
                    sbuf_printf(out, "column %s of table %s depends on type %s%s", c->name,
                                tabs[i]->name, t->ti.name, pass == 0 ? "[]" : "");
                (*n)++;
                if (tabs[i]->kind == 'v')
                    break; /* one line per view */
            }
        }
    }
    return 0;
}

/* PostgreSQL's NOTICE of a DROP ... CASCADE: "drop cascades to x" per
 * "x depends on ..." line of deps. */
static int cascade_notice(struct sql_env *env, const char *deps, int n)
{
    if (env->notice == NULL || n == 0)
        return 0;
    struct sbuf b;
    sbuf_init(&b);
    for (const char *p = deps; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        const char *dep = strstr(p, " depends on ");
        if (b.len > 0)
            sbuf_putc(&b, '\n');
        sbuf_puts(&b, "drop cascades to ");
        sbuf_append(&b, p, dep != NULL && dep < p + len ? (size_t)(dep - p) : len);
        p = nl != NULL ? nl + 1 : NULL;
    }
    char msg[64];
    struct sql_notice nt = {.severity = "NOTICE", .sqlstate = "00000", .message = msg};
    if (n == 1) {
        nt.message = b.data;
    } else {
        snprintf(msg, sizeof msg, "drop cascades to %d other objects", n);
        nt.detail = b.data;
    }
    int rc = env->notice(env->notice_arg, &nt);
    sbuf_free(&b);
    return rc;
}

static int drop_types(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_list *names = &st->u.type_ddl.names;
    for (int i = 0; i < names->n; i++) {
        const struct sql_qname *q = names->items[i];
        const struct sql_enum_type *t;
        int rc = find_enum(env, q, st->u.type_ddl.if_exists, true, &t, e);
        if (rc != 0)
            return rc;
        if (t == NULL) {
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
        rc = dependents(env, t, &deps, &nd, e);
        if (rc == 0 && nd > 0) {
            if (st->u.type_ddl.behavior == SQL_DROP_CASCADE) {
                uint32_t oids[2] = {t->ati.oid, t->ti.oid};
                bool handled = false;
                struct sbuf dd;
                sbuf_init(&dd);
                int ndd = 0;
                rc = sql__domain_dependents_of_base(env, t->ti.oid, t->ti.name, &dd, &ndd, e);
                sbuf_free(&dd);
                if (rc == 0 && ndd > 0) { /* domains over it (domain.h) */
                    rc = sql__domain_cascade_base(env, t->ti.oid, oids, 2, &handled, e);
                    if (rc == 0 && handled)
                        rc = cascade_notice(env, deps.data, nd);
                } else if (rc == 0) {
                    rc = sql__type_cascade_columns(env, oids, 2, &handled, e);
                }
                if (rc == 0 && !handled)
                    rc = sql__ddl_unsupported(e, "DROP TYPE ... CASCADE of a type views use");
            } else if (names->n > 1)
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
                                   t->ti.name, deps.data);
        }
        sbuf_free(&deps);
        if (rc != 0)
            return rc;
        struct sbuf k;
        sbuf_init(&k);
        sql__key_desc(&k, t->ti.oid);
        rc = sql__cat_del(env, k.data, k.len, e);
        sbuf_reset(&k);
        sql__key_desc(&k, t->ati.oid);
        if (rc == 0)
            rc = sql__cat_del(env, k.data, k.len, e);
        sbuf_free(&k);
        if (rc == 0)
            rc = sql__name_delete(env, t->schema_oid, t->ti.name, e);
        if (rc != 0)
            return rc;
        oidreg_remove(&reg, t->ti.oid);
    }
    return 0;
}

int sql__enum_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    sbuf_puts(tag, sql__enum_ddl_word(st));
    switch (st->u.type_ddl.op) {
    case 'c':
        return create_enum(env, st, e);
    case 'a':
        return add_value(env, st, e);
    case 'v':
        return rename_value(env, st, e);
    case 'n':
        return rename_type(env, st, e);
    case 'S':
        return set_schema(env, st, e);
    case 'd':
        return drop_types(env, st, e);
    default:
        return err_set(e, ERR_INTERNAL, "bad type DDL");
    }
}

/* ---- pg_type, pg_enum ---- */

/* Every enum type of the database, loaded. */
/* load() for sql__cat_list_loaded */
static int load_any(struct sql_env *env, uint32_t oid, const void **obj, struct err *e)
{
    const struct sql_enum_type *t = NULL;
    int rc = load(env, oid, &t, e);
    *obj = t;
    return rc;
}

static int list_enums(struct sql_env *env, const struct sql_enum_type ***out, size_t *n,
                      struct err *e)
{
    return sql__cat_list_loaded(env, 'e', load_any, (const void ***)out, n, e);
}

int sql__enum_list(struct sql_env *env, const struct sql_enum_type ***out, size_t *n, struct err *e)
{
    return list_enums(env, out, n, e);
}

static void type_row(struct sql__vrows *r, const struct sql_enum_type *t, bool array)
{
    sql__vr_row(r);
    sql__vr_int(r, "oid", array ? t->ati.oid : t->ti.oid);
    sql__vr_str(r, "typname", array ? t->ati.name : t->ti.name);
    sql__vr_int(r, "typnamespace", t->schema_oid);
    sql__vr_int(r, "typowner", sql__pgcat_role_oid(t->owner));
    sql__vr_int(r, "typlen", array ? -1 : 4);
    sql__vr_bool(r, "typbyval", !array);
    sql__vr_char(r, "typtype", array ? 'b' : 'e');
    sql__vr_char(r, "typcategory", array ? 'A' : 'E');
    sql__vr_bool(r, "typispreferred", false);
    sql__vr_bool(r, "typisdefined", true);
    sql__vr_char(r, "typdelim", ',');
    sql__vr_int(r, "typrelid", 0);
    sql__vr_int(r, "typsubscript", 0);
    sql__vr_int(r, "typelem", array ? t->ti.oid : 0);
    sql__vr_int(r, "typarray", array ? 0 : t->ati.oid);
    {
        struct sql_typio io = sql_typio_for(array ? 'A' : 'e', 0);
        sql__vr_int(r, "typinput", io.in);
        sql__vr_int(r, "typoutput", io.out);
        sql__vr_int(r, "typreceive", io.recv);
        sql__vr_int(r, "typsend", io.send);
    }
    sql__vr_int(r, "typmodin", 0);
    sql__vr_int(r, "typmodout", 0);
    sql__vr_int(r, "typanalyze", 0);
    sql__vr_char(r, "typalign", 'i');
    sql__vr_char(r, "typstorage", array ? 'x' : 'p');
    sql__vr_bool(r, "typnotnull", false);
    sql__vr_int(r, "typbasetype", 0);
    sql__vr_int(r, "typtypmod", -1);
    sql__vr_int(r, "typndims", 0);
    sql__vr_int(r, "typcollation", 0);
}

int sql__enum_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    const struct sql_enum_type **v;
    size_t n;
    int rc = list_enums(env, &v, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        type_row(r, v[i], false);
        type_row(r, v[i], true);
    }
    return 0;
}

int sql__pgcat_enum(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                    size_t *nrows, struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, "pg_enum")->desc, ctx);
    const struct sql_enum_type **v;
    size_t n;
    int rc = list_enums(env, &v, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < v[i]->nlabels; j++) {
            sql__vr_row(&r);
            sql__vr_int(&r, "oid", v[i]->labels[j].oid);
            sql__vr_int(&r, "enumtypid", v[i]->ti.oid);
            sql__vr_float(&r, "enumsortorder", v[i]->labels[j].sortorder);
            sql__vr_str(&r, "enumlabel", v[i]->labels[j].label);
        }
    }
    sql__vr_done(&r, rows, nrows);
    return 0;
}

/* ---- operators, functions, aggregates ---- */

static int op_result(struct sql_fcall *c, const struct sql_value *a, struct sql_value *out)
{
    int r = sql__enum_cmp(&a[0], &a[1]);
    const char *nm = c->match->def->name;
    bool b = strcmp(nm, "=") == 0    ? r == 0
             : strcmp(nm, "<>") == 0 ? r != 0
             : strcmp(nm, "<") == 0  ? r < 0
             : strcmp(nm, ">") == 0  ? r > 0
             : strcmp(nm, "<=") == 0 ? r <= 0
                                     : r >= 0;
    *out = sql_bool(b);
    return 0;
}

static int fn_op(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    (void)n;
    (void)e;
    return op_result(c, a, out);
}

static const struct sql_func_def enum_ops[] = {
    {"=", 3508, 2, false, {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT}, SQL_T_BOOL, fn_op, true, 'i'},
    {"<>", 3509, 2, false, {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT}, SQL_T_BOOL, fn_op, true, 'i'},
    {"<", 3510, 2, false, {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT}, SQL_T_BOOL, fn_op, true, 'i'},
    {">", 3511, 2, false, {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT}, SQL_T_BOOL, fn_op, true, 'i'},
    {"<=", 3512, 2, false, {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT}, SQL_T_BOOL, fn_op, true, 'i'},
    {">=", 3513, 2, false, {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT}, SQL_T_BOOL, fn_op, true, 'i'},
};

bool sql__enum_oper(const char *name, uint32_t ltype, uint32_t rtype, struct sql_func_match *out)
{
    if (ltype == SQL_T_INVALID)
        return false;
    uint32_t t = ltype == SQL_T_UNKNOWN ? rtype : ltype;
    if (sql_enum_get(t) == NULL || (ltype != t && ltype != SQL_T_UNKNOWN) ||
        (rtype != t && rtype != SQL_T_UNKNOWN))
        return false;
    for (size_t i = 0; i < sizeof(enum_ops) / sizeof(enum_ops[0]); i++) {
        if (strcmp(enum_ops[i].name, name) != 0)
            continue;
        memset(out, 0, sizeof(*out));
        out->def = &enum_ops[i];
        out->nargs = 2;
        out->argtypes[0] = out->argtypes[1] = t;
        out->ret = SQL_T_BOOL;
        out->ret_typmod = -1;
        return true;
    }
    return false;
}

static const struct sql_enum_type *arg_type(struct sql_fcall *c, struct err *e)
{
    const struct sql_enum_type *t = sql_enum_get(c->match->argtypes[0]);
    if (t == NULL)
        err_set_state(e, ERR_INTERNAL, "XX000", "cache lookup failed for type %u",
                      c->match->argtypes[0]);
    return t;
}

static struct sql_value label_value(const struct sql_enum_type *t, int i)
{
    struct sql_value v = sql_null(t->ti.oid);
    v.null = false;
    v.u.i = t->labels[i].oid;
    return v;
}

static int fn_first_last(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    const struct sql_enum_type *t = arg_type(c, e);
    if (t == NULL)
        return e->code;
    if (t->nlabels == 0)
        return err_set_state(e, ERR_INVAL, "55000", "enum %s contains no values", t->ti.name);
    bool last = strcmp(c->match->def->name, "enum_last") == 0;
    *out = label_value(t, last ? t->nlabels - 1 : 0);
    return 0;
}

static int fn_range(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    const struct sql_enum_type *t = arg_type(c, e);
    if (t == NULL)
        return e->code;
    int lo = 0, hi = t->nlabels - 1;
    if (n == 2) {
        if (!a[0].null && label_by_oid(t, (uint32_t)a[0].u.i, &lo) == NULL)
            return err_set_state(e, ERR_INTERNAL, "XX000", "invalid internal value for enum: %u",
                                 (uint32_t)a[0].u.i);
        if (!a[1].null && label_by_oid(t, (uint32_t)a[1].u.i, &hi) == NULL)
            return err_set_state(e, ERR_INTERNAL, "XX000", "invalid internal value for enum: %u",
                                 (uint32_t)a[1].u.i);
    }
    int cnt = hi >= lo ? hi - lo + 1 : 0;
    struct sql_array *arr = sql_array_new(c->ctx, t->ti.oid, cnt);
    for (int i = 0; i < cnt; i++)
        arr->items[i] = label_value(t, lo + i);
    *out = sql_array_value(arr);
    return 0;
}

static const struct sql_func_def enum_funcs[] = {
    {"enum_first",
     3528,
     1,
     false,
     {SQL_FT_ANYELEMENT},
     SQL_FT_ANYELEMENT,
     fn_first_last,
     false,
     's'},
    {"enum_last",
     3529,
     1,
     false,
     {SQL_FT_ANYELEMENT},
     SQL_FT_ANYELEMENT,
     fn_first_last,
     false,
     's'},
    {"enum_range", 3531, 1, false, {SQL_FT_ANYELEMENT}, SQL_T_ANY, fn_range, false, 's'},
    {"enum_range",
     3530,
     2,
     false,
     {SQL_FT_ANYELEMENT, SQL_FT_ANYELEMENT},
     SQL_T_ANY,
     fn_range,
     false,
     's'},
};

bool sql__enum_func(const char *name, const uint32_t *argtypes, int nargs,
                    struct sql_func_match *out)
{
    if (nargs < 1 || nargs > 2)
        return false;
    uint32_t t = argtypes[0] == SQL_T_UNKNOWN && nargs == 2 ? argtypes[1] : argtypes[0];
    const struct sql_enum_type *et = sql_enum_get(t);
    if (et == NULL)
        return false;
    for (int i = 0; i < nargs; i++)
        if (argtypes[i] != t && argtypes[i] != SQL_T_UNKNOWN)
            return false;
    for (size_t i = 0; i < sizeof(enum_funcs) / sizeof(enum_funcs[0]); i++) {
        if (strcmp(enum_funcs[i].name, name) != 0 || enum_funcs[i].nargs != nargs)
            continue;
        memset(out, 0, sizeof(*out));
        out->def = &enum_funcs[i];
        out->nargs = nargs;
        for (int k = 0; k < nargs; k++)
            out->argtypes[k] = t;
        out->ret = strcmp(name, "enum_range") == 0 ? et->ati.oid : t;
        out->ret_typmod = -1;
        return true;
    }
    return false;
}

struct st_minmax {
    bool has;
    struct sql_value v;
};

static void mm_init(void *st, struct mem_ctx *ctx)
{
    (void)st;
    (void)ctx;
}

static int mm_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, bool max)
{
    (void)ctx;
    struct st_minmax *s = st;
    if (!s->has) {
        s->v = *v;
        s->has = true;
        return 0;
    }
    int r = sql__enum_cmp(v, &s->v);
    if (max ? r > 0 : r < 0)
        s->v = *v;
    return 0;
}

static int min_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)e;
    return mm_step(st, ctx, v, false);
}

static int max_step(void *st, struct mem_ctx *ctx, const struct sql_value *v, struct err *e)
{
    (void)e;
    return mm_step(st, ctx, v, true);
}

static int mm_final(void *st, struct mem_ctx *ctx, struct sql_value *out, struct err *e)
{
    (void)ctx;
    (void)e;
    struct st_minmax *s = st;
    if (s->has)
        *out = s->v;
    else
        *out = sql_null(0);
    return 0;
}

static void build_aggs(struct sql_enum_type *t)
{
    for (int i = 0; i < 2; i++) {
        struct sql_agg_def *a = &t->aggs[i];
        memset(a, 0, sizeof(*a));
        a->name = i == 0 ? "min" : "max";
        a->arg = t->ti.oid;
        a->ret = t->ti.oid;
        a->state_size = sizeof(struct st_minmax);
        a->init = mm_init;
        a->step = i == 0 ? min_step : max_step;
        a->final = mm_final;
    }
}

const struct sql_agg_def *sql__enum_agg(const char *name, uint32_t argtype)
{
    const struct sql_enum_type *t = sql_enum_get(argtype);
    if (t == NULL)
        return NULL;
    if (strcmp(name, "min") == 0)
        return &t->aggs[0];
    if (strcmp(name, "max") == 0)
        return &t->aggs[1];
    return NULL;
}
