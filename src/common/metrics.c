/* metrics.c — the process-wide metrics registry and Prometheus exposition.
 *
 * The registry is a list of families (one per name, in order of first
 * registration), each a list of series (one per label set, in registration
 * order). Both lists only grow, under reg_lock; met_render walks them under
 * the same lock. Values are C11 atomics updated without the lock:
 *  - counter: atomic uint64, fetch_add;
 *  - gauge:   the double's bits in an atomic uint64; set stores, add CASes;
 *  - histogram: one atomic uint64 per bucket (non-cumulative; render sums
 *    them, so the +Inf bucket and _count always agree) and the sum's bits
 *    in an atomic uint64 updated by CAS.
 * Relaxed ordering throughout: a scrape wants each value, not a consistent
 * snapshot across values.
 *
 * Labels are parsed at registration, checked, and stored sorted by label
 * name (as the Go client does), so `b="1",a="2"` and `a="2",b="1"` are the
 * same series.
 *
 * Format: Prometheus text exposition format 0.0.4,
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */
#include "common/metrics.h"

#include "common/mem.h"
#include "common/str.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum met_type { MET_COUNTER, MET_GAUGE, MET_HISTOGRAM };

struct met_series {
    struct met_series *next;
    char *labels; /* canonical `k="v",...`, "" when none; owned */
};

struct met_counter {
    struct met_series s; /* first: a series pointer converts to its metric */
    atomic_uint_least64_t value;
};

struct met_gauge {
    struct met_series s;
    atomic_uint_least64_t bits; /* a double */
    double (*fn)(void *arg);    /* non-NULL: computed at render time */
    void *arg;
};

struct met_histogram {
    struct met_series s;
    size_t nbounds;
    double *bounds;                 /* owned, strictly increasing, finite or -Inf */
    atomic_uint_least64_t *buckets; /* nbounds + 1 (last is +Inf), not cumulative */
    atomic_uint_least64_t sum_bits; /* a double */
};

struct met_family {
    struct met_family *next;
    char *name; /* owned */
    char *help; /* owned, unescaped */
    enum met_type type;
    struct met_series *first, *last;
};

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct met_family *reg_first, *reg_last;

const double met_latency_buckets[] = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                      0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                      0.5,     1,      2.5,     5,      10};
const size_t met_latency_nbuckets = sizeof(met_latency_buckets) / sizeof(met_latency_buckets[0]);

_Static_assert(sizeof(met_latency_buckets) / sizeof(met_latency_buckets[0]) == 17,
               "latency bucket table length");
_Static_assert(sizeof(double) == sizeof(uint64_t), "doubles are stored as 64-bit words");

static uint64_t dbits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    return u;
}

static double bitsd(uint64_t u)
{
    double v;
    memcpy(&v, &u, sizeof(v));
    return v;
}

static void atomic_add_double(atomic_uint_least64_t *a, double delta)
{
    uint64_t old = atomic_load_explicit(a, memory_order_relaxed);
    while (!atomic_compare_exchange_weak_explicit(a, &old, dbits(bitsd(old) + delta),
                                                  memory_order_relaxed, memory_order_relaxed)) {
        /* old was reloaded; retry */
    }
}

/* ---- validation -------------------------------------------------------- */

