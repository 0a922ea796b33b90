/* settings.c — session settings (PostgreSQL's GUCs): the table of names,
 * defaults, validation and SHOW forms, SET / SET LOCAL / RESET with
 * PostgreSQL's transactional semantics, and ParameterStatus reporting.
 *
 * Every setting is stored as the canonical text SHOW prints; check()
 * validates and canonicalises what SET gives, apply() puts the effect into
 * struct sql_env (fmt, search path) or is NULL when the value is only
 * remembered (planner knobs that have no meaning here, accepted so
 * drivers' start-up SETs work).
 *
 * Transactions (guc.c's stack, simplified): the first change in a
 * transaction saves every value; commit keeps SET and reverts SET LOCAL
 * (to the last plain SET of the transaction, or the saved value); rollback
 * restores the saved values. Savepoints save every value eagerly (they are
 * rare). Values whose reported form changed are queued for ParameterStatus.
 */
#include "sql/backend_sig.h"
#include "sql/session_int.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/kv.h"
#include "sql/datetime.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SERVER_VERSION     "15.0"
#define SERVER_VERSION_NUM "150000"

enum vartype { V_BOOL, V_INT, V_REAL, V_STRING, V_ENUM };
enum unit { U_NONE, U_MS, U_S, U_KB, U_BLOCKS /* 8kB pages */ };
enum ctxkind { C_USER, C_SUPERUSER, C_INTERNAL, C_POSTMASTER, C_BACKEND };

enum {
    F_REPORT = 1,        /* GUC_REPORT: ParameterStatus on change */
    F_NO_SHOW_ALL = 2,   /* left out of SHOW ALL */
    F_LIST_QUOTE = 4,    /* list of identifiers (search_path) */
    F_LIST = 8,          /* list input (DateStyle) */
    F_TXN = 16,          /* transaction_isolation / transaction_read_only: the session's */
    F_NO_RESET_ALL = 32, /* left alone by RESET ALL (role, session_authorization) */
};

struct guc;
typedef int (*check_fn)(const struct guc *g, const char *given, const char *in, struct mem_ctx *ctx,
                        const char **out, struct err *e);
typedef void (*apply_fn)(struct sql_env *env, const char *val);

struct guc {
    const char *name;
    enum vartype type;
    enum ctxkind context;
    const char *category;
    const char *desc;
    const char *boot; /* default, canonical */
    int flags;
    enum unit unit;
    int64_t min, max;
    const char *const *enums; /* NULL-terminated */
    check_fn check;           /* strings: validate/canonicalise (NULL: any) */
    apply_fn apply;
};

/* ---- apply functions ------------------------------------------------------------ */

static void apply_appname(struct sql_env *env, const char *v)
{
    sql__session_set_appname(env->sess, v); /* pg_stat_activity */
}

static void apply_datestyle(struct sql_env *env, const char *v)
{
    if (strncmp(v, "SQL", 3) == 0)
        env->fmt.dt.style = SQL_DS_SQL;
    else if (strncmp(v, "Postgres", 8) == 0)
        env->fmt.dt.style = SQL_DS_POSTGRES;
    else if (strncmp(v, "German", 6) == 0)
        env->fmt.dt.style = SQL_DS_GERMAN;
    else
        env->fmt.dt.style = SQL_DS_ISO;
    if (strstr(v, "DMY") != NULL)
        env->fmt.dt.order = SQL_DT_DMY;
    else if (strstr(v, "YMD") != NULL)
        env->fmt.dt.order = SQL_DT_YMD;
    else
        env->fmt.dt.order = SQL_DT_MDY;
}

static void apply_intervalstyle(struct sql_env *env, const char *v)
{
    if (strcmp(v, "postgres_verbose") == 0)
        env->fmt.dt.ivstyle = SQL_IS_POSTGRES_VERBOSE;
    else if (strcmp(v, "sql_standard") == 0)
        env->fmt.dt.ivstyle = SQL_IS_SQL_STANDARD;
    else if (strcmp(v, "iso_8601") == 0)
        env->fmt.dt.ivstyle = SQL_IS_ISO8601;
    else
        env->fmt.dt.ivstyle = SQL_IS_POSTGRES;
}

/* PostgreSQL's name of a fixed-offset zone (pg_tzset_offset): secs_east
 * seconds east of UTC as "<+05:30>-05:30", minutes and seconds only when
 * not zero. */
static void tz_offset_name(char *out, size_t cap, long secs_east)
{
    long a = secs_east < 0 ? -secs_east : secs_east;
    char num[48];
    int n = snprintf(num, sizeof(num), "%02ld", a / 3600);
    if (a % 3600 != 0) {
        n += snprintf(num + n, sizeof(num) - (size_t)n, ":%02ld", a / 60 % 60);
        if (a % 60 != 0)
            snprintf(num + n, sizeof(num) - (size_t)n, ":%02ld", a % 60);
    }
    if (secs_east < 0)
        snprintf(out, cap, "<-%s>+%s", num, num);
    else
        snprintf(out, cap, "<+%s>-%s", num, num);
}

static const struct sql_tz *tz_from_canon(const char *v)
{
    const struct sql_tz *tz = NULL;
    struct err e = {0};
    int h = 0, m = 0, sec = 0;
    char sign = 0;
    /* "<+05:30>-05:30" from SET TIME ZONE <number|interval>. */
    if (v[0] == '<' && sscanf(v, "<%c%d:%d:%d>", &sign, &h, &m, &sec) >= 2 &&
        (sign == '+' || sign == '-')) {
        int32_t off = (int32_t)(h * 3600 + m * 60 + sec) * (sign == '-' ? -1 : 1);
        if (sql_tz_fixed(off, &tz, &e) == 0)
            return tz;
        if (sql_tz_lookup(v, &tz, &e) == 0)
            return tz;
        return sql_tz_utc();
    }
    if (sql_tz_lookup(v, &tz, &e) != 0)
        return sql_tz_utc();
    return tz;
}

static void apply_timezone(struct sql_env *env, const char *v)
{
    env->fmt.dt.tz = tz_from_canon(v);
}

static void apply_efd(struct sql_env *env, const char *v)
{
    env->fmt.extra_float_digits = atoi(v);
}

static void apply_bytea(struct sql_env *env, const char *v)
{
    env->fmt.bytea_hex = strcmp(v, "hex") == 0;
}

static void apply_search_path(struct sql_env *env, const char *v)
{
    (void)v;
    env->nsearch = -1; /* session.c resolves it before the next statement */
}

static void apply_read_only(struct sql_env *env, const char *v)
{
    (void)env;
    (void)v; /* read at transaction start (sql__gucs_default_read_only) */
}

static void apply_lock_timeout(struct sql_env *env, const char *v)
{
    if (env->txn != NULL)
        kv_txn_set_lock_timeout(env->txn, atoi(v));
}

static void apply_deadlock_timeout(struct sql_env *env, const char *v)
{
    if (env->txn != NULL)
        kv_txn_set_deadlock_timeout(env->txn, atoi(v));
}

/* ---- check functions ------------------------------------------------------------ */

static int invalid_value(const struct guc *g, const char *in, struct err *e)
{
    return err_set_state(e, ERR_INVAL, "22023", "invalid value for parameter \"%s\": \"%s\"",
                         g->name, in);
}

static bool word_eq(const char *a, size_t n, const char *b)
{
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/* The current DateStyle while a new value is checked: PostgreSQL's
 * check_datestyle starts from it, so 'SET DateStyle = DMY' keeps the style. */
static _Thread_local const char *tl_datestyle_cur;

/* DateStyle: a list of ISO/SQL/Postgres/German and MDY/DMY/YMD/US/
 * European/NonEuropean/EURO (check_datestyle): words not given keep their
 * current value; German alone also means DMY. Canonical "Style, ORDER". */
static int check_datestyle(const struct guc *g, const char *given, const char *in,
                           struct mem_ctx *ctx, const char **out, struct err *e)
{
    (void)given;
    const char *style = "ISO", *order = "MDY";
    const char *cur = tl_datestyle_cur;
    if (cur != NULL) {
        static const char *const styles[] = {"ISO", "SQL", "Postgres", "German"};
        static const char *const orders[] = {"MDY", "DMY", "YMD"};
        for (size_t k = 0; k < 4; k++)
            if (strncmp(cur, styles[k], strlen(styles[k])) == 0)
                style = styles[k];
        for (size_t k = 0; k < 3; k++)
            if (strstr(cur, orders[k]) != NULL)
                order = orders[k];
    }
    bool have_style = false, have_order = false, conflict = false;
    const char *p = in;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - w);
        const char *st = NULL, *od = NULL;
        if (word_eq(w, n, "ISO")) {
            st = "ISO";
        } else if (word_eq(w, n, "SQL")) {
            st = "SQL";
        } else if (word_eq(w, n, "POSTGRES")) {
            st = "Postgres";
        } else if (word_eq(w, n, "GERMAN")) {
            st = "German";
            if (!have_order)
                order = "DMY";
        } else if (word_eq(w, n, "YMD")) {
            od = "YMD";
        } else if (word_eq(w, n, "DMY") || word_eq(w, n, "EURO") || word_eq(w, n, "EUROPEAN")) {
            od = "DMY";
        } else if (word_eq(w, n, "MDY") || word_eq(w, n, "US") || word_eq(w, n, "NONEURO") ||
                   word_eq(w, n, "NONEUROPEAN")) {
            od = "MDY";
        } else if (word_eq(w, n, "DEFAULT")) {
            if (!have_style)
                style = "ISO";
            if (!have_order)
                order = "MDY";
            continue;
        } else {
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  "
                                 "Unrecognized key word: \"%.*s\".",
                                 g->name, in, (int)n, w);
        }
        if (st != NULL) {
            if (have_style && strcmp(st, style) != 0)
                conflict = true;
            style = st;
            have_style = true;
        }
        if (od != NULL) {
            if (have_order && strcmp(od, order) != 0)
                conflict = true;
            order = od;
            have_order = true;
        }
    }
    if (conflict)
        return err_set_state(e, ERR_INVAL, "22023",
                             "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  "
                             "Conflicting \"datestyle\" specifications.",
                             g->name, in);
    *out = mem_printf(ctx, "%s, %s", style, order);
    return 0;
}

static int check_timezone(const struct guc *g, const char *given, const char *in,
                          struct mem_ctx *ctx, const char **out, struct err *e)
{
    (void)given;
    const struct sql_tz *tz = NULL;
    struct err e2 = {0};
    if (in[0] == '<') {
        *out = mem_strdup(ctx, in); /* our own fixed-offset form */
        return 0;
    }
    if (strcasecmp(in, "local") == 0 || strcasecmp(in, "default") == 0) {
        *out = "UTC";
        return 0;
    }
    /* A number of hours east of UTC (strtod's syntax, as PostgreSQL). */
    char *end = NULL;
    double hours = strtod(in, &end);
    if (end != in && *end == '\0') {
        if (!(fabs(hours) < 168.0))
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  UTC "
                                 "timezone offset is out of range.",
                                 g->name, in);
        char name[64];
        tz_offset_name(name, sizeof(name), (long)(hours * 3600.0));
        *out = mem_strdup(ctx, name);
        return 0;
    }
    if (sql_tz_lookup(in, &tz, &e2) != 0)
        return invalid_value(g, in, e);
    const char *name = sql_tz_name(tz);
    *out = mem_strdup(ctx, name != NULL && name[0] ? name : in);
    return 0;
}

