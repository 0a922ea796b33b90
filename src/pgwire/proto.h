/* proto.h — PostgreSQL wire protocol v3: frontend decoder, message parsers,
 * backend message writer.
 *
 * Three parts, all free of I/O (the session thread owns the socket):
 *
 *  1. struct pgw_dec — a resumable, bounded decoder of the frontend byte
 *     stream (STYLE.md §8). Give it bytes as they arrive, split anywhere; it
 *     returns one complete framed message at a time, or ERR_AGAIN when it
 *     needs more. Lengths are checked against the limits below before a byte
 *     of the body is stored, and the body buffer grows with the bytes that
 *     actually arrive, so a peer that announces 64 MiB and sends 5 bytes
 *     costs 5 bytes of memory.
 *  2. pgw_msg_parse and the pgw_parse_* helpers — turn a framed message into
 *     a struct whose strings and byte ranges point into the message body
 *     (borrowed), with every count and length checked against the bytes
 *     left, every string NUL-terminated inside the message and query text
 *     and names checked to be UTF-8.
 *  3. pgw_put_* — append backend messages to a struct sbuf; the length word
 *     is patched in when the message is complete.
 *
 * Reference: PostgreSQL 15 documentation, chapter 55 "Frontend/Backend
 * Protocol", §55.2 "Message Flow", §55.7 "Message Formats", §55.8 "Error and
 * Notice Message Fields"; the limits and messages are those of PostgreSQL's
 * postmaster.c (ProcessStartupPacket), postgres.c (SocketBackend) and
 * pqformat.c (pq_getmsg*).
 *
 * Framing on the wire (all integers big-endian):
 *
 *   start-up phase, no type byte:
 *     OFFSET SIZE MEANING
 *     0      4    length N, including itself; 8 <= N <= 4 + 10000
 *     4      4    code: 196608 (3.0) StartupMessage, 80877103 SSLRequest,
 *                 80877104 GSSENCRequest, 80877102 CancelRequest
 *     8      N-8  body (StartupMessage: name\0value\0 ... \0;
 *                 CancelRequest: Int32 pid, Int32 key; SSL/GSSENC: empty)
 *
 *   later phases, typed:
 *     OFFSET SIZE MEANING
 *     0      1    type byte ('Q', 'P', ...)
 *     1      4    length N, including itself; N >= 4
 *     5      N-4  body
 *
 * Limits (checked before the body is stored):
 *   - start-up packet body (after the length word): at most 10000 bytes,
 *     PostgreSQL's MAX_STARTUP_PACKET_LENGTH; else 08P01.
 *   - 'Q' 'P' 'B' 'F' 'd': at most the configured max_message_size (the
 *     server passes network.max_message_size_mb << 20); else 54000.
 *   - 'S' 'H' 'X' 'C' 'D' 'E' 'c' 'f': at most 10000 bytes (PostgreSQL's
 *     PQ_SMALL_MESSAGE_LIMIT); else 08P01 "invalid message length".
 *   - 'p' in the authentication phase: at most 65535 bytes
 *     (PG_MAX_AUTH_TOKEN_LENGTH); else 08P01 "invalid message length".
 *
 * Errors: ERR_INVAL with SQLSTATE 08P01 (protocol_violation) for malformed
 * input, ERR_LIMIT (54000, program_limit_exceeded) for a message over
 * max_message_size, ERR_UNSUPPORTED (0A000) for a protocol version or a
 * message we do not implement, ERR_INVAL with 22021
 * (character_not_in_repertoire) for invalid UTF-8, ERR_INVAL with 22023
 * (invalid_parameter_value) for a bad format code, ERR_NOMEM (53200) when a
 * bounded allocation fails. Messages follow PostgreSQL's wording.
 */
#ifndef SF_PGWIRE_PROTO_H
#define SF_PGWIRE_PROTO_H

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------ */
/* Constants                                                                 */

