/* reply.c: JSON and problem+json replies. Every reply carries X-Request-Id and, for an
 * allowed browser origin, the CORS headers; a large body goes gzip-compressed to a client
 * that accepts it; during a drain every reply says Connection: close. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "http.h"
#include "rules.h"

/* A compressed body is another representation, so it has its own strong tag: the plain
 * one with "-gz" (as Apache does). Both name the same version: If-None-Match and If-Match
 * accept either (http_etag_listed), so a client that takes gzip revalidates and writes
 * like any other. */
static void add_etag(struct MHD_Response *resp, const char *etag, bool gzipped)
{
    char variant[HTTP_ETAG_MAX + 8];
    size_t n = strlen(etag);
    if (gzipped && n >= 2 && etag[0] == '"' && etag[n - 1] == '"') {
        snprintf(variant, sizeof variant, "%.*s-gz\"", (int)(n - 1), etag);
        etag = variant;
    }
    MHD_add_response_header(resp, "ETag", etag);
}

static void common_headers(struct http_request *r, struct MHD_Response *resp)
{
    bool gzipped = MHD_get_response_header(resp, "Content-Encoding") != NULL;
    bool varies = MHD_get_response_header(resp, "Vary") != NULL; /* by Accept-Encoding */
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    MHD_add_response_header(resp, "Cache-Control",
                            r->cacheable ? "public, max-age=300" : "no-store");
    if (http_draining())
        MHD_add_response_header(resp, "Connection", "close");
    if (r->origin != NULL) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", r->origin);
        MHD_add_response_header(resp, "Access-Control-Expose-Headers", HTTP_CORS_EXPOSE_HEADERS);
        if (varies)
            MHD_del_response_header(resp, "Vary", "Accept-Encoding");
        MHD_add_response_header(resp, "Vary", varies ? "Origin, Accept-Encoding" : "Origin");
    }
    if (r->etag != NULL)
        add_etag(resp, r->etag, gzipped);
    if (r->location != NULL)
        MHD_add_response_header(resp, "Location", r->location);
    if (r->link != NULL)
        MHD_add_response_header(resp, "Link", r->link);
    if (r->replayed)
        MHD_add_response_header(resp, "Idempotent-Replayed", "true");
    if (r->read_after[0] != '\0')
        MHD_add_response_header(resp, "X-Read-After", r->read_after);
    if (r->ratelimit[0] != '\0') {
        MHD_add_response_header(resp, "RateLimit", r->ratelimit);
        MHD_add_response_header(resp, "RateLimit-Policy", r->ratelimit_policy);
    }
}

