/* func_inet.c — the functions and operators of inet, cidr, macaddr and
 * macaddr8 (PostgreSQL 15's network.c and mac.c, mac8.c): containment
 * (<< <<= >> >>= &&), bitwise (~ & |), address arithmetic (+ -), host,
 * masklen, set_masklen, netmask, hostmask, network, broadcast, family,
 * abbrev, inet_same_family, inet_merge, trunc, macaddr8_set7bit.
 * Comparisons use func_cmp.c's (sql_value_cmp knows the types); casts are
 * inet.c's. Registered in func_reg.c.
 */
#include "sql/func_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/inet.h"

#include <string.h>

static int nbytes(const struct sql_value *v)
{
    return v->u.inet.family == SQL_INET_AF_INET ? 4 : 16;
}

static int maxbits(const struct sql_value *v)
{
    return nbytes(v) * 8;
}

static struct sql_value net_value(uint32_t type, const struct sql_value *from)
{
    struct sql_value r;
    memset(&r, 0, sizeof(r));
    r.type = type;
    r.u.inet.family = from->u.inet.family;
    r.u.inet.bits = from->u.inet.bits;
    return r;
}

static int bool_out(bool b, struct sql_value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_BOOL;
    out->u.b = b;
    return 0;
}

static int text_out(struct sql_fcall *c, struct sbuf *b, struct sql_value *out)
{
    char *p = mem_alloc(c->ctx, b->len + 1);
    memcpy(p, b->data, b->len);
    p[b->len] = '\0';
    *out = sql_text(p, b->len);
    sbuf_free(b);
    return 0;
}

/* ---- containment ---- */

int sql__fn_inet_sub(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)c, (void)n, (void)e;
    const struct sql_value *x = &a[0], *y = &a[1];
    return bool_out(x->u.inet.family == y->u.inet.family && x->u.inet.bits > y->u.inet.bits &&
                        sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, y->u.inet.bits) == 0,
                    out);
}

int sql__fn_inet_subeq(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)c, (void)n, (void)e;
    const struct sql_value *x = &a[0], *y = &a[1];
    return bool_out(x->u.inet.family == y->u.inet.family && x->u.inet.bits >= y->u.inet.bits &&
                        sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, y->u.inet.bits) == 0,
                    out);
}

int sql__fn_inet_sup(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e)
{
    (void)c, (void)n, (void)e;
    const struct sql_value *x = &a[0], *y = &a[1];
    return bool_out(x->u.inet.family == y->u.inet.family && x->u.inet.bits < y->u.inet.bits &&
                        sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, x->u.inet.bits) == 0,
                    out);
}

int sql__fn_inet_supeq(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)c, (void)n, (void)e;
    const struct sql_value *x = &a[0], *y = &a[1];
    return bool_out(x->u.inet.family == y->u.inet.family && x->u.inet.bits <= y->u.inet.bits &&
                        sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, x->u.inet.bits) == 0,
                    out);
}

int sql__fn_inet_overlap(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    const struct sql_value *x = &a[0], *y = &a[1];
    int minb = x->u.inet.bits < y->u.inet.bits ? x->u.inet.bits : y->u.inet.bits;
    return bool_out(x->u.inet.family == y->u.inet.family &&
                        sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, minb) == 0,
                    out);
}

int sql__fn_inet_same_family(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    return bool_out(a[0].u.inet.family == a[1].u.inet.family, out);
}

/* ---- bitwise (inet and the mac types) ---- */

static int mac_len(uint32_t t)
{
    return t == SQL_T_MACADDR ? 6 : 8;
}

int sql__fn_net_not(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = a[0];
    out->type = a[0].type == SQL_T_CIDR ? SQL_T_INET : a[0].type;
    if (out->type == SQL_T_INET) {
        for (int i = 0; i < nbytes(&a[0]); i++)
            out->u.inet.addr[i] = (uint8_t)~a[0].u.inet.addr[i];
    } else {
        for (int i = 0; i < mac_len(out->type); i++)
            out->u.mac[i] = (uint8_t)~a[0].u.mac[i];
    }
    return 0;
}

