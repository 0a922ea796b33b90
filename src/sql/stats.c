/* stats.c — ANALYZE: row sampling, PostgreSQL's per-column statistics
 * (analyze.c compute_scalar_stats / compute_trivial_stats), their stored
 * record (format in stats.h) and the pg_stats view.
 *
 * The primary index is walked once: every key is counted, but only the rows
 * the reservoir keeps (all of them up to SQL_STATS_SAMPLE, then Vitter's
 * algorithm R with a fixed seed) are copied, and they are decoded only after
 * the walk, so ANALYZE of a large table decodes at most SQL_STATS_SAMPLE rows
 * and holds at most that many row records in memory.
 *
 * A table keyed by one integer column (the hidden row id, or an integer
 * primary key) whose keys span more than BLOCK_MIN_SPAN values is not
 * walked: like PostgreSQL's ANALYZE, which reads 300 x target pages, it
 * reads BLOCKS runs of up to BLOCK_ROWS consecutive rows starting at
 * values spread over [min, max] of the key, and estimates the row count
 * from the density of keys the runs saw.
 */
#include "sql/stats.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "kv/keyenc.h"
#include "kv/kv.h"
#include "sql/array.h"
#include "sql/ast.h"
#include "sql/catalog_int.h"
#include "sql/enum.h"
#include "sql/stats_rel.h"
#include "sql/env.h"
#include "sql/sql.h"
#include "sql/vtab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STATS_FORMAT    1
#define SQL_KEY_STATS   'z'
#define WIDTH_THRESHOLD 1024

static void key_stats(struct sbuf *b, uint32_t oid)
{
    sbuf_reset(b);
    sbuf_putc(b, 0x01);
    sbuf_putc(b, SQL_KEY_STATS);
    sql__put32(b, oid);
}

