/* test_rules_liquidation.c: the exempt-property cap with its excluded categories (at the cap
 * passes, a fen over does not), the look-back windows (their edges, the single-spending
 * threshold, the preference window for payments to creditors, PRC-LOOKBACK's six months
 * before acceptance), collateral's split, the share a late claim missed, the inspection's
 * two years of extension and PRC-DIS-TIERS' strict tiers (exactly 40 % takes 4 years). */
#include "rules_liquidation.h"

#include <check.h>
#include <stdlib.h>

#define PRC "prc-draft-2000"

static const struct rule *R(const char *profile, const char *id)
{
    ck_assert_ptr_nonnull(rules_builtin());
    const struct rule *r = rules_find(rules_builtin(), profile, id);
    ck_assert_msg(r, "missing %s", id);
    return r;
}

static date_t D(const char *s)
{
    date_t d;
    ck_assert(date_parse(s, &d));
    return d;
}

START_TEST(exempt_cap_counts_all_but_the_excluded_categories)
{
    const struct rule *cats = R(NULL, "SZ-PROP-EXEMPT-CATEGORIES"),
                      *cap = R(NULL, "SZ-PROP-EXEMPT-CAP");
    struct rules_exempt_check chk;
    struct rules_exempt_item at_cap[] = {{"necessities", 15000000},
                                         {"career_items", 5000000},
                                         {"medals_honours", 900000000},
                                         {"injury_social_insurance_minimum_living", 1}};
    ck_assert_int_eq(rules_liq_exempt_check(cats, cap, at_cap, 4, &chk), RULES_OK);
    ck_assert(chk.within);
    ck_assert_int_eq(chk.counted, 20000000);
    ck_assert_int_eq(chk.excluded, 900000001);
    ck_assert_int_eq(chk.cap, 20000000);
    at_cap[1].value = 5000001; /* one fen over */
    ck_assert_int_eq(rules_liq_exempt_check(cats, cap, at_cap, 4, &chk), RULES_OK);
    ck_assert(!chk.within);
    struct rules_exempt_item unknown[] = {{"necessities", 1}, {"yachts", 1}};
    ck_assert_int_eq(rules_liq_exempt_check(cats, cap, unknown, 2, &chk), RULES_E_INVALID);
    ck_assert_int_eq(chk.bad_index, 1);
    ck_assert_int_eq(rules_liq_exempt_check(cats, cap, NULL, 0, &chk), RULES_OK);
    ck_assert(chk.within);
}
END_TEST

START_TEST(lookback_windows_and_the_spending_threshold)
{
    date_t app = D("2026-06-15"), acc = D("2026-06-20");
    struct rules_lookback_hit hit;
    struct rules_change c = {.kind = "single_spending", .on = D("2023-06-15"), .amount = 5000001};
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &c, &hit), RULES_OK);
    ck_assert(hit.listed && hit.in_revoke && hit.over_threshold); /* the window's first day */
    ck_assert_str_eq(hit.revoke_rule, "SZ-PROP-REVOKE-3Y");
    c.on = D("2023-06-14");
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &c, &hit), RULES_OK);
    ck_assert(!hit.listed && !hit.in_revoke);
    c.on = D("2025-01-01");
    c.amount = 5000000; /* RMB 50,000 exactly is not over */
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &c, &hit), RULES_OK);
    ck_assert(hit.in_revoke && !hit.over_threshold && !hit.listed);
    /* a payment to a creditor in the six months before the application */
    struct rules_change p = {
        .kind = "other", .on = D("2025-12-15"), .amount = 1, .paid_to_creditor = true};
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &p, &hit), RULES_OK);
    ck_assert(hit.listed && hit.in_preference);
    ck_assert_str_eq(hit.preference_rule, "SZ-PROP-PREFERENCE-6M");
    p.on = D("2025-12-14");
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &p, &hit), RULES_OK);
    ck_assert(!hit.in_preference && hit.in_revoke);
    p.paid_to_creditor = false;
    p.on = D("2026-01-10");
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &p, &hit), RULES_OK);
    ck_assert(!hit.in_preference);
    /* after acceptance, or an unknown kind */
    p.on = D("2026-06-21");
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &p, &hit),
                     RULES_E_INVALID);
    p.on = D("2026-01-10");
    p.kind = "lottery";
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), NULL, app, acc, &p, &hit),
                     RULES_E_INVALID);
}
END_TEST

