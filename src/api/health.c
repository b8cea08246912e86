/* health.c: liveness, readiness (with the build and the court calendar's coverage), the
 * metrics and the OpenAPI document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "build_info.h"
#include "embedded.h"
#include "metrics.h"

enum MHD_Result api_healthz(struct http_request *r)
{
    return http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

/* The read replica as readiness reports it: null when none is configured; its lag otherwise,
 * null when it cannot be reached (reads then go to the primary: the instance stays ready). */
static json_t *replica_state(void)
{
    if (!db_replica_configured())
        return json_null();
    long long lag = db_replica_lag_bytes();
    return json_pack("{s:o}", "lag_bytes", lag < 0 ? json_null() : json_integer(lag));
}

enum MHD_Result api_readyz(struct http_request *r)
{
    char why[256] = "";
    if (http_draining()) /* the balancer should send nothing more here */
        return http_problem_unavailable(r, "the service is stopping");
    enum db_status st = db_ready(api_latest_migration(), why, sizeof why);
    json_t *coverage = NULL;
    if (st == DB_OK)
        st = api_calendar_coverage(&coverage);
    if (st == DB_OK) { /* a missing calendar year is a warning, not unreadiness: cases go on */
        json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:{s:O}, s:O, s:o}", "status", "ready",
                                 "version", build_version, "commit", build_commit, "schema",
                                 api_latest_migration(), "calendar", "last_covered_year",
                                 json_object_get(coverage, "last_covered_year"), "warnings",
                                 json_object_get(coverage, "warnings"), "replica", replica_state());
        json_decref(coverage);
        return http_reply_json(r, 200, body);
    }
    if (why[0] == '\0')
        snprintf(why, sizeof why, "the court calendar cannot be read");
    return http_problem_unavailable(r, why);
}

/* Whether the request carries the bearer token METRICS_TOKEN, compared in constant time
 * (the time taken says nothing of how much of a guess was right). */
static bool metrics_token_given(struct http_request *r, const char *token)
{
    const char *authz = http_header(r, "Authorization");
    if (authz == NULL || strncmp(authz, "Bearer ", 7) != 0)
        return false;
    const char *given = authz + 7;
    size_t n = strlen(token), m = strlen(given);
    unsigned char diff = n != m;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)token[i] ^ (unsigned char)(i < m ? given[i] : 0);
    return diff == 0;
}

/* The gauges only this layer knows: the feed head this instance heard last, the court
 * calendar's last year, the read replica's state, and what is built and at which schema. */
static void write_service_gauges(FILE *out)
{
    long long head;
    char epoch[DB_FEED_EPOCH_LEN];
    if (db_feed_head_cached(&head, epoch))
        fprintf(out,
                "# HELP bankruptcyd_feed_head The restriction feed's last position, as "
                "this instance heard it.\n# TYPE bankruptcyd_feed_head gauge\n"
                "bankruptcyd_feed_head %lld\n",
                head);
    api_feed_pages_metrics(out);
    json_t *coverage = NULL;
    if (api_calendar_coverage(&coverage) == DB_OK &&
        json_is_integer(json_object_get(coverage, "last_covered_year")))
        fprintf(out,
                "# HELP bankruptcyd_calendar_last_covered_year The last year the court "
                "calendar covers.\n# TYPE bankruptcyd_calendar_last_covered_year gauge\n"
                "bankruptcyd_calendar_last_covered_year %lld\n",
                (long long)json_integer_value(json_object_get(coverage, "last_covered_year")));
    json_decref(coverage);
    if (db_replica_configured()) {
        long long lag = db_replica_lag_bytes();
        fprintf(out,
                "# HELP bankruptcyd_replica_up Whether the read replica answered (0: reads "
                "go to the primary).\n# TYPE bankruptcyd_replica_up gauge\n"
                "bankruptcyd_replica_up %d\n",
                lag >= 0);
        if (lag >= 0)
            fprintf(out,
                    "# HELP bankruptcyd_replica_lag_bytes How much WAL the read replica has "
                    "still to replay.\n# TYPE bankruptcyd_replica_lag_bytes gauge\n"
                    "bankruptcyd_replica_lag_bytes %lld\n",
                    lag);
    }
    fprintf(out,
            "# HELP bankruptcyd_build_info The version, commit and schema of this "
            "instance.\n# TYPE bankruptcyd_build_info gauge\n"
            "bankruptcyd_build_info{version=\"%s\",commit=\"%s\",schema=\"%s\"} 1\n",
            build_version, build_commit, api_latest_migration());
}

enum MHD_Result api_metrics(struct http_request *r)
{
    const struct settings *s = http_settings();
    if (s->metrics_token == NULL)
        return http_problem(r, PROBLEM_NOT_FOUND, "metrics are off: set METRICS_TOKEN");
    if (!metrics_token_given(r, s->metrics_token))
        return http_problem_unauthorized(r, "the metrics token is missing or wrong",
                                         http_header(r, "Authorization") != NULL);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return http_problem(r, PROBLEM_INTERNAL, "the metrics could not be written");
    metrics_write(out, s->threads);
    write_service_gauges(out);
    fclose(out);
    enum MHD_Result ret =
        http_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len, NULL);
    free(text);
    return ret;
}

enum MHD_Result api_openapi(struct http_request *r)
{
    return http_reply_raw(r, 200, "application/yaml", embedded_openapi,
                          (size_t)embedded_openapi_len, NULL);
}
