/* test_metrics.c — registry, lock-free updates and the exposition format. */
#include "common/metrics.h"

#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void reset(void)
{
    met_registry_reset();
}

TestSuite(metrics, .init = reset, .fini = reset, .timeout = 60);

/* Caller frees with xfree. */
static char *render(void)
{
    struct sbuf b;
    sbuf_init(&b);
    met_render(&b);
    return sbuf_detach(&b);
}

static void expect_render(const char *want)
{
    char *got = render();
    cr_expect_str_eq(got, want);
    xfree(got);
}

Test(metrics, empty_registry_renders_nothing)
{
    expect_render("");
}

Test(metrics, counters_grouped_by_family_in_registration_order)
{
    struct met_counter *req = met_counter_new("sf_requests_total", "Requests served.", NULL);
    struct met_counter *io = met_counter_new("sf_errors_total", "Errors by kind.", "kind=\"io\"");
    struct met_counter *big = met_counter_new("sf_bytes_total", "Bytes.", "");
    struct met_counter *parse =
        met_counter_new("sf_errors_total", "Errors by kind.", "kind=\"parse\"");
    cr_assert(req && io && big && parse);
    met_counter_add(req, 3);
    met_counter_inc(io);
    met_counter_add(parse, 2);
    met_counter_add(big, UINT64_MAX - 1);
    cr_expect_eq(met_counter_value(req), 3);
    expect_render("# HELP sf_requests_total Requests served.\n"
                  "# TYPE sf_requests_total counter\n"
                  "sf_requests_total 3\n"
                  "# HELP sf_errors_total Errors by kind.\n"
                  "# TYPE sf_errors_total counter\n"
                  "sf_errors_total{kind=\"io\"} 1\n"
                  "sf_errors_total{kind=\"parse\"} 2\n"
                  "# HELP sf_bytes_total Bytes.\n"
                  "# TYPE sf_bytes_total counter\n"
                  "sf_bytes_total 18446744073709551614\n");
}

Test(metrics, same_series_returns_the_same_metric)
{
    struct met_counter *a = met_counter_new("x_total", "X.", "b=\"1\",a=\"2\"");
    struct met_counter *b = met_counter_new("x_total", "other help is ignored", "a=\"2\",b=\"1\"");
    struct met_counter *c = met_counter_new("x_total", "X.", "a=\"2\"");
    cr_assert_not_null(a);
    cr_expect_eq(a, b, "label order does not make another series");
    cr_expect_neq(a, c);
    met_counter_inc(a);
    met_counter_inc(b);
    expect_render("# HELP x_total X.\n"
                  "# TYPE x_total counter\n"
                  "x_total{a=\"2\",b=\"1\"} 2\n"
                  "x_total{a=\"2\"} 0\n");
    struct met_gauge *g = met_gauge_new("g", "G.", NULL);
    cr_expect_eq(met_gauge_new("g", "G.", NULL), g);
    struct met_histogram *h =
        met_histogram_new("h", "H.", NULL, met_latency_buckets, met_latency_nbuckets);
    cr_expect_eq(met_histogram_new("h", "H.", NULL, met_latency_buckets, met_latency_nbuckets), h);
}

Test(metrics, gauge_values_render_as_prometheus_floats)
{
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0, "0"},
        {1.5, "1.5"},
        {-2, "-2"},
        {0.1, "0.1"},
        {1e-7, "1e-07"},
        {123456789012.0, "123456789012"},
        {4503599627370496.0, "4503599627370496"},
        {9007199254740993.0 * 4, "3.602879701896397e+16"},
        {1e20, "1e+20"},
        {-0.0, "-0"},
        {1.0 / 3.0, "0.3333333333333333"},
        {NAN, "NaN"},
        {INFINITY, "+Inf"},
        {-INFINITY, "-Inf"},
    };
    struct met_gauge *g = met_gauge_new("sf_value", "A value.", NULL);
    cr_assert_not_null(g);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char want[256];
        met_gauge_set(g, cases[i].v);
        snprintf(want, sizeof(want),
                 "# HELP sf_value A value.\n# TYPE sf_value gauge\nsf_value %s\n", cases[i].want);
        expect_render(want);
    }
}