/* Encoding names compare as PostgreSQL's do: letters and digits only,
 * any case ("'utf-8'" is UTF8). */
static bool enc_is(const char *v, const char *key)
{
    char k[64];
    str_encoding_key(v, k, sizeof(k));
    return strcmp(k, key) == 0;
}

static bool utf8_name(const char *v)
{
    return enc_is(v, "utf8") || enc_is(v, "unicode");
}

/* PostgreSQL's encoding names (pg_enc2name_tbl and aliases, lower case). */
static const char *const known_encodings[] = {
    "sql_ascii",  "euc_jp",  "euc_cn",   "euc_kr",  "euc_tw",     "euc_jis_2004", "mule_internal",
    "latin1",     "latin2",  "latin3",   "latin4",  "latin5",     "latin6",       "latin7",
    "latin8",     "latin9",  "latin10",  "win1256", "win1258",    "win866",       "win874",
    "koi8r",      "koi8",    "win1251",  "win1252", "iso_8859_5", "iso_8859_6",   "iso_8859_7",
    "iso_8859_8", "win1250", "win1253",  "win1254", "win1255",    "win1257",      "koi8u",
    "sjis",       "big5",    "gbk",      "uhc",     "gb18030",    "johab",        "shift_jis_2004",
    "win",        "alt",     "win932",   "win936",  "win949",     "win950",       "mskanji",
    "shiftjis",   "tcvn",    "tcvn5712", "vscii",   "abc",
};

static int check_client_encoding(const struct guc *g, const char *given, const char *in,
                                 struct mem_ctx *ctx, const char **out, struct err *e)
{
    (void)given;
    (void)ctx;
    if (utf8_name(in)) {
        *out = "UTF8";
        return 0;
    }
    if (enc_is(in, "sqlascii")) {
        *out = "SQL_ASCII";
        return 0;
    }
    for (size_t i = 0; i < sizeof(known_encodings) / sizeof(known_encodings[0]); i++) {
        char key[64];
        str_encoding_key(known_encodings[i], key, sizeof(key));
        if (enc_is(in, key)) {
            const char *canon = known_encodings[i];
            char up[32];
            size_t k = 0;
            for (; canon[k] && k + 1 < sizeof(up); k++)
                up[k] = (char)toupper((unsigned char)canon[k]);
            up[k] = '\0';
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "conversion between %s and UTF8 is not supported", up);
        }
    }
    return invalid_value(g, in, e);
}

static int check_locale(const struct guc *g, const char *given, const char *in, struct mem_ctx *ctx,
                        const char **out, struct err *e)
{
    (void)given;
    if (in[0] == '\0' || strcmp(in, "C") == 0 || strcmp(in, "POSIX") == 0 ||
        strcasecmp(in, "C.UTF-8") == 0 || strcasecmp(in, "C.utf8") == 0) {
        *out = mem_strdup(ctx, in[0] ? in : "C");
        return 0;
    }
    return invalid_value(g, in, e);
}

/* role / session_authorization: the session's identity (acl_session.c). */
static void apply_role(struct sql_env *env, const char *v)
{
    sql__acl_apply_identity(env, 'r', v);
}

static void apply_session_auth(struct sql_env *env, const char *v)
{
    sql__acl_apply_identity(env, 's', v);
}

static int check_tablespace(const struct guc *g, const char *given, const char *in,
                            struct mem_ctx *ctx, const char **out, struct err *e)
{
    (void)given;
    if (in[0] == '\0' || strcmp(in, "pg_default") == 0) {
        *out = mem_strdup(ctx, in);
        return 0;
    }
    return err_set_state(e, ERR_INVAL, "22023",
                         "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  Tablespace "
                         "\"%s\" does not exist.",
                         g->name, in, in);
}

static int check_search_path(const struct guc *g, const char *given, const char *in,
                             struct mem_ctx *ctx, const char **out, struct err *e)
{
    (void)given;
    /* SplitIdentifierString must succeed: quotes balanced, no empty item. */
    const char *p = in;
    while (*p == ' ')
        p++;
    if (*p == '\0') {
        *out = mem_strdup(ctx, in);
        return 0;
    }
    for (;;) {
        while (*p == ' ')
            p++;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return err_set_state(e, ERR_INVAL, "22023",
                                         "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  "
                                         "List syntax is invalid.",
                                         g->name, in);
                if (*p == '"' && p[1] == '"') {
                    p += 2;
                    continue;
                }
                if (*p == '"')
                    break;
                p++;
            }
            p++;
        } else {
            const char *w = p;
            while (*p && *p != ',' && *p != ' ')
                p++;
            if (p == w)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  List "
                                     "syntax is invalid.",
                                     g->name, in);
        }
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        if (*p != ',')
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"\nDETAIL:  List "
                                 "syntax is invalid.",
                                 g->name, in);
        p++;
    }
    *out = mem_strdup(ctx, in);
    return 0;
}

/* ---- the table ------------------------------------------------------------------ */

static const char *const e_bool[] = {NULL};
static const char *const e_iso[] = {"serializable", "repeatable read", "read committed",
                                    "read uncommitted", NULL};
static const char *const e_intervalstyle[] = {"postgres", "postgres_verbose", "sql_standard",
                                              "iso_8601", NULL};
static const char *const e_bytea[] = {"escape", "hex", NULL};
static const char *const e_minmsg[] = {"debug5", "debug4", "debug3",  "debug2", "debug1",
                                       "log",    "notice", "warning", "error",  NULL};
static const char *const e_synccommit[] = {"local", "remote_write", "remote_apply",
                                           "on",    "off",          NULL};
static const char *const e_xmloption[] = {"content", "document", NULL};
static const char *const e_backslash[] = {"safe_encoding", "on", "off", NULL};
static const char *const e_plancache[] = {"auto", "force_generic_plan", "force_custom_plan", NULL};
static const char *const e_pwenc[] = {"md5", "scram-sha-256", NULL};
static const char *const e_logstmt[] = {"none", "ddl", "mod", "all", NULL};
static const char *const e_toast[] = {"pglz", "lz4", NULL};
static const char *const e_constraint[] = {"partition", "on", "off", NULL};
static const char *const e_forcepar[] = {"off", "on", "regress", NULL};
static const char *const e_replrole[] = {"origin", "replica", "local", NULL};
static const char *const e_statsfetch[] = {"none", "cache", "snapshot", NULL};
static const char *const e_trackfn[] = {"none", "pl", "all", NULL};
static const char *const e_errverb[] = {"terse", "default", "verbose", NULL};
static const char *const e_logmin[] = {"debug5", "debug4", "debug3",  "debug2", "debug1",
                                       "info",   "notice", "warning", "error",  "log",
                                       "fatal",  "panic",  NULL};

#define CAT_LOCALE  "Client Connection Defaults / Locale and Formatting"
#define CAT_STMT    "Client Connection Defaults / Statement Behavior"
#define CAT_PRESET  "Preset Options"
#define CAT_COMPAT  "Version and Platform Compatibility / Previous PostgreSQL Versions"
#define CAT_PLANNER "Query Tuning / Planner Method Configuration"
#define CAT_OTHERPL "Query Tuning / Other Planner Options"
#define CAT_COST    "Query Tuning / Planner Cost Constants"
#define CAT_MEM     "Resource Usage / Memory"
#define CAT_CONN    "Connections and Authentication / Connection Settings"
#define I32MAX      2147483647
/* A real setting's bounds are kept in thousandths (min and max are integers);
 * RMAX stands for PostgreSQL's DBL_MAX. */
#define RK(x) ((int64_t)((x)*1000))
#define RMAX  INT64_MAX

