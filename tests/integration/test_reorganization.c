/* test_reorganization.c: reorganization plans over HTTP, with the server's "today" fixed at
 * 2026-06-15. A liquidation accepted and announced converts into a reorganization with the
 * debtor's draft; the plan check at its edges on draft versions (the longest term and one
 * day more, payments as far apart as allowed and one day more, a creditor below its
 * liquidation estimate, a waiver); the vote at a meeting (the first meeting too late for
 * SZ-REO-VOTE-MEETING, a later one in time) with the ordinary group failing; compulsory
 * approval granted, the lift in the feed, the phase; execution: each creditor's schedule,
 * payments reported and confirmed, an overdue payment, extensions at 2 years and one day
 * more, the execution report, hardship at exactly 3/4 and one fen past. A second case
 * defaults: the reverted claims and the catch-up order. A third fails: compulsory approval
 * refused naming the failed test, the court's refusal, the case awaiting the declaration.
 * Under prc-draft-2000: 15 days to apply (PRC-REO-APPROVAL) and the approval refused past
 * PRC-REO-PERIOD's 12 months. A plan's deadline waiting for 2027 counted again when the
 * court enters the year. Each role refused where it must be. Claims reach the vote confirmed
 * (set in the database, as the claims suite's walk to confirmation is its own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-06-15"

#include "date.h"
#include "harness.h"
#include "plan_steps.h"

/* A plan's content: its classes, the creditors' estimates and waivers, the period's end. */
static char *content(const char *classes, const char *creditors, const char *end)
{
    return it_fmt(
        "{\"classes\":[%s],\"creditors\":[%s],"
        "\"non_dischargeable_debts\":[{\"description\":\"child support arrears\","
        "\"amount\":\"1200.00\"}],"
        "\"windfall_income\":\"half of any windfall goes to the ordinary creditors\","
        "\"execution_period\":{\"start\":\"2026-07-01\",\"end\":\"%s\"},"
        "\"other_measures\":\"the debtor keeps its post and lives on the exempt allowance\","
        "\"delay_compensation\":\"3 %% a year on the secured claim until it is paid\"}",
        classes, creditors, end);
}

#define SECURED_AND_EMPLOYEES                                                                      \
    "{\"class\":\"secured\",\"adjustment\":\"paid in full\",\"payments\":[{\"date\":"              \
    "\"2026-09-01\",\"amount\":\"500.00\"}]},"                                                     \
    "{\"class\":\"employees\",\"adjustment\":\"paid in full\",\"payments\":[{\"date\":"            \
    "\"2026-09-01\",\"amount\":\"100.00\"}]},"

/* The ordinary class paid `amount` every three months from 2026-10-01, n times; the last
 * date moved by `last_shift` days. */
static char *ordinary_quarterly(const char *amount, int n, int last_shift)
{
    char *payments = it_fmt("%s", "");
    date_t start;
    date_parse("2026-07-01", &start);
    for (int i = 1; i <= n; i++) {
        date_t d = date_add_months(start, 3 * i);
        if (i == n)
            d = date_add_days(d, last_shift);
        char day[11];
        date_format(d, day);
        char *next = it_fmt("%s%s{\"date\":\"%s\",\"amount\":\"%s\"}", payments, i > 1 ? "," : "",
                            day, amount);
        free(payments);
        payments = next;
    }
    char *cls = it_fmt(SECURED_AND_EMPLOYEES "{\"class\":\"ordinary\",\"adjustment\":\"half of "
                                             "the principal\",\"payments\":[%s]}",
                       payments);
    free(payments);
    return cls;
}

/* The creditors of the first case: sec (secured 500.00), emp (employees 100.00), o1 and o2
 * (ordinary 600.00 and 300.00). */
struct reo_case {
    struct it_case k;
    struct it_party sec, emp, o1, o2;
    char plan[37];
};

static char *estimates(const struct reo_case *c, const char *o1, const char *o2)
{
    return it_fmt("{\"creditor\":\"%s\",\"liquidation_estimate\":\"400.00\"},"
                  "{\"creditor\":\"%s\",\"liquidation_estimate\":\"100.00\"},"
                  "{\"creditor\":\"%s\",\"liquidation_estimate\":\"%s\"},"
                  "{\"creditor\":\"%s\",\"liquidation_estimate\":\"%s\"}",
                  c->sec.sub, c->emp.sub, c->o1.sub, o1, c->o2.sub, o2);
}

