/* proto.c — PostgreSQL v3 frontend decoder, message parsers and backend
 * writer (see proto.h).
 *
 * The decoder is an nginx-style state machine over the caller's bytes:
 * HEADER collects the type byte and length word (or, in the start-up phase,
 * the length word and the code) and validates each as soon as it is
 * complete, so a bad type is refused before its length is read and a bad
 * length before any body byte is stored; BODY copies body bytes into a
 * buffer that grows with what has arrived, never beyond the announced
 * length; DELIVERED means the last message was handed out and is discarded
 * on the next call; FAILED is sticky.
 *
 * The parsers follow PostgreSQL's pqformat.c: every read checks the bytes
 * left ("insufficient data left in message"), strings must end inside the
 * message ("invalid string in message"), and a message must be consumed
 * exactly ("invalid message format").
 */
#include "pgwire/proto.h"

#include "common/assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEC_HEADER, DEC_BODY, DEC_DELIVERED, DEC_FAILED };

/* A body buffer larger than this is released once its message is done, so
 * one large COPY row or query does not pin memory for the connection's life. */
#define DEC_KEEP_BUFFER (1u << 20)
#define DEC_FIRST_ALLOC 256u

static const uint8_t empty_body[1] = {0};

static int proto_err(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int proto_err(struct err *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, ERR_INVAL, fmt, ap);
    va_end(ap);
    if (e != NULL)
        memcpy(e->sqlstate, PGW_SQLSTATE_PROTOCOL_VIOLATION, 6);
    return ERR_INVAL;
}

static uint32_t get_u32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | (unsigned)p[1]);
}

/* ------------------------------------------------------------------------ */
/* Decoder                                                                   */

void pgw_dec_init(struct pgw_dec *d, size_t max_message)
{
    memset(d, 0, sizeof(*d));
    if (max_message == 0)
        max_message = PGW_DEFAULT_MAX_MESSAGE;
    if (max_message < PGW_SMALL_MESSAGE_LIMIT)
        max_message = PGW_SMALL_MESSAGE_LIMIT;
    d->max_message = max_message;
    d->phase = PGW_PHASE_STARTUP;
    d->state = DEC_HEADER;
}

void pgw_dec_free(struct pgw_dec *d)
{
    free(d->buf);
    d->buf = NULL;
    d->cap = d->have = d->need = 0;
}

/* Forget the delivered message; start collecting the next header. */
static void dec_restart(struct pgw_dec *d)
{
    if (d->cap > DEC_KEEP_BUFFER) {
        free(d->buf);
        d->buf = NULL;
        d->cap = 0;
    }
    d->state = DEC_HEADER;
    d->hdr_have = 0;
    d->have = d->need = 0;
    d->type = 0;
    d->code = 0;
}

bool pgw_dec_idle(const struct pgw_dec *d)
{
    return d->state == DEC_DELIVERED || (d->state == DEC_HEADER && d->hdr_have == 0);
}

void pgw_dec_set_phase(struct pgw_dec *d, enum pgw_phase phase)
{
    PRE(pgw_dec_idle(d) || d->state == DEC_FAILED);
    if (d->state == DEC_DELIVERED)
        dec_restart(d);
    d->phase = phase;
}

/* Keep the error for later calls (the stream has lost its framing). */
static int dec_fail(struct pgw_dec *d, const struct err *le, struct err *e)
{
    d->failed = *le;
    d->state = DEC_FAILED;
    if (e != NULL)
        *e = *le;
    return le->code;
}

static bool type_is_small(int t)
{
    switch (t) {
    case 'S':
    case 'H':
    case 'X':
    case 'C':
    case 'D':
    case 'E':
    case 'c':
    case 'f':
        return true;
    default:
        return false;
    }
}

static bool type_known_normal(int t)
{
    switch (t) {
    case 'Q':
    case 'P':
    case 'B':
    case 'E':
    case 'D':
    case 'C':
    case 'S':
    case 'H':
    case 'X':
    case 'd':
    case 'c':
    case 'f':
    case 'F':
        return true;
    default:
        return false;
    }
}

/* The type byte has arrived: refuse it before reading a length. */
static int check_type(struct pgw_dec *d, uint8_t t, struct err *e)
{
    if (d->phase == PGW_PHASE_AUTH) {
        if (t != 'p')
            return proto_err(e, "expected password response, got message type %d", t);
        return 0;
    }
    if (!type_known_normal(t))
        return proto_err(e, "invalid frontend message type %d", t);
    return 0;
}

/* The typed header is complete: validate the length word. */
static int check_typed_length(struct pgw_dec *d, uint32_t n, struct err *e)
{
    if (n < 4)
        return proto_err(e, "invalid message length");
    if (d->phase == PGW_PHASE_AUTH) {
        if (n > PGW_AUTH_MESSAGE_LIMIT)
            return proto_err(e, "invalid message length");
        return 0;
    }
    if (type_is_small(d->type)) {
        if (n > PGW_SMALL_MESSAGE_LIMIT)
            return proto_err(e, "invalid message length");
        return 0;
    }
    if (n > d->max_message)
        return err_set(e, ERR_LIMIT,
                       "message of type \"%c\" is too large: %u bytes, the limit is %zu bytes "
                       "(network.max_message_size_mb)",
                       (char)d->type, n, d->max_message);
    return 0;
}

/* The start-up length word has arrived (ProcessStartupPacket). */
static int check_startup_length(uint32_t n, struct err *e)
{
    if (n < 8 || n - 4 > PGW_MAX_STARTUP_PACKET)
        return proto_err(e, "invalid length of startup packet");
    return 0;
}

