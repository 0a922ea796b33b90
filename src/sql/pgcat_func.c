/* pgcat_func.c — sql_pgcat_funcs: the catalog functions psql's describe
 * queries and drivers' introspection call (format_type, pg_get_indexdef,
 * pg_get_constraintdef, pg_get_expr, pg_table_is_visible, obj_description,
 * pg_get_userbyid, sizes, privileges, ...), worded as PostgreSQL 15.
 *
 * Approximations, each answering what PostgreSQL answers for a fresh
 * single-user cluster rather than guessing:
 *  - sizes (pg_relation_size, pg_table_size, pg_total_relation_size,
 *    pg_indexes_size, pg_database_size) are 0: storage is shared ranges in
 *    the kv layer, not per-relation files;
 *  - privilege checks (has_*_privilege, pg_has_role, acldefault) are
 *    acl_func.c's;
 *  - array_to_string(text, text) returns its first argument: the ACL and
 *    options columns it is applied to are text here (vtab.h);
 *  - pg_get_viewdef lays out a view's stored query (view_def.c);
 *  - txid_current is the transaction's start timestamp (kv), unique and
 *    increasing, not a 32-bit xid.
 * OIDs and strictness are PostgreSQL's (from its pg_proc).
 */
#include "sql/acl.h"
#include "sql/deparse.h"
#include "sql/domain.h"
#include "sql/env.h"
#include "sql/func.h"
#include "sql/fk.h"
#include "sql/regtype.h"
#include "sql/sqlfn.h"
#include "sql/trigger.h"
#include "sql/view.h"
#include "sql/pgcat_size.h"
#include "sql/vtab.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- results ---- */

static int ret_text(struct sql_fcall *c, struct sql_value *out, const char *s, size_t n)
{
    char *p = mem_alloc(c->ctx, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    *out = sql_text(p, n);
    return 0;
}

static int ret_sbuf(struct sql_fcall *c, struct sql_value *out, struct sbuf *b)
{
    ret_text(c, out, b->data, b->len);
    sbuf_free(b);
    return 0;
}

static int ret_cstr(struct sql_fcall *c, struct sql_value *out, const char *s)
{
    return ret_text(c, out, s, strlen(s));
}

static int ret_name(struct sql_fcall *c, struct sql_value *out, const char *s)
{
    ret_cstr(c, out, s);
    out->type = SQL_T_NAME;
    return 0;
}

static int ret_null(struct sql_fcall *c, struct sql_value *out)
{
    *out = sql_null(c->match != NULL ? c->match->ret : SQL_T_TEXT);
    return 0;
}

static char *arg_str(struct sql_fcall *c, const struct sql_value *v)
{
    return mem_strndup(c->ctx, v->u.s.p, v->u.s.len);
}

static uint32_t arg_oid(const struct sql_value *v)
{
    return (uint32_t)v->u.i;
}

/* ---- type and definition text ---- */

static void format_type(uint32_t oid, int32_t typmod, struct sbuf *b)
{
    if (sql_type_get(oid) != NULL) {
        sql_type_format(oid, typmod, b);
        return;
    }
    size_t n;
    const struct sql_type_info *all = sql_type_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (all[i].array_oid == oid && oid != 0) {
            sql_type_format(all[i].oid, typmod, b);
            sbuf_puts(b, "[]");
            return;
        }
    }
    sbuf_puts(b, "???");
}

/* format_type(oid, int4): not strict; NULL typmod is -1. */
static int fn_format_type(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    if (a[0].null)
        return ret_null(c, out);
    int32_t typmod = n > 1 && !a[1].null ? (int32_t)a[1].u.i : -1;
    struct sbuf b;
    sbuf_init(&b);
    uint32_t oid = arg_oid(&a[0]);
    if (oid >= SQL_FIRST_USER_OID && sql_type_get(oid) != NULL) {
        /* a user type: schema-qualified when search_path does not find it */
        int rc = sql__type_format_env(c->env, oid, typmod, &b, e);
        if (rc != 0) {
            sbuf_free(&b);
            return rc;
        }
    } else {
        format_type(oid, typmod, &b);
    }
    return ret_sbuf(c, out, &b);
}

static int fn_indexdef(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, arg_oid(&a[0]), &o, e);
    if (rc != 0)
        return rc;
    if (o.table == NULL || o.idx_pos < 0 || o.is_constraint)
        return ret_null(c, out);
    int col = n > 1 ? (int)a[1].u.i : 0;
    bool pretty = n > 2 && a[2].u.b;
    struct sbuf b;
    sbuf_init(&b);
    sql__pgcat_indexdef(c->env, o.table, o.idx_pos, col, pretty, &b);
    return ret_sbuf(c, out, &b);
}

/* pg_index_column_has_property(index, column, property): a btree's answers
 * (ordered, no distance ordering, index-only scans, = ANY and IS NULL
 * searches); NULL for a non-index, a column out of range or an unknown
 * property, as PostgreSQL's. */
