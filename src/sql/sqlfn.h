/* sqlfn.h — user-defined SQL functions: CREATE [OR REPLACE] FUNCTION ...
 * LANGUAGE sql and DROP FUNCTION (ddl_function.c), their stored
 * descriptors, and how the binder and executor call them
 * (exec_sqlfunc.c).
 *
 * Stored form (system keys, catalog_int.h conventions: big-endian
 * integers, "str" u16 length + bytes, "ostr" u32 length + bytes or
 * 0xFFFFFFFF for NULL, trailing CRC-32C):
 *
 *   0x01 'F' <db oid BE32> <schema oid BE32> <name>  -> overload list:
 *     OFFSET SIZE MEANING
 *     0      1    version = SQL_FN_FORMAT
 *     1      2    n (1..65535)
 *     3      4*n  the function oids of that name in that schema
 *     ...    4    CRC-32C
 *   0x01 'P' <function oid BE32>                     -> function record:
 *     u8 version = SQL_FN_FORMAT, u8 'f', u32 oid, u32 schema oid,
 *     str name, str owner, u8 volatility ('i' 's' 'v'), u8 flags (bit 0
 *     strict, bit 1 returns a set, bit 2 security definer, bit 3
 *     leakproof, bit 4 SQL-standard body, bit 5 BEGIN ATOMIC: the body is
 *     its statements joined by ";\n", bit 6 LANGUAGE plpgsql (else sql),
 *     bit 7 a procedure), u8 parallel ('u' 'r' 's'),
 *     u32 cost (float4 bits), u32 rows (float4 bits),
 *     u32 return type oid, u32 return typmod, u16 nargs, per argument:
 *     str name (empty: none), u32 type oid, u8 mode ('i' 'o' 'b' 'v' 't'),
 *     ostr default expression (deparse.h text; input arguments only),
 *     ostr body (the SQL text run), CRC-32C.
 *
 * Functions live in their schema's name space for functions (not
 * pg_class's): a table and a function may share a name. Their oids come
 * from the catalog's OID allocator. Both records are written through the
 * DDL transaction (CREATE FUNCTION inside BEGIN ... ROLLBACK leaves
 * nothing) and read through the node cache like descriptors.
 */
#ifndef SF_SQL_SQLFN_H
#define SF_SQL_SQLFN_H

#include "sql/ast.h"
#include "sql/func.h"

#include <stdbool.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;
struct sql__vrows;
struct sql_column;
struct sql_value;

#define SQL_FN_FORMAT 1
/* PostgreSQL's polymorphic pseudo-type oids (pg_type) */
#define SQL_FN_ANYELEMENT            2283
#define SQL_FN_ANYARRAY              2277
#define SQL_FN_ANYNONARRAY           2776
#define SQL_FN_ANYCOMPATIBLE         5077
#define SQL_FN_ANYCOMPATIBLEARRAY    5078
#define SQL_FN_ANYCOMPATIBLENONARRAY 5079
#define SQL_FN_ANYRANGE              3831 /* range.h: its element is the subtype */
#define SQL_FN_ANYCOMPATIBLERANGE    5080 /* the common type is its subtype */
#define SQL_FN_MAX_ARGS              100
#define SQL_FN_TRIGGER               2279  /* the trigger pseudo-type */
#define SQL_FN_PLPGSQL_OID           13563 /* pg_language.oid of plpgsql */

/* ---- the parsed statement (parse_function.c) ---- */

struct sql_fn_param {
    char *name;                /* NULL when not named */
    struct sql_typename *type; /* as written */
    char mode;                 /* 'i' IN, 'o' OUT, 'b' INOUT, 'v' VARIADIC, 't' TABLE column */
    struct sql_expr *def;      /* DEFAULT, or NULL */
};

struct sql_fn_ddl {
    /* 'c' CREATE [OR REPLACE] FUNCTION / PROCEDURE (proc), 'd' DROP FUNCTION /
     * PROCEDURE; ALTER FUNCTION drops[0]: 'a' options (the CREATE fields
     * set), 'r' RENAME TO newname, 'o' OWNER TO newname; 'x' DO (body,
     * language); 'k' CALL (call) */
    char op;
    char *newname;
    bool proc;             /* CREATE / DROP PROCEDURE */
    struct sql_expr *call; /* CALL (op 'k'): the procedure call */
    /* CREATE */
    struct sql_qname name;
    bool replace;
    struct sql_list params;   /* struct sql_fn_param * */
    struct sql_typename *ret; /* NULL: from the OUT parameters (or TABLE) */
    char *language;           /* lower case; NULL when not given */
    char *body;               /* AS 'text', or the SQL-standard body as text */
    int nas;                  /* items of AS (2: AS 'obj', 'link') */
    bool std_body;            /* RETURN expr, or BEGIN ATOMIC ... END (atomic) */
    bool atomic;
    /* where the body's first character is in the statement's text, -1 when
     * not known; quotes_doubled: a '...' literal (each ' of the body is ''
     * there). Errors in the body point into the CREATE statement. */
    int body_location;
    bool quotes_doubled;
    char volatility;       /* 0 when not given */
    int strict;            /* -1 not given, 0 CALLED ON NULL INPUT, 1 STRICT */
    int secdef, leakproof; /* -1 not given */
    char parallel;         /* 0 not given */
    double cost, rows;     /* CREATE: 0 when not given; ALTER: -1 */
    int location;
    /* DROP */
    struct sql_list drops; /* struct sql_fn_ref * */
    bool if_exists;
    enum sql_drop_behavior behavior;
};

