/* test_http.c: the HTTP surface every route shares: health, readiness, the OpenAPI
 * document (and its agreement with the route table: paths, methods, operationId, x-roles;
 * and with its own examples), problem+json for unknown routes and
 * methods, body limits, request ids and CORS. */
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http.h"
#include "integration/openapi_check.h"

/* The last NNNN_name.sql of the migrations directory the server was given. */
static const char *latest_migration(void)
{
    static char latest[256];
    const char *dir = getenv("TEST_MIGRATIONS") ? getenv("TEST_MIGRATIONS") : "migrations";
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 9 && strcmp(e->d_name + n - 4, ".sql") == 0 && strcmp(e->d_name, latest) > 0)
            snprintf(latest, sizeof latest, "%s", e->d_name);
    }
    closedir(d);
    return latest;
}

START_TEST(healthz_and_readyz)
{
    struct it_resp *r = it_get("/healthz", NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "ok");
    it_free(r);
    r = it_get("/readyz", NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "status"), "ready");
    ck_assert_str_eq(it_str(r, "schema"), latest_migration());
    it_free(r);
}
END_TEST

START_TEST(unknown_route_is_problem_404)
{
    struct it_resp *r = it_get("/v1/nothing-here", NULL);
    it_expect(r, 404);
    ck_assert_str_eq(it_header(r, "Content-Type"), "application/problem+json");
    ck_assert_str_eq(it_str(r, "type"), "/problems/not-found");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "status")), 404);
    ck_assert_ptr_nonnull(it_str(r, "instance"));
    it_free(r);
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    struct it_resp *r = it_call("DELETE", "/v1/applications", NULL, NULL, NULL);
    it_expect(r, 405);
    const char *allow = it_header(r, "Allow");
    ck_assert_ptr_nonnull(allow);
    ck_assert_ptr_nonnull(strstr(allow, "POST"));
    ck_assert_ptr_nonnull(strstr(allow, "GET"));
    it_free(r);
    /* a literal path is not its templated neighbour: tally is not a rule id */
    r = it_get("/v1/rules/tally", NULL);
    it_expect(r, 405);
    ck_assert_str_eq(it_header(r, "Allow"), "POST");
    it_free(r);
}
END_TEST

START_TEST(head_is_get_without_the_body)
{
    struct it_resp *get = it_get("/healthz", NULL);
    struct it_resp *head = it_call("HEAD", "/healthz", NULL, NULL, NULL);
    it_expect(head, 200);
    ck_assert_str_eq(head->body, "");
    ck_assert_int_eq(atoi(it_header(head, "Content-Length")), (int)strlen(get->body));
    it_free(head);
    it_free(get);
    head = it_call("HEAD", "/v1/debtors", NULL, NULL, NULL); /* roles as GET: a token first */
    it_expect(head, 401);
    ck_assert_str_eq(head->body, "");
    it_free(head);
}
END_TEST

START_TEST(request_id_is_echoed_or_made)
{
    const char *hdr[] = {"X-Request-Id: client-abc.123", NULL};
    struct it_resp *r = it_call("GET", "/healthz", NULL, NULL, hdr);
    ck_assert_str_eq(it_header(r, "X-Request-Id"), "client-abc.123");
    it_free(r);
    const char *bad[] = {"X-Request-Id: has spaces and \"quotes\"", NULL};
    r = it_call("GET", "/healthz", NULL, NULL, bad);
    const char *made = it_header(r, "X-Request-Id");
    ck_assert_ptr_nonnull(made);
    ck_assert_int_eq(strlen(made), 32);
    it_free(r);
    /* made ones are 32 hex digits, and none repeats across a hundred (the random bytes are
     * drawn in batches: the refills must not hand the same bytes out twice) */
    char seen[100][33];
    for (int i = 0; i < 100; i++) {
        r = it_call("GET", "/healthz", NULL, NULL, NULL);
        snprintf(seen[i], sizeof seen[i], "%s", it_header(r, "X-Request-Id"));
        it_free(r);
        ck_assert_int_eq(strspn(seen[i], "0123456789abcdef"), 32);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(seen[i], seen[j]);
    }
}
END_TEST

