/* acl.c — access control lists, role membership and privilege checks
 * (formats and contract in acl.h). PostgreSQL 15 references:
 * utils/adt/acl.c (aclitemout, acldefault, aclmask, has_privs_of_role),
 * catalog/aclchk.c (aclcheck_error wording).
 *
 * Superusers pass every check without reading anything: the existing
 * superuser-only workloads pay nothing for privileges.
 */
#include "sql/acl.h"

#include "sql/catalog.h"
#include "sql/catalog_int.h"
#include "sql/env.h"
#include "sql/sql.h"
#include "sql/value.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"

#include <ctype.h>
#include <string.h>

static const char letters[SQL_ACL_NBITS + 1] = "arwdDxtXUCTc";

char sql__acl_letter(int bit)
{
    return bit >= 0 && bit < SQL_ACL_NBITS ? letters[bit] : '?';
}

uint32_t sql__acl_all(char objtype)
{
    switch (objtype) {
    case 'r':
        return SQL_ACL_INSERT | SQL_ACL_SELECT | SQL_ACL_UPDATE | SQL_ACL_DELETE |
               SQL_ACL_TRUNCATE | SQL_ACL_REFERENCES | SQL_ACL_TRIGGER;
    case 'S':
        return SQL_ACL_USAGE | SQL_ACL_SELECT | SQL_ACL_UPDATE;
    case 'n':
        return SQL_ACL_USAGE | SQL_ACL_CREATE;
    case 'd':
        return SQL_ACL_CREATE | SQL_ACL_TEMP | SQL_ACL_CONNECT;
    case 'f':
        return SQL_ACL_EXECUTE;
    case 'l': /* language, type, foreign-data wrapper, foreign server ('V') */
    case 'T':
    case 'F':
    case 'V':
        return SQL_ACL_USAGE;
    case 'L': /* large object */
        return SQL_ACL_SELECT | SQL_ACL_UPDATE;
    case 't': /* tablespace */
        return SQL_ACL_CREATE;
    default:
        return 0;
    }
}

void sql__acl_default(char objtype, const char *owner, struct mem_ctx *ctx, struct sql_acl *out)
{
    out->items = mem_alloc0(ctx, sizeof *out->items * 2);
    out->n = 0;
    uint32_t pub = objtype == 'd'                     ? SQL_ACL_CONNECT | SQL_ACL_TEMP
                   : objtype == 'f'                   ? SQL_ACL_EXECUTE
                   : objtype == 'l' || objtype == 'T' ? SQL_ACL_USAGE
                                                      : 0;
    if (pub != 0) /* PostgreSQL's acldefault puts PUBLIC first */
        out->items[out->n++] =
            (struct sql_aclitem){.grantee = "", .grantor = owner, .privs = pub, .goptions = 0};
    uint32_t all = sql__acl_all(objtype);
    out->items[out->n++] =
        (struct sql_aclitem){.grantee = owner, .grantor = owner, .privs = all, .goptions = 0};
}

/* 0x01 'a' <objtype> <oid BE32> [<attnum BE16> for objtype 'c', a column] */
static size_t acl_key_col(char objtype, uint32_t oid, int attnum, uint8_t *k)
{
    k[0] = 0x01;
    k[1] = 'a';
    k[2] = (uint8_t)objtype;
    k[3] = (uint8_t)(oid >> 24);
    k[4] = (uint8_t)(oid >> 16);
    k[5] = (uint8_t)(oid >> 8);
    k[6] = (uint8_t)oid;
    if (objtype != 'c')
        return 7;
    k[7] = (uint8_t)((unsigned)attnum >> 8);
    k[8] = (uint8_t)attnum;
    return 9;
}