/* DROP FUNCTION name[(argtypes)]: args_given false when no list was written. */
struct sql_fn_ref {
    struct sql_qname name;
    bool args_given;
    struct sql_list argtypes; /* struct sql_typename * (input arguments only) */
};

/* ---- the stored function ---- */

struct sql_fn_arg {
    const char *name; /* "" when none */
    uint32_t type;
    char mode;
    const char *def; /* deparsed DEFAULT, or NULL */
};

struct sql_fn_desc {
    uint32_t oid, schema_oid;
    const char *schema, *name, *owner;
    char volatility, parallel;
    bool strict, retset, secdef, leakproof, std_body, atomic;
    bool plpgsql; /* LANGUAGE plpgsql (plpgsql.h), else sql */
    bool is_proc; /* a procedure */
    float cost, rows;
    uint32_t rettype; /* SQL_T_RECORD for OUT parameters / TABLE / composite types */
    int32_t rettypmod;
    int nargs; /* every argument, OUT ones included */
    const struct sql_fn_arg *args;
    const char *body;
    /* derived: input arguments (modes i, b, v; and o for a procedure, whose
     * OUT arguments are passed in CALL) */
    int nin;
    uint32_t intypes[SQL_FN_MAX_ARGS];
    int ndefaults; /* trailing input arguments with a DEFAULT */
    /* a polymorphic function resolved for a call: the function as declared */
    const struct sql_fn_desc *generic;
};

/* Load the function oid through env (NULL when none). Allocated in ctx. */
int sql__fn_load(struct sql_env *env, uint32_t oid, struct mem_ctx *ctx,
                 const struct sql_fn_desc **out, struct err *e);
/* Every function named name (schema NULL: the search path) visible to env,
 * allocated in ctx; *n 0 when none. */
int sql__fn_candidates(struct sql_env *env, const char *schema, const char *name,
                       struct mem_ctx *ctx, const struct sql_fn_desc ***out, int *n, struct err *e);
/* Every user function of the database (pg_proc), in env->stmt_ctx. */
int sql__fn_list(struct sql_env *env, const struct sql_fn_desc ***out, size_t *n, struct err *e);
/* The result columns of a function returning a row (OUT / TABLE
 * parameters, a composite type or a table's row type): names and types in
 * ctx; false for a scalar result. */
bool sql__fn_result_cols(const struct sql_fn_desc *f, struct mem_ctx *ctx, int *n,
                         const char ***names, uint32_t **types);
/* Is t one of the polymorphic types above? Its name, NULL when not. */
bool sql__fn_is_poly(uint32_t t);
const char *sql__fn_poly_name(uint32_t t);
/* pg_proc.prorettype: a composite type's oid, else rettype. */
uint32_t sql__fn_rettype_oid(const struct sql_fn_desc *f);
/* "name(integer,text)" with input argument types (HINTs). */
void sql__fn_signature(const struct sql_fn_desc *f, struct sbuf *out);
/* pg_get_function_arguments / pg_get_function_identity_arguments /
 * pg_get_function_result / pg_get_functiondef texts. */
int sql__fn_args_text(struct sql_env *env, const struct sql_fn_desc *f, bool identity,
                      struct sbuf *out, struct err *e);
int sql__fn_result_text(struct sql_env *env, const struct sql_fn_desc *f, struct sbuf *out,
                        struct err *e);
int sql__fn_def_text(struct sql_env *env, const struct sql_fn_desc *f, struct sbuf *out,
                     struct err *e);

/* Check a new function's body as check_function_bodies does: every
 * statement planned with the arguments as parameters, the last one's
 * result against the declared type (42P13 "return type mismatch ...")
 * (exec_sqlfunc.c). An error inside the body points at body_location +
 * its offset there (-1: at nothing). */
int sql__fn_validate(struct sql_env *env, const struct sql_fn_desc *f, int body_location,
                     bool quotes_doubled, struct err *e);

/* Drop function f: its record and its name in the overload list (DROP
 * FUNCTION, DROP SCHEMA ... CASCADE). */
int sql__fn_drop(struct sql_env *env, const struct sql_fn_desc *f, struct err *e);

/* Is an argument of mode m one of f's inputs? */
static inline bool sql__fn_is_input(const struct sql_fn_desc *f, char m)
{
    return m == 'i' || m == 'b' || m == 'v' || (m == 'o' && f->is_proc);
}

/* CALL (u.fn_ddl op 'k', exec_sqlfunc.c): run the procedure; *ncols 0
 * when it has no output arguments, else *cols / *row the row CALL
 * returns (in env->stmt_ctx). */
int sql__fn_call_stmt(struct sql_env *env, const struct sql_stmt *st, struct sql_column **cols,
                      size_t *ncols, struct sql_value **row, struct err *e);

/* SQL_STMT_FUNCTION_DDL (ddl_function.c). */
int sql__function_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                      struct err *e);

/* pg_proc rows of the user functions (pgcat_func.c's table). */
int sql__fn_pgproc_rows(struct sql_env *env, struct sql__vrows *r, struct err *e);

#endif
