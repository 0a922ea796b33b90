/* sequence.c — sequences: CREATE SEQUENCE options (PostgreSQL's
 * init_params), the stored state (catalog_int.h), nextval / currval /
 * lastval / setval.
 *
 * nextval and setval are not transactional, as in PostgreSQL: each runs a
 * short kv transaction of its own that locks the state key, advances it and
 * commits, so a rolled-back caller never hands a value out twice. The
 * exception is a sequence whose state the caller's own transaction wrote
 * (created, restarted or dropped it in this transaction: the session
 * remembers those oids with the transaction's start timestamp): its state
 * key is locked by that transaction, so the update happens inside it —
 * which is also right, since rolling back removes the sequence or its
 * restart.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEQ_RETRIES      50
#define SQL__SEQ_OWN_MAX 64

static struct sql__sess *sess_get(struct sql_env *env)
{
    return sql__sess(env);
}

static void own_add(struct sql_env *env, uint32_t oid)
{
    struct sql__sess *s = sess_get(env);
    uint64_t ts = kv_txn_start_ts(env->txn);
    if (s->own_ts != ts) {
        s->own_ts = ts;
        s->nown = 0;
    }
    if (s->nown < SQL__SEQ_OWN_MAX)
        s->own[s->nown++] = oid;
}

static bool own_has(struct sql_env *env, uint32_t oid)
{
    struct sql__sess *s = env->seq_state;
    if (s == NULL || s->own_ts != kv_txn_start_ts(env->txn))
        return false;
    for (int i = 0; i < s->nown; i++)
        if (s->own[i] == oid)
            return true;
    /* More than SQL__SEQ_OWN_MAX written: treat every sequence as our own. */
    return s->nown == SQL__SEQ_OWN_MAX;
}

static void set_cur(struct sql_env *env, uint32_t oid, int64_t v)
{
    struct sql__sess *s = sess_get(env);
    int64_t *p = hash_get(s->cur, &oid, sizeof(oid));
    if (p == NULL) {
        p = xmalloc(sizeof(*p));
        hash_put(s->cur, &oid, sizeof(oid), p);
    }
    *p = v;
    s->has_last = true;
    s->last = v;
}

/* ---- options ---- */

static int type_bounds(uint32_t type, int64_t *min, int64_t *max)
{
    switch (type) {
    case SQL_T_INT2:
        *min = INT16_MIN;
        *max = INT16_MAX;
        return 0;
    case SQL_T_INT4:
        *min = INT32_MIN;
        *max = INT32_MAX;
        return 0;
    case SQL_T_INT8:
        *min = INT64_MIN;
        *max = INT64_MAX;
        return 0;
    default:
        return -1;
    }
}

static const char *type_word(uint32_t type)
{
    return type == SQL_T_INT2 ? "smallint" : type == SQL_T_INT4 ? "integer" : "bigint";
}

static int opt_int(const struct sql_option *o, int64_t *v, struct err *e)
{
    if (o->kind == SQL_OPT_INT) {
        *v = o->ival;
        return 0;
    }
    if (o->kind == SQL_OPT_NUMERIC && o->str != NULL) {
        errno = 0;
        char *end;
        long long x = strtoll(o->str, &end, 10);
        if (errno == 0 && *end == 0) {
            *v = x;
            return 0;
        }
        return err_set_state(e, ERR_INVAL, "22003", "value \"%s\" is out of range for type bigint",
                             o->str);
    }
    return err_set_state(e, ERR_INVAL, "42601", "%s requires a numeric value", o->name);
}

