/* ddl_function.c — CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql and DROP
 * FUNCTION: the stored records (formats in sqlfn.h), lookups by name
 * through the search path, PostgreSQL's checks (CreateFunction,
 * interpret_function_parameter_list, ProcedureCreate) and the texts of
 * pg_get_function_arguments / _result / pg_get_functiondef.
 *
 * The body is checked when created (check_function_bodies, on by default)
 * by planning its statements (exec_sqlfunc.c, sql__fn_validate).
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/ctype.h"
#include "sql/deparse.h"
#include "sql/domain.h"
#include "sql/enum.h"
#include "sql/env.h"
#include "sql/engine_int.h"
#include "sql/numeric.h"
#include "sql/parse.h"
#include "sql/regtype.h"
#include "sql/value_int.h"
#include "sql/plpgsql_int.h"
#include "sql/acl.h"
#include "sql/sqlfn.h"
#include "sql/trigger.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define KEY_FNAME 'F'
#define KEY_FDESC 'P'

/* ---- keys and records ---- */

static void key_fname(struct sbuf *b, uint32_t db, uint32_t schema, const char *name)
{
    sbuf_putc(b, 0x01);
    sbuf_putc(b, KEY_FNAME);
    sql__put32(b, db);
    sql__put32(b, schema);
    sbuf_puts(b, name);
}

static void key_fdesc(struct sbuf *b, uint32_t oid)
{
    sbuf_putc(b, 0x01);
    sbuf_putc(b, KEY_FDESC);
    sql__put32(b, oid);
}

static void put_ostr(struct sbuf *b, const char *s)
{
    if (s == NULL) {
        sql__put32(b, 0xFFFFFFFFu);
        return;
    }
    size_t n = strlen(s);
    sql__put32(b, (uint32_t)n);
    sbuf_append(b, s, n);
}

