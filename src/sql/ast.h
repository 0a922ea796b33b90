/* ast.h — ShardForge's SQL syntax tree, produced once from PostgreSQL's raw
 * parse tree by sql_parse (parse.h).
 *
 * Nothing past the parser sees libpg_query, protobuf or JSON: the binder
 * works on these structs only. The tree is a raw parse tree, as PostgreSQL's
 * gram.y produces it: names are not resolved, types are names as written
 * (INT is pg_catalog.int4, SERIAL stays serial), operators are PostgreSQL's
 * operator names with their arity.
 *
 * Ownership: every node, string and list of a tree is allocated in the
 * mem_ctx passed to sql_parse ("allocated in CTX"); nothing is freed one by
 * one. Trees are immutable after sql_parse returns.
 *
 * Lists are struct sql_list (n items of void *); each field's comment names
 * the element type. Optional fields are NULL (or an empty list) when absent.
 * `location` is the byte offset of the node in the whole query text, or -1.
 */
#ifndef SF_SQL_AST_H
#define SF_SQL_AST_H

#include <stdbool.h>
#include <stdint.h>

struct sbuf;

struct sql_list {
    int n;
    void **items;
};

/* [catalog.][schema.]name of a relation, function, type, collation... */
struct sql_qname {
    char *catalog; /* NULL when not written */
    char *schema;  /* NULL when not written */
    char *name;
};

struct sql_select;
struct sql_fn_ddl;
struct sql_trig_ddl;
struct sql_grant;
struct sql_stmt;
struct sql_expr;

/* ---- types ---------------------------------------------------------------- */

struct sql_typename {
    struct sql_qname name;   /* as PostgreSQL's grammar leaves it: pg_catalog.int4 */
    struct sql_list typmods; /* struct sql_expr * (constants as written) */
    int array_dims;          /* 0, or number of [] / [n] suffixes */
    bool setof;
    int location;
};

/* ---- expressions ---------------------------------------------------------- */

enum sql_expr_kind {
    SQL_EXPR_CONST,
    SQL_EXPR_COLUMN,   /* column reference, possibly t.* */
    SQL_EXPR_PARAM,    /* $n */
    SQL_EXPR_OP,       /* operator, prefix (l NULL) or infix */
    SQL_EXPR_OP_ANY,   /* l op ANY (r) with r an array expression */
    SQL_EXPR_OP_ALL,   /* l op ALL (r) */
    SQL_EXPR_AND,      /* bool.args, two or more */
    SQL_EXPR_OR,       /* bool.args, two or more */
    SQL_EXPR_NOT,      /* bool.args, one */
    SQL_EXPR_NULLTEST, /* IS [NOT] NULL */
    SQL_EXPR_BOOLTEST, /* IS [NOT] TRUE/FALSE/UNKNOWN */
    SQL_EXPR_DISTINCT, /* l IS [NOT] DISTINCT FROM r */
    SQL_EXPR_NULLIF,   /* NULLIF(l, r) */
    SQL_EXPR_BETWEEN,
    SQL_EXPR_IN,      /* arg [NOT] IN (list) */
    SQL_EXPR_LIKE,    /* [NOT] LIKE / ILIKE / SIMILAR TO */
    SQL_EXPR_SUBLINK, /* EXISTS, IN/ANY/ALL (subquery), scalar and ARRAY subqueries */
    SQL_EXPR_CASE,
    SQL_EXPR_COALESCE,    /* list.args */
    SQL_EXPR_GREATEST,    /* list.args */
    SQL_EXPR_LEAST,       /* list.args */
    SQL_EXPR_CAST,        /* CAST(x AS t), x::t, and typed literals DATE '...' */
    SQL_EXPR_FUNC,        /* function and aggregate calls, EXTRACT, SUBSTRING... */
    SQL_EXPR_ROW,         /* ROW(a, b) or (a, b) */
    SQL_EXPR_ARRAY,       /* ARRAY[a, b] (nested arrays are nested SQL_EXPR_ARRAY) */
    SQL_EXPR_INDIRECTION, /* x[i], x[i:j], (x).field, (x).* */
    SQL_EXPR_COLLATE,
    SQL_EXPR_SQLVALUE, /* CURRENT_DATE, CURRENT_USER, ... */
    SQL_EXPR_DEFAULT,  /* DEFAULT in INSERT VALUES or UPDATE SET */
};

enum sql_const_kind {
    SQL_CONST_NULL,
    SQL_CONST_BOOL,
    SQL_CONST_INT4,      /* integer literal within int4 (PostgreSQL's Integer) */
    SQL_CONST_INT8,      /* integer literal beyond int4, within int8 */
    SQL_CONST_NUMERIC,   /* any other number (1.5, 1e10, 99999999999999999999): text */
    SQL_CONST_STRING,    /* 'text', E'...', $$...$$ (unknown-typed string) */
    SQL_CONST_BITSTRING, /* B'101' -> "b101", X'1F' -> "x1F" (PostgreSQL's form) */
};

struct sql_const {
    enum sql_const_kind kind;
    bool bval;
    int64_t ival; /* INT4, INT8 */
    char *str;    /* NUMERIC, STRING, BITSTRING */
};

enum sql_booltest {
    SQL_IS_TRUE,
    SQL_IS_NOT_TRUE,
    SQL_IS_FALSE,
    SQL_IS_NOT_FALSE,
    SQL_IS_UNKNOWN,
    SQL_IS_NOT_UNKNOWN
};

enum sql_like_kind { SQL_LIKE, SQL_ILIKE, SQL_SIMILAR };

