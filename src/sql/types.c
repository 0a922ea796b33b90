/* types.c — the SQL type table (pg_type's rows for the types we know), type
 * name resolution with type modifiers (typmodin) and format_type.
 *
 * Typmods are encoded as PostgreSQL encodes them, so atttypmod and
 * RowDescription carry the same numbers:
 *   varchar(n), bpchar(n)    n + 4 (VARHDRSZ)
 *   numeric(p, s)            ((p << 16) | (s & 0x7ff)) + 4 (sql_num_typmod)
 *   timestamp(p), time(p)    p (0..6)
 *   interval fields (p)      (range << 16) | p, range an INTERVAL_MASK set,
 *                            p 0xFFFF when not given; plain interval is -1.
 * The grammar (libpg_query) already turned FLOAT(p) into float4/float8 and
 * CHAR into bpchar(1); names arriving here are pg_type names, optionally
 * qualified with pg_catalog.
 */
#include "sql/value.h"

#include "common/err.h"
#include "sql/array.h"
#include "sql/ast.h"
#include "sql/enum.h"
#include "sql/domain.h"
#include "sql/ctype.h"
#include "sql/rowtype.h"
#include "sql/value_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Sorted by oid (sql_type_get searches it). */
static const struct sql_type_info types[] = {
    {SQL_T_BOOL, "bool", "boolean", 1, 'B', true, 1000, true, 'c'},
    {SQL_T_BYTEA, "bytea", "bytea", -1, 'U', false, 1001, false, 'i'},
    {SQL_T_CHAR, "char", "\"char\"", 1, 'Z', false, 1002, true, 'c'},
    {SQL_T_NAME, "name", "name", 64, 'S', false, 1003, false, 'c'},
    {SQL_T_INT8, "int8", "bigint", 8, 'N', false, 1016, true, 'd'},
    {SQL_T_INT2, "int2", "smallint", 2, 'N', false, 1005, true, 's'},
    {SQL_T_INT2VECTOR, "int2vector", "int2vector", -1, 'A', false, 1006, false, 'i'},
    {SQL_T_INT4, "int4", "integer", 4, 'N', false, 1007, true, 'i'},
    {SQL_T_REGPROC, "regproc", "regproc", 4, 'N', false, 1008, true, 'i'},
    {SQL_T_TEXT, "text", "text", -1, 'S', true, 1009, false, 'i'},
    {SQL_T_OID, "oid", "oid", 4, 'N', true, 1028, true, 'i'},
    {SQL_T_XID, "xid", "xid", 4, 'U', false, 1011, true, 'i'},
    {SQL_T_OIDVECTOR, "oidvector", "oidvector", -1, 'A', false, 1013, false, 'i'},
    {SQL_T_JSON, "json", "json", -1, 'U', false, 199, false, 'i'},
    {SQL_T_CIDR, "cidr", "cidr", -1, 'I', false, 651, false, 'i'},
    {SQL_T_FLOAT4, "float4", "real", 4, 'N', false, 1021, true, 'i'},
    {SQL_T_FLOAT8, "float8", "double precision", 8, 'N', true, 1022, true, 'd'},
    {SQL_T_UNKNOWN, "unknown", "unknown", -2, 'X', false, 0, false, 'c'},
    {SQL_T_MACADDR8, "macaddr8", "macaddr8", 8, 'U', false, 775, false, 'i'},
    {SQL_T_MACADDR, "macaddr", "macaddr", 6, 'U', false, 1040, false, 'i'},
    {SQL_T_INET, "inet", "inet", -1, 'I', true, 1041, false, 'i'},
    {SQL_T_BPCHAR, "bpchar", "character", -1, 'S', false, 1014, false, 'i'},
    {SQL_T_VARCHAR, "varchar", "character varying", -1, 'S', false, 1015, false, 'i'},
    {SQL_T_DATE, "date", "date", 4, 'D', false, 1182, true, 'i'},
    {SQL_T_TIME, "time", "time without time zone", 8, 'D', false, 1183, true, 'd'},
    {SQL_T_TIMESTAMP, "timestamp", "timestamp without time zone", 8, 'D', false, 1115, true, 'd'},
    {SQL_T_TIMESTAMPTZ, "timestamptz", "timestamp with time zone", 8, 'D', true, 1185, true, 'd'},
    {SQL_T_INTERVAL, "interval", "interval", 16, 'T', true, 1187, false, 'd'},
    {SQL_T_TIMETZ, "timetz", "time with time zone", 12, 'D', false, 1270, false, 'd'},
    {SQL_T_NUMERIC, "numeric", "numeric", -1, 'N', false, 1231, false, 'i'},
    {SQL_T_REGPROCEDURE, "regprocedure", "regprocedure", 4, 'N', false, 2207, true, 'i'},
    {SQL_T_REGCLASS, "regclass", "regclass", 4, 'N', false, 2210, true, 'i'},
    {SQL_T_REGTYPE, "regtype", "regtype", 4, 'N', false, 2211, true, 'i'},
    {SQL_T_RECORD, "record", "record", -1, 'P', false, 2287, false, 'd'},
    {SQL_T_ANY, "any", "\"any\"", 4, 'P', false, 0, true, 'i'},
    {SQL_T_VOID, "void", "void", 4, 'P', false, 0, true, 'i'},
    {2279, "trigger", "trigger", 4, 'P', false, 0, true, 'i'}, /* RETURNS trigger (sqlfn.h) */
    {SQL_T_UUID, "uuid", "uuid", 16, 'U', false, 2951, false, 'c'},
    {SQL_T_JSONB, "jsonb", "jsonb", -1, 'U', false, 3807, false, 'i'},
    {SQL_T_INT4RANGE, "int4range", "int4range", -1, 'R', false, 3905, false, 'i'},
    {SQL_T_NUMRANGE, "numrange", "numrange", -1, 'R', false, 3907, false, 'i'},
    {SQL_T_TSRANGE, "tsrange", "tsrange", -1, 'R', false, 3909, false, 'd'},
    {SQL_T_TSTZRANGE, "tstzrange", "tstzrange", -1, 'R', false, 3911, false, 'd'},
    {SQL_T_DATERANGE, "daterange", "daterange", -1, 'R', false, 3913, false, 'i'},
    {SQL_T_INT8RANGE, "int8range", "int8range", -1, 'R', false, 3927, false, 'd'},
    {SQL_T_REGNAMESPACE, "regnamespace", "regnamespace", 4, 'N', false, 4090, true, 'i'},
    {SQL_T_REGROLE, "regrole", "regrole", 4, 'N', false, 4097, true, 'i'},
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

const struct sql_type_info *sql_type_get(uint32_t oid)
{
    size_t lo = 0, hi = NTYPES;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (types[mid].oid == oid)
            return &types[mid];
        if (types[mid].oid < oid)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct sql_type_info *ai = sql__array_type_info(oid);
    if (ai == NULL)
        ai = sql__enum_type_info(oid);
    if (ai == NULL)
        ai = sql__domain_type_info(oid);
    if (ai == NULL)
        ai = sql__ctype_type_info(oid);
    return ai != NULL ? ai : sql__rowtype_type_info(oid);
}

const struct sql_type_info *sql_type_all(size_t *n)
{
    *n = NTYPES;
    return types;
}

/* ---- interval typmods (PostgreSQL's utils/datetime.h) ---- */

#define IV_MONTH       (1 << 1)
#define IV_YEAR        (1 << 2)
#define IV_DAY         (1 << 3)
#define IV_HOUR        (1 << 10)
#define IV_MINUTE      (1 << 11)
#define IV_SECOND      (1 << 12)
#define IV_FULL_RANGE  0x7FFF
#define IV_FULL_PREC   0xFFFF
#define MAX_TS_PREC    6
#define MAX_IV_PREC    6
#define VARCHAR_MAXLEN 10485760

static const struct {
    int mask;
    const char *text;
} iv_ranges[] = {
    {IV_YEAR, " year"},
    {IV_MONTH, " month"},
    {IV_DAY, " day"},
    {IV_HOUR, " hour"},
    {IV_MINUTE, " minute"},
    {IV_SECOND, " second"},
    {IV_YEAR | IV_MONTH, " year to month"},
    {IV_DAY | IV_HOUR, " day to hour"},
    {IV_DAY | IV_HOUR | IV_MINUTE, " day to minute"},
    {IV_DAY | IV_HOUR | IV_MINUTE | IV_SECOND, " day to second"},
    {IV_HOUR | IV_MINUTE, " hour to minute"},
    {IV_HOUR | IV_MINUTE | IV_SECOND, " hour to second"},
    {IV_MINUTE | IV_SECOND, " minute to second"},
    {IV_FULL_RANGE, ""},
};

static const char *iv_range_text(int range)
{
    for (size_t i = 0; i < sizeof(iv_ranges) / sizeof(iv_ranges[0]); i++)
        if (iv_ranges[i].mask == range)
            return iv_ranges[i].text;
    return NULL;
}

/* ---- resolution ---- */

static const struct {
    const char *name;
    uint32_t oid;
    int serial;
} serials[] = {
    {"smallserial", SQL_T_INT2, 2}, {"serial2", SQL_T_INT2, 2},   {"serial", SQL_T_INT4, 4},
    {"serial4", SQL_T_INT4, 4},     {"bigserial", SQL_T_INT8, 8}, {"serial8", SQL_T_INT8, 8},
};

/* Types a column or cast may name (pseudo-types and internal ones are
 * refused by the binder where PostgreSQL refuses them). */
static const struct sql_type_info *type_by_name(const char *name)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (strcmp(types[i].name, name) == 0)
            return &types[i];
    if (name[0] == '_' && name[1] != '_') {
        /* _int4: the array type's own name */
        const struct sql_type_info *el = type_by_name(name + 1);
        return el != NULL ? sql__array_type_info(sql_array_of(el->oid)) : NULL;
    }
    return NULL;
}

