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

void http_query_begin(struct http_query_reader *c, const struct jf_field *fields, bool page)
{
    *c = (struct http_query_reader){fields, page, json_object(), json_array(), false, false};
}

void http_query_pair(struct http_query_reader *c, const char *key, const char *value)
{
    if (c->page && (strcmp(key, "limit") == 0 || strcmp(key, "cursor") == 0)) {
        bool *seen = key[0] == 'l' ? &c->limit_seen : &c->cursor_seen;
        if (*seen)
            jf_error(c->errors, key, "must be given once");
        *seen = true;
        return;
    }
    if (!utf8_valid(key)) {
        jf_error(c->errors, "", "a parameter name is not valid UTF-8 text");
        return;
    }
    const struct jf_field *f = jf_find(c->fields, key);
    char field[160]; /* the name as the problem shows it: at most 150 bytes, whole characters */
    size_t n = strnlen(key, 150);
    while (n > 0 && key[n] != '\0' && ((unsigned char)key[n] & 0xC0) == 0x80)
        n--;
    memcpy(field, key, n);
    field[n] = '\0';
    if (f == NULL)
        jf_error(c->errors, field, "unknown parameter");
    else if (json_object_get(c->obj, key) != NULL)
        jf_error(c->errors, field, "must be given once");
    else if (value != NULL && !utf8_valid(value)) /* jansson would drop it silently */
        jf_error(c->errors, field, "must be valid UTF-8 text");
    else
        json_object_set_new(c->obj, key, query_value(f, value ? value : ""));
}

json_t *http_query_end(struct http_query_reader *c, const char **title)
{
    bool unknown = json_array_size(c->errors) > 0;
    if (!unknown && c->fields != NULL)
        jf_validate(c->obj, c->fields, c->errors);
    json_t *errors = NULL;
    if (json_array_size(c->errors) > 0) {
        *title = unknown ? "unknown query parameter" : "bad query";
        errors = c->errors;
        c->errors = NULL;
        json_decref(c->obj);
        c->obj = NULL;
    } else if (c->fields != NULL) {
        jf_fill(c->obj, c->fields);
    }
    json_decref(c->errors);
    c->errors = NULL;
    return errors;
}

static enum MHD_Result collect_pair(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    http_query_pair(cls, key, value);
    return MHD_YES;
}

enum http_step http_query_read(struct http_request *r, const struct jf_field *fields, bool page)
{
    struct http_query_reader c;
    http_query_begin(&c, fields, page);
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_pair, &c);
    const char *title = NULL;
    json_t *errors = http_query_end(&c, &title);
    if (errors != NULL)
        return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, title, errors));
    if (fields != NULL)
        r->query = c.obj; /* the filled strings point into it: kept until the request ends */
    else
        json_decref(c.obj);
    return HTTP_GO_ON;
}
static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %HH in paths and query values, but leaves %00 as it is: a NUL would cut a path
 * segment or a value short behind the handler's back ("/v1/debtors/<id>%00x" is not the
 * debtor <id>). */
size_t http_unescape(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++) {
        int hi, lo;
        if (p[0] == '%' && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0 &&
            (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}
