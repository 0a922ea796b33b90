/* session_int.h — private to session.c, settings.c, copy.c (and their unit
 * tests): the settings store of a session, the hooks settings.c calls back
 * into the session, and the COPY text/CSV codec.
 *
 * Nothing outside src/sql/session*.c, settings*.c and copy*.c includes this.
 */
#ifndef SF_SQL_SESSION_INT_H
#define SF_SQL_SESSION_INT_H

#include "sql/ast.h"
#include "sql/env.h"
#include "sql/sql.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;

/* ---- identity (acl_session.c) ------------------------------------------------- */

/* Who the session is: the authenticated role, the session user (SET
 * SESSION AUTHORIZATION) and the current role (SET ROLE; "" none). cur is
 * the session's current-user buffer env->user points at. */
struct sql__identity {
    char auth_user[SQL_NAME_BUF];
    bool auth_super;
    char sess_user[SQL_NAME_BUF];
    bool sess_super;
    char role[SQL_NAME_BUF];
    bool role_super;
    char *cur;
};
struct sql__identity *sql__session_ident(struct sql_session *s);
struct sql_env *sql__session_env(struct sql_session *s);
/* Set up at session open: authenticated as user (superuser or not). */
void sql__acl_identity_init(struct sql_env *env, const char *user, bool super);
/* SET role / session_authorization = value (NULL: RESET): 22023 when the
 * role does not exist, 42501 when the session may not become it. */
int sql__acl_check_identity(struct sql_env *env, const char *name, const char *value,
                            struct err *e);
/* The setting took value v ('r' role, 's' session_authorization): env->user,
 * env->session_user and env->superuser follow. */
void sql__acl_apply_identity(struct sql_env *env, char which, const char *v);

/* ---- settings (settings.c) ---------------------------------------------------- */

struct sql__gucs;

/* A fresh store holding every default (caller owns: sql__gucs_free). */
struct sql__gucs *sql__gucs_new(void);
void sql__gucs_free(struct sql__gucs *g);
/* A session default (start-up packet, options -c): validated as SET, and it
 * becomes the value RESET returns to. Not reported. */
int sql__gucs_set_default(struct sql_env *env, const char *name, const char *value, struct err *e);
/* Put every setting's effect into env (fmt, search path, timeouts). */
void sql__gucs_apply_all(struct sql_env *env);
/* RESET ALL (not transactional-local: as SET of every resettable setting). */
int sql__gucs_reset_all(struct sql_env *env, struct err *e);
/* Transaction ends: commit keeps SET (drops SET LOCAL), rollback restores
 * the values the transaction started with. */
void sql__gucs_txn_end(struct sql_env *env, bool commit);
/* Savepoints: a level number; rollback_to restores the values at that
 * level (the level stays), release forgets it and every later one. */
int sql__gucs_savepoint(struct sql_env *env);
void sql__gucs_rollback_to(struct sql_env *env, int level);
void sql__gucs_release(struct sql_env *env, int level);
/* Next reported setting (GUC_REPORT) whose value changed since the last
 * call; false when none. Strings borrowed until the next change. */
bool sql__gucs_next_report(struct sql__gucs *g, const char **name, const char **value);
/* Every reported setting with its value, to send after start-up. */
size_t sql__gucs_report_all(struct sql__gucs *g, const char **names, const char **values,
                            size_t cap);
/* Effective values (ms; 0: none). */
int sql__gucs_statement_timeout(const struct sql__gucs *g);
int sql__gucs_lock_timeout(const struct sql__gucs *g);
int sql__gucs_deadlock_timeout(const struct sql__gucs *g);
int sql__gucs_idle_in_txn_timeout(const struct sql__gucs *g);
/* default_transaction_isolation (SQL_ISO_*) and _read_only. */
int sql__gucs_default_isolation(const struct sql__gucs *g);
bool sql__gucs_default_read_only(const struct sql__gucs *g);
/* client_min_messages as a severity rank (notice 3, warning 4, error 5...). */
int sql__gucs_min_messages(const struct sql__gucs *g);
int sql__severity_rank(const char *severity);
/* search_path as listed (after "$user" expansion), in ctx. */
int sql__gucs_search_path(const struct sql__gucs *g, const char *user, struct mem_ctx *ctx,
                          const char **out, int cap);

/* The setting's own spelling ("DateStyle"), NULL when unknown. */
const char *sql__guc_canonical_name(const char *name);
/* The same, custom placeholders of env's session included (their name as
 * first set); NULL when unknown. */