enum sql_sublink_kind {
    SQL_SUBLINK_EXISTS,     /* EXISTS (q) */
    SQL_SUBLINK_ANY,        /* test op ANY (q); IN (q) is ANY with op "=" */
    SQL_SUBLINK_ALL,        /* test op ALL (q) */
    SQL_SUBLINK_EXPR,       /* (q) as a scalar */
    SQL_SUBLINK_ARRAY,      /* ARRAY(q) */
    SQL_SUBLINK_ROWCOMPARE, /* (a, b) op (q): q's one row, compared column by column */
};

enum sql_sqlvalue {
    SQL_SV_CURRENT_DATE,
    SQL_SV_CURRENT_TIME,      /* typmod -1 or precision */
    SQL_SV_CURRENT_TIMESTAMP, /* typmod -1 or precision */
    SQL_SV_LOCALTIME,
    SQL_SV_LOCALTIMESTAMP,
    SQL_SV_CURRENT_ROLE,
    SQL_SV_CURRENT_USER,
    SQL_SV_USER,
    SQL_SV_SESSION_USER,
    SQL_SV_CURRENT_CATALOG,
    SQL_SV_CURRENT_SCHEMA,
};

enum sql_sort_dir { SQL_SORT_DEFAULT, SQL_SORT_ASC, SQL_SORT_DESC, SQL_SORT_USING };
enum sql_sort_nulls { SQL_NULLS_DEFAULT, SQL_NULLS_FIRST, SQL_NULLS_LAST };

struct sql_sortby {
    struct sql_expr *expr;
    enum sql_sort_dir dir;
    enum sql_sort_nulls nulls;
    char *using_op; /* SQL_SORT_USING: the operator name */
};

/* Frame option bits: the values of PostgreSQL's FRAMEOPTION_* (nodes/parsenodes.h). */
enum {
    SQL_FRAME_NONDEFAULT = 0x1,
    SQL_FRAME_RANGE = 0x2,
    SQL_FRAME_ROWS = 0x4,
    SQL_FRAME_GROUPS = 0x8,
    SQL_FRAME_BETWEEN = 0x10,
    SQL_FRAME_START_UNBOUNDED_PRECEDING = 0x20,
    SQL_FRAME_END_UNBOUNDED_PRECEDING = 0x40,
    SQL_FRAME_START_UNBOUNDED_FOLLOWING = 0x80,
    SQL_FRAME_END_UNBOUNDED_FOLLOWING = 0x100,
    SQL_FRAME_START_CURRENT_ROW = 0x200,
    SQL_FRAME_END_CURRENT_ROW = 0x400,
    SQL_FRAME_START_OFFSET_PRECEDING = 0x800,
    SQL_FRAME_END_OFFSET_PRECEDING = 0x1000,
    SQL_FRAME_START_OFFSET_FOLLOWING = 0x2000,
    SQL_FRAME_END_OFFSET_FOLLOWING = 0x4000,
    SQL_FRAME_EXCLUDE_CURRENT_ROW = 0x8000,
    SQL_FRAME_EXCLUDE_GROUP = 0x10000,
    SQL_FRAME_EXCLUDE_TIES = 0x20000,
};

/* OVER (...) or WINDOW name AS (...) */
struct sql_window {
    char *name;                /* WINDOW clause entry, or OVER name; else NULL */
    char *refname;             /* OVER (w ORDER BY ...): the base window */
    struct sql_list partition; /* struct sql_expr * */
    struct sql_list order;     /* struct sql_sortby * */
    int frame_options;         /* SQL_FRAME_* bits */
    struct sql_expr *start_offset, *end_offset;
    int location;
};

struct sql_case_when {
    struct sql_expr *cond;
    struct sql_expr *result;
};

enum sql_indir_kind { SQL_INDIR_SUBSCRIPT, SQL_INDIR_SLICE, SQL_INDIR_FIELD, SQL_INDIR_STAR };

struct sql_indir {
    enum sql_indir_kind kind;
    struct sql_expr *lidx,
        *uidx;   /* SUBSCRIPT: lidx NULL, uidx the index; SLICE: either may be NULL */
    char *field; /* FIELD */
};

struct sql_expr {
    enum sql_expr_kind kind;
    int location;
    union {
        struct sql_const c;
        struct {
            struct sql_list fields; /* char *: [[catalog.]schema.]table.column */
            bool star;              /* ends in .* (or is a bare *) */
        } column;
        int param;        /* $n */
        struct {          /* OP, OP_ANY, OP_ALL, DISTINCT, NULLIF */
            char *schema; /* OPERATOR(schema.op), else NULL */
            char *name;   /* "+", "=", "~~", ... */
            struct sql_expr *l, *r;
            bool not ; /* DISTINCT: IS NOT DISTINCT FROM */
        } op;
        struct sql_list args; /* AND, OR, NOT, COALESCE, GREATEST, LEAST, ROW, ARRAY */
        struct {
            struct sql_expr *arg;
            bool not ;
        } nulltest;
        struct {
            struct sql_expr *arg;
            enum sql_booltest test;
        } booltest;
        struct {
            struct sql_expr *arg, *lo, *hi;
            bool not, symmetric;
        } between;
        struct {
            struct sql_expr *arg;
            struct sql_list list; /* struct sql_expr * */
            bool not ;
        } in;
        struct {
            enum sql_like_kind kind;
            bool not ;
            char *op;                       /* ~~, !~~, ~~*, !~~*, ~, !~ */
            struct sql_expr *arg, *pattern; /* pattern includes ESCAPE as PostgreSQL builds it */
        } like;
        struct {
            enum sql_sublink_kind kind;
            struct sql_expr *test; /* ANY/ALL */
            char *op;              /* ANY/ALL: operator name ("=" for IN) */
            struct sql_select *query;
        } sublink;
        struct {
            struct sql_expr *arg;  /* simple CASE: the operand; searched: NULL */
            struct sql_list whens; /* struct sql_case_when * */
            struct sql_expr *def;  /* ELSE, or NULL */
        } case_;
        struct {
            struct sql_expr *arg;
            struct sql_typename *type;
        } cast;
        struct {
            struct sql_qname name;
            struct sql_list args;  /* struct sql_expr * */
            struct sql_list order; /* struct sql_sortby *: agg(x ORDER BY y) */
            struct sql_expr *filter;
            struct sql_window *over;
            bool star, distinct, variadic, within_group;
            bool sql_syntax; /* written as EXTRACT(...), SUBSTRING(... FROM ...), etc. */
            bool grouping;   /* GROUPING(a, b): name "grouping", args (bind_grouping.c) */
            /* named notation f(a => 1) of a function that is not built in:
             * per argument its name or NULL (n 0 when none is named) */
            struct sql_list argnames;
        } func;
        struct {
            struct sql_list args;
            bool explicit_row; /* ROW(...) rather than (a, b) */
        } row;
        struct {
            struct sql_expr *arg;
            struct sql_list path; /* struct sql_indir * */
        } indir;
        struct {
            struct sql_expr *arg;
            struct sql_qname collation;
        } collate;
        struct {
            enum sql_sqlvalue op;
            int typmod;
        } sqlvalue;
    } u;
};