static void put16(struct sbuf *b, size_t v)
{
    uint8_t p[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(b, p, 2);
}

static void put32(struct sbuf *b, uint32_t v)
{
    uint8_t p[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(b, p, 4);
}

static void putstr(struct sbuf *b, const char *s)
{
    size_t n = strlen(s);
    put16(b, n);
    sbuf_append(b, s, n);
}

static uint32_t get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* A bounded reader over one record. */
struct rd {
    const uint8_t *p;
    size_t len, o;
    bool bad;
};

static const char *rd_str(struct rd *r, struct mem_ctx *ctx)
{
    if (r->bad || r->o + 2 > r->len) {
        r->bad = true;
        return "";
    }
    size_t n = ((size_t)r->p[r->o] << 8) | r->p[r->o + 1];
    r->o += 2;
    if (n > SQL_NAME_MAX || r->o + n > r->len) {
        r->bad = true;
        return "";
    }
    char *s = mem_strndup(ctx, (const char *)r->p + r->o, n);
    r->o += n;
    return s;
}

static uint32_t rd_u32(struct rd *r)
{
    if (r->bad || r->o + 4 > r->len) {
        r->bad = true;
        return 0;
    }
    uint32_t v = get32(r->p + r->o);
    r->o += 4;
    return v;
}

static int acl_decode(const uint8_t *p, size_t len, char objtype, uint32_t oid, struct mem_ctx *ctx,
                      struct sql_acl *out, struct err *e)
{
    if (len < 1 + 2 + 4 || crc32c(0, p, len - 4) != get32(p + len - 4) || p[0] != SQL_ACL_FORMAT)
        return err_set(e, ERR_CORRUPT, "catalog: ACL record %c %u: bad record", objtype, oid);
    struct rd r = {.p = p, .len = len - 4, .o = 3};
    size_t n = ((size_t)p[1] << 8) | p[2];
    if (n > SQL_ACL_MAX)
        return err_set(e, ERR_CORRUPT, "catalog: ACL record %c %u: too many items", objtype, oid);
    out->n = (int)n;
    out->items = mem_alloc0(ctx, sizeof *out->items * (n + 1));
    for (size_t i = 0; i < n; i++) {
        out->items[i].grantee = rd_str(&r, ctx);
        out->items[i].grantor = rd_str(&r, ctx);
        out->items[i].privs = rd_u32(&r);
        out->items[i].goptions = rd_u32(&r);
    }
    if (r.bad || r.o != r.len)
        return err_set(e, ERR_CORRUPT, "catalog: ACL record %c %u: bad lengths", objtype, oid);
    return 0;
}

static int acl_load(struct sql_env *env, char objtype, uint32_t oid, int attnum,
                    struct mem_ctx *ctx, struct sql_acl **out, struct err *e)
{
    *out = NULL;
    uint8_t k[10];
    size_t kl = acl_key_col(objtype, oid, attnum, k);
    void *v = NULL;
    size_t vl = 0;
    bool found = false;
    int rc = sql__cat_get(env, k, kl, ctx, &v, &vl, &found, e);
    if (rc != 0 || !found)
        return rc;
    struct sql_acl *a = mem_alloc0(ctx, sizeof *a);
    rc = acl_decode(v, vl, objtype, oid, ctx, a, e);
    if (rc == 0)
        *out = a;
    return rc;
}

int sql__acl_load(struct sql_env *env, char objtype, uint32_t oid, struct mem_ctx *ctx,
                  struct sql_acl **out, struct err *e)
{
    return acl_load(env, objtype, oid, 0, ctx, out, e);
}

int sql__acl_col_load(struct sql_env *env, uint32_t oid, int attnum, struct mem_ctx *ctx,
                      struct sql_acl **out, struct err *e)
{
    return acl_load(env, 'c', oid, attnum, ctx, out, e);
}

int sql__acl_get(struct sql_env *env, char objtype, uint32_t oid, const char *owner,
                 const char *name, struct mem_ctx *ctx, struct sql_acl *out, struct err *e)
{
    struct sql_acl *a;
    int rc = sql__acl_load(env, objtype, oid, ctx, &a, e);
    if (rc != 0)
        return rc;
    if (a != NULL) {
        *out = *a;
        return 0;
    }
    sql__acl_default(objtype, owner, ctx, out);
    if (objtype == 'n' && name != NULL && strcmp(name, "public") == 0) {
        /* PostgreSQL 15: owner UC, PUBLIC U (the owner is pg_database_owner there) */
        struct sql_aclitem *it = mem_alloc0(ctx, sizeof *it * 2);
        it[0] = out->items[0];
        it[1] = (struct sql_aclitem){
            .grantee = "", .grantor = owner, .privs = SQL_ACL_USAGE, .goptions = 0};
        out->items = it;
        out->n = 2;
    }
    return 0;
}

static int acl_store(struct sql_env *env, char objtype, uint32_t oid, int attnum,
                     const struct sql_acl *acl, struct err *e)
{
    if (acl->n > SQL_ACL_MAX)
        return err_set_state(e, ERR_LIMIT, "54000", "too many privileges on one object");
    struct sbuf b;
    sbuf_init(&b);
    sbuf_putc(&b, SQL_ACL_FORMAT);
    put16(&b, (size_t)acl->n);
    for (int i = 0; i < acl->n; i++) {
        putstr(&b, acl->items[i].grantee);
        putstr(&b, acl->items[i].grantor);
        put32(&b, acl->items[i].privs);
        put32(&b, acl->items[i].goptions);
    }
    put32(&b, crc32c(0, b.data, b.len));
    uint8_t k[10];
    size_t kl = acl_key_col(objtype, oid, attnum, k);
    int rc = sql__cat_put(env, k, kl, b.data, b.len, e);
    sbuf_free(&b);
    return rc;
}

int sql__acl_store(struct sql_env *env, char objtype, uint32_t oid, const struct sql_acl *acl,
                   struct err *e)
{
    return acl_store(env, objtype, oid, 0, acl, e);
}

int sql__acl_col_store(struct sql_env *env, uint32_t oid, int attnum, const struct sql_acl *acl,
                       struct err *e)
{
    return acl_store(env, 'c', oid, attnum, acl, e);
}

const char *sql__acl_column(struct sql_env *env, char objtype, uint32_t oid, struct mem_ctx *ctx)
{
    return sql__acl_column_att(env, objtype, oid, 0, ctx);
}

const char *sql__acl_column_att(struct sql_env *env, char objtype, uint32_t oid, int attnum,
                                struct mem_ctx *ctx)
{
    struct sql_acl *a = NULL;
    struct err e;
    err_clear(&e);
    if (acl_load(env, objtype, oid, attnum, ctx, &a, &e) != 0 || a == NULL ||
        (objtype == 'c' && a->n == 0))
        return NULL; /* a damaged record shows as NULL here; checks report it */
    struct sbuf b;
    sbuf_init(&b);
    sql__acl_text(a, &b);
    const char *s = mem_strdup(ctx, b.data);
    sbuf_free(&b);
    return s;
}

/* PostgreSQL's putid: a name that needs quoting is double-quoted. */
static void put_role(struct sbuf *b, const char *s)
{
    bool safe = s[0] != '\0';
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            safe = false;
    if (safe) {
        sbuf_puts(b, s);
        return;
    }
    sbuf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sbuf_putc(b, '"');
        sbuf_putc(b, *p);
    }
    sbuf_putc(b, '"');
}

void sql__aclitem_text(const struct sql_aclitem *it, struct sbuf *b)
{
    if (it->grantee[0] != '\0')
        put_role(b, it->grantee);
    sbuf_putc(b, '=');
    for (int i = 0; i < SQL_ACL_NBITS; i++) {
        if (it->privs & (1u << i))
            sbuf_putc(b, letters[i]);
        if (it->goptions & (1u << i))
            sbuf_putc(b, '*');
    }
    sbuf_putc(b, '/');
    put_role(b, it->grantor);
}

void sql__acl_text(const struct sql_acl *acl, struct sbuf *b)
{
    sbuf_putc(b, '{');
    for (int i = 0; i < acl->n; i++) {
        if (i > 0)
            sbuf_putc(b, ',');
        struct sbuf t;
        sbuf_init(&t);
        sql__aclitem_text(&acl->items[i], &t);
        /* array element quoting: an item holding '"' or ',' is quoted */
        bool q = strpbrk(t.data, "\",{} \\") != NULL;
        if (q) {
            sbuf_putc(b, '"');
            for (const char *p = t.data; *p; p++) {
                if (*p == '"' || *p == '\\')
                    sbuf_putc(b, '\\');
                sbuf_putc(b, *p);
            }
            sbuf_putc(b, '"');
        } else {
            sbuf_puts(b, t.data);
        }
        sbuf_free(&t);
    }
    sbuf_putc(b, '}');
}

/* PostgreSQL's getid: a role name, maybe double-quoted. */
static const char *get_id(const char *s, struct mem_ctx *ctx, char *out, size_t cap, bool *ok)
{
    size_t n = 0;
    bool inq = false;
    *ok = true;
    while (isspace((unsigned char)*s))
        s++;
    for (; *s; s++) {
        if (!inq && (isalnum((unsigned char)*s) || *s == '_' || (unsigned char)*s >= 0x80)) {
        } else if (*s == '"') {
            if (inq && s[1] == '"') {
                s++;
            } else {
                inq = !inq;
                continue;
            }
        } else if (!inq) {
            break;
        }
        if (n + 1 >= cap) {
            *ok = false;
            return s;
        }
        out[n++] = *s;
    }
    out[n] = '\0';
    (void)ctx;
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

int sql__aclitem_parse(const char *s, struct mem_ctx *ctx, struct sql_aclitem *it, struct err *e)
{
    char name[SQL_NAME_MAX + 2];
    bool ok;
    memset(it, 0, sizeof *it);
    const char *p = get_id(s, ctx, name, sizeof name, &ok);
    if (!ok)
        return err_set_state(e, ERR_INVAL, "22P02", "identifier too long");
    if (*p != '=')
        return err_set_state(e, ERR_INVAL, "22P02",
                             name[0] ? "missing \"=\" sign" : "unrecognized key word: \"%s\"", p);
    it->grantee = mem_strdup(ctx, name);
    p++;
    for (; *p && *p != '/' && !isspace((unsigned char)*p); p++) {
        if (*p == '*') {
            if (p == s)
                continue;
            for (int i = SQL_ACL_NBITS - 1; i >= 0; i--)
                if (letters[i] == p[-1]) {
                    it->goptions |= 1u << i;
                    break;
                }
            continue;
        }
        const char *l = strchr(letters, *p);
        if (l == NULL)
            return err_set_state(e, ERR_INVAL, "22P02",
                                 "invalid mode character: must be one of \"%s\"", letters);
        it->privs |= 1u << (l - letters);
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '/') {
        p = get_id(p + 1, ctx, name, sizeof name, &ok);
        if (!ok)
            return err_set_state(e, ERR_INVAL, "22P02", "identifier too long");
        if (name[0] == '\0')
            return err_set_state(e, ERR_INVAL, "22P02", "a name must follow the \"/\" sign");
        it->grantor = mem_strdup(ctx, name);
    } else {
        it->grantor = SQL_DEFAULT_NAME; /* PostgreSQL: the bootstrap superuser */
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0')
        return err_set_state(e, ERR_INVAL, "22P02",
                             "extra garbage at the end of the ACL specification");
    return 0;
}

/* ---- roles ---- */

int sql__acl_role_super(struct sql_env *env, const char *role, bool *super, struct err *e)
{
    *super = false;
    if (env->user != NULL && strcmp(role, env->user) == 0) {
        *super = env->superuser;
        return 0;
    }
    struct sql_role r;
    bool found = false;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl role");
    int rc = env->txn != NULL ? sql__role_get_txn(env->txn, ctx, role, &r, &found, e)
                              : sql_role_get(env->kv, role, &r, &found, e);
    mem_ctx_free(ctx);
    if (rc == 0 && found)
        *super = r.superuser;
    return rc;
}

struct rolelist {
    const char **v;
    bool *inherit;
    int n, cap;
};

static bool rl_has(const struct rolelist *l, const char *r)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i], r) == 0)
            return true;
    return false;
}