/* The typmods as int32 constants: 42601 otherwise, as typenameTypeMod. */
static int typmod_ints(const struct sql_typename *t, int32_t *mods, int max, int *n, struct err *e)
{
    *n = t->typmods.n;
    for (int i = 0; i < t->typmods.n; i++) {
        const struct sql_expr *x = t->typmods.items[i];
        if (x == NULL || x->kind != SQL_EXPR_CONST || x->u.c.kind != SQL_CONST_INT4)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "type modifiers must be simple constants or identifiers");
        if (i < max)
            mods[i] = (int32_t)x->u.c.ival;
    }
    return 0;
}

static int char_typmod(const char *tname, const int32_t *mods, int n, int32_t *typmod,
                       struct err *e)
{
    if (n == 0) {
        *typmod = -1;
        return 0;
    }
    if (n > 1)
        return err_set_state(e, ERR_INVAL, "22023", "invalid type modifier");
    if (mods[0] < 1)
        return err_set_state(e, ERR_INVAL, "22023", "length for type %s must be at least 1", tname);
    if (mods[0] > VARCHAR_MAXLEN)
        return err_set_state(e, ERR_INVAL, "22023", "length for type %s cannot exceed %d", tname,
                             VARCHAR_MAXLEN);
    *typmod = mods[0] + 4;
    return 0;
}