static enum MHD_Result queue(struct http_request *r, unsigned status, struct MHD_Response *resp)
{
    if (resp == NULL)
        return MHD_NO;
    common_headers(r, resp);
    r->status = status;
    clock_gettime(CLOCK_MONOTONIC, &r->answered);
    enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Whether Accept-Encoding names gzip (or *) without q=0. */
static bool accepts_gzip(struct http_request *r)
{
    const char *p = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept-Encoding");
    while (p != NULL && *p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t n = strcspn(p, ";, \t");
        bool named = (n == 4 && strncasecmp(p, "gzip", 4) == 0) || (n == 1 && *p == '*');
        const char *end = p + strcspn(p, ",");
        const char *q = strstr(p, "q=");
        bool refused = q != NULL && q < end && strtod(q + 2, NULL) <= 0.0;
        if (named && !refused)
            return true;
        p = end;
    }
    return false;
}

/* data gzip-compressed into a new buffer, or NULL. */
static char *gzip_of(const void *data, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16 /* gzip header */, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    uLong cap = deflateBound(&z, (uLong)len);
    char *out = malloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = out != NULL ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

/* The response of a body: gzip-compressed when the status has a body worth compressing
 * and the client takes gzip (then Vary: Accept-Encoding, whichever it took). With owned,
 * data was malloc'd and is the response's or freed. */
static struct MHD_Response *body_response(struct http_request *r, unsigned status, const void *data,
                                          size_t len, bool owned)
{
    bool compressible = len > HTTP_GZIP_MIN && status != 204 && status != 304;
    size_t zlen = 0;
    char *z = compressible && accepts_gzip(r) ? gzip_of(data, len, &zlen) : NULL;
    struct MHD_Response *resp;
    if (z != NULL) {
        if (owned)
            free((void *)data);
        resp = MHD_create_response_from_buffer(zlen, z, MHD_RESPMEM_MUST_FREE);
        if (resp == NULL)
            free(z);
        else
            MHD_add_response_header(resp, "Content-Encoding", "gzip");
    } else {
        resp = MHD_create_response_from_buffer(
            len, (void *)data, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
        if (resp == NULL && owned)
            free((void *)data);
    }
    if (resp != NULL && compressible)
        MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    return resp;
}

static enum MHD_Result reply_body(struct http_request *r, unsigned status, const char *content_type,
                                  const void *data, size_t len, const char *etag, bool owned)
{
    struct MHD_Response *resp = body_response(r, status, data, len, owned);
    if (resp == NULL)
        return MHD_NO;
    if (content_type != NULL)
        MHD_add_response_header(resp, "Content-Type", content_type);
    if (etag != NULL)
        add_etag(resp, etag, MHD_get_response_header(resp, "Content-Encoding") != NULL);
    return queue(r, status, resp);
}

enum MHD_Result http_reply_raw(struct http_request *r, unsigned status, const char *content_type,
                               const void *data, size_t len, const char *etag)
{
    return reply_body(r, status, content_type, data, len, etag, false);
}

enum MHD_Result http_reply_owned(struct http_request *r, unsigned status, const char *content_type,
                                 char *data, size_t len)
{
    return reply_body(r, status, content_type, data, len, NULL, true);
}

enum MHD_Result http_reply_empty(struct http_request *r, unsigned status)
{
    return http_reply_raw(r, status, NULL, "", 0, NULL);
}

void http_set_created_location(struct http_request *r, const json_t *body)
{
    const char *id = json_string_value(json_object_get(body, "id"));
    if (id == NULL || r->location != NULL)
        return;
    size_t n = strlen(r->path) + strlen(id) + 2;
    r->location = malloc(n);
    if (r->location != NULL) /* a created resource lives under the collection */
        snprintf(r->location, n, "%s/%s", r->path, id);
}

static enum MHD_Result reply_dumped(struct http_request *r, unsigned status, json_t *body,
                                    const char *content_type)
{
    if (status == 201)
        http_set_created_location(r, body);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (text == NULL)
        return MHD_NO;
    struct MHD_Response *resp = body_response(r, status, text, strlen(text), true);
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", content_type);
    return queue(r, status, resp);
}

enum MHD_Result http_reply_json(struct http_request *r, unsigned status, json_t *body)
{
    if (body == NULL)
        return http_problem(r, PROBLEM_INTERNAL, "the reply could not be built");
    return reply_dumped(r, status, body, "application/json");
}

static json_t *problem_body(struct http_request *r, enum problem_code code, const char *detail)
{
    const struct problem_info *p = problem_info(code);
    char type[64], instance[128];
    snprintf(type, sizeof type, "/problems/%s", p->slug);
    snprintf(instance, sizeof instance, "urn:request:%s", r->request_id);
    json_t *body = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", p->title, "status",
                             (int)p->status, "instance", instance);
    if (detail != NULL)
        json_object_set_new(body, "detail", json_string(detail));
    return body;
}

enum MHD_Result http_problem_fields(struct http_request *r, enum problem_code code,
                                    const char *detail, json_t *errors)
{
    json_t *body = problem_body(r, code, detail);
    if (errors != NULL)
        json_object_set_new(body, "errors", errors);
    return reply_dumped(r, problem_info(code)->status, body, "application/problem+json");
}

enum MHD_Result http_problem_with(struct http_request *r, enum problem_code code,
                                  const char *detail, json_t *members)
{
    json_t *body = problem_body(r, code, detail);
    json_object_update(body, members);
    json_decref(members);
    return reply_dumped(r, problem_info(code)->status, body, "application/problem+json");
}

enum MHD_Result http_problem(struct http_request *r, enum problem_code code, const char *detail)
{
    return http_problem_fields(r, code, detail, NULL);
}

enum MHD_Result http_problem_rule(struct http_request *r, const struct rule *rule,
                                  const char *detail, const char *field)
{
    json_t *body = problem_body(r, PROBLEM_RULE, detail);
    if (rule != NULL)
        json_object_set_new(body, "rule",
                            json_pack("{s:s, s:s, s:s}", "id", rule->id, "title", rule->title,
                                      "citation", rule->citation));
    if (field != NULL)
        json_object_set_new(body, "errors",
                            json_pack("[{s:s, s:s}]", "field", field, "message",
                                      detail ? detail : "refused by the rule"));
    return reply_dumped(r, 422, body, "application/problem+json");
}

static enum MHD_Result problem_with_header(struct http_request *r, enum problem_code code,
                                           const char *detail, const char *header,
                                           const char *value)
{
    json_t *body = problem_body(r, code, detail);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (text == NULL)
        return MHD_NO;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/problem+json");
    MHD_add_response_header(resp, header, value);
    return queue(r, problem_info(code)->status, resp);
}

enum MHD_Result http_problem_closing(struct http_request *r, enum problem_code code,
                                     const char *detail)
{
    return problem_with_header(r, code, detail, "Connection", "close");
}

enum MHD_Result http_problem_method(struct http_request *r, const char *allow)
{
    return problem_with_header(r, PROBLEM_METHOD, "this path does not answer that method", "Allow",
                               allow);
}

enum MHD_Result http_problem_unauthorized(struct http_request *r, const char *why, bool had_token)
{
    char value[256];
    if (had_token) /* RFC 6750: no error code when the request carried no token */
        snprintf(value, sizeof value,
                 "Bearer realm=\"bankruptcyd\", error=\"invalid_token\", "
                 "error_description=\"%s\"",
                 why);
    else
        snprintf(value, sizeof value, "Bearer realm=\"bankruptcyd\"");
    return problem_with_header(r, PROBLEM_UNAUTHORIZED, why, "WWW-Authenticate", value);
}

enum MHD_Result http_problem_rate_limited(struct http_request *r, unsigned retry_after)
{
    char value[16], detail[128];
    snprintf(value, sizeof value, "%u", retry_after);
    snprintf(detail, sizeof detail,
             "this address has made too many queries; try again in %u seconds", retry_after);
    return problem_with_header(r, PROBLEM_TOO_MANY, detail, "Retry-After", value);
}

enum MHD_Result http_problem_unavailable(struct http_request *r, const char *detail)
{
    return problem_with_header(r, PROBLEM_UNAVAILABLE, detail, "Retry-After", "2");
}

void http_etag_of(const char *data, size_t len, char out[HTTP_ETAG_MAX])
{
    /* FNV-1a over the exact bytes sent: equal representations, equal tags (strong) */
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ULL;
    }
    snprintf(out, HTTP_ETAG_MAX, "\"%016llx%04zx\"", h, len & 0xffff);
}

/* Whether the element at p (up to a comma) is etag, or its "-gz" form. */
static bool names_version(const char *p, const char *etag, size_t n)
{
    if (strncmp(p, etag, n - 1) != 0) /* all but the closing quote */
        return false;
    const char *rest = p + n - 1;
    if (strncmp(rest, "-gz\"", 4) == 0)
        rest += 3;
    return *rest == '"' && (rest[1] == '\0' || rest[1] == ',' || rest[1] == ' ');
}

static bool listed(const char *header, const char *etag, bool strong)
{
    if (header == NULL || etag == NULL || strlen(etag) < 2)
        return false;
    size_t n = strlen(etag);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        bool weak = strncmp(p, "W/", 2) == 0;
        if (weak)
            p += 2;
        if (!(weak && strong) && names_version(p, etag, n))
            return true;
        while (*p && *p != ',')
            p++;
    }
    return false;
}

