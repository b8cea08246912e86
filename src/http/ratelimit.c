/* ratelimit.c: a token bucket per client address, in this instance's memory: a route that
 * must not be enumerated (the public disclosure query) takes one token per request; the
 * bucket holds `limit` and refills evenly over `window` seconds. The buckets are a fixed
 * table overwritten by whoever hashes there (the key is compared whole): a lost bucket
 * starts full again, so the limit is per instance and approximate under a flood of
 * addresses, never lower than it says. Replies carry the RateLimit and RateLimit-Policy
 * headers of draft-ietf-httpapi-ratelimit-headers. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http.h"

#define BUCKETS 8192
#define LOCKS 64

struct bucket {
    char key[64];
    double tokens;
    double at; /* monotonic seconds of the last refill */
};

static struct bucket buckets[BUCKETS];
static pthread_mutex_t locks[LOCKS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_locks(void)
{
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned slot_of(const char *name, const char *key)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 16777619u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % BUCKETS;
}

bool http_rate_take(struct http_request *r, const char *name, const char *key, unsigned limit,
                    unsigned window, unsigned *retry_after)
{
    pthread_once(&once, init_locks);
    char full[64];
    snprintf(full, sizeof full, "%s|%s", name, key);
    unsigned i = slot_of(name, key);
    double rate = (double)limit / (double)window, t = now_seconds();
    pthread_mutex_lock(&locks[i % LOCKS]);
    struct bucket *b = &buckets[i];
    if (strcmp(b->key, full) != 0) {
        snprintf(b->key, sizeof b->key, "%s", full);
        b->tokens = limit;
        b->at = t;
    }
    b->tokens = fmin((double)limit, b->tokens + (t - b->at) * rate);
    b->at = t;
    bool ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    double tokens = b->tokens;
    pthread_mutex_unlock(&locks[i % LOCKS]);
    unsigned remaining = (unsigned)floor(tokens);
    unsigned reset = (unsigned)ceil(((double)limit - tokens) / rate); /* until full again */
    *retry_after = ok ? 0 : (unsigned)ceil((1.0 - tokens) / rate);
    if (*retry_after == 0 && !ok)
        *retry_after = 1;
    snprintf(r->ratelimit, sizeof r->ratelimit, "\"%s\";r=%u;t=%u", name, remaining,
             ok ? reset : *retry_after);
    snprintf(r->ratelimit_policy, sizeof r->ratelimit_policy, "\"%s\";q=%u;w=%u", name, limit,
             window);
    return ok;
}
