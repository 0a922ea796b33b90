/* func_misc.c — session and system functions: version(), current_user and
 * friends, pg_backend_pid, pg_sleep (interruptible), set_config /
 * current_setting (settings.c through env.h), gen_random_uuid, pg_typeof,
 * and the sequence functions nextval / currval / setval / lastval
 * (catalog.h). The sequence functions take a regclass (an oid the binder
 * resolved) or, for an unknown literal, text that is parsed as a possibly
 * qualified, possibly quoted relation name, as regclassin does.
 */
#include "build_info.h"
#include "common/err.h"
#include "common/mem.h"
#include "sql/acl.h"
#include "sql/array.h"
#include "sql/catalog.h"
#include "sql/ctype.h"
#include "sql/env.h"
#include "sql/func_int.h"
#include "sql/rowtype.h"
#include "sql/session_int.h"
#include "sql/value_int.h"

#include <math.h>
#include <openssl/rand.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#define SF_HOST "x86_64-pc-linux-gnu"
#elif defined(__aarch64__)
#define SF_HOST "aarch64-unknown-linux-gnu"
#else
#define SF_HOST "unknown-linux-gnu"
#endif
#if defined(__clang__)
#define SF_CC "clang"
#else
#define SF_CC "gcc"
#endif

static void name_out(struct sql_fcall *c, const char *s, struct sql_value *out)
{
    sql__fn_text_out(c, s ? s : "", s ? strlen(s) : 0, out);
    out->type = SQL_T_NAME;
    if (!s)
        out->null = true;
}

int sql__fn_version(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    static const char v[] = "PostgreSQL " SF_PG_COMPAT " (ShardForge " SF_VERSION ") on " SF_HOST
                            ", compiled by " SF_CC;
    sql__fn_text_out(c, v, sizeof(v) - 1, out);
    return 0;
}

int sql__fn_current_user(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    name_out(c, c->env ? c->env->user : NULL, out);
    return 0;
}

int sql__fn_session_user(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    name_out(c, c->env ? (c->env->session_user ? c->env->session_user : c->env->user) : NULL, out);
    return 0;
}

int sql__fn_current_database(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    name_out(c, c->env ? c->env->database : NULL, out);
    return 0;
}

int sql__fn_current_schema(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    /* The first schema of the resolved search_path (NULL when empty). */
    const char *s = c->env && c->env->nsearch > 0 ? c->env->search_path[0] : NULL;
    name_out(c, s, out);
    return 0;
}

int sql__fn_pg_backend_pid(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INT4;
    out->u.i = c->env ? c->env->backend_pid : 0;
    return 0;
}

/* inet_client_addr(), inet_server_addr(): NULL on a Unix-domain socket. */
static int inet_endpoint_addr(struct sql_fcall *c, const char *addr, struct sql_value *out,
                              struct err *e)
{
    if (addr == NULL) {
        *out = sql_null(SQL_T_INET);
        return 0;
    }
    return sql_value_in(c->ctx, SQL_T_INET, -1, addr, strlen(addr), NULL, out, e);
}

static void inet_endpoint_port(const char *addr, int32_t port, struct sql_value *out)
{
    *out = sql_null(SQL_T_INT4);
    if (addr != NULL) {
        out->null = false;
        out->u.i = port;
    }
}

int sql__fn_inet_client_addr(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    return inet_endpoint_addr(c, c->env ? c->env->client_addr : NULL, out, e);
}

int sql__fn_inet_client_port(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    inet_endpoint_port(c->env ? c->env->client_addr : NULL, c->env ? c->env->client_port : -1, out);
    return 0;
}

int sql__fn_inet_server_addr(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    return inet_endpoint_addr(c, c->env ? c->env->server_addr : NULL, out, e);
}

int sql__fn_inet_server_port(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    inet_endpoint_port(c->env ? c->env->server_addr : NULL, c->env ? c->env->server_port : -1, out);
    return 0;
}

static void void_out(struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_VOID; /* not NULL: an empty value, as PostgreSQL's void */
}

/* pg_notify(channel, payload): NOTIFY with the channel and payload as values
 * (NULL channel: 22023 empty; NULL payload: ""). */
int sql__fn_pg_notify(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)n;
    if (c->env == NULL || c->env->sess == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "pg_notify outside a session");
    const char *ch = a[0].null ? NULL : mem_strndup(c->ctx, a[0].u.s.p, a[0].u.s.len);
    const char *pl = a[1].null ? NULL : mem_strndup(c->ctx, a[1].u.s.p, a[1].u.s.len);
    int rc = sql__session_notify(c->env->sess, ch, pl, e);
    if (rc == 0)
        void_out(out);
    return rc;
}