static void new_version(const struct reo_case *c, const char *classes, const char *creditors,
                        const char *end, long version)
{
    char *cont = content(classes, creditors, end);
    char *body = it_fmt("{\"content\":%s}", cont);
    struct it_resp *r = post_at("/v1/plans/%s/versions", c->plan, c->k.debtor.token, body);
    it_expect(r, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "version")), version);
    it_free(r);
    free(body);
    free(cont);
}

/* The check of a version: the result of one rule. */
static json_t *check_of(const struct reo_case *c, long version, const char *rule)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/plans/%s/check?version=%ld", c->plan, version);
    struct it_resp *r = it_get(path, c->o1.token);
    it_expect(r, 200);
    size_t i;
    json_t *ch, *found = NULL;
    json_array_foreach(json_object_get(r->json, "checks"), i,
                       ch) if (strcmp(jstr(ch, "rule"), rule) == 0) found = json_deep_copy(ch);
    it_free(r);
    ck_assert_msg(found != NULL, "no %s in the check of version %ld", rule, version);
    return found;
}

static bool check_met(const struct reo_case *c, long version, const char *rule)
{
    json_t *ch = check_of(c, version, rule);
    bool met = json_is_true(json_object_get(ch, "met"));
    json_decref(ch);
    return met;
}

/* The reason SZ-REO-FAIR gives on a version and whether its why names the creditor. */
static void fair_fails_naming(const struct reo_case *c, long version, const char *creditor)
{
    json_t *ch = check_of(c, version, "SZ-REO-FAIR");
    ck_assert(json_is_false(json_object_get(ch, "met")));
    ck_assert_str_eq(jstr(ch, "reason"), "below_liquidation");
    ck_assert_msg(strstr(jstr(ch, "why"), creditor) != NULL, "%s", jstr(ch, "why"));
    json_decref(ch);
}

static const json_t *schedule_of(const json_t *schedule, const char *creditor)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(schedule, "creditors"), i,
                       c) if (strcmp(jstr(c, "creditor"), creditor) == 0) return c;
    ck_abort_msg("no schedule of %s", creditor);
    return NULL;
}

/* ---- a reorganization from the draft to the forgiveness of the rest ---- */

