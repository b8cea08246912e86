/* test_rules_vote.c: vote tallies: SZ-MTG-RESOLUTION, SZ-REO-GROUP-PASS, SZ-REO-PASS,
 * SZ-SET-VOTE, PRC-MTG-RESOLUTION, PRC-REO-GROUPS, at the strict thresholds. */
#include "rules_vote.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SZ "shenzhen-2021"
#define PRC "prc-draft-2000"
#define Y RULES_BALLOT_FOR
#define N RULES_BALLOT_AGAINST
#define A RULES_BALLOT_NONE

static const rules_catalogue *cat(void)
{
    ck_assert_ptr_nonnull(rules_builtin());
    return rules_builtin();
}

static const struct rule *R(const char *profile, const char *id)
{
    const struct rule *r = rules_find(cat(), profile, id);
    ck_assert_msg(r, "missing %s", id);
    return r;
}

/* voter shorthand: amount, present, ballot, group, secured */
static struct rules_voter V(int64_t amount, bool present, enum rules_ballot b, const char *group,
                            bool secured) {
    struct rules_voter v = {NULL, group, amount, secured, present, b};
    return v;
}

START_TEST(resolution_heads_edge)
{
    struct rules_tally t;
    /* 4 present, equal amounts 100; amount condition satisfied in both rows */
    struct rules_voter half[] = {V(100, 1, Y, 0, 0), V(100, 1, Y, 0, 0), V(1, 1, N, 0, 0),
                                 V(1, 1, N, 0, 0)};
    ck_assert_int_eq(rules_vote_resolution(cat(), SZ, half, 4, &t), RULES_OK);
    ck_assert_str_eq(t.rule_id, "SZ-MTG-RESOLUTION");
    ck_assert_int_eq(t.for_heads, 2);
    ck_assert_int_eq(t.heads.base, 4);
    ck_assert(!t.heads.met);
    ck_assert(t.amount.met);
    ck_assert(!t.passed);
    half[2].ballot = Y; /* one vote more */
    rules_vote_resolution(cat(), SZ, half, 4, &t);
    ck_assert(t.heads.met && t.amount.met && t.passed);
    /* abstaining present voters count in the present base */
    struct rules_voter abst[] = {V(100, 1, Y, 0, 0), V(1, 1, A, 0, 0)};
    rules_vote_resolution(cat(), SZ, abst, 2, &t);
    ck_assert(!t.heads.met);
    /* absent voters do not count in the present base */
    struct rules_voter absent[] = {V(100, 1, Y, 0, 0), V(1, 0, N, 0, 0)};
    rules_vote_resolution(cat(), SZ, absent, 2, &t);
    ck_assert(t.heads.met);
    ck_assert_int_eq(t.present_heads, 1);
}
END_TEST

START_TEST(resolution_amount_edge)
{
    struct rules_tally t;
    /* unsecured total 1000.00; for exactly half, then one fen more */
    struct rules_voter v[] = {
        V(50000, 1, Y, 0, 0), V(30000, 1, N, 0, 0), V(20000, 0, A, 0, 0),
        V(900000, 1, Y, 0, 1) /* secured: out of the unsecured base and yes */};
    ck_assert_int_eq(rules_vote_resolution(cat(), SZ, v, 4, &t), RULES_OK);
    ck_assert_int_eq(t.amount.base, 100000);
    ck_assert_int_eq(t.amount.yes, 50000);
    ck_assert(!t.amount.met);
    ck_assert(t.heads.met); /* 2 of 3 present */
    v[0].amount = 50001;
    v[1].amount = 29999;
    rules_vote_resolution(cat(), SZ, v, 4, &t);
    ck_assert(t.amount.met && t.passed);
    ck_assert_str_eq(t.amount.of, "unsecured");
}
END_TEST