static void rl_add(struct rolelist *l, struct mem_ctx *ctx, const char *r)
{
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 8;
        l->v = mem_realloc(ctx, l->v, sizeof *l->v * (size_t)l->cap, sizeof *l->v * (size_t)nc);
        l->cap = nc;
    }
    l->v[l->n++] = mem_strdup(ctx, r);
}

int sql__acl_member_of_direct(struct sql_env *env, const char *member,
                              int (*fn)(void *arg, const char *role, bool admin,
                                        const char *grantor, struct err *e),
                              void *arg, struct err *e)
{
    if (env->txn == NULL)
        return 0;
    size_t ml = strlen(member);
    if (ml > SQL_NAME_MAX)
        return 0;
    uint8_t start[SQL_NAME_MAX + 4], end[SQL_NAME_MAX + 4];
    start[0] = end[0] = 0x01;
    start[1] = end[1] = 'M';
    memcpy(start + 2, member, ml);
    memcpy(end + 2, member, ml);
    start[2 + ml] = 0x00;
    end[2 + ml] = 0x01;
    struct kv_scan sc = {.start = start, .start_len = ml + 3, .end = end, .end_len = ml + 3};
    struct kv_iter *it;
    int rc = kv_txn_scan(env->txn, &sc, &it, e);
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
        if (kl <= ml + 3 || kl - ml - 3 > SQL_NAME_MAX || vl < 8 ||
            crc32c(0, v, vl - 4) != get32(v + vl - 4) || v[0] != SQL_ACL_FORMAT) {
            rc = err_set(e, ERR_CORRUPT, "catalog: bad membership record of \"%s\"", member);
            break;
        }
        char role[SQL_NAME_MAX + 1], grantor[SQL_NAME_MAX + 1];
        memcpy(role, k + ml + 3, kl - ml - 3);
        role[kl - ml - 3] = '\0';
        size_t gl = ((size_t)v[2] << 8) | v[3];
        if (gl > SQL_NAME_MAX || 4 + gl + 4 != vl) {
            rc = err_set(e, ERR_CORRUPT, "catalog: bad membership record of \"%s\"", member);
            break;
        }
        memcpy(grantor, v + 4, gl);
        grantor[gl] = '\0';
        rc = fn(arg, role, (v[1] & 1) != 0, grantor, e);
        if (rc != 0)
            break;
    }
    kv_iter_free(it);
    return rc;
}