/* Sorted by lower-case name (binary search). */
static const struct guc gucs[] = {
    {"allow_system_table_mods", V_BOOL, C_SUPERUSER, "Developer Options",
     "Allows modifications of the structure of system tables.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"application_name", V_STRING, C_USER, "Reporting and Logging / What to Log",
     "Sets the application name to be reported in statistics and logs.", "", F_REPORT, U_NONE, 0, 0,
     NULL, NULL, apply_appname},
    {"array_nulls", V_BOOL, C_USER, CAT_COMPAT, "Enable input of NULL elements in arrays.", "on", 0,
     U_NONE, 0, 0, e_bool, NULL, NULL},
    {"backslash_quote", V_ENUM, C_USER, CAT_COMPAT,
     "Sets whether \"\\'\" is allowed in string literals.", "safe_encoding", 0, U_NONE, 0, 0,
     e_backslash, NULL, NULL},
    {"block_size", V_INT, C_INTERNAL, CAT_PRESET, "Shows the size of a disk block.", "8192", 0,
     U_NONE, 8192, 8192, NULL, NULL, NULL},
    {"bytea_output", V_ENUM, C_USER, CAT_STMT, "Sets the output format for bytea.", "hex", 0,
     U_NONE, 0, 0, e_bytea, NULL, apply_bytea},
    {"check_function_bodies", V_BOOL, C_USER, CAT_STMT,
     "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE.", "on", 0, U_NONE, 0, 0,
     e_bool, NULL, NULL},
    {"client_encoding", V_STRING, C_USER, CAT_LOCALE, "Sets the client's character set encoding.",
     "UTF8", F_REPORT, U_NONE, 0, 0, NULL, check_client_encoding, NULL},
    {"client_min_messages", V_ENUM, C_USER, CAT_STMT,
     "Sets the message levels that are sent to the client.", "notice", 0, U_NONE, 0, 0, e_minmsg,
     NULL, NULL},
    {"commit_delay", V_INT, C_SUPERUSER, "Write-Ahead Log / Settings",
     "Sets the delay in microseconds between transaction commit and flushing WAL to disk.", "0", 0,
     U_NONE, 0, 100000, NULL, NULL, NULL},
    {"commit_siblings", V_INT, C_USER, "Write-Ahead Log / Settings",
     "Sets the minimum number of concurrent open transactions required before performing "
     "commit_delay.",
     "5", 0, U_NONE, 0, 1000, NULL, NULL, NULL},
    {"constraint_exclusion", V_ENUM, C_USER, CAT_OTHERPL,
     "Enables the planner to use constraints to optimize queries.", "partition", 0, U_NONE, 0, 0,
     e_constraint, NULL, NULL},
    {"cpu_index_tuple_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of processing each index entry during an index scan.",
     "0.005", 0, U_NONE, RK(0), RMAX, NULL, NULL, NULL},
    {"cpu_operator_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of processing each operator or function call.",
     "0.0025", 0, U_NONE, RK(0), RMAX, NULL, NULL, NULL},
    {"cpu_tuple_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of processing each tuple (row).", "0.01", 0, U_NONE,
     RK(0), RMAX, NULL, NULL, NULL},
    {"cursor_tuple_fraction", V_REAL, C_USER, CAT_OTHERPL,
     "Sets the planner's estimate of the fraction of a cursor's rows that will be retrieved.",
     "0.1", 0, U_NONE, RK(0), RK(1), NULL, NULL, NULL},
    {"DateStyle", V_STRING, C_USER, CAT_LOCALE, "Sets the display format for date and time values.",
     "ISO, MDY", F_REPORT | F_LIST, U_NONE, 0, 0, NULL, check_datestyle, apply_datestyle},
    {"deadlock_timeout", V_INT, C_SUPERUSER, "Lock Management",
     "Sets the time to wait on a lock before checking for deadlock.", "1000", 0, U_MS, 1, I32MAX,
     NULL, NULL, apply_deadlock_timeout},
    {"debug_pretty_print", V_BOOL, C_USER, "Reporting and Logging / What to Log",
     "Indents parse and plan tree displays.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"debug_print_parse", V_BOOL, C_USER, "Reporting and Logging / What to Log",
     "Logs each query's parse tree.", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"debug_print_plan", V_BOOL, C_USER, "Reporting and Logging / What to Log",
     "Logs each query's execution plan.", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"debug_print_rewritten", V_BOOL, C_USER, "Reporting and Logging / What to Log",
     "Logs each query's rewritten parse tree.", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"default_statistics_target", V_INT, C_USER, CAT_OTHERPL, "Sets the default statistics target.",
     "100", 0, U_NONE, 1, 10000, NULL, NULL, NULL},
    {"default_table_access_method", V_STRING, C_USER, CAT_STMT,
     "Sets the default table access method for new tables.", "heap", 0, U_NONE, 0, 0, NULL, NULL,
     NULL},
    {"default_tablespace", V_STRING, C_USER, CAT_STMT,
     "Sets the default tablespace to create tables and indexes in.", "", 0, U_NONE, 0, 0, NULL,
     check_tablespace, NULL},
    {"default_toast_compression", V_ENUM, C_USER, CAT_STMT,
     "Sets the default compression method for compressible values.", "pglz", 0, U_NONE, 0, 0,
     e_toast, NULL, NULL},
    {"default_transaction_deferrable", V_BOOL, C_USER, CAT_STMT,
     "Sets the default deferrable status of new transactions.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"default_transaction_isolation", V_ENUM, C_USER, CAT_STMT,
     "Sets the transaction isolation level of each new transaction.", "read committed", 0, U_NONE,
     0, 0, e_iso, NULL, NULL},
    {"default_transaction_read_only", V_BOOL, C_USER, CAT_STMT,
     "Sets the default read-only status of new transactions.", "off", F_REPORT, U_NONE, 0, 0,
     e_bool, NULL, apply_read_only},
    {"default_with_oids", V_BOOL, C_USER, CAT_COMPAT,
     "WITH OIDS is no longer supported; this can only be false.", "off", F_NO_SHOW_ALL, U_NONE, 0,
     0, e_bool, NULL, NULL},
    {"effective_cache_size", V_INT, C_USER, CAT_COST,
     "Sets the planner's assumption about the total size of the data caches.", "4194304", 0, U_KB,
     8, I32MAX, NULL, NULL, NULL},
    {"enable_async_append", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of async append plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_bitmapscan", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of bitmap-scan plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_gathermerge", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of gather merge plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_hashagg", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of hashed aggregation plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_hashjoin", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of hash join plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_incremental_sort", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of incremental sort steps.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_indexonlyscan", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of index-only-scan plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_indexscan", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of index-scan plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_material", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of materialization.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_memoize", V_BOOL, C_USER, CAT_PLANNER, "Enables the planner's use of memoization.",
     "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_mergejoin", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of merge join plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_nestloop", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of nested-loop join plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_parallel_append", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of parallel append plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_parallel_hash", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of parallel hash plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_partition_pruning", V_BOOL, C_USER, CAT_PLANNER,
     "Enables plan-time and execution-time partition pruning.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_partitionwise_aggregate", V_BOOL, C_USER, CAT_PLANNER,
     "Enables partitionwise aggregation and grouping.", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_partitionwise_join", V_BOOL, C_USER, CAT_PLANNER, "Enables partitionwise join.", "off",
     0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"enable_seqscan", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of sequential-scan plans.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_sort", V_BOOL, C_USER, CAT_PLANNER,
     "Enables the planner's use of explicit sort steps.", "on", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"enable_tidscan", V_BOOL, C_USER, CAT_PLANNER, "Enables the planner's use of TID scan plans.",
     "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"escape_string_warning", V_BOOL, C_USER, CAT_COMPAT,
     "Warn about backslash escapes in ordinary string literals.", "on", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"exit_on_error", V_BOOL, C_USER, "Error Handling", "Terminate session on any error.", "off", 0,
     U_NONE, 0, 0, e_bool, NULL, NULL},
    {"extra_float_digits", V_INT, C_USER, CAT_LOCALE,
     "Sets the number of digits displayed for floating-point values.", "1", 0, U_NONE, -15, 3, NULL,
     NULL, apply_efd},
    {"force_parallel_mode", V_ENUM, C_USER, "Developer Options",
     "Forces use of parallel query facilities.", "off", 0, U_NONE, 0, 0, e_forcepar, NULL, NULL},
    {"from_collapse_limit", V_INT, C_USER, CAT_OTHERPL,
     "Sets the FROM-list size beyond which subqueries are not collapsed.", "8", 0, U_NONE, 1,
     I32MAX, NULL, NULL, NULL},
    {"geqo", V_BOOL, C_USER, "Query Tuning / Genetic Query Optimizer",
     "Enables genetic query optimization.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"geqo_effort", V_INT, C_USER, "Query Tuning / Genetic Query Optimizer",
     "GEQO: effort is used to set the default for other GEQO parameters.", "5", 0, U_NONE, 1, 10,
     NULL, NULL, NULL},
    {"geqo_threshold", V_INT, C_USER, "Query Tuning / Genetic Query Optimizer",
     "Sets the threshold of FROM items beyond which GEQO is used.", "12", 0, U_NONE, 2, I32MAX,
     NULL, NULL, NULL},
    {"gin_fuzzy_search_limit", V_INT, C_USER, "Client Connection Defaults / Other Defaults",
     "Sets the maximum allowed result for exact search by GIN.", "0", 0, U_NONE, 0, I32MAX, NULL,
     NULL, NULL},
    {"gin_pending_list_limit", V_INT, C_USER, CAT_STMT,
     "Sets the maximum size of the pending list for GIN index.", "4096", 0, U_KB, 64, I32MAX, NULL,
     NULL, NULL},
    {"hash_mem_multiplier", V_REAL, C_USER, CAT_MEM, "Multiple of work_mem to use for hash tables.",
     "2", 0, U_NONE, RK(1), RK(1000), NULL, NULL, NULL},
    {"idle_in_transaction_session_timeout", V_INT, C_USER, CAT_STMT,
     "Sets the maximum allowed idle time between queries, when in a transaction.", "0", 0, U_MS, 0,
     I32MAX, NULL, NULL, NULL},
    {"idle_session_timeout", V_INT, C_USER, CAT_STMT,
     "Sets the maximum allowed idle time between queries, when not in a transaction.", "0", 0, U_MS,
     0, I32MAX, NULL, NULL, NULL},
    {"in_hot_standby", V_BOOL, C_INTERNAL, CAT_PRESET,
     "Shows whether hot standby is currently active.", "off", F_REPORT, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"integer_datetimes", V_BOOL, C_INTERNAL, CAT_PRESET,
     "Shows whether datetimes are integer based.", "on", F_REPORT, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"IntervalStyle", V_ENUM, C_USER, CAT_LOCALE, "Sets the display format for interval values.",
     "postgres", F_REPORT, U_NONE, 0, 0, e_intervalstyle, NULL, apply_intervalstyle},
    {"is_superuser", V_BOOL, C_INTERNAL, "Ungrouped",
     "Shows whether the current user is a superuser.", "off", F_REPORT | F_NO_SHOW_ALL, U_NONE, 0,
     0, e_bool, NULL, NULL},
    {"jit", V_BOOL, C_USER, CAT_OTHERPL, "Allow JIT compilation.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"jit_above_cost", V_REAL, C_USER, CAT_COST,
     "Perform JIT compilation if query is more expensive.", "100000", 0, U_NONE, RK(-1), RMAX, NULL,
     NULL, NULL},
    {"jit_inline_above_cost", V_REAL, C_USER, CAT_COST,
     "Perform JIT inlining if query is more expensive.", "500000", 0, U_NONE, RK(-1), RMAX, NULL,
     NULL, NULL},
    {"jit_optimize_above_cost", V_REAL, C_USER, CAT_COST,
     "Optimize JIT-compiled functions if query is more expensive.", "500000", 0, U_NONE, RK(-1),
     RMAX, NULL, NULL, NULL},
    {"join_collapse_limit", V_INT, C_USER, CAT_OTHERPL,
     "Sets the FROM-list size beyond which JOIN constructs are not flattened.", "8", 0, U_NONE, 1,
     I32MAX, NULL, NULL, NULL},
    {"lc_messages", V_STRING, C_SUPERUSER, CAT_LOCALE,
     "Sets the language in which messages are displayed.", "C", 0, U_NONE, 0, 0, NULL, check_locale,
     NULL},
    {"lc_monetary", V_STRING, C_USER, CAT_LOCALE,
     "Sets the locale for formatting monetary amounts.", "C", 0, U_NONE, 0, 0, NULL, check_locale,
     NULL},
    {"lc_numeric", V_STRING, C_USER, CAT_LOCALE, "Sets the locale for formatting numbers.", "C", 0,
     U_NONE, 0, 0, NULL, check_locale, NULL},
    {"lc_time", V_STRING, C_USER, CAT_LOCALE,
     "Sets the locale for formatting date and time values.", "C", 0, U_NONE, 0, 0, NULL,
     check_locale, NULL},
    {"lo_compat_privileges", V_BOOL, C_SUPERUSER, CAT_COMPAT,
     "Enables backward compatibility mode for privilege checks on large objects.", "off", 0, U_NONE,
     0, 0, e_bool, NULL, NULL},
    {"local_preload_libraries", V_STRING, C_USER,
     "Client Connection Defaults / Shared Library Preloading",
     "Lists unprivileged shared libraries to preload into each backend.", "", 0, U_NONE, 0, 0, NULL,
     NULL, NULL},
    {"lock_timeout", V_INT, C_USER, CAT_STMT,
     "Sets the maximum allowed duration of any wait for a lock.", "0", 0, U_MS, 0, I32MAX, NULL,
     NULL, apply_lock_timeout},
    {"log_duration", V_BOOL, C_SUPERUSER, "Reporting and Logging / What to Log",
     "Logs the duration of each completed SQL statement.", "off", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"log_error_verbosity", V_ENUM, C_SUPERUSER, "Reporting and Logging / What to Log",
     "Sets the verbosity of logged messages.", "default", 0, U_NONE, 0, 0, e_errverb, NULL, NULL},
    {"log_executor_stats", V_BOOL, C_SUPERUSER, "Statistics / Monitoring",
     "Writes executor performance statistics to the server log.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"log_lock_waits", V_BOOL, C_SUPERUSER, "Reporting and Logging / What to Log",
     "Logs long lock waits.", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"log_min_duration_statement", V_INT, C_SUPERUSER, "Reporting and Logging / When to Log",
     "Sets the minimum execution time above which all statements will be logged.", "-1", 0, U_MS,
     -1, I32MAX, NULL, NULL, NULL},
    {"log_min_error_statement", V_ENUM, C_SUPERUSER, "Reporting and Logging / When to Log",
     "Causes all statements generating error at or above this level to be logged.", "error", 0,
     U_NONE, 0, 0, e_logmin, NULL, NULL},
    {"log_min_messages", V_ENUM, C_SUPERUSER, "Reporting and Logging / When to Log",
     "Sets the message levels that are logged.", "warning", 0, U_NONE, 0, 0, e_logmin, NULL, NULL},
    {"log_parser_stats", V_BOOL, C_SUPERUSER, "Statistics / Monitoring",
     "Writes parser performance statistics to the server log.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"log_planner_stats", V_BOOL, C_SUPERUSER, "Statistics / Monitoring",
     "Writes planner performance statistics to the server log.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"log_statement", V_ENUM, C_SUPERUSER, "Reporting and Logging / What to Log",
     "Sets the type of statements logged.", "none", 0, U_NONE, 0, 0, e_logstmt, NULL, NULL},
    {"log_statement_stats", V_BOOL, C_SUPERUSER, "Statistics / Monitoring",
     "Writes cumulative performance statistics to the server log.", "off", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"log_temp_files", V_INT, C_SUPERUSER, "Reporting and Logging / What to Log",
     "Log the use of temporary files larger than this number of kilobytes.", "-1", 0, U_KB, -1,
     I32MAX, NULL, NULL, NULL},
    {"maintenance_work_mem", V_INT, C_USER, CAT_MEM,
     "Sets the maximum memory to be used for maintenance operations.", "65536", 0, U_KB, 1024,
     I32MAX, NULL, NULL, NULL},
    {"max_connections", V_INT, C_POSTMASTER, CAT_CONN,
     "Sets the maximum number of concurrent connections.", "100", 0, U_NONE, 1, 262143, NULL, NULL,
     NULL},
    {"max_identifier_length", V_INT, C_INTERNAL, CAT_PRESET, "Shows the maximum identifier length.",
     "63", 0, U_NONE, 63, 63, NULL, NULL, NULL},
    {"max_index_keys", V_INT, C_INTERNAL, CAT_PRESET, "Shows the maximum number of index keys.",
     "32", 0, U_NONE, 32, 32, NULL, NULL, NULL},
    {"max_parallel_maintenance_workers", V_INT, C_USER, "Resource Usage / Asynchronous Behavior",
     "Sets the maximum number of parallel processes per maintenance operation.", "2", 0, U_NONE, 0,
     1024, NULL, NULL, NULL},
    {"max_parallel_workers", V_INT, C_USER, "Resource Usage / Asynchronous Behavior",
     "Sets the maximum number of parallel workers that can be active at one time.", "8", 0, U_NONE,
     0, 1024, NULL, NULL, NULL},
    {"max_parallel_workers_per_gather", V_INT, C_USER, "Resource Usage / Asynchronous Behavior",
     "Sets the maximum number of parallel processes per executor node.", "0", 0, U_NONE, 0, 1024,
     NULL, NULL, NULL},
    /* two-phase commit is off (session.c answers PREPARE TRANSACTION as
     * PostgreSQL does with this at 0) */
    {"max_prepared_transactions", V_INT, C_POSTMASTER, CAT_MEM,
     "Sets the maximum number of simultaneously prepared transactions.", "0", 0, U_NONE, 0, 262143,
     NULL, NULL, NULL},
    {"max_stack_depth", V_INT, C_SUPERUSER, CAT_MEM, "Sets the maximum stack depth, in kilobytes.",
     "2048", 0, U_KB, 100, I32MAX, NULL, NULL, NULL},
    {"min_parallel_index_scan_size", V_INT, C_USER, CAT_COST,
     "Sets the minimum amount of index data for a parallel scan.", "64", 0, U_BLOCKS, 0, 715827882,
     NULL, NULL, NULL},
    {"min_parallel_table_scan_size", V_INT, C_USER, CAT_COST,
     "Sets the minimum amount of table data for a parallel scan.", "1024", 0, U_BLOCKS, 0,
     715827882, NULL, NULL, NULL},
    {"parallel_leader_participation", V_BOOL, C_USER, "Resource Usage / Asynchronous Behavior",
     "Controls whether Gather and Gather Merge also run subplans.", "on", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"parallel_setup_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of starting up worker processes for parallel query.",
     "1000", 0, U_NONE, RK(0), RMAX, NULL, NULL, NULL},
    {"parallel_tuple_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of passing each tuple (row) from worker to leader "
     "backend.",
     "0.1", 0, U_NONE, RK(0), RMAX, NULL, NULL, NULL},
    {"password_encryption", V_ENUM, C_USER, "Connections and Authentication / Authentication",
     "Chooses the algorithm for encrypting passwords.", "scram-sha-256", 0, U_NONE, 0, 0, e_pwenc,
     NULL, NULL},
    {"plan_cache_mode", V_ENUM, C_USER, CAT_OTHERPL,
     "Controls the planner's selection of custom or generic plan.", "auto", 0, U_NONE, 0, 0,
     e_plancache, NULL, NULL},
    {"quote_all_identifiers", V_BOOL, C_USER, CAT_COMPAT,
     "When generating SQL fragments, quote all identifiers.", "off", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"random_page_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.", "4", 0,
     U_NONE, RK(0), RMAX, NULL, NULL, NULL},
    {"recursive_worktable_factor", V_REAL, C_USER, CAT_OTHERPL,
     "Sets the planner's estimate of the average size of a recursive query's working table.", "10",
     0, U_NONE, RK(0.001), RK(1e+06), NULL, NULL, NULL},
    {"role", V_STRING, C_USER, "Ungrouped", "Sets the current role.", "none",
     F_NO_SHOW_ALL | F_NO_RESET_ALL, U_NONE, 0, 0, NULL, NULL, apply_role},
    {"row_security", V_BOOL, C_USER, CAT_STMT, "Enable row security.", "on", 0, U_NONE, 0, 0,
     e_bool, NULL, NULL},
    {"search_path", V_STRING, C_USER, CAT_STMT,
     "Sets the schema search order for names that are not schema-qualified.", "\"$user\", public",
     F_LIST | F_LIST_QUOTE, U_NONE, 0, 0, NULL, check_search_path, apply_search_path},
    {"seq_page_cost", V_REAL, C_USER, CAT_COST,
     "Sets the planner's estimate of the cost of a sequentially fetched disk page.", "1", 0, U_NONE,
     RK(0), RMAX, NULL, NULL, NULL},
    {"server_encoding", V_STRING, C_INTERNAL, CAT_PRESET,
     "Shows the server (database) character set encoding.", "UTF8", F_REPORT, U_NONE, 0, 0, NULL,
     NULL, NULL},
    {"server_version", V_STRING, C_INTERNAL, CAT_PRESET, "Shows the server version.",
     SERVER_VERSION, F_REPORT, U_NONE, 0, 0, NULL, NULL, NULL},
    {"server_version_num", V_INT, C_INTERNAL, CAT_PRESET, "Shows the server version as an integer.",
     SERVER_VERSION_NUM, 0, U_NONE, 150000, 150000, NULL, NULL, NULL},
    {"session_authorization", V_STRING, C_USER, "Ungrouped", "Sets the session user name.", "",
     F_REPORT | F_NO_SHOW_ALL | F_NO_RESET_ALL, U_NONE, 0, 0, NULL, NULL, apply_session_auth},
    {"session_preload_libraries", V_STRING, C_SUPERUSER,
     "Client Connection Defaults / Shared Library Preloading",
     "Lists shared libraries to preload into each backend.", "", 0, U_NONE, 0, 0, NULL, NULL, NULL},
    {"session_replication_role", V_ENUM, C_SUPERUSER, CAT_STMT,
     "Sets the session's behavior for triggers and rewrite rules.", "origin", 0, U_NONE, 0, 0,
     e_replrole, NULL, NULL},
    {"standard_conforming_strings", V_BOOL, C_USER, CAT_COMPAT,
     "Causes '...' strings to treat backslashes literally.", "on", F_REPORT, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"statement_timeout", V_INT, C_USER, CAT_STMT,
     "Sets the maximum allowed duration of any statement.", "0", 0, U_MS, 0, I32MAX, NULL, NULL,
     NULL},
    {"stats_fetch_consistency", V_ENUM, C_USER,
     "Statistics / Cumulative Query and Index Statistics",
     "Sets the consistency of accesses to statistics data.", "cache", 0, U_NONE, 0, 0, e_statsfetch,
     NULL, NULL},
    {"synchronize_seqscans", V_BOOL, C_USER, CAT_COMPAT, "Enable synchronized sequential scans.",
     "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"synchronous_commit", V_ENUM, C_USER, "Write-Ahead Log / Settings",
     "Sets the current transaction's synchronization level.", "on", 0, U_NONE, 0, 0, e_synccommit,
     NULL, NULL},
    {"temp_buffers", V_INT, C_USER, CAT_MEM,
     "Sets the maximum number of temporary buffers used by each session.", "8192", 0, U_KB, 800,
     I32MAX, NULL, NULL, NULL},
    {"temp_file_limit", V_INT, C_SUPERUSER, "Resource Usage / Disk",
     "Limits the total size of all temporary files used by each process.", "-1", 0, U_KB, -1,
     I32MAX, NULL, NULL, NULL},
    {"temp_tablespaces", V_STRING, C_USER, CAT_STMT,
     "Sets the tablespace(s) to use for temporary tables and sort files.", "", 0, U_NONE, 0, 0,
     NULL, NULL, NULL},
    {"TimeZone", V_STRING, C_USER, CAT_LOCALE,
     "Sets the time zone for displaying and interpreting time stamps.", "UTC", F_REPORT, U_NONE, 0,
     0, NULL, check_timezone, apply_timezone},
    {"timezone_abbreviations", V_STRING, C_USER, CAT_LOCALE,
     "Selects a file of time zone abbreviations.", "Default", 0, U_NONE, 0, 0, NULL, NULL, NULL},
    {"trace_sort", V_BOOL, C_USER, "Developer Options",
     "Emit information about resource usage in sorting.", "off", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"track_activities", V_BOOL, C_SUPERUSER, "Statistics / Cumulative Query and Index Statistics",
     "Collects information about executing commands.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"track_counts", V_BOOL, C_SUPERUSER, "Statistics / Cumulative Query and Index Statistics",
     "Collects statistics on database activity.", "on", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"track_functions", V_ENUM, C_SUPERUSER, "Statistics / Cumulative Query and Index Statistics",
     "Collects function-level statistics on database activity.", "none", 0, U_NONE, 0, 0, e_trackfn,
     NULL, NULL},
    {"track_io_timing", V_BOOL, C_SUPERUSER, "Statistics / Cumulative Query and Index Statistics",
     "Collects timing statistics for database I/O activity.", "off", 0, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"transaction_deferrable", V_BOOL, C_USER, CAT_STMT,
     "Whether to defer a read-only serializable transaction until it can be executed with no "
     "possible serialization failures.",
     "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"transaction_isolation", V_ENUM, C_USER, CAT_STMT,
     "Sets the current transaction's isolation level.", "read committed", F_TXN, U_NONE, 0, 0,
     e_iso, NULL, NULL},
    {"transaction_read_only", V_BOOL, C_USER, CAT_STMT,
     "Sets the current transaction's read-only status.", "off", F_TXN, U_NONE, 0, 0, e_bool, NULL,
     NULL},
    {"transform_null_equals", V_BOOL, C_USER,
     "Version and Platform Compatibility / Other Platforms and Clients",
     "Treats \"expr=NULL\" as \"expr IS NULL\".", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
    {"update_process_title", V_BOOL, C_SUPERUSER, "Reporting and Logging / Process Title",
     "Updates the process title to show the active SQL command.", "on", 0, U_NONE, 0, 0, e_bool,
     NULL, NULL},
    {"vacuum_cost_delay", V_REAL, C_USER, "Resource Usage / Cost-Based Vacuum Delay",
     "Vacuum cost delay in milliseconds.", "0", 0, U_MS, RK(0), RK(100), NULL, NULL, NULL},
    {"vacuum_cost_limit", V_INT, C_USER, "Resource Usage / Cost-Based Vacuum Delay",
     "Vacuum cost amount available before napping.", "200", 0, U_NONE, 1, 10000, NULL, NULL, NULL},
    {"vacuum_cost_page_dirty", V_INT, C_USER, "Resource Usage / Cost-Based Vacuum Delay",
     "Vacuum cost for a page dirtied by vacuum.", "20", 0, U_NONE, 0, 10000, NULL, NULL, NULL},
    {"vacuum_cost_page_hit", V_INT, C_USER, "Resource Usage / Cost-Based Vacuum Delay",
     "Vacuum cost for a page found in the buffer cache.", "1", 0, U_NONE, 0, 10000, NULL, NULL,
     NULL},
    {"vacuum_cost_page_miss", V_INT, C_USER, "Resource Usage / Cost-Based Vacuum Delay",
     "Vacuum cost for a page not found in the buffer cache.", "2", 0, U_NONE, 0, 10000, NULL, NULL,
     NULL},
    {"vacuum_failsafe_age", V_INT, C_USER, CAT_STMT,
     "Age at which VACUUM should trigger failsafe to avoid a wraparound outage.", "1600000000", 0,
     U_NONE, 0, 2100000000, NULL, NULL, NULL},
    {"vacuum_freeze_min_age", V_INT, C_USER, CAT_STMT,
     "Minimum age at which VACUUM should freeze a table row.", "50000000", 0, U_NONE, 0, 1000000000,
     NULL, NULL, NULL},
    {"vacuum_freeze_table_age", V_INT, C_USER, CAT_STMT,
     "Age at which VACUUM should scan whole table to freeze tuples.", "150000000", 0, U_NONE, 0,
     2000000000, NULL, NULL, NULL},
    {"vacuum_multixact_failsafe_age", V_INT, C_USER, CAT_STMT,
     "Multixact age at which VACUUM should trigger failsafe to avoid a wraparound outage.",
     "1600000000", 0, U_NONE, 0, 2100000000, NULL, NULL, NULL},
    {"vacuum_multixact_freeze_min_age", V_INT, C_USER, CAT_STMT,
     "Minimum age at which VACUUM should freeze a MultiXactId in a table row.", "5000000", 0,
     U_NONE, 0, 1000000000, NULL, NULL, NULL},
    {"vacuum_multixact_freeze_table_age", V_INT, C_USER, CAT_STMT,
     "Multixact age at which VACUUM should scan whole table to freeze tuples.", "150000000", 0,
     U_NONE, 0, 2000000000, NULL, NULL, NULL},
    {"work_mem", V_INT, C_USER, CAT_MEM, "Sets the maximum memory to be used for query workspaces.",
     "4096", 0, U_KB, 64, I32MAX, NULL, NULL, NULL},
    {"xmloption", V_ENUM, C_USER, "Client Connection Defaults / Statement Behavior",
     "Sets whether XML data in implicit parsing and serialization operations is to be considered "
     "as documents or content fragments.",
     "content", 0, U_NONE, 0, 0, e_xmloption, NULL, NULL},
    {"zero_damaged_pages", V_BOOL, C_SUPERUSER, "Developer Options",
     "Continues processing past damaged page headers.", "off", 0, U_NONE, 0, 0, e_bool, NULL, NULL},
};
#define NGUCS (sizeof(gucs) / sizeof(gucs[0]))

static int guc_index(const char *name)
{
    size_t lo = 0, hi = NGUCS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcasecmp(name, gucs[mid].name);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* ---- the store ------------------------------------------------------------------ */

/* Custom placeholder variables (SET myapp.user_id = '42', PostgreSQL's
 * GUC_CUSTOM_PLACEHOLDER): a two-part dotted name makes a string variable
 * of the session on first use, stored in the slots after the table's
 * (index NGUCS + k). Like PostgreSQL's, a placeholder once made stays
 * (RESET and a rollback make it empty, not unknown again). */
#define NCUSTOM 256
#define NALL    (NGUCS + NCUSTOM)

static const struct guc custom_def = {
    "",   V_STRING, C_USER, "Customized Options", "", "", F_NO_SHOW_ALL, U_NONE, 0, 0,
    NULL, NULL,     NULL};

struct snap {
    char *val[NALL];
    char *sess[NALL];
    bool local[NALL];
};

struct sql__gucs {
    char *val[NALL];      /* current */
    char *sess[NALL];     /* value kept at commit (last plain SET) */
    bool local[NALL];     /* SET LOCAL active in this transaction */
    char *reset[NALL];    /* RESET value (session default) */
    char *sent[NALL];     /* last reported value (F_REPORT) */
    char *cname[NCUSTOM]; /* the placeholders' names */
    size_t ncustom;
    struct snap *txn;  /* values at the first change of the transaction */
    struct snap **sps; /* savepoint levels */
    int nsps, capsps;
    size_t report_pos;
    /* Effective values, kept in step with val. */
    int stmt_timeout, lock_timeout, idle_timeout, min_messages, default_iso;
    bool default_ro;
    int deadlock_timeout;
};

static void set_str(char **slot, const char *v)
{
    if (*slot != NULL && strcmp(*slot, v) == 0)
        return;
    xfree(*slot);
    *slot = xstrdup(v);
}

static struct snap *snap_take(const struct sql__gucs *g)
{
    struct snap *s = xcalloc(1, sizeof(*s));
    for (size_t i = 0; i < NGUCS + g->ncustom; i++) {
        s->val[i] = xstrdup(g->val[i]);
        s->sess[i] = xstrdup(g->sess[i]);
        s->local[i] = g->local[i];
    }
    return s;
}

static void snap_free(struct snap *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < NALL; i++) {
        xfree(s->val[i]);
        xfree(s->sess[i]);
    }
    xfree(s);
}

static int rank_of_minmsg(const char *v)
{
    if (strncmp(v, "debug", 5) == 0)
        return 0;
    if (strcmp(v, "log") == 0)
        return 2;
    if (strcmp(v, "notice") == 0)
        return 3;
    if (strcmp(v, "warning") == 0)
        return 4;
    return 5;
}

int sql__severity_rank(const char *severity)
{
    if (strcmp(severity, "DEBUG") == 0)
        return 0;
    if (strcmp(severity, "LOG") == 0)
        return 2;
    if (strcmp(severity, "INFO") == 0)
        return 6; /* INFO always reaches the client */
    if (strcmp(severity, "NOTICE") == 0)
        return 3;
    if (strcmp(severity, "WARNING") == 0)
        return 4;
    return 5;
}

static int iso_of(const char *v)
{
    if (strcmp(v, "serializable") == 0)
        return SQL_ISO_SERIALIZABLE;
    if (strcmp(v, "repeatable read") == 0)
        return SQL_ISO_REPEATABLE_READ;
    return SQL_ISO_READ_COMMITTED;
}

/* Keep the cached effective values in step with val[i]. */
static void refresh(struct sql__gucs *g, size_t i)
{
    if (i >= NGUCS)
        return;
    const char *n = gucs[i].name, *v = g->val[i];
    if (strcmp(n, "statement_timeout") == 0)
        g->stmt_timeout = atoi(v);
    else if (strcmp(n, "lock_timeout") == 0)
        g->lock_timeout = atoi(v);
    else if (strcmp(n, "deadlock_timeout") == 0)
        g->deadlock_timeout = atoi(v);
    else if (strcmp(n, "idle_in_transaction_session_timeout") == 0)
        g->idle_timeout = atoi(v);
    else if (strcmp(n, "client_min_messages") == 0)
        g->min_messages = rank_of_minmsg(v);
    else if (strcmp(n, "default_transaction_isolation") == 0)
        g->default_iso = iso_of(v);
    else if (strcmp(n, "default_transaction_read_only") == 0)
        g->default_ro = strcmp(v, "on") == 0;
}

struct sql__gucs *sql__gucs_new(void)
{
    struct sql__gucs *g = xcalloc(1, sizeof(*g));
    for (size_t i = 0; i < NGUCS; i++) {
        g->val[i] = xstrdup(gucs[i].boot);
        g->sess[i] = xstrdup(gucs[i].boot);
        g->reset[i] = xstrdup(gucs[i].boot);
        g->sent[i] = xstrdup(gucs[i].boot); /* nothing to report until a change */
        refresh(g, i);
    }
    g->min_messages = 3;
    return g;
}

void sql__gucs_free(struct sql__gucs *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < NGUCS + g->ncustom; i++) {
        xfree(g->val[i]);
        xfree(g->sess[i]);
        xfree(g->reset[i]);
        xfree(g->sent[i]);
    }
    for (size_t k = 0; k < g->ncustom; k++)
        xfree(g->cname[k]);
    snap_free(g->txn);
    for (int i = 0; i < g->nsps; i++)
        snap_free(g->sps[i]);
    xfree(g->sps);
    xfree(g);
}

