/* func_util.c — helpers shared by the function implementations: result
 * types, text results, UTF-8 character counting.
 */
#include "common/mem.h"
#include "common/str.h"
#include "sql/env.h"
#include "sql/func_int.h"

#include <string.h>

uint32_t sql__fn_ret(const struct sql_fcall *c)
{
    if (c->match) {
        if (c->match->ret != SQL_T_INVALID)
            return c->match->ret;
        if (c->match->def)
            return c->match->def->ret;
    }
    return SQL_T_TEXT;
}

void sql__fn_text_out(struct sql_fcall *c, const char *p, size_t len, struct sql_value *out)
{
    uint32_t t = sql__fn_ret(c);
    if (t != SQL_T_NAME && t != SQL_T_VARCHAR && t != SQL_T_BYTEA)
        t = SQL_T_TEXT;
    char *d = mem_alloc(c->ctx, len + 1);
    if (len)
        memcpy(d, p, len);
    d[len] = '\0';
    memset(out, 0, sizeof(*out));
    out->type = t;
    out->u.s.p = d;
    out->u.s.len = len;
}

static bool is_texty(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR || t == SQL_T_BPCHAR || t == SQL_T_NAME ||
           t == SQL_T_UNKNOWN || t == SQL_T_JSON;
}

const struct sql_fmt *sql__fn_fmt(const struct sql_fcall *c)
{
    static const struct sql_fmt dflt = {.extra_float_digits = 1, .bytea_hex = true};
    return c->env ? &c->env->fmt : &dflt;
}

int sql__fn_cstring(struct sql_fcall *c, const struct sql_value *v, const char **s, struct err *e)
{
    if (is_texty(v->type)) {
        *s = mem_strndup(c->ctx, v->u.s.p ? v->u.s.p : "", v->u.s.len);
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    int rc = sql_value_out(v, sql__fn_fmt(c), &b, e);
    if (rc == 0)
        *s = mem_strndup(c->ctx, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return rc;
}

int sql__utf8_clen(const char *p, size_t len)
{
    unsigned char b = (unsigned char)p[0];
    int n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return (size_t)n > len ? (int)len : n;
}

size_t sql__utf8_len(const char *p, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; n++)
        i += (size_t)sql__utf8_clen(p + i, len - i);
    return n;
}

/* Cast functions (date(timestamptz), int4(numeric), text(123) ...): an
 * explicit cast to the call's result type. */
int sql__fn_cast(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e)
{
    return sql_value_cast(c->ctx, &a[0], sql__fn_ret(c), -1, true, sql__fn_fmt(c), out, e);
}
