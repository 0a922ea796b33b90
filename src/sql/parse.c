/* parse.c — sql_parse: bounds, libpg_query, protobuf depth check, errors and
 * the statement list. The tree conversion is in parse_expr.c (expressions,
 * types), parse_stmt.c (queries and DML) and parse_ddl.c (DDL, utility).
 *
 * Why the extra checks: libpg_query's protobuf writer and protobuf-c's
 * unpacker recurse per tree level without a stack check (see parse.h). A
 * tree level needs at least one token that is a word, an operator character,
 * '(' or '['; counting those bounds the depth before libpg_query runs.
 */
#include "sql/parse.h"

#include "common/err.h"
#include "common/mem.h"
#include "sql/parse_int.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Stack budget of the helper thread: base plus per counted token. libpg_query
 * needs ~300 bytes per level to write the tree, protobuf-c ~500 per message
 * level to unpack it (each tree level is 1-3 message levels). */
#define STACK_BASE      ((size_t)4 << 20)
#define STACK_PER_TOKEN ((size_t)2048)

int sql__cv_enter(struct sql__cv *cv)
{
    if (++cv->depth > cv->max_depth) {
        cv->depth--;
        return err_set_state(cv->e, ERR_LIMIT, "54001", "stack depth limit exceeded");
    }
    return 0;
}

int sql__unsupported(struct sql__cv *cv, const char *what)
{
    return err_set_state(cv->e, ERR_UNSUPPORTED, "0A000", "feature not supported: %s", what);
}

int sql__malformed(struct sql__cv *cv, const char *what)
{
    return err_set_state(cv->e, ERR_INTERNAL, "XX000", "unexpected parse tree: %s", what);
}

static const char *node_feature(const pq_node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        return "CREATE TRIGGER";
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        return n->create_function_stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
    case PG_QUERY__NODE__NODE_MERGE_STMT:
        return "MERGE";
    case PG_QUERY__NODE__NODE_GRANT_STMT:
        return n->grant_stmt->is_grant ? "GRANT" : "REVOKE";
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
        return n->grant_role_stmt->is_grant ? "GRANT role" : "REVOKE role";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        return n->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
                   ? "CREATE MATERIALIZED VIEW"
                   : "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_DO_STMT:
        return "DO";
    case PG_QUERY__NODE__NODE_CALL_STMT:
        return "CALL";
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        return "LOCK";
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
        return "NOTIFY";
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
        return "LISTEN";
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
        return "UNLISTEN";
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
        return "DECLARE CURSOR";
    case PG_QUERY__NODE__NODE_FETCH_STMT:
        return "FETCH";
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
        return "CLOSE";
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        return "CREATE EXTENSION";
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        return "CREATE DOMAIN";
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        return "CREATE TYPE ... AS (composite types)";
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
        return "CREATE TYPE ... AS RANGE";
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
        switch (n->define_stmt->kind) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
            return "CREATE AGGREGATE";
        case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR:
            return "CREATE OPERATOR";
        case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
            return "CREATE COLLATION";
        case PG_QUERY__OBJECT_TYPE__OBJECT_TSPARSER:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TSDICTIONARY:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TSTEMPLATE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TSCONFIGURATION:
            return "CREATE TEXT SEARCH";
        default:
            return "CREATE TYPE";
        }
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        return "CREATE TYPE";
    case PG_QUERY__NODE__NODE_RULE_STMT:
        return "CREATE RULE";
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
        return "CREATE POLICY";
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return "ALTER SEQUENCE";
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT:
        return "ALTER DATABASE";
    case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
        return "ALTER ROLE SET";
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
        return "ALTER OWNER";
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
        return "ALTER SET SCHEMA";
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        return "CLUSTER";
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
        return "REINDEX";
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
        return "CHECKPOINT";
    case PG_QUERY__NODE__NODE_LOAD_STMT:
        return "LOAD";
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        return "REFRESH MATERIALIZED VIEW";
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
        return "ALTER SYSTEM";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
        return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
        return "CREATE PUBLICATION";
    case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT:
        return "CREATE SUBSCRIPTION";
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
        return "CREATE FOREIGN TABLE";
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
        return "SET CONSTRAINTS";
    case PG_QUERY__NODE__NODE_DROP_OWNED_STMT:
        return "DROP OWNED";
    case PG_QUERY__NODE__NODE_REASSIGN_OWNED_STMT:
        return "REASSIGN OWNED";
    case PG_QUERY__NODE__NODE_SEC_LABEL_STMT:
        return "SECURITY LABEL";
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
        return "CREATE STATISTICS";
    case PG_QUERY__NODE__NODE_GROUPING_SET:
        return "GROUPING SETS, ROLLUP and CUBE";
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return "GROUPING";
    case PG_QUERY__NODE__NODE_NAMED_ARG_EXPR:
        return "named function arguments";
    case PG_QUERY__NODE__NODE_CURRENT_OF_EXPR:
        return "WHERE CURRENT OF";
    case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE:
        return "TABLESAMPLE";
    case PG_QUERY__NODE__NODE_RANGE_TABLE_FUNC:
        return "XMLTABLE";
    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
        return "XMLSERIALIZE";
    case PG_QUERY__NODE__NODE_XML_EXPR:
        switch (n->xml_expr->op) {
        case PG_QUERY__XML_EXPR_OP__IS_XMLCONCAT:
            return "XMLCONCAT";
        case PG_QUERY__XML_EXPR_OP__IS_XMLELEMENT:
            return "XMLELEMENT";
        case PG_QUERY__XML_EXPR_OP__IS_XMLFOREST:
            return "XMLFOREST";
        case PG_QUERY__XML_EXPR_OP__IS_XMLPARSE:
            return "XMLPARSE";
        case PG_QUERY__XML_EXPR_OP__IS_XMLPI:
            return "XMLPI";
        case PG_QUERY__XML_EXPR_OP__IS_XMLROOT:
            return "XMLROOT";
        case PG_QUERY__XML_EXPR_OP__IS_XMLSERIALIZE:
            return "XMLSERIALIZE";
        default:
            return "IS DOCUMENT";
        }
    default:
        break;
    }
    return NULL;
}

