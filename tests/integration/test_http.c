/* test_http.c: the HTTP surface every route shares: health, readiness, the OpenAPI
 * document (and its agreement with the route table), problem+json for unknown routes and
 * methods, body limits, request ids and CORS. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http.h"

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

/* The paths and methods of openapi.yaml (two-space path keys under paths:, four-space
 * method keys) must be exactly the route table's. */
static json_t *document_routes(const char *yaml)
{
    json_t *set = json_object();
    char path[600] = "";
    bool in_paths = false;
    for (const char *line = yaml; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char l[512];
        snprintf(l, sizeof l, "%.*s", (int)(len < 511 ? len : 511), line);
        if (strncmp(l, "paths:", 6) == 0)
            in_paths = true;
        else if (l[0] != ' ' && l[0] != '#' && l[0] != '\0')
            in_paths = false;
        if (in_paths && strncmp(l, "  /", 3) == 0) {
            snprintf(path, sizeof path, "%s", l + 2);
            char *colon = strrchr(path, ':');
            if (colon)
                *colon = '\0';
        } else if (in_paths && strncmp(l, "    ", 4) == 0 && l[4] != ' ') {
            static const char *methods[] = {"get:", "post:", "put:", "patch:", "delete:", NULL};
            for (const char **m = methods; *m; m++) {
                if (strncmp(l + 4, *m, strlen(*m)) == 0) {
                    char key[700];
                    snprintf(key, sizeof key, "%.*s %s", (int)strlen(*m) - 1, l + 4, path);
                    for (char *k = key; *k && *k != ' '; k++)
                        *k = (char)(*k - 'a' + 'A');
                    json_object_set_new(set, key, json_true());
                }
            }
        }
        line = end ? end + 1 : NULL;
    }
    return set;
}

START_TEST(openapi_document_matches_route_table)
{
    struct it_resp *r = it_get("/openapi.yaml", NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "openapi: 3."));
    json_t *doc = document_routes(r->body);
    for (unsigned i = 0; i < http_routes_count; i++) {
        char key[300];
        snprintf(key, sizeof key, "%s %s", http_routes[i].method, http_routes[i].pattern);
        ck_assert_msg(json_object_get(doc, key) != NULL, "%s is not in openapi.yaml", key);
        json_object_del(doc, key);
    }
    const char *extra;
    json_t *v;
    json_object_foreach(doc, extra, v) ck_abort_msg("openapi.yaml documents %s, which the server "
                                                    "does not route", extra);
    json_decref(doc);
    it_free(r);
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
    tcase_add_test(tc, request_id_is_echoed_or_made);
    tcase_add_test(tc, declared_body_too_large_is_413_before_reading);
    tcase_add_test(tc, streamed_body_too_large_is_413);
    tcase_add_test(tc, malformed_content_length_is_400);
    tcase_add_test(tc, json_body_must_be_an_object);
    tcase_add_test(tc, cors_preflight_and_simple_requests);
    tcase_add_test(tc, openapi_document_matches_route_table);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"CORS_ORIGINS=https://court.example, https://admin.example",
                                  NULL};
IT_MAIN("http", http_suite, env)