static char *rd_ostr(struct sql__rd *r, struct mem_ctx *ctx)
{
    uint32_t n = sql__rd32(r);
    if (n == 0xFFFFFFFFu || r->bad)
        return NULL;
    const uint8_t *p = sql__rd_take(r, n);
    return p != NULL ? mem_strndup(ctx, (const char *)p, n) : NULL;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float bitsf(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void encode(const struct sql_fn_desc *f, struct sbuf *out)
{
    sbuf_putc(out, SQL_FN_FORMAT);
    sbuf_putc(out, 'f');
    sql__put32(out, f->oid);
    sql__put32(out, f->schema_oid);
    sql__put_str(out, f->name);
    sql__put_str(out, f->owner);
    sbuf_putc(out, f->volatility);
    sbuf_putc(out, (char)((f->strict ? 1 : 0) | (f->retset ? 2 : 0) | (f->secdef ? 4 : 0) |
                          (f->leakproof ? 8 : 0) | (f->std_body ? 16 : 0) | (f->atomic ? 32 : 0) |
                          (f->plpgsql ? 64 : 0) | (f->is_proc ? 128 : 0)));
    sbuf_putc(out, f->parallel);
    sql__put32(out, fbits(f->cost));
    sql__put32(out, fbits(f->rows));
    /* a row type by its type's oid: record typmods live only in this process */
    uint32_t rt = sql__fn_rettype_oid(f);
    sql__put32(out, rt);
    sql__put32(out, rt == SQL_T_RECORD ? 0xFFFFFFFFu : (uint32_t)f->rettypmod);
    sql__put16(out, (uint16_t)f->nargs);
    for (int i = 0; i < f->nargs; i++) {
        sql__put_str(out, f->args[i].name);
        sql__put32(out, f->args[i].type);
        sbuf_putc(out, f->args[i].mode);
        put_ostr(out, f->args[i].def);
    }
    put_ostr(out, f->body);
    sql__put_crc(out);
}

static void derive(struct sql_fn_desc *f)
{
    f->nin = 0;
    f->ndefaults = 0;
    for (int i = 0; i < f->nargs; i++) {
        char m = f->args[i].mode;
        if (sql__fn_is_input(f, m)) {
            f->intypes[f->nin++] = f->args[i].type;
            if (f->args[i].def != NULL)
                f->ndefaults++;
        }
    }
}

static int decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, uint32_t oid,
                  struct sql_fn_desc **out, struct err *e)
{
    if (n < 10 || !sql__crc_ok(p, n, SQL_FN_FORMAT) || p[1] != 'f')
        return sql__corrupt(e, "function", oid, "bad record");
    struct sql_fn_desc *f = mem_alloc0(ctx, sizeof *f);
    struct sql__rd r = {p, n - 4, 2, false};
    f->oid = sql__rd32(&r);
    f->schema_oid = sql__rd32(&r);
    f->name = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    f->owner = sql__rd_str(&r, ctx, SQL_NAME_MAX);
    const uint8_t *b = sql__rd_take(&r, 3);
    if (b != NULL) {
        f->volatility = (char)b[0];
        f->strict = b[1] & 1;
        f->retset = (b[1] & 2) != 0;
        f->secdef = (b[1] & 4) != 0;
        f->leakproof = (b[1] & 8) != 0;
        f->std_body = (b[1] & 16) != 0;
        f->atomic = (b[1] & 32) != 0;
        f->plpgsql = (b[1] & 64) != 0;
        f->is_proc = (b[1] & 128) != 0;
        f->parallel = (char)b[2];
    }
    f->cost = bitsf(sql__rd32(&r));
    f->rows = bitsf(sql__rd32(&r));
    f->rettype = sql__rd32(&r);
    f->rettypmod = (int32_t)sql__rd32(&r);
    int na = sql__rd16(&r);
    if (na > SQL_FN_MAX_ARGS)
        r.bad = true;
    struct sql_fn_arg *args = mem_alloc0(ctx, sizeof *args * (size_t)(na + 1));
    for (int i = 0; i < na && !r.bad; i++) {
        args[i].name = sql__rd_str(&r, ctx, SQL_NAME_MAX);
        args[i].type = sql__rd32(&r);
        const uint8_t *m = sql__rd_take(&r, 1);
        args[i].mode = m != NULL ? (char)m[0] : 'i';
        args[i].def = rd_ostr(&r, ctx);
    }
    f->body = rd_ostr(&r, ctx);
    if (r.bad || r.o != r.n || f->oid != oid || f->body == NULL)
        return sql__corrupt(e, "function", oid, "bad record");
    f->nargs = na;
    f->args = args;
    derive(f);
    *out = f;
    return 0;
}

int sql__fn_load(struct sql_env *env, uint32_t oid, struct mem_ctx *ctx,
                 const struct sql_fn_desc **out, struct err *e)
{
    *out = NULL;
    struct sbuf k;
    sbuf_init(&k);
    key_fdesc(&k, oid);
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = sql__cat_get(env, k.data, k.len, ctx, &val, &vlen, &found, e);
    sbuf_free(&k);
    if (rc != 0 || !found)
        return rc;
    struct sql_fn_desc *f = NULL;
    if ((rc = decode(ctx, val, vlen, oid, &f, e)) != 0)
        return rc;
    if (f->rettype >= SQL_FIRST_USER_OID) {
        /* a composite type or a table's row type: SQL_T_RECORD of its shape */
        const struct sql_ctype *ct;
        if ((rc = sql__ctype_load(env, f->rettype, &ct, e)) != 0)
            return rc;
        if (ct != NULL) {
            f->rettype = SQL_T_RECORD;
            f->rettypmod = ct->shape;
        }
    } else if (f->rettype == SQL_T_RECORD) {
        /* OUT parameters: the record shape naming them */
        int n;
        const char **names;
        uint32_t *types;
        f->rettypmod = -1;
        if (sql__fn_result_cols(f, ctx, &n, &names, &types))
            f->rettypmod = eng__record_typmod(n, names, types, 0);
    }
    f->schema = "public";
    if (f->schema_oid != SQL_NS_PUBLIC) {
        /* the schema's name for messages and pg_get_functiondef */
        struct sql_schema_desc *all = NULL;
        size_t ns = 0;
        if ((rc = sql_cat_list_schemas(env, &all, &ns, e)) != 0)
            return rc;
        for (size_t i = 0; i < ns; i++)
            if (all[i].oid == f->schema_oid)
                f->schema = mem_strdup(ctx, all[i].name);
    }
    *out = f;
    return 0;
}

/* The overload list of (schema, name): oids in ctx. */
static int read_names(struct sql_env *env, uint32_t schema, const char *name, struct mem_ctx *ctx,
                      uint32_t **oids, int *n, struct err *e)
{
    *oids = NULL;
    *n = 0;
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct sbuf k;
    sbuf_init(&k);
    key_fname(&k, db, schema, name);
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    rc = sql__cat_get(env, k.data, k.len, ctx, &val, &vlen, &found, e);
    sbuf_free(&k);
    if (rc != 0 || !found)
        return rc;
    const uint8_t *p = val;
    if (vlen < 7 || !sql__crc_ok(p, vlen, SQL_FN_FORMAT))
        return sql__corrupt(e, "function name", 0, "bad record");
    int cnt = (p[1] << 8) | p[2];
    if ((size_t)cnt * 4 + 7 != vlen)
        return sql__corrupt(e, "function name", 0, "bad record");
    uint32_t *v = mem_alloc(ctx, sizeof *v * (size_t)(cnt + 1));
    for (int i = 0; i < cnt; i++)
        v[i] = sql__get32(p + 3 + 4 * i);
    *oids = v;
    *n = cnt;
    return 0;
}

static int write_names(struct sql_env *env, uint32_t schema, const char *name, const uint32_t *oids,
                       int n, struct err *e)
{
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    key_fname(&k, db, schema, name);
    if (n == 0) {
        rc = sql__cat_del(env, k.data, k.len, e);
    } else {
        sbuf_putc(&v, SQL_FN_FORMAT);
        sql__put16(&v, (uint16_t)n);
        for (int i = 0; i < n; i++)
            sql__put32(&v, oids[i]);
        sql__put_crc(&v);
        rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    }
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

static int store(struct sql_env *env, const struct sql_fn_desc *f, struct err *e)
{
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    key_fdesc(&k, f->oid);
    encode(f, &v);
    int rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    sbuf_free(&k);
    sbuf_free(&v);
    return rc;
}

static int schema_candidates(struct sql_env *env, uint32_t schema, const char *name,
                             struct mem_ctx *ctx, const struct sql_fn_desc ***out, int *n, int *cap,
                             struct err *e)
{
    uint32_t *oids;
    int cnt;
    int rc = read_names(env, schema, name, ctx, &oids, &cnt, e);
    for (int i = 0; rc == 0 && i < cnt; i++) {
        const struct sql_fn_desc *f;
        if ((rc = sql__fn_load(env, oids[i], ctx, &f, e)) != 0 || f == NULL)
            continue;
        if (*n == *cap) {
            int nc = *cap ? *cap * 2 : 4;
            *out = mem_realloc(ctx, *out, sizeof **out * (size_t)*cap, sizeof **out * (size_t)nc);
            *cap = nc;
        }
        (*out)[(*n)++] = f;
    }
    return rc;
}

int sql__fn_candidates(struct sql_env *env, const char *schema, const char *name,
                       struct mem_ctx *ctx, const struct sql_fn_desc ***out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    if (strlen(name) > SQL_NAME_MAX)
        return 0;
    uint32_t ns;
    int rc;
    if (schema != NULL) {
        if ((rc = sql__schema_oid(env, schema, &ns, e)) != 0)
            return rc;
        if (ns == 0)
            return 0;
        return schema_candidates(env, ns, name, ctx, out, n, &cap, e);
    }
    int np = env->nsearch;
    for (int i = 0; i < (np > 0 ? np : 1); i++) {
        const char *s = np > 0 ? env->search_path[i] : SQL_NS_PUBLIC_NAME;
        if (strcmp(s, SQL_NS_PG_CATALOG_STR) == 0 || strcmp(s, "information_schema") == 0)
            continue;
        if ((rc = sql__schema_oid(env, s, &ns, e)) != 0)
            return rc;
        if (ns == 0)
            continue;
        /* a name in an earlier schema hides an identical signature later */
        int before = *n;
        if ((rc = schema_candidates(env, ns, name, ctx, out, n, &cap, e)) != 0)
            return rc;
        for (int k = before; k < *n; k++) {
            bool hidden = false;
            for (int j = 0; j < before && !hidden; j++) {
                const struct sql_fn_desc *a = (*out)[j], *b = (*out)[k];
                hidden = a->nin == b->nin &&
                         memcmp(a->intypes, b->intypes, sizeof a->intypes[0] * (size_t)a->nin) == 0;
            }
            if (hidden) {
                (*out)[k] = (*out)[*n - 1];
                (*n)--;
                k--;
            }
        }
    }
    return 0;
}

/* ---- listing (pg_proc) ---- */

int sql__fn_list(struct sql_env *env, const struct sql_fn_desc ***out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    uint32_t db;
    int rc = sql__db_oid(env, &db, e);
    if (rc != 0)
        return rc;
    uint8_t prefix[6] = {
        0x01, KEY_FNAME, (uint8_t)(db >> 24), (uint8_t)(db >> 16), (uint8_t)(db >> 8), (uint8_t)db};
    struct sbuf end;
    sbuf_init(&end);
    bool bounded = kv_key_prefix_end(prefix, sizeof prefix, &end);
    struct kv_scan sc = {.start = prefix,
                         .start_len = sizeof prefix,
                         .end = bounded ? end.data : NULL,
                         .end_len = bounded ? end.len : 0};
    struct kv_iter *it;
    rc = kv_txn_scan(env->txn, &sc, &it, e);
    sbuf_free(&end);
    if (rc != 0)
        return err_prefix(e, "catalog");
    uint32_t *oids = NULL;
    size_t no = 0, cap = 0;
    for (;;) {
        bool has;
        rc = kv_iter_next(it, &has, e);
        if (rc != 0 || !has)
            break;
        size_t vl;
        const uint8_t *v = kv_iter_value(it, &vl);
        if (vl < 7 || !sql__crc_ok(v, vl, SQL_FN_FORMAT)) {
            rc = sql__corrupt(e, "function name", 0, "bad record");
            break;
        }
        int cnt = (v[1] << 8) | v[2];
        if ((size_t)cnt * 4 + 7 != vl) {
            rc = sql__corrupt(e, "function name", 0, "bad record");
            break;
        }
        for (int i = 0; i < cnt; i++) {
            if (no == cap) {
                size_t nc = cap ? cap * 2 : 16;
                oids = mem_realloc(env->stmt_ctx, oids, sizeof *oids * cap, sizeof *oids * nc);
                cap = nc;
            }
            oids[no++] = sql__get32(v + 3 + 4 * i);
        }
    }
    kv_iter_free(it);
    if (rc != 0)
        return rc;
    const struct sql_fn_desc **v = mem_alloc0(env->stmt_ctx, sizeof *v * (no + 1));
    size_t k = 0;
    for (size_t i = 0; i < no; i++) {
        const struct sql_fn_desc *f;
        if ((rc = sql__fn_load(env, oids[i], env->stmt_ctx, &f, e)) != 0)
            return rc;
        if (f != NULL)
            v[k++] = f;
    }
    *out = v;
    *n = k;
    return 0;
}

/* ---- texts ---- */

const char *sql__fn_poly_name(uint32_t t)
{
    switch (t) {
    case SQL_FN_ANYELEMENT:
        return "anyelement";
    case SQL_FN_ANYARRAY:
        return "anyarray";
    case SQL_FN_ANYNONARRAY:
        return "anynonarray";
    case SQL_FN_ANYCOMPATIBLE:
        return "anycompatible";
    case SQL_FN_ANYCOMPATIBLEARRAY:
        return "anycompatiblearray";
    case SQL_FN_ANYCOMPATIBLENONARRAY:
        return "anycompatiblenonarray";
    case SQL_FN_ANYRANGE:
        return "anyrange";
    case SQL_FN_ANYCOMPATIBLERANGE:
        return "anycompatiblerange";
    default:
        return NULL;
    }
}

static int type_text(struct sql_env *env, uint32_t type, int32_t typmod, struct sbuf *out,
                     struct err *e)
{
    if (sql__fn_poly_name(type) != NULL) {
        sbuf_puts(out, sql__fn_poly_name(type));
        return 0;
    }
    return sql__type_format_env(env, type, typmod, out, e);
}

void sql__fn_signature(const struct sql_fn_desc *f, struct sbuf *out)
{
    sbuf_printf(out, "%s(", f->name);
    for (int i = 0; i < f->nin; i++) {
        if (i > 0)
            sbuf_puts(out, ",");
        if (sql__fn_is_poly(f->intypes[i]))
            sbuf_puts(out, sql__fn_poly_name(f->intypes[i]));
        else
            sql_type_format(f->intypes[i], -1, out);
    }
    sbuf_putc(out, ')');
}

bool sql__fn_result_cols(const struct sql_fn_desc *f, struct mem_ctx *ctx, int *n,
                         const char ***names, uint32_t **types)
{
    int nout = 0;
    for (int i = 0; i < f->nargs; i++)
        if (f->args[i].mode == 'o' || f->args[i].mode == 'b' || f->args[i].mode == 't')
            nout++;
    if (nout > 1) {
        const char **nm = mem_alloc0(ctx, sizeof *nm * (size_t)nout);
        uint32_t *ty = mem_alloc0(ctx, sizeof *ty * (size_t)nout);
        int k = 0;
        for (int i = 0; i < f->nargs; i++) {
            char m = f->args[i].mode;
            if (m != 'o' && m != 'b' && m != 't')
                continue;
            nm[k] = f->args[i].name[0] ? f->args[i].name : mem_printf(ctx, "column%d", k + 1);
            ty[k] = f->args[i].type;
            k++;
        }
        *n = nout;
        *names = nm;
        *types = ty;
        return true;
    }
    if (f->rettype == SQL_T_RECORD && f->rettypmod >= 0) {
        int sn;
        const char *const *sn_names;
        const uint32_t *sn_types;
        if (!sql__record_shape(f->rettypmod, &sn, &sn_names, &sn_types, NULL))
            return false;
        *n = sn;
        *names = (const char **)sn_names;
        *types = (uint32_t *)sn_types;
        return true;
    }
    return false;
}

int sql__fn_args_text(struct sql_env *env, const struct sql_fn_desc *f, bool identity,
                      struct sbuf *out, struct err *e)
{
    bool first = true;
    for (int i = 0; i < f->nargs; i++) {
        const struct sql_fn_arg *a = &f->args[i];
        if (a->mode == 't')
            continue;
        if (!first)
            sbuf_puts(out, ", ");
        first = false;
        if (a->mode == 'o')
            sbuf_puts(out, "OUT ");
        else if (a->mode == 'b')
            sbuf_puts(out, "INOUT ");
        else if (a->mode == 'v')
            sbuf_puts(out, "VARIADIC ");
        else if (f->is_proc)
            sbuf_puts(out, "IN "); /* PostgreSQL spells it out for procedures */
        if (a->name[0]) {
            sql_deparse_ident(a->name, out);
            sbuf_putc(out, ' ');
        }
        int rc = type_text(env, a->type, -1, out, e);
        if (rc != 0)
            return rc;
        if (!identity && a->def != NULL)
            sbuf_printf(out, " DEFAULT %s", a->def);
    }
    return 0;
}

int sql__fn_result_text(struct sql_env *env, const struct sql_fn_desc *f, struct sbuf *out,
                        struct err *e)
{
    bool table = false;
    for (int i = 0; i < f->nargs; i++)
        table = table || f->args[i].mode == 't';
    if (table) {
        sbuf_puts(out, "TABLE(");
        bool first = true;
        for (int i = 0; i < f->nargs; i++) {
            if (f->args[i].mode != 't')
                continue;
            if (!first)
                sbuf_puts(out, ", ");
            first = false;
            sql_deparse_ident(f->args[i].name, out);
            sbuf_putc(out, ' ');
            int rc = type_text(env, f->args[i].type, -1, out, e);
            if (rc != 0)
                return rc;
        }
        sbuf_putc(out, ')');
        return 0;
    }
    if (f->retset)
        sbuf_puts(out, "SETOF ");
    return type_text(env, sql__fn_rettype_oid(f), f->rettype == SQL_T_RECORD ? -1 : f->rettypmod,
                     out, e);
}

int sql__fn_def_text(struct sql_env *env, const struct sql_fn_desc *f, struct sbuf *out,
                     struct err *e)
{
    sbuf_puts(out, f->is_proc ? "CREATE OR REPLACE PROCEDURE " : "CREATE OR REPLACE FUNCTION ");
    sql_deparse_ident(f->schema, out);
    sbuf_putc(out, '.');
    sql_deparse_ident(f->name, out);
    sbuf_putc(out, '(');
    int rc = sql__fn_args_text(env, f, false, out, e);
    if (rc != 0)
        return rc;
    sbuf_puts(out, ")");
    if (!f->is_proc) {
        sbuf_puts(out, "\n RETURNS ");
        if ((rc = sql__fn_result_text(env, f, out, e)) != 0)
            return rc;
    }
    sbuf_puts(out, f->plpgsql ? "\n LANGUAGE plpgsql\n" : "\n LANGUAGE sql\n");
    if (f->volatility == 'i')
        sbuf_puts(out, " IMMUTABLE");
    else if (f->volatility == 's')
        sbuf_puts(out, " STABLE");
    if (f->strict)
        sbuf_puts(out, " STRICT");
    if (f->secdef)
        sbuf_puts(out, " SECURITY DEFINER");
    if (f->leakproof)
        sbuf_puts(out, " LEAKPROOF");
    if (f->parallel == 's')
        sbuf_puts(out, " PARALLEL SAFE");
    else if (f->parallel == 'r')
        sbuf_puts(out, " PARALLEL RESTRICTED");
    if (f->volatility != 'v' || f->strict || f->secdef || f->leakproof || f->parallel != 'u')
        sbuf_putc(out, '\n');
    if (f->atomic) {
        sbuf_puts(out, "BEGIN ATOMIC\n");
        const char *p = f->body;
        while (*p) {
            const char *q = strstr(p, ";\n");
            size_t l = q != NULL ? (size_t)(q - p) : strlen(p);
            sbuf_printf(out, " %.*s;\n", (int)l, p);
            p += l + (q != NULL ? 2 : 0);
        }
        sbuf_puts(out, "END\n");
        return 0;
    }
    if (f->std_body) {
        const char *b = f->body;
        if (strncmp(b, "SELECT ", 7) == 0)
            b += 7;
        sbuf_printf(out, "RETURN %s\n", b);
        return 0;
    }
    if (f->is_proc)
        sbuf_printf(out, "AS $procedure$%s$procedure$\n", f->body);
    else
        sbuf_printf(out, "AS $function$%s$function$\n", f->body);
    return 0;
}

uint32_t sql__fn_rettype_oid(const struct sql_fn_desc *f)
{
    int n;
    const char *const *names;
    const uint32_t *types;
    uint32_t typoid = 0;
    if (f->rettype == SQL_T_RECORD && f->rettypmod >= 0 &&
        sql__record_shape(f->rettypmod, &n, &names, &types, &typoid) && typoid != 0)
        return typoid;
    return f->rettype;
}

/* ---- CREATE FUNCTION ---- */

/* The polymorphic pseudo-types SQL functions take: anyelement, anyarray,
 * anynonarray and the anycompatible forms (resolved per call, treated as
 * anyelement's: one common type); by name, since the type table has no
 * rows for them. 0 when name is none. */
static uint32_t poly_by_name(const struct sql_typename *t)
{
    if (t->name.schema != NULL && strcmp(t->name.schema, "pg_catalog") != 0)
        return 0;
    if (t->array_dims > 0)
        return 0;
    static const struct {
        const char *name;
        uint32_t oid;
    } p[] = {{"anyelement", SQL_FN_ANYELEMENT},
             {"anyarray", SQL_FN_ANYARRAY},
             {"anynonarray", SQL_FN_ANYNONARRAY},
             {"anycompatible", SQL_FN_ANYCOMPATIBLE},
             {"anycompatiblearray", SQL_FN_ANYCOMPATIBLEARRAY},
             {"anycompatiblenonarray", SQL_FN_ANYCOMPATIBLENONARRAY},
             {"anyrange", SQL_FN_ANYRANGE},
             {"anycompatiblerange", SQL_FN_ANYCOMPATIBLERANGE}};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (strcmp(t->name.name, p[i].name) == 0)
            return p[i].oid;
    return 0;
}

bool sql__fn_is_poly(uint32_t t)
{
    return t == SQL_FN_ANYELEMENT || t == SQL_FN_ANYARRAY || t == SQL_FN_ANYNONARRAY ||
           t == SQL_FN_ANYCOMPATIBLE || t == SQL_FN_ANYCOMPATIBLEARRAY ||
           t == SQL_FN_ANYCOMPATIBLENONARRAY || t == SQL_FN_ANYRANGE ||
           t == SQL_FN_ANYCOMPATIBLERANGE;
}

static bool polymorphic(uint32_t t)
{
    switch (t) {
    case 2283: /* anyelement */
    case 2277: /* anyarray */
    case 2776: /* anynonarray */
    case 3500: /* anyenum */
    case 3831: /* anyrange */
    case 4537: /* anymultirange */
    case 5077: /* anycompatible */
    case 5078: /* anycompatiblearray */
    case 5079: /* anycompatiblenonarray */
    case 5080: /* anycompatiblerange */
    case 4538: /* anycompatiblemultirange */
        return true;
    default:
        return false;
    }
}

static int resolve_type(struct sql_env *env, const struct sql_typename *tn, uint32_t *type,
                        int32_t *typmod, struct err *e)
{
    struct sql_typename t = *tn;
    t.setof = false;
    int serial = 0;
    if ((*type = poly_by_name(&t)) != 0) {
        *typmod = -1;
        return 0;
    }
    int rc = sql_type_resolve_domain(env, &t, type, typmod, &serial, NULL, e);
    if (rc != 0)
        return rc;
    if (polymorphic(*type))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "SQL functions with polymorphic argument or result types are not "
                             "supported");
    return 0;
}

static bool same_identity(const struct sql_fn_desc *a, const struct sql_fn_desc *b);

static const char *const known_langs[] = {"plpgsql", "c",          "internal", "plperl",
                                          "plperlu", "plpython3u", "pltcl",    "pltclu"};

static int create_function(struct sql_env *env, const struct sql_fn_ddl *d, struct err *e)
{
    if (d->language == NULL && d->body == NULL)
        return err_set_state(e, ERR_INVAL, "42P13", "no function body specified");
    if (d->language == NULL)
        return err_set_state(e, ERR_INVAL, "42P13", "no language specified");
    bool plpgsql = strcmp(d->language, "plpgsql") == 0;
    if (strcmp(d->language, "sql") != 0 && !plpgsql) {
        for (size_t i = 0; i < sizeof known_langs / sizeof known_langs[0]; i++)
            if (strcmp(d->language, known_langs[i]) == 0)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "feature not supported: CREATE FUNCTION ... LANGUAGE %s",
                                     d->language);
        return err_set_state(e, ERR_NOTFOUND, "42704", "language \"%s\" does not exist",
                             d->language);
    }
    if (d->body == NULL)
        return err_set_state(e, ERR_INVAL, "42P13", "no function body specified");
    if (d->proc && (d->volatility || d->strict != -1 || d->leakproof != -1 || d->parallel ||
                    d->cost > 0 || d->rows > 0))
        return err_set_state(e, ERR_INVAL, "42P13", "invalid attribute in procedure definition");
    if (d->nas > 1)
        return err_set_state(e, ERR_INVAL, "42P13", "only one AS item needed for language \"%s\"",
                             d->language);
    uint32_t ns;
    const char *nsname;
    int rc = sql__creation_schema(env, d->name.schema, d->name.name, &ns, &nsname, e);
    if (rc != 0)
        return rc;
    if (strlen(d->name.name) > SQL_NAME_MAX)
        return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", d->name.name);
    int np = d->params.n;
    if (np > SQL_FN_MAX_ARGS)
        return err_set_state(e, ERR_LIMIT, "54023", "functions cannot have more than %d arguments",
                             SQL_FN_MAX_ARGS);
    struct sql_fn_desc *f = mem_alloc0(env->stmt_ctx, sizeof *f);
    struct sql_fn_arg *args = mem_alloc0(env->stmt_ctx, sizeof *args * (size_t)(np + 1));
    bool have_default = false;
    int nout = 0, nin = 0;
    uint32_t outtype = 0;
    for (int i = 0; i < np; i++) {
        const struct sql_fn_param *p = d->params.items[i];
        int32_t tm;
        if ((rc = resolve_type(env, p->type, &args[i].type, &tm, e)) != 0)
            return rc;
        args[i].mode = p->mode;
        args[i].name = p->name != NULL ? p->name : "";
        if (p->type->setof)
            return err_set_state(e, ERR_INVAL, "42P13", "functions cannot accept set arguments");
        if (p->mode == 'v')
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "feature not supported: VARIADIC arguments of SQL functions");
        if (p->mode == 'o' || p->mode == 'b' || p->mode == 't') {
            nout++;
            outtype = args[i].type;
        }
        if (p->mode == 'i' || p->mode == 'b')
            nin++;
        if (args[i].type == SQL_T_VOID && p->mode != 'o')
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "SQL functions cannot have arguments "
                                 "of type void");
        if (p->name != NULL)
            for (int j = 0; j < i; j++) {
                const struct sql_fn_param *q = d->params.items[j];
                /* an input and an output parameter may share a name */
                bool qin = q->mode == 'i' || q->mode == 'b' || q->mode == 'v';
                bool pin = p->mode == 'i' || p->mode == 'b' || p->mode == 'v';
                if (q->name != NULL && strcmp(q->name, p->name) == 0 &&
                    (qin == pin || q->mode == 'b' || p->mode == 'b'))
                    return err_set_state(e, ERR_INVAL, "42P13",
                                         "parameter name \"%s\" used more than once", p->name);
            }
        if (p->def != NULL) {
            if (p->mode == 'o' || p->mode == 't')
                return err_set_state(e, ERR_INVAL, "42P13",
                                     "only input parameters can have default values");
            struct sbuf b;
            sbuf_init(&b);
            sql_deparse_expr(p->def, &b);
            args[i].def = mem_strndup(env->stmt_ctx, b.data ? b.data : "", b.len);
            sbuf_free(&b);
            have_default = true;
        } else if (have_default && d->proc && p->mode == 'o') {
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "procedure OUT parameters cannot appear after one with a default "
                                 "value");
        } else if (have_default && (p->mode == 'i' || p->mode == 'b')) {
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "input parameters after one with a default value must also have "
                                 "defaults");
        }
    }
    (void)nin;
    f->name = d->name.name;
    f->schema = nsname;
    f->schema_oid = ns;
    f->owner = env->user != NULL ? env->user : "";
    f->volatility = d->volatility ? d->volatility : 'v';
    f->strict = d->strict == 1;
    f->secdef = d->secdef == 1;
    f->leakproof = d->leakproof == 1;
    f->parallel = d->parallel ? d->parallel : 'u';
    f->cost = d->cost > 0 ? (float)d->cost : 100;
    f->std_body = d->std_body;
    f->atomic = d->atomic;
    f->nargs = np;
    f->args = args;
    f->body = d->body;
    /* the result type (interpret_function_parameter_list's rules) */
    f->plpgsql = plpgsql;
    bool trigger = d->ret != NULL && d->ret->array_dims == 0 && !d->ret->setof &&
                   strcmp(d->ret->name.name, "trigger") == 0 &&
                   (d->ret->name.schema == NULL || strcmp(d->ret->name.schema, "pg_catalog") == 0);
    if (trigger && !plpgsql)
        return err_set_state(e, ERR_INVAL, "42P13", "SQL functions cannot return type trigger");
    if (trigger && nin > 0)
        return err_set_state(e, ERR_INVAL, "42P13",
                             "trigger functions cannot have declared arguments" SQL_FUNC_HINT_SEP
                             "The arguments of the trigger can be accessed through TG_NARGS and "
                             "TG_ARGV instead.\nCONTEXT:  compilation of PL/pgSQL function "
                             "\"%s\" near line 1",
                             d->name.name);
    if (trigger) {
        f->rettype = SQL_FN_TRIGGER;
        f->rettypmod = -1;
    } else if (d->ret != NULL) {
        if ((rc = resolve_type(env, d->ret, &f->rettype, &f->rettypmod, e)) != 0)
            return rc;
        f->retset = d->ret->setof;
        if (f->rettype != SQL_T_RECORD)
            f->rettypmod = f->rettype == SQL_T_RECORD ? f->rettypmod : -1;
        if (nout == 1 && f->rettype != outtype) {
            struct sbuf b;
            sbuf_init(&b);
            sql_type_format(outtype, -1, &b);
            rc = err_set_state(e, ERR_INVAL, "42P13",
                               "function result type must be %s because of OUT parameters", b.data);
            sbuf_free(&b);
            return rc;
        }
        if (nout > 1 && (f->rettype != SQL_T_RECORD || f->rettypmod >= 0))
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "function result type must be %s because of OUT parameters",
                                 "record");
    } else if (d->proc) {
        /* a procedure: void, or the row of its output arguments */
        f->is_proc = true;
        f->rettype = nout == 0 ? SQL_T_VOID : SQL_T_RECORD;
        f->rettypmod = -1;
        if (nout == 1) {
            int n;
            const char **names;
            uint32_t *types;
            for (int i = 0; i < np; i++)
                if (args[i].mode == 'o' || args[i].mode == 'b') {
                    names = mem_alloc(env->stmt_ctx, sizeof *names);
                    types = mem_alloc(env->stmt_ctx, sizeof *types);
                    names[0] = args[i].name[0] ? args[i].name : "column1";
                    types[0] = args[i].type;
                    n = 1;
                    f->rettypmod = eng__record_typmod(n, names, types, 0);
                }
        }
    } else if (nout == 0) {
        return err_set_state(e, ERR_INVAL, "42P13", "function result type must be specified");
    } else {
        f->rettype = nout == 1 ? outtype : SQL_T_RECORD;
        f->rettypmod = -1;
    }
    if (f->rettype == SQL_T_RECORD && f->rettypmod < 0 && nout > 1) {
        /* the OUT parameters' row: a record shape naming them */
        int n;
        const char **names;
        uint32_t *types;
        if (sql__fn_result_cols(f, env->stmt_ctx, &n, &names, &types))
            f->rettypmod = eng__record_typmod(n, names, types, 0);
    }
    f->rows = d->rows > 0 ? (float)d->rows : f->retset ? 1000 : 0;
    derive(f);
    bool poly_in = false, range_in = false, crange_in = false;
    for (int i = 0; i < f->nin; i++) {
        poly_in = poly_in || sql__fn_is_poly(f->intypes[i]);
        range_in = range_in || f->intypes[i] == SQL_FN_ANYRANGE;
        crange_in = crange_in || f->intypes[i] == SQL_FN_ANYCOMPATIBLERANGE;
    }
    for (int i = 0; i <= f->nargs; i++) {
        uint32_t t = i < f->nargs ? f->args[i].type : f->rettype;
        if ((t == SQL_FN_ANYRANGE && !range_in) || (t == SQL_FN_ANYCOMPATIBLERANGE && !crange_in))
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "cannot determine result data type" SQL_NUM_DETAIL_SEP
                                 "A result of type %s requires at least one input of type "
                                 "%s or %s.",
                                 sql__fn_poly_name(t), sql__fn_poly_name(t),
                                 t == SQL_FN_ANYRANGE ? "anymultirange"
                                                      : "anycompatiblemultirange");
    }
    for (int i = 0; i < f->nargs; i++) {
        uint32_t t = f->args[i].type;
        if (sql__fn_is_poly(t) && !poly_in)
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "cannot determine result data type" SQL_NUM_DETAIL_SEP
                                 "A result of type %s requires at least one input of type "
                                 "anyelement, anyarray, anynonarray, anyenum, anyrange, or "
                                 "anymultirange.",
                                 sql__fn_poly_name(t));
    }
    if (sql__fn_is_poly(f->rettype) && !poly_in)
        return err_set_state(e, ERR_INVAL, "42P13",
                             "cannot determine result data type" SQL_NUM_DETAIL_SEP
                             "A result of type %s requires at least one input of type "
                             "anyelement, anyarray, anynonarray, anyenum, anyrange, or "
                             "anymultirange.",
                             sql__fn_poly_name(f->rettype));
    /* an existing function of the same input types */
    const struct sql_fn_desc **cands;
    int ncand;
    uint32_t *oids;
    int noids;
    if ((rc = read_names(env, ns, f->name, env->stmt_ctx, &oids, &noids, e)) != 0)
        return rc;
    const struct sql_fn_desc *old = NULL;
    for (int i = 0; i < noids && old == NULL; i++) {
        const struct sql_fn_desc *c;
        if ((rc = sql__fn_load(env, oids[i], env->stmt_ctx, &c, e)) != 0)
            return rc;
        if (c != NULL && same_identity(c, f))
            old = c;
    }
    (void)cands;
    (void)ncand;
    if (old != NULL && !d->replace)
        return err_set_state(e, ERR_INVAL, "42723",
                             "%s \"%s\" already exists with same argument types",
                             f->is_proc ? "procedure" : "function", f->name);
    if (old != NULL && old->is_proc != f->is_proc) {
        struct sbuf sig;
        sbuf_init(&sig);
        sql__fn_signature(old, &sig);
        rc = err_set_state(e, ERR_INVAL, "42809",
                           "cannot change routine kind" SQL_NUM_DETAIL_SEP "\"%s\" is a %s.",
                           old->name, old->is_proc ? "procedure" : "function");
        sbuf_free(&sig);
        return rc;
    }
    int orc = old != NULL
                  ? sql__acl_check_owner(env, old->owner, old->is_proc ? "procedure" : "function",
                                         old->name, e)
                  : 0;
    if (orc != 0) /* CREATE OR REPLACE: the owner's */
        return orc;
    if (old != NULL) {
        if (old->rettype != f->rettype || old->retset != f->retset ||
            (old->rettype == SQL_T_RECORD && old->rettypmod != f->rettypmod)) {
            struct sbuf sig;
            sbuf_init(&sig);
            sql__fn_signature(f, &sig);
            rc = err_set_state(e, ERR_INVAL, "42P13",
                               "cannot change return type of existing function" SQL_FUNC_HINT_SEP
                               "Use DROP FUNCTION %s first.",
                               sig.data);
            sbuf_free(&sig);
            return rc;
        }
        for (int i = 0, j = 0; i < old->nargs && j < f->nargs; i++, j++) {
            if (old->args[i].mode != f->args[j].mode)
                break;
            if ((f->args[j].mode == 'i' || f->args[j].mode == 'b') && old->args[i].name[0] &&
                strcmp(old->args[i].name, f->args[j].name) != 0) {
                struct sbuf sig;
                sbuf_init(&sig);
                sql__fn_signature(f, &sig);
                rc = err_set_state(e, ERR_INVAL, "42P13",
                                   "cannot change name of input parameter \"%s\"" SQL_FUNC_HINT_SEP
                                   "Use DROP FUNCTION %s first.",
                                   old->args[i].name, sig.data);
                sbuf_free(&sig);
                return rc;
            }
        }
        if (old->ndefaults > f->ndefaults)
            return err_set_state(e, ERR_INVAL, "42P13",
                                 "cannot remove parameter defaults from existing function");
    }
    /* check_function_bodies */
    const char *check = NULL;
    if (sql_setting_show(env, "check_function_bodies", env->stmt_ctx, &check, e) != 0)
        check = "on";
    if (poly_in && f->std_body)
        return err_set_state(e, ERR_INVAL, "42P13",
                             "SQL function with unquoted function body cannot have polymorphic "
                             "arguments");
    if (poly_in && !plpgsql) {
        /* types known only per call: the body is checked when called, as
         * PostgreSQL checks only its syntax here */
        check = "off";
        struct sql_parse_result pr;
        if ((rc = sql_parse(f->body, strlen(f->body), NULL, env->stmt_ctx, &pr, e)) != 0)
            return rc;
    }
    /* stored first, then checked (ProcedureCreate before the validator):
     * the body may call the function itself; a failed check fails the
     * statement, which leaves nothing behind */
    if (old != NULL) {
        f->oid = old->oid;
    } else {
        if (noids + 1 > 65535)
            return err_set_state(e, ERR_LIMIT, "54000", "too many functions named \"%s\"", f->name);
        if ((rc = sql__oid_alloc(env, &f->oid, e)) != 0)
            return rc;
        uint32_t *nv = mem_alloc(env->stmt_ctx, sizeof *nv * (size_t)(noids + 1));
        for (int i = 0; i < noids; i++)
            nv[i] = oids[i];
        nv[noids] = f->oid;
        if ((rc = write_names(env, ns, f->name, nv, noids + 1, e)) != 0)
            return rc;
    }
    if ((rc = store(env, f, e)) != 0)
        return rc;
    if (plpgsql)
        return check == NULL || strcmp(check, "off") != 0
                   ? sql__pl_validate(env, f, d->body_location, d->quotes_doubled, e)
                   : 0;
    if (check == NULL || strcmp(check, "off") != 0)
        return sql__fn_validate(env, f, d->body_location, d->quotes_doubled, e);
    return 0;
}

