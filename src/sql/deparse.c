/* deparse.c — expression trees (ast.h) back to SQL text, in the style of
 * PostgreSQL's ruleutils.c (get_rule_expr, get_const_expr, isSimpleNode,
 * appendContextKeyword). See deparse.h for the styles.
 *
 * The round trip is the contract: sql_parse("SELECT " + text) gives a tree
 * that sql_ast_format_expr prints exactly as the original. Hence some
 * choices that differ from ruleutils on purpose: a negative integer literal
 * prints as -1 (the grammar folds it back into the same constant), LIKE,
 * IN and BETWEEN keep their syntax, and functions keep the qualification
 * they were written with. Functions the grammar turned into calls
 * (EXTRACT, SUBSTRING ... FROM, POSITION, TRIM, OVERLAY, AT TIME ZONE) are
 * printed in their SQL syntax again, as ruleutils' get_func_sql_syntax.
 */
#include "sql/deparse.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/range.h"
#include "sql/value.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- identifiers and literals --------------------------------------------- */

/* PostgreSQL 15's keywords that are not UNRESERVED (pg_get_keywords()
 * catcode <> 'U'), sorted: quote_identifier quotes these. */
static const char *const reserved_words[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};
_Static_assert(sizeof(reserved_words) / sizeof(reserved_words[0]) == 151,
               "PostgreSQL 15 has 151 keywords that are not unreserved");

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool sql_deparse_ident_needs_quotes(const char *name)
{
    if (name == NULL || name[0] == '\0')
        return true;
    if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
        return true;
    for (const char *p = name; *p != '\0'; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return true;
    }
    return bsearch(&name, reserved_words, sizeof(reserved_words) / sizeof(reserved_words[0]),
                   sizeof(reserved_words[0]), cmp_word) != NULL;
}

void sql_deparse_ident(const char *name, struct sbuf *out)
{
    if (name == NULL)
        name = "";
    if (!sql_deparse_ident_needs_quotes(name)) {
        sbuf_puts(out, name);
        return;
    }
    sbuf_putc(out, '"');
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '"')
            sbuf_putc(out, '"');
        sbuf_putc(out, *p);
    }
    sbuf_putc(out, '"');
}

void sql_deparse_literal(const char *s, struct sbuf *out)
{
    sbuf_putc(out, '\'');
    for (; *s != '\0'; s++) {
        if (*s == '\'')
            sbuf_putc(out, '\'');
        sbuf_putc(out, *s);
    }
    sbuf_putc(out, '\'');
}

static void put_qname(const struct sql_qname *q, struct sbuf *out)
{
    if (q->catalog != NULL) {
        sql_deparse_ident(q->catalog, out);
        sbuf_putc(out, '.');
    }
    if (q->schema != NULL) {
        sql_deparse_ident(q->schema, out);
        sbuf_putc(out, '.');
    }
    sql_deparse_ident(q->name, out);
}

/* ---- type names ------------------------------------------------------------ */

/* Integer value of a typmod expression written as a constant, or -1. */
static int64_t typmod_int(const struct sql_expr *e)
{
    if (e != NULL && e->kind == SQL_EXPR_CONST &&
        (e->u.c.kind == SQL_CONST_INT4 || e->u.c.kind == SQL_CONST_INT8))
        return e->u.c.ival;
    return -1;
}

static void put_typmods(const struct sql_list *mods, struct sbuf *out);

/* INTERVAL_MASK bits of datetime.h's field numbers (PostgreSQL's). */
#define IV_MONTH  (1 << 1)
#define IV_YEAR   (1 << 2)
#define IV_DAY    (1 << 3)
#define IV_HOUR   (1 << 10)
#define IV_MINUTE (1 << 11)
#define IV_SECOND (1 << 12)
#define IV_FULL   0x7FFF

static const char *interval_fields(int64_t mask)
{
    switch (mask) {
    case IV_YEAR:
        return " year";
    case IV_MONTH:
        return " month";
    case IV_DAY:
        return " day";
    case IV_HOUR:
        return " hour";
    case IV_MINUTE:
        return " minute";
    case IV_SECOND:
        return " second";
    case IV_YEAR | IV_MONTH:
        return " year to month";
    case IV_DAY | IV_HOUR:
        return " day to hour";
    case IV_DAY | IV_HOUR | IV_MINUTE:
        return " day to minute";
    case IV_DAY | IV_HOUR | IV_MINUTE | IV_SECOND:
        return " day to second";
    case IV_HOUR | IV_MINUTE:
        return " hour to minute";
    case IV_HOUR | IV_MINUTE | IV_SECOND:
        return " hour to second";
    case IV_MINUTE | IV_SECOND:
        return " minute to second";
    case IV_FULL:
        return "";
    default:
        return NULL;
    }
}

/* pg_catalog types the grammar produces from SQL keywords, printed as
 * format_type prints them. `mods`: how typmods go: 'n' none allowed,
 * 'p' "(a,b)" after the name, 't' precision in the middle (time zone
 * types), 'i' interval. */
struct kwtype {
    const char *name;
    const char *sql;
    const char *suffix; /* after the typmod, for 't' */
    char mods;
};

static const struct kwtype kwtypes[] = {
    {"bool", "boolean", NULL, 'n'},
    {"int2", "smallint", NULL, 'n'},
    {"int4", "integer", NULL, 'n'},
    {"int8", "bigint", NULL, 'n'},
    {"float4", "real", NULL, 'n'},
    {"float8", "double precision", NULL, 'n'},
    {"numeric", "numeric", NULL, 'p'},
    {"varchar", "character varying", NULL, 'p'},
    {"bpchar", "character", NULL, 'p'},
    {"bit", "bit", NULL, 'p'},
    {"varbit", "bit varying", NULL, 'p'},
    {"timestamp", "timestamp", " without time zone", 't'},
    {"timestamptz", "timestamp", " with time zone", 't'},
    {"time", "time", " without time zone", 't'},
    {"timetz", "time", " with time zone", 't'},
    {"interval", "interval", NULL, 'i'},
};

static const struct kwtype *find_kwtype(const char *name)
{
    for (size_t i = 0; i < sizeof(kwtypes) / sizeof(kwtypes[0]); i++)
        if (strcmp(kwtypes[i].name, name) == 0)
            return &kwtypes[i];
    return NULL;
}

/* Prints the keyword form when it parses back to the same tree; false to
 * fall back to the qualified name. */
static bool put_kwtype(const struct sql_typename *t, struct sbuf *out)
{
    if (t->name.catalog != NULL || t->name.schema == NULL ||
        strcmp(t->name.schema, "pg_catalog") != 0)
        return false;
    const struct kwtype *k = find_kwtype(t->name.name);
    if (k == NULL)
        return false;
    int n = t->typmods.n;
    for (int i = 0; i < n; i++)
        if (typmod_int(t->typmods.items[i]) < 0)
            return false;
    switch (k->mods) {
    case 'n':
        if (n != 0)
            return false;
        sbuf_puts(out, k->sql);
        return true;
    case 'p':
        /* bpchar/bit without a length came from pg_catalog.bpchar written out */
        if ((strcmp(k->name, "bpchar") == 0 || strcmp(k->name, "bit") == 0) && n == 0)
            return false;
        if (n > 2)
            return false;
        sbuf_puts(out, k->sql);
        put_typmods(&t->typmods, out);
        return true;
    case 't':
        if (n > 1)
            return false;
        sbuf_puts(out, k->sql);
        put_typmods(&t->typmods, out);
        sbuf_puts(out, k->suffix);
        return true;
    default: { /* interval */
        if (n == 0) {
            sbuf_puts(out, "interval");
            return true;
        }
        if (n > 2)
            return false;
        int64_t mask = typmod_int(t->typmods.items[0]);
        const char *f = interval_fields(mask);
        if (f == NULL)
            return false;
        if (mask == IV_FULL) {
            if (n != 2)
                return false;
            sbuf_printf(out, "interval(%" PRId64 ")", typmod_int(t->typmods.items[1]));
            return true;
        }
        sbuf_puts(out, "interval");
        sbuf_puts(out, f);
        if (n == 2) {
            if (!(mask & IV_SECOND))
                return false;
            sbuf_printf(out, "(%" PRId64 ")", typmod_int(t->typmods.items[1]));
        }
        return true;
    }
    }
}

static void expr(struct sbuf *out, const struct sql_expr *e, int flags,
                 const struct sql_expr *parent, int *indent);

static void put_typmods(const struct sql_list *mods, struct sbuf *out)
{
    if (mods->n == 0)
        return;
    sbuf_putc(out, '(');
    for (int i = 0; i < mods->n; i++) {
        if (i > 0)
            sbuf_putc(out, ',');
        int indent = 0;
        expr(out, mods->items[i], 0, NULL, &indent);
    }
    sbuf_putc(out, ')');
}

void sql_deparse_coldefs(const struct sql_list *defs, struct sbuf *out)
{
    sbuf_putc(out, '(');
    for (int i = 0; i < defs->n; i++) {
        const struct sql_funccol *c = defs->items[i];
        if (i > 0)
            sbuf_puts(out, ", ");
        sql_deparse_ident(c->name, out);
        sbuf_putc(out, ' ');
        sql_deparse_typename(c->type, out);
    }
    sbuf_putc(out, ')');
}

void sql_deparse_typename(const struct sql_typename *t, struct sbuf *out)
{
    if (t->setof)
        sbuf_puts(out, "SETOF ");
    if (!put_kwtype(t, out)) {
        put_qname(&t->name, out);
        put_typmods(&t->typmods, out);
    }
    for (int i = 0; i < t->array_dims; i++)
        sbuf_puts(out, "[]");
}

/* format_type's name for a type OID with typmod -1 (labels of constants),
 * NULL when this file does not know it. */
static const char *label_name(uint32_t type)
{
    switch (type) {
    case SQL_T_BOOL:
        return "boolean";
    case SQL_T_BYTEA:
        return "bytea";
    case SQL_T_CHAR:
        return "\"char\"";
    case SQL_T_NAME:
        return "name";
    case SQL_T_INT8:
        return "bigint";
    case SQL_T_INT2:
        return "smallint";
    case SQL_T_INT4:
        return "integer";
    case SQL_T_TEXT:
        return "text";
    case SQL_T_OID:
        return "oid";
    case SQL_T_JSON:
        return "json";
    case SQL_T_JSONB:
        return "jsonb";
    case SQL_T_FLOAT4:
        return "real";
    case SQL_T_FLOAT8:
        return "double precision";
    case SQL_T_BPCHAR:
        return "bpchar";
    case SQL_T_VARCHAR:
        return "character varying";
    case SQL_T_DATE:
        return "date";
    case SQL_T_TIME:
        return "time without time zone";
    case SQL_T_TIMETZ:
        return "time with time zone";
    case SQL_T_TIMESTAMP:
        return "timestamp without time zone";
    case SQL_T_TIMESTAMPTZ:
        return "timestamp with time zone";
    case SQL_T_INTERVAL:
        return "interval";
    case SQL_T_NUMERIC:
        return "numeric";
    case SQL_T_REGCLASS:
        return "regclass";
    case SQL_T_REGTYPE:
        return "regtype";
    case SQL_T_REGNAMESPACE:
        return "regnamespace";
    case SQL_T_REGPROCEDURE:
        return "regprocedure";
    case SQL_T_REGROLE:
        return "regrole";
    case SQL_T_UUID:
        return "uuid";
    case SQL_T_INET:
        return "inet";
    case SQL_T_CIDR:
        return "cidr";
    case SQL_T_MACADDR:
        return "macaddr";
    case SQL_T_MACADDR8:
        return "macaddr8";
    default: {
        /* arrays: integer[], text[]; range types */
        const struct sql_type_info *ti =
            sql_array_elemtype(type) != 0 || sql_range_subtype(type) != 0 ? sql_type_get(type)
                                                                          : NULL;
        return ti != NULL ? ti->sql_name : NULL;
    }
    }
}

