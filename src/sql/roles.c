/* roles.c — the role and database catalog in kv system keys (formats in
 * sql.h). Read at connect time by pgwire's authentication, written by
 * `shardforge init` and by CREATE/ALTER/DROP ROLE and CREATE/DROP DATABASE
 * (the sql__*_txn functions, in the statement's transaction).
 *
 * Database record, version 2 (SQL_DB_FORMAT), replacing sql.h's version 1
 * (which is still read, with oid SQL_BOOTSTRAP_DB_OID):
 *     OFFSET  SIZE  MEANING
 *     0       1     version = 2
 *     1       4     database oid, BE
 *     5       2     name length N
 *     7       N     name
 *     7+N     2     owner length O
 *     9+N     O     owner role name
 *     9+N+O   4     CRC-32C of bytes [0, 9+N+O)
 */
#include "sql/sql.h"

#include "sql/catalog_int.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "kv/kv.h"

#include <stdio.h>
#include <string.h>

#define KEY_ROLE     'R'
#define KEY_DATABASE 'D'

static size_t make_key(char kind, const char *name, uint8_t *key)
{
    size_t n = strlen(name);
    key[0] = 0x01;
    key[1] = (uint8_t)kind;
    memcpy(key + 2, name, n);
    return n + 2;
}

static void put16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static size_t get16(const uint8_t *p)
{
    return ((size_t)p[0] << 8) | p[1];
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static int check_name(const char *what, const char *name, struct err *err)
{
    size_t n = strlen(name);
    if (n == 0 || n > SQL_NAME_MAX)
        return err_set_state(err, ERR_INVAL, "42602", "invalid %s name \"%s\"", what, name);
    return 0;
}

/* Encode a role record into buf (size SQL_NAME_MAX + SQL_SECRET_MAX + 16). */
static size_t role_encode(const struct sql_role *r, uint8_t *buf)
{
    size_t n = strlen(r->name), s = strlen(r->secret), o = 0;
    buf[o++] = SQL_CATALOG_VERSION;
    buf[o++] = (uint8_t)((r->superuser ? 1 : 0) | (r->login ? 2 : 0) | (r->noinherit ? 4 : 0));
    put16(buf + o, n);
    o += 2;
    memcpy(buf + o, r->name, n);
    o += n;
    put16(buf + o, s);
    o += 2;
    memcpy(buf + o, r->secret, s);
    o += s;
    put32(buf + o, crc32c(0, buf, o));
    return o + 4;
}

static int corrupt(struct err *err, char kind, const char *name, const char *why)
{
    return err_set(err, ERR_CORRUPT, "catalog: %s record \"%s\": %s",
                   kind == KEY_ROLE ? "role" : "database", name, why);
}

static int role_decode(const uint8_t *p, size_t len, const char *key_name, struct sql_role *r,
                       struct err *err)
{
    memset(r, 0, sizeof(*r));
    if (len < 1 + 1 + 2 + 2 + 4)
        return corrupt(err, KEY_ROLE, key_name, "too short");
    if (crc32c(0, p, len - 4) != get32(p + len - 4))
        return corrupt(err, KEY_ROLE, key_name, "checksum mismatch");
    if (p[0] != SQL_CATALOG_VERSION)
        return corrupt(err, KEY_ROLE, key_name, "unknown version");
    r->superuser = (p[1] & 1) != 0;
    r->login = (p[1] & 2) != 0;
    r->noinherit = (p[1] & 4) != 0;
    size_t o = 2, n = get16(p + o);
    o += 2;
    if (n == 0 || n > SQL_NAME_MAX || o + n + 2 + 4 > len)
        return corrupt(err, KEY_ROLE, key_name, "bad name length");
    memcpy(r->name, p + o, n);
    o += n;
    size_t s = get16(p + o);
    o += 2;
    if (s > SQL_SECRET_MAX || o + s + 4 != len)
        return corrupt(err, KEY_ROLE, key_name, "bad secret length");
    memcpy(r->secret, p + o, s);
    if (strcmp(r->name, key_name) != 0)
        return corrupt(err, KEY_ROLE, key_name, "name does not match its key");
    return 0;
}

/* Read one catalog value in a read-only transaction. */
static int cat_get(struct kv *kv, char kind, const char *name, struct mem_ctx *ctx, void **val,
                   size_t *vlen, bool *found, struct err *err)
{
    uint8_t key[SQL_NAME_MAX + 2];
    struct kv_txn *t;
    size_t klen = make_key(kind, name, key);
    int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, true, &t, err);
    if (rc != 0)
        return err_prefix(err, "catalog");
    rc = kv_txn_get(t, key, klen, ctx, val, vlen, found, err);
    kv_txn_rollback(t);
    return rc != 0 ? err_prefix(err, "catalog") : 0;
}

