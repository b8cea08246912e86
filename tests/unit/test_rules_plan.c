/* test_rules_plan.c: the plan tests of src/rules/plan.c at their edges: the schedule split
 * per creditor to the fen, SZ-REO-TERM (the longest term and one day more, the longest
 * interval and one day more, the execution period's end), SZ-REO-SECURED, SZ-REO-FAIR (below
 * the estimate, unequal in a class, the statutory order, a waiver), PRC-REO-PERIOD only
 * under prc-draft-2000, SZ-REO-EXTEND, SZ-REO-HARDSHIP at exactly 3/4 and one fen past, and
 * SZ-REO-DEFAULT's reverted claims and catch-up order. */
#include "rules_plan.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define PRC "prc-draft-2000"

static const rules_catalogue *cat(void)
{
    ck_assert_ptr_nonnull(rules_builtin());
    return rules_builtin();
}

static date_t D(const char *s)
{
    date_t d = 0;
    ck_assert_msg(date_parse(s, &d), "parse %s", s);
    return d;
}

static bool met(json_t *o)
{
    ck_assert_ptr_nonnull(o);
    bool m = json_is_true(json_object_get(o, "met"));
    json_decref(o);
    return m;
}

START_TEST(derive_splits_to_the_fen)
{
    struct rules_plan_creditor c[3] = {
        {.id = "a", .klass = "ordinary", .claim = 100},
        {.id = "b", .klass = "ordinary", .claim = 100},
        {.id = "s", .klass = "secured", .claim = 500},
    };
    struct rules_plan_payment p[2] = {
        {D("2027-01-01"), "ordinary", 101},
        {D("2027-01-01"), "secured", 500},
    };
    struct rules_plan_share sh[6];
    size_t n = 0;
    ck_assert_int_eq(rules_plan_derive(p, 2, c, 3, sh, &n), RULES_OK);
    ck_assert_int_eq(n, 3);
    /* 101 fen between equal claims: 51 to the first given, 50 to the second */
    ck_assert_int_eq(c[0].planned, 51);
    ck_assert_int_eq(c[1].planned, 50);
    ck_assert_int_eq(c[2].planned, 500);
    /* a class paid that no creditor holds a claim in */
    struct rules_plan_payment q = {D("2027-01-01"), "taxes", 1};
    ck_assert_int_eq(rules_plan_derive(&q, 1, c, 3, sh, &n), RULES_E_INVALID);
}
END_TEST

START_TEST(term_at_its_edges)
{
    date_t start = D("2027-01-01");
    /* every three months exactly, the last on the third anniversary */
    date_t d[12];
    for (int i = 0; i < 12; i++)
        d[i] = date_add_months(start, 3 * (i + 1));
    ck_assert_int_eq(d[11], D("2030-01-01"));
    ck_assert(met(rules_plan_term(cat(), NULL, start, D("2030-01-01"), d, 12)));
    /* the last payment one day past the longest term */
    d[11] = D("2030-01-02");
    json_t *o = rules_plan_term(cat(), NULL, start, D("2030-01-02"), d, 12);
    ck_assert_str_eq(json_string_value(json_object_get(o, "rule")), "SZ-REO-TERM");
    ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "interval_exceeded");
    ck_assert(!met(o));
    /* payments three months apart from the day after the start: the last one on the day
     * after the third anniversary is one day past the longest term */
    date_t e[13];
    for (int i = 0; i < 13; i++)
        e[i] = date_add_months(D("2027-01-02"), 3 * i);
    ck_assert_int_eq(e[12], D("2030-01-02"));
    json_t *t = rules_plan_term(cat(), NULL, start, D("2030-01-02"), e, 13);
    ck_assert_str_eq(json_string_value(json_object_get(t, "reason")), "term_exceeded");
    ck_assert(!met(t));
    e[12] = D("2030-01-01");
    ck_assert(met(rules_plan_term(cat(), NULL, start, D("2030-01-01"), e, 13)));
    /* the period's end one day past it, payments within */
    d[11] = D("2030-01-01");
    o = rules_plan_term(cat(), NULL, start, D("2030-01-02"), d, 12);
    ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "term_exceeded");
    ck_assert(!met(o));
    /* two payments as far apart as allowed, and one day more */
    date_t two[2] = {D("2027-03-31"), D("2027-06-30")};
    ck_assert(met(rules_plan_term(cat(), NULL, start, D("2027-06-30"), two, 2)));
    two[1] = D("2027-07-01");
    ck_assert(!met(rules_plan_term(cat(), NULL, start, D("2027-07-01"), two, 2)));
    /* no payment at all */
    ck_assert(!met(rules_plan_term(cat(), NULL, start, start, d, 0)));
}
END_TEST

START_TEST(secured_paid_in_full_with_compensation)
{
    struct rules_plan_creditor c[2] = {
        {.id = "s", .klass = "secured", .claim = 500, .planned = 500},
        {.id = "o", .klass = "ordinary", .claim = 100, .planned = 10},
    };
    ck_assert(met(rules_plan_secured(cat(), NULL, c, 2, "interest at 3 %")));
    ck_assert(!met(rules_plan_secured(cat(), NULL, c, 2, NULL)));
    c[0].planned = 499;
    ck_assert(!met(rules_plan_secured(cat(), NULL, c, 2, "interest at 3 %")));
    c[0].waiver = true;
    ck_assert(met(rules_plan_secured(cat(), NULL, c, 2, "interest at 3 %")));
}
END_TEST