struct closure {
    struct rolelist *l;
    struct mem_ctx *ctx;
};

static int closure_cb(void *arg, const char *role, bool admin, const char *grantor, struct err *e)
{
    (void)admin;
    (void)grantor;
    (void)e;
    struct closure *c = arg;
    if (!rl_has(c->l, role))
        rl_add(c->l, c->ctx, role);
    return 0;
}

/* Every role user belongs to, itself first (roles_is_member_of). inherit:
 * do not pass through roles whose INHERIT is off (their own membership
 * counts, not what they belong to). */
static int role_closure(struct sql_env *env, const char *user, bool inherit, struct mem_ctx *ctx,
                        struct rolelist *l, struct err *e)
{
    memset(l, 0, sizeof *l);
    rl_add(l, ctx, user);
    struct closure c = {.l = l, .ctx = ctx};
    for (int i = 0; i < l->n; i++) {
        if (inherit) { /* a NOINHERIT role does not pass on what it belongs to */
            struct sql_role r;
            bool found = false;
            int rc = sql__role_get_txn(env->txn, ctx, l->v[i], &r, &found, e);
            if (rc != 0)
                return rc;
            if (found && r.noinherit)
                continue;
        }
        int rc = sql__acl_member_of_direct(env, l->v[i], closure_cb, &c, e);
        if (rc != 0)
            return rc;
    }
    /* the database's owner is implicitly a member of pg_database_owner
     * (PostgreSQL 15: the owner of schema public) */
    if (env->database != NULL && env->txn != NULL) {
        struct sql_db_desc d;
        bool found = false;
        int rc = sql__db_get_txn(env->txn, ctx, env->database, &d, &found, e);
        if (rc != 0)
            return rc;
        if (found && rl_has(l, d.owner) && !rl_has(l, "pg_database_owner"))
            rl_add(l, ctx, "pg_database_owner");
    }
    return 0;
}

