/* test_rules_disclosure.c: the debtor's procedures on its disclosed record: a restoration's
 * conditions (SZ-INF-RESTORED: the inspection period over, the day after its end and across
 * the year end; a plan or settlement fully executed only once the case has ended), its steps
 * from the catalogue, who takes each, SZ-INF-STOP's requirements, and the progress a party
 * reads. */
#include "rules_disclosure.h"

#include <check.h>
#include <stdlib.h>

static const struct rule *R(const char *id)
{
    ck_assert_ptr_nonnull(rules_builtin());
    const struct rule *r = rules_find(rules_builtin(), NULL, id);
    ck_assert_msg(r, "missing %s", id);
    return r;
}

START_TEST(restoration_after_the_inspection_period)
{
    const struct rule *r = R("SZ-INF-RESTORED");
    const char *ground;
    /* the period's last day is still inside it */
    ck_assert(
        !rules_disclosure_restorable(r, "2026-12-31", "2026-12-31", "concluded", NULL, &ground));
    ck_assert(
        rules_disclosure_restorable(r, "2026-12-31", "2027-01-01", "concluded", NULL, &ground));
    ck_assert_str_eq(ground, "inspection_period_end");
    ck_assert(
        !rules_disclosure_restorable(r, "2029-06-15", "2026-06-15", "declared", NULL, &ground));
    ck_assert(!rules_disclosure_restorable(r, NULL, "2026-06-15", "declared", NULL, &ground));
    ck_assert_ptr_nonnull(ground); /* what is missing */
}
END_TEST

START_TEST(restoration_after_full_execution)
{
    const struct rule *r = R("SZ-INF-RESTORED");
    const char *ground;
    ck_assert(rules_disclosure_restorable(r, NULL, "2026-06-15", "ended",
                                          "reorganization_plan_completed", &ground));
    ck_assert_str_eq(ground, "plan_fully_executed");
    ck_assert(rules_disclosure_restorable(r, NULL, "2026-06-15", "ended", "settlement_executed",
                                          &ground));
    ck_assert_str_eq(ground, "settlement_fully_executed");
    /* the act alone, or an end of another kind, is not full execution */
    ck_assert(!rules_disclosure_restorable(r, NULL, "2026-06-15", "reorganization_execution",
                                           "reorganization_plan_completed", &ground));
    ck_assert(!rules_disclosure_restorable(r, NULL, "2026-06-15", "ended", NULL, &ground));
    ck_assert(!rules_disclosure_restorable(NULL, NULL, "2026-06-15", "ended", "settlement_executed",
                                           &ground));
}
END_TEST

START_TEST(steps_and_their_takers)
{
    json_t *steps = rules_disclosure_steps("restoration", R("SZ-INF-RESTORED"));
    char *text = json_dumps(steps, JSON_COMPACT);
    ck_assert_str_eq(text, "[\"application\",\"review\",\"announcement\",\"ruling\"]");
    free(text);
    json_decref(steps);
    steps = rules_disclosure_steps("correction", NULL);
    ck_assert_int_eq(json_array_size(steps), 2);
    json_decref(steps);
    ck_assert_ptr_null(rules_disclosure_steps("restoration", NULL));
    ck_assert_ptr_null(rules_disclosure_steps("appeal", R("SZ-INF-RESTORED")));
    ck_assert_str_eq(rules_disclosure_step_taker("review"), "department");
    ck_assert_str_eq(rules_disclosure_step_taker("announcement"), "department");
    ck_assert_str_eq(rules_disclosure_step_taker("ruling"), "court");
    ck_assert_ptr_null(rules_disclosure_step_taker("application"));
    ck_assert(rules_disclosure_step_may_refuse("review"));
    ck_assert(!rules_disclosure_step_may_refuse("announcement"));
}
END_TEST

START_TEST(stop_needs_every_requirement)
{
    const struct rule *r = R("SZ-INF-STOP");
    const char *missing;
    json_t *facts = json_pack("{s:b, s:b}", "conduct_corrected", 1, "cooperated", 1);
    ck_assert(rules_disclosure_stop_met(r, facts, &missing));
    json_object_set_new(facts, "cooperated", json_false());
    ck_assert(!rules_disclosure_stop_met(r, facts, &missing));
    ck_assert_str_eq(missing, "cooperated");
    json_object_del(facts, "conduct_corrected");
    ck_assert(!rules_disclosure_stop_met(r, facts, &missing));
    ck_assert_str_eq(missing, "conduct_corrected");
    json_decref(facts);
}
END_TEST

START_TEST(progress_names_the_step_waiting_and_the_next)
{
    json_t *steps =
        json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "step", "application",
                  "state", "done", "step", "review", "state", "done", "step", "announcement",
                  "state", "current", "step", "ruling", "state", "pending");
    struct rules_disclosure_progress p;
    rules_disclosure_progress(steps, &p);
    ck_assert_str_eq(p.current, "announcement");
    ck_assert_str_eq(p.waiting_for, "the department's public announcement");
    ck_assert_str_eq(p.next, "ruling");
    json_object_set_new(json_array_get(steps, 2), "state", json_string("done"));
    json_object_set_new(json_array_get(steps, 3), "state", json_string("current"));
    rules_disclosure_progress(steps, &p);
    ck_assert_str_eq(p.current, "ruling");
    ck_assert_ptr_null(p.next);
    json_object_set_new(json_array_get(steps, 3), "state", json_string("refused"));
    rules_disclosure_progress(steps, &p);
    ck_assert_ptr_null(p.current); /* decided */
    json_decref(steps);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_disclosure");
    TCase *tc = tcase_create("disclosure");
    tcase_add_test(tc, restoration_after_the_inspection_period);
    tcase_add_test(tc, restoration_after_full_execution);
    tcase_add_test(tc, steps_and_their_takers);
    tcase_add_test(tc, stop_needs_every_requirement);
    tcase_add_test(tc, progress_names_the_step_waiting_and_the_next);
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
