/* acl.h — privileges: access control lists of objects, role membership and
 * the checks (PostgreSQL 15's acl.c / aclchk.c model). Private to sql/.
 *
 * Where they live (system keys, catalog_int.h):
 *
 *   0x01 'a' <objtype u8> <oid BE32>           -> ACL record
 *   0x01 'M' <member> 0x00 <role>              -> membership record
 *
 * objtype: 'r' table / view / materialized view, 'S' sequence, 'n' schema,
 * 'd' database, 'f' function; 'c' a column, whose key adds <attnum BE16>
 * (a column without a record has no privileges of its own). No record means a NULL ACL: the
 * object's default (sql__acl_default, PostgreSQL's acldefault), as pg_class.relacl NULL on
 * PostgreSQL. Objects keep no ACL in their descriptors, so old descriptors need no new version; a
 * record whose object is gone (oids are never reused) is ignored and removed by DROP ROLE's
 * dependency scan.
 *
 * ACL record, version 1:
 *   OFFSET SIZE MEANING
 *   0      1    version = SQL_ACL_FORMAT
 *   1      2    number of items N (<= SQL_ACL_MAX)
 *   3      ...  N items: str grantee ("" = PUBLIC), str grantor,
 *                u32 privileges, u32 grant options (bits below)
 *   end-4  4    CRC-32C of the bytes before it
 *
 * Membership record, version 1:
 *   0      1    version = SQL_ACL_FORMAT
 *   1      1    flags: bit 0 WITH ADMIN OPTION
 *   2      2+G  str grantor
 *   end-4  4    CRC-32C
 *
 * Privilege bits are PostgreSQL's ACL_* (their order is aclitem's text
 * order "arwdDxtXUCTc").
 */
#ifndef SQL_ACL_H
#define SQL_ACL_H

#include "sql/ast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sql_env;
struct mem_ctx;
struct sbuf;
struct err;
struct sql_table_desc;

#define SQL_ACL_FORMAT 1
#define SQL_ACL_MAX    4096

#define SQL_ACL_INSERT     (1u << 0)  /* a */
#define SQL_ACL_SELECT     (1u << 1)  /* r */
#define SQL_ACL_UPDATE     (1u << 2)  /* w */
#define SQL_ACL_DELETE     (1u << 3)  /* d */
#define SQL_ACL_TRUNCATE   (1u << 4)  /* D */
#define SQL_ACL_REFERENCES (1u << 5)  /* x */
#define SQL_ACL_TRIGGER    (1u << 6)  /* t */
#define SQL_ACL_EXECUTE    (1u << 7)  /* X */
#define SQL_ACL_USAGE      (1u << 8)  /* U */
#define SQL_ACL_CREATE     (1u << 9)  /* C */
#define SQL_ACL_TEMP       (1u << 10) /* T */
#define SQL_ACL_CONNECT    (1u << 11) /* c */
#define SQL_ACL_NBITS      12

struct sql_aclitem {
    const char *grantee; /* "" = PUBLIC */
    const char *grantor;
    uint32_t privs;
    uint32_t goptions; /* subset of privs held WITH GRANT OPTION */
};

struct sql_acl {
    int n;
    struct sql_aclitem *items;
};

/* Every privilege that applies to objtype ('r', 'S', 'n', 'd', 'f'). */
uint32_t sql__acl_all(char objtype);
/* PostgreSQL's acldefault(objtype, owner), in ctx. The public schema is
 * given its PostgreSQL 15 default (owner UC, PUBLIC U) by sql__acl_get. */
void sql__acl_default(char objtype, const char *owner, struct mem_ctx *ctx, struct sql_acl *out);
/* The stored ACL of an object: *out NULL when none is stored (NULL ACL). */
int sql__acl_load(struct sql_env *env, char objtype, uint32_t oid, struct mem_ctx *ctx,
                  struct sql_acl **out, struct err *e);
/* The effective ACL: stored or default (never NULL), in ctx. name: the
 * object's name (schema "public" gets PUBLIC USAGE by default). */
int sql__acl_get(struct sql_env *env, char objtype, uint32_t oid, const char *owner,
                 const char *name, struct mem_ctx *ctx, struct sql_acl *out, struct err *e);
/* A column's ACL (objtype 'c': key <table oid> <attnum>); a NULL one
 * grants nothing. */
int sql__acl_col_load(struct sql_env *env, uint32_t oid, int attnum, struct mem_ctx *ctx,
                      struct sql_acl **out, struct err *e);
int sql__acl_col_store(struct sql_env *env, uint32_t oid, int attnum, const struct sql_acl *acl,
                       struct err *e);
