/* metrics.h — the process-wide metrics registry and Prometheus exposition.
 *
 * Metrics are registered once by name (with help text and an optional fixed
 * label set) and then updated lock-free with atomics on the hot path. A
 * metric family (one name) may hold several label sets; each is registered
 * separately with the same name, type and help. Registration takes a mutex;
 * updates never do. Registered metrics live until met_registry_reset().
 *
 * Exposition: met_render() writes the Prometheus text format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/):
 * "# HELP", "# TYPE", one sample line per series; histograms as cumulative
 * _bucket{le="..."} series with le="+Inf", _sum and _count.
 *
 * Names must match [a-zA-Z_:][a-zA-Z0-9_:]*; labels are given pre-formatted
 * as `key="value",key2="value2"` (values escaped by met_label_escape when they
 * come from outside). Registering an invalid name, or an existing name with
 * another type, returns NULL (and the update functions accept NULL as a no-op),
 * so a bad metric never takes the process down.
 */
#ifndef SF_COMMON_METRICS_H
#define SF_COMMON_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct sbuf;
struct met_counter;
struct met_gauge;
struct met_histogram;

/* Register (or return the existing series with the same name and labels). */
struct met_counter *met_counter_new(const char *name, const char *help, const char *labels);
void met_counter_add(struct met_counter *c, uint64_t n);
void met_counter_inc(struct met_counter *c);
uint64_t met_counter_value(const struct met_counter *c);

struct met_gauge *met_gauge_new(const char *name, const char *help, const char *labels);
void met_gauge_set(struct met_gauge *g, double v);
void met_gauge_add(struct met_gauge *g, double delta);
double met_gauge_value(const struct met_gauge *g);
/* A gauge whose value is computed at scrape time by fn(arg) (RSS, open fds). */
struct met_gauge *met_gauge_fn_new(const char *name, const char *help, const char *labels,
                                   double (*fn)(void *arg), void *arg);

/* bounds: strictly increasing upper bounds (without +Inf), copied. */
struct met_histogram *met_histogram_new(const char *name, const char *help, const char *labels,
                                        const double *bounds, size_t nbounds);
void met_histogram_observe(struct met_histogram *h, double v);
uint64_t met_histogram_count(const struct met_histogram *h);
double met_histogram_sum(const struct met_histogram *h);

/* Default latency buckets in seconds: 50us .. 10s. */
extern const double met_latency_buckets[];
extern const size_t met_latency_nbuckets;

/* Append the whole registry in Prometheus text format to out. */
void met_render(struct sbuf *out);
/* Escape a label value (\\, \", \n) into out (cap bytes, NUL-terminated). */
void met_label_escape(const char *value, char *out, size_t cap);
/* Drop every metric (tests and process exit). Pointers become invalid. */
void met_registry_reset(void);

#endif
