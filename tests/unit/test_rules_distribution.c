/* test_rules_distribution.c: the waterfall of SZ-LIQ-EXPENSES, SZ-LIQ-ORDER, SZ-LIQ-SECURED,
 * SZ-LIQ-RESERVE-CONDITIONAL, SZ-LIQ-LITIGATION and PRC-LIQ-ORDER on fixed cases. */
#include "rules_distribution.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SZ "shenzhen-2021"
#define PRC "prc-draft-2000"
#define C(id, k, a)                                                                                \
    {                                                                                              \
        id, k, a, 0, RULES_CLAIM_CONFIRMED                                                         \
    }

static const rules_catalogue *cat(void)
{
    ck_assert_ptr_nonnull(rules_builtin());
    return rules_builtin();
}

START_TEST(order_and_short_class)
{
    struct rules_claim c[] = {C("x", "expenses", 20000),   C("cd", "common_debts", 10000),
                              C("o", "ordinary", 100000),  C("s", "support", 30000),
                              C("e1", "employees", 30000), C("e2", "employees", 20000)};
    struct rules_share s[6];
    struct rules_distribution d;
    ck_assert_int_eq(rules_distribute(cat(), SZ, 100000, c, 6, s, &d), RULES_OK);
    ck_assert_str_eq(d.rule_id, "SZ-LIQ-ORDER");
    ck_assert_int_eq(d.ntiers, 5);
    ck_assert_str_eq(d.tiers[0].name, "expenses");
    ck_assert_str_eq(d.tiers[0].rule_id, "SZ-LIQ-EXPENSES");
    ck_assert_str_eq(d.tiers[4].name, "ordinary");
    ck_assert_int_eq(s[0].paid, 20000);
    ck_assert_int_eq(s[1].paid, 10000);
    ck_assert_int_eq(s[3].paid, 30000);
    /* employees: 40000 for 50000 of claims, 4/5 each */
    ck_assert_int_eq(s[4].paid, 24000);
    ck_assert_int_eq(s[5].paid, 16000);
    ck_assert_int_eq(s[2].paid, 0);
    ck_assert(d.tiers[2].full && !d.tiers[3].full && !d.tiers[4].full);
    ck_assert_int_eq(d.distributed, 100000);
    ck_assert_int_eq(d.leftover, 0);
    ck_assert_str_eq(s[4].rule_id, "SZ-LIQ-ORDER");
    ck_assert_str_eq(s[0].rule_id, "SZ-LIQ-EXPENSES");
}
END_TEST

START_TEST(expenses_short_ties_to_input_order)
{
    struct rules_claim c[] = {C("a", "expenses", 15000), C("b", "expenses", 5000),
                              C("cd", "common_debts", 10000)};
    struct rules_share s[3];
    struct rules_distribution d;
    ck_assert_int_eq(rules_distribute(cat(), SZ, 15001, c, 3, s, &d), RULES_OK);
    /* exact 11250.75 and 3750.25: floors 11250 + 3750, one fen left to the larger remainder */
    ck_assert_int_eq(s[0].paid, 11251);
    ck_assert_int_eq(s[1].paid, 3750);
    ck_assert_int_eq(s[2].paid, 0);
    /* equal remainders: the claim given first gets the fen */
    struct rules_claim e[] = {C("p", "ordinary", 100), C("q", "ordinary", 100),
                              C("r", "ordinary", 100)};
    struct rules_share t[3];
    rules_distribute(cat(), SZ, 100, e, 3, t, &d);
    ck_assert(t[0].paid == 34 && t[1].paid == 33 && t[2].paid == 33);
    rules_distribute(cat(), SZ, 1, e, 3, t, &d);
    ck_assert(t[0].paid == 1 && t[1].paid == 0 && t[2].paid == 0);
    rules_distribute(cat(), SZ, 2, e, 3, t, &d);
    ck_assert(t[0].paid == 1 && t[1].paid == 1 && t[2].paid == 0);
}
END_TEST

START_TEST(secured_collateral)
{
    struct rules_claim c[] = {
        {"bank", "secured", 100000, 60000,
         RULES_CLAIM_CONFIRMED}, /* shortfall 40000 joins ordinary */
        {"car", "secured", 50000, 80000,
         RULES_CLAIM_CONFIRMED}, /* surplus 30000 joins the estate */
        C("o", "ordinary", 60000),
    };
    struct rules_share s[3];
    struct rules_distribution d;
    ck_assert_int_eq(rules_distribute(cat(), SZ, 20000, c, 3, s, &d), RULES_OK);
    ck_assert_int_eq(s[0].from_collateral, 60000);
    ck_assert_int_eq(s[0].shortfall, 40000);
    ck_assert_int_eq(s[1].from_collateral, 50000);
    ck_assert_int_eq(s[1].shortfall, 0);
    ck_assert_int_eq(d.collateral_surplus, 30000);
    ck_assert_int_eq(d.available, 50000);
    /* ordinary tier: 40000 + 60000, pool 50000: half each */
    ck_assert_int_eq(s[0].paid, 20000);
    ck_assert_int_eq(s[2].paid, 30000);
    ck_assert_int_eq(s[1].paid, 0);
    ck_assert_str_eq(s[1].rule_id, "SZ-LIQ-SECURED");
    ck_assert_int_eq(d.distributed, 50000);
    ck_assert_int_eq(d.from_collateral, 110000);
}
END_TEST