static struct sql__gucs *env_gucs(struct sql_env *env)
{
    return sql__session_gucs(env->sess);
}

/* The definition of variable i (a placeholder's is custom_def). */
static const struct guc *def_of(size_t i)
{
    return i < NGUCS ? &gucs[i] : &custom_def;
}

/* The index of a setting or of a placeholder of this session; -1 unknown. */
static int var_index(const struct sql__gucs *g, const char *name)
{
    int i = guc_index(name);
    if (i >= 0 || g == NULL)
        return i;
    for (size_t k = 0; k < g->ncustom; k++)
        if (strcasecmp(g->cname[k], name) == 0)
            return (int)(NGUCS + k);
    return -1;
}

/* PostgreSQL's valid_custom_variable_name: two or more simple identifiers
 * separated by dots. */
static bool valid_custom_name(const char *name)
{
    bool saw_sep = false, start = true;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '.') {
            if (start)
                return false;
            saw_sep = true;
            start = true;
        } else if (isalpha(c) || c == '_' || c >= 0x80) {
            start = false;
        } else if (!start && (isdigit(c) || c == '$')) {
            continue;
        } else {
            return false;
        }
    }
    return !start && saw_sep;
}

static int unrecognized(const char *name, struct err *e)
{
    return err_set_state(e, ERR_NOTFOUND, "42704", "unrecognized configuration parameter \"%s\"",
                         name);
}