static int fn_index_column_has_property(struct sql_fcall *c, const struct sql_value *a, int n,
                                        struct sql_value *out, struct err *e)
{
    (void)n;
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, arg_oid(&a[0]), &o, e);
    if (rc != 0)
        return rc;
    if (o.table == NULL || o.idx_pos < 0 || o.is_constraint)
        return ret_null(c, out);
    const struct sql_idx_desc *ix = &o.table->idx[o.idx_pos];
    int64_t col = a[1].u.i;
    if (col <= 0 || col > ix->ncols)
        return ret_null(c, out);
    const char *p = arg_str(c, &a[2]);
    bool desc = ix->desc[col - 1], nf = ix->nulls_first[col - 1];
    bool v;
    if (strcasecmp(p, "asc") == 0)
        v = !desc;
    else if (strcasecmp(p, "desc") == 0)
        v = desc;
    else if (strcasecmp(p, "nulls_first") == 0)
        v = nf;
    else if (strcasecmp(p, "nulls_last") == 0)
        v = !nf;
    else if (strcasecmp(p, "orderable") == 0 || strcasecmp(p, "returnable") == 0 ||
             strcasecmp(p, "search_array") == 0 || strcasecmp(p, "search_nulls") == 0)
        v = true;
    else if (strcasecmp(p, "distance_orderable") == 0)
        v = false;
    else
        return ret_null(c, out);
    *out = sql_bool(v);
    return 0;
}

static int fn_constraintdef(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e)
{
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, arg_oid(&a[0]), &o, e);
    if (rc != 0)
        return rc;
    if (o.table != NULL && o.fk_pos >= 0) {
        struct sbuf fb;
        sbuf_init(&fb);
        rc = sql__fk_def(c->env, o.table, &o.table->fks[o.fk_pos], &fb, e);
        if (rc != 0) {
            sbuf_free(&fb);
            return rc;
        }
        if (o.table->fks[o.fk_pos].not_valid)
            sbuf_puts(&fb, " NOT VALID");
        return ret_sbuf(c, out, &fb);
    }
    if (o.table == NULL) {
        struct sbuf db;
        sbuf_init(&db);
        if (sql__domain_constraintdef(c->env, arg_oid(&a[0]), n > 1 && a[1].u.b, &db))
            return ret_sbuf(c, out, &db);
        sbuf_free(&db);
    }
    if (o.table == NULL || (o.check_pos < 0 && !o.is_constraint))
        return ret_null(c, out);
    struct sbuf b;
    sbuf_init(&b);
    sql__pgcat_constraintdef(&o, n > 1 && a[1].u.b, &b);
    return ret_sbuf(c, out, &b);
}

static int fn_get_expr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    char *s = arg_str(c, &a[0]);
    struct sql__pgcat_obj o = {NULL, -1, -1, false, -1};
    if (n > 1) {
        int rc = sql__pgcat_find(c->env, arg_oid(&a[1]), &o, e);
        if (rc != 0)
            return rc;
    }
    struct sbuf b;
    sbuf_init(&b);
    sql__pgcat_expr(s, o.idx_pos < 0 ? o.table : NULL, n > 2 && a[2].u.b, &b);
    return ret_sbuf(c, out, &b);
}

static int fn_table_is_visible(struct sql_fcall *c, const struct sql_value *a, int n,
                               struct sql_value *out, struct err *e)
{
    (void)n;
    uint32_t oid = arg_oid(&a[0]);
    const struct sql_vtab *vt = sql_vtab_by_oid(oid);
    if (vt != NULL) {
        *out = sql_bool(vt->desc->schema_oid == SQL_NS_PG_CATALOG);
        return 0;
    }
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, oid, &o, e);
    if (rc != 0)
        return rc;
    if (o.table == NULL || o.is_constraint || o.check_pos >= 0)
        return ret_null(c, out);
    const char *name = o.idx_pos >= 0 ? o.table->idx[o.idx_pos].name : o.table->name;
    bool vis = false;
    rc = sql__pgcat_visible(c->env, o.table, name, &vis, e);
    if (rc != 0)
        return rc;
    *out = sql_bool(vis);
    return 0;
}

static int fn_type_is_visible(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    int vis = 0;
    int rc = sql__type_is_visible(c->env, arg_oid(&a[0]), &vis, e);
    if (rc != 0)
        return rc;
    if (vis < 0)
        return ret_null(c, out);
    *out = sql_bool(vis == 1);
    return 0;
}

static int fn_true(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)c;
    (void)a;
    (void)n;
    (void)e;
    *out = sql_bool(true);
    return 0;
}

static int fn_false(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)c;
    (void)a;
    (void)n;
    (void)e;
    *out = sql_bool(false);
    return 0;
}

static int fn_null(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    return ret_null(c, out);
}

static int fn_zero_oid(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)c;
    (void)a;
    (void)n;
    (void)e;
    *out = sql_int8(0);
    out->type = SQL_T_OID;
    return 0;
}

static int fn_empty_text(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    return ret_cstr(c, out, "");
}

