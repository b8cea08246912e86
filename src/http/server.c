/* server.c: the MHD daemon (internal epoll threads with a pool), the per-request context
 * (created on the first call, freed once in the completion callback), body limits, CORS,
 * routing, authentication, the access log line, the request metrics and the drain. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "db.h"
#include "http.h"
#include "http_conns.h"
#include "jsonf.h"
#include "logx.h"
#include "metrics.h"
#include "route_match.h"
#include "textbuf.h"

static struct MHD_Daemon *daemon_handle;
static const struct settings *cfg;
static atomic_bool stopping;

const struct settings *http_settings(void)
{
    return cfg;
}

bool http_draining(void)
{
    return atomic_load_explicit(&stopping, memory_order_relaxed);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        conns_opened(conn, socket_context);
    else
        conns_closed(socket_context);
}

/* A client's X-Request-Id is kept when it is short and plain; otherwise we make one. */
static void set_request_id(struct http_request *r)
{
    const char *given = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Request-Id");
    if (given != NULL) {
        size_t n = strlen(given);
        bool sane = n >= 1 && n <= 64;
        for (size_t i = 0; sane && i < n; i++) {
            char c = given[i];
            sane = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.';
        }
        if (sane) {
            memcpy(r->request_id, given, n + 1);
            return;
        }
    }
    /* 16 random bytes from the kernel's generator, drawn 32 requests' worth at a time per
     * thread (one getrandom per request was a syscall on every 304) */
    static __thread unsigned char random_bytes[512];
    static __thread size_t random_left;
    if (random_left < 16) {
        if (getrandom(random_bytes, sizeof random_bytes, 0) != (ssize_t)sizeof random_bytes)
            memset(random_bytes, 0, sizeof random_bytes);
        random_left = sizeof random_bytes;
    }
    const unsigned char *raw = random_bytes + sizeof random_bytes - random_left;
    random_left -= 16;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        r->request_id[2 * i] = hex[raw[i] >> 4];
        r->request_id[2 * i + 1] = hex[raw[i] & 15];
    }
    r->request_id[32] = '\0';
}

/* The origin to echo when CORS_ORIGINS allows it. */
static const char *allowed_origin(struct http_request *r)
{
    const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
    if (origin == NULL || cfg->cors_origins == NULL || cfg->cors_origins[0] == '\0')
        return NULL;
    if (strcmp(cfg->cors_origins, "*") == 0)
        return "*";
    size_t n = strlen(origin);
    for (const char *p = cfg->cors_origins; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && *p == ' ') {
            p++;
            len--;
        }
        if (len == n && strncmp(p, origin, n) == 0)
            return origin;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return NULL;
}

/* Matches path against pattern, capturing {x} segments into r->params. */
static bool match(const char *pattern, const char *path, struct http_request *r)
{
    return route_match(pattern, path, r->params, HTTP_MAX_PARAMS, r->params_buf);
}

unsigned http_pattern_rank(const char *pattern)
{
    unsigned rank = 0;
    for (const char *seg = strchr(pattern, '/'); seg != NULL; seg = strchr(seg + 1, '/'))
        rank = (rank << 1) | (seg[1] != '{');
    return rank;
}

/* The route table by pattern, built once: each distinct pattern with its rank, its routes
 * (one per method) and its Allow list, so that a request's path is matched against each
 * pattern once and dispatched without scanning the table again. */
#define ROUTE_GROUPS_MAX 256
#define ROUTE_METHODS_MAX 8

struct route_group {
    const char *pattern;
    unsigned rank;
    unsigned nroutes;
    const struct http_route *routes[ROUTE_METHODS_MAX];
    char allow[128];
};

static struct route_group route_groups[ROUTE_GROUPS_MAX];
static unsigned route_groups_count;
static pthread_once_t route_groups_once = PTHREAD_ONCE_INIT;

/* The groups a path may match, by the character after "/v1/" (0: any other path): a
 * pattern literal there is listed under its character only, any other pattern under every
 * key; each list keeps the table's order (equal ranks go to the first). */
#define ROUTE_KEYS 128
static unsigned short route_candidates[ROUTE_KEYS][ROUTE_GROUPS_MAX];
static unsigned short route_candidates_count[ROUTE_KEYS];