static uint32_t fbits(double d)
{
    float f = (float)d;
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static double bitsf(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return (double)f;
}

/* ---- sampling ---- */

struct sample {
    uint8_t **rows;
    size_t *lens;
    size_t n, cap;
    int64_t seen;
    uint64_t rng;
    uint64_t bytes;
};

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

static void sample_add(struct sample *sm, const void *v, size_t vl)
{
    sm->seen++;
    sm->bytes += vl;
    size_t slot;
    if (sm->n < sm->cap) {
        slot = sm->n++;
    } else {
        uint64_t j = rng_next(&sm->rng) % (uint64_t)sm->seen;
        if (j >= sm->cap)
            return;
        slot = (size_t)j;
        xfree(sm->rows[slot]);
    }
    sm->rows[slot] = xmalloc(vl > 0 ? vl : 1);
    if (vl > 0)
        memcpy(sm->rows[slot], v, vl);
    sm->lens[slot] = vl;
}

static void sample_free(struct sample *sm)
{
    for (size_t i = 0; i < sm->n; i++)
        xfree(sm->rows[i]);
    xfree(sm->rows);
    xfree(sm->lens);
}

#define BLOCKS         300
#define BLOCK_ROWS     (SQL_STATS_SAMPLE / BLOCKS)
#define BLOCK_MIN_SPAN ((int64_t)4 * SQL_STATS_SAMPLE)

/* The integer key of the first (or last) row of [start, end) into *v;
 * *found false when the span is empty. */
static int edge_key(struct sql_env *env, const struct sbuf *start, const struct sbuf *end,
                    bool last, int64_t *v, bool *found, struct err *e)
{
    struct kv_scan sc = {.start = start->data,
                         .start_len = start->len,
                         .end = end->data,
                         .end_len = end->len,
                         .reverse = last,
                         .limit = 1};
    struct kv_iter *it = NULL;
    bool has = false;
    int rc = kv_txn_scan(env->txn, &sc, &it, e);
    if (rc == 0)
        rc = kv_iter_next(it, &has, e);
    *found = false;
    if (rc == 0 && has) {
        size_t kl, used;
        const uint8_t *k = kv_iter_key(it, &kl);
        if (kl > start->len &&
            kv_key_decode_int64(k + start->len, kl - start->len, KV_KEY_ASC, v, &used, e) == 0)
            *found = true;
        else
            err_clear(e); /* not an integer key: walk the table */
    }
    kv_iter_free(it);
    return rc;
}

/* Block sampling (see the top): *done false when t does not qualify. */
static int block_sample(struct sql_env *env, const struct sql_table_desc *t, struct sample *sm,
                        const struct sbuf *start, const struct sbuf *end, bool *done, struct err *e)
{
    const struct sql_idx_desc *pk = &t->idx[0];
    *done = false;
    if (t->nidx == 0 || pk->ncols != 1 || pk->desc[0] || pk->exprs[0] != NULL)
        return 0;
    int pos = sql_cat_column_pos(t, pk->col_ids[0]);
    if (pos < 0 || (t->cols[pos].type != SQL_T_INT8 && t->cols[pos].type != SQL_T_INT4 &&
                    t->cols[pos].type != SQL_T_INT2))
        return 0;
    int64_t lo, hi;
    bool f1, f2;
    int rc = edge_key(env, start, end, false, &lo, &f1, e);
    if (rc == 0 && f1)
        rc = edge_key(env, start, end, true, &hi, &f2, e);
    if (rc != 0 || !f1 || !f2 || hi < lo || (uint64_t)hi - (uint64_t)lo < (uint64_t)BLOCK_MIN_SPAN)
        return rc;
    double span = (double)((uint64_t)hi - (uint64_t)lo) + 1.0;
    double gaps = 0, dist = 0; /* runs: steps between their rows, key distance of those */
    int64_t next = lo;         /* runs never overlap */
    struct sbuf from;
    sbuf_init(&from);
    for (int b = 0; rc == 0 && b < BLOCKS; b++) {
        uint64_t stripe = ((uint64_t)hi - (uint64_t)lo) / BLOCKS;
        int64_t v = (int64_t)((uint64_t)lo + stripe * (uint64_t)b +
                              (stripe > 1 ? rng_next(&sm->rng) % (stripe / 2) : 0));
        if (v < next)
            v = next;
        if (v > hi)
            break;
        sbuf_reset(&from);
        sbuf_append(&from, start->data, start->len);
        kv_key_put_int64(&from, v, KV_KEY_ASC);
        struct kv_scan sc = {.start = from.data,
                             .start_len = from.len,
                             .end = end->data,
                             .end_len = end->len,
                             .limit = BLOCK_ROWS};
        struct kv_iter *it = NULL;
        rc = kv_txn_scan(env->txn, &sc, &it, e);
        int64_t first = 0, last = v - 1;
        int got = 0;
        while (rc == 0) {
            bool has;
            rc = kv_iter_next(it, &has, e);
            if (rc != 0 || !has)
                break;
            size_t vl, kl, used;
            const void *val = kv_iter_value(it, &vl);
            const uint8_t *k = kv_iter_key(it, &kl);
            if (kl <= start->len || kv_key_decode_int64(k + start->len, kl - start->len, KV_KEY_ASC,
                                                        &last, &used, e) != 0) {
                rc = err_set(e, ERR_CORRUPT, "ANALYZE: a key of \"%s\" is not an integer", t->name);
                break;
            }
            sample_add(sm, val, vl);
            if (got++ == 0)
                first = last;
        }
        kv_iter_free(it);
        if (got >= 2) {
            gaps += got - 1;
            dist += (double)((uint64_t)last - (uint64_t)first);
        }
        next = last + 1;
        if (rc == 0)
            rc = sql_env_check_interrupts(env, e);
    }
    sbuf_free(&from);
    if (rc != 0)
        return rc;
    if (dist < 1 || sm->n == 0)
        return 0; /* nothing learned: the caller walks the table (sample reset) */
    double est = span * gaps / dist;
    if (est < (double)sm->n)
        est = (double)sm->n;
    sm->bytes = (uint64_t)((double)sm->bytes * est / (double)sm->n);
    sm->seen = (int64_t)(est + 0.5);
    *done = true;
    return 0;
}

static int take_sample(struct sql_env *env, const struct sql_table_desc *t, struct sample *sm,
                       struct err *e)
{
    memset(sm, 0, sizeof *sm);
    sm->cap = SQL_STATS_SAMPLE;
    sm->rows = xmalloc(sizeof(*sm->rows) * sm->cap);
    sm->lens = xmalloc(sizeof(*sm->lens) * sm->cap);
    sm->rng = 0x9E3779B97F4A7C15ull ^ t->oid;
    struct sbuf start, end;
    sbuf_init(&start);
    sbuf_init(&end);
    sql__idx_prefix(&start, t, &t->idx[0]);
    kv_key_prefix_end((const uint8_t *)start.data, start.len, &end);
    bool done = false;
    int brc = block_sample(env, t, sm, &start, &end, &done, e);
    if (brc != 0 || done) {
        sbuf_free(&start);
        sbuf_free(&end);
        return brc;
    }
    if (sm->n > 0) { /* block sampling gave up: start over */
        for (size_t i = 0; i < sm->n; i++)
            xfree(sm->rows[i]);
        sm->n = 0;
        sm->seen = 0;
        sm->bytes = 0;
    }
    struct kv_scan sc = {
        .start = start.data, .start_len = start.len, .end = end.data, .end_len = end.len};
    struct kv_iter *it = NULL;
    int rc = kv_txn_scan(env->txn, &sc, &it, e);
    while (rc == 0) {
        bool has;
        rc = kv_iter_next(it, &has, e);
        if (rc != 0 || !has)
            break;
        size_t vl;
        const void *v = kv_iter_value(it, &vl);
        sample_add(sm, v, vl);
        if ((sm->seen & 4095) == 0)
            rc = sql_env_check_interrupts(env, e);
    }
    kv_iter_free(it);
    sbuf_free(&start);
    sbuf_free(&end);
    return rc;
}

/* ---- per-column statistics ---- */

struct sv {
    struct sql_value v;
    int tupno;
};

static int sv_cmp(const void *a, const void *b)
{
    const struct sv *x = a, *y = b;
    int c = sql_value_cmp(&x->v, &y->v);
    if (c != 0)
        return c;
    return x->tupno - y->tupno;
}

struct track {
    int count;
    int first;
};

static int track_first_cmp(const void *a, const void *b)
{
    const struct track *x = a, *y = b;
    return x->first - y->first;
}

/* PostgreSQL's datum width of a value as stored in a heap tuple. */
static int32_t value_width(const struct sql_value *v, const struct sql_type_info *ti)
{
    if (ti != NULL && ti->typlen > 0)
        return ti->typlen;
    size_t len;
    switch (v->type) {
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
    case SQL_T_BYTEA:
    case SQL_T_JSON:
        len = v->u.s.len;
        break;
    case SQL_T_NUMERIC:
        len = 2 + 2 * (size_t)(v->u.n.ndigits > 0 ? v->u.n.ndigits : 0);
        break;
    default: {
        struct sbuf b;
        sbuf_init(&b);
        struct err e = {0};
        if (sql_value_send(v, &b, &e) != 0)
            err_clear(&e);
        len = b.len;
        sbuf_free(&b);
        break;
    }
    }
    return (int32_t)(len + 1 <= 127 ? len + 1 : len + 4);
}

/* Types sql_value_cmp orders (the others get compute_trivial_stats). */
static bool type_sortable(uint32_t type)
{
    switch (type) {
    case SQL_T_BOOL:
    case SQL_T_INT2:
    case SQL_T_INT4:
    case SQL_T_INT8:
    case SQL_T_OID:
    case SQL_T_FLOAT4:
    case SQL_T_FLOAT8:
    case SQL_T_TEXT:
    case SQL_T_VARCHAR:
    case SQL_T_BPCHAR:
    case SQL_T_NAME:
    case SQL_T_NUMERIC:
    case SQL_T_BYTEA:
    case SQL_T_DATE:
    case SQL_T_TIME:
    case SQL_T_TIMETZ:
    case SQL_T_TIMESTAMP:
    case SQL_T_TIMESTAMPTZ:
    case SQL_T_INTERVAL:
    case SQL_T_UUID:
    case SQL_T_INET:
    case SQL_T_CIDR:
    case SQL_T_MACADDR:
    case SQL_T_MACADDR8:
    case SQL_T_JSONB:
        return true;
    default:
        return sql_array_elemtype(type) != 0 || (type >= 16384 && sql_enum_get(type) != NULL);
    }
}

/* analyze.c's analyze_mcv_list. */
static int analyze_mcv_list(const int *counts, int num_mcv, double stadistinct, double nullfrac,
                            int samplerows, double totalrows)
{
    if (samplerows == totalrows || totalrows <= 1.0)
        return num_mcv;
    double ndistinct_table = stadistinct < 0 ? -stadistinct * totalrows : stadistinct;
    double sumcount = 0.0;
    for (int i = 0; i < num_mcv - 1; i++)
        sumcount += counts[i];
    while (num_mcv > 0) {
        double selec = 1.0 - sumcount / samplerows - nullfrac;
        if (selec < 0.0)
            selec = 0.0;
        if (selec > 1.0)
            selec = 1.0;
        double otherdistinct = ndistinct_table - (num_mcv - 1);
        if (otherdistinct > 1)
            selec /= otherdistinct;
        double N = totalrows, n = samplerows;
        double K = N * counts[num_mcv - 1] / n;
        double variance = n * K * (N - K) * (N - n) / (N * N * (N - 1));
        double stddev = sqrt(variance);
        if (counts[num_mcv - 1] > selec * samplerows + 2 * stddev + 0.5)
            break;
        num_mcv--;
        if (num_mcv == 0)
            break;
        sumcount -= counts[num_mcv - 1];
    }
    return num_mcv;
}

/* Statistics of column values vals[0..samplerows) (NULLs included) into cs;
 * values copied into ctx. */
static void compute_col(struct mem_ctx *ctx, const struct sql_value *vals, int samplerows,
                        double totalrows, uint32_t type, struct sql_colstats *cs)
{
    const struct sql_type_info *ti = sql_type_get(type);
    bool varwidth = ti == NULL || ti->typlen <= 0;
    struct sv *sv = xmalloc(sizeof(*sv) * (size_t)(samplerows > 0 ? samplerows : 1));
    int null_cnt = 0, nonnull = 0, values_cnt = 0, toowide = 0;
    double total_width = 0;
    for (int i = 0; i < samplerows; i++) {
        if (vals[i].null) {
            null_cnt++;
            continue;
        }
        nonnull++;
        int32_t w = value_width(&vals[i], ti);
        total_width += w;
        if (varwidth && w > WIDTH_THRESHOLD) {
            toowide++;
            continue;
        }
        sv[values_cnt].v = vals[i];
        sv[values_cnt].tupno = values_cnt;
        values_cnt++;
    }
    memset(cs, 0, sizeof *cs);
    cs->type = type;
    if (nonnull == 0) {
        cs->null_frac = 1.0;
        cs->avg_width = varwidth ? 0 : ti->typlen;
        cs->n_distinct = 0.0;
        xfree(sv);
        return;
    }
    /* stanullfrac and stadistinct are float4 in pg_statistic: round as PostgreSQL does */
    cs->null_frac = (float)((double)null_cnt / samplerows);
    cs->avg_width = varwidth ? (int32_t)(total_width / nonnull) : ti->typlen;
    if (!type_sortable(type)) { /* compute_trivial_stats */
        cs->n_distinct = 0.0;
        xfree(sv);
        return;
    }
    qsort(sv, (size_t)values_cnt, sizeof *sv, sv_cmp);
    int num_mcv = SQL_STATS_TARGET, num_bins = SQL_STATS_TARGET;
    struct track track[SQL_STATS_TARGET];
    int track_cnt = 0, ndistinct = 0, nmultiple = 0, dups = 0;
    double corr_xysum = 0;
    for (int i = 0; i < values_cnt; i++) {
        corr_xysum += (double)i * (double)sv[i].tupno;
        dups++;
        if (i == values_cnt - 1 || sql_value_cmp(&sv[i].v, &sv[i + 1].v) != 0) {
            ndistinct++;
            if (dups > 1) {
                nmultiple++;
                if (track_cnt < num_mcv || dups > track[track_cnt - 1].count) {
                    if (track_cnt < num_mcv)
                        track_cnt++;
                    int j;
                    for (j = track_cnt - 1; j > 0; j--) {
                        if (dups <= track[j - 1].count)
                            break;
                        track[j] = track[j - 1];
                    }
                    track[j].count = dups;
                    track[j].first = i + 1 - dups;
                }
            }
            dups = 0;
        }
    }
    if (nmultiple == 0) {
        cs->n_distinct = (float)(-1.0 * (1.0 - cs->null_frac));
    } else if (toowide == 0 && nmultiple == ndistinct) {
        cs->n_distinct = ndistinct;
    } else {
        int f1 = ndistinct - nmultiple + toowide;
        int d = f1 + nmultiple;
        double n = samplerows - null_cnt;
        double N = totalrows * (1.0 - cs->null_frac);
        double st = N > 0 ? (n * d) / ((n - f1) + f1 * n / N) : 0;
        if (st < d)
            st = d;
        if (st > N)
            st = N;
        cs->n_distinct = (float)floor(st + 0.5);
    }
    if (cs->n_distinct > 0.1 * totalrows)
        cs->n_distinct = (float)(-(cs->n_distinct / totalrows));
    /* most common values */
    if (track_cnt == ndistinct && toowide == 0 && cs->n_distinct > 0 && track_cnt <= num_mcv) {
        num_mcv = track_cnt;
    } else {
        if (num_mcv > track_cnt)
            num_mcv = track_cnt;
        if (num_mcv > 0) {
            int counts[SQL_STATS_TARGET];
            for (int i = 0; i < num_mcv; i++)
                counts[i] = track[i].count;
            num_mcv = analyze_mcv_list(counts, num_mcv, cs->n_distinct, cs->null_frac, samplerows,
                                       totalrows);
        }
    }
    if (num_mcv > 0) {
        cs->nmcv = num_mcv;
        cs->mcv = mem_alloc(ctx, sizeof(*cs->mcv) * (size_t)num_mcv);
        cs->mcv_freq = mem_alloc(ctx, sizeof(*cs->mcv_freq) * (size_t)num_mcv);
        for (int i = 0; i < num_mcv; i++) {
            sql_value_copy(ctx, &sv[track[i].first].v, &cs->mcv[i]);
            cs->mcv_freq[i] = (double)track[i].count / samplerows;
        }
    }
    /* histogram */
    int num_hist = ndistinct - num_mcv;
    if (num_hist > num_bins)
        num_hist = num_bins + 1;
    if (num_hist >= 2) {
        int nvals = values_cnt;
        if (num_mcv > 0) {
            struct track tr[SQL_STATS_TARGET];
            memcpy(tr, track, sizeof(tr[0]) * (size_t)num_mcv);
            qsort(tr, (size_t)num_mcv, sizeof tr[0], track_first_cmp);
            int src = 0, dest = 0, j = 0;
            while (src < values_cnt) {
                int ncopy;
                if (j < num_mcv) {
                    int first = tr[j].first;
                    if (src >= first) {
                        src = first + tr[j].count;
                        j++;
                        continue;
                    }
                    ncopy = first - src;
                } else {
                    ncopy = values_cnt - src;
                }
                memmove(&sv[dest], &sv[src], sizeof(*sv) * (size_t)ncopy);
                src += ncopy;
                dest += ncopy;
            }
            nvals = dest;
        }
        int delta = (nvals - 1) / (num_hist - 1);
        int deltafrac = (nvals - 1) % (num_hist - 1);
        int pos = 0, posfrac = 0;
        cs->nhist = num_hist;
        cs->hist = mem_alloc(ctx, sizeof(*cs->hist) * (size_t)num_hist);
        for (int i = 0; i < num_hist; i++) {
            sql_value_copy(ctx, &sv[pos].v, &cs->hist[i]);
            pos += delta;
            posfrac += deltafrac;
            if (posfrac >= num_hist - 1) {
                pos++;
                posfrac -= num_hist - 1;
            }
        }
    }
    if (values_cnt > 1) {
        double n = values_cnt;
        double xsum = (n - 1) * n / 2.0;
        double x2sum = (n - 1) * n * (2 * n - 1) / 6.0;
        cs->has_corr = true;
        cs->correlation = (n * corr_xysum - xsum * xsum) / (n * x2sum - xsum * xsum);
    }
    xfree(sv);
}

/* ---- record ---- */

static void put_vals(struct sbuf *b, const struct sql_value *v, int n)
{
    uint32_t ids[SQL_STATS_MAX_VALS];
    for (int i = 0; i < n; i++)
        ids[i] = (uint32_t)i + 1;
    struct sbuf r;
    sbuf_init(&r);
    if (n > 0)
        sql_row_encode(ids, v, (size_t)n, &r);
    sql__put32(b, (uint32_t)r.len);
    sbuf_append(b, r.data, r.len);
    sbuf_free(&r);
}

static void encode(const struct sql_tstats *s, struct sbuf *b)
{
    sbuf_putc(b, STATS_FORMAT);
    sql__put64(b, (uint64_t)(int64_t)s->reltuples);
    sql__put32(b, (uint32_t)s->relpages);
    sql__put16(b, (uint16_t)s->ncols);
    for (int i = 0; i < s->ncols; i++) {
        const struct sql_colstats *c = &s->cols[i];
        sql__put32(b, c->col_id);
        sql__put32(b, c->type);
        sql__put32(b, fbits(c->null_frac));
        sql__put32(b, (uint32_t)c->avg_width);
        sql__put32(b, fbits(c->n_distinct));
        sbuf_putc(b, c->has_corr ? 1 : 0);
        sql__put32(b, fbits(c->correlation));
        sql__put16(b, (uint16_t)c->nmcv);
        for (int k = 0; k < c->nmcv; k++)
            sql__put32(b, fbits(c->mcv_freq[k]));
        put_vals(b, c->mcv, c->nmcv);
        sql__put16(b, (uint16_t)c->nhist);
        put_vals(b, c->hist, c->nhist);
    }
    sql__put_crc(b);
}

struct rd {
    const uint8_t *p;
    size_t n, off;
    bool bad;
};

static const uint8_t *take(struct rd *r, size_t k)
{
    if (r->bad || r->n - r->off < k) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p + r->off;
    r->off += k;
    return q;
}

static uint32_t r32(struct rd *r)
{
    const uint8_t *q = take(r, 4);
    return q ? sql__get32(q) : 0;
}

static uint16_t r16(struct rd *r)
{
    const uint8_t *q = take(r, 2);
    return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static int get_vals(struct rd *r, struct mem_ctx *ctx, uint32_t type, int n, struct sql_value **out,
                    struct err *e)
{
    uint32_t len = r32(r);
    const uint8_t *q = take(r, len);
    if (r->bad)
        return 0;
    *out = NULL;
    if (n == 0)
        return len == 0 ? 0 : (r->bad = true, 0);
    uint32_t ids[SQL_STATS_MAX_VALS], types[SQL_STATS_MAX_VALS];
    for (int i = 0; i < n; i++) {
        ids[i] = (uint32_t)i + 1;
        types[i] = type;
    }
    *out = mem_alloc(ctx, sizeof(**out) * (size_t)n);
    int rc = sql_row_decode(ctx, q, len, ids, types, (size_t)n, *out, e);
    if (rc != 0)
        return rc;
    for (int i = 0; i < n; i++)
        if ((*out)[i].null)
            r->bad = true;
    return 0;
}

static int decode(struct mem_ctx *ctx, const uint8_t *p, size_t n, uint32_t oid,
                  struct sql_tstats **out, struct err *e)
{
    if (n < 5 || !sql__crc_ok(p, n, STATS_FORMAT))
        return sql__corrupt(e, "statistics", oid, "bad CRC or version");
    struct rd r = {.p = p, .n = n - 4, .off = 1};
    struct sql_tstats *s = mem_alloc0(ctx, sizeof *s);
    s->oid = oid;
    const uint8_t *q = take(&r, 8);
    s->reltuples = q ? (double)(int64_t)sql__get64(q) : 0;
    s->relpages = (int32_t)r32(&r);
    s->ncols = r16(&r);
    if (s->ncols > SQL_MAX_TABLE_COLS + 1)
        r.bad = true;
    s->cols = mem_alloc0(ctx, sizeof(*s->cols) * (size_t)(s->ncols + 1));
    for (int i = 0; !r.bad && i < s->ncols; i++) {
        struct sql_colstats *c = &s->cols[i];
        c->col_id = r32(&r);
        c->type = r32(&r);
        c->null_frac = bitsf(r32(&r));
        c->avg_width = (int32_t)r32(&r);
        c->n_distinct = bitsf(r32(&r));
        const uint8_t *fl = take(&r, 1);
        c->has_corr = fl && (*fl & 1);
        c->correlation = bitsf(r32(&r));
        c->nmcv = r16(&r);
        if (c->nmcv > SQL_STATS_MAX_VALS) {
            r.bad = true;
            break;
        }
        c->mcv_freq = mem_alloc(ctx, sizeof(double) * (size_t)(c->nmcv + 1));
        for (int k = 0; k < c->nmcv; k++)
            c->mcv_freq[k] = bitsf(r32(&r));
        int rc = get_vals(&r, ctx, c->type, c->nmcv, &c->mcv, e);
        if (rc != 0)
            return sql__corrupt(e, "statistics", oid, "bad values");
        c->nhist = r16(&r);
        if (c->nhist > SQL_STATS_MAX_VALS) {
            r.bad = true;
            break;
        }
        rc = get_vals(&r, ctx, c->type, c->nhist, &c->hist, e);
        if (rc != 0)
            return sql__corrupt(e, "statistics", oid, "bad values");
    }
    if (r.bad || r.off != r.n)
        return sql__corrupt(e, "statistics", oid, "bad record");
    *out = s;
    return 0;
}

static int read_record(struct sql_env *env, uint32_t oid, struct mem_ctx *ctx,
                       struct sql_tstats **out, struct err *e)
{
    *out = NULL;
    struct sbuf k;
    sbuf_init(&k);
    key_stats(&k, oid);
    void *val = NULL;
    size_t vlen = 0;
    bool found = false;
    int rc = sql__cat_get(env, k.data, k.len, ctx, &val, &vlen, &found, e);
    sbuf_free(&k);
    if (rc != 0 || !found)
        return rc;
    return decode(ctx, val, vlen, oid, out, e);
}

int sql_stats_get(struct sql_env *env, const struct sql_table_desc *t, struct mem_ctx *ctx,
                  const struct sql_tstats **out, struct err *e)
{
    *out = NULL;
    if (t == NULL || t->kind != 'r')
        return 0;
    struct sql_tstats *s;
    int rc = read_record(env, t->oid, ctx, &s, e);
    if (rc != 0 || s == NULL)
        return rc;
    int n = 0;
    for (int i = 0; i < s->ncols; i++) {
        int pos = sql_cat_column_pos(t, s->cols[i].col_id);
        if (pos >= 0 && t->cols[pos].type == s->cols[i].type)
            s->cols[n++] = s->cols[i];
    }
    s->ncols = n;
    *out = s;
    return 0;
}

const struct sql_colstats *sql_stats_col(const struct sql_tstats *s, const struct sql_table_desc *t,
                                         int pos)
{
    if (s == NULL || pos < 0 || pos >= t->ncols)
        return NULL;
    for (int i = 0; i < s->ncols; i++)
        if (s->cols[i].col_id == t->cols[pos].id)
            return &s->cols[i];
    return NULL;
}

int sql_stats_delete(struct sql_env *env, uint32_t oid, struct err *e)
{
    struct sbuf k;
    sbuf_init(&k);
    key_stats(&k, oid);
    int rc = sql__cat_del(env, k.data, k.len, e);
    sbuf_free(&k);
    return rc;
}

/* ---- ANALYZE ---- */

static int resolve_cols(const struct sql_table_desc *t, const struct sql_list *cols, bool *want,
                        struct err *e)
{
    bool all = cols == NULL || cols->n == 0;
    for (int i = 0; i < t->ncols; i++)
        want[i] = all && !t->cols[i].hidden;
    for (int k = 0; !all && k < cols->n; k++) {
        const char *name = cols->items[k];
        const struct sql_col_desc *c = sql_cat_column(t, name);
        if (c == NULL || c->hidden)
            return err_set_state(e, ERR_NOTFOUND, "42703",
                                 "column \"%s\" of relation \"%s\" does not exist", name, t->name);
        int pos = sql_cat_column_pos(t, c->id);
        if (want[pos])
            return err_set_state(e, ERR_EXISTS, "42701",
                                 "column \"%s\" of relation \"%s\" appears more than once", name,
                                 t->name);
        want[pos] = true;
    }
    return 0;
}

static int info(struct sql_env *env, const char *msg)
{
    if (env->notice == NULL)
        return 0;
    struct sql_notice n = {.severity = "INFO", .sqlstate = "00000", .message = msg};
    return env->notice(env->notice_arg, &n);
}

int sql_stats_analyze(struct sql_env *env, const struct sql_table_desc *t0,
                      const struct sql_list *cols, bool verbose, struct err *e)
{
    bool *want = mem_alloc0(env->stmt_ctx, sizeof(bool) * (size_t)(t0->ncols + 1));
    int rc = resolve_cols(t0, cols, want, e);
    if (rc != 0)
        return rc;
    if (verbose) {
        rc = info(env, mem_printf(env->stmt_ctx, "analyzing \"%s.%s\"", t0->schema, t0->name));
        if (rc != 0)
            return rc;
    }
    struct sample sm;
    rc = take_sample(env, t0, &sm, e);
    struct mem_ctx *ctx = env->stmt_ctx;
    uint32_t *ids = mem_alloc(ctx, sizeof(uint32_t) * (size_t)(t0->ncols + 1));
    uint32_t *types = mem_alloc(ctx, sizeof(uint32_t) * (size_t)(t0->ncols + 1));
    for (int i = 0; i < t0->ncols; i++) {
        ids[i] = t0->cols[i].id;
        types[i] = t0->cols[i].type;
    }
    int nrows = (int)sm.n;
    struct sql_value *vals = NULL;
    if (rc == 0 && nrows > 0) {
        /* column-major: vals[c * nrows + r] */
        vals = mem_alloc(ctx, sizeof(*vals) * (size_t)nrows * (size_t)t0->ncols);
        struct sql_value *row = mem_alloc(ctx, sizeof(*row) * (size_t)(t0->ncols + 1));
        struct sql_value *missing = NULL;
        rc = sql_cat_missing(t0, ctx, &missing, e);
        for (int r = 0; rc == 0 && r < nrows; r++) {
            rc = sql_row_decode_m(ctx, sm.rows[r], sm.lens[r], ids, types, (size_t)t0->ncols,
                                  missing, row, e);
            for (int c = 0; rc == 0 && c < t0->ncols; c++)
                vals[(size_t)c * (size_t)nrows + (size_t)r] = row[c];
            if (rc == 0 && (r & 1023) == 1023)
                rc = sql_env_check_interrupts(env, e);
        }
    }
    double total = (double)sm.seen;
    struct sql_tstats *old = NULL;
    if (rc == 0 && cols != NULL && cols->n > 0)
        rc = read_record(env, t0->oid, ctx, &old, e);
    struct sql_tstats ns = {.oid = t0->oid, .reltuples = total};
    /* heap tuples: a 24-byte header and a 4-byte line pointer each, 8168 usable bytes a page */
    ns.relpages = (int32_t)((sm.bytes + 32 * (uint64_t)sm.seen + 8167) / 8168);
    ns.cols = mem_alloc0(ctx, sizeof(*ns.cols) * (size_t)(t0->ncols + 1));
    for (int c = 0; rc == 0 && nrows > 0 && c < t0->ncols; c++) {
        struct sql_colstats *cs = NULL;
        if (want[c]) {
            cs = &ns.cols[ns.ncols];
            compute_col(ctx, vals + (size_t)c * (size_t)nrows, nrows, total, types[c], cs);
        } else if (old != NULL) {
            for (int k = 0; k < old->ncols; k++)
                if (old->cols[k].col_id == ids[c] && old->cols[k].type == types[c]) {
                    ns.cols[ns.ncols] = old->cols[k];
                    cs = &ns.cols[ns.ncols];
                }
        }
        if (cs != NULL) {
            cs->col_id = ids[c];
            cs->type = types[c];
            ns.ncols++;
        }
    }
    sample_free(&sm);
    if (rc == 0 && verbose)
        rc = info(env, mem_printf(env->stmt_ctx,
                                  "\"%s\": scanned %d of %d pages, containing %.0f live rows and "
                                  "0 dead rows; %d rows in sample, %.0f estimated total rows",
                                  t0->name, ns.relpages, ns.relpages, total, nrows, total));
    if (rc != 0)
        return rc;
    struct sbuf k, v;
    sbuf_init(&k);
    sbuf_init(&v);
    key_stats(&k, t0->oid);
    if (nrows > 0) {
        encode(&ns, &v);
        rc = sql__cat_put(env, k.data, k.len, v.data, v.len, e);
    } else {
        rc = sql__cat_del(env, k.data, k.len, e);
    }
    sbuf_free(&k);
    sbuf_free(&v);
    if (rc == 0) /* pg_class's counts survive a ROLLBACK (stats_rel.c) */
        sql_stats_rel_put(env, t0->oid, t0->version, (int64_t)total, ns.relpages);
    if (rc != 0 || t0->reltuples == (int64_t)total)
        return rc;
    struct sql_table_desc *t = sql__desc_copy(env->stmt_ctx, t0);
    t->reltuples = (int64_t)total;
    t->version++;
    return sql__desc_store(env, t, e);
}

/* ---- pg_stats ---- */

static bool needs_quote(const char *s, size_t n)
{
    if (n == 0)
        return true;
    if (n == 4 && strncasecmp(s, "null", 4) == 0)
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || c == ' ' || c == '\t' ||
            c == '\n' || c == '\r' || c == '\v' || c == '\f')
            return true;
    }
    return false;
}

