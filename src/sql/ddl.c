/* ddl.c — DDL dispatch and the shared pieces of table DDL: naming
 * (PostgreSQL's makeObjectName / ChooseRelationName), column definitions,
 * constraints and indexes; CREATE TABLE, CREATE INDEX, DROP, TRUNCATE,
 * RENAME, COMMENT, VACUUM / ANALYZE.
 *
 * Every write goes through env->txn (transactional DDL) and sets
 * env->txn_did_ddl. Data of dropped and truncated relations is not deleted
 * row by row in the transaction: its key spans are queued as garbage
 * (catalog_int.h) and deleted by VACUUM in batches of its own.
 *
 * Known limit: DDL takes no table lock, so a concurrent transaction
 * writing with the previous descriptor is not stopped (PostgreSQL's ACCESS
 * EXCLUSIVE lock); run schema changes while the table is quiet.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/acl.h"
#include "sql/ddl_int.h"
#include "sql/view.h"
#include "sql/stats.h"
#include "sql/enum.h"
#include "sql/domain.h"
#include "sql/ctype.h"
#include "sql/deparse.h"
#include "sql/engine_int.h"
#include "sql/env.h"
#include "sql/fk.h"
#include "sql/parse.h"
#include "sql/rowtype.h"
#include "sql/sqlfn.h"
#include "sql/temp.h"
#include "sql/trigger.h"
#include "sql/vtab.h"

#include <stdio.h>
#include <string.h>

/* ---- small helpers ---- */

int sql__ddl_notice(struct sql_env *env, const char *sqlstate, const char *fmt, ...)
{
    if (env->notice == NULL)
        return 0;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct sql_notice n = {.severity = "NOTICE", .sqlstate = sqlstate, .message = msg};
    return env->notice(env->notice_arg, &n);
}

int sql__ddl_warning(struct sql_env *env, const char *sqlstate, const char *fmt, ...)
{
    if (env->notice == NULL)
        return 0;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct sql_notice n = {.severity = "WARNING", .sqlstate = sqlstate, .message = msg};
    return env->notice(env->notice_arg, &n);
}

int sql__ddl_unsupported(struct err *e, const char *what)
{
    return err_set_state(e, ERR_UNSUPPORTED, "0A000", "%s is not supported", what);
}

/* PostgreSQL's makeObjectName: name1[_name2][_label], truncating the
 * longer of name1/name2 until it fits NAMEDATALEN - 1 bytes. */
void sql__make_name(const char *name1, const char *name2, const char *label, char *out)
{
    size_t overhead = (label && *label ? strlen(label) + 1 : 0) + (name2 ? 1 : 0);
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t avail = SQL_NAME_MAX - overhead;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    /* don't cut a UTF-8 sequence */
    while (n1 > 0 && ((unsigned char)name1[n1] & 0xC0) == 0x80)
        n1--;
    while (n2 > 0 && name2 && ((unsigned char)name2[n2] & 0xC0) == 0x80)
        n2--;
    int w = snprintf(out, SQL_NAME_BUF, "%.*s", (int)n1, name1);
    if (name2)
        w += snprintf(out + w, SQL_NAME_BUF - (size_t)w, "_%.*s", (int)n2, name2);
    if (label && *label)
        snprintf(out + w, SQL_NAME_BUF - (size_t)w, "_%s", label);
}

/* Names chosen earlier in this statement (not yet stored). */
static bool pending_has(const struct sql__pending *p, const char *name)
{
    for (int i = 0; p && i < p->n; i++)
        if (strcmp(p->names[i], name) == 0)
            return true;
    return false;
}

void sql__pending_add(struct sql__pending *p, const char *name)
{
    if (p->n < SQL__PENDING_MAX)
        snprintf(p->names[p->n++], SQL_NAME_BUF, "%s", name);
}

/* ChooseRelationName: name1_name2_label, then ..._label1, _label2, ... */
int sql__choose_rel_name(struct sql_env *env, uint32_t schema, const char *name1, const char *name2,
                         const char *label, struct sql__pending *pend, char *out, struct err *e)
{
    char mod[SQL_NAME_BUF];
    for (int pass = 0;; pass++) {
        if (pass == 0)
            snprintf(mod, sizeof(mod), "%s", label);
        else
            snprintf(mod, sizeof(mod), "%s%d", label, pass);
        sql__make_name(name1, name2, mod, out);
        uint32_t oid;
        int rc = sql__name_lookup(env, schema, out, &oid, NULL, e);
        if (rc != 0)
            return rc;
        if (oid == 0 && !pending_has(pend, out)) {
            if (pend)
                sql__pending_add(pend, out);
            return 0;
        }
    }
}

/* Collect the distinct column names an expression references (for CHECK
 * constraint names and DROP COLUMN dependencies). */
static void refs_add(struct sql__colrefs *r, const char *name, int location)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->names[i], name) == 0)
            return;
    if (r->n < SQL__COLREFS_MAX) {
        r->locations[r->n] = location;
        r->names[r->n++] = name;
    } else
        r->overflow = true;
}

static bool sublink_visit(struct sql_expr *x, bool known, void *arg)
{
    if (x->kind == SQL_EXPR_SUBLINK)
        *(bool *)arg = true;
    return known;
}

static bool refs_visit(struct sql_expr *x, bool known, void *arg)
{
    struct sql__colrefs *r = arg;
    if (x->kind == SQL_EXPR_COLUMN) {
        if (x->u.column.fields.n > 0 && !x->u.column.star)
            refs_add(r, x->u.column.fields.items[x->u.column.fields.n - 1], x->location);
        else
            r->overflow = true;
    } else if (x->kind == SQL_EXPR_SUBLINK) {
        r->overflow = true; /* PostgreSQL refuses subqueries in CHECK anyway */
    }
    return known;
}

/* PostgreSQL's "cannot use column reference in DEFAULT expression" (42P10,
 * at the first reference) for a DEFAULT x outside subqueries. */
int sql__default_colref_check(const struct sql_expr *x, bool pos, struct err *e)
{
    struct sql__colrefs r;
    memset(&r, 0, sizeof(r));
    sql__expr_colrefs(x, &r);
    bool sub = false;
    sql_expr_walk((struct sql_expr *)x, sublink_visit, &sub);
    if (sub || (r.n == 0 && !r.overflow))
        return 0;
    int loc = r.n > 0 ? r.locations[0] : -1;
    for (int i = 1; i < r.n; i++)
        if (r.locations[i] >= 0 && (loc < 0 || r.locations[i] < loc))
            loc = r.locations[i];
    if (pos) /* CREATE TABLE; ALTER TABLE gives none, as PostgreSQL */
        sql__ddl_errpos(loc);
    return err_set_state(e, ERR_INVAL, "42P10",
                         "cannot use column reference in DEFAULT expression");
}

void sql__expr_colrefs(const struct sql_expr *x, struct sql__colrefs *r)
{
    sql_expr_walk((struct sql_expr *)x, refs_visit, r); /* the visitor only reads */
}

/* Parse stored expression text back ("SELECT <text>") and collect its
 * column references. */
int sql__text_colrefs(struct sql_env *env, const char *sql, struct sql__colrefs *r, struct err *e)
{
    char *q = mem_printf(env->stmt_ctx, "SELECT %s", sql);
    struct sql_parse_result pr;
    int rc = sql_parse(q, strlen(q), NULL, env->stmt_ctx, &pr, e);
    if (rc != 0)
        return rc;
    if (pr.n != 1 || pr.stmts[0]->kind != SQL_STMT_SELECT || pr.stmts[0]->u.select->targets.n != 1)
        return err_set(e, ERR_CORRUPT, "catalog: bad stored expression \"%s\"", sql);
    const struct sql_target *tg = pr.stmts[0]->u.select->targets.items[0];
    sql__expr_colrefs(tg->val, r);
    return 0;
}

void sql__ddl_errpos(int location)
{
    eng__set_error_location(location);
}

void sql__ddl_expr_errpos(const struct sql_table_desc *t, const struct sql_expr *x, bool is_default,
                          const struct err *e)
{
    int loc = -1;
    if (x != NULL && strcmp(err_sqlstate(e), "42703") == 0) {
        struct sql__colrefs r = {0};
        sql__expr_colrefs(x, &r);
        for (int i = 0; i < r.n && loc < 0; i++)
            if (sql_cat_column(t, r.names[i]) == NULL)
                loc = r.locations[i];
    } else if (x != NULL && is_default) {
        loc = x->location;
    }
    eng__set_error_location(loc);
}

/* The one place where DDL compiles a stored expression (DEFAULT, CHECK)
 * to validate it; x may be NULL when the caller only validates. */
int sql__ddl_compile(struct sql_env *env, const struct sql_table_desc *t, const char *sql,
                     uint32_t type, int32_t typmod, struct mem_ctx *ctx, struct sql_rowexpr **x,
                     struct err *e)
{
    struct sql_rowexpr *tmp;
    return sql_rowexpr_compile(env, t, sql, type, typmod, ctx, x ? x : &tmp, e);
}

char *sql__deparse(struct sql_env *env, const struct sql_expr *x)
{
    struct sbuf b;
    sbuf_init(&b);
    sql_deparse_expr(x, &b);
    char *s = mem_strdup(env->stmt_ctx, b.data ? b.data : "");
    sbuf_free(&b);
    return s;
}

const char *sql_opclass_name(int opc)
{
    switch (opc) {
    case SQL_OPC_TEXT_PATTERN:
        return "text_pattern_ops";
    case SQL_OPC_VARCHAR_PATTERN:
        return "varchar_pattern_ops";
    case SQL_OPC_BPCHAR_PATTERN:
        return "bpchar_pattern_ops";
    default:
        return NULL;
    }
}

/* A btree operator class for a column of type: the pattern classes
 * (text/varchar: text_pattern_ops, varchar_pattern_ops; char(n):
 * bpchar_pattern_ops) or the type's default class by name (int4_ops ...;
 * stored as the default). PostgreSQL's 42704 / 42804 otherwise. */