/* The type OID a cast's type name stands for, 0 when not one of ours. */
static uint32_t typename_oid(const struct sql_typename *t)
{
    static const struct {
        const char *name;
        uint32_t oid;
    } names[] = {
        {"bool", SQL_T_BOOL},
        {"boolean", SQL_T_BOOL},
        {"int2", SQL_T_INT2},
        {"smallint", SQL_T_INT2},
        {"int4", SQL_T_INT4},
        {"integer", SQL_T_INT4},
        {"int", SQL_T_INT4},
        {"int8", SQL_T_INT8},
        {"bigint", SQL_T_INT8},
        {"float4", SQL_T_FLOAT4},
        {"real", SQL_T_FLOAT4},
        {"float8", SQL_T_FLOAT8},
        {"numeric", SQL_T_NUMERIC},
        {"decimal", SQL_T_NUMERIC},
        {"text", SQL_T_TEXT},
        {"varchar", SQL_T_VARCHAR},
        {"bpchar", SQL_T_BPCHAR},
        {"date", SQL_T_DATE},
        {"time", SQL_T_TIME},
        {"timetz", SQL_T_TIMETZ},
        {"timestamp", SQL_T_TIMESTAMP},
        {"timestamptz", SQL_T_TIMESTAMPTZ},
        {"interval", SQL_T_INTERVAL},
        {"regclass", SQL_T_REGCLASS},
        {"regtype", SQL_T_REGTYPE},
        {"regnamespace", SQL_T_REGNAMESPACE},
        {"regprocedure", SQL_T_REGPROCEDURE},
        {"regrole", SQL_T_REGROLE},
        {"oid", SQL_T_OID},
        {"name", SQL_T_NAME},
        {"bytea", SQL_T_BYTEA},
        {"uuid", SQL_T_UUID},
        {"inet", SQL_T_INET},
        {"cidr", SQL_T_CIDR},
        {"macaddr", SQL_T_MACADDR},
        {"macaddr8", SQL_T_MACADDR8},
        {"json", SQL_T_JSON},
        {"jsonb", SQL_T_JSONB},
        {"int4range", SQL_T_INT4RANGE},
        {"int8range", SQL_T_INT8RANGE},
        {"numrange", SQL_T_NUMRANGE},
        {"daterange", SQL_T_DATERANGE},
        {"tsrange", SQL_T_TSRANGE},
        {"tstzrange", SQL_T_TSTZRANGE},
    };
    if (t->array_dims != 0 || t->setof || t->name.catalog != NULL)
        return 0;
    if (t->name.schema != NULL && strcmp(t->name.schema, "pg_catalog") != 0)
        return 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].name, t->name.name) == 0)
            return names[i].oid;
    return 0;
}

/* ---- constants ------------------------------------------------------------- */

static bool is_negative_number(const struct sql_expr *e)
{
    if (e == NULL || e->kind != SQL_EXPR_CONST)
        return false;
    switch (e->u.c.kind) {
    case SQL_CONST_INT4:
    case SQL_CONST_INT8:
        return e->u.c.ival < 0;
    case SQL_CONST_NUMERIC:
        return e->u.c.str[0] == '-';
    default:
        return false;
    }
}

static void put_const_raw(const struct sql_const *c, struct sbuf *out)
{
    switch (c->kind) {
    case SQL_CONST_NULL:
        sbuf_puts(out, "NULL");
        break;
    case SQL_CONST_BOOL:
        sbuf_puts(out, c->bval ? "true" : "false");
        break;
    case SQL_CONST_INT4:
    case SQL_CONST_INT8:
        sbuf_printf(out, "%" PRId64, c->ival);
        break;
    case SQL_CONST_NUMERIC:
        sbuf_puts(out, c->str);
        break;
    case SQL_CONST_STRING:
        sql_deparse_literal(c->str, out);
        break;
    case SQL_CONST_BITSTRING:
        /* "b101" -> B'101', "x1F" -> X'1F' */
        sbuf_putc(out, c->str[0] == 'x' ? 'X' : 'B');
        sql_deparse_literal(c->str + 1, out);
        break;
    }
}

/* Does s (a numeric literal's text) look like a PostgreSQL float constant
 * that ruleutils prints bare: digit first and one of "eE." inside. */
static bool numeric_bare(const char *s)
{
    return isdigit((unsigned char)s[0]) && strcspn(s, "eE.") != strlen(s);
}

/* Normalise a numeric literal the way numeric_out prints it when that is
 * easy (plain decimal digits), else NULL. Result in buf. */
static const char *numeric_text(const char *s, char *buf, size_t cap)
{
    /* 1e10 and friends need numeric arithmetic: keep as written (the
     * label still makes them parse back to the same value). */
    size_t n = strlen(s);
    if (n + 1 > cap)
        return s;
    memcpy(buf, s, n + 1);
    return buf;
}

/* A constant of type `type` with text `val`, as get_const_expr prints it
 * (showtype 0): bare for int4 >= 0, float-looking numerics and booleans,
 * else quoted and labelled. typmod labels only when >= 0. */
static void put_typed_value(const char *val, uint32_t type, const char *label, bool typmod,
                            struct sbuf *out)
{
    bool needlabel = true;
    switch (type) {
    case SQL_T_INT4:
        if (val[0] != '-') {
            sbuf_puts(out, val);
            needlabel = false;
        } else {
            sql_deparse_literal(val, out);
        }
        break;
    case SQL_T_NUMERIC: {
        char buf[128];
        const char *v = numeric_text(val, buf, sizeof(buf));
        if (numeric_bare(v)) {
            sbuf_puts(out, v);
            needlabel = typmod; /* numeric(10,2) keeps its label */
        } else {
            sql_deparse_literal(v, out);
        }
        break;
    }
    case SQL_T_BOOL:
        sbuf_puts(out, val);
        needlabel = false;
        break;
    default:
        sql_deparse_literal(val, out);
        break;
    }
    if (needlabel) {
        const char *l = label != NULL ? label : label_name(type);
        if (l != NULL) {
            sbuf_puts(out, "::");
            sbuf_puts(out, l);
        }
    }
}

/* The text PostgreSQL's input function would accept and its output
 * function print back, for the few types where that is simple; NULL when
 * the literal should be kept as written. buf holds the result. */
static const char *normalize_literal(const char *s, uint32_t type, char *buf, size_t cap)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n == 0 || n + 1 > cap)
        return NULL;
    switch (type) {
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID: {
        const char *p = s;
        size_t k = 0;
        if (*p == '+' || *p == '-') {
            if (*p == '-')
                buf[k++] = '-';
            p++;
        }
        if (p == s + n)
            return NULL;
        while (p < s + n - 1 && *p == '0')
            p++;
        for (; p < s + n; p++) {
            if (!isdigit((unsigned char)*p))
                return NULL;
            buf[k++] = *p;
        }
        buf[k] = '\0';
        if (strcmp(buf, "-0") == 0)
            strcpy(buf, "0");
        return buf;
    }
    case SQL_T_BOOL: {
        static const char *const t[] = {"t", "true", "y", "yes", "on", "1"};
        static const char *const f[] = {"f", "false", "n", "no", "off", "0"};
        char low[8];
        if (n >= sizeof(low))
            return NULL;
        for (size_t i = 0; i < n; i++)
            low[i] = (char)tolower((unsigned char)s[i]);
        low[n] = '\0';
        for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
            if (strcmp(low, t[i]) == 0)
                return "true";
            if (strcmp(low, f[i]) == 0)
                return "false";
        }
        /* unique prefixes as boolin accepts them */
        if (n >= 2 && strncmp("true", low, n) == 0)
            return "true";
        if (n >= 2 && strncmp("false", low, n) == 0)
            return "false";
        return NULL;
    }
    case SQL_T_NUMERIC: {
        /* plain [-]digits[.digits] only */
        const char *p = s;
        bool dot = false, digit = false;
        if (*p == '+' || *p == '-')
            p++;
        for (; p < s + n; p++) {
            if (*p == '.' && !dot)
                dot = true;
            else if (isdigit((unsigned char)*p))
                digit = true;
            else
                return NULL;
        }
        if (!digit)
            return NULL;
        size_t k = 0;
        p = s;
        if (*p == '+')
            p++;
        else if (*p == '-')
            buf[k++] = *p++;
        while (p < s + n - 1 && *p == '0' && p[1] != '.')
            p++;
        if (*p == '.')
            buf[k++] = '0';
        for (; p < s + n; p++)
            buf[k++] = *p;
        if (buf[k - 1] == '.')
            k--;
        buf[k] = '\0';
        return buf;
    }
    default:
        memcpy(buf, s, n);
        buf[n] = '\0';
        return type == SQL_T_TEXT || type == SQL_T_VARCHAR || type == SQL_T_BPCHAR ||
                       type == SQL_T_NAME
                   ? NULL /* kept byte for byte, spaces included */
                   : buf;
    }
}

/* The literal as the type's output function prints it back (value.h),
 * for the types whose output normalises (dates, numbers, intervals); the
 * simple cases of normalize_literal otherwise, or when input fails (the
 * text is then shown as written). */
static const char *literal_out(const char *s, uint32_t type, char *buf, size_t cap)
{
    switch (type) {
    case SQL_T_DATE:
    case SQL_T_TIME:
    case SQL_T_TIMETZ:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_INTERVAL:
    case SQL_T_NUMERIC:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_UUID:
    case SQL_T_BYTEA:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
    case SQL_T_INT4RANGE:
    case SQL_T_INT8RANGE:
    case SQL_T_NUMRANGE:
    case SQL_T_DATERANGE:
    case SQL_T_TSRANGE:
    case SQL_T_TSTZRANGE:
        break;
    default:
        return normalize_literal(s, type, buf, cap);
    }
    struct mem_ctx *ctx = mem_ctx_new(NULL, "deparse_literal");
    struct sql_fmt f;
    sql_fmt_init(&f);
    struct sql_value v;
    struct err e = {0};
    const char *res = NULL;
    if (sql_value_in(ctx, type, -1, s, strlen(s), &f, &v, &e) == 0) {
        struct sbuf b;
        sbuf_init(&b);
        if (sql_value_out(&v, &f, &b, &e) == 0 && b.len + 1 <= cap) {
            memcpy(buf, b.data, b.len + 1);
            res = buf;
        }
        sbuf_free(&b);
    }
    mem_ctx_free(ctx);
    return res != NULL ? res : normalize_literal(s, type, buf, cap);
}

/* SQL_DEPARSE_TYPED: a cast of a string literal shown as the constant
 * PostgreSQL folds it into. false when not applicable. */
static bool put_folded_cast(const struct sql_expr *e, struct sbuf *out)
{
    const struct sql_expr *a = e->u.cast.arg;
    if (a->kind != SQL_EXPR_CONST || a->u.c.kind != SQL_CONST_STRING)
        return false;
    uint32_t type = typename_oid(e->u.cast.type);
    if (type == 0)
        return false;
    char buf[256];
    const char *v = literal_out(a->u.c.str, type, buf, sizeof(buf));
    if (v == NULL)
        v = a->u.c.str;
    /* the label keeps the typmod written (character varying(5)) */
    struct sbuf label;
    sbuf_init(&label);
    sql_deparse_typename(e->u.cast.type, &label);
    if (type == SQL_T_BPCHAR && e->u.cast.type->typmods.n == 0) {
        sbuf_reset(&label);
        sbuf_puts(&label, "bpchar");
    }
    put_typed_value(v, type, label.data, e->u.cast.type->typmods.n > 0, out);
    sbuf_free(&label);
    return true;
}