START_TEST(reserves)
{
    struct rules_claim c[] = {
        C("a", "ordinary", 40000),
        {"cond", "ordinary", 40000, 0, RULES_CLAIM_CONDITIONAL},
        {"suit", "ordinary", 20000, 0, RULES_CLAIM_DISPUTED},
    };
    struct rules_share s[3];
    struct rules_distribution d;
    ck_assert_int_eq(rules_distribute(cat(), SZ, 50000, c, 3, s, &d), RULES_OK);
    ck_assert_int_eq(s[0].paid, 20000);
    ck_assert_int_eq(s[1].paid, 0);
    ck_assert_int_eq(s[1].reserved, 20000);
    ck_assert_int_eq(s[2].reserved, 10000);
    ck_assert_str_eq(s[1].rule_id, "SZ-LIQ-RESERVE-CONDITIONAL");
    ck_assert_str_eq(s[2].rule_id, "SZ-LIQ-LITIGATION");
    ck_assert_int_eq(d.paid, 20000);
    ck_assert_int_eq(d.reserved, 30000);
    ck_assert_int_eq(d.distributed, 50000);
}
END_TEST

START_TEST(leftover_and_empty)
{
    struct rules_claim c[] = {C("a", "ordinary", 100), C("b", "support", 50)};
    struct rules_share s[2];
    struct rules_distribution d;
    ck_assert_int_eq(rules_distribute(cat(), SZ, 1000, c, 2, s, &d), RULES_OK);
    ck_assert(s[0].paid == 100 && s[1].paid == 50);
    ck_assert_int_eq(d.leftover, 850);
    ck_assert_int_eq(d.distributed, 150);
    ck_assert_int_eq(rules_distribute(cat(), SZ, 0, c, 2, s, &d), RULES_OK);
    ck_assert(s[0].paid == 0 && s[1].paid == 0 && d.distributed == 0);
    ck_assert_int_eq(rules_distribute(cat(), SZ, 500, NULL, 0, NULL, &d), RULES_OK);
    ck_assert_int_eq(d.leftover, 500);
}
END_TEST

START_TEST(prc_order)
{
    struct rules_claim c[] = {C("tax", "taxes", 10000), C("w", "employees", 10000),
                              C("o", "ordinary", 10000)};
    struct rules_share s[3];
    struct rules_distribution d;
    ck_assert_int_eq(rules_distribute(cat(), PRC, 15000, c, 3, s, &d), RULES_OK);
    ck_assert_str_eq(d.rule_id, "PRC-LIQ-ORDER");
    ck_assert_int_eq(s[1].paid, 10000); /* labour before taxes */
    ck_assert_int_eq(s[0].paid, 5000);
    ck_assert_int_eq(s[2].paid, 0);
    ck_assert_str_eq(s[0].rule_id, "PRC-LIQ-ORDER");
    /* support is not a class of the PRC profile, taxes not one of Shenzhen */
    struct rules_claim bad[] = {C("s", "support", 100)};
    ck_assert_int_eq(rules_distribute(cat(), PRC, 15000, bad, 1, s, &d), RULES_E_INVALID);
    ck_assert_str_eq(d.rule_id, "PRC-LIQ-ORDER");
    ck_assert_int_eq(rules_distribute(cat(), SZ, 15000, c, 3, s, &d), RULES_E_INVALID);
}
END_TEST

START_TEST(invalid_inputs)
{
    struct rules_share s[2];
    struct rules_distribution d;
    struct rules_claim neg[] = {C("a", "ordinary", -1)};
    struct rules_claim col[] = {{"a", "ordinary", 100, 50, RULES_CLAIM_CONFIRMED}};
    struct rules_claim nok[] = {{"a", NULL, 100, 0, RULES_CLAIM_CONFIRMED}};
    struct rules_claim big[] = {C("a", "ordinary", INT64_MAX), C("b", "ordinary", 1)};
    ck_assert_int_eq(rules_distribute(cat(), SZ, 100, neg, 1, s, &d), RULES_E_INVALID);
    ck_assert_int_eq(rules_distribute(cat(), SZ, 100, col, 1, s, &d), RULES_E_INVALID);
    ck_assert_int_eq(rules_distribute(cat(), SZ, 100, nok, 1, s, &d), RULES_E_INVALID);
    ck_assert_int_eq(rules_distribute(cat(), SZ, -5, NULL, 0, NULL, &d), RULES_E_INVALID);
    ck_assert_int_eq(rules_distribute(cat(), SZ, 100, big, 2, s, &d), RULES_E_OVERFLOW);
    /* the largest amounts still compute exactly (128-bit products) */
    ck_assert_int_eq(rules_distribute(cat(), SZ, INT64_MAX - 1, big, 1, s, &d), RULES_OK);
    ck_assert_int_eq(s[0].paid, INT64_MAX - 1);
    const char *tiers[] = {"a", "b"};
    ck_assert_int_eq(rules_distribute_tiers(tiers, 2, "zzz", 0, NULL, 0, NULL, &d),
                     RULES_E_INVALID);
}
END_TEST

START_TEST(json_output)
{
    struct rules_claim c[] = {C("a", "ordinary", 100),
                              {"b", "secured", 100, 40, RULES_CLAIM_CONFIRMED}};
    struct rules_share s[2];
    struct rules_distribution d;
    rules_distribute(cat(), SZ, 80, c, 2, s, &d);
    json_t *j = rules_distribution_json(&d, c, s, 2);
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "distributed_fen")), 80);
    json_t *b = json_array_get(json_object_get(j, "shares"), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(b, "from_collateral_fen")), 40);
    ck_assert_int_eq(json_integer_value(json_object_get(b, "paid_fen")), 30); /* 80 * 60/160 */
    json_decref(j);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_distribution");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, order_and_short_class);
    tcase_add_test(tc, expenses_short_ties_to_input_order);
    tcase_add_test(tc, secured_collateral);
    tcase_add_test(tc, reserves);
    tcase_add_test(tc, leftover_and_empty);
    tcase_add_test(tc, prc_order);
    tcase_add_test(tc, invalid_inputs);
    tcase_add_test(tc, json_output);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