int sql__acl_has_privs_of(struct sql_env *env, const char *user, const char *role, bool *yes,
                          struct err *e)
{
    *yes = strcmp(user, role) == 0;
    if (*yes)
        return 0;
    bool super;
    int rc = sql__acl_role_super(env, user, &super, e);
    if (rc != 0 || super) {
        *yes = rc == 0;
        return rc;
    }
    if (env->txn == NULL)
        return 0;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl roles");
    struct rolelist l;
    rc = role_closure(env, user, true, ctx, &l, e);
    if (rc == 0)
        *yes = rl_has(&l, role);
    mem_ctx_free(ctx);
    return rc;
}

int sql__acl_is_member(struct sql_env *env, const char *user, const char *role, bool *yes,
                       struct err *e)
{
    *yes = strcmp(user, role) == 0;
    if (*yes)
        return 0;
    bool super;
    int rc = sql__acl_role_super(env, user, &super, e);
    if (rc != 0 || super) {
        *yes = rc == 0;
        return rc;
    }
    if (env->txn == NULL)
        return 0;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl roles");
    struct rolelist l;
    rc = role_closure(env, user, false, ctx, &l, e);
    if (rc == 0)
        *yes = rl_has(&l, role);
    mem_ctx_free(ctx);
    return rc;
}

