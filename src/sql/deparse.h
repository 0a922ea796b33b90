/* deparse.h — syntax trees back to SQL text, in PostgreSQL's style
 * (ruleutils.c) where it shows (pg_get_expr, \d's Default column, CHECK
 * constraint text): nextval('t_id_seq'::regclass), (a > 0), 'x'::text.
 * The output parses back (sql_parse of "SELECT <text>") to an equal tree.
 *
 * The trees are raw parse trees (ast.h): nothing is typed, so the text is
 * what ruleutils prints for the same expression minus what only analysis
 * adds (implicit casts such as PostgreSQL's `price > 0::numeric`, LIKE
 * shown as ~~, BETWEEN expanded). What the raw tree says is kept, so the
 * round trip is exact: LIKE stays LIKE, IN stays IN, BETWEEN stays BETWEEN.
 *
 * Styles (flags):
 *   0                    storage form: one line, every operator node in
 *                        its own parentheses — (a > 0), ((a + b) * 2),
 *                        casts of non-literals as (x)::integer.
 *   SQL_DEPARSE_INDENT   CASE on indented lines as ruleutils' PRETTYFLAG_INDENT
 *                        (pg_get_expr / pg_get_constraintdef without pretty).
 *   SQL_DEPARSE_PAREN    only the parentheses PostgreSQL's pretty mode keeps
 *                        (isSimpleNode): a > 0 AND b IS NULL, x::integer.
 *   SQL_DEPARSE_TYPED    casts of string literals print as the constant
 *                        PostgreSQL folds them into: '5'::integer -> 5,
 *                        'yes'::boolean -> true, '1.5'::numeric -> 1.5.
 * SQL_DEPARSE_PRETTY is what pg_get_expr(x, rel, true) uses.
 * Output is appended to out; nothing else is allocated.
 */
#ifndef SF_SQL_DEPARSE_H
#define SF_SQL_DEPARSE_H

#include "sql/ast.h"

#include <stdint.h>

struct sbuf;

enum {
    SQL_DEPARSE_INDENT = 1,
    SQL_DEPARSE_PAREN = 2,
    SQL_DEPARSE_TYPED = 4,
    SQL_DEPARSE_PRETTY = SQL_DEPARSE_INDENT | SQL_DEPARSE_PAREN | SQL_DEPARSE_TYPED,
};

/* The storage form (flags 0). */
void sql_deparse_expr(const struct sql_expr *e, struct sbuf *out);
void sql_deparse_expr_flags(const struct sql_expr *e, int flags, struct sbuf *out);
/* A column DEFAULT as pg_get_expr(adbin, adrelid) shows it: the expression
 * coerced to the column's type (type OID, typmod), so a bare literal prints
 * as the constant PostgreSQL stores: 'x' on a varchar column ->
 * 'x'::character varying, -1 -> '-1'::integer, 10000000000 ->
 * '10000000000'::bigint, 'a' on text -> 'a'::text. */
void sql_deparse_default(const struct sql_expr *e, uint32_t type, int32_t typmod, int flags,
                         struct sbuf *out);
/* The same, a string constant labelled ::label when label is not NULL (a
 * user type's name, which deparse.c cannot look up). */
void sql_deparse_default_label(const struct sql_expr *e, uint32_t type, int32_t typmod,
                               const char *label, int flags, struct sbuf *out);
/* A CHECK constraint as pg_get_constraintdef shows it: like
 * sql_deparse_expr_flags, plus the implicit casts PostgreSQL's analysis puts
 * on operator operands, worked out from the column types type_of gives
 * (0 when unknown): price >= 0 on numeric -> (price >= (0)::numeric),
 * name = 'x' on varchar -> ((name)::text = 'x'::text), negative numbers as
 * '-1'::integer; BETWEEN expanded to >= AND <=, IN (constants) shown as
 * = ANY (ARRAY[...]), as analysis rewrites them. Covers comparisons and
 * + - * / over int2/int4/int8/numeric/float8 and string/date literals;
 * what it cannot type is printed raw. Not for storage: the output no longer
 * round-trips to the same raw tree. */
struct sql_deparse_coltypes {
    uint32_t (*type_of)(void *arg, const char *column);
    void *arg;
};
void sql_deparse_check(const struct sql_expr *e, int flags, const struct sql_deparse_coltypes *cols,
                       struct sbuf *out);
/* A type name as written in a cast: pg_catalog.int4 -> integer,
 * pg_catalog.varchar(10) -> character varying(10); other pg_catalog types
 * stay qualified so they parse back to the same name. */
void sql_deparse_typename(const struct sql_typename *t, struct sbuf *out);
/* A function's column definition list (struct sql_funccol *s): "(a integer, b text)". */
void sql_deparse_coldefs(const struct sql_list *defs, struct sbuf *out);
/* A SELECT (sublinks, views): best effort over what ast.h holds. */
void sql_deparse_select(const struct sql_select *s, int flags, struct sbuf *out);
/* Quote an identifier only when PostgreSQL's quote_identifier would. */
void sql_deparse_ident(const char *name, struct sbuf *out);
/* A string literal: 'it''s' (standard_conforming_strings on). */
void sql_deparse_literal(const char *s, struct sbuf *out);
/* PostgreSQL's quote_identifier decision, for callers that need a bool. */
bool sql_deparse_ident_needs_quotes(const char *name);

#endif
