/* test_settlement.c: settlement agreements over HTTP, with the server's "today" fixed at
 * 2026-06-15. An accepted liquidation where no claim was declared enters a settlement
 * (SZ-SET-WHEN) only with a declaration period of at least 30 days (SZ-SET-CLAIM-PERIOD: 29
 * refused, 30 opened in the case); creditors then declare, the draft's new version names
 * the classes, the agreement adjusts a secured claim, whose creditor votes in its own group
 * (SZ-SET-VOTE); passed and approved, the restrictions are lifted in the feed (SZ-SET-END)
 * and the case is in settlement_execution with its schedule. A second settlement fails its
 * vote: it cannot be approved, the court refuses it, the case awaits the declaration and
 * no second settlement is drafted there. Each role refused where it must be. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-06-15"

#include "harness.h"
#include "plan_steps.h"

/* A settlement's content with its classes (SZ-SET-CONTENT). */
static char *settlement(const char *classes)
{
    return it_fmt("{\"classes\":[%s],"
                  "\"debtor_situation\":\"a salaried engineer, 12,000.00 a month, no real estate\","
                  "\"execution_period\":{\"start\":\"2026-08-01\",\"end\":\"2027-08-01\"},"
                  "\"supervision_period\":{\"start\":\"2026-08-01\",\"end\":\"2027-08-01\"}}",
                  classes);
}

#define CLASSES                                                                                    \
    "{\"class\":\"secured\",\"adjustment\":\"paid over a year\",\"payments\":["                    \
    "{\"date\":\"2026-10-01\",\"amount\":\"250.00\"},"                                             \
    "{\"date\":\"2027-01-01\",\"amount\":\"250.00\"}]},"                                           \
    "{\"class\":\"ordinary\",\"adjustment\":\"30 %\",\"payments\":["                               \
    "{\"date\":\"2026-10-01\",\"amount\":\"90.00\"}]}"

static struct it_resp *draft(const struct it_case *k, const char *token, const char *period)
{
    char *cont = settlement(CLASSES);
    char *body = it_fmt("{\"kind\":\"settlement\"%s,\"content\":%s}", period, cont);
    struct it_resp *r = post_at("/v1/applications/%s/plans", k->id, token, body);
    free(body);
    free(cont);
    return r;
}