int sql_role_get(struct kv *kv, const char *name, struct sql_role *out, bool *found,
                 struct err *err)
{
    *found = false;
    if (strlen(name) == 0 || strlen(name) > SQL_NAME_MAX)
        return 0;                     /* no such role can exist */
    if (sql__role_predefined(name)) { /* sql__role_get_txn's */
        memset(out, 0, sizeof *out);
        snprintf(out->name, sizeof out->name, "%s", name);
        *found = true;
        return 0;
    }
    struct mem_ctx *ctx = mem_ctx_new(NULL, "role");
    void *val = NULL;
    size_t vlen = 0;
    int rc = cat_get(kv, KEY_ROLE, name, ctx, &val, &vlen, found, err);
    if (rc == 0 && *found)
        rc = role_decode(val, vlen, name, out, err);
    if (rc != 0)
        *found = false;
    mem_ctx_free(ctx);
    return rc;
}

static size_t db_encode(uint32_t oid, const char *db, const char *owner, uint8_t *buf)
{
    size_t n = strlen(db), on = strlen(owner), o = 0;
    buf[o++] = SQL_DB_FORMAT;
    put32(buf + o, oid);
    o += 4;
    put16(buf + o, n);
    o += 2;
    memcpy(buf + o, db, n);
    o += n;
    put16(buf + o, on);
    o += 2;
    memcpy(buf + o, owner, on);
    o += on;
    put32(buf + o, crc32c(0, buf, o));
    return o + 4;
}

static int db_decode(const uint8_t *p, size_t vlen, const char *name, struct sql_db_desc *d,
                     struct err *err)
{
    memset(d, 0, sizeof(*d));
    size_t nl = strlen(name);
    if (vlen < 1 + 2 + 2 + 4 || crc32c(0, p, vlen - 4) != get32(p + vlen - 4))
        return corrupt(err, KEY_DATABASE, name, "checksum mismatch");
    size_t o = 1;
    if (p[0] == SQL_DB_FORMAT) {
        if (vlen < 1 + 4 + 2 + 2 + 4)
            return corrupt(err, KEY_DATABASE, name, "too short");
        d->oid = get32(p + 1);
        o = 5;
    } else if (p[0] == SQL_CATALOG_VERSION) {
        d->oid = SQL_BOOTSTRAP_DB_OID;
    } else {
        return corrupt(err, KEY_DATABASE, name, "unknown version");
    }
    if (get16(p + o) != nl || o + 2 + nl + 2 + 4 > vlen || memcmp(p + o + 2, name, nl) != 0)
        return corrupt(err, KEY_DATABASE, name, "name mismatch");
    o += 2 + nl;
    size_t on = get16(p + o);
    o += 2;
    if (on == 0 || on > SQL_NAME_MAX || o + on + 4 != vlen)
        return corrupt(err, KEY_DATABASE, name, "bad owner length");
    memcpy(d->owner, p + o, on);
    memcpy(d->name, name, nl);
    return 0;
}