/* ---- DROP FUNCTION ---- */

static void ref_text(struct sql_env *env, const struct sql_fn_ref *r, const uint32_t *types,
                     struct sbuf *out)
{
    (void)env;
    if (r->name.schema != NULL)
        sbuf_printf(out, "%s.", r->name.schema);
    sbuf_printf(out, "%s(", r->name.name);
    for (int i = 0; i < r->argtypes.n; i++) {
        if (i > 0)
            sbuf_puts(out, ", ");
        sql_type_format(types[i], -1, out);
    }
    sbuf_putc(out, ')');
}

/* The function r names; *out NULL when it does not exist and if_exists
 * (the NOTICE sent). */
static int find_ref(struct sql_env *env, const struct sql_fn_ref *r, bool if_exists, bool proc,
                    const struct sql_fn_desc **out, struct err *e);

static int drop_one(struct sql_env *env, const struct sql_fn_ddl *d, const struct sql_fn_ref *r,
                    struct err *e)
{
    const struct sql_fn_desc *hit;
    int rc = find_ref(env, r, d->if_exists, d->proc, &hit, e);
    if (rc != 0 || hit == NULL)
        return rc;
    if (hit->is_proc != d->proc) {
        struct sbuf sig;
        sbuf_init(&sig);
        sql__fn_signature(hit, &sig);
        rc = err_set_state(e, ERR_INVAL, "42809", "%s is not a %s", sig.data,
                           d->proc ? "procedure" : "function");
        sbuf_free(&sig);
        return rc;
    }
    if ((rc = sql__acl_check_owner(env, hit->owner, hit->is_proc ? "procedure" : "function",
                                   hit->name, e)) != 0)
        return rc;
    if (hit->rettype == 2279 && (rc = sql__trigger_fn_dropped(env, hit, d->behavior, e)) != 0)
        return rc; /* pg_type "trigger": its triggers (trigger.h) */
    return sql__fn_drop(env, hit, e);
}