/* ---- pretty-printing helpers ------------------------------------------------ */

#define PRETTYINDENT_VAR 4

static void remove_trailing_spaces(struct sbuf *out)
{
    while (out->len > 0 && out->data[out->len - 1] == ' ')
        out->len--;
    out->data[out->len] = '\0';
}

/* ruleutils' appendContextKeyword. */
static void context_keyword(struct sbuf *out, const char *str, int flags, int *indent, int before,
                            int after)
{
    if (flags & SQL_DEPARSE_INDENT) {
        *indent += before;
        remove_trailing_spaces(out);
        sbuf_putc(out, '\n');
        for (int i = 0; i < (*indent > 0 ? *indent : 0); i++)
            sbuf_putc(out, ' ');
        sbuf_puts(out, str);
        *indent += after;
        if (*indent < 0)
            *indent = 0;
    } else {
        sbuf_puts(out, str);
    }
}

/* Kinds that print their own parentheses unless SQL_DEPARSE_PAREN. */
static bool self_paren(const struct sql_expr *e)
{
    switch (e->kind) {
    case SQL_EXPR_OP:
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL:
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT:
    case SQL_EXPR_NULLTEST:
    case SQL_EXPR_BOOLTEST:
    case SQL_EXPR_DISTINCT:
    case SQL_EXPR_BETWEEN:
    case SQL_EXPR_IN:
    case SQL_EXPR_LIKE:
    case SQL_EXPR_COLLATE:
        return true;
    case SQL_EXPR_SUBLINK:
        return e->u.sublink.kind == SQL_SUBLINK_ANY || e->u.sublink.kind == SQL_SUBLINK_ALL;
    default:
        return false;
    }
}

static bool is_arith(const char *op, const char *set)
{
    return op != NULL && op[0] != '\0' && op[1] == '\0' && strchr(set, op[0]) != NULL;
}

/* Parents under which an operator-like child needs no parentheses in
 * pretty mode (isSimpleNode: "own parentheses" or lower precedence). */
static bool parent_brackets(const struct sql_expr *p)
{
    if (p == NULL)
        return true;
    switch (p->kind) {
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT:
    case SQL_EXPR_FUNC:
    case SQL_EXPR_ARRAY:
    case SQL_EXPR_ROW:
    case SQL_EXPR_COALESCE:
    case SQL_EXPR_GREATEST:
    case SQL_EXPR_LEAST:
    case SQL_EXPR_NULLIF:
    case SQL_EXPR_CASE:
        return true;
    default:
        return false;
    }
}

/* Pretty mode: must child be parenthesised under parent? (ruleutils'
 * isSimpleNode, negated). Only called when SQL_DEPARSE_PAREN. */
static bool needs_paren(const struct sql_expr *e, const struct sql_expr *parent)
{
    if (parent == NULL)
        return false;
    switch (e->kind) {
    case SQL_EXPR_CONST:
        /* -1::text would be -(1::text) */
        return is_negative_number(e) &&
               (parent->kind == SQL_EXPR_CAST || parent->kind == SQL_EXPR_INDIRECTION ||
                parent->kind == SQL_EXPR_COLLATE ||
                (parent->kind == SQL_EXPR_OP && parent->u.op.l == NULL));
    case SQL_EXPR_OP:
        if (parent->kind == SQL_EXPR_OP && e->u.op.l != NULL && parent->u.op.l != NULL &&
            e->u.op.schema == NULL && parent->u.op.schema == NULL) {
            bool lo = is_arith(e->u.op.name, "+-"), hi = is_arith(e->u.op.name, "*/%");
            bool plo = is_arith(parent->u.op.name, "+-"), phi = is_arith(parent->u.op.name, "*/%");
            if ((lo || hi) && (plo || phi)) {
                if (hi && plo)
                    return false;
                if (lo && phi)
                    return true;
                return parent->u.op.l != e; /* (a - b) - c, not a - (b - c) */
            }
            return true;
        }
        return !parent_brackets(parent);
    case SQL_EXPR_NULLTEST:
    case SQL_EXPR_BOOLTEST:
    case SQL_EXPR_DISTINCT:
    case SQL_EXPR_LIKE:
    case SQL_EXPR_BETWEEN:
    case SQL_EXPR_COLLATE:
        return !parent_brackets(parent);
    case SQL_EXPR_SUBLINK:
        if (e->u.sublink.kind == SQL_SUBLINK_ANY || e->u.sublink.kind == SQL_SUBLINK_ALL)
            return true;
        return false;
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL:
    case SQL_EXPR_IN:
        return true;
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
    case SQL_EXPR_NOT:
        if (parent->kind == SQL_EXPR_AND || parent->kind == SQL_EXPR_OR) {
            if (e->kind == SQL_EXPR_OR)
                return parent->kind != SQL_EXPR_OR;
            return false;
        }
        if (parent->kind == SQL_EXPR_NOT)
            return e->kind != SQL_EXPR_NOT;
        return !parent_brackets(parent);
    default:
        return false;
    }
}

/* A child expression: parenthesised as the style wants. */
static void child(struct sbuf *out, const struct sql_expr *e, int flags,
                  const struct sql_expr *parent, int *indent)
{
    bool paren = (flags & SQL_DEPARSE_PAREN) && needs_paren(e, parent);
    if (paren)
        sbuf_putc(out, '(');
    expr(out, e, flags, parent, indent);
    if (paren)
        sbuf_putc(out, ')');
}

static void open_self(struct sbuf *out, int flags)
{
    if (!(flags & SQL_DEPARSE_PAREN))
        sbuf_putc(out, '(');
}

static void close_self(struct sbuf *out, int flags)
{
    if (!(flags & SQL_DEPARSE_PAREN))
        sbuf_putc(out, ')');
}

static void expr_list(struct sbuf *out, const struct sql_list *l, int flags,
                      const struct sql_expr *parent, int *indent)
{
    for (int i = 0; i < l->n; i++) {
        if (i > 0)
            sbuf_puts(out, ", ");
        child(out, l->items[i], flags, parent, indent);
    }
}

static void put_sortbys(struct sbuf *out, const struct sql_list *l, int flags, int *indent)
{
    for (int i = 0; i < l->n; i++) {
        const struct sql_sortby *s = l->items[i];
        if (i > 0)
            sbuf_puts(out, ", ");
        expr(out, s->expr, flags, NULL, indent);
        switch (s->dir) {
        case SQL_SORT_ASC:
            sbuf_puts(out, " ASC");
            break;
        case SQL_SORT_DESC:
            sbuf_puts(out, " DESC");
            break;
        case SQL_SORT_USING:
            sbuf_printf(out, " USING %s", s->using_op);
            break;
        default:
            break;
        }
        if (s->nulls == SQL_NULLS_FIRST)
            sbuf_puts(out, " NULLS FIRST");
        else if (s->nulls == SQL_NULLS_LAST)
            sbuf_puts(out, " NULLS LAST");
    }
}

static void put_bound(struct sbuf *out, int fo, bool start, const struct sql_expr *off, int flags,
                      int *indent)
{
    if (fo & (start ? SQL_FRAME_START_UNBOUNDED_PRECEDING : SQL_FRAME_END_UNBOUNDED_PRECEDING)) {
        sbuf_puts(out, "UNBOUNDED PRECEDING");
    } else if (fo &
               (start ? SQL_FRAME_START_UNBOUNDED_FOLLOWING : SQL_FRAME_END_UNBOUNDED_FOLLOWING)) {
        sbuf_puts(out, "UNBOUNDED FOLLOWING");
    } else if (fo & (start ? SQL_FRAME_START_CURRENT_ROW : SQL_FRAME_END_CURRENT_ROW)) {
        sbuf_puts(out, "CURRENT ROW");
    } else {
        if (off != NULL)
            expr(out, off, flags, NULL, indent);
        sbuf_puts(out,
                  fo & (start ? SQL_FRAME_START_OFFSET_PRECEDING : SQL_FRAME_END_OFFSET_PRECEDING)
                      ? " PRECEDING"
                      : " FOLLOWING");
    }
}

/* The inside of a window specification (no parentheses). */
static void put_window_spec(struct sbuf *out, const struct sql_window *w, int flags, int *indent)
{
    bool sp = false;
    if (w->refname != NULL) {
        sql_deparse_ident(w->refname, out);
        sp = true;
    }
    if (w->partition.n > 0) {
        sbuf_puts(out, sp ? " PARTITION BY " : "PARTITION BY ");
        expr_list(out, &w->partition, flags, NULL, indent);
        sp = true;
    }
    if (w->order.n > 0) {
        sbuf_puts(out, sp ? " ORDER BY " : "ORDER BY ");
        put_sortbys(out, &w->order, flags, indent);
        sp = true;
    }
    int fo = w->frame_options;
    if (fo & SQL_FRAME_NONDEFAULT) {
        if (sp)
            sbuf_putc(out, ' ');
        sbuf_puts(out, fo & SQL_FRAME_ROWS     ? "ROWS "
                       : fo & SQL_FRAME_GROUPS ? "GROUPS "
                                               : "RANGE ");
        if (fo & SQL_FRAME_BETWEEN)
            sbuf_puts(out, "BETWEEN ");
        put_bound(out, fo, true, w->start_offset, flags, indent);
        if (fo & SQL_FRAME_BETWEEN) {
            sbuf_puts(out, " AND ");
            put_bound(out, fo, false, w->end_offset, flags, indent);
        }
        if (fo & SQL_FRAME_EXCLUDE_CURRENT_ROW)
            sbuf_puts(out, " EXCLUDE CURRENT ROW");
        else if (fo & SQL_FRAME_EXCLUDE_GROUP)
            sbuf_puts(out, " EXCLUDE GROUP");
        else if (fo & SQL_FRAME_EXCLUDE_TIES)
            sbuf_puts(out, " EXCLUDE TIES");
    }
}

/* ---- functions --------------------------------------------------------------- */

static bool qname_is(const struct sql_qname *q, const char *name)
{
    return q->catalog == NULL && q->schema != NULL && strcmp(q->schema, "pg_catalog") == 0 &&
           strcmp(q->name, name) == 0;
}

static bool plain_word(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!(*s >= 'a' && *s <= 'z'))
            return false;
    return true;
}

/* Functions the grammar made from SQL syntax: print that syntax again.
 * false when the call is not one of them (then it prints as a call). */