/* Length and code are known: classify the packet. */
static int check_startup_code(struct pgw_dec *d, uint32_t n, uint32_t code, struct err *e)
{
    switch (code) {
    case PGW_SSL_REQUEST_CODE:
    case PGW_GSSENC_REQUEST_CODE:
        if (n != 8)
            return proto_err(e, "invalid length of startup packet");
        d->type = code == PGW_SSL_REQUEST_CODE ? PGW_MSG_SSL_REQUEST : PGW_MSG_GSSENC_REQUEST;
        return 0;
    case PGW_CANCEL_REQUEST_CODE:
        if (n != 16)
            return proto_err(e, "invalid length of startup packet");
        d->type = PGW_MSG_CANCEL_REQUEST;
        return 0;
    default:
        if ((code >> 16) != 3)
            return err_set(e, ERR_UNSUPPORTED,
                           "unsupported frontend protocol %u.%u: server supports 3.0 to 3.0",
                           code >> 16, code & 0xffff);
        d->type = PGW_MSG_STARTUP;
        return 0;
    }
}

/* Make room for `want` body bytes plus the guard NUL. */
static int dec_reserve(struct pgw_dec *d, size_t want, struct err *e)
{
    if (want + 1 <= d->cap)
        return 0;
    size_t cap = d->cap ? d->cap : DEC_FIRST_ALLOC;
    while (cap < want + 1)
        cap *= 2;
    if (cap > d->need + 1)
        cap = d->need + 1;
    uint8_t *nb = realloc(d->buf, cap);
    if (nb == NULL)
        return err_set(e, ERR_NOMEM, "out of memory: message of %zu bytes", d->need);
    d->buf = nb;
    d->cap = cap;
    return 0;
}

static void dec_deliver(struct pgw_dec *d, struct pgw_msg *msg)
{
    msg->type = d->type;
    msg->code = d->code;
    msg->len = d->need;
    if (d->need == 0) {
        msg->body = empty_body;
    } else {
        d->buf[d->need] = 0;
        msg->body = d->buf;
    }
    d->state = DEC_DELIVERED;
}

int pgw_dec_next(struct pgw_dec *d, const void *in, size_t len, size_t *used, struct pgw_msg *msg,
                 struct err *e)
{
    const uint8_t *p = in;
    size_t off = 0;
    struct err le = {0};

    *used = 0;
    if (d->state == DEC_FAILED) {
        if (e != NULL)
            *e = d->failed;
        return d->failed.code;
    }
    if (d->state == DEC_DELIVERED)
        dec_restart(d);

    if (d->state == DEC_HEADER) {
        bool startup = d->phase == PGW_PHASE_STARTUP;
        size_t hlen = startup ? 8 : 5;
        while (d->hdr_have < hlen && off < len) {
            d->hdr[d->hdr_have++] = p[off++];
            if (!startup && d->hdr_have == 1) {
                d->type = d->hdr[0];
                if (check_type(d, d->hdr[0], &le) < 0)
                    goto fail;
            } else if (startup && d->hdr_have == 4) {
                if (check_startup_length(get_u32(d->hdr), &le) < 0)
                    goto fail;
            }
        }
        if (d->hdr_have < hlen) {
            *used = off;
            return ERR_AGAIN;
        }
        if (startup) {
            uint32_t n = get_u32(d->hdr);
            d->code = get_u32(d->hdr + 4);
            if (check_startup_code(d, n, d->code, &le) < 0)
                goto fail;
            d->need = n - 8;
        } else {
            uint32_t n = get_u32(d->hdr + 1);
            if (check_typed_length(d, n, &le) < 0)
                goto fail;
            d->need = n - 4;
        }
        d->have = 0;
        d->state = DEC_BODY;
    }

    DB_ASSERT(d->state == DEC_BODY);
    if (d->have < d->need && off < len) {
        size_t take = d->need - d->have;
        if (take > len - off)
            take = len - off;
        if (dec_reserve(d, d->have + take, &le) < 0)
            goto fail;
        memcpy(d->buf + d->have, p + off, take);
        d->have += take;
        off += take;
    }
    *used = off;
    if (d->have < d->need)
        return ERR_AGAIN;
    dec_deliver(d, msg);
    return 0;

fail:
    *used = off;
    return dec_fail(d, &le, e);
}

/* ------------------------------------------------------------------------ */
/* Reading message bodies (pqformat.c)                                       */

struct rd {
    const uint8_t *p;
    size_t len;
    size_t off;
};

static void rd_init(struct rd *r, const struct pgw_msg *m)
{
    r->p = m->body;
    r->len = m->len;
    r->off = 0;
}

static size_t rd_left(const struct rd *r)
{
    return r->len - r->off;
}

static int rd_insufficient(struct err *e)
{
    return proto_err(e, "insufficient data left in message");
}

static int rd_u8(struct rd *r, uint8_t *v, struct err *e)
{
    if (rd_left(r) < 1)
        return rd_insufficient(e);
    *v = r->p[r->off++];
    return 0;
}

static int rd_u16(struct rd *r, uint16_t *v, struct err *e)
{
    if (rd_left(r) < 2)
        return rd_insufficient(e);
    *v = get_u16(r->p + r->off);
    r->off += 2;
    return 0;
}

static int rd_u32(struct rd *r, uint32_t *v, struct err *e)
{
    if (rd_left(r) < 4)
        return rd_insufficient(e);
    *v = get_u32(r->p + r->off);
    r->off += 4;
    return 0;
}