/* A header line "X-Pad: " and n bytes (it_fmt stops at 8 KiB). */
static char *pad_header(size_t n)
{
    char *h = malloc(n + 8);
    memcpy(h, "X-Pad: ", 7);
    memset(h + 7, 'a', n);
    h[7 + n] = '\0';
    return h;
}

/* Request headers of up to about 14 KiB in all are read (a connection's memory is 16 KiB:
 * src/http/server.c; longer ones are libmicrohttpd's to refuse, with its own 431, which no
 * operation of the contract declares). */
START_TEST(request_headers_of_13_kib_are_read)
{
    char *header = pad_header(13000);
    const char *h[] = {header, NULL};
    struct it_resp *r = it_call("GET", "/healthz", NULL, NULL, h);
    it_expect(r, 200);
    it_free(r);
    free(header);
}
END_TEST

START_TEST(declared_body_too_large_is_413_before_reading)
{
    char *token = it_token("court", "judge-http");
    const char *hdr[] = {"Content-Length: 99999999", NULL};
    /* the body is never sent: the server must answer from the header alone */
    struct it_resp *r = it_call("POST", "/v1/debtors", token, NULL, hdr);
    it_expect(r, 413);
    ck_assert_str_eq(it_str(r, "type"), "/problems/too-large");
    it_free(r);
    free(token);
}
END_TEST

START_TEST(streamed_body_too_large_is_413)
{
    char *token = it_token("court", "judge-http");
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = '\0';
    struct it_resp *r = it_post("/v1/debtors", token, big);
    it_expect(r, 413);
    it_free(r);
    free(big);
    free(token);
}
END_TEST

START_TEST(malformed_content_length_is_400)
{
    char *token = it_token("court", "judge-http");
    const char *hdr[] = {"Content-Length: 12abc", NULL};
    struct it_resp *r = it_call("POST", "/v1/debtors", token, NULL, hdr);
    ck_assert_msg(r->status == 400, "got %ld", r->status);
    it_free(r);
    free(token);
}
END_TEST

START_TEST(json_body_must_be_an_object)
{
    char *token = it_token("court", "judge-http");
    struct it_resp *r = it_post("/v1/debtors", token, "[1,2]");
    it_expect(r, 400);
    ck_assert_str_eq(it_str(r, "type"), "/problems/validation");
    it_free(r);
    r = it_post("/v1/debtors", token, "{\"name\": ");
    it_expect(r, 400);
    ck_assert_str_eq(it_str(r, "type"), "/problems/malformed-json");
    it_free(r);
    r = it_post("/v1/debtors", token, "{\"name\":\"a\",\"name\":\"b\"}");
    it_expect(r, 400);
    it_free(r);
    free(token);
}
END_TEST

START_TEST(cors_preflight_and_simple_requests)
{
    const char *pre[] = {"Origin: https://court.example", "Access-Control-Request-Method: POST",
                         NULL};
    struct it_resp *r = it_call("OPTIONS", "/v1/applications", NULL, NULL, pre);
    it_expect(r, 204);
    ck_assert_str_eq(it_header(r, "Access-Control-Allow-Origin"), "https://court.example");
    ck_assert_ptr_nonnull(strstr(it_header(r, "Access-Control-Allow-Methods"), "POST"));
    ck_assert_ptr_nonnull(strstr(it_header(r, "Access-Control-Allow-Headers"), "Authorization"));
    it_free(r);
    const char *other[] = {"Origin: https://evil.example", NULL};
    r = it_call("GET", "/healthz", NULL, NULL, other);
    it_expect(r, 200);
    ck_assert_ptr_null(it_header(r, "Access-Control-Allow-Origin"));
    it_free(r);
}
END_TEST

/* The name a route's handler has in the binary (the suites link with -rdynamic), or NULL. */
static const char *handler_name(http_handler handler)
{
    union {
        http_handler fn;
        void *addr;
    } u = {.fn = handler};
    Dl_info info;
    if (dladdr(u.addr, &info) == 0 || info.dli_sname == NULL || info.dli_saddr != u.addr)
        return NULL;
    return info.dli_sname;
}

/* True when security lets a request without a token through: `[]`, or a list holding the
 * empty requirement `{}` (a token is optional). */