#define PGW_PROTOCOL_VERSION(major, minor) (((uint32_t)(major) << 16) | (uint32_t)(minor))
#define PGW_PROTOCOL_LATEST                PGW_PROTOCOL_VERSION(3, 0)
#define PGW_CANCEL_REQUEST_CODE            PGW_PROTOCOL_VERSION(1234, 5678) /* 80877102 */
#define PGW_SSL_REQUEST_CODE               PGW_PROTOCOL_VERSION(1234, 5679) /* 80877103 */
#define PGW_GSSENC_REQUEST_CODE            PGW_PROTOCOL_VERSION(1234, 5680) /* 80877104 */

#define PGW_MAX_STARTUP_PACKET  10000u      /* body after the length word */
#define PGW_SMALL_MESSAGE_LIMIT 10000u      /* length word of small messages */
#define PGW_AUTH_MESSAGE_LIMIT  65535u      /* length word of 'p' while authenticating */
#define PGW_MAX_BACKEND_MESSAGE 0x3fffffffu /* what pgw_put_* will write (1 GiB - 1) */
#define PGW_DEFAULT_MAX_MESSAGE (64u << 20) /* network.max_message_size_mb default */

#define PGW_SQLSTATE_PROTOCOL_VIOLATION "08P01"
#define PGW_SQLSTATE_BAD_ENCODING       "22021"
#define PGW_SQLSTATE_INVALID_PARAMETER  "22023"
#define PGW_SQLSTATE_INVALID_AUTH_SPEC  "28000"
#define PGW_SQLSTATE_INVALID_PASSWORD   "28P01"

_Static_assert(PGW_CANCEL_REQUEST_CODE == 80877102u, "CancelRequest code");
_Static_assert(PGW_SSL_REQUEST_CODE == 80877103u, "SSLRequest code");
_Static_assert(PGW_GSSENC_REQUEST_CODE == 80877104u, "GSSENCRequest code");
_Static_assert(PGW_PROTOCOL_LATEST == 196608u, "protocol 3.0");

/* What a framed message is. Typed messages use their type byte; start-up
 * packets, which have none, use values above any byte. */
enum pgw_msg_type {
    PGW_MSG_QUERY = 'Q',
    PGW_MSG_PARSE = 'P',
    PGW_MSG_BIND = 'B',
    PGW_MSG_EXECUTE = 'E',
    PGW_MSG_DESCRIBE = 'D',
    PGW_MSG_CLOSE = 'C',
    PGW_MSG_SYNC = 'S',
    PGW_MSG_FLUSH = 'H',
    PGW_MSG_TERMINATE = 'X',
    PGW_MSG_COPY_DATA = 'd',
    PGW_MSG_COPY_DONE = 'c',
    PGW_MSG_COPY_FAIL = 'f',
    PGW_MSG_PASSWORD = 'p', /* PasswordMessage, SASLInitialResponse or SASLResponse */
    PGW_MSG_FUNCTION_CALL = 'F',
    PGW_MSG_STARTUP = 0x100, /* StartupMessage, protocol 3.x */
    PGW_MSG_SSL_REQUEST,
    PGW_MSG_GSSENC_REQUEST,
    PGW_MSG_CANCEL_REQUEST,
};

/* Which messages the decoder accepts (PostgreSQL's connection phases):
 *
 *   STARTUP --(StartupMessage accepted, auth needed)--> AUTH --(AuthOk)--> NORMAL
 *      |  ^                                                                 ^
 *      |  +-- SSLRequest / GSSENCRequest answered: the next packet is again |
 *      |      a start-up packet                                             |
 *      +------------------(trust: no authentication)------------------------+
 *
 * The session moves the decoder with pgw_dec_set_phase; the decoder never
 * changes phase by itself. */
enum pgw_phase {
    PGW_PHASE_STARTUP, /* untyped start-up packets */
    PGW_PHASE_AUTH,    /* only 'p', at most PGW_AUTH_MESSAGE_LIMIT */
    PGW_PHASE_NORMAL,  /* every frontend message except 'p' */
};

/* A complete framed message. body/len are borrowed from the decoder until
 * the next pgw_dec_next, pgw_dec_set_phase or pgw_dec_free. body is followed
 * by a NUL byte that is not part of the message (a guard, never relied on by
 * the parsers). */