static unsigned path_key(const char *path)
{
    unsigned char c = strncmp(path, "/v1/", 4) == 0 ? (unsigned char)path[4] : 0;
    return c < ROUTE_KEYS && c != '{' ? c : 0;
}

static void list_candidates(void)
{
    for (unsigned g = 0; g < route_groups_count; g++) {
        unsigned key = path_key(route_groups[g].pattern);
        for (unsigned k = 0; k < ROUTE_KEYS; k++)
            if (key == 0 || k == key)
                route_candidates[k][route_candidates_count[k]++] = (unsigned short)g;
    }
}

static void allow_add(char *allow, size_t cap, const char *method)
{
    if (allow[0])
        strncat(allow, ", ", cap - strlen(allow) - 1);
    strncat(allow, method, cap - strlen(allow) - 1);
    if (strcmp(method, "GET") == 0)
        strncat(allow, ", HEAD", cap - strlen(allow) - 1);
}

static struct route_group *group_of(const char *pattern)
{
    for (unsigned g = 0; g < route_groups_count; g++)
        if (strcmp(route_groups[g].pattern, pattern) == 0)
            return &route_groups[g];
    if (route_groups_count == ROUTE_GROUPS_MAX)
        return NULL;
    struct route_group *group = &route_groups[route_groups_count++];
    group->pattern = pattern;
    group->rank = http_pattern_rank(pattern);
    return group;
}

/* A table too big for the index is a bug of the build: it stops at once (http_start). */
static bool route_groups_ok = true;

static void group_routes(void)
{
    for (unsigned i = 0; i < http_routes_count; i++) {
        struct route_group *group = group_of(http_routes[i].pattern);
        if (group == NULL || group->nroutes == ROUTE_METHODS_MAX) {
            route_groups_ok = false;
            return;
        }
        group->routes[group->nroutes++] = &http_routes[i];
        allow_add(group->allow, sizeof group->allow, http_routes[i].method);
    }
    list_candidates();
}

/* The pattern group the path is routed by, or NULL: of the patterns that match, the most
 * literal (as OpenAPI matches concrete paths before templated ones), so that
 * /v1/rules/tally is only ever POST /v1/rules/tally and never GET /v1/rules/{id}. Found
 * once per request (the body's cap needs it before the dispatch); r->params hold the
 * chosen pattern's captures. */
static const struct route_group *routed_group(struct http_request *r)
{
    if (r->routed != 0)
        return r->routed > 0 ? &route_groups[r->routed - 1] : NULL;
    pthread_once(&route_groups_once, group_routes);
    const struct route_group *best = NULL;
    unsigned key = path_key(r->path);
    for (unsigned i = 0; i < route_candidates_count[key]; i++) {
        const struct route_group *group = &route_groups[route_candidates[key][i]];
        if ((best == NULL || group->rank > best->rank) && match(group->pattern, r->path, r))
            best = group;
    }
    if (best != NULL)
        match(best->pattern, r->path, r); /* a later pattern that matched wrote the params */
    r->routed = best ? (int)(best - route_groups) + 1 : -1;
    return best;
}

/* The group's route of the request's method (HEAD is GET's), or NULL. */
static const struct http_route *route_in(const struct route_group *group, const char *method)
{
    for (unsigned i = 0; i < group->nroutes; i++)
        if (strcmp(group->routes[i]->method, method) == 0)
            return group->routes[i];
    return NULL;
}

