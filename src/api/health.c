/* health.c: liveness, readiness and the OpenAPI document. */
#include <string.h>

#include "api.h"
#include "embedded.h"

enum MHD_Result api_healthz(struct http_request *r)
{
    return http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

enum MHD_Result api_readyz(struct http_request *r)
{
    char why[256];
    enum db_status st = db_ready(api_latest_migration(), why, sizeof why);
    if (st == DB_OK)
        return http_reply_json(r, 200, json_pack("{s:s, s:s}", "status", "ready", "schema",
                                                 api_latest_migration()));
    return http_problem_unavailable(r, why);
}

enum MHD_Result api_openapi(struct http_request *r)
{
    return http_reply_raw(r, 200, "application/yaml", embedded_openapi,
                          (size_t)embedded_openapi_len, NULL);
}