bool http_etag_listed(const char *header, const char *etag)
{
    return listed(header, etag, false); /* If-None-Match compares weakly */
}

bool http_etag_listed_strongly(const char *header, const char *etag)
{
    return listed(header, etag, true); /* If-Match: a weak tag never matches */
}

enum MHD_Result http_reply_not_modified(struct http_request *r)
{
    return http_reply_not_modified_of(r, 0);
}

enum MHD_Result http_reply_not_modified_of(struct http_request *r, size_t body_len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
        return MHD_NO;
    /* it names the version the 200 would have sent, gzip form included (libmicrohttpd
     * 0.9.75 adds "Content-Length: 0" to every 304, which RFC 9110 8.6 would not) */
    if (body_len > HTTP_GZIP_MIN && accepts_gzip(r)) {
        MHD_add_response_header(resp, "Content-Encoding", "gzip"); /* read by common_headers */
        MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    }
    common_headers(r, resp);
    MHD_del_response_header(resp, "Content-Encoding", "gzip");
    r->status = 304;
    clock_gettime(CLOCK_MONOTONIC, &r->answered);
    enum MHD_Result ret = MHD_queue_response(r->conn, 304, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void append_encoded(char *out, size_t cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(out);
    for (; *s && n + 4 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out[n++] = (char)c;
        } else {
            out[n++] = '%';
            out[n++] = hex[c >> 4];
            out[n++] = hex[c & 15];
        }
    }
    out[n] = '\0';
}

struct link_build {
    char *buf;
    size_t cap;
};

static enum MHD_Result link_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    struct link_build *b = cls;
    if (strcmp(key, "cursor") == 0 || strcmp(key, "after") == 0) /* replaced by the next */
        return MHD_YES;
    append_encoded(b->buf, b->cap, key);
    strncat(b->buf, "=", b->cap - strlen(b->buf) - 1);
    append_encoded(b->buf, b->cap, value ? value : "");
    strncat(b->buf, "&", b->cap - strlen(b->buf) - 1);
    return MHD_YES;
}

void http_link_next(struct http_request *r, const char *cursor)
{
    char query[2048] = "";
    struct link_build b = {query, sizeof query};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, link_arg, &b);
    strncat(query, "cursor=", sizeof query - strlen(query) - 1);
    append_encoded(query, sizeof query, cursor);
    size_t n = strlen(r->path) + strlen(query) + 24;
    free(r->link);
    r->link = malloc(n);
    if (r->link != NULL)
        snprintf(r->link, n, "<%s?%s>; rel=\"next\"", r->path, query);
}
