/* test_rules_meeting.c: SZ-MTG-CALL's strict quarter in integers, SZ-MTG-COMMITTEE's size,
 * the rule deciding each item kind, SZ-MTG-SECURED-NO-DIST-VOTE and the voting groups of
 * SZ-REO-GROUPS (and of prc-draft-2000's stand-in). */
#include "rules_meeting.h"

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

START_TEST(call_needs_more_than_a_quarter)
{
    struct rules_condition c;
    const struct rule *call = R(NULL, "SZ-MTG-CALL");
    ck_assert_int_eq(rules_meeting_call(call, 25000, 100000, &c), RULES_OK);
    ck_assert(!c.met); /* exactly a quarter */
    ck_assert_int_eq(c.num, 1);
    ck_assert_int_eq(c.den, 4);
    ck_assert_int_eq(rules_meeting_call(call, 25001, 100001, &c), RULES_OK);
    ck_assert(c.met); /* a quarter and one fen */
    ck_assert_int_eq(rules_meeting_call(call, 25000, 100001, &c), RULES_OK);
    ck_assert(!c.met);
    /* products beyond 64 bits: 128-bit arithmetic */
    int64_t total = INT64_MAX - 3;
    ck_assert_int_eq(rules_meeting_call(call, total / 4 + 1, total, &c), RULES_OK);
    ck_assert(c.met);
    ck_assert_int_eq(rules_meeting_call(call, total / 4, total, &c), RULES_OK);
    ck_assert(!c.met);
    ck_assert_int_eq(rules_meeting_call(call, 0, 0, &c), RULES_OK);
    ck_assert(!c.met); /* nothing of nothing is not more than a quarter */
    ck_assert_int_eq(rules_meeting_call(call, 5, 4, &c), RULES_E_INVALID);
    ck_assert_int_eq(rules_meeting_call(call, -1, 4, &c), RULES_E_INVALID);
    ck_assert_int_eq(rules_meeting_call(R(NULL, "SZ-MTG-NOTICE"), 1, 4, &c), RULES_E_PARAM);
}
END_TEST

START_TEST(committee_is_odd_and_at_most_nine)
{
    const struct rule *r = R(NULL, "SZ-MTG-COMMITTEE");
    ck_assert(rules_meeting_committee_fits(r, 1));
    ck_assert(rules_meeting_committee_fits(r, 3));
    ck_assert(rules_meeting_committee_fits(r, 9));
    ck_assert(!rules_meeting_committee_fits(r, 0));
    ck_assert(!rules_meeting_committee_fits(r, 2));
    ck_assert(!rules_meeting_committee_fits(r, 8));
    ck_assert(!rules_meeting_committee_fits(r, 11));
    ck_assert(!rules_meeting_committee_fits(NULL, 3));
}
END_TEST

START_TEST(each_item_kind_has_its_rule)
{
    bool groups = true;
    ck_assert_str_eq(rules_meeting_item_rule("general", &groups), "SZ-MTG-RESOLUTION");
    ck_assert(!groups);
    ck_assert_str_eq(rules_meeting_item_rule("exempt_property_list", &groups), "SZ-MTG-RESOLUTION");
    ck_assert_str_eq(rules_meeting_item_rule("reorganization_plan", &groups), "SZ-REO-PASS");
    ck_assert(groups);
    ck_assert_str_eq(rules_meeting_item_rule("settlement", &groups), "SZ-SET-VOTE");
    ck_assert(groups);
    ck_assert_ptr_null(rules_meeting_item_rule("lunch", &groups));
    ck_assert_ptr_null(rules_meeting_item_rule(NULL, NULL));
    const struct rule *nd = R(NULL, "SZ-MTG-SECURED-NO-DIST-VOTE");
    ck_assert(rules_meeting_secured_excluded(nd, "distribution_plan"));
    ck_assert(!rules_meeting_secured_excluded(nd, "general"));
    ck_assert(!rules_meeting_secured_excluded(nd, NULL));
}
END_TEST

START_TEST(plan_groups_from_classes)
{
    const struct rule *g = R(NULL, "SZ-REO-GROUPS");
    ck_assert_str_eq(rules_meeting_plan_group(g, "ordinary", true, 100, 0), "secured");
    ck_assert_str_eq(rules_meeting_plan_group(g, "support", false, 100, 0), "support_injury");
    ck_assert_str_eq(rules_meeting_plan_group(g, "employees", false, 100, 0), "employees");
    ck_assert_str_eq(rules_meeting_plan_group(g, "ordinary", false, 100, 0), "ordinary");
    ck_assert_str_eq(rules_meeting_plan_group(g, "ordinary", false, 100, 100), "small_claims");
    ck_assert_str_eq(rules_meeting_plan_group(g, "ordinary", false, 101, 100), "ordinary");
    ck_assert_str_eq(rules_meeting_plan_group(g, "employees", false, 1, 100), "employees");
    ck_assert_ptr_null(rules_meeting_plan_group(g, "taxes", false, 100, 0));
    ck_assert_ptr_null(rules_meeting_plan_group(g, NULL, false, 100, 0));
    const struct rule *prc = R(PRC, "SZ-REO-GROUPS");
    ck_assert_str_eq(rules_meeting_plan_group(prc, "taxes", false, 100, 0), "taxes");
    ck_assert_str_eq(rules_meeting_plan_group(prc, "ordinary", false, 1, 100), "ordinary");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_meeting");
    TCase *tc = tcase_create("meeting");
    tcase_add_test(tc, call_needs_more_than_a_quarter);
    tcase_add_test(tc, committee_is_odd_and_at_most_nine);
    tcase_add_test(tc, each_item_kind_has_its_rule);
    tcase_add_test(tc, plan_groups_from_classes);
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
