/* test_calendar_warnings.c: /readyz reports the court calendar's last covered year and,
 * from CALENDAR_WARN_FROM (1 November unless set) while next year is missing, a warning
 * (still 200). The seeded calendar covers 2025 and 2026. The service is started three
 * times, each on its own database and fixed date:
 *   2026-11-01, default: next year missing on the first day of the warning: warned, and
 *     logged once however often /readyz is asked;
 *   2026-10-01, default: a month before: no warning, nothing logged;
 *   2026-10-01 with CALENDAR_WARN_FROM=10-01: warned (the setting is read). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *name_of_run;
static size_t warnings_expected;

START_TEST(readyz_warns_of_the_missing_year)
{
    for (int ask = 0; ask < 3; ask++) {
        struct it_resp *r = it_get("/readyz", NULL);
        it_expect(r, 200);
        ck_assert_str_eq(it_str(r, "status"), "ready");
        json_t *cal = json_object_get(r->json, "calendar");
        ck_assert_int_eq(json_integer_value(json_object_get(cal, "last_covered_year")), 2026);
        json_t *w = json_object_get(r->json, "warnings");
        ck_assert_msg(json_is_array(w) && json_array_size(w) == warnings_expected, "%s: %s",
                      name_of_run, r->body);
        if (warnings_expected) {
            json_t *w0 = json_array_get(w, 0);
            ck_assert_str_eq(json_string_value(json_object_get(w0, "code")),
                             "calendar_year_missing");
            ck_assert_int_eq(json_integer_value(json_object_get(w0, "year")), 2027);
        }
        it_free(r);
    }
    /* 2026 itself is there: asking for it is not a warning */
    struct it_resp *r = it_get("/v1/calendar/2026", NULL);
    it_expect(r, 200);
    it_free(r);
    ck_assert_uint_eq(it_log_lines(name_of_run, "today is fixed at 2026-"), 1); /* the right log */
    ck_assert_uint_eq(
        it_log_lines(name_of_run, "court calendar: the court calendar has no year 2027"),
        warnings_expected ? 1 : 0);
}
END_TEST

static Suite *warnings_suite(void)
{
    Suite *s = suite_create("calendar_warnings");
    TCase *tc = tcase_create("calendar_warnings");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, readyz_warns_of_the_missing_year);
    suite_add_tcase(s, tc);
    return s;
}

/* One server per run, each with its own database and date. */
static int run(const char *name, const char *const *env, size_t expected)
{
    name_of_run = name;
    warnings_expected = expected;
    it_start(name, env);
    SRunner *sr = srunner_create(warnings_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    bool clean = it_stop();
    return failed == 0 && clean ? 0 : 1;
}

int main(void)
{
    static const char *const november[] = {"TODAY=2026-11-01", NULL};
    static const char *const october[] = {"TODAY=2026-10-01", NULL};
    static const char *const october_set[] = {"TODAY=2026-10-01", "CALENDAR_WARN_FROM=10-01", NULL};
    int failed = run("calendar_warn_nov", november, 1);
    failed |= run("calendar_warn_oct", october, 0);
    failed |= run("calendar_warn_oct_set", october_set, 1);
    return failed;
}