static int net_bitop(const struct sql_value *a, struct sql_value *out, bool is_and, struct err *e)
{
    const struct sql_value *x = &a[0], *y = &a[1];
    if (x->type == SQL_T_MACADDR || x->type == SQL_T_MACADDR8) {
        *out = *x;
        for (int i = 0; i < mac_len(x->type); i++)
            out->u.mac[i] = is_and ? x->u.mac[i] & y->u.mac[i] : x->u.mac[i] | y->u.mac[i];
        return 0;
    }
    if (x->u.inet.family != y->u.inet.family)
        return err_set_state(e, ERR_INVAL, "22023", "cannot %s inet values of different sizes",
                             is_and ? "AND" : "OR");
    *out = net_value(SQL_T_INET, x);
    if (y->u.inet.bits > x->u.inet.bits)
        out->u.inet.bits = y->u.inet.bits;
    for (int i = 0; i < nbytes(x); i++)
        out->u.inet.addr[i] =
            is_and ? x->u.inet.addr[i] & y->u.inet.addr[i] : x->u.inet.addr[i] | y->u.inet.addr[i];
    return 0;
}

int sql__fn_net_and(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)c, (void)n;
    return net_bitop(a, out, true, e);
}

int sql__fn_net_or(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e)
{
    (void)c, (void)n;
    return net_bitop(a, out, false, e);
}

/* ---- arithmetic ---- */

/* internal_inetpl */
static int inet_plus(const struct sql_value *ip, int64_t addend, struct sql_value *out,
                     struct err *e)
{
    *out = net_value(SQL_T_INET, ip);
    int nb = nbytes(ip), carry = 0;
    while (--nb >= 0) {
        carry = ip->u.inet.addr[nb] + (int)(addend & 0xFF) + carry;
        out->u.inet.addr[nb] = (uint8_t)(carry & 0xFF);
        carry >>= 8;
        addend &= ~(int64_t)0xFF;
        addend /= 0x100;
    }
    if (!((addend == 0 && carry == 0) || (addend == -1 && carry == 1)))
        return err_set_state(e, ERR_INVAL, "22003", "result is out of range");
    return 0;
}

int sql__fn_inet_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)c, (void)n;
    if (a[0].type == SQL_T_INT8)
        return inet_plus(&a[1], a[0].u.i, out, e);
    return inet_plus(&a[0], a[1].u.i, out, e);
}

int sql__fn_inet_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e)
{
    (void)c, (void)n;
    if (a[1].type == SQL_T_INT8) {
        if (a[1].u.i == INT64_MIN) /* -addend overflows: as PostgreSQL's int64 wraps */
            return inet_plus(&a[0], INT64_MIN, out, e);
        return inet_plus(&a[0], -a[1].u.i, out, e);
    }
    const struct sql_value *x = &a[0], *y = &a[1];
    if (x->u.inet.family != y->u.inet.family)
        return err_set_state(e, ERR_INVAL, "22023",
                             "cannot subtract inet values of different sizes");
    int nb = nbytes(x), byte = 0, carry = 1;
    uint64_t res = 0;
    while (--nb >= 0) {
        carry = x->u.inet.addr[nb] + (~y->u.inet.addr[nb] & 0xFF) + carry;
        int lobyte = carry & 0xFF;
        if (byte < 8) {
            res |= (uint64_t)lobyte << (byte * 8);
        } else if (((int64_t)res < 0) ? (lobyte != 0xFF) : (lobyte != 0)) {
            return err_set_state(e, ERR_INVAL, "22003", "result is out of range");
        }
        carry >>= 8;
        byte++;
    }
    if (carry == 0 && byte < 8)
        res |= ~UINT64_C(0) << (byte * 8);
    *out = sql_int8((int64_t)res);
    return 0;
}

/* ---- accessors ---- */

int sql__fn_inet_host(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)n, (void)e;
    struct sbuf b;
    sbuf_init(&b);
    sql__inet_host(&a[0], &b);
    return text_out(c, &b, out);
}