static int put_records(struct kv *kv, const struct sql_role *role, const char *db,
                       const char *owner, uint32_t db_oid, struct err *err)
{
    uint8_t key[SQL_NAME_MAX + 2];
    uint8_t buf[SQL_NAME_MAX * 2 + SQL_SECRET_MAX + 32];
    struct kv_txn *t;
    int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, false, &t, err);
    if (rc != 0)
        return err_prefix(err, "catalog");
    if (role != NULL) {
        size_t klen = make_key(KEY_ROLE, role->name, key);
        size_t vlen = role_encode(role, buf);
        rc = kv_txn_put(t, key, klen, buf, vlen, err);
    }
    if (rc == 0 && db != NULL) {
        size_t o = db_encode(db_oid, db, owner, buf);
        size_t klen = make_key(KEY_DATABASE, db, key);
        rc = kv_txn_put(t, key, klen, buf, o, err);
    }
    if (rc != 0) {
        kv_txn_rollback(t);
        return err_prefix(err, "catalog");
    }
    rc = kv_txn_commit(t, err);
    return rc != 0 ? err_prefix(err, "catalog: commit") : 0;
}

int sql_role_put(struct kv *kv, const struct sql_role *r, struct err *err)
{
    int rc = check_name("role", r->name, err);
    if (rc != 0)
        return rc;
    if (strlen(r->secret) > SQL_SECRET_MAX)
        return err_set(err, ERR_LIMIT, "password secret too long");
    return put_records(kv, r, NULL, NULL, 0, err);
}

int sql_database_exists(struct kv *kv, const char *name, bool *found, struct err *err)
{
    *found = false;
    if (strlen(name) == 0 || strlen(name) > SQL_NAME_MAX)
        return 0;
    struct mem_ctx *ctx = mem_ctx_new(NULL, "database");
    void *val = NULL;
    size_t vlen = 0;
    int rc = cat_get(kv, KEY_DATABASE, name, ctx, &val, &vlen, found, err);
    if (rc == 0 && *found) {
        struct sql_db_desc d;
        rc = db_decode(val, vlen, name, &d, err);
        if (rc != 0)
            *found = false;
    }
    mem_ctx_free(ctx);
    return rc;
}

int sql_database_put(struct kv *kv, const char *name, const char *owner, struct err *err)
{
    int rc = check_name("database", name, err);
    if (rc == 0)
        rc = check_name("role", owner, err);
    uint32_t oid = 0;
    if (rc == 0)
        rc = sql__oid_alloc_kv(kv, NULL, &oid, err);
    return rc != 0 ? rc : put_records(kv, NULL, name, owner, oid, err);
}

int sql_catalog_empty(struct kv *kv, bool *empty, struct err *err)
{
    static const uint8_t start[2] = {0x01, KEY_ROLE}, end[2] = {0x01, KEY_ROLE + 1};
    struct kv_txn *t;
    struct kv_iter *it;
    bool has = false;
    int rc = kv_txn_begin(kv, KV_ISO_READ_COMMITTED, true, &t, err);
    if (rc != 0)
        return err_prefix(err, "catalog");
    struct kv_scan sc = {.start = start, .start_len = 2, .end = end, .end_len = 2, .limit = 1};
    rc = kv_txn_scan(t, &sc, &it, err);
    if (rc == 0) {
        rc = kv_iter_next(it, &has, err);
        kv_iter_free(it);
    }
    kv_txn_rollback(t);
    *empty = !has;
    return rc != 0 ? err_prefix(err, "catalog") : 0;
}

int sql_catalog_bootstrap(struct kv *kv, const char *user, const char *secret, const char *database,
                          struct err *err)
{
    struct sql_role r;
    memset(&r, 0, sizeof(r));
    int rc = check_name("role", user, err);
    if (rc == 0)
        rc = check_name("database", database, err);
    if (rc != 0)
        return rc;
    if (secret != NULL && strlen(secret) > SQL_SECRET_MAX)
        return err_set(err, ERR_LIMIT, "password secret too long");
    snprintf(r.name, sizeof(r.name), "%s", user);
    snprintf(r.secret, sizeof(r.secret), "%s", secret ? secret : "");
    r.superuser = true;
    r.login = true;
    /* The database gets PostgreSQL's "postgres" oid; its schemas public,
     * pg_catalog and information_schema exist without being stored. */
    rc = put_records(kv, &r, database, user, SQL_BOOTSTRAP_DB_OID, err);
    /* Tools connect to "postgres" as the maintenance database (createdb,
     * Django's test runner, pgAdmin), so it exists as on PostgreSQL. */
    if (rc == 0 && strcmp(database, "postgres") != 0)
        rc = sql_database_put(kv, "postgres", user, err);
    return rc;
}

