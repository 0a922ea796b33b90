/* ddl_alter_meta.c — the forms of ALTER TABLE / ALTER INDEX / ALTER VIEW that
 * change metadata only, as PostgreSQL 15's tablecmds.c does them:
 *  - SET (...) / RESET (...) storage parameters of tables, views and indexes
 *    (PostgreSQL's reloptions.c checks: names, types, bounds; stored as
 *    "k=v,..." in pg_class.reloptions order), CREATE INDEX ... WITH (...);
 *  - ALTER COLUMN SET STATISTICS / SET STORAGE / SET COMPRESSION / SET (...) /
 *    RESET (...) (pg_attribute attstattarget, attstorage, attcompression,
 *    attoptions; the row format is ours, so they change nothing else);
 *  - SET LOGGED / SET UNLOGGED (pg_class.relpersistence of the table, its
 *    indexes and owned sequences; every table is crash-safe here), REPLICA
 *    IDENTITY, CLUSTER ON / SET WITHOUT CLUSTER (indisclustered; CLUSTER
 *    itself is not built), OWNER TO, ALTER CONSTRAINT [NOT] DEFERRABLE of a
 *    foreign key, SET WITHOUT OIDS / SET TABLESPACE pg_default / SET ACCESS
 *    METHOD heap (no-ops), ENABLE / DISABLE TRIGGER (trigger_ddl.c) and RULE
 *    (there are no rules: PostgreSQL's error for a name);
 *  - identity columns: ADD GENERATED ... AS IDENTITY, SET GENERATED / SET
 *    sequence options / RESTART, DROP IDENTITY [IF EXISTS].
 */
#include "sql/acl.h"
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/trigger.h"
#include "sql/env.h"
#include "sql/temp.h"
#include "sql/value.h"
#include "sql/vtab.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- storage parameters ---- */

enum relopt_type { RO_BOOL, RO_INT, RO_REAL, RO_ENUM };

struct relopt {
    const char *name;
    char kinds; /* bits: 1 table, 2 toast ("toast." namespace), 4 index, 8 view, 16 attribute */
    enum relopt_type type;
    double min, max;
    const char *enums; /* RO_ENUM: "a|b|c" */
    const char *enum_detail;
};

#define RK_TABLE 1
#define RK_TOAST 2
#define RK_INDEX 4
#define RK_VIEW  8
#define RK_ATTR  16

/* PostgreSQL 15's reloptions.c tables (heap, toast, btree, view, attribute). */
static const struct relopt relopts[] = {
    {"autovacuum_enabled", RK_TABLE | RK_TOAST, RO_BOOL, 0, 0, NULL, NULL},
    {"user_catalog_table", RK_TABLE, RO_BOOL, 0, 0, NULL, NULL},
    {"vacuum_truncate", RK_TABLE | RK_TOAST, RO_BOOL, 0, 0, NULL, NULL},
    {"deduplicate_items", RK_INDEX, RO_BOOL, 0, 0, NULL, NULL},
    {"security_barrier", RK_VIEW, RO_BOOL, 0, 0, NULL, NULL},
    {"security_invoker", RK_VIEW, RO_BOOL, 0, 0, NULL, NULL},
    {"fillfactor", RK_TABLE, RO_INT, 10, 100, NULL, NULL},
    {"fillfactor ", RK_INDEX, RO_INT, 10, 100, NULL, NULL}, /* btree's */
    {"autovacuum_vacuum_threshold", RK_TABLE | RK_TOAST, RO_INT, 0, INT_MAX, NULL, NULL},
    {"autovacuum_vacuum_insert_threshold", RK_TABLE | RK_TOAST, RO_INT, -1, INT_MAX, NULL, NULL},
    {"autovacuum_analyze_threshold", RK_TABLE, RO_INT, 0, INT_MAX, NULL, NULL},
    {"autovacuum_vacuum_cost_limit", RK_TABLE | RK_TOAST, RO_INT, 1, 10000, NULL, NULL},
    {"autovacuum_freeze_min_age", RK_TABLE | RK_TOAST, RO_INT, 0, 1000000000, NULL, NULL},
    {"autovacuum_multixact_freeze_min_age", RK_TABLE | RK_TOAST, RO_INT, 0, 1000000000, NULL, NULL},
    {"autovacuum_freeze_max_age", RK_TABLE | RK_TOAST, RO_INT, 100000, 2000000000, NULL, NULL},
    {"autovacuum_multixact_freeze_max_age", RK_TABLE | RK_TOAST, RO_INT, 10000, 2000000000, NULL,
     NULL},
    {"autovacuum_freeze_table_age", RK_TABLE | RK_TOAST, RO_INT, 0, 2000000000, NULL, NULL},
    {"autovacuum_multixact_freeze_table_age", RK_TABLE | RK_TOAST, RO_INT, 0, 2000000000, NULL,
     NULL},
    {"log_autovacuum_min_duration", RK_TABLE | RK_TOAST, RO_INT, -1, INT_MAX, NULL, NULL},
    {"toast_tuple_target", RK_TABLE, RO_INT, 128, 8160, NULL, NULL},
    {"parallel_workers", RK_TABLE, RO_INT, 0, 1024, NULL, NULL},
    {"autovacuum_vacuum_cost_delay", RK_TABLE | RK_TOAST, RO_REAL, -1, 100, NULL, NULL},
    {"autovacuum_vacuum_scale_factor", RK_TABLE | RK_TOAST, RO_REAL, 0, 100, NULL, NULL},
    {"autovacuum_vacuum_insert_scale_factor", RK_TABLE | RK_TOAST, RO_REAL, 0, 100, NULL, NULL},
    {"autovacuum_analyze_scale_factor", RK_TABLE, RO_REAL, 0, 100, NULL, NULL},
    {"n_distinct", RK_ATTR, RO_REAL, -1, 1.7976931348623157e308, NULL, NULL},
    {"n_distinct_inherited", RK_ATTR, RO_REAL, -1, 1.7976931348623157e308, NULL, NULL},
    {"check_option", RK_VIEW, RO_ENUM, 0, 0, "local|cascaded",
     "Valid values are \"local\" and \"cascaded\"."},
    {"vacuum_index_cleanup", RK_TABLE | RK_TOAST, RO_ENUM, 0, 0,
     "auto|on|off|true|false|yes|no|1|0", "Valid values are \"on\", \"off\", and \"auto\"."},
};

static const struct relopt *relopt_find(const char *name, int kind)
{
    for (size_t i = 0; i < sizeof(relopts) / sizeof(relopts[0]); i++) {
        const char *n = relopts[i].name;
        size_t l = strlen(n);
        if (n[l - 1] == ' ')
            l--;
        if ((relopts[i].kinds & kind) != 0 && strlen(name) == l && strncmp(n, name, l) == 0)
            return &relopts[i];
    }
    return NULL;
}

