/* pgcat.c — the registry of virtual pg_catalog relations (vtab.h): their
 * descriptors, lookup by name and oid, and the helpers the row producers
 * share (row building, role oids, finding what an oid names, visibility).
 *
 * Column lists are generated from a PostgreSQL 15 server's pg_attribute
 * (attnum > 0, in order); types this build lacks are text (noted per
 * column). Row producers live in pgcat_rel.c (relations, attributes,
 * indexes, constraints, defaults, sequences, dependencies, comments) and
 * pgcat_misc.c (schemas, databases, roles, types, settings, activity,
 * access methods, tablespaces, collations, functions); the relations
 * PostgreSQL fills only for features we lack (triggers, policies,
 * publications, inheritance, extensions...) exist and are empty, so the
 * queries psql and drivers send bind and return no rows.
 */
#include "sql/trigger.h"
#include "sql/acl.h"
#include "sql/vtab.h"

#include "common/mem.h"
#include "common/str.h"
#include "common/err.h"
#include "sql/array.h"
#include "sql/enum.h"
#include "sql/range.h"
#include "sql/env.h"
#include "sql/stats.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vcol {
    const char *name;
    uint32_t type;
};

/* ---- generated: PostgreSQL 15 column lists ---- */

static const struct vcol c_pg_namespace[] = {
    {"oid", SQL_T_OID},
    {"nspname", SQL_T_NAME},
    {"nspowner", SQL_T_OID},
    {"nspacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_class[] = {
    {"oid", SQL_T_OID},
    {"relname", SQL_T_NAME},
    {"relnamespace", SQL_T_OID},
    {"reltype", SQL_T_OID},
    {"reloftype", SQL_T_OID},
    {"relowner", SQL_T_OID},
    {"relam", SQL_T_OID},
    {"relfilenode", SQL_T_OID},
    {"reltablespace", SQL_T_OID},
    {"relpages", SQL_T_INT4},
    {"reltuples", SQL_T_FLOAT4},
    {"relallvisible", SQL_T_INT4},
    {"reltoastrelid", SQL_T_OID},
    {"relhasindex", SQL_T_BOOL},
    {"relisshared", SQL_T_BOOL},
    {"relpersistence", SQL_T_CHAR},
    {"relkind", SQL_T_CHAR},
    {"relnatts", SQL_T_INT2},
    {"relchecks", SQL_T_INT2},
    {"relhasrules", SQL_T_BOOL},
    {"relhastriggers", SQL_T_BOOL},
    {"relhassubclass", SQL_T_BOOL},
    {"relrowsecurity", SQL_T_BOOL},
    {"relforcerowsecurity", SQL_T_BOOL},
    {"relispopulated", SQL_T_BOOL},
    {"relreplident", SQL_T_CHAR},
    {"relispartition", SQL_T_BOOL},
    {"relrewrite", SQL_T_OID},
    {"relfrozenxid", SQL_T_XID},
    {"relminmxid", SQL_T_XID},
    {"relacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
    {"reloptions", 1009},         /* text[] */
    {"relpartbound", SQL_T_TEXT}, /* pg_node_tree */
};
static const struct vcol c_pg_attribute[] = {
    {"attrelid", SQL_T_OID},        {"attname", SQL_T_NAME},      {"atttypid", SQL_T_OID},
    {"attstattarget", SQL_T_INT4},  {"attlen", SQL_T_INT2},       {"attnum", SQL_T_INT2},
    {"attndims", SQL_T_INT4},       {"attcacheoff", SQL_T_INT4},  {"atttypmod", SQL_T_INT4},
    {"attbyval", SQL_T_BOOL},       {"attalign", SQL_T_CHAR},     {"attstorage", SQL_T_CHAR},
    {"attcompression", SQL_T_CHAR}, {"attnotnull", SQL_T_BOOL},   {"atthasdef", SQL_T_BOOL},
    {"atthasmissing", SQL_T_BOOL},  {"attidentity", SQL_T_CHAR},  {"attgenerated", SQL_T_CHAR},
    {"attisdropped", SQL_T_BOOL},   {"attislocal", SQL_T_BOOL},   {"attinhcount", SQL_T_INT4},
    {"attcollation", SQL_T_OID},    {"attacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
    {"attoptions", 1009},                                         /* text[] */
    {"attfdwoptions", 1009},                                      /* text[] */
    {"attmissingval", SQL_T_TEXT},                                /* anyarray */
};
static const struct vcol c_pg_type[] = {
    {"oid", SQL_T_OID},
    {"typname", SQL_T_NAME},
    {"typnamespace", SQL_T_OID},
    {"typowner", SQL_T_OID},
    {"typlen", SQL_T_INT2},
    {"typbyval", SQL_T_BOOL},
    {"typtype", SQL_T_CHAR},
    {"typcategory", SQL_T_CHAR},
    {"typispreferred", SQL_T_BOOL},
    {"typisdefined", SQL_T_BOOL},
    {"typdelim", SQL_T_CHAR},
    {"typrelid", SQL_T_OID},
    {"typsubscript", SQL_T_REGPROC},
    {"typelem", SQL_T_OID},
    {"typarray", SQL_T_OID},
    {"typinput", SQL_T_REGPROC},
    {"typoutput", SQL_T_REGPROC},
    {"typreceive", SQL_T_REGPROC},
    {"typsend", SQL_T_REGPROC},
    {"typmodin", SQL_T_REGPROC},
    {"typmodout", SQL_T_REGPROC},
    {"typanalyze", SQL_T_REGPROC},
    {"typalign", SQL_T_CHAR},
    {"typstorage", SQL_T_CHAR},
    {"typnotnull", SQL_T_BOOL},
    {"typbasetype", SQL_T_OID},
    {"typtypmod", SQL_T_INT4},
    {"typndims", SQL_T_INT4},
    {"typcollation", SQL_T_OID},
    {"typdefaultbin", SQL_T_TEXT}, /* pg_node_tree */
    {"typdefault", SQL_T_TEXT},
    {"typacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_index[] = {
    {"indexrelid", SQL_T_OID},         {"indrelid", SQL_T_OID},
    {"indnatts", SQL_T_INT2},          {"indnkeyatts", SQL_T_INT2},
    {"indisunique", SQL_T_BOOL},       {"indnullsnotdistinct", SQL_T_BOOL},
    {"indisprimary", SQL_T_BOOL},      {"indisexclusion", SQL_T_BOOL},
    {"indimmediate", SQL_T_BOOL},      {"indisclustered", SQL_T_BOOL},
    {"indisvalid", SQL_T_BOOL},        {"indcheckxmin", SQL_T_BOOL},
    {"indisready", SQL_T_BOOL},        {"indislive", SQL_T_BOOL},
    {"indisreplident", SQL_T_BOOL},    {"indkey", SQL_T_INT2VECTOR}, /* int2vector */
    {"indcollation", SQL_T_OIDVECTOR},                               /* oidvector */
    {"indclass", SQL_T_OIDVECTOR},                                   /* oidvector */
    {"indoption", SQL_T_INT2VECTOR},                                 /* int2vector */
    {"indexprs", SQL_T_TEXT},                                        /* pg_node_tree */
    {"indpred", SQL_T_TEXT},                                         /* pg_node_tree */
};
static const struct vcol c_pg_constraint[] = {
    {"oid", SQL_T_OID},
    {"conname", SQL_T_NAME},
    {"connamespace", SQL_T_OID},
    {"contype", SQL_T_CHAR},
    {"condeferrable", SQL_T_BOOL},
    {"condeferred", SQL_T_BOOL},
    {"convalidated", SQL_T_BOOL},
    {"conrelid", SQL_T_OID},
    {"contypid", SQL_T_OID},
    {"conindid", SQL_T_OID},
    {"conparentid", SQL_T_OID},
    {"confrelid", SQL_T_OID},
    {"confupdtype", SQL_T_CHAR},
    {"confdeltype", SQL_T_CHAR},
    {"confmatchtype", SQL_T_CHAR},
    {"conislocal", SQL_T_BOOL},
    {"coninhcount", SQL_T_INT4},
    {"connoinherit", SQL_T_BOOL},
    {"conkey", 1005},         /* smallint[] */
    {"confkey", 1005},        /* smallint[] */
    {"conpfeqop", 1028},      /* oid[] */
    {"conppeqop", 1028},      /* oid[] */
    {"conffeqop", 1028},      /* oid[] */
    {"confdelsetcols", 1005}, /* smallint[] */
    {"conexclop", 1028},      /* oid[] */
    {"conbin", SQL_T_TEXT},   /* pg_node_tree */
};
static const struct vcol c_pg_attrdef[] = {
    {"oid", SQL_T_OID},
    {"adrelid", SQL_T_OID},
    {"adnum", SQL_T_INT2},
    {"adbin", SQL_T_TEXT}, /* pg_node_tree */
};
static const struct vcol c_pg_database[] = {
    {"oid", SQL_T_OID},           {"datname", SQL_T_NAME},        {"datdba", SQL_T_OID},
    {"encoding", SQL_T_INT4},     {"datlocprovider", SQL_T_CHAR}, {"datistemplate", SQL_T_BOOL},
    {"datallowconn", SQL_T_BOOL}, {"datconnlimit", SQL_T_INT4},   {"datfrozenxid", SQL_T_XID},
    {"datminmxid", SQL_T_XID},    {"dattablespace", SQL_T_OID},   {"datcollate", SQL_T_TEXT},
    {"datctype", SQL_T_TEXT},     {"daticulocale", SQL_T_TEXT},   {"datcollversion", SQL_T_TEXT},
    {"datacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_roles[] = {
    {"rolname", SQL_T_NAME},
    {"rolsuper", SQL_T_BOOL},
    {"rolinherit", SQL_T_BOOL},
    {"rolcreaterole", SQL_T_BOOL},
    {"rolcreatedb", SQL_T_BOOL},
    {"rolcanlogin", SQL_T_BOOL},
    {"rolreplication", SQL_T_BOOL},
    {"rolconnlimit", SQL_T_INT4},
    {"rolpassword", SQL_T_TEXT},
    {"rolvaliduntil", SQL_T_TIMESTAMPTZ},
    {"rolbypassrls", SQL_T_BOOL},
    {"rolconfig", 1009}, /* text[] */
    {"oid", SQL_T_OID},
};
static const struct vcol c_pg_authid[] = {
    {"oid", SQL_T_OID},
    {"rolname", SQL_T_NAME},
    {"rolsuper", SQL_T_BOOL},
    {"rolinherit", SQL_T_BOOL},
    {"rolcreaterole", SQL_T_BOOL},
    {"rolcreatedb", SQL_T_BOOL},
    {"rolcanlogin", SQL_T_BOOL},
    {"rolreplication", SQL_T_BOOL},
    {"rolbypassrls", SQL_T_BOOL},
    {"rolconnlimit", SQL_T_INT4},
    {"rolpassword", SQL_T_TEXT},
    {"rolvaliduntil", SQL_T_TIMESTAMPTZ},
};
static const struct vcol c_pg_user[] = {
    {"usename", SQL_T_NAME},  {"usesysid", SQL_T_OID},         {"usecreatedb", SQL_T_BOOL},
    {"usesuper", SQL_T_BOOL}, {"userepl", SQL_T_BOOL},         {"usebypassrls", SQL_T_BOOL},
    {"passwd", SQL_T_TEXT},   {"valuntil", SQL_T_TIMESTAMPTZ}, {"useconfig", 1009}, /* text[] */
};
static const struct vcol c_pg_description[] = {
    {"objoid", SQL_T_OID},
    {"classoid", SQL_T_OID},
    {"objsubid", SQL_T_INT4},
    {"description", SQL_T_TEXT},
};
static const struct vcol c_pg_shdescription[] = {
    {"objoid", SQL_T_OID},
    {"classoid", SQL_T_OID},
    {"description", SQL_T_TEXT},
};
static const struct vcol c_pg_settings[] = {
    {"name", SQL_T_TEXT},       {"setting", SQL_T_TEXT},         {"unit", SQL_T_TEXT},
    {"category", SQL_T_TEXT},   {"short_desc", SQL_T_TEXT},      {"extra_desc", SQL_T_TEXT},
    {"context", SQL_T_TEXT},    {"vartype", SQL_T_TEXT},         {"source", SQL_T_TEXT},
    {"min_val", SQL_T_TEXT},    {"max_val", SQL_T_TEXT},         {"enumvals", 1009}, /* text[] */
    {"boot_val", SQL_T_TEXT},   {"reset_val", SQL_T_TEXT},       {"sourcefile", SQL_T_TEXT},
    {"sourceline", SQL_T_INT4}, {"pending_restart", SQL_T_BOOL},
};
static const struct vcol c_pg_stat_ssl[] = {
    {"pid", SQL_T_INT4},
    {"ssl", SQL_T_BOOL},
    {"version", SQL_T_TEXT},
    {"cipher", SQL_T_TEXT},
    {"bits", SQL_T_INT4},
    {"client_dn", SQL_T_TEXT},
    {"client_serial", SQL_T_NUMERIC},
    {"issuer_dn", SQL_T_TEXT},
};
static const struct vcol c_pg_stat_activity[] = {
    {"datid", SQL_T_OID},
    {"datname", SQL_T_NAME},
    {"pid", SQL_T_INT4},
    {"leader_pid", SQL_T_INT4},
    {"usesysid", SQL_T_OID},
    {"usename", SQL_T_NAME},
    {"application_name", SQL_T_TEXT},
    {"client_addr", SQL_T_INET},
    {"client_hostname", SQL_T_TEXT},
    {"client_port", SQL_T_INT4},
    {"backend_start", SQL_T_TIMESTAMPTZ},
    {"xact_start", SQL_T_TIMESTAMPTZ},
    {"query_start", SQL_T_TIMESTAMPTZ},
    {"state_change", SQL_T_TIMESTAMPTZ},
    {"wait_event_type", SQL_T_TEXT},
    {"wait_event", SQL_T_TEXT},
    {"state", SQL_T_TEXT},
    {"backend_xid", SQL_T_XID},
    {"backend_xmin", SQL_T_XID},
    {"query_id", SQL_T_INT8},
    {"query", SQL_T_TEXT},
    {"backend_type", SQL_T_TEXT},
};
static const struct vcol c_pg_am[] = {
    {"oid", SQL_T_OID},
    {"amname", SQL_T_NAME},
    {"amhandler", SQL_T_REGPROC},
    {"amtype", SQL_T_CHAR},
};
static const struct vcol c_pg_tablespace[] = {
    {"oid", SQL_T_OID},      {"spcname", SQL_T_NAME},
    {"spcowner", SQL_T_OID}, {"spcacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
    {"spcoptions", 1009},                                  /* text[] */
};
static const struct vcol c_pg_sequence[] = {
    {"seqrelid", SQL_T_OID},      {"seqtypid", SQL_T_OID},  {"seqstart", SQL_T_INT8},
    {"seqincrement", SQL_T_INT8}, {"seqmax", SQL_T_INT8},   {"seqmin", SQL_T_INT8},
    {"seqcache", SQL_T_INT8},     {"seqcycle", SQL_T_BOOL},
};
static const struct vcol c_pg_collation[] = {
    {"oid", SQL_T_OID},           {"collname", SQL_T_NAME},
    {"collnamespace", SQL_T_OID}, {"collowner", SQL_T_OID},
    {"collprovider", SQL_T_CHAR}, {"collisdeterministic", SQL_T_BOOL},
    {"collencoding", SQL_T_INT4}, {"collcollate", SQL_T_TEXT},
    {"collctype", SQL_T_TEXT},    {"colliculocale", SQL_T_TEXT},
    {"collversion", SQL_T_TEXT},
};
static const struct vcol c_pg_proc[] = {
    {"oid", SQL_T_OID},
    {"proname", SQL_T_NAME},
    {"pronamespace", SQL_T_OID},
    {"proowner", SQL_T_OID},
    {"prolang", SQL_T_OID},
    {"procost", SQL_T_FLOAT4},
    {"prorows", SQL_T_FLOAT4},
    {"provariadic", SQL_T_OID},
    {"prosupport", SQL_T_REGPROC},
    {"prokind", SQL_T_CHAR},
    {"prosecdef", SQL_T_BOOL},
    {"proleakproof", SQL_T_BOOL},
    {"proisstrict", SQL_T_BOOL},
    {"proretset", SQL_T_BOOL},
    {"provolatile", SQL_T_CHAR},
    {"proparallel", SQL_T_CHAR},
    {"pronargs", SQL_T_INT2},
    {"pronargdefaults", SQL_T_INT2},
    {"prorettype", SQL_T_OID},
    {"proargtypes", SQL_T_OIDVECTOR}, /* oidvector */
    {"proallargtypes", 1028},         /* oid[] */
    {"proargmodes", 1002},            /* "char"[] */
    {"proargnames", 1009},            /* text[] */
    {"proargdefaults", SQL_T_TEXT},   /* pg_node_tree */
    {"protrftypes", 1028},            /* oid[] */
    {"prosrc", SQL_T_TEXT},
    {"probin", SQL_T_TEXT},
    {"prosqlbody", SQL_T_TEXT},   /* pg_node_tree */
    {"proconfig", 1009},          /* text[] */
    {"proacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_inherits[] = {
    {"inhrelid", SQL_T_OID},
    {"inhparent", SQL_T_OID},
    {"inhseqno", SQL_T_INT4},
    {"inhdetachpending", SQL_T_BOOL},
};
static const struct vcol c_pg_trigger[] = {
    {"oid", SQL_T_OID},
    {"tgrelid", SQL_T_OID},
    {"tgparentid", SQL_T_OID},
    {"tgname", SQL_T_NAME},
    {"tgfoid", SQL_T_OID},
    {"tgtype", SQL_T_INT2},
    {"tgenabled", SQL_T_CHAR},
    {"tgisinternal", SQL_T_BOOL},
    {"tgconstrrelid", SQL_T_OID},
    {"tgconstrindid", SQL_T_OID},
    {"tgconstraint", SQL_T_OID},
    {"tgdeferrable", SQL_T_BOOL},
    {"tginitdeferred", SQL_T_BOOL},
    {"tgnargs", SQL_T_INT2},
    {"tgattr", SQL_T_INT2VECTOR}, /* int2vector */
    {"tgargs", SQL_T_BYTEA},
    {"tgqual", SQL_T_TEXT}, /* pg_node_tree */
    {"tgoldtable", SQL_T_NAME},
    {"tgnewtable", SQL_T_NAME},
};
static const struct vcol c_pg_policy[] = {
    {"oid", SQL_T_OID},           {"polname", SQL_T_NAME},       {"polrelid", SQL_T_OID},
    {"polcmd", SQL_T_CHAR},       {"polpermissive", SQL_T_BOOL}, {"polroles", 1028}, /* oid[] */
    {"polqual", SQL_T_TEXT},      /* pg_node_tree */
    {"polwithcheck", SQL_T_TEXT}, /* pg_node_tree */
};
static const struct vcol c_pg_rewrite[] = {
    {"oid", SQL_T_OID},        {"rulename", SQL_T_NAME},   {"ev_class", SQL_T_OID},
    {"ev_type", SQL_T_CHAR},   {"ev_enabled", SQL_T_CHAR}, {"is_instead", SQL_T_BOOL},
    {"ev_qual", SQL_T_TEXT},   /* pg_node_tree */
    {"ev_action", SQL_T_TEXT}, /* pg_node_tree */
};
static const struct vcol c_pg_statistic_ext[] = {
    {"oid", SQL_T_OID},
    {"stxrelid", SQL_T_OID},
    {"stxname", SQL_T_NAME},
    {"stxnamespace", SQL_T_OID},
    {"stxowner", SQL_T_OID},
    {"stxstattarget", SQL_T_INT4},
    {"stxkeys", SQL_T_INT2VECTOR}, /* int2vector */
    {"stxkind", 1002},             /* "char"[] */
    {"stxexprs", SQL_T_TEXT},      /* pg_node_tree */
};
static const struct vcol c_pg_publication[] = {
    {"oid", SQL_T_OID},           {"pubname", SQL_T_NAME},     {"pubowner", SQL_T_OID},
    {"puballtables", SQL_T_BOOL}, {"pubinsert", SQL_T_BOOL},   {"pubupdate", SQL_T_BOOL},
    {"pubdelete", SQL_T_BOOL},    {"pubtruncate", SQL_T_BOOL}, {"pubviaroot", SQL_T_BOOL},
};
static const struct vcol c_pg_publication_rel[] = {
    {"oid", SQL_T_OID},
    {"prpubid", SQL_T_OID},
    {"prrelid", SQL_T_OID},
    {"prqual", SQL_T_TEXT},        /* pg_node_tree */
    {"prattrs", SQL_T_INT2VECTOR}, /* int2vector */
};
static const struct vcol c_pg_publication_namespace[] = {
    {"oid", SQL_T_OID},
    {"pnpubid", SQL_T_OID},
    {"pnnspid", SQL_T_OID},
};
static const struct vcol c_pg_partitioned_table[] = {
    {"partrelid", SQL_T_OID},           {"partstrat", SQL_T_CHAR},       {"partnatts", SQL_T_INT2},
    {"partdefid", SQL_T_OID},           {"partattrs", SQL_T_INT2VECTOR}, /* int2vector */
    {"partclass", SQL_T_OIDVECTOR},                                      /* oidvector */
    {"partcollation", SQL_T_OIDVECTOR},                                  /* oidvector */
    {"partexprs", SQL_T_TEXT},                                           /* pg_node_tree */
};
static const struct vcol c_pg_foreign_table[] = {
    {"ftrelid", SQL_T_OID}, {"ftserver", SQL_T_OID}, {"ftoptions", 1009}, /* text[] */
};
static const struct vcol c_pg_extension[] = {
    {"oid", SQL_T_OID},          {"extname", SQL_T_NAME},        {"extowner", SQL_T_OID},
    {"extnamespace", SQL_T_OID}, {"extrelocatable", SQL_T_BOOL}, {"extversion", SQL_T_TEXT},
    {"extconfig", 1028},    /* oid[] */
    {"extcondition", 1009}, /* text[] */
};
static const struct vcol c_pg_event_trigger[] = {
    {"oid", SQL_T_OID},      {"evtname", SQL_T_NAME}, {"evtevent", SQL_T_NAME},
    {"evtowner", SQL_T_OID}, {"evtfoid", SQL_T_OID},  {"evtenabled", SQL_T_CHAR},
    {"evttags", 1009}, /* text[] */
};
static const struct vcol c_pg_depend[] = {
    {"classid", SQL_T_OID},    {"objid", SQL_T_OID},    {"objsubid", SQL_T_INT4},
    {"refclassid", SQL_T_OID}, {"refobjid", SQL_T_OID}, {"refobjsubid", SQL_T_INT4},
    {"deptype", SQL_T_CHAR},
};
static const struct vcol c_pg_auth_members[] = {
    {"roleid", SQL_T_OID},
    {"member", SQL_T_OID},
    {"grantor", SQL_T_OID},
    {"admin_option", SQL_T_BOOL},
};
static const struct vcol c_pg_views[] = {
    {"schemaname", SQL_T_NAME},
    {"viewname", SQL_T_NAME},
    {"viewowner", SQL_T_NAME},
    {"definition", SQL_T_TEXT},
};
static const struct vcol c_pg_tables[] = {
    {"schemaname", SQL_T_NAME},  {"tablename", SQL_T_NAME},   {"tableowner", SQL_T_NAME},
    {"tablespace", SQL_T_NAME},  {"hasindexes", SQL_T_BOOL},  {"hasrules", SQL_T_BOOL},
    {"hastriggers", SQL_T_BOOL}, {"rowsecurity", SQL_T_BOOL},
};
static const struct vcol c_pg_indexes[] = {
    {"schemaname", SQL_T_NAME}, {"tablename", SQL_T_NAME}, {"indexname", SQL_T_NAME},
    {"tablespace", SQL_T_NAME}, {"indexdef", SQL_T_TEXT},
};
static const struct vcol c_pg_sequences[] = {
    {"schemaname", SQL_T_NAME},   {"sequencename", SQL_T_NAME}, {"sequenceowner", SQL_T_NAME},
    {"data_type", SQL_T_REGTYPE}, {"start_value", SQL_T_INT8},  {"min_value", SQL_T_INT8},
    {"max_value", SQL_T_INT8},    {"increment_by", SQL_T_INT8}, {"cycle", SQL_T_BOOL},
    {"cache_size", SQL_T_INT8},   {"last_value", SQL_T_INT8},
};
static const struct vcol c_pg_matviews[] = {
    {"schemaname", SQL_T_NAME}, {"matviewname", SQL_T_NAME}, {"matviewowner", SQL_T_NAME},
    {"tablespace", SQL_T_NAME}, {"hasindexes", SQL_T_BOOL},  {"ispopulated", SQL_T_BOOL},
    {"definition", SQL_T_TEXT},
};
static const struct vcol c_pg_enum[] = {
    {"oid", SQL_T_OID},
    {"enumtypid", SQL_T_OID},
    {"enumsortorder", SQL_T_FLOAT4},
    {"enumlabel", SQL_T_NAME},
};
static const struct vcol c_pg_range[] = {
    {"rngtypid", SQL_T_OID},       {"rngsubtype", SQL_T_OID}, {"rngmultitypid", SQL_T_OID},
    {"rngcollation", SQL_T_OID},   {"rngsubopc", SQL_T_OID},  {"rngcanonical", SQL_T_REGPROC},
    {"rngsubdiff", SQL_T_REGPROC},
};
static const struct vcol c_pg_opclass[] = {
    {"oid", SQL_T_OID},          {"opcmethod", SQL_T_OID},   {"opcname", SQL_T_NAME},
    {"opcnamespace", SQL_T_OID}, {"opcowner", SQL_T_OID},    {"opcfamily", SQL_T_OID},
    {"opcintype", SQL_T_OID},    {"opcdefault", SQL_T_BOOL}, {"opckeytype", SQL_T_OID},
};
static const struct vcol c_pg_operator[] = {
    {"oid", SQL_T_OID},         {"oprname", SQL_T_NAME},    {"oprnamespace", SQL_T_OID},
    {"oprowner", SQL_T_OID},    {"oprkind", SQL_T_CHAR},    {"oprcanmerge", SQL_T_BOOL},
    {"oprcanhash", SQL_T_BOOL}, {"oprleft", SQL_T_OID},     {"oprright", SQL_T_OID},
    {"oprresult", SQL_T_OID},   {"oprcom", SQL_T_OID},      {"oprnegate", SQL_T_OID},
    {"oprcode", SQL_T_REGPROC}, {"oprrest", SQL_T_REGPROC}, {"oprjoin", SQL_T_REGPROC},
};
static const struct vcol c_pg_cast[] = {
    {"oid", SQL_T_OID},      {"castsource", SQL_T_OID},   {"casttarget", SQL_T_OID},
    {"castfunc", SQL_T_OID}, {"castcontext", SQL_T_CHAR}, {"castmethod", SQL_T_CHAR},
};
static const struct vcol c_pg_language[] = {
    {"oid", SQL_T_OID},           {"lanname", SQL_T_NAME},
    {"lanowner", SQL_T_OID},      {"lanispl", SQL_T_BOOL},
    {"lanpltrusted", SQL_T_BOOL}, {"lanplcallfoid", SQL_T_OID},
    {"laninline", SQL_T_OID},     {"lanvalidator", SQL_T_OID},
    {"lanacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_foreign_server[] = {
    {"oid", SQL_T_OID},           {"srvname", SQL_T_NAME}, {"srvowner", SQL_T_OID},
    {"srvfdw", SQL_T_OID},        {"srvtype", SQL_T_TEXT}, {"srvversion", SQL_T_TEXT},
    {"srvacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
    {"srvoptions", 1009},         /* text[] */
};
static const struct vcol c_pg_foreign_data_wrapper[] = {
    {"oid", SQL_T_OID},          {"fdwname", SQL_T_NAME},
    {"fdwowner", SQL_T_OID},     {"fdwhandler", SQL_T_OID},
    {"fdwvalidator", SQL_T_OID}, {"fdwacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
    {"fdwoptions", 1009},                                      /* text[] */
};
/* Catalogs of objects ShardForge does not have (text search, transforms,
 * subscriptions, large objects, operator families, default privileges,
 * security labels): their columns as PostgreSQL 15 has them, no rows.
 * pg_dump reads every one of them. */
static const struct vcol c_pg_transform[] = {
    {"oid", SQL_T_OID},          {"trftype", SQL_T_OID},
    {"trflang", SQL_T_OID},      {"trffromsql", SQL_T_REGPROC},
    {"trftosql", SQL_T_REGPROC},
};
static const struct vcol c_pg_ts_parser[] = {
    {"oid", SQL_T_OID},
    {"prsname", SQL_T_NAME},
    {"prsnamespace", SQL_T_OID},
    {"prsstart", SQL_T_REGPROC},
    {"prstoken", SQL_T_REGPROC},
    {"prsend", SQL_T_REGPROC},
    {"prsheadline", SQL_T_REGPROC},
    {"prslextype", SQL_T_REGPROC},
};
static const struct vcol c_pg_ts_template[] = {
    {"oid", SQL_T_OID},          {"tmplname", SQL_T_NAME},      {"tmplnamespace", SQL_T_OID},
    {"tmplinit", SQL_T_REGPROC}, {"tmpllexize", SQL_T_REGPROC},
};
static const struct vcol c_pg_ts_dict[] = {
    {"oid", SQL_T_OID},       {"dictname", SQL_T_NAME},    {"dictnamespace", SQL_T_OID},
    {"dictowner", SQL_T_OID}, {"dicttemplate", SQL_T_OID}, {"dictinitoption", SQL_T_TEXT},
};
static const struct vcol c_pg_ts_config[] = {
    {"oid", SQL_T_OID},      {"cfgname", SQL_T_NAME},  {"cfgnamespace", SQL_T_OID},
    {"cfgowner", SQL_T_OID}, {"cfgparser", SQL_T_OID},
};
static const struct vcol c_pg_subscription[] = {
    {"oid", SQL_T_OID},
    {"subdbid", SQL_T_OID},
    {"subskiplsn", SQL_T_TEXT}, /* pg_lsn */
    {"subname", SQL_T_NAME},
    {"subowner", SQL_T_OID},
    {"subenabled", SQL_T_BOOL},
    {"subbinary", SQL_T_BOOL},
    {"substream", SQL_T_BOOL},
    {"subtwophasestate", SQL_T_CHAR},
    {"subdisableonerr", SQL_T_BOOL},
    {"subconninfo", SQL_T_TEXT},
    {"subslotname", SQL_T_NAME},
    {"subsynccommit", SQL_T_TEXT},
    {"subpublications", 1009}, /* text[] */
};
static const struct vcol c_pg_opfamily[] = {
    {"oid", SQL_T_OID},          {"opfmethod", SQL_T_OID}, {"opfname", SQL_T_NAME},
    {"opfnamespace", SQL_T_OID}, {"opfowner", SQL_T_OID},
};
static const struct vcol c_pg_amop[] = {
    {"oid", SQL_T_OID},           {"amopfamily", SQL_T_OID},    {"amoplefttype", SQL_T_OID},
    {"amoprighttype", SQL_T_OID}, {"amopstrategy", SQL_T_INT2}, {"amoppurpose", SQL_T_CHAR},
    {"amopopr", SQL_T_OID},       {"amopmethod", SQL_T_OID},    {"amopsortfamily", SQL_T_OID},
};
static const struct vcol c_pg_db_role_setting[] = {
    {"setdatabase", SQL_T_OID}, {"setrole", SQL_T_OID}, {"setconfig", 1009}, /* text[] */
};
static const struct vcol c_pg_user_mappings[] = {
    {"umid", SQL_T_OID},   {"srvid", SQL_T_OID},    {"srvname", SQL_T_NAME},
    {"umuser", SQL_T_OID}, {"usename", SQL_T_NAME}, {"umoptions", 1009}, /* text[] */
};
static const struct vcol c_pg_parameter_acl[] = {
    {"oid", SQL_T_OID}, {"parname", SQL_T_TEXT}, {"paracl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_shseclabel[] = {
    {"objoid", SQL_T_OID},
    {"classoid", SQL_T_OID},
    {"provider", SQL_T_TEXT},
    {"label", SQL_T_TEXT},
};
static const struct vcol c_pg_amproc[] = {
    {"oid", SQL_T_OID},
    {"amprocfamily", SQL_T_OID},
    {"amproclefttype", SQL_T_OID},
    {"amprocrighttype", SQL_T_OID},
    {"amprocnum", SQL_T_INT2},
    {"amproc", SQL_T_REGPROC},
};
static const struct vcol c_pg_largeobject_metadata[] = {
    {"oid", SQL_T_OID}, {"lomowner", SQL_T_OID}, {"lomacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_default_acl[] = {
    {"oid", SQL_T_OID},
    {"defaclrole", SQL_T_OID},
    {"defaclnamespace", SQL_T_OID},
    {"defaclobjtype", SQL_T_CHAR},
    {"defaclacl", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_seclabels[] = {
    {"objoid", SQL_T_OID},    {"classoid", SQL_T_OID},     {"objsubid", SQL_T_INT4},
    {"objtype", SQL_T_TEXT},  {"objnamespace", SQL_T_OID}, {"objname", SQL_T_TEXT},
    {"provider", SQL_T_TEXT}, {"label", SQL_T_TEXT},
};
static const struct vcol c_pg_user_mapping[] = {
    {"oid", SQL_T_OID},
    {"umuser", SQL_T_OID},
    {"umserver", SQL_T_OID},
    {"umoptions", 1009}, /* text[] */
};
static const struct vcol c_pg_stat_user_tables[] = {
    {"relid", SQL_T_OID},
    {"schemaname", SQL_T_NAME},
    {"relname", SQL_T_NAME},
    {"seq_scan", SQL_T_INT8},
    {"seq_tup_read", SQL_T_INT8},
    {"idx_scan", SQL_T_INT8},
    {"idx_tup_fetch", SQL_T_INT8},
    {"n_tup_ins", SQL_T_INT8},
    {"n_tup_upd", SQL_T_INT8},
    {"n_tup_del", SQL_T_INT8},
    {"n_tup_hot_upd", SQL_T_INT8},
    {"n_live_tup", SQL_T_INT8},
    {"n_dead_tup", SQL_T_INT8},
    {"n_mod_since_analyze", SQL_T_INT8},
    {"n_ins_since_vacuum", SQL_T_INT8},
    {"last_vacuum", SQL_T_TIMESTAMPTZ},
    {"last_autovacuum", SQL_T_TIMESTAMPTZ},
    {"last_analyze", SQL_T_TIMESTAMPTZ},
    {"last_autoanalyze", SQL_T_TIMESTAMPTZ},
    {"vacuum_count", SQL_T_INT8},
    {"autovacuum_count", SQL_T_INT8},
    {"analyze_count", SQL_T_INT8},
    {"autoanalyze_count", SQL_T_INT8},
};
static const struct vcol c_pg_cursors[] = {
    {"name", SQL_T_TEXT},      {"statement", SQL_T_TEXT},     {"is_holdable", SQL_T_BOOL},
    {"is_binary", SQL_T_BOOL}, {"is_scrollable", SQL_T_BOOL}, {"creation_time", SQL_T_TIMESTAMPTZ},
};
static const struct vcol c_pg_prepared_statements[] = {
    {"name", SQL_T_TEXT},      {"statement", SQL_T_TEXT},     {"prepare_time", SQL_T_TIMESTAMPTZ},
    {"parameter_types", 2211}, /* regtype[] */
    {"from_sql", SQL_T_BOOL},  {"generic_plans", SQL_T_INT8}, {"custom_plans", SQL_T_INT8},
};
static const struct vcol c_pg_locks[] = {
    {"locktype", SQL_T_TEXT},
    {"database", SQL_T_OID},
    {"relation", SQL_T_OID},
    {"page", SQL_T_INT4},
    {"tuple", SQL_T_INT2},
    {"virtualxid", SQL_T_TEXT},
    {"transactionid", SQL_T_XID},
    {"classid", SQL_T_OID},
    {"objid", SQL_T_OID},
    {"objsubid", SQL_T_INT2},
    {"virtualtransaction", SQL_T_TEXT},
    {"pid", SQL_T_INT4},
    {"mode", SQL_T_TEXT},
    {"granted", SQL_T_BOOL},
    {"fastpath", SQL_T_BOOL},
    {"waitstart", SQL_T_TIMESTAMPTZ},
};
static const struct vcol c_pg_statistic[] = {
    {"starelid", SQL_T_OID},       {"staattnum", SQL_T_INT2}, {"stainherit", SQL_T_BOOL},
    {"stanullfrac", SQL_T_FLOAT4}, {"stawidth", SQL_T_INT4},  {"stadistinct", SQL_T_FLOAT4},
    {"stakind1", SQL_T_INT2},      {"stakind2", SQL_T_INT2},  {"stakind3", SQL_T_INT2},
    {"stakind4", SQL_T_INT2},      {"stakind5", SQL_T_INT2},  {"staop1", SQL_T_OID},
    {"staop2", SQL_T_OID},         {"staop3", SQL_T_OID},     {"staop4", SQL_T_OID},
    {"staop5", SQL_T_OID},         {"stacoll1", SQL_T_OID},   {"stacoll2", SQL_T_OID},
    {"stacoll3", SQL_T_OID},       {"stacoll4", SQL_T_OID},   {"stacoll5", SQL_T_OID},
    {"stanumbers1", 1021},      /* real[] */
    {"stanumbers2", 1021},      /* real[] */
    {"stanumbers3", 1021},      /* real[] */
    {"stanumbers4", 1021},      /* real[] */
    {"stanumbers5", 1021},      /* real[] */
    {"stavalues1", SQL_T_TEXT}, /* anyarray */
    {"stavalues2", SQL_T_TEXT}, /* anyarray */
    {"stavalues3", SQL_T_TEXT}, /* anyarray */
    {"stavalues4", SQL_T_TEXT}, /* anyarray */
    {"stavalues5", SQL_T_TEXT}, /* anyarray */
};
static const struct vcol c_pg_stats[] = {
    {"schemaname", SQL_T_NAME},       {"tablename", SQL_T_NAME},         {"attname", SQL_T_NAME},
    {"inherited", SQL_T_BOOL},        {"null_frac", SQL_T_FLOAT4},       {"avg_width", SQL_T_INT4},
    {"n_distinct", SQL_T_FLOAT4},     {"most_common_vals", SQL_T_TEXT},  /* anyarray */
    {"most_common_freqs", 1021},                                         /* real[] */
    {"histogram_bounds", SQL_T_TEXT},                                    /* anyarray */
    {"correlation", SQL_T_FLOAT4},    {"most_common_elems", SQL_T_TEXT}, /* anyarray */
    {"most_common_elem_freqs", 1021},                                    /* real[] */
    {"elem_count_histogram", 1021},                                      /* real[] */
};
static const struct vcol c_pg_prepared_xacts[] = {
    {"transaction", SQL_T_XID}, {"gid", SQL_T_TEXT},      {"prepared", SQL_T_TIMESTAMPTZ},
    {"owner", SQL_T_NAME},      {"database", SQL_T_NAME},
};
static const struct vcol c_pg_timezone_abbrevs[] = {
    {"abbrev", SQL_T_TEXT},
    {"utc_offset", SQL_T_INTERVAL},
    {"is_dst", SQL_T_BOOL},
};
static const struct vcol c_pg_timezone_names[] = {
    {"name", SQL_T_TEXT},
    {"abbrev", SQL_T_TEXT},
    {"utc_offset", SQL_T_INTERVAL},
    {"is_dst", SQL_T_BOOL},
};
static const struct vcol c_pg_init_privs[] = {
    {"objoid", SQL_T_OID},    {"classoid", SQL_T_OID},         {"objsubid", SQL_T_INT4},
    {"privtype", SQL_T_CHAR}, {"initprivs", SQL_T_TEXT_ARRAY}, /* aclitem[] */
};
static const struct vcol c_pg_seclabel[] = {
    {"objoid", SQL_T_OID},    {"classoid", SQL_T_OID}, {"objsubid", SQL_T_INT4},
    {"provider", SQL_T_TEXT}, {"label", SQL_T_TEXT},
};
static const struct vcol c_pg_shdepend[] = {
    {"dbid", SQL_T_OID},      {"classid", SQL_T_OID},    {"objid", SQL_T_OID},
    {"objsubid", SQL_T_INT4}, {"refclassid", SQL_T_OID}, {"refobjid", SQL_T_OID},
    {"deptype", SQL_T_CHAR},
};
static const struct vcol c_pg_aggregate[] = {
    {"aggfnoid", SQL_T_REGPROC},      {"aggkind", SQL_T_CHAR},
    {"aggnumdirectargs", SQL_T_INT2}, {"aggtransfn", SQL_T_REGPROC},
    {"aggfinalfn", SQL_T_REGPROC},    {"aggcombinefn", SQL_T_REGPROC},
    {"aggserialfn", SQL_T_REGPROC},   {"aggdeserialfn", SQL_T_REGPROC},
    {"aggmtransfn", SQL_T_REGPROC},   {"aggminvtransfn", SQL_T_REGPROC},
    {"aggmfinalfn", SQL_T_REGPROC},   {"aggfinalextra", SQL_T_BOOL},
    {"aggmfinalextra", SQL_T_BOOL},   {"aggfinalmodify", SQL_T_CHAR},
    {"aggmfinalmodify", SQL_T_CHAR},  {"aggsortop", SQL_T_OID},
    {"aggtranstype", SQL_T_OID},      {"aggtransspace", SQL_T_INT4},
    {"aggmtranstype", SQL_T_OID},     {"aggmtransspace", SQL_T_INT4},
    {"agginitval", SQL_T_TEXT},       {"aggminitval", SQL_T_TEXT},
};
static const struct vcol c_pg_conversion[] = {
    {"oid", SQL_T_OID},         {"conname", SQL_T_NAME},        {"connamespace", SQL_T_OID},
    {"conowner", SQL_T_OID},    {"conforencoding", SQL_T_INT4}, {"contoencoding", SQL_T_INT4},
    {"conproc", SQL_T_REGPROC}, {"condefault", SQL_T_BOOL},
};
static const struct vcol c_pg_statio_user_tables[] = {
    {"relid", SQL_T_OID},           {"schemaname", SQL_T_NAME},      {"relname", SQL_T_NAME},
    {"heap_blks_read", SQL_T_INT8}, {"heap_blks_hit", SQL_T_INT8},   {"idx_blks_read", SQL_T_INT8},
    {"idx_blks_hit", SQL_T_INT8},   {"toast_blks_read", SQL_T_INT8}, {"toast_blks_hit", SQL_T_INT8},
    {"tidx_blks_read", SQL_T_INT8}, {"tidx_blks_hit", SQL_T_INT8},
};

/* information_schema (PostgreSQL 15 domains: sql_identifier is name,
 * character_data and yes_or_no are varchar, cardinal_number is int4). */
static const struct vcol i_tables[] = {
    {"table_catalog", SQL_T_NAME},
    {"table_schema", SQL_T_NAME},
    {"table_name", SQL_T_NAME},
    {"table_type", SQL_T_VARCHAR},
    {"self_referencing_column_name", SQL_T_NAME},
    {"reference_generation", SQL_T_VARCHAR},
    {"user_defined_type_catalog", SQL_T_NAME},
    {"user_defined_type_schema", SQL_T_NAME},
    {"user_defined_type_name", SQL_T_NAME},
    {"is_insertable_into", SQL_T_VARCHAR},
    {"is_typed", SQL_T_VARCHAR},
    {"commit_action", SQL_T_VARCHAR},
};
static const struct vcol i_columns[] = {
    {"table_catalog", SQL_T_NAME},
    {"table_schema", SQL_T_NAME},
    {"table_name", SQL_T_NAME},
    {"column_name", SQL_T_NAME},
    {"ordinal_position", SQL_T_INT4},
    {"column_default", SQL_T_VARCHAR},
    {"is_nullable", SQL_T_VARCHAR},
    {"data_type", SQL_T_VARCHAR},
    {"character_maximum_length", SQL_T_INT4},
    {"character_octet_length", SQL_T_INT4},
    {"numeric_precision", SQL_T_INT4},
    {"numeric_precision_radix", SQL_T_INT4},
    {"numeric_scale", SQL_T_INT4},
    {"datetime_precision", SQL_T_INT4},
    {"interval_type", SQL_T_VARCHAR},
    {"interval_precision", SQL_T_INT4},
    {"character_set_catalog", SQL_T_NAME},
    {"character_set_schema", SQL_T_NAME},
    {"character_set_name", SQL_T_NAME},
    {"collation_catalog", SQL_T_NAME},
    {"collation_schema", SQL_T_NAME},
    {"collation_name", SQL_T_NAME},
    {"domain_catalog", SQL_T_NAME},
    {"domain_schema", SQL_T_NAME},
    {"domain_name", SQL_T_NAME},
    {"udt_catalog", SQL_T_NAME},
    {"udt_schema", SQL_T_NAME},
    {"udt_name", SQL_T_NAME},
    {"scope_catalog", SQL_T_NAME},
    {"scope_schema", SQL_T_NAME},
    {"scope_name", SQL_T_NAME},
    {"maximum_cardinality", SQL_T_INT4},
    {"dtd_identifier", SQL_T_NAME},
    {"is_self_referencing", SQL_T_VARCHAR},
    {"is_identity", SQL_T_VARCHAR},
    {"identity_generation", SQL_T_VARCHAR},
    {"identity_start", SQL_T_VARCHAR},
    {"identity_increment", SQL_T_VARCHAR},
    {"identity_maximum", SQL_T_VARCHAR},
    {"identity_minimum", SQL_T_VARCHAR},
    {"identity_cycle", SQL_T_VARCHAR},
    {"is_generated", SQL_T_VARCHAR},
    {"generation_expression", SQL_T_VARCHAR},
    {"is_updatable", SQL_T_VARCHAR},
};
static const struct vcol i_table_privileges[] = {
    /* also role_table_grants */
    {"grantor", SQL_T_NAME},         {"grantee", SQL_T_NAME},
    {"table_catalog", SQL_T_NAME},   {"table_schema", SQL_T_NAME},
    {"table_name", SQL_T_NAME},      {"privilege_type", SQL_T_VARCHAR},
    {"is_grantable", SQL_T_VARCHAR}, {"with_hierarchy", SQL_T_VARCHAR},
};
static const struct vcol i_schemata[] = {
    {"catalog_name", SQL_T_NAME},
    {"schema_name", SQL_T_NAME},
    {"schema_owner", SQL_T_NAME},
    {"default_character_set_catalog", SQL_T_NAME},
    {"default_character_set_schema", SQL_T_NAME},
    {"default_character_set_name", SQL_T_NAME},
    {"sql_path", SQL_T_VARCHAR},
};
static const struct vcol i_table_constraints[] = {
    {"constraint_catalog", SQL_T_NAME},    {"constraint_schema", SQL_T_NAME},
    {"constraint_name", SQL_T_NAME},       {"table_catalog", SQL_T_NAME},
    {"table_schema", SQL_T_NAME},          {"table_name", SQL_T_NAME},
    {"constraint_type", SQL_T_VARCHAR},    {"is_deferrable", SQL_T_VARCHAR},
    {"initially_deferred", SQL_T_VARCHAR}, {"enforced", SQL_T_VARCHAR},
    {"nulls_distinct", SQL_T_VARCHAR},
};
static const struct vcol i_referential_constraints[] = {
    {"constraint_catalog", SQL_T_NAME},       {"constraint_schema", SQL_T_NAME},
    {"constraint_name", SQL_T_NAME},          {"unique_constraint_catalog", SQL_T_NAME},
    {"unique_constraint_schema", SQL_T_NAME}, {"unique_constraint_name", SQL_T_NAME},
    {"match_option", SQL_T_VARCHAR},          {"update_rule", SQL_T_VARCHAR},
    {"delete_rule", SQL_T_VARCHAR},
};
static const struct vcol i_key_column_usage[] = {
    {"constraint_catalog", SQL_T_NAME},
    {"constraint_schema", SQL_T_NAME},
    {"constraint_name", SQL_T_NAME},
    {"table_catalog", SQL_T_NAME},
    {"table_schema", SQL_T_NAME},
    {"table_name", SQL_T_NAME},
    {"column_name", SQL_T_NAME},
    {"ordinal_position", SQL_T_INT4},
    {"position_in_unique_constraint", SQL_T_INT4},
};
static const struct vcol i_views[] = {
    {"table_catalog", SQL_T_NAME},
    {"table_schema", SQL_T_NAME},
    {"table_name", SQL_T_NAME},
    {"view_definition", SQL_T_VARCHAR},
    {"check_option", SQL_T_VARCHAR},
    {"is_updatable", SQL_T_VARCHAR},
    {"is_insertable_into", SQL_T_VARCHAR},
    {"is_trigger_updatable", SQL_T_VARCHAR},
    {"is_trigger_deletable", SQL_T_VARCHAR},
    {"is_trigger_insertable_into", SQL_T_VARCHAR},
};
static const struct vcol i_triggers[] = {
    {"trigger_catalog", SQL_T_NAME},
    {"trigger_schema", SQL_T_NAME},
    {"trigger_name", SQL_T_NAME},
    {"event_manipulation", SQL_T_VARCHAR},
    {"event_object_catalog", SQL_T_NAME},
    {"event_object_schema", SQL_T_NAME},
    {"event_object_table", SQL_T_NAME},
    {"action_order", SQL_T_INT4},
    {"action_condition", SQL_T_VARCHAR},
    {"action_statement", SQL_T_VARCHAR},
    {"action_orientation", SQL_T_VARCHAR},
    {"action_timing", SQL_T_VARCHAR},
    {"action_reference_old_table", SQL_T_NAME},
    {"action_reference_new_table", SQL_T_NAME},
    {"action_reference_old_row", SQL_T_NAME},
    {"action_reference_new_row", SQL_T_NAME},
    {"created", SQL_T_TIMESTAMPTZ},
};
static const struct vcol i_sequences[] = {
    {"sequence_catalog", SQL_T_NAME},  {"sequence_schema", SQL_T_NAME},
    {"sequence_name", SQL_T_NAME},     {"data_type", SQL_T_VARCHAR},
    {"numeric_precision", SQL_T_INT4}, {"numeric_precision_radix", SQL_T_INT4},
    {"numeric_scale", SQL_T_INT4},     {"start_value", SQL_T_VARCHAR},
    {"minimum_value", SQL_T_VARCHAR},  {"maximum_value", SQL_T_VARCHAR},
    {"increment", SQL_T_VARCHAR},      {"cycle_option", SQL_T_VARCHAR},
};

/* ---- registry ---- */

static int rows_empty(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                      size_t *nrows, struct err *e)
{
    (void)env;
    (void)ctx;
    (void)e;
    *rows = NULL;
    *nrows = 0;
    return 0;
}

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

struct vdef {
    const char *name;
    uint32_t oid;
    char relkind; /* pg_class.relkind: 'r' catalog table, 'v' system view */
    const struct vcol *cols;
    size_t ncols;
    int (*rows)(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows, size_t *nrows,
                struct err *e);
};

/* Sorted by name. */
static const struct vdef vdefs[] = {
    {"pg_aggregate", 2600, 'r', c_pg_aggregate, NCOLS(c_pg_aggregate), rows_empty},
    {"pg_am", 2601, 'r', c_pg_am, NCOLS(c_pg_am), sql__pgcat_am},
    {"pg_amop", 2602, 'r', c_pg_amop, NCOLS(c_pg_amop), rows_empty},
    {"pg_amproc", 2603, 'r', c_pg_amproc, NCOLS(c_pg_amproc), rows_empty},
    {"pg_attrdef", 2604, 'r', c_pg_attrdef, NCOLS(c_pg_attrdef), sql__pgcat_attrdef},
    {"pg_attribute", 1249, 'r', c_pg_attribute, NCOLS(c_pg_attribute), sql__pgcat_attribute},
    {"pg_auth_members", 1261, 'r', c_pg_auth_members, NCOLS(c_pg_auth_members),
     sql__pgcat_auth_members},
    {"pg_authid", 1260, 'r', c_pg_authid, NCOLS(c_pg_authid), sql__pgcat_authid},
    {"pg_cast", 2605, 'r', c_pg_cast, NCOLS(c_pg_cast), rows_empty},
    {"pg_class", 1259, 'r', c_pg_class, NCOLS(c_pg_class), sql__pgcat_class},
    {"pg_collation", 3456, 'r', c_pg_collation, NCOLS(c_pg_collation), sql__pgcat_collation},
    {"pg_constraint", 2606, 'r', c_pg_constraint, NCOLS(c_pg_constraint), sql__pgcat_constraint},
    {"pg_conversion", 2607, 'r', c_pg_conversion, NCOLS(c_pg_conversion), rows_empty},
    {"pg_cursors", 12077, 'v', c_pg_cursors, NCOLS(c_pg_cursors), sql__pgcat_cursors},
    {"pg_database", 1262, 'r', c_pg_database, NCOLS(c_pg_database), sql__pgcat_database},
    {"pg_db_role_setting", 2964, 'r', c_pg_db_role_setting, NCOLS(c_pg_db_role_setting),
     rows_empty},
    {"pg_default_acl", 826, 'r', c_pg_default_acl, NCOLS(c_pg_default_acl), rows_empty},
    {"pg_depend", 2608, 'r', c_pg_depend, NCOLS(c_pg_depend), sql__pgcat_depend},
    {"pg_description", 2609, 'r', c_pg_description, NCOLS(c_pg_description),
     sql__pgcat_description},
    {"pg_enum", 3501, 'r', c_pg_enum, NCOLS(c_pg_enum), sql__pgcat_enum},
    {"pg_event_trigger", 3466, 'r', c_pg_event_trigger, NCOLS(c_pg_event_trigger), rows_empty},
    {"pg_extension", 3079, 'r', c_pg_extension, NCOLS(c_pg_extension), sql__pgcat_extension},
    {"pg_foreign_data_wrapper", 2328, 'r', c_pg_foreign_data_wrapper,
     NCOLS(c_pg_foreign_data_wrapper), rows_empty},
    {"pg_foreign_server", 1417, 'r', c_pg_foreign_server, NCOLS(c_pg_foreign_server), rows_empty},
    {"pg_foreign_table", 3118, 'r', c_pg_foreign_table, NCOLS(c_pg_foreign_table), rows_empty},
    {"pg_index", 2610, 'r', c_pg_index, NCOLS(c_pg_index), sql__pgcat_index},
    {"pg_indexes", 12043, 'v', c_pg_indexes, NCOLS(c_pg_indexes), sql__pgcat_indexes},
    {"pg_inherits", 2611, 'r', c_pg_inherits, NCOLS(c_pg_inherits), rows_empty},
    {"pg_init_privs", 3394, 'r', c_pg_init_privs, NCOLS(c_pg_init_privs), sql__pgcat_init_privs},
    {"pg_language", 2612, 'r', c_pg_language, NCOLS(c_pg_language), sql__pgcat_language},
    {"pg_largeobject_metadata", 2995, 'r', c_pg_largeobject_metadata,
     NCOLS(c_pg_largeobject_metadata), rows_empty},
    {"pg_locks", 12073, 'v', c_pg_locks, NCOLS(c_pg_locks), sql__pgcat_locks},
    {"pg_matviews", 12038, 'v', c_pg_matviews, NCOLS(c_pg_matviews), sql__pgcat_matviews},
    {"pg_namespace", 2615, 'r', c_pg_namespace, NCOLS(c_pg_namespace), sql__pgcat_namespace},
    {"pg_opclass", 2616, 'r', c_pg_opclass, NCOLS(c_pg_opclass), rows_empty},
    {"pg_operator", 2617, 'r', c_pg_operator, NCOLS(c_pg_operator), rows_empty},
    {"pg_opfamily", 2753, 'r', c_pg_opfamily, NCOLS(c_pg_opfamily), rows_empty},
    {"pg_parameter_acl", 6243, 'r', c_pg_parameter_acl, NCOLS(c_pg_parameter_acl), rows_empty},
    {"pg_partitioned_table", 3350, 'r', c_pg_partitioned_table, NCOLS(c_pg_partitioned_table),
     rows_empty},
    {"pg_policy", 3256, 'r', c_pg_policy, NCOLS(c_pg_policy), rows_empty},
    {"pg_prepared_statements", 12095, 'v', c_pg_prepared_statements,
     NCOLS(c_pg_prepared_statements), sql__pgcat_prepared_statements},
    {"pg_prepared_xacts", 12090, 'v', c_pg_prepared_xacts, NCOLS(c_pg_prepared_xacts), rows_empty},
    {"pg_proc", 1255, 'r', c_pg_proc, NCOLS(c_pg_proc), sql__pgcat_proc},
    {"pg_publication", 6104, 'r', c_pg_publication, NCOLS(c_pg_publication), rows_empty},
    {"pg_publication_namespace", 6237, 'r', c_pg_publication_namespace,
     NCOLS(c_pg_publication_namespace), rows_empty},
    {"pg_publication_rel", 6106, 'r', c_pg_publication_rel, NCOLS(c_pg_publication_rel),
     rows_empty},
    {"pg_range", 3541, 'r', c_pg_range, NCOLS(c_pg_range), sql__pgcat_range},
    {"pg_rewrite", 2618, 'r', c_pg_rewrite, NCOLS(c_pg_rewrite), sql__pgcat_rewrite},
    {"pg_roles", 12000, 'v', c_pg_roles, NCOLS(c_pg_roles), sql__pgcat_roles},
    {"pg_seclabel", 3596, 'r', c_pg_seclabel, NCOLS(c_pg_seclabel), rows_empty},
    {"pg_seclabels", 12099, 'v', c_pg_seclabels, NCOLS(c_pg_seclabels), rows_empty},
    {"pg_sequence", 2224, 'r', c_pg_sequence, NCOLS(c_pg_sequence), sql__pgcat_sequence},
    {"pg_sequences", 12048, 'v', c_pg_sequences, NCOLS(c_pg_sequences), sql__pgcat_sequences},
    {"pg_settings", 12104, 'v', c_pg_settings, NCOLS(c_pg_settings), sql__pgcat_settings},
    {"pg_shdepend", 1214, 'r', c_pg_shdepend, NCOLS(c_pg_shdepend), rows_empty},
    {"pg_shdescription", 2396, 'r', c_pg_shdescription, NCOLS(c_pg_shdescription), rows_empty},
    {"pg_shseclabel", 3592, 'r', c_pg_shseclabel, NCOLS(c_pg_shseclabel), rows_empty},
    {"pg_stat_activity", 12222, 'v', c_pg_stat_activity, NCOLS(c_pg_stat_activity),
     sql__pgcat_stat_activity},
    {"pg_stat_ssl", 12249, 'v', c_pg_stat_ssl, NCOLS(c_pg_stat_ssl), sql__pgcat_stat_ssl},
    {"pg_stat_user_tables", 12161, 'v', c_pg_stat_user_tables, NCOLS(c_pg_stat_user_tables),
     rows_empty},
    {"pg_statio_user_tables", 12179, 'v', c_pg_statio_user_tables, NCOLS(c_pg_statio_user_tables),
     rows_empty},
    {"pg_statistic", 2619, 'r', c_pg_statistic, NCOLS(c_pg_statistic), sql__pgcat_statistic},
    {"pg_statistic_ext", 3381, 'r', c_pg_statistic_ext, NCOLS(c_pg_statistic_ext), rows_empty},
    {"pg_stats", 12053, 'v', c_pg_stats, NCOLS(c_pg_stats), sql__pgcat_stats},
    {"pg_subscription", 6100, 'r', c_pg_subscription, NCOLS(c_pg_subscription), rows_empty},
    {"pg_tables", 12033, 'v', c_pg_tables, NCOLS(c_pg_tables), sql__pgcat_tables},
    {"pg_tablespace", 1213, 'r', c_pg_tablespace, NCOLS(c_pg_tablespace), sql__pgcat_tablespace},
    {"pg_timezone_abbrevs", 12122, 'v', c_pg_timezone_abbrevs, NCOLS(c_pg_timezone_abbrevs),
     sql__pgcat_timezone_abbrevs},
    {"pg_timezone_names", 12126, 'v', c_pg_timezone_names, NCOLS(c_pg_timezone_names),
     sql__pgcat_timezone_names},
    {"pg_transform", 3576, 'r', c_pg_transform, NCOLS(c_pg_transform), rows_empty},
    {"pg_trigger", 2620, 'r', c_pg_trigger, NCOLS(c_pg_trigger), sql__pgcat_trigger},
    {"pg_ts_config", 3602, 'r', c_pg_ts_config, NCOLS(c_pg_ts_config), rows_empty},
    {"pg_ts_dict", 3600, 'r', c_pg_ts_dict, NCOLS(c_pg_ts_dict), rows_empty},
    {"pg_ts_parser", 3601, 'r', c_pg_ts_parser, NCOLS(c_pg_ts_parser), rows_empty},
    {"pg_ts_template", 3764, 'r', c_pg_ts_template, NCOLS(c_pg_ts_template), rows_empty},
    {"pg_type", 1247, 'r', c_pg_type, NCOLS(c_pg_type), sql__pgcat_type},
    {"pg_user", 12014, 'v', c_pg_user, NCOLS(c_pg_user), sql__pgcat_user},
    {"pg_user_mapping", 1418, 'r', c_pg_user_mapping, NCOLS(c_pg_user_mapping), rows_empty},
    {"pg_user_mappings", 12327, 'v', c_pg_user_mappings, NCOLS(c_pg_user_mappings), rows_empty},
    {"pg_views", 12028, 'v', c_pg_views, NCOLS(c_pg_views), sql__pgcat_views},
};
#define NPG (sizeof(vdefs) / sizeof(vdefs[0]))

/* information_schema, sorted by name. */
static const struct vdef isdefs[] = {
    {"columns", 13295, 'v', i_columns, NCOLS(i_columns), sql__pgcat_is_columns},
    {"key_column_usage", 13329, 'v', i_key_column_usage, NCOLS(i_key_column_usage),
     sql__pgcat_is_key_column_usage},
    {"referential_constraints", 13339, 'v', i_referential_constraints,
     NCOLS(i_referential_constraints), sql__pgcat_is_referential_constraints},
    {"role_table_grants", 13371, 'v', i_table_privileges, NCOLS(i_table_privileges),
     sql__pgcat_is_role_table_grants},
    {"schemata", 13382, 'v', i_schemata, NCOLS(i_schemata), sql__pgcat_is_schemata},
    {"sequences", 13386, 'v', i_sequences, NCOLS(i_sequences), sql__pgcat_is_sequences},
    {"table_constraints", 13411, 'v', i_table_constraints, NCOLS(i_table_constraints),
     sql__pgcat_is_table_constraints},
    {"table_privileges", 13420, 'v', i_table_privileges, NCOLS(i_table_privileges),
     sql__pgcat_is_table_privileges},
    {"tables", 13425, 'v', i_tables, NCOLS(i_tables), sql__pgcat_is_tables},
    {"triggers", 13440, 'v', i_triggers, NCOLS(i_triggers), sql__pgcat_is_triggers},
    {"views", 13483, 'v', i_views, NCOLS(i_views), sql__pgcat_is_views},
};
#define NIS    (sizeof(isdefs) / sizeof(isdefs[0]))
#define NVTABS (NPG + NIS)

static const struct vdef *vdef_at(size_t i)
{
    return i < NPG ? &vdefs[i] : &isdefs[i - NPG];
}

static struct sql_table_desc descs[NVTABS];
static struct sql_vtab vtabs[NVTABS];
static const struct sql_vtab *vtab_ptrs[NVTABS];
static pthread_once_t vtab_once = PTHREAD_ONCE_INIT;

static void vtab_init(void)
{
    for (size_t i = 0; i < NVTABS; i++) {
        const struct vdef *d = vdef_at(i);
        bool is = i >= NPG;
        struct sql_table_desc *t = &descs[i];
        struct sql_col_desc *cols = xcalloc(d->ncols, sizeof(*cols));
        for (size_t c = 0; c < d->ncols; c++) {
            cols[c].id = (uint32_t)c + 1;
            cols[c].attnum = (int16_t)(c + 1);
            snprintf(cols[c].name, sizeof(cols[c].name), "%s", d->cols[c].name);
            cols[c].type = d->cols[c].type;
            cols[c].typmod = -1;
        }
        t->oid = d->oid;
        t->version = 1;
        t->schema_oid = is ? SQL_NS_INFORMATION : SQL_NS_PG_CATALOG;
        snprintf(t->schema, sizeof(t->schema), "%s",
                 is ? "information_schema" : SQL_NS_PG_CATALOG_STR);
        snprintf(t->name, sizeof(t->name), "%s", d->name);
        t->kind = 'r';
        snprintf(t->owner, sizeof(t->owner), "%s", SQL_DEFAULT_NAME);
        t->ncols = (int)d->ncols;
        t->cols = cols;
        vtabs[i].desc = t;
        vtabs[i].rows = d->rows;
        vtab_ptrs[i] = &vtabs[i];
    }
}

static const struct sql_vtab *search(const struct vdef *defs, size_t n, size_t base,
                                     const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(defs[mid].name, name);
        if (c == 0)
            return &vtabs[base + mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct sql_vtab *sql_vtab_lookup(const char *schema, const char *name)
{
    if (name == NULL)
        return NULL;
    pthread_once(&vtab_once, vtab_init);
    if (schema != NULL && strcmp(schema, "information_schema") == 0)
        return search(isdefs, NIS, NPG, name);
    if (schema != NULL && strcmp(schema, SQL_NS_PG_CATALOG_STR) != 0)
        return NULL;
    return search(vdefs, NPG, 0, name);
}

const struct sql_vtab *sql_vtab_by_oid(uint32_t oid)
{
    pthread_once(&vtab_once, vtab_init);
    for (size_t i = 0; i < NVTABS; i++)
        if (vdef_at(i)->oid == oid)
            return &vtabs[i];
    return NULL;
}

const struct sql_vtab *const *sql_vtab_all(size_t *n)
{
    pthread_once(&vtab_once, vtab_init);
    *n = NVTABS;
    return vtab_ptrs;
}

char sql__pgcat_relkind(const struct sql_vtab *v)
{
    size_t i = (size_t)(v - vtabs);
    return i < NVTABS ? vdef_at(i)->relkind : 'r';
}

/* ---- row building ---- */

void sql__vr_init(struct sql__vrows *r, const struct sql_table_desc *d, struct mem_ctx *ctx)
{
    memset(r, 0, sizeof(*r));
    r->desc = d;
    r->ctx = ctx;
}

void sql__vr_row(struct sql__vrows *r)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 16;
        r->rows = mem_realloc(r->ctx, r->rows, r->cap * sizeof(*r->rows), nc * sizeof(*r->rows));
        r->cap = nc;
    }
    size_t nc = (size_t)r->desc->ncols;
    struct sql_value *v = mem_alloc(r->ctx, nc * sizeof(*v));
    for (size_t i = 0; i < nc; i++)
        v[i] = sql_null(r->desc->cols[i].type);
    r->rows[r->n++] = v;
    r->cur = v;
}

static struct sql_value *col(struct sql__vrows *r, const char *name)
{
    if (r->cur == NULL)
        return NULL;
    for (int i = 0; i < r->desc->ncols; i++)
        if (strcmp(r->desc->cols[i].name, name) == 0)
            return &r->cur[i];
    return NULL;
}

void sql__vr_int(struct sql__vrows *r, const char *name, int64_t v)
{
    struct sql_value *x = col(r, name);
    if (x == NULL)
        return;
    x->null = false;
    x->u.i = v;
}

void sql__vr_str(struct sql__vrows *r, const char *name, const char *s)
{
    struct sql_value *x = col(r, name);
    if (x == NULL || s == NULL)
        return;
    size_t n = strlen(s);
    if (sql_array_elemtype(x->type) != 0 || x->type == SQL_T_INET || x->type == SQL_T_NUMERIC) {
        /* array, inet and numeric columns take their text form */
        struct err ae;
        err_clear(&ae);
        if (sql_value_in(r->ctx, x->type, -1, s, n, NULL, x, &ae) != 0)
            *x = sql_null(x->type);
        return;
    }
    char *p = mem_alloc(r->ctx, n + 1);
    memcpy(p, s, n + 1);
    x->null = false;
    x->u.s.p = p;
    x->u.s.len = n;
}

void sql__vr_char(struct sql__vrows *r, const char *name, char c)
{
    struct sql_value *x = col(r, name);
    if (x == NULL)
        return;
    char *p = mem_alloc(r->ctx, 2);
    p[0] = c;
    p[1] = '\0';
    x->null = false;
    x->u.s.p = p;
    x->u.s.len = c != '\0' ? 1 : 0;
}

void sql__vr_bool(struct sql__vrows *r, const char *name, bool b)
{
    struct sql_value *x = col(r, name);
    if (x == NULL)
        return;
    x->null = false;
    x->u.b = b;
}

void sql__vr_float(struct sql__vrows *r, const char *name, double f)
{
    struct sql_value *x = col(r, name);
    if (x == NULL)
        return;
    x->null = false;
    x->u.f = f;
}

void sql__vr_ts(struct sql__vrows *r, const char *name, int64_t ts)
{
    struct sql_value *x = col(r, name);
    if (x == NULL)
        return;
    x->null = false;
    x->u.ts = ts;
}

void sql__vr_interval(struct sql__vrows *r, const char *name, const struct sql_interval *iv)
{
    struct sql_value *x = col(r, name);
    if (x == NULL)
        return;
    x->null = false;
    x->u.iv = *iv;
}

void sql__vr_done(struct sql__vrows *r, struct sql_value ***rows, size_t *n)
{
    *rows = r->rows;
    *n = r->n;
}

/* ---- oids of roles ---- */

uint32_t sql__pgcat_role_oid(const char *name)
{
    if (strcmp(name, SQL_DEFAULT_NAME) == 0)
        return SQL_PGCAT_ROLE_BOOTSTRAP;
    if (strcmp(name, "pg_database_owner") == 0)
        return SQL_PGCAT_ROLE_DBOWNER;
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return SQL_PGCAT_ROLE_BASE | (h & 0x0FFFFFFFu);
}

/* ---- what an oid names ---- */

int sql__pgcat_find(struct sql_env *env, uint32_t oid, struct sql__pgcat_obj *out, struct err *e)
{
    out->table = NULL;
    out->idx_pos = -1;
    out->check_pos = -1;
    out->is_constraint = false;
    out->fk_pos = -1;
    if (oid < SQL_FIRST_USER_OID)
        return 0;
    const struct sql_table_desc *t = NULL;
    if ((oid & SQL_PGCAT_CONOID_BIAS) == 0) {
        int rc = sql_cat_table_by_oid(env, oid, &t, e);
        if (rc != 0)
            return rc;
        if (t != NULL) {
            out->table = t;
            return 0;
        }
    }
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    if (rc != 0)
        return rc;
    uint32_t want = oid & ~SQL_PGCAT_CONOID_BIAS;
    bool con = (oid & SQL_PGCAT_CONOID_BIAS) != 0;
    for (size_t i = 0; i < n; i++) {
        t = all[i];
        for (int k = 0; k < t->nidx; k++) {
            if (t->idx[k].oid == want && t->idx[k].oid != 0 && (!con || t->idx[k].constraint)) {
                out->table = t;
                out->idx_pos = k;
                out->is_constraint = con;
                return 0;
            }
        }
        if (!con) {
            for (int k = 0; k < t->nchecks; k++) {
                if (t->checks[k].oid == oid) {
                    out->table = t;
                    out->check_pos = k;
                    return 0;
                }
            }
            for (int k = 0; k < t->nfks; k++) {
                if (t->fks[k].oid == oid) {
                    out->table = t;
                    out->fk_pos = k;
                    return 0;
                }
            }
        }
    }
    return 0;
}

/* ---- visibility ---- */

/* Is there a relation (table, sequence, view or index) named name in schema? */
static int rel_exists(struct sql_env *env, const char *schema, const char *name, bool *found,
                      struct err *e)
{
    const struct sql_table_desc *t = NULL;
    int rc = sql_cat_table(env, schema, name, &t, e);
    if (rc != 0)
        return rc;
    if (t != NULL) {
        *found = true;
        return 0;
    }
    int pos;
    rc = sql_cat_index(env, schema, name, &t, &pos, e);
    *found = rc == 0 && t != NULL;
    return rc;
}

int sql__pgcat_visible(struct sql_env *env, const struct sql_table_desc *t, const char *relname,
                       bool *visible, struct err *e)
{
    *visible = false;
    if (t->schema_oid == SQL_NS_PG_CATALOG) {
        *visible = true;
        return 0;
    }
    int n = env->nsearch;
    for (int i = 0; i < (n > 0 ? n : 1); i++) {
        const char *s = n > 0 ? env->search_path[i] : SQL_NS_PUBLIC_NAME;
        if (strcmp(s, t->schema) == 0) {
            *visible = true;
            return 0;
        }
        if (strcmp(s, SQL_NS_PG_CATALOG_STR) == 0 || strcmp(s, "information_schema") == 0)
            continue;
        bool found = false;
        int rc = rel_exists(env, s, relname, &found, e);
        if (rc != 0)
            return rc;
        if (found)
            return 0; /* hidden by an earlier schema */
    }
    return 0;
}

/* ---- per-type attributes PostgreSQL's pg_type holds and ours lacks ---- */

char sql__pgcat_typstorage(uint32_t type)
{
    const struct sql_type_info *ti = sql_type_get(type);
    if (type == SQL_T_NUMERIC)
        return 'm';
    if (ti != NULL && ti->typlen == -1)
        return 'x';
    return 'p';
}

uint32_t sql__pgcat_typcollation(uint32_t type)
{
    switch (type) {
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
        return 100;
    case SQL_T_NAME:
        return 950;
    default:
        return 0;
    }
}