START_TEST(settlement_passed_and_approved)
{
    struct it_case k;
    announced_case(&k, "set");
    struct it_party early;
    it_party(&early, "creditor", "set-early");
    /* no claim declared: the settlement announces a declaration period of 30 days or more */
    expect_status(draft(&k, early.token, ",\"claim_period_days\":30"), 403);
    struct it_resp *r = draft(&k, k.debtor.token, "");
    expect_rule(r, "SZ-SET-CLAIM-PERIOD");
    it_free(r);
    r = draft(&k, k.debtor.token, ",\"claim_period_days\":29");
    expect_rule(r, "SZ-SET-CLAIM-PERIOD");
    it_free(r);
    /* a settlement without its supervision period lacks an item of SZ-SET-CONTENT */
    r = post_at("/v1/applications/%s/plans", k.id, k.debtor.token,
                "{\"kind\":\"settlement\",\"claim_period_days\":30,\"content\":{\"classes\":["
                "{\"class\":\"ordinary\",\"adjustment\":\"x\",\"payments\":[{\"date\":"
                "\"2026-10-01\",\"amount\":\"1.00\"}]}],\"debtor_situation\":\"x\","
                "\"execution_period\":{\"start\":\"2026-08-01\",\"end\":\"2027-08-01\"}}}");
    expect_rule(r, "SZ-SET-CONTENT");
    it_free(r);
    r = draft(&k, k.debtor.token, ",\"claim_period_days\":30");
    it_expect(r, 201);
    char plan[37], m[37], item[37];
    snprintf(plan, sizeof plan, "%s", it_str(r, "id"));
    ck_assert_str_eq(it_str(r, "kind"), "settlement");
    ck_assert(json_is_true(json_object_get(r->json, "converted")));
    const json_t *period = json_object_get(r->json, "claim_period");
    ck_assert_int_eq(json_integer_value(json_object_get(period, "days")), 30);
    ck_assert_str_eq(jstr(period, "end"), "2026-07-15");
    it_free(r);
    expect_phase(k.id, "settlement");
    expect_sql("2026-07-15",
               "SELECT due FROM deadlines WHERE case_id = '%s' AND rule_id = "
               "'SZ-SET-CLAIM-PERIOD'",
               k.id);
    /* the creditors declare in that period; one holds a secured claim */
    struct it_party sec, a, b;
    member(&k, &sec, "set-sec", 50000, "ordinary", true);
    member(&k, &a, "set-a", 20000, "ordinary", false);
    member(&k, &b, "set-b", 10000, "ordinary", false);
    r = get_at("/v1/plans/%s/check", plan, a.token);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "passes")));
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "creditors")), 3);
    it_free(r);
    /* the vote: the adjusted secured claim in its own group (SZ-SET-VOTE) */
    noticed_meeting(&k, "2026-07-20", m);
    char *body = it_fmt("{\"meeting_id\":\"%s\",\"small_claims_max\":\"1.00\"}", m);
    expect_status(post_at("/v1/plans/%s/vote", plan, k.admin.token, body), 400);
    free(body);
    body = it_fmt("{\"meeting_id\":\"%s\",\"adjusts_secured\":true}", m);
    expect_status(post_at("/v1/plans/%s/vote", plan, a.token, body), 403);
    r = post_at("/v1/plans/%s/vote", plan, k.admin.token, body);
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "kind"), "settlement");
    ck_assert_str_eq(it_str(r, "rule_id"), "SZ-SET-VOTE");
    snprintf(item, sizeof item, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    expect_status(post_at("/v1/meeting-items/%s/opening", item, k.admin.token, NULL), 200);
    char *sql =
        it_fmt("SELECT grp FROM meeting_item_members WHERE item_id = '%s' AND member = '%s'", item,
               sec.sub);
    char *grp = sql_value(sql);
    ck_assert_str_eq(grp, "secured_adjusted");
    free(grp);
    free(sql);
    ballot(item, &sec, "for");
    ballot(item, &a, "for");
    ballot(item, &b, "abstain");
    ballot(item, &b, "for"); /* a member's last ballot counts */
    expect_status(post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL), 200);
    r = get_at("/v1/plans/%s", plan, k.debtor.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "passed");
    it_free(r);
    /* approval: the debtor applies, the court approves */
    expect_status(post_at("/v1/plans/%s/approval-application", plan, k.admin.token, "{}"), 403);
    expect_status(post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{}"), 200);
    char *dept = it_token("department", "dept-set");
    expect_status(post_at("/v1/plans/%s/ruling", plan, dept, "{\"approved\":true}"), 403);
    free(dept);
    ck_assert_int_eq(feed_changes(k.id, "lifted", "SZ-SET-END"), 0);
    ck_assert(!it_publicly_disclosed(k.id, "plan"));
    r = post_at("/v1/plans/%s/ruling", plan, court(), "{\"approved\":true}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "executing");
    it_free(r);
    ck_assert_int_eq(feed_changes(k.id, "lifted", "SZ-SET-END"), 4);
    expect_phase(k.id, "settlement_execution");
    ck_assert(it_publicly_disclosed(k.id, "plan")); /* the approval is disclosed (issue 14) */
    /* the debtor's record is not restored while the settlement is being executed */
    char restoration[128];
    snprintf(restoration, sizeof restoration, "/v1/applications/%s/restoration", k.id);
    r = it_post(restoration, k.debtor.token, "{\"reasons\":\"Settlement paid\"}");
    it_expect(r, 422);
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-INF-RESTORED");
    it_free(r);
    expect_sql("1",
               "SELECT count(*) FROM case_acts WHERE case_id = '%s' AND kind = "
               "'settlement_approved'",
               k.id);
    /* its schedule: the secured creditor's two payments, the ordinary ones split 2:1 */
    r = get_at("/v1/plans/%s/schedule", plan, sec.token);
    it_expect(r, 200);
    const json_t *mine = json_array_get(json_object_get(r->json, "creditors"), 0);
    ck_assert_str_eq(jstr(mine, "expected"), "500.00");
    ck_assert_int_eq(json_array_size(json_object_get(mine, "expected_payments")), 2);
    it_free(r);
    r = get_at("/v1/plans/%s/schedule", plan, a.token);
    it_expect(r, 200);
    mine = json_array_get(json_object_get(r->json, "creditors"), 0);
    ck_assert_str_eq(jstr(mine, "expected"), "60.00");
    it_free(r);
    /* a settlement is not terminated under SZ-REO-DEFAULT */
    r = post_at("/v1/plans/%s/termination", plan, court(),
                "{\"rule\":\"SZ-REO-DEFAULT\",\"ground\":\"non_execution\"}");
    it_expect(r, 409);
    it_free(r);
    /* executed: the court's act ends the proceedings */
    r = post_at("/v1/applications/%s/acts", k.id, court(), "{\"kind\":\"settlement_executed\"}");
    it_expect(r, 201);
    it_free(r);
    expect_phase(k.id, "ended");
    r = get_at("/v1/plans/%s", plan, a.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "completed");
    it_free(r);
    /* fully executed: the debtor may now apply for its record's restoration */
    r = it_post(restoration, k.debtor.token, "{\"reasons\":\"Settlement paid\"}");
    it_expect(r, 201);
    ck_assert_str_eq(it_str(r, "ground"), "settlement_fully_executed");
    it_free(r);
}
END_TEST

START_TEST(settlement_failed_awaits_the_declaration)
{
    struct it_case k;
    announced_case(&k, "setf");
    struct it_party a, b;
    member(&k, &a, "setf-a", 20000, "ordinary", false);
    member(&k, &b, "setf-b", 30000, "ordinary", false);
    /* claims were declared: no declaration period of its own */
    char *cont = settlement("{\"class\":\"ordinary\",\"adjustment\":\"20 %\",\"payments\":["
                            "{\"date\":\"2026-10-01\",\"amount\":\"100.00\"}]}");
    char *body = it_fmt("{\"kind\":\"settlement\",\"content\":%s}", cont);
    char plan[37], m[37], item[37];
    drafted(&k, body, plan);
    struct it_resp *r = get_at("/v1/plans/%s", plan, k.debtor.token);
    it_expect(r, 200);
    ck_assert(json_is_null(json_object_get(r->json, "claim_period")));
    it_free(r);
    noticed_meeting(&k, "2026-07-20", m);
    voting(plan, &k, m, item);
    /* 200.00 of 500.00 for: not more than 2/3 of the settlement claims */
    ballot(item, &a, "for");
    ballot(item, &b, "against");
    expect_status(post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL), 200);
    r = post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{}");
    expect_rule(r, "SZ-SET-VOTE");
    it_free(r);
    r = post_at("/v1/plans/%s/ruling", plan, court(), "{\"approved\":false}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "failed");
    it_free(r);
    expect_phase(k.id, "awaiting_declaration");
    ck_assert_int_eq(feed_changes(k.id, "lifted", "SZ-SET-END"), 0);
    /* no settlement being executed to record as executed */
    r = post_at("/v1/applications/%s/acts", k.id, court(), "{\"kind\":\"settlement_executed\"}");
    it_expect(r, 409);
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-SET-END");
    it_free(r);
    /* awaiting the declaration: no new settlement (SZ-SET-WHEN) */
    r = post_at("/v1/applications/%s/plans", k.id, k.debtor.token, body);
    it_expect(r, 409);
    ck_assert_str_eq(jstr(json_object_get(r->json, "rule"), "id"), "SZ-SET-WHEN");
    it_free(r);
    free(body);
    free(cont);
}
END_TEST

static Suite *settlement_suite(void)
{
    Suite *s = suite_create("settlement");
    TCase *tc = tcase_create("settlement");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, settlement_passed_and_approved);
    tcase_add_test(tc, settlement_failed_awaits_the_declaration);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, NULL};
IT_MAIN("settlement", settlement_suite, env)