int sql__unsupported_node(struct sql__cv *cv, const pq_node *n)
{
    const char *what = node_feature(n);
    if (what != NULL)
        return sql__unsupported(cv, what);
    /* Fall back to libpg_query's node name: create_fdw_stmt -> "CREATE FDW". */
    const ProtobufCFieldDescriptor *fd = protobuf_c_message_descriptor_get_field(
        &pg_query__node__descriptor, (unsigned)n->node_case);
    char buf[96];
    size_t k = 0;
    const char *name = fd != NULL ? fd->name : "unknown";
    size_t nl = strlen(name);
    if (nl > 5 && strcmp(name + nl - 5, "_stmt") == 0)
        nl -= 5;
    for (size_t i = 0; i < nl && k + 1 < sizeof(buf); i++)
        buf[k++] = name[i] == '_' ? ' ' : (char)toupper((unsigned char)name[i]);
    buf[k] = '\0';
    return sql__unsupported(cv, buf);
}

char *sql__strdup(struct sql__cv *cv, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return NULL;
    return mem_strdup(cv->ctx, s);
}

void sql__list_init(struct sql__cv *cv, struct sql_list *l, size_t n)
{
    l->n = (int)n;
    l->items = n > 0 ? mem_alloc(cv->ctx, n * sizeof(void *)) : NULL;
}

const char *sql__node_str(const pq_node *n)
{
    if (n == NULL || n->node_case != PG_QUERY__NODE__NODE_STRING)
        return NULL;
    return n->string->sval;
}

int sql__cv_names(struct sql__cv *cv, pq_node **items, size_t n, struct sql_list *out)
{
    sql__list_init(cv, out, n);
    for (size_t i = 0; i < n; i++) {
        const char *s = sql__node_str(items[i]);
        if (s == NULL)
            return sql__malformed(cv, "name list");
        out->items[i] = mem_strdup(cv->ctx, s);
    }
    return 0;
}

int sql__cv_qname(struct sql__cv *cv, pq_node **items, size_t n, struct sql_qname *out)
{
    memset(out, 0, sizeof(*out));
    if (n > 3) /* the grammar allows any_name lists of any length */
        return err_set_state(cv->e, ERR_INVAL, "42601",
                             "improper qualified name (too many dotted names)");
    if (n < 1)
        return sql__malformed(cv, "qualified name");
    const char *parts[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < n; i++) {
        parts[i] = sql__node_str(items[i]);
        if (parts[i] == NULL)
            return sql__malformed(cv, "qualified name");
    }
    out->name = mem_strdup(cv->ctx, parts[n - 1]);
    if (n >= 2)
        out->schema = mem_strdup(cv->ctx, parts[n - 2]);
    if (n == 3)
        out->catalog = mem_strdup(cv->ctx, parts[0]);
    return 0;
}

/* ---- bounds before libpg_query -------------------------------------------- */