static int opclass_of(struct sql_env *env, const struct sql_qname *q, uint32_t type, int *opc,
                      struct err *e)
{
    static const struct {
        const char *name;
        uint32_t type, type2;
        int opc;
    } cls[] = {
        {"text_pattern_ops", SQL_T_TEXT, SQL_T_VARCHAR, SQL_OPC_TEXT_PATTERN},
        {"varchar_pattern_ops", SQL_T_TEXT, SQL_T_VARCHAR, SQL_OPC_VARCHAR_PATTERN},
        {"bpchar_pattern_ops", SQL_T_BPCHAR, 0, SQL_OPC_BPCHAR_PATTERN},
        {"text_ops", SQL_T_TEXT, SQL_T_VARCHAR, SQL_OPC_DEFAULT},
        {"varchar_ops", SQL_T_TEXT, SQL_T_VARCHAR, SQL_OPC_DEFAULT},
        {"bpchar_ops", SQL_T_BPCHAR, 0, SQL_OPC_DEFAULT},
        {"int2_ops", SQL_T_INT2, 0, SQL_OPC_DEFAULT},
        {"int4_ops", SQL_T_INT4, 0, SQL_OPC_DEFAULT},
        {"int8_ops", SQL_T_INT8, 0, SQL_OPC_DEFAULT},
        {"float4_ops", SQL_T_FLOAT4, 0, SQL_OPC_DEFAULT},
        {"float8_ops", SQL_T_FLOAT8, 0, SQL_OPC_DEFAULT},
        {"numeric_ops", SQL_T_NUMERIC, 0, SQL_OPC_DEFAULT},
        {"bool_ops", SQL_T_BOOL, 0, SQL_OPC_DEFAULT},
        {"bytea_ops", SQL_T_BYTEA, 0, SQL_OPC_DEFAULT},
        {"date_ops", SQL_T_DATE, 0, SQL_OPC_DEFAULT},
        {"time_ops", SQL_T_TIME, 0, SQL_OPC_DEFAULT},
        {"timestamp_ops", SQL_T_TIMESTAMP, 0, SQL_OPC_DEFAULT},
        {"timestamptz_ops", SQL_T_TIMESTAMPTZ, 0, SQL_OPC_DEFAULT},
        {"interval_ops", SQL_T_INTERVAL, 0, SQL_OPC_DEFAULT},
        {"uuid_ops", SQL_T_UUID, 0, SQL_OPC_DEFAULT},
        {"inet_ops", SQL_T_INET, SQL_T_CIDR, SQL_OPC_DEFAULT},
        {"cidr_ops", SQL_T_INET, SQL_T_CIDR, SQL_OPC_DEFAULT},
        {"macaddr_ops", SQL_T_MACADDR, 0, SQL_OPC_DEFAULT},
        {"macaddr8_ops", SQL_T_MACADDR8, 0, SQL_OPC_DEFAULT},
        {"jsonb_ops", SQL_T_JSONB, 0, SQL_OPC_DEFAULT},
        {"oid_ops", SQL_T_OID, 0, SQL_OPC_DEFAULT},
        {"name_ops", SQL_T_NAME, 0, SQL_OPC_DEFAULT},
    };
    if (q->schema != NULL && strcmp(q->schema, "pg_catalog") != 0) {
        struct sql_schema_desc sd;
        bool found = false;
        int rc = sql_cat_schema(env, q->schema, &sd, &found, e);
        if (rc != 0)
            return rc;
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                 q->schema);
        return err_set_state(e, ERR_NOTFOUND, "42704",
                             "operator class \"%s.%s\" does not exist for access method \"btree\"",
                             q->schema, q->name);
    }
    for (size_t i = 0; i < sizeof cls / sizeof cls[0]; i++) {
        if (strcmp(cls[i].name, q->name) != 0)
            continue;
        if (type != cls[i].type && (cls[i].type2 == 0 || type != cls[i].type2)) {
            struct sbuf tn;
            sbuf_init(&tn);
            sql_type_format(type, -1, &tn);
            int rc = err_set_state(e, ERR_INVAL, "42804",
                                   "operator class \"%s\" does not accept data type %s", q->name,
                                   tn.data ? tn.data : "?");
            sbuf_free(&tn);
            return rc;
        }
        *opc = cls[i].opc;
        return 0;
    }
    return err_set_state(e, ERR_NOTFOUND, "42704",
                         "operator class \"%s\" does not exist for access method \"btree\"",
                         q->name);
}

static const char *rel_kind_word(char kind)
{
    return kind == 'S' ? "sequence" : kind == 'i' ? "index" : kind == 'v' ? "view" : "table";
}

/* ---- relation lookups for DDL ---- */

int sql__find_rel(struct sql_env *env, const char *schema, const char *name, uint32_t *oid,
                  char *kind, uint32_t *schema_oid, struct err *e)
{
    *oid = 0;
    *kind = 0;
    if (schema != NULL) {
        int rc = sql__schema_oid(env, schema, schema_oid, e);
        if (rc != 0 || *schema_oid == 0)
            return rc;
        return sql__name_lookup(env, *schema_oid, name, oid, kind, e);
    }
    int n = env->nsearch;
    for (int i = 0; i < (n > 0 ? n : 1); i++) {
        const char *s = n > 0 ? env->search_path[i] : SQL_NS_PUBLIC_NAME;
        int rc = sql__schema_oid(env, s, schema_oid, e);
        if (rc != 0)
            return rc;
        if (*schema_oid == 0 || *schema_oid == SQL_NS_PG_CATALOG ||
            *schema_oid == SQL_NS_INFORMATION)
            continue;
        rc = sql__name_lookup(env, *schema_oid, name, oid, kind, e);
        if (rc != 0 || *oid != 0)
            return rc;
    }
    return 0;
}

int sql__check_not_system(const char *schema, const char *name, struct err *e)
{
    /* pg_catalog is implicitly first in search_path, as in PostgreSQL. */
    if (schema != NULL && strcmp(schema, "pg_catalog") != 0)
        return 0;
    if (sql_vtab_lookup("pg_catalog", name) == NULL)
        return 0;
    return err_set_state(e, ERR_INVAL, "42501", "permission denied: \"%s\" is a system catalog",
                         name);
}

int sql__find_rel_rv(struct sql_env *env, const struct sql_rangevar *rv, bool missing_ok,
                     uint32_t *oid, char *kind, struct err *e)
{
    uint32_t ns;
    int rc = sql__find_rel(env, rv->name.schema, rv->name.name, oid, kind, &ns, e);
    if (rc != 0 || *oid != 0)
        return rc;
    if (missing_ok)
        return sql__ddl_notice(env, "00000", "relation \"%s\" does not exist, skipping",
                               rv->name.name);
    if (rv->name.schema != NULL && ns == 0)
        return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                             rv->name.schema);
    return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", rv->name.name);
}

int sql__open_table(struct sql_env *env, const struct sql_rangevar *rv, bool missing_ok,
                    const struct sql_table_desc **out, struct err *e)
{
    *out = NULL;
    uint32_t oid;
    char kind;
    int rc = sql__find_rel_rv(env, rv, missing_ok, &oid, &kind, e);
    if (rc != 0 || oid == 0)
        return rc;
    if (kind != 'r')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a table", rv->name.name);
    rc = sql_cat_table_by_oid(env, oid, out, e);
    if (rc == 0 && *out == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    if (rc == 0 && (*out)->matview && !env->matview_fill)
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a table", rv->name.name);
    return rc;
}

/* ---- column definitions ---- */

/* Parse WITH (...) storage options into "k=v,k=v" (ddl_alter_meta.c). */
int sql__reloptions(struct sql_env *env, const struct sql_list *opts, char **out, struct err *e)
{
    /* WITH (oids [= bool]): PostgreSQL 12+ refuses true and drops false */
    struct sql_list l = {0, NULL};
    l.items = mem_alloc0(env->stmt_ctx, sizeof(void *) * (size_t)(opts->n + 1));
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *o = opts->items[i];
        if (o->ns == NULL && strcmp(o->name, "oids") == 0) {
            bool on = o->kind == SQL_OPT_NONE || (o->kind == SQL_OPT_BOOL && o->bval) ||
                      (o->kind == SQL_OPT_INT && o->ival != 0) ||
                      (o->kind == SQL_OPT_STRING &&
                       (strcasecmp(o->str, "true") == 0 || strcasecmp(o->str, "on") == 0));
            if (on)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "tables declared WITH OIDS are not supported");
            continue;
        }
        l.items[l.n++] = opts->items[i];
    }
    return sql__reloptions_apply(env, SQL_RELOPT_TABLE, NULL, &l, false, out, e);
}

/* nextval('<qualified name>'::regclass) for a sequence in schema. */
char *sql__nextval_text(struct sql_env *env, const char *schema, const char *seq)
{
    struct sbuf id, b;
    sbuf_init(&id);
    sbuf_init(&b);
    if (strcmp(schema, SQL_NS_PUBLIC_NAME) != 0 && !sql_temp_is_schema_name(schema)) {
        sql_deparse_ident(schema, &id);
        sbuf_putc(&id, '.');
    }
    sql_deparse_ident(seq, &id);
    sbuf_puts(&b, "nextval('");
    for (size_t i = 0; i < id.len; i++) {
        if (id.data[i] == '\'')
            sbuf_putc(&b, '\'');
        sbuf_putc(&b, id.data[i]);
    }
    sbuf_puts(&b, "'::regclass)");
    char *s = mem_strdup(env->stmt_ctx, b.data);
    sbuf_free(&id);
    sbuf_free(&b);
    return s;
}

/* Create a sequence relation in env->txn (owned by table/col when given). */
int sql__create_seq(struct sql_env *env, uint32_t schema_oid, const char *schema, const char *name,
                    const struct sql_seq_desc *sd, struct sql_table_desc **out, struct err *e)
{
    struct sql_table_desc *s = mem_alloc0(env->stmt_ctx, sizeof(*s));
    int rc = sql__oid_alloc(env, &s->oid, e);
    if (rc != 0)
        return rc;
    s->version = 1;
    s->schema_oid = schema_oid;
    snprintf(s->schema, sizeof(s->schema), "%s", schema);
    snprintf(s->name, sizeof(s->name), "%s", name);
    snprintf(s->owner, sizeof(s->owner), "%s", env->user ? env->user : SQL_DEFAULT_NAME);
    s->kind = 'S';
    s->seq = *sd;
    s->next_col_id = 1;
    s->next_idx_id = 1;
    s->next_attnum = 1;
    s->reltuples = -1;
    s->cols = mem_alloc0(env->stmt_ctx, sizeof(*s->cols));
    s->idx = mem_alloc0(env->stmt_ctx, sizeof(*s->idx));
    s->checks = mem_alloc0(env->stmt_ctx, sizeof(*s->checks));
    rc = sql__desc_store(env, s, e);
    if (rc == 0)
        rc = sql__name_store(env, schema_oid, name, 'S', s->oid, e);
    if (rc == 0)
        rc = sql__seq_state_init(env, s, e);
    if (rc == 0 && out)
        *out = s;
    return rc;
}

/* Store the 'o' record of an index (points at its table) and its name. */
int sql__index_store(struct sql_env *env, const struct sql_table_desc *t,
                     const struct sql_idx_desc *ix, struct err *e)
{
    if (ix->oid == 0)
        return 0; /* the hidden row id index has no pg_class entry */
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    sql__key_desc(&k, ix->oid);
    sbuf_putc(&v, SQL_CAT_FORMAT);
    sbuf_putc(&v, 'i');
    sql__put32(&v, t->oid);
    sql__put_crc(&v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc == 0)
        rc = sql__name_store(env, t->schema_oid, ix->name, 'i', ix->oid, e);
    return rc;
}

int sql__index_unstore(struct sql_env *env, const struct sql_table_desc *t,
                       const struct sql_idx_desc *ix, struct err *e)
{
    int rc = sql__garbage_add(env, t->oid, ix->id, e);
    if (rc != 0 || ix->oid == 0)
        return rc;
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, ix->oid);
    rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    if (rc == 0)
        rc = sql__name_delete(env, t->schema_oid, ix->name, e);
    return rc;
}

int sql__sys_colname_check(const char *name, struct err *e)
{
    static const char *const sys[] = {"tableoid", "cmax", "xmax", "cmin", "xmin", "ctid"};
    for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
        if (strcmp(name, sys[i]) == 0)
            return err_set_state(e, ERR_EXISTS, "42701",
                                 "column name \"%s\" conflicts with a system column name", name);
    return 0;
}