/* PostgreSQL's parse_bool: true/false/yes/no/on/off/1/0 and unique prefixes. */
static bool parse_bool_text(const char *s, bool *out)
{
    size_t n = strlen(s);
    if (n == 0)
        return false;
    static const struct {
        const char *w;
        size_t min;
        bool v;
    } words[] = {{"true", 1, true}, {"false", 1, false}, {"yes", 1, true},
                 {"no", 1, false},  {"on", 2, true},     {"off", 2, false}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (n >= words[i].min && n <= strlen(words[i].w) && strncasecmp(s, words[i].w, n) == 0) {
            *out = words[i].v;
            return true;
        }
    if (strcmp(s, "1") == 0 || strcmp(s, "0") == 0) {
        *out = s[0] == '1';
        return true;
    }
    return false;
}

/* Check one option value (text as stored) against its definition. */
static int relopt_check(const struct relopt *d, const char *name, const char *val, struct err *e)
{
    switch (d->type) {
    case RO_BOOL: {
        bool b;
        if (!parse_bool_text(val, &b))
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for boolean option \"%s\": %s", name, val);
        return 0;
    }
    case RO_INT: {
        errno = 0;
        char *end;
        long long v = strtoll(val, &end, 10);
        while (*end == ' ')
            end++;
        if (val[0] == '\0' || *end != '\0' || errno != 0 || v < INT_MIN || v > INT_MAX)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for integer option \"%s\": %s", name, val);
        if (v < (long long)d->min || v > (long long)d->max)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "value %s out of bounds for option \"%s\"" SQL_NUM_DETAIL_SEP
                                 "Valid values are between \"%d\" and \"%d\".",
                                 val, name, (int)d->min, (int)d->max);
        return 0;
    }
    case RO_REAL: {
        errno = 0;
        char *end;
        double v = strtod(val, &end);
        if (val[0] == '\0' || *end != '\0' || errno != 0 || isnan(v))
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for floating point option \"%s\": %s", name, val);
        if (v < d->min || v > d->max)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "value %s out of bounds for option \"%s\"" SQL_NUM_DETAIL_SEP
                                 "Valid values are between \"%f\" and \"%f\".",
                                 val, name, d->min, d->max);
        return 0;
    }
    case RO_ENUM: {
        const char *p = d->enums;
        size_t n = strlen(val);
        while (*p) {
            const char *q = strchr(p, '|');
            size_t l = q ? (size_t)(q - p) : strlen(p);
            if (l == n && strncasecmp(p, val, n) == 0)
                return 0;
            p += l + (q ? 1 : 0);
        }
        return err_set_state(e, ERR_INVAL, "22023",
                             "invalid value for enum option \"%s\": %s" SQL_NUM_DETAIL_SEP "%s",
                             name, val, d->enum_detail);
    }
    }
    return 0;
}

/* The text of an option's value as PostgreSQL stores it. */
static const char *opt_text(struct mem_ctx *ctx, const struct sql_option *o)
{
    switch (o->kind) {
    case SQL_OPT_INT:
        return mem_printf(ctx, "%lld", (long long)o->ival);
    case SQL_OPT_BOOL:
        return o->bval ? "true" : "false";
    case SQL_OPT_NONE:
        return "true";
    case SQL_OPT_TYPE: /* a bare word: the grammar's func_type */
        return o->type != NULL ? o->type->name.name : "";
    default:
        return o->str != NULL ? o->str : "";
    }
}

/* One stored option "ns.name=value" split. */
struct kv_opt {
    char *key; /* with its "toast." prefix */
    char *val;
};

static int split_opts(struct mem_ctx *ctx, const char *s, struct kv_opt *out, int max)
{
    int n = 0;
    if (s == NULL || s[0] == '\0')
        return 0;
    char *c = mem_strdup(ctx, s);
    char *save = NULL;
    for (char *tok = strtok_r(c, ",", &save); tok != NULL && n < max;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (eq != NULL)
            *eq = '\0';
        out[n].key = tok;
        out[n].val = eq != NULL ? eq + 1 : (char *)"true";
        n++;
    }
    return n;
}

#define MAX_RELOPTS 64

/* SET (...) (reset false) or RESET (...) of the options in *opts, for a
 * relation of kind RK_*: PostgreSQL's transformRelOptions + the kind's
 * validation. The result is NULL when nothing is left. */
int sql__reloptions_apply(struct sql_env *env, int kind, const char *old,
                          const struct sql_list *cmd, bool reset, char **out, struct err *e)
{
    struct kv_opt o[MAX_RELOPTS];
    int n = split_opts(env->stmt_ctx, old, o, MAX_RELOPTS);
    for (int i = 0; i < cmd->n; i++) {
        const struct sql_option *x = cmd->items[i];
        if (reset && x->kind != SQL_OPT_NONE)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "RESET must not include values for parameters");
        if (x->ns != NULL && (strcmp(x->ns, "toast") != 0 || !(kind & RK_TABLE)))
            return err_set_state(e, ERR_INVAL, "22023", "unrecognized parameter namespace \"%s\"",
                                 x->ns);
        const char *key =
            x->ns != NULL ? mem_printf(env->stmt_ctx, "%s.%s", x->ns, x->name) : x->name;
        for (int j = 0; j < i && !reset; j++) {
            const struct sql_option *y = cmd->items[j];
            if (strcmp(y->name, x->name) == 0 && (y->ns == NULL) == (x->ns == NULL) &&
                (x->ns == NULL || strcmp(x->ns, y->ns) == 0))
                return err_set_state(e, ERR_INVAL, "22023",
                                     "parameter \"%s\" specified more than once", x->name);
        }
        int at = -1;
        for (int j = 0; j < n; j++)
            if (strcmp(o[j].key, key) == 0)
                at = j;
        if (at >= 0) { /* drop the old setting */
            for (int j = at; j + 1 < n; j++)
                o[j] = o[j + 1];
            n--;
        }
        if (reset)
            continue;
        if (n >= MAX_RELOPTS)
            return err_set_state(e, ERR_INVAL, "54000", "too many storage parameters");
        o[n].key = mem_strdup(env->stmt_ctx, key);
        o[n].val = mem_strdup(env->stmt_ctx, opt_text(env->stmt_ctx, x));
        n++;
    }
    /* validate the result (PostgreSQL's heap_reloptions / index / view) */
    for (int i = 0; i < n; i++) {
        const char *name = o[i].key;
        int k = kind;
        if (strncmp(name, "toast.", 6) == 0) {
            name += 6;
            k = RK_TOAST;
        }
        const struct relopt *d = relopt_find(name, k);
        if (d == NULL)
            return err_set_state(e, ERR_INVAL, "22023", "unrecognized parameter \"%s\"", name);
        int rc = relopt_check(d, name, o[i].val, e);
        if (rc != 0)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(o[j].key, o[i].key) == 0)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "parameter \"%s\" specified more than once", name);
    }
    if (n == 0) {
        *out = NULL;
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < n; i++)
        sbuf_printf(&b, "%s%s=%s", i > 0 ? "," : "", o[i].key, o[i].val);
    *out = mem_strdup(env->stmt_ctx, b.data);
    sbuf_free(&b);
    return 0;
}

/* ---- columns ---- */

static struct sql_col_desc *meta_col(struct sql_table_desc *t, const char *name, struct err *e)
{
    for (int i = 0; i < t->ncols; i++)
        if (!t->cols[i].hidden && strcmp(t->cols[i].name, name) == 0)
            return &t->cols[i];
    err_set_state(e, ERR_NOTFOUND, "42703", "column \"%s\" of relation \"%s\" does not exist", name,
                  t->name);
    return NULL;
}