/* An upper bound on the nesting of the tree text can produce (see top). */
static size_t count_nest_tokens(const char *s, size_t n)
{
    size_t c = 0;
    bool in_word = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80) {
            if (!in_word)
                c++;
            in_word = true;
        } else if ((ch >= '0' && ch <= '9') || ch == '$') {
            /* continues a word or a number: neither nests */
        } else {
            in_word = false;
            if (ch == '(' || ch == '[' || strchr("+-*/<>=~!@#%^&|`?:", ch) != NULL)
                c++;
        }
    }
    return c;
}

/* Walk the protobuf encoding of a ParseResult without recursion and check
 * that messages nest at most limit deep (protobuf-c's unpack recurses). */
static int pb_depth_check(const uint8_t *p, size_t len, int limit, struct err *e)
{
    struct frame {
        const uint8_t *end;
        const ProtobufCMessageDescriptor *desc;
    } *stack = xmalloc(((size_t)limit + 1) * sizeof(*stack));
    int top = 0, rc = 0;
    stack[0].end = p + len;
    stack[0].desc = &pg_query__parse_result__descriptor;
    for (;;) {
        if (p == stack[top].end) {
            if (top == 0)
                break;
            top--;
            continue;
        }
        const uint8_t *end = stack[top].end;
        uint64_t key = 0;
        int shift = 0;
        for (;;) {
            if (p >= end || shift > 63)
                goto bad;
            key |= (uint64_t)(*p & 0x7f) << shift;
            shift += 7;
            if ((*p++ & 0x80) == 0)
                break;
        }
        switch (key & 7) {
        case 0: /* varint */
            for (;;) {
                if (p >= end)
                    goto bad;
                if ((*p++ & 0x80) == 0)
                    break;
            }
            break;
        case 1:
            if ((size_t)(end - p) < 8)
                goto bad;
            p += 8;
            break;
        case 5:
            if ((size_t)(end - p) < 4)
                goto bad;
            p += 4;
            break;
        case 2: {
            uint64_t n = 0;
            shift = 0;
            for (;;) {
                if (p >= end || shift > 63)
                    goto bad;
                n |= (uint64_t)(*p & 0x7f) << shift;
                shift += 7;
                if ((*p++ & 0x80) == 0)
                    break;
            }
            if (n > (uint64_t)(end - p))
                goto bad;
            const ProtobufCFieldDescriptor *fd =
                protobuf_c_message_descriptor_get_field(stack[top].desc, (unsigned)(key >> 3));
            if (fd != NULL && fd->type == PROTOBUF_C_TYPE_MESSAGE) {
                if (top + 1 > limit) {
                    rc = err_set_state(e, ERR_LIMIT, "54001", "stack depth limit exceeded");
                    goto out;
                }
                top++;
                stack[top].end = p + n;
                stack[top].desc = fd->descriptor;
            } else {
                p += n;
            }
            break;
        }
        default:
            goto bad;
        }
    }
out:
    xfree(stack);
    return rc;
bad:
    xfree(stack);
    return err_set_state(e, ERR_INTERNAL, "XX000", "malformed parse tree from libpg_query");
}

/* SQLSTATE of a libpg_query error: it carries only the message, and the
 * raw parser raises few codes besides 42601. */
static const char *error_state(const char *msg, int *code)
{
    *code = ERR_INVAL;
    if (strstr(msg, "stack depth limit exceeded") != NULL) {
        *code = ERR_LIMIT;
        return "54001";
    }
    if (strstr(msg, "not supported") != NULL || strstr(msg, "not implemented") != NULL ||
        strncmp(msg, "unsafe use of", 13) == 0 || strstr(msg, "cannot be used together") != NULL) {
        *code = ERR_UNSUPPORTED;
        return "0A000";
    }
    if (strstr(msg, "must be at least 1 bit") != NULL ||
        strstr(msg, "must be less than 54 bits") != NULL)
        return "22023";
    if (strncmp(msg, "invalid Unicode", 15) == 0)
        return "22P05";
    if (strncmp(msg, "frame start", 11) == 0 || strncmp(msg, "frame end", 9) == 0 ||
        strncmp(msg, "frame starting from", 19) == 0)
        return "42P20"; /* gram.y's window frame checks */
    return "42601";
}

struct parse_job {
    const char *text;
    size_t len;
    int max_depth;
    struct mem_ctx *ctx;
    struct sql_parse_result *out;
    struct err *e;
    int rc;
};