int sql__acl_col_mask(struct sql_env *env, const char *user, uint32_t oid, int attnum,
                      uint32_t want, uint32_t *have, struct err *e);
/* The column privileges: SELECT, INSERT, UPDATE, REFERENCES. */
#define SQL_ACL_COLUMN_PRIVS (SQL_ACL_SELECT | SQL_ACL_INSERT | SQL_ACL_UPDATE | SQL_ACL_REFERENCES)
/* Write acl for the object (through env->txn). */
int sql__acl_store(struct sql_env *env, char objtype, uint32_t oid, const struct sql_acl *acl,
                   struct err *e);
/* aclitem text ("bob=arw*d/alice") and the array text of an ACL. */
void sql__aclitem_text(const struct sql_aclitem *it, struct sbuf *b);
void sql__acl_text(const struct sql_acl *acl, struct sbuf *b);
/* Parse aclitem text into it (ctx strings); 22P02 on bad input. */
int sql__aclitem_parse(const char *s, struct mem_ctx *ctx, struct sql_aclitem *it, struct err *e);
/* The stored ACL's array text for relacl / nspacl / datacl / proacl (in
 * ctx), NULL when none is stored (the catalog column is NULL). The columns
 * are text[] here (no aclitem type): same text, other pg_typeof. */
const char *sql__acl_column(struct sql_env *env, char objtype, uint32_t oid, struct mem_ctx *ctx);
/* pg_attribute.attacl: objtype 'c' and the column's attnum (NULL when empty). */
const char *sql__acl_column_att(struct sql_env *env, char objtype, uint32_t oid, int attnum,
                                struct mem_ctx *ctx);
#define SQL_T_TEXT_ARRAY 1009
/* Privilege letters for bits ("arwdDxtXUCTc" order). */
char sql__acl_letter(int bit);

/* ---- roles ---- */
/* Is role a superuser? false when it does not exist. */
int sql__acl_role_super(struct sql_env *env, const char *role, bool *super, struct err *e);
/* Does user have the privileges of role (itself or an inherited
 * membership; superusers have every role's)? PostgreSQL's has_privs_of_role. */
int sql__acl_has_privs_of(struct sql_env *env, const char *user, const char *role, bool *yes,
                          struct err *e);
/* Is user a member of role, directly or not, whatever INHERIT says
 * (is_member_of_role; superusers are members of every role)? */
int sql__acl_is_member(struct sql_env *env, const char *user, const char *role, bool *yes,
                       struct err *e);
/* Does user hold role WITH ADMIN OPTION (or is superuser)? */
int sql__acl_is_admin(struct sql_env *env, const char *user, const char *role, bool *yes,
                      struct err *e);

/* ---- checks ---- */
/* The privileges of want that user holds on the object (aclmask). user
 * NULL: env->user (and env->superuser). */
int sql__acl_mask(struct sql_env *env, const char *user, char objtype, uint32_t oid,
                  const char *owner, const char *name, uint32_t want, uint32_t *have,
                  struct err *e);
/* 42501 "permission denied for <kind> <name>" unless user holds every
 * privilege of want (any one of them when any). kind: "table", "view",
 * "sequence", "schema", "database", "function", "materialized view". */
int sql__acl_check(struct sql_env *env, const char *user, char objtype, uint32_t oid,
                   const char *owner, const char *kind, const char *name, uint32_t want, bool any,
                   struct err *e);
/* The relation's objtype ('r' or 'S') and its error word. */
char sql__acl_reltype(const struct sql_table_desc *t);
const char *sql__acl_relkind_word(const struct sql_table_desc *t);
/* Table privileges of the current user (env): check want on t. */
int sql__acl_check_rel(struct sql_env *env, const struct sql_table_desc *t, uint32_t want,
                       struct err *e);
/* 42501 "must be owner of <kind> <name>" unless the current user has the
 * privileges of owner (or is a superuser). */
int sql__acl_check_owner(struct sql_env *env, const char *owner, const char *kind, const char *name,
                         struct err *e);
/* Schema privileges (USAGE for lookups, CREATE for creation). */
int sql__acl_check_schema(struct sql_env *env, const char *schema, uint32_t want, struct err *e);

/* ---- SQL functions (acl_func.c, rows in pgcat_func.c) ---- */
struct sql_fcall;
struct sql_value;
#define SQL_ACL_FN(name)                                                                   \
    int name(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out, \
             struct err *e)