int sql__fn_drop(struct sql_env *env, const struct sql_fn_desc *hit, struct err *e)
{
    int rc;
    uint32_t *oids;
    int noids;
    if ((rc = read_names(env, hit->schema_oid, hit->name, env->stmt_ctx, &oids, &noids, e)) != 0)
        return rc;
    int k = 0;
    for (int i = 0; i < noids; i++)
        if (oids[i] != hit->oid)
            oids[k++] = oids[i];
    if ((rc = write_names(env, hit->schema_oid, hit->name, oids, k, e)) != 0)
        return rc;
    struct sbuf key;
    sbuf_init(&key);
    key_fdesc(&key, hit->oid);
    rc = sql__cat_del(env, key.data, key.len, e);
    sbuf_free(&key);
    return rc;
}

/* A function's identity: its IN / INOUT / VARIADIC argument types (a
 * procedure's OUT arguments excluded, as pg_proc.proargtypes). */
static int identity_types(const struct sql_fn_desc *f, uint32_t *out)
{
    int n = 0;
    for (int i = 0; i < f->nargs; i++) {
        char m = f->args[i].mode;
        if (m == 'i' || m == 'b' || m == 'v')
            out[n++] = f->args[i].type;
    }
    return n;
}

static bool same_identity(const struct sql_fn_desc *a, const struct sql_fn_desc *b)
{
    uint32_t ta[SQL_FN_MAX_ARGS], tb[SQL_FN_MAX_ARGS];
    int na = identity_types(a, ta), nb = identity_types(b, tb);
    return na == nb && memcmp(ta, tb, sizeof ta[0] * (size_t)na) == 0;
}