int sql__fn_inet_abbrev(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)n, (void)e;
    struct sbuf b;
    sbuf_init(&b);
    if (c->match != NULL && c->match->argtypes[0] == SQL_T_CIDR)
        sql__cidr_abbrev(&a[0], &b);
    else {
        struct sql_value v = a[0];
        v.type = SQL_T_INET;
        sql__net_out(&v, &b);
    }
    return text_out(c, &b, out);
}

int sql__fn_inet_masklen(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = sql_int4(a[0].u.inet.bits);
    return 0;
}

int sql__fn_inet_family(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = sql_int4(a[0].u.inet.family == SQL_INET_AF_INET ? 4 : 6);
    return 0;
}

/* mask bytes of bits ones */
static void make_mask(uint8_t *m, int nb, int bits)
{
    for (int i = 0; i < nb; i++) {
        int keep = bits - 8 * i;
        m[i] = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
    }
}

int sql__fn_inet_broadcast(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    uint8_t m[16];
    make_mask(m, nbytes(&a[0]), a[0].u.inet.bits);
    *out = net_value(SQL_T_INET, &a[0]);
    for (int i = 0; i < nbytes(&a[0]); i++)
        out->u.inet.addr[i] = a[0].u.inet.addr[i] | (uint8_t)~m[i];
    return 0;
}

int sql__fn_inet_network(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = net_value(SQL_T_CIDR, &a[0]);
    memcpy(out->u.inet.addr, a[0].u.inet.addr, 16);
    sql__inet_mask(out->u.inet.addr, a[0].u.inet.family, a[0].u.inet.bits);
    return 0;
}

int sql__fn_inet_netmask(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = net_value(SQL_T_INET, &a[0]);
    out->u.inet.bits = (uint8_t)maxbits(&a[0]);
    make_mask(out->u.inet.addr, nbytes(&a[0]), a[0].u.inet.bits);
    return 0;
}

int sql__fn_inet_hostmask(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = net_value(SQL_T_INET, &a[0]);
    out->u.inet.bits = (uint8_t)maxbits(&a[0]);
    make_mask(out->u.inet.addr, nbytes(&a[0]), a[0].u.inet.bits);
    for (int i = 0; i < nbytes(&a[0]); i++)
        out->u.inet.addr[i] = (uint8_t)~out->u.inet.addr[i];
    return 0;
}

int sql__fn_inet_set_masklen(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e)
{
    (void)n;
    bool cidr = c->match != NULL && c->match->argtypes[0] == SQL_T_CIDR;
    int64_t bits = a[1].u.i;
    if (bits == -1)
        bits = maxbits(&a[0]);
    if (bits < 0 || bits > maxbits(&a[0]))
        return err_set_state(e, ERR_INVAL, "22023", "invalid mask length: %d", (int)a[1].u.i);
    *out = a[0];
    out->type = cidr ? SQL_T_CIDR : SQL_T_INET;
    out->u.inet.bits = (uint8_t)bits;
    if (cidr)
        sql__inet_mask(out->u.inet.addr, out->u.inet.family, (int)bits);
    return 0;
}

int sql__fn_inet_merge(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e)
{
    (void)c, (void)n;
    const struct sql_value *x = &a[0], *y = &a[1];
    if (x->u.inet.family != y->u.inet.family)
        return err_set_state(e, ERR_INVAL, "22023",
                             "cannot merge addresses from different families");
    int minb = x->u.inet.bits < y->u.inet.bits ? x->u.inet.bits : y->u.inet.bits;
    int common = 0;
    while (common < minb && sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, common + 1) == 0)
        common++;
    *out = net_value(SQL_T_CIDR, x);
    out->u.inet.bits = (uint8_t)common;
    memcpy(out->u.inet.addr, x->u.inet.addr, 16);
    sql__inet_mask(out->u.inet.addr, x->u.inet.family, common);
    return 0;
}

/* ---- mac ---- */

int sql__fn_mac_trunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = a[0];
    memset(out->u.mac + 3, 0, (size_t)mac_len(a[0].type) - 3);
    return 0;
}

int sql__fn_mac8_set7bit(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e)
{
    (void)c, (void)n, (void)e;
    *out = a[0];
    out->u.mac[0] |= 0x02;
    return 0;
}