/* ---- FROM items ----------------------------------------------------------- */

struct sql_alias {
    char *name;
    struct sql_list colnames; /* char * */
};

struct sql_rangevar {
    struct sql_qname name;
    bool only;        /* ONLY t */
    char persistence; /* 'p' permanent, 't' temporary, 'u' unlogged */
    struct sql_alias *alias;
    int location;
};

/* A column of a function's column definition list: AS t(name type). */
struct sql_funccol {
    char *name;
    struct sql_typename *type;
    int location;
};

enum sql_from_kind { SQL_FROM_TABLE, SQL_FROM_SUBQUERY, SQL_FROM_JOIN, SQL_FROM_FUNCTION };
/* SEMI / ANTI: never written in SQL; EXISTS / NOT EXISTS / IN (subquery)
 * pulled up into joins (plan_sublink.c) */
enum sql_join_type {
    SQL_JOIN_INNER,
    SQL_JOIN_LEFT,
    SQL_JOIN_RIGHT,
    SQL_JOIN_FULL,
    SQL_JOIN_CROSS,
    SQL_JOIN_SEMI,
    SQL_JOIN_ANTI
};

struct sql_from {
    enum sql_from_kind kind;
    union {
        struct sql_rangevar *table;
        struct {
            struct sql_select *query;
            bool lateral;
            struct sql_alias *alias;
        } sub;
        struct {
            enum sql_join_type type;
            bool natural;
            struct sql_from *l, *r;
            struct sql_list using_cols; /* char * */
            struct sql_alias *using_alias;
            struct sql_expr *on;
            struct sql_alias *alias;
        } join;
        struct {
            struct sql_expr *call; /* SQL_EXPR_FUNC (or SQLVALUE); ROWS FROM: the first */
            bool lateral, ordinality;
            struct sql_alias *alias;
            /* ROWS FROM (f(...), g(...)): every call (call is items[0]) and
             * per call its column definition list (struct sql_list * of
             * struct sql_funccol *, NULL when none); a plain call's list
             * `AS t(a int, b text)` is coldefs item 0. n 0: none at all. */
            bool rowsfrom;
            struct sql_list calls, coldefs;
            /* -2 marks a select-list call of json[b]_populate_record[set]
             * (json_populate_leaf), else -1 */
            int coldef_location;
        } func;
    } u;
};

/* ---- queries -------------------------------------------------------------- */

/* SELECT target, INSERT column, UPDATE SET, RETURNING item */
struct sql_target {
    char *name;                  /* AS alias / column name, or NULL */
    struct sql_list indirection; /* struct sql_indir *: INSERT (a[1]) / SET a.b = */
    struct sql_expr *val;        /* NULL for INSERT column lists */
    int location;
};

enum sql_cte_materialize { SQL_CTE_DEFAULT, SQL_CTE_MATERIALIZED, SQL_CTE_NOT_MATERIALIZED };

/* SEARCH { DEPTH | BREADTH } FIRST BY cols SET seq_column (bind_search.c) */
struct sql_cte_search {
    struct sql_list cols; /* char * */
    bool breadth_first;
    char *seq_column;
    int location;
};

/* CYCLE cols SET mark_column [TO value DEFAULT default] USING path_column;
 * without TO/DEFAULT the grammar gives TRUE and FALSE (bind_search.c) */
struct sql_cte_cycle {
    struct sql_list cols; /* char * */
    char *mark_column;
    struct sql_expr *mark_value, *mark_default; /* constants */
    char *path_column;
    int location;
};

struct sql_cte {
    char *name;
    struct sql_list colnames; /* char * */
    enum sql_cte_materialize materialize;
    struct sql_stmt *query;        /* SELECT, INSERT, UPDATE or DELETE */
    struct sql_cte_search *search; /* or NULL */
    struct sql_cte_cycle *cycle;   /* or NULL */
    int location;
};

struct sql_with {
    bool recursive;
    struct sql_list ctes; /* struct sql_cte * */
};

enum sql_lock_strength {
    SQL_LOCK_FOR_KEY_SHARE,
    SQL_LOCK_FOR_SHARE,
    SQL_LOCK_FOR_NO_KEY_UPDATE,
    SQL_LOCK_FOR_UPDATE
};
enum sql_lock_wait { SQL_LOCK_WAIT_BLOCK, SQL_LOCK_WAIT_SKIP, SQL_LOCK_WAIT_NOWAIT };