struct pgw_msg {
    int type;            /* enum pgw_msg_type */
    uint32_t code;       /* start-up packets: the protocol or request code */
    const uint8_t *body; /* after the length word (start-up: after the code) */
    size_t len;
};

/* ------------------------------------------------------------------------ */
/* Decoder                                                                   */

/* The decoder's state; the fields are private (tests may look). */
struct pgw_dec {
    enum pgw_phase phase;
    size_t max_message; /* limit on the length word of large messages */
    int state;          /* DEC_* in proto.c */
    uint8_t hdr[8];     /* type byte and length word (or length and code) */
    size_t hdr_have;
    int type;
    uint32_t code;
    uint8_t *buf; /* body; decoder owns; grows as bytes arrive */
    size_t cap;
    size_t have;
    size_t need;
    struct err failed; /* after an error: sticky, every call returns it */
};

/* Initialise a decoder in PGW_PHASE_STARTUP. max_message is the largest
 * length word accepted for large messages, in bytes (0 picks
 * PGW_DEFAULT_MAX_MESSAGE); it is clamped to at least
 * PGW_SMALL_MESSAGE_LIMIT. */
void pgw_dec_init(struct pgw_dec *d, size_t max_message);
/* Release the body buffer. The decoder may be initialised again. */
void pgw_dec_free(struct pgw_dec *d);
/* Switch phase. PRE: at a message boundary (pgw_dec_idle). The last message
 * returned is no longer valid. */
void pgw_dec_set_phase(struct pgw_dec *d, enum pgw_phase phase);
/* True when no partial message is buffered. After an SSLRequest the session
 * must also check that the caller's read buffer holds nothing beyond the
 * request (PostgreSQL: "received unencrypted data after SSL request",
 * CVE-2021-23214): bytes sent before the TLS handshake must not be read as
 * if they came through TLS. */
bool pgw_dec_idle(const struct pgw_dec *d);

/* Consume bytes from in[0..len) until one message is complete or the input
 * is exhausted. *used (always set) is how many bytes were consumed; the
 * caller keeps the rest for the next call. Returns:
 *   0           — *msg is a complete message (borrowed, see struct pgw_msg);
 *                 bytes after it in `in` were not consumed.
 *   ERR_AGAIN   — all of `in` was consumed, no message is complete yet.
 *   < 0 other   — the stream is broken (e filled, SQLSTATE as above). The
 *                 decoder stays failed: every later call returns the same
 *                 error. Send an ErrorResponse and close the connection.
 * len may be 0. Never reads past in[len - 1]. */
int pgw_dec_next(struct pgw_dec *d, const void *in, size_t len, size_t *used, struct pgw_msg *msg,
                 struct err *e);

/* ------------------------------------------------------------------------ */
/* Parsed frontend messages                                                  */
/* Every const char * below is a NUL-terminated string inside the message
 * body and every const uint8_t * a byte range inside it: borrowed for as
 * long as the struct pgw_msg is valid. Arrays come from the mem_ctx given
 * to the parser and live until it is reset. */

struct pgw_startup {
    uint16_t major, minor; /* 3, and the minor the client asked for */
    size_t nparams;
    const char **names; /* "user", "database", "options", "application_name", ... */
    const char **values;
};

struct pgw_cancel {
    int32_t pid;
    int32_t key;
};

struct pgw_query {
    const char *sql; /* valid UTF-8 */
    size_t len;      /* strlen(sql) */
};

struct pgw_parse {
    const char *stmt;  /* "" = the unnamed statement */
    const char *query; /* valid UTF-8 */
    size_t query_len;
    uint16_t nparams;
    const uint32_t *param_types; /* OIDs, 0 = unspecified; in ctx */
};

/* A parameter or column value: len -1 is SQL NULL (data NULL). */
struct pgw_value {
    const uint8_t *data;
    int32_t len;
};

struct pgw_bind {
    const char *portal; /* "" = the unnamed portal */
    const char *stmt;
    uint16_t nformats; /* 0: all text; 1: applies to all; else one per param */
    const int16_t *formats;
    uint16_t nparams;
    const struct pgw_value *params;
    uint16_t nresult_formats; /* same rule, applied to result columns */
    const int16_t *result_formats;
};