static enum MHD_Result preflight(struct http_request *r, const char *allow)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, "Allow", allow);
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    if (http_draining())
        MHD_add_response_header(resp, "Connection", "close");
    if (r->origin != NULL) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", r->origin);
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", allow);
        MHD_add_response_header(resp, "Access-Control-Allow-Headers", HTTP_CORS_ALLOW_HEADERS);
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
        MHD_add_response_header(resp, "Vary", "Origin");
    }
    r->status = 204;
    clock_gettime(CLOCK_MONOTONIC, &r->answered);
    enum MHD_Result ret = MHD_queue_response(r->conn, 204, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* True when the request may go on; otherwise *reply holds what refusing it returned (even
 * when no reply could be queued: a refused request never reaches its handler). */
static bool authenticate(struct http_request *r, enum action action, enum MHD_Result *reply)
{
    const char *why = NULL;
    const char *authz = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
    enum auth_result res = auth_verify(authz, &r->who, &why);
    if (res != AUTH_OK) {
        *reply = http_problem_unauthorized(r, why, res != AUTH_MISSING);
        return false;
    }
    r->authenticated = true;
    if (!policy_allows(r->who.role, action)) {
        char roles[128], detail[256];
        policy_roles_text(action, roles, sizeof roles);
        snprintf(detail, sizeof detail, "the %s role may not do this; allowed: %s",
                 role_name(r->who.role), roles);
        *reply = http_problem(r, PROBLEM_FORBIDDEN, detail);
        return false;
    }
    return true;
}

/* A public route that shows more to some roles: a token, when sent, must be valid, and its
 * role decides what is shown. */
static bool authenticate_optional(struct http_request *r, enum MHD_Result *reply)
{
    const char *authz = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
    if (authz == NULL)
        return true;
    const char *why = "invalid token";
    enum auth_result res = auth_verify(authz, &r->who, &why);
    if (res != AUTH_OK) {
        *reply = http_problem_unauthorized(r, why, res != AUTH_MISSING);
        return false;
    }
    r->authenticated = true;
    return true;
}

/* The body cap of the request's route: MAX_BODY, or BULK_MAX_BODY for the routes that take
 * a whole table in one request. Known from the headers, before any of the body is read. */
static size_t body_cap(struct http_request *r)
{
    const struct route_group *group = routed_group(r);
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    const struct http_route *route = group ? route_in(group, method) : NULL;
    return route != NULL && (route->flags & ROUTE_BULK_BODY) ? cfg->bulk_max_body : cfg->max_body;
}

static enum MHD_Result dispatch(struct http_request *r)
{
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    const struct route_group *group = routed_group(r);
    if (group == NULL)
        return http_problem(r, PROBLEM_NOT_FOUND, "no such path");
    r->pattern = group->pattern;
    if (strcmp(method, "OPTIONS") == 0)
        return preflight(r, group->allow);
    const struct http_route *route = route_in(group, method);
    if (route == NULL)
        return http_problem_method(r, group->allow);
    enum MHD_Result refused;
    r->route = route;
    if (route->action != ACT_PUBLIC && !authenticate(r, route->action, &refused))
        return refused;
    if ((route->flags & ROUTE_TOKEN_OPTIONAL) && !authenticate_optional(r, &refused))
        return refused;
    if (((route->flags & ROUTE_UUID0) && !jf_is_uuid(r->params[0])) ||
        ((route->flags & ROUTE_UUID1) && !jf_is_uuid(r->params[1])))
        return http_problem(r, PROBLEM_NOT_FOUND, "no such resource");
    return route->handler(r);
}

struct framing {
    unsigned content_length, transfer_encoding, authorization;
    bool chunked;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    struct framing *f = cls;
    if (strcasecmp(key, "Content-Length") == 0)
        f->content_length++;
    else if (strcasecmp(key, "Authorization") == 0)
        f->authorization++;
    else if (strcasecmp(key, "Transfer-Encoding") == 0) {
        f->transfer_encoding++;
        f->chunked = value != NULL && strcasecmp(value, "chunked") == 0;
    }
    return MHD_YES;
}

/* Headers that would let a proxy in front and this service read different requests from
 * the same bytes (or pick different credentials) are refused at once: a repeated
 * Content-Length or Authorization, a Transfer-Encoding other than chunked, or both framings. */
static const char *ambiguous_framing(struct http_request *r)
{
    struct framing f = {0};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_framing, &f);
    if (f.content_length > 1)
        return "Content-Length is given more than once";
    if (f.authorization > 1)
        return "Authorization is given more than once";
    if (f.transfer_encoding > 1 || (f.transfer_encoding == 1 && !f.chunked))
        return "the only Transfer-Encoding accepted is chunked, once";
    if (f.transfer_encoding == 1 && f.content_length == 1)
        return "Content-Length and Transfer-Encoding are both given";
    return NULL;
}

