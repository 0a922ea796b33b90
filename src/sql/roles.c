/* roles.c — the role and database catalog in kv system keys (formats in
 * sql.h). Read at connect time by pgwire's authentication, written by
 * `shardforge init` (and, later, CREATE ROLE / CREATE DATABASE). */
#include "sql/sql.h"

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
    buf[o++] = (uint8_t)((r->superuser ? 1 : 0) | (r->login ? 2 : 0));
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
        return 0; /* no such role can exist */
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

static int put_records(struct kv *kv, const struct sql_role *role, const char *db,
                       const char *owner, struct err *err)
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
        size_t n = strlen(db), on = strlen(owner), o = 0;
        buf[o++] = SQL_CATALOG_VERSION;
        put16(buf + o, n);
        o += 2;
        memcpy(buf + o, db, n);
        o += n;
        put16(buf + o, on);
        o += 2;
        memcpy(buf + o, owner, on);
        o += on;
        put32(buf + o, crc32c(0, buf, o));
        o += 4;
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
    return put_records(kv, r, NULL, NULL, err);
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
        const uint8_t *p = val;
        if (vlen < 1 + 2 + 2 + 4 || crc32c(0, p, vlen - 4) != get32(p + vlen - 4) ||
            p[0] != SQL_CATALOG_VERSION || get16(p + 1) != strlen(name) ||
            memcmp(p + 3, name, strlen(name)) != 0) {
            *found = false;
            rc = corrupt(err, KEY_DATABASE, name, "checksum, version or name mismatch");
        }
    }
    mem_ctx_free(ctx);
    return rc;
}

int sql_database_put(struct kv *kv, const char *name, const char *owner, struct err *err)
{
    int rc = check_name("database", name, err);
    if (rc == 0)
        rc = check_name("role", owner, err);
    return rc != 0 ? rc : put_records(kv, NULL, name, owner, err);
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
    return put_records(kv, &r, database, user, err);
}