struct pgw_execute {
    const char *portal;
    int32_t max_rows; /* <= 0: no limit */
};

/* Describe and Close. */
struct pgw_target {
    char kind; /* 'S' statement or 'P' portal */
    const char *name;
};

struct pgw_copy_data {
    const uint8_t *data;
    size_t len;
};

struct pgw_copy_fail {
    const char *message; /* valid UTF-8 */
};

struct pgw_password {
    const char *password; /* may be empty; the caller refuses "" */
    size_t len;
};

struct pgw_sasl_initial {
    const char *mechanism; /* "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", ... */
    const uint8_t *data;   /* NULL when the client sent no initial response */
    int32_t len;           /* -1 when data is NULL */
};

struct pgw_sasl_response {
    const uint8_t *data;
    size_t len;
};

/* A parsed frontend message. For 'p' (PGW_MSG_PASSWORD) pgw_msg_parse only
 * fills raw: which of the three messages it is depends on what the server
 * asked for, so the session calls pgw_parse_password,
 * pgw_parse_sasl_initial or pgw_parse_sasl_response. */
struct pgw_fmsg {
    int type; /* enum pgw_msg_type */
    union {
        struct pgw_startup startup;
        struct pgw_cancel cancel;
        struct pgw_query query;
        struct pgw_parse parse;
        struct pgw_bind bind;
        struct pgw_execute execute;
        struct pgw_target target; /* Describe, Close */
        struct pgw_copy_data copy_data;
        struct pgw_copy_fail copy_fail;
        struct pgw_copy_data raw; /* 'p' */
    } u;
};

/* Parse any framed message. SSLRequest, GSSENCRequest, Sync, Flush,
 * Terminate and CopyDone carry nothing but must be empty. Returns 0, or
 * ERR_INVAL (08P01 malformed, 22021 invalid UTF-8, 22023 bad format code),
 * ERR_UNSUPPORTED (0A000: FunctionCall, protocol other than 3.x), ERR_NOMEM
 * (arrays: bounded by the message size, taken with mem_try_alloc from ctx).
 * Arrays are allocated in ctx; everything else is borrowed from msg. */
int pgw_msg_parse(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_fmsg *out,
                  struct err *e);

/* StartupMessage. Refuses protocol majors other than 3 (0A000, "unsupported
 * frontend protocol %u.%u: server supports 3.0 to 3.0"), a missing final
 * terminator (08P01 "invalid startup packet layout: expected terminator as
 * last byte") and a packet without "user" (28000, "no PostgreSQL user name
 * specified in startup packet"). Values are not checked for UTF-8 (as in
 * PostgreSQL); the session checks the ones it uses. Minor versions above 0
 * and "_pq_." options are accepted: answer them with
 * NegotiateProtocolVersion (see pgw_startup_needs_negotiation). */
int pgw_parse_startup(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_startup *out,
                      struct err *e);
/* The value of a start-up parameter (the last one if repeated), or NULL. */
const char *pgw_startup_get(const struct pgw_startup *s, const char *name);
/* True when the client asked for a minor version above 0 or sent "_pq_."
 * options: the server must send NegotiateProtocolVersion before
 * authentication. *nopts counts the "_pq_." options. */
bool pgw_startup_needs_negotiation(const struct pgw_startup *s, size_t *nopts);

int pgw_parse_cancel(const struct pgw_msg *msg, struct pgw_cancel *out, struct err *e);
int pgw_parse_query(const struct pgw_msg *msg, struct pgw_query *out, struct err *e);
int pgw_parse_parse(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_parse *out,
                    struct err *e);
/* Bind: besides the counts, refuses "bind message has %d parameter formats
 * but %d parameters" (08P01), parameter lengths below -1, and format codes
 * other than 0 and 1 ("unsupported format code: %d", 22023). Whether the
 * counts match the statement is the session's business. */
int pgw_parse_bind(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_bind *out,
                   struct err *e);