static int ts_typmod(uint32_t oid, const int32_t *mods, int n, int32_t *typmod, struct err *e)
{
    const char *what = oid == SQL_T_TIMESTAMP     ? "TIMESTAMP"
                       : oid == SQL_T_TIMESTAMPTZ ? "TIMESTAMP"
                                                  : "TIME";
    const char *tz = oid == SQL_T_TIMESTAMPTZ || oid == SQL_T_TIMETZ ? " WITH TIME ZONE" : "";
    if (n == 0) {
        *typmod = -1;
        return 0;
    }
    if (n > 1)
        return err_set_state(e, ERR_INVAL, "22023", "invalid type modifier");
    if (mods[0] < 0)
        return err_set_state(e, ERR_INVAL, "22023", "%s(%d)%s precision must not be negative", what,
                             mods[0], tz);
    /* PostgreSQL warns "precision reduced to maximum allowed, 6" and goes on. */
    *typmod = mods[0] > MAX_TS_PREC ? MAX_TS_PREC : mods[0];
    return 0;
}

static int iv_typmod(const int32_t *mods, int n, int32_t *typmod, struct err *e)
{
    if (n == 0) {
        *typmod = -1;
        return 0;
    }
    if (n > 2 || iv_range_text(mods[0]) == NULL)
        return err_set_state(e, ERR_INVAL, "22023", "invalid INTERVAL type modifier");
    int32_t prec = IV_FULL_PREC;
    if (n == 2) {
        if (mods[1] < 0)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "INTERVAL(%d) precision must not be negative", mods[1]);
        prec = mods[1] > MAX_IV_PREC ? MAX_IV_PREC : mods[1];
    }
    if (mods[0] == IV_FULL_RANGE && prec == IV_FULL_PREC)
        *typmod = -1;
    else
        *typmod = (int32_t)(((uint32_t)mods[0] << 16) | (uint32_t)prec);
    return 0;
}