int sql__seq_collect(const struct sql_list *opts, bool create, struct sql__seq_opts *o,
                     struct err *e)
{
    static const struct {
        const char *name;
        size_t off;
    } slots[] = {
        {"as", offsetof(struct sql__seq_opts, as)},
        {"increment", offsetof(struct sql__seq_opts, inc)},
        {"start", offsetof(struct sql__seq_opts, start)},
        {"restart", offsetof(struct sql__seq_opts, restart)},
        {"minvalue", offsetof(struct sql__seq_opts, minv)},
        {"maxvalue", offsetof(struct sql__seq_opts, maxv)},
        {"cache", offsetof(struct sql__seq_opts, cache)},
        {"cycle", offsetof(struct sql__seq_opts, cycle)},
        {"owned_by", offsetof(struct sql__seq_opts, owned)},
    };
    memset(o, 0, sizeof(*o));
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *x = opts->items[i];
        if (strcmp(x->name, "sequence_name") == 0) {
            if (!create) { /* ALTER SEQUENCE */
                sql__ddl_errpos(x->location);
                return err_set_state(e, ERR_INVAL, "42601",
                                     "invalid sequence option SEQUENCE NAME");
            }
            continue; /* an identity's: sql__seq_identity_name */
        }
        if (create && strcmp(x->name, "restart") == 0)
            return sql__ddl_unsupported(e, "RESTART in CREATE SEQUENCE");
        const struct sql_option **slot = NULL;
        for (size_t k = 0; slot == NULL && k < sizeof(slots) / sizeof(slots[0]); k++)
            if (strcmp(x->name, slots[k].name) == 0)
                slot = (const struct sql_option **)((char *)o + slots[k].off);
        if (slot == NULL)
            return err_set_state(e, ERR_INVAL, "42601", "option \"%s\" not recognized", x->name);
        if (*slot != NULL) {
            sql__ddl_errpos(x->location);
            return err_set_state(e, ERR_INVAL, "42601", "conflicting or redundant options");
        }
        *slot = x;
    }
    return 0;
}

int sql__seq_opt_type(const struct sql_option *o, uint32_t *type, struct err *e)
{
    uint32_t t = 0;
    int32_t tm;
    if (o->kind != SQL_OPT_TYPE || sql_type_resolve(o->type, &t, &tm, NULL, e) != 0)
        return e->code != 0 ? e->code
                            : err_set_state(e, ERR_INVAL, "22023",
                                            "sequence type must be smallint, integer, or "
                                            "bigint");
    if (t != SQL_T_INT2 && t != SQL_T_INT4 && t != SQL_T_INT8)
        return err_set_state(e, ERR_INVAL, "22023",
                             "sequence type must be smallint, integer, or bigint");
    *type = t;
    return 0;
}

int sql__seq_opt_increment(const struct sql_option *o, int64_t *v, struct err *e)
{
    int rc = opt_int(o, v, e);
    if (rc != 0)
        return rc;
    if (*v == 0)
        return err_set_state(e, ERR_INVAL, "22023", "INCREMENT must not be zero");
    return 0;
}

int sql__seq_opt_cache(const struct sql_option *o, int64_t *v, struct err *e)
{
    int rc = opt_int(o, v, e);
    if (rc != 0)
        return rc;
    if (*v <= 0)
        return err_set_state(e, ERR_INVAL, "22023", "CACHE (%lld) must be greater than zero",
                             (long long)*v);
    return 0;
}

int sql__seq_check_bound(const char *what, int64_t v, uint32_t type, struct err *e)
{
    int64_t tmin = 0, tmax = 0;
    type_bounds(type, &tmin, &tmax);
    if (v < tmin || v > tmax)
        return err_set_state(e, ERR_INVAL, "22023",
                             "%s (%lld) is out of range for sequence data type %s", what,
                             (long long)v, type_word(type));
    return 0;
}

int sql__seq_check_minmax(const struct sql_seq_desc *s, struct err *e)
{
    if (s->min >= s->max)
        return err_set_state(e, ERR_INVAL, "22023",
                             "MINVALUE (%lld) must be less than MAXVALUE (%lld)", (long long)s->min,
                             (long long)s->max);
    return 0;
}

int sql__seq_check_value(const char *what, int64_t v, const struct sql_seq_desc *s, struct err *e)
{
    if (v < s->min)
        return err_set_state(e, ERR_INVAL, "22023",
                             "%s value (%lld) cannot be less than MINVALUE (%lld)", what,
                             (long long)v, (long long)s->min);
    if (v > s->max)
        return err_set_state(e, ERR_INVAL, "22023",
                             "%s value (%lld) cannot be greater than MAXVALUE (%lld)", what,
                             (long long)v, (long long)s->max);
    return 0;
}