/* The index of name, making a placeholder for a custom name not seen yet
 * (SET, set_config). */
static int var_index_make(struct sql__gucs *g, const char *name, struct err *e)
{
    int i = var_index(g, name);
    if (i >= 0)
        return i;
    if (strchr(name, '.') == NULL)
        return unrecognized(name, e);
    if (!valid_custom_name(name))
        return err_set_state(e, ERR_INVAL, "42602",
                             "invalid configuration parameter name \"%s\"\nDETAIL:  Custom "
                             "parameter names must be two or more simple identifiers separated "
                             "by dots.",
                             name);
    if (g->ncustom == NCUSTOM)
        return err_set_state(e, ERR_NOMEM, "53200",
                             "too many custom configuration parameters (at most %d)", NCUSTOM);
    size_t k = g->ncustom++, x = NGUCS + k;
    g->cname[k] = xstrdup(name);
    g->val[x] = xstrdup("");
    g->sess[x] = xstrdup("");
    g->reset[x] = xstrdup("");
    g->sent[x] = xstrdup("");
    g->local[x] = false;
    return (int)x;
}

/* Memory stored values are given out from. Internal values are stored as
 * canonical text; the unit-suffixed SHOW form is made by show_int. */
static void apply_one(struct sql_env *env, size_t i)
{
    struct sql__gucs *g = env_gucs(env);
    refresh(g, i);
    if (i < NGUCS && gucs[i].apply != NULL)
        gucs[i].apply(env, g->val[i]);
}

