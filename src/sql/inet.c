/* inet.c — inet, cidr, macaddr and macaddr8 values: parsing and printing
 * (PostgreSQL 15's inet_net_pton.c, inet_net_ntop.c, inet_cidr_ntop.c,
 * mac.c, mac8.c), binary formats, ordering and key bytes. The SQL
 * functions and operators are in func_inet.c. See inet.h.
 */
#include "sql/inet.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool sql__net_type(uint32_t type)
{
    return type == SQL_T_INET || type == SQL_T_CIDR || type == SQL_T_MACADDR ||
           type == SQL_T_MACADDR8;
}

static int addr_size(int family)
{
    return family == SQL_INET_AF_INET ? 4 : 16;
}

/* ---- inet_net_pton ---- */

static int digit_val(int ch)
{
    return ch - '0';
}

/* inet_cidr_pton_ipv4: cidr input, classful defaults, hex "0x..." */
static int cidr_pton4(const char *src, uint8_t *dst)
{
    int size = 4, n, ch, tmp = 0, dirty, bits;
    const uint8_t *odst = dst;

    ch = (unsigned char)*src++;
    if (ch == '0' && (src[0] == 'x' || src[0] == 'X') && isxdigit((unsigned char)src[1])) {
        dirty = 0;
        src++;
        for (;;) {
            ch = (unsigned char)*src++;
            if (ch == '\0')
                break;
            if (!isxdigit(ch))
                return -1;
            ch = tolower(ch);
            n = ch <= '9' ? ch - '0' : ch - 'a' + 10;
            tmp = dirty == 0 ? n : (tmp << 4) | n;
            if (++dirty == 2) {
                if (size-- <= 0)
                    return -1;
                *dst++ = (uint8_t)tmp;
                dirty = 0;
            }
        }
        if (dirty) {
            if (size-- <= 0)
                return -1;
            *dst++ = (uint8_t)(tmp << 4);
        }
    } else if (isdigit(ch)) {
        for (;;) {
            tmp = 0;
            do {
                tmp = tmp * 10 + digit_val(ch);
                if (tmp > 255)
                    return -1;
            } while ((ch = (unsigned char)*src++) != '\0' && isdigit(ch));
            if (size-- <= 0)
                return -1;
            *dst++ = (uint8_t)tmp;
            if (ch == '\0' || ch == '/')
                break;
            if (ch != '.')
                return -1;
            ch = (unsigned char)*src++;
            if (!isdigit(ch))
                return -1;
        }
    } else
        return -1;

    bits = -1;
    if (ch == '/' && isdigit((unsigned char)src[0]) && dst > odst) {
        ch = (unsigned char)*src++;
        bits = 0;
        do {
            bits = bits * 10 + digit_val(ch);
            if (bits > 1000)
                return -1;
        } while ((ch = (unsigned char)*src++) != '\0' && isdigit(ch));
        if (ch != '\0')
            return -1;
        if (bits > 32)
            return -1;
    }
    if (ch != '\0')
        return -1;
    if (dst == odst)
        return -1;
    if (bits == -1) {
        if (*odst >= 240)
            bits = 32;
        else if (*odst >= 224)
            bits = 8;
        else if (*odst >= 192)
            bits = 24;
        else if (*odst >= 128)
            bits = 16;
        else
            bits = 8;
        if (bits < (dst - odst) * 8)
            bits = (int)(dst - odst) * 8;
        if (bits == 8 && *odst == 224)
            bits = 4;
    }
    while (bits > (dst - odst) * 8) {
        if (size-- <= 0)
            return -1;
        *dst++ = 0;
    }
    return bits;
}