static char *vals_text(struct mem_ctx *ctx, const struct sql_value *v, int n)
{
    if (n == 0)
        return NULL;
    struct sql_fmt f;
    sql_fmt_init(&f);
    struct sbuf b, one;
    sbuf_init(&b);
    sbuf_init(&one);
    sbuf_putc(&b, '{');
    for (int i = 0; i < n; i++) {
        if (i)
            sbuf_putc(&b, ',');
        sbuf_reset(&one);
        struct err e = {0};
        if (sql_value_out(&v[i], &f, &one, &e) != 0)
            err_clear(&e);
        if (needs_quote(one.data ? one.data : "", one.len)) {
            sbuf_putc(&b, '"');
            for (size_t k = 0; k < one.len; k++) {
                if (one.data[k] == '"' || one.data[k] == '\\')
                    sbuf_putc(&b, '\\');
                sbuf_putc(&b, one.data[k]);
            }
            sbuf_putc(&b, '"');
        } else {
            sbuf_append(&b, one.data, one.len);
        }
    }
    sbuf_putc(&b, '}');
    char *s = mem_strndup(ctx, b.data, b.len);
    sbuf_free(&b);
    sbuf_free(&one);
    return s;
}

static char *freqs_text(struct mem_ctx *ctx, const double *fr, int n)
{
    if (n == 0)
        return NULL;
    struct sql_value *v = mem_alloc(ctx, sizeof(*v) * (size_t)n);
    for (int i = 0; i < n; i++) {
        v[i] = sql_float8((double)(float)fr[i]);
        v[i].type = SQL_T_FLOAT4;
    }
    return vals_text(ctx, v, n);
}