/* Turn a column definition into t->cols[t->ncols++] (the caller made room),
 * handling its NULL/NOT NULL/DEFAULT/IDENTITY/serial; PRIMARY KEY, UNIQUE
 * and CHECK are returned through cs for the caller (they need the whole
 * table). Sequences for serial/identity are created here. */
int sql__add_column(struct sql_env *env, struct sql_table_desc *t, const struct sql_column_def *cd,
                    struct sql__pending *pend, struct sql__col_constraints *cs, struct err *e)
{
    memset(cs, 0, sizeof(*cs));
    for (int i = 0; i < t->ncols; i++) {
        if (strcmp(t->cols[i].name, cd->name) == 0 && !t->cols[i].hidden)
            return err_set_state(e, ERR_EXISTS, "42701", "column \"%s\" specified more than once",
                                 cd->name);
    }
    if (strlen(cd->name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", cd->name);
    if (sql__sys_colname_check(cd->name, e) != 0)
        return -1;
    struct sql_col_desc *c = &t->cols[t->ncols];
    memset(c, 0, sizeof(*c));
    int serial = 0;
    int rc = sql_type_resolve_domain(env, cd->type, &c->type, &c->typmod, &serial, &c->domain, e);
    if (rc != 0) {
        sql__ddl_errpos(cd->type->location);
        return rc;
    }
    if (c->type == SQL_T_RECORD && c->typmod >= 0) { /* a composite type (ctype.h) */
        const struct sql_ctype *ct = sql__ctype_of_shape(c->typmod);
        if (ct == NULL)
            return sql__ddl_unsupported(e, "columns of this record type");
        c->ctype = ct->oid;
        if (ct->oid == t->oid) /* a table's own row type (rowtype.h) */
            return err_set_state(e, ERR_INVAL, "42P16",
                                 "composite type %s cannot be made a member of itself", ct->name);
    }
    if ((c->type == SQL_T_RECORD && c->ctype == 0) ||
        sql_array_elemtype(c->type) == SQL_T_RECORD) /* CheckAttributeType */
        return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" has pseudo-type %s", cd->name,
                             c->type == SQL_T_RECORD ? "record" : "record[]");
    const struct sql_type_info *pti = c->type != SQL_T_RECORD ? sql_type_get(c->type) : NULL;
    if (pti != NULL && pti->category == SQL_TC_PSEUDO) /* void, trigger, "any" */
        return err_set_state(e, ERR_INVAL, "42P16", "column \"%s\" has pseudo-type %s", cd->name,
                             pti->sql_name);
    if (cd->collation != NULL && strcmp(cd->collation->name, "C") != 0 &&
        strcmp(cd->collation->name, "default") != 0 && strcmp(cd->collation->name, "POSIX") != 0)
        return sql__ddl_unsupported(e, "COLLATE other than \"C\"");
    c->id = t->next_col_id++;
    c->attnum = t->next_attnum++;
    snprintf(c->name, sizeof(c->name), "%s", cd->name);
    bool saw_null = false, saw_notnull = false;
    int null_loc = -1;
    const struct sql_constraint *def = NULL, *ident = NULL, *gen = NULL;
    for (int i = 0; i < cd->constraints.n; i++) {
        const struct sql_constraint *k = cd->constraints.items[i];
        switch (k->kind) {
        case SQL_CONSTR_NULL:
            saw_null = true;
            null_loc = k->location;
            break;
        case SQL_CONSTR_NOT_NULL:
            saw_notnull = true;
            break;
        case SQL_CONSTR_DEFAULT:
            if (def != NULL)
                return err_set_state(e, ERR_INVAL, "42601",
                                     "multiple default values specified for column \"%s\" of "
                                     "table \"%s\"",
                                     cd->name, t->name);
            def = k;
            break;
        case SQL_CONSTR_IDENTITY:
            if (ident != NULL)
                return err_set_state(e, ERR_INVAL, "42601",
                                     "multiple identity specifications for column \"%s\" of "
                                     "table \"%s\"",
                                     cd->name, t->name);
            ident = k;
            break;
        case SQL_CONSTR_GENERATED:
            if (gen != NULL) {
                sql__ddl_errpos(k->location);
                return err_set_state(e, ERR_INVAL, "42601",
                                     "multiple generation clauses specified for column \"%s\" of "
                                     "table \"%s\"",
                                     cd->name, t->name);
            }
            if (k->generated_when != 'a') {
                sql__ddl_errpos(k->location);
                return err_set_state(e, ERR_INVAL, "42601",
                                     "for a generated column, GENERATED ALWAYS must be specified");
            }
            gen = k;
            break;
        case SQL_CONSTR_CHECK:
            if (cs->nchecks < SQL__MAX_COL_CONSTR)
                cs->checks[cs->nchecks++] = k;
            break;
        case SQL_CONSTR_PRIMARY:
            cs->primary = k;
            saw_notnull = true;
            break;
        case SQL_CONSTR_UNIQUE:
            if (cs->nuniques < SQL__MAX_COL_CONSTR)
                cs->uniques[cs->nuniques++] = k;
            break;
        case SQL_CONSTR_FOREIGN:
            if (cs->nfks < SQL__MAX_COL_CONSTR)
                cs->fks[cs->nfks++] = k;
            break;
        }
    }
    if (saw_null && ident != NULL) { /* identity columns are NOT NULL (PostgreSQL's position) */
        sql__ddl_errpos(null_loc > ident->location ? null_loc : ident->location);
        return err_set_state(e, ERR_INVAL, "42601",
                             "conflicting NULL/NOT NULL declarations for column \"%s\" of table "
                             "\"%s\"",
                             cd->name, t->name);
    }
    if (saw_null && saw_notnull)
        return err_set_state(e, ERR_INVAL, "42601",
                             "conflicting NULL/NOT NULL declarations for column \"%s\" of table "
                             "\"%s\"",
                             cd->name, t->name);
    if (gen != NULL && (def != NULL || ident != NULL)) {
        const struct sql_constraint *later = ident != NULL ? ident : def;
        sql__ddl_errpos((later->location > gen->location ? later : gen)->location);
        return err_set_state(e, ERR_INVAL, "42601",
                             "both %s and generation expression specified for column \"%s\" of "
                             "table \"%s\"",
                             ident != NULL ? "identity" : "default", cd->name, t->name);
    }
    if (gen != NULL && serial != 0)
        return err_set_state(e, ERR_INVAL, "42601",
                             "both default and generation expression specified for column \"%s\" "
                             "of table \"%s\"",
                             cd->name, t->name);
    if (ident != NULL && def != NULL)
        return err_set_state(e, ERR_INVAL, "42601",
                             "both default and identity specified for column \"%s\" of table "
                             "\"%s\"",
                             cd->name, t->name);
    if (serial != 0 && ident != NULL)
        return err_set_state(e, ERR_INVAL, "42601",
                             "both default and identity specified for column \"%s\" of table "
                             "\"%s\"",
                             cd->name, t->name);
    if (serial != 0 && def != NULL)
        return err_set_state(e, ERR_INVAL, "42601",
                             "multiple default values specified for column \"%s\" of table \"%s\"",
                             cd->name, t->name);
    if (ident != NULL && c->type != SQL_T_INT2 && c->type != SQL_T_INT4 && c->type != SQL_T_INT8)
        return err_set_state(e, ERR_INVAL, "22023",
                             "identity column type must be smallint, integer, or bigint");
    c->not_null = saw_notnull;
    if (serial != 0 || ident != NULL) {
        char seqname[SQL_NAME_BUF];
        struct sql_list empty = {0};
        uint32_t seq_ns = t->schema_oid;
        const char *seq_nsname = t->schema;
        bool named = false;
        if (ident != NULL)
            rc = sql__seq_identity_name(env, &ident->options, t, seqname, &seq_ns, &seq_nsname,
                                        &named, e);
        if (rc == 0 && !named)
            rc = sql__choose_rel_name(env, t->schema_oid, t->name, cd->name, "seq", pend, seqname,
                                      e);
        if (rc != 0)
            return rc;
        struct sql_seq_desc sd;
        const struct sql_list *owned = NULL;
        rc = sql__seq_options(env, ident ? &ident->options : &empty, seqname, c->type, &sd, &owned,
                              e);
        if (rc != 0)
            return rc;
        sd.owned_by_table = t->oid;
        sd.owned_by_col = c->id;
        struct sql_table_desc *seq;
        rc = sql__create_seq(env, seq_ns, seq_nsname, seqname, &sd, &seq, e);
        if (rc != 0)
            return rc;
        c->not_null = true;
        if (ident != NULL) {
            c->identity = ident->generated_when == 'a' ? 'a' : 'd';
            c->identity_seq = seq->oid;
        } else {
            c->default_sql = sql__nextval_text(env, t->schema, seqname);
        }
    } else if (def != NULL) {
        rc = sql__default_colref_check(def->expr, true, e);
        if (rc != 0)
            return rc;
        c->default_sql = sql__deparse(env, def->expr);
    } else if (gen != NULL) {
        c->generated = 's';
        c->default_sql = sql__deparse(env, gen->expr);
    }
    t->ncols++;
    return 0;
}

/* A key column of composite type c->ctype: its fields need key encodings. */
static int key_ctype_check(const struct sql_col_desc *c, struct err *e)
{
    const struct sql_ctype *ct = sql_ctype_get(c->ctype);
    if (ct == NULL)
        return err_set_state(e, ERR_INVAL, "XX000", "cache lookup failed for type %u", c->ctype);
    return sql__ctype_key_check(ct, e);
}

/* Resolve index columns by name into ix (asc, nulls last). */
int sql__index_cols(const struct sql_table_desc *t, const struct sql_list *names,
                    struct sql_idx_desc *ix, bool for_key, struct err *e)
{
    if (names->n > SQL_MAX_INDEX_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "cannot use more than %d columns in an index",
                             SQL_MAX_INDEX_COLS);
    ix->ncols = names->n;
    for (int j = 0; j < names->n; j++) {
        const char *n = names->items[j];
        const struct sql_col_desc *c = sql_cat_column(t, n);
        if (c == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 for_key ? "column \"%s\" named in key does not exist"
                                         : "column \"%s\" does not exist",
                                 n);
        if (c->type == SQL_T_JSONB) /* no key encoding of jsonb's ordering yet */
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "indexes and keys on jsonb columns are not supported");
        if (sql__enum_array_elem(c->type) != 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "indexes and keys on enum columns are not supported");
        int rc = c->ctype != 0 ? key_ctype_check(c, e) : 0; /* ctype_key.c */
        if (rc != 0)
            return rc;
        for (int k = 0; k < j; k++)
            if (ix->col_ids[k] == c->id)
                return err_set_state(e, ERR_INVAL, "42701",
                                     "column \"%s\" appears twice in %s constraint", n,
                                     ix->primary ? "primary key" : "unique");
        ix->col_ids[j] = c->id;
        ix->desc[j] = false;
        ix->nulls_first[j] = false;
    }
    return 0;
}

/* name2 for an index name: its column names joined with "_". */
void sql__index_colnames(const struct sql_table_desc *t, const struct sql_idx_desc *ix, char *out)
{
    size_t w = 0;
    out[0] = 0;
    for (int j = 0; j < ix->ncols && w < 4 * SQL_NAME_BUF - 1; j++) {
        const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
        w +=
            (size_t)snprintf(out + w, 4 * SQL_NAME_BUF - w, "%s%s", j ? "_" : "", c ? c->name : "");
    }
}