/* inet_net_pton_ipv4: inet input */
static int inet_pton4(const char *src, uint8_t *dst)
{
    const uint8_t *odst = dst;
    int n = 4, ch, tmp, bits;

    while (ch = (unsigned char)*src++, isdigit(ch)) {
        tmp = 0;
        do {
            tmp = tmp * 10 + digit_val(ch);
            if (tmp > 255)
                return -1;
        } while ((ch = (unsigned char)*src++) != '\0' && isdigit(ch));
        if (n-- == 0)
            return -1;
        *dst++ = (uint8_t)tmp;
        if (ch == '\0' || ch == '/')
            break;
        if (ch != '.')
            return -1;
    }
    bits = -1;
    if (ch == '/' && isdigit((unsigned char)src[0]) && dst > odst) {
        ch = (unsigned char)*src++;
        bits = 0;
        do {
            bits = bits * 10 + digit_val(ch);
            if (bits > 1000)
                return -1;
        } while ((ch = (unsigned char)*src++) != '\0' && isdigit(ch));
        if (ch != '\0')
            return -1;
        if (bits > 32)
            return -1;
    }
    if (ch != '\0')
        return -1;
    if (bits == -1) {
        if (dst - odst == 4)
            bits = 32;
        else
            return -1;
    }
    if (dst == odst)
        return -1;
    if (bits / 8 > dst - odst)
        return -1;
    while (n-- > 0)
        *dst++ = 0;
    return bits;
}

static int getbits(const char *src, int *bitsp)
{
    int n = 0, val = 0;
    char ch;
    while ((ch = *src++) != '\0') {
        if (ch >= '0' && ch <= '9') {
            if (n++ != 0 && val == 0) /* no leading zeros */
                return 0;
            val = val * 10 + (ch - '0');
            if (val > 128)
                return 0;
            continue;
        }
        return 0;
    }
    if (n == 0)
        return 0;
    *bitsp = val;
    return 1;
}

static int getv4(const char *src, uint8_t *dst, int *bitsp)
{
    uint8_t *odst = dst;
    int n = 0;
    unsigned val = 0;
    char ch;
    while ((ch = *src++) != '\0') {
        if (ch >= '0' && ch <= '9') {
            if (n++ != 0 && val == 0)
                return 0;
            val = val * 10 + (unsigned)(ch - '0');
            if (val > 255)
                return 0;
            continue;
        }
        if (ch == '.' || ch == '/') {
            if (dst - odst > 3)
                return 0;
            *dst++ = (uint8_t)val;
            if (ch == '/')
                return getbits(src, bitsp);
            val = 0;
            n = 0;
            continue;
        }
        return 0;
    }
    if (n == 0)
        return 0;
    if (dst - odst > 3)
        return 0;
    *dst++ = (uint8_t)val;
    return 1;
}

/* inet_cidr_pton_ipv6 (both inet and cidr) */
static int pton6(const char *src, uint8_t *dst)
{
    uint8_t tmp[16], *tp, *endp, *colonp;
    const char *curtok;
    int ch, saw_xdigit, digits, bits;
    unsigned val;

    memset((tp = tmp), 0, 16);
    endp = tp + 16;
    colonp = NULL;
    if (*src == ':')
        if (*++src != ':')
            return -1;
    curtok = src;
    saw_xdigit = 0;
    val = 0;
    digits = 0;
    bits = -1;
    while ((ch = (unsigned char)*src++) != '\0') {
        if (isxdigit(ch)) {
            int lc = tolower(ch);
            val <<= 4;
            val |= (unsigned)(lc <= '9' ? lc - '0' : lc - 'a' + 10);
            if (++digits > 4)
                return -1;
            saw_xdigit = 1;
            continue;
        }
        if (ch == ':') {
            curtok = src;
            if (!saw_xdigit) {
                if (colonp)
                    return -1;
                colonp = tp;
                continue;
            } else if (*src == '\0')
                return -1;
            if (tp + 2 > endp)
                return -1;
            *tp++ = (uint8_t)(val >> 8);
            *tp++ = (uint8_t)val;
            saw_xdigit = 0;
            digits = 0;
            val = 0;
            continue;
        }
        if (ch == '.' && tp + 4 <= endp && getv4(curtok, tp, &bits) > 0) {
            tp += 4;
            saw_xdigit = 0;
            break;
        }
        if (ch == '/' && getbits(src, &bits) > 0)
            break;
        return -1;
    }
    if (saw_xdigit) {
        if (tp + 2 > endp)
            return -1;
        *tp++ = (uint8_t)(val >> 8);
        *tp++ = (uint8_t)val;
    }
    if (bits == -1)
        bits = 128;
    endp = tmp + 16;
    if (colonp != NULL) {
        const int n = (int)(tp - colonp);
        if (tp == endp)
            return -1;
        for (int i = 1; i <= n; i++) {
            endp[-i] = colonp[n - i];
            colonp[n - i] = 0;
        }
        tp = endp;
    }
    if (tp != endp)
        return -1;
    memcpy(dst, tmp, 16);
    return bits;
}