SQL_ACL_FN(sql__fn_has_table_privilege);
SQL_ACL_FN(sql__fn_has_sequence_privilege);
SQL_ACL_FN(sql__fn_has_column_privilege);
SQL_ACL_FN(sql__fn_has_schema_privilege);
SQL_ACL_FN(sql__fn_has_database_privilege);
SQL_ACL_FN(sql__fn_has_function_privilege);
SQL_ACL_FN(sql__fn_pg_has_role);
SQL_ACL_FN(sql__fn_acldefault);

/* The roles member belongs to directly, each visited by fn (with its ADMIN
 * OPTION and grantor). */
int sql__acl_member_of_direct(struct sql_env *env, const char *member,
                              int (*fn)(void *arg, const char *role, bool admin,
                                        const char *grantor, struct err *e),
                              void *arg, struct err *e);
/* pg_auth_members rows (acl_func.c). */
struct sql_value;
int sql__pgcat_auth_members(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                            size_t *nrows, struct err *e);
/* information_schema.table_privileges / role_table_grants rows (acl_func.c). */
int sql__pgcat_is_table_privileges(struct sql_env *env, struct mem_ctx *ctx,
                                   struct sql_value ***rows, size_t *nrows, struct err *e);
int sql__pgcat_is_role_table_grants(struct sql_env *env, struct mem_ctx *ctx,
                                    struct sql_value ***rows, size_t *nrows, struct err *e);

/* ---- what an error may show the current user ---- */
/* The DETAIL of a row that fails a constraint (ExecBuildSlotValueDescription):
 * "\nDETAIL:  Failing row contains (<full>)." with table-level SELECT,
 * "(a, b) = (1, 2)" of the columns it may SELECT otherwise, "" when none.
 * In env->stmt_ctx. */
const char *sql__acl_failing_row(struct sql_env *env, const struct sql_table_desc *t,
                                 const struct sql_value *row, const char *full);
/* May the current user see a key's values (BuildIndexValueDescription)?
 * attnums 0: an expression (only with table-level SELECT). */
bool sql__acl_key_visible(struct sql_env *env, const struct sql_table_desc *t, const int *attnums,
                          int n);

/* ---- GRANT / REVOKE (parse_grant.c builds it, acl_ddl.c runs it) ---- */

struct sql_grant {
    bool is_grant;
    bool roles;     /* GRANT role TO role / REVOKE role FROM role */
    char objtype;   /* 'r' TABLE, 'S' SEQUENCE, 'n' SCHEMA, 'd' DATABASE, 'f' FUNCTION */
    bool in_schema; /* ALL TABLES / SEQUENCES / FUNCTIONS IN SCHEMA: objects are schemas */
    bool all;       /* ALL [PRIVILEGES] */
    uint32_t privs; /* the privileges named (objtype's, checked when run) */
    const char *priv_words[SQL_ACL_NBITS]; /* as written, for errors */
    int npriv_words;
    const char *bad_priv; /* a privilege name that does not exist: 42601 when run */
    /* column privileges, PRIV (col, ...): ncol (privileges, column name) pairs */
    int ncol;
    uint32_t *col_privs;
    const char **col_names;
    /* objects: struct sql_qname * (relations, schemas, databases) or
     * struct sql_fn_ref * (functions); roles: struct sql_qname * (role names) */
    struct sql_list objects;
    struct sql_list grantees; /* struct sql_qname *: a name, "PUBLIC", "CURRENT_USER"... */
    bool grant_option;        /* WITH GRANT OPTION / GRANT OPTION FOR / WITH ADMIN OPTION */
    const char *grantor;      /* GRANTED BY, or NULL */
    bool cascade;
};

int sql__grant_exec(struct sql_env *env, const struct sql_grant *g, struct err *e);
/* CREATE ROLE ... IN ROLE / ROLE / ADMIN, CREATE GROUP ... WITH USER,
 * ALTER GROUP ... ADD / DROP USER: the memberships of role the options
 * (struct sql_option *: addroleto, rolemembers, adminmembers, dropmembers)
 * name, as GRANT / REVOKE role. */
int sql__acl_role_options(struct sql_env *env, const char *role, const struct sql_list *opts,
                          struct err *e);
/* ALTER ... OWNER TO: 42501 unless the current user is a member of to (or
 * a superuser) and to may CREATE in schema (NULL: none); the object's ACL (and its columns') has
 * from replaced by to as grantee and grantor (aclnewowner). */
int sql__acl_owner_to(struct sql_env *env, char objtype, uint32_t oid, const char *schema,
                      const char *from, const char *to, struct err *e);
/* DROP ROLE: 2BP01 when something still depends on role (objects it owns,
 * privileges granted to it); then its memberships are removed. */
int sql__acl_drop_role(struct sql_env *env, const char *role, struct err *e);

#endif
