/* plpgsql_int.h — private to the PL/pgSQL interpreter (plpgsql_*.c).
 *
 * A function body is parsed by libpg_query's pg_query_parse_plpgsql, which
 * runs PostgreSQL's own plpgsql grammar and dumps its PLpgSQL_function
 * tree as JSON. plpgsql_comp.c reads that JSON (json_int.h's reader) into
 * the structures below; plpgsql_exec.c runs them.
 *
 * Datums are PostgreSQL's: one flat array, the function's parameters
 * first (so $n is datum n-1), then "found" (and NEW, OLD for a trigger),
 * then everything the body declares, in the order the grammar met them.
 * The JSON does not say which block declares which variable; the compiler
 * rebuilds the scopes from the datum order and line numbers (see
 * plpgsql_comp.c).
 *
 * Expressions are query texts ("x + 1", "SELECT ... FROM t"). Each is
 * planned once per statement run (the plans live in the statement's
 * memory with the compiled function): every datum is parameter $k+1 of
 * the plan (datum k), and names the binder cannot resolve as columns are
 * looked up in the expression's scope (plpgsql_param_ref), record fields
 * and the TG_ variables becoming extra parameters after the datums.
 */
#ifndef SF_SQL_PLPGSQL_INT_H
#define SF_SQL_PLPGSQL_INT_H

#include "sql/plpgsql.h"
#include "sql/value.h"

#include <stdbool.h>
#include <stdint.h>

struct binder;
struct bx;
struct err;
struct mem_ctx;
struct scope;
struct sql_env;
struct sql_expr;
struct sql_fn_desc;
struct sql_plan;

enum pl_dkind { PLD_VAR, PLD_REC, PLD_ROW, PLD_RECFIELD };

struct pl_expr;

struct pl_datum {
    enum pl_dkind kind;
    const char *name;
    int lineno;
    bool decl; /* declared in a DECLARE section */
    /* PLD_VAR / PLD_REC */
    const char *typname; /* as written; NULL for parameters and internal variables */
    uint32_t type;       /* resolved (0: record) */
    int32_t typmod;
    bool isconst, notnull, is_record, is_cursor;
    struct pl_expr *def;
    /* a %ROWTYPE / composite-typed variable: its columns */
    int ncols;
    const char **colnames;
    uint32_t *coltypes;
    /* PLD_ROW: fields */
    int nfields;
    int *varnos;
    /* PLD_RECFIELD */
    int parent;
    const char *field;
};

/* A name visible to an expression: datum dno, declared in a block labelled
 * label (NULL when none). */
struct pl_vis {
    int dno;
    const char *label;
    const char *alias; /* DECLARE alias ALIAS FOR dno: the name it is known by here */
};

/* An extra parameter of a planned expression (after the datums). */
enum pl_refkind { PLR_FIELD, PLR_TG };
struct pl_ref {
    enum pl_refkind kind;
    int dno;           /* PLR_FIELD: the record datum */
    const char *field; /* PLR_FIELD: field name; PLR_TG: the variable (tg_op ...) */
    uint32_t type;
};

/* One planned form of an expression: its plan and what its parameters
 * are. An expression reading record fields is planned again when their
 * types change (a trigger function fired for another table); a few such
 * forms are kept. */
struct pl_planned {
    struct sql_plan *plan;
    uint32_t *ptypes;
    int nparams;
    struct pl_ref *refs;
    int nrefs;
    bool *wholerec;
    bool returns_rows;
};
#define PL_PLAN_VARIANTS 4

struct pl_expr {
    const char *query; /* as in the tree */
    const char *sql;   /* what is planned */
    int sqloff;        /* a position in sql minus sqloff is one in query */
    int lineno;
    const struct pl_vis *vis; /* the names in scope, innermost last */
    int nvis;
    /* planned */
    struct sql_plan *plan;
    uint32_t *ptypes; /* per parameter, as planned */
    int nparams;
    struct pl_ref *refs;
    int nrefs, caprefs;
    bool *wholerec; /* per datum: a record variable used whole (passed as a record) */
    const struct sql_fn_desc *proc;               /* CALL: the procedure */
    struct pl_planned variants[PL_PLAN_VARIANTS]; /* earlier forms */
    int nvariants;
    bool returns_rows;
};

enum pl_skind {
    PLS_BLOCK,
    PLS_ASSIGN,
    PLS_IF,
    PLS_CASE,
    PLS_LOOP,
    PLS_WHILE,
    PLS_FORI,
    PLS_FORS,
    PLS_DYNFORS,
    PLS_FOREACH,
    PLS_EXIT,
    PLS_RETURN,
    PLS_RETURN_NEXT,
    PLS_RETURN_QUERY,
    PLS_RAISE,
    PLS_ASSERT,
    PLS_EXECSQL,
    PLS_DYNEXECUTE,
    PLS_GETDIAG,
    PLS_PERFORM,
    PLS_CALL,
    PLS_COMMIT,
    PLS_ROLLBACK,
    PLS_UNSUPPORTED,
};

struct pl_stmt;
struct pl_stmts {
    struct pl_stmt **v;
    int n;
};

struct pl_cond {
    const char *name; /* condition name, lower case; NULL for SQLSTATE */
    char sqlstate[6]; /* "" for OTHERS or a class-wide name */
    bool others;
};

struct pl_handler {
    struct pl_cond *conds;
    int nconds;
    struct pl_stmts body;
};

struct pl_elsif {
    struct pl_expr *cond;
    struct pl_stmts body;
};

struct pl_raiseopt {
    int type; /* PLPGSQL_RAISEOPTION_*: 0 ERRCODE 1 MESSAGE 2 DETAIL 3 HINT 4 COLUMN 5 CONSTRAINT 6
                 DATATYPE 7 TABLE 8 SCHEMA */
    struct pl_expr *expr;
};

