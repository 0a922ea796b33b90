/* inet.h — the network address types inet and cidr (PostgreSQL 15's
 * utils/adt/network.c, inet_net_pton.c, inet_cidr_ntop.c) and macaddr,
 * macaddr8 (mac.c, mac8.c).
 *
 * Values live in struct sql_value's u.inet (family, bits, addr[16]; the
 * bytes past the family's 4 or 16 are always zero) and u.mac (6 or 8
 * bytes). inet and cidr share the representation; a cidr never has bits
 * set right of its mask. Text and binary formats, ordering (network_cmp:
 * family, network part, mask length, whole address) and the error texts
 * are PostgreSQL's.
 *
 * Storage: rows hold the binary (send) format as RT_BYTES; index keys hold
 * an order-preserving byte string (family, masked address, bits, address)
 * as a bytea key.
 *
 * Thread safety: reentrant.
 */
#ifndef SF_SQL_INET_H
#define SF_SQL_INET_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct sbuf;
struct mem_ctx;

#define SQL_INET_AF_INET  2 /* PostgreSQL's PGSQL_AF_INET */
#define SQL_INET_AF_INET6 3 /* PGSQL_AF_INET6 */
#define SQL_INET_KEY_MAX  34

/* inet, cidr, macaddr or macaddr8 */
bool sql__net_type(uint32_t type);
/* Text input of type (NUL-terminated s): 22P02 as PostgreSQL. */
int sql__net_in(uint32_t type, const char *s, struct sql_value *v, struct err *e);
void sql__net_out(const struct sql_value *v, struct sbuf *out);
void sql__net_send(const struct sql_value *v, struct sbuf *out);
/* 22P03 on malformed input. */
int sql__net_recv(uint32_t type, const uint8_t *p, size_t n, struct sql_value *v, struct err *e);
/* Both of one kind: inet/cidr together, or the same mac type. */
int sql__net_cmp(const struct sql_value *a, const struct sql_value *b);
uint64_t sql__net_hash(const struct sql_value *v, uint64_t seed);
/* Order-preserving key bytes (at most SQL_INET_KEY_MAX); *n set. */
void sql__net_key(const struct sql_value *v, uint8_t *buf, size_t *n);
/* Inverse of sql__net_key; false when the bytes are not a key of type. */
bool sql__net_from_key(uint32_t type, const uint8_t *p, size_t n, struct sql_value *v);
/* Casts among the net types (inet -> cidr masks, macaddr <-> macaddr8) and
 * to text (text(inet): always with /masklen). *handled false when neither
 * side is a net type this file converts. */
int sql__net_cast(struct mem_ctx *ctx, const struct sql_value *v, uint32_t to,
                  struct sql_value *out, bool *handled, struct err *e);

/* For func_inet.c: bitncmp (the first bits bits of a and b: <0, 0, >0);
 * zero the bits right of bits; text(inet) (always /masklen); host(inet);
 * abbrev(cidr). */
int sql__inet_bitncmp(const uint8_t *a, const uint8_t *b, int bits);
void sql__inet_mask(uint8_t *addr, int family, int bits);
void sql__inet_show(const struct sql_value *v, struct sbuf *out);
void sql__inet_host(const struct sql_value *v, struct sbuf *out);
void sql__cidr_abbrev(const struct sql_value *v, struct sbuf *out);

#endif