START_TEST(reorganization_from_draft_to_hardship)
{
    struct reo_case c;
    announced_case(&c.k, "reo");
    member(&c.k, &c.sec, "reo-sec", 50000, "ordinary", true);
    member(&c.k, &c.emp, "reo-emp", 10000, "employees", false);
    member(&c.k, &c.o1, "reo-o1", 60000, "ordinary", false);
    member(&c.k, &c.o2, "reo-o2", 30000, "ordinary", false);
    struct it_party stranger;
    it_party(&stranger, "creditor", "reo-stranger");

    /* the draft converts the accepted liquidation (SZ-REO-WHEN) */
    char *est = estimates(&c, "200.00", "100.00");
    char *classes = ordinary_quarterly("150.00", 3, 0);
    char *cont = content(classes, est, "2027-04-01");
    char *body = it_fmt("{\"kind\":\"reorganization\",\"content\":%s}", cont);
    expect_status(post_at("/v1/applications/%s/plans", c.k.id, c.o1.token, body), 403);
    expect_status(post_at("/v1/applications/%s/plans", c.k.id, c.k.admin.token, body), 403);
    /* a plan without its windfall-income clause lacks an item of SZ-REO-CONTENT */
    char *partial = it_fmt("{\"kind\":\"reorganization\",\"content\":{\"classes\":[%s]}}", classes);
    struct it_resp *r = post_at("/v1/applications/%s/plans", c.k.id, c.k.debtor.token, partial);
    expect_rule(r, "SZ-REO-CONTENT");
    it_free(r);
    free(partial);
    r = post_at("/v1/applications/%s/plans", c.k.id, c.k.debtor.token, body);
    it_expect(r, 201);
    snprintf(c.plan, sizeof c.plan, "%s", it_str(r, "id"));
    ck_assert(json_is_true(json_object_get(r->json, "converted")));
    ck_assert(json_is_true(json_object_get(r->json, "self_management")));
    ck_assert_str_eq(it_str(r, "state"), "draft");
    ck_assert_str_eq(it_str(r, "started_on"), TODAY);
    it_free(r);
    expect_phase(c.k.id, "reorganization");
    expect_sql("2026-07-15",
               "SELECT due FROM deadlines WHERE case_id = '%s' AND rule_id = 'SZ-REO-VOTE-MEETING'",
               c.k.id);
    /* a second draft while this one is under way */
    expect_status(post_at("/v1/applications/%s/plans", c.k.id, c.k.debtor.token, body), 409);
    /* a creditor of another case does not see it */
    expect_status(get_at("/v1/plans/%s", c.plan, stranger.token), 404);
    free(body);
    free(cont);

    /* version 1 passes the check; the creditors' schedule derived pro rata */
    r = get_at("/v1/plans/%s/check", c.plan, c.k.debtor.token);
    it_expect(r, 200);
    ck_assert_msg(json_is_true(json_object_get(r->json, "passes")), "%s", r->body);
    ck_assert_str_eq(it_str(r, "plan_total"), "1050.00");
    it_free(r);

    /* SZ-REO-TERM: quarterly to the third anniversary of the start, and the end a day later */
    char *longest = ordinary_quarterly("37.50", 12, 0);
    new_version(&c, longest, est, "2029-07-01", 2);
    ck_assert(check_met(&c, 2, "SZ-REO-TERM"));
    new_version(&c, longest, est, "2029-07-02", 3);
    json_t *ch = check_of(&c, 3, "SZ-REO-TERM");
    ck_assert(json_is_false(json_object_get(ch, "met")));
    ck_assert_str_eq(jstr(ch, "reason"), "term_exceeded");
    ck_assert_str_eq(jstr(ch, "latest_end"), "2029-07-01");
    json_decref(ch);
    /* two payments three months apart, and three months and a day */
    char *apart = ordinary_quarterly("225.00", 2, 0);
    new_version(&c, apart, est, "2027-01-01", 4);
    ck_assert(check_met(&c, 4, "SZ-REO-TERM"));
    char *too_far = ordinary_quarterly("225.00", 2, 1);
    new_version(&c, too_far, est, "2027-01-02", 5);
    ch = check_of(&c, 5, "SZ-REO-TERM");
    ck_assert_str_eq(jstr(ch, "reason"), "interval_exceeded");
    json_decref(ch);
    /* SZ-REO-FAIR: o1 recovers 300.00, below its estimate of 999.00, o2 150.00, below 150.01 */
    char *below = estimates(&c, "999.00", "150.01");
    new_version(&c, classes, below, "2027-04-01", 6);
    fair_fails_naming(&c, 6, c.o1.sub);
    /* o1 waives the protection for itself: recorded, and o2 is the one below now */
    expect_status(post_at("/v1/plans/%s/waiver", c.plan, c.k.debtor.token, "{\"waived\":true}"),
                  403);
    expect_status(post_at("/v1/plans/%s/waiver", c.plan, stranger.token, "{\"waived\":true}"), 404);
    r = post_at("/v1/plans/%s/waiver", c.plan, c.o1.token, "{\"waived\":true}");
    it_expect(r, 200);
    ck_assert_ptr_nonnull(json_object_get(json_object_get(r->json, "waivers"), c.o1.sub));
    it_free(r);
    fair_fails_naming(&c, 6, c.o2.sub);
    ch = check_of(&c, 6, "SZ-REO-FAIR");
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(ch, "creditors"), i, row)
    {
        if (strcmp(jstr(row, "creditor"), c.o2.sub) == 0) {
            ck_assert_str_eq(jstr(row, "planned"), "150.00");
            ck_assert_str_eq(jstr(row, "estimate"), "150.01");
            ck_assert(json_is_true(json_object_get(row, "below_estimate")));
            ck_assert(json_is_false(json_object_get(row, "waiver")));
        }
        if (strcmp(jstr(row, "creditor"), c.o1.sub) == 0) {
            ck_assert(json_is_true(json_object_get(row, "waiver")));
            ck_assert(json_is_true(json_object_get(row, "below_estimate")));
        }
    }
    json_decref(ch);
    /* withdrawn, o1 is named again */
    r = post_at("/v1/plans/%s/waiver", c.plan, c.o1.token, "{\"waived\":false}");
    it_expect(r, 200);
    ck_assert_ptr_null(json_object_get(json_object_get(r->json, "waivers"), c.o1.sub));
    it_free(r);
    fair_fails_naming(&c, 6, c.o1.sub);
    /* the version voted on: the first one again */
    new_version(&c, classes, est, "2027-04-01", 7);
    free(below);
    free(too_far);
    free(apart);
    free(longest);

    /* the first meeting (2026-07-25) is after SZ-REO-VOTE-MEETING's 30 days (2026-07-15) */
    char first[37], m[37], item[37];
    r = post_at("/v1/applications/%s/meetings", c.k.id, c.k.admin.token, "{\"kind\":\"first\"}");
    it_expect(r, 201);
    snprintf(first, sizeof first, "%s", it_str(r, "id"));
    it_free(r);
    body = it_fmt("{\"meeting_id\":\"%s\"}", first);
    expect_status(post_at("/v1/plans/%s/vote", c.plan, c.k.debtor.token, body), 403);
    r = post_at("/v1/plans/%s/vote", c.plan, c.k.admin.token, body);
    expect_rule(r, "SZ-REO-VOTE-MEETING");
    it_free(r);
    free(body);
    noticed_meeting(&c.k, "2026-07-10", m);
    voting(c.plan, &c.k, m, item);
    expect_sql("met",
               "SELECT status FROM deadlines WHERE case_id = '%s' AND rule_id = "
               "'SZ-REO-VOTE-MEETING'",
               c.k.id);
    /* frozen: no more versions */
    body = it_fmt("{\"content\":%s}", (cont = content(classes, est, "2027-04-01")));
    expect_status(post_at("/v1/plans/%s/versions", c.plan, c.k.debtor.token, body), 409);
    free(body);
    free(cont);
    /* the ordinary group fails: one head of two present is not more than half */
    ballot(item, &c.sec, "for");
    ballot(item, &c.emp, "for");
    ballot(item, &c.o1, "for");
    ballot(item, &c.o2, "against");
    expect_status(post_at("/v1/meeting-items/%s/closing", item, c.k.admin.token, NULL), 200);
    r = get_at("/v1/plans/%s", c.plan, c.k.debtor.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "not_passed");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "frozen_version")), 7);
    ck_assert(json_is_false(json_object_get(json_object_get(r->json, "vote"), "passed")));
    it_free(r);

    /* approval: only compulsory now; the creditor may not apply */
    expect_status(post_at("/v1/plans/%s/approval-application", c.plan, c.o1.token, "{}"), 403);
    r = post_at("/v1/plans/%s/approval-application", c.plan, c.k.debtor.token, "{}");
    expect_rule(r, "SZ-REO-PASS");
    it_free(r);
    r = post_at("/v1/plans/%s/approval-application", c.plan, c.k.debtor.token,
                "{\"compulsory\":true}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "approval_applied");
    it_free(r);
    expect_sql("met",
               "SELECT status FROM deadlines WHERE case_id = '%s' AND rule_id = 'SZ-REO-PASS'",
               c.k.id);
    expect_sql("pending",
               "SELECT status FROM deadlines WHERE case_id = '%s' AND rule_id = "
               "'SZ-REO-CRAMDOWN'",
               c.k.id);
    /* the court grants it: restrictions lifted in the feed, the schedule running */
    int lifted_before = feed_changes(c.k.id, "lifted", "SZ-REO-LIFT");
    ck_assert_int_eq(lifted_before, 0);
    expect_status(post_at("/v1/plans/%s/ruling", c.plan, c.k.debtor.token, "{\"approved\":true}"),
                  403);
    r = post_at("/v1/plans/%s/ruling", c.plan, court(), "{\"approved\":true}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "executing");
    ck_assert(json_is_true(json_object_get(json_object_get(r->json, "ruling"), "compulsory")));
    it_free(r);
    ck_assert_int_eq(feed_changes(c.k.id, "lifted", "SZ-REO-LIFT"), 4);
    expect_phase(c.k.id, "reorganization_execution");
    expect_sql("true",
               "SELECT (detail->>'compulsory') FROM case_acts WHERE case_id = '%s' AND kind = "
               "'reorganization_plan_approved'",
               c.k.id);

    /* each creditor sees its own part of the schedule */
    r = get_at("/v1/plans/%s/schedule", c.plan, c.o1.token);
    it_expect(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "creditors")), 1);
    ck_assert_str_eq(jstr(schedule_of(r->json, c.o1.sub), "expected"), "300.00");
    it_free(r);
    /* the debtor reports, the administrator confirms */
    body = it_fmt("{\"creditor\":\"%s\",\"amount\":\"1.00\",\"evidence\":[{\"kind\":\"x\","
                  "\"reference\":\"y\"}]}",
                  c.o1.sub);
    expect_status(post_at("/v1/plans/%s/payments", c.plan, c.k.admin.token, body), 403);
    free(body);
    body = it_fmt("{\"creditor\":\"%s\",\"amount\":\"1.00\",\"evidence\":[{\"kind\":\"x\","
                  "\"reference\":\"y\"}]}",
                  stranger.sub);
    expect_status(post_at("/v1/plans/%s/payments", c.plan, c.k.debtor.token, body), 422);
    free(body);
    pay(c.plan, &c.k, &c.o1, "187.50");
    /* o2's first payment fell due on 2026-06-01 (the date moved as the calendar would) */
    char *sql = it_fmt("UPDATE plan_schedule SET due = '2026-06-01' WHERE plan_id = '%s' AND "
                       "creditor = '%s' AND due = '2026-10-01'",
                       c.plan, c.o2.sub);
    set_sql(sql);
    free(sql);
    r = get_at("/v1/plans/%s/schedule", c.plan, c.k.admin.token);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "overdue")));
    const json_t *o2 = schedule_of(r->json, c.o2.sub), *o1 = schedule_of(r->json, c.o1.sub);
    ck_assert(json_is_true(json_object_get(o2, "overdue")));
    ck_assert_str_eq(jstr(o2, "overdue_amount"), "50.00");
    ck_assert(json_is_false(json_object_get(o1, "overdue")));
    ck_assert_str_eq(jstr(o1, "received"), "187.50");
    const json_t *due = json_object_get(o1, "expected_payments");
    ck_assert(json_is_true(json_object_get(json_array_get(due, 0), "covered")));
    ck_assert(json_is_false(json_object_get(json_array_get(due, 1), "covered")));
    it_free(r);

    /* SZ-REO-EXTEND: two years after the plan's end, not a day more */
    expect_status(post_at("/v1/plans/%s/extension", c.plan, c.k.debtor.token,
                          "{\"new_end\":\"2029-04-01\",\"reason\":\"illness\","
                          "\"not_debtors_fault\":true}"),
                  403);
    r = post_at("/v1/plans/%s/extension", c.plan, court(),
                "{\"new_end\":\"2029-04-01\",\"reason\":\"gambling\",\"not_debtors_fault\":false}");
    expect_rule(r, "SZ-REO-EXTEND");
    it_free(r);
    r = post_at("/v1/plans/%s/extension", c.plan, court(),
                "{\"new_end\":\"2029-04-02\",\"reason\":\"illness\",\"not_debtors_fault\":true}");
    expect_rule(r, "SZ-REO-EXTEND");
    it_free(r);
    r = post_at("/v1/plans/%s/extension", c.plan, court(),
                "{\"new_end\":\"2029-04-01\",\"reason\":\"illness\",\"not_debtors_fault\":true}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "execution_end"), "2029-04-01");
    it_free(r);

    /* the execution report waits for the period's end */
    expect_status(
        post_at("/v1/plans/%s/execution-report", c.plan, c.k.debtor.token, "{\"summary\":\"x\"}"),
        403);
    r = post_at("/v1/plans/%s/execution-report", c.plan, c.k.admin.token, "{\"summary\":\"x\"}");
    expect_rule(r, "SZ-REO-REPORT");
    it_free(r);
    sql = it_fmt("UPDATE plans SET execution_end = '2026-06-14' WHERE id = '%s'", c.plan);
    set_sql(sql);
    free(sql);
    r = post_at("/v1/plans/%s/execution-report", c.plan, c.k.admin.token,
                "{\"summary\":\"paid in part; the debtor fell ill\"}");
    it_expect(r, 200);
    ck_assert_str_eq(jstr(json_object_get(r->json, "report"), "paid"), "187.50");
    it_free(r);
    expect_sql("1",
               "SELECT count(*) FROM case_acts WHERE case_id = '%s' AND kind = "
               "'execution_report_filed'",
               c.k.id);

    /* SZ-REO-HARDSHIP: 787.50 of 1,050.00 is exactly 3/4, refused; one fen more is past it */
    pay(c.plan, &c.k, &c.sec, "500.00");
    pay(c.plan, &c.k, &c.emp, "100.00");
    r = post_at("/v1/plans/%s/hardship", c.plan, court(), "{\"reason\":\"a flood\"}");
    expect_rule(r, "SZ-REO-HARDSHIP");
    it_free(r);
    pay(c.plan, &c.k, &c.o2, "0.01");
    r = post_at("/v1/plans/%s/hardship", c.plan, court(), "{\"reason\":\"a flood\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "forgiven");
    ck_assert_str_eq(jstr(json_object_get(r->json, "ended"), "rule"), "SZ-REO-HARDSHIP");
    it_free(r);
    expect_phase(c.k.id, "ended");
    /* every mutation in the audit trail */
    expect_sql(
        "t", "SELECT count(*) >= 20 FROM audit_log WHERE case_id = '%s' AND action LIKE 'plan.%%'",
        c.k.id);
    free(classes);
    free(est);
}
END_TEST

/* ---- a second case defaults: reverted claims and the catch-up order ---- */

START_TEST(default_reverts_claims_and_orders_the_catch_up)
{
    struct it_case k;
    announced_case(&k, "dft");
    struct it_party a, b, cc;
    member(&k, &a, "dft-a", 10000, "ordinary", false);
    member(&k, &b, "dft-b", 20000, "ordinary", false);
    member(&k, &cc, "dft-c", 5000, "ordinary", false);
    char *creditors = it_fmt("{\"creditor\":\"%s\",\"liquidation_estimate\":\"10.00\"},"
                             "{\"creditor\":\"%s\",\"liquidation_estimate\":\"20.00\"},"
                             "{\"creditor\":\"%s\",\"liquidation_estimate\":\"5.00\"}",
                             a.sub, b.sub, cc.sub);
    char *cont = content("{\"class\":\"ordinary\",\"adjustment\":\"40 %\",\"payments\":["
                         "{\"date\":\"2026-09-01\",\"amount\":\"70.00\"},"
                         "{\"date\":\"2026-12-01\",\"amount\":\"70.00\"}]}",
                         creditors, "2026-12-01");
    char *body = it_fmt("{\"kind\":\"reorganization\",\"content\":%s}", cont);
    char plan[37], m[37], item[37];
    drafted(&k, body, plan);
    struct it_resp *r;
    noticed_meeting(&k, "2026-07-10", m);
    voting(plan, &k, m, item);
    ballot(item, &a, "for");
    ballot(item, &b, "for");
    ballot(item, &cc, "for");
    expect_status(post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL), 200);
    /* it passed: its approval is not compulsory */
    expect_status(
        post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{\"compulsory\":true}"),
        400);
    r = post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{}");
    it_expect(r, 200);
    ck_assert_ptr_nonnull(jstr(json_object_get(r->json, "application"), "ruling_due"));
    it_free(r);
    expect_status(post_at("/v1/plans/%s/ruling", plan, court(), "{\"approved\":true}"), 200);
    pay(plan, &k, &a, "30.00");
    pay(plan, &k, &b, "20.00");
    /* SZ-REO-TERMINATE ends a reorganization before approval, not an execution */
    r = post_at("/v1/plans/%s/termination", plan, court(),
                "{\"rule\":\"SZ-REO-TERMINATE\",\"ground\":\"deteriorating_finances\"}");
    it_expect(r, 409);
    it_free(r);
    expect_status(post_at("/v1/plans/%s/termination", plan, k.admin.token,
                          "{\"rule\":\"SZ-REO-DEFAULT\",\"ground\":\"non_execution\"}"),
                  403);
    r = post_at("/v1/plans/%s/termination", plan, court(),
                "{\"rule\":\"SZ-REO-DEFAULT\",\"ground\":\"non_execution\"}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "defaulted");
    const json_t *effects = json_object_get(json_object_get(r->json, "ended"), "effects");
    const json_t *order = json_object_get(effects, "catch_up_order");
    ck_assert_str_eq(json_string_value(json_array_get(order, 0)), cc.sub);
    ck_assert_str_eq(json_string_value(json_array_get(order, 1)), b.sub);
    ck_assert_str_eq(json_string_value(json_array_get(order, 2)), a.sub);
    const json_t *rows = json_object_get(effects, "creditors");
    ck_assert_str_eq(jstr(json_array_get(rows, 0), "reverted_claim"), "50.00");
    ck_assert_str_eq(jstr(json_array_get(rows, 0), "catch_up"), "15.00");
    ck_assert_str_eq(jstr(json_array_get(rows, 1), "reverted_claim"), "180.00");
    ck_assert_str_eq(jstr(json_array_get(rows, 1), "catch_up"), "40.00");
    ck_assert_str_eq(jstr(json_array_get(rows, 1), "unpaid_plan"), "60.00");
    ck_assert_str_eq(jstr(json_array_get(rows, 2), "reverted_claim"), "70.00");
    ck_assert_str_eq(jstr(json_array_get(rows, 2), "catch_up"), "0.00");
    it_free(r);
    expect_phase(k.id, "awaiting_declaration");
    expect_sql("SZ-REO-DEFAULT",
               "SELECT detail->>'rule' FROM case_acts WHERE case_id = '%s' AND kind = "
               "'reorganization_terminated'",
               k.id);
    free(body);
    free(cont);
    free(creditors);
}
END_TEST

/* ---- a third fails: compulsory approval refused naming the test, the court refuses ---- */

START_TEST(failed_plan_awaits_the_declaration)
{
    struct it_case k;
    announced_case(&k, "fail");
    struct it_party a, b;
    member(&k, &a, "fail-a", 10000, "ordinary", false);
    member(&k, &b, "fail-b", 10000, "ordinary", false);
    /* b recovers 10.00, below its estimate of 20.00 */
    char *creditors = it_fmt("{\"creditor\":\"%s\",\"liquidation_estimate\":\"5.00\"},"
                             "{\"creditor\":\"%s\",\"liquidation_estimate\":\"20.00\"}",
                             a.sub, b.sub);
    char *cont = content("{\"class\":\"ordinary\",\"adjustment\":\"10 %\",\"payments\":["
                         "{\"date\":\"2026-09-01\",\"amount\":\"20.00\"}]}",
                         creditors, "2026-09-01");
    char *body = it_fmt("{\"kind\":\"reorganization\",\"content\":%s}", cont);
    char plan[37], m[37], item[37];
    drafted(&k, body, plan);
    struct it_resp *r;
    /* approval before any vote */
    r = post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{}");
    it_expect(r, 409);
    it_free(r);
    noticed_meeting(&k, "2026-07-10", m);
    voting(plan, &k, m, item);
    ballot(item, &a, "for");
    ballot(item, &b, "against");
    expect_status(post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL), 200);
    r = post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{\"compulsory\":true}");
    expect_rule(r, "SZ-REO-CRAMDOWN");
    ck_assert_ptr_nonnull(strstr(it_str(r, "detail"), "SZ-REO-FAIR"));
    it_free(r);
    /* the period to apply has passed: ten days after the vote */
    char *sql = it_fmt("UPDATE deadlines SET due = '2026-06-14' WHERE case_id = '%s' AND "
                       "rule_id = 'SZ-REO-PASS'",
                       k.id);
    set_sql(sql);
    free(sql);
    r = post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{\"compulsory\":true}");
    expect_rule(r, "SZ-REO-PASS");
    it_free(r);
    r = post_at("/v1/plans/%s/ruling", plan, court(), "{\"approved\":false}");
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "state"), "failed");
    it_free(r);
    expect_phase(k.id, "awaiting_declaration");
    expect_sql("SZ-REO-FAIL",
               "SELECT detail->>'rule' FROM case_acts WHERE case_id = '%s' AND kind = "
               "'reorganization_failed'",
               k.id);
    /* nothing was lifted */
    ck_assert_int_eq(feed_changes(k.id, "lifted", "SZ-REO-LIFT"), 0);
    free(body);
    free(cont);
    free(creditors);
}
END_TEST