/* The format (0 text, 1 binary) of parameter i, by the protocol's rule. */
int pgw_bind_param_format(const struct pgw_bind *b, uint16_t i);
/* The format of result column i (any i: the rule covers every column). */
int pgw_bind_result_format(const struct pgw_bind *b, uint16_t i);
int pgw_parse_execute(const struct pgw_msg *msg, struct pgw_execute *out, struct err *e);
/* Describe ('D') or Close ('C'): refuses kinds other than 'S' and 'P'
 * ("invalid DESCRIBE message subtype %d", "invalid CLOSE message subtype %d"). */
int pgw_parse_target(const struct pgw_msg *msg, struct pgw_target *out, struct err *e);
int pgw_parse_copy_fail(const struct pgw_msg *msg, struct pgw_copy_fail *out, struct err *e);
/* 'p' as PasswordMessage: one string filling the message ("invalid password
 * packet size" otherwise). */
int pgw_parse_password(const struct pgw_msg *msg, struct pgw_password *out, struct err *e);
/* 'p' as SASLInitialResponse: mechanism, Int32 length (-1: none), bytes. */
int pgw_parse_sasl_initial(const struct pgw_msg *msg, struct pgw_sasl_initial *out, struct err *e);
/* 'p' as SASLResponse: the whole body. */
int pgw_parse_sasl_response(const struct pgw_msg *msg, struct pgw_sasl_response *out,
                            struct err *e);

/* Write a parsed frontend message back in wire form (the type byte or, for
 * start-up packets, the length and code first): the inverse of
 * pgw_msg_parse, byte for byte. For tests, fuzzing and a future proxy.
 * PGW_MSG_PASSWORD writes u.raw. Returns 0, or ERR_UNSUPPORTED for
 * FunctionCall, ERR_LIMIT when the message would exceed
 * PGW_MAX_BACKEND_MESSAGE. */
int pgw_fmsg_write(struct sbuf *b, const struct pgw_fmsg *f, struct err *e);

/* Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF; NUL is refused too, as in PostgreSQL's pg_verify_mbstr).
 * pgw_utf8_check fills e like PostgreSQL: 22021, "invalid byte sequence for
 * encoding \"UTF8\": 0xc3 0x28". */
bool pgw_utf8_valid(const void *s, size_t n);
int pgw_utf8_check(const void *s, size_t n, struct err *e);

/* ------------------------------------------------------------------------ */
/* Backend message writer                                                    */
/* Each pgw_put_* appends one complete message to b. Functions of a fixed
 * size return nothing; the others return 0 or ERR_LIMIT (54000) when the
 * message would pass PGW_MAX_BACKEND_MESSAGE or a count would not fit its
 * Int16 — then b is left exactly as it was. Strings are C strings. */

/* Start a message of type `type`; returns the offset of its length word. */
size_t pgw_put_begin(struct sbuf *b, char type);
/* Patch the length word written at `start`. ERR_LIMIT (and b truncated back
 * to the type byte) when the message is too large. */
int pgw_put_end(struct sbuf *b, size_t start, struct err *e);
void pgw_put_int8(struct sbuf *b, uint8_t v);
void pgw_put_int16(struct sbuf *b, uint16_t v);
void pgw_put_int32(struct sbuf *b, uint32_t v);
void pgw_put_cstr(struct sbuf *b, const char *s); /* with its NUL */

/* The one byte answering SSLRequest/GSSENCRequest: 'S'/'G' yes, 'N' no. */
void pgw_put_ssl_answer(struct sbuf *b, char answer);

enum pgw_auth_code {
    PGW_AUTH_OK = 0,
    PGW_AUTH_CLEARTEXT_PASSWORD = 3,
    PGW_AUTH_SASL = 10,
    PGW_AUTH_SASL_CONTINUE = 11,
    PGW_AUTH_SASL_FINAL = 12,
};
void pgw_put_auth_ok(struct sbuf *b);
void pgw_put_auth_cleartext(struct sbuf *b);
/* AuthenticationSASL: the mechanism names, each NUL-terminated, then "". */
int pgw_put_auth_sasl(struct sbuf *b, const char *const *mechs, size_t n, struct err *e);
int pgw_put_auth_sasl_continue(struct sbuf *b, const void *data, size_t len, struct err *e);
int pgw_put_auth_sasl_final(struct sbuf *b, const void *data, size_t len, struct err *e);