struct admin_find {
    const char *role;
    bool found;
};

static int admin_cb(void *arg, const char *role, bool admin, const char *grantor, struct err *e)
{
    (void)grantor;
    (void)e;
    struct admin_find *a = arg;
    if (admin && strcmp(role, a->role) == 0)
        a->found = true;
    return 0;
}

int sql__acl_is_admin(struct sql_env *env, const char *user, const char *role, bool *yes,
                      struct err *e)
{
    bool super;
    int rc = sql__acl_role_super(env, user, &super, e);
    if (rc != 0 || super) {
        *yes = rc == 0;
        return rc;
    }
    *yes = false;
    if (env->txn == NULL)
        return 0;
    /* any role user is a member of (PostgreSQL 15: directly or not) holding ADMIN */
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl roles");
    struct rolelist l;
    rc = role_closure(env, user, false, ctx, &l, e);
    struct admin_find a = {.role = role};
    for (int i = 0; rc == 0 && i < l.n && !a.found; i++)
        rc = sql__acl_member_of_direct(env, l.v[i], admin_cb, &a, e);
    *yes = rc == 0 && a.found;
    mem_ctx_free(ctx);
    return rc;
}

/* ---- checks ---- */

/* The privileges of want that the items of acl give user (aclmask's loop). */
static int mask_items(struct sql_env *env, const char *user, const struct sql_acl *acl,
                      struct mem_ctx *ctx, uint32_t want, uint32_t *have, struct err *e)
{
    struct rolelist l = {0};
    bool closure = false;
    int rc = 0;
    for (int i = 0; i < acl->n && (*have & want) != want; i++) {
        const struct sql_aclitem *it = &acl->items[i];
        if ((it->privs & want & ~*have) == 0)
            continue;
        bool applies = it->grantee[0] == '\0' || strcmp(it->grantee, user) == 0;
        if (!applies) {
            if (!closure) {
                rc = role_closure(env, user, true, ctx, &l, e);
                closure = true;
                if (rc != 0)
                    break;
            }
            applies = rl_has(&l, it->grantee);
        }
        if (applies)
            *have |= it->privs & want;
    }
    return rc;
}