Test(metrics, gauge_set_add_value)
{
    struct met_gauge *g = met_gauge_new("sf_conns", "Open connections.", "pool=\"sql\"");
    met_gauge_set(g, 10);
    met_gauge_add(g, 2.5);
    met_gauge_add(g, -0.5);
    cr_expect_eq(met_gauge_value(g), 12.0);
    expect_render("# HELP sf_conns Open connections.\n"
                  "# TYPE sf_conns gauge\n"
                  "sf_conns{pool=\"sql\"} 12\n");
}

static int fn_calls;

static double fn_value(void *arg)
{
    fn_calls++;
    return *(double *)arg;
}

Test(metrics, gauge_fn_is_called_at_render_time)
{
    double rss = 1024;
    struct met_gauge *g =
        met_gauge_fn_new("sf_rss_bytes", "Resident set size.", NULL, fn_value, &rss);
    cr_assert_not_null(g);
    cr_expect_eq(fn_calls, 0, "not called at registration");
    expect_render("# HELP sf_rss_bytes Resident set size.\n"
                  "# TYPE sf_rss_bytes gauge\n"
                  "sf_rss_bytes 1024\n");
    cr_expect_eq(fn_calls, 1);
    rss = 2048.5;
    met_gauge_set(g, 1); /* ignored: the function owns the value */
    met_gauge_add(g, 1);
    expect_render("# HELP sf_rss_bytes Resident set size.\n"
                  "# TYPE sf_rss_bytes gauge\n"
                  "sf_rss_bytes 2048.5\n");
    cr_expect_eq(fn_calls, 2);
    cr_expect_eq(met_gauge_value(g), 2048.5);
    /* Same series: same function returns it, anything else is a conflict. */
    cr_expect_eq(met_gauge_fn_new("sf_rss_bytes", "", NULL, fn_value, &rss), g);
    cr_expect_null(met_gauge_fn_new("sf_rss_bytes", "", NULL, fn_value, NULL));
    cr_expect_null(met_gauge_new("sf_rss_bytes", "", NULL));
    cr_expect_null(met_gauge_fn_new("sf_other", "", NULL, NULL, NULL));
    /* A plain gauge in the same family is fine. */
    cr_expect_not_null(met_gauge_new("sf_rss_bytes", "", "kind=\"plain\""));
}

Test(metrics, histogram_exposition_and_boundaries)
{
    static const double bounds[] = {0.25, 0.5, 1, 2.5};
    struct met_histogram *h =
        met_histogram_new("sf_op_seconds", "Operation latency.", "op=\"get\"", bounds, 4);
    struct met_histogram *bare = met_histogram_new("sf_op_seconds", "", NULL, bounds, 4);
    cr_assert(h && bare);
    met_histogram_observe(h, 0.25); /* == bound: in le="0.25" */
    met_histogram_observe(h, 0.5);
    met_histogram_observe(h, 0.75);
    met_histogram_observe(h, 1);
    met_histogram_observe(h, 4);
    met_histogram_observe(bare, -1);
    cr_expect_eq(met_histogram_count(h), 5);
    cr_expect_eq(met_histogram_sum(h), 6.5);
    expect_render("# HELP sf_op_seconds Operation latency.\n"
                  "# TYPE sf_op_seconds histogram\n"
                  "sf_op_seconds_bucket{op=\"get\",le=\"0.25\"} 1\n"
                  "sf_op_seconds_bucket{op=\"get\",le=\"0.5\"} 2\n"
                  "sf_op_seconds_bucket{op=\"get\",le=\"1\"} 4\n"
                  "sf_op_seconds_bucket{op=\"get\",le=\"2.5\"} 4\n"
                  "sf_op_seconds_bucket{op=\"get\",le=\"+Inf\"} 5\n"
                  "sf_op_seconds_sum{op=\"get\"} 6.5\n"
                  "sf_op_seconds_count{op=\"get\"} 5\n"
                  "sf_op_seconds_bucket{le=\"0.25\"} 1\n"
                  "sf_op_seconds_bucket{le=\"0.5\"} 1\n"
                  "sf_op_seconds_bucket{le=\"1\"} 1\n"
                  "sf_op_seconds_bucket{le=\"2.5\"} 1\n"
                  "sf_op_seconds_bucket{le=\"+Inf\"} 1\n"
                  "sf_op_seconds_sum -1\n"
                  "sf_op_seconds_count 1\n");
}