static int set_statistics(struct sql_env *env, struct sql_col_desc *c, int v, struct err *e)
{
    if (v < -1)
        return err_set_state(e, ERR_INVAL, "22023", "statistics target %d is too low", v);
    if (v > 10000) {
        int rc = sql__ddl_warning(env, "01000", "lowering statistics target to %d", 10000);
        if (rc != 0)
            return rc;
        v = 10000;
    }
    c->stattarget_set = v != -1;
    c->stattarget = (int16_t)v;
    return 0;
}

/* The column's type as PostgreSQL's format_type_be names it (no modifier). */
static const char *type_name_of(struct sql_env *env, const struct sql_col_desc *c)
{
    struct sbuf b;
    sbuf_init(&b);
    sql_type_format(c->domain ? c->domain : c->ctype ? c->ctype : c->type, -1, &b);
    char *s = mem_strdup(env->stmt_ctx, b.data);
    sbuf_free(&b);
    return s;
}

static int set_storage(struct sql_env *env, struct sql_col_desc *c, const char *s, struct err *e)
{
    char st;
    if (strcasecmp(s, "plain") == 0)
        st = 'p';
    else if (strcasecmp(s, "external") == 0)
        st = 'e';
    else if (strcasecmp(s, "extended") == 0)
        st = 'x';
    else if (strcasecmp(s, "main") == 0)
        st = 'm';
    else
        return err_set_state(e, ERR_INVAL, "22023", "invalid storage type \"%s\"", s);
    char typ = sql__pgcat_typstorage(c->type);
    if (st != 'p' && typ == 'p')
        return err_set_state(e, ERR_INVAL, "42804",
                             "column data type %s can only have storage PLAIN",
                             type_name_of(env, c));
    c->storage = st == typ ? 0 : st;
    return 0;
}

static int set_compression(struct sql_env *env, struct sql_col_desc *c, const char *s,
                           struct err *e)
{
    char cm;
    if (strcmp(s, "default") == 0)
        cm = 0;
    else if (strcmp(s, "pglz") == 0)
        cm = 'p';
    else if (strcmp(s, "lz4") == 0)
        cm = 'l';
    else
        return err_set_state(e, ERR_INVAL, "22023", "invalid compression method \"%s\"", s);
    if (sql__pgcat_typstorage(c->type) == 'p')
        return err_set_state(e, ERR_INVAL, "42804",
                             "column data type %s does not support compression",
                             type_name_of(env, c));
    c->compression = cm;
    return 0;
}

/* ---- indexes of the table ---- */

static int table_index(struct sql_env *env, struct sql_table_desc *t, const char *name,
                       struct sql_idx_desc **out, struct err *e)
{
    for (int i = 0; i < t->nidx; i++)
        if (t->idx[i].oid != 0 && strcmp(t->idx[i].name, name) == 0) {
            *out = &t->idx[i];
            return 0;
        }
    const struct sql_table_desc *ot = NULL;
    int pos;
    int rc = sql_cat_index(env, t->schema, name, &ot, &pos, e);
    if (rc != 0)
        return rc;
    if (ot != NULL)
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not an index for table \"%s\"", name,
                             t->name);
    return err_set_state(e, ERR_NOTFOUND, "42704", "index \"%s\" for table \"%s\" does not exist",
                         name, t->name);
}

static int replica_identity(struct sql_env *env, struct sql_table_desc *t,
                            const struct sql_alter_cmd *cmd, struct err *e)
{
    struct sql_idx_desc *ix = NULL;
    if (cmd->ch == 'i') {
        int rc = table_index(env, t, cmd->str, &ix, e);
        if (rc != 0)
            return rc;
        if (!ix->unique)
            return err_set_state(e, ERR_INVAL, "42809",
                                 "cannot use non-unique index \"%s\" as replica identity",
                                 ix->name);
        if (ix->pred != NULL)
            return err_set_state(e, ERR_INVAL, "42809",
                                 "cannot use partial index \"%s\" as replica identity", ix->name);
        for (int j = 0; j < ix->ncols; j++) {
            if (ix->exprs[j] != NULL)
                return err_set_state(e, ERR_INVAL, "42809",
                                     "cannot use expression index \"%s\" as replica identity",
                                     ix->name);
            const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
            if (c != NULL && !c->not_null)
                return err_set_state(e, ERR_INVAL, "42809",
                                     "index \"%s\" cannot be used as replica identity because "
                                     "column \"%s\" is nullable",
                                     ix->name, c->name);
        }
    }
    for (int i = 0; i < t->nidx; i++)
        t->idx[i].replident = false;
    if (ix != NULL)
        ix->replident = true;
    t->replident = cmd->ch == 'd' ? 0 : cmd->ch;
    return 0;
}

/* ---- persistence ---- */

static bool is_unlogged(const struct sql_table_desc *t)
{
    return t->persistence == 'u';
}

static int set_persistence(struct sql_env *env, struct sql_table_desc *t, char to, struct err *e)
{
    if (sql_temp_is_schema_name(t->schema))
        return err_set_state(e, ERR_INVAL, "42P16",
                             "cannot change logged status of table \"%s\" because it is temporary",
                             t->name);
    if ((to == 'u') == is_unlogged(t))
        return 0;
    /* permanent tables never reference unlogged ones (PostgreSQL's
     * ATPrepChangePersistence; self references are fine) */
    if (to == 'p') {
        for (int i = 0; i < t->nfks; i++) {
            if (t->fks[i].ref_table == t->oid)
                continue;
            const struct sql_table_desc *o;
            int rc = sql_cat_table_by_oid(env, t->fks[i].ref_table, &o, e);
            if (rc != 0)
                return rc;
            if (o != NULL && is_unlogged(o))
                return err_set_state(e, ERR_INVAL, "42P16",
                                     "could not change table \"%s\" to logged because it "
                                     "references unlogged table \"%s\"",
                                     t->name, o->name);
        }
    } else {
        for (int i = 0; i < t->nrefby; i++) {
            if (t->refby[i] == t->oid)
                continue;
            const struct sql_table_desc *o;
            int rc = sql_cat_table_by_oid(env, t->refby[i], &o, e);
            if (rc != 0)
                return rc;
            if (o != NULL && !is_unlogged(o))
                return err_set_state(e, ERR_INVAL, "42P16",
                                     "could not change table \"%s\" to unlogged because it "
                                     "references logged table \"%s\"",
                                     t->name, o->name);
        }
    }
    t->persistence = to == 'u' ? 'u' : 0;
    return 0;
}

/* ---- owner ---- */