/* pg_listening_channels(): the channels, one row each (func_srf.c: a text[]
 * whose items are the rows). */
int sql__fn_pg_listening_channels(struct sql_fcall *c, const struct sql_value *a, int n,
                                  struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    const char **ch = NULL;
    size_t cnt = c->env != NULL && c->env->sess != NULL
                     ? sql__session_listening(c->env->sess, c->ctx, &ch)
                     : 0;
    struct sql_array *rows = sql_array_new(c->ctx, SQL_T_TEXT, (int)cnt);
    for (size_t i = 0; i < cnt; i++)
        rows->items[i] = sql_text(ch[i], strlen(ch[i]));
    if (cnt == 0)
        rows->ndim = 0;
    memset(out, 0, sizeof(*out));
    out->type = sql_array_of(SQL_T_TEXT);
    out->u.arr = rows;
    return 0;
}

int sql__fn_pg_sleep(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    double secs = a[0].u.f;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* Sleep in slices of at most 50 ms so cancel and statement_timeout act. */
    for (;;) {
        if (c->env) {
            int rc = sql_env_check_interrupts(c->env, e);
            if (rc < 0)
                return rc;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double done = (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
        double left = secs - done;
        if (!(left > 0)) /* also ends for NaN */
            break;
        double slice = left < 0.05 ? left : 0.05;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)(slice * 1e9)};
        nanosleep(&ts, NULL);
    }
    void_out(out);
    return 0;
}

static const char *arg_str(struct sql_fcall *c, const struct sql_value *v)
{
    return mem_strndup(c->ctx, v->u.s.p ? v->u.s.p : "", v->u.s.len);
}

int sql__fn_set_config(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    if (a[0].null)
        return err_set_state(e, ERR_INVAL, "22004", "SET requires parameter name");
    if (!c->env)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "set_config is not supported here");
    const char *name = arg_str(c, &a[0]);
    const char *val = a[1].null ? NULL : arg_str(c, &a[1]);
    bool local = !a[2].null && a[2].u.b;
    int rc = sql_setting_set(c->env, name, val, local, e);
    if (rc < 0)
        return rc;
    const char *now = NULL;
    rc = sql_setting_show(c->env, name, c->ctx, &now, e);
    if (rc < 0)
        return rc;
    sql__fn_text_out(c, now, strlen(now), out);
    return 0;
}

int sql__fn_current_setting(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    if (!c->env)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "current_setting is not supported here");
    const char *name = arg_str(c, &a[0]);
    bool missing_ok = n > 1 && a[1].u.b;
    const char *val = NULL;
    struct err tmp = {0};
    int rc = sql_setting_show(c->env, name, c->ctx, &val, &tmp);
    if (rc < 0) {
        if (missing_ok && strcmp(err_sqlstate(&tmp), "42704") == 0) {
            memset(out, 0, sizeof(*out));
            out->type = SQL_T_TEXT;
            out->null = true;
            return 0;
        }
        if (e)
            *e = tmp;
        return rc;
    }
    sql__fn_text_out(c, val, strlen(val), out);
    return 0;
}

int sql__fn_gen_random_uuid(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_UUID;
    if (RAND_bytes(out->u.uuid, 16) != 1)
        return err_set_state(e, ERR_INTERNAL, "XX000", "could not generate random values");
    out->u.uuid[6] = (uint8_t)((out->u.uuid[6] & 0x0F) | 0x40);
    out->u.uuid[8] = (uint8_t)((out->u.uuid[8] & 0x3F) | 0x80);
    return 0;
}

int sql__fn_pg_typeof(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    uint32_t t = c->match && c->match->nargs > 0 ? c->match->argtypes[0] : a[0].type;
    const struct sql_ctype *ct =
        t == SQL_T_RECORD ? sql__ctype_of_shape(sql__record_value_typmod(&a[0])) : NULL;
    if (ct != NULL) /* a composite type's value (ctype.h) */
        t = ct->oid;
    uint32_t rt = t == SQL_T_RECORD ? sql__rowtype_of_shape(sql__record_value_typmod(&a[0])) : 0;
    if (rt != 0) /* a relation's whole row (rowtype.h) */
        t = rt;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_REGTYPE;
    out->u.i = t;
    return 0;
}

/* ---- sequences ---- */

/* Split a relation name as regclassin does: dot-separated identifiers,
 * unquoted ones folded to lower case, "..." quoted ones kept ("" is a
 * quote). At most schema.name (a database prefix must be the current
 * database). */