/* The rows of pg_stats / pg_statistic (vtab): row() adds the row of
 * column c of table t, for each column with statistics. */
typedef void (*colstats_row_fn)(struct sql__vrows *r, const struct sql_table_desc *t, int c,
                                const struct sql_colstats *cs, struct mem_ctx *ctx);

static int colstats_rows(struct sql_env *env, struct mem_ctx *ctx, const char *vtab,
                         colstats_row_fn row, struct sql_value ***rows, size_t *nrows,
                         struct err *e)
{
    struct sql__vrows r;
    sql__vr_init(&r, sql_vtab_lookup(NULL, vtab)->desc, ctx);
    const struct sql_table_desc **all;
    size_t n;
    int rc = sql_cat_list_tables(env, &all, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct sql_table_desc *t = all[i];
        const struct sql_tstats *s;
        rc = sql_stats_get(env, t, ctx, &s, e);
        if (rc != 0 || s == NULL)
            continue;
        for (int c = 0; c < t->ncols; c++) {
            const struct sql_colstats *cs = sql_stats_col(s, t, c);
            if (cs == NULL || t->cols[c].hidden)
                continue;
            row(&r, t, c, cs, ctx);
        }
    }
    if (rc != 0)
        return rc;
    sql__vr_done(&r, rows, nrows);
    return 0;
}

