/* domain.h — domains (CREATE DOMAIN name AS type ...): catalog descriptors,
 * the node-wide table of loaded domains, value checks, DDL and the
 * pg_type / pg_constraint rows.
 *
 * A domain is its base type everywhere values flow: a column of a domain
 * type holds base-type values (its descriptor's type and typmod are the
 * base's once read, sql_col_desc.domain names the domain; the stored record
 * keeps the domain oid with typmod -1), x::d is bound as x::base wrapped in
 * a check, and RowDescription carries the base type's oid (as PostgreSQL).
 * What makes it a domain is the check of every value assigned or cast to
 * it: NOT NULL (23502) and the CHECK constraints, in name order (23514).
 *
 * Descriptors live in the catalog (catalog_int.h): the name record (kind
 * 'd', in the schema's name space shared with relations and enum types)
 * points at
 *   0x01 'o' <domain oid> -> domain record, version 1:
 *     u8 version, u8 'd', u32 oid, u32 descriptor version, u32 schema oid,
 *     u32 base type oid, u32 base typmod, u32 parent domain oid (a domain
 *     over a domain: its checks run first; else 0), u8 flags (bit 0 NOT NULL),
 *     str schema, str name, str owner, ostr default (storage form),
 *     u16 nchecks (<= SQL_DOMAIN_MAX_CHECKS), per check in name order:
 *       u32 constraint oid, u8 flags (bit 0 validated), str name,
 *       ostr expression (storage form, over the column "value");
 *     u32 CRC-32C
 * The node-wide table (oid -> immutable struct sql_domain) is filled
 * whenever a descriptor is read through a transaction (type names, tables
 * with domain columns, pg_type) and by DDL; replaced entries stay allocated
 * until exit, so pointers returned by sql_domain_get never dangle.
 */
#ifndef SF_SQL_DOMAIN_H
#define SF_SQL_DOMAIN_H

#include "sql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;
struct sql_env;
struct sql_stmt;
struct sql_table_desc;
struct sql_typename;
struct sql__vrows;

#define SQL_DOMAIN_MAX_CHECKS 1024

/* d[] (an array of domain d): the oid d | SQL_DOMAIN_ARRAY stands for its
 * array type in the catalog (a column's stored type, sql_col_desc.domain,
 * pg_attribute.atttypid, format_type "d[]"); values are arrays of d's base
 * type and every element passes d's check (a NULL array passes). */
#define SQL_DOMAIN_ARRAY 0x80000000u

struct sql_domain_check {
    uint32_t oid;
    const char *name;
    const char *expr_sql; /* storage form over the column "value" */
    bool validated;       /* false after ADD ... NOT VALID until VALIDATE */
};

struct sql_domain {
    struct sql_type_info ti; /* the base type's, under the domain's oid and name */
    uint32_t schema_oid;
    const char *schema;
    const char *owner;
    uint32_t version;
    uint32_t base; /* the underlying non-domain type */
    int32_t base_typmod;
    uint32_t parent; /* the domain this one is over, or 0 */
    bool notnull;
    const char *default_sql; /* storage form, or NULL */
    int nchecks;
    const struct sql_domain_check *checks; /* in name order */
    struct sql_type_info ati; /* d[]: oid | SQL_DOMAIN_ARRAY, "_name" (pg_type, format_type) */
};

/* Every domain of the current database, loaded (array in env->stmt_ctx). */
int sql__domain_list(struct sql_env *env, const struct sql_domain ***out, size_t *n, struct err *e);
/* The loaded domain oid (NULL when oid is not one). */
const struct sql_domain *sql_domain_get(uint32_t oid);
/* sql_type_get's fallback: the domain's type row. */
const struct sql_type_info *sql__domain_type_info(uint32_t oid);
/* A loaded domain by name (regtype input without a catalog), or NULL. */
const struct sql_type_info *sql__domain_by_name(const char *name);

/* sql_type_resolve_env, then domains through env's catalog: *domain the
 * domain's oid (0 when t names no domain) and *oid / *typmod its base's.
 * With domain NULL a domain resolves to its base type. */
int sql_type_resolve_domain(struct sql_env *env, const struct sql_typename *t, uint32_t *oid,
                            int32_t *typmod, int *serial, uint32_t *domain, struct err *e);
/* After a table descriptor is decoded: columns whose stored type is a
 * domain get its base type and typmod, and .domain set. */
int sql__domain_fix_cols(struct sql_env *env, struct sql_table_desc *t, struct err *e);

/* Check v against domain (NOT NULL, CHECKs). *cache: per call site,
 * starts NULL (compiled checks, allocated in env->stmt_ctx). */
int sql__domain_check(struct sql_env *env, uint32_t domain, const struct sql_value *v,
                      struct mem_ctx *ctx, void **cache, struct err *e);

/* Dependents of the domains over type oid (an enum type): "type d depends
 * on type x" and their own dependents, as DETAIL lines appended to out
 * (*n counts them). */
int sql__domain_dependents_of_base(struct sql_env *env, uint32_t oid, const char *oidname,
                                   struct sbuf *out, int *n, struct err *e);

/* DROP TYPE x CASCADE of a type domains are over: the table columns of
 * oids (x's own) and of those domains (and the domains over them) dropped,
 * then the domains; *handled false (nothing done) when a view depends on
 * one. The caller sends the NOTICE. */
int sql__domain_cascade_base(struct sql_env *env, uint32_t base, const uint32_t *oids, int noids,
                             bool *handled, struct err *e);

/* SQL_STMT_DOMAIN_DDL. */
int sql__domain_ddl(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                    struct err *e);
const char *sql__domain_ddl_word(const struct sql_stmt *st);
/* DROP TYPE (SQL_STMT_TYPE_DDL) naming only domains: dropped as DROP
 * DOMAIN does; 1 when st is not that. */
int sql__domain_drop_type(struct sql_env *env, const struct sql_stmt *st, struct sbuf *tag,
                          struct err *e);

/* pg_type rows of the domains; pg_constraint rows of their checks. */
int sql__domain_pgtype_rows(struct sql_env *env, struct sql__vrows *r, struct err *e);
int sql__domain_constraint_rows(struct sql_env *env, struct sql__vrows *r, struct err *e);
/* pg_get_constraintdef of a domain constraint oid: true when it is one. */
bool sql__domain_constraintdef(struct sql_env *env, uint32_t oid, bool pretty, struct sbuf *out);

#endif
