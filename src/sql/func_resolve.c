/* func_resolve.c — choosing among overloads of functions, operators and
 * aggregates, as PostgreSQL 15 does (parse_func.c func_get_detail /
 * func_match_argtypes / func_select_candidate, parse_oper.c oper /
 * binary_oper_exact / oper_select_candidate):
 *
 *   1. an exact match of the argument types wins (for a binary operator
 *      with one unknown-typed side, the unknown side is first assumed to be
 *      of the other side's type);
 *   2. otherwise the candidates every argument can reach by an implicit
 *      cast (unknown literals reach anything) are kept; one left wins;
 *   3. then those with the most exact type matches; then those with the
 *      most exact-or-preferred matches;
 *   4. then, for unknown arguments, the type category the candidates
 *      agree on (string wins a conflict), preferring preferred types;
 *   5. last gasp: if all known arguments have one type, the unknowns are
 *      assumed to be of it.
 * No winner is 42725 "... is not unique"; no candidate is 42883.
 *
 * The registries are sql_core_funcs (sorted by name; binary search) then
 * sql_pgcat_funcs (scanned). Polymorphic ANYELEMENT arguments must agree on
 * one type (unknown literals take it, or text when all are unknown);
 * SQL_T_ANY arguments take their own type.
 */
#include "sql/func.h"

#include "common/err.h"
#include "common/str.h"
#include "sql/array.h"
#include "sql/enum.h"
#include "sql/func_int.h"
#include "sql/range.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* At most this many overloads of one name are considered (PostgreSQL has
 * ~40 "=" operators; the registries stay well below). */
#define MAX_CANDS 256

struct cand {
    const struct sql_func_def *def; /* NULL for aggregates */
    const struct sql_agg_def *agg;
    uint32_t types[SQL_FUNC_MAX_ARGS * 4]; /* declared type per actual position */
};

/* ---- registry access ---- */

static int cmp_name(const char *name, const struct sql_func_def *d)
{
    return strcmp(name, d->name);
}