/* obj_description(oid, catalog name) / obj_description(oid). */
static int fn_obj_description(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    uint32_t oid = arg_oid(&a[0]);
    const char *cat = n > 1 ? arg_str(c, &a[1]) : "pg_class";
    static const struct {
        const char *name;
        uint32_t classoid;
    } builtin_cats[] = {{"pg_namespace", 2615}, {"pg_language", 2612}, {"pg_extension", 3079}};
    for (size_t i = 0; i < sizeof builtin_cats / sizeof builtin_cats[0]; i++) {
        if (strcmp(cat, builtin_cats[i].name) != 0)
            continue;
        const char *txt = sql__pgcat_builtin_descr(builtin_cats[i].classoid, oid);
        return txt != NULL ? ret_cstr(c, out, txt) : ret_null(c, out);
    }
    bool con = strcmp(cat, "pg_constraint") == 0;
    if ((!con && strcmp(cat, "pg_class") != 0) || oid < SQL_FIRST_USER_OID)
        return ret_null(c, out);
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, oid, &o, e);
    if (rc != 0)
        return rc;
    const char *txt = NULL; /* indexes and constraints: ddl_alter_meta.c */
    if (o.table == NULL)
        txt = NULL;
    else if (o.check_pos >= 0)
        txt = con ? o.table->checks[o.check_pos].comment : NULL;
    else if (o.fk_pos >= 0)
        txt = con ? o.table->fks[o.fk_pos].comment : NULL;
    else if (o.idx_pos >= 0)
        txt = o.is_constraint ? (con ? o.table->idx[o.idx_pos].concomment : NULL)
                              : (con ? NULL : o.table->idx[o.idx_pos].comment);
    else
        txt = con ? NULL : o.table->comment;
    if (txt == NULL)
        return ret_null(c, out);
    return ret_cstr(c, out, txt);
}

/* col_description(table oid, attnum): COMMENT ON COLUMN. */
static int fn_col_description(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    uint32_t oid = arg_oid(&a[0]);
    int64_t attnum = a[1].u.i;
    if (oid < SQL_FIRST_USER_OID)
        return ret_null(c, out);
    struct sql__pgcat_obj o;
    int rc = sql__pgcat_find(c->env, oid, &o, e);
    if (rc != 0)
        return rc;
    if (o.table == NULL || o.idx_pos >= 0 || o.check_pos >= 0)
        return ret_null(c, out);
    for (int i = 0; i < o.table->ncols; i++) {
        const struct sql_col_desc *cd = &o.table->cols[i];
        if (!cd->hidden && cd->attnum == attnum && cd->comment != NULL)
            return ret_cstr(c, out, cd->comment);
    }
    return ret_null(c, out);
}

static int fn_get_userbyid(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    uint32_t oid = arg_oid(&a[0]);
    if (oid == SQL_PGCAT_ROLE_DBOWNER)
        return ret_name(c, out, "pg_database_owner");
    struct sql_role *roles;
    size_t nr;
    int rc = sql_cat_list_roles(c->env, &roles, &nr, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nr; i++)
        if (sql__pgcat_role_oid(roles[i].name) == oid)
            return ret_name(c, out, roles[i].name);
    if (oid == SQL_PGCAT_ROLE_BOOTSTRAP)
        return ret_name(c, out, SQL_DEFAULT_NAME);
    char buf[64];
    snprintf(buf, sizeof(buf), "unknown (OID=%u)", oid);
    return ret_name(c, out, buf);
}

static int fn_encoding_to_char(struct sql_fcall *c, const struct sql_value *a, int n,
                               struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    switch (a[0].u.i) {
    case 0:
        return ret_name(c, out, "SQL_ASCII");
    case 6:
        return ret_name(c, out, "UTF8");
    default:
        return ret_name(c, out, "");
    }
}

/* getdatabaseencoding(), pg_client_encoding(): always UTF8 here. */
static int fn_utf8(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    return ret_name(c, out, "UTF8");
}

static int fn_char_to_encoding(struct sql_fcall *c, const struct sql_value *a, int n,
                               struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    const char *s = arg_str(c, &a[0]);
    int32_t v = -1;
    if (strcasecmp(s, "UTF8") == 0 || strcasecmp(s, "UTF-8") == 0 || strcasecmp(s, "unicode") == 0)
        v = 6;
    else if (strcasecmp(s, "SQL_ASCII") == 0)
        v = 0;
    *out = sql_int4(v);
    return 0;
}

static int fn_encoding_max_length(struct sql_fcall *c, const struct sql_value *a, int n,
                                  struct sql_value *out, struct err *e)
{
    (void)c;
    (void)n;
    (void)e;
    *out = sql_int4(a[0].u.i == 6 ? 4 : 1);
    return 0;
}

/* pg_size_pretty(bigint), PostgreSQL 15's units table (dbsize.c). */
static int fn_size_pretty(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    static const struct {
        const char *name;
        int64_t limit;
        bool round;
        int shift;
    } units[] = {
        {"bytes", 10 * 1024, false, 0},  {"kB", 20 * 1024 - 1, true, 10},
        {"MB", 20 * 1024 - 1, true, 20}, {"GB", 20 * 1024 - 1, true, 30},
        {"TB", 20 * 1024 - 1, true, 40}, {"PB", 20 * 1024 - 1, true, 50},
    };
    int64_t size = a[0].u.i;
    char buf[64] = "";
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        int64_t abs = size < 0 ? -size : size;
        if (abs < units[i].limit || i + 1 == sizeof(units) / sizeof(units[0])) {
            int64_t v = size;
            if (units[i].round)
                v = (size + (size < 0 ? -1 : 1)) / 2; /* half_rounded */
            snprintf(buf, sizeof(buf), "%" PRId64 " %s", v, units[i].name);
            return ret_cstr(c, out, buf);
        }
        /* keep one extra bit for rounding on the first step */
        size /= i == 0 ? (1 << 9) : (1 << 10);
    }
    return ret_cstr(c, out, buf);
}

static int fn_array_to_string(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    return ret_text(c, out, a[0].u.s.p, a[0].u.s.len);
}