int sql__acl_mask(struct sql_env *env, const char *user, char objtype, uint32_t oid,
                  const char *owner, const char *name, uint32_t want, uint32_t *have, struct err *e)
{
    *have = 0;
    bool super;
    if (user == NULL) {
        user = env->user != NULL ? env->user : "";
        super = env->superuser;
    } else {
        int rc = sql__acl_role_super(env, user, &super, e);
        if (rc != 0)
            return rc;
    }
    if (super) {
        *have = want;
        return 0;
    }
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl check");
    struct sql_acl acl;
    int rc = sql__acl_get(env, objtype, oid, owner, name, ctx, &acl, e);
    if (rc == 0)
        rc = mask_items(env, user, &acl, ctx, want, have, e);
    mem_ctx_free(ctx);
    /* pg_read_all_data / pg_write_all_data (pg_class_aclmask, pg_namespace_aclmask) */
    uint32_t rd = objtype == 'n'                     ? SQL_ACL_USAGE
                  : objtype == 'r' || objtype == 'S' ? SQL_ACL_SELECT
                                                     : 0;
    uint32_t wr = objtype == 'n' ? SQL_ACL_USAGE
                  : objtype == 'r' || objtype == 'S'
                      ? SQL_ACL_INSERT | SQL_ACL_UPDATE | SQL_ACL_DELETE
                      : 0;
    bool yes = false;
    if (rc == 0 && (want & ~*have & rd) != 0 &&
        (rc = sql__acl_has_privs_of(env, user, "pg_read_all_data", &yes, e)) == 0 && yes)
        *have |= want & rd;
    if (rc == 0 && (want & ~*have & wr) != 0 &&
        (rc = sql__acl_has_privs_of(env, user, "pg_write_all_data", &yes, e)) == 0 && yes)
        *have |= want & wr;
    return rc;
}

int sql__acl_col_mask(struct sql_env *env, const char *user, uint32_t oid, int attnum,
                      uint32_t want, uint32_t *have, struct err *e)
{
    *have = 0;
    bool super;
    if (user == NULL) {
        user = env->user != NULL ? env->user : "";
        super = env->superuser;
    } else {
        int rc = sql__acl_role_super(env, user, &super, e);
        if (rc != 0)
            return rc;
    }
    if (super) {
        *have = want;
        return 0;
    }
    struct mem_ctx *ctx = mem_ctx_new(NULL, "acl check");
    struct sql_acl *acl;
    int rc = sql__acl_col_load(env, oid, attnum, ctx, &acl, e);
    if (rc == 0 && acl != NULL) /* a column's NULL ACL grants nothing */
        rc = mask_items(env, user, acl, ctx, want, have, e);
    mem_ctx_free(ctx);
    return rc;
}

int sql__acl_check(struct sql_env *env, const char *user, char objtype, uint32_t oid,
                   const char *owner, const char *kind, const char *name, uint32_t want, bool any,
                   struct err *e)
{
    if (user == NULL && env->superuser)
        return 0;
    uint32_t have;
    int rc = sql__acl_mask(env, user, objtype, oid, owner, name, want, &have, e);
    if (rc != 0)
        return rc;
    if (any ? (have & want) != 0 : have == want)
        return 0;
    return err_set_state(e, ERR_INVAL, "42501", "permission denied for %s %s", kind, name);
}

char sql__acl_reltype(const struct sql_table_desc *t)
{
    return t->kind == 'S' ? 'S' : 'r';
}

const char *sql__acl_relkind_word(const struct sql_table_desc *t)
{
    return t->kind == 'S'   ? "sequence"
           : t->kind == 'v' ? "view"
           : t->matview     ? "materialized view"
                            : "table";
}

