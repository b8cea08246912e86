/* test_date.c: civil date arithmetic (include/date.h). */
#include "date.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static date_t D(const char *s)
{
    date_t d = 0;
    ck_assert_msg(date_parse(s, &d), "parse %s", s);
    return d;
}

static void expect(date_t d, const char *want)
{
    char b[11];
    date_format(d, b);
    ck_assert_str_eq(b, want);
}

START_TEST(parse_valid_and_epoch)
{
    date_t d;
    ck_assert(date_parse("1970-01-01", &d));
    ck_assert_int_eq(d, 0);
    ck_assert(date_parse("2026-02-28", &d));
    expect(d, "2026-02-28");
    ck_assert(date_parse("2028-02-29", &d));
    ck_assert(date_parse("2000-02-29", &d));
    ck_assert(date_parse("1969-12-31", &d));
    ck_assert_int_eq(d, -1);
}
END_TEST

START_TEST(parse_rejects)
{
    static const char *bad[] = {
        "2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01",  "2026-00-10",  "2026-01-00",
        "2026-1-01",  "2026-01-1",  "20260101",   "2026-01-01 ", " 2026-01-01", "2026/01/01",
        "",           "abcd-ef-gh", "2026-04-31", "0000-01-01",  "+026-01-01",  "2026-01-01x"};
    date_t d;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!date_parse(bad[i], &d), "accepted %s", bad[i]);
    ck_assert(!date_parse(NULL, &d));
}
END_TEST

START_TEST(roundtrip_all_days)
{
    /* every day 1900..2100 round-trips and consecutive days differ by one */
    date_t prev = date_from_ymd(1899, 12, 31);
    for (int y = 1900; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int dd = 1; dd <= date_days_in_month(y, m); dd++) {
                date_t d = date_from_ymd(y, m, dd);
                int yy, mm, dx;
                ck_assert_int_eq(d, prev + 1);
                date_to_ymd(d, &yy, &mm, &dx);
                ck_assert(yy == y && mm == m && dx == dd);
                prev = d;
            }
}
END_TEST

START_TEST(weekday)
{
    ck_assert_int_eq(date_weekday(D("1970-01-01")), 4);
    ck_assert_int_eq(date_weekday(D("2026-02-14")), 6); /* make-up Saturday */
    ck_assert_int_eq(date_weekday(D("2026-01-04")), 7);
    ck_assert_int_eq(date_weekday(D("2025-10-06")), 1);
    ck_assert_int_eq(date_weekday(D("1969-12-28")), 7);
}
END_TEST

START_TEST(add_days)
{
    expect(date_add_days(D("2026-02-28"), 1), "2026-03-01");
    expect(date_add_days(D("2028-02-28"), 1), "2028-02-29");
    expect(date_add_days(D("2025-12-31"), 1), "2026-01-01");
    expect(date_add_days(D("2026-03-01"), -1), "2026-02-28");
    expect(date_add_days(D("2026-01-01"), 365), "2027-01-01");
}
END_TEST

START_TEST(add_months_clamp)
{
    struct {
        const char *from;
        int n;
        const char *want;
    } t[] = {
        {"2026-01-31", 1, "2026-02-28"},  {"2028-01-31", 1, "2028-02-29"},
        {"2026-01-31", 2, "2026-03-31"},  {"2026-03-31", 1, "2026-04-30"},
        {"2026-08-31", 6, "2027-02-28"},  {"2026-11-15", 3, "2027-02-15"},
        {"2026-03-31", -1, "2026-02-28"}, {"2026-01-15", -1, "2025-12-15"},
        {"2026-05-31", -3, "2026-02-28"}, {"2026-01-31", 0, "2026-01-31"},
        {"2025-12-31", 2, "2026-02-28"},  {"2026-01-30", 1, "2026-02-28"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        expect(date_add_months(D(t[i].from), t[i].n), t[i].want);
}
END_TEST

START_TEST(add_years_feb29)
{
    expect(date_add_years(D("2028-02-29"), 1), "2029-02-28");
    expect(date_add_years(D("2028-02-29"), 4), "2032-02-29");
    expect(date_add_years(D("2028-02-29"), -1), "2027-02-28");
    expect(date_add_years(D("2026-03-01"), 3), "2029-03-01");
    expect(date_add_years(D("2024-02-29"), 100), "2124-02-29");
    expect(date_add_years(D("2000-02-29"), 100), "2100-02-28");
}
END_TEST

START_TEST(leap_rules)
{
    ck_assert(date_is_leap(2000));
    ck_assert(!date_is_leap(1900));
    ck_assert(date_is_leap(2028));
    ck_assert(!date_is_leap(2026));
    ck_assert_int_eq(date_days_in_month(2026, 2), 28);
    ck_assert_int_eq(date_days_in_month(2028, 2), 29);
    ck_assert_int_eq(date_days_in_month(2026, 13), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, parse_valid_and_epoch);
    tcase_add_test(tc, parse_rejects);
    tcase_add_test(tc, roundtrip_all_days);
    tcase_add_test(tc, weekday);
    tcase_add_test(tc, add_days);
    tcase_add_test(tc, add_months_clamp);
    tcase_add_test(tc, add_years_feb29);
    tcase_add_test(tc, leap_rules);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