static int rd_bytes(struct rd *r, size_t n, const uint8_t **out, struct err *e)
{
    if (rd_left(r) < n)
        return rd_insufficient(e);
    *out = r->p + r->off;
    r->off += n;
    return 0;
}

/* A NUL-terminated string inside the message (pq_getmsgstring). */
static int rd_str(struct rd *r, const char **s, size_t *slen, struct err *e)
{
    const uint8_t *start = r->p + r->off;
    const uint8_t *nul = rd_left(r) ? memchr(start, 0, rd_left(r)) : NULL;
    if (nul == NULL)
        return proto_err(e, "invalid string in message");
    *s = (const char *)start;
    if (slen != NULL)
        *slen = (size_t)(nul - start);
    r->off += (size_t)(nul - start) + 1;
    return 0;
}

/* A string that must be valid UTF-8 (names and query text). */
static int rd_text(struct rd *r, const char **s, size_t *slen, struct err *e)
{
    size_t n = 0;
    int rc = rd_str(r, s, &n, e);
    if (rc < 0)
        return rc;
    if ((rc = pgw_utf8_check(*s, n, e)) < 0)
        return rc;
    if (slen != NULL)
        *slen = n;
    return 0;
}

static int rd_end(const struct rd *r, struct err *e)
{
    if (r->off != r->len)
        return proto_err(e, "invalid message format");
    return 0;
}

/* ------------------------------------------------------------------------ */
/* UTF-8                                                                     */

/* Length of a valid sequence at s[0..n), or 0 when invalid (RFC 3629 §4). */
static size_t utf8_seq(const uint8_t *s, size_t n)
{
    uint8_t c = s[0];
    if (c == 0)
        return 0;
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    size_t k;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c < 0xE0) {
        k = 2;
    } else if (c < 0xF0) {
        k = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c < 0xF5) {
        k = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return k;
}

bool pgw_utf8_valid(const void *s, size_t n)
{
    const uint8_t *p = s;
    size_t i = 0;
    while (i < n) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

/* pg_utf_mblen: how many bytes PostgreSQL shows of a bad sequence. */
static size_t utf8_mblen(uint8_t c)
{
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

int pgw_utf8_check(const void *s, size_t n, struct err *e)
{
    const uint8_t *p = s;
    size_t i = 0;
    while (i < n) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(p + i, n - i);
        if (k != 0) {
            i += k;
            continue;
        }
        char shown[8 * 5 + 1];
        size_t l = utf8_mblen(p[i]), at = 0;
        if (l > n - i)
            l = n - i;
        for (size_t j = 0; j < l; j++)
            at += (size_t)snprintf(shown + at, sizeof(shown) - at, j ? " 0x%02x" : "0x%02x",
                                   p[i + j]);
        return err_set_state(e, ERR_INVAL, PGW_SQLSTATE_BAD_ENCODING,
                             "invalid byte sequence for encoding \"UTF8\": %s", shown);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Parsers                                                                   */

/* count items of `size` bytes each must fit in what is left: checked before
 * the array is allocated. */
static int rd_array(struct rd *r, struct mem_ctx *ctx, size_t count, size_t size, size_t elem,
                    void **out, struct err *e)
{
    *out = NULL;
    if (count == 0)
        return 0;
    if (count > rd_left(r) / size)
        return rd_insufficient(e);
    *out = mem_try_alloc(ctx, count * elem);
    if (*out == NULL)
        return err_set(e, ERR_NOMEM, "out of memory: %zu array entries", count);
    return 0;
}

int pgw_parse_startup(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_startup *out,
                      struct err *e)
{
    memset(out, 0, sizeof(*out));
    if (msg->type != PGW_MSG_STARTUP || (msg->code >> 16) != 3)
        return err_set(e, ERR_UNSUPPORTED,
                       "unsupported frontend protocol %u.%u: server supports 3.0 to 3.0",
                       msg->code >> 16, msg->code & 0xffff);
    out->major = 3;
    out->minor = (uint16_t)(msg->code & 0xffff);

    /* ProcessStartupPacket: name\0value\0 pairs, then a final \0 that must
     * be the last byte. Count first, then fill. */
    const char *b = (const char *)msg->body;
    size_t len = msg->len, off = 0, n = 0;
    while (off < len) {
        const char *name = b + off;
        const char *nend = memchr(name, 0, len - off);
        if (nend == NULL || nend == name)
            break; /* no terminator, or the packet terminator */
        size_t voff = (size_t)(nend - b) + 1;
        if (voff >= len)
            break; /* missing value */
        const char *vend = memchr(b + voff, 0, len - voff);
        if (vend == NULL)
            break;
        off = (size_t)(vend - b) + 1;
        n++;
    }
    if (len == 0 || off != len - 1 || b[off] != 0)
        return proto_err(e, "invalid startup packet layout: expected terminator as last byte");

    if (n > 0) {
        out->names = mem_try_alloc(ctx, n * sizeof(char *));
        out->values = mem_try_alloc(ctx, n * sizeof(char *));
        if (out->names == NULL || out->values == NULL)
            return err_set(e, ERR_NOMEM, "out of memory: %zu start-up parameters", n);
    }
    off = 0;
    for (size_t i = 0; i < n; i++) {
        out->names[i] = b + off;
        off += strlen(b + off) + 1;
        out->values[i] = b + off;
        off += strlen(b + off) + 1;
    }
    out->nparams = n;
    if (pgw_startup_get(out, "user") == NULL || pgw_startup_get(out, "user")[0] == '\0')
        return err_set_state(e, ERR_INVAL, PGW_SQLSTATE_INVALID_AUTH_SPEC,
                             "no PostgreSQL user name specified in startup packet");
    return 0;
}

const char *pgw_startup_get(const struct pgw_startup *s, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < s->nparams; i++)
        if (strcmp(s->names[i], name) == 0)
            v = s->values[i];
    return v;
}

bool pgw_startup_needs_negotiation(const struct pgw_startup *s, size_t *nopts)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nparams; i++)
        if (strncmp(s->names[i], "_pq_.", 5) == 0)
            n++;
    if (nopts != NULL)
        *nopts = n;
    return n > 0 || s->minor > 0;
}