static bool put_sql_syntax(struct sbuf *out, const struct sql_expr *e, int flags, int *indent)
{
    const struct sql_qname *q = &e->u.func.name;
    const struct sql_list *a = &e->u.func.args;
    if (!e->u.func.sql_syntax || e->u.func.distinct || e->u.func.star || e->u.func.variadic ||
        e->u.func.order.n > 0 || e->u.func.filter != NULL || e->u.func.over != NULL)
        return false;
    struct sql_expr **x = (struct sql_expr **)a->items;
    if (qname_is(q, "extract") && a->n == 2 && x[0]->kind == SQL_EXPR_CONST &&
        x[0]->u.c.kind == SQL_CONST_STRING) {
        sbuf_puts(out, "EXTRACT(");
        if (plain_word(x[0]->u.c.str))
            sbuf_puts(out, x[0]->u.c.str);
        else
            sql_deparse_literal(x[0]->u.c.str, out);
        sbuf_puts(out, " FROM ");
        expr(out, x[1], flags, NULL, indent);
        sbuf_putc(out, ')');
        return true;
    }
    if (qname_is(q, "timezone") && a->n == 2) {
        /* ts AT TIME ZONE zone is timezone(zone, ts); parenthesized even
         * in pretty mode, as get_func_sql_syntax does */
        sbuf_putc(out, '(');
        child(out, x[1], flags | SQL_DEPARSE_PAREN, e, indent);
        sbuf_puts(out, " AT TIME ZONE ");
        child(out, x[0], flags | SQL_DEPARSE_PAREN, e, indent);
        sbuf_putc(out, ')');
        return true;
    }
    if (qname_is(q, "overlaps") && a->n == 4) {
        sbuf_puts(out, "((");
        expr(out, x[0], flags, NULL, indent);
        sbuf_puts(out, ", ");
        expr(out, x[1], flags, NULL, indent);
        sbuf_puts(out, ") OVERLAPS (");
        expr(out, x[2], flags, NULL, indent);
        sbuf_puts(out, ", ");
        expr(out, x[3], flags, NULL, indent);
        sbuf_puts(out, "))");
        return true;
    }
    if (qname_is(q, "position") && a->n == 2) {
        /* POSITION(b IN a) is position(a, b) */
        sbuf_puts(out, "POSITION(");
        expr(out, x[1], flags, NULL, indent);
        sbuf_puts(out, " IN ");
        expr(out, x[0], flags, NULL, indent);
        sbuf_putc(out, ')');
        return true;
    }
    if (qname_is(q, "substring") && (a->n == 2 || a->n == 3)) {
        sbuf_puts(out, "SUBSTRING(");
        expr(out, x[0], flags, NULL, indent);
        sbuf_puts(out, " FROM ");
        expr(out, x[1], flags, NULL, indent);
        if (a->n == 3) {
            sbuf_puts(out, " FOR ");
            expr(out, x[2], flags, NULL, indent);
        }
        sbuf_putc(out, ')');
        return true;
    }
    if (qname_is(q, "overlay") && (a->n == 3 || a->n == 4)) {
        sbuf_puts(out, "OVERLAY(");
        expr(out, x[0], flags, NULL, indent);
        sbuf_puts(out, " PLACING ");
        expr(out, x[1], flags, NULL, indent);
        sbuf_puts(out, " FROM ");
        expr(out, x[2], flags, NULL, indent);
        if (a->n == 4) {
            sbuf_puts(out, " FOR ");
            expr(out, x[3], flags, NULL, indent);
        }
        sbuf_putc(out, ')');
        return true;
    }
    if ((qname_is(q, "btrim") || qname_is(q, "ltrim") || qname_is(q, "rtrim")) &&
        (a->n == 1 || a->n == 2)) {
        sbuf_puts(out, q->name[0] == 'b'   ? "TRIM(BOTH"
                       : q->name[0] == 'l' ? "TRIM(LEADING"
                                           : "TRIM(TRAILING");
        if (a->n == 2) {
            sbuf_putc(out, ' ');
            expr(out, x[1], flags, NULL, indent);
        }
        sbuf_puts(out, " FROM ");
        expr(out, x[0], flags, NULL, indent);
        sbuf_putc(out, ')');
        return true;
    }
    if (qname_is(q, "normalize") && (a->n == 1 || a->n == 2)) {
        sbuf_puts(out, "NORMALIZE(");
        expr(out, x[0], flags, NULL, indent);
        if (a->n == 2) {
            if (x[1]->kind != SQL_EXPR_CONST || x[1]->u.c.kind != SQL_CONST_STRING)
                return false;
            sbuf_printf(out, ", %s", x[1]->u.c.str);
        }
        sbuf_putc(out, ')');
        return true;
    }
    if (qname_is(q, "pg_collation_for") && a->n == 1) {
        sbuf_puts(out, "COLLATION FOR (");
        expr(out, x[0], flags, NULL, indent);
        sbuf_putc(out, ')');
        return true;
    }
    return false;
}

/* nextval / currval / setval with a string literal naming the sequence. */
static bool regclass_arg_func(const struct sql_expr *e)
{
    const struct sql_qname *q = &e->u.func.name;
    if (q->schema != NULL && strcmp(q->schema, "pg_catalog") != 0)
        return false;
    if (strcmp(q->name, "nextval") != 0 && strcmp(q->name, "currval") != 0 &&
        strcmp(q->name, "setval") != 0)
        return false;
    if (e->u.func.args.n < 1 || e->u.func.star || e->u.func.distinct || e->u.func.variadic ||
        e->u.func.over != NULL || e->u.func.filter != NULL || e->u.func.order.n > 0)
        return false;
    const struct sql_expr *a0 = e->u.func.args.items[0];
    return a0->kind == SQL_EXPR_CONST && a0->u.c.kind == SQL_CONST_STRING;
}

/* The cast PostgreSQL's function resolution puts on argument i of f in a
 * stored expression (CHECK, view, index: check_cols set), 0 none. */
static uint32_t func_arg_cast(const struct sql_expr *f, int i);
static void coerced(struct sbuf *out, const struct sql_expr *e, uint32_t to, int flags,
                    const struct sql_expr *parent, int *indent);

static void put_func(struct sbuf *out, const struct sql_expr *e, int flags, int *indent)
{
    if (put_sql_syntax(out, e, flags, indent))
        return;
    if (e->u.func.grouping)
        sbuf_puts(out, "GROUPING");
    else
        put_qname(&e->u.func.name, out);
    sbuf_putc(out, '(');
    if (e->u.func.distinct)
        sbuf_puts(out, "DISTINCT ");
    if (e->u.func.star) {
        sbuf_putc(out, '*');
    } else {
        for (int i = 0; i < e->u.func.args.n; i++) {
            if (i > 0)
                sbuf_puts(out, ", ");
            if (e->u.func.variadic && i == e->u.func.args.n - 1)
                sbuf_puts(out, "VARIADIC ");
            if (i < e->u.func.argnames.n && e->u.func.argnames.items[i] != NULL) {
                sql_deparse_ident(e->u.func.argnames.items[i], out);
                sbuf_puts(out, " => ");
            }
            coerced(out, e->u.func.args.items[i], func_arg_cast(e, i), flags, e, indent);
        }
    }
    if (e->u.func.order.n > 0 && !e->u.func.within_group) {
        sbuf_puts(out, " ORDER BY ");
        put_sortbys(out, &e->u.func.order, flags, indent);
    }
    sbuf_putc(out, ')');
    if (e->u.func.within_group) {
        sbuf_puts(out, " WITHIN GROUP (ORDER BY ");
        put_sortbys(out, &e->u.func.order, flags, indent);
        sbuf_putc(out, ')');
    }
    if (e->u.func.filter != NULL) {
        sbuf_puts(out, " FILTER (WHERE ");
        expr(out, e->u.func.filter, flags, NULL, indent);
        sbuf_putc(out, ')');
    }
    if (e->u.func.over != NULL) {
        const struct sql_window *w = e->u.func.over;
        sbuf_puts(out, " OVER ");
        if (w->name != NULL) {
            sql_deparse_ident(w->name, out);
        } else {
            sbuf_putc(out, '(');
            put_window_spec(out, w, flags, indent);
            sbuf_putc(out, ')');
        }
    }
}

/* ---- the expression walker --------------------------------------------------- */

static const char *const sqlvalue_text[] = {
    [SQL_SV_CURRENT_DATE] = "CURRENT_DATE",           [SQL_SV_CURRENT_TIME] = "CURRENT_TIME",
    [SQL_SV_CURRENT_TIMESTAMP] = "CURRENT_TIMESTAMP", [SQL_SV_LOCALTIME] = "LOCALTIME",
    [SQL_SV_LOCALTIMESTAMP] = "LOCALTIMESTAMP",       [SQL_SV_CURRENT_ROLE] = "CURRENT_ROLE",
    [SQL_SV_CURRENT_USER] = "CURRENT_USER",           [SQL_SV_USER] = "USER",
    [SQL_SV_SESSION_USER] = "SESSION_USER",           [SQL_SV_CURRENT_CATALOG] = "CURRENT_CATALOG",
    [SQL_SV_CURRENT_SCHEMA] = "CURRENT_SCHEMA",
};

static void put_op_name(struct sbuf *out, const char *schema, const char *name)
{
    if (schema != NULL) {
        sbuf_puts(out, "OPERATOR(");
        sql_deparse_ident(schema, out);
        sbuf_printf(out, ".%s)", name);
    } else {
        sbuf_puts(out, name);
    }
}

static void put_indirection(struct sbuf *out, const struct sql_expr *e, int flags, int *indent)
{
    const struct sql_expr *arg = e->u.indir.arg;
    bool fields = false;
    for (int i = 0; i < e->u.indir.path.n; i++) {
        const struct sql_indir *d = e->u.indir.path.items[i];
        if (d->kind == SQL_INDIR_FIELD || d->kind == SQL_INDIR_STAR)
            fields = true;
    }
    /* a[1] and $1.f parse to this node without parentheses; anything else
     * (a field of a column, a call, an operator) needs them */
    bool bare = arg->kind == SQL_EXPR_PARAM ||
                (arg->kind == SQL_EXPR_COLUMN && !arg->u.column.star && !fields);
    if (!bare)
        sbuf_putc(out, '(');
    expr(out, arg, flags, bare ? e : NULL, indent);
    if (!bare)
        sbuf_putc(out, ')');
    for (int i = 0; i < e->u.indir.path.n; i++) {
        const struct sql_indir *d = e->u.indir.path.items[i];
        switch (d->kind) {
        case SQL_INDIR_SUBSCRIPT:
            sbuf_putc(out, '[');
            expr(out, d->uidx, flags, NULL, indent);
            sbuf_putc(out, ']');
            break;
        case SQL_INDIR_SLICE:
            sbuf_putc(out, '[');
            if (d->lidx != NULL)
                expr(out, d->lidx, flags, NULL, indent);
            sbuf_putc(out, ':');
            if (d->uidx != NULL)
                expr(out, d->uidx, flags, NULL, indent);
            sbuf_putc(out, ']');
            break;
        case SQL_INDIR_FIELD:
            sbuf_putc(out, '.');
            sql_deparse_ident(d->field, out);
            break;
        case SQL_INDIR_STAR:
            sbuf_puts(out, ".*");
            break;
        }
    }
}

static void put_array(struct sbuf *out, const struct sql_expr *e, int flags, bool keyword,
                      int *indent)
{
    bool nested = e->u.args.n > 0;
    for (int i = 0; i < e->u.args.n; i++)
        if (((const struct sql_expr *)e->u.args.items[i])->kind != SQL_EXPR_ARRAY)
            nested = false;
    if (keyword)
        sbuf_puts(out, "ARRAY");
    sbuf_putc(out, '[');
    for (int i = 0; i < e->u.args.n; i++) {
        if (i > 0)
            sbuf_puts(out, ", ");
        if (nested) /* ruleutils prints the inner rows as ARRAY[...] too */
            put_array(out, e->u.args.items[i], flags, true, indent);
        else
            child(out, e->u.args.items[i], flags, e, indent);
    }
    sbuf_putc(out, ']');
}

/* ---- CHECK constraints: the implicit casts analysis adds -------------------- */