/* An array literal element: quoted when it holds anything special. */
static void array_elem(struct sbuf *b, const char *s)
{
    bool q = *s == '\0' || strcasecmp(s, "NULL") == 0;
    for (const char *p = s; *p != '\0' && !q; p++)
        if (strchr("{},\"\\ ", *p) != NULL)
            q = true;
    if (!q) {
        sbuf_puts(b, s);
        return;
    }
    sbuf_putc(b, '"');
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            sbuf_putc(b, '\\');
        sbuf_putc(b, *p);
    }
    sbuf_putc(b, '"');
}

/* current_schemas(include_implicit) as name[]'s text form. */
static int fn_current_schemas(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    struct sql_env *env = c->env;
    struct sbuf b;
    sbuf_init(&b);
    sbuf_putc(&b, '{');
    int k = 0;
    bool listed = false;
    for (int i = 0; i < env->nsearch; i++)
        if (strcmp(env->search_path[i], SQL_NS_PG_CATALOG_STR) == 0)
            listed = true;
    if (a[0].u.b && !listed) {
        sbuf_puts(&b, SQL_NS_PG_CATALOG_STR);
        k++;
    }
    for (int i = 0; i < env->nsearch; i++) {
        const char *s = env->search_path[i];
        if (!a[0].u.b && strcmp(s, SQL_NS_PG_CATALOG_STR) == 0)
            continue;
        struct sql_schema_desc d;
        bool found = false;
        int rc = sql_cat_schema(env, s, &d, &found, e);
        if (rc != 0) {
            sbuf_free(&b);
            return rc;
        }
        if (!found && strcmp(s, SQL_NS_PG_CATALOG_STR) != 0)
            continue;
        if (k++ > 0)
            sbuf_putc(&b, ',');
        array_elem(&b, s);
    }
    sbuf_putc(&b, '}');
    return ret_sbuf(c, out, &b);
}

/* Split a possibly qualified, possibly quoted relation name as PostgreSQL's
 * stringToQualifiedNameList: unquoted parts lower-cased. false when the
 * syntax is bad. */
static bool split_qualified(const char *s, char *schema, char *name, size_t cap)
{
    char parts[3][SQL_NAME_BUF];
    int np = 0;
    const char *p = s;
    while (np < 3) {
        size_t k = 0;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return false;
                if (*p == '"') {
                    if (p[1] != '"')
                        break;
                    p++;
                }
                if (k + 1 < sizeof(parts[0]))
                    parts[np][k++] = *p;
                p++;
            }
            p++;
            if (k == 0)
                return false;
        } else {
            while (*p != '\0' && *p != '.' && !isspace((unsigned char)*p)) {
                if (k + 1 < sizeof(parts[0]))
                    parts[np][k++] = (char)tolower((unsigned char)*p);
                p++;
            }
            if (k == 0)
                return false;
        }
        parts[np][k] = '\0';
        np++;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            break;
        if (*p != '.')
            return false;
        p++;
    }
    if (*p != '\0' || np == 3)
        return false;
    snprintf(schema, cap, "%s", np == 2 ? parts[0] : "");
    snprintf(name, cap, "%s", parts[np - 1]);
    return true;
}

static int fn_serial_sequence(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    char schema[SQL_NAME_BUF], name[SQL_NAME_BUF];
    const char *rel = arg_str(c, &a[0]);
    const char *colname = arg_str(c, &a[1]);
    if (!split_qualified(rel, schema, name, sizeof(name)))
        return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table(c->env, schema[0] ? schema : NULL, name, &t, e);
    if (rc != 0)
        return rc;
    if (t == NULL) {
        if (schema[0])
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s.%s\" does not exist",
                                 schema, name);
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", name);
    }
    const struct sql_col_desc *col = sql_cat_column(t, colname);
    if (col == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42703",
                             "column \"%s\" of relation \"%s\" does not exist", colname, name);
    const struct sql_table_desc **all;
    size_t nt;
    rc = sql_cat_list_tables(c->env, &all, &nt, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < nt; i++) {
        const struct sql_table_desc *s = all[i];
        if (s->kind != 'S')
            continue;
        if ((col->identity != 0 && col->identity_seq == s->oid) ||
            (s->seq.owned_by_table == t->oid && s->seq.owned_by_col == col->id)) {
            struct sbuf b;
            sbuf_init(&b);
            sql_deparse_ident(s->schema, &b);
            sbuf_putc(&b, '.');
            sql_deparse_ident(s->name, &b);
            return ret_sbuf(c, out, &b);
        }
    }
    return ret_null(c, out);
}

static int fn_to_regclass(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    char schema[SQL_NAME_BUF], name[SQL_NAME_BUF];
    const char *rel = arg_str(c, &a[0]);
    if (!split_qualified(rel, schema, name, sizeof(name)))
        return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
    const char *sch = schema[0] ? schema : NULL;
    uint32_t oid = 0;
    if (sch == NULL || strcmp(sch, SQL_NS_PG_CATALOG_STR) == 0 ||
        strcmp(sch, "information_schema") == 0) {
        const struct sql_vtab *v = sql_vtab_lookup(sch, name);
        if (v != NULL)
            oid = v->desc->oid;
    }
    if (oid == 0) {
        const struct sql_table_desc *t = NULL;
        int rc = sql_cat_table(c->env, sch, name, &t, e);
        if (rc != 0)
            return rc;
        if (t != NULL) {
            oid = t->oid;
        } else {
            int pos;
            rc = sql_cat_index(c->env, sch, name, &t, &pos, e);
            if (rc != 0)
                return rc;
            if (t != NULL)
                oid = t->idx[pos].oid;
        }
    }
    if (oid == 0)
        return ret_null(c, out);
    *out = sql_int8(oid);
    out->type = SQL_T_REGCLASS;
    return 0;
}