static bool anonymous_allowed(const json_t *security)
{
    if (!json_is_array(security))
        return false;
    size_t i;
    json_t *req;
    json_array_foreach(security, i, req)
    {
        if (json_object_size(req) == 0)
            return true;
    }
    return json_array_size(security) == 0;
}

/* "" when the operation's x-roles are exactly the roles policy.c allows for action (a
 * public action: no x-roles, and a security that lets a request without a token in),
 * else what differs. */
static void roles_disagreement(const json_t *op, enum action action, char *why, size_t len)
{
    const json_t *roles = json_object_get(op, "x-roles");
    const json_t *security = json_object_get(op, "security");
    why[0] = '\0';
    if (action == ACT_PUBLIC) {
        if (roles != NULL || !anonymous_allowed(security))
            snprintf(why, len, "a public route: no x-roles, and security [] or with {}");
        return;
    }
    if (security != NULL)
        snprintf(why, len, "needs a token: it may not override security");
    size_t i;
    json_t *v;
    json_array_foreach(roles, i, v)
    {
        if (role_parse(json_string_value(v)) == ROLE_NONE)
            snprintf(why, len, "x-roles names %s, which is not a role", json_string_value(v));
    }
    for (int role = ROLE_NONE + 1; role < ROLE_COUNT && why[0] == '\0'; role++) {
        bool listed = false;
        json_array_foreach(roles, i, v)
        {
            listed = listed || strcmp(json_string_value(v), role_name((enum role)role)) == 0;
        }
        if (listed != policy_allows((enum role)role, action))
            snprintf(why, len, "x-roles %s %s, policy.c %s it", listed ? "lists" : "leaves out",
                     role_name((enum role)role), listed ? "refuses" : "allows");
    }
}

/* Each route of the table is the document's operation of its path and method, whose
 * operationId is the handler's name without "api_" and whose x-roles are policy.c's. */
START_TEST(openapi_document_matches_route_table)
{
    const json_t *paths = json_object_get(it_contract(), "paths");
    ck_assert_ptr_nonnull(paths);
    json_t *routed = json_object();
    for (unsigned i = 0; i < http_routes_count; i++) {
        const struct http_route *route = &http_routes[i];
        char method[16], key[300], why[160];
        snprintf(method, sizeof method, "%s", route->method);
        for (char *m = method; *m; m++)
            *m = (char)(*m - 'A' + 'a');
        snprintf(key, sizeof key, "%s %s", method, route->pattern);
        json_object_set_new(routed, key, json_true());
        const json_t *op = json_object_get(json_object_get(paths, route->pattern), method);
        ck_assert_msg(op != NULL, "%s %s is not in openapi.yaml", route->method, route->pattern);
        const char *name = handler_name(route->handler);
        ck_assert_msg(name != NULL && strncmp(name, "api_", 4) == 0,
                      "%s %s: the handler has no api_ name", route->method, route->pattern);
        const char *id = json_string_value(json_object_get(op, "operationId"));
        ck_assert_msg(id != NULL && strcmp(id, name + 4) == 0,
                      "%s %s: operationId %s, but the handler is %s", route->method, route->pattern,
                      id ? id : "(none)", name);
        roles_disagreement(op, route->action, why, sizeof why);
        ck_assert_msg(why[0] == '\0', "%s (%s %s): %s", id, route->method, route->pattern, why);
        if (strcmp(method, "get") == 0) { /* HEAD is GET without the body, roles included */
            const json_t *head = json_object_get(json_object_get(paths, route->pattern), "head");
            ck_assert_msg(head != NULL, "GET %s has no head operation", route->pattern);
            roles_disagreement(head, route->action, why, sizeof why);
            ck_assert_msg(why[0] == '\0', "HEAD %s: %s", route->pattern, why);
        }
    }
    const char *path;
    json_t *item;
    json_object_foreach((json_t *)paths, path, item)
    {
        ck_assert_msg(json_object_get(item, "options") != NULL,
                      "%s has no options operation (the preflight every path answers)", path);
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            char key[300];
            snprintf(key, sizeof key, "%s %s", method, path);
            if (strcmp(method, "options") == 0 || strncmp(method, "x-", 2) == 0 ||
                strcmp(method, "parameters") == 0 || strcmp(method, "summary") == 0 ||
                strcmp(method, "description") == 0)
                continue;
            if (strcmp(method, "head") == 0)
                ck_assert_msg(json_object_get(item, "get") != NULL, "%s documents head without get",
                              path);
            else
                ck_assert_msg(json_object_get(routed, key) != NULL,
                              "openapi.yaml documents %s, which the server does not route", key);
        }
    }
    json_decref(routed);
}
END_TEST