/* First index of name in sql_core_funcs (or sql_core_nfuncs when absent). */
static size_t core_first(const char *name)
{
    size_t lo = 0;
    size_t hi = sql_core_nfuncs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_name(name, &sql_core_funcs[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool sql_func_exists(const char *name)
{
    size_t i = core_first(name);
    if (i < sql_core_nfuncs && strcmp(sql_core_funcs[i].name, name) == 0)
        return true;
    for (size_t k = 0; k < sql_pgcat_nfuncs; k++)
        if (strcmp(sql_pgcat_funcs[k].name, name) == 0)
            return true;
    for (size_t k = 0; k < sql_json_nfuncs; k++)
        if (strcmp(sql_json_funcs[k].name, name) == 0)
            return true;
    for (size_t k = 0; k < sql_range_nfuncs; k++)
        if (strcmp(sql_range_funcs[k].name, name) == 0)
            return true;
    return false;
}

static bool def_takes(const struct sql_func_def *d, int nargs)
{
    if (d->variadic)
        return nargs >= d->nargs && d->nargs > 0;
    return nargs == d->nargs;
}

static void fill_types(const struct sql_func_def *d, int nargs, uint32_t *types)
{
    for (int i = 0; i < nargs; i++)
        types[i] = d->args[i < d->nargs ? i : d->nargs - 1];
}

/* Every def named name taking nargs arguments (prefix operators are the
 * nargs 1 rows of an operator name). */
static int gather(const char *name, int nargs, struct cand *cands)
{
    int n = 0;
    for (size_t i = core_first(name);
         i < sql_core_nfuncs && strcmp(sql_core_funcs[i].name, name) == 0; i++) {
        const struct sql_func_def *d = &sql_core_funcs[i];
        if (!def_takes(d, nargs) || n >= MAX_CANDS)
            continue;
        cands[n].def = d;
        cands[n].agg = NULL;
        fill_types(d, nargs, cands[n].types);
        n++;
    }
    for (size_t i = 0; i < sql_pgcat_nfuncs; i++) {
        const struct sql_func_def *d = &sql_pgcat_funcs[i];
        if (strcmp(d->name, name) != 0 || !def_takes(d, nargs) || n >= MAX_CANDS)
            continue;
        cands[n].def = d;
        cands[n].agg = NULL;
        fill_types(d, nargs, cands[n].types);
        n++;
    }
    for (size_t i = 0; i < sql_json_nfuncs; i++) {
        const struct sql_func_def *d = &sql_json_funcs[i];
        if (strcmp(d->name, name) != 0 || !def_takes(d, nargs) || n >= MAX_CANDS)
            continue;
        cands[n].def = d;
        cands[n].agg = NULL;
        fill_types(d, nargs, cands[n].types);
        n++;
    }
    for (size_t i = 0; i < sql_range_nfuncs; i++) {
        const struct sql_func_def *d = &sql_range_funcs[i];
        if (strcmp(d->name, name) != 0 || !def_takes(d, nargs) || n >= MAX_CANDS)
            continue;
        cands[n].def = d;
        cands[n].agg = NULL;
        fill_types(d, nargs, cands[n].types);
        n++;
    }
    return n;
}

/* PostgreSQL declares the range functions over anyrange / anyelement: an
 * element argument must then be of the range's subtype exactly (or an
 * unknown literal), no implicit cast (numrange @> integer is 42883). The
 * rows of sql_range_funcs are per range type, so drop those an argument
 * would reach only through a cast. Constructors (int4range(int4, int4))
 * are ordinary functions in PostgreSQL too and keep their casts. */
static int range_poly_filter(struct cand *cands, int n, const uint32_t *argtypes, int nargs)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        const struct sql_func_def *d = cands[i].def;
        bool keep = true;
        if (d != NULL && d >= sql_range_funcs && d < sql_range_funcs + sql_range_nfuncs) {
            bool poly = false;
            for (int a = 0; a < nargs; a++)
                poly = poly || sql_range_subtype(cands[i].types[a]) != 0;
            for (int a = 0; a < nargs && poly && keep; a++)
                keep = sql_range_subtype(cands[i].types[a]) != 0 ||
                       argtypes[a] == cands[i].types[a] || argtypes[a] == SQL_T_UNKNOWN;
        }
        if (keep)
            cands[m++] = cands[i];
    }
    return m;
}

/* ---- type properties ---- */

static bool is_poly(uint32_t t)
{
    return t == SQL_FT_ANYELEMENT || t == SQL_T_ANY;
}

static char category(uint32_t t)
{
    if (is_poly(t))
        return SQL_TC_PSEUDO;
    const struct sql_type_info *ti = sql_type_get(t);
    return ti ? ti->category : SQL_TC_USER;
}

static bool preferred(uint32_t t)
{
    if (is_poly(t))
        return false;
    const struct sql_type_info *ti = sql_type_get(t);
    return ti && ti->preferred;
}

static bool can_coerce(uint32_t from, uint32_t to)
{
    if (from == to || to == SQL_T_ANY || to == SQL_FT_ANYELEMENT || from == SQL_T_UNKNOWN)
        return true;
    return sql_cast_context(from, to) == SQL_CAST_IMPLICIT;
}

/* All args reach the candidate by implicit casts, and its ANYELEMENT
 * positions agree on one type. *elem gets that type (SQL_T_UNKNOWN when
 * only unknowns are there, SQL_T_INVALID when there is no ANYELEMENT). */
static bool cand_accepts(const uint32_t *types, const uint32_t *args, int nargs, uint32_t *elem)
{
    uint32_t el = SQL_T_INVALID;
    for (int i = 0; i < nargs; i++) {
        if (!can_coerce(args[i], types[i]))
            return false;
        if (types[i] != SQL_FT_ANYELEMENT)
            continue;
        if (args[i] == SQL_T_UNKNOWN) {
            if (el == SQL_T_INVALID)
                el = SQL_T_UNKNOWN;
            continue;
        }
        if (el == SQL_T_INVALID || el == SQL_T_UNKNOWN)
            el = args[i];
        else if (el != args[i])
            return false;
    }
    if (elem)
        *elem = el;
    return true;
}

static bool exact(const uint32_t *types, const uint32_t *args, int nargs)
{
    for (int i = 0; i < nargs; i++)
        if (types[i] != args[i])
            return false;
    return true;
}

/* func_select_candidate: narrow cands[0..n) (all acceptable) to one. Returns
 * its index or -1 (ambiguous). */
static int select_candidate(struct cand *cands, int n, const uint32_t *args, int nargs)
{
    int keep[MAX_CANDS];
    int nk = 0;
    int nunknowns = 0;
    for (int i = 0; i < nargs; i++)
        if (args[i] == SQL_T_UNKNOWN)
            nunknowns++;

    /* Most exact matches, then most exact-or-preferred matches. */
    for (int pass = 0; pass < 2; pass++) {
        int best = -1;
        int nn = 0;
        int src[MAX_CANDS];
        int nsrc = pass == 0 ? n : nk;
        for (int k = 0; k < nsrc; k++)
            src[k] = pass == 0 ? k : keep[k];
        for (int k = 0; k < nsrc; k++) {
            const uint32_t *t = cands[src[k]].types;
            int m = 0;
            for (int i = 0; i < nargs; i++)
                if (args[i] != SQL_T_UNKNOWN && (t[i] == args[i] || (pass == 1 && preferred(t[i]))))
                    m++;
            if (m > best) {
                best = m;
                nn = 0;
            }
            if (m == best)
                keep[nn++] = src[k];
        }
        nk = nn;
        if (nk == 1)
            return keep[0];
    }
    if (nunknowns == 0)
        return -1;

    /* Resolve unknown inputs by type category. */
    char slot_cat[SQL_FUNC_MAX_ARGS * 4];
    bool slot_pref[SQL_FUNC_MAX_ARGS * 4];
    bool resolved = true;
    for (int i = 0; i < nargs && resolved; i++) {
        if (args[i] != SQL_T_UNKNOWN)
            continue;
        char cat = 0;
        bool pref = false;
        bool conflict = false;
        for (int k = 0; k < nk; k++) {
            uint32_t t = cands[keep[k]].types[i];
            char tc = category(t);
            bool tp = preferred(t);
            if (cat == 0) {
                cat = tc;
                pref = tp;
            } else if (tc == cat) {
                pref = pref || tp;
            } else if (tc == SQL_TC_STRING) {
                cat = tc;
                pref = tp;
            } else {
                conflict = true;
            }
        }
        if (conflict && cat != SQL_TC_STRING)
            resolved = false;
        slot_cat[i] = cat;
        slot_pref[i] = pref;
    }
    if (resolved) {
        int nn = 0;
        int kept[MAX_CANDS];
        for (int k = 0; k < nk; k++) {
            const uint32_t *t = cands[keep[k]].types;
            bool ok = true;
            for (int i = 0; i < nargs && ok; i++) {
                if (args[i] != SQL_T_UNKNOWN)
                    continue;
                if (category(t[i]) != slot_cat[i] || (slot_pref[i] && !preferred(t[i])))
                    ok = false;
            }
            if (ok)
                kept[nn++] = keep[k];
        }
        if (nn == 1)
            return kept[0];
        if (nn > 0) {
            memcpy(keep, kept, sizeof(int) * (size_t)nn);
            nk = nn;
        }
    }

    /* Last gasp: unknowns take the one known type. */
    if (nunknowns < nargs) {
        uint32_t known = SQL_T_UNKNOWN;
        for (int i = 0; i < nargs; i++) {
            if (args[i] == SQL_T_UNKNOWN)
                continue;
            if (known == SQL_T_UNKNOWN) {
                known = args[i];
            } else if (known != args[i]) {
                known = SQL_T_INVALID;
                break;
            }
        }
        if (known != SQL_T_INVALID && known != SQL_T_UNKNOWN) {
            uint32_t as[SQL_FUNC_MAX_ARGS * 4];
            for (int i = 0; i < nargs; i++)
                as[i] = known;
            int found = -1;
            int nm = 0;
            for (int k = 0; k < nk; k++) {
                if (cand_accepts(cands[keep[k]].types, as, nargs, NULL)) {
                    nm++;
                    found = keep[k];
                }
            }
            if (nm == 1)
                return found;
        }
    }
    return -1;
}

/* Pick among cands[0..n) for args; -1 none, -2 ambiguous, else the index. */
static int resolve(struct cand *cands, int n, const uint32_t *args, int nargs)
{
    for (int k = 0; k < n; k++)
        if (exact(cands[k].types, args, nargs))
            return k;
    int ok = 0;
    for (int k = 0; k < n; k++)
        if (cand_accepts(cands[k].types, args, nargs, NULL))
            cands[ok++] = cands[k];
    if (ok == 0)
        return -1;
    if (ok == 1)
        return 0;
    int k = select_candidate(cands, ok, args, nargs);
    return k < 0 ? -2 : k;
}

/* Fill out from the chosen candidate. */
static void fill_match(const struct cand *c, const uint32_t *args, int nargs,
                       struct sql_func_match *out)
{
    uint32_t elem = SQL_T_INVALID;
    cand_accepts(c->types, args, nargs, &elem);
    if (elem == SQL_T_UNKNOWN || elem == SQL_T_INVALID)
        elem = SQL_T_TEXT;
    memset(out, 0, sizeof(*out));
    out->def = c->def;
    out->nargs = nargs;
    for (int i = 0; i < nargs; i++) {
        uint32_t t = c->types[i];
        if (t == SQL_FT_ANYELEMENT)
            t = elem;
        else if (t == SQL_T_ANY)
            t = args[i]; /* "any" keeps even unknown, as PostgreSQL's */
        out->argtypes[i] = t;
    }
    out->ret = c->def->ret == SQL_FT_ANYELEMENT ? elem : c->def->ret;
    out->ret_typmod = -1;
}

/* format_type_be: the SQL name without a typmod ("character", not "bpchar"). */
static void type_name(uint32_t t, struct sbuf *b)
{
    const struct sql_type_info *ti = sql_type_get(t);
    if (ti && ti->sql_name)
        sbuf_puts(b, ti->sql_name);
    else
        sql_type_format(t, -1, b);
}

static void type_list(struct sbuf *b, const uint32_t *args, int nargs)
{
    for (int i = 0; i < nargs; i++) {
        if (i > 0)
            sbuf_puts(b, ", ");
        type_name(args[i], b);
    }
}

static int func_error(int rc, const char *name, const uint32_t *args, int nargs, struct err *e)
{
    struct sbuf b;
    sbuf_init(&b);
    type_list(&b, args, nargs);
    sbuf_putc(&b, '\0');
    if (rc == -2)
        err_set_state(e, ERR_INVAL, "42725",
                      "function %s(%s) is not unique" SQL_FUNC_HINT_SEP
                      "Could not choose a best candidate function. You might need to add "
                      "explicit type casts.",
                      name, b.data);
    else
        err_set_state(e, ERR_NOTFOUND, "42883",
                      "function %s(%s) does not exist" SQL_FUNC_HINT_SEP
                      "No function matches the given name and argument types. You might need "
                      "to add explicit type casts.",
                      name, b.data);
    sbuf_free(&b);
    return e ? e->code : (rc == -2 ? ERR_INVAL : ERR_NOTFOUND);
}

/* PostgreSQL built-in functions this build does not have: calling one is
 * 0A000 "... is not supported" rather than PostgreSQL's 42883, so that a
 * client can tell a missing feature from a typo. Sorted. */
static const char *const unsupported_funcs[] = {
    "array_agg",
    "array_length",
    "array_to_string",
    "bit_count",
    "cume_dist",
    "current_schemas",
    "datemultirange",
    "dense_rank",
    "enum_first",
    "enum_last",
    "enum_range",
    "first_value",
    "generate_series",
    "get_bit",
    "int4multirange",
    "int8multirange",
    "json_populate_recordset",
    "json_to_record",
    "json_to_recordset",
    "jsonb_populate_recordset",
    "jsonb_to_record",
    "jsonb_to_recordset",
    "lag",
    "last_value",
    "lead",
    "mode",
    "multirange",
    "nth_value",
    "ntile",
    "nummultirange",
    "percent_rank",
    "percentile_cont",
    "percentile_disc",
    "pg_advisory_lock",
    "pg_advisory_unlock",
    "pg_current_xact_id",
    "pg_describe_object",
    "pg_try_advisory_lock",
    "range_agg",
    "rank",
    "regexp_matches",
    "regexp_split_to_table",
    "row_number",
    "row_to_json",
    "set_bit",
    "string_to_array",
    "string_to_table",
    "tsmultirange",
    "tstzmultirange",
    "txid_current",
    "unnest",
};

static bool is_unsupported(const char *name)
{
    size_t lo = 0, hi = sizeof(unsupported_funcs) / sizeof(unsupported_funcs[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(name, unsupported_funcs[mid]);
        if (r == 0)
            return true;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

static int check_nargs(int nargs, struct err *e)
{
    if (nargs < 0 || nargs > SQL_FUNC_MAX_ARGS * 4)
        return err_set_state(e, ERR_LIMIT, "54023",
                             "cannot pass more than %d arguments to a function",
                             SQL_FUNC_MAX_ARGS * 4);
    return 0;
}

/* Function-style casts PostgreSQL allows without a pg_proc row
 * (func_get_detail's FUNCDETAIL_COERCION): typename(x) when x is an unknown
 * literal or the cast is an I/O conversion (text(123), date('2020-01-01')).
 * The match uses a per-type definition whose function casts explicitly. */
#define CAST_DEFS_MAX 64
static struct sql_func_def cast_defs[CAST_DEFS_MAX];
static size_t ncast_defs;
static pthread_once_t cast_once = PTHREAD_ONCE_INIT;

static void cast_defs_init(void)
{
    size_t n = 0;
    const struct sql_type_info *all = sql_type_all(&n);
    for (size_t i = 0; i < n && ncast_defs < CAST_DEFS_MAX; i++) {
        if (all[i].category == SQL_TC_PSEUDO || all[i].oid == SQL_T_UNKNOWN)
            continue;
        struct sql_func_def *d = &cast_defs[ncast_defs++];
        d->name = all[i].name;
        d->oid = 0;
        d->nargs = 1;
        d->args[0] = SQL_T_ANY;
        d->ret = all[i].oid;
        d->fn = sql__fn_cast;
        d->strict = true;
        d->volatility = 's';
    }
}

static bool is_texty(uint32_t t)
{
    return t == SQL_T_TEXT || t == SQL_T_VARCHAR || t == SQL_T_BPCHAR || t == SQL_T_NAME;
}

static bool func_style_cast(const char *name, uint32_t arg, struct sql_func_match *out)
{
    pthread_once(&cast_once, cast_defs_init);
    for (size_t i = 0; i < ncast_defs; i++) {
        const struct sql_func_def *d = &cast_defs[i];
        if (strcmp(d->name, name) != 0)
            continue;
        enum sql_cast_ctx cc = sql_cast_context(arg, d->ret);
        /* unknown literals, and the I/O conversions to and from text */
        if (arg != SQL_T_UNKNOWN && arg != d->ret &&
            !(cc != SQL_CAST_NONE && (is_texty(arg) || is_texty(d->ret))))
            return false;
        memset(out, 0, sizeof(*out));
        out->def = d;
        out->nargs = 1;
        out->argtypes[0] = arg;
        out->ret = d->ret;
        out->ret_typmod = -1;
        return true;
    }
    return false;
}

int sql_func_lookup(const char *name, const uint32_t *argtypes, int nargs,
                    struct sql_func_match *out, struct err *e)
{
    int rc = check_nargs(nargs, e);
    if (rc < 0)
        return rc;
    if (sql__enum_func(name, argtypes, nargs, out))
        return 0;
    static _Thread_local struct cand cands[MAX_CANDS];
    int n = range_poly_filter(cands, gather(name, nargs, cands), argtypes, nargs);
    int k = resolve(cands, n, argtypes, nargs);
    if (k < 0 && nargs == 1 && func_style_cast(name, argtypes[0], out))
        return 0;
    if (k < 0 && n == 0 && !sql_func_exists(name) && is_unsupported(name)) {
        struct sbuf b;
        sbuf_init(&b);
        type_list(&b, argtypes, nargs);
        sbuf_putc(&b, '\0');
        err_set_state(e, ERR_UNSUPPORTED, "0A000", "function %s(%s) is not supported", name,
                      b.data);
        sbuf_free(&b);
        return ERR_UNSUPPORTED;
    }
    if (k < 0)
        return func_error(k, name, argtypes, nargs, e);
    fill_match(&cands[k], argtypes, nargs, out);
    return 0;
}

int sql_oper_lookup(const char *name, uint32_t ltype, uint32_t rtype, struct sql_func_match *out,
                    struct err *e)
{
    static _Thread_local struct cand cands[MAX_CANDS];
    if (sql__enum_oper(name, ltype, rtype, out))
        return 0;
    bool prefix = ltype == SQL_T_INVALID;
    uint32_t args[2];
    int nargs = prefix ? 1 : 2;
    if (prefix) {
        args[0] = rtype;
    } else {
        args[0] = ltype;
        args[1] = rtype;
    }
    int n = range_poly_filter(cands, gather(name, nargs, cands), args, nargs);
    int k = -1;
    /* binary_oper_exact: an unknown side is assumed to be of the other's type. */
    if (!prefix && (ltype == SQL_T_UNKNOWN) != (rtype == SQL_T_UNKNOWN)) {
        uint32_t t = ltype == SQL_T_UNKNOWN ? rtype : ltype;
        uint32_t same[2] = {t, t};
        for (int i = 0; i < n && k < 0; i++)
            if (exact(cands[i].types, same, 2))
                k = i;
    }
    if (k < 0)
        k = resolve(cands, n, args, nargs);
    if (k >= 0) {
        fill_match(&cands[k], args, nargs, out);
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    if (!prefix) {
        type_name(ltype, &b);
        sbuf_putc(&b, ' ');
    }
    sbuf_puts(&b, name);
    sbuf_putc(&b, ' ');
    type_name(rtype, &b);
    sbuf_putc(&b, '\0');
    if (k == -2)
        err_set_state(e, ERR_INVAL, "42725",
                      "operator is not unique: %s" SQL_FUNC_HINT_SEP
                      "Could not choose a best candidate operator. You might need to add "
                      "explicit type casts.",
                      b.data);
    else if (prefix)
        err_set_state(e, ERR_NOTFOUND, "42883",
                      "operator does not exist: %s" SQL_FUNC_HINT_SEP
                      "No operator matches the given name and argument type. You might need to "
                      "add an explicit type cast.",
                      b.data);
    else
        err_set_state(e, ERR_NOTFOUND, "42883",
                      "operator does not exist: %s" SQL_FUNC_HINT_SEP
                      "No operator matches the given name and argument types. You might need "
                      "to add explicit type casts.",
                      b.data);
    sbuf_free(&b);
    return k == -2 ? ERR_INVAL : ERR_NOTFOUND;
}

/* ---- aggregates ---- */

bool sql_agg_exists(const char *name)
{
    for (size_t i = 0; i < sql__naggs; i++)
        if (strcmp(sql__aggs[i].name, name) == 0)
            return true;
    for (size_t i = 0; i < sql__json_naggs; i++)
        if (strcmp(sql__json_aggs[i].name, name) == 0)
            return true;
    for (size_t i = 0; i < sql__stat_naggs; i++)
        if (strcmp(sql__stat_aggs[i].name, name) == 0)
            return true;
    for (size_t i = 0; i < sql__range_naggs; i++)
        if (strcmp(sql__range_aggs[i].name, name) == 0)
            return true;
    return false;
}

int sql_agg_lookup(const char *name, const uint32_t *argtypes, int nargs, bool star,
                   const struct sql_agg_def **out, uint32_t *cast_to, struct err *e)
{
    static _Thread_local struct cand cands[MAX_CANDS];
    int n = 0;
    if (star) {
        for (size_t i = 0; i < sql__naggs; i++) {
            if (strcmp(sql__aggs[i].name, name) == 0 && sql__aggs[i].arg == 0) {
                *out = &sql__aggs[i];
                if (cast_to)
                    *cast_to = SQL_T_INVALID;
                return 0;
            }
        }
        return err_set_state(e, ERR_NOTFOUND, "42883",
                             "function %s() does not exist" SQL_FUNC_HINT_SEP
                             "No function matches the given name and argument types. You might "
                             "need to add explicit type casts.",
                             name);
    }
    if (nargs == 1 && (strcmp(name, "min") == 0 || strcmp(name, "max") == 0) &&
        sql_array_elemtype(argtypes[0]) != 0) {
        /* min/max(anyarray): array comparison (btarraycmp) */
        *out = &sql__array_minmax_defs[name[1] == 'a' ? 1 : 0];
        if (cast_to)
            *cast_to = argtypes[0];
        return 0;
    }
    if (nargs == 1) {
        const struct sql_agg_def *ea = sql__enum_agg(name, argtypes[0]);
        if (ea != NULL) {
            *out = ea;
            if (cast_to)
                *cast_to = argtypes[0];
            return 0;
        }
    }
    if (nargs == 1 || nargs == 2) {
        for (size_t i = 0; i < sql__naggs && n < MAX_CANDS; i++) {
            const struct sql_agg_def *a = &sql__aggs[i];
            if (strcmp(a->name, name) != 0 || a->arg == 0 || (a->arg2 != 0) != (nargs == 2))
                continue;
            cands[n].def = NULL;
            cands[n].agg = a;
            cands[n].types[0] = a->arg;
            cands[n].types[1] = a->arg2;
            n++;
        }
        for (size_t i = 0; i < sql__json_naggs && n < MAX_CANDS; i++) {
            const struct sql_agg_def *a = &sql__json_aggs[i];
            if (strcmp(a->name, name) != 0 || (a->arg2 != 0) != (nargs == 2))
                continue;
            cands[n].def = NULL;
            cands[n].agg = a;
            cands[n].types[0] = a->arg;
            cands[n].types[1] = a->arg2;
            n++;
        }
        for (size_t i = 0; i < sql__range_naggs && n < MAX_CANDS; i++) {
            const struct sql_agg_def *a = &sql__range_aggs[i];
            if (strcmp(a->name, name) != 0 || nargs != 1)
                continue;
            cands[n].def = NULL;
            cands[n].agg = a;
            cands[n].types[0] = a->arg;
            cands[n].types[1] = 0;
            n++;
        }
        for (size_t i = 0; i < sql__stat_naggs && n < MAX_CANDS; i++) {
            const struct sql_agg_def *a = &sql__stat_aggs[i];
            if (strcmp(a->name, name) != 0 || (a->arg2 != 0) != (nargs == 2))
                continue;
            cands[n].def = NULL;
            cands[n].agg = a;
            cands[n].types[0] = a->arg;
            cands[n].types[1] = a->arg2;
            n++;
        }
    }
    int k = n > 0 ? resolve(cands, n, argtypes, nargs) : -1;
    if (k < 0)
        return func_error(k, name, argtypes, nargs, e);
    *out = cands[k].agg;
    if (cast_to) {
        uint32_t t = cands[k].types[0];
        if (t == SQL_T_ANY || t == SQL_FT_ANYELEMENT)
            t = argtypes[0] == SQL_T_UNKNOWN ? SQL_T_TEXT : argtypes[0];
        *cast_to = t;
    }
    return 0;
}
