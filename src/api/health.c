/* health.c: liveness, readiness (with the court calendar's coverage) and the OpenAPI
 * document. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "embedded.h"

enum MHD_Result api_healthz(struct http_request *r)
{
    return http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

enum MHD_Result api_readyz(struct http_request *r)
{
    char why[256] = "";
    enum db_status st = db_ready(api_latest_migration(), why, sizeof why);
    json_t *coverage = NULL;
    if (st == DB_OK)
        st = api_calendar_coverage(&coverage);
    if (st == DB_OK) { /* a missing calendar year is a warning, not unreadiness: cases go on */
        json_t *body = json_pack("{s:s, s:s, s:{s:O}, s:O}", "status", "ready", "schema",
                                 api_latest_migration(), "calendar", "last_covered_year",
                                 json_object_get(coverage, "last_covered_year"), "warnings",
                                 json_object_get(coverage, "warnings"));
        json_decref(coverage);
        return http_reply_json(r, 200, body);
    }
    if (why[0] == '\0')
        snprintf(why, sizeof why, "the court calendar cannot be read");
    return http_problem_unavailable(r, why);
}

enum MHD_Result api_openapi(struct http_request *r)
{
    return http_reply_raw(r, 200, "application/yaml", embedded_openapi,
                          (size_t)embedded_openapi_len, NULL);
}