/* Content-Length is checked before any of the body is read: 400 malformed, 413 too big. */
static enum MHD_Result check_declared_length(struct http_request *r)
{
    const char *ambiguous = ambiguous_framing(r);
    if (ambiguous != NULL)
        return http_problem(r, PROBLEM_BAD_REQUEST, ambiguous);
    const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Length");
    if (cl == NULL)
        return MHD_YES;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(cl, &end, 10);
    if (*cl < '0' || *cl > '9' || *end != '\0' || errno != 0)
        return http_problem(r, PROBLEM_BAD_REQUEST, "Content-Length is not a number");
    if (n > r->body_limit) {
        char detail[96];
        snprintf(detail, sizeof detail, "the body may be at most %zu bytes", r->body_limit);
        return http_problem(r, PROBLEM_TOO_LARGE, detail);
    }
    return MHD_YES;
}

/* The cap holds while reading (a chunked body has no Content-Length to refuse up front).
 * libmicrohttpd 0.9.75 cannot send a reply before the body has ended, so what passes the
 * cap is dropped unread up to a bound, then answered 413; a body that goes on past that
 * bound closes the connection (nothing more is read, nothing is kept). */
static enum MHD_Result append_body(struct http_request *r, const char *data, size_t size)
{
    if (r->body_too_large) {
        r->discarded += size;
        if (r->discarded <= r->body_limit + 65536)
            return MHD_YES;
        log_msg(LOG_WARN, r->request_id, "body past the cap by %zu bytes: connection closed",
                r->discarded);
        r->status = 413;
        return MHD_NO;
    }
    if (r->body_len + size > r->body_limit) {
        r->body_too_large = true;
        r->discarded = r->body_len + size;
        free(r->body);
        r->body = NULL;
        r->body_len = 0;
        return MHD_YES;
    }
    return textbuf_append(&r->body, &r->body_len, &r->body_cap, 1024, data, size) ? MHD_YES
                                                                                  : MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)version;
    struct http_request *r = *con_cls;
    if (r == NULL) {
        r = calloc(1, sizeof *r);
        if (r == NULL)
            return MHD_NO;
        *con_cls = r;
        r->conn = conn;
        r->method = method;
        clock_gettime(CLOCK_MONOTONIC, &r->started);
        r->path = strdup(url);
        r->params_buf = malloc(strlen(url) + HTTP_MAX_PARAMS + 1);
        if (r->path == NULL || r->params_buf == NULL)
            return MHD_NO;
        r->conn_entry = conns_request_began(conn);
        set_request_id(r);
        r->origin = allowed_origin(r);
        r->body_limit = body_cap(r);
        return check_declared_length(r);
    }
    conns_body_received(r->conn_entry, *upload_data_size);
    if (r->status != 0) { /* an early reply is queued; drop whatever body follows */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        enum MHD_Result ok = append_body(r, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return ok;
    }
    conns_handling(r->conn_entry);
    if (r->body_too_large)
        return http_problem(r, PROBLEM_TOO_LARGE, "the body is larger than the service accepts");
    metrics_thread_busy(1);
    enum MHD_Result ret = dispatch(r);
    metrics_thread_busy(-1);
    return ret;
}

static void log_request(const struct http_request *r, enum MHD_RequestTerminationCode toe,
                        long long us, enum log_level level);

/* A slow request is logged at warn whatever LOG_LEVEL says, so that a stall shows in a
 * production log kept at warn (SLOW_REQUEST_MS; 0: never). */