/* A case (under profile, NULL: the default) with one ordinary creditor a of 100.00 and the
 * debtor's plan paying it 50.00; the plan's id into plan. */
static void one_creditor_plan(struct it_case *k, struct it_party *a, const char *prefix,
                              const char *profile, char plan[37])
{
    announced_case(k, prefix);
    if (profile) {
        char *sql =
            it_fmt("UPDATE applications SET profile = '%s' WHERE id = '%s'", profile, k->id);
        set_sql(sql);
        free(sql);
    }
    char *sub = it_fmt("%s-a", prefix);
    member(k, a, sub, 10000, "ordinary", false);
    char *creditors = it_fmt("{\"creditor\":\"%s\",\"liquidation_estimate\":\"5.00\"}", a->sub);
    char *cont = content("{\"class\":\"ordinary\",\"adjustment\":\"50 %\",\"payments\":["
                         "{\"date\":\"2026-09-01\",\"amount\":\"50.00\"}]}",
                         creditors, "2026-09-01");
    char *body = it_fmt("{\"kind\":\"reorganization\",\"content\":%s}", cont);
    drafted(k, body, plan);
    free(body);
    free(cont);
    free(creditors);
    free(sub);
}

/* ---- under prc-draft-2000: 15 days to apply (PRC-REO-APPROVAL), 12 months to approve ---- */

