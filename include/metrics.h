/* metrics.h: the service's counters for GET /metrics, kept lock-free (relaxed atomics in
 * fixed tables sized at compile time: recording a request allocates nothing), and their
 * Prometheus text exposition (format 0.0.4). */
#ifndef METRICS_H
#define METRICS_H
#include <stdio.h>

/* Indexes the route table's patterns (once, before the server starts). */
void metrics_init(void);
/* One finished request: pattern is the route pattern the path matched (a pointer into the
 * route table) or NULL for a path no route has; method as received; us its duration. */
void metrics_request(const char *pattern, const char *method, unsigned status, long long us);
/* A server thread starts (+1) or ends (-1) running a request's handler. */
void metrics_thread_busy(int delta);
/* Why the server cut a connection (src/http/conns.c). */
enum metrics_cut {
    METRICS_CUT_HEADERS = 0, /* its request's headers did not arrive in time */
    METRICS_CUT_BODY,        /* its body fell below BODY_MIN_RATE after BODY_TIMEOUT */
    METRICS_CUT_SHED,        /* shed, waiting longest, to keep slots free near the limit */
    METRICS_CUT_DRAIN,       /* closed between requests by a stop's drain */
    METRICS_CUT_REASONS
};
void metrics_connection_cut(enum metrics_cut why);
/* Writes the HTTP, pool and database families as Prometheus text. */
void metrics_write(FILE *out, unsigned threads);

#endif