/* PostgreSQL 15 built-in types this build does not implement: naming one
 * is 0A000, not "does not exist". */
static bool unsupported_type(const char *name)
{
    static const char *const names[] = {
        "bit",
        "varbit",
        "jsonpath",
        "money",
        "point",
        "line",
        "lseg",
        "box",
        "path",
        "polygon",
        "circle",
        "xml",
        "tsvector",
        "tsquery",
        "int4multirange",
        "int8multirange",
        "nummultirange",
        "tsmultirange",
        "tstzmultirange",
        "datemultirange",
        "pg_lsn",
        "txid_snapshot",
        "pg_snapshot",
        "regoper",
        "regoperator",
        "regconfig",
        "regdictionary",
        "regcollation",
        "cid",
        "tid",
        "xid8",
        "refcursor",
        "aclitem",
        "gtsvector",
        "pg_node_tree",
        "anyelement",
        "anyarray",
        "anynonarray",
        "anyenum",
        "anyrange",
        "cstring",
        "internal",
        "trigger",
        "event_trigger",
        "language_handler",
        "fdw_handler",
        "table_am_handler",
        "index_am_handler",
        "tsm_handler",
        "anycompatible",
        "anycompatiblerange",
        "anymultirange",
        "anycompatiblemultirange",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

int sql_type_resolve(const struct sql_typename *t, uint32_t *oid, int32_t *typmod, int *serial,
                     struct err *e)
{
    const char *name = t->name.name ? t->name.name : "";
    bool catalog_ok = t->name.schema == NULL || strcmp(t->name.schema, "pg_catalog") == 0;
    int32_t mods[4] = {0};
    int n = 0, rc;

    if (serial)
        *serial = 0;
    *typmod = -1;
    if (t->name.catalog != NULL || !catalog_ok)
        goto not_found;
    if (serial) {
        for (size_t i = 0; i < sizeof(serials) / sizeof(serials[0]); i++) {
            if (strcmp(serials[i].name, name) == 0) {
                if (t->array_dims > 0)
                    return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                         "array of serial is not implemented");
                if (t->typmods.n > 0)
                    return err_set_state(e, ERR_INVAL, "42601",
                                         "type modifier is not allowed for type \"%s\"", name);
                *oid = serials[i].oid;
                *serial = serials[i].serial;
                return 0;
            }
        }
    }
    const struct sql_type_info *ti = type_by_name(name);
    bool is_float = ti == NULL && strcmp(name, "float") == 0;
    if (ti == NULL && !is_float)
        goto not_found;
    if (t->array_dims > 0) {
        /* T[]: the element type's typarray; the typmod is the element's */
        struct sql_typename el = *t;
        el.array_dims = 0;
        if ((rc = sql_type_resolve(&el, oid, typmod, NULL, e)) != 0)
            return rc;
        uint32_t at = sql_array_of(*oid);
        if (at == 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000", "arrays of type %s are not supported",
                                 name);
        *oid = at;
        return 0;
    }
    if ((rc = typmod_ints(t, mods, 4, &n, e)) != 0)
        return rc;
    if (is_float) {
        /* FLOAT(p), as the grammar resolves it. */
        if (n == 0) {
            *oid = SQL_T_FLOAT8;
            return 0;
        }
        if (n > 1)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "type modifier is not allowed for type \"float\"");
        if (mods[0] < 1)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "precision for type float must be at least 1 bit");
        if (mods[0] > 53)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "precision for type float must be less than 54 bits");
        *oid = mods[0] <= 24 ? SQL_T_FLOAT4 : SQL_T_FLOAT8;
        return 0;
    }
    *oid = ti->oid;
    switch (ti->oid) {
    case SQL_T_VARCHAR:
        return char_typmod("varchar", mods, n, typmod, e);
    case SQL_T_BPCHAR:
        return char_typmod("char", mods, n, typmod, e);
    case SQL_T_NUMERIC:
        if (n == 0)
            return 0;
        if (n > 2)
            return err_set_state(e, ERR_INVAL, "22023", "invalid NUMERIC type modifier");
        return sql_num_typmod(mods[0], n == 2 ? mods[1] : 0, typmod, e);
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
    case SQL_T_TIMETZ:
        return ts_typmod(ti->oid, mods, n, typmod, e);
    case SQL_T_INTERVAL:
        return iv_typmod(mods, n, typmod, e);
    default:
        if (n > 0)
            return err_set_state(e, ERR_INVAL, "42601",
                                 "type modifier is not allowed for type \"%s\"", ti->name);
        return 0;
    }