START_TEST(prc_profile_periods)
{
    struct it_case k;
    struct it_party a;
    char plan[37], m[37], item[37];
    one_creditor_plan(&k, &a, "prc", "prc-draft-2000", plan);
    /* the check carries the profile's own limit */
    json_t *ch = NULL;
    struct it_resp *r = get_at("/v1/plans/%s/check", plan, a.token);
    it_expect(r, 200);
    ck_assert_str_eq(it_str(r, "profile"), "prc-draft-2000");
    size_t i;
    const json_t *x;
    json_array_foreach(json_object_get(r->json, "checks"), i,
                       x) if (strcmp(jstr(x, "rule"), "PRC-REO-PERIOD") == 0) ch =
        json_deep_copy(x);
    it_free(r);
    ck_assert_ptr_nonnull(ch);
    ck_assert(json_is_true(json_object_get(ch, "met")));
    ck_assert_str_eq(jstr(ch, "latest"), "2027-06-15");
    json_decref(ch);
    noticed_meeting(&k, "2026-07-10", m);
    voting(plan, &k, m, item);
    ballot(item, &a, "for");
    expect_status(post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL), 200);
    /* 15 days from the vote, not SZ-REO-PASS's 10 */
    expect_sql("2026-06-30",
               "SELECT due FROM deadlines WHERE case_id = '%s' AND rule_id = 'PRC-REO-APPROVAL'",
               k.id);
    r = post_at("/v1/plans/%s/approval-application", plan, k.debtor.token, "{}");
    it_expect(r, 200);
    /* Art. 105 sets no period for the court's ruling */
    ck_assert(json_is_null(json_object_get(json_object_get(r->json, "application"), "ruling_due")));
    it_free(r);
    /* the reorganization began more than 12 months ago: the approval comes too late */
    char *sql = it_fmt("UPDATE plans SET started_on = '2025-06-14' WHERE id = '%s'", plan);
    set_sql(sql);
    free(sql);
    r = post_at("/v1/plans/%s/ruling", plan, court(), "{\"approved\":true}");
    expect_rule(r, "PRC-REO-PERIOD");
    it_free(r);
    expect_phase(k.id, "reorganization");
}
END_TEST