struct sql_locking {
    enum sql_lock_strength strength;
    enum sql_lock_wait wait;
    struct sql_list rels; /* struct sql_rangevar *: OF t1, t2 */
};

enum sql_setop { SQL_SETOP_NONE, SQL_SETOP_UNION, SQL_SETOP_INTERSECT, SQL_SETOP_EXCEPT };

/* A SELECT, a VALUES list, or a set operation (op != NONE: larg op rarg, with
 * the ORDER BY / LIMIT / WITH / locking of the whole). */
struct sql_select {
    enum sql_setop op;
    bool all;
    struct sql_select *larg, *rarg;
    struct sql_with *with;
    bool distinct;               /* DISTINCT or DISTINCT ON */
    struct sql_list distinct_on; /* struct sql_expr * */
    struct sql_list targets;     /* struct sql_target * */
    struct sql_list from;        /* struct sql_from * */
    struct sql_expr *where;
    struct sql_list group_by; /* struct sql_expr * */
    bool group_distinct;
    struct sql_expr *having;
    struct sql_list windows;         /* struct sql_window * (named) */
    struct sql_list values;          /* VALUES: struct sql_list * of struct sql_expr * per row */
    struct sql_list order_by;        /* struct sql_sortby * */
    struct sql_expr *limit, *offset; /* LIMIT ALL leaves limit a NULL constant */
    bool with_ties;
    struct sql_list locking; /* struct sql_locking * */
    struct sql_list gsets;   /* GROUPING SETS: struct sql_gset *; n == 0: plain GROUP BY */
};

/* One grouping set: indexes into sql_select.group_by. */
struct sql_gset {
    int n;
    int *idx;
};

/* ---- DDL pieces ----------------------------------------------------------- */

enum sql_option_kind {
    SQL_OPT_NONE,    /* name only */
    SQL_OPT_STRING,  /* 'text' or identifier/keyword word */
    SQL_OPT_INT,     /* ival */
    SQL_OPT_NUMERIC, /* str */
    SQL_OPT_BOOL,    /* bval */
    SQL_OPT_TYPE,    /* type */
    SQL_OPT_LIST,    /* list of char * */
    SQL_OPT_STAR,    /* FORCE_QUOTE * */
};

/* name [= value]: WITH (...) options, COPY/EXPLAIN/VACUUM options, role
 * options (PostgreSQL's names: password, canlogin, superuser...), sequence
 * options (increment, start, minvalue, maxvalue, cache, cycle, owned_by, as). */
struct sql_option {
    char *ns; /* namespace (toast.x), or NULL */
    char *name;
    enum sql_option_kind kind;
    char *str;
    int64_t ival;
    bool bval;
    struct sql_typename *type;
    struct sql_list list; /* char * */
    int location;         /* of the option in the query text, -1 unknown */
};

enum sql_constraint_kind {
    SQL_CONSTR_NULL,
    SQL_CONSTR_NOT_NULL,
    SQL_CONSTR_DEFAULT,
    SQL_CONSTR_IDENTITY,  /* GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(seq options)] */
    SQL_CONSTR_GENERATED, /* GENERATED ALWAYS AS (expr) STORED */
    SQL_CONSTR_CHECK,
    SQL_CONSTR_PRIMARY,
    SQL_CONSTR_UNIQUE,
    SQL_CONSTR_FOREIGN,
};

struct sql_constraint {
    enum sql_constraint_kind kind;
    char *name;              /* CONSTRAINT name, or NULL */
    struct sql_expr *expr;   /* DEFAULT, CHECK, GENERATED */
    struct sql_list keys;    /* char *: table-level PRIMARY KEY / UNIQUE columns */
    struct sql_list include; /* char * */
    struct sql_list options; /* struct sql_option *: index WITH (...) / identity sequence options */
    char generated_when;     /* IDENTITY / GENERATED: 'a' ALWAYS, 'd' BY DEFAULT */
    struct sql_rangevar *ref_table;    /* FOREIGN */
    struct sql_list fk_cols, ref_cols; /* char * */
    char match;                        /* 'f' full, 'p' partial, 's' simple */
    char on_update; /* 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default */
    char on_delete;
    bool deferrable, initially_deferred, no_inherit, nulls_not_distinct, not_valid;
    int location;
};

struct sql_column_def {
    char *name;
    struct sql_typename *type;
    struct sql_list constraints; /* struct sql_constraint * */
    struct sql_qname *collation;
    int location;
};

/* CREATE TABLE t (..., LIKE src [INCLUDING|EXCLUDING x]..., ...): its columns
 * go where the clause stands, after the first `ncols_before` column defs. */
#define SQL_LIKE_COMMENTS    (1u << 0)
#define SQL_LIKE_COMPRESSION (1u << 1)
#define SQL_LIKE_CONSTRAINTS (1u << 2)
#define SQL_LIKE_DEFAULTS    (1u << 3)
#define SQL_LIKE_GENERATED   (1u << 4)
#define SQL_LIKE_IDENTITY    (1u << 5)
#define SQL_LIKE_INDEXES     (1u << 6)
#define SQL_LIKE_STATISTICS  (1u << 7)
#define SQL_LIKE_STORAGE     (1u << 8)
struct sql_table_like {
    struct sql_rangevar *rel;
    uint32_t options; /* SQL_LIKE_* bits */
    int ncols_before;
};

struct sql_index_elem {
    char *name;            /* column, or NULL for an expression */
    struct sql_expr *expr; /* expression, or NULL */
    enum sql_sort_dir dir;
    enum sql_sort_nulls nulls;
    struct sql_qname *collation;
    struct sql_qname *opclass;
};