int pgw_parse_cancel(const struct pgw_msg *msg, struct pgw_cancel *out, struct err *e)
{
    if (msg->type != PGW_MSG_CANCEL_REQUEST || msg->len != 8)
        return proto_err(e, "invalid length of startup packet");
    out->pid = (int32_t)get_u32(msg->body);
    out->key = (int32_t)get_u32(msg->body + 4);
    return 0;
}

int pgw_parse_query(const struct pgw_msg *msg, struct pgw_query *out, struct err *e)
{
    struct rd r;
    int rc;
    rd_init(&r, msg);
    if ((rc = rd_text(&r, &out->sql, &out->len, e)) < 0)
        return rc;
    return rd_end(&r, e);
}

int pgw_parse_parse(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_parse *out,
                    struct err *e)
{
    struct rd r;
    int rc;
    void *arr = NULL;
    memset(out, 0, sizeof(*out));
    rd_init(&r, msg);
    if ((rc = rd_text(&r, &out->stmt, NULL, e)) < 0 ||
        (rc = rd_text(&r, &out->query, &out->query_len, e)) < 0 ||
        (rc = rd_u16(&r, &out->nparams, e)) < 0 ||
        (rc = rd_array(&r, ctx, out->nparams, 4, sizeof(uint32_t), &arr, e)) < 0)
        return rc;
    uint32_t *types = arr;
    for (uint16_t i = 0; i < out->nparams; i++)
        (void)rd_u32(&r, &types[i], e); /* fits: checked by rd_array */
    out->param_types = types;
    return rd_end(&r, e);
}

/* n format codes (Int16 each), each 0 or 1. */
static int rd_formats(struct rd *r, struct mem_ctx *ctx, uint16_t n, const int16_t **out,
                      struct err *e)
{
    void *arr = NULL;
    int rc = rd_array(r, ctx, n, 2, sizeof(int16_t), &arr, e);
    if (rc < 0)
        return rc;
    int16_t *f = arr;
    for (uint16_t i = 0; i < n; i++) {
        uint16_t v = 0;
        (void)rd_u16(r, &v, e);
        f[i] = (int16_t)v;
        if (f[i] != 0 && f[i] != 1)
            return err_set_state(e, ERR_INVAL, PGW_SQLSTATE_INVALID_PARAMETER,
                                 "unsupported format code: %d", f[i]);
    }
    *out = f;
    return 0;
}

int pgw_parse_bind(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_bind *out,
                   struct err *e)
{
    struct rd r;
    int rc;
    void *arr = NULL;
    memset(out, 0, sizeof(*out));
    rd_init(&r, msg);
    if ((rc = rd_text(&r, &out->portal, NULL, e)) < 0 ||
        (rc = rd_text(&r, &out->stmt, NULL, e)) < 0 || (rc = rd_u16(&r, &out->nformats, e)) < 0 ||
        (rc = rd_formats(&r, ctx, out->nformats, &out->formats, e)) < 0 ||
        (rc = rd_u16(&r, &out->nparams, e)) < 0)
        return rc;
    if (out->nformats > 1 && out->nformats != out->nparams)
        return proto_err(e, "bind message has %d parameter formats but %d parameters",
                         out->nformats, out->nparams);
    /* Each parameter needs at least its Int32 length. */
    if ((rc = rd_array(&r, ctx, out->nparams, 4, sizeof(struct pgw_value), &arr, e)) < 0)
        return rc;
    struct pgw_value *params = arr;
    for (uint16_t i = 0; i < out->nparams; i++) {
        uint32_t raw = 0;
        if ((rc = rd_u32(&r, &raw, e)) < 0)
            return rc;
        int32_t plen = (int32_t)raw;
        params[i].len = plen;
        params[i].data = NULL;
        if (plen == -1)
            continue;
        if (plen < 0)
            return rd_insufficient(e); /* pq_getmsgbytes: datalen < 0 */
        if ((rc = rd_bytes(&r, (size_t)plen, &params[i].data, e)) < 0)
            return rc;
    }
    out->params = params;
    if ((rc = rd_u16(&r, &out->nresult_formats, e)) < 0 ||
        (rc = rd_formats(&r, ctx, out->nresult_formats, &out->result_formats, e)) < 0)
        return rc;
    return rd_end(&r, e);
}

int pgw_bind_param_format(const struct pgw_bind *b, uint16_t i)
{
    if (b->nformats == 0)
        return 0;
    if (b->nformats == 1)
        return b->formats[0];
    return i < b->nformats ? b->formats[i] : 0;
}

int pgw_bind_result_format(const struct pgw_bind *b, uint16_t i)
{
    if (b->nresult_formats == 0)
        return 0;
    if (b->nresult_formats == 1)
        return b->result_formats[0];
    return i < b->nresult_formats ? b->result_formats[i] : 0;
}

int pgw_parse_execute(const struct pgw_msg *msg, struct pgw_execute *out, struct err *e)
{
    struct rd r;
    int rc;
    uint32_t rows = 0;
    rd_init(&r, msg);
    if ((rc = rd_text(&r, &out->portal, NULL, e)) < 0 || (rc = rd_u32(&r, &rows, e)) < 0)
        return rc;
    out->max_rows = (int32_t)rows;
    return rd_end(&r, e);
}

