/* err.h — the one table of error codes, their SQLSTATEs and messages.
 *
 * Functions return int: 0 on success or a negative ERR_* code. Details travel
 * in a struct err owned by the failing object (or the caller's stack): a code,
 * a SQLSTATE and a message that each layer may prefix ("start: admin http:
 * bind 127.0.0.1:9090: Address already in use"), as the raft library wraps
 * its errmsg.
 *
 * ERR_MAP is an X-macro (libuv's UV_ERRNO_MAP): X(NAME, SQLSTATE, message).
 * The enum value of ERR_<NAME> is minus its position + 1.
 */
#ifndef SF_COMMON_ERR_H
#define SF_COMMON_ERR_H

#include <stdarg.h>
#include <stddef.h>

#define ERR_MAP(X)                                                              \
    X(NOMEM, "53200", "out of memory")                                          \
    X(INVAL, "22023", "invalid argument")                                       \
    X(IO, "58030", "I/O error")                                                 \
    X(CORRUPT, "XX001", "data corrupted")                                       \
    X(NOTFOUND, "42704", "not found")                                           \
    X(EXISTS, "42710", "already exists")                                        \
    X(BUSY, "55006", "object in use")                                           \
    X(TIMEOUT, "57014", "timed out")                                            \
    X(CONFIG, "F0000", "configuration error")                                   \
    X(UNSUPPORTED, "0A000", "feature not supported")                            \
    X(LIMIT, "54000", "limit exceeded")                                         \
    X(SHUTDOWN, "57P01", "shutting down")                                       \
    X(NOTLEADER, "40001", "not the leader")                                     \
    X(CONFLICT, "40001", "could not serialize access due to concurrent update") \
    X(DEADLOCK, "40P01", "deadlock detected")                                   \
    X(LOCKTIMEOUT, "55P03", "lock not available")                               \
    X(AGAIN, "XX000", "try again")                                              \
    X(INTERNAL, "XX000", "internal error")

#define ERR_OK 0

/* Codes are negative: ERR_NOMEM == -1, ERR_INVAL == -2, ... */
#define ERR__DEF(name, state, msg) ERR__POS_##name,
enum { ERR_MAP(ERR__DEF) ERR__COUNT };
#undef ERR__DEF
#define ERR__NEG(name, state, msg) ERR_##name = -(ERR__POS_##name + 1),
enum err_codes { ERR_MAP(ERR__NEG) };
#undef ERR__NEG

#define ERR_MSG_MAX 1024

/* An error with its message chain. Zero-initialised means "no error". */
struct err {
    int code;              /* 0 or an ERR_* code */
    char sqlstate[6];      /* five characters and a NUL; "" means the code's default */
    char msg[ERR_MSG_MAX]; /* human-readable, prefixed by each layer */
};

/* Message of a code, "unknown error" for codes outside the table. Static. */
const char *err_str(int code);
/* SQLSTATE of a code ("00000" for 0, "XX000" for unknown codes). Static. */
const char *err_code_sqlstate(int code);
/* SQLSTATE of an error: its own if set, else its code's. */
const char *err_sqlstate(const struct err *e);

/* Set e (may be NULL) to code with a formatted message; returns code, so
 * callers write `return err_set(e, ERR_INVAL, "bad port %d", p);` */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int err_vset(struct err *e, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Same, with an explicit SQLSTATE (5 characters). */
int err_set_state(struct err *e, int code, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Prepend "<prefix>: " to the message; returns e->code. */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set from errno: message "<what>: <strerror(errnum)>", code ERR_IO (ENOMEM ->
 * ERR_NOMEM, EEXIST -> ERR_EXISTS, ENOENT -> ERR_NOTFOUND, EBUSY/EAGAIN ->
 * ERR_BUSY). Returns the code. */
int err_errno(struct err *e, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void err_clear(struct err *e);

#endif