enum sql_object_type {
    SQL_OBJ_TABLE,
    SQL_OBJ_INDEX,
    SQL_OBJ_SEQUENCE,
    SQL_OBJ_VIEW,
    SQL_OBJ_SCHEMA,
    SQL_OBJ_DATABASE,
    SQL_OBJ_ROLE,
    SQL_OBJ_COLUMN,
    SQL_OBJ_MATVIEW,
    SQL_OBJ_CONSTRAINT, /* ALTER TABLE ... RENAME CONSTRAINT only */
    /* DROP of an object type that cannot be created here (drop.what names it,
     * drop.form 'n' a name, 'r' name ON relation, 'a' name USING access method;
     * ddl_alter_meta.c) */
    SQL_OBJ_OTHER,
};

enum sql_drop_behavior { SQL_DROP_DEFAULT, SQL_DROP_RESTRICT, SQL_DROP_CASCADE };

/* One action of ALTER TYPE name ADD/DROP/ALTER ATTRIBUTE (ctype_alter.c). */
struct sql_type_attr_cmd {
    char op;                     /* 'A' ADD, 'D' DROP, 'T' ALTER ... TYPE */
    char *name;                  /* the attribute */
    struct sql_typename *type;   /* ADD / ALTER TYPE */
    struct sql_qname *collation; /* COLLATE, or NULL */
    bool if_exists;              /* DROP ATTRIBUTE IF EXISTS */
    enum sql_drop_behavior behavior;
};

enum sql_alter_kind {
    SQL_ALTER_ADD_COLUMN,      /* column (if_not_exists) */
    SQL_ALTER_DROP_COLUMN,     /* name, if_exists, behavior */
    SQL_ALTER_ADD_CONSTRAINT,  /* constraint */
    SQL_ALTER_DROP_CONSTRAINT, /* name, if_exists, behavior */
    SQL_ALTER_SET_DEFAULT,     /* name, expr */
    SQL_ALTER_DROP_DEFAULT,    /* name */
    SQL_ALTER_SET_NOT_NULL,    /* name */
    SQL_ALTER_DROP_NOT_NULL,   /* name */
    SQL_ALTER_TYPE,            /* name, type, expr (USING) */
    /* DROP EXPRESSION: name, if_exists (ddl_generated.c); VALIDATE CONSTRAINT: name */
    SQL_ALTER_DROP_EXPRESSION,
    SQL_ALTER_VALIDATE_CONSTRAINT,
    /* ddl_alter_meta.c: storage and metadata forms */
    SQL_ALTER_SET_RELOPTIONS,   /* options; flag: RESET (names only) */
    SQL_ALTER_SET_PERSISTENCE,  /* ch 'p' SET LOGGED, 'u' SET UNLOGGED */
    SQL_ALTER_REPLICA_IDENTITY, /* ch 'd' 'f' 'n' 'i'; str the index */
    SQL_ALTER_ALTER_CONSTRAINT, /* name; flag DEFERRABLE, flag2 INITIALLY DEFERRED */
    SQL_ALTER_SET_STATISTICS,   /* name (NULL: column number num), ival */
    SQL_ALTER_SET_STORAGE,      /* name, str */
    SQL_ALTER_SET_COMPRESSION,  /* name, str */
    SQL_ALTER_SET_COLOPTIONS,   /* name, options; flag: RESET */
    SQL_ALTER_CLUSTER_ON,       /* name: the index */
    SQL_ALTER_DROP_CLUSTER,     /* SET WITHOUT CLUSTER */
    SQL_ALTER_NOOP,             /* SET WITHOUT OIDS; SET TABLESPACE / ACCESS METHOD: str */
    SQL_ALTER_OWNER,            /* str: the new owner */
    SQL_ALTER_TRIGGER,          /* name (NULL: ch 'a' ALL, 'u' USER); flag enable */
    SQL_ALTER_RULE,             /* name */
    SQL_ALTER_ADD_IDENTITY,     /* name, constraint (identity options) */
    SQL_ALTER_SET_IDENTITY,     /* name, options ("generated": ival 'a'/'d', "restart") */
    SQL_ALTER_DROP_IDENTITY,    /* name, if_exists */
    SQL_ALTER_OF,               /* OF type (str) / NOT OF (str NULL) */
};

struct sql_alter_cmd {
    enum sql_alter_kind kind;
    char *name;
    struct sql_column_def *column;
    struct sql_constraint *constraint;
    struct sql_expr *expr;
    struct sql_typename *type;
    bool if_exists; /* DROP ... IF EXISTS, ADD COLUMN IF NOT EXISTS */
    enum sql_drop_behavior behavior;
    /* the forms of ddl_alter_meta.c (see sql_alter_kind) */
    struct sql_list options; /* struct sql_option * */
    char *str;
    int num;
    int ival;
    char ch;
    bool flag, flag2;
};

/* ---- statements ----------------------------------------------------------- */

