/* metrics.c: request counters by route pattern, method and status, a latency histogram
 * per route pattern, the busy gauge of the server threads, and the database counters of
 * conn.c, written in the Prometheus text format. Every cell is a relaxed atomic in a table
 * fixed at compile time, so recording costs a few atomic adds and no allocation; a scrape
 * reads the cells one by one (each is exact, the set is not a snapshot: a scrape is a
 * sample). */
#include "metrics.h"

#include <stdatomic.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"

#define MAX_PATTERNS 96 /* distinct route patterns, plus one for paths no route has */
#define UNMATCHED (MAX_PATTERNS - 1)

static const char *const methods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                      "PATCH", "DELETE", "OPTIONS", "other"};
#define NMETHODS (sizeof methods / sizeof methods[0])

/* The statuses the service answers; anything else is counted as "other". */
static const unsigned statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 406,
                                    409, 410, 412, 413, 415, 422, 428, 429, 500, 503};
#define NSTATUSES (sizeof statuses / sizeof statuses[0])
#define STATUS_OTHER NSTATUSES

/* Upper bounds of the latency buckets, in microseconds (+Inf is the count). */
static const long long bucket_us[] = {1000,   5000,   10000,   25000,   50000,   100000,
                                      250000, 500000, 1000000, 2500000, 5000000, 10000000};
#define NBUCKETS (sizeof bucket_us / sizeof bucket_us[0])

static const char *patterns[MAX_PATTERNS]; /* index -> pattern text */
static unsigned npatterns;
static unsigned route_pattern[MAX_PATTERNS * 4]; /* route index -> pattern index */

static atomic_ulong requests[MAX_PATTERNS][NMETHODS][NSTATUSES + 1];
static atomic_ulong latency_bucket[MAX_PATTERNS]
                                  [NBUCKETS]; /* not cumulative; summed when written */
static atomic_ulong latency_count[MAX_PATTERNS];
static atomic_ullong latency_sum_us[MAX_PATTERNS];
static atomic_int threads_busy;

void metrics_init(void)
{
    npatterns = 0;
    for (unsigned i = 0; i < http_routes_count && i < sizeof route_pattern / sizeof *route_pattern;
         i++) {
        unsigned p = 0;
        while (p < npatterns && strcmp(patterns[p], http_routes[i].pattern) != 0)
            p++;
        if (p == npatterns && npatterns < UNMATCHED)
            patterns[npatterns++] = http_routes[i].pattern;
        route_pattern[i] = p < npatterns ? p : UNMATCHED;
    }
}

/* The pattern's index: pattern points into the route table, so comparing addresses finds it. */
static unsigned pattern_index(const char *pattern)
{
    for (unsigned i = 0; pattern != NULL && i < http_routes_count; i++)
        if (http_routes[i].pattern == pattern)
            return route_pattern[i];
    return UNMATCHED;
}

static unsigned method_index(const char *method)
{
    for (unsigned i = 0; method != NULL && i + 1 < NMETHODS; i++)
        if (strcmp(methods[i], method) == 0)
            return i;
    return NMETHODS - 1;
}

static unsigned status_index(unsigned status)
{
    for (unsigned i = 0; i < NSTATUSES; i++)
        if (statuses[i] == status)
            return i;
    return STATUS_OTHER;
}