static bool is_alpha_(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* [a-zA-Z_:][a-zA-Z0-9_:]* */
static bool name_ok(const char *s)
{
    if (s == NULL || !(is_alpha_(*s) || *s == ':'))
        return false;
    for (s++; *s; s++) {
        if (!(is_alpha_(*s) || is_digit(*s) || *s == ':'))
            return false;
    }
    return true;
}

struct label {
    const char *name;
    size_t nlen;
    const char *value; /* escaped form, without the quotes */
    size_t vlen;
};

static int label_cmp(const void *a, const void *b)
{
    const struct label *x = a, *y = b;
    size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
    int c = memcmp(x->name, y->name, n);
    if (c != 0)
        return c;
    return (x->nlen > y->nlen) - (x->nlen < y->nlen);
}

/* Parse `k="v",k2="v2"` into its canonical form (sorted by name), or NULL
 * when the syntax is wrong, a name repeats or is reserved (`__` prefix, `le`
 * on a histogram). Caller owns the result. */
static char *labels_canonical(const char *in, bool histogram)
{
    struct sbuf out;
    struct label *ls = NULL;
    size_t n = 0, cap = 0;
    const char *p = in;

    if (in == NULL || *in == '\0')
        return xstrdup("");
    for (;;) {
        struct label l;
        l.name = p;
        if (!is_alpha_(*p))
            goto err;
        while (is_alpha_(*p) || is_digit(*p))
            p++;
        l.nlen = (size_t)(p - l.name);
        if ((l.nlen >= 2 && l.name[0] == '_' && l.name[1] == '_') ||
            (histogram && l.nlen == 2 && memcmp(l.name, "le", 2) == 0))
            goto err;
        if (p[0] != '=' || p[1] != '"')
            goto err;
        p += 2;
        l.value = p;
        while (*p != '"') {
            if (*p == '\0' || *p == '\n')
                goto err;
            if (*p == '\\') {
                if (p[1] != '\\' && p[1] != '"' && p[1] != 'n')
                    goto err;
                p++;
            }
            p++;
        }
        l.vlen = (size_t)(p - l.value);
        p++;
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            ls = xrealloc(ls, cap * sizeof(*ls));
        }
        ls[n++] = l;
        if (*p == '\0')
            break;
        if (*p != ',' || p[1] == '\0')
            goto err;
        p++;
    }
    qsort(ls, n, sizeof(*ls), label_cmp);
    sbuf_init(&out);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && label_cmp(&ls[i - 1], &ls[i]) == 0) {
            sbuf_free(&out);
            goto err;
        }
        if (i > 0)
            sbuf_putc(&out, ',');
        sbuf_append(&out, ls[i].name, ls[i].nlen);
        sbuf_puts(&out, "=\"");
        sbuf_append(&out, ls[i].value, ls[i].vlen);
        sbuf_putc(&out, '"');
    }
    xfree(ls);
    return sbuf_detach(&out);
err:
    xfree(ls);
    return NULL;
}

/* ---- registration ------------------------------------------------------ */

static struct met_family *family_find(const char *name)
{
    for (struct met_family *f = reg_first; f; f = f->next) {
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

static bool has_suffix(const char *s, size_t slen, const char *suffix)
{
    size_t n = strlen(suffix);
    return slen >= n && memcmp(s + slen - n, suffix, n) == 0;
}

/* Would name's samples collide with a histogram's _bucket/_sum/_count lines
 * (or, for a new histogram, its lines with an existing family)? */
static bool suffix_clash(const char *name, enum met_type type)
{
    static const char *const sfx[] = {"_bucket", "_sum", "_count"};
    size_t len = strlen(name);
    for (struct met_family *f = reg_first; f; f = f->next) {
        size_t flen = strlen(f->name);
        for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
            size_t slen = strlen(sfx[i]);
            if (f->type == MET_HISTOGRAM && len == flen + slen &&
                memcmp(name, f->name, flen) == 0 && has_suffix(name, len, sfx[i]))
                return true;
            if (type == MET_HISTOGRAM && flen == len + slen && memcmp(f->name, name, len) == 0 &&
                has_suffix(f->name, flen, sfx[i]))
                return true;
        }
    }
    return false;
}

static struct met_series *series_find(struct met_family *f, const char *labels)
{
    for (struct met_series *s = f->first; s; s = s->next) {
        if (strcmp(s->labels, labels) == 0)
            return s;
    }
    return NULL;
}

/* Under reg_lock. The family of name with type, created if new; NULL when
 * the name is invalid or taken by another type. */
static struct met_family *family_get(const char *name, const char *help, enum met_type type)
{
    struct met_family *f = family_find(name);
    if (f != NULL)
        return f->type == type ? f : NULL;
    if (suffix_clash(name, type))
        return NULL;
    f = xcalloc(1, sizeof(*f));
    f->name = xstrdup(name);
    f->help = xstrdup(help ? help : "");
    f->type = type;
    if (reg_last)
        reg_last->next = f;
    else
        reg_first = f;
    reg_last = f;
    return f;
}

static void series_link(struct met_family *f, struct met_series *s)
{
    if (f->last)
        f->last->next = s;
    else
        f->first = s;
    f->last = s;
}

struct met_counter *met_counter_new(const char *name, const char *help, const char *labels)
{
    struct met_counter *c = NULL;
    if (!name_ok(name))
        return NULL;
    char *canon = labels_canonical(labels, false);
    if (canon == NULL)
        return NULL;