/* Add a CHECK constraint (text in chk->expr_sql) named by PostgreSQL's rule. */
int sql__add_check(struct sql_env *env, struct sql_table_desc *t, const struct sql_constraint *k,
                   struct err *e)
{
    struct sql_check_desc *ck = &t->checks[t->nchecks];
    memset(ck, 0, sizeof(*ck));
    ck->expr_sql = sql__deparse(env, k->expr);
    if (k->name != NULL) {
        for (int i = 0; i < t->nchecks; i++)
            if (strcmp(t->checks[i].name, k->name) == 0)
                return err_set_state(e, ERR_EXISTS, "42710",
                                     "constraint \"%s\" for relation \"%s\" already exists",
                                     k->name, t->name);
        snprintf(ck->name, sizeof(ck->name), "%s", k->name);
    } else {
        struct sql__colrefs r = {0};
        sql__expr_colrefs(k->expr, &r);
        const char *col = r.n == 1 && !r.overflow ? r.names[0] : NULL;
        for (int pass = 0;; pass++) {
            char label[16];
            snprintf(label, sizeof(label), pass ? "check%d" : "check", pass);
            sql__make_name(t->name, col, label, ck->name);
            bool taken = false;
            for (int i = 0; i < t->nchecks; i++)
                taken = taken || strcmp(t->checks[i].name, ck->name) == 0;
            if (!taken)
                break;
        }
    }
    int rc = sql__oid_alloc(env, &ck->oid, e);
    if (rc != 0)
        return rc;
    t->nchecks++;
    return 0;
}

/* A new, empty plain-table descriptor named name in schema ns (nsname),
 * owned by the session user, with a fresh OID; never analyzed (reltuples
 * -1, as PostgreSQL 15). Allocated in the statement context. */
int sql__new_table_desc(struct sql_env *env, uint32_t ns, const char *nsname, const char *name,
                        struct sql_table_desc **out, struct err *e)
{
    struct sql_table_desc *t = mem_alloc0(env->stmt_ctx, sizeof(*t));
    int rc = sql__oid_alloc(env, &t->oid, e);
    if (rc == 0)
        rc = sql__table_fresh(env, t, e);
    if (rc != 0)
        return rc;
    t->version = 1;
    t->kind = 'r';
    t->schema_oid = ns;
    snprintf(t->schema, sizeof(t->schema), "%s", nsname);
    snprintf(t->name, sizeof(t->name), "%s", name);
    snprintf(t->owner, sizeof(t->owner), "%s", env->user ? env->user : SQL_DEFAULT_NAME);
    t->next_col_id = 1;
    t->next_idx_id = SQL_PRIMARY_INDEX_ID + 1;
    t->next_attnum = 1;
    t->reltuples = -1;
    *out = t;
    return 0;
}

/* ---- CREATE TABLE ---- */

static int create_table(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.create_table.table;
    uint32_t ns;
    const char *nsname;
    bool temp;
    int rc = sql__temp_creation_schema(env, rv, &ns, &nsname, &temp, e);
    if (rc == 0 && st->u.create_table.on_commit != 0 && !temp)
        rc = sql__temp_on_commit(env, 0, false, st->u.create_table.on_commit, e);
    if (rc != 0) {
        if (strcmp(err_sqlstate(e), "3F000") == 0)
            sql__ddl_errpos(rv->location);
        return rc;
    }
    if (strlen(rv->name.name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long");
    uint32_t old;
    rc = sql__name_lookup(env, ns, rv->name.name, &old, NULL, e);
    if (rc != 0)
        return rc;
    if (old != 0) {
        if (st->u.create_table.if_not_exists)
            return sql__ddl_notice(env, "42P07", "relation \"%s\" already exists, skipping",
                                   rv->name.name);
        return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists",
                             rv->name.name);
    }
    int ncoldefs = st->u.create_table.columns.n;
    if (ncoldefs > SQL_MAX_TABLE_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most %d columns",
                             SQL_MAX_TABLE_COLS);
    struct sql_table_desc *t;
    rc = sql__new_table_desc(env, ns, nsname, rv->name.name, &t, e);
    if (rc != 0)
        return rc;
    rc = sql__reloptions(env, &st->u.create_table.options, &t->options, e);
    if (rc != 0)
        return rc;
    if (rv->persistence == 'u')
        t->persistence = 'u'; /* CREATE UNLOGGED TABLE: pg_class only (ddl_alter_meta.c) */
    t->cols = mem_alloc0(env->stmt_ctx, sizeof(*t->cols) * (size_t)(ncoldefs + 2));
    int nconstr = st->u.create_table.constraints.n;

    struct sql__pending pend = {0};
    sql__pending_add(&pend, t->name);
    /* Constraints in declaration order: column ones, then table ones. */
    const struct sql_constraint **pk = NULL;
    const struct sql_constraint *pk_c = NULL;
    const char *pk_col = NULL;
    const struct sql_constraint *uq[512];
    const char *uq_col[512];
    int nuq = 0;
    const struct sql_constraint *ck[512];
    int nck = 0;
    const struct sql_constraint *fk[512];
    const char *fk_col[512];
    int nfk = 0;
    (void)pk;
    for (int i = 0; i < ncoldefs; i++) {
        const struct sql_column_def *cd = st->u.create_table.columns.items[i];
        struct sql__col_constraints cs;
        rc = sql__add_column(env, t, cd, &pend, &cs, e);
        if (rc != 0)
            return rc;
        if (cs.primary != NULL) {
            if (pk_c != NULL)
                sql__ddl_errpos(cs.primary->location);
            if (pk_c != NULL)
                return err_set_state(e, ERR_INVAL, "42P16",
                                     "multiple primary keys for table \"%s\" are not allowed",
                                     t->name);
            pk_c = cs.primary;
            pk_col = cd->name;
        }
        for (int j = 0; j < cs.nuniques && nuq < 512; j++) {
            uq[nuq] = cs.uniques[j];
            uq_col[nuq++] = cd->name;
        }
        for (int j = 0; j < cs.nchecks && nck < 512; j++)
            ck[nck++] = cs.checks[j];
        for (int j = 0; j < cs.nfks && nfk < 512; j++) {
            fk[nfk] = cs.fks[j];
            fk_col[nfk++] = cd->name;
        }
    }
    for (int i = 0; i < nconstr; i++) {
        const struct sql_constraint *k = st->u.create_table.constraints.items[i];
        switch (k->kind) {
        case SQL_CONSTR_PRIMARY:
            if (pk_c != NULL)
                sql__ddl_errpos(k->location);
            if (pk_c != NULL)
                return err_set_state(e, ERR_INVAL, "42P16",
                                     "multiple primary keys for table \"%s\" are not allowed",
                                     t->name);
            pk_c = k;
            pk_col = NULL;
            break;
        case SQL_CONSTR_UNIQUE:
            if (nuq < 512) {
                uq[nuq] = k;
                uq_col[nuq++] = NULL;
            }
            break;
        case SQL_CONSTR_CHECK:
            if (nck < 512)
                ck[nck++] = k;
            break;
        case SQL_CONSTR_FOREIGN:
            if (nfk < 512) {
                fk[nfk] = k;
                fk_col[nfk++] = NULL;
            }
            break;
        default:
            return sql__ddl_unsupported(e, "this table constraint");
        }
    }
    t->idx = mem_alloc0(env->stmt_ctx, sizeof(*t->idx) * (size_t)(nuq + 2));
    t->checks = mem_alloc0(env->stmt_ctx, sizeof(*t->checks) * (size_t)(nck + 2));
    t->nidx = 1; /* idx[0] is the primary index */
    /* Primary index. */
    struct sql_idx_desc *px = &t->idx[0];
    px->id = SQL_PRIMARY_INDEX_ID;
    px->unique = true;
    if (pk_c != NULL) {
        px->primary = px->constraint = true;
        struct sql_list one = {1, (void **)&pk_col};
        rc = sql__reloptions_apply(env, SQL_RELOPT_INDEX, NULL, &pk_c->options, false, &px->options,
                                   e);
        if (rc != 0)
            return rc;
        rc = sql__index_cols(t, pk_col ? &one : &pk_c->keys, px, true, e);
        if (rc != 0) {
            sql__ddl_errpos(pk_c->location);
            return rc;
        }
        for (int j = 0; j < px->ncols; j++)
            t->cols[sql_cat_column_pos(t, px->col_ids[j])].not_null = true;
        if (pk_c->name != NULL) {
            snprintf(px->name, sizeof(px->name), "%s", pk_c->name);
            uint32_t o;
            rc = sql__name_lookup(env, ns, px->name, &o, NULL, e);
            if (rc == 0 && (o != 0 || pending_has(&pend, px->name)))
                rc = err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists",
                                   px->name);
            if (rc == 0)
                sql__pending_add(&pend, px->name);
        } else {
            rc = sql__choose_rel_name(env, ns, t->name, NULL, "pkey", &pend, px->name, e);
        }
        if (rc == 0)
            rc = sql__oid_alloc(env, &px->oid, e);
        if (rc != 0)
            return rc;
    } else {
        struct sql_col_desc *c = &t->cols[t->ncols++];
        memset(c, 0, sizeof(*c));
        c->id = t->next_col_id++;
        c->attnum = t->next_attnum++;
        snprintf(c->name, sizeof(c->name), "rowid");
        c->type = SQL_T_INT8;
        c->typmod = -1;
        c->not_null = true;
        c->hidden = true;
        snprintf(px->name, sizeof(px->name), "%s_rowid", t->name);
        px->ncols = 1;
        px->col_ids[0] = c->id;
    }
    if (t->ncols - (pk_c ? 0 : 1) > SQL_MAX_TABLE_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "tables can have at most %d columns",
                             SQL_MAX_TABLE_COLS);
    /* Unique constraints. */
    for (int i = 0; i < nuq; i++) {
        struct sql_idx_desc *ix = &t->idx[t->nidx];
        memset(ix, 0, sizeof(*ix));
        ix->unique = ix->constraint = true;
        rc = sql__reloptions_apply(env, SQL_RELOPT_INDEX, NULL, &uq[i]->options, false,
                                   &ix->options, e);
        if (rc != 0)
            return rc;
        struct sql_list one = {1, (void **)&uq_col[i]};
        rc = sql__index_cols(t, uq_col[i] ? &one : &uq[i]->keys, ix, true, e);
        if (rc != 0) {
            sql__ddl_errpos(uq[i]->location);
            return rc;
        }
        /* PostgreSQL skips a UNIQUE identical to the primary key or an
         * earlier UNIQUE. */
        bool dup = false;
        for (int k = 0; k < t->nidx && !dup; k++) {
            if (k == 0 && pk_c == NULL)
                continue;
            dup = t->idx[k].ncols == ix->ncols &&
                  memcmp(t->idx[k].col_ids, ix->col_ids, sizeof(uint32_t) * (size_t)ix->ncols) == 0;
        }
        if (dup)
            continue;
        ix->id = t->next_idx_id++;
        if (uq[i]->name != NULL) {
            snprintf(ix->name, sizeof(ix->name), "%s", uq[i]->name);
            uint32_t o;
            rc = sql__name_lookup(env, ns, ix->name, &o, NULL, e);
            if (rc == 0 && (o != 0 || pending_has(&pend, ix->name)))
                rc = err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists",
                                   ix->name);
            if (rc == 0)
                sql__pending_add(&pend, ix->name);
        } else {
            char cols[4 * SQL_NAME_BUF];
            sql__index_colnames(t, ix, cols);
            rc = sql__choose_rel_name(env, ns, t->name, cols, "key", &pend, ix->name, e);
        }
        if (rc == 0)
            rc = sql__oid_alloc(env, &ix->oid, e);
        if (rc != 0)
            return rc;
        t->nidx++;
    }
    /* Checks. */
    for (int i = 0; i < nck; i++) {
        rc = sql__add_check(env, t, ck[i], e);
        if (rc != 0)
            return rc;
    }
    /* Validate defaults and checks against the finished descriptor. */
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].default_sql == NULL)
            continue;
        if (t->cols[i].generated) {
            const struct sql_expr *gx = NULL;
            if (i < ncoldefs) {
                const struct sql_column_def *cd = st->u.create_table.columns.items[i];
                for (int j = 0; j < cd->constraints.n; j++) {
                    const struct sql_constraint *k = cd->constraints.items[j];
                    if (k->kind == SQL_CONSTR_GENERATED)
                        gx = k->expr;
                }
            }
            if ((rc = sql__gen_validate(env, t, i, gx, e)) != 0)
                return rc;
            continue;
        }
        rc = sql__ddl_compile(env, t, t->cols[i].default_sql, t->cols[i].type, t->cols[i].typmod,
                              env->stmt_ctx, NULL, e);
        if (rc != 0) {
            const struct sql_expr *x = NULL;
            if (i < ncoldefs) {
                const struct sql_column_def *cd = st->u.create_table.columns.items[i];
                for (int j = 0; j < cd->constraints.n; j++) {
                    const struct sql_constraint *k = cd->constraints.items[j];
                    if (k->kind == SQL_CONSTR_DEFAULT)
                        x = k->expr;
                }
            }
            sql__ddl_expr_errpos(t, x, true, e);
            return rc;
        }
    }
    for (int i = 0; i < t->nchecks; i++) {
        rc =
            sql__ddl_compile(env, t, t->checks[i].expr_sql, SQL_T_BOOL, -1, env->stmt_ctx, NULL, e);
        if (rc != 0) {
            sql__ddl_expr_errpos(t, i < nck ? ck[i]->expr : NULL, false, e);
            return rc;
        }
    }
    /* Foreign keys (they may reference t itself). */
    for (int i = 0; i < nfk; i++) {
        rc = sql__fk_add(env, t, fk[i], fk_col[i], false, e);
        if (rc != 0)
            return rc;
    }
    rc = sql__desc_store(env, t, e);
    if (rc == 0)
        rc = sql__name_store(env, ns, t->name, 'r', t->oid, e);
    for (int i = 0; rc == 0 && i < t->nidx; i++)
        rc = sql__index_store(env, t, &t->idx[i], e);
    if (rc == 0)
        rc = sql__temp_on_commit(env, t->oid, temp, st->u.create_table.on_commit, e);
    return rc;
}