/* The served document is the one the suites check against, and it is YAML. */
START_TEST(openapi_document_is_served)
{
    struct it_resp *r = it_get("/openapi.yaml", NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "openapi: 3.1"));
    char err[256];
    json_t *doc = oac_yaml_to_json(r->body, strlen(r->body), err, sizeof err);
    ck_assert_msg(doc != NULL, "%s", err);
    ck_assert(json_equal(doc, it_contract()));
    json_decref(doc);
    it_free(r);
}
END_TEST

/* The check the harness runs on every response: what it refuses, with the message a
 * failing test shows. */
static char *check(const char *method, const char *target, long status, const char *type,
                   const char *allow, const char *body)
{
    struct oac_response r = {.method = method,
                             .target = target,
                             .status = status,
                             .content_type = type,
                             .allow = allow,
                             .body = body,
                             .body_len = strlen(body)};
    return oac_check(it_contract(), &r);
}

#define ck_refused(msg, ...)                                                                       \
    do {                                                                                           \
        char *m_ = (msg);                                                                          \
        ck_assert_msg(m_ != NULL, "the check let through " #msg);                                  \
        const char *const want_[] = {__VA_ARGS__, NULL};                                           \
        for (const char *const *w_ = want_; *w_; w_++)                                             \
            ck_assert_msg(strstr(m_, *w_) != NULL, "\"%s\" does not say \"%s\"", m_, *w_);         \
        free(m_);                                                                                  \
    } while (0)

START_TEST(the_contract_check_refuses_what_the_document_does_not_say)
{
    const char *json = "application/json";
    ck_assert_ptr_null(check("GET", "/healthz", 200, json, NULL, "{\"status\":\"ok\"}"));
    ck_refused(check("GET", "/healthz", 200, json, NULL, "{\"status\":\"ok\",\"uptime\":3}"),
               "GET /healthz", "answered 200", "at /uptime", "not declared");
    ck_refused(check("GET", "/healthz?x=1", 200, json, NULL, "{\"status\":1}"), "at /status",
               "integer", "string");
    ck_refused(check("GET", "/healthz", 200, json, NULL, "{}"), "at /status", "required");
    ck_refused(check("GET", "/healthz", 200, json, NULL, "{\"status\":\"fine\"}"), "at /status",
               "const");
    ck_refused(check("GET", "/healthz", 418, json, NULL, "{}"), "status 418 is not declared");
    ck_refused(check("GET", "/healthz", 200, "text/plain", NULL, "ok"), "text/plain");
    ck_refused(check("HEAD", "/healthz", 200, json, NULL, "{}"), "HEAD", "body");
    ck_assert_ptr_null(check("HEAD", "/healthz", 200, json, NULL, ""));
    ck_assert_ptr_null(check("DELETE", "/healthz", 405, "application/problem+json", "GET, HEAD",
                             "{\"type\":\"/problems/method-not-allowed\",\"title\":\"t\","
                             "\"status\":405,\"instance\":\"urn:request:x\"}"));
    ck_refused(check("DELETE", "/healthz", 405, "application/problem+json", "GET", "{}"),
               "leaves out head");
    ck_refused(check("DELETE", "/healthz", 200, json, NULL, "{}"), "DELETE is not declared");
    ck_assert_ptr_null(check("OPTIONS", "/v1/debtors", 204, NULL, "POST, GET, HEAD", ""));
    ck_refused(check("OPTIONS", "/v1/debtors", 204, NULL, "POST, GET, HEAD, DELETE", ""),
               "lists delete");
    ck_refused(check("GET", "/v1/nothing", 200, json, NULL, "{}"), "no path of the document");
    ck_refused(check("GET", "/v1/nothing", 404, "application/problem+json", NULL,
                     "{\"type\":\"/problems/nope\",\"title\":\"t\",\"status\":404,"
                     "\"instance\":\"urn:request:x\"}"),
               "at /type", "enum");
    /* a declared header keeps its schema when it is sent */
    struct oac_response cached = {.method = "GET",
                                  .target = "/healthz",
                                  .status = 200,
                                  .content_type = json,
                                  .headers = "X-Request-Id: a1\r\nCache-Control: max-age=60\r\n",
                                  .body = "{\"status\":\"ok\"}",
                                  .body_len = 15};
    ck_refused(oac_check(it_contract(), &cached), "header Cache-Control", "const");
    cached.headers = "Retry-After: 2\r\nCache-Control: no-store\r\n";
    ck_assert_ptr_null(oac_check(it_contract(), &cached));
    cached.target = "/readyz";
    cached.status = 503;
    cached.content_type = "application/problem+json";
    cached.headers = "Retry-After: soon\r\n";
    cached.body = "{\"type\":\"/problems/unavailable\",\"title\":\"t\",\"status\":503,"
                  "\"instance\":\"urn:request:x\"}";
    cached.body_len = strlen(cached.body);
    ck_refused(oac_check(it_contract(), &cached), "header Retry-After", "integer");
    /* literal segments win over {id}: /v1/rules/tally is not GET /v1/rules/{id} */
    ck_assert_str_eq(oac_match_path(it_contract(), "/v1/rules/tally?x"), "/v1/rules/tally");
    ck_assert_str_eq(oac_match_path(it_contract(), "/v1/rules/SZ-X"), "/v1/rules/{id}");

    /* deep: the feed example as documented passes; a property or value it does not
     * declare, inside an item and a oneOf, is refused with its pointer */
    const json_t *page =
        oac_resolve(it_contract(), "#/paths/~1v1~1restrictions~1changes/get/responses/200/"
                                   "content/application~1json/examples/imposedAndLifted");
    json_t *feed = json_deep_copy(json_object_get(page, "value"));
    ck_assert_ptr_nonnull(feed);
    char *text = json_dumps(feed, JSON_COMPACT);
    ck_assert_ptr_null(check("GET", "/v1/restrictions/changes", 200, json, NULL, text));
    free(text);
    json_t *lift = json_object_get(json_array_get(json_object_get(feed, "items"), 1), "lift");
    json_object_set_new(lift, "by", json_string("judge"));
    text = json_dumps(feed, JSON_COMPACT);
    ck_refused(check("GET", "/v1/restrictions/changes", 200, json, NULL, text),
               "at /items/1/lift/by", "oneOf");
    free(text);
    json_object_del(lift, "by");
    json_object_set_new(lift, "ground", json_string("mercy"));
    text = json_dumps(feed, JSON_COMPACT);
    ck_refused(check("GET", "/v1/restrictions/changes", 200, json, NULL, text),
               "at /items/1/lift/ground", "enum");
    free(text);
    json_decref(feed);
}
END_TEST

/* ---- the document's own examples keep its schemas ---- */

struct findings {
    char text[8192];
    unsigned count;
};

static void found(struct findings *f, const char *where, char *problem)
{
    if (problem == NULL)
        return;
    size_t len = strlen(f->text);
    if (f->count++ < 20)
        snprintf(f->text + len, sizeof f->text - len, "\n  %s: %s", where, problem);
    free(problem);
}

/* Every example of a media type (example, examples.*.value, $ref to components/examples). */
static void check_media(const json_t *doc, const char *where, const json_t *media,
                        struct findings *f)
{
    const json_t *schema = json_object_get(media, "schema");
    if (schema == NULL)
        return;
    const json_t *one = json_object_get(media, "example");
    if (one != NULL)
        found(f, where, oac_validate(doc, schema, one));
    const char *name;
    json_t *ex;
    json_object_foreach(json_object_get(media, "examples"), name, ex)
    {
        const json_t *ref = json_object_get(ex, "$ref");
        const json_t *value =
            json_object_get(ref ? oac_resolve(doc, json_string_value(ref)) : ex, "value");
        char at[512];
        snprintf(at, sizeof at, "%s example %s", where, name);
        if (value == NULL)
            found(f, at, strdup("no value"));
        else
            found(f, at, oac_validate(doc, schema, value));
    }
}

static void check_content(const json_t *doc, const char *where, const json_t *holder,
                          struct findings *f)
{
    const json_t *ref = json_object_get(holder, "$ref");
    if (ref != NULL)
        holder = oac_resolve(doc, json_string_value(ref));
    const char *type;
    json_t *media;
    json_object_foreach(json_object_get(holder, "content"), type, media)
    {
        char at[400];
        snprintf(at, sizeof at, "%s %s", where, type);
        check_media(doc, at, media, f);
    }
}

/* The `examples` arrays of the component schemas and of their subschemas. */
static void check_schema_examples(const json_t *doc, const char *where, const json_t *schema,
                                  struct findings *f)
{
    if (!json_is_object(schema))
        return;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(schema, "examples"), i, v)
    {
        char at[600];
        snprintf(at, sizeof at, "%s examples[%zu]", where, i);
        found(f, at, oac_validate(doc, schema, v));
    }
    const char *key;
    json_object_foreach(json_object_get(schema, "properties"), key, v)
    {
        char at[600];
        snprintf(at, sizeof at, "%s.%s", where, key);
        check_schema_examples(doc, at, v, f);
    }
    check_schema_examples(doc, where, json_object_get(schema, "items"), f);
    static const char *const lists[] = {"allOf", "anyOf", "oneOf"};
    for (int k = 0; k < 3; k++)
        json_array_foreach(json_object_get(schema, lists[k]), i, v)
        {
            check_schema_examples(doc, where, v, f);
        }
}