struct pl_diag {
    const char *kind;
    int target;
};

struct pl_stmt {
    enum pl_skind kind;
    int lineno;
    const char *label;
    const char *what; /* "UNSUPPORTED": the statement's name */
    /* BLOCK */
    const int *initvars;
    int ninit;
    int decl_line; /* the line of its DECLARE (0: none) */
    struct pl_stmts body;
    struct pl_handler *handlers;
    int nhandlers;
    int sqlstate_dno, sqlerrm_dno;
    /* ASSIGN: target, expr; IF: cond, body = then, elsifs, else_body */
    int target;
    struct pl_expr *expr;
    struct pl_elsif *elsifs;
    int nelsif;
    struct pl_stmts else_body;
    bool have_else;
    /* CASE: expr (t_expr, may be NULL), target = t_varno, whens in elsifs */
    /* FORI: target (loop var), lower=expr, upper, step; reverse */
    struct pl_expr *upper, *step;
    bool reverse;
    /* FORS / DYNFORS / EXECSQL / DYNEXECUTE: expr = query; into target */
    bool into, strict;
    struct pl_expr **params; /* USING, RAISE params */
    int nparams;
    /* EXIT */
    bool is_exit;
    /* RAISE */
    int elog_level;
    const char *condname;
    const char *message;
    struct pl_raiseopt *opts;
    int nopts;
    /* GET DIAGNOSTICS */
    bool stacked;
    struct pl_diag *diags;
    int ndiags;
    /* FOREACH */
    int slice;
    /* EXECSQL: the statement is a DML / SELECT */
    bool mod;
};

struct pl_func {
    const struct sql_fn_desc *f;
    struct mem_ctx *ctx; /* the compiled function's and its plans' memory */
    int active;          /* calls running it */
    bool worn;           /* replanned past its expressions' forms: compile afresh when idle */
    int conflict;        /* #variable_conflict: 0 error, 1 use_variable, 2 use_column */
    const char *name;    /* "f(integer)" for CONTEXT lines */
    bool trigger, is_do, is_proc;
    int ndatums;
    struct pl_datum *datums;
    int found_dno, new_dno, old_dno;
    struct pl_stmt *action;
    int nout;     /* OUT / INOUT parameters */
    int *outdnos; /* their datums */
};

/* Compile f (its body) into *out, in ctx. Syntax errors are 42601 with
 * PostgreSQL's message. is_do: an anonymous block (DO). */
int sql__pl_compile(struct sql_env *env, const struct sql_fn_desc *f, bool is_do,
                    struct mem_ctx *ctx, struct pl_func **out, int *errpos, int *errline,
                    struct err *e);
/* The compiled function for f, cached for the running statement. */
int sql__pl_get(struct sql_env *env, const struct sql_fn_desc *f, bool is_do, struct pl_func **out,
                struct err *e);

/* Run a compiled function. args: the input arguments. Result in ctx. For a
 * set-returning function *out is the array of rows (as exec_sqlfunc.c's). */
struct pl_callinfo {
    const struct sql_trig_event *trig;
    uint32_t rettype;  /* the function's (concrete) result type */
    int32_t rettypmod; /* its record shape */
    int nresult;       /* result row columns (0: scalar) */
    const uint32_t *resulttypes;
    bool rows; /* SETOF: collect rows */
    /* out */
    struct sql_value result;
    struct sql_value *setrows;
    int nsetrows, capsetrows;
    struct sql_value *trig_row; /* trigger: the row returned (NULL: NULL) */
    bool trig_null;
};
int sql__pl_exec(struct sql_env *env, struct pl_func *fn, const struct sql_value *args, int nargs,
                 struct pl_callinfo *ci, struct mem_ctx *ctx, struct err *e);

/* The binder's last resort for an unknown column while a PL/pgSQL
 * expression is planned (bind_expr.c through eng__sqlfn_param_ref): 1
 * when no plpgsql expression is being planned or the name is not one. */
int sql__pl_param_ref(struct binder *b, struct scope *s, const struct sql_expr *x, struct bx **out,
                      struct err *e);

/* Is a PL/pgSQL expression being planned with a variable called name in
 * scope? 0 no; 1 yes: a column of that name is PostgreSQL's 42702 (its
 * default plpgsql.variable_conflict = error); 2 yes, and the variable
 * wins (#variable_conflict use_variable). */
int sql__pl_var_conflict(const char *name);
/* CALL inside PL/pgSQL (exec_sqlfunc.c): on, the next call bound may be
 * a procedure's; off, *called is the procedure it bound (NULL: none). */
void eng__sqlfn_allow_call(bool on, const struct sql_fn_desc **called);
/* Is a LANGUAGE sql body being planned (exec_sqlfunc.c)? */
bool eng__sqlfn_planning(void);

/* Run a function / DO body from exec_sqlfunc.c: the stack check and
 * depth counter are the caller's. */
int sql__pl_call(struct sql_env *env, const struct sql_fn_desc *f, const struct sql_value *args,
                 int nargs, struct pl_callinfo *ci, struct mem_ctx *ctx, struct err *e);

/* Check a new function's body (CREATE FUNCTION): syntax (42601). */
int sql__pl_validate(struct sql_env *env, const struct sql_fn_desc *f, int body_location,
                     bool quotes_doubled, struct err *e);

/* DO body (LANGUAGE plpgsql): compile and run the anonymous block. */
int sql__pl_do(struct sql_env *env, const char *body, int body_location, bool quotes_doubled,
               struct err *e);

/* Append "\nCONTEXT:  line" (or a further context line) to e's message,
 * before the object fields. */
void sql__pl_add_context(struct err *e, const char *line);

#endif