int sql__seq_options(struct sql_env *env, const struct sql_list *opts, const char *seqname,
                     uint32_t default_type, struct sql_seq_desc *s,
                     const struct sql_list **owned_by, struct err *e)
{
    (void)env;
    memset(s, 0, sizeof(*s));
    *owned_by = NULL;
    struct sql__seq_opts o;
    int rc = sql__seq_collect(opts, true, &o, e);
    if (rc != 0)
        return rc;
    s->type = default_type ? default_type : SQL_T_INT8;
    if (o.as != NULL && (rc = sql__seq_opt_type(o.as, &s->type, e)) != 0)
        return rc;
    int64_t tmin, tmax;
    if (type_bounds(s->type, &tmin, &tmax) != 0)
        return err_set_state(e, ERR_INVAL, "22023",
                             "sequence type must be smallint, integer, or bigint");
    s->increment = 1;
    if (o.inc != NULL && (rc = sql__seq_opt_increment(o.inc, &s->increment, e)) != 0)
        return rc;
    s->cycle = o.cycle != NULL && (o.cycle->kind != SQL_OPT_BOOL || o.cycle->bval);
    /* MAXVALUE / MINVALUE: an option without a value is NO MAXVALUE. */
    if (o.maxv != NULL && o.maxv->kind != SQL_OPT_NONE) {
        rc = opt_int(o.maxv, &s->max, e);
        if (rc != 0)
            return rc;
    } else {
        s->max = s->increment > 0 ? tmax : -1;
    }
    if (o.minv != NULL && o.minv->kind != SQL_OPT_NONE) {
        rc = opt_int(o.minv, &s->min, e);
        if (rc != 0)
            return rc;
    } else {
        s->min = s->increment > 0 ? 1 : tmin;
    }
    if ((rc = sql__seq_check_bound("MAXVALUE", s->max, s->type, e)) != 0 ||
        (rc = sql__seq_check_bound("MINVALUE", s->min, s->type, e)) != 0 ||
        (rc = sql__seq_check_minmax(s, e)) != 0)
        return rc;
    if (o.start != NULL) {
        rc = opt_int(o.start, &s->start, e);
        if (rc != 0)
            return rc;
    } else {
        s->start = s->increment > 0 ? s->min : s->max;
    }
    if ((rc = sql__seq_check_value("START", s->start, s, e)) != 0)
        return rc;
    s->cache = 1;
    if (o.cache != NULL && (rc = sql__seq_opt_cache(o.cache, &s->cache, e)) != 0)
        return rc;
    if (o.owned != NULL) {
        if (o.owned->kind != SQL_OPT_LIST)
            return err_set_state(e, ERR_INVAL, "42601", "invalid OWNED BY option");
        *owned_by = &o.owned->list;
    }
    (void)seqname;
    return 0;
}

/* ---- state ---- */

/* Version 2 adds log_cnt (catalog_int.h); version 1 records read as 0. */
#define SEQ_STATE_FORMAT 2
#define SEQ_LOG_VALS     32 /* PostgreSQL's: values WAL-logged ahead by nextval */

static void state_encode(int64_t last, bool called, int log_cnt, struct sbuf *b)
{
    sbuf_reset(b);
    sbuf_putc(b, SEQ_STATE_FORMAT);
    sql__put64(b, (uint64_t)last);
    sbuf_putc(b, called ? 1 : 0);
    sbuf_putc(b, (char)log_cnt);
    sql__put_crc(b);
}

static int state_decode(uint32_t oid, const void *v, size_t vl, int64_t *last, bool *called,
                        int *log_cnt, struct err *e)
{
    const uint8_t *p = v;
    bool ok = (vl == 14 && sql__crc_ok(p, vl, SQL_CAT_FORMAT)) ||
              (vl == 15 && sql__crc_ok(p, vl, SEQ_STATE_FORMAT) && p[10] <= SEQ_LOG_VALS);
    if (!ok || p[9] > 1)
        return sql__corrupt(e, "sequence state", oid, "bad record");
    *last = (int64_t)sql__get64(p + 1);
    *called = p[9] == 1;
    *log_cnt = vl == 15 ? p[10] : 0;
    return 0;
}