not_found:
    if (t->name.catalog == NULL && catalog_ok && unsupported_type(name))
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "type %s is not supported", name);
    if (t->name.schema != NULL)
        return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s.%s\" does not exist",
                             t->name.schema, name);
    return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s\" does not exist", name);
}

/* ---- format_type ---- */

void sql_type_format(uint32_t oid, int32_t typmod, struct sbuf *out)
{
    if ((oid & SQL_DOMAIN_ARRAY) != 0 && sql_domain_get(oid & ~SQL_DOMAIN_ARRAY) != NULL) {
        sql_type_format(oid & ~SQL_DOMAIN_ARRAY, typmod, out); /* d[] (domain.h) */
        sbuf_puts(out, "[]");
        return;
    }
    uint32_t elem = sql_array_elemtype(oid);
    if (elem != 0) {
        sql_type_format(elem, typmod, out);
        sbuf_puts(out, "[]");
        return;
    }
    const struct sql_type_info *ti = sql_type_get(oid);
    if (ti == NULL) {
        sbuf_puts(out, "???");
        return;
    }
    switch (oid) {
    case SQL_T_BPCHAR:
        if (typmod >= 4)
            sbuf_printf(out, "character(%d)", (int)(typmod - 4));
        else
            sbuf_puts(out, "bpchar");
        return;
    case SQL_T_VARCHAR:
        if (typmod >= 4)
            sbuf_printf(out, "character varying(%d)", (int)(typmod - 4));
        else
            sbuf_puts(out, "character varying");
        return;
    case SQL_T_NUMERIC:
        if (typmod >= 4)
            sbuf_printf(out, "numeric(%d,%d)", (int)sql_num_typmod_precision(typmod),
                        (int)sql_num_typmod_scale(typmod));
        else
            sbuf_puts(out, "numeric");
        return;
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_TIME:
    case SQL_T_TIMETZ:
        if (typmod >= 0)
            sbuf_printf(out, "%s(%d) %s",
                        oid == SQL_T_TIME || oid == SQL_T_TIMETZ ? "time" : "timestamp",
                        (int)typmod,
                        oid == SQL_T_TIMESTAMPTZ || oid == SQL_T_TIMETZ ? "with time zone"
                                                                        : "without time zone");
        else
            sbuf_puts(out, ti->sql_name);
        return;
    case SQL_T_INTERVAL:
        sbuf_puts(out, "interval");
        if (typmod >= 0) {
            const char *r = iv_range_text((typmod >> 16) & 0x7FFF);
            int prec = typmod & 0xFFFF;
            sbuf_puts(out, r ? r : "");
            if (prec != IV_FULL_PREC)
                sbuf_printf(out, "(%d)", prec);
        }
        return;
    default:
        sbuf_puts(out, ti->sql_name);
        return;
    }
}