int sql__owner_role(struct sql_env *env, const char *to, const char **out, struct err *e)
{
    if (to == NULL || strcmp(to, "CURRENT_USER") == 0 || strcmp(to, "CURRENT_ROLE") == 0 ||
        strcmp(to, "SESSION_USER") == 0)
        to = env->user != NULL ? env->user : "";
    if (strcmp(to, "PUBLIC") == 0)
        return err_set_state(e, ERR_NOTFOUND, "42704", "role \"public\" does not exist");
    struct sql_role r;
    bool found = false;
    int rc = sql__role_get_txn(env->txn, env->stmt_ctx, to, &r, &found, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist", to);
    *out = mem_strdup(env->stmt_ctx, to);
    return 0;
}

static int owner_to(struct sql_env *env, struct sql_table_desc *t, const char *to, struct err *e)
{
    int rc = sql__owner_role(env, to, &to, e);
    if (rc != 0)
        return rc;
    if ((rc = sql__acl_owner_to(env, sql__acl_reltype(t), t->oid, t->schema, t->owner, to, e)) != 0)
        return rc; /* acl.h: membership of the new owner, the ACL follows */
    snprintf(t->owner, sizeof(t->owner), "%s", to);
    /* its owned sequences follow (PostgreSQL's change_owner_recurse_to_sequences) */
    const struct sql_table_desc **seqs;
    size_t n;
    rc = t->kind == 'r' ? sql__owned_seqs(env, t, 0, &seqs, &n, e) : 0;
    for (size_t i = 0; rc == 0 && t->kind == 'r' && i < n; i++) {
        struct sql_table_desc *s = sql__desc_copy(env->stmt_ctx, seqs[i]);
        rc = sql__acl_owner_to(env, 'S', s->oid, NULL, s->owner, to, e);
        if (rc != 0)
            break;
        snprintf(s->owner, sizeof(s->owner), "%s", to);
        s->version++;
        rc = sql__desc_store(env, s, e);
    }
    return rc;
}

/* ---- ALTER CONSTRAINT ---- */

static int alter_constraint(struct sql_table_desc *t, const struct sql_alter_cmd *cmd,
                            struct err *e)
{
    for (int i = 0; i < t->nfks; i++) {
        if (strcmp(t->fks[i].name, cmd->name) != 0)
            continue;
        t->fks[i].deferrable = cmd->flag;
        t->fks[i].initdeferred = cmd->flag && cmd->flag2;
        return 0;
    }
    bool other = false;
    for (int i = 0; i < t->nchecks; i++)
        other |= strcmp(t->checks[i].name, cmd->name) == 0;
    for (int i = 0; i < t->nidx; i++)
        other |= t->idx[i].constraint && strcmp(t->idx[i].name, cmd->name) == 0;
    if (other)
        return err_set_state(e, ERR_INVAL, "42809",
                             "constraint \"%s\" of relation \"%s\" is not a foreign key constraint",
                             cmd->name, t->name);
    return err_set_state(e, ERR_NOTFOUND, "42704",
                         "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->name);
}

/* ---- SET TABLESPACE / ACCESS METHOD ---- */

static int noop_form(const struct sql_table_desc *t, const struct sql_alter_cmd *cmd, struct err *e)
{
    (void)t;
    if (cmd->ch == 't') {
        if (strcmp(cmd->str, "pg_default") == 0)
            return 0;
        if (strcmp(cmd->str, "pg_global") == 0)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "only shared relations can be placed in pg_global tablespace");
        return err_set_state(e, ERR_NOTFOUND, "42704", "tablespace \"%s\" does not exist",
                             cmd->str);
    }
    if (cmd->ch == 'm') {
        if (strcmp(cmd->str, "heap") == 0)
            return 0;
        if (strcmp(cmd->str, "btree") == 0 || strcmp(cmd->str, "hash") == 0 ||
            strcmp(cmd->str, "gist") == 0 || strcmp(cmd->str, "gin") == 0 ||
            strcmp(cmd->str, "spgist") == 0 || strcmp(cmd->str, "brin") == 0)
            return err_set_state(e, ERR_INVAL, "42809", "access method \"%s\" is not of type TABLE",
                                 cmd->str);
        return err_set_state(e, ERR_NOTFOUND, "42704", "access method \"%s\" does not exist",
                             cmd->str);
    }
    return 0;
}

/* ---- identity columns ---- */

static int add_identity(struct sql_env *env, struct sql_table_desc *t, struct sql_col_desc *c,
                        const struct sql_alter_cmd *cmd, struct err *e)
{
    if (c->type != SQL_T_INT2 && c->type != SQL_T_INT4 && c->type != SQL_T_INT8)
        return err_set_state(e, ERR_INVAL, "22023",
                             "identity column type must be smallint, integer, or bigint");
    if (!c->not_null)
        return err_set_state(e, ERR_INVAL, "55000",
                             "column \"%s\" of relation \"%s\" must be declared NOT NULL before "
                             "identity can be added",
                             c->name, t->name);
    if (c->identity != 0)
        return err_set_state(e, ERR_INVAL, "55000",
                             "column \"%s\" of relation \"%s\" is already an identity column",
                             c->name, t->name);
    if (c->default_sql != NULL && !c->generated)
        return err_set_state(e, ERR_INVAL, "55000",
                             "column \"%s\" of relation \"%s\" already has a default value",
                             c->name, t->name);
    if (c->generated)
        return err_set_state(e, ERR_INVAL, "55000",
                             "column \"%s\" of relation \"%s\" is a generated column", c->name,
                             t->name);
    char seqname[SQL_NAME_BUF];
    uint32_t seq_ns;
    const char *seq_nsname;
    bool named = false;
    int rc = sql__seq_identity_name(env, &cmd->constraint->options, t, seqname, &seq_ns,
                                    &seq_nsname, &named, e);
    if (rc == 0 && !named)
        rc = sql__choose_rel_name(env, t->schema_oid, t->name, c->name, "seq", NULL, seqname, e);
    if (rc != 0)
        return rc;
    struct sql_seq_desc sd;
    const struct sql_list *owned = NULL;
    rc = sql__seq_options(env, &cmd->constraint->options, seqname, c->type, &sd, &owned, e);
    if (rc != 0)
        return rc;
    sd.owned_by_table = t->oid;
    sd.owned_by_col = c->id;
    struct sql_table_desc *seq;
    rc = sql__create_seq(env, seq_ns, seq_nsname, seqname, &sd, &seq, e);
    if (rc != 0)
        return rc;
    c->identity = cmd->constraint->generated_when == 'a' ? 'a' : 'd';
    c->identity_seq = seq->oid;
    return 0;
}

static int not_identity(const struct sql_table_desc *t, const struct sql_col_desc *c, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "55000",
                         "column \"%s\" of relation \"%s\" is not an identity column", c->name,
                         t->name);
}