/* ---- in a given transaction (DDL) ---- */

/* PostgreSQL 15's predefined roles: they exist without a record (NOLOGIN,
 * no password), so they can be granted; pg_read_all_data and
 * pg_write_all_data carry their privileges (acl.c), the others none here. */
static const char *const predefined[] = {
    "pg_checkpoint",       "pg_database_owner",    "pg_execute_server_program",
    "pg_monitor",          "pg_read_all_data",     "pg_read_all_settings",
    "pg_read_all_stats",   "pg_read_server_files", "pg_signal_backend",
    "pg_stat_scan_tables", "pg_write_all_data",    "pg_write_server_files",
};

bool sql__role_predefined(const char *name)
{
    for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++)
        if (strcmp(predefined[i], name) == 0)
            return true;
    return false;
}

int sql__role_get_txn(struct kv_txn *t, struct mem_ctx *ctx, const char *name, struct sql_role *out,
                      bool *found, struct err *e)
{
    *found = false;
    if (strlen(name) == 0 || strlen(name) > SQL_NAME_MAX)
        return 0;
    if (sql__role_predefined(name)) {
        memset(out, 0, sizeof *out);
        snprintf(out->name, sizeof out->name, "%s", name);
        *found = true;
        return 0;
    }
    uint8_t key[SQL_NAME_MAX + 2];
    size_t klen = make_key(KEY_ROLE, name, key);
    void *val = NULL;
    size_t vlen = 0;
    int rc = kv_txn_get(t, key, klen, ctx, &val, &vlen, found, e);
    if (rc != 0)
        return err_prefix(e, "catalog");
    if (*found) {
        rc = role_decode(val, vlen, name, out, e);
        if (rc != 0)
            *found = false;
    }
    return rc;
}