void sql__gucs_apply_all(struct sql_env *env)
{
    struct sql__gucs *g = env_gucs(env);
    for (size_t i = 0; i < NGUCS + g->ncustom; i++)
        apply_one(env, i);
}

/* ---- parsing values ------------------------------------------------------------- */

static int parse_bool(const char *v, bool *out)
{
    size_t n = strlen(v);
    if (n == 0)
        return -1;
    if (strncasecmp(v, "true", n) == 0 || strncasecmp(v, "yes", n) == 0 ||
        (n >= 2 && strncasecmp(v, "on", n) == 0) || strcmp(v, "1") == 0) {
        *out = true;
        return 0;
    }
    if (strncasecmp(v, "false", n) == 0 || strncasecmp(v, "no", n) == 0 ||
        (n >= 2 && strncasecmp(v, "off", n) == 0) || strcmp(v, "0") == 0) {
        *out = false;
        return 0;
    }
    return -1;
}

static const char *unit_name(enum unit u)
{
    return u == U_MS ? "ms" : u == U_S ? "s" : u == U_KB ? "kB" : u == U_BLOCKS ? "8kB" : "";
}

/* A number with an optional unit, converted to the base unit (PostgreSQL's
 * parse_int / parse_real with GUC_UNIT_*), rounded to an integer when
 * round. -1 bad syntax, -2 a unit this setting does not take. */
static int parse_num_unit(const char *v, enum unit u, bool round, double *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*v))
        v++;
    double d;
    if ((v[0] == '0' && (v[1] == 'x' || v[1] == 'X')))
        d = (double)strtoll(v, &end, 16);
    else
        d = strtod(v, &end);
    if (end == v || errno == ERANGE || isnan(d))
        return -1;
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0') {
        if (u == U_NONE)
            return -1;
        char un[8];
        size_t k = 0;
        while (*end && !isspace((unsigned char)*end) && k + 1 < sizeof(un))
            un[k++] = *end++;
        un[k] = '\0';
        while (isspace((unsigned char)*end))
            end++;
        if (*end != '\0')
            return -1;
        double mult;
        if (u == U_KB || u == U_BLOCKS) {
            if (strcmp(un, "B") == 0)
                mult = 1.0 / 1024;
            else if (strcmp(un, "kB") == 0)
                mult = 1;
            else if (strcmp(un, "MB") == 0)
                mult = 1024;
            else if (strcmp(un, "GB") == 0)
                mult = 1024.0 * 1024;
            else if (strcmp(un, "TB") == 0)
                mult = 1024.0 * 1024 * 1024;
            else
                return -2;
            if (u == U_BLOCKS)
                mult /= 8;
        } else {
            double ms;
            if (strcmp(un, "us") == 0)
                ms = 0.001;
            else if (strcmp(un, "ms") == 0)
                ms = 1;
            else if (strcmp(un, "s") == 0)
                ms = 1000;
            else if (strcmp(un, "min") == 0)
                ms = 60000;
            else if (strcmp(un, "h") == 0)
                ms = 3600000;
            else if (strcmp(un, "d") == 0)
                ms = 86400000;
            else
                return -2;
            mult = u == U_S ? ms / 1000 : ms;
        }
        d *= mult;
    }
    *out = round ? rint(d) : d;
    return 0;
}

/* SHOW form of an integer in its base unit (largest exact unit). */
static char *show_int(struct mem_ctx *ctx, enum unit u, int64_t v)
{
    if (u == U_NONE || v <= 0)
        return mem_printf(ctx, "%lld", (long long)v);
    if (u == U_BLOCKS) {
        v *= 8;
        u = U_KB;
    }
    if (u == U_KB) {
        static const char *const names[] = {"kB", "MB", "GB", "TB"};
        int k = 0;
        while (k < 3 && v % 1024 == 0) {
            v /= 1024;
            k++;
        }
        return mem_printf(ctx, "%lld%s", (long long)v, names[k]);
    }
    int64_t ms = u == U_S ? v * 1000 : v;
    static const struct {
        const char *n;
        int64_t m;
    } tu[] = {{"d", 86400000}, {"h", 3600000}, {"min", 60000}, {"s", 1000}, {"ms", 1}};
    for (size_t i = 0; i < sizeof(tu) / sizeof(tu[0]); i++) {
        if (ms % tu[i].m == 0 && (u != U_S || tu[i].m >= 1000))
            return mem_printf(ctx, "%lld%s", (long long)(ms / tu[i].m), tu[i].n);
    }
    return mem_printf(ctx, "%lld%s", (long long)v, unit_name(u));
}

/* SHOW form of a real in its base unit: PostgreSQL's %g, with a time unit
 * the first that divides the value evenly (convert_real_from_base_unit). */
static char *show_real(struct mem_ctx *ctx, enum unit u, double v)
{
    if (u != U_MS || v == 0)
        return mem_printf(ctx, "%g", v);
    static const struct {
        const char *n;
        double m;
    } tu[] = {{"d", 86400000}, {"h", 3600000}, {"min", 60000},
              {"s", 1000},     {"ms", 1},      {"us", 0.001}};
    double x = v;
    const char *un = "ms";
    for (size_t i = 0; i < sizeof(tu) / sizeof(tu[0]); i++) {
        x = v / tu[i].m;
        un = tu[i].n;
        if (x > 0 && fabs(rint(x) / x - 1.0) <= 1e-8)
            break;
    }
    return mem_printf(ctx, "%g%s", x, un);
}

/* Validate `in` for guc i (named `given` by the user) into its canonical
 * stored form. */
static int canon(size_t i, const char *given, const char *in, struct mem_ctx *ctx, const char **out,
                 struct err *e)
{
    const struct guc *g = def_of(i);
    switch (g->type) {
    case V_BOOL: {
        bool b;
        if (parse_bool(in, &b) != 0)
            return err_set_state(e, ERR_INVAL, "22023", "parameter \"%s\" requires a Boolean value",
                                 given);
        if (b && strcmp(g->name, "default_with_oids") == 0)
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "tables declared WITH OIDS are not supported");
        *out = b ? "on" : "off";
        return 0;
    }
    case V_INT: {
        double d;
        int rc = parse_num_unit(in, g->unit, true, &d);
        if (rc == -2)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"\nHINT:  Valid units "
                                 "for this parameter are %s.",
                                 given, in,
                                 g->unit == U_KB ? "\"B\", \"kB\", \"MB\", \"GB\", and \"TB\""
                                                 : "\"us\", \"ms\", \"s\", \"min\", \"h\", and "
                                                   "\"d\"");
        if (rc != 0 || d > 1e18 || d < -1e18)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"", given, in);
        if (d < (double)g->min || d > (double)g->max) {
            if (g->unit != U_NONE)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "%.0f %s is outside the valid range for parameter \"%s\" "
                                     "(%lld .. %lld)",
                                     d, unit_name(g->unit), given, (long long)g->min,
                                     (long long)g->max);
            return err_set_state(e, ERR_INVAL, "22023",
                                 "%.0f is outside the valid range for parameter \"%s\" (%lld .. "
                                 "%lld)",
                                 d, given, (long long)g->min, (long long)g->max);
        }
        *out = mem_printf(ctx, "%lld", (long long)d);
        return 0;
    }
    case V_REAL: {
        double d;
        int rc = parse_num_unit(in, g->unit, false, &d);
        if (rc == -2)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"\nHINT:  Valid units "
                                 "for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", "
                                 "and \"d\".",
                                 given, in);
        if (rc != 0 || isinf(d))
            return err_set_state(e, ERR_INVAL, "22023",
                                 "invalid value for parameter \"%s\": \"%s\"", given, in);
        double lo = (double)g->min / 1000, hi = g->max == RMAX ? DBL_MAX : (double)g->max / 1000;
        if (d < lo || d > hi) {
            if (g->unit != U_NONE)
                return err_set_state(e, ERR_INVAL, "22023",
                                     "%g %s is outside the valid range for parameter \"%s\" (%g "
                                     ".. %g)",
                                     d, unit_name(g->unit), given, lo, hi);
            return err_set_state(e, ERR_INVAL, "22023",
                                 "%g is outside the valid range for parameter \"%s\" (%g .. %g)", d,
                                 given, lo, hi);
        }
        *out = mem_printf(ctx, "%.17g", d);
        return 0;
    }
    case V_ENUM: {
        for (size_t k = 0; g->enums[k] != NULL; k++) {
            if (strcasecmp(in, g->enums[k]) == 0) {
                *out = g->enums[k];
                if ((strcmp(g->name, "default_transaction_isolation") == 0 ||
                     strcmp(g->name, "transaction_isolation") == 0) &&
                    strcmp(g->enums[k], "read uncommitted") == 0)
                    *out = "read committed"; /* as PostgreSQL runs it */
                return 0;
            }
        }
        /* Enums with on/off take every Boolean spelling (hidden values). */
        bool bv;
        for (size_t k = 0; g->enums[k] != NULL; k++) {
            if (strcmp(g->enums[k], "on") == 0 && parse_bool(in, &bv) == 0) {
                *out = bv ? "on" : "off";
                return 0;
            }
        }
        struct sbuf b;
        sbuf_init(&b);
        for (size_t k = 0; g->enums[k] != NULL; k++)
            sbuf_printf(&b, "%s%s", k ? ", " : "", g->enums[k]);
        err_set_state(e, ERR_INVAL, "22023",
                      "invalid value for parameter \"%s\": \"%s\"\nHINT:  Available values: %s.",
                      given, in, b.data);
        sbuf_free(&b);
        return e->code;
    }
    case V_STRING:
        if (g->check != NULL)
            return g->check(g, given, in, ctx, out, e);
        *out = mem_strdup(ctx, in);
        return 0;
    }
    return err_set(e, ERR_INTERNAL, "bad setting type");
}