int pgw_parse_target(const struct pgw_msg *msg, struct pgw_target *out, struct err *e)
{
    struct rd r;
    int rc;
    uint8_t kind = 0;
    rd_init(&r, msg);
    if ((rc = rd_u8(&r, &kind, e)) < 0)
        return rc;
    if (kind != 'S' && kind != 'P')
        return proto_err(e, "invalid %s message subtype %d",
                         msg->type == PGW_MSG_CLOSE ? "CLOSE" : "DESCRIBE", kind);
    out->kind = (char)kind;
    if ((rc = rd_text(&r, &out->name, NULL, e)) < 0)
        return rc;
    return rd_end(&r, e);
}

int pgw_parse_copy_fail(const struct pgw_msg *msg, struct pgw_copy_fail *out, struct err *e)
{
    struct rd r;
    int rc;
    rd_init(&r, msg);
    if ((rc = rd_text(&r, &out->message, NULL, e)) < 0)
        return rc;
    return rd_end(&r, e);
}

int pgw_parse_password(const struct pgw_msg *msg, struct pgw_password *out, struct err *e)
{
    /* recv_password_packet: the string must fill the message exactly. */
    const uint8_t *nul = msg->len ? memchr(msg->body, 0, msg->len) : NULL;
    if (nul == NULL || (size_t)(nul - msg->body) != msg->len - 1)
        return proto_err(e, "invalid password packet size");
    out->password = (const char *)msg->body;
    out->len = msg->len - 1;
    return 0;
}

int pgw_parse_sasl_initial(const struct pgw_msg *msg, struct pgw_sasl_initial *out, struct err *e)
{
    struct rd r;
    int rc;
    uint32_t raw = 0;
    rd_init(&r, msg);
    if ((rc = rd_str(&r, &out->mechanism, NULL, e)) < 0 || (rc = rd_u32(&r, &raw, e)) < 0)
        return rc;
    out->len = (int32_t)raw;
    out->data = NULL;
    if (out->len != -1) {
        if (out->len < 0)
            return rd_insufficient(e);
        if ((rc = rd_bytes(&r, (size_t)out->len, &out->data, e)) < 0)
            return rc;
    }
    return rd_end(&r, e);
}

int pgw_parse_sasl_response(const struct pgw_msg *msg, struct pgw_sasl_response *out, struct err *e)
{
    out->data = msg->body;
    out->len = msg->len;
    return 0;
}

int pgw_msg_parse(const struct pgw_msg *msg, struct mem_ctx *ctx, struct pgw_fmsg *out,
                  struct err *e)
{
    memset(out, 0, sizeof(*out));
    out->type = msg->type;
    switch (msg->type) {
    case PGW_MSG_STARTUP:
        return pgw_parse_startup(msg, ctx, &out->u.startup, e);
    case PGW_MSG_CANCEL_REQUEST:
        return pgw_parse_cancel(msg, &out->u.cancel, e);
    case PGW_MSG_SSL_REQUEST:
    case PGW_MSG_GSSENC_REQUEST:
        if (msg->len != 0)
            return proto_err(e, "invalid length of startup packet");
        return 0;
    case PGW_MSG_QUERY:
        return pgw_parse_query(msg, &out->u.query, e);
    case PGW_MSG_PARSE:
        return pgw_parse_parse(msg, ctx, &out->u.parse, e);
    case PGW_MSG_BIND:
        return pgw_parse_bind(msg, ctx, &out->u.bind, e);
    case PGW_MSG_EXECUTE:
        return pgw_parse_execute(msg, &out->u.execute, e);
    case PGW_MSG_DESCRIBE:
    case PGW_MSG_CLOSE:
        return pgw_parse_target(msg, &out->u.target, e);
    case PGW_MSG_SYNC:
    case PGW_MSG_FLUSH:
    case PGW_MSG_TERMINATE:
    case PGW_MSG_COPY_DONE:
        if (msg->len != 0)
            return proto_err(e, "invalid message format");
        return 0;
    case PGW_MSG_COPY_DATA:
        out->u.copy_data.data = msg->body;
        out->u.copy_data.len = msg->len;
        return 0;
    case PGW_MSG_COPY_FAIL:
        return pgw_parse_copy_fail(msg, &out->u.copy_fail, e);
    case PGW_MSG_PASSWORD:
        out->u.raw.data = msg->body;
        out->u.raw.len = msg->len;
        return 0;
    case PGW_MSG_FUNCTION_CALL:
        return err_set(e, ERR_UNSUPPORTED, "fastpath function calls are not supported");
    default:
        return proto_err(e, "invalid frontend message type %d", msg->type);
    }
}

/* ------------------------------------------------------------------------ */
/* Writer                                                                    */

void pgw_put_int8(struct sbuf *b, uint8_t v)
{
    sbuf_append(b, &v, 1);
}

void pgw_put_int16(struct sbuf *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(b, x, 2);
}

void pgw_put_int32(struct sbuf *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    sbuf_append(b, x, 4);
}

void pgw_put_cstr(struct sbuf *b, const char *s)
{
    sbuf_append(b, s, strlen(s) + 1);
}

size_t pgw_put_begin(struct sbuf *b, char type)
{
    sbuf_putc(b, type);
    size_t at = b->len;
    pgw_put_int32(b, 0);
    return at;
}

static void put_truncate(struct sbuf *b, size_t len)
{
    b->len = len;
    b->data[len] = '\0';
}