static int fn_viewdef(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    const struct sql_table_desc *t = NULL;
    int rc;
    if (a[0].type == SQL_T_TEXT) {
        char schema[SQL_NAME_BUF], name[SQL_NAME_BUF];
        if (!split_qualified(arg_str(c, &a[0]), schema, name, sizeof(name)))
            return err_set_state(e, ERR_INVAL, "42602", "invalid name syntax");
        rc = sql_cat_table(c->env, schema[0] ? schema : NULL, name, &t, e);
        if (rc == 0 && t == NULL)
            return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist", name);
    } else {
        rc = sql_cat_table_by_oid(c->env, arg_oid(&a[0]), &t, e);
    }
    if (rc != 0)
        return rc;
    if (t == NULL || (t->kind != 'v' && !t->matview) || t->view_sql == NULL)
        return ret_null(c, out);
    char *def;
    rc = sql_view_def(c->env, t, n > 1 && !a[1].null && a[1].u.b, c->env->stmt_ctx, &def, e);
    if (rc != 0)
        return rc;
    return ret_cstr(c, out, def);
}

/* Microseconds since 2000-01-01 UTC (PostgreSQL's epoch) when this module
 * was loaded: the server's start, for pg_postmaster_start_time. */
static int64_t start_time;

__attribute__((constructor)) static void note_start_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    start_time = ((int64_t)ts.tv_sec - 946684800) * 1000000 + ts.tv_nsec / 1000;
}

static int fn_start_time(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c;
    (void)a;
    (void)n;
    (void)e;
    *out = sql_null(SQL_T_TIMESTAMPTZ);
    out->null = false;
    out->u.ts = start_time;
    return 0;
}

static int fn_txid_current(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)a;
    (void)n;
    (void)e;
    uint64_t ts = c->env->txn != NULL ? kv_txn_start_ts(c->env->txn) : 0;
    *out = sql_int8((int64_t)(ts & INT64_MAX));
    return 0;
}

static const struct sql_func_def *func_by_oid(uint32_t oid)
{
    for (size_t i = 0; i < sql_core_nfuncs; i++)
        if (sql_core_funcs[i].oid == oid && isalpha((unsigned char)sql_core_funcs[i].name[0]))
            return &sql_core_funcs[i];
    for (size_t i = 0; i < sql_pgcat_nfuncs; i++)
        if (sql_pgcat_funcs[i].oid == oid)
            return &sql_pgcat_funcs[i];
    for (size_t i = 0; i < sql_json_nfuncs; i++)
        if (sql_json_funcs[i].oid == oid && isalpha((unsigned char)sql_json_funcs[i].name[0]))
            return &sql_json_funcs[i];
    return NULL;
}

/* pg_get_function_result / _arguments / _identity_arguments /
 * pg_get_functiondef of a user function (sqlfn.h): 1 when oid is none. */
static int user_fn_text(struct sql_fcall *c, uint32_t oid, int what, struct sql_value *out,
                        struct err *e)
{
    if (oid < SQL_FIRST_USER_OID || c->env == NULL)
        return 1;
    const struct sql_fn_desc *f;
    int rc = sql__fn_load(c->env, oid, c->ctx, &f, e);
    if (rc != 0)
        return rc;
    if (f == NULL)
        return 1;
    if (what == 0 && f->is_proc)
        return ret_null(c, out); /* a procedure has no result */
    struct sbuf b;
    sbuf_init(&b);
    rc = what == 0   ? sql__fn_result_text(c->env, f, &b, e)
         : what == 3 ? sql__fn_def_text(c->env, f, &b, e)
                     : sql__fn_args_text(c->env, f, what == 2, &b, e);
    if (rc != 0) {
        sbuf_free(&b);
        return rc;
    }
    return ret_sbuf(c, out, &b);
}

static int fn_functiondef(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)n;
    int rc = user_fn_text(c, arg_oid(&a[0]), 3, out, e);
    return rc <= 0 ? rc : ret_null(c, out);
}

static int fn_function_result(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)n;
    int urc = user_fn_text(c, arg_oid(&a[0]), 0, out, e);
    if (urc <= 0)
        return urc;
    const struct sql_func_def *d = func_by_oid(arg_oid(&a[0]));
    if (d == NULL)
        return ret_null(c, out);
    struct sbuf b;
    sbuf_init(&b);
    if (d->ret == SQL_FT_ANYELEMENT)
        sbuf_puts(&b, "anyelement");
    else
        format_type(d->ret, -1, &b);
    return ret_sbuf(c, out, &b);
}

static int fn_function_arguments(struct sql_fcall *c, const struct sql_value *a, int n,
                                 struct sql_value *out, struct err *e)
{
    (void)n;
    int urc = user_fn_text(c, arg_oid(&a[0]), c->match->def->oid == 2232 ? 2 : 1, out, e);
    if (urc <= 0)
        return urc;
    const struct sql_func_def *d = func_by_oid(arg_oid(&a[0]));
    if (d == NULL)
        return ret_null(c, out);
    struct sbuf b;
    sbuf_init(&b);
    for (int k = 0; k < d->nargs && k < SQL_FUNC_MAX_ARGS; k++) {
        if (k > 0)
            sbuf_puts(&b, ", ");
        if (d->variadic && k == d->nargs - 1)
            sbuf_puts(&b, "VARIADIC ");
        if (d->args[k] == SQL_FT_ANYELEMENT)
            sbuf_puts(&b, "anyelement");
        else if (d->args[k] == SQL_T_ANY)
            sbuf_puts(&b, "\"any\"");
        else
            format_type(d->args[k], -1, &b);
    }
    return ret_sbuf(c, out, &b);
}