static int state_put_txn(struct sql_env *env, uint32_t oid, int64_t last, bool called,
                         struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_seq(&k, oid);
    state_encode(last, called, 0, &v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc == 0)
        own_add(env, oid);
    return rc;
}

int sql__seq_state_init(struct sql_env *env, const struct sql_table_desc *seq, struct err *e)
{
    return state_put_txn(env, seq->oid, seq->seq.start, false, e);
}

int sql__seq_restart(struct sql_env *env, const struct sql_table_desc *seq, struct err *e)
{
    return state_put_txn(env, seq->oid, seq->seq.start, false, e);
}

int sql__seq_state_delete(struct sql_env *env, uint32_t oid, struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    sql__key_seq(&k, oid);
    int rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    if (rc == 0)
        own_add(env, oid);
    return rc;
}

/* The sequence's descriptor: 42809 when oid is not a sequence, 42P01
 * when gone. */
static int seq_desc(struct sql_env *env, uint32_t oid, const struct sql_table_desc **out,
                    struct err *e)
{
    int rc = sql_cat_table_by_oid(env, oid, out, e);
    if (rc != 0)
        return rc;
    if (*out == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42P01", "could not open relation with OID %u", oid);
    if ((*out)->kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", (*out)->name);
    return 0;
}

/* One step of nextval from (last, called): *next, or 2200H. */
static int advance(const struct sql_table_desc *s, int64_t last, bool called, int64_t *next,
                   struct err *e)
{
    const struct sql_seq_desc *q = &s->seq;
    if (!called) {
        *next = last;
        return 0;
    }
    int64_t v;
    bool over = __builtin_add_overflow(last, q->increment, &v);
    if (q->increment > 0 && (over || v > q->max)) {
        if (!q->cycle)
            return err_set_state(e, ERR_INVAL, "2200H",
                                 "nextval: reached maximum value of sequence \"%s\" (%lld)",
                                 s->name, (long long)q->max);
        v = q->min;
    } else if (q->increment < 0 && (over || v < q->min)) {
        if (!q->cycle)
            return err_set_state(e, ERR_INVAL, "2200H",
                                 "nextval: reached minimum value of sequence \"%s\" (%lld)",
                                 s->name, (long long)q->min);
        v = q->max;
    }
    *next = v;
    return 0;
}

/* Read-modify-write the state: in env->txn for our own sequences, else in
 * a short transaction of its own. op: 0 nextval, 1 setval. */
static int state_update(struct sql_env *env, const struct sql_table_desc *s, int op, int64_t setv,
                        bool set_called, int64_t *out, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_seq(&k, s->oid);
    bool own = own_has(env, s->oid);
    int rc = 0;
    for (int attempt = 0;; attempt++) {
        struct kv_txn *t = env->txn;
        if (!own) {
            rc = kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, false, &t, e);
            if (rc != 0)
                break;
        }
        void *val = NULL;
        size_t vl = 0;
        bool found = false;
        int64_t last = 0, next = 0;
        bool called = false;
        int log_cnt = 0;
        rc = kv_txn_lock(t, k.data, k.len, NULL, &val, &vl, &found, e);
        if (rc == 0 && !found)
            rc = err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", s->name);
        if (rc == 0)
            rc = state_decode(s->oid, val, vl, &last, &called, &log_cnt, e);
        xfree(val);
        if (rc == 0) {
            if (op == 0) {
                rc = advance(s, last, called, &next, e);
                /* PostgreSQL logs SEQ_LOG_VALS values ahead when it has
                 * none left (or the sequence was never called). */
                if (rc == 0)
                    state_encode(next, true, !called || log_cnt == 0 ? SEQ_LOG_VALS : log_cnt - 1,
                                 &v);
            } else {
                next = setv;
                state_encode(setv, set_called, 0, &v);
            }
        }
        if (rc == 0)
            rc = kv_txn_put(t, k.data, k.len, v.data, v.len, e);
        if (own) {
            if (rc == 0)
                *out = next;
            break;
        }
        if (rc != 0) {
            kv_txn_rollback(t);
        } else {
            rc = kv_txn_commit(t, e);
            if (rc == 0) {
                *out = next;
                break;
            }
        }
        if ((rc != ERR_CONFLICT && rc != ERR_DEADLOCK) || attempt >= SEQ_RETRIES)
            break;
        err_clear(e);
    }
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

int sql_seq_nextval(struct sql_env *env, uint32_t seq_oid, int64_t *out, struct err *e)
{
    const struct sql_table_desc *s;
    int rc = seq_desc(env, seq_oid, &s, e);
    if (rc == 0)
        rc = sql__check_writable_rel(env, s, "nextval()", e);
    if (rc == 0)
        rc = state_update(env, s, 0, 0, false, out, e);
    if (rc == 0)
        set_cur(env, seq_oid, *out);
    return rc;
}

int sql_seq_currval(struct sql_env *env, uint32_t seq_oid, int64_t *out, struct err *e)
{
    const struct sql_table_desc *s;
    int rc = seq_desc(env, seq_oid, &s, e);
    if (rc != 0)
        return rc;
    struct sql__sess *ss = env->seq_state;
    int64_t *p = ss ? hash_get(ss->cur, &seq_oid, sizeof(seq_oid)) : NULL;
    if (p == NULL)
        return err_set_state(e, ERR_INVAL, "55000",
                             "currval of sequence \"%s\" is not yet defined in this session",
                             s->name);
    *out = *p;
    return 0;
}

int sql_seq_lastval(struct sql_env *env, int64_t *out, struct err *e)
{
    struct sql__sess *ss = env->seq_state;
    if (ss == NULL || !ss->has_last)
        return err_set_state(e, ERR_INVAL, "55000", "lastval is not yet defined in this session");
    *out = ss->last;
    return 0;
}

int sql_seq_setval(struct sql_env *env, uint32_t seq_oid, int64_t v, bool is_called, int64_t *out,
                   struct err *e)
{
    const struct sql_table_desc *s;
    int rc = seq_desc(env, seq_oid, &s, e);
    if (rc == 0)
        rc = sql__check_writable(env, "setval()", e);
    if (rc != 0)
        return rc;
    if (v < s->seq.min || v > s->seq.max)
        return err_set_state(e, ERR_INVAL, "22003",
                             "setval: value %lld is out of bounds for sequence \"%s\" "
                             "(%lld..%lld)",
                             (long long)v, s->name, (long long)s->seq.min, (long long)s->seq.max);
    int64_t got;
    rc = state_update(env, s, 1, v, is_called, &got, e);
    if (rc != 0)
        return rc;
    if (is_called)
        set_cur(env, seq_oid, v);
    *out = v;
    return 0;
}

/* ---- CREATE SEQUENCE ---- */

int sql__seq_owned_col(struct sql_env *env, const struct sql_list *owned, uint32_t ns,
                       uint32_t *table, uint32_t *col, struct err *e)
{
    /* PostgreSQL's process_owned_by: the names before the last are a
     * relation name as makeRangeVarFromNameList / RangeVarGetRelid read it */
    int nrel = owned->n - 1;
    if (nrel > 3) {
        struct sbuf b;
        sbuf_init(&b);
        for (int i = 0; i < nrel; i++) {
            if (i > 0)
                sbuf_putc(&b, '.');
            sbuf_puts(&b, owned->items[i]);
        }
        err_set_state(e, ERR_INVAL, "42601", "improper relation name (too many dotted names): %s",
                      b.data);
        sbuf_free(&b);
        return ERR_INVAL;
    }
    if (nrel == 3 &&
        (env->database == NULL || strcmp((const char *)owned->items[0], env->database) != 0))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cross-database references are not implemented: \"%s.%s.%s\"",
                             (const char *)owned->items[0], (const char *)owned->items[1],
                             (const char *)owned->items[2]);
    struct sql_rangevar trv;
    memset(&trv, 0, sizeof(trv));
    trv.name.schema = nrel >= 2 ? owned->items[nrel - 2] : NULL;
    trv.name.name = owned->items[nrel - 1];
    uint32_t roid, rns;
    char kind;
    int rc = sql__find_rel(env, trv.name.schema, trv.name.name, &roid, &kind, &rns, e);
    if (rc != 0)
        return rc;
    if (roid != 0 && (kind == 'S' || kind == 'i'))
        return err_set_state(e, ERR_INVAL, "42809",
                             "sequence cannot be owned by relation \"%s\"" SQL_NUM_DETAIL_SEP
                             "This operation is not supported for %s.",
                             trv.name.name, kind == 'S' ? "sequences" : "indexes");
    if (roid == 0 && trv.name.schema != NULL && rns != 0)
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist",
                             trv.name.schema, trv.name.name);
    if (roid != 0 && kind == 'v')
        return sql__ddl_unsupported(e, "OWNED BY a view column");
    const struct sql_table_desc *t;
    rc = sql__open_table(env, &trv, false, &t, e);
    if (rc != 0)
        return rc;
    const char *cn = owned->items[owned->n - 1];
    const struct sql_col_desc *c = sql_cat_column(t, cn);
    if (c == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42703",
                             "column \"%s\" of relation \"%s\" does not exist", cn, t->name);
    if (t->schema_oid != ns)
        return err_set_state(e, ERR_INVAL, "55000",
                             "sequence must be in same schema as table it is linked to");
    *table = t->oid;
    *col = c->id;
    return 0;
}