/* addressOK: no bits set right of the mask */
static bool address_ok(const uint8_t *a, int bits, int family)
{
    int maxbits = family == SQL_INET_AF_INET ? 32 : 128;
    if (bits == maxbits)
        return true;
    int byte = bits / 8;
    int nbits = bits % 8;
    uint8_t mask = 0xff;
    if (bits != 0)
        mask >>= nbits;
    while (byte < maxbits / 8) {
        if ((a[byte] & mask) != 0)
            return false;
        mask = 0xff;
        byte++;
    }
    return true;
}

static int inet_in(uint32_t type, const char *s, struct sql_value *v, struct err *e)
{
    bool cidr = type == SQL_T_CIDR;
    int family = strchr(s, ':') != NULL ? SQL_INET_AF_INET6 : SQL_INET_AF_INET;
    uint8_t addr[16] = {0};
    int bits;
    if (family == SQL_INET_AF_INET)
        bits = cidr ? cidr_pton4(s, addr) : inet_pton4(s, addr);
    else
        bits = pton6(s, addr);
    if (bits < 0 || bits > (family == SQL_INET_AF_INET ? 32 : 128))
        return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s: \"%s\"",
                             cidr ? "cidr" : "inet", s);
    if (cidr && !address_ok(addr, bits, family))
        return err_set_state(e, ERR_INVAL, "22P02",
                             "invalid cidr value: \"%s\"%sValue has bits set to right of mask.", s,
                             SQL_NUM_DETAIL_SEP);
    v->u.inet.family = (uint8_t)family;
    v->u.inet.bits = (uint8_t)bits;
    memcpy(v->u.inet.addr, addr, 16);
    return 0;
}

/* ---- inet_net_ntop / inet_cidr_ntop ---- */

static void ntop4(const uint8_t *src, int bits, struct sbuf *out)
{
    sbuf_printf(out, "%u.%u.%u.%u", src[0], src[1], src[2], src[3]);
    if (bits != 32)
        sbuf_printf(out, "/%u", (unsigned)bits);
}

static void ntop6(const uint8_t *src, int bits, struct sbuf *out)
{
    unsigned words[8] = {0};
    struct {
        int base, len;
    } best = {-1, 0}, cur = {-1, 0};
    for (int i = 0; i < 16; i++)
        words[i / 2] |= (unsigned)src[i] << ((1 - (i % 2)) << 3);
    for (int i = 0; i < 8; i++) {
        if (words[i] == 0) {
            if (cur.base == -1) {
                cur.base = i;
                cur.len = 1;
            } else
                cur.len++;
        } else if (cur.base != -1) {
            if (best.base == -1 || cur.len > best.len)
                best = cur;
            cur.base = -1;
        }
    }
    if (cur.base != -1 && (best.base == -1 || cur.len > best.len))
        best = cur;
    if (best.base != -1 && best.len < 2)
        best.base = -1;
    for (int i = 0; i < 8; i++) {
        if (best.base != -1 && i >= best.base && i < best.base + best.len) {
            if (i == best.base)
                sbuf_putc(out, ':');
            continue;
        }
        if (i != 0)
            sbuf_putc(out, ':');
        if (i == 6 && best.base == 0 &&
            (best.len == 6 || (best.len == 7 && words[7] != 0x0001) ||
             (best.len == 5 && words[5] == 0xffff))) {
            sbuf_printf(out, "%u.%u.%u.%u", src[12], src[13], src[14], src[15]);
            break;
        }
        sbuf_printf(out, "%x", words[i]);
    }
    if (best.base != -1 && best.base + best.len == 8)
        sbuf_putc(out, ':');
    if (bits != -1 && bits != 128)
        sbuf_printf(out, "/%u", (unsigned)bits);
}

static void net_ntop(int family, const uint8_t *a, int bits, struct sbuf *out)
{
    if (family == SQL_INET_AF_INET)
        ntop4(a, bits, out);
    else
        ntop6(a, bits, out);
}