Test(metrics, latency_buckets)
{
    static const char *const le[] = {"5e-05", "0.0001", "0.00025", "0.0005", "0.001", "0.0025",
                                     "0.005", "0.01",   "0.025",   "0.05",   "0.1",   "0.25",
                                     "0.5",   "1",      "2.5",     "5",      "10",    "+Inf"};
    static const double want[] = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                  0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                  0.5,     1,      2.5,     5,      10};
    cr_assert_eq(met_latency_nbuckets, 17);
    for (size_t i = 0; i < met_latency_nbuckets; i++)
        cr_expect_eq(met_latency_buckets[i], want[i], "bound %zu", i);

    struct met_histogram *h =
        met_histogram_new("lat_seconds", "L.", NULL, met_latency_buckets, met_latency_nbuckets);
    cr_assert_not_null(h);
    /* Each bound exactly, and the next double above it (which belongs to
     * the next bucket). */
    for (size_t i = 0; i < met_latency_nbuckets; i++) {
        met_histogram_observe(h, met_latency_buckets[i]);
        met_histogram_observe(h, nextafter(met_latency_buckets[i], INFINITY));
    }
    met_histogram_observe(h, NAN); /* +Inf bucket, sum becomes NaN */

    struct sbuf want_text;
    sbuf_init(&want_text);
    sbuf_puts(&want_text, "# HELP lat_seconds L.\n# TYPE lat_seconds histogram\n");
    for (size_t i = 0; i <= met_latency_nbuckets; i++)
        sbuf_printf(&want_text, "lat_seconds_bucket{le=\"%s\"} %zu\n", le[i], 2 * i + 1);
    sbuf_puts(&want_text, "lat_seconds_sum NaN\nlat_seconds_count 35\n");
    expect_render(want_text.data);
    sbuf_free(&want_text);
}

Test(metrics, histogram_without_bounds_and_trailing_inf)
{
    static const double with_inf[] = {1, INFINITY};
    struct met_histogram *a = met_histogram_new("a_seconds", "", NULL, NULL, 0);
    struct met_histogram *b = met_histogram_new("b_seconds", "", NULL, with_inf, 2);
    cr_assert(a && b);
    met_histogram_observe(a, 3);
    met_histogram_observe(b, 3);
    expect_render("# HELP a_seconds \n"
                  "# TYPE a_seconds histogram\n"
                  "a_seconds_bucket{le=\"+Inf\"} 1\n"
                  "a_seconds_sum 3\n"
                  "a_seconds_count 1\n"
                  "# HELP b_seconds \n"
                  "# TYPE b_seconds histogram\n"
                  "b_seconds_bucket{le=\"1\"} 0\n"
                  "b_seconds_bucket{le=\"+Inf\"} 1\n"
                  "b_seconds_sum 3\n"
                  "b_seconds_count 1\n");
}