int sql__seq_identity_name(struct sql_env *env, const struct sql_list *opts,
                           const struct sql_table_desc *t, char *name, uint32_t *schema_oid,
                           const char **schema, bool *given, struct err *e)
{
    *given = false;
    *schema_oid = t->schema_oid;
    *schema = t->schema;
    const struct sql_option *o = NULL;
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *x = opts->items[i];
        if (strcmp(x->name, "sequence_name") != 0)
            continue;
        if (o != NULL) {
            sql__ddl_errpos(x->location);
            return err_set_state(e, ERR_INVAL, "42601", "conflicting or redundant options");
        }
        o = x;
    }
    if (o == NULL)
        return 0;
    if (o->kind != SQL_OPT_LIST || o->list.n < 1 || o->list.n > 3)
        return err_set_state(e, ERR_INVAL, "42601", "improper qualified name");
    const char *nm = o->list.items[o->list.n - 1];
    if (o->list.n == 3 && strcmp(o->list.items[0], env->database) != 0)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cross-database references are not implemented: %s.%s.%s",
                             (const char *)o->list.items[0], (const char *)o->list.items[1], nm);
    if (o->list.n >= 2) {
        const char *sn = o->list.items[o->list.n - 2];
        struct sql_schema_desc sd;
        bool found = false;
        int rc = sql_cat_schema(env, sn, &sd, &found, e);
        if (rc != 0)
            return rc;
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist", sn);
        /* PostgreSQL 15 then looks the table up in the sequence's schema */
        if (sd.oid != t->schema_oid)
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist",
                                 sd.name, t->name);
    }
    if (strlen(nm) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
    uint32_t old = 0;
    int rc = sql__name_lookup(env, t->schema_oid, nm, &old, NULL, e);
    if (rc != 0)
        return rc;
    if (old != 0)
        return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists", nm);
    snprintf(name, SQL_NAME_BUF, "%s", nm);
    *given = true;
    return 0;
}

