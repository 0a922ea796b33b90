/* func_numfmt.c — number formatting: to_char(int4|int8|float4|float8|numeric,
 * text) and to_number(text, text), a port of PostgreSQL 15's formatting.c
 * NUM_* machinery (NUMDesc_prepare, NUM_processor, NUM_numpart_to_char)
 * with the C locale (decimal point ".", group separator ",", currency " ").
 *
 * Patterns: 9 0 . , D G S MI PL SG PR FM B V L RN TH EEEE (upper and lower
 * case); double-quoted text and other characters are copied through.
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/func_int.h"
#include "sql/numeric.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    K_COMMA,
    K_DEC,
    K_0,
    K_9,
    K_B,
    K_C,
    K_D,
    K_E,
    K_FM,
    K_G,
    K_L,
    K_MI,
    K_PL,
    K_PR,
    K_RN,
    K_rn,
    K_S,
    K_SG,
    K_SP,
    K_TH,
    K_th,
    K_V,
};

#define F_DECIMAL    (1 << 1)
#define F_LDECIMAL   (1 << 2)
#define F_ZERO       (1 << 3)
#define F_BLANK      (1 << 4)
#define F_FILLMODE   (1 << 5)
#define F_LSIGN      (1 << 6)
#define F_BRACKET    (1 << 7)
#define F_MINUS      (1 << 8)
#define F_PLUS       (1 << 9)
#define F_ROMAN      (1 << 10)
#define F_MULTI      (1 << 11)
#define F_PLUS_POST  (1 << 12)
#define F_MINUS_POST (1 << 13)
#define F_EEEE       (1 << 14)

enum { LSIGN_NONE, LSIGN_PRE, LSIGN_POST };

struct num_desc {
    int pre, post, lsign, flag, pre_lsign_num, multi, zero_start, zero_end;
};

struct node {
    int key;       /* -1: literal text */
    const char *s; /* literal */
    size_t len;
};

static const struct {
    const char *name;
    int key;
} keywords[] = {
    /* longest first within a leading character */
    {",", K_COMMA}, {".", K_DEC},  {"0", K_0},   {"9", K_9},   {"B", K_B},   {"C", K_C},
    {"D", K_D},     {"EEEE", K_E}, {"FM", K_FM}, {"G", K_G},   {"L", K_L},   {"MI", K_MI},
    {"PL", K_PL},   {"PR", K_PR},  {"RN", K_RN}, {"SG", K_SG}, {"SP", K_SP}, {"S", K_S},
    {"TH", K_TH},   {"V", K_V},    {"b", K_B},   {"c", K_C},   {"d", K_D},   {"eeee", K_E},
    {"fm", K_FM},   {"g", K_G},    {"l", K_L},   {"mi", K_MI}, {"pl", K_PL}, {"pr", K_PR},
    {"rn", K_rn},   {"sg", K_SG},  {"sp", K_SP}, {"s", K_S},   {"th", K_th}, {"v", K_V},
};

static int fmt_err(struct err *e, const char *msg)
{
    return err_set_state(e, ERR_INVAL, "42601", "%s", msg);
}