START_TEST(openapi_examples_keep_the_schemas)
{
    const json_t *doc = it_contract();
    struct findings f = {.count = 0};
    const char *path, *method, *status;
    json_t *item, *op, *resp;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        json_object_foreach(item, method, op)
        {
            char where[400];
            snprintf(where, sizeof where, "%s %s request", method, path);
            check_content(doc, where, json_object_get(op, "requestBody"), &f);
            json_object_foreach(json_object_get(op, "responses"), status, resp)
            {
                snprintf(where, sizeof where, "%s %s %s", method, path, status);
                check_content(doc, where, resp, &f);
            }
        }
    }
    const char *name;
    json_t *schema;
    json_object_foreach(json_object_get(json_object_get(doc, "components"), "schemas"), name,
                        schema) check_schema_examples(doc, name, schema, &f);
    ck_assert_msg(f.count == 0, "%u examples break their schemas:%s", f.count, f.text);
}
END_TEST

/* ---- every route's refusals, as the harness's contract check sees them ---- */

/* The route's pattern with its parameters filled in: a UUID no object has, a year, a rule
 * id no profile has. */
static void probe_path(const char *pattern, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 40 < len;) {
        if (*p != '{') {
            out[o++] = *p++;
            continue;
        }
        const char *value = strncmp(p, "{year}", 6) == 0 ? "2026"
                            : strncmp(pattern, "/v1/rules/", 10) == 0
                                ? "SZ-NO-SUCH-RULE"
                                : "00000000-0000-4000-8000-000000000000";
        o += (size_t)snprintf(out + o, len - o, "%s", value);
        p = strchr(p, '}') + 1;
    }
    out[o] = '\0';
}

