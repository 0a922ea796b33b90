/* value_json.c — validation of json text input (json_in, json_recv).
 *
 * PostgreSQL's json type stores the text as given; input only checks that it
 * is one JSON value. This follows PostgreSQL 15's common/jsonapi.c: the same
 * lexer (tokens, number syntax, escapes; json, unlike jsonb, does not check
 * \u surrogate pairs) and the same parse states, so an error's DETAIL names
 * the same token and expectation ("Expected \":\", but found \"1\".").
 * The parser is iterative with an explicit stack of JSON_MAX_DEPTH levels.
 */
#include "common/err.h"
#include "sql/value.h"
#include "sql/value_int.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    if ((c & 0xf8) == 0xf0)
        return 4;
    return 1;
}

enum jtok {
    JT_END,
    JT_INVALID,
    JT_OBJ_START,
    JT_OBJ_END,
    JT_ARR_START,
    JT_ARR_END,
    JT_COMMA,
    JT_COLON,
    JT_STRING,
    JT_SCALAR, /* number, true, false, null */
};

struct jlex {
    const char *start; /* the whole input, for the CONTEXT line */
    const char *p, *end;
    const char *tok, *tok_end;
    char detail[160]; /* set by the lexer for errors that are not "Token ... is invalid" */
};

#define JSON_MAX_DEPTH 10000

static bool j_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

static size_t j_mblen(const char *p, const char *end)
{
    size_t l = (size_t)utf8_len((unsigned char)*p);
    return l > (size_t)(end - p) ? (size_t)(end - p) : l;
}

static enum jtok j_string(struct jlex *l)
{
    const char *s = l->p + 1;
    while (s < l->end && *s != '"') {
        unsigned char c = (unsigned char)*s;
        if (c == '\\') {
            s++;
            if (s >= l->end)
                break; /* unterminated: invalid token below */
            if (*s == 'u') {
                /* json (not jsonb) keeps escapes: surrogates are not checked */
                for (int i = 1; i <= 4; i++) {
                    int h = s + i < l->end ? hexval(s[i]) : -1;
                    if (h < 0) {
                        l->tok_end = s + i < l->end ? s + i + 1 : l->end;
                        snprintf(l->detail, sizeof(l->detail),
                                 "\"\\u\" must be followed by four hexadecimal digits.");
                        return JT_INVALID;
                    }
                }
                s += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", *s) || *s == '\0') {
                size_t ml = j_mblen(s, l->end);
                l->tok_end = s + ml;
                snprintf(l->detail, sizeof(l->detail), "Escape sequence \"\\%.*s\" is invalid.",
                         (int)ml, s);
                return JT_INVALID;
            }
            s++;
            continue;
        }
        if (c < 0x20) {
            l->tok_end = s; /* PostgreSQL's context stops before the character */
            snprintf(l->detail, sizeof(l->detail), "Character with value 0x%02x must be escaped.",
                     c);
            return JT_INVALID;
        }
        s++;
    }
    if (s >= l->end) {
        l->tok_end = l->end;
        return JT_INVALID;
    }
    l->tok_end = s + 1;
    return JT_STRING;
}

/* json_lex_number, after an optional '-'. */
static enum jtok j_number(struct jlex *l, const char *s)
{
    bool error = false;
    const char *e = l->end;
    if (s < e && *s == '0') {
        s++;
    } else if (s < e && *s >= '1' && *s <= '9') {
        do
            s++;
        while (s < e && isdigit((unsigned char)*s));
    } else {
        error = true;
    }
    if (s < e && *s == '.') {
        s++;
        if (s >= e || !isdigit((unsigned char)*s))
            error = true;
        else
            do
                s++;
            while (s < e && isdigit((unsigned char)*s));
    }
    if (s < e && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < e && (*s == '+' || *s == '-'))
            s++;
        if (s >= e || !isdigit((unsigned char)*s))
            error = true;
        else
            do
                s++;
            while (s < e && isdigit((unsigned char)*s));
    }
    const char *p = s;
    while (p < e && j_alnum((unsigned char)*p))
        p++;
    l->tok_end = p;
    return p > s || error ? JT_INVALID : JT_SCALAR;
}

static enum jtok j_lex(struct jlex *l)
{
    while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\n' || *l->p == '\r'))
        l->p++;
    l->tok = l->p;
    l->detail[0] = '\0';
    if (l->p >= l->end) {
        l->tok_end = l->p;
        return JT_END;
    }
    enum jtok t;
    switch (*l->p) {
    case '{':
        t = JT_OBJ_START;
        break;
    case '}':
        t = JT_OBJ_END;
        break;
    case '[':
        t = JT_ARR_START;
        break;
    case ']':
        t = JT_ARR_END;
        break;
    case ',':
        t = JT_COMMA;
        break;
    case ':':
        t = JT_COLON;
        break;
    case '"':
        return j_string(l);
    case '-':
        return j_number(l, l->p + 1);
    default:
        if (isdigit((unsigned char)*l->p))
            return j_number(l, l->p);
        const char *p = l->p;
        while (p < l->end && j_alnum((unsigned char)*p))
            p++;
        if (p == l->p) {
            l->tok_end = l->p + j_mblen(l->p, l->end);
            return JT_INVALID;
        }
        l->tok_end = p;
        size_t n = (size_t)(p - l->p);
        if ((n == 4 && (memcmp(l->p, "true", 4) == 0 || memcmp(l->p, "null", 4) == 0)) ||
            (n == 5 && memcmp(l->p, "false", 5) == 0))
            return JT_SCALAR;
        return JT_INVALID;
    }
    l->tok_end = l->p + 1;
    return t;
}