START_TEST(group_two_thirds_edge)
{
    static const struct {
        int64_t yes, total;
        bool met;
    } t[] = {
        {200000000, 300000000, false},
        {200000001, 300000000, true}, /* exactly 2/3, one fen more */
        {66, 100, false},
        {67, 100, true},
        {2, 3, false},
        {3, 3, true},
        {0, 0, false},
    };
    const struct rule *r = R(SZ, "SZ-REO-GROUP-PASS");
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_tally tl;
        struct rules_voter v[] = {V(t[i].yes, 1, Y, "ordinary", 0),
                                  V(t[i].total - t[i].yes, 0, A, "ordinary", 0)};
        ck_assert_int_eq(rules_vote_tally(r, v, 2, "ordinary", &tl), RULES_OK);
        ck_assert_msg(tl.amount.met == t[i].met, "row %zu", i);
        ck_assert_int_eq(tl.amount.base, t[i].total);
        ck_assert_int_eq(tl.amount.num * 3, tl.amount.den * 2);
    }
}
END_TEST

START_TEST(plan_groups)
{
    struct rules_group_vote g;
    struct rules_voter v[] = {
        V(1000, 1, Y, "secured", 1), V(100, 1, Y, "ordinary", 0), V(100, 1, Y, "ordinary", 0),
        V(100, 1, N, "ordinary", 0), V(50, 1, Y, "employees", 0),
    };
    ck_assert_int_eq(rules_vote_plan(cat(), SZ, v, 5, &g), RULES_OK);
    ck_assert_str_eq(g.rule_id, "SZ-REO-PASS");
    ck_assert_str_eq(g.group_rule_id, "SZ-REO-GROUP-PASS");
    ck_assert_int_eq(g.ngroups, 3);
    ck_assert_str_eq(g.groups[0].group, "secured");
    ck_assert_str_eq(g.groups[1].group, "ordinary");
    ck_assert(g.groups[0].passed);
    ck_assert(!g.groups[1].passed); /* 200 of 300 is exactly 2/3 */
    ck_assert(g.groups[2].passed);
    ck_assert_int_eq(g.groups_passed, 2);
    ck_assert(!g.passed);
    v[3].amount = 99; /* 200 of 299 > 2/3 */
    rules_vote_plan(cat(), SZ, v, 5, &g);
    ck_assert(g.passed);
    /* small-claims subgroup allowed; unknown group refused */
    v[4].group = "small_claims";
    ck_assert_int_eq(rules_vote_plan(cat(), SZ, v, 5, &g), RULES_OK);
    v[4].group = "taxes";
    ck_assert_int_eq(rules_vote_plan(cat(), SZ, v, 5, &g), RULES_E_INVALID);
    ck_assert_str_eq(g.rule_id, "SZ-REO-PASS");
    /* PRC: taxes is a group, support_injury is not */
    ck_assert_int_eq(rules_vote_plan(cat(), PRC, v, 5, &g), RULES_OK);
    ck_assert_str_eq(g.rule_id, "PRC-REO-APPROVAL");
    ck_assert_str_eq(g.group_rule_id, "PRC-REO-GROUPS");
    ck_assert(g.passed);
    v[4].group = "support_injury";
    ck_assert_int_eq(rules_vote_plan(cat(), PRC, v, 5, &g), RULES_E_INVALID);
    /* no voters: no group, not passed */
    ck_assert_int_eq(rules_vote_plan(cat(), SZ, NULL, 0, &g), RULES_OK);
    ck_assert(!g.passed);
}
END_TEST

START_TEST(settlement)
{
    struct rules_group_vote g;
    struct rules_voter v[] = {
        V(700, 1, Y, NULL, 0),
        V(300, 1, N, NULL, 0),
        V(1, 1, Y, NULL, 0),
        V(500, 1, Y, "secured_adjusted", 1),
        V(500, 0, A, "secured_adjusted", 1),
    };
    ck_assert_int_eq(rules_vote_settlement(cat(), SZ, v, 5, &g), RULES_OK);
    ck_assert_str_eq(g.rule_id, "SZ-SET-VOTE");
    ck_assert_int_eq(g.ngroups, 2);
    ck_assert_str_eq(g.groups[0].group, "general");
    ck_assert(g.groups[0].passed);  /* 2 of 3 heads, 701 of 1001 > 2/3 */
    ck_assert(!g.groups[1].passed); /* 500 of 1000 */
    ck_assert(!g.passed);
    v[4].present = true;
    v[4].ballot = Y;
    rules_vote_settlement(cat(), SZ, v, 5, &g);
    ck_assert(g.passed);
    v[0].group = "other";
    ck_assert_int_eq(rules_vote_settlement(cat(), SZ, v, 5, &g), RULES_E_INVALID);
}
END_TEST