static int first_role(enum action action, bool allowed)
{
    for (int role = ROLE_NONE + 1; role < ROLE_COUNT; role++)
        if (policy_allows((enum role)role, action) == allowed)
            return role;
    return ROLE_NONE;
}

static bool takes_body(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
           strcmp(method, "PUT") == 0;
}

/* Each request below is held to the document by the harness: its status must be declared
 * for the operation and its body must keep the schema. None of them changes anything. */
START_TEST(every_route_refuses_as_documented)
{
    for (unsigned i = 0; i < http_routes_count; i++) {
        const struct http_route *route = &http_routes[i];
        char path[300];
        probe_path(route->pattern, path, sizeof path);
        struct it_resp *r;
        if (route->action != ACT_PUBLIC) {
            r = it_call(route->method, path, NULL, takes_body(route->method) ? "{}" : NULL, NULL);
            ck_assert_msg(r->status == 401, "%s %s without a token: %ld", route->method, path,
                          r->status);
            it_free(r);
        }
        if (route->action == ACT_PUBLIC) { /* a token a public route reads must be valid */
            r = it_call(route->method, path, "not.a.token", NULL, NULL);
            ck_assert_msg(r->status < 500, "%s %s with a bad token: %ld", route->method, path,
                          r->status);
            it_free(r);
        }
        int refused = first_role(route->action, false);
        if (route->action != ACT_PUBLIC && refused != ROLE_NONE) {
            char *token = it_token(role_name((enum role)refused), "probe-refused");
            r = it_call(route->method, path, token, takes_body(route->method) ? "{}" : NULL, NULL);
            ck_assert_msg(r->status == 403, "%s %s as %s: %ld", route->method, path,
                          role_name((enum role)refused), r->status);
            it_free(r);
            free(token);
        }
        char *token = it_token(role_name((enum role)first_role(route->action, true)), "probe");
        if (takes_body(route->method)) {
            static const char *const bodies[] = {"{", "[]", "{\"no_such_field\":1}", NULL};
            for (const char *const *b = bodies; *b; b++) {
                r = it_call(route->method, path, token, *b, NULL);
                ck_assert_msg(r->status >= 400 && r->status < 500, "%s %s with %s: %ld",
                              route->method, path, *b, r->status);
                it_free(r);
            }
            const char *text[] = {"Content-Type: text/plain", NULL};
            r = it_call(route->method, path, token, "{}", text);
            ck_assert_msg(r->status >= 400 && r->status < 500, "%s %s as text/plain: %ld",
                          route->method, path, r->status);
            it_free(r);
            const char *huge[] = {"Content-Length: 99999999", NULL};
            r = it_call(route->method, path, token, NULL, huge);
            ck_assert_msg(r->status == 413, "%s %s too large: %ld", route->method, path, r->status);
            it_free(r);
        } else {
            char query[340];
            snprintf(query, sizeof query, "%s?no_such_parameter=1", path);
            r = it_call(route->method, query, token, NULL, NULL);
            ck_assert_msg(r->status < 500, "%s %s: %ld", route->method, query, r->status);
            it_free(r);
            r = it_call(route->method, path, token, NULL, NULL);
            ck_assert_msg(r->status < 500, "%s %s: %ld", route->method, path, r->status);
            it_free(r);
        }
        free(token);
        r = it_call("DELETE", path, NULL, NULL, NULL); /* no route deletes */
        it_expect(r, 405);
        it_free(r);
        r = it_call("OPTIONS", path, NULL, NULL, NULL); /* Allow: the path's methods */
        it_expect(r, 204);
        it_free(r);
    }
}
END_TEST