/* ---- CREATE INDEX ---- */

static int create_index(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_table_desc *t0;
    /* CONCURRENTLY builds the same index (without letting writers in
     * meanwhile: DDL takes no locks here anyway). */
    if (st->u.create_index.include.n > 0)
        return sql__ddl_unsupported(e, "INCLUDE columns");
    if (st->u.create_index.nulls_not_distinct)
        return sql__ddl_unsupported(e, "NULLS NOT DISTINCT");
    const char *m = st->u.create_index.method;
    if (m != NULL && strcmp(m, "btree") != 0)
        return sql__ddl_unsupported(e, "index access method other than btree");
    uint32_t oid, ns;
    char kind;
    const struct sql_rangevar *rv = st->u.create_index.table;
    int rc = sql__find_rel(env, rv->name.schema, rv->name.name, &oid, &kind, &ns, e);
    if (rc != 0)
        return rc;
    if (oid == 0)
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                             rv->name.name);
    if (kind != 'r')
        return err_set_state(e, ERR_INVAL, "42809",
                             "cannot create index on relation \"%s\"" SQL_NUM_DETAIL_SEP
                             "This operation is not supported for %ss.",
                             rv->name.name, rel_kind_word(kind));
    rc = sql_cat_table_by_oid(env, oid, &t0, e);
    if (rc != 0)
        return rc;
    if (t0 == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    if ((rc = sql__acl_check_owner(env, t0->owner, "table", t0->name, e)) != 0)
        return rc;
    const struct sql_list *params = &st->u.create_index.params;
    if (params->n > SQL_MAX_INDEX_COLS)
        return err_set_state(e, ERR_LIMIT, "54011", "cannot use more than %d columns in an index",
                             SQL_MAX_INDEX_COLS);
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    struct sql_idx_desc *ix = &t->idx[t->nidx];
    memset(ix, 0, sizeof(*ix));
    const char *xnames[SQL_MAX_INDEX_COLS] = {0}; /* default-name words of expressions */
    ix->unique = st->u.create_index.unique;
    ix->ncols = params->n;
    rc = sql__reloptions_apply(env, SQL_RELOPT_INDEX, NULL, &st->u.create_index.options, false,
                               &ix->options, e);
    if (rc != 0)
        return rc;
    for (int j = 0; j < params->n; j++) {
        const struct sql_index_elem *el = params->items[j];
        if (el->name == NULL && el->expr == NULL)
            return sql__ddl_unsupported(e, "index expressions");
        if (el->opclass != NULL && el->name == NULL)
            return sql__ddl_unsupported(e, "operator classes of index expressions");
        if (el->collation != NULL)
            return sql__ddl_unsupported(e, "index column COLLATE");
        if (el->name == NULL) {
            rc = sql__idx_expr_build(env, t0, el->expr, &ix->exprs[j], e);
            if (rc != 0)
                return rc;
            ix->col_ids[j] = 0;
            xnames[j] = sql__idx_expr_colname(el->expr);
        } else {
            const struct sql_col_desc *c = sql_cat_column(t, el->name);
            if (c == NULL)
                return err_set_state(e, ERR_NOTFOUND, "42703", "column \"%s\" does not exist",
                                     el->name);
            if (c->type == SQL_T_JSONB) /* as sql__index_cols: no key encoding yet */
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "indexes and keys on jsonb columns are not supported");
            if (sql__enum_array_elem(c->type) != 0)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "indexes and keys on enum columns are not supported");
            if (c->ctype != 0 && (rc = key_ctype_check(c, e)) != 0) /* ctype_key.c */
                return rc;
            ix->col_ids[j] = c->id;
            if (el->opclass != NULL) {
                int opc = SQL_OPC_DEFAULT;
                rc = opclass_of(env, el->opclass, c->type, &opc, e);
                if (rc != 0)
                    return rc;
                ix->opclass[j] = (uint8_t)opc;
            }
        }
        ix->desc[j] = el->dir == SQL_SORT_DESC;
        ix->nulls_first[j] =
            el->nulls == SQL_NULLS_FIRST || (el->nulls == SQL_NULLS_DEFAULT && ix->desc[j]);
    }
    if (st->u.create_index.where != NULL) {
        rc = sql__idx_pred_build(env, t0, st->u.create_index.where, &ix->pred, e);
        if (rc != 0)
            return rc;
    }
    const char *name = st->u.create_index.name;
    if (name != NULL) {
        uint32_t o;
        rc = sql__name_lookup(env, t->schema_oid, name, &o, NULL, e);
        if (rc != 0)
            return rc;
        if (o != 0) {
            if (st->u.create_index.if_not_exists)
                return sql__ddl_notice(env, "42P07", "relation \"%s\" already exists, skipping",
                                       name);
            return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists", name);
        }
        snprintf(ix->name, sizeof(ix->name), "%s", name);
    } else {
        char cols[4 * SQL_NAME_BUF];
        sql__index_colnames(t, ix, cols);
        { /* expressions: PostgreSQL's FigureColname words */
            size_t w = 0;
            cols[0] = 0;
            for (int j = 0; j < ix->ncols && w < sizeof(cols) - 1; j++) {
                const struct sql_col_desc *c = sql_cat_column_by_id(t, ix->col_ids[j]);
                w += (size_t)snprintf(cols + w, sizeof(cols) - w, "%s%s", j ? "_" : "",
                                      xnames[j] ? xnames[j]
                                      : c       ? c->name
                                                : "");
            }
        }
        rc = sql__choose_rel_name(env, t->schema_oid, t->name, cols, "idx", NULL, ix->name, e);
        if (rc != 0)
            return rc;
    }
    rc = sql__index_id_new(env, t, &ix->id, e);
    if (rc == 0)
        rc = sql__oid_alloc(env, &ix->oid, e);
    if (rc == 0)
        rc = sql__idx_backfill(env, t0, ix, false, e);
    if (rc != 0)
        return rc;
    t->nidx++;
    t->version++;
    rc = sql__desc_store(env, t, e);
    if (rc == 0)
        rc = sql__index_store(env, t, ix, e);
    return rc;
}

/* ---- DROP ---- */

/* Sequences owned by columns of t (or by column col_id when nonzero). */
int sql__owned_seqs(struct sql_env *env, const struct sql_table_desc *t, uint32_t col_id,
                    const struct sql_table_desc ***out, size_t *n, struct err *e)
{
    const struct sql_table_desc **all;
    size_t nall;
    int rc = sql_cat_list_tables(env, &all, &nall, e);
    if (rc != 0)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < nall; i++) {
        const struct sql_table_desc *s = all[i];
        if (s->kind == 'S' && s->seq.owned_by_table == t->oid &&
            (col_id == 0 || s->seq.owned_by_col == col_id))
            all[k++] = s;
    }
    *out = all;
    *n = k;
    return 0;
}

int sql__drop_seq(struct sql_env *env, const struct sql_table_desc *s, struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    sql__key_desc(&k, s->oid);
    int rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    if (rc == 0)
        rc = sql__name_delete(env, s->schema_oid, s->name, e);
    if (rc == 0)
        rc = sql__seq_state_delete(env, s->oid, e);
    return rc;
}

int sql__drop_table(struct sql_env *env, const struct sql_table_desc *t, struct err *e)
{
    const struct sql_table_desc **seqs;
    size_t nseq;
    int rc = sql__owned_seqs(env, t, 0, &seqs, &nseq, e);
    for (size_t i = 0; rc == 0 && i < nseq; i++)
        rc = sql__drop_seq(env, seqs[i], e);
    for (int i = 0; rc == 0 && i < t->nidx; i++)
        rc = sql__index_unstore(env, t, &t->idx[i], e);
    if (rc == 0) {
        struct sbuf k;
        sbuf_init(&k);
        sql__key_desc(&k, t->oid);
        rc = sql__cat_del(env, k.data, k.len, e);
        sbuf_free(&k);
    }
    if (rc == 0 && t->kind == 'r')
        rc = sql_stats_delete(env, t->oid, e);
    if (rc == 0)
        rc = sql__name_delete(env, t->schema_oid, t->name, e);
    if (rc == 0)
        sql__rowtype_forget(t->oid); /* rowtype.h */
    return rc;
}

