/* test_route_match.c: the route pattern matcher (src/http/route_match.c), which routes every
 * request and is fuzzed on its own (tests/fuzz/fuzz_route.c). */
#include "route_match.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define MAXP 4

static char buf[256];
static const char *params[MAXP];

static bool m(const char *pattern, const char *path)
{
    return route_match(pattern, path, params, MAXP, buf);
}

START_TEST(literal_and_captures)
{
    ck_assert(m("/v1/rules/tally", "/v1/rules/tally"));
    ck_assert(!m("/v1/rules/tally", "/v1/rules/tall"));
    ck_assert(!m("/v1/rules/tally", "/v1/rules/tallyx"));
    ck_assert(m("/v1/applications/{id}/acts/{act_id}", "/v1/applications/abc/acts/d-e"));
    ck_assert_str_eq(params[0], "abc");
    ck_assert_str_eq(params[1], "d-e");
}
END_TEST

START_TEST(a_capture_is_one_non_empty_segment)
{
    ck_assert(!m("/v1/debtors/{id}", "/v1/debtors/"));
    ck_assert(!m("/v1/debtors/{id}", "/v1/debtors/a/b"));
    ck_assert(!m("/v1/debtors/{id}/x", "/v1/debtors//x"));
}
END_TEST

START_TEST(more_captures_than_room_is_no_match)
{
    ck_assert(m("/{a}/{b}/{c}/{d}", "/1/2/3/4"));
    ck_assert_str_eq(params[3], "4");
    ck_assert(!m("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5"));
}
END_TEST

/* A pattern's '{' with no '}' after it is a literal, not a read past the pattern. */
START_TEST(unclosed_brace_is_literal)
{
    ck_assert(m("/x{", "/x{"));
    ck_assert(!m("/x{", "/xa"));
    ck_assert(m("/{a}/{", "/1/{"));
    ck_assert_str_eq(params[0], "1");
}
END_TEST

static Suite *route_suite(void)
{
    Suite *s = suite_create("route_match");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, literal_and_captures);
    tcase_add_test(tc, a_capture_is_one_non_empty_segment);
    tcase_add_test(tc, more_captures_than_room_is_no_match);
    tcase_add_test(tc, unclosed_brace_is_literal);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(route_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
