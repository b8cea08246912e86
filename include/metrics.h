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
/* Writes the HTTP, pool and database families as Prometheus text. */
void metrics_write(FILE *out, unsigned threads);

#endif