enum sql_stmt_kind {
    SQL_STMT_SELECT,
    SQL_STMT_INSERT,
    SQL_STMT_UPDATE,
    SQL_STMT_DELETE,
    SQL_STMT_CREATE_TABLE,
    SQL_STMT_CREATE_INDEX,
    SQL_STMT_CREATE_SEQUENCE,
    SQL_STMT_CREATE_SCHEMA,
    SQL_STMT_CREATE_DATABASE,
    SQL_STMT_CREATE_VIEW,
    SQL_STMT_CREATE_ROLE,
    SQL_STMT_ALTER_ROLE,
    SQL_STMT_ALTER_TABLE,
    SQL_STMT_RENAME,
    SQL_STMT_DROP,
    SQL_STMT_TRUNCATE,
    SQL_STMT_TRANSACTION,
    SQL_STMT_SET,
    SQL_STMT_SET_TRANSACTION,
    SQL_STMT_SHOW,
    SQL_STMT_EXPLAIN,
    SQL_STMT_COPY,
    SQL_STMT_VACUUM, /* VACUUM and ANALYZE */
    SQL_STMT_PREPARE,
    SQL_STMT_EXECUTE,
    SQL_STMT_DEALLOCATE,
    SQL_STMT_DISCARD,
    SQL_STMT_COMMENT,
    SQL_STMT_DECLARE,         /* DECLARE name CURSOR FOR query */
    SQL_STMT_FETCH,           /* FETCH / MOVE */
    SQL_STMT_CLOSE,           /* CLOSE name | ALL */
    SQL_STMT_CREATE_TABLE_AS, /* CREATE TABLE ... AS query [WITH [NO] DATA] */
    SQL_STMT_ALTER_SEQUENCE,  /* ALTER SEQUENCE [IF EXISTS] name options */
    SQL_STMT_TYPE_DDL,        /* CREATE TYPE AS ENUM, ALTER TYPE, DROP TYPE (enum.h) */
    SQL_STMT_DOMAIN_DDL,      /* CREATE / ALTER / DROP DOMAIN (domain.h) */
    SQL_STMT_ALTER_OWNER,     /* ALTER SCHEMA / DOMAIN / DATABASE ... OWNER TO (ddl_owner.c) */
    SQL_STMT_REFRESH_MATVIEW, /* REFRESH MATERIALIZED VIEW: create_table_as's table,
                               * no_data, concurrent */
    SQL_STMT_LOCK,            /* LOCK [TABLE] [ONLY] name, ... [IN mode MODE] [NOWAIT] */
    SQL_STMT_SET_CONSTRAINTS, /* SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE} */
    SQL_STMT_LISTEN,          /* LISTEN channel */
    SQL_STMT_UNLISTEN,        /* UNLISTEN {channel | *} (channel NULL) */
    SQL_STMT_NOTIFY,          /* NOTIFY channel [, 'payload'] */
    SQL_STMT_FUNCTION_DDL,    /* CREATE [OR REPLACE] / DROP FUNCTION: u.fn_ddl (sqlfn.h) */
    SQL_STMT_REINDEX,         /* REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} ... */
    SQL_STMT_TRIGGER_DDL,     /* CREATE / DROP / ALTER TRIGGER: u.trig_ddl (trigger.h) */
    SQL_STMT_GRANT,           /* GRANT / REVOKE privileges or roles: u.grant (acl.h) */
};

enum sql_txn_kind {
    SQL_TXN_BEGIN,    /* BEGIN and START TRANSACTION */
    SQL_TXN_COMMIT,   /* COMMIT, END */
    SQL_TXN_ROLLBACK, /* ROLLBACK, ABORT */
    SQL_TXN_SAVEPOINT,
    SQL_TXN_RELEASE,
    SQL_TXN_ROLLBACK_TO,
    SQL_TXN_PREPARE, /* PREPARE TRANSACTION 'gid' (savepoint: the gid) */
};

enum sql_isolation {
    SQL_ISO_DEFAULT,
    SQL_ISO_READ_UNCOMMITTED,
    SQL_ISO_READ_COMMITTED,
    SQL_ISO_REPEATABLE_READ,
    SQL_ISO_SERIALIZABLE,
};

/* Transaction modes of BEGIN / START TRANSACTION / SET TRANSACTION. */
struct sql_txn_modes {
    enum sql_isolation isolation;
    int read_only;  /* -1 not given, 0 READ WRITE, 1 READ ONLY */
    int deferrable; /* -1 not given, 0 NOT DEFERRABLE, 1 DEFERRABLE */
};

enum sql_set_kind {
    SQL_SET_VALUE,   /* SET x = / TO args */
    SQL_SET_DEFAULT, /* SET x TO DEFAULT */
    SQL_SET_CURRENT, /* SET x FROM CURRENT */
    SQL_SET_RESET,   /* RESET x */
    SQL_SET_RESET_ALL,
};

enum sql_discard { SQL_DISCARD_ALL, SQL_DISCARD_PLANS, SQL_DISCARD_SEQUENCES, SQL_DISCARD_TEMP };
enum sql_role_kind { SQL_ROLE_ROLE, SQL_ROLE_USER, SQL_ROLE_GROUP };
enum sql_check_option { SQL_CHECK_NONE, SQL_CHECK_LOCAL, SQL_CHECK_CASCADED };