static int drop_rel(struct sql_env *env, const struct sql_stmt *st, const struct sql_qname *q,
                    struct err *e)
{
    enum sql_object_type ot = st->u.drop.objtype;
    char want = ot == SQL_OBJ_INDEX ? 'i' : ot == SQL_OBJ_SEQUENCE ? 'S' : 'r';
    const char *word = rel_kind_word(want);
    uint32_t oid, ns;
    char kind;
    int rc = want == 'r' ? sql__check_not_system(q->schema, q->name, e) : 0;
    if (rc == 0)
        rc = sql__find_rel(env, q->schema, q->name, &oid, &kind, &ns, e);
    if (rc != 0)
        return rc;
    if (oid == 0) {
        if (q->schema != NULL && ns == 0 && !st->u.drop.if_exists)
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                 q->schema);
        if (st->u.drop.if_exists)
            return sql__ddl_notice(env, "00000", "%s \"%s\" does not exist, skipping", word,
                                   q->name);
        return err_set_state(e, ERR_NOTFOUND, want == 'r' ? "42P01" : "42P01",
                             "%s \"%s\" does not exist", word, q->name);
    }
    if (kind != want) {
        const char *hint = kind == 'i'   ? "Use DROP INDEX to remove an index."
                           : kind == 'S' ? "Use DROP SEQUENCE to remove a sequence."
                           : kind == 'v' ? "Use DROP VIEW to remove a view."
                                         : "Use DROP TABLE to remove a table.";
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not %s %s\nHINT:  %s", q->name,
                             want == 'i' ? "an" : "a", word, hint);
    }
    if (want == 'i') {
        const struct sql_table_desc *t;
        int pos;
        rc = sql_cat_index(env, q->schema, q->name, &t, &pos, e);
        if (rc != 0)
            return rc;
        if (t == NULL)
            return sql__corrupt(e, "index", oid, "table missing");
        const struct sql_idx_desc *ix = &t->idx[pos];
        if ((rc = sql__acl_check_owner(env, t->owner, "index", ix->name, e)) != 0)
            return rc;
        if (!ix->constraint && (rc = sql__fk_index_drop(env, t, ix, "index", e)) != 0)
            return rc;
        if (ix->constraint)
            return err_set_state(e, ERR_INVAL, "2BP01",
                                 "cannot drop index %s because constraint %s on table %s "
                                 "requires it\nHINT:  You can drop constraint %s on table %s "
                                 "instead.",
                                 ix->name, ix->name, t->name, ix->name, t->name);
        struct sql_table_desc *nt = sql__desc_copy(env->stmt_ctx, t);
        memmove(&nt->idx[pos], &nt->idx[pos + 1], sizeof(*nt->idx) * (size_t)(nt->nidx - pos - 1));
        nt->nidx--;
        nt->version++;
        rc = sql__index_unstore(env, t, ix, e);
        return rc != 0 ? rc : sql__desc_store(env, nt, e);
    }
    const struct sql_table_desc *t;
    rc = sql_cat_table_by_oid(env, oid, &t, e);
    if (rc != 0)
        return rc;
    if (t == NULL)
        return sql__corrupt(e, "name", oid, "names a missing descriptor");
    if (t->matview)
        return err_set_state(e, ERR_INVAL, "42809",
                             "\"%s\" is not a table\nHINT:  Use DROP MATERIALIZED VIEW to remove a "
                             "materialized view.",
                             q->name);
    if ((rc = sql__acl_check_owner(env, t->owner, sql__acl_relkind_word(t), t->name, e)) != 0)
        return rc;
    if (want == 'S') {
        if (t->seq.owned_by_table != 0 && st->u.drop.behavior != SQL_DROP_CASCADE) {
            const struct sql_table_desc *ot2;
            rc = sql_cat_table_by_oid(env, t->seq.owned_by_table, &ot2, e);
            if (rc != 0)
                return rc;
            const struct sql_col_desc *c =
                ot2 ? sql_cat_column_by_id(ot2, t->seq.owned_by_col) : NULL;
            if (c != NULL && (c->default_sql != NULL || c->identity != 0))
                return err_set_state(e, ERR_INVAL, "2BP01",
                                     "cannot drop sequence %s because other objects depend on "
                                     "it" SQL_NUM_DETAIL_SEP "default value for column %s of "
                                     "table %s depends on sequence %s\nHINT:  Use DROP ... "
                                     "CASCADE to drop the dependent objects too.",
                                     t->name, c->name, ot2->name, t->name);
        }
        return sql__drop_seq(env, t, e);
    }
    if (t->nfks > 0 || t->nrefby > 0) {
        /* the tables the statement drops (they may reference each other) */
        uint32_t dropping[64];
        int nd = 0;
        for (int i = 0; i < st->u.drop.names.n && nd < 64; i++) {
            const struct sql_qname *q2 = st->u.drop.names.items[i];
            uint32_t o2 = 0, ns2;
            char k2;
            struct err e2 = {0};
            if (sql__find_rel(env, q2->schema, q2->name, &o2, &k2, &ns2, &e2) == 0 && o2 != 0)
                dropping[nd++] = o2;
        }
        rc = sql__fk_drop_table(env, t, st->u.drop.behavior == SQL_DROP_CASCADE, dropping, nd, e);
        if (rc != 0)
            return rc;
    }
    rc = sql__rowtype_drop_check(env, t, st->u.drop.behavior == SQL_DROP_CASCADE, e);
    if (rc != 0)
        return rc;
    rc = sql_view_drop_dependents(env, t, st->u.drop.behavior == SQL_DROP_CASCADE, e);
    if (rc != 0)
        return rc;
    return sql__drop_table(env, t, e);
}