int sql__create_sequence_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.create_sequence.seq;
    if (rv->persistence == 't')
        return sql__ddl_unsupported(e, "CREATE TEMPORARY SEQUENCE");
    for (int i = 0; i < st->u.create_sequence.options.n; i++)
        if (strcmp(((const struct sql_option *)st->u.create_sequence.options.items[i])->name,
                   "sequence_name") == 0) {
            sql__ddl_errpos(
                ((const struct sql_option *)st->u.create_sequence.options.items[i])->location);
            return err_set_state(e, ERR_INVAL, "42601", "invalid sequence option SEQUENCE NAME");
        }
    uint32_t ns;
    const char *nsname;
    int rc = sql__creation_schema(env, rv->name.schema, rv->name.name, &ns, &nsname, e);
    if (rc != 0)
        return rc;
    if (strlen(rv->name.name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
    uint32_t old;
    rc = sql__name_lookup(env, ns, rv->name.name, &old, NULL, e);
    if (rc != 0)
        return rc;
    if (old != 0) {
        if (st->u.create_sequence.if_not_exists)
            return sql__ddl_notice(env, "42P07", "relation \"%s\" already exists, skipping",
                                   rv->name.name);
        return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists",
                             rv->name.name);
    }
    /* RESTART [WITH n] sets the first value (PostgreSQL's init_params):
     * taken out of the options the identity columns share */
    const struct sql_list *opts = &st->u.create_sequence.options;
    struct sql_list rest = {
        .n = 0, .items = mem_alloc0(env->stmt_ctx, sizeof(void *) * (size_t)(opts->n + 1))};
    const struct sql_option *restart = NULL;
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *x = opts->items[i];
        if (strcmp(x->name, "restart") != 0) {
            rest.items[rest.n++] = opts->items[i];
            continue;
        }
        if (restart != NULL) {
            sql__ddl_errpos(x->location);
            return err_set_state(e, ERR_INVAL, "42601", "conflicting or redundant options");
        }
        restart = x;
    }
    struct sql_seq_desc sd;
    const struct sql_list *owned = NULL;
    rc = sql__seq_options(env, &rest, rv->name.name, SQL_T_INT8, &sd, &owned, e);
    if (rc != 0)
        return rc;
    int64_t first = sd.start;
    if (restart != NULL && restart->kind != SQL_OPT_NONE && (rc = opt_int(restart, &first, e)) != 0)
        return rc;
    if (restart != NULL && (rc = sql__seq_check_value("RESTART", first, &sd, e)) != 0)
        return rc;
    if (owned != NULL && !(owned->n == 1 && strcmp(owned->items[0], "none") == 0)) {
        if (owned->n < 2)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "invalid OWNED BY option"
                                 "\nHINT:  Specify OWNED BY table.column or OWNED BY NONE.");
        rc = sql__seq_owned_col(env, owned, ns, &sd.owned_by_table, &sd.owned_by_col, e);
        if (rc != 0)
            return rc;
    }
    struct sql_table_desc *seq = NULL;
    rc = sql__create_seq(env, ns, nsname, rv->name.name, &sd, &seq, e);
    if (rc == 0 && restart != NULL && first != sd.start)
        rc = sql__seq_state_write(env, seq->oid, first, false, e);
    return rc;
}