static void stats_row(struct sql__vrows *r, const struct sql_table_desc *t, int c,
                      const struct sql_colstats *cs, struct mem_ctx *ctx)
{
    sql__vr_row(r);
    sql__vr_str(r, "schemaname", t->schema);
    sql__vr_str(r, "tablename", t->name);
    sql__vr_str(r, "attname", t->cols[c].name);
    sql__vr_bool(r, "inherited", false);
    sql__vr_float(r, "null_frac", (float)cs->null_frac);
    sql__vr_int(r, "avg_width", cs->avg_width);
    sql__vr_float(r, "n_distinct", (float)cs->n_distinct);
    sql__vr_str(r, "most_common_vals", vals_text(ctx, cs->mcv, cs->nmcv));
    sql__vr_str(r, "most_common_freqs", freqs_text(ctx, cs->mcv_freq, cs->nmcv));
    sql__vr_str(r, "histogram_bounds", vals_text(ctx, cs->hist, cs->nhist));
    if (cs->has_corr)
        sql__vr_float(r, "correlation", (float)cs->correlation);
    else
        sql__vr_str(r, "correlation", NULL);
}

int sql__pgcat_stats(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                     size_t *nrows, struct err *e)
{
    return colstats_rows(env, ctx, "pg_stats", stats_row, rows, nrows, e);
}