static int set_identity(struct sql_env *env, struct sql_table_desc *t, struct sql_col_desc *c,
                        const struct sql_alter_cmd *cmd, struct err *e)
{
    if (c->identity == 0)
        return not_identity(t, c, e);
    struct sql_list seqopts;
    seqopts.n = 0;
    seqopts.items = mem_alloc0(env->stmt_ctx, sizeof(void *) * (size_t)(cmd->options.n + 1));
    for (int i = 0; i < cmd->options.n; i++) {
        const struct sql_option *o = cmd->options.items[i];
        if (strcmp(o->name, "generated") == 0) {
            if (o->kind != SQL_OPT_INT)
                return err_set_state(e, ERR_INVAL, "42601", "invalid GENERATED option");
            c->identity = o->ival == 'a' ? 'a' : 'd';
        } else {
            seqopts.items[seqopts.n++] = (void *)o;
        }
    }
    if (seqopts.n == 0)
        return 0;
    const struct sql_table_desc *seq;
    int rc = sql_cat_table_by_oid(env, c->identity_seq, &seq, e);
    if (rc != 0)
        return rc;
    if (seq == NULL)
        return sql__corrupt(e, "identity sequence", c->identity_seq, "missing");
    struct sql_rangevar rv;
    memset(&rv, 0, sizeof(rv));
    rv.name.schema = (char *)seq->schema;
    rv.name.name = (char *)seq->name;
    rv.persistence = 'p';
    struct sql_stmt st;
    memset(&st, 0, sizeof(st));
    st.kind = SQL_STMT_ALTER_SEQUENCE;
    st.u.alter_sequence.seq = &rv;
    st.u.alter_sequence.options = seqopts;
    return sql__alter_sequence_stmt(env, &st, e);
}

static int drop_identity(struct sql_env *env, struct sql_table_desc *t, struct sql_col_desc *c,
                         const struct sql_alter_cmd *cmd, struct err *e)
{
    if (c->identity == 0) {
        if (cmd->if_exists)
            return sql__ddl_notice(env, "00000",
                                   "column \"%s\" of relation \"%s\" is not an identity column, "
                                   "skipping",
                                   c->name, t->name);
        return not_identity(t, c, e);
    }
    const struct sql_table_desc *seq;
    int rc = sql_cat_table_by_oid(env, c->identity_seq, &seq, e);
    if (rc != 0)
        return rc;
    c->identity = 0;
    c->identity_seq = 0;
    return seq != NULL ? sql__drop_seq(env, seq, e) : 0;
}

/* ---- the ALTER TABLE entry ---- */

int sql__alter_meta(struct sql_env *env, struct sql_table_desc *t, const struct sql_alter_cmd *cmd,
                    struct err *e)
{
    struct sql_col_desc *c = NULL;
    switch (cmd->kind) {
    case SQL_ALTER_SET_STATISTICS:
    case SQL_ALTER_SET_STORAGE:
    case SQL_ALTER_SET_COMPRESSION:
    case SQL_ALTER_SET_COLOPTIONS:
    case SQL_ALTER_ADD_IDENTITY:
    case SQL_ALTER_SET_IDENTITY:
    case SQL_ALTER_DROP_IDENTITY:
        if (cmd->name == NULL)
            return err_set_state(e, ERR_INVAL, "0A000",
                                 "cannot refer to non-index column by number");
        if ((c = meta_col(t, cmd->name, e)) == NULL)
            return -1;
        break;
    default:
        break;
    }
    switch (cmd->kind) {
    case SQL_ALTER_SET_RELOPTIONS: {
        char *o;
        int rc = sql__reloptions_apply(env, t->kind == 'v' ? RK_VIEW : RK_TABLE, t->options,
                                       &cmd->options, cmd->flag, &o, e);
        if (rc == 0)
            t->options = o;
        return rc;
    }
    case SQL_ALTER_SET_PERSISTENCE:
        return set_persistence(env, t, cmd->ch, e);
    case SQL_ALTER_REPLICA_IDENTITY:
        return replica_identity(env, t, cmd, e);
    case SQL_ALTER_ALTER_CONSTRAINT:
        return alter_constraint(t, cmd, e);
    case SQL_ALTER_SET_STATISTICS:
        return set_statistics(env, c, cmd->ival, e);
    case SQL_ALTER_SET_STORAGE:
        return set_storage(env, c, cmd->str, e);
    case SQL_ALTER_SET_COMPRESSION:
        return set_compression(env, c, cmd->str, e);
    case SQL_ALTER_SET_COLOPTIONS: {
        char *o;
        int rc =
            sql__reloptions_apply(env, RK_ATTR, c->attoptions, &cmd->options, cmd->flag, &o, e);
        if (rc == 0)
            c->attoptions = o;
        return rc;
    }
    case SQL_ALTER_CLUSTER_ON: {
        struct sql_idx_desc *ix;
        int rc = table_index(env, t, cmd->name, &ix, e);
        if (rc != 0)
            return rc;
        for (int i = 0; i < t->nidx; i++)
            t->idx[i].clustered = false;
        ix->clustered = true;
        return 0;
    }
    case SQL_ALTER_DROP_CLUSTER:
        for (int i = 0; i < t->nidx; i++)
            t->idx[i].clustered = false;
        return 0;
    case SQL_ALTER_NOOP:
        return noop_form(t, cmd, e);
    case SQL_ALTER_OWNER:
        return owner_to(env, t, cmd->str, e);
    case SQL_ALTER_TRIGGER: /* trigger_ddl.c */
        return sql__trigger_enable(t, cmd->ch == 0 ? cmd->name : NULL, cmd->ch,
                                   !cmd->flag      ? 'D'
                                   : cmd->num != 0 ? (char)cmd->num
                                                   : 'O',
                                   e);
    case SQL_ALTER_RULE:
        return err_set_state(e, ERR_NOTFOUND, "42704",
                             "rule \"%s\" for relation \"%s\" does not exist", cmd->name, t->name);
    case SQL_ALTER_ADD_IDENTITY:
        return add_identity(env, t, c, cmd, e);
    case SQL_ALTER_SET_IDENTITY:
        return set_identity(env, t, c, cmd, e);
    case SQL_ALTER_DROP_IDENTITY:
        return drop_identity(env, t, c, cmd, e);
    default:
        return sql__ddl_unsupported(e, "this form of ALTER TABLE");
    }
}

/* ---- ALTER INDEX ---- */

int sql__alter_index(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.alter_table.table;
    const struct sql_table_desc *t0;
    int pos;
    int rc = sql_cat_index(env, rv->name.schema, rv->name.name, &t0, &pos, e);
    if (rc != 0)
        return rc;
    if (t0 == NULL) {
        uint32_t oid;
        char kind;
        rc = sql__find_rel_rv(env, rv, st->u.alter_table.if_exists, &oid, &kind, e);
        if (rc != 0 || oid == 0)
            return rc;
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not an index", rv->name.name);
    }
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    struct sql_idx_desc *ix = &t->idx[pos];
    for (int i = 0; i < st->u.alter_table.cmds.n; i++) {
        const struct sql_alter_cmd *cmd = st->u.alter_table.cmds.items[i];
        switch (cmd->kind) {
        case SQL_ALTER_SET_RELOPTIONS: {
            char *o;
            rc = sql__reloptions_apply(env, RK_INDEX, ix->options, &cmd->options, cmd->flag, &o, e);
            if (rc == 0)
                ix->options = o;
            break;
        }
        case SQL_ALTER_SET_STATISTICS: {
            if (cmd->name != NULL)
                return err_set_state(e, ERR_INVAL, "0A000",
                                     "cannot alter statistics on included column \"%s\" of index "
                                     "\"%s\"",
                                     cmd->name, ix->name);
            if (cmd->num < 1 || cmd->num > ix->ncols)
                return err_set_state(e, ERR_NOTFOUND, "42703",
                                     "column number %d of relation \"%s\" does not exist", cmd->num,
                                     ix->name);
            if (ix->exprs[cmd->num - 1] == NULL) {
                const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[cmd->num - 1]);
                return err_set_state(e, ERR_INVAL, "0A000",
                                     "cannot alter statistics on non-expression column \"%s\" of "
                                     "index \"%s\"\nHINT:  Alter statistics on table column "
                                     "instead.",
                                     c != NULL ? c->name : "?", ix->name);
            }
            return sql__ddl_unsupported(e, "SET STATISTICS on an index expression column");
        }
        case SQL_ALTER_NOOP:
            if (cmd->ch == 'm')
                return sql__ddl_unsupported(e, "this form of ALTER INDEX");
            rc = noop_form(t, cmd, e);
            break;
        default:
            return sql__ddl_unsupported(e, "this form of ALTER INDEX");
        }
        if (rc != 0)
            return rc;
    }
    t->version++;
    return sql__desc_store(env, t, e);
}