static int parse_relname(struct sql_fcall *c, const struct sql_value *v, const char **schema,
                         const char **name, struct err *e)
{
    const char *s = v->u.s.p ? v->u.s.p : "";
    size_t len = v->u.s.len;
    const char *parts[3];
    int np = 0;
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        i++;
    for (;;) {
        char *buf = mem_alloc(c->ctx, len + 1);
        size_t bl = 0;
        if (i < len && s[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return err_set_state(e, ERR_INVAL, "22P02", "invalid name syntax");
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        buf[bl++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf[bl++] = s[i++];
            }
            if (bl == 0)
                return err_set_state(e, ERR_INVAL, "22P02", "invalid name syntax");
        } else {
            while (i < len && s[i] != '.' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') {
                char ch = s[i++];
                buf[bl++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
            }
            if (bl == 0)
                return err_set_state(e, ERR_INVAL, "22P02", "invalid name syntax");
        }
        buf[bl] = '\0';
        if (np == 3)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "improper relation name (too many dotted names): %.*s", (int)len,
                                 s);
        parts[np++] = buf;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
            i++;
        if (i >= len)
            break;
        if (s[i] != '.')
            return err_set_state(e, ERR_INVAL, "22P02", "invalid name syntax");
        i++;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
            i++;
    }
    if (np == 3 && c->env && c->env->database && strcmp(parts[0], c->env->database) != 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cross-database references are not implemented: %.*s", (int)len, s);
    *name = parts[np - 1];
    *schema = np >= 2 ? parts[np - 2] : NULL;
    return 0;
}

/* The sequence's oid from a regclass or text argument. */
static int seq_oid(struct sql_fcall *c, const struct sql_value *v, uint32_t *oid, struct err *e)
{
    if (!c->env)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "sequence functions are not supported here");
    if (v->type != SQL_T_TEXT && v->type != SQL_T_VARCHAR && v->type != SQL_T_UNKNOWN &&
        v->type != SQL_T_NAME && v->type != SQL_T_BPCHAR) {
        *oid = (uint32_t)v->u.i;
        return 0;
    }
    const char *schema = NULL, *name = NULL;
    int rc = parse_relname(c, v, &schema, &name, e);
    if (rc < 0)
        return rc;
    const struct sql_table_desc *t = NULL;
    rc = sql_cat_table(c->env, schema, name, &t, e);
    if (rc < 0)
        return rc;
    if (!t) {
        if (schema)
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist",
                                 schema, name);
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", name);
    }
    if (t->kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", t->name);
    *oid = t->oid;
    return 0;
}

/* The current user's privileges on the sequence (any one of want), as
 * PostgreSQL's nextval_internal / currval / setval check them. */
static int seq_acl(struct sql_fcall *c, uint32_t oid, uint32_t want, struct err *e)
{
    if (c->env->superuser)
        return 0;
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table_by_oid(c->env, oid, &t, e);
    if (rc != 0 || t == NULL)
        return rc;
    return sql__acl_check(c->env, NULL, 'S', t->oid, t->owner, "sequence", t->name, want, true, e);
}

static int int8_out(int rc, int64_t v, struct sql_value *out)
{
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_INT8;
    out->u.i = v;
    return 0;
}

int sql__fn_nextval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t oid;
    int64_t v = 0;
    int rc = seq_oid(c, &a[0], &oid, e);
    if (rc == 0)
        rc = seq_acl(c, oid, SQL_ACL_USAGE | SQL_ACL_UPDATE, e);
    if (rc == 0)
        rc = sql_seq_nextval(c->env, oid, &v, e);
    return int8_out(rc, v, out);
}

int sql__fn_currval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    uint32_t oid;
    int64_t v = 0;
    int rc = seq_oid(c, &a[0], &oid, e);
    if (rc == 0)
        rc = seq_acl(c, oid, SQL_ACL_USAGE | SQL_ACL_SELECT, e);
    if (rc == 0)
        rc = sql_seq_currval(c->env, oid, &v, e);
    return int8_out(rc, v, out);
}

int sql__fn_setval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    uint32_t oid;
    int64_t v = 0;
    int rc = seq_oid(c, &a[0], &oid, e);
    if (rc == 0)
        rc = seq_acl(c, oid, SQL_ACL_UPDATE, e);
    if (rc == 0)
        rc = sql_seq_setval(c->env, oid, a[1].u.i, n > 2 ? a[2].u.b : true, &v, e);
    return int8_out(rc, v, out);
}

int sql__fn_lastval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    int64_t v = 0;
    if (!c->env)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "lastval is not supported here");
    int rc = sql_seq_lastval(c->env, &v, e);
    return int8_out(rc, v, out);
}