/* ---- SHOW ----------------------------------------------------------------------- */

static const char *show_value(struct sql_env *env, size_t i, struct mem_ctx *ctx)
{
    const struct guc *g = def_of(i);
    struct sql__gucs *st = env_gucs(env);
    if (g->flags & F_TXN) {
        if (strcmp(g->name, "transaction_isolation") == 0)
            return sql__session_txn_isolation(env->sess);
        return sql__session_txn_read_only(env->sess) ? "on" : "off";
    }
    if (strcmp(g->name, "transaction_deferrable") == 0 && env->sess != NULL &&
        sql__session_txn_deferrable(env->sess) >= 0)
        return sql__session_txn_deferrable(env->sess) ? "on" : "off";
    if (strcmp(g->name, "is_superuser") == 0)
        return env->superuser ? "on" : "off";
    if (strcmp(g->name, "session_authorization") == 0)
        return env->session_user != NULL ? env->session_user : env->user != NULL ? env->user : "";
    const char *v = st->val[i];
    if (g->type == V_INT && g->unit != U_NONE)
        return show_int(ctx, g->unit, strtoll(v, NULL, 10));
    if (g->type == V_REAL)
        return show_real(ctx, g->unit, strtod(v, NULL));
    return mem_strdup(ctx, v);
}

int sql_setting_show(struct sql_env *env, const char *name, struct mem_ctx *ctx, const char **val,
                     struct err *e)
{
    int i = var_index(env->sess != NULL ? env_gucs(env) : NULL, name);
    if (i < 0)
        return unrecognized(name, e);
    *val = show_value(env, (size_t)i, ctx);
    return 0;
}

static const char *context_name(enum ctxkind c)
{
    switch (c) {
    case C_USER:
        return "user";
    case C_SUPERUSER:
        return "superuser";
    case C_INTERNAL:
        return "internal";
    case C_POSTMASTER:
        return "postmaster";
    case C_BACKEND:
        return "backend";
    }
    return "user";
}

static const char *vartype_name(enum vartype t)
{
    switch (t) {
    case V_BOOL:
        return "bool";
    case V_INT:
        return "integer";
    case V_REAL:
        return "real";
    case V_STRING:
        return "string";
    case V_ENUM:
        return "enum";
    }
    return "string";
}

static int cmp_rows(const void *a, const void *b)
{
    const struct sql_setting_row *x = a, *y = b;
    return strcasecmp(x->name, y->name);
}

/* pg_settings' form of a value: a number in its base unit without the
 * unit (shown: the SHOW form, stored: the canonical text). */
static const char *raw_value(const struct guc *g, const char *shown, const char *stored,
                             struct mem_ctx *ctx)
{
    if (g->type == V_INT)
        return mem_printf(ctx, "%lld", strtoll(stored, NULL, 10));
    if (g->type == V_REAL)
        return mem_printf(ctx, "%g", strtod(stored, NULL));
    return shown;
}

int sql_setting_all(struct sql_env *env, struct mem_ctx *ctx, struct sql_setting_row **rows,
                    size_t *n, struct err *e)
{
    (void)e;
    struct sql_setting_row *r = mem_alloc0(ctx, NGUCS * sizeof(*r));
    size_t k = 0;
    for (size_t i = 0; i < NGUCS; i++) {
        const struct guc *g = &gucs[i];
        if (g->flags & F_NO_SHOW_ALL)
            continue;
        r[k].name = g->name;
        r[k].setting = show_value(env, i, ctx);
        r[k].unit = g->unit == U_NONE ? NULL : unit_name(g->unit);
        r[k].category = g->category;
        r[k].short_desc = g->desc;
        r[k].context = context_name(g->context);
        r[k].vartype = vartype_name(g->type);
        struct sql__gucs *st = env_gucs(env);
        r[k].raw = raw_value(g, r[k].setting, st->val[i], ctx);
        r[k].boot_val = raw_value(g, g->boot, g->boot, ctx);
        r[k].reset_val = raw_value(g, st->reset[i], st->reset[i], ctx);
        r[k].source = strcmp(st->val[i], st->reset[i]) != 0 ? "session" : "default";
        if (g->type == V_INT) {
            r[k].min_val = mem_printf(ctx, "%lld", (long long)g->min);
            r[k].max_val = mem_printf(ctx, "%lld", (long long)g->max);
        } else if (g->type == V_REAL) {
            r[k].min_val = mem_printf(ctx, "%g", (double)g->min / 1000);
            r[k].max_val = mem_printf(ctx, "%g", g->max == RMAX ? DBL_MAX : (double)g->max / 1000);
        } else if (g->type == V_ENUM || g->type == V_BOOL) {
            struct sbuf b;
            sbuf_init(&b);
            sbuf_putc(&b, '{');
            for (size_t x = 0; g->type == V_ENUM && g->enums[x] != NULL; x++) {
                bool q = strchr(g->enums[x], ' ') != NULL || strchr(g->enums[x], '-') != NULL;
                sbuf_printf(&b, "%s%s%s%s", x ? "," : "", q ? "\"" : "", g->enums[x],
                            q ? "\"" : "");
            }
            sbuf_putc(&b, '}');
            if (g->type == V_ENUM)
                r[k].enumvals = mem_strndup(ctx, b.data, b.len);
            sbuf_free(&b);
        }
        k++;
    }
    qsort(r, k, sizeof(*r), cmp_rows);
    *rows = r;
    *n = k;
    return 0;
}

/* ---- SET ------------------------------------------------------------------------ */

static void mark_txn_change(struct sql_env *env, struct sql__gucs *g)
{
    if (sql__session_in_txn(env->sess) && g->txn == NULL)
        g->txn = snap_take(g);
}

static int refuse_change(const struct guc *g, const char *given, struct err *e)
{
    if (g->context == C_INTERNAL)
        return err_set_state(e, ERR_INVAL, "55P02", "parameter \"%s\" cannot be changed", given);
    if (g->context == C_POSTMASTER)
        return err_set_state(e, ERR_INVAL, "55P02",
                             "parameter \"%s\" cannot be changed without restarting the server",
                             given);
    return 0;
}

static int txn_setting(struct sql_env *env, size_t i, const char *canonv, struct err *e)
{
    const struct guc *g = &gucs[i];
    if (strcmp(g->name, "transaction_isolation") == 0)
        return sql__session_set_txn_mode(env->sess, iso_of(canonv), -1, e);
    if (strcmp(g->name, "transaction_read_only") == 0)
        return sql__session_set_txn_mode(env->sess, SQL_ISO_DEFAULT, strcmp(canonv, "on") == 0, e);
    return 0; /* transaction_deferrable: accepted */
}

int sql_setting_set(struct sql_env *env, const char *name, const char *value, bool local,
                    struct err *e)
{
    struct sql__gucs *st = env_gucs(env);
    int idx = var_index_make(st, name, e);
    if (idx < 0)
        return idx;
    size_t i = (size_t)idx;
    const struct guc *g = def_of(i);
    int rc = refuse_change(g, name, e);
    if (rc != 0)
        return rc;
    if (g->context == C_SUPERUSER && !env->superuser)
        return err_set_state(e, ERR_INVAL, "42501", "permission denied to set parameter \"%s\"",
                             name);
    struct mem_ctx *tmp = mem_ctx_new(NULL, "set");
    const char *cv = NULL;
    if (value == NULL) {
        cv = st->reset[i];
    } else {
        tl_datestyle_cur = st->val[i];
        rc = canon(i, name, value, tmp, &cv, e);
        tl_datestyle_cur = NULL;
        if (rc != 0)
            goto out;
    }
    if (g->flags & F_TXN) {
        rc = txn_setting(env, i, cv, e);
        goto out;
    }
    if (g->flags & F_NO_RESET_ALL) { /* role, session_authorization: who may become whom */
        rc = sql__acl_check_identity(env, g->name, value, e);
        if (rc != 0)
            goto out;
    }
    mark_txn_change(env, st);
    set_str(&st->val[i], cv);
    if (local && sql__session_in_txn(env->sess)) {
        st->local[i] = true;
    } else if (!local) {
        set_str(&st->sess[i], cv);
        st->local[i] = false;
    }
    /* SET LOCAL outside a transaction block: PostgreSQL warns and it lasts
     * only for the (implicit) transaction; the session decides the warning. */
    apply_one(env, i);
    if (strcmp(g->name, "session_authorization") == 0) /* it ends SET ROLE */
        rc = sql_setting_set(env, "role", NULL, local, e);
out:
    mem_ctx_free(tmp);
    return rc;
}

int sql__gucs_set_default(struct sql_env *env, const char *name, const char *value, struct err *e)
{
    struct sql__gucs *st = env_gucs(env);
    int idx = var_index_make(st, name, e);
    if (idx < 0)
        return idx;
    size_t i = (size_t)idx;
    const struct guc *g = def_of(i);
    int rc = refuse_change(g, name, e);
    if (rc != 0)
        return rc;
    if ((g->flags & F_NO_RESET_ALL) && (rc = sql__acl_check_identity(env, g->name, value, e)) != 0)
        return rc;
    if (g->flags & F_TXN)
        return 0;
    struct mem_ctx *tmp = mem_ctx_new(NULL, "set");
    const char *cv = NULL;
    rc = canon(i, name, value, tmp, &cv, e);
    if (rc == 0) {
        set_str(&st->val[i], cv);
        set_str(&st->sess[i], cv);
        set_str(&st->reset[i], cv);
        apply_one(env, i);
    }
    mem_ctx_free(tmp);
    return rc;
}

int sql__gucs_reset_all(struct sql_env *env, struct err *e)
{
    (void)e;
    struct sql__gucs *st = env_gucs(env);
    mark_txn_change(env, st);
    for (size_t i = 0; i < NGUCS + st->ncustom; i++) {
        const struct guc *g = def_of(i);
        if (g->context != C_USER && g->context != C_SUPERUSER)
            continue;
        if (g->flags & (F_TXN | F_NO_RESET_ALL))
            continue;
        set_str(&st->val[i], st->reset[i]);
        set_str(&st->sess[i], st->reset[i]);
        st->local[i] = false;
        apply_one(env, i);
    }
    return 0;
}

static void restore(struct sql_env *env, const struct snap *s)
{
    struct sql__gucs *g = env_gucs(env);
    for (size_t i = 0; i < NGUCS + g->ncustom; i++) {
        /* a placeholder made after s was taken: empty, as it was */
        const char *v = s->val[i] != NULL ? s->val[i] : "";
        bool changed = strcmp(g->val[i], v) != 0;
        set_str(&g->val[i], v);
        set_str(&g->sess[i], s->sess[i] != NULL ? s->sess[i] : "");
        g->local[i] = s->local[i];
        if (changed)
            apply_one(env, i);
    }
}