/* ---- DROP of object types that cannot be created here ---- */

static bool in_list(const char *name, const char *const *l)
{
    for (; *l != NULL; l++)
        if (strcmp(name, *l) == 0)
            return true;
    return false;
}

static const char *const ts_langs[] = {
    "simple",  "arabic",    "armenian",   "basque",   "catalan", "danish",
    "dutch",   "english",   "finnish",    "french",   "german",  "greek",
    "hindi",   "hungarian", "indonesian", "irish",    "italian", "lithuanian",
    "nepali",  "norwegian", "portuguese", "romanian", "russian", "serbian",
    "spanish", "swedish",   "tamil",      "turkish",  "yiddish", NULL};

static const char *const index_ams[] = {"btree", "hash", "gist", "gin", "spgist", "brin", NULL};

/* Whether PostgreSQL has a built-in object of this kind and name (which
 * this system does not model: 0A000 rather than "does not exist"). */
static bool builtin_object(const char *what, const char *name)
{
    static const char *const collations[] = {"default", "C", "POSIX", "ucs_basic", NULL};
    static const char *const langs[] = {"internal", "c", "sql", "plpgsql", NULL};
    static const char *const ams[] = {"heap", "btree",  "hash", "gist",
                                      "gin",  "spgist", "brin", NULL};
    static const char *const templates[] = {"simple", "synonym",  "thesaurus",
                                            "ispell", "snowball", NULL};
    if (strcmp(what, "collation") == 0)
        return in_list(name, collations);
    if (strcmp(what, "language") == 0)
        return in_list(name, langs);
    if (strcmp(what, "access method") == 0)
        return in_list(name, ams);
    if (strcmp(what, "conversion") == 0)
        return strstr(name, "_to_") != NULL;
    if (strcmp(what, "text search parser") == 0)
        return strcmp(name, "default") == 0;
    if (strcmp(what, "text search template") == 0)
        return in_list(name, templates);
    if (strcmp(what, "text search configuration") == 0)
        return in_list(name, ts_langs);
    if (strcmp(what, "text search dictionary") == 0) {
        size_t n = strlen(name);
        if (n > 5 && strcmp(name + n - 5, "_stem") == 0) {
            char lang[64];
            snprintf(lang, sizeof(lang), "%.*s", (int)(n - 5), name);
            return in_list(lang, ts_langs);
        }
        return strcmp(name, "simple") == 0;
    }
    if (strcmp(what, "operator class") == 0 || strcmp(what, "operator family") == 0) {
        size_t n = strlen(name);
        return n > 4 && strcmp(name + n - 4, "_ops") == 0;
    }
    return false;
}

/* "does not exist": the error, or under IF EXISTS the notice "..., skipping". */
static int missing(struct sql_env *env, bool if_exists, const char *err_msg, const char *skip_msg,
                   struct err *e)
{
    if (if_exists)
        return sql__ddl_notice(env, "00000", "%s, skipping", skip_msg);
    return err_set_state(e, ERR_NOTFOUND, "42704", "%s", err_msg);
}