static int find_ref(struct sql_env *env, const struct sql_fn_ref *r, bool if_exists, bool proc,
                    const struct sql_fn_desc **out, struct err *e)
{
    const char *kind = proc ? "procedure" : "function";
    *out = NULL;
    uint32_t types[SQL_FN_MAX_ARGS];
    if (r->argtypes.n > SQL_FN_MAX_ARGS)
        return err_set_state(e, ERR_LIMIT, "54023", "functions cannot have more than %d arguments",
                             SQL_FN_MAX_ARGS);
    int rc;
    for (int i = 0; i < r->argtypes.n; i++) {
        struct sql_typename t = *(const struct sql_typename *)r->argtypes.items[i];
        int32_t tm;
        int serial = 0;
        if ((types[i] = poly_by_name(&t)) != 0)
            continue;
        if ((rc = sql_type_resolve_domain(env, &t, &types[i], &tm, &serial, NULL, e)) != 0) {
            if (if_exists && e->code == ERR_NOTFOUND) {
                char msg[256];
                snprintf(msg, sizeof msg, "%s", e->msg);
                err_clear(e);
                return sql__ddl_notice(env, "00000", "%s, skipping", msg);
            }
            return rc;
        }
    }
    if (r->name.schema != NULL) {
        uint32_t ns;
        if ((rc = sql__schema_oid(env, r->name.schema, &ns, e)) != 0)
            return rc;
        if (ns == 0) {
            if (if_exists)
                return sql__ddl_notice(env, "00000", "schema \"%s\" does not exist, skipping",
                                       r->name.schema);
            return err_set_state(e, ERR_NOTFOUND, "3F000", "schema \"%s\" does not exist",
                                 r->name.schema);
        }
    }
    const struct sql_fn_desc **c;
    int n;
    if ((rc = sql__fn_candidates(env, r->name.schema, r->name.name, env->stmt_ctx, &c, &n, e)) != 0)
        return rc;
    const struct sql_fn_desc *hit = NULL;
    if (!r->args_given) {
        if (n > 1)
            return err_set_state(e, ERR_INVAL, "42725",
                                 "%s name \"%s\" is not unique" SQL_FUNC_HINT_SEP
                                 "Specify the argument list to select the %s unambiguously.",
                                 kind, r->name.name, kind);
        if (n == 1)
            hit = c[0];
    } else {
        /* a procedure is named by its IN arguments, or by all (OUT ones
         * too, as CALL takes them): both may fit, then two differ */
        int hits = 0;
        for (int i = 0; i < n; i++) {
            bool all = c[i]->nin == r->argtypes.n &&
                       memcmp(c[i]->intypes, types, sizeof types[0] * (size_t)c[i]->nin) == 0;
            bool in = false;
            if (!all && c[i]->is_proc) {
                uint32_t it[SQL_FN_MAX_ARGS];
                int ni = identity_types(c[i], it);
                in = ni == r->argtypes.n && memcmp(it, types, sizeof types[0] * (size_t)ni) == 0;
            }
            if ((all || in) && (hit == NULL || hit != c[i])) {
                hit = c[i];
                hits++;
            }
        }
        if (hits > 1)
            return err_set_state(e, ERR_INVAL, "42725", "%s name \"%s\" is not unique", kind,
                                 r->name.name);
    }
    if (hit == NULL) {
        struct sbuf b;
        sbuf_init(&b);
        if (!r->args_given)
            sbuf_printf(&b, "could not find a %s named \"%s\"", kind, r->name.name);
        else {
            sbuf_printf(&b, "%s ", kind);
            ref_text(env, r, types, &b);
            sbuf_puts(&b, " does not exist");
        }
        if (if_exists) {
            /* the argument types as written (NameListToString) */
            sbuf_reset(&b);
            sbuf_printf(&b, "%s ", kind);
            if (r->name.schema != NULL)
                sbuf_printf(&b, "%s.", r->name.schema);
            sbuf_printf(&b, "%s(", r->name.name);
            for (int i = 0; i < r->argtypes.n; i++) {
                const struct sql_typename *t = r->argtypes.items[i];
                sbuf_printf(&b, "%s%s%s%s", i > 0 ? "," : "", t->name.schema ? t->name.schema : "",
                            t->name.schema ? "." : "", t->name.name);
                for (int k = 0; k < t->array_dims; k++)
                    sbuf_puts(&b, "[]");
            }
            sbuf_puts(&b, ") does not exist");
            rc = sql__ddl_notice(env, "00000", "%s, skipping", b.data);
        } else {
            rc = err_set_state(e, ERR_NOTFOUND, "42883", "%s", b.data);
        }
        sbuf_free(&b);
        return rc;
    }
    *out = hit;
    return 0;
}