/* ---- ALTER SEQUENCE and reading a sequence as a relation ---- */

int sql__seq_opt_int(const struct sql_option *o, int64_t *v, struct err *e)
{
    return opt_int(o, v, e);
}

int sql__seq_type_bounds(uint32_t type, int64_t *min, int64_t *max)
{
    return type_bounds(type, min, max);
}

int sql__seq_state_write(struct sql_env *env, uint32_t oid, int64_t last, bool called,
                         struct err *e)
{
    return state_put_txn(env, oid, last, called, e);
}

int sql_seq_read(struct sql_env *env, uint32_t oid, int64_t *last, bool *called, int *log_cnt,
                 struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    sql__key_seq(&k, oid);
    void *val = NULL;
    size_t vl = 0;
    bool found = false;
    /* The newest state, as PostgreSQL's (nextval commits on its own):
     * through env->txn only for a sequence it wrote. */
    struct kv_txn *t = env->txn;
    bool own = own_has(env, oid);
    int rc = own ? 0 : kv_txn_begin(env->kv, KV_ISO_READ_COMMITTED, true, &t, e);
    if (rc == 0)
        rc = kv_txn_get(t, k.data, k.len, env->stmt_ctx, &val, &vl, &found, e);
    if (!own && t != NULL)
        kv_txn_rollback(t);
    sbuf_free(&k);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "42P01", "could not open relation with OID %u", oid);
    return state_decode(oid, val, vl, last, called, log_cnt, e);
}