    pthread_mutex_lock(&reg_lock);
    struct met_family *f = family_get(name, help, MET_COUNTER);
    if (f == NULL)
        goto out;
    c = (struct met_counter *)series_find(f, canon);
    if (c == NULL) {
        c = xcalloc(1, sizeof(*c));
        c->s.labels = canon;
        canon = NULL;
        atomic_init(&c->value, 0);
        series_link(f, &c->s);
    }
out:
    pthread_mutex_unlock(&reg_lock);
    xfree(canon);
    return c;
}

void met_counter_add(struct met_counter *c, uint64_t n)
{
    if (c != NULL)
        atomic_fetch_add_explicit(&c->value, n, memory_order_relaxed);
}

void met_counter_inc(struct met_counter *c)
{
    met_counter_add(c, 1);
}

uint64_t met_counter_value(const struct met_counter *c)
{
    if (c == NULL)
        return 0;
    return atomic_load_explicit((atomic_uint_least64_t *)&c->value, memory_order_relaxed);
}

static struct met_gauge *gauge_new(const char *name, const char *help, const char *labels,
                                   double (*fn)(void *arg), void *arg)
{
    struct met_gauge *g = NULL;
    if (!name_ok(name))
        return NULL;
    char *canon = labels_canonical(labels, false);
    if (canon == NULL)
        return NULL;

    pthread_mutex_lock(&reg_lock);
    struct met_family *f = family_get(name, help, MET_GAUGE);
    if (f == NULL)
        goto out;
    g = (struct met_gauge *)series_find(f, canon);
    if (g != NULL) {
        /* The same series again must be the same kind of gauge. */
        if (g->fn != fn || g->arg != arg)
            g = NULL;
        goto out;
    }
    g = xcalloc(1, sizeof(*g));
    g->s.labels = canon;
    canon = NULL;
    atomic_init(&g->bits, dbits(0.0));
    g->fn = fn;
    g->arg = arg;
    series_link(f, &g->s);
out:
    pthread_mutex_unlock(&reg_lock);
    xfree(canon);
    return g;
}

struct met_gauge *met_gauge_new(const char *name, const char *help, const char *labels)
{
    return gauge_new(name, help, labels, NULL, NULL);
}

struct met_gauge *met_gauge_fn_new(const char *name, const char *help, const char *labels,
                                   double (*fn)(void *arg), void *arg)
{
    if (fn == NULL)
        return NULL;
    return gauge_new(name, help, labels, fn, arg);
}

void met_gauge_set(struct met_gauge *g, double v)
{
    if (g != NULL && g->fn == NULL)
        atomic_store_explicit(&g->bits, dbits(v), memory_order_relaxed);
}

void met_gauge_add(struct met_gauge *g, double delta)
{
    if (g != NULL && g->fn == NULL)
        atomic_add_double(&g->bits, delta);
}

double met_gauge_value(const struct met_gauge *g)
{
    if (g == NULL)
        return 0.0;
    if (g->fn != NULL)
        return g->fn(g->arg);
    return bitsd(atomic_load_explicit((atomic_uint_least64_t *)&g->bits, memory_order_relaxed));
}

/* Strictly increasing, no NaN; a final +Inf is allowed (and dropped). */
static bool bounds_ok(const double *bounds, size_t *nbounds)
{
    size_t n = *nbounds;
    if (n > 0 && bounds == NULL)
        return false;
    if (n > 0 && isinf(bounds[n - 1]) && bounds[n - 1] > 0)
        n--;
    for (size_t i = 0; i < n; i++) {
        if (isnan(bounds[i]) || (isinf(bounds[i]) && bounds[i] > 0))
            return false;
        if (i > 0 && !(bounds[i - 1] < bounds[i]))
            return false;
    }
    *nbounds = n;
    return true;
}

struct met_histogram *met_histogram_new(const char *name, const char *help, const char *labels,
                                        const double *bounds, size_t nbounds)
{
    struct met_histogram *h = NULL;
    if (!name_ok(name) || !bounds_ok(bounds, &nbounds))
        return NULL;
    char *canon = labels_canonical(labels, true);
    if (canon == NULL)
        return NULL;

    pthread_mutex_lock(&reg_lock);
    struct met_family *f = family_get(name, help, MET_HISTOGRAM);
    if (f == NULL)
        goto out;
    h = (struct met_histogram *)series_find(f, canon);
    if (h != NULL) {
        /* The same series again must have the same buckets. */
        if (h->nbounds != nbounds ||
            (nbounds > 0 && memcmp(h->bounds, bounds, nbounds * sizeof(double)) != 0))
            h = NULL;
        goto out;
    }
    h = xcalloc(1, sizeof(*h));
    h->s.labels = canon;
    canon = NULL;
    h->nbounds = nbounds;
    h->bounds = xmalloc((nbounds ? nbounds : 1) * sizeof(double));
    if (nbounds > 0)
        memcpy(h->bounds, bounds, nbounds * sizeof(double));
    h->buckets = xmalloc((nbounds + 1) * sizeof(*h->buckets));
    for (size_t i = 0; i <= nbounds; i++)
        atomic_init(&h->buckets[i], 0);
    atomic_init(&h->sum_bits, dbits(0.0));
    series_link(f, &h->s);
out:
    pthread_mutex_unlock(&reg_lock);
    xfree(canon);
    return h;
}

void met_histogram_observe(struct met_histogram *h, double v)
{
    if (h == NULL)
        return;
    /* First bucket whose bound is >= v (v == bound counts in that bucket, as
     * le means "less or equal"); NaN and values above all go to +Inf. */
    size_t lo = 0, hi = h->nbounds;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v <= h->bounds[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    atomic_fetch_add_explicit(&h->buckets[lo], 1, memory_order_relaxed);
    atomic_add_double(&h->sum_bits, v);
}

uint64_t met_histogram_count(const struct met_histogram *h)
{
    uint64_t n = 0;
    if (h == NULL)
        return 0;
    for (size_t i = 0; i <= h->nbounds; i++)
        n += atomic_load_explicit(&h->buckets[i], memory_order_relaxed);
    return n;
}

double met_histogram_sum(const struct met_histogram *h)
{
    if (h == NULL)
        return 0.0;
    return bitsd(atomic_load_explicit((atomic_uint_least64_t *)&h->sum_bits, memory_order_relaxed));
}

/* ---- exposition -------------------------------------------------------- */

/* A float as Prometheus parses it (Go's ParseFloat): NaN, +Inf, -Inf;
 * integral values below 1e15 in plain digits; else the shortest %g that
 * reads back exactly. */
static void put_double(struct sbuf *out, double v)
{
    char buf[32];
    if (isnan(v)) {
        sbuf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        sbuf_puts(out, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        sbuf_printf(out, "%.0f", v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    sbuf_puts(out, buf);
}

static void put_help(struct sbuf *out, const char *help)
{
    for (const char *p = help; *p; p++) {
        if (*p == '\\')
            sbuf_puts(out, "\\\\");
        else if (*p == '\n')
            sbuf_puts(out, "\\n");
        else
            sbuf_putc(out, *p);
    }
}

/* name{labels} with an optional extra label (le="..."), then a space. */
static void put_series(struct sbuf *out, const char *name, const char *suffix, const char *labels,
                       const double *le)
{
    sbuf_puts(out, name);
    sbuf_puts(out, suffix);
    if (labels[0] != '\0' || le != NULL) {
        sbuf_putc(out, '{');
        sbuf_puts(out, labels);
        if (le != NULL) {
            if (labels[0] != '\0')
                sbuf_putc(out, ',');
            sbuf_puts(out, "le=\"");
            put_double(out, *le);
            sbuf_putc(out, '"');
        }
        sbuf_putc(out, '}');
    }
    sbuf_putc(out, ' ');
}

static void render_histogram(struct sbuf *out, const char *name, struct met_histogram *h)
{
    static const double inf = INFINITY;
    uint64_t cum = 0;
    for (size_t i = 0; i <= h->nbounds; i++) {
        cum += atomic_load_explicit(&h->buckets[i], memory_order_relaxed);
        put_series(out, name, "_bucket", h->s.labels, i < h->nbounds ? &h->bounds[i] : &inf);
        sbuf_printf(out, "%" PRIu64 "\n", cum);
    }
    put_series(out, name, "_sum", h->s.labels, NULL);
    put_double(out, met_histogram_sum(h));
    sbuf_putc(out, '\n');
    put_series(out, name, "_count", h->s.labels, NULL);
    sbuf_printf(out, "%" PRIu64 "\n", cum);
}

void met_render(struct sbuf *out)
{
    static const char *const type_names[] = {"counter", "gauge", "histogram"};

    pthread_mutex_lock(&reg_lock);
    for (struct met_family *f = reg_first; f; f = f->next) {
        sbuf_printf(out, "# HELP %s ", f->name);
        put_help(out, f->help);
        sbuf_printf(out, "\n# TYPE %s %s\n", f->name, type_names[f->type]);
        for (struct met_series *s = f->first; s; s = s->next) {
            switch (f->type) {
            case MET_COUNTER:
                put_series(out, f->name, "", s->labels, NULL);
                sbuf_printf(out, "%" PRIu64 "\n", met_counter_value((struct met_counter *)s));
                break;
            case MET_GAUGE:
                put_series(out, f->name, "", s->labels, NULL);
                put_double(out, met_gauge_value((struct met_gauge *)s));
                sbuf_putc(out, '\n');
                break;
            case MET_HISTOGRAM:
                render_histogram(out, f->name, (struct met_histogram *)s);
                break;
            }
        }
    }
    pthread_mutex_unlock(&reg_lock);
}

void met_label_escape(const char *value, char *out, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return;
    for (const char *p = value ? value : ""; *p; p++) {
        char esc = *p == '\\' ? '\\' : *p == '"' ? '"' : *p == '\n' ? 'n' : 0;
        size_t need = esc ? 2 : 1;
        if (n + need >= cap)
            break; /* never split an escape: a lone \ would break the label */
        if (esc) {
            out[n++] = '\\';
            out[n++] = esc;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

void met_registry_reset(void)
{
    pthread_mutex_lock(&reg_lock);
    struct met_family *f = reg_first;
    reg_first = reg_last = NULL;
    while (f != NULL) {
        struct met_family *fnext = f->next;
        struct met_series *s = f->first;
        while (s != NULL) {
            struct met_series *snext = s->next;
            if (f->type == MET_HISTOGRAM) {
                struct met_histogram *h = (struct met_histogram *)s;
                xfree(h->bounds);
                xfree(h->buckets);
            }
            xfree(s->labels);
            xfree(s);
            s = snext;
        }
        xfree(f->name);
        xfree(f->help);
        xfree(f);
        f = fnext;
    }
    pthread_mutex_unlock(&reg_lock);
}