static int do_drop(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    enum sql_object_type ot = st->u.drop.objtype;
    switch (ot) {
    case SQL_OBJ_TABLE:
    case SQL_OBJ_INDEX:
    case SQL_OBJ_SEQUENCE: {
        sbuf_puts(tag, ot == SQL_OBJ_TABLE   ? "DROP TABLE"
                       : ot == SQL_OBJ_INDEX ? "DROP INDEX"
                                             : "DROP SEQUENCE");
        for (int i = 0; i < st->u.drop.names.n; i++) {
            int rc = drop_rel(env, st, st->u.drop.names.items[i], e);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    case SQL_OBJ_SCHEMA:
        sbuf_puts(tag, "DROP SCHEMA");
        return sql__drop_schema(env, st, e);
    case SQL_OBJ_DATABASE:
        sbuf_puts(tag, "DROP DATABASE");
        return sql__drop_database(env, st, e);
    case SQL_OBJ_ROLE:
        sbuf_puts(tag, "DROP ROLE");
        return sql__drop_role(env, st, e);
    case SQL_OBJ_VIEW:
        sbuf_puts(tag, "DROP VIEW");
        return sql__drop_view(env, st, e);
    case SQL_OBJ_MATVIEW:
        sbuf_puts(tag, "DROP MATERIALIZED VIEW");
        return sql__drop_view(env, st, e);
    case SQL_OBJ_OTHER:
        return sql__drop_other(env, st, tag, e); /* ddl_alter_meta.c */
    default:
        return sql__ddl_unsupported(e, "this form of DROP");
    }
}

/* ---- TRUNCATE ---- */

static int do_truncate(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    int ntab = st->u.truncate.tables.n;
    int max = ntab + 256;
    uint32_t *oids = mem_alloc0(env->stmt_ctx, sizeof(*oids) * (size_t)max);
    int n = 0;
    for (int i = 0; i < ntab; i++) {
        const struct sql_rangevar *rv = st->u.truncate.tables.items[i];
        const struct sql_table_desc *t0;
        int rc = sql__check_not_system(rv->name.schema, rv->name.name, e);
        if (rc == 0)
            rc = sql__open_table(env, rv, false, &t0, e);
        if (rc == 0)
            rc = sql__acl_check_rel(env, t0, SQL_ACL_TRUNCATE, e);
        if (rc != 0)
            return rc;
        bool dup = false;
        for (int j = 0; j < n; j++)
            dup = dup || oids[j] == t0->oid;
        if (!dup)
            oids[n++] = t0->oid;
    }
    int rc = sql__fk_truncate(env, oids, &n, max, st->u.truncate.behavior == SQL_DROP_CASCADE, e);
    if (rc != 0)
        return rc;
    /* BEFORE TRUNCATE statement triggers of every table first (trigger.h) */
    const struct sql_table_desc **tg = mem_alloc0(env->stmt_ctx, sizeof *tg * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        if ((rc = sql_cat_table_by_oid(env, oids[i], &tg[i], e)) != 0)
            return rc;
        if (tg[i] != NULL && tg[i]->ntrigs > 0) {
            tg[i] = sql__desc_copy(env->stmt_ctx, tg[i]);
            if ((rc = sql__trig_stmt(env, tg[i], SQL_TRIG_TRUNCATE, SQL_TRIG_BEFORE, NULL, e)) != 0)
                return rc;
        }
    }
    for (int i = 0; i < n; i++) {
        const struct sql_table_desc *t0;
        rc = sql_cat_table_by_oid(env, oids[i], &t0, e);
        if (rc != 0)
            return rc;
        if (t0 == NULL)
            continue;
        struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
        /* New index ids: the old data becomes garbage at once (O(1)). */
        for (int j = 0; j < t->nidx; j++) {
            rc = sql__garbage_add(env, t->oid, t->idx[j].id, e);
            if (rc != 0)
                return rc;
            rc = sql__index_id_new(env, t, &t->idx[j].id, e);
            if (rc != 0)
                return rc;
        }
        t->reltuples = -1;
        t->version++;
        rc = sql__desc_store(env, t, e);
        if (rc == 0) /* PostgreSQL's reindex_relation of the new storage */
            rc = sql_table_lock(env, t->oid, t->name, KV_TLOCK_SHARE, false, e);
        if (rc == 0 && st->u.truncate.restart_identity) {
            const struct sql_table_desc **seqs;
            size_t ns;
            rc = sql__owned_seqs(env, t0, 0, &seqs, &ns, e);
            for (size_t k = 0; rc == 0 && k < ns; k++)
                rc = sql__seq_restart(env, seqs[k], e);
        }
        if (rc != 0)
            return rc;
    }
    for (int i = 0; i < n; i++) /* then the AFTER TRUNCATE ones */
        if (tg[i] != NULL && tg[i]->ntrigs > 0 &&
            (rc = sql__trig_stmt(env, tg[i], SQL_TRIG_TRUNCATE, 0, NULL, e)) != 0)
            return rc;
    return 0;
}

/* ---- RENAME ---- */

int sql__find_rel_or_skip(struct sql_env *env, const struct sql_rangevar *rv, bool if_exists,
                          uint32_t *oid, char *kind, uint32_t *schema_oid, struct err *e)
{
    int rc = sql__find_rel(env, rv->name.schema, rv->name.name, oid, kind, schema_oid, e);
    if (rc != 0 || *oid != 0)
        return rc;
    if (if_exists)
        return sql__ddl_notice(env, "00000", "relation \"%s\" does not exist, skipping",
                               rv->name.name);
    return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", rv->name.name);
}

static int do_rename(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                     struct err *e)
{
    if (st->u.rename.set_schema)
        return sql__set_schema(env, st, tag, e);
    const struct sql_rangevar *rv = st->u.rename.rel;
    const char *newname = st->u.rename.newname;
    enum sql_object_type ot = st->u.rename.objtype;
    enum sql_object_type tt = ot == SQL_OBJ_COLUMN ? st->u.rename.reltype : ot;
    sbuf_puts(tag, tt == SQL_OBJ_INDEX      ? "ALTER INDEX"
                   : tt == SQL_OBJ_SEQUENCE ? "ALTER SEQUENCE"
                   : tt == SQL_OBJ_VIEW     ? "ALTER VIEW"
                   : tt == SQL_OBJ_MATVIEW  ? "ALTER MATERIALIZED VIEW"
                                            : "ALTER TABLE");
    if (strlen(newname) == 0 || strlen(newname) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42602", "invalid name \"%s\"", newname);
    uint32_t oid, ns;
    char kind;
    int rc = sql__find_rel_or_skip(env, rv, st->u.rename.if_exists, &oid, &kind, &ns, e);
    if (rc != 0 || oid == 0)
        return rc;
    if (!env->superuser && kind != 'c') { /* the owner renames (acl.h) */
        const struct sql_table_desc *ot0 = NULL;
        int pos;
        rc = kind == 'i' ? sql_cat_index(env, rv->name.schema, rv->name.name, &ot0, &pos, e)
                         : sql_cat_table_by_oid(env, oid, &ot0, e);
        if (rc == 0 && ot0 != NULL)
            rc = sql__acl_check_owner(env, ot0->owner,
                                      kind == 'i' ? "index" : sql__acl_relkind_word(ot0),
                                      kind == 'i' ? rv->name.name : ot0->name, e);
        if (rc != 0)
            return rc;
    }
    if (ot == SQL_OBJ_CONSTRAINT)
        return sql__rename_constraint(env, oid, st, e);
    if (ot == SQL_OBJ_VIEW && kind != 'v')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a view", rv->name.name);
    if (ot == SQL_OBJ_TABLE && kind == 'c') /* a composite type (ctype.h) */
        return err_set_state(e, ERR_INVAL, "42809",
                             "\"%s\" is a composite type\nHINT:  Use ALTER TYPE instead.",
                             rv->name.name);
    if (ot == SQL_OBJ_MATVIEW) { /* ALTER MATERIALIZED VIEW ... RENAME TO */
        const struct sql_table_desc *m = NULL;
        if (kind == 'r' && (rc = sql_cat_table_by_oid(env, oid, &m, e)) != 0)
            return rc;
        if (m == NULL || !m->matview)
            return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a materialized view",
                                 rv->name.name);
    }
    if (ot == SQL_OBJ_COLUMN) {
        if (kind != 'r' && kind != 'v')
            return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a table", rv->name.name);
        const struct sql_table_desc *t0;
        rc = sql_cat_table_by_oid(env, oid, &t0, e);
        if (rc != 0 || t0 == NULL)
            return rc != 0 ? rc : sql__corrupt(e, "name", oid, "missing descriptor");
        const struct sql_col_desc *c = sql_cat_column(t0, st->u.rename.subname);
        if (c == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42703", "column \"%s\" does not exist",
                                 st->u.rename.subname);
        rc = sql__view_rename_check(env, t0, c->attnum, e);
        if (rc != 0)
            return rc;
        if (sql_cat_column(t0, newname) != NULL)
            return err_set_state(e, ERR_EXISTS, "42701",
                                 "column \"%s\" of relation \"%s\" already exists", newname,
                                 t0->name);
        if (sql__sys_colname_check(newname, e) != 0)
            return -1;
        struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
        snprintf(t->cols[sql_cat_column_pos(t, c->id)].name, SQL_NAME_BUF, "%s", newname);
        /* generation expressions, CHECKs, index expressions and predicates */
        rc = sql__rename_col_exprs(env, t, c->name, t->cols[sql_cat_column_pos(t, c->id)].name, e);
        if (rc != 0)
            return rc;
        t->version++;
        return sql__desc_store(env, t, e);
    }
    uint32_t other;
    rc = sql__name_lookup(env, ns, newname, &other, NULL, e);
    if (rc != 0)
        return rc;
    if (other != 0)
        return err_set_state(e, ERR_EXISTS, "42P07", "relation \"%s\" already exists", newname);
    if (kind == 'i') {
        const struct sql_table_desc *t0;
        int pos;
        rc = sql_cat_index(env, rv->name.schema, rv->name.name, &t0, &pos, e);
        if (rc != 0 || t0 == NULL)
            return rc != 0 ? rc : sql__corrupt(e, "index", oid, "table missing");
        struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
        snprintf(t->idx[pos].name, SQL_NAME_BUF, "%s", newname);
        t->version++;
        rc = sql__name_delete(env, ns, rv->name.name, e);
        if (rc == 0)
            rc = sql__name_store(env, ns, newname, 'i', oid, e);
        return rc != 0 ? rc : sql__desc_store(env, t, e);
    }
    const struct sql_table_desc *t0;
    rc = sql_cat_table_by_oid(env, oid, &t0, e);
    if (rc != 0 || t0 == NULL)
        return rc != 0 ? rc : sql__corrupt(e, "name", oid, "missing descriptor");
    rc = sql__view_rename_rel(env, t0, newname, e); /* ddl_set_schema.c */
    if (rc != 0)
        return rc;
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    snprintf(t->name, sizeof(t->name), "%s", newname);
    t->version++;
    rc = sql__name_delete(env, ns, rv->name.name, e);
    if (rc == 0)
        rc = sql__name_store(env, ns, newname, kind, oid, e);
    if (rc == 0 && t->kind == 'S') /* defaults name it by text (PostgreSQL: by oid) */
        rc = sql__seq_rename_defaults(env, t->schema, t0->name, newname, e);
    return rc != 0 ? rc : sql__desc_store(env, t, e);
}

/* ---- COMMENT ---- */

static int do_comment(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    enum sql_object_type ot = st->u.comment.objtype;
    const struct sql_list *nm = &st->u.comment.name;
    if (ot == SQL_OBJ_INDEX || ot == SQL_OBJ_CONSTRAINT || ot == SQL_OBJ_VIEW ||
        ot == SQL_OBJ_SEQUENCE)
        return sql__comment_index_constraint(env, st, e); /* ddl_alter_meta.c */
    if (ot != SQL_OBJ_TABLE && ot != SQL_OBJ_COLUMN && ot != SQL_OBJ_MATVIEW)
        return sql__ddl_unsupported(e, "COMMENT on this kind of object");
    int need = ot == SQL_OBJ_COLUMN ? 2 : 1;
    if (nm->n < need || nm->n > need + 1)
        return err_set_state(e, ERR_INVAL, "42601",
                             "improper relation name (too many dotted "
                             "names)");
    struct sql_rangevar rv;
    memset(&rv, 0, sizeof(rv));
    rv.name.schema = nm->n == need + 1 ? nm->items[0] : NULL;
    rv.name.name = nm->items[nm->n - need];
    const struct sql_table_desc *t0;
    bool mvf = env->matview_fill; /* COMMENT ON COLUMN / MATERIALIZED VIEW take one */
    env->matview_fill = ot != SQL_OBJ_TABLE;
    uint32_t voids = 0, vns;
    char vkind = 0;
    int rc = 0;
    if (ot == SQL_OBJ_COLUMN) /* a view's column too */
        rc = sql__find_rel(env, rv.name.schema, rv.name.name, &voids, &vkind, &vns, e);
    if (rc == 0 && voids != 0 && vkind == 'v') {
        rc = sql_cat_table_by_oid(env, voids, &t0, e);
        if (rc == 0 && t0 == NULL)
            rc = sql__corrupt(e, "name", voids, "names a missing descriptor");
    } else if (rc == 0) {
        rc = sql__open_table(env, &rv, false, &t0, e);
    }
    env->matview_fill = mvf;
    if (rc != 0)
        return rc;
    if (ot == SQL_OBJ_MATVIEW && !t0->matview)
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a materialized view",
                             rv.name.name);
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    const char *text = st->u.comment.comment;
    char *val = text && *text ? mem_strdup(env->stmt_ctx, text) : NULL;
    if (ot == SQL_OBJ_COLUMN) {
        const char *cn = nm->items[nm->n - 1];
        const struct sql_col_desc *c = sql_cat_column(t, cn);
        if (c == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" of relation \"%s\" does not exist", cn, t->name);
        t->cols[sql_cat_column_pos(t, c->id)].comment = val;
    } else {
        t->comment = val;
    }
    t->version++;
    return sql__desc_store(env, t, e);
}

/* ---- VACUUM / ANALYZE ---- */

static int do_vacuum(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                     struct err *e)
{
    bool vacuum = st->u.vacuum.vacuum, analyze = !vacuum, verbose = false;
    for (int i = 0; i < st->u.vacuum.options.n; i++) {
        const struct sql_option *o = st->u.vacuum.options.items[i];
        if (strcmp(o->name, "analyze") == 0)
            analyze = o->kind != SQL_OPT_BOOL || o->bval;
        if (strcmp(o->name, "verbose") == 0)
            verbose = !(o->kind == SQL_OPT_BOOL && !o->bval) &&
                      !(o->kind == SQL_OPT_INT && o->ival == 0) &&
                      !(o->kind == SQL_OPT_STRING &&
                        (strcasecmp(o->str, "false") == 0 || strcasecmp(o->str, "off") == 0));
    }
    sbuf_puts(tag, vacuum ? "VACUUM" : "ANALYZE");
    int rc = 0;
    const struct sql_table_desc **ts = NULL;
    size_t n = 0;
    if (st->u.vacuum.rels.n > 0) {
        ts = mem_alloc(env->stmt_ctx, sizeof(*ts) * (size_t)st->u.vacuum.rels.n);
        bool mvf = env->matview_fill; /* materialized views too */
        env->matview_fill = true;
        for (int i = 0; rc == 0 && i < st->u.vacuum.rels.n; i++) {
            rc = sql__open_table(env, st->u.vacuum.rels.items[i], false, &ts[n], e);
            if (rc == 0)
                n++;
        }
        env->matview_fill = mvf;
    } else if (analyze) {
        const struct sql_table_desc **all;
        size_t nall;
        rc = sql_cat_list_tables(env, &all, &nall, e);
        ts = all;
        for (size_t i = 0; rc == 0 && i < nall; i++)
            if (all[i]->kind == 'r')
                ts[n++] = all[i];
    }
    if (rc != 0)
        return rc;
    if (vacuum) {
        /* Delete the key spans of dropped and truncated relations. */
        uint64_t spans, keys;
        rc = sql__gc_spans(env->kv, env->txn, &spans, &keys, e);
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; analyze && rc == 0 && i < n; i++) {
        const struct sql_list *cols = NULL;
        if (st->u.vacuum.rels.n > 0)
            cols = st->u.vacuum.cols.items[i];
        rc = sql_stats_analyze(env, ts[i], cols, verbose && !vacuum, e);
    }
    return rc;
}

/* CREATE TABLE / CREATE INDEX statements for ddl_like.c. */
int sql__create_table_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    return create_table(env, st, e);
}

int sql__create_index_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    return create_index(env, st, e);
}

/* ---- dispatch ---- */