/* Parse the format into nodes (ctx) and fill the description. */
static int parse_num_fmt(struct mem_ctx *ctx, const char *f, size_t flen, struct node **out,
                         size_t *nout, struct num_desc *d, struct err *e)
{
    struct node *nodes = mem_alloc(ctx, (flen + 1) * sizeof(*nodes));
    size_t n = 0;
    memset(d, 0, sizeof(*d));
    for (size_t i = 0; i < flen;) {
        int key = -1;
        size_t kl = 0;
        for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
            size_t l = strlen(keywords[k].name);
            if (l <= flen - i && memcmp(f + i, keywords[k].name, l) == 0) {
                key = keywords[k].key;
                kl = l;
                break;
            }
        }
        if (key < 0) {
            if (f[i] == '"') {
                size_t j = i + 1;
                while (j < flen && f[j] != '"') {
                    size_t l = f[j] == '\\' && j + 1 < flen ? 1 : 0;
                    j += l;
                    size_t cl = (size_t)sql__utf8_clen(f + j, flen - j);
                    nodes[n++] = (struct node){-1, f + j, cl};
                    j += cl;
                }
                i = j < flen ? j + 1 : j;
                continue;
            }
            size_t cl = (size_t)sql__utf8_clen(f + i, flen - i);
            if (f[i] == '\\' && i + 1 < flen && f[i + 1] == '"') {
                i++;
                cl = 1;
            }
            nodes[n++] = (struct node){-1, f + i, cl};
            i += cl;
            continue;
        }
        nodes[n++] = (struct node){key, f + i, kl};
        i += kl;
        switch (key) {
        case K_9:
            if (d->flag & F_BRACKET)
                return fmt_err(e, "\"9\" must be ahead of \"PR\"");
            if (d->flag & F_MULTI)
                d->multi++;
            else if (d->flag & F_DECIMAL)
                d->post++;
            else
                d->pre++;
            break;
        case K_0:
            if (d->flag & F_BRACKET)
                return fmt_err(e, "\"0\" must be ahead of \"PR\"");
            if (!(d->flag & F_ZERO) && !(d->flag & F_DECIMAL)) {
                d->flag |= F_ZERO;
                d->zero_start = d->pre + 1;
            }
            if (!(d->flag & F_DECIMAL))
                d->pre++;
            else
                d->post++;
            d->zero_end = d->pre + d->post;
            break;
        case K_B:
            if (d->pre == 0 && d->post == 0 && !(d->flag & F_ZERO))
                d->flag |= F_BLANK;
            break;
        case K_D:
            d->flag |= F_LDECIMAL;
            __attribute__((fallthrough));
        case K_DEC:
            if (d->flag & F_DECIMAL)
                return fmt_err(e, "multiple decimal points");
            if (d->flag & F_MULTI)
                return fmt_err(e, "cannot use \"V\" and decimal point together");
            d->flag |= F_DECIMAL;
            break;
        case K_FM:
            d->flag |= F_FILLMODE;
            break;
        case K_S:
            if (d->flag & F_LSIGN)
                return fmt_err(e, "cannot use \"S\" twice");
            if (d->flag & (F_PLUS | F_MINUS | F_BRACKET))
                return fmt_err(e, "cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
            if (!(d->flag & F_DECIMAL)) {
                d->lsign = LSIGN_PRE;
                d->pre_lsign_num = d->pre;
                d->flag |= F_LSIGN;
            } else if (d->lsign == LSIGN_NONE) {
                d->lsign = LSIGN_POST;
                d->flag |= F_LSIGN;
            }
            break;
        case K_MI:
            if (d->flag & F_LSIGN)
                return fmt_err(e, "cannot use \"S\" and \"MI\" together");
            d->flag |= F_MINUS | ((d->flag & F_DECIMAL) ? F_MINUS_POST : 0);
            break;
        case K_PL:
            if (d->flag & F_LSIGN)
                return fmt_err(e, "cannot use \"S\" and \"PL\" together");
            d->flag |= F_PLUS | ((d->flag & F_DECIMAL) ? F_PLUS_POST : 0);
            break;
        case K_SG:
            if (d->flag & F_LSIGN)
                return fmt_err(e, "cannot use \"S\" and \"SG\" together");
            d->flag |= F_MINUS | F_PLUS;
            break;
        case K_PR:
            if (d->flag & (F_LSIGN | F_PLUS | F_MINUS))
                return fmt_err(e, "cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
            d->flag |= F_BRACKET;
            break;
        case K_RN:
        case K_rn:
            d->flag |= F_ROMAN;
            break;
        case K_V:
            if (d->flag & F_DECIMAL)
                return fmt_err(e, "cannot use \"V\" and decimal point together");
            d->flag |= F_MULTI;
            break;
        case K_E:
            if (d->flag & F_EEEE)
                return fmt_err(e, "cannot use \"EEEE\" twice");
            if (d->flag &
                (F_BLANK | F_FILLMODE | F_LSIGN | F_BRACKET | F_MINUS | F_PLUS | F_ROMAN | F_MULTI))
                return fmt_err(e, "\"EEEE\" is incompatible with other formats" SQL_FUNC_HINT_SEP
                                  "\"EEEE\" may only be used together with digit and decimal "
                                  "point patterns.");
            d->flag |= F_EEEE;
            break;
        default:
            break;
        }
    }
    *out = nodes;
    *nout = n;
    return 0;
}

static const char *get_th(const char *num, bool upper)
{
    size_t len = strlen(num);
    char last = len ? num[len - 1] : '0';
    const char *s;
    if (len > 1 && num[len - 2] == '1')
        s = "th";
    else if (last == '1')
        s = "st";
    else if (last == '2')
        s = "nd";
    else if (last == '3')
        s = "rd";
    else
        s = "th";
    if (!upper)
        return s;
    return s[0] == 's' ? "ST" : s[0] == 'n' ? "ND" : s[0] == 'r' ? "RD" : "TH";
}

static char *int_to_roman(struct mem_ctx *ctx, int64_t v)
{
    static const char *const th[] = {"", "M", "MM", "MMM"};
    static const char *const hu[] = {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
    static const char *const te[] = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
    static const char *const on[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    if (v < 1 || v > 3999)
        return mem_strdup(ctx, "###############");
    return mem_printf(ctx, "%s%s%s%s", th[v / 1000], hu[(v / 100) % 10], te[(v / 10) % 10],
                      on[v % 10]);
}

struct np {
    struct num_desc *d;
    char sign;
    bool sign_wrote, num_in;
    int num_count, num_curr, out_pre_spaces;
    const char *number, *number_p, *last_relevant;
    struct sbuf *out;
    bool cut;       /* a digit was written past the number's end ... */
    size_t cut_len; /* ... here: NUM_numpart_to_char writes its NUL, ending the text */
};

#define IS_PREDEC_SPACE(n)                                                              \
    (!((n)->d->flag & F_ZERO) && (n)->number == (n)->number_p && *(n)->number == '0' && \
     (n)->d->post != 0)

static void numpart(struct np *p, int id)
{
    struct num_desc *d = p->d;
    if (d->flag & F_ROMAN)
        return;
    if (!p->sign_wrote &&
        (p->num_curr >= p->out_pre_spaces ||
         ((d->flag & F_ZERO) && d->zero_start == p->num_curr)) &&
        (!IS_PREDEC_SPACE(p) || (p->last_relevant && *p->last_relevant == '.'))) {
        if (d->flag & F_LSIGN) {
            if (d->lsign == LSIGN_PRE) {
                sbuf_putc(p->out, p->sign == '-' ? '-' : '+');
                p->sign_wrote = true;
            }
        } else if (d->flag & F_BRACKET) {
            sbuf_putc(p->out, p->sign == '+' ? ' ' : '<');
            p->sign_wrote = true;
        } else if (p->sign == '+') {
            if (!(d->flag & F_FILLMODE))
                sbuf_putc(p->out, ' ');
            p->sign_wrote = true;
        } else if (p->sign == '-') {
            sbuf_putc(p->out, '-');
            p->sign_wrote = true;
        }
    }
    if (p->num_curr < p->out_pre_spaces && (d->zero_start > p->num_curr || !(d->flag & F_ZERO))) {
        if (!(d->flag & F_FILLMODE))
            sbuf_putc(p->out, ' ');
    } else if ((d->flag & F_ZERO) && p->num_curr < p->out_pre_spaces &&
               d->zero_start <= p->num_curr) {
        sbuf_putc(p->out, '0');
        p->num_in = true;
    } else {
        if (*p->number_p == '.') {
            if (!p->last_relevant || *p->last_relevant != '.')
                sbuf_putc(p->out, '.');
            else if ((d->flag & F_FILLMODE) && p->last_relevant && *p->last_relevant == '.')
                sbuf_putc(p->out, '.');
        } else {
            if (p->last_relevant && p->number_p > p->last_relevant && id != K_0) {
                /* trailing zero dropped by FM */
            } else if (IS_PREDEC_SPACE(p)) {
                if (!(d->flag & F_FILLMODE))
                    sbuf_putc(p->out, ' ');
                else if (p->last_relevant && *p->last_relevant == '.')
                    sbuf_putc(p->out, '0');
            } else if (*p->number_p == '\0') {
                if (!p->cut) {
                    p->cut = true;
                    p->cut_len = p->out->len;
                }
                p->num_in = true;
            } else {
                sbuf_putc(p->out, *p->number_p);
                p->num_in = true;
            }
        }
        if (*p->number_p)
            p->number_p++;
    }
    int end = p->num_count + (p->out_pre_spaces ? 1 : 0) + ((d->flag & F_DECIMAL) ? 1 : 0);
    if (p->last_relevant && p->last_relevant == p->number_p)
        end = p->num_curr;
    if (p->num_curr + 1 == end) {
        if (p->sign_wrote && (d->flag & F_BRACKET))
            sbuf_putc(p->out, p->sign == '+' ? ' ' : '>');
        else if ((d->flag & F_LSIGN) && d->lsign == LSIGN_POST)
            sbuf_putc(p->out, p->sign == '-' ? '-' : '+');
    }
    p->num_curr++;
}

/* NUM_processor for to_char: number is the digits (no sign, "." for the
 * decimal point, or a roman numeral / "#" overflow fill). */
static void num_to_char(const struct node *nodes, size_t nn, struct num_desc *d, const char *number,
                        int out_pre_spaces, char sign, struct sbuf *out)
{
    struct np p = {0};
    p.d = d;
    p.out = out;
    p.number = p.number_p = number;
    if (d->zero_start)
        d->zero_start--;
    if (d->flag & F_EEEE) {
        sbuf_puts(out, number);
        return;
    }
    p.sign = sign;
    if (d->flag & (F_PLUS | F_MINUS)) {
        p.sign_wrote = !((d->flag & F_PLUS) && !(d->flag & F_MINUS));
    } else {
        if (sign != '-' && (d->flag & F_FILLMODE))
            d->flag &= ~F_BRACKET;
        p.sign_wrote = sign == '+' && (d->flag & F_FILLMODE) && !(d->flag & F_LSIGN);
        if (d->lsign == LSIGN_PRE && d->pre == d->pre_lsign_num)
            d->lsign = LSIGN_POST;
    }
    p.num_count = d->post + d->pre - 1;
    p.out_pre_spaces = out_pre_spaces;
    if ((d->flag & F_FILLMODE) && (d->flag & F_DECIMAL)) {
        const char *dot = strchr(number, '.');
        if (dot) {
            const char *r = dot;
            for (const char *q = dot + 1; *q; q++)
                if (*q != '0')
                    r = q;
            p.last_relevant = r;
            if (d->zero_end > p.out_pre_spaces) {
                int lzp = (int)strlen(number) - 1;
                if (d->zero_end - p.out_pre_spaces < lzp)
                    lzp = d->zero_end - p.out_pre_spaces;
                if (p.last_relevant < number + lzp)
                    p.last_relevant = number + lzp;
            }
        }
    }
    if (!p.sign_wrote && p.out_pre_spaces == 0)
        p.num_count++;

    for (size_t i = 0; i < nn; i++) {
        const struct node *n = &nodes[i];
        if (n->key < 0) {
            sbuf_append(out, n->s, n->len);
            continue;
        }
        switch (n->key) {
        case K_9:
        case K_0:
        case K_DEC:
        case K_D:
            numpart(&p, n->key);
            break;
        case K_COMMA:
        case K_G:
            if (!p.num_in) {
                if (!(d->flag & F_FILLMODE))
                    sbuf_putc(out, ' ');
            } else {
                sbuf_putc(out, ',');
            }
            break;
        case K_L:
            sbuf_putc(out, ' ');
            break;
        case K_RN:
        case K_rn: {
            char buf[32];
            if (d->flag & F_FILLMODE)
                snprintf(buf, sizeof(buf), "%s", p.number_p);
            else
                snprintf(buf, sizeof(buf), "%15s", p.number_p);
            if (n->key == K_rn)
                for (char *q = buf; *q; q++)
                    *q = (char)tolower((unsigned char)*q);
            sbuf_puts(out, buf);
            break;
        }
        case K_TH:
        case K_th:
            if ((d->flag & F_ROMAN) || *number == '#' || p.sign == '-' || (d->flag & F_DECIMAL))
                break;
            sbuf_puts(out, get_th(number, n->key == K_TH));
            break;
        case K_MI:
            if (p.sign == '-')
                sbuf_putc(out, '-');
            else if (!(d->flag & F_FILLMODE))
                sbuf_putc(out, ' ');
            break;
        case K_PL:
            if (p.sign == '+')
                sbuf_putc(out, '+');
            else if (!(d->flag & F_FILLMODE))
                sbuf_putc(out, ' ');
            break;
        case K_SG:
            sbuf_putc(out, p.sign);
            break;
        default:
            break;
        }
    }
    if (p.cut && p.cut_len < out->len) {
        out->len = p.cut_len;
        out->data[out->len] = '\0';
    }
}

/* "###.##" for a number that does not fit. */
static char *overflow_fill(struct mem_ctx *ctx, const struct num_desc *d)
{
    char *s = mem_alloc(ctx, (size_t)(d->pre + d->post) + 2);
    memset(s, '#', (size_t)(d->pre + d->post) + 1);
    s[d->pre] = '.';
    s[d->pre + d->post + 1] = '\0';
    return s;
}

/* Split a formatted number into sign and digits, and pad/overflow. */
static void finish_digits(struct mem_ctx *ctx, const struct num_desc *d, char *orgnum,
                          const char **numstr, char *sign, int *pre_spaces)
{
    char *ns = orgnum;
    if (*ns == '-') {
        *sign = '-';
        ns++;
    } else {
        *sign = '+';
    }
    char *dot = strchr(ns, '.');
    int pre_len = dot ? (int)(dot - ns) : (int)strlen(ns);
    *pre_spaces = 0;
    if (pre_len < d->pre)
        *pre_spaces = d->pre - pre_len;
    else if (pre_len > d->pre)
        ns = overflow_fill(ctx, d);
    *numstr = ns;
}

int sql__fn_num_to_char(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    struct mem_ctx *ctx = c->ctx;
    struct node *nodes = NULL;
    size_t nn = 0;
    struct num_desc d;
    int rc = parse_num_fmt(ctx, a[1].u.s.p ? a[1].u.s.p : "", a[1].u.s.len, &nodes, &nn, &d, e);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TEXT;
    if (a[1].u.s.len == 0) {
        out->null = true;
        return 0;
    }
    const char *numstr = "";
    char sign = '+';
    int pre_spaces = 0;
    bool is_float = a[0].type == SQL_T_FLOAT8 || a[0].type == SQL_T_FLOAT4;
    if (is_float) {
        double val = a[0].u.f;
        int dig = a[0].type == SQL_T_FLOAT4 ? FLT_DIG : DBL_DIG;
        if (d.flag & F_ROMAN) {
            numstr = int_to_roman(ctx, (int64_t)rint(val));
        } else if (d.flag & F_EEEE) {
            if (isnan(val) || isinf(val)) {
                char *s = mem_alloc(ctx, (size_t)(d.pre + d.post) + 7);
                memset(s, '#', (size_t)(d.pre + d.post) + 6);
                s[d.pre + d.post + 6] = '\0';
                s[0] = ' ';
                s[d.pre + 1] = '.';
                numstr = s;
            } else {
                char *s = mem_printf(ctx, "%+.*e", d.post, val);
                if (*s == '+')
                    *s = ' ';
                numstr = s;
            }
        } else {
            if (d.flag & F_MULTI) {
                val *= pow(10.0, (double)d.multi);
                d.pre += d.multi;
            }
            /* PostgreSQL's own snprintf prints infinities and NaN as
             * "Infinity" and "NaN" */
            bool special = isnan(val) || isinf(val);
            const char *sp = isnan(val) ? "NaN" : "Infinity";
            char *s = special ? mem_printf(ctx, "%s", sp) : mem_printf(ctx, "%.0f", fabs(val));
            int pre_len = (int)strlen(s);
            if (pre_len >= dig)
                d.post = 0;
            else if (pre_len + d.post > dig)
                d.post = dig - pre_len;
            if (special)
                s = mem_printf(ctx, "%s%s", val < 0 ? "-" : "", sp);
            else
                s = mem_printf(ctx, "%.*f", d.post, val);
            finish_digits(ctx, &d, s, &numstr, &sign, &pre_spaces);
        }
    } else {
        struct sql_num v;
        if (a[0].type == SQL_T_NUMERIC)
            v = a[0].u.n;
        else
            sql_num_from_int64(ctx, a[0].u.i, &v);
        if (d.flag & F_ROMAN) {
            struct sql_num r;
            int64_t iv = 0;
            if (sql_num_round(ctx, &v, 0, &r, NULL) == 0 && sql_num_to_int64(&r, &iv, NULL) == 0)
                numstr = int_to_roman(ctx, iv);
            else
                numstr = int_to_roman(ctx, 0);
        } else if (d.flag & F_EEEE) {
            if (sql_num_is_special(&v)) {
                char *s = mem_alloc(ctx, (size_t)(d.pre + d.post) + 7);
                memset(s, '#', (size_t)(d.pre + d.post) + 6);
                s[d.pre + d.post + 6] = '\0';
                s[0] = ' ';
                s[d.pre + 1] = '.';
                numstr = s;
            } else {
                char *s = sql_num_out_sci(ctx, &v, d.post);
                numstr = *s == '-' ? s : mem_printf(ctx, " %s", s);
            }
        } else {
            if (d.flag & F_MULTI) {
                struct sql_num ten, p, m, x;
                sql_num_from_int64(ctx, 10, &ten);
                sql_num_from_int64(ctx, d.multi, &p);
                if ((rc = sql_num_power(ctx, &ten, &p, &x, e)) < 0 ||
                    (rc = sql_num_mul(ctx, &v, &x, &m, e)) < 0)
                    return rc;
                v = m;
                d.pre += d.multi;
            }
            struct sql_num r;
            if (sql_num_is_special(&v)) {
                r = v;
            } else if ((rc = sql_num_round(ctx, &v, d.post, &r, e)) < 0) {
                return rc;
            }
            char *s = sql_num_out(ctx, &r);
            finish_digits(ctx, &d, s, &numstr, &sign, &pre_spaces);
        }
    }
    struct sbuf b;
    sbuf_init(&b);
    num_to_char(nodes, nn, &d, numstr, pre_spaces, sign, &b);
    sql__fn_text_out(c, b.data, b.len, out);
    sbuf_free(&b);
    return 0;
}

/* to_number(text, fmt): the digits, decimal point and sign of the input
 * read against the format: at most as many fraction digits as the format
 * has after its decimal point; '-' anywhere (or '<' with PR) makes the
 * number negative; group separators, currency and literal text are
 * skipped; V divides by 10^n. A simplification of NUM_processor's reading
 * side that agrees with it on well-formed input. */
int sql__fn_to_number(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    struct mem_ctx *ctx = c->ctx;
    struct node *nodes = NULL;
    size_t nn = 0;
    struct num_desc d;
    int rc = parse_num_fmt(ctx, a[1].u.s.p ? a[1].u.s.p : "", a[1].u.s.len, &nodes, &nn, &d, e);
    if (rc < 0)
        return rc;
    if (d.flag & F_ROMAN)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "\"RN\" not supported for input");
    if (d.flag & F_EEEE)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "\"EEEE\" not supported for input");
    const char *s = a[0].u.s.p ? a[0].u.s.p : "";
    size_t len = a[0].u.s.len;
    struct sbuf b;
    sbuf_init(&b);
    bool neg = false, in_frac = false, any = false;
    int frac = 0, ipart = 0;
    sbuf_putc(&b, ' ');
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            if (in_frac) {
                if (frac >= d.post)
                    continue;
                frac++;
            } else if (!(d.flag & F_MULTI) && ++ipart > d.pre) {
                /* the format's digit positions are all used: PostgreSQL
                 * stops reading there (to_number('1234', '99') is 12);
                 * with a decimal point in the format the value overflows
                 * the field it is read into */
                if (d.flag & F_DECIMAL) {
                    sbuf_free(&b);
                    return err_set_state(e, ERR_INVAL, "22003",
                                         "numeric field overflow" SQL_NUM_DETAIL_SEP
                                         "A field with precision %d, scale 0 must round to an "
                                         "absolute value less than 10^%d.",
                                         d.pre, d.pre);
                }
                continue;
            }
            sbuf_putc(&b, ch);
            any = true;
        } else if (ch == '.' && (d.flag & F_DECIMAL) && !in_frac) {
            in_frac = true;
            sbuf_putc(&b, '.');
        } else if (ch == '-' || (ch == '<' && (d.flag & F_BRACKET))) {
            neg = true;
        }
    }
    if (!any)
        sbuf_putc(&b, '0');
    if (neg)
        b.data[0] = '-';
    struct sql_num v;
    rc = sql_num_in(ctx, b.data, -1, &v, e);
    sbuf_free(&b);
    if (rc < 0)
        return rc;
    if ((d.flag & F_MULTI) && d.multi > 0) {
        struct sql_num ten, p, x, r;
        sql_num_from_int64(ctx, 10, &ten);
        sql_num_from_int64(ctx, d.multi, &p);
        if ((rc = sql_num_power(ctx, &ten, &p, &x, e)) < 0 ||
            (rc = sql_num_div(ctx, &v, &x, &r, e)) < 0)
            return rc;
        v = r;
    }
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_NUMERIC;
    out->u.n = v;
    return 0;
}
