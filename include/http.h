/* http.h: the request context, the route table, and the replies every handler uses.
 * Return convention (from GNU Taler): a parse helper returns HTTP_GO_ON when the handler
 * should continue, HTTP_REPLIED when an error reply is already queued (the handler
 * returns MHD_YES), HTTP_FAILED when not even that worked (the handler returns MHD_NO). */
#ifndef HTTP_H
#define HTTP_H
#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <time.h>

#include "auth.h"
#include "policy.h"
#include "problem.h"
#include "settings.h"

struct rule;

enum http_step { HTTP_GO_ON = 1, HTTP_REPLIED = 0, HTTP_FAILED = -1 };

#define HTTP_MAX_PARAMS 4

struct http_request {
    struct MHD_Connection *conn;
    struct conn_entry *conn_entry; /* its connection's phase (http_conns.h), or NULL */
    const char *method;
    char *path; /* owned copy of the URL path */
    char request_id[72];
    char *body; /* owned, NUL-terminated */
    size_t body_len;
    size_t body_cap;
    bool body_too_large;
    size_t discarded;  /* bytes dropped past the cap */
    size_t body_limit; /* the cap of this request's route */
    bool headers_seen;
    const char *params[HTTP_MAX_PARAMS]; /* path captures, pointers into params_buf */
    char *params_buf;
    struct auth_principal who; /* valid once authenticated */
    bool authenticated;
    unsigned status; /* the status sent, for the log line */
    struct timespec started;
    struct timespec answered;       /* when the answer was queued (zero until then): the log line
                                       tells the handling from the sending */
    const char *origin;             /* the allowed CORS origin to echo, or NULL */
    bool cacheable;                 /* a public, cacheable reply (else Cache-Control: no-store) */
    const struct http_route *route; /* the route matched, once dispatched */
    int routed; /* 0: not routed yet; -1: no pattern matches; else 1 + its group (server.c) */
    const char *pattern; /* the route pattern the path matched (into the route
                            table), or NULL: for metrics and the log line */
    json_t *query;       /* the typed query parameters (http_query_read), owned */
    /* Headers the next reply carries when set (owned copies, freed with the request). */
    char *etag, *location, *link;
    const char *outcome; /* for the log line: how the handler ended (static) */
    bool replayed;       /* the answer replays an Idempotency-Key's first one */
    /* X-Read-After of a write's reply: the primary's WAL position after the commit, for the
     * writer's next reads (read replicas); "" for none. */
    char read_after[24];
    /* A rate-limited route's RateLimit and RateLimit-Policy headers (ratelimit.c), "" for none. */
    char ratelimit[64], ratelimit_policy[64];
};

typedef enum MHD_Result (*http_handler)(struct http_request *r);

/* Route flags. */
enum {
    ROUTE_UUID0 = 1u << 0,          /* the first path parameter is a UUID (else 404) */
    ROUTE_UUID1 = 1u << 1,          /* the second one too */
    ROUTE_TOKEN_OPTIONAL = 1u << 2, /* a public route that shows more to a valid token */
    ROUTE_BULK_BODY = 1u << 3       /* takes a whole table: BULK_MAX_BODY, not MAX_BODY */
};

struct http_route {
    const char *method;
    const char *pattern; /* "/v1/applications/{id}/decision" */
    http_handler handler;
    enum action action;
    unsigned flags;
};

/* The route table (routes.c) and its size. */
extern const struct http_route http_routes[];
extern const unsigned http_routes_count;
/* How literal a pattern is: its segments from the left, literal above {x}. Of the patterns
 * that match a path, the highest ranked routes it (OpenAPI: concrete before templated). */
unsigned http_pattern_rank(const char *pattern);

/* Server lifecycle (server.c). */
int http_start(const struct settings *s, char *err, size_t errlen);
/* Drains: stops accepting, closes idle keep-alive connections at once (and each one that
 * turns idle), answers with Connection: close, waits up to grace_seconds for the requests
 * in flight, stops. */
void http_stop(unsigned grace_seconds);
/* Whether a drain has started (/readyz answers 503 from then on). */
bool http_draining(void);
const struct settings *http_settings(void);

/* CORS: the request headers a browser may send, and the reply headers its script may read. */
#define HTTP_CORS_ALLOW_HEADERS                                                                    \
    "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Read-After, "        \
    "X-Request-Id"
#define HTTP_CORS_EXPOSE_HEADERS                                                                   \
    "ETag, Idempotent-Replayed, Link, Location, Retry-After, WWW-Authenticate, X-Read-After, "     \
    "X-Request-Id"
/* Bodies larger than this are sent gzip-compressed to a client that accepts gzip. */
#define HTTP_GZIP_MIN 1024

/* Replies (reply.c). body is stolen. */
enum MHD_Result http_reply_json(struct http_request *r, unsigned status, json_t *body);
enum MHD_Result http_reply_raw(struct http_request *r, unsigned status, const char *content_type,
                               const void *data, size_t len, const char *etag);
/* The same with data malloc'd by the caller and handed over (sent without a copy, freed
 * with the response, or at once when no response could be made). */
enum MHD_Result http_reply_owned(struct http_request *r, unsigned status, const char *content_type,
                                 char *data, size_t len);