/* ---- regtype input by name (regtypein, for the types of the table) ---- */

static const struct {
    const char *name;
    uint32_t oid;
} type_aliases[] = {
    {"int", SQL_T_INT4},
    {"integer", SQL_T_INT4},
    {"smallint", SQL_T_INT2},
    {"bigint", SQL_T_INT8},
    {"real", SQL_T_FLOAT4},
    {"float", SQL_T_FLOAT8},
    {"double precision", SQL_T_FLOAT8},
    {"boolean", SQL_T_BOOL},
    {"decimal", SQL_T_NUMERIC},
    {"dec", SQL_T_NUMERIC},
    {"char", SQL_T_BPCHAR}, /* unquoted CHAR is character(1) */
    {"character", SQL_T_BPCHAR},
    {"character varying", SQL_T_VARCHAR},
    {"char varying", SQL_T_VARCHAR},
    {"timestamp with time zone", SQL_T_TIMESTAMPTZ},
    {"timestamp without time zone", SQL_T_TIMESTAMP},
    {"time without time zone", SQL_T_TIME},
    {"time with time zone", SQL_T_TIMETZ},
};

int sql__regtype_in(const char *s, int64_t *oid, struct err *e)
{
    char buf[128];
    size_t n = 0;
    const char *p = s;
    bool quoted = false;

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    /* Lower-case outside double quotes, collapse blanks, drop a typmod. */
    for (; *p && n + 1 < sizeof(buf); p++) {
        char c = *p;
        if (c == '"') {
            quoted = !quoted;
            buf[n++] = c;
            continue;
        }
        if (!quoted && c == '(') {
            while (*p && *p != ')')
                p++;
            if (!*p)
                break;
            continue;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
            if (n > 0 && buf[n - 1] != ' ')
                buf[n++] = ' ';
            continue;
        }
        buf[n++] = quoted ? c : (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    const char *name = buf;
    if (strncmp(name, "pg_catalog.", 11) == 0)
        name += 11;
    if (n >= 2 && strcmp(buf + n - 2, "[]") == 0) {
        buf[n - 2] = '\0';
        int64_t el = 0;
        int rc = sql__regtype_in(buf, &el, e);
        if (rc != 0)
            return rc;
        uint32_t at = sql_array_of((uint32_t)el);
        if (at == 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000", "arrays are not supported");
        *oid = at;
        return 0;
    }
    if (strcmp(name, "\"char\"") == 0) {
        *oid = SQL_T_CHAR;
        return 0;
    }
    if (name[0] != '"') {
        for (size_t i = 0; i < sizeof(type_aliases) / sizeof(type_aliases[0]); i++)
            if (strcmp(type_aliases[i].name, name) == 0) {
                *oid = type_aliases[i].oid;
                return 0;
            }
    }
    char plain[128];
    size_t pn = strlen(name);
    if (pn >= 2 && name[0] == '"' && name[pn - 1] == '"') {
        snprintf(plain, sizeof(plain), "%.*s", (int)(pn - 2), name + 1);
        name = plain;
    }
    const struct sql_type_info *ti = type_by_name(name);
    if (ti == NULL && strchr(name, '"') == NULL)
        ti = sql__enum_by_name(name);
    if (ti == NULL && strchr(name, '"') == NULL)
        ti = sql__domain_by_name(name);
    if (ti == NULL && strchr(name, '"') == NULL)
        ti = sql__ctype_by_name(name);
    if (ti == NULL && strchr(name, '"') == NULL)
        ti = sql__rowtype_by_name(name);
    if (ti == NULL || strchr(name, '"') != NULL)
        return err_set_state(e, ERR_NOTFOUND, "42704", "type \"%s\" does not exist", name);
    *oid = ti->oid;
    return 0;
}