int sql__drop_other(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    const char *what = st->u.drop.what;
    bool ife = st->u.drop.if_exists;
    char up[64];
    size_t k = 0;
    for (const char *p = what; *p && k + 1 < sizeof(up); p++)
        up[k++] = (char)toupper((unsigned char)*p);
    up[k] = '\0';
    if (strcmp(what, "foreign-data wrapper") == 0)
        snprintf(up, sizeof(up), "FOREIGN DATA WRAPPER");
    else if (strcmp(what, "statistics object") == 0)
        snprintf(up, sizeof(up), "STATISTICS");
    sbuf_printf(tag, "DROP %s", up);
    for (int i = 0; i < st->u.drop.parts.n; i++) {
        const struct sql_list *l = st->u.drop.parts.items[i];
        const char *name = l->items[l->n - 1];
        int rc = 0;
        switch (st->u.drop.form) {
        case 'n': {
            if (builtin_object(what, name))
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "DROP of the built-in %s \"%s\" is not supported", what, name);
            if (l->n >= 2) { /* a qualified name: its schema first */
                uint32_t so = 0;
                rc = sql__schema_oid(env, l->items[l->n - 2], &so, e);
                if (rc != 0)
                    return rc;
                if (so == 0) {
                    rc = ife ? sql__ddl_notice(env, "00000",
                                               "schema \"%s\" does not exist, skipping",
                                               (const char *)l->items[l->n - 2])
                             : err_set_state(e, ERR_NOTFOUND, "3F000",
                                             "schema \"%s\" does not exist",
                                             (const char *)l->items[l->n - 2]);
                    break;
                }
            }
            struct sbuf full;
            sbuf_init(&full);
            for (int j = 0; j < l->n; j++)
                sbuf_printf(&full, "%s%s", j > 0 ? "." : "", (const char *)l->items[j]);
            struct mem_ctx *m = env->stmt_ctx;
            const char *skip = mem_printf(m, "%s \"%s\" does not exist", what, full.data);
            if (strcmp(what, "collation") == 0)
                rc = missing(env, ife,
                             mem_printf(m, "collation \"%s\" for encoding \"UTF8\" does not exist",
                                        full.data),
                             skip, e);
            else
                rc = missing(env, ife, skip, skip, e);
            sbuf_free(&full);
            break;
        }
        case 'a': { /* opclass / opfamily: items[0] is the access method */
            const char *am = l->items[0];
            if (!in_list(am, index_ams)) {
                rc = err_set_state(e, ERR_NOTFOUND, "42704", "access method \"%s\" does not exist",
                                   am);
                break;
            }
            if (builtin_object(what, name))
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "DROP of the built-in %s \"%s\" is not supported", what, name);
            const char *msg = mem_printf(
                env->stmt_ctx, "%s \"%s\" does not exist for access method \"%s\"", what, name, am);
            rc = missing(env, ife, msg, msg, e);
            break;
        }
        default: { /* 'r': name ON relation */
            struct sql_rangevar rv;
            memset(&rv, 0, sizeof(rv));
            rv.persistence = 'p';
            rv.name.name = l->items[l->n - 2];
            rv.name.schema = l->n >= 3 ? l->items[l->n - 3] : NULL;
            uint32_t oid, ns;
            char kind;
            rc = sql__find_rel(env, rv.name.schema, rv.name.name, &oid, &kind, &ns, e);
            if (rc != 0)
                return rc;
            if (oid == 0) {
                if (rv.name.schema != NULL && ns == 0)
                    rc = ife ? sql__ddl_notice(env, "00000",
                                               "schema \"%s\" does not exist, skipping",
                                               rv.name.schema)
                             : err_set_state(e, ERR_NOTFOUND, "3F000",
                                             "schema \"%s\" does not exist", rv.name.schema);
                else
                    rc = ife ? sql__ddl_notice(env, "00000",
                                               "relation \"%s\" does not exist, skipping",
                                               rv.name.name)
                             : err_set_state(e, ERR_NOTFOUND, "42P01",
                                             "relation \"%s\" does not exist", rv.name.name);
                break;
            }
            if (strcmp(what, "rule") == 0 && (kind == 'v' || kind == 'm') &&
                strcmp(name, "_RETURN") == 0)
                return sql__ddl_unsupported(e, "DROP RULE \"_RETURN\"");
            rc = missing(env, ife,
                         mem_printf(env->stmt_ctx, "%s \"%s\" for %s \"%s\" does not exist", what,
                                    name, strcmp(what, "rule") == 0 ? "relation" : "table",
                                    rv.name.name),
                         mem_printf(env->stmt_ctx, "%s \"%s\" for relation \"%s\" does not exist",
                                    what, name, rv.name.name),
                         e);
            break;
        }
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- REINDEX ---- */

static int reindex_info(struct sql_env *env, const char *idx)
{
    if (env->notice == NULL)
        return 0;
    char msg[256];
    snprintf(msg, sizeof(msg), "index \"%s\" was reindexed", idx);
    struct sql_notice n = {.severity = "INFO", .sqlstate = "00000", .message = msg};
    return env->notice(env->notice_arg, &n);
}

/* Rebuild the indexes of t0 (pos -1: all of them, else that one). */
static int reindex_table(struct sql_env *env, const struct sql_table_desc *t0, int pos,
                         bool verbose, struct err *e)
{
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    for (int i = 0; i < t->nidx; i++) {
        if (t->idx[i].oid == 0 || (pos >= 0 && i != pos))
            continue;
        if (i > 0) { /* the primary index holds the rows themselves */
            int rc = sql__garbage_add(env, t->oid, t->idx[i].id, e);
            if (rc == 0)
                rc = sql__index_id_new(env, t, &t->idx[i].id, e);
            if (rc != 0)
                return rc;
            struct sql_table_desc tmp = *t;
            tmp.nidx = 1;
            rc = sql__idx_backfill(env, &tmp, &t->idx[i], false, e);
            if (rc != 0)
                return rc;
        }
        if (verbose) {
            int rc = reindex_info(env, t->idx[i].name);
            if (rc != 0)
                return rc;
        }
    }
    t->version++;
    return sql__desc_store(env, t, e);
}

static bool has_user_index(const struct sql_table_desc *t)
{
    for (int i = 0; i < t->nidx; i++)
        if (t->idx[i].oid != 0)
            return true;
    return false;
}

int sql__reindex(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    char kind = st->u.reindex.kind;
    bool conc = st->u.reindex.concurrent, verbose = st->u.reindex.verbose;
    if (st->u.reindex.tablespace != NULL && strcmp(st->u.reindex.tablespace, "pg_default") != 0)
        return err_set_state(e, ERR_NOTFOUND, "42704", "tablespace \"%s\" does not exist",
                             st->u.reindex.tablespace);
    if (kind == 'i' || kind == 't') {
        const struct sql_rangevar *rv = st->u.reindex.rel;
        if (rv->name.schema != NULL && strcmp(rv->name.schema, "pg_catalog") == 0 && conc)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "cannot reindex system catalogs concurrently");
        uint32_t oid, ns;
        char rk;
        int rc = sql__find_rel(env, rv->name.schema, rv->name.name, &oid, &rk, &ns, e);
        if (rc != 0)
            return rc;
        if (oid == 0) {
            const struct sql_vtab *vt = sql_vtab_lookup(rv->name.schema, rv->name.name);
            if (vt != NULL) {
                if (conc)
                    return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                         "cannot reindex system catalogs concurrently");
                if (kind == 'i')
                    return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not an index",
                                         rv->name.name);
                return 0; /* a catalog: served from descriptors, nothing to rebuild */
            }
            if (rv->name.schema != NULL && ns == 0)
                return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                     rv->name.schema);
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                                 rv->name.name);
        }
        if (kind == 'i') {
            if (rk != 'i')
                return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not an index",
                                     rv->name.name);
            const struct sql_table_desc *t;
            int pos;
            rc = sql_cat_index(env, rv->name.schema, rv->name.name, &t, &pos, e);
            if (rc != 0)
                return rc;
            if (t == NULL)
                return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                                     rv->name.name);
            return reindex_table(env, t, pos, verbose, e);
        }
        const struct sql_table_desc *t;
        rc = sql_cat_table_by_oid(env, oid, &t, e);
        if (rc != 0)
            return rc;
        if (t == NULL || t->kind != 'r')
            return err_set_state(e, ERR_INVAL, "42809",
                                 "\"%s\" is not a table or materialized view", rv->name.name);
        if (!has_user_index(t))
            return sql__ddl_notice(env, "00000",
                                   conc ? "table \"%s\" has no indexes that can be reindexed "
                                          "concurrently"
                                        : "table \"%s\" has no indexes to reindex",
                                   t->name);
        return reindex_table(env, t, -1, verbose, e);
    }
    if (kind == 'y' && conc)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "cannot reindex system catalogs concurrently");
    uint32_t schema = 0;
    if (kind == 's') {
        int rc = sql__schema_oid(env, st->u.reindex.name, &schema, e);
        if (rc != 0)
            return rc;
        if (schema == 0)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                 st->u.reindex.name);
        if (conc && (schema == SQL_NS_PG_CATALOG || schema == SQL_NS_INFORMATION))
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "cannot reindex system catalogs concurrently");
    } else if (st->u.reindex.name != NULL && env->database != NULL &&
               strcmp(st->u.reindex.name, env->database) != 0) {
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "can only reindex the currently open database");
    }
    if (kind == 'y')
        return 0; /* system catalogs: served from descriptors, nothing to rebuild */
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct sql_table_desc *t = all[i];
        if (t->kind != 'r' || (kind == 's' && t->schema_oid != schema) || !has_user_index(t))
            continue;
        if (sql_temp_is_schema_name(t->schema) && kind != 's')
            continue;
        rc = reindex_table(env, t, -1, verbose, e);
    }
    return rc;
}

/* ---- COMMENT ON INDEX / CONSTRAINT ---- */