/* The columns of the table whose CHECK is being printed (sql_deparse_check),
 * NULL otherwise. Set only for the duration of one sql_deparse_check call. */
static _Thread_local const struct sql_deparse_coltypes *check_cols;

#define T_UNKNOWN_LIT 0xFFFFFFFFu /* an untyped string literal */

/* Where a type sits among the numeric types: int2 1, int4 2, int8 3,
 * numeric 4, float4 5, float8 6; 0 when not numeric. */
static int num_rank(uint32_t t)
{
    switch (t) {
    case SQL_T_INT2:
        return 1;
    case SQL_T_INT4:
        return 2;
    case SQL_T_INT8:
        return 3;
    case SQL_T_NUMERIC:
        return 4;
    case SQL_T_FLOAT4:
        return 5;
    case SQL_T_FLOAT8:
        return 6;
    default:
        return 0;
    }
}

/* What PostgreSQL's operator resolution does to the operands of a binary
 * operator: the type each side is cast to (0: none) and the result type. */
struct op_plan {
    uint32_t lcast, rcast, result;
};

static uint32_t infer_type(const struct sql_expr *e);

static bool stringish(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR || t == SQL_T_BPCHAR || t == T_UNKNOWN_LIT;
}

/* a || b of two strings: textcat, both sides text. */
static bool plan_concat(const struct sql_expr *e, struct op_plan *p)
{
    uint32_t lt = infer_type(e->u.op.l), rt = infer_type(e->u.op.r);
    if (!stringish(lt) || !stringish(rt) || (lt == T_UNKNOWN_LIT && rt == T_UNKNOWN_LIT))
        return false;
    p->lcast = lt == SQL_T_TEXT ? 0 : SQL_T_TEXT;
    p->rcast = rt == SQL_T_TEXT ? 0 : SQL_T_TEXT;
    p->result = SQL_T_TEXT;
    return true;
}

/* Functions of text arguments as PostgreSQL resolves them for a varchar,
 * char(n) or literal argument: text positions (bit i: argument i) cast to
 * text, except char(n) where a bpchar variant exists; result type. */
struct text_func {
    const char *name;
    unsigned text_args;
    bool bpchar_variant;
    uint32_t result;
};

static const struct text_func text_funcs[] = {
    {"ascii", 0x1, false, SQL_T_INT4},      {"btrim", 0x3, false, SQL_T_TEXT},
    {"char_length", 0x1, true, SQL_T_INT4}, {"character_length", 0x1, true, SQL_T_INT4},
    {"initcap", 0x1, false, SQL_T_TEXT},    {"left", 0x1, false, SQL_T_TEXT},
    {"length", 0x1, true, SQL_T_INT4},      {"lower", 0x1, false, SQL_T_TEXT},
    {"lpad", 0x5, false, SQL_T_TEXT},       {"ltrim", 0x3, false, SQL_T_TEXT},
    {"md5", 0x1, false, SQL_T_TEXT},        {"octet_length", 0x1, true, SQL_T_INT4},
    {"repeat", 0x1, false, SQL_T_TEXT},     {"replace", 0x7, false, SQL_T_TEXT},
    {"reverse", 0x1, false, SQL_T_TEXT},    {"right", 0x1, false, SQL_T_TEXT},
    {"rpad", 0x5, false, SQL_T_TEXT},       {"rtrim", 0x3, false, SQL_T_TEXT},
    {"split_part", 0x3, false, SQL_T_TEXT}, {"starts_with", 0x3, false, SQL_T_BOOL},
    {"strpos", 0x3, false, SQL_T_INT4},     {"substr", 0x1, false, SQL_T_TEXT},
    {"translate", 0x7, false, SQL_T_TEXT},  {"upper", 0x1, false, SQL_T_TEXT},
};

static const struct text_func *text_func_of(const struct sql_expr *f)
{
    if (f->kind != SQL_EXPR_FUNC || f->u.func.name.schema != NULL || f->u.func.star ||
        f->u.func.distinct || f->u.func.variadic || f->u.func.over != NULL ||
        f->u.func.order.n > 0 || f->u.func.argnames.n > 0 || f->u.func.sql_syntax)
        return NULL;
    for (size_t i = 0; i < sizeof(text_funcs) / sizeof(text_funcs[0]); i++)
        if (strcmp(f->u.func.name.name, text_funcs[i].name) == 0)
            return &text_funcs[i];
    return NULL;
}

static uint32_t func_arg_cast(const struct sql_expr *f, int i)
{
    const struct text_func *tf = check_cols != NULL ? text_func_of(f) : NULL;
    if (tf == NULL || i >= 31 || !(tf->text_args & (1u << i)))
        return 0;
    /* md5 and substr of bytea, lpad's count...: only string arguments */
    for (int j = 0; j < f->u.func.args.n && j < 31; j++)
        if ((tf->text_args & (1u << j)) && !stringish(infer_type(f->u.func.args.items[j])))
            return 0;
    uint32_t t = infer_type(f->u.func.args.items[i]);
    if (t == SQL_T_VARCHAR || t == T_UNKNOWN_LIT || (t == SQL_T_BPCHAR && !tf->bpchar_variant))
        return SQL_T_TEXT;
    return 0;
}