/* ---- a plan's deadline waiting for 2027 is counted again when the court enters it ---- */

START_TEST(plan_deadline_redated_with_the_calendar)
{
    struct it_case k;
    struct it_party a;
    char plan[37], m[37], item[37];
    one_creditor_plan(&k, &a, "cal", NULL, plan);
    noticed_meeting(&k, "2026-07-10", m);
    voting(plan, &k, m, item);
    ballot(item, &a, "for");
    expect_status(post_at("/v1/meeting-items/%s/closing", item, k.admin.token, NULL), 200);
    /* the vote as if it had closed on 2026-12-28: ten days end in 2027, not entered yet */
    char *sql = it_fmt("UPDATE deadlines SET trigger_date = '2026-12-28', due = '2027-01-07', "
                       "provisional = true, missing_year = 2027 WHERE case_id = '%s' AND "
                       "rule_id = 'SZ-REO-PASS'",
                       k.id);
    set_sql(sql);
    free(sql);
    /* SZ-REO-PASS's own params name no period (its sub-rule does): the trace counts it */
    struct it_resp *r = it_call("PUT", "/v1/calendar/2027", court(),
                                "{\"source\":\"test\",\"days\":[{\"date\":\"2027-01-07\","
                                "\"kind\":\"holiday\",\"name\":\"Court closed (test)\"}]}",
                                NULL);
    it_expect(r, 200);
    it_free(r);
    expect_sql("2027-01-08 false",
               "SELECT due || ' ' || provisional FROM deadlines WHERE case_id = '%s' AND "
               "rule_id = 'SZ-REO-PASS'",
               k.id);
}
END_TEST

static Suite *reorganization_suite(void)
{
    Suite *s = suite_create("reorganization");
    TCase *tc = tcase_create("reorganization");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, reorganization_from_draft_to_hardship);
    tcase_add_test(tc, default_reverts_claims_and_orders_the_catch_up);
    tcase_add_test(tc, failed_plan_awaits_the_declaration);
    tcase_add_test(tc, prc_profile_periods);
    tcase_add_test(tc, plan_deadline_redated_with_the_calendar); /* last: it enters 2027 */
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, NULL};
IT_MAIN("reorganization", reorganization_suite, env)