int sql__comment_index_constraint(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_list *nm = &st->u.comment.name;
    const char *text = st->u.comment.comment;
    char *val = text != NULL && *text ? mem_strdup(env->stmt_ctx, text) : NULL;
    if (st->u.comment.objtype == SQL_OBJ_VIEW || st->u.comment.objtype == SQL_OBJ_SEQUENCE) {
        bool view = st->u.comment.objtype == SQL_OBJ_VIEW;
        if (nm->n < 1 || nm->n > 2)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "improper relation name (too many dotted names)");
        const char *schema = nm->n == 2 ? nm->items[0] : NULL, *name = nm->items[nm->n - 1];
        uint32_t oid, ns;
        char kind;
        int rc = sql__find_rel(env, schema, name, &oid, &kind, &ns, e);
        if (rc != 0)
            return rc;
        if (oid == 0) {
            if (schema != NULL && ns == 0)
                return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                     schema);
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", name);
        }
        const struct sql_table_desc *t0;
        rc = sql_cat_table_by_oid(env, oid, &t0, e);
        if (rc != 0)
            return rc;
        if (t0 == NULL || t0->kind != (view ? 'v' : 'S'))
            return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a %s", name,
                                 view ? "view" : "sequence");
        struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
        t->comment = val;
        t->version++;
        return sql__desc_store(env, t, e);
    }
    if (st->u.comment.objtype == SQL_OBJ_INDEX) {
        if (nm->n < 1 || nm->n > 2)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "improper relation name (too many dotted names)");
        const char *schema = nm->n == 2 ? nm->items[0] : NULL, *name = nm->items[nm->n - 1];
        const struct sql_table_desc *t0;
        int pos;
        int rc = sql_cat_index(env, schema, name, &t0, &pos, e);
        if (rc != 0)
            return rc;
        if (t0 == NULL) {
            uint32_t oid, ns;
            char kind;
            rc = sql__find_rel(env, schema, name, &oid, &kind, &ns, e);
            if (rc != 0)
                return rc;
            if (oid != 0)
                return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not an index", name);
            if (schema != NULL && ns == 0)
                return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                     schema);
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", name);
        }
        struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
        t->idx[pos].comment = val;
        t->version++;
        return sql__desc_store(env, t, e);
    }
    if (nm->n < 2 || nm->n > 3)
        return err_set_state(e, ERR_INVAL, "42601",
                             "improper relation name (too many dotted names)");
    struct sql_rangevar rv;
    memset(&rv, 0, sizeof(rv));
    rv.persistence = 'p';
    rv.name.schema = nm->n == 3 ? nm->items[0] : NULL;
    rv.name.name = nm->items[nm->n - 2];
    const char *con = nm->items[nm->n - 1];
    const struct sql_table_desc *t0;
    int rc = sql__open_table(env, &rv, false, &t0, e);
    if (rc != 0)
        return rc;
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    bool hit = false;
    for (int i = 0; i < t->nchecks && !hit; i++)
        if (strcmp(t->checks[i].name, con) == 0) {
            t->checks[i].comment = val;
            hit = true;
        }
    for (int i = 0; i < t->nfks && !hit; i++)
        if (strcmp(t->fks[i].name, con) == 0) {
            t->fks[i].comment = val;
            hit = true;
        }
    for (int i = 0; i < t->nidx && !hit; i++)
        if (t->idx[i].constraint && strcmp(t->idx[i].name, con) == 0) {
            t->idx[i].concomment = val;
            hit = true;
        }
    if (!hit)
        return err_set_state(e, ERR_NOTFOUND, "42704",
                             "constraint \"%s\" for table \"%s\" does not exist", con, t->name);
    t->version++;
    return sql__desc_store(env, t, e);
}

/* ---- action names (PostgreSQL's alter_table_type_to_string) ---- */

const char *sql__alter_action_name(const struct sql_alter_cmd *cmd)
{
    switch (cmd->kind) {
    case SQL_ALTER_ADD_COLUMN:
        return "ADD COLUMN";
    case SQL_ALTER_DROP_COLUMN:
        return "DROP COLUMN";
    case SQL_ALTER_ADD_CONSTRAINT:
        return "ADD CONSTRAINT";
    case SQL_ALTER_DROP_CONSTRAINT:
        return "DROP CONSTRAINT";
    case SQL_ALTER_SET_DEFAULT:
        return "ALTER COLUMN ... SET DEFAULT";
    case SQL_ALTER_DROP_DEFAULT:
        return "ALTER COLUMN ... DROP DEFAULT";
    case SQL_ALTER_SET_NOT_NULL:
        return "ALTER COLUMN ... SET NOT NULL";
    case SQL_ALTER_DROP_NOT_NULL:
        return "ALTER COLUMN ... DROP NOT NULL";
    case SQL_ALTER_TYPE:
        return "ALTER COLUMN ... SET DATA TYPE";
    case SQL_ALTER_DROP_EXPRESSION:
        return "ALTER COLUMN ... DROP EXPRESSION";
    case SQL_ALTER_VALIDATE_CONSTRAINT:
        return "VALIDATE CONSTRAINT";
    case SQL_ALTER_SET_RELOPTIONS:
        return cmd->flag ? "RESET" : "SET";
    case SQL_ALTER_SET_PERSISTENCE:
        return cmd->ch == 'u' ? "SET UNLOGGED" : "SET LOGGED";
    case SQL_ALTER_REPLICA_IDENTITY:
        return "REPLICA IDENTITY";
    case SQL_ALTER_ALTER_CONSTRAINT:
        return "ALTER CONSTRAINT";
    case SQL_ALTER_SET_STATISTICS:
        return "ALTER COLUMN ... SET STATISTICS";
    case SQL_ALTER_SET_STORAGE:
        return "ALTER COLUMN ... SET STORAGE";
    case SQL_ALTER_SET_COMPRESSION:
        return "ALTER COLUMN ... SET COMPRESSION";
    case SQL_ALTER_SET_COLOPTIONS:
        return cmd->flag ? "ALTER COLUMN ... RESET" : "ALTER COLUMN ... SET";
    case SQL_ALTER_CLUSTER_ON:
        return "CLUSTER ON";
    case SQL_ALTER_DROP_CLUSTER:
        return "SET WITHOUT CLUSTER";
    case SQL_ALTER_NOOP:
        return cmd->ch == 't'   ? "SET TABLESPACE"
               : cmd->ch == 'm' ? "SET ACCESS METHOD"
                                : "SET WITHOUT OIDS";
    case SQL_ALTER_OWNER:
        return "OWNER TO";
    case SQL_ALTER_TRIGGER:
        return cmd->flag ? (cmd->ch == 'a'   ? "ENABLE TRIGGER ALL"
                            : cmd->ch == 'u' ? "ENABLE TRIGGER USER"
                                             : "ENABLE TRIGGER")
                         : (cmd->ch == 'a'   ? "DISABLE TRIGGER ALL"
                            : cmd->ch == 'u' ? "DISABLE TRIGGER USER"
                                             : "DISABLE TRIGGER");
    case SQL_ALTER_RULE:
        return "ENABLE RULE";
    case SQL_ALTER_ADD_IDENTITY:
        return "ALTER COLUMN ... ADD IDENTITY";
    case SQL_ALTER_SET_IDENTITY:
        return "ALTER COLUMN ... SET";
    case SQL_ALTER_DROP_IDENTITY:
        return "ALTER COLUMN ... DROP IDENTITY";
    case SQL_ALTER_OF:
        return "OF";
    }
    return NULL;
}
