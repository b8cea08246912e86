/* test_web.c: the pages the binary serves to a browser: the API reference (/docs, with the
 * vendored viewer) and the clerk's console (/console). What a browser needs of them: the
 * right types, the viewer and the document they load served here (no CDN), revalidation
 * by ETag, and the console's calls allowed from another origin named in CORS_ORIGINS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

START_TEST(the_reference_loads_its_viewer_and_the_document_from_here)
{
    struct it_resp *r = it_get("/docs", NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_header(r, "Content-Type"), "text/html; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(r->body, "src=\"/docs/redoc.standalone.js\""));
    ck_assert_ptr_nonnull(strstr(r->body, "Redoc.init('/openapi.yaml'"));
    ck_assert_ptr_null(strstr(r->body, "https://")); /* nothing from elsewhere */
    it_free(r);
    r = it_get("/docs/redoc.standalone.js", NULL);
    it_expect(r, 200);
    ck_assert_str_eq(it_header(r, "Content-Type"), "application/javascript; charset=utf-8");
    ck_assert_msg(strlen(r->body) > 500000, "the viewer is %zu bytes", strlen(r->body));
    ck_assert_ptr_nonnull(strstr(r->body, "ReDoc"));
    char etag[80], inm[120];
    snprintf(etag, sizeof etag, "%s", it_header(r, "ETag"));
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    it_free(r);
    const char *extra[] = {inm, NULL};
    r = it_call("GET", "/docs/redoc.standalone.js", NULL, NULL, extra);
    it_expect(r, 304);
    it_free(r);
}
END_TEST

START_TEST(the_console_calls_the_api_from_another_origin)
{
    struct it_resp *r = it_get("/console", NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "<script src=\"console.js\"></script>"));
    it_free(r);
    r = it_get("/console.js", NULL);
    it_expect(r, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "/v1/deadlines?"));
    it_free(r);
    /* a console served from the allowed origin may call the API with its token */
    char *court = it_token("court", "clerk-web");
    char auth[1200];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", court);
    const char *cors[] = {"Origin: http://console.example", auth, NULL};
    r = it_call("GET", "/v1/deadlines?limit=5", NULL, NULL, cors);
    it_expect(r, 200);
    ck_assert_str_eq(it_header(r, "Access-Control-Allow-Origin"), "http://console.example");
    it_free(r);
    free(court);
}
END_TEST

static Suite *web_suite(void)
{
    Suite *s = suite_create("web");
    TCase *tc = tcase_create("pages");
    tcase_add_test(tc, the_reference_loads_its_viewer_and_the_document_from_here);
    tcase_add_test(tc, the_console_calls_the_api_from_another_origin);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"CORS_ORIGINS=http://console.example", NULL};
IT_MAIN("web", web_suite, env)
