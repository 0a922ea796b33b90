/* err.c — error codes, SQLSTATEs and message chains (see err.h). */
#include "common/err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct err_row {
    const char *state;
    const char *msg;
};

#define ERR__ROW(name, state, msg) {state, msg},
static const struct err_row err_rows[] = {ERR_MAP(ERR__ROW)};
#undef ERR__ROW

_Static_assert(sizeof(err_rows) / sizeof(err_rows[0]) == ERR__COUNT, "error table length");

static const struct err_row *row_of(int code)
{
    if (code >= 0 || code < -ERR__COUNT) /* not -code: INT_MIN has no negation */
        return NULL;
    return &err_rows[-code - 1];
}

const char *err_str(int code)
{
    const struct err_row *r = row_of(code);
    if (code == 0)
        return "ok";
    return r ? r->msg : "unknown error";
}

const char *err_code_sqlstate(int code)
{
    const struct err_row *r = row_of(code);
    if (code == 0)
        return "00000";
    return r ? r->state : "XX000";
}

const char *err_sqlstate(const struct err *e)
{
    if (e->sqlstate[0] != '\0')
        return e->sqlstate;
    return err_code_sqlstate(e->code);
}

int err_vset(struct err *e, int code, const char *fmt, va_list ap)
{
    if (e == NULL)
        return code;
    e->code = code;
    e->sqlstate[0] = '\0';
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    return code;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int err_set_state(struct err *e, int code, const char *sqlstate, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, fmt, ap);
    va_end(ap);
    if (e != NULL && sqlstate != NULL && strlen(sqlstate) == 5)
        memcpy(e->sqlstate, sqlstate, 6);
    return code;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
    char prefix[256];
    char old[ERR_MSG_MAX];
    va_list ap;

    if (e == NULL)
        return 0;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof(old));
    snprintf(e->msg, sizeof(e->msg), "%s: %s", prefix, old);
    return e->code;
}

int err_errno(struct err *e, int errnum, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    int code;

    switch (errnum) {
    case ENOMEM:
        code = ERR_NOMEM;
        break;
    case EEXIST:
        code = ERR_EXISTS;
        break;
    case ENOENT:
        code = ERR_NOTFOUND;
        break;
    case EBUSY:
    case EAGAIN:
        code = ERR_BUSY;
        break;
    default:
        code = ERR_IO;
        break;
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return err_set(e, code, "%s: %s", what, strerror(errnum));
}

void err_clear(struct err *e)
{
    if (e == NULL)
        return;
    e->code = 0;
    e->sqlstate[0] = '\0';
    e->msg[0] = '\0';
}