void metrics_request(const char *pattern, const char *method, unsigned status, long long us)
{
    unsigned p = pattern_index(pattern);
    atomic_fetch_add_explicit(&requests[p][method_index(method)][status_index(status)], 1,
                              memory_order_relaxed);
    unsigned b = 0;
    while (b < NBUCKETS && us > bucket_us[b])
        b++;
    if (b < NBUCKETS)
        atomic_fetch_add_explicit(&latency_bucket[p][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_count[p], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_sum_us[p], us > 0 ? (unsigned long long)us : 0,
                              memory_order_relaxed);
}

void metrics_thread_busy(int delta)
{
    atomic_fetch_add_explicit(&threads_busy, delta, memory_order_relaxed);
}

static const char *pattern_label(unsigned p)
{
    return p == UNMATCHED ? "unmatched" : patterns[p];
}

static void write_requests(FILE *out)
{
    fputs("# HELP bankruptcyd_http_requests_total Requests answered, by route pattern, method "
          "and status.\n# TYPE bankruptcyd_http_requests_total counter\n",
          out);
    for (unsigned p = 0; p < MAX_PATTERNS; p++)
        for (unsigned m = 0; m < NMETHODS; m++)
            for (unsigned s = 0; s <= NSTATUSES; s++) {
                unsigned long n = atomic_load_explicit(&requests[p][m][s], memory_order_relaxed);
                if (n == 0 || (p >= npatterns && p != UNMATCHED))
                    continue;
                char status[8];
                snprintf(status, sizeof status, "%u", statuses[s < NSTATUSES ? s : 0]);
                fprintf(out,
                        "bankruptcyd_http_requests_total{route=\"%s\",method=\"%s\",status=\"%s\"} "
                        "%lu\n",
                        pattern_label(p), methods[m], s < NSTATUSES ? status : "other", n);
            }
}

static void write_latency(FILE *out)
{
    fputs("# HELP bankruptcyd_http_request_duration_seconds Time from a request's headers to "
          "its reply, by route pattern.\n"
          "# TYPE bankruptcyd_http_request_duration_seconds histogram\n",
          out);
    for (unsigned p = 0; p < MAX_PATTERNS; p++) {
        unsigned long count = atomic_load_explicit(&latency_count[p], memory_order_relaxed);
        if (count == 0 || (p >= npatterns && p != UNMATCHED))
            continue;
        unsigned long cumulative = 0;
        for (unsigned b = 0; b < NBUCKETS; b++) {
            cumulative += atomic_load_explicit(&latency_bucket[p][b], memory_order_relaxed);
            fprintf(out,
                    "bankruptcyd_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
                    "%lu\n",
                    pattern_label(p), (double)bucket_us[b] / 1e6, cumulative);
        }
        if (cumulative > count) /* buckets read after the count moved on */
            count = cumulative;
        fprintf(out,
                "bankruptcyd_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n"
                "bankruptcyd_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                "bankruptcyd_http_request_duration_seconds_count{route=\"%s\"} %lu\n",
                pattern_label(p), count, pattern_label(p),
                (double)atomic_load_explicit(&latency_sum_us[p], memory_order_relaxed) / 1e6,
                pattern_label(p), count);
    }
}

static atomic_ulong connections_cut[METRICS_CUT_REASONS];

void metrics_connection_cut(enum metrics_cut why)
{
    if ((unsigned)why < METRICS_CUT_REASONS)
        atomic_fetch_add_explicit(&connections_cut[why], 1, memory_order_relaxed);
}

static void write_connections_cut(FILE *out)
{
    static const char *const reasons[METRICS_CUT_REASONS] = {"header_timeout", "body_rate", "shed",
                                                             "drain"};
    fputs("# HELP bankruptcyd_http_connections_cut_total Connections the server closed: headers "
          "late (HEADER_TIMEOUT), a body below BODY_MIN_RATE, shed near MAX_CONNECTIONS, or a "
          "stop's drain.\n"
          "# TYPE bankruptcyd_http_connections_cut_total counter\n",
          out);
    for (unsigned i = 0; i < METRICS_CUT_REASONS; i++)
        fprintf(out, "bankruptcyd_http_connections_cut_total{reason=\"%s\"} %lu\n", reasons[i],
                atomic_load_explicit(&connections_cut[i], memory_order_relaxed));
}

static void write_counter(FILE *out, const char *name, const char *type, const char *help,
                          unsigned long value)
{
    fprintf(out, "# HELP %s %s\n# TYPE %s %s\n%s %lu\n", name, help, name, type, name, value);
}

void metrics_write(FILE *out, unsigned threads)
{
    write_requests(out);
    write_latency(out);
    write_connections_cut(out);
    write_counter(out, "bankruptcyd_http_threads", "gauge", "Server threads in the pool.", threads);
    int busy = atomic_load_explicit(&threads_busy, memory_order_relaxed);
    write_counter(out, "bankruptcyd_http_threads_busy", "gauge",
                  "Server threads running a request's handler now.",
                  busy > 0 ? (unsigned long)busy : 0);
    write_counter(out, "bankruptcyd_db_round_trips_total", "counter",
                  "Statements and transaction commands sent to PostgreSQL.", db_round_trips());
    write_counter(out, "bankruptcyd_db_retries_total", "counter",
                  "Transactions retried after a serialization failure or a deadlock.",
                  db_retries_total());
    write_counter(out, "bankruptcyd_db_retries_exhausted_total", "counter",
                  "Transactions that were still failing after the last retry.",
                  db_retries_exhausted());
    write_counter(out, "bankruptcyd_db_failures_total", "counter",
                  "Transactions and reads that ended unavailable (no connection, a timeout) or "
                  "in an error.",
                  db_failures_total());
    write_counter(out, "bankruptcyd_application_cache_hits_total", "counter",
                  "Reads of one application answered from memory (src/api/appcache.c).",
                  api_appcache_hits());
    write_counter(out, "bankruptcyd_application_cache_misses_total", "counter",
                  "Reads of one application that asked PostgreSQL while memory was on.",
                  api_appcache_misses());
    write_counter(out, "bankruptcyd_application_cache_bytes", "gauge",
                  "Bytes the application documents in memory take, their table included.",
                  api_appcache_bytes());
}