static void cidr_ntop4(const uint8_t *src, int bits, struct sbuf *out)
{
    size_t start = out->len;
    if (bits == 0)
        sbuf_putc(out, '0');
    for (int b = bits / 8; b > 0; b--) {
        sbuf_printf(out, "%u", *src++);
        if (b > 1)
            sbuf_putc(out, '.');
    }
    int b = bits % 8;
    if (b > 0) {
        unsigned m = ((1u << b) - 1) << (8 - b);
        if (out->len != start)
            sbuf_putc(out, '.');
        sbuf_printf(out, "%u", *src & m);
    }
    sbuf_printf(out, "/%u", (unsigned)bits);
}

static void cidr_ntop6(const uint8_t *src, int bits, struct sbuf *out)
{
    size_t start = out->len;
    if (bits == 0) {
        sbuf_puts(out, "::");
    } else {
        uint8_t inbuf[16];
        int p = (bits + 7) / 8;
        memcpy(inbuf, src, (size_t)p);
        memset(inbuf + p, 0, (size_t)(16 - p));
        int b = bits % 8;
        if (b != 0)
            inbuf[p - 1] &= (uint8_t)(~0u << (8 - b));
        const uint8_t *s = inbuf;
        int words = (bits + 15) / 16;
        if (words == 1)
            words = 2;
        int zero_s = 0, zero_l = 0, tmp_zero_s = 0, tmp_zero_l = 0;
        for (int i = 0; i < words * 2; i += 2) {
            if ((s[i] | s[i + 1]) == 0) {
                if (tmp_zero_l == 0)
                    tmp_zero_s = i / 2;
                tmp_zero_l++;
            } else if (tmp_zero_l && zero_l < tmp_zero_l) {
                zero_s = tmp_zero_s;
                zero_l = tmp_zero_l;
                tmp_zero_l = 0;
            }
        }
        if (tmp_zero_l && zero_l < tmp_zero_l) {
            zero_s = tmp_zero_s;
            zero_l = tmp_zero_l;
        }
        bool is_ipv4 = zero_l != words && zero_s == 0 &&
                       (zero_l == 6 || (zero_l == 5 && s[10] == 0xff && s[11] == 0xff) ||
                        (zero_l == 7 && s[14] != 0 && s[15] != 1));
        for (p = 0; p < words; p++) {
            if (zero_l != 0 && p >= zero_s && p < zero_s + zero_l) {
                if (p == zero_s)
                    sbuf_putc(out, ':');
                if (p == words - 1)
                    sbuf_putc(out, ':');
                s += 2;
                continue;
            }
            if (is_ipv4 && p > 5) {
                sbuf_putc(out, p == 6 ? ':' : '.');
                sbuf_printf(out, "%u", *s++);
                if (p != 7 || bits > 120) {
                    sbuf_putc(out, '.');
                    sbuf_printf(out, "%u", *s++);
                }
            } else {
                if (out->len != start)
                    sbuf_putc(out, ':');
                sbuf_printf(out, "%x", (unsigned)(s[0] * 256 + s[1]));
                s += 2;
            }
        }
    }
    sbuf_printf(out, "/%u", (unsigned)bits);
}

/* ---- macaddr, macaddr8 (mac.c, mac8.c) ---- */