Test(metrics, invalid_names_labels_and_types)
{
    static const char *const bad_names[] = {"", "1abc", "a-b", "a b", "caf\xc3\xa9", "a{", "x\n"};
    for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
        cr_expect_null(met_counter_new(bad_names[i], "", NULL), "name \"%s\"", bad_names[i]);
        cr_expect_null(met_gauge_new(bad_names[i], "", NULL));
        cr_expect_null(met_histogram_new(bad_names[i], "", NULL, NULL, 0));
    }
    cr_expect_null(met_counter_new(NULL, "", NULL));
    cr_expect_not_null(met_counter_new("a:b_c9", "", NULL));
    cr_expect_not_null(met_counter_new("_x", "", NULL));
    cr_expect_not_null(met_counter_new(":x", "", NULL));

    static const char *const bad_labels[] = {
        "a=1",
        "a=\"1",
        "a=\"1\",",
        "a=\"x\\q\"",
        "1a=\"x\"",
        "a=\"1\",a=\"2\"",
        "__name__=\"x\"",
        "a = \"1\"",
        "a=\"1\"b=\"2\"",
        "a=\"x\ny\"",
        ",a=\"1\"",
        "a:b=\"1\"",
        "{a=\"1\"}",
        "a=\"1\" ",
        "a=\"\\\"",
    };
    for (size_t i = 0; i < sizeof(bad_labels) / sizeof(bad_labels[0]); i++) {
        cr_expect_null(met_counter_new("lbl_total", "", bad_labels[i]), "labels %s", bad_labels[i]);
        cr_expect_null(met_histogram_new("lbl_seconds", "", bad_labels[i], NULL, 0));
    }
    cr_expect_not_null(met_counter_new("lbl_total", "", "a=\"\",_b=\"\\\\\\\"\\n\""));
    cr_expect_not_null(met_counter_new("lbl_total", "", "le=\"1\""), "le is fine on a counter");
    cr_expect_null(met_histogram_new("lbl_seconds", "", "le=\"1\"", NULL, 0));

    /* One name, one type. */
    cr_expect_not_null(met_counter_new("t_total", "", NULL));
    cr_expect_null(met_gauge_new("t_total", "", NULL));
    cr_expect_null(met_histogram_new("t_total", "", NULL, NULL, 0));
    cr_expect_null(met_gauge_fn_new("t_total", "", NULL, fn_value, NULL));
    /* A histogram's sample names are taken, both ways round. */
    cr_expect_not_null(met_histogram_new("h", "", NULL, NULL, 0));
    cr_expect_null(met_counter_new("h_count", "", NULL));
    cr_expect_null(met_gauge_new("h_sum", "", NULL));
    cr_expect_null(met_gauge_new("h_bucket", "", NULL));
    cr_expect_not_null(met_gauge_new("h_total", "", NULL));
    cr_expect_not_null(met_counter_new("k_sum", "", NULL));
    cr_expect_null(met_histogram_new("k", "", NULL, NULL, 0));

    /* Bounds: strictly increasing, no NaN, +Inf only last. */
    static const double dup[] = {1, 1}, down[] = {2, 1}, nan[] = {NAN}, inf_mid[] = {INFINITY, 1};
    cr_expect_null(met_histogram_new("b1", "", NULL, dup, 2));
    cr_expect_null(met_histogram_new("b2", "", NULL, down, 2));
    cr_expect_null(met_histogram_new("b3", "", NULL, nan, 1));
    cr_expect_null(met_histogram_new("b4", "", NULL, inf_mid, 2));
    cr_expect_null(met_histogram_new("b5", "", NULL, NULL, 3));
    static const double one[] = {1}, two[] = {2};
    cr_expect_not_null(met_histogram_new("b6", "", NULL, one, 1));
    cr_expect_null(met_histogram_new("b6", "", NULL, two, 1), "same series, other buckets");

    /* Nothing invalid reached the registry. */
    char *text = render();
    cr_expect_null(strstr(text, "lbl_seconds"));
    cr_expect_null(strstr(text, "\nb1"));
    cr_expect_null(strstr(text, "# TYPE h_count"));
    xfree(text);
}

Test(metrics, null_metrics_are_no_ops)
{
    met_counter_add(NULL, 5);
    met_counter_inc(NULL);
    met_gauge_set(NULL, 1);
    met_gauge_add(NULL, 1);
    met_histogram_observe(NULL, 1);
    cr_expect_eq(met_counter_value(NULL), 0);
    cr_expect_eq(met_gauge_value(NULL), 0.0);
    cr_expect_eq(met_histogram_count(NULL), 0);
    cr_expect_eq(met_histogram_sum(NULL), 0.0);
    /* A failed registration feeds straight into updates. */
    met_counter_inc(met_counter_new("bad name", "", NULL));
    expect_render("");
}

Test(metrics, label_escape)
{
    char buf[64];
    met_label_escape("C:\\dir \"x\"\nnext", buf, sizeof(buf));
    cr_expect_str_eq(buf, "C:\\\\dir \\\"x\\\"\\nnext");
    met_label_escape(NULL, buf, sizeof(buf));
    cr_expect_str_eq(buf, "");
    met_label_escape("plain", buf, sizeof(buf));
    cr_expect_str_eq(buf, "plain");

    /* Truncation never leaves half an escape. */
    met_label_escape("ab\"cd", buf, 4);
    cr_expect_str_eq(buf, "ab");
    met_label_escape("ab\"cd", buf, 3);
    cr_expect_str_eq(buf, "ab");
    met_label_escape("ab\"cd", buf, 5);
    cr_expect_str_eq(buf, "ab\\\"");
    met_label_escape("abc", buf, 1);
    cr_expect_str_eq(buf, "");
    buf[0] = 'z';
    met_label_escape("abc", buf, 0);
    cr_expect_eq(buf[0], 'z', "cap 0 writes nothing");

    /* An escaped outside value makes a valid label set that renders as is. */
    char labels[128];
    met_label_escape("/tmp/a \"b\"\\c\nd", buf, sizeof(buf));
    snprintf(labels, sizeof(labels), "path=\"%s\"", buf);
    struct met_counter *c = met_counter_new("files_total", "Files.", labels);
    cr_assert_not_null(c);
    expect_render("# HELP files_total Files.\n"
                  "# TYPE files_total counter\n"
                  "files_total{path=\"/tmp/a \\\"b\\\"\\\\c\\nd\"} 0\n");
}