static Suite *http_suite(void)
{
    Suite *s = suite_create("http");
    TCase *tc = tcase_create("surface");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, healthz_and_readyz);
    tcase_add_test(tc, unknown_route_is_problem_404);
    tcase_add_test(tc, wrong_method_is_405_with_allow);
    tcase_add_test(tc, head_is_get_without_the_body);
    tcase_add_test(tc, request_id_is_echoed_or_made);
    tcase_add_test(tc, request_headers_of_13_kib_are_read);
    tcase_add_test(tc, declared_body_too_large_is_413_before_reading);
    tcase_add_test(tc, streamed_body_too_large_is_413);
    tcase_add_test(tc, malformed_content_length_is_400);
    tcase_add_test(tc, json_body_must_be_an_object);
    tcase_add_test(tc, cors_preflight_and_simple_requests);
    tcase_add_test(tc, openapi_document_matches_route_table);
    tcase_add_test(tc, openapi_document_is_served);
    tcase_add_test(tc, the_contract_check_refuses_what_the_document_does_not_say);
    tcase_add_test(tc, openapi_examples_keep_the_schemas);
    tcase_add_test(tc, every_route_refuses_as_documented);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"CORS_ORIGINS=https://court.example, https://admin.example",
                                  NULL};
IT_MAIN("http", http_suite, env)