START_TEST(prc_lookback_is_six_months_before_acceptance)
{
    date_t app = D("2026-06-15"), acc = D("2026-06-30");
    struct rules_lookback_hit hit;
    struct rules_change c = {.kind = "gift_transfer_lease", .on = D("2025-12-30"), .amount = 1};
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), PRC, app, acc, &c, &hit), RULES_OK);
    ck_assert(hit.listed && hit.in_revoke);
    ck_assert_str_eq(hit.revoke_rule, "PRC-LOOKBACK");
    c.on = D("2025-12-29");
    ck_assert_int_eq(rules_liq_lookback(rules_builtin(), PRC, app, acc, &c, &hit), RULES_OK);
    ck_assert(!hit.listed);
}
END_TEST

START_TEST(collateral_pays_its_claim_first)
{
    struct rules_collateral s;
    ck_assert_int_eq(rules_liq_collateral(8000000, 6000000, &s), RULES_OK);
    ck_assert_int_eq(s.from_collateral, 6000000);
    ck_assert_int_eq(s.shortfall, 2000000);
    ck_assert_int_eq(s.surplus, 0);
    ck_assert_int_eq(rules_liq_collateral(100, 150, &s), RULES_OK);
    ck_assert_int_eq(s.shortfall, 0);
    ck_assert_int_eq(s.surplus, 50);
    ck_assert_int_eq(rules_liq_collateral(-1, 1, &s), RULES_E_INVALID);
}
END_TEST

START_TEST(a_late_claim_misses_its_share_of_earlier_rounds)
{
    /* 8,400,000 fen over 22,000,001 of claims: 1,000,000 would have had 381,818 */
    ck_assert_int_eq(rules_liq_missed_share(1000000, 22000001, 8400000), 381818);
    ck_assert_int_eq(rules_liq_missed_share(1000000, 0, 0), 0);
    ck_assert_int_eq(rules_liq_missed_share(INT64_MAX / 2, INT64_MAX / 2, INT64_MAX / 4),
                     INT64_MAX / 4); /* 128-bit products */
}
END_TEST

START_TEST(inspection_extends_two_years_in_all)
{
    const struct rule *insp = R(NULL, "SZ-DIS-INSPECTION");
    int64_t max = 0;
    ck_assert(rules_liq_extension_fits(insp, 0, 24, &max));
    ck_assert_int_eq(max, 24);
    ck_assert(rules_liq_extension_fits(insp, 6, 18, &max));
    ck_assert(!rules_liq_extension_fits(insp, 6, 19, &max));
    ck_assert(!rules_liq_extension_fits(insp, 0, 0, &max));
}
END_TEST

START_TEST(prc_tiers_are_strict)
{
    const struct rule *tiers = R(PRC, "PRC-DIS-TIERS");
    int64_t years, pct;
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 40000001, 100000000, &years, &pct), RULES_OK);
    ck_assert_int_eq(years, 3);
    ck_assert_int_eq(pct, 40);
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 40, 100, &years, &pct), RULES_OK);
    ck_assert_int_eq(years, 4); /* exactly 40 %: the longer period */
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 21, 100, &years, &pct), RULES_OK);
    ck_assert_int_eq(years, 5);
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 10, 100, &years, &pct), RULES_OK);
    ck_assert_int_eq(years, 10);
    ck_assert_int_eq(pct, -1);
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 11, 100, &years, &pct), RULES_OK);
    ck_assert_int_eq(years, 7);
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 0, 0, &years, &pct), RULES_OK);
    ck_assert_int_eq(years, 3); /* nothing owed: all paid */
    ck_assert_int_eq(rules_liq_discharge_years(tiers, 2, 1, &years, &pct), RULES_E_INVALID);
    ck_assert_ptr_null(rules_find(rules_builtin(), NULL, "PRC-DIS-TIERS"));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_liquidation");
    TCase *tc = tcase_create("liquidation");
    tcase_add_test(tc, exempt_cap_counts_all_but_the_excluded_categories);
    tcase_add_test(tc, lookback_windows_and_the_spending_threshold);
    tcase_add_test(tc, prc_lookback_is_six_months_before_acceptance);
    tcase_add_test(tc, collateral_pays_its_claim_first);
    tcase_add_test(tc, a_late_claim_misses_its_share_of_earlier_rounds);
    tcase_add_test(tc, inspection_extends_two_years_in_all);
    tcase_add_test(tc, prc_tiers_are_strict);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