void sql__gucs_txn_end(struct sql_env *env, bool commit)
{
    struct sql__gucs *g = env_gucs(env);
    if (g->txn != NULL) {
        if (commit) {
            for (size_t i = 0; i < NGUCS + g->ncustom; i++) {
                if (g->local[i] || strcmp(g->val[i], g->sess[i]) != 0) {
                    set_str(&g->val[i], g->sess[i]);
                    apply_one(env, i);
                }
                g->local[i] = false;
            }
        } else {
            restore(env, g->txn);
        }
        snap_free(g->txn);
        g->txn = NULL;
    }
    for (int i = 0; i < g->nsps; i++)
        snap_free(g->sps[i]);
    g->nsps = 0;
}

int sql__gucs_savepoint(struct sql_env *env)
{
    struct sql__gucs *g = env_gucs(env);
    if (g->nsps == g->capsps) {
        g->capsps = g->capsps ? g->capsps * 2 : 4;
        g->sps = xrealloc(g->sps, (size_t)g->capsps * sizeof(*g->sps));
    }
    g->sps[g->nsps] = snap_take(g);
    return g->nsps++;
}

void sql__gucs_rollback_to(struct sql_env *env, int level)
{
    struct sql__gucs *g = env_gucs(env);
    if (level < 0 || level >= g->nsps)
        return;
    restore(env, g->sps[level]);
    for (int i = level + 1; i < g->nsps; i++)
        snap_free(g->sps[i]);
    g->nsps = level + 1;
}

void sql__gucs_release(struct sql_env *env, int level)
{
    struct sql__gucs *g = env_gucs(env);
    if (level < 0 || level >= g->nsps)
        return;
    for (int i = level; i < g->nsps; i++)
        snap_free(g->sps[i]);
    g->nsps = level;
}

/* ---- reporting ------------------------------------------------------------------ */

static const char *report_value(struct sql__gucs *g, size_t i)
{
    return g->val[i];
}

/* The GUCs sent as ParameterStatus when they change (GUC_REPORT and shown),
 * found once: the check runs before every ReadyForQuery. */
static size_t reported[NGUCS], n_reported;
static pthread_once_t reported_once = PTHREAD_ONCE_INIT;

static void find_reported(void)
{
    for (size_t i = 0; i < NGUCS; i++)
        if ((gucs[i].flags & F_REPORT) && !(gucs[i].flags & F_NO_SHOW_ALL))
            reported[n_reported++] = i;
}

bool sql__gucs_next_report(struct sql__gucs *g, const char **name, const char **value)
{
    pthread_once(&reported_once, find_reported);
    for (size_t k = 0; k < n_reported; k++) {
        size_t i = reported[k];
        const char *v = report_value(g, i);
        if (g->sent[i] != NULL && strcmp(g->sent[i], v) == 0)
            continue;
        set_str(&g->sent[i], v);
        *name = gucs[i].name;
        *value = g->sent[i];
        return true;
    }
    return false;
}

size_t sql__gucs_report_all(struct sql__gucs *g, const char **names, const char **values,
                            size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < NGUCS && k < cap; i++) {
        if (!(gucs[i].flags & F_REPORT) || (gucs[i].flags & F_NO_SHOW_ALL))
            continue;
        set_str(&g->sent[i], report_value(g, i));
        names[k] = gucs[i].name;
        values[k] = g->sent[i];
        k++;
    }
    return k;
}

int sql__gucs_statement_timeout(const struct sql__gucs *g)
{
    return g->stmt_timeout;
}
int sql__gucs_lock_timeout(const struct sql__gucs *g)
{
    return g->lock_timeout;
}
int sql__gucs_deadlock_timeout(const struct sql__gucs *g)
{
    return g->deadlock_timeout;
}
int sql__gucs_idle_in_txn_timeout(const struct sql__gucs *g)
{
    return g->idle_timeout;
}
int sql__gucs_default_isolation(const struct sql__gucs *g)
{
    return g->default_iso;
}
bool sql__gucs_default_read_only(const struct sql__gucs *g)
{
    return g->default_ro;
}
int sql__gucs_min_messages(const struct sql__gucs *g)
{
    return g->min_messages;
}

int sql__gucs_search_path(const struct sql__gucs *g, const char *user, struct mem_ctx *ctx,
                          const char **out, int cap)
{
    int idx = guc_index("search_path");
    const char *p = g->val[idx];
    int n = 0;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == '\0' || n >= cap)
            break;
        struct sbuf b;
        sbuf_init(&b);
        bool quoted = false;
        if (*p == '"') {
            quoted = true;
            p++;
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    sbuf_putc(&b, '"');
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    sbuf_putc(&b, *p++);
                }
            }
        } else {
            while (*p && *p != ',' && *p != ' ')
                sbuf_putc(&b, (char)tolower((unsigned char)*p++));
        }
        (void)quoted;
        if (strcmp(b.data, "$user") == 0) {
            if (user != NULL && user[0])
                out[n++] = mem_strdup(ctx, user);
        } else if (b.len > 0) {
            out[n++] = mem_strdup(ctx, b.data);
        }
        sbuf_free(&b);
    }
    return n;
}

/* ---- SET statements ------------------------------------------------------------- */

/* PostgreSQL's quote_identifier (without the keyword list). */
static void quote_ident(struct sbuf *b, const char *s)
{
    bool safe = (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_';
    for (const char *p = s; *p && safe; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            safe = false;
    if (safe) {
        sbuf_puts(b, s);
        return;
    }
    sbuf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sbuf_putc(b, '"');
        sbuf_putc(b, *p);
    }
    sbuf_putc(b, '"');
}

static bool is_tz(const char *name)
{
    return strcasecmp(name, "timezone") == 0;
}

int sql__set_args_text(const char *name, const struct sql_list *args, struct mem_ctx *ctx,
                       const char **out, struct err *e)
{
    int idx = guc_index(name);
    int flags = idx >= 0 ? gucs[idx].flags : 0;
    if (args->n > 1 && !(flags & F_LIST))
        return err_set_state(e, ERR_INVAL, "22023", "SET %s takes only one argument", name);
    struct sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < args->n; i++) {
        const struct sql_expr *x = args->items[i];
        if (i > 0)
            sbuf_puts(&b, ", ");
        if (x->kind == SQL_EXPR_CONST) {
            const struct sql_const *c = &x->u.c;
            switch (c->kind) {
            case SQL_CONST_INT4:
            case SQL_CONST_INT8:
                if (is_tz(name)) {
                    sbuf_printf(&b, "%lld", (long long)c->ival); /* check_timezone names it */
                } else {
                    sbuf_printf(&b, "%lld", (long long)c->ival);
                }
                break;
            case SQL_CONST_NUMERIC:
                sbuf_puts(&b, c->str); /* check_timezone names a number of hours */
                break;
            case SQL_CONST_STRING:
                if (flags & F_LIST_QUOTE)
                    quote_ident(&b, c->str);
                else
                    sbuf_puts(&b, c->str);
                break;
            case SQL_CONST_BOOL:
                sbuf_puts(&b, c->bval ? "on" : "off");
                break;
            default:
                sbuf_free(&b);
                return err_set_state(e, ERR_INVAL, "42601", "syntax error at or near \"NULL\"");
            }
        } else if (x->kind == SQL_EXPR_CAST && x->u.cast.arg != NULL &&
                   x->u.cast.arg->kind == SQL_EXPR_CONST &&
                   x->u.cast.arg->u.c.kind == SQL_CONST_STRING && is_tz(name)) {
            /* SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE */
            struct sql_interval iv;
            struct err e2 = {0};
            uint32_t ivoid = 0;
            int32_t ivmod = -1;
            int serial = 0;
            /* coerced with its typmod, as flatten_set_variable_args does */
            if (x->u.cast.type != NULL &&
                sql_type_resolve(x->u.cast.type, &ivoid, &ivmod, &serial, &e2) != 0) {
                sbuf_free(&b);
                *e = e2;
                return e->code;
            }
            struct sql_fmt f;
            struct sql_value v;
            const char *ivtext = x->u.cast.arg->u.c.str;
            sql_fmt_init(&f);
            if (sql_value_in(ctx, SQL_T_INTERVAL, ivoid == SQL_T_INTERVAL ? ivmod : -1, ivtext,
                             strlen(ivtext), &f, &v, &e2) != 0) {
                sbuf_free(&b);
                *e = e2;
                return e->code;
            }
            iv = v.u.iv;
            if (iv.month != 0 || iv.day != 0) { /* check_timezone */
                char ivs[SQL_DT_OUT_MAX];
                sql_interval_out(&iv, ivs);
                sbuf_free(&b);
                return err_set_state(e, ERR_INVAL, "22023",
                                     "invalid value for parameter \"TimeZone\": \"INTERVAL "
                                     "'%s'\"\nDETAIL:  Cannot specify %s in time zone interval.",
                                     ivs, iv.month != 0 ? "months" : "days");
            }
            int64_t secs = iv.time / 1000000;
            char tz_name[64];
            tz_offset_name(tz_name, sizeof(tz_name), (long)secs);
            sbuf_puts(&b, tz_name);
        } else {
            sbuf_free(&b);
            return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                                 "this form of SET value is not supported");
        }
    }
    *out = mem_strndup(ctx, b.data, b.len);
    sbuf_free(&b);
    return 0;
}

const char *sql__guc_canonical_name(const char *name)
{
    int i = guc_index(name);
    return i < 0 ? NULL : gucs[i].name;
}

const char *sql__guc_session_name(struct sql_env *env, const char *name)
{
    int i = var_index(env->sess != NULL ? env_gucs(env) : NULL, name);
    if (i < 0)
        return NULL;
    return (size_t)i < NGUCS ? gucs[i].name : env_gucs(env)->cname[(size_t)i - NGUCS];
}

bool sql__guc_sorted(void)
{
    for (size_t i = 1; i < NGUCS; i++)
        if (strcasecmp(gucs[i - 1].name, gucs[i].name) >= 0)
            return false;
    return true;
}

int sql__exec_set(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const char *name = st->u.set.name != NULL ? st->u.set.name : "";
    switch (st->u.set.kind) {
    case SQL_SET_RESET_ALL:
        return sql__gucs_reset_all(env, e);
    case SQL_SET_RESET:
    case SQL_SET_DEFAULT:
        return sql_setting_set(env, name, NULL, st->u.set.local, e);
    case SQL_SET_CURRENT:
        return err_set_state(e, ERR_UNSUPPORTED, "0A000", "SET FROM CURRENT is not supported");
    case SQL_SET_VALUE:
        break;
    }
    if (guc_index(name) < 0 && strchr(name, '.') == NULL)
        return unrecognized(name, e);
    struct mem_ctx *tmp = mem_ctx_new(NULL, "set args");
    const char *v = NULL;
    int rc = sql__set_args_text(name, &st->u.set.args, tmp, &v, e);
    if (rc == 0)
        rc = sql_setting_set(env, name, v, st->u.set.local, e);
    mem_ctx_free(tmp);
    return rc;
}