int pgw_put_parameter_status(struct sbuf *b, const char *name, const char *value, struct err *e);
void pgw_put_backend_key_data(struct sbuf *b, int32_t pid, int32_t key);
/* status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
/* NotificationResponse ('A'): a NOTIFY of backend pid on channel. */
void pgw_put_notification(struct sbuf *b, int32_t pid, const char *channel, const char *payload);
void pgw_put_ready_for_query(struct sbuf *b, char status);

struct pgw_field {
    const char *name;
    uint32_t table_oid; /* 0 when not a table column */
    int16_t attnum;     /* 0 when not a table column */
    uint32_t type_oid;
    int16_t typlen; /* pg_type.typlen; negative: variable */
    int32_t typmod; /* -1 when none */
    int16_t format; /* 0 text, 1 binary */
};
int pgw_put_row_description(struct sbuf *b, const struct pgw_field *f, size_t n, struct err *e);
/* DataRow: len -1 writes NULL. */
int pgw_put_data_row(struct sbuf *b, const struct pgw_value *cols, size_t n, struct err *e);
/* tag: "SELECT 3", "INSERT 0 1", "BEGIN", ... */
int pgw_put_command_complete(struct sbuf *b, const char *tag, struct err *e);
void pgw_put_empty_query(struct sbuf *b);

/* ErrorResponse / NoticeResponse fields (§55.8). NULL fields are left out;
 * position 0 means none. severity is written as both S and V (we do not
 * translate messages). */
struct pgw_notice {
    const char *severity;       /* "ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", ... */
    const char *sqlstate;       /* C, five characters */
    const char *message;        /* M */
    const char *detail;         /* D */
    const char *hint;           /* H */
    int position;               /* P: 1-based character index into the query */
    int internal_position;      /* p */
    const char *internal_query; /* q */
    const char *where;          /* W */
    const char *schema;         /* s */
    const char *table;          /* t */
    const char *column;         /* c */
    const char *datatype;       /* d */
    const char *constraint;     /* n */
    const char *file;           /* F */
    int line;                   /* L, 0 = none */
    const char *routine;        /* R */
};
int pgw_put_error(struct sbuf *b, const struct pgw_notice *n, struct err *e);
int pgw_put_notice(struct sbuf *b, const struct pgw_notice *n, struct err *e);
/* ErrorResponse from a struct err: SQLSTATE err_sqlstate(src), message
 * src->msg (or err_str of the code when empty). */
int pgw_put_error_from_err(struct sbuf *b, const char *severity, const struct err *src,
                           struct err *e);

void pgw_put_parse_complete(struct sbuf *b);
void pgw_put_bind_complete(struct sbuf *b);
void pgw_put_close_complete(struct sbuf *b);
void pgw_put_no_data(struct sbuf *b);
void pgw_put_portal_suspended(struct sbuf *b);
int pgw_put_parameter_description(struct sbuf *b, const uint32_t *oids, size_t n, struct err *e);
/* CopyInResponse ('G') / CopyOutResponse ('H'): overall format 0 text or 1
 * binary, then one format per column. */
int pgw_put_copy_in_response(struct sbuf *b, int8_t format, const int16_t *col_formats, size_t n,
                             struct err *e);
int pgw_put_copy_out_response(struct sbuf *b, int8_t format, const int16_t *col_formats, size_t n,
                              struct err *e);
int pgw_put_copy_data(struct sbuf *b, const void *data, size_t len, struct err *e);
void pgw_put_copy_done(struct sbuf *b);
/* NegotiateProtocolVersion ('v'): the newest minor version we support for
 * the requested major, and the "_pq_." options we did not recognise. */
int pgw_put_negotiate_protocol_version(struct sbuf *b, uint32_t newest_minor,
                                       const char *const *opts, size_t n, struct err *e);

#endif