int sql__acl_check_rel(struct sql_env *env, const struct sql_table_desc *t, uint32_t want,
                       struct err *e)
{
    if (env->superuser)
        return 0;
    return sql__acl_check(env, NULL, sql__acl_reltype(t), t->oid, t->owner,
                          sql__acl_relkind_word(t), t->name, want, false, e);
}

int sql__acl_check_owner(struct sql_env *env, const char *owner, const char *kind, const char *name,
                         struct err *e)
{
    if (env->superuser)
        return 0;
    bool yes;
    int rc = sql__acl_has_privs_of(env, env->user != NULL ? env->user : "", owner, &yes, e);
    if (rc != 0 || yes)
        return rc;
    return err_set_state(e, ERR_INVAL, "42501", "must be owner of %s %s", kind, name);
}

int sql__acl_check_schema(struct sql_env *env, const char *schema, uint32_t want, struct err *e)
{
    if (env->superuser || schema == NULL || strcmp(schema, "pg_catalog") == 0 ||
        strcmp(schema, "information_schema") == 0 || strncmp(schema, "pg_temp", 7) == 0)
        return 0;
    struct sql_schema_desc d;
    bool found = false;
    int rc = sql_cat_schema(env, schema, &d, &found, e);
    if (rc != 0 || !found)
        return rc;
    return sql__acl_check(env, NULL, 'n', d.oid, d.owner, "schema", d.name, want, false, e);
}

/* ---- what an error may show (ExecBuildSlotValueDescription) ---- */

/* Does the current user see column attnum of t (table or column SELECT)? */
static bool col_visible(struct sql_env *env, const struct sql_table_desc *t, int attnum,
                        bool table_select)
{
    if (table_select)
        return true;
    struct err e;
    err_clear(&e);
    uint32_t have = 0;
    return sql__acl_col_mask(env, NULL, t->oid, attnum, SQL_ACL_SELECT, &have, &e) == 0 &&
           have != 0;
}

static bool table_select(struct sql_env *env, const struct sql_table_desc *t)
{
    if (env->superuser || env->txn == NULL)
        return true;
    struct err e;
    err_clear(&e);
    uint32_t have = 0;
    return sql__acl_mask(env, NULL, 'r', t->oid, t->owner, t->name, SQL_ACL_SELECT, &have, &e) ==
               0 &&
           have != 0;
}

const char *sql__acl_failing_row(struct sql_env *env, const struct sql_table_desc *t,
                                 const struct sql_value *row, const char *full)
{
    struct mem_ctx *ctx = env->stmt_ctx;
    bool all = table_select(env, t);
    if (all)
        return mem_printf(ctx, "\nDETAIL:  Failing row contains (%s).", full);
    struct sbuf names, vals;
    sbuf_init(&names);
    sbuf_init(&vals);
    int n = 0;
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].hidden || !col_visible(env, t, t->cols[i].attnum, false))
            continue;
        if (n++ > 0) {
            sbuf_puts(&names, ", ");
            sbuf_puts(&vals, ", ");
        }
        sbuf_puts(&names, t->cols[i].name);
        struct err e2;
        err_clear(&e2);
        if (row[i].null || sql_value_out(&row[i], &env->fmt, &vals, &e2) != 0)
            sbuf_puts(&vals, row[i].null ? "null" : "?");
    }
    const char *r = n == 0 ? ""
                           : mem_printf(ctx, "\nDETAIL:  Failing row contains (%s) = (%s).",
                                        names.data, vals.data);
    sbuf_free(&names);
    sbuf_free(&vals);
    return r;
}

bool sql__acl_key_visible(struct sql_env *env, const struct sql_table_desc *t, const int *attnums,
                          int n)
{
    if (table_select(env, t))
        return true;
    for (int i = 0; i < n; i++)
        if (attnums[i] <= 0 || !col_visible(env, t, attnums[i], false))
            return false;
    return true;
}