static int too_large(struct sbuf *b, size_t restore, size_t n, struct err *e)
{
    put_truncate(b, restore);
    return err_set(e, ERR_LIMIT, "message too large: %zu bytes, the limit is %u", n,
                   PGW_MAX_BACKEND_MESSAGE);
}

int pgw_put_end(struct sbuf *b, size_t start, struct err *e)
{
    PRE(start >= 1 && start + 4 <= b->len);
    size_t n = b->len - start;
    if (n > PGW_MAX_BACKEND_MESSAGE)
        return too_large(b, start - 1, n, e);
    uint8_t *p = (uint8_t *)b->data + start;
    p[0] = (uint8_t)(n >> 24);
    p[1] = (uint8_t)(n >> 16);
    p[2] = (uint8_t)(n >> 8);
    p[3] = (uint8_t)n;
    return 0;
}

/* A fixed message of no variable part cannot be too large. */
static void put_fixed_end(struct sbuf *b, size_t start)
{
    int rc = pgw_put_end(b, start, NULL);
    DB_ASSERT(rc == 0);
    (void)rc;
}

static int count_err(size_t n, long limit, struct err *e)
{
    return err_set(e, ERR_LIMIT, "too many items for one message: %zu, the limit is %ld", n, limit);
}

void pgw_put_ssl_answer(struct sbuf *b, char answer)
{
    PRE(answer == 'S' || answer == 'G' || answer == 'N');
    sbuf_putc(b, answer);
}

static void put_auth_code(struct sbuf *b, uint32_t code)
{
    size_t at = pgw_put_begin(b, 'R');
    pgw_put_int32(b, code);
    put_fixed_end(b, at);
}

void pgw_put_auth_ok(struct sbuf *b)
{
    put_auth_code(b, PGW_AUTH_OK);
}

void pgw_put_auth_cleartext(struct sbuf *b)
{
    put_auth_code(b, PGW_AUTH_CLEARTEXT_PASSWORD);
}

int pgw_put_auth_sasl(struct sbuf *b, const char *const *mechs, size_t n, struct err *e)
{
    size_t at = pgw_put_begin(b, 'R');
    pgw_put_int32(b, PGW_AUTH_SASL);
    for (size_t i = 0; i < n; i++)
        pgw_put_cstr(b, mechs[i]);
    sbuf_putc(b, '\0');
    return pgw_put_end(b, at, e);
}

static int put_auth_data(struct sbuf *b, uint32_t code, const void *data, size_t len, struct err *e)
{
    if (len > PGW_MAX_BACKEND_MESSAGE)
        return err_set(e, ERR_LIMIT, "message too large: %zu bytes", len);
    size_t at = pgw_put_begin(b, 'R');
    pgw_put_int32(b, code);
    sbuf_append(b, data, len);
    return pgw_put_end(b, at, e);
}

int pgw_put_auth_sasl_continue(struct sbuf *b, const void *data, size_t len, struct err *e)
{
    return put_auth_data(b, PGW_AUTH_SASL_CONTINUE, data, len, e);
}

int pgw_put_auth_sasl_final(struct sbuf *b, const void *data, size_t len, struct err *e)
{
    return put_auth_data(b, PGW_AUTH_SASL_FINAL, data, len, e);
}

int pgw_put_parameter_status(struct sbuf *b, const char *name, const char *value, struct err *e)
{
    size_t at = pgw_put_begin(b, 'S');
    pgw_put_cstr(b, name);
    pgw_put_cstr(b, value);
    return pgw_put_end(b, at, e);
}

void pgw_put_backend_key_data(struct sbuf *b, int32_t pid, int32_t key)
{
    size_t at = pgw_put_begin(b, 'K');
    pgw_put_int32(b, (uint32_t)pid);
    pgw_put_int32(b, (uint32_t)key);
    put_fixed_end(b, at);
}

void pgw_put_notification(struct sbuf *b, int32_t pid, const char *channel, const char *payload)
{
    size_t at = pgw_put_begin(b, 'A');
    pgw_put_int32(b, (uint32_t)pid);
    pgw_put_cstr(b, channel);
    pgw_put_cstr(b, payload);
    put_fixed_end(b, at);
}

void pgw_put_ready_for_query(struct sbuf *b, char status)
{
    PRE(status == 'I' || status == 'T' || status == 'E');
    size_t at = pgw_put_begin(b, 'Z');
    sbuf_putc(b, status);
    put_fixed_end(b, at);
}

int pgw_put_row_description(struct sbuf *b, const struct pgw_field *f, size_t n, struct err *e)
{
    if (n > INT16_MAX)
        return count_err(n, INT16_MAX, e);
    size_t at = pgw_put_begin(b, 'T');
    pgw_put_int16(b, (uint16_t)n);
    for (size_t i = 0; i < n; i++) {
        pgw_put_cstr(b, f[i].name);
        pgw_put_int32(b, f[i].table_oid);
        pgw_put_int16(b, (uint16_t)f[i].attnum);
        pgw_put_int32(b, f[i].type_oid);
        pgw_put_int16(b, (uint16_t)f[i].typlen);
        pgw_put_int32(b, (uint32_t)f[i].typmod);
        pgw_put_int16(b, (uint16_t)f[i].format);
    }
    return pgw_put_end(b, at, e);
}