struct sql_stmt {
    enum sql_stmt_kind kind;
    int location; /* byte span in the query text; -1/0 for nested statements */
    int len;
    union {
        struct sql_select *select;
        struct {
            struct sql_with *with;
            struct sql_rangevar *table;
            struct sql_list cols;      /* struct sql_target * (name, indirection) */
            struct sql_select *source; /* VALUES or query; NULL: DEFAULT VALUES */
            bool overriding_system, overriding_user;
            struct {
                bool present;
                bool do_update;        /* else DO NOTHING */
                struct sql_list infer; /* struct sql_index_elem * */
                struct sql_expr *infer_where;
                char *constraint;    /* ON CONFLICT ON CONSTRAINT name */
                struct sql_list set; /* struct sql_target * */
                struct sql_expr *where;
                int location;       /* of the ON CONFLICT clause */
                int infer_location; /* of its (columns) */
            } on_conflict;
            struct sql_list returning; /* struct sql_target * */
        } insert;
        struct {
            struct sql_with *with;
            struct sql_rangevar *table;
            struct sql_list set;  /* struct sql_target * */
            struct sql_list from; /* struct sql_from * */
            struct sql_expr *where;
            char *current_of; /* WHERE CURRENT OF cursor (where is NULL) */
            struct sql_list returning;
        } update;
        struct {
            struct sql_with *with;
            struct sql_rangevar *table;
            struct sql_list using_; /* struct sql_from * */
            struct sql_expr *where;
            char *current_of; /* WHERE CURRENT OF cursor (where is NULL) */
            struct sql_list returning;
        } delete_;
        struct {
            struct sql_rangevar *table;  /* persistence 't' for TEMP */
            struct sql_list columns;     /* struct sql_column_def * */
            struct sql_list constraints; /* struct sql_constraint * (table level) */
            struct sql_list options;     /* struct sql_option * */
            bool if_not_exists;
            struct sql_list likes; /* struct sql_table_like * (LIKE clauses) */
            char on_commit;        /* 0 / 'p' PRESERVE ROWS, 'd' DELETE ROWS, 'D' DROP */
        } create_table;
        struct {
            char *name; /* NULL when not given */
            struct sql_rangevar *table;
            char *method;            /* "btree" by default */
            struct sql_list params;  /* struct sql_index_elem * */
            struct sql_list include; /* char * */
            struct sql_list options; /* struct sql_option * */
            struct sql_expr *where;
            bool unique, if_not_exists, concurrent, nulls_not_distinct;
        } create_index;
        struct {
            struct sql_rangevar *seq;
            struct sql_list options;
            bool if_not_exists;
        } create_sequence;
        struct {
            char *name; /* NULL: AUTHORIZATION role names the schema */
            char *authrole;
            bool if_not_exists;
            struct sql_list elts; /* struct sql_stmt *: CREATE TABLE/VIEW/INDEX/SEQUENCE in it */
        } create_schema;
        struct {
            char *name;
            struct sql_list options;
        } create_database;
        struct {
            struct sql_rangevar *view;
            struct sql_list colnames; /* char * */
            struct sql_select *query;
            bool replace;
            struct sql_list options;
            enum sql_check_option check;
        } create_view;
        struct {
            enum sql_role_kind kind;
            char *name;
            struct sql_list options; /* struct sql_option * */
        } role;                      /* CREATE / ALTER ROLE|USER */
        struct {
            struct sql_rangevar *table;
            bool if_exists;
            struct sql_list cmds; /* struct sql_alter_cmd * */
            bool view;            /* ALTER VIEW (column defaults only, ddl_view.c) */
            bool index;           /* ALTER INDEX (ddl_alter_meta.c) */
            bool sequence;        /* ALTER SEQUENCE ... OWNER TO (ddl_alter.c) */
        } alter_table;
        struct {
            enum sql_object_type objtype; /* TABLE (ALTER TABLE RENAME TO), COLUMN, INDEX, ... */
            struct sql_rangevar *rel;
            char *subname; /* COLUMN: old column name */
            char *newname;
            bool if_exists;
            /* RENAME COLUMN: the statement's relation kind (TABLE, VIEW,
             * MATVIEW: ALTER MATERIALIZED VIEW ... RENAME COLUMN), for its tag */
            enum sql_object_type reltype;
            /* ALTER TABLE / SEQUENCE / VIEW / MATERIALIZED VIEW rel SET
             * SCHEMA newname (objtype the statement's; ddl_set_schema.c) */
            bool set_schema;
        } rename;
        struct {
            enum sql_object_type objtype;
            struct sql_list names; /* struct sql_qname * */
            bool if_exists, concurrent;
            bool force; /* DROP DATABASE ... WITH (FORCE) */
            enum sql_drop_behavior behavior;
            const char *what;      /* SQL_OBJ_OTHER: "conversion", "trigger", ... */
            char form;             /* SQL_OBJ_OTHER: 'n', 'r' (names: rel parts, then name), 'a' */
            struct sql_list parts; /* SQL_OBJ_OTHER: struct sql_list * of char * per object */
        } drop;
        struct {
            struct sql_list tables; /* struct sql_rangevar * */
            bool restart_identity;
            enum sql_drop_behavior behavior;
        } truncate;
        struct {
            enum sql_txn_kind kind;
            struct sql_txn_modes modes;
            char *savepoint;
            bool chain;
        } txn;
        struct {
            enum sql_set_kind kind;
            char *name;           /* lower case; SET TIME ZONE is "timezone" */
            struct sql_list args; /* struct sql_expr * */
            bool local;
        } set;
        struct {
            struct sql_txn_modes modes;
            bool session; /* SET SESSION CHARACTERISTICS AS TRANSACTION */
        } set_txn;
        struct {
            char *name; /* "all" for SHOW ALL */
        } show;
        struct {
            struct sql_stmt *stmt;
            struct sql_list options; /* struct sql_option * (analyze, verbose, ...) */
            bool analyze;
        } explain;
        struct {
            struct sql_rangevar *table; /* or NULL with query */
            struct sql_stmt *query;
            struct sql_list cols; /* char * */
            bool from;            /* FROM (load) else TO */
            bool program;
            char *filename; /* NULL: STDIN / STDOUT */
            struct sql_list options;
            struct sql_expr *where;
        } copy;
        struct {
            bool vacuum; /* else ANALYZE */
            struct sql_list options;
            struct sql_list rels; /* struct sql_rangevar * with alias->colnames unused */
            struct sql_list cols; /* struct sql_list * of char * per rel (may be empty) */
        } vacuum;
        struct {
            char *name;
            struct sql_list argtypes; /* struct sql_typename * */
            struct sql_stmt *stmt;
        } prepare;
        struct {
            char *name;
            struct sql_list params; /* struct sql_expr * */
        } execute;
        struct {
            char *name; /* NULL: DEALLOCATE ALL */
        } deallocate;
        struct {
            char *name;
            struct sql_stmt *query; /* a SELECT */
            bool scroll, hold, binary;
            bool no_scroll, insensitive, asensitive;
        } declare;
        struct {
            char *name;
            int direction; /* 0 forward, 1 backward, 2 absolute, 3 relative */
            int64_t count; /* INT64_MAX: ALL */
            bool move;
        } fetch;
        struct {
            char *name; /* NULL: CLOSE ALL */
        } close;
        enum sql_discard discard;
        struct {
            enum sql_object_type objtype;
            struct sql_list name; /* char *: qualified name parts */
            char *comment;        /* NULL: IS NULL (remove) */
        } comment;
        struct {
            char kind; /* 'i' INDEX, 't' TABLE, 's' SCHEMA, 'd' DATABASE, 'y' SYSTEM */
            struct sql_rangevar *rel; /* INDEX / TABLE */
            char *name;               /* SCHEMA / DATABASE / SYSTEM (may be NULL) */
            bool concurrent, verbose;
            char *tablespace; /* (TABLESPACE name), or NULL */
        } reindex;
        struct {
            struct sql_rangevar *table;
            struct sql_list colnames; /* char * */
            struct sql_select *query;
            bool no_data; /* WITH NO DATA */
            bool if_not_exists;
            char on_commit;  /* as create_table's */
            bool matview;    /* CREATE MATERIALIZED VIEW */
            bool concurrent; /* REFRESH MATERIALIZED VIEW CONCURRENTLY */
        } create_table_as;
        struct {
            struct sql_rangevar *seq;
            struct sql_list options; /* struct sql_option * (as CREATE SEQUENCE, plus restart) */
            bool if_exists;
        } alter_sequence;
        struct {
            char objtype;          /* 'n' schema, 'D' domain, 'd' database */
            struct sql_qname name; /* schema and database: name only */
            char *newowner;        /* NULL: the session's user (CURRENT_USER...) */
        } alter_owner;
        struct {
            /* 'c' CREATE TYPE AS ENUM, 'a' ALTER TYPE ADD VALUE, 'v' RENAME
             * VALUE, 'n' RENAME TO, 'd' DROP TYPE */
            char op;
            struct sql_list names;  /* struct sql_qname *: the type (DROP: each) */
            struct sql_list labels; /* char *: CREATE's labels */
            char *value;            /* ADD VALUE's label, RENAME VALUE's old label */
            char *neighbor;         /* ADD VALUE BEFORE/AFTER label, or NULL */
            bool after;             /* ADD VALUE ... AFTER neighbor */
            char *newname;          /* RENAME VALUE's new label, RENAME TO's new name */
            bool if_exists;         /* DROP IF EXISTS, ADD VALUE IF NOT EXISTS */
            enum sql_drop_behavior behavior;
            /* op 'C' CREATE TYPE name AS (...) (ctype.h): labels are the
             * field names, fieldtypes their struct sql_typename * */
            struct sql_list fieldtypes;
            /* op 'L' ALTER TYPE name ADD/DROP/ALTER ATTRIBUTE, ...: struct
             * sql_type_attr_cmd *; op 'R' RENAME ATTRIBUTE value TO newname
             * (ctype_alter.c) */
            struct sql_list attrs;
        } type_ddl;
        struct {
            /* 'c' CREATE DOMAIN, 'd' DROP DOMAIN, 'n' RENAME TO, 'r' RENAME
             * CONSTRAINT; ALTER DOMAIN: 'T' SET DEFAULT (def NULL: DROP
             * DEFAULT), 'N' DROP NOT NULL, 'O' SET NOT NULL, 'C' ADD
             * CONSTRAINT, 'X' DROP CONSTRAINT, 'V' VALIDATE CONSTRAINT */
            char op;
            struct sql_list names;       /* struct sql_qname *: the domain (DROP: each) */
            struct sql_typename *type;   /* CREATE's base type */
            struct sql_qname *collation; /* CREATE's COLLATE, or NULL */
            struct sql_list constraints; /* struct sql_constraint *: CREATE's, ADD's one */
            struct sql_expr *def;        /* SET DEFAULT's expression */
            char *name;                  /* constraint name ('X', 'V', 'r') */
            char *newname;               /* 'n', 'r' */
            bool if_exists;              /* DROP DOMAIN / DROP CONSTRAINT IF EXISTS */
            enum sql_drop_behavior behavior;
        } domain_ddl;
        struct {
            struct sql_list rels; /* struct sql_rangevar * */
            int mode;             /* PostgreSQL's lock mode, 1 AccessShare .. 8 AccessExclusive */
            bool nowait;
        } lock;
        struct {
            char *channel; /* NULL: UNLISTEN * */
            char *payload; /* NOTIFY's, or NULL */
        } notify;
        struct {
            struct sql_list names; /* struct sql_qname *; empty: ALL */
            bool deferred;
        } set_constraints;
        struct sql_fn_ddl *fn_ddl;     /* SQL_STMT_FUNCTION_DDL (sqlfn.h) */
        struct sql_trig_ddl *trig_ddl; /* SQL_STMT_TRIGGER_DDL (trigger.h) */
        struct sql_grant *grant;       /* SQL_STMT_GRANT (acl.h) */
    } u;
};

/* Append an S-expression form of the tree to b, for tests and debugging.
 * The form is documented by tests/unit/sql/test_parse.c. */
void sql_ast_format_stmt(struct sbuf *b, const struct sql_stmt *s);
void sql_ast_format_expr(struct sbuf *b, const struct sql_expr *e);

/* Visit x and the expressions below it, parents first (expr_walk.c): fn
 * returns false to skip a node's children; known is false for a kind the
 * walker does not descend into. A sublink's test expression is walked, its
 * query is not (the visitor sees the SQL_EXPR_SUBLINK node). */
typedef bool (*sql_expr_visit)(struct sql_expr *x, bool known, void *arg);
void sql_expr_walk(struct sql_expr *x, sql_expr_visit fn, void *arg);

#endif
