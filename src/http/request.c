/* request.c: reading what the client sent: the JSON body, query parameters, headers and
 * the page parameters of lists. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "jsonf.h"

enum http_step http_body_json(struct http_request *r, json_t **out)
{
    const char *ct = http_header(r, "Content-Type");
    if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
        return http_replied(
            http_problem(r, PROBLEM_MEDIA_TYPE, "send Content-Type: application/json"));
    }
    json_error_t err;
    json_t *v = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &err);
    if (v == NULL) {
        char detail[300];
        snprintf(detail, sizeof detail, "line %d, column %d: %s", err.line, err.column, err.text);
        return http_replied(http_problem(r, PROBLEM_MALFORMED_JSON, detail));
    }
    if (!json_is_object(v)) {
        json_decref(v);
        json_t *errors =
            json_pack("[{s:s, s:s}]", "field", "", "message", "the body must be a JSON object");
        return http_replied(
            http_problem_fields(r, PROBLEM_VALIDATION, "the body must be a JSON object", errors));
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
            return http_replied(
                http_problem_fields(r, PROBLEM_VALIDATION, "bad page size", errors));
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

struct query_collect {
    const struct jf_field *fields;
    bool page;
    json_t *obj, *errors;
    bool limit_seen, cursor_seen; /* the page's keys, read by http_page */
};

/* A query value as the JSON its field's type reads: integers and booleans converted when
 * they parse (otherwise left as text, which the validator then names), the rest as text. */
static json_t *query_value(const struct jf_field *f, const char *value)
{
    if (f->type == JF_INT) {
        char *end;
        errno = 0;
        long long v = strtoll(value, &end, 10);
        if (*value != '\0' && *end == '\0' && errno == 0)
            return json_integer(v);
    } else if (f->type == JF_BOOL) {
        if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
            return json_boolean(value[0] == 't');
    }
    return json_string(value);
}

static bool utf8_valid(const char *s)
{
    json_t *probe = json_string(s);
    json_decref(probe);
    return probe != NULL;
}

static enum MHD_Result collect_key(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    struct query_collect *c = cls;
    if (c->page && (strcmp(key, "limit") == 0 || strcmp(key, "cursor") == 0)) {
        bool *seen = key[0] == 'l' ? &c->limit_seen : &c->cursor_seen;
        if (*seen)
            jf_error(c->errors, key, "must be given once");
        *seen = true;
        return MHD_YES;
    }
    const struct jf_field *f = jf_find(c->fields, key);
    char field[160];
    snprintf(field, sizeof field, "%.150s", key);
    if (!utf8_valid(field)) {
        jf_error(c->errors, "", "a parameter name is not valid UTF-8 text");
        return MHD_YES;
    }
    if (f == NULL)
        jf_error(c->errors, field, "unknown parameter");
    else if (json_object_get(c->obj, key) != NULL)
        jf_error(c->errors, field, "must be given once");
    else if (value != NULL && !utf8_valid(value)) /* jansson would drop it silently */
        jf_error(c->errors, field, "must be valid UTF-8 text");
    else
        json_object_set_new(c->obj, key, query_value(f, value ? value : ""));
    return MHD_YES;
}

enum http_step http_query_read(struct http_request *r, const struct jf_field *fields, bool page)
{
    struct query_collect c = {fields, page, json_object(), json_array(), false, false};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_key, &c);
    bool unknown = json_array_size(c.errors) > 0;
    if (!unknown && fields != NULL)
        jf_validate(c.obj, fields, c.errors);
    enum http_step step = HTTP_GO_ON;
    if (json_array_size(c.errors) > 0) {
        step = http_replied(http_problem_fields(
            r, PROBLEM_VALIDATION, unknown ? "unknown query parameter" : "bad query", c.errors));
        c.errors = NULL;
    } else if (fields != NULL) {
        jf_fill(c.obj, fields);
        r->query = c.obj; /* the filled strings point into it: kept until the request ends */
        c.obj = NULL;
    }
    json_decref(c.obj);
    json_decref(c.errors);
    return step;
}