START_TEST(fair_estimate_equality_order_waiver)
{
    struct rules_plan_creditor c[3] = {
        {.id = "e",
         .klass = "employees",
         .claim = 100,
         .planned = 100,
         .has_estimate = true,
         .estimate = 100},
        {.id = "a",
         .klass = "ordinary",
         .claim = 1000,
         .planned = 300,
         .has_estimate = true,
         .estimate = 300},
        {.id = "b",
         .klass = "ordinary",
         .claim = 2000,
         .planned = 600,
         .has_estimate = true,
         .estimate = 500},
    };
    ck_assert(met(rules_plan_fair(cat(), NULL, c, 3)));
    /* one fen below its estimate */
    c[1].estimate = 301;
    json_t *o = rules_plan_fair(cat(), NULL, c, 3);
    ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "below_liquidation");
    const json_t *row = json_array_get(json_object_get(o, "creditors"), 1);
    ck_assert(json_is_true(json_object_get(row, "below_estimate")));
    ck_assert(!met(o));
    c[1].waiver = true; /* the creditor waived: recorded, and excused */
    ck_assert(met(rules_plan_fair(cat(), NULL, c, 3)));
    c[1].waiver = false;
    c[1].estimate = 300;
    /* unequal in the class beyond the fen */
    c[2].planned = 602;
    o = rules_plan_fair(cat(), NULL, c, 3);
    ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "unequal_in_class");
    ck_assert(!met(o));
    c[2].planned = 600;
    /* the employees (ranked before ordinary) recover less than the ordinary creditors */
    c[0].planned = 20;
    c[0].estimate = 20;
    o = rules_plan_fair(cat(), NULL, c, 3);
    ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "order_not_respected");
    ck_assert(!met(o));
    /* no estimate given */
    c[0].planned = 100;
    c[0].has_estimate = false;
    ck_assert(!met(rules_plan_fair(cat(), NULL, c, 3)));
}
END_TEST

START_TEST(prc_period_only_in_its_profile)
{
    ck_assert_ptr_null(rules_plan_period(cat(), NULL, D("2026-01-15"), D("2027-01-15")));
    ck_assert(met(rules_plan_period(cat(), PRC, D("2026-01-15"), D("2027-01-15"))));
    json_t *o = rules_plan_period(cat(), PRC, D("2026-01-15"), D("2027-01-16"));
    ck_assert_str_eq(json_string_value(json_object_get(o, "rule")), "PRC-REO-PERIOD");
    ck_assert(!met(o));
}
END_TEST

START_TEST(extension_and_hardship)
{
    date_t end = D("2029-06-30");
    ck_assert(met(rules_plan_extension(cat(), NULL, end, end, D("2031-06-30"))));
    ck_assert(!met(rules_plan_extension(cat(), NULL, end, end, D("2031-07-01"))));
    ck_assert(!met(rules_plan_extension(cat(), NULL, end, D("2030-06-30"), D("2030-06-30"))));
    /* 3/4 exactly is not more than 3/4; one fen past is */
    ck_assert(!met(rules_plan_hardship(cat(), NULL, 75000, 100000)));
    ck_assert(met(rules_plan_hardship(cat(), NULL, 75001, 100000)));
    ck_assert(!met(rules_plan_hardship(cat(), NULL, 0, 0)));
}
END_TEST

START_TEST(default_effects_and_catch_up)
{
    struct rules_plan_creditor c[3] = {
        {.id = "a", .klass = "ordinary", .claim = 10000, .planned = 4000},
        {.id = "b", .klass = "ordinary", .claim = 20000, .planned = 8000},
        {.id = "c", .klass = "ordinary", .claim = 5000, .planned = 2000},
    };
    int64_t paid[3] = {3000, 2000, 0};
    json_t *o = rules_plan_default_effects(cat(), NULL, c, paid, 3);
    ck_assert_str_eq(json_string_value(json_object_get(o, "rule")), "SZ-REO-DEFAULT");
    const json_t *order = json_object_get(o, "catch_up_order");
    ck_assert_str_eq(json_string_value(json_array_get(order, 0)), "c");
    ck_assert_str_eq(json_string_value(json_array_get(order, 1)), "b");
    ck_assert_str_eq(json_string_value(json_array_get(order, 2)), "a");
    const json_t *rows = json_object_get(o, "creditors");
    /* c: nothing paid, the full claim back, 30 % of 5,000 to catch up with a */
    const json_t *first = json_array_get(rows, 0);
    ck_assert_int_eq(json_integer_value(json_object_get(first, "reverted_claim_fen")), 5000);
    ck_assert_int_eq(json_integer_value(json_object_get(first, "catch_up_fen")), 1500);
    /* b: 2,000 of 20,000 paid: 18,000 back, 4,000 to reach 30 % */
    const json_t *second = json_array_get(rows, 1);
    ck_assert_int_eq(json_integer_value(json_object_get(second, "reverted_claim_fen")), 18000);
    ck_assert_int_eq(json_integer_value(json_object_get(second, "catch_up_fen")), 4000);
    ck_assert_int_eq(json_integer_value(json_object_get(second, "unpaid_plan_fen")), 6000);
    /* a, paid the highest ratio, waits */
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(rows, 2), "catch_up_fen")),
                     0);
    json_decref(o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_plan");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, derive_splits_to_the_fen);
    tcase_add_test(tc, term_at_its_edges);
    tcase_add_test(tc, secured_paid_in_full_with_compensation);
    tcase_add_test(tc, fair_estimate_equality_order_waiver);
    tcase_add_test(tc, prc_period_only_in_its_profile);
    tcase_add_test(tc, extension_and_hardship);
    tcase_add_test(tc, default_effects_and_catch_up);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