static int alter_function(struct sql_env *env, const struct sql_fn_ddl *d, struct err *e)
{
    const struct sql_fn_desc *old;
    int rc = find_ref(env, d->drops.items[0], false, d->proc, &old, e);
    if (rc == 0)
        rc = sql__acl_check_owner(env, old->owner, old->is_proc ? "procedure" : "function",
                                  old->name, e);
    if (rc != 0)
        return rc;
    struct sql_fn_desc *f = mem_alloc(env->stmt_ctx, sizeof *f);
    *f = *old;
    if (d->op == 'o') {
        struct sql_role role;
        bool found = false;
        if ((rc = sql__role_get_txn(env->txn, env->stmt_ctx, d->newname, &role, &found, e)) != 0)
            return rc;
        if (!found)
            return err_set_state(e, ERR_NOTFOUND, "42704", "role \"%s\" does not exist",
                                 d->newname);
        if ((rc = sql__acl_owner_to(env, 'f', f->oid, f->schema, f->owner, d->newname, e)) != 0)
            return rc;
        f->owner = d->newname;
        return store(env, f, e);
    }
    if (d->op == 'r') {
        if (strlen(d->newname) > SQL_NAME_MAX)
            return err_set_state(e, ERR_INVAL, "42622", "identifier too long: \"%s\"", d->newname);
        uint32_t *oids;
        int noids;
        if ((rc = read_names(env, f->schema_oid, d->newname, env->stmt_ctx, &oids, &noids, e)) != 0)
            return rc;
        for (int i = 0; i < noids; i++) {
            const struct sql_fn_desc *c;
            if ((rc = sql__fn_load(env, oids[i], env->stmt_ctx, &c, e)) != 0)
                return rc;
            if (c != NULL && c->nin == f->nin &&
                memcmp(c->intypes, f->intypes, sizeof c->intypes[0] * (size_t)c->nin) == 0) {
                struct sbuf sig;
                sbuf_init(&sig);
                sbuf_printf(&sig, "%s(", d->newname);
                for (int k = 0; k < f->nin; k++) {
                    if (k > 0)
                        sbuf_puts(&sig, ", ");
                    sql_type_format(f->intypes[k], -1, &sig);
                }
                sbuf_putc(&sig, ')');
                rc = err_set_state(e, ERR_EXISTS, "42723",
                                   "function %s already exists in schema \"%s\"", sig.data,
                                   f->schema);
                sbuf_free(&sig);
                return rc;
            }
        }
        uint32_t *nv = mem_alloc(env->stmt_ctx, sizeof *nv * (size_t)(noids + 1));
        memcpy(nv, oids, sizeof *nv * (size_t)noids);
        nv[noids] = f->oid;
        if ((rc = write_names(env, f->schema_oid, d->newname, nv, noids + 1, e)) != 0)
            return rc;
        uint32_t *ov;
        int nov;
        if ((rc = read_names(env, f->schema_oid, old->name, env->stmt_ctx, &ov, &nov, e)) != 0)
            return rc;
        int k = 0;
        for (int i = 0; i < nov; i++)
            if (ov[i] != f->oid)
                ov[k++] = ov[i];
        if ((rc = write_names(env, f->schema_oid, old->name, ov, k, e)) != 0)
            return rc;
        f->name = d->newname;
        return store(env, f, e);
    }
    if (d->volatility)
        f->volatility = d->volatility;
    if (d->strict >= 0)
        f->strict = d->strict == 1;
    if (d->secdef >= 0)
        f->secdef = d->secdef == 1;
    if (d->leakproof >= 0)
        f->leakproof = d->leakproof == 1;
    if (d->parallel)
        f->parallel = d->parallel;
    if (d->cost >= 0) {
        if (d->cost <= 0)
            return err_set_state(e, ERR_INVAL, "22023", "COST must be positive");
        f->cost = (float)d->cost;
    }
    if (d->rows >= 0) {
        if (d->rows <= 0)
            return err_set_state(e, ERR_INVAL, "22023", "ROWS must be positive");
        if (!f->retset)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "ROWS is not applicable when function does not return a set");
        f->rows = (float)d->rows;
    }
    return store(env, f, e);
}