/* ---- the table ---- */

#define T_TEXT SQL_T_TEXT
#define T_OID  SQL_T_OID
#define T_INT4 SQL_T_INT4
#define T_INT8 SQL_T_INT8
#define T_BOOL SQL_T_BOOL
#define T_NAME SQL_T_NAME
#define T_RCLS SQL_T_REGCLASS

const struct sql_func_def sql_pgcat_funcs[] = {
    {"acldefault",
     3943,
     2,
     false,
     {SQL_T_CHAR, T_OID},
     SQL_T_TEXT_ARRAY,
     sql__fn_acldefault,
     true,
     'i'},
    {"array_to_string", 395, 2, false, {T_TEXT, T_TEXT}, T_TEXT, fn_array_to_string, true, 's'},
    {"col_description", 1216, 2, false, {T_OID, T_INT4}, T_TEXT, fn_col_description, true, 's'},
    {"current_schemas", 1403, 1, false, {T_BOOL}, T_TEXT, fn_current_schemas, true, 's'},
    {"format_type", 1081, 2, false, {T_OID, T_INT4}, T_TEXT, fn_format_type, false, 's'},
    {"getdatabaseencoding", 1039, 0, false, {0}, T_NAME, fn_utf8, true, 's'},
    {"has_column_privilege",
     3012,
     4,
     false,
     {T_NAME, T_TEXT, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3013,
     4,
     false,
     {T_NAME, T_TEXT, SQL_T_INT2, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3014,
     4,
     false,
     {T_NAME, T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3015,
     4,
     false,
     {T_NAME, T_OID, SQL_T_INT2, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3016,
     4,
     false,
     {T_OID, T_TEXT, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3017,
     4,
     false,
     {T_OID, T_TEXT, SQL_T_INT2, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3018,
     4,
     false,
     {T_OID, T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3019,
     4,
     false,
     {T_OID, T_OID, SQL_T_INT2, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3020,
     3,
     false,
     {T_TEXT, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3021,
     3,
     false,
     {T_TEXT, SQL_T_INT2, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3022,
     3,
     false,
     {T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_column_privilege",
     3023,
     3,
     false,
     {T_OID, SQL_T_INT2, T_TEXT},
     T_BOOL,
     sql__fn_has_column_privilege,
     true,
     's'},
    {"has_database_privilege",
     2250,
     3,
     false,
     {T_NAME, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_database_privilege,
     true,
     's'},
    {"has_database_privilege",
     2251,
     3,
     false,
     {T_NAME, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_database_privilege,
     true,
     's'},
    {"has_database_privilege",
     2252,
     3,
     false,
     {T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_database_privilege,
     true,
     's'},
    {"has_database_privilege",
     2253,
     3,
     false,
     {T_OID, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_database_privilege,
     true,
     's'},
    {"has_database_privilege",
     2254,
     2,
     false,
     {T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_database_privilege,
     true,
     's'},
    {"has_database_privilege",
     2255,
     2,
     false,
     {T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_database_privilege,
     true,
     's'},
    {"has_function_privilege",
     2256,
     3,
     false,
     {T_NAME, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_function_privilege,
     true,
     's'},
    {"has_function_privilege",
     2257,
     3,
     false,
     {T_NAME, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_function_privilege,
     true,
     's'},
    {"has_function_privilege",
     2258,
     3,
     false,
     {T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_function_privilege,
     true,
     's'},
    {"has_function_privilege",
     2259,
     3,
     false,
     {T_OID, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_function_privilege,
     true,
     's'},
    {"has_function_privilege",
     2260,
     2,
     false,
     {T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_function_privilege,
     true,
     's'},
    {"has_function_privilege",
     2261,
     2,
     false,
     {T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_function_privilege,
     true,
     's'},
    {"has_schema_privilege",
     2268,
     3,
     false,
     {T_NAME, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_schema_privilege,
     true,
     's'},
    {"has_schema_privilege",
     2269,
     3,
     false,
     {T_NAME, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_schema_privilege,
     true,
     's'},
    {"has_schema_privilege",
     2270,
     3,
     false,
     {T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_schema_privilege,
     true,
     's'},
    {"has_schema_privilege",
     2271,
     3,
     false,
     {T_OID, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_schema_privilege,
     true,
     's'},
    {"has_schema_privilege",
     2272,
     2,
     false,
     {T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_schema_privilege,
     true,
     's'},
    {"has_schema_privilege",
     2273,
     2,
     false,
     {T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_schema_privilege,
     true,
     's'},
    {"has_sequence_privilege",
     2181,
     3,
     false,
     {T_NAME, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_sequence_privilege,
     true,
     's'},
    {"has_sequence_privilege",
     2182,
     3,
     false,
     {T_NAME, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_sequence_privilege,
     true,
     's'},
    {"has_sequence_privilege",
     2183,
     3,
     false,
     {T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_sequence_privilege,
     true,
     's'},
    {"has_sequence_privilege",
     2184,
     3,
     false,
     {T_OID, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_sequence_privilege,
     true,
     's'},
    {"has_sequence_privilege",
     2185,
     2,
     false,
     {T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_sequence_privilege,
     true,
     's'},
    {"has_sequence_privilege",
     2186,
     2,
     false,
     {T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_sequence_privilege,
     true,
     's'},
    {"has_table_privilege",
     1922,
     3,
     false,
     {T_NAME, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_table_privilege,
     true,
     's'},
    {"has_table_privilege",
     1923,
     3,
     false,
     {T_NAME, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_table_privilege,
     true,
     's'},
    {"has_table_privilege",
     1924,
     3,
     false,
     {T_OID, T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_table_privilege,
     true,
     's'},
    {"has_table_privilege",
     1925,
     3,
     false,
     {T_OID, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_table_privilege,
     true,
     's'},
    {"has_table_privilege",
     1926,
     2,
     false,
     {T_TEXT, T_TEXT},
     T_BOOL,
     sql__fn_has_table_privilege,
     true,
     's'},
    {"has_table_privilege",
     1927,
     2,
     false,
     {T_OID, T_TEXT},
     T_BOOL,
     sql__fn_has_table_privilege,
     true,
     's'},
    {"obj_description", 1215, 2, false, {T_OID, T_NAME}, T_TEXT, fn_obj_description, true, 's'},
    {"obj_description", 1348, 1, false, {T_OID}, T_TEXT, fn_obj_description, true, 's'},
    {"pg_char_to_encoding", 1264, 1, false, {T_NAME}, T_INT4, fn_char_to_encoding, true, 's'},
    {"pg_client_encoding", 810, 0, false, {0}, T_NAME, fn_utf8, true, 's'},
    {"pg_collation_is_visible", 3815, 1, false, {T_OID}, T_BOOL, fn_true, true, 's'},
    {"pg_conf_load_time", 2034, 0, false, {0}, SQL_T_TIMESTAMPTZ, fn_start_time, true, 's'},
    {"pg_conversion_is_visible", 2093, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_database_size", 2168, 1, false, {T_NAME}, T_INT8, sql__fn_database_size, true, 'v'},
    {"pg_database_size", 2324, 1, false, {T_OID}, T_INT8, sql__fn_database_size, true, 'v'},
    {"pg_encoding_max_length", 2319, 1, false, {T_INT4}, T_INT4, fn_encoding_max_length, true, 'i'},
    {"pg_encoding_to_char", 1597, 1, false, {T_INT4}, T_NAME, fn_encoding_to_char, true, 's'},
    {"pg_function_is_visible", 2081, 1, false, {T_OID}, T_BOOL, fn_true, true, 's'},
    {"pg_get_constraintdef", 1387, 1, false, {T_OID}, T_TEXT, fn_constraintdef, true, 's'},
    {"pg_get_constraintdef", 2508, 2, false, {T_OID, T_BOOL}, T_TEXT, fn_constraintdef, true, 's'},
    {"pg_get_expr", 1716, 2, false, {T_TEXT, T_OID}, T_TEXT, fn_get_expr, true, 's'},
    {"pg_get_expr", 2509, 3, false, {T_TEXT, T_OID, T_BOOL}, T_TEXT, fn_get_expr, true, 's'},
    {"pg_get_function_arguments",
     2162,
     1,
     false,
     {T_OID},
     T_TEXT,
     fn_function_arguments,
     true,
     's'},
    {"pg_get_function_identity_arguments",
     2232,
     1,
     false,
     {T_OID},
     T_TEXT,
     fn_function_arguments,
     true,
     's'},
    {"pg_get_function_result", 2165, 1, false, {T_OID}, T_TEXT, fn_function_result, true, 's'},
    {"pg_get_function_sqlbody", 6197, 1, false, {T_OID}, T_TEXT, fn_null, true, 's'},
    {"pg_get_functiondef", 2098, 1, false, {T_OID}, T_TEXT, fn_functiondef, true, 's'},
    {"pg_get_indexdef", 1643, 1, false, {T_OID}, T_TEXT, fn_indexdef, true, 's'},
    {"pg_get_indexdef", 2507, 3, false, {T_OID, T_INT4, T_BOOL}, T_TEXT, fn_indexdef, true, 's'},
    {"pg_get_partkeydef", 3352, 1, false, {T_OID}, T_TEXT, fn_null, true, 's'},
    {"pg_get_ruledef", 1573, 1, false, {T_OID}, T_TEXT, fn_null, true, 's'},
    {"pg_get_ruledef", 2504, 2, false, {T_OID, T_BOOL}, T_TEXT, fn_null, true, 's'},
    {"pg_get_serial_sequence",
     1665,
     2,
     false,
     {T_TEXT, T_TEXT},
     T_TEXT,
     fn_serial_sequence,
     true,
     's'},
    {"pg_get_statisticsobjdef_columns", 6174, 1, false, {T_OID}, T_TEXT, fn_null, true, 's'},
    {"pg_get_triggerdef", 1662, 1, false, {T_OID}, T_TEXT, sql__fn_triggerdef, true, 's'},
    {"pg_get_triggerdef", 2730, 2, false, {T_OID, T_BOOL}, T_TEXT, sql__fn_triggerdef, true, 's'},
    {"pg_get_userbyid", 1642, 1, false, {T_OID}, T_NAME, fn_get_userbyid, true, 's'},
    {"pg_get_viewdef", 1641, 1, false, {T_OID}, T_TEXT, fn_viewdef, true, 's'},
    {"pg_get_viewdef", 2506, 2, false, {T_OID, T_BOOL}, T_TEXT, fn_viewdef, true, 's'},
    {"pg_get_viewdef", 1640, 1, false, {T_TEXT}, T_TEXT, fn_viewdef, true, 's'},
    {"pg_get_viewdef", 2505, 2, false, {T_TEXT, T_BOOL}, T_TEXT, fn_viewdef, true, 's'},
    {"pg_has_role",
     2705,
     3,
     false,
     {T_NAME, T_NAME, T_TEXT},
     T_BOOL,
     sql__fn_pg_has_role,
     true,
     's'},
    {"pg_has_role",
     2706,
     3,
     false,
     {T_NAME, T_OID, T_TEXT},
     T_BOOL,
     sql__fn_pg_has_role,
     true,
     's'},
    {"pg_has_role",
     2707,
     3,
     false,
     {T_OID, T_NAME, T_TEXT},
     T_BOOL,
     sql__fn_pg_has_role,
     true,
     's'},
    {"pg_has_role", 2708, 3, false, {T_OID, T_OID, T_TEXT}, T_BOOL, sql__fn_pg_has_role, true, 's'},
    {"pg_has_role", 2709, 2, false, {T_NAME, T_TEXT}, T_BOOL, sql__fn_pg_has_role, true, 's'},
    {"pg_has_role", 2710, 2, false, {T_OID, T_TEXT}, T_BOOL, sql__fn_pg_has_role, true, 's'},
    {"pg_index_column_has_property",
     638,
     3,
     false,
     {T_OID, T_INT4, T_TEXT},
     T_BOOL,
     fn_index_column_has_property,
     true,
     's'},
    {"pg_indexes_size", 2998, 1, false, {T_RCLS}, T_INT8, sql__fn_indexes_size, true, 'v'},
    {"pg_is_in_recovery", 3810, 0, false, {0}, T_BOOL, fn_false, true, 'v'},
    {"pg_is_other_temp_schema", 2855, 1, false, {T_OID}, T_BOOL, fn_false, true, 's'},
    {"pg_jit_available", 315, 0, false, {0}, T_BOOL, fn_false, true, 'v'},
    {"pg_my_temp_schema", 2854, 0, false, {0}, T_OID, fn_zero_oid, true, 's'},
    {"pg_opclass_is_visible", 2083, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_operator_is_visible", 2082, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_opfamily_is_visible", 3829, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_postmaster_start_time", 2560, 0, false, {0}, SQL_T_TIMESTAMPTZ, fn_start_time, true, 's'},
    {"pg_relation_is_publishable", 6121, 1, false, {T_RCLS}, T_BOOL, fn_false, true, 's'},
    {"pg_relation_size", 2325, 1, false, {T_RCLS}, T_INT8, sql__fn_relation_size, true, 'v'},
    {"pg_relation_size",
     2332,
     2,
     false,
     {T_RCLS, T_TEXT},
     T_INT8,
     sql__fn_relation_size,
     true,
     'v'},
    {"pg_size_pretty", 2288, 1, false, {T_INT8}, T_TEXT, fn_size_pretty, true, 'i'},
    {"pg_statistics_obj_is_visible", 3403, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_table_is_visible", 2079, 1, false, {T_OID}, T_BOOL, fn_table_is_visible, true, 's'},
    {"pg_table_size", 2997, 1, false, {T_RCLS}, T_INT8, sql__fn_table_size, true, 'v'},
    {"pg_tablespace_location", 3778, 1, false, {T_OID}, T_TEXT, fn_empty_text, true, 's'},
    {"pg_tablespace_size", 2322, 1, false, {T_OID}, T_INT8, sql__fn_tablespace_size, true, 'v'},
    {"pg_tablespace_size", 2323, 1, false, {T_NAME}, T_INT8, sql__fn_tablespace_size, true, 'v'},
    {"pg_total_relation_size",
     2286,
     1,
     false,
     {T_RCLS},
     T_INT8,
     sql__fn_total_relation_size,
     true,
     'v'},
    {"pg_trigger_depth", 3163, 0, false, {0}, T_INT4, sql__fn_pg_trigger_depth, true, 's'},
    {"pg_ts_config_is_visible", 3758, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_ts_dict_is_visible", 3757, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_ts_parser_is_visible", 3756, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_ts_template_is_visible", 3768, 1, false, {T_OID}, T_BOOL, fn_null, true, 's'},
    {"pg_type_is_visible", 2080, 1, false, {T_OID}, T_BOOL, fn_type_is_visible, true, 's'},
    {"row_security_active", 3298, 1, false, {T_OID}, T_BOOL, fn_false, true, 's'},
    {"row_security_active", 3299, 1, false, {T_TEXT}, T_BOOL, fn_false, true, 's'},
    {"shobj_description", 1993, 2, false, {T_OID, T_NAME}, T_TEXT, fn_null, true, 's'},
    {"to_regclass", 3495, 1, false, {T_TEXT}, T_RCLS, fn_to_regclass, true, 's'},
    {"txid_current", 2943, 0, false, {0}, T_INT8, fn_txid_current, true, 's'},
};
const size_t sql_pgcat_nfuncs = sizeof(sql_pgcat_funcs) / sizeof(sql_pgcat_funcs[0]);
