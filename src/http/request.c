/* request.c: reading what the client sent: the JSON body, query parameters, headers and
 * the page parameters of lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

enum http_step http_body_json(struct http_request *r, json_t **out)
{
    const char *ct = http_header(r, "Content-Type");
    if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
        return http_replied(http_problem(r, PROBLEM_MEDIA_TYPE, "send Content-Type: application/json"));
    }
    json_error_t err;
    json_t *v = json_loadb(r->body ? r->body : "", r->body_len,
                           JSON_REJECT_DUPLICATES, &err);
    if (v == NULL) {
        char detail[300];
        snprintf(detail, sizeof detail, "line %d, column %d: %s", err.line, err.column, err.text);
        return http_replied(http_problem(r, PROBLEM_MALFORMED_JSON, detail));
    }
    if (!json_is_object(v)) {
        json_decref(v);
        json_t *errors = json_pack("[{s:s, s:s}]", "field", "", "message",
                                   "the body must be a JSON object");
        return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "the body must be a JSON object",
                                   errors));
    }
    *out = v;
    return HTTP_GO_ON;
}

const char *http_query(struct http_request *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(struct http_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

struct allowed_check {
    const char *const *allowed;
    const char *bad;
};

static enum MHD_Result check_key(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    (void)value;
    struct allowed_check *c = cls;
    for (const char *const *a = c->allowed; *a; a++)
        if (strcmp(*a, key) == 0)
            return MHD_YES;
    c->bad = key;
    return MHD_NO;
}

enum http_step http_query_allowed(struct http_request *r, const char *const *allowed)
{
    struct allowed_check c = {allowed, NULL};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_key, &c);
    if (c.bad == NULL)
        return HTTP_GO_ON;
    char field[160];
    snprintf(field, sizeof field, "%.150s", c.bad);
    json_t *errors = json_pack("[{s:s, s:s}]", "field", field, "message", "unknown parameter");
    return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "unknown query parameter", errors));
}

enum http_step http_page(struct http_request *r, int def, int *limit, const char **cursor)
{
    const char *l = http_query(r, "limit");
    *limit = def;
    if (l != NULL) {
        char *end;
        long v = strtol(l, &end, 10);
        unsigned cap = http_settings() ? http_settings()->page_max : 200;
        if (*l == '\0' || *end != '\0' || v < 1 || v > (long)cap) {
            char msg[80];
            snprintf(msg, sizeof msg, "must be an integer from 1 to %u", cap);
            json_t *errors = json_pack("[{s:s, s:s}]", "field", "limit", "message", msg);
            return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "bad page size", errors));
        }
        *limit = (int)v;
    }
    *cursor = http_query(r, "cursor");
    if (*cursor != NULL) {
        const char *p = *cursor;
        size_t n = strlen(p);
        bool ok = n > 0 && n < 19;
        for (; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
        if (!ok) {
            json_t *errors = json_pack("[{s:s, s:s}]", "field", "cursor", "message",
                                       "must be a cursor returned by a previous page");
            return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "bad cursor", errors));
        }
    }
    return HTTP_GO_ON;
}