/* ---- pg_statistic ---------------------------------------------------------------- */

/* PostgreSQL's = and < operators of the default btree opclass of a type
 * (pg_operator oids; 0 when we do not know them) and its collation. */
static void type_ops(uint32_t type, uint32_t *eq, uint32_t *lt, uint32_t *coll)
{
    static const struct {
        uint32_t type, eq, lt;
    } ops[] = {
        {16, 91, 58},       {17, 1955, 1957},   {19, 93, 660},      {20, 410, 412},
        {21, 94, 95},       {23, 96, 97},       {25, 98, 664},      {26, 607, 609},
        {700, 620, 622},    {701, 670, 672},    {790, 900, 902},    {829, 1220, 1222},
        {869, 1201, 1203},  {1042, 1054, 1058}, {1043, 98, 664},    {1082, 1093, 1095},
        {1083, 1108, 1110}, {1114, 2060, 2062}, {1184, 1320, 1322}, {1186, 1330, 1332},
        {1266, 1550, 1552}, {1560, 1784, 1786}, {1562, 1804, 1806}, {1700, 1752, 1754},
        {2950, 2972, 2974}, {3220, 3222, 3224}, {3802, 3240, 3242}, {5069, 5068, 5073},
    };
    *eq = *lt = 0;
    *coll = type == 25 || type == 1043 || type == 1042 ? 100 : type == 19 ? 950 : 0;
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (ops[i].type == type) {
            *eq = ops[i].eq;
            *lt = ops[i].lt;
            return;
        }
    }
    if (sql_array_elemtype(type) != 0) {
        *eq = 1070;
        *lt = 1072;
    } else if (type >= 16384 && sql_enum_get(type) != NULL) {
        *eq = 3516;
        *lt = 3518;
    }
}