int sql__role_put_txn(struct kv_txn *t, const struct sql_role *r, struct err *e)
{
    uint8_t key[SQL_NAME_MAX + 2];
    uint8_t buf[SQL_NAME_MAX * 2 + SQL_SECRET_MAX + 32];
    int rc = check_name("role", r->name, e);
    if (rc != 0)
        return rc;
    if (strlen(r->secret) > SQL_SECRET_MAX)
        return err_set(e, ERR_LIMIT, "password secret too long");
    size_t klen = make_key(KEY_ROLE, r->name, key);
    size_t vlen = role_encode(r, buf);
    rc = kv_txn_put(t, key, klen, buf, vlen, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

int sql__role_del_txn(struct kv_txn *t, const char *name, struct err *e)
{
    uint8_t key[SQL_NAME_MAX + 2];
    if (strlen(name) > SQL_NAME_MAX)
        return 0;
    size_t klen = make_key(KEY_ROLE, name, key);
    int rc = kv_txn_delete(t, key, klen, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

/* Visit every record of one kind. */
static int scan_kind(struct kv_txn *t, char kind,
                     int (*fn)(void *arg, const char *name, const uint8_t *v, size_t vl,
                               struct err *e),
                     void *arg, struct err *e)
{
    uint8_t start[2] = {0x01, (uint8_t)kind}, end[2] = {0x01, (uint8_t)(kind + 1)};
    struct kv_iter *it;
    struct kv_scan sc = {.start = start, .start_len = 2, .end = end, .end_len = 2};
    int rc = kv_txn_scan(t, &sc, &it, e);
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
        char name[SQL_NAME_MAX + 1];
        if (kl < 3 || kl - 2 > SQL_NAME_MAX) {
            rc = err_set(e, ERR_CORRUPT, "catalog: bad %c key", kind);
            break;
        }
        memcpy(name, k + 2, kl - 2);
        name[kl - 2] = 0;
        rc = fn(arg, name, v, vl, e);
        if (rc != 0)
            break;
    }
    kv_iter_free(it);
    return rc;
}

struct role_list {
    struct mem_ctx *ctx;
    struct sql_role *v;
    size_t n, cap;
};

static int role_list_cb(void *arg, const char *name, const uint8_t *v, size_t vl, struct err *e)
{
    struct role_list *l = arg;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        l->v = mem_realloc(l->ctx, l->v, l->cap * sizeof(*l->v), nc * sizeof(*l->v));
        l->cap = nc;
    }
    int rc = role_decode(v, vl, name, &l->v[l->n], e);
    if (rc == 0)
        l->n++;
    return rc;
}

int sql__role_list_txn(struct kv_txn *t, struct mem_ctx *ctx, struct sql_role **out, size_t *n,
                       struct err *e)
{
    struct role_list l = {.ctx = ctx};
    int rc = scan_kind(t, KEY_ROLE, role_list_cb, &l, e);
    *out = l.v;
    *n = rc == 0 ? l.n : 0;
    return rc;
}

int sql__db_get_txn(struct kv_txn *t, struct mem_ctx *ctx, const char *name,
                    struct sql_db_desc *out, bool *found, struct err *e)
{
    *found = false;
    if (strlen(name) == 0 || strlen(name) > SQL_NAME_MAX)
        return 0;
    uint8_t key[SQL_NAME_MAX + 2];
    size_t klen = make_key(KEY_DATABASE, name, key);
    void *val = NULL;
    size_t vlen = 0;
    int rc = kv_txn_get(t, key, klen, ctx, &val, &vlen, found, e);
    if (rc != 0)
        return err_prefix(e, "catalog");
    if (*found) {
        rc = db_decode(val, vlen, name, out, e);
        if (rc != 0)
            *found = false;
    }
    return rc;
}

int sql__db_put_txn(struct kv_txn *t, const struct sql_db_desc *d, struct err *e)
{
    uint8_t key[SQL_NAME_MAX + 2];
    uint8_t buf[SQL_NAME_MAX * 2 + 32];
    int rc = check_name("database", d->name, e);
    if (rc == 0)
        rc = check_name("role", d->owner, e);
    if (rc != 0)
        return rc;
    size_t klen = make_key(KEY_DATABASE, d->name, key);
    size_t vlen = db_encode(d->oid, d->name, d->owner, buf);
    rc = kv_txn_put(t, key, klen, buf, vlen, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

int sql__db_del_txn(struct kv_txn *t, const char *name, struct err *e)
{
    uint8_t key[SQL_NAME_MAX + 2];
    if (strlen(name) > SQL_NAME_MAX)
        return 0;
    size_t klen = make_key(KEY_DATABASE, name, key);
    int rc = kv_txn_delete(t, key, klen, e);
    return rc != 0 ? err_prefix(e, "catalog") : 0;
}

struct db_list {
    struct mem_ctx *ctx;
    struct sql_db_desc *v;
    size_t n, cap;
};

static int db_list_cb(void *arg, const char *name, const uint8_t *v, size_t vl, struct err *e)
{
    struct db_list *l = arg;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        l->v = mem_realloc(l->ctx, l->v, l->cap * sizeof(*l->v), nc * sizeof(*l->v));
        l->cap = nc;
    }
    int rc = db_decode(v, vl, name, &l->v[l->n], e);
    if (rc == 0)
        l->n++;
    return rc;
}

int sql__db_list_txn(struct kv_txn *t, struct mem_ctx *ctx, struct sql_db_desc **out, size_t *n,
                     struct err *e)
{
    struct db_list l = {.ctx = ctx};
    int rc = scan_kind(t, KEY_DATABASE, db_list_cb, &l, e);
    *out = l.v;
    *n = rc == 0 ? l.n : 0;
    return rc;
}