static bool plan_op(const struct sql_expr *e, struct op_plan *p)
{
    static const char *const cmp_ops[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    static const char *const arith_ops[] = {"+", "-", "*", "/"};
    memset(p, 0, sizeof(*p));
    if (e->kind != SQL_EXPR_OP || e->u.op.l == NULL || e->u.op.schema != NULL)
        return false;
    bool cmp = false, arith = false;
    for (size_t i = 0; i < sizeof(cmp_ops) / sizeof(cmp_ops[0]); i++)
        cmp = cmp || strcmp(e->u.op.name, cmp_ops[i]) == 0;
    for (size_t i = 0; i < sizeof(arith_ops) / sizeof(arith_ops[0]); i++)
        arith = arith || strcmp(e->u.op.name, arith_ops[i]) == 0;
    uint32_t lt = infer_type(e->u.op.l), rt = infer_type(e->u.op.r);
    if (sql_range_subtype(lt) != 0 || sql_range_subtype(rt) != 0) {
        /* range operators (@> && << + ...): an untyped literal takes the
         * range's type, as PostgreSQL's same-type heuristic does */
        static const char *const rops[] = {"@>", "<@", "&&", "<<", ">>", "&<", "&>", "-|-"};
        bool rop = cmp || arith;
        for (size_t i = 0; i < sizeof(rops) / sizeof(rops[0]); i++)
            rop = rop || strcmp(e->u.op.name, rops[i]) == 0;
        uint32_t rng = sql_range_subtype(lt) != 0 ? lt : rt;
        if (!rop || strcmp(e->u.op.name, "/") == 0 || (lt != rng && lt != T_UNKNOWN_LIT) ||
            (rt != rng && rt != T_UNKNOWN_LIT))
            return false;
        p->lcast = lt == T_UNKNOWN_LIT ? rng : 0;
        p->rcast = rt == T_UNKNOWN_LIT ? rng : 0;
        p->result = arith ? rng : SQL_T_BOOL;
        return true;
    }
    if (!cmp && !arith)
        return strcmp(e->u.op.name, "||") == 0 && plan_concat(e, p);
    if (lt == 0 || rt == 0 || (lt == T_UNKNOWN_LIT && rt == T_UNKNOWN_LIT))
        return false;
    uint32_t known = lt == T_UNKNOWN_LIT ? rt : lt;
    if (lt == T_UNKNOWN_LIT || rt == T_UNKNOWN_LIT) {
        /* the literal takes the other side's type; varchar compares as text */
        if (arith && num_rank(known) == 0)
            return false;
        uint32_t to = known == SQL_T_VARCHAR ? SQL_T_TEXT : known;
        p->lcast = lt == T_UNKNOWN_LIT || lt == SQL_T_VARCHAR ? to : 0;
        p->rcast = rt == T_UNKNOWN_LIT || rt == SQL_T_VARCHAR ? to : 0;
        p->result = cmp ? SQL_T_BOOL : to;
        return true;
    }
    int lr = num_rank(lt), rr = num_rank(rt);
    if (lr != 0 && rr != 0) {
        if (lt == rt || (lr <= 3 && rr <= 3)) { /* int2/int4/int8 have cross-type operators */
            p->result = cmp ? SQL_T_BOOL : (lr >= rr ? lt : rt);
            return true;
        }
        if (lr == 5 || rr == 5)
            return false;
        uint32_t to = lr > rr ? lt : rt;
        p->lcast = lt == to ? 0 : to;
        p->rcast = rt == to ? 0 : to;
        p->result = cmp ? SQL_T_BOOL : to;
        return true;
    }
    bool ls = lt == SQL_T_TEXT || lt == SQL_T_VARCHAR || lt == SQL_T_BPCHAR;
    bool rs = rt == SQL_T_TEXT || rt == SQL_T_VARCHAR || rt == SQL_T_BPCHAR;
    if (cmp && ls && rs && !(lt == SQL_T_BPCHAR && rt == SQL_T_BPCHAR)) {
        p->lcast = lt == SQL_T_TEXT ? 0 : SQL_T_TEXT;
        p->rcast = rt == SQL_T_TEXT ? 0 : SQL_T_TEXT;
        p->result = SQL_T_BOOL;
        return true;
    }
    if (lt == rt) {
        p->result = cmp ? SQL_T_BOOL : (arith && num_rank(lt) != 0 ? lt : 0);
        return p->result != 0;
    }
    return false;
}

/* The type of an expression as far as CHECK printing needs it, 0 unknown. */
static uint32_t infer_type(const struct sql_expr *e)
{
    if (e == NULL)
        return 0;
    switch (e->kind) {
    case SQL_EXPR_CONST:
        switch (e->u.c.kind) {
        case SQL_CONST_INT4:
            return SQL_T_INT4;
        case SQL_CONST_INT8:
            return SQL_T_INT8;
        case SQL_CONST_NUMERIC:
            return SQL_T_NUMERIC;
        case SQL_CONST_STRING:
            return T_UNKNOWN_LIT;
        case SQL_CONST_BOOL:
            return SQL_T_BOOL;
        default:
            return 0;
        }
    case SQL_EXPR_COLUMN:
        if (check_cols == NULL || e->u.column.star || e->u.column.fields.n == 0)
            return 0;
        return check_cols->type_of(check_cols->arg,
                                   e->u.column.fields.items[e->u.column.fields.n - 1]);
    case SQL_EXPR_CAST:
        return typename_oid(e->u.cast.type);
    case SQL_EXPR_OP: {
        struct op_plan p;
        return plan_op(e, &p) ? p.result : 0;
    }
    case SQL_EXPR_FUNC: {
        const struct text_func *tf = text_func_of(e);
        for (int j = 0; tf != NULL && j < e->u.func.args.n && j < 31; j++)
            if ((tf->text_args & (1u << j)) && !stringish(infer_type(e->u.func.args.items[j])))
                tf = NULL;
        return tf != NULL ? tf->result : 0;
    }
    default:
        return 0;
    }
}

/* A numeric constant as get_const_expr prints it: 5, '-5'::integer,
 * '10000000000'::bigint, 1.5, '-1.5'::numeric. false when not numeric. */
static bool put_typed_number(const struct sql_const *c, struct sbuf *out)
{
    char buf[64];
    switch (c->kind) {
    case SQL_CONST_INT4:
    case SQL_CONST_INT8:
        snprintf(buf, sizeof(buf), "%" PRId64, c->ival);
        put_typed_value(buf, c->kind == SQL_CONST_INT4 ? SQL_T_INT4 : SQL_T_INT8, NULL, false, out);
        return true;
    case SQL_CONST_NUMERIC:
        put_typed_value(c->str, SQL_T_NUMERIC, NULL, false, out);
        return true;
    default:
        return false;
    }
}

/* One operand with the cast analysis put on it (to 0: none). */
static void coerced(struct sbuf *out, const struct sql_expr *e, uint32_t to, int flags,
                    const struct sql_expr *parent, int *indent)
{
    const char *label = label_name(to);
    if (to == 0 || label == NULL) {
        child(out, e, flags, parent, indent);
        return;
    }
    if (e->kind == SQL_EXPR_CONST && e->u.c.kind == SQL_CONST_STRING) {
        char buf[256];
        const char *v = literal_out(e->u.c.str, to, buf, sizeof(buf));
        put_typed_value(v != NULL ? v : e->u.c.str, to, NULL, false, out);
        return;
    }
    bool simple = e->kind == SQL_EXPR_CONST || e->kind == SQL_EXPR_COLUMN ||
                  e->kind == SQL_EXPR_FUNC || e->kind == SQL_EXPR_PARAM;
    bool paren = !(flags & SQL_DEPARSE_PAREN) || !simple;
    if (paren)
        sbuf_putc(out, '(');
    expr(out, e, flags, NULL, indent);
    if (paren)
        sbuf_putc(out, ')');
    sbuf_puts(out, "::");
    sbuf_puts(out, label);
}

/* LIKE, ILIKE and SIMILAR TO as analysis leaves them: the operators ~~,
 * ~~*, ~ (negated !~~, !~~*, !~), varchar and literals cast to text (bytea
 * LIKE: the pattern to bytea), an ESCAPE through like_escape and SIMILAR
 * TO's pattern through similar_to_escape. pat and esc: the pattern and
 * escape with the grammar's wrapper taken off. */
static void put_typed_like(struct sbuf *out, const struct sql_expr *e, const struct sql_expr *pat,
                           const struct sql_expr *esc, int flags, int *indent)
{
    static const char *const ops[] = {"~~", "~~*", "~"};
    uint32_t lt = infer_type(e->u.like.arg), pt = infer_type(pat);
    bool bytea = lt == SQL_T_BYTEA && e->u.like.kind == SQL_LIKE;
    uint32_t lcast = lt == SQL_T_VARCHAR || lt == T_UNKNOWN_LIT ? SQL_T_TEXT : 0;
    uint32_t pcast = pt == T_UNKNOWN_LIT || (pt == SQL_T_VARCHAR && !bytea)
                         ? (bytea ? SQL_T_BYTEA : SQL_T_TEXT)
                         : 0;
    uint32_t ecast = infer_type(esc) == T_UNKNOWN_LIT ? pcast : 0;
    open_self(out, flags);
    coerced(out, e->u.like.arg, lcast, flags, e, indent);
    sbuf_printf(out, " %s%s ", e->u.like.not ? "!" : "", ops[e->u.like.kind]);
    bool wrap = e->u.like.kind == SQL_SIMILAR || esc != NULL;
    if (wrap)
        sbuf_puts(out, e->u.like.kind == SQL_SIMILAR ? "similar_to_escape(" : "like_escape(");
    coerced(out, pat, pcast, flags, e, indent);
    if (esc != NULL) {
        sbuf_puts(out, ", ");
        coerced(out, esc, ecast, flags, e, indent);
    }
    if (wrap)
        sbuf_putc(out, ')');
    close_self(out, flags);
}

/* BETWEEN as analysis rewrites it: a >= lo AND a <= hi (NOT: a < lo OR
 * a > hi), each comparison with its casts. false for SYMMETRIC. */
static bool put_check_between(struct sbuf *out, const struct sql_expr *e, int flags, int *indent)
{
    if (e->u.between.symmetric)
        return false;
    struct sql_expr lo, hi, both;
    memset(&lo, 0, sizeof(lo));
    lo.kind = SQL_EXPR_OP;
    lo.u.op.name = (char *)(e->u.between.not ? "<" : ">=");
    lo.u.op.l = e->u.between.arg;
    lo.u.op.r = e->u.between.lo;
    hi = lo;
    hi.u.op.name = (char *)(e->u.between.not ? ">" : "<=");
    hi.u.op.r = e->u.between.hi;
    void *items[2] = {&lo, &hi};
    memset(&both, 0, sizeof(both));
    both.kind = e->u.between.not ? SQL_EXPR_OR : SQL_EXPR_AND;
    both.u.args.n = 2;
    both.u.args.items = items;
    expr(out, &both, flags, NULL, indent);
    return true;
}

/* IN (constants) as analysis rewrites it: a = ANY (ARRAY[...]) (NOT IN:
 * a <> ALL (...)), one element: a = x; the elements cast to the common
 * type. false when that is not simple (non-constant elements, varchar). */
static bool put_check_in(struct sbuf *out, const struct sql_expr *e, int flags, int *indent)
{
    const struct sql_list *l = &e->u.in.list;
    uint32_t at = infer_type(e->u.in.arg);
    if (l->n == 0 || at == 0 || at == T_UNKNOWN_LIT || at == SQL_T_VARCHAR || at == SQL_T_BPCHAR ||
        at == SQL_T_FLOAT4)
        return false;
    uint32_t common = at;
    for (int i = 0; i < l->n; i++) {
        const struct sql_expr *x = l->items[i];
        if (x->kind != SQL_EXPR_CONST || x->u.c.kind == SQL_CONST_NULL)
            return false;
        uint32_t xt = infer_type(x);
        if (xt == T_UNKNOWN_LIT)
            continue;
        if (xt == 0 || (num_rank(xt) == 0) != (num_rank(common) == 0) || num_rank(xt) == 5)
            return false;
        if (num_rank(xt) == 0 && xt != common)
            return false;
        if (num_rank(xt) > num_rank(common))
            common = xt;
    }
    const char *op = e->u.in.not ? "<>" : "=";
    if (l->n == 1) {
        struct sql_expr one;
        memset(&one, 0, sizeof(one));
        one.kind = SQL_EXPR_OP;
        one.u.op.name = (char *)op;
        one.u.op.l = e->u.in.arg;
        one.u.op.r = l->items[0];
        expr(out, &one, flags, NULL, indent);
        return true;
    }
    /* the elements take the common type; the operator then has the
     * argument's own type on the left when a cross-type one exists (ints) */
    bool cross = num_rank(at) >= 1 && num_rank(at) <= 3 && num_rank(common) <= 3;
    open_self(out, flags);
    coerced(out, e->u.in.arg, at == common || cross ? 0 : common, flags, e, indent);
    sbuf_printf(out, " %s %s (ARRAY[", op, e->u.in.not ? "ALL" : "ANY");
    for (int i = 0; i < l->n; i++) {
        const struct sql_expr *x = l->items[i];
        if (i > 0)
            sbuf_puts(out, ", ");
        coerced(out, x, infer_type(x) == common ? 0 : common, flags, NULL, indent);
    }
    sbuf_puts(out, "])");
    close_self(out, flags);
    return true;
}

static void expr(struct sbuf *out, const struct sql_expr *e, int flags,
                 const struct sql_expr *parent, int *indent)
{
    (void)parent;
    if (e == NULL) {
        sbuf_puts(out, "NULL");
        return;
    }
    switch (e->kind) {
    case SQL_EXPR_CONST:
        if (check_cols == NULL || !put_typed_number(&e->u.c, out))
            put_const_raw(&e->u.c, out);
        break;
    case SQL_EXPR_COLUMN:
        for (int i = 0; i < e->u.column.fields.n; i++) {
            if (i > 0)
                sbuf_putc(out, '.');
            sql_deparse_ident(e->u.column.fields.items[i], out);
        }
        if (e->u.column.star)
            sbuf_puts(out, e->u.column.fields.n > 0 ? ".*" : "*");
        break;
    case SQL_EXPR_PARAM:
        sbuf_printf(out, "$%d", e->u.param);
        break;
    case SQL_EXPR_OP: {
        struct op_plan p = {0, 0, 0};
        if (check_cols != NULL)
            (void)plan_op(e, &p);
        open_self(out, flags);
        if (e->u.op.l != NULL) {
            coerced(out, e->u.op.l, p.lcast, flags, e, indent);
            sbuf_putc(out, ' ');
        }
        put_op_name(out, e->u.op.schema, e->u.op.name);
        sbuf_putc(out, ' ');
        coerced(out, e->u.op.r, p.rcast, flags, e, indent);
        close_self(out, flags);
        break;
    }
    case SQL_EXPR_OP_ANY:
    case SQL_EXPR_OP_ALL:
        open_self(out, flags);
        child(out, e->u.op.l, flags, e, indent);
        sbuf_putc(out, ' ');
        put_op_name(out, e->u.op.schema, e->u.op.name);
        sbuf_puts(out, e->kind == SQL_EXPR_OP_ANY ? " ANY (" : " ALL (");
        expr(out, e->u.op.r, flags, NULL, indent);
        sbuf_putc(out, ')');
        close_self(out, flags);
        break;
    case SQL_EXPR_AND:
    case SQL_EXPR_OR:
        open_self(out, flags);
        for (int i = 0; i < e->u.args.n; i++) {
            if (i > 0)
                sbuf_puts(out, e->kind == SQL_EXPR_AND ? " AND " : " OR ");
            child(out, e->u.args.items[i], flags, e, indent);
        }
        close_self(out, flags);
        break;
    case SQL_EXPR_NOT:
        open_self(out, flags);
        sbuf_puts(out, "NOT ");
        child(out, e->u.args.items[0], flags, e, indent);
        close_self(out, flags);
        break;
    case SQL_EXPR_NULLTEST:
        open_self(out, flags);
        child(out, e->u.nulltest.arg, flags, e, indent);
        sbuf_puts(out, e->u.nulltest.not ? " IS NOT NULL" : " IS NULL");
        close_self(out, flags);
        break;
    case SQL_EXPR_BOOLTEST: {
        static const char *const t[] = {" IS TRUE",      " IS NOT TRUE", " IS FALSE",
                                        " IS NOT FALSE", " IS UNKNOWN",  " IS NOT UNKNOWN"};
        open_self(out, flags);
        child(out, e->u.booltest.arg, flags, e, indent);
        sbuf_puts(out, t[e->u.booltest.test]);
        close_self(out, flags);
        break;
    }
    case SQL_EXPR_DISTINCT:
        open_self(out, flags);
        child(out, e->u.op.l, flags, e, indent);
        sbuf_puts(out, e->u.op.not ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
        child(out, e->u.op.r, flags, e, indent);
        close_self(out, flags);
        break;
    case SQL_EXPR_NULLIF:
        sbuf_puts(out, "NULLIF(");
        child(out, e->u.op.l, flags, e, indent);
        sbuf_puts(out, ", ");
        child(out, e->u.op.r, flags, e, indent);
        sbuf_putc(out, ')');
        break;
    case SQL_EXPR_BETWEEN:
        if (check_cols != NULL && put_check_between(out, e, flags, indent))
            break;
        /* operands of BETWEEN are b_expr: always parenthesise compound ones */
        open_self(out, flags);
        child(out, e->u.between.arg, flags, e, indent);
        sbuf_puts(out, e->u.between.not ? " NOT BETWEEN " : " BETWEEN ");
        if (e->u.between.symmetric)
            sbuf_puts(out, "SYMMETRIC ");
        child(out, e->u.between.lo, flags, e, indent);
        sbuf_puts(out, " AND ");
        child(out, e->u.between.hi, flags, e, indent);
        close_self(out, flags);
        break;
    case SQL_EXPR_IN:
        if (check_cols != NULL && put_check_in(out, e, flags, indent))
            break;
        open_self(out, flags);
        child(out, e->u.in.arg, flags, e, indent);
        sbuf_puts(out, e->u.in.not ? " NOT IN (" : " IN (");
        expr_list(out, &e->u.in.list, flags, NULL, indent);
        sbuf_putc(out, ')');
        close_self(out, flags);
        break;
    case SQL_EXPR_LIKE: {
        static const char *const kw[] = {"LIKE", "ILIKE", "SIMILAR TO"};
        const struct sql_expr *pat = e->u.like.pattern, *esc = NULL;
        const char *escfn = e->u.like.kind == SQL_SIMILAR ? "similar_to_escape" : "like_escape";
        if (pat->kind == SQL_EXPR_FUNC && qname_is(&pat->u.func.name, escfn) &&
            !pat->u.func.sql_syntax && pat->u.func.order.n == 0 && !pat->u.func.star &&
            !pat->u.func.distinct && !pat->u.func.variadic && pat->u.func.filter == NULL &&
            pat->u.func.over == NULL &&
            (pat->u.func.args.n == 2 ||
             (e->u.like.kind == SQL_SIMILAR && pat->u.func.args.n == 1))) {
            esc = pat->u.func.args.n == 2 ? pat->u.func.args.items[1] : NULL;
            pat = pat->u.func.args.items[0];
        } else if (e->u.like.kind == SQL_SIMILAR) {
            esc = NULL; /* the grammar always wraps SIMILAR TO's pattern */
        }
        if (check_cols != NULL) {
            put_typed_like(out, e, pat, esc, flags, indent);
            break;
        }
        open_self(out, flags);
        child(out, e->u.like.arg, flags, e, indent);
        sbuf_printf(out, " %s%s ", e->u.like.not ? "NOT " : "", kw[e->u.like.kind]);
        child(out, pat, flags, e, indent);
        if (esc != NULL) {
            sbuf_puts(out, " ESCAPE ");
            child(out, esc, flags, e, indent);
        }
        close_self(out, flags);
        break;
    }
    case SQL_EXPR_SUBLINK:
        switch (e->u.sublink.kind) {
        case SQL_SUBLINK_EXISTS:
            sbuf_puts(out, "EXISTS (");
            break;
        case SQL_SUBLINK_ANY:
        case SQL_SUBLINK_ALL:
        case SQL_SUBLINK_ROWCOMPARE:
            open_self(out, flags);
            child(out, e->u.sublink.test, flags, e, indent);
            if (e->u.sublink.kind == SQL_SUBLINK_ROWCOMPARE)
                sbuf_printf(out, " %s (", e->u.sublink.op);
            else if (e->u.sublink.kind == SQL_SUBLINK_ANY && strcmp(e->u.sublink.op, "=") == 0)
                sbuf_puts(out, " IN (");
            else
                sbuf_printf(out, " %s %s (", e->u.sublink.op,
                            e->u.sublink.kind == SQL_SUBLINK_ANY ? "ANY" : "ALL");
            break;
        case SQL_SUBLINK_EXPR:
            sbuf_putc(out, '(');
            break;
        case SQL_SUBLINK_ARRAY:
            sbuf_puts(out, "ARRAY(");
            break;
        }
        sql_deparse_select(e->u.sublink.query, flags & ~SQL_DEPARSE_INDENT, out);
        sbuf_putc(out, ')');
        if (e->u.sublink.kind == SQL_SUBLINK_ANY || e->u.sublink.kind == SQL_SUBLINK_ALL ||
            e->u.sublink.kind == SQL_SUBLINK_ROWCOMPARE)
            close_self(out, flags);
        break;
    case SQL_EXPR_CASE:
        context_keyword(out, "CASE", flags, indent, 0, PRETTYINDENT_VAR);
        if (e->u.case_.arg != NULL) {
            sbuf_putc(out, ' ');
            child(out, e->u.case_.arg, flags, e, indent);
        }
        for (int i = 0; i < e->u.case_.whens.n; i++) {
            const struct sql_case_when *w = e->u.case_.whens.items[i];
            if (!(flags & SQL_DEPARSE_INDENT))
                sbuf_putc(out, ' ');
            context_keyword(out, "WHEN ", flags, indent, 0, 0);
            child(out, w->cond, flags, e, indent);
            sbuf_puts(out, " THEN ");
            child(out, w->result, flags, e, indent);
        }
        if (e->u.case_.def != NULL) {
            if (!(flags & SQL_DEPARSE_INDENT))
                sbuf_putc(out, ' ');
            context_keyword(out, "ELSE ", flags, indent, 0, 0);
            child(out, e->u.case_.def, flags, e, indent);
        }
        if (!(flags & SQL_DEPARSE_INDENT))
            sbuf_putc(out, ' ');
        context_keyword(out, "END", flags, indent, -PRETTYINDENT_VAR, 0);
        break;
    case SQL_EXPR_COALESCE:
    case SQL_EXPR_GREATEST:
    case SQL_EXPR_LEAST:
        sbuf_puts(out, e->kind == SQL_EXPR_COALESCE   ? "COALESCE("
                       : e->kind == SQL_EXPR_GREATEST ? "GREATEST("
                                                      : "LEAST(");
        expr_list(out, &e->u.args, flags, e, indent);
        sbuf_putc(out, ')');
        break;
    case SQL_EXPR_CAST: {
        const struct sql_expr *a = e->u.cast.arg;
        if ((flags & SQL_DEPARSE_TYPED) && put_folded_cast(e, out))
            break;
        if (a->kind == SQL_EXPR_CONST && a->u.c.kind == SQL_CONST_STRING) {
            put_const_raw(&a->u.c, out);
        } else if (!(flags & SQL_DEPARSE_PAREN)) {
            sbuf_putc(out, '(');
            expr(out, a, flags, e, indent);
            sbuf_putc(out, ')');
        } else {
            bool paren = self_paren(a) || needs_paren(a, e);
            if (paren)
                sbuf_putc(out, '(');
            expr(out, a, flags, e, indent);
            if (paren)
                sbuf_putc(out, ')');
        }
        sbuf_puts(out, "::");
        sql_deparse_typename(e->u.cast.type, out);
        break;
    }
    case SQL_EXPR_FUNC:
        if ((flags & SQL_DEPARSE_TYPED) && regclass_arg_func(e)) {
            /* nextval('s'): its argument is a regclass constant (ruleutils) */
            put_qname(&e->u.func.name, out);
            sbuf_putc(out, '(');
            const struct sql_expr *a0 = e->u.func.args.items[0];
            sql_deparse_literal(a0->u.c.str, out);
            sbuf_puts(out, "::regclass");
            for (int i = 1; i < e->u.func.args.n; i++) {
                sbuf_puts(out, ", ");
                child(out, e->u.func.args.items[i], flags, e, indent);
            }
            sbuf_putc(out, ')');
            break;
        }
        put_func(out, e, flags, indent);
        break;
    case SQL_EXPR_ROW:
        sbuf_puts(out, e->u.row.explicit_row ? "ROW(" : "(");
        expr_list(out, &e->u.row.args, flags, e, indent);
        sbuf_putc(out, ')');
        break;
    case SQL_EXPR_ARRAY:
        put_array(out, e, flags, true, indent);
        break;
    case SQL_EXPR_INDIRECTION:
        put_indirection(out, e, flags, indent);
        break;
    case SQL_EXPR_COLLATE: {
        open_self(out, flags);
        const struct sql_expr *a = e->u.collate.arg;
        bool paren = (flags & SQL_DEPARSE_PAREN) && (self_paren(a) || needs_paren(a, e));
        if (paren)
            sbuf_putc(out, '(');
        expr(out, a, flags, e, indent);
        if (paren)
            sbuf_putc(out, ')');
        sbuf_puts(out, " COLLATE ");
        put_qname(&e->u.collate.collation, out);
        close_self(out, flags);
        break;
    }
    case SQL_EXPR_SQLVALUE:
        sbuf_puts(out, sqlvalue_text[e->u.sqlvalue.op]);
        if (e->u.sqlvalue.typmod >= 0)
            sbuf_printf(out, "(%d)", e->u.sqlvalue.typmod);
        break;
    case SQL_EXPR_DEFAULT:
        sbuf_puts(out, "DEFAULT");
        break;
    }
}

void sql_deparse_expr_flags(const struct sql_expr *e, int flags, struct sbuf *out)
{
    int indent = 0;
    expr(out, e, flags, NULL, &indent);
}

void sql_deparse_expr(const struct sql_expr *e, struct sbuf *out)
{
    sql_deparse_expr_flags(e, 0, out);
}

void sql_deparse_check(const struct sql_expr *e, int flags, const struct sql_deparse_coltypes *cols,
                       struct sbuf *out)
{
    const struct sql_deparse_coltypes *saved = check_cols;
    check_cols = cols;
    sql_deparse_expr_flags(e, flags, out);
    check_cols = saved;
}

void sql_deparse_default(const struct sql_expr *e, uint32_t type, int32_t typmod, int flags,
                         struct sbuf *out)
{
    sql_deparse_default_label(e, type, typmod, NULL, flags, out);
}

void sql_deparse_default_label(const struct sql_expr *e, uint32_t type, int32_t typmod,
                               const char *label, int flags, struct sbuf *out)
{
    (void)typmod; /* the constant is coerced to the type; the length check is a hidden cast */
    if (e != NULL && e->kind == SQL_EXPR_ARRAY && sql_array_elemtype(type) != 0 &&
        e->u.args.n > 0) {
        /* ARRAY['x', 'y'] on text[]: the elements take the element type */
        sbuf_puts(out, "ARRAY[");
        for (int i = 0; i < e->u.args.n; i++) {
            const struct sql_expr *el = e->u.args.items[i];
            if (i > 0)
                sbuf_puts(out, ", ");
            if (el->kind == SQL_EXPR_ARRAY) {
                sql_deparse_default(el, type, typmod, flags, out);
            } else {
                sql_deparse_default(el, sql_array_elemtype(type), -1, flags, out);
            }
        }
        sbuf_putc(out, ']');
        return;
    }
    if (e != NULL && e->kind == SQL_EXPR_CONST) {
        const struct sql_const *c = &e->u.c;
        char buf[256];
        switch (c->kind) {
        case SQL_CONST_STRING: {
            const char *v = literal_out(c->str, type, buf, sizeof(buf));
            put_typed_value(v != NULL ? v : c->str, type, label, false, out);
            return;
        }
        case SQL_CONST_INT4:
            snprintf(buf, sizeof(buf), "%" PRId64, c->ival);
            put_typed_value(buf, SQL_T_INT4, NULL, false, out);
            return;
        case SQL_CONST_INT8:
            snprintf(buf, sizeof(buf), "%" PRId64, c->ival);
            put_typed_value(buf, SQL_T_INT8, NULL, false, out);
            return;
        case SQL_CONST_NUMERIC: {
            const char *v = literal_out(c->str, SQL_T_NUMERIC, buf, sizeof(buf));
            put_typed_value(v != NULL ? v : c->str, SQL_T_NUMERIC, NULL, false, out);
            return;
        }
        default:
            break;
        }
    }
    sql_deparse_expr_flags(e, flags, out);
}

/* ---- SELECT (sublinks) --------------------------------------------------------- */

static void put_select(struct sbuf *out, const struct sql_select *s, int flags);

static void put_names_list(struct sbuf *out, const struct sql_list *l)
{
    for (int i = 0; i < l->n; i++) {
        if (i > 0)
            sbuf_puts(out, ", ");
        sql_deparse_ident(l->items[i], out);
    }
}

static void put_alias(struct sbuf *out, const struct sql_alias *a)
{
    if (a == NULL)
        return;
    sbuf_puts(out, " AS ");
    sql_deparse_ident(a->name, out);
    if (a->colnames.n > 0) {
        sbuf_putc(out, '(');
        put_names_list(out, &a->colnames);
        sbuf_putc(out, ')');
    }
}

static void put_rangevar(struct sbuf *out, const struct sql_rangevar *r)
{
    if (r->only)
        sbuf_puts(out, "ONLY ");
    put_qname(&r->name, out);
    put_alias(out, r->alias);
}

static void put_from(struct sbuf *out, const struct sql_from *f, int flags)
{
    int indent = 0;
    switch (f->kind) {
    case SQL_FROM_TABLE:
        put_rangevar(out, f->u.table);
        break;
    case SQL_FROM_SUBQUERY:
        if (f->u.sub.lateral)
            sbuf_puts(out, "LATERAL ");
        sbuf_putc(out, '(');
        put_select(out, f->u.sub.query, flags);
        sbuf_putc(out, ')');
        put_alias(out, f->u.sub.alias);
        break;
    case SQL_FROM_FUNCTION: {
        if (f->u.func.lateral)
            sbuf_puts(out, "LATERAL ");
        const struct sql_list *defs0 = f->u.func.coldefs.n > 0 ? f->u.func.coldefs.items[0] : NULL;
        if (f->u.func.rowsfrom) {
            sbuf_puts(out, "ROWS FROM(");
            for (int k = 0; k < f->u.func.calls.n; k++) {
                const struct sql_list *dk =
                    f->u.func.coldefs.n > k ? f->u.func.coldefs.items[k] : NULL;
                if (k > 0)
                    sbuf_puts(out, ", ");
                expr(out, f->u.func.calls.items[k], flags, NULL, &indent);
                if (dk != NULL) {
                    sbuf_puts(out, " AS ");
                    sql_deparse_coldefs(dk, out);
                }
            }
            sbuf_putc(out, ')');
            defs0 = NULL;
        } else {
            expr(out, f->u.func.call, flags, NULL, &indent);
        }
        if (f->u.func.ordinality)
            sbuf_puts(out, " WITH ORDINALITY");
        if (defs0 != NULL) {
            sbuf_puts(out, " AS ");
            if (f->u.func.alias != NULL)
                sql_deparse_ident(f->u.func.alias->name, out);
            sql_deparse_coldefs(defs0, out);
        } else {
            put_alias(out, f->u.func.alias);
        }
        break;
    }
    case SQL_FROM_JOIN: {
        static const char *const jt[] = {" JOIN ", " LEFT JOIN ", " RIGHT JOIN ", " FULL JOIN ",
                                         " CROSS JOIN "};
        sbuf_putc(out, '(');
        put_from(out, f->u.join.l, flags);
        if (f->u.join.natural)
            sbuf_puts(out, " NATURAL");
        sbuf_puts(out, jt[f->u.join.type]);
        put_from(out, f->u.join.r, flags);
        if (f->u.join.using_cols.n > 0) {
            sbuf_puts(out, " USING (");
            put_names_list(out, &f->u.join.using_cols);
            sbuf_putc(out, ')');
            put_alias(out, f->u.join.using_alias);
        } else if (f->u.join.on != NULL) {
            sbuf_puts(out, " ON ");
            expr(out, f->u.join.on, flags, NULL, &indent);
        } else if (f->u.join.type != SQL_JOIN_CROSS && !f->u.join.natural) {
            sbuf_puts(out, " ON true");
        }
        sbuf_putc(out, ')');
        put_alias(out, f->u.join.alias);
        break;
    }
    }
}

/* SEARCH / CYCLE clauses of WITH query c, as ruleutils.c's get_with_clause */
static void put_search_cycle(struct sbuf *out, const struct sql_cte *c, int flags, int *indent)
{
    if (c->search != NULL) {
        sbuf_puts(out, c->search->breadth_first ? " SEARCH BREADTH FIRST BY "
                                                : " SEARCH DEPTH FIRST BY ");
        put_names_list(out, &c->search->cols);
        sbuf_puts(out, " SET ");
        sql_deparse_ident(c->search->seq_column, out);
    }
    if (c->cycle != NULL) {
        const struct sql_cte_cycle *y = c->cycle;
        sbuf_puts(out, " CYCLE ");
        put_names_list(out, &y->cols);
        sbuf_puts(out, " SET ");
        sql_deparse_ident(y->mark_column, out);
        bool dflt = y->mark_value->kind == SQL_EXPR_CONST &&
                    y->mark_value->u.c.kind == SQL_CONST_BOOL && y->mark_value->u.c.bval &&
                    y->mark_default->kind == SQL_EXPR_CONST &&
                    y->mark_default->u.c.kind == SQL_CONST_BOOL && !y->mark_default->u.c.bval;
        if (!dflt) {
            sbuf_puts(out, " TO ");
            expr(out, y->mark_value, flags, NULL, indent);
            sbuf_puts(out, " DEFAULT ");
            expr(out, y->mark_default, flags, NULL, indent);
        }
        sbuf_puts(out, " USING ");
        sql_deparse_ident(y->path_column, out);
    }
}

static void put_select(struct sbuf *out, const struct sql_select *s, int flags)
{
    int indent = 0;
    if (s->with != NULL) {
        sbuf_puts(out, s->with->recursive ? "WITH RECURSIVE " : "WITH ");
        for (int i = 0; i < s->with->ctes.n; i++) {
            const struct sql_cte *c = s->with->ctes.items[i];
            if (i > 0)
                sbuf_puts(out, ", ");
            sql_deparse_ident(c->name, out);
            if (c->colnames.n > 0) {
                sbuf_putc(out, '(');
                put_names_list(out, &c->colnames);
                sbuf_putc(out, ')');
            }
            sbuf_puts(out, c->materialize == SQL_CTE_MATERIALIZED       ? " AS MATERIALIZED ("
                           : c->materialize == SQL_CTE_NOT_MATERIALIZED ? " AS NOT MATERIALIZED ("
                                                                        : " AS (");
            if (c->query != NULL && c->query->kind == SQL_STMT_SELECT)
                put_select(out, c->query->u.select, flags);
            else
                sbuf_puts(out, "SELECT NULL"); /* data-modifying WITH: not deparsed */
            sbuf_putc(out, ')');
            put_search_cycle(out, c, flags, &indent);
        }
        sbuf_putc(out, ' ');
    }
    if (s->op != SQL_SETOP_NONE) {
        static const char *const ops[] = {"", " UNION ", " INTERSECT ", " EXCEPT "};
        sbuf_putc(out, '(');
        put_select(out, s->larg, flags);
        sbuf_puts(out, ")");
        sbuf_puts(out, ops[s->op]);
        if (s->all)
            sbuf_puts(out, "ALL ");
        sbuf_putc(out, '(');
        put_select(out, s->rarg, flags);
        sbuf_putc(out, ')');
    } else if (s->values.n > 0) {
        sbuf_puts(out, "VALUES ");
        for (int i = 0; i < s->values.n; i++) {
            if (i > 0)
                sbuf_puts(out, ", ");
            sbuf_putc(out, '(');
            expr_list(out, s->values.items[i], flags, NULL, &indent);
            sbuf_putc(out, ')');
        }
    } else {
        sbuf_puts(out, "SELECT");
        if (s->distinct) {
            sbuf_puts(out, " DISTINCT");
            if (s->distinct_on.n > 0) {
                sbuf_puts(out, " ON (");
                expr_list(out, &s->distinct_on, flags, NULL, &indent);
                sbuf_putc(out, ')');
            }
        }
        for (int i = 0; i < s->targets.n; i++) {
            const struct sql_target *t = s->targets.items[i];
            sbuf_puts(out, i > 0 ? ", " : " ");
            expr(out, t->val, flags, NULL, &indent);
            if (t->name != NULL) {
                sbuf_puts(out, " AS ");
                sql_deparse_ident(t->name, out);
            }
        }
        for (int i = 0; i < s->from.n; i++) {
            sbuf_puts(out, i > 0 ? ", " : " FROM ");
            put_from(out, s->from.items[i], flags);
        }
        if (s->where != NULL) {
            sbuf_puts(out, " WHERE ");
            expr(out, s->where, flags, NULL, &indent);
        }
        if (s->gsets.n > 0) {
            sbuf_puts(out, s->group_distinct ? " GROUP BY DISTINCT GROUPING SETS ("
                                             : " GROUP BY GROUPING SETS (");
            for (int i = 0; i < s->gsets.n; i++) {
                const struct sql_gset *g = s->gsets.items[i];
                sbuf_puts(out, i > 0 ? ", (" : "(");
                for (int j = 0; j < g->n; j++) {
                    if (j > 0)
                        sbuf_puts(out, ", ");
                    expr(out, s->group_by.items[g->idx[j]], flags, NULL, &indent);
                }
                sbuf_putc(out, ')');
            }
            sbuf_putc(out, ')');
        } else if (s->group_by.n > 0) {
            sbuf_puts(out, s->group_distinct ? " GROUP BY DISTINCT " : " GROUP BY ");
            expr_list(out, &s->group_by, flags, NULL, &indent);
        }
        if (s->having != NULL) {
            sbuf_puts(out, " HAVING ");
            expr(out, s->having, flags, NULL, &indent);
        }
        for (int i = 0; i < s->windows.n; i++) {
            const struct sql_window *w = s->windows.items[i];
            sbuf_puts(out, i > 0 ? ", " : " WINDOW ");
            sql_deparse_ident(w->name, out);
            sbuf_puts(out, " AS (");
            put_window_spec(out, w, flags, &indent);
            sbuf_putc(out, ')');
        }
    }
    if (s->order_by.n > 0) {
        sbuf_puts(out, " ORDER BY ");
        put_sortbys(out, &s->order_by, flags, &indent);
    }
    if (s->limit != NULL) {
        if (s->with_ties) {
            sbuf_puts(out, " FETCH FIRST (");
            expr(out, s->limit, flags, NULL, &indent);
            sbuf_puts(out, ") ROWS WITH TIES");
        } else {
            sbuf_puts(out, " LIMIT ");
            expr(out, s->limit, flags, NULL, &indent);
        }
    }
    if (s->offset != NULL) {
        sbuf_puts(out, " OFFSET ");
        expr(out, s->offset, flags, NULL, &indent);
    }
    for (int i = 0; i < s->locking.n; i++) {
        static const char *const st[] = {" FOR KEY SHARE", " FOR SHARE", " FOR NO KEY UPDATE",
                                         " FOR UPDATE"};
        const struct sql_locking *l = s->locking.items[i];
        sbuf_puts(out, st[l->strength]);
        for (int j = 0; j < l->rels.n; j++) {
            sbuf_puts(out, j > 0 ? ", " : " OF ");
            put_rangevar(out, l->rels.items[j]);
        }
        if (l->wait == SQL_LOCK_WAIT_SKIP)
            sbuf_puts(out, " SKIP LOCKED");
        else if (l->wait == SQL_LOCK_WAIT_NOWAIT)
            sbuf_puts(out, " NOWAIT");
    }
}

void sql_deparse_select(const struct sql_select *s, int flags, struct sbuf *out)
{
    put_select(out, s, flags);
}