enum jctx {
    JC_VALUE,
    JC_STRING,
    JC_ARRAY_NEXT,
    JC_OBJECT_START,
    JC_OBJECT_LABEL,
    JC_OBJECT_NEXT,
    JC_OBJECT_COMMA,
    JC_END
};

static int j_error(struct jlex *l, enum jtok t, enum jctx c, struct err *e)
{
    static const char *const expect[] = {
        [JC_VALUE] = "JSON value",          [JC_STRING] = "string",
        [JC_ARRAY_NEXT] = "\",\" or \"]\"", [JC_OBJECT_START] = "string or \"}\"",
        [JC_OBJECT_LABEL] = "\":\"",        [JC_OBJECT_NEXT] = "\",\" or \"}\"",
        [JC_OBJECT_COMMA] = "string",       [JC_END] = "end of input",
    };
    char detail[256];
    int n = (int)(l->tok_end - l->tok);
    if (n > 100)
        n = 100;
    if (t == JT_INVALID && l->detail[0])
        snprintf(detail, sizeof(detail), "%s", l->detail);
    else if (t == JT_INVALID)
        snprintf(detail, sizeof(detail), "Token \"%.*s\" is invalid.", n, l->tok);
    else if (t == JT_END)
        snprintf(detail, sizeof(detail), "The input string ended unexpectedly.");
    else
        snprintf(detail, sizeof(detail), "Expected %s, but found \"%.*s\".", expect[c], n, l->tok);
    /* report_json_context: the input's line up to the end of the bad token,
     * at most 50 bytes of it */
    const char *line_start = l->start, *ctx_end = l->tok_end;
    int line = 1;
    for (const char *q = l->start; q < l->tok; q++)
        if (*q == '\n') {
            line++;
            line_start = q + 1;
        }
    const char *cs = line_start;
    while (ctx_end - cs >= 50)
        cs += j_mblen(cs, ctx_end);
    bool suffix = t != JT_END && ctx_end < l->end && *ctx_end != '\n' && *ctx_end != '\r';
    return err_set_state(e, ERR_INVAL, "22P02",
                         "invalid input syntax for type json%s%s\nCONTEXT:  JSON data, line %d: "
                         "%s%.*s%s",
                         SQL_NUM_DETAIL_SEP, detail, line, cs > line_start ? "..." : "",
                         (int)(ctx_end - cs), cs, suffix ? "..." : "");
}

int sql__json_validate(const char *s, size_t len, struct err *e)
{
    struct jlex l = {.start = s, .p = s, .end = s + len};
    uint8_t stack[JSON_MAX_DEPTH]; /* 1: inside an object, 0: inside an array */
    int depth = 0;
    enum jtok t;

    /* A value starts here; after it, `next` decides what follows. */
value:
    t = j_lex(&l);
    l.p = l.tok_end;
    switch (t) {
    case JT_STRING:
    case JT_SCALAR:
        goto next;
    case JT_OBJ_START:
    case JT_ARR_START:
        if (depth >= JSON_MAX_DEPTH)
            return err_set_state(e, ERR_LIMIT, "54001", "stack depth limit exceeded");
        stack[depth++] = t == JT_OBJ_START;
        t = j_lex(&l);
        if (stack[depth - 1]) {
            if (t == JT_OBJ_END) {
                l.p = l.tok_end;
                depth--;
                goto next;
            }
            if (t != JT_STRING)
                return j_error(&l, t, JC_OBJECT_START, e);
            goto label;
        }
        if (t == JT_ARR_END) {
            l.p = l.tok_end;
            depth--;
            goto next;
        }
        if (t == JT_STRING || t == JT_SCALAR || t == JT_OBJ_START || t == JT_ARR_START)
            goto value_again;
        return j_error(&l, t, JC_VALUE, e); /* parse_array_element -> parse_scalar */
    default:
        return j_error(&l, t, JC_VALUE, e);
    }

value_again:
    /* the token at l.tok starts a value: rewind and parse it */
    l.p = l.tok;
    goto value;

label:
    /* l.tok is a string label */
    l.p = l.tok_end;
    t = j_lex(&l);
    if (t != JT_COLON)
        return j_error(&l, t, JC_OBJECT_LABEL, e);
    l.p = l.tok_end;
    goto value;

next:
    if (depth == 0) {
        t = j_lex(&l);
        if (t != JT_END)
            return j_error(&l, t, JC_END, e);
        return 0;
    }
    t = j_lex(&l);
    if (stack[depth - 1]) {
        if (t == JT_COMMA) {
            l.p = l.tok_end;
            t = j_lex(&l);
            if (t != JT_STRING)
                return j_error(&l, t, JC_OBJECT_COMMA, e);
            goto label;
        }
        if (t == JT_OBJ_END) {
            l.p = l.tok_end;
            depth--;
            goto next;
        }
        return j_error(&l, t, JC_OBJECT_NEXT, e);
    }
    if (t == JT_COMMA) {
        l.p = l.tok_end;
        goto value;
    }
    if (t == JT_ARR_END) {
        l.p = l.tok_end;
        depth--;
        goto next;
    }
    return j_error(&l, t, JC_ARRAY_NEXT, e);
}