static void stat_slot(struct sql__vrows *r, int slot, int kind, uint32_t op, uint32_t coll,
                      const char *numbers, const char *values)
{
    char col[16];
    snprintf(col, sizeof(col), "stakind%d", slot);
    sql__vr_int(r, col, kind);
    snprintf(col, sizeof(col), "staop%d", slot);
    sql__vr_int(r, col, op);
    snprintf(col, sizeof(col), "stacoll%d", slot);
    sql__vr_int(r, col, coll);
    snprintf(col, sizeof(col), "stanumbers%d", slot);
    sql__vr_str(r, col, numbers);
    snprintf(col, sizeof(col), "stavalues%d", slot);
    sql__vr_str(r, col, values);
}

/* pg_statistic rows: the statistics pg_stats shows, in PostgreSQL's slots
 * (compute_scalar_stats): kind 1 most common values (= operator, their
 * frequencies), kind 2 histogram (< operator), kind 3 correlation (<), in
 * that order, unused slots kind 0. User tables only. */
static void statistic_row(struct sql__vrows *r, const struct sql_table_desc *t, int c,
                          const struct sql_colstats *cs, struct mem_ctx *ctx)
{
    uint32_t eq, lt, coll;
    type_ops(cs->type, &eq, &lt, &coll);
    sql__vr_row(r);
    sql__vr_int(r, "starelid", t->oid);
    sql__vr_int(r, "staattnum", t->cols[c].attnum);
    sql__vr_bool(r, "stainherit", false);
    sql__vr_float(r, "stanullfrac", (float)cs->null_frac);
    sql__vr_int(r, "stawidth", cs->avg_width);
    sql__vr_float(r, "stadistinct", (float)cs->n_distinct);
    int slot = 1;
    if (cs->nmcv > 0)
        stat_slot(r, slot++, 1, eq, coll, freqs_text(ctx, cs->mcv_freq, cs->nmcv),
                  vals_text(ctx, cs->mcv, cs->nmcv));
    if (cs->nhist > 0)
        stat_slot(r, slot++, 2, lt, coll, NULL, vals_text(ctx, cs->hist, cs->nhist));
    if (cs->has_corr) {
        double one = cs->correlation;
        stat_slot(r, slot++, 3, lt, coll, freqs_text(ctx, &one, 1), NULL);
    }
    while (slot <= 5)
        stat_slot(r, slot++, 0, 0, 0, NULL, NULL);
}

int sql__pgcat_statistic(struct sql_env *env, struct mem_ctx *ctx, struct sql_value ***rows,
                         size_t *nrows, struct err *e)
{
    return colstats_rows(env, ctx, "pg_statistic", statistic_row, rows, nrows, e);
}