const char *sql__guc_session_name(struct sql_env *env, const char *name);
/* The table is sorted (binary search): a unit test checks it. */
bool sql__guc_sorted(void);
/* SET / RESET / SET x TO DEFAULT from the parser's statement. */
int sql__exec_set(struct sql_env *env, const struct sql_stmt *st, struct err *e);
/* The text SET would store for args (PostgreSQL's flatten_set_variable_args). */
int sql__set_args_text(const char *name, const struct sql_list *args, struct mem_ctx *ctx,
                       const char **out, struct err *e);

/* ---- hooks settings.c calls in the session (session.c; tests stub them) -------- */

struct sql__gucs *sql__session_gucs(struct sql_session *s);
/* Inside a transaction (implicit or a block): SET is transactional. */
bool sql__session_in_txn(struct sql_session *s);
/* pg_notify(channel, payload): NOTIFY from an expression (notify.h). */
int sql__session_notify(struct sql_session *s, const char *channel, const char *payload,
                        struct err *e);
/* pg_listening_channels(): the channels s listens on (committed), in ctx. */
size_t sql__session_listening(struct sql_session *s, struct mem_ctx *ctx, const char ***out);
/* The kv savepoint of the innermost open SAVEPOINT (the current
 * subtransaction starts there), 0 outside any. */
uint64_t sql__session_subxact_mark(struct sql_session *s);
/* WHERE CURRENT OF name on t: the row of t the DECLAREd cursor stands on
 * (its table's values, valid until the cursor moves), or PostgreSQL's
 * errors (34000, 24000). */
struct sql_table_desc;
int sql__session_cursor_row(struct sql_session *s, const char *name, const struct sql_table_desc *t,
                            const struct sql_value **row, struct err *e);
/* transaction_isolation / transaction_read_only as SHOW prints them. */
const char *sql__session_txn_isolation(struct sql_session *s);
bool sql__session_txn_read_only(struct sql_session *s);
/* [NOT] DEFERRABLE given for the current transaction block: 1/0, -1 none. */
int sql__session_txn_deferrable(struct sql_session *s);
/* SET transaction_isolation / transaction_read_only (SET TRANSACTION). */
int sql__session_set_txn_mode(struct sql_session *s, int isolation, int read_only, struct err *e);

/* ---- COPY codec (copy.c) ------------------------------------------------------- */

struct sql__copy_opts {
    bool csv;
    bool binary;
    bool header;
    char delim;
    char quote;
    char escape;
    const char *null_str; /* "\N" text, "" csv */
    size_t null_len;
    bool force_quote_all;
    struct sql_list force_quote;    /* char * column names */
    struct sql_list force_not_null; /* char * */
    struct sql_list force_null;     /* char * */
    bool header_match;              /* HEADER MATCH (COPY FROM): names checked */
    bool freeze;
    bool convert_sel;             /* convert_selectively: only convert_list */
    struct sql_list convert_list; /* char * */
    int err_loc;                  /* the option an error points at, or -1 */
};

/* Read COPY options (old and new syntax, as the parser gives them); errors
 * as PostgreSQL (42601 conflicting or redundant options, 22023 ...). */
int sql__copy_opts_parse(const struct sql_list *options, bool from, struct sql__copy_opts *o,
                         struct err *e);

/* One line's fields: field i is fields[i] (len lens[i]) or NULL (SQL NULL);
 * strings in ctx. A line holds no line terminator. */
struct sql__copy_fields {
    size_t n;
    const char **vals;
    size_t *lens;
    bool *quoted; /* csv: the field was quoted (a quoted "" is not NULL) */
};

/* Split one text-format line into fields (escapes decoded). */
int sql__copy_text_split(const struct sql__copy_opts *o, const char *line, size_t len,
                         struct mem_ctx *ctx, struct sql__copy_fields *out, struct err *e);
/* CSV: a record may span lines inside quotes. Given the buffered input
 * [p, p+len), find the end of the next record: *rec_len its bytes without
 * the line terminator, *consumed with it. false when more input is needed
 * (eof: take what there is). */
bool sql__copy_csv_record(const struct sql__copy_opts *o, const char *p, size_t len, bool eof,
                          size_t *rec_len, size_t *consumed);
int sql__copy_csv_split(const struct sql__copy_opts *o, const char *rec, size_t len,
                        struct mem_ctx *ctx, struct sql__copy_fields *out, struct err *e);
/* Output one field (text format escaping / CSV quoting). */
void sql__copy_text_put(const struct sql__copy_opts *o, const char *s, size_t len,
                        struct sbuf *out);
void sql__copy_csv_put(const struct sql__copy_opts *o, const char *s, size_t len, bool force,
                       struct sbuf *out);

/* Run a COPY statement (copy.c), in env->txn, talking to the client
 * through sink. *tag gets "COPY n". */
int sql__exec_copy(struct sql_env *env, const struct sql_stmt *st, const struct sql_sink *sink,
                   struct sbuf *tag, struct err *e);

#endif