static int convert(struct parse_job *j, const PgQuery__ParseResult *pr)
{
    struct sql__cv cv = {.ctx = j->ctx,
                         .e = j->e,
                         .depth = 0,
                         .max_depth = j->max_depth,
                         .err_location = -1,
                         .text = j->text,
                         .len = j->len};
    struct sql_stmt **stmts =
        pr->n_stmts > 0 ? mem_alloc(j->ctx, pr->n_stmts * sizeof(*stmts)) : NULL;
    for (size_t i = 0; i < pr->n_stmts; i++) {
        const PgQuery__RawStmt *raw = pr->stmts[i];
        if (raw->stmt == NULL)
            return sql__malformed(&cv, "RawStmt");
        int rc = sql__cv_stmt(&cv, raw->stmt, &stmts[i]);
        if (rc != 0) {
            if (cv.err_location >= 0 && (size_t)cv.err_location < j->len)
                j->out->cursor = cv.err_location + 1;
            return rc;
        }
        int loc = raw->stmt_location;
        if (loc < 0 || (size_t)loc > j->len)
            loc = 0;
        stmts[i]->location = loc;
        stmts[i]->len = raw->stmt_len > 0 ? raw->stmt_len : (int)(j->len - (size_t)loc);
    }
    j->out->stmts = stmts;
    j->out->n = (int)pr->n_stmts;
    return 0;
}

static int parse_here(struct parse_job *j)
{
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(j->text);
    int rc = 0;
    if (r.error != NULL) {
        int code;
        const char *state = error_state(r.error->message, &code);
        /* gram.y's errhint, which libpg_query's error does not carry */
        const char *hint = strcmp(r.error->message, "subquery in FROM must have an alias") == 0
                               ? "\nHINT:  For example, FROM (SELECT ...) [AS] foo."
                           : strcmp(r.error->message, "VALUES in FROM must have an alias") == 0
                               ? "\nHINT:  For example, FROM (VALUES ...) [AS] foo."
                               : "";
        rc = err_set_state(j->e, code, state, "%s%s", r.error->message, hint);
        j->out->cursor = r.error->cursorpos;
        goto done;
    }
    /* Each tree level is at most a few message levels; the slack covers the
     * fixed levels of statements and clauses. */
    rc = pb_depth_check((const uint8_t *)r.parse_tree.data, r.parse_tree.len, 3 * j->max_depth + 32,
                        j->e);
    if (rc != 0)
        goto done;
    PgQuery__ParseResult *pr =
        pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    if (pr == NULL) {
        rc =
            err_set_state(j->e, ERR_INTERNAL, "XX000", "cannot unpack parse tree from libpg_query");
        goto done;
    }
    rc = convert(j, pr);
    pg_query__parse_result__free_unpacked(pr, NULL);
done:
    pg_query_free_protobuf_parse_result(r);
    return rc;
}

static void *parse_thread(void *arg)
{
    struct parse_job *j = arg;
    /* libpg_query frees this thread's memory context when the thread exits
     * (calling pg_query_exit here as well would free it twice). */
    j->rc = parse_here(j);
    return NULL;
}

int sql_parse(const char *text, size_t len, const struct sql_parse_opts *opts, struct mem_ctx *ctx,
              struct sql_parse_result *out, struct err *e)
{
    size_t max_len = opts != NULL && opts->max_len > 0 ? opts->max_len : SQL_PARSE_DEFAULT_MAX_LEN;
    int max_depth =
        opts != NULL && opts->max_depth > 0 ? opts->max_depth : SQL_PARSE_DEFAULT_MAX_DEPTH;
    memset(out, 0, sizeof(*out));
    if (len > max_len)
        return err_set_state(e, ERR_LIMIT, "54000",
                             "statement text too long: %zu bytes (limit %zu)", len, max_len);
    if (memchr(text, '\0', len) != NULL || text[len] != '\0')
        return err_set_state(e, ERR_INVAL, "22021",
                             "invalid byte sequence for encoding \"UTF8\": 0x00");

    struct parse_job job = {
        .text = text, .len = len, .max_depth = max_depth, .ctx = ctx, .out = out, .e = e};
    size_t tokens = count_nest_tokens(text, len);
    int rc;
    if (tokens <= SQL_PARSE_INLINE_TOKENS) {
        rc = parse_here(&job);
    } else if (tokens > SQL_PARSE_MAX_TOKENS) {
        rc = err_set_state(e, ERR_LIMIT, "54001", "stack depth limit exceeded");
    } else {
        pthread_attr_t attr;
        pthread_t th;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, STACK_BASE + tokens * STACK_PER_TOKEN);
        if (pthread_create(&th, &attr, parse_thread, &job) != 0) {
            pthread_attr_destroy(&attr);
            return err_set_state(e, ERR_NOMEM, "53200",
                                 "out of memory: cannot start parser thread");
        }
        pthread_attr_destroy(&attr);
        pthread_join(th, NULL);
        rc = job.rc;
    }
    if (rc != 0) {
        out->stmts = NULL;
        out->n = 0;
    }
    return rc;
}