Test(metrics, help_escaping)
{
    met_gauge_new("hg", "Line one\nline two, C:\\path, \"quoted\".", NULL);
    met_gauge_new("hn", NULL, NULL);
    expect_render("# HELP hg Line one\\nline two, C:\\\\path, \"quoted\".\n"
                  "# TYPE hg gauge\n"
                  "hg 0\n"
                  "# HELP hn \n"
                  "# TYPE hn gauge\n"
                  "hn 0\n");
}

Test(metrics, reset_drops_everything)
{
    met_counter_inc(met_counter_new("r_total", "R.", NULL));
    met_registry_reset();
    expect_render("");
    /* The name is free again, even for another type. */
    struct met_gauge *g = met_gauge_new("r_total", "Now a gauge.", NULL);
    cr_assert_not_null(g);
    met_gauge_set(g, 7);
    expect_render("# HELP r_total Now a gauge.\n# TYPE r_total gauge\nr_total 7\n");
}

/* ---- concurrency ------------------------------------------------------- */

enum { THREADS = 8, ITERS = 100000 };

struct worker {
    int id;
    struct met_counter *c;
    struct met_gauge *g;
    struct met_histogram *h;
};

static const double conc_bounds[] = {0.5, 1};

static void *work(void *arg)
{
    struct worker *w = arg;
    char labels[32];
    snprintf(labels, sizeof(labels), "thread=\"%d\"", w->id);
    /* Registration races with the other threads and the renderer. */
    struct met_counter *own = met_counter_new("per_thread_total", "Per thread.", labels);
    struct met_counter *shared = met_counter_new("shared_total", "Shared.", NULL);
    for (int i = 0; i < ITERS; i++) {
        met_counter_inc(w->c);
        met_counter_inc(own);
        met_counter_add(shared, 2);
        met_gauge_add(w->g, 1.0);
        met_histogram_observe(w->h, (i % 4) * 0.5); /* 0, 0.5, 1, 1.5 */
    }
    return shared;
}

static void *scrape(void *arg)
{
    volatile int *stop = arg;
    while (!__atomic_load_n(stop, __ATOMIC_ACQUIRE)) {
        char *t = render();
        xfree(t);
    }
    return NULL;
}

Test(metrics, concurrent_updates_give_exact_totals)
{
    struct worker w[THREADS];
    pthread_t tid[THREADS], scraper;
    int stop = 0;
    struct met_counter *c = met_counter_new("ops_total", "Ops.", NULL);
    struct met_gauge *g = met_gauge_new("level", "Level.", NULL);
    struct met_histogram *h = met_histogram_new("obs", "Obs.", NULL, conc_bounds, 2);
    cr_assert(c && g && h);

    cr_assert_eq(pthread_create(&scraper, NULL, scrape, &stop), 0);
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.id = i, .c = c, .g = g, .h = h};
        cr_assert_eq(pthread_create(&tid[i], NULL, work, &w[i]), 0);
    }
    void *shared[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_join(tid[i], &shared[i]);
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    pthread_join(scraper, NULL);

    for (int i = 1; i < THREADS; i++)
        cr_expect_eq(shared[i], shared[0], "every thread got the same series");
    uint64_t n = (uint64_t)THREADS * ITERS;
    cr_expect_eq(met_counter_value(c), n);
    cr_expect_eq(met_counter_value(shared[0]), 2 * n);
    cr_expect_eq(met_gauge_value(g), (double)n);
    cr_expect_eq(met_histogram_count(h), n);
    cr_expect_eq(met_histogram_sum(h), (double)n / 4 * (0 + 0.5 + 1 + 1.5));

    char *text = render();
    char line[128];
    snprintf(line, sizeof(line), "\nops_total %llu\n", (unsigned long long)n);
    cr_expect_not_null(strstr(text, line), "%s", text);
    snprintf(line, sizeof(line), "\nobs_bucket{le=\"0.5\"} %llu\n", (unsigned long long)n / 2);
    cr_expect_not_null(strstr(text, line));
    snprintf(line, sizeof(line), "\nobs_bucket{le=\"1\"} %llu\n", (unsigned long long)n * 3 / 4);
    cr_expect_not_null(strstr(text, line));
    snprintf(line, sizeof(line), "\nobs_count %llu\n", (unsigned long long)n);
    cr_expect_not_null(strstr(text, line));
    for (int i = 0; i < THREADS; i++) {
        snprintf(line, sizeof(line), "\nper_thread_total{thread=\"%d\"} %d\n", i, ITERS);
        cr_expect_not_null(strstr(text, line), "thread %d", i);
    }
    xfree(text);
}