bool sql_ddl_is_ddl(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_CREATE_TABLE:
    case SQL_STMT_CREATE_INDEX:
    case SQL_STMT_CREATE_SEQUENCE:
    case SQL_STMT_CREATE_SCHEMA:
    case SQL_STMT_CREATE_DATABASE:
    case SQL_STMT_CREATE_ROLE:
    case SQL_STMT_ALTER_ROLE:
    case SQL_STMT_ALTER_TABLE:
    case SQL_STMT_RENAME:
    case SQL_STMT_DROP:
    case SQL_STMT_TRUNCATE:
    case SQL_STMT_VACUUM:
    case SQL_STMT_COMMENT:
    case SQL_STMT_CREATE_VIEW:
    case SQL_STMT_CREATE_TABLE_AS:
    case SQL_STMT_ALTER_SEQUENCE:
    case SQL_STMT_TYPE_DDL:
    case SQL_STMT_DOMAIN_DDL:
    case SQL_STMT_ALTER_OWNER:
    case SQL_STMT_REFRESH_MATVIEW:
    case SQL_STMT_FUNCTION_DDL:
    case SQL_STMT_REINDEX:
    case SQL_STMT_TRIGGER_DDL:
    case SQL_STMT_GRANT:
        return true;
    default:
        return false;
    }
}

const char *sql_ddl_needs_no_block(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_CREATE_DATABASE:
        return "CREATE DATABASE";
    case SQL_STMT_VACUUM:
        return st->u.vacuum.vacuum ? "VACUUM" : NULL;
    case SQL_STMT_CREATE_INDEX:
        return st->u.create_index.concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
    case SQL_STMT_REINDEX:
        return st->u.reindex.kind == 's'   ? "REINDEX SCHEMA"
               : st->u.reindex.kind == 'd' ? "REINDEX DATABASE"
               : st->u.reindex.kind == 'y' ? "REINDEX SYSTEM"
               : st->u.reindex.concurrent  ? "REINDEX CONCURRENTLY"
                                           : NULL;
    case SQL_STMT_DROP:
        if (st->u.drop.objtype == SQL_OBJ_INDEX && st->u.drop.concurrent)
            return "DROP INDEX CONCURRENTLY";
        return st->u.drop.objtype == SQL_OBJ_DATABASE ? "DROP DATABASE" : NULL;
    default:
        return NULL;
    }
}

static const char *stmt_word(const struct sql_stmt *st)
{
    switch (st->kind) {
    case SQL_STMT_CREATE_TABLE:
        return "CREATE TABLE";
    case SQL_STMT_CREATE_INDEX:
        return "CREATE INDEX";
    case SQL_STMT_CREATE_SEQUENCE:
        return "CREATE SEQUENCE";
    case SQL_STMT_CREATE_SCHEMA:
        return "CREATE SCHEMA";
    case SQL_STMT_CREATE_DATABASE:
        return "CREATE DATABASE";
    case SQL_STMT_CREATE_ROLE:
        return st->u.role.kind == SQL_ROLE_USER ? "CREATE USER" : "CREATE ROLE";
    case SQL_STMT_FUNCTION_DDL:
        return st->u.fn_ddl->op == 'c'   ? "CREATE FUNCTION"
               : st->u.fn_ddl->op == 'd' ? "DROP FUNCTION"
                                         : "ALTER FUNCTION";
    case SQL_STMT_ALTER_ROLE:
        return "ALTER ROLE";
    case SQL_STMT_GRANT:
        return st->u.grant->is_grant ? "GRANT" : "REVOKE";
    case SQL_STMT_ALTER_TABLE:
        return st->u.alter_table.view       ? "ALTER VIEW"
               : st->u.alter_table.index    ? "ALTER INDEX"
               : st->u.alter_table.sequence ? "ALTER SEQUENCE"
                                            : "ALTER TABLE";
    case SQL_STMT_RENAME:
        return "ALTER TABLE";
    case SQL_STMT_DROP:
        return st->u.drop.objtype == SQL_OBJ_TABLE      ? "DROP TABLE"
               : st->u.drop.objtype == SQL_OBJ_INDEX    ? "DROP INDEX"
               : st->u.drop.objtype == SQL_OBJ_SEQUENCE ? "DROP SEQUENCE"
               : st->u.drop.objtype == SQL_OBJ_SCHEMA   ? "DROP SCHEMA"
               : st->u.drop.objtype == SQL_OBJ_DATABASE ? "DROP DATABASE"
               : st->u.drop.objtype == SQL_OBJ_ROLE     ? "DROP ROLE"
               : st->u.drop.objtype == SQL_OBJ_MATVIEW  ? "DROP MATERIALIZED VIEW"
                                                        : "DROP";
    case SQL_STMT_TRUNCATE:
        return "TRUNCATE TABLE";
    case SQL_STMT_COMMENT:
        return "COMMENT";
    case SQL_STMT_CREATE_TABLE_AS:
        return st->u.create_table_as.matview ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS";
    case SQL_STMT_REFRESH_MATVIEW:
        return "REFRESH MATERIALIZED VIEW";
    case SQL_STMT_ALTER_SEQUENCE:
        return "ALTER SEQUENCE";
    case SQL_STMT_TYPE_DDL:
        return sql__enum_ddl_word(st);
    case SQL_STMT_DOMAIN_DDL:
        return sql__domain_ddl_word(st);
    case SQL_STMT_ALTER_OWNER:
        return st->u.alter_owner.objtype == 'n'   ? "ALTER SCHEMA"
               : st->u.alter_owner.objtype == 'D' ? "ALTER DOMAIN"
                                                  : "ALTER DATABASE";
    case SQL_STMT_VACUUM:
        return st->u.vacuum.vacuum ? "VACUUM" : "ANALYZE";
    case SQL_STMT_TRIGGER_DDL:
        return st->u.trig_ddl->op == 'c'   ? "CREATE TRIGGER"
               : st->u.trig_ddl->op == 'd' ? "DROP TRIGGER"
                                           : "ALTER TRIGGER";
    default:
        return "DDL";
    }
}

/* Run a DDL statement whose descriptor writes take table lock mode (the
 * session's tl_ddl_mode, table_lock.c) instead of ACCESS EXCLUSIVE. */
static int in_tlock_mode(struct sql_env *env, int mode,
                         int (*run)(struct sql_env *, const struct sql_stmt *, struct sbuf *,
                                    struct err *),
                         const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    sql__sess(env)->tl_ddl_mode = mode;
    int rc = run(env, st, tag, e);
    sql__sess(env)->tl_ddl_mode = 0;
    return rc;
}

static int run_create_index(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                            struct err *e)
{
    sbuf_puts(tag, "CREATE INDEX");
    return create_index(env, st, e);
}

int sql_ddl_exec(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag, struct err *e)
{
    if (st->kind != SQL_STMT_VACUUM) {
        int rc = sql__check_writable(env, stmt_word(st), e);
        if (rc != 0)
            return rc;
    }
    /* From here on this transaction reads the catalog through itself. */
    env->txn_did_ddl = true;
    sql__ddl_errpos(-1);
    sbuf_reset(tag);
    switch (st->kind) {
    case SQL_STMT_CREATE_TABLE:
        sbuf_puts(tag, "CREATE TABLE");
        if (st->u.create_table.likes.n > 0)
            return sql__create_table_like(env, st, e);
        return create_table(env, st, e);
    case SQL_STMT_CREATE_INDEX:
        return in_tlock_mode(env, KV_TLOCK_SHARE, run_create_index, st, tag, e);
    case SQL_STMT_CREATE_SEQUENCE:
        sbuf_puts(tag, "CREATE SEQUENCE");
        return sql__create_sequence_stmt(env, st, e);
    case SQL_STMT_CREATE_SCHEMA:
        sbuf_puts(tag, "CREATE SCHEMA");
        return sql__create_schema(env, st, e);
    case SQL_STMT_CREATE_DATABASE:
        sbuf_puts(tag, "CREATE DATABASE");
        return sql__create_database(env, st, e);
    case SQL_STMT_CREATE_ROLE:
        sbuf_puts(tag, st->u.role.kind == SQL_ROLE_USER ? "CREATE ROLE" : "CREATE ROLE");
        return sql__create_role(env, st, e);
    case SQL_STMT_ALTER_ROLE:
        sbuf_puts(tag, "ALTER ROLE");
        return sql__alter_role(env, st, e);
    case SQL_STMT_REINDEX:
        sbuf_puts(tag, "REINDEX");
        return sql__reindex(env, st, e); /* ddl_alter_meta.c */
    case SQL_STMT_ALTER_TABLE:
        sbuf_puts(tag, st->u.alter_table.view       ? "ALTER VIEW"
                       : st->u.alter_table.index    ? "ALTER INDEX"
                       : st->u.alter_table.sequence ? "ALTER SEQUENCE"
                                                    : "ALTER TABLE");
        return sql__alter_table(env, st, e);
    case SQL_STMT_RENAME:
        return do_rename(env, st, tag, e);
    case SQL_STMT_DROP:
        return do_drop(env, st, tag, e);
    case SQL_STMT_TRUNCATE:
        sbuf_puts(tag, "TRUNCATE TABLE");
        return do_truncate(env, st, e);
    case SQL_STMT_COMMENT:
        sbuf_puts(tag, "COMMENT");
        return do_comment(env, st, e);
    case SQL_STMT_VACUUM:
        return in_tlock_mode(env, KV_TLOCK_SHARE_UPDATE_EXCLUSIVE, do_vacuum, st, tag, e);
    case SQL_STMT_CREATE_TABLE_AS:
        return sql__create_table_as(env, st, tag, e);
    case SQL_STMT_CREATE_VIEW:
        sbuf_puts(tag, "CREATE VIEW");
        return sql__create_view(env, st, e);
    case SQL_STMT_ALTER_SEQUENCE:
        sbuf_puts(tag, "ALTER SEQUENCE");
        return sql__alter_sequence_stmt(env, st, e);
    case SQL_STMT_TYPE_DDL: {
        int rc = sql__ctype_ddl(env, st, tag, e);
        if (rc != 1)
            return rc;
        rc = sql__domain_drop_type(env, st, tag, e);
        if (rc != 1)
            return rc;
        return sql__enum_ddl(env, st, tag, e);
    }
    case SQL_STMT_DOMAIN_DDL:
        return sql__domain_ddl(env, st, tag, e);
    case SQL_STMT_ALTER_OWNER:
        return sql__alter_owner(env, st, tag, e); /* ddl_owner.c */
    case SQL_STMT_REFRESH_MATVIEW:
        return sql__refresh_matview(env, st, tag, e);
    case SQL_STMT_FUNCTION_DDL:
        return sql__function_ddl(env, st, tag, e);
    case SQL_STMT_TRIGGER_DDL:
        return sql__trigger_ddl(env, st, tag, e);
    case SQL_STMT_GRANT:
        sbuf_puts(tag, st->u.grant->is_grant ? (st->u.grant->roles ? "GRANT ROLE" : "GRANT")
                                             : (st->u.grant->roles ? "REVOKE ROLE" : "REVOKE"));
        return sql__grant_exec(env, st->u.grant, e);
    default:
        return err_set(e, ERR_INTERNAL, "sql_ddl_exec: not a DDL statement");
    }
}
