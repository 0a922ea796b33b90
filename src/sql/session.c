/* session.c — a SQL session: the interface pgwire drives (sql.h).
 *
 * This build has no parser or executor yet, so every statement is answered
 * honestly with 0A000 and an empty query string with EmptyQueryResponse, as
 * PostgreSQL answers a string of only whitespace, comments and semicolons.
 * The transaction status therefore never leaves 'I'.
 */
#include "sql/sql.h"

#include "common/err.h"
#include "common/mem.h"

#include <stdio.h>
#include <string.h>

#define NOT_SUPPORTED "feature not supported: SQL statements are not supported by this build yet"

struct sql_session {
    struct kv *kv;
    char user[SQL_NAME_MAX + 1];
    char database[SQL_NAME_MAX + 1];
    char application_name[SQL_NAME_MAX + 1];
    _Atomic bool *cancel;
    enum sql_txn_status status;
};

int sql_session_open(struct kv *kv, const struct sql_session_params *p, struct sql_session **out,
                     struct err *err)
{
    (void)err;
    struct sql_session *s = xcalloc(1, sizeof(*s));
    s->kv = kv;
    snprintf(s->user, sizeof(s->user), "%s", p->user ? p->user : "");
    snprintf(s->database, sizeof(s->database), "%s", p->database ? p->database : "");
    snprintf(s->application_name, sizeof(s->application_name), "%s",
             p->application_name ? p->application_name : "");
    s->cancel = p->cancel;
    s->status = SQL_TXN_IDLE;
    *out = s;
    return 0;
}

void sql_session_close(struct sql_session *s)
{
    xfree(s);
}

enum sql_txn_status sql_session_txn_status(const struct sql_session *s)
{
    return s->status;
}

/* True when text holds no statement: only blanks, comments and ';'
 * (PostgreSQL's lexer rules for -- and nested slash-star comments). */
static bool empty_query(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
            i++;
        } else if (c == '-' && i + 1 < n && t[i + 1] == '-') {
            while (i < n && t[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            int depth = 0;
            while (i < n) {
                if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
                    depth++;
                    i += 2;
                } else if (t[i] == '*' && i + 1 < n && t[i + 1] == '/') {
                    depth--;
                    i += 2;
                    if (depth == 0)
                        break;
                } else {
                    i++;
                }
            }
            if (depth != 0)
                return false; /* unterminated comment: a syntax error, not empty */
        } else {
            return false;
        }
    }
    return true;
}

/* A statement was about to start: honour a pending cancel first. */
static int check_cancel(struct sql_session *s, struct err *err)
{
    if (s->cancel != NULL && atomic_exchange(s->cancel, false))
        return err_set_state(err, ERR_TIMEOUT, "57014", "canceling statement due to user request");
    return 0;
}

static int not_supported(struct err *err)
{
    return err_set_state(err, ERR_UNSUPPORTED, "0A000", NOT_SUPPORTED);
}

int sql_exec_simple(struct sql_session *s, const char *text, size_t len,
                    const struct sql_sink *sink, struct err *err)
{
    if (empty_query(text, len))
        return sink->empty_query(sink->arg);
    int rc = check_cancel(s, err);
    return rc != 0 ? rc : not_supported(err);
}

int sql_prepare(struct sql_session *s, const char *name, const char *text, size_t len,
                size_t nparams, const uint32_t *param_types, struct err *err)
{
    (void)name;
    (void)text;
    (void)len;
    (void)nparams;
    (void)param_types;
    int rc = check_cancel(s, err);
    return rc != 0 ? rc : not_supported(err);
}

/* No statement can be prepared in this build, so every name is unknown
 * (PostgreSQL's errors for a missing statement or portal). */
int sql_bind(struct sql_session *s, const char *portal, const char *stmt, size_t nparams,
             const struct sql_datum *params, const int16_t *formats, size_t nresult_formats,
             const int16_t *result_formats, struct err *err)
{
    (void)s;
    (void)portal;
    (void)nparams;
    (void)params;
    (void)formats;
    (void)nresult_formats;
    (void)result_formats;
    if (stmt[0] == '\0')
        return err_set_state(err, ERR_NOTFOUND, "26000",
                             "unnamed prepared statement does not "
                             "exist");
    return err_set_state(err, ERR_NOTFOUND, "26000", "prepared statement \"%s\" does not exist",
                         stmt);
}

int sql_describe_statement(struct sql_session *s, const char *name, uint32_t *param_types,
                           size_t cap, size_t *nparams, const struct sql_sink *sink,
                           struct err *err)
{
    (void)s;
    (void)param_types;
    (void)cap;
    (void)sink;
    *nparams = 0;
    if (name[0] == '\0')
        return err_set_state(err, ERR_NOTFOUND, "26000",
                             "unnamed prepared statement does not "
                             "exist");
    return err_set_state(err, ERR_NOTFOUND, "26000", "prepared statement \"%s\" does not exist",
                         name);
}

static int no_portal(const char *name, struct err *err)
{
    if (name[0] == '\0')
        return err_set_state(err, ERR_NOTFOUND, "34000", "unnamed portal does not exist");
    return err_set_state(err, ERR_NOTFOUND, "34000", "portal \"%s\" does not exist", name);
}

int sql_describe_portal(struct sql_session *s, const char *name, const struct sql_sink *sink,
                        struct err *err)
{
    (void)s;
    (void)sink;
    return no_portal(name, err);
}

int sql_execute(struct sql_session *s, const char *portal, int32_t max_rows,
                const struct sql_sink *sink, bool *suspended, struct err *err)
{
    (void)s;
    (void)max_rows;
    (void)sink;
    *suspended = false;
    return no_portal(portal, err);
}

void sql_close_statement(struct sql_session *s, const char *name)
{
    (void)s;
    (void)name;
}

void sql_close_portal(struct sql_session *s, const char *name)
{
    (void)s;
    (void)name;
}

int sql_sync(struct sql_session *s, struct err *err)
{
    (void)err;
    if (s->cancel != NULL)
        atomic_store(s->cancel, false); /* a cancel that arrived between statements is moot */
    return 0;
}
