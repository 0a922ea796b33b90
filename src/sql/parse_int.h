/* parse_int.h — private to the SQL parser files (parse*.c): the converter
 * from libpg_query's protobuf tree (pg_query.pb-c.h) to ast.h.
 *
 * Each sql__cv_* function converts one protobuf node into nodes allocated in
 * cv->ctx, returning 0 or an ERR_* code with cv->e set. Every recursive step
 * goes through sql__cv_enter / sql__cv_leave, which bound the nesting by
 * cv->max_depth (54001 "stack depth limit exceeded").
 */
#ifndef SF_SQL_PARSE_INT_H
#define SF_SQL_PARSE_INT_H

#include "sql/ast.h"

#include <pg_query/pg_query.pb-c.h>

#include <stddef.h>

struct err;
struct mem_ctx;

struct sql__cv {
    struct mem_ctx *ctx;
    struct err *e;
    int depth;
    int max_depth;
    int err_location; /* byte offset an error points at (ErrorResponse P), or -1 */
    const char *text; /* the text parsed (len bytes) */
    size_t len;
};

typedef PgQuery__Node pq_node;

int sql__cv_enter(struct sql__cv *cv);
static inline void sql__cv_leave(struct sql__cv *cv)
{
    cv->depth--;
}

/* ERR_UNSUPPORTED, 0A000, "feature not supported: <what>". */
int sql__unsupported(struct sql__cv *cv, const char *what);
/* Same, naming a node kind as PostgreSQL's statement or construct name. */
int sql__unsupported_node(struct sql__cv *cv, const pq_node *n);
/* ERR_INTERNAL for a tree libpg_query should never produce. */
int sql__malformed(struct sql__cv *cv, const char *what);

char *sql__strdup(struct sql__cv *cv, const char *s); /* NULL and "" -> NULL */
void sql__list_init(struct sql__cv *cv, struct sql_list *l, size_t n);
/* Node is a String: its text, else NULL. */
const char *sql__node_str(const pq_node *n);
/* List of String -> char * list. */
int sql__cv_names(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);
/* List of String (1 to 3) -> qualified name. */
int sql__cv_qname(struct sql__cv *cv, pq_node **items, size_t n, struct sql_qname *out);

int sql__cv_expr(struct sql__cv *cv, const pq_node *n, struct sql_expr **out);
/* CREATE TYPE AS ENUM, ALTER TYPE, DROP TYPE (parse_enum.c): 1 when n is
 * none of them. */
int sql__cv_enum(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* CREATE / ALTER / DROP DOMAIN (parse_domain.c): 1 when n is none of them. */
int sql__cv_domain(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* One Constraint node (parse_ddl.c). */
int sql__cv_constraint(struct sql__cv *cv, const PgQuery__Constraint *c,
                       struct sql_constraint **out);
/* n may be NULL / unset: *out = NULL. */
int sql__cv_expr_opt(struct sql__cv *cv, const pq_node *n, struct sql_expr **out);
int sql__cv_exprs(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);
int sql__cv_typename(struct sql__cv *cv, const PgQuery__TypeName *t, struct sql_typename **out);
int sql__cv_sortbys(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);
int sql__cv_window(struct sql__cv *cv, const PgQuery__WindowDef *w, struct sql_window **out);
int sql__cv_rangevar(struct sql__cv *cv, const PgQuery__RangeVar *r, struct sql_rangevar **out);
int sql__cv_alias(struct sql__cv *cv, const PgQuery__Alias *a, struct sql_alias **out);
int sql__cv_targets(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);
int sql__cv_indirection(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);

int sql__cv_select(struct sql__cv *cv, const PgQuery__SelectStmt *s, struct sql_select **out);
/* A node that must be a SELECT (subquery, view body). */
int sql__cv_select_node(struct sql__cv *cv, const pq_node *n, struct sql_select **out);
/* GROUP BY items, GROUPING SETS/ROLLUP/CUBE expanded into *gsets (parse_grouping.c) */
int sql__cv_group_clause(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *group_by,
                         struct sql_list *gsets);
int sql__cv_with(struct sql__cv *cv, const PgQuery__WithClause *w, struct sql_with **out);
int sql__cv_index_elems(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);
int sql__cv_options(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);

/* Any statement node. */
int sql__cv_stmt(struct sql__cv *cv, const pq_node *n, struct sql_stmt **out);
/* DML statements (parse_stmt.c); 1 when n is not one of them. */
int sql__cv_dml(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* DDL and utility statements (parse_ddl.c); 1 when n is not one of them. */
int sql__cv_ddl(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* CREATE FUNCTION / DROP FUNCTION (parse_function.c): 1 when n is neither. */
int sql__cv_function(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* ALTER SCHEMA / DOMAIN / DATABASE ... OWNER TO (parse_owner.c); 1 for
 * anything else. */
int sql__cv_alter_owner(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* OWNER TO's role: its name, or NULL for CURRENT_USER / SESSION_USER /
 * CURRENT_ROLE (the session's user), "PUBLIC" for PUBLIC (parse_owner.c). */
char *sql__cv_owner_spec(struct sql__cv *cv, const PgQuery__RoleSpec *rs);
/* CREATE / DROP / ALTER TRIGGER (parse_trigger.c): 1 when n is not one */
int sql__cv_trigger(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
/* GRANT / REVOKE (parse_grant.c); 1 when n is not one. */
int sql__cv_grant(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);
int sql__cv_util(struct sql__cv *cv, const pq_node *n, struct sql_stmt *st);

/* Type-object statements (parse_typename_util.c): a qualified name as a
 * one-element list; DROP ... CASCADE / RESTRICT; the names of DROP DOMAIN /
 * DROP TYPE (kw "DOMAIN" / "TYPE" in the messages). */
int sql__cv_qname_list1(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out);
enum sql_drop_behavior sql__cv_drop_behavior(PgQuery__DropBehavior b);
int sql__cv_drop_type_names(struct sql__cv *cv, const PgQuery__DropStmt *s, const char *kw,
                            struct sql_list *out);

#endif
