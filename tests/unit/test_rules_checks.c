/* test_rules_checks.c: SZ-APP-CREDITOR-MIN, SZ-MTG-CALL, SZ-MTG-COMMITTEE (and PRC
 * supervisors), SZ-REO-HARDSHIP, SZ-PROP-EXEMPT-CAP, claim-period bounds per profile,
 * SZ-REO-TERM, SZ-REO-SECURED, SZ-REO-FAIR, SZ-REO-EXTEND, SZ-APP-WITHDRAW, PRC-SUM-WHEN,
 * SZ-DIS-INSPECTION and PRC-DIS-TIERS at their edges. */
#include "rules_checks.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SZ "shenzhen-2021"
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

static const char *F(date_t d)
{
    static char b[4][11];
    static int k;
    k = (k + 1) % 4;
    date_format(d, b[k]);
    return b[k];
}

START_TEST(creditor_min)
{
    static const struct {
        int64_t fen;
        bool ok;
    } t[] = {
        {50000000, false}, {50000001, true}, {49999999, false}, {0, false}, {INT64_MAX, true},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_check c;
        ck_assert_int_eq(rules_check_creditor_min(cat(), SZ, t[i].fen, &c), RULES_OK);
        ck_assert_msg(c.ok == t[i].ok, "row %zu", i);
        ck_assert_str_eq(c.rule_id, "SZ-APP-CREDITOR-MIN");
        ck_assert_str_eq(c.apply, "refuse");
        ck_assert_int_eq(c.limit, 50000000);
        if (!c.ok)
            ck_assert_str_eq(c.reason, "not_more_than");
    }
}
END_TEST

START_TEST(fractions)
{
    static const struct {
        int which;
        int64_t part, whole;
        bool ok;
    } t[] = {
        {0, 25, 100, false}, {0, 26, 100, true}, {0, 1, 4, false}, {0, 250000001, 1000000000, true},
        {1, 75, 100, false}, {1, 76, 100, true}, {1, 3, 4, false}, {1, 300000001, 400000000, true},
        {1, 0, 0, false},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_check c;
        rules_err e = t[i].which == 0
                          ? rules_check_meeting_call(cat(), SZ, t[i].part, t[i].whole, &c)
                          : rules_check_hardship(cat(), SZ, t[i].part, t[i].whole, &c);
        ck_assert_int_eq(e, RULES_OK);
        ck_assert_msg(c.ok == t[i].ok, "row %zu", i);
        ck_assert_str_eq(c.rule_id, t[i].which == 0 ? "SZ-MTG-CALL" : "SZ-REO-HARDSHIP");
    }
    struct rules_check c;
    ck_assert_int_eq(rules_check_meeting_call(cat(), SZ, 5, 4, &c), RULES_E_INVALID);
    ck_assert_int_eq(rules_check_meeting_call(cat(), SZ, -1, 4, &c), RULES_E_INVALID);
}
END_TEST