int sql__function_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                      struct err *e)
{
    const struct sql_fn_ddl *d = st->u.fn_ddl;
    if (d->op == 'x') {
        sbuf_puts(tag, "DO");
        const char *lang = d->language != NULL ? d->language : "plpgsql";
        if (strcmp(lang, "plpgsql") == 0)
            return sql__pl_do(env, d->body, d->body_location, d->quotes_doubled, e);
        for (size_t i = 0; i < sizeof known_langs / sizeof known_langs[0]; i++)
            if (strcmp(lang, known_langs[i]) == 0)
                return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                     "language \"%s\" does not support inline code execution",
                                     lang);
        return err_set_state(e, ERR_NOTFOUND, "42704", "language \"%s\" does not exist", lang);
    }
    if (d->op == 'k') {
        sbuf_puts(tag, "CALL");
        struct sql_column *cols;
        size_t n;
        struct sql_value *row;
        return sql__fn_call_stmt(env, st, &cols, &n, &row, e);
    }
    if (d->op == 'c') {
        sbuf_puts(tag, d->proc ? "CREATE PROCEDURE" : "CREATE FUNCTION");
        return create_function(env, d, e);
    }
    if (d->op != 'd') {
        sbuf_puts(tag, "ALTER FUNCTION");
        return alter_function(env, d, e);
    }
    sbuf_puts(tag, d->proc ? "DROP PROCEDURE" : "DROP FUNCTION");
    for (int i = 0; i < d->drops.n; i++) {
        int rc = drop_one(env, d, d->drops.items[i], e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- pg_proc ---- */

int sql__fn_pgproc_rows(struct sql_env *env, struct sql__vrows *r, struct err *e)
{
    const struct sql_fn_desc **fs;
    size_t n;
    int rc = sql__fn_list(env, &fs, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct sql_fn_desc *f = fs[i];
        struct sbuf args, all, modes, names;
        sbuf_init(&args);
        sbuf_init(&all);
        sbuf_init(&modes);
        sbuf_init(&names);
        bool any_out = false, any_name = false;
        for (int k = 0; k < f->nin; k++)
            sbuf_printf(&args, "%s%u", k > 0 ? " " : "", f->intypes[k]);
        sbuf_putc(&all, '{');
        sbuf_putc(&modes, '{');
        sbuf_putc(&names, '{');
        for (int k = 0; k < f->nargs; k++) {
            const struct sql_fn_arg *a = &f->args[k];
            sbuf_printf(&all, "%s%u", k > 0 ? "," : "", a->type);
            sbuf_printf(&modes, "%s%c", k > 0 ? "," : "", a->mode);
            if (k > 0)
                sbuf_putc(&names, ',');
            sbuf_puts(&names, a->name[0] ? a->name : "\"\"");
            any_out = any_out || a->mode != 'i';
            any_name = any_name || a->name[0] != 0;
        }
        sbuf_putc(&all, '}');
        sbuf_putc(&modes, '}');
        sbuf_putc(&names, '}');
        sql__vr_row(r);
        sql__vr_int(r, "oid", f->oid);
        sql__vr_str(r, "proname", f->name);
        sql__vr_int(r, "pronamespace", f->schema_oid);
        sql__vr_int(r, "proowner", sql__pgcat_role_oid(f->owner));
        sql__vr_str(r, "proacl", sql__acl_column(env, 'f', f->oid, env->stmt_ctx));
        sql__vr_int(r, "prolang", f->plpgsql ? SQL_FN_PLPGSQL_OID : 14); /* plpgsql / sql */
        sql__vr_float(r, "procost", f->cost);
        sql__vr_float(r, "prorows", f->rows);
        sql__vr_int(r, "provariadic", 0);
        sql__vr_int(r, "prosupport", 0);
        sql__vr_char(r, "prokind", f->is_proc ? 'p' : 'f');
        sql__vr_bool(r, "prosecdef", f->secdef);
        sql__vr_bool(r, "proleakproof", f->leakproof);
        sql__vr_bool(r, "proisstrict", f->strict);
        sql__vr_bool(r, "proretset", f->retset);
        sql__vr_char(r, "provolatile", f->volatility);
        sql__vr_char(r, "proparallel", f->parallel);
        sql__vr_int(r, "pronargs", f->nin);
        sql__vr_int(r, "pronargdefaults", f->ndefaults);
        sql__vr_int(r, "prorettype", sql__fn_rettype_oid(f));
        sql__vr_str(r, "proargtypes", args.data ? args.data : "");
        sql__vr_str(r, "proallargtypes", any_out ? all.data : NULL);
        sql__vr_str(r, "proargmodes", any_out ? modes.data : NULL);
        sql__vr_str(r, "proargnames", any_name ? names.data : NULL);
        sql__vr_str(r, "prosrc", f->std_body ? "" : f->body);
        sbuf_free(&args);
        sbuf_free(&all);
        sbuf_free(&modes);
        sbuf_free(&names);
    }
    return 0;
}

/* The function r names (GRANT ... ON FUNCTION, acl_ddl.c): 42883 when none. */
int sql__fn_find(struct sql_env *env, const struct sql_fn_ref *r, const struct sql_fn_desc **out,
                 struct err *e);
int sql__fn_find(struct sql_env *env, const struct sql_fn_ref *r, const struct sql_fn_desc **out,
                 struct err *e)
{
    return find_ref(env, r, false, false, out, e);
}