int pgw_put_data_row(struct sbuf *b, const struct pgw_value *cols, size_t n, struct err *e)
{
    if (n > INT16_MAX)
        return count_err(n, INT16_MAX, e);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].len < -1)
            return err_set(e, ERR_INVAL, "invalid column length %d", cols[i].len);
        if (cols[i].len > 0)
            total += (size_t)cols[i].len;
        if (total > PGW_MAX_BACKEND_MESSAGE)
            return err_set(e, ERR_LIMIT, "message too large: row of more than %u bytes",
                           PGW_MAX_BACKEND_MESSAGE);
    }
    size_t at = pgw_put_begin(b, 'D');
    pgw_put_int16(b, (uint16_t)n);
    for (size_t i = 0; i < n; i++) {
        pgw_put_int32(b, (uint32_t)cols[i].len);
        if (cols[i].len > 0)
            sbuf_append(b, cols[i].data, (size_t)cols[i].len);
    }
    return pgw_put_end(b, at, e);
}

int pgw_put_command_complete(struct sbuf *b, const char *tag, struct err *e)
{
    size_t at = pgw_put_begin(b, 'C');
    pgw_put_cstr(b, tag);
    return pgw_put_end(b, at, e);
}

void pgw_put_empty_query(struct sbuf *b)
{
    size_t at = pgw_put_begin(b, 'I');
    put_fixed_end(b, at);
}

static void put_field(struct sbuf *b, char code, const char *value)
{
    if (value == NULL)
        return;
    sbuf_putc(b, code);
    pgw_put_cstr(b, value);
}

static void put_int_field(struct sbuf *b, char code, int value)
{
    char num[16];
    if (value <= 0)
        return;
    snprintf(num, sizeof(num), "%d", value);
    put_field(b, code, num);
}

static int put_notice(struct sbuf *b, char type, const struct pgw_notice *n, struct err *e)
{
    size_t at = pgw_put_begin(b, type);
    put_field(b, 'S', n->severity);
    put_field(b, 'V', n->severity);
    put_field(b, 'C', n->sqlstate);
    put_field(b, 'M', n->message);
    put_field(b, 'D', n->detail);
    put_field(b, 'H', n->hint);
    put_int_field(b, 'P', n->position);
    put_int_field(b, 'p', n->internal_position);
    put_field(b, 'q', n->internal_query);
    put_field(b, 'W', n->where);
    put_field(b, 's', n->schema);
    put_field(b, 't', n->table);
    put_field(b, 'c', n->column);
    put_field(b, 'd', n->datatype);
    put_field(b, 'n', n->constraint);
    put_field(b, 'F', n->file);
    put_int_field(b, 'L', n->line);
    put_field(b, 'R', n->routine);
    sbuf_putc(b, '\0');
    return pgw_put_end(b, at, e);
}

int pgw_put_error(struct sbuf *b, const struct pgw_notice *n, struct err *e)
{
    return put_notice(b, 'E', n, e);
}

int pgw_put_notice(struct sbuf *b, const struct pgw_notice *n, struct err *e)
{
    return put_notice(b, 'N', n, e);
}

int pgw_put_error_from_err(struct sbuf *b, const char *severity, const struct err *src,
                           struct err *e)
{
    struct pgw_notice n = {
        .severity = severity,
        .sqlstate = err_sqlstate(src),
        .message = src->msg[0] ? src->msg : err_str(src->code),
    };
    return pgw_put_error(b, &n, e);
}

static void put_empty(struct sbuf *b, char type)
{
    size_t at = pgw_put_begin(b, type);
    put_fixed_end(b, at);
}

void pgw_put_parse_complete(struct sbuf *b)
{
    put_empty(b, '1');
}

void pgw_put_bind_complete(struct sbuf *b)
{
    put_empty(b, '2');
}

void pgw_put_close_complete(struct sbuf *b)
{
    put_empty(b, '3');
}

void pgw_put_no_data(struct sbuf *b)
{
    put_empty(b, 'n');
}

void pgw_put_portal_suspended(struct sbuf *b)
{
    put_empty(b, 's');
}

void pgw_put_copy_done(struct sbuf *b)
{
    put_empty(b, 'c');
}

int pgw_put_parameter_description(struct sbuf *b, const uint32_t *oids, size_t n, struct err *e)
{
    if (n > INT16_MAX)
        return count_err(n, INT16_MAX, e);
    size_t at = pgw_put_begin(b, 't');
    pgw_put_int16(b, (uint16_t)n);
    for (size_t i = 0; i < n; i++)
        pgw_put_int32(b, oids[i]);
    return pgw_put_end(b, at, e);
}

static int put_copy_response(struct sbuf *b, char type, int8_t format, const int16_t *col_formats,
                             size_t n, struct err *e)
{
    PRE(format == 0 || format == 1);
    if (n > INT16_MAX)
        return count_err(n, INT16_MAX, e);
    size_t at = pgw_put_begin(b, type);
    pgw_put_int8(b, (uint8_t)format);
    pgw_put_int16(b, (uint16_t)n);
    for (size_t i = 0; i < n; i++)
        pgw_put_int16(b, (uint16_t)col_formats[i]);
    return pgw_put_end(b, at, e);
}

int pgw_put_copy_in_response(struct sbuf *b, int8_t format, const int16_t *col_formats, size_t n,
                             struct err *e)
{
    return put_copy_response(b, 'G', format, col_formats, n, e);
}

int pgw_put_copy_out_response(struct sbuf *b, int8_t format, const int16_t *col_formats, size_t n,
                              struct err *e)
{
    return put_copy_response(b, 'H', format, col_formats, n, e);
}

int pgw_put_copy_data(struct sbuf *b, const void *data, size_t len, struct err *e)
{
    if (len > PGW_MAX_BACKEND_MESSAGE)
        return err_set(e, ERR_LIMIT, "message too large: %zu bytes", len);
    size_t at = pgw_put_begin(b, 'd');
    sbuf_append(b, data, len);
    return pgw_put_end(b, at, e);
}