START_TEST(committee)
{
    static const struct {
        const char *p;
        int64_t n;
        bool ok;
        const char *reason;
        const char *id;
    } t[] = {
        {SZ, 0, false, "below_minimum", "SZ-MTG-COMMITTEE"},
        {SZ, 1, true, NULL, "SZ-MTG-COMMITTEE"},
        {SZ, 2, false, "not_odd", "SZ-MTG-COMMITTEE"},
        {SZ, 7, true, NULL, "SZ-MTG-COMMITTEE"},
        {SZ, 9, true, NULL, "SZ-MTG-COMMITTEE"},
        {SZ, 10, false, "above_maximum", "SZ-MTG-COMMITTEE"},
        {SZ, 11, false, "above_maximum", "SZ-MTG-COMMITTEE"},
        {PRC, 2, true, NULL, "PRC-MTG-SUPERVISORS"},
        {PRC, 3, true, NULL, "PRC-MTG-SUPERVISORS"},
        {PRC, 4, false, "above_maximum", "PRC-MTG-SUPERVISORS"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_check c;
        ck_assert_int_eq(rules_check_committee(cat(), t[i].p, t[i].n, &c), RULES_OK);
        ck_assert_msg(c.ok == t[i].ok, "row %zu", i);
        ck_assert_str_eq(c.rule_id, t[i].id);
        if (t[i].reason)
            ck_assert_str_eq(c.reason, t[i].reason);
    }
}
END_TEST

START_TEST(claim_period_bounds)
{
    static const struct {
        const char *p;
        int64_t days;
        bool ok;
        const char *id;
    } t[] = {
        {SZ, 29, false, "SZ-CLM-PERIOD"},   {SZ, 30, true, "SZ-CLM-PERIOD"},
        {SZ, 60, true, "SZ-CLM-PERIOD"},    {SZ, 61, false, "SZ-CLM-PERIOD"},
        {PRC, 29, false, "PRC-CLM-PERIOD"}, {PRC, 90, true, "PRC-CLM-PERIOD"},
        {PRC, 91, false, "PRC-CLM-PERIOD"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_check c;
        ck_assert_int_eq(rules_check_claim_period(cat(), t[i].p, t[i].days, &c), RULES_OK);
        ck_assert_msg(c.ok == t[i].ok, "row %zu", i);
        ck_assert_str_eq(c.rule_id, t[i].id);
    }
    struct rule sub;
    struct rules_check c;
    ck_assert(rules_subrule(rules_find(cat(), PRC, "PRC-SUM-PERIODS"), "claim_period", &sub));
    static const struct {
        int64_t days;
        bool ok;
    } s[] = {{6, false}, {7, true}, {30, true}, {31, false}};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(rules_check_period_days(&sub, s[i].days, &c), RULES_OK);
        ck_assert_msg(c.ok == s[i].ok, "summary row %zu", i);
        ck_assert_str_eq(c.rule_id, "PRC-SUM-PERIODS");
    }
    rules_check_period_days(rules_find(cat(), SZ, "SZ-SET-CLAIM-PERIOD"), 1000, &c);
    ck_assert(c.ok);
    ck_assert_int_eq(rules_check_period_days(rules_find(cat(), SZ, "SZ-APP-APPEAL"), 10, &c),
                     RULES_E_PARAM);
}
END_TEST

START_TEST(exempt_cap)
{
    struct rules_check c;
    struct rules_exempt_item at[] = {{"necessities", 15000000},
                                     {"career_items", 5000000},
                                     {"medals_honours", 99900000},
                                     {"injury_social_insurance_minimum_living", 50000000}};
    ck_assert_int_eq(rules_check_exempt_cap(cat(), SZ, at, 4, &c), RULES_OK);
    ck_assert(c.ok); /* exactly RMB 200,000.00 counted */
    ck_assert_int_eq(c.value, 20000000);
    ck_assert_str_eq(c.rule_id, "SZ-PROP-EXEMPT-CAP");
    at[1].value_fen = 5000001;
    rules_check_exempt_cap(cat(), SZ, at, 4, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "above_limit");
    struct rules_exempt_item unk[] = {{"yacht", 1}};
    ck_assert_int_eq(rules_check_exempt_cap(cat(), SZ, unk, 1, &c), RULES_E_INVALID);
    ck_assert_int_eq(c.index, 0);
    ck_assert_int_eq(rules_check_exempt_cap(cat(), SZ, NULL, 0, &c), RULES_OK);
    ck_assert(c.ok);
}
END_TEST

START_TEST(reo_term)
{
    struct rules_check c;
    date_t start = D("2026-01-31");
    /* monthly-ish payments; 3 months from 31 Jan clamps to 30 Apr */
    date_t ok[] = {D("2026-04-30"), D("2026-07-30"), D("2026-10-30"), D("2027-01-30"),
                   D("2029-01-31")};
    ck_assert_int_eq(rules_check_reo_term(cat(), SZ, start, ok, 4, &c), RULES_OK);
    ck_assert(c.ok);
    ck_assert_str_eq(c.rule_id, "SZ-REO-TERM");
    date_t late[] = {D("2026-05-01")};
    rules_check_reo_term(cat(), SZ, start, late, 1, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "interval_exceeded");
    ck_assert_str_eq(F((date_t)c.limit), "2026-04-30");
    /* term: exactly 3 years is allowed, one day more is not */
    date_t term[] = {D("2026-04-01"), D("2026-07-01"), D("2026-10-01"), D("2027-01-01"),
                     D("2027-04-01"), D("2027-07-01"), D("2027-10-01"), D("2028-01-01"),
                     D("2028-04-01"), D("2028-07-01"), D("2028-10-01"), D("2029-01-01"),
                     D("2029-01-31")};
    ck_assert_int_eq(rules_check_reo_term(cat(), SZ, start, term, 13, &c), RULES_OK);
    ck_assert(c.ok);
    term[12] = D("2029-02-01");
    rules_check_reo_term(cat(), SZ, start, term, 13, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "term_exceeded");
    /* Feb 29 start: 3 years later is 28 Feb */
    date_t leap[] = {D("2028-05-29"), D("2028-08-29"), D("2028-11-29"), D("2029-02-28"),
                     D("2029-05-28"), D("2029-08-28"), D("2029-11-28"), D("2030-02-28"),
                     D("2030-05-28"), D("2030-08-28"), D("2030-11-28"), D("2031-02-28")};
    ck_assert_int_eq(rules_check_reo_term(cat(), SZ, D("2028-02-29"), leap, 12, &c), RULES_OK);
    ck_assert(c.ok);
    date_t unsorted[] = {D("2026-03-01"), D("2026-02-01")};
    ck_assert_int_eq(rules_check_reo_term(cat(), SZ, start, unsorted, 2, &c), RULES_E_INVALID);
    ck_assert_int_eq(c.index, 1);
    rules_check_reo_term(cat(), SZ, start, NULL, 0, &c);
    ck_assert(!c.ok);
}
END_TEST

START_TEST(reo_secured_and_fair)
{
    struct rules_check c;
    struct rules_plan_claim pc[] = {
        {"bank", "secured", 100000, 100000, 90000, true, false},
        {"o1", "ordinary", 30000, 10000, 6000, false, false},
        {"o2", "ordinary", 60000, 20000, 12000, false, false},
        {"o3", "ordinary", 10001, 3334, 2000, false, false}, /* 1/3 rounded to the fen */
    };
    ck_assert_int_eq(rules_check_reo_secured(cat(), SZ, pc, 4, &c), RULES_OK);
    ck_assert(c.ok);
    ck_assert_int_eq(rules_check_reo_fair(cat(), SZ, pc, 4, &c), RULES_OK);
    ck_assert(c.ok);
    ck_assert_str_eq(c.rule_id, "SZ-REO-FAIR");
    pc[0].plan_fen = 99999;
    rules_check_reo_secured(cat(), SZ, pc, 4, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "not_paid_in_full");
    ck_assert_str_eq(c.rule_id, "SZ-REO-SECURED");
    ck_assert_int_eq(c.index, 0);
    pc[0].waived = true;
    rules_check_reo_secured(cat(), SZ, pc, 4, &c);
    ck_assert(c.ok);
    /* best interests: one fen below the liquidation estimate */
    pc[1].liquidation_fen = 10001;
    rules_check_reo_fair(cat(), SZ, pc, 4, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "below_liquidation");
    ck_assert_int_eq(c.index, 1);
    pc[1].liquidation_fen = 6000;
    /* unequal treatment in a class */
    pc[2].plan_fen = 20010;
    rules_check_reo_fair(cat(), SZ, pc, 4, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "unequal_in_class");
    pc[2].waived = true;
    rules_check_reo_fair(cat(), SZ, pc, 4, &c);
    ck_assert(c.ok);
}
END_TEST

START_TEST(extension_reapply_summary)
{
    struct rules_check c;
    rules_check_reo_extension(cat(), SZ, D("2028-02-29"), D("2030-02-28"), &c);
    ck_assert(c.ok);
    rules_check_reo_extension(cat(), SZ, D("2028-02-29"), D("2030-03-01"), &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.rule_id, "SZ-REO-EXTEND");
    rules_check_reapply(cat(), SZ, D("2026-03-15"), D("2027-03-14"), false, &c);
    ck_assert(!c.ok);
    ck_assert_str_eq(c.reason, "reapply_barred");
    ck_assert_str_eq(c.rule_id, "SZ-APP-WITHDRAW");
    rules_check_reapply(cat(), SZ, D("2026-03-15"), D("2027-03-15"), false, &c);
    ck_assert(c.ok);
    rules_check_reapply(cat(), SZ, D("2026-03-15"), D("2026-04-01"), true, &c);
    ck_assert(c.ok);
    rules_check_summary(cat(), PRC, 49999999, &c);
    ck_assert(c.ok);
    ck_assert_str_eq(c.rule_id, "PRC-SUM-WHEN");
    rules_check_summary(cat(), PRC, 50000000, &c);
    ck_assert(!c.ok);
    ck_assert_int_eq(rules_check_summary(cat(), SZ, 1, &c), RULES_E_PARAM);
}
END_TEST

START_TEST(inspection)
{
    struct rules_discharge d;
    ck_assert_int_eq(rules_discharge_inspection(cat(), SZ, D("2026-03-02"), 0, &d), RULES_OK);
    ck_assert_str_eq(F(d.end), "2029-03-02");
    ck_assert_str_eq(d.rule_id, "SZ-DIS-INSPECTION");
    ck_assert_int_eq(rules_discharge_inspection(cat(), SZ, D("2028-02-29"), 0, &d), RULES_OK);
    ck_assert_str_eq(F(d.end), "2031-02-28");
    ck_assert_int_eq(rules_discharge_inspection(cat(), SZ, D("2026-03-02"), 24, &d), RULES_OK);
    ck_assert_str_eq(F(d.end), "2031-03-02");
    ck_assert_int_eq(rules_discharge_inspection(cat(), SZ, D("2026-01-31"), 1, &d), RULES_OK);
    ck_assert_str_eq(F(d.end), "2029-02-28");
    ck_assert_int_eq(rules_discharge_inspection(cat(), SZ, D("2026-03-02"), 25, &d),
                     RULES_E_INVALID);
    ck_assert_str_eq(d.rule_id, "SZ-DIS-INSPECTION");
    ck_assert_int_eq(rules_discharge_inspection(cat(), SZ, D("2026-03-02"), -1, &d),
                     RULES_E_INVALID);
}
END_TEST

START_TEST(prc_tiers)
{
    static const struct {
        int64_t paid, total;
        int years;
    } t[] = {
        {40000001, 100000000, 3},
        {40, 100, 4}, /* exactly 40 %: not "over 40 %" */
        {100, 100, 3},
        {31, 100, 4},
        {30, 100, 5},
        {21, 100, 5},
        {20, 100, 7},
        {11, 100, 7},
        {10, 100, 10},
        {0, 100, 10},
        {1, 3, 4}, /* 33.3 % */
        {INT64_MAX, INT64_MAX, 3},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_discharge d;
        ck_assert_int_eq(
            rules_discharge_tiers(cat(), PRC, t[i].paid, t[i].total, false, D("2026-03-02"), &d),
            RULES_OK);
        ck_assert_msg(d.years == t[i].years, "row %zu: %d", i, d.years);
        ck_assert(d.possible);
        ck_assert_str_eq(d.rule_id, "PRC-DIS-TIERS");
        ck_assert_int_eq(d.end, date_add_years(D("2026-03-02"), t[i].years));
    }
    struct rules_discharge d;
    ck_assert_int_eq(rules_discharge_tiers(cat(), PRC, 90, 100, true, D("2026-03-02"), &d),
                     RULES_OK);
    ck_assert(!d.possible);
    json_t *j = rules_discharge_json(&d);
    ck_assert(json_is_null(json_object_get(j, "end")));
    json_decref(j);
    ck_assert_int_eq(rules_discharge_tiers(cat(), PRC, 1, 0, false, D("2026-03-02"), &d),
                     RULES_E_INVALID);
    ck_assert_int_eq(rules_discharge_tiers(cat(), PRC, 101, 100, false, D("2026-03-02"), &d),
                     RULES_E_INVALID);
    ck_assert_int_eq(rules_discharge_tiers(cat(), SZ, 1, 100, false, D("2026-03-02"), &d),
                     RULES_E_PARAM);
}
END_TEST

START_TEST(json_output)
{
    struct rules_check c;
    rules_check_creditor_min(cat(), SZ, 50000000, &c);
    json_t *j = rules_check_json(&c);
    ck_assert_str_eq(json_string_value(json_object_get(j, "rule_id")), "SZ-APP-CREDITOR-MIN");
    ck_assert(json_is_false(json_object_get(j, "ok")));
    ck_assert_str_eq(json_string_value(json_object_get(j, "reason")), "not_more_than");
    json_decref(j);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_checks");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, creditor_min);
    tcase_add_test(tc, fractions);
    tcase_add_test(tc, committee);
    tcase_add_test(tc, claim_period_bounds);
    tcase_add_test(tc, exempt_cap);
    tcase_add_test(tc, reo_term);
    tcase_add_test(tc, reo_secured_and_fair);
    tcase_add_test(tc, extension_reapply_summary);
    tcase_add_test(tc, inspection);
    tcase_add_test(tc, prc_tiers);
    tcase_add_test(tc, json_output);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