static bool is_slow(long long us)
{
    return cfg->slow_request_ms > 0 && us >= (long long)cfg->slow_request_ms * 1000;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    struct http_request *r = *con_cls;
    if (r == NULL)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us =
        (now.tv_sec - r->started.tv_sec) * 1000000LL + (now.tv_nsec - r->started.tv_nsec) / 1000;
    metrics_request(r->pattern, r->method, r->status, us);
    if (is_slow(us) && log_enabled(LOG_WARN))
        log_request(r, toe, us, LOG_WARN);
    else if (log_enabled(LOG_INFO))
        log_request(r, toe, us, LOG_INFO);
    conns_request_ended(r->conn_entry);
    free(r->path);
    free(r->params_buf);
    free(r->body);
    json_decref(r->query);
    free(r->etag);
    free(r->location);
    free(r->link);
    free(r);
    *con_cls = NULL;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info != NULL ? info->client_addr : NULL;
    out[0] = '\0';
    if (sa != NULL && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
    else if (sa != NULL && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
}

void http_client_address(const struct http_request *r, char *out, size_t cap)
{
    client_address(r->conn, out, cap);
}

/* One JSON line per request: id, client, method, path, route, status, duration (and how
 * much of it until the answer was queued: the rest is its sending), and who. */
static void log_request(const struct http_request *r, enum MHD_RequestTerminationCode toe,
                        long long us, enum log_level level)
{
    char client[INET6_ADDRSTRLEN];
    client_address(r->conn, client, sizeof client);
    json_t *line =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I}", "msg", "request", "request_id",
                  r->request_id, "client", client, "method", r->method ? r->method : "", "path",
                  r->path ? r->path : "", "route", r->pattern ? r->pattern : "", "status",
                  (int)r->status, "duration_us", (json_int_t)us);
    if (r->outcome != NULL)
        json_object_set_new(line, "outcome", json_string(r->outcome));
    if (r->authenticated) {
        json_object_set_new(line, "role", json_string(role_name(r->who.role)));
        json_object_set_new(line, "sub", json_string(r->who.subject));
    }
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
        json_object_set_new(line, "terminated", json_integer(toe));
    if (r->answered.tv_sec != 0 || r->answered.tv_nsec != 0) /* the rest was the sending */
        json_object_set_new(line, "answered_us",
                            json_integer((r->answered.tv_sec - r->started.tv_sec) * 1000000LL +
                                         (r->answered.tv_nsec - r->started.tv_nsec) / 1000));
    if (level == LOG_WARN)
        json_object_set_new(line, "slow", json_true());
    log_json(level, line);
}

static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return http_unescape(s);
}

/* Each connection's memory in libmicrohttpd (its request headers, read buffer and reply
 * headers), which it zeroes whole after every request: 16 KiB, half its default, since
 * that memset was the largest cost of a 304 in the service's own code. Request headers may
 * take about 14 KiB in all (a JWT is 1 to 2); longer ones get libmicrohttpd's 431. */
#define CONNECTION_MEMORY 16384

int http_start(const struct settings *s, char *err, size_t errlen)
{
    cfg = s;
    metrics_init();
    pthread_once(&route_groups_once, group_routes);
    if (!route_groups_ok) {
        snprintf(err, errlen, "the route table has more than %d patterns or %d methods of one",
                 ROUTE_GROUPS_MAX, ROUTE_METHODS_MAX);
        return -1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->port);
    if (inet_pton(AF_INET, s->bind_address, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "BIND_ADDRESS %s is not an IPv4 address", s->bind_address);
        return -1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_TURBO;
    daemon_handle = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONNECTION_MEMORY, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)s->connection_timeout, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)s->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)s->per_ip_connections, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE,
        (unsigned int)1, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (daemon_handle == NULL) {
        snprintf(err, errlen, "cannot listen on %s:%u (in use, or not permitted)", s->bind_address,
                 s->port);
        return -1;
    }
    if (conns_start(s) != 0) {
        snprintf(err, errlen, "cannot start the connection watchdog");
        MHD_stop_daemon(daemon_handle);
        daemon_handle = NULL;
        return -1;
    }
    return 0;
}

void http_stop(unsigned grace_seconds)
{
    if (daemon_handle == NULL)
        return;
    atomic_store(&stopping, true);
    MHD_socket listen_fd = MHD_quiesce_daemon(daemon_handle);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    /* each tick closes the connections that have turned idle (a reply queued before the
     * drain began carries no Connection: close) */
    for (unsigned waited = 0; waited < grace_seconds * 20; waited++) {
        unsigned busy = conns_close_idle();
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(daemon_handle, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (busy == 0 && (info == NULL || info->num_connections == 0))
            break;
        usleep(50 * 1000);
    }
    MHD_stop_daemon(daemon_handle);
    daemon_handle = NULL;
    conns_stop();
}