START_TEST(prc_resolution)
{
    struct rules_tally t;
    /* heads over all creditors with voting rights: 3 of 5 (2 absent) */
    struct rules_voter v[] = {V(300, 1, Y, 0, 0), V(300, 1, Y, 0, 0), V(300, 1, Y, 0, 0),
                              V(50, 0, A, 0, 0), V(49, 0, A, 0, 0)};
    ck_assert_int_eq(rules_vote_resolution(cat(), PRC, v, 5, &t), RULES_OK);
    ck_assert_str_eq(t.rule_id, "PRC-MTG-RESOLUTION");
    ck_assert_str_eq(t.citation, "004 Art. 54");
    ck_assert(t.heads.met);
    ck_assert_int_eq(t.heads.base, 5);
    ck_assert(t.amount.met); /* 900 of 999 */
    v[2].present = false;    /* 2 of 5 heads */
    rules_vote_resolution(cat(), PRC, v, 5, &t);
    ck_assert(!t.heads.met && !t.passed);
    /* the amount: exactly 2/3 of ascertained claims fails, one fen more passes */
    struct rules_voter w[] = {V(200, 1, Y, 0, 0), V(100, 1, Y, 0, 0), V(300, 1, N, 0, 0)};
    w[0].amount = 400, w[1].amount = 0, w[2].amount = 200;
    struct rules_voter x[] = {V(400, 1, Y, 0, 0), V(1, 1, Y, 0, 0), V(200, 1, N, 0, 0)};
    rules_vote_resolution(cat(), PRC, w, 3, &t);
    ck_assert(!t.amount.met);
    rules_vote_resolution(cat(), PRC, x, 3, &t);
    ck_assert(t.amount.met && t.passed);
}
END_TEST

START_TEST(errors_and_overflow)
{
    struct rules_tally t;
    struct rules_voter v[] = {V(INT64_MAX, 1, Y, 0, 0), V(INT64_MAX, 1, Y, 0, 0)};
    ck_assert_int_eq(rules_vote_resolution(cat(), SZ, v, 2, &t), RULES_E_OVERFLOW);
    ck_assert_str_eq(t.rule_id, "SZ-MTG-RESOLUTION");
    ck_assert(!t.passed);
    ck_assert_int_eq(rules_vote_resolution(cat(), SZ, v, 1, &t),
                     RULES_OK); /* INT64_MAX * den in 128 bits */
    ck_assert(t.passed);
    v[0].amount = -1;
    ck_assert_int_eq(rules_vote_resolution(cat(), SZ, v, 1, &t), RULES_E_INVALID);
    ck_assert_int_eq(rules_vote_tally(R(SZ, "SZ-APP-MATERIALS"), v, 1, NULL, &t), RULES_E_PARAM);
    ck_assert_int_eq(rules_vote_tally(NULL, v, 1, NULL, &t), RULES_E_PARAM);
}
END_TEST

START_TEST(json_output)
{
    struct rules_group_vote g;
    struct rules_voter v[] = {V(100, 1, Y, "ordinary", 0), V(100, 1, N, "ordinary", 0)};
    rules_vote_plan(cat(), SZ, v, 2, &g);
    json_t *j = rules_group_vote_json(&g);
    ck_assert_str_eq(json_string_value(json_object_get(j, "rule_id")), "SZ-REO-PASS");
    ck_assert(json_is_false(json_object_get(j, "passed")));
    json_t *g0 = json_array_get(json_object_get(j, "groups"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(g0, "rule_id")), "SZ-REO-GROUP-PASS");
    json_t *h = json_object_get(json_object_get(g0, "conditions"), "heads");
    ck_assert_int_eq(json_integer_value(json_object_get(h, "yes")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(h, "base")), 2);
    ck_assert(json_is_false(json_object_get(h, "met")));
    json_decref(j);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_vote");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, resolution_heads_edge);
    tcase_add_test(tc, resolution_amount_edge);
    tcase_add_test(tc, group_two_thirds_edge);
    tcase_add_test(tc, plan_groups);
    tcase_add_test(tc, settlement);
    tcase_add_test(tc, prc_resolution);
    tcase_add_test(tc, errors_and_overflow);
    tcase_add_test(tc, json_output);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