enum MHD_Result http_reply_empty(struct http_request *r, unsigned status);
enum MHD_Result http_problem(struct http_request *r, enum problem_code code, const char *detail);
/* With field errors ([{field, message}], stolen). */
enum MHD_Result http_problem_fields(struct http_request *r, enum problem_code code,
                                    const char *detail, json_t *errors);
/* With extension members (an object, stolen) merged into the problem. */
enum MHD_Result http_problem_with(struct http_request *r, enum problem_code code,
                                  const char *detail, json_t *members);
/* 422 naming the rule that refused the action (id and citation). */
enum MHD_Result http_problem_rule(struct http_request *r, const struct rule *rule,
                                  const char *detail, const char *field);
/* 304 (the ETag header is r->etag); _of names the gzip form of the tag when the 200 would
 * have been compressed (a body of body_len bytes to this client). */
enum MHD_Result http_reply_not_modified(struct http_request *r);
enum MHD_Result http_reply_not_modified_of(struct http_request *r, size_t body_len);
/* Sets r->location to the request path and the body's id (a 201's Location). */
void http_set_created_location(struct http_request *r, const json_t *body);
/* The strong ETag of a representation: a quoted hash of its exact bytes. */
#define HTTP_ETAG_MAX 32
void http_etag_of(const char *data, size_t len, char out[HTTP_ETAG_MAX]);
/* A problem after which the connection is closed (Connection: close). */
enum MHD_Result http_problem_closing(struct http_request *r, enum problem_code code,
                                     const char *detail);
/* 405 with Allow. */
enum MHD_Result http_problem_method(struct http_request *r, const char *allow);
/* 401 with WWW-Authenticate. */
enum MHD_Result http_problem_unauthorized(struct http_request *r, const char *why, bool had_token);
/* 429 with Retry-After (seconds); the RateLimit headers are the request's (ratelimit.c). */
enum MHD_Result http_problem_rate_limited(struct http_request *r, unsigned retry_after);
/* The client's address (the peer's: behind a proxy, the proxy's) as text, or "". */
void http_client_address(const struct http_request *r, char *out, size_t cap);
/* ratelimit.c: takes one request from the bucket of key (a client address): at most limit
 * requests per window seconds, refilled evenly. Sets r's RateLimit headers (policy name
 * `name`); false when the bucket is empty, with *retry_after the seconds until one is back. */
bool http_rate_take(struct http_request *r, const char *name, const char *key, unsigned limit,
                    unsigned window, unsigned *retry_after);
/* 503 with Retry-After. */
enum MHD_Result http_problem_unavailable(struct http_request *r, const char *detail);

/* Maps the result of queueing an error reply to the step a parse helper returns. */
static inline enum http_step http_replied(enum MHD_Result queued)
{
    return queued == MHD_YES ? HTTP_REPLIED : HTTP_FAILED;
}

/* What a handler returns after a parse helper did not say HTTP_GO_ON. */
static inline enum MHD_Result http_step_done(enum http_step step)
{
    return step == HTTP_REPLIED ? MHD_YES : MHD_NO;
}

/* Input (request.c). */
enum http_step http_body_json(struct http_request *r, json_t **out);
const char *http_query(struct http_request *r, const char *key);
const char *http_header(struct http_request *r, const char *name);
/* Parses ?limit= (default def, at most the configured page cap) and ?cursor=. */
enum http_step http_page(struct http_request *r, int def, int *limit, const char **cursor);
struct jf_field;
/* Reads the query string against a field table (typed, bounded, unknown keys refused; with
 * page, limit and cursor are left to http_page) and fills the fields' destinations. */
enum http_step http_query_read(struct http_request *r, const struct jf_field *fields, bool page);
/* The same reader without a connection (http_query_read feeds it libmicrohttpd's pairs; the
 * query fuzz target feeds its own): begin, one pair per key (value NULL for a bare key),
 * then end: NULL and obj filled (the destinations point into it; the caller decrefs it), or
 * the errors (new reference) with the problem's title, obj gone. */
struct http_query_reader {
    const struct jf_field *fields;
    bool page;
    json_t *obj, *errors;
    bool limit_seen, cursor_seen; /* the page's keys, read by http_page */
};
void http_query_begin(struct http_query_reader *q, const struct jf_field *fields, bool page);
void http_query_pair(struct http_query_reader *q, const char *key, const char *value);
json_t *http_query_end(struct http_query_reader *q, const char **title);
/* Decodes %HH in place, but leaves %00 as it is: a NUL would cut a path segment or a value
 * short behind the handler's back ("/v1/debtors/<id>%00x" is not the debtor <id>). Returns
 * the new length. libmicrohttpd calls it for paths, keys and values. */
size_t http_unescape(char *s);
/* Whether an If-None-Match header value names etag or its gzip form, compared weakly
 * ("*" names any); _strongly for If-Match, where a weak tag never matches. */
bool http_etag_listed(const char *header, const char *etag);
bool http_etag_listed_strongly(const char *header, const char *etag);
/* Sets the Link header of a list reply to the next page (this request with cursor). */
void http_link_next(struct http_request *r, const char *cursor);

#endif