/* ---- the reference parser ---------------------------------------------- */

static double half(void *arg)
{
    return 0.5;
}

/* Parse the output with the Python client's parser (the format's reference
 * implementation outside Go), when it is installed. */
Test(metrics, prometheus_client_parses_output)
{
    if (system("/usr/bin/python3 -c 'import prometheus_client.parser' >/dev/null 2>&1") != 0)
        cr_skip_test("python3-prometheus-client is not installed");

    char path[] = "/tmp/sf_metrics_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);

    char esc[64], labels[128];
    met_counter_add(met_counter_new("sf_requests_total", "Requests.\nBy method.", "method=\"GET\""),
                    7);
    met_counter_add(met_counter_new("sf_requests_total", "", "method=\"POST\""), 2);
    met_label_escape("we\"ird\\ \nvalue", esc, sizeof(esc));
    snprintf(labels, sizeof(labels), "path=\"%s\",z=\"1\"", esc);
    met_counter_inc(met_counter_new("sf_paths_total", "Paths with \\ in help.", labels));
    met_gauge_set(met_gauge_new("sf_temp", "Temperature.", NULL), -12.25);
    met_gauge_set(met_gauge_new("sf_nan", "Not a number.", NULL), NAN);
    met_gauge_set(met_gauge_new("sf_inf", "Infinite.", "sign=\"+\""), INFINITY);
    met_gauge_set(met_gauge_new("sf_inf", "Infinite.", "sign=\"-\""), -INFINITY);
    met_gauge_set(met_gauge_new("sf_tiny", "Tiny.", NULL), 1e-300);
    met_gauge_fn_new("sf_half", "Half.", NULL, half, NULL);
    struct met_histogram *h = met_histogram_new("sf_latency_seconds", "Latency.", "op=\"scan\"",
                                                met_latency_buckets, met_latency_nbuckets);
    for (int i = 0; i < 1000; i++)
        met_histogram_observe(h, i * 0.011);
    met_histogram_new("sf_empty_seconds", "Empty.", NULL, NULL, 0);

    char *text = render();
    size_t len = strlen(text);
    cr_assert_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    xfree(text);

    /* Families: requests, paths, temp, nan, inf, tiny, half, latency, empty. */
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c '\n"
             "import math, sys\n"
             "from prometheus_client.parser import text_string_to_metric_families\n"
             "fams = list(text_string_to_metric_families(open(sys.argv[1]).read()))\n"
             "assert len(fams) == 9, [f.name for f in fams]\n"
             "by = {f.name: f for f in fams}\n"
             "assert by[\"sf_requests\"].documentation == \"Requests.\\nBy method.\"\n"
             "s = by[\"sf_paths\"].samples[0]\n"
             "assert s.labels == {\"path\": \"we\\\"ird\\\\ \\nvalue\", \"z\": \"1\"}, s\n"
             "assert math.isnan(by[\"sf_nan\"].samples[0].value)\n"
             "assert by[\"sf_inf\"].samples[1].value == -math.inf\n"
             "assert by[\"sf_tiny\"].samples[0].value == 1e-300\n"
             "lat = by[\"sf_latency_seconds\"]\n"
             "assert lat.type == \"histogram\"\n"
             "b = [x for x in lat.samples if x.name.endswith(\"_bucket\")]\n"
             "assert len(b) == 18 and b[-1].labels[\"le\"] == \"+Inf\" and b[-1].value == 1000\n"
             "assert all(x.value <= y.value for x, y in zip(b, b[1:]))\n"
             "' %s",
             path);
    int rc = system(cmd);
    if (rc != 0) {
        char *again = render();
        cr_log_error("rejected exposition:\n%s", again);
        xfree(again);
    }
    unlink(path);
    cr_expect_eq(rc, 0, "prometheus_client rejected the exposition (exit %d)", rc);
}