static int mac_in(const char *s, struct sql_value *v, struct err *e)
{
    unsigned a, b, c, d, f, g;
    char junk[2];
    int count;
    count = sscanf(s, "%x:%x:%x:%x:%x:%x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        count = sscanf(s, "%x-%x-%x-%x-%x-%x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        count = sscanf(s, "%2x%2x%2x:%2x%2x%2x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        count = sscanf(s, "%2x%2x%2x-%2x%2x%2x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        count = sscanf(s, "%2x%2x.%2x%2x.%2x%2x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        count = sscanf(s, "%2x%2x-%2x%2x-%2x%2x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        count = sscanf(s, "%2x%2x%2x%2x%2x%2x%1s", &a, &b, &c, &d, &f, &g, junk);
    if (count != 6)
        return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s: \"%s\"",
                             "macaddr", s);
    if (a > 255 || b > 255 || c > 255 || d > 255 || f > 255 || g > 255)
        return err_set_state(e, ERR_INVAL, "22003",
                             "invalid octet value in \"macaddr\" value: \"%s\"", s);
    uint8_t m[6] = {(uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d, (uint8_t)f, (uint8_t)g};
    memcpy(v->u.mac, m, 6);
    return 0;
}

static int hexval(unsigned char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static int mac8_in(const char *str, struct sql_value *v, struct err *e)
{
    const unsigned char *ptr = (const unsigned char *)str;
    uint8_t m[8] = {0};
    int count = 0;
    unsigned char spacer = '\0';
    while (*ptr && isspace(*ptr))
        ptr++;
    while (*ptr && *(ptr + 1)) {
        int hi = hexval(ptr[0]), lo = hexval(ptr[1]);
        if (hi < 0 || lo < 0 || count >= 8)
            goto fail;
        m[count++] = (uint8_t)(hi << 4 | lo);
        ptr += 2;
        if (*ptr == ':' || *ptr == '-' || *ptr == '.') {
            if (spacer == '\0')
                spacer = *ptr;
            else if (spacer != *ptr)
                goto fail;
            ptr++;
        }
        if ((count == 6 || count == 8) && isspace(*ptr)) {
            while (*++ptr && isspace(*ptr))
                ;
            if (*ptr)
                goto fail;
        }
    }
    if (count == 6) {
        m[7] = m[5];
        m[6] = m[4];
        m[5] = m[3];
        m[3] = 0xFF;
        m[4] = 0xFE;
    } else if (count != 8)
        goto fail;
    memcpy(v->u.mac, m, 8);
    return 0;
fail:
    return err_set_state(e, ERR_INVAL, "22P02", "invalid input syntax for type %s: \"%s\"",
                         "macaddr8", str);
}

static int mac_len(uint32_t type)
{
    return type == SQL_T_MACADDR ? 6 : 8;
}

/* ---- value hooks ---- */

int sql__net_in(uint32_t type, const char *s, struct sql_value *v, struct err *e)
{
    memset(&v->u, 0, sizeof(v->u));
    if (type == SQL_T_MACADDR)
        return mac_in(s, v, e);
    if (type == SQL_T_MACADDR8)
        return mac8_in(s, v, e);
    return inet_in(type, s, v, e);
}

void sql__net_out(const struct sql_value *v, struct sbuf *out)
{
    const uint8_t *m = v->u.mac;
    switch (v->type) {
    case SQL_T_MACADDR:
        sbuf_printf(out, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
        return;
    case SQL_T_MACADDR8:
        sbuf_printf(out, "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                    m[5], m[6], m[7]);
        return;
    default: {
        size_t start = out->len;
        net_ntop(v->u.inet.family, v->u.inet.addr, v->u.inet.bits, out);
        if (v->type == SQL_T_CIDR && memchr(out->data + start, '/', out->len - start) == NULL)
            sbuf_printf(out, "/%u", (unsigned)v->u.inet.bits);
        return;
    }
    }
}

void sql__net_send(const struct sql_value *v, struct sbuf *out)
{
    if (v->type == SQL_T_MACADDR || v->type == SQL_T_MACADDR8) {
        sbuf_append(out, v->u.mac, (size_t)mac_len(v->type));
        return;
    }
    uint8_t h[4] = {v->u.inet.family, v->u.inet.bits, v->type == SQL_T_CIDR,
                    (uint8_t)addr_size(v->u.inet.family)};
    sbuf_append(out, h, 4);
    sbuf_append(out, v->u.inet.addr, (size_t)addr_size(v->u.inet.family));
}

int sql__net_recv(uint32_t type, const uint8_t *p, size_t n, struct sql_value *v, struct err *e)
{
    memset(&v->u, 0, sizeof(v->u));
    if (type == SQL_T_MACADDR || type == SQL_T_MACADDR8) {
        if (type == SQL_T_MACADDR8 && n == 6) {
            uint8_t m[8] = {p[0], p[1], p[2], 0xFF, 0xFE, p[3], p[4], p[5]};
            memcpy(v->u.mac, m, 8);
            return 0;
        }
        if (n != (size_t)mac_len(type))
            return err_set_state(e, ERR_INVAL, "22P03", "incorrect binary data format");
        memcpy(v->u.mac, p, n);
        return 0;
    }
    const char *tname = type == SQL_T_CIDR ? "cidr" : "inet";
    if (n < 4)
        return err_set_state(e, ERR_INVAL, "08P01", "insufficient data left in message");
    int family = p[0];
    if (family != SQL_INET_AF_INET && family != SQL_INET_AF_INET6)
        return err_set_state(e, ERR_INVAL, "22P03",
                             "invalid address family in external \"%s\" value", tname);
    int bits = p[1];
    if (bits > (family == SQL_INET_AF_INET ? 32 : 128))
        return err_set_state(e, ERR_INVAL, "22P03", "invalid bits in external \"%s\" value", tname);
    int nb = p[3];
    if (nb != addr_size(family))
        return err_set_state(e, ERR_INVAL, "22P03", "invalid length in external \"%s\" value",
                             tname);
    if (n < 4 + (size_t)nb)
        return err_set_state(e, ERR_INVAL, "08P01", "insufficient data left in message");
    if (n > 4 + (size_t)nb)
        return err_set_state(e, ERR_INVAL, "22P03", "incorrect binary data format");
    memcpy(v->u.inet.addr, p + 4, (size_t)nb);
    if (type == SQL_T_CIDR && !address_ok(v->u.inet.addr, bits, family))
        return err_set_state(
            e, ERR_INVAL, "22P03",
            "invalid external \"cidr\" value%sValue has bits set to right of mask.",
            SQL_NUM_DETAIL_SEP);
    v->u.inet.family = (uint8_t)family;
    v->u.inet.bits = (uint8_t)bits;
    return 0;
}

/* bitncmp: the first n bits of a and b */
int sql__inet_bitncmp(const uint8_t *a, const uint8_t *b, int bits)
{
    int n = bits / 8;
    int x = memcmp(a, b, (size_t)n);
    if (x || bits % 8 == 0)
        return x;
    int lb = a[n], rb = b[n];
    for (int i = bits % 8; i > 0; i--) {
        if ((lb & 0x80) != (rb & 0x80))
            return (lb & 0x80) ? 1 : -1;
        lb <<= 1;
        rb <<= 1;
    }
    return 0;
}

int sql__net_cmp(const struct sql_value *a, const struct sql_value *b)
{
    if (a->type == SQL_T_MACADDR || a->type == SQL_T_MACADDR8) {
        int c = memcmp(a->u.mac, b->u.mac, (size_t)mac_len(a->type));
        return c < 0 ? -1 : c > 0;
    }
    const struct sql_value *x = a, *y = b;
    if (x->u.inet.family != y->u.inet.family)
        return x->u.inet.family < y->u.inet.family ? -1 : 1;
    int minb = x->u.inet.bits < y->u.inet.bits ? x->u.inet.bits : y->u.inet.bits;
    int c = sql__inet_bitncmp(x->u.inet.addr, y->u.inet.addr, minb);
    if (c != 0)
        return c < 0 ? -1 : 1;
    if (x->u.inet.bits != y->u.inet.bits)
        return x->u.inet.bits < y->u.inet.bits ? -1 : 1;
    c = memcmp(x->u.inet.addr, y->u.inet.addr, (size_t)addr_size(x->u.inet.family));
    return c < 0 ? -1 : c > 0;
}

static uint64_t fnv(const uint8_t *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h ^ (h >> 29);
}

uint64_t sql__net_hash(const struct sql_value *v, uint64_t seed)
{
    uint64_t h = seed ^ UINT64_C(0xcbf29ce484222325);
    if (v->type == SQL_T_MACADDR || v->type == SQL_T_MACADDR8)
        return fnv(v->u.mac, (size_t)mac_len(v->type), h ^ v->type);
    uint8_t b[18];
    b[0] = v->u.inet.family;
    b[1] = v->u.inet.bits;
    memcpy(b + 2, v->u.inet.addr, 16);
    return fnv(b, sizeof(b), h ^ 0x1e7);
}

void sql__net_key(const struct sql_value *v, uint8_t *buf, size_t *n)
{
    if (v->type == SQL_T_MACADDR || v->type == SQL_T_MACADDR8) {
        *n = (size_t)mac_len(v->type);
        memcpy(buf, v->u.mac, *n);
        return;
    }
    /* family, address masked to bits, bits, address: bytewise order is
     * network_cmp's (see inet.h) */
    int nb = addr_size(v->u.inet.family), bits = v->u.inet.bits;
    size_t k = 0;
    buf[k++] = v->u.inet.family;
    for (int i = 0; i < nb; i++) {
        int keep = bits - 8 * i;
        uint8_t m = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
        buf[k++] = v->u.inet.addr[i] & m;
    }
    buf[k++] = (uint8_t)bits;
    memcpy(buf + k, v->u.inet.addr, (size_t)nb);
    *n = k + (size_t)nb;
}

bool sql__net_from_key(uint32_t type, const uint8_t *p, size_t n, struct sql_value *v)
{
    memset(&v->u, 0, sizeof(v->u));
    if (type == SQL_T_MACADDR || type == SQL_T_MACADDR8) {
        if (n != (size_t)mac_len(type))
            return false;
        memcpy(v->u.mac, p, n);
        return true;
    }
    if (n < 1 || (p[0] != SQL_INET_AF_INET && p[0] != SQL_INET_AF_INET6))
        return false;
    int nb = addr_size(p[0]);
    if (n != (size_t)(2 + 2 * nb) || p[1 + nb] > nb * 8)
        return false;
    v->u.inet.family = p[0];
    v->u.inet.bits = p[1 + nb];
    memcpy(v->u.inet.addr, p + 2 + nb, (size_t)nb);
    return true;
}

/* ---- casts ---- */

void sql__inet_mask(uint8_t *addr, int family, int bits)
{
    int nb = addr_size(family);
    for (int i = 0; i < nb; i++) {
        int keep = bits - 8 * i;
        addr[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
    }
}

/* network_show: the address with /masklen always */
void sql__inet_show(const struct sql_value *v, struct sbuf *out)
{
    size_t start = out->len;
    net_ntop(v->u.inet.family, v->u.inet.addr, addr_size(v->u.inet.family) * 8, out);
    if (memchr(out->data + start, '/', out->len - start) == NULL)
        sbuf_printf(out, "/%u", (unsigned)v->u.inet.bits);
}

/* host(): the address alone */
void sql__inet_host(const struct sql_value *v, struct sbuf *out)
{
    net_ntop(v->u.inet.family, v->u.inet.addr, addr_size(v->u.inet.family) * 8, out);
}

/* abbrev(cidr) */
void sql__cidr_abbrev(const struct sql_value *v, struct sbuf *out)
{
    if (v->u.inet.family == SQL_INET_AF_INET)
        cidr_ntop4(v->u.inet.addr, v->u.inet.bits, out);
    else
        cidr_ntop6(v->u.inet.addr, v->u.inet.bits, out);
}

int sql__net_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to,
                  struct sql_value *out, bool *handled, struct err *e)
{
    uint32_t from = v->type;
    *handled = true;
    *out = *v;
    out->type = to;
    if ((from == SQL_T_INET || from == SQL_T_CIDR) &&
        (to == SQL_T_TEXT || to == SQL_T_VARCHAR || to == SQL_T_BPCHAR)) {
        struct sbuf b;
        sbuf_init(&b);
        sql__inet_show(v, &b);
        char *p = mem_alloc(ctx, b.len + 1);
        memcpy(p, b.data, b.len);
        p[b.len] = '\0';
        out->u.s.p = p;
        out->u.s.len = b.len;
        sbuf_free(&b);
        return 0;
    }
    if (from == SQL_T_CIDR && to == SQL_T_INET)
        return 0;
    if (from == SQL_T_INET && to == SQL_T_CIDR) {
        sql__inet_mask(out->u.inet.addr, out->u.inet.family, out->u.inet.bits);
        return 0;
    }
    if (from == SQL_T_MACADDR && to == SQL_T_MACADDR8) {
        const uint8_t *m = v->u.mac;
        uint8_t r[8] = {m[0], m[1], m[2], 0xFF, 0xFE, m[3], m[4], m[5]};
        memset(&out->u, 0, sizeof(out->u));
        memcpy(out->u.mac, r, 8);
        return 0;
    }
    if (from == SQL_T_MACADDR8 && to == SQL_T_MACADDR) {
        const uint8_t *m = v->u.mac;
        if (m[3] != 0xFF || m[4] != 0xFE)
            return err_set_state(
                e, ERR_INVAL, "22003",
                "macaddr8 data out of range to convert to macaddr%sOnly addresses that have FF "
                "and FE as values in the 4th and 5th bytes from the left, for example "
                "xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be converted from macaddr8 to macaddr.",
                "\nHINT:  ");
        uint8_t r[6] = {m[0], m[1], m[2], m[5], m[6], m[7]};
        memset(&out->u, 0, sizeof(out->u));
        memcpy(out->u.mac, r, 6);
        return 0;
    }
    *handled = false;
    *out = *v;
    return 0;
}
