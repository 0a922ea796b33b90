/* func_srf.c — set-returning built-ins whose one call makes all their rows
 * (an array value whose items are the rows):
 *   - string_to_table and pg_listening_channels (func_misc.c), with
 *     regexp_matches and regexp_split_to_table
 *     (func_regexp.c): a scan of their own (PN_SERIES srf 3, bind_array.c),
 *     in FROM and in a select list;
 *   - the registry's set-returning functions (sql__setof_func), in FROM
 *     (bind_fromfunc.c, exec_fromfunc.c): pg_options_to_table. A function
 *     registered anywhere (func_reg.c, func_json.c) whose name is added to
 *     setofs[] below runs this way.
 */
#include "common/err.h"
#include "sql/value_int.h"
#include "common/mem.h"
#include "sql/array.h"
#include "sql/func_int.h"
#include "sql/regexp_int.h"

#include <string.h>

#define SQL_T_TEXTARR 1009 /* text[] */

/* string_to_table(string, delimiter [, null_string]) (PostgreSQL's
 * text_to_table): the pieces between delimiters; a NULL delimiter splits
 * into characters, an empty one keeps the string whole; no rows for an
 * empty or NULL string; a piece equal to null_string is NULL. */
static int fn_string_to_table(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e)
{
    (void)e;
    memset(out, 0, sizeof(*out));
    out->type = SQL_T_TEXTARR;
    if (a[0].null || a[0].u.s.len == 0) {
        out->u.arr = sql_array_new(c->ctx, SQL_T_TEXT, 0);
        return 0;
    }
    const char *s = a[0].u.s.p;
    size_t len = a[0].u.s.len;
    const char *d = a[1].null ? NULL : a[1].u.s.p;
    size_t dl = a[1].null ? 0 : a[1].u.s.len;
    bool has_null = n > 2 && !a[2].null;
    /* the pieces' bounds */
    size_t cap = 16, cnt = 0;
    size_t *st = mem_alloc(c->ctx, sizeof *st * cap), *en = mem_alloc(c->ctx, sizeof *en * cap);
    size_t i = 0;
    while (i <= len) {
        size_t j;
        if (d == NULL) { /* one character (UTF-8) each */
            if (i == len)
                break;
            j = i + 1;
            while (j < len && ((unsigned char)s[j] & 0xC0) == 0x80)
                j++;
        } else if (dl == 0) {
            j = len;
        } else {
            j = i;
            while (j + dl <= len && memcmp(s + j, d, dl) != 0)
                j++;
            if (j + dl > len)
                j = len;
        }
        if (cnt == cap) {
            st = mem_realloc(c->ctx, st, sizeof *st * cap, sizeof *st * cap * 2);
            en = mem_realloc(c->ctx, en, sizeof *en * cap, sizeof *en * cap * 2);
            cap *= 2;
        }
        st[cnt] = i;
        en[cnt] = j;
        cnt++;
        if (d == NULL)
            i = j;
        else if (dl == 0 || j == len)
            break;
        else
            i = j + dl;
    }
    struct sql_array *rows = sql_array_new(c->ctx, SQL_T_TEXT, (int)cnt);
    for (size_t k = 0; k < cnt; k++) {
        size_t pl = en[k] - st[k];
        if (has_null && pl == a[2].u.s.len && memcmp(s + st[k], a[2].u.s.p, pl) == 0) {
            rows->items[k] = sql_null(SQL_T_TEXT);
            continue;
        }
        rows->items[k] = sql_text(mem_strndup(c->ctx, s + st[k], pl), pl);
    }
    out->u.arr = rows;
    return 0;
}

static const struct sql_func_def srf_defs[] = {
    {"pg_listening_channels",
     3035,
     0,
     false,
     {0},
     SQL_T_TEXTARR,
     sql__fn_pg_listening_channels,
     false,
     's'},
    {"string_to_table",
     6160,
     2,
     false,
     {SQL_T_TEXT, SQL_T_TEXT},
     SQL_T_TEXTARR,
     fn_string_to_table,
     false,
     'i'},
    {"string_to_table",
     6161,
     3,
     false,
     {SQL_T_TEXT, SQL_T_TEXT, SQL_T_TEXT},
     SQL_T_TEXTARR,
     fn_string_to_table,
     false,
     'i'},
};

const struct sql_func_def *sql__rows_srf_def(const char *name, int nargs, uint32_t *rowtype)
{
    const struct sql_func_def *d = sql__regexp_srf_def(name, nargs, rowtype);
    if (d != NULL)
        return d;
    for (size_t i = 0; i < sizeof(srf_defs) / sizeof(srf_defs[0]); i++) {
        if (strcmp(srf_defs[i].name, name) == 0 && srf_defs[i].nargs == nargs) {
            *rowtype = SQL_T_TEXT;
            return &srf_defs[i];
        }
    }
    return NULL;
}

bool sql__is_rows_srf(const char *name)
{
    return sql__is_regexp_srf(name) || strcmp(name, "string_to_table") == 0 ||
           strcmp(name, "pg_listening_channels") == 0;
}

/* pg_options_to_table(reloptions): (option_name, option_value) of each
 * "name=value" item; no '=': the value is NULL. */
int sql__fn_pg_options_to_table(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e)
{
    (void)n;
    (void)e;
    const struct sql_array *in = a[0].u.arr;
    int cnt = in != NULL ? in->nitems : 0;
    struct sql_array *rows = sql_array_new(c->ctx, SQL_T_RECORD, cnt);
    int k = 0;
    for (int i = 0; i < cnt; i++) {
        const struct sql_value *it = &in->items[i];
        if (it->null)
            continue;
        const char *p = it->u.s.p, *eq = memchr(p, '=', it->u.s.len);
        struct sql_array *f = sql_array_new(c->ctx, SQL_T_TEXT, 2);
        size_t nl = eq != NULL ? (size_t)(eq - p) : it->u.s.len;
        f->items[0] = sql_text(mem_strndup(c->ctx, p, nl), nl);
        if (eq != NULL) {
            size_t vl = it->u.s.len - nl - 1;
            f->items[1] = sql_text(mem_strndup(c->ctx, eq + 1, vl), vl);
        } else {
            f->items[1] = sql_null(SQL_T_TEXT);
        }
        memset(&rows->items[k], 0, sizeof rows->items[k]);
        rows->items[k].type = SQL_T_RECORD;
        rows->items[k].u.arr = f;
        k++;
    }
    rows->nitems = k;
    if (rows->ndim > 0)
        rows->dims[0] = k;
    if (k == 0)
        rows->ndim = 0;
    memset(out, 0, sizeof(*out));
    out->type = sql_array_of(SQL_T_RECORD);
    out->u.arr = rows;
    return 0;
}

static const struct {
    const char *name;
    int ncols;
    const char *cols[4];
    uint32_t types[4];
} setofs[] = {
    {"pg_options_to_table", 2, {"option_name", "option_value"}, {SQL_T_TEXT, SQL_T_TEXT}},
};

bool sql__setof_func(const char *name, int *ncols, const char *const **cols, const uint32_t **types)
{
    for (size_t i = 0; i < sizeof(setofs) / sizeof(setofs[0]); i++) {
        if (strcmp(setofs[i].name, name) != 0)
            continue;
        *ncols = setofs[i].ncols;
        *cols = setofs[i].cols;
        *types = setofs[i].types;
        return true;
    }
    return false;
}