int pgw_put_negotiate_protocol_version(struct sbuf *b, uint32_t newest_minor,
                                       const char *const *opts, size_t n, struct err *e)
{
    if (n > INT32_MAX)
        return count_err(n, INT32_MAX, e);
    size_t at = pgw_put_begin(b, 'v');
    pgw_put_int32(b, newest_minor);
    pgw_put_int32(b, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        pgw_put_cstr(b, opts[i]);
    return pgw_put_end(b, at, e);
}

/* ------------------------------------------------------------------------ */
/* Frontend messages back to the wire                                        */

static void put_formats(struct sbuf *b, uint16_t n, const int16_t *f)
{
    pgw_put_int16(b, n);
    for (uint16_t i = 0; i < n; i++)
        pgw_put_int16(b, (uint16_t)f[i]);
}

static int write_startup(struct sbuf *b, const struct pgw_fmsg *f, struct err *e)
{
    size_t at = b->len;
    pgw_put_int32(b, 0);
    switch (f->type) {
    case PGW_MSG_STARTUP:
        pgw_put_int32(b, PGW_PROTOCOL_VERSION(f->u.startup.major, f->u.startup.minor));
        for (size_t i = 0; i < f->u.startup.nparams; i++) {
            pgw_put_cstr(b, f->u.startup.names[i]);
            pgw_put_cstr(b, f->u.startup.values[i]);
        }
        sbuf_putc(b, '\0');
        break;
    case PGW_MSG_CANCEL_REQUEST:
        pgw_put_int32(b, PGW_CANCEL_REQUEST_CODE);
        pgw_put_int32(b, (uint32_t)f->u.cancel.pid);
        pgw_put_int32(b, (uint32_t)f->u.cancel.key);
        break;
    case PGW_MSG_SSL_REQUEST:
        pgw_put_int32(b, PGW_SSL_REQUEST_CODE);
        break;
    default:
        pgw_put_int32(b, PGW_GSSENC_REQUEST_CODE);
        break;
    }
    size_t n = b->len - at;
    if (n - 4 > PGW_MAX_STARTUP_PACKET)
        return too_large(b, at, n, e);
    uint8_t *p = (uint8_t *)b->data + at;
    p[0] = (uint8_t)(n >> 24);
    p[1] = (uint8_t)(n >> 16);
    p[2] = (uint8_t)(n >> 8);
    p[3] = (uint8_t)n;
    return 0;
}

int pgw_fmsg_write(struct sbuf *b, const struct pgw_fmsg *f, struct err *e)
{
    size_t at;
    switch (f->type) {
    case PGW_MSG_STARTUP:
    case PGW_MSG_CANCEL_REQUEST:
    case PGW_MSG_SSL_REQUEST:
    case PGW_MSG_GSSENC_REQUEST:
        return write_startup(b, f, e);
    case PGW_MSG_FUNCTION_CALL:
        return err_set(e, ERR_UNSUPPORTED, "fastpath function calls are not supported");
    default:
        break;
    }
    if (f->type != PGW_MSG_PASSWORD && !type_known_normal(f->type))
        return err_set(e, ERR_INVAL, "not a frontend message type: %d", f->type);
    at = pgw_put_begin(b, (char)f->type);
    switch (f->type) {
    case PGW_MSG_QUERY:
        pgw_put_cstr(b, f->u.query.sql);
        break;
    case PGW_MSG_PARSE:
        pgw_put_cstr(b, f->u.parse.stmt);
        pgw_put_cstr(b, f->u.parse.query);
        pgw_put_int16(b, f->u.parse.nparams);
        for (uint16_t i = 0; i < f->u.parse.nparams; i++)
            pgw_put_int32(b, f->u.parse.param_types[i]);
        break;
    case PGW_MSG_BIND: {
        const struct pgw_bind *bd = &f->u.bind;
        pgw_put_cstr(b, bd->portal);
        pgw_put_cstr(b, bd->stmt);
        put_formats(b, bd->nformats, bd->formats);
        pgw_put_int16(b, bd->nparams);
        for (uint16_t i = 0; i < bd->nparams; i++) {
            pgw_put_int32(b, (uint32_t)bd->params[i].len);
            if (bd->params[i].len > 0)
                sbuf_append(b, bd->params[i].data, (size_t)bd->params[i].len);
        }
        put_formats(b, bd->nresult_formats, bd->result_formats);
        break;
    }
    case PGW_MSG_EXECUTE:
        pgw_put_cstr(b, f->u.execute.portal);
        pgw_put_int32(b, (uint32_t)f->u.execute.max_rows);
        break;
    case PGW_MSG_DESCRIBE:
    case PGW_MSG_CLOSE:
        sbuf_putc(b, f->u.target.kind);
        pgw_put_cstr(b, f->u.target.name);
        break;
    case PGW_MSG_COPY_FAIL:
        pgw_put_cstr(b, f->u.copy_fail.message);
        break;
    case PGW_MSG_COPY_DATA:
        sbuf_append(b, f->u.copy_data.data, f->u.copy_data.len);
        break;
    case PGW_MSG_PASSWORD:
        sbuf_append(b, f->u.raw.data, f->u.raw.len);
        break;
    default: /* Sync, Flush, Terminate, CopyDone: empty */
        DB_ASSERT(f->type == 'S' || f->type == 'H' || f->type == 'X' || f->type == 'c');
        break;
    }
    return pgw_put_end(b, at, e);
}
